/* test-visits-page.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The Visits page over a few hundred visits: the list follows the store,
 * and search, kind, status, service and period narrow it as a quality
 * officer expects.
 */

#include "config.h"

#include <string.h>

#include "wr-application.h"
#include "wr-test-utils.h"
#include "wr-visits-page-private.h"
#include "wr-window-private.h"

#define FORM_SHA "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define N_VISITS 400

static GApplication *app;
static WrWindow *window;

static WrStore *
store (void)
{
  return wr_application_get_store (WR_APPLICATION (app));
}

static WrVisitsPage *
visits_page (void)
{
  wr_window_show_page (window, "visits");
  return WR_VISITS_PAGE (wr_test_find_descendant (GTK_WIDGET (window), WR_TYPE_VISITS_PAGE));
}

static guint
shown (WrVisitsPage *page)
{
  wr_test_iterate ();
  return g_list_model_get_n_items (wr_visits_page_get_model (page));
}

/* add_visits() names its services in this order, and gives visit i to
 * service (i / 4) % 4.
 */
enum { WARD_7, AUDIOLOGY, MAPLE_HOUSE, CHILDRENS_WARD };

/* How many visits add_visits() started from @from to @to, both included,
 * to @service or, if it is -1, to any service; worked out apart from the
 * code under test, from the dates the visits were given.
 */
static guint
count_visits (int         service,
              const char *from,
              const char *to)
{
  guint n = 0;

  for (guint i = 0; i < N_VISITS; i++)
    {
      GDate day;
      char date[16];

      g_date_set_dmy (&day, 20, G_DATE_NOVEMBER, 2026);
      g_date_subtract_days (&day, i);
      g_snprintf (date, sizeof date, "%04u-%02u-%02u",
                  g_date_get_year (&day), g_date_get_month (&day), g_date_get_day (&day));
      if ((service < 0 || (int) (i / 4) % 4 == service) &&
          (from == NULL || strcmp (date, from) >= 0) &&
          (to == NULL || strcmp (date, to) <= 0))
        n++;
    }

  return n;
}

static guint
find_item (GtkWidget  *dropdown,
           const char *label)
{
  GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (item), label))
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

static gboolean
has_item (GtkWidget  *dropdown,
          const char *label)
{
  return find_item (dropdown, label) != GTK_INVALID_LIST_POSITION;
}

/* Chooses an item as a person would: by what it says. */
static void
select_item (GtkWidget  *dropdown,
             const char *label)
{
  guint position = find_item (dropdown, label);

  if (position == GTK_INVALID_LIST_POSITION)
    g_error ("No item “%s” in the drop-down", label);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), position);
}

static const char *
selected_label (GtkWidget *dropdown)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (dropdown));

  return item ? gtk_string_object_get_string (item) : NULL;
}

static WrService *
find_service (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) services = wr_store_list_services (store (), TRUE, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (services); i++)
    {
      g_autoptr(WrService) service = g_list_model_get_item (services, i);

      if (g_str_equal (wr_service_get_name (service), name))
        return g_steal_pointer (&service);
    }

  g_error ("No service “%s”", name);
}

static void
add_visits (void)
{
  g_autoptr(GError) error = NULL;
  const char *names[] = { "Ward 7", "Audiology clinic", "Maple House", "Children's ward" };
  const char *kinds[] = { "quality-visit", "ned-visit", "fifteen-steps", "self-assessment" };
  const char *people[] = { "Alex Director", "Sam Carer", "Priya Matron", "Jo Governor" };
  const char *roles[] = { "ned", "carer", "clinician", "governor" };
  g_autoptr(GTimeZone) london = g_time_zone_new_identifier ("Europe/London");
  WrService *services[4];

  /* Windows names its zones otherwise. */
  if (london == NULL)
    london = g_time_zone_new_identifier ("GMT Standard Time");
  g_assert_nonnull (london);

  for (guint i = 0; i < 4; i++)
    {
      WrServiceFields fields = { .name = names[i] };

      services[i] = wr_store_add_service (store (), &fields, &error);
      g_assert_no_error (error);
    }

  for (guint i = 0; i < N_VISITS; i++)
    {
      g_autoptr(GDateTime) day = g_date_time_new (london, 2026, 11, 20, 9 + i % 8, 0, 0);
      g_autoptr(GDateTime) started = g_date_time_add_days (day, -(int) i);
      g_autoptr(WrVisit) visit = NULL;
      g_autofree char *member = NULL;
      WrVisitFields fields = {
        .kind = kinds[i % 4], .form_id = kinds[i % 4], .form_version = 1, .form_sha256 = FORM_SHA,
        .service_id = wr_service_get_id (services[(i / 4) % 4]), .started = started,
      };

      visit = wr_store_create_visit (store (), &fields, &error);
      g_assert_no_error (error);
      member = wr_store_add_member (store (), wr_visit_get_uuid (visit), people[i % 4], roles[i % 4], &error);
      g_assert_no_error (error);
      if (i == 123)
        {
          WrObservationFields obs = { .text = "Lovely garden that patients can use", .kind = "good-practice" };
          g_autofree char *uuid = wr_store_add_observation (store (), wr_visit_get_uuid (visit), &obs, &error);

          g_assert_no_error (error);
          /* As the visit page would count it. */
          g_assert_true (wr_store_set_visit_progress (store (), wr_visit_get_uuid (visit), 3, 7, &error));
        }
      if (i % 3 == 0)
        g_assert_true (wr_store_complete_visit (store (), wr_visit_get_uuid (visit), &error));
    }

  for (guint i = 0; i < 4; i++)
    g_object_unref (services[i]);
}

