/* test-forms-page.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Drives the Forms page in the real window as a quality officer would:
 * look through the installed forms, preview one, add their own form, be
 * told why a broken one is refused, and see why a file in their forms
 * folder was left out.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "wr-application.h"
#include "wr-forms-page.h"
#include "wr-import-dialog.h"
#include "wr-test-utils.h"
#include "wr-window-private.h"

static WrApplication *app;
static WrWindow *window;
static char *data_dir;
static GPtrArray *toasts;

static WrFormsPage *
forms_page (void)
{
  wr_window_show_page (window, "forms");
  return WR_FORMS_PAGE (wr_test_find_descendant (GTK_WIDGET (window), WR_TYPE_FORMS_PAGE));
}

static WrFormLibrary *
library (void)
{
  return wr_application_get_library (app);
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_name (child), name) == 0)
        return child;
      if ((found = find_named (child, name)))
        return found;
    }
  return NULL;
}

/* Everything written under @root, a line a label, as a person reads it. */
static void
collect_text (GtkWidget *root,
              GString   *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child))
        g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (child)));
      collect_text (child, out);
    }
}

static char *
text_of (GtkWidget *root)
{
  GString *out = g_string_new (NULL);

  collect_text (root, out);
  return g_string_free (out, FALSE);
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, (int) n) != NULL)
    n++;
  return n;
}

static GtkListBoxRow *
find_row (GtkListBox *list,
          const char *title)
{
  for (guint i = 0; gtk_list_box_get_row_at_index (list, (int) i) != NULL; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, (int) i);

      if (ADW_IS_PREFERENCES_ROW (row) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) == 0)
        return row;
    }
  return NULL;
}

static GtkListBox *
forms_list (void)
{
  return GTK_LIST_BOX (find_named (GTK_WIDGET (forms_page ()), "forms-list"));
}

/* As a click on a row does: select it, then activate it. */
static void
choose (const char *title)
{
  GtkListBoxRow *row = find_row (forms_list (), title);

  g_assert_nonnull (row);
  gtk_list_box_select_row (forms_list (), row);
  gtk_widget_activate (GTK_WIDGET (row));
}

static void
add_toast_cb (WrFormsPage *page,
              AdwToast    *toast)
{
  g_ptr_array_add (toasts, g_strdup (adw_toast_get_title (toast)));
}

static void
test_list (void)
{
  static const char * const built_in[] = {
    "Quality visit", "Non-executive director visit", "15 Steps Challenge", "GP practice self-assessment",
  };
  WrFormsPage *page = forms_page ();
  GtkListBox *problems = GTK_LIST_BOX (find_named (GTK_WIDGET (page), "problems-list"));
  GtkListBoxRow *row;
  const char *subtitle;

  g_assert_true (wr_forms_page_get_library (page) == library ());

  /* The four built-in forms, each with its kind, version and source. */
  g_assert_cmpuint (count_rows (forms_list ()), ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (built_in); i++)
    {
      g_assert_nonnull ((row = find_row (forms_list (), built_in[i])));
      subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
      g_assert_nonnull (strstr (subtitle, "Version 1"));
      g_assert_nonnull (strstr (subtitle, "Built in"));
    }
  row = find_row (forms_list (), "GP practice self-assessment");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Self-assessment · Version 1 · Built in");
  row = find_row (forms_list (), "Quality visit");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Version 1 · Built in");

  /* The broken file in the user's folder is shown with the loader's reason. */
  g_assert_cmpuint (wr_form_library_get_problems (library ())->len, ==, 1);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (problems)));
  g_assert_cmpuint (count_rows (problems), ==, 1);
  g_assert_nonnull ((row = find_row (problems, "ward-audit.xml")));
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  g_assert_true (g_str_has_prefix (subtitle, "Line "));
  g_assert_nonnull (strstr (subtitle, "21"));
  g_assert_nonnull (wr_test_find_by_tooltip (GTK_WIDGET (row), "Copy the Message"));

  wr_test_save_png (GTK_WIDGET (window), "forms-page.png");
}

