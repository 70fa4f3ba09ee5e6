/* wr-visit-session.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-visit-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wr-visit-conditions-private.h"
#include "wr-visit-scores.h"
#include "wr-visit-session.h"

/* One visit as the visit page works on it: its form, team, repeats and
 * answers in memory, every change written through to the store at once.
 * It joins what the form says (WrFormState: what is shown, required,
 * scored) to what the store holds (answers keyed by question, member and
 * repeat uuid).
 *
 * The team's answers are one WrFormState; each member has their own for
 * the per-member sections (15 Steps impressions), whose answer function
 * gives that member's answers there and the team's elsewhere.
 */

typedef struct
{
  char *value;
  char *comment;
} Entry;

/* The session ------------------------------------------------------------------ */

struct _WrVisitSession
{
  GObject            parent_instance;

  WrStore           *store;
  WrFormLibrary     *library;
  char              *visit_uuid;
  WrVisit           *visit;
  WrForm            *form;
  GPtrArray         *members;        /* of WrMember */
  GHashTable        *repeats;        /* section id → GPtrArray of repeat uuids, in order */
  GHashTable        *answers;        /* "question\x1fmember\x1frepeat" → Entry */
  WrVisitConditions *conditions;

  /* The visit's observations and actions by where they were written,
   * read in one go when first asked for after a change.
   */
  GHashTable        *observations_at; /* "question\x1fmember\x1frepeat" → GPtrArray of WrObservation */
  GHashTable        *actions_at;      /* question id → GPtrArray of WrAction */
  gboolean           notes_read;

  /* The count the store keeps for the visits list, as last read or saved. */
  gboolean           progress_known;
  guint              progress_answered;
  guint              progress_required;
};

G_DEFINE_FINAL_TYPE (WrVisitSession, wr_visit_session, G_TYPE_OBJECT)

static void
entry_free (Entry *entry)
{
  g_free (entry->value);
  g_free (entry->comment);
  g_free (entry);
}

static char *
make_key (const char *question_id,
          const char *member_uuid,
          const char *repeat_uuid)
{
  return g_strjoin ("\x1f", question_id, member_uuid ? member_uuid : "", repeat_uuid ? repeat_uuid : "", NULL);
}

static GPtrArray *
repeats_of (WrVisitSession *self,
            WrSection      *section)
{
  return g_hash_table_lookup (self->repeats, wr_form_item_get_id (WR_FORM_ITEM (section)));
}

static const char *
repeat_uuid_at (WrVisitSession *self,
                WrSection      *section,
                guint           repeat)
{
  return _wr_visit_conditions_get_repeat_uuid (self->conditions, section, repeat);
}

static Entry *
lookup_entry (WrVisitSession *self,
              WrQuestion     *question,
              const char     *member_uuid,
              guint           repeat)
{
  WrSection *section = wr_form_item_get_section (WR_FORM_ITEM (question));
  const char *repeat_uuid = repeat_uuid_at (self, section, repeat);
  g_autofree char *key = NULL;

  if (repeat_uuid == NULL)
    return NULL;
  if (!wr_section_get_per_member (section))
    member_uuid = "";

  key = make_key (wr_form_item_get_id (WR_FORM_ITEM (question)), member_uuid, repeat_uuid);
  return g_hash_table_lookup (self->answers, key);
}

static const char *
stored_answer_cb (const char *question_id,
                  const char *member_uuid,
                  const char *repeat_uuid,
                  gpointer    user_data)
{
  WrVisitSession *self = user_data;
  g_autofree char *key = make_key (question_id, member_uuid, repeat_uuid);
  Entry *entry = g_hash_table_lookup (self->answers, key);

  return entry ? entry->value : NULL;
}

static void
set_form (WrVisitSession *self,
          WrForm         *form)
{
  g_set_object (&self->form, form);
  g_clear_pointer (&self->conditions, _wr_visit_conditions_free);
  self->conditions = _wr_visit_conditions_new (form, self->repeats, stored_answer_cb, self);
}

static WrFormState *
state_for (WrVisitSession *self,
           const char     *member_uuid)
{
  return _wr_visit_conditions_get_state (self->conditions, member_uuid);
}

static void
invalidate (WrVisitSession *self)
{
  _wr_visit_conditions_invalidate (self->conditions);
}

static void keep_progress (WrVisitSession *self);
static void keep_scores   (WrVisitSession *self);

/* After the answers, repeats or team changed: conditions are evaluated
 * afresh, and the visits list's count follows.
 */
static void
changed (WrVisitSession *self)
{
  invalidate (self);
  keep_progress (self);
  keep_scores (self);
}

static void
wr_visit_session_finalize (GObject *object)
{
  WrVisitSession *self = (WrVisitSession *)object;

  g_clear_pointer (&self->conditions, _wr_visit_conditions_free);
  g_clear_pointer (&self->observations_at, g_hash_table_unref);
  g_clear_pointer (&self->actions_at, g_hash_table_unref);
  g_clear_pointer (&self->answers, g_hash_table_unref);
  g_clear_pointer (&self->repeats, g_hash_table_unref);
  g_clear_pointer (&self->members, g_ptr_array_unref);
  g_clear_object (&self->form);
  g_clear_object (&self->visit);
  g_clear_pointer (&self->visit_uuid, g_free);
  g_clear_object (&self->library);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (wr_visit_session_parent_class)->finalize (object);
}

