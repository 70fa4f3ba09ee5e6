/* wr-export-dialog.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Export Evidence Pack: which visits (the same filters as the command
 * line's `walkround export`), then a file, then the pack is written in a
 * worker thread through a second connection to the database, so that the
 * window stays responsive, with a progress bar and Cancel. The writer
 * writes beside the file and renames it only when complete: a cancelled
 * or failed export leaves nothing under the chosen name.
 */

#define G_LOG_DOMAIN "wr-export-dialog"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "wr-catalog.h"
#include "wr-date-row.h"
#include "wr-dates.h"
#include "wr-a11y.h"
#include "wr-export-dialog.h"
#include "wr-pack-seal.h"
#include "wr-pack-writer.h"
#include "wr-print.h"
#include "wr-report.h"
#include "wr-task-progress.h"
#include "wr-visit.h"

struct _WrExportDialog
{
  AdwWindow      parent_instance;

  WrStore       *store;
  WrFormLibrary *library;
  char          *today;

  GtkWidget     *print_button;
  GPtrArray     *service_uuids;    /* parallel to service_row's items, after "All" */
  GPtrArray     *regulation_ids;   /* …regulation_row's, after "Any" */
  GPtrArray     *statement_ids;    /* …statement_row's, after "Any" */

  /* The pack being written, if any. */
  WrTaskProgress *progress;

  GtkStack      *stack;
  AdwComboRow   *period_row;
  AdwComboRow   *status_row;
  AdwComboRow   *kind_row;
  AdwComboRow   *service_row;
  AdwComboRow   *regulation_row;
  AdwComboRow   *statement_row;
  WrDateRow     *changed_since_row;
  GtkWidget     *message_group;
  GtkLabel      *message_label;
  GtkLabel      *progress_label;
  GtkProgressBar *progress_bar;
  GtkLabel      *count_label;
  AdwPreferencesGroup *which_group;
  GtkWidget     *evidence_group;
  GtkWidget     *changes_group;
  AdwPreferencesGroup *seal_group;
  GtkWidget     *seal_button;

  /* The keys to seal the pack for (WrSealRecipient), and their rows. */
  GPtrArray     *recipients;
  GPtrArray     *recipient_rows;

  /* The visits chosen elsewhere (the Evidence page's node), instead of
   * the rows, or NULL.
   */
  WrScope       *fixed_scope;

  /* Counting the visits chosen, on a connection of its own in a worker
   * thread, one count at a time: a change while one runs counts again
   * when it ends.
   */
  WrStore       *counter;
  GCancellable  *counting;
  gboolean       count_again;
};

G_DEFINE_FINAL_TYPE (WrExportDialog, wr_export_dialog, ADW_TYPE_WINDOW)

enum {
  EXPORTED,
  REPORT_WRITTEN,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* The order of status_row's items. */
enum {
  STATUS_COMPLETED,
  STATUS_DRAFT,
  STATUS_ALL,
};

static void
set_strings (AdwComboRow        *row,
             const char * const *strings)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (strings);

  adw_combo_row_set_model (row, G_LIST_MODEL (list));
}

static void
fill_catalog_row (AdwComboRow   *row,
                  WrCatalogKind  kind,
                  const char    *any,
                  GPtrArray     *ids)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new ((const char * const []) { any, NULL });
  WrCatalog *catalog = wr_catalog_get_default (NULL);
  GListModel *entries = catalog ? wr_catalog_list (catalog, kind) : NULL;

  for (guint i = 0; entries && i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(WrCatalogEntry) entry = g_list_model_get_item (entries, i);
      const char *title = wr_catalog_entry_get_short_title (entry);

      gtk_string_list_append (labels, title && title[0] ? title : wr_catalog_entry_get_title (entry));
      g_ptr_array_add (ids, g_strdup (wr_catalog_entry_get_id (entry)));
    }

  adw_combo_row_set_model (row, G_LIST_MODEL (labels));
}

