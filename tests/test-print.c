/* test-print.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Printing through GTK draws the PDF report's own pages, and Preferences
 * keeps the organisation and marking that head them in the database.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "wr-core-test-utils.h"
#include "wr-a11y.h"
#include "wr-dates.h"
#include "wr-feedback-dialog.h"
#include "wr-preferences-window.h"
#include "wr-device-key.h"
#include "wr-print.h"
#include "wr-test-utils.h"

typedef struct
{
  char           *dir;
  WrStore        *store;
  WrFormLibrary  *library;
  WrVisitSession *session;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_build_filename (g_get_user_data_dir (), "walkround", NULL);
  g_assert_cmpint (g_mkdir_with_parents (fixture->dir, 0700), ==, 0);
  path = g_build_filename (fixture->dir, "print.db", NULL);
  g_unlink (path);
  fixture->store = wr_store_open (path, &error);
  g_assert_no_error (error);
  fixture->library = wr_form_library_new_default (NULL);
  fixture->session = wr_test_new_session (fixture->store, fixture->library, "ned-visit", 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->session);
  g_clear_object (&fixture->library);
  g_assert_finalize_object (fixture->store);
  g_free (fixture->dir);
}

static gboolean
is_ready (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
laid_out_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  WrReportPages **pages = user_data;
  g_autoptr(GError) error = NULL;

  *pages = wr_report_pages_for_store_finish (result, &error);
  g_assert_no_error (error);
}

/* The visit laid out in a worker thread, then printed to a PDF file by
 * GtkPrintOperation as the print dialog's "Print to File" does: the file
 * has the pages, with the organisation and marking the database keeps.
 */
static void
test_print_to_file (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrScope) scope = wr_scope_new ();
  g_autofree char *output = g_build_filename (fixture->dir, "printed.pdf", NULL);
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  WrReportOptions options = { WR_REPORT_FORMAT_PDF, NULL, NULL };
  WrReportProgress progress = { 0 };
  WrReportPages *pages = NULL;
  guint n_pages;
  GtkPrintOperationResult result;
  g_autofree char *text = NULL;
  const char *uuid = wr_visit_get_uuid (wr_visit_session_get_visit (fixture->session));

  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *note = g_strdup_printf ("The team knew each patient by name, observation %u.", i);
      WrObservationFields fields = { .text = note, .kind = i % 2 ? "good-practice" : "concern", .voice = "staff" };
      g_autofree char *id = wr_store_add_observation (fixture->store, uuid, &fields, &error);

      g_assert_no_error (error);
    }
  g_assert_true (wr_store_set_report_settings (fixture->store, "Westshire Trust", "OFFICIAL-SENSITIVE", &error));
  g_assert_true (wr_scope_add_visit (scope, uuid, &error));

  wr_report_pages_for_store_async (fixture->store, fixture->library, scope, &options, &progress, NULL,
                                   laid_out_cb, &pages);
  wr_test_wait_until (is_ready, &pages);
  n_pages = wr_report_pages_get_n_pages (pages);
  g_assert_cmpuint (n_pages, >=, 2);

  /* The preview shown where no previewer is installed: the same pages. */
  {
    GtkWindow *preview = _wr_print_preview_new (NULL, pages, NULL);
    g_autofree char *first = g_strdup_printf ("Page 1 of %u", n_pages);
    g_autofree char *second = g_strdup_printf ("Page 2 of %u", n_pages);
    GtkWidget *next = NULL;

    wr_test_wait_for_paint (GTK_WIDGET (preview));
    g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (preview), first));
    wr_test_save_png (GTK_WIDGET (preview), "print-preview.png");
    for (GtkWidget *w = wr_test_find_descendant (GTK_WIDGET (preview), GTK_TYPE_BUTTON); w != NULL;
         w = gtk_widget_get_next_sibling (w))
      if (g_strcmp0 (wr_a11y_get_tooltip (w), "Next Page") == 0)
        next = w;
    g_assert_nonnull (next);
    g_signal_emit_by_name (next, "clicked");
    g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (preview), second));
    g_object_add_weak_pointer (G_OBJECT (preview), (gpointer *) &preview);
    gtk_window_destroy (preview);
    wr_test_wait_until (is_gone, &preview);
  }

  result = _wr_print_run (NULL, pages, "test", GTK_PRINT_OPERATION_ACTION_EXPORT, output, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_true (g_file_test (output, G_FILE_TEST_IS_REGULAR));

  if (pdftotext == NULL)
    {
      g_test_message ("pdftotext is not installed: the printed text is not checked");
      return;
    }
  {
    const char *argv[] = { pdftotext, "-enc", "UTF-8", output, "-", NULL };
    g_autofree char *page_count = g_strdup_printf ("Page %u of %u", n_pages, n_pages);
    int status = 0;

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &text, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (text, "Westshire Trust"));
    g_assert_nonnull (strstr (text, "OFFICIAL-SENSITIVE"));
    g_assert_nonnull (strstr (text, page_count));
    g_assert_nonnull (strstr (text, "observation 59."));
  }
  g_unlink (output);
}

