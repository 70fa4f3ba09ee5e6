/* wr-evidence-tree.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "wr-catalog.h"
#include "wr-evidence-counts.h"
#include "wr-form-library.h"
#include "wr-scope.h"
#include "wr-store.h"

G_BEGIN_DECLS

typedef enum
{
  WR_EVIDENCE_KEY_QUESTION,
  WR_EVIDENCE_STATEMENT,
  WR_EVIDENCE_REGULATION,
} WrEvidenceNodeKind;

/* Why a node has no evidence, if it has none. */
typedef enum
{
  WR_EVIDENCE_GAP_NONE,         /* it has evidence in the period */
  WR_EVIDENCE_GAP_NO_EVIDENCE,  /* an installed form can link to it, but no chosen visit did */
  WR_EVIDENCE_GAP_NO_FORM,      /* no installed form links to it: none can produce evidence for it */
} WrEvidenceGap;

/* A node of the CQC framework: a key question with its quality
 * statements under it, or a regulation.
 */
typedef struct
{
  WrEvidenceNodeKind kind;
  char              *id;      /* as packs write it: "safe", "safe-ipc", "12", "9A" */
  char              *title;
  char              *parent;  /* a statement's key question, else NULL */
  WrEvidenceCounts   counts;
  WrEvidenceGap      gap;
} WrEvidenceNode;

typedef struct
{
  GArray    *nodes;        /* of WrEvidenceNode: each key question followed by its statements, then the regulations */
  GPtrArray *not_visited;  /* of WrService */
} WrEvidenceTree;

void            wr_evidence_tree_free (WrEvidenceTree *tree);
WrEvidenceTree *wr_evidence_tree_new  (WrStore        *store,
                                       WrCatalog      *catalog,
                                       WrFormLibrary  *library,
                                       const WrScope  *scope,
                                       GCancellable   *cancellable,
                                       GError        **error) G_GNUC_WARN_UNUSED_RESULT;
const char     *wr_evidence_node_kind_to_string (WrEvidenceNodeKind kind);
const char     *wr_evidence_gap_to_string       (WrEvidenceGap      gap);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrEvidenceTree, wr_evidence_tree_free)

G_END_DECLS
