/* test-note-dialogs.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The Add Observation and Add Action dialogs as a visitor uses them with
 * the keyboard alone: each opens ready to type into its first field, Tab
 * moves on, the drop-downs are chosen with the arrow keys, Enter saves,
 * and what was typed is in the database, linked to the question it was
 * written at. A dialog that is closed is finalized.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "wr-action-dialog.h"
#include "wr-core-test-utils.h"
#include "wr-observation-dialog.h"
#include "wr-test-utils.h"

typedef struct
{
  WrStore        *store;
  WrFormLibrary  *library;
  WrVisitSession *session;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "walkround", NULL);
  g_autofree char *path = g_build_filename (dir, "notes.db", NULL);
  g_autofree char *good = g_test_build_filename (G_TEST_DIST, "data", "forms", "good", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_unlink (path);
  fixture->store = wr_store_open (path, &error);
  g_assert_no_error (error);
  fixture->library = wr_form_library_new_default (NULL);
  wr_form_library_add_folder (fixture->library, good, WR_FORM_SOURCE_USER);
  fixture->session = wr_test_new_session (fixture->store, fixture->library, "evidence", 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->session);
  g_clear_object (&fixture->library);
  g_assert_finalize_object (fixture->store);
}

static WrFormItem *
item (Fixture    *fixture,
      const char *id)
{
  WrFormItem *found = wr_form_lookup_item (wr_visit_session_get_form (fixture->session), id);

  g_assert_nonnull (found);
  return found;
}

static const char *
visit_uuid (Fixture *fixture)
{
  return wr_visit_get_uuid (wr_visit_session_get_visit (fixture->session));
}

/* Whether the keyboard focus is in @widget, or is @widget. */
static gboolean
has_focus_in (GtkWidget *window,
              GtkWidget *widget)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static gboolean
is_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

static GtkWidget *
row_titled (GtkWidget  *dialog,
            const char *title)
{
  GtkWidget *row = wr_test_find_by_text (dialog, title);

  g_assert_nonnull (row);
  return row;
}

static void
test_action (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GListModel) actions = NULL;
  g_autoptr(WrAction) action = NULL;
  GtkWidget *dialog;
  GtkWidget *save;

  if (!wr_test_can_type ())
    {
      g_test_skip ("No XTest to type with");
      return;
    }

  dialog = g_object_ref (GTK_WIDGET (wr_action_dialog_new (fixture->session, item (fixture, "e-question"), 0)));
  gtk_window_present (GTK_WINDOW (dialog));
  wr_test_wait_for_paint (dialog);

  /* Ready to type what is to be done; nothing to save until something is. */
  g_assert_true (has_focus_in (dialog, row_titled (dialog, "_What is to be done")));
  save = wr_test_find_with_class (dialog, "suggested-action");
  g_assert_false (gtk_widget_is_sensitive (save));

  wr_test_type (dialog, "Repair the bathroom lock");
  g_assert_true (gtk_widget_is_sensitive (save));
  wr_test_press_key (dialog, GDK_KEY_Tab, 0);
  g_assert_true (has_focus_in (dialog, row_titled (dialog, "Who _owns it")));
  wr_test_type (dialog, "Estates & Facilities");
  wr_test_press_key (dialog, GDK_KEY_Tab, 0);
  g_assert_true (has_focus_in (dialog, row_titled (dialog, "_Due by (such as 31/12/2026)")));
  wr_test_type (dialog, "31/12/2026");
  /* The date understood is shown before it is saved. */
  g_assert_nonnull (wr_test_find_by_text (dialog, "Thursday 31 December 2026"));
  wr_test_save_png (dialog, "action-dialog.png");

  /* Enter saves (once the Save button has looked pressed), and the
   * dialog goes.
   */
  wr_test_press_key (dialog, GDK_KEY_Return, 0);
  wr_test_wait_until (is_hidden, dialog);
  g_assert_finalize_object (dialog);

  actions = wr_store_list_actions (fixture->store, visit_uuid (fixture), NULL);
  g_assert_cmpuint (g_list_model_get_n_items (actions), ==, 1);
  action = g_list_model_get_item (actions, 0);
  g_assert_cmpstr (wr_action_get_text (action), ==, "Repair the bathroom lock");
  g_assert_cmpstr (wr_action_get_owner (action), ==, "Estates & Facilities");
  g_assert_cmpstr (wr_action_get_due (action), ==, "2026-12-31");
  g_assert_cmpstr (wr_action_get_question_id (action), ==, "e-question");
}

