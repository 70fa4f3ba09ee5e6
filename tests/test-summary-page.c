/* test-summary-page.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The Summary page on demo visits of a fixed seed: the figures it shows
 * (rows, charts and tables) are the core's for the same period, and the
 * hand-counted totals of test-summary; its default period is the current
 * financial year and the one before is one choice away; the two charts
 * draw, in light and dark, and give a screen reader their figures.
 */

#include "config.h"

#include <string.h>

#include "wr-bar-chart.h"
#include "wr-catalog.h"
#include "wr-date-row.h"
#include "wr-dates.h"
#include "wr-demo.h"
#include "wr-heat-map.h"
#include "wr-store-private.h"
#include "wr-support.h"
#include "wr-summary-page.h"
#include "wr-test-utils.h"

#define TODAY "2026-11-27"

static WrStore *
open_demo_store (guint n_visits,
                 guint seed)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "walkround.db", NULL);
  g_autoptr(WrFormLibrary) library = wr_form_library_new_default (NULL);
  WrDemoOptions options = { n_visits, seed, TODAY };
  WrDemoCounts counts;
  WrStore *store = wr_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (wr_demo_fill (store, library, &options, NULL, NULL, NULL, &counts, &error));
  g_assert_no_error (error);
  return store;
}

static gboolean
is_counted (gpointer data)
{
  WrSummaryPage *page = data;

  return !wr_summary_page_get_busy (page) && wr_summary_page_get_summary (page) != NULL;
}

static gboolean
is_counted_for (WrSummaryPage *page,
                const char    *from)
{
  return is_counted (page) && g_strcmp0 (wr_summary_page_get_summary (page)->from, from) == 0;
}

static WrSummary *
core_summary (WrStore    *store,
              const char *from,
              const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrScope) scope = wr_scope_new ();
  WrSummary *summary;

  g_assert_true (wr_scope_set_from (scope, from, NULL));
  g_assert_true (wr_scope_set_to (scope, to, NULL));
  summary = wr_store_summarise (store, scope, TODAY, NULL, &error);
  g_assert_no_error (error);
  return summary;
}

static GtkWidget *
find_row_with (GtkWidget  *root,
               const char *title,
               const char *subtitle)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (ADW_IS_ACTION_ROW (child) &&
          (title == NULL || g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0) &&
          (subtitle == NULL || g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (child)), subtitle) == 0))
        return child;
      if ((found = find_row_with (child, title, subtitle)))
        return found;
    }
  return NULL;
}

/* The figure at the end of the row titled @title. */
static guint
row_figure (GtkWidget  *root,
            const char *title,
            const char *subtitle)
{
  GtkWidget *row = find_row_with (root, title, subtitle);
  GtkWidget *label;

  g_assert_nonnull (row);
  label = wr_test_find_with_class (row, "title-4");
  g_assert_nonnull (label);
  return (guint) g_ascii_strtoull (gtk_label_get_text (GTK_LABEL (label)), NULL, 10);
}

