/* bench-quality.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The quality team's figures, run by build-aux/bench on an optimised
 * build against a demo database:
 *
 *   bench-quality DIR TARGET_MS
 *
 * times the year's summary (wr_store_summarise()) and the evidence tree
 * (wr_evidence_tree_new()) as a page refreshes them after a filter
 * change: the store, catalogue and forms already open, each filter run
 * five times, the median kept. The filters: everything, the current
 * financial year, the last one, quality visits only, and one service.
 * Prints one line per figure with the slowest filter's median and PASS
 * or FAIL against TARGET_MS; exits 1 on a FAIL.
 *
 *   bench-quality fill DB
 *
 * scores every unscored visit of the database file DB, as Walkround does
 * once after the migration to schema 10 and after each import, and says
 * how long it took (reset a copy's scores_known to 0 first).
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "wr-dates.h"
#include "wr-evidence-tree.h"
#include "wr-summary.h"
#include "wr-visit-scores.h"

#define RUNS 5

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

typedef struct
{
  WrStore       *store;
  WrCatalog     *catalog;
  WrFormLibrary *library;
} Bench;

static double
time_one (Bench   *bench,
          WrScope *scope,
          gboolean evidence,
          guint   *n_visits)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < RUNS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double ms;

      if (evidence)
        {
          g_autoptr(WrEvidenceTree) tree = wr_evidence_tree_new (bench->store, bench->catalog, bench->library, scope,
                                                                 NULL, &error);

          if (tree == NULL)
            g_error ("%s", error->message);
        }
      else
        {
          g_autofree char *today = wr_date_today ();
          g_autoptr(WrSummary) summary = wr_store_summarise (bench->store, scope, today, NULL, &error);

          if (summary == NULL)
            g_error ("%s", error->message);
          *n_visits = summary->n_visits;
        }
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (times, ms);
    }

  g_array_sort (times, compare_doubles);
  return g_array_index (times, double, RUNS / 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *today = wr_date_today ();
  g_autoptr(GPtrArray) scopes = g_ptr_array_new_with_free_func ((GDestroyNotify) wr_scope_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GListModel) services = NULL;
  Bench bench = { NULL };
  guint year = wr_date_financial_year (today);
  double target;
  int status = 0;
  guint n_total = 0;

  /* bench-quality fill DB: scores every visit of a copy of DB afresh, as
   * after the migration, and says how long it took.
   */
  if (argc == 3 && g_str_equal (argv[1], "fill"))
    {
      g_autoptr(WrStore) store = wr_store_open (argv[2], &error);
      g_autoptr(WrFormLibrary) library = wr_form_library_new_default (NULL);
      guint n = 0;
      gint64 start;

      if (store == NULL)
        g_error ("%s", error->message);
      start = g_get_monotonic_time ();
      if (!wr_visit_scores_fill (store, library, NULL, &n, &error))
        g_error ("%s", error->message);
      printf ("fill: %u visits scored in %.0f ms\n", n, (g_get_monotonic_time () - start) / 1000.0);
      return 0;
    }

  if (argc != 3)
    {
      fprintf (stderr, "usage: bench-quality DIR TARGET_MS\n");
      return 2;
    }
  target = g_ascii_strtod (argv[2], NULL);

  path = g_build_filename (argv[1], "walkround.db", NULL);
  if (!(bench.store = wr_store_open (path, &error)) || !(bench.catalog = wr_catalog_get_default (&error)))
    g_error ("%s", error->message);
  bench.library = wr_form_library_new_default (bench.catalog);
  if (!(services = wr_store_list_services (bench.store, FALSE, &error)))
    g_error ("%s", error->message);

  g_ptr_array_add (scopes, wr_scope_new ());
  g_ptr_array_add (names, g_strdup ("all visits"));
  for (guint y = year; y + 1 >= year && y > 0; y--)
    {
      WrScope *scope = wr_scope_new ();
      g_autofree char *from = wr_date_financial_year_start (y);
      g_autofree char *to = wr_date_financial_year_end (y);

      wr_scope_set_from (scope, from, NULL);
      wr_scope_set_to (scope, to, NULL);
      g_ptr_array_add (scopes, scope);
      g_ptr_array_add (names, g_strdup_printf ("financial year %u", y));
    }
  {
    WrScope *scope = wr_scope_new ();

    wr_scope_add_kind (scope, "quality-visit", NULL);
    g_ptr_array_add (scopes, scope);
    g_ptr_array_add (names, g_strdup ("quality visits"));
  }
  if (g_list_model_get_n_items (services) > 0)
    {
      g_autoptr(WrService) service = g_list_model_get_item (services, 0);
      WrScope *scope = wr_scope_new ();

      wr_scope_add_service (scope, wr_service_get_uuid (service), NULL);
      g_ptr_array_add (scopes, scope);
      g_ptr_array_add (names, g_strdup ("one service"));
    }

  for (guint which = 0; which < 2; which++)
    {
      double worst = 0;
      const char *worst_name = NULL;
      g_autoptr(GString) all = g_string_new (NULL);

      for (guint i = 0; i < scopes->len; i++)
        {
          guint n_visits = 0;
          double ms = time_one (&bench, g_ptr_array_index (scopes, i), which == 1, &n_visits);

          if (i == 0 && which == 0)
            n_total = n_visits;
          g_string_append_printf (all, "%s%s %.1f", all->len ? ", " : "", (const char *) g_ptr_array_index (names, i), ms);
          if (ms > worst)
            {
              worst = ms;
              worst_name = g_ptr_array_index (names, i);
            }
        }

      printf ("quality: %s of %u visits after a filter change: slowest median %.1f ms (%s) (target <= %.0f ms)  %s\n"
              "quality:   medians in ms: %s\n",
              which == 0 ? "summary" : "evidence tree", n_total, worst, worst_name, target,
              worst <= target ? "PASS" : "FAIL", all->str);
      if (worst > target)
        status = 1;
    }

  g_clear_object (&bench.library);
  g_clear_object (&bench.store);
  return status;
}
