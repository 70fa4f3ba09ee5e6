/* test-visit-page.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Records a visit through the real window as a visitor would: start it from
 * the New Visit dialog, answer a question of every type, add an observation
 * and an action, complete it (after being shown what is missing) and reopen
 * it, checking the database after each step.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "wr-action-dialog.h"
#include "wr-application.h"
#include "wr-core-test-utils.h"
#include "wr-dates.h"
#include "wr-new-visit-dialog.h"
#include "wr-observation-dialog.h"
#include "wr-question-row.h"
#include "wr-store-private.h"
#include "wr-test-utils.h"
#include "wr-visit-page.h"
#include "wr-window-private.h"

static gboolean shows_text (gpointer text);

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

static WrQuestionRow *
row_for (const char *question_id)
{
  GPtrArray *rows = wr_visit_page_get_rows (visit_page ());

  for (guint i = 0; i < rows->len; i++)
    {
      WrQuestionRow *row = g_ptr_array_index (rows, i);

      if (g_str_equal (wr_form_item_get_id (WR_FORM_ITEM (wr_question_row_get_question (row))), question_id))
        return row;
    }
  g_assert_not_reached ();
}

/* What scrolls the page's questions (the header's menu has one too). */
static GtkWidget *
page_scroller (void)
{
  GPtrArray *rows = wr_visit_page_get_rows (visit_page ());

  g_assert_cmpuint (rows->len, >, 0);
  return gtk_widget_get_ancestor (g_ptr_array_index (rows, 0), GTK_TYPE_SCROLLED_WINDOW);
}

static const char *
stored (const char *question_id)
{
  static char *value;
  g_autoptr(GPtrArray) answers = NULL;
  WrVisitSession *session = wr_visit_page_get_session (visit_page ());

  g_clear_pointer (&value, g_free);
  answers = wr_store_list_answers (store (), wr_visit_get_uuid (wr_visit_session_get_visit (session)), NULL);
  for (guint i = 0; i < answers->len; i++)
    {
      WrAnswer *answer = g_ptr_array_index (answers, i);

      if (g_str_equal (answer->question_id, question_id))
        value = g_strdup (answer->value);
    }
  return value;
}

/* The n-th choice button of a question, as a person clicks it. */
static void
click_choice (const char *question_id,
              guint       n)
{
  GtkWidget *row = GTK_WIDGET (row_for (question_id));
  GtkWidget *button = wr_test_find_descendant (row, GTK_TYPE_CHECK_BUTTON);

  for (guint i = 0; i < n; i++)
    button = gtk_widget_get_next_sibling (button);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (button), !gtk_check_button_get_active (GTK_CHECK_BUTTON (button)));
}

static void
type_answer (const char *question_id,
             const char *text)
{
  GtkWidget *row = GTK_WIDGET (row_for (question_id));
  GtkWidget *view = wr_test_find_descendant (row, GTK_TYPE_TEXT_VIEW);

  if (view != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
  else
    {
      GtkWidget *entry = wr_test_find_descendant (row, GTK_TYPE_ENTRY);

      gtk_editable_set_text (GTK_EDITABLE (entry), text);
    }
}

/* Writes @text in an observation dialog, as pasted. */
static void
set_observation_text (GtkWidget  *dialog,
                      const char *text)
{
  GtkWidget *view = wr_test_find_descendant (dialog, GTK_TYPE_TEXT_VIEW);

  g_assert_nonnull (view);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
}

static gboolean
saved (gpointer data)
{
  return g_strcmp0 (stored (data), g_object_get_data (G_OBJECT (window), "expect")) == 0;
}

/* Typing is saved after a pause, never more than a second behind. */
static void
wait_saved (const char *question_id,
            const char *expected)
{
  g_object_set_data_full (G_OBJECT (window), "expect", g_strdup (expected), g_free);
  wr_test_wait_until (saved, (gpointer) question_id);
}

static void
install_test_form (const char *data_dir,
                   const char *name)
{
  g_autofree char *forms = g_build_filename (data_dir, "forms", NULL);
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "data", "forms", "good", name, NULL);
  g_autofree char *target = g_build_filename (forms, name, NULL);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
  g_mkdir_with_parents (forms, 0700);
  g_assert_true (g_file_set_contents (target, contents, length, NULL));
}

/* As a click on one of its buttons does: answer, then close. */
static void
respond (const char *response)
{
  GtkWidget *dialog = wr_test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG);

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_close (GTK_WINDOW (dialog));
}

static gboolean
no_message_dialog (gpointer data)
{
  return !wr_test_has_window_of_type (GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG));
}

static gboolean
has_attachment (gpointer uuid)
{
  g_autoptr(GPtrArray) attached = wr_store_list_attachments (store (), uuid, NULL);

  return attached != NULL && attached->len > 0;
}

static gboolean
no_file_chooser (gpointer data)
{
  return !wr_test_has_window_of_type (GSIZE_TO_POINTER (GTK_TYPE_FILE_CHOOSER_DIALOG));
}

static gboolean
other_visit_open (gpointer uuid)
{
  WrVisitSession *session = wr_visit_page_get_session (visit_page ());

  return session != NULL && g_strcmp0 (wr_visit_get_uuid (wr_visit_session_get_visit (session)), uuid) != 0;
}

static gboolean
visit_open (gpointer data)
{
  return visit_page () != NULL && wr_visit_page_get_session (visit_page ()) != NULL;
}