static void
fill_services (WrExportDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new ((const char * const []) { _("All Services"), NULL });
  g_autoptr(GListModel) services = wr_store_list_services (self->store, TRUE, NULL);

  for (guint i = 0; services && i < g_list_model_get_n_items (services); i++)
    {
      g_autoptr(WrService) service = g_list_model_get_item (services, i);

      gtk_string_list_append (names, wr_service_get_name (service));
      g_ptr_array_add (self->service_uuids, g_strdup (wr_service_get_uuid (service)));
    }

  adw_combo_row_set_model (self->service_row, G_LIST_MODEL (names));
}

static void
fill_rows (WrExportDialog *self)
{
  g_auto(GStrv) periods = wr_period_list_labels (self->today);
  g_autoptr(GtkStringList) kinds = gtk_string_list_new ((const char * const []) { _("Any Kind"), NULL });
  const char * const *kind_ids = wr_visit_kind_get_ids ();

  set_strings (self->period_row, (const char * const *) periods);
  set_strings (self->status_row, (const char * const []) {
    _("Completed visits"), _("Drafts"), _("Completed visits and drafts"), NULL });

  for (guint i = 0; kind_ids[i] != NULL; i++)
    gtk_string_list_append (kinds, wr_visit_kind_get_label (kind_ids[i]));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));

  fill_services (self);
  fill_catalog_row (self->regulation_row, WR_CATALOG_REGULATION, _("Any Regulation"), self->regulation_ids);
  fill_catalog_row (self->statement_row, WR_CATALOG_STATEMENT, _("Any Quality Statement"), self->statement_ids);
}

/* The id at @row's selected position, after its first "any" item. */
static const char *
selected_id (AdwComboRow *row,
             GPtrArray   *ids)
{
  guint selected = adw_combo_row_get_selected (row);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || selected - 1 >= ids->len)
    return NULL;

  return g_ptr_array_index (ids, selected - 1);
}

/**
 * wr_export_dialog_get_filter:
 * @self: a #WrExportDialog
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the visits the dialog's choices select, or
 *   %NULL with @error set if one is not valid
 */
WrScope *
wr_export_dialog_get_filter (WrExportDialog  *self,
                             GError         **error)
{
  g_autoptr(WrScope) filter = wr_scope_new ();
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *since = NULL;
  g_autoptr(GError) date_error = NULL;
  g_autofree char *changed = wr_date_row_get_date (self->changed_since_row, &date_error);
  const char * const *kind_ids = wr_visit_kind_get_ids ();
  guint kind = adw_combo_row_get_selected (self->kind_row);
  const char *id;

  g_return_val_if_fail (WR_IS_EXPORT_DIALOG (self), NULL);

  if (self->fixed_scope != NULL)
    return wr_scope_copy (self->fixed_scope);

  wr_period_get_range (adw_combo_row_get_selected (self->period_row), self->today, &from, &to);
  if ((from && !wr_scope_set_from (filter, from, error)) ||
      (to && !wr_scope_set_to (filter, to, error)))
    return NULL;

  switch (adw_combo_row_get_selected (self->status_row))
    {
    case STATUS_COMPLETED:
      if (!wr_scope_set_status (filter, "completed", error))
        return NULL;
      break;

    case STATUS_DRAFT:
      if (!wr_scope_set_status (filter, "draft", error))
        return NULL;
      break;

    default:
      break;
    }

  if (kind > 0 && kind != GTK_INVALID_LIST_POSITION && kind - 1 < g_strv_length ((GStrv) kind_ids) &&
      !wr_scope_add_kind (filter, kind_ids[kind - 1], error))
    return NULL;
  if ((id = selected_id (self->service_row, self->service_uuids)) && !wr_scope_add_service (filter, id, error))
    return NULL;
  if ((id = selected_id (self->regulation_row, self->regulation_ids)) &&
      !wr_scope_add_regulation (filter, id, error))
    return NULL;
  if ((id = selected_id (self->statement_row, self->statement_ids)) &&
      !wr_scope_add_statement (filter, id, error))
    return NULL;

  /* A day, as people think of it: from its first moment. */
  if (changed == NULL)
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_FILTER,
                   _("%s, or leave “Changed on or after” empty for every visit."), date_error->message);
      return NULL;
    }
  if (changed[0] != '\0')
    {
      g_autoptr(GDateTime) day = wr_date_parse (changed);

      since = g_date_time_format (day, "%Y-%m-%dT%H:%M:%S%:z");
      if (!wr_scope_set_changed_since (filter, since, error))
        return NULL;
    }

  return g_steal_pointer (&filter);
}

