/* test-cli.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

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

/* Runs the real binary with no display at all, as over SSH or in CI: if a
 * command initialised GTK it would fail to open a display and exit non-zero.
 */
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
  va_start (args, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  envp = g_environ_unsetenv (envp, "DBUS_SESSION_BUS_ADDRESS");
  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);

  run->status = wr_test_exit_status (wait_status);
}

static void
test_version (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) word = { 0 };

  run_walkround (&run, "--version", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "walkround " PACKAGE_VERSION "\n");
  g_assert_cmpstr (run.err, ==, "");

  run_walkround (&word, "version", NULL);
  g_assert_cmpint (word.status, ==, 0);
  g_assert_cmpstr (word.out, ==, run.out);
}

static void
test_help (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) option = { 0 };

  run_walkround (&run, "help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "Usage: walkround"));
  g_assert_nonnull (strstr (run.out, "\n  help "));
  g_assert_nonnull (strstr (run.out, "\n  version "));
  g_assert_nonnull (strstr (run.out, "--data-dir DIR"));
  g_assert_nonnull (strstr (run.out, "WALKROUND_DATA_DIR"));
  g_assert_cmpstr (run.err, ==, "");

  run_walkround (&option, "--help", NULL);
  g_assert_cmpint (option.status, ==, 0);
  g_assert_cmpstr (option.out, ==, run.out);
}

static void
test_help_command (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) unknown = { 0 };

  run_walkround (&run, "help", "version", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "Usage: walkround [--data-dir DIR] version"));

  run_walkround (&unknown, "help", "no-such-command", NULL);
  g_assert_cmpint (unknown.status, ==, 2);
  g_assert_nonnull (strstr (unknown.err, "no-such-command"));
}

static void
test_unknown_command (void)
{
  g_auto(Run) run = { 0 };

  run_walkround (&run, "exprot", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "unknown command “exprot”"));
  g_assert_nonnull (strstr (run.err, "walkround help"));
}

static void
test_bad_arguments (void)
{
  g_auto(Run) no_dir = { 0 };
  g_auto(Run) empty_dir = { 0 };
  g_auto(Run) extra = { 0 };
  g_auto(Run) with_dir = { 0 };

  run_walkround (&no_dir, "--data-dir", NULL);
  g_assert_cmpint (no_dir.status, ==, 2);
  g_assert_nonnull (strstr (no_dir.err, "--data-dir needs a folder"));

  run_walkround (&empty_dir, "--data-dir=", "version", NULL);
  g_assert_cmpint (empty_dir.status, ==, 2);

  run_walkround (&extra, "version", "now", NULL);
  g_assert_cmpint (extra.status, ==, 2);
  g_assert_nonnull (strstr (extra.err, "version takes no arguments"));

  /* A global option before the command is taken, not passed on. */
  run_walkround (&with_dir, "--data-dir", g_get_tmp_dir (), "version", NULL);
  g_assert_cmpint (with_dir.status, ==, 0);
  g_assert_cmpstr (with_dir.out, ==, "walkround " PACKAGE_VERSION "\n");
}

/* Runs with WALKROUND_PKGDATADIR set to @pkgdatadir, as an uninstalled
 * build run from the wrong place would be.
 */
static void
run_demo_with_data (Run        *run,
                    const char *pkgdatadir,
                    const char *data_dir)
{
  g_autofree char *saved = g_strdup (g_getenv ("WALKROUND_PKGDATADIR"));

  g_setenv ("WALKROUND_PKGDATADIR", pkgdatadir, TRUE);
  run_walkround (run, "--data-dir", data_dir, "demo", "--visits", "3", NULL);
  if (saved != NULL)
    g_setenv ("WALKROUND_PKGDATADIR", saved, TRUE);
  else
    g_unsetenv ("WALKROUND_PKGDATADIR");
}

/* Without its data folder, the demo says so and where it looked, instead
 * of naming a form it lacks; and it adds nothing.
 */
static void
test_missing_data (void)
{
  g_autofree char *dir = g_dir_make_tmp ("walkround-test-cli-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-data", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty-data", NULL);
  g_autofree char *data = g_build_filename (dir, "store", NULL);
  g_autofree char *quoted_missing = g_strdup_printf ("“%s” (from WALKROUND_PKGDATADIR)", missing);
  g_autofree char *quoted_empty = g_strdup_printf ("“%s” (from WALKROUND_PKGDATADIR)", empty);
#ifdef G_OS_WIN32
  /* Beside walkround.exe, wherever that is (wr-platform.c). */
  g_autofree char *quoted_installed = g_strdup ("\\share\\walkround”");
#else
  g_autofree char *quoted_installed = g_strdup_printf ("“%s”", PKGDATADIR);
#endif
  g_auto(Run) demo = { 0 };
  g_auto(Run) empty_demo = { 0 };
  g_auto(Run) exported = { 0 };
  const char *rm_argv[] = { "rm", "-rf", dir, NULL };

  /* An installed Walkround would be found after the missing folder. */
  if (g_file_test (PKGDATADIR "/forms", G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("Walkround is installed in " PKGDATADIR);
      g_spawn_sync (NULL, (char **) rm_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
      return;
    }

  run_demo_with_data (&demo, missing, data);
  g_assert_cmpint (demo.status, ==, 1);
  g_assert_true (g_str_has_prefix (demo.err, "walkround: "));
  if (!g_file_test (PKGDATADIR, G_FILE_TEST_IS_DIR))
    g_assert_nonnull (strstr (demo.err, "data folder was not found"));
  g_assert_nonnull (strstr (demo.err, quoted_missing));
  g_assert_nonnull (strstr (demo.err, quoted_installed));
  g_assert_nonnull (strstr (demo.err, "“forms”"));
  g_assert_null (strstr (demo.err, "ned-visit"));

  /* A data folder that is there but lacks the forms is a damaged one. */
  g_assert_cmpint (g_mkdir (empty, 0700), ==, 0);
  run_demo_with_data (&empty_demo, empty, data);
  g_assert_cmpint (empty_demo.status, ==, 1);
  g_assert_nonnull (strstr (empty_demo.err, "data folder has no “forms”"));
  g_assert_nonnull (strstr (empty_demo.err, quoted_empty));
  g_assert_nonnull (strstr (empty_demo.err, quoted_installed));

  run_walkround (&exported, "--data-dir", data, "export", "-o", "-", NULL);
  g_assert_cmpint (exported.status, ==, 0);
  g_assert_cmpstr (exported.err, ==, "Wrote 0 visits to standard output\n");

  g_spawn_sync (NULL, (char **) rm_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/walkround/cli/version", test_version);
  g_test_add_func ("/walkround/cli/help", test_help);
  g_test_add_func ("/walkround/cli/help-command", test_help_command);
  g_test_add_func ("/walkround/cli/unknown-command", test_unknown_command);
  g_test_add_func ("/walkround/cli/bad-arguments", test_bad_arguments);
  g_test_add_func ("/walkround/cli/missing-data", test_missing_data);

  return g_test_run ();
}
