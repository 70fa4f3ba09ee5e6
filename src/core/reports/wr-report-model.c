/* wr-report-model.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-report-model"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wr-catalog-entry.h"
#include "wr-dates.h"
#include "wr-pack-digest.h"
#include "wr-pack-format.h"
#include "wr-report-model-private.h"
#include "wr-role.h"
#include "wr-xml-private.h"

#define PACK_NS WR_PACK_NAMESPACE

static gboolean
is_element (xmlNode    *node,
            const char *name)
{
  return _wr_xml_is_element (node, PACK_NS, name);
}

static xmlNode *
first_child (xmlNode    *node,
             const char *name)
{
  return _wr_xml_first_child (node, PACK_NS, name);
}

/* Freeing ------------------------------------------------------------------- */

static void
photo_free (WrReportPhoto *photo)
{
  g_free (photo->caption);
  g_free (photo->media_type);
  g_clear_pointer (&photo->bytes, g_bytes_unref);
  g_free (photo);
}

static void
answer_free (WrReportAnswer *answer)
{
  g_free (answer->question);
  g_free (answer->value);
  g_free (answer->comment);
  g_clear_pointer (&answer->photos, g_ptr_array_unref);
  g_free (answer);
}

static void
row_free (WrReportRow *row)
{
  g_free (row->label);
  g_clear_pointer (&row->cells, g_ptr_array_unref);
  g_free (row);
}

static void
section_free (WrReportSection *section)
{
  g_free (section->title);
  g_free (section->score);
  g_free (section->row_heading);
  g_clear_pointer (&section->answers, g_ptr_array_unref);
  g_clear_pointer (&section->columns, g_ptr_array_unref);
  g_clear_pointer (&section->rows, g_ptr_array_unref);
  g_clear_pointer (&section->photos, g_ptr_array_unref);
  g_free (section);
}

static void
observation_free (WrReportObservation *observation)
{
  g_free (observation->uuid);
  g_free (observation->kind);
  g_free (observation->voice);
  g_free (observation->text);
  g_free (observation->context);
  g_free (observation->theme);
  g_free (observation->member_role);
  g_free (observation->kind_title);
  g_free (observation->voice_title);
  g_free (observation->question);
  g_clear_pointer (&observation->regulations, g_ptr_array_unref);
  g_clear_pointer (&observation->statements, g_ptr_array_unref);
  g_clear_pointer (&observation->themes, g_ptr_array_unref);
  g_free (observation);
}

static void
group_free (WrReportObservationGroup *group)
{
  g_free (group->kind);
  g_free (group->title);
  g_clear_pointer (&group->items, g_ptr_array_unref);
  g_free (group);
}

static void
action_free (WrReportAction *action)
{
  g_free (action->text);
  g_free (action->owner);
  g_free (action->due);
  g_free (action->status);
  g_free (action->due_date);
  g_free (action->status_id);
  g_free (action);
}

void
_wr_report_visit_free (WrReportVisit *visit)
{
  if (visit == NULL)
    return;

  g_free (visit->uuid);
  g_free (visit->service);
  g_free (visit->kind);
  g_free (visit->kind_label);
  g_free (visit->form_title);
  g_free (visit->date);
  g_free (visit->status);
  g_free (visit->team);
  g_clear_pointer (&visit->members, g_ptr_array_unref);
  g_free (visit->score);
  g_clear_pointer (&visit->sections, g_ptr_array_unref);
  g_clear_pointer (&visit->groups, g_ptr_array_unref);
  g_clear_pointer (&visit->observations, g_ptr_array_unref);
  g_clear_pointer (&visit->actions, g_ptr_array_unref);
  g_clear_pointer (&visit->photos, g_ptr_array_unref);
  g_clear_pointer (&visit->documents, g_ptr_array_unref);
  g_free (visit->service_uuid);
  g_free (visit->started);
  g_free (visit->ended);
  g_free (visit->status_id);
  g_free (visit->form_version);
  g_free (visit);
}

/* Words --------------------------------------------------------------------- */

static char *
catalog_title (WrReportPack  *pack,
               WrCatalogKind  kind,
               const char    *id)
{
  WrCatalogEntry *entry;

  if (id == NULL || id[0] == '\0')
    return NULL;
  entry = wr_catalog_lookup (_wr_report_pack_get_catalog (pack), kind, id);
  return g_strdup (entry != NULL ? wr_catalog_entry_get_title (entry) : id);
}

