/* test-summary.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The year's figures: for demo data of a fixed seed, the totals counted by
 * hand once and every figure against SQL written here independently; a
 * visit on 31 March and one on 1 April fall in different financial years;
 * the total is what an export of the period would hold.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "wr-dates.h"
#include "wr-demo.h"
#include "wr-store-private.h"
#include "wr-summary.h"


static WrStore *
open_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "walkround.db", NULL);
  WrStore *store = wr_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

static gint64
count (WrStore    *store,
       const char *sql,
       const char *from,
       const char *to)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, to, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static WrSummary *
summarise (WrStore    *store,
           const char *from,
           const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrScope) scope = wr_scope_new ();
  WrSummary *summary;

  g_assert_true (wr_scope_set_from (scope, from, &error));
  g_assert_true (wr_scope_set_to (scope, to, &error));
  summary = wr_store_summarise (store, scope, "2026-11-27", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
  return summary;
}

static WrSummaryRow *
find_row (GPtrArray  *rows,
          const char *group,
          const char *key)
{
  for (guint i = 0; i < rows->len; i++)
    {
      WrSummaryRow *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (row->group, group) == 0 && g_strcmp0 (row->key, key) == 0)
        return row;
    }
  return NULL;
}

/* In the period: not deleted, started on a day from ?1 to ?2. */
#define IN_PERIOD "v.deleted IS NULL AND v.start_date BETWEEN ?1 AND ?2"

