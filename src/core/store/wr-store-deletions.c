/* wr-store-deletions.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Removals that other devices had not seen. A team member or a repeat
 * removed on one device keeps the visit's clock as the removal saw it
 * (deletion_clocks, _wr_store_note_deletion()); an answer or observation
 * inside it written by a change that clock does not cover was recorded by
 * someone who did not know, and hiding it with what was removed would
 * lose their work without a word. Such removals are conflicts, listed
 * here and resolved either way by a change of this device: bringing the
 * member or repeat back, or removing it again with a clock that covers
 * what was recorded, which ends the conflict on every device its packs
 * reach.
 */

#define G_LOG_DOMAIN "wr-store"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-store-private.h"

void
wr_deletion_conflict_free (WrDeletionConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->visit_uuid);
  g_free (conflict->row);
  g_free (conflict->uuid);
  g_free (conflict->name);
  g_free (conflict->deleted_by);
  g_free (conflict->deleted);
  g_clear_pointer (&conflict->rows, g_ptr_array_unref);
  g_free (conflict);
}

/* The removed members and repeats that keep a clock, with the removal:
 * from the row, kept in its table marked deleted, or from its tombstone.
 * ?1 is a visit's uuid or NULL, ?2 a conflict's id or NULL.
 */
#define REMOVALS \
  "SELECT d.id, v.uuid, d.row, d.uuid, d.clock, coalesce (m.name, r.section_id), coalesce (m.position, r.position, 0)," \
  "       coalesce (m.device_id, r.device_id, t.device_id), coalesce (m.modified, r.modified, t.modified), d.visit_id," \
  "       coalesce (m.id, r.id)" \
  " FROM deletion_clocks d JOIN visits v ON v.id = d.visit_id AND v.deleted IS NULL" \
  " LEFT JOIN team_members m ON d.row = 'member' AND m.uuid = d.uuid AND m.visit_id = d.visit_id" \
  "   AND m.deleted IS NOT NULL" \
  " LEFT JOIN repeats r ON d.row = 'repeat' AND r.uuid = d.uuid AND r.visit_id = d.visit_id AND r.deleted IS NOT NULL" \
  " LEFT JOIN tombstones t ON t.visit_id = d.visit_id AND t.row_key = d.row || ' ' || d.uuid" \
  " WHERE (?1 IS NULL OR v.uuid = ?1) AND (?2 IS NULL OR d.id = ?2)" \
  "   AND (m.id IS NOT NULL OR r.id IS NOT NULL OR t.row_key IS NOT NULL)" \
  " ORDER BY d.id"

/* What was recorded inside a removed member or repeat by changes its
 * removal's clock does not cover: the answers and observations shown, and
 * the other versions of those in conflict.
 */