static GtkWidget *refused_dialog;

static gboolean
says_no_such_day (gpointer data)
{
  return wr_test_find_by_text (refused_dialog, "February 2026 has no day 31") != NULL;
}

/* A date that is not one is said in the dialog, which stays open with
 * what was typed; Escape then closes it and nothing is saved.
 */
static void
test_action_refused (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GListModel) actions = NULL;
  GtkWidget *dialog;
  GtkWidget *error;

  if (!wr_test_can_type ())
    {
      g_test_skip ("No XTest to type with");
      return;
    }

  dialog = g_object_ref (GTK_WIDGET (wr_action_dialog_new (fixture->session, NULL, 0)));
  gtk_window_present (GTK_WINDOW (dialog));
  wr_test_type (dialog, "Share the audit");
  wr_test_press_key (dialog, GDK_KEY_Tab, 0);
  wr_test_press_key (dialog, GDK_KEY_Tab, 0);
  wr_test_type (dialog, "31/02/2026");
  g_assert_nonnull (wr_test_find_by_text (dialog, "Not a date"));
  wr_test_press_key (dialog, GDK_KEY_Return, 0);

  refused_dialog = dialog;
  wr_test_wait_until (says_no_such_day, NULL);
  error = wr_test_find_by_text (dialog, "February 2026 has no day 31");
  wr_test_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_visible, error);
  g_assert_true (gtk_widget_get_visible (dialog));
  wr_test_save_png (dialog, "action-dialog-refused.png");

  wr_test_press_key (dialog, GDK_KEY_Escape, 0);
  g_assert_false (gtk_widget_get_visible (dialog));
  g_assert_finalize_object (dialog);
  actions = wr_store_list_actions (fixture->store, visit_uuid (fixture), NULL);
  g_assert_cmpuint (g_list_model_get_n_items (actions), ==, 0);
}

/* The control a label names, as Alt and its underlined letter reach it. */
static GtkWidget *
labelled (GtkWidget  *dialog,
          const char *text)
{
  GtkWidget *label = wr_test_find_by_text (dialog, text);

  g_assert_true (GTK_IS_LABEL (label));
  g_assert_nonnull (gtk_label_get_mnemonic_widget (GTK_LABEL (label)));
  return gtk_label_get_mnemonic_widget (GTK_LABEL (label));
}

