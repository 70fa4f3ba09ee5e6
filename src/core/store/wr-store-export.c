/* wr-store-export.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wr-store-private.h"

/* The rows an evidence pack carries, read with cursors: one row at a time
 * is in memory, whatever the number of visits. Deleted rows are left out,
 * but for their tombstones. The answers and observations inside a removed
 * repeat, which the removal hides so that it can be undone, are carried:
 * the visit's clock says the pack has seen them, and a copy without them
 * would say they were deleted. The writer marks such answers hidden, and
 * reports leave out such observations (their repeat is not listed).
 */

#define LIVE_REPEAT(alias) WR_STORE_LIVE_REPEAT (alias)

static sqlite3_stmt *prepare_filtered (WrStore        *self,
                                       const char     *select,
                                       const WrScope  *filter,
                                       const char     *rest,
                                       GError        **error);

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

static const char *
column (sqlite3_stmt *stmt,
        int           i)
{
  return or_empty (_wr_store_column_text (stmt, i));
}

/**
 * _wr_store_begin_read:
 * @self: a #WrStore
 * @began: (out): whether a transaction was begun, for _wr_store_end_read()
 * @error: return location for a #GError
 *
 * Makes the reads that follow one snapshot, so that a pack is consistent
 * even while the window saves. Inside a transaction already, that one is
 * the snapshot.
 *
 * Returns: %TRUE if reading can start
 */
gboolean
_wr_store_begin_read (WrStore   *self,
                      gboolean  *began,
                      GError   **error)
{
  sqlite3 *db = _wr_store_get_db (self);

  *began = FALSE;
  if (!sqlite3_get_autocommit (db))
    return TRUE;

  if (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the database"));
      return FALSE;
    }

  *began = TRUE;
  return TRUE;
}

