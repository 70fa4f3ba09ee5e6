/* test-walk-mode.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A member of a 15 Steps team records their walk in walk mode with the
 * keyboard alone, as a person would, keys pressed in the X server: Walk
 * Mode… on the visit, who is walking, each part in turn with the focus on
 * its heading, an answer of each kind and an observation, Back, Finish,
 * and Escape asking before it leaves. The store is checked for what was
 * saved and whose it is. Then screenshots at 1000 and 360 pixels, with
 * Larger Text too, with the targets' sizes measured.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "wr-application.h"
#include "wr-core-test-utils.h"
#include "wr-observation-dialog.h"
#include "wr-test-utils.h"
#include "wr-visit-page.h"
#include "wr-walk-page.h"
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

static WrWalkPage *
walk_page (void)
{
  GtkWidget *walk = wr_test_find_descendant (GTK_WIDGET (window), WR_TYPE_WALK_PAGE);

  return walk != NULL && gtk_widget_get_mapped (walk) ? WR_WALK_PAGE (walk) : NULL;
}

static gboolean
walking (gpointer data)
{
  return walk_page () != NULL;
}

static gboolean
not_walking (gpointer data)
{
  return walk_page () == NULL && visit_page () != NULL && wr_visit_page_get_session (visit_page ()) != NULL;
}

static gboolean
visit_is (gpointer uuid)
{
  WrVisitSession *session = visit_page () ? wr_visit_page_get_session (visit_page ()) : NULL;

  return session != NULL && g_strcmp0 (wr_visit_get_uuid (wr_visit_session_get_visit (session)), uuid) == 0;
}

static GtkWidget *
focus (void)
{
  return gtk_root_get_focus (GTK_ROOT (window));
}

static void
press (guint           keyval,
       GdkModifierType modifiers)
{
  wr_test_press_key (GTK_WIDGET (window), keyval, modifiers);
}

/* The button whose label is @text, inside @root. */
static GtkWidget *
button_labelled (GtkWidget  *root,
                 const char *text)
{
  GtkWidget *label = wr_test_find_by_text (root, text);

  g_assert_nonnull (label);
  return gtk_widget_get_ancestor (label, GTK_TYPE_BUTTON);
}

/* The choice whose label is @text. */
static GtkWidget *
choice (GtkWidget  *root,
        const char *text)
{
  GtkWidget *label = wr_test_find_by_text (root, text);

  g_assert_nonnull (label);
  return gtk_widget_get_ancestor (label, GTK_TYPE_CHECK_BUTTON);
}

/* Presses Tab until @target has the keyboard: the keyboard stays in walk
 * mode all the way (nothing behind it takes the focus).
 */
static void
tab_to (GtkWidget *target)
{
  for (guint i = 0; i < 40; i++)
    {
      GtkWidget *now = focus ();

      if (now != NULL && (now == target || gtk_widget_is_ancestor (now, target)))
        return;
      press (GDK_KEY_Tab, 0);
      g_assert_true (gtk_widget_is_ancestor (focus (), GTK_WIDGET (walk_page ())));
    }
  g_error ("Tab never reached %s", G_OBJECT_TYPE_NAME (target));
}

/* The first control of @type on screen (hidden ones are left out). */
static GtkWidget *
find_shown (GtkWidget *root,
            GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (!gtk_widget_get_visible (child))
        continue;
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_shown (child, type)))
        return found;
    }
  return NULL;
}

static gboolean
focus_on_heading (gpointer data)
{
  return walk_page () != NULL && focus () == wr_walk_page_get_heading (walk_page ());
}

/* Where the member is, as the heading says it to a screen reader. */
static void
assert_at (guint       step,
           const char *title,
           const char *progress)
{
  GtkWidget *heading;

  wr_test_wait_until (focus_on_heading, NULL);
  heading = wr_walk_page_get_heading (walk_page ());
  g_assert_cmpuint (wr_walk_page_get_step (walk_page ()), ==, step);
  g_assert_nonnull (wr_test_find_by_text (heading, title));
  g_assert_nonnull (wr_test_find_by_text (heading, progress));
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (heading)), ==, GTK_ACCESSIBLE_ROLE_HEADING);
}

static void
next (void)
{
  tab_to (button_labelled (GTK_WIDGET (walk_page ()), "Next"));
  press (GDK_KEY_Return, 0);
}

