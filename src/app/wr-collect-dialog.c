/* wr-collect-dialog.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Collect from the Team: the packs the members of a team visit wrote on
 * their own devices, imported one after another in one worker thread
 * (wr_pack_collect(), as `walkround import A B C`), through a second
 * connection to the database, with progress and Cancel. Each pack is its
 * own transaction: a refused one changes nothing and the others still go
 * in; Cancel rolls back the pack being read and leaves those before it.
 * Then the dialog says what each pack did, and the total. Packs signed by
 * devices this database does not know yet are refused at first; the user
 * is asked once to trust those devices, and those packs are collected
 * again.
 */

#define G_LOG_DOMAIN "wr-collect-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-collect-dialog.h"
#include "wr-pack-collect.h"
#include "wr-task-progress.h"
#include "wr-visit-scores.h"

struct _WrCollectDialog
{
  AdwWindow            parent_instance;

  WrStore             *store;
  WrFormLibrary       *library;
  char                *summary;

  WrTaskProgress      *progress;

  GtkStack            *stack;
  GtkButton           *cancel_button;
  GtkLabel            *progress_label;
  GtkProgressBar      *progress_bar;
  AdwPreferencesGroup *result_group;
  GtkLabel            *summary_label;
  GtkLabel            *note_label;
  GtkListBox          *packs_list;

  /* What each pack did, in the order chosen; a pack from a device this
   * database did not know is collected again if the user trusts it.
   */
  GPtrArray           *results;
  char                *stopped_at;     /* the pack Cancel stopped at, or NULL */
  gboolean             asked_trust;
  gboolean             trust_answered;
};

G_DEFINE_FINAL_TYPE (WrCollectDialog, wr_collect_dialog, ADW_TYPE_WINDOW)

enum {
  COLLECTED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* What the worker reads, and through which connection. */
typedef struct
{
  GStrv         paths;
  guint         n_paths;
  WrStore      *connection;
  guint         n_done;      /* atomic */
  GPtrArray    *results;     /* WrPackCollected; the worker's until it returns */
  gboolean      stopped;
  gboolean      trust_new_device;

  /* Set by the worker once it has loaded the forms, for the progress bar. */
  WrPackReader *reader;
} CollectJob;

static void
collect_job_free (CollectJob *job)
{
  g_strfreev (job->paths);
  g_clear_pointer (&job->results, g_ptr_array_unref);
  g_clear_object (&job->reader);
  g_clear_object (&job->connection);
  g_free (job);
}

static double
poll_cb (gpointer   task_data,
         char     **text)
{
  CollectJob *job = task_data;
  WrPackReader *reader = g_atomic_pointer_get (&job->reader);
  guint n_done = (guint) g_atomic_int_get ((gint *) &job->n_done);
  guint64 done = 0;
  guint64 total = 0;
  double fraction;

  /* Still loading the forms. */
  if (reader == NULL)
    return -1;

  wr_pack_reader_get_progress (reader, NULL, &done, &total);
  n_done = MIN (n_done, job->n_paths - 1);
  /* Translators: the progress of Collect from the Team: "Pack 2 of 3" */
  *text = g_strdup_printf (_("Pack %u of %u"), n_done + 1, job->n_paths);
  fraction = total > 0 ? (double) done / total : 0.0;
  return (n_done + fraction) / job->n_paths;
}

static void
collect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  CollectJob *job = task_data;
  g_autoptr(WrFormLibrary) forms = NULL;
  g_autoptr(WrPackReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) score_error = NULL;

  /* A library of the worker's own, as the import dialog's: the window's
   * belongs to the main thread, which re-reads the forms folder after.
   */
  forms = wr_form_library_new_default (NULL);
  reader = wr_pack_reader_new (job->connection, forms);
  wr_pack_reader_set_trust_new_device (reader, job->trust_new_device);
  g_atomic_pointer_set (&job->reader, g_object_ref (reader));

  if (!wr_pack_collect (reader, (const char * const *) job->paths, cancellable, &job->n_done, job->results, &error))
    job->stopped = TRUE;

  /* The visits imported get their scores for the lists; what is left is
   * scored at the next start.
   */
  if (job->results->len > 0 && !wr_visit_scores_fill (job->connection, forms, NULL, NULL, &score_error))
    g_message ("Could not score the visits collected: %s", score_error->message);

