/* wr-conflicts-dialog.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What merging packs kept because two devices changed it apart, grouped by
 * visit. A row in conflict (an answer, an observation, a team member…) is
 * shown in people's words with each of its versions: what it holds, which
 * device wrote it and when; the person keeps one. A whole visit in
 * conflict (from a pack made before visits carried their history) is
 * kept as ours or replaced by the pack's. Either way a confirmation comes
 * first, since the other version is then gone.
 *
 * Listing reads every visit in conflict and resolving rewrites a visit,
 * so both run in a worker thread on a connection of their own, as imports
 * do; the window's own connection announces the change afterwards.
 */

#define G_LOG_DOMAIN "wr-conflicts-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-conflicts-dialog.h"
#include "wr-dates.h"
#include "wr-pack-reader.h"
#include "wr-row-conflict.h"

struct _WrConflictsDialog
{
  AdwWindow      parent_instance;

  GtkStack      *stack;
  GtkBox        *groups;
  GtkLabel      *intro_label;
  GtkSpinner    *spinner;
  GtkLabel      *error_label;

  WrStore       *store;
  WrFormLibrary *library;
  char          *visit_uuid;    /* only this visit's conflicts, or NULL */
  GCancellable  *cancellable;
  guint          loads;         /* a reload asked while one runs */
  gboolean       busy;
  gboolean       close_when_done;
  gboolean       refocus;       /* the keyboard goes to the list once it is read again */
  guint          n_shown;
};

G_DEFINE_FINAL_TYPE (WrConflictsDialog, wr_conflicts_dialog, ADW_TYPE_WINDOW)

enum {
  RESOLVED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void reload         (WrConflictsDialog *self);
static void update_spinner (WrConflictsDialog *self);

/* Counting and listing, in a worker thread ------------------------------------ */

typedef struct
{
  WrStore   *connection;
  char      *visit_uuid;
  GPtrArray *visits;    /* WrPackConflict */
  GPtrArray *rows;      /* WrPackRowConflict */
  GPtrArray *removals;  /* WrDeletionConflict */
} ListJob;

static void
list_job_free (ListJob *job)
{
  g_clear_object (&job->connection);
  g_free (job->visit_uuid);
  g_clear_pointer (&job->visits, g_ptr_array_unref);
  g_clear_pointer (&job->rows, g_ptr_array_unref);
  g_clear_pointer (&job->removals, g_ptr_array_unref);
  g_free (job);
}

static gboolean
list_conflicts (ListJob  *job,
                GError  **error)
{
  g_autoptr(GPtrArray) visits = wr_pack_list_conflicts (job->connection, error);

  if (visits == NULL)
    return FALSE;
  if (!(job->rows = wr_pack_list_row_conflicts (job->connection, job->visit_uuid, error)) ||
      !(job->removals = wr_store_list_deletion_conflicts (job->connection, job->visit_uuid, error)))
    return FALSE;

  job->visits = g_ptr_array_new_with_free_func ((GDestroyNotify) wr_pack_conflict_free);
  for (guint i = 0; i < visits->len; i++)
    {
      WrPackConflict *conflict = g_ptr_array_index (visits, i);

      if (job->visit_uuid == NULL || g_str_equal (job->visit_uuid, conflict->visit_uuid))
        g_ptr_array_add (job->visits, g_ptr_array_steal_index (visits, i--));
    }
  return TRUE;
}

static void
list_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ListJob *job = task_data;
  g_autoptr(GError) error = NULL;

