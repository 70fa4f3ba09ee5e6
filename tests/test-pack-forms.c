/* test-pack-forms.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Forms that arrive in evidence packs: installed only for the visits that
 * use them, never the default for new visits on their own, listed by the
 * import and its dry run, chosen for new visits only by an explicit act
 * (which can be undone), and refused whole when they clash with a form
 * installed here.
 */

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <libxml/xmlreader.h>
#include <string.h>

#include "wr-autocleanups.h"
#include "wr-pack-collect.h"
#include "wr-pack-reader.h"
#include "wr-paths.h"
#include "wr-store-private.h"
#include "wr-core-test-utils.h"

#define DEVICE "5b1e3c1a-7d1f-4c55-9a0e-2f9c7a6b8d01"

typedef struct
{
  char          *folder;
  WrStore       *store;
  WrFormLibrary *library;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->folder = g_build_filename (g_get_user_data_dir (), "walkround", NULL);
  wr_paths_set_data_dir (fixture->folder);
  g_assert_cmpint (g_mkdir_with_parents (fixture->folder, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  path = g_build_filename (fixture->folder, "walkround.db", NULL);
  fixture->store = wr_store_open (path, &error);
  g_assert_no_error (error);
  wr_store_set_user (fixture->store, "Test Importer");
  fixture->library = wr_form_library_new_default (NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->library);
  g_free (fixture->folder);
}

/* The built-in quality-visit form as version @version, its title changed. */
static GBytes *
quality_visit_as (guint       version,
                  const char *title)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "forms", "quality-visit.xml", NULL);
  g_autofree char *text = NULL;
  g_autofree char *attribute = g_strdup_printf ("id=\"quality-visit\" version=\"%u\"", version);
  g_autofree char *element = g_strdup_printf ("<title>%s</title>", title);
  GString *form;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  form = g_string_new (text);
  g_assert_cmpuint (g_string_replace (form, "id=\"quality-visit\" version=\"1\"", attribute, 1), ==, 1);
  g_assert_cmpuint (g_string_replace (form, "<title>Quality visit</title>", element, 1), ==, 1);

  return g_string_free_to_bytes (form);
}

/* A pack of format version 5 that holds @form and no visits at all. */
static char *
write_forms_pack (const char *name,
                  GBytes     *form,
                  const char *id,
                  guint       version)
{
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), name, NULL);
  g_autofree char *base64 = g_base64_encode (g_bytes_get_data (form, NULL), g_bytes_get_size (form));
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, form);
  g_autofree char *text = NULL;

  text = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<evidence-pack xmlns=\"https://walkround.github.io/ns/evidence-pack/1\" format-version=\"5\"\n"
                          "               created=\"2026-12-01T09:00:00+00:00\">\n"
                          "  <generator name=\"Walkround\" version=\"0.1.0\" device=\"" DEVICE "\"/>\n"
                          "  <scope/>\n"
                          "  <forms>\n"
                          "    <form id=\"%s\" version=\"%u\" size=\"%" G_GSIZE_FORMAT "\" sha256=\"%s\">%s</form>\n"
                          "  </forms>\n"
                          "  <services/>\n"
                          "  <visits/>\n"
                          "</evidence-pack>\n",
                          id, version, g_bytes_get_size (form), sha256, base64);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));

  return g_steal_pointer (&path);
}

static void
count_cb (guint *n)
{
  (*n)++;
}

static gboolean
import (Fixture             *fixture,
        const char          *path,
        gboolean             dry_run,
        WrPackImportCounts  *counts,
        GError             **error)
{
  g_autoptr(WrPackReader) reader = wr_pack_reader_new (fixture->store, fixture->library);
  /* Test packs come from this test's other databases, or from before
   * packs were signed: taken as `import --trust-new-device
   * --allow-unsigned` takes them; a bad signature is still refused. */
  wr_pack_reader_set_trust_new_device (reader, TRUE);
  wr_pack_reader_set_allow_unsigned (reader, TRUE);

  wr_pack_reader_set_dry_run (reader, dry_run);
  return wr_pack_reader_import_file (reader, path, NULL, counts, error);
}