static void
show_message (WrExportDialog *self,
              const char     *message)
{
  gtk_label_set_text (self->message_label, message ? message : "");
  gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  gtk_widget_set_visible (self->message_group, message != NULL);
}

/* A message that is not a mistake. */
static void
show_note (WrExportDialog *self,
           const char     *note)
{
  show_message (self, note);
  gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
}

static void
set_busy (WrExportDialog *self,
          gboolean        busy)
{
  gtk_stack_set_visible_child_name (self->stack, busy ? "progress" : "filters");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.choose-file", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.open-report", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.print", !busy);
}

/* Counting what is chosen ------------------------------------------------------ */

static void count_visits (WrExportDialog *self);

static void
count_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WrStore *counter = task_data;
  WrScope *scope = g_object_get_data (G_OBJECT (task), "scope");
  GError *error = NULL;
  guint n = 0;

  if (wr_store_count_visits (counter, scope, &n, &error))
    g_task_return_int (task, n);
  else
    g_task_return_error (task, error);
}

static void
counted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  WrExportDialog *self = WR_EXPORT_DIALOG (object);
  g_autoptr(GError) error = NULL;
  gssize n = g_task_propagate_int (G_TASK (result), &error);
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->counting);
  if (self->count_again)
    {
      count_visits (self);
      return;
    }

  if (n >= 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%zd visit", "%zd visits", (gulong) n), n);
  gtk_label_set_text (self->count_label, text ? text : "");
}

/* Counts the visits the choices select, as the export would, and shows
 * how many beside "Which Visits".
 */
static void
count_visits (WrExportDialog *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WrScope) scope = NULL;

  self->count_again = FALSE;
  if (self->counting != NULL)
    {
      self->count_again = TRUE;
      return;
    }

  /* A choice that is not valid (a date mistyped) counts nothing: the
   * mistake is said when exporting.
   */
  if (!(scope = wr_export_dialog_get_filter (self, &error)))
    {
      gtk_label_set_text (self->count_label, "");
      return;
    }

  if (self->counter == NULL && !(self->counter = wr_store_open_another (self->store, &error)))
    {
      g_warning ("Could not count the visits chosen: %s", error->message);
      return;
    }

  self->counting = g_cancellable_new ();
  task = g_task_new (self, self->counting, counted_cb, NULL);
  g_task_set_source_tag (task, count_visits);
  g_task_set_task_data (task, g_object_ref (self->counter), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "scope", g_steal_pointer (&scope), (GDestroyNotify) wr_scope_free);
  g_task_run_in_thread (task, count_worker);
}

static void
choice_changed_cb (WrExportDialog *self)
{
  if (self->store != NULL)
    count_visits (self);
}

/* What a worker thread makes: a pack at @path, or an HTML report at
 * @report_path, which the core makes as the command line does
 * (wr_report_write_html_for_store_async()).
 */
typedef struct
{
  char             *path;
  char             *report_path;
  WrPackWriter     *writer;
  WrReportProgress  report;
  gboolean          print;   /* lay the visits out for printing */
  WrReportPages    *pages;
} Job;

static void
job_free (Job *job)
{
  g_clear_pointer (&job->pages, wr_report_pages_free);
  g_free (job->path);
  g_free (job->report_path);
  g_clear_object (&job->writer);
  g_free (job);
}