static void
wr_visit_session_class_init (WrVisitSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = wr_visit_session_finalize;
}

static void
wr_visit_session_init (WrVisitSession *self)
{
  self->repeats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) entry_free);
  self->observations_at = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 (GDestroyNotify) g_ptr_array_unref);
  self->actions_at = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
}

/* The notes are read again when next asked for. */
static void
store_changed_cb (WrVisitSession *self,
                  const char     *entity,
                  const char     *visit_uuid)
{
  if ((g_str_equal (entity, "observation") || g_str_equal (entity, "action")) &&
      g_strcmp0 (visit_uuid, self->visit_uuid) == 0)
    self->notes_read = FALSE;
}

/**
 * wr_visit_session_reload:
 * @self: a #WrVisitSession
 * @error: return location for a #GError
 *
 * Reads the visit, its team, repeats and answers again from the store, as
 * after an Undo or a change made elsewhere.
 *
 * Returns: %TRUE if the visit was read
 */
gboolean
wr_visit_session_reload (WrVisitSession  *self,
                         GError         **error)
{
  g_autoptr(WrVisit) visit = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) repeats = NULL;
  g_autoptr(GPtrArray) answers = NULL;

  g_return_val_if_fail (WR_IS_VISIT_SESSION (self), FALSE);

  if (!(visit = wr_store_get_visit (self->store, self->visit_uuid, error)) ||
      !(members = wr_store_list_members (self->store, self->visit_uuid, error)) ||
      !(repeats = wr_store_list_repeats (self->store, self->visit_uuid, error)) ||
      !(answers = wr_store_list_answers (self->store, self->visit_uuid, error)))
    return FALSE;

  g_set_object (&self->visit, visit);
  g_clear_pointer (&self->members, g_ptr_array_unref);
  self->members = g_steal_pointer (&members);

  g_hash_table_remove_all (self->repeats);
  for (guint i = 0; i < repeats->len; i++)
    {
      WrRepeat *repeat = g_ptr_array_index (repeats, i);
      GPtrArray *list = g_hash_table_lookup (self->repeats, repeat->section_id);

      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (self->repeats, g_strdup (repeat->section_id), list);
        }
      g_ptr_array_add (list, g_strdup (repeat->uuid));
    }

  g_hash_table_remove_all (self->answers);
  for (guint i = 0; i < answers->len; i++)
    {
      WrAnswer *answer = g_ptr_array_index (answers, i);
      Entry *entry = g_new0 (Entry, 1);

      entry->value = g_strdup (answer->value);
      entry->comment = g_strdup (answer->comment);
      g_hash_table_insert (self->answers,
                           make_key (answer->question_id, answer->member_uuid, answer->repeat_uuid),
                           entry);
    }

  _wr_visit_conditions_reset (self->conditions);
  self->notes_read = FALSE;
  self->progress_known = wr_visit_get_progress (visit, &self->progress_answered, &self->progress_required);
  changed (self);

  return TRUE;
}

/**
 * wr_visit_session_new:
 * @store: the store the visit is in
 * @library: the forms
 * @visit_uuid: the visit
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the session, or %NULL with @error set (no such
 *   visit, or the form it was recorded on is not installed)
 */
