/* test-evidence-dialogs.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Evidence packs as a quality officer uses them. Export: from the Evidence
 * page, choose which visits, and the pack is written in the background,
 * valid against the schema, holding just the visits chosen. Import: a
 * pack from another computer is checked first and the dialog says what
 * importing would do; importing adds its visits, importing it again finds
 * nothing to do, and a damaged pack is refused with its reason. Either
 * can be cancelled, or its dialog closed, while it works: that leaves
 * nothing written and nothing changed.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <sqlite3.h>

#include "wr-application.h"
#include "wr-demo.h"
#include "wr-conflicts-dialog.h"
#include "wr-export-dialog.h"
#include "wr-device-key.h"
#include "wr-import-dialog.h"
#include "wr-pack-reader.h"
#include "wr-pack-writer.h"
#include "wr-preferences-window.h"
#include "wr-team-key.h"
#include "wr-test-utils.h"
#include "wr-visit-list.h"
#include "wr-window.h"
#include "wr-window-private.h"

static GApplication *app;
static WrWindow *window;

static WrStore *
store (void)
{
  return wr_application_get_store (WR_APPLICATION (app));
}

static guint
count_visits (const char *kind,
              const char *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrVisitList) list = wr_visit_list_new (store ());
  const char *kinds[] = { kind, NULL };
  const char *statuses[] = { status, NULL };
  WrVisitFilter filter = { .kinds = kind ? kinds : NULL, .statuses = status ? statuses : NULL };

  g_assert_true (wr_visit_list_set_filter (list, &filter, &error));
  g_assert_true (wr_visit_list_reload (list, &error));
  g_assert_no_error (error);
  return g_list_model_get_n_items (G_LIST_MODEL (list));
}

/* The <visit> elements of a pack that is valid against the schema. */
static guint
count_valid_pack_visits (const char *path)
{
  g_autofree char *xsd = g_test_build_filename (G_TEST_DIST, "..", "data", "schema", "evidence-pack.xsd", NULL);
  xmlSchemaParserCtxtPtr parser = xmlSchemaNewParserCtxt (xsd);
  xmlSchemaPtr schema = xmlSchemaParse (parser);
  xmlSchemaValidCtxtPtr valid = xmlSchemaNewValidCtxt (schema);
  xmlDocPtr doc = xmlReadFile (path, NULL, XML_PARSE_NONET);
  xmlNodePtr visits;
  guint n = 0;

  g_assert_nonnull (schema);
  g_assert_nonnull (doc);
  g_assert_cmpint (xmlSchemaValidateDoc (valid, doc), ==, 0);

  for (visits = xmlDocGetRootElement (doc)->children; visits; visits = visits->next)
    {
      if (visits->type != XML_ELEMENT_NODE || !xmlStrEqual (visits->name, BAD_CAST "visits"))
        continue;
      for (xmlNodePtr visit = visits->children; visit; visit = visit->next)
        n += visit->type == XML_ELEMENT_NODE && xmlStrEqual (visit->name, BAD_CAST "visit");
    }

  xmlFreeDoc (doc);
  xmlSchemaFreeValidCtxt (valid);
  xmlSchemaFree (schema);
  xmlSchemaFreeParserCtxt (parser);
  return n;
}

static WrExportDialog *
open_dialog (void)
{
  GtkWidget *dialog;

  wr_window_show_page (window, "evidence");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export-pack", NULL);
  wr_test_wait_until (wr_test_has_window_of_type, GSIZE_TO_POINTER (WR_TYPE_EXPORT_DIALOG));
  dialog = wr_test_find_window_of_type (WR_TYPE_EXPORT_DIALOG);
  g_assert_nonnull (dialog);
  return WR_EXPORT_DIALOG (dialog);
}

static void
exported_cb (WrExportDialog *dialog,
             const char     *path,
             guint           n_visits,
             guint          *out)
{
  *out = n_visits;
}

static gboolean
is_set (gpointer data)
{
  return *(guint *) data != G_MAXUINT;
}

static AdwComboRow *
row_titled (GtkWidget  *dialog,
            const char *title)
{
  GtkWidget *label = wr_test_find_by_text (dialog, title);
  GtkWidget *row = label ? gtk_widget_get_ancestor (label, ADW_TYPE_COMBO_ROW) : NULL;

  g_assert_nonnull (row);
  return ADW_COMBO_ROW (row);
}

typedef struct
{
  WrExportDialog *dialog;
  const char     *text;
} Counted;

static gboolean
counts (gpointer data)
{
  Counted *counted = data;

  return wr_test_find_by_text (GTK_WIDGET (counted->dialog), counted->text) != NULL;
}

/* Waits until the dialog says it has chosen @n visits. */
static void
assert_count (WrExportDialog *dialog,
              guint           n)
{
  g_autofree char *text = g_strdup_printf (n == 1 ? "%u visit" : "%u visits", n);
  Counted counted = { dialog, text };

  wr_test_wait_until (counts, &counted);
}

