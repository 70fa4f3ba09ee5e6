/* wr-store-private.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "wr-autocleanups.h"
#include "wr-scope.h"
#include "wr-store.h"

G_BEGIN_DECLS

/* The store's own helpers, shared by its wr-store-*.c files. All SQL lives
 * in those files; nothing else in Walkround sees an sqlite3 handle.
 */
guint         _wr_store_schema_get_latest_version (void);
const char   *_wr_store_schema_get_migration      (guint         from_version);
gboolean      _wr_store_schema_get_rewrite        (guint         from_version,
                                                   guint         index,
                                                   const char  **table,
                                                   const char  **before,
                                                   const char  **after);

/* A statement from the store's cache. Declared with g_autoptr() it is reset
 * when it goes out of scope, so no read transaction is left open by a
 * SELECT that stopped early.
 */
/* A statement of the store's cache: g_autoptr() resets it and forgets
 * its bindings when it goes out of scope, so that text bound with
 * SQLITE_STATIC need only outlive the statement's use.
 */
typedef sqlite3_stmt WrCachedStmt;
void          _wr_store_release                   (WrCachedStmt *stmt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrCachedStmt, _wr_store_release)

sqlite3      *_wr_store_get_db                    (WrStore      *self);
WrCachedStmt *_wr_store_prepare                   (WrStore      *self,
                                                   const char   *sql,
                                                   GError      **error);
gboolean      _wr_store_begin                     (WrStore      *self,
                                                   GError      **error);
gboolean      _wr_store_commit                    (WrStore      *self,
                                                   GError      **error);
void          _wr_store_rollback                  (WrStore      *self);
void          _wr_store_note_change               (WrStore      *self,
                                                   const char   *entity,
                                                   const char   *visit_uuid);
gboolean      _wr_store_step_done                 (WrStore      *self,
                                                   sqlite3_stmt *stmt,
                                                   GError      **error);
void          _wr_store_set_error                 (WrStore      *self,
                                                   GError      **error,
                                                   WrStoreError  code,
                                                   const char   *what);
void          _wr_store_set_result_error          (WrStore      *self,
                                                   GError      **error,
                                                   WrStoreError  code,
                                                   const char   *what,
                                                   int           rc);
gboolean      _wr_store_audit                     (WrStore      *self,
                                                   const char   *visit_uuid,
                                                   const char   *entity,
                                                   const char   *entity_id,
                                                   const char   *field,
                                                   const char   *old_value,
                                                   const char   *new_value,
                                                   GError      **error);
char         *_wr_store_now                       (void);
char         *_wr_store_json_array                (const char * const *strv);
char         *_wr_store_like_pattern              (const char   *text);
gboolean      _wr_store_find_visit                (WrStore      *self,
                                                   const char   *visit_uuid,
                                                   gint64       *visit_id,
                                                   char        **status,
                                                   GError      **error);
gboolean      _wr_store_touch_visit               (WrStore      *self,
                                                   gint64        visit_id,
                                                   const char   *now,
                                                   GError      **error);
gboolean      _wr_store_begin_visit_change        (WrStore      *self,
                                                   const char   *visit_uuid,
                                                   const char   *now,
                                                   gint64       *visit_id,
                                                   GError      **error);
gboolean      _wr_store_take_change               (WrStore      *self,
                                                   gint64        visit_id,
                                                   GError      **error);
gboolean      _wr_store_mark_change               (WrStore      *self,
                                                   const char   *table,
                                                   gint64        row_id,
                                                   GError      **error);
gint64        _wr_store_get_change_number         (WrStore      *self);
gboolean      _wr_store_mark_changed_here         (WrStore      *self,
                                                   gint64        visit_id,
                                                   GError      **error);
gint64        _wr_store_get_change_visit          (WrStore      *self);
void          _wr_store_set_change                (WrStore      *self,
                                                   gint64        visit_id,
                                                   gint64        change_number);
gboolean      _wr_store_index_text                (WrStore      *self,
                                                   gint64        rowid,
                                                   gint64        visit_id,
                                                   const char   *body,
                                                   GError      **error);
