/* test-form-library.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <string.h>

#include "wr-form-library.h"
#include "wr-paths.h"
#include "wr-platform.h"

typedef struct
{
  char *data_dir;
  char *forms_dir;
  char *scratch;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  /* G_TEST_OPTION_ISOLATE_DIRS gives each test a fresh data home.
   * Canonical, as messages name files (on Windows, with \ only).
   */
  fixture->data_dir = g_canonicalize_filename ("walkround", g_get_user_data_dir ());
  fixture->forms_dir = g_build_filename (fixture->data_dir, "forms", NULL);
  fixture->scratch = g_build_filename (g_get_user_data_dir (), "scratch", NULL);
  g_assert_cmpint (g_mkdir_with_parents (fixture->scratch, 0700), ==, 0);
  wr_paths_set_data_dir (fixture->data_dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  wr_paths_set_data_dir (NULL);
  g_free (fixture->scratch);
  g_free (fixture->forms_dir);
  g_free (fixture->data_dir);
}

static char *
minimal_form (const char *id,
              guint       version,
              const char *title)
{
  return g_strdup_printf ("<?xml version='1.0' encoding='UTF-8'?>\n"
                          "<form xmlns='https://walkround.github.io/ns/form/1' id='%s' version='%u' kind='quality-visit' xml:lang='en-GB'>\n"
                          "  <title>%s</title>\n"
                          "  <section id='s'><title>S</title><question id='q' type='text'><label>Q?</label></question></section>\n"
                          "</form>\n",
                          id, version, title);
}

static char *
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);

  return path;
}

/* The names in @dir, sorted, with the contents of each, to see that
 * nothing changed.
 */
static char *
snapshot (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)))
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autofree char *contents = NULL;

      g_file_get_contents (path, &contents, NULL, NULL);
      g_string_append_printf (out, "%s\n%s\n", (char *) g_ptr_array_index (names, i), contents);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The same file or folder, whatever separators each was built with
 * (Windows takes both / and \).
 */
static void
assert_same_path (const char *actual,
                    const char *expected)
{
  g_autofree char *a = g_canonicalize_filename (actual, NULL);
  g_autofree char *b = g_canonicalize_filename (expected, NULL);

  g_assert_cmpstr (a, ==, b);
}

static void
test_built_in (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(WrFormLibrary) library = wr_form_library_new_default (NULL);
  GListModel *forms = wr_form_library_get_forms (library);
  const char *ids[] = { "quality-visit", "ned-visit", "fifteen-steps", "practice-self-assessment" };

  g_assert_cmpuint (wr_form_library_get_problems (library)->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (forms), ==, 4);
  assert_same_path (wr_form_library_get_user_folder (library), fixture->forms_dir);

  /* Sorted by kind. */
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(WrForm) form = g_list_model_get_item (forms, i);
      g_autoptr(GPtrArray) versions = wr_form_library_list_versions (library, ids[i]);

      g_assert_cmpstr (wr_form_get_id (form), ==, ids[i]);
      g_assert_cmpint (wr_form_library_get_source (library, form), ==, WR_FORM_SOURCE_BUILT_IN);
      g_assert_true (wr_form_library_lookup (library, ids[i], wr_form_get_version (form)) == form);
      g_assert_true (wr_form_library_lookup_default (library, ids[i]) == form);
      g_assert_cmpuint (versions->len, ==, 1);
    }

  g_assert_null (wr_form_library_lookup (library, "quality-visit", 99));
  g_assert_null (wr_form_library_lookup_default (library, "no-such-form"));
  g_assert_cmpstr (wr_form_source_get_label (WR_FORM_SOURCE_BUILT_IN), ==, "built-in");
}

