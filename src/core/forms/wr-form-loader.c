/* wr-form-loader.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-form"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wr-autocleanups.h"
#include "wr-form-private.h"
#include "wr-xml-private.h"

/* Loading a form runs in stages, each refusing what it can say best:
 *
 *  1. the file: a regular file of at most 4 MB, in UTF-8;
 *  2. the XML: well-formed, no DOCTYPE, at most 64 levels deep, parsed
 *     with XML_PARSE_NONET only (no entities, DTD or XInclude);
 *  3. the root: a <form> in the form namespace, not an ODK XForm;
 *  4. a quick look at the shape: sections with something in them, no
 *     XInclude, at most WR_FORM_MAX_ITEMS items;
 *  5. data/schema/form.xsd;
 *  6. the rules the schema cannot express (see its header comment), while
 *     the form's objects are built.
 *
 * Every problem becomes a GError in WR_FORM_ERROR whose message is
 * `FILE:LINE: what to change`.
 */

#define FORM_NS        "https://walkround.github.io/ns/form/1"
#define FORM_NS_PREFIX "https://walkround.github.io/ns/form/"
#define XFORMS_NS      "http://www.w3.org/2002/xforms"
#define XHTML_NS       "http://www.w3.org/1999/xhtml"
#define XINCLUDE_NS    "http://www.w3.org/2001/XInclude"

#define MAX_PROBLEMS        50
#define MAX_CONDITION_DEPTH 5
#define MAX_GROUP_DEPTH     5

typedef struct
{
  const char  *file;
  WrCatalog   *catalog;
  GPtrArray   *problems;
  WrForm      *form;
  const char  *language;
  gboolean     scoring;
  GHashTable  *question_nodes;  /* id → xmlNode of every question */
  GHashTable  *earlier;         /* id → WrQuestion read so far */
  WrEvidence  *no_evidence;
} Loader;

/* What a condition is on, for its checks and messages. */
typedef struct
{
  xmlNode    *node;
  const char *id;
  const char *what;
  WrSection  *scope;   /* the repeatable or per-member section it is in */
} Owner;

static const struct {
  const char    *attribute;
  WrCatalogKind  kind;
  const char    *what;
} evidence_lists[] = {
  { "regulations",   WR_CATALOG_REGULATION,        N_("regulation") },
  { "statements",    WR_CATALOG_STATEMENT,         N_("quality statement") },
  { "key-questions", WR_CATALOG_KEY_QUESTION,      N_("key question") },
  { "themes",        WR_CATALOG_THEME,             N_("theme") },
  { "categories",    WR_CATALOG_EVIDENCE_CATEGORY, N_("evidence category") },
};

static void add_problem (Loader     *loader,
                         WrFormError code,
                         int         line,
                         const char *format,
                         ...) G_GNUC_PRINTF (4, 5);

static void
add_problem (Loader      *loader,
             WrFormError  code,
             int          line,
             const char  *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (loader->problems->len >= MAX_PROBLEMS)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (loader->problems,
                   g_error_new (WR_FORM_ERROR, code, "%s:%d: %s", loader->file, MAX (line, 1), message));
}

static WrFormError
code_for_problem (WrXmlProblemKind kind)
{
  switch (kind)
    {
    case WR_XML_PROBLEM_READ:
      return WR_FORM_ERROR_READ;
    case WR_XML_PROBLEM_LIMIT:
      return WR_FORM_ERROR_LIMIT;
    case WR_XML_PROBLEM_ENCODING:
      return WR_FORM_ERROR_ENCODING;
    case WR_XML_PROBLEM_MALFORMED:
      return WR_FORM_ERROR_MALFORMED;
    case WR_XML_PROBLEM_DOCTYPE:
      return WR_FORM_ERROR_DOCTYPE;
    case WR_XML_PROBLEM_SCHEMA:
    default:
      return WR_FORM_ERROR_SCHEMA;
    }
}

static void
add_xml_problem (Loader       *loader,
                 WrXmlProblem *problem)
{
  add_problem (loader, code_for_problem (problem->kind), problem->line, "%s", problem->message);
}

/* Small readers ---------------------------------------------------------------- */

static gboolean
get_boolean (xmlNode    *node,
             const char *name)
{
  g_autofree char *value = _wr_xml_get_attribute (node, name);

  if (value == NULL)
    return FALSE;
  g_strstrip (value);

  return g_str_equal (value, "true") || g_str_equal (value, "1");
}

static char *
get_token (xmlNode    *node,
           const char *name)
{
  char *value = _wr_xml_get_attribute (node, name);

  return value != NULL ? g_strstrip (value) : NULL;
}

static GStrv
get_list (xmlNode    *node,
          const char *name)
{
  g_autofree char *value = _wr_xml_get_attribute (node, name);
  g_autoptr(GStrvBuilder) builder = NULL;
  const char *p;

  if (value == NULL)
    return NULL;

  builder = g_strv_builder_new ();
  for (p = value; *p != '\0';)
    {
      const char *end;

      while (g_ascii_isspace (*p))
        p++;
      for (end = p; *end != '\0' && !g_ascii_isspace (*end); end++)
        ;
      if (end > p)
        {
          g_autofree char *item = g_strndup (p, end - p);

          g_strv_builder_add (builder, item);
        }
      p = end;
    }

  return g_strv_builder_end (builder);
}

static gboolean
get_number (xmlNode    *node,
            const char *name,
            double     *number)
{
  g_autofree char *value = get_token (node, name);
  char *end = NULL;

  if (value == NULL || value[0] == '\0')
    return FALSE;

  *number = g_ascii_strtod (value, &end);

  return end != NULL && *end == '\0';
}

