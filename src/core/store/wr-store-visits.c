/* wr-store-visits.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wr-merge.h"
#include "wr-role.h"
#include "wr-store-private.h"
#include "wr-visit-private.h"

#define ANSWER_KEY WR_STORE_ANSWER_KEY

#define MAX_NAME_LENGTH    200
#define MAX_VALUE_LENGTH   100000
#define MAX_COMMENT_LENGTH 20000

void
wr_member_free (WrMember *member)
{
  if (member == NULL)
    return;
  g_free (member->uuid);
  g_free (member->name);
  g_free (member->role);
  g_free (member);
}

void
wr_answer_free (WrAnswer *answer)
{
  if (answer == NULL)
    return;
  g_free (answer->question_id);
  g_free (answer->member_uuid);
  g_free (answer->repeat_uuid);
  g_free (answer->value);
  g_free (answer->comment);
  g_free (answer->modified);
  g_free (answer);
}

static gboolean
is_sha256 (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p; p++)
    {
      if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
        return FALSE;
    }
  return TRUE;
}

gboolean
_wr_store_check_text (const char  *text,
            gsize        max_chars,
            const char  *what,
            GError     **error)
{
  if (text == NULL)
    return TRUE;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID, _("The %s is not valid text"), what);
      return FALSE;
    }

  if (g_utf8_strlen (text, -1) > (glong) max_chars)
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID,
                   _("The %s is longer than %" G_GSIZE_FORMAT " characters"), what, max_chars);
      return FALSE;
    }

  return TRUE;
}

WrVisit *
wr_store_get_visit (WrStore     *self,
                    const char  *visit_uuid,
                    GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (WR_IS_STORE (self), NULL);
  g_return_val_if_fail (visit_uuid != NULL, NULL);

  stmt = _wr_store_prepare (self,
                            "SELECT " WR_VISIT_COLUMNS " FROM " WR_VISIT_FROM
                            " WHERE v.uuid = ? AND v.deleted IS NULL",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, visit_uuid, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return _wr_visit_new_from_row (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_NOT_FOUND, _("There is no visit %s"), visit_uuid);
  else
    _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the visit"));

  return NULL;
}

/* Inside a transaction: the row id and status of a visit that is not
 * deleted.
 */
gboolean
_wr_store_find_visit (WrStore     *self,
                      const char  *visit_uuid,
                      gint64      *visit_id,
                      char       **status,
                      GError     **error)
{
  g_autoptr(WrCachedStmt) select = NULL;
  int rc;

  select = _wr_store_prepare (self, "SELECT id, status FROM visits WHERE uuid = ? AND deleted IS NULL", error);
  if (select == NULL)
    return FALSE;
  sqlite3_bind_text (select, 1, visit_uuid, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (select);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_NOT_FOUND, _("There is no visit %s"), visit_uuid);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the visit"));
      return FALSE;
    }
  *visit_id = sqlite3_column_int64 (select, 0);
  if (status != NULL)
    *status = _wr_store_column_dup (select, 1);
  return TRUE;
}

/**
 * _wr_store_take_change:
 * @self: a #WrStore inside a write transaction
 * @visit_id: the visit it changes
 * @error: return location for a #GError
 *
 * Takes the number of this change in the visit's clock: this device's
 * next, once a transaction, which _wr_store_mark_change() gives each row
 * the change writes. _wr_store_touch_visit() takes it; following up a
 * completed visit's actions, which does not mark it modified, takes it
 * alone.
 *
 * Returns: %TRUE once taken
 */
gboolean
_wr_store_take_change (WrStore     *self,
                       gint64       visit_id,
                       GError     **error)
{
  g_autoptr(WrCachedStmt) count = NULL;

  if (_wr_store_get_change_visit (self) == visit_id)
    return TRUE;
  g_warn_if_fail (_wr_store_get_change_visit (self) == 0);

  count = _wr_store_prepare (self,
                             "INSERT INTO visit_clocks (visit_id, device_id, counter) VALUES (?1, ?2, 1)"
                             " ON CONFLICT (visit_id, device_id) DO UPDATE SET counter = counter + 1"
                             " RETURNING counter",
                             error);
  if (count == NULL)
    return FALSE;
  sqlite3_bind_int64 (count, 1, visit_id);
  sqlite3_bind_text (count, 2, wr_store_get_device_id (self), -1, SQLITE_TRANSIENT);
  if (sqlite3_step (count) != SQLITE_ROW)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_WRITE, _("Could not save"));
      return FALSE;
    }
  _wr_store_set_change (self, visit_id, sqlite3_column_int64 (count, 0));
  if (!_wr_store_step_done (self, count, error))
    return FALSE;

  return _wr_store_mark_changed_here (self, visit_id, error);
}

/**
 * _wr_store_mark_changed_here:
 * @self: a #WrStore inside a write transaction
 * @visit_id: a visit this device changed, or took a change to from a pack
 * @error: return location for a #GError
 *
 * Notes when, by this device's clock, for incremental packs.
 *
 * Returns: %TRUE once noted
 */
