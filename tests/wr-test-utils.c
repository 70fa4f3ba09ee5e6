/* wr-test-utils.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the display tests share: waiting as a person would for the window
 * to draw, and pictures of what it drew.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <stdlib.h>
#include <string.h>

#ifdef GDK_WINDOWING_X11
# include <dlfcn.h>
# include <gdk/x11/gdkx.h>
#endif

#include "wr-a11y.h"
#include "wr-application.h"
#include "wr-test-utils.h"

/* A home of the test's own, so that nothing the application or GTK writes
 * (settings, recent files, caches, forms) lands in the real one, and the
 * temporary folders the tests make go with it. The whole run shares it,
 * because each display test starts the application once, in main(),
 * before g_test_run() could isolate each test's folders.
 */
static char *test_home;

static void
remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;
  GFile *child;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL && g_file_enumerator_iterate (children, &info, &child, NULL, NULL) && info != NULL)
    remove_tree (child);
  g_file_delete (file, NULL, NULL);
}

/* Only after a run that got to the end: a failed one aborts, and leaves its
 * folders to look at.
 */
static void
remove_test_home (void)
{
  g_autoptr(GFile) home = g_file_new_for_path (test_home);

  remove_tree (home);
  g_clear_pointer (&test_home, g_free);
}

static void
isolate_home (void)
{
  const char *tmp = g_getenv ("TMPDIR");
  g_autofree char *template = NULL;
  const struct {
    const char *variable;
    const char *folder;
  } dirs[] = {
    { "HOME", "home" },
    { "XDG_CACHE_HOME", "cache" },
    { "XDG_CONFIG_HOME", "config" },
    { "XDG_DATA_HOME", "data" },
    { "XDG_STATE_HOME", "state" },
    { "XDG_RUNTIME_DIR", "runtime" },
    { "TMPDIR", "tmp" },
  };

  /* Not g_dir_make_tmp(): GLib would keep the temporary folder it finds
   * first, before TMPDIR points into the test's home.
   */
  template = g_build_filename (tmp && tmp[0] ? tmp : "/tmp", "walkround-home-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (template));
  test_home = g_steal_pointer (&template);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (test_home, dirs[i].folder, NULL);

      g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
      g_setenv (dirs[i].variable, path, TRUE);
    }
  atexit (remove_test_home);
}

/**
 * wr_test_init_display:
 *
 * Starts GTK and libadwaita for a display test, in a home of its own: call
 * it first in main(), before anything asks GLib where the user's folders are.
 */
#ifdef G_OS_WIN32
/* GDK for Windows warns of what Wine lacks (keyboard layout DLLs such as
 * kbdus.dll, the monitors' device-node properties): each such warning
 * would fail every test. Under Windows, GDK's warnings are written as
 * messages; its criticals, and everyone else's warnings, stay fatal.
 */
static GLogWriterOutput
log_writer_cb (GLogLevelFlags   log_level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  const char *domain = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
    }

  if ((log_level & G_LOG_LEVEL_WARNING) && g_strcmp0 (domain, "Gdk") == 0)
    return g_log_writer_default (G_LOG_LEVEL_MESSAGE, fields, n_fields, user_data);

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}
#endif

void
wr_test_init_display (int    *argc,
                      char ***argv)
{
  isolate_home ();
#ifdef G_OS_WIN32
  g_log_set_writer_func (log_writer_cb, NULL, NULL);
#endif
  gtk_test_init (argc, argv, NULL);
  adw_init ();

  /* Screenshots show the finished page, not a crossfade half-way through. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

/* Waits until the window has painted a frame with its current layout. */
void
wr_test_wait_for_paint (GtkWidget *widget)
{
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong handler;

  while (!gtk_widget_get_mapped (widget))
    g_main_context_iteration (NULL, TRUE);

  clock = gtk_widget_get_frame_clock (widget);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);
}

