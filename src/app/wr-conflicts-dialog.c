/* wr-conflicts-dialog.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The visits that a pack held at the same revision as this database but
 * with other content: two people changed the same visit apart. Both
 * versions are kept until someone chooses one, here, after a confirmation,
 * since the other is then gone.
 */

#define G_LOG_DOMAIN "wr-conflicts-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-conflicts-dialog.h"
#include "wr-dates.h"
#include "wr-pack-reader.h"

struct _WrConflictsDialog
{
  AdwWindow    parent_instance;

  WrStore     *store;

  GtkStack    *stack;
  GtkListBox  *list;
};

G_DEFINE_FINAL_TYPE (WrConflictsDialog, wr_conflicts_dialog, ADW_TYPE_WINDOW)

enum {
  RESOLVED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void reload (WrConflictsDialog *self);

static char *
describe_visit (WrConflictsDialog *self,
                const char        *visit_uuid)
{
  g_autoptr(WrVisit) visit = wr_store_get_visit (self->store, visit_uuid, NULL);
  g_autofree char *started = NULL;

  if (visit == NULL)
    return g_strdup (visit_uuid);

  started = wr_date_time_format (wr_visit_get_started (visit));
  /* Translators: a visit: its service, when it started and its kind */
  return g_strdup_printf (_("%s, %s · %s"), wr_visit_get_service_name (visit), started,
                          wr_visit_kind_get_label (wr_visit_get_kind (visit)));
}

static void
choose (WrConflictsDialog *self,
        gint64             id,
        WrPackSide         side)
{
  g_autoptr(GError) error = NULL;

  if (!wr_pack_resolve_conflict (self->store, id, side, &error))
    {
      AdwMessageDialog *message = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                                              _("Could Not Resolve the Conflict"),
                                                                              error->message));

      adw_message_dialog_add_response (message, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (message));
      return;
    }

  g_signal_emit (self, signals [RESOLVED], 0);
  reload (self);
}

static void
confirm_response_cb (AdwMessageDialog  *dialog,
                     const char        *response,
                     WrConflictsDialog *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "conflict-id");

  if (g_str_equal (response, "ours"))
    choose (self, id, WR_PACK_SIDE_OURS);
  else if (g_str_equal (response, "theirs"))
    choose (self, id, WR_PACK_SIDE_THEIRS);
}

static void
confirm (WrConflictsDialog *self,
         gint64             id,
         WrPackSide         side,
         const char        *visit)
{
  AdwMessageDialog *dialog;
  gint64 *stored = g_new (gint64, 1);

  *stored = id;
  if (side == WR_PACK_SIDE_OURS)
    {
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Keep This Computer's Version?"),
                                                           NULL));
      adw_message_dialog_format_body (dialog, _("The version of “%s” from the pack will be discarded."), visit);
      adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "ours", _("_Keep This Computer's"), NULL);
      adw_message_dialog_set_response_appearance (dialog, "ours", ADW_RESPONSE_DESTRUCTIVE);
    }
  else
    {
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Use the Pack's Version?"),
                                                           NULL));
      adw_message_dialog_format_body (dialog, _("The answers, observations and actions of “%s” on this "
                                                "computer will be replaced by those in the pack."), visit);
      adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "theirs", _("_Use the Pack's"), NULL);
      adw_message_dialog_set_response_appearance (dialog, "theirs", ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "conflict-id", stored, g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
side_clicked_cb (GtkButton         *button,
                 WrConflictsDialog *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ACTION_ROW);
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (row), "conflict-id");
  WrPackSide side = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "side"));

  confirm (self, id, side, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
}

static GtkWidget *
side_button (WrConflictsDialog *self,
             const char        *label,
             const char        *accessible,
             WrPackSide         side)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data (G_OBJECT (button), "side", GINT_TO_POINTER (side));
  g_signal_connect (button, "clicked", G_CALLBACK (side_clicked_cb), self);

  return button;
}

static GtkWidget *
create_row (WrConflictsDialog    *self,
            const WrPackConflict *conflict)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = describe_visit (self, conflict->visit_uuid);
  g_autofree char *source = g_path_get_basename (conflict->source ? conflict->source : "");
  g_autofree char *detected = wr_date_time_format (conflict->detected);
  g_autofree char *subtitle = NULL;
  g_autofree char *keep = NULL;
  g_autofree char *use = NULL;
  gint64 *id = g_new (gint64, 1);

  *id = conflict->id;
  /* Translators: revision number, pack file name, date and time it was imported */
  subtitle = g_strdup_printf (_("Revision %u differs from the one in %s, imported %s"),
                              conflict->revision, source, detected);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  g_object_set_data_full (G_OBJECT (row), "conflict-id", id, g_free);

  keep = g_strdup_printf (_("Keep this computer's version of %s"), title);
  use = g_strdup_printf (_("Use the pack's version of %s"), title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), side_button (self, _("_Keep Ours"), keep, WR_PACK_SIDE_OURS));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), side_button (self, _("_Use Pack's"), use, WR_PACK_SIDE_THEIRS));

  return row;
}

static void
reload (WrConflictsDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = wr_pack_list_conflicts (self->store, &error);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
    gtk_list_box_remove (self->list, child);

  if (conflicts == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), error->message);
      gtk_list_box_append (self->list, row);
      gtk_stack_set_visible_child_name (self->stack, "list");
      return;
    }

  for (guint i = 0; i < conflicts->len; i++)
    gtk_list_box_append (self->list, create_row (self, g_ptr_array_index (conflicts, i)));
  gtk_stack_set_visible_child_name (self->stack, conflicts->len > 0 ? "list" : "none");
}

static void
wr_conflicts_dialog_dispose (GObject *object)
{
  WrConflictsDialog *self = (WrConflictsDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), WR_TYPE_CONFLICTS_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (wr_conflicts_dialog_parent_class)->dispose (object);
}

static void
wr_conflicts_dialog_class_init (WrConflictsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wr_conflicts_dialog_dispose;

  /**
   * WrConflictsDialog::resolved:
   *
   * A conflict was resolved: the visits changed.
   */
  signals [RESOLVED] =
    g_signal_new ("resolved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/wr-conflicts-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, WrConflictsDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, WrConflictsDialog, list);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wr_conflicts_dialog_init (WrConflictsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * wr_conflicts_dialog_new:
 * @store: the database
 *
 * Returns: (transfer full): a new dialog listing the conflicts
 */
WrConflictsDialog *
wr_conflicts_dialog_new (WrStore *store)
{
  WrConflictsDialog *self;

  g_return_val_if_fail (WR_IS_STORE (store), NULL);

  self = g_object_new (WR_TYPE_CONFLICTS_DIALOG, NULL);
  self->store = g_object_ref (store);
  reload (self);

  return self;
}
