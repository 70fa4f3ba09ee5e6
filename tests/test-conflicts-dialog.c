/* test-conflicts-dialog.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Rows in conflict as a person meets them. Devices A and B start from one
 * pack and change the same answer apart; this computer imports both packs.
 * The Evidence page counts the conflict, the visit shows a banner, and its
 * button opens the Resolve Conflicts dialog for that visit: the question
 * in the form's words, both versions with who wrote them. Keeping one
 * (with its button's action, after the confirmation) stores it, and the
 * conflict, the banner and the count go. This computer changed it too,
 * as the member its user chose in Who Are You?, whose name its version
 * shows. Screenshots at 1000 and 360 pixels, with Larger Text too: narrow,
 * Keep This One goes under each version's text.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "wr-application.h"
#include "wr-conflicts-dialog.h"
#include "wr-demo.h"
#include "wr-pack-reader.h"
#include "wr-pack-writer.h"
#include "wr-row-conflict.h"
#include "wr-test-utils.h"
#include "wr-visit-list.h"
#include "wr-visit-page.h"
#include "wr-window.h"
#include "wr-window-private.h"

static GApplication *app;
static WrWindow *window;

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

static WrStore *
open_device (const char *folder,
             const char *name)
{
  g_autofree char *path = g_strdup_printf ("%s/%s.db", folder, name);
  g_autoptr(GError) error = NULL;
  WrStore *device = wr_store_open (path, &error);

  g_assert_no_error (error);
  return device;
}

static char *
export (WrStore    *device,
        const char *folder,
        const char *name)
{
  g_autoptr(WrPackWriter) writer = wr_pack_writer_new (device, library ());
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (folder, name, NULL);

  g_assert_true (wr_pack_writer_write_file (writer, path, NULL, &error));
  g_assert_no_error (error);
  return path;
}

static WrPackImportCounts
import (WrStore    *device,
        const char *path)
{
  g_autoptr(WrPackReader) reader = wr_pack_reader_new (device, library ());
  /* Test packs come from this test's other databases, or from before
   * packs were signed: taken as `import --trust-new-device
   * --allow-unsigned` takes them; a bad signature is still refused. */
  wr_pack_reader_set_trust_new_device (reader, TRUE);
  wr_pack_reader_set_allow_unsigned (reader, TRUE);
  g_autoptr(GError) error = NULL;
  WrPackImportCounts counts = { 0, };

  g_assert_true (wr_pack_reader_import_file (reader, path, NULL, &counts, &error));
  g_assert_no_error (error);
  return counts;
}

typedef enum
{
  TEAM_ANSWER,     /* the team's, outside repeats */
  REPEAT_ANSWER,   /* inside a repeat */
  MEMBER_ANSWER,   /* in a member's own section */
} AnswerKind;

/* An answer of @kind in a draft visit of @device: the visit, the
 * question, and the repeat's or member's uuid (@uuid may be NULL).
 */
static void
find_answer_of (WrStore     *device,
                AnswerKind   kind,
                char       **visit_uuid,
                char       **question_id,
                char       **uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrVisitList) list = wr_visit_list_new (device);
  const char *drafts[] = { "draft", NULL };
  WrVisitFilter filter = { .statuses = drafts };
  guint n;

  g_assert_true (wr_visit_list_set_filter (list, &filter, &error));
  g_assert_true (wr_visit_list_reload (list, &error));
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WrVisit) visit = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autoptr(GPtrArray) answers = wr_store_list_answers (device, wr_visit_get_uuid (visit), &error);

      g_assert_no_error (error);
      for (guint j = 0; j < answers->len; j++)
        {
          const WrAnswer *answer = g_ptr_array_index (answers, j);
          gboolean in_member = answer->member_uuid[0] != '\0';
          gboolean in_repeat = answer->repeat_uuid[0] != '\0';

          if ((kind == TEAM_ANSWER && !in_member && !in_repeat) || (kind == REPEAT_ANSWER && in_repeat && !in_member) ||
              (kind == MEMBER_ANSWER && in_member && !in_repeat))
            {
              *visit_uuid = g_strdup (wr_visit_get_uuid (visit));
              *question_id = g_strdup (answer->question_id);
              if (uuid != NULL)
                *uuid = g_strdup (kind == MEMBER_ANSWER ? answer->member_uuid : answer->repeat_uuid);
              return;
            }
        }
    }
  g_assert_not_reached ();
}

