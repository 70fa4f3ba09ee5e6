/* test-demo.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Demo data is believable (completed visits have every required answer;
 * dates fall in the last three financial years), the same for a seed, adds
 * to what is there, and survives being killed half-way.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "wr-core-test-utils.h"
#include "wr-demo.h"
#include "wr-store-private.h"
#include "wr-visit-list.h"
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

static char *
digest (WrStore *store)
{
  g_autoptr(GString) all = g_string_new (NULL);
  const char *queries[] = {
    "SELECT uuid || kind || started || status FROM visits ORDER BY id",
    "SELECT question_id || member_uuid || repeat_uuid || ifnull (value, '') FROM answers ORDER BY id",
    "SELECT uuid || text || kind FROM observations ORDER BY id",
    "SELECT uuid || text || ifnull (due, '') || status FROM actions ORDER BY id",
    "SELECT uuid || question_id || file_name || caption || sha256 FROM attachments ORDER BY id",
  };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store), queries[i], -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_string_append (all, (const char *) sqlite3_column_text (stmt, 0));
    }

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, all->str, all->len);
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

/* Every made row with words is in the search indexes, once: they are
 * filled as each batch commits.
 */
static void
assert_indexed (WrStore *store)
{
  g_assert_cmpint (count (store, "SELECT count (*) FROM people_index"), ==,
                   count (store, "SELECT count (*) FROM team_members"));
  g_assert_cmpint (count (store, "SELECT count (*) FROM text_index"), ==,
                   count (store, "SELECT count (*) FROM observations") +
                   count (store, "SELECT count (*) FROM answers WHERE comment != ''"
                                 " OR (free_text AND ifnull (value, '') != '')"));
  g_assert_cmpint (count (store, "SELECT count (*) FROM text_index"), >, 0);
}

static void
test_believable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = open_store ("a");
  g_autoptr(WrFormLibrary) library = wr_form_library_new_default (NULL);
  g_autoptr(WrVisitList) list = NULL;
  WrDemoOptions options = { 120, 7, "2026-11-27" };
  WrDemoCounts counts;
  guint completed = 0;

  g_assert_true (wr_demo_fill (store, library, &options, NULL, NULL, NULL, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.n_visits, ==, 120);
  g_assert_cmpuint (counts.n_services, ==, 20);
  g_assert_cmpuint (counts.n_answers, >, 120 * 10);

  list = wr_visit_list_new (store);
  g_assert_true (wr_visit_list_reload (list, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 120);
  assert_indexed (store);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(WrVisit) visit = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autoptr(WrVisitSession) session = NULL;
      g_autoptr(GArray) gaps = NULL;
      guint answered, required;

      /* 1 April 2024 to 27 November 2026: three financial years. */
      g_assert_cmpstr (wr_visit_get_start_date (visit), >=, "2024-04-01");
      g_assert_cmpstr (wr_visit_get_start_date (visit), <=, "2026-11-27");

      /* The list's progress is what the visit page counts: opening the
       * visit finds nothing to correct.
       */
      g_assert_true (wr_visit_get_progress (visit, &answered, &required));
      session = wr_visit_session_new (store, library, wr_visit_get_uuid (visit), &error);
      g_assert_no_error (error);
      {
        g_autoptr(WrVisit) counted = wr_store_get_visit (store, wr_visit_get_uuid (visit), &error);
        guint counted_answered, counted_required;

        g_assert_true (wr_visit_get_progress (counted, &counted_answered, &counted_required));
        g_assert_cmpuint (counted_answered, ==, answered);
        g_assert_cmpuint (counted_required, ==, required);
      }
      g_assert_cmpuint (answered, <=, required);

      /* A completed visit could have been completed in the app. */
      if (wr_visit_get_status (visit) != WR_VISIT_COMPLETED)
        continue;
      g_assert_cmpuint (answered, ==, required);
      gaps = wr_visit_session_list_gaps (session);
      g_assert_cmpuint (gaps->len, ==, 0);
      completed++;
    }
  g_assert_cmpuint (completed, >, 60);

  /* About one visit in six has a photo or two: small JPEGs, whole, with
   * their question.
   */
  g_assert_cmpint (counts.n_photos, ==, count (store, "SELECT count (*) FROM attachments"));
  g_assert_cmpint (count (store, "SELECT count (DISTINCT visit_id) FROM attachments"), >=, 8);
  g_assert_cmpint (count (store, "SELECT count (DISTINCT visit_id) FROM attachments"), <=, 40);
  g_assert_cmpint (count (store, "SELECT count (*) FROM attachments WHERE question_id = ''"), <, counts.n_photos);
  g_assert_cmpint (count (store, "SELECT max (size) FROM attachments"), <, 8 * 1024);
  {
    g_autoptr(GPtrArray) visits = NULL;
    g_autoptr(sqlite3_stmt) stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store),
                                         "SELECT a.uuid, v.uuid FROM attachments a JOIN visits v ON v.id = a.visit_id",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        g_autoptr(GBytes) data = wr_store_get_attachment_data (store, (const char *) sqlite3_column_text (stmt, 0),
                                                               &error);
        const guint8 *d;

        g_assert_no_error (error);
        d = g_bytes_get_data (data, NULL);
        g_assert_cmpmem (d, 4, "\xFF\xD8\xFF\xE0", 4);
        visits = wr_store_list_attachments (store, (const char *) sqlite3_column_text (stmt, 1), &error);
        g_assert_no_error (error);
        g_assert_cmpuint (visits->len, >=, 1);
        g_clear_pointer (&visits, g_ptr_array_unref);
      }
  }
}

