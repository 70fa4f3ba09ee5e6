/* wr-application.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-application"

#include "config.h"



#include <glib/gi18n.h>

#include "wr-a11y.h"
#include "wr-application.h"
#include "wr-paths.h"
#include "wr-platform.h"
#include "wr-preferences-window.h"
#include "wr-visit-scores.h"
#include "wr-window.h"

/* How long the database waits for a window to paint before opening anyway. */
#define OPENING_DELAY_MS 1000

struct _WrApplication
{
  AdwApplication  parent_instance;

  WrStore        *store;
  GError         *store_error;
  WrFormLibrary  *library;
  GSettings      *settings;
  GTask          *opening;       /* until the opening thread starts */
  guint           opening_timeout;
  GCancellable   *checking;      /* while the database is checked */
  gboolean        large_text;    /* gtk-xft-dpi is ours, a quarter up */
};

G_DEFINE_FINAL_TYPE (WrApplication, wr_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
user_name_changed_cb (WrApplication *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "user-name");

  if (self->store != NULL)
    wr_store_set_user (self->store, name);
}

typedef struct
{
  WrStore       *store;
  WrFormLibrary *library;
} Opened;

static void
opened_free (Opened *opened)
{
  g_clear_object (&opened->store);
  g_clear_object (&opened->library);
  g_free (opened);
}

static void
open_store_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  Opened *opened = g_new0 (Opened, 1);

  /* Opening checks the file's header and may migrate it, and the forms
   * are parsed and validated: not on the main loop, so the window paints
   * at once. The whole check an unclean close calls for runs after, in
   * the background (see store_opened_cb()).
   */
  opened->library = wr_form_library_new_default (NULL);
  if ((opened->store = wr_store_open_default_with_flags (WR_STORE_OPEN_DEFER_CHECK, &error)))
    {
      g_autoptr(GError) score_error = NULL;

      /* Visits from before scores were kept, or whose form has just been
       * installed, are scored once; usually there are none.
       */
      if (!wr_visit_scores_fill (opened->store, opened->library, NULL, NULL, &score_error))
        g_message ("Could not score the visits: %s", score_error->message);
      g_task_return_pointer (task, opened, (GDestroyNotify) opened_free);
    }
  else
    {
      opened_free (opened);
      g_task_return_error (task, g_steal_pointer (&error));
    }
}

/* The opening thread runs at a lower priority than the main loop: on a
 * two-core laptop the quick_check of a large database would otherwise take
 * the processor from the first frame of the window.
 */
static gpointer
open_store_thread (gpointer data)
{
  g_autoptr(GTask) task = data;

  wr_platform_lower_thread_priority ();
  open_store_worker (task, NULL, NULL, NULL);

  return NULL;
}

/**
 * wr_application_open_store:
 * @self: a #WrApplication
 *
 * Starts opening the database, once. Checking a large file takes the
 * processor for a moment, so the window calls this after its first frame
 * rather than compete with it; the pages show nothing until it is open.
 */
void
wr_application_open_store (WrApplication *self)
{
  g_return_if_fail (WR_IS_APPLICATION (self));

  if (self->opening == NULL)
    return;

  g_clear_handle_id (&self->opening_timeout, g_source_remove);
  g_thread_unref (g_thread_new ("wr-open-store", open_store_thread, g_steal_pointer (&self->opening)));
}

static void
opening_timeout_cb (gpointer data)
{
  WrApplication *self = data;

  self->opening_timeout = 0;
  wr_application_open_store (self);
}

/* Damage found while the window is open (by SQLite, or by the check
 * below) is shown as damage found at open is: the window's banner says
 * what is damaged and where the copy is, and the store saves nothing
 * more.
 */
static void
store_damaged_cb (WrApplication *self,
                  const GError  *error,
                  WrStore       *store)
{
  if (self->store_error != NULL)
    return;

  self->store_error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STORE]);
}

static void
store_checked_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(WrApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->checking);

  /* Damage comes through WrStore::damaged; a check that could not run
   * (the disk busy, the window closed) runs again at the next start.
   */
  if (!wr_store_check_finish (WR_STORE (object), result, &error) &&
      !g_error_matches (error, WR_STORE_ERROR, WR_STORE_ERROR_DAMAGED) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("Could not check the database: %s", error->message);
}