static void
test_user_supersedes (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *v2 = minimal_form ("quality-visit", 2, "Quality visit, our version");
  g_autofree char *custom = minimal_form ("kitchen-check", 1, "Kitchen check");
  g_autofree char *path_v2 = write_file (fixture->forms_dir, "our-quality-visit.xml", v2);
  g_autofree char *path_custom = write_file (fixture->forms_dir, "kitchen.xml", custom);
  g_autoptr(WrFormLibrary) library = wr_form_library_new_default (NULL);
  g_autoptr(GPtrArray) versions = wr_form_library_list_versions (library, "quality-visit");
  WrForm *newest = wr_form_library_lookup_default (library, "quality-visit");
  WrForm *old = wr_form_library_lookup (library, "quality-visit", 1);
  GListModel *forms = wr_form_library_get_forms (library);

  g_assert_cmpuint (wr_form_library_get_problems (library)->len, ==, 0);

  /* The higher version is offered for new visits; the old one stays
   * loadable for the visits made with it.
   */
  g_assert_cmpuint (wr_form_get_version (newest), ==, 2);
  g_assert_cmpstr (wr_form_get_title (newest), ==, "Quality visit, our version");
  assert_same_path (wr_form_get_path (newest), path_v2);
  g_assert_cmpint (wr_form_library_get_source (library, newest), ==, WR_FORM_SOURCE_USER);
  g_assert_nonnull (old);
  g_assert_cmpint (wr_form_library_get_source (library, old), ==, WR_FORM_SOURCE_BUILT_IN);
  g_assert_cmpuint (versions->len, ==, 2);
  g_assert_true (g_ptr_array_index (versions, 0) == newest);
  g_assert_true (g_ptr_array_index (versions, 1) == old);

  /* Five ids, each once; the user's quality visit in place of the built-in. */
  g_assert_cmpuint (g_list_model_get_n_items (forms), ==, 5);
  for (guint i = 0; i < g_list_model_get_n_items (forms); i++)
    {
      g_autoptr(WrForm) form = g_list_model_get_item (forms, i);

      if (g_str_equal (wr_form_get_id (form), "quality-visit"))
        g_assert_true (form == newest);
    }
}

static void
test_lower_version_does_not_supersede (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autoptr(WrFormLibrary) library = wr_form_library_new (NULL);
  g_autofree char *built_in = g_build_filename (fixture->scratch, "built-in", NULL);
  g_autofree char *v3 = minimal_form ("audit", 3, "Audit three");
  g_autofree char *v1 = minimal_form ("audit", 1, "Audit one");
  g_autofree char *a = write_file (built_in, "audit.xml", v3);
  g_autofree char *b = write_file (fixture->forms_dir, "old-audit.xml", v1);

  wr_form_library_add_folder (library, built_in, WR_FORM_SOURCE_BUILT_IN);
  wr_form_library_add_folder (library, fixture->forms_dir, WR_FORM_SOURCE_USER);

  g_assert_cmpuint (wr_form_get_version (wr_form_library_lookup_default (library, "audit")), ==, 3);
  g_assert_nonnull (wr_form_library_lookup (library, "audit", 1));
  g_assert_cmpuint (g_list_model_get_n_items (wr_form_library_get_forms (library)), ==, 1);
}

/* Reading the user folder again, by the name the library gives, finds
 * forms added since and keeps the folder (it once freed the name first).
 */
static void
test_read_user_folder_again (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(WrFormLibrary) library = wr_form_library_new (NULL);
  g_autofree char *v1 = minimal_form ("audit", 1, "Audit one");
  g_autofree char *v2 = minimal_form ("audit", 2, "Audit two");
  g_autofree char *a = write_file (fixture->forms_dir, "audit-1.xml", v1);
  g_autofree char *b = NULL;

  wr_form_library_add_folder (library, fixture->forms_dir, WR_FORM_SOURCE_USER);
  g_assert_cmpuint (wr_form_get_version (wr_form_library_lookup_default (library, "audit")), ==, 1);

  b = write_file (fixture->forms_dir, "audit-2.xml", v2);
  wr_form_library_add_folder (library, wr_form_library_get_user_folder (library), WR_FORM_SOURCE_USER);
  assert_same_path (wr_form_library_get_user_folder (library), fixture->forms_dir);
  g_assert_cmpuint (wr_form_get_version (wr_form_library_lookup_default (library, "audit")), ==, 2);
}