static void
test_observation (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GListModel) observations = NULL;
  g_autoptr(WrObservation) observation = NULL;
  GtkWidget *dialog;
  GtkWidget *text;
  GtkWidget *kind;
  GtkWidget *voice;

  if (!wr_test_can_type ())
    {
      g_test_skip ("No XTest to type with");
      return;
    }

  dialog = g_object_ref (GTK_WIDGET (wr_observation_dialog_new (fixture->session, item (fixture, "e-all-kinds"),
                                                                 NULL, 0)));
  gtk_window_present (GTK_WINDOW (dialog));
  wr_test_wait_for_paint (dialog);
  text = labelled (dialog, "What you saw or heard");
  kind = labelled (dialog, "Kind");
  voice = labelled (dialog, "Whose voice");
  g_assert_true (GTK_IS_TEXT_VIEW (text));
  g_assert_true (GTK_IS_DROP_DOWN (kind));
  g_assert_true (GTK_IS_DROP_DOWN (voice));

  /* A screen reader names each drop-down's button after its label: GTK
   * follows one labelled-by relation, not two.
   */
  gtk_test_accessible_assert_relation (wr_test_find_descendant (kind, GTK_TYPE_TOGGLE_BUTTON),
                                       GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                       wr_test_find_by_text (dialog, "Kind"), NULL);
  gtk_test_accessible_assert_relation (wr_test_find_descendant (voice, GTK_TYPE_TOGGLE_BUTTON),
                                       GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                       wr_test_find_by_text (dialog, "Whose voice"), NULL);

  /* Ready to write in; the kind starts on the first the prompt asks for. */
  g_assert_true (has_focus_in (dialog, text));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (kind)), ==, 0);
  wr_test_type (dialog, "A patient said the night staff are kind");

  /* Tab leaves the text for the kind: a concern, one down in the list. */
  wr_test_press_key (dialog, GDK_KEY_Tab, 0);
  g_assert_true (has_focus_in (dialog, kind));
  wr_test_press_key (dialog, GDK_KEY_space, 0);
  wr_test_press_key (dialog, GDK_KEY_Down, 0);
  wr_test_press_key (dialog, GDK_KEY_Return, 0);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (kind)), ==, 1);
  g_assert_true (has_focus_in (dialog, kind));

  /* Then whose voice: a patient's, the first after "Not said". */
  wr_test_press_key (dialog, GDK_KEY_Tab, 0);
  g_assert_true (has_focus_in (dialog, voice));
  wr_test_press_key (dialog, GDK_KEY_space, 0);
  wr_test_press_key (dialog, GDK_KEY_Down, 0);
  wr_test_press_key (dialog, GDK_KEY_Return, 0);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (voice)), ==, 1);
  wr_test_save_png (dialog, "observation-dialog-filled.png");

  /* Ctrl+Enter saves from anywhere, as Enter makes a new line in the text. */
  wr_test_press_key (dialog, GDK_KEY_Return, GDK_CONTROL_MASK);
  wr_test_wait_until (is_hidden, dialog);
  g_assert_finalize_object (dialog);

  observations = wr_store_list_observations (fixture->store, visit_uuid (fixture), NULL);
  g_assert_cmpuint (g_list_model_get_n_items (observations), ==, 1);
  observation = g_list_model_get_item (observations, 0);
  g_assert_cmpstr (wr_observation_get_text (observation), ==, "A patient said the night staff are kind");
  g_assert_cmpstr (wr_observation_get_kind (observation), ==, "concern");
  g_assert_cmpstr (wr_observation_get_voice (observation), ==, "patient");
  g_assert_cmpstr (wr_observation_get_question_id (observation), ==, "e-all-kinds");
  g_assert_cmpstr (wr_observation_get_themes (observation)[0], ==, "caring-involving");
}

/* On a NED visit an observation can be tagged with a quality statement,
 * kept with it, shown again when it is edited, and taken off; a visit
 * whose questions link its observations offers no tag.
 */
static void
test_observation_tagging (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(WrVisitSession) ned = wr_test_new_session (fixture->store, fixture->library, "ned-visit", 0);
  const char *uuid = wr_visit_get_uuid (wr_visit_session_get_visit (ned));
  g_autoptr(GListModel) observations = NULL;
  g_autoptr(GListModel) after = NULL;
  g_autoptr(WrObservation) observation = NULL;
  g_autoptr(WrObservation) edited = NULL;
  GtkWidget *dialog;
  GtkWidget *statement;
  GListModel *labels;
  guint ipc = 0;

  /* Not on this test form's visit, whose observations take their links
   * from their questions.
   */
  dialog = g_object_ref (GTK_WIDGET (wr_observation_dialog_new (fixture->session, item (fixture, "e-all-kinds"),
                                                                 NULL, 0)));
  statement = labelled (dialog, "CQC quality statement");
  g_assert_false (gtk_widget_is_visible (statement));
  gtk_window_destroy (GTK_WINDOW (dialog));
  wr_test_iterate ();
  g_assert_finalize_object (dialog);

  dialog = g_object_ref (GTK_WIDGET (wr_observation_dialog_new (ned, NULL, NULL, 0)));
  gtk_window_present (GTK_WINDOW (dialog));
  wr_test_wait_for_paint (dialog);
  statement = labelled (dialog, "CQC quality statement");
  g_assert_true (gtk_widget_is_visible (statement));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (statement)), ==, 0);
  labels = gtk_drop_down_get_model (GTK_DROP_DOWN (statement));
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (labels), i), "Safe: Infection prevention and control"))
      ipc = i;
  g_assert_cmpuint (ipc, >, 0);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (statement), ipc);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (labelled (dialog, "What you saw or heard"))),
                            "Hand gel empty at the ward door", -1);
  wr_test_save_png (dialog, "observation-dialog-tagged.png");
  g_assert_true (gtk_widget_activate_action (dialog, "observation.save", NULL));
  wr_test_wait_until (is_hidden, dialog);
  g_assert_finalize_object (dialog);

  observations = wr_store_list_observations (fixture->store, uuid, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (observations), ==, 1);
  observation = g_list_model_get_item (observations, 0);
  g_assert_cmpstr (wr_observation_get_text (observation), ==, "Hand gel empty at the ward door");
  g_assert_nonnull (wr_observation_get_statements (observation));
  g_assert_cmpstr (wr_observation_get_statements (observation)[0], ==, "safe-ipc");
  g_assert_null (wr_observation_get_statements (observation)[1]);

  /* Edited, it shows its tag; set to None, the tag goes. */
  dialog = g_object_ref (GTK_WIDGET (wr_observation_dialog_new_for_observation (ned, observation)));
  statement = labelled (dialog, "CQC quality statement");
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (statement)), ==, ipc);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (statement), 0);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (gtk_widget_activate_action (dialog, "observation.save", NULL));
  wr_test_wait_until (is_hidden, dialog);
  g_assert_finalize_object (dialog);
  after = wr_store_list_observations (fixture->store, uuid, NULL);
  edited = g_list_model_get_item (after, 0);
  g_assert_true (wr_observation_get_statements (edited) == NULL || wr_observation_get_statements (edited)[0] == NULL);
}