static char *
join_choices (WrQuestion *question)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < question->n_choices; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, question->choice_values[i]);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
catalog_hint (Loader        *loader,
              WrCatalogKind  kind)
{
  GListModel *list = wr_catalog_list (loader->catalog, kind);
  guint n = g_list_model_get_n_items (list);
  g_autoptr(GString) out = NULL;

  if (n == 0)
    return g_strdup (_("; the reference catalogue has none"));

  if (n > 20)
    return g_strdup (_("; see Walkround’s reference catalogue for the ids"));

  out = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WrCatalogEntry) entry = g_list_model_get_item (list, i);

      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, wr_catalog_entry_get_id (entry));
    }

  return g_strdup_printf (_("; expected one of %s"), out->str);
}

static gboolean
is_inside (xmlNode *node,
           xmlNode *ancestor)
{
  for (; node != NULL; node = node->parent)
    {
      if (node == ancestor)
        return TRUE;
    }

  return FALSE;
}

/* Texts ------------------------------------------------------------------------ */

/* Reads the <NAME> children of @node, one per language. Titles, labels
 * and messages are xs:token, so runs of white space become one space;
 * guidance and descriptions keep their paragraphs.
 */
static WrText *
read_texts (Loader     *loader,
            xmlNode    *node,
            const char *name,
            const char *what,
            gboolean    required,
            gboolean    paragraphs)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) languages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *own_key = g_ascii_strdown (loader->language, -1);
  WrText *result;
  int own = -1;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      g_autofree char *language = NULL;
      g_autofree char *raw = NULL;
      char *text;
      char *key;

      if (!_wr_xml_is_element (child, FORM_NS, name))
        continue;

      if (!(language = _wr_xml_get_lang (child)))
        language = g_strdup (loader->language);

      if (!_wr_xml_is_language_tag (language))
        add_problem (loader, WR_FORM_ERROR_INVALID, _wr_xml_get_line (child),
                     _("xml:lang '%s' on <%s> in %s is not a language tag such as en-GB or cy"),
                     language, name, what);

      key = g_ascii_strdown (language, -1);
      if (!g_hash_table_add (seen, key))
        {
          add_problem (loader, WR_FORM_ERROR_INVALID, _wr_xml_get_line (child),
                       _("%s has a duplicate <%s> for language '%s': give each text once per language (a text with no xml:lang is in the form's own language)"),
                       what, name, language);
          continue;
        }

      if (paragraphs)
        {
          raw = _wr_xml_get_text (child);
          text = _wr_text_normalize_paragraphs (raw);
        }
      else
        text = _wr_xml_get_token_text (child);

      if (text[0] == '\0')
        add_problem (loader, WR_FORM_ERROR_INVALID, _wr_xml_get_line (child),
                     _("%s has an empty <%s>: write the text"), what, name);

      if (own < 0 && g_str_equal (key, own_key))
        own = languages->len;
      g_ptr_array_add (languages, g_steal_pointer (&language));
      g_ptr_array_add (texts, text);
    }

  if (texts->len > 0 && own < 0)
    {
      add_problem (loader, WR_FORM_ERROR_INVALID, _wr_xml_get_line (node),
                   _("%s has no <%s> in the form's own language (%s): give one without xml:lang"),
                   what, name, loader->language);
      return NULL;
    }

  if (texts->len == 0)
    {
      if (required)
        add_problem (loader, WR_FORM_ERROR_INVALID, _wr_xml_get_line (node),
                     _("%s has no <%s>"), what, name);
      return NULL;
    }

  /* The form's own language comes first: it is the fallback. */
  result = _wr_text_new ();
  _wr_text_add (result, g_ptr_array_index (languages, own), g_ptr_array_index (texts, own));
  for (guint i = 0; i < texts->len; i++)
    {
      if ((int) i != own)
        _wr_text_add (result, g_ptr_array_index (languages, i), g_ptr_array_index (texts, i));
    }

  return result;
}

/* Evidence --------------------------------------------------------------------- */

static WrEvidence *
read_evidence (Loader     *loader,
               xmlNode    *node,
               const char *what)
{
  xmlNode *evidence = _wr_xml_first_child (node, FORM_NS, "evidence");
  GStrv lists[G_N_ELEMENTS (evidence_lists)] = { NULL };
  gboolean any = FALSE;

  if (evidence == NULL)
    return _wr_evidence_ref (loader->no_evidence);

  for (guint i = 0; i < G_N_ELEMENTS (evidence_lists); i++)
    {
      if (!(lists[i] = get_list (evidence, evidence_lists[i].attribute)))
        continue;

      any = TRUE;
      for (guint j = 0; lists[i][j] != NULL; j++)
        {
          g_autofree char *hint = NULL;

          if (wr_catalog_lookup (loader->catalog, evidence_lists[i].kind, lists[i][j]))
            continue;

          hint = catalog_hint (loader, evidence_lists[i].kind);
          add_problem (loader, WR_FORM_ERROR_INVALID, _wr_xml_get_line (evidence),
                       _("%s links to unknown %s '%s'%s"),
                       what, _(evidence_lists[i].what), lists[i][j], hint);
        }
    }

  if (!any)
    add_problem (loader, WR_FORM_ERROR_INVALID, _wr_xml_get_line (evidence),
                 _("<evidence> on %s names nothing: give regulations, statements, key-questions, themes or categories"),
                 what);

  return _wr_evidence_new (lists[0], lists[1], lists[2], lists[3], lists[4]);
}

static WrEvidence *
inherit_evidence (const WrEvidence *inherited,
                  WrEvidence       *own)
{
  if (_wr_evidence_is_empty (own))
    return _wr_evidence_ref ((WrEvidence *) inherited);
  if (_wr_evidence_is_empty (inherited))
    return _wr_evidence_ref (own);
  return _wr_evidence_merge (inherited, own);
}

