/* wr-scope.h
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
typedef struct _WrScope
{
  char   *from;           /* YYYY-MM-DD: visits that started on or after this day */
  char   *to;             /* YYYY-MM-DD: …on or before this day */
  GStrv   services;       /* service uuids */
  GStrv   kinds;          /* visit kinds, as WrFormKind strings */
  GStrv   regulations;    /* "12", "9A": visits with an observation linked to one */
  GStrv   statements;     /* quality statement ids, likewise */
  GStrv   evidence;       /* "KIND:REF" (KIND regulation, statement or key-question): visits holding
                           * evidence of that node, an observation linked to it or an answer of concern */
  char   *status;         /* "draft" or "completed" */
  char   *changed_since;  /* ISO 8601 with offset: visits changed here, or taken from a pack, at or after it */
  GStrv   visits;         /* visit uuids: these visits only */
} WrScope;

#define WR_TYPE_SCOPE (wr_scope_get_type ())

GType     wr_scope_get_type          (void) G_GNUC_CONST;
WrScope  *wr_scope_new               (void) G_GNUC_WARN_UNUSED_RESULT;
WrScope  *wr_scope_copy              (const WrScope  *self) G_GNUC_WARN_UNUSED_RESULT;
void      wr_scope_free              (WrScope        *self);
gboolean  wr_scope_set_from          (WrScope        *self,
                                      const char     *date,
                                      GError        **error);
gboolean  wr_scope_set_to            (WrScope        *self,
                                      const char     *date,
                                      GError        **error);
gboolean  wr_scope_add_service       (WrScope        *self,
                                      const char     *service_uuid,
                                      GError        **error);
gboolean  wr_scope_add_kind          (WrScope        *self,
                                      const char     *kind,
                                      GError        **error);
gboolean  wr_scope_add_regulation    (WrScope        *self,
                                      const char     *regulation,
                                      GError        **error);
gboolean  wr_scope_add_statement     (WrScope        *self,
                                      const char     *statement,
                                      GError        **error);
gboolean  wr_scope_add_evidence      (WrScope        *self,
                                      const char     *kind,
                                      const char     *ref,
                                      GError        **error);
gboolean  wr_scope_add_visit         (WrScope        *self,
                                      const char     *visit_uuid,
                                      GError        **error);
gboolean  wr_scope_set_status        (WrScope        *self,
                                      const char     *status,
                                      GError        **error);
gboolean  wr_scope_set_changed_since (WrScope     *self,
                                      const char  *datetime,
                                      GError     **error);
gboolean  wr_scope_check             (const WrScope  *self,
                                      GError        **error);
gboolean  wr_scope_is_date           (const char     *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrScope, wr_scope_free)

G_END_DECLS
