/* wr-forms-page.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-forms-page"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wr-a11y.h"
#include "wr-forms-page.h"
#include "wr-wrap-box.h"
#include "wr-role.h"

/* The Forms page: the forms installed, the files that failed to load and
 * why, a preview of the chosen form, and "Add Form…" to install a user's
 * own XML file. In a narrow window the list and the preview take turns.
 */

/* A file larger than this is not read at all. It is well above the form
 * loader's own limit, so that any file the loader might refuse for its size
 * is refused with the loader's message; it only stops a huge file from
 * being read whole into memory.
 */
#define IMPORT_READ_LIMIT (16 * 1024 * 1024)

struct _WrFormsPage
{
  AdwBin             parent_instance;

  GtkStack          *stack;
  AdwLeaflet        *leaflet;
  GtkWidget         *list_pane;
  GtkWidget         *preview_pane;
  GtkListBox        *forms_list;
  GtkSwitch         *older_switch;
  GtkWidget         *problems_box;
  GtkListBox        *problems_list;
  GtkLabel          *user_folder_label;
  GtkWidget         *back_button;
  GtkStack          *preview_stack;
  GtkScrolledWindow *preview_scroller;
  GtkBox            *preview_box;

  WrFormLibrary     *library;
  WrForm            *selected;
  GCancellable      *cancellable;
  gboolean           reloading;
};

G_DEFINE_FINAL_TYPE (WrFormsPage, wr_forms_page, ADW_TYPE_BIN)

enum {
  ADD_TOAST,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void
add_toast (WrFormsPage *self,
           const char  *title)
{
  g_autoptr(AdwToast) toast = adw_toast_new (title);

  g_signal_emit (self, signals [ADD_TOAST], 0, toast);
}

static void
remove_all (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)))
    {
      if (GTK_IS_LIST_BOX (box))
        gtk_list_box_remove (GTK_LIST_BOX (box), child);
      else
        gtk_box_remove (GTK_BOX (box), child);
    }
}

static GtkWidget *
text_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static const char *
source_label (WrFormSource source)
{
  switch (source)
    {
    case WR_FORM_SOURCE_BUILT_IN:
      /* Translators: where a form comes from: shipped with Walkround */
      return _("Built in");
    case WR_FORM_SOURCE_PACK:
      /* Translators: where a form comes from: an evidence pack that was imported */
      return _("From a pack");
    case WR_FORM_SOURCE_USER:
    default:
      /* Translators: where a form comes from: added by the user */
      return _("Yours");
    }
}

/* Whether new visits use @form. */
static gboolean
is_newest (WrFormsPage *self,
           WrForm      *form)
{
  return wr_form_library_lookup_default (self->library, wr_form_get_id (form)) == form;
}

/* Whether @form is older than the version new visits use. */
static gboolean
is_older (WrFormsPage *self,
          WrForm      *form)
{
  WrForm *used = wr_form_library_lookup_default (self->library, wr_form_get_id (form));

  return used != NULL && wr_form_get_version (form) < wr_form_get_version (used);
}

/* "pilot.xml, device 5b1e3c1a" for a pack's form, or NULL. */
static char *
describe_pack (WrFormsPage *self,
               WrForm      *form)
{
  const char *pack = NULL;
  const char *device = NULL;
  g_autofree char *name = NULL;
  g_autofree char *short_device = NULL;

  if (!wr_form_library_get_pack_origin (self->library, form, &pack, &device))
    return NULL;

  name = pack != NULL ? g_path_get_basename (pack) : NULL;
  short_device = device != NULL ? g_strndup (device, 8) : NULL;
  if (name != NULL && short_device != NULL)
    /* Translators: the pack a form came in, and the start of the id of the device that wrote it */
    return g_strdup_printf (_("the pack “%s” (device %s…)"), name, short_device);
  if (name != NULL)
    return g_strdup_printf (_("the pack “%s”"), name);
  if (short_device != NULL)
    return g_strdup_printf (_("a pack from device %s…"), short_device);
  return g_strdup (_("a pack"));
}

/* "Self-assessment · Version 2 · Built in", for an older version
 * "Custom · Older version 1 · Yours", and for a version new visits do not
 * use "Quality visit · Version 2, not for new visits · From a pack".
 */
static char *
describe_form (WrFormsPage *self,
               WrForm      *form)
{
  const char *kind = wr_form_kind_get_label (wr_form_get_kind (form));
  g_autofree char *kind_key = g_utf8_casefold (kind, -1);
  g_autofree char *title_key = g_utf8_casefold (wr_form_get_title (form), -1);
  g_autofree char *version = NULL;

  if (is_newest (self, form))
    version = g_strdup_printf (_("Version %u"), wr_form_get_version (form));
  else if (is_older (self, form))
    version = g_strdup_printf (_("Older version %u"), wr_form_get_version (form));
  else
    /* Translators: a version of a form that new visits do not use, such as one from a pack */
    version = g_strdup_printf (_("Version %u, not for new visits"), wr_form_get_version (form));

  /* The kind goes without saying when the form is named after it. */
  if (g_utf8_collate (kind_key, title_key) == 0)
    return g_strdup_printf ("%s · %s", version, source_label (wr_form_library_get_source (self->library, form)));

  return g_strdup_printf ("%s · %s · %s", kind, version,
                          source_label (wr_form_library_get_source (self->library, form)));
}

