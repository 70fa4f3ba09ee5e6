/* wr-device-key.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-device-key"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wr-atomic-file.h"
#include "wr-device-key.h"
#include "wr-platform.h"
#include "wr-store-private.h"

/* Both key files are key files in GLib's sense: the public one is what
 * `walkround devices export-key` writes and `walkround devices trust`
 * reads; the secret one, beside the database, has the secret key too.
 */
#define KEY_GROUP       "Walkround Device Key"
#define KEY_DEVICE      "Device"
#define KEY_PUBLIC      "PublicKey"
#define KEY_SECRET      "SecretKey"
#define KEY_FINGERPRINT "Fingerprint"

struct _WrDeviceKey
{
  char   *path;
  char   *device_id;
  char   *public_key;    /* base64 */
  char   *fingerprint;
  guint8  secret[crypto_sign_SECRETKEYBYTES];
};

G_STATIC_ASSERT (WR_DEVICE_PUBLIC_KEY_BYTES == crypto_sign_PUBLICKEYBYTES);
G_STATIC_ASSERT (WR_DEVICE_SIGNATURE_BYTES == crypto_sign_BYTES);

static void
ensure_sodium (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      if (sodium_init () < 0)
        g_error ("libsodium could not be initialised");
      g_once_init_leave (&done, 1);
    }
}

void
wr_device_key_free (WrDeviceKey *self)
{
  if (self == NULL)
    return;
  sodium_memzero (self->secret, sizeof self->secret);
  g_free (self->path);
  g_free (self->device_id);
  g_free (self->public_key);
  g_free (self->fingerprint);
  g_free (self);
}

const char *
wr_device_key_get_public_key (WrDeviceKey *self)
{
  return self->public_key;
}

const char *
wr_device_key_get_fingerprint (WrDeviceKey *self)
{
  return self->fingerprint;
}

const char *
wr_device_key_get_device_id (WrDeviceKey *self)
{
  return self->device_id;
}

const char *
wr_device_key_get_path (WrDeviceKey *self)
{
  return self->path;
}

/* Decodes @text if it is the base64 of exactly @len bytes, leaving no
 * copy of them behind (they may be a secret key).
 */
gboolean
_wr_device_key_decode (const char *text,
                       guint8     *out,
                       gsize       len)
{
  g_autofree guchar *bytes = NULL;
  gsize n = 0;

  if (text == NULL || strlen (text) != (len + 2) / 3 * 4)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=')
      return FALSE;
  bytes = g_base64_decode (text, &n);
  if (n != len)
    {
      if (bytes != NULL)
        sodium_memzero (bytes, n);
      return FALSE;
    }
  memcpy (out, bytes, len);
  sodium_memzero (bytes, n);
  return TRUE;
}

/**
 * wr_device_fingerprint:
 * @public_key: the base64 of an Ed25519 public key
 *
 * The fingerprint people compare, on screen or read out on the phone:
 * the first 16 bytes of the SHA-256 of the 32 bytes of the key, in upper
 * case hex, in 8 groups of 4 ("3F2A 1B2C …").
 *
 * Returns: (transfer full) (nullable): the fingerprint, or %NULL if
 *   @public_key is not a key
 */
char *
wr_device_fingerprint (const char *public_key)
{
  guint8 key[crypto_sign_PUBLICKEYBYTES];
  guint8 hash[crypto_hash_sha256_BYTES];
  GString *out;

  ensure_sodium ();
  if (!_wr_device_key_decode (public_key, key, sizeof key))
    return NULL;
  crypto_hash_sha256 (hash, key, sizeof key);

  out = g_string_sized_new (40);
  for (guint i = 0; i < 16; i++)
    {
      if (i > 0 && i % 2 == 0)
        g_string_append_c (out, ' ');
      g_string_append_printf (out, "%02X", hash[i]);
    }

  return g_string_free (out, FALSE);
}

