/* wr-question-row.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-question-row"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-a11y.h"
#include "wr-catalog.h"
#include "wr-condition.h"
#include "wr-dates.h"
#include "wr-question-row.h"
#include "wr-wrap-box.h"

/* One question of a visit, built from its type: the answer control, the
 * guidance on demand, a comment, and buttons to add an observation, an
 * action or an attachment there. Choices save at once; typing saves half a
 * second after the last key, and never more than a second behind.
 */

#define TYPING_DELAY_MS 500
#define TYPING_MAX_MS   1000

struct _WrQuestionRow
{
  GtkWidget       parent_instance;

  WrVisitSession *session;
  WrQuestion     *question;
  char           *member_uuid;
  guint           repeat;

  GtkWidget      *box;
  GtkWidget      *label;
  GtkWidget      *guidance_button;
  GtkWidget      *guidance;
  AdwBin         *answer_bin;
  GtkWidget      *problem;       /* why a typed answer is not saved */
  GtkWidget      *hidden_note;
  GtkWidget      *tools;
  GtkWidget      *comment;
  GtkWidget      *clear_button;
  GtkWidget      *observation_button;
  GtkWidget      *action_button;
  GtkWidget      *attach_button;
  GtkWidget      *observation_count;
  GtkWidget      *action_count;
  GtkWidget      *notes;         /* what was saved about the question */
  guint           n_observations;
  guint           n_actions;

  GtkWidget      *answer;        /* the control, or a box of toggles */
  GPtrArray      *toggles;       /* choice buttons, by choice index */

  gboolean        updating;      /* setting controls from the session */
  gboolean        simple;        /* the answer only: walk mode */
  guint           typing_source;
  gint64          typing_since;
  guint           comment_source;
};

G_DEFINE_FINAL_TYPE (WrQuestionRow, wr_question_row, GTK_TYPE_WIDGET)

enum {
  SAVED,
  ADD_OBSERVATION,
  ADD_ACTION,
  ATTACH,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void
emit_saved (WrQuestionRow *self,
            const GError  *error)
{
  g_signal_emit (self, signals [SAVED], 0, error ? error->message : NULL);
}

static void
save_answer (WrQuestionRow *self,
             const char    *value)
{
  g_autoptr(GError) error = NULL;

  if (self->updating)
    return;

  wr_visit_session_set_answer (self->session, self->question, self->member_uuid, self->repeat, value, &error);
  emit_saved (self, error);
}

/* What a text, number or date control holds, checked; NULL and a reason
 * when it cannot be saved as it is.
 */
static char *
read_typed (WrQuestionRow  *self,
            char          **problem)
{
  g_autofree char *text = NULL;

  *problem = NULL;

  if (GTK_IS_TEXT_VIEW (self->answer))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->answer));
      GtkTextIter start;
      GtkTextIter end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->answer))));
  if (text[0] == '\0')
    return g_steal_pointer (&text);

  /* Numbers and dates are checked as the command line checks them; a
   * date typed day first (31/12/2026) is kept as YYYY-MM-DD, as forms and
   * packs define a date.
   */
  switch (wr_question_get_question_type (self->question))
    {
    case WR_QUESTION_NUMBER:
    case WR_QUESTION_DATE:
      {
        g_autoptr(GError) error = NULL;
        char *value = wr_question_read_answer (self->question, text, &error);

        if (value == NULL)
          *problem = g_strdup (error->message);
        return value;
      }

    case WR_QUESTION_YES_NO_NA:
    case WR_QUESTION_RATING:
    case WR_QUESTION_CHOICE:
    case WR_QUESTION_MULTI_CHOICE:
    case WR_QUESTION_TEXT:
    case WR_QUESTION_NOTE:
    default:
      return g_steal_pointer (&text);
    }
}

static void
save_typed (WrQuestionRow *self)
{
  g_autofree char *problem = NULL;
  g_autofree char *value = NULL;

  g_clear_handle_id (&self->typing_source, g_source_remove);
  self->typing_since = 0;

  value = read_typed (self, &problem);
  gtk_label_set_text (GTK_LABEL (self->problem), problem ? problem : "");
  gtk_widget_set_visible (self->problem, problem != NULL);
  if (problem == NULL)
    save_answer (self, value);
}