static WrSummaryRow *
find_summary_row (GPtrArray  *rows,
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

static void
test_figures (void)
{
  g_autoptr(WrStore) store = open_demo_store (300, 17);
  g_autoptr(WrSummary) expected = core_summary (store, "2025-04-01", "2026-03-31");
  WrSummaryPage *page = g_object_ref_sink (g_object_new (WR_TYPE_SUMMARY_PAGE, NULL));
  GtkWidget *window = gtk_window_new ();
  const WrSummary *shown;
  WrBarChart *chart;
  WrHeatMap *map;
  guint total = 0;
  g_autofree char *description = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  wr_summary_page_set_today (page, TODAY);
  wr_summary_page_set_store (page, store);
  wr_summary_page_set_period (page, "2025-04-01", "2026-03-31");
  while (!is_counted_for (page, "2025-04-01"))
    g_main_context_iteration (NULL, TRUE);
  shown = wr_summary_page_get_summary (page);
  g_assert_cmpstr (shown->to, ==, "2026-03-31");

  /* The totals counted by hand in test-summary (there with one visit
   * deleted, here not: 112), and the core's figures.
   */
  g_assert_cmpuint (expected->n_visits, ==, 112);
  description = g_strdup_printf ("%u visits in the period: %u completed, which the Quality Account counts, and %u draft.",
                                 expected->n_visits, expected->n_completed, expected->n_draft);
  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (page), description));

  for (guint i = 0; i < expected->kinds->len; i++)
    {
      WrSummaryRow *row = g_ptr_array_index (expected->kinds, i);
      g_autofree char *subtitle = g_strdup_printf ("%u completed, %u draft", row->completed, row->count - row->completed);

      if (row->count == 0)
        continue;
      g_assert_cmpuint (row_figure (GTK_WIDGET (page), wr_visit_kind_get_label (row->key), subtitle), ==, row->completed);
    }

  /* The chart: a bar a month, April to March, each part the core's. */
  chart = WR_BAR_CHART (wr_test_find_descendant (GTK_WIDGET (page), WR_TYPE_BAR_CHART));
  g_assert_nonnull (chart);
  g_assert_cmpuint (wr_bar_chart_get_n_columns (chart), ==, 12);
  {
    guint series = 0;

    for (guint k = 0; k < expected->kinds->len; k++)
      {
        WrSummaryRow *kind = g_ptr_array_index (expected->kinds, k);

        if (kind->count == 0)
          continue;
        for (guint m = 0; m < 12; m++)
          {
            g_autofree char *month = g_strdup_printf ("%04d-%02u", m < 9 ? 2025 : 2026, (m + 3) % 12 + 1);
            WrSummaryRow *row = find_summary_row (expected->months, month, kind->key);
            guint value = wr_bar_chart_get_value (chart, m, series);

            g_assert_cmpuint (value, ==, row ? row->count : 0);
            total += value;
          }
        series++;
      }
  }
  g_assert_cmpuint (total, ==, expected->n_visits);
  /* Its table says the same: April's row, and the whole. */
  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (page), "April 2025"));
  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (page), "March 2026"));

  /* Actions and roles. */
  g_assert_cmpuint (row_figure (GTK_WIDGET (page), "Raised", NULL), ==, expected->n_actions);
  g_assert_cmpuint (row_figure (GTK_WIDGET (page), "Done", NULL), ==, expected->n_actions_done);
  g_assert_cmpuint (row_figure (GTK_WIDGET (page), "Overdue", NULL), ==, expected->n_actions_overdue);
  g_assert_cmpuint (expected->n_actions, >, 0);

  /* The heat map: every cell of the core's map is in it. */
  map = WR_HEAT_MAP (wr_test_find_descendant (GTK_WIDGET (page), WR_TYPE_HEAT_MAP));
  g_assert_nonnull (map);
  g_assert_cmpuint (expected->concern_map->len, >, 0);
  for (guint i = 0; i < expected->concern_map->len; i++)
    {
      WrSummaryRow *row = g_ptr_array_index (expected->concern_map, i);
      g_autofree char *cell = g_strdup_printf ("Regulation %s %u", row->key, row->count);

      g_assert_nonnull (strstr (wr_heat_map_get_description (map), cell));
    }

  /* Services visited, directorate by directorate. */
  {
    guint visited = 0;
    g_autofree char *text = NULL;

    for (guint i = 0; i < expected->services->len; i++)
      visited += ((WrSummaryRow *) g_ptr_array_index (expected->services, i))->count > 0;
    text = g_strdup_printf ("%u of %u services visited in the period.", visited, expected->services->len);
    g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (page), text));
    g_assert_cmpuint (visited, >, 0);
    if (visited < expected->services->len)
      g_assert_nonnull (find_row_with (GTK_WIDGET (page), NULL, "Not visited"));
    else
      g_assert_null (find_row_with (GTK_WIDGET (page), NULL, "Not visited"));
  }

  wr_test_save_png (window, "summary-page.png");

  g_object_add_weak_pointer (G_OBJECT (page), (gpointer *) &page);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (page);
  while (page != NULL)
    g_main_context_iteration (NULL, TRUE);
}