  if (list_conflicts (job, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
start_listing (gpointer             source_object,
               WrStore             *store,
               const char          *visit_uuid,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = g_task_new (source_object, cancellable, callback, user_data);
  WrStore *connection = wr_store_open_another (store, &error);
  ListJob *job;

  g_task_set_source_tag (task, start_listing);
  if (connection == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  job = g_new0 (ListJob, 1);
  job->connection = connection;
  job->visit_uuid = g_strdup (visit_uuid);
  g_task_set_task_data (task, job, (GDestroyNotify) list_job_free);
  g_task_run_in_thread (task, list_worker);
}

/**
 * wr_conflicts_count_async:
 * @store: the database
 * @visit_uuid: (nullable): one visit's conflicts, or %NULL for all
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main thread once counted
 * @user_data: for @callback
 *
 * Counts the rows and whole visits in conflict in a worker thread, on a
 * connection of its own: it reads each visit in conflict.
 */
void
wr_conflicts_count_async (WrStore             *store,
                          const char          *visit_uuid,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (WR_IS_STORE (store));

  start_listing (NULL, store, visit_uuid, cancellable, callback, user_data);
}

/**
 * wr_conflicts_count_finish:
 * @result: the #GAsyncResult given to the callback
 * @count: (out): the conflicts counted
 * @error: return location for a #GError
 *
 * Returns: %TRUE with @count filled in, or %FALSE with @error set
 */
gboolean
wr_conflicts_count_finish (GAsyncResult     *result,
                           WrConflictsCount *count,
                           GError          **error)
{
  ListJob *job;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (count != NULL, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  job = g_task_get_task_data (G_TASK (result));
  count->n_visits = job->visits->len;
  count->n_rows = job->rows->len;
  count->n_removals = job->removals->len;
  count->n_answers = 0;
  for (guint i = 0; i < job->rows->len; i++)
    if (wr_row_conflict_is_answer (g_ptr_array_index (job->rows, i)))
      count->n_answers++;
  return TRUE;
}

/* Resolving, in a worker thread ---------------------------------------------- */

typedef struct
{
  WrStore    *connection;
  gint64      id;
  gboolean    row;        /* a row in conflict, else a whole visit */
  guint       version;    /* of a row: which to keep */
  WrPackSide  side;       /* of a whole visit */
  gboolean    removal;    /* a removal in conflict: ... */
  gboolean    restore;    /* ... brought back, or kept */
} ResolveJob;

static void
resolve_job_free (ResolveJob *job)
{
  g_clear_object (&job->connection);
  g_free (job);
}

static void
resolve_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ResolveJob *job = task_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (job->removal)
    ok = wr_store_resolve_deletion (job->connection, job->id, job->restore, &error);
  else if (job->row)
    ok = wr_pack_resolve_row_conflict (job->connection, job->id, job->version, &error);
  else
    ok = wr_pack_resolve_conflict (job->connection, job->id, job->side, &error);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
set_busy (WrConflictsDialog *self,
          gboolean           busy)
{
  self->busy = busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->groups), !busy);
  update_spinner (self);
}

static void
show_error (WrConflictsDialog *self,
            const GError      *error)
{
  AdwMessageDialog *message = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                                          _("Could Not Resolve the Conflict"),
                                                                          error->message));

  adw_message_dialog_add_response (message, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (message));
}

static void
resolved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  WrConflictsDialog *self = WR_CONFLICTS_DIALOG (object);
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  /* The other connection changed the visit: lists reading through ours
   * reload.
   */
  if (ok)
    wr_store_announce_changes_elsewhere (self->store);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  set_busy (self, FALSE);
  self->refocus = TRUE;
  if (ok)
    g_signal_emit (self, signals [RESOLVED], 0);
  else
    show_error (self, error);

  if (self->close_when_done)
    {
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  reload (self);
}

static void
resolve (WrConflictsDialog *self,
         ResolveJob        *job)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  if (self->busy || !(job->connection = wr_store_open_another (self->store, &error)))
    {
      if (error != NULL)
        show_error (self, error);
      resolve_job_free (job);
      return;
    }

