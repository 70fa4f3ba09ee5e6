/* wr-services-page.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wr-store.h"

G_BEGIN_DECLS

#define WR_TYPE_SERVICES_PAGE (wr_services_page_get_type ())

G_DECLARE_FINAL_TYPE (WrServicesPage, wr_services_page, WR, SERVICES_PAGE, AdwBin)

void        wr_services_page_set_store   (WrServicesPage *self,
                                          WrStore        *store);
GListModel *wr_services_page_get_model   (WrServicesPage *self);
void        wr_services_page_import_file (WrServicesPage *self,
                                          GFile          *file);

G_END_DECLS