/* Every table's rows and the schema, as `sqlite3 .dump` would show them. */
static char *
dump (WrStore *store)
{
  sqlite3 *db = _wr_store_get_db (store);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) tables = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name, ifnull (sql, '') FROM sqlite_master"
                                           " WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
                                       -1, &tables, NULL), ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (tables, 0);
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", name);
      g_autoptr(sqlite3_stmt) rows = NULL;

      g_string_append_printf (out, "%s\n", sqlite3_column_text (tables, 1));
      /* Virtual tables' shadow tables hold their rows. */
      if (sqlite3_prepare_v2 (db, sql, -1, &rows, NULL) != SQLITE_OK)
        continue;
      while (sqlite3_step (rows) == SQLITE_ROW)
        {
          for (int i = 0; i < sqlite3_column_count (rows); i++)
            g_string_append_printf (out, "%s|", sqlite3_column_type (rows, i) == SQLITE_NULL
                                                 ? "NULL" : (const char *) sqlite3_column_text (rows, i));
          g_string_append_c (out, '\n');
        }
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The names and SHA-256 of the files in the data folder's form folders. */
static char *
form_files (Fixture *fixture)
{
  const char *folders[] = { "forms", "pack-forms" };
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      g_autofree char *folder = g_build_filename (fixture->folder, folders[i], NULL);
      g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_strdup (name));
      g_ptr_array_sort (names, compare_names);
      for (guint j = 0; j < names->len; j++)
        {
          g_autofree char *path = g_build_filename (folder, g_ptr_array_index (names, j), NULL);
          g_autofree char *text = NULL;

          g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
          g_autofree char *sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);

          g_string_append_printf (out, "%s/%s %s\n", folders[i], (char *) g_ptr_array_index (names, j), sha256);
        }
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_new_forms (GPtrArray  *forms,
                  const char *id,
                  guint       version,
                  const char *title)
{
  WrForm *form;

  g_assert_nonnull (forms);
  g_assert_cmpuint (forms->len, ==, 1);
  form = g_ptr_array_index (forms, 0);
  g_assert_cmpstr (wr_form_get_id (form), ==, id);
  g_assert_cmpuint (wr_form_get_version (form), ==, version);
  g_assert_cmpstr (wr_form_get_title (form), ==, title);
}

/* The hole the issue names: a pack with no visits, carrying a newer
 * quality-visit form, made that form the one new visits use, without a
 * word from the import or its dry run. Now the dry run and the import
 * list it, and new visits keep the built-in form.
 */