static GtkWidget *
create_form_row (WrFormsPage *self,
                 WrForm      *form)
{
  g_autofree char *subtitle = describe_form (self, form);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), wr_form_get_title (form));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "form", g_object_ref (form), g_object_unref);

  return row;
}

/* Splits a loader message `FILE:LINE: what to change`. */
static gboolean
split_problem (const char  *message,
               char       **file,
               guint       *line,
               const char **rest)
{
  for (const char *colon = strchr (message, ':'); colon != NULL; colon = strchr (colon + 1, ':'))
    {
      const char *end = colon + 1;

      if (!g_ascii_isdigit (*end))
        continue;
      while (g_ascii_isdigit (*end))
        end++;
      if (end[0] == ':' && end[1] == ' ')
        {
          *file = g_strndup (message, colon - message);
          *line = (guint) strtoul (colon + 1, NULL, 10);
          *rest = end + 2;
          return TRUE;
        }
    }

  return FALSE;
}

static GtkWidget *
create_problem_row (WrFormsPage  *self,
                    const GError *problem)
{
  g_autofree char *file = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *title = NULL;
  const char *rest;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;
  GtkWidget *copy;
  guint line;

  if (split_problem (problem->message, &file, &line, &rest))
    {
      g_autofree char *folder = g_path_get_dirname (file);
      const char *user_folder = wr_form_library_get_user_folder (self->library);

      /* The folder is named once above the list; other folders in full. */
      title = g_strcmp0 (folder, user_folder) == 0 ? g_path_get_basename (file) : g_strdup (file);
      /* Translators: where in a form file a problem is, then the problem */
      subtitle = g_strdup_printf (_("Line %u: %s"), line, rest);
    }
  else
    {
      title = g_strdup (_("Forms"));
      subtitle = g_strdup (problem->message);
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Not loaded"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (copy, "flat");
  wr_a11y_set_tooltip (copy, _("Copy the Message"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Copy the Message"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (copy), "forms.copy-problem");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (copy), "s", problem->message);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), copy);

  return row;
}

/* ---- The preview ------------------------------------------------------- */

static WrCatalog *
get_catalog (void)
{
  /* Loaded and kept by the library already; a failure leaves ids as they are. */
  return wr_catalog_get_default (NULL);
}

static const char *
catalog_title (WrCatalogKind  kind,
               const char    *id)
{
  WrCatalog *catalog = get_catalog ();
  WrCatalogEntry *entry = catalog != NULL ? wr_catalog_lookup (catalog, kind, id) : NULL;

  return entry != NULL ? wr_catalog_entry_get_title (entry) : id;
}

static char *
join_titles (WrCatalogKind       kind,
             const char * const *ids)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, catalog_title (kind, ids[i]));
    }

  return g_string_free (out, FALSE);
}

/* One line per link: "Regulation 12: Safe care and treatment". */
static char *
describe_evidence (const WrEvidence *evidence)
{
  GString *out = g_string_new (NULL);

  if (evidence == NULL)
    return g_string_free (out, FALSE);

#define NEW_LINE() G_STMT_START { if (out->len > 0) g_string_append_c (out, '\n'); } G_STMT_END
  for (guint i = 0; evidence->regulations[i] != NULL; i++)
    {
      NEW_LINE ();
      /* Translators: a CQC fundamental standard: "Regulation 12: Safe care and treatment" */
      g_string_append_printf (out, _("Regulation %s: %s"), evidence->regulations[i],
                              catalog_title (WR_CATALOG_REGULATION, evidence->regulations[i]));
    }
  for (guint i = 0; evidence->key_questions[i] != NULL; i++)
    {
      NEW_LINE ();
      /* Translators: one of CQC's five key questions: "Key question: Safe" */
      g_string_append_printf (out, _("Key question: %s"),
                              catalog_title (WR_CATALOG_KEY_QUESTION, evidence->key_questions[i]));
    }
  for (guint i = 0; evidence->statements[i] != NULL; i++)
    {
      NEW_LINE ();
      g_string_append_printf (out, _("Quality statement: %s"),
                              catalog_title (WR_CATALOG_STATEMENT, evidence->statements[i]));
    }
  for (guint i = 0; evidence->themes[i] != NULL; i++)
    {
      NEW_LINE ();
      g_string_append_printf (out, _("15 Steps theme: %s"),
                              catalog_title (WR_CATALOG_THEME, evidence->themes[i]));
    }
  for (guint i = 0; evidence->categories[i] != NULL; i++)
    {
      NEW_LINE ();
      g_string_append_printf (out, _("Evidence category: %s"),
                              catalog_title (WR_CATALOG_EVIDENCE_CATEGORY, evidence->categories[i]));
    }
#undef NEW_LINE

  return g_string_free (out, FALSE);
}

static char *
format_number (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* In the user's locale, as a person would write it, and never as 1e+06. */
  g_snprintf (buffer, sizeof buffer, "%.15g", value);
  return g_strdup (buffer);
}

