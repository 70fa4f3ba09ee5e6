/* wr-service-dialog.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wr-store.h"

G_BEGIN_DECLS

#define WR_TYPE_SERVICE_DIALOG (wr_service_dialog_get_type ())

G_DECLARE_FINAL_TYPE (WrServiceDialog, wr_service_dialog, WR, SERVICE_DIALOG, AdwWindow)

WrServiceDialog *wr_service_dialog_new (WrStore   *store,
                                        WrService *service) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
