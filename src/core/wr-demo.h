/* wr-demo.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "wr-form-library.h"
#include "wr-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint       n_visits;
  guint32     seed;
  const char *today;     /* YYYY-MM-DD; NULL for today. Fixes the dates for a seed. */
} WrDemoOptions;

typedef struct
{
  guint n_services;
  guint n_visits;
  guint n_answers;
  guint n_observations;
  guint n_actions;
  guint n_photos;
} WrDemoCounts;

typedef void (*WrDemoProgress) (guint    done,
                                guint    total,
                                gpointer user_data);

gboolean wr_demo_fill (WrStore              *store,
                       WrFormLibrary        *library,
                       const WrDemoOptions  *options,
                       WrDemoProgress        progress,
                       gpointer              user_data,
                       GCancellable         *cancellable,
                       WrDemoCounts         *counts,
                       GError              **error);

G_END_DECLS
