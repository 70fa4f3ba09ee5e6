/* wr-store-bulk.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Whole rows written straight in, for data that is made rather than typed:
 * demo visits now, evidence packs later. Each is one prepared statement;
 * the caller wraps them in a batch, so 10 000 visits take seconds, not the
 * hours one audited transaction per answer would.
 */

#define G_LOG_DOMAIN "wr-store"

#include "config.h"

#include "wr-store-private.h"

static const char *
or_empty (const char *text)
{
  return text ? text : "";
}

/* A made row's empty value or date is no value. */
static const char *
or_null (const char *text)
{
  return text != NULL && text[0] != '\0' ? text : NULL;
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           column,
                   const char   *text)
{
  if (text != NULL && text[0] != '\0')
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

gint64
_wr_store_bulk_service (WrStore                *self,
                        const char             *uuid,
                        const WrServiceFields  *fields,
                        const char             *now,
                        GError                **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;

  stmt = _wr_store_prepare (self,
                            "INSERT INTO services (uuid, name, directorate, site, type, cqc_location_id,"
                            "                      created, modified)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, fields->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, or_empty (fields->directorate), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, or_empty (fields->site), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, or_empty (fields->type), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, or_empty (fields->cqc_location_id), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, now, -1, SQLITE_TRANSIENT);

  if (!_wr_store_step_done (self, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (_wr_store_get_db (self));
}

gint64
_wr_store_bulk_visit (WrStore            *self,
                      const WrBulkVisit  *visit,
                      GError            **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autoptr(WrCachedStmt) clock = NULL;
  gint64 id;

  stmt = _wr_store_prepare (self,
                            "INSERT INTO visits (uuid, kind, form_id, form_version, form_sha256, service_id,"
                            "                    started, start_date, ended, status, revision, device_id,"
                            "                    created, modified, change_device, changed_here)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?12, ?14)",
                            error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, visit->uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, visit->kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, visit->form_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, (int) visit->form_version);
  sqlite3_bind_text (stmt, 5, visit->form_sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, visit->service_id);
  sqlite3_bind_text (stmt, 7, visit->started, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, visit->start_date, -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 9, visit->ended);
  sqlite3_bind_text (stmt, 10, visit->status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 11, (int) MAX (visit->revision, 1));
  sqlite3_bind_text (stmt, 12, visit->device_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 13, visit->started, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 14, visit->modified, -1, SQLITE_TRANSIENT);

  if (!_wr_store_step_done (self, stmt, error))
    return 0;
  id = sqlite3_last_insert_rowid (_wr_store_get_db (self));

  /* A made visit's rows are all its device's, written before any history. */
  if (!(clock = _wr_store_prepare (self, "INSERT INTO visit_clocks (visit_id, device_id, counter) VALUES (?, ?, 0)",
                                   error)))
    return 0;
  sqlite3_bind_int64 (clock, 1, id);
  sqlite3_bind_text (clock, 2, visit->device_id, -1, SQLITE_TRANSIENT);
  if (!_wr_store_step_done (self, clock, error))
    return 0;
  return id;
}

/* The count wr_store_set_visit_progress() keeps, for a visit just added. */
gboolean
_wr_store_bulk_visit_progress (WrStore     *self,
                               gint64       visit_id,
                               guint        answered,
                               guint        required,
                               GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;

  stmt = _wr_store_prepare (self, "UPDATE visits SET n_answered = ?, n_required = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, answered);
  sqlite3_bind_int64 (stmt, 2, required);
  sqlite3_bind_int64 (stmt, 3, visit_id);

  return _wr_store_step_done (self, stmt, error);
}

/* The rows of a made visit are written as an import writes a pack's (see
 * wr-store-import.c), full-text entries included: between
 * _wr_store_import_begin_texts() and _wr_store_import_index_texts().
 */
gboolean
_wr_store_bulk_member (WrStore     *self,
                       gint64       visit_id,
                       const char  *uuid,
                       const char  *name,
                       const char  *role,
                       guint        position,
                       GError     **error)
{
  WrExportMember row = { uuid, name, role, position };

  return _wr_store_import_member (self, visit_id, &row, error);
}

gboolean
_wr_store_bulk_repeat (WrStore     *self,
                       gint64       visit_id,
                       const char  *section_id,
                       const char  *uuid,
                       guint        position,
                       const char  *modified,
                       GError     **error)
{
  WrExportRepeat row = { uuid, section_id, position, modified };

  return _wr_store_import_repeat (self, visit_id, &row, error);
}

gboolean
_wr_store_bulk_answer (WrStore            *self,
                       gint64              visit_id,
                       const WrAnswerKey  *key,
                       const char         *value,
                       const char         *comment,
                       gboolean            free_text,
                       const char         *modified,
                       const char         *device_id,
                       GError            **error)
{
  WrExportAnswer row = {
    key->question_id, key->member_uuid, key->repeat_uuid, or_null (value), comment, free_text, modified, device_id,
  };

  return _wr_store_import_answers (self, visit_id, &row, 1, error);
}

static gboolean
bulk_links (WrStore            *self,
            gint64              observation_id,
            const char         *kind,
            const char * const *refs,
            GError            **error)
{
  for (guint i = 0; refs != NULL && refs[i] != NULL; i++)
    {
      WrExportLink row = { kind, refs[i] };

      if (!_wr_store_import_link (self, observation_id, &row, error))
        return FALSE;
    }

  return TRUE;
}

gint64
_wr_store_bulk_observation (WrStore                    *self,
                            gint64                      visit_id,
                            const char                 *uuid,
                            const WrObservationFields  *fields,
                            const char                 *modified,
                            const char                 *device_id,
                            GError                    **error)
{
  WrExportObservation row = {
    0, uuid, fields->question_id, fields->member_uuid, fields->repeat_uuid, fields->text, fields->kind,
    fields->voice, fields->category, modified, modified, device_id,
  };
  gint64 id;

  if (!(id = _wr_store_import_observation (self, visit_id, &row, error)) ||
      !bulk_links (self, id, "regulation", fields->regulations, error) ||
      !bulk_links (self, id, "statement", fields->statements, error) ||
      !bulk_links (self, id, "key-question", fields->key_questions, error) ||
      !bulk_links (self, id, "theme", fields->themes, error))
    return 0;

  return id;
}

gboolean
_wr_store_bulk_action (WrStore               *self,
                       gint64                 visit_id,
                       const char            *uuid,
                       const WrActionFields  *fields,
                       const char            *status,
                       const char            *modified,
                       const char            *device_id,
                       GError               **error)
{
  WrExportAction row = {
    uuid, fields->text, fields->owner, or_null (fields->due), status, fields->observation_uuid, fields->question_id,
    modified, modified, device_id, fields->repeat_uuid,
  };

  return _wr_store_import_action (self, visit_id, &row, error);
}

/* A made photo, whose bytes may be shared by many: the caller keeps @data. */
gboolean
_wr_store_bulk_attachment (WrStore     *self,
                           gint64       visit_id,
                           const char  *uuid,
                           const char  *question_id,
                           const char  *file_name,
                           const char  *media_type,
                           GBytes      *data,
                           const char  *caption,
                           const char  *modified,
                           const char  *device_id,
                           GError     **error)
{
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);
  gsize size;
  gconstpointer bytes = g_bytes_get_data (data, &size);
  WrExportAttachment row = {
    0, uuid, question_id, file_name, media_type, (gint64) size, sha256, caption, modified, modified, device_id,
  };
  gint64 id = _wr_store_import_attachment (self, visit_id, &row, error);

  return id != 0 && _wr_store_import_attachment_bytes (self, id, 0, bytes, size, error);
}

/* One entry for a whole made visit, so the log still says where it came
 * from.
 */
gboolean
_wr_store_bulk_audit (WrStore     *self,
                      const char  *visit_uuid,
                      const char  *entity,
                      const char  *entity_id,
                      const char  *field,
                      const char  *new_value,
                      GError     **error)
{
  return _wr_store_audit (self, visit_uuid, entity, entity_id, field, NULL, new_value, error);
}
