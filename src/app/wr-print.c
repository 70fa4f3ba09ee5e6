/* wr-print.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-print"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "wr-a11y.h"
#include "wr-print.h"

/* Printing draws the very pages of the PDF report (WrReportPages, laid
 * out by the core in a worker thread) on the print context's cairo, so a
 * printout and `walkround report --format pdf` cannot differ. GTK's print
 * dialog chooses the printer, or a PDF file, and previews with the
 * desktop's previewer.
 */

static void
show_error (GtkWindow  *parent,
            const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, _("Could Not Print"), message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Pages are laid out for A4; another paper gets them scaled to fit. */
static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              WrReportPages     *pages)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double scale = MIN (gtk_print_context_get_width (context) / WR_REPORT_PAGE_WIDTH,
                      gtk_print_context_get_height (context) / WR_REPORT_PAGE_HEIGHT);

  if (page < 0 || (guint) page >= wr_report_pages_get_n_pages (pages))
    return;

  cairo_save (cr);
  cairo_scale (cr, scale, scale);
  wr_report_pages_draw_page (pages, cr, (guint) page);
  cairo_restore (cr);
}

static void
done_cb (GtkPrintOperation       *operation,
         GtkPrintOperationResult  result,
         GtkWindow               *parent)
{
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      show_error (parent, error != NULL ? error->message : _("The printer refused the job"));
    }
}

/* Preview ---------------------------------------------------------------------- */

/* GTK previews by running the desktop's previewer (Evince's, by default)
 * on a PDF of the pages; where none is installed, Walkround shows the
 * pages in a window of its own instead of failing.
 */
static gboolean
has_previewer (void)
{
  g_autofree char *command = NULL;
  g_auto(GStrv) argv = NULL;
  g_autofree char *program = NULL;

  g_object_get (gtk_settings_get_default (), "gtk-print-preview-command", &command, NULL);
  if (command == NULL || !g_shell_parse_argv (command, NULL, &argv, NULL) || argv[0] == NULL)
    return FALSE;

  program = g_find_program_in_path (argv[0]);
  return program != NULL;
}

typedef struct
{
  WrReportPages  *pages;
  guint           page;
  GtkDrawingArea *area;
  GtkLabel       *label;
  GtkWidget      *previous;
  GtkWidget      *next;
} Preview;

static void
draw_preview_cb (GtkDrawingArea *area,
                 cairo_t        *cr,
                 int             width,
                 int             height,
                 gpointer        user_data)
{
  Preview *preview = user_data;
  double margin = 12.0;
  double scale = MIN ((width - 2 * margin) / WR_REPORT_PAGE_WIDTH, (height - 2 * margin) / WR_REPORT_PAGE_HEIGHT);

  if (scale <= 0 || preview->page >= wr_report_pages_get_n_pages (preview->pages))
    return;

  cairo_translate (cr, (width - WR_REPORT_PAGE_WIDTH * scale) / 2, margin);
  cairo_scale (cr, scale, scale);
  /* Paper is white whatever the theme. */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, WR_REPORT_PAGE_WIDTH, WR_REPORT_PAGE_HEIGHT);
  cairo_fill (cr);
  wr_report_pages_draw_page (preview->pages, cr, preview->page);
}

static void
show_preview_page (Preview *preview,
                   guint    page)
{
  guint n = wr_report_pages_get_n_pages (preview->pages);
  g_autofree char *text = NULL;

  preview->page = MIN (page, n > 0 ? n - 1 : 0);
  text = g_strdup_printf (_("Page %u of %u"), preview->page + 1, n);
  gtk_label_set_label (preview->label, text);
  gtk_widget_set_sensitive (preview->previous, preview->page > 0);
  gtk_widget_set_sensitive (preview->next, preview->page + 1 < n);
  gtk_widget_queue_draw (GTK_WIDGET (preview->area));
}

static void
previous_clicked_cb (GtkButton *button,
                     Preview   *preview)
{
  if (preview->page > 0)
    show_preview_page (preview, preview->page - 1);
}

static void
next_clicked_cb (GtkButton *button,
                 Preview   *preview)
{
  show_preview_page (preview, preview->page + 1);
}

static GtkWidget *
nav_button (const char *icon,
            const char *name)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  wr_a11y_set_tooltip (button, name);
  return button;
}

/**
 * _wr_print_preview_new:
 * @parent: (nullable): the window it belongs to
 * @pages: the pages; the window keeps them while it is open
 * @owner: (nullable): an object kept alive with the window, such as the
 *   print operation that owns @pages
 *
 * Returns: (transfer none): the preview window, presented
 */
