/* test-catalog.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <string.h>

#include "wr-catalog.h"
#include "wr-paths.h"

static WrCatalog *
get_catalog (void)
{
  g_autoptr(GError) error = NULL;
  WrCatalog *catalog = wr_catalog_get_default (&error);

  g_assert_no_error (error);
  g_assert_true (WR_IS_CATALOG (catalog));

  return catalog;
}

static GStrv
list_ids (WrCatalog     *catalog,
          WrCatalogKind  kind)
{
  GListModel *list = wr_catalog_list (catalog, kind);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(WrCatalogEntry) entry = g_list_model_get_item (list, i);

      g_assert_cmpint (wr_catalog_entry_get_kind (entry), ==, kind);
      g_assert_true (wr_catalog_lookup (catalog, kind, wr_catalog_entry_get_id (entry)) == entry);
      g_assert_cmpstr (wr_catalog_entry_get_title (entry), !=, "");
      g_assert_cmpstr (wr_catalog_entry_get_summary (entry), !=, "");
      g_strv_builder_add (builder, wr_catalog_entry_get_id (entry));
    }

  return g_strv_builder_end (builder);
}

static void
test_default (void)
{
  WrCatalog *catalog = get_catalog ();

  /* Loaded once, kept for the process. */
  g_assert_true (wr_catalog_get_default (NULL) == catalog);
  g_assert_cmpuint (wr_catalog_get_version (catalog), >=, 1);
  g_assert_true (wr_catalog_get_statement_links_inferred (catalog));
}

static void
test_regulations (void)
{
  WrCatalog *catalog = get_catalog ();
  g_auto(GStrv) ids = list_ids (catalog, WR_CATALOG_REGULATION);
  WrCatalogEntry *safety = wr_catalog_lookup (catalog, WR_CATALOG_REGULATION, "12");
  WrCatalogEntry *visiting = wr_catalog_lookup (catalog, WR_CATALOG_REGULATION, "9A");
  g_autofree char *title = NULL;

  g_assert_cmpstrv (ids, ((const char *[]) { "9", "9A", "10", "11", "12", "13", "14", "15", "16", "17",
                                             "18", "19", "20", "20A", NULL }));

  g_assert_cmpstr (wr_catalog_entry_get_title (safety), ==, "Safe care and treatment");
  g_assert_cmpstr (wr_catalog_entry_get_short_title (safety), ==, "Safety");
  g_assert_true (g_str_has_prefix (wr_catalog_entry_get_summary (safety), "Care and treatment are given safely."));
  g_assert_cmpuint (g_strv_length ((char **) wr_catalog_entry_get_points (safety)), >=, 3);
  g_assert_cmpstr (wr_catalog_entry_get_in_force (safety), ==, "2015-04-01");
  g_assert_cmpstr (wr_catalog_entry_get_in_force (visiting), ==, "2024-04-06");
  g_assert_null (wr_catalog_entry_get_key_question (safety));
  g_assert_cmpstrv (wr_catalog_entry_get_regulations (safety), ((const char *[]) { NULL }));

  g_object_get (safety, "title", &title, NULL);
  g_assert_cmpstr (title, ==, "Safe care and treatment");

  g_assert_null (wr_catalog_lookup (catalog, WR_CATALOG_REGULATION, "21"));
  g_assert_null (wr_catalog_lookup (catalog, WR_CATALOG_REGULATION, "9a"));
  g_assert_null (wr_catalog_lookup (catalog, WR_CATALOG_REGULATION, NULL));
  g_assert_null (wr_catalog_lookup (catalog, WR_CATALOG_KEY_QUESTION, "12"));

  /* What a person types: any case, giving the catalogue's own id. */
  g_assert_cmpstr (wr_catalog_entry_get_id (wr_catalog_lookup_any_case (catalog, WR_CATALOG_REGULATION, "9a")), ==, "9A");
  g_assert_cmpstr (wr_catalog_entry_get_id (wr_catalog_lookup_any_case (catalog, WR_CATALOG_REGULATION, "20a")), ==, "20A");
  g_assert_cmpstr (wr_catalog_entry_get_id (wr_catalog_lookup_any_case (catalog, WR_CATALOG_REGULATION, "12")), ==, "12");
  g_assert_cmpstr (wr_catalog_entry_get_id (wr_catalog_lookup_any_case (catalog, WR_CATALOG_STATEMENT, "Safe-Environments")),
                   ==, "safe-environments");
  g_assert_cmpstr (wr_catalog_entry_get_id (wr_catalog_lookup_any_case (catalog, WR_CATALOG_KEY_QUESTION, "WELL-LED")),
                   ==, "well-led");
  g_assert_null (wr_catalog_lookup_any_case (catalog, WR_CATALOG_REGULATION, "9b"));
  g_assert_null (wr_catalog_lookup_any_case (catalog, WR_CATALOG_REGULATION, NULL));
  g_assert_null (wr_catalog_lookup_any_case (catalog, WR_CATALOG_KEY_QUESTION, "9a"));
}

