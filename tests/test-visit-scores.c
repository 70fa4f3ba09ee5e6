/* test-visit-scores.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Each visit's scores are kept in the store: the same figures the visit
 * page works out from the form, whether the visit was made, migrated from
 * a database that kept none, or imported from a pack; and a service's
 * latest score with its change since the visit before on the same form.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "wr-demo.h"
#include "wr-pack-reader.h"
#include "wr-pack-writer.h"
#include "wr-csv.h"
#include "wr-report.h"
#include "wr-store-private.h"
#include "wr-visit-list.h"
#include "wr-visit-scores.h"
#include "wr-visit-session.h"

static WrStore *
open_store (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), name, "walkround.db", NULL);
  WrStore *store = wr_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

static gint64
count (WrStore    *store,
       const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static void
exec (WrStore    *store,
      const char *sql)
{
  g_assert_cmpint (sqlite3_exec (_wr_store_get_db (store), sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

/* Every visit's kept scores, overall and per section, as one string. */
static char *
describe_scores (WrStore *store)
{
  g_autoptr(GString) all = g_string_new (NULL);
  const char *queries[] = {
    "SELECT uuid || ':' || scores_known || ':' || ifnull (printf ('%.6f', 100.0 * score_met / score_applicable), '-')"
    " FROM visits ORDER BY uuid",
    "SELECT v.uuid || ':' || s.position || ':' || s.section_id || ':' || printf ('%.6f/%.6f', s.met, s.applicable)"
    " FROM section_scores s JOIN visits v ON v.id = s.visit_id ORDER BY v.uuid, s.position",
  };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store), queries[i], -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_string_append (all, (const char *) sqlite3_column_text (stmt, 0));
          g_string_append_c (all, '\n');
        }
    }

  return g_string_free (g_steal_pointer (&all), FALSE);
}

static void
fill_demo (WrStore       *store,
           WrFormLibrary *library,
           guint          n_visits)
{
  g_autoptr(GError) error = NULL;
  WrDemoOptions options = { n_visits, 11, "2026-11-27" };
  WrDemoCounts counts;

  g_assert_true (wr_demo_fill (store, library, &options, NULL, NULL, NULL, &counts, &error));
  g_assert_no_error (error);
}

/* The list's score of each visit, and each section's kept score, are what
 * the visit page works out, and opening the visit writes nothing.
 */
static void
test_as_the_visit_page (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = open_store ("a");
  g_autoptr(WrFormLibrary) library = wr_form_library_new_default (NULL);
  g_autoptr(WrVisitList) list = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint scored = 0;

  fill_demo (store, library, 60);
  g_assert_cmpint (count (store, "SELECT count (*) FROM visits WHERE scores_known = 0"), ==, 0);
  before = describe_scores (store);

  list = wr_visit_list_new (store);
  g_assert_true (wr_visit_list_reload (list, &error));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(WrVisit) visit = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autoptr(WrVisitSession) session = wr_visit_session_new (store, library, wr_visit_get_uuid (visit), &error);
      g_autoptr(GHashTable) sections = NULL;
      WrForm *form = wr_visit_session_get_form (session);
      WrScore score;
      double kept, percent;

      g_assert_no_error (error);
      if (wr_visit_session_get_score (session, NULL, &score) && wr_score_get_percent (&score, &percent))
        {
          g_assert_true (wr_visit_get_score (visit, &kept));
          g_assert_cmpfloat_with_epsilon (kept, percent, 1e-9);
          scored++;
        }
      else
        g_assert_false (wr_visit_get_score (visit, NULL));

      sections = wr_store_list_section_scores (store, wr_visit_get_uuid (visit), &error);
      g_assert_no_error (error);
      for (guint s = 0; s < wr_form_get_n_sections (form); s++)
        {
          WrSection *section = wr_form_get_section (form, s);
          double *section_kept = g_hash_table_lookup (sections, wr_form_item_get_id (WR_FORM_ITEM (section)));

          if (wr_visit_session_get_score (session, WR_FORM_ITEM (section), &score) &&
              wr_score_get_percent (&score, &percent))
            {
              g_assert_nonnull (section_kept);
              g_assert_cmpfloat_with_epsilon (*section_kept, percent, 1e-9);
            }
          else
            g_assert_null (section_kept);
        }
    }

  /* Quality visits are scored; NED visits and 15 Steps walks are not. */
  g_assert_cmpuint (scored, >, 10);
  g_assert_cmpint (count (store, "SELECT count (*) FROM visits WHERE kind = 'ned-visit' AND score_applicable IS NOT NULL"),
                   ==, 0);

  after = describe_scores (store);
  g_assert_cmpstr (before, ==, after);
}