static gboolean
typing_timeout_cb (gpointer data)
{
  WrQuestionRow *self = data;

  self->typing_source = 0;
  save_typed (self);

  return G_SOURCE_REMOVE;
}

static void
typed_cb (WrQuestionRow *self)
{
  gint64 now = g_get_monotonic_time ();
  guint delay = TYPING_DELAY_MS;

  if (self->updating)
    return;

  /* Restart the pause with each key, but never let the save fall more
   * than a second behind the first unsaved key.
   */
  if (self->typing_since == 0)
    self->typing_since = now;
  delay = MIN (delay, (guint) MAX (0, TYPING_MAX_MS - (now - self->typing_since) / 1000));

  g_clear_handle_id (&self->typing_source, g_source_remove);
  self->typing_source = g_timeout_add (delay, typing_timeout_cb, self);
}

static void
save_comment (WrQuestionRow *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->comment_source, g_source_remove);
  wr_visit_session_set_comment (self->session, self->question, self->member_uuid, self->repeat,
                                gtk_editable_get_text (GTK_EDITABLE (self->comment)), &error);
  emit_saved (self, error);
}

static gboolean
comment_timeout_cb (gpointer data)
{
  WrQuestionRow *self = data;

  self->comment_source = 0;
  save_comment (self);

  return G_SOURCE_REMOVE;
}

static void
comment_changed_cb (WrQuestionRow *self)
{
  if (self->updating)
    return;

  g_clear_handle_id (&self->comment_source, g_source_remove);
  self->comment_source = g_timeout_add (TYPING_DELAY_MS, comment_timeout_cb, self);
}

static void
toggle_toggled_cb (GtkWidget     *toggle,
                   WrQuestionRow *self)
{
  gboolean multi = wr_question_get_question_type (self->question) == WR_QUESTION_MULTI_CHOICE;
  g_autoptr(GString) value = g_string_new (NULL);

  if (self->updating)
    return;

  /* A radio group reports the button turned off as well: act on the one
   * turned on.
   */
  if (!multi && !gtk_check_button_get_active (GTK_CHECK_BUTTON (toggle)))
    return;

  for (guint i = 0; i < self->toggles->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (self->toggles, i);

      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (button)))
        {
          if (value->len > 0)
            g_string_append_c (value, ' ');
          g_string_append (value, wr_question_get_choice_value (self->question, i));
        }
    }

  save_answer (self, value->str);
  wr_question_row_refresh (self);
}

static void
dropdown_changed_cb (GtkDropDown   *dropdown,
                     GParamSpec    *pspec,
                     WrQuestionRow *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  /* Item 0 is "not answered". */
  save_answer (self, selected == 0 || selected == GTK_INVALID_LIST_POSITION
                     ? NULL : wr_question_get_choice_value (self->question, selected - 1));
  wr_question_row_refresh (self);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  WrQuestionRow *self = WR_QUESTION_ROW (widget);

  save_answer (self, NULL);
  wr_question_row_refresh (self);
}

/* The page opens the dialogs: the row only says where they were asked for. */
static void
add_observation_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  g_signal_emit (widget, signals [ADD_OBSERVATION], 0);
}

static void
add_action_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  g_signal_emit (widget, signals [ADD_ACTION], 0);
}

static void
attach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  g_signal_emit (widget, signals [ATTACH], 0);
}

/* A long choice wraps in a narrow window rather than widen it. The label
 * is the check button's own, which also names it for screen readers.
 */
static void
wrap_choice_label (GtkWidget *button)
{
  for (GtkWidget *child = gtk_widget_get_first_child (button); child; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child))
        {
          gtk_label_set_wrap (GTK_LABEL (child), TRUE);
          gtk_label_set_wrap_mode (GTK_LABEL (child), PANGO_WRAP_WORD_CHAR);
          gtk_label_set_xalign (GTK_LABEL (child), 0.0f);
        }
    }
}

