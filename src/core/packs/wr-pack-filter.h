/* wr-pack-filter.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Which visits an evidence pack, a report or an import takes: the scope a
 * pack records. Every field is optional; NULL means no filter of that kind.
 * Filters of different kinds all apply; several values of one kind are
 * alternatives. Change it through the setters, which check each value.
 */
typedef struct _WrPackFilter
{
  char   *from;           /* YYYY-MM-DD: visits that started on or after this day */
  char   *to;             /* YYYY-MM-DD: …on or before this day */
  GStrv   services;       /* service uuids */
  GStrv   kinds;          /* visit kinds, as WrFormKind strings */
  GStrv   regulations;    /* "12", "9A": visits with an observation linked to one */
  GStrv   statements;     /* quality statement ids, likewise */
  char   *status;         /* "draft" or "completed" */
  char   *changed_since;  /* ISO 8601 with offset: visits modified at or after it */
} WrPackFilter;

#define WR_TYPE_PACK_FILTER (wr_pack_filter_get_type ())

GType         wr_pack_filter_get_type          (void) G_GNUC_CONST;
WrPackFilter *wr_pack_filter_new               (void) G_GNUC_WARN_UNUSED_RESULT;
WrPackFilter *wr_pack_filter_copy              (const WrPackFilter *self) G_GNUC_WARN_UNUSED_RESULT;
void          wr_pack_filter_free              (WrPackFilter       *self);
gboolean      wr_pack_filter_set_from          (WrPackFilter       *self,
                                                const char         *date,
                                                GError            **error);
gboolean      wr_pack_filter_set_to            (WrPackFilter       *self,
                                                const char         *date,
                                                GError            **error);
gboolean      wr_pack_filter_add_service       (WrPackFilter       *self,
                                                const char         *service_uuid,
                                                GError            **error);
gboolean      wr_pack_filter_add_kind          (WrPackFilter       *self,
                                                const char         *kind,
                                                GError            **error);
gboolean      wr_pack_filter_add_regulation    (WrPackFilter       *self,
                                                const char         *regulation,
                                                GError            **error);
gboolean      wr_pack_filter_add_statement     (WrPackFilter       *self,
                                                const char         *statement,
                                                GError            **error);
gboolean      wr_pack_filter_set_status        (WrPackFilter       *self,
                                                const char         *status,
                                                GError            **error);
gboolean      wr_pack_filter_set_changed_since (WrPackFilter       *self,
                                                const char         *datetime,
                                                GError            **error);
gboolean      wr_pack_filter_check             (const WrPackFilter *self,
                                                GError            **error);
gboolean      wr_pack_filter_is_date           (const char         *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrPackFilter, wr_pack_filter_free)

G_END_DECLS
