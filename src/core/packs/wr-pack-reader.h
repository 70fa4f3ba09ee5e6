/* wr-pack-reader.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "wr-form-library.h"
#include "wr-pack-error.h"
#include "wr-store.h"

G_BEGIN_DECLS

/* What an import did, or would do in a dry run. */
typedef struct
{
  guint n_new;             /* visits the database did not have */
  guint n_updated;         /* a newer revision replaced ours */
  guint n_unchanged;       /* the same content as ours, or an older revision */
  guint n_older;           /* of n_unchanged: an older revision than ours, kept ours */
  guint n_conflicts;       /* visits with rows (or, before histories, content) both changed: both kept */
  guint n_services_added;
  guint n_forms_installed;
  guint n_rows_added;      /* of visits merged row by row: rows ours did not have */
  guint n_rows_updated;    /* rows theirs changed after ours */
  guint n_row_conflicts;   /* rows both changed: both versions kept */
} WrPackImportCounts;

/* A visit that a pack holds at the same revision as ours, with other
 * content: ours is in the database, theirs kept beside it until the user
 * chooses.
 */
typedef struct
{
  gint64  id;
  char   *visit_uuid;
  guint   revision;
  char   *digest;     /* of theirs */
  char   *detected;   /* when it was found */
  char   *source;     /* the pack it came from */
} WrPackConflict;

void wr_pack_conflict_free (WrPackConflict *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrPackConflict, wr_pack_conflict_free)

/* One version of a row in conflict. */
typedef struct
{
  char    *device;    /* the device that wrote it */
  guint64  change;    /* that device's change number for the visit */
  char    *content;   /* the row's element as a pack carries it, or NULL: deleted */
} WrPackRowVersion;

/* A row of a visit that two devices changed apart: every version is kept,
 * the first shown (the same on every device), until someone chooses.
 */
typedef struct
{
  gint64     id;          /* stable while the conflict lasts */
  char      *visit_uuid;
  char      *key;         /* the row: "answer QUESTION MEMBER REPEAT" ("-": none), "ELEMENT UUID", or "visit" */
  char      *detected;    /* when it was found */
  GPtrArray *versions;    /* of WrPackRowVersion, the shown first */
} WrPackRowConflict;

void  wr_pack_row_conflict_free    (WrPackRowConflict      *conflict);
char *wr_pack_row_version_describe (const WrPackRowVersion *version) G_GNUC_WARN_UNUSED_RESULT;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrPackRowConflict, wr_pack_row_conflict_free)

typedef enum
{
  WR_PACK_SIDE_OURS,
  WR_PACK_SIDE_THEIRS,
} WrPackSide;

#define WR_TYPE_PACK_READER (wr_pack_reader_get_type ())

G_DECLARE_FINAL_TYPE (WrPackReader, wr_pack_reader, WR, PACK_READER, GObject)

WrPackReader *wr_pack_reader_new               (WrStore              *store,
                                                WrFormLibrary        *library) G_GNUC_WARN_UNUSED_RESULT;
void          wr_pack_reader_set_dry_run       (WrPackReader         *self,
                                                gboolean              dry_run);
void          wr_pack_reader_set_trust_new_device (WrPackReader      *self,
                                                gboolean              trust);
void          wr_pack_reader_set_allow_unsigned (WrPackReader        *self,
                                                gboolean              allow);
gboolean      wr_pack_reader_get_signer        (WrPackReader         *self,
                                                const char          **fingerprint,
                                                const char          **device,
                                                WrDeviceTrust        *trust);
gboolean      wr_pack_reader_get_signer_expected (WrPackReader     *self);
const char   *wr_pack_reader_get_opened_by     (WrPackReader         *self);
GPtrArray    *wr_pack_reader_get_new_forms     (WrPackReader         *self);
void          wr_pack_reader_get_progress      (WrPackReader         *self,
                                                guint                *n_visits,
                                                guint64              *bytes_read,
                                                guint64              *total_bytes);
gboolean      wr_pack_reader_import_file       (WrPackReader         *self,
                                                const char           *path,
                                                GCancellable         *cancellable,
                                                WrPackImportCounts   *counts,
                                                GError              **error);

GPtrArray    *wr_pack_list_conflicts           (WrStore              *store,
                                                GError              **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean      wr_pack_resolve_conflict         (WrStore              *store,
                                                gint64                conflict_id,
                                                WrPackSide            side,
                                                GError              **error);
GPtrArray    *wr_pack_list_row_conflicts       (WrStore              *store,
                                                const char           *visit_uuid,
                                                GError              **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean      wr_pack_resolve_row_conflict     (WrStore              *store,
                                                gint64                conflict_id,
                                                guint                 version,
                                                GError              **error);

G_END_DECLS
