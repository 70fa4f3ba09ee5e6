/* wr-sync-group.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Preferences → Organisation Store: the store this data folder syncs with
 * (saved in the database, as `walkround sync --save` saves it), the
 * password in the desktop keyring (libsecret; the command line never asks
 * the keyring, it reads ~/.pgpass or PGPASSWORD), and Sync Now, which runs
 * the core's WrSync in a worker thread with its progress and Cancel, then
 * says what it did. The core does all the work; this only shows it.
 */

#define G_LOG_DOMAIN "wr-sync-group"

#include "config.h"

#include <glib/gi18n.h>

#ifdef HAVE_LIBSECRET
#include <libsecret/secret.h>
#endif

#include "wr-a11y.h"
#include "wr-sync-group.h"
#ifdef HAVE_LIBPQ
#include "wr-sync.h"
#endif

#define PROGRESS_INTERVAL_MS 200

struct _WrSyncGroup
{
  AdwPreferencesGroup  parent_instance;

  GtkWidget           *uri_row;
  GtkWidget           *password_row;
  AdwActionRow        *sync_row;
  GtkWidget           *sync_button;
  GtkWidget           *cancel_button;
  GtkWidget           *progress;

  /* Not owned: the preferences window owns it (libadwaita 1.2 may keep
   * a page's groups after the window has gone, and with them anything
   * they hold). A running sync holds its own.
   */
  WrStore             *store;
  GCancellable        *cancellable;
#ifdef HAVE_LIBPQ
  WrSync              *sync;
#endif
  guint                progress_id;
  gboolean             disposed;   /* a sync or lookup ending later finds no rows to show it in */
};

G_DEFINE_FINAL_TYPE (WrSyncGroup, wr_sync_group, ADW_TYPE_PREFERENCES_GROUP)

#ifdef HAVE_LIBSECRET
static const SecretSchema *
password_schema (void)
{
  static const SecretSchema schema = {
    "uk.nhs.Walkround.OrganisationStore", SECRET_SCHEMA_NONE,
    {
      { "uri", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  };

  return &schema;
}
#endif

static void
say (WrSyncGroup *self,
     const char  *text)
{
  adw_action_row_set_subtitle (self->sync_row, text);
}

/* The last complete sync, in people's words. */
static void
show_last (WrSyncGroup *self)
{
#ifdef HAVE_LIBPQ
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;
  g_autofree char *time = NULL;
  g_autoptr(GDateTime) parsed = NULL;
  g_autoptr(GDateTime) local = NULL;
  WrSyncCounts counts;

  if (self->store == NULL || !(when = wr_sync_get_last (self->store, &counts, NULL)) || when[0] == '\0' ||
      !(parsed = g_date_time_new_from_iso8601 (when, NULL)))
    {
      say (self, _("Not synced yet"));
      return;
    }
  local = g_date_time_to_local (parsed);
  /* Translators: when the last sync was, as in "7 December 2026, 14:05" */
  time = g_date_time_format (local, _("%-d %B %Y, %H:%M"));
  /* Translators: %s is when; then what it did */
  text = g_strdup_printf (_("Last synced %s: %u sent, %u received, %u in conflict"), time, counts.n_sent,
                          counts.n_received, counts.n_conflicts);
  say (self, text);
#else
  say (self, _("This Walkround was built without the organisation store"));
#endif
}

static void
set_running (WrSyncGroup *self,
             gboolean     running)
{
  gtk_widget_set_visible (self->sync_button, !running);
  gtk_widget_set_visible (self->cancel_button, running);
  gtk_widget_set_visible (self->progress, running);
  gtk_widget_set_sensitive (self->uri_row, !running);
  gtk_widget_set_sensitive (self->password_row, !running);
  if (running)
    {
      gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress), 0);
      gtk_progress_bar_set_text (GTK_PROGRESS_BAR (self->progress), _("Connecting…"));
      gtk_widget_grab_focus (self->cancel_button);
    }
  else
    {
      g_clear_handle_id (&self->progress_id, g_source_remove);
      g_clear_object (&self->cancellable);
      gtk_widget_grab_focus (self->sync_button);
    }
}

static void
uri_applied_cb (WrSyncGroup *self)
{
#ifdef HAVE_LIBPQ
  g_autoptr(GError) error = NULL;
  const char *uri = gtk_editable_get_text (GTK_EDITABLE (self->uri_row));

  if (self->store == NULL)
    return;
  if (!wr_sync_save_server (self->store, uri, &error))
    say (self, error->message);
  else
    say (self, uri[0] != '\0' ? _("Saved the organisation store for this data folder")
                              : _("This data folder no longer syncs"));
#endif
}

