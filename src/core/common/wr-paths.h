/* wr-paths.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void         wr_paths_set_data_dir     (const char  *data_dir);
const char  *wr_paths_get_data_dir     (void);
gboolean     wr_paths_data_dir_is_default (void);
gboolean     wr_paths_ensure_data_dir  (GError     **error);
char        *wr_paths_find_data_file   (const char  *relative_path) G_GNUC_WARN_UNUSED_RESULT;
GStrv        wr_paths_get_data_search_path (void) G_GNUC_WARN_UNUSED_RESULT;
char        *wr_paths_describe_missing_data (const char *relative_path) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
