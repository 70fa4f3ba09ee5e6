/* wr-observation-dialog.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-observation-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-a11y.h"
#include "wr-catalog.h"
#include "wr-observations.h"
#include "wr-observation-dialog.h"

/* Records what a visitor saw or heard, in their words, with its kind and
 * whose voice it is. It is linked to the evidence of the question or
 * prompt it was written at.
 */
struct _WrObservationDialog
{
  AdwWindow       parent_instance;

  GtkLabel       *about_label;
  GtkTextView    *text_view;
  GtkLabel       *kind_label;
  GtkDropDown    *kind_dropdown;
  GtkLabel       *voice_label;
  GtkDropDown    *voice_dropdown;
  GtkWidget      *statement_box;
  GtkLabel       *statement_label;
  GtkDropDown    *statement_dropdown;
  GtkLabel       *links_label;
  GtkLabel       *error_label;
  GtkWidget      *save_button;

  WrVisitSession *session;
  WrFormItem     *item;
  char           *member_uuid;
  guint           repeat;
  GPtrArray      *kinds;   /* ids, parallel to kind_dropdown */
  GPtrArray      *voices;  /* ids after "not said", parallel to voice_dropdown */
  GPtrArray      *statements;  /* ids after "none", parallel to statement_dropdown */
  char           *tagged;  /* the statement the edited observation was tagged with, or NULL */
  WrObservation  *observation;  /* the one being edited, or NULL for a new one */
};

G_DEFINE_FINAL_TYPE (WrObservationDialog, wr_observation_dialog, ADW_TYPE_WINDOW)

/* @statements, less the one the observation was tagged with, and with
 * the one chosen now: the links its question gave it stay.
 */
static GStrv
tag_statements (WrObservationDialog *self,
                const char * const  *statements)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint chosen = gtk_drop_down_get_selected (self->statement_dropdown);
  const char *tag = NULL;

  if (gtk_widget_get_visible (self->statement_box) && chosen > 0 && chosen != GTK_INVALID_LIST_POSITION &&
      chosen - 1 < self->statements->len)
    tag = g_ptr_array_index (self->statements, chosen - 1);

  for (guint i = 0; statements != NULL && statements[i] != NULL; i++)
    if (g_strcmp0 (statements[i], self->tagged) != 0 && g_strcmp0 (statements[i], tag) != 0)
      g_strv_builder_add (builder, statements[i]);
  if (tag != NULL)
    g_strv_builder_add (builder, tag);

  return g_strv_builder_end (builder);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  WrObservationDialog *self = WR_OBSERVATION_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *uuid = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);
  guint voice = gtk_drop_down_get_selected (self->voice_dropdown);
  const WrEvidence *evidence = self->item ? wr_form_item_get_evidence (self->item) : NULL;
  WrObservationFields fields = { NULL, };
  g_auto(GStrv) statements = NULL;
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  fields.question_id = self->item ? wr_form_item_get_id (self->item) : NULL;
  fields.member_uuid = self->member_uuid;
  fields.repeat_uuid = self->item ? wr_visit_session_get_repeat_uuid (self->session,
                                                                      wr_form_item_get_section (self->item),
                                                                      self->repeat) : NULL;
  fields.text = text;
  fields.kind = kind < self->kinds->len ? g_ptr_array_index (self->kinds, kind) : NULL;
  fields.voice = voice > 0 && voice - 1 < self->voices->len ? g_ptr_array_index (self->voices, voice - 1) : "";
  if (self->observation != NULL)
    {
      /* Editing changes the words, the kind and the voice; where it was
       * written and the evidence it is linked to stay as they were.
       */
      fields.question_id = wr_observation_get_question_id (self->observation);
      fields.member_uuid = wr_observation_get_member_uuid (self->observation);
      fields.repeat_uuid = wr_observation_get_repeat_uuid (self->observation);
      fields.category = wr_observation_get_category (self->observation);
      fields.regulations = wr_observation_get_regulations (self->observation);
      statements = tag_statements (self, wr_observation_get_statements (self->observation));
      fields.statements = (const char * const *) statements;
      fields.key_questions = wr_observation_get_key_questions (self->observation);
      fields.themes = wr_observation_get_themes (self->observation);

      if (!wr_store_update_observation (wr_visit_session_get_store (self->session),
                                        wr_observation_get_uuid (self->observation), &fields, &error))
        {
          gtk_label_set_text (self->error_label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
          return;
        }

      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  if (evidence != NULL)
    {
      fields.regulations = evidence->regulations;
      fields.statements = evidence->statements;
      fields.key_questions = evidence->key_questions;
      fields.themes = evidence->themes;
      fields.category = evidence->categories && evidence->categories[0] ? evidence->categories[0] : NULL;
    }
  statements = tag_statements (self, fields.statements);
  fields.statements = (const char * const *) statements;

  uuid = wr_store_add_observation (wr_visit_session_get_store (self->session),
                                   wr_visit_get_uuid (wr_visit_session_get_visit (self->session)),
                                   &fields, &error);
  if (uuid == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

static void
text_changed_cb (WrObservationDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  g_autofree char *text = NULL;
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "observation.save", text[0] != '\0');
}

/* The drop-down's labels, and @ids filled with the ids they stand for. */
static void
fill_from_catalog (GtkDropDown   *dropdown,
                   WrCatalogKind  kind,
                   const char    *first,
                   GPtrArray     *ids)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  WrCatalog *catalog = wr_catalog_get_default (NULL);
  GListModel *entries = catalog ? wr_catalog_list (catalog, kind) : NULL;

  if (first != NULL)
    gtk_string_list_append (labels, first);
  for (guint i = 0; entries && i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(WrCatalogEntry) entry = g_list_model_get_item (entries, i);

      gtk_string_list_append (labels, wr_catalog_entry_get_title (entry));
      g_ptr_array_add (ids, g_strdup (wr_catalog_entry_get_id (entry)));
    }

  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (labels));
}

