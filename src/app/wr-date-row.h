/* wr-date-row.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WR_TYPE_DATE_ROW (wr_date_row_get_type ())

G_DECLARE_FINAL_TYPE (WrDateRow, wr_date_row, WR, DATE_ROW, AdwEntryRow)

GtkWidget *wr_date_row_new      (void) G_GNUC_WARN_UNUSED_RESULT;
char      *wr_date_row_get_date (WrDateRow   *self,
                                 GError     **error) G_GNUC_WARN_UNUSED_RESULT;
void       wr_date_row_set_date (WrDateRow   *self,
                                 const char  *date);

G_END_DECLS