static void
test_export (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("walkround-export-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "pack.xml", NULL);
  WrDemoOptions options = { 40, 3, NULL };
  WrExportDialog *dialog;
  guint exported = G_MAXUINT;
  guint n_completed;
  guint n_ned;

  g_assert_no_error (error);
  g_assert_true (wr_demo_fill (store (), wr_application_get_library (WR_APPLICATION (app)), &options,
                               NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  n_completed = count_visits (NULL, "completed");
  n_ned = count_visits ("ned-visit", NULL);
  g_assert_cmpuint (n_completed, >, 0);
  g_assert_cmpuint (n_ned, >, 0);

  /* By default: every completed visit. */
  wr_window_show_page (window, "evidence");
  wr_test_save_png (GTK_WIDGET (window), "evidence-page.png");
  dialog = open_dialog ();
  assert_count (dialog, n_completed);
  wr_test_save_png (GTK_WIDGET (dialog), "export-dialog.png");
  g_signal_connect (dialog, "exported", G_CALLBACK (exported_cb), &exported);
  wr_export_dialog_export (dialog, path);
  wr_test_wait_until (is_set, &exported);
  g_assert_cmpuint (exported, ==, n_completed);
  g_assert_cmpuint (count_valid_pack_visits (path), ==, n_completed);
  g_assert_false (wr_test_has_window_of_type (GSIZE_TO_POINTER (WR_TYPE_EXPORT_DIALOG)));

  /* Drafts too, of one kind. */
  exported = G_MAXUINT;
  dialog = open_dialog ();
  adw_combo_row_set_selected (row_titled (GTK_WIDGET (dialog), "_Status"), 2);
  adw_combo_row_set_selected (row_titled (GTK_WIDGET (dialog), "_Kind of visit"), 2);  /* NED visits */
  assert_count (dialog, n_ned);
  g_signal_connect (dialog, "exported", G_CALLBACK (exported_cb), &exported);
  wr_export_dialog_export (dialog, path);
  wr_test_wait_until (is_set, &exported);
  g_assert_cmpuint (exported, ==, n_ned);
  g_assert_cmpuint (count_valid_pack_visits (path), ==, n_ned);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static guint report_n;

static void
report_cb (WrExportDialog *dialog,
           const char     *path,
           guint           n_visits,
           char          **out)
{
  *out = g_strdup (path);
  report_n = n_visits;
}

static gboolean
is_written (gpointer data)
{
  return *(char **) data != NULL;
}

/* Runs SQL on the window's database through a connection of its own. */
static int
query_int (const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int n = -1;

  g_assert_cmpint (sqlite3_open (wr_store_get_path (store ()), &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return n;
}

/* The moments a report states that it or its pack was made, from @since
 * on, with the time shown for them, become "NOW".
 */
static char *
mask_now (const char *html,
          GDateTime  *since)
{
  g_autoptr(GRegex) regex = g_regex_new ("datetime=\"([0-9-]+T[0-9:]+[+-][0-9:]+)\">[0-9:]+<", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  const char *done = html;

  g_regex_match (regex, html, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *value = g_match_info_fetch (match, 1);
      g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (value, NULL);
      int start;
      int end;

      g_match_info_fetch_pos (match, 0, &start, &end);
      if (when != NULL && g_date_time_difference (when, since) > -G_TIME_SPAN_SECOND)
        {
          g_string_append_len (out, done, html + start - done);
          g_string_append (out, "datetime=\"NOW\">NOW<");
          done = html + end;
        }
      g_match_info_next (match, NULL);
    }
  g_string_append (out, done);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Open Report: an HTML report of the visits chosen, in the cache folder,
 * which the window hands to the web browser. It is the report that
 * `walkround report` makes of the same visits, and like it, it does not
 * mark the visits as shared: its pack never left the computer.
 */
static void
test_report (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) since = g_date_time_new_now_local ();
  g_autofree char *path = NULL;
  g_autofree char *html = NULL;
  g_autofree char *cli_html = NULL;
  g_autofree char *dir = g_dir_make_tmp ("walkround-report-XXXXXX", &error);
  g_autofree char *cli_path = g_build_filename (dir, "cli.html", NULL);
  g_autofree char *pack_path = g_build_filename (dir, "pack.xml", NULL);
  g_autofree char *note = NULL;
  guint exported = G_MAXUINT;
  g_autofree char *data_dir = g_path_get_dirname (wr_store_get_path (store ()));
  g_autofree char *masked = NULL;
  g_autofree char *cli_masked = NULL;
  const char *argv[] = { g_getenv ("WALKROUND_BIN"), "--data-dir", data_dir, "report", "--format", "html",
                         "--output", cli_path, "--status", "completed", NULL };
  WrExportDialog *dialog;
  int status = -1;

  g_assert_no_error (error);
  g_assert_nonnull (argv[0]);

  /* Forget what the exports before this test shared. */
  g_assert_cmpint (query_int ("DELETE FROM seen_digests"), ==, -1);
  g_assert_cmpint (query_int ("SELECT count(*) FROM seen_digests"), ==, 0);

  dialog = open_dialog ();
  g_signal_connect (dialog, "report-written", G_CALLBACK (report_cb), &path);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "export.open-report", NULL);
  wr_test_wait_until (is_written, &path);

  g_assert_true (g_str_has_prefix (path, g_get_user_cache_dir ()));
  g_assert_true (g_str_has_suffix (path, ".html"));
  g_assert_true (g_file_get_contents (path, &html, NULL, NULL));
  g_assert_nonnull (strstr (html, "<html"));
  g_assert_cmpint (query_int ("SELECT count(*) FROM seen_digests"), ==, 0);

  /* The dialog stays, with the same choice, to export what was looked at. */
  g_assert_true (wr_test_has_window_of_type (GSIZE_TO_POINTER (WR_TYPE_EXPORT_DIALOG)));
  g_assert_true (wr_test_find_window_of_type (WR_TYPE_EXPORT_DIALOG) == GTK_WIDGET (dialog));
  g_assert_cmpuint (report_n, >, 1);
  note = g_strdup_printf ("The report of %u visits opens in your web browser. Export them, or change the choice.",
                          report_n);
  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (dialog), note));
  g_assert_true (gtk_widget_get_visible (wr_test_find_by_text (GTK_WIDGET (dialog), note)));

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpint (query_int ("SELECT count(*) FROM seen_digests"), ==, 0);

  g_assert_true (g_file_get_contents (cli_path, &cli_html, NULL, NULL));
  masked = mask_now (html, since);
  cli_masked = mask_now (cli_html, since);
  g_assert_nonnull (strstr (masked, "datetime=\"NOW\">NOW<"));
  g_assert_cmpstr (masked, ==, cli_masked);

  /* Export then writes the visits the report showed. */
  g_signal_connect (dialog, "exported", G_CALLBACK (exported_cb), &exported);
  wr_export_dialog_export (dialog, pack_path);
  wr_test_wait_until (is_set, &exported);
  g_assert_cmpuint (exported, ==, report_n);
  g_assert_false (wr_test_has_window_of_type (GSIZE_TO_POINTER (WR_TYPE_EXPORT_DIALOG)));
  g_assert_cmpint (g_unlink (pack_path), ==, 0);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_unlink (cli_path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A quality statement's name shows whole under the row, where it wraps in
 * a narrow window rather than being cut short beside the title.
 */
static void
test_long_names (void)
{
  WrExportDialog *dialog = open_dialog ();
  AdwComboRow *row = row_titled (GTK_WIDGET (dialog), "_Quality statement");
  GtkStringObject *item;

  adw_combo_row_set_selected (row, 3);
  item = GTK_STRING_OBJECT (adw_combo_row_get_selected_item (row));
  gtk_window_set_default_size (GTK_WINDOW (dialog), 360, 640);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, gtk_string_object_get_string (item));
  wr_test_save_png (GTK_WIDGET (dialog), "export-dialog-regulation.png");

  gtk_widget_activate_action (GTK_WIDGET (dialog), "export.cancel", NULL);
  wr_test_iterate ();
  g_assert_false (wr_test_has_window_of_type (GSIZE_TO_POINTER (WR_TYPE_EXPORT_DIALOG)));
}

/* A mistake in the choices is said in the dialog, and nothing is written. */
static void
test_bad_date (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("walkround-export-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "pack.xml", NULL);
  WrExportDialog *dialog = open_dialog ();
  GtkWidget *entry = wr_test_find_descendant (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW);
  GtkWidget *message;

  gtk_editable_set_text (GTK_EDITABLE (entry), "31/02/2026");
  wr_export_dialog_export (dialog, path);
  wr_test_iterate ();

  message = wr_test_find_by_text (GTK_WIDGET (dialog),
                                  "February 2026 has no day 31, or leave “Changed on or after” empty for every visit.");
  g_assert_nonnull (message);
  g_assert_true (gtk_widget_is_visible (message));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  wr_test_save_png (GTK_WIDGET (dialog), "export-dialog-bad-date.png");

  gtk_widget_activate_action (GTK_WIDGET (dialog), "export.cancel", NULL);
  wr_test_iterate ();
  g_assert_false (wr_test_has_window_of_type (GSIZE_TO_POINTER (WR_TYPE_EXPORT_DIALOG)));
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
remove_folder (const char *dir)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  const char *name;

  while (folder && (name = g_dir_read_name (folder)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A pack of another computer's visits, made there with the writer. */
static char *
make_other_pack (const char *dir,
                 guint       n_visits,
                 guint32     seed)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (dir, "other.db", NULL);
  char *path = g_build_filename (dir, "other.xml", NULL);
  g_autoptr(WrStore) other = wr_store_open (db, &error);
  g_autoptr(WrPackWriter) writer = NULL;
  WrDemoOptions options = { n_visits, seed, NULL };

  g_assert_no_error (error);
  g_assert_true (wr_demo_fill (other, wr_application_get_library (WR_APPLICATION (app)), &options,
                               NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  writer = wr_pack_writer_new (other, wr_application_get_library (WR_APPLICATION (app)));
  g_assert_true (wr_pack_writer_write_file (writer, path, NULL, &error));
  g_assert_no_error (error);

  return path;
}

/* An export or import dialog no longer shows its progress. */
static gboolean
dialog_settled (gpointer data)
{
  GtkWidget *dialog = data;
  GtkStack *stack = GTK_STACK (gtk_widget_get_ancestor (wr_test_find_descendant (dialog, GTK_TYPE_PROGRESS_BAR),
                                                       GTK_TYPE_STACK));

  return !g_str_equal (gtk_stack_get_visible_child_name (stack), "progress");
}

/* A weak pointer was cleared: the object is finalized. */
static gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
imported_cb (WrImportDialog           *dialog,
             const WrPackImportCounts *counts,
             WrPackImportCounts       *out)
{
  *out = *counts;
}

static gboolean
is_counted (gpointer data)
{
  return ((WrPackImportCounts *) data)->n_new != G_MAXUINT;
}

/* Import asks first about a pack from a device this database does not
 * trust, or an unsigned one: answers @response ("trust", "unsigned" or
 * "cancel") after checking the question says @expected.
 */
static void
answer_import_question (const char *response,
                        const char *expected,
                        const char *png)
{
  AdwMessageDialog *question = ADW_MESSAGE_DIALOG (wr_test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG));

  g_assert_nonnull (question);
  g_test_message ("%s", adw_message_dialog_get_body (question));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (question), expected));
  g_assert_true (adw_message_dialog_has_response (question, response));
  /* Enter and Escape keep things as they are. */
  g_assert_cmpstr (adw_message_dialog_get_default_response (question), ==, "cancel");
  if (png != NULL)
    {
      wr_test_wait_for_paint (GTK_WIDGET (question));
      wr_test_save_png (GTK_WIDGET (question), png);
    }
  adw_message_dialog_response (question, response);
  gtk_window_destroy (GTK_WINDOW (question));
}

static void
test_import (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("walkround-import-XXXXXX", &error);
  g_autofree char *pack = make_other_pack (dir, 12, 99);
  g_autofree char *damaged = g_build_filename (dir, "damaged.xml", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *expected = NULL;
  WrPackImportCounts done = { .n_new = G_MAXUINT };
  const WrPackImportCounts *preview;
  WrImportDialog *dialog;
  guint before = count_visits (NULL, NULL);
  gsize length;

  /* First what it would do, and nothing done yet. */
  wr_window_import_pack (window, pack);
  dialog = WR_IMPORT_DIALOG (wr_test_find_window_of_type (WR_TYPE_IMPORT_DIALOG));
  g_assert_nonnull (dialog);
  wr_test_wait_until (dialog_settled, dialog);
  preview = wr_import_dialog_get_preview (dialog);
  g_assert_nonnull (preview);
  g_assert_cmpuint (preview->n_new, ==, 12);
  g_assert_cmpuint (preview->n_conflicts, ==, 0);
  g_assert_cmpuint (count_visits (NULL, NULL), ==, before);
  /* Signed by the other database, which this one does not know yet. */
  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (dialog), "Signed by a device this database does not know"));
  wr_test_save_png (GTK_WIDGET (dialog), "import-dialog.png");

  /* Import asks first, showing the fingerprint; Cancel changes nothing. */
  g_signal_connect (dialog, "imported", G_CALLBACK (imported_cb), &done);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.commit", NULL);
  {
    g_autofree char *key_path = g_build_filename (dir, "other.db" WR_DEVICE_KEY_SUFFIX, NULL);
    g_autoptr(WrDevice) signer = wr_device_read_public_key (key_path, &error);

    g_assert_no_error (error);
    answer_import_question ("cancel", signer->fingerprint, "import-trust-question.png");
    wr_test_iterate ();
    g_assert_cmpuint (count_visits (NULL, NULL), ==, before);
    g_assert_nonnull (wr_import_dialog_get_preview (dialog));

    /* Trust This Device and Import: the visits are there, and the window says so. */
    gtk_widget_activate_action (GTK_WIDGET (dialog), "import.commit", NULL);
    answer_import_question ("trust", signer->fingerprint, NULL);
  }
  wr_test_wait_until (is_counted, &done);
  g_assert_cmpuint (done.n_new, ==, 12);
  g_assert_cmpuint (count_visits (NULL, NULL), ==, before + 12);
  /* The visits imported through the window get their scores for its lists. */
  g_assert_cmpint (query_int ("SELECT count(*) FROM visits WHERE scores_known = 0"), ==, 0);
  expected = g_strdup_printf ("Imported: 12 new, 0 updated, %u unchanged, 0 conflicts", done.n_unchanged);
  g_assert_cmpstr (adw_toast_get_title (_wr_window_get_last_toast (window)), ==, expected);

  /* Again: nothing to do. */
  wr_window_import_pack (window, pack);
  dialog = WR_IMPORT_DIALOG (wr_test_find_window_of_type (WR_TYPE_IMPORT_DIALOG));
  wr_test_wait_until (dialog_settled, dialog);
  preview = wr_import_dialog_get_preview (dialog);
  g_assert_cmpuint (preview->n_new, ==, 0);
  g_assert_cmpuint (preview->n_unchanged, ==, 12);
  g_assert_false (gtk_widget_is_sensitive (gtk_widget_get_ancestor (wr_test_find_by_text (GTK_WIDGET (dialog), "Import"), GTK_TYPE_BUTTON)));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.cancel", NULL);
  wr_test_iterate ();

  /* A damaged pack is refused with its reason, and changes nothing. */
  g_assert_true (g_file_get_contents (pack, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (damaged, contents, length / 2, NULL));
  wr_window_import_pack (window, damaged);
  dialog = WR_IMPORT_DIALOG (wr_test_find_window_of_type (WR_TYPE_IMPORT_DIALOG));
  wr_test_wait_until (dialog_settled, dialog);
  g_assert_null (wr_import_dialog_get_preview (dialog));
  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (dialog), "This Pack Cannot Be Imported"));
  wr_test_save_png (GTK_WIDGET (dialog), "import-dialog-damaged.png");
  g_assert_cmpuint (count_visits (NULL, NULL), ==, before + 12);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.cancel", NULL);
  wr_test_iterate ();
  g_assert_false (wr_test_has_window_of_type (GSIZE_TO_POINTER (WR_TYPE_IMPORT_DIALOG)));

  remove_folder (dir);
}

static const char *
find_draft (WrStore *other_store)
{
  static char uuid[64];
  g_autoptr(GError) error = NULL;
  g_autoptr(WrVisitList) list = wr_visit_list_new (other_store);
  const char *drafts[] = { "draft", NULL };
  WrVisitFilter filter = { .statuses = drafts };
  g_autoptr(WrVisit) visit = NULL;

  g_assert_true (wr_visit_list_set_filter (list, &filter, &error));
  g_assert_true (wr_visit_list_reload (list, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, 0);
  visit = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_strlcpy (uuid, wr_visit_get_uuid (visit), sizeof uuid);
  return uuid;
}

/* The answer whose comment the conflict test changes. */
static char changed_question[64];

static void
set_comment (WrStore    *target,
             const char *visit_uuid,
             const char *comment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) answers = wr_store_list_answers (target, visit_uuid, &error);
  WrAnswerKey key = { changed_question, "", "" };

  g_assert_no_error (error);
  g_assert_cmpuint (answers->len, >, 0);
  if (changed_question[0] == '\0')
    {
      WrAnswer *answer = g_ptr_array_index (answers, 0);

      g_assert_cmpstr (answer->member_uuid, ==, "");
      g_assert_cmpstr (answer->repeat_uuid, ==, "");
      g_strlcpy (changed_question, answer->question_id, sizeof changed_question);
    }
  g_assert_true (wr_store_set_answer_comment (target, visit_uuid, &key, comment, &error));
  g_assert_no_error (error);
}

static const char *
changed_comment (WrStore    *target,
                 const char *visit_uuid)
{
  static char comment[64];
  g_autoptr(GPtrArray) answers = wr_store_list_answers (target, visit_uuid, NULL);

  comment[0] = '\0';
  for (guint i = 0; i < answers->len; i++)
    {
      WrAnswer *answer = g_ptr_array_index (answers, i);

      if (g_str_equal (answer->question_id, changed_question) && answer->member_uuid[0] == '\0' &&
          answer->repeat_uuid[0] == '\0')
        g_strlcpy (comment, answer->comment, sizeof comment);
    }
  return comment;
}

static gboolean
has_message_dialog (gpointer data)
{
  return wr_test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static gboolean
shows_in_window (gpointer data)
{
  GtkWidget *widget = wr_test_find_by_text (GTK_WIDGET (window), data);

  return widget != NULL && gtk_widget_is_visible (widget);
}

static gboolean
hides_in_window (gpointer data)
{
  return !shows_in_window (data);
}

static gboolean
conflicts_listed (gpointer data)
{
  return !wr_conflicts_dialog_is_loading (data);
}

static gboolean
shows_none (gpointer data)
{
  GtkWidget *none = wr_test_find_by_text (data, "No Conflicts");

  return none != NULL && gtk_widget_get_mapped (none);
}

/* A row in the conflicts dialog whose title holds @text: a version. */
static GtkWidget *
find_title_with (GtkWidget  *root,
                 const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;
      GtkWidget *title;

      /* A version's row: its first label is its title. */
      if (GTK_IS_LIST_BOX_ROW (child) && (title = wr_test_find_descendant (child, GTK_TYPE_LABEL)) != NULL &&
          strstr (gtk_label_get_text (GTK_LABEL (title)), text) != NULL)
        return child;
      if ((found = find_title_with (child, text)))
        return found;
    }
  return NULL;
}

/* The same answer changed here and on the other computer: importing keeps
 * both versions, the Evidence page offers to resolve it, and keeping the
 * other computer's (after a confirmation) replaces ours.
 */
static void
test_conflict (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("walkround-conflict-XXXXXX", &error);
  g_autofree char *pack = make_other_pack (dir, 6, 1234);
  g_autofree char *db = g_build_filename (dir, "other.db", NULL);
  g_autoptr(WrStore) other = wr_store_open (db, &error);
  g_autoptr(WrPackWriter) writer = NULL;
  WrPackImportCounts done = { .n_new = G_MAXUINT };
  WrImportDialog *dialog;
  GtkWidget *conflicts;
  GtkWidget *button;
  const char *visit;

  g_assert_no_error (error);
  visit = find_draft (other);

  /* Shared once (the other computer trusted then)… */
  wr_window_import_pack (window, pack);
  dialog = WR_IMPORT_DIALOG (wr_test_find_window_of_type (WR_TYPE_IMPORT_DIALOG));
  wr_test_wait_until (dialog_settled, dialog);
  g_signal_connect (dialog, "imported", G_CALLBACK (imported_cb), &done);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.commit", NULL);
  answer_import_question ("trust", "does not know", NULL);
  wr_test_wait_until (is_counted, &done);

  /* …then changed on both computers. */
  set_comment (store (), visit, "Ours");
  set_comment (other, visit, "Theirs");
  writer = wr_pack_writer_new (other, wr_application_get_library (WR_APPLICATION (app)));
  g_assert_true (wr_pack_writer_write_file (writer, pack, NULL, &error));
  g_assert_no_error (error);

  done.n_new = G_MAXUINT;
  wr_window_import_pack (window, pack);
  dialog = WR_IMPORT_DIALOG (wr_test_find_window_of_type (WR_TYPE_IMPORT_DIALOG));
  wr_test_wait_until (dialog_settled, dialog);
  g_assert_cmpuint (wr_import_dialog_get_preview (dialog)->n_conflicts, ==, 1);
  g_signal_connect (dialog, "imported", G_CALLBACK (imported_cb), &done);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.commit", NULL);
  wr_test_wait_until (is_counted, &done);
  g_assert_cmpuint (done.n_conflicts, ==, 1);
  g_assert_cmpuint (done.n_row_conflicts, ==, 1);

  /* The Evidence page offers to resolve it, once counted. */
  wr_window_show_page (window, "evidence");
  wr_test_wait_until (shows_in_window, (gpointer) "Resolve 1 Conflict…");
  wr_test_save_png (GTK_WIDGET (window), "evidence-page-conflict.png");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.resolve-conflicts", NULL);
  wr_test_wait_until (wr_test_has_window_of_type, GSIZE_TO_POINTER (WR_TYPE_CONFLICTS_DIALOG));
  conflicts = wr_test_find_window_of_type (WR_TYPE_CONFLICTS_DIALOG);
  wr_test_wait_until (conflicts_listed, conflicts);
  wr_test_save_png (conflicts, "conflicts-dialog.png");

  /* The other computer's version, after saying what that does. */
  button = wr_test_find_descendant (find_title_with (conflicts, "Theirs"), GTK_TYPE_BUTTON);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate_action_variant (button, gtk_actionable_get_action_name (GTK_ACTIONABLE (button)),
                                                     gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button))));
  wr_test_wait_until (has_message_dialog, NULL);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (wr_test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG)), "keep");
  wr_test_wait_until (conflicts_listed, conflicts);
  wr_test_wait_until (shows_none, conflicts);
  g_assert_cmpstr (changed_comment (store (), visit), ==, "Theirs");
  wr_test_wait_until (hides_in_window, (gpointer) "Resolve 1 Conflict…");
  gtk_window_close (GTK_WINDOW (conflicts));
  wr_test_iterate ();

  /* The writer holds the other store: both go before its files, which
   * Windows removes only once closed.
   */
  g_clear_object (&writer);
  g_clear_object (&other);
  remove_folder (dir);
}

