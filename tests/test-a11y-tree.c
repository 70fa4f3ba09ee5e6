/* test-a11y-tree.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What a screen reader finds: the window's AT-SPI tree, read over D-Bus as
 * Orca reads it (not GTK's own accessible objects), with each page, a
 * visit of each built-in form and each dialog showing. Every control a
 * person operates must have a name.
 *
 * The test runs an accessibility bus of its own (with at-spi2-core's
 * configuration) and the registry daemon on it, so nothing is asked of the
 * session's, and tests/atspi-unnamed.py walks the tree while the
 * main loop here answers it.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "wr-action-dialog.h"
#include "wr-application.h"
#include "wr-conflicts-dialog.h"
#include "wr-demo.h"
#include "wr-export-dialog.h"
#include "wr-feedback-dialog.h"
#include "wr-import-dialog.h"
#include "wr-pack-writer.h"
#include "wr-print.h"
#include "wr-service-import-dialog.h"
#include "wr-new-visit-dialog.h"
#include "wr-observation-dialog.h"
#include "wr-preferences-window.h"
#include "wr-service-dialog.h"
#include "wr-services-page.h"
#include "wr-store.h"
#include "wr-test-utils.h"
#include "wr-visit-page.h"
#include "wr-walk-page.h"
#include "wr-window-private.h"

#define ACCESSIBILITY_CONF "/usr/share/defaults/at-spi2/accessibility.conf"
#define REGISTRY_DAEMON    "/usr/libexec/at-spi2-registryd"

static GApplication *app;
static GtkWindow *window;
static GSubprocess *a11y_bus;
static GSubprocess *registry;

static const char * const form_ids[] = {
  "quality-visit",
  "ned-visit",
  "fifteen-steps",
  "practice-self-assessment",
};
static char *visit_uuids[G_N_ELEMENTS (form_ids)];

static void
start_a11y_bus (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *listen = g_strdup_printf ("--address=unix:dir=%s", g_get_user_runtime_dir ());
  g_autofree char *address = NULL;

  a11y_bus = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                               "dbus-daemon", "--config-file=" ACCESSIBILITY_CONF, "--nofork", "--nopidfile",
                               "--print-address=1", listen, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (a11y_bus));
  address = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (address);
  g_assert_true (g_str_has_prefix (address, "unix:"));
  g_setenv ("AT_SPI_BUS_ADDRESS", address, TRUE);

  /* Started here rather than by the bus, which would start it without
   * AT_SPI_BUS_ADDRESS: it would then look for the session's bus.
   */
  registry = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, REGISTRY_DAEMON, NULL);
  g_assert_no_error (error);
}

static void
communicated_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  char **out = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (G_SUBPROCESS (source)));
  g_assert_cmpint (g_subprocess_get_exit_status (G_SUBPROCESS (source)), ==, 0);
  *out = g_steal_pointer (&text);
}

/* Walks the tree of every window of this process and fails, listing them,
 * if any control has no name. @where says what was showing.
 */
static void
assert_all_named (const char *where)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) walker = NULL;
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "atspi-unnamed.py", NULL);
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_controls = 0;
  guint n_unnamed = G_MAXUINT;
  guint n_lines;

  wr_test_iterate ();
  walker = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, script, pid, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (walker, NULL, NULL, communicated_cb, &out);
  while (out == NULL)
    g_main_context_iteration (NULL, TRUE);

  lines = g_strsplit (g_strchomp (out), "\n", -1);
  n_lines = g_strv_length (lines);
  g_assert_cmpuint (n_lines, >, 0);
  g_assert_cmpint (sscanf (lines[n_lines - 1], "controls %u unnamed %u", &n_controls, &n_unnamed), ==, 2);
  g_test_message ("%s: %u controls, %u unnamed", where, n_controls, n_unnamed);
  for (guint i = 0; i + 1 < n_lines; i++)
    g_test_message ("%s: unnamed %s", where, lines[i]);
  g_assert_cmpuint (n_controls, >, 0);
  if (n_unnamed > 0)
    g_test_fail_printf ("%s: %u of %u controls have no accessible name (listed above)",
                        where, n_unnamed, n_controls);
}