static double
poll_cb (gpointer   task_data,
         char     **text)
{
  Job *job = task_data;
  guint done = 0;
  guint total = 0;

  if (job->writer != NULL)
    wr_pack_writer_get_progress (job->writer, &done, &total);
  else
    {
      done = (guint) g_atomic_int_get (&job->report.done);
      total = (guint) g_atomic_int_get (&job->report.total);
    }
  if (total == 0)
    return -1;

  *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u visit", "%u of %u visits", total), done, total);
  return (double) done / total;
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  gboolean done;

  done = wr_pack_writer_write_file (job->writer, job->path, cancellable, &error);

  if (done)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  WrExportDialog *self = WR_EXPORT_DIALOG (object);
  g_autoptr(GError) error = NULL;
  Job *job = g_task_get_task_data (G_TASK (result));
  gboolean closed = wr_task_progress_finish (self->progress);
  guint done = 0;

  if (job->writer != NULL)
    wr_pack_writer_get_progress (job->writer, &done, NULL);
  else
    done = (guint) g_atomic_int_get (&job->report.done);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (closed)
        {
          gtk_window_destroy (GTK_WINDOW (self));
          return;
        }
      set_busy (self, FALSE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, error->message);
      return;
    }

  /* Printing is a look at the visits chosen, like a report: the dialog
   * stays, with the same choices, under the print dialog.
   */
  if (job->print)
    {
      if (closed)
        {
          gtk_window_destroy (GTK_WINDOW (self));
          return;
        }
      set_busy (self, FALSE);
      wr_print_pages (GTK_WINDOW (self), g_steal_pointer (&job->pages), _("Walkround visits"));
      return;
    }

  /* Done, even if the dialog was closed too late to stop it: say so. A
   * report is a look at the visits chosen before exporting them: the
   * dialog stays, with the same choices.
   */
  if (job->report_path != NULL)
    {
      g_autofree char *message = NULL;

      g_signal_emit (self, signals [REPORT_WRITTEN], 0, job->report_path, done);
      if (closed)
        {
          gtk_window_destroy (GTK_WINDOW (self));
          return;
        }
      set_busy (self, FALSE);
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "The report of %u visit opens in your web browser. "
                                              "Export it, or change the choice.",
                                              "The report of %u visits opens in your web browser. "
                                              "Export them, or change the choice.", done), done);
      show_note (self, message);
      return;
    }

  g_signal_emit (self, signals [EXPORTED], 0, job->path, done);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Hands the core's result to the dialog's task, whose callback is
 * written_cb().
 */
static void
report_made_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (wr_report_write_html_for_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
pages_made_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;

  if ((job->pages = wr_report_pages_for_store_finish (result, &error)) != NULL)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
start (WrExportDialog *self,
       Job            *job)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrScope) filter = NULL;
  g_autoptr(WrStore) reader = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *title = NULL;

  g_return_if_fail (!wr_task_progress_is_busy (self->progress));

  show_message (self, NULL);
  if (!(filter = wr_export_dialog_get_filter (self, &error)) ||
      (job->report_path == NULL && !job->print && !(reader = wr_store_open_another (self->store, &error))))
    {
      show_message (self, error->message);
      job_free (job);
      return;
    }

  if (job->print)
    title = g_strdup (_("Laying out the visits for printing…"));
  else if (job->report_path == NULL)
    {
      g_autofree char *name = g_path_get_basename (job->path);

      job->writer = wr_pack_writer_new (reader, self->library);
      wr_pack_writer_set_filter (job->writer, filter);
      wr_pack_writer_set_seal_for (job->writer, self->recipients);
      if (self->recipients->len > 0)
        title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exporting to %s, sealed for %u key…",
                                              "Exporting to %s, sealed for %u keys…", self->recipients->len),
                                 name, self->recipients->len);
      else
        title = g_strdup_printf (_("Exporting to %s…"), name);
    }
  else
    title = g_strdup (_("Making the report…"));
  set_busy (self, TRUE);

  task = wr_task_progress_start (self->progress, title, poll_cb, written_cb, NULL);
  g_task_set_source_tag (task, start);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);

  if (job->print)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);
      WrReportOptions options = { WR_REPORT_FORMAT_PDF, NULL, NULL };

      wr_report_pages_for_store_async (self->store, self->library, filter, &options, &job->report, cancellable,
                                       pages_made_cb, g_steal_pointer (&task));
    }
  else if (job->report_path != NULL)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      wr_report_write_html_for_store_async (self->store, self->library, filter, job->report_path, &job->report,
                                            cancellable, report_made_cb, g_steal_pointer (&task));
    }
  else
    g_task_run_in_thread (task, write_thread);
}

