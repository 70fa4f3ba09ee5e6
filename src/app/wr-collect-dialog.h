/* wr-collect-dialog.h
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

#define WR_TYPE_COLLECT_DIALOG (wr_collect_dialog_get_type ())

G_DECLARE_FINAL_TYPE (WrCollectDialog, wr_collect_dialog, WR, COLLECT_DIALOG, AdwWindow)

WrCollectDialog *wr_collect_dialog_new         (WrStore            *store,
                                                WrFormLibrary      *library,
                                                const char * const *paths) G_GNUC_WARN_UNUSED_RESULT;
const char      *wr_collect_dialog_get_summary (WrCollectDialog    *self);

G_END_DECLS
