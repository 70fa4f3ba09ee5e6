/* wr-support-row.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wr-section.h"
#include "wr-visit-session.h"

G_BEGIN_DECLS

#define WR_TYPE_SUPPORT_ROW (wr_support_row_get_type ())

G_DECLARE_FINAL_TYPE (WrSupportRow, wr_support_row, WR, SUPPORT_ROW, AdwBin)

GtkWidget *wr_support_row_new   (WrVisitSession *session,
                                 WrSection      *section);
void       wr_support_row_flush (WrSupportRow   *self);

G_END_DECLS
