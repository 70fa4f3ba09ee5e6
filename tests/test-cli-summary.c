/* test-cli-summary.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* walkround summary as a script or a quality officer runs it: the figures
 * of a year of demo data in each format, the XML valid against its schema
 * and its total what export --status all holds, and wrong input refused
 * with exit 2 and a message that says what to write.
 */

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "wr-core-test-utils.h"

static char *data_dir;

static guint
count (const char *text,
       const char *what)
{
  guint n = 0;

  for (const char *p = text; (p = strstr (p, what)) != NULL; p++)
    n++;
  return n;
}

static void
test_xml (void)
{
  g_auto(WrTestRun) run = { 0 };
  g_auto(WrTestRun) export = { 0 };
  g_autofree char *total = NULL;

  wr_test_run_walkround (&run, data_dir, "summary", "--year", "2025", "--format", "xml", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  wr_test_assert_valid (run.out, "summary.xsd", data_dir);

  /* Counted by hand for seed 17, 300 visits up to 27 November 2026. */
  g_assert_nonnull (strstr (run.out, "<summary format-version=\"1\" from=\"2025-04-01\" to=\"2026-03-31\""));
  g_assert_nonnull (strstr (run.out, "<visits total=\"112\" completed=\"109\" draft=\"3\">"));
  g_assert_nonnull (strstr (run.out, "<kind id=\"fifteen-steps\" visits=\"35\" completed=\"35\"/>"));
  g_assert_nonnull (strstr (run.out, "<kind id=\"custom\" visits=\"0\" completed=\"0\"/>"));
  g_assert_cmpuint (count (run.out, "<month id="), ==, 12);

  /* Drafts included, as export --status all holds them. */
  wr_test_run_walkround (&export, data_dir, "export", "-o", "-", "--status", "all", "--from", "2025-04-01", "--to", "2026-03-31", NULL);
  g_assert_cmpint (export.status, ==, 0);
  total = g_strdup_printf ("<visits total=\"%u\"", count (export.out, "<visit "));
  g_assert_nonnull (strstr (run.out, total));
}

static void
test_text_and_csv (void)
{
  g_auto(WrTestRun) text = { 0 };
  g_auto(WrTestRun) csv = { 0 };
  g_auto(WrTestRun) period = { 0 };

  wr_test_run_walkround (&text, data_dir, "summary", "--year", "2025", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_true (g_str_has_prefix (text.out, "Summary of financial year 2025–26: 1 Apr 2025 to 31 Mar 2026\n"));
  g_assert_nonnull (strstr (text.out, "Visits: 112 (109 completed, 3 draft)\n"));

  wr_test_run_walkround (&csv, data_dir, "summary", "--year", "2025", "--format", "csv", NULL);
  g_assert_cmpint (csv.status, ==, 0);
  g_assert_true (g_str_has_prefix (csv.out, "\"figure\",\"group\",\"key\",\"count\",\"completed\"\r\n"
                                            "\"period\",\"2025-04-01\",\"2026-03-31\",\"\",\"\"\r\n"
                                            "\"visits\",\"\",\"total\",\"112\",\"109\"\r\n"));

  /* One day, both ends included. */
  wr_test_run_walkround (&period, data_dir, "summary", "--from", "2026-03-31", "--to", "2026-03-31", "--format", "csv", NULL);
  g_assert_cmpint (period.status, ==, 0);
  g_assert_nonnull (strstr (period.out, "\"month\",\"2026-03\",\"total\""));
  g_assert_null (strstr (period.out, "\"month\",\"2026-04\""));
}

static void
test_bad_arguments (void)
{
  const struct {
    const char *args[7];
    const char *message;
  } cases[] = {
    { { "--year", "26" }, "--year: “26” is not a year" },
    { { "--year", "2026", "--from", "2026-04-01", "--to", "2026-05-01" }, "give either --year or --from and --to" },
    { { "--from", "2026-02-30", "--to", "2026-03-01" }, "--from: “2026-02-30” is not a date" },
    { { "--from", "2026-04-01", "--to", "31/03/2027" }, "--to: “31/03/2027” is not a date" },
    { { "--from", "2026-04-02", "--to", "2026-04-01" }, "--from 2026-04-02 is after --to 2026-04-01" },
    { { "--from", "2026-04-01" }, "--from needs --to too" },
    { { "--format", "pdf" }, "--format: “pdf” is not a summary format" },
    { { "2026" }, "summary takes only options" },
    { { "--bogus" }, "--bogus" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(WrTestRun) run = { 0 };

      /* Each case's arguments end with a NULL of their own. */
      wr_test_run_walkround (&run, data_dir, "summary", cases[i].args[0], cases[i].args[1], cases[i].args[2],
                             cases[i].args[3], cases[i].args[4], cases[i].args[5], NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      if (strstr (run.err, cases[i].message) == NULL)
        g_error ("case %u: expected “%s” in “%s”", i, cases[i].message, run.err);
    }
}

static void
test_help (void)
{
  g_auto(WrTestRun) help = { 0 };
  g_auto(WrTestRun) own = { 0 };

  wr_test_run_walkround (&help, data_dir, "help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "  summary "));

  wr_test_run_walkround (&own, data_dir, "summary", "--help", NULL);
  g_assert_cmpint (own.status, ==, 0);
  g_assert_nonnull (strstr (own.out, "--year"));
}

int
main (int   argc,
      char *argv[])
{
  g_auto(WrTestRun) demo = { 0 };
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  data_dir = g_build_filename (g_get_tmp_dir (), "walkround-test-cli-summary-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (data_dir));
  wr_test_run_walkround (&demo, data_dir, "demo", "--visits", "300", "--seed", "17", "--today", "2026-11-27", NULL);
  g_assert_cmpint (demo.status, ==, 0);

  g_test_add_func ("/walkround/cli/summary/xml", test_xml);
  g_test_add_func ("/walkround/cli/summary/text-and-csv", test_text_and_csv);
  g_test_add_func ("/walkround/cli/summary/bad-arguments", test_bad_arguments);
  g_test_add_func ("/walkround/cli/summary/help", test_help);

  status = g_test_run ();

  {
    const char *rm_argv[] = { "rm", "-rf", data_dir, NULL };

    g_spawn_sync (NULL, (char **) rm_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (data_dir);

  return status;
}
