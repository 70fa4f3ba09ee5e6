/* wr-cli-report.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-cli-report"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include <glib/gstdio.h>

#include "wr-cli-filter-private.h"
#include "wr-cli-private.h"
#include "wr-report.h"
#include "wr-report-xlsx.h"

typedef struct
{
  char               *format;
  char               *output;
  char               *pack;
  WrCliFilterOptions  filter;
} Options;

static void
options_clear (Options *options)
{
  g_free (options->format);
  g_free (options->output);
  g_free (options->pack);
  _wr_cli_filter_options_clear (&options->filter);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static gboolean
check_options (Options *options)
{
  if (options->format == NULL)
    {
      _wr_cli_printerr (_("report needs --format html, --format csv or --format xlsx"));
      return FALSE;
    }
  if (!g_str_equal (options->format, "html") && !g_str_equal (options->format, "csv") &&
      !g_str_equal (options->format, "xlsx"))
    {
      _wr_cli_printerr (_("--format: “%s” is not a report format; use html, csv or xlsx"), options->format);
      return FALSE;
    }
  if (g_str_equal (options->format, "xlsx") && !wr_report_xlsx_is_available ())
    {
      _wr_cli_printerr (_("--format xlsx: this Walkround was built without libxlsxwriter; use csv"));
      return FALSE;
    }
  if (options->output == NULL || options->output[0] == '\0' || g_str_equal (options->output, "-"))
    {
      _wr_cli_printerr (g_str_equal (options->format, "csv")
                        ? _("report needs --output FOLDER for the four CSV files")
                        : g_str_equal (options->format, "xlsx")
                        ? _("report needs --output FILE, such as --output report.xlsx")
                        : _("report needs --output FILE, such as --output report.html"));
      return FALSE;
    }
  if (!g_str_equal (options->format, "csv") && g_file_test (options->output, G_FILE_TEST_IS_DIR))
    {
      _wr_cli_printerr (_("--output: “%s” is a folder; give the name of the file to write, such as %s/report.%s"),
                        options->output, options->output, options->format);
      return FALSE;
    }
  if (g_str_equal (options->format, "csv") && g_file_test (options->output, G_FILE_TEST_EXISTS) &&
      !g_file_test (options->output, G_FILE_TEST_IS_DIR))
    {
      _wr_cli_printerr (_("--output: “%s” is a file; for --format csv give a folder, which is made if it is missing"),
                        options->output);
      return FALSE;
    }
  if (options->pack != NULL && _wr_cli_filter_is_set (&options->filter))
    {
      _wr_cli_printerr (_("--pack reports on a pack as it is: leave out the filters, or leave out --pack to report on this computer’s visits"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_report (Options       *options,
              const char    *pack,
              GCancellable  *cancellable,
              GError       **error)
{
  if (g_str_equal (options->format, "csv"))
    return wr_report_write_csv (pack, options->output, cancellable, error);
  if (g_str_equal (options->format, "xlsx"))
    return wr_report_write_xlsx (pack, options->output, cancellable, error);

  return wr_report_write_html (pack, options->output, cancellable, error);
}

/* The work, done by _wr_cli_run_job() in a thread: Ctrl+C cancels, and
 * neither a half report nor the temporary pack, with its notes about
 * patients and staff, is left behind.
 */
typedef struct
{
  Options          *options;
  WrStore          *store;         /* NULL when reporting on --pack */
  WrFormLibrary    *library;
  WrScope          *scope;
  WrReportProgress  progress;
} Job;

/* A report of this computer's visits is made as the window makes it. */
static gboolean
report_cb (gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  Job *job = data;

  if (job->store == NULL)
    return write_report (job->options, job->options->pack, cancellable, error);

  if (g_str_equal (job->options->format, "csv"))
    return wr_report_write_csv_for_store (job->store, job->library, job->scope, job->options->output,
                                          &job->progress, cancellable, error);
  if (g_str_equal (job->options->format, "xlsx"))
    return wr_report_write_xlsx_for_store (job->store, job->library, job->scope, job->options->output,
                                           &job->progress, cancellable, error);

  return wr_report_write_html_for_store (job->store, job->library, job->scope, job->options->output,
                                         &job->progress, cancellable, error);
}