  g_task_return_boolean (task, TRUE);
}

static GtkWidget *
pack_row (const WrPackCollected *collected)
{
  g_autofree char *name = g_path_get_basename (collected->path);
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  if (collected->error != NULL)
    /* Translators: %s is why a pack was refused */
    subtitle = g_strdup_printf (_("Refused, nothing of it imported: %s"), collected->error->message);
  else
    subtitle = wr_pack_collect_describe_counts (&collected->counts);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  if (collected->error != NULL)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Refused"), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
    }
  return row;
}

static void
show_result (WrCollectDialog *self)
{
  WrPackImportCounts total;
  GtkWidget *child;
  g_autoptr(GString) note = g_string_new (NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->packs_list))))
    gtk_list_box_remove (self->packs_list, child);
  for (guint i = 0; i < self->results->len; i++)
    gtk_list_box_append (self->packs_list, pack_row (g_ptr_array_index (self->results, i)));

  wr_pack_collect_sum (self->results, &total, NULL, NULL);
  gtk_label_set_text (self->summary_label, self->summary);
  g_string_append (note, _("Each pack went in on its own: a refused pack changed nothing."));
  if (self->stopped_at != NULL)
    {
      g_autofree char *name = g_path_get_basename (self->stopped_at);

      g_string_append_c (note, ' ');
      /* Translators: after Cancel while collecting; %s is the pack being read then */
      g_string_append_printf (note, _("Stopped: %s and the packs after it were not imported."), name);
    }
  if (total.n_conflicts > 0)
    {
      g_string_append_c (note, ' ');
      g_string_append (note, _("What was changed both here and in a pack is kept both ways until you choose: "
                               "Resolve Conflicts… on the Evidence page."));
    }
  gtk_label_set_text (self->note_label, note->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->packs_list), GTK_ACCESSIBLE_PROPERTY_LABEL, self->summary,
                                  -1);
  gtk_button_set_label (self->cancel_button, _("_Close"));
  gtk_stack_set_visible_child_name (self->stack, "result");
}

static void start (WrCollectDialog    *self,
                   const char * const *paths,
                   gboolean            trust_new_device);

/* Takes what a run of the worker did: the first run's results, or a
 * second run's, which replace the refusals of the same packs.
 */
static void
take_results (WrCollectDialog *self,
              CollectJob      *job)
{
  if (self->results == NULL)
    {
      self->results = g_steal_pointer (&job->results);
      if (job->stopped)
        self->stopped_at = g_strdup (job->paths[self->results->len]);
      return;
    }

  for (guint i = 0; i < job->results->len; i++)
    {
      WrPackCollected *again = g_ptr_array_index (job->results, i);

      for (guint j = 0; j < self->results->len; j++)
        {
          WrPackCollected *before = g_ptr_array_index (self->results, j);

          if (g_str_equal (before->path, again->path))
            {
              g_ptr_array_index (self->results, j) = g_ptr_array_steal_index (job->results, i--);
              wr_pack_collected_free (before);
              break;
            }
        }
    }
}

static void
finish (WrCollectDialog *self)
{
  WrPackImportCounts total;

  wr_pack_collect_sum (self->results, &total, NULL, NULL);
  g_free (self->summary);
  self->summary = wr_pack_collect_describe (self->results);
  g_signal_emit (self, signals [COLLECTED], 0, self->summary, total.n_conflicts);
  show_result (self);
}

static void
trust_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   WrCollectDialog  *self)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();

  /* Once: closing the question after a response says "cancel" again. */
  if (self->trust_answered)
    return;
  self->trust_answered = TRUE;
  if (!g_str_equal (response, "trust"))
    {
      finish (self);
      return;
    }

  for (guint i = 0; i < self->results->len; i++)
    {
      const WrPackCollected *collected = g_ptr_array_index (self->results, i);

      if (wr_pack_collected_is_unknown_device (collected))
        g_ptr_array_add (paths, collected->path);
    }
  g_ptr_array_add (paths, NULL);
  start (self, (const char * const *) paths->pdata, TRUE);
}

