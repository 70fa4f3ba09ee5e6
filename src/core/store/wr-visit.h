/* wr-visit.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  WR_VISIT_DRAFT,
  WR_VISIT_COMPLETED,
} WrVisitStatus;

/* What a new visit needs: the form it is recorded on and where and when. */
typedef struct
{
  const char *kind;
  const char *form_id;
  guint       form_version;
  const char *form_sha256;
  gint64      service_id;
  GDateTime  *started;      /* local time; NULL for now */
} WrVisitFields;

#define WR_TYPE_VISIT (wr_visit_get_type ())

G_DECLARE_FINAL_TYPE (WrVisit, wr_visit, WR, VISIT, GObject)

const char    *wr_visit_kind_get_label   (const char *kind);
const char * const *wr_visit_kind_get_ids (void);

gint64         wr_visit_get_id           (WrVisit *self);
const char    *wr_visit_get_uuid         (WrVisit *self);
const char    *wr_visit_get_kind         (WrVisit *self);
const char    *wr_visit_get_form_id      (WrVisit *self);
guint          wr_visit_get_form_version (WrVisit *self);
const char    *wr_visit_get_form_sha256  (WrVisit *self);
gint64         wr_visit_get_service_id   (WrVisit *self);
const char    *wr_visit_get_service_name (WrVisit *self);
const char    *wr_visit_get_started      (WrVisit *self);
const char    *wr_visit_get_start_date   (WrVisit *self);
const char    *wr_visit_get_ended        (WrVisit *self);
WrVisitStatus  wr_visit_get_status       (WrVisit *self);
guint          wr_visit_get_revision     (WrVisit *self);
const char    *wr_visit_get_device_id    (WrVisit *self);
const char    *wr_visit_get_modified     (WrVisit *self);
const char    *wr_visit_get_team         (WrVisit *self);
guint          wr_visit_get_n_answered   (WrVisit *self);
gboolean       wr_visit_get_progress     (WrVisit *self,
                                          guint   *answered,
                                          guint   *required);
guint          wr_visit_get_n_unseen_changes (WrVisit *self);
gboolean       wr_visit_get_score        (WrVisit *self,
                                          double  *percent);
gboolean       wr_visit_is_placeholder   (WrVisit *self);

G_END_DECLS