gboolean
_wr_store_mark_changed_here (WrStore  *self,
                             gint64    visit_id,
                             GError  **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autofree char *now = _wr_store_now ();

  if (!(stmt = _wr_store_prepare (self, "UPDATE visits SET changed_here = ? WHERE id = ?", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, visit_id);

  return _wr_store_step_done (self, stmt, error);
}

/* Inside a write transaction: marks a visit modified @now, so that
 * exports of what changed since carry it, and takes the change's number.
 */
gboolean
_wr_store_touch_visit (WrStore     *self,
                       gint64       visit_id,
                       const char  *now,
                       GError     **error)
{
  g_autoptr(WrCachedStmt) touch = NULL;

  if (!(touch = _wr_store_prepare (self, "UPDATE visits SET modified = ? WHERE id = ?", error)))
    return FALSE;
  sqlite3_bind_text (touch, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (touch, 2, visit_id);

  return _wr_store_step_done (self, touch, error) && _wr_store_take_change (self, visit_id, error);
}

/* A change made here to a row in conflict has seen every version of it,
 * and replaces them all (wr_merge_state_write()): the other versions kept
 * beside it go, and so does a tombstone of the row (an answer brought
 * back). Rows are named as wr-pack-merge.c names them.
 */
static gboolean
drop_kept_versions (WrStore     *self,
                    const char  *table,
                    gint64       row_id,
                    GError     **error)
{
#define KEY(t, expression) \
  { t, { "DELETE FROM row_versions WHERE visit_id = ?1 AND row_key = (SELECT " expression " FROM " t " WHERE id = ?2)", \
       "DELETE FROM tombstones WHERE visit_id = ?1 AND row_key = (SELECT " expression " FROM " t " WHERE id = ?2)" } }
  static const struct { const char *table; const char *sql[2]; } drops[] = {
    KEY ("visits", "'visit'"),
    KEY ("team_members", "'member ' || uuid"),
    KEY ("repeats", "'repeat ' || uuid"),
    KEY ("answers", ANSWER_KEY),
    KEY ("observations", "'observation ' || uuid"),
    KEY ("actions", "'action ' || uuid"),
    KEY ("attachments", "'attachment ' || uuid"),
    KEY ("support_requests", "'support-request ' || uuid"),
    KEY ("reviews", "'review ' || uuid"),
  };
#undef KEY
  const char * const *sql = NULL;

  for (guint i = 0; sql == NULL && i < G_N_ELEMENTS (drops); i++)
    if (g_str_equal (table, drops[i].table))
      sql = drops[i].sql;
  g_return_val_if_fail (sql != NULL, FALSE);

  /* Only an answer can come back after a tombstone: other rows are named
   * by a uuid, never used again.
   */
  for (guint i = 0; i < (g_str_equal (table, "answers") ? 2 : 1); i++)
    {
      g_autoptr(WrCachedStmt) stmt = NULL;

      if (!(stmt = _wr_store_prepare (self, sql[i], error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, _wr_store_get_change_visit (self));
      sqlite3_bind_int64 (stmt, 2, row_id);
      if (!_wr_store_step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * _wr_store_mark_change:
 * @self: a #WrStore inside a write transaction that touched a visit
 * @table: the table of the row written: "visits" for the visit's own
 *   fields, or one of its rows' tables
 * @row_id: the row's id
 * @error: return location for a #GError
 *
 * Records that this device's change (see _wr_store_touch_visit()) wrote
 * the row, for merging it row by row.
 *
 * Returns: %TRUE once recorded
 */
gboolean
_wr_store_mark_change (WrStore     *self,
                       const char  *table,
                       gint64       row_id,
                       GError     **error)
{
  /* Statements are cached by their text, which must live as long as the
   * store: one constant a table (a name cannot be bound).
   */
#define MARK(t, device) { t, "UPDATE " t " SET change_number = ?1, " device " = ?2 WHERE id = ?3" }
  static const struct { const char *table; const char *sql; } marks[] = {
    MARK ("visits", "change_device"), MARK ("team_members", "device_id"), MARK ("repeats", "device_id"),
    MARK ("answers", "device_id"), MARK ("observations", "device_id"), MARK ("actions", "device_id"),
    MARK ("attachments", "device_id"), MARK ("support_requests", "device_id"), MARK ("reviews", "device_id"),
  };
#undef MARK
  g_autoptr(WrCachedStmt) stmt = NULL;
  const char *sql = NULL;

  g_return_val_if_fail (_wr_store_get_change_number (self) > 0, FALSE);

  for (guint i = 0; sql == NULL && i < G_N_ELEMENTS (marks); i++)
    if (g_str_equal (table, marks[i].table))
      sql = marks[i].sql;
  g_return_val_if_fail (sql != NULL, FALSE);

  if (!(stmt = _wr_store_prepare (self, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, _wr_store_get_change_number (self));
  sqlite3_bind_text (stmt, 2, wr_store_get_device_id (self), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, row_id);

  return _wr_store_step_done (self, stmt, error) && drop_kept_versions (self, table, row_id, error);
}

/* Inside a write transaction: finds a visit that may be changed, and marks
 * it modified now. A completed visit changes only through reopening it.
 */
gboolean
_wr_store_begin_visit_change (WrStore     *self,
                              const char  *visit_uuid,
                              const char  *now,
                              gint64      *visit_id,
                              GError     **error)
{
  g_autofree char *status = NULL;

  if (!_wr_store_find_visit (self, visit_uuid, visit_id, &status, error))
    return FALSE;
  if (g_strcmp0 (status, "draft") != 0)
    {
      g_set_error_literal (error, WR_STORE_ERROR, WR_STORE_ERROR_READ_ONLY,
                           _("The visit is completed; reopen it to change it"));
      return FALSE;
    }

  return _wr_store_touch_visit (self, *visit_id, now, error);
}

/**
 * wr_store_create_visit:
 * @self: a #WrStore
 * @fields: the form, service and start of the visit
 * @error: return location for a #GError
 *
 * Starts a draft visit.
 *
 * Returns: (transfer full): the new visit, or %NULL with @error set
 */
WrVisit *
wr_store_create_visit (WrStore              *self,
                       const WrVisitFields  *fields,
                       GError              **error)
{
  g_autoptr(WrCachedStmt) service = NULL;
  g_autoptr(WrCachedStmt) insert = NULL;
  g_autoptr(GDateTime) now_time = g_date_time_new_now_local ();
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *now = _wr_store_now ();
  g_autofree char *started = NULL;
  g_autofree char *start_date = NULL;
  GDateTime *start;
  int rc;

  g_return_val_if_fail (WR_IS_STORE (self), NULL);
  g_return_val_if_fail (fields != NULL, NULL);

  if (fields->kind == NULL || !g_strv_contains (wr_visit_kind_get_ids (), fields->kind))
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID,
                   _("“%s” is not a kind of visit"), fields->kind ? fields->kind : "");
      return NULL;
    }
  if (fields->form_id == NULL || fields->form_id[0] == '\0' || fields->form_version == 0 ||
      !is_sha256 (fields->form_sha256))
    {
      g_set_error_literal (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID,
                           _("A visit needs the id, version and SHA-256 of its form"));
      return NULL;
    }

  /* A visit belongs to the local date it started on. */
  start = fields->started ? fields->started : now_time;
  started = g_date_time_format (start, "%Y-%m-%dT%H:%M:%S%:z");
  start_date = g_date_time_format (start, "%Y-%m-%d");

  if (!_wr_store_begin (self, error))
    return NULL;

  if (!(service = _wr_store_prepare (self, "SELECT archived FROM services WHERE id = ?", error)))
    goto fail;
  sqlite3_bind_int64 (service, 1, fields->service_id);
  rc = sqlite3_step (service);
  if (rc != SQLITE_ROW || sqlite3_column_int (service, 0))
    {
      if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        g_set_error_literal (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID,
                             rc == SQLITE_ROW ? _("The service is archived; restore it to visit it")
                                              : _("Choose the service that is visited"));
      else
        _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the services"));
      goto fail;
    }

  insert = _wr_store_prepare (self,
                              "INSERT INTO visits (uuid, kind, form_id, form_version, form_sha256, service_id,"
                              "                    started, start_date, device_id, created, modified)"
                              " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                              error);
  if (insert == NULL)
    goto fail;
  sqlite3_bind_text (insert, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 2, fields->kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 3, fields->form_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (insert, 4, (int) fields->form_version);
  sqlite3_bind_text (insert, 5, fields->form_sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (insert, 6, fields->service_id);
  sqlite3_bind_text (insert, 7, started, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 8, start_date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 9, wr_store_get_device_id (self), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 10, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 11, now, -1, SQLITE_TRANSIENT);

  if (!_wr_store_step_done (self, insert, error) ||
      !_wr_store_touch_visit (self, sqlite3_last_insert_rowid (_wr_store_get_db (self)), now, error) ||
      !_wr_store_mark_change (self, "visits", _wr_store_get_change_visit (self), error) ||
      !_wr_store_audit (self, uuid, "visit", uuid, "created", NULL, fields->form_id, error) ||
      !_wr_store_commit (self, error))
    goto fail;

  return wr_store_get_visit (self, uuid, error);

fail:
  _wr_store_rollback (self);
  return NULL;
}

/* The clock of visit ?1 as a pack writes it. */
#define VISIT_CLOCK \
  "(SELECT group_concat (entry, ' ') FROM" \
  "   (SELECT device_id || ':' || counter AS entry FROM visit_clocks WHERE visit_id = ?1 ORDER BY device_id))"

/* A completed visit keeps its clock as it was completed, the completion's
 * own change included: what it covers is what the completion saw. A
 * draft has none.
 */
static gboolean
note_completion (WrStore  *self,
                 gint64    visit_id,
                 GError  **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;

  stmt = _wr_store_prepare (self,
                            "UPDATE visits SET completion_unseen = 0, completed_clock = CASE WHEN status = 'completed'"
                            "  THEN " VISIT_CLOCK " END"
                            " WHERE id = ?1",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, visit_id);

  return _wr_store_step_done (self, stmt, error);
}

/**
 * _wr_store_note_deletion:
 * @self: a #WrStore inside a write transaction that took a change
 * @visit_id: the visit
 * @row: "member" or "repeat"
 * @uuid: the member's or repeat's uuid
 * @deleted: %TRUE if it was removed, %FALSE if it was brought back
 * @error: return location for a #GError
 *
 * Keeps the visit's clock as it is when a team member or a repeat is
 * removed, the removal's own change included: what it covers is what the
 * removal saw (see wr_store_list_deletion_conflicts()).
 *
 * Returns: %TRUE once kept
 */
gboolean
_wr_store_note_deletion (WrStore     *self,
                         gint64       visit_id,
                         const char  *row,
                         const char  *uuid,
                         gboolean     deleted,
                         GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;

  if (deleted)
    stmt = _wr_store_prepare (self,
                              "INSERT OR REPLACE INTO deletion_clocks (visit_id, row, uuid, clock)"
                              " VALUES (?1, ?2, ?3, " VISIT_CLOCK ")",
                              error);
  else
    stmt = _wr_store_prepare (self, "DELETE FROM deletion_clocks WHERE visit_id = ?1 AND row = ?2 AND uuid = ?3",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, visit_id);
  sqlite3_bind_text (stmt, 2, row, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, uuid, -1, SQLITE_TRANSIENT);

  return _wr_store_step_done (self, stmt, error);
}

/**
 * _wr_store_count_completion_unseen:
 * @self: a #WrStore
 * @visit_id: a visit's row id
 * @keys: (nullable) (element-type utf8): gains the rows changed without
 *   the completion seen, named as wr-pack-merge.c names them; or %NULL to
 *   count them and keep the count (inside a write transaction)
 * @error: return location for a #GError
 *
 * Finds what was changed on a completed visit by devices that had not seen
 * its completion: its answers, observations, team, repeats and photos
 * (deleted or not) that a change its completion's clock does not cover
 * wrote. Only such a device can have: a completed visit's rows of these
 * kinds change only once it is reopened, which clears the clock. Actions,
 * support requests and reviews are followed up after completion, and are
 * not counted.
 *
 * Returns: %TRUE once counted
 */
gboolean
_wr_store_count_completion_unseen (WrStore     *self,
                                   gint64       visit_id,
                                   GPtrArray   *keys,
                                   GError     **error)
{
  g_autoptr(WrCachedStmt) visit = NULL;
  g_autoptr(WrCachedStmt) rows = NULL;
  g_autoptr(WrCachedStmt) keep = NULL;
  g_autoptr(WrClock) clock = NULL;
  guint n = 0;
  int rc;

  if (!(visit = _wr_store_prepare (self, "SELECT completed_clock FROM visits WHERE id = ? AND status = 'completed'",
                                   error)))
    return FALSE;
  sqlite3_bind_int64 (visit, 1, visit_id);
  rc = sqlite3_step (visit);
  if (rc == SQLITE_ROW && _wr_store_column_text (visit, 0) != NULL)
    clock = wr_clock_from_string (_wr_store_column_text (visit, 0), NULL);
  else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the visit"));
      return FALSE;
    }
  sqlite3_reset (visit);

  if (clock != NULL)
    {
      rows = _wr_store_prepare (self,
                                "SELECT " ANSWER_KEY ", device_id, change_number FROM answers WHERE visit_id = ?1 AND change_number > 0"
                                " UNION ALL SELECT 'observation ' || uuid, device_id, change_number FROM observations"
                                "   WHERE visit_id = ?1 AND change_number > 0"
                                " UNION ALL SELECT 'member ' || uuid, device_id, change_number FROM team_members"
                                "   WHERE visit_id = ?1 AND change_number > 0"
                                " UNION ALL SELECT 'repeat ' || uuid, device_id, change_number FROM repeats"
                                "   WHERE visit_id = ?1 AND change_number > 0"
                                " UNION ALL SELECT 'attachment ' || uuid, device_id, change_number FROM attachments"
                                "   WHERE visit_id = ?1 AND change_number > 0"
                                " UNION ALL SELECT row_key, device_id, change_number FROM tombstones"
                                "   WHERE visit_id = ?1 AND (row = 'answer' OR row = 'observation' OR row = 'member'"
                                "                            OR row = 'repeat' OR row = 'attachment')"
                                " ORDER BY 1",
                                error);
      if (rows == NULL)
        return FALSE;
      sqlite3_bind_int64 (rows, 1, visit_id);
      while ((rc = sqlite3_step (rows)) == SQLITE_ROW)
        {
          const char *device = _wr_store_column_text (rows, 1);

          if (device == NULL || wr_clock_covers (clock, device, (guint64) sqlite3_column_int64 (rows, 2)))
            continue;
          n++;
          if (keys != NULL)
            g_ptr_array_add (keys, _wr_store_column_dup (rows, 0));
        }
      if (rc != SQLITE_DONE)
        {
          _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the visit"));
          return FALSE;
        }
    }

  if (keys != NULL)
    return TRUE;
  if (!(keep = _wr_store_prepare (self, "UPDATE visits SET completion_unseen = ?2 WHERE id = ?1 AND completion_unseen != ?2",
                                  error)))
    return FALSE;
  sqlite3_bind_int64 (keep, 1, visit_id);
  sqlite3_bind_int64 (keep, 2, n);

  return _wr_store_step_done (self, keep, error);
}

/**
 * wr_store_complete_again:
 * @self: a #WrStore
 * @conflict_id: a completion conflict's id, from
 *   wr_store_list_completion_conflicts() (the visit's row id)
 * @error: return location for a #GError
 *
 * Resolves a completion conflict by completing the visit again as it now
 * is, with the changes made elsewhere: a change of this device to the
 * visit's own fields, whose clock covers them, and so resolves it on every
 * device its packs reach. (Reopening the visit, wr_store_reopen_visit(),
 * resolves it the other way.)
 *
 * Returns: %TRUE once saved
 */
gboolean
wr_store_complete_again (WrStore     *self,
                         gint64       conflict_id,
                         GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autofree char *now = _wr_store_now ();
  g_autofree char *uuid = NULL;
  g_autofree char *unseen = NULL;

  g_return_val_if_fail (WR_IS_STORE (self), FALSE);

  if (!_wr_store_begin (self, error))
    return FALSE;

  if (!(stmt = _wr_store_prepare (self, "SELECT uuid, completion_unseen FROM visits"
                                  " WHERE id = ? AND status = 'completed' AND completion_unseen > 0",
                                  error)))
    goto fail;
  sqlite3_bind_int64 (stmt, 1, conflict_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID,
                   _("There is no completed visit changed elsewhere with the id c%" G_GINT64_FORMAT
                     "; it may have been resolved already"),
                   conflict_id);
      goto fail;
    }
  uuid = _wr_store_column_dup (stmt, 0);
  unseen = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 1));
  sqlite3_reset (stmt);

  if (!_wr_store_touch_visit (self, conflict_id, now, error) ||
      !_wr_store_mark_change (self, "visits", conflict_id, error) ||
      !note_completion (self, conflict_id, error) ||
      !_wr_store_audit (self, uuid, "visit", uuid, "completed-again", unseen, NULL, error) ||
      !_wr_store_commit (self, error))
    goto fail;

  return TRUE;

fail:
  _wr_store_rollback (self);
  return FALSE;
}

void
wr_completion_conflict_free (WrCompletionConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->visit_uuid);
  g_free (conflict->completed_by);
  g_free (conflict->completed);
  g_ptr_array_unref (conflict->rows);
  g_free (conflict);
}

/**
 * wr_store_list_completion_conflicts:
 * @self: a #WrStore
 * @visit_uuid: (nullable): one visit, or %NULL for all
 * @error: return location for a #GError
 *
 * Lists the completed visits that devices which had not seen their
 * completion changed (see _wr_store_count_completion_unseen()), as packs
 * brought them here.
 *
 * Returns: (transfer full) (element-type WrCompletionConflict): the
 *   visits, oldest first, or %NULL with @error set
 */
GPtrArray *
wr_store_list_completion_conflicts (WrStore     *self,
                                    const char  *visit_uuid,
                                    GError     **error)
{
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) wr_completion_conflict_free);
  g_autoptr(WrCachedStmt) stmt = NULL;
  gboolean began;
  int rc;

  g_return_val_if_fail (WR_IS_STORE (self), NULL);

  if (!_wr_store_begin_read (self, &began, error))
    return NULL;
  stmt = _wr_store_prepare (self,
                            "SELECT id, uuid, change_device, ifnull (ended, '') FROM visits"
                            " WHERE completion_unseen > 0 AND deleted IS NULL AND (?1 IS NULL OR uuid = ?1)"
                            " ORDER BY id",
                            error);
  if (stmt == NULL)
    goto fail;
  if (visit_uuid != NULL)
    sqlite3_bind_text (stmt, 1, visit_uuid, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WrCompletionConflict *conflict = g_new0 (WrCompletionConflict, 1);

      conflict->id = sqlite3_column_int64 (stmt, 0);
      conflict->visit_uuid = _wr_store_column_dup (stmt, 1);
      conflict->completed_by = _wr_store_column_dup (stmt, 2);
      conflict->completed = _wr_store_column_dup (stmt, 3);
      conflict->rows = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (conflicts, conflict);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the visits"));
      goto fail;
    }
  for (guint i = 0; i < conflicts->len; i++)
    {
      WrCompletionConflict *conflict = g_ptr_array_index (conflicts, i);

      if (!_wr_store_count_completion_unseen (self, conflict->id, conflict->rows, error))
        goto fail;
    }
  _wr_store_end_read (self, began);

  return g_steal_pointer (&conflicts);

fail:
  _wr_store_end_read (self, began);
  return NULL;
}


/* Moves a visit between draft and completed; reopening bumps its revision so
 * that evidence packs tell the new content from the old.
 */
static gboolean
set_status (WrStore     *self,
            const char  *visit_uuid,
            const char  *from,
            const char  *to,
            GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autofree char *now = _wr_store_now ();
  gboolean reopening = g_str_equal (to, "draft");
  gint64 visit_id;

  g_return_val_if_fail (WR_IS_STORE (self), FALSE);
  g_return_val_if_fail (visit_uuid != NULL, FALSE);

  if (!_wr_store_begin (self, error))
    return FALSE;

  if (!_wr_store_find_visit (self, visit_uuid, &visit_id, NULL, error))
    goto fail;

  stmt = _wr_store_prepare (self,
                            "UPDATE visits SET status = ?2, modified = ?3,"
                            "  ended = CASE WHEN ?2 = 'completed' THEN ifnull (ended, ?3) ELSE ended END,"
                            "  revision = revision + (?2 = 'draft')"
                            " WHERE id = ?1 AND status = ?4",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, visit_id);
  sqlite3_bind_text (stmt, 2, to, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, from, -1, SQLITE_STATIC);
  if (!_wr_store_step_done (self, stmt, error))
    goto fail;

  if (sqlite3_changes (_wr_store_get_db (self)) == 0)
    {
      g_autoptr(WrVisit) visit = wr_store_get_visit (self, visit_uuid, error);

      if (visit != NULL)
        g_set_error_literal (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID,
                             reopening ? _("The visit is not completed, so it cannot be reopened")
                                       : _("The visit is already completed"));
      goto fail;
    }

  if (!_wr_store_touch_visit (self, visit_id, now, error) ||
      !_wr_store_mark_change (self, "visits", visit_id, error) ||
      !note_completion (self, visit_id, error) ||
      !_wr_store_audit (self, visit_uuid, "visit", visit_uuid, "status", from, to, error) ||
      !_wr_store_commit (self, error))
    goto fail;

  return TRUE;

fail:
  _wr_store_rollback (self);
  return FALSE;
}

gboolean
wr_store_complete_visit (WrStore     *self,
                         const char  *visit_uuid,
                         GError     **error)
{
  return set_status (self, visit_uuid, "draft", "completed", error);
}

gboolean
wr_store_reopen_visit (WrStore     *self,
                       const char  *visit_uuid,
                       GError     **error)
{
  return set_status (self, visit_uuid, "completed", "draft", error);
}

/**
 * wr_store_set_visit_progress:
 * @self: a #WrStore
 * @visit_uuid: a visit
 * @answered: how many required questions are answered
 * @required: how many required questions the visit shows
 *
 * Keeps the visit page's count for the visits list. The count follows
 * from the answers, so it is not audited, does not touch the visit's
 * modified time, and may be written for a completed visit too.
 *
 * Returns: %TRUE once saved
 */
gboolean
wr_store_set_visit_progress (WrStore     *self,
                             const char  *visit_uuid,
                             guint        answered,
                             guint        required,
                             GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;

  g_return_val_if_fail (WR_IS_STORE (self), FALSE);
  g_return_val_if_fail (visit_uuid != NULL, FALSE);
  g_return_val_if_fail (answered <= required, FALSE);

  if (!_wr_store_begin (self, error))
    return FALSE;

  stmt = _wr_store_prepare (self,
                            "UPDATE visits SET n_answered = ?2, n_required = ?3"
                            " WHERE uuid = ?1 AND (n_answered IS NOT ?2 OR n_required IS NOT ?3)",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, visit_uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, answered);
  sqlite3_bind_int64 (stmt, 3, required);
  if (!_wr_store_step_done (self, stmt, error))
    goto fail;

  /* Already so (or no such visit): nothing to commit or announce. */
  if (sqlite3_changes (_wr_store_get_db (self)) == 0)
    {
      _wr_store_rollback (self);
      return TRUE;
    }

  _wr_store_note_change (self, "visit", visit_uuid);
  return _wr_store_commit (self, error);

fail:
  _wr_store_rollback (self);
  return FALSE;
}

/* A deleted visit stays in the file, hidden, until it is purged, so that
 * Undo can bring it back whole.
 */
static gboolean
set_deleted (WrStore     *self,
             const char  *visit_uuid,
             gboolean     deleted,
             GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autofree char *now = _wr_store_now ();

  g_return_val_if_fail (WR_IS_STORE (self), FALSE);
  g_return_val_if_fail (visit_uuid != NULL, FALSE);

  if (!_wr_store_begin (self, error))
    return FALSE;

  stmt = _wr_store_prepare (self,
                            "UPDATE visits SET deleted = CASE WHEN ?2 THEN ?3 END, modified = ?3"
                            " WHERE uuid = ?1 AND (deleted IS NULL) = ?2",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, visit_uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, !!deleted);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
  if (!_wr_store_step_done (self, stmt, error))
    goto fail;

  if (sqlite3_changes (_wr_store_get_db (self)) == 0)
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_NOT_FOUND, _("There is no visit %s"), visit_uuid);
      goto fail;
    }

  if (!_wr_store_audit (self, visit_uuid, "visit", visit_uuid, "deleted",
                        deleted ? NULL : "1", deleted ? "1" : NULL, error) ||
      !_wr_store_commit (self, error))
    goto fail;

  return TRUE;

fail:
  _wr_store_rollback (self);
  return FALSE;
}

gboolean
wr_store_delete_visit (WrStore     *self,
                       const char  *visit_uuid,
                       GError     **error)
{
  return set_deleted (self, visit_uuid, TRUE, error);
}

gboolean
wr_store_restore_visit (WrStore     *self,
                        const char  *visit_uuid,
                        GError     **error)
{
  return set_deleted (self, visit_uuid, FALSE, error);
}

/**
 * wr_store_find_previous_visit:
 * @self: a #WrStore
 * @visit_uuid: a visit
 * @error: return location for a #GError
 *
 * Finds the last visit to the same service before this one, whose open
 * actions a revisit looks at again.
 *
 * Returns: (transfer full) (nullable): that visit, or %NULL if there is
 *   none (with @error unset) or on error
 */
WrVisit *
wr_store_find_previous_visit (WrStore     *self,
                              const char  *visit_uuid,
                              GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (WR_IS_STORE (self), NULL);
  g_return_val_if_fail (visit_uuid != NULL, NULL);

  stmt = _wr_store_prepare (self,
                            "SELECT " WR_VISIT_COLUMNS " FROM " WR_VISIT_FROM ", visits this"
                            " WHERE this.uuid = ? AND v.service_id = this.service_id AND v.id <> this.id"
                            "   AND v.deleted IS NULL AND v.started < this.started"
                            " ORDER BY v.started DESC LIMIT 1",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, visit_uuid, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return _wr_visit_new_from_row (stmt);
  if (rc != SQLITE_DONE)
    _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the visits"));

  return NULL;
}

/* Runs @sql (which returns one text per row it removes) for each id, and
 * logs what each row held.
 */
static gboolean
delete_each (WrStore            *self,
             const char         *sql,
             gint64              visit_id,
             const char         *visit_uuid,
             const char         *entity,
             const char * const *ids,
             GError            **error)
{
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      g_autoptr(WrCachedStmt) stmt = _wr_store_prepare (self, sql, error);
      g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func (g_free);
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, visit_id);
      sqlite3_bind_text (stmt, 2, ids[i], -1, SQLITE_TRANSIENT);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (removed, _wr_store_column_dup (stmt, 0));
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          _wr_store_set_error (self, error, WR_STORE_ERROR_WRITE, _("Could not save"));
          return FALSE;
        }

      for (guint r = 0; r < removed->len; r++)
        {
          if (!_wr_store_audit (self, visit_uuid, entity, ids[i], "dropped",
                                g_ptr_array_index (removed, r), NULL, error))
            return FALSE;
        }
    }

  return TRUE;
}