/* Cancel stops an export and goes back to the choices; closing the
 * dialog stops it too, and the dialog goes once its thread is done. Either
 * way nothing is written.
 */
static void
test_export_cancel (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("walkround-export-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "pack.xml", NULL);
  WrExportDialog *dialog = open_dialog ();
  guint exported = G_MAXUINT;

  g_assert_no_error (error);
  g_assert_cmpuint (count_visits (NULL, "completed"), >, 0);
  g_signal_connect (dialog, "exported", G_CALLBACK (exported_cb), &exported);

  wr_export_dialog_export (dialog, path);
  g_assert_false (dialog_settled (dialog));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "export.cancel", NULL);
  wr_test_wait_until (dialog_settled, dialog);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  g_assert_true (gtk_widget_is_sensitive (gtk_widget_get_ancestor (wr_test_find_by_text (GTK_WIDGET (dialog), "Export…"),
                                                                   GTK_TYPE_BUTTON)));
  g_assert_cmpuint (exported, ==, G_MAXUINT);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  wr_export_dialog_export (dialog, path);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_false (wr_test_has_window_of_type (GSIZE_TO_POINTER (WR_TYPE_EXPORT_DIALOG)));
  wr_test_wait_until (is_gone, &dialog);
  g_assert_cmpuint (exported, ==, G_MAXUINT);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  remove_folder (dir);
}