static void
test_preview (void)
{
  WrFormsPage *page = forms_page ();
  GtkWidget *preview = find_named (GTK_WIDGET (page), "form-preview");
  g_autofree char *text = NULL;
  guint n_rows = 0;
  guint n_with_regulations = 0;

  choose ("Quality visit");
  g_assert_cmpstr (wr_form_get_id (wr_forms_page_get_selected_form (page)), ==, "quality-visit");
  g_assert_true (gtk_widget_get_mapped (preview));

  /* The description, then each section with its questions. */
  text = text_of (preview);
  g_assert_nonnull (strstr (text, "A walk round a ward or service"));
  g_assert_nonnull (strstr (text, "About this visit"));
  g_assert_nonnull (strstr (text, "First impressions and environment"));
  g_assert_nonnull (strstr (text, "Is the way in easy to find, clean and free of clutter?"));
  g_assert_nonnull (strstr (text, "Yes, no or not applicable"));
  g_assert_nonnull (strstr (text, "Options: A ward where patients stay overnight"));
  g_assert_nonnull (strstr (text, "Required"));
  g_assert_nonnull (strstr (text, "Asked only when "));
  g_assert_nonnull (strstr (text, "Regulation 12: Safe care and treatment"));
  g_assert_nonnull (strstr (text, "Quality statement: "));

  /* Nearly every question says which regulations it gives evidence for. */
  for (GtkWidget *w = gtk_widget_get_first_child (preview); w; w = gtk_widget_get_next_sibling (w))
    {
      GtkWidget *list = wr_test_find_descendant (w, GTK_TYPE_LIST_BOX);

      for (guint i = 0; list != NULL && gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), (int) i); i++)
        {
          g_autofree char *row_text = text_of (GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), (int) i)));

          n_rows++;
          n_with_regulations += strstr (row_text, "\nRegulation ") != NULL;
        }
    }
  g_test_message ("%u rows, %u with regulations", n_rows, n_with_regulations);
  g_assert_cmpuint (n_rows, >=, wr_form_get_n_questions (wr_forms_page_get_selected_form (page)));
  g_assert_cmpuint (n_with_regulations, >=, 80);

  /* The picture shows the questions of the second section. */
  {
    GtkWidget *second = gtk_widget_get_next_sibling (gtk_widget_get_next_sibling (gtk_widget_get_first_child (preview)));
    GtkWidget *scroller = gtk_widget_get_ancestor (preview, GTK_TYPE_SCROLLED_WINDOW);
    double x, y;

    g_assert_true (gtk_widget_translate_coordinates (second, preview, 0, 0, &x, &y));
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)), y);
  }
  wr_test_save_png (GTK_WIDGET (window), "forms-page-preview.png");

  /* A 15 Steps form shows its themes and how its sections are filled in. */
  choose ("15 Steps Challenge");
  g_free (text);
  text = text_of (preview);
  g_assert_nonnull (strstr (text, "15 Steps theme: Welcoming"));
  g_assert_nonnull (strstr (text, "Each team member answers"));
  wr_test_save_png (GTK_WIDGET (window), "forms-page-fifteen-steps.png");

  /* And a self-assessment its domains and where support can be asked for. */
  choose ("GP practice self-assessment");
  g_free (text);
  text = text_of (preview);
  g_assert_nonnull (strstr (text, "Domain: "));
  g_assert_nonnull (strstr (text, "Support can be requested"));
  wr_test_save_png (GTK_WIDGET (window), "forms-page-self-assessment.png");
}