/* Conditions ------------------------------------------------------------------- */

static WrCondition *
read_condition (Loader      *loader,
                xmlNode     *node,
                const Owner *owner,
                guint        depth)
{
  g_autoptr(GStrvBuilder) values = NULL;
  g_autofree char *question_id = NULL;
  g_autofree char *allowed = NULL;
  g_auto(GStrv) tested = NULL;
  const char *name = (const char *) node->name;
  WrConditionOp op;
  WrCondition *condition;
  WrQuestion *target;
  WrSection *section;
  xmlNode *target_node;
  int line = _wr_xml_get_line (node);

  if (depth > MAX_CONDITION_DEPTH)
    {
      add_problem (loader, WR_FORM_ERROR_INVALID, line,
                   _("the condition on %s is nested more than %d levels deep: simplify it"),
                   owner->what, MAX_CONDITION_DEPTH);
      return NULL;
    }

  if (g_str_equal (name, "all") || g_str_equal (name, "any"))
    {
      condition = _wr_condition_new (name[1] == 'l' ? WR_CONDITION_ALL : WR_CONDITION_ANY);
      for (xmlNode *child = node->children; child != NULL; child = child->next)
        {
          WrCondition *inner;

          if (_wr_xml_is_element (child, FORM_NS, NULL) &&
              (inner = read_condition (loader, child, owner, depth + 1)))
            _wr_condition_add_child (condition, inner);
        }
      return condition;
    }

  if (g_str_equal (name, "equals"))
    op = WR_CONDITION_EQUALS;
  else if (g_str_equal (name, "not-equals"))
    op = WR_CONDITION_NOT_EQUALS;
  else if (g_str_equal (name, "one-of"))
    op = WR_CONDITION_ONE_OF;
  else if (g_str_equal (name, "is-answered"))
    op = WR_CONDITION_IS_ANSWERED;
  else
    return NULL;

  question_id = get_token (node, "question");
  if (question_id == NULL)
    return NULL;

  if (!(target = g_hash_table_lookup (loader->earlier, question_id)))
    {
      target_node = g_hash_table_lookup (loader->question_nodes, question_id);

      if (g_strcmp0 (question_id, owner->id) == 0)
        add_problem (loader, WR_FORM_ERROR_INVALID, line,
                     _("the condition on %s refers to itself; a condition can only look at earlier questions"),
                     owner->what);
      else if (target_node != NULL && is_inside (target_node, owner->node))
        add_problem (loader, WR_FORM_ERROR_INVALID, line,
                     _("the condition on %s refers to question '%s', which is inside %s itself; a condition can only look at earlier questions outside the item it is on"),
                     owner->what, question_id, owner->what);
      else if (target_node != NULL)
        add_problem (loader, WR_FORM_ERROR_INVALID, line,
                     _("the condition on %s refers to question '%s', which comes later in the form; a condition can only look at earlier questions"),
                     owner->what, question_id);
      else
        add_problem (loader, WR_FORM_ERROR_INVALID, line,
                     _("the condition on %s refers to question '%s', which does not exist"),
                     owner->what, question_id);
      return NULL;
    }

  section = wr_form_item_get_section (WR_FORM_ITEM (target));
  if ((section->repeatable || section->per_member) && section != owner->scope)
    {
      add_problem (loader, WR_FORM_ERROR_INVALID, line,
                   section->repeatable
                     ? _("the condition on %s looks at question '%s' inside the repeatable section '%s'; only items in that same section can do that, because it has one answer per repeat")
                     : _("the condition on %s looks at question '%s' inside the per-member section '%s'; only items in that same section can do that, because it has one answer per team member"),
                   owner->what, question_id, wr_form_item_get_id (WR_FORM_ITEM (section)));
      return NULL;
    }

  if (op == WR_CONDITION_IS_ANSWERED)
    {
      if (target->type == WR_QUESTION_NOTE)
        {
          add_problem (loader, WR_FORM_ERROR_INVALID, line,
                       _("the condition on %s tests note '%s', which has no answer"),
                       owner->what, question_id);
          return NULL;
        }
    }
  else
    {
      if (target->type != WR_QUESTION_YES_NO_NA && target->type != WR_QUESTION_RATING &&
          target->type != WR_QUESTION_CHOICE && target->type != WR_QUESTION_MULTI_CHOICE)
        {
          add_problem (loader, WR_FORM_ERROR_INVALID, line,
                       _("'%s' in the condition on %s cannot test question '%s' of type %s; use is-answered"),
                       name, owner->what, question_id, wr_question_type_to_string (target->type));
          return NULL;
        }

      tested = get_list (node, op == WR_CONDITION_ONE_OF ? "values" : "value");
      values = g_strv_builder_new ();
      for (guint i = 0; tested != NULL && tested[i] != NULL; i++)
        {
          if (wr_question_find_choice (target, tested[i]) < 0)
            {
              g_free (allowed);
              allowed = join_choices (target);
              add_problem (loader, WR_FORM_ERROR_INVALID, line,
                           _("the condition on %s compares question '%s' with '%s', which is not a value of that question (%s)"),
                           owner->what, question_id, tested[i], allowed);
            }
          g_strv_builder_add (values, tested[i]);
        }
    }

  condition = _wr_condition_new (op);
  condition->question_id = g_steal_pointer (&question_id);
  condition->values = values != NULL ? g_strv_builder_end (values) : NULL;
  condition->target = wr_form_item_get_index (WR_FORM_ITEM (target));

  return condition;
}

static WrCondition *
read_relevant (Loader      *loader,
               xmlNode     *node,
               const Owner *owner)
{
  xmlNode *relevant = _wr_xml_first_child (node, FORM_NS, "relevant");

  if (relevant == NULL)
    return NULL;

  for (xmlNode *child = relevant->children; child != NULL; child = child->next)
    {
      if (_wr_xml_is_element (child, FORM_NS, NULL))
        return read_condition (loader, child, owner, 1);
    }

  return NULL;
}

