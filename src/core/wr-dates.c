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