/* "7 December 2026" for a date or the date of a time, as written. */
static char *
date_words (const char *value)
{
  g_autofree char *day = NULL;
  char *words;

  if (value == NULL || strlen (value) < 10)
    return g_strdup (value);
  day = g_strndup (value, 10);
  words = wr_date_format_long (day);
  return words != NULL ? words : g_strdup (value);
}

/* The role id of the team member @uuid, or NULL. */
static char *
member_role (xmlNode    *visit,
             const char *uuid)
{
  xmlNode *team = first_child (visit, "team");

  for (xmlNode *member = team != NULL && uuid != NULL ? team->children : NULL; member != NULL; member = member->next)
    {
      g_autofree char *member_uuid = NULL;

      if (!is_element (member, "member"))
        continue;
      member_uuid = _wr_xml_get_attribute (member, "uuid");
      if (g_strcmp0 (member_uuid, uuid) == 0)
        return _wr_xml_get_attribute (member, "role");
    }

  return NULL;
}

static GPtrArray *
team_names (xmlNode *visit)
{
  xmlNode *team = first_child (visit, "team");
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (xmlNode *member = team != NULL ? team->children : NULL; member != NULL; member = member->next)
    {
      if (is_element (member, "member"))
        g_ptr_array_add (names, _wr_xml_get_attribute (member, "name"));
    }

  return names;
}

