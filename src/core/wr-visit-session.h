/* wr-visit-session.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wr-form-library.h"
#include "wr-form-state.h"
#include "wr-form.h"
#include "wr-question.h"
#include "wr-section.h"
#include "wr-store.h"

G_BEGIN_DECLS

/* Something that stops a visit being completed: a required question with
 * no answer (for a member, in a repeat), or a repeatable section filled in
 * fewer times than it must be (item is then the section), or a per-member
 * section on a visit with no team (member_uuid is NULL).
 */
typedef struct
{
  WrFormItem *item;
  const char *member_uuid;  /* "" for the team's answers */
  guint       repeat;
} WrVisitGap;

#define WR_TYPE_VISIT_SESSION (wr_visit_session_get_type ())

G_DECLARE_FINAL_TYPE (WrVisitSession, wr_visit_session, WR, VISIT_SESSION, GObject)

WrVisitSession *wr_visit_session_new            (WrStore         *store,
                                                 WrFormLibrary   *library,
                                                 const char      *visit_uuid,
                                                 GError         **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean        wr_visit_session_reload         (WrVisitSession  *self,
                                                 GError         **error);
WrStore        *wr_visit_session_get_store      (WrVisitSession  *self);
WrVisit        *wr_visit_session_get_visit      (WrVisitSession  *self);
WrForm         *wr_visit_session_get_form       (WrVisitSession  *self);
gboolean        wr_visit_session_get_read_only  (WrVisitSession  *self);
GPtrArray      *wr_visit_session_get_members    (WrVisitSession  *self);

guint           wr_visit_session_get_n_repeats  (WrVisitSession  *self,
                                                 WrSection       *section);
const char     *wr_visit_session_get_repeat_uuid (WrVisitSession *self,
                                                 WrSection       *section,
                                                 guint            repeat);
gboolean        wr_visit_session_add_repeat     (WrVisitSession  *self,
                                                 WrSection       *section,
                                                 GError         **error);
gboolean        wr_visit_session_remove_repeat  (WrVisitSession  *self,
                                                 WrSection       *section,
                                                 guint            repeat,
                                                 GError         **error);
gboolean        wr_visit_session_move_repeat    (WrVisitSession  *self,
                                                 WrSection       *section,
                                                 guint            repeat,
                                                 guint            position,
                                                 GError         **error);

const char     *wr_visit_session_get_answer     (WrVisitSession  *self,
                                                 WrQuestion      *question,
                                                 const char      *member_uuid,
                                                 guint            repeat);
const char     *wr_visit_session_get_comment    (WrVisitSession  *self,
                                                 WrQuestion      *question,
                                                 const char      *member_uuid,
                                                 guint            repeat);
gboolean        wr_visit_session_set_answer     (WrVisitSession  *self,
                                                 WrQuestion      *question,
                                                 const char      *member_uuid,
                                                 guint            repeat,
                                                 const char      *value,
                                                 GError         **error);
gboolean        wr_visit_session_set_comment    (WrVisitSession  *self,
                                                 WrQuestion      *question,
                                                 const char      *member_uuid,
                                                 guint            repeat,
                                                 const char      *comment,
                                                 GError         **error);

gboolean        wr_visit_session_is_shown       (WrVisitSession  *self,
                                                 WrFormItem      *item,
                                                 const char      *member_uuid,
                                                 guint            repeat);
gboolean        wr_visit_session_is_hidden_with_answer (WrVisitSession *self,
                                                 WrQuestion      *question,
                                                 const char      *member_uuid,
                                                 guint            repeat);
void            wr_visit_session_count_required (WrVisitSession  *self,
                                                 WrSection       *section,
                                                 guint           *answered,
                                                 guint           *required);
void            wr_visit_session_count_answered (WrVisitSession  *self,
                                                 WrSection       *section,
                                                 const char      *member_uuid,
                                                 guint            repeat,
                                                 guint           *answered,
                                                 guint           *questions);
GPtrArray      *wr_visit_session_list_observations_at (WrVisitSession *self,
                                                 WrFormItem      *item,
                                                 const char      *member_uuid,
                                                 guint            repeat);
GPtrArray      *wr_visit_session_list_actions_at (WrVisitSession *self,
                                                 WrFormItem      *item,
                                                 guint            repeat);
gboolean        wr_visit_session_has_place_for_note (WrVisitSession *self,
                                                 const char      *question_id,
                                                 const char      *member_uuid,
                                                 const char      *repeat_uuid);
GArray         *wr_visit_session_list_gaps      (WrVisitSession  *self) G_GNUC_WARN_UNUSED_RESULT;
gboolean        wr_visit_session_get_score      (WrVisitSession  *self,
                                                 WrFormItem      *scope,
                                                 WrScore         *score);
gboolean        wr_visit_session_complete       (WrVisitSession  *self,
                                                 GError         **error);
gboolean        wr_visit_session_complete_again (WrVisitSession  *self,
                                                 GError         **error);
gboolean        wr_visit_session_reopen         (WrVisitSession  *self,
                                                 GError         **error);

WrForm         *wr_visit_session_get_newer_form (WrVisitSession  *self);
GPtrArray      *wr_visit_session_list_dropped   (WrVisitSession  *self,
                                                 WrForm          *newer) G_GNUC_WARN_UNUSED_RESULT;
gboolean        wr_visit_session_move_to_form   (WrVisitSession  *self,
                                                 WrForm          *newer,
                                                 GError         **error);

G_END_DECLS
