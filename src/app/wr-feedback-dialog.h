/* wr-feedback-dialog.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wr-form-library.h"
#include "wr-store.h"

G_BEGIN_DECLS

#define WR_TYPE_FEEDBACK_DIALOG (wr_feedback_dialog_get_type ())

G_DECLARE_FINAL_TYPE (WrFeedbackDialog, wr_feedback_dialog, WR, FEEDBACK_DIALOG, AdwWindow)

WrFeedbackDialog *wr_feedback_dialog_new          (WrStore          *store,
                                                   WrFormLibrary    *library,
                                                   const char       *visit_uuid) G_GNUC_WARN_UNUSED_RESULT;
GStrv             wr_feedback_dialog_get_quotes   (WrFeedbackDialog *self) G_GNUC_WARN_UNUSED_RESULT;
void              wr_feedback_dialog_save         (WrFeedbackDialog *self,
                                                   const char       *path,
                                                   gboolean          pdf);

G_END_DECLS
