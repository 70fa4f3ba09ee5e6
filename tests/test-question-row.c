/* test-question-row.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One question of a visit, answered with the keyboard alone: a choice
 * with the arrow keys and Space, a number typed and saved with Enter, a
 * comment, the guidance shown on demand, and the buttons for a note, an
 * action or an attachment, which tell the page where they were pressed.
 * A completed visit's row takes no answers. Each row is finalized.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "wr-core-test-utils.h"
#include "wr-a11y.h"
#include "wr-question-row.h"
#include "wr-test-utils.h"

typedef struct
{
  WrStore        *store;
  WrFormLibrary  *library;
  WrVisitSession *session;
  GtkWidget      *window;
  GtkWidget      *box;
  guint           n_saved;
  guint           n_observations;
  guint           n_actions;
  guint           n_attachments;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "walkround", NULL);
  g_autofree char *path = g_build_filename (dir, "rows.db", NULL);
  g_autofree char *good = g_test_build_filename (G_TEST_DIST, "data", "forms", "good", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_unlink (path);
  fixture->store = wr_store_open (path, &error);
  g_assert_no_error (error);
  fixture->library = wr_form_library_new_default (NULL);
  wr_form_library_add_folder (fixture->library, good, WR_FORM_SOURCE_USER);
  fixture->session = wr_test_new_session (fixture->store, fixture->library, "all-types", 0);

  fixture->window = gtk_window_new ();
  fixture->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 600, -1);
  gtk_window_set_child (GTK_WINDOW (fixture->window), fixture->box);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  wr_test_iterate ();
  g_assert_finalize_object (fixture->session);
  g_clear_object (&fixture->library);
  g_assert_finalize_object (fixture->store);
}

static void
saved_cb (WrQuestionRow *row,
          const char    *message,
          Fixture       *fixture)
{
  g_assert_null (message);
  fixture->n_saved++;
}

static void
count_cb (WrQuestionRow *row,
          guint         *count)
{
  (*count)++;
}

/* A row for @question_id, shown, held by the caller. */
static WrQuestionRow *
add_row (Fixture    *fixture,
         const char *question_id)
{
  WrQuestion *question = wr_form_lookup_question (wr_visit_session_get_form (fixture->session), question_id);
  WrQuestionRow *row;

  g_assert_nonnull (question);
  row = g_object_ref_sink (wr_question_row_new (fixture->session, question, NULL, 0));
  g_signal_connect (row, "saved", G_CALLBACK (saved_cb), fixture);
  g_signal_connect (row, "add-observation", G_CALLBACK (count_cb), &fixture->n_observations);
  g_signal_connect (row, "add-action", G_CALLBACK (count_cb), &fixture->n_actions);
  g_signal_connect (row, "attach", G_CALLBACK (count_cb), &fixture->n_attachments);
  gtk_box_append (GTK_BOX (fixture->box), GTK_WIDGET (row));
  gtk_window_present (GTK_WINDOW (fixture->window));
  wr_test_wait_for_paint (fixture->window);

  return row;
}

static const char *
answer (Fixture    *fixture,
        const char *question_id)
{
  WrQuestion *question = wr_form_lookup_question (wr_visit_session_get_form (fixture->session), question_id);

  return wr_visit_session_get_answer (fixture->session, question, "", 0);
}

static GtkWidget *
focus (Fixture *fixture)
{
  return gtk_window_get_focus (GTK_WINDOW (fixture->window));
}

/* Whether the focus is on a control of @row with @tooltip. */
static gboolean
focus_is (Fixture       *fixture,
          WrQuestionRow *row,
          const char    *tooltip)
{
  GtkWidget *control = wr_test_find_by_tooltip (GTK_WIDGET (row), tooltip);

  g_assert_nonnull (control);
  return focus (fixture) == control;
}

static gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Removes @row and waits for it to be finalized: GTK lets go of a button
 * pressed from the keyboard only once it has looked pressed, and of the
 * focus at its next turn.
 */
static void
remove_row (Fixture       *fixture,
            WrQuestionRow *row)
{
  g_object_add_weak_pointer (G_OBJECT (row), (gpointer *) &row);
  gtk_box_remove (GTK_BOX (fixture->box), GTK_WIDGET (row));
  g_object_unref (row);
  wr_test_wait_until (is_gone, &row);
}

static gboolean
unanswered (gpointer data)
{
  return answer (data, "t-yes-no-na") == NULL;
}