static void
test_record_visit (void)
{
  g_autoptr(GError) error = NULL;
  WrServiceFields service_fields = { .name = "Ward 7" };
  g_autoptr(WrService) service = wr_store_add_service (store (), &service_fields, &error);
  WrNewVisitDialog *dialog;
  GtkWidget *note;
  WrVisitSession *session;
  g_autofree char *uuid = NULL;
  g_autoptr(WrVisit) completed = NULL;
  g_autoptr(WrVisit) reopened = NULL;
  g_autoptr(GListModel) observations = NULL;
  g_autoptr(GListModel) actions = NULL;
  g_autoptr(GArray) gaps = NULL;

  g_assert_no_error (error);

  /* Start the visit from the dialog, with a team of two. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-visit", NULL));
  wr_test_wait_until (wr_test_has_window_of_type, GSIZE_TO_POINTER (WR_TYPE_NEW_VISIT_DIALOG));
  dialog = WR_NEW_VISIT_DIALOG (wr_test_find_window_of_type (WR_TYPE_NEW_VISIT_DIALOG));
  /* Ready to choose the form, not on Cancel. */
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (dialog)) == wr_test_find_by_text (GTK_WIDGET (dialog), "_Form"));
  wr_new_visit_dialog_select_form (dialog, "all-types");
  wr_new_visit_dialog_add_member (dialog, "Alex Director", "ned");
  wr_new_visit_dialog_add_member (dialog, "Sam Carer", "carer");
  wr_test_save_png (GTK_WIDGET (dialog), "new-visit-dialog.png");
  /* A third name typed but not added is asked about, then added. */
  g_assert_true (gtk_widget_grab_focus (wr_test_find_by_text (GTK_WIDGET (dialog), "_Name")));
  if (wr_test_can_type ())
    wr_test_type (GTK_WIDGET (dialog), "Jo Nurse");
  else
    gtk_editable_set_text (GTK_EDITABLE (wr_test_find_by_text (GTK_WIDGET (dialog), "_Name")), "Jo Nurse");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "new-visit.start", NULL));
  wr_test_wait_until (wr_test_has_window_of_type, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_true (visit_page () == NULL || wr_visit_page_get_session (visit_page ()) == NULL);
  wr_test_save_png (wr_test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG), "new-visit-unadded.png");
  respond ("add");
  wr_test_wait_until (visit_open, NULL);
  wr_test_iterate ();

  session = wr_visit_page_get_session (visit_page ());
  uuid = g_strdup (wr_visit_get_uuid (wr_visit_session_get_visit (session)));
  g_assert_cmpstr (wr_visit_get_team (wr_visit_session_get_visit (session)), ==, "Alex Director, Sam Carer, Jo Nurse");

  /* A question of every type, checked in the database each time. */
  click_choice ("t-yes-no-na", 1);
  g_assert_cmpstr (stored ("t-yes-no-na"), ==, "no");
  click_choice ("t-rating", 2);
  g_assert_cmpstr (stored ("t-rating"), ==, "10");
  click_choice ("t-choice", 0);
  g_assert_cmpstr (stored ("t-choice"), ==, "red");
  click_choice ("t-multi-choice", 0);
  click_choice ("t-multi-choice", 2);
  g_assert_cmpstr (stored ("t-multi-choice"), ==, "a c");
  type_answer ("t-text-short", "Clean and tidy");
  wait_saved ("t-text-short", "Clean and tidy");
  type_answer ("t-number", "12.5");
  wait_saved ("t-number", "12.5");
  /* A date typed day first is kept as YYYY-MM-DD. */
  type_answer ("t-date", "27/11/2026");
  wait_saved ("t-date", "2026-11-27");

  /* A number out of range is said, and not saved. */
  type_answer ("t-number-bounded", "100");
  wr_test_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_visible,
                      wr_test_find_with_class (GTK_WIDGET (row_for ("t-number-bounded")), "error"));
  g_assert_null (stored ("t-number-bounded"));

  wr_test_save_png (GTK_WIDGET (window), "visit-page.png");

  /* Not complete: the long text is required and missing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (visit_page ()), "visit.complete", NULL));
  wr_test_iterate ();
  gaps = wr_visit_session_list_gaps (session);
  g_assert_cmpuint (gaps->len, ==, 1);
  g_assert_cmpstr (wr_form_item_get_id (g_array_index (gaps, WrVisitGap, 0).item), ==, "t-text-long");
  /* The keyboard goes to the list of what is missing, to act on it. */
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

    g_assert_nonnull (focus);
    g_assert_true (GTK_IS_BUTTON (focus));
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (focus)), ==, "Go to Question");
  }
  wr_test_save_png (GTK_WIDGET (window), "visit-page-missing.png");

  type_answer ("t-text-long", "The ward felt calm.\nStaff introduced themselves.");
  wait_saved ("t-text-long", "The ward felt calm.\nStaff introduced themselves.");

  /* An observation and an action, through their dialogs. */
  gtk_widget_activate_action (GTK_WIDGET (visit_page ()), "visit.add-observation", NULL);
  wr_test_wait_until (wr_test_has_window_of_type, GSIZE_TO_POINTER (WR_TYPE_OBSERVATION_DIALOG));
  note = wr_test_find_window_of_type (WR_TYPE_OBSERVATION_DIALOG);
  set_observation_text (note, "A patient said the night staff are kind");
  wr_test_save_png (note, "observation-dialog.png");
  g_signal_emit_by_name (wr_test_find_with_class (note, "suggested-action"), "clicked");
  wr_test_iterate ();
  observations = wr_store_list_observations (store (), uuid, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (observations), ==, 1);

  gtk_widget_activate_action (GTK_WIDGET (visit_page ()), "visit.add-action", NULL);
  wr_test_wait_until (wr_test_has_window_of_type, GSIZE_TO_POINTER (WR_TYPE_ACTION_DIALOG));
  note = wr_test_find_window_of_type (WR_TYPE_ACTION_DIALOG);
  gtk_editable_set_text (GTK_EDITABLE (wr_test_find_descendant (note, ADW_TYPE_ENTRY_ROW)), "Repair the bathroom lock");
  g_signal_emit_by_name (wr_test_find_with_class (note, "suggested-action"), "clicked");
  wr_test_iterate ();
  actions = wr_store_list_actions (store (), uuid, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (actions), ==, 1);

  /* Complete, confirmed in the dialog: then read only. */
  gtk_widget_activate_action (GTK_WIDGET (visit_page ()), "visit.complete", NULL);
  wr_test_wait_until (wr_test_has_window_of_type, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG));
  respond ("complete");
  wr_test_wait_until (no_message_dialog, NULL);
  completed = wr_store_get_visit (store (), uuid, &error);
  g_assert_cmpint (wr_visit_get_status (completed), ==, WR_VISIT_COMPLETED);
  /* Said in the header's status line, which outlasts the toast, and the
   * keyboard goes on from Reopen.
   */
  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (visit_page ()), "Visit completed"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (gtk_root_get_focus (GTK_ROOT (window)))), ==, "_Reopen…");
  g_assert_false (gtk_widget_get_sensitive (wr_test_find_descendant (GTK_WIDGET (row_for ("t-choice")),
                                                                     GTK_TYPE_CHECK_BUTTON))
                  && gtk_widget_is_sensitive (wr_test_find_descendant (GTK_WIDGET (row_for ("t-choice")),
                                                                       GTK_TYPE_CHECK_BUTTON)));
  wr_test_save_png (GTK_WIDGET (window), "visit-page-completed.png");

  /* Reopen, confirmed: a draft again, with a new revision. */
  gtk_widget_activate_action (GTK_WIDGET (visit_page ()), "visit.reopen", NULL);
  wr_test_wait_until (wr_test_has_window_of_type, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG));
  respond ("reopen");
  wr_test_wait_until (no_message_dialog, NULL);
  reopened = wr_store_get_visit (store (), uuid, &error);
  g_assert_cmpint (wr_visit_get_status (reopened), ==, WR_VISIT_DRAFT);
  g_assert_cmpuint (wr_visit_get_revision (reopened), ==, 2);

  /* A photo for a question, as the file chooser would hand it over. */
  {
    g_autofree char *photo = g_build_filename (g_get_tmp_dir (), "walkround-bay3.png", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (photo);
    g_autoptr(GListStore) files = g_list_store_new (G_TYPE_FILE);
    g_autoptr(GPtrArray) attached = NULL;

    g_autoptr(GdkPixbuf) pixels = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 4, 4);

    /* A comment in the PNG is camera details, removed and said so. */
    gdk_pixbuf_fill (pixels, 0x336699ff);
    g_assert_true (gdk_pixbuf_save (pixels, photo, "png", NULL, "tEXt::Comment", "Bay 3", NULL));
    g_list_store_append (files, file);
    wr_visit_page_attach_files (visit_page (), "t-choice", G_LIST_MODEL (files));
    wr_test_wait_until (has_attachment, uuid);
    g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (visit_page ()),
                                            "Camera details removed from walkround-bay3.png"));
    wr_test_save_png (GTK_WIDGET (window), "visit-page-photo-attached.png");

    /* The Attach dialog offers to keep a photo's details. */
    g_signal_emit_by_name (row_for ("t-choice"), "attach");
    wr_test_wait_until (wr_test_has_window_of_type, GSIZE_TO_POINTER (GTK_TYPE_FILE_CHOOSER_DIALOG));
    {
      GtkWidget *chooser = GTK_WIDGET (wr_test_find_window_of_type (GTK_TYPE_FILE_CHOOSER_DIALOG));
      GtkWidget *keep = wr_test_find_descendant (chooser, GTK_TYPE_CHECK_BUTTON);

      g_assert_nonnull (keep);
      g_assert_cmpstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (keep)), ==,
                       "Keep photos’ location and camera details");
      wr_test_save_png (chooser, "visit-page-attach-dialog.png");
      gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
      wr_test_wait_until (no_file_chooser, NULL);
    }
    attached = wr_store_list_attachments (store (), uuid, NULL);
    g_assert_cmpstr (((WrAttachment *) g_ptr_array_index (attached, 0))->question_id, ==, "t-choice");
    g_assert_cmpstr (((WrAttachment *) g_ptr_array_index (attached, 0))->media_type, ==, "image/png");
    g_unlink (photo);
  }

  /* Revisit: the same service, form and team, and this visit's open
   * action shown on the new one.
   */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (visit_page ()), "visit.revisit", NULL));
  wr_test_wait_until (wr_test_has_window_of_type, GSIZE_TO_POINTER (WR_TYPE_NEW_VISIT_DIALOG));
  dialog = WR_NEW_VISIT_DIALOG (wr_test_find_window_of_type (WR_TYPE_NEW_VISIT_DIALOG));
  /* The next day, so it comes after the first. */
  {
    GtkWidget *calendar = wr_test_find_descendant (GTK_WIDGET (dialog), GTK_TYPE_CALENDAR);
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);

    g_assert_nonnull (calendar);
    gtk_calendar_select_day (GTK_CALENDAR (calendar), tomorrow);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "new-visit.start", NULL));
  wr_test_wait_until (other_visit_open, uuid);
  session = wr_visit_page_get_session (visit_page ());
  g_assert_cmpstr (wr_visit_get_team (wr_visit_session_get_visit (session)), ==, "Alex Director, Sam Carer, Jo Nurse");
  g_assert_cmpstr (wr_visit_get_form_id (wr_visit_session_get_visit (session)), ==, "all-types");
  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (visit_page ()), "Repair the bathroom lock"));
  wr_test_save_png (GTK_WIDGET (window), "visit-page-revisit.png");

  /* Delete the revisit, confirmed; Undo brings it back. */
  {
    g_autofree char *second = g_strdup (wr_visit_get_uuid (wr_visit_session_get_visit (session)));
    g_autoptr(WrVisit) gone = NULL;
    g_autoptr(WrVisit) back = NULL;
    AdwToast *toast;

    gtk_widget_activate_action (GTK_WIDGET (visit_page ()), "visit.delete", NULL);
    wr_test_wait_until (wr_test_has_window_of_type, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG));
    respond ("delete");
    wr_test_wait_until (no_message_dialog, NULL);
    g_assert_null (wr_visit_page_get_session (visit_page ()));
    gone = wr_store_get_visit (store (), second, NULL);
    g_assert_null (gone);

    toast = _wr_window_get_last_toast (window);
    g_assert_nonnull (toast);
    g_signal_emit_by_name (toast, "button-clicked");
    back = wr_store_get_visit (store (), second, &error);
    g_assert_no_error (error);
  }
}

