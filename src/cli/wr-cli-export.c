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

#include "wr-catalog.h"
#include "wr-cli-private.h"
#include "wr-pack-writer.h"

typedef struct
{
  char  *output;
  char  *from;
  char  *to;
  char **services;
  char **kinds;
  char **regulations;
  char **statements;
  char  *status;
  char  *changed_since;
} Options;

static void
options_clear (Options *options)
{
  g_free (options->output);
  g_free (options->from);
  g_free (options->to);
  g_strfreev (options->services);
  g_strfreev (options->kinds);
  g_strfreev (options->regulations);
  g_strfreev (options->statements);
  g_free (options->status);
  g_free (options->changed_since);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

/* Says which option a value came from, since the filter cannot know. */
static gboolean
option_error (const char  *option,
              GError      *error)
{
  _wr_cli_printerr ("%s: %s", option, error->message);
  g_error_free (error);
  return FALSE;
}

/* A service may be named by its uuid or, as people know it, its name in
 * any case.
 */
static const char *
find_service (GListModel *services,
              const char *wanted)
{
  g_autofree char *folded = g_utf8_casefold (wanted, -1);
  guint n = g_list_model_get_n_items (services);
  const char *found = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WrService) service = g_list_model_get_item (services, i);
      g_autofree char *name = g_utf8_casefold (wr_service_get_name (service), -1);

      if (g_str_equal (wr_service_get_uuid (service), wanted))
        return wr_service_get_uuid (service);
      if (found == NULL && g_str_equal (name, folded))
        found = wr_service_get_uuid (service);
    }

  return found;
}

static gboolean
add_services (WrPackFilter  *filter,
              WrStore       *store,
              char         **wanted)
{
  g_autoptr(GListModel) services = NULL;
  GError *error = NULL;

  if (wanted == NULL)
    return TRUE;

  if (!(services = wr_store_list_services (store, TRUE, &error)))
    return option_error ("--service", error);

  for (guint i = 0; wanted[i] != NULL; i++)
    {
      const char *uuid = find_service (services, wanted[i]);

      if (uuid == NULL)
        {
          _wr_cli_printerr (_("--service: there is no service named “%s” or with that uuid; give a service’s name as the Services page shows it, or its uuid"),
                            wanted[i]);
          return FALSE;
        }
      if (!wr_pack_filter_add_service (filter, uuid, &error))
        return option_error ("--service", error);
    }

  return TRUE;
}

static char *
list_ids (WrCatalog     *catalog,
          WrCatalogKind  kind,
          guint          max)
{
  g_autoptr(GString) list = g_string_new (NULL);
  GListModel *entries = wr_catalog_list (catalog, kind);
  guint n = g_list_model_get_n_items (entries);

  for (guint i = 0; i < n && i < max; i++)
    {
      g_autoptr(WrCatalogEntry) entry = g_list_model_get_item (entries, i);

      if (list->len > 0)
        g_string_append (list, ", ");
      g_string_append (list, wr_catalog_entry_get_id (entry));
    }
  if (n > max)
    g_string_append (list, ", …");

  return g_string_free (g_steal_pointer (&list), FALSE);
}

/* Regulations and statements are checked against the catalogue, so that a
 * typing mistake says so instead of giving an empty pack.
 */
static gboolean
add_evidence (WrPackFilter  *filter,
              char         **regulations,
              char         **statements)
{
  g_autoptr(WrCatalog) catalog = NULL;
  GError *error = NULL;

  if (regulations == NULL && statements == NULL)
    return TRUE;

  if (!(catalog = wr_catalog_get_default (&error)))
    {
      _wr_cli_printerr ("%s", error->message);
      g_error_free (error);
      return FALSE;
    }
  g_object_ref (catalog);

  for (guint i = 0; regulations != NULL && regulations[i] != NULL; i++)
    {
      if (wr_catalog_lookup (catalog, WR_CATALOG_REGULATION, regulations[i]) == NULL)
        {
          g_autofree char *ids = list_ids (catalog, WR_CATALOG_REGULATION, 50);

          _wr_cli_printerr (_("--regulation: “%s” is not a regulation; the regulations are %s"), regulations[i], ids);
          return FALSE;
        }
      if (!wr_pack_filter_add_regulation (filter, regulations[i], &error))
        return option_error ("--regulation", error);
    }

  for (guint i = 0; statements != NULL && statements[i] != NULL; i++)
    {
      if (wr_catalog_lookup (catalog, WR_CATALOG_STATEMENT, statements[i]) == NULL)
        {
          g_autofree char *ids = list_ids (catalog, WR_CATALOG_STATEMENT, 8);

          _wr_cli_printerr (_("--statement: “%s” is not a quality statement id; they are such as %s"), statements[i], ids);
          return FALSE;
        }
      if (!wr_pack_filter_add_statement (filter, statements[i], &error))
        return option_error ("--statement", error);
    }

  return TRUE;
}

