/* wr-window-private.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wr-window.h"

G_BEGIN_DECLS

/* For tests, which drive the window as a person would. */
const char *_wr_window_get_visible_page (WrWindow *self);
GtkListBox *_wr_window_get_sidebar (WrWindow *self);
AdwLeaflet *_wr_window_get_leaflet (WrWindow *self);
AdwToast   *_wr_window_get_last_toast (WrWindow *self);
void        _wr_window_share_visit (WrWindow   *self,
                                    const char *visit_uuid,
                                    const char *path);
GtkWindow  *_wr_window_collect_packs (WrWindow           *self,
                                      const char * const *paths);

G_END_DECLS