/* The answers to questions a newer form dropped, and the repeats of its
 * sections it dropped, are deletions: changes other devices must see. The
 * answers go (a tombstone each); the repeats are marked deleted by
 * delete_each(), after this.
 */
static gboolean
mark_dropped (WrStore            *self,
              gint64              visit_id,
              const char * const *question_ids,
              const char * const *section_ids,
              const char         *now,
              GError            **error)
{
  for (guint pass = 0; pass < 2; pass++)
    {
      const char * const *ids = pass == 0 ? question_ids : section_ids;

      for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
        {
          g_autoptr(WrCachedStmt) stmt = NULL;

          if (pass == 0)
            stmt = _wr_store_prepare (self,
                                      "INSERT OR REPLACE INTO tombstones (visit_id, row_key, row, question_id, member_uuid,"
                                      "                                   repeat_uuid, device_id, change_number, modified)"
                                      " SELECT visit_id, " ANSWER_KEY ","
                                      "        'answer', question_id, NULLIF (member_uuid, ''), NULLIF (repeat_uuid, ''),"
                                      "        ?2, ?1, ?5"
                                      " FROM answers WHERE visit_id = ?3 AND question_id = ?4",
                                      error);
          else
            stmt = _wr_store_prepare (self,
                                      "UPDATE repeats SET change_number = ?1, device_id = ?2, modified = ?5"
                                      " WHERE visit_id = ?3 AND section_id = ?4 AND deleted IS NULL",
                                      error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, _wr_store_get_change_number (self));
          sqlite3_bind_text (stmt, 2, wr_store_get_device_id (self), -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (stmt, 3, visit_id);
          sqlite3_bind_text (stmt, 4, ids[i], -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);
          if (!_wr_store_step_done (self, stmt, error))
            return FALSE;

          if (pass == 1)
            {
              g_autoptr(WrCachedStmt) clocks = NULL;

              clocks = _wr_store_prepare (self,
                                          "INSERT OR REPLACE INTO deletion_clocks (visit_id, row, uuid, clock)"
                                          " SELECT ?1, 'repeat', uuid, " VISIT_CLOCK " FROM repeats"
                                          " WHERE visit_id = ?1 AND section_id = ?2 AND deleted IS NULL",
                                          error);
              if (clocks == NULL)
                return FALSE;
              sqlite3_bind_int64 (clocks, 1, visit_id);
              sqlite3_bind_text (clocks, 2, ids[i], -1, SQLITE_TRANSIENT);
              if (!_wr_store_step_done (self, clocks, error))
                return FALSE;
            }
        }
    }

  return TRUE;
}

/**
 * wr_store_change_visit_form:
 * @self: a #WrStore
 * @visit_uuid: a draft visit
 * @form_version: the newer version of its form
 * @form_sha256: that version's SHA-256
 * @dropped_question_ids: (nullable): questions the newer version no longer has
 * @dropped_section_ids: (nullable): repeatable sections it no longer has
 * @error: return location for a #GError
 *
 * Moves a draft to a newer version of its form in one transaction: the
 * answers to questions that are gone are dropped (and logged, with their
 * values), the rest kept.
 *
 * Returns: %TRUE once saved
 */
gboolean
wr_store_change_visit_form (WrStore            *self,
                            const char         *visit_uuid,
                            guint               form_version,
                            const char         *form_sha256,
                            const char * const *dropped_question_ids,
                            const char * const *dropped_section_ids,
                            GError            **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autofree char *now = _wr_store_now ();
  g_autofree char *version = g_strdup_printf ("%u", form_version);
  gint64 visit_id;

  g_return_val_if_fail (WR_IS_STORE (self), FALSE);
  g_return_val_if_fail (visit_uuid != NULL && form_version > 0, FALSE);

  if (!is_sha256 (form_sha256))
    {
      g_set_error_literal (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID,
                           _("A visit needs the id, version and SHA-256 of its form"));
      return FALSE;
    }

  if (!_wr_store_begin (self, error))
    return FALSE;

  if (!_wr_store_begin_visit_change (self, visit_uuid, now, &visit_id, error) ||
      !mark_dropped (self, visit_id, dropped_question_ids, dropped_section_ids, now, error) ||
      !delete_each (self, "DELETE FROM answers WHERE visit_id = ? AND question_id = ?"
                          " RETURNING member_uuid || '/' || repeat_uuid || ': ' || ifnull (value, '') || ' ' || comment",
                    visit_id, visit_uuid, "answer", dropped_question_ids, error) ||
      !delete_each (self, "UPDATE repeats SET deleted = modified WHERE visit_id = ? AND section_id = ?"
                          " AND deleted IS NULL RETURNING uuid",
                    visit_id, visit_uuid, "repeat", dropped_section_ids, error) ||
      !_wr_store_mark_change (self, "visits", visit_id, error))
    goto fail;

  stmt = _wr_store_prepare (self, "UPDATE visits SET form_version = ?, form_sha256 = ? WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int (stmt, 1, (int) form_version);
  sqlite3_bind_text (stmt, 2, form_sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, visit_id);

  if (!_wr_store_step_done (self, stmt, error) ||
      !_wr_store_audit (self, visit_uuid, "visit", visit_uuid, "form_version", NULL, version, error) ||
      !_wr_store_commit (self, error))
    goto fail;

  return TRUE;

fail:
  _wr_store_rollback (self);
  return FALSE;
}

/**
 * wr_store_add_member:
 * @self: a #WrStore
 * @visit_uuid: a draft visit
 * @name: the person's name
 * @role: a role id, see wr_role_find()
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the new member's uuid, or %NULL with @error set
 */
char *
wr_store_add_member (WrStore     *self,
                     const char  *visit_uuid,
                     const char  *name,
                     const char  *role,
                     GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *now = _wr_store_now ();
  gint64 visit_id;

  g_return_val_if_fail (WR_IS_STORE (self), NULL);
  g_return_val_if_fail (visit_uuid != NULL, NULL);

  if (!_wr_store_check_text (name, MAX_NAME_LENGTH, _("name"), error))
    return NULL;
  trimmed = g_strstrip (g_strdup (name ? name : ""));
  if (trimmed[0] == '\0')
    {
      g_set_error_literal (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID, _("A team member needs a name"));
      return NULL;
    }
  if (wr_role_find (role) < 0)
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID,
                   _("“%s” is not a role on a visit team"), role ? role : "");
      return NULL;
    }

  if (!_wr_store_begin (self, error))
    return NULL;

  if (!_wr_store_begin_visit_change (self, visit_uuid, now, &visit_id, error))
    goto fail;

  /* Last, at a position no member has had here, removed ones included,
   * so that a removal (kept, as it must travel) is never renumbered around.
   */
  stmt = _wr_store_prepare (self,
                            "INSERT INTO team_members (visit_id, uuid, name, role, position, modified)"
                            " VALUES (?1, ?2, ?3, ?4,"
                            "         (SELECT ifnull (max (position), -1) + 1 FROM team_members WHERE visit_id = ?1), ?5)",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, visit_id);
  sqlite3_bind_text (stmt, 2, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, trimmed, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, role, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);

  if (!_wr_store_step_done (self, stmt, error) ||
      !_wr_store_mark_change (self, "team_members", sqlite3_last_insert_rowid (_wr_store_get_db (self)), error) ||
      !_wr_store_index_person (self, sqlite3_last_insert_rowid (_wr_store_get_db (self)), visit_id, trimmed, error) ||
      !_wr_store_audit (self, visit_uuid, "member", uuid, "added", NULL, trimmed, error) ||
      !_wr_store_commit (self, error))
    goto fail;

  return g_steal_pointer (&uuid);

fail:
  _wr_store_rollback (self);
  return NULL;
}