static char *
progress_cb (gpointer data)
{
  Job *job = data;
  guint done = (guint) g_atomic_int_get (&job->progress.done);
  guint total = (guint) g_atomic_int_get (&job->progress.total);

  if (total == 0)
    return NULL;

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u visit", "%u of %u visits", total), done, total);
}

/* Opens the store and checks the filters here, before any work starts,
 * so that a mistyped option is a usage error.
 */
static int
prepare_store (Job *job)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = NULL;
  g_autoptr(WrScope) scope = wr_scope_new ();

  if (!(store = wr_store_open_default (&error)))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }
  if (!_wr_cli_filter_build (&job->options->filter, store, scope))
    return WR_CLI_EXIT_USAGE;

  job->library = wr_form_library_new_default (NULL);
  job->scope = g_steal_pointer (&scope);
  job->store = g_steal_pointer (&store);

  return WR_CLI_EXIT_OK;
}

/* walkround report --format html|csv|xlsx --output FILE [--pack PACK.xml | the export filters] */
int
_wr_cli_report (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Options) options = { NULL };
  Job job = { NULL };
  int status;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &options.format, N_("html for a readable, printable report; csv for four tables for a spreadsheet; xlsx for the same tables as one Excel workbook"), N_("html|csv|xlsx") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &options.output, N_("Write the HTML report or the workbook to FILE, or the CSV files into the folder FILE"), N_("FILE") },
    { "pack", 0, 0, G_OPTION_ARG_FILENAME, &options.pack, N_("Report on this evidence pack instead of this computer’s visits"), N_("PACK.xml") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Makes a report of this computer’s visits, chosen by the same filters as "
                                           "“walkround export”, or of an evidence pack given with --pack. HTML: the visits by service with "
                                           "their answers, the observations by regulation and quality statement, "
                                           "and the open actions, to read, print or send. CSV: visits.csv, "
                                           "answers.csv, observations.csv and actions.csv in the --output folder, "
                                           "UTF-8 with a byte order mark for Excel; a cell that starts with = + - "
                                           "or @ gets a ' before it so that no spreadsheet runs it as a formula; "
                                           "each time has a column beside it, -local, that Excel reads as a date "
                                           "and time. XLSX: the same four tables as the sheets of one workbook, "
                                           "with real dates and numbers, a frozen header row and filters. "
                                           "A pack is checked first, and a damaged one is refused. "
                                           "Exits 0 on success, 1 if the report could not be made and 2 if the "
                                           "command line is wrong."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  _wr_cli_filter_add_options (context, &options.filter);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_USAGE;
    }
  if (argc > 1)
    {
      _wr_cli_printerr (_("report takes only options, not “%s”; see “walkround report --help”"), argv[1]);
      return WR_CLI_EXIT_USAGE;
    }
  if (!check_options (&options))
    return WR_CLI_EXIT_USAGE;

  job.options = &options;
  if (options.pack == NULL && (status = prepare_store (&job)) != WR_CLI_EXIT_OK)
    {
      g_clear_object (&job.store);
      g_clear_object (&job.library);
      g_clear_pointer (&job.scope, wr_scope_free);
      return status;
    }

  status = _wr_cli_run_job (report_cb, progress_cb, &job, _("Stopped; no report was written"), NULL);
  g_clear_object (&job.store);
  g_clear_object (&job.library);
  g_clear_pointer (&job.scope, wr_scope_free);
  if (status != WR_CLI_EXIT_OK)
    return status;

  fprintf (stderr, _("Wrote the report to %s\n"), options.output);
  return WR_CLI_EXIT_OK;
}
