/* wr-store-repeats.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The fillings of repeatable sections. Each has a uuid that its answers
 * carry, so reordering or removing one never mixes up answers, and a
 * position that the visit page shows them in.
 */

#define G_LOG_DOMAIN "wr-store"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-store-private.h"

void
wr_repeat_free (WrRepeat *repeat)
{
  if (repeat == NULL)
    return;
  g_free (repeat->uuid);
  g_free (repeat->section_id);
  g_free (repeat);
}

/**
 * wr_store_add_repeat:
 * @self: a #WrStore
 * @visit_uuid: a draft visit
 * @section_id: a repeatable section of its form
 * @error: return location for a #GError
 *
 * Adds one more filling of the section, after the others.
 *
 * Returns: (transfer full): its uuid, or %NULL with @error set
 */
char *
wr_store_add_repeat (WrStore     *self,
                     const char  *visit_uuid,
                     const char  *section_id,
                     GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *now = _wr_store_now ();
  gint64 visit_id;

  g_return_val_if_fail (WR_IS_STORE (self), NULL);
  g_return_val_if_fail (visit_uuid != NULL && section_id != NULL, NULL);

  if (!_wr_store_begin (self, error))
    return NULL;

  if (!_wr_store_begin_visit_change (self, visit_uuid, now, &visit_id, error))
    goto fail;

  stmt = _wr_store_prepare (self,
                            "INSERT INTO repeats (visit_id, section_id, uuid, modified, position)"
                            " VALUES (?1, ?2, ?3, ?4,"
                            "         (SELECT ifnull (max (position), -1) + 1 FROM repeats"
                            "           WHERE visit_id = ?1 AND section_id = ?2 AND deleted IS NULL))",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, visit_id);
  sqlite3_bind_text (stmt, 2, section_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);

  if (!_wr_store_step_done (self, stmt, error) ||
      !_wr_store_mark_change (self, "repeats", sqlite3_last_insert_rowid (_wr_store_get_db (self)), error) ||
      !_wr_store_audit (self, visit_uuid, "repeat", uuid, "added", NULL, section_id, error) ||
      !_wr_store_commit (self, error))
    goto fail;

  return g_steal_pointer (&uuid);

fail:
  _wr_store_rollback (self);
  return NULL;
}

/* Numbers a section's live repeats 0, 1, 2… in their present order, with
 * @moved (if any) placed at @position.
 */