/* Packs signed by devices this database has never seen were refused: the
 * user is asked once to trust those devices, shown by their fingerprints
 * (a member's tablet, say), and they are collected again.
 */
static gboolean
ask_trust (WrCollectDialog *self)
{
  g_autoptr(GString) devices = g_string_new (NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  AdwMessageDialog *dialog;
  guint n_packs = 0;

  for (guint i = 0; i < self->results->len; i++)
    {
      const WrPackCollected *collected = g_ptr_array_index (self->results, i);
      g_autofree char *name = NULL;

      if (!wr_pack_collected_is_unknown_device (collected))
        continue;
      n_packs++;
      if (!g_hash_table_add (seen, collected->signer_fingerprint))
        continue;
      name = g_path_get_basename (collected->path);
      /* Translators: one device in the list of those to trust: the pack it signed, then its key's fingerprint */
      g_string_append_printf (devices, _("%s\nfingerprint %s\n\n"), name, collected->signer_fingerprint);
    }
  if (n_packs == 0)
    return FALSE;

  self->asked_trust = TRUE;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       g_dngettext (GETTEXT_PACKAGE, "Trust This Device?",
                                                                    "Trust These Devices?",
                                                                    g_hash_table_size (seen)),
                                                       NULL));
  g_strchomp (devices->str);
  adw_message_dialog_format_body (dialog,
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "%u pack was signed by a device this computer does not know yet:\n\n"
                                               "%s\n\nCheck with the member that their Preferences show the same "
                                               "fingerprint, then trust the device to collect its pack. Until then "
                                               "nothing of it is imported.",
                                               "%u packs were signed by devices this computer does not know yet:\n\n"
                                               "%s\n\nCheck with each member that their Preferences show the same "
                                               "fingerprint, then trust the devices to collect their packs. Until "
                                               "then nothing of them is imported.",
                                               n_packs),
                                  n_packs, devices->str);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Do Not Trust"), "trust", _("_Trust and Collect"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "trust", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (trust_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
collected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  WrCollectDialog *self = WR_COLLECT_DIALOG (object);
  CollectJob *job = g_task_get_task_data (G_TASK (result));
  gboolean closed = wr_task_progress_finish (self->progress);
  WrPackImportCounts total;
  guint n_imported = 0;

  g_task_propagate_boolean (G_TASK (result), NULL);
  wr_pack_collect_sum (job->results, &total, &n_imported, NULL);
  take_results (self, job);

  /* The other connection changed the database, and perhaps the forms
   * folder, even if the dialog was closed too late to stop it.
   */
  if (n_imported > 0)
    {
      g_autofree char *folder = g_strdup (wr_form_library_get_pack_folder (self->library));

      /* The packs' forms, for their visits only: new visits keep theirs. */
      if (total.n_forms_installed > 0 && folder != NULL)
        wr_form_library_add_folder (self->library, folder, WR_FORM_SOURCE_PACK);
      wr_store_announce_changes_elsewhere (self->store);
    }

  if (closed)
    {
      g_free (self->summary);
      self->summary = wr_pack_collect_describe (self->results);
      g_signal_emit (self, signals [COLLECTED], 0, self->summary, total.n_conflicts);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if (!self->asked_trust && self->stopped_at == NULL && ask_trust (self))
    return;
  finish (self);
}

static void
start (WrCollectDialog    *self,
       const char * const *paths,
       gboolean            trust_new_device)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) connection = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *title = NULL;
  CollectJob *job;

  if (!(connection = wr_store_open_another (self->store, &error)))
    {
      self->summary = g_strdup (error->message);
      gtk_label_set_text (self->summary_label, _("Nothing was collected"));
      gtk_label_set_text (self->note_label, error->message);
      gtk_button_set_label (self->cancel_button, _("_Close"));
      gtk_stack_set_visible_child_name (self->stack, "result");
      return;
    }

  job = g_new0 (CollectJob, 1);
  job->paths = g_strdupv ((char **) paths);
  job->n_paths = g_strv_length (job->paths);
  job->connection = g_steal_pointer (&connection);
  job->results = g_ptr_array_new_with_free_func ((GDestroyNotify) wr_pack_collected_free);
  job->trust_new_device = trust_new_device;

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Collecting %u pack…", "Collecting %u packs…",
                                        job->n_paths), job->n_paths);
  gtk_stack_set_visible_child_name (self->stack, "progress");

  task = wr_task_progress_start (self->progress, title, poll_cb, collected_cb, NULL);
  g_task_set_source_tag (task, start);
  g_task_set_task_data (task, job, (GDestroyNotify) collect_job_free);
  g_task_run_in_thread (task, collect_thread);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  WrCollectDialog *self = WR_COLLECT_DIALOG (widget);

  if (!wr_task_progress_cancel (self->progress))
    gtk_window_close (GTK_WINDOW (self));
}