/**
 * wr_device_verify:
 * @public_key: the base64 of an Ed25519 public key
 * @signature: the base64 of a signature
 * @message: what was signed
 * @len: its length
 *
 * Returns: %TRUE if @signature is @public_key's signature of @message
 */
gboolean
wr_device_verify (const char   *public_key,
                  const char   *signature,
                  const guint8 *message,
                  gsize         len)
{
  guint8 key[crypto_sign_PUBLICKEYBYTES];
  guint8 sig[crypto_sign_BYTES];

  ensure_sodium ();
  if (!_wr_device_key_decode (public_key, key, sizeof key) || !_wr_device_key_decode (signature, sig, sizeof sig))
    return FALSE;

  return crypto_sign_verify_detached (sig, message, len, key) == 0;
}

/**
 * wr_device_key_sign:
 * @self: a #WrDeviceKey
 * @message: what to sign
 * @len: its length
 *
 * Returns: (transfer full): the base64 of the Ed25519 signature
 */
char *
wr_device_key_sign (WrDeviceKey  *self,
                    const guint8 *message,
                    gsize         len)
{
  guint8 sig[crypto_sign_BYTES];

  crypto_sign_detached (sig, NULL, message, len, self->secret);
  return g_base64_encode (sig, sizeof sig);
}

/**
 * wr_device_key_path_for:
 * @store: a #WrStore
 *
 * Returns: (transfer full): where @store's key file is: beside the
 *   database, its name with ".device-key" added
 */
char *
wr_device_key_path_for (WrStore *store)
{
  g_return_val_if_fail (WR_IS_STORE (store), NULL);

  return g_strconcat (wr_store_get_path (store), WR_DEVICE_KEY_SUFFIX, NULL);
}

static char *
key_file_text (WrDeviceKey *self,
               gboolean     with_secret)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();

  g_key_file_set_comment (file, NULL, NULL,
                          with_secret ? " This Walkround database's signing key: keep it secret, and back it up with the database."
                                      : " A Walkround device's public key: `walkround devices trust FILE` trusts its packs.",
                          NULL);
  g_key_file_set_string (file, KEY_GROUP, KEY_DEVICE, self->device_id);
  g_key_file_set_string (file, KEY_GROUP, KEY_PUBLIC, self->public_key);
  g_key_file_set_string (file, KEY_GROUP, KEY_FINGERPRINT, self->fingerprint);
  if (with_secret)
    {
      g_autofree char *secret = g_base64_encode (self->secret, sizeof self->secret);

      g_key_file_set_string (file, KEY_GROUP, KEY_SECRET, secret);
      sodium_memzero (secret, strlen (secret));
    }

  return g_key_file_to_data (file, NULL, NULL);
}

/* Parses a key file's text: the public part always, the secret one if
 * @self->secret is wanted (@secret).
 */