/* Items ------------------------------------------------------------------------ */

static void
set_up_item (Loader     *loader,
             WrFormItem *item,
             xmlNode    *node,
             const char *id,
             WrFormItem *parent,
             WrSection  *section)
{
  WrFormItemPrivate *priv = _wr_form_item_get_private (item);

  priv->id = g_strdup (id);
  priv->parent = parent;
  priv->section = section;
  priv->depth = parent != NULL ? _wr_form_item_get_private (parent)->depth + 1 : 0;
  priv->line = _wr_xml_get_line (node);

  if (parent != NULL)
    _wr_form_item_add_child (parent, item);
  _wr_form_add_item (loader->form, item);
}

static void
read_choices (Loader     *loader,
              WrQuestion *question,
              xmlNode    *list,
              const char *element)
{
  guint n = 0;

  for (xmlNode *child = list->children; child != NULL; child = child->next)
    {
      if (_wr_xml_is_element (child, FORM_NS, element))
        n++;
    }

  question->choice_values = g_new0 (char *, n);
  question->choice_labels = g_new0 (WrText *, n);

  for (xmlNode *child = list->children; child != NULL; child = child->next)
    {
      g_autofree char *value = NULL;
      g_autofree char *what = NULL;

      if (!_wr_xml_is_element (child, FORM_NS, element) || question->n_choices >= n)
        continue;

      value = get_token (child, "value");
      if (value == NULL)
        value = g_strdup ("");
      what = g_strdup_printf (_("%s '%s' of question '%s'"), element, value,
                              wr_form_item_get_id (WR_FORM_ITEM (question)));
      question->choice_labels[question->n_choices] = read_texts (loader, child, "label", what, TRUE, FALSE);
      question->choice_values[question->n_choices] = g_steal_pointer (&value);
      question->n_choices++;
    }
}

static void
read_score (Loader     *loader,
            WrQuestion *question,
            WrSection  *section,
            xmlNode    *score)
{
  const char *id = wr_form_item_get_id (WR_FORM_ITEM (question));
  const char *type = wr_question_type_to_string (question->type);
  int line = _wr_xml_get_line (score);
  g_autofree char *allowed = NULL;
  double weight;

  if (!loader->scoring)
    {
      add_problem (loader, WR_FORM_ERROR_INVALID, line,
                   _("question '%s' has a score but the form does not have scoring=\"true\": add it to <form> or remove the score"),
                   id);
      return;
    }

  if (question->type != WR_QUESTION_YES_NO_NA && question->type != WR_QUESTION_CHOICE &&
      question->type != WR_QUESTION_RATING)
    {
      add_problem (loader, WR_FORM_ERROR_INVALID, line,
                   _("question '%s' of type %s cannot have a score; only yes-no-na, choice and rating questions can"),
                   id, type);
      return;
    }

  if (section->per_member)
    {
      add_problem (loader, WR_FORM_ERROR_INVALID, line,
                   _("question '%s' is in a per-member section and cannot have a score: each member's own impressions are not scored"),
                   id);
      return;
    }

  question->score_met = get_list (score, "met");
  question->score_not_applicable = get_list (score, "not-applicable");
  allowed = join_choices (question);

  for (guint i = 0; question->score_met != NULL && question->score_met[i] != NULL; i++)
    {
      if (wr_question_find_choice (question, question->score_met[i]) < 0)
        add_problem (loader, WR_FORM_ERROR_INVALID, line,
                     _("the score of question '%s' lists '%s', which is not a value of that question (%s)"),
                     id, question->score_met[i], allowed);
    }

  for (guint i = 0; question->score_not_applicable != NULL && question->score_not_applicable[i] != NULL; i++)
    {
      const char *value = question->score_not_applicable[i];

      if (wr_question_find_choice (question, value) < 0)
        add_problem (loader, WR_FORM_ERROR_INVALID, line,
                     _("the score of question '%s' lists '%s', which is not a value of that question (%s)"),
                     id, value, allowed);
      else if (question->score_met != NULL && g_strv_contains ((const char * const *) question->score_met, value))
        add_problem (loader, WR_FORM_ERROR_INVALID, line,
                     _("the score of question '%s' lists '%s' as both met and not applicable: choose one"),
                     id, value);
    }

  if (get_number (score, "weight", &weight))
    question->score_weight = weight;

  question->scored = TRUE;
  section->scored = TRUE;
}

