/* wr-condition.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-form"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wr-form-private.h"

static const char * const empty_strv[] = { NULL };

WrCondition *
_wr_condition_new (WrConditionOp op)
{
  WrCondition *self = g_new0 (WrCondition, 1);

  self->op = op;

  return self;
}

void
_wr_condition_add_child (WrCondition *self,
                         WrCondition *child)
{
  self->children = g_renew (WrCondition *, self->children, self->n_children + 1);
  self->children[self->n_children++] = child;
}

void
_wr_condition_free (WrCondition *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < self->n_children; i++)
    _wr_condition_free (self->children[i]);
  g_free (self->children);
  g_free (self->question_id);
  g_strfreev (self->values);
  g_free (self);
}

WrConditionOp
wr_condition_get_op (const WrCondition *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->op;
}

/**
 * wr_condition_get_question_id:
 * @self: a #WrCondition
 *
 * Returns: (transfer none) (nullable): the question an equals, not-equals,
 *   one-of or is-answered condition tests; %NULL for all and any
 */
const char *
wr_condition_get_question_id (const WrCondition *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->question_id;
}

/**
 * wr_condition_get_values:
 * @self: a #WrCondition
 *
 * Returns: (transfer none): the value of an equals or not-equals
 *   condition, the values of a one-of; empty for the others
 */
const char * const *
wr_condition_get_values (const WrCondition *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->values != NULL ? (const char * const *) self->values : empty_strv;
}

guint
wr_condition_get_n_children (const WrCondition *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_children;
}

/**
 * wr_condition_get_child:
 * @self: an all or any #WrCondition
 * @index: below wr_condition_get_n_children()
 *
 * Returns: (transfer none): the @index-th condition inside @self
 */
const WrCondition *
wr_condition_get_child (const WrCondition *self,
                        guint              index)
{
  g_return_val_if_fail (self != NULL && index < self->n_children, NULL);

  return self->children[index];
}

/**
 * wr_answer_is_empty:
 * @answer: (nullable): a stored answer
 *
 * Returns: %TRUE if @answer is no answer: %NULL, empty, or only spaces (a
 *   multi-choice with nothing picked)
 */
gboolean
wr_answer_is_empty (const char *answer)
{
  for (const char *p = answer; p != NULL && *p != '\0'; p++)
    {
      if (!g_ascii_isspace (*p))
        return FALSE;
    }

  return TRUE;
}

/**
 * wr_answer_has_value:
 * @answer: (nullable): a stored answer
 * @value: a value such as "yes" or an option value
 *
 * Returns: %TRUE if @answer is @value, or, for a multi-choice answer (values
 *   separated by spaces), if @value is among them
 */
gboolean
wr_answer_has_value (const char *answer,
                     const char *value)
{
  gsize len;

  g_return_val_if_fail (value != NULL, FALSE);

  if (answer == NULL || (len = strlen (value)) == 0)
    return FALSE;

  for (const char *p = answer; *p != '\0';)
    {
      const char *end;

      while (g_ascii_isspace (*p))
        p++;
      for (end = p; *end != '\0' && !g_ascii_isspace (*end); end++)
        ;
      if ((gsize) (end - p) == len && memcmp (p, value, len) == 0)
        return TRUE;
      p = end;
    }

  return FALSE;
}

/* The rules are form.xsd's: apart from is-answered, a condition on an
 * unanswered question never holds.
 */
