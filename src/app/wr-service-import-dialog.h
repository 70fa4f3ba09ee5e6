/* wr-service-import-dialog.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wr-service-import.h"

G_BEGIN_DECLS

#define WR_TYPE_SERVICE_IMPORT_DIALOG (wr_service_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (WrServiceImportDialog, wr_service_import_dialog, WR, SERVICE_IMPORT_DIALOG, AdwWindow)

WrServiceImportDialog *wr_service_import_dialog_new (WrStore         *store,
                                                     const char      *file_name,
                                                     WrServiceImport *import) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
