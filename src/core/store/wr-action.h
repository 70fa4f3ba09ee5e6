/* wr-action.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  WR_ACTION_OPEN,
  WR_ACTION_DONE,
  WR_ACTION_DROPPED,
} WrActionStatus;

/* An action agreed on a visit: what, who and by when, and what it answers. */
typedef struct
{
  const char *text;
  const char *owner;
  const char *due;               /* YYYY-MM-DD, or NULL */
  const char *observation_uuid;  /* or NULL */
  const char *question_id;       /* or NULL */
  const char *repeat_uuid;       /* the filling of a repeatable section it is about, or NULL */
} WrActionFields;

#define WR_TYPE_ACTION (wr_action_get_type ())

G_DECLARE_FINAL_TYPE (WrAction, wr_action, WR, ACTION, GObject)

const char     *wr_action_status_to_string     (WrActionStatus  status);
gboolean        wr_action_status_from_string   (const char     *text,
                                                WrActionStatus *status);

const char     *wr_action_get_uuid             (WrAction *self);
const char     *wr_action_get_visit_uuid       (WrAction *self);
const char     *wr_action_get_service_name     (WrAction *self);
const char     *wr_action_get_text             (WrAction *self);
const char     *wr_action_get_owner            (WrAction *self);
const char     *wr_action_get_due              (WrAction *self);
WrActionStatus  wr_action_get_status           (WrAction *self);
const char     *wr_action_get_observation_uuid (WrAction *self);
const char     *wr_action_get_question_id      (WrAction *self);
const char     *wr_action_get_repeat_uuid      (WrAction *self);
const char     *wr_action_get_modified         (WrAction *self);
const char     *wr_action_get_visit_date       (WrAction *self);
gboolean        wr_action_is_placeholder       (WrAction *self);
gboolean        wr_action_is_overdue           (WrAction   *self,
                                                const char *today);

G_END_DECLS
