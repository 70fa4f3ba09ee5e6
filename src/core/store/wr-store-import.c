/* wr-store-import.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The rows an evidence pack brings, written whole inside the import's one
 * transaction (wr-pack-reader.c drives it), and the conflicts it finds.
 * Unlike the bulk rows of the demo, every field is the pack's own: its
 * uuids, times and devices, so that exporting the visit again gives the
 * same digest.
 */

#define G_LOG_DOMAIN "wr-store"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-merge.h"
#include "wr-store-private.h"

/* An import binds millions of strings: SQLite reads them where they are
 * (SQLITE_STATIC) rather than copying each. Each outlives its use: a
 * cached statement forgets its bindings when released.
 */
static void
bind_text (sqlite3_stmt *stmt,
           int           column,
           const char   *text)
{
  sqlite3_bind_text (stmt, column, text != NULL ? text : "", -1, SQLITE_STATIC);
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           column,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, column);
}

static gint64
last_id (WrStore *self)
{
  return sqlite3_last_insert_rowid (_wr_store_get_db (self));
}

/* Full-text entries of an import --------------------------------------------------- */

/* A new row's full-text entry, as _wr_store_index_text() makes it (row id
 * visit id × 2³² + entry), waits in a temporary table until the end of
 * the import: FTS5 writes its pending entries out at the start of every
 * statement that changes it, so an entry at a time made one small index
 * segment per row, and merging them was a third of an import. At the end
 * they go into the index in one statement.
 */
static gboolean
index_new_text (WrStore     *self,
                gint64       entry,
                gint64       visit_id,
                const char  *body,
                GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;

  if (body == NULL || body[0] == '\0')
    return TRUE;

  if (entry < 0 || entry > G_MAXUINT32 || visit_id < 0 || visit_id > G_MAXINT32)
    return _wr_store_index_text (self, entry, visit_id, body, error);

  if (!(stmt = _wr_store_prepare (self, "INSERT OR REPLACE INTO temp.import_text (entry, body) VALUES (?, ?)", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, (visit_id << 32) | entry);
  bind_text (stmt, 2, body);

  return _wr_store_step_done (self, stmt, error);
}

/* Runs statements of our own that take no parameters. */
static gboolean
exec_writes (WrStore     *self,
             const char  *sql,
             GError     **error)
{
  if (sqlite3_exec (_wr_store_get_db (self), sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_WRITE, _("Could not save"));
      return FALSE;
    }

  return TRUE;
}

/* A new team member's entry in the people index, waiting likewise. */
static gboolean
index_new_person (WrStore     *self,
                  gint64       member_id,
                  gint64       visit_id,
                  const char  *name,
                  GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;

  if (!(stmt = _wr_store_prepare (self, "INSERT OR REPLACE INTO temp.import_people (id, name, visit_id) VALUES (?, ?, ?)",
                                  error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, member_id);
  bind_text (stmt, 2, name);
  sqlite3_bind_int64 (stmt, 3, visit_id);

  return _wr_store_step_done (self, stmt, error);
}

/**
 * _wr_store_import_begin_texts:
 * @self: a #WrStore, in the import's transaction
 * @error: return location for a #GError
 *
 * Makes room for the full-text entries (text and team names) of the rows
 * an import writes, and for the members and repeats a merge sets aside; call
 * _wr_store_import_index_texts() before the commit.
 *
 * Returns: %TRUE on success
 */
gboolean
_wr_store_import_begin_texts (WrStore  *self,
                              GError  **error)
{
  return exec_writes (self,
                      "CREATE TEMP TABLE IF NOT EXISTS import_text (entry INTEGER PRIMARY KEY, body TEXT NOT NULL);"
                      "CREATE TEMP TABLE IF NOT EXISTS import_people (id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                      "                                               visit_id INTEGER NOT NULL);"
                      /* See set_aside(). */
                      "CREATE TEMP TABLE IF NOT EXISTS set_aside (uuid TEXT PRIMARY KEY, row TEXT NOT NULL,"
                      "  id INTEGER NOT NULL, visit_id INTEGER NOT NULL, section_id TEXT, name TEXT, role TEXT,"
                      "  position INTEGER NOT NULL);"
                      "DELETE FROM temp.import_text;"
                      "DELETE FROM temp.import_people;",
                      error);
}

/**
 * _wr_store_import_index_texts:
 * @self: a #WrStore, in the import's transaction
 * @error: return location for a #GError
 *
 * Adds the full-text entries waiting since _wr_store_import_begin_texts()
 * to the search indexes, one statement each. An entry left behind by a row
 * that had the same id is replaced.
 *
 * Returns: %TRUE on success
 */
gboolean
_wr_store_import_index_texts (WrStore  *self,
                              GError  **error)
{
  /* Asking FTS5 to replace makes it look every entry up first, a fifth
   * of the work for an index that has none of them: so first without,
   * and only if that fails (the statement undone whole), with.
   */
  static const char * const adds[][2] = {
    { "INSERT INTO text_index (rowid, body) SELECT entry, body FROM temp.import_text ORDER BY entry",
      "INSERT OR REPLACE INTO text_index (rowid, body) SELECT entry, body FROM temp.import_text ORDER BY entry" },
    { "INSERT INTO people_index (rowid, name, visit_id) SELECT id, name, visit_id FROM temp.import_people ORDER BY id",
      "INSERT OR REPLACE INTO people_index (rowid, name, visit_id)"
      "  SELECT id, name, visit_id FROM temp.import_people ORDER BY id" },
  };
  sqlite3 *db = _wr_store_get_db (self);

  for (guint i = 0; i < G_N_ELEMENTS (adds); i++)
    if (sqlite3_exec (db, adds[i][0], NULL, NULL, NULL) != SQLITE_OK &&
        ((sqlite3_errcode (db) & 0xff) != SQLITE_CONSTRAINT || !exec_writes (self, adds[i][1], error)))
      {
        if (error != NULL && *error == NULL)
          _wr_store_set_error (self, error, WR_STORE_ERROR_WRITE, _("Could not save"));
        return FALSE;
      }

  return exec_writes (self, "DELETE FROM temp.import_text; DELETE FROM temp.import_people;", error);
}

/**
 * _wr_store_import_write_out:
 * @self: a #WrStore, in the import's transaction
 * @error: return location for a #GError
 *
 * Writes every page the transaction has changed to the write-ahead log,
 * short of committing them, as a commit would. A dry run calls it before
 * rolling back, so that it meets a full or failing disk where the import
 * would: until the page cache fills, an import's writes stay in memory,
 * and a dry run that stopped there said "107 new" for an import that then
 * failed. A rollback leaves the pages written out unused.
 *
 * Returns: %TRUE on success
 */
gboolean
_wr_store_import_write_out (WrStore  *self,
                            GError  **error)
{
  int rc = sqlite3_db_cacheflush (_wr_store_get_db (self));

  if (rc == SQLITE_OK)
    return TRUE;

  _wr_store_set_result_error (self, error, WR_STORE_ERROR_WRITE, _("Could not save"), rc);
  return FALSE;
}

/**
 * _wr_store_import_find_visit:
 * @self: a #WrStore
 * @uuid: a visit's uuid
 * @id: (out): its row id, or 0 if there is no such visit (deleted or not)
 * @revision: (out): its revision
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the database could be read
 */
gboolean
_wr_store_import_find_visit (WrStore     *self,
                             const char  *uuid,
                             gint64      *id,
                             guint       *revision,
                             GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  int rc;

  *id = 0;
  *revision = 0;
  if (!(stmt = _wr_store_prepare (self, "SELECT id, revision FROM visits WHERE uuid = ?", error)))
    return FALSE;
  bind_text (stmt, 1, uuid);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *id = sqlite3_column_int64 (stmt, 0);
      *revision = (guint) sqlite3_column_int64 (stmt, 1);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the visits"));
      return FALSE;
    }

  return TRUE;
}

/**
 * _wr_store_import_is_seen:
 * @self: a #WrStore
 * @uuid: a visit's uuid
 * @digest: (nullable): a digest of its content
 * @seen: (out): whether this database took that content from a pack, or
 *   turned it down in a conflict
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the database could be read
 */
gboolean
_wr_store_import_is_seen (WrStore     *self,
                          const char  *uuid,
                          const char  *digest,
                          gboolean    *seen,
                          GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  int rc;

  *seen = FALSE;
  if (digest == NULL)
    return TRUE;
  if (!(stmt = _wr_store_prepare (self, "SELECT 1 FROM seen_digests WHERE visit_uuid = ? AND digest = ?", error)))
    return FALSE;
  bind_text (stmt, 1, uuid);
  bind_text (stmt, 2, digest);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the visits"));
      return FALSE;
    }

  *seen = rc == SQLITE_ROW;
  return TRUE;
}

/* See _wr_store_import_is_seen(). */
gboolean
_wr_store_import_add_seen (WrStore     *self,
                           const char  *uuid,
                           const char  *digest,
                           GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;

  if (!(stmt = _wr_store_prepare (self, "INSERT OR IGNORE INTO seen_digests (visit_uuid, digest) VALUES (?, ?)",
                                  error)))
    return FALSE;
  bind_text (stmt, 1, uuid);
  bind_text (stmt, 2, digest);

  return _wr_store_step_done (self, stmt, error);
}

/**
 * _wr_store_import_read_visit:
 * @self: a #WrStore
 * @visit_id: a visit's row id
 * @func: called once with the visit's row, as the pack writer reads it
 * @user_data: for @func
 * @error: return location for a #GError
 *
 * Reads one visit as _wr_store_export_visits() reads each, so that its
 * digest can be computed the way an export would.
 *
 * Returns: %TRUE if @func was called and returned %TRUE
 */
gboolean
_wr_store_import_read_visit (WrStore            *self,
                             gint64              visit_id,
                             WrExportVisitFunc   func,
                             gpointer            user_data,
                             GError            **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;

  stmt = _wr_store_prepare (self, "SELECT " WR_STORE_EXPORT_VISIT_COLUMNS " FROM visits v WHERE v.id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, visit_id);

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the visits"));
      return FALSE;
    }

  {
    WrExportVisit row = _wr_store_export_visit_row (stmt);

    return func (&row, user_data, error);
  }
}

/**
 * _wr_store_import_find_service:
 * @self: a #WrStore
 * @uuid: a service's uuid
 * @id: (out): its row id, or 0 if there is none
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the database could be read
 */
gboolean
_wr_store_import_find_service (WrStore     *self,
                               const char  *uuid,
                               gint64      *id,
                               GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  int rc;

  *id = 0;
  if (!(stmt = _wr_store_prepare (self, "SELECT id FROM services WHERE uuid = ?", error)))
    return FALSE;
  bind_text (stmt, 1, uuid);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the services"));
      return FALSE;
    }

  return TRUE;
}

