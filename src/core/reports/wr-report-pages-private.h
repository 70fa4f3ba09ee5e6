/* wr-report-pages-private.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wr-pdf-writer-private.h"
#include "wr-report-model-private.h"
#include "wr-report-pages.h"

G_BEGIN_DECLS

typedef enum
{
  WR_REPORT_TEXT_BODY,
  WR_REPORT_TEXT_SMALL,     /* a line under an item: whose voice, where */
  WR_REPORT_TEXT_TITLE,     /* the visit's or letter's title */
  WR_REPORT_TEXT_HEADING,   /* a section */
  WR_REPORT_TEXT_SUBHEADING,
  WR_REPORT_TEXT_QUOTE,     /* an observation's words, set off */
} WrReportTextStyle;

WrReportPages *_wr_report_pages_new            (const char          *organisation,
                                                const char          *marking);

/* A document is one visit's pages, or one letter's, under a running
 * header of its own (the service, the visit's kind and date). Pages are
 * numbered "Page N of M" through the whole report, as a printer counts
 * them: M is every page laid out, or _wr_report_pages_set_total()'s
 * count when pages are drawn and dropped as they go.
 */
void           _wr_report_pages_begin_document (WrReportPages       *self,
                                                const char          *service,
                                                const char          *kind,
                                                const char          *date);
void           _wr_report_pages_add_text       (WrReportPages       *self,
                                                WrReportTextStyle    style,
                                                const char          *text);
void           _wr_report_pages_add_row        (WrReportPages       *self,
                                                const char * const  *cells,
                                                const double        *widths,
                                                guint                n_cells,
                                                gboolean             header);
void           _wr_report_pages_end_table      (WrReportPages       *self);
void           _wr_report_pages_add_photo      (WrReportPages       *self,
                                                const WrReportPhoto *photo);
void           _wr_report_pages_add_space      (WrReportPages       *self,
                                                double               points);
void           _wr_report_pages_end_document   (WrReportPages       *self);

void           _wr_report_pages_add_visit      (WrReportPages       *self,
                                                const WrReportVisit *visit);

/* Draws @page on @pdf's current page, as wr_report_pages_draw_page(). */
void           _wr_report_pages_write_page     (WrReportPages       *self,
                                                WrPdfWriter         *pdf,
                                                guint                page);

void           _wr_report_pages_set_late_numbers (WrReportPages     *self,
                                                  gboolean           late);
void           _wr_report_pages_write_number   (WrReportPages       *self,
                                                WrPdfWriter         *pdf,
                                                guint                number,
                                                guint                total);

/* The title of @page's document, for the PDF's outline. */
const char    *_wr_report_pages_get_title      (WrReportPages       *self,
                                                guint                page);
gboolean       _wr_report_pages_starts_document (WrReportPages      *self,
                                                 guint               page);
/* Forgets every page, once drawn, so that a long report streams; the
 * pages after them go on being numbered from there.
 */
void           _wr_report_pages_drop           (WrReportPages       *self);
/* After a first pass that counted the pages (laid out and dropped), the
 * second, which draws them: numbering starts again from 1, out of
 * @n_pages, and the texts shaped in the first pass are shaped already.
 */
void           _wr_report_pages_set_total      (WrReportPages       *self,
                                                guint                n_pages);

G_END_DECLS