/* The kind of answer a question takes, in words. */
static char *
describe_type (WrQuestion *question)
{
  switch (wr_question_get_question_type (question))
    {
    case WR_QUESTION_YES_NO_NA:
      return g_strdup (_("Yes, no or not applicable"));
    case WR_QUESTION_RATING:
      return g_strdup (_("Rating on a scale"));
    case WR_QUESTION_CHOICE:
      return g_strdup (_("One choice from a list"));
    case WR_QUESTION_MULTI_CHOICE:
      return g_strdup (_("Any choices from a list"));
    case WR_QUESTION_TEXT:
      return g_strdup (wr_question_get_text_size (question) == WR_TEXT_SIZE_LONG
                       ? _("Text, a paragraph or more") : _("Text, a few words"));
    case WR_QUESTION_DATE:
      return g_strdup (_("Date"));
    case WR_QUESTION_NOTE:
      return g_strdup (_("Note for the visitor, not answered"));
    case WR_QUESTION_NUMBER:
      {
        gboolean integer = wr_question_get_integer (question);
        g_autofree char *min_text = NULL;
        g_autofree char *max_text = NULL;
        double minimum;
        double maximum;
        gboolean has_min = wr_question_get_minimum (question, &minimum);
        gboolean has_max = wr_question_get_maximum (question, &maximum);

        if (has_min)
          min_text = format_number (minimum);
        if (has_max)
          max_text = format_number (maximum);

        if (has_min && has_max)
          return g_strdup_printf (integer ? _("Whole number from %s to %s") : _("Number from %s to %s"),
                                  min_text, max_text);
        if (has_min)
          return g_strdup_printf (integer ? _("Whole number of at least %s") : _("Number of at least %s"),
                                  min_text);
        if (has_max)
          return g_strdup_printf (integer ? _("Whole number of at most %s") : _("Number of at most %s"),
                                  max_text);
        return g_strdup (integer ? _("Whole number") : _("Number"));
      }
    default:
      g_assert_not_reached ();
    }
}

static GtkWidget *
create_item_box (GtkWidget *row,
                 guint      depth)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12 + 18 * depth);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  return box;
}

/* Adds @text to @box as a line of the row, and to what a screen reader
 * says about the row.
 */
static void
add_line (GtkWidget  *box,
          GString    *description,
          const char *text,
          const char *css_class,
          const char *css_class2)
{
  GtkWidget *label;

  if (text == NULL || text[0] == '\0')
    return;

  label = text_label (text, css_class);
  if (css_class2 != NULL)
    gtk_widget_add_css_class (label, css_class2);
  gtk_box_append (GTK_BOX (box), label);

  if (description != NULL)
    {
      if (description->len > 0)
        g_string_append (description, ". ");
      g_string_append (description, text);
    }
}

static void
add_condition (GtkWidget   *box,
               GString     *description,
               WrFormItem  *item)
{
  const WrCondition *relevant = wr_form_item_get_relevant (item);
  g_autofree char *condition = NULL;
  g_autofree char *text = NULL;

  if (relevant == NULL)
    return;

  condition = wr_condition_to_string (relevant);
  /* Translators: %s is a condition on earlier answers, such as "setting is 'inpatient'" */
  text = g_strdup_printf (_("Asked only when %s"), condition);
  add_line (box, description, text, "caption", "form-condition");
}

static GtkWidget *
create_question_row (WrQuestion *question,
                     guint       depth)
{
  WrFormItem *item = WR_FORM_ITEM (question);
  g_autoptr(GString) description = g_string_new (NULL);
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *type = describe_type (question);
  g_autofree char *evidence = describe_evidence (wr_form_item_get_own_evidence (item));
  WrQuestionType question_type = wr_question_get_question_type (question);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = create_item_box (row, depth);

  add_line (box, NULL, wr_form_item_get_label (item), NULL, NULL);

  g_string_append (details, type);
  if (wr_question_get_required (question))
    g_string_append_printf (details, " · %s", _("Required"));
  if (wr_question_get_scored (question))
    {
      g_autofree char *weight = format_number (wr_question_get_score_weight (question));

      /* Translators: how much a question counts towards a compliance score */
      g_string_append (details, " · ");
      g_string_append_printf (details, _("Scored, weight %s"), weight);
    }
  add_line (box, description, details->str, "caption", "dim-label");

  if (question_type != WR_QUESTION_YES_NO_NA && wr_question_get_n_choices (question) > 0)
    {
      g_autoptr(GString) choices = g_string_new (NULL);

      for (guint i = 0; i < wr_question_get_n_choices (question); i++)
        {
          if (i > 0)
            g_string_append (choices, " · ");
          g_string_append (choices, wr_question_get_choice_label (question, i));
        }
      {
        g_autofree char *text = g_strdup_printf (question_type == WR_QUESTION_RATING ? _("Scale: %s")
                                                                                    : _("Options: %s"),
                                                 choices->str);

        add_line (box, description, text, "caption", NULL);
      }
    }

  add_condition (box, description, item);
  add_line (box, description, evidence, "caption", NULL);
  add_line (box, description, wr_form_item_get_guidance (item), "caption", "dim-label");

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, wr_form_item_get_label (item),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str,
                                  -1);

  return row;
}