static void
test_demo_year (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = open_store ();
  g_autoptr(WrFormLibrary) library = wr_form_library_new_default (NULL);
  g_autoptr(WrSummary) summary = NULL;
  WrDemoOptions options = { 300, 17, "2026-11-27" };
  WrDemoCounts counts;
  const char *from = "2025-04-01";
  const char *to = "2026-03-31";
  const char * const *kinds = wr_visit_kind_get_ids ();
  guint total = 0;

  g_assert_true (wr_demo_fill (store, library, &options, NULL, NULL, NULL, &counts, &error));
  g_assert_no_error (error);

  /* One visit deleted, one observation and one action deleted: none counts. */
  g_assert_cmpint (sqlite3_exec (_wr_store_get_db (store),
                                 "UPDATE visits SET deleted = '2026-11-01T10:00:00Z' WHERE id ="
                                 "  (SELECT min (id) FROM visits WHERE start_date BETWEEN '2025-04-01' AND '2026-03-31');"
                                 "UPDATE observations SET deleted = '2026-11-01T10:00:00Z' WHERE id ="
                                 "  (SELECT max (id) FROM observations WHERE kind = 'concern');"
                                 "UPDATE actions SET deleted = '2026-11-01T10:00:00Z' WHERE id = (SELECT max (id) FROM actions);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  summary = summarise (store, from, to);
  g_assert_cmpstr (summary->from, ==, from);
  g_assert_cmpstr (summary->to, ==, to);

  /* Counted by hand (sqlite3 on the made file) for seed 17, 300 visits up
   * to 27 November 2026, with the deletions above.
   */
  g_assert_cmpuint (summary->n_visits, ==, 111);
  g_assert_cmpuint (summary->n_completed, ==, 108);
  g_assert_cmpuint (summary->n_draft, ==, 3);
  g_assert_cmpuint (find_row (summary->kinds, NULL, "quality-visit")->count, ==, 34);
  g_assert_cmpuint (find_row (summary->kinds, NULL, "ned-visit")->count, ==, 31);
  g_assert_cmpuint (find_row (summary->kinds, NULL, "fifteen-steps")->count, ==, 34);
  g_assert_cmpuint (find_row (summary->kinds, NULL, "self-assessment")->count, ==, 12);
  g_assert_cmpuint (find_row (summary->kinds, NULL, "custom")->count, ==, 0);

  /* Each figure against SQL of its own. */
  g_assert_cmpuint (summary->n_visits, ==, count (store, "SELECT count (*) FROM visits v WHERE " IN_PERIOD, from, to));
  g_assert_cmpuint (summary->n_completed, ==,
                    count (store, "SELECT count (*) FROM visits v WHERE " IN_PERIOD " AND v.status = 'completed'", from, to));
  for (guint k = 0; kinds[k] != NULL; k++)
    {
      WrSummaryRow *row = find_row (summary->kinds, NULL, kinds[k]);
      g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM visits v WHERE " IN_PERIOD " AND v.kind = '%s'",
                                              kinds[k]);
      g_autofree char *sql_completed = g_strdup_printf ("%s AND v.status = 'completed'", sql);

      g_assert_nonnull (row);
      g_assert_cmpuint (row->count, ==, count (store, sql, from, to));
      g_assert_cmpuint (row->completed, ==, count (store, sql_completed, from, to));
      total += row->count;
    }
  g_assert_cmpuint (total, ==, summary->n_visits);

  total = 0;
  for (guint i = 0; i < summary->months->len; i++)
    {
      WrSummaryRow *row = g_ptr_array_index (summary->months, i);
      g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM visits v WHERE " IN_PERIOD
                                              " AND strftime ('%%Y-%%m', v.start_date) = '%s' AND v.kind = '%s'",
                                              row->group, row->key);

      g_assert_cmpuint (row->count, ==, count (store, sql, from, to));
      total += row->count;
    }
  g_assert_cmpuint (total, ==, summary->n_visits);

  /* Services: every one not archived, visited or not. */
  g_assert_cmpuint (summary->services->len, ==, count (store, "SELECT count (*) FROM services WHERE NOT archived", from, to));
  {
    guint visited = 0;

    for (guint i = 0; i < summary->services->len; i++)
      visited += ((WrSummaryRow *) g_ptr_array_index (summary->services, i))->count > 0;
    g_assert_cmpuint (visited, ==, count (store, "SELECT count (DISTINCT v.service_id) FROM visits v WHERE " IN_PERIOD,
                                          from, to));
  }

  total = 0;
  for (guint i = 0; i < summary->roles->len; i++)
    total += ((WrSummaryRow *) g_ptr_array_index (summary->roles, i))->count;
  g_assert_cmpuint (total, ==, count (store, "SELECT count (*) FROM team_members m JOIN visits v ON v.id = m.visit_id"
                                             " WHERE " IN_PERIOD, from, to));

  for (guint i = 0; i < summary->observations->len; i++)
    {
      WrSummaryRow *row = g_ptr_array_index (summary->observations, i);
      g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM observations o JOIN visits v ON v.id = o.visit_id"
                                              " WHERE " IN_PERIOD " AND o.deleted IS NULL AND o.kind = '%s'", row->key);

      g_assert_cmpuint (row->count, ==, count (store, sql, from, to));
    }

  g_assert_cmpuint (summary->n_actions, ==,
                    count (store, "SELECT count (*) FROM actions a JOIN visits v ON v.id = a.visit_id"
                                  " WHERE " IN_PERIOD " AND a.deleted IS NULL", from, to));
  g_assert_cmpuint (summary->n_actions_done, ==,
                    count (store, "SELECT count (*) FROM actions a JOIN visits v ON v.id = a.visit_id"
                                  " WHERE " IN_PERIOD " AND a.deleted IS NULL AND a.status = 'done'", from, to));
  g_assert_cmpuint (summary->n_actions_overdue, ==,
                    count (store, "SELECT count (*) FROM actions a JOIN visits v ON v.id = a.visit_id"
                                  " WHERE " IN_PERIOD " AND a.deleted IS NULL AND a.status = 'open'"
                                  " AND a.due < '2026-11-27'", from, to));
  g_assert_cmpuint (summary->n_actions, ==,
                    summary->n_actions_open + summary->n_actions_done + summary->n_actions_dropped);

  /* Concerns by regulation, most first. */
  for (guint i = 0; i < summary->concerns->len; i++)
    {
      WrSummaryRow *row = g_ptr_array_index (summary->concerns, i);
      g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM observation_links l"
                                              " JOIN observations o ON o.id = l.observation_id"
                                              " JOIN visits v ON v.id = o.visit_id"
                                              " WHERE " IN_PERIOD " AND o.deleted IS NULL AND o.kind = 'concern'"
                                              " AND l.kind = '%s' AND l.ref = '%s'", row->group, row->key);

      g_assert_cmpuint (row->count, ==, count (store, sql, from, to));
      if (i > 0 && g_str_equal (row->group, ((WrSummaryRow *) g_ptr_array_index (summary->concerns, i - 1))->group))
        g_assert_cmpuint (row->count, <=, ((WrSummaryRow *) g_ptr_array_index (summary->concerns, i - 1))->count);
    }
  g_assert_nonnull (find_row (summary->concerns, "regulation", "12"));

  /* Concerns by regulation and directorate: each cell against SQL of its
   * own, and every regulation's cells add up to its concerns.
   */
  g_assert_cmpuint (summary->concern_map->len, >, 1);
  for (guint i = 0; i < summary->concern_map->len; i++)
    {
      WrSummaryRow *row = g_ptr_array_index (summary->concern_map, i);
      g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM observation_links l"
                                              " JOIN observations o ON o.id = l.observation_id"
                                              " JOIN visits v ON v.id = o.visit_id"
                                              " JOIN services s ON s.id = v.service_id"
                                              " WHERE " IN_PERIOD " AND o.deleted IS NULL AND o.kind = 'concern'"
                                              " AND l.kind = 'regulation' AND l.ref = '%s' AND s.directorate = '%s'",
                                              row->key, row->group);

      g_assert_cmpuint (row->count, >, 0);
      g_assert_cmpuint (row->count, ==, count (store, sql, from, to));
    }
  for (guint i = 0; i < summary->concerns->len; i++)
    {
      WrSummaryRow *row = g_ptr_array_index (summary->concerns, i);
      guint cells = 0;

      if (!g_str_equal (row->group, "regulation"))
        continue;
      for (guint j = 0; j < summary->concern_map->len; j++)
        {
          WrSummaryRow *cell = g_ptr_array_index (summary->concern_map, j);

          if (g_str_equal (cell->key, row->key))
            cells += cell->count;
        }
      g_assert_cmpuint (cells, ==, row->count);
    }

  /* One service: few visits, read by their indexes, counted alike. */
  {
    g_autoptr(WrScope) scope = wr_scope_new ();
    g_autoptr(WrSummary) one = NULL;
    g_autoptr(sqlite3_stmt) stmt = NULL;
    g_autofree char *uuid = NULL;
    g_autofree char *sql_visits = NULL;
    g_autofree char *sql_roles = NULL;
    g_autofree char *sql_observations = NULL;
    g_autofree char *sql_actions = NULL;
    guint roles_total = 0, observations_total = 0;
    gint64 service_id;

    g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store), "SELECT id, uuid FROM services ORDER BY id LIMIT 1",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    service_id = sqlite3_column_int64 (stmt, 0);
    uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    g_assert_true (wr_scope_set_from (scope, from, NULL));
    g_assert_true (wr_scope_set_to (scope, to, NULL));
    g_assert_true (wr_scope_add_service (scope, uuid, NULL));
    one = wr_store_summarise (store, scope, "2026-11-27", NULL, &error);
    g_assert_no_error (error);

    sql_visits = g_strdup_printf ("SELECT count (*) FROM visits v WHERE " IN_PERIOD " AND v.service_id = %" G_GINT64_FORMAT,
                                  service_id);
    sql_roles = g_strdup_printf ("SELECT count (*) FROM team_members m JOIN visits v ON v.id = m.visit_id WHERE " IN_PERIOD
                                 " AND v.service_id = %" G_GINT64_FORMAT, service_id);
    sql_observations = g_strdup_printf ("SELECT count (*) FROM observations o JOIN visits v ON v.id = o.visit_id WHERE "
                                        IN_PERIOD " AND o.deleted IS NULL AND v.service_id = %" G_GINT64_FORMAT, service_id);
    sql_actions = g_strdup_printf ("SELECT count (*) FROM actions a JOIN visits v ON v.id = a.visit_id WHERE " IN_PERIOD
                                   " AND a.deleted IS NULL AND v.service_id = %" G_GINT64_FORMAT, service_id);
    for (guint i = 0; i < one->roles->len; i++)
      roles_total += ((WrSummaryRow *) g_ptr_array_index (one->roles, i))->count;
    for (guint i = 0; i < one->observations->len; i++)
      observations_total += ((WrSummaryRow *) g_ptr_array_index (one->observations, i))->count;
    g_assert_cmpuint (one->n_visits, >, 0);
    g_assert_cmpuint (one->n_visits, ==, count (store, sql_visits, from, to));
    g_assert_cmpuint (roles_total, ==, count (store, sql_roles, from, to));
    g_assert_cmpuint (observations_total, ==, count (store, sql_observations, from, to));
    g_assert_cmpuint (one->n_actions, ==, count (store, sql_actions, from, to));
  }

  /* The total is what export --status all would hold. */
  {
    g_autoptr(WrScope) scope = wr_scope_new ();
    guint n_exported = 0;

    g_assert_true (wr_scope_set_from (scope, from, NULL));
    g_assert_true (wr_scope_set_to (scope, to, NULL));
    g_assert_true (_wr_store_export_count_visits (store, scope, &n_exported, &error));
    g_assert_cmpuint (n_exported, ==, summary->n_visits);
  }
}