/* The part of the page under a section's title. */
static GtkWidget *
section_box (const char *title)
{
  GtkWidget *label = wr_test_find_by_text (GTK_WIDGET (visit_page ()), title);

  g_assert_nonnull (label);
  return gtk_widget_get_parent (label);
}

/* Clicks the first button in @root with @tooltip, or labelled @text. */
static void
click (GtkWidget  *root,
       const char *tooltip,
       const char *text)
{
  GtkWidget *button = tooltip ? wr_test_find_by_tooltip (root, tooltip)
                              : gtk_widget_get_ancestor (wr_test_find_by_text (root, text), GTK_TYPE_BUTTON);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  wr_test_iterate ();
}

/* What the page's buttons do with what they were made for: observe at a
 * member's prompt, and remove a note (and Undo). The repeats' buttons and
 * the list of missing answers have tests of their own.
 */
static void
test_buttons (void)
{
  g_autoptr(WrVisitSession) made = wr_test_new_session (store (), wr_application_get_library (WR_APPLICATION (app)),
                                                         "structure", 1);
  g_autofree char *uuid = g_strdup (wr_visit_get_uuid (wr_visit_session_get_visit (made)));
  g_autofree char *member = g_strdup (((WrMember *) g_ptr_array_index (wr_visit_session_get_members (made), 0))->uuid);
  g_autoptr(GListModel) observations = NULL;
  g_autoptr(WrObservation) observation = NULL;
  WrVisitSession *session;
  GtkWidget *dialog;
  GtkWidget *note;

  g_clear_object (&made);
  wr_window_open_visit (window, uuid);
  wr_test_wait_until (other_visit_open, (gpointer) "");
  session = wr_visit_page_get_session (visit_page ());
  g_assert_cmpstr (wr_visit_get_uuid (wr_visit_session_get_visit (session)), ==, uuid);

  /* A member's own prompt opens the dialog for them. */
  click (section_box ("Each member answers for themselves"), NULL, "Add Observation…");
  wr_test_wait_until (wr_test_has_window_of_type, GSIZE_TO_POINTER (WR_TYPE_OBSERVATION_DIALOG));
  dialog = wr_test_find_window_of_type (WR_TYPE_OBSERVATION_DIALOG);
  set_observation_text (dialog, "Felt welcome");
  g_assert_true (gtk_widget_activate_action (dialog, "observation.save", NULL));
  wr_test_iterate ();
  observations = wr_store_list_observations (store (), uuid, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (observations), ==, 1);
  observation = g_list_model_get_item (observations, 0);
  g_assert_cmpstr (wr_observation_get_question_id (observation), ==, "mine-obs");
  g_assert_cmpstr (wr_observation_get_member_uuid (observation), ==, member);
  g_clear_object (&observations);

  /* Its row in the notes removes it; Undo brings it back. */
  note = gtk_widget_get_ancestor (wr_test_find_by_text (GTK_WIDGET (visit_page ()), "Felt welcome"), ADW_TYPE_ACTION_ROW);
  g_assert_nonnull (note);
  click (note, "Remove", NULL);
  observations = wr_store_list_observations (store (), uuid, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (observations), ==, 0);
  g_clear_object (&observations);
  g_signal_emit_by_name (_wr_window_get_last_toast (window), "button-clicked");
  observations = wr_store_list_observations (store (), uuid, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (observations), ==, 1);

  wr_test_save_png (GTK_WIDGET (window), "visit-page-buttons.png");
}

/* A completed visit that another device changed without having seen its
 * completion says so in a banner, and Complete Again settles it: the
 * banner goes, and the visit's new completion covers the changes.
 */
static void
test_completed_elsewhere (void)
{
  g_autoptr(WrVisitSession) made = wr_test_new_session (store (), wr_application_get_library (WR_APPLICATION (app)),
                                                         "structure", 1);
  g_autofree char *uuid = g_strdup (wr_visit_get_uuid (wr_visit_session_get_visit (made)));
  g_autoptr(GError) error = NULL;
  g_autoptr(WrVisit) after = NULL;
  GtkWidget *banner;
  GtkWidget *again;
  sqlite3_stmt *stmt;

  g_assert_true (wr_store_complete_visit (store (), uuid, &error));
  g_assert_no_error (error);
  g_clear_object (&made);
  /* What a merge leaves when a pack brings two such changes (test-pack-merge
   * makes it for real).
   */
  g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store ()),
                                       "UPDATE visits SET completion_unseen = 2 WHERE uuid = ?", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  wr_window_open_visit (window, uuid);
  wr_test_wait_until (shows_text, (gpointer) "This visit was completed while 2 parts of it were being changed on "
                                             "another device. It includes the changes now: complete it again, or "
                                             "reopen it to look.");
  banner = wr_test_find_by_text (GTK_WIDGET (visit_page ()), "Complete Again");
  g_assert_nonnull (banner);
  again = gtk_widget_get_ancestor (banner, GTK_TYPE_BUTTON);
  g_assert_true (gtk_widget_get_mapped (again));
  g_assert_nonnull (wr_test_find_by_text (gtk_widget_get_parent (again), "Reopen…"));
  wr_test_save_png (GTK_WIDGET (window), "visit-page-completed-elsewhere.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (visit_page ()), "visit.complete-again", NULL));
  wr_test_iterate ();
  g_assert_false (gtk_widget_get_mapped (again));
  after = wr_store_get_visit (store (), uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wr_visit_get_n_unseen_changes (after), ==, 0);
  g_assert_cmpint (wr_visit_get_status (after), ==, WR_VISIT_COMPLETED);
}

/* The first word of a menu item's label, as a tooltip would say it:
 * "_Feedback for the Service…" is "feedback".
 */