static gboolean
is_folded (gpointer data)
{
  return adw_leaflet_get_folded (ADW_LEAFLET (data));
}

static void
test_list_and_filters (void)
{
  WrVisitsPage *page = visits_page ();
  GtkWidget *search;
  GtkWidget *kind;
  GtkWidget *status;

  g_assert_cmpuint (shown (page), ==, 0);
  wr_test_save_png (GTK_WIDGET (window), "visits-page-empty.png");

  /* While the database opens the page shows nothing, not "No Visits Yet". */
  {
    GtkWidget *opening = g_object_new (WR_TYPE_VISITS_PAGE, NULL);
    GtkWidget *stack = gtk_widget_get_ancestor (wr_test_find_with_class (opening, "visits-list"), GTK_TYPE_STACK);

    g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "opening");
    wr_visits_page_set_store (WR_VISITS_PAGE (opening), store ());
    g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "none");
    wr_test_show_and_finalize (g_steal_pointer (&opening));
  }

  add_visits ();
  g_assert_cmpuint (shown (page), ==, N_VISITS);
  wr_test_save_png (GTK_WIDGET (window), "visits-page.png");

  kind = wr_test_find_by_tooltip (GTK_WIDGET (page), "Kind of visit");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (kind), 3);  /* 15 Steps walks */
  g_assert_cmpuint (shown (page), ==, N_VISITS / 4);

  status = wr_test_find_by_tooltip (GTK_WIDGET (page), "Status");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (status), 2);  /* completed */
  g_assert_cmpuint (shown (page), ==, 33);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (kind), 0);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (status), 0);

  search = wr_test_find_descendant (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (search), "garden");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (shown (page), ==, 1);

  /* A screen reader hears the row as one sentence, and each filter's
   * button by the filter's name.
   */
  {
    GtkWidget *list = wr_test_find_with_class (GTK_WIDGET (page), "visits-list");
    GtkWidget *button = gtk_widget_get_first_child (kind);
    GtkWidget *row = NULL;

    wr_test_wait_for_paint (list);
    for (GtkWidget *child = gtk_widget_get_first_child (list); child; child = gtk_widget_get_next_sibling (child))
      {
        GtkWidget *box = gtk_widget_get_first_child (child);
        GtkWidget *service = box ? gtk_widget_get_first_child (gtk_widget_get_first_child (box)) : NULL;
        GtkWidget *when = service ? gtk_widget_get_next_sibling (service) : NULL;

        if (when != NULL && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (when)), "20 Jul 2026"))
          {
            g_assert_null (row);
            row = child;
          }
      }
    g_assert_nonnull (row);
    gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                         "Maple House, 20 Jul 2026, 12:00 · Self-assessment, completed, 3 of 7 required answers");
    g_assert_true (GTK_IS_TOGGLE_BUTTON (button));
    gtk_test_accessible_assert_relation (button, GTK_ACCESSIBLE_RELATION_LABELLED_BY, kind, NULL);
  }
  gtk_editable_set_text (GTK_EDITABLE (search), "Maple");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (shown (page), ==, N_VISITS / 4);
  gtk_editable_set_text (GTK_EDITABLE (search), "zzzz");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (shown (page), ==, 0);
  wr_test_save_png (GTK_WIDGET (window), "visits-page-no-match.png");
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (shown (page), ==, N_VISITS);
}