GtkWindow *
_wr_print_preview_new (GtkWindow     *parent,
                       WrReportPages *pages,
                       GObject       *owner)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  Preview *preview = g_new0 (Preview, 1);
  GtkShortcutController *keys;

  preview->pages = pages;
  preview->area = GTK_DRAWING_AREA (gtk_drawing_area_new ());
  preview->label = GTK_LABEL (gtk_label_new (NULL));
  preview->previous = nav_button ("go-previous-symbolic", _("Previous Page"));
  preview->next = nav_button ("go-next-symbolic", _("Next Page"));
  g_object_set_data_full (G_OBJECT (window), "wr-preview", preview, g_free);
  if (owner != NULL)
    g_object_set_data_full (G_OBJECT (window), "wr-owner", g_object_ref (owner), g_object_unref);

  gtk_window_set_title (GTK_WINDOW (window), _("Print Preview"));
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 820);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (window), parent);

  adw_header_bar_pack_start (ADW_HEADER_BAR (header), preview->previous);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), preview->next);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (preview->label));
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (GTK_WIDGET (preview->area), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (preview->area), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The page as it will print"), -1);
  gtk_drawing_area_set_draw_func (preview->area, draw_preview_cb, preview, NULL);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (preview->area));
  adw_window_set_content (ADW_WINDOW (window), box);

  g_signal_connect (preview->previous, "clicked", G_CALLBACK (previous_clicked_cb), preview);
  g_signal_connect (preview->next, "clicked", G_CALLBACK (next_clicked_cb), preview);

  /* Page Up and Page Down turn the pages; Escape closes. */
  keys = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_shortcut_controller_set_scope (keys, GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_shortcut_controller_add_shortcut (keys, gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Page_Down, 0),
                                                                gtk_signal_action_new ("clicked")));
  gtk_widget_add_controller (preview->next, GTK_EVENT_CONTROLLER (keys));
  keys = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_shortcut_controller_set_scope (keys, GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_shortcut_controller_add_shortcut (keys, gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Page_Up, 0),
                                                                gtk_signal_action_new ("clicked")));
  gtk_widget_add_controller (preview->previous, GTK_EVENT_CONTROLLER (keys));
  keys = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_shortcut_controller_add_shortcut (keys, gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                                gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, GTK_EVENT_CONTROLLER (keys));

  show_preview_page (preview, 0);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

static void
preview_closed_cb (GtkWindow                *window,
                   GtkPrintOperationPreview *preview)
{
  gtk_print_operation_preview_end_preview (preview);
}

static gboolean
preview_cb (GtkPrintOperation        *operation,
            GtkPrintOperationPreview *preview,
            GtkPrintContext          *context,
            GtkWindow                *parent,
            WrReportPages            *pages)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  GtkWindow *window;

  if (has_previewer ())
    return FALSE;

  /* GTK asks for a cairo context even when the pages are drawn
   * elsewhere; this one is never drawn on.
   */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cr = cairo_create (surface);
  gtk_print_context_set_cairo_context (context, cr, 72, 72);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  window = _wr_print_preview_new (parent, pages, G_OBJECT (operation));
  g_signal_connect_object (window, "destroy", G_CALLBACK (preview_closed_cb), preview, 0);
  return TRUE;
}

static GtkPrintOperation *
new_operation (WrReportPages *pages,
               const char    *job_name)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);

  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_n_pages (operation, (int) wr_report_pages_get_n_pages (pages));
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_job_name (operation, job_name != NULL ? job_name : _("Walkround visits"));
  gtk_print_operation_set_embed_page_setup (operation, TRUE);

  g_object_set_data_full (G_OBJECT (operation), "wr-pages", pages, (GDestroyNotify) wr_report_pages_free);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), pages);
  g_signal_connect (operation, "preview", G_CALLBACK (preview_cb), pages);

  return operation;
}

GtkPrintOperationResult
_wr_print_run (GtkWindow                *parent,
               WrReportPages            *pages,
               const char               *job_name,
               GtkPrintOperationAction   action,
               const char               *export_path,
               GError                  **error)
{
  g_autoptr(GtkPrintOperation) operation = new_operation (pages, job_name);

  if (export_path != NULL)
    gtk_print_operation_set_export_filename (operation, export_path);

  return gtk_print_operation_run (operation, action, parent, error);
}

/**
 * wr_print_pages:
 * @parent: the window the print dialog belongs to
 * @pages: (transfer full): the pages to print
 * @job_name: (nullable): the name the printer's queue shows
 *
 * Opens GTK's print dialog for @pages, with its preview, and prints them
 * in the background once the person chooses Print.
 */
