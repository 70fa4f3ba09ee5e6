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
#include "wr-paths.h"
#include "wr-report.h"
#include "wr-report-xlsx.h"

typedef struct
{
  char               *format;
  char               *output;
  char               *pack;
  char               *organisation;
  char               *marking;
  gboolean            letter;
  char              **include_quotes;
  gboolean            all_quotes;
  WrCliFilterOptions  filter;
  WrReportOptions     report;
} Options;

static void
options_clear (Options *options)
{
  g_free (options->format);
  g_free (options->output);
  g_free (options->pack);
  g_free (options->organisation);
  g_free (options->marking);
  g_strfreev (options->include_quotes);
  _wr_cli_filter_options_clear (&options->filter);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static gboolean
check_options (Options *options)
{
  if (options->format == NULL)
    {
      _wr_cli_printerr (_("report needs --format html, --format pdf, --format csv or --format xlsx"));
      return FALSE;
    }
  if (g_str_equal (options->format, "html"))
    options->report.format = WR_REPORT_FORMAT_HTML;
  else if (g_str_equal (options->format, "pdf"))
    options->report.format = WR_REPORT_FORMAT_PDF;
  else if (g_str_equal (options->format, "csv"))
    options->report.format = WR_REPORT_FORMAT_CSV;
  else if (g_str_equal (options->format, "xlsx"))
    options->report.format = WR_REPORT_FORMAT_XLSX;
  else
    {
      _wr_cli_printerr (_("--format: “%s” is not a report format; use html, pdf, csv or xlsx"), options->format);
      return FALSE;
    }
  if (options->report.format == WR_REPORT_FORMAT_XLSX && !wr_report_xlsx_is_available ())
    {
      _wr_cli_printerr (_("--format xlsx: this Walkround was built without libxlsxwriter; use csv"));
      return FALSE;
    }
  options->report.organisation = options->organisation;
  options->report.marking = options->marking;
  options->report.letter = options->letter;
  options->report.include_quotes = options->include_quotes;
  options->report.all_quotes = options->all_quotes;

  if (options->letter && (options->report.format == WR_REPORT_FORMAT_CSV ||
                          options->report.format == WR_REPORT_FORMAT_XLSX))
    {
      _wr_cli_printerr (_("--letter: the feedback letter is written as --format pdf or --format html"));
      return FALSE;
    }
  if (options->letter && options->pack == NULL && options->filter.visits == NULL)
    {
      _wr_cli_printerr (_("--letter needs --visit UUID: the letter is for one NED or 15 Steps visit"));
      return FALSE;
    }
  if (!options->letter && (options->include_quotes != NULL || options->all_quotes))
    {
      _wr_cli_printerr (_("--include-quote and --include-quotes are for the feedback letter; add --letter"));
      return FALSE;
    }
  for (guint i = 0; options->include_quotes != NULL && options->include_quotes[i] != NULL; i++)
    {
      if (!g_uuid_string_is_valid (options->include_quotes[i]))
        {
          _wr_cli_printerr (_("--include-quote: “%s” is not an observation’s uuid"), options->include_quotes[i]);
          return FALSE;
        }
    }
  if (options->output == NULL || options->output[0] == '\0' || g_str_equal (options->output, "-"))
    {
      _wr_cli_printerr (g_str_equal (options->format, "csv")
                        ? _("report needs --output FOLDER for the four CSV files")
                        : g_str_equal (options->format, "xlsx")
                        ? _("report needs --output FILE, such as --output report.xlsx")
                        : g_str_equal (options->format, "pdf")
                        ? _("report needs --output FILE, such as --output report.pdf")
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
    return wr_report_write (job->options->pack, job->options->output, &job->options->report, cancellable, error);

  return wr_report_write_for_store (job->store, job->library, job->scope, job->options->output,
                                    &job->options->report, &job->progress, cancellable, error);
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

/* A report of a pack carries this data folder's organisation and
 * marking too, unless the command line gives them; a pack says nothing of
 * them, and a folder that has none (or cannot be opened) leaves them out.
 */
static void
settle_pack_settings (Options *options)
{
  g_autoptr(WrStore) store = NULL;
  g_autofree char *organisation = NULL;
  g_autofree char *marking = NULL;
  g_autofree char *db = g_build_filename (wr_paths_get_data_dir (), "walkround.db", NULL);

  /* Reporting on a pack makes no database where there is none. */
  if ((options->organisation != NULL && options->marking != NULL) || !g_file_test (db, G_FILE_TEST_IS_REGULAR))
    return;
  if (!(store = wr_store_open_default (NULL)) ||
      !wr_store_get_report_settings (store, &organisation, &marking, NULL))
    return;

  if (options->organisation == NULL)
    options->organisation = g_steal_pointer (&organisation);
  if (options->marking == NULL)
    options->marking = g_steal_pointer (&marking);
  options->report.organisation = options->organisation;
  options->report.marking = options->marking;
}

/* walkround report --format html|pdf|csv|xlsx --output FILE [--pack PACK.xml | the export filters] */
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
    { "format", 'f', 0, G_OPTION_ARG_STRING, &options.format, N_("html for a readable report; pdf for an A4 PDF to print or send; csv for four tables for a spreadsheet; xlsx for the same tables as one Excel workbook"), N_("html|pdf|csv|xlsx") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &options.output, N_("Write the HTML or PDF report or the workbook to FILE, or the CSV files into the folder FILE"), N_("FILE") },
    { "organisation", 0, 0, G_OPTION_ARG_STRING, &options.organisation, N_("The organisation’s name in the header, for this report only (else the one “walkround settings” keeps)"), N_("NAME") },
    { "letter", 0, 0, G_OPTION_ARG_NONE, &options.letter, N_("Instead of the report, the feedback letter for the service visited (a NED or 15 Steps visit, chosen with --visit): what went well, what could be better, and the actions with owners and dates"), NULL },
    { "include-quote", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.include_quotes, N_("Put this observation in a patient’s or carer’s voice into the letter, by uuid (repeat for more); they are left out unless given"), N_("UUID") },
    { "include-quotes", 0, 0, G_OPTION_ARG_NONE, &options.all_quotes, N_("Put every observation in a patient’s or carer’s voice into the letter"), NULL },
    { "marking", 0, 0, G_OPTION_ARG_STRING, &options.marking, N_("The protective marking at the top and bottom of every page, for this report only (else the one “walkround settings” keeps)"), N_("TEXT") },
    { "pack", 0, 0, G_OPTION_ARG_FILENAME, &options.pack, N_("Report on this evidence pack instead of this computer’s visits"), N_("PACK.xml") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Makes a report of this computer’s visits, chosen by the same filters as "
                                           "“walkround export”, or of an evidence pack given with --pack. HTML: the visits by service with "
                                           "their answers, the observations by regulation and quality statement, "
                                           "and the open actions, to read, print or send. PDF: each visit on "
                                           "A4 pages of its own, with its answers and section scores, repeats "
                                           "as tables, photos under their questions, observations by kind and "
                                           "actions with owner and due date; the organisation and the "
                                           "protective marking (walkround settings) head every page. "
                                           "With --letter, the feedback letter for the service instead, as "
                                           "PDF or HTML: observations in a patient’s or carer’s voice are left "
                                           "out unless --include-quote or --include-quotes puts them in. CSV: visits.csv, "
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
  if (options.pack != NULL)
    settle_pack_settings (&options);
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

  if (options.letter)
    {
      guint left_out = (guint) g_atomic_int_get (&job.progress.quotes_left_out);

      fprintf (stderr, _("Wrote the feedback letter to %s\n"), options.output);
      if (left_out > 0)
        fprintf (stderr, g_dngettext (GETTEXT_PACKAGE,
                                      "Left out %u observation in a patient’s or carer’s voice; put it in with "
                                      "--include-quote UUID or --include-quotes\n",
                                      "Left out %u observations in a patient’s or carer’s voice; put them in with "
                                      "--include-quote UUID or --include-quotes\n", left_out), left_out);
      return WR_CLI_EXIT_OK;
    }

  fprintf (stderr, _("Wrote the report to %s\n"), options.output);
  return WR_CLI_EXIT_OK;
}