static char *
stored_answer (const char *visit_uuid,
               const char *question_id,
               const char *member_uuid)
{
  g_autoptr(GPtrArray) answers = wr_store_list_answers (store (), visit_uuid, NULL);

  for (guint i = 0; i < answers->len; i++)
    {
      WrAnswer *answer = g_ptr_array_index (answers, i);

      if (g_str_equal (answer->question_id, question_id) && g_strcmp0 (answer->member_uuid, member_uuid) == 0)
        return g_strdup (answer->value);
    }
  return NULL;
}

typedef struct
{
  const char *visit;
  const char *question;
  const char *member;
  const char *value;
  const char *kind;      /* an observation's, if it is checked */
} Expected;

static gboolean
answer_saved (gpointer data)
{
  Expected *e = data;
  g_autofree char *value = stored_answer (e->visit, e->question, e->member);

  return g_strcmp0 (value, e->value) == 0;
}

static gboolean
observation_saved (gpointer data)
{
  Expected *e = data;
  g_autoptr(GListModel) observations = wr_store_list_observations (store (), e->visit, NULL);

  for (guint i = 0; observations && i < g_list_model_get_n_items (observations); i++)
    {
      g_autoptr(WrObservation) o = g_list_model_get_item (observations, i);

      if (g_strcmp0 (wr_observation_get_text (o), e->value) == 0 &&
          g_strcmp0 (wr_observation_get_member_uuid (o), e->member) == 0 &&
          g_strcmp0 (wr_observation_get_question_id (o), e->question) == 0 &&
          (e->kind == NULL || g_strcmp0 (wr_observation_get_kind (o), e->kind) == 0))
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_message_dialog (gpointer data)
{
  return wr_test_has_window_of_type (GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG));
}

static gboolean
no_message_dialog (gpointer data)
{
  return !has_message_dialog (data);
}

static gboolean
has_observation_dialog (gpointer data)
{
  return wr_test_has_window_of_type (GSIZE_TO_POINTER (WR_TYPE_OBSERVATION_DIALOG));
}

static gboolean
no_observation_dialog (gpointer data)
{
  return !has_observation_dialog (data);
}

/* A visit of the 15 Steps form with two members, on a ward. */
static char *
new_walk_visit (char **member_uuid)
{
  WrFormLibrary *library = wr_application_get_library (WR_APPLICATION (app));
  g_autoptr(WrVisitSession) made = wr_test_new_session (store (), library, "fifteen-steps", 2);
  WrForm *form = wr_visit_session_get_form (made);
  g_autoptr(GError) error = NULL;
  GPtrArray *members = wr_visit_session_get_members (made);

  g_assert_true (wr_visit_session_set_answer (made, WR_QUESTION (wr_form_lookup_item (form, "setting")), NULL, 0,
                                              "inpatient", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 2);
  *member_uuid = g_strdup (((WrMember *) g_ptr_array_index (members, 1))->uuid);
  return g_strdup (wr_visit_get_uuid (wr_visit_session_get_visit (made)));
}

/* Walk Mode…, then who is walking, from the keyboard. */
static void
start_walk (const char *member_label)
{
  GtkWidget *walk_button = button_labelled (GTK_WIDGET (visit_page ()), "Walk Mode…");
  GtkWidget *dialog;

  g_assert_true (gtk_widget_get_visible (walk_button));
  /* The keyboard starts on the visit's own button, once the visit has
   * put it on its first question (as it does when it opens).
   */
  for (guint i = 0; i < 10; i++)
    wr_test_wait_for_paint (GTK_WIDGET (window));
  g_assert_true (gtk_widget_grab_focus (walk_button));
  wr_test_wait_for_paint (GTK_WIDGET (window));
  g_assert_true (focus () == walk_button);
  press (GDK_KEY_Return, 0);
  wr_test_wait_until (has_message_dialog, NULL);
  dialog = wr_test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (wr_test_find_by_text (dialog, "Who Is Walking?"));
  wr_test_save_png (dialog, "walk-mode-who.png");

  for (guint i = 0; i < 10; i++)
    {
      GtkWidget *now = gtk_root_get_focus (GTK_ROOT (dialog));

      if (now != NULL && now == button_labelled (dialog, member_label))
        break;
      wr_test_press_key (dialog, GDK_KEY_Tab, 0);
    }
  g_assert_true (gtk_root_get_focus (GTK_ROOT (dialog)) == button_labelled (dialog, member_label));
  wr_test_press_key (dialog, GDK_KEY_Return, 0);
  wr_test_wait_until (walking, NULL);
}

static void
test_walk_with_keyboard (void)
{
  g_autofree char *member = NULL;
  g_autofree char *uuid = new_walk_visit (&member);
  Expected knew = { uuid, "knew-area", member, "no" };
  Expected feel = { uuid, "first-feel", member, "4" };
  Expected words = { uuid, "first-words", member, "Calm and bright" };
  Expected noticed = { uuid, "welcoming-good", member, "A smile at the door", "good-practice" };
  Expected entry = { uuid, "ip-entry", member, "yes" };
  const char *themes[] = { "Is it welcoming?", "Is it safe?", "Is it caring and involving?",
                           "Is it well organised and calm?" };
  GtkWidget *dialog;
  GtkWidget *button;
  GtkWidget *walk;

  if (!wr_test_can_type ())
    {
      g_test_skip ("No XTest to press keys with");
      return;
    }

  wr_window_open_visit (window, uuid);
  wr_test_wait_until (visit_is, uuid);
  wr_test_wait_for_paint (GTK_WIDGET (window));
  start_walk ("Member 2 (Carer)");
  walk = GTK_WIDGET (walk_page ());
  g_assert_cmpstr (wr_walk_page_get_member (walk_page ()), ==, member);
  /* About you, first impressions, the four themes, on the ward. */
  g_assert_cmpuint (wr_walk_page_get_n_steps (walk_page ()), ==, 7);
  /* Over the whole window: no sidebar, no visit page behind it. */
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (_wr_window_get_sidebar (window))));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (visit_page ())));

  /* About you: a choice, with Space. */
  assert_at (0, "About you", "Step 1 of 7");
  tab_to (choice (walk, "No, it was new to me"));
  press (GDK_KEY_space, 0);
  wr_test_wait_until (answer_saved, &knew);
  next ();

  /* First impressions: a rating and a few words. */
  assert_at (1, "Your first impressions", "Step 2 of 7");
  g_assert_true (gtk_widget_get_sensitive (button_labelled (walk, "Back")));
  tab_to (choice (walk, "Welcome"));
  press (GDK_KEY_space, 0);
  wr_test_wait_until (answer_saved, &feel);
  tab_to (find_shown (walk, GTK_TYPE_ENTRY));
  wr_test_type (GTK_WIDGET (window), "Calm and bright");
  next ();
  /* Leaving the part saves the words at once. */
  g_assert_true (answer_saved (&words));

  /* Theme 1: what the member noticed, in the observation dialog. */
  assert_at (2, themes[0], "Theme 1 of 4 · Step 3 of 7");
  button = button_labelled (walk, "Add What You Noticed…");
  tab_to (button);
  press (GDK_KEY_Return, 0);
  wr_test_wait_until (has_observation_dialog, NULL);
  dialog = wr_test_find_window_of_type (WR_TYPE_OBSERVATION_DIALOG);
  /* The words alone: no kinds, voices or CQC statements to choose. */
  g_assert_null (find_shown (dialog, GTK_TYPE_DROP_DOWN));
  wr_test_type (dialog, "A smile at the door");
  wr_test_save_png (dialog, "walk-mode-noticed.png");
  wr_test_press_key (dialog, GDK_KEY_Return, GDK_CONTROL_MASK);
  wr_test_wait_until (no_observation_dialog, NULL);
  wr_test_wait_until (observation_saved, &noticed);
  /* The keyboard is back on the button, and the words are under it. */
  g_assert_true (focus () == button);
  g_assert_nonnull (wr_test_find_by_text (walk, "A smile at the door"));

  /* Themes 2 to 4, and Back once on the way. */
  next ();
  assert_at (3, themes[1], "Theme 2 of 4 · Step 4 of 7");
  tab_to (button_labelled (walk, "Back"));
  press (GDK_KEY_Return, 0);
  assert_at (2, themes[0], "Theme 1 of 4 · Step 3 of 7");
  g_assert_nonnull (wr_test_find_by_text (walk, "A smile at the door"));
  for (guint t = 1; t < G_N_ELEMENTS (themes); t++)
    {
      g_autofree char *progress = g_strdup_printf ("Theme %u of 4 · Step %u of 7", t + 1, t + 3);

      next ();
      assert_at (t + 2, themes[t], progress);
    }

  /* On the ward: a yes, then Finish. */
  next ();
  assert_at (6, "On an inpatient ward", "Step 7 of 7");
  tab_to (choice (walk, "Yes"));
  press (GDK_KEY_space, 0);
  wr_test_wait_until (answer_saved, &entry);
  g_assert_null (wr_test_find_by_text (walk, "Next"));
  tab_to (button_labelled (walk, "Finish"));
  press (GDK_KEY_Return, 0);
  wr_test_wait_until (not_walking, NULL);

  /* Back on the visit page, which says the walk is saved and shows what
   * was given, as the member's.
   */
  g_assert_true (visit_is (uuid));
  g_assert_nonnull (_wr_window_get_last_toast (window));
  g_assert_cmpstr (adw_toast_get_title (_wr_window_get_last_toast (window)), ==, "Member 2’s walk is saved");
  adw_toast_dismiss (_wr_window_get_last_toast (window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (visit_page ())));
  g_assert_true (answer_saved (&knew) && answer_saved (&feel) && answer_saved (&words) && answer_saved (&entry));
  g_assert_true (observation_saved (&noticed));
  {
    g_autofree char *other = stored_answer (uuid, "knew-area", NULL);

    g_assert_null (other);
  }
  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (visit_page ()), "A smile at the door"));
}