  set_busy (self, TRUE);
  task = g_task_new (self, self->cancellable, resolved_cb, NULL);
  /* A choice saved is reported, even if the dialog is going. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, resolve);
  g_task_set_task_data (task, job, (GDestroyNotify) resolve_job_free);
  g_task_run_in_thread (task, resolve_worker);
}

/* Confirming ------------------------------------------------------------------ */

static void
confirm_response_cb (AdwMessageDialog  *dialog,
                     const char        *response,
                     WrConflictsDialog *self)
{
  ResolveJob *job = g_object_steal_data (G_OBJECT (dialog), "job");

  if (job == NULL)
    return;
  if (g_str_equal (response, "keep") || g_str_equal (response, "ours") || g_str_equal (response, "theirs") ||
      g_str_equal (response, "remove"))
    resolve (self, job);
  else
    resolve_job_free (job);
}

static void
present_confirmation (WrConflictsDialog *self,
                      AdwMessageDialog  *dialog,
                      const char        *response,
                      ResolveJob        *job)
{
  adw_message_dialog_set_response_appearance (dialog, response, ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "job", job, (GDestroyNotify) resolve_job_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
confirm_visit (WrConflictsDialog *self,
               gint64             id,
               WrPackSide         side,
               const char        *visit)
{
  AdwMessageDialog *dialog;
  ResolveJob *job = g_new0 (ResolveJob, 1);

  job->id = id;
  job->side = side;
  if (side == WR_PACK_SIDE_OURS)
    {
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Keep This Computer's Version?"),
                                                           NULL));
      adw_message_dialog_format_body (dialog, _("The version of “%s” from the pack will be discarded."), visit);
      adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "ours", _("_Keep This Computer's"), NULL);
      present_confirmation (self, dialog, "ours", job);
    }
  else
    {
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Use the Pack's Version?"),
                                                           NULL));
      adw_message_dialog_format_body (dialog, _("The answers, observations and actions of “%s” on this "
                                                "computer will be replaced by those in the pack."), visit);
      adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "theirs", _("_Use the Pack's"), NULL);
      present_confirmation (self, dialog, "theirs", job);
    }
}

/* conflicts.keep-visit ((xbs)): a whole visit in conflict, ours (TRUE) or
 * theirs, and the visit's title, to say so.
 */
static void
keep_visit_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  const char *title;
  gint64 id;
  gboolean ours;

  g_variant_get (param, "(xb&s)", &id, &ours, &title);
  confirm_visit (WR_CONFLICTS_DIALOG (widget), id, ours ? WR_PACK_SIDE_OURS : WR_PACK_SIDE_THEIRS, title);
}

/* conflicts.keep ((xuss)): a row in conflict, the version to keep, and what
 * the row and that version are, to say so.
 */
static void
keep_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  WrConflictsDialog *self = WR_CONFLICTS_DIALOG (widget);
  AdwMessageDialog *dialog;
  ResolveJob *job;
  const char *what;
  const char *value;
  gint64 id;
  guint version;

  g_variant_get (param, "(xu&s&s)", &id, &version, &what, &value);

  job = g_new0 (ResolveJob, 1);
  job->id = id;
  job->row = TRUE;
  job->version = version;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Keep This Version?"), NULL));
  /* Translators: confirming a choice in a row in conflict; the row, then the version kept */
  adw_message_dialog_format_body (dialog, _("“%s” keeps “%s”. The other version is then gone, here and on every "
                                            "device that gets this choice in a pack."), what, value);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "keep", _("_Keep This One"), NULL);
  present_confirmation (self, dialog, "keep", job);
}

/* conflicts.removal ((xbs)): a removal in conflict, brought back (TRUE)
 * or kept, and what was removed, to say so. Bringing back loses nothing
 * and is done at once; keeping it removed hides what was recorded, so it
 * is confirmed.
 */
static void
removal_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  WrConflictsDialog *self = WR_CONFLICTS_DIALOG (widget);
  AdwMessageDialog *dialog;
  ResolveJob *job;
  const char *what;
  gboolean restore;
  gint64 id;

  g_variant_get (param, "(xb&s)", &id, &restore, &what);

  job = g_new0 (ResolveJob, 1);
  job->id = id;
  job->removal = TRUE;
  job->restore = restore;
  if (restore)
    {
      resolve (self, job);
      return;
    }

  /* Translators: confirming that a removed team member or repeat stays removed; %s says which */
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Keep It Removed?"), NULL));
  adw_message_dialog_format_body (dialog, _("%s stays removed, and what another device recorded in it stays hidden, "
                                            "here and on every device that gets this choice in a pack."), what);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "remove", _("_Keep Removed"), NULL);
  present_confirmation (self, dialog, "remove", job);
}

/* The list ------------------------------------------------------------------- */

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

static GtkWidget *
heading (const char *text,
         const char *css_class)
{
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL,
                                   "label", text,
                                   "wrap", TRUE,
                                   "wrap-mode", PANGO_WRAP_WORD_CHAR,
                                   "xalign", 0.0f,
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_HEADING,
                                   NULL);

  gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
boxed_list (const char *name)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  return list;
}

static GtkWidget *
action_button (const char *label,
               const char *accessible,
               const char *action,
               GVariant   *target)
{
  /* No mnemonic: there is one such button per version, and a mnemonic
   * would make GTK 4.8 name it by its label, not by what it keeps.
   */
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  return button;
}

