/* wr-team-key.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "wr-pack-seal.h"
#include "wr-store.h"

G_BEGIN_DECLS

/* A quality team's key pair (X25519), kept in a file protected by a
 * passphrase, so that sealed packs outlive any one laptop
 * (docs/evidence-pack.md, "Team keys").
 */
#define WR_TEAM_KEY_GROUP  "Walkround Team Key"
#define WR_TEAM_KEYS_SUFFIX ".team-keys"

gboolean         wr_team_key_create            (const char  *path,
                                                const char  *name,
                                                const char  *passphrase,
                                                char       **fingerprint,
                                                GError     **error);
gboolean         wr_team_key_export_public     (const char  *path,
                                                const char  *output,
                                                GError     **error);
WrSealRecipient *wr_team_key_read_recipient    (const char  *path,
                                                GError     **error) G_GNUC_WARN_UNUSED_RESULT;
WrSealIdentity  *wr_team_key_open              (const char  *path,
                                                const char  *passphrase,
                                                GError     **error) G_GNUC_WARN_UNUSED_RESULT;
WrSealIdentity  *wr_team_key_install           (WrStore     *store,
                                                const char  *path,
                                                const char  *passphrase,
                                                gboolean    *already,
                                                GError     **error) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray       *wr_team_key_list_installed    (WrStore     *store,
                                                GError     **error) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray       *wr_seal_identities_for_store  (WrStore     *store,
                                                GError     **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
