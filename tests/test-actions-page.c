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

#include "wr-action-dialog.h"
#include "wr-actions-page.h"
#include "wr-application.h"
#include "wr-dates.h"
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

/* Does what clicking @button does, at once: GtkButton clicks 250 ms after
 * an activation, and a reload of the list in that time would unmap the
 * row and drop the click.
 */
static void
press (GtkWidget *button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_activate_action_variant (button, gtk_actionable_get_action_name (GTK_ACTIONABLE (button)),
                                                     gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button))));
}

static WrActionDialog *
edit_dialog (void)
{
  GtkWidget *dialog;

  wr_test_wait_until (wr_test_has_window_of_type, GSIZE_TO_POINTER (WR_TYPE_ACTION_DIALOG));
  dialog = wr_test_find_window_of_type (WR_TYPE_ACTION_DIALOG);

  g_assert_nonnull (dialog);
  return WR_ACTION_DIALOG (dialog);
}

static void
visit_opened_cb (WrActionsPage *page,
                 const char    *uuid,
                 char         **out)
{
  g_free (*out);
  *out = g_strdup (uuid);
}

/* An action is followed up from the list after its visit is completed:
 * its row opens it to edit (the owner and due date change), and leads to
 * the visit that raised it.
 */
static void
test_edit_and_trace (void)
{
  WrActionsPage *page = actions_page ();
  g_autoptr(GError) error = NULL;
  g_autoptr(WrAction) action = NULL;
  g_autoptr(GListModel) after = NULL;
  g_autofree char *opened = NULL;
  g_autofree char *date = NULL;
  g_autofree char *from = NULL;
  GtkWidget *list = wr_test_find_with_class (GTK_WIDGET (page), "actions-list");
  GtkWidget *status_filter = wr_test_find_by_tooltip (GTK_WIDGET (page), "Status");
  GtkWidget *dialog;
  GtkWidget *button;
  GtkWidget *row;

  /* Every action, whatever its status; the visit completed. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (status_filter), 3);
  if (shown (page) == 0)
    add_actions ();
  g_assert_cmpuint (shown (page), >, 0);
  action = g_list_model_get_item (wr_actions_page_get_model (page), 0);
  g_assert_true (wr_store_complete_visit (store (), wr_action_get_visit_uuid (action), &error));
  g_assert_no_error (error);
  wr_test_wait_for_paint (GTK_WIDGET (window));

  /* The row's Edit button opens the action, saying where it came from. */
  row = gtk_widget_get_parent (gtk_widget_get_parent (wr_test_find_by_text (list, wr_action_get_text (action))));
  button = wr_test_find_by_tooltip (row, "Edit: what, who and by when");
  g_assert_nonnull (button);
  press (button);
  wr_test_iterate ();
  dialog = GTK_WIDGET (edit_dialog ());
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Edit Action");
  date = wr_date_format (wr_action_get_visit_date (action));
  from = g_strdup_printf ("From the visit to Ward 7 on %s", date);
  g_assert_nonnull (wr_test_find_by_text (dialog, from));
  gtk_editable_set_text (GTK_EDITABLE (wr_test_find_by_text (dialog, "Who _owns it")), "Matron");
  gtk_editable_set_text (GTK_EDITABLE (wr_test_find_by_text (dialog, "_Due by (such as 31/12/2026)")), "1/4/2027");
  wr_test_save_png (dialog, "action-dialog-from-actions-page.png");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_widget_activate_action (dialog, "action.save", NULL);
  while (dialog != NULL)
    g_main_context_iteration (NULL, TRUE);

  after = wr_store_list_actions (store (), wr_action_get_visit_uuid (action), NULL);
  for (guint i = 0; i < g_list_model_get_n_items (after); i++)
    {
      g_autoptr(WrAction) saved = g_list_model_get_item (after, i);

      if (g_str_equal (wr_action_get_uuid (saved), wr_action_get_uuid (action)))
        {
          g_assert_cmpstr (wr_action_get_owner (saved), ==, "Matron");
          g_assert_cmpstr (wr_action_get_due (saved), ==, "2027-04-01");
        }
    }

  /* Activating the row (Enter, or a double click) opens it too. */
  g_assert_true (GTK_IS_LIST_VIEW (list));
  g_signal_emit_by_name (list, "activate", 0);
  wr_test_iterate ();
  dialog = GTK_WIDGET (edit_dialog ());
  gtk_window_close (GTK_WINDOW (dialog));
  wr_test_iterate ();

  /* Its visit is a click away. */
  g_signal_connect (page, "open-visit", G_CALLBACK (visit_opened_cb), &opened);
  row = gtk_widget_get_parent (gtk_widget_get_parent (wr_test_find_by_text (list, wr_action_get_text (action))));
  button = wr_test_find_by_tooltip (row, "Open the visit that raised it");
  g_assert_nonnull (button);
  press (button);
  while (opened == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (opened, ==, wr_action_get_visit_uuid (action));
  g_signal_handlers_disconnect_by_func (page, visit_opened_cb, &opened);
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
  g_test_add_func ("/walkround/actions-page/edit-and-trace", test_edit_and_trace);
  g_test_add_func ("/walkround/actions-page/lifecycle", test_lifecycle);

  status = g_test_run ();
  wr_test_stop_app (app, GTK_WINDOW (window));

  return status;
}
