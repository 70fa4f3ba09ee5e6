/* wr-visits-page.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wr-store.h"

G_BEGIN_DECLS

#define WR_TYPE_VISITS_PAGE (wr_visits_page_get_type ())

G_DECLARE_FINAL_TYPE (WrVisitsPage, wr_visits_page, WR, VISITS_PAGE, AdwBin)

void        wr_visits_page_set_store (WrVisitsPage *self,
                                      WrStore      *store);
GListModel *wr_visits_page_get_model (WrVisitsPage *self);

G_END_DECLS
