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

  GtkTextView    *text_view;
  GtkDropDown    *kind_dropdown;
  GtkDropDown    *voice_dropdown;
  GtkLabel       *links_label;
  GtkLabel       *error_label;

  WrVisitSession *session;
  WrFormItem     *item;
  char           *member_uuid;
  guint           repeat;
  GPtrArray      *kinds;   /* ids, parallel to kind_dropdown */
  GPtrArray      *voices;  /* ids after "not said", parallel to voice_dropdown */
};

G_DEFINE_FINAL_TYPE (WrObservationDialog, wr_observation_dialog, ADW_TYPE_WINDOW)

static void
save_clicked_cb (WrObservationDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *uuid = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);
  guint voice = gtk_drop_down_get_selected (self->voice_dropdown);
  const WrEvidence *evidence = self->item ? wr_form_item_get_evidence (self->item) : NULL;
  WrObservationFields fields = { NULL, };
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
  if (evidence != NULL)
    {
      fields.regulations = evidence->regulations;
      fields.statements = evidence->statements;
      fields.key_questions = evidence->key_questions;
      fields.themes = evidence->themes;
      fields.category = evidence->categories && evidence->categories[0] ? evidence->categories[0] : NULL;
    }

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

static GtkWidget *
labelled (const char *mnemonic,
          GtkWidget  *widget)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_add_css_class (label, "heading");
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), widget);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), widget);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);

  return box;
}

static void
wr_observation_dialog_dispose (GObject *object)
{
  WrObservationDialog *self = (WrObservationDialog *)object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->member_uuid, g_free);
  g_clear_pointer (&self->kinds, g_ptr_array_unref);
  g_clear_pointer (&self->voices, g_ptr_array_unref);

  G_OBJECT_CLASS (wr_observation_dialog_parent_class)->dispose (object);
}

static void
wr_observation_dialog_class_init (WrObservationDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = wr_observation_dialog_dispose;
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wr_observation_dialog_init (WrObservationDialog *self)
{
  self->kinds = g_ptr_array_new_with_free_func (g_free);
  self->voices = g_ptr_array_new_with_free_func (g_free);
}

static GtkWidget *
catalog_dropdown (WrCatalogKind  kind,
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

  return gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);
}

/* Says which evidence the observation will be linked to. */
static char *
describe_links (WrFormItem *item)
{
  const WrEvidence *evidence = item ? wr_form_item_get_evidence (item) : NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  if (evidence == NULL)
    return NULL;
  if (evidence->regulations && evidence->regulations[0])
    {
      g_autofree char *list = g_strjoinv (", ", (char **) evidence->regulations);

      g_string_append_printf (text, _("Regulations %s"), list);
    }
  if (evidence->themes && evidence->themes[0])
    {
      g_autofree char *list = g_strjoinv (", ", (char **) evidence->themes);

      if (text->len)
        g_string_append (text, "; ");
      g_string_append_printf (text, _("15 Steps themes: %s"), list);
    }
  if (text->len == 0)
    return NULL;

  return g_strdup_printf (_("Linked to %s, as the question is."), text->str);
}

/**
 * wr_observation_dialog_new:
 * @session: the visit
 * @item: (nullable): the question or prompt it was written at
 * @member_uuid: (nullable): whose observation, in a per-member section
 * @repeat: which filling of a repeatable section
 *
 * Returns: (transfer full): a new dialog
 */
WrObservationDialog *
wr_observation_dialog_new (WrVisitSession *session,
                           WrFormItem     *item,
                           const char     *member_uuid,
                           guint           repeat)
{
  WrObservationDialog *self;
  g_autofree char *links = describe_links (item);
  GtkWidget *box;
  GtkWidget *header;
  GtkWidget *cancel;
  GtkWidget *save;
  GtkWidget *scrolled;
  GtkWidget *content;

  g_return_val_if_fail (WR_IS_VISIT_SESSION (session), NULL);

  self = g_object_new (WR_TYPE_OBSERVATION_DIALOG,
                       "modal", TRUE,
                       "title", _("Add Observation"),
                       "default-width", 520,
                       NULL);
  self->session = g_object_ref (session);
  self->item = item;
  self->member_uuid = g_strdup (member_uuid);
  self->repeat = repeat;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  save = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_add_css_class (save, "suggested-action");
  g_signal_connect_swapped (save, "clicked", G_CALLBACK (save_clicked_cb), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), save);
  gtk_box_append (GTK_BOX (box), header);

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 18);
  gtk_widget_set_margin_end (content, 18);

  if (item != NULL)
    {
      GtkWidget *about = gtk_label_new (wr_form_item_get_label (item));

      gtk_label_set_wrap (GTK_LABEL (about), TRUE);
      gtk_label_set_xalign (GTK_LABEL (about), 0.0f);
      gtk_widget_add_css_class (about, "dim-label");
      gtk_box_append (GTK_BOX (content), about);
    }

  self->text_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (self->text_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (self->text_view, FALSE);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->text_view));
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 120);
  gtk_widget_add_css_class (scrolled, "card");
  gtk_box_append (GTK_BOX (content), labelled (_("What you saw or _heard"), scrolled));
  {
    /* The label names the text, not the scrolled window around it. */
    GtkWidget *label = gtk_widget_get_first_child (gtk_widget_get_last_child (content));

    gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->text_view));
    gtk_accessible_update_relation (GTK_ACCESSIBLE (self->text_view), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                    label, NULL, -1);
  }

  self->kind_dropdown = GTK_DROP_DOWN (catalog_dropdown (WR_CATALOG_OBSERVATION_KIND, NULL, self->kinds));
  gtk_box_append (GTK_BOX (content), labelled (_("_Kind"), GTK_WIDGET (self->kind_dropdown)));

  /* The prompt may say which kinds it asks for: start on the first. */
  if (item != NULL && WR_IS_OBSERVATIONS (item))
    {
      const char * const *kinds = wr_observations_get_kinds (WR_OBSERVATIONS (item));

      for (guint i = 0; kinds && kinds[0] && i < self->kinds->len; i++)
        if (g_str_equal (g_ptr_array_index (self->kinds, i), kinds[0]))
          gtk_drop_down_set_selected (self->kind_dropdown, i);
    }

  self->voice_dropdown = GTK_DROP_DOWN (catalog_dropdown (WR_CATALOG_VOICE, _("Not said"), self->voices));
  gtk_box_append (GTK_BOX (content), labelled (_("Whose _voice"), GTK_WIDGET (self->voice_dropdown)));
  wr_a11y_name_drop_downs (GTK_WIDGET (self->kind_dropdown));
  wr_a11y_name_drop_downs (GTK_WIDGET (self->voice_dropdown));

  self->links_label = GTK_LABEL (gtk_label_new (links));
  gtk_label_set_wrap (self->links_label, TRUE);
  gtk_label_set_xalign (self->links_label, 0.0f);
  gtk_widget_add_css_class (GTK_WIDGET (self->links_label), "caption");
  gtk_widget_set_visible (GTK_WIDGET (self->links_label), links != NULL);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->links_label));

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->error_label));

  gtk_box_append (GTK_BOX (box), content);
  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_window_set_default_widget (GTK_WINDOW (self), save);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));

  return self;
}

void
wr_observation_dialog_set_text (WrObservationDialog *self,
                                const char          *text)
{
  g_return_if_fail (WR_IS_OBSERVATION_DIALOG (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text, -1);
}
