/* wr-device-key.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "wr-pack-error.h"
#include "wr-pack-seal.h"
#include "wr-store.h"

G_BEGIN_DECLS

/* A database's Ed25519 signing key, made with libsodium on first use and
 * kept beside the database, readable only by its owner
 * (docs/evidence-pack.md, "Signatures").
 */
typedef struct _WrDeviceKey WrDeviceKey;

/* The suffix of the key file: walkround.db → walkround.db.device-key. */
#define WR_DEVICE_KEY_SUFFIX ".device-key"

#define WR_DEVICE_PUBLIC_KEY_BYTES 32
#define WR_DEVICE_SIGNATURE_BYTES  64

WrDeviceKey *wr_device_key_get             (WrStore      *store,
                                            GError      **error) G_GNUC_WARN_UNUSED_RESULT;
void         wr_device_key_free            (WrDeviceKey  *self);
const char  *wr_device_key_get_public_key  (WrDeviceKey  *self);
const char  *wr_device_key_get_fingerprint (WrDeviceKey  *self);
const char  *wr_device_key_get_device_id   (WrDeviceKey  *self);
const char  *wr_device_key_get_path        (WrDeviceKey  *self);
char        *wr_device_key_sign            (WrDeviceKey  *self,
                                            const guint8 *message,
                                            gsize         len) G_GNUC_WARN_UNUSED_RESULT;
gboolean     wr_device_key_export          (WrDeviceKey  *self,
                                            const char   *path,
                                            GError      **error);
WrSealIdentity *wr_device_key_get_seal_identity (WrDeviceKey *self) G_GNUC_WARN_UNUSED_RESULT;
gboolean     wr_key_file_write_new         (const char   *path,
                                            const char   *text,
                                            gboolean     *exists,
                                            GError      **error);

char        *wr_device_key_path_for        (WrStore      *store) G_GNUC_WARN_UNUSED_RESULT;
char        *wr_device_fingerprint         (const char   *public_key) G_GNUC_WARN_UNUSED_RESULT;
gboolean     wr_device_verify              (const char   *public_key,
                                            const char   *signature,
                                            const guint8 *message,
                                            gsize         len);
WrDevice    *wr_device_read_public_key     (const char   *path,
                                            GError      **error) G_GNUC_WARN_UNUSED_RESULT;
WrDevice    *wr_device_trust_key_file      (WrStore      *store,
                                            const char   *path,
                                            GError      **error) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrDeviceKey, wr_device_key_free)

/* For the packs' other keys (team keys): @text as exactly @len bytes. */
gboolean        _wr_device_key_decode                (const char    *text,
                                                      guint8        *out,
                                                      gsize          len);

G_END_DECLS
