/* bench-store.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Store benchmarks, run by build-aux/bench on an optimised build:
 *
 *   bench-store save            saving one answer, 1000 times, synchronous=FULL
 *   bench-store lists DATA_DIR  the visits and actions lists' filters and
 *                               searches on the database in DATA_DIR
 *   bench-store first-rows DATA_DIR [--whole-check]
 *                               prints the milliseconds from main() to
 *                               the first rows of the
 *                               Visits list, as the window gets them: the
 *                               store opened as the window opens it, the
 *                               services for the filter, the first page
 *                               of visits. With --whole-check, the whole
 *                               file is checked first, as every open did
 *                               before the check was kept for unclean
 *                               closes. build-aux/bench runs it in fresh
 *                               processes and takes the median.
 *
 * Each measurement prints one line with its target and PASS or FAIL; the
 * program exits 1 if any failed.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "wr-action-list.h"
#include "wr-store.h"
#include "wr-visit-list.h"

#define FORM_SHA "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *times,
            double  p)
{
  g_array_sort (times, compare_doubles);
  return g_array_index (times, double, MIN (times->len - 1, (guint) (p * times->len)));
}

static gboolean
bench_save (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("walkround-bench-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "walkround.db", NULL);
  g_autoptr(WrStore) store = wr_store_open (path, &error);
  g_autoptr(WrService) service = NULL;
  g_autoptr(WrVisit) visit = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  WrServiceFields service_fields = { .name = "Ward 7" };
  WrVisitFields fields = { "quality-visit", "quality-visit", 1, FORM_SHA, 0, NULL };
  double p50;
  double p99;
  double worst;
  gboolean pass;

  g_assert_no_error (error);
  service = wr_store_add_service (store, &service_fields, &error);
  fields.service_id = wr_service_get_id (service);
  visit = wr_store_create_visit (store, &fields, &error);
  g_assert_no_error (error);

  /* A visit's worth of questions, each answered and changed, as on a ward. */
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *question = g_strdup_printf ("q%u", i % 100);
      WrAnswerKey key = { .question_id = question };
      gint64 start = g_get_monotonic_time ();
      double ms;

      if (!wr_store_set_answer (store, wr_visit_get_uuid (visit), &key, i % 2 ? "yes" : "no", FALSE, &error))
        g_error ("%s", error->message);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (times, ms);
    }

  p50 = percentile (times, 0.50);
  p99 = percentile (times, 0.99);
  worst = g_array_index (times, double, times->len - 1);
  pass = p99 <= 10.0;
  printf ("save: one answer, synchronous=FULL: median %.2f ms, 99th percentile %.2f ms, worst %.2f ms "
          "(target p99 <= 10 ms)  %s\n", p50, p99, worst, pass ? "PASS" : "FAIL");

  g_clear_object (&store);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *file = g_strconcat (path, (const char *[]) { "", "-wal", "-shm" }[i], NULL);
      g_remove (file);
    }
  g_rmdir (dir);

  return pass;
}

typedef gboolean (*Apply) (gpointer list, gconstpointer filter, GError **error);

static gboolean
apply_visit_filter (gpointer list, gconstpointer filter, GError **error)
{
  return wr_visit_list_set_filter (list, filter, error);
}

static gboolean
apply_visit_sort (gpointer list, gconstpointer sort, GError **error)
{
  return wr_visit_list_set_sort (list, GPOINTER_TO_UINT (sort), error);
}

static gboolean
apply_action_filter (gpointer list, gconstpointer filter, GError **error)
{
  return wr_action_list_set_filter (list, filter, error);
}

static gboolean
apply_action_sort (gpointer list, gconstpointer sort, GError **error)
{
  return wr_action_list_set_sort (list, GPOINTER_TO_UINT (sort), error);
}

/* The median of five runs of one filter, in milliseconds. */
static double
time_filter (gpointer       list,
             Apply          apply,
             gconstpointer  filter,
             guint         *n_items)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint run = 0; run < 5; run++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      double ms;

      if (!apply (list, filter, &error))
        g_error ("%s", error->message);
      /* What the list view asks for first: the top rows. */
      for (guint i = 0; i < MIN (30, g_list_model_get_n_items (G_LIST_MODEL (list))); i++)
        g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (times, ms);
    }

  *n_items = g_list_model_get_n_items (G_LIST_MODEL (list));
  return percentile (times, 0.5);
}

static gboolean
report (const char *what,
        double      ms,
        guint       n_items,
        guint       n_visits)
{
  gboolean pass = ms <= 50.0;

  printf ("lists (%u visits): %-44s median %7.2f ms, %6u rows (target <= 50 ms)  %s\n",
          n_visits, what, ms, n_items, pass ? "PASS" : "FAIL");
  return pass;
}

