/* test-cli-import.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* "walkround import" as a user runs it: the real binary, no display. */

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

static void
run_walkround (Run        *run,
               const char *data_dir,
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
  g_ptr_array_add (argv, (gpointer) data_dir);
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

  run->status = wr_test_exit_status (wait_status);
}

static char *
new_data_dir (const char *name)
{
  /* The cache folder is this test's own (G_TEST_OPTION_ISOLATE_DIRS). */
  return g_build_filename (g_get_user_cache_dir (), name, NULL);
}

static char *
pack (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "packs", name, NULL);
}

static void
test_import (void)
{
  g_autofree char *dir = new_data_dir ("import");
  g_autofree char *example = pack ("example.xml");
  g_autofree char *form = g_build_filename (dir, "forms", "example-walk-v1.xml", NULL);
  g_auto(Run) first = { 0 };
  g_auto(Run) again = { 0 };

  run_walkround (&first, dir, "import", example, NULL);
  g_assert_cmpint (first.status, ==, 0);
  g_assert_cmpstr (first.out, ==, "2 new, 0 updated, 0 unchanged, 0 conflicts\n");
  g_assert_cmpstr (first.err, ==, "");
  g_assert_true (g_file_test (form, G_FILE_TEST_IS_REGULAR));

  run_walkround (&again, dir, "import", example, NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_cmpstr (again.out, ==, "0 new, 0 updated, 2 unchanged, 0 conflicts\n");
}

static void
test_dry_run (void)
{
  g_autofree char *dir = new_data_dir ("dry-run");
  g_autofree char *example = pack ("example.xml");
  g_autofree char *forms = g_build_filename (dir, "forms", NULL);
  g_auto(Run) dry = { 0 };
  g_auto(Run) real = { 0 };

  run_walkround (&dry, dir, "import", "--dry-run", example, NULL);
  g_assert_cmpint (dry.status, ==, 0);
  g_assert_cmpstr (dry.out, ==, "2 new, 0 updated, 0 unchanged, 0 conflicts\n");
  g_assert_cmpstr (dry.err, ==, "walkround: a dry run: nothing was changed\n");
  g_assert_false (g_file_test (forms, G_FILE_TEST_EXISTS));

  /* Nothing was changed: the real import still finds both visits new. */
  run_walkround (&real, dir, "import", example, NULL);
  g_assert_cmpint (real.status, ==, 0);
  g_assert_cmpstr (real.out, ==, "2 new, 0 updated, 0 unchanged, 0 conflicts\n");
}

static void
test_bad_pack (void)
{
  g_autofree char *dir = new_data_dir ("bad");
  g_autofree char *example = pack ("example.xml");
  g_autofree char *bad = g_test_build_filename (G_TEST_DIST, "data", "packs", "bad", "changed-answer.xml", NULL);
  g_autofree char *expected = NULL;
  g_auto(Run) refused = { 0 };
  g_auto(Run) then = { 0 };
  g_auto(Run) usage = { 0 };
  g_auto(Run) missing = { 0 };

  expected = g_strdup_printf ("walkround: %s:94: visit 7b1e3b9f-2c8d-4a4f-8e63-1f9d5c8b2a44: the digest does not match "
                              "its content; the pack was changed or damaged after it was written\n"
                              "walkround: nothing was imported\n", bad);

  run_walkround (&refused, dir, "import", bad, NULL);
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_cmpstr (refused.out, ==, "");
  g_assert_cmpstr (refused.err, ==, expected);

  run_walkround (&then, dir, "import", example, NULL);
  g_assert_cmpstr (then.out, ==, "2 new, 0 updated, 0 unchanged, 0 conflicts\n");

  run_walkround (&usage, dir, "import", NULL);
  g_assert_cmpint (usage.status, ==, 2);

  run_walkround (&missing, dir, "import", "/nonexistent/pack.xml", NULL);
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_nonnull (strstr (missing.err, "/nonexistent/pack.xml"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/walkround/cli/import/import", test_import);
  g_test_add_func ("/walkround/cli/import/dry-run", test_dry_run);
  g_test_add_func ("/walkround/cli/import/bad-pack", test_bad_pack);

  return g_test_run ();
}