static WrDeviceKey *
parse_key_file (const char  *path,
                const char  *text,
                gsize        len,
                gboolean     secret,
                GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(WrDeviceKey) key = g_new0 (WrDeviceKey, 1);
  g_autofree char *secret_text = NULL;
  guint8 public_key[crypto_sign_PUBLICKEYBYTES];
  guint8 derived[crypto_sign_PUBLICKEYBYTES];
  g_autofree char *fingerprint = NULL;

  key->path = g_strdup (path);
  if (!g_key_file_load_from_data (file, text, len, G_KEY_FILE_NONE, NULL) ||
      !(key->public_key = g_key_file_get_string (file, KEY_GROUP, KEY_PUBLIC, NULL)) ||
      !_wr_device_key_decode (key->public_key, public_key, sizeof public_key))
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_KEY,
                   _("“%s” is not a Walkround device key file: it has no [%s] group with a %s of 32 bytes in base64"),
                   path, KEY_GROUP, KEY_PUBLIC);
      return NULL;
    }
  key->device_id = g_key_file_get_string (file, KEY_GROUP, KEY_DEVICE, NULL);
  if (key->device_id == NULL)
    key->device_id = g_strdup ("");
  key->fingerprint = wr_device_fingerprint (key->public_key);

  /* A fingerprint in the file that is not the key's says the file was
   * edited: whoever trusts it would compare the wrong one on the phone.
   */
  fingerprint = g_key_file_get_string (file, KEY_GROUP, KEY_FINGERPRINT, NULL);
  if (fingerprint != NULL && g_ascii_strcasecmp (fingerprint, key->fingerprint) != 0)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_KEY,
                   _("“%s”: the fingerprint it states (%s) is not that of its key (%s); the file was changed"),
                   path, fingerprint, key->fingerprint);
      return NULL;
    }

  if (!secret)
    return g_steal_pointer (&key);

  secret_text = g_key_file_get_string (file, KEY_GROUP, KEY_SECRET, NULL);
  if (!_wr_device_key_decode (secret_text, key->secret, sizeof key->secret) ||
      crypto_sign_ed25519_sk_to_pk (derived, key->secret) != 0 ||
      sodium_memcmp (derived, public_key, sizeof derived) != 0)
    {
      if (secret_text != NULL)
        sodium_memzero (secret_text, strlen (secret_text));
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_KEY,
                   _("The signing key file “%s” is damaged: its %s is missing or does not belong to its %s. "
                     "Restore the file from a backup of this database"),
                   path, KEY_SECRET, KEY_PUBLIC);
      return NULL;
    }
  sodium_memzero (secret_text, strlen (secret_text));

  return g_steal_pointer (&key);
}

/**
 * wr_key_file_write_new:
 * @path: where to write
 * @text: the file's text
 * @exists: (out): set if a file is already at @path
 * @error: return location for a #GError
 *
 * Writes a new key file at @path, readable by its owner only, never over
 * an existing one: the file is written whole beside it, synced, and then
 * linked into place, which fails if a file is there (another process
 * made the key first).
 *
 * Returns: %TRUE once written
 */
gboolean
wr_key_file_write_new (const char  *path,
                       const char  *text,
                       gboolean    *exists,
                       GError     **error)
{
  g_autofree char *temp = g_strconcat (path, ".XXXXXX", NULL);
  gsize len = strlen (text);
  gsize done = 0;
  int saved_errno = 0;
  int fd;

  *exists = FALSE;
  fd = g_mkstemp_full (temp, O_WRONLY | O_BINARY | O_CLOEXEC, 0600);
  if (fd < 0)
    saved_errno = errno;
  while (fd >= 0 && saved_errno == 0 && done < len)
    {
      gssize n = write (fd, text + done, len - done);

      if (n < 0 && errno != EINTR)
        saved_errno = errno;
      else if (n > 0)
        done += n;
    }
  if (fd >= 0 && saved_errno == 0 && wr_platform_fsync (fd) != 0)
    saved_errno = errno;
  if (fd >= 0 && close (fd) != 0 && saved_errno == 0)
    saved_errno = errno;

#ifndef G_OS_WIN32
  if (saved_errno == 0 && link (temp, path) != 0)
    saved_errno = errno;
#else
  if (saved_errno == 0 && g_file_test (path, G_FILE_TEST_EXISTS))
    saved_errno = EEXIST;
  else if (saved_errno == 0 && g_rename (temp, path) != 0)
    saved_errno = errno;
#endif
  if (fd >= 0)
    g_unlink (temp);

  if (saved_errno == EEXIST)
    *exists = TRUE;
  else if (saved_errno != 0)
    g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_KEY, _("Could not write the key file “%s”: %s"),
                 path, g_strerror (saved_errno));

  return saved_errno == 0;
}

static WrDeviceKey *
make_key (WrStore     *store,
          const char  *path,
          gboolean    *exists,
          GError     **error)
{
  g_autoptr(WrDeviceKey) key = g_new0 (WrDeviceKey, 1);
  guint8 public_key[crypto_sign_PUBLICKEYBYTES];
  g_autofree char *text = NULL;
  gboolean written;

  crypto_sign_keypair (public_key, key->secret);
  key->path = g_strdup (path);
  key->device_id = g_strdup (wr_store_get_device_id (store));
  key->public_key = g_base64_encode (public_key, sizeof public_key);
  key->fingerprint = wr_device_fingerprint (key->public_key);

  text = key_file_text (key, TRUE);
  written = wr_key_file_write_new (path, text, exists, error);
  sodium_memzero (text, strlen (text));
  if (!written)
    return NULL;

  return g_steal_pointer (&key);
}