static void
test_same_for_a_seed (void)
{
  g_autoptr(WrStore) a = open_store ("a");
  g_autoptr(WrStore) b = open_store ("b");
  g_autoptr(WrStore) c = open_store ("c");
  g_autoptr(WrFormLibrary) library = wr_form_library_new_default (NULL);
  g_autofree char *da = NULL;
  g_autofree char *db = NULL;
  g_autofree char *dc = NULL;
  WrDemoOptions options = { 50, 3, "2026-06-30" };
  WrDemoOptions other = { 50, 4, "2026-06-30" };

  g_assert_true (wr_demo_fill (a, library, &options, NULL, NULL, NULL, NULL, NULL));
  g_assert_true (wr_demo_fill (b, library, &options, NULL, NULL, NULL, NULL, NULL));
  g_assert_true (wr_demo_fill (c, library, &other, NULL, NULL, NULL, NULL, NULL));
  da = digest (a);
  db = digest (b);
  dc = digest (c);
  g_assert_cmpstr (da, ==, db);
  g_assert_cmpstr (da, !=, dc);
}

static void
test_adds_to_existing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = open_store ("a");
  g_autoptr(WrFormLibrary) library = wr_form_library_new_default (NULL);
  g_autoptr(GListModel) services = NULL;
  WrServiceFields mine = { .name = "Ward 7 (Care of older people)" };
  g_autoptr(WrService) existing = wr_store_add_service (store, &mine, &error);
  WrDemoOptions options = { 30, 1, "2026-11-27" };
  WrDemoCounts counts;

  g_assert_true (wr_demo_fill (store, library, &options, NULL, NULL, NULL, &counts, &error));
  /* The one already there is used, not made again. */
  g_assert_cmpuint (counts.n_services, ==, 19);
  g_assert_true (wr_demo_fill (store, library, &options, NULL, NULL, NULL, &counts, &error));
  g_assert_cmpuint (counts.n_services, ==, 0);
  services = wr_store_list_services (store, FALSE, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (services), ==, 20);
}

/* Killed at random moments, the file stays sound and holds whole batches. */
static void
test_killed (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "killed", NULL);
  g_autofree char *path = g_build_filename (dir, "walkround.db", NULL);
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "ASAN_OPTIONS", "detect_leaks=0", TRUE);

  for (guint round = 0; round < 4; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WrStore) store = NULL;
      g_autoptr(sqlite3_stmt) stmt = NULL;
      const char *argv[] = { g_getenv ("WALKROUND_BIN"), "--data-dir", dir, "demo", "--visits", "3000", NULL };
      GPid pid;

      g_spawn_async (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                     G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid, &error);
      g_assert_no_error (error);
      g_usleep (g_test_rand_int_range (200, 1500) * 1000);
      wr_test_kill (pid);  /* or it had finished */
      g_spawn_close_pid (pid);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        continue;
      store = wr_store_open (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store), "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
      g_clear_pointer (&stmt, sqlite3_finalize);
      g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store), "SELECT count (*) FROM visits", -1, &stmt, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpint (sqlite3_column_int (stmt, 0) % 200, ==, 0);
      if (sqlite3_column_int (stmt, 0) > 0)
        assert_indexed (store);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/walkround/demo/believable", test_believable);
  g_test_add_func ("/walkround/demo/same-for-a-seed", test_same_for_a_seed);
  g_test_add_func ("/walkround/demo/adds-to-existing", test_adds_to_existing);
  g_test_add_func ("/walkround/demo/killed", test_killed);

  return g_test_run ();
}
