/* wr-preferences-window.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-preferences-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wr-a11y.h"
#include "wr-device-key.h"
#include "wr-paths.h"
#include "wr-preferences-window.h"
#include "wr-role.h"
#include "wr-sync-group.h"
#include "wr-team-key.h"

struct _WrPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  WrSyncGroup          *sync_group;
  AdwEntryRow          *name_row;
  AdwComboRow          *role_row;
  GtkSwitch            *large_text_switch;
  AdwActionRow         *data_dir_row;
  AdwPreferencesGroup  *reports_group;
  AdwEntryRow          *organisation_row;
  AdwEntryRow          *marking_row;
  AdwPreferencesGroup  *key_group;
  AdwActionRow         *key_row;
  AdwPreferencesGroup  *team_group;
  AdwEntryRow          *trust_row;
  GPtrArray            *team_rows;

  GSettings            *settings;
  WrStore              *store;
  char                 *fingerprint;
  GtkFileChooserNative *key_chooser;
  GtkFileChooserNative *team_chooser;
  GCancellable         *installing;
};

G_DEFINE_FINAL_TYPE (WrPreferencesWindow, wr_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The combo row's first item stands for "no role chosen yet". */
static gboolean
role_to_selected (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  int index = wr_role_find (g_variant_get_string (variant, NULL));

  g_value_set_uint (value, index < 0 ? 0 : (guint) index + 1);
  return TRUE;
}

static GVariant *
selected_to_role (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected == 0 || selected > wr_role_get_n_roles ())
    return g_variant_new_string ("");

  return g_variant_new_string (wr_role_get_id (selected - 1));
}

static void
open_data_folder_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  WrPreferencesWindow *self = WR_PREFERENCES_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;

  if (!wr_paths_ensure_data_dir (&error))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      return;
    }

  uri = g_filename_to_uri (wr_paths_get_data_dir (), NULL, NULL);
  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

/* The organisation and marking belong to the data folder, so they are
 * saved in the database when applied (Enter or the row's apply button),
 * not as typed.
 */
static void
save_report_settings (WrPreferencesWindow *self,
                      const char          *organisation,
                      const char          *marking)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *saved_organisation = NULL;
  g_autofree char *saved_marking = NULL;

  if (self->store == NULL)
    return;

  if (!wr_store_set_report_settings (self->store, organisation, marking, &error))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      return;
    }

  /* Show them as saved, white space tidied. */
  if (wr_store_get_report_settings (self->store, &saved_organisation, &saved_marking, NULL))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->organisation_row), saved_organisation);
      gtk_editable_set_text (GTK_EDITABLE (self->marking_row), saved_marking);
    }
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (_("Saved for every report")));
}

static void
organisation_applied_cb (WrPreferencesWindow *self)
{
  save_report_settings (self, gtk_editable_get_text (GTK_EDITABLE (self->organisation_row)), NULL);
}

static void
marking_applied_cb (WrPreferencesWindow *self)
{
  save_report_settings (self, NULL, gtk_editable_get_text (GTK_EDITABLE (self->marking_row)));
}

static void
key_chosen_cb (GtkNativeDialog     *chooser,
               int                  response,
               WrPreferencesWindow *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WrDeviceKey) key = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->store != NULL &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL &&
      (path = g_file_get_path (file)) != NULL)
    {
      if ((key = wr_device_key_get (self->store, &error)) && wr_device_key_export (key, path, &error))
        {
          name = g_path_get_basename (path);
          /* Translators: a toast after Save Public Key…; %s is the file's name */
          message = g_strdup_printf (_("Saved the public key to %s"), name);
        }
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (message != NULL ? message : error->message));
    }
  g_clear_object (&self->key_chooser);
}

/* Save Public Key…: the file another database trusts this one's packs by. */
static void
save_public_key_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  WrPreferencesWindow *self = WR_PREFERENCES_WINDOW (widget);
  g_autofree char *name = NULL;
  g_autofree char *compact = NULL;

  if (self->fingerprint == NULL || self->key_chooser != NULL)
    return;

  compact = g_strndup (self->fingerprint, 9);
  g_strdelimit (compact, " ", '-');
  /* Translators: the file name Save Public Key… suggests; %s is the start of the fingerprint */
  name = g_strdup_printf (_("Walkround device key %s.key"), compact);
  self->key_chooser = gtk_file_chooser_native_new (_("Save Public Key"), GTK_WINDOW (self),
                                                   GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->key_chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->key_chooser), name);
  g_signal_connect_object (self->key_chooser, "response", G_CALLBACK (key_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->key_chooser));
}