/**
 * wr_export_dialog_export:
 * @self: a #WrExportDialog
 * @path: the file to write
 *
 * Writes the visits chosen into @path in a worker thread; the dialog shows
 * progress, emits #WrExportDialog::exported and closes when it is done, or
 * says what went wrong.
 */
void
wr_export_dialog_export (WrExportDialog *self,
                         const char     *path)
{
  Job *job = g_new0 (Job, 1);

  g_return_if_fail (WR_IS_EXPORT_DIALOG (self));
  g_return_if_fail (path != NULL);

  job->path = g_strdup (path);
  start (self, job);
}

/**
 * wr_export_dialog_write_report:
 * @self: a #WrExportDialog
 *
 * Makes an HTML report of the visits chosen, in the cache folder, in a
 * worker thread; emits #WrExportDialog::report-written with its path and
 * closes, or says what went wrong.
 */
void
wr_export_dialog_write_report (WrExportDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *folder = g_build_filename (g_get_user_cache_dir (), "walkround", "reports", NULL);
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d-%H%M%S");
  g_autofree char *html = g_strdup_printf ("walkround-report-%s.html", stamp);
  Job *job;

  g_return_if_fail (WR_IS_EXPORT_DIALOG (self));

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      g_autofree char *message = g_strdup_printf (_("Could not make the folder %s for reports: %s"),
                                                  folder, g_strerror (errno));

      show_message (self, message);
      return;
    }

  job = g_new0 (Job, 1);
  job->report_path = g_build_filename (folder, html, NULL);
  start (self, job);
}

static void
open_report_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  wr_export_dialog_write_report (WR_EXPORT_DIALOG (widget));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  Job *job = g_new0 (Job, 1);

  job->print = TRUE;
  start (WR_EXPORT_DIALOG (widget), job);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     WrExportDialog  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        wr_export_dialog_export (self, path);
      else
        show_message (self, _("Choose a file on this computer to save the pack in."));
    }

  g_object_unref (chooser);
}

static void
choose_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  WrExportDialog *self = WR_EXPORT_DIALOG (widget);
  g_autoptr(GtkFileFilter) xml = gtk_file_filter_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(WrScope) filter = NULL;
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  /* Say what is wrong with the choices before asking for a file. */
  if (!(filter = wr_export_dialog_get_filter (self, &error)))
    {
      show_message (self, error->message);
      return;
    }
  show_message (self, NULL);

  chooser = gtk_file_chooser_native_new (_("Save Evidence Pack"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  if (self->recipients->len > 0)
    {
      /* Translators: the file name a sealed evidence pack is offered under; %s is today's date */
      name = g_strdup_printf (_("walkround-evidence-%s.sealed"), self->today);
      gtk_file_filter_set_name (xml, _("Sealed evidence packs"));
      gtk_file_filter_add_suffix (xml, "sealed");
    }
  else
    {
      /* Translators: the file name an evidence pack is offered under; %s is today's date */
      name = g_strdup_printf (_("walkround-evidence-%s.xml"), self->today);
      gtk_file_filter_set_name (xml, _("Evidence packs (XML)"));
      gtk_file_filter_add_suffix (xml, "xml");
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), xml);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void remove_recipient_cb (GtkButton      *button,
                                 WrExportDialog *self);

static void
add_recipient_row (WrExportDialog        *self,
                   const WrSealRecipient *recipient)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  g_autofree char *remove_name = NULL;
  const char *label = recipient->label[0] != '\0' ? recipient->label : _("A key without a name");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  /* Translators: under a key the export dialog seals for: its fingerprint */
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), recipient->fingerprint);
  gtk_widget_add_css_class (row, "property");
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  /* Translators: the button beside a key the pack is sealed for */
  remove_name = g_strdup_printf (_("Do not seal for %s (%s)"), label, recipient->fingerprint);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_name, -1);
  wr_a11y_set_tooltip (remove, _("Do not seal for this key"));
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_recipient_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  adw_preferences_group_add (self->seal_group, row);
  g_ptr_array_add (self->recipient_rows, row);
}

