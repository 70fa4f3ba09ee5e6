/* wr-test-utils.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void       wr_test_init_display        (int         *argc,
                                        char      ***argv);
void       wr_test_wait_for_paint      (GtkWidget   *widget);
void       wr_test_wait_until          (gboolean   (*done) (gpointer),
                                        gpointer     data);
void       wr_test_save_png            (GtkWidget   *widget,
                                        const char  *file_name);
gboolean   wr_test_has_window_of_type  (gpointer     type);
GtkWidget *wr_test_find_window_of_type (GType        type);
void       wr_test_iterate             (void);
GtkWidget *wr_test_find_descendant     (GtkWidget   *root,
                                        GType        type);
GtkWidget *wr_test_find_by_text        (GtkWidget   *root,
                                        const char  *text);
GtkWidget *wr_test_find_by_tooltip     (GtkWidget   *root,
                                        const char  *tooltip);
GtkWidget *wr_test_find_with_class     (GtkWidget   *root,
                                        const char  *css_class);
GtkWindow *wr_test_start_app           (GApplication **app);
GtkWindow *wr_test_start_app_in        (GApplication **app,
                                        const char    *data_dir);
void       wr_test_stop_app            (GApplication  *app,
                                        GtkWindow     *window);
void       wr_test_show_and_finalize   (GtkWidget     *widget);
gboolean   wr_test_can_type            (void);
void       wr_test_press_key           (GtkWidget       *window,
                                        guint            keyval,
                                        GdkModifierType  modifiers);
void       wr_test_type                (GtkWidget     *window,
                                        const char    *text);

G_END_DECLS