void
wr_print_pages (GtkWindow     *parent,
                WrReportPages *pages,
                const char    *job_name)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (pages != NULL);

  operation = new_operation (pages, job_name);
  gtk_print_operation_set_allow_async (operation, TRUE);
  gtk_print_operation_set_show_progress (operation, TRUE);
  g_signal_connect_object (operation, "done", G_CALLBACK (done_cb), parent, 0);

  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, &error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR)
    show_error (parent, error->message);
}

/* Laying out ------------------------------------------------------------------ */

typedef struct
{
  GtkWindow        *parent;
  char             *job_name;
  GCancellable     *cancellable;
  WrReportProgress  progress;
  AdwMessageDialog *dialog;
  GtkProgressBar   *bar;
  guint             poll_id;
  guint             show_id;
  gboolean          closed;   /* a response closes the dialog by itself */
} Job;

static void
job_free (Job *job)
{
  g_clear_handle_id (&job->poll_id, g_source_remove);
  g_clear_handle_id (&job->show_id, g_source_remove);
  if (job->dialog != NULL && !job->closed)
    gtk_window_destroy (GTK_WINDOW (job->dialog));
  g_clear_object (&job->dialog);
  g_clear_object (&job->parent);
  g_clear_object (&job->cancellable);
  g_free (job->job_name);
  g_free (job);
}

static gboolean
poll_cb (gpointer user_data)
{
  Job *job = user_data;
  guint done = (guint) g_atomic_int_get (&job->progress.done);
  guint total = (guint) g_atomic_int_get (&job->progress.total);
  g_autofree char *text = NULL;

  if (total == 0)
    {
      gtk_progress_bar_pulse (job->bar);
      return G_SOURCE_CONTINUE;
    }

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u visit", "%u of %u visits", total), done, total);
  gtk_progress_bar_set_fraction (job->bar, (double) done / total);
  gtk_progress_bar_set_text (job->bar, text);
  return G_SOURCE_CONTINUE;
}

/* A visit or two is laid out in a moment: the dialog shows only when it
 * takes longer, so that it does not flash.
 */
static gboolean
show_cb (gpointer user_data)
{
  Job *job = user_data;

  job->show_id = 0;
  gtk_window_present (GTK_WINDOW (job->dialog));
  return G_SOURCE_REMOVE;
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             Job              *job)
{
  job->closed = TRUE;
  g_cancellable_cancel (job->cancellable);
}

static void
laid_out_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(GError) error = NULL;
  WrReportPages *pages = wr_report_pages_for_store_finish (result, &error);

  if (pages != NULL)
    wr_print_pages (job->parent, pages, job->job_name);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_error (job->parent, error->message);

  job_free (job);
}

/**
 * wr_print_visits:
 * @parent: the window printing belongs to
 * @store: the database
 * @library: the installed forms
 * @scope: which visits
 * @options: (nullable): a feedback letter rather than the report, and
 *   which quotes it holds; the format is not used
 * @job_name: (nullable): the name the printer's queue shows
 *
 * Lays out the visits @scope takes in a worker thread, as the PDF report
 * has them, with a dialog showing progress and Cancel if that takes a
 * moment, then opens the print dialog.
 */
void
wr_print_visits (GtkWindow             *parent,
                 WrStore               *store,
                 WrFormLibrary         *library,
                 const WrScope         *scope,
                 const WrReportOptions *options,
                 const char            *job_name)
{
  WrReportOptions report = { WR_REPORT_FORMAT_PDF, NULL, NULL };
  Job *job;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (WR_IS_STORE (store));
  g_return_if_fail (WR_IS_FORM_LIBRARY (library));

  job = g_new0 (Job, 1);
  job->parent = g_object_ref (parent);
  job->job_name = g_strdup (job_name);
  job->cancellable = g_cancellable_new ();

  job->dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("Preparing to Print"),
                                                            _("Laying out the visits on pages…")));
  g_object_ref_sink (job->dialog);
  job->bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_progress_bar_set_show_text (job->bar, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (job->bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Progress of laying out"), -1);
  adw_message_dialog_set_extra_child (job->dialog, GTK_WIDGET (job->bar));
  adw_message_dialog_add_response (job->dialog, "cancel", _("_Cancel"));
  g_signal_connect (job->dialog, "response", G_CALLBACK (response_cb), job);

  job->poll_id = g_timeout_add (100, poll_cb, job);
  job->show_id = g_timeout_add (300, show_cb, job);

  wr_report_pages_for_store_async (store, library, scope, options != NULL ? options : &report, &job->progress,
                                   job->cancellable,
                                   laid_out_cb, job);
}
