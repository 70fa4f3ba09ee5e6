/* test-cli-forms.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

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
good (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "forms", "good", name, NULL);
}

static char *
bad (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "forms", "bad", name, NULL);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\n')
        n++;
    }

  return n;
}

static void
test_validate_good (void)
{
  g_autofree char *minimal = good ("minimal.xml");
  g_autofree char *types = good ("all-types.xml");
  g_autofree char *expected = NULL;
  g_auto(Run) run = { 0 };

  run_walkround (&run, "validate-form", minimal, types);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpuint (count_lines (run.out), ==, 2);
  expected = g_strdup_printf ("%s: OK: minimal version 1, custom, 1 question\n", minimal);
  g_assert_true (g_str_has_prefix (run.out, expected));
  g_assert_nonnull (strstr (run.out, "all-types version 3, custom, 12 questions\n"));
}

static void
test_validate_bad (void)
{
  g_autofree char *minimal = good ("minimal.xml");
  g_autofree char *unknown_type = bad ("unknown-type.xml");
  g_autofree char *later = bad ("relevant-later-question.xml");
  g_autofree char *expected = NULL;
  g_auto(Run) run = { 0 };
  g_auto(Run) mixed = { 0 };

  run_walkround (&run, "validate-form", unknown_type);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  expected = g_strdup_printf ("%s:8: question 'q1' has type 'yesno'; expected one of yes-no-na, rating,", unknown_type);
  g_assert_true (g_str_has_prefix (run.err, expected));
  g_assert_cmpuint (count_lines (run.err), ==, 1);

  /* Valid files are still reported OK; one bad file makes the exit 1. */
  run_walkround (&mixed, "validate-form", minimal, later, minimal);
  g_assert_cmpint (mixed.status, ==, 1);
  g_assert_cmpuint (count_lines (mixed.out), ==, 2);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("%s:11: the condition on question 'q1' refers to question 'q2', which comes later", later);
  g_assert_true (g_str_has_prefix (mixed.err, expected));
}

static void
test_validate_every_problem (void)
{
  g_autofree char *dir = g_dir_make_tmp ("walkround-test-cli-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "two-problems.xml", NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_auto(Run) run = { 0 };

  g_file_set_contents (path,
                       "<form xmlns='https://walkround.github.io/ns/form/1' id='x' version='1' kind='custom' xml:lang='en'>\n"
                       "<title>X</title>\n"
                       "<section id='s' domain='catering'><title>S</title>\n"
                       "<question id='q' type='text'><label>Q</label><evidence regulations='21'/></question>\n"
                       "</section></form>\n", -1, NULL);

  run_walkround (&run, "validate-form", path);
  g_assert_cmpint (run.status, ==, 1);
  first = g_strdup_printf ("%s:3: section 's' names unknown domain 'catering'", path);
  second = g_strdup_printf ("\n%s:4: question 'q' links to unknown regulation '21'", path);
  g_assert_true (g_str_has_prefix (run.err, first));
  g_assert_nonnull (strstr (run.err, second));
  g_assert_cmpuint (count_lines (run.err), ==, 2);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_validate_missing_file (void)
{
  g_auto(Run) run = { 0 };

  run_walkround (&run, "validate-form", "no-such-form.xml");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "no-such-form.xml:1: cannot open the file: No such file or directory\n");
}

static void
test_validate_usage (void)
{
  g_auto(Run) none = { 0 };
  g_auto(Run) option = { 0 };
  g_auto(Run) help = { 0 };
  g_auto(Run) listed = { 0 };

  run_walkround (&none, "validate-form");
  g_assert_cmpint (none.status, ==, 2);
  g_assert_nonnull (strstr (none.err, "needs at least one form file"));

  run_walkround (&option, "validate-form", "--frobnicate", "x.xml");
  g_assert_cmpint (option.status, ==, 2);
  g_assert_nonnull (strstr (option.err, "--frobnicate"));

  run_walkround (&help, "validate-form", "--help");
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "Usage:"));
  g_assert_nonnull (strstr (help.out, "FILE:LINE: message"));

  run_walkround (&listed, "help");
  g_assert_nonnull (strstr (listed.out, "\n  validate-form "));
  g_assert_nonnull (strstr (listed.out, "\n  forms "));
}

