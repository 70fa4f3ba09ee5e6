/* wr-import-dialog.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Import Evidence Pack: the pack is first read in full without changing
 * anything (a dry run, which also checks every digest), and the dialog says
 * what importing would do; only then, on Import, is it read again and
 * committed, in one transaction. Both runs are in a worker thread through a
 * second connection to the database, with progress and Cancel; a refused
 * or cancelled import changes nothing. The worker also loads the forms
 * that the pack's visits are checked against, which takes a while.
 *
 * The dry run also says who signed the pack. A pack from a device this
 * database does not know, or one without a signature, is imported only
 * once the user has said so in a confirmation that shows the device's
 * fingerprint (or says the pack is unsigned); a revoked device's pack,
 * or one whose signature does not match, is refused by the dry run.
 */

#define G_LOG_DOMAIN "wr-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-import-dialog.h"
#include "wr-pack-reader.h"
#include "wr-task-progress.h"
#include "wr-visit-scores.h"

struct _WrImportDialog
{
  AdwWindow           parent_instance;

  WrStore            *store;
  WrFormLibrary      *library;
  char               *path;
  WrPackImportCounts  preview;
  GPtrArray          *preview_forms;  /* of WrForm: those the pack would add */

  /* Who signed the pack, as the dry run found. */
  gboolean            is_signed;
  char               *signer_fingerprint;
  char               *signer_device;
  WrDeviceTrust       signer_trust;

  /* The pack being read, if it is. */
  WrTaskProgress     *progress;

  GtkStack           *stack;
  GtkButton          *cancel_button;
  GtkLabel           *progress_label;
  GtkProgressBar     *progress_bar;
  AdwPreferencesGroup *preview_group;
  AdwActionRow       *signer_row;
  AdwActionRow       *new_row;
  AdwActionRow       *updated_row;
  AdwActionRow       *unchanged_row;
  AdwActionRow       *conflicts_row;
  AdwActionRow       *services_row;
  AdwActionRow       *forms_row;
  GtkLabel           *error_label;
  AdwStatusPage      *error_page;
};

G_DEFINE_FINAL_TYPE (WrImportDialog, wr_import_dialog, ADW_TYPE_WINDOW)

enum {
  IMPORTED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* What a worker thread reads, and through which connection. */
typedef struct
{
  char         *path;
  WrStore      *connection;
  gboolean      dry_run;
  gboolean      trust_new_device;
  gboolean      allow_unsigned;

  /* Set by the worker once it has loaded the forms, for the progress bar. */
  WrPackReader *reader;
} ReadJob;

static void
read_job_free (ReadJob *job)
{
  g_free (job->path);
  g_clear_object (&job->reader);
  g_clear_object (&job->connection);
  g_free (job);
}

static void
set_count (AdwActionRow *row,
           guint         count)
{
  GtkWidget *label = g_object_get_data (G_OBJECT (row), "count");
  g_autofree char *text = g_strdup_printf ("%u", count);

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_visible (GTK_WIDGET (row), count > 0);
}

static void
show_signer (WrImportDialog *self)
{
  g_autofree char *subtitle = NULL;
  const char *title;

  if (!self->is_signed)
    {
      title = _("Not signed");
      subtitle = g_strdup (_("Nothing says which device wrote this pack, or that it is as it was written: "
                             "import it only if you know where it came from"));
    }
  else
    {
      switch (self->signer_trust)
        {
        case WR_DEVICE_TRUST_OWN:
          title = _("Signed by this database");
          break;
        case WR_DEVICE_TRUST_TRUSTED:
          title = _("Signed by a trusted device");
          break;
        case WR_DEVICE_TRUST_UNKNOWN:
        case WR_DEVICE_TRUST_REVOKED:
        default:
          title = _("Signed by a device this database does not know");
          break;
        }
      /* Translators: the device that signed a pack, and its key's fingerprint */
      subtitle = g_strdup_printf (_("Fingerprint %s\nDevice %s"), self->signer_fingerprint, self->signer_device);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->signer_row), title);
  adw_action_row_set_subtitle (self->signer_row, subtitle);
}

