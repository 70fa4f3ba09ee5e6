/* test-cli-report.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wr-core-test-utils.h"

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

/* How many visit contents the database counts as seen. */
static int
count_seen (const char *data)
{
  g_autofree char *path = g_build_filename (data, "walkround.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM seen_digests", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return n;
}

/* Runs the real binary without a display, as over SSH or in CI. */
static void
run_walkroundv (Run         *run,
                const char **args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  const char *bin = g_getenv ("WALKROUND_BIN");
  int wait_status;

  g_assert_nonnull (bin);

  g_ptr_array_add (argv, (gpointer) bin);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  envp = g_environ_unsetenv (envp, "DBUS_SESSION_BUS_ADDRESS");
  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);
  envp = g_environ_unsetenv (envp, "LANGUAGE");

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);

  run->status = wr_test_exit_status (wait_status);
}

#define run_walkround(run, ...) run_walkroundv (run, (const char *[]) { __VA_ARGS__, NULL })

static char *
example_pack (void)
{
  return g_test_build_filename (G_TEST_DIST, "data", "packs", "example.xml", NULL);
}

static void
test_html (void)
{
  g_autofree char *dir = g_dir_make_tmp ("walkround-test-cli-XXXXXX", NULL);
  g_autofree char *pack = example_pack ();
  g_autofree char *output = g_build_filename (dir, "report.html", NULL);
  g_autofree char *html = NULL;
  g_auto(Run) run = { 0 };

  run_walkround (&run, "report", "--format", "html", "--output", output, "--pack", pack);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, output));

  g_assert_true (g_file_get_contents (output, &html, NULL, NULL));
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
  g_assert_nonnull (strstr (html, "Regulation 15: Premises and equipment"));

  g_unlink (output);
  g_rmdir (dir);
}

static void
test_csv (void)
{
  g_autofree char *dir = g_dir_make_tmp ("walkround-test-cli-XXXXXX", NULL);
  g_autofree char *pack = example_pack ();
  g_autofree char *folder = g_build_filename (dir, "tables", NULL);
  const char *names[] = { "visits.csv", "answers.csv", "observations.csv", "actions.csv" };
  g_auto(Run) run = { 0 };

  run_walkround (&run, "report", "--format", "csv", "--output", folder, "--pack", pack);
  g_assert_cmpint (run.status, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (folder, names[i], NULL);

      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
      g_unlink (path);
    }

  g_rmdir (folder);
  g_rmdir (dir);
}

static void
test_usage (void)
{
  g_autofree char *dir = g_dir_make_tmp ("walkround-test-cli-XXXXXX", NULL);
  g_autofree char *pack = example_pack ();
  g_autofree char *output = g_build_filename (dir, "report.pdf", NULL);
  g_auto(Run) format = { 0 };
  g_auto(Run) no_output = { 0 };
  g_auto(Run) folder = { 0 };
  g_auto(Run) extra = { 0 };

  run_walkround (&format, "report", "--format", "docx", "--output", output, "--pack", pack);
  g_assert_cmpint (format.status, ==, 2);
  g_assert_nonnull (strstr (format.err, "“docx” is not a report format; use html, pdf, csv or xlsx"));

  run_walkround (&no_output, "report", "--format", "html", "--pack", pack);
  g_assert_cmpint (no_output.status, ==, 2);
  g_assert_nonnull (strstr (no_output.err, "--output"));

  run_walkround (&folder, "report", "--format", "html", "--output", dir, "--pack", pack);
  g_assert_cmpint (folder.status, ==, 2);
  g_assert_nonnull (strstr (folder.err, "is a folder"));

  run_walkround (&extra, "report", "--format", "html", "--output", output, "--pack", pack, "more");
  g_assert_cmpint (extra.status, ==, 2);

  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  g_rmdir (dir);
}

