/* wr-question-row.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wr-visit-session.h"

G_BEGIN_DECLS

#define WR_TYPE_QUESTION_ROW (wr_question_row_get_type ())

G_DECLARE_FINAL_TYPE (WrQuestionRow, wr_question_row, WR, QUESTION_ROW, GtkWidget)

WrQuestionRow *wr_question_row_new            (WrVisitSession *session,
                                               WrQuestion     *question,
                                               const char     *member_uuid,
                                               guint           repeat) G_GNUC_WARN_UNUSED_RESULT;
WrQuestion    *wr_question_row_get_question   (WrQuestionRow  *self);
const char    *wr_question_row_get_member     (WrQuestionRow  *self);
guint          wr_question_row_get_repeat     (WrQuestionRow  *self);
void           wr_question_row_refresh        (WrQuestionRow  *self);
void           wr_question_row_refresh_notes  (WrQuestionRow  *self);
void           wr_question_row_flush          (WrQuestionRow  *self);
gboolean       wr_question_row_focus_answer   (WrQuestionRow  *self);
void           wr_question_row_set_simple     (WrQuestionRow  *self);

G_END_DECLS
