/* wr-wrap-box.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WR_TYPE_WRAP_BOX (wr_wrap_box_get_type ())

G_DECLARE_FINAL_TYPE (WrWrapBox, wr_wrap_box, WR, WRAP_BOX, GtkWidget)

GtkWidget *wr_wrap_box_new                (void) G_GNUC_WARN_UNUSED_RESULT;
void       wr_wrap_box_append             (WrWrapBox *self,
                                           GtkWidget *child);
guint      wr_wrap_box_get_column_spacing (WrWrapBox *self);
void       wr_wrap_box_set_column_spacing (WrWrapBox *self,
                                           guint      spacing);
guint      wr_wrap_box_get_row_spacing    (WrWrapBox *self);
void       wr_wrap_box_set_row_spacing    (WrWrapBox *self,
                                           guint      spacing);

G_END_DECLS