static void
test_failures (void)
{
  g_autofree char *dir = g_dir_make_tmp ("walkround-test-cli-XXXXXX", NULL);
  g_autofree char *pack = example_pack ();
  g_autofree char *form = g_test_build_filename (G_TEST_DIST, "data", "packs", "example-form.xml", NULL);
  g_autofree char *output = g_build_filename (dir, "report.html", NULL);
  g_autofree char *unwritable = g_build_filename (dir, "missing", "report.html", NULL);
  g_auto(Run) not_pack = { 0 };
  g_auto(Run) cannot_write = { 0 };

  run_walkround (&not_pack, "report", "--format", "html", "--output", output, "--pack", form);
  g_assert_cmpint (not_pack.status, ==, 1);
  g_assert_nonnull (strstr (not_pack.err, "is not a Walkround evidence pack"));
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));

  run_walkround (&cannot_write, "report", "--format", "html", "--output", unwritable, "--pack", pack);
  g_assert_cmpint (cannot_write.status, ==, 1);
  g_assert_nonnull (strstr (cannot_write.err, "Could not create a file in the folder"));

  g_rmdir (dir);
}

/* A pack refused part way through, for each reason the reader stops
 * early: a visit's digest, the schema, XML cut short. In the sanitizer
 * build LeakSanitizer checks each run, so the schema checker that stops
 * in the middle of the pack must be freed in full (see
 * _wr_xml_free_valid_ctxt()): a leak aborts the process.
 */
static void
test_refused_packs (void)
{
  const struct { const char *file; const char *message; } cases[] = {
    { "changed-answer.xml", "has been changed or damaged since the pack was made" },
    { "invalid-element.xml", "this is not a valid evidence pack" },
    { "truncated.xml", "this is not well-formed XML" },
  };
  g_autofree char *dir = g_dir_make_tmp ("walkround-test-cli-XXXXXX", NULL);
  g_autofree char *folder = g_build_filename (dir, "tables", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *pack = g_test_build_filename (G_TEST_DIST, "data", "packs", "bad", cases[i].file, NULL);
      g_auto(Run) run = { 0 };

      run_walkround (&run, "report", "--format", "csv", "--pack", pack, "--output", folder);
      g_test_message ("%s: %s", cases[i].file, run.err);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_nonnull (strstr (run.err, cases[i].message));
      g_assert_null (strstr (run.err, "LeakSanitizer"));
      g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
    }

  g_rmdir (dir);
}

/* Symbolic links and /dev/null are POSIX's; Windows has neither. */
#ifdef G_OS_UNIX
static gboolean
is_type (const char *path,
         guint       type)
{
  GStatBuf st;

  return g_lstat (path, &st) == 0 && (st.st_mode & S_IFMT) == type;
}

/* A report to a symbolic link keeps the link and fills its target; one to
 * a device writes to it and never replaces it (run as root, it replaced
 * /dev/null).
 */
static void
test_links_and_devices (void)
{
  g_autofree char *dir = g_dir_make_tmp ("walkround-test-cli-XXXXXX", NULL);
  g_autofree char *pack = example_pack ();
  g_autofree char *elsewhere = g_build_filename (dir, "elsewhere", NULL);
  g_autofree char *link = g_build_filename (dir, "report.html", NULL);
  g_autofree char *real = g_build_filename (elsewhere, "real.html", NULL);
  g_autofree char *tables = g_build_filename (dir, "tables", NULL);
  g_autofree char *actions_link = g_build_filename (tables, "actions.csv", NULL);
  g_autofree char *actions = g_build_filename (elsewhere, "actions.csv", NULL);
  g_autofree char *html = NULL;
  g_autofree char *csv = NULL;
  g_auto(Run) linked = { 0 };
  g_auto(Run) linked_csv = { 0 };
  g_auto(Run) null = { 0 };
  const char *rm_argv[] = { "rm", "-rf", dir, NULL };

  g_assert_cmpint (g_mkdir (elsewhere, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (tables, 0700), ==, 0);
  g_assert_cmpint (symlink ("elsewhere/real.html", link), ==, 0);
  g_assert_cmpint (symlink (actions, actions_link), ==, 0);

  run_walkround (&linked, "report", "--format", "html", "--output", link, "--pack", pack);
  g_assert_cmpint (linked.status, ==, 0);
  g_assert_true (is_type (link, S_IFLNK));
  g_assert_true (g_file_get_contents (real, &html, NULL, NULL));
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));

  run_walkround (&linked_csv, "report", "--format", "csv", "--output", tables, "--pack", pack);
  g_assert_cmpint (linked_csv.status, ==, 0);
  g_assert_true (is_type (actions_link, S_IFLNK));
  g_assert_true (g_file_get_contents (actions, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "\xef\xbb\xbf\"visit\""));

  /* Last: a build that replaces links has failed above, before it can
   * replace /dev/null.
   */
  g_assert_true (is_type ("/dev/null", S_IFCHR));
  run_walkround (&null, "report", "--format", "html", "--output", "/dev/null", "--pack", pack);
  g_assert_cmpint (null.status, ==, 0);
  g_assert_true (is_type ("/dev/null", S_IFCHR));

  g_spawn_sync (NULL, (char **) rm_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
}
#endif

