/* test-services-page.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Drives the Services page in the real window as a quality officer would:
 * add a service, correct a mistake, archive and undo, import a CSV file,
 * and checks the database after each step.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "wr-a11y.h"
#include "wr-application.h"
#include "wr-service-dialog.h"
#include "wr-service-import-dialog.h"
#include "wr-services-page.h"
#include "wr-test-utils.h"
#include "wr-window-private.h"

static WrApplication *app;
static WrWindow *window;

static WrServicesPage *
services_page (void)
{
  wr_window_show_page (window, "services");
  return WR_SERVICES_PAGE (wr_test_find_descendant (GTK_WIDGET (window), WR_TYPE_SERVICES_PAGE));
}

static GListModel *
stored_services (gboolean archived)
{
  g_autoptr(GError) error = NULL;
  GListModel *list = wr_store_list_services (wr_application_get_store (app), archived, &error);

  g_assert_no_error (error);
  return list;
}

static GtkWidget *
find_descendant (GtkWidget  *root,
                 GType       type,
                 const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) &&
          (title == NULL || g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0))
        return child;
      if ((found = find_descendant (child, type, title)))
        return found;
    }
  return NULL;
}

static void
type_into (GtkWidget  *dialog,
           const char *row_title,
           const char *text)
{
  GtkWidget *row = find_descendant (dialog, ADW_TYPE_ENTRY_ROW, row_title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* A visit of @service_id on the quality visit form, completed, with a
 * score of @met of @applicable.
 */
