/* wr-question.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wr-form-item.h"

G_BEGIN_DECLS

typedef enum
{
  WR_QUESTION_YES_NO_NA,
  WR_QUESTION_RATING,
  WR_QUESTION_CHOICE,
  WR_QUESTION_MULTI_CHOICE,
  WR_QUESTION_TEXT,
  WR_QUESTION_NUMBER,
  WR_QUESTION_DATE,
  WR_QUESTION_NOTE,
} WrQuestionType;

typedef enum
{
  WR_TEXT_SIZE_SHORT,
  WR_TEXT_SIZE_LONG,
} WrTextSize;

/* How one answer counts towards a compliance score. */
typedef enum
{
  WR_SCORE_NONE,            /* not scored, or unanswered */
  WR_SCORE_MET,
  WR_SCORE_NOT_MET,
  WR_SCORE_NOT_APPLICABLE,
} WrScoreOutcome;

#define WR_TYPE_QUESTION (wr_question_get_type ())

G_DECLARE_FINAL_TYPE (WrQuestion, wr_question, WR, QUESTION, WrFormItem)

WrQuestionType      wr_question_get_question_type     (WrQuestion     *self);
gboolean            wr_question_get_answerable        (WrQuestion     *self);
gboolean            wr_question_get_required          (WrQuestion     *self);
const char         *wr_question_get_required_message  (WrQuestion     *self);
guint               wr_question_get_n_choices         (WrQuestion     *self);
const char         *wr_question_get_choice_value      (WrQuestion     *self,
                                                       guint           index);
const char         *wr_question_get_choice_label      (WrQuestion     *self,
                                                       guint           index);
char               *wr_question_read_answer           (WrQuestion     *self,
                                                       const char     *text,
                                                       GError        **error);
int                 wr_question_find_choice           (WrQuestion     *self,
                                                       const char     *value);
gboolean            wr_question_get_minimum           (WrQuestion     *self,
                                                       double         *minimum);
gboolean            wr_question_get_maximum           (WrQuestion     *self,
                                                       double         *maximum);
gboolean            wr_question_get_integer           (WrQuestion     *self);
WrTextSize          wr_question_get_text_size         (WrQuestion     *self);
gboolean            wr_question_get_scored            (WrQuestion     *self);
double              wr_question_get_score_weight      (WrQuestion     *self);
const char * const *wr_question_get_score_met         (WrQuestion     *self);
const char * const *wr_question_get_score_not_applicable (WrQuestion  *self);
WrScoreOutcome      wr_question_score_answer          (WrQuestion     *self,
                                                       const char     *answer);

const char         *wr_question_type_to_string        (WrQuestionType  type);
gboolean            wr_question_type_from_string      (const char     *string,
                                                       WrQuestionType *type);

G_END_DECLS
