/* wr-services-page.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-services-page"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-a11y.h"
#include "wr-service-dialog.h"
#include "wr-service-import-dialog.h"
#include "wr-services-page.h"
#include "wr-wrap-box.h"

struct _WrServicesPage
{
  AdwBin      parent_instance;

  GtkStack   *stack;
  GtkListBox *list_box;
  GtkSwitch  *archived_switch;

  WrStore    *store;
  GListModel *services;
  guint       scores_id;  /* a reload for the scores after visits changed */
};

G_DEFINE_FINAL_TYPE (WrServicesPage, wr_services_page, ADW_TYPE_BIN)

enum {
  ADD_TOAST,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* Takes @toast and hands it to whoever shows toasts. */
static void
add_toast (WrServicesPage *self,
           AdwToast       *toast)
{
  g_signal_emit (self, signals [ADD_TOAST], 0, toast);
  g_object_unref (toast);
}

static void
show_error (WrServicesPage *self,
            const GError   *error)
{
  add_toast (self, adw_toast_new (error->message));
}

static char *
describe_service (WrService *service)
{
  const char *parts[5];
  guint n = 0;

  if (wr_service_get_archived (service))
    parts[n++] = _("Archived");
  if (wr_service_get_directorate (service)[0])
    parts[n++] = wr_service_get_directorate (service);
  if (wr_service_get_site (service)[0])
    parts[n++] = wr_service_get_site (service);
  if (wr_service_get_service_type (service)[0])
    parts[n++] = wr_service_get_service_type (service);
  parts[n] = NULL;

  return g_strjoinv (" · ", (char **) parts);
}

/* The service's latest score, and its change since the visit before on
 * the same form, at the row's end; nothing when no visit of it is scored.
 */
static void
add_score (WrServicesPage *self,
           WrService      *service,
           GtkWidget      *row)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *spoken = NULL;
  WrServiceScore score;
  GtkWidget *label;
  int latest, change = 0;

  if (self->store == NULL)
    return;
  if (!wr_store_get_service_score (self->store, wr_service_get_id (service), &score, &error))
    {
      g_warning ("Could not read the score of %s: %s", wr_service_get_name (service), error->message);
      return;
    }
  if (!score.has_latest)
    return;

  /* Rounded down as the Visits list and reports show it: 100% is every
   * applicable answer met.
   */
  latest = (int) score.latest;
  if (score.has_change)
    change = (int) (score.change + (score.change >= 0 ? 0.5 : -0.5));

  if (!score.has_change)
    {
      /* Translators: a service's latest compliance score on the Services page */
      text = g_strdup_printf (_("Score %d%%"), latest);
      /* Translators: read by a screen reader for a service's score */
      spoken = g_strdup_printf (_("Latest score %d%%, the first on its form"), latest);
    }
  else if (change == 0)
    {
      /* Translators: a service's latest score, unchanged since the visit before on the same form */
      text = g_strdup_printf (_("Score %d%% (=)"), latest);
      spoken = g_strdup_printf (_("Latest score %d%%, the same as the visit before on its form"), latest);
    }
  else
    {
      /* Translators: a service's latest score and its change in points, such as "Score 92% (+4)" */
      text = g_strdup_printf (_("Score %d%% (%+d)"), latest, change);
      spoken = change > 0
               ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Latest score %d%%, up %d point since the visit before on its form",
                                               "Latest score %d%%, up %d points since the visit before on its form",
                                               change),
                                  latest, change)
               : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Latest score %d%%, down %d point since the visit before on its form",
                                               "Latest score %d%%, down %d points since the visit before on its form",
                                               -change),
                                  latest, -change);
    }

  label = gtk_label_new (text);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "service-score");
  if (score.has_change && change < 0)
    gtk_widget_add_css_class (label, "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  wr_a11y_set_tooltip (label, spoken);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  WrServicesPage *self = user_data;
  WrService *service = item;
  g_autofree char *subtitle = describe_service (service);
  gboolean archived = wr_service_get_archived (service);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *edit;
  GtkWidget *archive;
  g_autofree char *accessible = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), wr_service_get_name (service));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (archived)
    gtk_widget_add_css_class (row, "dim-label");

  add_score (self, service, row);

  if (wr_service_get_cqc_location_id (service)[0])
    {
      GtkWidget *cqc = gtk_label_new (wr_service_get_cqc_location_id (service));

      gtk_widget_add_css_class (cqc, "dim-label");
      gtk_widget_add_css_class (cqc, "numeric");
      wr_a11y_set_tooltip (cqc, _("CQC location id"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), cqc);
    }

  edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (edit, "flat");
  wr_a11y_set_tooltip (edit, _("Edit Service"));
  accessible = g_strdup_printf (_("Edit “%s”"), wr_service_get_name (service));
  gtk_accessible_update_property (GTK_ACCESSIBLE (edit), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "services.edit");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (edit), "x", wr_service_get_id (service));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);

  /* Words, not an icon: archiving is not deleting, and no icon says so. */
  archive = gtk_button_new_with_mnemonic (archived ? _("_Restore") : _("_Archive"));
  /* Rows are made again when scores change, also while the page is hidden
   * and its buttons not realized for wr_a11y_init() to mend: the button
   * is named by its mnemonic label alone, not "_Archive" too.
   */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (archive), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_widget_set_valign (archive, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (archive, "flat");
  wr_a11y_set_tooltip (archive, archived ? _("Offer this service for visits again")
                                         : _("Stop offering this service for new visits; its visits are kept"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (archive), archived ? "services.restore" : "services.archive");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (archive), "x", wr_service_get_id (service));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), archive);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  return row;
}

