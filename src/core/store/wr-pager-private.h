/* wr-pager-private.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "wr-store.h"

G_BEGIN_DECLS

/* What the store's big list models share: they know the row ids of every
 * matching row in display order (8 bytes a row) and build objects a page
 * at a time when asked, keeping the pages used most recently. A list of
 * 100 000 rows costs what is on screen.
 */
typedef GObject *(*WrPagerRowFunc)         (sqlite3_stmt *stmt);
typedef GObject *(*WrPagerPlaceholderFunc) (gint64        id);

typedef struct _WrPager WrPager;

WrPager *_wr_pager_new      (WrStore                *store,
                             const char             *page_sql,
                             WrPagerRowFunc          row_func,
                             WrPagerPlaceholderFunc  placeholder_func);
void     _wr_pager_free     (WrPager                *pager);
WrStore *_wr_pager_get_store (WrPager               *pager);
guint    _wr_pager_get_n_items (WrPager             *pager);
gpointer _wr_pager_get_item (WrPager                *pager,
                             guint                   position);
void     _wr_pager_set_ids  (WrPager                *pager,
                             GArray                 *ids,
                             guint                  *old_n_items);
gboolean _wr_pager_load_ids (WrPager                *pager,
                             sqlite3_stmt           *ids_stmt,
                             guint                  *old_n_items,
                             GError                **error);

G_END_DECLS