/* Adds a service the database does not have, as the pack describes it. */
gint64
_wr_store_import_service (WrStore                *self,
                          const WrExportService  *row,
                          GError                **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;

  stmt = _wr_store_prepare (self,
                            "INSERT INTO services (uuid, name, directorate, site, type, cqc_location_id,"
                            "                      archived, created, modified)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return 0;
  bind_text (stmt, 1, row->uuid);
  bind_text (stmt, 2, row->name);
  bind_text (stmt, 3, row->directorate);
  bind_text (stmt, 4, row->site);
  bind_text (stmt, 5, row->type);
  bind_text (stmt, 6, row->cqc_location_id);
  sqlite3_bind_int (stmt, 7, row->archived ? 1 : 0);
  bind_text (stmt, 8, row->created);
  bind_text (stmt, 9, row->modified);

  if (!_wr_store_step_done (self, stmt, error))
    return 0;

  return last_id (self);
}

/* Runs each of @statements with @visit_id as its one parameter. */
static gboolean
run_for_visit (WrStore            *self,
               const char * const *statements,
               gsize               n,
               gint64              visit_id,
               GError            **error)
{
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(WrCachedStmt) stmt = NULL;

      if (!(stmt = _wr_store_prepare (self, statements[i], error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, visit_id);
      if (!_wr_store_step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

/* Everything a visit holds, deleted rows included: a newer revision from a
 * pack replaces all of it.
 */
static gboolean
clear_visit (WrStore  *self,
             gint64    visit_id,
             GError  **error)
{
  static const char * const statements[] = {
    "DELETE FROM team_members WHERE visit_id = ?",
    "DELETE FROM repeats WHERE visit_id = ?",
    "DELETE FROM answers WHERE visit_id = ?",
    "DELETE FROM observations WHERE visit_id = ?",
    "DELETE FROM actions WHERE visit_id = ?",
    "DELETE FROM attachments WHERE visit_id = ?",
    "DELETE FROM section_scores WHERE visit_id = ?",
    "DELETE FROM unmet_answers WHERE visit_id = ?",
    "DELETE FROM support_requests WHERE visit_id = ?",
    "DELETE FROM reviews WHERE visit_id = ?",
    "DELETE FROM row_versions WHERE visit_id = ?",
    "DELETE FROM tombstones WHERE visit_id = ?",
    "DELETE FROM deletion_clocks WHERE visit_id = ?",
  };

  return run_for_visit (self, statements, G_N_ELEMENTS (statements), visit_id, error);
}

/* A team member or a repeat that a merge replaces is set aside first, in
 * a table of this connection's own: should the merge end with it removed,
 * it stays in its table marked deleted (see _wr_store_import_add_tombstone()),
 * as one removed here does, so that it can still be brought back.
 */
static gboolean
set_aside (WrStore     *self,
           gint64       visit_id,
           const char  *row,
           const char  *uuid,
           GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;

  if (g_str_equal (row, "member"))
    stmt = _wr_store_prepare (self,
                              "INSERT OR REPLACE INTO temp.set_aside (uuid, row, id, visit_id, section_id, name, role,"
                              "                                       position)"
                              " SELECT uuid, 'member', id, visit_id, NULL, name, role, position FROM team_members"
                              " WHERE visit_id = ?1 AND uuid = ?2",
                              error);
  else
    stmt = _wr_store_prepare (self,
                              "INSERT OR REPLACE INTO temp.set_aside (uuid, row, id, visit_id, section_id, name, role,"
                              "                                       position)"
                              " SELECT uuid, 'repeat', id, visit_id, section_id, NULL, NULL, position FROM repeats"
                              " WHERE visit_id = ?1 AND uuid = ?2",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, visit_id);
  bind_text (stmt, 2, uuid);

  return _wr_store_step_done (self, stmt, error);
}

/* The rows @keys names, wherever they are: the row in its own table
 * (deleted here or not), its kept versions, its tombstone and its
 * removal's clock; and what is worked out from the rows (scores), worked
 * out again later.
 */
static gboolean
patch_visit (WrStore     *self,
             gint64       visit_id,
             GHashTable  *keys,
             GError     **error)
{
  static const struct { const char *kind; const char *sql; } tables[] = {
    { "member", "DELETE FROM team_members WHERE visit_id = ?1 AND uuid = ?2" },
    { "repeat", "DELETE FROM repeats WHERE visit_id = ?1 AND uuid = ?2" },
    { "observation", "DELETE FROM observations WHERE visit_id = ?1 AND uuid = ?2" },
    { "action", "DELETE FROM actions WHERE visit_id = ?1 AND uuid = ?2" },
    { "attachment", "DELETE FROM attachments WHERE visit_id = ?1 AND uuid = ?2" },
    { "support-request", "DELETE FROM support_requests WHERE visit_id = ?1 AND uuid = ?2" },
    { "review", "DELETE FROM reviews WHERE visit_id = ?1 AND uuid = ?2" },
  };
  static const char * const always[] = {
    "DELETE FROM section_scores WHERE visit_id = ?1",
    "DELETE FROM unmet_answers WHERE visit_id = ?1",
    "DELETE FROM temp.set_aside",
  };
  GHashTableIter iter;
  gpointer key;

  if (!run_for_visit (self, always, G_N_ELEMENTS (always), visit_id, error))
    return FALSE;

  g_hash_table_iter_init (&iter, keys);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_auto(GStrv) parts = g_strsplit (key, " ", 4);
      g_autoptr(WrCachedStmt) row = NULL;
      g_autoptr(WrCachedStmt) versions = NULL;
      g_autoptr(WrCachedStmt) tombstone = NULL;

      if (g_str_equal (parts[0], "answer") && g_strv_length (parts) == 4)
        {
          row = _wr_store_prepare (self,
                                   "DELETE FROM answers WHERE visit_id = ?1 AND question_id = ?2"
                                   " AND member_uuid = ?3 AND repeat_uuid = ?4",
                                   error);
          if (row == NULL)
            return FALSE;
          sqlite3_bind_int64 (row, 1, visit_id);
          bind_text (row, 2, parts[1]);
          bind_text (row, 3, g_str_equal (parts[2], "-") ? "" : parts[2]);
          bind_text (row, 4, g_str_equal (parts[3], "-") ? "" : parts[3]);
        }
      else if (parts[0] != NULL && parts[1] != NULL)
        for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
          if (g_str_equal (parts[0], tables[i].kind))
            {
              if (!(row = _wr_store_prepare (self, tables[i].sql, error)))
                return FALSE;
              sqlite3_bind_int64 (row, 1, visit_id);
              bind_text (row, 2, parts[1]);
            }
      if (parts[0] != NULL && parts[1] != NULL && (g_str_equal (parts[0], "member") || g_str_equal (parts[0], "repeat")) &&
          (!set_aside (self, visit_id, parts[0], parts[1], error) ||
           !_wr_store_note_deletion (self, visit_id, parts[0], parts[1], FALSE, error)))
        return FALSE;
      if (row != NULL && !_wr_store_step_done (self, row, error))
        return FALSE;

      if (!(versions = _wr_store_prepare (self, "DELETE FROM row_versions WHERE visit_id = ?1 AND row_key = ?2", error)) ||
          !(tombstone = _wr_store_prepare (self, "DELETE FROM tombstones WHERE visit_id = ?1 AND row_key = ?2", error)))
        return FALSE;
      sqlite3_bind_int64 (versions, 1, visit_id);
      bind_text (versions, 2, key);
      sqlite3_bind_int64 (tombstone, 1, visit_id);
      bind_text (tombstone, 2, key);
      if (!_wr_store_step_done (self, versions, error) || !_wr_store_step_done (self, tombstone, error))
        return FALSE;
    }

  return TRUE;
}

/* A pack's clock for the visit: what this copy has seen is what either
 * had.
 */
static gboolean
import_clock (WrStore     *self,
              gint64       visit_id,
              const char  *text,
              GError     **error)
{
  g_autoptr(WrClock) clock = NULL;
  g_autoptr(GError) clock_error = NULL;

  if (!(clock = wr_clock_from_string (text, &clock_error)))
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID, _("the visit's clock: %s"), clock_error->message);
      return FALSE;
    }

  for (guint i = 0; i < wr_clock_get_n (clock); i++)
    {
      g_autoptr(WrCachedStmt) stmt = NULL;
      guint64 counter;
      const char *device = wr_clock_get_entry (clock, i, &counter);

      stmt = _wr_store_prepare (self,
                                "INSERT INTO visit_clocks (visit_id, device_id, counter) VALUES (?1, ?2, ?3)"
                                " ON CONFLICT (visit_id, device_id) DO UPDATE SET counter = max (counter, ?3)",
                                error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, visit_id);
      sqlite3_bind_text (stmt, 2, device, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, (gint64) counter);
      if (!_wr_store_step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

/* Binds a visit's fields for write_visit()'s INSERT or full UPDATE. */
static void
bind_visit (sqlite3_stmt        *stmt,
            gint64               replace_id,
            const WrExportVisit *row,
            gint64               service_id,
            const char          *start_date,
            const char          *now)
{
  bind_text (stmt, 1, row->uuid);
  bind_text (stmt, 2, row->kind);
  bind_text (stmt, 3, row->form_id);
  sqlite3_bind_int64 (stmt, 4, row->form_version);
  bind_text (stmt, 5, row->form_sha256);
  sqlite3_bind_int64 (stmt, 6, service_id);
  bind_text (stmt, 7, row->started);
  bind_text (stmt, 8, start_date);
  bind_text_or_null (stmt, 9, row->ended);
  bind_text (stmt, 10, row->status);
  sqlite3_bind_int64 (stmt, 11, row->revision);
  bind_text (stmt, 12, row->device_id);
  bind_text (stmt, 13, row->created);
  bind_text (stmt, 14, row->modified);
  /* A visit's own fields from before histories are its creator's. */
  bind_text (stmt, 15, row->change_number > 0 ? row->change_device : row->device_id);
  sqlite3_bind_int64 (stmt, 16, row->change_number);
  if (replace_id != 0)
    sqlite3_bind_int64 (stmt, 17, replace_id);
  /* Taken here now, whenever it was changed where it was. */
  sqlite3_bind_text (stmt, 18, now, -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 19, row->status != NULL && g_str_equal (row->status, "completed") ? row->completed_clock : NULL);
}

/* Adds the visit, or replaces the fields of visit @replace_id; then
 * removes everything it held, or with @patch only those rows.
 */
static gint64
write_visit (WrStore              *self,
             gint64                replace_id,
             const WrExportVisit  *row,
             gint64                service_id,
             GHashTable           *patch,
             GError              **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autofree char *start_date = g_strndup (row->started, 10);
  g_autofree char *now = _wr_store_now ();
  gboolean fields_ours = replace_id != 0 && patch != NULL && !g_hash_table_contains (patch, "visit");
  gint64 id;

  /* A merge that left the visit's own fields as ours changes only when it
   * was last changed and what follows from its rows: the columns its
   * lists are indexed by are left alone (bar a deleted visit's, brought
   * back as any replaced visit is).
   */
  if (fields_ours)
    {
      g_autoptr(WrCachedStmt) undelete = NULL;

      if (!(undelete = _wr_store_prepare (self, "UPDATE visits SET deleted = NULL WHERE id = ? AND deleted IS NOT NULL",
                                          error)))
        return 0;
      sqlite3_bind_int64 (undelete, 1, replace_id);
      if (!_wr_store_step_done (self, undelete, error))
        return 0;
      stmt = _wr_store_prepare (self,
                                "UPDATE visits SET modified = ?1, changed_here = ?2,"
                                "  n_answered = NULL, n_required = NULL,"
                                "  score_met = NULL, score_applicable = NULL, scores_known = 0"
                                " WHERE id = ?3",
                                error);
    }
  else if (replace_id != 0)
    stmt = _wr_store_prepare (self,
                              "UPDATE visits SET uuid = ?, kind = ?, form_id = ?, form_version = ?, form_sha256 = ?,"
                              "  service_id = ?, started = ?, start_date = ?, ended = ?, status = ?, revision = ?,"
                              "  device_id = ?, created = ?, modified = ?, deleted = NULL,"
                              "  change_device = ?15, change_number = ?16, changed_here = ?18, completed_clock = ?19,"
                              "  n_answered = NULL, n_required = NULL,"
                              "  score_met = NULL, score_applicable = NULL, scores_known = 0"
                              " WHERE id = ?17",
                              error);
  else
    stmt = _wr_store_prepare (self,
                              "INSERT INTO visits (uuid, kind, form_id, form_version, form_sha256, service_id,"
                              "                    started, start_date, ended, status, revision, device_id,"
                              "                    created, modified, change_device, change_number, changed_here,"
                              "                    completed_clock)"
                              " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?15, ?16, ?18, ?19)",
                              error);
  if (stmt == NULL)
    return 0;
  if (fields_ours)
    {
      bind_text (stmt, 1, row->modified);
      sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, replace_id);
    }
  else
    bind_visit (stmt, replace_id, row, service_id, start_date, now);

  if (!_wr_store_step_done (self, stmt, error))
    return 0;

  id = replace_id != 0 ? replace_id : last_id (self);
  if (patch != NULL)
    {
      if (!patch_visit (self, id, patch, error))
        return 0;
    }
  else if (replace_id != 0 && !clear_visit (self, replace_id, error))
    return 0;
  if (row->clock != NULL && !import_clock (self, id, row->clock, error))
    return 0;

  return id;
}

/**
 * _wr_store_import_visit:
 * @self: a #WrStore inside the import's transaction
 * @replace_id: the row id of the visit to replace, or 0 to add one
 * @row: the visit, as a pack carries it
 * @service_id: its service's row id
 * @error: return location for a #GError
 *
 * Adds the visit, or replaces the fields of visit @replace_id and removes
 * everything it held, so that the pack's rows can be added to it. The row
 * id of a replaced visit stays the same. The progress count and the scores
 * are left unset: they need the form; the visit page counts progress when
 * the visit is opened, and wr_visit_scores_fill() scores it when its
 * scores are next needed.
 *
 * Returns: the visit's row id, or 0 with @error set
 */
gint64
_wr_store_import_visit (WrStore              *self,
                        gint64                replace_id,
                        const WrExportVisit  *row,
                        gint64                service_id,
                        GError              **error)
{
  return write_visit (self, replace_id, row, service_id, NULL, error);
}

/**
 * _wr_store_import_patch_visit:
 * @self: a #WrStore inside the import's transaction
 * @visit_id: the row id of the visit a merge changed
 * @row: the merged visit, as a pack carries it
 * @service_id: its service's row id
 * @keys: the rows the merge changed, named as wr-pack-merge.c names them
 * @error: return location for a #GError
 *
 * Replaces the visit's fields, and removes those of its rows that @keys
 * names (their kept versions and tombstones too), so that the merged
 * visit's rows of those keys can be added: the others are as the merge
 * left them. Far less to write than replacing it all.
 *
 * Returns: %TRUE once done
 */
gboolean
_wr_store_import_patch_visit (WrStore              *self,
                              gint64                visit_id,
                              const WrExportVisit  *row,
                              gint64                service_id,
                              GHashTable           *keys,
                              GError              **error)
{
  g_return_val_if_fail (visit_id != 0 && keys != NULL, FALSE);

  return write_visit (self, visit_id, row, service_id, keys, error) != 0;
}

/**
 * _wr_store_import_fill_clock:
 * @self: a #WrStore
 * @visit_id: a visit just imported
 * @devices: (array zero-terminated=1): the devices that wrote its rows
 * @error: return location for a #GError
 *
 * Names each device in the visit's clock, at 0 if the clock does not
 * name it yet: a pack from before histories carries no clock, and the
 * devices of its rows are all it says (schema 13 did the same for the
 * visits it found).
 *
 * Returns: %TRUE once done
 */
gboolean
_wr_store_import_fill_clock (WrStore             *self,
                             gint64               visit_id,
                             const char * const  *devices,
                             GError             **error)
{
  for (guint i = 0; devices != NULL && devices[i] != NULL; i++)
    {
      g_autoptr(WrCachedStmt) stmt = NULL;

      stmt = _wr_store_prepare (self,
                                "INSERT OR IGNORE INTO visit_clocks (visit_id, device_id, counter) VALUES (?, ?, 0)",
                                error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, visit_id);
      bind_text (stmt, 2, devices[i]);
      if (!_wr_store_step_done (self, stmt, error))
        return FALSE;
    }

  /* The last of a visit's import: its rows are in. */
  return _wr_store_count_completion_unseen (self, visit_id, NULL, error);
}

gboolean
_wr_store_import_member (WrStore               *self,
                         gint64                 visit_id,
                         const WrExportMember  *row,
                         GError               **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;

  stmt = _wr_store_prepare (self,
                            "INSERT INTO team_members (visit_id, uuid, name, role, position, modified, device_id,"
                            "                          change_number)"
                            " SELECT ?1, ?2, ?3, ?4, ?5, coalesce (?6, v.modified), coalesce (?7, v.device_id), ?8"
                            " FROM visits v WHERE v.id = ?1",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, visit_id);
  bind_text (stmt, 2, row->uuid);
  bind_text (stmt, 3, row->name);
  bind_text (stmt, 4, row->role);
  sqlite3_bind_int64 (stmt, 5, row->position);
  /* A member from before histories is the visit's creator's. */
  bind_text_or_null (stmt, 6, row->change_number > 0 ? row->modified : NULL);
  bind_text_or_null (stmt, 7, row->change_number > 0 ? row->device_id : NULL);
  sqlite3_bind_int64 (stmt, 8, row->change_number);

  if (!_wr_store_step_done (self, stmt, error))
    return FALSE;

  /* The people index waits too, as index_new_text() says. */
  return index_new_person (self, last_id (self), visit_id, row->name, error);
}

gboolean
_wr_store_import_repeat (WrStore               *self,
                         gint64                 visit_id,
                         const WrExportRepeat  *row,
                         GError               **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;

  stmt = _wr_store_prepare (self,
                            "INSERT INTO repeats (visit_id, section_id, uuid, position, modified, device_id, change_number)"
                            " SELECT ?1, ?2, ?3, ?4, ?5, coalesce (?6, v.device_id), ?7 FROM visits v WHERE v.id = ?1",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, visit_id);
  bind_text (stmt, 2, row->section_id);
  bind_text (stmt, 3, row->uuid);
  sqlite3_bind_int64 (stmt, 4, row->position);
  bind_text (stmt, 5, row->modified);
  bind_text_or_null (stmt, 6, row->change_number > 0 ? row->device_id : NULL);
  sqlite3_bind_int64 (stmt, 7, row->change_number);

  return _wr_store_step_done (self, stmt, error);
}

/* What an answer puts in the search index, as _wr_store_index_answer()
 * does: its comment and a typed answer's value; NULL if nothing.
 */
static char *
answer_text (const WrExportAnswer *row)
{
  gboolean has_value = row->free_text && row->value != NULL && row->value[0] != '\0';
  gboolean has_comment = row->comment != NULL && row->comment[0] != '\0';

  if (!has_value && !has_comment)
    return NULL;

  return g_strjoin (" ", has_comment ? row->comment : "", has_value ? row->value : "", NULL);
}

/* Answers, up to this many in one statement: a pack has hundreds of
 * thousands, and each statement has its own cost.
 */
#define ANSWERS_PER_INSERT 32

/* Adds @n answers whose row ids are @first_id on, and the search index
 * entries of those with text.
 */
static gboolean
insert_answers (WrStore               *self,
                gint64                 visit_id,
                const WrExportAnswer  *rows,
                guint                  n,
                gint64                 first_id,
                GError               **error)
{
  static char *statements[ANSWERS_PER_INSERT + 1];
  static gsize made = 0;
  g_autoptr(WrCachedStmt) stmt = NULL;

  if (n == 0)
    return TRUE;

  /* Statements are cached by the address of their text: one text for
   * each number of rows, kept for the life of the process.
   */
  if (g_once_init_enter (&made))
    {
      for (guint k = 1; k <= ANSWERS_PER_INSERT; k++)
        {
          GString *sql = g_string_new ("INSERT INTO answers (id, visit_id, question_id, member_uuid, repeat_uuid, value,"
                                       " comment, free_text, modified, device_id, change_number) VALUES ");

          for (guint i = 0; i < k; i++)
            g_string_append (sql, i == 0 ? "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
          statements[k] = g_string_free (sql, FALSE);
        }
      g_once_init_leave (&made, 1);
    }

  g_assert (n <= ANSWERS_PER_INSERT);
  if (!(stmt = _wr_store_prepare (self, statements[n], error)))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      const WrExportAnswer *row = &rows[i];
      int c = (int) i * 11;

      sqlite3_bind_int64 (stmt, c + 1, first_id + i);
      sqlite3_bind_int64 (stmt, c + 2, visit_id);
      bind_text (stmt, c + 3, row->question_id);
      bind_text (stmt, c + 4, row->member_uuid);
      bind_text (stmt, c + 5, row->repeat_uuid);
      bind_text_or_null (stmt, c + 6, row->value);
      bind_text (stmt, c + 7, row->comment);
      sqlite3_bind_int (stmt, c + 8, row->free_text ? 1 : 0);
      bind_text (stmt, c + 9, row->modified);
      bind_text (stmt, c + 10, row->device_id);
      sqlite3_bind_int64 (stmt, c + 11, row->change_number);
    }

  if (!_wr_store_step_done (self, stmt, error))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *body = answer_text (&rows[i]);

      if (body != NULL && !index_new_text (self, (first_id + i) * 2 + 1, visit_id, body, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * _wr_store_import_answers:
 * @self: a #WrStore
 * @visit_id: the visit
 * @rows: (array length=n): its answers, in order
 * @n: how many
 * @error: return location for a #GError
 *
 * Adds a visit's answers in order, several to a statement, with the
 * search index entries of those with text. Their row ids follow the
 * table's largest, given here so that the entries can name them.
 *
 * Returns: %TRUE on success
 */
gboolean
_wr_store_import_answers (WrStore               *self,
                          gint64                 visit_id,
                          const WrExportAnswer  *rows,
                          guint                  n,
                          GError               **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  gint64 next_id;

  if (n == 0)
    return TRUE;

  if (!(stmt = _wr_store_prepare (self, "SELECT ifnull (max (id), 0) + 1 FROM answers", error)))
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_WRITE, _("Could not save"));
      return FALSE;
    }
  next_id = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, _wr_store_release);

  for (guint start = 0; start < n; start += ANSWERS_PER_INSERT)
    {
      guint k = MIN (n - start, ANSWERS_PER_INSERT);

      if (!insert_answers (self, visit_id, rows + start, k, next_id + start, error))
        return FALSE;
    }

  return TRUE;
}

gint64
_wr_store_import_observation (WrStore                    *self,
                              gint64                      visit_id,
                              const WrExportObservation  *row,
                              GError                    **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  gint64 id;

  stmt = _wr_store_prepare (self,
                            "INSERT INTO observations (uuid, visit_id, question_id, member_uuid, repeat_uuid, text,"
                            "                          kind, voice, category, created, modified, device_id,"
                            "                          change_number)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return 0;
  bind_text (stmt, 1, row->uuid);
  sqlite3_bind_int64 (stmt, 2, visit_id);
  bind_text (stmt, 3, row->question_id);
  bind_text (stmt, 4, row->member_uuid);
  bind_text (stmt, 5, row->repeat_uuid);
  bind_text (stmt, 6, row->text);
  bind_text (stmt, 7, row->kind);
  bind_text (stmt, 8, row->voice);
  bind_text (stmt, 9, row->category);
  bind_text (stmt, 10, row->created);
  bind_text (stmt, 11, row->modified);
  bind_text (stmt, 12, row->device_id);
  sqlite3_bind_int64 (stmt, 13, row->change_number);

  if (!_wr_store_step_done (self, stmt, error))
    return 0;

  id = last_id (self);
  if (!index_new_text (self, id * 2, visit_id, row->text, error))
    return 0;

  return id;
}

gboolean
_wr_store_import_link (WrStore             *self,
                       gint64               observation_id,
                       const WrExportLink  *row,
                       GError             **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;

  /* A pack that names a link twice means it once. */
  stmt = _wr_store_prepare (self,
                            "INSERT OR IGNORE INTO observation_links (observation_id, kind, ref) VALUES (?, ?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, observation_id);
  bind_text (stmt, 2, row->kind);
  bind_text (stmt, 3, row->ref);

  return _wr_store_step_done (self, stmt, error);
}

gboolean
_wr_store_import_action (WrStore               *self,
                         gint64                 visit_id,
                         const WrExportAction  *row,
                         GError               **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;

  stmt = _wr_store_prepare (self,
                            "INSERT INTO actions (uuid, visit_id, text, owner, due, status, observation_uuid,"
                            "                     question_id, created, modified, device_id, repeat_uuid,"
                            "                     change_number)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, row->uuid);
  sqlite3_bind_int64 (stmt, 2, visit_id);
  bind_text (stmt, 3, row->text);
  bind_text (stmt, 4, row->owner);
  bind_text_or_null (stmt, 5, row->due);
  bind_text (stmt, 6, row->status);
  bind_text (stmt, 7, row->observation_uuid);
  bind_text (stmt, 8, row->question_id);
  bind_text (stmt, 9, row->created);
  bind_text (stmt, 10, row->modified);
  bind_text (stmt, 11, row->device_id);
  bind_text (stmt, 12, row->repeat_uuid);
  sqlite3_bind_int64 (stmt, 13, row->change_number);

  return _wr_store_step_done (self, stmt, error);
}

/**
 * _wr_store_import_attachment:
 * @self: a #WrStore
 * @visit_id: the visit's row id
 * @row: the attachment; its size is the number of bytes to come
 * @error: return location for a #GError
 *
 * Adds the attachment with @row->size zero bytes, which
 * _wr_store_import_attachment_bytes() then fills piece by piece, so that a
 * 50 MB photo never sits in memory whole.
 *
 * Returns: the attachment's row id, or 0 with @error set
 */
gint64
_wr_store_import_attachment (WrStore                   *self,
                             gint64                     visit_id,
                             const WrExportAttachment  *row,
                             GError                   **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;

  stmt = _wr_store_prepare (self,
                            "INSERT INTO attachments (uuid, visit_id, question_id, file_name, media_type, size,"
                            "                         sha256, caption, data, created, modified, device_id,"
                            "                         change_number)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, zeroblob (?), ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return 0;
  bind_text (stmt, 1, row->uuid);
  sqlite3_bind_int64 (stmt, 2, visit_id);
  bind_text (stmt, 3, row->question_id);
  bind_text (stmt, 4, row->file_name);
  bind_text (stmt, 5, row->media_type);
  sqlite3_bind_int64 (stmt, 6, row->size);
  bind_text (stmt, 7, row->sha256);
  bind_text (stmt, 8, row->caption);
  sqlite3_bind_int64 (stmt, 9, row->size);
  bind_text (stmt, 10, row->created);
  bind_text (stmt, 11, row->modified);
  bind_text (stmt, 12, row->device_id);
  sqlite3_bind_int64 (stmt, 13, row->change_number);

  if (!_wr_store_step_done (self, stmt, error))
    return 0;

  return last_id (self);
}

/* Writes @len bytes at @offset of an attachment added by
 * _wr_store_import_attachment(); the caller checks they fit its size.
 */
gboolean
_wr_store_import_attachment_bytes (WrStore       *self,
                                   gint64         attachment_id,
                                   gsize          offset,
                                   const guint8  *data,
                                   gsize          len,
                                   GError       **error)
{
  sqlite3_blob *blob = NULL;
  int rc;

  if (len == 0)
    return TRUE;

  rc = sqlite3_blob_open (_wr_store_get_db (self), "main", "attachments", "data", attachment_id, 1, &blob);
  if (rc == SQLITE_OK)
    rc = sqlite3_blob_write (blob, data, (int) len, (int) offset);
  if (rc != SQLITE_OK)
    _wr_store_set_error (self, error, WR_STORE_ERROR_WRITE, _("Could not save an attachment"));
  sqlite3_blob_close (blob);

  return rc == SQLITE_OK;
}

/**
 * _wr_store_import_conflict:
 * @self: a #WrStore
 * @visit_uuid: the visit
 * @revision: the revision both sides have
 * @digest: the digest of the pack's visit
 * @content: the pack's <visit> element, as XML
 * @source: the pack's file name
 * @added: (out): whether it is new, rather than kept already
 * @error: return location for a #GError
 *
 * Keeps the pack's side of a conflict, once: the same content found again
 * in another import is not kept twice.
 *
 * Returns: %TRUE if it is kept
 */
gboolean
_wr_store_import_conflict (WrStore     *self,
                           const char  *visit_uuid,
                           guint        revision,
                           const char  *digest,
                           const char  *content,
                           gsize        content_len,
                           const char  *source,
                           gboolean    *added,
                           GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autofree char *now = _wr_store_now ();

  stmt = _wr_store_prepare (self,
                            "INSERT OR IGNORE INTO conflicts (visit_uuid, revision, digest, content, detected, source)"
                            " VALUES (?, ?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, visit_uuid);
  sqlite3_bind_int64 (stmt, 2, revision);
  bind_text (stmt, 3, digest);
  sqlite3_bind_text (stmt, 4, content, (int) content_len, SQLITE_TRANSIENT);
  bind_text (stmt, 5, now);
  bind_text (stmt, 6, source);

  if (!_wr_store_step_done (self, stmt, error))
    return FALSE;

  *added = sqlite3_changes (_wr_store_get_db (self)) > 0;
  return TRUE;
}

/**
 * _wr_store_import_list_conflicts:
 * @self: a #WrStore
 * @func: called once per conflict, oldest first, without its content
 * @user_data: for @func
 * @error: return location for a #GError
 *
 * Returns: %TRUE if every conflict was given
 */
gboolean
_wr_store_import_list_conflicts (WrStore                 *self,
                                 WrImportConflictFunc     func,
                                 gpointer                 user_data,
                                 GError                 **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  int rc;

  stmt = _wr_store_prepare (self,
                            "SELECT c.id, c.visit_uuid, c.revision, c.digest, c.detected, c.source"
                            " FROM conflicts c ORDER BY c.id",
                            error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WrImportConflict row = {
        sqlite3_column_int64 (stmt, 0), _wr_store_column_text (stmt, 1),
        (guint) sqlite3_column_int64 (stmt, 2), _wr_store_column_text (stmt, 3),
        _wr_store_column_text (stmt, 4), _wr_store_column_text (stmt, 5), NULL,
      };

      func (&row, user_data);
    }

  if (rc != SQLITE_DONE)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the conflicts"));
      return FALSE;
    }

  return TRUE;
}

/**
 * _wr_store_import_get_conflict:
 * @self: a #WrStore
 * @conflict_id: a conflict's row id
 * @func: called with the conflict and its content
 * @user_data: for @func
 * @error: return location for a #GError
 *
 * Returns: %TRUE if @func was called and returned %TRUE
 */
gboolean
_wr_store_import_get_conflict (WrStore                    *self,
                               gint64                      conflict_id,
                               WrImportConflictReadFunc    func,
                               gpointer                    user_data,
                               GError                    **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  int rc;

  stmt = _wr_store_prepare (self,
                            "SELECT id, visit_uuid, revision, digest, detected, source, content"
                            " FROM conflicts WHERE id = ?",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, conflict_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_NOT_FOUND,
                   _("That conflict is no longer there: it may have been resolved already"));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the conflicts"));
      return FALSE;
    }

  {
    WrImportConflict row = {
      sqlite3_column_int64 (stmt, 0), _wr_store_column_text (stmt, 1),
      (guint) sqlite3_column_int64 (stmt, 2), _wr_store_column_text (stmt, 3),
      _wr_store_column_text (stmt, 4), _wr_store_column_text (stmt, 5), _wr_store_column_text (stmt, 6),
    };

    return func (&row, (gsize) sqlite3_column_bytes (stmt, 6), user_data, error);
  }
}

gboolean
_wr_store_import_drop_conflict (WrStore  *self,
                                gint64    conflict_id,
                                GError  **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;

  if (!(stmt = _wr_store_prepare (self, "DELETE FROM conflicts WHERE id = ?", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, conflict_id);

  return _wr_store_step_done (self, stmt, error);
}

/* Versions of rows in conflict ------------------------------------------------------ */

/**
 * _wr_store_import_list_row_versions:
 * @self: a #WrStore
 * @visit_id: a visit's row id
 * @func: called for each kept version of a row in conflict, by key, then
 *   in the order they are shown (wr_version_order())
 * @user_data: for @func
 * @error: return location for a #GError
 *
 * Returns: %TRUE once @func saw every one and returned %TRUE for each
 */
gboolean
_wr_store_import_list_row_versions (WrStore           *self,
                                    gint64             visit_id,
                                    WrRowVersionFunc   func,
                                    gpointer           user_data,
                                    GError           **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  int rc;

  stmt = _wr_store_prepare (self,
                            "SELECT id, row_key, device_id, change_number, content, detected FROM row_versions"
                            " WHERE visit_id = ? ORDER BY row_key, change_number DESC, device_id DESC, content DESC, id",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, visit_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (!func (sqlite3_column_int64 (stmt, 0), (const char *) sqlite3_column_text (stmt, 1),
               (const char *) sqlite3_column_text (stmt, 2), sqlite3_column_int64 (stmt, 3),
               (const char *) sqlite3_column_text (stmt, 4), (const char *) sqlite3_column_text (stmt, 5), user_data,
               error))
      return FALSE;
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the visits"));
      return FALSE;
    }

  return TRUE;
}

/**
 * _wr_store_import_clear_row_versions:
 * @self: a #WrStore inside a write transaction
 * @visit_id: a visit's row id
 * @key: (nullable): one row, or %NULL for all the visit's
 * @error: return location for a #GError
 *
 * Returns: %TRUE once the kept versions are gone
 */
gboolean
_wr_store_import_clear_row_versions (WrStore     *self,
                                     gint64       visit_id,
                                     const char  *key,
                                     GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;

  stmt = _wr_store_prepare (self, "DELETE FROM row_versions WHERE visit_id = ?1 AND (?2 IS NULL OR row_key = ?2)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, visit_id);
  bind_text_or_null (stmt, 2, key);

  return _wr_store_step_done (self, stmt, error);
}

/**
 * _wr_store_import_add_row_version:
 * @self: a #WrStore inside a write transaction
 * @visit_id: a visit's row id
 * @key: the row, as wr-pack-merge.c names it
 * @device: the device of the version
 * @change: its change number
 * @content: (nullable): the row's element, or %NULL for a deletion
 * @detected: when the conflict was first seen here
 * @error: return location for a #GError
 *
 * Returns: %TRUE once kept
 */
gboolean
_wr_store_import_add_row_version (WrStore     *self,
                                  gint64       visit_id,
                                  const char  *key,
                                  const char  *device,
                                  gint64       change,
                                  const char  *content,
                                  const char  *detected,
                                  GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;

  stmt = _wr_store_prepare (self,
                            "INSERT INTO row_versions (visit_id, row_key, device_id, change_number, content, detected)"
                            " VALUES (?, ?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, visit_id);
  bind_text (stmt, 2, key);
  bind_text (stmt, 3, device);
  sqlite3_bind_int64 (stmt, 4, change);
  bind_text_or_null (stmt, 5, content);
  bind_text (stmt, 6, detected);

  return _wr_store_step_done (self, stmt, error);
}

/**
 * _wr_store_export_deletions:
 * @self: a #WrStore
 * @visit_id: a visit's row id
 * @func: called for each deleted row, in the order of their keys
 * @user_data: for @func
 * @error: return location for a #GError
 *
 * The visit's deleted rows that a pack carries (format version 5): those
 * deleted here by a numbered change and still in their tables, marked
 * deleted, and the tombstones of the rest. A row deleted before Walkround
 * kept histories is not carried: nothing could tell its deletion apart
 * from a change made before it.
 *
 * Returns: %TRUE once read
 */
gboolean
_wr_store_export_deletions (WrStore              *self,
                            gint64                visit_id,
                            WrExportDeletedFunc   func,
                            gpointer              user_data,
                            GError              **error)
{
#define CLOCK(row) \
  "(SELECT d.clock FROM deletion_clocks d WHERE d.visit_id = ?1 AND d.row = " row " AND d.uuid = uuid)"
#define SOFT(row, table) \
  " UNION ALL SELECT '" row " ' || uuid, '" row "', uuid, NULL, NULL, NULL, device_id, change_number, modified," \
  "                  " CLOCK ("'" row "'") \
  " FROM " table " WHERE visit_id = ?1 AND deleted IS NOT NULL AND change_number > 0"
  g_autoptr(WrCachedStmt) stmt = NULL;
  int rc;

  stmt = _wr_store_prepare (self,
                            "SELECT row_key, row, uuid, question_id, member_uuid, repeat_uuid, device_id, change_number,"
                            "       modified, " CLOCK ("tombstones.row")
                            " FROM tombstones WHERE visit_id = ?1"
                            SOFT ("member", "team_members") SOFT ("repeat", "repeats")
                            SOFT ("observation", "observations") SOFT ("action", "actions")
                            SOFT ("attachment", "attachments") SOFT ("support-request", "support_requests")
                            " ORDER BY 1",
                            error);
#undef SOFT
#undef CLOCK
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, visit_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WrExportDeleted row = {
        _wr_store_column_text (stmt, 0), _wr_store_column_text (stmt, 1), _wr_store_column_text (stmt, 2),
        _wr_store_column_text (stmt, 3), _wr_store_column_text (stmt, 4), _wr_store_column_text (stmt, 5),
        _wr_store_column_text (stmt, 6), sqlite3_column_int64 (stmt, 7), _wr_store_column_text (stmt, 8),
        _wr_store_column_text (stmt, 9),
      };

      if (!func (&row, user_data, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the visits"));
      return FALSE;
    }

  return TRUE;
}

/**
 * _wr_store_import_add_tombstone:
 * @self: a #WrStore inside a write transaction
 * @visit_id: a visit's row id
 * @row: the deleted row, as a pack carried it
 * @error: return location for a #GError
 *
 * Returns: %TRUE once kept
 */
gboolean
_wr_store_import_add_tombstone (WrStore                *self,
                                gint64                  visit_id,
                                const WrExportDeleted  *row,
                                GError                **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  gboolean is_member = g_str_equal (row->row, "member");

  if ((is_member || g_str_equal (row->row, "repeat")) && row->uuid != NULL)
    {
      g_autoptr(WrCachedStmt) clock = NULL;
      g_autoptr(WrCachedStmt) back = NULL;

      if (row->clock != NULL)
        {
          if (!(clock = _wr_store_prepare (self,
                                           "INSERT OR REPLACE INTO deletion_clocks (visit_id, row, uuid, clock)"
                                           " VALUES (?, ?, ?, ?)",
                                           error)))
            return FALSE;
          sqlite3_bind_int64 (clock, 1, visit_id);
          bind_text (clock, 2, row->row);
          bind_text (clock, 3, row->uuid);
          bind_text (clock, 4, row->clock);
          if (!_wr_store_step_done (self, clock, error))
            return FALSE;
        }

      /* What the merge set aside goes back, removed. */
      if (is_member)
        back = _wr_store_prepare (self,
                                  "INSERT INTO team_members (id, visit_id, uuid, name, role, position, modified, deleted,"
                                  "                          device_id, change_number)"
                                  " SELECT id, visit_id, uuid, name, role, position, ?3, ?3, ?4, ?5 FROM temp.set_aside"
                                  " WHERE uuid = ?2 AND row = 'member' AND visit_id = ?1"
                                  " RETURNING id, name",
                                  error);
      else
        back = _wr_store_prepare (self,
                                  "INSERT INTO repeats (id, visit_id, section_id, uuid, position, modified, deleted,"
                                  "                     device_id, change_number)"
                                  " SELECT id, visit_id, section_id, uuid, position, ?3, ?3, ?4, ?5 FROM temp.set_aside"
                                  " WHERE uuid = ?2 AND row = 'repeat' AND visit_id = ?1"
                                  " RETURNING id, NULL",
                                  error);
      if (back == NULL)
        return FALSE;
      sqlite3_bind_int64 (back, 1, visit_id);
      bind_text (back, 2, row->uuid);
      bind_text (back, 3, row->modified);
      bind_text (back, 4, row->device_id);
      sqlite3_bind_int64 (back, 5, row->change_number);
      if (sqlite3_step (back) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (back, 0);
          g_autofree char *name = _wr_store_column_dup (back, 1);

          if (!_wr_store_step_done (self, back, error) ||
              (is_member && !_wr_store_index_person (self, id, visit_id, name, error)))
            return FALSE;
          return TRUE;
        }
      if (!_wr_store_step_done (self, back, error))
        return FALSE;
    }

  stmt = _wr_store_prepare (self,
                            "INSERT OR REPLACE INTO tombstones (visit_id, row_key, row, uuid, question_id, member_uuid,"
                            "                                   repeat_uuid, device_id, change_number, modified)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, visit_id);
  bind_text (stmt, 2, row->key);
  bind_text (stmt, 3, row->row);
  bind_text_or_null (stmt, 4, row->uuid);
  bind_text_or_null (stmt, 5, row->question_id);
  bind_text_or_null (stmt, 6, row->member_uuid);
  bind_text_or_null (stmt, 7, row->repeat_uuid);
  bind_text (stmt, 8, row->device_id);
  sqlite3_bind_int64 (stmt, 9, row->change_number);
  bind_text (stmt, 10, row->modified);

  return _wr_store_step_done (self, stmt, error);
}

/**
 * _wr_store_import_list_conflicted:
 * @self: a #WrStore
 * @visit_uuid: (nullable): one visit, or %NULL for all
 * @visit_uuids: (element-type utf8): gains the uuids of the visits (not
 *   deleted) with rows in conflict, oldest first
 * @error: return location for a #GError
 *
 * Returns: %TRUE once listed
 */
gboolean
_wr_store_import_list_conflicted (WrStore     *self,
                                  const char  *visit_uuid,
                                  GPtrArray   *visit_uuids,
                                  GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  int rc;

  stmt = _wr_store_prepare (self,
                            "SELECT v.uuid FROM visits v"
                            " WHERE v.deleted IS NULL AND (?1 IS NULL OR v.uuid = ?1)"
                            "   AND EXISTS (SELECT 1 FROM row_versions r WHERE r.visit_id = v.id)"
                            " ORDER BY v.id",
                            error);
  if (stmt == NULL)
    return FALSE;
  bind_text_or_null (stmt, 1, visit_uuid);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (visit_uuids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the visits"));
      return FALSE;
    }

  return TRUE;
}

/**
 * _wr_store_import_find_row_versions:
 * @self: a #WrStore
 * @id: the id of one kept version
 * @visit_id: (out): its visit's row id, or 0 if there is no such version
 * @visit_uuid: (out): its visit's uuid
 * @key: (out): its row
 * @error: return location for a #GError
 *
 * Returns: %TRUE once looked up
 */
gboolean
_wr_store_import_find_row_versions (WrStore     *self,
                                    gint64       id,
                                    gint64      *visit_id,
                                    char       **visit_uuid,
                                    char       **key,
                                    GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  int rc;

  *visit_id = 0;
  stmt = _wr_store_prepare (self,
                            "SELECT r.visit_id, v.uuid, r.row_key FROM row_versions r JOIN visits v ON v.id = r.visit_id"
                            " WHERE r.id = ? AND v.deleted IS NULL",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *visit_id = sqlite3_column_int64 (stmt, 0);
      *visit_uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      *key = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
    }
  else if (rc != SQLITE_DONE)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the visits"));
      return FALSE;
    }

  return TRUE;
}
