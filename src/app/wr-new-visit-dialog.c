/* wr-new-visit-dialog.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-new-visit-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-a11y.h"
#include "wr-new-visit-dialog.h"
#include "wr-role.h"
#include "wr-service-dialog.h"

/* Starts a visit: which form, which service, when, and who is on the team.
 * The visit and its team are saved together, so a visit never appears
 * without the people who made it.
 */
struct _WrNewVisitDialog
{
  AdwWindow      parent_instance;

  AdwComboRow   *form_row;
  AdwComboRow   *service_row;
  GtkMenuButton *date_button;
  GtkCalendar   *calendar;
  AdwEntryRow   *time_row;
  GtkListBox    *team_list;
  AdwEntryRow   *member_name_row;
  AdwComboRow   *member_role_row;
  GtkLabel      *error_label;
  GtkWidget     *start_button;
  AdwWindowTitle *title;

  WrStore       *store;
  WrFormLibrary *library;
  GListModel    *services;
  GPtrArray     *members;   /* of WrMember, not yet saved */
};

G_DEFINE_FINAL_TYPE (WrNewVisitDialog, wr_new_visit_dialog, ADW_TYPE_WINDOW)

enum {
  STARTED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void
show_error (WrNewVisitDialog *self,
            const char       *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static WrForm *
selected_form (WrNewVisitDialog *self)
{
  GListModel *forms = wr_form_library_get_forms (self->library);
  guint selected = adw_combo_row_get_selected (self->form_row);

  if (selected == GTK_INVALID_LIST_POSITION || selected >= g_list_model_get_n_items (forms))
    return NULL;

  return g_list_model_get_item (forms, selected);
}

/* Start Visit waits for a form and a service, and says so beside it:
 * the error below the fold was missed.
 */
static void
update_start (WrNewVisitDialog *self)
{
  g_autoptr(WrForm) form = NULL;
  guint service = adw_combo_row_get_selected (self->service_row);
  const char *reason = NULL;

  /* Called as the template is built, before it is all there. */
  if (self->title == NULL || self->start_button == NULL || self->library == NULL)
    return;

  form = selected_form (self);

  if (form == NULL)
    reason = _("Choose a form to start");
  else if (self->services == NULL || g_list_model_get_n_items (self->services) == 0)
    reason = _("Add the service you are visiting to start");
  else if (service == GTK_INVALID_LIST_POSITION || service >= g_list_model_get_n_items (self->services))
    reason = _("Choose a service to start");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "new-visit.start", reason == NULL);
  adw_window_title_set_subtitle (self->title, reason ? reason : "");
  if (reason != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->start_button),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, reason, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->start_button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static void
form_changed_cb (WrNewVisitDialog *self)
{
  g_autoptr(WrForm) form = selected_form (self);

  update_start (self);

  if (form != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->form_row),
                                 wr_form_kind_get_label (wr_form_get_kind (form)));
}

static char *
form_title (gpointer item,
            gpointer user_data)
{
  return g_strdup (wr_form_get_title (WR_FORM (item)));
}

/* With @select_newest, selects the service added last: the one the user
 * just added from this dialog.
 */
static void
reload_services (WrNewVisitDialog *self,
                 gboolean          select_newest)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  guint select = GTK_INVALID_LIST_POSITION;
  gint64 newest = 0;

  g_clear_object (&self->services);
  if (!(self->services = wr_store_list_services (self->store, FALSE, &error)))
    {
      show_error (self, error->message);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (self->services); i++)
    {
      g_autoptr(WrService) service = g_list_model_get_item (self->services, i);

      gtk_string_list_append (names, wr_service_get_name (service));
      if (select_newest && wr_service_get_id (service) > newest)
        {
          newest = wr_service_get_id (service);
          select = i;
        }
    }

  adw_combo_row_set_model (self->service_row, G_LIST_MODEL (names));
  if (select != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (self->service_row, select);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->service_row),
                               g_list_model_get_n_items (self->services) ? NULL
                               : _("No services yet: add the one you are visiting"));
  update_start (self);
}

static void
services_changed_cb (WrNewVisitDialog *self)
{
  guint before = self->services ? g_list_model_get_n_items (self->services) : 0;

  reload_services (self, FALSE);
  if (self->services && g_list_model_get_n_items (self->services) > before)
    reload_services (self, TRUE);
}