static void
store_opened_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(WrApplication) self = user_data;
  Opened *opened = g_task_propagate_pointer (G_TASK (result), &self->store_error);

  if (self->store_error != NULL)
    g_warning ("%s", self->store_error->message);
  else
    {
      self->store = g_steal_pointer (&opened->store);
      self->library = g_steal_pointer (&opened->library);
      opened_free (opened);
      user_name_changed_cb (self);
      g_signal_connect_object (self->store, "damaged", G_CALLBACK (store_damaged_cb), self, G_CONNECT_SWAPPED);

      /* The last process to use the file did not close it: check every
       * page, on a connection of its own, while the lists fill.
       */
      if (wr_store_get_needs_check (self->store))
        {
          self->checking = g_cancellable_new ();
          wr_store_check_async (self->store, self->checking, store_checked_cb, g_object_ref (self));
        }
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STORE]);
  g_application_release (G_APPLICATION (self));
}

static WrWindow *
get_window (WrApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return WR_IS_WINDOW (window) ? WR_WINDOW (window) : NULL;
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  WrApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing each window, rather than g_application_quit(), lets every
   * window save its state on the way out.
   */
  for (GList *l = windows; l != NULL; )
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  WrApplication *self = user_data;
  WrPreferencesWindow *preferences;

  preferences = wr_preferences_window_new (self->store);
  gtk_window_set_transient_for (GTK_WINDOW (preferences),
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  WrApplication *self = user_data;
  static const char *developers[] = { "The Walkround authors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-icon", APPLICATION_ID,
                        "application-name", _("Walkround"),
                        "developer-name", _("The Walkround authors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Record quality visits, non-executive director visits, 15 Steps walks and practice self-assessments, follow up their actions, and gather the evidence by CQC regulation."),
                        "website", "https://github.com/walkround/walkround",
                        "issue-url", "https://github.com/walkround/walkround/issues",
                        "copyright", "© 2026 The Walkround authors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: Replace "translator-credits" with your name and email */
                        "translator-credits", _("translator-credits"),
                        NULL);
  adw_about_window_add_acknowledgement_section (ADW_ABOUT_WINDOW (about),
                                                _("Reference Material"),
                                                (const char *[]) {
                                                  "NHS England 15 Steps Challenge https://www.england.nhs.uk/get-involved/resources/15-steps-challenge/",
                                                  "Care Quality Commission https://www.cqc.org.uk/",
                                                  NULL });
  gtk_window_present (GTK_WINDOW (about));
}

static void
help_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  WrApplication *self = user_data;
  WrWindow *window = get_window (self);
  g_autofree char *path = wr_paths_find_data_file ("help/index.html");
  g_autofree char *uri = NULL;

  if (path == NULL)
    {
      if (window != NULL)
        wr_window_add_toast (window, _("The help pages are not installed"));
      else
        g_warning ("The help pages are not installed");
      return;
    }

  uri = g_filename_to_uri (path, NULL, NULL);
  gtk_show_uri (GTK_WINDOW (window), uri, GDK_CURRENT_TIME);
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_action },
  { .name = "preferences", .activate = preferences_action },
  { .name = "about", .activate = about_action },
  { .name = "help", .activate = help_action },
};

/* Larger Text scales every text in every window, dialogs included, and
 * headings as much as body text: it raises the resolution text is drawn
 * at by a quarter over the desktop's own, which already holds the
 * desktop's text scaling. Turned off, the desktop's comes back.
 */
#define LARGE_TEXT_PERCENT 125

static void
large_text_changed_cb (WrApplication *self)
{
  GtkSettings *settings = gtk_settings_get_default ();
  int dpi = 0;

  if (settings == NULL)
    return;

  /* Resetting restyles every window: only to undo our own. */
  if (self->large_text)
    gtk_settings_reset_property (settings, "gtk-xft-dpi");
  self->large_text = g_settings_get_boolean (self->settings, "large-text");
  if (!self->large_text)
    return;

  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  if (dpi <= 0)
    dpi = 96 * 1024;
  g_object_set (settings, "gtk-xft-dpi", dpi / 100 * LARGE_TEXT_PERCENT, NULL);
}

