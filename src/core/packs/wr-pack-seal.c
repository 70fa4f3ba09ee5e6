/* wr-pack-seal.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-pack-seal"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "wr-device-key.h"
#include "wr-pack-seal.h"
#include "wr-team-key.h"

#ifndef O_BINARY
#define O_BINARY 0
#endif

/* The container (docs/evidence-pack.md, "Sealed packs"):
 *
 *   magic "WALKROUND SEALED PACK\n", version (1 byte), number of
 *   recipients N (1 byte), N × (fingerprint (16 bytes),
 *   crypto_box_seal of the pack key (80 bytes)), the secretstream header
 *   (24 bytes), then chunks: a 4-byte big-endian length L and L bytes of
 *   crypto_secretstream_xchacha20poly1305, each at most 64 KiB of the
 *   pack, the last tagged FINAL. The first chunk's additional data is
 *   every byte before it, so the recipients cannot be changed either.
 */
#define FINGERPRINT_BYTES 16
#define SEALED_KEY_BYTES  (crypto_box_SEALBYTES + crypto_secretstream_xchacha20poly1305_KEYBYTES)
#define ENTRY_BYTES       (FINGERPRINT_BYTES + SEALED_KEY_BYTES)
#define CIPHER_CHUNK_MAX  (WR_SEAL_CHUNK_SIZE + crypto_secretstream_xchacha20poly1305_ABYTES)

G_STATIC_ASSERT (WR_SEAL_KEY_BYTES == crypto_box_PUBLICKEYBYTES);
G_STATIC_ASSERT (WR_SEAL_KEY_BYTES == crypto_box_SECRETKEYBYTES);
G_STATIC_ASSERT (SEALED_KEY_BYTES == 80);

static void
ensure_sodium (void)
{
  if (sodium_init () < 0)
    g_error ("libsodium could not be initialised");
}

void
wr_seal_recipient_free (WrSealRecipient *recipient)
{
  if (recipient == NULL)
    return;
  g_free (recipient->fingerprint);
  g_free (recipient->label);
  g_free (recipient);
}

void
wr_seal_identity_free (WrSealIdentity *identity)
{
  if (identity == NULL)
    return;
  sodium_memzero (identity->box_secret, sizeof identity->box_secret);
  g_free (identity->fingerprint);
  g_free (identity->label);
  g_free (identity);
}

/* "3F2A 1B2C …" → its 16 bytes. */
static gboolean
fingerprint_bytes (const char *fingerprint,
                   guint8      out[FINGERPRINT_BYTES])
{
  guint n = 0;
  int high = -1;

  for (const char *p = fingerprint; p != NULL && *p != '\0'; p++)
    {
      int v = g_ascii_xdigit_value (*p);

      if (*p == ' ')
        continue;
      if (v < 0 || n >= FINGERPRINT_BYTES)
        return FALSE;
      if (high < 0)
        high = v;
      else
        {
          out[n++] = (guint8) (high << 4 | v);
          high = -1;
        }
    }

  return n == FINGERPRINT_BYTES && high < 0;
}

static char *
fingerprint_text (const guint8 bytes[FINGERPRINT_BYTES])
{
  GString *out = g_string_sized_new (40);

  for (guint i = 0; i < FINGERPRINT_BYTES; i++)
    {
      if (i > 0 && i % 2 == 0)
        g_string_append_c (out, ' ');
      g_string_append_printf (out, "%02X", bytes[i]);
    }

  return g_string_free (out, FALSE);
}

/**
 * wr_seal_recipient_read:
 * @path: a device's public key file (`walkround devices export-key`) or
 *   a team key's (`walkround team-key export-public`)
 * @error: return location for a #GError
 *
 * A device's packs are sealed for the X25519 key its Ed25519 signing key
 * converts to (crypto_sign_ed25519_pk_to_curve25519()); a team key is an
 * X25519 key already. Either is named by the fingerprint people know it
 * by.
 *
 * Returns: (transfer full): the recipient, or %NULL with @error set
 */
