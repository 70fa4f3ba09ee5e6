/* wr-dates.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-dates"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wr-dates.h"

/**
 * wr_date_today:
 *
 * Returns: (transfer full): today's local date as YYYY-MM-DD
 */
char *
wr_date_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/**
 * wr_date_parse:
 * @date: a date as YYYY-MM-DD
 *
 * Returns: (transfer full) (nullable): midnight UTC of that day, or %NULL
 *   if @date is not a real date
 */
GDateTime *
wr_date_parse (const char *date)
{
  g_autofree char *iso = NULL;

  if (date == NULL || strlen (date) != 10)
    return NULL;

  iso = g_strconcat (date, "T00:00:00Z", NULL);
  return g_date_time_new_from_iso8601 (iso, NULL);
}

G_DEFINE_QUARK (wr-date-error-quark, wr_date_error)

/* The month @word names, 1 to 12, or 0: English names and their first
 * three letters, and the names the user's language gives them.
 */
static guint
month_from_name (const char *word)
{
  static const char * const english[] = {
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
  };
  g_autofree char *folded = g_utf8_casefold (word, -1);
  gsize len = strlen (folded);

  for (guint i = 0; i < G_N_ELEMENTS (english); i++)
    {
      g_autoptr(GDateTime) day = g_date_time_new_utc (2026, (int) i + 1, 1, 0, 0, 0);
      g_autofree char *full = g_date_time_format (day, "%B");
      g_autofree char *abbreviated = g_date_time_format (day, "%b");
      g_autofree char *full_folded = full ? g_utf8_casefold (full, -1) : NULL;
      g_autofree char *abbreviated_folded = abbreviated ? g_utf8_casefold (abbreviated, -1) : NULL;

      if ((len >= 3 && g_str_has_prefix (english[i], folded)) ||
          g_strcmp0 (folded, full_folded) == 0 ||
          g_strcmp0 (folded, abbreviated_folded) == 0)
        return i + 1;
    }

  return 0;
}

/* Whether @text is all ASCII digits, and then its value. */
static gboolean
read_number (const char *text,
             guint      *value)
{
  guint64 number;

  if (text[0] == '\0' || strlen (text) > 4 || !g_ascii_string_to_unsigned (text, 10, 0, 9999, &number, NULL))
    return FALSE;
  *value = (guint) number;
  return TRUE;
}

/**
 * wr_date_read:
 * @text: a date as a person types it
 * @error: return location for a #GError
 *
 * Reads a date written day first, as people in the UK write it whatever
 * their computer's language: "31/12/2026", "31-12-26", "31.12.2026",
 * "31 Dec 2026", "Thursday 31 December 2026"; or as YYYY-MM-DD
 * ("2026-12-31").
 * A two-digit year is in this century.
 *
 * Returns: (transfer full) (nullable): the date as YYYY-MM-DD, or %NULL
 *   with @error set to %WR_DATE_ERROR_INVALID and a message a person can
 *   act on
 */
char *
wr_date_read (const char  *text,
              GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));
  g_auto(GStrv) parts = NULL;
  guint day = 0, month = 0, year = 0;
  gboolean read = FALSE;

  /* A separator first or last ("-1/1/2026") makes it something else. */
  if (trimmed[0] != '\0' && (strchr ("/-.,", trimmed[0]) || strchr ("/-.,", trimmed[strlen (trimmed) - 1])))
    goto not_a_date;

  parts = g_strsplit_set (trimmed, "/-. ,", -1);
  /* Runs of separators ("31 / 12 / 2026") leave empty parts. */
  {
    guint n = 0;

    for (guint i = 0; parts[i] != NULL; i++)
      {
        if (parts[i][0] != '\0')
          parts[n++] = parts[i];
        else
          g_free (parts[i]);
      }
    parts[n] = NULL;

    /* A date as wr_date_format_long() writes it: the weekday goes. */
    if (n == 4 && !g_ascii_isdigit (parts[0][0]))
      {
        g_free (parts[0]);
        memmove (parts, parts + 1, n * sizeof (char *));
      }
  }

  if (g_strv_length (parts) == 3)
    {
      guint first, last;

      if (strlen (parts[0]) == 4 && read_number (parts[0], &year) &&
          read_number (parts[1], &month) && read_number (parts[2], &day))
        read = TRUE;  /* YYYY-MM-DD */
      else if (read_number (parts[0], &first) && read_number (parts[2], &last) &&
               (strlen (parts[2]) == 4 || strlen (parts[2]) == 2))
        {
          day = first;
          year = strlen (parts[2]) == 2 ? 2000 + last : last;
          read = read_number (parts[1], &month) || (month = month_from_name (parts[1])) != 0;
        }
    }

  if (read && year >= 1900 && month >= 1 && month <= 12 && day >= 1 &&
      day <= g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year))
    return g_strdup_printf ("%04u-%02u-%02u", year, month, day);

  if (read && year >= 1900 && month >= 1 && month <= 12 && day >= 1 && day <= 31)
    {
      g_autoptr(GDateTime) first_day = g_date_time_new_utc ((int) year, (int) month, 1, 0, 0, 0);
      /* Translators: a month and year, see the strftime manual; "February 2027" */
      g_autofree char *month_name = g_date_time_format (first_day, _("%B %Y"));

      g_set_error (error, WR_DATE_ERROR, WR_DATE_ERROR_INVALID,
                   _("%s has no day %u"), month_name, day);
      return NULL;
    }