static void
read_question (Loader      *loader,
               WrQuestion  *question,
               xmlNode     *node,
               const Owner *owner,
               WrSection   *section)
{
  const char *id = owner->id;
  g_autofree char *type_name = get_token (node, "type");
  g_autofree char *size = get_token (node, "size");
  WrFormItemPrivate *priv = _wr_form_item_get_private (WR_FORM_ITEM (question));
  xmlNode *options = _wr_xml_first_child (node, FORM_NS, "options");
  xmlNode *scale = _wr_xml_first_child (node, FORM_NS, "scale");
  xmlNode *score = _wr_xml_first_child (node, FORM_NS, "score");
  const char *type;
  int line = _wr_xml_get_line (node);

  if (!wr_question_type_from_string (type_name, &question->type))
    question->type = WR_QUESTION_TEXT;
  type = wr_question_type_to_string (question->type);

  question->required = get_boolean (node, "required");
  priv->label = read_texts (loader, node, "label", owner->what, TRUE, FALSE);
  priv->guidance = read_texts (loader, node, "guidance", owner->what, FALSE, TRUE);
  question->required_message = read_texts (loader, node, "required-message", owner->what, FALSE, FALSE);
  priv->relevant = read_relevant (loader, node, owner);

  switch (question->type)
    {
    case WR_QUESTION_YES_NO_NA:
      {
        static const char * const values[] = { "yes", "no", "na" };

        question->choice_values = g_new0 (char *, 3);
        question->choice_labels = g_new0 (WrText *, 3);
        for (guint i = 0; i < G_N_ELEMENTS (values); i++)
          question->choice_values[i] = g_strdup (values[i]);
        question->n_choices = 3;
      }
      break;

    case WR_QUESTION_CHOICE:
    case WR_QUESTION_MULTI_CHOICE:
      if (options == NULL)
        add_problem (loader, WR_FORM_ERROR_INVALID, line,
                     _("%s question '%s' has no options: add <options> with at least one <option>"),
                     type, id);
      else
        read_choices (loader, question, options, "option");
      break;

    case WR_QUESTION_RATING:
      if (scale == NULL)
        add_problem (loader, WR_FORM_ERROR_INVALID, line,
                     _("rating question '%s' has no scale points: add <scale> with 2 to 11 <point> elements"),
                     id);
      else
        read_choices (loader, question, scale, "point");
      break;

    case WR_QUESTION_TEXT:
    case WR_QUESTION_NUMBER:
    case WR_QUESTION_DATE:
    case WR_QUESTION_NOTE:
    default:
      break;
    }

  if (options != NULL && question->type != WR_QUESTION_CHOICE && question->type != WR_QUESTION_MULTI_CHOICE)
    add_problem (loader, WR_FORM_ERROR_INVALID, _wr_xml_get_line (options),
                 _("question '%s' of type %s cannot have options; only choice and multi-choice questions have them"),
                 id, type);

  if (scale != NULL && question->type != WR_QUESTION_RATING)
    add_problem (loader, WR_FORM_ERROR_INVALID, _wr_xml_get_line (scale),
                 _("question '%s' of type %s cannot have a scale; only rating questions have one"),
                 id, type);

  if (size != NULL && question->type != WR_QUESTION_TEXT)
    add_problem (loader, WR_FORM_ERROR_INVALID, line,
                 _("question '%s': size is only for text questions"), id);
  else if (size != NULL && g_str_equal (size, "long"))
    question->text_size = WR_TEXT_SIZE_LONG;

  if (question->type != WR_QUESTION_NUMBER)
    {
      static const char * const number_only[] = { "min", "max", "integer" };

      for (guint i = 0; i < G_N_ELEMENTS (number_only); i++)
        {
          if (xmlHasProp (node, BAD_CAST number_only[i]))
            add_problem (loader, WR_FORM_ERROR_INVALID, line,
                         _("question '%s': %s is only for number questions"), id, number_only[i]);
        }
    }
  else
    {
      question->has_minimum = get_number (node, "min", &question->minimum);
      question->has_maximum = get_number (node, "max", &question->maximum);
      question->integer = get_boolean (node, "integer");

      if (question->has_minimum && question->has_maximum && question->minimum > question->maximum)
        {
          g_autofree char *min = get_token (node, "min");
          g_autofree char *max = get_token (node, "max");

          add_problem (loader, WR_FORM_ERROR_INVALID, line,
                       _("question '%s': min %s is greater than max %s"), id, min, max);
        }
    }

  if (question->type == WR_QUESTION_NOTE && question->required)
    add_problem (loader, WR_FORM_ERROR_INVALID, line,
                 _("note '%s' cannot be required: a note has no answer"), id);

  if (score != NULL)
    read_score (loader, question, section, score);

  /* Only now can later conditions look at it. */
  g_hash_table_insert (loader->earlier, (gpointer) wr_form_item_get_id (WR_FORM_ITEM (question)), question);
}

static void
read_items (Loader     *loader,
            xmlNode    *container,
            WrFormItem *parent,
            WrSection  *section,
            WrSection  *scope,
            guint       group_depth)
{
  for (xmlNode *node = container->children; node != NULL; node = node->next)
    {
      g_autoptr(WrFormItem) item = NULL;
      g_autofree char *id = NULL;
      g_autofree char *what = NULL;
      g_autoptr(WrEvidence) own = NULL;
      WrFormItemPrivate *priv;
      const char *name;
      Owner owner;

      if (!_wr_xml_is_element (node, FORM_NS, NULL))
        continue;

      name = (const char *) node->name;
      if (g_str_equal (name, "question"))
        item = g_object_new (WR_TYPE_QUESTION, NULL);
      else if (g_str_equal (name, "group"))
        item = g_object_new (WR_TYPE_FORM_ITEM, NULL);
      else if (g_str_equal (name, "observations"))
        item = g_object_new (WR_TYPE_OBSERVATIONS, NULL);
      else
        continue;

      if (!(id = _wr_xml_get_attribute (node, "id")))
        id = g_strdup ("");
      what = g_strdup_printf ("%s '%s'", name, id);

      set_up_item (loader, item, node, id, parent, section);
      priv = _wr_form_item_get_private (item);
      own = read_evidence (loader, node, what);
      priv->own_evidence = _wr_evidence_ref (own);
      priv->evidence = inherit_evidence (wr_form_item_get_evidence (parent), own);

      owner.node = node;
      owner.id = id;
      owner.what = what;
      owner.scope = scope;

      if (WR_IS_QUESTION (item))
        read_question (loader, WR_QUESTION (item), node, &owner, section);
      else if (WR_IS_OBSERVATIONS (item))
        {
          WrObservations *observations = WR_OBSERVATIONS (item);

          priv->label = read_texts (loader, node, "label", what, TRUE, FALSE);
          priv->guidance = read_texts (loader, node, "guidance", what, FALSE, TRUE);
          priv->relevant = read_relevant (loader, node, &owner);
          observations->kinds = get_list (node, "kinds");
          observations->voices = get_list (node, "voices");
        }
      else
        {
          if (group_depth > MAX_GROUP_DEPTH)
            add_problem (loader, WR_FORM_ERROR_INVALID, _wr_xml_get_line (node),
                         _("groups are nested more than %d deep at group '%s': put some of them one level up"),
                         MAX_GROUP_DEPTH, id);
          priv->label = read_texts (loader, node, "title", what, TRUE, FALSE);
          priv->guidance = read_texts (loader, node, "guidance", what, FALSE, TRUE);
          priv->relevant = read_relevant (loader, node, &owner);
          read_items (loader, node, item, section, scope, group_depth + 1);
        }
    }
}

