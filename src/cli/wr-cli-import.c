/* wr-cli-import.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-cli-import"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "wr-cli-private.h"
#include "wr-pack-reader.h"

typedef struct
{
  WrPackReader       *reader;
  const char         *path;
  WrPackImportCounts *counts;
} Import;

static gboolean
import_cb (gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  Import *import = data;

  return wr_pack_reader_import_file (import->reader, import->path, cancellable, import->counts, error);
}

static char *
progress_cb (gpointer data)
{
  Import *import = data;
  guint n_visits = 0;
  guint64 done = 0;
  guint64 total = 0;

  wr_pack_reader_get_progress (import->reader, &n_visits, &done, &total);
  if (total == 0)
    return NULL;

  /* Translators: how far "walkround import" has got: visits read, and how much of the pack */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u visit read (%u%%)", "%u visits read (%u%%)", n_visits),
                          n_visits, (guint) (100 * done / total));
}

/* walkround import FILE [--dry-run]. The import is one transaction: Ctrl+C
 * rolls it back and leaves the database as it was, as does a process
 * killed half-way.
 */
int
_wr_cli_import (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = NULL;
  g_autoptr(WrFormLibrary) library = NULL;
  g_autoptr(WrPackReader) reader = NULL;
  WrPackImportCounts counts = { 0 };
  Import import;
  int status;
  gboolean dry_run = FALSE;
  GOptionEntry entries[] = {
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run, N_("Say what the import would do, and change nothing"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("FILE"));
  g_option_context_set_summary (context, _("Imports the visits of an evidence pack, with the forms and services they "
                                           "need. Visits are merged by uuid and revision: a newer revision replaces "
                                           "ours, and the same revision with other content is kept beside ours as a "
                                           "conflict for you to resolve. A pack that is invalid or was changed after "
                                           "it was written changes nothing. Exits 0 on success, 1 if the pack was "
                                           "refused and 2 if the command line is wrong."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, TRUE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_USAGE;
    }
  if (argc != 2)
    {
      _wr_cli_printerr (_("import takes one evidence pack file; see “walkround import --help”"));
      return WR_CLI_EXIT_USAGE;
    }

  library = wr_form_library_new_default (NULL);
  if (!(store = wr_store_open_default (&error)))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }
  wr_store_set_user (store, g_get_real_name ());

  reader = wr_pack_reader_new (store, library);
  wr_pack_reader_set_dry_run (reader, dry_run);
  import.reader = reader;
  import.path = argv[1];
  import.counts = &counts;
  if ((status = _wr_cli_run_job (import_cb, progress_cb, &import, _("Stopped; nothing was imported"),
                                 _("nothing was imported"))) != 0)
    return status;

  /* Translators: the result of "walkround import"; keep the four counts in this order */
  printf (_("%u new, %u updated, %u unchanged, %u conflicts\n"),
          counts.n_new, counts.n_updated, counts.n_unchanged, counts.n_conflicts);
  if (counts.n_rows_added + counts.n_rows_updated + counts.n_row_conflicts > 0)
    /* Translators: a second line of "walkround import": what merging visits row by row did */
    printf (_("rows merged: %u added, %u updated, %u in conflict\n"),
            counts.n_rows_added, counts.n_rows_updated, counts.n_row_conflicts);
  if (dry_run)
    _wr_cli_printerr (_("a dry run: nothing was changed"));
  else if (counts.n_conflicts > 0)
    _wr_cli_printerr (_("what two devices changed apart is kept beside yours; choose a side for each in the window "
                        "or with “walkround conflicts”"));

  return WR_CLI_EXIT_OK;
}
