/* test-evidence-page.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The Evidence page as the quality team uses it: the framework counted
 * for this financial year, a regulation's evidence listed a page at a
 * time and leading to its visits, the filters narrowing both, the gaps
 * told apart, and a node's evidence exported; narrow, a tap on a node
 * goes to its evidence.
 */

#include "config.h"

#include "wr-application.h"
#include "wr-dates.h"
#include "wr-demo.h"
#include "wr-evidence-item.h"
#include "wr-evidence-page.h"
#include "wr-export-dialog.h"
#include "wr-test-utils.h"
#include "wr-window.h"

static GApplication *app;
static WrWindow *window;

static WrStore *
store (void)
{
  return wr_application_get_store (WR_APPLICATION (app));
}

static gboolean
page_idle (gpointer data)
{
  return !wr_evidence_page_is_busy (WR_EVIDENCE_PAGE (data));
}

static WrEvidencePage *
evidence_page (void)
{
  WrEvidencePage *page;

  wr_window_show_page (window, "evidence");
  page = WR_EVIDENCE_PAGE (wr_test_find_descendant (GTK_WIDGET (window), WR_TYPE_EVIDENCE_PAGE));
  g_assert_nonnull (page);
  wr_test_wait_until (page_idle, page);
  return page;
}

/* The scope the page starts on: this financial year, every visit. */
static WrScope *
this_year (void)
{
  g_autofree char *today = wr_date_today ();
  guint year = wr_date_financial_year (today);
  g_autofree char *from = wr_date_financial_year_start (year);
  g_autofree char *to = wr_date_financial_year_end (year);
  WrScope *scope = wr_scope_new ();

  g_assert_true (wr_scope_set_from (scope, from, NULL));
  g_assert_true (wr_scope_set_to (scope, to, NULL));
  return scope;
}

static void
visit_opened_cb (WrEvidencePage *page,
                 const char     *uuid,
                 char          **out)
{
  g_free (*out);
  *out = g_strdup (uuid);
}

static void
test_regulation (void)
{
  WrEvidencePage *page = evidence_page ();
  g_autoptr(WrScope) scope = this_year ();
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WrEvidenceItem) first = NULL;
  g_autofree char *opened = NULL;
  g_autofree char *more_label = NULL;
  GListModel *items = wr_evidence_page_get_items (page);
  GtkWidget *list = wr_test_find_with_class (GTK_WIDGET (page), "evidence-items");
  GtkWidget *more;
  guint total = 0;

  /* The framework, counted: the regulations 9 to 20A, 9A among them. */
  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (page), "Regulations"));
  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (page), "Regulation 12: Safe care and treatment"));
  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (page), "Regulation 9A: Visiting and accompanying in care homes, hospitals and hospices"));

  /* Regulation 12's evidence: the first page of what the store lists. */
  expected = wr_store_list_evidence_items (store (), scope, "regulation", "12", 0, 100000, &total, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, >, 200);
  g_assert_true (wr_evidence_page_select_node (page, "regulation", "12"));
  wr_test_wait_until (page_idle, page);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 200);
  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (page), "Regulation 12: Safe care and treatment"));
  wr_test_save_png (GTK_WIDGET (window), "evidence-page.png");

  /* The next page follows, in the same order. */
  more = wr_test_find_with_class (GTK_WIDGET (page), "evidence-items");
  more_label = g_strdup_printf ("Show More (200 of %u Shown)", total);
  more = wr_test_find_by_text (GTK_WIDGET (page), more_label);
  g_assert_nonnull (more);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "evidence.show-more", NULL));
  wr_test_wait_until (page_idle, page);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, MIN (400, total));
  for (guint i = 0; i < g_list_model_get_n_items (items); i += 37)
    {
      g_autoptr(WrEvidenceItem) shown = g_list_model_get_item (items, i);
      WrEvidenceItem *want = g_ptr_array_index (expected, i);

      g_assert_cmpstr (wr_evidence_item_get_visit_uuid (shown), ==, wr_evidence_item_get_visit_uuid (want));
      g_assert_cmpstr (wr_evidence_item_get_question_id (shown), ==, wr_evidence_item_get_question_id (want));
      g_assert_cmpstr (wr_evidence_item_get_text (shown), ==, wr_evidence_item_get_text (want));
    }

  /* An item leads to its visit. */
  first = g_list_model_get_item (items, 0);
  g_signal_connect (page, "open-visit", G_CALLBACK (visit_opened_cb), &opened);
  g_assert_true (gtk_widget_activate_action (list, "list.activate-item", "u", 0));
  g_signal_handlers_disconnect_by_func (page, visit_opened_cb, &opened);
  g_assert_cmpstr (opened, ==, wr_evidence_item_get_visit_uuid (first));
  wr_window_show_page (window, "evidence");
  wr_test_iterate ();
}

