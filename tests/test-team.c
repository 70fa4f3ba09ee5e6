/* test-team.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A 15 Steps visit recorded by its team on several devices, end to end:
 * the lead shares the draft from the window, a member's device (a second
 * database, driven by the real `walkround` binary) imports the pack,
 * records the member's answers with `walkround answer` and exports, and
 * the lead collects that pack in the window while having gone on
 * recording: both sides' answers are kept. Then "Who are you?" on a visit
 * that came from another device: asked once, kept, and what it changes
 * (the member's own answers first, walk mode's choice). Screenshots at
 * 1000 and 360 pixels.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "wr-application.h"
#include "wr-collect-dialog.h"
#include "wr-core-test-utils.h"
#include "wr-export-dialog.h"
#include "wr-pack-reader.h"
#include "wr-pack-writer.h"
#include "wr-test-utils.h"
#include "wr-visit-page.h"
#include "wr-window-private.h"

static GApplication *app;
static WrWindow *window;
static char *scratch;

static WrStore *
store (void)
{
  return wr_application_get_store (WR_APPLICATION (app));
}

static WrFormLibrary *
library (void)
{
  return wr_application_get_library (WR_APPLICATION (app));
}

static WrVisitPage *
visit_page (void)
{
  return WR_VISIT_PAGE (wr_test_find_descendant (GTK_WIDGET (window), WR_TYPE_VISIT_PAGE));
}

static gboolean
visit_is (gpointer uuid)
{
  WrVisitSession *session = visit_page () ? wr_visit_page_get_session (visit_page ()) : NULL;

  return session != NULL && g_strcmp0 (wr_visit_get_uuid (wr_visit_session_get_visit (session)), uuid) == 0;
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
no_export_dialog (gpointer data)
{
  return !wr_test_has_window_of_type (GSIZE_TO_POINTER (WR_TYPE_EXPORT_DIALOG));
}

static gboolean
collected (gpointer dialog)
{
  return wr_collect_dialog_get_summary (WR_COLLECT_DIALOG (dialog)) != NULL;
}

static gboolean
no_collect_dialog (gpointer data)
{
  return !wr_test_has_window_of_type (GSIZE_TO_POINTER (WR_TYPE_COLLECT_DIALOG));
}

static gboolean
window_width_is (gpointer width)
{
  return ABS (gtk_widget_get_width (GTK_WIDGET (window)) - GPOINTER_TO_INT (width)) <= 10;
}

static void
set_window_width (int width)
{
  gtk_window_set_default_size (GTK_WINDOW (window), width, width > 500 ? 700 : 640);
  wr_test_wait_until (window_width_is, GINT_TO_POINTER (width));
  for (guint f = 0; f < 3; f++)
    wr_test_wait_for_paint (GTK_WIDGET (window));
}

/* The stored value of @question_id for @member_uuid ("" for the team's). */
static char *
stored_answer (const char *visit_uuid,
               const char *question_id,
               const char *member_uuid)
{
  g_autoptr(GPtrArray) answers = wr_store_list_answers (store (), visit_uuid, NULL);

  for (guint i = 0; answers != NULL && i < answers->len; i++)
    {
      WrAnswer *answer = g_ptr_array_index (answers, i);

      if (g_str_equal (answer->question_id, question_id) && g_strcmp0 (answer->member_uuid, member_uuid) == 0)
        return g_strdup (answer->value);
    }
  return NULL;
}

static void
answer (WrVisitSession *session,
        const char     *question_id,
        const char     *member_uuid,
        const char     *value)
{
  g_autoptr(GError) error = NULL;
  WrFormItem *item = wr_form_lookup_item (wr_visit_session_get_form (session), question_id);

  g_assert_true (WR_IS_QUESTION (item));
  g_assert_true (wr_visit_session_set_answer (session, WR_QUESTION (item), member_uuid, 0, value, &error));
  g_assert_no_error (error);
}

static const char *
member_uuid (WrVisitSession *session,
             guint           index)
{
  GPtrArray *members = wr_visit_session_get_members (session);

  g_assert_cmpuint (index, <, members->len);
  return ((WrMember *) g_ptr_array_index (members, index))->uuid;
}

/* A 15 Steps draft on Ward 7 with Member 1 (the lead) and Member 2. */
static WrVisitSession *
new_team_visit (WrStore *in)
{
  WrVisitSession *session = wr_test_new_session (in, library (), "fifteen-steps", 2);

  answer (session, "setting", NULL, "inpatient");
  return session;
}

/* The question Collect from the Team… asks about unknown devices. */
static AdwMessageDialog *
find_trust_question (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (toplevel) &&
          g_str_has_prefix (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (toplevel)), "Trust "))
        return ADW_MESSAGE_DIALOG (toplevel);
    }
  return NULL;
}