gboolean      _wr_store_index_person              (WrStore      *self,
                                                   gint64        member_id,
                                                   gint64        visit_id,
                                                   const char   *name,
                                                   GError      **error);
gboolean      _wr_store_index_answer              (WrStore      *self,
                                                   gint64        answer_id,
                                                   gint64        visit_id,
                                                   const char   *value,
                                                   const char   *comment,
                                                   gboolean      free_text,
                                                   GError      **error);
gboolean      _wr_store_check_service_fields      (const WrServiceFields  *fields,
                                                   GError                **error);
gboolean      _wr_store_check_text                (const char   *text,
                                                   gsize         max_chars,
                                                   const char   *what,
                                                   GError      **error);
const char   *_wr_store_column_text               (sqlite3_stmt *stmt,
                                                   int           column);
char         *_wr_store_column_dup                (sqlite3_stmt *stmt,
                                                   int           column);
GStrv         _wr_store_column_strv               (sqlite3_stmt *stmt,
                                                   int           column);

typedef gpointer (*WrStoreRowFunc) (sqlite3_stmt *stmt);

GPtrArray    *_wr_store_list_for_visit            (WrStore        *self,
                                                   const char     *sql,
                                                   const char     *visit_uuid,
                                                   WrStoreRowFunc  from_row,
                                                   GDestroyNotify  free_item,
                                                   const char     *message,
                                                   GError        **error);

/* The columns _wr_store_service_from_row() reads, in order. */
#define WR_STORE_SERVICE_COLUMNS "id, uuid, name, directorate, site, type, cqc_location_id, archived"

WrService    *_wr_store_service_from_row          (sqlite3_stmt   *stmt);

/* An observation, answer or link in a repeat that still exists, or in
 * none: what an export holds.
 */
/* An answer's key as wr-pack-merge.c names rows: "answer QUESTION MEMBER
 * REPEAT", "-" for no member or repeat.
 */
#define WR_STORE_ANSWER_KEY \
  "'answer ' || question_id || ' ' || CASE member_uuid WHEN '' THEN '-' ELSE member_uuid END" \
  " || ' ' || CASE repeat_uuid WHEN '' THEN '-' ELSE repeat_uuid END"

#define WR_STORE_LIVE_REPEAT(alias) \
  "(" alias ".repeat_uuid = '' OR EXISTS (SELECT 1 FROM repeats r" \
  " WHERE r.uuid = " alias ".repeat_uuid AND r.deleted IS NULL))"

sqlite3_stmt *_wr_store_prepare_scoped            (WrStore        *self,
                                                   const char     *select,
                                                   const WrScope  *filter,
                                                   const char     *rest,
                                                   GError        **error);

/* What scoring a visit needs (wr-store-scores.c). */
typedef struct
{
  gint64     id;
  char      *uuid;
  char      *form_id;
  guint      form_version;
  char      *form_sha256;
  GPtrArray *answers;   /* of WrAnswer, the answered ones */
  GPtrArray *repeats;   /* of WrRepeat, by section and position */
} WrScoringVisit;

void          _wr_scoring_visit_clear             (WrScoringVisit *visit);
GArray       *_wr_store_list_unscored             (WrStore        *self,
                                                   GError        **error);
gboolean      _wr_store_read_for_scoring          (WrStore        *self,
                                                   gint64          visit_id,
                                                   WrScoringVisit *visit,
                                                   GError        **error);
gboolean      _wr_store_write_scores              (WrStore              *self,
                                                   gint64                visit_id,
                                                   double                met,
                                                   double                applicable,
                                                   const WrSectionScore *sections,
                                                   guint                 n_sections,
                                                   const WrUnmetAnswer  *unmet,
                                                   guint                 n_unmet,
                                                   GError              **error);

/* Rows written whole, without an audit entry each: for generated demo data
 * and (later) evidence packs, inside a batch. The caller gives the uuids
 * and times; nothing is checked that the public API would check.
 */
