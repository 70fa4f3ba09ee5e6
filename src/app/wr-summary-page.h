/* wr-summary-page.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wr-store.h"
#include "wr-summary.h"

G_BEGIN_DECLS

#define WR_TYPE_SUMMARY_PAGE (wr_summary_page_get_type ())

G_DECLARE_FINAL_TYPE (WrSummaryPage, wr_summary_page, WR, SUMMARY_PAGE, AdwBin)

void             wr_summary_page_set_store   (WrSummaryPage *self,
                                              WrStore       *store);
void             wr_summary_page_set_today   (WrSummaryPage *self,
                                              const char    *today);
void             wr_summary_page_set_period  (WrSummaryPage *self,
                                              const char    *from,
                                              const char    *to);
gboolean         wr_summary_page_get_busy    (WrSummaryPage *self);
const WrSummary *wr_summary_page_get_summary (WrSummaryPage *self);

G_END_DECLS