static gboolean
attached (gpointer data)
{
  return ((Fixture *) data)->n_attachments == 1;
}

static void
test_choice (Fixture       *fixture,
             gconstpointer  data)
{
  WrQuestionRow *row;
  GtkWidget *guidance;

  if (!wr_test_can_type ())
    {
      g_test_skip ("No XTest to type with");
      return;
    }

  row = add_row (fixture, "t-yes-no-na");

  /* The guidance waits behind its button. */
  guidance = wr_test_find_by_text (GTK_WIDGET (row), "Answers are stored as yes, no or na.");
  g_assert_nonnull (guidance);
  g_assert_false (gtk_widget_get_visible (guidance));
  gtk_widget_grab_focus (wr_test_find_by_tooltip (GTK_WIDGET (row), "Show guidance"));
  wr_test_press_key (fixture->window, GDK_KEY_space, 0);
  g_assert_true (gtk_widget_get_visible (guidance));

  /* Yes, then No, from the keyboard. */
  g_assert_true (wr_question_row_focus_answer (row));
  wr_test_press_key (fixture->window, GDK_KEY_space, 0);
  g_assert_cmpstr (answer (fixture, "t-yes-no-na"), ==, "yes");
  wr_test_press_key (fixture->window, GDK_KEY_Right, 0);
  g_assert_cmpstr (answer (fixture, "t-yes-no-na"), ==, "no");
  g_assert_cmpuint (fixture->n_saved, ==, 2);

  /* Clear takes the answer back, with Alt and its letter (once the button
   * has looked pressed).
   */
  wr_test_press_key (fixture->window, GDK_KEY_l, GDK_ALT_MASK);
  wr_test_wait_until (unanswered, fixture);
  wr_test_save_png (fixture->window, "question-row.png");

  /* Tab on to the comment and the buttons: each tells the page. */
  gtk_widget_grab_focus (wr_test_find_by_tooltip (GTK_WIDGET (row), "Add an observation about this"));
  wr_test_press_key (fixture->window, GDK_KEY_space, 0);
  wr_test_press_key (fixture->window, GDK_KEY_Tab, 0);
  g_assert_true (focus_is (fixture, row, "Add an action about this"));
  wr_test_press_key (fixture->window, GDK_KEY_space, 0);
  wr_test_press_key (fixture->window, GDK_KEY_Tab, 0);
  g_assert_true (focus_is (fixture, row, "Attach a photo or document"));
  wr_test_press_key (fixture->window, GDK_KEY_Return, 0);
  wr_test_wait_until (attached, fixture);
  g_assert_cmpuint (fixture->n_observations, ==, 1);
  g_assert_cmpuint (fixture->n_actions, ==, 1);

  remove_row (fixture, row);
}

static void
test_typed (Fixture       *fixture,
            gconstpointer  data)
{
  WrQuestionRow *row;
  GtkWidget *comment;
  WrQuestion *question;

  if (!wr_test_can_type ())
    {
      g_test_skip ("No XTest to type with");
      return;
    }

  row = add_row (fixture, "t-number-bounded");
  question = wr_question_row_get_question (row);

  /* A number out of bounds is said, and not saved. */
  g_assert_true (wr_question_row_focus_answer (row));
  wr_test_type (fixture->window, "120");
  wr_test_press_key (fixture->window, GDK_KEY_Return, 0);
  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (row), "The largest answer is 99.25"));
  g_assert_null (answer (fixture, "t-number-bounded"));

  wr_test_press_key (fixture->window, GDK_KEY_BackSpace, 0);
  wr_test_press_key (fixture->window, GDK_KEY_Return, 0);
  g_assert_cmpstr (answer (fixture, "t-number-bounded"), ==, "12");
  g_assert_false (gtk_widget_get_visible (wr_test_find_with_class (GTK_WIDGET (row), "error")));

  /* Tab to the comment; it saves once the row is flushed. */
  comment = wr_test_find_with_class (GTK_WIDGET (row), "question-row");
  comment = gtk_widget_get_first_child (wr_test_find_by_tooltip (comment, "Clear the answer") ?
                                        gtk_widget_get_parent (wr_test_find_by_tooltip (comment, "Clear the answer")) :
                                        comment);
  g_assert_true (GTK_IS_ENTRY (comment));
  wr_test_press_key (fixture->window, GDK_KEY_Tab, 0);
  g_assert_true (gtk_widget_is_ancestor (focus (fixture), comment));
  wr_test_type (fixture->window, "Counted twice");
  wr_question_row_flush (row);
  g_assert_cmpstr (wr_visit_session_get_comment (fixture->session, question, "", 0), ==, "Counted twice");
  wr_test_save_png (fixture->window, "question-row-number.png");

  remove_row (fixture, row);
}

