/* test-visit-list.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "wr-store-private.h"
#include "wr-visit-list.h"

#define FORM_SHA "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define N_VISITS 300

static const char * const kinds[] = { "quality-visit", "ned-visit", "fifteen-steps" };

typedef struct
{
  WrStore   *store;
  WrService *services[3];
} Fixture;

/* 300 visits, one a day back from 1 March 2026, to three services in turn,
 * every fifth completed; visit 42 has an observation about a call bell and
 * visit 7 a team member called Morgan.
 */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "walkround.db", NULL);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  const char *names[] = { "Ward 7", "Audiology clinic", "Maple House" };
  sqlite3 *db;

  fixture->store = wr_store_open (path, &error);
  g_assert_no_error (error);
  db = _wr_store_get_db (fixture->store);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      WrServiceFields fields = { .name = names[i] };

      fixture->services[i] = wr_store_add_service (fixture->store, &fields, &error);
      g_assert_no_error (error);
    }

  /* Durability is not under test here; speed is welcome. */
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA synchronous = OFF", NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < N_VISITS; i++)
    {
      g_autoptr(GDateTime) day = g_date_time_new (utc, 2026, 3, 1, 10, 0, 0);
      g_autoptr(GDateTime) started = g_date_time_add_days (day, -(int) i);
      g_autoptr(WrVisit) visit = NULL;
      WrVisitFields fields = {
        .kind = kinds[i % 3], .form_id = kinds[i % 3], .form_version = 1, .form_sha256 = FORM_SHA,
        .service_id = wr_service_get_id (fixture->services[i % 3]), .started = started,
      };

      visit = wr_store_create_visit (fixture->store, &fields, &error);
      g_assert_no_error (error);

      if (i == 42)
        {
          WrObservationFields obs = { .text = "The call bell in bay 3 was out of reach", .kind = "concern" };
          g_autofree char *uuid = wr_store_add_observation (fixture->store, wr_visit_get_uuid (visit), &obs, &error);
          g_assert_no_error (error);
        }
      if (i == 7)
        {
          g_autofree char *uuid = wr_store_add_member (fixture->store, wr_visit_get_uuid (visit),
                                                       "Morgan Governor", "governor", &error);
          g_assert_no_error (error);
        }
      if (i % 5 == 0)
        {
          g_assert_true (wr_store_complete_visit (fixture->store, wr_visit_get_uuid (visit), &error));
          g_assert_no_error (error);
        }
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (fixture->services); i++)
    g_clear_object (&fixture->services[i]);
  g_assert_finalize_object (fixture->store);
}

static WrVisit *
item (WrVisitList *list,
      guint        position)
{
  return g_list_model_get_item (G_LIST_MODEL (list), position);
}

static void
test_all_in_order (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrVisitList) list = wr_visit_list_new (fixture->store);
  g_autoptr(WrVisit) first = NULL;
  g_autoptr(WrVisit) page_edge = NULL;
  g_autoptr(WrVisit) next_page = NULL;
  g_autoptr(WrVisit) last = NULL;
  g_autoptr(WrVisit) oldest_first = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_true (wr_visit_list_reload (list, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_VISITS);
  g_assert_cmpuint (g_list_model_get_item_type (G_LIST_MODEL (list)), ==, WR_TYPE_VISIT);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), N_VISITS));

  /* Newest first, across the page boundary at 256. */
  first = item (list, 0);
  g_assert_cmpstr (wr_visit_get_start_date (first), ==, "2026-03-01");
  page_edge = item (list, 255);
  next_page = item (list, 256);
  g_assert_cmpstr (wr_visit_get_start_date (page_edge), >, wr_visit_get_start_date (next_page));
  last = item (list, N_VISITS - 1);
  g_assert_cmpstr (wr_visit_get_service_name (last), ==, "Maple House");
  g_assert_false (wr_visit_is_placeholder (last));

  g_assert_true (wr_visit_list_set_sort (list, WR_VISIT_SORT_OLDEST, &error));
  oldest_first = item (list, 0);
  g_assert_cmpstr (wr_visit_get_uuid (oldest_first), ==, wr_visit_get_uuid (last));
}

