/* wr-evidence-page.h
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

#define WR_TYPE_EVIDENCE_PAGE (wr_evidence_page_get_type ())

G_DECLARE_FINAL_TYPE (WrEvidencePage, wr_evidence_page, WR, EVIDENCE_PAGE, AdwBin)

void        wr_evidence_page_set_store       (WrEvidencePage *self,
                                              WrStore        *store,
                                              WrFormLibrary  *library);
void        wr_evidence_page_set_today       (WrEvidencePage *self,
                                              const char     *today);
void        wr_evidence_page_set_n_conflicts (WrEvidencePage *self,
                                              guint           n_conflicts);
gboolean    wr_evidence_page_select_node     (WrEvidencePage *self,
                                              const char     *kind,
                                              const char     *id);
GListModel *wr_evidence_page_get_items       (WrEvidencePage *self);
gboolean    wr_evidence_page_is_busy         (WrEvidencePage *self);

G_END_DECLS
