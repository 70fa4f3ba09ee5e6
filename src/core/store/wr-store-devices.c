/* wr-store-devices.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-store-devices"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-store-private.h"

/* The devices table: the signing keys this database trusts or has
 * revoked, and its own (docs/evidence-pack.md, "Signatures"). The keys
 * themselves are made and checked in packs/wr-device-key.c; only the SQL
 * is here.
 */

void
wr_device_free (WrDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->public_key);
  g_free (device->fingerprint);
  g_free (device->device_id);
  g_free (device->changed);
  g_free (device);
}

/**
 * wr_device_trust_to_string:
 * @trust: a #WrDeviceTrust
 *
 * Returns: the word the devices table and `walkround devices list` use:
 *   "own", "trusted", "revoked" or "unknown"
 */
const char *
wr_device_trust_to_string (WrDeviceTrust trust)
{
  switch (trust)
    {
    case WR_DEVICE_TRUST_OWN: return "own";
    case WR_DEVICE_TRUST_TRUSTED: return "trusted";
    case WR_DEVICE_TRUST_REVOKED: return "revoked";
    case WR_DEVICE_TRUST_UNKNOWN:
    default:
      return "unknown";
    }
}

static WrDeviceTrust
trust_from_string (const char *text)
{
  if (g_strcmp0 (text, "own") == 0)
    return WR_DEVICE_TRUST_OWN;
  if (g_strcmp0 (text, "trusted") == 0)
    return WR_DEVICE_TRUST_TRUSTED;
  if (g_strcmp0 (text, "revoked") == 0)
    return WR_DEVICE_TRUST_REVOKED;
  return WR_DEVICE_TRUST_UNKNOWN;
}

#define DEVICE_COLUMNS "public_key, fingerprint, device_id, trust, changed"

static WrDevice *
read_device (sqlite3_stmt *stmt)
{
  WrDevice *device = g_new0 (WrDevice, 1);

  device->public_key = _wr_store_column_dup (stmt, 0);
  device->fingerprint = _wr_store_column_dup (stmt, 1);
  device->device_id = _wr_store_column_dup (stmt, 2);
  device->trust = trust_from_string (_wr_store_column_text (stmt, 3));
  device->changed = _wr_store_column_dup (stmt, 4);
  return device;
}

/* Reads the rows of @stmt into @devices, or into *@device for the first. */
static gboolean
read_devices (WrStore       *self,
              sqlite3_stmt  *stmt,
              GPtrArray     *devices,
              WrDevice     **device,
              GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (devices != NULL)
        g_ptr_array_add (devices, read_device (stmt));
      else if (*device == NULL)
        *device = read_device (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_result_error (self, error, WR_STORE_ERROR_READ, _("Could not read the trusted devices"), rc);
      return FALSE;
    }

  return TRUE;
}

