/* wr-report-letter-private.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wr-report-pages-private.h"

G_BEGIN_DECLS

typedef struct _WrReportLetter WrReportLetter;

WrReportLetter *_wr_report_letter_new               (const WrReportVisit   *visit,
                                                     const char * const    *include_quotes,
                                                     gboolean               all_quotes,
                                                     GError               **error);
void            _wr_report_letter_free              (WrReportLetter        *letter);
guint           _wr_report_letter_get_n_left_out    (const WrReportLetter  *letter);
void            _wr_report_pages_add_letter         (WrReportPages         *pages,
                                                     const WrReportLetter  *letter);
void            _wr_report_letter_append_html_start (GString               *out,
                                                     const char            *title,
                                                     const char            *organisation,
                                                     const char            *marking);
void            _wr_report_letter_append_html       (const WrReportLetter  *letter,
                                                     GString               *out);
void            _wr_report_letter_append_html_end   (GString               *out,
                                                     const char            *marking);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrReportLetter, _wr_report_letter_free)

G_END_DECLS
