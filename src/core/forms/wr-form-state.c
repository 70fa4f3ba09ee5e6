/* wr-form-state.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-form"

#include "config.h"

#include <string.h>

#include "wr-form-private.h"
#include "wr-form-state.h"

/* What a form shows, requires and scores for one set of answers: one visit,
 * or for a per-member section one team member's answers (make one state
 * per member, whose answer function gives that member's answers for the
 * questions of per-member sections and the shared answers for the rest).
 *
 * The rules are form.xsd's. An item is shown when its section and groups
 * are shown and its own condition holds. A hidden question counts as
 * unanswered for any later condition, so a chain of conditions behaves as
 * people expect; its stored answer is kept but is not required or scored.
 * Inside a repeatable section, a condition on a question of the same
 * section looks at the same repeat.
 *
 * Whether each item is shown is worked out once, in file order, and kept
 * until wr_form_state_invalidate(). Conditions only look at earlier
 * questions, so every answer a condition needs is already known when it is
 * evaluated: there is no recursion, however long a chain of conditions is.
 *
 * A state is not thread-safe: use it from one thread.
 */

enum {
  UNKNOWN = 0,
  HIDDEN,
  SHOWN,
};

/* The most repeats of one section the state keeps apart: as many as
 * form.xsd allows. A repeat cache's key is the section's index times this
 * plus the repeat, which must fit in a guint.
 */
#define MAX_REPEATS WR_SECTION_MAX_COUNT

G_STATIC_ASSERT ((guint64) WR_FORM_MAX_ITEMS * MAX_REPEATS < G_MAXUINT);

typedef struct
{
  guint   first;     /* the index of the section */
  guint   n;         /* how many items it spans, itself included */
  guint   computed;
  guint8 *shown;
} RepeatCache;

struct _WrFormState
{
  GObject            parent_instance;

  WrForm            *form;
  WrAnswerFunc       answer_func;
  WrRepeatCountFunc  repeat_count_func;
  gpointer           user_data;
  GDestroyNotify     user_data_destroy;

  guint8            *shown;      /* by item index, for repeat 0 */
  guint              computed;
  GHashTable        *repeats;    /* section index × MAX_REPEATS + repeat → RepeatCache */
};

G_DEFINE_FINAL_TYPE (WrFormState, wr_form_state, G_TYPE_OBJECT)

typedef struct
{
  WrFormState *self;
  WrSection   *section;
  guint        repeat;
} Context;

static gboolean shown_at (WrFormState *self,
                          guint        index,
                          guint        repeat);

static void
repeat_cache_free (gpointer data)
{
  RepeatCache *cache = data;

  g_free (cache->shown);
  g_free (cache);
}

static void
wr_form_state_finalize (GObject *object)
{
  WrFormState *self = (WrFormState *)object;

  if (self->user_data_destroy != NULL)
    self->user_data_destroy (self->user_data);

  g_clear_pointer (&self->repeats, g_hash_table_unref);
  g_clear_pointer (&self->shown, g_free);
  g_clear_object (&self->form);

  G_OBJECT_CLASS (wr_form_state_parent_class)->finalize (object);
}

static void
wr_form_state_class_init (WrFormStateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wr_form_state_finalize;
}

static void
wr_form_state_init (WrFormState *self)
{
  self->repeats = g_hash_table_new_full (NULL, NULL, NULL, repeat_cache_free);
}

/**
 * wr_form_state_new:
 * @form: a #WrForm
 * @answer_func: (scope notified): gives the stored answers
 * @repeat_count_func: (nullable) (scope notified): says how many times
 *   each repeatable section was filled in; if %NULL, once each
 * @user_data: data for the functions
 * @user_data_destroy: (nullable): frees @user_data when the state goes
 *
 * Returns: (transfer full): a state for one set of answers
 */
