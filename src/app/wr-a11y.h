/* wr-a11y.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void wr_a11y_init             (void);

void wr_a11y_name_drop_downs (GtkWidget   *root);
void wr_a11y_label_drop_down  (GtkDropDown *dropdown,
                               GtkWidget   *label);
void wr_a11y_label_list_item  (GtkListItem *item,
                               const char  *label);
void wr_a11y_name_list_items  (gpointer     owner);

void        wr_a11y_set_tooltip (GtkWidget  *widget,
                                 const char *text);
const char *wr_a11y_get_tooltip (GtkWidget  *widget);

void wr_a11y_present_dialog   (GtkWindow   *dialog,
                               GtkWidget   *opener);

G_END_DECLS
