/* wr-pack-collect.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "wr-pack-reader.h"

G_BEGIN_DECLS

/* What importing one of several packs did: its counts, or why it was
 * refused (and then nothing of it was imported).
 */
typedef struct
{
  char               *path;
  WrPackImportCounts  counts;
  GPtrArray          *forms;   /* of WrForm: those it added, for its visits only (NULL if refused) */
  GError             *error;
  char               *signer_fingerprint;  /* of the key that signed it, or NULL (unsigned, or not read so far) */
  char               *signer_device;
  WrDeviceTrust       signer_trust;        /* as this database trusted that key before */
  gboolean            signer_expected;     /* trusted by its fingerprint before this, its first pack */
  char               *opened_by;           /* a sealed pack's: the fingerprint of the key that opened it */
} WrPackCollected;

void wr_pack_collected_free (WrPackCollected *collected);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrPackCollected, wr_pack_collected_free)

gboolean  wr_pack_collect          (WrPackReader        *reader,
                                    const char * const  *paths,
                                    GCancellable        *cancellable,
                                    guint               *n_done,
                                    GPtrArray           *results,
                                    GError             **error);
void      wr_pack_collect_sum      (GPtrArray           *results,
                                    WrPackImportCounts  *total,
                                    guint               *n_imported,
                                    guint               *n_refused);
char     *wr_pack_collect_describe (GPtrArray           *results) G_GNUC_WARN_UNUSED_RESULT;
char     *wr_pack_collect_describe_counts (const WrPackImportCounts *counts) G_GNUC_WARN_UNUSED_RESULT;
gboolean  wr_pack_collected_is_unknown_device (const WrPackCollected *collected);

G_END_DECLS
