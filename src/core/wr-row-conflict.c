/* wr-row-conflict.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A row in conflict in people's words, for the Resolve Conflicts dialog:
 * what the row is (the question's text from the visit's form, an
 * observation's kind and first words, a team member's name…), and for
 * each version who wrote it and when. The versions are the rows' elements
 * as packs carry them, read here so that widgets never parse XML.
 */

#define G_LOG_DOMAIN "wr-row-conflict"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "wr-catalog.h"
#include "wr-dates.h"
#include "wr-form.h"
#include "wr-form-item.h"
#include "wr-question.h"
#include "wr-row-conflict.h"

/* How many characters of an observation's or action's text name it. */
#define FIRST_CHARS 60

static xmlDoc *
parse_version (const WrPackRowVersion *version)
{
  if (version == NULL || version->content == NULL)
    return NULL;

  return xmlReadMemory (version->content, (int) strlen (version->content), NULL, "UTF-8",
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

static char *
get_attribute (xmlNode    *node,
               const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *copy;

  if (value == NULL)
    return NULL;
  copy = g_strdup ((const char *) value);
  xmlFree (value);
  return copy;
}

static char *
get_child_text (xmlNode    *node,
                const char *name)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE && g_str_equal ((const char *) child->name, name))
      {
        xmlChar *text = xmlNodeGetContent (child);
        char *copy = g_strdup (text != NULL ? (const char *) text : "");

        xmlFree (text);
        return copy;
      }
  return NULL;
}

/* The first version that is not a deletion: it says what the row was. */
static xmlDoc *
parse_first_content (const WrPackRowConflict *conflict)
{
  for (guint i = 0; i < conflict->versions->len; i++)
    {
      xmlDoc *doc = parse_version (g_ptr_array_index (conflict->versions, i));

      if (doc != NULL && xmlDocGetRootElement (doc) != NULL)
        return doc;
      if (doc != NULL)
        xmlFreeDoc (doc);
    }
  return NULL;
}

static char *
first_chars (const char *text)
{
  g_autofree char *line = NULL;
  char *newline;

  if (text == NULL)
    return g_strdup ("");

  line = g_strstrip (g_strdup (text));
  if ((newline = strchr (line, '\n')) != NULL)
    *newline = '\0';
  if (g_utf8_strlen (line, -1) <= FIRST_CHARS)
    return g_steal_pointer (&line);

  {
    g_autofree char *cut = g_utf8_substring (line, 0, FIRST_CHARS);

    return g_strdup_printf ("%s…", g_strchomp (cut));
  }
}

static WrForm *
lookup_form (WrStore       *store,
             WrFormLibrary *library,
             const char    *visit_uuid)
{
  g_autoptr(WrVisit) visit = NULL;

  if (library == NULL || visit_uuid == NULL)
    return NULL;
  if (!(visit = wr_store_get_visit (store, visit_uuid, NULL)))
    return NULL;
  return wr_form_library_lookup (library, wr_visit_get_form_id (visit), wr_visit_get_form_version (visit));
}

static char *
item_label (WrForm     *form,
            const char *id)
{
  WrFormItem *item = form != NULL && id != NULL ? wr_form_lookup_item (form, id) : NULL;
  const char *label = item != NULL ? wr_form_item_get_label (item) : NULL;

  return label != NULL && label[0] != '\0' ? g_strdup (label) : NULL;
}

/**
 * wr_visit_question_text:
 * @store: a #WrStore
 * @library: the installed forms
 * @visit_uuid: a visit
 * @question_id: one of its form's questions
 *
 * Returns: (transfer full) (nullable): the question's text as the visit's
 *   form words it, or %NULL if the visit, its form or the question is not
 *   known here
 */
char *
wr_visit_question_text (WrStore       *store,
                        WrFormLibrary *library,
                        const char    *visit_uuid,
                        const char    *question_id)
{
  g_return_val_if_fail (WR_IS_STORE (store), NULL);
  g_return_val_if_fail (library == NULL || WR_IS_FORM_LIBRARY (library), NULL);

  return item_label (lookup_form (store, library, visit_uuid), question_id);
}

/**
 * wr_row_conflict_is_answer:
 * @conflict: a row in conflict
 *
 * Returns: whether the row is an answer
 */