/* Cancel stops an import and goes back to what it would do; closing the
 * dialog stops it too, and the dialog goes once its thread is done. Either
 * way nothing changes.
 */
static void
test_import_cancel (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("walkround-import-XXXXXX", &error);
  g_autofree char *pack = make_other_pack (dir, 20, 4321);
  WrPackImportCounts done = { .n_new = G_MAXUINT };
  WrImportDialog *dialog;
  guint before = count_visits (NULL, NULL);

  wr_window_import_pack (window, pack);
  dialog = WR_IMPORT_DIALOG (wr_test_find_window_of_type (WR_TYPE_IMPORT_DIALOG));
  g_assert_nonnull (dialog);
  wr_test_wait_until (dialog_settled, dialog);
  g_assert_cmpuint (wr_import_dialog_get_preview (dialog)->n_new, ==, 20);
  g_signal_connect (dialog, "imported", G_CALLBACK (imported_cb), &done);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.commit", NULL);
  answer_import_question ("trust", "does not know", NULL);
  g_assert_false (dialog_settled (dialog));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.cancel", NULL);
  wr_test_wait_until (dialog_settled, dialog);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  g_assert_nonnull (wr_import_dialog_get_preview (dialog));
  g_assert_cmpuint (wr_import_dialog_get_preview (dialog)->n_new, ==, 20);
  g_assert_cmpuint (done.n_new, ==, G_MAXUINT);
  g_assert_cmpuint (count_visits (NULL, NULL), ==, before);

  /* The cancelled import trusted nothing: it asks again. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.commit", NULL);
  answer_import_question ("trust", "does not know", NULL);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_false (wr_test_has_window_of_type (GSIZE_TO_POINTER (WR_TYPE_IMPORT_DIALOG)));
  wr_test_wait_until (is_gone, &dialog);
  g_assert_cmpuint (done.n_new, ==, G_MAXUINT);
  g_assert_cmpuint (count_visits (NULL, NULL), ==, before);

  remove_folder (dir);
}

/* A pack with a form this computer does not have: importing installs it
 * into the folder of packs' forms, and the window's forms have it at once,
 * for the pack's visits only.
 */
static void
test_import_forms (void)
{
  g_autofree char *pack = g_test_build_filename (G_TEST_DIST, "data", "packs", "example.xml", NULL);
  WrFormLibrary *library = wr_application_get_library (WR_APPLICATION (app));
  g_autofree char *folder = g_strdup (wr_form_library_get_user_folder (library));
  guint n_problems = wr_form_library_get_problems (library)->len;
  WrPackImportCounts done = { .n_new = G_MAXUINT };
  WrImportDialog *dialog;

  g_assert_nonnull (folder);
  g_assert_null (wr_form_library_lookup (library, "example-walk", 1));

  wr_window_import_pack (window, pack);
  dialog = WR_IMPORT_DIALOG (wr_test_find_window_of_type (WR_TYPE_IMPORT_DIALOG));
  g_assert_nonnull (dialog);
  wr_test_wait_until (dialog_settled, dialog);
  g_assert_nonnull (wr_import_dialog_get_preview (dialog));
  g_assert_cmpuint (wr_import_dialog_get_preview (dialog)->n_forms_installed, ==, 1);
  g_assert_null (wr_form_library_lookup (library, "example-walk", 1));
  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (dialog), "Not signed"));
  wr_test_save_png (GTK_WIDGET (dialog), "import-dialog-forms.png");

  /* example.xml is from before packs were signed: Import asks first. */
  g_signal_connect (dialog, "imported", G_CALLBACK (imported_cb), &done);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.commit", NULL);
  answer_import_question ("unsigned", "Nothing says which device wrote this pack", "import-unsigned-question.png");
  wr_test_wait_until (is_counted, &done);
  g_assert_cmpuint (done.n_forms_installed, ==, 1);
  g_assert_nonnull (wr_form_library_lookup (library, "example-walk", 1));
  /* For the pack's visits only: not offered for new visits until chosen. */
  g_assert_null (wr_form_library_lookup_default (library, "example-walk"));
  g_assert_cmpint (wr_form_library_get_source (library, wr_form_library_lookup (library, "example-walk", 1)), ==,
                   WR_FORM_SOURCE_PACK);
  g_assert_cmpstr (wr_form_library_get_user_folder (library), ==, folder);
  g_assert_cmpuint (wr_form_library_get_problems (library)->len, ==, n_problems);
}