static gboolean
has_form (gpointer data)
{
  return wr_form_library_lookup (library (), data, 1) != NULL;
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

static void
test_import_good (void)
{
  WrFormsPage *page = forms_page ();
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "forms", "good", "minimal.xml", NULL);
  g_autofree char *installed = g_build_filename (data_dir, "forms", "minimal-v1.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  guint n_before = g_list_model_get_n_items (wr_form_library_get_forms (library ()));
  GtkListBoxRow *row;

  g_ptr_array_set_size (toasts, 0);
  wr_forms_page_import_file (page, file);
  wr_test_wait_until (has_form, (gpointer) "minimal");
  wr_test_iterate ();

  /* In the library and in the user's folder, listed, said and selected. */
  g_assert_cmpuint (g_list_model_get_n_items (wr_form_library_get_forms (library ())), ==, n_before + 1);
  g_assert_true (g_file_test (installed, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (count_rows (forms_list ()), ==, n_before + 1);
  g_assert_nonnull ((row = find_row (forms_list (), "Minimal form")));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Custom · Version 1 · Yours");
  g_assert_true (gtk_list_box_get_selected_row (forms_list ()) == row);
  g_assert_cmpstr (wr_form_get_id (wr_forms_page_get_selected_form (page)), ==, "minimal");
  g_assert_cmpuint (toasts->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (toasts, 0), ==, "Added “Minimal form” version 1");
  g_assert_false (has_message_dialog (NULL));
}

static gboolean
has_minimal_2 (gpointer data)
{
  return wr_form_library_lookup (library (), "minimal", 2) != NULL;
}

static gboolean
has_toast (gpointer data)
{
  return toasts->len > 0;
}

static GtkListBoxRow *
find_row_with_subtitle (GtkListBox *list,
                        const char *subtitle)
{
  for (guint i = 0; gtk_list_box_get_row_at_index (list, (int) i) != NULL; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, (int) i);

      if (ADW_IS_ACTION_ROW (row) && g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), subtitle) == 0)
        return row;
    }
  return NULL;
}

static void
test_import_newer_version (void)
{
  WrFormsPage *page = forms_page ();
  GtkWidget *preview = find_named (GTK_WIDGET (page), "form-preview");
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "data", "forms", "good", "minimal.xml", NULL);
  g_autofree char *path = g_build_filename (data_dir, "minimal-2.xml", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *newer = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkSwitch *older = GTK_SWITCH (wr_test_find_descendant (GTK_WIDGET (page), GTK_TYPE_SWITCH));
  guint n_before = count_rows (forms_list ());
  GtkListBoxRow *row;

  /* A quality officer raises the version of their form and adds it again. */
  g_assert_true (g_file_get_contents (source, &contents, NULL, NULL));
  parts = g_strsplit (contents, "version=\"1\" kind", 2);
  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  newer = g_strjoinv ("version=\"2\" kind", parts);
  g_assert_true (g_file_set_contents (path, newer, -1, NULL));

  g_ptr_array_set_size (toasts, 0);
  wr_forms_page_import_file (page, file);
  wr_test_wait_until (has_minimal_2, NULL);
  wr_test_iterate ();
  g_assert_cmpuint (toasts->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (toasts, 0), ==, "Added “Minimal form” version 2");

  /* Adding the very same file again says so, and changes nothing. */
  g_ptr_array_set_size (toasts, 0);
  wr_forms_page_import_file (page, file);
  wr_test_wait_until (has_toast, NULL);
  g_assert_cmpstr (g_ptr_array_index (toasts, 0), ==, "“Minimal form” version 2 is already installed");

  /* The new version takes the old one's place in the list. */
  g_assert_cmpuint (count_rows (forms_list ()), ==, n_before);
  g_assert_nonnull ((row = find_row_with_subtitle (forms_list (), "Custom · Version 2 · Yours")));
  g_assert_true (gtk_list_box_get_selected_row (forms_list ()) == row);
  g_assert_null (find_row_with_subtitle (forms_list (), "Custom · Older version 1 · Yours"));

  /* The old one is still there for the visits made with it. */
  g_assert_false (gtk_switch_get_active (older));
  gtk_switch_set_active (older, TRUE);
  g_assert_cmpuint (count_rows (forms_list ()), ==, n_before + 1);
  g_assert_nonnull ((row = find_row_with_subtitle (forms_list (), "Custom · Older version 1 · Yours")));
  gtk_list_box_select_row (forms_list (), row);
  g_assert_cmpuint (wr_form_get_version (wr_forms_page_get_selected_form (page)), ==, 1);
  text = text_of (preview);
  g_assert_nonnull (strstr (text, "New visits use version 2."));
  wr_test_save_png (GTK_WIDGET (window), "forms-page-older.png");

  gtk_switch_set_active (older, FALSE);
  g_assert_cmpuint (count_rows (forms_list ()), ==, n_before);
  g_unlink (path);
}