typedef struct
{
  const char *uuid;
  const char *kind;
  const char *form_id;
  guint       form_version;
  const char *form_sha256;
  gint64      service_id;
  const char *started;     /* ISO 8601 with offset */
  const char *start_date;  /* YYYY-MM-DD */
  const char *ended;
  const char *status;
  guint       revision;
  const char *device_id;
  const char *modified;
} WrBulkVisit;

gint64        _wr_store_bulk_service              (WrStore            *self,
                                                   const char         *uuid,
                                                   const WrServiceFields *fields,
                                                   const char         *now,
                                                   GError            **error);
gint64        _wr_store_bulk_visit                (WrStore            *self,
                                                   const WrBulkVisit  *visit,
                                                   GError            **error);
gboolean      _wr_store_bulk_visit_progress       (WrStore            *self,
                                                   gint64              visit_id,
                                                   guint               answered,
                                                   guint               required,
                                                   GError            **error);
gboolean      _wr_store_bulk_member               (WrStore            *self,
                                                   gint64              visit_id,
                                                   const char         *uuid,
                                                   const char         *name,
                                                   const char         *role,
                                                   guint               position,
                                                   GError            **error);
gboolean      _wr_store_bulk_repeat               (WrStore            *self,
                                                   gint64              visit_id,
                                                   const char         *section_id,
                                                   const char         *uuid,
                                                   guint               position,
                                                   const char         *modified,
                                                   GError            **error);
gboolean      _wr_store_bulk_answer               (WrStore            *self,
                                                   gint64              visit_id,
                                                   const WrAnswerKey  *key,
                                                   const char         *value,
                                                   const char         *comment,
                                                   gboolean            free_text,
                                                   const char         *modified,
                                                   const char         *device_id,
                                                   GError            **error);
gint64        _wr_store_bulk_observation          (WrStore            *self,
                                                   gint64              visit_id,
                                                   const char         *uuid,
                                                   const WrObservationFields *fields,
                                                   const char         *modified,
                                                   const char         *device_id,
                                                   GError            **error);
gboolean      _wr_store_bulk_action               (WrStore            *self,
                                                   gint64              visit_id,
                                                   const char         *uuid,
                                                   const WrActionFields *fields,
                                                   const char         *status,
                                                   const char         *modified,
                                                   const char         *device_id,
                                                   GError            **error);
gboolean      _wr_store_bulk_attachment           (WrStore            *self,
                                                   gint64              visit_id,
                                                   const char         *uuid,
                                                   const char         *question_id,
                                                   const char         *file_name,
                                                   const char         *media_type,
                                                   GBytes             *data,
                                                   const char         *caption,
                                                   const char         *modified,
                                                   const char         *device_id,
                                                   GError            **error);
gboolean      _wr_store_bulk_audit                (WrStore            *self,
                                                   const char         *visit_uuid,
                                                   const char         *entity,
                                                   const char         *entity_id,
                                                   const char         *field,
                                                   const char         *new_value,
                                                   GError            **error);

/* Reading for the evidence pack writer (wr-store-export.c): each function
 * calls @func once per row, in a fixed order, and stops at the first
 * callback that returns FALSE with its error. A row's strings belong to
 * SQLite and last only until the callback returns, so nothing is copied
 * and memory does not grow with the number of rows. Optional text is ""
 * when empty; ended, due and an answer's value are NULL when unset. Call
 * them between _wr_store_begin_read() and _wr_store_end_read() so that
 * they all see one snapshot.
 */
typedef struct
{
  const char *form_id;
  guint       form_version;
  const char *form_sha256;
} WrExportForm;

typedef struct
{
  const char *uuid;
  const char *name;
  const char *directorate;
  const char *site;
  const char *type;
  const char *cqc_location_id;
  gboolean    archived;
  const char *created;
  const char *modified;
} WrExportService;