static void
test_key_questions_and_statements (void)
{
  WrCatalog *catalog = get_catalog ();
  g_auto(GStrv) key_questions = list_ids (catalog, WR_CATALOG_KEY_QUESTION);
  g_auto(GStrv) statements = list_ids (catalog, WR_CATALOG_STATEMENT);
  g_autoptr(GPtrArray) safe = wr_catalog_list_statements (catalog, "safe");
  g_autoptr(GPtrArray) all = wr_catalog_list_statements (catalog, NULL);
  guint total = 0;

  g_assert_cmpstrv (key_questions, ((const char *[]) { "safe", "effective", "caring", "responsive", "well-led", NULL }));
  g_assert_cmpuint (g_strv_length (statements), ==, 34);
  g_assert_cmpuint (all->len, ==, 34);

  for (guint i = 0; i < all->len; i++)
    {
      WrCatalogEntry *statement = g_ptr_array_index (all, i);
      const char * const *regulations = wr_catalog_entry_get_regulations (statement);

      g_assert_nonnull (wr_catalog_lookup (catalog, WR_CATALOG_KEY_QUESTION, wr_catalog_entry_get_key_question (statement)));
      /* Every statement relates to a regulation, if only as one to consider. */
      g_assert_true (regulations[0] != NULL || wr_catalog_entry_get_also_consider (statement)[0] != NULL);
      for (guint j = 0; regulations[j] != NULL; j++)
        g_assert_nonnull (wr_catalog_lookup (catalog, WR_CATALOG_REGULATION, regulations[j]));
      for (guint j = 0; wr_catalog_entry_get_also_consider (statement)[j] != NULL; j++)
        g_assert_nonnull (wr_catalog_lookup (catalog, WR_CATALOG_REGULATION, wr_catalog_entry_get_also_consider (statement)[j]));
    }

  g_assert_cmpuint (safe->len, >, 0);
  for (guint i = 0; i < safe->len; i++)
    g_assert_cmpstr (wr_catalog_entry_get_key_question (g_ptr_array_index (safe, i)), ==, "safe");

  for (guint i = 0; key_questions[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) some = wr_catalog_list_statements (catalog, key_questions[i]);

      g_assert_cmpuint (some->len, >, 0);
      total += some->len;
    }
  g_assert_cmpuint (total, ==, 34);

  g_assert_cmpstr (wr_catalog_entry_get_key_question (wr_catalog_lookup (catalog, WR_CATALOG_STATEMENT, "effective-consent")),
                   ==, "effective");
  g_assert_cmpstrv (wr_catalog_entry_get_regulations (wr_catalog_lookup (catalog, WR_CATALOG_STATEMENT, "effective-consent")),
                    ((const char *[]) { "11", NULL }));
}