static void
test_no_visits_supersedes_nothing (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GBytes) form = quality_visit_as (7, "Quality visit (changed)");
  g_autofree char *path = write_forms_pack ("forms-only.xml", form, "quality-visit", 7);
  g_autofree char *packs = g_build_filename (fixture->folder, "pack-forms", NULL);
  g_autofree char *user = g_build_filename (fixture->folder, "forms", NULL);
  g_autoptr(WrFormLibrary) reloaded = NULL;
  g_autoptr(WrPackReader) reader = wr_pack_reader_new (fixture->store, fixture->library);
  /* Test packs come from this test's other databases, or from before
   * packs were signed: taken as `import --trust-new-device
   * --allow-unsigned` takes them; a bad signature is still refused. */
  wr_pack_reader_set_trust_new_device (reader, TRUE);
  wr_pack_reader_set_allow_unsigned (reader, TRUE);
  g_autoptr(GError) error = NULL;
  WrPackImportCounts counts = { 0 };
  WrForm *built_in = wr_form_library_lookup_default (fixture->library, "quality-visit");
  WrForm *installed;
  const char *pack = NULL;
  const char *device = NULL;
  guint n_offered = g_list_model_get_n_items (wr_form_library_get_forms (fixture->library));

  g_assert_nonnull (built_in);
  g_assert_cmpuint (wr_form_get_version (built_in), ==, 1);

  /* The dry run says which form it would add, and adds nothing. */
  wr_pack_reader_set_dry_run (reader, TRUE);
  g_assert_true (wr_pack_reader_import_file (reader, path, NULL, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.n_forms_installed, ==, 1);
  assert_new_forms (wr_pack_reader_get_new_forms (reader), "quality-visit", 7, "Quality visit (changed)");
  g_assert_false (g_file_test (packs, G_FILE_TEST_EXISTS));
  g_assert_null (wr_form_library_lookup (fixture->library, "quality-visit", 7));

  /* The import says so too, and installs it beside the others. */
  wr_pack_reader_set_dry_run (reader, FALSE);
  memset (&counts, 0, sizeof counts);
  g_assert_true (wr_pack_reader_import_file (reader, path, NULL, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.n_new, ==, 0);
  g_assert_cmpuint (counts.n_forms_installed, ==, 1);
  assert_new_forms (wr_pack_reader_get_new_forms (reader), "quality-visit", 7, "Quality visit (changed)");
  installed = wr_form_library_lookup (fixture->library, "quality-visit", 7);
  g_assert_nonnull (installed);
  g_assert_cmpint (wr_form_library_get_source (fixture->library, installed), ==, WR_FORM_SOURCE_PACK);
  g_assert_true (wr_form_library_get_pack_origin (fixture->library, installed, &pack, &device));
  g_assert_cmpstr (pack, ==, path);
  g_assert_cmpstr (device, ==, DEVICE);
  g_assert_true (g_str_has_prefix (wr_form_get_path (installed), packs));
  /* Nothing goes into the user's own forms folder. */
  g_assert_false (g_file_test (user, G_FILE_TEST_EXISTS));

  /* New visits still use the built-in form, here and in a library loaded afresh. */
  g_assert_true (wr_form_library_lookup_default (fixture->library, "quality-visit") == built_in);
  g_assert_cmpuint (g_list_model_get_n_items (wr_form_library_get_forms (fixture->library)), ==, n_offered);
  g_assert_false (wr_form_library_is_chosen (fixture->library, "quality-visit"));
  reloaded = wr_form_library_new_default (NULL);
  installed = wr_form_library_lookup (reloaded, "quality-visit", 7);
  g_assert_nonnull (installed);
  g_assert_cmpint (wr_form_library_get_source (reloaded, installed), ==, WR_FORM_SOURCE_PACK);
  g_assert_true (wr_form_library_get_pack_origin (reloaded, installed, &pack, &device));
  g_assert_cmpstr (pack, ==, path);
  g_assert_cmpstr (device, ==, DEVICE);
  g_assert_cmpuint (wr_form_get_version (wr_form_library_lookup_default (reloaded, "quality-visit")), ==, 1);
  g_assert_cmpuint (wr_form_library_get_problems (reloaded)->len, ==, 0);

  /* Importing it again adds nothing, and says so. */
  memset (&counts, 0, sizeof counts);
  g_assert_true (wr_pack_reader_import_file (reader, path, NULL, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.n_forms_installed, ==, 0);
  g_assert_cmpuint (wr_pack_reader_get_new_forms (reader)->len, ==, 0);
}

/* Several packs collected at once: each says which forms it added, and
 * the summary counts them as for the packs' visits only.
 */
static void
test_collect_lists_forms (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GBytes) form = quality_visit_as (7, "Quality visit (changed)");
  g_autofree char *path = write_forms_pack ("forms-only.xml", form, "quality-visit", 7);
  g_autofree char *example = g_test_build_filename (G_TEST_DIST, "data", "packs", "example.xml", NULL);
  const char *paths[] = { path, example, NULL };
  g_autoptr(WrPackReader) reader = wr_pack_reader_new (fixture->store, fixture->library);
  /* Test packs come from this test's other databases, or from before
   * packs were signed: taken as `import --trust-new-device
   * --allow-unsigned` takes them; a bad signature is still refused. */
  wr_pack_reader_set_trust_new_device (reader, TRUE);
  wr_pack_reader_set_allow_unsigned (reader, TRUE);
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) wr_pack_collected_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  const WrPackCollected *first;
  const WrPackCollected *second;

  g_assert_true (wr_pack_collect (reader, paths, NULL, NULL, results, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 2);
  first = g_ptr_array_index (results, 0);
  second = g_ptr_array_index (results, 1);
  assert_new_forms (first->forms, "quality-visit", 7, "Quality visit (changed)");
  assert_new_forms (second->forms, "example-walk", 1, "Example walk");
  summary = wr_pack_collect_describe (results);
  g_assert_cmpstr (summary, ==, "2 packs: 2 new visits, 0 updated, 0 unchanged, 0 conflicts; "
                                "2 forms for the packs’ visits only");
  g_assert_cmpuint (wr_form_get_version (wr_form_library_lookup_default (fixture->library, "quality-visit")), ==, 1);
  g_assert_null (wr_form_library_lookup_default (fixture->library, "example-walk"));
}

/* A form that only a pack brought is not offered for new visits until
 * it is chosen.
 */
static void
test_pack_only_form_not_offered (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GBytes) quality = quality_visit_as (1, "Ward audit");
  g_autoptr(GString) text = g_string_new (g_bytes_get_data (quality, NULL));
  g_autoptr(GBytes) form = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  WrPackImportCounts counts = { 0 };
  guint n_offered = g_list_model_get_n_items (wr_form_library_get_forms (fixture->library));
  WrForm *audit;

  g_assert_cmpuint (g_string_replace (text, "id=\"quality-visit\"", "id=\"ward-audit\"", 1), ==, 1);
  form = g_bytes_new (text->str, text->len);
  path = write_forms_pack ("audit.xml", form, "ward-audit", 1);

  g_assert_true (import (fixture, path, FALSE, &counts, &error));
  g_assert_no_error (error);
  audit = wr_form_library_lookup (fixture->library, "ward-audit", 1);
  g_assert_nonnull (audit);
  g_assert_null (wr_form_library_lookup_default (fixture->library, "ward-audit"));
  g_assert_cmpuint (g_list_model_get_n_items (wr_form_library_get_forms (fixture->library)), ==, n_offered);

  g_assert_true (wr_form_library_use_for_new_visits (fixture->library, audit, &error));
  g_assert_no_error (error);
  g_assert_true (wr_form_library_lookup_default (fixture->library, "ward-audit") == audit);
  g_assert_cmpuint (g_list_model_get_n_items (wr_form_library_get_forms (fixture->library)), ==, n_offered + 1);
}

