/* wr-pack-writer.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "wr-form-library.h"
#include "wr-pack-error.h"
#include "wr-pack-format.h"
#include "wr-pack-seal.h"
#include "wr-scope.h"
#include "wr-store.h"

G_BEGIN_DECLS

#define WR_TYPE_PACK_WRITER (wr_pack_writer_get_type ())

G_DECLARE_FINAL_TYPE (WrPackWriter, wr_pack_writer, WR, PACK_WRITER, GObject)

WrPackWriter       *wr_pack_writer_new                 (WrStore             *store,
                                                        WrFormLibrary       *library) G_GNUC_WARN_UNUSED_RESULT;
void                wr_pack_writer_set_filter          (WrPackWriter        *self,
                                                        const WrScope  *filter);
const WrScope *wr_pack_writer_get_filter          (WrPackWriter        *self);
void                wr_pack_writer_set_remember_shared (WrPackWriter        *self,
                                                        gboolean             remember);
void                wr_pack_writer_set_seal_for        (WrPackWriter        *self,
                                                        GPtrArray           *recipients);
gboolean            wr_pack_writer_write_file          (WrPackWriter        *self,
                                                        const char          *path,
                                                        GCancellable        *cancellable,
                                                        GError             **error);
gboolean            wr_pack_writer_write_fd            (WrPackWriter        *self,
                                                        int                  fd,
                                                        GCancellable        *cancellable,
                                                        GError             **error);
void                wr_pack_writer_get_progress        (WrPackWriter        *self,
                                                        guint               *done,
                                                        guint               *total);

G_END_DECLS