/* An answer saved on the visit page changes the kept score at once. */
static void
test_kept_on_save (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = open_store ("a");
  g_autoptr(WrFormLibrary) library = wr_form_library_new_default (NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(WrVisitSession) session = NULL;
  g_autoptr(WrVisit) visit = NULL;
  g_autofree char *uuid = NULL;
  WrForm *form;
  WrQuestion *question = NULL;
  WrScore score;
  double kept, percent;
  gboolean reopen;

  fill_demo (store, library, 40);
  g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store),
                                       "SELECT uuid, status FROM visits WHERE kind = 'quality-visit'"
                                       " AND score_applicable > 0 ORDER BY status DESC, id LIMIT 1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  reopen = g_str_equal ((const char *) sqlite3_column_text (stmt, 1), "completed");
  g_clear_pointer (&stmt, sqlite3_finalize);

  session = wr_visit_session_new (store, library, uuid, &error);
  g_assert_no_error (error);
  if (reopen)
    {
      g_assert_true (wr_visit_session_reopen (session, &error));
      g_assert_no_error (error);
    }
  form = wr_visit_session_get_form (session);

  /* A shown yes/no/N/A question outside repeats, answered "no". */
  for (guint i = 0; i < wr_form_get_n_items (form) && question == NULL; i++)
    {
      WrFormItem *item = wr_form_get_item (form, i);

      if (WR_IS_QUESTION (item) && wr_question_get_scored (WR_QUESTION (item)) &&
          wr_question_get_question_type (WR_QUESTION (item)) == WR_QUESTION_YES_NO_NA &&
          !wr_section_get_repeatable (wr_form_item_get_section (item)) &&
          !wr_section_get_per_member (wr_form_item_get_section (item)) &&
          wr_visit_session_is_shown (session, item, NULL, 0))
        question = WR_QUESTION (item);
    }
  g_assert_nonnull (question);
  g_assert_true (wr_visit_session_set_answer (session, question, NULL, 0, "no", &error));
  g_assert_no_error (error);

  g_assert_true (wr_visit_session_get_score (session, NULL, &score));
  g_assert_true (wr_score_get_percent (&score, &percent));
  visit = wr_store_get_visit (store, uuid, &error);
  g_assert_true (wr_visit_get_score (visit, &kept));
  g_assert_cmpfloat_with_epsilon (kept, percent, 1e-9);
  g_clear_object (&visit);

  /* N/A leaves it out of the score. */
  g_assert_true (wr_visit_session_set_answer (session, question, NULL, 0, "na", &error));
  g_assert_true (wr_visit_session_get_score (session, NULL, &score));
  g_assert_true (wr_score_get_percent (&score, &percent));
  visit = wr_store_get_visit (store, uuid, &error);
  g_assert_true (wr_visit_get_score (visit, &kept));
  g_assert_cmpfloat_with_epsilon (kept, percent, 1e-9);
}

/* A database from before scores were kept is scored when it is next
 * opened: the same figures as if they had always been kept.
 */