static void
test_pages (void)
{
  static const char * const pages[] = { "visits", "actions", "evidence", "summary", "services", "forms" };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      wr_window_show_page (WR_WINDOW (window), pages[i]);
      wr_test_wait_for_paint (GTK_WIDGET (window));
      assert_all_named (pages[i]);
    }
  wr_window_show_page (WR_WINDOW (window), "visits");
}

static void
test_visit (gconstpointer data)
{
  guint index = GPOINTER_TO_UINT (data);
  g_autofree char *png = g_strdup_printf ("a11y-%s.png", form_ids[index]);

  wr_window_open_visit (WR_WINDOW (window), visit_uuids[index]);
  wr_test_wait_for_paint (GTK_WIDGET (window));
  g_assert_nonnull (wr_test_find_descendant (GTK_WIDGET (window), WR_TYPE_VISIT_PAGE));
  wr_test_save_png (GTK_WIDGET (window), png);
  assert_all_named (form_ids[index]);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.go-back", NULL));
  wr_test_iterate ();
}

/* Opens a dialog as its action does, checks it, and closes it. */
static void
check_dialog (GtkWidget  *from,
              const char *action,
              GType       type,
              const char *where)
{
  GtkWidget *dialog;

  g_assert_true (gtk_widget_activate_action (from, action, NULL));
  wr_test_wait_until (wr_test_has_window_of_type, GSIZE_TO_POINTER (type));
  dialog = wr_test_find_window_of_type (type);
  wr_test_wait_for_paint (dialog);
  assert_all_named (where);
  gtk_window_destroy (GTK_WINDOW (dialog));
  wr_test_iterate ();
}

static void
test_dialogs (void)
{
  GtkWidget *page;

  check_dialog (GTK_WIDGET (window), "win.new-visit", WR_TYPE_NEW_VISIT_DIALOG, "new visit dialog");
  check_dialog (GTK_WIDGET (window), "win.export-pack", WR_TYPE_EXPORT_DIALOG, "export dialog");
  check_dialog (GTK_WIDGET (window), "app.preferences", WR_TYPE_PREFERENCES_WINDOW, "preferences");

  wr_window_show_page (WR_WINDOW (window), "services");
  wr_test_wait_for_paint (GTK_WIDGET (window));
  page = wr_test_find_descendant (GTK_WIDGET (window), WR_TYPE_SERVICES_PAGE);
  g_assert_nonnull (page);
  check_dialog (page, "services.add", WR_TYPE_SERVICE_DIALOG, "service dialog");
  wr_window_show_page (WR_WINDOW (window), "visits");

  wr_window_open_visit (WR_WINDOW (window), visit_uuids[0]);
  wr_test_wait_for_paint (GTK_WIDGET (window));
  page = wr_test_find_descendant (GTK_WIDGET (window), WR_TYPE_VISIT_PAGE);
  g_assert_nonnull (page);
  check_dialog (page, "visit.add-observation", WR_TYPE_OBSERVATION_DIALOG, "observation dialog");
  check_dialog (page, "visit.add-action", WR_TYPE_ACTION_DIALOG, "action dialog");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.go-back", NULL));
  wr_test_iterate ();
}

static gboolean
has_walk_page (gpointer data)
{
  GtkWidget *walk = wr_test_find_descendant (GTK_WIDGET (window), WR_TYPE_WALK_PAGE);

  return walk != NULL && gtk_widget_get_mapped (walk);
}

static gboolean
no_walk_page (gpointer data)
{
  return !has_walk_page (data);
}

/* Answers the message dialog showing, as a click on @response does. */
static void
respond (const char *response)
{
  GtkWidget *dialog = wr_test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG);

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_close (GTK_WINDOW (dialog));
  wr_test_iterate ();
}

/* Walk mode on the 15 Steps visit: who is walking, every part of the
 * walk, and the question before stopping.
 */