static void
test_broken_user_form (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *good = minimal_form ("kitchen-check", 1, "Kitchen check");
  g_autofree char *clash = minimal_form ("quality-visit", 1, "Not the built-in one");
  g_autofree char *good_path = write_file (fixture->forms_dir, "a-good.xml", good);
  g_autofree char *broken_path = write_file (fixture->forms_dir, "b-broken.xml", "<form xmlns='https://walkround.github.io/ns/form/1'><title>Half");
  g_autofree char *clash_path = write_file (fixture->forms_dir, "c-clash.xml", clash);
  g_autofree char *ignored = write_file (fixture->forms_dir, "notes.txt", "not a form");
  g_autofree char *hidden = write_file (fixture->forms_dir, ".partial.xml", "<form");
  g_autoptr(WrFormLibrary) library = wr_form_library_new_default (NULL);
  GPtrArray *problems = wr_form_library_get_problems (library);
  GError *broken;
  GError *duplicate;

  /* The built-in forms and the good user form are there; the others are
   * reported, not fatal.
   */
  g_assert_cmpuint (g_list_model_get_n_items (wr_form_library_get_forms (library)), ==, 5);
  g_assert_nonnull (wr_form_library_lookup (library, "kitchen-check", 1));
  g_assert_cmpstr (wr_form_get_title (wr_form_library_lookup (library, "quality-visit", 1)), ==, "Quality visit");

  g_assert_cmpuint (problems->len, ==, 2);
  broken = g_ptr_array_index (problems, 0);
  duplicate = g_ptr_array_index (problems, 1);
  g_assert_error (broken, WR_FORM_ERROR, WR_FORM_ERROR_MALFORMED);
  g_assert_true (g_str_has_prefix (broken->message, broken_path));
  g_assert_nonnull (strstr (broken->message, ":1: not well-formed"));
  g_assert_error (duplicate, WR_FORM_ERROR, WR_FORM_ERROR_EXISTS);
  g_assert_true (g_str_has_prefix (duplicate->message, clash_path));
  g_assert_nonnull (strstr (duplicate->message, "raise the version"));
}

static void
count_changes (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               guint      *changes)
{
  (*changes)++;
}

static void
test_import (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(WrFormLibrary) library = wr_form_library_new_default (NULL);
  g_autofree char *text = minimal_form ("kitchen-check", 1, "Kitchen check");
  g_autofree char *source = write_file (fixture->scratch, "kitchen.xml", text);
  g_autofree char *target = g_build_filename (fixture->forms_dir, "kitchen-check-v1.xml", NULL);
  g_autofree char *copied = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WrForm) form = NULL;
  g_autoptr(WrForm) again = NULL;
  g_autoptr(WrFormLibrary) reloaded = NULL;
  GStatBuf st;
  guint changes = 0;
  gboolean added = FALSE;

  g_signal_connect (wr_form_library_get_forms (library), "items-changed",
                    G_CALLBACK (count_changes), &changes);

  form = wr_form_library_import_file (library, source, &added, &error);
  g_assert_no_error (error);
  g_assert_true (added);
  assert_same_path (wr_form_get_path (form), target);
  g_assert_true (wr_form_library_lookup (library, "kitchen-check", 1) == form);
  g_assert_cmpint (wr_form_library_get_source (library, form), ==, WR_FORM_SOURCE_USER);
  g_assert_cmpuint (g_list_model_get_n_items (wr_form_library_get_forms (library)), ==, 5);
  g_assert_cmpuint (changes, >, 0);

  /* The exact bytes, private to the user. */
  g_assert_true (g_file_get_contents (target, &copied, NULL, NULL));
  g_assert_cmpstr (copied, ==, text);
  g_assert_cmpint (g_stat (target, &st), ==, 0);
  if (wr_platform_has_file_modes ())  /* Windows files have none */
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* The same form again changes nothing. */
  before = snapshot (fixture->forms_dir);
  again = wr_form_library_import_file (library, source, &added, &error);
  g_assert_no_error (error);
  g_assert_false (added);
  g_assert_true (again == form);
  after = snapshot (fixture->forms_dir);
  g_assert_cmpstr (before, ==, after);

  /* A new library finds it. */
  reloaded = wr_form_library_new_default (NULL);
  g_assert_nonnull (wr_form_library_lookup (reloaded, "kitchen-check", 1));
  g_assert_cmpuint (wr_form_library_get_problems (reloaded)->len, ==, 0);
}