/* Making a pack's form the default is an act of its own, kept in the
 * data folder, and choosing the version used before undoes it.
 */
static void
test_use_and_undo (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GBytes) form = quality_visit_as (7, "Quality visit (changed)");
  g_autofree char *path = write_forms_pack ("forms-only.xml", form, "quality-visit", 7);
  g_autofree char *choices = g_build_filename (fixture->folder, "forms-for-new-visits.ini", NULL);
  g_autoptr(GError) error = NULL;
  WrPackImportCounts counts = { 0 };
  WrForm *built_in = wr_form_library_lookup_default (fixture->library, "quality-visit");
  WrForm *from_pack;
  guint n_changes = 0;

  g_assert_true (import (fixture, path, FALSE, &counts, &error));
  g_assert_no_error (error);
  from_pack = wr_form_library_lookup (fixture->library, "quality-visit", 7);
  g_assert_nonnull (from_pack);

  g_signal_connect_swapped (wr_form_library_get_forms (fixture->library), "items-changed",
                            G_CALLBACK (count_cb), &n_changes);
  g_assert_true (wr_form_library_use_for_new_visits (fixture->library, from_pack, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_changes, >, 0);
  g_assert_true (wr_form_library_lookup_default (fixture->library, "quality-visit") == from_pack);
  g_assert_true (wr_form_library_is_chosen (fixture->library, "quality-visit"));
  g_assert_true (g_file_test (choices, G_FILE_TEST_IS_REGULAR));
  {
    g_autoptr(WrFormLibrary) reloaded = wr_form_library_new_default (NULL);

    g_assert_cmpuint (wr_form_get_version (wr_form_library_lookup_default (reloaded, "quality-visit")), ==, 7);
  }

  /* Undone: the built-in version again, and no choice is left. */
  g_assert_true (wr_form_library_use_for_new_visits (fixture->library, built_in, &error));
  g_assert_no_error (error);
  g_assert_true (wr_form_library_lookup_default (fixture->library, "quality-visit") == built_in);
  g_assert_false (wr_form_library_is_chosen (fixture->library, "quality-visit"));
  {
    g_autoptr(WrFormLibrary) reloaded = wr_form_library_new_default (NULL);
    g_autofree char *kept = NULL;

    g_assert_cmpuint (wr_form_get_version (wr_form_library_lookup_default (reloaded, "quality-visit")), ==, 1);
    g_assert_true (g_file_get_contents (choices, &kept, NULL, NULL));
    g_assert_null (strstr (kept, "[quality-visit]"));
  }
}

/* A pack's form with the id and version of one installed here, but other
 * content, is refused with the whole import: the database and the forms'
 * files are as they were.
 */
