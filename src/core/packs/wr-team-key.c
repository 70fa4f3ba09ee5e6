/* wr-team-key.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-team-key"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

#include "wr-atomic-file.h"
#include "wr-device-key.h"
#include "wr-store-private.h"
#include "wr-team-key.h"

/* The three files of a team key are key files in GLib's sense, all with
 * the group [Walkround Team Key], Name, PublicKey (X25519, base64) and
 * Fingerprint; the team's own adds the secret key sealed with the
 * passphrase (crypto_pwhash argon2id, then crypto_secretbox); the one
 * installed beside a database holds the secret key itself, readable by
 * its owner only, as the database's signing key is.
 */
#define KEY_NAME        "Name"
#define KEY_PUBLIC      "PublicKey"
#define KEY_FINGERPRINT "Fingerprint"
#define KEY_SECRET      "SecretKey"
#define KEY_SALT        "PassphraseSalt"
#define KEY_OPSLIMIT    "PassphraseOpsLimit"
#define KEY_MEMLIMIT    "PassphraseMemLimit"
#define KEY_NONCE       "Nonce"
#define KEY_SEALED      "SealedSecretKey"

static void
ensure_sodium (void)
{
  if (sodium_init () < 0)
    g_error ("libsodium could not be initialised");
}

static gboolean
derive_key (const char   *passphrase,
            const guint8 *salt,
            guint64       opslimit,
            gsize         memlimit,
            guint8        key[crypto_secretbox_KEYBYTES])
{
  return crypto_pwhash (key, crypto_secretbox_KEYBYTES, passphrase, strlen (passphrase), salt, opslimit, memlimit,
                        crypto_pwhash_ALG_ARGON2ID13) == 0;
}

/**
 * wr_team_key_create:
 * @path: the team key file to make; never replaced
 * @name: the team's name, shown beside its fingerprint
 * @passphrase: what protects the secret key
 * @fingerprint: (out) (optional): the new key's fingerprint
 * @error: return location for a #GError
 *
 * Makes a new X25519 key pair and writes it to @path, its secret key
 * sealed with @passphrase (argon2id, libsodium's MODERATE limits, then
 * crypto_secretbox), readable by its owner only.
 *
 * Returns: %TRUE once written
 */
