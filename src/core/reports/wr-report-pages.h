/* wr-report-pages.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* A4 in points, the size reports are laid out for. */
#define WR_REPORT_PAGE_WIDTH  595.2756
#define WR_REPORT_PAGE_HEIGHT 841.8898

/**
 * WrReportPages:
 *
 * Visits laid out on pages: the one layout of the PDF report and of
 * printing (wr_report_write() draws the pages on a PDF surface, the
 * window on the print context's cairo). Made in a worker thread, then
 * handed whole to the thread that draws; not safe to share between
 * threads at once.
 */
typedef struct _WrReportPages WrReportPages;

guint  wr_report_pages_get_n_pages (WrReportPages *self);
void   wr_report_pages_draw_page   (WrReportPages *self,
                                    cairo_t       *cr,
                                    guint          page);
void   wr_report_pages_free        (WrReportPages *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrReportPages, wr_report_pages_free)

G_END_DECLS
