/* wr-action-private.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "wr-action.h"

G_BEGIN_DECLS

/* The columns _wr_action_new_from_row() reads, in order. */
#define WR_ACTION_COLUMNS \
  "a.id, a.uuid, v.uuid, s.name, a.text, a.owner, a.due, a.status, a.observation_uuid, a.question_id," \
  " a.modified, v.start_date, a.repeat_uuid"
#define WR_ACTION_FROM \
  "actions a JOIN visits v ON v.id = a.visit_id JOIN services s ON s.id = v.service_id"

WrAction *_wr_action_new_from_row    (sqlite3_stmt *stmt);
WrAction *_wr_action_new_placeholder (gint64        id);

G_END_DECLS