/* The quality statements, each after its key question, for tagging. */
static void
fill_statements (WrObservationDialog *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  WrCatalog *catalog = wr_catalog_get_default (NULL);
  GListModel *key_questions = catalog ? wr_catalog_list (catalog, WR_CATALOG_KEY_QUESTION) : NULL;
  g_autoptr(GtkExpression) expression = NULL;

  gtk_string_list_append (labels, _("None"));
  for (guint k = 0; key_questions && k < g_list_model_get_n_items (key_questions); k++)
    {
      g_autoptr(WrCatalogEntry) key_question = g_list_model_get_item (key_questions, k);
      g_autoptr(GPtrArray) statements = wr_catalog_list_statements (catalog, wr_catalog_entry_get_id (key_question));

      for (guint s = 0; s < statements->len; s++)
        {
          WrCatalogEntry *statement = g_ptr_array_index (statements, s);
          /* Translators: a CQC key question, then one of its quality statements */
          g_autofree char *label = g_strdup_printf (_("%s: %s"), wr_catalog_entry_get_title (key_question),
                                                    wr_catalog_entry_get_title (statement));

          gtk_string_list_append (labels, label);
          g_ptr_array_add (self->statements, g_strdup (wr_catalog_entry_get_id (statement)));
        }
    }

  /* Typing finds a statement among the thirty-four. */
  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  gtk_drop_down_set_expression (self->statement_dropdown, expression);
  gtk_drop_down_set_model (self->statement_dropdown, G_LIST_MODEL (labels));
}

/* NED and 15 Steps visits write what they see in their own words, with
 * no question to link it: the visitor may tag a statement. Other forms
 * link an observation through its question.
 */
static void
offer_tagging (WrObservationDialog *self)
{
  WrVisit *visit = wr_visit_session_get_visit (self->session);
  const char *kind = visit ? wr_visit_get_kind (visit) : NULL;

  gtk_widget_set_visible (self->statement_box,
                          g_strcmp0 (kind, "ned-visit") == 0 || g_strcmp0 (kind, "fifteen-steps") == 0);
}

static void
wr_observation_dialog_dispose (GObject *object)
{
  WrObservationDialog *self = (WrObservationDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), WR_TYPE_OBSERVATION_DIALOG);
  g_clear_object (&self->session);
  g_clear_object (&self->item);
  g_clear_object (&self->observation);

  G_OBJECT_CLASS (wr_observation_dialog_parent_class)->dispose (object);
}

static void
wr_observation_dialog_finalize (GObject *object)
{
  WrObservationDialog *self = (WrObservationDialog *)object;

  g_clear_pointer (&self->member_uuid, g_free);
  g_clear_pointer (&self->kinds, g_ptr_array_unref);
  g_clear_pointer (&self->voices, g_ptr_array_unref);
  g_clear_pointer (&self->statements, g_ptr_array_unref);
  g_clear_pointer (&self->tagged, g_free);

  G_OBJECT_CLASS (wr_observation_dialog_parent_class)->finalize (object);
}

