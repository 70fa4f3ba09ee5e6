/* wr-observation-dialog.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wr-visit-session.h"

G_BEGIN_DECLS

#define WR_TYPE_OBSERVATION_DIALOG (wr_observation_dialog_get_type ())

G_DECLARE_FINAL_TYPE (WrObservationDialog, wr_observation_dialog, WR, OBSERVATION_DIALOG, AdwWindow)

WrObservationDialog *wr_observation_dialog_new (WrVisitSession *session,
                                                WrFormItem     *item,
                                                const char     *member_uuid,
                                                guint           repeat) G_GNUC_WARN_UNUSED_RESULT;
WrObservationDialog *wr_observation_dialog_new_for_observation (WrVisitSession *session,
                                                                WrObservation  *observation) G_GNUC_WARN_UNUSED_RESULT;
void                 wr_observation_dialog_set_simple (WrObservationDialog *self);

G_END_DECLS