static void
show_preview (WrImportDialog *self)
{
  const WrPackImportCounts *counts = &self->preview;
  g_autofree char *name = g_path_get_basename (self->path);
  gboolean anything = counts->n_new + counts->n_updated + counts->n_conflicts +
                      counts->n_services_added + counts->n_forms_installed > 0;

  set_count (self->new_row, counts->n_new);
  set_count (self->updated_row, counts->n_updated);
  set_count (self->unchanged_row, counts->n_unchanged);
  set_count (self->conflicts_row, counts->n_conflicts);
  set_count (self->services_row, counts->n_services_added);
  set_count (self->forms_row, counts->n_forms_installed);
  {
    g_autoptr(GString) forms = g_string_new (NULL);

    /* Each form by its title, id and version, and what it is for. */
    for (guint i = 0; self->preview_forms != NULL && i < self->preview_forms->len; i++)
      {
        WrForm *form = g_ptr_array_index (self->preview_forms, i);

        /* Translators: a form a pack would add: “Quality visit (pilot)”, quality-visit version 2 */
        g_string_append_printf (forms, _("“%s”, %s version %u\n"), wr_form_get_title (form), wr_form_get_id (form),
                                wr_form_get_version (form));
      }
    g_string_append (forms, _("For the visits in this pack only: new visits keep the forms they use now. "
                              "The Forms page can make one the version new visits use."));
    adw_action_row_set_subtitle (self->forms_row, forms->str);
  }

  show_signer (self);
  adw_preferences_group_set_title (self->preview_group, name);
  adw_preferences_group_set_description (self->preview_group,
                                         anything ? _("The pack is intact. Importing it will do this:")
                                                  : _("Nothing to import: this database already has every visit "
                                                      "in the pack."));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.commit", anything);
  gtk_button_set_label (self->cancel_button, anything ? _("_Cancel") : _("_Close"));
  gtk_stack_set_visible_child_name (self->stack, "preview");
}

