/* wr-store.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "wr-action.h"
#include "wr-observation.h"
#include "wr-scope.h"
#include "wr-service.h"
#include "wr-visit.h"

G_BEGIN_DECLS

#define WR_STORE_ERROR (wr_store_error_quark ())

typedef enum
{
  WR_STORE_ERROR_OPEN,
  WR_STORE_ERROR_DAMAGED,
  WR_STORE_ERROR_TOO_NEW,
  WR_STORE_ERROR_MIGRATE,
  WR_STORE_ERROR_WRITE,
  WR_STORE_ERROR_READ,
  WR_STORE_ERROR_NOT_FOUND,
  WR_STORE_ERROR_READ_ONLY,
  WR_STORE_ERROR_INVALID,
  WR_STORE_ERROR_FILTER,    /* a filter value is not valid: a bad date, kind or status */
} WrStoreError;

/**
 * WrStoreOpenFlags:
 * @WR_STORE_OPEN_DEFAULT: check the whole file at once after an unclean
 *   close
 * @WR_STORE_OPEN_DEFER_CHECK: leave that check to the caller (see
 *   wr_store_get_needs_check())
 */
typedef enum
{
  WR_STORE_OPEN_DEFAULT     = 0,
  WR_STORE_OPEN_DEFER_CHECK = 1 << 0,
} WrStoreOpenFlags;

#define WR_TYPE_STORE (wr_store_get_type ())

G_DECLARE_FINAL_TYPE (WrStore, wr_store, WR, STORE, GObject)

/* A person on a visit's team. */
typedef struct
{
  char *uuid;
  char *name;
  char *role;
} WrMember;

void wr_member_free (WrMember *member);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrMember, wr_member_free)

/* Which answer: a question, and for whom and in which repeat when the
 * section is answered per member or repeated. NULL or "" means none.
 */
typedef struct
{
  const char *question_id;
  const char *member_uuid;
  const char *repeat_uuid;
} WrAnswerKey;

typedef struct
{
  char *question_id;
  char *member_uuid;
  char *repeat_uuid;
  char *value;     /* NULL when unanswered */
  char *comment;
  char *modified;
} WrAnswer;

void wr_answer_free (WrAnswer *answer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrAnswer, wr_answer_free)

/* One filling of a repeatable section: a person spoken to, a room…
 * Repeats are in (position, uuid) order: position is a sort key, not a
 * number to show, since two devices that each added one may give both the
 * same position, and a removed repeat leaves a gap. A repeat's number is
 * its place among the live ones, from 1.
 */
typedef struct
{
  char  *uuid;
  char  *section_id;
  guint  position;
} WrRepeat;

void wr_repeat_free (WrRepeat *repeat);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrRepeat, wr_repeat_free)

/* A photo or document attached to a visit; the bytes are read on demand. */
typedef struct
{
  char   *uuid;
  char   *question_id;
  char   *file_name;
  char   *media_type;
  gint64  size;
  char   *sha256;
  char   *caption;
} WrAttachment;

void wr_attachment_free (WrAttachment *attachment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrAttachment, wr_attachment_free)

/**
 * WrCompletionConflict:
 * @id: the visit's row id (its conflict id is "c" and this number)
 * @visit_uuid: the visit
 * @completed_by: the device whose change completed it
 * @completed: when the visit was completed (its end), or "" if unknown
 * @rows: (element-type utf8): the rows changed on devices that had not
 *   seen the completion, named as merging names them ("answer QUESTION
 *   MEMBER REPEAT", "observation UUID"…)
 *
 * A completed visit that other devices changed without knowing it was
 * completed: the team chooses to complete it again as it now is, or to
 * reopen it.
 */
typedef struct
{
  gint64     id;
  char      *visit_uuid;
  char      *completed_by;
  char      *completed;
  GPtrArray *rows;
} WrCompletionConflict;

void wr_completion_conflict_free (WrCompletionConflict *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrCompletionConflict, wr_completion_conflict_free)

/**
 * WrDeletionConflict:
 * @id: its conflict id is "d" and this number
 * @visit_uuid: the visit
 * @row: "member" or "repeat"
 * @uuid: the team member's or the repeat's uuid
 * @name: (nullable): the member's name, or the repeat's section id; %NULL
 *   when this device holds only the removal, not what was removed
 * @position: the member's or repeat's position (a sort key)
 * @deleted_by: the device whose change removed it
 * @deleted: when it was removed
 * @rows: (element-type utf8): the answers and observations inside it
 *   that devices which had not seen the removal changed, named as merging
 *   names them ("answer QUESTION MEMBER REPEAT", "observation UUID")
 *
 * A team member or a repeat that one device removed while another, not
 * knowing, recorded inside it: the team chooses to bring it back with
 * what was recorded, or to keep it removed.
 */