static void
wr_application_startup (GApplication *application)
{
  WrApplication *self = WR_APPLICATION (application);

  G_APPLICATION_CLASS (wr_application_parent_class)->startup (application);
  wr_a11y_init ();

  self->settings = g_settings_new (APPLICATION_ID);
  g_signal_connect_object (self->settings, "changed::user-name",
                           G_CALLBACK (user_name_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::large-text",
                           G_CALLBACK (large_text_changed_cb), self, G_CONNECT_SWAPPED);
  large_text_changed_cb (self);

  /* Held until the store is open, so a quick quit never leaves the worker
   * behind. The window starts the opening once it has painted (see
   * wr_application_open_store()); without a window, a timeout does.
   */
  g_application_hold (application);
  self->opening = g_task_new (NULL, NULL, store_opened_cb, g_object_ref (self));
  g_task_set_source_tag (self->opening, wr_application_startup);
  self->opening_timeout = g_timeout_add_once (OPENING_DELAY_MS, opening_timeout_cb, self);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", (const char *[]) { "<Control>comma", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.help", (const char *[]) { "F1", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", (const char *[]) { "<Control>w", NULL });

  gtk_window_set_default_icon_name (APPLICATION_ID);
}

static void
wr_application_activate (GApplication *application)
{
  WrApplication *self = WR_APPLICATION (application);
  WrWindow *window;

  if (!(window = get_window (self)))
    window = wr_window_new (ADW_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (window));
}

/* A check still running is stopped (it runs again at the next start)
 * and waited for, so that its connection closes before the process ends.
 */
static void
wr_application_shutdown (GApplication *application)
{
  WrApplication *self = WR_APPLICATION (application);

  if (self->checking != NULL)
    {
      g_cancellable_cancel (self->checking);
      while (self->checking != NULL)
        g_main_context_iteration (NULL, TRUE);
    }

  G_APPLICATION_CLASS (wr_application_parent_class)->shutdown (application);
}

static void
wr_application_finalize (GObject *object)
{
  WrApplication *self = (WrApplication *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->library);
  g_clear_error (&self->store_error);
  g_clear_object (&self->settings);
  g_clear_handle_id (&self->opening_timeout, g_source_remove);
  g_clear_object (&self->opening);
  g_clear_object (&self->checking);

  G_OBJECT_CLASS (wr_application_parent_class)->finalize (object);
}

static void
wr_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  WrApplication *self = WR_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wr_application_class_init (WrApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = wr_application_finalize;
  object_class->get_property = wr_application_get_property;

  app_class->startup = wr_application_startup;
  app_class->activate = wr_application_activate;
  app_class->shutdown = wr_application_shutdown;

  /**
   * WrApplication:store:
   *
   * The open database, or %NULL while it opens or if it could not be
   * opened (see wr_application_get_store_error()).
   */
  properties [PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, WR_TYPE_STORE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wr_application_init (WrApplication *self)
{
}

WrApplication *
wr_application_new (void)
{
  GApplicationFlags flags = G_APPLICATION_DEFAULT_FLAGS;

  /* A window on another data folder must not be handed over to the one
   * already running on the default folder.
   */
  if (!wr_paths_data_dir_is_default ())
    flags |= G_APPLICATION_NON_UNIQUE;

  return g_object_new (WR_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", flags,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

/**
 * wr_application_get_store:
 * @self: a #WrApplication
 *
 * Returns: (transfer none) (nullable): the open database, or %NULL
 */
WrStore *
wr_application_get_store (WrApplication *self)
{
  g_return_val_if_fail (WR_IS_APPLICATION (self), NULL);

  return self->store;
}

/**
 * wr_application_get_store_error:
 * @self: a #WrApplication
 *
 * Returns: (transfer none) (nullable): why the database could not be
 *   opened, or %NULL
 */
const GError *
wr_application_get_store_error (WrApplication *self)
{
  g_return_val_if_fail (WR_IS_APPLICATION (self), NULL);

  return self->store_error;
}

/**
 * wr_application_get_library:
 * @self: a #WrApplication
 *
 * Returns: (transfer none) (nullable): the forms, loaded with the store
 */
WrFormLibrary *
wr_application_get_library (WrApplication *self)
{
  g_return_val_if_fail (WR_IS_APPLICATION (self), NULL);

  return self->library;
}
