/* wr-test-postgres.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* A real PostgreSQL server of a test's own, in a temporary folder,
 * listening only on a Unix socket there. See wr-test-postgres.c.
 */
typedef struct _WrTestPostgres WrTestPostgres;

WrTestPostgres *wr_test_postgres_start           (void);
void            wr_test_postgres_stop            (WrTestPostgres *self);
const char     *wr_test_postgres_get_folder      (WrTestPostgres *self);
char           *wr_test_postgres_get_uri         (WrTestPostgres *self,
                                                  const char     *database,
                                                  const char     *user);
void            wr_test_postgres_add_password    (WrTestPostgres *self,
                                                  const char     *user,
                                                  const char     *password);
PGconn         *wr_test_postgres_connect         (WrTestPostgres *self,
                                                  const char     *database,
                                                  const char     *user);
void            wr_test_postgres_create_database (WrTestPostgres *self,
                                                  const char     *name);
void            wr_test_postgres_kill            (WrTestPostgres *self);
void            wr_test_postgres_restart         (WrTestPostgres *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

G_END_DECLS
