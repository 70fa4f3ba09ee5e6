/* wr-conflicts-dialog.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wr-store.h"

G_BEGIN_DECLS

#define WR_TYPE_CONFLICTS_DIALOG (wr_conflicts_dialog_get_type ())

G_DECLARE_FINAL_TYPE (WrConflictsDialog, wr_conflicts_dialog, WR, CONFLICTS_DIALOG, AdwWindow)

WrConflictsDialog *wr_conflicts_dialog_new (WrStore *store) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