static gboolean
kind_counted (gpointer data)
{
  WrEvidencePage *page = data;
  g_autoptr(WrEvidenceItem) item = NULL;

  if (wr_evidence_page_is_busy (page) || g_list_model_get_n_items (wr_evidence_page_get_items (page)) == 0)
    return FALSE;
  item = g_list_model_get_item (wr_evidence_page_get_items (page), 0);
  return g_str_equal (wr_evidence_item_get_visit_kind (item), "ned-visit");
}

/* The kind filter narrows the tree and the listed node alike. */
static void
test_filters (void)
{
  WrEvidencePage *page = evidence_page ();
  g_autoptr(WrScope) scope = this_year ();
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *kind = wr_test_find_by_tooltip (GTK_WIDGET (page), "Kind of visit");
  GListModel *items = wr_evidence_page_get_items (page);
  const char * const *kinds = wr_visit_kind_get_ids ();
  guint ned = 0;
  guint total = 0;

  g_assert_nonnull (kind);
  for (guint i = 0; kinds[i] != NULL; i++)
    if (g_str_equal (kinds[i], "ned-visit"))
      ned = i + 1;
  g_assert_cmpuint (ned, >, 0);

  /* NED visits' observations are linked to key questions. */
  wr_evidence_page_select_node (page, "key-question", "safe");
  wr_test_wait_until (page_idle, page);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (kind), ned);
  wr_test_wait_until (kind_counted, page);

  g_assert_true (wr_scope_add_kind (scope, "ned-visit", NULL));
  expected = wr_store_list_evidence_items (store (), scope, "key-question", "safe", 0, 100000, &total, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, MIN (200, total));
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(WrEvidenceItem) item = g_list_model_get_item (items, i);

      g_assert_cmpstr (wr_evidence_item_get_visit_kind (item), ==, "ned-visit");
    }

  gtk_drop_down_set_selected (GTK_DROP_DOWN (kind), 0);
  wr_test_wait_until (page_idle, page);
}

/* A statement no installed form covers is told apart from one with no
 * evidence in the period, and neither can be exported.
 */
static void
test_gaps (void)
{
  WrEvidencePage *page = evidence_page ();
  GtkWidget *period = wr_test_find_by_tooltip (GTK_WIDGET (page), "Period");

  g_assert_true (wr_evidence_page_select_node (page, "statement", "effective-healthier-lives"));
  wr_test_wait_until (page_idle, page);
  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (page), "No Form Covers This"));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (page), "evidence.export-node", NULL) &&
                  wr_test_has_window_of_type (GSIZE_TO_POINTER (WR_TYPE_EXPORT_DIALOG)));

  /* Three financial years ago holds no demo visit: every covered node is
   * a gap of the period, and every service is unvisited.
   */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (period), WR_PERIOD_EARLIER_YEAR + 2);
  wr_test_wait_until (page_idle, page);
  g_assert_true (wr_evidence_page_select_node (page, "regulation", "12"));
  wr_test_wait_until (page_idle, page);
  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (page), "No Evidence in This Period"));
  {
    g_autoptr(GListModel) services = wr_store_list_services (store (), FALSE, NULL);
    g_autofree char *none = g_strdup_printf ("%u services not visited in the period",
                                             g_list_model_get_n_items (services));

    g_assert_cmpuint (g_list_model_get_n_items (services), >, 1);
    g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (page), none));
  }

  gtk_drop_down_set_selected (GTK_DROP_DOWN (period), WR_PERIOD_THIS_YEAR);
  wr_test_wait_until (page_idle, page);
}

static void
keep_dialog_cb (WrEvidencePage *page,
                WrExportDialog *dialog,
                GtkWidget     **handed)
{
  *handed = GTK_WIDGET (dialog);
}

/* Export This Evidence opens the export dialog on the visits holding the
 * node's evidence, as many as the tree counts.
 */