static void
test_import_bad (void)
{
  WrFormsPage *page = forms_page ();
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "forms", "bad", "duplicate-question-id.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  /* The file's own path, as messages name it (on Windows, with \ only). */
  g_autofree char *expected = g_strconcat (g_file_peek_path (file), ":", NULL);
  g_autofree char *forms_dir = g_build_filename (data_dir, "forms", NULL);
  g_autofree char *lower = NULL;
  guint n_before = g_list_model_get_n_items (wr_form_library_get_forms (library ()));
  guint n_files_before = 0;
  guint n_files_after = 0;
  GtkWidget *dialog;
  const char *body;
  GDir *dir;

  dir = g_dir_open (forms_dir, 0, NULL);
  while (dir && g_dir_read_name (dir))
    n_files_before++;
  g_clear_pointer (&dir, g_dir_close);

  g_ptr_array_set_size (toasts, 0);
  wr_forms_page_import_file (page, file);
  wr_test_wait_until (has_message_dialog, NULL);
  dialog = wr_test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG);

  /* The whole loader message, with the user's own file name and line. */
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_test_message ("%s", body);
  g_assert_true (g_str_has_prefix (body, expected));
  lower = g_ascii_strdown (body, -1);
  g_assert_nonnull (strstr (lower, "duplicate"));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Form Not Added");
  wr_test_save_png (dialog, "forms-import-error.png");

  /* Nothing changed. */
  g_assert_cmpuint (g_list_model_get_n_items (wr_form_library_get_forms (library ())), ==, n_before);
  g_assert_null (wr_form_library_lookup (library (), "bad", 1));
  g_assert_cmpuint (toasts->len, ==, 0);
  dir = g_dir_open (forms_dir, 0, NULL);
  while (dir && g_dir_read_name (dir))
    n_files_after++;
  g_clear_pointer (&dir, g_dir_close);
  g_assert_cmpuint (n_files_after, ==, n_files_before);

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_close (GTK_WINDOW (dialog));
  wr_test_wait_until (no_message_dialog, NULL);
}

/* A pack with no visits that carries the quality-visit form as version 2. */
static char *
write_forms_pack (void)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "..", "data", "forms", "quality-visit.xml", NULL);
  g_autofree char *path = g_build_filename (data_dir, "pilot-pack.xml", NULL);
  g_autofree char *text = NULL;
  g_autofree char *base64 = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *pack = NULL;
  g_autoptr(GString) form = NULL;

  g_assert_true (g_file_get_contents (source, &text, NULL, NULL));
  form = g_string_new (text);
  g_assert_cmpuint (g_string_replace (form, "id=\"quality-visit\" version=\"1\"", "id=\"quality-visit\" version=\"2\"", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (form, "<title>Quality visit</title>", "<title>Quality visit (pilot)</title>", 1), ==, 1);
  base64 = g_base64_encode ((const guchar *) form->str, form->len);
  sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, form->str, form->len);
  pack = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<evidence-pack xmlns=\"https://walkround.github.io/ns/evidence-pack/1\" format-version=\"5\""
                          " created=\"2026-12-01T09:00:00+00:00\">\n"
                          "  <generator name=\"Walkround\" version=\"0.1.0\" device=\"5b1e3c1a-7d1f-4c55-9a0e-2f9c7a6b8d01\"/>\n"
                          "  <scope/>\n"
                          "  <forms><form id=\"quality-visit\" version=\"2\" size=\"%" G_GSIZE_FORMAT "\" sha256=\"%s\">%s</form></forms>\n"
                          "  <services/>\n"
                          "  <visits/>\n"
                          "</evidence-pack>\n", form->len, sha256, base64);
  g_assert_true (g_file_set_contents (path, pack, -1, NULL));

  return g_steal_pointer (&path);
}