static GtkWidget *
build_choices (WrQuestionRow *self)
{
  WrQuestionType type = wr_question_get_question_type (self->question);
  guint n = wr_question_get_n_choices (self->question);
  gboolean horizontal = type == WR_QUESTION_YES_NO_NA || (type == WR_QUESTION_RATING && n <= 5);
  GtkWidget *box;
  GtkCheckButton *group = NULL;

  /* Many options fit better in a drop-down than as a column of buttons. */
  if (type == WR_QUESTION_CHOICE && n > 6)
    {
      g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
      GtkWidget *dropdown;

      gtk_string_list_append (labels, _("Not answered"));
      for (guint i = 0; i < n; i++)
        gtk_string_list_append (labels, wr_question_get_choice_label (self->question, i));
      dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);
      gtk_widget_set_halign (dropdown, GTK_ALIGN_START);
      g_signal_connect (dropdown, "notify::selected", G_CALLBACK (dropdown_changed_cb), self);
      return dropdown;
    }

  /* A row of choices wraps in a narrow window rather than widen it. */
  if (horizontal)
    {
      box = wr_wrap_box_new ();
      wr_wrap_box_set_column_spacing (WR_WRAP_BOX (box), 18);
      wr_wrap_box_set_row_spacing (WR_WRAP_BOX (box), 6);
    }
  else
    box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  self->toggles = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *button = gtk_check_button_new_with_label (wr_question_get_choice_label (self->question, i));

      wrap_choice_label (button);

      if (type != WR_QUESTION_MULTI_CHOICE)
        {
          if (group == NULL)
            group = GTK_CHECK_BUTTON (button);
          else
            gtk_check_button_set_group (GTK_CHECK_BUTTON (button), group);
        }
      g_signal_connect (button, "toggled", G_CALLBACK (toggle_toggled_cb), self);
      g_ptr_array_add (self->toggles, button);
      if (horizontal)
        wr_wrap_box_append (WR_WRAP_BOX (box), button);
      else
        gtk_box_append (GTK_BOX (box), button);
    }

  return box;
}

static GtkWidget *
build_answer (WrQuestionRow *self)
{
  switch (wr_question_get_question_type (self->question))
    {
    case WR_QUESTION_YES_NO_NA:
    case WR_QUESTION_RATING:
    case WR_QUESTION_CHOICE:
    case WR_QUESTION_MULTI_CHOICE:
      return build_choices (self);

    case WR_QUESTION_TEXT:
      if (wr_question_get_text_size (self->question) == WR_TEXT_SIZE_LONG)
        {
          GtkWidget *view = gtk_text_view_new ();

          gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
          gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
          gtk_widget_set_size_request (view, -1, 90);
          gtk_widget_add_css_class (view, "answer-text");
          g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "changed",
                                    G_CALLBACK (typed_cb), self);
          return view;
        }
      G_GNUC_FALLTHROUGH;

    case WR_QUESTION_NUMBER:
    case WR_QUESTION_DATE:
      {
        GtkWidget *entry = gtk_entry_new ();
        WrQuestionType type = wr_question_get_question_type (self->question);

        if (type == WR_QUESTION_NUMBER)
          {
            gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
            gtk_editable_set_width_chars (GTK_EDITABLE (entry), 10);
            gtk_widget_set_halign (entry, GTK_ALIGN_START);
          }
        else if (type == WR_QUESTION_DATE)
          {
            /* Translators: how a date is typed, day first */
            gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("DD/MM/YYYY"));
            gtk_editable_set_width_chars (GTK_EDITABLE (entry), 12);
            gtk_widget_set_halign (entry, GTK_ALIGN_START);
          }
        g_signal_connect_swapped (entry, "changed", G_CALLBACK (typed_cb), self);
        g_signal_connect_swapped (entry, "activate", G_CALLBACK (save_typed), self);
        return entry;
      }

    case WR_QUESTION_NOTE:
    default:
      return NULL;
    }
}

static void
guidance_toggled_cb (WrQuestionRow *self)
{
  gtk_widget_set_visible (self->guidance, gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->guidance_button)));
}

/* A page has a dozen "Add observation" buttons: a screen reader moving
 * from one to the next hears which question each is about.
 */
static void
name_tool (GtkWidget *widget,
           char      *name)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_free (name);
}