static void
test_import_refused (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(WrFormLibrary) library = wr_form_library_new_default (NULL);
  g_autofree char *original = minimal_form ("kitchen-check", 1, "Kitchen check");
  g_autofree char *changed = minimal_form ("kitchen-check", 1, "Kitchen check, changed");
  g_autofree char *built_in_clash = minimal_form ("ned-visit", 1, "Not the NED visit");
  g_autofree char *first = write_file (fixture->scratch, "first.xml", original);
  g_autofree char *second = write_file (fixture->scratch, "second.xml", changed);
  g_autofree char *third = write_file (fixture->scratch, "third.xml", built_in_clash);
  g_autofree char *invalid = write_file (fixture->scratch, "invalid.xml",
    "<form xmlns='https://walkround.github.io/ns/form/1' id='x' version='1' kind='custom' xml:lang='en'>\n"
    "<title>X</title><section id='s'><title>S</title>\n"
    "<question id='q' type='yesno'><label>Q</label></question></section></form>");
  g_autofree char *missing = g_build_filename (fixture->scratch, "missing.xml", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WrForm) form = NULL;
  g_autoptr(WrForm) refused = NULL;
  g_autofree char *expected = NULL;

  form = wr_form_library_import_file (library, first, NULL, &error);
  g_assert_no_error (error);
  before = snapshot (fixture->forms_dir);

  /* Invalid: the loader's message, and nothing changes. */
  refused = wr_form_library_import_file (library, invalid, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, WR_FORM_ERROR, WR_FORM_ERROR_SCHEMA);
  expected = g_strdup_printf ("%s:3: question 'q' has type 'yesno'; expected one of yes-no-na,", invalid);
  g_assert_true (g_str_has_prefix (error->message, expected));
  g_clear_error (&error);

  /* Same id and version, other content. */
  refused = wr_form_library_import_file (library, second, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, WR_FORM_ERROR, WR_FORM_ERROR_EXISTS);
  g_assert_true (g_str_has_prefix (error->message, second));
  g_clear_error (&error);

  refused = wr_form_library_import_file (library, third, NULL, &error);
  g_assert_error (error, WR_FORM_ERROR, WR_FORM_ERROR_EXISTS);
  g_clear_error (&error);

  refused = wr_form_library_import_file (library, missing, NULL, &error);
  g_assert_error (error, WR_FORM_ERROR, WR_FORM_ERROR_READ);
  g_clear_error (&error);

  after = snapshot (fixture->forms_dir);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpstr (wr_form_get_title (wr_form_library_lookup (library, "kitchen-check", 1)), ==, "Kitchen check");
  g_assert_cmpstr (wr_form_get_title (wr_form_library_lookup (library, "ned-visit", 1)), !=, "Not the NED visit");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  xmlInitParser ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/walkround/form-library/built-in", test_built_in);
  ADD ("/walkround/form-library/user-supersedes", test_user_supersedes);
  ADD ("/walkround/form-library/lower-version", test_lower_version_does_not_supersede);
  ADD ("/walkround/form-library/broken-user-form", test_broken_user_form);
  ADD ("/walkround/form-library/read-user-folder-again", test_read_user_folder_again);
  ADD ("/walkround/form-library/import", test_import);
  ADD ("/walkround/form-library/import-refused", test_import_refused);
#undef ADD

  return g_test_run ();
}