static void
test_walk_mode (void)
{
  WrWalkPage *walk;
  GtkWidget *next;

  wr_window_open_visit (WR_WINDOW (window), visit_uuids[2]);
  wr_test_wait_for_paint (GTK_WIDGET (window));
  g_assert_true (gtk_widget_activate_action (wr_test_find_descendant (GTK_WIDGET (window), WR_TYPE_VISIT_PAGE),
                                             "visit.walk", NULL));
  wr_test_wait_until (wr_test_has_window_of_type, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG));
  wr_test_wait_for_paint (wr_test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG));
  assert_all_named ("walk mode: who is walking");
  respond ("member-0");
  wr_test_wait_until (has_walk_page, NULL);
  walk = WR_WALK_PAGE (wr_test_find_descendant (GTK_WIDGET (window), WR_TYPE_WALK_PAGE));

  for (guint step = 0; step < wr_walk_page_get_n_steps (walk); step++)
    {
      g_autofree char *where = g_strdup_printf ("walk mode, step %u", step + 1);

      g_assert_cmpuint (wr_walk_page_get_step (walk), ==, step);
      wr_test_wait_for_paint (GTK_WIDGET (window));
      assert_all_named (where);
      if (step + 1 < wr_walk_page_get_n_steps (walk))
        {
          next = gtk_widget_get_ancestor (wr_test_find_by_text (GTK_WIDGET (walk), "Next"), GTK_TYPE_BUTTON);
          g_signal_emit_by_name (next, "clicked");
        }
    }

  wr_walk_page_ask_to_leave (walk);
  wr_test_wait_until (wr_test_has_window_of_type, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG));
  wr_test_wait_for_paint (wr_test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG));
  assert_all_named ("walk mode: stop the walk?");
  respond ("stop");
  wr_test_wait_until (no_walk_page, NULL);
  /* The toast saying the walk is saved goes, as its timeout would: its
   * close button is libadwaita's, without a name (the other tests see no
   * toast).
   */
  g_assert_nonnull (_wr_window_get_last_toast (WR_WINDOW (window)));
  adw_toast_dismiss (_wr_window_get_last_toast (WR_WINDOW (window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.go-back", NULL));
  wr_test_iterate ();
}

/* GTK's print dialog, GtkPrintUnixDialog, by its type's name: its header
 * is gtk4-unix-print's, which the app does not otherwise need.
 */
static GtkWidget *
find_print_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (g_str_equal (G_OBJECT_TYPE_NAME (toplevel), "GtkPrintUnixDialog") && gtk_widget_get_mapped (GTK_WIDGET (toplevel)))
        return GTK_WIDGET (toplevel);
    }

  return NULL;
}

static gboolean
has_print_dialog (gpointer data)
{
  return find_print_dialog () != NULL;
}

/* Walkround's own preview: an AdwWindow titled so. */
static GtkWidget *
find_preview (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_WINDOW (toplevel) && gtk_widget_get_mapped (GTK_WIDGET (toplevel)) &&
          g_strcmp0 (gtk_window_get_title (GTK_WINDOW (toplevel)), "Print Preview") == 0)
        return GTK_WIDGET (toplevel);
    }

  return NULL;
}

static gboolean
has_preview (gpointer data)
{
  return find_preview () != NULL;
}

static gboolean
no_print_windows (gpointer data)
{
  return find_print_dialog () == NULL && find_preview () == NULL;
}

/* "Feedback for the Service…" on the NED visit, with what a patient and a
 * carer said to tick in, then its Print: GTK's print dialog, and Preview
 * in it, which shows Walkround's own preview where no previewer is
 * installed (as here: the command is made one that is not).
 */
