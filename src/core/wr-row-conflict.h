/* wr-row-conflict.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "wr-form-library.h"
#include "wr-pack-reader.h"
#include "wr-store.h"

G_BEGIN_DECLS

char     *wr_visit_question_text           (WrStore                 *store,
                                           WrFormLibrary           *library,
                                           const char              *visit_uuid,
                                           const char              *question_id) G_GNUC_WARN_UNUSED_RESULT;
gboolean  wr_row_conflict_is_answer        (const WrPackRowConflict *conflict);
char     *wr_row_conflict_describe_row     (WrStore                 *store,
                                           WrFormLibrary           *library,
                                           const WrPackRowConflict *conflict) G_GNUC_WARN_UNUSED_RESULT;
char     *wr_row_conflict_describe_version (WrStore                 *store,
                                           WrFormLibrary           *library,
                                           const WrPackRowConflict *conflict,
                                           const WrPackRowVersion  *version) G_GNUC_WARN_UNUSED_RESULT;
char     *wr_row_version_get_modified      (const WrPackRowVersion  *version) G_GNUC_WARN_UNUSED_RESULT;
char     *wr_row_version_describe_author   (WrStore                 *store,
                                           const char              *visit_uuid,
                                           const WrPackRowVersion  *version) G_GNUC_WARN_UNUSED_RESULT;
char     *wr_row_version_describe_origin   (WrStore                 *store,
                                           const char              *visit_uuid,
                                           const WrPackRowVersion  *version) G_GNUC_WARN_UNUSED_RESULT;
char     *wr_deletion_conflict_describe    (WrStore                 *store,
                                           WrFormLibrary           *library,
                                           const WrDeletionConflict *conflict) G_GNUC_WARN_UNUSED_RESULT;
char     *wr_deletion_conflict_describe_removal (WrStore            *store,
                                           WrFormLibrary           *library,
                                           const WrDeletionConflict *conflict) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