static void
reload (WrServicesPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) services = NULL;
  g_autoptr(GListModel) any = NULL;
  gboolean archived = gtk_switch_get_active (self->archived_switch);

  if (self->store == NULL)
    {
      gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
      g_clear_object (&self->services);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  if (!(services = wr_store_list_services (self->store, archived, &error)) ||
      !(any = archived ? g_object_ref (services) : wr_store_list_services (self->store, TRUE, &error)))
    {
      show_error (self, error);
      return;
    }

  g_set_object (&self->services, services);
  gtk_list_box_bind_model (self->list_box, services, create_row, self, NULL);
  gtk_stack_set_visible_child_name (self->stack, g_list_model_get_n_items (any) ? "list" : "empty");
}

static void
store_changed_cb (WrServicesPage *self)
{
  reload (self);
}

static gboolean
scores_timeout_cb (gpointer user_data)
{
  WrServicesPage *self = user_data;

  self->scores_id = 0;
  reload (self);
  return G_SOURCE_REMOVE;
}

/* A visit completed, reopened, deleted or imported may change its
 * service's score; the rows follow a moment after the last change.
 */
static void
visits_changed_cb (WrServicesPage *self)
{
  g_clear_handle_id (&self->scores_id, g_source_remove);
  self->scores_id = g_timeout_add (500, scores_timeout_cb, self);
}

static void
show_archived_changed_cb (WrServicesPage *self)
{
  reload (self);
}

static WrService *
find_service (WrServicesPage *self,
              gint64          id)
{
  for (guint i = 0; self->services && i < g_list_model_get_n_items (self->services); i++)
    {
      g_autoptr(WrService) service = g_list_model_get_item (self->services, i);

      if (wr_service_get_id (service) == id)
        return g_steal_pointer (&service);
    }

  return NULL;
}

static void
open_dialog (WrServicesPage *self,
             WrService      *service)
{
  WrServiceDialog *dialog;

  if (self->store == NULL)
    return;

  dialog = wr_service_dialog_new (self->store, service);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  open_dialog (WR_SERVICES_PAGE (widget), NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  WrServicesPage *self = WR_SERVICES_PAGE (widget);
  g_autoptr(WrService) service = find_service (self, g_variant_get_int64 (param));

  if (service != NULL)
    open_dialog (self, service);
}

static void
undo_archive_cb (WrServicesPage *self,
                 AdwToast       *toast)
{
  gint64 *id = g_object_get_data (G_OBJECT (toast), "service-id");
  g_autoptr(GError) error = NULL;

  if (self->store != NULL && !wr_store_set_service_archived (self->store, *id, FALSE, &error))
    show_error (self, error);
}

static void
set_archived (WrServicesPage *self,
              gint64          id,
              gboolean        archived)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrService) service = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (self->store == NULL)
    return;

  if (!(service = wr_store_get_service (self->store, id, &error)) ||
      !wr_store_set_service_archived (self->store, id, archived, &error))
    {
      show_error (self, error);
      return;
    }

  if (!archived)
    return;

  /* Archiving hides a service from new visits but keeps its history; Undo
   * is at hand all the same.
   */
  title = g_strdup_printf (_("“%s” archived"), wr_service_get_name (service));
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data_full (G_OBJECT (toast), "service-id", g_memdup2 (&id, sizeof id), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_archive_cb), self, G_CONNECT_SWAPPED);
  add_toast (self, toast);
}