WrSealRecipient *
wr_seal_recipient_read (const char  *path,
                        GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(WrSealRecipient) recipient = g_new0 (WrSealRecipient, 1);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(WrDevice) device = NULL;
  g_autofree guchar *key = NULL;
  gsize len = 0;

  ensure_sodium ();
  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_KEY, _("Could not read the key file “%s”: %s"), path,
                   local_error->message);
      return NULL;
    }

  if (g_key_file_has_group (file, WR_TEAM_KEY_GROUP))
    return wr_team_key_read_recipient (path, error);

  if (!(device = wr_device_read_public_key (path, error)))
    return NULL;
  key = g_base64_decode (device->public_key, &len);
  if (len != crypto_sign_PUBLICKEYBYTES || crypto_sign_ed25519_pk_to_curve25519 (recipient->box_public, key) != 0)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_KEY,
                   _("The key in “%s” (%s) cannot be sealed for: it is not a valid Ed25519 public key"), path,
                   device->fingerprint);
      return NULL;
    }
  recipient->fingerprint = g_strdup (device->fingerprint);
  recipient->label = g_strdup (device->device_id);

  return g_steal_pointer (&recipient);
}

/* Writing --------------------------------------------------------------------------- */

struct _WrPackSealer
{
  WrSealWriteFunc  write;
  gpointer         user_data;
  GByteArray      *header;       /* until the first chunk: its additional data */
  GByteArray      *plain;        /* the pack's bytes not sealed yet */
  guint8          *cipher;
  gboolean         failed;
  gboolean         finished;
  crypto_secretstream_xchacha20poly1305_state state;
};

/**
 * wr_pack_sealer_new:
 * @recipients: (element-type WrSealRecipient): at least one, at most 255
 * @write: takes the container's bytes
 * @user_data: for @write
 *
 * Makes a random key for the pack, seals it for each recipient with
 * crypto_box_seal(), and starts the secretstream.
 *
 * Returns: (transfer full): the sealer
 */
WrPackSealer *
wr_pack_sealer_new (GPtrArray       *recipients,
                    WrSealWriteFunc  write,
                    gpointer         user_data)
{
  WrPackSealer *self;
  guint8 key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
  guint8 stream_header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
  guint8 byte;

  g_return_val_if_fail (recipients != NULL && recipients->len > 0, NULL);
  g_return_val_if_fail (recipients->len <= WR_SEAL_MAX_RECIPIENTS, NULL);

  ensure_sodium ();
  self = g_new0 (WrPackSealer, 1);
  self->write = write;
  self->user_data = user_data;
  self->plain = g_byte_array_sized_new (WR_SEAL_CHUNK_SIZE);
  self->cipher = g_malloc (4 + CIPHER_CHUNK_MAX);
  self->header = g_byte_array_new ();

  crypto_secretstream_xchacha20poly1305_keygen (key);
  g_byte_array_append (self->header, (const guint8 *) WR_SEAL_MAGIC, WR_SEAL_MAGIC_LEN);
  byte = WR_SEAL_VERSION;
  g_byte_array_append (self->header, &byte, 1);
  byte = (guint8) recipients->len;
  g_byte_array_append (self->header, &byte, 1);
  for (guint i = 0; i < recipients->len; i++)
    {
      const WrSealRecipient *recipient = g_ptr_array_index (recipients, i);
      guint8 fingerprint[FINGERPRINT_BYTES] = { 0 };
      guint8 sealed[SEALED_KEY_BYTES];

      if (!fingerprint_bytes (recipient->fingerprint, fingerprint))
        g_critical ("Recipient fingerprint “%s” is not 16 bytes in hex", recipient->fingerprint);
      crypto_box_seal (sealed, key, sizeof key, recipient->box_public);
      g_byte_array_append (self->header, fingerprint, sizeof fingerprint);
      g_byte_array_append (self->header, sealed, sizeof sealed);
    }
  crypto_secretstream_xchacha20poly1305_init_push (&self->state, stream_header, key);
  sodium_memzero (key, sizeof key);
  g_byte_array_append (self->header, stream_header, sizeof stream_header);

  return self;
}