#ifdef HAVE_LIBSECRET
static void
password_stored_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(WrSyncGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = secret_password_store_finish (result, &error);

  if (self->disposed)
    return;
  if (!ok)
    {
      /* Translators: %s is the keyring's reason */
      g_autofree char *text = g_strdup_printf (_("Could not keep the password in the keyring: %s"), error->message);

      say (self, text);
    }
  else
    say (self, _("The password is kept in your keyring"));
}
#endif

static void
password_applied_cb (WrSyncGroup *self)
{
#ifdef HAVE_LIBSECRET
  g_autofree char *uri = NULL;
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (self->store == NULL || !(uri = wr_sync_get_saved_server (self->store, NULL)) || uri[0] == '\0')
    {
      say (self, _("Enter the connection first"));
      return;
    }
  secret_password_store (password_schema (), SECRET_COLLECTION_DEFAULT, _("Walkround organisation store"),
                         password, NULL, password_stored_cb, g_object_ref (self), "uri", uri, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
#else
  say (self, _("This Walkround keeps no passwords: use ~/.pgpass"));
#endif
}

#ifdef HAVE_LIBPQ
static gboolean
progress_cb (gpointer user_data)
{
  WrSyncGroup *self = user_data;
  gboolean receiving = FALSE;
  guint done = 0;
  guint total = 0;
  g_autofree char *text = NULL;

  wr_sync_get_progress (self->sync, &receiving, &done, &total);
  if (total == 0)
    return G_SOURCE_CONTINUE;
  if (receiving)
    /* Translators: how far Sync Now has got */
    text = g_strdup_printf (_("Received %u of %u visits"), done, total);
  else
    text = g_strdup_printf (_("Sent %u of %u changed visits"), done, total);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress), (double) done / total);
  gtk_progress_bar_set_text (GTK_PROGRESS_BAR (self->progress), text);
  return G_SOURCE_CONTINUE;
}

static void
sync_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(WrSyncGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  WrSyncCounts counts;
  gboolean ok = wr_sync_run_finish (WR_SYNC (source), result, &counts, &error);

  if (self->disposed)
    return;
  if (counts.n_received > 0 && self->store != NULL)
    wr_store_announce_changes_elsewhere (self->store);
  if (!ok)
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        /* Translators: after Cancel; %u visits were received before it */
        text = g_strdup_printf (_("Stopped: %u visits received are kept; Sync Now goes on from there"),
                                counts.n_received);
      else
        text = g_strdup (error->message);
      g_clear_object (&self->sync);
      set_running (self, FALSE);
      say (self, text);
      return;
    }

  g_clear_object (&self->sync);
  set_running (self, FALSE);
  show_last (self);
}

/* The sync works on a connection of its own, in its thread, as imports
 * do; the window's lists hear of what it changed when it ends.
 */
static void
start_sync (WrSyncGroup *self,
            const char  *uri,
            const char  *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) connection = wr_store_open_another (self->store, &error);

  if (connection == NULL)
    {
      set_running (self, FALSE);
      say (self, error->message);
      return;
    }
  self->sync = wr_sync_new (connection, NULL, uri);
  wr_sync_set_password (self->sync, password);
  self->progress_id = g_timeout_add (PROGRESS_INTERVAL_MS, progress_cb, self);
  wr_sync_run_async (self->sync, self->cancellable, sync_done_cb, g_object_ref (self));
}

#ifdef HAVE_LIBSECRET
typedef struct
{
  WrSyncGroup *self;
  char        *uri;
} Lookup;

static void
password_found_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(WrSyncGroup) self = lookup->self;
  g_autofree char *uri = lookup->uri;
  g_autoptr(GError) error = NULL;
  char *password = secret_password_lookup_finish (result, &error);

  g_free (lookup);
  if (self->disposed)
    {
      secret_password_free (password);
      return;
    }
  if (g_cancellable_is_cancelled (self->cancellable) || self->store == NULL)
    {
      secret_password_free (password);
      set_running (self, FALSE);
      show_last (self);
      return;
    }
  /* No keyring, or no password in it: libpq's own, as on the command line. */
  start_sync (self, uri, password);
  secret_password_free (password);
}
#endif
#endif

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
#ifdef HAVE_LIBPQ
  WrSyncGroup *self = WR_SYNC_GROUP (widget);
  g_autofree char *uri = NULL;

  if (self->store == NULL || self->cancellable != NULL)
    return;
  if (!(uri = wr_sync_get_saved_server (self->store, NULL)) || uri[0] == '\0')
    {
      say (self, _("Enter the organisation store’s connection first, and press Enter"));
      return;
    }

  self->cancellable = g_cancellable_new ();
  set_running (self, TRUE);
#ifdef HAVE_LIBSECRET
  {
    Lookup *lookup = g_new0 (Lookup, 1);

    lookup->self = g_object_ref (self);
    lookup->uri = g_strdup (uri);
    secret_password_lookup (password_schema (), self->cancellable, password_found_cb, lookup, "uri", uri, NULL);
  }