static void
read_section (Loader  *loader,
              xmlNode *node)
{
  g_autoptr(WrSection) section = g_object_new (WR_TYPE_SECTION, NULL);
  g_autofree char *id = _wr_xml_get_attribute (node, "id");
  g_autofree char *what = NULL;
  g_autofree char *min = get_token (node, "min-count");
  g_autofree char *max = get_token (node, "max-count");
  WrFormItem *item = WR_FORM_ITEM (section);
  WrFormItemPrivate *priv = _wr_form_item_get_private (item);
  int line = _wr_xml_get_line (node);
  Owner owner;

  if (id == NULL)
    id = g_strdup ("");
  what = g_strdup_printf ("section '%s'", id);

  section->repeatable = get_boolean (node, "repeatable");
  section->per_member = get_boolean (node, "per-member");
  section->request_support = get_boolean (node, "request-support");
  section->domain = get_token (node, "domain");
  section->min_count = min != NULL ? (guint) g_ascii_strtoull (min, NULL, 10) : 0;
  section->max_count = max != NULL ? (guint) g_ascii_strtoull (max, NULL, 10) : 50;

  if (!section->repeatable && (min != NULL || max != NULL))
    add_problem (loader, WR_FORM_ERROR_INVALID, line,
                 _("%s has min-count or max-count but is not repeatable=\"true\""), what);
  else if (section->min_count > section->max_count)
    add_problem (loader, WR_FORM_ERROR_INVALID, line,
                 _("%s: min-count %u is greater than max-count %u"), what, section->min_count, section->max_count);

  if (section->repeatable && section->per_member)
    add_problem (loader, WR_FORM_ERROR_INVALID, line,
                 _("%s cannot be both repeatable and per-member: choose one"), what);

  if (section->domain != NULL && !wr_catalog_lookup (loader->catalog, WR_CATALOG_DOMAIN, section->domain))
    {
      g_autofree char *hint = catalog_hint (loader, WR_CATALOG_DOMAIN);

      add_problem (loader, WR_FORM_ERROR_INVALID, line,
                   _("%s names unknown domain '%s'%s"), what, section->domain, hint);
    }

  set_up_item (loader, item, node, id, NULL, section);
  priv->label = read_texts (loader, node, "title", what, TRUE, FALSE);
  priv->guidance = read_texts (loader, node, "guidance", what, FALSE, TRUE);
  priv->own_evidence = read_evidence (loader, node, what);
  priv->evidence = _wr_evidence_ref (priv->own_evidence);

  owner.node = node;
  owner.id = id;
  owner.what = what;
  owner.scope = NULL;
  priv->relevant = read_relevant (loader, node, &owner);

  read_items (loader, node, item, section,
              section->repeatable || section->per_member ? section : NULL, 1);
}

static void
collect_questions (Loader  *loader,
                   xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (!_wr_xml_is_element (child, FORM_NS, NULL))
        continue;

      if (g_str_equal ((const char *) child->name, "question"))
        {
          g_autofree char *id = _wr_xml_get_attribute (child, "id");

          if (id != NULL && !g_hash_table_contains (loader->question_nodes, id))
            g_hash_table_insert (loader->question_nodes, g_steal_pointer (&id), child);
        }
      else
        collect_questions (loader, child);
    }
}

static void
read_form (Loader  *loader,
           xmlNode *root)
{
  WrForm *form = loader->form;
  g_autofree char *kind = get_token (root, "kind");
  g_autofree char *version = get_token (root, "version");
  g_autoptr(GStrvBuilder) roles = g_strv_builder_new ();
  xmlNode *roles_node;

  form->id = _wr_xml_get_attribute (root, "id");
  form->version = version != NULL ? (guint) CLAMP (g_ascii_strtoll (version, NULL, 10), 0, G_MAXINT) : 0;
  if (!wr_form_kind_from_string (kind, &form->kind))
    form->kind = WR_FORM_KIND_CUSTOM;
  form->scoring = loader->scoring = get_boolean (root, "scoring");
  form->language = g_strdup (loader->language);

  if (!_wr_xml_is_language_tag (form->language))
    add_problem (loader, WR_FORM_ERROR_INVALID, _wr_xml_get_line (root),
                 _("xml:lang '%s' on <form> is not a language tag such as en-GB or cy"), form->language);

  form->title = read_texts (loader, root, "title", _("the form"), TRUE, FALSE);
  form->description = read_texts (loader, root, "description", _("the form"), FALSE, TRUE);

  if ((roles_node = _wr_xml_first_child (root, FORM_NS, "roles")))
    {
      for (xmlNode *role = roles_node->children; role != NULL; role = role->next)
        {
          if (_wr_xml_is_element (role, FORM_NS, "role"))
            {
              g_autofree char *text = _wr_xml_get_token_text (role);

              g_strv_builder_add (roles, text);
            }
        }
    }
  form->roles = g_strv_builder_end (roles);

  collect_questions (loader, root);

  for (xmlNode *node = root->children; node != NULL; node = node->next)
    {
      if (_wr_xml_is_element (node, FORM_NS, "section"))
        read_section (loader, node);
    }
}