/* A version's row: what it holds and who wrote it when, with its buttons
 * beside them, as in an AdwActionRow. In a window too narrow to leave the
 * text TEXT_MIN_WIDTH beside the buttons (360 pixels, and more so with
 * Larger Text) the buttons go under the text, which then keeps the whole
 * width rather than a word or two a line.
 */
#define TEXT_MIN_WIDTH 220
#define ROW_SPACING    12

static gboolean
side_by_side (GtkWidget *text,
              GtkWidget *buttons,
              int        width,
              int       *buttons_width)
{
  int text_minimum;
  int minimum;

  gtk_widget_measure (buttons, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, buttons_width, NULL, NULL);
  gtk_widget_measure (text, GTK_ORIENTATION_HORIZONTAL, -1, &text_minimum, NULL, NULL, NULL);
  return width < 0 || width >= MAX (TEXT_MIN_WIDTH, text_minimum) + ROW_SPACING + *buttons_width;
}

static GtkSizeRequestMode
version_layout_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
version_layout_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  GtkWidget *text = gtk_widget_get_first_child (widget);
  GtkWidget *buttons = gtk_widget_get_next_sibling (text);
  int text_minimum, text_natural, buttons_minimum, buttons_natural, buttons_width;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      gtk_widget_measure (text, orientation, -1, &text_minimum, &text_natural, NULL, NULL);
      gtk_widget_measure (buttons, orientation, -1, &buttons_minimum, &buttons_natural, NULL, NULL);
      *minimum = MAX (text_minimum, buttons_natural);
      *natural = text_natural + ROW_SPACING + buttons_natural;
    }
  else if (side_by_side (text, buttons, for_size, &buttons_width))
    {
      gtk_widget_measure (text, orientation, for_size < 0 ? -1 : for_size - ROW_SPACING - buttons_width,
                          &text_minimum, &text_natural, NULL, NULL);
      gtk_widget_measure (buttons, orientation, buttons_width, &buttons_minimum, &buttons_natural, NULL, NULL);
      *minimum = MAX (text_minimum, buttons_minimum);
      *natural = MAX (text_natural, buttons_natural);
    }
  else
    {
      gtk_widget_measure (text, orientation, for_size, &text_minimum, &text_natural, NULL, NULL);
      gtk_widget_measure (buttons, orientation, buttons_width, &buttons_minimum, &buttons_natural, NULL, NULL);
      *minimum = text_minimum + ROW_SPACING / 2 + buttons_minimum;
      *natural = text_natural + ROW_SPACING / 2 + buttons_natural;
    }
}

static void
version_layout_allocate (GtkWidget *widget,
                         int        width,
                         int        height,
                         int        baseline)
{
  GtkWidget *text = gtk_widget_get_first_child (widget);
  GtkWidget *buttons = gtk_widget_get_next_sibling (text);
  int buttons_width, buttons_height, text_height;

  if (side_by_side (text, buttons, width, &buttons_width))
    {
      int text_width = width - ROW_SPACING - buttons_width;

      gtk_widget_measure (buttons, GTK_ORIENTATION_VERTICAL, buttons_width, NULL, &buttons_height, NULL, NULL);
      buttons_height = MIN (buttons_height, height);
      gtk_widget_size_allocate (text, &(GtkAllocation) { 0, 0, text_width, height }, -1);
      gtk_widget_size_allocate (buttons,
                                &(GtkAllocation) { width - buttons_width, (height - buttons_height) / 2,
                                                   buttons_width, buttons_height },
                                -1);
    }
  else
    {
      gtk_widget_measure (text, GTK_ORIENTATION_VERTICAL, width, NULL, &text_height, NULL, NULL);
      gtk_widget_measure (buttons, GTK_ORIENTATION_VERTICAL, buttons_width, NULL, &buttons_height, NULL, NULL);
      text_height = MIN (text_height, MAX (0, height - ROW_SPACING / 2 - buttons_height));
      gtk_widget_size_allocate (text, &(GtkAllocation) { 0, 0, width, text_height }, -1);
      gtk_widget_size_allocate (buttons,
                                &(GtkAllocation) { 0, text_height + ROW_SPACING / 2,
                                                   MIN (buttons_width, width), buttons_height },
                                -1);
    }
}

