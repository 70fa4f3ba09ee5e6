/* wr-pack-format.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "wr-pack-error.h"

G_BEGIN_DECLS

/* What makes a file an evidence pack this Walkround reads
 * (docs/evidence-pack.md): the root element, its namespace and its
 * format-version. One definition for the writer, the importer and the
 * report's reader.
 */
#define WR_PACK_ROOT_ELEMENT   "evidence-pack"
#define WR_PACK_NAMESPACE      "https://walkround.github.io/ns/evidence-pack/1"
#define WR_PACK_FORMAT_VERSION "6"

/* The versions this Walkround reads: 1; 2, which adds support requests
 * and reviews; 3, which adds the repeat an action belongs to; and 4, which
 * adds each row's change number and each visit's clock; and 5, which adds
 * deletions; and 6, which adds the revocations and the signature
 * (docs/evidence-pack.md). A pack is written in the latest.
 */
#define WR_PACK_FORMAT_VERSION_OLDEST 1
#define WR_PACK_FORMAT_VERSION_LATEST 6

/* The first version whose packs are signed. */
#define WR_PACK_FORMAT_VERSION_SIGNED 6

/* The manifest a pack's signature covers (docs/evidence-pack.md,
 * "The manifest"): lines "TAG VALUE[ VALUE]\n", hashed as they come with
 * SHA-256; the signature is the Ed25519 signature of the 32 bytes of
 * that hash. The writer and the reader build it alike with these.
 */
#define WR_PACK_MANIFEST_MAGIC "walkround-pack-manifest 1"
#define WR_PACK_SIGNATURE_ALGORITHM "ed25519"

void wr_pack_manifest_line (GChecksum  *manifest,
                            const char *tag,
                            const char *value,
                            const char *value2);
void wr_pack_manifest_hash (GChecksum  *manifest,
                            guint8      hash[32]);

gboolean wr_pack_format_check_root (const char  *file,
                                    int          line,
                                    const char  *name,
                                    const char  *ns,
                                    const char  *version,
                                    GError     **error);

G_END_DECLS
