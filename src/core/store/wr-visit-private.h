/* wr-visit-private.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "wr-visit.h"

G_BEGIN_DECLS

/* The columns _wr_visit_new_from_row() reads, in order. */
#define WR_VISIT_COLUMNS \
  "v.id, v.uuid, v.kind, v.form_id, v.form_version, v.form_sha256, v.service_id, s.name," \
  " v.started, v.start_date, v.ended, v.status, v.revision, v.device_id, v.modified," \
  " (SELECT group_concat (m.name, ', ') FROM team_members m WHERE m.visit_id = v.id)," \
  " CASE WHEN v.n_required > 0 THEN v.n_answered" \
  "  ELSE (SELECT count (*) FROM answers a INDEXED BY answers_answered" \
  "         WHERE a.visit_id = v.id AND a.value IS NOT NULL) END," \
  " v.n_required, v.score_met, v.score_applicable, v.completion_unseen"
#define WR_VISIT_FROM "visits v JOIN services s ON s.id = v.service_id"

WrVisit *_wr_visit_new_from_row    (sqlite3_stmt *stmt);
WrVisit *_wr_visit_new_placeholder (gint64        id);

G_END_DECLS
