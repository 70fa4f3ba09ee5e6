/* wr-cli-services.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-cli-services"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "wr-cli-private.h"
#include "wr-service-import.h"

/* walkround import-services FILE [--dry-run]: the Services page's Import
 * Services…, headless. A file with any row to fix changes nothing.
 */
int
_wr_cli_import_services (int    argc,
                         char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = NULL;
  g_autoptr(WrServiceImport) import = NULL;
  g_autoptr(GPtrArray) added = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  gboolean dry_run = FALSE;
  GOptionEntry entries[] = {
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run, N_("Say what the import would do, and change nothing"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("FILE"));
  g_option_context_set_summary (context, _("Adds the services of a CSV file whose first row names the columns: "
                                           "Name, and any of Directorate, Site, Type and CQC location id. A "
                                           "service whose name is listed already is left as it is. A file that is "
                                           "not UTF-8 is read as Windows-1252, as Excel saves “CSV (Comma "
                                           "delimited)”, and said so. A file with any row to fix changes nothing. "
                                           "Exits 0 on success, 1 if the file was refused and 2 if the command "
                                           "line is wrong."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_USAGE;
    }
  if (argc != 2)
    {
      _wr_cli_printerr (_("import-services takes one CSV file; see “walkround import-services --help”"));
      return WR_CLI_EXIT_USAGE;
    }

  if (!g_file_get_contents (argv[1], &contents, &length, &error))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }
  if (!(store = wr_store_open_default (&error)))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }
  wr_store_set_user (store, g_get_real_name ());

  if (!(import = wr_service_import_read (store, argv[1], contents, length, &error)))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }

  for (guint i = 0; i < import->notes->len; i++)
    _wr_cli_printerr ("%s", (const char *) g_ptr_array_index (import->notes, i));
  for (guint i = 0; i < import->rows->len; i++)
    {
      WrServiceImportRow *row = g_ptr_array_index (import->rows, i);

      if (row->status == WR_SERVICE_IMPORT_INVALID)
        fprintf (stderr, "%s:%u: %s\n", argv[1], row->line, row->message);
    }

  /* Translators: the result of "walkround import-services"; keep the three counts in this order */
  printf (_("%u new, %u already listed, %u to fix\n"), import->n_new, import->n_existing, import->n_invalid);
  if (import->n_invalid > 0)
    {
      _wr_cli_printerr (_("nothing was imported: fix the rows above and import the file again"));
      return WR_CLI_EXIT_FAIL;
    }
  if (dry_run)
    {
      _wr_cli_printerr (_("a dry run: nothing was changed"));
      return WR_CLI_EXIT_OK;
    }
  if (!(added = wr_service_import_commit (store, import, &error)))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }

  return WR_CLI_EXIT_OK;
}