not_a_date:
  if (trimmed[0] == '\0')
    g_set_error_literal (error, WR_DATE_ERROR, WR_DATE_ERROR_INVALID,
                         _("Write a date: the day, month and year, such as 31/12/2026"));
  else
    g_set_error (error, WR_DATE_ERROR, WR_DATE_ERROR_INVALID,
                 _("“%s” is not a date: write the day, month and year, such as 31/12/2026"), trimmed);
  return NULL;
}

/**
 * wr_date_format_long:
 * @date: a date as YYYY-MM-DD
 *
 * Returns: (transfer full): the date in full, such as "Thursday 31
 *   December 2026", or @date itself if it is not a date
 */
char *
wr_date_format_long (const char *date)
{
  g_autoptr(GDateTime) parsed = wr_date_parse (date);

  if (parsed == NULL)
    return g_strdup (date ? date : "");

  /* Translators: a date in full, see the strftime manual; "Thursday 31 December 2026" */
  return g_date_time_format (parsed, _("%A %-d %B %Y"));
}

/**
 * wr_date_format_numeric:
 * @date: a date as YYYY-MM-DD
 *
 * Returns: (transfer full): the date as it is typed, day first, such as
 *   "31/12/2026", which wr_date_read() reads back; or @date itself if it is
 *   not a date
 */
char *
wr_date_format_numeric (const char *date)
{
  g_autoptr(GDateTime) parsed = wr_date_parse (date);

  if (parsed == NULL)
    return g_strdup (date ? date : "");

  return g_date_time_format (parsed, "%d/%m/%Y");
}

/**
 * wr_date_format:
 * @date: a date as YYYY-MM-DD
 *
 * Returns: (transfer full): the date as people write it, such as
 *   "1 Dec 2026", or @date itself if it is not a date
 */
char *
wr_date_format (const char *date)
{
  g_autoptr(GDateTime) parsed = wr_date_parse (date);

  if (parsed == NULL)
    return g_strdup (date ? date : "");

  /* Translators: a date, see the strftime manual; "1 Dec 2026" */
  return g_date_time_format (parsed, _("%-d %b %Y"));
}

/**
 * wr_date_time_format:
 * @iso8601: a time such as 2026-06-15T10:30:00+01:00
 *
 * Returns: (transfer full): the date and time where it was recorded, such
 *   as "15 Jun 2026, 10:30", or @iso8601 itself if it cannot be read
 */
char *
wr_date_time_format (const char *iso8601)
{
  g_autoptr(GDateTime) parsed = iso8601 ? g_date_time_new_from_iso8601 (iso8601, NULL) : NULL;

  if (parsed == NULL)
    return g_strdup (iso8601 ? iso8601 : "");

  /* Translators: a date and time, see the strftime manual; "15 Jun 2026, 10:30" */
  return g_date_time_format (parsed, _("%-d %b %Y, %H:%M"));
}

/* Reads YYYY-MM-DD strictly: GDate's own parser guesses from the locale. */
static gboolean
parse_day (const char *date,
           GDate      *day)
{
  guint year;
  guint month;
  guint mday;

  g_date_clear (day, 1);

  if (date == NULL || strlen (date) != 10 || date[4] != '-' || date[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (date[i]))
      return FALSE;

  year = g_ascii_strtoull (date, NULL, 10);
  month = g_ascii_strtoull (date + 5, NULL, 10);
  mday = g_ascii_strtoull (date + 8, NULL, 10);
  if (!g_date_valid_dmy (mday, month, year))
    return FALSE;

  g_date_set_dmy (day, mday, month, year);
  return TRUE;
}

static char *
format_day (const GDate *day)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (day), g_date_get_month (day), g_date_get_day (day));
}

/**
 * wr_date_add_days:
 * @date: a date as YYYY-MM-DD
 * @days: how many days later, or earlier if negative
 *
 * Returns: (transfer full) (nullable): the date @days after @date as
 *   YYYY-MM-DD, or %NULL if @date is not a date
 */
char *
wr_date_add_days (const char *date,
                  int         days)
{
  GDate day;

  if (!parse_day (date, &day))
    return NULL;

  if (days >= 0)
    g_date_add_days (&day, days);
  else
    g_date_subtract_days (&day, -days);

  return format_day (&day);
}

