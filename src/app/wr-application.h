/* wr-application.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wr-form-library.h"
#include "wr-store.h"

G_BEGIN_DECLS

#define WR_TYPE_APPLICATION (wr_application_get_type ())

G_DECLARE_FINAL_TYPE (WrApplication, wr_application, WR, APPLICATION, AdwApplication)

WrApplication *wr_application_new             (void) G_GNUC_WARN_UNUSED_RESULT;
WrStore       *wr_application_get_store       (WrApplication *self);
const GError  *wr_application_get_store_error (WrApplication *self);
WrFormLibrary *wr_application_get_library     (WrApplication *self);
void           wr_application_open_store      (WrApplication *self);

G_END_DECLS