/* Without --pack, the report is of this computer's visits, chosen by the
 * export's filters.
 */
static void
test_from_store (void)
{
  g_autofree char *dir = g_dir_make_tmp ("walkround-test-cli-XXXXXX", NULL);
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autofree char *output = g_build_filename (dir, "report.html", NULL);
  g_autofree char *html = NULL;
  g_auto(Run) demo = { 0 };
  g_auto(Run) report = { 0 };
  g_auto(Run) bad_filter = { 0 };
  g_auto(Run) tables = { 0 };
  g_autofree char *folder = g_build_filename (dir, "tables", NULL);
  g_autofree char *answers = g_build_filename (folder, "answers.csv", NULL);
  g_autofree char *csv = NULL;
  g_auto(Run) both = { 0 };
  g_autofree char *pack = example_pack ();

  run_walkround (&demo, "--data-dir", data, "demo", "--visits", "20", "--seed", "4");
  g_assert_cmpint (demo.status, ==, 0);

  run_walkround (&report, "--data-dir", data, "report", "--format", "html", "--output", output,
                 "--kind", "quality-visit", "--status", "completed");
  g_assert_cmpint (report.status, ==, 0);
  g_assert_true (g_file_get_contents (output, &html, NULL, NULL));
  g_assert_nonnull (strstr (html, "Completed visits only"));
  g_assert_null (strstr (html, "15 Steps Challenge</dd>"));

  /* Multi-choice answers, stored as values separated by spaces, are
   * named by their options' labels.
   */
  run_walkround (&tables, "--data-dir", data, "report", "--format", "csv", "--output", folder);
  g_assert_cmpint (tables.status, ==, 0);
  g_assert_true (g_file_get_contents (answers, &csv, NULL, NULL));
  g_assert_nonnull (strstr (csv, "\"carers staff\",\"Carers, relatives or friends; Staff who give care or provide the service\""));

  run_walkround (&bad_filter, "--data-dir", data, "report", "--format", "html", "--output", output,
                 "--regulation", "99");
  g_assert_cmpint (bad_filter.status, ==, 2);
  g_assert_nonnull (strstr (bad_filter.err, "--regulation"));

  run_walkround (&both, "--data-dir", data, "report", "--format", "html", "--output", output,
                 "--pack", pack, "--from", "2026-01-01");
  g_assert_cmpint (both.status, ==, 2);

  /* The packs made for reports never left the computer: nothing counts
   * as shared. An export to standard output does.
   */
  g_assert_cmpint (count_seen (data), ==, 0);
  {
    g_auto(Run) exported = { 0 };

    run_walkround (&exported, "--data-dir", data, "export", "--output", "-");
    g_assert_cmpint (exported.status, ==, 0);
    g_assert_nonnull (strstr (exported.out, "</evidence-pack>"));
    g_assert_cmpint (count_seen (data), ==, 20);
  }

  g_unlink (output);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/walkround/cli/report/html", test_html);
  g_test_add_func ("/walkround/cli/report/csv", test_csv);
  g_test_add_func ("/walkround/cli/report/usage", test_usage);
  g_test_add_func ("/walkround/cli/report/failures", test_failures);
  g_test_add_func ("/walkround/cli/report/refused-packs", test_refused_packs);
#ifdef G_OS_UNIX
  g_test_add_func ("/walkround/cli/report/links-and-devices", test_links_and_devices);
#endif
  g_test_add_func ("/walkround/cli/report/from-store", test_from_store);

  return g_test_run ();
}