static void
set_comment (WrStore    *device,
             const char *visit_uuid,
             const char *question_id,
             const char *comment)
{
  g_autoptr(GError) error = NULL;
  WrAnswerKey key = { question_id, "", "" };

  g_assert_true (wr_store_set_answer_comment (device, visit_uuid, &key, comment, &error));
  g_assert_no_error (error);
}

static char *
comment_of (WrStore    *device,
            const char *visit_uuid,
            const char *question_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) answers = wr_store_list_answers (device, visit_uuid, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < answers->len; i++)
    {
      WrAnswer *answer = g_ptr_array_index (answers, i);

      if (g_str_equal (answer->question_id, question_id) && answer->member_uuid[0] == '\0' &&
          answer->repeat_uuid[0] == '\0')
        return g_strdup (answer->comment);
    }
  return NULL;
}

static guint
n_row_conflicts (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = wr_pack_list_row_conflicts (store (), NULL, &error);

  g_assert_no_error (error);
  return rows->len;
}

/* The @n-th label of @root, depth first. */
static GtkLabel *
nth_label (GtkWidget *root,
           guint     *n)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found;

      if (GTK_IS_LABEL (child) && (*n)-- == 0)
        return GTK_LABEL (child);
      if ((found = nth_label (child, n)))
        return found;
    }
  return NULL;
}

/* A version's row: its title (what the version holds), then its subtitle
 * (who wrote it when), then its buttons.
 */
static const char *
row_title (GtkWidget *row)
{
  guint n = 0;
  GtkLabel *label = nth_label (row, &n);

  g_assert_nonnull (label);
  return gtk_label_get_text (label);
}

static const char *
row_subtitle (GtkWidget *row)
{
  guint n = 1;
  GtkLabel *label = nth_label (row, &n);

  g_assert_nonnull (label);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "dim-label"));
  return gtk_label_get_text (label);
}

/* Whether @row's buttons are under its text, rather than beside it; and
 * how wide its text is.
 */
static gboolean
buttons_under_text (GtkWidget *row,
                    float     *text_width)
{
  GtkWidget *button = wr_test_find_descendant (row, GTK_TYPE_BUTTON);
  guint n = 0;
  GtkWidget *title = GTK_WIDGET (nth_label (row, &n));
  graphene_rect_t button_bounds;
  graphene_rect_t title_bounds;

  g_assert_true (gtk_widget_compute_bounds (button, row, &button_bounds));
  g_assert_true (gtk_widget_compute_bounds (title, row, &title_bounds));
  *text_width = title_bounds.size.width;
  return button_bounds.origin.y >= title_bounds.origin.y + title_bounds.size.height;
}

/* The row of a version: a list row whose title holds @text. */
static GtkWidget *
find_version_row (GtkWidget  *root,
                  const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LIST_BOX_ROW (child) && strstr (row_title (child), text) != NULL)
        return child;
      if ((found = find_version_row (child, text)))
        return found;
    }
  return NULL;
}

static gboolean
shows (gpointer data)
{
  GtkWidget *widget = wr_test_find_by_text (GTK_WIDGET (window), data);

  return widget != NULL && gtk_widget_is_visible (widget);
}

static gboolean
hides (gpointer data)
{
  return !shows (data);
}

static gboolean
has_dialog (gpointer data)
{
  return wr_test_find_window_of_type (GPOINTER_TO_SIZE (data)) != NULL;
}

/* The confirmation: a message dialog that says what is lost. Opening a
 * visit from another device may ask "Who Are You?" in one too.
 */
