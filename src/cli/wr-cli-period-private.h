/* wr-cli-period-private.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A period given as --year YYYY (a financial year) or --from and --to,
 * checked; by default the current financial year.
 */
typedef struct
{
  char *from;   /* YYYY-MM-DD */
  char *to;     /* YYYY-MM-DD */
  char *title;  /* "financial year 2026–27", or "the period" */
} WrCliPeriod;

void     _wr_cli_period_clear (WrCliPeriod *period);
gboolean _wr_cli_period_parse (const char  *year,
                               const char  *from,
                               const char  *to,
                               WrCliPeriod *period);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (WrCliPeriod, _wr_cli_period_clear)

G_END_DECLS
