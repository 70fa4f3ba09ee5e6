/* wr-visit-list.h
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
  WR_VISIT_SORT_NEWEST,
  WR_VISIT_SORT_OLDEST,
  WR_VISIT_SORT_SERVICE,
  WR_VISIT_SORT_KIND,
  WR_VISIT_SORT_STATUS,
} WrVisitSort;

/* Which visits to list. NULL lists and strings mean "any". Dates are
 * YYYY-MM-DD, both days included; a visit belongs to the day it started.
 * The text matches what visitors wrote, service names, form ids and team
 * names.
 */
typedef struct
{
  const char * const *kinds;
  const char * const *statuses;
  const char * const *service_uuids;
  const char         *from_date;
  const char         *to_date;
  const char         *text;
} WrVisitFilter;

#define WR_TYPE_VISIT_LIST (wr_visit_list_get_type ())

G_DECLARE_FINAL_TYPE (WrVisitList, wr_visit_list, WR, VISIT_LIST, GObject)

WrVisitList *wr_visit_list_new        (WrStore              *store) G_GNUC_WARN_UNUSED_RESULT;
gboolean     wr_visit_list_set_filter (WrVisitList          *self,
                                       const WrVisitFilter  *filter,
                                       GError              **error);
gboolean     wr_visit_list_set_sort   (WrVisitList          *self,
                                       WrVisitSort           sort,
                                       GError              **error);
gboolean     wr_visit_list_reload     (WrVisitList          *self,
                                       GError              **error);

G_END_DECLS
