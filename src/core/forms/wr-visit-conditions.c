/* wr-visit-conditions.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-visit-conditions"

#include "config.h"

#include <string.h>

#include "wr-visit-conditions-private.h"

typedef struct
{
  WrVisitConditions *conditions;  /* not a reference: it owns the state */
  char              *member_uuid;
} StateData;

/* A member's state, kept for the next member once reset: the pack writer
 * asks about thousands of visits, one after another.
 */
typedef struct
{
  WrFormState *state;
  StateData   *data;   /* the state's */
} MemberState;

/* What the conditions ask of an item, worked out once per form: the
 * writer of a pack asks it of thousands of visits.
 */
typedef struct
{
  WrFormItem *item;
  const char *section_id;
  guint       conditional : 1;   /* it or a parent has a condition */
  guint       per_member : 1;    /* its section's */
  guint       repeatable : 1;    /* its section's */
} ItemInfo;

struct _WrVisitConditions
{
  WrForm             *form;
  GHashTable         *repeats;        /* borrowed: section id → GPtrArray of repeat uuids, in order */
  WrStoredAnswerFunc  answer_func;
  gpointer            user_data;
  ItemInfo           *items;          /* by item index */
  GHashTable         *by_id;          /* the form's own id strings, by address → ItemInfo */
  GHashTable         *by_name;        /* question id → ItemInfo */
  const char         *last_id;        /* the question last asked about by _wr_visit_conditions_hides() */
  ItemInfo           *last_info;
  WrFormState        *team_state;
  GArray             *members;        /* of MemberState, the first n_members in use */
  guint               n_members;
};

static void
state_data_free (StateData *data)
{
  g_free (data->member_uuid);
  g_free (data);
}

static GPtrArray *
conditions_repeats_of (WrVisitConditions *self,
                       WrSection         *section)
{
  return g_hash_table_lookup (self->repeats, wr_form_item_get_id (WR_FORM_ITEM (section)));
}

/**
 * _wr_visit_conditions_get_repeat_uuid:
 *
 * Returns: (nullable): the uuid of the @repeat-th filling of @section;
 *   "" if it does not repeat; %NULL if there is no such repeat
 */
const char *
_wr_visit_conditions_get_repeat_uuid (WrVisitConditions *self,
                                      WrSection         *section,
                                      guint              repeat)
{
  GPtrArray *list;

  if (!wr_section_get_repeatable (section))
    return "";
  if (!(list = conditions_repeats_of (self, section)) || repeat >= list->len)
    return NULL;
  return g_ptr_array_index (list, repeat);
}

static const char *
state_answer_cb (const char *question_id,
                 guint       repeat,
                 gpointer    user_data)
{
  StateData *data = user_data;
  WrVisitConditions *self = data->conditions;
  ItemInfo *info = g_hash_table_lookup (self->by_id, question_id);
  const char *repeat_uuid = "";

  /* WrFormState asks with the form's own strings. */
  if (G_UNLIKELY (info == NULL))
    {
      WrQuestion *question = wr_form_lookup_question (self->form, question_id);

      if (question == NULL)
        return NULL;
      info = &self->items[wr_form_item_get_index (WR_FORM_ITEM (question))];
    }

  if (info->repeatable)
    {
      GPtrArray *list = g_hash_table_lookup (self->repeats, info->section_id);

      if (list == NULL || repeat >= list->len)
        return NULL;
      repeat_uuid = g_ptr_array_index (list, repeat);
    }

  return self->answer_func (question_id, info->per_member ? data->member_uuid : "", repeat_uuid, self->user_data);
}

static guint
state_repeat_count_cb (const char *section_id,
                       gpointer    user_data)
{
  StateData *data = user_data;
  GPtrArray *list = g_hash_table_lookup (data->conditions->repeats, section_id);

  return list ? list->len : 0;
}

static WrFormState *
make_state (WrVisitConditions  *self,
            const char         *member_uuid,
            StateData         **data_out)
{
  StateData *data = g_new0 (StateData, 1);

  data->conditions = self;
  data->member_uuid = g_strdup (member_uuid);
  if (data_out != NULL)
    *data_out = data;

  return wr_form_state_new (self->form, state_answer_cb, state_repeat_count_cb,
                            data, (GDestroyNotify) state_data_free);
}

static void
member_state_clear (MemberState *member)
{
  g_clear_object (&member->state);
}

/**
 * _wr_visit_conditions_new:
 * @form: the visit's form
 * @repeats: (transfer none): section id → #GPtrArray of the section's
 *   repeat uuids in order, kept up to date by the caller
 * @answer_func: (scope notified): gives the stored answers
 * @user_data: data for @answer_func
 *
 * Returns: (transfer full): conditions to ask what is shown; call
 *   _wr_visit_conditions_invalidate() whenever an answer or a repeat
 *   changes, and _wr_visit_conditions_reset() for another visit
 */