static void
name_tools (WrQuestionRow *self)
{
  const char *question = wr_form_item_get_label (WR_FORM_ITEM (self->question));

  /* Translators: %s is a question of the form, as in the five strings after this */
  name_tool (self->guidance_button, g_strdup_printf (_("Show guidance for: %s"), question));
  name_tool (self->comment, g_strdup_printf (_("Comment on: %s"), question));
  name_tool (self->clear_button, g_strdup_printf (_("Clear the answer to: %s"), question));
  if (self->n_observations > 0)
    /* Translators: %s is a question of the form, %u how many observations were saved about it */
    name_tool (self->observation_button, g_strdup_printf (_("Add observation about: %s (%u saved)"),
                                                          question, self->n_observations));
  else
    name_tool (self->observation_button, g_strdup_printf (_("Add observation about: %s"), question));
  if (self->n_actions > 0)
    /* Translators: %s is a question of the form, %u how many actions were saved about it */
    name_tool (self->action_button, g_strdup_printf (_("Add action about: %s (%u saved)"), question, self->n_actions));
  else
    name_tool (self->action_button, g_strdup_printf (_("Add action about: %s"), question));
  name_tool (self->attach_button, g_strdup_printf (_("Attach a photo or document to: %s"), question));
  /* Translators: %s is a question of the form; the list of what was saved about it */
  name_tool (self->notes, g_strdup_printf (_("Saved about: %s"), question));
}

/* Fills the template in for the question: its label, guidance and the
 * control its type asks for.
 */
static void
build (WrQuestionRow *self)
{
  WrFormItem *item = WR_FORM_ITEM (self->question);
  const char *guidance = wr_form_item_get_guidance (item);
  gboolean answerable = wr_question_get_answerable (self->question);
  g_autofree char *label = NULL;

  label = wr_question_get_required (self->question)
          ? g_strdup_printf (_("%s (required)"), wr_form_item_get_label (item))
          : g_strdup (wr_form_item_get_label (item));
  gtk_label_set_text (GTK_LABEL (self->label), label);
  if (answerable)
    gtk_widget_add_css_class (self->label, "heading");
  name_tools (self);

  if (guidance != NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->guidance), guidance);
      /* A note is all guidance: always shown. Otherwise it is on demand. */
      gtk_widget_set_visible (self->guidance, !answerable);
      gtk_widget_set_visible (self->guidance_button, answerable);
    }

  if (!answerable)
    return;

  self->answer = build_answer (self);
  if (GTK_IS_DROP_DOWN (self->answer))
    wr_a11y_label_drop_down (GTK_DROP_DOWN (self->answer), self->label);
  else
    gtk_accessible_update_relation (GTK_ACCESSIBLE (self->answer), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                    self->label, NULL, -1);
  adw_bin_set_child (self->answer_bin, self->answer);
  gtk_widget_set_visible (GTK_WIDGET (self->answer_bin), TRUE);
  gtk_widget_set_visible (self->tools, TRUE);
}

/**
 * wr_question_row_refresh:
 * @self: a #WrQuestionRow
 *
 * Shows the question as the session has it: its answer, whether a
 * condition hides it, and whether the visit can still be changed.
 */