static char *
team_words (xmlNode *visit)
{
  xmlNode *team = first_child (visit, "team");
  g_autoptr(GString) out = g_string_new (NULL);

  for (xmlNode *member = team != NULL ? team->children : NULL; member != NULL; member = member->next)
    {
      g_autofree char *name = NULL;
      g_autofree char *role = NULL;
      int index;

      if (!is_element (member, "member"))
        continue;
      name = _wr_xml_get_attribute (member, "name");
      role = _wr_xml_get_attribute (member, "role");
      index = wr_role_find (role);
      if (out->len > 0)
        g_string_append (out, "; ");
      g_string_append_printf (out, "%s (%s)", name != NULL ? name : "",
                              index >= 0 ? wr_role_get_label (index) : role != NULL ? role : "");
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static const char *
visit_status_words (const char *status)
{
  if (g_strcmp0 (status, "completed") == 0)
    return _("Completed");
  if (g_strcmp0 (status, "draft") == 0)
    return _("Draft");
  return status != NULL ? status : "";
}

static const char *
action_status_words (const char *status)
{
  if (g_strcmp0 (status, "open") == 0)
    return _("Open");
  if (g_strcmp0 (status, "done") == 0)
    return _("Done");
  if (g_strcmp0 (status, "dropped") == 0)
    return _("Dropped");
  return status != NULL ? status : "";
}

/* An answer's value as the report says it: an option's label, a date in
 * words, or what was typed.
 */
static char *
value_words (WrQuestion *question,
             const char *value)
{
  char *described;

  if (value == NULL)
    return g_strdup ("");
  if ((described = _wr_report_describe_value (question, value)) != NULL)
    return described;
  if (question != NULL && wr_question_get_question_type (question) == WR_QUESTION_DATE)
    return date_words (value);
  return g_strdup (value);
}

/* Photos ---------------------------------------------------------------------- */

static GBytes *
attachment_bytes (xmlNode *attachment)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();

  for (xmlNode *data = attachment->children; data != NULL; data = data->next)
    {
      g_autofree char *text = NULL;
      g_autofree guchar *decoded = NULL;
      gsize len = 0;

      if (!is_element (data, WR_PACK_DATA_ELEMENT))
        continue;
      text = _wr_xml_get_text (data);
      decoded = g_base64_decode (text, &len);
      g_byte_array_append (bytes, decoded, len);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

/* Images go under their question (@by_question, question id → photos) or
 * with the visit; other files are named, as the report cannot show them.
 */
static void
add_attachments (WrReportVisit *model,
                 xmlNode       *visit,
                 GHashTable    *by_question)
{
  xmlNode *attachments = first_child (visit, "attachments");

  for (xmlNode *node = attachments != NULL ? attachments->children : NULL; node != NULL; node = node->next)
    {
      g_autofree char *media_type = NULL;
      g_autofree char *file_name = NULL;
      g_autofree char *caption = NULL;
      g_autofree char *question = NULL;
      WrReportPhoto *photo;
      GPtrArray *list;

      if (!is_element (node, "attachment"))
        continue;

      media_type = _wr_xml_get_attribute (node, "media-type");
      file_name = _wr_xml_get_attribute (node, "file-name");
      caption = _wr_report_child_text (node, "caption");
      if (caption != NULL)
        g_strstrip (caption);

      if (media_type == NULL || !g_str_has_prefix (media_type, "image/"))
        {
          g_ptr_array_add (model->documents,
                           g_strdup (caption != NULL && caption[0] != '\0' ? caption
                                     : file_name != NULL ? file_name : _("An attachment")));
          continue;
        }

      photo = g_new0 (WrReportPhoto, 1);
      photo->caption = g_strdup (caption != NULL && caption[0] != '\0' ? caption
                                 : file_name != NULL ? file_name : "");
      photo->media_type = g_steal_pointer (&media_type);
      photo->bytes = attachment_bytes (node);

      question = _wr_xml_get_attribute (node, "question");
      if (question == NULL || question[0] == '\0')
        {
          g_ptr_array_add (model->photos, photo);
          continue;
        }
      if (!(list = g_hash_table_lookup (by_question, question)))
        {
          list = g_ptr_array_new_with_free_func ((GDestroyNotify) photo_free);
          g_hash_table_insert (by_question, g_steal_pointer (&question), list);
        }
      g_ptr_array_add (list, photo);
    }
}

/* Moves the photos of @question_id from @by_question to @into. */
static void
take_photos (GHashTable *by_question,
             const char *question_id,
             GPtrArray  *into)
{
  GPtrArray *list;

  if (question_id == NULL || !(list = g_hash_table_lookup (by_question, question_id)))
    return;

  for (guint i = 0; i < list->len; i++)
    g_ptr_array_add (into, g_ptr_array_index (list, i));
  g_ptr_array_set_free_func (list, NULL);
  g_hash_table_remove (by_question, question_id);
}

/* Answers --------------------------------------------------------------------- */

typedef struct
{
  xmlNode    *node;
  WrQuestion *question;
  guint       order;
} AnswerRef;

static int
compare_answers (gconstpointer a,
                 gconstpointer b)
{
  const AnswerRef *x = a;
  const AnswerRef *y = b;

  return x->order < y->order ? -1 : x->order > y->order;
}

/* The row keys of a table section, in order: the section's repeats, or
 * the team's members, by position then uuid, as the store orders them (a
 * merged visit may hold two of one position).
 */
static GPtrArray *
row_keys (xmlNode   *visit,
          WrSection *section,
          gboolean   per_member)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  const char *section_id = wr_form_item_get_id (WR_FORM_ITEM (section));
  xmlNode *list = first_child (visit, per_member ? "team" : "repeats");
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint64));

  for (xmlNode *node = list != NULL ? list->children : NULL; node != NULL; node = node->next)
    {
      g_autofree char *sid = NULL;
      g_autofree char *position = NULL;
      g_autofree char *uuid = NULL;
      guint64 pos;
      guint at;

      if (!is_element (node, per_member ? "member" : "repeat"))
        continue;
      if (!per_member)
        {
          sid = _wr_xml_get_attribute (node, "section");
          if (g_strcmp0 (sid, section_id) != 0)
            continue;
        }
      position = _wr_xml_get_attribute (node, "position");
      pos = position != NULL ? g_ascii_strtoull (position, NULL, 10) : 0;
      uuid = _wr_xml_get_attribute (node, "uuid");
      for (at = 0; at < positions->len; at++)
        {
          guint64 other = g_array_index (positions, guint64, at);

          if (other > pos || (other == pos && g_strcmp0 (g_ptr_array_index (keys, at), uuid) > 0))
            break;
        }
      g_array_insert_val (positions, at, pos);
      g_ptr_array_insert (keys, at, g_steal_pointer (&uuid));
    }

  return keys;
}

static WrReportSection *
new_section (const char *title)
{
  WrReportSection *section = g_new0 (WrReportSection, 1);

  section->title = g_strdup (title);
  section->answers = g_ptr_array_new_with_free_func ((GDestroyNotify) answer_free);
  section->photos = g_ptr_array_new_with_free_func ((GDestroyNotify) photo_free);
  return section;
}