void
wr_pack_sealer_free (WrPackSealer *self)
{
  if (self == NULL)
    return;
  sodium_memzero (&self->state, sizeof self->state);
  if (self->plain->len > 0)
    sodium_memzero (self->plain->data, self->plain->len);
  g_byte_array_unref (self->plain);
  g_clear_pointer (&self->header, g_byte_array_unref);
  g_free (self->cipher);
  g_free (self);
}

static gboolean
seal_chunk (WrPackSealer *self,
            const guint8 *data,
            gsize         len,
            guint8        tag)
{
  unsigned long long cipher_len = 0;
  const guint8 *ad = NULL;
  gsize ad_len = 0;

  if (self->header != NULL)
    {
      if (!self->write (self->user_data, self->header->data, self->header->len))
        {
          self->failed = TRUE;
          return FALSE;
        }
      ad = self->header->data;
      ad_len = self->header->len;
    }

  crypto_secretstream_xchacha20poly1305_push (&self->state, self->cipher + 4, &cipher_len, data, len, ad, ad_len,
                                              tag);
  g_clear_pointer (&self->header, g_byte_array_unref);
  self->cipher[0] = (guint8) (cipher_len >> 24);
  self->cipher[1] = (guint8) (cipher_len >> 16);
  self->cipher[2] = (guint8) (cipher_len >> 8);
  self->cipher[3] = (guint8) cipher_len;
  if (!self->write (self->user_data, self->cipher, 4 + (gsize) cipher_len))
    self->failed = TRUE;

  return !self->failed;
}

/**
 * wr_pack_sealer_write:
 * @self: a #WrPackSealer
 * @data: the pack's next bytes
 * @len: how many
 *
 * Returns: %FALSE if writing failed (the write function said so)
 */
gboolean
wr_pack_sealer_write (WrPackSealer *self,
                      const guint8 *data,
                      gsize         len)
{
  if (self->failed || self->finished)
    return FALSE;

  while (len > 0)
    {
      gsize take = MIN (len, WR_SEAL_CHUNK_SIZE - self->plain->len);

      /* A whole chunk straight from @data, without copying it. */
      if (self->plain->len == 0 && take == WR_SEAL_CHUNK_SIZE)
        {
          if (!seal_chunk (self, data, take, crypto_secretstream_xchacha20poly1305_TAG_MESSAGE))
            return FALSE;
        }
      else
        {
          g_byte_array_append (self->plain, data, take);
          if (self->plain->len == WR_SEAL_CHUNK_SIZE)
            {
              if (!seal_chunk (self, self->plain->data, self->plain->len,
                               crypto_secretstream_xchacha20poly1305_TAG_MESSAGE))
                return FALSE;
              g_byte_array_set_size (self->plain, 0);
            }
        }
      data += take;
      len -= take;
    }

  return TRUE;
}

/**
 * wr_pack_sealer_finish:
 * @self: a #WrPackSealer
 *
 * Seals what is left as the FINAL chunk (empty if nothing is left).
 *
 * Returns: %FALSE if writing failed
 */
gboolean
wr_pack_sealer_finish (WrPackSealer *self)
{
  gboolean ok;

  if (self->failed || self->finished)
    return FALSE;

  ok = seal_chunk (self, self->plain->data, self->plain->len, crypto_secretstream_xchacha20poly1305_TAG_FINAL);
  g_byte_array_set_size (self->plain, 0);
  self->finished = TRUE;
  return ok;
}

/* Reading --------------------------------------------------------------------------- */

struct _WrPackUnsealer
{
  int      fd;
  char    *source;
  char    *opened_by;
  guint64  position;     /* of the container read so far */
  GByteArray *header;    /* until the first chunk is opened */
  guint8  *cipher;
  guint8  *plain;
  gsize    plain_len;
  gsize    plain_pos;
  gboolean final;
  gboolean at_end;
  crypto_secretstream_xchacha20poly1305_state state;
};

/* Reads exactly @len bytes; *@got says how many came before the end. */
static gboolean
read_exact (int      fd,
            guint8  *buffer,
            gsize    len,
            gsize   *got,
            GError **error)
{
  gsize done = 0;

  while (done < len)
    {
      gssize n = read (fd, buffer + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_READ, _("the pack could not be read: %s"),
                       g_strerror (saved_errno));
          return FALSE;
        }
      if (n == 0)
        break;
      done += n;
    }

  *got = done;
  return TRUE;
}