void
wr_question_row_refresh (WrQuestionRow *self)
{
  const char *value;
  gboolean shown;
  gboolean read_only;
  gboolean kept;

  g_return_if_fail (WR_IS_QUESTION_ROW (self));

  shown = wr_visit_session_is_shown (self->session, WR_FORM_ITEM (self->question), self->member_uuid, self->repeat);
  if (!wr_question_get_answerable (self->question))
    {
      gtk_widget_set_visible (GTK_WIDGET (self), shown);
      return;
    }

  value = wr_visit_session_get_answer (self->session, self->question, self->member_uuid, self->repeat);
  kept = !shown && !wr_answer_is_empty (value);
  read_only = wr_visit_session_get_read_only (self->session);

  /* Hidden, unless there is an answer to keep: then said to be hidden. */
  gtk_widget_set_visible (GTK_WIDGET (self), shown || kept);
  gtk_widget_set_visible (self->hidden_note, kept);
  gtk_widget_set_sensitive (self->answer, !read_only && shown);
  gtk_widget_set_sensitive (self->tools, !read_only && shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "question.add-observation", !read_only && shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "question.add-action", !read_only && shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "question.attach", !read_only && shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "question.clear", !read_only && shown);
  gtk_widget_set_visible (self->clear_button, !wr_answer_is_empty (value) && self->toggles != NULL);

  self->updating = TRUE;

  if (self->toggles != NULL)
    {
      for (guint i = 0; i < self->toggles->len; i++)
        gtk_check_button_set_active (g_ptr_array_index (self->toggles, i),
                                     wr_answer_has_value (value, wr_question_get_choice_value (self->question, i)));
    }
  else if (GTK_IS_DROP_DOWN (self->answer))
    {
      int index = value ? wr_question_find_choice (self->question, value) : -1;

      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->answer), index < 0 ? 0 : (guint) index + 1);
    }
  else if (self->typing_source == 0 && !gtk_widget_has_focus (self->answer))
    {
      /* Never overwrite what is being typed. */
      if (GTK_IS_TEXT_VIEW (self->answer))
        gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->answer)), value ? value : "", -1);
      else if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->answer)), value ? value : "") != 0)
        gtk_editable_set_text (GTK_EDITABLE (self->answer), value ? value : "");
    }

  if (self->comment_source == 0 && !gtk_widget_has_focus (self->comment))
    {
      const char *comment = wr_visit_session_get_comment (self->session, self->question, self->member_uuid,
                                                          self->repeat);

      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->comment)), comment) != 0)
        gtk_editable_set_text (GTK_EDITABLE (self->comment), comment);
    }

  self->updating = FALSE;
}

/* The title of an observation kind, as the catalogue names it. */
static const char *
kind_title (const char *kind)
{
  WrCatalog *catalog = wr_catalog_get_default (NULL);
  WrCatalogEntry *entry = catalog && kind ? wr_catalog_lookup (catalog, WR_CATALOG_OBSERVATION_KIND, kind) : NULL;

  return entry ? wr_catalog_entry_get_title (entry) : (kind && kind[0] ? kind : _("Observation"));
}

/* The first few words of @text, to tell one note's buttons from
 * another's when they are read out.
 */
static char *
first_words (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text ? text : "", " \t\n", -1);
  g_autoptr(GString) out = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; words[i] != NULL && n < 6; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, words[i]);
      n++;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A flat icon button for the visit page's @action on the note @uuid. */
static GtkWidget *
note_button (const char *icon,
             const char *tooltip,
             const char *spoken,
             const char *action,
             const char *uuid)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  wr_a11y_set_tooltip (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", uuid);
  return button;
}

/* A saved note under the question, with Edit and Remove as in the
 * page's lists (the page's visit.edit-… and visit.remove-… actions).
 */
static void
add_note_row (WrQuestionRow *self,
              const char    *title,
              const char    *subtitle,
              gboolean       is_action,
              const char    *uuid)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *words = first_words (title);
  g_autofree char *edit_name = NULL;
  g_autofree char *remove_name = NULL;

  if (is_action)
    {
      edit_name = g_strdup_printf (_("Edit action: %s"), words);
      remove_name = g_strdup_printf (_("Remove action: %s"), words);
    }
  else
    {
      edit_name = g_strdup_printf (_("Edit observation: %s"), words);
      remove_name = g_strdup_printf (_("Remove observation: %s"), words);
    }
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             note_button ("document-edit-symbolic", _("Edit"), edit_name,
                                          is_action ? "visit.edit-action" : "visit.edit-observation", uuid));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             note_button ("user-trash-symbolic", _("Remove"), remove_name,
                                          is_action ? "visit.remove-action" : "visit.remove-observation", uuid));
  gtk_list_box_append (GTK_LIST_BOX (self->notes), row);
}

static void
set_count (GtkWidget *label,
           guint      n)
{
  g_autofree char *text = g_strdup_printf ("%u", n);

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_visible (label, n > 0);
}

/**
 * wr_question_row_refresh_notes:
 * @self: a #WrQuestionRow
 *
 * Shows under the question the observations and actions saved about it,
 * as the session has them, and counts them on its buttons.
 */
