/* wr-service-filter.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wr-store.h"

G_BEGIN_DECLS

#define WR_TYPE_SERVICE_FILTER (wr_service_filter_get_type ())

G_DECLARE_FINAL_TYPE (WrServiceFilter, wr_service_filter, WR, SERVICE_FILTER, AdwBin)

GtkWidget  *wr_service_filter_new                  (void) G_GNUC_WARN_UNUSED_RESULT;
WrStore    *wr_service_filter_get_store            (WrServiceFilter *self);
void        wr_service_filter_set_store            (WrServiceFilter *self,
                                                    WrStore         *store);
gboolean    wr_service_filter_get_include_archived (WrServiceFilter *self);
void        wr_service_filter_set_include_archived (WrServiceFilter *self,
                                                    gboolean         include_archived);
const char *wr_service_filter_get_service_uuid     (WrServiceFilter *self);
void        wr_service_filter_set_service_uuid     (WrServiceFilter *self,
                                                    const char      *service_uuid);
const char *wr_service_filter_get_label            (WrServiceFilter *self);
void        wr_service_filter_set_label            (WrServiceFilter *self,
                                                    const char      *label);

G_END_DECLS