/* The stages before the schema ------------------------------------------------- */

static gboolean
check_root (Loader  *loader,
            xmlNode *root)
{
  const char *raw_ns = root->ns != NULL ? (const char *) root->ns->href : NULL;
  gboolean xforms = g_strcmp0 (raw_ns, XFORMS_NS) == 0 || g_strcmp0 (raw_ns, XHTML_NS) == 0 ||
                    g_str_equal ((const char *) root->name, "html");
  g_autofree char *ns = raw_ns != NULL ? _wr_xml_quote (raw_ns) : NULL;
  g_autofree char *name = _wr_xml_quote ((const char *) root->name);
  int line = _wr_xml_get_line (root);

  for (xmlNs *def = root->nsDef; def != NULL && !xforms; def = def->next)
    xforms = def->href != NULL && g_str_equal ((const char *) def->href, XFORMS_NS);

  if (xforms)
    add_problem (loader, WR_FORM_ERROR_NOT_A_FORM, line,
                 _("this is an ODK XForm (XForms), not a Walkround form: Walkround cannot read XForms; write the form again in Walkround's form language, which starts <form xmlns=\"%s\">"),
                 FORM_NS);
  else if (ns == NULL)
    add_problem (loader, WR_FORM_ERROR_NOT_A_FORM, line,
                 _("<%s> has no namespace; a Walkround form starts <form xmlns=\"%s\">"), name, FORM_NS);
  else if (!g_str_equal (raw_ns, FORM_NS) && g_str_has_prefix (raw_ns, FORM_NS_PREFIX))
    add_problem (loader, WR_FORM_ERROR_NOT_A_FORM, line,
                 _("the form uses the namespace '%s', a version of the form language this Walkround does not know; it reads '%s'"),
                 ns, FORM_NS);
  else if (!g_str_equal (raw_ns, FORM_NS))
    add_problem (loader, WR_FORM_ERROR_NOT_A_FORM, line,
                 _("the root element <%s> is in the namespace '%s'; a Walkround form starts <form xmlns=\"%s\">"),
                 name, ns, FORM_NS);
  else if (!g_str_equal ((const char *) root->name, "form"))
    add_problem (loader, WR_FORM_ERROR_NOT_A_FORM, line,
                 _("the root element is <%s>; a Walkround form starts with <form>"), name);
  else
    return TRUE;

  return FALSE;
}

static void
check_shape (Loader  *loader,
             xmlNode *node,
             guint   *n_items)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      const char *name;
      gboolean container;
      gboolean has_items = FALSE;

      if (child->type != XML_ELEMENT_NODE)
        continue;

      if (_wr_xml_is_element (child, XINCLUDE_NS, NULL))
        {
          g_autofree char *xi_name = _wr_xml_quote ((const char *) child->name);

          add_problem (loader, WR_FORM_ERROR_SCHEMA, _wr_xml_get_line (child),
                       _("<xi:%s> is XInclude, which Walkround never follows and does not allow: remove it"),
                       xi_name);
          continue;
        }

      if (!_wr_xml_is_element (child, FORM_NS, NULL))
        continue;

      name = (const char *) child->name;
      container = g_str_equal (name, "section") || g_str_equal (name, "group");
      if (container || g_str_equal (name, "question") || g_str_equal (name, "observations"))
        (*n_items)++;

      if (container)
        {
          for (xmlNode *inner = child->children; inner != NULL && !has_items; inner = inner->next)
            has_items = _wr_xml_is_element (inner, FORM_NS, "question") ||
                        _wr_xml_is_element (inner, FORM_NS, "group") ||
                        _wr_xml_is_element (inner, FORM_NS, "observations");

          if (!has_items)
            {
              g_autofree char *what = _wr_xml_describe_node (child);

              add_problem (loader, WR_FORM_ERROR_SCHEMA, _wr_xml_get_line (child),
                           _("%s has nothing in it: add a question, group or observations"), what);
            }
        }

      check_shape (loader, child, n_items);
    }
}

static gboolean
check_before_schema (Loader  *loader,
                     xmlNode *root)
{
  guint n_items = 0;

  if (!_wr_xml_first_child (root, FORM_NS, "section"))
    {
      add_problem (loader, WR_FORM_ERROR_SCHEMA, _wr_xml_get_line (root),
                   _("the form has no sections: add at least one <section> with a question in it"));
      return FALSE;
    }

  check_shape (loader, root, &n_items);

  if (n_items > WR_FORM_MAX_ITEMS)
    add_problem (loader, WR_FORM_ERROR_LIMIT, _wr_xml_get_line (root),
                 _("the form has %u items (sections, groups, questions and observations); at most %d are allowed: split it into smaller forms"),
                 n_items, WR_FORM_MAX_ITEMS);

  return loader->problems->len == 0;
}

/* Loading ---------------------------------------------------------------------- */