static GtkWidget *
create_observations_row (WrObservations *observations,
                         guint           depth)
{
  WrFormItem *item = WR_FORM_ITEM (observations);
  g_autoptr(GString) description = g_string_new (NULL);
  g_autofree char *kinds = join_titles (WR_CATALOG_OBSERVATION_KIND, wr_observations_get_kinds (observations));
  g_autofree char *voices = join_titles (WR_CATALOG_VOICE, wr_observations_get_voices (observations));
  g_autofree char *evidence = describe_evidence (wr_form_item_get_own_evidence (item));
  const char *label = wr_form_item_get_label (item);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = create_item_box (row, depth);

  add_line (box, NULL, label != NULL && label[0] ? label : _("Observations"), NULL, NULL);
  {
    /* Translators: the kinds of free observation a form invites, "Observations: Good practice, Idea" */
    g_autofree char *text = kinds[0] ? g_strdup_printf (_("Observations: %s"), kinds)
                                     : g_strdup (_("Observations of any kind"));

    add_line (box, description, text, "caption", "dim-label");
  }
  if (voices[0])
    {
      /* Translators: whose words the observations record: "From: Patient, Staff" */
      g_autofree char *text = g_strdup_printf (_("From: %s"), voices);

      add_line (box, description, text, "caption", NULL);
    }
  add_condition (box, description, item);
  add_line (box, description, evidence, "caption", NULL);
  add_line (box, description, wr_form_item_get_guidance (item), "caption", "dim-label");

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label != NULL && label[0] ? label : _("Observations"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str,
                                  -1);

  return row;
}

static GtkWidget *
create_group_row (WrFormItem *group,
                  guint       depth)
{
  g_autoptr(GString) description = g_string_new (NULL);
  g_autofree char *evidence = describe_evidence (wr_form_item_get_own_evidence (group));
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = create_item_box (row, depth);

  add_line (box, NULL, wr_form_item_get_label (group), "heading", NULL);
  add_condition (box, description, group);
  add_line (box, description, evidence, "caption", NULL);
  add_line (box, description, wr_form_item_get_guidance (group), "caption", "dim-label");

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, wr_form_item_get_label (group),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str,
                                  -1);

  return row;
}

/* Adds a row for each item under @parent, groups followed by their own
 * items, indented.
 */
static void
add_item_rows (GtkListBox *list,
               WrFormItem *parent,
               guint       depth)
{
  for (guint i = 0; i < wr_form_item_get_n_children (parent); i++)
    {
      WrFormItem *child = wr_form_item_get_child (parent, i);

      switch (wr_form_item_get_kind (child))
        {
        case WR_FORM_ITEM_QUESTION:
          gtk_list_box_append (list, create_question_row (WR_QUESTION (child), depth));
          break;
        case WR_FORM_ITEM_OBSERVATIONS:
          gtk_list_box_append (list, create_observations_row (WR_OBSERVATIONS (child), depth));
          break;
        case WR_FORM_ITEM_GROUP:
          gtk_list_box_append (list, create_group_row (child, depth));
          add_item_rows (list, child, depth + 1);
          break;
        case WR_FORM_ITEM_SECTION:
        default:
          g_assert_not_reached ();
        }
    }
}

static void
add_badge (GtkWidget  *badges,
           const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "form-badge");
  wr_wrap_box_append (WR_WRAP_BOX (badges), label);
}

static GtkWidget *
create_section (WrForm    *form,
                WrSection *section)
{
  WrFormItem *item = WR_FORM_ITEM (section);
  g_autofree char *evidence = describe_evidence (wr_form_item_get_own_evidence (item));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *badges = wr_wrap_box_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *title = text_label (wr_form_item_get_label (item), "title-4");

  gtk_box_append (GTK_BOX (box), title);

  /* Badges say how the section is filled in; they are not controls. */
  wr_wrap_box_set_column_spacing (WR_WRAP_BOX (badges), 6);
  wr_wrap_box_set_row_spacing (WR_WRAP_BOX (badges), 6);
  if (wr_section_get_repeatable (section))
    {
      g_autofree char *text = NULL;
      guint min = wr_section_get_min_count (section);
      guint max = wr_section_get_max_count (section);

      if (min == 0)
        text = g_strdup_printf (_("Repeatable, up to %u times"), max);
      else
        text = g_strdup_printf (_("Repeatable, %u to %u times"), min, max);
      add_badge (badges, text);
    }
  if (wr_section_get_per_member (section))
    add_badge (badges, _("Each team member answers"));
  if (wr_section_get_request_support (section))
    add_badge (badges, _("Support can be requested"));
  if (wr_section_get_domain (section) != NULL)
    {
      /* Translators: the area of a practice self-assessment, "Domain: Complaints" */
      g_autofree char *text = g_strdup_printf (_("Domain: %s"),
                                               catalog_title (WR_CATALOG_DOMAIN, wr_section_get_domain (section)));

      add_badge (badges, text);
    }
  if (wr_form_get_scoring (form) && wr_section_get_scored (section))
    add_badge (badges, _("Scored"));
  if (gtk_widget_get_first_child (badges) != NULL)
    gtk_box_append (GTK_BOX (box), badges);
  else
    {
      g_object_ref_sink (badges);
      g_object_unref (badges);
    }

  add_condition (box, NULL, item);
  add_line (box, NULL, evidence, "caption", NULL);
  add_line (box, NULL, wr_form_item_get_guidance (item), "dim-label", NULL);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_set_margin_top (list, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  wr_form_item_get_label (item), -1);
  add_item_rows (GTK_LIST_BOX (list), item, 0);
  gtk_box_append (GTK_BOX (box), list);

  return box;
}

