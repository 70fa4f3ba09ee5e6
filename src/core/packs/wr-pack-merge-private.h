/* wr-pack-merge-private.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wr-merge.h"
#include "wr-pack-reader.h"
#include <libxml/tree.h>

#include "wr-store.h"

G_BEGIN_DECLS

/**
 * WrPackMerge:
 * @xml: (nullable): the merged visit's changes, as a pack's <visit>
 *   element with its digest: the visit's own element and the rows of
 *   @keys, to be imported over ours in their place; %NULL if ours already
 *   is the merge
 * @counts: what the merge did, in rows
 * @keys: the rows it changed, by key: only they need writing
 *
 * The outcome of merging a pack's copy of a visit into ours.
 */
typedef struct
{
  GString       *xml;
  WrMergeCounts  counts;
  GHashTable    *keys;
} WrPackMerge;

char     *_wr_pack_merge_key   (const char   *element,
                                const char   *uuid,
                                const char   *question,
                                const char   *member,
                                const char   *repeat) G_GNUC_WARN_UNUSED_RESULT;
void      _wr_pack_merge_clear (WrPackMerge  *merge);
gboolean  _wr_pack_merge_visit (WrStore      *store,
                                gint64        visit_id,
                                xmlDoc       *theirs,
                                const char   *theirs_digest,
                                WrPackMerge  *merge,
                                GError      **error);

gboolean  _wr_pack_merge_list    (WrStore                 *store,
                                  gint64                   visit_id,
                                  const char              *visit_uuid,
                                  GPtrArray               *conflicts,
                                  GError                 **error);
GString  *_wr_pack_merge_resolve (WrStore                 *store,
                                  gint64                   visit_id,
                                  const char              *key,
                                  const WrPackRowVersion  *chosen,
                                  GError                 **error) G_GNUC_WARN_UNUSED_RESULT;

gboolean  _wr_pack_merge_store_versions (WrStore                 *store,
                                         gint64                   visit_id,
                                         const char              *visit_device,
                                         const char              *xml,
                                         gsize                    len,
                                         GHashTable              *only,
                                         GError                 **error);
gboolean  _wr_pack_merge_store_deletions (WrStore                 *store,
                                          gint64                   visit_id,
                                          const char              *xml,
                                          gsize                    len,
                                          GHashTable              *only,
                                          GError                 **error);

G_END_DECLS
