/* wr-pack-seal.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "wr-pack-error.h"

G_BEGIN_DECLS

/* A sealed pack: a signed pack encrypted for one or more recipients'
 * X25519 keys with libsodium (docs/evidence-pack.md, "Sealed packs").
 */
#define WR_SEAL_MAGIC         "WALKROUND SEALED PACK\n"
#define WR_SEAL_MAGIC_LEN     22
#define WR_SEAL_VERSION       1
#define WR_SEAL_MAX_RECIPIENTS 255
#define WR_SEAL_CHUNK_SIZE    (64 * 1024)
#define WR_SEAL_KEY_BYTES     32

/* Whom a pack is sealed for: a public key and its fingerprint. */
typedef struct
{
  char   *fingerprint;                   /* as people know the key: "3F2A 1B2C …" */
  char   *label;                         /* the device id, or the team key's name */
  guint8  box_public[WR_SEAL_KEY_BYTES]; /* X25519 */
} WrSealRecipient;

/* A key pair that opens packs sealed for it. */
typedef struct
{
  char   *fingerprint;
  char   *label;
  guint8  box_public[WR_SEAL_KEY_BYTES];
  guint8  box_secret[WR_SEAL_KEY_BYTES];
} WrSealIdentity;

void             wr_seal_recipient_free (WrSealRecipient *recipient);
void             wr_seal_identity_free  (WrSealIdentity  *identity);
WrSealRecipient *wr_seal_recipient_read (const char      *path,
                                         GError         **error) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrSealRecipient, wr_seal_recipient_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrSealIdentity, wr_seal_identity_free)

/* Writing: the sealer takes the pack's bytes as they are made and hands
 * the container's bytes to @write, chunk by chunk.
 */
typedef gboolean (*WrSealWriteFunc) (gpointer      user_data,
                                     const guint8 *data,
                                     gsize         len);

typedef struct _WrPackSealer WrPackSealer;

WrPackSealer *wr_pack_sealer_new    (GPtrArray       *recipients,
                                     WrSealWriteFunc  write,
                                     gpointer         user_data) G_GNUC_WARN_UNUSED_RESULT;
gboolean      wr_pack_sealer_write  (WrPackSealer    *self,
                                     const guint8    *data,
                                     gsize            len);
gboolean      wr_pack_sealer_finish (WrPackSealer    *self);
void          wr_pack_sealer_free   (WrPackSealer    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrPackSealer, wr_pack_sealer_free)

/* Reading. */
typedef struct _WrPackUnsealer WrPackUnsealer;

gboolean        wr_pack_is_sealed                (int              fd);
gboolean        wr_pack_file_is_sealed           (const char      *path);
GPtrArray      *wr_pack_file_get_seal_recipients (const char      *path,
                                                  GError         **error) G_GNUC_WARN_UNUSED_RESULT;
WrPackUnsealer *wr_pack_unsealer_new             (int              fd,
                                                  const char      *source,
                                                  GPtrArray       *identities,
                                                  GError         **error) G_GNUC_WARN_UNUSED_RESULT;
gssize          wr_pack_unsealer_read            (WrPackUnsealer  *self,
                                                  guint8          *buffer,
                                                  gsize            len,
                                                  GError         **error);
gboolean        wr_pack_unsealer_finish          (WrPackUnsealer  *self,
                                                  GError         **error);
guint64         wr_pack_unsealer_get_position    (WrPackUnsealer  *self);
const char     *wr_pack_unsealer_get_opened_by   (WrPackUnsealer  *self);
void            wr_pack_unsealer_free            (WrPackUnsealer  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrPackUnsealer, wr_pack_unsealer_free)

G_END_DECLS