typedef struct
{
  gint64      id;
  const char *uuid;
  guint       revision;
  const char *kind;
  const char *status;
  const char *started;
  const char *ended;
  const char *form_id;
  guint       form_version;
  const char *form_sha256;
  const char *service_uuid;
  const char *device_id;
  const char *created;
  const char *modified;
  /* Format version 4: the change that last wrote the visit's own fields,
   * and its clock ("" when every row is from before histories).
   */
  const char *change_device;
  gint64      change_number;
  const char *clock;
  /* Format version 5: its clock when it was completed, if it is. */
  const char *completed_clock;
} WrExportVisit;

/* What a pack carries of a visit, from "visits v". A clock naming only
 * changes from before histories is the devices of the rows (see
 * _wr_store_import_fill_clock()), and is left out.
 */
#define WR_STORE_EXPORT_VISIT_COLUMNS \
  "v.id, v.uuid, v.revision, v.kind, v.status, v.started, v.ended," \
  " v.form_id, v.form_version, v.form_sha256," \
  " (SELECT uuid FROM services WHERE id = v.service_id)," \
  " v.device_id, v.created, v.modified, v.change_device, v.change_number," \
  " CASE WHEN EXISTS (SELECT 1 FROM visit_clocks WHERE visit_id = v.id AND counter > 0)" \
  " THEN (SELECT group_concat (entry, ' ') FROM" \
  "        (SELECT device_id || ':' || counter AS entry FROM visit_clocks" \
  "          WHERE visit_id = v.id ORDER BY device_id)) END," \
  " v.completed_clock"

WrExportVisit _wr_store_export_visit_row (sqlite3_stmt *stmt);

typedef struct
{
  const char *uuid;
  const char *name;
  const char *role;
  guint       position;
  const char *modified;       /* format version 4, with the two below */
  const char *device_id;
  gint64      change_number;  /* 0: from before histories */
} WrExportMember;

typedef struct
{
  const char *uuid;
  const char *section_id;
  guint       position;
  const char *modified;
  const char *device_id;      /* format version 4, with the one below */
  gint64      change_number;  /* 0: from before histories */
} WrExportRepeat;

typedef struct
{
  const char *question_id;
  const char *member_uuid;
  const char *repeat_uuid;
  const char *value;
  const char *comment;
  gboolean    free_text;
  const char *modified;
  const char *device_id;
  gint64      change_number;  /* format version 4; 0: from before histories */
} WrExportAnswer;

typedef struct
{
  gint64      id;
  const char *uuid;
  const char *question_id;
  const char *member_uuid;
  const char *repeat_uuid;
  const char *text;
  const char *kind;
  const char *voice;
  const char *category;
  const char *created;
  const char *modified;
  const char *device_id;
  gint64      change_number;  /* format version 4; 0: from before histories */
} WrExportObservation;

typedef struct
{
  const char *kind;
  const char *ref;
} WrExportLink;

typedef struct
{
  const char *uuid;
  const char *text;
  const char *owner;
  const char *due;
  const char *status;
  const char *observation_uuid;
  const char *question_id;
  const char *created;
  const char *modified;
  const char *device_id;
  const char *repeat_uuid;  /* format version 3; "" or NULL outside repeats */
  gint64      change_number;  /* format version 4; 0: from before histories */
} WrExportAction;

typedef struct
{
  gint64      id;
  const char *uuid;
  const char *question_id;
  const char *file_name;
  const char *media_type;
  gint64      size;
  const char *sha256;
  const char *caption;
  const char *created;
  const char *modified;
  const char *device_id;
  gint64      change_number;  /* format version 4; 0: from before histories */
} WrExportAttachment;

typedef gboolean (*WrExportFormFunc)        (const WrExportForm        *row,
                                             gpointer                   user_data,
                                             GError                   **error);
typedef gboolean (*WrExportServiceFunc)     (const WrExportService     *row,
                                             gpointer                   user_data,
                                             GError                   **error);
typedef gboolean (*WrExportVisitFunc)       (const WrExportVisit       *row,
                                             gpointer                   user_data,
                                             GError                   **error);
typedef gboolean (*WrExportMemberFunc)      (const WrExportMember      *row,
                                             gpointer                   user_data,
                                             GError                   **error);
