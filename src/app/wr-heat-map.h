/* wr-heat-map.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WR_TYPE_HEAT_MAP (wr_heat_map_get_type ())

G_DECLARE_FINAL_TYPE (WrHeatMap, wr_heat_map, WR, HEAT_MAP, GtkWidget)

GtkWidget  *wr_heat_map_new             (void) G_GNUC_WARN_UNUSED_RESULT;
void        wr_heat_map_set_data        (WrHeatMap          *self,
                                         const char * const *rows,
                                         const char * const *columns,
                                         const char * const *column_names,
                                         const guint        *values);
guint       wr_heat_map_get_value       (WrHeatMap          *self,
                                         guint               row,
                                         guint               column);
const char *wr_heat_map_get_description (WrHeatMap          *self);

G_END_DECLS