static gboolean
import_settled (gpointer data)
{
  GtkWidget *dialog = data;
  GtkStack *stack = GTK_STACK (gtk_widget_get_ancestor (wr_test_find_descendant (dialog, GTK_TYPE_PROGRESS_BAR),
                                                       GTK_TYPE_STACK));

  return !g_str_equal (gtk_stack_get_visible_child_name (stack), "progress");
}

static gboolean
has_pilot (gpointer data)
{
  return wr_form_library_lookup (library (), "quality-visit", 2) != NULL;
}

static gboolean
no_import_dialog (gpointer data)
{
  return !wr_test_has_window_of_type (GSIZE_TO_POINTER (WR_TYPE_IMPORT_DIALOG));
}

/* Chooses the previewed form for new visits through the confirmation,
 * which says what changes; returns its body.
 */
static char *
confirm_use (const char *shot)
{
  WrFormsPage *page = forms_page ();
  AdwMessageDialog *dialog;
  char *body;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "forms.use-for-new-visits", NULL));
  wr_test_wait_until (has_message_dialog, NULL);
  dialog = ADW_MESSAGE_DIALOG (wr_test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG));
  body = g_strdup (adw_message_dialog_get_body (dialog));
  g_test_message ("%s: %s", adw_message_dialog_get_heading (dialog), body);
  wr_test_wait_for_paint (GTK_WIDGET (dialog));
  wr_test_save_png (GTK_WIDGET (dialog), shot);
  g_ptr_array_set_size (toasts, 0);
  adw_message_dialog_response (dialog, "use");
  gtk_window_close (GTK_WINDOW (dialog));
  wr_test_wait_until (no_message_dialog, NULL);

  return body;
}

/* A pack brings a newer quality-visit form: the import dialog lists it as
 * for the pack's visits only, and new visits keep the built-in form. "Use
 * This Version for New Visits…", confirmed, makes it their form; choosing
 * the built-in version the same way goes back.
 */