static gboolean
list_unseen (WrStore     *self,
             gint64       visit_id,
             const char  *row,
             const char  *uuid,
             const char  *clock,
             GPtrArray   *keys,
             GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  int rc;

  /* The version shown, and the others kept in a conflict. */
  stmt = _wr_store_prepare (self,
                            "SELECT " WR_STORE_ANSWER_KEY " FROM answers"
                            " WHERE visit_id = ?1 AND CASE ?2 WHEN 'member' THEN member_uuid ELSE repeat_uuid END = ?3"
                            "   AND NOT clock_covers (?4, device_id, change_number)"
                            " UNION SELECT 'observation ' || uuid FROM observations"
                            " WHERE visit_id = ?1 AND deleted IS NULL"
                            "   AND CASE ?2 WHEN 'member' THEN member_uuid ELSE repeat_uuid END = ?3"
                            "   AND NOT clock_covers (?4, device_id, change_number)"
                            " UNION SELECT row_key FROM row_versions"
                            " WHERE visit_id = ?1 AND content IS NOT NULL"
                            "   AND row_key GLOB CASE ?2 WHEN 'member' THEN 'answer * ' || ?3 || ' *'"
                            "                   ELSE 'answer * * ' || ?3 END"
                            "   AND NOT clock_covers (?4, device_id, change_number)"
                            " UNION SELECT v.row_key FROM row_versions v"
                            " JOIN observations o ON v.row_key = 'observation ' || o.uuid AND o.visit_id = ?1"
                            " WHERE v.visit_id = ?1 AND v.content IS NOT NULL"
                            "   AND CASE ?2 WHEN 'member' THEN o.member_uuid ELSE o.repeat_uuid END = ?3"
                            "   AND NOT clock_covers (?4, v.device_id, v.change_number)"
                            " ORDER BY 1",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, visit_id);
  sqlite3_bind_text (stmt, 2, row, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, clock, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (keys, _wr_store_column_dup (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the visit"));
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  WrDeletionConflict *conflict;
  gint64              visit_id;
  gint64              row_id;   /* in its table, or 0 for a tombstone */
} Found;

static void
found_clear (Found *found)
{
  g_clear_pointer (&found->conflict, wr_deletion_conflict_free);
}

/* The conflicts of one visit (@visit_uuid), one conflict (@id), or all. */
static gboolean
list (WrStore     *self,
      const char  *visit_uuid,
      gint64       id,
      GArray      *found,
      GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) clocks = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (!(stmt = _wr_store_prepare (self, REMOVALS, error)))
    return FALSE;
  if (visit_uuid != NULL)
    sqlite3_bind_text (stmt, 1, visit_uuid, -1, SQLITE_TRANSIENT);
  if (id > 0)
    sqlite3_bind_int64 (stmt, 2, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WrDeletionConflict *conflict = g_new0 (WrDeletionConflict, 1);
      Found one = { conflict, sqlite3_column_int64 (stmt, 9), sqlite3_column_int64 (stmt, 10) };

      conflict->id = sqlite3_column_int64 (stmt, 0);
      conflict->visit_uuid = _wr_store_column_dup (stmt, 1);
      conflict->row = _wr_store_column_dup (stmt, 2);
      conflict->uuid = _wr_store_column_dup (stmt, 3);
      conflict->name = _wr_store_column_dup (stmt, 5);
      conflict->position = sqlite3_column_int64 (stmt, 6);
      conflict->deleted_by = _wr_store_column_dup (stmt, 7);
      conflict->deleted = _wr_store_column_dup (stmt, 8);
      conflict->rows = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (clocks, _wr_store_column_dup (stmt, 4));
      g_array_append_val (found, one);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the visits"));
      return FALSE;
    }

  for (guint i = 0; i < found->len; i++)
    {
      Found *one = &g_array_index (found, Found, i);

      if (!list_unseen (self, one->visit_id, one->conflict->row, one->conflict->uuid,
                        g_ptr_array_index (clocks, i), one->conflict->rows, error))
        return FALSE;
    }

  /* A removal that nothing unseen was recorded under is no conflict. */
  for (guint i = found->len; i > 0; i--)
    if (g_array_index (found, Found, i - 1).conflict->rows->len == 0)
      g_array_remove_index (found, i - 1);

  return TRUE;
}

/**
 * wr_store_list_deletion_conflicts:
 * @self: a #WrStore
 * @visit_uuid: (nullable): one visit, or %NULL for all
 * @error: return location for a #GError
 *
 * Lists the team members and repeats that a device removed while other
 * devices, which had not seen the removal, recorded answers or
 * observations inside them (as packs brought them here).
 *
 * Returns: (transfer full) (element-type WrDeletionConflict): the
 *   conflicts, oldest first, or %NULL with @error set
 */
GPtrArray *
wr_store_list_deletion_conflicts (WrStore     *self,
                                  const char  *visit_uuid,
                                  GError     **error)
{
  g_autoptr(GArray) found = g_array_new (FALSE, TRUE, sizeof (Found));
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) wr_deletion_conflict_free);
  gboolean began;
  gboolean ok;

  g_return_val_if_fail (WR_IS_STORE (self), NULL);

  g_array_set_clear_func (found, (GDestroyNotify) found_clear);
  if (!_wr_store_begin_read (self, &began, error))
    return NULL;
  ok = list (self, visit_uuid, 0, found, error);
  _wr_store_end_read (self, began);
  if (!ok)
    return NULL;

  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (conflicts, g_steal_pointer (&g_array_index (found, Found, i).conflict));

  return g_steal_pointer (&conflicts);
}

