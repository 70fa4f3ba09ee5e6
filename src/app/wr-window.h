/* wr-window.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WR_TYPE_WINDOW (wr_window_get_type ())

G_DECLARE_FINAL_TYPE (WrWindow, wr_window, WR, WINDOW, AdwApplicationWindow)

WrWindow   *wr_window_new              (AdwApplication *application) G_GNUC_WARN_UNUSED_RESULT;
void        wr_window_show_page        (WrWindow       *self,
                                        const char     *page_name);
void        wr_window_add_toast        (WrWindow       *self,
                                        const char     *title);
void        wr_window_open_visit       (WrWindow       *self,
                                        const char     *visit_uuid);
void        wr_window_import_pack      (WrWindow       *self,
                                        const char     *path);

G_END_DECLS
