/* wr-service-import-dialog.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-service-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-a11y.h"
#include "wr-service-import-dialog.h"

/* Shows what importing a CSV file of services will do, row by row, and
 * imports only when asked, and only a file with no refused rows.
 */
struct _WrServiceImportDialog
{
  AdwWindow        parent_instance;

  GtkLabel        *summary_label;
  GtkLabel        *notes_label;
  GtkListBox      *rows;
  GtkButton       *import_button;

  WrStore         *store;
  WrServiceImport *import;
};

G_DEFINE_FINAL_TYPE (WrServiceImportDialog, wr_service_import_dialog, ADW_TYPE_WINDOW)

enum {
  IMPORTED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static GtkWidget *
create_row (WrServiceImportRow *row)
{
  GtkWidget *widget = adw_action_row_new ();
  g_autofree char *line = g_strdup_printf (_("Line %u"), row->line);
  g_autofree char *subtitle = NULL;
  const char *icon;
  const char *status;

  switch (row->status)
    {
    case WR_SERVICE_IMPORT_NEW:
      icon = "list-add-symbolic";
      status = _("Will be added");
      break;

    case WR_SERVICE_IMPORT_EXISTING:
      icon = "emblem-ok-symbolic";
      status = row->message;
      break;

    case WR_SERVICE_IMPORT_INVALID:
    default:
      icon = "dialog-error-symbolic";
      status = row->message;
      break;
    }

  subtitle = g_strdup_printf ("%s · %s", line, status);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (widget), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (widget), row->name[0] ? row->name : _("(no name)"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (widget), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (widget), 0);

  {
    GtkWidget *image = gtk_image_new_from_icon_name (icon);

    gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL, status, -1);
    if (row->status == WR_SERVICE_IMPORT_INVALID)
      gtk_widget_add_css_class (image, "error");
    adw_action_row_add_prefix (ADW_ACTION_ROW (widget), image);
  }

  return widget;
}

static void
show_preview (WrServiceImportDialog *self,
              const char            *file_name)
{
  WrServiceImport *import = self->import;
  g_autofree char *added = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new service", "%u new services",
                                                         import->n_new), import->n_new);
  g_autofree char *skipped = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u already listed",
                                                           "%u already listed", import->n_existing),
                                              import->n_existing);
  g_autofree char *refused = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row to fix", "%u rows to fix",
                                                           import->n_invalid), import->n_invalid);
  g_autofree char *summary = NULL;
  g_autofree char *button = NULL;

  /* Translators: "services.csv: 3 new services, 1 already listed, 2 rows to fix" */
  summary = g_strdup_printf (_("%s: %s, %s, %s"), file_name, added, skipped, refused);
  gtk_label_set_text (self->summary_label, summary);

  if (import->notes->len > 0)
    {
      g_ptr_array_add (import->notes, NULL);
      {
        g_autofree char *notes = g_strjoinv ("\n", (char **) import->notes->pdata);

        gtk_label_set_text (self->notes_label, notes);
      }
      g_ptr_array_remove_index (import->notes, import->notes->len - 1);
      gtk_widget_set_visible (GTK_WIDGET (self->notes_label), TRUE);
    }

  /* Rows to fix first, then new, then those left as they are. */
  for (int status = WR_SERVICE_IMPORT_INVALID; status >= WR_SERVICE_IMPORT_NEW; status--)
    {
      for (guint i = 0; i < import->rows->len; i++)
        {
          WrServiceImportRow *row = g_ptr_array_index (import->rows, i);

          if ((int) row->status == status)
            gtk_list_box_append (self->rows, create_row (row));
        }
    }

  if (import->n_invalid > 0)
    button = g_strdup (_("_Import"));
  else
    button = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Import %u Service", "_Import %u Services",
                                           import->n_new), import->n_new);
  gtk_button_set_label (self->import_button, button);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.commit", import->n_invalid == 0 && import->n_new > 0);
  wr_a11y_set_tooltip (GTK_WIDGET (self->import_button),
                       import->n_invalid > 0 ? _("Fix the rows marked in the file, then import it again")
                                             : NULL);
}

static void
commit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  WrServiceImportDialog *self = WR_SERVICE_IMPORT_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) added = NULL;

  if (!(added = wr_service_import_commit (self->store, self->import, &error)))
    {
      gtk_label_set_text (self->summary_label, error->message);
      return;
    }

  g_signal_emit (self, signals [IMPORTED], 0, added->len);
  gtk_window_close (GTK_WINDOW (self));
}

static void
wr_service_import_dialog_dispose (GObject *object)
{
  WrServiceImportDialog *self = (WrServiceImportDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), WR_TYPE_SERVICE_IMPORT_DIALOG);
  g_clear_object (&self->store);
  g_clear_pointer (&self->import, wr_service_import_free);

  G_OBJECT_CLASS (wr_service_import_dialog_parent_class)->dispose (object);
}

static void
wr_service_import_dialog_class_init (WrServiceImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wr_service_import_dialog_dispose;

  /**
   * WrServiceImportDialog::imported:
   * @n_added: how many services were added
   */
  signals [IMPORTED] =
    g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/wr-service-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, WrServiceImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, WrServiceImportDialog, notes_label);
  gtk_widget_class_bind_template_child (widget_class, WrServiceImportDialog, rows);
  gtk_widget_class_bind_template_child (widget_class, WrServiceImportDialog, import_button);

  gtk_widget_class_install_action (widget_class, "import.commit", NULL, commit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wr_service_import_dialog_init (WrServiceImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * wr_service_import_dialog_new:
 * @store: where the services go
 * @file_name: the file's name, for the summary
 * @import: (transfer full): the preview from wr_service_import_read()
 *
 * Returns: (transfer full): a new dialog
 */
WrServiceImportDialog *
wr_service_import_dialog_new (WrStore         *store,
                              const char      *file_name,
                              WrServiceImport *import)
{
  WrServiceImportDialog *self;

  g_return_val_if_fail (WR_IS_STORE (store), NULL);
  g_return_val_if_fail (import != NULL, NULL);

  self = g_object_new (WR_TYPE_SERVICE_IMPORT_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->import = import;
  show_preview (self, file_name);

  return self;
}