static void
test_forms (void)
{
  g_autofree char *dir = g_dir_make_tmp ("walkround-test-cli-XXXXXX", NULL);
  g_auto(Run) run = { 0 };
  g_auto(GStrv) lines = NULL;
  const char *ids[] = { "quality-visit", "ned-visit", "fifteen-steps", "practice-self-assessment" };
  const char *kinds[] = { "quality-visit", "ned-visit", "fifteen-steps", "self-assessment" };
  const char *column;

  run_walkround (&run, "--data-dir", dir, "forms");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  lines = g_strsplit (run.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 6);
  g_assert_true (g_str_has_prefix (lines[0], "ID "));
  g_assert_nonnull (strstr (lines[0], "VERSION"));
  g_assert_nonnull (strstr (lines[0], "SOURCE"));
  g_assert_nonnull (strstr (lines[0], "DEFAULT"));
  g_assert_true (g_str_has_suffix (lines[0], "TITLE"));

  /* The columns line up: every title starts where the header's does. */
  column = strstr (lines[0], "TITLE");
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *start = g_strdup_printf ("%s ", ids[i]);

      g_assert_true (g_str_has_prefix (lines[i + 1], start));
      g_assert_nonnull (strstr (lines[i + 1], kinds[i]));
      g_assert_nonnull (strstr (lines[i + 1], " built-in "));
      g_assert_nonnull (strstr (lines[i + 1], " default "));
      g_assert_cmpint (lines[i + 1][column - lines[0] - 1], ==, ' ');
      g_assert_cmpint (lines[i + 1][column - lines[0]], !=, ' ');
    }
  g_assert_true (g_str_has_suffix (lines[1], "Quality visit"));

  g_rmdir (dir);
}

static void
test_forms_with_user_forms (void)
{
  g_autofree char *dir = g_dir_make_tmp ("walkround-test-cli-XXXXXX", NULL);
  g_autofree char *forms = g_build_filename (dir, "forms", NULL);
  g_autofree char *broken = g_build_filename (forms, "broken.xml", NULL);
  g_autofree char *newer = g_build_filename (forms, "newer.xml", NULL);
  g_autofree char *expected = NULL;
  g_auto(Run) run = { 0 };
  g_auto(Run) all = { 0 };

  g_assert_cmpint (g_mkdir_with_parents (forms, 0700), ==, 0);
  g_file_set_contents (broken, "<form", -1, NULL);
  g_file_set_contents (newer,
                       "<form xmlns='https://walkround.github.io/ns/form/1' id='ned-visit' version='2' kind='ned-visit' xml:lang='en-GB'>"
                       "<title>Board visit</title><section id='s'><title>S</title>"
                       "<question id='q' type='text'><label>Q</label></question></section></form>", -1, NULL);

  /* Every version: the user's version 2 is the default, the built-in 1 kept. */
  run_walkround (&run, "--data-dir", dir, "forms");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (count_lines (run.out), ==, 6);
  g_assert_true (g_regex_match_simple ("^ned-visit +2 +ned-visit +user +default +Board visit$",
                                       run.out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^ned-visit +1 +ned-visit +built-in +- +Non-executive director visit$",
                                       run.out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_str_has_prefix (run.err, "walkround: 1 form could not be loaded:\n"));
  expected = g_strdup_printf ("\n%s:1: not well-formed XML", broken);
  g_assert_nonnull (strstr (run.err, expected));

  /* --all, kept for scripts, shows the same. */
  run_walkround (&all, "--data-dir", dir, "forms", "--all");
  g_assert_cmpint (all.status, ==, 0);
  g_assert_cmpstr (all.out, ==, run.out);

  g_unlink (broken);
  g_unlink (newer);
  g_rmdir (forms);
  g_rmdir (dir);
}

static void
test_forms_usage (void)
{
  g_auto(Run) run = { 0 };

  run_walkround (&run, "forms", "extra");
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "forms takes no arguments"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/walkround/cli/validate-form/good", test_validate_good);
  g_test_add_func ("/walkround/cli/validate-form/bad", test_validate_bad);
  g_test_add_func ("/walkround/cli/validate-form/every-problem", test_validate_every_problem);
  g_test_add_func ("/walkround/cli/validate-form/missing-file", test_validate_missing_file);
  g_test_add_func ("/walkround/cli/validate-form/usage", test_validate_usage);
  g_test_add_func ("/walkround/cli/forms/built-in", test_forms);
  g_test_add_func ("/walkround/cli/forms/user-forms", test_forms_with_user_forms);
  g_test_add_func ("/walkround/cli/forms/usage", test_forms_usage);

  return g_test_run ();
}
