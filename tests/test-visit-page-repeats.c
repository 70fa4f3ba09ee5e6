/* test-visit-page-repeats.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A checklist of a thousand beds on the visit page: the repeats are a list
 * whose lines are built only when scrolled to, and only the open repeat has
 * question rows. Adding, opening, removing and moving a repeat each touch
 * one repeat's rows, and an answer lands in the repeat it was typed in.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "wr-action-dialog.h"
#include "wr-core-test-utils.h"
#include "wr-question-row.h"
#include "wr-test-utils.h"
#include "wr-visit-page.h"

#define N_BEDS      1000
#define N_QUESTIONS 6      /* of a bed; the ward has one more */

typedef struct
{
  char          *dir;
  WrStore       *store;
  WrFormLibrary *library;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *good = g_test_build_filename (G_TEST_DIST, "data", "forms", "good", NULL);

  fixture->dir = g_dir_make_tmp ("walkround-repeats-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "walkround.db", NULL);
  fixture->store = wr_store_open (path, &error);
  g_assert_no_error (error);
  fixture->library = wr_form_library_new_default (NULL);
  wr_form_library_add_folder (fixture->library, good, WR_FORM_SOURCE_USER);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  g_clear_object (&fixture->library);
  g_assert_finalize_object (fixture->store);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat ("walkround.db", suffixes[i], NULL);
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

/* The rows of @section's questions built now, checking they are all for
 * the one repeat @repeat.
 */
static guint
count_rows_in (WrVisitPage *page,
               const char  *section_id,
               guint        repeat)
{
  GPtrArray *rows = wr_visit_page_get_rows (page);
  guint n = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      WrQuestionRow *row = g_ptr_array_index (rows, i);
      WrSection *section = wr_form_item_get_section (WR_FORM_ITEM (wr_question_row_get_question (row)));

      if (g_str_equal (wr_form_item_get_id (WR_FORM_ITEM (section)), section_id))
        {
          g_assert_cmpuint (wr_question_row_get_repeat (row), ==, repeat);
          n++;
        }
    }
  return n;
}

static WrQuestionRow *
row_for (WrVisitPage *page,
         const char  *question_id)
{
  GPtrArray *rows = wr_visit_page_get_rows (page);

  for (guint i = 0; i < rows->len; i++)
    {
      WrQuestionRow *row = g_ptr_array_index (rows, i);

      if (g_str_equal (wr_form_item_get_id (WR_FORM_ITEM (wr_question_row_get_question (row))), question_id))
        return row;
    }
  g_assert_not_reached ();
}

/* The line widgets the list has made: GTK 4.8's grid view keeps 30 rows
 * and a few more around what is in sight, however long the list, not one
 * per repeat.
 */
#define MAX_LINES 40

static guint
count_lines (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list); child; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

typedef struct
{
  WrStore    *store;
  const char *visit_uuid;
  const char *repeat_uuid;
  const char *expected;
} Stored;

static gboolean
stored_in_repeat (gpointer data)
{
  Stored *want = data;
  g_autoptr(GPtrArray) answers = wr_store_list_answers (want->store, want->visit_uuid, NULL);

  for (guint i = 0; answers != NULL && i < answers->len; i++)
    {
      WrAnswer *answer = g_ptr_array_index (answers, i);

      if (g_str_equal (answer->question_id, "bed-note"))
        return g_str_equal (answer->repeat_uuid, want->repeat_uuid) && g_strcmp0 (answer->value, want->expected) == 0;
    }
  return FALSE;
}

/* What the row of @question_id shows typed in it. */
static void
assert_typed (WrVisitPage *page,
              const char  *question_id,
              const char  *expected)
{
  GtkWidget *row = GTK_WIDGET (row_for (page, question_id));
  GtkWidget *view = wr_test_find_descendant (row, GTK_TYPE_TEXT_VIEW);
  g_autofree char *text = NULL;

  if (view != NULL)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
      GtkTextIter start;
      GtkTextIter end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }
  else
    text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (wr_test_find_descendant (row, GTK_TYPE_ENTRY))));
  g_assert_cmpstr (text, ==, expected);
}

static void
add_toast_cb (WrVisitPage  *page,
              AdwToast     *toast,
              AdwToast    **last)
{
  g_set_object (last, toast);
}