static void
add_service_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  WrNewVisitDialog *self = WR_NEW_VISIT_DIALOG (widget);
  WrServiceDialog *dialog = wr_service_dialog_new (self->store, NULL);

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
date_changed_cb (WrNewVisitDialog *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->calendar);
  /* Translators: the visit's date on its button, see strftime; "Friday 27 November 2026" */
  g_autofree char *label = g_date_time_format (date, _("%A %-d %B %Y"));

  gtk_menu_button_set_label (self->date_button, label);
  gtk_popover_popdown (gtk_menu_button_get_popover (self->date_button));
}

static void
remove_member_cb (GtkButton        *button,
                  WrNewVisitDialog *self)
{
  WrMember *member = g_object_get_data (G_OBJECT (button), "member");
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);

  gtk_list_box_remove (self->team_list, row);
  g_ptr_array_remove (self->members, member);
  gtk_widget_set_visible (GTK_WIDGET (self->team_list), self->members->len > 0);
}

/**
 * wr_new_visit_dialog_add_member:
 * @self: a #WrNewVisitDialog
 * @name: the person's name
 * @role: their role id, see wr_role_find()
 *
 * Puts a person on the team of the visit to be started.
 */
void
wr_new_visit_dialog_add_member (WrNewVisitDialog *self,
                                const char       *name,
                                const char       *role)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name ? name : ""));
  int index = wr_role_find (role);
  WrMember *member;
  GtkWidget *row;
  GtkWidget *remove;
  g_autofree char *remove_label = NULL;

  g_return_if_fail (WR_IS_NEW_VISIT_DIALOG (self));

  if (trimmed[0] == '\0' || index < 0)
    return;

  member = g_new0 (WrMember, 1);
  member->name = g_strdup (trimmed);
  member->role = g_strdup (role);
  g_ptr_array_add (self->members, member);

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), member->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), wr_role_get_label ((guint) index));
  remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  remove_label = g_strdup_printf (_("Remove %s from the team"), member->name);
  wr_a11y_set_tooltip (remove, remove_label);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  g_object_set_data (G_OBJECT (remove), "member", member);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_member_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  gtk_list_box_append (self->team_list, row);
  gtk_widget_set_visible (GTK_WIDGET (self->team_list), TRUE);
}

static void
add_member_cb (WrNewVisitDialog *self)
{
  guint role = adw_combo_row_get_selected (self->member_role_row);
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->member_name_row));

  if (role >= wr_role_get_n_roles ())
    return;

  wr_new_visit_dialog_add_member (self, name, wr_role_get_id (role));
  gtk_editable_set_text (GTK_EDITABLE (self->member_name_row), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->member_name_row));
}

/* Enter in the name goes on to the role, which a person chooses before
 * adding them: an Enter that added them at once would take the default.
 */
static void
member_name_activated_cb (WrNewVisitDialog *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->member_role_row));
}

static void
add_member_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  add_member_cb (WR_NEW_VISIT_DIALOG (widget));
}

/* Reads the time typed, such as 9:05 or 14.30; FALSE if it is not one. */
static gboolean
parse_time (const char *text,
            int        *hour,
            int        *minute)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *end = NULL;
  guint64 h;
  guint64 m;

  if (copy[0] == '\0' || !g_ascii_isdigit (copy[0]))
    return FALSE;
  h = g_ascii_strtoull (copy, &end, 10);
  if (*end != ':' && *end != '.')
    return FALSE;
  if (!g_ascii_isdigit (end[1]))
    return FALSE;
  m = g_ascii_strtoull (end + 1, &end, 10);
  if (*end != '\0' || h > 23 || m > 59)
    return FALSE;

  *hour = (int) h;
  *minute = (int) m;
  return TRUE;
}

