/* wr-sync.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "wr-form-library.h"
#include "wr-store.h"

G_BEGIN_DECLS

/**
 * WrSyncCounts:
 * @n_sent: copies of visits sent that the store did not have
 * @n_received: copies of visits received from the store and merged
 * @n_conflicts: visits received with changes in conflict with ours (as
 *   an import counts them: rows both sides changed, listed by
 *   wr_pack_list_row_conflicts())
 * @n_not_allowed: visits not sent: another user's, whose team this user
 *   is not on
 * @n_refused: copies received that the merge refused (a revoked device's,
 *   one changed after it was signed…); the rest still go in
 *
 * What one sync did.
 */
typedef struct
{
  guint n_sent;
  guint n_received;
  guint n_conflicts;
  guint n_not_allowed;
  guint n_refused;
} WrSyncCounts;

#define WR_TYPE_SYNC (wr_sync_get_type ())

G_DECLARE_FINAL_TYPE (WrSync, wr_sync, WR, SYNC, GObject)

WrSync   *wr_sync_new              (WrStore        *store,
                                    WrFormLibrary  *library,
                                    const char     *uri) G_GNUC_WARN_UNUSED_RESULT;
void      wr_sync_set_password     (WrSync         *self,
                                    const char     *password);
gboolean  wr_sync_run              (WrSync         *self,
                                    GCancellable   *cancellable,
                                    WrSyncCounts   *counts,
                                    GError        **error);
void      wr_sync_run_async        (WrSync              *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean  wr_sync_run_finish       (WrSync         *self,
                                    GAsyncResult   *result,
                                    WrSyncCounts   *counts,
                                    GError        **error);
void      wr_sync_get_progress     (WrSync         *self,
                                    gboolean       *receiving,
                                    guint          *done,
                                    guint          *total);

char     *wr_sync_get_saved_server (WrStore        *store,
                                    GError        **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean  wr_sync_save_server      (WrStore        *store,
                                    const char     *uri,
                                    GError        **error);
char     *wr_sync_get_last         (WrStore        *store,
                                    WrSyncCounts   *counts,
                                    GError        **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