/* The database's signing key, made on first use, and its fingerprint. */
static void
show_key (WrPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrDeviceKey) key = NULL;

  if (self->store == NULL || !(key = wr_device_key_get (self->store, &error)))
    {
      adw_action_row_set_subtitle (self->key_row, error != NULL ? error->message : _("The database is not open"));
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.save-public-key", FALSE);
      return;
    }

  self->fingerprint = g_strdup (wr_device_key_get_fingerprint (key));
  adw_action_row_set_subtitle (self->key_row, self->fingerprint);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.save-public-key", TRUE);
}

/* Team keys ----------------------------------------------------------------------- */

/* The team keys installed, one row each: its name and fingerprint. */
static void
show_team_keys (WrPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) keys = NULL;

  for (guint i = 0; i < self->team_rows->len; i++)
    adw_preferences_group_remove (self->team_group, g_ptr_array_index (self->team_rows, i));
  g_ptr_array_set_size (self->team_rows, 0);

  if (self->store == NULL)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.install-team-key", FALSE);
      return;
    }
  keys = wr_team_key_list_installed (self->store, &error);
  for (guint i = 0; keys != NULL && i < keys->len; i++)
    {
      WrSealIdentity *key = g_ptr_array_index (keys, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     key->label[0] != '\0' ? key->label : _("A team key without a name"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), key->fingerprint);
      gtk_widget_add_css_class (row, "property");
      adw_preferences_group_add (self->team_group, row);
      g_ptr_array_add (self->team_rows, row);
    }
  if (keys != NULL && keys->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No team key is installed"));
      adw_preferences_group_add (self->team_group, row);
      g_ptr_array_add (self->team_rows, row);
    }
  if (keys == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("The team keys cannot be read"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), error->message);
      adw_preferences_group_add (self->team_group, row);
      g_ptr_array_add (self->team_rows, row);
    }
}

typedef struct
{
  char *path;
  char *passphrase;
} Install;

static void
install_free (Install *install)
{
  g_free (install->path);
  if (install->passphrase != NULL)
    memset (install->passphrase, 0, strlen (install->passphrase));
  g_free (install->passphrase);
  g_free (install);
}

/* argon2id takes a second and 256 MiB: off the main loop. */
static void
install_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  WrStore *store = source_object;
  Install *install = task_data;
  GError *error = NULL;
  WrSealIdentity *identity;
  gboolean already = FALSE;

  identity = wr_team_key_install (store, install->path, install->passphrase, &already, &error);
  if (identity == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, identity, (GDestroyNotify) wr_seal_identity_free);
}

static void
installed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(WrPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WrSealIdentity) identity = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *message = NULL;

  g_clear_object (&self->installing);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.install-team-key", TRUE);
  if (identity != NULL)
    /* Translators: a toast after Install Team Key…; %s is the key's fingerprint */
    message = g_strdup_printf (_("Installed the team key %s"), identity->fingerprint);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (message != NULL ? message : error->message));
  show_team_keys (self);
}

static void
passphrase_response_cb (AdwMessageDialog    *dialog,
                        const char          *response,
                        WrPreferencesWindow *self)
{
  GtkWidget *entry = adw_message_dialog_get_extra_child (dialog);
  const char *path = g_object_get_data (G_OBJECT (dialog), "walkround-team-key");
  g_autoptr(GTask) task = NULL;
  Install *install;

  /* GTK 4.8's password entry warns if its window goes while it has the
   * focus (its focus handler runs on the disposed entry): let go first.
   */
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);
  if (!g_str_equal (response, "install") || self->store == NULL || self->installing != NULL)
    return;

  install = g_new0 (Install, 1);
  install->path = g_strdup (path);
  install->passphrase = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  self->installing = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.install-team-key", FALSE);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (_("Checking the passphrase…")));
  task = g_task_new (self->store, self->installing, installed_cb, g_object_ref (self));
  g_task_set_source_tag (task, passphrase_response_cb);
  g_task_set_task_data (task, install, (GDestroyNotify) install_free);
  g_task_run_in_thread (task, install_thread);
}