gboolean
wr_team_key_create (const char  *path,
                    const char  *name,
                    const char  *passphrase,
                    char       **fingerprint,
                    GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  guint8 public_key[crypto_box_PUBLICKEYBYTES];
  guint8 secret_key[crypto_box_SECRETKEYBYTES];
  guint8 salt[crypto_pwhash_SALTBYTES];
  guint8 nonce[crypto_secretbox_NONCEBYTES];
  guint8 key[crypto_secretbox_KEYBYTES];
  guint8 sealed[crypto_secretbox_MACBYTES + crypto_box_SECRETKEYBYTES];
  g_autofree char *public_text = NULL;
  g_autofree char *fingerprint_text = NULL;
  g_autofree char *text = NULL;
  g_autofree char *b64 = NULL;
  gboolean exists = FALSE;
  gboolean derived;

  g_return_val_if_fail (path != NULL && passphrase != NULL, FALSE);

  ensure_sodium ();
  if (strlen (passphrase) < 8)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_KEY,
                   _("The passphrase is too short: give at least 8 characters (a few words are best)"));
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_KEY,
                   _("“%s” already exists: Walkround never replaces a key file; choose another name"), path);
      return FALSE;
    }

  crypto_box_keypair (public_key, secret_key);
  randombytes_buf (salt, sizeof salt);
  randombytes_buf (nonce, sizeof nonce);
  derived = derive_key (passphrase, salt, crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE, key);
  if (!derived)
    {
      sodium_memzero (secret_key, sizeof secret_key);
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_KEY,
                   _("Not enough memory to protect the team key with its passphrase"));
      return FALSE;
    }
  crypto_secretbox_easy (sealed, secret_key, sizeof secret_key, nonce, key);
  sodium_memzero (secret_key, sizeof secret_key);
  sodium_memzero (key, sizeof key);

  public_text = g_base64_encode (public_key, sizeof public_key);
  fingerprint_text = wr_device_fingerprint (public_text);
  g_key_file_set_comment (file, NULL, NULL,
                          " A Walkround team key: its secret key opens packs sealed for the team. Keep this file, and "
                          "its passphrase, safe.",
                          NULL);
  g_key_file_set_string (file, WR_TEAM_KEY_GROUP, KEY_NAME, name != NULL ? name : "");
  g_key_file_set_string (file, WR_TEAM_KEY_GROUP, KEY_PUBLIC, public_text);
  g_key_file_set_string (file, WR_TEAM_KEY_GROUP, KEY_FINGERPRINT, fingerprint_text);
  b64 = g_base64_encode (salt, sizeof salt);
  g_key_file_set_string (file, WR_TEAM_KEY_GROUP, KEY_SALT, b64);
  g_key_file_set_uint64 (file, WR_TEAM_KEY_GROUP, KEY_OPSLIMIT, crypto_pwhash_OPSLIMIT_MODERATE);
  g_key_file_set_uint64 (file, WR_TEAM_KEY_GROUP, KEY_MEMLIMIT, crypto_pwhash_MEMLIMIT_MODERATE);
  g_free (b64);
  b64 = g_base64_encode (nonce, sizeof nonce);
  g_key_file_set_string (file, WR_TEAM_KEY_GROUP, KEY_NONCE, b64);
  g_free (b64);
  b64 = g_base64_encode (sealed, sizeof sealed);
  g_key_file_set_string (file, WR_TEAM_KEY_GROUP, KEY_SEALED, b64);

  text = g_key_file_to_data (file, NULL, NULL);
  if (!wr_key_file_write_new (path, text, &exists, error))
    return FALSE;
  if (exists)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_KEY,
                   _("“%s” already exists: Walkround never replaces a key file; choose another name"), path);
      return FALSE;
    }

  if (fingerprint != NULL)
    *fingerprint = g_steal_pointer (&fingerprint_text);
  return TRUE;
}

/* Loads a team key file and its public half. */
static GKeyFile *
load_team_file (const char  *path,
                guint8       public_key[crypto_box_PUBLICKEYBYTES],
                char       **fingerprint,
                char       **name,
                GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *public_text = NULL;
  g_autofree char *stated = NULL;
  g_autofree char *computed = NULL;

  ensure_sodium ();
  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_KEY, _("Could not read the key file “%s”: %s"), path,
                   local_error->message);
      return NULL;
    }
  public_text = g_key_file_get_string (file, WR_TEAM_KEY_GROUP, KEY_PUBLIC, NULL);
  if (!_wr_device_key_decode (public_text, public_key, crypto_box_PUBLICKEYBYTES))
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_KEY,
                   _("“%s” is not a Walkround team key file: it has no [%s] group with a %s of 32 bytes in base64"),
                   path, WR_TEAM_KEY_GROUP, KEY_PUBLIC);
      return NULL;
    }
  computed = wr_device_fingerprint (public_text);
  stated = g_key_file_get_string (file, WR_TEAM_KEY_GROUP, KEY_FINGERPRINT, NULL);
  if (stated != NULL && g_ascii_strcasecmp (stated, computed) != 0)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_KEY,
                   _("“%s”: the fingerprint it states (%s) is not that of its key (%s); the file was changed"),
                   path, stated, computed);
      return NULL;
    }
  if (fingerprint != NULL)
    *fingerprint = g_steal_pointer (&computed);
  if (name != NULL)
    {
      *name = g_key_file_get_string (file, WR_TEAM_KEY_GROUP, KEY_NAME, NULL);
      if (*name == NULL)
        *name = g_strdup ("");
    }

  return g_steal_pointer (&file);
}

/**
 * wr_team_key_read_recipient:
 * @path: any team key file: the team's, its public one, or an installed one
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the team key to seal packs for, or %NULL
 *   with @error set
 */
