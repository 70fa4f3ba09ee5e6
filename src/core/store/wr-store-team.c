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

/**
 * wr_store_get_device_member:
 * @self: a #WrStore
 * @visit_uuid: a visit
 * @device_id: a device that wrote to the visit
 * @error: return location for a #GError
 *
 * Which member of @visit_uuid's team records on @device_id, so that people
 * see a name rather than a device's id. On this device it is the member
 * its user chose (Who Are You?). Another device's choice never travels in
 * packs, so there it is the member whose own answers and observations that
 * device recorded, when they are all one member's: a device passed round
 * a team in walk mode recorded several, and is not named by any of them.
 *
 * Returns: (transfer full): the member's uuid, or "" if there is none or
 *   more than one; %NULL with @error set
 */
char *
wr_store_get_device_member (WrStore     *self,
                            const char  *visit_uuid,
                            const char  *device_id,
                            GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autofree char *member = NULL;
  int rc;

  g_return_val_if_fail (WR_IS_STORE (self), NULL);
  g_return_val_if_fail (visit_uuid != NULL, NULL);

  if (device_id == NULL || device_id[0] == '\0')
    return g_strdup ("");
  if (g_str_equal (device_id, wr_store_get_device_id (self)))
    return wr_store_get_my_member (self, visit_uuid, error);

  stmt = _wr_store_prepare (self,
                            "SELECT DISTINCT m.uuid FROM visits v"
                            " JOIN team_members m ON m.visit_id = v.id AND m.deleted IS NULL"
                            " WHERE v.uuid = ?1 AND ("
                            "  EXISTS (SELECT 1 FROM answers a WHERE a.visit_id = v.id AND a.member_uuid = m.uuid"
                            "          AND a.device_id = ?2)"
                            "  OR EXISTS (SELECT 1 FROM observations o WHERE o.visit_id = v.id"
                            "             AND o.member_uuid = m.uuid AND o.device_id = ?2 AND o.deleted IS NULL))"
                            " LIMIT 2",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, visit_uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, device_id, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      /* Two members: the device is not any one person's. */
      if (member != NULL)
        return g_strdup ("");
      member = g_strdup (_wr_store_column_text (stmt, 0));
    }
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_result_error (self, error, WR_STORE_ERROR_READ, _("Could not read who recorded on the team"), rc);
      return NULL;
    }

  return member != NULL ? g_steal_pointer (&member) : g_strdup ("");
}