static char *
describe_roles (WrForm *form)
{
  const char * const *roles = wr_form_get_roles (form);
  GString *out = g_string_new (NULL);

  for (guint i = 0; roles != NULL && roles[i] != NULL; i++)
    {
      int index = wr_role_find (roles[i]);

      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, index >= 0 ? wr_role_get_label ((guint) index) : roles[i]);
    }

  return g_string_free (out, FALSE);
}

static void
build_preview (WrFormsPage *self,
               WrForm      *form)
{
  g_autofree char *meta = describe_form (self, form);
  g_autofree char *roles = describe_roles (form);
  g_autofree char *size = NULL;
  g_autofree char *full_meta = NULL;
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = text_label (wr_form_get_title (form), "title-1");
  guint n_questions = wr_form_get_n_questions (form);

  gtk_box_append (GTK_BOX (header), title);

  /* Translators: the size of a form */
  size = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u question", "%u questions", n_questions), n_questions);
  full_meta = g_strdup_printf ("%s · %s", meta, size);
  add_line (header, NULL, full_meta, "dim-label", NULL);

  if (!is_newest (self, form))
    {
      WrForm *newest = wr_form_library_lookup_default (self->library, wr_form_get_id (form));
      g_autofree char *pack = describe_pack (self, form);
      g_autofree char *kept = NULL;
      g_autofree char *text = NULL;
      GtkWidget *button;

      if (pack != NULL)
        /* Translators: %s is "the pack “pilot.xml” (device 5b1e3c1a…)" */
        kept = g_strdup_printf (_("Installed from %s for the visits recorded on it."), pack);
      else
        kept = g_strdup (_("Kept for the visits made with it."));
      if (newest != NULL)
        text = g_strdup_printf (_("%s New visits use version %u."), kept, wr_form_get_version (newest));
      else
        text = g_strdup_printf (_("%s New visits do not use this form."), kept);
      add_line (header, NULL, text, NULL, NULL);

      /* Making it the default is an act of its own, with a confirmation. */
      button = gtk_button_new_with_mnemonic (_("_Use This Version for New Visits…"));
      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_widget_set_margin_top (button, 6);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "forms.use-for-new-visits");
      gtk_box_append (GTK_BOX (header), button);
    }

  add_line (header, NULL, wr_form_get_description (form), NULL, NULL);

  if (roles[0])
    {
      /* Translators: the roles a form is meant for, "Meant for: Clinician, Quality team" */
      g_autofree char *text = g_strdup_printf (_("Meant for: %s"), roles);

      add_line (header, NULL, text, NULL, NULL);
    }

  if (wr_form_library_get_source (self->library, form) != WR_FORM_SOURCE_BUILT_IN && wr_form_get_path (form) != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("File: %s"), wr_form_get_path (form));
      GtkWidget *label = text_label (text, "caption");

      gtk_widget_add_css_class (label, "dim-label");
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (header), label);
    }

  gtk_box_append (self->preview_box, header);

  for (guint i = 0; i < wr_form_get_n_sections (form); i++)
    gtk_box_append (self->preview_box, create_section (form, wr_form_get_section (form, i)));
}

static void
show_form (WrFormsPage *self,
           WrForm      *form)
{
  if (form == self->selected)
    return;

  g_set_object (&self->selected, form);
  remove_all (GTK_WIDGET (self->preview_box));

  if (form == NULL)
    {
      gtk_stack_set_visible_child_name (self->preview_stack, "none");
      return;
    }

  build_preview (self, form);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->preview_scroller), 0.0);
  gtk_stack_set_visible_child_name (self->preview_stack, "form");
}

/* ---- The list ---------------------------------------------------------- */

static GtkListBoxRow *
find_row (WrFormsPage *self,
          WrForm      *form)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->forms_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX_ROW (child) && g_object_get_data (G_OBJECT (child), "form") == form)
        return GTK_LIST_BOX_ROW (child);
    }

  return NULL;
}

