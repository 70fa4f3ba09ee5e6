/* wr-action-dialog.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-action-dialog"

#include "config.h"

#include "wr-action-dialog.h"

/* Records an action agreed on the visit: what, who owns it, by when. The
 * store checks the fields; what it refuses is shown in the dialog, which
 * stays open so nothing typed is lost.
 */
struct _WrActionDialog
{
  AdwWindow             parent_instance;

  AdwPreferencesGroup  *group;
  AdwEntryRow          *text_row;
  AdwEntryRow          *owner_row;
  AdwEntryRow          *due_row;
  GtkLabel             *error_label;
  GtkWidget            *save_button;

  WrVisitSession       *session;
  WrFormItem           *item;
};

G_DEFINE_FINAL_TYPE (WrActionDialog, wr_action_dialog, ADW_TYPE_WINDOW)

static void
text_changed_cb (WrActionDialog *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->text_row))));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "action.save", text[0] != '\0');
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  WrActionDialog *self = WR_ACTION_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  WrActionFields fields = {
    .text = gtk_editable_get_text (GTK_EDITABLE (self->text_row)),
    .owner = gtk_editable_get_text (GTK_EDITABLE (self->owner_row)),
    .due = gtk_editable_get_text (GTK_EDITABLE (self->due_row)),
    .question_id = self->item ? wr_form_item_get_id (self->item) : NULL,
  };

  uuid = wr_store_add_action (wr_visit_session_get_store (self->session),
                              wr_visit_get_uuid (wr_visit_session_get_visit (self->session)),
                              &fields, &error);
  if (uuid == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

static void
wr_action_dialog_dispose (GObject *object)
{
  WrActionDialog *self = (WrActionDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), WR_TYPE_ACTION_DIALOG);
  g_clear_object (&self->session);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (wr_action_dialog_parent_class)->dispose (object);
}

static void
wr_action_dialog_class_init (WrActionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wr_action_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/wr-action-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, WrActionDialog, group);
  gtk_widget_class_bind_template_child (widget_class, WrActionDialog, text_row);
  gtk_widget_class_bind_template_child (widget_class, WrActionDialog, owner_row);
  gtk_widget_class_bind_template_child (widget_class, WrActionDialog, due_row);
  gtk_widget_class_bind_template_child (widget_class, WrActionDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, WrActionDialog, save_button);
  gtk_widget_class_bind_template_callback (widget_class, text_changed_cb);

  gtk_widget_class_install_action (widget_class, "action.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wr_action_dialog_init (WrActionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_window_set_default_widget (GTK_WINDOW (self), self->save_button);
  text_changed_cb (self);

  /* Ready to type, rather than on Cancel, the first control in the tree. */
  gtk_widget_grab_focus (GTK_WIDGET (self->text_row));
}

/**
 * wr_action_dialog_new:
 * @session: the visit
 * @item: (nullable): the question the action answers
 *
 * Returns: (transfer none): a new dialog, owned by GTK until it is closed
 */
WrActionDialog *
wr_action_dialog_new (WrVisitSession *session,
                      WrFormItem     *item)
{
  WrActionDialog *self;

  g_return_val_if_fail (WR_IS_VISIT_SESSION (session), NULL);
  g_return_val_if_fail (item == NULL || WR_IS_FORM_ITEM (item), NULL);

  self = g_object_new (WR_TYPE_ACTION_DIALOG, NULL);
  self->session = g_object_ref (session);
  if (item != NULL)
    {
      self->item = g_object_ref (item);
      adw_preferences_group_set_description (self->group, wr_form_item_get_label (item));
    }

  return self;
}