gboolean
wr_row_conflict_is_answer (const WrPackRowConflict *conflict)
{
  g_return_val_if_fail (conflict != NULL, FALSE);

  return g_str_has_prefix (conflict->key, "answer ");
}

static char *
member_name (WrStore    *store,
             const char *visit_uuid,
             const char *member_uuid)
{
  g_autoptr(GPtrArray) members = wr_store_list_members (store, visit_uuid, NULL);

  for (guint i = 0; members != NULL && i < members->len; i++)
    {
      WrMember *member = g_ptr_array_index (members, i);

      if (g_str_equal (member->uuid, member_uuid))
        return g_strdup (member->name);
    }
  return NULL;
}

static char *
describe_answer (WrStore                 *store,
                 WrForm                  *form,
                 const WrPackRowConflict *conflict)
{
  g_auto(GStrv) parts = g_strsplit (conflict->key, " ", 4);
  g_autofree char *question = NULL;
  g_autofree char *member = NULL;
  g_autoptr(GString) out = NULL;

  if (g_strv_length (parts) < 2)
    return g_strdup (conflict->key);

  if (!(question = item_label (form, parts[1])))
    /* Translators: an answer whose form is not installed here; %s is the question's id */
    question = g_strdup_printf (_("Question “%s”"), parts[1]);
  out = g_string_new (question);

  if (parts[2] != NULL && !g_str_equal (parts[2], "-"))
    {
      member = member_name (store, conflict->visit_uuid, parts[2]);
      /* Translators: after a question's text: whose answer it is */
      g_string_append_printf (out, _(" — %s’s answer"), member != NULL ? member : _("a team member"));
    }
  if (parts[2] != NULL && parts[3] != NULL && !g_str_equal (parts[3], "-"))
    /* Translators: after a question's text: the answer is in one filling of a repeated section */
    g_string_append (out, _(" (in a repeated part)"));

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static const char *
observation_kind_title (const char *kind)
{
  WrCatalog *catalog = wr_catalog_get_default (NULL);
  WrCatalogEntry *entry = catalog != NULL && kind != NULL
                          ? wr_catalog_lookup (catalog, WR_CATALOG_OBSERVATION_KIND, kind) : NULL;

  return entry != NULL ? wr_catalog_entry_get_title (entry) : _("Observation");
}

static char *
describe_element (WrForm                  *form,
                  const WrPackRowConflict *conflict,
                  const char              *element)
{
  xmlDoc *doc = parse_first_content (conflict);
  xmlNode *node = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
  char *out = NULL;

  if (g_str_equal (element, "observation"))
    {
      g_autofree char *kind = node ? get_attribute (node, "kind") : NULL;
      g_autofree char *text = node ? get_child_text (node, "text") : NULL;
      g_autofree char *start = first_chars (text);

      /* Translators: an observation in conflict: its kind and its first words */
      out = g_strdup_printf (_("%s: “%s”"), observation_kind_title (kind), start);
    }
  else if (g_str_equal (element, "action"))
    {
      g_autofree char *text = node ? get_child_text (node, "text") : NULL;
      g_autofree char *start = first_chars (text);

      /* Translators: an action in conflict and its first words */
      out = g_strdup_printf (_("Action: “%s”"), start);
    }
  else if (g_str_equal (element, "member"))
    {
      g_autofree char *name = node ? get_attribute (node, "name") : NULL;

      /* Translators: a team member in conflict and their name */
      out = name ? g_strdup_printf (_("Team member %s"), name) : g_strdup (_("A team member"));
    }
  else if (g_str_equal (element, "repeat"))
    {
      g_autofree char *section = node ? get_attribute (node, "section") : NULL;
      g_autofree char *title = item_label (form, section);

      /* Translators: one filling of a repeatable section in conflict; %s is the section's title */
      out = title ? g_strdup_printf (_("A filling of “%s”"), title) : g_strdup (_("A filling of a repeated section"));
    }
  else if (g_str_equal (element, "attachment"))
    {
      g_autofree char *name = node ? get_attribute (node, "file-name") : NULL;

      /* Translators: an attachment in conflict and its file name */
      out = name && name[0] ? g_strdup_printf (_("Attachment %s"), name) : g_strdup (_("An attachment"));
    }
  else if (g_str_equal (element, "support-request"))
    {
      g_autofree char *section = node ? get_attribute (node, "section") : NULL;
      g_autofree char *title = item_label (form, section);

      /* Translators: a support request in conflict; %s is the section it is for */
      out = title ? g_strdup_printf (_("Support request for “%s”"), title) : g_strdup (_("A support request"));
    }
  else if (g_str_equal (element, "review"))
    out = g_strdup (_("The visit’s review"));

  if (doc != NULL)
    xmlFreeDoc (doc);
  return out;
}

/**
 * wr_row_conflict_describe_row:
 * @store: a #WrStore
 * @library: (nullable): the installed forms, for a question's text
 * @conflict: a row in conflict
 *
 * Says what the row is, in people's words: for an answer, the question's
 * text (and whose answer, in a per-member section); for an observation or
 * an action, its kind and first words; for a team member, the name.
 *
 * Returns: (transfer full): the description
 */
char *
wr_row_conflict_describe_row (WrStore                 *store,
                              WrFormLibrary           *library,
                              const WrPackRowConflict *conflict)
{
  WrForm *form;
  g_auto(GStrv) parts = NULL;
  char *out;

  g_return_val_if_fail (WR_IS_STORE (store), NULL);
  g_return_val_if_fail (conflict != NULL && conflict->key != NULL, NULL);

  form = lookup_form (store, library, conflict->visit_uuid);
  if (wr_row_conflict_is_answer (conflict))
    return describe_answer (store, form, conflict);
  if (g_str_equal (conflict->key, "visit"))
    return g_strdup (_("The visit’s details"));

  parts = g_strsplit (conflict->key, " ", 2);
  if ((out = describe_element (form, conflict, parts[0])))
    return out;
  return g_strdup (conflict->key);
}

/* An answer's value as the form words it: a choice's label, each of a
 * multi-choice's, or the value as typed.
 */
static char *
value_words (WrQuestion *question,
             const char *value)
{
  g_auto(GStrv) values = NULL;
  g_autoptr(GString) out = NULL;

  if (question == NULL || wr_question_get_n_choices (question) == 0)
    return g_strdup (value);

  values = g_strsplit (value, " ", -1);
  out = g_string_new (NULL);
  for (guint i = 0; values[i] != NULL; i++)
    {
      int choice;

      if (values[i][0] == '\0')
        continue;
      choice = wr_question_find_choice (question, values[i]);
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, choice >= 0 ? wr_question_get_choice_label (question, (guint) choice) : values[i]);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
describe_answer_version (WrForm                 *form,
                         const char             *question_id,
                         const WrPackRowVersion *version)
{
  xmlDoc *doc = parse_version (version);
  xmlNode *node = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
  g_autofree char *value = node ? get_child_text (node, "value") : NULL;
  g_autofree char *comment = node ? get_child_text (node, "comment") : NULL;
  g_autofree char *words = NULL;
  WrQuestion *question = form != NULL && question_id != NULL ? wr_form_lookup_question (form, question_id) : NULL;
  char *out;

  if (doc != NULL)
    xmlFreeDoc (doc);
  if (node == NULL)
    return NULL;

  if (value != NULL && value[0] != '\0')
    words = value_words (question, value);
  if (comment != NULL && comment[0] == '\0')
    g_clear_pointer (&comment, g_free);

  if (words != NULL && comment != NULL)
    /* Translators: a version of an answer in conflict: the answer, then its comment */
    out = g_strdup_printf (_("%s · comment “%s”"), words, comment);
  else if (words != NULL)
    out = g_steal_pointer (&words);
  else if (comment != NULL)
    /* Translators: a version of an answer in conflict with a comment but no answer */
    out = g_strdup_printf (_("No answer · comment “%s”"), comment);
  else
    out = g_strdup (_("No answer"));
  return out;
}

/**
 * wr_row_conflict_describe_version:
 * @store: a #WrStore
 * @library: (nullable): the installed forms
 * @conflict: a row in conflict
 * @version: one of its versions
 *
 * Says what a version holds, in a line: for an answer, the answer as the
 * form words it (a choice's label, not its value) and its comment; for
 * other rows, their texts and the fields a person sets, as
 * wr_pack_row_version_describe() does; or that it deletes the row.
 *
 * Returns: (transfer full): the description
 */
char *
wr_row_conflict_describe_version (WrStore                 *store,
                                  WrFormLibrary           *library,
                                  const WrPackRowConflict *conflict,
                                  const WrPackRowVersion  *version)
{
  g_auto(GStrv) parts = NULL;
  char *out = NULL;

  g_return_val_if_fail (WR_IS_STORE (store), NULL);
  g_return_val_if_fail (conflict != NULL && version != NULL, NULL);

  if (version->content == NULL)
    return g_strdup (_("Deleted"));
  if (!wr_row_conflict_is_answer (conflict))
    return wr_pack_row_version_describe (version);

  parts = g_strsplit (conflict->key, " ", 3);
  if (parts[0] != NULL && parts[1] != NULL)
    out = describe_answer_version (lookup_form (store, library, conflict->visit_uuid), parts[1], version);
  return out != NULL ? out : wr_pack_row_version_describe (version);
}

/**
 * wr_row_version_get_modified:
 * @version: a version of a row in conflict
 *
 * Returns: (transfer full) (nullable): when the version was written, as its
 *   device's clock said (ISO 8601), or %NULL for a deletion or a row that
 *   does not say
 */
char *
wr_row_version_get_modified (const WrPackRowVersion *version)
{
  xmlDoc *doc;
  xmlNode *node;
  char *modified = NULL;

  g_return_val_if_fail (version != NULL, NULL);

  if ((doc = parse_version (version)) == NULL)
    return NULL;
  if ((node = xmlDocGetRootElement (doc)) != NULL)
    modified = get_attribute (node, "modified");
  xmlFreeDoc (doc);

  return modified;
}

/**
 * wr_row_version_describe_author:
 * @store: a #WrStore
 * @visit_uuid: the visit the version is of
 * @version: a version of a row in conflict
 *
 * Says who wrote the version, in people's words: the team member who
 * records on its device (wr_store_get_device_member()) when there is one,
 * with "this device" or the start of the device's id; else "This device",
 * or the start of the other device's id, since devices carry no names.
 *
 * Returns: (transfer full): the description
 */
char *
wr_row_version_describe_author (WrStore                *store,
                                const char             *visit_uuid,
                                const WrPackRowVersion *version)
{
  g_autofree char *member_uuid = NULL;
  g_autofree char *member = NULL;
  g_autofree char *short_id = NULL;
  const char *device;

  g_return_val_if_fail (WR_IS_STORE (store), NULL);
  g_return_val_if_fail (version != NULL, NULL);

  device = version->device != NULL ? version->device : "";
  if (visit_uuid != NULL && (member_uuid = wr_store_get_device_member (store, visit_uuid, device, NULL)) &&
      member_uuid[0] != '\0')
    member = member_name (store, visit_uuid, member_uuid);

  if (g_str_equal (device, wr_store_get_device_id (store)))
    /* Translators: who wrote a version of a row in conflict: the team member
     * who said they use this device ("Who Are You?"), or the device alone
     */
    return member != NULL ? g_strdup_printf (_("%s (this device)"), member) : g_strdup (_("This device"));

  short_id = g_utf8_substring (device, 0, 8);
  if (member != NULL)
    /* Translators: who wrote a version of a row in conflict: the team member
     * whose answers that device recorded, and the start of the device's id
     */
    return g_strdup_printf (_("%s (device %s…)"), member, short_id);
  /* Translators: who wrote a version of a row in conflict; %s is the start of the device's id */
  return g_strdup_printf (_("Device %s…"), short_id);
}

/**
 * wr_row_version_describe_origin:
 * @store: a #WrStore
 * @visit_uuid: the visit the version is of
 * @version: a version of a row in conflict
 *
 * Who wrote the version, as wr_row_version_describe_author() says it, and
 * when, by its device's clock.
 *
 * Returns: (transfer full): the description
 */
char *
wr_row_version_describe_origin (WrStore                *store,
                                const char             *visit_uuid,
                                const WrPackRowVersion *version)
{
  g_autofree char *author = NULL;
  g_autofree char *modified = NULL;
  g_autofree char *when = NULL;

  g_return_val_if_fail (WR_IS_STORE (store), NULL);
  g_return_val_if_fail (version != NULL, NULL);

  author = wr_row_version_describe_author (store, visit_uuid, version);
  if ((modified = wr_row_version_get_modified (version)) != NULL)
    when = wr_date_time_format (modified);
  else
    /* Translators: when a version of a row in conflict was written, if it does not say (a deletion) */
    when = g_strdup (_("time not recorded"));

  /* Translators: who wrote a version of a row in conflict, and when: "Priya Jones (this device) · 7 Dec 2026, 09:30" */
  return g_strdup_printf (_("%s · %s"), author, when);
}

/**
 * wr_deletion_conflict_describe:
 * @store: a #WrStore
 * @library: (nullable): the installed forms, for a section's title
 * @conflict: a removal in conflict
 *
 * Says what was removed, in people's words: a team member by name, a
 * repeat by its section's title.
 *
 * Returns: (transfer full): the description
 */
char *
wr_deletion_conflict_describe (WrStore                  *store,
                               WrFormLibrary            *library,
                               const WrDeletionConflict *conflict)
{
  g_autofree char *section = NULL;

  g_return_val_if_fail (WR_IS_STORE (store), NULL);
  g_return_val_if_fail (conflict != NULL, NULL);

  if (g_str_equal (conflict->row, "member"))
    /* Translators: a team member removed while others recorded for them; %s is the name */
    return conflict->name != NULL ? g_strdup_printf (_("Team member “%s”"), conflict->name)
                                  : g_strdup (_("A removed team member"));

  if (conflict->name != NULL)
    section = item_label (lookup_form (store, library, conflict->visit_uuid), conflict->name);
  if (section != NULL)
    /* Translators: a repeat (one bed, one person spoken to…) removed while others recorded in it; %s is its
     * section's title
     */
    return g_strdup_printf (_("A repeat of “%s”"), section);
  return g_strdup (_("A removed repeat"));
}

/**
 * wr_deletion_conflict_describe_removal:
 * @store: a #WrStore
 * @library: (nullable): the installed forms, for the questions' texts
 * @conflict: a removal in conflict
 *
 * Says who removed it and when, and what was recorded inside it elsewhere
 * without knowing: the questions answered (their text) and how many
 * observations.
 *
 * Returns: (transfer full): the description
 */
char *
wr_deletion_conflict_describe_removal (WrStore                  *store,
                                       WrFormLibrary            *library,
                                       const WrDeletionConflict *conflict)
{
  WrPackRowVersion version = { (char *) conflict->deleted_by, 0, NULL };
  g_autofree char *author = NULL;
  g_autofree char *when = NULL;
  g_autoptr(GString) questions = g_string_new (NULL);
  WrForm *form;
  guint n_observations = 0;
  guint n_answers = 0;
  g_autofree char *recorded = NULL;

  g_return_val_if_fail (WR_IS_STORE (store), NULL);
  g_return_val_if_fail (conflict != NULL, NULL);

  author = wr_row_version_describe_author (store, conflict->visit_uuid, &version);
  when = wr_date_time_format (conflict->deleted);
  form = lookup_form (store, library, conflict->visit_uuid);

  for (guint i = 0; i < conflict->rows->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (conflict->rows, i), " ", 3);
      g_autofree char *text = NULL;

      if (!g_str_equal (parts[0], "answer") || parts[1] == NULL)
        {
          n_observations++;
          continue;
        }
      n_answers++;
      text = item_label (form, parts[1]);
      if (n_answers <= 3)
        /* Translators: the questions answered inside a removed member or repeat, quoted, joined by ", " */
        g_string_append_printf (questions, _("%s“%s”"), questions->len > 0 ? ", " : "",
                                text != NULL ? text : parts[1]);
    }
  if (n_answers > 3)
    g_string_append (questions, "…");

  if (n_answers > 0 && n_observations > 0)
    /* Translators: what was recorded inside a removed member or repeat: the questions, then a count */
    recorded = g_strdup_printf (ngettext ("answers to %s and %u observation", "answers to %s and %u observations",
                                          n_observations),
                                questions->str, n_observations);
  else if (n_answers > 0)
    /* Translators: what was recorded inside a removed member or repeat: the questions */
    recorded = g_strdup_printf (_("answers to %s"), questions->str);
  else
    recorded = g_strdup_printf (ngettext ("%u observation", "%u observations", n_observations), n_observations);

  /* Translators: a removal in conflict: who removed it, when, and what another device recorded inside it without
   * knowing ("Removed by Device 3f2a1b2c… · 7 Dec 2026, 09:30; meanwhile another device recorded answers to “Was
   * the bay clean?”")
   */
  return g_strdup_printf (_("Removed by %s · %s; meanwhile another device recorded %s"), author, when, recorded);
}
