/* wr-application.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-application"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-application.h"
#include "wr-paths.h"
#include "wr-preferences-window.h"
#include "wr-window.h"

struct _WrApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (WrApplication, wr_application, ADW_TYPE_APPLICATION)

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

  preferences = wr_preferences_window_new ();
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

static void
wr_application_startup (GApplication *application)
{
  WrApplication *self = WR_APPLICATION (application);

  G_APPLICATION_CLASS (wr_application_parent_class)->startup (application);

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

static void
wr_application_class_init (WrApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->startup = wr_application_startup;
  app_class->activate = wr_application_activate;
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