WrVisitSession *
wr_visit_session_new (WrStore        *store,
                      WrFormLibrary  *library,
                      const char     *visit_uuid,
                      GError        **error)
{
  g_autoptr(WrVisitSession) self = NULL;
  g_autoptr(WrVisit) visit = NULL;
  WrForm *form;

  g_return_val_if_fail (WR_IS_STORE (store), NULL);
  g_return_val_if_fail (WR_IS_FORM_LIBRARY (library), NULL);
  g_return_val_if_fail (visit_uuid != NULL, NULL);

  if (!(visit = wr_store_get_visit (store, visit_uuid, error)))
    return NULL;

  form = wr_form_library_lookup (library, wr_visit_get_form_id (visit), wr_visit_get_form_version (visit));
  if (form == NULL)
    {
      g_set_error (error, WR_FORM_ERROR, WR_FORM_ERROR_NOT_FOUND,
                   _("This visit was recorded on the form “%s”, version %u, which is not installed. "
                     "Add that form (Forms page, Add Form…) to open the visit."),
                   wr_visit_get_form_id (visit), wr_visit_get_form_version (visit));
      return NULL;
    }

  self = g_object_new (WR_TYPE_VISIT_SESSION, NULL);
  self->store = g_object_ref (store);
  self->library = g_object_ref (library);
  self->visit_uuid = g_strdup (visit_uuid);
  set_form (self, form);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);

  if (!wr_visit_session_reload (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

WrStore *
wr_visit_session_get_store (WrVisitSession *self)
{
  g_return_val_if_fail (WR_IS_VISIT_SESSION (self), NULL);
  return self->store;
}

WrVisit *
wr_visit_session_get_visit (WrVisitSession *self)
{
  g_return_val_if_fail (WR_IS_VISIT_SESSION (self), NULL);
  return self->visit;
}

WrForm *
wr_visit_session_get_form (WrVisitSession *self)
{
  g_return_val_if_fail (WR_IS_VISIT_SESSION (self), NULL);
  return self->form;
}

/**
 * wr_visit_session_get_read_only:
 * @self: a #WrVisitSession
 *
 * Returns: %TRUE if the visit is completed, and so changes only by reopening
 */
gboolean
wr_visit_session_get_read_only (WrVisitSession *self)
{
  g_return_val_if_fail (WR_IS_VISIT_SESSION (self), TRUE);
  return wr_visit_get_status (self->visit) == WR_VISIT_COMPLETED;
}

/**
 * wr_visit_session_get_members:
 * @self: a #WrVisitSession
 *
 * Returns: (transfer none) (element-type WrMember): the team
 */
GPtrArray *
wr_visit_session_get_members (WrVisitSession *self)
{
  g_return_val_if_fail (WR_IS_VISIT_SESSION (self), NULL);
  return self->members;
}

guint
wr_visit_session_get_n_repeats (WrVisitSession *self,
                                WrSection      *section)
{
  GPtrArray *list;

  g_return_val_if_fail (WR_IS_VISIT_SESSION (self), 0);

  if (!wr_section_get_repeatable (section))
    return 1;
  list = repeats_of (self, section);
  return list ? list->len : 0;
}

const char *
wr_visit_session_get_repeat_uuid (WrVisitSession *self,
                                  WrSection      *section,
                                  guint           repeat)
{
  g_return_val_if_fail (WR_IS_VISIT_SESSION (self), NULL);
  return repeat_uuid_at (self, section, repeat);
}

gboolean
wr_visit_session_add_repeat (WrVisitSession  *self,
                             WrSection       *section,
                             GError         **error)
{
  const char *section_id = wr_form_item_get_id (WR_FORM_ITEM (section));
  g_autofree char *uuid = NULL;
  GPtrArray *list;

  g_return_val_if_fail (WR_IS_VISIT_SESSION (self), FALSE);
  g_return_val_if_fail (wr_section_get_repeatable (section), FALSE);

  if (wr_visit_session_get_n_repeats (self, section) >= wr_section_get_max_count (section))
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID,
                   _("“%s” can be filled in at most %u times"),
                   wr_form_item_get_label (WR_FORM_ITEM (section)), wr_section_get_max_count (section));
      return FALSE;
    }

  if (!(uuid = wr_store_add_repeat (self->store, self->visit_uuid, section_id, error)))
    return FALSE;

  if (!(list = repeats_of (self, section)))
    {
      list = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (self->repeats, g_strdup (section_id), list);
    }
  g_ptr_array_add (list, g_steal_pointer (&uuid));
  changed (self);

  return TRUE;
}

gboolean
wr_visit_session_remove_repeat (WrVisitSession  *self,
                                WrSection       *section,
                                guint            repeat,
                                GError         **error)
{
  const char *uuid = repeat_uuid_at (self, section, repeat);

  g_return_val_if_fail (WR_IS_VISIT_SESSION (self), FALSE);
  g_return_val_if_fail (uuid != NULL && uuid[0] != '\0', FALSE);

  if (!wr_store_delete_repeat (self->store, self->visit_uuid, uuid, TRUE, error))
    return FALSE;

  g_ptr_array_remove_index (repeats_of (self, section), repeat);
  changed (self);
  return TRUE;
}

gboolean
wr_visit_session_move_repeat (WrVisitSession  *self,
                              WrSection       *section,
                              guint            repeat,
                              guint            position,
                              GError         **error)
{
  const char *uuid = repeat_uuid_at (self, section, repeat);
  GPtrArray *list = repeats_of (self, section);
  char *moved;

  g_return_val_if_fail (WR_IS_VISIT_SESSION (self), FALSE);
  g_return_val_if_fail (uuid != NULL && uuid[0] != '\0', FALSE);

  if (!wr_store_move_repeat (self->store, self->visit_uuid, uuid, position, error))
    return FALSE;

  moved = g_ptr_array_steal_index (list, repeat);
  g_ptr_array_insert (list, MIN (position, list->len), moved);
  invalidate (self);
  return TRUE;
}

const char *
wr_visit_session_get_answer (WrVisitSession *self,
                             WrQuestion     *question,
                             const char     *member_uuid,
                             guint           repeat)
{
  Entry *entry;

  g_return_val_if_fail (WR_IS_VISIT_SESSION (self), NULL);

  entry = lookup_entry (self, question, member_uuid, repeat);
  return entry ? entry->value : NULL;
}

const char *
wr_visit_session_get_comment (WrVisitSession *self,
                              WrQuestion     *question,
                              const char     *member_uuid,
                              guint           repeat)
{
  Entry *entry;

  g_return_val_if_fail (WR_IS_VISIT_SESSION (self), NULL);

  entry = lookup_entry (self, question, member_uuid, repeat);
  return entry && entry->comment ? entry->comment : "";
}

/* Saves through the store first; the copy in memory changes only once the
 * answer is on disk.
 */