static void
reload (WrFormsPage *self)
{
  g_autoptr(WrForm) keep = self->selected != NULL ? g_object_ref (self->selected) : NULL;
  gboolean older = gtk_switch_get_active (self->older_switch);
  GListModel *forms;
  GPtrArray *problems;
  GtkListBoxRow *row;
  const char *folder;

  /* Rebuilding the rows unselects them; the preview stays until the end. */
  self->reloading = TRUE;
  remove_all (GTK_WIDGET (self->forms_list));
  remove_all (GTK_WIDGET (self->problems_list));
  self->reloading = FALSE;

  if (self->library == NULL)
    {
      show_form (self, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  forms = wr_form_library_get_forms (self->library);
  for (guint i = 0; i < g_list_model_get_n_items (forms); i++)
    {
      g_autoptr(WrForm) form = g_list_model_get_item (forms, i);

      gtk_list_box_append (self->forms_list, create_form_row (self, form));

      if (older)
        {
          g_autoptr(GPtrArray) versions = wr_form_library_list_versions (self->library, wr_form_get_id (form));

          for (guint v = 0; v < versions->len; v++)
            {
              if (g_ptr_array_index (versions, v) != form)
                gtk_list_box_append (self->forms_list, create_form_row (self, g_ptr_array_index (versions, v)));
            }
        }
    }

  /* Forms that only packs brought, which new visits do not use: the
   * highest version, and the others with every version.
   */
  {
    g_autoptr(GPtrArray) all = wr_form_library_list_all (self->library);
    g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint i = 0; i < all->len; i++)
      {
        WrForm *form = g_ptr_array_index (all, i);
        const char *id = wr_form_get_id (form);

        if (wr_form_library_lookup_default (self->library, id) != NULL)
          continue;
        if (g_hash_table_contains (seen, id) && !older)
          continue;
        g_hash_table_add (seen, (gpointer) id);
        gtk_list_box_append (self->forms_list, create_form_row (self, form));
      }
  }

  problems = wr_form_library_get_problems (self->library);
  for (guint i = 0; i < problems->len; i++)
    gtk_list_box_append (self->problems_list, create_problem_row (self, g_ptr_array_index (problems, i)));
  gtk_widget_set_visible (self->problems_box, problems->len > 0);
  folder = wr_form_library_get_user_folder (self->library);
  gtk_label_set_text (self->user_folder_label, folder != NULL ? folder : "");

  gtk_stack_set_visible_child_name (self->stack, "forms");

  row = keep != NULL ? find_row (self, keep) : NULL;
  if (row == NULL)
    row = gtk_list_box_get_row_at_index (self->forms_list, 0);
  gtk_list_box_select_row (self->forms_list, row);
  if (row == NULL)
    show_form (self, NULL);
}

static void
forms_changed_cb (WrFormsPage *self)
{
  reload (self);
}

static void
show_older_changed_cb (WrFormsPage *self)
{
  reload (self);
}

static void
form_row_selected_cb (WrFormsPage   *self,
                      GtkListBoxRow *row)
{
  if (self->reloading)
    return;

  show_form (self, row != NULL ? g_object_get_data (G_OBJECT (row), "form") : NULL);
}

static void
form_row_activated_cb (WrFormsPage   *self,
                       GtkListBoxRow *row)
{
  /* In a narrow window the preview takes the list's place. */
  adw_leaflet_set_visible_child (self->leaflet, self->preview_pane);
  if (adw_leaflet_get_folded (self->leaflet))
    gtk_widget_grab_focus (self->back_button);
}

static void
leaflet_folded_cb (WrFormsPage *self)
{
  gtk_widget_set_visible (self->back_button, adw_leaflet_get_folded (self->leaflet));
}

static void
show_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  WrFormsPage *self = WR_FORMS_PAGE (widget);
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->forms_list);

  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
}

static void
copy_problem_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), g_variant_get_string (param, NULL));
  add_toast (WR_FORMS_PAGE (widget), _("Message copied"));
}

/* ---- Adding a form ------------------------------------------------------ */

typedef struct
{
  WrFormsPage *self;
  GFile       *file;
  char        *name;   /* the file as the user knows it */
} Import;

static void
import_free (Import *import)
{
  g_clear_object (&import->self);
  g_clear_object (&import->file);
  g_clear_pointer (&import->name, g_free);
  g_free (import);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Import, import_free)

static void
show_import_error (WrFormsPage *self,
                   const char  *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  /* The whole message, `FILE:LINE: what to change`, so the file can be fixed. */
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Form Not Added"), message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Writes @data to a new private file in the temporary folder. */
static char *
write_temporary (const char  *data,
                 gsize        length,
                 GError     **error)
{
  g_autofree char *path = NULL;
  int fd;

  if ((fd = g_file_open_tmp ("walkround-form-XXXXXX.xml", &path, error)) < 0)
    return NULL;

  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          close (fd);
          g_unlink (path);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Cannot write a temporary copy of the form: %s"), g_strerror (saved_errno));
          return NULL;
        }
      data += n;
      length -= (gsize) n;
    }

  if (close (fd) != 0)
    {
      int saved_errno = errno;

      g_unlink (path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot write a temporary copy of the form: %s"), g_strerror (saved_errno));
      return NULL;
    }

  return g_steal_pointer (&path);
}

static void
select_form (WrFormsPage *self,
             WrForm      *form)
{
  GtkListBoxRow *row;

  /* A version new visits do not use is only listed with the others. */
  if (!is_newest (self, form) && !gtk_switch_get_active (self->older_switch))
    gtk_switch_set_active (self->older_switch, TRUE);

  if ((row = find_row (self, form)) != NULL)
    {
      gtk_list_box_select_row (self->forms_list, row);
      gtk_widget_grab_focus (GTK_WIDGET (row));
    }
}

static void
import_bytes (WrFormsPage *self,
              const char  *name,
              const char  *data,
              gsize        length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrForm) form = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *title = NULL;
  gboolean added = FALSE;

  /* The library is used from the main thread only, so the import itself
   * runs here. It reads a local copy: the user's file, which may be on a
   * network share or a slow stick, was read without blocking, and the
   * copy is the exact bytes read, one small file in the temporary folder.
   * This also works for a location with no local path. The loader's
   * messages name the copy; the user is shown their own file's name.
   */
  if (!(tmp_path = write_temporary (data, length, &error)))
    {
      show_import_error (self, error->message);
      return;
    }

  form = wr_form_library_import_file (self->library, tmp_path, &added, &error);
  g_unlink (tmp_path);

  if (form == NULL)
    {
      g_autofree char *message = NULL;

      if (g_str_has_prefix (error->message, tmp_path))
        message = g_strconcat (name, error->message + strlen (tmp_path), NULL);
      else
        message = g_strdup (error->message);
      show_import_error (self, message);
      return;
    }

  if (added)
    /* Translators: a form was added to the library: "Added “Ward audit” version 2" */
    title = g_strdup_printf (_("Added “%s” version %u"), wr_form_get_title (form), wr_form_get_version (form));
  else
    /* Translators: the same file was added again: "“Ward audit” version 2 is already installed" */
    title = g_strdup_printf (_("“%s” version %u is already installed"), wr_form_get_title (form), wr_form_get_version (form));
  add_toast (self, title);
  select_form (self, form);
}

