/* wr-visit-page.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wr-visit-session.h"

G_BEGIN_DECLS

#define WR_TYPE_VISIT_PAGE (wr_visit_page_get_type ())

G_DECLARE_FINAL_TYPE (WrVisitPage, wr_visit_page, WR, VISIT_PAGE, AdwBin)

void            wr_visit_page_set_session (WrVisitPage    *self,
                                           WrVisitSession *session);
WrVisitSession *wr_visit_page_get_session (WrVisitPage    *self);
void            wr_visit_page_flush       (WrVisitPage    *self);
void            wr_visit_page_reload      (WrVisitPage    *self);
GPtrArray      *wr_visit_page_get_rows    (WrVisitPage    *self);
const char     *wr_visit_page_get_me      (WrVisitPage    *self);
void            wr_visit_page_attach_files (WrVisitPage   *self,
                                            const char    *question_id,
                                            GListModel    *files);

G_END_DECLS
