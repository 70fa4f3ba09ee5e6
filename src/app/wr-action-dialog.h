/* wr-action-dialog.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wr-visit-session.h"

G_BEGIN_DECLS

#define WR_TYPE_ACTION_DIALOG (wr_action_dialog_get_type ())

G_DECLARE_FINAL_TYPE (WrActionDialog, wr_action_dialog, WR, ACTION_DIALOG, AdwWindow)

WrActionDialog *wr_action_dialog_new (WrVisitSession *session,
                                      WrFormItem     *item,
                                      guint           repeat) G_GNUC_WARN_UNUSED_RESULT;
WrActionDialog *wr_action_dialog_new_for_action (WrVisitSession *session,
                                                 WrAction       *action) G_GNUC_WARN_UNUSED_RESULT;
WrActionDialog *wr_action_dialog_new_for_store  (WrStore        *store,
                                                 WrAction       *action) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