static gboolean
bench_lists (const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (data_dir, "walkround.db", NULL);
  g_autoptr(WrStore) store = wr_store_open (path, &error);
  g_autoptr(WrVisitList) visits = NULL;
  g_autoptr(WrActionList) actions = NULL;
  g_autoptr(GListModel) services = NULL;
  g_autoptr(WrService) service = NULL;
  const char *ned[] = { "ned-visit", NULL };
  const char *drafts[] = { "draft", NULL };
  const char *open[] = { "open", NULL };
  const char *one_service[] = { NULL, NULL };
  const struct {
    const char    *what;
    WrVisitFilter  filter;
  } visit_filters[] = {
    { "all, newest first", { NULL, } },
    { "NED visits", { .kinds = ned } },
    { "drafts", { .statuses = drafts } },
    { "one service", { .service_uuids = one_service } },
    { "one financial year", { .from_date = "2025-04-01", .to_date = "2026-03-31" } },
    { "search \"call bell\"", { .text = "call bell" } },
    { "search \"maple\"", { .text = "maple" } },
    { "search with no match", { .text = "zzzzzz" } },
  };
  guint n_visits;
  guint n;
  gboolean pass = TRUE;

  if (store == NULL)
    g_error ("%s", error->message);
  services = wr_store_list_services (store, FALSE, &error);
  service = g_list_model_get_item (services, 0);
  one_service[0] = wr_service_get_uuid (service);

  visits = wr_visit_list_new (store);
  wr_visit_list_reload (visits, &error);
  n_visits = g_list_model_get_n_items (G_LIST_MODEL (visits));

  for (guint i = 0; i < G_N_ELEMENTS (visit_filters); i++)
    {
      double ms = time_filter (visits, apply_visit_filter, &visit_filters[i].filter, &n);

      pass &= report (visit_filters[i].what, ms, n, n_visits);
    }

  {
    const struct {
      const char  *what;
      WrVisitSort  sort;
    } visit_sorts[] = {
      { "all, oldest first", WR_VISIT_SORT_OLDEST },
      { "all, by service", WR_VISIT_SORT_SERVICE },
      { "all, by kind", WR_VISIT_SORT_KIND },
      { "all, by status", WR_VISIT_SORT_STATUS },
    };

    wr_visit_list_set_filter (visits, NULL, NULL);
    for (guint i = 0; i < G_N_ELEMENTS (visit_sorts); i++)
      {
        double ms = time_filter (visits, apply_visit_sort, GUINT_TO_POINTER (visit_sorts[i].sort), &n);

        pass &= report (visit_sorts[i].what, ms, n, n_visits);
      }
    wr_visit_list_set_sort (visits, WR_VISIT_SORT_NEWEST, NULL);
  }

  actions = wr_action_list_new (store);
  {
    WrActionFilter open_filter = { .statuses = open };
    WrActionFilter overdue = { .overdue_on = "2026-11-27" };
    WrActionFilter owner = { .owner = "matron" };
    WrActionFilter gel = { .text = "gel" };

    const struct {
      const char           *what;
      const WrActionFilter *filter;
    } action_filters[] = {
      { "actions: all, soonest due first", NULL },
      { "actions: open", &open_filter },
      { "actions: overdue", &overdue },
      { "actions: one owner", &owner },
      { "actions: search \"gel\"", &gel },
    };

    const struct {
      const char   *what;
      WrActionSort  sort;
    } action_sorts[] = {
      { "actions: all, newest first", WR_ACTION_SORT_NEWEST },
      { "actions: all, by service", WR_ACTION_SORT_SERVICE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (action_filters); i++)
      {
        double ms = time_filter (actions, apply_action_filter, action_filters[i].filter, &n);

        pass &= report (action_filters[i].what, ms, n, n_visits);
      }

    wr_action_list_set_filter (actions, NULL, NULL);
    for (guint i = 0; i < G_N_ELEMENTS (action_sorts); i++)
      {
        double ms = time_filter (actions, apply_action_sort, GUINT_TO_POINTER (action_sorts[i].sort), &n);

        pass &= report (action_sorts[i].what, ms, n, n_visits);
      }
  }

  return pass;
}

static gboolean
bench_first_rows (const char *data_dir,
                  gboolean    whole_check,
                  gint64      start)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (data_dir, "walkround.db", NULL);
  g_autoptr(WrStore) store = NULL;
  g_autoptr(GListModel) services = NULL;
  g_autoptr(WrVisitList) visits = NULL;
  WrVisitFilter filter = { NULL, };
  guint n;

  if (!(store = wr_store_open_with_flags (path, WR_STORE_OPEN_DEFER_CHECK, &error)) ||
      (whole_check && !wr_store_check (store, NULL, &error)) ||
      !(services = wr_store_list_services (store, FALSE, &error)))
    g_error ("%s", error->message);

  visits = wr_visit_list_new (store);
  if (!wr_visit_list_set_filter (visits, &filter, &error))
    g_error ("%s", error->message);
  n = g_list_model_get_n_items (G_LIST_MODEL (visits));
  if (n == 0)
    g_error ("%s holds no visits", path);
  /* The rows a list view of the window's height asks for first. */
  for (guint i = 0; i < MIN (30, n); i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (visits), i));

  printf ("%.1f\n", (g_get_monotonic_time () - start) / 1000.0);

  /* The time the caller takes for the whole process stops here too:
   * closing the store (PRAGMA optimize, a checkpoint) and freeing the
   * list come after the first rows, not before.
   */
  fflush (stdout);
  _exit (EXIT_SUCCESS);
}

int
main (int   argc,
      char *argv[])
{
  gint64 start = g_get_monotonic_time ();

  if (argc == 2 && g_str_equal (argv[1], "save"))
    return bench_save () ? EXIT_SUCCESS : EXIT_FAILURE;
  if (argc == 3 && g_str_equal (argv[1], "lists"))
    return bench_lists (argv[2]) ? EXIT_SUCCESS : EXIT_FAILURE;

  if ((argc == 3 || (argc == 4 && g_str_equal (argv[3], "--whole-check"))) && g_str_equal (argv[1], "first-rows"))
    return bench_first_rows (argv[2], argc == 4, start) ? EXIT_SUCCESS : EXIT_FAILURE;

  g_printerr ("Usage: bench-store save | lists DATA_DIR | first-rows DATA_DIR [--whole-check]\n");
  return 2;
}
