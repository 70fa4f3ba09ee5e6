/* wr-feedback-dialog.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-feedback-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-a11y.h"
#include "wr-dates.h"
#include "wr-feedback-dialog.h"
#include "wr-observation.h"
#include "wr-print.h"
#include "wr-report.h"

/* "Feedback for the Service…": the letter the ward receives after a NED
 * or 15 Steps visit, saved as PDF or HTML or printed. What patients and
 * carers said is listed with a check box each, unticked, since the
 * letter goes to the ward; the core writes the letter in a worker thread
 * (wr_report_write_for_store_async()).
 */
struct _WrFeedbackDialog
{
  AdwWindow         parent_instance;

  GtkLabel         *title_label;
  GtkLabel         *subtitle_label;
  GtkListBox       *quotes_list;
  GtkLabel         *quotes_heading;
  GtkLabel         *status_label;
  GtkWidget        *print_button;

  WrStore          *store;
  WrFormLibrary    *library;
  char             *visit_uuid;
  GPtrArray        *checks;       /* GtkCheckButton *, with "wr-uuid" data */
  GCancellable     *cancellable;
  WrReportProgress  progress;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (WrFeedbackDialog, wr_feedback_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void
set_busy (WrFeedbackDialog *self,
          const char       *status)
{
  gboolean busy = status != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "feedback.save", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "feedback.print", !busy);
  gtk_label_set_label (self->status_label, status != NULL ? status : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), busy);
}

/**
 * wr_feedback_dialog_get_quotes:
 * @self: a #WrFeedbackDialog
 *
 * Returns: (transfer full): the uuids of the quotes ticked in
 */
GStrv
wr_feedback_dialog_get_quotes (WrFeedbackDialog *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (WR_IS_FEEDBACK_DIALOG (self), NULL);

  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->checks, i);

      if (gtk_check_button_get_active (check))
        g_strv_builder_add (builder, g_object_get_data (G_OBJECT (check), "wr-uuid"));
    }

  return g_strv_builder_end (builder);
}

static WrScope *
visit_scope (WrFeedbackDialog *self)
{
  WrScope *scope = wr_scope_new ();

  wr_scope_add_visit (scope, self->visit_uuid, NULL);
  return scope;
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(WrFeedbackDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  const char *path = g_object_get_data (G_OBJECT (self), "wr-saving");

  if (!wr_report_write_for_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, NULL);
      gtk_label_set_label (self->status_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
      return;
    }

  g_signal_emit (self, signals [SAVED], 0, path);
  gtk_window_destroy (GTK_WINDOW (self));
}

/**
 * wr_feedback_dialog_save:
 * @self: a #WrFeedbackDialog
 * @path: the file to write
 * @pdf: %TRUE for PDF, %FALSE for HTML
 *
 * Writes the letter with the quotes ticked in a worker thread; emits
 * #WrFeedbackDialog::saved and closes when it is written, or says what
 * went wrong.
 */
void
wr_feedback_dialog_save (WrFeedbackDialog *self,
                         const char       *path,
                         gboolean          pdf)
{
  g_auto(GStrv) quotes = NULL;
  g_autoptr(WrScope) scope = NULL;
  WrReportOptions options = { pdf ? WR_REPORT_FORMAT_PDF : WR_REPORT_FORMAT_HTML, NULL, NULL };

  g_return_if_fail (WR_IS_FEEDBACK_DIALOG (self));
  g_return_if_fail (path != NULL);

  quotes = wr_feedback_dialog_get_quotes (self);
  scope = visit_scope (self);
  options.letter = TRUE;
  options.include_quotes = quotes;

  set_busy (self, _("Writing the letter…"));
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_object_set_data_full (G_OBJECT (self), "wr-saving", g_strdup (path), g_free);
  wr_report_write_for_store_async (self->store, self->library, scope, path, &options, &self->progress,
                                   self->cancellable, written_cb, g_object_ref (self));
}

static void
chooser_response_cb (GtkNativeDialog  *chooser,
                     int               response,
                     WrFeedbackDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      gboolean pdf = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "wr-pdf"));

      if (path != NULL)
        wr_feedback_dialog_save (self, path, pdf);
    }
  g_clear_object (&self->chooser);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  WrFeedbackDialog *self = WR_FEEDBACK_DIALOG (widget);
  gboolean pdf = g_str_equal (g_variant_get_string (param, NULL), "pdf");
  g_autofree char *name = g_strdup_printf ("%s.%s", _("feedback-letter"), pdf ? "pdf" : "html");

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (pdf ? _("Save the Letter as PDF") : _("Save the Letter as HTML"),
                                               GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_object_set_data (G_OBJECT (self->chooser), "wr-pdf", GINT_TO_POINTER (pdf));
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  WrFeedbackDialog *self = WR_FEEDBACK_DIALOG (widget);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_auto(GStrv) quotes = wr_feedback_dialog_get_quotes (self);
  g_autoptr(WrScope) scope = visit_scope (self);
  WrReportOptions options = { WR_REPORT_FORMAT_PDF, NULL, NULL };

  options.letter = TRUE;
  options.include_quotes = quotes;

  /* The print dialog belongs to the window: this one's work is done. */
  wr_print_visits (parent != NULL ? parent : GTK_WINDOW (self), self->store, self->library, scope, &options,
                   _("Feedback for the service"));
  gtk_window_destroy (GTK_WINDOW (self));
}

/* The service in full as the dialog's heading, wrapping in a narrow
 * window where a header bar's title would be cut short; the window's own
 * title, which a screen reader and the window list give, names it too.
 */