/**
 * wr_pack_is_sealed:
 * @fd: a file open for reading, at its start
 *
 * Looks at the first bytes of @fd, and leaves it at its start again.
 *
 * Returns: %TRUE if it starts with the sealed container's magic line
 */
gboolean
wr_pack_is_sealed (int fd)
{
  guint8 magic[WR_SEAL_MAGIC_LEN];
  gsize got = 0;
  gboolean sealed;

  sealed = read_exact (fd, magic, sizeof magic, &got, NULL) && got == sizeof magic &&
           memcmp (magic, WR_SEAL_MAGIC, sizeof magic) == 0;
  if (lseek (fd, 0, SEEK_SET) != 0)
    return FALSE;

  return sealed;
}

/**
 * wr_pack_file_is_sealed:
 * @path: a file
 *
 * Returns: %TRUE if @path is a sealed pack (by its magic line)
 */
gboolean
wr_pack_file_is_sealed (const char *path)
{
  int fd = g_open (path, O_RDONLY | O_BINARY | O_CLOEXEC, 0);
  gboolean sealed;

  if (fd < 0)
    return FALSE;
  sealed = wr_pack_is_sealed (fd);
  close (fd);
  return sealed;
}

/* Reads the header up to the secretstream's: the recipients' entries. */
static GByteArray *
read_header (int          fd,
             const char  *source,
             guint       *n_recipients,
             GError     **error)
{
  g_autoptr(GByteArray) header = g_byte_array_new ();
  guint8 start[WR_SEAL_MAGIC_LEN + 2];
  gsize got = 0;
  gsize rest;

  if (!read_exact (fd, start, sizeof start, &got, error))
    return NULL;
  if (got < WR_SEAL_MAGIC_LEN || memcmp (start, WR_SEAL_MAGIC, WR_SEAL_MAGIC_LEN) != 0)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_SEALED, _("%s: this is not a sealed pack"), source);
      return NULL;
    }
  if (got < sizeof start)
    goto short_header;
  if (start[WR_SEAL_MAGIC_LEN] != WR_SEAL_VERSION)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_VERSION,
                   _("%s: a sealed pack of container version %u, which this Walkround cannot open (it opens "
                     "version %u); update Walkround"),
                   source, start[WR_SEAL_MAGIC_LEN], WR_SEAL_VERSION);
      return NULL;
    }
  *n_recipients = start[WR_SEAL_MAGIC_LEN + 1];
  if (*n_recipients == 0)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_SEALED, _("%s: the sealed pack has no recipients; it is damaged"),
                   source);
      return NULL;
    }
  g_byte_array_append (header, start, sizeof start);
  rest = (gsize) *n_recipients * ENTRY_BYTES + crypto_secretstream_xchacha20poly1305_HEADERBYTES;
  g_byte_array_set_size (header, sizeof start + rest);
  if (!read_exact (fd, header->data + sizeof start, rest, &got, error))
    return NULL;
  if (got < rest)
    goto short_header;

  return g_steal_pointer (&header);

short_header:
  g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_SEALED,
               _("%s: the sealed pack is cut short in its header: it was not copied whole"), source);
  return NULL;
}

static const guint8 *
entry_at (GByteArray *header,
          guint       i)
{
  return header->data + WR_SEAL_MAGIC_LEN + 2 + (gsize) i * ENTRY_BYTES;
}

/**
 * wr_pack_file_get_seal_recipients:
 * @path: a sealed pack
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type utf8): the fingerprints of the
 *   keys @path is sealed for, or %NULL with @error set
 */