#else
  start_sync (self, uri, NULL);
#endif
#endif
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  WrSyncGroup *self = WR_SYNC_GROUP (widget);

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      gtk_progress_bar_set_text (GTK_PROGRESS_BAR (self->progress), _("Stopping…"));
    }
}

static void
wr_sync_group_dispose (GObject *object)
{
  WrSyncGroup *self = WR_SYNC_GROUP (object);

  self->disposed = TRUE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->progress_id, g_source_remove);
  g_clear_weak_pointer (&self->store);

  G_OBJECT_CLASS (wr_sync_group_parent_class)->dispose (object);
}

static void
wr_sync_group_finalize (GObject *object)
{
  WrSyncGroup *self = WR_SYNC_GROUP (object);

  g_clear_object (&self->cancellable);
#ifdef HAVE_LIBPQ
  g_clear_object (&self->sync);
#endif

  G_OBJECT_CLASS (wr_sync_group_parent_class)->finalize (object);
}

static void
wr_sync_group_class_init (WrSyncGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wr_sync_group_dispose;
  object_class->finalize = wr_sync_group_finalize;

  gtk_widget_class_install_action (widget_class, "sync.now", NULL, sync_now_action);
  gtk_widget_class_install_action (widget_class, "sync.cancel", NULL, cancel_action);
}

static GtkWidget *
suffix_button (const char *label,
               const char *name,
               const char *action)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  return button;
}

/* libadwaita 1.2 gives the password row's button that shows the password
 * an icon and no name.
 */
static void
name_peek_button (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      const char *icon = GTK_IS_BUTTON (child) ? gtk_button_get_icon_name (GTK_BUTTON (child)) : NULL;

      if (icon != NULL && g_str_has_prefix (icon, "view-"))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Show Password"), -1);
      name_peek_button (child);
    }
}

static void
wr_sync_group_init (WrSyncGroup *self)
{
  GtkWidget *box;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Organisation Store"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         _("Sync this data folder’s visits with your organisation’s store on "
                                           "PostgreSQL: the connection as a libpq URI (such as "
                                           "postgresql://db.trust.nhs.uk/walkround?user=priya.jones), and your "
                                           "password. Press Enter to save each."));

  self->uri_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->uri_row), _("Connection"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (self->uri_row), TRUE);
  g_signal_connect_swapped (self->uri_row, "apply", G_CALLBACK (uri_applied_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->uri_row);

  self->password_row = adw_password_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row), _("Password"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (self->password_row), TRUE);
  g_signal_connect_swapped (self->password_row, "apply", G_CALLBACK (password_applied_cb), self);
  name_peek_button (self->password_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->password_row);

  self->sync_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->sync_row), _("Sync"));
  adw_action_row_set_subtitle_lines (self->sync_row, 0);
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->sync_button = suffix_button (_("Sync _Now"), _("Sync Now"), "sync.now");
  gtk_widget_add_css_class (self->sync_button, "suggested-action");
  self->cancel_button = suffix_button (_("_Cancel"), _("Cancel Sync"), "sync.cancel");
  gtk_widget_set_visible (self->cancel_button, FALSE);
  gtk_box_append (GTK_BOX (box), self->sync_button);
  gtk_box_append (GTK_BOX (box), self->cancel_button);
  adw_action_row_add_suffix (self->sync_row, box);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->sync_row));

  self->progress = gtk_progress_bar_new ();
  gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (self->progress), TRUE);
  gtk_widget_set_margin_top (self->progress, 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Sync progress"), -1);
  gtk_widget_set_visible (self->progress, FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->progress);
}

/**
 * wr_sync_group_set_store:
 * @store: (nullable): the database, which the caller keeps; %NULL while
 *   it is not open, which leaves syncing unavailable
 */
void
wr_sync_group_set_store (WrSyncGroup *self,
                         WrStore     *store)
{
  g_return_if_fail (WR_IS_SYNC_GROUP (self));

  g_set_weak_pointer (&self->store, store);
  if (store != NULL)
    {
#ifdef HAVE_LIBPQ
      g_autofree char *uri = wr_sync_get_saved_server (store, NULL);

      if (uri != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->uri_row), uri);
#endif
    }
#ifdef HAVE_LIBPQ
  gtk_widget_set_sensitive (GTK_WIDGET (self), store != NULL);
#else
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
#endif
  show_last (self);
}

/**
 * wr_sync_group_new:
 * @store: (nullable): the database
 *
 * Returns: (transfer floating): the group
 */
WrSyncGroup *
wr_sync_group_new (WrStore *store)
{
  WrSyncGroup *self = g_object_new (WR_TYPE_SYNC_GROUP, NULL);

  wr_sync_group_set_store (self, store);
  return self;
}
