/* wr-server-sync.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The organisation store's side of a sync, through libpq: a device's
 * registration, copies of visits sent (walkround.visit_copies, schema
 * version 2), and the copies other devices sent, listed in the order a
 * pull takes them and fetched one by one. What a copy is and how it is
 * merged is wr-sync.c's business; this file knows only SQL.
 *
 * A pull reads up to the oldest transaction still in flight on the
 * server (pg_snapshot_xmin of its snapshot), not up to the newest it
 * sees: a transaction that began first may commit last, and its copies
 * would carry a txid below one already read. Every copy below that
 * mark is committed (or rolled back) for good, so a cursor at the mark
 * never skips one. A visit this user was newly put on (a visit_access
 * row in the window) brings all of that visit's copies.
 *
 * Values travel as bound parameters; copies' bytes in binary.
 */

#define G_LOG_DOMAIN "wr-server"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wr-server-private.h"

struct _WrServerSync
{
  PGconn *conn;
  char   *user;
  gboolean quality_team;
};

void
wr_server_copy_free (WrServerCopy *copy)
{
  if (copy == NULL)
    return;
  g_free (copy->visit_uuid);
  g_free (copy->digest);
  g_free (copy->device_id);
  g_free (copy->position);
  g_free (copy);
}

void
wr_server_sync_free (WrServerSync *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->conn, PQfinish);
  g_free (self->user);
  g_free (self);
}

/**
 * wr_server_sync_open:
 * @uri: a libpq connection URI (see wr_server_check_uri())
 * @password: (nullable): the user's password, or %NULL for libpq's own
 *   (~/.pgpass, PGPASSWORD)
 *
 * Connects as a user of the store, and checks that the store is at this
 * program's schema version and that the user is one of its users.
 *
 * Returns: (transfer full): the connection, or %NULL with @error set
 */