static void
test_themes_and_vocabularies (void)
{
  WrCatalog *catalog = get_catalog ();
  g_auto(GStrv) themes = list_ids (catalog, WR_CATALOG_THEME);
  g_auto(GStrv) kinds = list_ids (catalog, WR_CATALOG_OBSERVATION_KIND);
  g_auto(GStrv) voices = list_ids (catalog, WR_CATALOG_VOICE);
  g_auto(GStrv) categories = list_ids (catalog, WR_CATALOG_EVIDENCE_CATEGORY);
  g_auto(GStrv) domains = list_ids (catalog, WR_CATALOG_DOMAIN);
  WrCatalogEntry *calm = wr_catalog_lookup (catalog, WR_CATALOG_THEME, "well-organised-calm");
  WrCatalogEntry *governance = wr_catalog_lookup (catalog, WR_CATALOG_DOMAIN, "governance-leadership");

  g_assert_cmpstrv (themes, ((const char *[]) { "welcoming", "safe", "caring-involving", "well-organised-calm", NULL }));
  g_assert_cmpstr (wr_catalog_entry_get_title (calm), ==, "Well organised and calm");
  g_assert_cmpstr (wr_catalog_entry_get_summary (calm), ==, "Is it well organised and calm?");
  g_assert_cmpuint (g_strv_length ((char **) wr_catalog_entry_get_points (calm)), ==, 7);

  /* These are fixed by form.xsd as well. */
  g_assert_cmpstrv (kinds, ((const char *[]) { "good-practice", "concern", "think-about", "idea", "quote", NULL }));
  g_assert_cmpstrv (voices, ((const char *[]) { "patient", "carer", "staff", "visitor", NULL }));
  g_assert_cmpuint (g_strv_length (categories), ==, 6);
  g_assert_cmpuint (g_strv_length ((char **) wr_catalog_entry_get_points (
                      wr_catalog_lookup (catalog, WR_CATALOG_EVIDENCE_CATEGORY, "people-experience"))), ==, 3);

  g_assert_cmpuint (g_strv_length (domains), ==, 13);
  g_assert_cmpstrv (wr_catalog_entry_get_regulations (governance), ((const char *[]) { "17", "20", "20A", NULL }));

  for (guint kind = 0; kind < WR_CATALOG_N_KINDS; kind++)
    g_assert_nonnull (wr_catalog_kind_to_string (kind));
}

static char *
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);

  return path;
}

#define HEAD "<catalog xmlns='https://walkround.github.io/ns/catalog/1' version='%d' xml:lang='en'>"