typedef struct
{
  gint64     id;
  char      *visit_uuid;
  char      *row;
  char      *uuid;
  char      *name;
  gint64     position;
  char      *deleted_by;
  char      *deleted;
  GPtrArray *rows;
} WrDeletionConflict;

void wr_deletion_conflict_free (WrDeletionConflict *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrDeletionConflict, wr_deletion_conflict_free)

/* A section's compliance score: sums of the weights of met and of
 * applicable answers. applicable is 0 when nothing there is applicable.
 */
typedef struct
{
  const char *section_id;
  double      met;
  double      applicable;
} WrSectionScore;

/* A scored answer shown and not met, for one regulation ("12"), quality
 * statement ("safe-ipc") or key question ("safe") its question is linked
 * to: kind is "regulation", "statement" or "key-question".
 */
typedef struct
{
  const char *question_id;
  guint       repeat;
  const char *kind;
  const char *ref;
} WrUnmetAnswer;

/* A service's latest score, in percent, and its change in points since
 * the visit before on the same form.
 */
typedef struct
{
  gboolean has_latest;
  double   latest;
  gboolean has_change;
  double   change;
  char     form_id[64];
} WrServiceScore;

/* The largest attachment Walkround keeps, in bytes. */
#define WR_STORE_MAX_ATTACHMENT_SIZE (50 * 1024 * 1024)

/* How this database takes the signed packs of a device
 * (docs/evidence-pack.md, "Signatures").
 */
typedef enum
{
  WR_DEVICE_TRUST_UNKNOWN,  /* never seen: its packs need the user's consent */
  WR_DEVICE_TRUST_OWN,      /* this database's own key */
  WR_DEVICE_TRUST_TRUSTED,
  WR_DEVICE_TRUST_REVOKED,  /* its packs are refused */
} WrDeviceTrust;

/* A device's signing key as this database knows it. */
typedef struct
{
  char          *public_key;   /* base64 of the 32-byte Ed25519 public key */
  char          *fingerprint;  /* "3F2A 1B2C …": 8 groups of 4 hex digits */
  char          *device_id;    /* the device id it signed as */
  WrDeviceTrust  trust;
  char          *changed;      /* when it was trusted or revoked */
} WrDevice;

void        wr_device_free                  (WrDevice *device);
const char *wr_device_trust_to_string       (WrDeviceTrust trust);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrDevice, wr_device_free)

GQuark      wr_store_error_quark            (void);

WrStore    *wr_store_open                   (const char  *path,
                                             GError     **error) G_GNUC_WARN_UNUSED_RESULT;
WrStore    *wr_store_open_with_flags        (const char        *path,
                                             WrStoreOpenFlags   flags,
                                             GError           **error) G_GNUC_WARN_UNUSED_RESULT;