GPtrArray *
wr_pack_file_get_seal_recipients (const char  *path,
                                  GError     **error)
{
  g_autoptr(GPtrArray) fingerprints = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GByteArray) header = NULL;
  guint n = 0;
  int fd;

  fd = g_open (path, O_RDONLY | O_BINARY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_READ, _("Could not open the evidence pack “%s”: %s"), path,
                   g_strerror (saved_errno));
      return NULL;
    }
  header = read_header (fd, path, &n, error);
  close (fd);
  if (header == NULL)
    return NULL;
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (fingerprints, fingerprint_text (entry_at (header, i)));

  return g_steal_pointer (&fingerprints);
}

/**
 * wr_pack_unsealer_new:
 * @fd: the sealed pack, open for reading at its start; not closed
 * @source: its name, for messages
 * @identities: (element-type WrSealIdentity): the keys that may open it
 * @error: return location for a #GError
 *
 * Reads the container's header and opens the pack key with the first of
 * @identities it is sealed for. A pack sealed for none of them is
 * refused (%WR_PACK_ERROR_SEALED_FOR_OTHERS) with the fingerprints it is sealed for.
 *
 * Returns: (transfer full): the unsealer, or %NULL with @error set
 */
WrPackUnsealer *
wr_pack_unsealer_new (int          fd,
                      const char  *source,
                      GPtrArray   *identities,
                      GError     **error)
{
  g_autoptr(GByteArray) header = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  guint8 key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
  const WrSealIdentity *opener = NULL;
  WrPackUnsealer *self;
  guint n = 0;

  ensure_sodium ();
  if (!(header = read_header (fd, source, &n, error)))
    return NULL;

  for (guint i = 0; i < n && opener == NULL; i++)
    {
      const guint8 *entry = entry_at (header, i);

      for (guint j = 0; identities != NULL && j < identities->len && opener == NULL; j++)
        {
          const WrSealIdentity *identity = g_ptr_array_index (identities, j);
          guint8 fingerprint[FINGERPRINT_BYTES];

          if (!fingerprint_bytes (identity->fingerprint, fingerprint) ||
              memcmp (fingerprint, entry, FINGERPRINT_BYTES) != 0)
            continue;
          if (crypto_box_seal_open (key, entry + FINGERPRINT_BYTES, SEALED_KEY_BYTES, identity->box_public,
                                    identity->box_secret) != 0)
            {
              g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_SEALED,
                           _("%s: the pack is sealed for the key %s, which this database has, but its sealed key "
                             "does not open with it: the pack was changed or damaged"),
                           source, identity->fingerprint);
              return NULL;
            }
          opener = identity;
        }
    }

  if (opener == NULL)
    {
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *fingerprint = fingerprint_text (entry_at (header, i));

          g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", fingerprint);
        }
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_SEALED_FOR_OTHERS,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s: the pack is sealed for another key (%s), not for this database’s device key or a "
                                "team key installed here, so it cannot be opened. Ask its sender to seal it for this "
                                "device’s key or your team’s, or install the team key it was sealed for",
                                "%s: the pack is sealed for other keys (%s), not for this database’s device key or a "
                                "team key installed here, so it cannot be opened. Ask its sender to seal it for this "
                                "device’s key or your team’s, or install the team key it was sealed for",
                                n),
                   source, names->str);
      return NULL;
    }

  self = g_new0 (WrPackUnsealer, 1);
  self->fd = fd;
  self->source = g_strdup (source);
  self->opened_by = g_strdup (opener->fingerprint);
  self->position = header->len;
  self->cipher = g_malloc (CIPHER_CHUNK_MAX);
  self->plain = g_malloc (WR_SEAL_CHUNK_SIZE);
  crypto_secretstream_xchacha20poly1305_init_pull (&self->state,
                                                   header->data + header->len -
                                                     crypto_secretstream_xchacha20poly1305_HEADERBYTES,
                                                   key);
  sodium_memzero (key, sizeof key);
  /* The first chunk's additional data: every byte before the stream. */
  self->header = g_steal_pointer (&header);

  return self;
}

void
wr_pack_unsealer_free (WrPackUnsealer *self)
{
  if (self == NULL)
    return;
  sodium_memzero (&self->state, sizeof self->state);
  sodium_memzero (self->plain, WR_SEAL_CHUNK_SIZE);
  g_clear_pointer (&self->header, g_byte_array_unref);
  g_free (self->source);
  g_free (self->opened_by);
  g_free (self->cipher);
  g_free (self->plain);
  g_free (self);
}