static void
test_merge (void)
{
  g_autofree char *dir = g_dir_make_tmp ("walkround-test-catalog-XXXXXX", NULL);
  g_autofree char *regs_xml = g_strdup_printf (HEAD
    "<regulations><regulation id='12'><title>Safe care</title><short-title>Safety</short-title>"
    "<summary>Be safe.</summary><look-for>Hand gel</look-for></regulation></regulations>"
    "<key-questions><key-question id='safe'><title>Safe</title><meaning>Kept safe.</meaning></key-question></key-questions>"
    "</catalog>", 1);
  g_autofree char *statements_xml = g_strdup_printf (HEAD
    "<themes framework='test' source='paraphrase'>"
    "<theme id='calm'><title>Calm</title><question>Is it calm?</question><prompt>Noise</prompt></theme>"
    "</themes></catalog>", 2);
  g_autofree char *dangling_xml = g_strdup_printf (HEAD
    "<quality-statements framework='test' regulation-mapping='published'>"
    "<statement id='safe-two' key-question='safe'><title>Two</title><we-statement>We are safe.</we-statement>"
    "<relates-to regulation='99'/></statement></quality-statements></catalog>", 1);
  g_autofree char *regs = write_file (dir, "a.xml", regs_xml);
  g_autofree char *statements = write_file (dir, "b.xml", statements_xml);
  g_autofree char *dangling = write_file (dir, "c.xml", dangling_xml);
  g_autofree char *broken = write_file (dir, "d.xml", "<catalog");
  g_autoptr(GError) error = NULL;
  g_autoptr(WrCatalog) merged = NULL;
  g_autoptr(WrCatalog) twice = NULL;
  g_autoptr(WrCatalog) missing = NULL;
  g_autoptr(WrCatalog) bad = NULL;
  g_autofree char *prefix = NULL;

  merged = wr_catalog_new_from_files ((const char *[]) { regs, statements, NULL }, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wr_catalog_get_version (merged), ==, 2);
  g_assert_false (wr_catalog_get_statement_links_inferred (merged));
  g_assert_nonnull (wr_catalog_lookup (merged, WR_CATALOG_THEME, "calm"));
  g_assert_nonnull (wr_catalog_lookup (merged, WR_CATALOG_REGULATION, "12"));
  g_assert_cmpuint (g_list_model_get_n_items (wr_catalog_list (merged, WR_CATALOG_STATEMENT)), ==, 0);

  /* The same entry in two files. */
  twice = wr_catalog_new_from_files ((const char *[]) { regs, regs, NULL }, &error);
  g_assert_error (error, WR_CATALOG_ERROR, WR_CATALOG_ERROR_INVALID);
  g_assert_null (twice);
  g_assert_true (g_str_has_prefix (error->message, regs));
  g_assert_nonnull (strstr (error->message, "'12' is already in"));
  g_clear_error (&error);

  /* A reference to a key question and a regulation that are not there. */
  missing = wr_catalog_new_from_files ((const char *[]) { regs, dangling, NULL }, &error);
  g_assert_error (error, WR_CATALOG_ERROR, WR_CATALOG_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, dangling));
  g_assert_nonnull (strstr (error->message, "which is not in the catalogue"));
  g_clear_error (&error);

  bad = wr_catalog_new_from_file (broken, &error);
  g_assert_error (error, WR_CATALOG_ERROR, WR_CATALOG_ERROR_INVALID);
  prefix = g_strdup_printf ("%s:1: not well-formed", broken);
  g_assert_true (g_str_has_prefix (error->message, prefix));

  g_unlink (regs);
  g_unlink (statements);
  g_unlink (dangling);
  g_unlink (broken);
  g_rmdir (dir);
}

static void
test_schema_refuses (void)
{
  g_autofree char *dir = g_dir_make_tmp ("walkround-test-catalog-XXXXXX", NULL);
  g_autofree char *path = write_file (dir, "bad.xml",
    "<catalog xmlns='https://walkround.github.io/ns/catalog/1' version='1' xml:lang='en'>\n"
    "<regulations><regulation id='twelve'><title>T</title><short-title>S</short-title>"
    "<summary>S</summary><look-for>L</look-for></regulation></regulations></catalog>");
  g_autofree char *doctype = write_file (dir, "doctype.xml",
    "<!DOCTYPE catalog [<!ENTITY x SYSTEM '/etc/passwd'>]>\n"
    "<catalog xmlns='https://walkround.github.io/ns/catalog/1' version='1' xml:lang='en'/>");
  g_autoptr(GError) error = NULL;
  g_autoptr(WrCatalog) catalog = NULL;

  catalog = wr_catalog_new_from_file (path, &error);
  g_assert_error (error, WR_CATALOG_ERROR, WR_CATALOG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, ":2: "));
  g_assert_nonnull (strstr (error->message, "twelve"));
  g_clear_error (&error);

  catalog = wr_catalog_new_from_file (doctype, &error);
  g_assert_error (error, WR_CATALOG_ERROR, WR_CATALOG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "DOCTYPE"));

  g_unlink (path);
  g_unlink (doctype);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  xmlInitParser ();

  g_test_add_func ("/walkround/catalog/default", test_default);
  g_test_add_func ("/walkround/catalog/regulations", test_regulations);
  g_test_add_func ("/walkround/catalog/key-questions-and-statements", test_key_questions_and_statements);
  g_test_add_func ("/walkround/catalog/themes-and-vocabularies", test_themes_and_vocabularies);
  g_test_add_func ("/walkround/catalog/merge", test_merge);
  g_test_add_func ("/walkround/catalog/schema-refuses", test_schema_refuses);

  return g_test_run ();
}
