/* wr-service.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The editable fields of a service (a ward, clinic, team or practice). */
typedef struct
{
  const char *name;
  const char *directorate;
  const char *site;
  const char *type;
  const char *cqc_location_id;
} WrServiceFields;

#define WR_TYPE_SERVICE (wr_service_get_type ())

G_DECLARE_FINAL_TYPE (WrService, wr_service, WR, SERVICE, GObject)

gint64      wr_service_get_id              (WrService *self);
const char *wr_service_get_uuid            (WrService *self);
const char *wr_service_get_name            (WrService *self);
const char *wr_service_get_directorate     (WrService *self);
const char *wr_service_get_site            (WrService *self);
const char *wr_service_get_service_type    (WrService *self);
const char *wr_service_get_cqc_location_id (WrService *self);
gboolean    wr_service_get_archived        (WrService *self);

G_END_DECLS
