/* wr-pack-writer-private.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libxml/tree.h>

#include "wr-form-library.h"
#include "wr-store.h"

G_BEGIN_DECLS

/* Which stored answers a pack marks hidden="true": those that their
 * form's relevant conditions hide now (see wr-visit-session-private.h).
 * Forms are looked up once per id and version. Use from one thread.
 */
typedef struct _WrPackHiding WrPackHiding;

WrPackHiding *_wr_pack_hiding_new              (WrFormLibrary  *library);
void          _wr_pack_hiding_free             (WrPackHiding   *self);
char         *_wr_pack_writer_visit_digest     (WrStore        *store,
                                                WrPackHiding   *hiding,
                                                gint64          visit_id,
                                                GError        **error) G_GNUC_WARN_UNUSED_RESULT;

xmlDoc       *_wr_pack_writer_visit_doc        (WrStore        *store,
                                                WrPackHiding   *hiding,
                                                gint64          visit_id,
                                                char          **digest,
                                                GError        **error) G_GNUC_WARN_UNUSED_RESULT;

/* In wr-pack-stored-digest.c: the forms _wr_pack_stored_digest() uses. */
void          _wr_pack_stored_digest_set_forms (WrStore        *store,
                                                WrFormLibrary  *library);
WrPackHiding *_wr_pack_stored_hiding           (WrStore        *store);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrPackHiding, _wr_pack_hiding_free)

G_END_DECLS