static char *
first_word (const char *label)
{
  g_autoptr(GString) word = g_string_new (NULL);

  for (const char *p = label; *p != '\0' && *p != ' ' && *p != '?'; p = g_utf8_next_char (p))
    if (*p != '_')
      g_string_append_unichar (word, g_unichar_tolower (g_utf8_get_char (p)));
  if (g_str_has_suffix (word->str, "…"))
    g_string_truncate (word, word->len - strlen ("…"));
  return g_string_free (g_steal_pointer (&word), FALSE);
}

/* The visit's menu button says what its menu holds: every item of the
 * menu is named in its tooltip, which is its accessible description too.
 */
static void
test_menu_button (void)
{
  const char *tooltip = "Visit menu: print, feedback, share with the team, collect, who you are, revisit, delete";
  GtkWidget *button = wr_test_find_by_tooltip (GTK_WIDGET (visit_page ()), tooltip);
  GMenuModel *menu;
  guint n_items = 0;

  g_assert_nonnull (button);
  g_assert_true (GTK_IS_MENU_BUTTON (button));
  gtk_test_accessible_assert_property (button, GTK_ACCESSIBLE_PROPERTY_LABEL, "More for This Visit");
  gtk_test_accessible_assert_property (button, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip);

  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  g_assert_nonnull (menu);
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      g_assert_nonnull (section);
      for (int j = 0; j < g_menu_model_get_n_items (section); j++)
        {
          g_autofree char *label = NULL;
          g_autofree char *word = NULL;

          g_assert_true (g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_LABEL, "s", &label));
          word = first_word (label);
          if (strstr (tooltip, word) == NULL)
            g_error ("the menu's “%s” is not in the button's tooltip “%s”", label, tooltip);
          n_items++;
        }
    }
  g_assert_cmpuint (n_items, ==, 7);
}

static gboolean
shows_text (gpointer text)
{
  return wr_test_find_by_text (GTK_WIDGET (visit_page ()), text) != NULL;
}

/* The row in the page's notes that shows @text. */
static GtkWidget *
note_row (const char *text)
{
  GtkWidget *label = wr_test_find_by_text (GTK_WIDGET (visit_page ()), text);

  g_assert_nonnull (label);
  return gtk_widget_get_ancestor (label, ADW_TYPE_ACTION_ROW);
}

/* Moves the keyboard focus to @row's Edit button and presses Space on
 * it, as a person who has tabbed there does.
 */
static GtkWidget *
edit_with_keyboard (GtkWidget *row,
                    GType      dialog_type)
{
  GtkWidget *edit = wr_test_find_by_tooltip (row, "Edit");

  g_assert_nonnull (edit);
  g_assert_true (gtk_widget_get_focusable (edit) || gtk_widget_get_can_focus (edit));
  g_assert_true (gtk_widget_is_sensitive (edit));
  g_assert_true (gtk_widget_grab_focus (edit));
  wr_test_press_key (GTK_WIDGET (window), GDK_KEY_space, 0);
  wr_test_wait_until (wr_test_has_window_of_type, GSIZE_TO_POINTER (dialog_type));
  return wr_test_find_window_of_type (dialog_type);
}

/* An observation and an action are edited from their rows with the
 * keyboard, in their dialogs filled with what they say; on a completed
 * visit they cannot be.
 */
