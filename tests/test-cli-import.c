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

/* Several packs, as a lead collects a team's: one after another, each on
 * its own. A refused one changes nothing and the others still go in; the
 * exit status says one was refused.
 */
static void
test_several (void)
{
  g_autofree char *dir = new_data_dir ("several");
  g_autofree char *example = pack ("example.xml");
  g_autofree char *bad = g_test_build_filename (G_TEST_DIST, "data", "packs", "bad", "changed-answer.xml", NULL);
  g_autofree char *expected_out = NULL;
  g_autofree char *expected_err = NULL;
  g_auto(WrTestRun) mixed = { 0 };
  g_auto(WrTestRun) dry = { 0 };
  g_auto(WrTestRun) again = { 0 };

  /* A dry run of both changes nothing and says what each would do. */
  wr_test_run_walkround (&dry, dir, "import", "--dry-run", example, example, NULL);
  g_assert_cmpint (dry.status, ==, 0);
  expected_out = g_strdup_printf ("%s: 2 new, 0 updated, 0 unchanged, 0 conflicts\n"
                                  "%s: 2 new, 0 updated, 0 unchanged, 0 conflicts\n"
                                  "total: 4 new, 0 updated, 0 unchanged, 0 conflicts\n", example, example);
  g_assert_cmpstr (dry.out, ==, expected_out);
  g_assert_cmpstr (dry.err, ==, "walkround: a dry run: nothing was changed\n");
  g_clear_pointer (&expected_out, g_free);

  wr_test_run_walkround (&mixed, dir, "import", example, bad, example, NULL);
  g_assert_cmpint (mixed.status, ==, 1);
  expected_out = g_strdup_printf ("%s: 2 new, 0 updated, 0 unchanged, 0 conflicts\n"
                                  "%s: 0 new, 0 updated, 2 unchanged, 0 conflicts\n"
                                  "total: 2 new, 0 updated, 2 unchanged, 0 conflicts\n", example, example);
  g_assert_cmpstr (mixed.out, ==, expected_out);
  expected_err = g_strdup_printf ("walkround: %s:94: visit 7b1e3b9f-2c8d-4a4f-8e63-1f9d5c8b2a44: the digest does not "
                                  "match its content; the pack was changed or damaged after it was written\n"
                                  "walkround: %s: refused; nothing of it was imported\n", bad, bad);
  g_assert_cmpstr (mixed.err, ==, expected_err);

  /* The good packs were imported: a single import finds nothing new. */
  wr_test_run_walkround (&again, dir, "import", example, NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_cmpstr (again.out, ==, "0 new, 0 updated, 2 unchanged, 0 conflicts\n");
}

/* "walkround import-services": Excel's Windows-1252 CSV is converted and
 * said so; a dry run and a file with a row to fix change nothing.
 */
static void
test_import_services (void)
{
  g_autofree char *dir = new_data_dir ("services");
  g_autofree char *csv = g_build_filename (g_get_user_cache_dir (), "services.csv", NULL);
  g_autofree char *bad = g_build_filename (g_get_user_cache_dir (), "bad.csv", NULL);
  g_autofree char *note = NULL;
  g_auto(WrTestRun) dry = { 0 };
  g_auto(WrTestRun) real = { 0 };
  g_auto(WrTestRun) again = { 0 };
  g_auto(WrTestRun) refused = { 0 };
  g_auto(WrTestRun) usage = { 0 };

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (csv, "Name,Site\r\nCaf\xe9 ward,St Mary\x92s\r\nWard 8,\r\n", -1, NULL));
  g_assert_true (g_file_set_contents (bad, "Name,CQC location id\nWard 9,\n,\nWard 10,RXX01\n", -1, NULL));
  note = g_strdup_printf ("walkround: %s is not UTF-8: it was read as Windows-1252, as Excel saves “CSV (Comma "
                          "delimited)”. Check that names with accents, £ or € read rightly below.\n", csv);

  wr_test_run_walkround (&dry, dir, "import-services", "--dry-run", csv, NULL);
  g_assert_cmpint (dry.status, ==, 0);
  g_assert_cmpstr (dry.out, ==, "2 new, 0 already listed, 0 to fix\n");
  g_assert_true (g_str_has_prefix (dry.err, note));
  g_assert_true (g_str_has_suffix (dry.err, "walkround: a dry run: nothing was changed\n"));

  wr_test_run_walkround (&real, dir, "import-services", csv, NULL);
  g_assert_cmpint (real.status, ==, 0);
  g_assert_cmpstr (real.out, ==, "2 new, 0 already listed, 0 to fix\n");
  g_assert_cmpstr (real.err, ==, note);

  wr_test_run_walkround (&again, dir, "import-services", csv, NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_cmpstr (again.out, ==, "0 new, 2 already listed, 0 to fix\n");

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *db = g_build_filename (dir, "walkround.db", NULL);
    g_autoptr(WrStore) store = wr_store_open (db, &error);
    g_autoptr(GListModel) services = NULL;
    g_autoptr(WrService) first = NULL;

    g_assert_no_error (error);
    services = wr_store_list_services (store, TRUE, &error);
    g_assert_cmpuint (g_list_model_get_n_items (services), ==, 2);
    first = g_list_model_get_item (services, 0);
    g_assert_cmpstr (wr_service_get_name (first), ==, "Café ward");
    g_assert_cmpstr (wr_service_get_site (first), ==, "St Mary’s");
  }

  wr_test_run_walkround (&refused, dir, "import-services", bad, NULL);
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_cmpstr (refused.out, ==, "1 new, 0 already listed, 2 to fix\n");
  g_assert_nonnull (strstr (refused.err, ":3: "));
  g_assert_nonnull (strstr (refused.err, "RXX01"));
  g_assert_nonnull (strstr (refused.err, "nothing was imported"));

  wr_test_run_walkround (&usage, dir, "import-services", NULL);
  g_assert_cmpint (usage.status, ==, 2);

  g_unlink (csv);
  g_unlink (bad);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/walkround/cli/import/import", test_import);
  g_test_add_func ("/walkround/cli/import/dry-run", test_dry_run);
  g_test_add_func ("/walkround/cli/import/bad-pack", test_bad_pack);
  g_test_add_func ("/walkround/cli/import/several", test_several);
  g_test_add_func ("/walkround/cli/import/services", test_import_services);

  return g_test_run ();
}