/* Brings a removed member back as this device's change. */
static gboolean
restore_member (WrStore     *self,
                Found       *found,
                const char  *now,
                GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;

  stmt = _wr_store_prepare (self, "UPDATE team_members SET deleted = NULL, modified = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, found->row_id);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);

  return _wr_store_step_done (self, stmt, error) &&
         _wr_store_mark_change (self, "team_members", found->row_id, error) &&
         _wr_store_note_deletion (self, found->visit_id, "member", found->conflict->uuid, FALSE, error) &&
         _wr_store_audit (self, found->conflict->visit_uuid, "member", found->conflict->uuid, "restored",
                          NULL, found->conflict->name, error);
}

/* Removes a member or repeat again as this device's change, whose clock
 * covers what was recorded inside it.
 */
static gboolean
remove_again (WrStore     *self,
              Found       *found,
              const char  *now,
              GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  gboolean member = g_str_equal (found->conflict->row, "member");
  g_autofree char *what = g_strdup_printf ("%u", found->conflict->rows->len);
  g_autofree char *key = g_strconcat (found->conflict->row, " ", found->conflict->uuid, NULL);

  if (found->row_id > 0)
    {
      stmt = _wr_store_prepare (self,
                                member ? "UPDATE team_members SET deleted = ?2, modified = ?2 WHERE id = ?1"
                                       : "UPDATE repeats SET deleted = ?2, modified = ?2 WHERE id = ?1",
                                error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, found->row_id);
      sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
      if (!_wr_store_step_done (self, stmt, error) ||
          !_wr_store_mark_change (self, member ? "team_members" : "repeats", found->row_id, error))
        return FALSE;
    }
  else
    {
      stmt = _wr_store_prepare (self,
                                "UPDATE tombstones SET device_id = ?3, change_number = ?4, modified = ?5"
                                " WHERE visit_id = ?1 AND row_key = ?2",
                                error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, found->visit_id);
      sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, wr_store_get_device_id (self), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 4, _wr_store_get_change_number (self));
      sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);
      if (!_wr_store_step_done (self, stmt, error))
        return FALSE;
    }

  return _wr_store_note_deletion (self, found->visit_id, found->conflict->row, found->conflict->uuid, TRUE, error) &&
         _wr_store_audit (self, found->conflict->visit_uuid, found->conflict->row, found->conflict->uuid,
                          "removed-again", what, NULL, error);
}

/**
 * wr_store_resolve_deletion:
 * @self: a #WrStore
 * @conflict_id: a deletion conflict's id, from
 *   wr_store_list_deletion_conflicts()
 * @restore: %TRUE to bring the member or repeat back with what was
 *   recorded inside it, %FALSE to keep it removed
 * @error: return location for a #GError
 *
 * Resolves a deletion conflict by a change of this device, which resolves
 * it on every device its packs reach. Only a device that holds what was
 * removed can bring it back; one that received only the removal says so.
 * The visit must be a draft.
 *
 * Returns: %TRUE once saved
 */
gboolean
wr_store_resolve_deletion (WrStore     *self,
                           gint64       conflict_id,
                           gboolean     restore,
                           GError     **error)
{
  g_autoptr(GArray) found = g_array_new (FALSE, TRUE, sizeof (Found));
  g_autofree char *now = _wr_store_now ();
  g_autofree char *visit_uuid = NULL;
  g_autofree char *uuid = NULL;
  Found *one;
  gint64 visit_id;

  g_return_val_if_fail (WR_IS_STORE (self), FALSE);

  g_array_set_clear_func (found, (GDestroyNotify) found_clear);
  if (!_wr_store_begin (self, error))
    return FALSE;

  if (!list (self, NULL, conflict_id, found, error))
    goto fail;
  if (found->len == 0)
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_NOT_FOUND,
                   _("There is no removal in conflict with the id d%" G_GINT64_FORMAT
                     "; it may have been resolved already"),
                   conflict_id);
      goto fail;
    }
  one = &g_array_index (found, Found, 0);

  if (restore && one->row_id == 0)
    {
      g_set_error_literal (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID,
                           g_str_equal (one->conflict->row, "member")
                             ? _("This device received only the team member’s removal, not the member: bring them "
                                 "back on a device that had them, or keep them removed")
                             : _("This device received only the repeat’s removal, not the repeat: bring it back on "
                                 "a device that had it, or keep it removed"));
      goto fail;
    }

  if (!_wr_store_begin_visit_change (self, one->conflict->visit_uuid, now, &visit_id, error))
    goto fail;

  if (!restore)
    {
      if (!remove_again (self, one, now, error) || !_wr_store_commit (self, error))
        goto fail;
      return TRUE;
    }

  if (g_str_equal (one->conflict->row, "member"))
    {
      if (!restore_member (self, one, now, error) || !_wr_store_commit (self, error))
        goto fail;
      return TRUE;
    }

  /* A repeat comes back as Undo brings it back, with its actions. */
  visit_uuid = g_strdup (one->conflict->visit_uuid);
  uuid = g_strdup (one->conflict->uuid);
  _wr_store_rollback (self);

  return wr_store_delete_repeat (self, visit_uuid, uuid, FALSE, error);

fail:
  _wr_store_rollback (self);
  return FALSE;
}
