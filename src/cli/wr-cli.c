/* wr-cli.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "wr-cli-private.h"

/* Adding a subcommand is one line here and a function in wr-cli-NAME.c. */
static const WrCliCommand commands[] = {
  { "help",          N_("[COMMAND]"), N_("Show help for Walkround or for one command"),      _wr_cli_help },
  { "version",       "",              N_("Show the version"),                                _wr_cli_version },
  { "forms",         N_("[--all] | use ID VERSION"), N_("List every installed form version, or choose the one new visits use"), _wr_cli_forms },
  { "validate-form", N_("FILE…"),     N_("Check form files and say what to change in them"), _wr_cli_validate_form },
  { "demo",          N_("[--visits N] [--seed S]"), N_("Add fictional visits to try Walkround with"), _wr_cli_demo },
  { "export",        N_("--output FILE|- [--seal-for KEYFILE]… [--from DATE] [--to DATE] [--service ID]… [--kind KIND]… [--regulation N]… [--status draft|completed|all] [--changed-since DATETIME]"), N_("Write visits to an evidence pack"), _wr_cli_export },
  { "import",        N_("FILE... [--dry-run] [--trust-new-device] [--allow-unsigned]"), N_("Merge the visits of evidence packs into this database, one after another"), _wr_cli_import },
  { "devices",       N_("[list | trust KEYFILE | trust --fingerprint FINGERPRINT | revoke ID | export-key FILE]"), N_("List, trust and revoke the devices whose signed packs this database imports"), _wr_cli_devices },
  { "team-key",      N_("[list | create FILE | export-public FILE OUTPUT | install FILE] [--passphrase-file FILE]"), N_("Make, share and install a team key that opens packs sealed for the team"), _wr_cli_team_key },
  { "import-services", N_("FILE.csv [--dry-run]"), N_("Add the services of a CSV file (UTF-8 or Excel’s Windows-1252)"), _wr_cli_import_services },
  { "answer",        N_("VISIT-UUID QUESTION-ID [VALUE] [--member NAME|UUID] [--repeat N] [--comment TEXT] [--clear]"), N_("Save one answer to a draft visit, as the visit page would"), _wr_cli_answer },
  { "conflicts",     N_("[list [--visit UUID] | keep-ours ID | use-theirs ID [--version N]]"), N_("List and resolve what two devices changed apart"), _wr_cli_conflicts },
  { "check",         "",              N_("Check every page of the database for damage"),     _wr_cli_check },
  { "report",        N_("--format html|pdf|csv|xlsx --output FILE [--pack PACK.xml | the export filters | --visit UUID] [--letter]"), N_("Make an HTML, PDF, CSV or Excel report of visits or of an evidence pack"), _wr_cli_report },
  { "settings",      N_("[--organisation NAME] [--marking TEXT]"), N_("Show or set the organisation and protective marking every report carries"), _wr_cli_settings },
  { "summary",       N_("[--year YYYY | --from DATE --to DATE] [--format text|csv|xml]"), N_("Print the figures of a financial year or a period"), _wr_cli_summary },
  { "evidence",      N_("[the export filters] [--format text|csv|xml]"), N_("Print the evidence by CQC key question, quality statement and regulation"), _wr_cli_evidence },
  { "server",        N_("init URI | add-user URI NAME --role visitor|quality-team [--password-file FILE] | trust-device URI DEVICE | revoke-device URI DEVICE"), N_("Make or update the organisation store’s schema on PostgreSQL, add a user to it, trust or revoke a device"), _wr_cli_server },
  { "sync",          N_("[--server URI [--save]]"), N_("Send this database’s visits to the organisation store and receive the others’"), _wr_cli_sync },
};

const WrCliCommand *
wr_cli_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (commands[i].name, name))
        return &commands[i];
    }

  return NULL;
}

/* Appends @format to @out with each argument escaped for XML text and
 * attributes (g_markup_printf_escaped()): the XML of summary and evidence.
 */
void
_wr_cli_append_escaped (GString    *out,
                        const char *format,
                        ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_markup_vprintf_escaped (format, args);
  va_end (args);
  g_string_append (out, text);
}

void
_wr_cli_printerr (const char *format,
                  ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "walkround: %s\n", message);
}

int
wr_cli_print_version (void)
{
  printf ("walkround %s\n", PACKAGE_VERSION);
  return WR_CLI_EXIT_OK;
}

int
wr_cli_print_help (const char *command_name)
{
  const WrCliCommand *command;
  int width = 0;

  if (command_name != NULL)
    {
      if (!(command = wr_cli_lookup (command_name)))
        {
          _wr_cli_printerr (_("unknown command “%s”; run “walkround help” for the list"),
                            command_name);
          return WR_CLI_EXIT_USAGE;
        }

      printf (_("Usage: walkround [--data-dir DIR] %s %s\n"), command->name, command->synopsis);
      printf ("\n%s\n", _(command->summary));
      printf (_("\nRun “walkround %s --help” for its options.\n"), command->name);
      return WR_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    width = MAX (width, (int) strlen (commands[i].name));

  printf ("%s", _("Usage: walkround [--data-dir DIR] [COMMAND [ARGUMENTS…]]\n"
                  "\n"
                  "Walkround records quality visits, non-executive director visits,\n"
                  "15 Steps walks and practice self-assessments, and keeps them safe\n"
                  "on this computer. With no command it opens the window.\n"
                  "\n"
                  "Commands:\n"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    printf ("  %-*s  %s\n", width, commands[i].name, _(commands[i].summary));

  printf ("%s", _("\n"
                  "Options:\n"
                  "  --data-dir DIR  Keep data in DIR instead of the default folder\n"
                  "  --version       Show the version\n"
                  "  --help          Show this help\n"
                  "\n"
                  "The data folder is also chosen by the WALKROUND_DATA_DIR variable;\n"
                  "by default it is $XDG_DATA_HOME/walkround.\n"));

  return WR_CLI_EXIT_OK;
}

int
_wr_cli_help (int    argc,
              char **argv)
{
  if (argc > 2)
    {
      _wr_cli_printerr (_("help takes at most one command name"));
      return WR_CLI_EXIT_USAGE;
    }

  return wr_cli_print_help (argc == 2 ? argv[1] : NULL);
}

int
_wr_cli_version (int    argc,
                 char **argv)
{
  if (argc > 1)
    {
      _wr_cli_printerr (_("version takes no arguments"));
      return WR_CLI_EXIT_USAGE;
    }

  return wr_cli_print_version ();
}