static gboolean
record_own (WrStore      *store,
            WrDeviceKey  *key,
            GError      **error)
{
  if (!_wr_store_begin (store, error))
    return FALSE;
  if (!_wr_store_device_set (store, key->public_key, key->fingerprint, wr_store_get_device_id (store),
                             WR_DEVICE_TRUST_OWN, error))
    {
      _wr_store_rollback (store);
      return FALSE;
    }
  return _wr_store_commit (store, error);
}

/**
 * wr_device_key_get:
 * @store: a #WrStore
 * @error: return location for a #GError
 *
 * Reads @store's signing key from its file beside the database, or makes
 * one (libsodium's crypto_sign_keypair()) if the database has never had
 * one, and records it as the database's own. A key file that is missing
 * once the database has a key, unreadable or damaged is an error
 * (%WR_PACK_ERROR_KEY) saying what to do: the key is never replaced
 * silently, since the devices that trust it would refuse its packs.
 *
 * Returns: (transfer full): the key, or %NULL with @error set
 */
WrDeviceKey *
wr_device_key_get (WrStore  *store,
                   GError  **error)
{
  g_autofree char *path = NULL;
  g_autoptr(WrDevice) own = NULL;
  g_autoptr(WrDeviceKey) key = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len = 0;

  g_return_val_if_fail (WR_IS_STORE (store), NULL);

  ensure_sodium ();
  path = wr_device_key_path_for (store);
  if (!_wr_store_device_get_own (store, &own, error))
    return NULL;

  for (guint attempt = 0; key == NULL; attempt++)
    {
      gboolean exists = FALSE;

      if (g_file_get_contents (path, &text, &len, &local_error))
        {
          key = parse_key_file (path, text, len, TRUE, error);
          sodium_memzero (text, len);
          if (key == NULL)
            return NULL;
          break;
        }
      if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_KEY,
                       _("Could not read this database’s signing key file: %s. "
                         "Make it readable by you (and only you) again"),
                       local_error->message);
          return NULL;
        }
      if (own != NULL)
        {
          g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_KEY,
                       _("This database’s signing key file “%s” is missing. The database has signed packs with the key "
                         "%s, which other devices trust: restore the file from a backup of this database; Walkround "
                         "does not make a new key in its place"),
                       path, own->fingerprint);
          return NULL;
        }
      g_clear_error (&local_error);
      key = make_key (store, path, &exists, error);
      if (key == NULL && (!exists || attempt > 0))
        return NULL;
    }

  if (own != NULL && !g_str_equal (own->public_key, key->public_key))
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_KEY,
                   _("The signing key file “%s” holds the key %s, but this database signs with %s: the file is another "
                     "database’s. Restore this database’s own key file from a backup"),
                   path, key->fingerprint, own->fingerprint);
      return NULL;
    }
#ifndef G_OS_WIN32
  {
    struct stat st;

    /* Readable by others, it is a secret no more: keep it the owner's. */
    if (g_stat (path, &st) == 0 && (st.st_mode & 077) != 0)
      g_chmod (path, 0600);
  }
#endif
  g_free (key->device_id);
  key->device_id = g_strdup (wr_store_get_device_id (store));
  if (own == NULL && !record_own (store, key, error))
    return NULL;

  return g_steal_pointer (&key);
}

/**
 * wr_device_key_export:
 * @self: a #WrDeviceKey
 * @path: where to write
 * @error: return location for a #GError
 *
 * Writes the public half of the key, its device id and fingerprint to
 * @path (never the secret key), for another database to trust.
 *
 * Returns: %TRUE once written
 */