static void
test_same_version_other_content (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GBytes) built_in_clash = quality_visit_as (1, "Quality visit (forged)");
  g_autoptr(GBytes) first = quality_visit_as (7, "Quality visit (changed)");
  g_autoptr(GBytes) second = quality_visit_as (7, "Quality visit (changed again)");
  g_autofree char *clash_path = write_forms_pack ("clash.xml", built_in_clash, "quality-visit", 1);
  g_autofree char *first_path = write_forms_pack ("first.xml", first, "quality-visit", 7);
  g_autofree char *second_path = write_forms_pack ("second.xml", second, "quality-visit", 7);
  g_autofree char *example = g_test_build_filename (G_TEST_DIST, "data", "packs", "example.xml", NULL);
  g_autofree char *dump_before = NULL;
  g_autofree char *files_before = NULL;
  g_autofree char *dump_after = NULL;
  g_autofree char *files_after = NULL;
  g_autoptr(GError) error = NULL;
  WrPackImportCounts counts = { 0 };

  /* Something in the database to keep, and a pack's form installed. */
  g_assert_true (import (fixture, example, FALSE, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.n_new, ==, 2);
  g_assert_true (import (fixture, first_path, FALSE, &counts, &error));
  g_assert_no_error (error);
  dump_before = dump (fixture->store);
  files_before = form_files (fixture);
  g_assert_nonnull (strstr (dump_before, "Ward 7"));

  /* The built-in form's id and version. */
  g_assert_false (import (fixture, clash_path, FALSE, &counts, &error));
  g_assert_error (error, WR_PACK_ERROR, WR_PACK_ERROR_FORM_MISSING);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, clash_path));
  g_assert_nonnull (strstr (error->message, "“quality-visit” version 1"));
  g_assert_nonnull (strstr (error->message, "quality-visit.xml"));
  g_clear_error (&error);

  /* An earlier pack's form's id and version. */
  g_assert_false (import (fixture, second_path, FALSE, &counts, &error));
  g_assert_error (error, WR_PACK_ERROR, WR_PACK_ERROR_FORM_MISSING);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, second_path));
  g_assert_nonnull (strstr (error->message, "“quality-visit” version 7"));
  g_assert_nonnull (strstr (error->message, "quality-visit-v7.xml"));
  g_clear_error (&error);

  /* A dry run refuses it the same way. */
  {
    g_autoptr(WrPackReader) reader = wr_pack_reader_new (fixture->store, fixture->library);
    /* Test packs come from this test's other databases, or from before
     * packs were signed: taken as `import --trust-new-device
     * --allow-unsigned` takes them; a bad signature is still refused. */
    wr_pack_reader_set_trust_new_device (reader, TRUE);
    wr_pack_reader_set_allow_unsigned (reader, TRUE);

    wr_pack_reader_set_dry_run (reader, TRUE);
    g_assert_false (wr_pack_reader_import_file (reader, second_path, NULL, &counts, &error));
    g_assert_error (error, WR_PACK_ERROR, WR_PACK_ERROR_FORM_MISSING);
    g_clear_error (&error);
    g_assert_null (wr_pack_reader_get_new_forms (reader));
  }

  dump_after = dump (fixture->store);
  files_after = form_files (fixture);
  g_assert_true (g_str_equal (dump_after, dump_before));
  g_assert_cmpstr (files_after, ==, files_before);
  g_assert_cmpstr (wr_form_get_title (wr_form_library_lookup (fixture->library, "quality-visit", 7)), ==,
                   "Quality visit (changed)");
}

/* A file in the folder of packs' forms that is not the pack's form (here,
 * one that does not load) is never replaced.
 */
static void
test_never_replaces_a_file (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GBytes) form = quality_visit_as (7, "Quality visit (changed)");
  g_autofree char *path = write_forms_pack ("forms-only.xml", form, "quality-visit", 7);
  g_autofree char *packs = g_build_filename (fixture->folder, "pack-forms", NULL);
  g_autofree char *stray = g_build_filename (packs, "quality-visit-v7.xml", NULL);
  g_autofree char *kept = NULL;
  g_autoptr(GError) error = NULL;
  WrPackImportCounts counts = { 0 };

  g_assert_cmpint (g_mkdir_with_parents (packs, 0700), ==, 0);
  g_assert_true (g_file_set_contents (stray, "not a form", -1, NULL));

  g_assert_false (import (fixture, path, FALSE, &counts, &error));
  g_assert_error (error, WR_FORM_ERROR, WR_FORM_ERROR_EXISTS);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, stray));
  g_assert_true (g_file_get_contents (stray, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "not a form");
  g_assert_null (wr_form_library_lookup (fixture->library, "quality-visit", 7));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  xmlInitParser ();

#define ADD(path, func) \
  g_test_add ("/walkround/pack-forms/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("no-visits-supersedes-nothing", test_no_visits_supersedes_nothing);
  ADD ("pack-only-form-not-offered", test_pack_only_form_not_offered);
  ADD ("collect-lists-forms", test_collect_lists_forms);
  ADD ("use-and-undo", test_use_and_undo);
  ADD ("same-version-other-content", test_same_version_other_content);
  ADD ("never-replaces-a-file", test_never_replaces_a_file);
#undef ADD

  return g_test_run ();
}