void
wr_question_row_refresh_notes (WrQuestionRow *self)
{
  GPtrArray *observations;
  GPtrArray *actions;
  GtkWidget *child;

  g_return_if_fail (WR_IS_QUESTION_ROW (self));

  observations = wr_visit_session_list_observations_at (self->session, WR_FORM_ITEM (self->question),
                                                        self->member_uuid, self->repeat);
  actions = wr_visit_session_list_actions_at (self->session, WR_FORM_ITEM (self->question), self->repeat);

  while ((child = gtk_widget_get_first_child (self->notes)))
    gtk_list_box_remove (GTK_LIST_BOX (self->notes), child);

  for (guint i = 0; observations && i < observations->len; i++)
    {
      WrObservation *o = g_ptr_array_index (observations, i);

      add_note_row (self, wr_observation_get_text (o), kind_title (wr_observation_get_kind (o)), FALSE,
                    wr_observation_get_uuid (o));
    }
  for (guint i = 0; actions && i < actions->len; i++)
    {
      WrAction *a = g_ptr_array_index (actions, i);
      const char *owner = wr_action_get_owner (a);
      g_autofree char *due = wr_action_get_due (a) ? wr_date_format (wr_action_get_due (a)) : NULL;
      g_autofree char *subtitle = NULL;

      /* Translators: what an action under its question says below its
       * words: "Action · Ward manager · 31 December 2026"
       */
      subtitle = g_strdup_printf ("%s%s%s%s%s", _("Action"), owner && owner[0] ? " · " : "", owner ? owner : "",
                                  due ? " · " : "", due ? due : "");
      add_note_row (self, wr_action_get_text (a), subtitle, TRUE, wr_action_get_uuid (a));
    }

  self->n_observations = observations ? observations->len : 0;
  self->n_actions = actions ? actions->len : 0;
  gtk_widget_set_visible (self->notes, !self->simple && self->n_observations + self->n_actions > 0);
  set_count (self->observation_count, self->n_observations);
  set_count (self->action_count, self->n_actions);
  name_tools (self);
}

/**
 * wr_question_row_flush:
 * @self: a #WrQuestionRow
 *
 * Saves at once what is waiting for the pause in typing, as when the page
 * or the window closes.
 */
void
wr_question_row_flush (WrQuestionRow *self)
{
  g_return_if_fail (WR_IS_QUESTION_ROW (self));

  if (self->typing_source != 0)
    save_typed (self);
  if (self->comment_source != 0)
    save_comment (self);
}

gboolean
wr_question_row_focus_answer (WrQuestionRow *self)
{
  g_return_val_if_fail (WR_IS_QUESTION_ROW (self), FALSE);

  if (self->toggles != NULL && self->toggles->len > 0)
    return gtk_widget_grab_focus (g_ptr_array_index (self->toggles, 0));
  if (self->answer != NULL)
    return gtk_widget_grab_focus (self->answer);
  return FALSE;
}

static void
wr_question_row_dispose (GObject *object)
{
  WrQuestionRow *self = (WrQuestionRow *)object;

  if (self->session != NULL)
    wr_question_row_flush (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), WR_TYPE_QUESTION_ROW);
  self->answer = NULL;
  g_clear_pointer (&self->toggles, g_ptr_array_unref);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (wr_question_row_parent_class)->dispose (object);
}

static void
wr_question_row_finalize (GObject *object)
{
  WrQuestionRow *self = (WrQuestionRow *)object;

  g_clear_pointer (&self->member_uuid, g_free);

  G_OBJECT_CLASS (wr_question_row_parent_class)->finalize (object);
}