static void
wr_observation_dialog_class_init (WrObservationDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wr_observation_dialog_dispose;
  object_class->finalize = wr_observation_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/wr-observation-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, WrObservationDialog, about_label);
  gtk_widget_class_bind_template_child (widget_class, WrObservationDialog, text_view);
  gtk_widget_class_bind_template_child (widget_class, WrObservationDialog, kind_label);
  gtk_widget_class_bind_template_child (widget_class, WrObservationDialog, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WrObservationDialog, voice_label);
  gtk_widget_class_bind_template_child (widget_class, WrObservationDialog, voice_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WrObservationDialog, statement_box);
  gtk_widget_class_bind_template_child (widget_class, WrObservationDialog, statement_label);
  gtk_widget_class_bind_template_child (widget_class, WrObservationDialog, statement_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WrObservationDialog, links_label);
  gtk_widget_class_bind_template_child (widget_class, WrObservationDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, WrObservationDialog, save_button);

  gtk_widget_class_install_action (widget_class, "observation.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wr_observation_dialog_init (WrObservationDialog *self)
{
  GtkEventController *shortcuts;

  self->kinds = g_ptr_array_new_with_free_func (g_free);
  self->voices = g_ptr_array_new_with_free_func (g_free);
  self->statements = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_window_set_default_widget (GTK_WINDOW (self), self->save_button);

  /* Enter makes a new line in the text, so Ctrl+Enter saves. It is caught
   * before the text view sees it, or the text view would take it for a new
   * line too.
   */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return|<Control>KP_Enter"),
                                                          gtk_named_action_new ("observation.save")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  fill_from_catalog (self->kind_dropdown, WR_CATALOG_OBSERVATION_KIND, NULL, self->kinds);
  fill_from_catalog (self->voice_dropdown, WR_CATALOG_VOICE, _("Not said"), self->voices);
  wr_a11y_label_drop_down (self->kind_dropdown, GTK_WIDGET (self->kind_label));
  wr_a11y_label_drop_down (self->voice_dropdown, GTK_WIDGET (self->voice_label));
  fill_statements (self);
  wr_a11y_label_drop_down (self->statement_dropdown, GTK_WIDGET (self->statement_label));

  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (text_changed_cb), self, G_CONNECT_SWAPPED);
  text_changed_cb (self);

  /* Ready to write in, rather than on Cancel, the first control in the tree. */
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

/* Names the evidence an observation is linked to, or returns NULL. */
static char *
describe_links (const char * const *regulations,
                const char * const *themes)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (regulations && regulations[0])
    {
      g_autofree char *list = g_strjoinv (", ", (char **) regulations);

      g_string_append_printf (text, _("Regulations %s"), list);
    }
  if (themes && themes[0])
    {
      g_autofree char *list = g_strjoinv (", ", (char **) themes);

      if (text->len)
        g_string_append (text, "; ");
      g_string_append_printf (text, _("15 Steps themes: %s"), list);
    }
  if (text->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
show_links (WrObservationDialog *self,
            const char          *links)
{
  gtk_label_set_text (self->links_label, links);
  gtk_widget_set_visible (GTK_WIDGET (self->links_label), links != NULL);
}

/**
 * wr_observation_dialog_new:
 * @session: the visit
 * @item: (nullable): the question or prompt it was written at
 * @member_uuid: (nullable): whose observation, in a per-member section
 * @repeat: which filling of a repeatable section
 *
 * Returns: (transfer none): a new dialog, owned by GTK until it is closed
 */
WrObservationDialog *
wr_observation_dialog_new (WrVisitSession *session,
                           WrFormItem     *item,
                           const char     *member_uuid,
                           guint           repeat)
{
  WrObservationDialog *self;
  const WrEvidence *evidence;
  g_autofree char *links = NULL;

  g_return_val_if_fail (WR_IS_VISIT_SESSION (session), NULL);
  g_return_val_if_fail (item == NULL || WR_IS_FORM_ITEM (item), NULL);

  evidence = item ? wr_form_item_get_evidence (item) : NULL;

  self = g_object_new (WR_TYPE_OBSERVATION_DIALOG, NULL);
  self->session = g_object_ref (session);
  self->item = item ? g_object_ref (item) : NULL;
  self->member_uuid = g_strdup (member_uuid);
  self->repeat = repeat;
  offer_tagging (self);

  if (item != NULL)
    {
      gtk_label_set_text (self->about_label, wr_form_item_get_label (item));
      gtk_widget_set_visible (GTK_WIDGET (self->about_label), TRUE);
    }

  if (evidence != NULL && (links = describe_links (evidence->regulations, evidence->themes)))
    {
      g_autofree char *sentence = g_strdup_printf (_("Linked to %s, as the question is."), links);

      show_links (self, sentence);
    }

  /* The prompt may say which kinds it asks for: start on the first. */
  if (item != NULL && WR_IS_OBSERVATIONS (item))
    {
      const char * const *kinds = wr_observations_get_kinds (WR_OBSERVATIONS (item));

      for (guint i = 0; kinds && kinds[0] && i < self->kinds->len; i++)
        if (g_str_equal (g_ptr_array_index (self->kinds, i), kinds[0]))
          gtk_drop_down_set_selected (self->kind_dropdown, i);
    }

  return self;
}

/* Selects the drop-down item whose id is @id, if there is one. */
static void
select_id (GtkDropDown *dropdown,
           GPtrArray   *ids,
           guint        offset,
           const char  *id)
{
  for (guint i = 0; id != NULL && i < ids->len; i++)
    if (g_str_equal (g_ptr_array_index (ids, i), id))
      gtk_drop_down_set_selected (dropdown, i + offset);
}

/**
 * wr_observation_dialog_new_for_observation:
 * @session: the visit
 * @observation: the observation to edit
 *
 * A dialog filled with @observation's words, kind and voice, which saves
 * them over it.
 *
 * Returns: (transfer none): a new dialog, owned by GTK until it is closed
 */
WrObservationDialog *
wr_observation_dialog_new_for_observation (WrVisitSession *session,
                                           WrObservation  *observation)
{
  WrObservationDialog *self;
  g_autofree char *links = NULL;
  const char *question_id;
  const char *voice;

  g_return_val_if_fail (WR_IS_VISIT_SESSION (session), NULL);
  g_return_val_if_fail (WR_IS_OBSERVATION (observation), NULL);

  self = g_object_new (WR_TYPE_OBSERVATION_DIALOG,
                       "title", _("Edit Observation"),
                       NULL);
  self->session = g_object_ref (session);
  self->observation = g_object_ref (observation);
  offer_tagging (self);

  /* The statement it was tagged with: the first of its own, not one its
   * question gave it.
   */
  {
    const char * const *statements = wr_observation_get_statements (observation);
    const char *question = wr_observation_get_question_id (observation);
    WrForm *form = wr_visit_session_get_form (session);
    WrFormItem *item = form && question && question[0] ? wr_form_lookup_item (form, question) : NULL;
    const WrEvidence *evidence = item ? wr_form_item_get_evidence (item) : NULL;

    for (guint i = 0; statements != NULL && statements[i] != NULL && self->tagged == NULL; i++)
      if (evidence == NULL || evidence->statements == NULL ||
          !g_strv_contains (evidence->statements, statements[i]))
        self->tagged = g_strdup (statements[i]);
    gtk_drop_down_set_selected (self->statement_dropdown, 0);
    select_id (self->statement_dropdown, self->statements, 1, self->tagged);
  }

  question_id = wr_observation_get_question_id (observation);
  if (question_id != NULL && question_id[0] != '\0')
    {
      WrForm *form = wr_visit_session_get_form (session);
      WrFormItem *item = form ? wr_form_lookup_item (form, question_id) : NULL;

      if (item != NULL)
        {
          gtk_label_set_text (self->about_label, wr_form_item_get_label (item));
          gtk_widget_set_visible (GTK_WIDGET (self->about_label), TRUE);
        }
    }

  links = describe_links (wr_observation_get_regulations (observation), wr_observation_get_themes (observation));
  if (links != NULL)
    {
      /* Translators: %s names regulations or 15 Steps themes. */
      g_autofree char *sentence = g_strdup_printf (_("Linked to %s."), links);

      show_links (self, sentence);
    }

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), wr_observation_get_text (observation), -1);
  select_id (self->kind_dropdown, self->kinds, 0, wr_observation_get_kind (observation));
  voice = wr_observation_get_voice (observation);
  gtk_drop_down_set_selected (self->voice_dropdown, 0);
  select_id (self->voice_dropdown, self->voices, 1, voice);

  return self;
}

/**
 * wr_observation_dialog_set_simple:
 * @self: a #WrObservationDialog
 *
 * Asks for the words alone: walk mode's dialog, for a member of the team
 * who need not know the kinds, voices and CQC statements. The kind stays
 * the one the prompt asks for.
 */
void
wr_observation_dialog_set_simple (WrObservationDialog *self)
{
  g_return_if_fail (WR_IS_OBSERVATION_DIALOG (self));

  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->kind_dropdown)), FALSE);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->voice_dropdown)), FALSE);
  gtk_widget_set_visible (self->statement_box, FALSE);
  show_links (self, NULL);
}