static gboolean
has_trust_question (gpointer data)
{
  return find_trust_question () != NULL;
}

/* The fingerprint of the database's own key in `walkround devices list`. */
static char *
own_fingerprint (const char *listed)
{
  g_auto(GStrv) lines = g_strsplit (listed, "\n", -1);

  for (guint i = 1; lines[i] != NULL; i++)
    if (strstr (lines[i], "own") != NULL)
      {
        g_auto(GStrv) columns = g_strsplit (lines[i], "  ", 2);

        return g_strdup (g_strstrip (columns[0]));
      }
  g_error ("no own key in “%s”", listed);
  return NULL;
}

static void
test_share_and_collect (void)
{
  g_autoptr(WrVisitSession) lead = new_team_visit (store ());
  g_autofree char *uuid = g_strdup (wr_visit_get_uuid (wr_visit_session_get_visit (lead)));
  g_autofree char *me = g_strdup (member_uuid (lead, 0));
  g_autofree char *them = g_strdup (member_uuid (lead, 1));
  g_autofree char *member_dir = g_build_filename (scratch, "member-device", NULL);
  g_autofree char *shared = g_build_filename (scratch, "Ward 7 15 Steps team.xml", NULL);
  g_autofree char *returned = g_build_filename (scratch, "member 2.xml", NULL);
  g_autofree char *lead_dir = NULL;
  g_autofree char *value = NULL;
  g_auto(WrTestRun) imported = { 0 };
  g_auto(WrTestRun) feel = { 0 };
  g_auto(WrTestRun) patient = { 0 };
  g_auto(WrTestRun) exported = { 0 };
  const char *packs[] = { returned, NULL };
  GtkWindow *dialog;
  int width;
  int height;

  /* The lead's own impression before sharing. */
  answer (lead, "first-feel", me, "4");
  wr_window_open_visit (window, uuid);
  wr_test_wait_until (visit_is, uuid);

  /* Share with the Team…: the pack is written in the background. */
  _wr_window_share_visit (window, uuid, shared);
  wr_test_wait_until (no_export_dialog, NULL);
  g_assert_true (g_file_test (shared, G_FILE_TEST_IS_REGULAR));
  g_assert_nonnull (strstr (adw_toast_get_title (_wr_window_get_last_toast (window)), "team.xml"));

  /* The member's device: import, answer as Member 2, send it back. The
   * member's device trusts the lead's, by key file; the lead's does not
   * know the member's yet.
   */
  lead_dir = g_path_get_dirname (wr_store_get_path (store ()));
  wr_test_trust_dir (member_dir, lead_dir);
  wr_test_run_walkround (&imported, member_dir, "import", shared, NULL);
  g_assert_cmpstr (imported.err, ==, "");
  g_assert_cmpint (imported.status, ==, 0);
  g_assert_cmpstr (imported.out, ==, "1 new, 0 updated, 0 unchanged, 0 conflicts\n");
  wr_test_run_walkround (&feel, member_dir, "answer", uuid, "first-feel", "2", "--member", "Member 2", NULL);
  g_assert_cmpint (feel.status, ==, 0);
  wr_test_run_walkround (&patient, member_dir, "answer", uuid, "patient-member", "yes", NULL);
  g_assert_cmpint (patient.status, ==, 0);
  wr_test_run_walkround (&exported, member_dir, "export", "--visit", uuid, "--output", returned, NULL);
  g_assert_cmpint (exported.status, ==, 0);

  /* Meanwhile the lead goes on recording, on other questions. */
  answer (lead, "announced", NULL, "unannounced");
  answer (lead, "first-words", me, "Calm and bright");

  /* Collect from the Team… */
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  set_window_width (1000);
  dialog = _wr_window_collect_packs (window, packs);
  g_assert_nonnull (dialog);
  /* Asked once to trust the member's device, by its fingerprint. */
  wr_test_wait_until (has_trust_question, NULL);
  {
    AdwMessageDialog *question = find_trust_question ();
    g_auto(WrTestRun) listed = { 0 };
    g_autofree char *fingerprint = NULL;

    g_assert_false (collected (dialog));
    wr_test_run_walkround (&listed, member_dir, "devices", "list", NULL);
    g_assert_cmpint (listed.status, ==, 0);
    fingerprint = own_fingerprint (listed.out);
    if (strstr (adw_message_dialog_get_body (question), fingerprint) == NULL)
      g_error ("“%s” does not show the member's fingerprint %s", adw_message_dialog_get_body (question), fingerprint);
    g_assert_nonnull (strstr (adw_message_dialog_get_body (question), "member 2.xml"));
    g_assert_cmpstr (adw_message_dialog_get_default_response (question), ==, "cancel");
    wr_test_save_png (GTK_WIDGET (question), "team-collect-trust.png");
    adw_message_dialog_response (question, "trust");
    gtk_window_close (GTK_WINDOW (question));
  }
  wr_test_wait_until (collected, dialog);
  g_assert_cmpstr (wr_collect_dialog_get_summary (WR_COLLECT_DIALOG (dialog)), ==,
                   "1 pack: 2 entries added, 0 updated, 0 in conflict; 0 new visits, 1 updated, 0 unchanged, "
                   "0 conflicts");
  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (dialog), "member 2.xml"));
  wr_test_save_png (GTK_WIDGET (dialog), "team-collect-1000.png");
  gtk_window_set_default_size (dialog, 360, 480);
  for (guint f = 0; f < 3; f++)
    wr_test_wait_for_paint (GTK_WIDGET (dialog));
  wr_test_save_png (GTK_WIDGET (dialog), "team-collect-360.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "collect.cancel", NULL));
  wr_test_wait_until (no_collect_dialog, NULL);
  set_window_width (width);

  /* Both sides' answers are in the lead's visit, merged row by row. */
  wr_test_wait_until (visit_is, uuid);
  value = stored_answer (uuid, "first-feel", them);
  g_assert_cmpstr (value, ==, "2");
  g_clear_pointer (&value, g_free);
  value = stored_answer (uuid, "patient-member", "");
  g_assert_cmpstr (value, ==, "yes");
  g_clear_pointer (&value, g_free);
  value = stored_answer (uuid, "first-feel", me);
  g_assert_cmpstr (value, ==, "4");
  g_clear_pointer (&value, g_free);
  value = stored_answer (uuid, "first-words", me);
  g_assert_cmpstr (value, ==, "Calm and bright");
  g_clear_pointer (&value, g_free);
  value = stored_answer (uuid, "announced", "");
  g_assert_cmpstr (value, ==, "unannounced");
}

