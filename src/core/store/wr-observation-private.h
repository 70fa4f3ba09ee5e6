/* wr-observation-private.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "wr-observation.h"

G_BEGIN_DECLS

#define WR_OBSERVATION_LINKS(kind) \
  "(SELECT group_concat (ref, ' ') FROM observation_links l" \
  "  WHERE l.observation_id = o.id AND l.kind = '" kind "')"

/* The columns _wr_observation_new_from_row() reads, in order. */
#define WR_OBSERVATION_COLUMNS \
  "o.uuid, v.uuid, o.question_id, o.member_uuid, o.repeat_uuid, o.text, o.kind, o.voice," \
  " o.category, o.modified, " \
  WR_OBSERVATION_LINKS ("regulation") ", " WR_OBSERVATION_LINKS ("statement") ", " \
  WR_OBSERVATION_LINKS ("key-question") ", " WR_OBSERVATION_LINKS ("theme")
#define WR_OBSERVATION_FROM "observations o JOIN visits v ON v.id = o.visit_id"

WrObservation *_wr_observation_new_from_row (sqlite3_stmt *stmt);

G_END_DECLS
