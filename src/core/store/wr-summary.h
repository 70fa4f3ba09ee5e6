/* wr-summary.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "wr-scope.h"
#include "wr-store.h"

G_BEGIN_DECLS

/* One figure of a summary: a count under a key, within a group. Which
 * group and key depend on the list (see WrSummary).
 */
typedef struct
{
  char  *group;
  char  *key;
  guint  count;
  guint  completed;
} WrSummaryRow;

/* A period's figures: what the Quality Account and the quality team's
 * year report need. Every list is of #WrSummaryRow.
 */
typedef struct
{
  char      *from;
  char      *to;
  guint      n_visits;          /* every visit in the period, drafts included */
  guint      n_completed;
  guint      n_draft;
  GPtrArray *kinds;             /* key: visit kind; count, completed */
  GPtrArray *months;            /* group: YYYY-MM; key: visit kind; count, completed */
  GPtrArray *services;          /* group: directorate; key: service name; count: visits (0: not visited) */
  GPtrArray *roles;             /* key: team role; count: participations */
  GPtrArray *observations;      /* key: observation kind; count */
  GPtrArray *concerns;          /* group: "regulation" or "statement"; key: its id; count: concerns, most first */
  GPtrArray *concern_map;       /* group: directorate; key: regulation id; count: concerns (none: no row) */
  guint      n_actions;         /* raised on the period's visits */
  guint      n_actions_open;
  guint      n_actions_done;
  guint      n_actions_dropped;
  guint      n_actions_overdue; /* open, due before today */
  GPtrArray *support_requests;  /* group: domain ("" if none); key: status; count */
} WrSummary;

void       wr_summary_free   (WrSummary      *summary);
WrSummary *wr_store_summarise (WrStore       *store,
                               const WrScope *scope,
                               const char    *today,
                               GCancellable  *cancellable,
                               GError       **error) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrSummary, wr_summary_free)

G_END_DECLS