static GPtrArray *
load (GBytes      *bytes,
      const char  *file,
      const char  *path,
      WrCatalog   *catalog,
      gboolean     schema_only,
      WrForm     **out_form)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  g_autoptr(WrXmlProblem) problem = NULL;
  g_autoptr(GPtrArray) schema_problems = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WrForm) form = NULL;
  g_autoptr(GHashTable) question_nodes = NULL;
  g_autoptr(GHashTable) earlier = NULL;
  g_autofree char *language = NULL;
  Loader loader = { 0 };
  xmlSchema *schema;
  xmlNode *root;

  loader.file = file;
  loader.problems = problems;

  if (!_wr_xml_check_encoding (bytes, &problem) || !(doc = _wr_xml_parse (bytes, &problem)))
    {
      add_xml_problem (&loader, problem);
      return g_steal_pointer (&problems);
    }

  root = xmlDocGetRootElement (doc);
  if (!check_root (&loader, root) || !check_before_schema (&loader, root))
    return g_steal_pointer (&problems);

  if (!(schema = _wr_xml_get_schema ("schema/form.xsd", WR_FORM_ERROR, WR_FORM_ERROR_INSTALL, &error)))
    {
      add_problem (&loader, WR_FORM_ERROR_INSTALL, 1, _("cannot check the form: %s"), error->message);
      return g_steal_pointer (&problems);
    }

  schema_problems = _wr_xml_validate (schema, doc, MAX_PROBLEMS);
  for (guint i = 0; i < schema_problems->len; i++)
    add_xml_problem (&loader, g_ptr_array_index (schema_problems, i));

  if (problems->len > 0 || schema_only)
    return g_steal_pointer (&problems);

  if (catalog == NULL && !(catalog = wr_catalog_get_default (&error)))
    {
      add_problem (&loader, WR_FORM_ERROR_INSTALL, 1, _("cannot check the form: %s"), error->message);
      return g_steal_pointer (&problems);
    }

  if (!(language = _wr_xml_get_lang (root)))
    language = g_strdup ("");

  form = _wr_form_new ();
  question_nodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  earlier = g_hash_table_new (g_str_hash, g_str_equal);

  loader.catalog = catalog;
  loader.form = form;
  loader.language = language;
  loader.question_nodes = question_nodes;
  loader.earlier = earlier;
  loader.no_evidence = _wr_evidence_new (NULL, NULL, NULL, NULL, NULL);

  read_form (&loader, root);

  _wr_evidence_unref (loader.no_evidence);

  if (problems->len == 0)
    {
      form->bytes = g_bytes_ref (bytes);
      form->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
      form->path = g_strdup (path);
      *out_form = g_steal_pointer (&form);
    }

  return g_steal_pointer (&problems);
}

/**
 * wr_form_new_from_bytes:
 * @bytes: the text of a form
 * @file_name: (nullable): what to call it in messages, e.g. its file name
 * @catalog: (nullable): the catalogue its links must name, or %NULL for
 *   the installed one
 * @error: return location for a #GError
 *
 * Loads a form from bytes, with every check of wr_form_new_from_file().
 *
 * Returns: (transfer full) (nullable): the form
 */
WrForm *
wr_form_new_from_bytes (GBytes      *bytes,
                        const char  *file_name,
                        WrCatalog   *catalog,
                        GError     **error)
{
  g_autoptr(GPtrArray) problems = NULL;
  WrForm *form = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (catalog == NULL || WR_IS_CATALOG (catalog), NULL);

  problems = load (bytes, file_name != NULL ? file_name : _("form"), NULL, catalog, FALSE, &form);
  if (problems->len > 0)
    {
      g_propagate_error (error, g_error_copy (g_ptr_array_index (problems, 0)));
      return NULL;
    }

  return form;
}

static GPtrArray *
load_file (const char  *path,
           WrCatalog   *catalog,
           gboolean     schema_only,
           WrForm     **form)
{
  g_autoptr(WrXmlProblem) problem = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GPtrArray *problems;

  if (!(bytes = _wr_xml_read_file (path, WR_XML_MAX_FILE_SIZE, &problem)))
    {
      problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
      g_ptr_array_add (problems, g_error_new (WR_FORM_ERROR, code_for_problem (problem->kind),
                                              "%s:%d: %s", path, problem->line, problem->message));
      return problems;
    }

  return load (bytes, path, path, catalog, schema_only, form);
}

/**
 * wr_form_new_from_file:
 * @path: a form file
 * @catalog: (nullable): the catalogue its links must name, or %NULL for
 *   the installed one
 * @error: return location for a #GError
 *
 * Loads and checks a form: a regular UTF-8 file of at most 4 MB, well-formed
 * XML with no DOCTYPE, valid against data/schema/form.xsd, and following
 * the rules the schema cannot check (see its header comment). On failure
 * @error is in %WR_FORM_ERROR and its message is `FILE:LINE: message` for
 * the first problem; wr_form_check_file() lists them all.
 *
 * Safe to call from any thread.
 *
 * Returns: (transfer full) (nullable): the form
 */
WrForm *
wr_form_new_from_file (const char  *path,
                       WrCatalog   *catalog,
                       GError     **error)
{
  g_autoptr(GPtrArray) problems = NULL;
  WrForm *form = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (catalog == NULL || WR_IS_CATALOG (catalog), NULL);

  problems = load_file (path, catalog, FALSE, &form);
  if (problems->len > 0)
    {
      g_propagate_error (error, g_error_copy (g_ptr_array_index (problems, 0)));
      return NULL;
    }

  return form;
}

/**
 * wr_form_check_file:
 * @path: a form file
 * @catalog: (nullable): the catalogue, or %NULL for the installed one
 *
 * Checks a form as wr_form_new_from_file() does and lists every problem
 * found (up to 50). The checks stop after the first stage that fails: a
 * file that is not well-formed is not checked against the schema, and one
 * that breaks the schema is not checked against the other rules.
 *
 * Returns: (transfer full) (element-type GError): the problems, each a
 *   #GError as wr_form_new_from_file() would give; empty if the form is valid
 */
GPtrArray *
wr_form_check_file (const char *path,
                    WrCatalog  *catalog)
{
  g_autoptr(WrForm) form = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  return load_file (path, catalog, FALSE, &form);
}

gboolean
_wr_form_check_schema (const char  *path,
                       GError     **error)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(WrForm) form = NULL;

  problems = load_file (path, NULL, TRUE, &form);
  if (problems->len > 0)
    {
      g_propagate_error (error, g_error_copy (g_ptr_array_index (problems, 0)));
      return FALSE;
    }

  return TRUE;
}