static GtkWidget *
find_confirmation_saying (const char *words)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (toplevel) &&
          strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (toplevel)), words) != NULL)
        return toplevel;
    }
  return NULL;
}

static GtkWidget *
find_confirmation (void)
{
  return find_confirmation_saying ("gone");
}

static gboolean
has_confirmation (gpointer data)
{
  return find_confirmation () != NULL;
}

static gboolean
dialog_settled (gpointer data)
{
  return !wr_conflicts_dialog_is_loading (data);
}

static gboolean
shows_none (gpointer data)
{
  GtkWidget *none = wr_test_find_by_text (data, "No Conflicts");

  return !wr_conflicts_dialog_is_loading (data) && none != NULL && gtk_widget_get_mapped (none);
}

typedef struct
{
  int   width;
  int   height;
  guint tries;
} Size;

/* The window's own width, less its frame. A size asked for while the
 * dialog was still being mapped can be lost: it is asked for again.
 */
static gboolean
width_near (gpointer data)
{
  Size *size = data;
  GtkWidget *dialog = wr_test_find_window_of_type (WR_TYPE_CONFLICTS_DIALOG);
  int width = gtk_widget_get_width (dialog);

  wr_test_wait_for_paint (dialog);
  if (width <= size->width && width >= size->width - 20)
    return TRUE;
  if (++size->tries % 50 == 0)
    gtk_window_set_default_size (GTK_WINDOW (dialog), size->width, size->height);
  return FALSE;
}

static void
screenshot (GtkWidget  *dialog,
            int         width,
            int         height,
            const char *name)
{
  Size size = { width, height, 0 };

  gtk_window_set_default_size (GTK_WINDOW (dialog), width, height);
  for (guint f = 0; f < 4; f++)
    wr_test_wait_for_paint (dialog);
  g_test_message ("waiting: width_near");
  wr_test_wait_until (width_near, &size);
  wr_test_save_png (dialog, name);
}