static gboolean
read_more_cb (const char *file_contents,
              goffset     file_size,
              gpointer    user_data)
{
  return file_size <= IMPORT_READ_LIMIT;
}

static void
show_too_large (WrFormsPage *self,
                const char  *name,
                goffset      size)
{
  g_autofree char *size_text = g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *message = NULL;

  /* Translators: %s:1: is the file name and line, then its size */
  message = g_strdup_printf (_("%s:1: the file is more than %s; a form is far smaller, so check that you chose the right file"),
                             name, size_text);
  show_import_error (self, message);
}

static void
file_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Import) import = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_partial_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_import_error (import->self, error->message);
      return;
    }

  if (import->self->library == NULL)
    return;

  if (length > IMPORT_READ_LIMIT)
    show_too_large (import->self, import->name, IMPORT_READ_LIMIT);
  else
    import_bytes (import->self, import->name, contents, length);
}

static void
file_info_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Import) import = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = NULL;
  WrFormsPage *self = import->self;
  GFile *file;

  if (!(info = g_file_query_info_finish (G_FILE (object), result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_import_error (self, error->message);
      return;
    }

  /* A pipe or a device would be waited on for ever, a huge file read whole. */
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_autofree char *message = g_strdup_printf (_("%s:1: this is not an ordinary file: choose a form saved as an XML file"),
                                                  import->name);

      show_import_error (self, message);
      return;
    }
  if (g_file_info_get_size (info) > IMPORT_READ_LIMIT)
    {
      show_too_large (self, import->name, IMPORT_READ_LIMIT);
      return;
    }

  file = import->file;
  g_file_load_partial_contents_async (file, self->cancellable, read_more_cb, file_loaded_cb,
                                      g_steal_pointer (&import));
}

/**
 * wr_forms_page_import_file:
 * @self: a #WrFormsPage
 * @file: a form file chosen by the user
 *
 * Reads @file without blocking, then adds it to the library as
 * wr_form_library_import_file() does. A toast says when it is added, and
 * the page selects it; a refused file is explained in a dialog with the
 * loader's `FILE:LINE: message`.
 */
void
wr_forms_page_import_file (WrFormsPage *self,
                           GFile       *file)
{
  Import *import;

  g_return_if_fail (WR_IS_FORMS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->library == NULL)
    return;

  import = g_new0 (Import, 1);
  import->self = g_object_ref (self);
  import->file = g_object_ref (file);
  import->name = g_file_get_parse_name (file);

  g_file_query_info_async (file,
                           G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, self->cancellable,
                           file_info_cb, import);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     WrFormsPage     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        wr_forms_page_import_file (self, file);
    }

  g_object_unref (chooser);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  WrFormsPage *self = WR_FORMS_PAGE (widget);
  g_autoptr(GtkFileFilter) xml = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Add Form"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Add"), _("_Cancel"));
  gtk_file_filter_set_name (xml, _("Forms (XML files)"));
  gtk_file_filter_add_mime_type (xml, "application/xml");
  gtk_file_filter_add_mime_type (xml, "text/xml");
  gtk_file_filter_add_suffix (xml, "xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), xml);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- Choosing the version for new visits -------------------------------- */

static void
use_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 WrFormsPage      *self)
{
  WrForm *form = g_object_get_data (G_OBJECT (dialog), "form");
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  if (!g_str_equal (response, "use") || self->library == NULL)
    return;

  if (!wr_form_library_use_for_new_visits (self->library, form, &error))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *failed = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                  _("New Visits Unchanged"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (failed), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (failed));
      return;
    }

  /* Translators: after choosing a form for new visits: "New visits use “Quality visit” version 2" */
  title = g_strdup_printf (_("New visits use “%s” version %u"), wr_form_get_title (form), wr_form_get_version (form));
  add_toast (self, title);
  select_form (self, form);
}

/* Asks before making the previewed form the one new visits use, saying
 * what changes.
 */