/* Escape closes without saving, and the dialog goes. */
static void
test_observation_cancel (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GListModel) observations = NULL;
  GtkWidget *dialog;

  if (!wr_test_can_type ())
    {
      g_test_skip ("No XTest to type with");
      return;
    }

  dialog = g_object_ref (GTK_WIDGET (wr_observation_dialog_new (fixture->session, NULL, NULL, 0)));
  gtk_window_present (GTK_WINDOW (dialog));
  wr_test_type (dialog, "Not this one");
  wr_test_press_key (dialog, GDK_KEY_Escape, 0);
  g_assert_false (gtk_widget_get_visible (dialog));
  g_assert_finalize_object (dialog);

  observations = wr_store_list_observations (fixture->store, visit_uuid (fixture), NULL);
  g_assert_cmpuint (g_list_model_get_n_items (observations), ==, 0);
}

/* Ctrl+Enter saves while still writing, not only from the drop-downs:
 * the text view must not take it for a new line first.
 */
static void
test_observation_save_from_text (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GListModel) observations = NULL;
  g_autoptr(WrObservation) observation = NULL;
  GtkWidget *dialog;

  if (!wr_test_can_type ())
    {
      g_test_skip ("No XTest to type with");
      return;
    }

  dialog = g_object_ref (GTK_WIDGET (wr_observation_dialog_new (fixture->session, NULL, NULL, 0)));
  gtk_window_present (GTK_WINDOW (dialog));
  wr_test_wait_for_paint (dialog);
  g_assert_true (has_focus_in (dialog, wr_test_find_descendant (dialog, GTK_TYPE_TEXT_VIEW)));

  wr_test_type (dialog, "Bay 3 was quiet");
  wr_test_press_key (dialog, GDK_KEY_Return, GDK_CONTROL_MASK);
  wr_test_wait_until (is_hidden, dialog);
  g_assert_finalize_object (dialog);

  observations = wr_store_list_observations (fixture->store, visit_uuid (fixture), NULL);
  g_assert_cmpuint (g_list_model_get_n_items (observations), ==, 1);
  observation = g_list_model_get_item (observations, 0);
  g_assert_cmpstr (wr_observation_get_text (observation), ==, "Bay 3 was quiet");
}

int
main (int   argc,
      char *argv[])
{
  wr_test_init_display (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/walkround/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("action-dialog/keyboard", test_action);
  ADD ("action-dialog/refused", test_action_refused);
  ADD ("observation-dialog/keyboard", test_observation);
  ADD ("observation-dialog/save-from-text", test_observation_save_from_text);
  ADD ("observation-dialog/cancel", test_observation_cancel);
  ADD ("observation-dialog/tagging", test_observation_tagging);

#undef ADD

  return g_test_run ();
}