gboolean
wr_store_remove_member (WrStore     *self,
                        const char  *visit_uuid,
                        const char  *member_uuid,
                        GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autofree char *now = _wr_store_now ();
  g_autofree char *name = NULL;
  gint64 visit_id;
  gint64 member_id;

  g_return_val_if_fail (WR_IS_STORE (self), FALSE);
  g_return_val_if_fail (visit_uuid != NULL, FALSE);
  g_return_val_if_fail (member_uuid != NULL, FALSE);

  if (!_wr_store_begin (self, error))
    return FALSE;

  if (!_wr_store_begin_visit_change (self, visit_uuid, now, &visit_id, error))
    goto fail;

  /* Kept, marked deleted: the removal is a change other devices must see. */
  stmt = _wr_store_prepare (self,
                            "UPDATE team_members SET deleted = ?3, modified = ?3"
                            " WHERE visit_id = ?1 AND uuid = ?2 AND deleted IS NULL RETURNING id, name",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, visit_id);
  sqlite3_bind_text (stmt, 2, member_uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_NOT_FOUND,
                   _("There is no team member %s on this visit"), member_uuid);
      goto fail;
    }
  member_id = sqlite3_column_int64 (stmt, 0);
  name = g_strdup (_wr_store_column_text (stmt, 1));
  if (!_wr_store_step_done (self, stmt, error))
    goto fail;

  if (!_wr_store_mark_change (self, "team_members", member_id, error) ||
      !_wr_store_note_deletion (self, visit_id, "member", member_uuid, TRUE, error) ||
      !_wr_store_audit (self, visit_uuid, "member", member_uuid, "removed", name, NULL, error) ||
      !_wr_store_commit (self, error))
    goto fail;

  return TRUE;

