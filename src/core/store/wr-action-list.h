/* wr-action-list.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "wr-store.h"

G_BEGIN_DECLS

typedef enum
{
  WR_ACTION_SORT_DUE,
  WR_ACTION_SORT_NEWEST,
  WR_ACTION_SORT_SERVICE,
} WrActionSort;

/* Which actions to list, across all visits. NULL means "any". With
 * overdue_on set (YYYY-MM-DD), only open actions due before that day.
 * The text matches the action and its service's name; the owner matches
 * anywhere in the owner's name.
 */
typedef struct
{
  const char * const *statuses;
  const char * const *service_uuids;
  const char         *owner;
  const char         *overdue_on;
  const char         *text;
} WrActionFilter;

#define WR_TYPE_ACTION_LIST (wr_action_list_get_type ())

G_DECLARE_FINAL_TYPE (WrActionList, wr_action_list, WR, ACTION_LIST, GObject)

WrActionList *wr_action_list_new        (WrStore               *store) G_GNUC_WARN_UNUSED_RESULT;
gboolean      wr_action_list_set_filter (WrActionList          *self,
                                         const WrActionFilter  *filter,
                                         GError               **error);
gboolean      wr_action_list_set_sort   (WrActionList          *self,
                                         WrActionSort           sort,
                                         GError               **error);
gboolean      wr_action_list_reload     (WrActionList          *self,
                                         GError               **error);

G_END_DECLS
