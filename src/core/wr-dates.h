/* wr-dates.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char      *wr_date_today                (void) G_GNUC_WARN_UNUSED_RESULT;
GDateTime *wr_date_parse                (const char *date) G_GNUC_WARN_UNUSED_RESULT;
char      *wr_date_format               (const char *date) G_GNUC_WARN_UNUSED_RESULT;
char      *wr_date_time_format          (const char *iso8601) G_GNUC_WARN_UNUSED_RESULT;
char      *wr_date_add_days             (const char *date,
                                         int         days) G_GNUC_WARN_UNUSED_RESULT;
char      *wr_date_add_months           (const char *date,
                                         int         months) G_GNUC_WARN_UNUSED_RESULT;
guint      wr_date_financial_year       (const char *date);
char      *wr_date_financial_year_start (guint       year) G_GNUC_WARN_UNUSED_RESULT;
char      *wr_date_financial_year_end   (guint       year) G_GNUC_WARN_UNUSED_RESULT;
char      *wr_date_financial_year_label (guint       year) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
