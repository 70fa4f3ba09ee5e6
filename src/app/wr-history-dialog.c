/* wr-history-dialog.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-history-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-dates.h"
#include "wr-history-dialog.h"
#include "wr-support.h"

/* A visit's history from this device's audit log, newest first: who
 * changed what, when, from what to what; completing and reopening,
 * reviews, support requests, and each import with the pack it came from.
 */
struct _WrHistoryDialog
{
  AdwWindow   parent_instance;

  GtkListBox *list;
  GListStore *rows;   /* the rows shown, for tests and screen readers */
};

G_DEFINE_FINAL_TYPE (WrHistoryDialog, wr_history_dialog, ADW_TYPE_WINDOW)

/* A value, quoted, shortened, or "(none)". */
static char *
shown_value (const char *value)
{
  g_autofree char *line = NULL;

  if (value == NULL || value[0] == '\0')
    return g_strdup (_("(none)"));

  line = g_strdelimit (g_strdup (value), "\r\n\t", ' ');
  if (g_utf8_strlen (line, -1) > 120)
    {
      g_autofree char *cut = g_utf8_substring (line, 0, 119);

      return g_strdup_printf ("“%s…”", cut);
    }
  return g_strdup_printf ("“%s”", line);
}

/* The question an answer's entity id (question/member/repeat) names. */
static const char *
question_label (WrVisitSession *session,
                const char     *entity_id)
{
  g_auto(GStrv) parts = g_strsplit (entity_id, "/", 2);
  WrForm *form = session != NULL ? wr_visit_session_get_form (session) : NULL;
  WrQuestion *question = form != NULL && parts[0] != NULL ? wr_form_lookup_question (form, parts[0]) : NULL;

  if (question == NULL)
    return g_intern_string (parts[0] != NULL ? parts[0] : entity_id);

  return wr_form_item_get_label (WR_FORM_ITEM (question));
}

static const char *
review_label (const char *decision)
{
  if (g_strcmp0 (decision, "approved") == 0)
    return _("Approved");
  if (g_strcmp0 (decision, "returned") == 0)
    return _("Returned with comments");
  return decision;
}

static const char *
support_label (const char *status)
{
  WrSupportStatus value;

  return wr_support_status_from_string (status, &value) ? wr_support_status_get_label (value) : status;
}

/**
 * wr_history_describe:
 * @session: (nullable): the visit, for the labels of its form's questions
 * @entity: what changed: "visit", "answer", "review"…
 * @entity_id: which one
 * @field: which of its fields
 * @old_value: (nullable): before
 * @new_value: (nullable): after
 *
 * Returns: (transfer full): the change in words
 */
char *
wr_history_describe (WrVisitSession *session,
                     const char     *entity,
                     const char     *entity_id,
                     const char     *field,
                     const char     *old_value,
                     const char     *new_value)
{
  g_autofree char *before = shown_value (old_value);
  g_autofree char *after = shown_value (new_value);

  if (g_str_equal (entity, "visit"))
    {
      if (g_str_equal (field, "created"))
        return g_strdup (_("Started the visit"));
      if (g_str_equal (field, "status") && g_strcmp0 (new_value, "completed") == 0)
        return g_strdup (_("Completed the visit"));
      if (g_str_equal (field, "status") && g_strcmp0 (new_value, "draft") == 0)
        return g_strdup (_("Reopened the visit"));
      if (g_str_equal (field, "import"))
        return g_strdup_printf (_("Took the visit from a pack: %s"), new_value ? new_value : "");
      if (g_str_equal (field, "conflict"))
        return g_strdup_printf (_("Conflict with a pack: %s"), new_value ? new_value : "");
      if (g_str_equal (field, "deleted"))
        return g_strdup (new_value != NULL ? _("Deleted the visit") : _("Restored the visit"));
      if (g_str_equal (field, "form_version"))
        return g_strdup_printf (_("Moved the visit to form version %s"), new_value ? new_value : "");
    }
  else if (g_str_equal (entity, "answer"))
    {
      const char *label = question_label (session, entity_id);

      if (g_str_equal (field, "comment"))
        return g_strdup_printf (_("Comment on “%s”: %s → %s"), label, before, after);
      return g_strdup_printf (_("Answer to “%s”: %s → %s"), label, before, after);
    }
  else if (g_str_equal (entity, "review") && g_str_equal (field, "decision"))
    return g_strdup_printf (_("Reviewed: %s"), review_label (new_value));
  else if (g_str_equal (entity, "review") && g_str_equal (field, "comment"))
    return g_strdup_printf (_("Review comments: %s"), after);
  else if (g_str_equal (entity, "support-request"))
    {
      if (g_str_equal (field, "requested"))
        return g_strdup_printf (_("Requested support in “%s”"), new_value ? new_value : "");
      if (g_str_equal (field, "text"))
        return g_strdup_printf (_("Support asked for: %s → %s"), before, after);
      if (g_str_equal (field, "status"))
        return g_strdup_printf (_("Support request status: %s → %s"), support_label (old_value),
                                support_label (new_value));
      if (g_str_equal (field, "owner"))
        return g_strdup_printf (_("Support request owner: %s → %s"), before, after);
      if (g_str_equal (field, "deleted"))
        return g_strdup (_("Withdrew a support request"));
    }
  else if (g_str_equal (entity, "observation") && g_str_equal (field, "text"))
    return old_value == NULL ? g_strdup_printf (_("Added an observation: %s"), after)
                             : g_strdup_printf (_("Observation: %s → %s"), before, after);
  else if (g_str_equal (entity, "action") && g_str_equal (field, "text"))
    return old_value == NULL ? g_strdup_printf (_("Added an action: %s"), after)
                             : g_strdup_printf (_("Action: %s → %s"), before, after);
  else if (g_str_equal (entity, "action"))
    return g_strdup_printf (_("Action %s: %s → %s"), field, before, after);
  else if (g_str_equal (entity, "member") && g_str_equal (field, "added"))
    return g_strdup_printf (_("Added %s to the team"), new_value ? new_value : "");
  else if (g_str_equal (entity, "member") && g_str_equal (field, "removed"))
    return g_strdup_printf (_("Removed %s from the team"), old_value ? old_value : "");

  return g_strdup_printf (_("%s %s: %s → %s"), entity, field, before, after);
}