gboolean
_wr_condition_evaluate (const WrCondition     *self,
                        WrConditionLeafLookup  lookup,
                        gpointer               user_data)
{
  const char *answer;

  switch (self->op)
    {
    case WR_CONDITION_ALL:
      for (guint i = 0; i < self->n_children; i++)
        {
          if (!_wr_condition_evaluate (self->children[i], lookup, user_data))
            return FALSE;
        }
      return TRUE;

    case WR_CONDITION_ANY:
      for (guint i = 0; i < self->n_children; i++)
        {
          if (_wr_condition_evaluate (self->children[i], lookup, user_data))
            return TRUE;
        }
      return FALSE;

    case WR_CONDITION_EQUALS:
    case WR_CONDITION_NOT_EQUALS:
    case WR_CONDITION_ONE_OF:
    case WR_CONDITION_IS_ANSWERED:
    default:
      break;
    }

  answer = lookup (self, user_data);
  if (wr_answer_is_empty (answer))
    return FALSE;

  switch (self->op)
    {
    case WR_CONDITION_IS_ANSWERED:
      return TRUE;

    case WR_CONDITION_EQUALS:
      return self->values != NULL && self->values[0] != NULL && wr_answer_has_value (answer, self->values[0]);

    case WR_CONDITION_NOT_EQUALS:
      return self->values != NULL && self->values[0] != NULL && !wr_answer_has_value (answer, self->values[0]);

    case WR_CONDITION_ONE_OF:
      for (guint i = 0; self->values != NULL && self->values[i] != NULL; i++)
        {
          if (wr_answer_has_value (answer, self->values[i]))
            return TRUE;
        }
      return FALSE;

    case WR_CONDITION_ALL:
    case WR_CONDITION_ANY:
    default:
      g_return_val_if_reached (FALSE);
    }
}

typedef struct
{
  WrConditionLookup lookup;
  gpointer          user_data;
} ByIdLookup;

static const char *
lookup_by_id (const WrCondition *leaf,
              gpointer           user_data)
{
  ByIdLookup *by_id = user_data;

  return by_id->lookup (leaf->question_id, by_id->user_data);
}

/**
 * wr_condition_evaluate:
 * @self: a #WrCondition
 * @lookup: (scope call): gives the answer to a question
 * @user_data: data for @lookup
 *
 * Evaluates the condition as form.xsd specifies: equals holds when the
 * answer is the value (for multi-choice, when the value is among those
 * picked); not-equals when there is an answer and it is not the value;
 * one-of when the answer is any of the values; is-answered when there is
 * any answer; all and any combine them. Apart from is-answered, a
 * condition on an unanswered question never holds.
 *
 * @lookup is asked for the stored answers as they are. To treat a hidden
 * question as unanswered, as the form language requires, use
 * #WrFormState, which does this for every item of a form.
 *
 * Returns: whether the condition holds
 */
gboolean
wr_condition_evaluate (const WrCondition *self,
                       WrConditionLookup  lookup,
                       gpointer           user_data)
{
  ByIdLookup by_id = { lookup, user_data };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (lookup != NULL, FALSE);

  return _wr_condition_evaluate (self, lookup_by_id, &by_id);
}

static void
append_condition (GString           *out,
                  const WrCondition *self,
                  gboolean           nested)
{
  g_autofree char *values = NULL;

  switch (self->op)
    {
    case WR_CONDITION_EQUALS:
      g_string_append_printf (out, _("%s is '%s'"), self->question_id, self->values[0]);
      break;

    case WR_CONDITION_NOT_EQUALS:
      g_string_append_printf (out, _("%s is answered and is not '%s'"), self->question_id, self->values[0]);
      break;

    case WR_CONDITION_ONE_OF:
      values = g_strjoinv (", ", self->values);
      g_string_append_printf (out, _("%s is one of %s"), self->question_id, values);
      break;

    case WR_CONDITION_IS_ANSWERED:
      g_string_append_printf (out, _("%s is answered"), self->question_id);
      break;

    case WR_CONDITION_ALL:
    case WR_CONDITION_ANY:
    default:
      if (nested && self->n_children > 1)
        g_string_append_c (out, '(');
      for (guint i = 0; i < self->n_children; i++)
        {
          if (i > 0)
            g_string_append (out, self->op == WR_CONDITION_ALL ? _(" and ") : _(" or "));
          append_condition (out, self->children[i], TRUE);
        }
      if (nested && self->n_children > 1)
        g_string_append_c (out, ')');
      break;
    }
}

/**
 * wr_condition_to_string:
 * @self: a #WrCondition
 *
 * Returns: (transfer full): the condition in words, with question ids, for
 *   a preview of the form: "setting is one of inpatient, community and
 *   (env-clean is 'no' or env-equipment is 'no')"
 */
char *
wr_condition_to_string (const WrCondition *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  append_condition (out, self, FALSE);

  return g_string_free (out, FALSE);
}
