/* wr-condition.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The operators of a `relevant` condition, as form.xsd defines them. */
typedef enum
{
  WR_CONDITION_EQUALS,
  WR_CONDITION_NOT_EQUALS,
  WR_CONDITION_ONE_OF,
  WR_CONDITION_IS_ANSWERED,
  WR_CONDITION_ALL,
  WR_CONDITION_ANY,
} WrConditionOp;

/* A condition tree. It belongs to its form and lives as long as it does. */
typedef struct _WrCondition WrCondition;

/**
 * WrConditionLookup:
 * @question_id: a question of the form
 * @user_data: the data given with the function
 *
 * Returns: (nullable): the answer to @question_id, or %NULL (or "") when it
 *   has none. A multi-choice answer is its picked values separated by
 *   spaces. The string must stay valid until the evaluation returns.
 */
typedef const char *(*WrConditionLookup) (const char *question_id,
                                          gpointer    user_data);

WrConditionOp       wr_condition_get_op          (const WrCondition  *self);
const char         *wr_condition_get_question_id (const WrCondition  *self);
const char * const *wr_condition_get_values      (const WrCondition  *self);
guint               wr_condition_get_n_children  (const WrCondition  *self);
const WrCondition  *wr_condition_get_child       (const WrCondition  *self,
                                                  guint               index);
gboolean            wr_condition_evaluate        (const WrCondition  *self,
                                                  WrConditionLookup   lookup,
                                                  gpointer            user_data);
char               *wr_condition_to_string       (const WrCondition  *self) G_GNUC_WARN_UNUSED_RESULT;

gboolean            wr_answer_is_empty           (const char         *answer);
gboolean            wr_answer_has_value          (const char         *answer,
                                                  const char         *value);

G_END_DECLS