static gboolean
renumber (WrStore     *self,
          gint64       visit_id,
          const char  *section_id,
          const char  *moved,
          guint        position,
          GError     **error)
{
  g_autoptr(WrCachedStmt) select = NULL;
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_free);
  int rc;

  select = _wr_store_prepare (self,
                              "SELECT uuid FROM repeats WHERE visit_id = ? AND section_id = ? AND deleted IS NULL"
                              " ORDER BY position, id",
                              error);
  if (select == NULL)
    return FALSE;
  sqlite3_bind_int64 (select, 1, visit_id);
  sqlite3_bind_text (select, 2, section_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      if (g_strcmp0 (_wr_store_column_text (select, 0), moved) != 0)
        g_ptr_array_add (order, _wr_store_column_dup (select, 0));
    }
  sqlite3_reset (select);
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the visit"));
      return FALSE;
    }

  if (moved != NULL)
    g_ptr_array_insert (order, MIN (position, order->len), g_strdup (moved));

  for (guint i = 0; i < order->len; i++)
    {
      g_autoptr(WrCachedStmt) update = NULL;

      /* A repeat whose place changed is a change of its own. */
      update = _wr_store_prepare (self,
                                  "UPDATE repeats SET position = ?1, change_number = ?3, device_id = ?4"
                                  " WHERE uuid = ?2 AND position IS NOT ?1",
                                  error);
      if (update == NULL)
        return FALSE;
      sqlite3_bind_int (update, 1, (int) i);
      sqlite3_bind_text (update, 2, g_ptr_array_index (order, i), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (update, 3, _wr_store_get_change_number (self));
      sqlite3_bind_text (update, 4, wr_store_get_device_id (self), -1, SQLITE_TRANSIENT);
      if (!_wr_store_step_done (self, update, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
find_repeat (WrStore     *self,
             gint64       visit_id,
             const char  *repeat_uuid,
             char       **section_id,
             GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;

  stmt = _wr_store_prepare (self, "SELECT section_id FROM repeats WHERE visit_id = ? AND uuid = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, visit_id);
  sqlite3_bind_text (stmt, 2, repeat_uuid, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_NOT_FOUND,
                   _("There is no repeat %s in this visit"), repeat_uuid);
      return FALSE;
    }
  *section_id = _wr_store_column_dup (stmt, 0);

  return TRUE;
}

/**
 * wr_store_delete_repeat:
 * @self: a #WrStore
 * @visit_uuid: a draft visit
 * @repeat_uuid: one of its repeats
 * @deleted: %TRUE to remove it, %FALSE to bring it back (Undo)
 * @error: return location for a #GError
 *
 * A removed repeat keeps its answers and observations, hidden, so Undo
 * restores them. Its actions are deleted with it, since the Actions page
 * lists actions on their own, and Undo brings back those it deleted.
 *
 * Returns: %TRUE once saved
 */
gboolean
wr_store_delete_repeat (WrStore     *self,
                        const char  *visit_uuid,
                        const char  *repeat_uuid,
                        gboolean     deleted,
                        GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autoptr(WrCachedStmt) actions = NULL;
  g_autofree char *now = _wr_store_now ();
  g_autofree char *section_id = NULL;
  gint64 visit_id;

  g_return_val_if_fail (WR_IS_STORE (self), FALSE);
  g_return_val_if_fail (visit_uuid != NULL && repeat_uuid != NULL, FALSE);

  if (!_wr_store_begin (self, error))
    return FALSE;

  if (!_wr_store_begin_visit_change (self, visit_uuid, now, &visit_id, error) ||
      !find_repeat (self, visit_id, repeat_uuid, &section_id, error))
    goto fail;

  /* Before the repeat's own row: bringing back matches the actions
   * deleted at the moment the repeat was, not those deleted before it.
   */
  actions = _wr_store_prepare (self,
                               "UPDATE actions SET deleted = CASE WHEN ?1 THEN ?2 END, modified = ?2,"
                               "  change_number = ?5, device_id = ?6"
                               " WHERE visit_id = ?3 AND repeat_uuid = ?4"
                               "   AND (CASE WHEN ?1 THEN deleted IS NULL"
                               "        ELSE deleted = (SELECT deleted FROM repeats WHERE uuid = ?4) END)",
                               error);
  if (actions == NULL)
    goto fail;
  sqlite3_bind_int (actions, 1, !!deleted);
  sqlite3_bind_text (actions, 2, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (actions, 3, visit_id);
  sqlite3_bind_text (actions, 4, repeat_uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (actions, 5, _wr_store_get_change_number (self));
  sqlite3_bind_text (actions, 6, wr_store_get_device_id (self), -1, SQLITE_TRANSIENT);
  if (!_wr_store_step_done (self, actions, error))
    goto fail;

  /* Brought back, it goes at the end; renumbering closes the gap. */
  stmt = _wr_store_prepare (self,
                            "UPDATE repeats SET deleted = CASE WHEN ?1 THEN ?2 END, modified = ?2,"
                            "  position = CASE WHEN ?1 THEN position ELSE 1000000 END,"
                            "  change_number = ?4, device_id = ?5"
                            " WHERE uuid = ?3",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int (stmt, 1, !!deleted);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, repeat_uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, _wr_store_get_change_number (self));
  sqlite3_bind_text (stmt, 5, wr_store_get_device_id (self), -1, SQLITE_TRANSIENT);

  if (!_wr_store_step_done (self, stmt, error) ||
      !renumber (self, visit_id, section_id, NULL, 0, error) ||
      !_wr_store_audit (self, visit_uuid, "repeat", repeat_uuid, "deleted",
                        deleted ? NULL : "1", deleted ? "1" : NULL, error) ||
      !_wr_store_commit (self, error))
    goto fail;

  return TRUE;

fail:
  _wr_store_rollback (self);
  return FALSE;
}

/**
 * wr_store_move_repeat:
 * @self: a #WrStore
 * @visit_uuid: a draft visit
 * @repeat_uuid: one of its repeats
 * @position: where it goes among its section's repeats, from 0
 * @error: return location for a #GError
 *
 * Returns: %TRUE once saved
 */
gboolean
wr_store_move_repeat (WrStore     *self,
                      const char  *visit_uuid,
                      const char  *repeat_uuid,
                      guint        position,
                      GError     **error)
{
  g_autofree char *now = _wr_store_now ();
  g_autofree char *section_id = NULL;
  g_autofree char *where = g_strdup_printf ("%u", position);
  gint64 visit_id;

  g_return_val_if_fail (WR_IS_STORE (self), FALSE);
  g_return_val_if_fail (visit_uuid != NULL && repeat_uuid != NULL, FALSE);

  if (!_wr_store_begin (self, error))
    return FALSE;

  if (!_wr_store_begin_visit_change (self, visit_uuid, now, &visit_id, error) ||
      !find_repeat (self, visit_id, repeat_uuid, &section_id, error) ||
      !renumber (self, visit_id, section_id, repeat_uuid, position, error) ||
      !_wr_store_audit (self, visit_uuid, "repeat", repeat_uuid, "position", NULL, where, error) ||
      !_wr_store_commit (self, error))
    {
      _wr_store_rollback (self);
      return FALSE;
    }

  return TRUE;
}

static gpointer
repeat_from_row (sqlite3_stmt *stmt)
{
  WrRepeat *repeat = g_new0 (WrRepeat, 1);

  repeat->uuid = _wr_store_column_dup (stmt, 0);
  repeat->section_id = _wr_store_column_dup (stmt, 1);
  repeat->position = (guint) sqlite3_column_int (stmt, 2);

  return repeat;
}

/**
 * wr_store_list_repeats:
 * @self: a #WrStore
 * @visit_uuid: a visit
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type WrRepeat): the visit's repeats,
 *   by section and position, or %NULL with @error set
 */
GPtrArray *
wr_store_list_repeats (WrStore     *self,
                       const char  *visit_uuid,
                       GError     **error)
{
  g_return_val_if_fail (WR_IS_STORE (self), NULL);

  return _wr_store_list_for_visit (self,
                                   "SELECT r.uuid, r.section_id, r.position FROM repeats r JOIN visits v ON v.id = r.visit_id"
                                   " WHERE v.uuid = ? AND r.deleted IS NULL ORDER BY r.section_id, r.position",
                                   visit_uuid, repeat_from_row, (GDestroyNotify) wr_repeat_free,
                                   _("Could not read the visit"), error);
}
