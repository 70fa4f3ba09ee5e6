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

/* What a walkround command did: its exit status and what it printed. */
typedef struct
{
  int   status;
  char *out;
  char *err;
} WrTestRun;

void            wr_test_run_clear     (WrTestRun          *run);
void            wr_test_run_walkround (WrTestRun          *run,
                                       const char         *data_dir,
                                       const char         *first_arg,
                                       ...) G_GNUC_NULL_TERMINATED;
void            wr_test_assert_reference_digests (const char *path);
char           *wr_test_answer_comment (WrStore           *store,
                                        const char        *visit,
                                        const char        *question);
void            wr_test_set_answer_comment (WrStore       *store,
                                            const char    *visit,
                                            const char    *question,
                                            const char    *comment);
void            wr_test_assert_valid  (const char         *text,
                                       const char         *schema,
                                       const char         *scratch_dir);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (WrTestRun, wr_test_run_clear)
gboolean        wr_test_kill        (GPid                pid);

/* Packs are signed: a database imports those of the devices it trusts. */
void            wr_test_trust_store (WrStore            *importer,
                                     WrStore            *exporter);
void            wr_test_trust_dir   (const char         *importer_dir,
                                     const char         *exporter_dir);

G_END_DECLS
