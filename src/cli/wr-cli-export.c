/* wr-cli-export.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-cli-export"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "wr-cli-filter-private.h"
#include "wr-cli-private.h"
#include "wr-pack-writer.h"

/* Ctrl+C cancels, so that the temporary file is removed rather than left
 * behind. The pack is written in a thread while this one waits for it or
 * for the signal.
 */
typedef struct
{
  WrPackWriter *writer;
  char         *output;
  GCancellable *cancellable;
  GMainContext *context;
  GError       *error;
  gboolean      ok;
  gint          finished;
} Job;

static gpointer
export_thread (gpointer data)
{
  Job *job = data;

  if (g_str_equal (job->output, "-"))
    job->ok = wr_pack_writer_write_fd (job->writer, STDOUT_FILENO, job->cancellable, &job->error);
  else
    job->ok = wr_pack_writer_write_file (job->writer, job->output, job->cancellable, &job->error);

  g_atomic_int_set (&job->finished, TRUE);
  g_main_context_wakeup (job->context);
  return NULL;
}

static gboolean
interrupted_cb (gpointer data)
{
  Job *job = data;

  g_cancellable_cancel (job->cancellable);
  return G_SOURCE_CONTINUE;
}

static gboolean
run_export (WrPackWriter  *writer,
            const char    *output,
            GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GSource) interrupt = g_unix_signal_source_new (SIGINT);
  g_autoptr(GSource) terminate = g_unix_signal_source_new (SIGTERM);
  Job job = { writer, (char *) output, cancellable, context, NULL, FALSE, FALSE };
  GThread *thread;

  g_main_context_push_thread_default (context);
  g_source_set_callback (interrupt, interrupted_cb, &job, NULL);
  g_source_attach (interrupt, context);
  g_source_set_callback (terminate, interrupted_cb, &job, NULL);
  g_source_attach (terminate, context);

  /* The thread may finish before this waits: the flag, not a main loop's
   * quit, says when to stop.
   */
  thread = g_thread_new ("export", export_thread, &job);
  while (!g_atomic_int_get (&job.finished))
    g_main_context_iteration (context, TRUE);
  g_thread_join (thread);

  g_source_destroy (interrupt);
  g_source_destroy (terminate);
  g_main_context_pop_thread_default (context);

  if (!job.ok)
    g_propagate_error (error, job.error);
  return job.ok;
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
  const char *where;
  guint n_visits = 0;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the pack to FILE, or to standard output if FILE is -"), N_("FILE") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Writes the visits, with their forms, services, teams, answers, observations, "
                                           "actions and attachments, to an evidence pack: one XML file that another "
                                           "Walkround can import and that CQC or the board can read. Filters of "
                                           "different kinds all apply; a repeated option takes any of its values. "
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

  if (!run_export (writer, output, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _wr_cli_printerr (_("Stopped; no pack was written"));
      else
        _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }

  wr_pack_writer_get_progress (writer, &n_visits, NULL);
  where = g_str_equal (output, "-") ? _("standard output") : output;
  /* Translators: the summary of "walkround export": "Wrote 123 visits to pack.xml" */
  fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "Wrote %u visit to %s\n", "Wrote %u visits to %s\n", n_visits),
           n_visits, where);

  return WR_CLI_EXIT_OK;
}
