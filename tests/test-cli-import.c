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

/* What "walkround import" adds after its counts for example.xml's form. */
#define EXAMPLE_FORM "new form: example-walk version 1, “Example walk”, for the visits in this pack only\n"
#define FORMS_HINT "new visits keep the forms they used; “walkround forms use ID VERSION” makes this one the default\n"

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
  g_autofree char *form = g_build_filename (dir, "pack-forms", "example-walk-v1.xml", NULL);
  g_auto(WrTestRun) unsigned_run = { 0 };
  g_auto(WrTestRun) first = { 0 };
  g_auto(WrTestRun) again = { 0 };
  g_autofree char *expected = NULL;

  /* example.xml is of format version 1, from before packs were signed:
   * refused unless unsigned packs are allowed.
   */
  expected = g_strdup_printf ("walkround: %s: the pack is not signed (format version 1), so nothing says which device "
                              "wrote it or that it is as that device wrote it; import it only if you know where it "
                              "came from, with --allow-unsigned\n"
                              "walkround: nothing was imported\n", example);
  wr_test_run_walkround (&unsigned_run, dir, "import", example, NULL);
  g_assert_cmpint (unsigned_run.status, ==, 1);
  g_assert_cmpstr (unsigned_run.out, ==, "");
  g_assert_cmpstr (unsigned_run.err, ==, expected);
  g_assert_false (g_file_test (form, G_FILE_TEST_EXISTS));

  wr_test_run_walkround (&first, dir, "import", "--allow-unsigned", example, NULL);
  g_assert_cmpint (first.status, ==, 0);
  /* The first line is as scripts know it; the pack's form comes after. */
  g_assert_cmpstr (first.out, ==, "2 new, 0 updated, 0 unchanged, 0 conflicts\n" EXAMPLE_FORM FORMS_HINT);
  g_assert_cmpstr (first.err, ==, "");
  g_assert_true (g_file_test (form, G_FILE_TEST_IS_REGULAR));

  wr_test_run_walkround (&again, dir, "import", "--allow-unsigned", example, NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_cmpstr (again.out, ==, "0 new, 0 updated, 2 unchanged, 0 conflicts\n");
}

