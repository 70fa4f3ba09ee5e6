/* wr-evidence-item-private.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "wr-evidence-item.h"

G_BEGIN_DECLS

WrEvidenceItem *_wr_evidence_item_new_from_row (sqlite3_stmt *stmt) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