static void
start (WrNewVisitDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrForm) form = selected_form (self);
  g_autoptr(WrService) service = NULL;
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->calendar);
  g_autoptr(GDateTime) started = NULL;
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(WrVisit) visit = NULL;
  guint service_index = adw_combo_row_get_selected (self->service_row);
  WrVisitFields fields = { NULL, };
  int hour;
  int minute;

  if (form == NULL)
    {
      show_error (self, _("Choose the form for the visit"));
      return;
    }
  if (service_index == GTK_INVALID_LIST_POSITION || service_index >= g_list_model_get_n_items (self->services))
    {
      show_error (self, _("Choose the service you are visiting, or add it"));
      return;
    }
  if (!parse_time (gtk_editable_get_text (GTK_EDITABLE (self->time_row)), &hour, &minute))
    {
      show_error (self, _("Write the time as hours and minutes, such as 14:30"));
      return;
    }

  service = g_list_model_get_item (self->services, service_index);
  started = g_date_time_new (local, g_date_time_get_year (day), g_date_time_get_month (day),
                             g_date_time_get_day_of_month (day), hour, minute, 0);

  fields.kind = wr_form_kind_to_string (wr_form_get_kind (form));
  fields.form_id = wr_form_get_id (form);
  fields.form_version = wr_form_get_version (form);
  fields.form_sha256 = wr_form_get_sha256 (form);
  fields.service_id = wr_service_get_id (service);
  fields.started = started;

  if (!wr_store_begin_batch (self->store, &error))
    {
      show_error (self, error->message);
      return;
    }

  if ((visit = wr_store_create_visit (self->store, &fields, &error)) != NULL)
    {
      for (guint i = 0; i < self->members->len && error == NULL; i++)
        {
          WrMember *member = g_ptr_array_index (self->members, i);
          g_autofree char *uuid = wr_store_add_member (self->store, wr_visit_get_uuid (visit),
                                                       member->name, member->role, &error);
        }
    }

  if (error != NULL)
    {
      wr_store_abort_batch (self->store);
      show_error (self, error->message);
      return;
    }
  if (!wr_store_commit_batch (self->store, &error))
    {
      show_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals [STARTED], 0, wr_visit_get_uuid (visit));
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
start_idle_cb (gpointer data)
{
  start (WR_NEW_VISIT_DIALOG (data));
  return G_SOURCE_REMOVE;
}

static void
unadded_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     WrNewVisitDialog *self)
{
  if (g_str_equal (response, "add"))
    add_member_cb (self);
  else if (g_str_equal (response, "leave"))
    gtk_editable_set_text (GTK_EDITABLE (self->member_name_row), "");
  else
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->member_name_row));
      return;
    }

  /* Starting closes this dialog, and with it the question still
   * answering: start once it has gone.
   */
  g_idle_add_full (G_PRIORITY_DEFAULT, start_idle_cb, g_object_ref (self), g_object_unref);
}

/* A name typed in Add to the Team but never added is asked about, not
 * silently left off the visit.
 */