/**
 * wr_preferences_window_ask_team_key_passphrase:
 * @self: a #WrPreferencesWindow
 * @path: a team key file
 *
 * Asks the passphrase of the team key in @path, showing its name and
 * fingerprint, and installs it for this database once given.
 *
 * Returns: (transfer none) (nullable): the dialog asking, or %NULL if
 *   @path is not a team key file (a toast says why)
 */
GtkWindow *
wr_preferences_window_ask_team_key_passphrase (WrPreferencesWindow *self,
                                               const char          *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrSealRecipient) key = NULL;
  GtkWidget *dialog;
  GtkWidget *entry;

  g_return_val_if_fail (WR_IS_PREFERENCES_WINDOW (self), NULL);

  if (!(key = wr_team_key_read_recipient (path, &error)))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      return NULL;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Install Team Key?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s”, fingerprint %s. Type its passphrase: the key is then kept for this "
                                    "database, and opens the packs sealed for the team here."),
                                  key->label[0] != '\0' ? key->label : _("A team key without a name"),
                                  key->fingerprint);
  entry = gtk_password_entry_new ();
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Passphrase of the team key"), -1);
  g_object_set (entry, "activates-default", TRUE, NULL);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "install", _("_Install"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "install", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "install");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "walkround-team-key", g_strdup (path), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (passphrase_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);

  return GTK_WINDOW (dialog);
}

static void
team_key_chosen_cb (GtkNativeDialog     *chooser,
                    int                  response,
                    WrPreferencesWindow *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL &&
      (path = g_file_get_path (file)) != NULL)
    wr_preferences_window_ask_team_key_passphrase (self, path);
  g_clear_object (&self->team_chooser);
}

static void
install_team_key_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  WrPreferencesWindow *self = WR_PREFERENCES_WINDOW (widget);

  if (self->store == NULL || self->team_chooser != NULL)
    return;

  self->team_chooser = gtk_file_chooser_native_new (_("Install Team Key"), GTK_WINDOW (self),
                                                    GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->team_chooser), TRUE);
  g_signal_connect_object (self->team_chooser, "response", G_CALLBACK (team_key_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->team_chooser));
}

/* Trust a Device: a fingerprint read out, before the device's first pack. */
static void
trust_applied_cb (WrPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrDevice) device = NULL;
  g_autofree char *message = NULL;

  if (self->store == NULL)
    return;
  if (!(device = wr_store_trust_fingerprint (self->store, gtk_editable_get_text (GTK_EDITABLE (self->trust_row)),
                                             &error)))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->trust_row), "");
  if (device->trust == WR_DEVICE_TRUST_OWN)
    message = g_strdup_printf (_("%s is this database’s own key"), device->fingerprint);
  else
    /* Translators: a toast after Trust a Device; %s is the fingerprint */
    message = g_strdup_printf (_("Trusted %s: its packs are imported without asking"), device->fingerprint);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

static void
wr_preferences_window_dispose (GObject *object)
{
  WrPreferencesWindow *self = (WrPreferencesWindow *)object;

  if (self->key_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->key_chooser));
  g_clear_object (&self->key_chooser);
  if (self->team_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->team_chooser));
  g_clear_object (&self->team_chooser);
  g_cancellable_cancel (self->installing);
  g_clear_object (&self->installing);

  gtk_widget_dispose_template (GTK_WIDGET (self), WR_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (wr_preferences_window_parent_class)->dispose (object);
}