/* Escape asks first; Keep Walking stays, Stop Walk goes back. */
static void
test_escape_asks (void)
{
  g_autofree char *member = NULL;
  g_autofree char *uuid = new_walk_visit (&member);
  GtkWidget *dialog;

  if (!wr_test_can_type ())
    {
      g_test_skip ("No XTest to press keys with");
      return;
    }

  wr_window_open_visit (window, uuid);
  wr_test_wait_until (visit_is, uuid);
  wr_test_wait_for_paint (GTK_WIDGET (window));
  start_walk ("Member 1 (Carer)");
  assert_at (0, "About you", "Step 1 of 7");

  press (GDK_KEY_Escape, 0);
  wr_test_wait_until (has_message_dialog, NULL);
  dialog = wr_test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (wr_test_find_by_text (dialog, "Stop the Walk?"));
  /* Enter takes the default, which keeps walking. */
  wr_test_press_key (dialog, GDK_KEY_Return, 0);
  wr_test_wait_until (no_message_dialog, NULL);
  g_assert_nonnull (walk_page ());
  g_assert_true (gtk_widget_is_ancestor (focus (), GTK_WIDGET (walk_page ())));

  /* Alt+Left asks too, and Stop Walk leaves. */
  press (GDK_KEY_Left, GDK_ALT_MASK);
  wr_test_wait_until (has_message_dialog, NULL);
  dialog = wr_test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG);
  for (guint i = 0; i < 5 && gtk_root_get_focus (GTK_ROOT (dialog)) != button_labelled (dialog, "Stop Walk"); i++)
    wr_test_press_key (dialog, GDK_KEY_Tab, 0);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (dialog)) == button_labelled (dialog, "Stop Walk"));
  wr_test_press_key (dialog, GDK_KEY_Return, 0);
  wr_test_wait_until (not_walking, NULL);
  g_assert_true (visit_is (uuid));
  adw_toast_dismiss (_wr_window_get_last_toast (window));
}

