/* wr-actions-page.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wr-store.h"

G_BEGIN_DECLS

#define WR_TYPE_ACTIONS_PAGE (wr_actions_page_get_type ())

G_DECLARE_FINAL_TYPE (WrActionsPage, wr_actions_page, WR, ACTIONS_PAGE, AdwBin)

void        wr_actions_page_set_store (WrActionsPage *self,
                                       WrStore       *store);
GListModel *wr_actions_page_get_model (WrActionsPage *self);

G_END_DECLS