static GtkWidget *
find_inscription (GtkWidget  *root,
                  const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_INSCRIPTION (child) && g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (child)), text) == 0)
        return child;
      if ((found = find_inscription (child, text)))
        return found;
    }
  return NULL;
}

/* What a screen reader says for the line of a repeat. */
static void
assert_line_says (GtkWidget  *list,
                  const char *heading,
                  const char *spoken)
{
  GtkWidget *label = find_inscription (list, heading);
  GtkWidget *line;
  g_autofree char *problem = NULL;

  g_assert_nonnull (label);
  line = gtk_widget_get_parent (gtk_widget_get_parent (label));
  problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (line), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken);
  g_assert_cmpstr (problem, ==, NULL);
}

static void
test_thousand_repeats (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *answered[] = { "bed-clean", "bed-call-bell", NULL };
  g_autoptr(GError) error = NULL;
  WrVisitSession *session = wr_test_new_session (fixture->store, fixture->library, "beds", 0);
  g_autofree char *visit_uuid = g_strdup (wr_visit_get_uuid (wr_visit_session_get_visit (session)));
  WrSection *beds = WR_SECTION (wr_form_lookup_item (wr_visit_session_get_form (session), "beds"));
  WrQuestion *note = WR_QUESTION (wr_form_lookup_item (wr_visit_session_get_form (session), "bed-note"));
  GtkWidget *window = gtk_window_new ();
  WrVisitPage *page = g_object_ref_sink (g_object_new (WR_TYPE_VISIT_PAGE, NULL));
  g_autofree char *first_uuid = NULL;
  g_autofree char *second_uuid = NULL;
  GtkWidget *list;
  GtkWidget *entry;
  g_autoptr(AdwToast) toast = NULL;
  g_autofree char *removed_uuid = NULL;
  Stored want;

  wr_test_add_repeats (fixture->store, visit_uuid, "beds", N_BEDS, answered);
  g_assert_true (wr_visit_session_reload (session, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (wr_visit_session_get_n_repeats (session, beds), ==, N_BEDS);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 800);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (page, "add-toast", G_CALLBACK (add_toast_cb), &toast);
  wr_visit_page_set_session (page, session);
  wr_test_wait_for_paint (window);

  /* Opened: the ward's question, and one bed's, not a thousand beds'. */
  g_assert_cmpuint (wr_visit_page_get_rows (page)->len, ==, 1 + N_QUESTIONS);
  g_assert_cmpuint (count_rows_in (page, "beds", 0), ==, N_QUESTIONS);
  list = wr_test_find_descendant (GTK_WIDGET (page), GTK_TYPE_GRID_VIEW);
  g_assert_nonnull (list);
  g_assert_cmpuint (count_lines (list), >, 0);
  g_assert_cmpuint (count_lines (list), <=, MAX_LINES);
  /* Bed 1 is answered yes to two questions, so "What needs cleaning?" is hidden. */
  assert_line_says (list, "Bed 1", "Bed 1, repeat 1 of 1000, 2 of 5 answered, open");
  assert_line_says (list, "Bed 2", "Bed 2, repeat 2 of 1000, 0 of 5 answered");
  wr_test_save_png (window, "visit-page-repeats.png");

  /* Adding one makes one bed's rows and opens it; nothing else is rebuilt. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "visit.add-repeat", "s", "beds"));
  g_assert_cmpuint (wr_visit_session_get_n_repeats (session, beds), ==, N_BEDS + 1);
  g_assert_cmpuint (wr_visit_page_get_rows (page)->len, ==, 1 + N_QUESTIONS);
  g_assert_cmpuint (count_rows_in (page, "beds", N_BEDS), ==, N_QUESTIONS);
  wr_test_wait_for_paint (window);
  g_assert_cmpuint (count_lines (list), <=, MAX_LINES);
  assert_line_says (list, "Bed 1001", "Bed 1001, repeat 1001 of 1001, 0 of 5 answered, open");
  wr_test_save_png (window, "visit-page-repeats-added.png");

  /* Bed 700 opened as Enter on its line does: the answer is bed 700's. */
  g_assert_true (gtk_widget_activate_action (list, "list.activate-item", "u", 699));
  g_assert_cmpuint (count_rows_in (page, "beds", 699), ==, N_QUESTIONS);
  wr_test_wait_for_paint (window);
  assert_line_says (list, "Bed 700", "Bed 700, repeat 700 of 1001, 0 of 5 answered, open");
  entry = wr_test_find_descendant (GTK_WIDGET (row_for (page, "bed-note")), GTK_TYPE_TEXT_VIEW);
  if (entry != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (entry)), "Bed rails up", -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (wr_test_find_descendant (GTK_WIDGET (row_for (page, "bed-note")),
                                                                  GTK_TYPE_ENTRY)),
                           "Bed rails up");
  want = (Stored) { fixture->store, visit_uuid, wr_visit_session_get_repeat_uuid (session, beds, 699), "Bed rails up" };
  wr_test_wait_until (stored_in_repeat, &want);
  g_assert_cmpstr (wr_visit_session_get_answer (session, note, NULL, 699), ==, "Bed rails up");

  /* Removing it opens the next, whose rows are its own. */
  removed_uuid = g_strdup (want.repeat_uuid);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "visit.remove-repeat", "(su)", "beds", 699));
  g_assert_cmpuint (wr_visit_session_get_n_repeats (session, beds), ==, N_BEDS);
  g_assert_cmpuint (count_rows_in (page, "beds", 699), ==, N_QUESTIONS);
  g_assert_cmpuint (wr_visit_page_get_rows (page)->len, ==, 1 + N_QUESTIONS);
  g_assert_null (wr_visit_session_get_answer (session, note, NULL, 699));
  wr_test_wait_for_paint (window);
  assert_line_says (list, "Bed 700", "Bed 700, repeat 700 of 1000, 2 of 5 answered, open");

  /* Undo brings it back where it was, as Bed 700 again, open, with its
   * answer; the beds after it are numbered as before.
   */
  g_assert_nonnull (toast);
  g_signal_emit_by_name (toast, "button-clicked");
  list = wr_test_find_descendant (GTK_WIDGET (page), GTK_TYPE_GRID_VIEW);   /* the page was built again */
  g_assert_cmpuint (wr_visit_session_get_n_repeats (session, beds), ==, N_BEDS + 1);
  g_assert_cmpstr (wr_visit_session_get_repeat_uuid (session, beds, 699), ==, removed_uuid);
  g_assert_cmpuint (count_rows_in (page, "beds", 699), ==, N_QUESTIONS);
  g_assert_cmpuint (wr_visit_page_get_rows (page)->len, ==, 1 + N_QUESTIONS);
  assert_typed (page, "bed-note", "Bed rails up");
  wr_test_wait_for_paint (window);
  assert_line_says (list, "Bed 700", "Bed 700, repeat 700 of 1001, 1 of 5 answered, open");
  assert_line_says (list, "Bed 701", "Bed 701, repeat 701 of 1001, 2 of 5 answered");
  wr_test_save_png (window, "visit-page-repeats-undone.png");

  /* Moving the first down one: the open one stays open where it now is. */
  first_uuid = g_strdup (wr_visit_session_get_repeat_uuid (session, beds, 0));
  second_uuid = g_strdup (wr_visit_session_get_repeat_uuid (session, beds, 1));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "visit.move-repeat", "(suu)", "beds", 0, 1));
  g_assert_cmpstr (wr_visit_session_get_repeat_uuid (session, beds, 1), ==, first_uuid);
  g_assert_cmpstr (wr_visit_session_get_repeat_uuid (session, beds, 0), ==, second_uuid);
  g_assert_cmpuint (count_rows_in (page, "beds", 699), ==, N_QUESTIONS);

  /* Moving the open one up: it stays open, with its answer. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "visit.move-repeat", "(suu)", "beds", 699, 698));
  g_assert_cmpstr (wr_visit_session_get_repeat_uuid (session, beds, 698), ==, removed_uuid);
  g_assert_cmpuint (count_rows_in (page, "beds", 698), ==, N_QUESTIONS);
  assert_typed (page, "bed-note", "Bed rails up");
  wr_test_wait_for_paint (window);
  assert_line_says (list, "Bed 699", "Bed 699, repeat 699 of 1001, 1 of 5 answered, open");

  /* The page's order is the store's. */
  {
    g_autoptr(WrVisitSession) stored = wr_visit_session_new (fixture->store, fixture->library, visit_uuid, &error);

    g_assert_no_error (error);
    for (guint i = 0; i <= N_BEDS; i++)
      g_assert_cmpstr (wr_visit_session_get_repeat_uuid (stored, beds, i), ==,
                       wr_visit_session_get_repeat_uuid (session, beds, i));
    g_assert_cmpstr (wr_visit_session_get_repeat_uuid (stored, beds, 698), ==, removed_uuid);
    g_assert_cmpstr (wr_visit_session_get_repeat_uuid (stored, beds, 1), ==, first_uuid);
  }

  /* The toast's Undo holds the page. */
  g_clear_object (&toast);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (page);
  g_assert_finalize_object (session);
}