static WrReportAnswer *
new_answer (xmlNode    *node,
            WrQuestion *question,
            const char *question_id)
{
  WrReportAnswer *answer = g_new0 (WrReportAnswer, 1);
  g_autofree char *value = _wr_report_child_text (node, "value");
  const char *label = question != NULL ? wr_form_item_get_label (WR_FORM_ITEM (question)) : NULL;

  answer->question = g_strdup (label != NULL ? label : question_id);
  answer->value = value_words (question, value);
  answer->comment = _wr_report_child_text (node, "comment");
  if (answer->comment != NULL && g_strstrip (answer->comment)[0] == '\0')
    g_clear_pointer (&answer->comment, g_free);
  answer->photos = g_ptr_array_new_with_free_func ((GDestroyNotify) photo_free);
  return answer;
}

static void
fill_plain_section (WrReportSection *section,
                    GArray          *refs,
                    GHashTable      *photos)
{
  for (guint i = 0; i < refs->len; i++)
    {
      AnswerRef *ref = &g_array_index (refs, AnswerRef, i);
      g_autofree char *id = _wr_xml_get_attribute (ref->node, "question");
      WrReportAnswer *answer = new_answer (ref->node, ref->question, id);

      take_photos (photos, id, answer->photos);
      g_ptr_array_add (section->answers, answer);
    }
}

/* A repeatable or per-member section as a table: a row per repeat or
 * member, a column per question answered in it. A comment is put in the
 * cell under its value.
 */
static void
fill_table_section (WrReportSection *section,
                    WrSection       *form_section,
                    xmlNode         *visit,
                    GArray          *refs,
                    GHashTable      *photos)
{
  gboolean per_member = wr_section_get_per_member (form_section);
  g_autoptr(GPtrArray) keys = row_keys (visit, form_section, per_member);
  g_autoptr(GPtrArray) questions = g_ptr_array_new ();
  const char *key_attribute = per_member ? "member" : "repeat";

  section->row_heading = g_strdup (per_member ? _("Member") : _("No."));
  section->columns = g_ptr_array_new_with_free_func (g_free);
  section->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);

  for (guint i = 0; i < refs->len; i++)
    {
      AnswerRef *ref = &g_array_index (refs, AnswerRef, i);
      g_autofree char *key = _wr_xml_get_attribute (ref->node, key_attribute);
      const char *label;

      if (!g_ptr_array_find (questions, ref->question, NULL))
        {
          g_autofree char *id = _wr_xml_get_attribute (ref->node, "question");

          label = wr_form_item_get_label (WR_FORM_ITEM (ref->question));
          g_ptr_array_add (questions, ref->question);
          g_ptr_array_add (section->columns, g_strdup (label != NULL ? label : id));
          take_photos (photos, id, section->photos);
        }
      if (key != NULL && !g_ptr_array_find_with_equal_func (keys, key, g_str_equal, NULL))
        g_ptr_array_add (keys, g_steal_pointer (&key));
    }

  for (guint k = 0; k < keys->len; k++)
    {
      const char *key = g_ptr_array_index (keys, k);
      WrReportRow *row = g_new0 (WrReportRow, 1);

      row->label = per_member ? _wr_report_member_name (visit, key) : g_strdup_printf ("%u", k + 1);
      row->cells = g_ptr_array_new_with_free_func (g_free);
      for (guint q = 0; q < questions->len; q++)
        g_ptr_array_add (row->cells, g_strdup (""));

      for (guint i = 0; i < refs->len; i++)
        {
          AnswerRef *ref = &g_array_index (refs, AnswerRef, i);
          g_autofree char *answer_key = _wr_xml_get_attribute (ref->node, key_attribute);
          g_autofree char *raw = NULL;
          g_autofree char *value = NULL;
          g_autofree char *comment = NULL;
          guint q;

          if (g_strcmp0 (answer_key, key) != 0 || !g_ptr_array_find (questions, ref->question, &q))
            continue;
          raw = _wr_report_child_text (ref->node, "value");
          value = value_words (ref->question, raw);
          comment = _wr_report_child_text (ref->node, "comment");
          if (comment != NULL && g_strstrip (comment)[0] != '\0')
            {
              g_free (g_ptr_array_index (row->cells, q));
              g_ptr_array_index (row->cells, q) = value[0] != '\0' ? g_strconcat (value, "\n", comment, NULL)
                                                                   : g_strdup (comment);
            }
          else
            {
              g_free (g_ptr_array_index (row->cells, q));
              g_ptr_array_index (row->cells, q) = g_steal_pointer (&value);
            }
        }
      g_ptr_array_add (section->rows, row);
    }
}