static gboolean
open_chunk (WrPackUnsealer  *self,
            GError         **error)
{
  guint8 length[4];
  guint32 len;
  gsize got = 0;
  unsigned long long plain_len = 0;
  unsigned char tag = 0;

  if (!read_exact (self->fd, length, sizeof length, &got, error))
    return FALSE;
  if (got == 0)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_SEALED,
                   _("the sealed pack is cut short: it ends before its last part. It was not copied whole"));
      return FALSE;
    }
  len = (guint32) length[0] << 24 | (guint32) length[1] << 16 | (guint32) length[2] << 8 | length[3];
  if (got < sizeof length || len < crypto_secretstream_xchacha20poly1305_ABYTES || len > CIPHER_CHUNK_MAX)
    goto damaged;
  if (!read_exact (self->fd, self->cipher, len, &got, error))
    return FALSE;
  if (got < len)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_SEALED,
                   _("the sealed pack is cut short: it ends inside a part. It was not copied whole"));
      return FALSE;
    }
  self->position += 4 + len;

  if (crypto_secretstream_xchacha20poly1305_pull (&self->state, self->plain, &plain_len, &tag, self->cipher, len,
                                                  self->header != NULL ? self->header->data : NULL,
                                                  self->header != NULL ? self->header->len : 0) != 0)
    goto damaged;
  g_clear_pointer (&self->header, g_byte_array_unref);
  self->plain_len = (gsize) plain_len;
  self->plain_pos = 0;
  if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL)
    {
      guint8 extra;

      self->final = TRUE;
      if (!read_exact (self->fd, &extra, 1, &got, error))
        return FALSE;
      if (got != 0)
        {
          g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_SEALED,
                       _("the sealed pack has bytes after its last part: it was changed"));
          return FALSE;
        }
    }
  else if (tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE)
    goto damaged;

  return TRUE;

damaged:
  g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_SEALED,
               _("a part of the sealed pack, %" G_GUINT64_FORMAT " bytes in, does not open: the pack was changed "
                 "or damaged after it was sealed"),
               self->position);
  return FALSE;
}

/**
 * wr_pack_unsealer_read:
 * @self: a #WrPackUnsealer
 * @buffer: where to put the pack's next bytes
 * @len: at most so many
 * @error: return location for a #GError
 *
 * Returns: how many bytes were read; 0 at the end of the pack, once its
 *   last part has been opened and nothing follows it; -1 with @error set
 */
gssize
wr_pack_unsealer_read (WrPackUnsealer  *self,
                       guint8          *buffer,
                       gsize            len,
                       GError         **error)
{
  gsize n;

  while (self->plain_pos == self->plain_len)
    {
      if (self->final)
        {
          self->at_end = TRUE;
          return 0;
        }
      if (!open_chunk (self, error))
        return -1;
    }

  n = MIN (len, self->plain_len - self->plain_pos);
  memcpy (buffer, self->plain + self->plain_pos, n);
  self->plain_pos += n;
  return (gssize) n;
}

/**
 * wr_pack_unsealer_finish:
 * @self: a #WrPackUnsealer
 * @error: return location for a #GError
 *
 * Reads what the pack's reader left, so that a pack cut short after the
 * end of its XML is refused too.
 *
 * Returns: %TRUE if the whole container opened, up to its FINAL part
 */
gboolean
wr_pack_unsealer_finish (WrPackUnsealer  *self,
                         GError         **error)
{
  guint8 rest[4096];
  gssize n;

  while ((n = wr_pack_unsealer_read (self, rest, sizeof rest, error)) > 0)
    ;

  return n == 0;
}

guint64
wr_pack_unsealer_get_position (WrPackUnsealer *self)
{
  return self->position;
}

/**
 * wr_pack_unsealer_get_opened_by:
 * @self: a #WrPackUnsealer
 *
 * Returns: the fingerprint of the key that opened the pack
 */
const char *
wr_pack_unsealer_get_opened_by (WrPackUnsealer *self)
{
  return self->opened_by;
}
