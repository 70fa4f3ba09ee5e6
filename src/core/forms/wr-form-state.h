/* wr-form-state.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wr-form.h"

G_BEGIN_DECLS

/**
 * WrAnswerFunc:
 * @question_id: a question of the form
 * @repeat: for a question in a repeatable section, which time the section
 *   was filled in, from 0; otherwise 0
 * @user_data: the data given to wr_form_state_new()
 *
 * Returns: (nullable): the stored answer, or %NULL (or "") when there is
 *   none, whether or not the question is shown. A multi-choice answer is the
 *   picked values separated by spaces. The string must stay valid until the
 *   #WrFormState call that asked for it returns.
 */
typedef const char *(*WrAnswerFunc)      (const char *question_id,
                                          guint       repeat,
                                          gpointer    user_data);

/**
 * WrRepeatCountFunc:
 * @section_id: a repeatable section of the form
 * @user_data: the data given to wr_form_state_new()
 *
 * Returns: how many times the section has been filled in
 */
typedef guint       (*WrRepeatCountFunc) (const char *section_id,
                                          gpointer    user_data);

/* A compliance score: sums of weights, and counts of answers. */
typedef struct
{
  double met;
  double applicable;
  guint  n_met;
  guint  n_applicable;
  guint  n_not_applicable;
} WrScore;

/* A required answer that is missing, or a repeatable section filled in
 * fewer times than its min-count (then @repeat is how many times it was).
 */
typedef struct
{
  WrFormItem *item;
  guint       repeat;
} WrMissingAnswer;

#define WR_TYPE_FORM_STATE (wr_form_state_get_type ())

G_DECLARE_FINAL_TYPE (WrFormState, wr_form_state, WR, FORM_STATE, GObject)

WrFormState *wr_form_state_new          (WrForm            *form,
                                         WrAnswerFunc       answer_func,
                                         WrRepeatCountFunc  repeat_count_func,
                                         gpointer           user_data,
                                         GDestroyNotify     user_data_destroy) G_GNUC_WARN_UNUSED_RESULT;
WrForm      *wr_form_state_get_form     (WrFormState       *self);
void         wr_form_state_invalidate   (WrFormState       *self);
gboolean     wr_form_state_is_shown     (WrFormState       *self,
                                         WrFormItem        *item,
                                         guint              repeat);
const char  *wr_form_state_get_answer   (WrFormState       *self,
                                         WrQuestion        *question,
                                         guint              repeat);
guint        wr_form_state_get_n_repeats (WrFormState      *self,
                                         WrSection         *section);
gboolean     wr_form_state_get_score    (WrFormState       *self,
                                         WrFormItem        *scope,
                                         WrScore           *score);
GArray      *wr_form_state_list_missing (WrFormState       *self) G_GNUC_WARN_UNUSED_RESULT;

gboolean     wr_score_get_percent       (const WrScore     *score,
                                         double            *percent);

G_END_DECLS