static gboolean
window_width_is (gpointer width)
{
  return ABS (gtk_widget_get_width (GTK_WIDGET (window)) - GPOINTER_TO_INT (width)) <= 10;
}

/* Every button and choice is 44 pixels high at least. */
static void
assert_large_targets (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_mapped (child))
        continue;
      if ((GTK_IS_BUTTON (child) || GTK_IS_CHECK_BUTTON (child)) && !gtk_widget_has_css_class (child, "titlebutton") &&
          gtk_widget_get_ancestor (child, ADW_TYPE_HEADER_BAR) == NULL)
        {
          if (gtk_widget_get_height (child) < 44)
            g_error ("%s %s is %d pixels high", G_OBJECT_TYPE_NAME (child),
                     gtk_widget_get_name (child), gtk_widget_get_height (child));
        }
      assert_large_targets (child);
    }
}

/* Walk mode at 1000 and 360 pixels, with and without Larger Text. */
static void
test_screenshots (void)
{
  g_autofree char *member = NULL;
  g_autofree char *uuid = new_walk_visit (&member);
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GError) error = NULL;
  WrObservationFields observation = { .question_id = "welcoming-good", .text = "Staff said hello at once",
                                      .kind = "good-practice", .voice = "visitor" };
  const struct { int width; int height; gboolean large; guint step; } shots[] = {
    { 1000, 700, FALSE, 1 }, { 1000, 700, FALSE, 2 }, { 360, 640, FALSE, 1 }, { 360, 640, TRUE, 1 },
    { 360, 640, TRUE, 2 },
  };
  int width;
  int height;

  observation.member_uuid = member;
  g_free (wr_store_add_observation (store (), uuid, &observation, &error));
  g_assert_no_error (error);

  /* The toasts of the walks before go, as their timeouts would. */
  if (_wr_window_get_last_toast (window) != NULL)
    adw_toast_dismiss (_wr_window_get_last_toast (window));
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  wr_window_open_visit (window, uuid);
  wr_test_wait_until (visit_is, uuid);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (visit_page ()), "visit.walk", NULL));
  wr_test_wait_until (has_message_dialog, NULL);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (wr_test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG)), "member-1");
  gtk_window_close (GTK_WINDOW (wr_test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG)));
  wr_test_wait_until (walking, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      g_autofree char *png = g_strdup_printf ("walk-mode-%d-step-%u%s.png", shots[i].width, shots[i].step + 1,
                                              shots[i].large ? "-large-text" : "");
      GtkWidget *walk = GTK_WIDGET (walk_page ());

      g_settings_set_boolean (settings, "large-text", shots[i].large);
      gtk_window_set_default_size (GTK_WINDOW (window), shots[i].width, shots[i].height);
      while (wr_walk_page_get_step (walk_page ()) < shots[i].step)
        g_signal_emit_by_name (button_labelled (walk, "Next"), "clicked");
      while (wr_walk_page_get_step (walk_page ()) > shots[i].step)
        g_signal_emit_by_name (button_labelled (walk, "Back"), "clicked");
      wr_test_wait_until (focus_on_heading, NULL);
      for (guint f = 0; f < 4; f++)
        wr_test_wait_for_paint (GTK_WIDGET (window));
      wr_test_wait_until (window_width_is, GINT_TO_POINTER (shots[i].width));
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, shots[i].width);
      assert_large_targets (walk);
      wr_test_save_png (GTK_WIDGET (window), png);
    }

  g_settings_set_boolean (settings, "large-text", FALSE);
  wr_walk_page_ask_to_leave (walk_page ());
  wr_test_wait_until (has_message_dialog, NULL);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (wr_test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG)), "stop");
  gtk_window_close (GTK_WINDOW (wr_test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG)));
  wr_test_wait_until (not_walking, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  wr_test_wait_for_paint (GTK_WIDGET (window));
}