static void
test_row_conflict (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_dir_make_tmp ("walkround-conflicts-XXXXXX", &error);
  g_autoptr(WrStore) a = open_device (folder, "a");
  g_autoptr(WrStore) b = open_device (folder, "b");
  g_autofree char *visit = NULL;
  g_autofree char *question = NULL;
  g_autofree char *question_text = NULL;
  g_autofree char *start = NULL;
  g_autofree char *from_a = NULL;
  g_autofree char *from_b = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *accessible = NULL;
  g_autofree char *me = NULL;
  g_autofree char *mine = NULL;
  g_autoptr(GPtrArray) members = NULL;
  GtkWidget *row_here;
  WrDemoOptions options = { 30, 3, "2026-11-27" };
  WrPackImportCounts counts;
  GtkWidget *banner;
  GtkWidget *dialog;
  GtkWidget *row_a;
  GtkWidget *row_b;
  GtkWidget *keep;
  GtkWidget *message;
  const char *banner_text = "1 answer was changed on two devices: choose which to keep.";

  g_assert_no_error (error);
  g_assert_true (wr_demo_fill (a, library (), &options, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  find_answer_of (a, TEAM_ANSWER, &visit, &question, NULL);

  /* A, B and this computer start from the same pack; then A and B change
   * the same answer apart, and this computer takes both.
   */
  start = export (a, folder, "start.xml");
  import (b, start);
  import (store (), start);
  /* The person at this computer says who they are, and changes it too. */
  members = wr_store_list_members (store (), visit, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, >, 0);
  me = g_strdup (((WrMember *) g_ptr_array_index (members, 0))->name);
  g_assert_true (wr_store_set_my_member (store (), visit, ((WrMember *) g_ptr_array_index (members, 0))->uuid, &error));
  g_assert_no_error (error);
  set_comment (store (), visit, question, "Seen here: the door was ajar");
  set_comment (a, visit, question, "Seen on A: the door was locked");
  set_comment (b, visit, question, "Seen on B: the door was open");
  from_a = export (a, folder, "a.xml");
  from_b = export (b, folder, "b.xml");
  import (store (), from_a);
  counts = import (store (), from_b);
  g_assert_cmpuint (counts.n_row_conflicts, ==, 1);
  g_assert_cmpuint (n_row_conflicts (), ==, 1);

  /* The Evidence page counts it, in the background. */
  wr_window_show_page (window, "evidence");
  g_test_message ("waiting: shows");
  wr_test_wait_until (shows, (gpointer) "Resolve 1 Conflict…");

  /* The visit says so, and its banner's button opens the dialog. */
  wr_window_open_visit (window, visit);
  g_test_message ("waiting: shows");
  wr_test_wait_until (shows, (gpointer) banner_text);
  banner = gtk_widget_get_ancestor (wr_test_find_by_text (GTK_WIDGET (window), banner_text), GTK_TYPE_REVEALER);
  g_assert_nonnull (banner);
  keep = gtk_widget_get_ancestor (wr_test_find_by_text (banner, "Choose Which to Keep…"), GTK_TYPE_BUTTON);
  g_assert_nonnull (keep);
  g_assert_true (gtk_widget_get_focusable (keep) || gtk_widget_get_focus_on_click (keep));
  wr_test_save_png (GTK_WIDGET (window), "visit-page-conflicts.png");
  g_assert_true (gtk_widget_activate_action (keep, gtk_actionable_get_action_name (GTK_ACTIONABLE (keep)), NULL));
  g_test_message ("waiting: has_dialog");
  wr_test_wait_until (has_dialog, GSIZE_TO_POINTER (WR_TYPE_CONFLICTS_DIALOG));
  dialog = wr_test_find_window_of_type (WR_TYPE_CONFLICTS_DIALOG);
  g_test_message ("waiting: dialog_settled");
  wr_test_wait_until (dialog_settled, dialog);

  /* The question in the form's words, and both versions. */
  question_text = wr_visit_question_text (store (), library (), visit, question);
  g_assert_nonnull (question_text);
  g_assert_cmpstr (question_text, !=, question);
  g_assert_nonnull (wr_test_find_by_text (dialog, question_text));
  row_a = find_version_row (dialog, "Seen on A: the door was locked");
  row_b = find_version_row (dialog, "Seen on B: the door was open");
  g_assert_nonnull (row_a);
  g_assert_nonnull (row_b);
  g_assert_true (row_a != row_b);
  /* The answer as the form words it, not its stored value. */
  g_assert_false (g_str_has_prefix (row_title (row_a), "value "));
  g_assert_nonnull (strstr (row_title (row_a), " · comment “"));
  /* Neither was written here: they are named by the start of their devices' ids. */
  g_assert_true (g_str_has_prefix (row_subtitle (row_a), "Shown now · Device ") ||
                 g_str_has_prefix (row_subtitle (row_a), "Device "));
  g_assert_nonnull (strstr (row_subtitle (row_b), "Device "));
  g_assert_nonnull (strstr (row_subtitle (row_b), "…"));
  /* This computer's by who its user said they are, and when. */
  row_here = find_version_row (dialog, "Seen here: the door was ajar");
  g_assert_nonnull (row_here);
  mine = g_strdup_printf ("%s (this device) · ", me);
  if (strstr (row_subtitle (row_here), mine) == NULL)
    g_error ("“%s” does not name %s", row_subtitle (row_here), me);
  g_assert_nonnull (wr_test_find_by_text (dialog, row_subtitle (row_here)));

  /* Wide, Keep This One is beside each version; at 360 pixels, and with
   * Larger Text, under it, so that the text keeps the row's width.
   */
  {
    g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
    float text_width;

    screenshot (dialog, 1000, 700, "conflicts-dialog-1000.png");
    g_assert_false (buttons_under_text (row_a, &text_width));
    screenshot (dialog, 360, 640, "conflicts-dialog-360.png");
    g_assert_true (buttons_under_text (row_a, &text_width));
    g_assert_cmpfloat (text_width, >=, 240);
    g_settings_set_boolean (settings, "large-text", TRUE);
    screenshot (dialog, 360, 640, "conflicts-dialog-360-large-text.png");
    g_assert_true (buttons_under_text (row_a, &text_width));
    g_assert_cmpfloat (text_width, >=, 240);
    screenshot (dialog, 1000, 700, "conflicts-dialog-1000-large-text.png");
    g_assert_false (buttons_under_text (row_a, &text_width));
    g_settings_set_boolean (settings, "large-text", FALSE);
  }

  /* Keep A's, with the button's action, after the confirmation. */
  keep = wr_test_find_descendant (row_a, GTK_TYPE_BUTTON);
  g_assert_nonnull (keep);
  g_assert_true (gtk_widget_get_focusable (keep) || gtk_widget_get_focus_on_click (keep));
  g_assert_true (gtk_widget_is_sensitive (keep));
  accessible = g_strdup_printf ("Keep this version of %s: %s", question_text,
                                row_title (row_a));
  {
    g_autofree char *problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (keep),
                                                                   GTK_ACCESSIBLE_PROPERTY_LABEL, accessible);

    if (problem != NULL)
      g_error ("%s", problem);
  }
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (keep)), ==, "conflicts.keep");
  g_assert_true (gtk_widget_activate_action_variant (keep, "conflicts.keep",
                                                     gtk_actionable_get_action_target_value (GTK_ACTIONABLE (keep))));
  g_test_message ("waiting: has_dialog");
  wr_test_wait_until (has_confirmation, NULL);
  message = find_confirmation ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (message)), "Seen on A"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (message)), "gone"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (message), "keep");
  gtk_window_close (GTK_WINDOW (message));
  g_test_message ("waiting: shows_none");
  wr_test_wait_until (shows_none, dialog);

  /* Stored: no conflict left, and A's comment kept. */
  g_assert_cmpuint (n_row_conflicts (), ==, 0);
  kept = comment_of (store (), visit, question);
  g_assert_cmpstr (kept, ==, "Seen on A: the door was locked");

  /* The banner and the count go. */
  g_test_message ("waiting: hides");
  wr_test_wait_until (hides, (gpointer) banner_text);
  gtk_window_close (GTK_WINDOW (dialog));
  wr_test_iterate ();
  wr_window_show_page (window, "evidence");
  g_test_message ("waiting: hides");
  wr_test_wait_until (hides, (gpointer) "Resolve 1 Conflict…");

  g_clear_object (&a);
  g_clear_object (&b);
  {
    const char *names[] = { "a.db", "b.db", "a.db-wal", "b.db-wal", "a.db-shm", "b.db-shm", "start.xml", "a.xml",
                            "b.xml" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *path = g_build_filename (folder, names[i], NULL);

        g_remove (path);
      }
    g_rmdir (folder);
  }
}

