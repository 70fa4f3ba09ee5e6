/* wr-cli-server.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-cli-server"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "wr-cli-private.h"

#ifdef HAVE_LIBPQ
#include "wr-server.h"

/* A password file holds the password on its first line. */
static char *
read_password (const char  *path,
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
      g_set_error (error, WR_SERVER_ERROR, WR_SERVER_ERROR_PASSWORD,
                   _("%s: the first line, the password, is empty"), path);
      return NULL;
    }
  return g_steal_pointer (&contents);
}

static int
server_init (int    argc,
             char **argv)
{
  g_autoptr(GError) error = NULL;
  guint before = 0;
  guint after = 0;

  if (argc != 2)
    {
      _wr_cli_printerr (_("server init takes one connection URI, such as "
                          "“walkround server init postgresql://db.example.nhs.uk/walkround”"));
      return WR_CLI_EXIT_USAGE;
    }

  if (!wr_server_init (argv[1], &before, &after, &error))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }

  if (before == after)
    /* Translators: after "walkround server init" on a store that is up to date */
    printf (_("The organisation store is at schema version %u already; nothing was changed.\n"), after);
  else if (before == 0)
    printf (_("Made the organisation store, schema version %u.\n"), after);
  else
    printf (_("Brought the organisation store from schema version %u to %u.\n"), before, after);
  fflush (stdout);

  return WR_CLI_EXIT_OK;
}

static int
server_add_user (int          argc,
                 char       **argv,
                 const char  *role_name,
                 const char  *password_file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  WrServerRole role;

  if (argc != 3)
    {
      _wr_cli_printerr (_("server add-user takes a connection URI and a user’s name, such as "
                          "“walkround server add-user postgresql:///walkround priya.jones --role visitor”"));
      return WR_CLI_EXIT_USAGE;
    }
  if (role_name == NULL || !wr_server_role_from_string (role_name, &role))
    {
      _wr_cli_printerr (_("server add-user needs --role visitor or --role quality-team"));
      return WR_CLI_EXIT_USAGE;
    }
  if (!wr_server_check_user_name (argv[2], &error))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_USAGE;
    }
  if (password_file != NULL && !(password = read_password (password_file, &error)))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }

  if (!wr_server_add_user (argv[1], argv[2], role, password, &error))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }

  if (role == WR_SERVER_ROLE_VISITOR)
    /* Translators: after "walkround server add-user" */
    printf (_("Made the user “%s”, a visitor: they see the visits they are on, and the forms and services.\n"),
            argv[2]);
  else
    printf (_("Made the user “%s”, on the quality team: they see every visit.\n"), argv[2]);

  if (password == NULL)
    printf (_("It has no password yet. Give it one with “--password-file FILE” when adding the user, or in\n"
              "psql as an administrator with “\\password %s”.\n"), argv[2]);
  printf ("%s", _("The user keeps their password in ~/.pgpass (readable by them only) or in the PGPASSWORD\n"
                  "variable; Walkround never asks for it on the command line.\n"));
  fflush (stdout);

  return WR_CLI_EXIT_OK;
}

static int
server_device (int       argc,
               char    **argv,
               gboolean  revoke)
{
  g_autoptr(GError) error = NULL;

  if (argc != 3)
    {
      _wr_cli_printerr (_("server %s takes a connection URI and the device’s id, as “walkround sync” names it"),
                        argv[0]);
      return WR_CLI_EXIT_USAGE;
    }
  if (!wr_server_set_device_trust (argv[1], argv[2], revoke, &error))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }
  if (revoke)
    /* Translators: after "walkround server revoke-device" */
    printf (_("Revoked the device %s: it can no longer sync; what it sent stays, and it keeps what it had.\n"),
            argv[2]);
  else
    printf (_("Trusted the device %s: it may now send visits to the organisation store.\n"), argv[2]);
  fflush (stdout);
  return WR_CLI_EXIT_OK;
}
#endif

/* walkround server init URI | add-user URI NAME --role ROLE [--password-file FILE] */
int
_wr_cli_server (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("init URI | add-user URI NAME --role ROLE"));
  g_autoptr(GError) error = NULL;
  g_autofree char *role = NULL;
  g_autofree char *password_file = NULL;
  const GOptionEntry entries[] = {
    { "role", 0, 0, G_OPTION_ARG_STRING, &role,
      N_("For add-user: visitor (the visits they are on) or quality-team (every visit)"), N_("ROLE") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file,
      N_("For add-user: the new user’s password, on the first line of FILE"), N_("FILE") },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("Works on the organisation store, one PostgreSQL database for a whole trust.\n"
                                  "URI is a libpq connection URI (postgresql://host/database, or\n"
                                  "postgresql:///database for this computer’s socket). Over the network the server’s\n"
                                  "certificate is checked (sslmode=verify-full); passwords come from ~/.pgpass or\n"
                                  "PGPASSWORD, never from the command line.\n"
                                  "\n"
                                  "“server init URI” makes the store’s schema, owned by the NOLOGIN role\n"
                                  "walkround_owner with row-level security forced, or brings it up to date, one\n"
                                  "transaction per version; a store newer than this Walkround is left alone. Run it\n"
                                  "as a PostgreSQL superuser. Running it again changes nothing.\n"
                                  "\n"
                                  "“server add-user URI NAME --role visitor|quality-team” makes a PostgreSQL role\n"
                                  "NAME that can log in, as a member of walkround_visitor or walkround_quality_team.\n"
                                  "\n"
                                  "“server trust-device URI DEVICE” (as the quality team) lets a device that\n"
                                  "“walkround sync” registered send visits; “server revoke-device URI DEVICE”\n"
                                  "stops its syncs (it keeps what it already had).\n"
                                  "\n"
                                  "Exits 0 on success, 1 if the server refused or could not be reached, and 2 if\n"
                                  "the command line is wrong."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_USAGE;
    }

  if (argc < 2 || (!g_str_equal (argv[1], "init") && !g_str_equal (argv[1], "add-user") &&
                    !g_str_equal (argv[1], "trust-device") && !g_str_equal (argv[1], "revoke-device")))
    {
      _wr_cli_printerr (_("server takes “init URI”, “add-user URI NAME --role ROLE”, “trust-device URI DEVICE” "
                          "or “revoke-device URI DEVICE”; run “walkround server --help”"));
      return WR_CLI_EXIT_USAGE;
    }
  if (!g_str_equal (argv[1], "add-user") && (role != NULL || password_file != NULL))
    {
      _wr_cli_printerr (_("--role and --password-file are for server add-user"));
      return WR_CLI_EXIT_USAGE;
    }

#ifdef HAVE_LIBPQ
  if (g_str_equal (argv[1], "init"))
    return server_init (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "trust-device") || g_str_equal (argv[1], "revoke-device"))
    return server_device (argc - 1, argv + 1, g_str_equal (argv[1], "revoke-device"));
  return server_add_user (argc - 1, argv + 1, role, password_file);
#else
  _wr_cli_printerr (_("this Walkround was built without the organisation store (libpq)"));
  return WR_CLI_EXIT_FAIL;
#endif
}
