/* wr-core-test-utils.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wr-form-library.h"
#include "wr-store.h"
#include "wr-visit-session.h"

G_BEGIN_DECLS

WrVisitSession *wr_test_new_session (WrStore       *store,
                                     WrFormLibrary *library,
                                     const char    *form_id,
                                     guint          n_members);
void            wr_test_add_repeats (WrStore            *store,
                                     const char         *visit_uuid,
                                     const char         *section_id,
                                     guint               n,
                                     const char * const *answer_ids);
int             wr_test_exit_status (int                 wait_status);
gboolean        wr_test_kill        (GPid                pid);

G_END_DECLS