/* A completed visit's row shows its answer and takes no other. */
static void
test_read_only (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  WrQuestion *question = wr_form_lookup_question (wr_visit_session_get_form (fixture->session), "t-choice");
  WrQuestionRow *row;

  g_assert_true (wr_visit_session_set_answer (fixture->session, question, NULL, 0, "red", &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      const char *required[] = { "t-yes-no-na", "t-rating", "t-text-long" };
      const char *values[] = { "yes", "10", "Fine" };
      WrQuestion *q = wr_form_lookup_question (wr_visit_session_get_form (fixture->session), required[i]);

      g_assert_true (wr_visit_session_set_answer (fixture->session, q, NULL, 0, values[i], &error));
      g_assert_no_error (error);
    }
  g_assert_true (wr_visit_session_complete (fixture->session, &error));
  g_assert_no_error (error);

  row = add_row (fixture, "t-choice");
  gtk_widget_activate_action (GTK_WIDGET (row), "question.add-action", NULL);
  g_assert_cmpuint (fixture->n_actions, ==, 0);
  g_assert_false (gtk_widget_is_sensitive (wr_test_find_by_tooltip (GTK_WIDGET (row), "Add an action about this")));
  gtk_widget_activate_action (GTK_WIDGET (row), "question.clear", NULL);
  g_assert_cmpstr (answer (fixture, "t-choice"), ==, "red");

  remove_row (fixture, row);
}

/* The icon buttons' tooltips are given when GTK asks for one, and named
 * as GTK names a tooltip: the button's accessible description.
 */
static void
test_tooltips (Fixture       *fixture,
               gconstpointer  data)
{
  WrQuestionRow *row = add_row (fixture, "t-choice");
  GtkWidget *button = wr_test_find_by_tooltip (GTK_WIDGET (row), "Add an observation about this");
  GtkTooltip *tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  gboolean shown = FALSE;

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_has_tooltip (button));
  gtk_test_accessible_assert_property (button, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "Add an observation about this");
  g_signal_emit_by_name (button, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
  g_assert_true (shown);

  /* Named with their question, so that a screen reader going from one
   * question's buttons to the next says which question they are about.
   */
  {
    const char *question = wr_form_item_get_label (WR_FORM_ITEM (wr_question_row_get_question (row)));
    g_autofree char *observation = g_strdup_printf ("Add observation about: %s", question);
    g_autofree char *action = g_strdup_printf ("Add action about: %s", question);
    g_autofree char *attach = g_strdup_printf ("Attach a photo or document to: %s", question);
    g_autofree char *guidance = g_strdup_printf ("Show guidance for: %s", question);

    gtk_test_accessible_assert_property (button, GTK_ACCESSIBLE_PROPERTY_LABEL, observation);
    gtk_test_accessible_assert_property (wr_test_find_by_tooltip (GTK_WIDGET (row), "Add an action about this"),
                                         GTK_ACCESSIBLE_PROPERTY_LABEL, action);
    gtk_test_accessible_assert_property (wr_test_find_by_tooltip (GTK_WIDGET (row), "Attach a photo or document"),
                                         GTK_ACCESSIBLE_PROPERTY_LABEL, attach);
    gtk_test_accessible_assert_property (wr_test_find_by_tooltip (GTK_WIDGET (row), "Show guidance"),
                                         GTK_ACCESSIBLE_PROPERTY_LABEL, guidance);
  }

  wr_a11y_set_tooltip (button, NULL);
  g_assert_false (gtk_widget_get_has_tooltip (button));
  g_assert_null (wr_a11y_get_tooltip (button));
  g_signal_emit_by_name (button, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
  g_assert_false (shown);

  g_object_unref (tooltip);
  remove_row (fixture, row);
}

int
main (int   argc,
      char *argv[])
{
  wr_test_init_display (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/walkround/question-row/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("choice", test_choice);
  ADD ("typed", test_typed);
  ADD ("read-only", test_read_only);
  ADD ("tooltips", test_tooltips);

#undef ADD

  return g_test_run ();
}