static void
remove_recipient_cb (GtkButton      *button,
                     WrExportDialog *self)
{
  for (guint i = 0; i < self->recipient_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->recipient_rows, i);

      if (!gtk_widget_is_ancestor (GTK_WIDGET (button), row))
        continue;
      adw_preferences_group_remove (self->seal_group, row);
      g_ptr_array_remove_index (self->recipient_rows, i);
      g_ptr_array_remove_index (self->recipients, i);
      gtk_widget_grab_focus (self->seal_button);
      return;
    }
}

/**
 * wr_export_dialog_add_seal_key:
 * @self: a #WrExportDialog
 * @path: a device's or a team's public key file
 * @error: return location for a #GError
 *
 * Seals the pack for the key in @path too, and shows it with its
 * fingerprint. A key chosen already is not added twice.
 *
 * Returns: %TRUE if the file holds a key to seal for
 */
gboolean
wr_export_dialog_add_seal_key (WrExportDialog  *self,
                               const char      *path,
                               GError         **error)
{
  g_autoptr(WrSealRecipient) recipient = NULL;

  g_return_val_if_fail (WR_IS_EXPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!(recipient = wr_seal_recipient_read (path, error)))
    return FALSE;
  for (guint i = 0; i < self->recipients->len; i++)
    if (g_str_equal (((WrSealRecipient *) g_ptr_array_index (self->recipients, i))->fingerprint,
                     recipient->fingerprint))
      return TRUE;
  if (self->recipients->len >= WR_SEAL_MAX_RECIPIENTS)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_KEY, _("A pack can be sealed for at most %u keys"),
                   WR_SEAL_MAX_RECIPIENTS);
      return FALSE;
    }
  add_recipient_row (self, recipient);
  g_ptr_array_add (self->recipients, g_steal_pointer (&recipient));
  return TRUE;
}

/**
 * wr_export_dialog_get_seal_fingerprints:
 * @self: a #WrExportDialog
 *
 * Returns: (transfer full): the fingerprints of the keys the pack will be
 *   sealed for, in the order chosen
 */
GStrv
wr_export_dialog_get_seal_fingerprints (WrExportDialog *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (WR_IS_EXPORT_DIALOG (self), NULL);

  for (guint i = 0; i < self->recipients->len; i++)
    g_strv_builder_add (builder, ((WrSealRecipient *) g_ptr_array_index (self->recipients, i))->fingerprint);
  return g_strv_builder_end (builder);
}

static void
seal_chooser_response_cb (GtkNativeDialog *chooser,
                          int              response,
                          WrExportDialog  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GString) problems = g_string_new (NULL);

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          g_autofree char *path = g_file_get_path (file);
          g_autoptr(GError) error = NULL;

          if (path == NULL)
            g_string_append_printf (problems, "%s%s", problems->len > 0 ? "\n" : "",
                                    _("Choose key files on this computer."));
          else if (!wr_export_dialog_add_seal_key (self, path, &error))
            g_string_append_printf (problems, "%s%s", problems->len > 0 ? "\n" : "", error->message);
        }
      show_message (self, problems->len > 0 ? problems->str : NULL);
    }

  g_object_unref (chooser);
}

static void
seal_for_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  WrExportDialog *self = WR_EXPORT_DIALOG (widget);
  g_autoptr(GtkFileFilter) keys = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Seal for the Keys in These Files"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Seal for Them"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_filter_set_name (keys, _("Public key files"));
  gtk_file_filter_add_suffix (keys, "key");
  gtk_file_filter_add_suffix (keys, "pub");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), keys);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (seal_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  WrExportDialog *self = WR_EXPORT_DIALOG (widget);

  /* During an export, Cancel stops it and goes back to the choices. */
  if (!wr_task_progress_cancel (self->progress))
    gtk_window_close (GTK_WINDOW (self));
}