static void
add_visit_at (WrStore    *store,
              gint64      service_id,
              const char *kind,
              int         year,
              int         month,
              int         day,
              int         hour,
              int         minute)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) started = g_date_time_new_local (year, month, day, hour, minute, 0);
  g_autoptr(WrVisit) visit = NULL;
  WrVisitFields fields = { kind, "quality-visit", 1, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", service_id, started };

  visit = wr_store_create_visit (store, &fields, &error);
  g_assert_no_error (error);
}

/* 31 March is the last day of a financial year and 1 April the first of
 * the next, late and early in the day alike.
 */
static void
test_year_boundaries (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = open_store ();
  g_autoptr(WrService) service = NULL;
  g_autoptr(WrSummary) before = NULL;
  g_autoptr(WrSummary) after = NULL;
  g_autoptr(WrSummary) both = NULL;
  g_autofree char *start = wr_date_financial_year_start (2026);
  g_autofree char *end = wr_date_financial_year_end (2026);
  WrServiceFields fields = { .name = "Ward 7", .directorate = "Medicine" };

  g_assert_cmpstr (start, ==, "2026-04-01");
  g_assert_cmpstr (end, ==, "2027-03-31");

  service = wr_store_add_service (store, &fields, &error);
  g_assert_no_error (error);
  add_visit_at (store, wr_service_get_id (service), "ned-visit", 2026, 3, 31, 23, 59);
  add_visit_at (store, wr_service_get_id (service), "fifteen-steps", 2026, 4, 1, 0, 1);
  add_visit_at (store, wr_service_get_id (service), "fifteen-steps", 2027, 3, 31, 12, 0);
  add_visit_at (store, wr_service_get_id (service), "quality-visit", 2027, 4, 1, 9, 0);

  before = summarise (store, "2025-04-01", "2026-03-31");
  g_assert_cmpuint (before->n_visits, ==, 1);
  g_assert_cmpuint (find_row (before->kinds, NULL, "ned-visit")->count, ==, 1);
  g_assert_cmpuint (before->n_draft, ==, 1);

  after = summarise (store, start, end);
  g_assert_cmpuint (after->n_visits, ==, 2);
  g_assert_cmpuint (find_row (after->kinds, NULL, "fifteen-steps")->count, ==, 2);
  g_assert_cmpuint (find_row (after->kinds, NULL, "ned-visit")->count, ==, 0);
  g_assert_nonnull (find_row (after->months, "2026-04", "fifteen-steps"));
  g_assert_nonnull (find_row (after->months, "2027-03", "fifteen-steps"));

  /* One day is a period too. */
  both = summarise (store, "2026-03-31", "2026-03-31");
  g_assert_cmpuint (both->n_visits, ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/walkround/summary/demo-year", test_demo_year);
  g_test_add_func ("/walkround/summary/year-boundaries", test_year_boundaries);

  return g_test_run ();
}
