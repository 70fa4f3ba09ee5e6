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
#include <sys/wait.h>

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static char *data_dir;

static void
run_walkround (Run        *run,
               const char *first_arg,
               ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  const char *bin = g_getenv ("WALKROUND_BIN");
  const char *arg;
  int wait_status;
  va_list args;

  g_assert_nonnull (bin);

  g_ptr_array_add (argv, (gpointer) bin);
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, data_dir);
  va_start (args, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);

  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

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
assert_valid (const char *text)
{
  const char *xmllint = g_getenv ("XMLLINT");
  g_autofree char *schema = g_test_build_filename (G_TEST_DIST, "..", "data", "schema", "summary.xsd", NULL);
  g_autofree char *path = g_build_filename (data_dir, "summary.xml", NULL);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { xmllint, "--noout", "--nonet", "--schema", schema, path, NULL };
  int status;

  if (xmllint == NULL || xmllint[0] == '\0')
    return;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("xmllint refused the summary: %s", err);
}

static void
test_xml (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) export = { 0 };
  g_autofree char *total = NULL;

  run_walkround (&run, "summary", "--year", "2025", "--format", "xml", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  assert_valid (run.out);

  /* Counted by hand for seed 17, 300 visits up to 27 November 2026. */
  g_assert_nonnull (strstr (run.out, "<summary format-version=\"1\" from=\"2025-04-01\" to=\"2026-03-31\""));
  g_assert_nonnull (strstr (run.out, "<visits total=\"112\" completed=\"109\" draft=\"3\">"));
  g_assert_nonnull (strstr (run.out, "<kind id=\"fifteen-steps\" visits=\"35\" completed=\"35\"/>"));
  g_assert_nonnull (strstr (run.out, "<kind id=\"custom\" visits=\"0\" completed=\"0\"/>"));
  g_assert_cmpuint (count (run.out, "<month id="), ==, 12);

  /* Drafts included, as export --status all holds them. */
  run_walkround (&export, "export", "-o", "-", "--status", "all", "--from", "2025-04-01", "--to", "2026-03-31", NULL);
  g_assert_cmpint (export.status, ==, 0);
  total = g_strdup_printf ("<visits total=\"%u\"", count (export.out, "<visit "));
  g_assert_nonnull (strstr (run.out, total));
}

static void
test_text_and_csv (void)
{
  g_auto(Run) text = { 0 };
  g_auto(Run) csv = { 0 };
  g_auto(Run) period = { 0 };

  run_walkround (&text, "summary", "--year", "2025", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_true (g_str_has_prefix (text.out, "Summary of financial year 2025–26: 1 Apr 2025 to 31 Mar 2026\n"));
  g_assert_nonnull (strstr (text.out, "Visits: 112 (109 completed, 3 draft)\n"));

  run_walkround (&csv, "summary", "--year", "2025", "--format", "csv", NULL);
  g_assert_cmpint (csv.status, ==, 0);
  g_assert_true (g_str_has_prefix (csv.out, "\"figure\",\"group\",\"key\",\"count\",\"completed\"\r\n"
                                            "\"period\",\"2025-04-01\",\"2026-03-31\",\"\",\"\"\r\n"
                                            "\"visits\",\"\",\"total\",\"112\",\"109\"\r\n"));

  /* One day, both ends included. */
  run_walkround (&period, "summary", "--from", "2026-03-31", "--to", "2026-03-31", "--format", "csv", NULL);
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
      g_auto(Run) run = { 0 };

      /* args[6] is always NULL: the end of the list. */
      run_walkround (&run, "summary", cases[i].args[0], cases[i].args[1], cases[i].args[2], cases[i].args[3],
                     cases[i].args[4], cases[i].args[5], cases[i].args[6]);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      if (strstr (run.err, cases[i].message) == NULL)
        g_error ("case %u: expected “%s” in “%s”", i, cases[i].message, run.err);
    }
}

static void
test_help (void)
{
  g_auto(Run) help = { 0 };
  g_auto(Run) own = { 0 };

  run_walkround (&help, "help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "  summary "));

  run_walkround (&own, "summary", "--help", NULL);
  g_assert_cmpint (own.status, ==, 0);
  g_assert_nonnull (strstr (own.out, "--year"));
}

int
main (int   argc,
      char *argv[])
{
  g_auto(Run) demo = { 0 };
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  data_dir = g_build_filename (g_get_tmp_dir (), "walkround-test-cli-summary-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (data_dir));
  run_walkround (&demo, "demo", "--visits", "300", "--seed", "17", "--today", "2026-11-27", NULL);
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
