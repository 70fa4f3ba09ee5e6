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
#include "wr-dates.h"

/* Records an action agreed on the visit: what, who owns it, by when. */
struct _WrActionDialog
{
  AdwWindow       parent_instance;

  AdwEntryRow    *text_row;
  AdwEntryRow    *owner_row;
  AdwEntryRow    *due_row;
  GtkLabel       *error_label;

  WrVisitSession *session;
  WrFormItem     *item;
};

G_DEFINE_FINAL_TYPE (WrActionDialog, wr_action_dialog, ADW_TYPE_WINDOW)

static void
save_clicked_cb (WrActionDialog *self)
{
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

  g_clear_object (&self->session);

  G_OBJECT_CLASS (wr_action_dialog_parent_class)->dispose (object);
}

static void
wr_action_dialog_class_init (WrActionDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = wr_action_dialog_dispose;
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wr_action_dialog_init (WrActionDialog *self)
{
}

static AdwEntryRow *
add_row (GtkWidget  *group,
         const char *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  return ADW_ENTRY_ROW (row);
}

/**
 * wr_action_dialog_new:
 * @session: the visit
 * @item: (nullable): the question the action answers
 *
 * Returns: (transfer full): a new dialog
 */
WrActionDialog *
wr_action_dialog_new (WrVisitSession *session,
                      WrFormItem     *item)
{
  WrActionDialog *self;
  GtkWidget *box;
  GtkWidget *header;
  GtkWidget *cancel;
  GtkWidget *save;
  GtkWidget *page;
  GtkWidget *group;

  g_return_val_if_fail (WR_IS_VISIT_SESSION (session), NULL);

  self = g_object_new (WR_TYPE_ACTION_DIALOG,
                       "modal", TRUE,
                       "title", _("Add Action"),
                       "default-width", 520,
                       NULL);
  self->session = g_object_ref (session);
  self->item = item;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  save = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_add_css_class (save, "suggested-action");
  g_signal_connect_swapped (save, "clicked", G_CALLBACK (save_clicked_cb), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), save);
  gtk_box_append (GTK_BOX (box), header);

  page = adw_preferences_page_new ();
  group = adw_preferences_group_new ();
  if (item != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), wr_form_item_get_label (item));
  self->text_row = add_row (group, _("_What is to be done"));
  self->owner_row = add_row (group, _("Who _owns it"));
  self->due_row = add_row (group, _("_Due by (such as 2026-12-31)"));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_widget_set_margin_start (GTK_WIDGET (self->error_label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->error_label), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->error_label), 12);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);

  gtk_box_append (GTK_BOX (box), page);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));
  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_window_set_default_widget (GTK_WINDOW (self), save);

  return self;
}