static GtkWidget *
row_label (const char *text,
           gboolean    subtitle)
{
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL,
                                   "label", text,
                                   "wrap", TRUE,
                                   "wrap-mode", PANGO_WRAP_WORD_CHAR,
                                   "xalign", 0.0f,
                                   NULL);

  if (subtitle)
    {
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "caption");
    }
  return label;
}

/* A row with @title, @subtitle and one or two buttons (NULL-terminated),
 * named for a screen reader by its title and subtitle.
 */
static GtkWidget *
version_row (const char *title,
             const char *subtitle,
             GtkWidget  *first_button,
             ...)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *name = g_strdup_printf ("%s, %s", title, subtitle);
  va_list args;

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  /* The margins of an AdwActionRow's content, which this row stands for. */
  gtk_widget_set_margin_top (content, 8);
  gtk_widget_set_margin_bottom (content, 8);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  gtk_widget_set_layout_manager (content, gtk_custom_layout_new (version_layout_request_mode,
                                                                 version_layout_measure,
                                                                 version_layout_allocate));
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (text), row_label (title, FALSE));
  gtk_box_append (GTK_BOX (text), row_label (subtitle, TRUE));

  va_start (args, first_button);
  for (GtkWidget *button = first_button; button != NULL; button = va_arg (args, GtkWidget *))
    gtk_box_append (GTK_BOX (buttons), button);
  va_end (args);

  gtk_box_append (GTK_BOX (content), text);
  gtk_box_append (GTK_BOX (content), buttons);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), content);
  return row;
}

/* A group per visit: its heading, then its conflicts. */
static GtkWidget *
visit_group (WrConflictsDialog *self,
             GHashTable        *groups,
             const char        *visit_uuid)
{
  GtkWidget *group = g_hash_table_lookup (groups, visit_uuid);
  g_autofree char *title = NULL;

  if (group != NULL)
    return group;

  title = describe_visit (self, visit_uuid);
  group = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_bottom (group, 12);
  gtk_box_append (GTK_BOX (group), heading (title, "title-4"));
  g_object_set_data_full (G_OBJECT (group), "title", g_steal_pointer (&title), g_free);
  gtk_box_append (self->groups, group);
  g_hash_table_insert (groups, (gpointer) visit_uuid, group);
  return group;
}

static void
add_visit_conflict (WrConflictsDialog    *self,
                    GtkWidget            *group,
                    const WrPackConflict *conflict)
{
  const char *title = g_object_get_data (G_OBJECT (group), "title");
  GtkWidget *list = boxed_list (_("The whole visit"));
  g_autofree char *source = g_path_get_basename (conflict->source ? conflict->source : "");
  g_autofree char *detected = wr_date_time_format (conflict->detected);
  g_autofree char *subtitle = NULL;
  g_autofree char *keep = NULL;
  g_autofree char *use = NULL;
  GtkWidget *row;

  /* Translators: revision number, pack file name, date and time it was imported */
  subtitle = g_strdup_printf (_("Revision %u differs from the one in %s, imported %s"),
                              conflict->revision, source, detected);
  keep = g_strdup_printf (_("Keep this computer's version of %s"), title);
  use = g_strdup_printf (_("Use the pack's version of %s"), title);
  row = version_row (_("The whole visit"), subtitle,
                     action_button (_("Keep Ours"), keep, "conflicts.keep-visit",
                                    g_variant_new ("(xbs)", conflict->id, TRUE, title)),
                     action_button (_("Use Pack's"), use, "conflicts.keep-visit",
                                    g_variant_new ("(xbs)", conflict->id, FALSE, title)),
                     NULL);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  gtk_box_append (GTK_BOX (group), list);
}