/* Support requests by area, with their statuses said under each: a
 * practice's two requests and another's, one of them taken up.
 */
static void
test_support (void)
{
  g_autoptr(WrStore) store = open_demo_store (200, 17);
  g_autoptr(GPtrArray) visits = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  WrSummaryPage *page = g_object_ref_sink (g_object_new (WR_TYPE_SUMMARY_PAGE, NULL));
  GtkWidget *window = gtk_window_new ();
  sqlite3_stmt *stmt = NULL;
  WrCatalog *catalog = wr_catalog_get_default (NULL);
  const char *safeguarding = wr_catalog_entry_get_title (wr_catalog_lookup (catalog, WR_CATALOG_DOMAIN, "safeguarding"));
  const char *complaints = wr_catalog_entry_get_title (wr_catalog_lookup (catalog, WR_CATALOG_DOMAIN, "complaints"));

  g_assert_cmpstr (safeguarding, !=, "safeguarding");

  /* Two self-assessments, as drafts: support is asked while recording. */
  g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store),
                                       "SELECT uuid, status FROM visits WHERE kind = 'self-assessment'"
                                       " AND deleted IS NULL ORDER BY id LIMIT 2", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (visits, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  g_assert_cmpuint (visits->len, ==, 2);
  for (guint i = 0; i < visits->len; i++)
    {
      g_autoptr(WrVisit) visit = wr_store_get_visit (store, g_ptr_array_index (visits, i), &error);

      g_assert_no_error (error);
      if (wr_visit_get_status (visit) == WR_VISIT_COMPLETED)
        g_assert_true (wr_store_reopen_visit (store, g_ptr_array_index (visits, i), &error));
      g_assert_no_error (error);
    }
  first = wr_store_request_support (store, g_ptr_array_index (visits, 0), "safeguarding", "safeguarding",
                                    "Training for new staff", &error);
  g_assert_no_error (error);
  second = wr_store_request_support (store, g_ptr_array_index (visits, 0), "complaints", "complaints", NULL, &error);
  g_assert_no_error (error);
  third = wr_store_request_support (store, g_ptr_array_index (visits, 1), "safeguarding", "safeguarding",
                                    "A policy to start from", &error);
  g_assert_no_error (error);
  g_assert_true (wr_store_update_support_request (store, third, WR_SUPPORT_IN_PROGRESS, "Alex", &error));
  g_assert_no_error (error);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  wr_summary_page_set_today (page, TODAY);
  wr_summary_page_set_store (page, store);
  wr_summary_page_set_period (page, "2000-04-01", "2100-03-31");
  while (!is_counted_for (page, "2000-04-01"))
    g_main_context_iteration (NULL, TRUE);

  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (page), "Support Requests"));
  /* Areas by their names in the catalogue, not their ids. */
  g_assert_cmpuint (row_figure (GTK_WIDGET (page), safeguarding, "New 1 · In progress 1"), ==, 2);
  g_assert_cmpuint (row_figure (GTK_WIDGET (page), complaints, "New 1"), ==, 1);
  g_assert_null (find_row_with (GTK_WIDGET (page), "safeguarding", NULL));

  /* Withdrawn, a request is no longer counted. */
  g_assert_true (wr_store_withdraw_support (store, g_ptr_array_index (visits, 0), "complaints", &error));
  g_assert_no_error (error);
  wr_summary_page_set_period (page, "2001-04-01", "2100-03-31");
  while (!is_counted_for (page, "2001-04-01"))
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (find_row_with (GTK_WIDGET (page), complaints, NULL));
  g_assert_cmpuint (row_figure (GTK_WIDGET (page), safeguarding, "New 1 · In progress 1"), ==, 2);

  g_object_add_weak_pointer (G_OBJECT (page), (gpointer *) &page);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (page);
  while (page != NULL)
    g_main_context_iteration (NULL, TRUE);
}