static void
use_for_new_visits_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  WrFormsPage *self = WR_FORMS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  WrForm *form = self->selected;
  WrForm *used;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *from = NULL;
  g_autofree char *instead = NULL;
  g_autofree char *pack = NULL;
  g_autofree char *label = NULL;
  GtkWidget *dialog;

  if (form == NULL || self->library == NULL || is_newest (self, form))
    return;

  used = wr_form_library_lookup_default (self->library, wr_form_get_id (form));
  if ((pack = describe_pack (self, form)) != NULL)
    /* Translators: %s is "the pack “pilot.xml” (device 5b1e3c1a…)" */
    from = g_strdup_printf (_(", from %s,"), pack);
  else
    from = g_strdup ("");
  if (used != NULL)
    /* Translators: the version new visits use now, and where it comes from: "version 1 (Built in)" */
    instead = g_strdup_printf (_("instead of version %u (%s)"), wr_form_get_version (used),
                               source_label (wr_form_library_get_source (self->library, used)));
  else
    instead = g_strdup (_("where they could not use this form before"));

  /* Translators: the heading of the confirmation: "Use Version 2 for New Visits?" */
  heading = g_strdup_printf (_("Use Version %u for New Visits?"), wr_form_get_version (form));
  /* Translators: "New visits on “Quality visit (pilot)” will use version 2, from the pack …, instead of version 1 (Built in). …" */
  body = g_strdup_printf (_("New visits on “%s” will use version %u%s %s. Visits already recorded keep the "
                            "version they were made with. To go back, choose version %u and use it again."),
                          wr_form_get_title (form), wr_form_get_version (form), from, instead,
                          used != NULL ? wr_form_get_version (used) : wr_form_get_version (form));
  if (used == NULL)
    {
      g_free (body);
      body = g_strdup_printf (_("New visits will be offered “%s” version %u%s which only a pack brought. "
                                "Visits already recorded keep the version they were made with."),
                              wr_form_get_title (form), wr_form_get_version (form), from);
    }

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  /* Translators: the button that confirms: "_Use Version 2" */
  label = g_strdup_printf (_("_Use Version %u"), wr_form_get_version (form));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "use", label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "use", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "form", g_object_ref (form), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (use_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- The widget -------------------------------------------------------- */

static void
wr_forms_page_dispose (GObject *object)
{
  WrFormsPage *self = (WrFormsPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->selected);
  g_clear_object (&self->library);
  /* The child goes first, so that AdwBin and the template never both unparent it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WR_TYPE_FORMS_PAGE);

  G_OBJECT_CLASS (wr_forms_page_parent_class)->dispose (object);
}

static void
wr_forms_page_class_init (WrFormsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wr_forms_page_dispose;

  /**
   * WrFormsPage::add-toast:
   * @toast: what to tell the user
   *
   * The page asks its window to show a toast.
   */
  signals [ADD_TOAST] =
    g_signal_new ("add-toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/wr-forms-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WrFormsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, WrFormsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, WrFormsPage, list_pane);
  gtk_widget_class_bind_template_child (widget_class, WrFormsPage, preview_pane);
  gtk_widget_class_bind_template_child (widget_class, WrFormsPage, forms_list);
  gtk_widget_class_bind_template_child (widget_class, WrFormsPage, older_switch);
  gtk_widget_class_bind_template_child (widget_class, WrFormsPage, problems_box);
  gtk_widget_class_bind_template_child (widget_class, WrFormsPage, problems_list);
  gtk_widget_class_bind_template_child (widget_class, WrFormsPage, user_folder_label);
  gtk_widget_class_bind_template_child (widget_class, WrFormsPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, WrFormsPage, preview_stack);
  gtk_widget_class_bind_template_child (widget_class, WrFormsPage, preview_scroller);
  gtk_widget_class_bind_template_child (widget_class, WrFormsPage, preview_box);
  gtk_widget_class_bind_template_callback (widget_class, form_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_older_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_cb);

  gtk_widget_class_install_action (widget_class, "forms.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "forms.show-list", NULL, show_list_action);
  gtk_widget_class_install_action (widget_class, "forms.copy-problem", "s", copy_problem_action);
  gtk_widget_class_install_action (widget_class, "forms.use-for-new-visits", NULL, use_for_new_visits_action);
}

static void
wr_forms_page_init (WrFormsPage *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "forms.import", FALSE);
  leaflet_folded_cb (self);
}

/**
 * wr_forms_page_set_library:
 * @self: a #WrFormsPage
 * @library: (nullable): the forms, once loaded
 */
void
wr_forms_page_set_library (WrFormsPage   *self,
                           WrFormLibrary *library)
{
  g_return_if_fail (WR_IS_FORMS_PAGE (self));
  g_return_if_fail (library == NULL || WR_IS_FORM_LIBRARY (library));

  if (self->library == library)
    return;

  if (self->library != NULL)
    g_signal_handlers_disconnect_by_func (wr_form_library_get_forms (self->library), forms_changed_cb, self);
  g_set_object (&self->library, library);
  if (self->library != NULL)
    g_signal_connect_object (wr_form_library_get_forms (self->library), "items-changed",
                             G_CALLBACK (forms_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "forms.import", library != NULL);

  reload (self);
}

/**
 * wr_forms_page_get_library:
 * @self: a #WrFormsPage
 *
 * Returns: (transfer none) (nullable): the forms shown
 */
WrFormLibrary *
wr_forms_page_get_library (WrFormsPage *self)
{
  g_return_val_if_fail (WR_IS_FORMS_PAGE (self), NULL);

  return self->library;
}

/**
 * wr_forms_page_get_selected_form:
 * @self: a #WrFormsPage
 *
 * Returns: (transfer none) (nullable): the form previewed
 */
WrForm *
wr_forms_page_get_selected_form (WrFormsPage *self)
{
  g_return_val_if_fail (WR_IS_FORMS_PAGE (self), NULL);

  return self->selected;
}