/* Built on its own, drawn, and finalized once closed. */
static void
test_lifecycle (void)
{
  g_autofree char *member = NULL;
  g_autofree char *uuid = new_walk_visit (&member);
  g_autoptr(GError) error = NULL;
  g_autoptr(WrVisitSession) session = wr_visit_session_new (store (), wr_application_get_library (WR_APPLICATION (app)),
                                                            uuid, &error);
  GtkWidget *page;

  g_assert_no_error (error);
  page = wr_walk_page_new (session, member);
  g_assert_cmpuint (wr_walk_page_get_n_steps (WR_WALK_PAGE (page)), ==, 7);
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

  data_dir = g_dir_make_tmp ("walkround-walk-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("WALKROUND_DATA_DIR", data_dir, TRUE);
  window = WR_WINDOW (wr_test_start_app_in (&app, data_dir));

  g_test_add_func ("/walkround/walk-mode/keyboard", test_walk_with_keyboard);
  g_test_add_func ("/walkround/walk-mode/escape-asks", test_escape_asks);
  g_test_add_func ("/walkround/walk-mode/screenshots", test_screenshots);
  g_test_add_func ("/walkround/walk-mode/lifecycle", test_lifecycle);

  status = g_test_run ();
  wr_test_stop_app (app, GTK_WINDOW (window));

  return status;
}