/* Preferences shows what the database keeps and saves what is applied. */
static void
test_preferences (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *organisation = NULL;
  g_autofree char *marking = NULL;
  WrPreferencesWindow *window;
  GtkWidget *row;

  g_assert_true (wr_store_set_report_settings (fixture->store, "Eastshire Trust", "OFFICIAL", &error));
  window = wr_preferences_window_new (fixture->store);
  gtk_window_present (GTK_WINDOW (window));
  wr_test_wait_for_paint (GTK_WIDGET (window));

  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (window), "Organisation"));
  row = gtk_widget_get_ancestor (wr_test_find_by_text (GTK_WIDGET (window), "Protective Marking"), ADW_TYPE_ENTRY_ROW);
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "OFFICIAL");
  wr_test_save_png (GTK_WIDGET (window), "preferences-reports.png");

  /* The database's signing key: made on first use, its fingerprint shown
   * to read out, and Save Public Key… to give it to another database.
   */
  {
    g_autoptr(WrDeviceKey) key = wr_device_key_get (fixture->store, &error);

    g_assert_no_error (error);
    g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (window), wr_device_key_get_fingerprint (key)));
    g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (window), "Signing Key"));
    g_assert_true (gtk_widget_is_sensitive (gtk_widget_get_ancestor (
      wr_test_find_by_text (GTK_WIDGET (window), "_Save Public Key…") != NULL
        ? wr_test_find_by_text (GTK_WIDGET (window), "_Save Public Key…")
        : wr_test_find_by_text (GTK_WIDGET (window), "Save Public Key…"),
      GTK_TYPE_BUTTON)));
    gtk_window_set_default_size (GTK_WINDOW (window), 360, 700);
    for (guint f = 0; f < 3; f++)
      wr_test_wait_for_paint (GTK_WIDGET (window));
    wr_test_save_png (GTK_WIDGET (window), "preferences-360.png");
    wr_test_save_png (gtk_widget_get_ancestor (wr_test_find_by_text (GTK_WIDGET (window), "Signing Key"),
                                               ADW_TYPE_PREFERENCES_GROUP),
                      "preferences-key-360.png");
  }

  gtk_editable_set_text (GTK_EDITABLE (row), "  OFFICIAL-SENSITIVE  ");
  g_signal_emit_by_name (row, "apply");
  g_assert_true (wr_store_get_report_settings (fixture->store, &organisation, &marking, &error));
  g_assert_cmpstr (organisation, ==, "Eastshire Trust");
  g_assert_cmpstr (marking, ==, "OFFICIAL-SENSITIVE");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "OFFICIAL-SENSITIVE");

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  /* It let go of the store: the fixture checks the store is finalized. */
  wr_test_wait_until (is_gone, &window);
}

/* No label under @root, such as a header's title, is cut short with "…". */
static void
assert_not_ellipsized (GtkWidget  *root,
                       const char *where)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_get_mapped (child) && gtk_label_get_text (GTK_LABEL (child))[0] != '\0')
        {
          if (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (child))))
            g_error ("%s: “%s” is cut short", where, gtk_label_get_text (GTK_LABEL (child)));
        }
      assert_not_ellipsized (child, where);
    }
}

/* The dialog's title is read whole at @width: its heading is not cut
 * short, nor is anything in its header.
 */
static void
check_feedback_title (WrFeedbackDialog *dialog,
                      const char       *subtitle,
                      int               width,
                      int               height,
                      const char       *png)
{
  GtkWidget *header;
  GtkWidget *heading;

  gtk_window_set_default_size (GTK_WINDOW (dialog), width, height);
  wr_test_iterate ();
  wr_test_wait_for_paint (GTK_WIDGET (dialog));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (dialog)), <=, width);
  wr_test_save_png (GTK_WIDGET (dialog), png);

  header = wr_test_find_descendant (GTK_WIDGET (dialog), ADW_TYPE_HEADER_BAR);
  g_assert_nonnull (header);
  g_assert_true (gtk_widget_get_mapped (header));
  assert_not_ellipsized (header, png);

  heading = wr_test_find_by_text (GTK_WIDGET (dialog), "Feedback for Ward 7");
  g_assert_nonnull (heading);
  g_assert_true (gtk_widget_get_mapped (heading));
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (heading))));
  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (dialog), subtitle));
}