static void
test_edit (void)
{
  WrFormLibrary *library = wr_application_get_library (WR_APPLICATION (app));
  g_autoptr(WrVisitSession) made = wr_test_new_session (store (), library, "structure", 1);
  g_autofree char *uuid = g_strdup (wr_visit_get_uuid (wr_visit_session_get_visit (made)));
  const char *regulations[] = { "9A", NULL };
  WrObservationFields observation_fields = {
    .question_id = "room-type",
    .text = "Call bells answered slowly",
    .kind = "concern",
    .voice = "patient",
    .regulations = regulations,
  };
  WrActionFields action_fields = { .text = "Audit call bells", .owner = "Ward manager", .due = "2026-12-31" };
  g_autofree char *observation_uuid = NULL;
  g_autofree char *action_uuid = NULL;
  g_autoptr(GListModel) observations = NULL;
  g_autoptr(GListModel) actions = NULL;
  g_autoptr(WrObservation) observation = NULL;
  g_autoptr(WrAction) action = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *due = wr_date_format ("2026-12-31");
  g_autofree char *subtitle = g_strdup_printf ("Matron · %s", due);
  GtkWidget *dialog;

  if (!wr_test_can_type ())
    {
      g_test_skip ("No XTest to type with");
      return;
    }

  observation_uuid = wr_store_add_observation (store (), uuid, &observation_fields, &error);
  g_assert_no_error (error);
  action_uuid = wr_store_add_action (store (), uuid, &action_fields, &error);
  g_assert_no_error (error);
  g_clear_object (&made);
  wr_window_open_visit (window, uuid);
  wr_test_wait_until (other_visit_open, (gpointer) "");
  wr_test_wait_until (shows_text, (gpointer) "Call bells answered slowly");
  /* Each Edit and Remove button is named for what it acts on, when read out. */
  gtk_test_accessible_assert_property (wr_test_find_by_tooltip (note_row ("Call bells answered slowly"), "Edit"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Edit observation: Call bells answered slowly");
  gtk_test_accessible_assert_property (wr_test_find_by_tooltip (note_row ("Audit call bells"), "Edit"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Edit action: Audit call bells");
  gtk_test_accessible_assert_property (wr_test_find_by_tooltip (note_row ("Call bells answered slowly"), "Remove"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Remove observation: Call bells answered slowly");
  gtk_test_accessible_assert_property (wr_test_find_by_tooltip (note_row ("Audit call bells"), "Remove"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Remove action: Audit call bells");

  /* The notes are at the end of the page. */
  {
    GtkWidget *scrolled = page_scroller ();
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    wr_test_wait_for_paint (GTK_WIDGET (window));
    wr_test_save_png (GTK_WIDGET (window), "visit-page-edit-buttons.png");
  }

  /* The observation's dialog holds its words, kind and voice; new words
   * replace them and Ctrl+Enter saves.
   */
  dialog = edit_with_keyboard (note_row ("Call bells answered slowly"), WR_TYPE_OBSERVATION_DIALOG);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Edit Observation");
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (wr_test_find_descendant (dialog,
                                                                                              GTK_TYPE_TEXT_VIEW)));
    g_autofree char *text = NULL;
    GtkTextIter start;
    GtkTextIter end;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_cmpstr (text, ==, "Call bells answered slowly");
  }
  g_assert_nonnull (wr_test_find_by_text (dialog, "Linked to Regulations 9A."));
  wr_test_save_png (dialog, "observation-dialog-edit.png");
  wr_test_press_key (dialog, GDK_KEY_a, GDK_CONTROL_MASK);
  wr_test_type (dialog, "Call bells answered within a minute");
  wr_test_press_key (dialog, GDK_KEY_Return, GDK_CONTROL_MASK);
  wr_test_wait_until (shows_text, (gpointer) "Call bells answered within a minute");

  observations = wr_store_list_observations (store (), uuid, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (observations), ==, 1);
  observation = g_list_model_get_item (observations, 0);
  g_assert_cmpstr (wr_observation_get_uuid (observation), ==, observation_uuid);
  g_assert_cmpstr (wr_observation_get_text (observation), ==, "Call bells answered within a minute");
  g_assert_cmpstr (wr_observation_get_kind (observation), ==, "concern");
  g_assert_cmpstr (wr_observation_get_voice (observation), ==, "patient");
  /* Where it was written and what it is linked to stay. */
  g_assert_cmpstr (wr_observation_get_question_id (observation), ==, "room-type");
  g_assert_nonnull (wr_observation_get_regulations (observation));
  g_assert_cmpstr (wr_observation_get_regulations (observation)[0], ==, "9A");
  g_assert_false (shows_text ((gpointer) "Call bells answered slowly"));

  /* The action's dialog holds what, who and by when; Enter saves. */
  dialog = edit_with_keyboard (note_row ("Audit call bells"), WR_TYPE_ACTION_DIALOG);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Edit Action");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (wr_test_find_descendant (dialog, ADW_TYPE_ENTRY_ROW))), ==,
                   "Audit call bells");
  wr_test_press_key (dialog, GDK_KEY_Tab, 0);
  wr_test_press_key (dialog, GDK_KEY_a, GDK_CONTROL_MASK);
  wr_test_type (dialog, "Matron");
  wr_test_press_key (dialog, GDK_KEY_Return, 0);
  wr_test_wait_until (shows_text, subtitle);

  actions = wr_store_list_actions (store (), uuid, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (actions), ==, 1);
  action = g_list_model_get_item (actions, 0);
  g_assert_cmpstr (wr_action_get_uuid (action), ==, action_uuid);
  g_assert_cmpstr (wr_action_get_text (action), ==, "Audit call bells");
  g_assert_cmpstr (wr_action_get_owner (action), ==, "Matron");
  g_assert_cmpstr (wr_action_get_due (action), ==, "2026-12-31");

  /* Completed, the visit's observations change only after Reopen: no
   * Edit opens a dialog. Its actions are follow-up, still edited.
   */
  g_assert_true (wr_store_complete_visit (store (), uuid, &error));
  g_assert_no_error (error);
  wr_window_open_visit (window, uuid);
  wr_test_iterate ();
  g_assert_true (wr_visit_session_get_read_only (wr_visit_page_get_session (visit_page ())));
  g_assert_false (gtk_widget_is_sensitive (wr_test_find_by_tooltip (note_row ("Call bells answered within a minute"),
                                                                    "Edit")));
  g_assert_true (gtk_widget_is_sensitive (wr_test_find_by_tooltip (note_row ("Audit call bells"), "Edit")));
  gtk_widget_activate_action (GTK_WIDGET (visit_page ()), "visit.edit-observation", "s", observation_uuid);
  wr_test_iterate ();
  g_assert_false (wr_test_has_window_of_type (GSIZE_TO_POINTER (WR_TYPE_OBSERVATION_DIALOG)));
  wr_test_save_png (GTK_WIDGET (window), "visit-page-edit-completed.png");
  gtk_widget_activate_action (GTK_WIDGET (visit_page ()), "visit.edit-action", "s", action_uuid);
  wr_test_wait_until (wr_test_has_window_of_type, GSIZE_TO_POINTER (WR_TYPE_ACTION_DIALOG));
  gtk_window_close (GTK_WINDOW (wr_test_find_window_of_type (WR_TYPE_ACTION_DIALOG)));
  wr_test_iterate ();
}

/* Escape and Alt+Left leave a visit, from the keyboard alone, and the
 * keyboard goes on in the page of visits.
 */
static void
test_leave_with_keys (void)
{
  g_autoptr(WrVisitSession) made = NULL;
  g_autofree char *uuid = NULL;
  /* The real keys, pressed in the X server through XTest. Alt+Left once
   * went to the leaflet (which showed the sidebar behind the visit) before
   * the window's binding saw it.
   */
  const struct {
    guint           keyval;
    GdkModifierType modifiers;
  } keys[] = {
    { GDK_KEY_Escape, 0 },
    { GDK_KEY_Left, GDK_ALT_MASK },
    { GDK_KEY_Escape, 0 },
  };

  if (!wr_test_can_type ())
    {
      g_test_skip ("No XTest to press keys with");
      return;
    }

  made = wr_test_new_session (store (), wr_application_get_library (WR_APPLICATION (app)), "structure", 1);
  uuid = g_strdup (wr_visit_get_uuid (wr_visit_session_get_visit (made)));
  g_clear_object (&made);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkWidget *focus;

      wr_window_open_visit (window, uuid);
      wr_test_wait_until (other_visit_open, (gpointer) "");
      g_assert_true (gtk_widget_grab_focus (wr_test_find_descendant (GTK_WIDGET (visit_page ()), GTK_TYPE_CHECK_BUTTON)));
      focus = gtk_root_get_focus (GTK_ROOT (window));
      g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (visit_page ())));

      wr_test_press_key (GTK_WIDGET (window), keys[i].keyval, keys[i].modifiers);
      g_assert_null (wr_visit_page_get_session (visit_page ()));
      g_assert_cmpstr (_wr_window_get_visible_page (window), ==, "visits");
      /* The pages' pane is the leaflet's, not the sidebar. */
      g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (visit_page ()),
                                             adw_leaflet_get_visible_child (_wr_window_get_leaflet (window))));
      focus = gtk_root_get_focus (GTK_ROOT (window));
      g_assert_nonnull (focus);
      g_assert_true (gtk_widget_get_mapped (focus));
      g_assert_false (gtk_widget_is_ancestor (focus, GTK_WIDGET (visit_page ())));
    }
}


static gboolean
no_dialog_of_type (gpointer type)
{
  return !wr_test_has_window_of_type (type);
}

/* Start Visit waits for a service, and says why beside it. */
static void
test_start_needs_service (void)
{
  g_autoptr(GError) error = NULL;
  WrServiceFields service_fields = { .name = "Ward 3" };
  g_autoptr(WrService) service = NULL;
  GtkWidget *dialog;
  GtkWidget *start;
  GtkWidget *new_button;

  if (!wr_test_can_type ())
    {
      g_test_skip ("No XTest to type with");
      return;
    }

  /* Space on the Visits page's New Visit opens the dialog. */
  new_button = gtk_widget_get_ancestor (wr_test_find_by_text (GTK_WIDGET (window), "New Visit"), GTK_TYPE_BUTTON);
  g_assert_nonnull (new_button);
  g_assert_true (gtk_widget_grab_focus (new_button));
  wr_test_press_key (GTK_WIDGET (window), GDK_KEY_space, 0);
  wr_test_wait_until (wr_test_has_window_of_type, GSIZE_TO_POINTER (WR_TYPE_NEW_VISIT_DIALOG));
  dialog = wr_test_find_window_of_type (WR_TYPE_NEW_VISIT_DIALOG);
  start = gtk_widget_get_ancestor (wr_test_find_by_text (dialog, "Start Visit"), GTK_TYPE_BUTTON);
  g_assert_nonnull (start);

  /* No service yet: disabled, with the reason in the dialog's title. */
  wr_test_iterate ();
  g_assert_false (gtk_widget_is_sensitive (start));
  g_assert_nonnull (wr_test_find_by_text (dialog, "Add the service you are visiting to start"));
  gtk_test_accessible_assert_property (start, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Add the service you are visiting to start");
  wr_test_save_png (dialog, "new-visit-no-service.png");

  /* A service added (as Add Service… does) is chosen, and Start is ready. */
  service = wr_store_add_service (store (), &service_fields, &error);
  g_assert_no_error (error);
  wr_test_iterate ();
  g_assert_true (gtk_widget_is_sensitive (start));
  g_assert_null (wr_test_find_by_text (dialog, "Add the service you are visiting to start"));

  /* Escape closes it, and the keyboard is back on New Visit with its
   * ring, even if the dialog had been opened with a click.
   */
  gtk_window_set_focus_visible (GTK_WINDOW (window), FALSE);
  wr_test_press_key (dialog, GDK_KEY_Escape, 0);
  wr_test_wait_until (no_dialog_of_type, GSIZE_TO_POINTER (WR_TYPE_NEW_VISIT_DIALOG));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == new_button);
  g_assert_true (gtk_window_get_focus_visible (GTK_WINDOW (window)));
}

static gboolean
visit_is (gpointer uuid)
{
  WrVisitSession *session = visit_page () ? wr_visit_page_get_session (visit_page ()) : NULL;

  return session != NULL && g_strcmp0 (wr_visit_get_uuid (wr_visit_session_get_visit (session)), uuid) == 0;
}