WrFormState *
wr_form_state_new (WrForm            *form,
                   WrAnswerFunc       answer_func,
                   WrRepeatCountFunc  repeat_count_func,
                   gpointer           user_data,
                   GDestroyNotify     user_data_destroy)
{
  WrFormState *self;

  g_return_val_if_fail (WR_IS_FORM (form), NULL);
  g_return_val_if_fail (answer_func != NULL, NULL);

  self = g_object_new (WR_TYPE_FORM_STATE, NULL);
  self->form = g_object_ref (form);
  self->answer_func = answer_func;
  self->repeat_count_func = repeat_count_func;
  self->user_data = user_data;
  self->user_data_destroy = user_data_destroy;
  self->shown = g_new0 (guint8, MAX (wr_form_get_n_items (form), 1));

  return self;
}

/**
 * wr_form_state_get_form:
 * @self: a #WrFormState
 *
 * Returns: (transfer none): the form
 */
WrForm *
wr_form_state_get_form (WrFormState *self)
{
  g_return_val_if_fail (WR_IS_FORM_STATE (self), NULL);

  return self->form;
}

/**
 * wr_form_state_invalidate:
 * @self: a #WrFormState
 *
 * Forgets what was worked out. Call it after any answer or the number of
 * repeats changes; the next question recomputes what it needs.
 */
void
wr_form_state_invalidate (WrFormState *self)
{
  g_return_if_fail (WR_IS_FORM_STATE (self));

  self->computed = 0;
  memset (self->shown, 0, MAX (wr_form_get_n_items (self->form), 1));
  g_hash_table_remove_all (self->repeats);
}

static const char *
lookup_leaf (const WrCondition *leaf,
             gpointer           data)
{
  Context *context = data;
  WrFormState *self = context->self;
  WrFormItem *target = wr_form_get_item (self->form, leaf->target);
  WrSection *section = wr_form_item_get_section (target);
  guint repeat = section == context->section && section->repeatable ? context->repeat : 0;

  /* A hidden question counts as unanswered. */
  if (!shown_at (self, leaf->target, repeat))
    return NULL;

  return self->answer_func (wr_form_item_get_id (target), repeat, self->user_data);
}

static gboolean
compute (WrFormState *self,
         WrFormItem  *item,
         guint        repeat)
{
  WrFormItemPrivate *priv = _wr_form_item_get_private (item);
  Context context = { self, priv->section, repeat };

  if (priv->parent != NULL && !shown_at (self, wr_form_item_get_index (priv->parent), repeat))
    return FALSE;

  if (priv->relevant == NULL)
    return TRUE;

  return _wr_condition_evaluate (priv->relevant, lookup_leaf, &context);
}

static RepeatCache *
get_repeat_cache (WrFormState *self,
                  WrSection   *section,
                  guint        repeat)
{
  WrFormItemPrivate *priv = _wr_form_item_get_private (WR_FORM_ITEM (section));
  gpointer key = GUINT_TO_POINTER (priv->index * MAX_REPEATS + repeat);
  RepeatCache *cache;

  if ((cache = g_hash_table_lookup (self->repeats, key)))
    return cache;

  cache = g_new0 (RepeatCache, 1);
  cache->first = priv->index;
  cache->n = priv->last_index - priv->index + 1;
  cache->shown = g_new0 (guint8, cache->n);
  g_hash_table_insert (self->repeats, key, cache);

  return cache;
}

static gboolean
shown_at (WrFormState *self,
          guint        index,
          guint        repeat)
{
  WrFormItem *item = wr_form_get_item (self->form, index);
  WrSection *section = wr_form_item_get_section (item);
  RepeatCache *cache;

  if (repeat == 0 || !section->repeatable)
    {
      while (self->computed <= index)
        {
          WrFormItem *next = wr_form_get_item (self->form, self->computed);

          self->shown[self->computed] = compute (self, next, 0) ? SHOWN : HIDDEN;
          self->computed++;
        }
      return self->shown[index] == SHOWN;
    }

  cache = get_repeat_cache (self, section, MIN (repeat, MAX_REPEATS - 1));
  while (cache->first + cache->computed <= index)
    {
      WrFormItem *next = wr_form_get_item (self->form, cache->first + cache->computed);

      cache->shown[cache->computed] = compute (self, next, repeat) ? SHOWN : HIDDEN;
      cache->computed++;
    }

  return cache->shown[index - cache->first] == SHOWN;
}