void
wr_test_wait_until (gboolean (*done) (gpointer),
            gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* Renders @widget as it is on screen to a PNG in the build folder, and checks
 * that the picture shows something: a window that failed to draw comes out
 * as a single flat colour.
 */
void
wr_test_save_png (GtkWidget  *widget,
          const char *file_name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  int width;
  int height;
  gsize n_distinct = 0;
  guint32 first;

  wr_test_wait_for_paint (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_test_message ("%s: %d×%d", file_name, width, height);

  /* The paintable shows the last frame the widget painted, which a new
   * dialog may not have done yet when its clock first ticks.
   */
  paintable = gtk_widget_paintable_new (widget);
  for (guint tries = 0; node == NULL; tries++)
    {
      g_assert_cmpuint (tries, <, 100);
      if (tries > 0)
        wr_test_wait_for_paint (widget);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);

  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  first = ((guint32 *) pixels)[0];
  for (gsize i = 0; i < (gsize) width * height; i++)
    n_distinct += ((guint32 *) pixels)[i] != first;
  g_assert_cmpuint (n_distinct, >, (gsize) width * height / 100);

  path = g_test_build_filename (G_TEST_BUILT, file_name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s", path);
}

gboolean
wr_test_has_window_of_type (gpointer data)
{
  GType type = GPOINTER_TO_SIZE (data);
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return TRUE;
    }

  return FALSE;
}

GtkWidget *
wr_test_find_window_of_type (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  /* The one on screen: a dialog that was just answered may linger, hidden. */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }

  return NULL;
}

void
wr_test_iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Depth first, in the order the widgets are drawn. */
GtkWidget *
wr_test_find_descendant (GtkWidget *root,
                         GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = wr_test_find_descendant (child, type)))
        return found;
    }
  return NULL;
}

/* Finds a label, or a row, showing @text: what a person reads. */
GtkWidget *
wr_test_find_by_text (GtkWidget  *root,
                      const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if ((GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), text) == 0) ||
          (ADW_IS_PREFERENCES_ROW (child) &&
           g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), text) == 0))
        return child;
      if ((found = wr_test_find_by_text (child, text)))
        return found;
    }
  return NULL;
}

/* Finds a control as a person would: by the tooltip it shows. */
GtkWidget *
wr_test_find_by_tooltip (GtkWidget  *root,
                         const char *tooltip)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_tooltip_text (child), tooltip) == 0 ||
          g_strcmp0 (wr_a11y_get_tooltip (child), tooltip) == 0)
        return child;
      if ((found = wr_test_find_by_tooltip (child, tooltip)))
        return found;
    }
  return NULL;
}

GtkWidget *
wr_test_find_with_class (GtkWidget  *root,
                         const char *css_class)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (gtk_widget_has_css_class (child, css_class))
        return child;
      if ((found = wr_test_find_with_class (child, css_class)))
        return found;
    }
  return NULL;
}

static gboolean
store_ready (gpointer data)
{
  return wr_application_get_store (WR_APPLICATION (data)) != NULL;
}

/* The real application on a data folder of its own, with its window shown
 * and its database open.
 */
GtkWindow *
wr_test_start_app (GApplication **app)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = g_dir_make_tmp ("walkround-test-XXXXXX", &error);

  g_assert_no_error (error);
  return wr_test_start_app_in (app, data_dir);
}

GtkWindow *
wr_test_start_app_in (GApplication **app,
                      const char    *data_dir)
{
  g_autoptr(GError) error = NULL;
  GtkWindow *window;

  g_setenv ("WALKROUND_DATA_DIR", data_dir, TRUE);

  *app = G_APPLICATION (wr_application_new ());
  g_application_register (*app, NULL, &error);
  g_assert_no_error (error);
  g_application_activate (*app);
  window = gtk_application_get_active_window (GTK_APPLICATION (*app));
  g_assert_nonnull (window);
  wr_test_wait_until (store_ready, *app);
  wr_test_wait_for_paint (GTK_WIDGET (window));

  return window;
}

/* Closes the window and checks that it, and so every page in it, is
 * finalized: a reference cycle or a leak in any widget fails the test.
 */
void
wr_test_stop_app (GApplication *app,
                  GtkWindow    *window)
{
  g_object_ref (window);
  gtk_window_destroy (window);
  wr_test_iterate ();
  g_object_unref (app);
  wr_test_iterate ();
  g_assert_finalize_object (window);
}

#ifdef GDK_WINDOWING_X11
typedef int (*FakeKeyEventFunc) (Display       *display,
                                 unsigned int   keycode,
                                 Bool           is_press,
                                 unsigned long  delay);

/* XTest presses keys in the X server itself, so a key goes through
 * everything a real one does: focus, shortcuts, mnemonics, input methods.
 * The library is opened when wanted, as nothing else links it.
 */
static FakeKeyEventFunc
get_fake_key_event (void)
{
  static FakeKeyEventFunc func;
  static gboolean looked;

  if (!looked)
    {
      void *xtst = dlopen ("libXtst.so.6", RTLD_NOW | RTLD_LOCAL);

      looked = TRUE;
      if (xtst != NULL)
        func = (FakeKeyEventFunc) dlsym (xtst, "XTestFakeKeyEvent");
    }
  return func;
}
#endif

