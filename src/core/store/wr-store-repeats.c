/* wr-store-repeats.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The fillings of repeatable sections. Each has a uuid that its answers
 * carry, so reordering or removing one never mixes up answers, and a
 * position: a section's repeats are shown in (position, uuid) order, the
 * same on every device, even when two devices each added one at the same
 * position and a pack brought both together. So that a change touches only
 * the row it is about (another device may be editing the others), adding
 * one takes a position no row of the section has had here, removing one
 * leaves the others where they are, and moving one changes its own
 * position only, unless its new neighbours leave no room between them.
 */

#define G_LOG_DOMAIN "wr-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

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
                            "           WHERE visit_id = ?1 AND section_id = ?2))",
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

/* A live repeat's place in its section's order. */
typedef struct
{
  char   *uuid;
  gint64  position;
} Placed;

static void
placed_clear (Placed *placed)
{
  g_free (placed->uuid);
}

/* (position, uuid) order, as SQLite compares text: byte by byte. */
static int
compare_keys (gint64      position_a,
              const char *uuid_a,
              gint64      position_b,
              const char *uuid_b)
{
  if (position_a != position_b)
    return position_a < position_b ? -1 : 1;
  return strcmp (uuid_a, uuid_b);
}

/* Whether (@position, @uuid) sorts after @before and ahead of @after,
 * either of which may be %NULL (the start or end of the list).
 */
static gboolean
fits_between (gint64         position,
              const char    *uuid,
              const Placed  *before,
              const Placed  *after)
{
  return position >= 0 &&
         (before == NULL || compare_keys (before->position, before->uuid, position, uuid) < 0) &&
         (after == NULL || compare_keys (position, uuid, after->position, after->uuid) < 0);
}

static gboolean
set_position (WrStore     *self,
              const char  *repeat_uuid,
              gint64       position,
              const char  *now,
              GError     **error)
{
  g_autoptr(WrCachedStmt) update = NULL;

  /* A repeat whose place changed is a change of its own. */
  update = _wr_store_prepare (self,
                              "UPDATE repeats SET position = ?1, modified = ?3, change_number = ?4, device_id = ?5"
                              " WHERE uuid = ?2",
                              error);
  if (update == NULL)
    return FALSE;
  sqlite3_bind_int64 (update, 1, position);
  sqlite3_bind_text (update, 2, repeat_uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (update, 3, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (update, 4, _wr_store_get_change_number (self));
  sqlite3_bind_text (update, 5, wr_store_get_device_id (self), -1, SQLITE_TRANSIENT);

  return _wr_store_step_done (self, update, error);
}

/* Puts @moved at @place (from 0) among its section's other live repeats.
 * It takes a position that sorts it between its new neighbours: the middle
 * of the gap between theirs, or, in a section that has none there, one
 * next to a neighbour's that its uuid sorts right beside. Only when
 * neither fits are the repeats after it moved on, each by as little as
 * keeps the order, as far as the first that is already behind.
 */
static gboolean
place_repeat (WrStore     *self,
              gint64       visit_id,
              const char  *section_id,
              const char  *moved,
              guint        place,
              const char  *now,
              GError     **error)
{
  g_autoptr(WrCachedStmt) select = NULL;
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (Placed));
  const Placed *before;
  const Placed *after;
  gint64 position = -1;
  gint64 highest = -1;
  gint64 current = -1;
  int rc;

  g_array_set_clear_func (order, (GDestroyNotify) placed_clear);

  /* Removed repeats count for the highest position, so that one moved
   * last never takes a position a removed one (which Undo may bring back)
   * still has.
   */
  select = _wr_store_prepare (self,
                              "SELECT uuid, position, deleted IS NULL FROM repeats"
                              " WHERE visit_id = ? AND section_id = ? ORDER BY position, uuid",
                              error);
  if (select == NULL)
    return FALSE;
  sqlite3_bind_int64 (select, 1, visit_id);
  sqlite3_bind_text (select, 2, section_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      const char *uuid = _wr_store_column_text (select, 0);
      Placed placed = { NULL, sqlite3_column_int64 (select, 1) };

      highest = MAX (highest, placed.position);
      if (g_strcmp0 (uuid, moved) == 0)
        current = placed.position;
      else if (sqlite3_column_int (select, 2))
        {
          placed.uuid = g_strdup (uuid);
          g_array_append_val (order, placed);
        }
    }
  sqlite3_reset (select);
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the visit"));
      return FALSE;
    }

  place = MIN (place, order->len);
  before = place > 0 ? &g_array_index (order, Placed, place - 1) : NULL;
  after = place < order->len ? &g_array_index (order, Placed, place) : NULL;

  /* Already there: nothing changes. */
  if (fits_between (current, moved, before, after))
    return TRUE;

  if (after == NULL)
    position = highest + 1;
  else
    {
      gint64 low = before != NULL ? before->position : -1;
      gint64 high = after->position;

      if (high - low >= 2)
        position = low + (high - low) / 2;
      else if (fits_between (low, moved, before, after))
        position = low;
      else if (fits_between (high, moved, before, after))
        position = high;
    }

  if (position >= 0)
    return set_position (self, moved, position, now, error);

  /* No room: it goes just after its neighbour before, and those after it
   * make way.
   */
  position = before != NULL ? before->position + 1 : 0;
  if (!set_position (self, moved, position, now, error))
    return FALSE;
  for (guint i = place; i < order->len; i++)
    {
      Placed *next = &g_array_index (order, Placed, i);
      const char *previous_uuid = i == place ? moved : g_array_index (order, Placed, i - 1).uuid;

      if (compare_keys (position, previous_uuid, next->position, next->uuid) < 0)
        break;
      next->position = ++position;
      if (!set_position (self, next->uuid, position, now, error))
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

  /* Only its own row changes: the others keep their positions (another
   * device may be changing them), and brought back, it is where it was.
   */
  stmt = _wr_store_prepare (self,
                            "UPDATE repeats SET deleted = CASE WHEN ?1 THEN ?2 END, modified = ?2,"
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
      !_wr_store_note_deletion (self, visit_id, "repeat", repeat_uuid, deleted, error) ||
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
 * Changes the repeat's own position, and no other repeat's unless their
 * positions leave no room for it there.
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
      !place_repeat (self, visit_id, section_id, repeat_uuid, position, now, error) ||
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
 * Returns: (transfer full) (element-type WrRepeat): the visit's live
 *   repeats, by section, then position and uuid, or %NULL with @error set
 */
GPtrArray *
wr_store_list_repeats (WrStore     *self,
                       const char  *visit_uuid,
                       GError     **error)
{
  g_return_val_if_fail (WR_IS_STORE (self), NULL);

  return _wr_store_list_for_visit (self,
                                   "SELECT r.uuid, r.section_id, r.position FROM repeats r JOIN visits v ON v.id = r.visit_id"
                                   " WHERE v.uuid = ? AND r.deleted IS NULL ORDER BY r.section_id, r.position, r.uuid",
                                   visit_uuid, repeat_from_row, (GDestroyNotify) wr_repeat_free,
                                   _("Could not read the visit"), error);
}