static void
add_row (WrHistoryDialog *self,
         GtkWidget       *row)
{
  gtk_list_box_append (self->list, row);
  g_list_store_append (self->rows, row);
}

static void
fill (WrHistoryDialog *self,
      WrVisitSession  *session)
{
  WrVisit *visit = wr_visit_session_get_visit (session);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = wr_store_list_history (wr_visit_session_get_store (session),
                                                        wr_visit_get_uuid (visit), &error);

  if (history == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), error->message);
      add_row (self, row);
      return;
    }

  if (history->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("This device has recorded no change to the visit"));
      add_row (self, row);
    }

  for (guint i = history->len; i > 0; i--)
    {
      WrHistoryEntry *entry = g_ptr_array_index (history, i - 1);
      g_autofree char *what = wr_history_describe (session, entry->entity, entry->entity_id, entry->field,
                                                   entry->old_value, entry->new_value);
      g_autofree char *when = wr_date_time_format (entry->at);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", entry->who[0] ? entry->who : _("Unknown"),
                                                   when ? when : entry->at);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), what);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_set_focusable (row, TRUE);
      add_row (self, row);
    }
}

static void
wr_history_dialog_dispose (GObject *object)
{
  WrHistoryDialog *self = WR_HISTORY_DIALOG (object);

  g_clear_object (&self->rows);

  G_OBJECT_CLASS (wr_history_dialog_parent_class)->dispose (object);
}

static void
wr_history_dialog_class_init (WrHistoryDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wr_history_dialog_dispose;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wr_history_dialog_init (WrHistoryDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  self->rows = g_list_store_new (GTK_TYPE_WIDGET);

  gtk_window_set_title (GTK_WINDOW (self), _("History"));
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 560);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Changes to the visit, newest first"), -1);
  gtk_widget_set_margin_top (GTK_WIDGET (self->list), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->list), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (self->list), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->list), 12);

  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->list));
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (self), box);
}

/**
 * wr_history_dialog_new:
 * @session: the visit
 *
 * Returns: (transfer floating): a window of the visit's history
 */
GtkWidget *
wr_history_dialog_new (WrVisitSession *session)
{
  WrHistoryDialog *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (WR_IS_VISIT_SESSION (session), NULL);

  self = g_object_new (WR_TYPE_HISTORY_DIALOG, NULL);
  title = g_strdup_printf (_("History of %s"), wr_visit_get_service_name (wr_visit_session_get_visit (session)));
  gtk_window_set_title (GTK_WINDOW (self), title);
  fill (self, session);

  return GTK_WIDGET (self);
}

/**
 * wr_history_dialog_get_rows:
 * @self: a #WrHistoryDialog
 *
 * Returns: (transfer none): the rows shown, newest first (#AdwActionRow)
 */
GListModel *
wr_history_dialog_get_rows (WrHistoryDialog *self)
{
  g_return_val_if_fail (WR_IS_HISTORY_DIALOG (self), NULL);

  return G_LIST_MODEL (self->rows);
}
