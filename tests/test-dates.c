/* test-dates.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Date arithmetic for filters: NHS financial years turn over between
 * 31 March and 1 April, and February has 29 days in a leap year.
 */

#include "config.h"

#include <string.h>

#include "wr-dates.h"

static void
test_financial_year (void)
{
  static const struct { const char *date; guint year; } cases[] = {
    { "2026-03-31", 2025 },
    { "2026-04-01", 2026 },
    { "2026-01-01", 2025 },
    { "2025-12-31", 2025 },
    { "2024-02-29", 2023 },
    { "2000-03-31", 1999 },
    { "2000-04-01", 2000 },
    { "2099-04-30", 2099 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpuint (wr_date_financial_year (cases[i].date), ==, cases[i].year);

  /* Not dates: no year, rather than a guess. */
  g_assert_cmpuint (wr_date_financial_year (NULL), ==, 0);
  g_assert_cmpuint (wr_date_financial_year (""), ==, 0);
  g_assert_cmpuint (wr_date_financial_year ("2026-4-1"), ==, 0);
  g_assert_cmpuint (wr_date_financial_year ("2026-04-31"), ==, 0);
  g_assert_cmpuint (wr_date_financial_year ("2025-02-29"), ==, 0);
  g_assert_cmpuint (wr_date_financial_year ("2026/04/01"), ==, 0);
  g_assert_cmpuint (wr_date_financial_year ("2026-04-01T10:00"), ==, 0);
  g_assert_cmpuint (wr_date_financial_year ("+026-04-01"), ==, 0);
}

static void
test_financial_year_bounds (void)
{
  /* Including years with a 29 February in them, such as 2023–24. */
  for (guint year = 1999; year <= 2031; year++)
    {
      g_autofree char *start = wr_date_financial_year_start (year);
      g_autofree char *end = wr_date_financial_year_end (year);
      g_autofree char *before = wr_date_add_days (start, -1);
      g_autofree char *after = wr_date_add_days (end, 1);
      g_autofree char *next_start = wr_date_financial_year_start (year + 1);

      /* The first and last days are in the year, the days around them are not. */
      g_assert_cmpuint (wr_date_financial_year (start), ==, year);
      g_assert_cmpuint (wr_date_financial_year (end), ==, year);
      g_assert_cmpuint (wr_date_financial_year (before), ==, year - 1);
      g_assert_cmpuint (wr_date_financial_year (after), ==, year + 1);
      g_assert_cmpstr (after, ==, next_start);
    }

  {
    g_autofree char *start = wr_date_financial_year_start (2025);
    g_autofree char *end = wr_date_financial_year_end (2025);
    g_autofree char *label = wr_date_financial_year_label (2025);
    g_autofree char *label_1999 = wr_date_financial_year_label (1999);

    g_assert_cmpstr (start, ==, "2025-04-01");
    g_assert_cmpstr (end, ==, "2026-03-31");
    g_assert_cmpstr (label, ==, "2025–26");
    g_assert_cmpstr (label_1999, ==, "1999–00");
  }
}

static void
test_add_days (void)
{
  static const struct { const char *date; int days; const char *expected; } cases[] = {
    { "2026-03-31", 1, "2026-04-01" },
    { "2026-04-01", -1, "2026-03-31" },
    { "2024-02-28", 1, "2024-02-29" },  /* a leap year */
    { "2024-02-29", 1, "2024-03-01" },
    { "2025-02-28", 1, "2025-03-01" },  /* not one */
    { "2100-02-28", 1, "2100-03-01" },  /* a century is not, */
    { "2000-02-28", 1, "2000-02-29" },  /* unless it divides by 400 */
    { "2024-03-01", -1, "2024-02-29" },
    { "2026-11-20", -29, "2026-10-22" },
    { "2026-11-20", -399, "2025-10-17" },
    { "2026-12-31", 1, "2027-01-01" },
    { "2026-06-15", 0, "2026-06-15" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *result = wr_date_add_days (cases[i].date, cases[i].days);

      g_assert_cmpstr (result, ==, cases[i].expected);
    }

  g_assert_null (wr_date_add_days ("2026-02-30", 1));
  g_assert_null (wr_date_add_days (NULL, 1));
}

static void
test_add_months (void)
{
  static const struct { const char *date; int months; const char *expected; } cases[] = {
    { "2026-11-20", -12, "2025-11-20" },
    { "2028-02-29", -12, "2027-02-28" },  /* no 29th: the last day */
    { "2024-02-29", 12, "2025-02-28" },
    { "2024-02-29", 48, "2028-02-29" },
    { "2026-03-31", -1, "2026-02-28" },
    { "2024-03-31", -1, "2024-02-29" },
    { "2026-01-15", -1, "2025-12-15" },
    { "2026-04-01", 0, "2026-04-01" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *result = wr_date_add_months (cases[i].date, cases[i].months);

      g_assert_cmpstr (result, ==, cases[i].expected);
    }

  g_assert_null (wr_date_add_months ("not a date", 1));
}

/* Each period the Visits page and exports offer, both days included. */
static void
test_periods (void)
{
  static const struct { guint period; const char *from; const char *to; } cases[] = {
    { WR_PERIOD_ANY, NULL, NULL },
    { WR_PERIOD_THIS_YEAR, "2026-04-01", "2027-03-31" },
    { WR_PERIOD_LAST_YEAR, "2025-04-01", "2026-03-31" },
    { WR_PERIOD_LAST_30_DAYS, "2026-10-29", "2026-11-27" },
    { WR_PERIOD_LAST_12_MONTHS, "2025-11-28", "2026-11-27" },
    { WR_PERIOD_EARLIER_YEAR, "2024-04-01", "2025-03-31" },
    { WR_PERIOD_EARLIER_YEAR + 2, "2022-04-01", "2023-03-31" },
    { WR_PERIOD_N_PERIODS, NULL, NULL },
  };
  g_auto(GStrv) labels = wr_period_list_labels ("2026-11-27");
  g_auto(GStrv) april = wr_period_list_labels ("2027-04-01");

  g_assert_cmpuint (g_strv_length (labels), ==, WR_PERIOD_N_PERIODS);
  g_assert_cmpstr (labels[WR_PERIOD_EARLIER_YEAR], ==, "2024–25");
  g_assert_cmpstr (april[WR_PERIOD_EARLIER_YEAR], ==, "2025–26");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;

      wr_period_get_range (cases[i].period, "2026-11-27", &from, &to);
      g_assert_cmpstr (from, ==, cases[i].from);
      g_assert_cmpstr (to, ==, cases[i].to);
    }
}

/* Dates as people type them: day first whatever the language, or ISO. */
static void
test_read (void)
{
  static const struct { const char *text; const char *date; } good[] = {
    { "31/12/2026", "2026-12-31" },
    { " 31/12/2026 ", "2026-12-31" },
    { "1/4/2026", "2026-04-01" },
    { "01-04-2026", "2026-04-01" },
    { "31.03.2027", "2027-03-31" },
    { "31/12/26", "2026-12-31" },
    { "31 Dec 2026", "2026-12-31" },
    { "31 december 2026", "2026-12-31" },
    { "31 December, 2026", "2026-12-31" },
    { "Thursday 31 December 2026", "2026-12-31" },
    { "2026-12-31", "2026-12-31" },
    { "29/02/2028", "2028-02-29" },
    { "3 Sept 2026", "2026-09-03" },
  };
  static const struct { const char *text; const char *problem; } bad[] = {
    { "", "Write a date" },
    { "   ", "Write a date" },
    { "tomorrow", "“tomorrow” is not a date" },
    { "12/31/2026", "“12/31/2026” is not a date" },
    { "31/12", "“31/12” is not a date" },
    { "31/12/2026/1", "is not a date" },
    { "30/02/2026", "February 2026 has no day 30" },
    { "29/02/2027", "February 2027 has no day 29" },
    { "31/04/2026", "April 2026 has no day 31" },
    { "0/1/2026", "is not a date" },
    { "1/13/2026", "is not a date" },
    { "1 Decimal 2026", "is not a date" },
    { "1 De 2026", "is not a date" },
    { "1/1/0026", "is not a date" },
    { "-1/1/2026", "is not a date" },
    { "1/1/2026x", "is not a date" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *date = wr_date_read (good[i].text, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (date, ==, good[i].date);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *date = wr_date_read (bad[i].text, &error);

      if (date != NULL)
        g_error ("“%s” was read as %s", bad[i].text, date);
      g_assert_error (error, WR_DATE_ERROR, WR_DATE_ERROR_INVALID);
      if (strstr (error->message, bad[i].problem) == NULL)
        g_error ("%s: %s", bad[i].text, error->message);
    }

  g_assert_null (wr_date_read (NULL, NULL));
}

/* What a date row shows and gives back to the field: in full, and as typed. */
static void
test_format (void)
{
  g_autofree char *long_form = wr_date_format_long ("2026-12-31");
  g_autofree char *numeric = wr_date_format_numeric ("2026-04-01");
  g_autofree char *not_a_date = wr_date_format_long ("soon");
  g_autofree char *again = NULL;

  g_assert_cmpstr (long_form, ==, "Thursday 31 December 2026");
  g_assert_cmpstr (numeric, ==, "01/04/2026");
  g_assert_cmpstr (not_a_date, ==, "soon");
  again = wr_date_read (long_form, NULL);
  g_assert_cmpstr (again, ==, "2026-12-31");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/walkround/dates/financial-year", test_financial_year);
  g_test_add_func ("/walkround/dates/financial-year-bounds", test_financial_year_bounds);
  g_test_add_func ("/walkround/dates/add-days", test_add_days);
  g_test_add_func ("/walkround/dates/add-months", test_add_months);
  g_test_add_func ("/walkround/dates/periods", test_periods);
  g_test_add_func ("/walkround/dates/read", test_read);
  g_test_add_func ("/walkround/dates/format", test_format);

  return g_test_run ();
}