WrSealRecipient *
wr_team_key_read_recipient (const char  *path,
                            GError     **error)
{
  g_autoptr(WrSealRecipient) recipient = g_new0 (WrSealRecipient, 1);
  g_autoptr(GKeyFile) file = NULL;

  if (!(file = load_team_file (path, recipient->box_public, &recipient->fingerprint, &recipient->label, error)))
    return NULL;

  return g_steal_pointer (&recipient);
}

/**
 * wr_team_key_export_public:
 * @path: the team key file
 * @output: where to write its public key file
 * @error: return location for a #GError
 *
 * Writes the team key's name, public key and fingerprint (never its
 * secret key) for visitors to seal packs for. No passphrase is needed.
 *
 * Returns: %TRUE once written
 */
gboolean
wr_team_key_export_public (const char  *path,
                           const char  *output,
                           GError     **error)
{
  g_autoptr(WrSealRecipient) recipient = NULL;
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *public_text = NULL;
  g_autofree char *text = NULL;

  if (!(recipient = wr_team_key_read_recipient (path, error)))
    return FALSE;

  public_text = g_base64_encode (recipient->box_public, sizeof recipient->box_public);
  g_key_file_set_comment (file, NULL, NULL,
                          " A Walkround team's public key: `walkround export --seal-for FILE` seals packs for the "
                          "team.",
                          NULL);
  g_key_file_set_string (file, WR_TEAM_KEY_GROUP, KEY_NAME, recipient->label);
  g_key_file_set_string (file, WR_TEAM_KEY_GROUP, KEY_PUBLIC, public_text);
  g_key_file_set_string (file, WR_TEAM_KEY_GROUP, KEY_FINGERPRINT, recipient->fingerprint);
  text = g_key_file_to_data (file, NULL, NULL);

  return wr_atomic_file_set_contents (output, text, strlen (text), error);
}

/**
 * wr_team_key_open:
 * @path: the team key file from wr_team_key_create()
 * @passphrase: its passphrase
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the team's key pair, or %NULL with @error set
 *   (a wrong passphrase among the reasons)
 */
WrSealIdentity *
wr_team_key_open (const char  *path,
                  const char  *passphrase,
                  GError     **error)
{
  g_autoptr(WrSealIdentity) identity = g_new0 (WrSealIdentity, 1);
  g_autoptr(GKeyFile) file = NULL;
  g_autofree char *salt_text = NULL;
  g_autofree char *nonce_text = NULL;
  g_autofree char *sealed_text = NULL;
  guint8 salt[crypto_pwhash_SALTBYTES];
  guint8 nonce[crypto_secretbox_NONCEBYTES];
  guint8 sealed[crypto_secretbox_MACBYTES + crypto_box_SECRETKEYBYTES];
  guint8 key[crypto_secretbox_KEYBYTES];
  guint8 derived_public[crypto_box_PUBLICKEYBYTES];
  guint64 opslimit;
  guint64 memlimit;
  gboolean opened;

  if (!(file = load_team_file (path, identity->box_public, &identity->fingerprint, &identity->label, error)))
    return NULL;

  salt_text = g_key_file_get_string (file, WR_TEAM_KEY_GROUP, KEY_SALT, NULL);
  nonce_text = g_key_file_get_string (file, WR_TEAM_KEY_GROUP, KEY_NONCE, NULL);
  sealed_text = g_key_file_get_string (file, WR_TEAM_KEY_GROUP, KEY_SEALED, NULL);
  opslimit = g_key_file_get_uint64 (file, WR_TEAM_KEY_GROUP, KEY_OPSLIMIT, NULL);
  memlimit = g_key_file_get_uint64 (file, WR_TEAM_KEY_GROUP, KEY_MEMLIMIT, NULL);
  if (sealed_text == NULL)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_KEY,
                   _("“%s” holds a team’s public key only; installing the team key needs the team key file itself, "
                     "with its secret key"),
                   path);
      return NULL;
    }
  /* Limits beyond libsodium's SENSITIVE ones would only be a file made
   * to exhaust this computer.
   */
  if (!_wr_device_key_decode (salt_text, salt, sizeof salt) || !_wr_device_key_decode (nonce_text, nonce, sizeof nonce) ||
      !_wr_device_key_decode (sealed_text, sealed, sizeof sealed) || opslimit < crypto_pwhash_OPSLIMIT_MIN ||
      opslimit > crypto_pwhash_OPSLIMIT_SENSITIVE || memlimit < crypto_pwhash_MEMLIMIT_MIN ||
      memlimit > crypto_pwhash_MEMLIMIT_SENSITIVE)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_KEY,
                   _("The team key file “%s” is damaged: its sealed secret key or passphrase settings are missing "
                     "or wrong. Use the team’s backup of it"),
                   path);
      return NULL;
    }

  if (!derive_key (passphrase, salt, opslimit, (gsize) memlimit, key))
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_KEY,
                   _("Not enough memory to check the team key’s passphrase"));
      return NULL;
    }
  opened = crypto_secretbox_open_easy (identity->box_secret, sealed, sizeof sealed, nonce, key) == 0;
  sodium_memzero (key, sizeof key);
  if (!opened)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_KEY,
                   _("The passphrase is not that of the team key “%s” (%s), or the file was changed"), path,
                   identity->fingerprint);
      return NULL;
    }
  if (crypto_scalarmult_base (derived_public, identity->box_secret) != 0 ||
      sodium_memcmp (derived_public, identity->box_public, sizeof derived_public) != 0)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_KEY,
                   _("The team key file “%s” is damaged: its secret key does not belong to its public key"), path);
      return NULL;
    }

  return g_steal_pointer (&identity);
}