/* Scores by section id, from "id=80.0; id=…" as visits.csv has them. */
static GHashTable *
parse_section_scores (const char *text)
{
  GHashTable *scores = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) parts = text != NULL ? g_strsplit (text, "; ", -1) : NULL;

  for (guint i = 0; parts != NULL && parts[i] != NULL; i++)
    {
      const char *eq = strrchr (parts[i], '=');

      if (eq != NULL)
        g_hash_table_replace (scores, g_strndup (parts[i], eq - parts[i]), g_strdup (eq + 1));
    }

  return scores;
}

static void
add_sections (WrReportVisit *model,
              WrReportPack  *pack,
              xmlNode       *visit,
              GHashTable    *photos,
              const char    *section_scores)
{
  WrForm *form = _wr_report_pack_get_form (pack, visit);
  xmlNode *answers = first_child (visit, "answers");
  guint n_sections = form != NULL ? wr_form_get_n_sections (form) : 0;
  g_autoptr(GHashTable) scores = parse_section_scores (section_scores);
  g_autoptr(GPtrArray) buckets = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GArray) unknown = g_array_new (FALSE, FALSE, sizeof (AnswerRef));

  for (guint s = 0; s < n_sections; s++)
    g_ptr_array_add (buckets, g_array_new (FALSE, FALSE, sizeof (AnswerRef)));

  for (xmlNode *node = answers != NULL ? answers->children : NULL; node != NULL; node = node->next)
    {
      g_autofree char *id = NULL;
      AnswerRef ref = { node, NULL, G_MAXUINT };
      WrSection *section;
      guint s;

      if (!_wr_report_is_shown_answer (node))
        continue;
      id = _wr_xml_get_attribute (node, "question");
      ref.question = _wr_report_find_question (pack, visit, id);
      if (ref.question == NULL)
        {
          g_array_append_val (unknown, ref);
          continue;
        }
      ref.order = wr_form_item_get_index (WR_FORM_ITEM (ref.question));
      section = wr_form_item_get_section (WR_FORM_ITEM (ref.question));
      for (s = 0; s < n_sections && wr_form_get_section (form, s) != section; s++)
        ;
      if (s == n_sections)
        g_array_append_val (unknown, ref);
      else
        g_array_append_val (g_ptr_array_index (buckets, s), ref);
    }

  for (guint s = 0; s < n_sections; s++)
    {
      GArray *refs = g_ptr_array_index (buckets, s);
      WrSection *form_section = wr_form_get_section (form, s);
      const char *id = wr_form_item_get_id (WR_FORM_ITEM (form_section));
      const char *title = wr_form_item_get_label (WR_FORM_ITEM (form_section));
      WrReportSection *section;

      if (refs->len == 0)
        continue;
      g_array_sort (refs, compare_answers);

      section = new_section (title != NULL ? title : id);
      section->score = g_strdup (g_hash_table_lookup (scores, id));
      if (wr_section_get_repeatable (form_section) || wr_section_get_per_member (form_section))
        fill_table_section (section, form_section, visit, refs, photos);
      else
        fill_plain_section (section, refs, photos);
      g_ptr_array_add (model->sections, section);
    }

  /* A form that did not load (one from a newer Walkround) still has its
   * answers shown, by question id.
   */
  if (unknown->len > 0)
    {
      WrReportSection *section = new_section (_("Answers"));

      fill_plain_section (section, unknown, photos);
      g_ptr_array_add (model->sections, section);
    }
}

/* Observations and actions -------------------------------------------------- */

