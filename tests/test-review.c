/* test-review.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Through the real window, from the keyboard: a practice asks for support
 * on its self-assessment with the "Request support" switch and a note; the
 * team follows the request up on the Actions page; the completed visit is
 * approved, then returned with comments, without reopening it; and its
 * History shows all of it. Each widget is also built alone and finalized.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "wr-actions-page.h"
#include "wr-application.h"
#include "wr-core-test-utils.h"
#include "wr-history-dialog.h"
#include "wr-review-bar.h"
#include "wr-support-list.h"
#include "wr-support-row.h"
#include "wr-support.h"
#include "wr-test-utils.h"
#include "wr-visit-page.h"
#include "wr-visits-page.h"
#include "wr-window-private.h"

static GApplication *app;
static WrWindow *window;

static WrStore *
store (void)
{
  return wr_application_get_store (WR_APPLICATION (app));
}

static WrVisitPage *
visit_page (void)
{
  return WR_VISIT_PAGE (wr_test_find_descendant (GTK_WIDGET (window), WR_TYPE_VISIT_PAGE));
}

static gboolean
visit_open (gpointer uuid)
{
  WrVisitSession *session = visit_page () ? wr_visit_page_get_session (visit_page ()) : NULL;

  return session != NULL && g_strcmp0 (wr_visit_get_uuid (wr_visit_session_get_visit (session)), uuid) == 0;
}

static void
open_visit (const char *uuid)
{
  wr_window_open_visit (window, uuid);
  wr_test_wait_until (visit_open, (gpointer) uuid);
}

/* Presses @keyval on the focus, or, without XTest, activates @widget. */
static void
press (GtkWidget *widget,
       guint      keyval)
{
  g_assert_true (gtk_widget_grab_focus (widget));
  if (wr_test_can_type ())
    wr_test_press_key (GTK_WIDGET (window), keyval, 0);
  else
    gtk_widget_activate (widget);
  wr_test_iterate ();
}

/* Focuses the button labelled @label, as Tab would, and runs its action
 * (GtkButton clicks 250 ms after it is activated).
 */
static void
click (GtkWidget  *root,
       const char *label)
{
  GtkWidget *button = gtk_widget_get_ancestor (wr_test_find_by_text (root, label), GTK_TYPE_BUTTON);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_focusable (button) || gtk_widget_get_focus_on_click (button));
  g_assert_true (gtk_widget_grab_focus (button));
  g_assert_true (gtk_widget_activate_action (button, gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), NULL));
  wr_test_iterate ();
}

static void
type (GtkWidget  *widget,
      const char *text)
{
  g_assert_true (gtk_widget_grab_focus (widget));
  if (wr_test_can_type ())
    wr_test_type (GTK_WIDGET (gtk_widget_get_root (widget)), text);
  else if (GTK_IS_TEXT_VIEW (widget))
    gtk_text_buffer_insert_at_cursor (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), text, -1);
  else
    gtk_editable_insert_text (GTK_EDITABLE (widget), text, -1, &(int) { 0 });
  wr_test_iterate ();
}

static WrSupportRequest *
only_request (const char *visit_uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) requests = wr_store_list_support_requests (store (), visit_uuid, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (requests->len, ==, 1);
  return g_ptr_array_steal_index (requests, 0);
}

static gboolean
has_history_dialog (gpointer data)
{
  return wr_test_has_window_of_type (GSIZE_TO_POINTER (WR_TYPE_HISTORY_DIALOG));
}

static gboolean
no_history_dialog (gpointer data)
{
  return !has_history_dialog (data);
}

static gboolean
has_message_dialog (gpointer data)
{
  return wr_test_has_window_of_type (GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG));
}

static gboolean
list_shows (gpointer data)
{
  WrSupportList *list = data;

  return wr_support_list_get_n_requests (list) == 1;
}

static void
save_png_sized (const char *file_name,
                int         width,
                int         height)
{
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  wr_test_iterate ();
  wr_test_wait_for_paint (GTK_WIDGET (window));
  wr_test_save_png (GTK_WIDGET (window), file_name);
}

