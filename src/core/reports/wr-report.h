/* wr-report.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "wr-form-library.h"
#include "wr-report-pages.h"
#include "wr-scope.h"
#include "wr-store.h"

G_BEGIN_DECLS

/* Reports are made from an evidence pack, never from the database, so that
 * a report shows exactly what the pack it came from carries. Errors are in
 * the WR_PACK_ERROR domain (wr-pack-error.h): a pack that cannot be read is
 * WR_PACK_ERROR_READ, PARSE, VERSION, INVALID or DIGEST, and a report that
 * cannot be written WR_PACK_ERROR_WRITE; WR_CATALOG_ERROR if Walkround's
 * own catalogue is missing, G_IO_ERROR_CANCELLED if cancelled. The _async
 * forms run the same work in a thread, for the window.
 */

/* A report of this computer's visits (the _for_store functions) is made
 * the one way there is, from a pack of them that is written to a private
 * temporary folder and deleted afterwards, so that it shows exactly what
 * an export would carry. That pack never leaves this computer: the visits
 * are not noted as shared.
 */

/* A readable report holds at most this many visits, from the window and
 * the command line alike: more would take minutes and gigabytes to make,
 * and nobody reads it; the CSV tables are for that.
 */
#define WR_REPORT_MAX_HTML_VISITS 2000

/**
 * WrReportProgress:
 * @done: the visits written to the report's pack so far
 * @total: the visits the report holds, once known; 0 before
 * @quotes_left_out: for a feedback letter, the observations in a
 *   patient's or carer's voice it left out
 *
 * How far a report of a store has got. The worker sets the fields with
 * g_atomic_int_set(); read them with g_atomic_int_get() from any thread.
 */
typedef struct
{
  gint done;
  gint total;
  gint quotes_left_out;
} WrReportProgress;

/* The four tables wr_report_write_csv() writes into its folder. */
#define WR_REPORT_CSV_VISITS       "visits.csv"
#define WR_REPORT_CSV_ANSWERS      "answers.csv"
#define WR_REPORT_CSV_OBSERVATIONS "observations.csv"
#define WR_REPORT_CSV_ACTIONS      "actions.csv"

/**
 * WrReportFormat:
 * @WR_REPORT_FORMAT_HTML: the readable report, one HTML file
 * @WR_REPORT_FORMAT_CSV: four CSV tables in a folder
 * @WR_REPORT_FORMAT_PDF: the readable report as an A4 PDF, from the same
 *   model of each visit and the same layout as printing
 * @WR_REPORT_FORMAT_XLSX: the CSV tables as one Excel workbook (see
 *   wr-report-xlsx.h; refused where Walkround was built without it)
 */
typedef enum
{
  WR_REPORT_FORMAT_HTML,
  WR_REPORT_FORMAT_CSV,
  WR_REPORT_FORMAT_PDF,
  WR_REPORT_FORMAT_XLSX,
} WrReportFormat;

/**
 * WrReportOptions:
 * @format: what to write
 * @organisation: (nullable): the organisation's name for the header; for
 *   the _for_store functions %NULL means the database's own
 *   (wr_store_get_report_settings())
 * @marking: (nullable): the protective marking for the header and the
 *   footer of every page, likewise
 * @letter: instead of the report, the feedback letter of each visit (NED
 *   and 15 Steps visits only), as HTML or PDF
 * @include_quotes: (nullable): for a letter, the uuids of observations in
 *   a patient's or carer's voice to put in; the others are left out
 * @all_quotes: for a letter, put them all in
 *
 * How to make a report. Zero-initialise it and set what differs.
 */
typedef struct
{
  WrReportFormat  format;
  char           *organisation;
  char           *marking;
  gboolean        letter;
  GStrv           include_quotes;
  gboolean        all_quotes;
} WrReportOptions;

WrReportOptions *wr_report_options_copy (const WrReportOptions *options);
void             wr_report_options_free (WrReportOptions       *options);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrReportOptions, wr_report_options_free)

gboolean wr_report_write                  (const char             *pack_path,
                                           const char             *output_path,
                                           const WrReportOptions  *options,
                                           GCancellable           *cancellable,
                                           GError                **error);
gboolean wr_report_write_for_store        (WrStore                *store,
                                           WrFormLibrary          *library,
                                           const WrScope          *scope,
                                           const char             *output_path,
                                           const WrReportOptions  *options,
                                           WrReportProgress       *progress,
                                           GCancellable           *cancellable,
                                           GError                **error);
void     wr_report_write_for_store_async  (WrStore                *store,
                                           WrFormLibrary          *library,
                                           const WrScope          *scope,
                                           const char             *output_path,
                                           const WrReportOptions  *options,
                                           WrReportProgress       *progress,
                                           GCancellable           *cancellable,
                                           GAsyncReadyCallback     callback,
                                           gpointer                user_data);
gboolean wr_report_write_for_store_finish (GAsyncResult           *result,
                                           GError                **error);

WrReportPages *wr_report_pages_for_store        (WrStore               *store,
                                                 WrFormLibrary         *library,
                                                 const WrScope         *scope,
                                                 const WrReportOptions *options,
                                                 WrReportProgress      *progress,
                                                 GCancellable          *cancellable,
                                                 GError               **error);
void           wr_report_pages_for_store_async  (WrStore               *store,
                                                 WrFormLibrary         *library,
                                                 const WrScope         *scope,
                                                 const WrReportOptions *options,
                                                 WrReportProgress      *progress,
                                                 GCancellable          *cancellable,
                                                 GAsyncReadyCallback    callback,
                                                 gpointer               user_data);
WrReportPages *wr_report_pages_for_store_finish (GAsyncResult          *result,
                                                 GError               **error);

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

gboolean wr_report_write_html_for_store        (WrStore              *store,
                                                WrFormLibrary        *library,
                                                const WrScope        *scope,
                                                const char           *output_path,
                                                WrReportProgress     *progress,
                                                GCancellable         *cancellable,
                                                GError              **error);
void     wr_report_write_html_for_store_async  (WrStore              *store,
                                                WrFormLibrary        *library,
                                                const WrScope        *scope,
                                                const char           *output_path,
                                                WrReportProgress     *progress,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean wr_report_write_html_for_store_finish (GAsyncResult         *result,
                                                GError              **error);
gboolean wr_report_write_csv_for_store         (WrStore              *store,
                                                WrFormLibrary        *library,
                                                const WrScope        *scope,
                                                const char           *output_dir,
                                                WrReportProgress     *progress,
                                                GCancellable         *cancellable,
                                                GError              **error);
void     wr_report_write_csv_for_store_async   (WrStore              *store,
                                                WrFormLibrary        *library,
                                                const WrScope        *scope,
                                                const char           *output_dir,
                                                WrReportProgress     *progress,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean wr_report_write_csv_for_store_finish  (GAsyncResult         *result,
                                                GError              **error);

G_END_DECLS