/* A few beds show whole, without scrolling, growing as beds are added. */
static void
test_few_repeats (Fixture       *fixture,
                  gconstpointer  data)
{
  WrVisitSession *session = wr_test_new_session (fixture->store, fixture->library, "beds", 0);
  GtkWidget *window = gtk_window_new ();
  WrVisitPage *page = g_object_ref_sink (g_object_new (WR_TYPE_VISIT_PAGE, NULL));
  GtkWidget *list;
  GtkWidget *cell;
  int line_height;
  int room;

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 800);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  wr_visit_page_set_session (page, session);
  wr_test_wait_for_paint (window);

  /* No beds yet: no list, no open bed, only the button to add one. */
  list = wr_test_find_descendant (GTK_WIDGET (page), GTK_TYPE_GRID_VIEW);
  g_assert_false (gtk_widget_get_mapped (list));
  g_assert_cmpuint (wr_visit_page_get_rows (page)->len, ==, 1);

  for (guint i = 0; i < 8; i++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "visit.add-repeat", "s", "beds"));
      /* A list measures the lines it has, and makes the new one when laid
       * out: the frame after shows it whole.
       */
      wr_test_wait_for_paint (window);
      wr_test_wait_for_paint (window);
      g_assert_true (gtk_widget_get_mapped (list));
      /* The list's cell that holds the inscription's box. */
      cell = gtk_widget_get_parent (gtk_widget_get_parent (find_inscription (list, "Bed 1")));
      line_height = gtk_widget_get_height (cell);
      room = gtk_widget_get_height (gtk_widget_get_parent (list));
      g_assert_cmpint (line_height, >, 0);
      /* Up to six lines show whole; more scroll, in six lines' room. */
      g_assert_cmpint (room, >=, MIN (i + 1, 6) * line_height);
      g_assert_cmpint (room, <=, MAX (MIN (i + 1, 6) * line_height, 60));
    }
  wr_test_save_png (window, "visit-page-repeats-few.png");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (page);
  g_assert_finalize_object (session);
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

