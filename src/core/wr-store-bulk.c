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

  stmt = _wr_store_prepare (self,
                            "INSERT INTO visits (uuid, kind, form_id, form_version, form_sha256, service_id,"
                            "                    started, start_date, ended, status, revision, device_id,"
                            "                    created, modified)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
  return sqlite3_last_insert_rowid (_wr_store_get_db (self));
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

gboolean
_wr_store_bulk_member (WrStore     *self,
                       gint64       visit_id,
                       const char  *uuid,
                       const char  *name,
                       const char  *role,
                       guint        position,
                       GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;

  stmt = _wr_store_prepare (self,
                            "INSERT INTO team_members (visit_id, uuid, name, role, position) VALUES (?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, visit_id);
  sqlite3_bind_text (stmt, 2, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, role, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 5, (int) position);

  return _wr_store_step_done (self, stmt, error) &&
         _wr_store_index_person (self, sqlite3_last_insert_rowid (_wr_store_get_db (self)), visit_id, name, error);
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
  g_autoptr(WrCachedStmt) stmt = NULL;

  stmt = _wr_store_prepare (self,
                            "INSERT INTO repeats (visit_id, section_id, uuid, position, modified) VALUES (?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, visit_id);
  sqlite3_bind_text (stmt, 2, section_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, (int) position);
  sqlite3_bind_text (stmt, 5, modified, -1, SQLITE_TRANSIENT);

  return _wr_store_step_done (self, stmt, error);
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
  g_autoptr(WrCachedStmt) stmt = NULL;

  stmt = _wr_store_prepare (self,
                            "INSERT INTO answers (visit_id, question_id, member_uuid, repeat_uuid, value, comment,"
                            "                     free_text, modified, device_id)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, visit_id);
  sqlite3_bind_text (stmt, 2, key->question_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, or_empty (key->member_uuid), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, or_empty (key->repeat_uuid), -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 5, value);
  sqlite3_bind_text (stmt, 6, or_empty (comment), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 7, !!free_text);
  sqlite3_bind_text (stmt, 8, modified, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, device_id, -1, SQLITE_TRANSIENT);

  if (!_wr_store_step_done (self, stmt, error))
    return FALSE;

  /* Most answers have no words to search: skip the index for them. */
  if ((comment == NULL || comment[0] == '\0') && !(free_text && value != NULL))
    return TRUE;

  return _wr_store_index_answer (self, sqlite3_last_insert_rowid (_wr_store_get_db (self)), visit_id,
                                 value, comment, free_text, error);
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
      g_autoptr(WrCachedStmt) stmt = NULL;

      stmt = _wr_store_prepare (self,
                                "INSERT OR IGNORE INTO observation_links (observation_id, kind, ref) VALUES (?, ?, ?)",
                                error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, observation_id);
      sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, refs[i], -1, SQLITE_TRANSIENT);
      if (!_wr_store_step_done (self, stmt, error))
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
  g_autoptr(WrCachedStmt) stmt = NULL;
  gint64 id;

  stmt = _wr_store_prepare (self,
                            "INSERT INTO observations (uuid, visit_id, question_id, member_uuid, repeat_uuid, text,"
                            "                          kind, voice, category, created, modified, device_id)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, visit_id);
  sqlite3_bind_text (stmt, 3, or_empty (fields->question_id), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, or_empty (fields->member_uuid), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, or_empty (fields->repeat_uuid), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, fields->text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, fields->kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, or_empty (fields->voice), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, or_empty (fields->category), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 10, modified, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 11, modified, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 12, device_id, -1, SQLITE_TRANSIENT);
  if (!_wr_store_step_done (self, stmt, error))
    return 0;

  id = sqlite3_last_insert_rowid (_wr_store_get_db (self));
  if (!_wr_store_index_text (self, id * 2, visit_id, fields->text, error) ||
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
  g_autoptr(WrCachedStmt) stmt = NULL;

  stmt = _wr_store_prepare (self,
                            "INSERT INTO actions (uuid, visit_id, text, owner, due, status, observation_uuid,"
                            "                     question_id, created, modified, device_id)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, visit_id);
  sqlite3_bind_text (stmt, 3, fields->text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, or_empty (fields->owner), -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 5, fields->due);
  sqlite3_bind_text (stmt, 6, status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, or_empty (fields->observation_uuid), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, or_empty (fields->question_id), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, modified, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 10, modified, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 11, device_id, -1, SQLITE_TRANSIENT);

  return _wr_store_step_done (self, stmt, error);
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
