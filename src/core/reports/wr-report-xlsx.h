/* wr-report-xlsx.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wr-report.h"

G_BEGIN_DECLS

gboolean wr_report_xlsx_is_available     (void);
gboolean wr_report_write_xlsx            (const char        *pack_path,
                                          const char        *output_path,
                                          GCancellable      *cancellable,
                                          GError           **error);
gboolean wr_report_write_xlsx_for_store  (WrStore           *store,
                                          WrFormLibrary     *library,
                                          const WrScope     *scope,
                                          const char        *output_path,
                                          WrReportProgress  *progress,
                                          GCancellable      *cancellable,
                                          GError           **error);

G_END_DECLS
