/* wr-atomic-file.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The ending of every temporary file Walkround writes beside a target;
 * stale ones are removed by the next write into the same folder.
 */
#define WR_ATOMIC_FILE_SUFFIX ".walkround-partial"

typedef struct _WrAtomicFile WrAtomicFile;

WrAtomicFile *wr_atomic_file_new          (const char    *path,
                                           GCancellable  *cancellable,
                                           GError       **error) G_GNUC_WARN_UNUSED_RESULT;
int           wr_atomic_file_get_fd       (WrAtomicFile  *self);
const char   *wr_atomic_file_get_path     (WrAtomicFile  *self);
gboolean      wr_atomic_file_write        (WrAtomicFile  *self,
                                           const void    *data,
                                           gsize          len,
                                           GError       **error);
gboolean      wr_atomic_file_sync         (WrAtomicFile  *self,
                                           GError       **error);
gboolean      wr_atomic_file_commit       (WrAtomicFile  *self,
                                           GError       **error);
void          wr_atomic_file_free         (WrAtomicFile  *self);
gboolean      wr_atomic_file_set_contents (const char    *path,
                                           const void    *data,
                                           gsize          len,
                                           GError       **error);
guint         wr_atomic_file_clean_folder (const char    *folder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrAtomicFile, wr_atomic_file_free)

G_END_DECLS
