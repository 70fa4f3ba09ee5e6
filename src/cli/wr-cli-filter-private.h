/* wr-cli-filter-private.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "wr-scope.h"
#include "wr-store.h"

G_BEGIN_DECLS

/* --from, --to, --service…, --kind…, --regulation…, --statement…, --status
 * --changed-since and --visit…, as a command's options parse them.
 */
typedef struct
{
  char  *from;
  char  *to;
  char **services;
  char **kinds;
  char **regulations;
  char **statements;
  char **evidence;    /* KIND:REF, the Evidence page's nodes */
  char  *status;
  char  *changed_since;
  char **visits;      /* visit uuids */
} WrCliFilterOptions;

void     _wr_cli_filter_options_clear (WrCliFilterOptions       *options);
void     _wr_cli_filter_add_options   (GOptionContext           *context,
                                       WrCliFilterOptions       *options);
gboolean _wr_cli_filter_is_set        (const WrCliFilterOptions *options);
gboolean _wr_cli_filter_build         (const WrCliFilterOptions *options,
                                       WrStore                  *store,
                                       WrScope             *filter);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (WrCliFilterOptions, _wr_cli_filter_options_clear)

G_END_DECLS
