/* wr-action-dialog.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-action-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-action-dialog.h"
#include "wr-date-row.h"
#include "wr-dates.h"

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
  WrDateRow            *due_row;
  GtkLabel             *error_label;
  GtkWidget            *save_button;

  WrVisitSession       *session; /* the visit recorded, or NULL from the Actions page */
  WrStore              *store;
  WrFormItem           *item;
  guint                 repeat;  /* the filling of the item's section, if repeatable */
  WrAction             *action;  /* the one being edited, or NULL for a new one */
};

G_DEFINE_FINAL_TYPE (WrActionDialog, wr_action_dialog, ADW_TYPE_WINDOW)

static const char *
or_empty (const char *text)
{
  return text ? text : "";
}

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
  g_autofree char *due = wr_date_row_get_date (self->due_row, &error);
  WrActionFields fields = {
    .text = gtk_editable_get_text (GTK_EDITABLE (self->text_row)),
    .owner = gtk_editable_get_text (GTK_EDITABLE (self->owner_row)),
    .due = due,
    .question_id = self->item ? wr_form_item_get_id (self->item) : NULL,
    .repeat_uuid = self->item ? wr_visit_session_get_repeat_uuid (self->session, wr_form_item_get_section (self->item),
                                                                  self->repeat) : NULL,
  };

  /* A due date that is not one is said, and nothing saved. */
  if (due == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->due_row));
      return;
    }

  if (self->action != NULL)
    {
      /* Editing changes what, who and by when; what it answers stays. */
      fields.observation_uuid = wr_action_get_observation_uuid (self->action);
      fields.question_id = wr_action_get_question_id (self->action);
      if (!wr_store_update_action (self->store,
                                   wr_action_get_uuid (self->action), &fields, &error))
        {
          gtk_label_set_text (self->error_label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
          return;
        }

      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  uuid = wr_store_add_action (self->store,
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
  g_clear_object (&self->store);
  g_clear_object (&self->item);
  g_clear_object (&self->action);

  G_OBJECT_CLASS (wr_action_dialog_parent_class)->dispose (object);
}

static void
wr_action_dialog_class_init (WrActionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wr_action_dialog_dispose;

  g_type_ensure (WR_TYPE_DATE_ROW);

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
 * @repeat: which filling of @item's section, if it is repeatable, else 0
 *
 * Returns: (transfer none): a new dialog, owned by GTK until it is closed
 */
WrActionDialog *
wr_action_dialog_new (WrVisitSession *session,
                      WrFormItem     *item,
                      guint           repeat)
{
  WrActionDialog *self;

  g_return_val_if_fail (WR_IS_VISIT_SESSION (session), NULL);
  g_return_val_if_fail (item == NULL || WR_IS_FORM_ITEM (item), NULL);

  self = g_object_new (WR_TYPE_ACTION_DIALOG, NULL);
  self->session = g_object_ref (session);
  self->store = g_object_ref (wr_visit_session_get_store (session));
  if (item != NULL)
    {
      self->item = g_object_ref (item);
      self->repeat = repeat;
      adw_preferences_group_set_description (self->group, wr_form_item_get_label (item));
    }

  return self;
}

static void
fill_from_action (WrActionDialog *self,
                  WrAction       *action)
{
  self->action = g_object_ref (action);
  gtk_editable_set_text (GTK_EDITABLE (self->text_row), wr_action_get_text (action));
  gtk_editable_set_text (GTK_EDITABLE (self->owner_row), or_empty (wr_action_get_owner (action)));
  wr_date_row_set_date (self->due_row, wr_action_get_due (action));
}

/**
 * wr_action_dialog_new_for_action:
 * @session: the visit
 * @action: the action to edit
 *
 * A dialog filled with @action's text, owner and due date, which saves
 * them over it.
 *
 * Returns: (transfer none): a new dialog, owned by GTK until it is closed
 */
WrActionDialog *
wr_action_dialog_new_for_action (WrVisitSession *session,
                                 WrAction       *action)
{
  WrActionDialog *self;
  const char *question_id;

  g_return_val_if_fail (WR_IS_VISIT_SESSION (session), NULL);
  g_return_val_if_fail (WR_IS_ACTION (action), NULL);

  self = g_object_new (WR_TYPE_ACTION_DIALOG,
                       "title", _("Edit Action"),
                       NULL);
  self->session = g_object_ref (session);
  self->store = g_object_ref (wr_visit_session_get_store (session));

  question_id = wr_action_get_question_id (action);
  if (question_id != NULL && question_id[0] != '\0')
    {
      WrForm *form = wr_visit_session_get_form (session);
      WrFormItem *item = form ? wr_form_lookup_item (form, question_id) : NULL;

      if (item != NULL)
        adw_preferences_group_set_description (self->group, wr_form_item_get_label (item));
    }

  fill_from_action (self, action);

  return self;
}

/**
 * wr_action_dialog_new_for_store:
 * @store: the database
 * @action: the action to edit, as the Actions page lists it
 *
 * A dialog to follow an action up from the Actions page, without its visit
 * open: it says which visit raised it, and saves the text, owner and due
 * date over it. Actions stay open to change after their visit is
 * completed; each change is in the audit log.
 *
 * Returns: (transfer none): a new dialog, owned by GTK until it is closed
 */
WrActionDialog *
wr_action_dialog_new_for_store (WrStore  *store,
                                WrAction *action)
{
  WrActionDialog *self;
  g_autofree char *date = NULL;
  g_autofree char *from = NULL;

  g_return_val_if_fail (WR_IS_STORE (store), NULL);
  g_return_val_if_fail (WR_IS_ACTION (action), NULL);

  self = g_object_new (WR_TYPE_ACTION_DIALOG,
                       "title", _("Edit Action"),
                       NULL);
  self->store = g_object_ref (store);

  date = wr_date_format (wr_action_get_visit_date (action));
  /* Translators: the visit an action came from: a service and a date */
  from = g_strdup_printf (_("From the visit to %s on %s"), wr_action_get_service_name (action), date);
  adw_preferences_group_set_description (self->group, from);

  fill_from_action (self, action);

  return self;
}
