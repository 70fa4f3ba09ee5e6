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
  g_auto(WrTestRun) first = { 0 };
  g_auto(WrTestRun) again = { 0 };

  wr_test_run_walkround (&first, dir, "import", example, NULL);
  g_assert_cmpint (first.status, ==, 0);
  g_assert_cmpstr (first.out, ==, "2 new, 0 updated, 0 unchanged, 0 conflicts\n");
  g_assert_cmpstr (first.err, ==, "");
  g_assert_true (g_file_test (form, G_FILE_TEST_IS_REGULAR));

  wr_test_run_walkround (&again, dir, "import", example, NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_cmpstr (again.out, ==, "0 new, 0 updated, 2 unchanged, 0 conflicts\n");
}

static void
test_dry_run (void)
{
  g_autofree char *dir = new_data_dir ("dry-run");
  g_autofree char *example = pack ("example.xml");
  g_autofree char *forms = g_build_filename (dir, "forms", NULL);
  g_auto(WrTestRun) dry = { 0 };
  g_auto(WrTestRun) real = { 0 };

  wr_test_run_walkround (&dry, dir, "import", "--dry-run", example, NULL);
  g_assert_cmpint (dry.status, ==, 0);
  g_assert_cmpstr (dry.out, ==, "2 new, 0 updated, 0 unchanged, 0 conflicts\n");
  g_assert_cmpstr (dry.err, ==, "walkround: a dry run: nothing was changed\n");
  g_assert_false (g_file_test (forms, G_FILE_TEST_EXISTS));

  /* Nothing was changed: the real import still finds both visits new. */
  wr_test_run_walkround (&real, dir, "import", example, NULL);
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
  g_auto(WrTestRun) refused = { 0 };
  g_auto(WrTestRun) then = { 0 };
  g_auto(WrTestRun) usage = { 0 };
  g_auto(WrTestRun) missing = { 0 };

  expected = g_strdup_printf ("walkround: %s:94: visit 7b1e3b9f-2c8d-4a4f-8e63-1f9d5c8b2a44: the digest does not match "
                              "its content; the pack was changed or damaged after it was written\n"
                              "walkround: nothing was imported\n", bad);

  wr_test_run_walkround (&refused, dir, "import", bad, NULL);
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_cmpstr (refused.out, ==, "");
  g_assert_cmpstr (refused.err, ==, expected);

  wr_test_run_walkround (&then, dir, "import", example, NULL);
  g_assert_cmpstr (then.out, ==, "2 new, 0 updated, 0 unchanged, 0 conflicts\n");

  wr_test_run_walkround (&usage, dir, "import", NULL);
  g_assert_cmpint (usage.status, ==, 2);

  wr_test_run_walkround (&missing, dir, "import", "/nonexistent/pack.xml", NULL);
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