static void
show_error (WrImportDialog *self,
            const GError   *error)
{
  g_autofree char *text = g_strdup_printf ("%s\n\n%s", error->message, _("Nothing was changed."));

  gtk_label_set_text (self->error_label, text);
  adw_status_page_set_title (self->error_page,
                             g_error_matches (error, WR_PACK_ERROR, WR_PACK_ERROR_SEALED_FOR_OTHERS)
                               ? _("This Pack Is Sealed for Someone Else")
                               : _("This Pack Cannot Be Imported"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.commit", FALSE);
  gtk_button_set_label (self->cancel_button, _("_Close"));
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static double
poll_cb (gpointer   task_data,
         char     **text)
{
  ReadJob *job = task_data;
  WrPackReader *reader = g_atomic_pointer_get (&job->reader);
  guint n_visits = 0;
  guint64 done = 0;
  guint64 total = 0;

  /* Still loading the forms. */
  if (reader == NULL)
    return -1;

  wr_pack_reader_get_progress (reader, &n_visits, &done, &total);
  *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u visit read", "%u visits read", n_visits), n_visits);
  return total > 0 ? (double) done / total : -1;
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReadJob *job = task_data;
  g_autoptr(WrFormLibrary) forms = NULL;
  g_autoptr(WrPackReader) reader = NULL;
  g_autofree WrPackImportCounts *counts = g_new0 (WrPackImportCounts, 1);
  g_autoptr(GError) error = NULL;

  /* The reader checks visits against the forms and installs a pack's
   * forms into the forms folder: with a library of its own, made here and
   * used by nothing else, because the window's belongs to the main thread
   * (which re-reads the folder afterwards). The job holds the reader, and
   * so the library, until the task is freed, when this thread is done.
   */
  forms = wr_form_library_new_default (NULL);
  reader = wr_pack_reader_new (job->connection, forms);
  wr_pack_reader_set_dry_run (reader, job->dry_run);
  wr_pack_reader_set_trust_new_device (reader, job->trust_new_device);
  wr_pack_reader_set_allow_unsigned (reader, job->allow_unsigned);
  g_atomic_pointer_set (&job->reader, g_object_ref (reader));

  if (!g_cancellable_set_error_if_cancelled (cancellable, &error) &&
      wr_pack_reader_import_file (reader, job->path, cancellable, counts, &error))
    {
      g_autoptr(GError) score_error = NULL;

      /* The visits imported get their scores for the lists. The import
       * stands without them: what is left is scored at the next start.
       */
      if (!job->dry_run && !wr_visit_scores_fill (job->connection, forms, cancellable, NULL, &score_error))
        g_message ("Could not score the visits imported from %s: %s", job->path, score_error->message);
      g_task_return_pointer (task, g_steal_pointer (&counts), g_free);
    }
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  WrImportDialog *self = WR_IMPORT_DIALOG (object);
  ReadJob *job = g_task_get_task_data (G_TASK (result));
  gboolean closed = wr_task_progress_finish (self->progress);
  g_autoptr(GError) error = NULL;
  g_autofree WrPackImportCounts *counts = g_task_propagate_pointer (G_TASK (result), &error);

  if (counts != NULL && !job->dry_run)
    {
      /* The other connection changed the database, and perhaps the forms
       * folder, even if the dialog was closed too late to stop it. The
       * folder's name is copied, since re-reading it replaces the
       * library's own copy.
       */
      g_autofree char *folder = g_strdup (wr_form_library_get_pack_folder (self->library));

      /* The pack's forms, for its visits only: new visits keep theirs. */
      if (counts->n_forms_installed > 0 && folder != NULL)
        wr_form_library_add_folder (self->library, folder, WR_FORM_SOURCE_PACK);
      wr_store_announce_changes_elsewhere (self->store);
      g_signal_emit (self, signals [IMPORTED], 0, counts);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  if (closed)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  if (counts == NULL)
    {
      /* Cancelling the import itself goes back to what it would do. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          if (job->dry_run)
            gtk_window_destroy (GTK_WINDOW (self));
          else
            show_preview (self);
          return;
        }
      show_error (self, error);
      return;
    }

  self->preview = *counts;
  if (job->reader != NULL)
    {
      const char *fingerprint = NULL;
      const char *device = NULL;

      self->is_signed = wr_pack_reader_get_signer (job->reader, &fingerprint, &device, &self->signer_trust);
      g_free (self->signer_fingerprint);
      self->signer_fingerprint = g_strdup (fingerprint);
      g_free (self->signer_device);
      self->signer_device = g_strdup (device);
    }
  g_clear_pointer (&self->preview_forms, g_ptr_array_unref);
  if (job->reader != NULL && wr_pack_reader_get_new_forms (job->reader) != NULL)
    self->preview_forms = g_ptr_array_ref (wr_pack_reader_get_new_forms (job->reader));
  show_preview (self);
}

static void
start_reading (WrImportDialog *self,
               gboolean        dry_run,
               gboolean        trust_new_device,
               gboolean        allow_unsigned)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) connection = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = g_path_get_basename (self->path);
  g_autofree char *title = NULL;
  ReadJob *job;

  g_return_if_fail (!wr_task_progress_is_busy (self->progress));

  if (!(connection = wr_store_open_another (self->store, &error)))
    {
      show_error (self, error);
      return;
    }

  job = g_new0 (ReadJob, 1);
  job->path = g_strdup (self->path);
  job->connection = g_steal_pointer (&connection);
  job->dry_run = dry_run;
  job->trust_new_device = trust_new_device;
  job->allow_unsigned = allow_unsigned;

  title = g_strdup_printf (dry_run ? _("Checking %s…") : _("Importing %s…"), name);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.commit", FALSE);
  gtk_stack_set_visible_child_name (self->stack, "progress");

  task = wr_task_progress_start (self->progress, title, poll_cb, read_cb, NULL);
  g_task_set_source_tag (task, start_reading);
  g_task_set_task_data (task, job, (GDestroyNotify) read_job_free);
  g_task_run_in_thread (task, read_thread);
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     WrImportDialog   *self)
{
  if (g_str_equal (response, "trust"))
    start_reading (self, FALSE, TRUE, FALSE);
  else if (g_str_equal (response, "unsigned"))
    start_reading (self, FALSE, FALSE, TRUE);
}

/* Asks before a pack from an unknown device, or an unsigned one, goes in. */
static void
confirm (WrImportDialog *self)
{
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;

  if (self->is_signed)
    {
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Trust This Device?"), NULL));
      body = g_strdup_printf (_("The pack is signed by a device this database does not know (%s). "
                                "Its key’s fingerprint is\n\n%s\n\n"
                                "Check that the device’s owner sees the same fingerprint in their Preferences, "
                                "on the phone or in person. Once trusted, this database imports the device’s "
                                "packs without asking."),
                              self->signer_device, self->signer_fingerprint);
      adw_message_dialog_set_body (dialog, body);
      adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "trust", _("_Trust This Device and Import"),
                                        NULL);
      adw_message_dialog_set_response_appearance (dialog, "trust", ADW_RESPONSE_SUGGESTED);
    }
  else
    {
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Import an Unsigned Pack?"), NULL));
      adw_message_dialog_set_body (dialog, _("Nothing says which device wrote this pack, or that it is as that "
                                             "device wrote it: packs from Walkround before packs were signed have "
                                             "no signature. Import it only if you know where it came from."));
      adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "unsigned", _("_Import Unsigned Pack"),
                                        NULL);
      adw_message_dialog_set_response_appearance (dialog, "unsigned", ADW_RESPONSE_DESTRUCTIVE);
    }
  /* Enter and Escape both keep things as they are. */
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
commit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  WrImportDialog *self = WR_IMPORT_DIALOG (widget);

  if (!self->is_signed || self->signer_trust == WR_DEVICE_TRUST_UNKNOWN)
    confirm (self);
  else
    start_reading (self, FALSE, FALSE, FALSE);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  WrImportDialog *self = WR_IMPORT_DIALOG (widget);

  if (!wr_task_progress_cancel (self->progress))
    gtk_window_close (GTK_WINDOW (self));
}

/* The thread must finish (and roll back, if cancelled) before the dialog
 * goes.
 */
static gboolean
wr_import_dialog_close_request (GtkWindow *window)
{
  WrImportDialog *self = WR_IMPORT_DIALOG (window);

  if (wr_task_progress_close_request (self->progress))
    return TRUE;

  return GTK_WINDOW_CLASS (wr_import_dialog_parent_class)->close_request (window);
}

static void
wr_import_dialog_dispose (GObject *object)
{
  WrImportDialog *self = (WrImportDialog *)object;

  wr_task_progress_abandon (self->progress);
  gtk_widget_dispose_template (GTK_WIDGET (self), WR_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (wr_import_dialog_parent_class)->dispose (object);
}

static void
wr_import_dialog_finalize (GObject *object)
{
  WrImportDialog *self = (WrImportDialog *)object;

  g_clear_pointer (&self->progress, wr_task_progress_free);
  g_clear_object (&self->store);
  g_clear_object (&self->library);
  g_clear_pointer (&self->preview_forms, g_ptr_array_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->signer_fingerprint, g_free);
  g_clear_pointer (&self->signer_device, g_free);

  G_OBJECT_CLASS (wr_import_dialog_parent_class)->finalize (object);
}

static void
wr_import_dialog_class_init (WrImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = wr_import_dialog_dispose;
  object_class->finalize = wr_import_dialog_finalize;
  window_class->close_request = wr_import_dialog_close_request;

  /**
   * WrImportDialog::imported:
   * @counts: (type gpointer): the #WrPackImportCounts of what was done
   */
  signals [IMPORTED] =
    g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/wr-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, WrImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, WrImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, WrImportDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, WrImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, WrImportDialog, preview_group);
  gtk_widget_class_bind_template_child (widget_class, WrImportDialog, signer_row);
  gtk_widget_class_bind_template_child (widget_class, WrImportDialog, new_row);
  gtk_widget_class_bind_template_child (widget_class, WrImportDialog, updated_row);
  gtk_widget_class_bind_template_child (widget_class, WrImportDialog, unchanged_row);
  gtk_widget_class_bind_template_child (widget_class, WrImportDialog, conflicts_row);
  gtk_widget_class_bind_template_child (widget_class, WrImportDialog, services_row);
  gtk_widget_class_bind_template_child (widget_class, WrImportDialog, forms_row);
  gtk_widget_class_bind_template_child (widget_class, WrImportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, WrImportDialog, error_page);

  gtk_widget_class_install_action (widget_class, "import.commit", NULL, commit_action);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "import.cancel", NULL);
}

static void
wr_import_dialog_init (WrImportDialog *self)
{
  AdwActionRow *rows[6];

  gtk_widget_init_template (GTK_WIDGET (self));
  self->progress = wr_task_progress_new (GTK_WINDOW (self), self->progress_label, self->progress_bar);

  rows[0] = self->new_row;
  rows[1] = self->updated_row;
  rows[2] = self->unchanged_row;
  rows[3] = self->conflicts_row;
  rows[4] = self->services_row;
  rows[5] = self->forms_row;
  adw_action_row_set_subtitle_lines (self->signer_row, 0);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      GtkWidget *count = gtk_label_new (NULL);

      gtk_widget_add_css_class (count, "title-3");
      gtk_widget_add_css_class (count, "numeric");
      adw_action_row_add_suffix (rows[i], count);
      g_object_set_data (G_OBJECT (rows[i]), "count", count);
      adw_action_row_set_subtitle_lines (rows[i], 0);
    }
}

/**
 * wr_import_dialog_new:
 * @store: the database to import into
 * @library: the installed forms; a pack's forms are added to them
 * @path: the pack
 *
 * The dialog checks the pack at once and says what importing it would do.
 *
 * Returns: (transfer full): a new dialog
 */
WrImportDialog *
wr_import_dialog_new (WrStore       *store,
                      WrFormLibrary *library,
                      const char    *path)
{
  WrImportDialog *self;

  g_return_val_if_fail (WR_IS_STORE (store), NULL);
  g_return_val_if_fail (WR_IS_FORM_LIBRARY (library), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (WR_TYPE_IMPORT_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->library = g_object_ref (library);
  self->path = g_strdup (path);
  start_reading (self, TRUE, FALSE, FALSE);

  return self;
}

/**
 * wr_import_dialog_get_preview:
 * @self: a #WrImportDialog
 *
 * Returns: (nullable): what importing would do, once the pack is checked
 */
const WrPackImportCounts *
wr_import_dialog_get_preview (WrImportDialog *self)
{
  g_return_val_if_fail (WR_IS_IMPORT_DIALOG (self), NULL);

  return g_str_equal (gtk_stack_get_visible_child_name (self->stack), "preview") ? &self->preview : NULL;
}
