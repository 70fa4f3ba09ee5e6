/* wr-print.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "wr-form-library.h"
#include "wr-report.h"
#include "wr-scope.h"
#include "wr-store.h"

G_BEGIN_DECLS

void wr_print_visits (GtkWindow             *parent,
                      WrStore               *store,
                      WrFormLibrary         *library,
                      const WrScope         *scope,
                      const WrReportOptions *options,
                      const char            *job_name);
void wr_print_pages  (GtkWindow     *parent,
                      WrReportPages *pages,
                      const char    *job_name);

/* For tests: the window that previews pages where no previewer is installed. */
GtkWindow *_wr_print_preview_new (GtkWindow     *parent,
                                  WrReportPages *pages,
                                  GObject       *owner);

/* For tests: prints without a dialog, with @action EXPORT to @path. */
GtkPrintOperationResult _wr_print_run (GtkWindow               *parent,
                                       WrReportPages           *pages,
                                       const char              *job_name,
                                       GtkPrintOperationAction  action,
                                       const char              *export_path,
                                       GError                 **error);

G_END_DECLS