static gboolean
save (WrVisitSession  *self,
      WrQuestion      *question,
      const char      *member_uuid,
      guint            repeat,
      gboolean         is_comment,
      const char      *text,
      GError         **error)
{
  WrSection *section = wr_form_item_get_section (WR_FORM_ITEM (question));
  const char *repeat_uuid = repeat_uuid_at (self, section, repeat);
  const char *member = wr_section_get_per_member (section) && member_uuid ? member_uuid : "";
  WrAnswerKey key = { wr_form_item_get_id (WR_FORM_ITEM (question)), member, repeat_uuid };
  g_autofree char *hash_key = NULL;
  Entry *entry;
  gboolean saved;

  g_return_val_if_fail (repeat_uuid != NULL, FALSE);

  if (is_comment)
    saved = wr_store_set_answer_comment (self->store, self->visit_uuid, &key, text, error);
  else
    saved = wr_store_set_answer (self->store, self->visit_uuid, &key, wr_answer_is_empty (text) ? NULL : text,
                                 wr_question_get_question_type (question) == WR_QUESTION_TEXT, error);
  if (!saved)
    return FALSE;

  hash_key = make_key (key.question_id, key.member_uuid, key.repeat_uuid);
  if (!(entry = g_hash_table_lookup (self->answers, hash_key)))
    {
      entry = g_new0 (Entry, 1);
      g_hash_table_insert (self->answers, g_steal_pointer (&hash_key), entry);
    }
  if (is_comment)
    {
      g_free (entry->comment);
      entry->comment = g_strdup (text);
    }
  else
    {
      g_free (entry->value);
      entry->value = wr_answer_is_empty (text) ? NULL : g_strdup (text);
      changed (self);
    }

  return TRUE;
}

/**
 * wr_visit_session_set_answer:
 * @self: a #WrVisitSession
 * @question: a question of the form
 * @member_uuid: (nullable): whose answer, in a per-member section
 * @repeat: which filling of a repeatable section, else 0
 * @value: (nullable): the answer, or %NULL (or spaces) to clear it
 * @error: return location for a #GError
 *
 * Returns: %TRUE once the answer is on disk
 */
gboolean
wr_visit_session_set_answer (WrVisitSession  *self,
                             WrQuestion      *question,
                             const char      *member_uuid,
                             guint            repeat,
                             const char      *value,
                             GError         **error)
{
  g_return_val_if_fail (WR_IS_VISIT_SESSION (self), FALSE);
  g_return_val_if_fail (WR_IS_QUESTION (question), FALSE);

  return save (self, question, member_uuid, repeat, FALSE, value, error);
}

gboolean
wr_visit_session_set_comment (WrVisitSession  *self,
                              WrQuestion      *question,
                              const char      *member_uuid,
                              guint            repeat,
                              const char      *comment,
                              GError         **error)
{
  g_return_val_if_fail (WR_IS_VISIT_SESSION (self), FALSE);
  g_return_val_if_fail (WR_IS_QUESTION (question), FALSE);

  return save (self, question, member_uuid, repeat, TRUE, comment ? comment : "", error);
}

/**
 * wr_visit_session_is_shown:
 * @self: a #WrVisitSession
 * @item: an item of the form
 * @member_uuid: (nullable): whose answers decide, in a per-member section
 * @repeat: which filling of a repeatable section, else 0
 *
 * Returns: whether @item's relevant conditions (and its section's and
 *   groups') hold
 */
gboolean
wr_visit_session_is_shown (WrVisitSession *self,
                           WrFormItem     *item,
                           const char     *member_uuid,
                           guint           repeat)
{
  g_return_val_if_fail (WR_IS_VISIT_SESSION (self), FALSE);

  return _wr_visit_conditions_is_shown (self->conditions, item, member_uuid, repeat);
}

/**
 * wr_visit_session_is_hidden_with_answer:
 *
 * Returns: whether @question is hidden by a condition but has a stored
 *   answer, kept but not counted, which the page says
 */
gboolean
wr_visit_session_is_hidden_with_answer (WrVisitSession *self,
                                        WrQuestion     *question,
                                        const char     *member_uuid,
                                        guint           repeat)
{
  return !wr_visit_session_is_shown (self, WR_FORM_ITEM (question), member_uuid, repeat) &&
         !wr_answer_is_empty (wr_visit_session_get_answer (self, question, member_uuid, repeat));
}

/* Counts one filling of @section (once, one repeat, or one member's):
 * the questions shown that take an answer, or only the required ones,
 * and how many of those are answered.
 */
static void
count_in (WrVisitSession *self,
          WrSection      *section,
          const char     *member_uuid,
          guint           repeat,
          gboolean        required_only,
          guint          *answered,
          guint          *counted)
{
  guint n = wr_form_get_n_items (self->form);

  /* A section's items follow it, in file order: a thousand repeats cost
   * a thousand times the section, not the whole form.
   */
  for (guint i = wr_form_item_get_index (WR_FORM_ITEM (section)) + 1;
       i < n && wr_form_item_get_section (wr_form_get_item (self->form, i)) == section;
       i++)
    {
      WrFormItem *item = wr_form_get_item (self->form, i);

      if (!WR_IS_QUESTION (item) ||
          (required_only && !wr_question_get_required (WR_QUESTION (item))) ||
          !wr_question_get_answerable (WR_QUESTION (item)) ||
          !wr_visit_session_is_shown (self, item, member_uuid, repeat))
        continue;

      (*counted)++;
      if (!wr_answer_is_empty (wr_visit_session_get_answer (self, WR_QUESTION (item), member_uuid, repeat)))
        (*answered)++;
    }
}

