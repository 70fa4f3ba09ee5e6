/* wr-cli-settings.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-cli-settings"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "wr-cli-private.h"
#include "wr-store.h"

/* walkround settings [--organisation NAME] [--marking TEXT]: what every
 * report made from this data folder shows in its header and footer, set
 * once, as Preferences sets it in the window. With no option it prints
 * them, one "key: value" a line, for a script or a person.
 */
int
_wr_cli_settings (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = NULL;
  g_autofree char *organisation = NULL;
  g_autofree char *marking = NULL;
  g_autofree char *saved_organisation = NULL;
  g_autofree char *saved_marking = NULL;
  GOptionEntry entries[] = {
    { "organisation", 0, 0, G_OPTION_ARG_STRING, &organisation, N_("The organisation’s name, at the top of every report; \"\" to clear it"), N_("NAME") },
    { "marking", 0, 0, G_OPTION_ARG_STRING, &marking, N_("The protective marking at the top and bottom of every page, such as OFFICIAL-SENSITIVE; \"\" to clear it"), N_("TEXT") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Shows or sets the organisation’s name and the protective marking "
                                           "that every report made from this data folder carries (HTML and "
                                           "PDF, from the window or the command line). They are kept in the "
                                           "database, so they are set once per data folder. With no option, "
                                           "prints them."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_USAGE;
    }
  if (argc > 1)
    {
      _wr_cli_printerr (_("settings takes only options, not “%s”; see “walkround settings --help”"), argv[1]);
      return WR_CLI_EXIT_USAGE;
    }

  if (!(store = wr_store_open_default (&error)))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }

  if ((organisation != NULL || marking != NULL) &&
      !wr_store_set_report_settings (store, organisation, marking, &error))
    {
      _wr_cli_printerr ("%s", error->message);
      return g_error_matches (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID) ? WR_CLI_EXIT_USAGE : WR_CLI_EXIT_FAIL;
    }

  if (!wr_store_get_report_settings (store, &saved_organisation, &saved_marking, &error))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }

  /* The keys are the options' names, never translated, for scripts. */
  printf ("organisation: %s\n", saved_organisation);
  printf ("marking: %s\n", saved_marking);

  return WR_CLI_EXIT_OK;
}