/* A thousand beds with an observation each open as fast as without: the
 * notes are read once, and only the open bed's are shown, under its
 * question.
 */
static void
test_thousand_notes (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  WrVisitSession *session = wr_test_new_session (fixture->store, fixture->library, "beds", 0);
  g_autofree char *visit_uuid = g_strdup (wr_visit_get_uuid (wr_visit_session_get_visit (session)));
  WrSection *beds = WR_SECTION (wr_form_lookup_item (wr_visit_session_get_form (session), "beds"));
  GtkWidget *window = gtk_window_new ();
  WrVisitPage *page = g_object_ref_sink (g_object_new (WR_TYPE_VISIT_PAGE, NULL));
  gint64 start;
  gint64 opened;

  wr_test_add_repeats (fixture->store, visit_uuid, "beds", N_BEDS, NULL);
  g_assert_true (wr_visit_session_reload (session, &error));
  g_assert_no_error (error);
  g_assert_true (wr_store_begin_batch (fixture->store, &error));
  for (guint r = 0; r < N_BEDS; r++)
    {
      g_autofree char *text = g_strdup_printf ("Bed %u: the chart is out of date", r + 1);
      WrObservationFields fields = {
        .question_id = "bed-chart",
        .repeat_uuid = wr_visit_session_get_repeat_uuid (session, beds, r),
        .text = text,
        .kind = "concern",
      };
      g_autofree char *uuid = wr_store_add_observation (fixture->store, visit_uuid, &fields, &error);

      g_assert_no_error (error);
    }
  g_assert_true (wr_store_commit_batch (fixture->store, &error));
  g_assert_no_error (error);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 800);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  wr_test_wait_for_paint (window);

  start = g_get_monotonic_time ();
  wr_visit_page_set_session (page, session);
  opened = g_get_monotonic_time ();
  wr_test_wait_for_paint (window);
  g_test_message ("A visit of %u beds with %u observations opened in %.1f ms, drawn in %.1f ms",
                  N_BEDS, N_BEDS, (opened - start) / 1000.0, (g_get_monotonic_time () - start) / 1000.0);

  /* Bed 1's observation under its question, and no other bed's. */
  g_assert_nonnull (find_label_with (GTK_WIDGET (row_for (page, "bed-chart")), "Bed 1: the chart is out of date"));
  g_assert_null (find_label_with (GTK_WIDGET (page), "Bed 2: the chart is out of date"));
  g_assert_null (find_label_with (GTK_WIDGET (row_for (page, "bed-falls")), "the chart is out of date"));

  /* Opening bed 700 shows bed 700's. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "visit.go-to-question", "(ssu)", "bed-chart", "", 699));
  wr_test_wait_for_paint (window);
  g_assert_nonnull (find_label_with (GTK_WIDGET (row_for (page, "bed-chart")), "Bed 700: the chart is out of date"));
  g_assert_null (find_label_with (GTK_WIDGET (page), "Bed 1: the chart is out of date"));

  /* An action raised on bed 700's chart, as its row's Add Action does,
   * belongs to bed 700: under its question there, and not on bed 1's.
   */
  {
    WrQuestionRow *row = row_for (page, "bed-chart");
    GtkWidget *dialog = g_object_ref (GTK_WIDGET (wr_action_dialog_new (session,
                                                                        WR_FORM_ITEM (wr_question_row_get_question (row)),
                                                                        wr_question_row_get_repeat (row))));
    g_autoptr(GListModel) actions = NULL;
    g_autoptr(WrAction) action = NULL;

    g_assert_cmpuint (wr_question_row_get_repeat (row), ==, 699);
    gtk_window_present (GTK_WINDOW (dialog));
    gtk_editable_set_text (GTK_EDITABLE (wr_test_find_by_text (dialog, "_What is to be done")),
                           "Rewrite bed 700's chart");
    g_assert_true (gtk_widget_activate_action (dialog, "action.save", NULL));
    gtk_window_destroy (GTK_WINDOW (dialog));
    g_assert_finalize_object (dialog);

    actions = wr_store_list_actions (fixture->store, visit_uuid, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (actions), ==, 1);
    action = g_list_model_get_item (actions, 0);
    g_assert_cmpstr (wr_action_get_repeat_uuid (action), ==, wr_visit_session_get_repeat_uuid (session, beds, 699));
  }
  wr_test_wait_for_paint (window);
  g_assert_nonnull (find_label_with (GTK_WIDGET (row_for (page, "bed-chart")), "Rewrite bed 700's chart"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "visit.go-to-question", "(ssu)", "bed-chart", "", 0));
  wr_test_wait_for_paint (window);
  g_assert_nonnull (find_label_with (GTK_WIDGET (row_for (page, "bed-chart")), "Bed 1: the chart is out of date"));
  g_assert_null (find_label_with (GTK_WIDGET (page), "Rewrite bed 700's chart"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (page);
  g_assert_finalize_object (session);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) css = NULL;

  wr_test_init_display (&argc, &argv);

  /* The window's style, as the application loads it. */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/walkround/Walkround/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add ("/walkround/visit-page/repeats/thousand", Fixture, NULL,
              fixture_set_up, test_thousand_repeats, fixture_tear_down);
  g_test_add ("/walkround/visit-page/repeats/thousand-notes", Fixture, NULL,
              fixture_set_up, test_thousand_notes, fixture_tear_down);
  g_test_add ("/walkround/visit-page/repeats/few", Fixture, NULL,
              fixture_set_up, test_few_repeats, fixture_tear_down);

  return g_test_run ();
}