/**
 * wr_form_state_is_shown:
 * @self: a #WrFormState
 * @item: an item of the state's form
 * @repeat: for an item in a repeatable section, which repeat; otherwise 0
 *
 * Returns: %TRUE if @item is shown: its section and groups are shown and
 *   its own condition holds, counting hidden questions as unanswered
 */
gboolean
wr_form_state_is_shown (WrFormState *self,
                        WrFormItem  *item,
                        guint        repeat)
{
  g_return_val_if_fail (WR_IS_FORM_STATE (self), FALSE);
  g_return_val_if_fail (WR_IS_FORM_ITEM (item), FALSE);
  g_return_val_if_fail (wr_form_item_get_index (item) < wr_form_get_n_items (self->form) &&
                        wr_form_get_item (self->form, wr_form_item_get_index (item)) == item, FALSE);

  return shown_at (self, wr_form_item_get_index (item), repeat);
}

/**
 * wr_form_state_get_answer:
 * @self: a #WrFormState
 * @question: a question of the state's form
 * @repeat: for a question in a repeatable section, which repeat; otherwise 0
 *
 * Returns: (transfer none) (nullable): the answer as it counts: %NULL when
 *   the question is hidden or unanswered. Valid until the answer changes.
 */
const char *
wr_form_state_get_answer (WrFormState *self,
                          WrQuestion  *question,
                          guint        repeat)
{
  WrSection *section;
  const char *answer;

  g_return_val_if_fail (WR_IS_FORM_STATE (self), NULL);
  g_return_val_if_fail (WR_IS_QUESTION (question), NULL);

  if (!wr_form_state_is_shown (self, WR_FORM_ITEM (question), repeat))
    return NULL;

  section = wr_form_item_get_section (WR_FORM_ITEM (question));
  answer = self->answer_func (wr_form_item_get_id (WR_FORM_ITEM (question)),
                              section->repeatable ? repeat : 0, self->user_data);

  return wr_answer_is_empty (answer) ? NULL : answer;
}

/**
 * wr_form_state_get_n_repeats:
 * @self: a #WrFormState
 * @section: a section of the state's form
 *
 * Returns: how many times @section was filled in: 1 unless it is repeatable
 */
guint
wr_form_state_get_n_repeats (WrFormState *self,
                             WrSection   *section)
{
  g_return_val_if_fail (WR_IS_FORM_STATE (self), 0);
  g_return_val_if_fail (WR_IS_SECTION (section), 0);

  if (!section->repeatable)
    return 1;
  if (self->repeat_count_func == NULL)
    return 1;

  return MIN (self->repeat_count_func (wr_form_item_get_id (WR_FORM_ITEM (section)), self->user_data),
              MAX_REPEATS);
}

/**
 * wr_form_state_get_score:
 * @self: a #WrFormState
 * @scope: (nullable): a section or group to score, or %NULL for the whole form
 * @score: (out caller-allocates): the score
 *
 * Adds up the scored questions in @scope: the weights of met answers and of
 * applicable (met or not met) answers. Not-applicable, unanswered and
 * hidden questions are left out; every repeat of a repeatable section
 * counts.
 *
 * Returns: %TRUE if at least one answer is applicable, so that there is a
 *   percentage (see wr_score_get_percent()); a section with no applicable
 *   answers has no score, which is not 0%
 */
