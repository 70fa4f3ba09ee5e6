/* main.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "walkround"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <locale.h>
#include <string.h>

#include "wr-application.h"
#include "wr-cli.h"
#include "wr-paths.h"
#include "wr-platform.h"

/* Takes the global options out of argv, leaving the subcommand (if any) and
 * its arguments. Options after the subcommand belong to the subcommand.
 * Returns -1 to go on, or an exit status.
 */
static int
take_global_options (int    *argc,
                     char  **argv)
{
  int out = 1;
  int i;

  for (i = 1; i < *argc; i++)
    {
      const char *arg = argv[i];

      if (arg[0] != '-')
        break;

      if (g_str_equal (arg, "--"))
        {
          i++;
          break;
        }
      else if (g_str_equal (arg, "--version") || g_str_equal (arg, "-V"))
        return wr_cli_print_version ();
      else if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        return wr_cli_print_help (NULL);
      else if (g_str_equal (arg, "--data-dir"))
        {
          if (i + 1 >= *argc || argv[i + 1][0] == '\0')
            {
              g_printerr (_("walkround: --data-dir needs a folder\n"));
              return WR_CLI_EXIT_USAGE;
            }
          wr_paths_set_data_dir (argv[++i]);
        }
      else if (g_str_has_prefix (arg, "--data-dir="))
        {
          if (arg[strlen ("--data-dir=")] == '\0')
            {
              g_printerr (_("walkround: --data-dir needs a folder\n"));
              return WR_CLI_EXIT_USAGE;
            }
          wr_paths_set_data_dir (arg + strlen ("--data-dir="));
        }
      else
        argv[out++] = argv[i];  /* left for GApplication, e.g. --gapplication-service */
    }

  for (; i < *argc; i++)
    argv[out++] = argv[i];

  argv[out] = NULL;
  *argc = out;

  return -1;
}

static int
first_word (int    argc,
            char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (argv[i][0] != '-')
        return i;
    }

  return -1;
}

int
main (int    argc,
      char **argv_in)
{
  g_autoptr(WrApplication) app = NULL;
  g_autofree char *localedir = wr_platform_get_localedir ();
  /* take_global_options() moves the pointers about: free the original list. */
  g_auto(GStrv) arguments = wr_platform_get_arguments (argv_in);
  g_autofree char **argv = g_memdup2 (arguments, (g_strv_length (arguments) + 1) * sizeof (char *));
  const WrCliCommand *command;
  int status;
  int word;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Once, before any thread can start parsing. */
  xmlInitParser ();

  argc = (int) g_strv_length (argv);
  if ((status = take_global_options (&argc, argv)) >= 0)
    return status;

  if ((word = first_word (argc, argv)) > 0)
    {
      if (!(command = wr_cli_lookup (argv[word])))
        {
          g_printerr (_("walkround: unknown command “%s”; run “walkround help” for the list\n"),
                      argv[word]);
          return WR_CLI_EXIT_USAGE;
        }

      return command->run (argc - word, argv + word);
    }

  wr_platform_close_own_console ();
  app = wr_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
