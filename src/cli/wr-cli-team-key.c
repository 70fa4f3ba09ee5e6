/* wr-cli-team-key.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-cli-team-key"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#ifndef G_OS_WIN32
#include <termios.h>
#endif

#include "wr-cli-private.h"
#include "wr-team-key.h"

/* A passphrase file holds the passphrase on its first line. */
static char *
read_passphrase_file (const char  *path,
                      GError     **error)
{
  g_autofree char *contents = NULL;
  char *end;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  if ((end = strpbrk (contents, "\r\n")))
    *end = '\0';
  if (contents[0] == '\0')
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("%s: the first line, the passphrase, is empty"), path);
      return NULL;
    }
  return g_steal_pointer (&contents);
}

/* Asks on the terminal, without echoing what is typed. */
static char *
ask_passphrase (const char *prompt)
{
#ifndef G_OS_WIN32
  struct termios old, quiet;
  char line[1024];
  gboolean got;

  if (!isatty (STDIN_FILENO) || tcgetattr (STDIN_FILENO, &old) != 0)
    return NULL;
  quiet = old;
  quiet.c_lflag &= ~(tcflag_t) ECHO;
  fprintf (stderr, "%s", prompt);
  fflush (stderr);
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
  got = fgets (line, sizeof line, stdin) != NULL;
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &old);
  fprintf (stderr, "\n");
  if (!got)
    return NULL;
  line[strcspn (line, "\r\n")] = '\0';
  return g_strdup (line);
#else
  return NULL;
#endif
}

static char *
get_passphrase (const char *file,
                gboolean    twice)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  char *passphrase;

  if (file != NULL)
    {
      if (!(passphrase = read_passphrase_file (file, &error)))
        _wr_cli_printerr ("--passphrase-file: %s", error->message);
      return passphrase;
    }
  if (!(first = ask_passphrase (_("Team key passphrase: "))))
    {
      _wr_cli_printerr (_("No terminal to ask the passphrase on: give it with --passphrase-file FILE"));
      return NULL;
    }
  if (twice)
    {
      second = ask_passphrase (_("The same passphrase again: "));
      if (second == NULL || !g_str_equal (first, second))
        {
          _wr_cli_printerr (_("The two passphrases differ; nothing was made"));
          return NULL;
        }
    }
  return g_steal_pointer (&first);
}

static void
wipe (char *passphrase)
{
  if (passphrase != NULL)
    memset (passphrase, 0, strlen (passphrase));
  g_free (passphrase);
}

/* walkround team-key create FILE | export-public FILE OUTPUT | install FILE | list */
int
_wr_cli_team_key (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("create FILE | export-public FILE OUTPUT | install FILE | list"));
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = NULL;
  g_autofree char *passphrase_file = NULL;
  g_autofree char *name = NULL;
  const char *command;
  guint n_args;
  GOptionEntry entries[] = {
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file,
      N_("Read the passphrase from the first line of FILE instead of asking on the terminal"), N_("FILE") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("For create: the team’s name, shown beside the key"), N_("NAME") },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("A team key opens packs sealed for a team (“walkround export --seal-for”),\n"
                                  "such as the quality team's, rather than for one laptop's key that dies with it.\n"
                                  "Its secret key is kept in a file protected by a passphrase (argon2id).\n"
                                  "\n"
                                  "create FILE                 make a new team key in FILE (never over a file)\n"
                                  "export-public FILE OUTPUT   write its public key to OUTPUT, for visitors to seal\n"
                                  "                            their packs for\n"
                                  "install FILE                keep the team key for this database, so that its\n"
                                  "                            imports open packs sealed for the team\n"
                                  "list                        the team keys installed here: fingerprint and name\n"
                                  "\n"
                                  "The passphrase is asked on the terminal, or read with --passphrase-file;\n"
                                  "never on the command line."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_USAGE;
    }

  command = argc > 1 ? argv[1] : "list";
  n_args = g_str_equal (command, "list") ? 0 : g_str_equal (command, "export-public") ? 2 : 1;
  if ((!g_str_equal (command, "list") && !g_str_equal (command, "create") && !g_str_equal (command, "install") &&
       !g_str_equal (command, "export-public")) ||
      (argc > 1 && (guint) argc != 2 + n_args))
    {
      _wr_cli_printerr (_("team-key takes create FILE, export-public FILE OUTPUT, install FILE or list; "
                          "see “walkround team-key --help”"));
      return WR_CLI_EXIT_USAGE;
    }

  if (g_str_equal (command, "create"))
    {
      g_autofree char *fingerprint = NULL;
      char *passphrase = get_passphrase (passphrase_file, TRUE);
      gboolean made;

      if (passphrase == NULL)
        return WR_CLI_EXIT_FAIL;
      made = wr_team_key_create (argv[2], name, passphrase, &fingerprint, &error);
      wipe (passphrase);
      if (!made)
        {
          _wr_cli_printerr ("%s", error->message);
          return WR_CLI_EXIT_FAIL;
        }
      /* Translators: after "walkround team-key create FILE" */
      printf (_("Made the team key %s in %s: keep the file and its passphrase safe, and a copy of both apart\n"),
              fingerprint, argv[2]);
      return WR_CLI_EXIT_OK;
    }

  if (g_str_equal (command, "export-public"))
    {
      g_autoptr(WrSealRecipient) recipient = NULL;

      if (!wr_team_key_export_public (argv[2], argv[3], &error) ||
          !(recipient = wr_team_key_read_recipient (argv[3], &error)))
        {
          _wr_cli_printerr ("%s", error->message);
          return WR_CLI_EXIT_FAIL;
        }
      /* Translators: after "walkround team-key export-public FILE OUTPUT" */
      printf (_("Wrote the public key of the team key %s to %s\n"), recipient->fingerprint, argv[3]);
      return WR_CLI_EXIT_OK;
    }

  if (!(store = wr_store_open_default (&error)))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }

  if (g_str_equal (command, "install"))
    {
      g_autoptr(WrSealIdentity) identity = NULL;
      char *passphrase = get_passphrase (passphrase_file, FALSE);
      gboolean already = FALSE;

      if (passphrase == NULL)
        return WR_CLI_EXIT_FAIL;
      identity = wr_team_key_install (store, argv[2], passphrase, &already, &error);
      wipe (passphrase);
      if (identity == NULL)
        {
          _wr_cli_printerr ("%s", error->message);
          return WR_CLI_EXIT_FAIL;
        }
      if (already)
        /* Translators: "walkround team-key install FILE" of a key installed before */
        printf (_("The team key %s is installed here already\n"), identity->fingerprint);
      else
        /* Translators: after "walkround team-key install FILE" */
        printf (_("Installed the team key %s: packs sealed for it are opened here from now on\n"),
                identity->fingerprint);
      return WR_CLI_EXIT_OK;
    }

  {
    g_autoptr(GPtrArray) keys = wr_team_key_list_installed (store, &error);

    if (keys == NULL)
      {
        _wr_cli_printerr ("%s", error->message);
        return WR_CLI_EXIT_FAIL;
      }
    /* Translators: the first line of "walkround team-key list" */
    printf ("%-39s  %s\n", C_("column", "FINGERPRINT"), C_("column", "NAME"));
    for (guint i = 0; i < keys->len; i++)
      {
        WrSealIdentity *key = g_ptr_array_index (keys, i);

        printf ("%-39s  %s\n", key->fingerprint, key->label[0] != '\0' ? key->label : "-");
      }
  }

  return WR_CLI_EXIT_OK;
}
