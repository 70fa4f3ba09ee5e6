/* wr-evidence-counts.h
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

/* What the chosen visits hold for one regulation, quality statement or
 * key question, linked to it directly.
 */
typedef struct
{
  guint observations;        /* linked observations, each once */
  guint good;                /* of them, good practice */
  guint concerns;            /* of them, concerns */
  guint answers_of_concern;  /* scored answers shown and not met, of questions linked to it */
  guint visits;              /* visits with either */
  guint services;            /* services of those visits */
  guint open_actions;        /* open actions on a linked observation or on a question of an answer of concern */
} WrEvidenceCounts;

GHashTable *wr_store_count_evidence           (WrStore        *store,
                                               const WrScope  *scope,
                                               GCancellable   *cancellable,
                                               GError        **error) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray  *wr_store_list_services_not_visited (WrStore       *store,
                                               const WrScope  *scope,
                                               GError        **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