fail:
  _wr_store_rollback (self);
  return FALSE;
}

static gpointer
member_from_row (sqlite3_stmt *stmt)
{
  WrMember *member = g_new0 (WrMember, 1);

  member->uuid = _wr_store_column_dup (stmt, 0);
  member->name = _wr_store_column_dup (stmt, 1);
  member->role = _wr_store_column_dup (stmt, 2);

  return member;
}

/**
 * wr_store_list_members:
 * @self: a #WrStore
 * @visit_uuid: a visit
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type WrMember): the team in the order
 *   they were added, by position then uuid (the same order on every device,
 *   should two devices each have added one at the same position), or %NULL
 *   with @error set
 */
GPtrArray *
wr_store_list_members (WrStore     *self,
                       const char  *visit_uuid,
                       GError     **error)
{
  g_return_val_if_fail (WR_IS_STORE (self), NULL);

  return _wr_store_list_for_visit (self,
                                   "SELECT m.uuid, m.name, m.role FROM team_members m JOIN visits v ON v.id = m.visit_id"
                                   " WHERE v.uuid = ? AND m.deleted IS NULL ORDER BY m.position, m.uuid",
                                   visit_uuid, member_from_row, (GDestroyNotify) wr_member_free,
                                   _("Could not read the team"), error);
}

