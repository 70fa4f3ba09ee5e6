/* wr-import-dialog.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wr-form-library.h"
#include "wr-pack-reader.h"
#include "wr-store.h"

G_BEGIN_DECLS

#define WR_TYPE_IMPORT_DIALOG (wr_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (WrImportDialog, wr_import_dialog, WR, IMPORT_DIALOG, AdwWindow)

WrImportDialog           *wr_import_dialog_new         (WrStore        *store,
                                                        WrFormLibrary  *library,
                                                        const char     *path) G_GNUC_WARN_UNUSED_RESULT;
const WrPackImportCounts *wr_import_dialog_get_preview (WrImportDialog *self);

G_END_DECLS
