/* wr-cli-period.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-cli-period"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wr-cli-period-private.h"
#include "wr-cli-private.h"
#include "wr-dates.h"
#include "wr-scope.h"

void
_wr_cli_period_clear (WrCliPeriod *period)
{
  g_clear_pointer (&period->from, g_free);
  g_clear_pointer (&period->to, g_free);
  g_clear_pointer (&period->title, g_free);
}

static void
set_financial_year (WrCliPeriod *period,
                    guint        year)
{
  g_autofree char *label = wr_date_financial_year_label (year);

  period->from = wr_date_financial_year_start (year);
  period->to = wr_date_financial_year_end (year);
  /* Translators: the period a summary covers, such as "financial year 2026–27" */
  period->title = g_strdup_printf (_("financial year %s"), label);
}

/**
 * _wr_cli_period_parse:
 * @year: (nullable): --year, a financial year by the year it starts in
 * @from: (nullable): --from
 * @to: (nullable): --to
 * @period: (out caller-allocates): the period
 *
 * Says what is wrong on standard error, as a usage error.
 *
 * Returns: %FALSE if the options do not give a period
 */
gboolean
_wr_cli_period_parse (const char  *year,
                      const char  *from,
                      const char  *to,
                      WrCliPeriod *period)
{
  memset (period, 0, sizeof *period);

  if (year != NULL && (from != NULL || to != NULL))
    {
      _wr_cli_printerr (_("give either --year or --from and --to, not both"));
      return FALSE;
    }

  if (year != NULL)
    {
      guint64 number = 0;

      if (strlen (year) != 4 || !g_ascii_string_to_unsigned (year, 10, 1000, 9998, &number, NULL))
        {
          _wr_cli_printerr (_("--year: “%s” is not a year; write the year the financial year starts in, "
                              "such as --year 2026 for 1 April 2026 to 31 March 2027"),
                            year);
          return FALSE;
        }
      set_financial_year (period, (guint) number);
      return TRUE;
    }

  if (from == NULL && to == NULL)
    {
      g_autofree char *today = wr_date_today ();

      set_financial_year (period, wr_date_financial_year (today));
      return TRUE;
    }

  if (from == NULL || to == NULL)
    {
      _wr_cli_printerr (from == NULL ? _("--to needs --from too: give the first and the last day of the period")
                                     : _("--from needs --to too: give the first and the last day of the period"));
      return FALSE;
    }
  if (!wr_scope_is_date (from))
    {
      _wr_cli_printerr (_("--from: “%s” is not a date; write it as YYYY-MM-DD, such as 2026-04-01"), from);
      return FALSE;
    }
  if (!wr_scope_is_date (to))
    {
      _wr_cli_printerr (_("--to: “%s” is not a date; write it as YYYY-MM-DD, such as 2027-03-31"), to);
      return FALSE;
    }
  if (strcmp (from, to) > 0)
    {
      _wr_cli_printerr (_("--from %s is after --to %s; the period would hold no day"), from, to);
      return FALSE;
    }

  period->from = g_strdup (from);
  period->to = g_strdup (to);
  period->title = g_strdup (_("the period"));
  return TRUE;
}
