/* wr-merge.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Merging one visit's rows by their causal history, whatever carried them
 * (a pack, or later a sync): no SQL, no XML, only what was written, by
 * which device, and what each side had seen when it wrote. See
 * wr-merge.c for the rules.
 */

/**
 * WrClock:
 *
 * A version vector: for each device, the highest change of it that a copy
 * of a visit has seen. A device's changes to a visit are numbered 1, 2, 3…
 * by the device itself; 0 stands for what a device wrote before Walkround
 * kept histories ("seen" once the device is in the clock at all).
 */
typedef struct _WrClock WrClock;

WrClock  *wr_clock_new         (void);
WrClock  *wr_clock_copy        (const WrClock  *self);
void      wr_clock_free        (WrClock        *self);
guint     wr_clock_get_n       (const WrClock  *self);
const char *wr_clock_get_entry (const WrClock  *self,
                                guint           index,
                                guint64        *counter);
gboolean  wr_clock_lookup      (const WrClock  *self,
                                const char     *device,
                                guint64        *counter);
void      wr_clock_advance     (WrClock        *self,
                                const char     *device,
                                guint64         counter);
void      wr_clock_join        (WrClock        *self,
                                const WrClock  *other);
gboolean  wr_clock_covers      (const WrClock  *self,
                                const char     *device,
                                guint64         counter);
gboolean  wr_clock_equal       (const WrClock  *a,
                                const WrClock  *b);
char     *wr_clock_to_string   (const WrClock  *self);
WrClock  *wr_clock_from_string (const char     *text,
                                GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrClock, wr_clock_free)

/**
 * WrVersion:
 * @device: the device that wrote it
 * @counter: the device's change number for the visit (0: before histories)
 * @content: (nullable): the row as written, or %NULL for a deletion
 *
 * One version of one row. Which device wrote which change is its
 * identity; the content is opaque here (the store decides what it holds).
 */
typedef struct
{
  char    *device;
  guint64  counter;
  GBytes  *content;
} WrVersion;

WrVersion *wr_version_new   (const char      *device,
                             guint64          counter,
                             GBytes          *content);
WrVersion *wr_version_copy  (const WrVersion *self);
void       wr_version_free  (WrVersion       *self);
int        wr_version_order (const WrVersion *a,
                             const WrVersion *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrVersion, wr_version_free)

/**
 * WrMergeOutcome:
 * @WR_MERGE_UNCHANGED: the row is as it was
 * @WR_MERGE_ADDED: a row we did not have
 * @WR_MERGE_UPDATED: theirs followed ours, and replaces it
 * @WR_MERGE_CONFLICT: both changed it since their common state, or the
 *   same change has different content on each side; all versions are
 *   kept, the first shown
 *
 * What merging did to one row.
 */
typedef enum
{
  WR_MERGE_UNCHANGED,
  WR_MERGE_ADDED,
  WR_MERGE_UPDATED,
  WR_MERGE_CONFLICT,
} WrMergeOutcome;

/**
 * WrMergeCounts:
 * @n_added: rows we did not have
 * @n_updated: rows theirs replaced
 * @n_conflicts: rows in conflict after the merge that were not before, or
 *   that gained a version
 * @n_same_change: of those, rows where the same change had different
 *   content on each side: a copy was changed by hand, never by Walkround
 *
 * What one merge did, in rows.
 */
typedef struct
{
  guint n_added;
  guint n_updated;
  guint n_conflicts;
  guint n_same_change;
} WrMergeCounts;

/* The rows of one visit, each with its versions, and the visit's clock. */
typedef struct _WrMergeState WrMergeState;

/**
 * WrMergeFunc:
 * @key: the row
 * @outcome: what the merge did to it; never %WR_MERGE_UNCHANGED
 * @versions: (element-type WrVersion): its versions now, the shown first
 * @user_data: what was given
 *
 * Called for each row that a merge changed, in the order of the keys.
 */
typedef void (*WrMergeFunc) (const char     *key,
                             WrMergeOutcome  outcome,
                             GPtrArray      *versions,
                             gpointer        user_data);

WrMergeState      *wr_merge_state_new          (void);
void            wr_merge_state_free         (WrMergeState       *self);
WrMergeState      *wr_merge_state_copy         (const WrMergeState *self);
const WrClock  *wr_merge_state_get_clock    (const WrMergeState *self);
void            wr_merge_state_set_clock    (WrMergeState       *self,
                                         const WrClock   *clock);
void            wr_merge_state_add_version  (WrMergeState       *self,
                                         const char      *key,
                                         const char      *device,
                                         guint64          counter,
                                         GBytes          *content);
GPtrArray      *wr_merge_state_get_versions (const WrMergeState *self,
                                         const char      *key);
GPtrArray      *wr_merge_state_list_keys    (const WrMergeState *self);
guint64         wr_merge_state_write        (WrMergeState       *self,
                                         const char      *key,
                                         const char      *device,
                                         GBytes          *content);
void            wr_merge_state_merge        (WrMergeState       *self,
                                         const WrMergeState *theirs,
                                         WrMergeFunc      func,
                                         gpointer         user_data,
                                         WrMergeCounts   *counts);
gboolean        wr_merge_state_equal        (const WrMergeState *a,
                                         const WrMergeState *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrMergeState, wr_merge_state_free)

G_END_DECLS
