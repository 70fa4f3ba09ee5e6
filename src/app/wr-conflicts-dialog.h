/* wr-conflicts-dialog.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wr-form-library.h"
#include "wr-store.h"

G_BEGIN_DECLS

/* What merging packs left to choose. */
typedef struct
{
  guint n_visits;    /* whole visits in conflict */
  guint n_rows;      /* rows in conflict */
  guint n_answers;   /* of n_rows: answers */
  guint n_removals;  /* members and repeats removed while others recorded inside them */
} WrConflictsCount;

#define WR_TYPE_CONFLICTS_DIALOG (wr_conflicts_dialog_get_type ())

G_DECLARE_FINAL_TYPE (WrConflictsDialog, wr_conflicts_dialog, WR, CONFLICTS_DIALOG, AdwWindow)

WrConflictsDialog *wr_conflicts_dialog_new        (WrStore             *store,
                                                   WrFormLibrary       *library,
                                                   const char          *visit_uuid) G_GNUC_WARN_UNUSED_RESULT;
gboolean           wr_conflicts_dialog_is_loading (WrConflictsDialog   *self);

void               wr_conflicts_count_async       (WrStore             *store,
                                                   const char          *visit_uuid,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean           wr_conflicts_count_finish      (GAsyncResult        *result,
                                                   WrConflictsCount    *count,
                                                   GError             **error);

G_END_DECLS
