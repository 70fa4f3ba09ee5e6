/* wr-server-private.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libpq-fe.h>

#include "wr-server.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

/* The schema every statement names; the group roles of the store. */
#define WR_SERVER_SCHEMA        "walkround"
#define WR_SERVER_OWNER         "walkround_owner"
#define WR_SERVER_VISITOR       "walkround_visitor"
#define WR_SERVER_QUALITY_TEAM  "walkround_quality_team"

guint       _wr_server_schema_get_latest_version (void);
const char *_wr_server_schema_get_migration      (guint from_version);

G_END_DECLS