static void
test_dry_run (void)
{
  g_autofree char *dir = new_data_dir ("dry-run");
  g_autofree char *example = pack ("example.xml");
  g_autofree char *forms = g_build_filename (dir, "pack-forms", NULL);
  g_auto(WrTestRun) dry = { 0 };
  g_auto(WrTestRun) real = { 0 };

  wr_test_run_walkround (&dry, dir, "import", "--dry-run", example, NULL);
  g_assert_cmpint (dry.status, ==, 0);
  g_assert_cmpstr (dry.out, ==, "2 new, 0 updated, 0 unchanged, 0 conflicts\n"
                                "the pack is not signed: importing it needs --allow-unsigned\n" EXAMPLE_FORM FORMS_HINT);
  g_assert_cmpstr (dry.err, ==, "walkround: a dry run: nothing was changed\n");
  g_assert_false (g_file_test (forms, G_FILE_TEST_EXISTS));

  /* Nothing was changed: the real import still finds both visits new. */
  wr_test_run_walkround (&real, dir, "import", "--allow-unsigned", example, NULL);
  g_assert_cmpint (real.status, ==, 0);
  g_assert_cmpstr (real.out, ==, "2 new, 0 updated, 0 unchanged, 0 conflicts\n" EXAMPLE_FORM FORMS_HINT);
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

  wr_test_run_walkround (&then, dir, "import", "--allow-unsigned", example, NULL);
  g_assert_cmpstr (then.out, ==, "2 new, 0 updated, 0 unchanged, 0 conflicts\n" EXAMPLE_FORM FORMS_HINT);

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

  /* A dry run of both changes nothing and says what each would do, and
   * who signed it (the example is unsigned).
   */
  wr_test_run_walkround (&dry, dir, "import", "--dry-run", example, example, NULL);
  g_assert_cmpint (dry.status, ==, 0);
  expected_out = g_strdup_printf ("%s: 2 new, 0 updated, 0 unchanged, 0 conflicts\n"
                                  "%s: the pack is not signed: importing it needs --allow-unsigned\n"
                                  "%s: " EXAMPLE_FORM
                                  "%s: 2 new, 0 updated, 0 unchanged, 0 conflicts\n"
                                  "%s: the pack is not signed: importing it needs --allow-unsigned\n"
                                  "%s: " EXAMPLE_FORM
                                  "total: 4 new, 0 updated, 0 unchanged, 0 conflicts\n"
                                  "new visits keep the forms they used; “walkround forms use ID VERSION” makes one "
                                  "of these the default\n", example, example, example, example, example, example);
  g_assert_cmpstr (dry.out, ==, expected_out);
  g_assert_cmpstr (dry.err, ==, "walkround: a dry run: nothing was changed\n");
  g_clear_pointer (&expected_out, g_free);

  wr_test_run_walkround (&mixed, dir, "import", "--allow-unsigned", example, bad, example, NULL);
  g_assert_cmpint (mixed.status, ==, 1);
  expected_out = g_strdup_printf ("%s: 2 new, 0 updated, 0 unchanged, 0 conflicts\n"
                                  "%s: " EXAMPLE_FORM
                                  "%s: 0 new, 0 updated, 2 unchanged, 0 conflicts\n"
                                  "total: 2 new, 0 updated, 2 unchanged, 0 conflicts\n" FORMS_HINT,
                                  example, example, example);
  g_assert_cmpstr (mixed.out, ==, expected_out);
  expected_err = g_strdup_printf ("walkround: %s:94: visit 7b1e3b9f-2c8d-4a4f-8e63-1f9d5c8b2a44: the digest does not "
                                  "match its content; the pack was changed or damaged after it was written\n"
                                  "walkround: %s: refused; nothing of it was imported\n", bad, bad);
  g_assert_cmpstr (mixed.err, ==, expected_err);

  /* The good packs were imported: a single import finds nothing new. */
  wr_test_run_walkround (&again, dir, "import", "--allow-unsigned", example, NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_cmpstr (again.out, ==, "0 new, 0 updated, 2 unchanged, 0 conflicts\n");
}

/* A pack with no visits and a newer quality-visit form: a form written
 * to supersede the built-in one.
 */
static char *
write_forms_pack (const char *name,
                  guint       version,
                  const char *title)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "..", "data", "forms", "quality-visit.xml", NULL);
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), name, NULL);
  g_autofree char *text = NULL;
  g_autofree char *attribute = g_strdup_printf ("id=\"quality-visit\" version=\"%u\"", version);
  g_autofree char *element = g_strdup_printf ("<title>%s</title>", title);
  g_autofree char *base64 = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *pack_text = NULL;
  g_autoptr(GString) form = NULL;

  g_assert_true (g_file_get_contents (source, &text, NULL, NULL));
  form = g_string_new (text);
  g_assert_cmpuint (g_string_replace (form, "id=\"quality-visit\" version=\"1\"", attribute, 1), ==, 1);
  g_assert_cmpuint (g_string_replace (form, "<title>Quality visit</title>", element, 1), ==, 1);
  base64 = g_base64_encode ((const guchar *) form->str, form->len);
  sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, form->str, form->len);
  pack_text = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<evidence-pack xmlns=\"https://walkround.github.io/ns/evidence-pack/1\" format-version=\"5\""
                               " created=\"2026-12-01T09:00:00+00:00\">\n"
                               "  <generator name=\"Walkround\" version=\"0.1.0\" device=\"5b1e3c1a-7d1f-4c55-9a0e-2f9c7a6b8d01\"/>\n"
                               "  <scope/>\n"
                               "  <forms><form id=\"quality-visit\" version=\"%u\" size=\"%" G_GSIZE_FORMAT "\" sha256=\"%s\">%s</form></forms>\n"
                               "  <services/>\n"
                               "  <visits/>\n"
                               "</evidence-pack>\n", version, form->len, sha256, base64);
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, pack_text, -1, NULL));

  return g_steal_pointer (&path);
}

/* The database as `sqlite3 .dump` prints it. */
static char *
dump (const char *dir)
{
  g_autofree char *db = g_build_filename (dir, "walkround.db", NULL);
  g_autofree char *sqlite3 = g_find_program_in_path ("sqlite3");
  g_autoptr(GError) error = NULL;
  const char *argv[] = { sqlite3, "-readonly", db, ".dump", NULL };
  char *out = NULL;
  int wait_status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (wr_test_exit_status (wait_status), ==, 0);
  g_assert_nonnull (strstr (out, "CREATE TABLE visits"));

  return out;
}

/* The hole issue 20 names, closed: a pack that only carries a newer
 * quality-visit form installs it for its visits only, and the import and
 * its dry run say so. `walkround forms` lists it with its pack; `forms
 * use` makes it the default and undoes that; a pack with the same version
 * and other content is refused, the database as it was.
 */