static gboolean
build_filter (WrPackFilter *filter,
              WrStore      *store,
              Options      *options)
{
  GError *error = NULL;

  if (!wr_pack_filter_set_from (filter, options->from, &error))
    return option_error ("--from", error);
  if (!wr_pack_filter_set_to (filter, options->to, &error))
    return option_error ("--to", error);
  for (guint i = 0; options->kinds != NULL && options->kinds[i] != NULL; i++)
    {
      if (!wr_pack_filter_add_kind (filter, options->kinds[i], &error))
        return option_error ("--kind", error);
    }
  if (!wr_pack_filter_set_status (filter, options->status, &error))
    return option_error ("--status", error);
  if (!wr_pack_filter_set_changed_since (filter, options->changed_since, &error))
    return option_error ("--changed-since", error);
  if (!wr_pack_filter_check (filter, &error))
    return option_error ("--from/--to", error);

  return add_evidence (filter, options->regulations, options->statements) &&
         add_services (filter, store, options->services);
}

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
  g_autoptr(WrPackFilter) filter = wr_pack_filter_new ();
  g_autoptr(WrPackWriter) writer = NULL;
  g_auto(Options) options = { NULL };
  const char *where;
  guint n_visits = 0;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &options.output, N_("Write the pack to FILE, or to standard output if FILE is -"), N_("FILE") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &options.from, N_("Only visits that started on or after this day"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &options.to, N_("Only visits that started on or before this day"), N_("YYYY-MM-DD") },
    { "service", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.services, N_("Only visits to this service, by name or uuid (repeat for more)"), N_("SERVICE") },
    { "kind", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.kinds, N_("Only visits of this kind: quality-visit, ned-visit, fifteen-steps, self-assessment or custom (repeat for more)"), N_("KIND") },
    { "regulation", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.regulations, N_("Only visits with an observation linked to this regulation, such as 12 or 9A (repeat for more)"), N_("N") },
    { "statement", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.statements, N_("Only visits with an observation linked to this quality statement, such as safe-ipc (repeat for more)"), N_("ID") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &options.status, N_("Only draft or completed visits, or all (the default)"), N_("draft|completed|all") },
    { "changed-since", 0, 0, G_OPTION_ARG_STRING, &options.changed_since, N_("Only visits changed at or after this time, for an incremental pack"), N_("DATETIME") },
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
  if (options.output == NULL || options.output[0] == '\0')
    {
      _wr_cli_printerr (_("export needs --output FILE (or --output - for standard output)"));
      return WR_CLI_EXIT_USAGE;
    }
  if (!g_str_equal (options.output, "-") && g_file_test (options.output, G_FILE_TEST_IS_DIR))
    {
      _wr_cli_printerr (_("--output: “%s” is a folder; give the name of the file to write, such as %s/pack.xml"),
                        options.output, options.output);
      return WR_CLI_EXIT_USAGE;
    }

  if (!(store = wr_store_open_default (&error)))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }
  if (!build_filter (filter, store, &options))
    return WR_CLI_EXIT_USAGE;

  library = wr_form_library_new_default (NULL);
  writer = wr_pack_writer_new (store, library);
  wr_pack_writer_set_filter (writer, filter);

  if (!run_export (writer, options.output, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _wr_cli_printerr (_("Stopped; no pack was written"));
      else
        _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }

  wr_pack_writer_get_progress (writer, &n_visits, NULL);
  where = g_str_equal (options.output, "-") ? _("standard output") : options.output;
  /* Translators: the summary of "walkround export": "Wrote 123 visits to pack.xml" */
  fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "Wrote %u visit to %s\n", "Wrote %u visits to %s\n", n_visits),
           n_visits, where);

  return WR_CLI_EXIT_OK;
}
