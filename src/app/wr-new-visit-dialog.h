/* wr-new-visit-dialog.h
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

#define WR_TYPE_NEW_VISIT_DIALOG (wr_new_visit_dialog_get_type ())

G_DECLARE_FINAL_TYPE (WrNewVisitDialog, wr_new_visit_dialog, WR, NEW_VISIT_DIALOG, AdwWindow)

WrNewVisitDialog *wr_new_visit_dialog_new         (WrStore          *store,
                                                   WrFormLibrary    *library) G_GNUC_WARN_UNUSED_RESULT;
void              wr_new_visit_dialog_select_form (WrNewVisitDialog *self,
                                                   const char       *form_id);
void              wr_new_visit_dialog_select_service (WrNewVisitDialog *self,
                                                      gint64            service_id);
void              wr_new_visit_dialog_clear_team  (WrNewVisitDialog *self);
void              wr_new_visit_dialog_add_member  (WrNewVisitDialog *self,
                                                   const char       *name,
                                                   const char       *role);

G_END_DECLS