static void
test_forms_only_pack (void)
{
  g_autofree char *dir = new_data_dir ("forms-only");
  g_autofree char *pack_path = write_forms_pack ("pilot.xml", 2, "Quality visit (pilot)");
  g_autofree char *forged = write_forms_pack ("forged.xml", 2, "Quality visit (forged)");
  g_autofree char *example = pack ("example.xml");
  g_autofree char *expected = NULL;
  g_autofree char *origin = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(WrTestRun) dry = { 0 };
  g_auto(WrTestRun) unsigned_run = { 0 };
  g_auto(WrTestRun) real = { 0 };
  g_auto(WrTestRun) forms = { 0 };
  g_auto(WrTestRun) use = { 0 };
  g_auto(WrTestRun) chosen = { 0 };
  g_auto(WrTestRun) undo = { 0 };
  g_auto(WrTestRun) undone = { 0 };
  g_auto(WrTestRun) setup = { 0 };
  g_auto(WrTestRun) refused = { 0 };
  g_auto(WrTestRun) missing = { 0 };
  g_autofree char *sqlite3 = g_find_program_in_path ("sqlite3");
  const char *form_line = "new form: quality-visit version 2, “Quality visit (pilot)”, for the visits in this pack only\n";

  if (sqlite3 == NULL)
    {
      g_test_skip ("sqlite3 is not installed (build-aux/dev test installs it)");
      return;
    }

  /* Such a pack is unsigned (nothing says whose it is): a dry run says
   * so, and the import refuses it unless told.
   */
  expected = g_strconcat ("0 new, 0 updated, 0 unchanged, 0 conflicts\n", "the pack is not signed: importing it needs --allow-unsigned\n", form_line, FORMS_HINT, NULL);
  wr_test_run_walkround (&dry, dir, "import", "--dry-run", pack_path, NULL);
  g_assert_cmpint (dry.status, ==, 0);
  g_assert_cmpstr (dry.out, ==, expected);
  g_assert_cmpstr (dry.err, ==, "walkround: a dry run: nothing was changed\n");
  g_clear_pointer (&expected, g_free);

  wr_test_run_walkround (&unsigned_run, dir, "import", pack_path, NULL);
  g_assert_cmpint (unsigned_run.status, ==, 1);
  g_assert_nonnull (strstr (unsigned_run.err, "the pack is not signed (format version 5)"));

  expected = g_strconcat ("0 new, 0 updated, 0 unchanged, 0 conflicts\n", form_line, FORMS_HINT, NULL);
  wr_test_run_walkround (&real, dir, "import", "--allow-unsigned", pack_path, NULL);
  g_assert_cmpint (real.status, ==, 0);
  g_assert_cmpstr (real.out, ==, expected);
  g_assert_cmpstr (real.err, ==, "");

  /* Every version, with its source; the built-in one is still the default. */
  wr_test_run_walkround (&forms, dir, "forms", NULL);
  g_assert_cmpint (forms.status, ==, 0);
  g_assert_true (g_regex_match_simple ("^quality-visit +1 +quality-visit +built-in +default +Quality visit$",
                                       forms.out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^quality-visit +2 +quality-visit +pack +- +Quality visit \\(pilot\\)$",
                                       forms.out, G_REGEX_MULTILINE, 0));
  origin = g_strdup_printf ("\nquality-visit version 2 came in the pack %s, written by device "
                            "5b1e3c1a-7d1f-4c55-9a0e-2f9c7a6b8d01\n", pack_path);
  g_assert_nonnull (strstr (forms.out, origin));

  /* Chosen explicitly, then undone. */
  wr_test_run_walkround (&use, dir, "forms", "use", "quality-visit", "2", NULL);
  g_assert_cmpint (use.status, ==, 0);
  g_assert_true (g_str_has_prefix (use.out, "New visits on “Quality visit (pilot)” (quality-visit) now use version 2, "
                                            "from the pack "));
  g_assert_nonnull (strstr (use.out, "“walkround forms use quality-visit 1” goes back to it"));
  wr_test_run_walkround (&chosen, dir, "forms", NULL);
  g_assert_true (g_regex_match_simple ("^quality-visit +1 +quality-visit +built-in +- +Quality visit$",
                                       chosen.out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^quality-visit +2 +quality-visit +pack +default +Quality visit \\(pilot\\)$",
                                       chosen.out, G_REGEX_MULTILINE, 0));

  wr_test_run_walkround (&undo, dir, "forms", "use", "quality-visit", "1", NULL);
  g_assert_cmpint (undo.status, ==, 0);
  wr_test_run_walkround (&undone, dir, "forms", NULL);
  g_assert_true (g_regex_match_simple ("^quality-visit +1 +quality-visit +built-in +default +Quality visit$",
                                       undone.out, G_REGEX_MULTILINE, 0));

  wr_test_run_walkround (&missing, dir, "forms", "use", "quality-visit", "9", NULL);
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_nonnull (strstr (missing.err, "form “quality-visit” version 9 is not installed"));

  /* The same version with other content: refused whole, nothing changed. */
  wr_test_run_walkround (&setup, dir, "import", "--allow-unsigned", example, NULL);
  g_assert_cmpint (setup.status, ==, 0);
  before = dump (dir);
  wr_test_run_walkround (&refused, dir, "import", "--allow-unsigned", forged, NULL);
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_cmpstr (refused.out, ==, "");
  g_test_message ("%s", refused.err);
  g_assert_true (g_str_has_prefix (refused.err, "walkround: "));
  g_assert_nonnull (strstr (refused.err, forged));
  g_assert_nonnull (strstr (refused.err, "the form “quality-visit” version 2 in the pack is not the one installed here"));
  g_assert_nonnull (strstr (refused.err, "quality-visit-v2.xml"));
  g_assert_true (g_str_has_suffix (refused.err, "walkround: nothing was imported\n"));
  after = dump (dir);
  g_assert_cmpstr (after, ==, before);
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
  g_test_add_func ("/walkround/cli/import/forms-only-pack", test_forms_only_pack);
  g_test_add_func ("/walkround/cli/import/services", test_import_services);

  return g_test_run ();
}