static void
archive_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  set_archived (WR_SERVICES_PAGE (widget), g_variant_get_int64 (param), TRUE);
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  set_archived (WR_SERVICES_PAGE (widget), g_variant_get_int64 (param), FALSE);
}

static void
import_done_cb (WrServiceImportDialog *dialog,
                guint                  n_added,
                WrServicesPage        *self)
{
  g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u service added",
                                                         "%u services added", n_added),
                                            n_added);

  add_toast (self, adw_toast_new (title));
}

static void
file_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(WrServicesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WrServiceImport) import = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  WrServiceImportDialog *dialog;
  gsize length;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      show_error (self, error);
      return;
    }
  if (self->store == NULL)
    return;

  name = g_file_get_basename (G_FILE (object));
  if (!(import = wr_service_import_read (self->store, name, contents, length, &error)))
    {
      show_error (self, error);
      return;
    }

  dialog = wr_service_import_dialog_new (self->store, name, g_steal_pointer (&import));
  g_signal_connect_object (dialog, "imported", G_CALLBACK (import_done_cb), self, 0);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * wr_services_page_import_file:
 * @self: a #WrServicesPage
 * @file: a CSV file of services
 *
 * Reads @file (off the main loop) and shows what importing it would do.
 */
void
wr_services_page_import_file (WrServicesPage *self,
                              GFile          *file)
{
  g_return_if_fail (WR_IS_SERVICES_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  g_file_load_contents_async (file, NULL, file_loaded_cb, g_object_ref (self));
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     WrServicesPage  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        wr_services_page_import_file (self, file);
    }

  g_object_unref (chooser);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  WrServicesPage *self = WR_SERVICES_PAGE (widget);
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Import Services"),
                                         GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Import"), _("_Cancel"));
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
wr_services_page_dispose (GObject *object)
{
  WrServicesPage *self = (WrServicesPage *)object;

  wr_services_page_set_store (self, NULL);
  g_clear_handle_id (&self->scores_id, g_source_remove);
  /* The child goes first, so that AdwBin and the template never both unparent it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WR_TYPE_SERVICES_PAGE);

  G_OBJECT_CLASS (wr_services_page_parent_class)->dispose (object);
}

static void
wr_services_page_class_init (WrServicesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (WR_TYPE_WRAP_BOX);

  object_class->dispose = wr_services_page_dispose;

  /**
   * WrServicesPage::add-toast:
   * @toast: what to tell the user
   *
   * The page asks its window to show a toast.
   */
  signals [ADD_TOAST] =
    g_signal_new ("add-toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/wr-services-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WrServicesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, WrServicesPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, WrServicesPage, archived_switch);
  gtk_widget_class_bind_template_callback (widget_class, show_archived_changed_cb);

  gtk_widget_class_install_action (widget_class, "services.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "services.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "services.edit", "x", edit_action);
  gtk_widget_class_install_action (widget_class, "services.archive", "x", archive_action);
  gtk_widget_class_install_action (widget_class, "services.restore", "x", restore_action);
}

static void
wr_services_page_init (WrServicesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "services.add", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "services.import", FALSE);
}

/**
 * wr_services_page_set_store:
 * @self: a #WrServicesPage
 * @store: (nullable): the open database
 */
void
wr_services_page_set_store (WrServicesPage *self,
                            WrStore        *store)
{
  g_return_if_fail (WR_IS_SERVICES_PAGE (self));

  if (self->store == store)
    return;

  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
      g_signal_handlers_disconnect_by_func (self->store, visits_changed_cb, self);
    }
  g_set_object (&self->store, store);
  if (self->store != NULL)
    {
      g_signal_connect_object (self->store, "changed::service", G_CALLBACK (store_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->store, "changed::visit", G_CALLBACK (visits_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "services.add", store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "services.import", store != NULL);

  if (adw_bin_get_child (ADW_BIN (self)) != NULL)
    reload (self);
}

/**
 * wr_services_page_get_model:
 * @self: a #WrServicesPage
 *
 * Returns: (transfer none) (nullable): the services shown
 */
GListModel *
wr_services_page_get_model (WrServicesPage *self)
{
  g_return_val_if_fail (WR_IS_SERVICES_PAGE (self), NULL);

  return self->services;
}