static void
add_row_conflict (WrConflictsDialog       *self,
                  GtkWidget               *group,
                  const WrPackRowConflict *conflict)
{
  g_autofree char *what = wr_row_conflict_describe_row (self->store, self->library, conflict);
  g_autofree char *detected = wr_date_time_format (conflict->detected);
  g_autofree char *found = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *list = boxed_list (what);
  GtkWidget *label;

  gtk_box_append (GTK_BOX (box), heading (what, "heading"));
  /* Translators: under a row in conflict: when importing a pack found it */
  found = g_strdup_printf (_("Changed on two devices apart; found %s"), detected);
  label = gtk_label_new (found);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), label);

  for (guint i = 0; i < conflict->versions->len; i++)
    {
      const WrPackRowVersion *version = g_ptr_array_index (conflict->versions, i);
      g_autofree char *value = wr_row_conflict_describe_version (self->store, self->library, conflict, version);
      g_autofree char *subtitle = wr_row_version_describe_origin (self->store, conflict->visit_uuid, version);
      g_autofree char *accessible = NULL;
      GtkWidget *row;

      if (i == 0)
        {
          g_autofree char *shown = g_steal_pointer (&subtitle);

          /* Translators: the version of a row in conflict that the visit shows now; %s: who and when */
          subtitle = g_strdup_printf (_("Shown now · %s"), shown);
        }

      /* Translators: the accessible name of Keep This One: the row in conflict, and the version */
      accessible = g_strdup_printf (_("Keep this version of %s: %s"), what, value);
      row = version_row (value, subtitle,
                         action_button (_("Keep This One"), accessible, "conflicts.keep",
                                        g_variant_new ("(xuss)", conflict->id, i, what, value)),
                         NULL);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  gtk_box_append (GTK_BOX (box), list);
  gtk_box_append (GTK_BOX (group), box);
}

static void
add_removal (WrConflictsDialog        *self,
             GtkWidget                *group,
             const WrDeletionConflict *conflict)
{
  g_autofree char *what = wr_deletion_conflict_describe (self->store, self->library, conflict);
  g_autofree char *removal = wr_deletion_conflict_describe_removal (self->store, self->library, conflict);
  g_autofree char *restore = NULL;
  g_autofree char *keep = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *list = boxed_list (what);
  GtkWidget *bring_back;
  GtkWidget *row;

  gtk_box_append (GTK_BOX (box), heading (what, "heading"));

  /* Translators: accessible names of a removal's buttons; %s says what was removed */
  restore = g_strdup_printf (_("Bring back %s, with what was recorded in it"), what);
  keep = g_strdup_printf (_("Keep %s removed"), what);
  bring_back = action_button (_("Bring Back"), restore, "conflicts.removal",
                              g_variant_new ("(xbs)", conflict->id, TRUE, what));
  if (conflict->name == NULL)
    {
      g_autofree char *only = g_strdup_printf ("%s %s", removal,
                                               _("This computer received only the removal, so it can only keep it "
                                                 "removed; bring it back on a device that has it."));

      gtk_widget_set_sensitive (bring_back, FALSE);
      g_free (removal);
      removal = g_steal_pointer (&only);
    }
  row = version_row (_("Removed"), removal,
                     bring_back,
                     action_button (_("Keep Removed"), keep, "conflicts.removal",
                                    g_variant_new ("(xbs)", conflict->id, FALSE, what)),
                     NULL);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  gtk_box_append (GTK_BOX (box), list);
  gtk_box_append (GTK_BOX (group), box);
}

static void
clear_groups (WrConflictsDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups))))
    gtk_box_remove (self->groups, child);
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  WrConflictsDialog *self = WR_CONFLICTS_DIALOG (object);
  ListJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GHashTable) groups = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->loads = 0;
      update_spinner (self);
      gtk_label_set_text (self->error_label, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  /* Something changed while listing: list again. */
  if (self->loads > 1)
    {
      self->loads = 0;
      reload (self);
      return;
    }
  self->loads = 0;
  update_spinner (self);

  clear_groups (self);
  for (guint i = 0; i < job->visits->len; i++)
    {
      const WrPackConflict *conflict = g_ptr_array_index (job->visits, i);

      add_visit_conflict (self, visit_group (self, groups, conflict->visit_uuid), conflict);
    }
  for (guint i = 0; i < job->rows->len; i++)
    {
      const WrPackRowConflict *conflict = g_ptr_array_index (job->rows, i);

      add_row_conflict (self, visit_group (self, groups, conflict->visit_uuid), conflict);
    }

  for (guint i = 0; i < job->removals->len; i++)
    {
      const WrDeletionConflict *conflict = g_ptr_array_index (job->removals, i);

      add_removal (self, visit_group (self, groups, conflict->visit_uuid), conflict);
    }

  self->n_shown = job->visits->len + job->rows->len + job->removals->len;
  gtk_stack_set_visible_child_name (self->stack, self->n_shown > 0 ? "list" : "none");

  /* The button chosen went with the list: the keyboard goes to the next
   * choice, not back to the start of the window.
   */
  if (self->refocus && self->n_shown > 0)
    gtk_widget_child_focus (GTK_WIDGET (self->groups), GTK_DIR_TAB_FORWARD);
  self->refocus = FALSE;
}