/* Sealed packs ------------------------------------------------------------------- */

#define PASSPHRASE "correct horse battery staple"

/* Another database's public key file, and a team key's. */
static WrStore *
make_recipients (const char  *dir,
                 char       **device_key,
                 char       **team_key,
                 char       **team_public)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (dir, "hub.db", NULL);
  g_autoptr(WrStore) hub = wr_store_open (db, &error);
  g_autoptr(WrDeviceKey) key = NULL;

  g_assert_no_error (error);
  key = wr_device_key_get (hub, &error);
  g_assert_no_error (error);
  *device_key = g_build_filename (dir, "hub.key", NULL);
  g_assert_true (wr_device_key_export (key, *device_key, &error));
  *team_key = g_build_filename (dir, "quality.teamkey", NULL);
  *team_public = g_build_filename (dir, "quality.pub", NULL);
  g_assert_true (wr_team_key_create (*team_key, "Quality team", PASSPHRASE, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (wr_team_key_export_public (*team_key, *team_public, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&hub);
}

static char *
fingerprint_in (const char *key_file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrSealRecipient) recipient = wr_seal_recipient_read (key_file, &error);

  g_assert_no_error (error);
  return g_strdup (recipient->fingerprint);
}

static gboolean
file_is_sealed (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return length > 22 && memcmp (contents, "WALKROUND SEALED PACK\n", 22) == 0 && strstr (contents, "<visit") == NULL;
}

/* Seal for…: key files chosen, each shown with its fingerprint, one taken
 * away again; the pack written is sealed, and opens for a recipient.
 */
static void
test_export_sealed (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("walkround-seal-XXXXXX", &error);
  g_autofree char *device_key = NULL;
  g_autofree char *team_key = NULL;
  g_autofree char *team_public = NULL;
  g_autofree char *own_key_file = g_build_filename (dir, "own.key", NULL);
  g_autofree char *path = g_build_filename (dir, "pack.sealed", NULL);
  g_autoptr(WrStore) hub = make_recipients (dir, &device_key, &team_key, &team_public);
  g_autofree char *hub_fingerprint = fingerprint_in (device_key);
  g_autofree char *team_fingerprint = fingerprint_in (team_public);
  g_autofree char *own_fingerprint = NULL;
  g_auto(GStrv) fingerprints = NULL;
  g_autoptr(WrPackReader) reader = NULL;
  WrPackImportCounts counts = { 0 };
  WrExportDialog *dialog;
  GtkWidget *remove;
  guint exported = G_MAXUINT;
  guint n_completed = count_visits (NULL, "completed");

  {
    g_autoptr(WrDeviceKey) own = wr_device_key_get (store (), &error);

    g_assert_no_error (error);
    g_assert_true (wr_device_key_export (own, own_key_file, &error));
    own_fingerprint = g_strdup (wr_device_key_get_fingerprint (own));
  }
  g_assert_cmpuint (n_completed, >, 0);

  dialog = open_dialog ();
  assert_count (dialog, n_completed);
  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (dialog), "Seal"));
  g_assert_true (wr_export_dialog_add_seal_key (dialog, device_key, &error));
  g_assert_true (wr_export_dialog_add_seal_key (dialog, team_public, &error));
  g_assert_true (wr_export_dialog_add_seal_key (dialog, own_key_file, &error));
  g_assert_true (wr_export_dialog_add_seal_key (dialog, team_public, &error));   /* not twice */
  g_assert_no_error (error);
  g_assert_false (wr_export_dialog_add_seal_key (dialog, path, &error));
  g_assert_error (error, WR_PACK_ERROR, WR_PACK_ERROR_KEY);
  g_clear_error (&error);
  fingerprints = wr_export_dialog_get_seal_fingerprints (dialog);
  g_assert_cmpuint (g_strv_length (fingerprints), ==, 3);
  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (dialog), hub_fingerprint));
  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (dialog), team_fingerprint));
  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (dialog), "Quality team"));

  /* The third taken away again, by its own button. */
  remove = wr_test_find_by_text (GTK_WIDGET (dialog), own_fingerprint);
  g_assert_nonnull (remove);
  remove = wr_test_find_by_tooltip (gtk_widget_get_ancestor (remove, ADW_TYPE_ACTION_ROW), "Do not seal for this key");
  g_assert_nonnull (remove);
  g_signal_emit_by_name (remove, "clicked");
  g_clear_pointer (&fingerprints, g_strfreev);
  fingerprints = wr_export_dialog_get_seal_fingerprints (dialog);
  g_assert_cmpuint (g_strv_length (fingerprints), ==, 2);
  g_assert_cmpstr (fingerprints[0], ==, hub_fingerprint);
  g_assert_cmpstr (fingerprints[1], ==, team_fingerprint);
  g_assert_null (wr_test_find_by_text (GTK_WIDGET (dialog), own_fingerprint));

  gtk_window_set_default_size (GTK_WINDOW (dialog), 1000, 1000);
  for (guint f = 0; f < 3; f++)
    wr_test_wait_for_paint (GTK_WIDGET (dialog));
  wr_test_save_png (GTK_WIDGET (dialog), "export-dialog-sealed.png");
  wr_test_save_png (gtk_widget_get_ancestor (wr_test_find_by_text (GTK_WIDGET (dialog), "Seal"),
                                             ADW_TYPE_PREFERENCES_GROUP),
                    "export-dialog-sealed-group.png");
  gtk_window_set_default_size (GTK_WINDOW (dialog), 360, 700);
  for (guint f = 0; f < 3; f++)
    wr_test_wait_for_paint (GTK_WIDGET (dialog));
  wr_test_save_png (gtk_widget_get_ancestor (wr_test_find_by_text (GTK_WIDGET (dialog), "Seal"),
                                             ADW_TYPE_PREFERENCES_GROUP),
                    "export-dialog-sealed-360.png");

  g_signal_connect (dialog, "exported", G_CALLBACK (exported_cb), &exported);
  wr_export_dialog_export (dialog, path);
  wr_test_wait_until (is_set, &exported);
  g_assert_cmpuint (exported, ==, n_completed);
  g_assert_true (file_is_sealed (path));

  /* The hub, one of its recipients, opens it. */
  reader = wr_pack_reader_new (hub, wr_application_get_library (WR_APPLICATION (app)));
  wr_pack_reader_set_dry_run (reader, TRUE);
  g_assert_true (wr_pack_reader_import_file (reader, path, NULL, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.n_new, ==, n_completed);
  g_assert_cmpstr (wr_pack_reader_get_opened_by (reader), ==, hub_fingerprint);

  g_clear_object (&reader);
  g_clear_object (&hub);
  {
    g_autofree char *keys = g_build_filename (dir, "hub.db" WR_TEAM_KEYS_SUFFIX, NULL);

    g_rmdir (keys);
  }
  remove_folder (dir);
}