static void
count_changes_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *calls)
{
  g_assert_cmpuint (position, ==, 0);
  g_assert_cmpuint (added, ==, g_list_model_get_n_items (model));
  (*calls)++;
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrVisitList) list = wr_visit_list_new (fixture->store);
  const char *ned[] = { "ned-visit", NULL };
  const char *completed[] = { "completed", NULL };
  const char *clinic[] = { wr_service_get_uuid (fixture->services[1]), NULL };
  WrVisitFilter filter = { .kinds = ned };
  guint changes = 0;

  g_signal_connect (list, "items-changed", G_CALLBACK (count_changes_cb), &changes);

  g_assert_true (wr_visit_list_set_filter (list, &filter, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_VISITS / 3);
  g_assert_cmpuint (changes, ==, 1);

  /* Every fifth visit is completed; of those, a third are NED visits. */
  filter = (WrVisitFilter) { .statuses = completed };
  g_assert_true (wr_visit_list_set_filter (list, &filter, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_VISITS / 5);
  filter.kinds = ned;
  g_assert_true (wr_visit_list_set_filter (list, &filter, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 20);

  filter = (WrVisitFilter) { .service_uuids = clinic };
  g_assert_true (wr_visit_list_set_filter (list, &filter, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_VISITS / 3);

  /* Both days are included. */
  filter = (WrVisitFilter) { .from_date = "2026-02-20", .to_date = "2026-02-28" };
  g_assert_true (wr_visit_list_set_filter (list, &filter, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 9);

  g_assert_true (wr_visit_list_set_filter (list, NULL, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_VISITS);
  g_assert_no_error (error);
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrVisitList) list = wr_visit_list_new (fixture->store);
  g_autoptr(WrVisit) found = NULL;
  WrVisitFilter filter = { .text = "call bel" };

  /* What visitors wrote, by word prefixes. */
  g_assert_true (wr_visit_list_set_filter (list, &filter, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  found = item (list, 0);
  g_assert_cmpstr (wr_visit_get_start_date (found), ==, "2026-01-18");

  filter.text = "maple";
  g_assert_true (wr_visit_list_set_filter (list, &filter, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_VISITS / 3);

  filter.text = "Morgan";
  g_assert_true (wr_visit_list_set_filter (list, &filter, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);

  /* Search syntax and LIKE wildcards in what people type are just text. */
  filter.text = "\"bell\" OR NEAR( 100% _x_ \\";
  g_assert_true (wr_visit_list_set_filter (list, &filter, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  filter.text = "   ";
  g_assert_true (wr_visit_list_set_filter (list, &filter, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_VISITS);
}

static void
test_reload_after_delete (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrVisitList) list = wr_visit_list_new (fixture->store);
  g_autoptr(WrVisit) victim = NULL;
  g_autoptr(WrVisit) stale = NULL;
  g_autoptr(WrVisit) neighbour = NULL;

  g_assert_true (wr_visit_list_reload (list, &error));
  victim = item (list, 280);

  /* Deleting hides it; Undo brings it back. */
  g_assert_true (wr_store_delete_visit (fixture->store, wr_visit_get_uuid (victim), &error));
  g_assert_true (wr_visit_list_reload (list, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_VISITS - 1);

  g_assert_true (wr_store_restore_visit (fixture->store, wr_visit_get_uuid (victim), &error));
  g_assert_true (wr_visit_list_reload (list, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_VISITS);

  /* Visits were made newest first, so the one at position 260 has row id
   * 261. Remove it from the file behind the list's back (as another program
   * purging it might) before its page is loaded: it keeps its place as a
   * placeholder rather than leaving a hole, until the next reload.
   */
  g_assert_cmpint (sqlite3_exec (_wr_store_get_db (fixture->store),
                                 "DELETE FROM visits WHERE id = 261", NULL, NULL, NULL), ==, SQLITE_OK);
  stale = item (list, 260);
  g_assert_true (wr_visit_is_placeholder (stale));
  neighbour = item (list, 259);
  g_assert_false (wr_visit_is_placeholder (neighbour));
  g_assert_true (wr_visit_list_reload (list, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_VISITS - 1);
}

/* The uuids a search for @text finds, each once. */
static GHashTable *
search (WrVisitList *list,
        const char  *text)
{
  g_autoptr(GError) error = NULL;
  GHashTable *found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  WrVisitFilter filter = { .text = text };
  guint n;

  g_assert_true (wr_visit_list_set_filter (list, &filter, &error));
  g_assert_no_error (error);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WrVisit) visit = item (list, i);

      g_assert_false (wr_visit_is_placeholder (visit));
      g_assert_true (g_hash_table_add (found, g_strdup (wr_visit_get_uuid (visit))));
    }

  return found;
}

static int
count_matches (WrStore    *store,
               const char *match)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int n;

  g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store),
                                       "SELECT count (*) FROM text_index WHERE text_index MATCH ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  return n;
}

/* A search follows edits, deletions and Undo, and lists a visit with many
 * matching notes and answers once.
 */
static void
test_search_after_changes (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrVisitList) list = wr_visit_list_new (fixture->store);
  g_autoptr(GHashTable) found = NULL;
  g_autoptr(GListModel) observations = NULL;
  g_autoptr(WrObservation) bell = NULL;
  g_autoptr(WrVisit) v42 = NULL;
  g_autoptr(WrVisit) v41 = NULL;
  g_autoptr(WrVisit) v43 = NULL;
  WrObservationFields obs = { .text = "Call bell cord tied up", .kind = "concern" };
  WrAnswerKey key = { .question_id = "q1" };
  WrAnswerKey text_key = { .question_id = "q2" };
  char *uuid;

  /* Visits were made newest first: visit i has row id i + 1. */
  g_assert_true (wr_visit_list_reload (list, &error));
  v41 = item (list, 41);
  v42 = item (list, 42);
  v43 = item (list, 43);
  g_assert_cmpint (wr_visit_get_id (v42), ==, 43);

  found = search (list, "call bel");
  g_assert_cmpuint (g_hash_table_size (found), ==, 1);
  g_assert_true (g_hash_table_contains (found, wr_visit_get_uuid (v42)));
  g_clear_pointer (&found, g_hash_table_unref);

  /* Many matching notes, a comment and a free-text answer: still once. */
  for (guint i = 0; i < 5; i++)
    {
      uuid = wr_store_add_observation (fixture->store, wr_visit_get_uuid (v41), &obs, &error);
      g_assert_no_error (error);
      g_free (uuid);
    }
  g_assert_true (wr_store_set_answer_comment (fixture->store, wr_visit_get_uuid (v41), &key, "call bell again", &error));
  g_assert_true (wr_store_set_answer (fixture->store, wr_visit_get_uuid (v41), &text_key, "no call bell", TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_matches (fixture->store, "call"), ==, 8);
  found = search (list, "call bel");
  g_assert_cmpuint (g_hash_table_size (found), ==, 2);
  g_assert_true (g_hash_table_contains (found, wr_visit_get_uuid (v41)));
  g_clear_pointer (&found, g_hash_table_unref);

  /* Editing a note changes what finds its visit. */
  observations = wr_store_list_observations (fixture->store, wr_visit_get_uuid (v42), &error);
  g_assert_no_error (error);
  bell = g_list_model_get_item (observations, 0);
  obs.text = "The window latch was broken";
  g_assert_true (wr_store_update_observation (fixture->store, wr_observation_get_uuid (bell), &obs, &error));
  g_assert_no_error (error);
  found = search (list, "call bel");
  g_assert_cmpuint (g_hash_table_size (found), ==, 1);
  g_assert_true (g_hash_table_contains (found, wr_visit_get_uuid (v41)));
  g_clear_pointer (&found, g_hash_table_unref);
  found = search (list, "latch");
  g_assert_cmpuint (g_hash_table_size (found), ==, 1);
  g_assert_true (g_hash_table_contains (found, wr_visit_get_uuid (v42)));
  g_clear_pointer (&found, g_hash_table_unref);

  /* A deleted note no longer finds its visit; Undo brings it back. */
  g_assert_true (wr_store_delete_observation (fixture->store, wr_observation_get_uuid (bell), TRUE, &error));
  g_assert_no_error (error);
  found = search (list, "latch");
  g_assert_cmpuint (g_hash_table_size (found), ==, 0);
  g_clear_pointer (&found, g_hash_table_unref);
  g_assert_true (wr_store_delete_observation (fixture->store, wr_observation_get_uuid (bell), FALSE, &error));
  g_assert_no_error (error);
  found = search (list, "latch");
  g_assert_cmpuint (g_hash_table_size (found), ==, 1);
  g_assert_true (g_hash_table_contains (found, wr_visit_get_uuid (v42)));
  g_clear_pointer (&found, g_hash_table_unref);

  /* An answer's comment alone finds its visit, until it is cleared. */
  g_assert_true (wr_store_set_answer_comment (fixture->store, wr_visit_get_uuid (v43), &key, "latch again", &error));
  found = search (list, "latch");
  g_assert_cmpuint (g_hash_table_size (found), ==, 2);
  g_clear_pointer (&found, g_hash_table_unref);
  g_assert_true (wr_store_set_answer_comment (fixture->store, wr_visit_get_uuid (v43), &key, "", &error));
  g_assert_no_error (error);
  found = search (list, "latch");
  g_assert_cmpuint (g_hash_table_size (found), ==, 1);
  g_clear_pointer (&found, g_hash_table_unref);

  /* Deleting a visit hides it from a search; Undo brings it back. */
  g_assert_true (wr_store_delete_visit (fixture->store, wr_visit_get_uuid (v41), &error));
  found = search (list, "call bel");
  g_assert_cmpuint (g_hash_table_size (found), ==, 0);
  g_clear_pointer (&found, g_hash_table_unref);
  g_assert_true (wr_store_restore_visit (fixture->store, wr_visit_get_uuid (v41), &error));
  g_assert_no_error (error);
  found = search (list, "call bel");
  g_assert_cmpuint (g_hash_table_size (found), ==, 1);
  g_clear_pointer (&found, g_hash_table_unref);

  /* Removing rows removes their entries (the delete triggers), and a
   * purged visit's entries go with it.
   */
  g_assert_cmpint (sqlite3_exec (_wr_store_get_db (fixture->store),
                                 "DELETE FROM answers WHERE visit_id = 42", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (count_matches (fixture->store, "call"), ==, 5);
  g_assert_cmpint (sqlite3_exec (_wr_store_get_db (fixture->store),
                                 "DELETE FROM visits WHERE id = 42", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (count_matches (fixture->store, "call"), ==, 0);
  g_assert_cmpint (count_matches (fixture->store, "latch"), ==, 1);
  found = search (list, "call bel");
  g_assert_cmpuint (g_hash_table_size (found), ==, 0);
  g_clear_pointer (&found, g_hash_table_unref);
}

static int
compare_visits (WrVisit     *a,
                WrVisit     *b,
                WrVisitSort  sort)
{
  int by = 0;

  if (sort == WR_VISIT_SORT_SERVICE)
    by = g_ascii_strcasecmp (wr_visit_get_service_name (a), wr_visit_get_service_name (b));
  else if (sort == WR_VISIT_SORT_KIND)
    by = g_strcmp0 (wr_visit_get_kind (a), wr_visit_get_kind (b));
  else if (sort == WR_VISIT_SORT_STATUS)
    by = (wr_visit_get_status (a) == WR_VISIT_DRAFT ? "draft" : "completed")[0] -
         (wr_visit_get_status (b) == WR_VISIT_DRAFT ? "draft" : "completed")[0];
  if (by != 0)
    return by;
  if (sort == WR_VISIT_SORT_OLDEST)
    return g_strcmp0 (wr_visit_get_start_date (a), wr_visit_get_start_date (b));
  return g_strcmp0 (wr_visit_get_start_date (b), wr_visit_get_start_date (a));
}

/* Every order gives every visit once, sorted, with a search too; visits
 * started at the same moment come newest made first.
 */
static void
test_orders (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrVisitList) list = wr_visit_list_new (fixture->store);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) started = g_date_time_new (utc, 2026, 3, 1, 10, 0, 0);
  g_autoptr(WrVisit) twin = NULL;
  g_autoptr(WrVisit) first = NULL;
  WrVisitFields fields = {
    .kind = "custom", .form_id = "custom", .form_version = 1, .form_sha256 = FORM_SHA,
    .service_id = wr_service_get_id (fixture->services[0]), .started = started,
  };

  twin = wr_store_create_visit (fixture->store, &fields, &error);
  g_assert_no_error (error);

  for (WrVisitSort sort = WR_VISIT_SORT_NEWEST; sort <= WR_VISIT_SORT_STATUS; sort++)
    {
      WrVisitFilter filters[] = { { NULL, }, { .text = "maple" } };

      g_assert_true (wr_visit_list_set_sort (list, sort, &error));
      g_assert_no_error (error);

      for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
        {
          g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_autoptr(WrVisit) previous = NULL;
          guint n;

          g_assert_true (wr_visit_list_set_filter (list, &filters[f], &error));
          g_assert_no_error (error);
          n = g_list_model_get_n_items (G_LIST_MODEL (list));
          g_assert_cmpuint (n, ==, f == 0 ? N_VISITS + 1 : N_VISITS / 3);

          for (guint i = 0; i < n; i++)
            {
              g_autoptr(WrVisit) visit = item (list, i);

              g_assert_true (g_hash_table_add (seen, g_strdup (wr_visit_get_uuid (visit))));
              if (previous != NULL)
                g_assert_cmpint (compare_visits (previous, visit, sort), <=, 0);
              g_set_object (&previous, visit);
            }
        }
    }

  g_assert_true (wr_visit_list_set_sort (list, WR_VISIT_SORT_NEWEST, &error));
  g_assert_true (wr_visit_list_set_filter (list, NULL, &error));
  first = item (list, 0);
  g_assert_cmpstr (wr_visit_get_uuid (first), ==, wr_visit_get_uuid (twin));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/walkround/visit-list/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("all-in-order", test_all_in_order);
  ADD ("filters", test_filters);
  ADD ("search", test_search);
  ADD ("search-after-changes", test_search_after_changes);
  ADD ("orders", test_orders);
  ADD ("reload-after-delete", test_reload_after_delete);

#undef ADD

  return g_test_run ();
}