/**
 * wr_visit_session_count_required:
 * @self: a #WrVisitSession
 * @section: a section of the form
 * @answered: (out): how many required questions shown are answered
 * @required: (out): how many required questions are shown
 *
 * Counts over every repeat, or every member for a per-member section.
 */
void
wr_visit_session_count_required (WrVisitSession *self,
                                 WrSection      *section,
                                 guint          *answered,
                                 guint          *required)
{
  g_return_if_fail (WR_IS_VISIT_SESSION (self));

  *answered = *required = 0;

  if (wr_section_get_per_member (section))
    {
      for (guint m = 0; m < self->members->len; m++)
        count_in (self, section, ((WrMember *) g_ptr_array_index (self->members, m))->uuid, 0, TRUE,
                  answered, required);
      return;
    }

  for (guint r = 0; r < wr_visit_session_get_n_repeats (self, section); r++)
    count_in (self, section, NULL, r, TRUE, answered, required);
}

/**
 * wr_visit_session_count_answered:
 * @self: a #WrVisitSession
 * @section: a section of the form
 * @member_uuid: (nullable): whose answers, in a per-member section
 * @repeat: which filling of a repeatable section, else 0
 * @answered: (out): how many of the questions shown have an answer
 * @questions: (out): how many questions that take an answer are shown
 *
 * Counts one filling of @section, required or not, as the heading of a
 * repeat says it: "4 of 6 answered".
 */
void
wr_visit_session_count_answered (WrVisitSession *self,
                                 WrSection      *section,
                                 const char     *member_uuid,
                                 guint           repeat,
                                 guint          *answered,
                                 guint          *questions)
{
  g_return_if_fail (WR_IS_VISIT_SESSION (self));
  g_return_if_fail (WR_IS_SECTION (section));

  *answered = *questions = 0;
  count_in (self, section, member_uuid, repeat, FALSE, answered, questions);
}

/* Writes the visit's count of required answers for the visits list, when
 * it changed. The count follows from the answers, which are saved already,
 * so failing to keep it is not the caller's error: the next change or
 * opening of the visit tries again.
 */
static void
keep_progress (WrVisitSession *self)
{
  g_autoptr(GError) error = NULL;
  guint answered = 0;
  guint required = 0;

  for (guint s = 0; s < wr_form_get_n_sections (self->form); s++)
    {
      guint section_answered, section_required;

      wr_visit_session_count_required (self, wr_form_get_section (self->form, s),
                                       &section_answered, &section_required);
      answered += section_answered;
      required += section_required;
    }

  if (self->progress_known && answered == self->progress_answered && required == self->progress_required)
    return;

  if (!wr_store_set_visit_progress (self->store, self->visit_uuid, answered, required, &error))
    {
      g_warning ("Could not keep the progress of visit %s: %s", self->visit_uuid, error->message);
      return;
    }
  self->progress_known = TRUE;
  self->progress_answered = answered;
  self->progress_required = required;
}

/* Keeps the visit's scores for lists, reports and the year's figures, as
 * keep_progress() keeps its count: the store writes only what changed.
 */
static void
keep_scores (WrVisitSession *self)
{
  g_autoptr(GError) error = NULL;

  if (!wr_visit_scores_keep (self->store, self->visit_uuid, state_for (self, NULL), &error))
    g_warning ("Could not keep the scores of visit %s: %s", self->visit_uuid, error->message);
}

/**
 * wr_visit_session_list_gaps:
 * @self: a #WrVisitSession
 *
 * Returns: (transfer full) (element-type WrVisitGap): what stops the visit
 *   being completed, in form order; empty when nothing does
 */