/* The current financial year by default, and the one before one choice
 * away; 31 March and 1 April fall in different years.
 */
static void
test_periods (void)
{
  g_autoptr(WrStore) store = open_demo_store (120, 3);
  WrSummaryPage *page = g_object_new (WR_TYPE_SUMMARY_PAGE, NULL);
  AdwComboRow *period_row;

  wr_summary_page_set_today (page, "2027-03-31");
  wr_summary_page_set_store (page, store);
  while (!is_counted_for (page, "2026-04-01"))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (wr_summary_page_get_summary (page)->to, ==, "2027-03-31");

  wr_summary_page_set_today (page, "2027-04-01");
  while (!is_counted_for (page, "2027-04-01"))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (wr_summary_page_get_summary (page)->to, ==, "2028-03-31");

  period_row = ADW_COMBO_ROW (wr_test_find_descendant (GTK_WIDGET (page), ADW_TYPE_COMBO_ROW));
  adw_combo_row_set_selected (period_row, 1);
  while (!is_counted_for (page, "2026-04-01"))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (wr_summary_page_get_summary (page)->to, ==, "2027-03-31");

  {
    g_autoptr(WrSummary) expected = core_summary (store, "2026-04-01", "2027-03-31");

    g_assert_cmpuint (wr_summary_page_get_summary (page)->n_visits, ==, expected->n_visits);
    g_assert_cmpuint (wr_summary_page_get_summary (page)->n_completed, ==, expected->n_completed);
  }

  /* A date being typed is counted when the typing pauses, not at each key. */
  {
    GtkEditable *from;
    gint64 until;

    wr_summary_page_set_period (page, "2025-04-01", "2026-03-31");
    while (!is_counted_for (page, "2025-04-01"))
      g_main_context_iteration (NULL, TRUE);
    from = GTK_EDITABLE (wr_test_find_descendant (GTK_WIDGET (page), WR_TYPE_DATE_ROW));
    g_assert_nonnull (from);
    gtk_editable_set_text (from, "1/4/2024");
    until = g_get_monotonic_time () + 200 * G_TIME_SPAN_MILLISECOND;
    while (g_get_monotonic_time () < until)
      {
        g_main_context_iteration (NULL, FALSE);
        g_assert_cmpstr (wr_summary_page_get_summary (page)->from, ==, "2025-04-01");
      }
    gtk_editable_set_text (from, "1/4/2023");
    while (!is_counted_for (page, "2023-04-01"))
      {
        g_main_context_iteration (NULL, TRUE);
        g_assert_cmpstr (wr_summary_page_get_summary (page)->from, !=, "2024-04-01");
      }
  }

  wr_test_show_and_finalize (GTK_WIDGET (page));
}

static GtkWidget *
new_bar_chart (void)
{
  GtkWidget *chart = wr_bar_chart_new ();
  const guint values[] = { 3, 1, 0, 0, 0, 0, 5, 2 };

  wr_bar_chart_set_data (WR_BAR_CHART (chart), (const char *[]) { "Apr", "May", "Jun", "Jul", NULL },
                         (const char *[]) { "April 2026", "May 2026", "June 2026", "July 2026", NULL },
                         (const char *[]) { "Quality visit", "NED visit", NULL }, values);
  return chart;
}

static GtkWidget *
new_heat_map (void)
{
  GtkWidget *map = wr_heat_map_new ();
  const guint values[] = { 4, 0, 1, 0, 0, 0 };

  wr_heat_map_set_data (WR_HEAT_MAP (map), (const char *[]) { "Medicine", "Surgery", NULL },
                        (const char *[]) { "9", "12", "17", NULL },
                        (const char *[]) { "Regulation 9", "Regulation 12", "Regulation 17", NULL }, values);
  return map;
}

/* Draws @widget in a window of @width, in light and dark; the picture
 * differs between the two, so its colours follow the theme.
 */
