/* wr-support-list.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wr-store.h"

G_BEGIN_DECLS

#define WR_TYPE_SUPPORT_LIST (wr_support_list_get_type ())

G_DECLARE_FINAL_TYPE (WrSupportList, wr_support_list, WR, SUPPORT_LIST, AdwBin)

GtkWidget *wr_support_list_new       (void);
void       wr_support_list_set_store (WrSupportList *self,
                                      WrStore       *store);
guint      wr_support_list_get_n_requests (WrSupportList *self);

G_END_DECLS