/* The thread must finish (and roll back the pack it reads) before the
 * dialog goes.
 */
static gboolean
wr_collect_dialog_close_request (GtkWindow *window)
{
  WrCollectDialog *self = WR_COLLECT_DIALOG (window);

  if (wr_task_progress_close_request (self->progress))
    return TRUE;

  return GTK_WINDOW_CLASS (wr_collect_dialog_parent_class)->close_request (window);
}

static void
wr_collect_dialog_dispose (GObject *object)
{
  WrCollectDialog *self = (WrCollectDialog *)object;

  wr_task_progress_abandon (self->progress);
  gtk_widget_dispose_template (GTK_WIDGET (self), WR_TYPE_COLLECT_DIALOG);

  G_OBJECT_CLASS (wr_collect_dialog_parent_class)->dispose (object);
}

static void
wr_collect_dialog_finalize (GObject *object)
{
  WrCollectDialog *self = (WrCollectDialog *)object;

  g_clear_pointer (&self->progress, wr_task_progress_free);
  g_clear_object (&self->store);
  g_clear_object (&self->library);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_pointer (&self->stopped_at, g_free);

  G_OBJECT_CLASS (wr_collect_dialog_parent_class)->finalize (object);
}

static void
wr_collect_dialog_class_init (WrCollectDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = wr_collect_dialog_dispose;
  object_class->finalize = wr_collect_dialog_finalize;
  window_class->close_request = wr_collect_dialog_close_request;

  /**
   * WrCollectDialog::collected:
   * @summary: what was done, in a line
   * @n_conflicts: the conflicts found, to resolve
   *
   * Emitted once the packs are read, or once Cancel stopped the reading.
   */
  signals [COLLECTED] =
    g_signal_new ("collected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/wr-collect-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, WrCollectDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, WrCollectDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, WrCollectDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, WrCollectDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, WrCollectDialog, result_group);
  gtk_widget_class_bind_template_child (widget_class, WrCollectDialog, packs_list);
  gtk_widget_class_bind_template_child (widget_class, WrCollectDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, WrCollectDialog, note_label);

  gtk_widget_class_install_action (widget_class, "collect.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "collect.cancel", NULL);
}

static void
wr_collect_dialog_init (WrCollectDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->progress = wr_task_progress_new (GTK_WINDOW (self), self->progress_label, self->progress_bar);
}

/**
 * wr_collect_dialog_new:
 * @store: the database to import into
 * @library: the installed forms; a pack's forms are added to them
 * @paths: (array zero-terminated=1): the packs, in the order to import them
 *
 * The dialog starts importing at once, and says what each pack did.
 *
 * Returns: (transfer full): a new dialog
 */
WrCollectDialog *
wr_collect_dialog_new (WrStore            *store,
                       WrFormLibrary      *library,
                       const char * const *paths)
{
  WrCollectDialog *self;

  g_return_val_if_fail (WR_IS_STORE (store), NULL);
  g_return_val_if_fail (WR_IS_FORM_LIBRARY (library), NULL);
  g_return_val_if_fail (paths != NULL && paths[0] != NULL, NULL);

  self = g_object_new (WR_TYPE_COLLECT_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->library = g_object_ref (library);
  start (self, paths, FALSE);

  return self;
}

/**
 * wr_collect_dialog_get_summary:
 * @self: a #WrCollectDialog
 *
 * Returns: (nullable): what was collected, in a line, once done
 */
const char *
wr_collect_dialog_get_summary (WrCollectDialog *self)
{
  g_return_val_if_fail (WR_IS_COLLECT_DIALOG (self), NULL);

  return self->summary;
}