static char *
installed_folder (WrStore *store)
{
  return g_strconcat (wr_store_get_path (store), WR_TEAM_KEYS_SUFFIX, NULL);
}

static char *
installed_path (WrStore    *store,
                const char *fingerprint)
{
  g_autofree char *folder = installed_folder (store);
  g_autoptr(GString) name = g_string_new (NULL);

  for (const char *p = fingerprint; *p != '\0'; p++)
    if (*p != ' ')
      g_string_append_c (name, *p);
  g_string_append (name, ".key");

  return g_build_filename (folder, name->str, NULL);
}

/**
 * wr_team_key_install:
 * @store: a #WrStore
 * @path: the team key file from wr_team_key_create()
 * @passphrase: its passphrase
 * @already: (out) (optional): set if it was installed already
 * @error: return location for a #GError
 *
 * Opens the team key with @passphrase and keeps its key pair beside the
 * database (in the folder named as it with ".team-keys" added, readable
 * by its owner only), so that imports here open packs sealed for it.
 *
 * Returns: (transfer full): the team key installed, or %NULL with @error set
 */
WrSealIdentity *
wr_team_key_install (WrStore     *store,
                     const char  *path,
                     const char  *passphrase,
                     gboolean    *already,
                     GError     **error)
{
  g_autoptr(WrSealIdentity) identity = NULL;
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *folder = NULL;
  g_autofree char *target = NULL;
  g_autofree char *public_text = NULL;
  g_autofree char *secret_text = NULL;
  g_autofree char *text = NULL;
  gboolean exists = FALSE;
  gboolean written;

  g_return_val_if_fail (WR_IS_STORE (store), NULL);

  if (already != NULL)
    *already = FALSE;
  if (!(identity = wr_team_key_open (path, passphrase, error)))
    return NULL;

  folder = installed_folder (store);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_KEY, _("Could not make the folder “%s”: %s"), folder,
                   g_strerror (saved_errno));
      return NULL;
    }
  target = installed_path (store, identity->fingerprint);

  public_text = g_base64_encode (identity->box_public, sizeof identity->box_public);
  secret_text = g_base64_encode (identity->box_secret, sizeof identity->box_secret);
  g_key_file_set_comment (file, NULL, NULL,
                          " A team key installed for this Walkround database: it opens packs sealed for the team. "
                          "Keep it secret.",
                          NULL);
  g_key_file_set_string (file, WR_TEAM_KEY_GROUP, KEY_NAME, identity->label);
  g_key_file_set_string (file, WR_TEAM_KEY_GROUP, KEY_PUBLIC, public_text);
  g_key_file_set_string (file, WR_TEAM_KEY_GROUP, KEY_FINGERPRINT, identity->fingerprint);
  g_key_file_set_string (file, WR_TEAM_KEY_GROUP, KEY_SECRET, secret_text);
  sodium_memzero (secret_text, strlen (secret_text));
  text = g_key_file_to_data (file, NULL, NULL);
  written = wr_key_file_write_new (target, text, &exists, error);
  sodium_memzero (text, strlen (text));
  if (!written && !exists)
    return NULL;
  if (exists && already != NULL)
    *already = TRUE;

  return g_steal_pointer (&identity);
}