/**
 * wr_date_add_months:
 * @date: a date as YYYY-MM-DD
 * @months: how many months later, or earlier if negative
 *
 * A day that the new month lacks becomes its last day: a year before
 * 29 February 2028 is 28 February 2027.
 *
 * Returns: (transfer full) (nullable): the date as YYYY-MM-DD, or %NULL if
 *   @date is not a date
 */
char *
wr_date_add_months (const char *date,
                    int         months)
{
  GDate day;

  if (!parse_day (date, &day))
    return NULL;

  if (months >= 0)
    g_date_add_months (&day, months);
  else
    g_date_subtract_months (&day, -months);

  return format_day (&day);
}

/**
 * wr_date_financial_year:
 * @date: a date as YYYY-MM-DD
 *
 * NHS financial years run from 1 April to 31 March and are named by the
 * year they start in: 31 March 2026 is in 2025, 1 April 2026 in 2026.
 *
 * Returns: the year the financial year holding @date starts in, or 0 if
 *   @date is not a date
 */
guint
wr_date_financial_year (const char *date)
{
  GDate day;

  if (!parse_day (date, &day))
    return 0;

  return g_date_get_month (&day) >= G_DATE_APRIL ? g_date_get_year (&day) : g_date_get_year (&day) - 1;
}

/**
 * wr_date_financial_year_start:
 * @year: the year a financial year starts in
 *
 * Returns: (transfer full): its first day, 1 April of @year, as YYYY-MM-DD
 */
char *
wr_date_financial_year_start (guint year)
{
  g_return_val_if_fail (year > 0 && year < 9999, NULL);

  return g_strdup_printf ("%04u-04-01", year);
}

/**
 * wr_date_financial_year_end:
 * @year: the year a financial year starts in
 *
 * Returns: (transfer full): its last day, 31 March of the next year, as
 *   YYYY-MM-DD
 */
char *
wr_date_financial_year_end (guint year)
{
  g_return_val_if_fail (year > 0 && year < 9999, NULL);

  return g_strdup_printf ("%04u-03-31", year + 1);
}

/**
 * wr_date_financial_year_label:
 * @year: the year a financial year starts in
 *
 * Returns: (transfer full): the financial year as the NHS writes it, such
 *   as "2025–26"
 */
char *
wr_date_financial_year_label (guint year)
{
  g_return_val_if_fail (year > 0 && year < 9999, NULL);

  /* Translators: a financial year from 1 April to 31 March, such as
   * "2025–26": the year it starts in and the last two digits of the next */
  return g_strdup_printf (_("%u–%02u"), year, (year + 1) % 100);
}

/**
 * wr_period_list_labels:
 * @today: the date today, YYYY-MM-DD
 *
 * Returns: (transfer full): the name of each #WrPeriod, in order; the
 *   financial years are named, so the list moves on each 1 April
 */
GStrv
wr_period_list_labels (const char *today)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint year = wr_date_financial_year (today);

  g_return_val_if_fail (year > 0, NULL);

  g_strv_builder_add_many (builder, _("Any Time"), _("This Financial Year"), _("Last Financial Year"),
                           _("Last 30 Days"), _("Last 12 Months"), NULL);
  for (guint i = 0; i < WR_PERIOD_N_EARLIER_YEARS; i++)
    {
      g_autofree char *label = wr_date_financial_year_label (year - 2 - i);

      g_strv_builder_add (builder, label);
    }

  return g_strv_builder_end (builder);
}

/**
 * wr_period_get_range:
 * @period: a #WrPeriod, or an earlier year after %WR_PERIOD_EARLIER_YEAR
 * @today: the date today, YYYY-MM-DD
 * @from_date: (out) (transfer full) (nullable): the first day, or %NULL for
 *   any time
 * @to_date: (out) (transfer full) (nullable): the last day, or %NULL
 *
 * Both days are included, as in every filter: "Last 30 Days" is today and
 * the 29 days before it, "Last 12 Months" starts the day after the same
 * date a year ago.
 */
void
wr_period_get_range (guint        period,
                     const char  *today,
                     char       **from_date,
                     char       **to_date)
{
  guint year = wr_date_financial_year (today);

  *from_date = *to_date = NULL;

  switch (period)
    {
    case WR_PERIOD_ANY:
      return;

    case WR_PERIOD_LAST_30_DAYS:
      *from_date = wr_date_add_days (today, -29);
      *to_date = g_strdup (today);
      return;

    case WR_PERIOD_LAST_12_MONTHS:
      {
        g_autofree char *year_ago = wr_date_add_months (today, -12);

        *from_date = wr_date_add_days (year_ago, 1);
        *to_date = g_strdup (today);
      }
      return;

    case WR_PERIOD_LAST_YEAR:
      year -= 1;
      break;

    case WR_PERIOD_THIS_YEAR:
      break;

    default:
      if (period >= WR_PERIOD_N_PERIODS)
        return;
      year -= 2 + (period - WR_PERIOD_EARLIER_YEAR);
      break;
    }

  *from_date = wr_date_financial_year_start (year);
  *to_date = wr_date_financial_year_end (year);
}