static void
add_observations (WrReportVisit *model,
                  WrReportPack  *pack,
                  xmlNode       *visit)
{
  xmlNode *observations = first_child (visit, "observations");
  GListModel *kinds = wr_catalog_list (_wr_report_pack_get_catalog (pack), WR_CATALOG_OBSERVATION_KIND);

  for (xmlNode *node = observations != NULL ? observations->children : NULL; node != NULL; node = node->next)
    {
      WrReportObservation *observation;
      g_autoptr(GString) context = g_string_new (NULL);
      g_autofree char *voice = NULL;
      g_autofree char *member_uuid = NULL;
      g_autofree char *member = NULL;
      g_autofree char *question_id = NULL;
      WrQuestion *question;

      if (!_wr_report_is_shown_observation (visit, node))
        continue;

      observation = g_new0 (WrReportObservation, 1);
      observation->uuid = _wr_xml_get_attribute (node, "uuid");
      observation->kind = _wr_xml_get_attribute (node, "kind");
      observation->voice = _wr_xml_get_attribute (node, "voice");
      observation->text = _wr_report_child_text (node, "text");
      if (observation->voice == NULL)
        observation->voice = g_strdup ("");

      if ((voice = catalog_title (pack, WR_CATALOG_VOICE, observation->voice)) != NULL)
        g_string_append (context, voice);
      observation->voice_title = g_strdup (voice);
      observation->kind_title = catalog_title (pack, WR_CATALOG_OBSERVATION_KIND, observation->kind);
      if (observation->kind_title == NULL)
        observation->kind_title = g_strdup (_("Other observations"));
      member_uuid = _wr_xml_get_attribute (node, "member");
      if ((member = _wr_report_member_name (visit, member_uuid)) != NULL)
        g_string_append_printf (context, "%s%s", context->len ? " · " : "", member);
      question_id = _wr_xml_get_attribute (node, "question");
      question = _wr_report_find_question (pack, visit, question_id);
      observation->question = g_strdup (question != NULL ? wr_form_item_get_label (WR_FORM_ITEM (question))
                                                          : question_id);
      if (question != NULL && wr_form_item_get_label (WR_FORM_ITEM (question)) != NULL)
        {
          if (context->len)
            g_string_append (context, " · ");
          /* TRANSLATORS: where an observation was written, under its text */
          g_string_append_printf (context, _("At “%s”"), wr_form_item_get_label (WR_FORM_ITEM (question)));
        }
      if (context->len)
        observation->context = g_string_free (g_steal_pointer (&context), FALSE);

      observation->regulations = g_ptr_array_new_with_free_func (g_free);
      observation->statements = g_ptr_array_new_with_free_func (g_free);
      observation->themes = g_ptr_array_new_with_free_func (g_free);
      for (xmlNode *link = node->children; link != NULL; link = link->next)
        {
          g_autofree char *link_kind = NULL;
          g_autofree char *ref = NULL;

          if (!is_element (link, "link"))
            continue;
          link_kind = _wr_xml_get_attribute (link, "kind");
          ref = _wr_xml_get_attribute (link, "ref");
          if (ref == NULL)
            continue;
          if (g_strcmp0 (link_kind, "theme") == 0 && observation->theme == NULL)
            observation->theme = catalog_title (pack, WR_CATALOG_THEME, ref);
          if (g_strcmp0 (link_kind, "regulation") == 0)
            g_ptr_array_add (observation->regulations, g_steal_pointer (&ref));
          else if (g_strcmp0 (link_kind, "statement") == 0)
            g_ptr_array_add (observation->statements, g_steal_pointer (&ref));
          else if (g_strcmp0 (link_kind, "theme") == 0)
            g_ptr_array_add (observation->themes, g_steal_pointer (&ref));
        }
      observation->member_role = member_role (visit, member_uuid);

      g_ptr_array_add (model->observations, observation);
    }

  /* Grouped by kind in the catalogue's order; a kind it does not know
   * comes last, under its own name.
   */
  for (guint k = 0; k <= g_list_model_get_n_items (kinds); k++)
    {
      g_autoptr(WrCatalogEntry) entry = k < g_list_model_get_n_items (kinds) ? g_list_model_get_item (kinds, k) : NULL;
      WrReportObservationGroup *group = NULL;

      for (guint i = 0; i < model->observations->len; i++)
        {
          WrReportObservation *observation = g_ptr_array_index (model->observations, i);
          gboolean known = wr_catalog_lookup (_wr_report_pack_get_catalog (pack), WR_CATALOG_OBSERVATION_KIND,
                                              observation->kind) != NULL;

          if (entry != NULL ? g_strcmp0 (observation->kind, wr_catalog_entry_get_id (entry)) != 0 : known)
            continue;
          if (group == NULL)
            {
              group = g_new0 (WrReportObservationGroup, 1);
              group->kind = g_strdup (entry != NULL ? wr_catalog_entry_get_id (entry) : "");
              group->title = g_strdup (entry != NULL ? wr_catalog_entry_get_title (entry) : _("Other observations"));
              group->items = g_ptr_array_new ();
              g_ptr_array_add (model->groups, group);
            }
          g_ptr_array_add (group->items, observation);
        }
    }
}