GArray *
wr_visit_session_list_gaps (WrVisitSession *self)
{
  g_autoptr(GArray) team = NULL;
  GArray *gaps;

  g_return_val_if_fail (WR_IS_VISIT_SESSION (self), NULL);

  gaps = g_array_new (FALSE, FALSE, sizeof (WrVisitGap));
  team = wr_form_state_list_missing (state_for (self, NULL));

  for (guint s = 0; s < wr_form_get_n_sections (self->form); s++)
    {
      WrSection *section = wr_form_get_section (self->form, s);

      if (!wr_section_get_per_member (section))
        {
          for (guint i = 0; i < team->len; i++)
            {
              WrMissingAnswer *missing = &g_array_index (team, WrMissingAnswer, i);
              WrVisitGap gap = { missing->item, "", missing->repeat };

              if (wr_form_item_get_section (missing->item) == section)
                g_array_append_val (gaps, gap);
            }
          continue;
        }

      if (!wr_form_state_is_shown (state_for (self, NULL), WR_FORM_ITEM (section), 0))
        continue;

      if (self->members->len == 0)
        {
          guint answered = 0;
          guint required = 0;
          WrVisitGap gap = { WR_FORM_ITEM (section), NULL, 0 };

          /* Without a team, a per-member section with required questions
           * cannot be filled in at all.
           */
          count_in (self, section, "", 0, TRUE, &answered, &required);
          if (required > 0)
            g_array_append_val (gaps, gap);
          continue;
        }

      for (guint m = 0; m < self->members->len; m++)
        {
          WrMember *member = g_ptr_array_index (self->members, m);
          g_autoptr(GArray) own = wr_form_state_list_missing (state_for (self, member->uuid));

          for (guint i = 0; i < own->len; i++)
            {
              WrMissingAnswer *missing = &g_array_index (own, WrMissingAnswer, i);
              WrVisitGap gap = { missing->item, member->uuid, missing->repeat };

              if (wr_form_item_get_section (missing->item) == section)
                g_array_append_val (gaps, gap);
            }
        }
    }

  return gaps;
}

/**
 * wr_visit_session_get_score:
 * @self: a #WrVisitSession
 * @scope: (nullable): a section, or %NULL for the whole visit
 * @score: (out): met and applicable weights
 *
 * Returns: %FALSE if the form is not scored
 */
gboolean
wr_visit_session_get_score (WrVisitSession *self,
                            WrFormItem     *scope,
                            WrScore        *score)
{
  g_return_val_if_fail (WR_IS_VISIT_SESSION (self), FALSE);

  return wr_form_state_get_score (state_for (self, NULL), scope, score);
}

/**
 * wr_visit_session_complete:
 * @self: a #WrVisitSession
 * @error: return location for a #GError
 *
 * Completes the visit if nothing required is missing (see
 * wr_visit_session_list_gaps()); it is then read only.
 *
 * Returns: %TRUE once completed
 */
gboolean
wr_visit_session_complete (WrVisitSession  *self,
                           GError         **error)
{
  g_autoptr(GArray) gaps = NULL;
  g_autoptr(WrVisit) visit = NULL;

  g_return_val_if_fail (WR_IS_VISIT_SESSION (self), FALSE);

  gaps = wr_visit_session_list_gaps (self);
  if (gaps->len > 0)
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u required answer is still missing",
                                "%u required answers are still missing", gaps->len),
                   gaps->len);
      return FALSE;
    }

  if (!wr_store_complete_visit (self->store, self->visit_uuid, error) ||
      !(visit = wr_store_get_visit (self->store, self->visit_uuid, error)))
    return FALSE;

  g_set_object (&self->visit, visit);
  return TRUE;
}

/**
 * wr_visit_session_reopen:
 * @self: a #WrVisitSession
 * @error: return location for a #GError
 *
 * Makes a completed visit a draft again: logged, and a new revision.
 *
 * Returns: %TRUE once reopened
 */
gboolean
wr_visit_session_reopen (WrVisitSession  *self,
                         GError         **error)
{
  g_autoptr(WrVisit) visit = NULL;

  g_return_val_if_fail (WR_IS_VISIT_SESSION (self), FALSE);

  if (!wr_store_reopen_visit (self->store, self->visit_uuid, error) ||
      !(visit = wr_store_get_visit (self->store, self->visit_uuid, error)))
    return FALSE;

  g_set_object (&self->visit, visit);
  return TRUE;
}

/**
 * wr_visit_session_complete_again:
 * @self: a #WrVisitSession
 * @error: return location for a #GError
 *
 * Completes a completed visit again as it now is, with the changes other
 * devices made without having seen its completion
 * (wr_visit_get_n_unseen_changes()): settled here, and on every device
 * this device's packs reach.
 *
 * Returns: %TRUE once saved
 */
gboolean
wr_visit_session_complete_again (WrVisitSession  *self,
                                 GError         **error)
{
  g_autoptr(WrVisit) visit = NULL;

  g_return_val_if_fail (WR_IS_VISIT_SESSION (self), FALSE);

  if (!wr_store_complete_again (self->store, wr_visit_get_id (self->visit), error) ||
      !(visit = wr_store_get_visit (self->store, self->visit_uuid, error)))
    return FALSE;

  g_set_object (&self->visit, visit);
  return TRUE;
}

/**
 * wr_visit_session_get_newer_form:
 * @self: a #WrVisitSession
 *
 * A draft stays on the version of the form it was started on; this says
 * whether a newer one is installed that it could move to.
 *
 * Returns: (transfer none) (nullable): the newest version of the visit's
 *   form, if newer than the visit's and the visit is a draft
 */
WrForm *
wr_visit_session_get_newer_form (WrVisitSession *self)
{
  WrForm *newest;

  g_return_val_if_fail (WR_IS_VISIT_SESSION (self), NULL);

  if (wr_visit_session_get_read_only (self))
    return NULL;

  newest = wr_form_library_lookup_default (self->library, wr_form_get_id (self->form));
  if (newest == NULL || wr_form_get_version (newest) <= wr_form_get_version (self->form))
    return NULL;

  return newest;
}