/* A label whose text starts with @prefix. */
static GtkWidget *
find_label_starting (GtkWidget  *root,
                     const char *prefix)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (child)), prefix))
        return child;
      if ((found = find_label_starting (child, prefix)))
        return found;
    }
  return NULL;
}

static GtkWidget *
find_keep_removed_confirmation (void)
{
  return find_confirmation_saying ("stays removed");
}

static gboolean
has_keep_removed_confirmation (gpointer data)
{
  return find_keep_removed_confirmation () != NULL;
}

static GtkWidget *removal_dialog;

/* The dialog, settled, no longer shows @data. */
static gboolean
dialog_lacks (gpointer data)
{
  return !wr_conflicts_dialog_is_loading (WR_CONFLICTS_DIALOG (removal_dialog)) &&
         wr_test_find_by_text (removal_dialog, data) == NULL;
}

static guint
n_removals (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) removals = wr_store_list_deletion_conflicts (store (), NULL, &error);

  g_assert_no_error (error);
  return removals->len;
}

/* The button labelled @label in the dialog's group about @what. */
static GtkWidget *
removal_button (GtkWidget  *dialog,
                const char *what,
                const char *label)
{
  GtkWidget *heading = wr_test_find_by_text (dialog, what);
  GtkWidget *box = heading != NULL ? gtk_widget_get_parent (heading) : NULL;
  GtkWidget *text = box != NULL ? wr_test_find_by_text (box, label) : NULL;

  return text != NULL ? gtk_widget_get_ancestor (text, GTK_TYPE_BUTTON) : NULL;
}