static gboolean
focus_in_row (gpointer question_id)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (row_for (question_id)));
}

/* Whether @widget is within the part of the page scrolled into sight. */
static gboolean
in_sight (GtkWidget *widget)
{
  GtkWidget *scrolled = page_scroller ();
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, scrolled, &bounds));
  return bounds.origin.y >= 0 && bounds.origin.y < gtk_widget_get_height (scrolled);
}

static gboolean
row_in_sight (gpointer question_id)
{
  return in_sight (GTK_WIDGET (row_for (question_id)));
}

/* A label under @root whose text holds @part. */
static GtkWidget *
find_label_with (GtkWidget  *root,
                 const char *part)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && gtk_widget_get_visible (child) &&
          strstr (gtk_label_get_text (GTK_LABEL (child)), part) != NULL)
        return child;
      if ((found = find_label_with (child, part)))
        return found;
    }
  return NULL;
}

/* Tabs forward until @target has the keyboard, checking that it gets
 * there within @most presses.
 */
static void
tab_to (GtkWidget *target,
        guint      most)
{
  for (guint i = 0; i < most && gtk_root_get_focus (GTK_ROOT (window)) != target; i++)
    wr_test_press_key (GTK_WIDGET (window), GDK_KEY_Tab, 0);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == target);
}

static const char *
label_of (const char *question_id)
{
  return wr_form_item_get_label (WR_FORM_ITEM (wr_question_row_get_question (row_for (question_id))));
}

/* A quality visit opens at its first unanswered question; what is saved
 * shows under its question with a count on its button, and the header
 * says when; scores and the list of missing answers follow the answers.
 * All from the keyboard.
 */
static void
test_saved_in_place (void)
{
  WrFormLibrary *library = wr_application_get_library (WR_APPLICATION (app));
  g_autoptr(WrVisitSession) made = wr_test_new_session (store (), library, "quality-visit", 0);
  WrForm *form = wr_visit_session_get_form (made);
  g_autofree char *uuid = g_strdup (wr_visit_get_uuid (wr_visit_session_get_visit (made)));
  const char *about[] = { "setting", "visit-announced", "patients-spoken-to", "staff-spoken-to" };
  g_autoptr(GError) error = NULL;
  g_autofree char *spoken = NULL;
  GtkWidget *row;
  GtkWidget *button;
  GtkWidget *dialog;
  GtkWidget *gaps_heading;
  guint n_gaps;

  if (!wr_test_can_type ())
    {
      g_test_skip ("No XTest to type with");
      return;
    }

  /* The first section answered before: the visit opens further down. */
  for (guint i = 0; i < G_N_ELEMENTS (about); i++)
    {
      WrQuestion *question = WR_QUESTION (wr_form_lookup_item (form, about[i]));
      const char *value = wr_question_get_n_choices (question) > 0 ? wr_question_get_choice_value (question, 0) : "3";

      g_assert_true (wr_visit_session_set_answer (made, question, NULL, 0, value, &error));
      g_assert_no_error (error);
    }
  g_clear_object (&made);

  wr_window_open_visit (window, uuid);
  wr_test_wait_until (visit_is, uuid);
  wr_test_wait_until (focus_in_row, (gpointer) "env-entrance");
  /* It is scrolled to as the page is laid out, in the next few frames. */
  wr_test_wait_until (row_in_sight, (gpointer) "env-entrance");
  wr_test_wait_for_paint (GTK_WIDGET (window));
  g_assert_true (in_sight (GTK_WIDGET (row_for ("env-entrance"))));
  g_assert_true (focus_in_row ((gpointer) "env-entrance"));
  g_assert_false (in_sight (wr_test_find_by_text (GTK_WIDGET (visit_page ()), "About this visit")));
  /* Opened, the header says when it was last saved. */
  g_assert_nonnull (find_label_with (GTK_WIDGET (visit_page ()), "Saved at "));
  wr_test_save_png (GTK_WIDGET (window), "visit-page-opened.png");

  /* Space answers Yes: saved, said in the header, and scored. */
  wr_test_press_key (GTK_WIDGET (window), GDK_KEY_space, 0);
  g_assert_cmpstr (stored ("env-entrance"), ==, "yes");
  g_assert_true (focus_in_row ((gpointer) "env-entrance"));
  g_assert_nonnull (find_label_with (GTK_WIDGET (visit_page ()), "Saved at "));
  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (visit_page ()), "Visit score 100%: 1 of 1 answers met"));
  g_assert_nonnull (wr_test_find_by_text (section_box ("First impressions and environment"),
                                          "Score 100%: 1 of 1 answers met"));

  /* Tab to the question's observation button, Space opens its dialog,
   * Ctrl+Enter saves: the observation shows under the question, the
   * button counts it, and the keyboard is back on the button.
   */
  row = GTK_WIDGET (row_for ("env-entrance"));
  button = wr_test_find_by_tooltip (row, "Add an observation about this");
  g_assert_nonnull (button);
  tab_to (button, 8);
  wr_test_press_key (GTK_WIDGET (window), GDK_KEY_space, 0);
  wr_test_wait_until (wr_test_has_window_of_type, GSIZE_TO_POINTER (WR_TYPE_OBSERVATION_DIALOG));
  dialog = wr_test_find_window_of_type (WR_TYPE_OBSERVATION_DIALOG);
  wr_test_type (dialog, "Bay 3 floor was wet");
  wr_test_press_key (dialog, GDK_KEY_Return, GDK_CONTROL_MASK);
  wr_test_wait_until (no_dialog_of_type, GSIZE_TO_POINTER (WR_TYPE_OBSERVATION_DIALOG));
  wr_test_iterate ();
  g_assert_nonnull (find_label_with (row, "Bay 3 floor was wet"));
  spoken = g_strdup_printf ("Add observation about: %s (1 saved)", label_of ("env-entrance"));
  gtk_test_accessible_assert_property (button, GTK_ACCESSIBLE_PROPERTY_LABEL, spoken);
  g_assert_nonnull (wr_test_find_by_text (button, "1"));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == button);
  g_assert_true (gtk_window_get_focus_visible (GTK_WINDOW (window)));
  /* Another question shows none of it. */
  g_assert_null (find_label_with (GTK_WIDGET (row_for ("env-clean")), "Bay 3 floor was wet"));

  /* An action the same way, by its own button. */
  button = wr_test_find_by_tooltip (row, "Add an action about this");
  tab_to (button, 2);
  wr_test_press_key (GTK_WIDGET (window), GDK_KEY_space, 0);
  wr_test_wait_until (wr_test_has_window_of_type, GSIZE_TO_POINTER (WR_TYPE_ACTION_DIALOG));
  dialog = wr_test_find_window_of_type (WR_TYPE_ACTION_DIALOG);
  wr_test_type (dialog, "Dry the floor");
  wr_test_press_key (dialog, GDK_KEY_Return, 0);
  wr_test_wait_until (no_dialog_of_type, GSIZE_TO_POINTER (WR_TYPE_ACTION_DIALOG));
  wr_test_iterate ();
  g_assert_nonnull (find_label_with (row, "Dry the floor"));
  g_clear_pointer (&spoken, g_free);
  spoken = g_strdup_printf ("Add action about: %s (1 saved)", label_of ("env-entrance"));
  gtk_test_accessible_assert_property (button, GTK_ACCESSIBLE_PROPERTY_LABEL, spoken);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == button);
  wr_test_save_png (GTK_WIDGET (window), "visit-page-saved-in-place.png");

  /* Scores follow each answer: No on a question of weight 2, N/A left out. */
  click_choice ("env-clean", 1);
  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (visit_page ()), "Visit score 33%: 1 of 2 answers met"));
  click_choice ("env-exits", 2);
  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (visit_page ()),
                                          "Visit score 33%: 1 of 2 answers met, 1 not applicable"));

  /* Complete, from the keyboard: the list of what is missing takes it. */
  button = gtk_widget_get_ancestor (wr_test_find_by_text (GTK_WIDGET (visit_page ()), "Complete Visit"),
                                    GTK_TYPE_BUTTON);
  g_assert_true (gtk_widget_grab_focus (button));
  wr_test_press_key (GTK_WIDGET (window), GDK_KEY_space, 0);
  gaps_heading = find_label_with (GTK_WIDGET (visit_page ()), "missing before the visit can be completed");
  g_assert_nonnull (gaps_heading);
  n_gaps = (guint) g_ascii_strtoull (gtk_label_get_text (GTK_LABEL (gaps_heading)), NULL, 10);
  g_assert_cmpuint (n_gaps, >=, 1);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (gtk_root_get_focus (GTK_ROOT (window)))), ==, "Go to Question");

  /* Space goes to the first; Space answers it (Yes); the list follows:
   * the answer leaves it, and a question the answer makes required (say
   * what needed action today) joins it.
   */
  {
    g_autoptr(GArray) gaps = wr_visit_session_list_gaps (wr_visit_page_get_session (visit_page ()));
    g_autoptr(GArray) after = NULL;
    g_autofree char *first = g_strdup (wr_form_item_get_id (g_array_index (gaps, WrVisitGap, 0).item));
    g_autofree char *expected = NULL;
    GtkWidget *gaps_list = gtk_widget_get_ancestor (gtk_root_get_focus (GTK_ROOT (window)), GTK_TYPE_LIST_BOX);

    g_assert_nonnull (wr_test_find_by_text (gaps_list, label_of (first)));
    wr_test_press_key (GTK_WIDGET (window), GDK_KEY_space, 0);
    g_assert_true (focus_in_row (first));
    wr_test_press_key (GTK_WIDGET (window), GDK_KEY_space, 0);
    g_assert_nonnull (stored (first));

    after = wr_visit_session_list_gaps (wr_visit_page_get_session (visit_page ()));
    expected = after->len == 0 ? g_strdup ("Every required answer is given: the visit can be completed")
               : after->len == 1 ? g_strdup ("1 required answer is missing before the visit can be completed")
               : g_strdup_printf ("%u required answers are missing before the visit can be completed", after->len);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gaps_heading)), ==, expected);
    g_assert_null (wr_test_find_by_text (gaps_list, label_of (first)));
    for (guint i = 0; i < after->len; i++)
      g_assert_nonnull (wr_test_find_by_text (gaps_list,
                                              wr_form_item_get_label (g_array_index (after, WrVisitGap, i).item)));
    /* The quality visit's urgent question asks what it was once answered Yes. */
    if (g_str_equal (first, "sum-urgent"))
      g_assert_nonnull (wr_test_find_by_text (gaps_list, label_of ("sum-urgent-detail")));
    g_assert_true (focus_in_row (first));
    wr_test_save_png (GTK_WIDGET (window), "visit-page-gaps-live.png");
  }
}