WrVisitConditions *
_wr_visit_conditions_new (WrForm             *form,
                          GHashTable         *repeats,
                          WrStoredAnswerFunc  answer_func,
                          gpointer            user_data)
{
  WrVisitConditions *self = g_new0 (WrVisitConditions, 1);
  guint n_items = wr_form_get_n_items (form);

  self->form = g_object_ref (form);
  self->repeats = repeats;
  self->answer_func = answer_func;
  self->user_data = user_data;
  self->team_state = make_state (self, "", NULL);
  self->members = g_array_new (FALSE, TRUE, sizeof (MemberState));
  g_array_set_clear_func (self->members, (GDestroyNotify) member_state_clear);

  /* Items come after their parents. */
  self->items = g_new0 (ItemInfo, MAX (n_items, 1));
  self->by_id = g_hash_table_new (NULL, NULL);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < n_items; i++)
    {
      WrFormItem *item = wr_form_get_item (form, i);
      WrFormItem *parent = wr_form_item_get_parent (item);
      WrSection *section = wr_form_item_get_section (item);
      ItemInfo *info = &self->items[i];

      info->item = item;
      info->section_id = wr_form_item_get_id (WR_FORM_ITEM (section));
      info->conditional = wr_form_item_get_relevant (item) != NULL ||
                          (parent != NULL && self->items[wr_form_item_get_index (parent)].conditional);
      info->per_member = wr_section_get_per_member (section);
      info->repeatable = wr_section_get_repeatable (section);
      g_hash_table_insert (self->by_id, (gpointer) wr_form_item_get_id (item), info);
      if (WR_IS_QUESTION (item))
        g_hash_table_insert (self->by_name, (gpointer) wr_form_item_get_id (item), info);
    }

  return self;
}

void
_wr_visit_conditions_free (WrVisitConditions *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->team_state);
  g_clear_pointer (&self->members, g_array_unref);
  g_clear_pointer (&self->items, g_free);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->by_name, g_hash_table_unref);
  g_clear_object (&self->form);
  g_free (self);
}

void
_wr_visit_conditions_invalidate (WrVisitConditions *self)
{
  wr_form_state_invalidate (self->team_state);
  for (guint i = 0; i < self->n_members; i++)
    wr_form_state_invalidate (g_array_index (self->members, MemberState, i).state);
}

/* Another visit, or another team: the members' states are free again. */
void
_wr_visit_conditions_reset (WrVisitConditions *self)
{
  _wr_visit_conditions_invalidate (self);
  self->n_members = 0;
}

/**
 * _wr_visit_conditions_get_state:
 * @member_uuid: (nullable): a member, or %NULL (or "") for the team
 *
 * Returns: (transfer none): the state that the member's answers decide in
 *   per-member sections, and the team's elsewhere
 */
WrFormState *
_wr_visit_conditions_get_state (WrVisitConditions *self,
                                const char        *member_uuid)
{
  MemberState *member;

  if (member_uuid == NULL || member_uuid[0] == '\0')
    return self->team_state;

  /* A team is a handful of people. */
  for (guint i = 0; i < self->n_members; i++)
    {
      member = &g_array_index (self->members, MemberState, i);
      if (g_str_equal (member->data->member_uuid, member_uuid))
        return member->state;
    }

  if (self->n_members == self->members->len)
    {
      MemberState fresh = { NULL, NULL };

      fresh.state = make_state (self, member_uuid, &fresh.data);
      g_array_append_val (self->members, fresh);
    }
  else
    {
      member = &g_array_index (self->members, MemberState, self->n_members);
      g_free (member->data->member_uuid);
      member->data->member_uuid = g_strdup (member_uuid);
      wr_form_state_invalidate (member->state);
    }

  return g_array_index (self->members, MemberState, self->n_members++).state;
}

gboolean
_wr_visit_conditions_is_shown (WrVisitConditions *self,
                               WrFormItem        *item,
                               const char        *member_uuid,
                               guint              repeat)
{
  if (!wr_section_get_per_member (wr_form_item_get_section (item)))
    member_uuid = NULL;

  return wr_form_state_is_shown (_wr_visit_conditions_get_state (self, member_uuid), item, repeat);
}

/**
 * _wr_visit_conditions_hides:
 * @question_id: a stored answer's question
 * @member_uuid: (nullable): its member
 * @repeat_uuid: (nullable): its repeat
 *
 * Returns: whether the form's relevant conditions hide the stored answer
 *   with this key: %FALSE for a question the form does not have, or a
 *   repeat the visit does not have, which no condition hides
 */
gboolean
_wr_visit_conditions_hides (WrVisitConditions *self,
                            const char        *question_id,
                            const char        *member_uuid,
                            const char        *repeat_uuid)
{
  ItemInfo *info;
  guint repeat = 0;

  /* Answers come by question: the same one is often asked about again. */
  if (self->last_id == NULL || strcmp (question_id, self->last_id) != 0)
    {
      gpointer id;
      gpointer found;

      if (!g_hash_table_lookup_extended (self->by_name, question_id, &id, &found))
        return FALSE;
      self->last_id = id;
      self->last_info = found;
    }
  info = self->last_info;

  if (!info->conditional)
    return FALSE;

  if (info->repeatable)
    {
      GPtrArray *list = g_hash_table_lookup (self->repeats, info->section_id);

      if (list == NULL || repeat_uuid == NULL)
        return FALSE;
      for (repeat = 0; repeat < list->len; repeat++)
        {
          if (g_str_equal (g_ptr_array_index (list, repeat), repeat_uuid))
            break;
        }
      if (repeat == list->len)
        return FALSE;
    }

  return !wr_form_state_is_shown (_wr_visit_conditions_get_state (self, info->per_member ? member_uuid : NULL),
                                  info->item, repeat);
}