static void
test_feedback_and_print (void)
{
  WrStore *store = wr_application_get_store (WR_APPLICATION (app));
  WrObservationFields patient = { .text = "The nurse sat with me when I was frightened.", .kind = "quote", .voice = "patient" };
  WrObservationFields carer = { .text = "Nobody told us visiting had changed.", .kind = "quote", .voice = "carer" };
  WrObservationFields staff = { .text = "The handover was calm and thorough.", .kind = "good-practice", .voice = "staff" };
  g_autoptr(GError) error = NULL;
  g_autofree char *id1 = wr_store_add_observation (store, visit_uuids[1], &patient, &error);
  g_autofree char *id2 = wr_store_add_observation (store, visit_uuids[1], &carer, &error);
  g_autofree char *id3 = wr_store_add_observation (store, visit_uuids[1], &staff, &error);
  GtkWidget *dialog;
  GtkWidget *print;

  g_assert_no_error (error);
  g_object_set (gtk_settings_get_default (), "gtk-print-preview-command", "walkround-test-no-previewer %f", NULL);

  wr_window_open_visit (WR_WINDOW (window), visit_uuids[1]);
  wr_test_wait_for_paint (GTK_WIDGET (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.visit-feedback", NULL));
  wr_test_wait_until (wr_test_has_window_of_type, GSIZE_TO_POINTER (WR_TYPE_FEEDBACK_DIALOG));
  dialog = wr_test_find_window_of_type (WR_TYPE_FEEDBACK_DIALOG);
  wr_test_wait_for_paint (dialog);
  g_assert_nonnull (wr_test_find_by_text (dialog, patient.text));
  g_assert_nonnull (wr_test_find_by_text (dialog, carer.text));
  wr_test_save_png (dialog, "a11y-feedback-dialog.png");
  assert_all_named ("feedback dialog");

  /* Print closes the dialog, lays the letter out, then asks GTK. */
  g_assert_true (gtk_widget_activate_action (dialog, "feedback.print", NULL));
  wr_test_wait_until (has_print_dialog, NULL);
  print = find_print_dialog ();
  wr_test_wait_for_paint (print);
  wr_test_save_png (print, "a11y-print-dialog.png");
  assert_all_named ("print dialog");

  /* Preview is the print dialog's Apply. */
  gtk_dialog_response (GTK_DIALOG (print), GTK_RESPONSE_APPLY);
  wr_test_wait_until (has_preview, NULL);
  wr_test_wait_for_paint (find_preview ());
  wr_test_save_png (find_preview (), "a11y-print-preview.png");
  assert_all_named ("print preview");
  gtk_window_destroy (GTK_WINDOW (find_preview ()));
  wr_test_wait_until (no_print_windows, NULL);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.go-back", NULL));
  wr_test_iterate ();
}

/* A pack of a few demonstration visits, from a database of its own. */
static char *
write_pack (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (dir, "other.db", NULL);
  char *path = g_build_filename (dir, "other.xml", NULL);
  g_autoptr(WrStore) other = wr_store_open (db, &error);
  g_autoptr(WrPackWriter) writer = NULL;
  WrDemoOptions options = { 3, 7, NULL };

  g_assert_no_error (error);
  g_assert_true (wr_demo_fill (other, wr_application_get_library (WR_APPLICATION (app)), &options,
                               NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  writer = wr_pack_writer_new (other, wr_application_get_library (WR_APPLICATION (app)));
  g_assert_true (wr_pack_writer_write_file (writer, path, NULL, &error));
  g_assert_no_error (error);
  return path;
}

/* The import dialog has said what the pack would do. */
static gboolean
import_checked (gpointer data)
{
  return wr_import_dialog_get_preview (data) != NULL;
}

/* The import dialog with what a pack would do, the conflicts dialog and
 * the services' CSV import.
 */
static void
test_import_dialogs (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("walkround-a11y-XXXXXX", &error);
  g_autofree char *pack = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(GFile) file = NULL;
  GtkWidget *dialog;
  GtkWidget *page;

  g_assert_no_error (error);
  pack = write_pack (dir);
  wr_window_import_pack (WR_WINDOW (window), pack);
  wr_test_wait_until (wr_test_has_window_of_type, GSIZE_TO_POINTER (WR_TYPE_IMPORT_DIALOG));
  dialog = wr_test_find_window_of_type (WR_TYPE_IMPORT_DIALOG);
  wr_test_wait_until (import_checked, dialog);
  wr_test_wait_for_paint (dialog);
  assert_all_named ("import dialog");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wr_test_iterate ();

  check_dialog (GTK_WIDGET (window), "win.resolve-conflicts", WR_TYPE_CONFLICTS_DIALOG, "conflicts dialog");

  csv = g_build_filename (dir, "services.csv", NULL);
  g_assert_true (g_file_set_contents (csv, "Name,Directorate,Site,Type,CQC location id\r\n"
                                           "Ward 7,Medicine,General Hospital,Inpatient ward,\r\n"
                                           "Maple House,Mental health,Maple Site,Inpatient ward,1-223344556\r\n",
                                     -1, NULL));
  file = g_file_new_for_path (csv);
  wr_window_show_page (WR_WINDOW (window), "services");
  wr_test_wait_for_paint (GTK_WIDGET (window));
  page = wr_test_find_descendant (GTK_WIDGET (window), WR_TYPE_SERVICES_PAGE);
  g_assert_nonnull (page);
  wr_services_page_import_file (WR_SERVICES_PAGE (page), file);
  wr_test_wait_until (wr_test_has_window_of_type, GSIZE_TO_POINTER (WR_TYPE_SERVICE_IMPORT_DIALOG));
  dialog = wr_test_find_window_of_type (WR_TYPE_SERVICE_IMPORT_DIALOG);
  wr_test_wait_for_paint (dialog);
  assert_all_named ("service import dialog");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wr_test_iterate ();
  wr_window_show_page (WR_WINDOW (window), "visits");

  g_unlink (csv);
  g_unlink (pack);
  {
    g_autofree char *db = g_build_filename (dir, "other.db", NULL);
    g_autofree char *wal = g_build_filename (dir, "other.db-wal", NULL);
    g_autofree char *shm = g_build_filename (dir, "other.db-shm", NULL);

    g_unlink (db);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
}

static gboolean
forms_loaded (gpointer data)
{
  WrFormLibrary *library = wr_application_get_library (WR_APPLICATION (app));

  return library != NULL && wr_form_library_lookup_default (library, form_ids[0]) != NULL;
}

/* A draft visit of each built-in form, with a team, on a service. */
static void
add_visits (void)
{
  WrStore *store = wr_application_get_store (WR_APPLICATION (app));
  WrFormLibrary *library;
  g_autoptr(GError) error = NULL;
  WrServiceFields service_fields = { .name = "Ward 12 (Respiratory)" };
  g_autoptr(WrService) service = NULL;

  wr_test_wait_until (forms_loaded, NULL);
  library = wr_application_get_library (WR_APPLICATION (app));
  service = wr_store_add_service (store, &service_fields, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (form_ids); i++)
    {
      WrForm *form = wr_form_library_lookup_default (library, form_ids[i]);
      g_autoptr(WrVisit) visit = NULL;
      g_autofree char *member = NULL;
      WrVisitFields fields = { NULL, };

      g_assert_nonnull (form);
      fields.kind = wr_form_kind_to_string (wr_form_get_kind (form));
      fields.form_id = wr_form_get_id (form);
      fields.form_version = wr_form_get_version (form);
      fields.form_sha256 = wr_form_get_sha256 (form);
      fields.service_id = wr_service_get_id (service);
      visit = wr_store_create_visit (store, &fields, &error);
      g_assert_no_error (error);
      member = wr_store_add_member (store, wr_visit_get_uuid (visit), "Sam Patel", "service-user", &error);
      g_assert_no_error (error);
      visit_uuids[i] = g_strdup (wr_visit_get_uuid (visit));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  int n_args;
  char **argp;
  int status;

  /* Every page and dialog, even after one fails: the list is the point. */
  for (int i = 0; i < argc; i++)
    g_ptr_array_add (args, argv[i]);
  g_ptr_array_add (args, (char *) "--keep-going");
  g_ptr_array_add (args, NULL);
  n_args = argc + 1;
  argp = (char **) args->pdata;

  /* The real AT-SPI backend, not the test one the other display tests use. */
  g_setenv ("GTK_A11Y", "atspi", TRUE);
  wr_test_init_display (&n_args, &argp);
  start_a11y_bus ();

  window = wr_test_start_app (&app);
  add_visits ();

  g_test_add_func ("/walkround/a11y-tree/pages", test_pages);
  for (guint i = 0; i < G_N_ELEMENTS (form_ids); i++)
    {
      g_autofree char *path = g_strdup_printf ("/walkround/a11y-tree/visit/%s", form_ids[i]);

      g_test_add_data_func (path, GUINT_TO_POINTER (i), test_visit);
    }
  g_test_add_func ("/walkround/a11y-tree/dialogs", test_dialogs);
  g_test_add_func ("/walkround/a11y-tree/walk-mode", test_walk_mode);
  g_test_add_func ("/walkround/a11y-tree/import-dialogs", test_import_dialogs);
  g_test_add_func ("/walkround/a11y-tree/feedback-and-print", test_feedback_and_print);

  status = g_test_run ();

  wr_test_stop_app (app, window);
  for (guint i = 0; i < G_N_ELEMENTS (form_ids); i++)
    g_clear_pointer (&visit_uuids[i], g_free);
  g_subprocess_force_exit (registry);
  g_clear_object (&registry);
  g_subprocess_force_exit (a11y_bus);
  g_clear_object (&a11y_bus);

  return status;
}