typedef gboolean (*WrExportRepeatFunc)      (const WrExportRepeat      *row,
                                             gpointer                   user_data,
                                             GError                   **error);
typedef gboolean (*WrExportAnswerFunc)      (const WrExportAnswer      *row,
                                             gpointer                   user_data,
                                             GError                   **error);
typedef gboolean (*WrExportObservationFunc) (const WrExportObservation *row,
                                             gpointer                   user_data,
                                             GError                   **error);
typedef gboolean (*WrExportLinkFunc)        (const WrExportLink        *row,
                                             gpointer                   user_data,
                                             GError                   **error);
typedef gboolean (*WrExportActionFunc)      (const WrExportAction      *row,
                                             gpointer                   user_data,
                                             GError                   **error);
typedef gboolean (*WrExportAttachmentFunc)  (const WrExportAttachment  *row,
                                             gpointer                   user_data,
                                             GError                   **error);
/* Support requests and reviews (wr-store-review.c). */
typedef struct
{
  const char *uuid;
  const char *section_id;
  const char *domain;
  const char *text;
  const char *requested;
  const char *status;
  const char *owner;
  const char *created;
  const char *modified;
  const char *device_id;
  gint64      change_number;  /* format version 4; 0: from before histories */
} WrExportSupportRequest;

typedef struct
{
  const char *uuid;
  const char *decision;
  const char *reviewer;
  const char *comment;
  const char *created;
  const char *modified;
  const char *device_id;
  gint64      change_number;  /* format version 4; 0: from before histories */
} WrExportReview;

typedef gboolean (*WrExportSupportRequestFunc) (const WrExportSupportRequest *row,
                                                gpointer                      user_data,
                                                GError                      **error);
typedef gboolean (*WrExportReviewFunc)      (const WrExportReview      *row,
                                             gpointer                   user_data,
                                             GError                   **error);
typedef gboolean (*WrExportChunkFunc)       (const guint8              *data,
                                             gsize                      len,
                                             gpointer                   user_data,
                                             GError                   **error);

gboolean      _wr_store_begin_read                (WrStore                 *self,
                                                   gboolean                *began,
                                                   GError                 **error);
void          _wr_store_end_read                  (WrStore                 *self,
                                                   gboolean                 began);
gboolean      _wr_store_export_count_visits       (WrStore                 *self,
                                                   const WrScope      *filter,
                                                   guint                   *n_visits,
                                                   GError                 **error);
gboolean      _wr_store_export_forms              (WrStore                 *self,
                                                   const WrScope      *filter,
                                                   WrExportFormFunc         func,
                                                   gpointer                 user_data,
                                                   GError                 **error);
gboolean      _wr_store_export_services           (WrStore                 *self,
                                                   const WrScope      *filter,
                                                   WrExportServiceFunc      func,
                                                   gpointer                 user_data,
                                                   GError                 **error);
gboolean      _wr_store_export_visits             (WrStore                 *self,
                                                   const WrScope      *filter,
                                                   WrExportVisitFunc        func,
                                                   gpointer                 user_data,
                                                   GError                 **error);
gboolean      _wr_store_export_members            (WrStore                 *self,
                                                   gint64                   visit_id,
                                                   WrExportMemberFunc       func,
                                                   gpointer                 user_data,
                                                   GError                 **error);
gboolean      _wr_store_export_repeats            (WrStore                 *self,
                                                   gint64                   visit_id,
                                                   WrExportRepeatFunc       func,
                                                   gpointer                 user_data,
                                                   GError                 **error);
gboolean      _wr_store_export_answers            (WrStore                 *self,
                                                   gint64                   visit_id,
                                                   WrExportAnswerFunc       func,
                                                   gpointer                 user_data,
                                                   GError                 **error);
gboolean      _wr_store_export_observations       (WrStore                 *self,
                                                   gint64                   visit_id,
                                                   WrExportObservationFunc  func,
                                                   gpointer                 user_data,
                                                   GError                 **error);
gboolean      _wr_store_export_links              (WrStore                 *self,
                                                   gint64                   observation_id,
                                                   WrExportLinkFunc         func,
                                                   gpointer                 user_data,
                                                   GError                 **error);