/* A sealed pack for this database opens in the import dialog; one sealed
 * for someone else says so, and changes nothing.
 */
static void
test_import_sealed (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("walkround-unseal-XXXXXX", &error);
  g_autofree char *device_key = NULL;
  g_autofree char *team_key = NULL;
  g_autofree char *team_public = NULL;
  g_autofree char *own_key_file = g_build_filename (dir, "own.key", NULL);
  g_autofree char *ours = g_build_filename (dir, "ours.sealed", NULL);
  g_autofree char *theirs = g_build_filename (dir, "theirs.sealed", NULL);
  g_autoptr(WrStore) hub = make_recipients (dir, &device_key, &team_key, &team_public);
  g_autoptr(GPtrArray) for_us = g_ptr_array_new_with_free_func ((GDestroyNotify) wr_seal_recipient_free);
  g_autoptr(GPtrArray) for_team = g_ptr_array_new_with_free_func ((GDestroyNotify) wr_seal_recipient_free);
  g_autoptr(WrPackWriter) writer = NULL;
  g_autofree char *team_fingerprint = fingerprint_in (team_public);
  const WrPackImportCounts *preview;
  WrImportDialog *dialog;
  WrDemoOptions options = { 6, 17, NULL };
  guint before;

  {
    g_autoptr(WrDeviceKey) own = wr_device_key_get (store (), &error);

    g_assert_no_error (error);
    g_assert_true (wr_device_key_export (own, own_key_file, &error));
  }
  g_assert_true (wr_demo_fill (hub, wr_application_get_library (WR_APPLICATION (app)), &options,
                               NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_ptr_array_add (for_us, wr_seal_recipient_read (own_key_file, &error));
  g_ptr_array_add (for_team, wr_seal_recipient_read (team_public, &error));
  g_assert_no_error (error);
  writer = wr_pack_writer_new (hub, wr_application_get_library (WR_APPLICATION (app)));
  wr_pack_writer_set_seal_for (writer, for_us);
  g_assert_true (wr_pack_writer_write_file (writer, ours, NULL, &error));
  wr_pack_writer_set_seal_for (writer, for_team);
  g_assert_true (wr_pack_writer_write_file (writer, theirs, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (file_is_sealed (ours));
  before = count_visits (NULL, NULL);

  wr_window_import_pack (window, ours);
  dialog = WR_IMPORT_DIALOG (wr_test_find_window_of_type (WR_TYPE_IMPORT_DIALOG));
  g_assert_nonnull (dialog);
  wr_test_wait_until (dialog_settled, dialog);
  preview = wr_import_dialog_get_preview (dialog);
  g_assert_nonnull (preview);
  g_assert_cmpuint (preview->n_new + preview->n_unchanged + preview->n_updated + preview->n_conflicts, ==, 6);
  wr_test_save_png (GTK_WIDGET (dialog), "import-dialog-sealed.png");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.cancel", NULL);
  wr_test_iterate ();

  /* Sealed for the team, whose key is not installed here. */
  wr_window_import_pack (window, theirs);
  dialog = WR_IMPORT_DIALOG (wr_test_find_window_of_type (WR_TYPE_IMPORT_DIALOG));
  wr_test_wait_until (dialog_settled, dialog);
  g_assert_null (wr_import_dialog_get_preview (dialog));
  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (dialog), "This Pack Is Sealed for Someone Else"));
  gtk_window_set_default_size (GTK_WINDOW (dialog), 1000, 700);
  for (guint f = 0; f < 3; f++)
    wr_test_wait_for_paint (GTK_WIDGET (dialog));
  wr_test_save_png (GTK_WIDGET (dialog), "import-dialog-sealed-for-others.png");
  gtk_window_set_default_size (GTK_WINDOW (dialog), 360, 700);
  for (guint f = 0; f < 3; f++)
    wr_test_wait_for_paint (GTK_WIDGET (dialog));
  wr_test_save_png (GTK_WIDGET (dialog), "import-dialog-sealed-for-others-360.png");
  {
    GtkWidget *page = gtk_widget_get_ancestor (wr_test_find_by_text (GTK_WIDGET (dialog),
                                                                     "This Pack Is Sealed for Someone Else"),
                                               ADW_TYPE_STATUS_PAGE);
    GtkWidget *label = wr_test_find_descendant (page, GTK_TYPE_LABEL);

    g_assert_nonnull (page);
    g_assert_nonnull (label);
  }
  g_assert_cmpuint (count_visits (NULL, NULL), ==, before);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.cancel", NULL);
  wr_test_iterate ();
  (void) team_fingerprint;

  g_clear_object (&hub);
  remove_folder (dir);
}

static gboolean
is_sensitive (gpointer data)
{
  return gtk_widget_is_sensitive (GTK_WIDGET (data));
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} Shown;

static gboolean
is_shown (gpointer data)
{
  Shown *shown = data;

  return wr_test_find_by_text (shown->root, shown->text) != NULL;
}

/* Preferences' team keys: installed with the passphrase asked in a
 * message dialog (a wrong one installs nothing), then listed; and a
 * device trusted by its fingerprint.
 */
static void
test_team_key_preferences (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("walkround-team-XXXXXX", &error);
  g_autofree char *device_key = NULL;
  g_autofree char *team_key = NULL;
  g_autofree char *team_public = NULL;
  g_autoptr(WrStore) hub = make_recipients (dir, &device_key, &team_key, &team_public);
  g_autofree char *team_fingerprint = fingerprint_in (team_public);
  g_autofree char *hub_fingerprint = fingerprint_in (device_key);
  g_autoptr(GPtrArray) installed = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  WrPreferencesWindow *prefs;
  GtkWindow *question;
  GtkWidget *entry;
  GtkWidget *button;
  GtkWidget *row;
  Shown shown;

  prefs = wr_preferences_window_new (store ());
  gtk_window_set_default_size (GTK_WINDOW (prefs), 1000, 700);
  gtk_window_present (GTK_WINDOW (prefs));
  wr_test_wait_for_paint (GTK_WIDGET (prefs));
  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (prefs), "Team Keys"));
  g_assert_nonnull (wr_test_find_by_text (GTK_WIDGET (prefs), "No team key is installed"));
  button = gtk_widget_get_ancestor (wr_test_find_by_text (GTK_WIDGET (prefs), "Install Team Key…"), GTK_TYPE_BUTTON);
  g_assert_nonnull (button);

  /* A wrong passphrase: refused, nothing installed. */
  question = wr_preferences_window_ask_team_key_passphrase (prefs, team_key);
  g_assert_nonnull (question);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (question)), team_fingerprint));
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (question)), ==, "install");
  entry = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (question));
  g_assert_true (GTK_IS_PASSWORD_ENTRY (entry));
  wr_test_wait_for_paint (GTK_WIDGET (question));
  wr_test_save_png (GTK_WIDGET (question), "preferences-team-key-passphrase.png");
  gtk_editable_set_text (GTK_EDITABLE (entry), "not the passphrase");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), "install");
  gtk_window_destroy (question);
  g_assert_false (gtk_widget_is_sensitive (button));
  wr_test_wait_until (is_sensitive, button);
  installed = wr_team_key_list_installed (store (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (installed->len, ==, 0);
  g_clear_pointer (&installed, g_ptr_array_unref);

  /* The right one: installed, and listed by its fingerprint. */
  question = wr_preferences_window_ask_team_key_passphrase (prefs, team_key);
  entry = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (question));
  gtk_editable_set_text (GTK_EDITABLE (entry), PASSPHRASE);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), "install");
  gtk_window_destroy (question);
  shown.root = GTK_WIDGET (prefs);
  shown.text = team_fingerprint;
  wr_test_wait_until (is_shown, &shown);
  g_assert_null (wr_test_find_by_text (GTK_WIDGET (prefs), "No team key is installed"));
  installed = wr_team_key_list_installed (store (), &error);
  g_assert_cmpuint (installed->len, ==, 1);
  g_assert_cmpstr (((WrSealIdentity *) g_ptr_array_index (installed, 0))->fingerprint, ==, team_fingerprint);

  /* A public key file is not a team key to install. */
  g_assert_nonnull (wr_preferences_window_ask_team_key_passphrase (prefs, team_public));
  question = GTK_WINDOW (wr_test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG));
  entry = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (question));
  gtk_editable_set_text (GTK_EDITABLE (entry), PASSPHRASE);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), "install");
  gtk_window_destroy (question);
  wr_test_wait_until (is_sensitive, button);
  g_clear_pointer (&installed, g_ptr_array_unref);
  installed = wr_team_key_list_installed (store (), &error);
  g_assert_cmpuint (installed->len, ==, 1);

  /* Trust a Device, by its fingerprint. */
  row = gtk_widget_get_ancestor (wr_test_find_by_text (GTK_WIDGET (prefs), "Fingerprint of the Device to Trust"),
                                 ADW_TYPE_ENTRY_ROW);
  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), "not one");
  g_signal_emit_by_name (row, "apply");
  expected = wr_store_list_expected_devices (store (), &error);
  g_assert_cmpuint (expected->len, ==, 0);
  g_clear_pointer (&expected, g_ptr_array_unref);
  gtk_editable_set_text (GTK_EDITABLE (row), hub_fingerprint);
  g_signal_emit_by_name (row, "apply");
  expected = wr_store_list_expected_devices (store (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (expected->len, ==, 1);
  g_assert_cmpstr (((WrDevice *) g_ptr_array_index (expected, 0))->fingerprint, ==, hub_fingerprint);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");

  for (guint f = 0; f < 3; f++)
    wr_test_wait_for_paint (GTK_WIDGET (prefs));
  wr_test_save_png (GTK_WIDGET (prefs), "preferences-team-keys.png");
  gtk_window_set_default_size (GTK_WINDOW (prefs), 360, 700);
  for (guint f = 0; f < 3; f++)
    wr_test_wait_for_paint (GTK_WIDGET (prefs));
  wr_test_save_png (gtk_widget_get_ancestor (wr_test_find_by_text (GTK_WIDGET (prefs), "Team Keys"),
                                             ADW_TYPE_PREFERENCES_GROUP),
                    "preferences-team-keys-360.png");

  g_object_add_weak_pointer (G_OBJECT (prefs), (gpointer *) &prefs);
  gtk_window_destroy (GTK_WINDOW (prefs));
  wr_test_wait_until (is_gone, &prefs);

  g_clear_object (&hub);
  remove_folder (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  wr_test_init_display (&argc, &argv);
  window = WR_WINDOW (wr_test_start_app (&app));

  g_test_add_func ("/walkround/export-dialog/export", test_export);
  g_test_add_func ("/walkround/export-dialog/report", test_report);
  g_test_add_func ("/walkround/export-dialog/long-names", test_long_names);
  g_test_add_func ("/walkround/export-dialog/bad-date", test_bad_date);
  g_test_add_func ("/walkround/import-dialog/import", test_import);
  g_test_add_func ("/walkround/import-dialog/conflict", test_conflict);
  g_test_add_func ("/walkround/export-dialog/cancel", test_export_cancel);
  g_test_add_func ("/walkround/import-dialog/cancel", test_import_cancel);
  g_test_add_func ("/walkround/import-dialog/forms", test_import_forms);
  g_test_add_func ("/walkround/export-dialog/sealed", test_export_sealed);
  g_test_add_func ("/walkround/import-dialog/sealed", test_import_sealed);
  g_test_add_func ("/walkround/preferences/team-keys", test_team_key_preferences);

  status = g_test_run ();
  wr_test_stop_app (app, GTK_WINDOW (window));

  return status;
}
