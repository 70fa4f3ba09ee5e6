/* test-window.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "wr-actions-page.h"
#include "wr-application.h"
#include "wr-forms-page.h"
#include "wr-preferences-window.h"
#include "wr-services-page.h"
#include "wr-visit-page.h"
#include "wr-visits-page.h"
#include "wr-test-utils.h"
#include "wr-window-private.h"

static const struct {
  const char *name;
  const char *title;
} pages[] = {
  { "visits", "Visits" },
  { "actions", "Actions" },
  { "evidence", "Evidence" },
  { "summary", "Summary" },
  { "services", "Services" },
  { "forms", "Forms" },
};

/* One application for the whole run, as a person has: each test opens a
 * fresh window in it. (A second registration would clash on the bus.)
 */
static WrApplication *the_app;

typedef struct
{
  WrApplication  *app;
  WrWindow       *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->app = g_object_ref (the_app);
  g_application_activate (G_APPLICATION (fixture->app));

  fixture->window = WR_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (fixture->app)));
  g_assert_true (WR_IS_WINDOW (fixture->window));
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  wr_test_wait_for_paint (GTK_WIDGET (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (fixture->window);
  g_clear_object (&fixture->app);
}

static GtkListBoxRow *
get_row (Fixture *fixture,
         guint    index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (_wr_window_get_sidebar (fixture->window), (int) index);

  g_assert_nonnull (row);
  return row;
}

static void
test_sidebar_pages (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkListBox *sidebar = _wr_window_get_sidebar (fixture->window);
  g_autofree char *png = NULL;

  /* Exactly the six pages of the design, in order, each named for a screen reader. */
  g_assert_null (gtk_list_box_get_row_at_index (sidebar, G_N_ELEMENTS (pages)));
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkListBoxRow *row = get_row (fixture, i);

      g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (row)), ==, pages[i].name);
      gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL, pages[i].title);
    }

  /* The pages opened less often are built when first shown. */
  g_assert_null (wr_test_find_descendant (GTK_WIDGET (fixture->window), WR_TYPE_ACTIONS_PAGE));
  g_assert_null (wr_test_find_descendant (GTK_WIDGET (fixture->window), WR_TYPE_SERVICES_PAGE));
  g_assert_null (wr_test_find_descendant (GTK_WIDGET (fixture->window), WR_TYPE_FORMS_PAGE));

  /* Activate each row as a click or Enter would, and see its page. */
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkListBoxRow *row = get_row (fixture, i);

      gtk_widget_activate (GTK_WIDGET (row));
      g_assert_cmpstr (_wr_window_get_visible_page (fixture->window), ==, pages[i].name);
      g_assert_true (gtk_list_box_get_selected_row (sidebar) == row);

      g_free (png);
      png = g_strdup_printf ("window-%s.png", pages[i].name);
      wr_test_save_png (GTK_WIDGET (fixture->window), png);
    }

  g_assert_nonnull (wr_test_find_descendant (GTK_WIDGET (fixture->window), WR_TYPE_ACTIONS_PAGE));
  g_assert_nonnull (wr_test_find_descendant (GTK_WIDGET (fixture->window), WR_TYPE_SERVICES_PAGE));
  g_assert_nonnull (wr_test_find_descendant (GTK_WIDGET (fixture->window), WR_TYPE_FORMS_PAGE));

  /* The page shown last is remembered for the next start. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
    g_autofree char *page = g_settings_get_string (settings, "page");

    g_assert_cmpstr (page, ==, "forms");
  }
}

/* Moving through the sidebar with the arrow keys shows each page, and
 * the keyboard stays in the sidebar.
 */
static void
test_sidebar_keys (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);

  if (!wr_test_can_type ())
    {
      g_test_skip ("No XTest to press keys with");
      return;
    }

  gtk_widget_activate (GTK_WIDGET (get_row (fixture, 0)));
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (get_row (fixture, 0))));
  for (guint i = 1; i < G_N_ELEMENTS (pages); i++)
    {
      wr_test_press_key (window, GDK_KEY_Down, 0);
      g_assert_cmpstr (_wr_window_get_visible_page (fixture->window), ==, pages[i].name);
      g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == GTK_WIDGET (get_row (fixture, i)));
    }
  wr_test_press_key (window, GDK_KEY_Up, 0);
  g_assert_cmpstr (_wr_window_get_visible_page (fixture->window), ==, pages[G_N_ELEMENTS (pages) - 2].name);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == GTK_WIDGET (get_row (fixture, G_N_ELEMENTS (pages) - 2)));
}

