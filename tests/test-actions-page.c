/* test-actions-page.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The Actions page as a quality officer uses it: every action across
 * visits, narrowed to one owner or the overdue ones, and followed up by
 * changing a status in the list.
 */

#include "config.h"

#include "wr-actions-page.h"
#include "wr-application.h"
#include "wr-test-utils.h"
#include "wr-window.h"

#define FORM_SHA "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static GApplication *app;
static WrWindow *window;

static WrStore *
store (void)
{
  return wr_application_get_store (WR_APPLICATION (app));
}

static WrActionsPage *
actions_page (void)
{
  wr_window_show_page (window, "actions");
  return WR_ACTIONS_PAGE (wr_test_find_descendant (GTK_WIDGET (window), WR_TYPE_ACTIONS_PAGE));
}

static void
add_actions (void)
{
  g_autoptr(GError) error = NULL;
  WrServiceFields service_fields = { .name = "Ward 7" };
  g_autoptr(WrService) service = wr_store_add_service (store (), &service_fields, &error);
  g_autoptr(WrVisit) visit = NULL;
  WrVisitFields fields = {
    .kind = "ned-visit", .form_id = "ned-visit", .form_version = 1, .form_sha256 = FORM_SHA,
    .service_id = wr_service_get_id (service),
  };
  const WrActionFields actions[] = {
    { .text = "Fix the call bell in bay 3", .owner = "Estates", .due = "2020-01-31" },
    { .text = "Share the falls audit with the board", .owner = "Ward manager", .due = "2099-06-30" },
    { .text = "Put up the visiting times at the entrance", .owner = "Ward manager" },
  };

  g_assert_no_error (error);
  visit = wr_store_create_visit (store (), &fields, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autofree char *uuid = wr_store_add_action (store (), wr_visit_get_uuid (visit), &actions[i], &error);
      g_assert_no_error (error);
    }
}

static guint
shown (WrActionsPage *page)
{
  wr_test_iterate ();
  return g_list_model_get_n_items (wr_actions_page_get_model (page));
}

static void
test_follow_up (void)
{
  WrActionsPage *page = actions_page ();
  GtkWidget *overdue;
  GtkWidget *owner;
  GtkWidget *status_filter;
  GtkWidget *row_status;
  g_autoptr(WrAction) first = NULL;
  g_autoptr(GListModel) after = NULL;

  /* Empty at first; the list follows the store as actions are agreed. */
  g_assert_cmpuint (shown (page), ==, 0);
  add_actions ();
  g_assert_cmpuint (shown (page), ==, 3);
  wr_test_save_png (GTK_WIDGET (window), "actions-page.png");

  /* Soonest due first: the overdue call bell. */
  first = g_list_model_get_item (wr_actions_page_get_model (page), 0);
  g_assert_cmpstr (wr_action_get_text (first), ==, "Fix the call bell in bay 3");

  overdue = wr_test_find_by_tooltip (GTK_WIDGET (page), "Show only open actions past their due date");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (overdue), TRUE);
  g_assert_cmpuint (shown (page), ==, 1);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (overdue), FALSE);

  owner = wr_test_find_descendant (GTK_WIDGET (page), GTK_TYPE_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (owner), "manager");
  g_assert_cmpuint (shown (page), ==, 2);
  gtk_editable_set_text (GTK_EDITABLE (owner), "");
  g_assert_cmpuint (shown (page), ==, 3);

  /* Mark the first done from its row: it leaves the list of open ones. */
  wr_test_wait_for_paint (GTK_WIDGET (window));
  row_status = wr_test_find_descendant (wr_test_find_with_class (GTK_WIDGET (page), "actions-list"),
                                        GTK_TYPE_DROP_DOWN);
  g_assert_nonnull (row_status);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (row_status), WR_ACTION_DONE);
  g_assert_cmpuint (shown (page), ==, 2);

  status_filter = wr_test_find_by_tooltip (GTK_WIDGET (page), "Status");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (status_filter), 1);
  g_assert_cmpuint (shown (page), ==, 1);
  after = wr_store_list_actions (store (), wr_action_get_visit_uuid (first), NULL);
  for (guint i = 0; i < g_list_model_get_n_items (after); i++)
    {
      g_autoptr(WrAction) action = g_list_model_get_item (after, i);

      if (g_str_equal (wr_action_get_uuid (action), wr_action_get_uuid (first)))
        g_assert_cmpint (wr_action_get_status (action), ==, WR_ACTION_DONE);
    }
}

/* Built on its own on the store, drawn, and finalized once closed. */
static void
test_lifecycle (void)
{
  GtkWidget *page = g_object_new (WR_TYPE_ACTIONS_PAGE, NULL);

  wr_actions_page_set_store (WR_ACTIONS_PAGE (page), store ());
  wr_test_iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (wr_actions_page_get_model (WR_ACTIONS_PAGE (page))), >, 0);
  wr_test_show_and_finalize (page);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  wr_test_init_display (&argc, &argv);
  window = WR_WINDOW (wr_test_start_app (&app));

  g_test_add_func ("/walkround/actions-page/follow-up", test_follow_up);
  g_test_add_func ("/walkround/actions-page/lifecycle", test_lifecycle);

  status = g_test_run ();
  wr_test_stop_app (app, GTK_WINDOW (window));

  return status;
}
