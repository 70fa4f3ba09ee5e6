/* wr-walk-page.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wr-visit-session.h"

G_BEGIN_DECLS

#define WR_TYPE_WALK_PAGE (wr_walk_page_get_type ())

G_DECLARE_FINAL_TYPE (WrWalkPage, wr_walk_page, WR, WALK_PAGE, AdwBin)

GtkWidget  *wr_walk_page_new           (WrVisitSession *session,
                                        const char     *member_uuid) G_GNUC_WARN_UNUSED_RESULT;
const char *wr_walk_page_get_member    (WrWalkPage     *self);
const char *wr_walk_page_get_member_name (WrWalkPage   *self);
guint       wr_walk_page_get_step      (WrWalkPage     *self);
guint       wr_walk_page_get_n_steps   (WrWalkPage     *self);
GtkWidget  *wr_walk_page_get_heading   (WrWalkPage     *self);
void        wr_walk_page_ask_to_leave  (WrWalkPage     *self);
void        wr_walk_page_flush         (WrWalkPage     *self);

G_END_DECLS