/* *@device is the row of @public_key, or %NULL if there is none. */
gboolean
_wr_store_device_lookup (WrStore     *self,
                         const char  *public_key,
                         WrDevice   **device,
                         GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;

  *device = NULL;
  if (!(stmt = _wr_store_prepare (self, "SELECT " DEVICE_COLUMNS " FROM devices WHERE public_key = ?", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, public_key, -1, SQLITE_STATIC);

  return read_devices (self, stmt, NULL, device, error);
}

/* *@device is this database's own key's row, or %NULL before it has one. */
gboolean
_wr_store_device_get_own (WrStore   *self,
                          WrDevice **device,
                          GError   **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;

  *device = NULL;
  if (!(stmt = _wr_store_prepare (self, "SELECT " DEVICE_COLUMNS " FROM devices WHERE trust = 'own'"
                                        " ORDER BY changed LIMIT 1", error)))
    return FALSE;

  return read_devices (self, stmt, NULL, device, error);
}

/* Adds @public_key, or changes how far it is trusted; in the caller's
 * transaction.
 */
gboolean
_wr_store_device_set (WrStore        *self,
                      const char     *public_key,
                      const char     *fingerprint,
                      const char     *device_id,
                      WrDeviceTrust   trust,
                      GError        **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autofree char *now = _wr_store_now ();

  g_return_val_if_fail (trust != WR_DEVICE_TRUST_UNKNOWN, FALSE);

  if (!(stmt = _wr_store_prepare (self,
                                  "INSERT INTO devices (public_key, fingerprint, device_id, trust, changed)"
                                  " VALUES (?, ?, ?, ?, ?)"
                                  " ON CONFLICT (public_key) DO UPDATE SET trust = excluded.trust,"
                                  "   changed = excluded.changed,"
                                  "   device_id = CASE WHEN excluded.device_id = '' THEN device_id"
                                  "                    ELSE excluded.device_id END"
                                  " WHERE trust <> excluded.trust",
                                  error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, public_key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, fingerprint, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, device_id != NULL ? device_id : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, wr_device_trust_to_string (trust), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);

  return _wr_store_step_done (self, stmt, error);
}

/* Appends the public key of every revoked device to @public_keys, in
 * the order of the keys (so a pack's list is the same every time).
 */
gboolean
_wr_store_device_list_revoked (WrStore    *self,
                               GPtrArray  *public_keys,
                               GError    **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  int rc;

  if (!(stmt = _wr_store_prepare (self, "SELECT public_key FROM devices WHERE trust = 'revoked' ORDER BY public_key",
                                  error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (public_keys, _wr_store_column_dup (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_result_error (self, error, WR_STORE_ERROR_READ, _("Could not read the trusted devices"), rc);
      return FALSE;
    }

  return TRUE;
}

/**
 * wr_store_list_devices:
 * @self: a #WrStore
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type WrDevice): every device this
 *   database knows, its own first, then trusted and revoked ones by
 *   fingerprint; or %NULL with @error set
 */
GPtrArray *
wr_store_list_devices (WrStore  *self,
                       GError  **error)
{
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func ((GDestroyNotify) wr_device_free);
  g_autoptr(WrCachedStmt) stmt = NULL;

  g_return_val_if_fail (WR_IS_STORE (self), NULL);

  if (!(stmt = _wr_store_prepare (self,
                                  "SELECT " DEVICE_COLUMNS " FROM devices"
                                  " ORDER BY trust <> 'own', trust = 'revoked', fingerprint",
                                  error)) ||
      !read_devices (self, stmt, devices, NULL, error))
    return NULL;

  return g_steal_pointer (&devices);
}

/* "3F2A 1B2C" and "3f2a-1b2c" alike: hex digits only, lower case. */
static char *
normalise_id (const char *id)
{
  GString *out = g_string_new (NULL);

  for (const char *p = id; *p != '\0'; p++)
    if (*p != ' ' && *p != '-' && *p != ':')
      g_string_append_c (out, g_ascii_tolower (*p));

  return g_string_free (out, FALSE);
}

/**
 * wr_store_revoke_device:
 * @self: a #WrStore
 * @id: a device's fingerprint (spaces and dashes ignored, any case), or
 *   its device id, which revokes every key it signed with
 * @error: return location for a #GError
 *
 * Revokes the keys @id names, in one transaction: this database refuses
 * their packs from now on, and its own packs carry the revocation to the
 * databases that import them. This database's own key cannot be revoked.
 *
 * Returns: (transfer full) (element-type WrDevice): the keys revoked
 *   (already revoked ones included), or %NULL with @error set
 */
GPtrArray *
wr_store_revoke_device (WrStore     *self,
                        const char  *id,
                        GError     **error)
{
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func ((GDestroyNotify) wr_device_free);
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *wanted = NULL;

  g_return_val_if_fail (WR_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  wanted = normalise_id (id);
  if (!(all = wr_store_list_devices (self, error)))
    return NULL;

  for (guint i = 0; i < all->len; i++)
    {
      WrDevice *device = g_ptr_array_index (all, i);
      g_autofree char *fingerprint = normalise_id (device->fingerprint);

      if (wanted[0] == '\0' || (!g_str_equal (fingerprint, wanted) && g_ascii_strcasecmp (device->device_id, id) != 0))
        continue;
      if (device->trust == WR_DEVICE_TRUST_OWN)
        {
          g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_WRITE,
                       _("“%s” is this database’s own key (%s), which it cannot revoke"), id, device->fingerprint);
          return NULL;
        }
      g_ptr_array_add (devices, g_steal_pointer (&all->pdata[i]));
    }

  if (devices->len == 0)
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_NOT_FOUND,
                   _("No device known here has the fingerprint or device id “%s”; "
                     "“walkround devices list” lists them"),
                   id);
      return NULL;
    }

  if (!_wr_store_begin (self, error))
    return NULL;
  for (guint i = 0; i < devices->len; i++)
    {
      WrDevice *device = g_ptr_array_index (devices, i);

      if (!_wr_store_device_set (self, device->public_key, device->fingerprint, device->device_id,
                                 WR_DEVICE_TRUST_REVOKED, error))
        {
          _wr_store_rollback (self);
          return NULL;
        }
      device->trust = WR_DEVICE_TRUST_REVOKED;
    }
  if (!_wr_store_commit (self, error))
    return NULL;

  return g_steal_pointer (&devices);
}

/**
 * wr_device_normalise_fingerprint:
 * @text: a fingerprint as typed: "3f2a 1b2c …", "3F2A1B2C…" or with dashes
 *
 * Returns: (transfer full) (nullable): the fingerprint as Walkround shows
 *   it ("3F2A 1B2C …": 32 hex digits in upper case, in groups of four), or
 *   %NULL if @text is not 32 hex digits
 */
char *
wr_device_normalise_fingerprint (const char *text)
{
  GString *out = g_string_new (NULL);
  guint n = 0;

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '-' || *p == ':')
        continue;
      if (!g_ascii_isxdigit (*p) || n == 32)
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      if (n > 0 && n % 4 == 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, g_ascii_toupper (*p));
      n++;
    }
  if (n != 32)
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  return g_string_free (out, FALSE);
}

static gboolean
lookup_by_fingerprint (WrStore     *self,
                       const char  *fingerprint,
                       WrDevice   **device,
                       GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;

  *device = NULL;
  if (!(stmt = _wr_store_prepare (self, "SELECT " DEVICE_COLUMNS " FROM devices WHERE fingerprint = ?", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, fingerprint, -1, SQLITE_STATIC);

  return read_devices (self, stmt, NULL, device, error);
}

/**
 * wr_store_trust_fingerprint:
 * @self: a #WrStore
 * @fingerprint: a device key's fingerprint, as its owner read it out
 * @error: return location for a #GError
 *
 * Trusts the key with @fingerprint before any pack of it has come: the
 * first pack whose signer's key has it is then imported without asking,
 * and its key recorded as trusted. A key known here already is trusted
 * at once (a revoked one again, as this is the user's explicit choice).
 *
 * Returns: (transfer full): the device, its public key empty if none of
 *   its packs has come yet; or %NULL with @error set
 */
WrDevice *
wr_store_trust_fingerprint (WrStore     *self,
                            const char  *fingerprint,
                            GError     **error)
{
  g_autofree char *normal = NULL;
  g_autoptr(WrDevice) known = NULL;
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autofree char *now = _wr_store_now ();
  WrDevice *device;

  g_return_val_if_fail (WR_IS_STORE (self), NULL);
  g_return_val_if_fail (fingerprint != NULL, NULL);

  if (!(normal = wr_device_normalise_fingerprint (fingerprint)))
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID,
                   _("“%s” is not a fingerprint: a fingerprint is 32 letters and digits from 0–9 and A–F, "
                     "as Preferences shows them (“3F2A 1B2C …”)"),
                   fingerprint);
      return NULL;
    }

  if (!lookup_by_fingerprint (self, normal, &known, error))
    return NULL;
  if (known != NULL && known->trust == WR_DEVICE_TRUST_OWN)
    return g_steal_pointer (&known);

  if (!_wr_store_begin (self, error))
    return NULL;
  if (known != NULL)
    {
      if (!_wr_store_device_set (self, known->public_key, known->fingerprint, known->device_id,
                                 WR_DEVICE_TRUST_TRUSTED, error))
        goto fail;
      known->trust = WR_DEVICE_TRUST_TRUSTED;
    }
  else
    {
      if (!(stmt = _wr_store_prepare (self,
                                      "INSERT INTO expected_devices (fingerprint, added) VALUES (?, ?)"
                                      " ON CONFLICT (fingerprint) DO NOTHING",
                                      error)))
        goto fail;
      sqlite3_bind_text (stmt, 1, normal, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
      if (!_wr_store_step_done (self, stmt, error))
        goto fail;
    }
  if (!_wr_store_commit (self, error))
    return NULL;

  if (known != NULL)
    return g_steal_pointer (&known);
  device = g_new0 (WrDevice, 1);
  device->public_key = g_strdup ("");
  device->fingerprint = g_steal_pointer (&normal);
  device->device_id = g_strdup ("");
  device->trust = WR_DEVICE_TRUST_TRUSTED;
  device->changed = g_steal_pointer (&now);
  return device;

fail:
  _wr_store_rollback (self);
  return NULL;
}

/**
 * wr_store_list_expected_devices:
 * @self: a #WrStore
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type WrDevice): the fingerprints
 *   trusted before any of their packs came (public key and device id
 *   empty, trust %WR_DEVICE_TRUST_TRUSTED), or %NULL with @error set
 */
GPtrArray *
wr_store_list_expected_devices (WrStore  *self,
                                GError  **error)
{
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func ((GDestroyNotify) wr_device_free);
  g_autoptr(WrCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (WR_IS_STORE (self), NULL);

  if (!(stmt = _wr_store_prepare (self, "SELECT fingerprint, added FROM expected_devices ORDER BY fingerprint",
                                  error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WrDevice *device = g_new0 (WrDevice, 1);

      device->public_key = g_strdup ("");
      device->fingerprint = _wr_store_column_dup (stmt, 0);
      device->device_id = g_strdup ("");
      device->trust = WR_DEVICE_TRUST_TRUSTED;
      device->changed = _wr_store_column_dup (stmt, 1);
      g_ptr_array_add (devices, device);
    }
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_result_error (self, error, WR_STORE_ERROR_READ, _("Could not read the trusted devices"), rc);
      return NULL;
    }

  return g_steal_pointer (&devices);
}

/* In the caller's transaction: *@expected says whether @fingerprint was
 * trusted before its first pack; if so it is no longer awaited.
 */
gboolean
_wr_store_device_take_expected (WrStore     *self,
                                const char  *fingerprint,
                                gboolean    *expected,
                                GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;

  *expected = FALSE;
  if (!(stmt = _wr_store_prepare (self, "DELETE FROM expected_devices WHERE fingerprint = ?", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, fingerprint, -1, SQLITE_STATIC);
  if (!_wr_store_step_done (self, stmt, error))
    return FALSE;
  *expected = sqlite3_changes (_wr_store_get_db (self)) > 0;

  return TRUE;
}