gboolean      _wr_store_export_actions            (WrStore                 *self,
                                                   gint64                   visit_id,
                                                   WrExportActionFunc       func,
                                                   gpointer                 user_data,
                                                   GError                 **error);
gboolean      _wr_store_export_attachments        (WrStore                 *self,
                                                   gint64                   visit_id,
                                                   WrExportAttachmentFunc   func,
                                                   gpointer                 user_data,
                                                   GError                 **error);
gboolean      _wr_store_export_attachment_data    (WrStore                 *self,
                                                   gint64                   attachment_id,
                                                   gsize                    chunk_size,
                                                   WrExportChunkFunc        func,
                                                   gpointer                 user_data,
                                                   GError                 **error);
gboolean      _wr_store_export_support_requests   (WrStore                     *self,
                                                   gint64                       visit_id,
                                                   WrExportSupportRequestFunc   func,
                                                   gpointer                     user_data,
                                                   GError                     **error);
gboolean      _wr_store_export_reviews            (WrStore                 *self,
                                                   gint64                   visit_id,
                                                   WrExportReviewFunc       func,
                                                   gpointer                 user_data,
                                                   GError                 **error);
gboolean      _wr_store_import_support_request    (WrStore                       *self,
                                                   gint64                         visit_id,
                                                   const WrExportSupportRequest  *row,
                                                   GError                       **error);
gboolean      _wr_store_import_review             (WrStore                 *self,
                                                   gint64                   visit_id,
                                                   const WrExportReview    *row,
                                                   GError                 **error);
gboolean      _wr_store_export_add_seen           (WrStore                 *self,
                                                   const char              *pairs,
                                                   gsize                    len,
                                                   GError                 **error);

/* Writing what an evidence pack brings (wr-store-import.c), inside the
 * import's one transaction; the rows are the writer's row types, filled
 * from the pack. Ids of rows not yet in the database are ignored.
 */
typedef struct
{
  gint64      id;
  const char *visit_uuid;
  guint       revision;
  const char *digest;
  const char *detected;
  const char *source;
  const char *content;   /* the pack's <visit> element; NULL when listing */
} WrImportConflict;

typedef void     (*WrImportConflictFunc)     (const WrImportConflict  *row,
                                              gpointer                 user_data);
typedef gboolean (*WrImportConflictReadFunc) (const WrImportConflict  *row,
                                              gsize                    content_len,
                                              gpointer                 user_data,
                                              GError                 **error);

gboolean      _wr_store_import_begin_texts        (WrStore                    *self,
                                                   GError                    **error);
gboolean      _wr_store_import_index_texts        (WrStore                    *self,
                                                   GError                    **error);
gboolean      _wr_store_import_write_out          (WrStore                    *self,
                                                   GError                    **error);
gboolean      _wr_store_import_find_visit         (WrStore                    *self,
                                                   const char                 *uuid,
                                                   gint64                     *id,
                                                   guint                      *revision,
                                                   GError                    **error);
gboolean      _wr_store_import_is_seen            (WrStore                    *self,
                                                   const char                 *uuid,
                                                   const char                 *digest,
                                                   gboolean                   *seen,
                                                   GError                    **error);
gboolean      _wr_store_import_add_seen           (WrStore                    *self,
                                                   const char                 *uuid,
                                                   const char                 *digest,
                                                   GError                    **error);
gboolean      _wr_store_import_read_visit         (WrStore                    *self,
                                                   gint64                      visit_id,
                                                   WrExportVisitFunc           func,
                                                   gpointer                    user_data,
                                                   GError                    **error);
gboolean      _wr_store_import_find_service       (WrStore                    *self,
                                                   const char                 *uuid,
                                                   gint64                     *id,
                                                   GError                    **error);
gint64        _wr_store_import_service            (WrStore                    *self,
                                                   const WrExportService      *row,
                                                   GError                    **error);