static void
wr_preferences_window_finalize (GObject *object)
{
  WrPreferencesWindow *self = (WrPreferencesWindow *)object;

  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_pointer (&self->fingerprint, g_free);
  g_clear_pointer (&self->team_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (wr_preferences_window_parent_class)->finalize (object);
}

static void
wr_preferences_window_class_init (WrPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wr_preferences_window_dispose;
  object_class->finalize = wr_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/wr-preferences-window.ui");
  g_type_ensure (WR_TYPE_SYNC_GROUP);
  gtk_widget_class_bind_template_child (widget_class, WrPreferencesWindow, sync_group);
  gtk_widget_class_bind_template_child (widget_class, WrPreferencesWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, WrPreferencesWindow, role_row);
  gtk_widget_class_bind_template_child (widget_class, WrPreferencesWindow, large_text_switch);
  gtk_widget_class_bind_template_child (widget_class, WrPreferencesWindow, data_dir_row);
  gtk_widget_class_bind_template_child (widget_class, WrPreferencesWindow, reports_group);
  gtk_widget_class_bind_template_child (widget_class, WrPreferencesWindow, organisation_row);
  gtk_widget_class_bind_template_child (widget_class, WrPreferencesWindow, marking_row);
  gtk_widget_class_bind_template_child (widget_class, WrPreferencesWindow, key_group);
  gtk_widget_class_bind_template_child (widget_class, WrPreferencesWindow, key_row);
  gtk_widget_class_bind_template_callback (widget_class, organisation_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, marking_applied_cb);
  gtk_widget_class_bind_template_child (widget_class, WrPreferencesWindow, team_group);
  gtk_widget_class_bind_template_child (widget_class, WrPreferencesWindow, trust_row);
  gtk_widget_class_bind_template_callback (widget_class, trust_applied_cb);
  gtk_widget_class_install_action (widget_class, "preferences.install-team-key", NULL, install_team_key_action);

  gtk_widget_class_install_action (widget_class, "preferences.open-data-folder", NULL, open_data_folder_action);
  gtk_widget_class_install_action (widget_class, "preferences.save-public-key", NULL, save_public_key_action);
}

/* AdwPreferencesWindow's own search entry has no name in libadwaita 1.2. */
static void
name_search_entries (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_SEARCH_ENTRY (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _("Search preferences"), -1);
      else
        name_search_entries (child);
    }
}

static void
wr_preferences_window_init (WrPreferencesWindow *self)
{
  g_autoptr(GtkStringList) roles = NULL;

  self->team_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  name_search_entries (GTK_WIDGET (self));
  wr_a11y_name_list_items (self->role_row);

  self->settings = g_settings_new (APPLICATION_ID);

  roles = gtk_string_list_new (NULL);
  /* Translators: shown when no role has been chosen */
  gtk_string_list_append (roles, _("Not Set"));
  for (guint i = 0; i < wr_role_get_n_roles (); i++)
    gtk_string_list_append (roles, wr_role_get_label (i));
  adw_combo_row_set_model (self->role_row, G_LIST_MODEL (roles));

  g_settings_bind (self->settings, "user-name", self->name_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "user-role", self->role_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, role_to_selected, selected_to_role, NULL, NULL);
  g_settings_bind (self->settings, "large-text", self->large_text_switch, "active", G_SETTINGS_BIND_DEFAULT);

  adw_action_row_set_subtitle (self->data_dir_row, wr_paths_get_data_dir ());
}

/**
 * wr_preferences_window_new:
 * @store: (nullable): the database, for the organisation and marking its
 *   reports carry; %NULL while it is not open, which leaves them
 *   unavailable
 *
 * Returns: (transfer full): the preferences
 */
WrPreferencesWindow *
wr_preferences_window_new (WrStore *store)
{
  WrPreferencesWindow *self = g_object_new (WR_TYPE_PREFERENCES_WINDOW, NULL);
  g_autofree char *organisation = NULL;
  g_autofree char *marking = NULL;

  g_return_val_if_fail (store == NULL || WR_IS_STORE (store), self);

  if (store != NULL && wr_store_get_report_settings (store, &organisation, &marking, NULL))
    {
      self->store = g_object_ref (store);
      gtk_editable_set_text (GTK_EDITABLE (self->organisation_row), organisation);
      gtk_editable_set_text (GTK_EDITABLE (self->marking_row), marking);
    }
  else
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->reports_group), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->trust_row), FALSE);
    }
  show_key (self);
  wr_sync_group_set_store (self->sync_group, store);
  show_team_keys (self);

  return self;
}