static void
add_actions (WrReportVisit *model,
             xmlNode       *visit)
{
  xmlNode *actions = first_child (visit, "actions");

  for (xmlNode *node = actions != NULL ? actions->children : NULL; node != NULL; node = node->next)
    {
      WrReportAction *action;
      g_autofree char *due = NULL;
      g_autofree char *status = NULL;

      if (!is_element (node, "action"))
        continue;

      action = g_new0 (WrReportAction, 1);
      action->text = _wr_report_child_text (node, "text");
      action->owner = _wr_xml_get_attribute (node, "owner");
      due = _wr_xml_get_attribute (node, "due");
      action->due = due != NULL ? date_words (due) : NULL;
      action->due_date = g_steal_pointer (&due);
      status = _wr_xml_get_attribute (node, "status");
      action->status = g_strdup (action_status_words (status));
      action->status_id = g_steal_pointer (&status);
      g_ptr_array_add (model->actions, action);
    }
}

/**
 * _wr_report_visit_new:
 * @pack: the pack being read
 * @visit: a visit record, its digest checked
 *
 * Returns: (transfer full): the visit as a report shows it
 */
WrReportVisit *
_wr_report_visit_new (WrReportPack *pack,
                      xmlNode      *visit)
{
  WrReportVisit *model = g_new0 (WrReportVisit, 1);
  g_autoptr(GHashTable) photos = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) g_ptr_array_unref);
  g_autofree char *started = _wr_xml_get_attribute (visit, "started");
  g_autofree char *status = _wr_xml_get_attribute (visit, "status");
  g_autofree char *section_scores = NULL;
  WrForm *form = _wr_report_pack_get_form (pack, visit);
  const char *service = _wr_report_pack_get_service_name (pack, visit);
  WrFormKind kind;
  GHashTableIter iter;
  gpointer value;

  model->uuid = _wr_xml_get_attribute (visit, "uuid");
  model->kind = _wr_xml_get_attribute (visit, "kind");
  model->kind_label = g_strdup (model->kind != NULL && wr_form_kind_from_string (model->kind, &kind)
                                ? wr_form_kind_get_label (kind) : model->kind);
  model->service = g_strdup (service != NULL ? service : _("Unknown service"));
  model->form_title = form != NULL ? g_strdup (wr_form_get_title (form)) : _wr_xml_get_attribute (visit, "form");
  model->date = date_words (started);
  model->status = g_strdup (visit_status_words (status));
  model->team = team_words (visit);
  model->members = team_names (visit);
  model->score = _wr_report_score_visit (pack, visit, &section_scores);
  model->service_uuid = _wr_xml_get_attribute (visit, "service");
  model->started = g_strdup (started);
  model->ended = _wr_xml_get_attribute (visit, "ended");
  model->status_id = g_strdup (status);
  model->form_version = _wr_xml_get_attribute (visit, "form-version");
  {
    g_autofree char *revision = _wr_xml_get_attribute (visit, "revision");

    model->revision = revision != NULL ? (guint) MIN (g_ascii_strtoull (revision, NULL, 10), G_MAXUINT) : 0;
  }

  model->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) section_free);
  model->observations = g_ptr_array_new_with_free_func ((GDestroyNotify) observation_free);
  model->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  model->actions = g_ptr_array_new_with_free_func ((GDestroyNotify) action_free);
  model->photos = g_ptr_array_new_with_free_func ((GDestroyNotify) photo_free);
  model->documents = g_ptr_array_new_with_free_func (g_free);

  add_attachments (model, visit, photos);
  add_sections (model, pack, visit, photos, section_scores);
  add_observations (model, pack, visit);
  add_actions (model, visit);

  /* Photos of questions left unanswered, or that the form no longer
   * has, are shown with the visit's own.
   */
  g_hash_table_iter_init (&iter, photos);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GPtrArray *list = value;

      for (guint i = 0; i < list->len; i++)
        g_ptr_array_add (model->photos, g_ptr_array_index (list, i));
      g_ptr_array_set_free_func (list, NULL);
    }

  return model;
}