gboolean
wr_form_state_get_score (WrFormState *self,
                         WrFormItem  *scope,
                         WrScore     *score)
{
  g_return_val_if_fail (WR_IS_FORM_STATE (self), FALSE);
  g_return_val_if_fail (scope == NULL || WR_IS_FORM_ITEM (scope), FALSE);
  g_return_val_if_fail (score != NULL, FALSE);

  memset (score, 0, sizeof *score);

  for (guint s = 0; s < wr_form_get_n_sections (self->form); s++)
    {
      WrSection *section = wr_form_get_section (self->form, s);
      WrFormItemPrivate *priv = _wr_form_item_get_private (WR_FORM_ITEM (section));
      guint n_repeats;

      if (!section->scored)
        continue;
      if (scope != NULL && !wr_form_item_contains (WR_FORM_ITEM (section), scope) &&
          !wr_form_item_contains (scope, WR_FORM_ITEM (section)))
        continue;

      n_repeats = wr_form_state_get_n_repeats (self, section);
      for (guint repeat = 0; repeat < n_repeats; repeat++)
        {
          for (guint i = priv->index; i <= priv->last_index; i++)
            {
              WrFormItem *item = wr_form_get_item (self->form, i);
              WrQuestion *question;
              double weight;

              if (!WR_IS_QUESTION (item) || !(question = WR_QUESTION (item))->scored)
                continue;
              if (scope != NULL && !wr_form_item_contains (scope, item))
                continue;
              if (!shown_at (self, i, repeat))
                continue;

              weight = question->score_weight;
              switch (wr_question_score_answer (question, self->answer_func (wr_form_item_get_id (item),
                                                                             repeat, self->user_data)))
                {
                case WR_SCORE_MET:
                  score->met += weight;
                  score->n_met++;
                  G_GNUC_FALLTHROUGH;
                case WR_SCORE_NOT_MET:
                  score->applicable += weight;
                  score->n_applicable++;
                  break;

                case WR_SCORE_NOT_APPLICABLE:
                  score->n_not_applicable++;
                  break;

                case WR_SCORE_NONE:
                default:
                  break;
                }
            }
        }
    }

  return score->n_applicable > 0;
}

/**
 * wr_form_state_list_missing:
 * @self: a #WrFormState
 *
 * Lists what stops a visit being completed: every shown required question
 * with no answer (in each repeat), and every shown repeatable section
 * filled in fewer times than its min-count.
 *
 * Returns: (transfer full) (element-type WrMissingAnswer): what is
 *   missing, in form order; empty when nothing is
 */
GArray *
wr_form_state_list_missing (WrFormState *self)
{
  GArray *missing;

  g_return_val_if_fail (WR_IS_FORM_STATE (self), NULL);

  missing = g_array_new (FALSE, FALSE, sizeof (WrMissingAnswer));

  for (guint s = 0; s < wr_form_get_n_sections (self->form); s++)
    {
      WrSection *section = wr_form_get_section (self->form, s);
      WrFormItemPrivate *priv = _wr_form_item_get_private (WR_FORM_ITEM (section));
      guint n_repeats = wr_form_state_get_n_repeats (self, section);

      if (section->repeatable && n_repeats < section->min_count && shown_at (self, priv->index, 0))
        {
          WrMissingAnswer gap = { WR_FORM_ITEM (section), n_repeats };

          g_array_append_val (missing, gap);
        }

      for (guint repeat = 0; repeat < n_repeats; repeat++)
        {
          for (guint i = priv->index; i <= priv->last_index; i++)
            {
              WrFormItem *item = wr_form_get_item (self->form, i);
              WrMissingAnswer gap = { item, repeat };

              if (!WR_IS_QUESTION (item) || !WR_QUESTION (item)->required ||
                  !wr_question_get_answerable (WR_QUESTION (item)))
                continue;
              if (!shown_at (self, i, repeat))
                continue;
              if (!wr_answer_is_empty (self->answer_func (wr_form_item_get_id (item), repeat, self->user_data)))
                continue;

              g_array_append_val (missing, gap);
            }
        }
    }

  return missing;
}

/**
 * wr_score_get_percent:
 * @score: a #WrScore
 * @percent: (out): met ÷ applicable × 100
 *
 * Returns: %FALSE if nothing was applicable, so there is no percentage
 */
gboolean
wr_score_get_percent (const WrScore *score,
                      double        *percent)
{
  g_return_val_if_fail (score != NULL, FALSE);

  if (score->n_applicable == 0 || score->applicable <= 0.0)
    {
      if (percent != NULL)
        *percent = 0.0;
      return FALSE;
    }

  if (percent != NULL)
    *percent = 100.0 * score->met / score->applicable;

  return TRUE;
}