/* The widest of @root's descendants that sets the minimum, to say what
 * keeps a window wide.
 */
static void
report_widest (GtkWidget *root,
               int        depth)
{
  int min;

  gtk_widget_measure (root, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  if (min > 320 && depth < 60)
    g_test_message ("%*s%s %d", depth, "", G_OBJECT_TYPE_NAME (root), min);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    report_widest (child, depth + 1);
}

static gboolean
window_is_narrow (gpointer data)
{
  return gtk_widget_get_width (GTK_WIDGET (window)) <= 360;
}

/* A visit of a built-in form at 360 pixels: the window shrinks back
 * after opening it, and Delete is not beside Complete.
 */
static void
test_narrow (gconstpointer data)
{
  const char *form_id = data;
  WrFormLibrary *library = wr_application_get_library (WR_APPLICATION (app));
  g_autoptr(WrVisitSession) made = wr_test_new_session (store (), library, form_id, 1);
  g_autofree char *uuid = g_strdup (wr_visit_get_uuid (wr_visit_session_get_visit (made)));
  g_autofree char *png = g_strdup_printf ("visit-page-narrow-%s.png", form_id);
  int width;
  int height;

  g_clear_object (&made);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  wr_window_open_visit (window, uuid);
  wr_test_wait_until (visit_is, uuid);
  wr_test_wait_for_paint (GTK_WIDGET (window));

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  wr_test_wait_for_paint (GTK_WIDGET (window));
  wr_test_iterate ();
  report_widest (GTK_WIDGET (visit_page ()), 0);
  wr_test_wait_until (window_is_narrow, NULL);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, 360);
  wr_test_save_png (GTK_WIDGET (window), png);

  /* Delete is in the menu beside Complete, not a red button beside it. */
  {
    GtkWidget *complete = gtk_widget_get_ancestor (wr_test_find_by_text (GTK_WIDGET (visit_page ()), "Complete Visit"),
                                                   GTK_TYPE_BUTTON);
    GtkWidget *header = gtk_widget_get_parent (complete);

    for (GtkWidget *child = gtk_widget_get_first_child (header); child; child = gtk_widget_get_next_sibling (child))
      g_assert_false (gtk_widget_has_css_class (child, "destructive-action"));
    g_assert_true (GTK_IS_MENU_BUTTON (gtk_widget_get_next_sibling (gtk_widget_get_next_sibling (complete))));
  }

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  wr_test_wait_for_paint (GTK_WIDGET (window));
}


/* As asked, give or take the frame's shadow. */
static gboolean
window_width_is (gpointer width)
{
  return ABS (gtk_widget_get_width (GTK_WIDGET (window)) - GPOINTER_TO_INT (width)) <= 10;
}

/* A quality visit with answers, scores and notes under a question, at
 * 1000 and 360 pixels, light and dark, with and without Larger Text: the
 * window never grows wider than asked.
 */
static void
test_screenshots (void)
{
  WrFormLibrary *library = wr_application_get_library (WR_APPLICATION (app));
  g_autoptr(WrVisitSession) made = wr_test_new_session (store (), library, "quality-visit", 2);
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  WrForm *form = wr_visit_session_get_form (made);
  g_autofree char *uuid = g_strdup (wr_visit_get_uuid (wr_visit_session_get_visit (made)));
  const char *answers[][2] = {
    { "setting", NULL }, { "visit-announced", NULL }, { "patients-spoken-to", "4" }, { "staff-spoken-to", "3" },
    { "env-entrance", "yes" }, { "env-clean", "no" },
  };
  WrObservationFields observation = { .question_id = "env-clean", .text = "Bay 3 smelled of urine at 10:00",
                                      .kind = "concern", .voice = "visitor" };
  WrActionFields action = { .question_id = "env-clean", .text = "Deep clean bay 3 and check the rota",
                            .owner = "Ward manager", .due = "2026-12-31" };
  const int widths[] = { 1000, 360 };
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autoptr(GError) error = NULL;
  int width;
  int height;

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      WrQuestion *question = WR_QUESTION (wr_form_lookup_item (form, answers[i][0]));
      const char *value = answers[i][1] ? answers[i][1] : wr_question_get_choice_value (question, 0);

      g_assert_true (wr_visit_session_set_answer (made, question, NULL, 0, value, &error));
      g_assert_no_error (error);
    }
  g_free (wr_store_add_observation (store (), uuid, &observation, &error));
  g_free (wr_store_add_action (store (), uuid, &action, &error));
  g_assert_no_error (error);
  g_clear_object (&made);

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  wr_window_open_visit (window, uuid);
  wr_test_wait_until (visit_is, uuid);

  for (guint dark = 0; dark < 2; dark++)
    for (guint large = 0; large < 2; large++)
      for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
        {
          g_autofree char *png = g_strdup_printf ("visit-page-%d-%s%s.png", widths[w], dark ? "dark" : "light",
                                                  large ? "-large-text" : "");

          adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                          : ADW_COLOR_SCHEME_FORCE_LIGHT);
          g_settings_set_boolean (settings, "large-text", large);
          gtk_window_set_default_size (GTK_WINDOW (window), widths[w], 700);
          wr_test_wait_for_paint (GTK_WIDGET (window));
          wr_test_wait_for_paint (GTK_WIDGET (window));
          wr_test_wait_until (window_width_is, GINT_TO_POINTER (widths[w]));
          if (gtk_widget_get_width (GTK_WIDGET (window)) > widths[w])
            report_widest (GTK_WIDGET (window), 0);
          /* The same question in sight in each. */
          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (visit_page ()), "visit.go-to-question", "(ssu)",
                                                     "env-entrance", "", 0));
          wr_test_wait_for_paint (GTK_WIDGET (window));
          wr_test_wait_for_paint (GTK_WIDGET (window));
          g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, widths[w]);
          /* The sidebar keeps to its width when the window widens again
           * after 360 pixels (it stayed some 430 pixels wide).
           */
          if (widths[w] == 1000)
            {
              GtkWidget *sidebar = gtk_widget_get_ancestor (GTK_WIDGET (_wr_window_get_sidebar (window)),
                                                            GTK_TYPE_SCROLLED_WINDOW);

              g_test_message ("%s: sidebar %d pixels", png, gtk_widget_get_width (sidebar));
              g_assert_cmpint (gtk_widget_get_width (sidebar), <=, 280);
            }
          wr_test_save_png (GTK_WIDGET (window), png);
        }

  g_settings_set_boolean (settings, "large-text", FALSE);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  wr_test_wait_for_paint (GTK_WIDGET (window));
}

