/* wr-report-private.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wr-report.h"

G_BEGIN_DECLS

/* The tables, in the order of WR_REPORT_CSV_VISITS and the others. */
#define WR_REPORT_N_TABLES 4

/* One row of a table, with its cells as they are. */
typedef gboolean (*WrReportRowFunc)  (guint                table,
                                      const char * const  *cells,
                                      guint                n_cells,
                                      gpointer             user_data,
                                      GError             **error);
/* Makes a report from a pack: wr_report_write_csv() and the others. */
typedef gboolean (*WrReportPackFunc) (const char          *pack_path,
                                      const char          *output,
                                      GCancellable        *cancellable,
                                      GError             **error);

gboolean            _wr_report_read_tables     (const char          *pack_path,
                                                WrReportRowFunc      func,
                                                gpointer             user_data,
                                                GCancellable        *cancellable,
                                                GError             **error);
const char * const *_wr_report_get_columns     (guint                table,
                                                guint               *n_columns);
gboolean            _wr_report_write_for_store (WrStore             *store,
                                                WrFormLibrary       *library,
                                                const WrScope       *scope,
                                                const char          *output,
                                                WrReportPackFunc     write,
                                                guint                max_visits,
                                                WrReportProgress    *progress,
                                                GCancellable        *cancellable,
                                                GError             **error);

G_END_DECLS