void
_wr_store_end_read (WrStore  *self,
                    gboolean  began)
{
  sqlite3 *db = _wr_store_get_db (self);

  /* Nothing was written: ending the snapshot cannot lose anything. */
  if (began && !sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

/* The filter ------------------------------------------------------------------ */

/* A statement made for one filter: its SQL depends on which filters are
 * set, so it is prepared for this export instead of cached. Values are
 * always bound, lists as one JSON array each.
 */
typedef struct
{
  GString   *where;
  GPtrArray *values;
} Where;

static void
where_clear (Where *where)
{
  g_string_free (where->where, TRUE);
  g_ptr_array_unref (where->values);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Where, where_clear)

static void
where_add (Where      *where,
           const char *condition,
           char       *value)
{
  g_string_append (where->where, " AND ");
  g_string_append (where->where, condition);
  g_ptr_array_add (where->values, value);
}

static void
where_init (Where         *where,
            const WrScope *filter)
{
  where->where = g_string_new (" WHERE v.deleted IS NULL");
  where->values = g_ptr_array_new_with_free_func (g_free);

  if (filter == NULL)
    return;

  if (filter->from != NULL)
    where_add (where, "v.start_date >= ?", g_strdup (filter->from));
  if (filter->to != NULL)
    where_add (where, "v.start_date <= ?", g_strdup (filter->to));
  if (filter->services != NULL)
    where_add (where,
               "v.service_id IN (SELECT id FROM services WHERE uuid IN (SELECT value FROM json_each (?)))",
               _wr_store_json_array ((const char * const *) filter->services));
  if (filter->kinds != NULL)
    where_add (where, "v.kind IN (SELECT value FROM json_each (?))",
               _wr_store_json_array ((const char * const *) filter->kinds));
  if (filter->status != NULL)
    where_add (where, "v.status = ?", g_strdup (filter->status));
  if (filter->visits != NULL)
    where_add (where, "v.uuid IN (SELECT value FROM json_each (?))",
               _wr_store_json_array ((const char * const *) filter->visits));

  /* Times carry the offset of where they were captured: compared as text,
   * 10:00+01:00 would come after 09:30+00:00.
   */
  /* What changed here since: by this device's clock, so that a change
   * another device made earlier, taken from a pack since, is carried too.
   */
  if (filter->changed_since != NULL)
    where_add (where, "julianday (v.changed_here) >= julianday (?)", g_strdup (filter->changed_since));

  if (filter->regulations != NULL || filter->statements != NULL)
    {
      const char * const none[] = { NULL };

      g_string_append (where->where,
                       " AND EXISTS (SELECT 1 FROM observations o"
                       " JOIN observation_links l ON l.observation_id = o.id"
                       " WHERE o.visit_id = v.id AND o.deleted IS NULL AND " LIVE_REPEAT ("o")
                       " AND ((l.kind = 'regulation' AND l.ref IN (SELECT value FROM json_each (?)))"
                       "   OR (l.kind = 'statement' AND l.ref IN (SELECT value FROM json_each (?)))))");
      g_ptr_array_add (where->values,
                       _wr_store_json_array (filter->regulations ? (const char * const *) filter->regulations : none));
      g_ptr_array_add (where->values,
                       _wr_store_json_array (filter->statements ? (const char * const *) filter->statements : none));
    }

  /* The Evidence page's "Export this evidence": the visits that hold a
   * node's evidence as wr_store_count_evidence() counts it.
   */
  if (filter->evidence != NULL)
    {
      g_string_append (where->where,
                       " AND (EXISTS (SELECT 1 FROM observations o"
                       "   JOIN observation_links l ON l.observation_id = o.id"
                       "   WHERE o.visit_id = v.id AND o.deleted IS NULL AND " LIVE_REPEAT ("o")
                       "   AND l.kind || ':' || l.ref IN (SELECT value FROM json_each (?)))"
                       " OR EXISTS (SELECT 1 FROM unmet_answers u"
                       "   WHERE u.visit_id = v.id AND u.kind || ':' || u.ref IN (SELECT value FROM json_each (?))))");
      g_ptr_array_add (where->values, _wr_store_json_array ((const char * const *) filter->evidence));
      g_ptr_array_add (where->values, _wr_store_json_array ((const char * const *) filter->evidence));
    }
}

/**
 * _wr_store_prepare_scoped:
 * @self: a #WrStore
 * @select: SQL up to the WHERE of a query of "visits v"
 * @filter: (nullable): which visits, as an export chooses them
 * @rest: SQL after the WHERE
 * @error: return location for a #GError
 *
 * The figures of the year and of the evidence count the visits an export
 * with the same filter would hold.
 *
 * Returns: (transfer full): the statement, to finalize, or %NULL with
 *   @error set
 */
sqlite3_stmt *
_wr_store_prepare_scoped (WrStore        *self,
                          const char     *select,
                          const WrScope  *filter,
                          const char     *rest,
                          GError        **error)
{
  return prepare_filtered (self, select, filter, rest, error);
}

static sqlite3_stmt *
prepare_filtered (WrStore             *self,
                  const char          *select,
                  const WrScope  *filter,
                  const char          *rest,
                  GError             **error)
{
  g_auto(Where) where = { NULL, NULL };
  g_autoptr(GString) sql = g_string_new (select);
  sqlite3_stmt *stmt = NULL;

  where_init (&where, filter);
  g_string_append (sql, where.where->str);
  g_string_append (sql, rest);

  if (sqlite3_prepare_v2 (_wr_store_get_db (self), sql->str, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_critical ("Could not prepare “%s”: %s", sql->str, sqlite3_errmsg (_wr_store_get_db (self)));
      _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the database"));
      sqlite3_finalize (stmt);
      return NULL;
    }

  for (guint i = 0; i < where.values->len; i++)
    sqlite3_bind_text (stmt, i + 1, g_ptr_array_index (where.values, i), -1, SQLITE_TRANSIENT);

  return stmt;
}

/* Steps @stmt: TRUE with a row, FALSE at the end (@done set) or on an
 * error (@error set).
 */
static gboolean
next_row (WrStore       *self,
          sqlite3_stmt  *stmt,
          gboolean      *done,
          GError       **error)
{
  int rc = sqlite3_step (stmt);

  *done = rc == SQLITE_DONE;
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the visits"));
  return FALSE;
}

gboolean
_wr_store_export_count_visits (WrStore        *self,
                               const WrScope  *filter,
                               guint          *n_visits,
                               GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean done;

  if (!(stmt = prepare_filtered (self, "SELECT count(*) FROM visits v", filter, "", error)))
    return FALSE;
  if (!next_row (self, stmt, &done, error))
    return FALSE;

  *n_visits = (guint) MIN (sqlite3_column_int64 (stmt, 0), G_MAXUINT);
  return TRUE;
}

/**
 * wr_store_count_visits:
 * @self: a #WrStore
 * @scope: (nullable): the visits to count, as an export chooses them;
 *   %NULL for every visit
 * @n_visits: (out): how many there are
 * @error: return location for a #GError
 *
 * Counts the visits an export or a report of @scope would hold.
 *
 * Returns: %TRUE on success
 */
gboolean
wr_store_count_visits (WrStore        *self,
                       const WrScope  *scope,
                       guint          *n_visits,
                       GError        **error)
{
  g_autoptr(WrScope) every = NULL;

  g_return_val_if_fail (WR_IS_STORE (self), FALSE);
  g_return_val_if_fail (n_visits != NULL, FALSE);

  if (scope == NULL)
    scope = every = wr_scope_new ();

  return _wr_store_export_count_visits (self, scope, n_visits, error);
}

gboolean
_wr_store_export_forms (WrStore           *self,
                        const WrScope     *filter,
                        WrExportFormFunc   func,
                        gpointer           user_data,
                        GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean done = FALSE;

  stmt = prepare_filtered (self, "SELECT DISTINCT v.form_id, v.form_version, v.form_sha256 FROM visits v",
                           filter, " ORDER BY 1, 2, 3", error);
  if (stmt == NULL)
    return FALSE;

  while (next_row (self, stmt, &done, error))
    {
      WrExportForm row = {
        column (stmt, 0), (guint) sqlite3_column_int64 (stmt, 1), column (stmt, 2),
      };

      if (!func (&row, user_data, error))
        return FALSE;
    }

  return done;
}

gboolean
_wr_store_export_services (WrStore              *self,
                           const WrScope        *filter,
                           WrExportServiceFunc   func,
                           gpointer              user_data,
                           GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean done = FALSE;

  stmt = prepare_filtered (self,
                           "SELECT uuid, name, directorate, site, type, cqc_location_id, archived, created, modified"
                           " FROM services WHERE id IN (SELECT v.service_id FROM visits v",
                           filter, ") ORDER BY name COLLATE NOCASE, id", error);
  if (stmt == NULL)
    return FALSE;

  while (next_row (self, stmt, &done, error))
    {
      WrExportService row = {
        column (stmt, 0), column (stmt, 1), column (stmt, 2), column (stmt, 3), column (stmt, 4),
        column (stmt, 5), sqlite3_column_int (stmt, 6) != 0, column (stmt, 7), column (stmt, 8),
      };

      if (!func (&row, user_data, error))
        return FALSE;
    }

  return done;
}

gboolean
_wr_store_export_visits (WrStore            *self,
                         const WrScope      *filter,
                         WrExportVisitFunc   func,
                         gpointer            user_data,
                         GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean done = FALSE;

  stmt = prepare_filtered (self, "SELECT " WR_STORE_EXPORT_VISIT_COLUMNS " FROM visits v",
                           filter, " ORDER BY v.id", error);
  if (stmt == NULL)
    return FALSE;

  while (next_row (self, stmt, &done, error))
    {
      WrExportVisit row = _wr_store_export_visit_row (stmt);

      if (!func (&row, user_data, error))
        return FALSE;
    }

  return done;
}

/**
 * _wr_store_export_visit_row:
 * @stmt: a statement that selected %WR_STORE_EXPORT_VISIT_COLUMNS
 *
 * Returns: the visit's row as a pack carries it, its strings the
 *   statement's
 */
WrExportVisit
_wr_store_export_visit_row (sqlite3_stmt *stmt)
{
  WrExportVisit row = {
    sqlite3_column_int64 (stmt, 0), column (stmt, 1), (guint) sqlite3_column_int64 (stmt, 2),
    column (stmt, 3), column (stmt, 4), column (stmt, 5), _wr_store_column_text (stmt, 6),
    column (stmt, 7), (guint) sqlite3_column_int64 (stmt, 8), column (stmt, 9),
    column (stmt, 10), column (stmt, 11), column (stmt, 12), column (stmt, 13),
    column (stmt, 14), sqlite3_column_int64 (stmt, 15), column (stmt, 16), _wr_store_column_text (stmt, 17),
  };

  return row;
}

/* One visit's rows ------------------------------------------------------------- */

static WrCachedStmt *
prepare_for (WrStore     *self,
             const char  *sql,
             gint64       id,
             GError     **error)
{
  WrCachedStmt *stmt = _wr_store_prepare (self, sql, error);

  if (stmt != NULL)
    sqlite3_bind_int64 (stmt, 1, id);
  return stmt;
}

gboolean
_wr_store_export_members (WrStore             *self,
                          gint64               visit_id,
                          WrExportMemberFunc   func,
                          gpointer             user_data,
                          GError             **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  gboolean done = FALSE;

  stmt = prepare_for (self,
                      "SELECT uuid, name, role, position, modified, device_id, change_number FROM team_members"
                      " WHERE visit_id = ? AND deleted IS NULL ORDER BY position, uuid",
                      visit_id, error);
  if (stmt == NULL)
    return FALSE;

  while (next_row (self, stmt, &done, error))
    {
      WrExportMember row = {
        column (stmt, 0), column (stmt, 1), column (stmt, 2), (guint) sqlite3_column_int64 (stmt, 3),
        column (stmt, 4), column (stmt, 5), sqlite3_column_int64 (stmt, 6),
      };

      if (!func (&row, user_data, error))
        return FALSE;
    }

  return done;
}

gboolean
_wr_store_export_repeats (WrStore             *self,
                          gint64               visit_id,
                          WrExportRepeatFunc   func,
                          gpointer             user_data,
                          GError             **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  gboolean done = FALSE;

  stmt = prepare_for (self,
                      "SELECT uuid, section_id, position, modified, device_id, change_number FROM repeats"
                      " WHERE visit_id = ? AND deleted IS NULL ORDER BY section_id, position, uuid",
                      visit_id, error);
  if (stmt == NULL)
    return FALSE;

  while (next_row (self, stmt, &done, error))
    {
      WrExportRepeat row = {
        column (stmt, 0), column (stmt, 1), (guint) sqlite3_column_int64 (stmt, 2), column (stmt, 3),
        column (stmt, 4), sqlite3_column_int64 (stmt, 5),
      };

      if (!func (&row, user_data, error))
        return FALSE;
    }

  return done;
}

gboolean
_wr_store_export_answers (WrStore             *self,
                          gint64               visit_id,
                          WrExportAnswerFunc   func,
                          gpointer             user_data,
                          GError             **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  gboolean done = FALSE;

  /* In the order of the unique index, which the lookup reads anyway. */
  stmt = prepare_for (self,
                      "SELECT a.question_id, a.member_uuid, a.repeat_uuid, a.value, a.comment, a.free_text,"
                      "       a.modified, a.device_id, a.change_number"
                      " FROM answers a WHERE a.visit_id = ?"
                      " ORDER BY a.question_id, a.member_uuid, a.repeat_uuid",
                      visit_id, error);
  if (stmt == NULL)
    return FALSE;

  while (next_row (self, stmt, &done, error))
    {
      WrExportAnswer row = {
        column (stmt, 0), column (stmt, 1), column (stmt, 2), _wr_store_column_text (stmt, 3),
        column (stmt, 4), sqlite3_column_int (stmt, 5) != 0, column (stmt, 6), column (stmt, 7),
        sqlite3_column_int64 (stmt, 8),
      };

      if (!func (&row, user_data, error))
        return FALSE;
    }

  return done;
}

gboolean
_wr_store_export_observations (WrStore                  *self,
                               gint64                    visit_id,
                               WrExportObservationFunc   func,
                               gpointer                  user_data,
                               GError                  **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  gboolean done = FALSE;

  stmt = prepare_for (self,
                      "SELECT o.id, o.uuid, o.question_id, o.member_uuid, o.repeat_uuid, o.text, o.kind, o.voice,"
                      "       o.category, o.created, o.modified, o.device_id, o.change_number"
                      " FROM observations o"
                      " WHERE o.visit_id = ? AND o.deleted IS NULL"
                      " ORDER BY o.created, o.id",
                      visit_id, error);
  if (stmt == NULL)
    return FALSE;

  while (next_row (self, stmt, &done, error))
    {
      WrExportObservation row = {
        sqlite3_column_int64 (stmt, 0), column (stmt, 1), column (stmt, 2), column (stmt, 3),
        column (stmt, 4), column (stmt, 5), column (stmt, 6), column (stmt, 7), column (stmt, 8),
        column (stmt, 9), column (stmt, 10), column (stmt, 11), sqlite3_column_int64 (stmt, 12),
      };

      if (!func (&row, user_data, error))
        return FALSE;
    }

  return done;
}

gboolean
_wr_store_export_links (WrStore           *self,
                        gint64             observation_id,
                        WrExportLinkFunc   func,
                        gpointer           user_data,
                        GError           **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  gboolean done = FALSE;

  /* The primary key's order; the kinds then come in the order the
   * schema lists them only by luck, so the order is the key's.
   */
  stmt = prepare_for (self,
                      "SELECT kind, ref FROM observation_links WHERE observation_id = ? ORDER BY kind, ref",
                      observation_id, error);
  if (stmt == NULL)
    return FALSE;

  while (next_row (self, stmt, &done, error))
    {
      WrExportLink row = { column (stmt, 0), column (stmt, 1) };

      if (!func (&row, user_data, error))
        return FALSE;
    }

  return done;
}

gboolean
_wr_store_export_actions (WrStore             *self,
                          gint64               visit_id,
                          WrExportActionFunc   func,
                          gpointer             user_data,
                          GError             **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  gboolean done = FALSE;

  stmt = prepare_for (self,
                      "SELECT uuid, text, owner, due, status, observation_uuid, question_id,"
                      "       created, modified, device_id, repeat_uuid, change_number"
                      " FROM actions a WHERE visit_id = ? AND deleted IS NULL AND " LIVE_REPEAT ("a")
                      " ORDER BY created, id",
                      visit_id, error);
  if (stmt == NULL)
    return FALSE;

  while (next_row (self, stmt, &done, error))
    {
      const char *due = _wr_store_column_text (stmt, 3);
      WrExportAction row = {
        column (stmt, 0), column (stmt, 1), column (stmt, 2), due != NULL && due[0] != '\0' ? due : NULL,
        column (stmt, 4), column (stmt, 5), column (stmt, 6), column (stmt, 7), column (stmt, 8),
        column (stmt, 9), column (stmt, 10), sqlite3_column_int64 (stmt, 11),
      };

      if (!func (&row, user_data, error))
        return FALSE;
    }

  return done;
}

gboolean
_wr_store_export_attachments (WrStore                 *self,
                              gint64                   visit_id,
                              WrExportAttachmentFunc   func,
                              gpointer                 user_data,
                              GError                 **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  gboolean done = FALSE;

  /* Never the data column: the bytes are streamed by
   * _wr_store_export_attachment_data().
   */
  stmt = prepare_for (self,
                      "SELECT id, uuid, question_id, file_name, media_type, size, sha256, caption,"
                      "       created, modified, device_id, change_number"
                      " FROM attachments WHERE visit_id = ? AND deleted IS NULL ORDER BY created, id",
                      visit_id, error);
  if (stmt == NULL)
    return FALSE;

  while (next_row (self, stmt, &done, error))
    {
      WrExportAttachment row = {
        sqlite3_column_int64 (stmt, 0), column (stmt, 1), column (stmt, 2), column (stmt, 3),
        column (stmt, 4), sqlite3_column_int64 (stmt, 5), column (stmt, 6), column (stmt, 7),
        column (stmt, 8), column (stmt, 9), column (stmt, 10), sqlite3_column_int64 (stmt, 11),
      };

      if (!func (&row, user_data, error))
        return FALSE;
    }

  return done;
}

/**
 * _wr_store_export_attachment_data:
 * @self: a #WrStore
 * @attachment_id: the attachment's row id
 * @chunk_size: the most bytes given to @func at once
 * @func: called with each piece of the bytes, in order
 * @user_data: for @func
 * @error: return location for a #GError
 *
 * Reads an attachment's bytes in pieces through SQLite's incremental blob
 * I/O, so that a 50 MB photo never sits in memory whole.
 *
 * Returns: %TRUE once every piece was given
 */
gboolean
_wr_store_export_attachment_data (WrStore            *self,
                                  gint64              attachment_id,
                                  gsize               chunk_size,
                                  WrExportChunkFunc   func,
                                  gpointer            user_data,
                                  GError            **error)
{
  g_autofree guint8 *buffer = NULL;
  sqlite3_blob *blob = NULL;
  gboolean ok = TRUE;
  int size;

  g_return_val_if_fail (chunk_size > 0 && chunk_size <= G_MAXINT, FALSE);

  if (sqlite3_blob_open (_wr_store_get_db (self), "main", "attachments", "data", attachment_id, 0, &blob) != SQLITE_OK)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read an attachment"));
      sqlite3_blob_close (blob);
      return FALSE;
    }

  size = sqlite3_blob_bytes (blob);
  buffer = g_malloc (MIN (chunk_size, (gsize) MAX (size, 1)));

  for (int offset = 0; ok && offset < size; offset += (int) chunk_size)
    {
      int n = (int) MIN ((gsize) (size - offset), chunk_size);

      if (sqlite3_blob_read (blob, buffer, n, offset) != SQLITE_OK)
        {
          _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read an attachment"));
          ok = FALSE;
          break;
        }
      ok = func (buffer, n, user_data, error);
    }

  sqlite3_blob_close (blob);
  return ok;
}

/**
 * _wr_store_export_add_seen:
 * @self: a #WrStore
 * @pairs: each exported visit's uuid, a NUL, its digest and a NUL, one
 *   after another
 * @len: the length of @pairs in bytes
 * @error: return location for a #GError
 *
 * Notes the content of each visit a pack carried away as seen, in one
 * transaction: a pack that brings it back later (a hub's merged pack)
 * then brings old news, not a conflict with the draft edited since.
 *
 * Returns: %TRUE once noted
 */
gboolean
_wr_store_export_add_seen (WrStore     *self,
                           const char  *pairs,
                           gsize        len,
                           GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  const char *end = pairs + len;

  if (!_wr_store_begin (self, error))
    return FALSE;

  if (!(stmt = _wr_store_prepare (self, "INSERT OR IGNORE INTO seen_digests (visit_uuid, digest) VALUES (?, ?)",
                                  error)))
    {
      _wr_store_rollback (self);
      return FALSE;
    }

  for (const char *p = pairs; p < end;)
    {
      const char *uuid = p;
      const char *digest = uuid + strlen (uuid) + 1;

      g_assert (digest < end);
      p = digest + strlen (digest) + 1;

      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, digest, -1, SQLITE_STATIC);
      if (!_wr_store_step_done (self, stmt, error))
        {
          _wr_store_rollback (self);
          return FALSE;
        }
    }

  return _wr_store_commit (self, error);
}