static void
test_pack_form (void)
{
  WrFormsPage *page = forms_page ();
  GtkWidget *preview = find_named (GTK_WIDGET (page), "form-preview");
  GtkSwitch *every = GTK_SWITCH (wr_test_find_descendant (GTK_WIDGET (page), GTK_TYPE_SWITCH));
  g_autofree char *pack = write_forms_pack ();
  g_autofree char *import_text = NULL;
  g_autofree char *text = NULL;
  g_autofree char *body = NULL;
  g_autofree char *undo_body = NULL;
  WrForm *built_in = wr_form_library_lookup_default (library (), "quality-visit");
  WrImportDialog *dialog;
  GtkListBoxRow *row;

  g_assert_cmpuint (wr_form_get_version (built_in), ==, 1);

  /* What importing would do: the form, for the pack's visits only. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  wr_window_import_pack (window, pack);
  dialog = WR_IMPORT_DIALOG (wr_test_find_window_of_type (WR_TYPE_IMPORT_DIALOG));
  g_assert_nonnull (dialog);
  wr_test_wait_until (import_settled, dialog);
  g_assert_nonnull (wr_import_dialog_get_preview (dialog));
  g_assert_cmpuint (wr_import_dialog_get_preview (dialog)->n_forms_installed, ==, 1);
  import_text = text_of (GTK_WIDGET (dialog));
  g_test_message ("%s", import_text);
  g_assert_nonnull (strstr (import_text, "Forms for the pack’s visits only"));
  g_assert_nonnull (strstr (import_text, "“Quality visit (pilot)”, quality-visit version 2"));
  g_assert_nonnull (strstr (import_text, "new visits keep the forms they use now"));
  wr_test_wait_for_paint (GTK_WIDGET (dialog));
  wr_test_save_png (GTK_WIDGET (dialog), "pack-form-import.png");

  /* The pack is unsigned (nothing says whose it is): Import asks first. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.commit", NULL);
  {
    AdwMessageDialog *question = ADW_MESSAGE_DIALOG (wr_test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG));

    g_assert_nonnull (question);
    g_assert_nonnull (strstr (adw_message_dialog_get_body (question), "Nothing says which device wrote this pack"));
    adw_message_dialog_response (question, "unsigned");
    gtk_window_destroy (GTK_WINDOW (question));
  }
  wr_test_wait_until (has_pilot, NULL);
  wr_test_wait_until (no_import_dialog, NULL);

  /* Installed, listed with every version, and new visits keep version 1. */
  g_assert_true (wr_form_library_lookup_default (library (), "quality-visit") == built_in);
  g_assert_null (find_row_with_subtitle (forms_list (), "Quality visit · Version 2, not for new visits · From a pack"));
  gtk_switch_set_active (every, TRUE);
  g_assert_nonnull ((row = find_row_with_subtitle (forms_list (), "Quality visit · Version 2, not for new visits · From a pack")));
  gtk_list_box_select_row (forms_list (), row);
  g_assert_cmpuint (wr_form_get_version (wr_forms_page_get_selected_form (page)), ==, 2);
  text = text_of (preview);
  g_assert_nonnull (strstr (text, "Installed from the pack “pilot-pack.xml” (device 5b1e3c1a…) for the visits recorded "
                                  "on it. New visits use version 1."));
  g_assert_nonnull (wr_test_find_by_text (preview, "Use This Version for New Visits…"));
  wr_test_wait_for_paint (GTK_WIDGET (window));
  wr_test_save_png (GTK_WIDGET (window), "pack-form-forms-page.png");

  /* The explicit act, with a confirmation that says what changes. */
  body = confirm_use ("pack-form-confirm.png");
  g_assert_nonnull (strstr (body, "New visits on “Quality visit (pilot)” will use version 2, from the pack "
                                  "“pilot-pack.xml” (device 5b1e3c1a…), instead of version 1 (Built in)."));
  g_assert_nonnull (strstr (body, "Visits already recorded keep the version they were made with."));
  g_assert_nonnull (strstr (body, "choose version 1"));
  g_assert_cmpuint (wr_form_get_version (wr_form_library_lookup_default (library (), "quality-visit")), ==, 2);
  g_assert_cmpuint (toasts->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (toasts, 0), ==, "New visits use “Quality visit (pilot)” version 2");
  g_assert_nonnull (find_row_with_subtitle (forms_list (), "Quality visit · Version 2 · From a pack"));

  /* At 360 pixels, the built-in version's preview offers the way back. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 700);
  g_assert_nonnull ((row = find_row_with_subtitle (forms_list (), "Older version 1 · Built in")));
  gtk_list_box_select_row (forms_list (), row);
  gtk_widget_activate (GTK_WIDGET (row));
  wr_test_wait_for_paint (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (preview));
  g_assert_true (gtk_widget_get_mapped (wr_test_find_by_text (preview, "Use This Version for New Visits…")));
  wr_test_save_png (GTK_WIDGET (window), "pack-form-narrow.png");

  undo_body = confirm_use ("pack-form-confirm-narrow.png");
  g_assert_nonnull (strstr (undo_body, "New visits on “Quality visit” will use version 1 instead of version 2 (From a pack)."));
  g_assert_true (wr_form_library_lookup_default (library (), "quality-visit") == built_in);
  g_assert_false (wr_form_library_is_chosen (library (), "quality-visit"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "forms.show-list", NULL));
  gtk_switch_set_active (every, FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 800);
  wr_test_wait_for_paint (GTK_WIDGET (window));
}

static gboolean
is_folded (gpointer data)
{
  return adw_leaflet_get_folded (ADW_LEAFLET (data));
}

static void
test_narrow (void)
{
  WrFormsPage *page = forms_page ();
  AdwLeaflet *leaflet = ADW_LEAFLET (wr_test_find_descendant (GTK_WIDGET (page), ADW_TYPE_LEAFLET));
  GtkWidget *preview = find_named (GTK_WIDGET (page), "form-preview");

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  wr_test_wait_until (is_folded, leaflet);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "forms.show-list", NULL));
  adw_leaflet_set_visible_child (_wr_window_get_leaflet (window),
                                 gtk_widget_get_ancestor (GTK_WIDGET (page), GTK_TYPE_BOX));
  wr_test_save_png (GTK_WIDGET (window), "forms-page-narrow.png");
  g_assert_false (gtk_widget_get_mapped (preview));

  /* Choosing a form shows its preview in the list's place, and back. */
  choose ("Quality visit");
  wr_test_wait_for_paint (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (preview));
  wr_test_save_png (GTK_WIDGET (window), "forms-page-narrow-preview.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "forms.show-list", NULL));
  wr_test_wait_for_paint (GTK_WIDGET (window));
  g_assert_false (gtk_widget_get_mapped (preview));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (forms_list ())));

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 800);
  wr_test_wait_for_paint (GTK_WIDGET (window));
}

