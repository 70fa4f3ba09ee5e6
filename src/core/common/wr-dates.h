/* wr-dates.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WR_DATE_ERROR (wr_date_error_quark ())

typedef enum
{
  WR_DATE_ERROR_INVALID,
} WrDateError;

GQuark     wr_date_error_quark          (void);

char      *wr_date_today                (void) G_GNUC_WARN_UNUSED_RESULT;
char      *wr_date_read                 (const char  *text,
                                         GError     **error) G_GNUC_WARN_UNUSED_RESULT;
char      *wr_date_format_long          (const char  *date) G_GNUC_WARN_UNUSED_RESULT;
char      *wr_date_format_numeric       (const char  *date) G_GNUC_WARN_UNUSED_RESULT;
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

/* The periods visits are filtered by (the Visits page, exports), in the
 * order they are offered; the last few name earlier financial years.
 */
typedef enum
{
  WR_PERIOD_ANY,
  WR_PERIOD_THIS_YEAR,
  WR_PERIOD_LAST_YEAR,
  WR_PERIOD_LAST_30_DAYS,
  WR_PERIOD_LAST_12_MONTHS,
  WR_PERIOD_EARLIER_YEAR,  /* the year before last, then the ones before it */
} WrPeriod;

#define WR_PERIOD_N_EARLIER_YEARS 3
#define WR_PERIOD_N_PERIODS       (WR_PERIOD_EARLIER_YEAR + WR_PERIOD_N_EARLIER_YEARS)

GStrv      wr_period_list_labels        (const char *today) G_GNUC_WARN_UNUSED_RESULT;
void       wr_period_get_range          (guint       period,
                                         const char *today,
                                         char      **from_date,
                                         char      **to_date);

G_END_DECLS