static void
test_filled_after_migration (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = open_store ("a");
  g_autoptr(WrFormLibrary) library = wr_form_library_new_default (NULL);
  g_autofree char *kept = NULL;
  g_autofree char *filled = NULL;
  gint64 n_visits;
  guint n_scored = 0;

  fill_demo (store, library, 50);
  kept = describe_scores (store);
  n_visits = count (store, "SELECT count (*) FROM visits");

  /* As the migration leaves them. */
  exec (store, "UPDATE visits SET score_met = NULL, score_applicable = NULL, scores_known = 0;"
               "DELETE FROM section_scores;");
  g_assert_true (wr_visit_scores_fill (store, library, NULL, &n_scored, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_scored, ==, n_visits);
  filled = describe_scores (store);
  g_assert_cmpstr (filled, ==, kept);

  /* Nothing left to do. */
  g_assert_true (wr_visit_scores_fill (store, library, NULL, &n_scored, &error));
  g_assert_cmpuint (n_scored, ==, 0);
}

/* Imported visits are left unscored by the import, and then scored as
 * they were where they were made.
 */
static void
test_filled_on_import (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = open_store ("a");
  g_autoptr(WrStore) other = open_store ("b");
  g_autoptr(WrFormLibrary) library = wr_form_library_new_default (NULL);
  g_autoptr(WrPackWriter) writer = wr_pack_writer_new (store, library);
  g_autoptr(WrPackReader) reader = wr_pack_reader_new (other, library);
  /* Test packs come from this test's other databases, or from before
   * packs were signed: taken as `import --trust-new-device
   * --allow-unsigned` takes them; a bad signature is still refused. */
  wr_pack_reader_set_trust_new_device (reader, TRUE);
  wr_pack_reader_set_allow_unsigned (reader, TRUE);
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "pack.xml", NULL);
  g_autofree char *ours = NULL;
  g_autofree char *theirs = NULL;
  guint n_scored = 0;

  fill_demo (store, library, 30);
  g_assert_true (wr_pack_writer_write_file (writer, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (wr_pack_reader_import_file (reader, path, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (count (other, "SELECT count (*) FROM visits WHERE scores_known = 0"), ==, 30);
  g_assert_true (wr_visit_scores_fill (other, library, NULL, &n_scored, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_scored, ==, 30);
  g_assert_cmpint (count (other, "SELECT count (*) FROM visits WHERE scores_known = 0"), ==, 0);
  ours = describe_scores (store);
  theirs = describe_scores (other);
  g_assert_cmpstr (ours, ==, theirs);
}

/* A service's latest score, against the same worked out by hand. */
static void
test_service_score (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = open_store ("a");
  g_autoptr(WrFormLibrary) library = wr_form_library_new_default (NULL);
  g_autoptr(sqlite3_stmt) services = NULL;
  guint with_change = 0;

  fill_demo (store, library, 200);
  g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store), "SELECT id FROM services", -1, &services, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (services) == SQLITE_ROW)
    {
      gint64 service_id = sqlite3_column_int64 (services, 0);
      g_autoptr(sqlite3_stmt) visits = NULL;
      WrServiceScore score;
      double expected_latest = 0, expected_previous = 0;
      char *latest_form = NULL;
      gboolean has_latest = FALSE, has_previous = FALSE;

      g_assert_true (wr_store_get_service_score (store, service_id, &score, &error));
      g_assert_no_error (error);

      /* Newest first; the first is the latest, the next on its form the one before. */
      g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store),
                                           "SELECT form_id, score_met, score_applicable FROM visits"
                                           " WHERE service_id = ? AND deleted IS NULL AND status = 'completed'"
                                           " AND score_applicable IS NOT NULL"
                                           " ORDER BY start_date DESC, started DESC, id DESC",
                                           -1, &visits, NULL), ==, SQLITE_OK);
      sqlite3_bind_int64 (visits, 1, service_id);
      while (sqlite3_step (visits) == SQLITE_ROW)
        {
          double percent = 100 * sqlite3_column_double (visits, 1) / sqlite3_column_double (visits, 2);

          if (!has_latest)
            {
              has_latest = TRUE;
              expected_latest = percent;
              latest_form = g_strdup ((const char *) sqlite3_column_text (visits, 0));
            }
          else if (!has_previous && g_str_equal (latest_form, (const char *) sqlite3_column_text (visits, 0)))
            {
              has_previous = TRUE;
              expected_previous = percent;
            }
        }
      g_assert_cmpint (score.has_latest, ==, has_latest);
      g_assert_cmpint (score.has_change, ==, has_previous);
      if (has_latest)
        {
          g_assert_cmpfloat_with_epsilon (score.latest, expected_latest, 1e-9);
          g_assert_cmpstr (score.form_id, ==, latest_form);
        }
      if (has_previous)
        {
          g_assert_cmpfloat_with_epsilon (score.change, expected_latest - expected_previous, 1e-9);
          with_change++;
        }
      g_free (latest_form);
    }
  g_assert_cmpuint (with_change, >, 0);
}

/* The CSV tables give each visit the score the store keeps, rounded down
 * to a tenth.
 */
static void
test_in_report (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = open_store ("a");
  g_autoptr(WrFormLibrary) library = wr_form_library_new_default (NULL);
  g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "tables", NULL);
  g_autofree char *path = g_build_filename (folder, "visits.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) records = NULL;
  WrCsvRecord *header;
  guint score_column = 0, scored = 0;
  gsize length;

  fill_demo (store, library, 40);
  g_assert_true (wr_report_write_csv_for_store (store, library, NULL, folder, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  records = wr_csv_parse ("visits.csv", text, length, 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 41);

  header = g_ptr_array_index (records, 0);
  while (header->fields[score_column] != NULL && !g_str_equal (header->fields[score_column], "score"))
    score_column++;
  g_assert_cmpuint (score_column, ==, g_strv_length (header->fields) - 2);

  for (guint i = 1; i < records->len; i++)
    {
      WrCsvRecord *record = g_ptr_array_index (records, i);
      g_autoptr(WrVisit) visit = wr_store_get_visit (store, record->fields[0], &error);
      const char *cell = record->fields[score_column];
      double percent;

      g_assert_no_error (error);
      if (wr_visit_get_score (visit, &percent))
        {
          g_autofree char *expected = g_strdup_printf ("%.1f", (double) (guint64) (percent * 10 + 1e-9) / 10.0);

          g_assert_cmpstr (cell, ==, expected);
          scored++;
        }
      else
        g_assert_cmpstr (cell, ==, "");
    }
  g_assert_cmpuint (scored, >, 5);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/walkround/visit-scores/as-the-visit-page", test_as_the_visit_page);
  g_test_add_func ("/walkround/visit-scores/kept-on-save", test_kept_on_save);
  g_test_add_func ("/walkround/visit-scores/filled-after-migration", test_filled_after_migration);
  g_test_add_func ("/walkround/visit-scores/filled-on-import", test_filled_on_import);
  g_test_add_func ("/walkround/visit-scores/service-score", test_service_score);
  g_test_add_func ("/walkround/visit-scores/in-report", test_in_report);

  return g_test_run ();
}