static void
add_scored_visit (gint64 service_id,
                  int    day,
                  double met,
                  double applicable)
{
  g_autoptr(GError) error = NULL;
  WrStore *store = wr_application_get_store (app);
  g_autoptr(GDateTime) started = g_date_time_new_local (2026, 5, day, 10, 0, 0);
  WrVisitFields fields = { "quality-visit", "quality-visit", 1,
                           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", service_id, started };
  g_autoptr(WrVisit) visit = wr_store_create_visit (store, &fields, &error);

  g_assert_no_error (error);
  g_assert_true (wr_store_set_visit_scores (store, wr_visit_get_uuid (visit), met, applicable, NULL, 0, NULL, 0, &error));
  g_assert_no_error (error);
  g_assert_true (wr_store_complete_visit (store, wr_visit_get_uuid (visit), &error));
  g_assert_no_error (error);
}

typedef struct
{
  const char *text;
} Wanted;

static gboolean
shows_text (gpointer data)
{
  Wanted *wanted = data;

  return wr_test_find_by_text (GTK_WIDGET (services_page ()), wanted->text) != NULL;
}

/* A service's row shows its latest score and the change since the visit
 * before on the same form, and follows a new visit without a reload.
 */
static void
test_scores (void)
{
  g_autoptr(GError) error = NULL;
  WrServiceFields fields = { "Ward 40 (Scored)", "Medicine", "", "", "" };
  g_autoptr(WrService) service = wr_store_add_service (wr_application_get_store (app), &fields, &error);
  Wanted first = { "Score 50% (=)" };
  Wanted second = { "Score 75% (+25)" };
  Wanted third = { "Score 62% (-13)" };
  GtkWidget *label;

  g_assert_no_error (error);
  add_scored_visit (wr_service_get_id (service), 4, 10, 20);
  g_assert_null (wr_test_find_by_text (GTK_WIDGET (services_page ()), "Score 50%"));
  add_scored_visit (wr_service_get_id (service), 5, 5, 10);
  wr_test_wait_until (shows_text, &first);

  add_scored_visit (wr_service_get_id (service), 6, 15, 20);
  wr_test_wait_until (shows_text, &second);
  label = wr_test_find_by_text (GTK_WIDGET (services_page ()), second.text);
  g_assert_cmpstr (wr_a11y_get_tooltip (label), ==,
                   "Latest score 75%, up 25 points since the visit before on its form");
  g_assert_false (gtk_widget_has_css_class (label, "warning"));

  add_scored_visit (wr_service_get_id (service), 7, 10, 16);
  wr_test_wait_until (shows_text, &third);
  g_assert_true (gtk_widget_has_css_class (wr_test_find_by_text (GTK_WIDGET (services_page ()), third.text), "warning"));
  wr_test_save_png (GTK_WIDGET (window), "services-page-scores.png");
}

static void
test_add_edit_archive (void)
{
  WrServicesPage *page = services_page ();
  g_autoptr(GListModel) after_add = NULL;
  g_autoptr(GListModel) after_archive = NULL;
  g_autoptr(GListModel) after_undo = NULL;
  g_autoptr(WrService) ward = NULL;
  GtkWidget *dialog;
  GtkWidget *error_label;
  GtkWidget *save;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "services.add", NULL));
  wr_test_wait_until (wr_test_has_window_of_type, GSIZE_TO_POINTER (WR_TYPE_SERVICE_DIALOG));
  dialog = wr_test_find_window_of_type (WR_TYPE_SERVICE_DIALOG);

  /* Ready to type the name, not on Cancel. */
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (dialog)),
                                         wr_test_find_by_text (dialog, "Name")));

  /* Save is offered only once there is a name. */
  save = wr_test_find_with_class (dialog, "suggested-action");
  g_assert_false (gtk_widget_get_sensitive (save));
  type_into (dialog, "Name", "Ward 7");
  type_into (dialog, "Directorate", "Medicine");
  type_into (dialog, "CQC Location Id (such as 1-123456789)", "RX1");
  g_assert_true (gtk_widget_get_sensitive (save));
  g_signal_emit_by_name (save, "clicked");

  /* A wrong CQC id is said in the dialog, which keeps what was typed. */
  error_label = wr_test_find_with_class (dialog, "error");
  g_assert_true (GTK_IS_LABEL (error_label));
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "“RX1” is not a CQC location id"));
  wr_test_save_png (dialog, "service-dialog-error.png");
  g_assert_cmpuint (g_list_model_get_n_items (after_add = stored_services (TRUE)), ==, 0);
  g_clear_object (&after_add);

  type_into (dialog, "CQC Location Id (such as 1-123456789)", "1-108458789");
  g_signal_emit_by_name (save, "clicked");
  wr_test_iterate ();
  g_assert_false (wr_test_has_window_of_type (GSIZE_TO_POINTER (WR_TYPE_SERVICE_DIALOG)));

  after_add = stored_services (FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (after_add), ==, 1);
  ward = g_list_model_get_item (after_add, 0);
  g_assert_cmpstr (wr_service_get_name (ward), ==, "Ward 7");
  g_assert_cmpstr (wr_service_get_cqc_location_id (ward), ==, "1-108458789");
  g_assert_cmpuint (g_list_model_get_n_items (wr_services_page_get_model (page)), ==, 1);
  wr_test_save_png (GTK_WIDGET (window), "services-page.png");

  /* Archive, then Undo from the toast. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "services.archive", "x", wr_service_get_id (ward)));
  after_archive = stored_services (FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (after_archive), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "services.restore", "x", wr_service_get_id (ward)));
  after_undo = stored_services (FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (after_undo), ==, 1);
}

static void
test_import_csv (void)
{
  WrServicesPage *page = services_page ();
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "walkround-services-test.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GListModel) before = stored_services (TRUE);
  g_autoptr(GListModel) after = NULL;
  GtkWidget *dialog;
  const char *csv = "Name,Directorate,Site,Type,CQC location id\r\n"
                    "Ward 7,Medicine,General Hospital,Inpatient ward,\r\n"
                    "\"Audiology clinic, outpatients\",Surgery,Eye Centre,Outpatients,\r\n"
                    /* Saved by Excel as "CSV (Comma delimited)": Windows-1252. */
                    "Caf\xe9 Maple House,Mental health,Maple Site,Inpatient ward,1-223344556\r\n";

  g_assert_true (g_file_set_contents (path, csv, -1, NULL));
  wr_services_page_import_file (page, file);
  wr_test_wait_until (wr_test_has_window_of_type, GSIZE_TO_POINTER (WR_TYPE_SERVICE_IMPORT_DIALOG));
  dialog = wr_test_find_window_of_type (WR_TYPE_SERVICE_IMPORT_DIALOG);
  wr_test_save_png (dialog, "services-import.png");
  g_assert_nonnull (wr_test_find_by_text (dialog, "walkround-services-test.csv is not UTF-8: it was read as "
                                                  "Windows-1252, as Excel saves “CSV (Comma delimited)”. Check "
                                                  "that names with accents, £ or € read rightly below."));

  /* Nothing changes until the import is confirmed. */
  after = stored_services (TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (after), ==, g_list_model_get_n_items (before));
  g_clear_object (&after);

  g_assert_true (gtk_widget_activate_action (dialog, "import.commit", NULL));
  wr_test_iterate ();
  after = stored_services (TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (after), ==, g_list_model_get_n_items (before) + 2);
  {
    gboolean found = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (after); i++)
      {
        g_autoptr(WrService) service = g_list_model_get_item (after, i);

        found |= g_str_equal (wr_service_get_name (service), "Café Maple House");
      }
    g_assert_true (found);
  }
  g_unlink (path);
}

/* Built on its own on the store, drawn, and finalized once closed. */
static void
test_lifecycle (void)
{
  GtkWidget *page = g_object_new (WR_TYPE_SERVICES_PAGE, NULL);

  wr_services_page_set_store (WR_SERVICES_PAGE (page), wr_application_get_store (app));
  g_assert_cmpuint (g_list_model_get_n_items (wr_services_page_get_model (WR_SERVICES_PAGE (page))), >, 0);
  wr_test_show_and_finalize (page);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  wr_test_init_display (&argc, &argv);
  window = WR_WINDOW (wr_test_start_app ((GApplication **) &app));

  g_test_add_func ("/walkround/services-page/add-edit-archive", test_add_edit_archive);
  g_test_add_func ("/walkround/services-page/import-csv", test_import_csv);
  g_test_add_func ("/walkround/services-page/lifecycle", test_lifecycle);
  g_test_add_func ("/walkround/services-page/scores", test_scores);

  status = g_test_run ();

  wr_test_stop_app (G_APPLICATION (app), GTK_WINDOW (window));

  return status;
}