/* Saves one field of an answer, creating the answer if need be, and logs the
 * old and new value. Both kinds of change go through here.
 */
static gboolean
save_answer_field (WrStore            *self,
                   const char         *visit_uuid,
                   const WrAnswerKey  *key,
                   gboolean            is_comment,
                   const char         *text,
                   gboolean            free_text,
                   GError            **error)
{
  g_autoptr(WrCachedStmt) old = NULL;
  g_autoptr(WrCachedStmt) upsert = NULL;
  g_autofree char *now = _wr_store_now ();
  g_autofree char *old_text = NULL;
  g_autofree char *entity_id = NULL;
  const char *member = key->member_uuid ? key->member_uuid : "";
  const char *repeat = key->repeat_uuid ? key->repeat_uuid : "";
  gboolean unchanged = FALSE;
  gint64 visit_id;
  gint64 answer_id;
  int rc;

  if (!_wr_store_begin (self, error))
    return FALSE;

  if (!_wr_store_begin_visit_change (self, visit_uuid, now, &visit_id, error))
    goto fail;

  old = _wr_store_prepare (self,
                           "SELECT value, comment, free_text FROM answers"
                           " WHERE visit_id = ? AND question_id = ? AND member_uuid = ? AND repeat_uuid = ?",
                           error);
  if (old == NULL)
    goto fail;
  sqlite3_bind_int64 (old, 1, visit_id);
  sqlite3_bind_text (old, 2, key->question_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (old, 3, member, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (old, 4, repeat, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (old);
  if (rc == SQLITE_ROW)
    {
      old_text = g_strdup (_wr_store_column_text (old, is_comment ? 1 : 0));
      unchanged = g_strcmp0 (old_text, text) == 0 &&
                  (is_comment || sqlite3_column_int (old, 2) == !!free_text);
    }
  else if (rc != SQLITE_DONE)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the answer"));
      goto fail;
    }
  sqlite3_reset (old);

  /* Nothing changed: nothing to write or log. */
  if (unchanged)
    {
      _wr_store_rollback (self);
      return TRUE;
    }

  if (is_comment)
    upsert = _wr_store_prepare (self,
                                "INSERT INTO answers (visit_id, question_id, member_uuid, repeat_uuid,"
                                "                     comment, modified, device_id)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                                " ON CONFLICT (visit_id, question_id, member_uuid, repeat_uuid)"
                                " DO UPDATE SET comment = ?5, modified = ?6, device_id = ?7"
                                " RETURNING id, value, comment, free_text",
                                error);
  else
    upsert = _wr_store_prepare (self,
                                "INSERT INTO answers (visit_id, question_id, member_uuid, repeat_uuid,"
                                "                     value, modified, device_id, free_text)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                                " ON CONFLICT (visit_id, question_id, member_uuid, repeat_uuid)"
                                " DO UPDATE SET value = ?5, modified = ?6, device_id = ?7, free_text = ?8"
                                " RETURNING id, value, comment, free_text",
                                error);
  if (upsert == NULL)
    goto fail;
  sqlite3_bind_int64 (upsert, 1, visit_id);
  sqlite3_bind_text (upsert, 2, key->question_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (upsert, 3, member, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (upsert, 4, repeat, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (upsert, 5, is_comment && text == NULL ? "" : text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (upsert, 6, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (upsert, 7, wr_store_get_device_id (self), -1, SQLITE_TRANSIENT);
  if (!is_comment)
    sqlite3_bind_int (upsert, 8, !!free_text);

  entity_id = g_strjoin ("/", key->question_id, member, repeat, NULL);

  if (sqlite3_step (upsert) != SQLITE_ROW)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_WRITE, _("Could not save"));
      goto fail;
    }
  answer_id = sqlite3_column_int64 (upsert, 0);
  if (!_wr_store_index_answer (self, answer_id, visit_id,
                               _wr_store_column_text (upsert, 1), _wr_store_column_text (upsert, 2),
                               sqlite3_column_int (upsert, 3), error) ||
      !_wr_store_step_done (self, upsert, error) ||
      !_wr_store_mark_change (self, "answers", answer_id, error) ||
      !_wr_store_audit (self, visit_uuid, "answer", entity_id, is_comment ? "comment" : "value",
                        old_text, text, error) ||
      !_wr_store_commit (self, error))
    goto fail;

  return TRUE;

fail:
  _wr_store_rollback (self);
  return FALSE;
}

/**
 * _wr_store_index_text:
 *
 * Sets the full-text index entry @entry (2 × id for an observation, 2 × id
 * + 1 for an answer) of the visit @visit_id to @body, or removes it when
 * @body is %NULL or empty. The entry's row id is @visit_id × 2³² + @entry
 * (schema 5), so that a search reads a match's visit from its row id.
 */
gboolean
_wr_store_index_text (WrStore     *self,
                      gint64       entry,
                      gint64       visit_id,
                      const char  *body,
                      GError     **error)
{
  g_autoptr(WrCachedStmt) remove = NULL;
  g_autoptr(WrCachedStmt) insert = NULL;
  gint64 rowid;

  /* Ids this large take billions of rows; refuse rather than mix entries up. */
  if (entry < 0 || entry > G_MAXUINT32 || visit_id < 0 || visit_id > G_MAXINT32)
    {
      g_set_error_literal (error, WR_STORE_ERROR, WR_STORE_ERROR_WRITE, _("The search index is full"));
      return FALSE;
    }
  rowid = (visit_id << 32) | entry;

  if (!(remove = _wr_store_prepare (self, "DELETE FROM text_index WHERE rowid = ?", error)))
    return FALSE;
  sqlite3_bind_int64 (remove, 1, rowid);
  if (!_wr_store_step_done (self, remove, error))
    return FALSE;

  if (body == NULL || body[0] == '\0')
    return TRUE;

  if (!(insert = _wr_store_prepare (self, "INSERT INTO text_index (rowid, body) VALUES (?, ?)", error)))
    return FALSE;
  sqlite3_bind_int64 (insert, 1, rowid);
  sqlite3_bind_text (insert, 2, body, -1, SQLITE_TRANSIENT);

  return _wr_store_step_done (self, insert, error);
}

/* Team names are searched through an index of their own. */
gboolean
_wr_store_index_person (WrStore     *self,
                        gint64       member_id,
                        gint64       visit_id,
                        const char  *name,
                        GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;

  stmt = _wr_store_prepare (self, "INSERT INTO people_index (rowid, name, visit_id) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, member_id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, visit_id);

  return _wr_store_step_done (self, stmt, error);
}

/**
 * _wr_store_index_answer:
 *
 * Keeps an answer's entry in the full-text index: its comment and, for a
 * free-text question, its value; no entry when it has no words.
 */
gboolean
_wr_store_index_answer (WrStore     *self,
                        gint64       answer_id,
                        gint64       visit_id,
                        const char  *value,
                        const char  *comment,
                        gboolean     free_text,
                        GError     **error)
{
  g_autofree char *body = NULL;
  gboolean has_value = free_text && value != NULL && value[0] != '\0';
  gboolean has_comment = comment != NULL && comment[0] != '\0';

  if (has_value || has_comment)
    body = g_strjoin (" ", has_comment ? comment : "", has_value ? value : "", NULL);

  return _wr_store_index_text (self, answer_id * 2 + 1, visit_id, body, error);
}

static gboolean
check_key (const WrAnswerKey  *key,
           GError            **error)
{
  if (key == NULL || key->question_id == NULL || key->question_id[0] == '\0')
    {
      g_set_error_literal (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID, _("An answer needs a question"));
      return FALSE;
    }

  return TRUE;
}

/**
 * wr_store_set_answer:
 * @self: a #WrStore
 * @visit_uuid: a draft visit
 * @key: which question, member and repeat
 * @value: (nullable): the answer, or %NULL to clear it
 * @free_text: whether @value is words to search, as for a text question
 * @error: return location for a #GError
 *
 * Saves one answer; it is on disk when this returns %TRUE.
 *
 * Returns: %TRUE once saved
 */
gboolean
wr_store_set_answer (WrStore            *self,
                     const char         *visit_uuid,
                     const WrAnswerKey  *key,
                     const char         *value,
                     gboolean            free_text,
                     GError            **error)
{
  g_return_val_if_fail (WR_IS_STORE (self), FALSE);
  g_return_val_if_fail (visit_uuid != NULL, FALSE);

  if (!check_key (key, error) || !_wr_store_check_text (value, MAX_VALUE_LENGTH, _("answer"), error))
    return FALSE;

  return save_answer_field (self, visit_uuid, key, FALSE, value, free_text, error);
}

gboolean
wr_store_set_answer_comment (WrStore            *self,
                             const char         *visit_uuid,
                             const WrAnswerKey  *key,
                             const char         *comment,
                             GError            **error)
{
  g_return_val_if_fail (WR_IS_STORE (self), FALSE);
  g_return_val_if_fail (visit_uuid != NULL, FALSE);

  if (!check_key (key, error) || !_wr_store_check_text (comment, MAX_COMMENT_LENGTH, _("comment"), error))
    return FALSE;

  return save_answer_field (self, visit_uuid, key, TRUE, comment ? comment : "", FALSE, error);
}

/**
 * wr_store_list_answers:
 * @self: a #WrStore
 * @visit_uuid: a visit
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type WrAnswer): every answer of the
 *   visit, or %NULL with @error set
 */
GPtrArray *
wr_store_list_answers (WrStore     *self,
                       const char  *visit_uuid,
                       GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func ((GDestroyNotify) wr_answer_free);
  int rc;

  g_return_val_if_fail (WR_IS_STORE (self), NULL);

  stmt = _wr_store_prepare (self,
                            "SELECT a.question_id, a.member_uuid, a.repeat_uuid, a.value, a.comment, a.modified"
                            " FROM answers a JOIN visits v ON v.id = a.visit_id"
                            " WHERE v.uuid = ? ORDER BY a.id",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, visit_uuid, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WrAnswer *answer = g_new0 (WrAnswer, 1);

      answer->question_id = g_strdup (_wr_store_column_text (stmt, 0));
      answer->member_uuid = g_strdup (_wr_store_column_text (stmt, 1));
      answer->repeat_uuid = g_strdup (_wr_store_column_text (stmt, 2));
      answer->value = g_strdup (_wr_store_column_text (stmt, 3));
      answer->comment = g_strdup (_wr_store_column_text (stmt, 4));
      answer->modified = g_strdup (_wr_store_column_text (stmt, 5));
      g_ptr_array_add (answers, answer);
    }

  if (rc != SQLITE_DONE)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the answers"));
      return NULL;
    }

  return g_steal_pointer (&answers);
}
