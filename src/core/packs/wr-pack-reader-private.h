/* wr-pack-reader-private.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wr-pack-reader.h"
#include "wr-store.h"

G_BEGIN_DECLS

char *_wr_pack_stored_digest (WrStore  *store,
                              gint64    visit_id,
                              GError  **error) G_GNUC_WARN_UNUSED_RESULT;

void  _wr_pack_reader_set_digest_backlog (WrPackReader *self,
                                         guint         backlog);
void  _wr_pack_reader_set_commit_value  (WrPackReader *self,
                                         const char   *key,
                                         const char   *value);

G_END_DECLS
