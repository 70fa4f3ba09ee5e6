/* wr-evidence-item.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "wr-scope.h"
#include "wr-store.h"

G_BEGIN_DECLS

#define WR_TYPE_EVIDENCE_ITEM (wr_evidence_item_get_type ())

G_DECLARE_FINAL_TYPE (WrEvidenceItem, wr_evidence_item, WR, EVIDENCE_ITEM, GObject)

/* One piece of a node's evidence: an observation linked to it, or an
 * answer of concern to a question linked to it.
 */
gboolean    wr_evidence_item_is_answer         (WrEvidenceItem *self);
const char *wr_evidence_item_get_text          (WrEvidenceItem *self);
const char *wr_evidence_item_get_kind          (WrEvidenceItem *self);
const char *wr_evidence_item_get_voice         (WrEvidenceItem *self);
const char *wr_evidence_item_get_question_id   (WrEvidenceItem *self);
guint       wr_evidence_item_get_repeat_index  (WrEvidenceItem *self);
const char *wr_evidence_item_get_visit_uuid    (WrEvidenceItem *self);
const char *wr_evidence_item_get_visit_kind    (WrEvidenceItem *self);
const char *wr_evidence_item_get_form_id       (WrEvidenceItem *self);
guint       wr_evidence_item_get_form_version  (WrEvidenceItem *self);
const char *wr_evidence_item_get_service_name  (WrEvidenceItem *self);
const char *wr_evidence_item_get_date          (WrEvidenceItem *self);
const char *wr_evidence_item_get_roles         (WrEvidenceItem *self);

GPtrArray  *wr_store_list_evidence_items (WrStore        *store,
                                          const WrScope  *scope,
                                          const char     *node_kind,
                                          const char     *ref,
                                          guint           offset,
                                          guint           limit,
                                          guint          *n_total,
                                          GCancellable   *cancellable,
                                          GError        **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