static void
wr_question_row_class_init (WrQuestionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wr_question_row_dispose;
  object_class->finalize = wr_question_row_finalize;

  /**
   * WrQuestionRow::saved:
   * @message: (nullable): why the answer was not saved, or %NULL
   */
  signals [SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals [ADD_OBSERVATION] =
    g_signal_new ("add-observation", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals [ADD_ACTION] =
    g_signal_new ("add-action", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals [ATTACH] =
    g_signal_new ("attach", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "questionrow");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/wr-question-row.ui");
  gtk_widget_class_bind_template_child (widget_class, WrQuestionRow, box);
  gtk_widget_class_bind_template_child (widget_class, WrQuestionRow, label);
  gtk_widget_class_bind_template_child (widget_class, WrQuestionRow, guidance_button);
  gtk_widget_class_bind_template_child (widget_class, WrQuestionRow, guidance);
  gtk_widget_class_bind_template_child (widget_class, WrQuestionRow, answer_bin);
  gtk_widget_class_bind_template_child (widget_class, WrQuestionRow, problem);
  gtk_widget_class_bind_template_child (widget_class, WrQuestionRow, hidden_note);
  gtk_widget_class_bind_template_child (widget_class, WrQuestionRow, tools);
  gtk_widget_class_bind_template_child (widget_class, WrQuestionRow, comment);
  gtk_widget_class_bind_template_child (widget_class, WrQuestionRow, clear_button);
  gtk_widget_class_bind_template_child (widget_class, WrQuestionRow, observation_button);
  gtk_widget_class_bind_template_child (widget_class, WrQuestionRow, action_button);
  gtk_widget_class_bind_template_child (widget_class, WrQuestionRow, attach_button);
  gtk_widget_class_bind_template_child (widget_class, WrQuestionRow, observation_count);
  gtk_widget_class_bind_template_child (widget_class, WrQuestionRow, action_count);
  gtk_widget_class_bind_template_child (widget_class, WrQuestionRow, notes);
  gtk_widget_class_bind_template_callback (widget_class, guidance_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, comment_changed_cb);

  gtk_widget_class_install_action (widget_class, "question.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "question.add-observation", NULL, add_observation_action);
  gtk_widget_class_install_action (widget_class, "question.add-action", NULL, add_action_action);
  gtk_widget_class_install_action (widget_class, "question.attach", NULL, attach_action);
}

static void
wr_question_row_init (WrQuestionRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* In code, not the template: see wr_a11y_set_tooltip(). */
  wr_a11y_set_tooltip (self->guidance_button, _("Show guidance"));
  wr_a11y_set_tooltip (self->clear_button, _("Clear the answer"));
  wr_a11y_set_tooltip (self->observation_button, _("Add an observation about this"));
  wr_a11y_set_tooltip (self->action_button, _("Add an action about this"));
  wr_a11y_set_tooltip (self->attach_button, _("Attach a photo or document"));
}

WrQuestionRow *
wr_question_row_new (WrVisitSession *session,
                     WrQuestion     *question,
                     const char     *member_uuid,
                     guint           repeat)
{
  WrQuestionRow *self;

  g_return_val_if_fail (WR_IS_VISIT_SESSION (session), NULL);
  g_return_val_if_fail (WR_IS_QUESTION (question), NULL);

  self = g_object_new (WR_TYPE_QUESTION_ROW, NULL);
  self->session = g_object_ref (session);
  self->question = question;
  self->member_uuid = g_strdup (member_uuid ? member_uuid : "");
  self->repeat = repeat;

  build (self);
  wr_question_row_refresh (self);
  if (wr_question_get_answerable (question))
    wr_question_row_refresh_notes (self);

  return self;
}

WrQuestion *
wr_question_row_get_question (WrQuestionRow *self)
{
  g_return_val_if_fail (WR_IS_QUESTION_ROW (self), NULL);
  return self->question;
}

const char *
wr_question_row_get_member (WrQuestionRow *self)
{
  g_return_val_if_fail (WR_IS_QUESTION_ROW (self), NULL);
  return self->member_uuid;
}

guint
wr_question_row_get_repeat (WrQuestionRow *self)
{
  g_return_val_if_fail (WR_IS_QUESTION_ROW (self), 0);
  return self->repeat;
}

/**
 * wr_question_row_set_simple:
 * @self: a #WrQuestionRow
 *
 * Shows the question and its answer only, without the comment, the
 * buttons to add an observation, an action or a photo, and what was saved
 * about it: walk mode's row, where nothing else can be changed.
 */
void
wr_question_row_set_simple (WrQuestionRow *self)
{
  g_return_if_fail (WR_IS_QUESTION_ROW (self));

  self->simple = TRUE;
  gtk_widget_set_visible (self->tools, FALSE);
  gtk_widget_set_visible (self->notes, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "question.add-action", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "question.attach", FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "simple");
}
