/* test-service-filter.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The service drop-down the Visits and Actions pages share: it offers the
 * store's services by name, follows them as they are added, renamed and
 * archived, and says which one is chosen.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "wr-service-filter.h"
#include "wr-test-utils.h"

typedef struct
{
  char            *dir;
  WrStore         *store;
  WrServiceFilter *filter;
  GtkWidget       *window;
  guint            n_notified;
} Fixture;

static void
notified_cb (WrServiceFilter *filter,
             GParamSpec      *pspec,
             Fixture         *fixture)
{
  fixture->n_notified++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("walkround-filter-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "walkround.db", NULL);
  fixture->store = wr_store_open (path, &error);
  g_assert_no_error (error);

  fixture->filter = g_object_ref_sink (WR_SERVICE_FILTER (wr_service_filter_new ()));
  g_signal_connect (fixture->filter, "notify::service-uuid", G_CALLBACK (notified_cb), fixture);
  fixture->window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->filter));
  gtk_window_present (GTK_WINDOW (fixture->window));
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

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  wr_test_iterate ();
  g_assert_finalize_object (fixture->filter);
  g_assert_finalize_object (fixture->store);
  remove_folder (fixture->dir);
  g_free (fixture->dir);
}

static WrService *
add_service (WrStore    *store,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  WrServiceFields fields = { .name = name };
  WrService *service = wr_store_add_service (store, &fields, &error);

  g_assert_no_error (error);
  return service;
}

static GtkDropDown *
dropdown (Fixture *fixture)
{
  return GTK_DROP_DOWN (wr_test_find_descendant (GTK_WIDGET (fixture->filter), GTK_TYPE_DROP_DOWN));
}

/* The names offered, as one string: "All Services|Ward 7". */
static char *
offered (Fixture *fixture)
{
  GListModel *model = gtk_drop_down_get_model (dropdown (fixture));
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      g_string_append_printf (names, "%s%s", i ? "|" : "", gtk_string_object_get_string (item));
    }
  return g_string_free (names, FALSE);
}

static const char *
chosen (Fixture *fixture)
{
  return gtk_string_object_get_string (gtk_drop_down_get_selected_item (dropdown (fixture)));
}

static void
test_follows_store (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrService) ward = NULL;
  g_autoptr(WrService) maple = NULL;
  g_autoptr(WrService) renamed = NULL;
  g_autofree char *names = NULL;
  WrServiceFields fields = { .name = "Maple House Respite" };

  /* Without a store: only "All Services". */
  names = offered (fixture);
  g_assert_cmpstr (names, ==, "All Services");
  g_assert_null (wr_service_filter_get_service_uuid (fixture->filter));

  ward = add_service (fixture->store, "Ward 7");
  maple = add_service (fixture->store, "Maple House");
  wr_service_filter_set_store (fixture->filter, fixture->store);
  g_clear_pointer (&names, g_free);
  names = offered (fixture);
  g_assert_cmpstr (names, ==, "All Services|Maple House|Ward 7");
  g_assert_cmpuint (fixture->n_notified, ==, 0);

  /* Chosen as a person would, from the drop-down. */
  gtk_drop_down_set_selected (dropdown (fixture), 1);
  g_assert_cmpstr (wr_service_filter_get_service_uuid (fixture->filter), ==, wr_service_get_uuid (maple));
  g_assert_cmpuint (fixture->n_notified, ==, 1);

  /* A new service shows at once, and the choice stays. */
  g_clear_object (&ward);
  ward = add_service (fixture->store, "Audiology");
  g_clear_pointer (&names, g_free);
  names = offered (fixture);
  g_assert_cmpstr (names, ==, "All Services|Audiology|Maple House|Ward 7");
  g_assert_cmpstr (chosen (fixture), ==, "Maple House");
  g_assert_cmpuint (fixture->n_notified, ==, 1);

  /* Renamed, it is still the one chosen. */
  renamed = wr_store_update_service (fixture->store, wr_service_get_id (maple), &fields, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chosen (fixture), ==, "Maple House Respite");
  g_assert_cmpuint (fixture->n_notified, ==, 1);

  /* Archived, it goes, and the filter shows every service again. */
  g_assert_true (wr_store_set_service_archived (fixture->store, wr_service_get_id (maple), TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (chosen (fixture), ==, "All Services");
  g_assert_null (wr_service_filter_get_service_uuid (fixture->filter));
  g_assert_cmpuint (fixture->n_notified, ==, 2);

  /* Where archived services count, as for actions still open, it is back. */
  wr_service_filter_set_include_archived (fixture->filter, TRUE);
  g_clear_pointer (&names, g_free);
  names = offered (fixture);
  g_assert_cmpstr (names, ==, "All Services|Audiology|Maple House Respite|Ward 7");
  wr_service_filter_set_service_uuid (fixture->filter, wr_service_get_uuid (maple));
  g_assert_cmpstr (chosen (fixture), ==, "Maple House Respite");
  g_assert_cmpuint (fixture->n_notified, ==, 3);

  /* A service it does not offer means all of them. */
  wr_service_filter_set_service_uuid (fixture->filter, "no-such-service");
  g_assert_null (wr_service_filter_get_service_uuid (fixture->filter));
  g_assert_cmpuint (fixture->n_notified, ==, 4);

  /* Without its store again, it offers nothing but all. */
  wr_service_filter_set_service_uuid (fixture->filter, wr_service_get_uuid (ward));
  wr_service_filter_set_store (fixture->filter, NULL);
  g_assert_null (wr_service_filter_get_service_uuid (fixture->filter));
  g_clear_pointer (&names, g_free);
  names = offered (fixture);
  g_assert_cmpstr (names, ==, "All Services");
}

/* A screen reader names the button that takes the focus after the label
 * the page gives the filter; a long name does not widen the window.
 */
static void
test_label_and_width (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(WrService) service = add_service (fixture->store,
                                              "Community Mental Health Team for Older Adults, North and East");
  GtkWidget *button;
  int natural;

  g_object_set (fixture->filter, "label", "Show visits to this service", NULL);
  g_assert_cmpstr (wr_service_filter_get_label (fixture->filter), ==, "Show visits to this service");
  button = wr_test_find_descendant (GTK_WIDGET (dropdown (fixture)), GTK_TYPE_TOGGLE_BUTTON);
  g_assert_nonnull (button);
  gtk_test_accessible_assert_relation (button, GTK_ACCESSIBLE_RELATION_LABELLED_BY, dropdown (fixture), NULL);
  gtk_test_accessible_assert_property (dropdown (fixture), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Show visits to this service");

  wr_service_filter_set_store (fixture->filter, fixture->store);
  wr_service_filter_set_service_uuid (fixture->filter, wr_service_get_uuid (service));
  wr_test_wait_for_paint (fixture->window);
  gtk_widget_measure (GTK_WIDGET (fixture->filter), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  g_assert_cmpint (natural, <, 300);
  wr_test_save_png (fixture->window, "service-filter.png");
}

int
main (int   argc,
      char *argv[])
{
  wr_test_init_display (&argc, &argv);

  g_test_add ("/walkround/service-filter/follows-store", Fixture, NULL,
              fixture_set_up, test_follows_store, fixture_tear_down);
  g_test_add ("/walkround/service-filter/label-and-width", Fixture, NULL,
              fixture_set_up, test_label_and_width, fixture_tear_down);

  return g_test_run ();
}
