/* wr-review-bar.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wr-visit-session.h"

G_BEGIN_DECLS

#define WR_TYPE_REVIEW_BAR (wr_review_bar_get_type ())

G_DECLARE_FINAL_TYPE (WrReviewBar, wr_review_bar, WR, REVIEW_BAR, GtkBox)

GtkWidget *wr_review_bar_new         (void);
void       wr_review_bar_set_session (WrReviewBar    *self,
                                      WrVisitSession *session);
void       wr_review_bar_add_button  (WrReviewBar    *self,
                                      GtkWidget      *button);
char      *wr_review_bar_describe    (WrStore        *store,
                                      const char     *visit_uuid) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