gboolean
wr_device_key_export (WrDeviceKey  *self,
                      const char   *path,
                      GError      **error)
{
  g_autofree char *text = key_file_text (self, FALSE);

  return wr_atomic_file_set_contents (path, text, strlen (text), error);
}

/**
 * wr_device_read_public_key:
 * @path: a key file from wr_device_key_export()
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the device it names, its trust
 *   %WR_DEVICE_TRUST_UNKNOWN, or %NULL with @error set
 */
WrDevice *
wr_device_read_public_key (const char  *path,
                           GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(WrDeviceKey) key = NULL;
  g_autoptr(GError) local_error = NULL;
  WrDevice *device;
  gsize len;

  ensure_sodium ();
  if (!g_file_get_contents (path, &text, &len, &local_error))
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_KEY, _("Could not read the key file: %s"), local_error->message);
      return NULL;
    }
  if (!(key = parse_key_file (path, text, len, FALSE, error)))
    return NULL;

  device = g_new0 (WrDevice, 1);
  device->public_key = g_steal_pointer (&key->public_key);
  device->fingerprint = g_steal_pointer (&key->fingerprint);
  device->device_id = g_steal_pointer (&key->device_id);
  device->trust = WR_DEVICE_TRUST_UNKNOWN;
  return device;
}

/**
 * wr_device_trust_key_file:
 * @store: a #WrStore
 * @path: a key file from wr_device_key_export()
 * @error: return location for a #GError
 *
 * Trusts the key in @path: packs it signs are then imported. A revoked
 * key is trusted again, since this is the user's explicit choice.
 *
 * Returns: (transfer full): the device trusted, or %NULL with @error set
 */
WrDevice *
wr_device_trust_key_file (WrStore     *store,
                          const char  *path,
                          GError     **error)
{
  g_autoptr(WrDevice) device = NULL;
  g_autoptr(WrDevice) known = NULL;

  g_return_val_if_fail (WR_IS_STORE (store), NULL);

  if (!(device = wr_device_read_public_key (path, error)) ||
      !_wr_store_device_lookup (store, device->public_key, &known, error))
    return NULL;
  if (known != NULL && known->trust == WR_DEVICE_TRUST_OWN)
    {
      device->trust = WR_DEVICE_TRUST_OWN;
      return g_steal_pointer (&device);
    }

  if (!_wr_store_begin (store, error))
    return NULL;
  if (!_wr_store_device_set (store, device->public_key, device->fingerprint, device->device_id,
                             WR_DEVICE_TRUST_TRUSTED, error))
    {
      _wr_store_rollback (store);
      return NULL;
    }
  if (!_wr_store_commit (store, error))
    return NULL;

  device->trust = WR_DEVICE_TRUST_TRUSTED;
  return g_steal_pointer (&device);
}

/**
 * wr_device_key_get_seal_identity:
 * @self: a #WrDeviceKey
 *
 * The X25519 key pair this device opens sealed packs with: its Ed25519
 * signing key converted (crypto_sign_ed25519_sk_to_curve25519()), so that
 * the public key file other devices already trust is all a sender needs.
 * It is named by the signing key's fingerprint.
 *
 * Returns: (transfer full): the identity
 */
WrSealIdentity *
wr_device_key_get_seal_identity (WrDeviceKey *self)
{
  WrSealIdentity *identity = g_new0 (WrSealIdentity, 1);
  guint8 public_key[crypto_sign_PUBLICKEYBYTES];

  /* The key was checked as it was read or made: these cannot fail. */
  if (!_wr_device_key_decode (self->public_key, public_key, sizeof public_key) ||
      crypto_sign_ed25519_pk_to_curve25519 (identity->box_public, public_key) != 0 ||
      crypto_sign_ed25519_sk_to_curve25519 (identity->box_secret, self->secret) != 0)
    g_critical ("The signing key %s does not convert to a key to seal for", self->fingerprint);
  identity->fingerprint = g_strdup (self->fingerprint);
  identity->label = g_strdup (self->device_id);
  return identity;
}
