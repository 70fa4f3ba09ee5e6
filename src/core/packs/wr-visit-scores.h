/* wr-visit-scores.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "wr-form-library.h"
#include "wr-form-state.h"
#include "wr-store.h"

G_BEGIN_DECLS

gboolean wr_visit_scores_keep (WrStore        *store,
                               const char     *visit_uuid,
                               WrFormState    *state,
                               GError        **error);
gboolean wr_visit_scores_fill (WrStore        *store,
                               WrFormLibrary  *library,
                               GCancellable   *cancellable,
                               guint          *n_scored,
                               GError        **error);

G_END_DECLS