static void
test_support_and_review (void)
{
  g_autoptr(WrVisitSession) made = wr_test_new_session (store (), wr_application_get_library (WR_APPLICATION (app)),
                                                         "practice-self-assessment", 1);
  g_autofree char *uuid = g_strdup (wr_visit_get_uuid (wr_visit_session_get_visit (made)));
  g_autoptr(WrSupportRequest) request = NULL;
  g_autoptr(WrReview) review = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *support_row;
  GtkWidget *toggle;
  GtkWidget *note;
  GtkWidget *bar;
  GtkWidget *dialog;
  GtkWidget *comments;
  GtkWidget *history;
  GListModel *rows;
  GtkWidget *actions_page;
  GtkWidget *support_list;
  GtkWidget *status;
  GtkWidget *owner;
  gboolean saw_request = FALSE;
  gboolean saw_return = FALSE;
  gboolean saw_completed = FALSE;

  g_clear_object (&made);
  open_visit (uuid);

  /* The switch of the first section marked request-support. */
  support_row = wr_test_find_descendant (GTK_WIDGET (visit_page ()), WR_TYPE_SUPPORT_ROW);
  g_assert_nonnull (support_row);
  toggle = wr_test_find_descendant (support_row, GTK_TYPE_SWITCH);
  note = wr_test_find_descendant (support_row, ADW_TYPE_ENTRY_ROW);
  g_assert_false (gtk_widget_get_visible (note));
  g_assert_cmpstr (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (toggle)) == GTK_ACCESSIBLE_ROLE_SWITCH ?
                   "switch" : "other", ==, "switch");

  press (toggle, GDK_KEY_space);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (toggle)));
  g_assert_true (gtk_widget_get_visible (note));
  request = only_request (uuid);
  g_assert_cmpstr (request->section_id, ==, "safeguarding");
  g_assert_cmpstr (request->domain, ==, "safeguarding");
  g_clear_pointer (&request, wr_support_request_free);

  /* The focus went to the note: what would help. */
  /* Leaving the note saves it at once, before its pause is over. */
  type (note, "Training for new staff");
  g_assert_true (gtk_widget_grab_focus (toggle));
  wr_test_iterate ();
  request = only_request (uuid);
  g_assert_cmpstr (request->text, ==, "Training for new staff");
  g_clear_pointer (&request, wr_support_request_free);

  gtk_widget_grab_focus (toggle);
  save_png_sized ("review-support-switch.png", 1000, 700);
  {
    /* Scrolled so that the switch is in view. */
    GtkWidget *scrolled = gtk_widget_get_ancestor (support_row, GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
    graphene_point_t point;

    g_assert_true (gtk_widget_compute_point (support_row, scrolled, &GRAPHENE_POINT_INIT (0, 0), &point));
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + point.y - 200);
    save_png_sized ("review-support-switch.png", 1000, 700);
    save_png_sized ("review-support-switch-360.png", 360, 700);
    g_assert_true (gtk_widget_compute_point (support_row, scrolled, &GRAPHENE_POINT_INIT (0, 0), &point));
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + point.y - 200);
    save_png_sized ("review-support-switch-360.png", 360, 700);
  }

  /* Completed: the switch is read-only; the review buttons appear. */
  g_assert_true (wr_store_complete_visit (store (), uuid, &error));
  g_assert_no_error (error);
  wr_test_iterate ();
  g_assert_false (gtk_widget_get_sensitive (toggle));

  /* Opened again, as completed: the request is shown, read-only. */
  open_visit (uuid);
  g_assert_true (wr_visit_session_get_read_only (wr_visit_page_get_session (visit_page ())));
  support_row = wr_test_find_descendant (GTK_WIDGET (visit_page ()), WR_TYPE_SUPPORT_ROW);
  toggle = wr_test_find_descendant (support_row, GTK_TYPE_SWITCH);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (toggle)));
  g_assert_false (gtk_widget_get_sensitive (toggle));
  bar = wr_test_find_descendant (GTK_WIDGET (visit_page ()), WR_TYPE_REVIEW_BAR);
  g_assert_nonnull (bar);
  g_assert_nonnull (wr_test_find_by_text (bar, "Not reviewed yet"));

  click (bar, "Approve");
  review = wr_store_get_review (store (), uuid, &error);
  g_assert_no_error (error);
  g_assert_nonnull (review);
  g_assert_cmpint (review->decision, ==, WR_REVIEW_APPROVED);
  g_clear_pointer (&review, wr_review_free);

  /* Return with comments, in a dialog, from the keyboard. */
  g_assert_true (gtk_widget_activate_action (bar, "review.return", NULL));
  wr_test_wait_until (has_message_dialog, NULL);
  dialog = wr_test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG);
  comments = wr_test_find_descendant (dialog, GTK_TYPE_TEXT_VIEW);
  type (comments, "Add the practice manager's reply");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "return");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wr_test_iterate ();
  review = wr_store_get_review (store (), uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (review->decision, ==, WR_REVIEW_RETURNED);
  g_assert_cmpstr (review->comment, ==, "Add the practice manager's reply");
  {
    /* Still completed, and the header says who returned it. */
    g_autoptr(WrVisit) visit = wr_store_get_visit (store (), uuid, NULL);
    g_autofree char *described = wr_review_bar_describe (store (), uuid);

    g_assert_cmpint (wr_visit_get_status (visit), ==, WR_VISIT_COMPLETED);
    g_assert_true (g_str_has_prefix (described, "Returned by "));
    g_assert_nonnull (wr_test_find_by_text (bar, described));
  }
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (support_row, GTK_TYPE_SCROLLED_WINDOW);

    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)), 0);
    save_png_sized ("review-header.png", 1000, 700);
    save_png_sized ("review-header-360.png", 360, 700);
  }

  /* History, from its button. */
  click (bar, "History…");
  wr_test_wait_until (has_history_dialog, NULL);
  history = wr_test_find_window_of_type (WR_TYPE_HISTORY_DIALOG);
  rows = wr_history_dialog_get_rows (WR_HISTORY_DIALOG (history));
  g_assert_cmpuint (g_list_model_get_n_items (rows), >=, 5);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkWidget) row = g_list_model_get_item (rows, i);
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));

      saw_request |= g_str_equal (title, "Requested support in “safeguarding”");
      saw_return |= g_str_equal (title, "Reviewed: Returned with comments");
      saw_completed |= g_str_equal (title, "Completed the visit");
    }
  g_assert_true (saw_request);
  g_assert_true (saw_return);
  g_assert_true (saw_completed);
  {
    /* Newest first. */
    g_autoptr(GtkWidget) first = g_list_model_get_item (rows, 0);

    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), ==,
                     "Review comments: “Add the practice manager's reply”");
  }
  wr_test_save_png (history, "review-history.png");
  if (wr_test_can_type ())
    {
      wr_test_press_key (history, GDK_KEY_Escape, 0);
      wr_test_wait_until (no_history_dialog, NULL);
    }
  else
    gtk_window_destroy (GTK_WINDOW (history));

  /* The Actions page: the team follows the request up. */
  wr_window_show_page (window, "actions");
  wr_test_iterate ();
  actions_page = wr_test_find_descendant (GTK_WIDGET (window), WR_TYPE_ACTIONS_PAGE);
  support_list = wr_test_find_descendant (actions_page, WR_TYPE_SUPPORT_LIST);
  wr_test_wait_until (list_shows, support_list);
  {
    GtkWidget *row = wr_test_find_descendant (support_list, GTK_TYPE_LIST_BOX_ROW);

    g_assert_true (g_str_has_prefix (g_object_get_data (G_OBJECT (row), "title"), "Ward 7 · "));
    g_assert_nonnull (wr_test_find_by_text (row, g_object_get_data (G_OBJECT (row), "title")));
  }
  status = wr_test_find_descendant (support_list, GTK_TYPE_DROP_DOWN);
  owner = wr_test_find_descendant (support_list, GTK_TYPE_ENTRY);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (status), WR_SUPPORT_IN_PROGRESS);
  request = only_request (uuid);
  g_assert_cmpint (request->status, ==, WR_SUPPORT_IN_PROGRESS);
  g_clear_pointer (&request, wr_support_request_free);
  type (owner, "Sam Okafor");
  press (owner, GDK_KEY_Return);
  request = only_request (uuid);
  g_assert_cmpstr (request->owner, ==, "Sam Okafor");
  g_assert_cmpint (request->status, ==, WR_SUPPORT_IN_PROGRESS);
  g_clear_pointer (&request, wr_support_request_free);
  save_png_sized ("review-actions-support.png", 1000, 700);
  save_png_sized ("review-actions-support-360.png", 360, 700);

  /* The visits list shows the review. */
  wr_window_show_page (window, "visits");
  wr_test_iterate ();
  wr_test_wait_for_paint (GTK_WIDGET (window));
  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (window), "Completed · Returned"));
  save_png_sized ("review-visits.png", 1000, 700);
}

static gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Each widget alone: built, drawn, and finalized once closed. */
static void
test_lifecycle (void)
{
  g_autoptr(WrVisitSession) session = wr_test_new_session (store (), wr_application_get_library (WR_APPLICATION (app)),
                                                            "practice-self-assessment", 0);
  WrForm *form = wr_visit_session_get_form (session);
  GtkWidget *bar = wr_review_bar_new ();
  GtkWidget *list = wr_support_list_new ();
  WrSection *section = NULL;

  for (guint i = 0; section == NULL && i < wr_form_get_n_sections (form); i++)
    if (wr_section_get_request_support (wr_form_get_section (form, i)))
      section = wr_form_get_section (form, i);
  g_assert_nonnull (section);

  g_test_message ("support row");
  wr_test_show_and_finalize (wr_support_row_new (session, section));
  g_test_message ("review bar");
  wr_review_bar_set_session (WR_REVIEW_BAR (bar), session);
  wr_test_show_and_finalize (bar);
  g_test_message ("support list");
  wr_support_list_set_store (WR_SUPPORT_LIST (list), store ());
  gtk_widget_set_visible (list, TRUE);
  wr_test_show_and_finalize (list);
  {
    /* A window of its own: shown, closed, finalized. */
    GtkWidget *dialog = g_object_ref_sink (wr_history_dialog_new (session));

    gtk_window_present (GTK_WINDOW (dialog));
    wr_test_wait_for_paint (dialog);
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
    gtk_window_destroy (GTK_WINDOW (dialog));
    g_object_unref (dialog);
    wr_test_wait_until (is_gone, &dialog);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  int status;

  wr_test_init_display (&argc, &argv);

  data_dir = g_dir_make_tmp ("walkround-review-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("WALKROUND_DATA_DIR", data_dir, TRUE);
  window = WR_WINDOW (wr_test_start_app_in (&app, data_dir));
  wr_store_set_user (store (), "Priya Shah");

  g_test_add_func ("/walkround/review/support-and-review", test_support_and_review);
  g_test_add_func ("/walkround/review/lifecycle", test_lifecycle);

  status = g_test_run ();
  wr_test_stop_app (app, GTK_WINDOW (window));

  return status;
}