/* A visit started on another device, which this one imported. */
static char *
visit_from_elsewhere (char **second_member)
{
  g_autofree char *dir = g_build_filename (scratch, "elsewhere", NULL);
  g_autofree char *path = g_build_filename (dir, "walkround.db", NULL);
  g_autofree char *pack = g_build_filename (scratch, "elsewhere.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) other = NULL;
  g_autoptr(WrStore) connection = NULL;
  g_autoptr(WrVisitSession) session = NULL;
  g_autoptr(WrPackWriter) writer = NULL;
  g_autoptr(WrPackReader) reader = NULL;
  WrPackImportCounts counts = { 0 };
  char *uuid;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  other = wr_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wr_store_get_device_id (other), !=, wr_store_get_device_id (store ()));
  session = new_team_visit (other);
  uuid = g_strdup (wr_visit_get_uuid (wr_visit_session_get_visit (session)));
  *second_member = g_strdup (member_uuid (session, 1));

  /* Every visit of that device: it has only this one. */
  writer = wr_pack_writer_new (other, library ());
  g_assert_true (wr_pack_writer_write_file (writer, pack, NULL, &error));
  g_assert_no_error (error);

  connection = wr_store_open_another (store (), &error);
  g_assert_no_error (error);
  reader = wr_pack_reader_new (connection, library ());
  /* Test packs come from this test's other databases, or from before
   * packs were signed: taken as `import --trust-new-device
   * --allow-unsigned` takes them; a bad signature is still refused. */
  wr_pack_reader_set_trust_new_device (reader, TRUE);
  wr_pack_reader_set_allow_unsigned (reader, TRUE);
  g_assert_true (wr_pack_reader_import_file (reader, pack, NULL, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.n_new, ==, 1);
  wr_store_announce_changes_elsewhere (store ());

  return uuid;
}

static GtkWidget *
button_labelled (GtkWidget  *root,
                 const char *text)
{
  GtkWidget *label = wr_test_find_by_text (root, text);

  g_assert_nonnull (label);
  return gtk_widget_get_ancestor (label, GTK_TYPE_BUTTON);
}

static void
wait_for_dialog_paint (GtkWidget *dialog)
{
  for (guint f = 0; f < 4; f++)
    wr_test_wait_for_paint (dialog);
}

static void
test_who_are_you (void)
{
  g_autofree char *member = NULL;
  g_autofree char *uuid = visit_from_elsewhere (&member);
  g_autofree char *me = NULL;
  GtkWidget *dialog;
  GtkWidget *team_label;
  int width;
  int height;

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);

  /* Opened at 360 pixels: asked, and "Not Now" leaves it unchosen. */
  set_window_width (360);
  if (visit_page () != NULL)
    wr_visit_page_set_session (visit_page (), NULL);
  wr_window_open_visit (window, uuid);
  wr_test_wait_until (visit_is, uuid);
  wr_test_wait_until (has_message_dialog, NULL);
  dialog = wr_test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (wr_test_find_by_text (dialog, "Who Are You?"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==, "member-0");
  wait_for_dialog_paint (dialog);
  wr_test_save_png (dialog, "team-who-360.png");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_close (GTK_WINDOW (dialog));
  wr_test_wait_until (no_message_dialog, NULL);
  me = wr_store_get_my_member (store (), uuid, NULL);
  g_assert_cmpstr (me, ==, "");
  g_clear_pointer (&me, g_free);

  /* Opened again at 1000: asked again, and Member 2 chosen, from the
   * keyboard where keys can be pressed.
   */
  set_window_width (1000);
  wr_visit_page_set_session (visit_page (), NULL);
  wr_window_open_visit (window, uuid);
  wr_test_wait_until (has_message_dialog, NULL);
  dialog = wr_test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG);
  wait_for_dialog_paint (dialog);
  wr_test_save_png (dialog, "team-who-1000.png");
  if (wr_test_can_type ())
    {
      GtkWidget *choice = button_labelled (dialog, "Member 2 (Carer)");

      for (guint i = 0; i < 10 && gtk_root_get_focus (GTK_ROOT (dialog)) != choice; i++)
        wr_test_press_key (dialog, GDK_KEY_Tab, 0);
      g_assert_true (gtk_root_get_focus (GTK_ROOT (dialog)) == choice);
      wr_test_press_key (dialog, GDK_KEY_Return, 0);
    }
  else
    {
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "member-1");
      gtk_window_close (GTK_WINDOW (dialog));
    }
  wr_test_wait_until (no_message_dialog, NULL);

  /* Kept on this device; the page puts Member 2's own answers first. */
  me = wr_store_get_my_member (store (), uuid, NULL);
  g_assert_cmpstr (me, ==, member);
  g_assert_cmpstr (wr_visit_page_get_me (visit_page ()), ==, member);
  team_label = wr_test_find_by_text (GTK_WIDGET (visit_page ()), "Member 1, Member 2 · You are Member 2");
  g_assert_nonnull (team_label);
  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (visit_page ()), "Member 2 (Carer), you"));
  wr_test_save_png (GTK_WIDGET (window), "team-visit-you-1000.png");

  /* Walk mode offers Member 2 first. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (visit_page ()), "visit.walk", NULL));
  wr_test_wait_until (has_message_dialog, NULL);
  dialog = wr_test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (wr_test_find_by_text (dialog, "Who Is Walking?"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==, "member-1");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_close (GTK_WINDOW (dialog));
  wr_test_wait_until (no_message_dialog, NULL);

  /* Asked once per device: opening it again asks nothing. */
  wr_visit_page_set_session (visit_page (), NULL);
  wr_window_open_visit (window, uuid);
  wr_test_wait_until (visit_is, uuid);
  for (guint f = 0; f < 5; f++)
    wr_test_wait_for_paint (GTK_WIDGET (window));
  g_assert_false (has_message_dialog (NULL));
  set_window_width (360);
  wr_test_save_png (GTK_WIDGET (window), "team-visit-you-360.png");

  /* A visit started here asks nobody. */
  {
    g_autoptr(WrVisitSession) here = new_team_visit (store ());
    const char *here_uuid = wr_visit_get_uuid (wr_visit_session_get_visit (here));

    wr_window_open_visit (window, here_uuid);
    wr_test_wait_until (visit_is, (gpointer) here_uuid);
    for (guint f = 0; f < 5; f++)
      wr_test_wait_for_paint (GTK_WIDGET (window));
    g_assert_false (has_message_dialog (NULL));
  }
  set_window_width (width);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  int status;

  wr_test_init_display (&argc, &argv);

  data_dir = g_dir_make_tmp ("walkround-team-XXXXXX", &error);
  g_assert_no_error (error);
  scratch = g_dir_make_tmp ("walkround-team-files-XXXXXX", &error);
  g_assert_no_error (error);
  window = WR_WINDOW (wr_test_start_app_in (&app, data_dir));

  g_test_add_func ("/walkround/team/share-and-collect", test_share_and_collect);
  g_test_add_func ("/walkround/team/who-are-you", test_who_are_you);

  status = g_test_run ();
  wr_test_stop_app (app, GTK_WINDOW (window));
  g_free (scratch);

  return status;
}