/* Closing the window while a pack is written cancels it first: the thread
 * must finish before the dialog goes.
 */
static gboolean
wr_export_dialog_close_request (GtkWindow *window)
{
  WrExportDialog *self = WR_EXPORT_DIALOG (window);

  if (wr_task_progress_close_request (self->progress))
    return TRUE;

  return GTK_WINDOW_CLASS (wr_export_dialog_parent_class)->close_request (window);
}

static void
wr_export_dialog_dispose (GObject *object)
{
  WrExportDialog *self = (WrExportDialog *)object;

  wr_task_progress_abandon (self->progress);
  g_cancellable_cancel (self->counting);
  g_clear_object (&self->counting);
  gtk_widget_dispose_template (GTK_WIDGET (self), WR_TYPE_EXPORT_DIALOG);

  G_OBJECT_CLASS (wr_export_dialog_parent_class)->dispose (object);
}

static void
wr_export_dialog_finalize (GObject *object)
{
  WrExportDialog *self = (WrExportDialog *)object;

  g_clear_pointer (&self->progress, wr_task_progress_free);
  g_clear_object (&self->store);
  g_clear_object (&self->counter);
  g_clear_object (&self->library);
  g_clear_pointer (&self->today, g_free);
  g_clear_pointer (&self->service_uuids, g_ptr_array_unref);
  g_clear_pointer (&self->regulation_ids, g_ptr_array_unref);
  g_clear_pointer (&self->fixed_scope, wr_scope_free);
  g_clear_pointer (&self->statement_ids, g_ptr_array_unref);
  g_clear_pointer (&self->recipients, g_ptr_array_unref);
  g_clear_pointer (&self->recipient_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (wr_export_dialog_parent_class)->finalize (object);
}

static void
wr_export_dialog_class_init (WrExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  g_type_ensure (WR_TYPE_DATE_ROW);

  object_class->dispose = wr_export_dialog_dispose;
  object_class->finalize = wr_export_dialog_finalize;
  window_class->close_request = wr_export_dialog_close_request;

  /**
   * WrExportDialog::exported:
   * @path: the pack written
   * @n_visits: how many visits it holds
   */
  signals [EXPORTED] =
    g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);

  /**
   * WrExportDialog::report-written:
   * @path: the HTML report written
   * @n_visits: how many visits it covers
   */
  signals [REPORT_WRITTEN] =
    g_signal_new ("report-written", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/wr-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, WrExportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, WrExportDialog, period_row);
  gtk_widget_class_bind_template_child (widget_class, WrExportDialog, status_row);
  gtk_widget_class_bind_template_child (widget_class, WrExportDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, WrExportDialog, service_row);
  gtk_widget_class_bind_template_child (widget_class, WrExportDialog, regulation_row);
  gtk_widget_class_bind_template_child (widget_class, WrExportDialog, which_group);
  gtk_widget_class_bind_template_child (widget_class, WrExportDialog, evidence_group);
  gtk_widget_class_bind_template_child (widget_class, WrExportDialog, changes_group);
  gtk_widget_class_bind_template_child (widget_class, WrExportDialog, statement_row);
  gtk_widget_class_bind_template_child (widget_class, WrExportDialog, changed_since_row);
  gtk_widget_class_bind_template_child (widget_class, WrExportDialog, message_group);
  gtk_widget_class_bind_template_child (widget_class, WrExportDialog, count_label);
  gtk_widget_class_bind_template_child (widget_class, WrExportDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, WrExportDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, WrExportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, WrExportDialog, seal_group);
  gtk_widget_class_bind_template_child (widget_class, WrExportDialog, seal_button);
  gtk_widget_class_install_action (widget_class, "export.seal-for", NULL, seal_for_action);

  gtk_widget_class_install_action (widget_class, "export.choose-file", NULL, choose_file_action);
  gtk_widget_class_install_action (widget_class, "export.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "export.open-report", NULL, open_report_action);
  gtk_widget_class_install_action (widget_class, "export.print", NULL, print_action);
  gtk_widget_class_bind_template_child (widget_class, WrExportDialog, print_button);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "export.cancel", NULL);
}