/* The question ids of the answers held, once each. */
static GPtrArray *
answered_question_ids (WrVisitSession *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *ids = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->answers);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autofree char *id = g_strndup (key, strcspn (key, "\x1f"));

      if (!g_hash_table_contains (seen, id))
        g_hash_table_add (seen, g_steal_pointer (&id));
    }

  g_hash_table_iter_init (&iter, seen);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (ids, g_strdup (key));
  g_ptr_array_set_free_func (ids, g_free);
  g_ptr_array_sort (ids, (GCompareFunc) g_strcmp0);

  return ids;
}

/**
 * wr_visit_session_list_dropped:
 * @self: a #WrVisitSession
 * @newer: a newer version of the visit's form
 *
 * Returns: (transfer container) (element-type WrFormItem): the questions
 *   of the present form with answers that moving to @newer would drop,
 *   because @newer has no question with their id
 */
GPtrArray *
wr_visit_session_list_dropped (WrVisitSession *self,
                               WrForm         *newer)
{
  g_autoptr(GPtrArray) ids = answered_question_ids (self);
  GPtrArray *dropped = g_ptr_array_new ();

  g_return_val_if_fail (WR_IS_VISIT_SESSION (self), dropped);
  g_return_val_if_fail (WR_IS_FORM (newer), dropped);

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      WrQuestion *old = wr_form_lookup_question (self->form, id);

      if (old != NULL && wr_form_lookup_question (newer, id) == NULL)
        g_ptr_array_add (dropped, old);
    }

  return dropped;
}

/**
 * wr_visit_session_move_to_form:
 * @self: a #WrVisitSession
 * @newer: a newer version of the visit's form
 * @error: return location for a #GError
 *
 * Moves the draft to @newer, keeping every answer whose question id
 * @newer still has (see wr_visit_session_list_dropped()).
 *
 * Returns: %TRUE once moved
 */
gboolean
wr_visit_session_move_to_form (WrVisitSession  *self,
                               WrForm          *newer,
                               GError         **error)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) dropped = g_ptr_array_new ();
  g_autoptr(GPtrArray) dropped_sections = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (WR_IS_VISIT_SESSION (self), FALSE);
  g_return_val_if_fail (WR_IS_FORM (newer), FALSE);
  g_return_val_if_fail (g_str_equal (wr_form_get_id (newer), wr_form_get_id (self->form)), FALSE);

  ids = answered_question_ids (self);
  for (guint i = 0; i < ids->len; i++)
    {
      if (wr_form_lookup_question (newer, g_ptr_array_index (ids, i)) == NULL)
        g_ptr_array_add (dropped, g_ptr_array_index (ids, i));
    }
  g_ptr_array_add (dropped, NULL);

  /* Repeats of a section that is gone, or no longer repeats, go too. */
  g_hash_table_iter_init (&iter, self->repeats);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      WrFormItem *item = wr_form_lookup_item (newer, key);

      if (!WR_IS_SECTION (item) || !wr_section_get_repeatable (WR_SECTION (item)))
        g_ptr_array_add (dropped_sections, key);
    }
  g_ptr_array_add (dropped_sections, NULL);

  if (!wr_store_change_visit_form (self->store, self->visit_uuid, wr_form_get_version (newer),
                                   wr_form_get_sha256 (newer), (const char * const *) dropped->pdata,
                                   (const char * const *) dropped_sections->pdata, error))
    return FALSE;

  set_form (self, newer);

  return wr_visit_session_reload (self, error);
}

static void
add_note (GHashTable *table,
          char       *key,
          gpointer    note)
{
  GPtrArray *list = g_hash_table_lookup (table, key);

  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (table, key, list);
    }
  else
    g_free (key);
  g_ptr_array_add (list, g_object_ref (note));
}

/* Reads the visit's observations and actions once for all its questions,
 * so that a page of a hundred questions, or a thousand repeats, asks the
 * store twice and not once a question.
 */
static void
read_notes (WrVisitSession *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) observations = NULL;
  g_autoptr(GListModel) actions = NULL;

  if (self->notes_read)
    return;

  g_hash_table_remove_all (self->observations_at);
  g_hash_table_remove_all (self->actions_at);
  self->notes_read = TRUE;

  if (!(observations = wr_store_list_observations (self->store, self->visit_uuid, &error)) ||
      !(actions = wr_store_list_actions (self->store, self->visit_uuid, &error)))
    {
      /* Shown as none; the list at the end of the page says why. */
      g_warning ("Could not read the notes of visit %s: %s", self->visit_uuid, error->message);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (observations); i++)
    {
      g_autoptr(WrObservation) o = g_list_model_get_item (observations, i);

      if (wr_observation_get_question_id (o)[0] == '\0')
        continue;
      add_note (self->observations_at,
                make_key (wr_observation_get_question_id (o), wr_observation_get_member_uuid (o),
                          wr_observation_get_repeat_uuid (o)),
                o);
    }

  for (guint i = 0; i < g_list_model_get_n_items (actions); i++)
    {
      g_autoptr(WrAction) a = g_list_model_get_item (actions, i);

      if (wr_action_get_question_id (a)[0] == '\0')
        continue;
      add_note (self->actions_at, make_key (wr_action_get_question_id (a), "", wr_action_get_repeat_uuid (a)), a);
    }
}