static void
show_visit (WrFeedbackDialog *self)
{
  g_autoptr(WrVisit) visit = wr_store_get_visit (self->store, self->visit_uuid, NULL);
  g_autofree char *title = NULL;
  g_autofree char *started = NULL;
  g_autofree char *subtitle = NULL;

  if (visit == NULL || wr_visit_get_service_name (visit) == NULL)
    return;

  title = g_strdup_printf (_("Feedback for %s"), wr_visit_get_service_name (visit));
  started = wr_date_time_format (wr_visit_get_started (visit));
  subtitle = g_strdup_printf (_("%s, %s"), wr_visit_kind_get_label (wr_visit_get_kind (visit)), started);
  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->subtitle_label, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), TRUE);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
add_quote (WrFeedbackDialog *self,
           WrObservation    *observation)
{
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *text = gtk_label_new (wr_observation_get_text (observation));
  GtkWidget *voice = gtk_label_new (g_str_equal (wr_observation_get_voice (observation), "patient")
                                    ? _("A patient") : _("A carer or relative"));
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_xalign (GTK_LABEL (voice), 0);
  gtk_widget_add_css_class (voice, "dim-label");
  gtk_widget_add_css_class (voice, "caption");
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), voice);
  gtk_check_button_set_child (GTK_CHECK_BUTTON (check), box);
  gtk_widget_set_margin_top (check, 6);
  gtk_widget_set_margin_bottom (check, 6);
  gtk_widget_set_margin_start (check, 6);
  gtk_widget_set_margin_end (check, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  wr_observation_get_text (observation), -1);
  g_object_set_data_full (G_OBJECT (check), "wr-uuid", g_strdup (wr_observation_get_uuid (observation)), g_free);

  /* The row is what a screen reader lands on in the list: it says the
   * same as its check box (GTK 4.8 names no row by what it holds).
   */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  wr_observation_get_text (observation), -1);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), check);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_append (self->quotes_list, row);
  g_ptr_array_add (self->checks, check);
}

static void
wr_feedback_dialog_dispose (GObject *object)
{
  WrFeedbackDialog *self = (WrFeedbackDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), WR_TYPE_FEEDBACK_DIALOG);

  G_OBJECT_CLASS (wr_feedback_dialog_parent_class)->dispose (object);
}

static void
wr_feedback_dialog_finalize (GObject *object)
{
  WrFeedbackDialog *self = (WrFeedbackDialog *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->library);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_free (self->visit_uuid);

  G_OBJECT_CLASS (wr_feedback_dialog_parent_class)->finalize (object);
}

static void
wr_feedback_dialog_class_init (WrFeedbackDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wr_feedback_dialog_dispose;
  object_class->finalize = wr_feedback_dialog_finalize;

  /**
   * WrFeedbackDialog::saved:
   * @path: the letter written
   */
  signals [SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/wr-feedback-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, WrFeedbackDialog, title_label);
  gtk_widget_class_bind_template_child (widget_class, WrFeedbackDialog, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, WrFeedbackDialog, quotes_list);
  gtk_widget_class_bind_template_child (widget_class, WrFeedbackDialog, quotes_heading);
  gtk_widget_class_bind_template_child (widget_class, WrFeedbackDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, WrFeedbackDialog, print_button);

  gtk_widget_class_install_action (widget_class, "feedback.save", "s", save_action);
  gtk_widget_class_install_action (widget_class, "feedback.print", NULL, print_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "feedback.print", NULL);
}

static void
wr_feedback_dialog_init (WrFeedbackDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->checks = g_ptr_array_new ();

  /* An icon, so that the header keeps room for its title in a narrow
   * window; Ctrl+P prints, as everywhere.
   */
  wr_a11y_set_tooltip (self->print_button, _("Print the letter (Ctrl+P)"));
}

/**
 * wr_feedback_dialog_new:
 * @store: the database
 * @library: the installed forms
 * @visit_uuid: a NED or 15 Steps visit
 *
 * Returns: (transfer full): the dialog, listing what patients and carers
 *   said on the visit, unticked
 */
WrFeedbackDialog *
wr_feedback_dialog_new (WrStore       *store,
                        WrFormLibrary *library,
                        const char    *visit_uuid)
{
  WrFeedbackDialog *self = g_object_new (WR_TYPE_FEEDBACK_DIALOG, NULL);
  g_autoptr(GListModel) observations = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (WR_IS_STORE (store), self);
  g_return_val_if_fail (visit_uuid != NULL, self);

  self->store = g_object_ref (store);
  self->library = g_object_ref (library);
  self->visit_uuid = g_strdup (visit_uuid);
  show_visit (self);

  if (!(observations = wr_store_list_observations (store, visit_uuid, &error)))
    {
      gtk_label_set_label (self->status_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
      return self;
    }

  for (guint i = 0; i < g_list_model_get_n_items (observations); i++)
    {
      g_autoptr(WrObservation) observation = g_list_model_get_item (observations, i);
      const char *voice = wr_observation_get_voice (observation);

      if (g_strcmp0 (voice, "patient") == 0 || g_strcmp0 (voice, "carer") == 0)
        add_quote (self, observation);
    }

  if (self->checks->len == 0)
    {
      gtk_label_set_label (self->quotes_heading, _("Nothing on this visit is in a patient’s or carer’s voice."));
      gtk_widget_remove_css_class (GTK_WIDGET (self->quotes_heading), "heading");
      gtk_widget_set_visible (GTK_WIDGET (self->quotes_list), FALSE);
    }

  return self;
}