static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  WrNewVisitDialog *self = WR_NEW_VISIT_DIALOG (widget);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->member_name_row))));
  GtkWidget *dialog;

  if (name[0] == '\0')
    {
      start (self);
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL,
                                   _("The name is typed under Add to the Team, but the person has not been added."));
  /* Translators: %s is a person's name */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Add %s to the Team?"), name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "back", _("_Go Back"),
                                    "leave", _("_Leave Out"),
                                    "add", _("_Add and Start"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "back");
  g_signal_connect_object (dialog, "response", G_CALLBACK (unadded_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
wr_new_visit_dialog_dispose (GObject *object)
{
  WrNewVisitDialog *self = (WrNewVisitDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), WR_TYPE_NEW_VISIT_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->library);
  g_clear_object (&self->services);
  g_clear_pointer (&self->members, g_ptr_array_unref);

  G_OBJECT_CLASS (wr_new_visit_dialog_parent_class)->dispose (object);
}

static void
wr_new_visit_dialog_class_init (WrNewVisitDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wr_new_visit_dialog_dispose;

  /**
   * WrNewVisitDialog::started:
   * @visit_uuid: the visit just started
   */
  signals [STARTED] =
    g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/wr-new-visit-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, WrNewVisitDialog, form_row);
  gtk_widget_class_bind_template_child (widget_class, WrNewVisitDialog, service_row);
  gtk_widget_class_bind_template_child (widget_class, WrNewVisitDialog, date_button);
  gtk_widget_class_bind_template_child (widget_class, WrNewVisitDialog, calendar);
  gtk_widget_class_bind_template_child (widget_class, WrNewVisitDialog, time_row);
  gtk_widget_class_bind_template_child (widget_class, WrNewVisitDialog, team_list);
  gtk_widget_class_bind_template_child (widget_class, WrNewVisitDialog, member_name_row);
  gtk_widget_class_bind_template_child (widget_class, WrNewVisitDialog, member_role_row);
  gtk_widget_class_bind_template_child (widget_class, WrNewVisitDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, WrNewVisitDialog, start_button);
  gtk_widget_class_bind_template_child (widget_class, WrNewVisitDialog, title);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_start);
  gtk_widget_class_bind_template_callback (widget_class, date_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, member_name_activated_cb);

  gtk_widget_class_install_action (widget_class, "new-visit.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "new-visit.add-service", NULL, add_service_action);
  gtk_widget_class_install_action (widget_class, "new-visit.add-member", NULL, add_member_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wr_new_visit_dialog_init (WrNewVisitDialog *self)
{
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (now, "%H:%M");

  self->members = g_ptr_array_new_with_free_func ((GDestroyNotify) wr_member_free);

  gtk_widget_init_template (GTK_WIDGET (self));
  wr_a11y_name_list_items (self->form_row);
  wr_a11y_name_list_items (self->service_row);
  wr_a11y_name_list_items (self->member_role_row);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->start_button);

  for (guint i = 0; i < wr_role_get_n_roles (); i++)
    gtk_string_list_append (roles, wr_role_get_label (i));
  adw_combo_row_set_model (self->member_role_row, G_LIST_MODEL (roles));

  gtk_calendar_select_day (self->calendar, now);
  date_changed_cb (self);
  gtk_editable_set_text (GTK_EDITABLE (self->time_row), time);
  gtk_widget_set_visible (GTK_WIDGET (self->team_list), FALSE);
}

/**
 * wr_new_visit_dialog_new:
 * @store: where the visit is saved
 * @library: the forms to offer
 *
 * Returns: (transfer full): a new dialog; the team starts with the user,
 *   as set in Preferences
 */
WrNewVisitDialog *
wr_new_visit_dialog_new (WrStore       *store,
                         WrFormLibrary *library)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *name = g_settings_get_string (settings, "user-name");
  g_autofree char *role = g_settings_get_string (settings, "user-role");
  g_autoptr(GtkExpression) title = NULL;
  WrNewVisitDialog *self;

  g_return_val_if_fail (WR_IS_STORE (store), NULL);
  g_return_val_if_fail (WR_IS_FORM_LIBRARY (library), NULL);

  self = g_object_new (WR_TYPE_NEW_VISIT_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->library = g_object_ref (library);

  title = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL, G_CALLBACK (form_title), NULL, NULL);
  adw_combo_row_set_expression (self->form_row, title);
  adw_combo_row_set_model (self->form_row, wr_form_library_get_forms (library));
  form_changed_cb (self);

  reload_services (self, FALSE);
  g_signal_connect_object (store, "changed::service", G_CALLBACK (services_changed_cb), self, G_CONNECT_SWAPPED);

  if (name[0] != '\0' && wr_role_find (role) >= 0)
    wr_new_visit_dialog_add_member (self, name, role);

  /* On the first choice, the form, rather than on Cancel. A combo row
   * takes the focus only once it has something to offer.
   */
  gtk_widget_grab_focus (GTK_WIDGET (self->form_row));

  return self;
}

/**
 * wr_new_visit_dialog_select_form:
 * @self: a #WrNewVisitDialog
 * @form_id: the id of a form in the library
 */
void
wr_new_visit_dialog_select_form (WrNewVisitDialog *self,
                                 const char       *form_id)
{
  GListModel *forms;

  g_return_if_fail (WR_IS_NEW_VISIT_DIALOG (self));

  forms = wr_form_library_get_forms (self->library);
  for (guint i = 0; i < g_list_model_get_n_items (forms); i++)
    {
      g_autoptr(WrForm) form = g_list_model_get_item (forms, i);

      if (g_str_equal (wr_form_get_id (form), form_id))
        adw_combo_row_set_selected (self->form_row, i);
    }
}

/**
 * wr_new_visit_dialog_select_service:
 * @self: a #WrNewVisitDialog
 * @service_id: an active service
 */
void
wr_new_visit_dialog_select_service (WrNewVisitDialog *self,
                                    gint64            service_id)
{
  g_return_if_fail (WR_IS_NEW_VISIT_DIALOG (self));

  for (guint i = 0; self->services && i < g_list_model_get_n_items (self->services); i++)
    {
      g_autoptr(WrService) service = g_list_model_get_item (self->services, i);

      if (wr_service_get_id (service) == service_id)
        adw_combo_row_set_selected (self->service_row, i);
    }
}

/**
 * wr_new_visit_dialog_clear_team:
 * @self: a #WrNewVisitDialog
 *
 * Takes everyone off the team, to put a revisit's team on it instead.
 */
void
wr_new_visit_dialog_clear_team (WrNewVisitDialog *self)
{
  GtkWidget *row;

  g_return_if_fail (WR_IS_NEW_VISIT_DIALOG (self));

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->team_list))))
    gtk_list_box_remove (self->team_list, row);
  g_ptr_array_set_size (self->members, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->team_list), FALSE);
}
