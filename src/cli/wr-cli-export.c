/* wr-cli-export.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-cli-export"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "wr-cli-filter-private.h"
#include "wr-cli-private.h"
#include "wr-pack-writer.h"
#include "wr-platform.h"

typedef struct
{
  WrPackWriter *writer;
  const char   *output;
} Export;

static gboolean
export_cb (gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  Export *export = data;

  if (g_str_equal (export->output, "-"))
    {
      wr_platform_set_binary (STDOUT_FILENO);
      return wr_pack_writer_write_fd (export->writer, STDOUT_FILENO, cancellable, error);
    }

  return wr_pack_writer_write_file (export->writer, export->output, cancellable, error);
}

static char *
progress_cb (gpointer data)
{
  Export *export = data;
  guint done = 0;
  guint total = 0;

  wr_pack_writer_get_progress (export->writer, &done, &total);
  if (total == 0)
    return NULL;

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u visit", "%u of %u visits", total), done, total);
}

int
_wr_cli_export (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = NULL;
  g_autoptr(WrFormLibrary) library = NULL;
  g_autoptr(WrScope) filter = wr_scope_new ();
  g_autoptr(WrPackWriter) writer = NULL;
  g_auto(WrCliFilterOptions) options = { NULL };
  g_autofree char *output = NULL;
  g_auto(GStrv) seal_for = NULL;
  g_autoptr(GPtrArray) recipients = g_ptr_array_new_with_free_func ((GDestroyNotify) wr_seal_recipient_free);
  const char *where;
  guint n_visits = 0;
  Export export;
  int status;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the pack to FILE, or to standard output if FILE is -"), N_("FILE") },
    { "seal-for", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &seal_for,
      N_("Seal the pack for the key in KEYFILE (a device’s from “devices export-key”, or a team’s from “team-key "
         "export-public”): only it can open the pack. Repeat for more recipients"),
      N_("KEYFILE") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Writes the visits, with their forms, services, teams, answers, observations, "
                                           "actions and attachments, to an evidence pack: one XML file that another "
                                           "Walkround can import and that CQC or the board can read. Filters of "
                                           "different kinds all apply; a repeated option takes any of its values. "
                                           "With --seal-for the pack is encrypted for those keys only (a "
                                           "sealed pack: its first line says WALKROUND SEALED PACK). "
                                           "Exits 0 on success, 1 if the pack could not be written and 2 if the "
                                           "command line is wrong."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  _wr_cli_filter_add_options (context, &options);
  g_option_context_set_help_enabled (context, TRUE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_USAGE;
    }
  if (argc > 1)
    {
      _wr_cli_printerr (_("export takes only options, not “%s”; see “walkround export --help”"), argv[1]);
      return WR_CLI_EXIT_USAGE;
    }
  if (output == NULL || output[0] == '\0')
    {
      _wr_cli_printerr (_("export needs --output FILE (or --output - for standard output)"));
      return WR_CLI_EXIT_USAGE;
    }
  if (!g_str_equal (output, "-") && g_file_test (output, G_FILE_TEST_IS_DIR))
    {
      _wr_cli_printerr (_("--output: “%s” is a folder; give the name of the file to write, such as %s/pack.xml"),
                        output, output);
      return WR_CLI_EXIT_USAGE;
    }

  for (guint i = 0; seal_for != NULL && seal_for[i] != NULL; i++)
    {
      WrSealRecipient *recipient = wr_seal_recipient_read (seal_for[i], &error);

      if (recipient == NULL)
        {
          _wr_cli_printerr ("--seal-for: %s", error->message);
          return WR_CLI_EXIT_USAGE;
        }
      g_ptr_array_add (recipients, recipient);
    }
  if (recipients->len > WR_SEAL_MAX_RECIPIENTS)
    {
      _wr_cli_printerr (_("--seal-for: a pack can be sealed for at most %u keys"), WR_SEAL_MAX_RECIPIENTS);
      return WR_CLI_EXIT_USAGE;
    }

  if (!(store = wr_store_open_default (&error)))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }
  if (!_wr_cli_filter_build (&options, store, filter))
    return WR_CLI_EXIT_USAGE;

  library = wr_form_library_new_default (NULL);
  writer = wr_pack_writer_new (store, library);
  wr_pack_writer_set_filter (writer, filter);
  wr_pack_writer_set_seal_for (writer, recipients);

  /* Ctrl+C stops the export, and the temporary file goes with it. */
  export.writer = writer;
  export.output = output;
  if ((status = _wr_cli_run_job (export_cb, progress_cb, &export, _("Stopped; no pack was written"), NULL)) != 0)
    return status;

  wr_pack_writer_get_progress (writer, &n_visits, NULL);
  where = g_str_equal (output, "-") ? _("standard output") : output;
  /* Translators: the summary of "walkround export": "Wrote 123 visits to pack.xml" */
  fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "Wrote %u visit to %s\n", "Wrote %u visits to %s\n", n_visits),
           n_visits, where);
  for (guint i = 0; i < recipients->len; i++)
    {
      const WrSealRecipient *recipient = g_ptr_array_index (recipients, i);

      /* Translators: after "walkround export --seal-for": each key the pack was sealed for */
      fprintf (stderr, _("sealed for %s (%s)\n"), recipient->fingerprint,
               recipient->label[0] != '\0' ? recipient->label : _("no name"));
    }

  return WR_CLI_EXIT_OK;
}
