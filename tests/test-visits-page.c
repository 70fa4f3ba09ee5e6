/* test-visits-page.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The Visits page over a few hundred visits: the list follows the store,
 * and search, kind and status narrow it as a quality officer expects.
 */

#include "config.h"

#include "wr-application.h"
#include "wr-test-utils.h"
#include "wr-visits-page.h"
#include "wr-window.h"

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
        }
      if (i % 3 == 0)
        g_assert_true (wr_store_complete_visit (store (), wr_visit_get_uuid (visit), &error));
    }

  for (guint i = 0; i < 4; i++)
    g_object_unref (services[i]);
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

int
main (int   argc,
      char *argv[])
{
  int status;

  wr_test_init_display (&argc, &argv);
  window = WR_WINDOW (wr_test_start_app (&app));

  g_test_add_func ("/walkround/visits-page/list-and-filters", test_list_and_filters);

  status = g_test_run ();
  wr_test_stop_app (app, GTK_WINDOW (window));

  return status;
}
