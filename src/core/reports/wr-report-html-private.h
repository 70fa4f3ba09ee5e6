/* wr-report-html-private.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wr-report-model-private.h"

/* The reports' language, for the HTML's and the PDF's readers: their
 * words are English until Walkround has a translation, and a screen
 * reader needs to know which voice to use.
 */
#define WR_REPORT_LANGUAGE "en-GB"

G_BEGIN_DECLS

/* The HTML report, written from the same model of each visit as the PDF
 * (wr-report-model.c). Each visit is rendered as it is read and spooled
 * to a private temporary file; only a few numbers per visit, observation
 * and open action stay in memory, to count the summary and to put the
 * spooled parts in the report's order (visits by service and date,
 * observations by regulation, statement and theme, open actions by due
 * date) when the report is put together at the end.
 */
typedef struct _WrReportHtml WrReportHtml;

typedef gboolean (*WrReportHtmlWriteFunc) (const char  *data,
                                           gsize        len,
                                           gpointer     user_data,
                                           GError     **error);

WrReportHtml *_wr_report_html_new           (const char           *organisation,
                                             const char           *marking,
                                             GError              **error);
void          _wr_report_html_free          (WrReportHtml         *self);
void          _wr_report_html_set_pack      (WrReportHtml         *self,
                                             xmlNode              *record);
gboolean      _wr_report_html_add_visit     (WrReportHtml         *self,
                                             const WrReportVisit  *visit,
                                             GError              **error);
gboolean      _wr_report_html_finish        (WrReportHtml         *self,
                                             WrReportPack         *pack,
                                             WrReportHtmlWriteFunc write,
                                             gpointer              user_data,
                                             GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrReportHtml, _wr_report_html_free)

G_END_DECLS
