/* wr-service-dialog.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-service-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-service-dialog.h"

/* Adds a service, or edits one. The store checks the fields; what it
 * refuses is shown in the dialog, which stays open so nothing typed is lost.
 */
struct _WrServiceDialog
{
  AdwWindow    parent_instance;

  AdwEntryRow *name_row;
  AdwEntryRow *directorate_row;
  AdwEntryRow *site_row;
  AdwEntryRow *type_row;
  AdwEntryRow *cqc_row;
  GtkLabel    *error_label;
  GtkWidget   *save_button;

  WrStore     *store;
  WrService   *service;
};

G_DEFINE_FINAL_TYPE (WrServiceDialog, wr_service_dialog, ADW_TYPE_WINDOW)

static void
name_changed_cb (WrServiceDialog *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "service.save", name[0] != '\0');
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  WrServiceDialog *self = WR_SERVICE_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(WrService) saved = NULL;
  WrServiceFields fields = {
    .name = gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
    .directorate = gtk_editable_get_text (GTK_EDITABLE (self->directorate_row)),
    .site = gtk_editable_get_text (GTK_EDITABLE (self->site_row)),
    .type = gtk_editable_get_text (GTK_EDITABLE (self->type_row)),
    .cqc_location_id = gtk_editable_get_text (GTK_EDITABLE (self->cqc_row)),
  };

  if (self->service != NULL)
    saved = wr_store_update_service (self->store, wr_service_get_id (self->service), &fields, &error);
  else
    saved = wr_store_add_service (self->store, &fields, &error);

  if (saved == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

static void
wr_service_dialog_dispose (GObject *object)
{
  WrServiceDialog *self = (WrServiceDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), WR_TYPE_SERVICE_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->service);

  G_OBJECT_CLASS (wr_service_dialog_parent_class)->dispose (object);
}

static void
wr_service_dialog_class_init (WrServiceDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wr_service_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/wr-service-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, WrServiceDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, WrServiceDialog, directorate_row);
  gtk_widget_class_bind_template_child (widget_class, WrServiceDialog, site_row);
  gtk_widget_class_bind_template_child (widget_class, WrServiceDialog, type_row);
  gtk_widget_class_bind_template_child (widget_class, WrServiceDialog, cqc_row);
  gtk_widget_class_bind_template_child (widget_class, WrServiceDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, WrServiceDialog, save_button);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);

  gtk_widget_class_install_action (widget_class, "service.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wr_service_dialog_init (WrServiceDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_window_set_default_widget (GTK_WINDOW (self), self->save_button);
  name_changed_cb (self);

  /* Ready to type the name, rather than on Cancel. */
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

WrServiceDialog *
wr_service_dialog_new (WrStore   *store,
                       WrService *service)
{
  WrServiceDialog *self;

  g_return_val_if_fail (WR_IS_STORE (store), NULL);
  g_return_val_if_fail (service == NULL || WR_IS_SERVICE (service), NULL);

  self = g_object_new (WR_TYPE_SERVICE_DIALOG, NULL);
  self->store = g_object_ref (store);

  if (service != NULL)
    {
      self->service = g_object_ref (service);
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Service"));
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), wr_service_get_name (service));
      gtk_editable_set_text (GTK_EDITABLE (self->directorate_row), wr_service_get_directorate (service));
      gtk_editable_set_text (GTK_EDITABLE (self->site_row), wr_service_get_site (service));
      gtk_editable_set_text (GTK_EDITABLE (self->type_row), wr_service_get_service_type (service));
      gtk_editable_set_text (GTK_EDITABLE (self->cqc_row), wr_service_get_cqc_location_id (service));
    }
  else
    gtk_window_set_title (GTK_WINDOW (self), _("Add Service"));

  return self;
}
