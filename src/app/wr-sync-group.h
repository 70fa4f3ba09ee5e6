/* wr-sync-group.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wr-store.h"

G_BEGIN_DECLS

#define WR_TYPE_SYNC_GROUP (wr_sync_group_get_type ())

G_DECLARE_FINAL_TYPE (WrSyncGroup, wr_sync_group, WR, SYNC_GROUP, AdwPreferencesGroup)

WrSyncGroup *wr_sync_group_new       (WrStore     *store);
void         wr_sync_group_set_store (WrSyncGroup *self,
                                      WrStore     *store);

G_END_DECLS