static WrSealIdentity *
read_installed (const char  *path,
                GError     **error)
{
  g_autoptr(WrSealIdentity) identity = g_new0 (WrSealIdentity, 1);
  g_autoptr(GKeyFile) file = NULL;
  g_autofree char *secret_text = NULL;
  guint8 derived_public[crypto_box_PUBLICKEYBYTES];
  gboolean ok;

  if (!(file = load_team_file (path, identity->box_public, &identity->fingerprint, &identity->label, error)))
    return NULL;
  secret_text = g_key_file_get_string (file, WR_TEAM_KEY_GROUP, KEY_SECRET, NULL);
  ok = _wr_device_key_decode (secret_text, identity->box_secret, sizeof identity->box_secret) &&
       crypto_scalarmult_base (derived_public, identity->box_secret) == 0 &&
       sodium_memcmp (derived_public, identity->box_public, sizeof derived_public) == 0;
  if (secret_text != NULL)
    sodium_memzero (secret_text, strlen (secret_text));
  if (!ok)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_KEY,
                   _("The installed team key “%s” is damaged: install the team key again"), path);
      return NULL;
    }

  return g_steal_pointer (&identity);
}

static int
compare_identities (gconstpointer a,
                    gconstpointer b)
{
  const WrSealIdentity *x = *(const WrSealIdentity * const *) a;
  const WrSealIdentity *y = *(const WrSealIdentity * const *) b;

  return g_strcmp0 (x->fingerprint, y->fingerprint);
}

/**
 * wr_team_key_list_installed:
 * @store: a #WrStore
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type WrSealIdentity): the team keys
 *   installed for @store, by fingerprint, or %NULL with @error set
 */
GPtrArray *
wr_team_key_list_installed (WrStore  *store,
                            GError  **error)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) wr_seal_identity_free);
  g_autofree char *folder = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;

  g_return_val_if_fail (WR_IS_STORE (store), NULL);

  folder = installed_folder (store);
  if (!(dir = g_dir_open (folder, 0, &local_error)))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&keys);
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_KEY, _("Could not read the team keys in “%s”: %s"), folder,
                   local_error->message);
      return NULL;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      WrSealIdentity *identity;

      if (!g_str_has_suffix (name, ".key"))
        continue;
      path = g_build_filename (folder, name, NULL);
      if (!(identity = read_installed (path, error)))
        return NULL;
      g_ptr_array_add (keys, identity);
    }
  g_ptr_array_sort (keys, compare_identities);

  return g_steal_pointer (&keys);
}

/**
 * wr_seal_identities_for_store:
 * @store: a #WrStore
 * @error: return location for a #GError
 *
 * The keys that open packs sealed for @store: its device key (if it has
 * made one; none is made here) and the team keys installed for it.
 *
 * Returns: (transfer full) (element-type WrSealIdentity): the keys, or
 *   %NULL with @error set
 */
GPtrArray *
wr_seal_identities_for_store (WrStore  *store,
                              GError  **error)
{
  g_autoptr(GPtrArray) identities = NULL;
  g_autoptr(WrDevice) own = NULL;

  g_return_val_if_fail (WR_IS_STORE (store), NULL);

  if (!(identities = wr_team_key_list_installed (store, error)))
    return NULL;
  if (!_wr_store_device_get_own (store, &own, error))
    return NULL;
  if (own != NULL)
    {
      g_autoptr(WrDeviceKey) key = wr_device_key_get (store, error);

      if (key == NULL)
        return NULL;
      g_ptr_array_insert (identities, 0, wr_device_key_get_seal_identity (key));
    }

  return g_steal_pointer (&identities);
}
