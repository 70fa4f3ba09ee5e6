/* wr-report.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Reports are made from an evidence pack, never from the database, so that
 * a report shows exactly what the pack it came from carries. Errors are in
 * the WR_PACK_ERROR domain (wr-pack-error.h): a pack that cannot be read is
 * WR_PACK_ERROR_READ, PARSE, VERSION, INVALID or DIGEST, and a report that
 * cannot be written WR_PACK_ERROR_WRITE; WR_CATALOG_ERROR if Walkround's
 * own catalogue is missing, G_IO_ERROR_CANCELLED if cancelled. The _async
 * forms run the same work in a thread, for the window.
 */

/* The four tables wr_report_write_csv() writes into its folder. */
#define WR_REPORT_CSV_VISITS       "visits.csv"
#define WR_REPORT_CSV_ANSWERS      "answers.csv"
#define WR_REPORT_CSV_OBSERVATIONS "observations.csv"
#define WR_REPORT_CSV_ACTIONS      "actions.csv"

gboolean wr_report_write_html        (const char           *pack_path,
                                      const char           *output_path,
                                      GCancellable         *cancellable,
                                      GError              **error);
void     wr_report_write_html_async  (const char           *pack_path,
                                      const char           *output_path,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
gboolean wr_report_write_html_finish (GAsyncResult         *result,
                                      GError              **error);
gboolean wr_report_write_csv         (const char           *pack_path,
                                      const char           *output_dir,
                                      GCancellable         *cancellable,
                                      GError              **error);
void     wr_report_write_csv_async   (const char           *pack_path,
                                      const char           *output_dir,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
gboolean wr_report_write_csv_finish  (GAsyncResult         *result,
                                      GError              **error);

G_END_DECLS