/**
 * wr_visit_session_list_observations_at:
 * @self: a #WrVisitSession
 * @item: a question or observation prompt of the form
 * @member_uuid: (nullable): whose, in a per-member section
 * @repeat: which filling of a repeatable section, else 0
 *
 * The observations written at @item, from memory: the store is read once
 * after each change to the visit's observations or actions.
 *
 * Returns: (transfer none) (nullable) (element-type WrObservation): the
 *   observations in the order they were written, or %NULL if none
 */
GPtrArray *
wr_visit_session_list_observations_at (WrVisitSession *self,
                                       WrFormItem     *item,
                                       const char     *member_uuid,
                                       guint           repeat)
{
  WrSection *section;
  const char *repeat_uuid;
  g_autofree char *key = NULL;

  g_return_val_if_fail (WR_IS_VISIT_SESSION (self), NULL);
  g_return_val_if_fail (WR_IS_FORM_ITEM (item), NULL);

  section = wr_form_item_get_section (item);
  if (!(repeat_uuid = repeat_uuid_at (self, section, repeat)))
    return NULL;
  if (!wr_section_get_per_member (section) || member_uuid == NULL)
    member_uuid = "";

  read_notes (self);
  key = make_key (wr_form_item_get_id (item), member_uuid, repeat_uuid);
  return g_hash_table_lookup (self->observations_at, key);
}

/**
 * wr_visit_session_list_actions_at:
 * @self: a #WrVisitSession
 * @item: a question of the form
 * @repeat: which filling of a repeatable section, else 0
 *
 * The actions raised about @item, in that filling of its section, from
 * memory as for observations. An action is the team's: it belongs to a
 * question and a repeat, not to a member.
 *
 * Returns: (transfer none) (nullable) (element-type WrAction): the actions,
 *   or %NULL if none
 */
GPtrArray *
wr_visit_session_list_actions_at (WrVisitSession *self,
                                  WrFormItem     *item,
                                  guint           repeat)
{
  const char *repeat_uuid;
  g_autofree char *key = NULL;

  g_return_val_if_fail (WR_IS_VISIT_SESSION (self), NULL);
  g_return_val_if_fail (WR_IS_FORM_ITEM (item), NULL);

  if (!(repeat_uuid = repeat_uuid_at (self, wr_form_item_get_section (item), repeat)))
    return NULL;

  read_notes (self);
  key = make_key (wr_form_item_get_id (item), "", repeat_uuid);
  return g_hash_table_lookup (self->actions_at, key);
}

/**
 * wr_visit_session_has_place_for_note:
 * @self: a #WrVisitSession
 * @question_id: where an observation or action was written, or ""
 * @member_uuid: (nullable): whose, for an observation; %NULL for an action
 * @repeat_uuid: (nullable): which filling of a repeatable section, or ""
 *   or %NULL outside one
 *
 * Whether the note has a question or prompt of the visit's form to be
 * shown at, as wr_visit_session_list_observations_at() and
 * wr_visit_session_list_actions_at() find it: not for a note about the
 * whole visit, nor one whose question, member or repeat is gone.
 *
 * Returns: %TRUE if the note is shown where it was written
 */
gboolean
wr_visit_session_has_place_for_note (WrVisitSession *self,
                                     const char     *question_id,
                                     const char     *member_uuid,
                                     const char     *repeat_uuid)
{
  WrFormItem *item;
  WrSection *section;
  GPtrArray *repeats;
  gboolean is_action = member_uuid == NULL;

  g_return_val_if_fail (WR_IS_VISIT_SESSION (self), FALSE);

  if (question_id == NULL || question_id[0] == '\0' || !(item = wr_form_lookup_item (self->form, question_id)))
    return FALSE;
  if (WR_IS_QUESTION (item) ? !wr_question_get_answerable (WR_QUESTION (item))
                            : is_action || wr_form_item_get_kind (item) != WR_FORM_ITEM_OBSERVATIONS)
    return FALSE;

  section = wr_form_item_get_section (item);
  repeats = repeats_of (self, section);
  if (wr_section_get_per_member (section) && self->members->len == 0)
    return FALSE;
  if (wr_section_get_repeatable (section) && (repeats == NULL || repeats->len == 0))
    return FALSE;

  if (wr_section_get_repeatable (section))
    {
      gboolean found = FALSE;

      for (guint i = 0; i < repeats->len && !found; i++)
        found = g_strcmp0 (g_ptr_array_index (repeats, i), repeat_uuid) == 0;
      if (!found)
        return FALSE;
    }
  else if (repeat_uuid != NULL && repeat_uuid[0] != '\0')
    return FALSE;

  if (is_action)
    return TRUE;
  if (wr_section_get_per_member (section))
    {
      for (guint i = 0; i < self->members->len; i++)
        if (g_strcmp0 (((WrMember *) g_ptr_array_index (self->members, i))->uuid, member_uuid) == 0)
          return TRUE;
      return FALSE;
    }
  return member_uuid == NULL || member_uuid[0] == '\0';
}