static void
saved_cb (WrFeedbackDialog *dialog,
          const char       *path,
          char            **saved)
{
  *saved = g_strdup (path);
}

/* "Feedback for the Service…" lists what patients and carers said,
 * unticked, and writes the letter with only those ticked in.
 */
static void
test_feedback_dialog (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *uuid = wr_visit_get_uuid (wr_visit_session_get_visit (fixture->session));
  WrObservationFields patient = { .text = "The nurse sat with me when I was frightened.", .kind = "quote", .voice = "patient" };
  WrObservationFields carer = { .text = "Nobody told us visiting had changed.", .kind = "quote", .voice = "carer" };
  WrObservationFields staff = { .text = "The handover was calm and thorough.", .kind = "good-practice", .voice = "staff" };
  g_autofree char *id1 = wr_store_add_observation (fixture->store, uuid, &patient, &error);
  g_autofree char *id2 = wr_store_add_observation (fixture->store, uuid, &carer, &error);
  g_autofree char *id3 = wr_store_add_observation (fixture->store, uuid, &staff, &error);
  g_autofree char *path = g_build_filename (fixture->dir, "letter.html", NULL);
  g_autofree char *started = wr_date_time_format (wr_visit_get_started (wr_visit_session_get_visit (fixture->session)));
  g_autofree char *subtitle = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *html = NULL;
  g_auto(GStrv) quotes = NULL;
  WrFeedbackDialog *dialog;
  GtkWidget *check;

  g_assert_no_error (error);
  dialog = wr_feedback_dialog_new (fixture->store, fixture->library, uuid);
  g_signal_connect (dialog, "saved", G_CALLBACK (saved_cb), &saved);
  gtk_window_present (GTK_WINDOW (dialog));
  wr_test_wait_for_paint (GTK_WIDGET (dialog));
  wr_test_save_png (GTK_WIDGET (dialog), "feedback-dialog.png");

  /* Two quotes to tick, none ticked; the staff's words are not asked about. */
  quotes = wr_feedback_dialog_get_quotes (dialog);
  g_assert_cmpuint (g_strv_length (quotes), ==, 0);
  g_assert_null (wr_test_find_by_text (GTK_WIDGET (dialog), staff.text));
  check = gtk_widget_get_ancestor (wr_test_find_by_text (GTK_WIDGET (dialog), patient.text), GTK_TYPE_CHECK_BUTTON);
  g_assert_nonnull (check);
  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (dialog), carer.text));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_clear_pointer (&quotes, g_strfreev);
  quotes = wr_feedback_dialog_get_quotes (dialog);
  g_assert_cmpuint (g_strv_length (quotes), ==, 1);
  g_assert_cmpstr (quotes[0], ==, id1);

  /* The window's title names the service for a screen reader and the
   * window list; wide, and narrow as on a tablet held upright, the whole
   * title is read on screen.
   */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Feedback for Ward 7");
  subtitle = g_strdup_printf ("Non-executive director visit, %s", started);
  check_feedback_title (dialog, subtitle, 1000, 700, "feedback-dialog-wide.png");
  check_feedback_title (dialog, subtitle, 360, 520, "feedback-dialog-narrow.png");

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  wr_feedback_dialog_save (dialog, path, FALSE);
  wr_test_wait_until (is_gone, &dialog);
  g_assert_cmpstr (saved, ==, path);

  g_assert_true (g_file_get_contents (path, &html, NULL, NULL));
  g_assert_nonnull (strstr (html, "Feedback for Ward 7"));
  g_assert_nonnull (strstr (html, staff.text));
  g_assert_nonnull (strstr (html, patient.text));
  g_assert_null (strstr (html, carer.text));
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  wr_test_init_display (&argc, &argv);

  g_test_add ("/walkround/print/to-file", Fixture, NULL, fixture_set_up, test_print_to_file, fixture_tear_down);
  g_test_add ("/walkround/print/feedback-dialog", Fixture, NULL, fixture_set_up, test_feedback_dialog,
              fixture_tear_down);
  g_test_add ("/walkround/print/preferences", Fixture, NULL, fixture_set_up, test_preferences, fixture_tear_down);

  return g_test_run ();
}