/* This computer removes a repeat and a team member of two visits while A,
 * not knowing, records in both. Once A's pack is in, the visit's banner
 * says so, and Resolve Conflicts shows each removal: what it was, who
 * removed it when, and what A recorded, with Bring Back and Keep Removed.
 * Bringing the repeat back restores it with A's comment; keeping the
 * member removed asks first. Screenshots at 1000 and 360 pixels.
 */
static void
test_removal (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_dir_make_tmp ("walkround-removals-XXXXXX", &error);
  g_autoptr(WrStore) a = open_device (folder, "a");
  g_autofree char *visit = NULL;
  g_autofree char *member_visit = NULL;
  g_autofree char *repeat_question = NULL;
  g_autofree char *repeat = NULL;
  g_autofree char *member_question = NULL;
  g_autofree char *member = NULL;
  g_autofree char *member_name = NULL;
  g_autofree char *member_heading = NULL;
  g_autofree char *start = NULL;
  g_autofree char *from_a = NULL;
  g_autoptr(GPtrArray) members = NULL;
  WrDemoOptions options = { 30, 3, "2026-11-27" };
  GtkWidget *dialog;
  GtkWidget *bring_back;
  GtkWidget *keep_removed;
  GtkWidget *message;
  GtkWidget *subtitle;
  const char *banner_text = "1 part of this visit was changed on two devices: choose which to keep.";

  g_assert_no_error (error);
  g_assert_true (wr_demo_fill (a, library (), &options, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  find_answer_of (a, REPEAT_ANSWER, &visit, &repeat_question, &repeat);
  find_answer_of (a, MEMBER_ANSWER, &member_visit, &member_question, &member);
  members = wr_store_list_members (a, member_visit, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < members->len; i++)
    if (g_str_equal (((WrMember *) g_ptr_array_index (members, i))->uuid, member))
      member_name = g_strdup (((WrMember *) g_ptr_array_index (members, i))->name);
  g_assert_nonnull (member_name);
  member_heading = g_strdup_printf ("Team member “%s”", member_name);

  start = export (a, folder, "start.xml");
  import (store (), start);
  g_assert_true (wr_store_delete_repeat (store (), visit, repeat, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (wr_store_remove_member (store (), member_visit, member, &error));
  g_assert_no_error (error);
  {
    WrAnswerKey in_repeat = { repeat_question, "", repeat };
    WrAnswerKey for_member = { member_question, member, "" };

    g_assert_true (wr_store_set_answer_comment (a, visit, &in_repeat, "A: the bay was cluttered", &error));
    g_assert_no_error (error);
    g_assert_true (wr_store_set_answer_comment (a, member_visit, &for_member, "A: written for them", &error));
    g_assert_no_error (error);
  }
  from_a = export (a, folder, "a.xml");
  import (store (), from_a);
  g_assert_cmpuint (n_removals (), ==, 2);

  wr_window_open_visit (window, visit);
  g_test_message ("waiting: shows");
  wr_test_wait_until (shows, (gpointer) banner_text);

  /* Resolve Conflicts for every visit, as the Evidence page opens it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.resolve-conflicts", NULL));
  g_test_message ("waiting: has_dialog");
  wr_test_wait_until (has_dialog, GSIZE_TO_POINTER (WR_TYPE_CONFLICTS_DIALOG));
  dialog = wr_test_find_window_of_type (WR_TYPE_CONFLICTS_DIALOG);
  g_test_message ("waiting: dialog_settled");
  wr_test_wait_until (dialog_settled, dialog);

  /* What was removed, by whom, and what A recorded, in words. */
  g_assert_nonnull (wr_test_find_by_text (dialog, member_heading));
  subtitle = find_label_starting (dialog, "Removed by This device · ");
  g_assert_nonnull (subtitle);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (subtitle)), "meanwhile another device recorded answers to “"));
  bring_back = removal_button (dialog, member_heading, "Bring Back");
  keep_removed = removal_button (dialog, member_heading, "Keep Removed");
  g_assert_nonnull (bring_back);
  g_assert_nonnull (keep_removed);
  g_assert_true (gtk_widget_is_sensitive (bring_back));
  {
    g_autofree char *name = g_strdup_printf ("Keep %s removed", member_heading);
    g_autofree char *problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (keep_removed),
                                                                   GTK_ACCESSIBLE_PROPERTY_LABEL, name);

    if (problem != NULL)
      g_error ("%s", problem);
  }
  screenshot (dialog, 1000, 700, "conflicts-dialog-removal-1000.png");
  screenshot (dialog, 360, 640, "conflicts-dialog-removal-360.png");

  /* Keep the member removed: asked first. */
  g_assert_true (gtk_widget_activate_action_variant (keep_removed, "conflicts.removal",
                                                     gtk_actionable_get_action_target_value (GTK_ACTIONABLE (keep_removed))));
  g_test_message ("waiting: has_keep_removed_confirmation");
  wr_test_wait_until (has_keep_removed_confirmation, NULL);
  message = find_keep_removed_confirmation ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (message)), member_name));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (message), "remove");
  gtk_window_close (GTK_WINDOW (message));
  removal_dialog = dialog;
  g_test_message ("waiting: dialog_lacks");
  wr_test_wait_until (dialog_lacks, (gpointer) member_heading);
  g_assert_cmpuint (n_removals (), ==, 1);

  /* Bring the repeat back, at once: A's comment is there again. */
  {
    GtkWidget *heading = wr_test_find_by_text (dialog, "Bring Back");
    g_autoptr(GPtrArray) repeats = NULL;
    g_autoptr(GPtrArray) answers = NULL;
    gboolean found = FALSE;

    g_assert_nonnull (heading);
    bring_back = gtk_widget_get_ancestor (heading, GTK_TYPE_BUTTON);
    g_assert_true (gtk_widget_activate_action_variant (bring_back, "conflicts.removal",
                                                       gtk_actionable_get_action_target_value (GTK_ACTIONABLE (bring_back))));
    g_test_message ("waiting: shows_none");
    wr_test_wait_until (shows_none, dialog);
    g_assert_cmpuint (n_removals (), ==, 0);
    repeats = wr_store_list_repeats (store (), visit, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < repeats->len; i++)
      found |= g_str_equal (((WrRepeat *) g_ptr_array_index (repeats, i))->uuid, repeat);
    g_assert_true (found);
    answers = wr_store_list_answers (store (), visit, &error);
    g_assert_no_error (error);
    found = FALSE;
    for (guint i = 0; i < answers->len; i++)
      {
        const WrAnswer *answer = g_ptr_array_index (answers, i);

        found |= g_str_equal (answer->repeat_uuid, repeat) && g_strcmp0 (answer->comment, "A: the bay was cluttered") == 0;
      }
    g_assert_true (found);
  }

  g_test_message ("waiting: hides");
  wr_test_wait_until (hides, (gpointer) banner_text);
  gtk_window_close (GTK_WINDOW (dialog));
  wr_test_iterate ();

  g_clear_object (&a);
  {
    const char *names[] = { "a.db", "a.db-wal", "a.db-shm", "start.xml", "a.xml" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *path = g_build_filename (folder, names[i], NULL);

        g_remove (path);
      }
    g_rmdir (folder);
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  wr_test_init_display (&argc, &argv);
  window = WR_WINDOW (wr_test_start_app (&app));

  g_test_add_func ("/walkround/conflicts-dialog/row", test_row_conflict);
  g_test_add_func ("/walkround/conflicts-dialog/removal", test_removal);

  status = g_test_run ();
  wr_test_stop_app (app, GTK_WINDOW (window));
  return status;
}