static void
test_not_loaded (void)
{
  GtkWidget *page = g_object_ref_sink (g_object_new (WR_TYPE_FORMS_PAGE, NULL));
  GtkWidget *win = gtk_window_new ();
  GtkWidget *status;
  GtkWidget *add;

  gtk_window_set_child (GTK_WINDOW (win), page);
  gtk_window_present (GTK_WINDOW (win));
  wr_test_wait_for_paint (win);

  /* Before the library is loaded the page says what it will show. */
  status = wr_test_find_descendant (page, ADW_TYPE_STATUS_PAGE);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==, "No Forms Yet");
  g_assert_true (gtk_widget_get_mapped (status));
  g_assert_false (gtk_widget_get_mapped (find_named (page, "forms-list")));
  add = wr_test_find_by_tooltip (page, "Add a form from an XML file");
  g_assert_false (gtk_widget_get_sensitive (add));

  wr_forms_page_set_library (WR_FORMS_PAGE (page), library ());
  wr_test_wait_for_paint (win);
  g_assert_true (gtk_widget_get_sensitive (add));
  g_assert_false (gtk_widget_get_mapped (status));
  g_assert_true (gtk_widget_get_mapped (find_named (page, "forms-list")));

  wr_forms_page_set_library (WR_FORMS_PAGE (page), NULL);
  wr_test_wait_for_paint (win);
  g_assert_true (gtk_widget_get_mapped (status));

  gtk_window_destroy (GTK_WINDOW (win));
  wr_test_iterate ();
  g_assert_finalize_object (page);
}

static void
install_broken_form (void)
{
  g_autofree char *forms = g_build_filename (data_dir, "forms", NULL);
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "data", "forms", "bad", "unknown-regulation.xml", NULL);
  g_autofree char *target = g_build_filename (forms, "ward-audit.xml", NULL);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
  g_assert_cmpint (g_mkdir_with_parents (forms, 0700), ==, 0);
  g_assert_true (g_file_set_contents (target, contents, length, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  wr_test_init_display (&argc, &argv);

  /* A form that fails to load waits in the user's folder before start-up. */
  data_dir = g_dir_make_tmp ("walkround-forms-XXXXXX", &error);
  g_assert_no_error (error);
  install_broken_form ();
  window = WR_WINDOW (wr_test_start_app_in ((GApplication **) &app, data_dir));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 800);

  toasts = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (forms_page (), "add-toast", G_CALLBACK (add_toast_cb), NULL);

  g_test_add_func ("/walkround/forms-page/list", test_list);
  g_test_add_func ("/walkround/forms-page/preview", test_preview);
  g_test_add_func ("/walkround/forms-page/import-good", test_import_good);
  g_test_add_func ("/walkround/forms-page/import-newer-version", test_import_newer_version);
  g_test_add_func ("/walkround/forms-page/import-bad", test_import_bad);
  g_test_add_func ("/walkround/forms-page/pack-form", test_pack_form);
  g_test_add_func ("/walkround/forms-page/narrow", test_narrow);
  g_test_add_func ("/walkround/forms-page/not-loaded", test_not_loaded);

  status = g_test_run ();

  wr_test_stop_app (G_APPLICATION (app), GTK_WINDOW (window));
  g_ptr_array_unref (toasts);
  g_free (data_dir);

  return status;
}
