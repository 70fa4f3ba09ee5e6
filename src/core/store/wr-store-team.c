/* wr-store-team.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-store-team"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-store-private.h"

/* A team visit recorded on several devices: each member records on their
 * own, and says once, on their device, who they are. That choice is this
 * device's alone (the device_members table): packs never carry it, so a
 * merge never changes it, and it is not a change to the visit.
 */

/**
 * wr_store_get_my_member:
 * @self: a #WrStore
 * @visit_uuid: a visit
 * @error: return location for a #GError
 *
 * Who the person using this device said they are on @visit_uuid's team.
 *
 * Returns: (transfer full): the member's uuid, or "" if nobody was chosen
 *   here or the one chosen has left the team; %NULL with @error set
 */
char *
wr_store_get_my_member (WrStore     *self,
                        const char  *visit_uuid,
                        GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (WR_IS_STORE (self), NULL);
  g_return_val_if_fail (visit_uuid != NULL, NULL);

  stmt = _wr_store_prepare (self,
                            "SELECT d.member_uuid FROM device_members d"
                            " JOIN visits v ON v.id = d.visit_id"
                            " JOIN team_members m ON m.visit_id = v.id AND m.uuid = d.member_uuid"
                            " WHERE v.uuid = ? AND m.deleted IS NULL",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, visit_uuid, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup (_wr_store_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_result_error (self, error, WR_STORE_ERROR_READ, _("Could not read who you are on the team"), rc);
      return NULL;
    }

  return g_strdup ("");
}

/**
 * wr_store_set_my_member:
 * @self: a #WrStore
 * @visit_uuid: a visit
 * @member_uuid: (nullable): a member of its team, or %NULL to forget the choice
 * @error: return location for a #GError
 *
 * Remembers, on this device only, who the person using it is on
 * @visit_uuid's team. A member not on the team is refused with
 * %WR_STORE_ERROR_NOT_FOUND. A completed visit takes a choice too: it
 * changes nothing of the visit.
 *
 * Returns: %TRUE if saved
 */
gboolean
wr_store_set_my_member (WrStore     *self,
                        const char  *visit_uuid,
                        const char  *member_uuid,
                        GError     **error)
{
  g_autoptr(WrCachedStmt) find = NULL;
  g_autoptr(WrCachedStmt) write = NULL;
  g_autofree char *now = _wr_store_now ();
  gint64 visit_id;
  int rc;

  g_return_val_if_fail (WR_IS_STORE (self), FALSE);
  g_return_val_if_fail (visit_uuid != NULL, FALSE);

  if (!_wr_store_begin (self, error))
    return FALSE;

  if (!_wr_store_find_visit (self, visit_uuid, &visit_id, NULL, error))
    goto fail;

  if (member_uuid == NULL)
    {
      if (!(write = _wr_store_prepare (self, "DELETE FROM device_members WHERE visit_id = ?", error)))
        goto fail;
      sqlite3_bind_int64 (write, 1, visit_id);
    }
  else
    {
      if (!(find = _wr_store_prepare (self,
                                      "SELECT 1 FROM team_members WHERE visit_id = ? AND uuid = ? AND deleted IS NULL",
                                      error)))
        goto fail;
      sqlite3_bind_int64 (find, 1, visit_id);
      sqlite3_bind_text (find, 2, member_uuid, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (find);
      if (rc == SQLITE_DONE)
        {
          g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_NOT_FOUND,
                       _("%s is not a member of the team of visit %s"), member_uuid, visit_uuid);
          goto fail;
        }
      if (rc != SQLITE_ROW)
        {
          _wr_store_set_result_error (self, error, WR_STORE_ERROR_READ, _("Could not read the team"), rc);
          goto fail;
        }

      if (!(write = _wr_store_prepare (self,
                                       "INSERT INTO device_members (visit_id, member_uuid, chosen) VALUES (?, ?, ?)"
                                       " ON CONFLICT (visit_id) DO UPDATE"
                                       " SET member_uuid = excluded.member_uuid, chosen = excluded.chosen",
                                       error)))
        goto fail;
      sqlite3_bind_int64 (write, 1, visit_id);
      sqlite3_bind_text (write, 2, member_uuid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (write, 3, now, -1, SQLITE_TRANSIENT);
    }

  if (!_wr_store_step_done (self, write, error))
    goto fail;

  return _wr_store_commit (self, error);

fail:
  _wr_store_rollback (self);
  return FALSE;
}
