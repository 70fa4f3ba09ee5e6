/* wr-bar-chart.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WR_TYPE_BAR_CHART (wr_bar_chart_get_type ())

G_DECLARE_FINAL_TYPE (WrBarChart, wr_bar_chart, WR, BAR_CHART, GtkWidget)

GtkWidget  *wr_bar_chart_new             (void) G_GNUC_WARN_UNUSED_RESULT;
void        wr_bar_chart_set_data        (WrBarChart         *self,
                                          const char * const *columns,
                                          const char * const *column_names,
                                          const char * const *series,
                                          const guint        *values);
guint       wr_bar_chart_get_n_columns   (WrBarChart         *self);
guint       wr_bar_chart_get_value       (WrBarChart         *self,
                                          guint               column,
                                          guint               series);
const char *wr_bar_chart_get_description (WrBarChart         *self);

G_END_DECLS
