/* wr-history-dialog.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wr-visit-session.h"

G_BEGIN_DECLS

#define WR_TYPE_HISTORY_DIALOG (wr_history_dialog_get_type ())

G_DECLARE_FINAL_TYPE (WrHistoryDialog, wr_history_dialog, WR, HISTORY_DIALOG, AdwWindow)

GtkWidget  *wr_history_dialog_new      (WrVisitSession *session);
GListModel *wr_history_dialog_get_rows (WrHistoryDialog *self);
char       *wr_history_describe        (WrVisitSession       *session,
                                        const char           *entity,
                                        const char           *entity_id,
                                        const char           *field,
                                        const char           *old_value,
                                        const char           *new_value) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