static void
test_page_shortcuts (Fixture       *fixture,
                     gconstpointer  data)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page", "s", "summary"));
  g_assert_cmpstr (_wr_window_get_visible_page (fixture->window), ==, "summary");
  g_assert_true (gtk_list_box_get_selected_row (_wr_window_get_sidebar (fixture->window)) == get_row (fixture, 3));
}

static void
test_app_actions (Fixture       *fixture,
                  gconstpointer  data)
{
  static const struct {
    const char *action;
    const char *accel;
  } accels[] = {
    { "app.quit", "<Control>q" },
    { "app.preferences", "<Control>comma" },
    { "app.help", "F1" },
    { "window.close", "<Control>w" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    {
      g_auto(GStrv) set = gtk_application_get_accels_for_action (GTK_APPLICATION (fixture->app), accels[i].action);

      g_assert_cmpuint (g_strv_length (set), ==, 1);
      g_assert_cmpstr (set[0], ==, accels[i].accel);
    }

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (fixture->app), "about"));
  /* GtkApplication adds the shortcuts window from gtk/help-overlay.ui, with Ctrl+?. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (fixture->window), "show-help-overlay"));
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (fixture->window)));
}

static void
test_dialogs (Fixture       *fixture,
              gconstpointer  data)
{
  GtkWidget *window;

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "preferences", NULL);
  wr_test_wait_until (wr_test_has_window_of_type, GSIZE_TO_POINTER (WR_TYPE_PREFERENCES_WINDOW));
  window = wr_test_find_window_of_type (WR_TYPE_PREFERENCES_WINDOW);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (window)) == GTK_WINDOW (fixture->window));
  wr_test_save_png (window, "preferences.png");
  gtk_window_destroy (GTK_WINDOW (window));

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "about", NULL);
  wr_test_wait_until (wr_test_has_window_of_type, GSIZE_TO_POINTER (ADW_TYPE_ABOUT_WINDOW));
  window = wr_test_find_window_of_type (ADW_TYPE_ABOUT_WINDOW);
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (window)), ==, PACKAGE_VERSION);
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (window)), ==, GTK_LICENSE_GPL_3_0);
  wr_test_save_png (window, "about.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
is_folded (gpointer data)
{
  return adw_leaflet_get_folded (ADW_LEAFLET (data));
}

static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  AdwLeaflet *leaflet = _wr_window_get_leaflet (fixture->window);
  GtkWidget *sidebar_pane;

  g_assert_false (adw_leaflet_get_folded (leaflet));

  /* A tablet held upright, or a phone: the sidebar and the page take turns. */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 640);
  wr_test_wait_until (is_folded, leaflet);
  sidebar_pane = adw_leaflet_get_visible_child (leaflet);
  wr_test_save_png (GTK_WIDGET (fixture->window), "window-narrow-sidebar.png");

  gtk_widget_activate (GTK_WIDGET (get_row (fixture, 1)));
  g_assert_cmpstr (_wr_window_get_visible_page (fixture->window), ==, "actions");
  g_assert_true (adw_leaflet_get_visible_child (leaflet) != sidebar_pane);
  wr_test_save_png (GTK_WIDGET (fixture->window), "window-narrow-page.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.go-back", NULL));
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == sidebar_pane);

  /* Every page fits a 360 pixel wide window: none makes it wider. */
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *png = g_strdup_printf ("window-narrow-%s.png", pages[i].name);

      gtk_widget_activate (GTK_WIDGET (get_row (fixture, i)));
      wr_test_save_png (GTK_WIDGET (fixture->window), png);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), ==, 360);
    }
}

static void
test_window_state_saved (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  int width;
  int height;

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 640);
  wr_test_wait_for_paint (GTK_WIDGET (fixture->window));

  /* Quitting closes the window, which saves its size. */
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "quit", NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (fixture->window);

  g_settings_get (settings, "window-size", "(ii)", &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
}

