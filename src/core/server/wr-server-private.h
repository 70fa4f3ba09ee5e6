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

/* In wr-server.c, shared with wr-server-sync.c. */
PGconn     *_wr_server_connect          (const char          *uri,
                                         GError             **error);
PGconn     *_wr_server_connect_with_password (const char     *uri,
                                              const char     *password,
                                              GError        **error);
void        _wr_server_set_result_error (GError             **error,
                                         const PGresult      *result,
                                         PGconn              *conn,
                                         const char          *what);
gboolean    _wr_server_run              (PGconn              *conn,
                                         const char          *sql,
                                         const char          *what,
                                         GError             **error);
PGresult   *_wr_server_run_params       (PGconn              *conn,
                                         const char          *sql,
                                         int                  n_params,
                                         const char * const  *params,
                                         const char          *what,
                                         GError             **error);
void        _wr_server_roll_back        (PGconn              *conn);
gboolean    _wr_server_read_version     (PGconn              *conn,
                                         guint               *version,
                                         GError             **error);
void        _wr_server_set_too_new      (GError             **error,
                                         guint                version);

G_END_DECLS