WrStore    *wr_store_open_default           (GError     **error) G_GNUC_WARN_UNUSED_RESULT;
WrStore    *wr_store_open_default_with_flags (WrStoreOpenFlags   flags,
                                              GError           **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    wr_store_get_needs_check        (WrStore     *self);
const GError *wr_store_get_damage           (WrStore     *self);
gboolean    wr_store_check                  (WrStore       *self,
                                             GCancellable  *cancellable,
                                             GError       **error);
void        wr_store_check_async            (WrStore             *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean    wr_store_check_finish           (WrStore       *self,
                                             GAsyncResult  *result,
                                             GError       **error);
WrStore    *wr_store_open_another           (WrStore     *self,
                                             GError     **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    wr_store_count_visits           (WrStore        *self,
                                             const WrScope  *scope,
                                             guint          *n_visits,
                                             GError        **error);
void        wr_store_announce_changes_elsewhere (WrStore *self);
const char *wr_store_get_path               (WrStore     *self);
const char *wr_store_get_device_id         (WrStore     *self);
const char *wr_store_get_backup_path        (WrStore     *self);
gboolean    wr_store_get_report_settings   (WrStore     *self,
                                             char       **organisation,
                                             char       **marking,
                                             GError     **error);
gboolean    wr_store_set_report_settings   (WrStore     *self,
                                             const char  *organisation,
                                             const char  *marking,
                                             GError     **error);
void        wr_store_set_user               (WrStore     *self,
                                             const char  *user);
const char *wr_store_get_user               (WrStore     *self);
gboolean    wr_store_begin_batch            (WrStore     *self,
                                             GError     **error);
gboolean    wr_store_commit_batch           (WrStore     *self,
                                             GError     **error);
void        wr_store_abort_batch            (WrStore     *self);

GPtrArray  *wr_store_list_devices           (WrStore     *self,
                                             GError     **error) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray  *wr_store_revoke_device          (WrStore     *self,
                                             const char  *id,
                                             GError     **error) G_GNUC_WARN_UNUSED_RESULT;
WrDevice   *wr_store_trust_fingerprint      (WrStore     *self,
                                             const char  *fingerprint,
                                             GError     **error) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray  *wr_store_list_expected_devices  (WrStore     *self,
                                             GError     **error) G_GNUC_WARN_UNUSED_RESULT;
char       *wr_device_normalise_fingerprint (const char  *text) G_GNUC_WARN_UNUSED_RESULT;

WrService  *wr_store_add_service            (WrStore                *self,
                                             const WrServiceFields  *fields,
                                             GError                **error) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray  *wr_store_add_services           (WrStore                *self,
                                             const WrServiceFields  *fields,
                                             guint                   n_fields,
                                             GError                **error) G_GNUC_WARN_UNUSED_RESULT;
WrService  *wr_store_update_service         (WrStore                *self,
                                             gint64                  service_id,
                                             const WrServiceFields  *fields,
                                             GError                **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    wr_store_set_service_archived   (WrStore                *self,
                                             gint64                  service_id,
                                             gboolean                archived,
                                             GError                **error);
WrService  *wr_store_get_service            (WrStore                *self,
                                             gint64                  service_id,
                                             GError                **error) G_GNUC_WARN_UNUSED_RESULT;
GListModel *wr_store_list_services          (WrStore                *self,
                                             gboolean                include_archived,
                                             GError                **error) G_GNUC_WARN_UNUSED_RESULT;


WrVisit    *wr_store_create_visit           (WrStore                *self,
                                             const WrVisitFields    *fields,
                                             GError                **error) G_GNUC_WARN_UNUSED_RESULT;
WrVisit    *wr_store_get_visit              (WrStore                *self,
                                             const char             *visit_uuid,
                                             GError                **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    wr_store_complete_visit         (WrStore                *self,
                                             const char             *visit_uuid,
                                             GError                **error);
gboolean    wr_store_reopen_visit           (WrStore                *self,
                                             const char             *visit_uuid,
                                             GError                **error);
GPtrArray  *wr_store_list_completion_conflicts (WrStore             *self,
                                             const char             *visit_uuid,
                                             GError                **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    wr_store_complete_again         (WrStore                *self,
                                             gint64                  conflict_id,
                                             GError                **error);
GPtrArray  *wr_store_list_deletion_conflicts (WrStore               *self,
                                             const char             *visit_uuid,
                                             GError                **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    wr_store_resolve_deletion       (WrStore                *self,
                                             gint64                  conflict_id,
                                             gboolean                restore,
                                             GError                **error);
gboolean    wr_store_delete_visit           (WrStore                *self,
                                             const char             *visit_uuid,
                                             GError                **error);
gboolean    wr_store_restore_visit          (WrStore                *self,
                                             const char             *visit_uuid,
                                             GError                **error);
gboolean    wr_store_set_visit_progress     (WrStore                *self,
                                             const char             *visit_uuid,
                                             guint                   answered,
                                             guint                   required,
                                             GError                **error);
gboolean    wr_store_set_visit_scores       (WrStore                *self,
                                             const char             *visit_uuid,
                                             double                  met,
                                             double                  applicable,
                                             const WrSectionScore   *sections,
                                             guint                   n_sections,
                                             const WrUnmetAnswer    *unmet,
                                             guint                   n_unmet,
                                             GError                **error);
GHashTable *wr_store_list_section_scores    (WrStore                *self,
                                             const char             *visit_uuid,
                                             GError                **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    wr_store_get_service_score      (WrStore                *self,
                                             gint64                  service_id,
                                             WrServiceScore         *score,
                                             GError                **error);
WrVisit    *wr_store_find_previous_visit    (WrStore                *self,
                                             const char             *visit_uuid,
                                             GError                **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    wr_store_change_visit_form      (WrStore                *self,
                                             const char             *visit_uuid,
                                             guint                   form_version,
                                             const char             *form_sha256,
                                             const char * const     *dropped_question_ids,
                                             const char * const     *dropped_section_ids,
                                             GError                **error);

char       *wr_store_add_member             (WrStore                *self,
                                             const char             *visit_uuid,
                                             const char             *name,
                                             const char             *role,
                                             GError                **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    wr_store_remove_member          (WrStore                *self,
                                             const char             *visit_uuid,
                                             const char             *member_uuid,
                                             GError                **error);
GPtrArray  *wr_store_list_members           (WrStore                *self,
                                             const char             *visit_uuid,
                                             GError                **error) G_GNUC_WARN_UNUSED_RESULT;
char       *wr_store_get_my_member          (WrStore                *self,
                                             const char             *visit_uuid,
                                             GError                **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    wr_store_set_my_member          (WrStore                *self,
                                             const char             *visit_uuid,
                                             const char             *member_uuid,
                                             GError                **error);
char       *wr_store_get_device_member      (WrStore                *self,
                                             const char             *visit_uuid,
                                             const char             *device_id,
                                             GError                **error) G_GNUC_WARN_UNUSED_RESULT;

char       *wr_store_add_repeat             (WrStore                *self,
                                             const char             *visit_uuid,
                                             const char             *section_id,
                                             GError                **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    wr_store_delete_repeat          (WrStore                *self,
                                             const char             *visit_uuid,
                                             const char             *repeat_uuid,
                                             gboolean                deleted,
                                             GError                **error);
gboolean    wr_store_move_repeat            (WrStore                *self,
                                             const char             *visit_uuid,
                                             const char             *repeat_uuid,
                                             guint                   position,
                                             GError                **error);
GPtrArray  *wr_store_list_repeats           (WrStore                *self,
                                             const char             *visit_uuid,
                                             GError                **error) G_GNUC_WARN_UNUSED_RESULT;

gboolean    wr_store_set_answer             (WrStore                *self,
                                             const char             *visit_uuid,
                                             const WrAnswerKey      *key,
                                             const char             *value,
                                             gboolean                free_text,
                                             GError                **error);
gboolean    wr_store_set_answer_comment     (WrStore                *self,
                                             const char             *visit_uuid,
                                             const WrAnswerKey      *key,
                                             const char             *comment,
                                             GError                **error);
GPtrArray  *wr_store_list_answers           (WrStore                *self,
                                             const char             *visit_uuid,
                                             GError                **error) G_GNUC_WARN_UNUSED_RESULT;

char       *wr_store_add_observation        (WrStore                    *self,
                                             const char                 *visit_uuid,
                                             const WrObservationFields  *fields,
                                             GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    wr_store_update_observation     (WrStore                    *self,
                                             const char                 *observation_uuid,
                                             const WrObservationFields  *fields,
                                             GError                    **error);
gboolean    wr_store_delete_observation     (WrStore                    *self,
                                             const char                 *observation_uuid,
                                             gboolean                    deleted,
                                             GError                    **error);
GListModel *wr_store_list_observations      (WrStore                    *self,
                                             const char                 *visit_uuid,
                                             GError                    **error) G_GNUC_WARN_UNUSED_RESULT;

char       *wr_store_add_action             (WrStore                    *self,
                                             const char                 *visit_uuid,
                                             const WrActionFields       *fields,
                                             GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    wr_store_update_action          (WrStore                    *self,
                                             const char                 *action_uuid,
                                             const WrActionFields       *fields,
                                             GError                    **error);
gboolean    wr_store_set_action_status      (WrStore                    *self,
                                             const char                 *action_uuid,
                                             WrActionStatus              status,
                                             GError                    **error);
gboolean    wr_store_delete_action          (WrStore                    *self,
                                             const char                 *action_uuid,
                                             gboolean                    deleted,
                                             GError                    **error);
GListModel *wr_store_list_actions           (WrStore                    *self,
                                             const char                 *visit_uuid,
                                             GError                    **error) G_GNUC_WARN_UNUSED_RESULT;

char       *wr_store_add_attachment         (WrStore                    *self,
                                             const char                 *visit_uuid,
                                             const char                 *question_id,
                                             const char                 *file_name,
                                             const char                 *media_type,
                                             GBytes                     *data,
                                             const char                 *caption,
                                             GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    wr_store_delete_attachment      (WrStore                    *self,
                                             const char                 *attachment_uuid,
                                             gboolean                    deleted,
                                             GError                    **error);
GPtrArray  *wr_store_list_attachments       (WrStore                    *self,
                                             const char                 *visit_uuid,
                                             GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
GBytes     *wr_store_get_attachment_data    (WrStore                    *self,
                                             const char                 *attachment_uuid,
                                             GError                    **error) G_GNUC_WARN_UNUSED_RESULT;

/* Syncing with the organisation store (wr-store-sync.c). */
typedef struct
{
  gint64  id;
  char   *uuid;
} WrStoreVisitRef;

void        wr_store_visit_ref_clear        (WrStoreVisitRef            *ref);
char       *wr_store_get_sync_value         (WrStore                    *self,
                                             const char                 *key,
                                             GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    wr_store_set_sync_values        (WrStore                    *self,
                                             const char * const         *keys,
                                             const char * const         *values,
                                             GError                    **error);
GArray     *wr_store_list_changed_here      (WrStore                    *self,
                                             const char                 *since,
                                             char                      **now,
                                             GError                    **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