/**
 * wr_test_can_type:
 *
 * Returns: whether wr_test_press_key() can press keys here (an X display
 * with the XTest extension's library)
 */
gboolean
wr_test_can_type (void)
{
#ifdef GDK_WINDOWING_X11
  return GDK_IS_X11_DISPLAY (gdk_display_get_default ()) && get_fake_key_event () != NULL;
#else
  return FALSE;
#endif
}

#ifdef GDK_WINDOWING_X11
static void
fake_key (Display *display,
          guint    keyval,
          gboolean press)
{
  KeyCode keycode = XKeysymToKeycode (display, keyval);

  g_assert_cmpuint (keycode, !=, 0);
  get_fake_key_event () (display, keycode, press, CurrentTime);
}
#endif

/**
 * wr_test_press_key:
 * @window: the window that gets the key
 * @keyval: a key, such as %GDK_KEY_Tab
 * @modifiers: %GDK_SHIFT_MASK, %GDK_CONTROL_MASK, %GDK_ALT_MASK or none
 *
 * Gives @window the keyboard focus and presses a key on it, as a person
 * would, then waits until the window has handled it.
 */
void
wr_test_press_key (GtkWidget       *window,
                   guint            keyval,
                   GdkModifierType  modifiers)
{
#ifdef GDK_WINDOWING_X11
  GdkDisplay *gdk_display = gtk_widget_get_display (window);
  Display *display = gdk_x11_display_get_xdisplay (gdk_display);
  Window xid;

  g_assert_true (wr_test_can_type ());
  wr_test_wait_for_paint (window);

  /* There is no window manager to give the window the focus. */
  xid = gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window)));
  gdk_x11_display_error_trap_push (gdk_display);
  XSetInputFocus (display, xid, RevertToParent, CurrentTime);
  gdk_x11_display_error_trap_pop_ignored (gdk_display);

  if (modifiers & GDK_CONTROL_MASK)
    fake_key (display, GDK_KEY_Control_L, TRUE);
  if (modifiers & GDK_ALT_MASK)
    fake_key (display, GDK_KEY_Alt_L, TRUE);
  if (modifiers & GDK_SHIFT_MASK)
    fake_key (display, GDK_KEY_Shift_L, TRUE);
  fake_key (display, keyval, TRUE);
  fake_key (display, keyval, FALSE);
  if (modifiers & GDK_SHIFT_MASK)
    fake_key (display, GDK_KEY_Shift_L, FALSE);
  if (modifiers & GDK_ALT_MASK)
    fake_key (display, GDK_KEY_Alt_L, FALSE);
  if (modifiers & GDK_CONTROL_MASK)
    fake_key (display, GDK_KEY_Control_L, FALSE);

  /* The reply comes after the server has sent the key events. */
  XSync (display, False);
  wr_test_iterate ();
#else
  g_assert_not_reached ();
#endif
}

/**
 * wr_test_type:
 * @window: the window that gets the keys
 * @text: ASCII text, as typed on a US keyboard
 *
 * Types @text into whatever has the focus in @window.
 */
void
wr_test_type (GtkWidget  *window,
              const char *text)
{
  for (const char *c = text; *c != '\0'; c++)
    {
      /* The key that has the character, and Shift if it is on its upper level. */
      gboolean shifted = g_ascii_isupper (*c) || strchr ("~!@#$%^&*()_+{}|:\"<>?", *c) != NULL;

      g_assert_true (g_ascii_isprint (*c));
      wr_test_press_key (window, gdk_unicode_to_keyval ((guchar) *c), shifted ? GDK_SHIFT_MASK : 0);
    }
}

static gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/**
 * wr_test_show_and_finalize:
 * @widget: (transfer full): a new widget, which the caller no longer uses
 *
 * Shows @widget in a window of its own until it has painted, closes the
 * window, and checks that @widget is finalized: a leak or a reference
 * cycle in it fails the test. A button pressed from the keyboard is let go
 * of only once it has looked pressed, so this waits a little for it.
 */
void
wr_test_show_and_finalize (GtkWidget *widget)
{
  GtkWidget *window = gtk_window_new ();

  g_object_ref_sink (widget);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  wr_test_wait_for_paint (window);

  g_object_add_weak_pointer (G_OBJECT (widget), (gpointer *) &widget);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (widget);
  wr_test_wait_until (is_gone, &widget);
}