static void
test_service_and_period (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrService) maple = NULL;
  g_autoptr(WrService) renamed = NULL;
  g_autoptr(WrService) annexe = NULL;
  g_autoptr(WrService) longest = NULL;
  WrVisitsPage *page = visits_page ();
  GtkWidget *service;
  GtkWidget *period;
  WrServiceFields fields = { NULL, };

  /* The visits of the test above, counted from a day of our choosing. */
  g_assert_cmpuint (shown (page), ==, N_VISITS);
  _wr_visits_page_set_today (page, "2026-11-20");

  service = wr_test_find_descendant (wr_test_find_by_tooltip (GTK_WIDGET (page), "Service"), GTK_TYPE_DROP_DOWN);
  period = wr_test_find_by_tooltip (GTK_WIDGET (page), "Period");
  g_assert_nonnull (service);
  g_assert_nonnull (period);
  g_assert_cmpstr (selected_label (service), ==, "All Services");
  g_assert_cmpstr (selected_label (period), ==, "Any Time");

  /* Active services, by name. */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (service))), ==, 5);
  select_item (service, "Maple House");
  g_assert_cmpuint (shown (page), ==, count_visits (MAPLE_HOUSE, NULL, NULL));
  g_assert_cmpuint (shown (page), ==, N_VISITS / 4);

  /* From 1 April 2026 to 31 March 2027: the visits back to 1 April. */
  select_item (service, "All Services");
  select_item (period, "This Financial Year");
  g_assert_cmpuint (count_visits (-1, "2026-04-01", "2027-03-31"), ==, 234);
  g_assert_cmpuint (shown (page), ==, 234);

  /* The rest, back to 17 October 2025, are in 2025–26. */
  select_item (period, "Last Financial Year");
  g_assert_cmpuint (count_visits (-1, "2025-04-01", "2026-03-31"), ==, N_VISITS - 234);
  g_assert_cmpuint (shown (page), ==, N_VISITS - 234);

  select_item (period, "Last 30 Days");
  g_assert_cmpuint (shown (page), ==, 30);
  select_item (period, "Last 12 Months");
  g_assert_cmpuint (shown (page), ==, count_visits (-1, "2025-11-21", "2026-11-20"));
  g_assert_cmpuint (shown (page), ==, 365);

  /* Service and period together. */
  select_item (service, "Maple House");
  select_item (period, "This Financial Year");
  g_assert_cmpuint (shown (page), ==, count_visits (MAPLE_HOUSE, "2026-04-01", "2027-03-31"));
  wr_test_save_png (GTK_WIDGET (window), "visits-page-service-and-period.png");

  /* Named years move on each 1 April; from June 2027 on, 2025–26 is the
   * year before last and this year has no visits yet.
   */
  g_assert_true (has_item (period, "2022–23"));
  g_assert_false (has_item (period, "2025–26"));
  _wr_visits_page_set_today (page, "2027-06-01");
  g_assert_false (has_item (period, "2022–23"));
  g_assert_true (has_item (period, "2023–24"));
  g_assert_true (has_item (period, "2025–26"));
  g_assert_cmpstr (selected_label (period), ==, "This Financial Year");
  g_assert_cmpuint (shown (page), ==, 0);
  select_item (period, "2025–26");
  g_assert_cmpuint (shown (page), ==, count_visits (MAPLE_HOUSE, "2025-04-01", "2026-03-31"));
  select_item (period, "Last Financial Year");
  g_assert_cmpuint (shown (page), ==, count_visits (MAPLE_HOUSE, "2026-04-01", "2027-03-31"));

  /* A day either side of 1 April. */
  _wr_visits_page_set_today (page, "2026-03-31");
  select_item (period, "This Financial Year");
  g_assert_cmpuint (shown (page), ==, count_visits (MAPLE_HOUSE, "2025-04-01", "2026-03-31"));
  _wr_visits_page_set_today (page, "2026-04-01");
  g_assert_cmpuint (shown (page), ==, count_visits (MAPLE_HOUSE, "2026-04-01", "2027-03-31"));
  select_item (period, "Any Time");

  /* The drop-down follows the services, and keeps the one chosen. */
  fields.name = "Audiology annexe";
  annexe = wr_store_add_service (store (), &fields, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (shown (page), ==, N_VISITS / 4);
  g_assert_true (has_item (service, "Audiology annexe"));
  g_assert_cmpstr (selected_label (service), ==, "Maple House");

  maple = find_service ("Maple House");
  fields.name = "Maple House Respite";
  renamed = wr_store_update_service (store (), wr_service_get_id (maple), &fields, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (shown (page), ==, N_VISITS / 4);
  g_assert_cmpstr (selected_label (service), ==, "Maple House Respite");

  /* Archived, it leaves the drop-down, and every service is shown again. */
  g_assert_true (wr_store_set_service_archived (store (), wr_service_get_id (maple), TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (shown (page), ==, N_VISITS);
  g_assert_false (has_item (service, "Maple House Respite"));
  g_assert_cmpstr (selected_label (service), ==, "All Services");
  g_assert_true (wr_store_set_service_archived (store (), wr_service_get_id (maple), FALSE, &error));
  g_assert_no_error (error);

  /* A long name and every filter chosen still fit a phone's width. */
  fields.name = "Community Mental Health Team for Older Adults, North and East";
  longest = wr_store_add_service (store (), &fields, &error);
  g_assert_no_error (error);
  wr_test_iterate ();
  select_item (service, fields.name);
  select_item (period, "This Financial Year");
  g_assert_cmpuint (shown (page), ==, 0);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  wr_test_wait_until (is_folded, _wr_window_get_leaflet (window));
  page = visits_page ();
  wr_test_save_png (GTK_WIDGET (window), "visits-page-narrow.png");
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, 360);

  _wr_visits_page_set_today (page, NULL);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  wr_test_init_display (&argc, &argv);
  window = WR_WINDOW (wr_test_start_app (&app));

  g_test_add_func ("/walkround/visits-page/list-and-filters", test_list_and_filters);
  g_test_add_func ("/walkround/visits-page/service-and-period", test_service_and_period);

  status = g_test_run ();
  wr_test_stop_app (app, GTK_WINDOW (window));

  return status;
}