gint64        _wr_store_import_visit              (WrStore                    *self,
                                                   gint64                      replace_id,
                                                   const WrExportVisit        *row,
                                                   gint64                      service_id,
                                                   GError                    **error);
gboolean      _wr_store_import_fill_clock         (WrStore                    *self,
                                                   gint64                      visit_id,
                                                   const char * const         *devices,
                                                   GError                    **error);
gboolean      _wr_store_import_member             (WrStore                    *self,
                                                   gint64                      visit_id,
                                                   const WrExportMember       *row,
                                                   GError                    **error);
gboolean      _wr_store_import_repeat             (WrStore                    *self,
                                                   gint64                      visit_id,
                                                   const WrExportRepeat       *row,
                                                   GError                    **error);
gboolean      _wr_store_import_answers            (WrStore                    *self,
                                                   gint64                      visit_id,
                                                   const WrExportAnswer       *rows,
                                                   guint                       n,
                                                   GError                    **error);
gint64        _wr_store_import_observation        (WrStore                    *self,
                                                   gint64                      visit_id,
                                                   const WrExportObservation  *row,
                                                   GError                    **error);
gboolean      _wr_store_import_link               (WrStore                    *self,
                                                   gint64                      observation_id,
                                                   const WrExportLink         *row,
                                                   GError                    **error);
gboolean      _wr_store_import_action             (WrStore                    *self,
                                                   gint64                      visit_id,
                                                   const WrExportAction       *row,
                                                   GError                    **error);
gint64        _wr_store_import_attachment         (WrStore                    *self,
                                                   gint64                      visit_id,
                                                   const WrExportAttachment   *row,
                                                   GError                    **error);
gboolean      _wr_store_import_attachment_bytes   (WrStore                    *self,
                                                   gint64                      attachment_id,
                                                   gsize                       offset,
                                                   const guint8               *data,
                                                   gsize                       len,
                                                   GError                    **error);
gboolean      _wr_store_import_conflict           (WrStore                    *self,
                                                   const char                 *visit_uuid,
                                                   guint                       revision,
                                                   const char                 *digest,
                                                   const char                 *content,
                                                   gsize                       content_len,
                                                   const char                 *source,
                                                   gboolean                   *added,
                                                   GError                    **error);
gboolean      _wr_store_import_list_conflicts     (WrStore                    *self,
                                                   WrImportConflictFunc        func,
                                                   gpointer                    user_data,
                                                   GError                    **error);
gboolean      _wr_store_import_get_conflict       (WrStore                    *self,
                                                   gint64                      conflict_id,
                                                   WrImportConflictReadFunc    func,
                                                   gpointer                    user_data,
                                                   GError                    **error);
gboolean      _wr_store_import_drop_conflict      (WrStore                    *self,
                                                   gint64                      conflict_id,
                                                   GError                    **error);
/* A version of a row in conflict that is not the shown one (the shown one
 * is in its own table): see wr-pack-merge.c. @content is the row's
 * element as a pack carries it, or %NULL for a deletion.
 */
typedef gboolean (*WrRowVersionFunc) (gint64       id,
                                      const char  *key,
                                      const char  *device,
                                      gint64       change,
                                      const char  *content,
                                      const char  *detected,
                                      gpointer     user_data,
                                      GError     **error);

gboolean      _wr_store_import_list_row_versions  (WrStore                    *self,
                                                   gint64                      visit_id,
                                                   WrRowVersionFunc            func,
                                                   gpointer                    user_data,
                                                   GError                    **error);
gboolean      _wr_store_import_find_row_versions  (WrStore                    *self,
                                                   gint64                      id,
                                                   gint64                     *visit_id,
                                                   char                      **visit_uuid,
                                                   char                      **key,
                                                   GError                    **error);
gboolean      _wr_store_import_list_conflicted    (WrStore                    *self,
                                                   const char                 *visit_uuid,
                                                   GPtrArray                  *visit_uuids,
                                                   GError                    **error);
gboolean      _wr_store_import_clear_row_versions (WrStore                    *self,
                                                   gint64                      visit_id,
                                                   const char                 *key,
                                                   GError                    **error);
