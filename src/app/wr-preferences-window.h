/* wr-preferences-window.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wr-store.h"

G_BEGIN_DECLS

#define WR_TYPE_PREFERENCES_WINDOW (wr_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (WrPreferencesWindow, wr_preferences_window, WR, PREFERENCES_WINDOW, AdwPreferencesWindow)

WrPreferencesWindow *wr_preferences_window_new (WrStore *store) G_GNUC_WARN_UNUSED_RESULT;
GtkWindow           *wr_preferences_window_ask_team_key_passphrase (WrPreferencesWindow *self,
                                                                    const char          *path);

G_END_DECLS
