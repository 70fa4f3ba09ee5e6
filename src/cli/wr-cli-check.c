/* wr-cli-check.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-cli-check"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "wr-cli-private.h"
#include "wr-store.h"

/* Checks every page of the database on demand: an open checks only the
 * header and schema after a clean close, and the whole file after an
 * unclean one.
 */
int
_wr_cli_check (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = NULL;

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Checks every page of the database for damage, which "
                                           "takes a second or more for a large one. A damaged "
                                           "database is left as it is, and a copy of it is kept."));
  g_option_context_set_help_enabled (context, TRUE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_USAGE;
    }
  if (argc > 1)
    {
      _wr_cli_printerr (_("check takes no arguments; see “walkround check --help”"));
      return WR_CLI_EXIT_USAGE;
    }

  /* Deferred, so that the check below is the one that runs, once. */
  if (!(store = wr_store_open_default_with_flags (WR_STORE_OPEN_DEFER_CHECK, &error)) ||
      !wr_store_check (store, NULL, &error))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }

  printf (_("The database %s is sound\n"), wr_store_get_path (store));

  return WR_CLI_EXIT_OK;
}