WrServerSync *
wr_server_sync_open (const char  *uri,
                     const char  *password,
                     GError     **error)
{
  g_autoptr(WrServerSync) self = g_new0 (WrServerSync, 1);
  g_autoptr(PGresult) who = NULL;
  g_autoptr(GError) local_error = NULL;
  guint version = 0;
  guint latest = _wr_server_schema_get_latest_version ();

  g_return_val_if_fail (uri != NULL, NULL);

  if (!(self->conn = _wr_server_connect_with_password (uri, password, error)))
    return NULL;

  if (!_wr_server_read_version (self->conn, &version, &local_error))
    {
      if (g_error_matches (local_error, WR_SERVER_ERROR, WR_SERVER_ERROR_PERMISSION))
        g_set_error (error, WR_SERVER_ERROR, WR_SERVER_ERROR_PERMISSION,
                     _("This user may not use the organisation store (%s): ask whoever runs it to add you "
                       "with “walkround server add-user”"), local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (version == 0)
    {
      g_set_error (error, WR_SERVER_ERROR, WR_SERVER_ERROR_NO_SCHEMA,
                   _("This database holds no organisation store yet: run “walkround server init” first"));
      return NULL;
    }
  if (version < latest)
    {
      g_set_error (error, WR_SERVER_ERROR, WR_SERVER_ERROR_TOO_OLD,
                   _("The organisation store has schema version %u, older than this Walkround needs (%u): "
                     "run “walkround server init” to bring it up to date"), version, latest);
      return NULL;
    }
  if (version > latest)
    {
      _wr_server_set_too_new (error, version);
      return NULL;
    }

  if (!(who = _wr_server_run_params (self->conn,
                                     "SELECT current_user,"
                                     "       pg_catalog.pg_has_role ('walkround_quality_team', 'MEMBER'),"
                                     "       pg_catalog.pg_has_role ('walkround_visitor', 'MEMBER')",
                                     0, NULL, _("Could not ask the store who this user is"), error)))
    return NULL;
  if (g_str_equal (PQgetvalue (who, 0, 1), "f") && g_str_equal (PQgetvalue (who, 0, 2), "f"))
    {
      g_set_error (error, WR_SERVER_ERROR, WR_SERVER_ERROR_PERMISSION,
                   _("The user “%s” is neither a visitor nor in the quality team of the organisation store: "
                     "ask whoever runs it to add you with “walkround server add-user”"),
                   PQgetvalue (who, 0, 0));
      return NULL;
    }
  self->user = g_strdup (PQgetvalue (who, 0, 0));
  self->quality_team = g_str_equal (PQgetvalue (who, 0, 1), "t");

  return g_steal_pointer (&self);
}

/**
 * wr_server_sync_get_user:
 *
 * Returns: the role this connection is logged in as
 */
const char *
wr_server_sync_get_user (WrServerSync *self)
{
  return self->user;
}

/**
 * wr_server_sync_register_device:
 * @device_id: this database's device id, as its packs name it
 * @label: what the quality team sees of it
 *
 * Registers the device to this user (the quality team's own are trusted
 * at once; a visitor's wait for the quality team), and checks that it may
 * send: trusted, not revoked, and this user's.
 *
 * Returns: %FALSE with @error set if it may not
 */
gboolean
wr_server_sync_register_device (WrServerSync  *self,
                                const char    *device_id,
                                const char    *label,
                                GError       **error)
{
  const char *params[] = { device_id, label };
  g_autoptr(PGresult) added = NULL;
  g_autoptr(PGresult) found = NULL;

  if (!(added = _wr_server_run_params (self->conn,
                                       "INSERT INTO walkround.devices (device_id, label, trusted)"
                                       " VALUES ($1, $2, pg_catalog.pg_has_role ('walkround_quality_team', 'MEMBER'))"
                                       " ON CONFLICT (device_id) DO NOTHING",
                                       2, params, _("Could not register this device with the organisation store"),
                                       error)))
    return FALSE;

  if (!(found = _wr_server_run_params (self->conn,
                                       "SELECT trusted, revoked IS NOT NULL FROM walkround.devices"
                                       " WHERE device_id = $1 AND role_name = current_user",
                                       1, params, _("Could not read this device’s registration"), error)))
    return FALSE;

  if (PQntuples (found) == 0)
    {
      g_set_error (error, WR_SERVER_ERROR, WR_SERVER_ERROR_PERMISSION,
                   _("This device (%s) is registered to another user of the organisation store: "
                     "sync it as that user"), device_id);
      return FALSE;
    }
  if (g_str_equal (PQgetvalue (found, 0, 1), "t"))
    {
      g_set_error (error, WR_SERVER_ERROR, WR_SERVER_ERROR_REVOKED,
                   _("The quality team has revoked this device (%s) in the organisation store: it can no "
                     "longer sync, and keeps what it already had"), device_id);
      return FALSE;
    }
  if (g_str_equal (PQgetvalue (found, 0, 0), "f"))
    {
      g_set_error (error, WR_SERVER_ERROR, WR_SERVER_ERROR_NOT_TRUSTED,
                   _("This device (%s) is registered with the organisation store but not trusted yet: ask the "
                     "quality team to trust it (“walkround server trust-device URI %s”), then sync again"),
                   device_id, device_id);
      return FALSE;
    }

  return TRUE;
}

/* A PostgreSQL array literal of uuids or hex digests, which need no
 * quoting: each was checked to hold only letters, digits and "-".
 */
static char *
array_literal (GPtrArray *values)
{
  g_autoptr(GString) out = g_string_new ("{");

  for (guint i = 0; i < values->len; i++)
    {
      const char *value = values->pdata[i];

      for (const char *c = value; *c != '\0'; c++)
        {
          if (!g_ascii_isalnum (*c) && *c != '-')
            return NULL;
        }
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, value);
    }
  g_string_append_c (out, '}');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * wr_server_sync_find_copies:
 * @visit_uuids: (element-type utf8): visits
 * @digests: (element-type utf8): a digest for each
 *
 * Which of these copies the store holds already, and need not be sent.
 *
 * Returns: (transfer full): a set of "UUID DIGEST", or %NULL with @error set
 */
GHashTable *
wr_server_sync_find_copies (WrServerSync  *self,
                            GPtrArray     *visit_uuids,
                            GPtrArray     *digests,
                            GError       **error)
{
  g_autoptr(GHashTable) found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *uuids = NULL;
  g_autofree char *sums = NULL;
  g_autoptr(PGresult) result = NULL;
  const char *params[2];

  g_return_val_if_fail (visit_uuids->len == digests->len, NULL);

  if (visit_uuids->len == 0)
    return g_steal_pointer (&found);

  if (!(uuids = array_literal (visit_uuids)) || !(sums = array_literal (digests)))
    {
      g_set_error (error, WR_SERVER_ERROR, WR_SERVER_ERROR_FAILED, _("A visit’s uuid or digest is malformed"));
      return NULL;
    }
  params[0] = uuids;
  params[1] = sums;
  if (!(result = _wr_server_run_params (self->conn,
                                        "SELECT c.visit_uuid::text, c.digest FROM walkround.visit_copies c"
                                        " JOIN unnest ($1::uuid[], $2::text[]) AS w (visit_uuid, digest)"
                                        "   ON c.visit_uuid = w.visit_uuid AND c.digest = w.digest",
                                        2, params, _("Could not ask the organisation store which visits it has"),
                                        error)))
    return NULL;

  for (int i = 0; i < PQntuples (result); i++)
    g_hash_table_add (found, g_strdup_printf ("%s %s", PQgetvalue (result, i, 0), PQgetvalue (result, i, 1)));

  return g_steal_pointer (&found);
}

gboolean
wr_server_sync_begin (WrServerSync  *self,
                      GError       **error)
{
  return _wr_server_run (self->conn, "BEGIN", _("Could not start a transaction"), error);
}

gboolean
wr_server_sync_commit (WrServerSync  *self,
                       GError       **error)
{
  return _wr_server_run (self->conn, "COMMIT", _("Could not send the visits to the organisation store"), error);
}

void
wr_server_sync_roll_back (WrServerSync *self)
{
  _wr_server_roll_back (self->conn);
}

/**
 * wr_server_sync_push:
 * @visit_uuid: the visit
 * @digest: its digest, which names the copy
 * @device_id: this device, registered with wr_server_sync_register_device()
 * @content: the copy: a pack of the visit alone
 * @outcome: (out): whether it was sent
 *
 * Within a transaction (wr_server_sync_begin()): adds the visit to the
 * store if it has none of it yet, with this user on its team, then the
 * copy, unless the store has it. A visit that another user made and this
 * one is not on is left alone (WR_SERVER_PUSH_REFUSED).
 *
 * Returns: %FALSE with @error set if the store refused; the transaction
 *   must then be rolled back
 */
gboolean
wr_server_sync_push (WrServerSync  *self,
                     const char    *visit_uuid,
                     const char    *digest,
                     const char    *device_id,
                     GBytes        *content,
                     WrServerPush  *outcome,
                     GError       **error)
{
  const char *visit[] = { visit_uuid };
  g_autoptr(PGresult) creator = NULL;
  g_autoptr(PGresult) inserted = NULL;
  const char *made_by;
  gsize len = 0;
  const char *data = g_bytes_get_data (content, &len);
  const char *values[] = { visit_uuid, digest, device_id, data };
  int lengths[] = { 0, 0, 0, (int) len };
  int formats[] = { 0, 0, 0, 1 };
  ExecStatusType status;

  if (len > G_MAXINT)
    {
      g_set_error (error, WR_SERVER_ERROR, WR_SERVER_ERROR_FAILED, _("A visit is too large to send"));
      return FALSE;
    }

  if (!(creator = _wr_server_run_params (self->conn, "SELECT walkround.visit_creator ($1::uuid)", 1, visit,
                                         _("Could not look the visit up in the organisation store"), error)))
    return FALSE;
  made_by = PQgetisnull (creator, 0, 0) ? NULL : PQgetvalue (creator, 0, 0);

  if (made_by == NULL || g_str_equal (made_by, self->user))
    {
      g_autoptr(PGresult) added = NULL;
      g_autoptr(PGresult) access = NULL;

      /* Not ON CONFLICT DO NOTHING: that asks the new row to be visible,
       * which it is not before its visit_access row. Another device that
       * adds the visit first makes this one's insert fail: it is then
       * that device's, and looked at again.
       */
      if (made_by == NULL)
        {
          if (!_wr_server_run (self->conn, "SAVEPOINT add_visit", _("Could not start a transaction"), error))
            return FALSE;
          added = PQexecParams (self->conn, "INSERT INTO walkround.visits (uuid) VALUES ($1)", 1, NULL, visit, NULL,
                                NULL, 0);
          if (PQresultStatus (added) != PGRES_COMMAND_OK)
            {
              const char *state = PQresultErrorField (added, PG_DIAG_SQLSTATE);

              if (g_strcmp0 (state, "23505") != 0)
                {
                  _wr_server_set_result_error (error, added, self->conn,
                                               _("Could not add the visit to the organisation store"));
                  return FALSE;
                }
              /* unique_violation: added meanwhile */
              if (!_wr_server_run (self->conn, "ROLLBACK TO SAVEPOINT add_visit", _("Could not start a transaction"),
                                   error))
                return FALSE;
              return wr_server_sync_push (self, visit_uuid, digest, device_id, content, outcome, error);
            }
        }
      if (!(access = _wr_server_run_params (self->conn,
                                            "INSERT INTO walkround.visit_access (visit_uuid, role_name)"
                                            " VALUES ($1, current_user) ON CONFLICT DO NOTHING",
                                            1, visit, _("Could not put you on the visit’s team in the store"),
                                            error)))
        return FALSE;
    }
  else if (!self->quality_team)
    {
      g_autoptr(PGresult) seen = NULL;

      if (!(seen = _wr_server_run_params (self->conn, "SELECT 1 FROM walkround.visits WHERE uuid = $1", 1, visit,
                                          _("Could not look the visit up in the organisation store"), error)))
        return FALSE;
      if (PQntuples (seen) == 0)
        {
          *outcome = WR_SERVER_PUSH_REFUSED;
          return TRUE;
        }
    }

  inserted = PQexecParams (self->conn,
                           "INSERT INTO walkround.visit_copies (visit_uuid, digest, device_id, content)"
                           " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                           4, NULL, values, lengths, formats, 0);
  status = PQresultStatus (inserted);
  if (status != PGRES_COMMAND_OK)
    {
      _wr_server_set_result_error (error, inserted, self->conn, _("Could not send a visit to the organisation store"));
      return FALSE;
    }

  *outcome = g_str_equal (PQcmdTuples (inserted), "1") ? WR_SERVER_PUSH_SENT : WR_SERVER_PUSH_KNOWN;
  return TRUE;
}

/**
 * wr_server_sync_list_new:
 * @device_id: this device: its own copies are left out
 * @cursor: every copy below this txid was taken already ("0": none)
 * @position: (nullable): and every copy up to this one, of the window
 *   from @cursor (a #WrServerCopy's position)
 * @upto: (out): where the window ends: the next cursor once all are taken
 *
 * The copies this device has not taken yet, in the order to take them:
 * those written in the window, and every copy of a visit this user was
 * put on in it.
 *
 * Returns: (transfer full) (element-type WrServerCopy): the copies, or
 *   %NULL with @error set
 */
GPtrArray *
wr_server_sync_list_new (WrServerSync  *self,
                         const char    *device_id,
                         const char    *cursor,
                         const char    *position,
                         char         **upto,
                         GError       **error)
{
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func ((GDestroyNotify) wr_server_copy_free);
  g_autoptr(PGresult) mark = NULL;
  g_autoptr(PGresult) result = NULL;
  g_auto(GStrv) after = NULL;
  const char *params[6];

  if (position != NULL)
    after = g_strsplit (position, " ", 3);
  if (after == NULL || g_strv_length (after) != 3)
    {
      g_clear_pointer (&after, g_strfreev);
      after = g_new0 (char *, 4);
      after[0] = g_strdup ("0");
      after[1] = g_strdup ("00000000-0000-0000-0000-000000000000");
      after[2] = g_strdup ("");
    }

  if (!_wr_server_run (self->conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                       _("Could not start a transaction"), error))
    return NULL;
  if (!(mark = _wr_server_run_params (self->conn, "SELECT pg_catalog.pg_snapshot_xmin (pg_catalog.pg_current_snapshot ())",
                                      0, NULL, _("Could not read the organisation store’s position"), error)))
    goto failed;

  params[0] = cursor;
  params[1] = PQgetvalue (mark, 0, 0);
  params[2] = after[0];
  params[3] = after[1];
  params[4] = after[2];
  params[5] = device_id;
  if (!(result = _wr_server_run_params (self->conn,
                                        "SELECT eff::text, visit_uuid::text, digest, device_id FROM ("
                                        "  SELECT c.txid AS eff, c.visit_uuid, c.digest, c.device_id"
                                        "    FROM walkround.visit_copies c"
                                        "    WHERE c.txid >= $1::xid8 AND c.txid < $2::xid8"
                                        "  UNION"
                                        "  SELECT a.txid, c.visit_uuid, c.digest, c.device_id"
                                        "    FROM walkround.visit_access a"
                                        "    JOIN walkround.visit_copies c ON c.visit_uuid = a.visit_uuid"
                                        "    WHERE a.role_name = current_user"
                                        "      AND a.txid >= $1::xid8 AND a.txid < $2::xid8 AND c.txid < $2::xid8"
                                        ") s"
                                        " WHERE (eff, visit_uuid, digest) > ($3::xid8, $4::uuid, $5)"
                                        "   AND device_id <> $6"
                                        " ORDER BY eff, visit_uuid, digest",
                                        6, params, _("Could not list what the organisation store has for you"),
                                        error)))
    goto failed;

  for (int i = 0; i < PQntuples (result); i++)
    {
      WrServerCopy *copy = g_new0 (WrServerCopy, 1);

      copy->visit_uuid = g_strdup (PQgetvalue (result, i, 1));
      copy->digest = g_strdup (PQgetvalue (result, i, 2));
      copy->device_id = g_strdup (PQgetvalue (result, i, 3));
      copy->position = g_strdup_printf ("%s %s %s", PQgetvalue (result, i, 0), copy->visit_uuid, copy->digest);
      g_ptr_array_add (copies, copy);
    }

  if (!_wr_server_run (self->conn, "COMMIT", _("Could not list what the organisation store has for you"), error))
    goto failed;

  *upto = g_strdup (PQgetvalue (mark, 0, 0));
  return g_steal_pointer (&copies);

failed:
  _wr_server_roll_back (self->conn);
  return NULL;
}

/**
 * wr_server_sync_fetch:
 *
 * Returns: (transfer full): the bytes of a copy wr_server_sync_list_new()
 *   listed, or %NULL with @error set
 */
GBytes *
wr_server_sync_fetch (WrServerSync  *self,
                      const char    *visit_uuid,
                      const char    *digest,
                      GError       **error)
{
  const char *params[] = { visit_uuid, digest };
  g_autoptr(PGresult) result = PQexecParams (self->conn,
                                             "SELECT content FROM walkround.visit_copies"
                                             " WHERE visit_uuid = $1 AND digest = $2",
                                             2, NULL, params, NULL, NULL, 1);

  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      _wr_server_set_result_error (error, result, self->conn, _("Could not receive a visit from the organisation store"));
      return NULL;
    }
  if (PQntuples (result) != 1)
    {
      g_set_error (error, WR_SERVER_ERROR, WR_SERVER_ERROR_FAILED,
                   _("The organisation store no longer has a copy of visit %s that it listed"), visit_uuid);
      return NULL;
    }

  return g_bytes_new (PQgetvalue (result, 0, 0), PQgetlength (result, 0, 0));
}

/**
 * wr_server_set_device_trust:
 * @uri: a libpq connection URI; its user must be in the quality team
 * @device_id: a registered device, as `walkround sync` names it
 * @revoke: %FALSE to trust the device, %TRUE to revoke it
 *
 * Trusts a device, so that it may send visits, or revokes it, so that it
 * may no longer send or receive. What it has already sent stays.
 *
 * Returns: %FALSE with @error set on failure
 */
gboolean
wr_server_set_device_trust (const char  *uri,
                            const char  *device_id,
                            gboolean     revoke,
                            GError     **error)
{
  g_autoptr(WrServerSync) self = NULL;
  g_autoptr(PGresult) result = NULL;
  const char *params[] = { device_id };

  if (!(self = wr_server_sync_open (uri, NULL, error)))
    return FALSE;
  if (!self->quality_team)
    {
      g_set_error (error, WR_SERVER_ERROR, WR_SERVER_ERROR_PERMISSION,
                   _("Only the quality team trusts and revokes devices; “%s” is a visitor"), self->user);
      return FALSE;
    }

  if (!(result = _wr_server_run_params (self->conn,
                                        revoke
                                        ? "UPDATE walkround.devices SET revoked = coalesce (revoked, now ())"
                                          " WHERE device_id = $1"
                                        : "UPDATE walkround.devices SET trusted = true WHERE device_id = $1"
                                          " AND revoked IS NULL",
                                        1, params, _("Could not change the device’s trust"), error)))
    return FALSE;
  if (!g_str_equal (PQcmdTuples (result), "1"))
    {
      g_set_error (error, WR_SERVER_ERROR, WR_SERVER_ERROR_FAILED,
                   revoke
                   ? _("The organisation store has no device “%s”")
                   : _("The organisation store has no device “%s” that is not revoked"),
                   device_id);
      return FALSE;
    }
  return TRUE;
}