/* The share of the visit page that its questions get, now. */
static double
questions_share (void)
{
  GtkWidget *scroller = page_scroller ();

  return (double) gtk_widget_get_height (scroller) / gtk_widget_get_height (GTK_WIDGET (visit_page ()));
}

/* At 360 by 640 with Larger Text, the header (service, date, team,
 * buttons, review) goes up with the questions as the person scrolls down,
 * instead of keeping some 40% of the page for itself.
 */
static void
test_header_scrolls_away (void)
{
  WrFormLibrary *library = wr_application_get_library (WR_APPLICATION (app));
  g_autoptr(WrVisitSession) made = wr_test_new_session (store (), library, "fifteen-steps", 3);
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *uuid = g_strdup (wr_visit_get_uuid (wr_visit_session_get_visit (made)));
  GtkWidget *service;
  graphene_point_t top;
  int width;
  int height;

  g_clear_object (&made);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_settings_set_boolean (settings, "large-text", TRUE);
  wr_window_open_visit (window, uuid);
  wr_test_wait_until (visit_is, uuid);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  wr_test_wait_for_paint (GTK_WIDGET (window));
  wr_test_wait_for_paint (GTK_WIDGET (window));
  report_widest (GTK_WIDGET (window), 0);
  wr_test_wait_until (window_is_narrow, NULL);
  /* The visit opened at its first question; its top, as scrolled back to. */
  for (guint i = 0; i < 10; i++)
    wr_test_wait_for_paint (GTK_WIDGET (window));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (page_scroller ())), 0.0);
  wr_test_wait_for_paint (GTK_WIDGET (window));
  wr_test_wait_for_paint (GTK_WIDGET (window));
  wr_test_save_png (GTK_WIDGET (window), "visit-page-360x640-large-text-top.png");

  /* A draft's History shares a row with the visit's buttons, not one alone. */
  {
    GtkWidget *history = gtk_widget_get_ancestor (wr_test_find_by_text (GTK_WIDGET (visit_page ()), "History…"),
                                                  GTK_TYPE_BUTTON);
    guint beside = 0;

    g_assert_true (gtk_widget_get_mapped (history));
    for (GtkWidget *other = gtk_widget_get_first_child (gtk_widget_get_parent (history)); other;
         other = gtk_widget_get_next_sibling (other))
      {
        graphene_point_t at;

        if (other != history && gtk_widget_get_mapped (other) &&
            gtk_widget_compute_point (history, other, &GRAPHENE_POINT_INIT (0, 0), &at) && ABS (at.y) < 1)
          beside++;
      }
    g_assert_cmpuint (beside, >, 0);
  }

  /* Further down the form, the questions have the whole page. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (visit_page ()), "visit.go-to-question", "(ssu)",
                                             "fb-ward", "", 0));
  wr_test_wait_for_paint (GTK_WIDGET (window));
  wr_test_wait_for_paint (GTK_WIDGET (window));
  wr_test_save_png (GTK_WIDGET (window), "visit-page-360x640-large-text-scrolled.png");
  g_test_message ("questions get %.0f%% of the page", 100 * questions_share ());
  g_assert_cmpfloat (questions_share (), >, 0.95);
  service = wr_test_find_by_text (GTK_WIDGET (visit_page ()), wr_visit_get_service_name (
                                    wr_visit_session_get_visit (wr_visit_page_get_session (visit_page ()))));
  g_assert_nonnull (service);
  /* The service's name went up out of sight. */
  g_assert_true (gtk_widget_compute_point (service, page_scroller (), &GRAPHENE_POINT_INIT (0, 0), &top));
  g_assert_cmpfloat (top.y, <, 0);

  g_settings_set_boolean (settings, "large-text", FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  wr_test_wait_for_paint (GTK_WIDGET (window));
}

/* Built on its own on a visit of the structure form, drawn, and
 * finalized once closed.
 */
static void
test_lifecycle (void)
{
  g_autoptr(WrVisitSession) session = wr_test_new_session (store (), wr_application_get_library (WR_APPLICATION (app)),
                                                            "structure", 2);
  GtkWidget *page = g_object_new (WR_TYPE_VISIT_PAGE, NULL);

  wr_visit_page_set_session (WR_VISIT_PAGE (page), session);
  g_assert_cmpuint (wr_visit_page_get_rows (WR_VISIT_PAGE (page))->len, >, 0);
  wr_test_show_and_finalize (page);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  int status;

  wr_test_init_display (&argc, &argv);

  /* The form with every type goes into the user's forms before start-up. */
  data_dir = g_dir_make_tmp ("walkround-visit-XXXXXX", &error);
  g_assert_no_error (error);
  install_test_form (data_dir, "all-types.xml");
  install_test_form (data_dir, "structure.xml");
  g_setenv ("WALKROUND_DATA_DIR", data_dir, TRUE);
  window = WR_WINDOW (wr_test_start_app_in (&app, data_dir));

  g_test_add_func ("/walkround/visit-page/start-needs-service", test_start_needs_service);
  g_test_add_func ("/walkround/visit-page/record-visit", test_record_visit);
  g_test_add_func ("/walkround/visit-page/saved-in-place", test_saved_in_place);
  g_test_add_func ("/walkround/visit-page/buttons", test_buttons);
  g_test_add_func ("/walkround/visit-page/menu-button", test_menu_button);
  g_test_add_func ("/walkround/visit-page/edit", test_edit);
  g_test_add_func ("/walkround/visit-page/leave-with-keys", test_leave_with_keys);
  g_test_add_data_func ("/walkround/visit-page/narrow/quality-visit", "quality-visit", test_narrow);
  g_test_add_data_func ("/walkround/visit-page/narrow/ned-visit", "ned-visit", test_narrow);
  g_test_add_data_func ("/walkround/visit-page/narrow/fifteen-steps", "fifteen-steps", test_narrow);
  g_test_add_data_func ("/walkround/visit-page/narrow/practice-self-assessment", "practice-self-assessment",
                        test_narrow);
  g_test_add_func ("/walkround/visit-page/screenshots", test_screenshots);
  g_test_add_func ("/walkround/visit-page/header-scrolls-away", test_header_scrolls_away);
  g_test_add_func ("/walkround/visit-page/lifecycle", test_lifecycle);
  g_test_add_func ("/walkround/visit-page/completed-elsewhere", test_completed_elsewhere);

  status = g_test_run ();
  wr_test_stop_app (app, GTK_WINDOW (window));

  return status;
}