static void
draw_both_ways (GtkWidget  *widget,
                int         width,
                const char *name)
{
  AdwStyleManager *styles = adw_style_manager_get_default ();
  GtkWidget *window = gtk_window_new ();
  g_autofree char *light_name = g_strdup_printf ("%s-light.png", name);
  g_autofree char *dark_name = g_strdup_printf ("%s-dark.png", name);
  g_autofree char *light_path = g_test_build_filename (G_TEST_BUILT, light_name, NULL);
  g_autofree char *dark_path = g_test_build_filename (G_TEST_BUILT, dark_name, NULL);
  g_autofree char *light = NULL;
  g_autofree char *dark = NULL;
  gsize light_size, dark_size;

  gtk_window_set_default_size (GTK_WINDOW (window), width, -1);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  adw_style_manager_set_color_scheme (styles, ADW_COLOR_SCHEME_FORCE_LIGHT);
  wr_test_save_png (window, light_name);
  adw_style_manager_set_color_scheme (styles, ADW_COLOR_SCHEME_FORCE_DARK);
  wr_test_wait_for_paint (window);
  wr_test_save_png (window, dark_name);
  adw_style_manager_set_color_scheme (styles, ADW_COLOR_SCHEME_DEFAULT);

  g_assert_true (g_file_get_contents (light_path, &light, &light_size, NULL));
  g_assert_true (g_file_get_contents (dark_path, &dark, &dark_size, NULL));
  g_assert_false (light_size == dark_size && memcmp (light, dark, light_size) == 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_bar_chart (void)
{
  GtkWidget *chart = g_object_ref_sink (new_bar_chart ());

  g_assert_cmpuint (wr_bar_chart_get_n_columns (WR_BAR_CHART (chart)), ==, 4);
  g_assert_cmpuint (wr_bar_chart_get_value (WR_BAR_CHART (chart), 3, 0), ==, 5);
  g_assert_cmpstr (wr_bar_chart_get_description (WR_BAR_CHART (chart)), ==,
                   "April 2026: 4 (Quality visit 3, NED visit 1). May 2026: none. June 2026: none. "
                   "July 2026: 7 (Quality visit 5, NED visit 2).");
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_ROLE_IMG);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       wr_bar_chart_get_description (WR_BAR_CHART (chart)));

  draw_both_ways (chart, 400, "bar-chart");
  g_object_add_weak_pointer (G_OBJECT (chart), (gpointer *) &chart);
  g_object_unref (chart);
  while (chart != NULL)
    g_main_context_iteration (NULL, TRUE);

  /* Narrower than its bars want: it still draws, and finalizes. */
  chart = new_bar_chart ();
  wr_test_show_and_finalize (chart);
}

static void
test_heat_map (void)
{
  GtkWidget *map = g_object_ref_sink (new_heat_map ());

  g_assert_cmpuint (wr_heat_map_get_value (WR_HEAT_MAP (map), 0, 2), ==, 1);
  g_assert_cmpstr (wr_heat_map_get_description (WR_HEAT_MAP (map)), ==,
                   "Medicine: Regulation 9 4, Regulation 17 1. Surgery: none.");
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (map), GTK_ACCESSIBLE_ROLE_IMG);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (map), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       wr_heat_map_get_description (WR_HEAT_MAP (map)));

  draw_both_ways (map, 360, "heat-map");
  g_object_add_weak_pointer (G_OBJECT (map), (gpointer *) &map);
  g_object_unref (map);
  while (map != NULL)
    g_main_context_iteration (NULL, TRUE);

  map = new_heat_map ();
  wr_test_show_and_finalize (map);
}

int
main (int   argc,
      char *argv[])
{
  wr_test_init_display (&argc, &argv);
  g_test_add_func ("/walkround/summary-page/figures", test_figures);
  g_test_add_func ("/walkround/summary-page/periods", test_periods);
  g_test_add_func ("/walkround/summary-page/support", test_support);
  g_test_add_func ("/walkround/summary-page/bar-chart", test_bar_chart);
  g_test_add_func ("/walkround/summary-page/heat-map", test_heat_map);
  return g_test_run ();
}