static void
test_primary_menu (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *button = NULL;

  /* The menu button has only an icon, so it needs a name of its own. */
  for (GtkWidget *w = GTK_WIDGET (fixture->window); w != NULL; )
    {
      if (GTK_IS_MENU_BUTTON (w) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (w)))
        {
          button = w;
          break;
        }
      if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != NULL && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          if (w != NULL)
            w = gtk_widget_get_next_sibling (w);
        }
    }

  g_assert_nonnull (button);
  gtk_test_accessible_assert_property (button, GTK_ACCESSIBLE_PROPERTY_LABEL, "Main Menu");
}

/* Larger Text makes every text a quarter larger, headings and dialogs
 * included, over the desktop's own size; turned off, that comes back.
 */
static void
test_large_text (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  GtkSettings *gtk_settings = gtk_settings_get_default ();
  GtkWidget *heading = gtk_label_new ("Are call bells answered?");
  GtkWidget *window = gtk_window_new ();
  int dpi = 0, large_dpi = 0, after_dpi = 0;
  int height = 0, large_height = 0;

  gtk_widget_add_css_class (heading, "title-2");
  gtk_window_set_child (GTK_WINDOW (window), heading);
  gtk_window_present (GTK_WINDOW (window));
  wr_test_wait_for_paint (window);

  g_settings_set_boolean (settings, "large-text", FALSE);
  wr_test_iterate ();
  g_object_get (gtk_settings, "gtk-xft-dpi", &dpi, NULL);
  gtk_widget_measure (heading, GTK_ORIENTATION_VERTICAL, -1, NULL, &height, NULL, NULL);

  g_settings_set_boolean (settings, "large-text", TRUE);
  wr_test_iterate ();
  g_object_get (gtk_settings, "gtk-xft-dpi", &large_dpi, NULL);
  g_assert_cmpint (large_dpi, ==, (dpi > 0 ? dpi : 96 * 1024) / 100 * 125);
  gtk_widget_measure (heading, GTK_ORIENTATION_VERTICAL, -1, NULL, &large_height, NULL, NULL);
  g_assert_cmpint (large_height, >, height * 11 / 10);
  wr_test_save_png (GTK_WIDGET (fixture->window), "window-large-text.png");

  g_settings_set_boolean (settings, "large-text", FALSE);
  wr_test_iterate ();
  g_object_get (gtk_settings, "gtk-xft-dpi", &after_dpi, NULL);
  g_assert_cmpint (after_dpi, ==, dpi);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The first frame of a window holds no page: the one it opens on is built
 * right after that frame, while the database opens, and the visit page
 * when a visit first opens.
 */
static void
test_first_frame_before_pages (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  WrWindow *window;

  g_settings_set_string (settings, "page", "visits");
  window = wr_window_new (ADW_APPLICATION (the_app));
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (_wr_window_get_visible_page (window), ==, "visits");
  g_assert_null (wr_test_find_descendant (GTK_WIDGET (window), WR_TYPE_VISITS_PAGE));

  wr_test_wait_for_paint (GTK_WIDGET (window));
  g_assert_nonnull (wr_test_find_descendant (GTK_WIDGET (window), WR_TYPE_VISITS_PAGE));
  g_assert_null (wr_test_find_descendant (GTK_WIDGET (window), WR_TYPE_ACTIONS_PAGE));
  g_assert_null (wr_test_find_descendant (GTK_WIDGET (window), WR_TYPE_VISIT_PAGE));

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  int status;

  wr_test_init_display (&argc, &argv);

  data_dir = g_dir_make_tmp ("walkround-test-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("WALKROUND_DATA_DIR", data_dir, TRUE);

  the_app = wr_application_new ();
  g_application_register (G_APPLICATION (the_app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/walkround/window/first-frame-before-pages", test_first_frame_before_pages);

#define ADD(path, func) \
  g_test_add ("/walkround/window/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("sidebar-pages", test_sidebar_pages);
  ADD ("sidebar-keys", test_sidebar_keys);
  ADD ("page-shortcuts", test_page_shortcuts);
  ADD ("app-actions", test_app_actions);
  ADD ("primary-menu", test_primary_menu);
  ADD ("dialogs", test_dialogs);
  ADD ("narrow", test_narrow);
  ADD ("window-state-saved", test_window_state_saved);
  ADD ("large-text", test_large_text);

#undef ADD

  status = g_test_run ();

  g_clear_object (&the_app);
  g_rmdir (data_dir);

  return status;
}
