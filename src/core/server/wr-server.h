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
  WR_SERVER_ERROR_TOO_OLD,    /* the store's schema is older than this program's */
  WR_SERVER_ERROR_NOT_TRUSTED, /* this device is registered, not trusted yet */
  WR_SERVER_ERROR_REVOKED,    /* this device was revoked */
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

/* Syncing (wr-server-sync.c): a connection a device sends copies of its
 * visits over and receives others' from. See wr-sync.c for how a device
 * uses it, and docs/organisation-store.md.
 */
typedef struct _WrServerSync WrServerSync;

/**
 * WrServerCopy:
 * @visit_uuid: the visit
 * @digest: its digest, which names the copy
 * @device_id: the device that sent it
 * @position: where it is in the order of a pull, for resuming after it
 *
 * A copy of a visit in the store, as a pull lists it (without its bytes).
 */
typedef struct
{
  char *visit_uuid;
  char *digest;
  char *device_id;
  char *position;
} WrServerCopy;

void          wr_server_copy_free              (WrServerCopy  *copy);

typedef enum
{
  WR_SERVER_PUSH_SENT,     /* the store did not have it: added */
  WR_SERVER_PUSH_KNOWN,    /* the store had this copy already */
  WR_SERVER_PUSH_REFUSED,  /* a visit this user does not see: not sent */
} WrServerPush;

WrServerSync *wr_server_sync_open              (const char    *uri,
                                                const char    *password,
                                                GError       **error);
void          wr_server_sync_free              (WrServerSync  *self);
const char   *wr_server_sync_get_user          (WrServerSync  *self);
gboolean      wr_server_sync_register_device   (WrServerSync  *self,
                                                const char    *device_id,
                                                const char    *label,
                                                GError       **error);
GHashTable   *wr_server_sync_find_copies       (WrServerSync  *self,
                                                GPtrArray     *visit_uuids,
                                                GPtrArray     *digests,
                                                GError       **error);
gboolean      wr_server_sync_begin             (WrServerSync  *self,
                                                GError       **error);
gboolean      wr_server_sync_commit            (WrServerSync  *self,
                                                GError       **error);
void          wr_server_sync_roll_back         (WrServerSync  *self);
gboolean      wr_server_sync_push              (WrServerSync  *self,
                                                const char    *visit_uuid,
                                                const char    *digest,
                                                const char    *device_id,
                                                GBytes        *content,
                                                WrServerPush  *outcome,
                                                GError       **error);
GPtrArray    *wr_server_sync_list_new          (WrServerSync  *self,
                                                const char    *device_id,
                                                const char    *cursor,
                                                const char    *position,
                                                char         **upto,
                                                GError       **error);
GBytes       *wr_server_sync_fetch             (WrServerSync  *self,
                                                const char    *visit_uuid,
                                                const char    *digest,
                                                GError       **error);

gboolean      wr_server_set_device_trust       (const char    *uri,
                                                const char    *device_id,
                                                gboolean       revoke,
                                                GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrServerSync, wr_server_sync_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrServerCopy, wr_server_copy_free)

G_END_DECLS
