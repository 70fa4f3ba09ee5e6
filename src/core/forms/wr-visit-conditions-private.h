/* wr-visit-conditions-private.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wr-form-state.h"
#include "wr-form.h"

G_BEGIN_DECLS

/* Which of a visit's stored answers its form's relevant conditions show:
 * the rule of the visit page (WrVisitSession), shared with the evidence
 * pack writer, which marks the others hidden. Per-member sections are
 * evaluated with each member's answers there and the team's elsewhere; a
 * condition inside a repeatable section looks at the same repeat.
 */
typedef struct _WrVisitConditions WrVisitConditions;

/**
 * WrStoredAnswerFunc:
 * @question_id: a question of the form
 * @member_uuid: the member's uuid in a per-member section, else ""
 * @repeat_uuid: the repeat's uuid in a repeatable section, else ""
 * @user_data: the data given to _wr_visit_conditions_new()
 *
 * Returns: (nullable): the stored answer, as the store keys it
 */
typedef const char *(*WrStoredAnswerFunc) (const char *question_id,
                                           const char *member_uuid,
                                           const char *repeat_uuid,
                                           gpointer    user_data);

WrVisitConditions *_wr_visit_conditions_new             (WrForm             *form,
                                                         GHashTable         *repeats,
                                                         WrStoredAnswerFunc  answer_func,
                                                         gpointer            user_data);
void               _wr_visit_conditions_free            (WrVisitConditions  *self);
void               _wr_visit_conditions_invalidate      (WrVisitConditions  *self);
void               _wr_visit_conditions_reset           (WrVisitConditions  *self);
const char        *_wr_visit_conditions_get_repeat_uuid (WrVisitConditions  *self,
                                                         WrSection          *section,
                                                         guint               repeat);
WrFormState       *_wr_visit_conditions_get_state       (WrVisitConditions  *self,
                                                         const char         *member_uuid);
gboolean           _wr_visit_conditions_is_shown        (WrVisitConditions  *self,
                                                         WrFormItem         *item,
                                                         const char         *member_uuid,
                                                         guint               repeat);
gboolean           _wr_visit_conditions_hides           (WrVisitConditions  *self,
                                                         const char         *question_id,
                                                         const char         *member_uuid,
                                                         const char         *repeat_uuid);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrVisitConditions, _wr_visit_conditions_free)

G_END_DECLS