static void
wr_export_dialog_init (WrExportDialog *self)
{
  self->service_uuids = g_ptr_array_new_with_free_func (g_free);
  self->regulation_ids = g_ptr_array_new_with_free_func (g_free);
  self->statement_ids = g_ptr_array_new_with_free_func (g_free);
  self->recipients = g_ptr_array_new_with_free_func ((GDestroyNotify) wr_seal_recipient_free);
  self->recipient_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  wr_a11y_name_list_items (self->period_row);
  wr_a11y_name_list_items (self->status_row);
  wr_a11y_name_list_items (self->kind_row);
  wr_a11y_name_list_items (self->service_row);
  wr_a11y_name_list_items (self->regulation_row);
  wr_a11y_name_list_items (self->statement_row);
  self->progress = wr_task_progress_new (GTK_WINDOW (self), self->progress_label, self->progress_bar);
  /* In code, not the template: see wr_a11y_set_tooltip(). */
  wr_a11y_set_tooltip (self->print_button, _("Print these visits"));
}

/**
 * wr_export_dialog_new:
 * @store: the database to export from
 * @library: the installed forms, embedded in the pack
 * @today: (nullable): today's date, YYYY-MM-DD, for the periods; %NULL
 *   for the real date
 *
 * Returns: (transfer full): a new dialog
 */
WrExportDialog *
wr_export_dialog_new (WrStore       *store,
                      WrFormLibrary *library,
                      const char    *today)
{
  WrExportDialog *self;
  AdwComboRow **rows[6];

  g_return_val_if_fail (WR_IS_STORE (store), NULL);
  g_return_val_if_fail (WR_IS_FORM_LIBRARY (library), NULL);

  self = g_object_new (WR_TYPE_EXPORT_DIALOG, NULL);
  rows[0] = &self->period_row;
  rows[1] = &self->status_row;
  rows[2] = &self->kind_row;
  rows[3] = &self->service_row;
  rows[4] = &self->regulation_row;
  rows[5] = &self->statement_row;
  self->store = g_object_ref (store);
  self->library = g_object_ref (library);
  self->today = today ? g_strdup (today) : wr_date_today ();
  fill_rows (self);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_signal_connect_object (*rows[i], "notify::selected", G_CALLBACK (choice_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->changed_since_row, "changed", G_CALLBACK (choice_changed_cb), self, G_CONNECT_SWAPPED);
  count_visits (self);

  return self;
}

/**
 * wr_export_dialog_set_fixed_scope:
 * @self: a #WrExportDialog
 * @scope: the visits to export or report
 * @description: what they are, in a sentence
 *
 * Exports the visits @scope chooses (the Evidence page's node, with its
 * filters) instead of offering the dialog's own choices, and says which
 * they are.
 */
void
wr_export_dialog_set_fixed_scope (WrExportDialog *self,
                                  const WrScope  *scope,
                                  const char     *description)
{
  AdwComboRow *rows[] = { self->period_row, self->status_row, self->kind_row, self->service_row };

  g_return_if_fail (WR_IS_EXPORT_DIALOG (self));
  g_return_if_fail (scope != NULL);

  g_clear_pointer (&self->fixed_scope, wr_scope_free);
  self->fixed_scope = wr_scope_copy (scope);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_set_visible (GTK_WIDGET (rows[i]), FALSE);
  gtk_widget_set_visible (self->evidence_group, FALSE);
  gtk_widget_set_visible (self->changes_group, FALSE);
  adw_preferences_group_set_description (self->which_group, description);
  gtk_window_set_title (GTK_WINDOW (self), _("Export This Evidence"));
  count_visits (self);
}
