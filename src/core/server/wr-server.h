/* wr-server.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The organisation store: one PostgreSQL database that a trust's devices
 * will share, reached through libpq. This module makes and migrates its
 * schema and adds its users; docs/organisation-store.md describes both.
 */

#define WR_SERVER_ERROR (wr_server_error_quark ())

typedef enum
{
  WR_SERVER_ERROR_CONNECT,    /* the server could not be reached, or refused us */
  WR_SERVER_ERROR_INSECURE,   /* a TCP connection without sslmode=verify-full */
  WR_SERVER_ERROR_TOO_NEW,    /* the store's schema is newer than this program's */
  WR_SERVER_ERROR_NO_SCHEMA,  /* the database holds no organisation store yet */
  WR_SERVER_ERROR_BAD_NAME,   /* a user name we will not make a role of */
  WR_SERVER_ERROR_EXISTS,     /* the role is there already */
  WR_SERVER_ERROR_PASSWORD,   /* an empty or unreadable password */
  WR_SERVER_ERROR_FAILED,     /* the server refused a statement */
  WR_SERVER_ERROR_PERMISSION, /* the server refused it to this user */
} WrServerError;

GQuark wr_server_error_quark (void);

/**
 * WrServerRole:
 * @WR_SERVER_ROLE_VISITOR: sees the visits they are on, and the forms and
 *   services
 * @WR_SERVER_ROLE_QUALITY_TEAM: sees every visit
 *
 * What a user of the organisation store is: the group role they join.
 */
typedef enum
{
  WR_SERVER_ROLE_VISITOR,
  WR_SERVER_ROLE_QUALITY_TEAM,
} WrServerRole;

gboolean     wr_server_role_from_string        (const char   *text,
                                                WrServerRole *role);
const char  *wr_server_role_get_group          (WrServerRole  role);

guint        wr_server_get_schema_version      (void);

gboolean     wr_server_check_uri               (const char   *uri,
                                                GError      **error);
gboolean     wr_server_init                    (const char   *uri,
                                                guint        *version_before,
                                                guint        *version_after,
                                                GError      **error);
gboolean     wr_server_check_user_name         (const char   *name,
                                                GError      **error);
gboolean     wr_server_add_user                (const char   *uri,
                                                const char   *name,
                                                WrServerRole  role,
                                                const char   *password,
                                                GError      **error);

G_END_DECLS
