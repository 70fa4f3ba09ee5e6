/* wr-cli-demo.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-cli-demo"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "wr-cli-private.h"
#include "wr-demo.h"
#include "wr-paths.h"

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  /* Translators: progress of "walkround demo", such as "400 of 10000 visits" */
  fprintf (stderr, _("%u of %u visits\n"), done, total);
}

int
_wr_cli_demo (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = NULL;
  g_autoptr(WrFormLibrary) library = NULL;
  g_autofree char *today = NULL;
  gint64 started = g_get_monotonic_time ();
  int visits = 200;
  int seed = 1;
  WrDemoCounts counts;
  WrDemoOptions options;
  GOptionEntry entries[] = {
    { "visits", 0, 0, G_OPTION_ARG_INT, &visits, N_("How many visits to add (200)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, N_("Another seed gives other visits (1)"), N_("S") },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today, N_("Spread the visits over the three financial years up to this day"), N_("YYYY-MM-DD") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Adds fictional services and visits, with teams, answers, observations "
                                           "and actions, to the data folder: for trying Walkround, screenshots and "
                                           "benchmarks. The same seed and day give the same visits."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, TRUE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_USAGE;
    }
  if (argc > 1 || visits < 0 || visits > 1000000)
    {
      _wr_cli_printerr (_("demo takes --visits (0 to 1 000 000), --seed and --today; see “walkround demo --help”"));
      return WR_CLI_EXIT_USAGE;
    }

  library = wr_form_library_new_default (NULL);
  if (!(store = wr_store_open_default (&error)))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }
  wr_store_set_user (store, "walkround demo");

  options = (WrDemoOptions) { (guint) visits, (guint32) seed, today };
  if (!wr_demo_fill (store, library, &options, progress_cb, NULL, NULL, &counts, &error))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }

  printf (_("Added %u services and %u visits (%u answers, %u observations, %u actions, %u photos) to %s in %.1f s\n"),
          counts.n_services, counts.n_visits, counts.n_answers, counts.n_observations, counts.n_actions, counts.n_photos,
          wr_store_get_path (store), (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);

  return WR_CLI_EXIT_OK;
}
