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
 *   bench-quality evidence DIR TARGET_MS
 *
 * times only the Evidence page's refresh: the tree, and the first page
 * of the items of Regulation 12 (the node with most evidence in the
 * demo), each filter five times, the median kept.
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
#include <time.h>

#include "wr-dates.h"
#include "wr-evidence-item.h"
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

enum { SUMMARY, TREE, ITEMS };

/* The processor time of the process, all its threads, in ms: on a
 * machine shared with other work, what the wall clock cannot tell (the
 * evidence tree counts on two threads, so it can exceed the wall time).
 */
static double
cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &now);
  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
}

static double
time_one (Bench   *bench,
          WrScope *scope,
          guint    what,
          guint   *n_visits,
          double  *cpu)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpus = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < RUNS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double cpu_start = cpu_ms ();
      double ms;
      double cpu_used;

      if (what == ITEMS)
        {
          g_autoptr(GPtrArray) items = wr_store_list_evidence_items (bench->store, scope, "regulation", "12", 0, 200,
                                                                     n_visits, NULL, &error);

          if (items == NULL)
            g_error ("%s", error->message);
        }
      else if (what == TREE)
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
      cpu_used = cpu_ms () - cpu_start;
      g_array_append_val (times, ms);
      g_array_append_val (cpus, cpu_used);
    }

  g_array_sort (times, compare_doubles);
  g_array_sort (cpus, compare_doubles);
  *cpu = g_array_index (cpus, double, RUNS / 2);
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
  gboolean evidence_only = FALSE;

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

  if (argc == 4 && g_str_equal (argv[1], "evidence"))
    {
      evidence_only = TRUE;
      argv++;
      argc--;
    }
  if (argc != 3)
    {
      fprintf (stderr, "usage: bench-quality [evidence] DIR TARGET_MS\n");
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

  if (evidence_only)
    {
      g_autoptr(WrSummary) summary = wr_store_summarise (bench.store, NULL, today, NULL, &error);

      if (summary == NULL)
        g_error ("%s", error->message);
      n_total = summary->n_visits;
    }

  for (guint which = evidence_only ? TREE : SUMMARY; which <= (evidence_only ? ITEMS : TREE); which++)
    {
      static const char * const whats[] = { "summary", "evidence tree", "evidence items (first 200 of Regulation 12)" };
      double worst = 0;
      const char *worst_name = NULL;
      g_autoptr(GString) all = g_string_new (NULL);

      for (guint i = 0; i < scopes->len; i++)
        {
          guint n_visits = 0;
          double cpu = 0;
          double ms = time_one (&bench, g_ptr_array_index (scopes, i), which, &n_visits, &cpu);

          if (i == 0 && which == SUMMARY)
            n_total = n_visits;
          g_string_append_printf (all, "%s%s %.1f (processor %.1f)", all->len ? ", " : "",
                                  (const char *) g_ptr_array_index (names, i), ms, cpu);
          if (ms > worst)
            {
              worst = ms;
              worst_name = g_ptr_array_index (names, i);
            }
        }

      printf ("%s: %s of %u visits after a filter change: slowest median %.1f ms (%s) (target <= %.0f ms)  %s\n"
              "%s:   medians in ms: %s\n",
              evidence_only ? "evidence" : "quality", whats[which], n_total, worst, worst_name, target,
              worst <= target ? "PASS" : "FAIL", evidence_only ? "evidence" : "quality", all->str);
      if (worst > target)
        status = 1;
    }

  g_clear_object (&bench.library);
  g_clear_object (&bench.store);
  return status;
}