static void
update_spinner (WrConflictsDialog *self)
{
  gboolean working = self->busy || self->loads > 0;

  gtk_spinner_set_spinning (self->spinner, working);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), working);
}

static void
reload (WrConflictsDialog *self)
{
  if (self->loads++ > 0)
    return;

  update_spinner (self);
  start_listing (self, self->store, self->visit_uuid, self->cancellable, listed_cb, NULL);
}

/* A choice being saved finishes first, so that the window hears of it. */
static gboolean
wr_conflicts_dialog_close_request (GtkWindow *window)
{
  WrConflictsDialog *self = WR_CONFLICTS_DIALOG (window);

  if (self->busy)
    {
      self->close_when_done = TRUE;
      return TRUE;
    }

  return GTK_WINDOW_CLASS (wr_conflicts_dialog_parent_class)->close_request (window);
}

static void
wr_conflicts_dialog_dispose (GObject *object)
{
  WrConflictsDialog *self = (WrConflictsDialog *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), WR_TYPE_CONFLICTS_DIALOG);

  G_OBJECT_CLASS (wr_conflicts_dialog_parent_class)->dispose (object);
}

/* The store and the cancellable outlive dispose: a worker's callback may
 * still come, and announces a saved choice through the store.
 */
static void
wr_conflicts_dialog_finalize (GObject *object)
{
  WrConflictsDialog *self = (WrConflictsDialog *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->library);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->visit_uuid, g_free);

  G_OBJECT_CLASS (wr_conflicts_dialog_parent_class)->finalize (object);
}

static void
wr_conflicts_dialog_class_init (WrConflictsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = wr_conflicts_dialog_dispose;
  object_class->finalize = wr_conflicts_dialog_finalize;
  window_class->close_request = wr_conflicts_dialog_close_request;

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
  gtk_widget_class_bind_template_child (widget_class, WrConflictsDialog, groups);
  gtk_widget_class_bind_template_child (widget_class, WrConflictsDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, WrConflictsDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, WrConflictsDialog, error_label);
  gtk_widget_class_install_action (widget_class, "conflicts.keep", "(xuss)", keep_action);
  gtk_widget_class_install_action (widget_class, "conflicts.keep-visit", "(xbs)", keep_visit_action);
  gtk_widget_class_install_action (widget_class, "conflicts.removal", "(xbs)", removal_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wr_conflicts_dialog_init (WrConflictsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * wr_conflicts_dialog_new:
 * @store: the database
 * @library: (nullable): the installed forms, for the questions' texts
 * @visit_uuid: (nullable): show only this visit's conflicts
 *
 * Returns: (transfer full): a new dialog listing the conflicts
 */
WrConflictsDialog *
wr_conflicts_dialog_new (WrStore       *store,
                         WrFormLibrary *library,
                         const char    *visit_uuid)
{
  WrConflictsDialog *self;

  g_return_val_if_fail (WR_IS_STORE (store), NULL);
  g_return_val_if_fail (library == NULL || WR_IS_FORM_LIBRARY (library), NULL);

  self = g_object_new (WR_TYPE_CONFLICTS_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->library = library ? g_object_ref (library) : NULL;
  self->visit_uuid = g_strdup (visit_uuid);
  if (visit_uuid != NULL)
    gtk_label_set_text (self->intro_label,
                        _("Parts of this visit were changed apart on two or more devices since they were last "
                          "shared. Every version is kept until you choose one; the others are then gone."));
  reload (self);

  return self;
}

/**
 * wr_conflicts_dialog_is_loading:
 * @self: a #WrConflictsDialog
 *
 * Returns: whether the list is being read, or a choice saved
 */
gboolean
wr_conflicts_dialog_is_loading (WrConflictsDialog *self)
{
  g_return_val_if_fail (WR_IS_CONFLICTS_DIALOG (self), FALSE);

  return self->loads > 0 || self->busy;
}
