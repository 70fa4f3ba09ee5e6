/* wr-export-dialog.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wr-form-library.h"
#include "wr-scope.h"
#include "wr-store.h"

G_BEGIN_DECLS

#define WR_TYPE_EXPORT_DIALOG (wr_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (WrExportDialog, wr_export_dialog, WR, EXPORT_DIALOG, AdwWindow)

WrExportDialog *wr_export_dialog_new        (WrStore         *store,
                                             WrFormLibrary   *library,
                                             const char      *today) G_GNUC_WARN_UNUSED_RESULT;
WrScope   *wr_export_dialog_get_filter (WrExportDialog  *self,
                                             GError         **error) G_GNUC_WARN_UNUSED_RESULT;
void            wr_export_dialog_export     (WrExportDialog  *self,
                                             const char      *path);
void            wr_export_dialog_write_report (WrExportDialog *self);
void            wr_export_dialog_set_fixed_scope (WrExportDialog *self,
                                                  const WrScope  *scope,
                                                  const char     *description);
gboolean        wr_export_dialog_add_seal_key (WrExportDialog *self,
                                               const char     *path,
                                               GError        **error);
GStrv           wr_export_dialog_get_seal_fingerprints (WrExportDialog *self) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