gboolean      _wr_store_import_add_row_version    (WrStore                    *self,
                                                   gint64                      visit_id,
                                                   const char                 *key,
                                                   const char                 *device,
                                                   gint64                      change,
                                                   const char                 *content,
                                                   const char                 *detected,
                                                   GError                    **error);
/* A deleted row, as a pack's <deleted> carries it (format version 5):
 * a row deleted here and still in its table, or a tombstone.
 */
typedef struct
{
  const char *key;            /* the row, as wr-pack-merge.c names it */
  const char *row;            /* its element: member, repeat, answer… */
  const char *uuid;           /* NULL for an answer */
  const char *question_id;    /* an answer's; else NULL */
  const char *member_uuid;    /* an answer's, or NULL */
  const char *repeat_uuid;    /* an answer's, or NULL */
  const char *device_id;
  gint64      change_number;
  const char *modified;
  const char *clock;          /* a member's or repeat's: the visit's clock as it was removed, or NULL */
} WrExportDeleted;

typedef gboolean (*WrExportDeletedFunc) (const WrExportDeleted  *row,
                                         gpointer                user_data,
                                         GError                **error);

gboolean      _wr_store_export_deletions          (WrStore                    *self,
                                                   gint64                      visit_id,
                                                   WrExportDeletedFunc         func,
                                                   gpointer                    user_data,
                                                   GError                    **error);
gboolean      _wr_store_import_add_tombstone      (WrStore                    *self,
                                                   gint64                      visit_id,
                                                   const WrExportDeleted      *row,
                                                   GError                    **error);
gboolean      _wr_store_import_patch_visit        (WrStore                    *self,
                                                   gint64                      visit_id,
                                                   const WrExportVisit        *row,
                                                   gint64                      service_id,
                                                   GHashTable                 *keys,
                                                   GError                    **error);
gboolean      _wr_store_note_deletion             (WrStore                    *self,
                                                   gint64                      visit_id,
                                                   const char                 *row,
                                                   const char                 *uuid,
                                                   gboolean                    deleted,
                                                   GError                    **error);
gboolean      _wr_store_count_completion_unseen   (WrStore                    *self,
                                                   gint64                      visit_id,
                                                   GPtrArray                  *keys,
                                                   GError                    **error);
gint64        _wr_store_swap_cache_size           (WrStore                    *self,
                                                   gint64                      cache_size);
void          _wr_store_set_temp_in_memory        (WrStore      *self,
                                                   gboolean      in_memory);

/* wr-store-devices.c */
gboolean      _wr_store_device_lookup             (WrStore       *self,
                                                   const char    *public_key,
                                                   WrDevice     **device,
                                                   GError       **error);
gboolean      _wr_store_device_set                (WrStore       *self,
                                                   const char    *public_key,
                                                   const char    *fingerprint,
                                                   const char    *device_id,
                                                   WrDeviceTrust  trust,
                                                   GError       **error);
gboolean      _wr_store_device_get_own            (WrStore       *self,
                                                   WrDevice     **device,
                                                   GError       **error);
gboolean      _wr_store_device_list_revoked       (WrStore       *self,
                                                   GPtrArray     *public_keys,
                                                   GError       **error);
gboolean      _wr_store_device_take_expected      (WrStore       *self,
                                                   const char    *fingerprint,
                                                   gboolean      *expected,
                                                   GError       **error);

/* In wr-store-sync.c: inside a write transaction. */
gboolean      _wr_store_put_sync_value            (WrStore      *self,
                                                   const char   *key,
                                                   const char   *value,
                                                   GError      **error);

/* wr-store-settings.c: a key of the meta table read ("" if unset; @what
 * names it in an error) and set to a value ("" removes it).
 */
char           *_wr_store_get_meta                   (WrStore       *self,
                                                      const char    *key,
                                                      const char    *what,
                                                      GError       **error);
gboolean        _wr_store_set_meta                   (WrStore       *self,
                                                      const char    *key,
                                                      const char    *value,
                                                      GError       **error);

G_END_DECLS