static void
test_export_node (void)
{
  WrEvidencePage *page = evidence_page ();
  g_autoptr(WrScope) scope = this_year ();
  g_autoptr(WrScope) chosen = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;
  GtkWidget *handed = NULL;
  guint expected = 0;

  g_assert_true (wr_evidence_page_select_node (page, "statement", "safe-ipc"));
  wr_test_wait_until (page_idle, page);
  g_signal_connect (page, "export-dialog", G_CALLBACK (keep_dialog_cb), &handed);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "evidence.export-node", NULL));
  wr_test_wait_until (wr_test_has_window_of_type, GSIZE_TO_POINTER (WR_TYPE_EXPORT_DIALOG));
  dialog = wr_test_find_window_of_type (WR_TYPE_EXPORT_DIALOG);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Export This Evidence");
  /* Handed on, so that the window says what it wrote and opens its report. */
  g_assert_true (handed == dialog);

  chosen = wr_export_dialog_get_filter (WR_EXPORT_DIALOG (dialog), &error);
  g_assert_no_error (error);
  g_assert_nonnull (chosen->evidence);
  g_assert_cmpstr (chosen->evidence[0], ==, "statement:safe-ipc");
  g_assert_null (chosen->evidence[1]);
  g_assert_cmpstr (chosen->from, ==, scope->from);
  g_assert_cmpstr (chosen->to, ==, scope->to);

  g_assert_true (wr_scope_add_evidence (scope, "statement", "safe-ipc", NULL));
  g_assert_true (wr_store_count_visits (store (), scope, &expected, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (expected, >, 0);
  {
    g_autofree char *count = g_strdup_printf ("%u visits", expected);

    for (guint i = 0; i < 200 && wr_test_find_by_text (dialog, count) == NULL; i++)
      {
        g_usleep (20000);
        wr_test_iterate ();
      }
    g_assert_nonnull (wr_test_find_by_text (dialog, count));
  }
  wr_test_save_png (dialog, "evidence-export-node.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wr_test_iterate ();
}

static gboolean
shows_items (gpointer data)
{
  return adw_leaflet_get_visible_child (ADW_LEAFLET (data)) != NULL &&
         wr_test_find_with_class (adw_leaflet_get_visible_child (ADW_LEAFLET (data)), "evidence-items") != NULL;
}

/* Narrow, the tree and the evidence take turns: activating a node goes
 * to its evidence, and Back returns.
 */
static void
test_narrow (void)
{
  WrEvidencePage *page = evidence_page ();
  AdwLeaflet *leaflet = ADW_LEAFLET (wr_test_find_descendant (GTK_WIDGET (page), ADW_TYPE_LEAFLET));
  GtkWidget *tree = wr_test_find_with_class (GTK_WIDGET (page), "evidence-tree");
  int width;
  int height;

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 700);
  for (guint i = 0; i < 100 && !adw_leaflet_get_folded (leaflet); i++)
    {
      g_usleep (20000);
      wr_test_iterate ();
    }
  g_assert_true (adw_leaflet_get_folded (leaflet));
  wr_test_wait_for_paint (GTK_WIDGET (window));
  g_assert_false (shows_items (leaflet));
  wr_test_save_png (GTK_WIDGET (window), "evidence-page-narrow.png");

  /* The first statement, under the first key question. */
  g_assert_true (gtk_widget_activate_action (tree, "list.activate-item", "u", 1));
  wr_test_wait_until (shows_items, leaflet);
  wr_test_wait_until (page_idle, page);
  g_assert_cmpuint (g_list_model_get_n_items (wr_evidence_page_get_items (page)), >, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "evidence.back", NULL));
  g_assert_false (shows_items (leaflet));

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  wr_test_iterate ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  WrDemoOptions options = { 1500, 11, NULL };
  WrDemoCounts counts;
  int status;

  wr_test_init_display (&argc, &argv);
  window = WR_WINDOW (wr_test_start_app (&app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  g_assert_true (wr_demo_fill (store (), wr_application_get_library (WR_APPLICATION (app)), &options, NULL, NULL,
                               NULL, &counts, &error));
  g_assert_no_error (error);

  g_test_add_func ("/walkround/evidence-page/regulation", test_regulation);
  g_test_add_func ("/walkround/evidence-page/filters", test_filters);
  g_test_add_func ("/walkround/evidence-page/gaps", test_gaps);
  g_test_add_func ("/walkround/evidence-page/export-node", test_export_node);
  g_test_add_func ("/walkround/evidence-page/narrow", test_narrow);

  status = g_test_run ();
  wr_test_stop_app (app, GTK_WINDOW (window));

  return status;
}
