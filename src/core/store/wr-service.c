/* wr-service.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-service"

#include "config.h"

#include "wr-service-private.h"

/* A snapshot of one row of the services table. The store makes a new one
 * after each change, so a WrService never changes under its holder.
 */
struct _WrService
{
  GObject   parent_instance;

  gint64    id;
  char     *uuid;
  char     *name;
  char     *directorate;
  char     *site;
  char     *type;
  char     *cqc_location_id;
  gboolean  archived;
};

G_DEFINE_FINAL_TYPE (WrService, wr_service, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UUID,
  PROP_NAME,
  PROP_DIRECTORATE,
  PROP_SITE,
  PROP_SERVICE_TYPE,
  PROP_ARCHIVED,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
wr_service_finalize (GObject *object)
{
  WrService *self = (WrService *)object;

  g_clear_pointer (&self->uuid, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->directorate, g_free);
  g_clear_pointer (&self->site, g_free);
  g_clear_pointer (&self->type, g_free);
  g_clear_pointer (&self->cqc_location_id, g_free);

  G_OBJECT_CLASS (wr_service_parent_class)->finalize (object);
}

static void
wr_service_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  WrService *self = WR_SERVICE (object);

  switch (prop_id)
    {
    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_DIRECTORATE:
      g_value_set_string (value, self->directorate);
      break;

    case PROP_SITE:
      g_value_set_string (value, self->site);
      break;

    case PROP_SERVICE_TYPE:
      g_value_set_string (value, self->type);
      break;

    case PROP_ARCHIVED:
      g_value_set_boolean (value, self->archived);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wr_service_class_init (WrServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = wr_service_finalize;
  object_class->get_property = wr_service_get_property;

  properties [PROP_UUID] = g_param_spec_string ("uuid", NULL, NULL, NULL, flags);
  properties [PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties [PROP_DIRECTORATE] = g_param_spec_string ("directorate", NULL, NULL, NULL, flags);
  properties [PROP_SITE] = g_param_spec_string ("site", NULL, NULL, NULL, flags);
  properties [PROP_SERVICE_TYPE] = g_param_spec_string ("service-type", NULL, NULL, NULL, flags);
  properties [PROP_ARCHIVED] = g_param_spec_boolean ("archived", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wr_service_init (WrService *self)
{
}

WrService *
_wr_service_new (gint64                 id,
                 const char            *uuid,
                 const WrServiceFields *fields,
                 gboolean               archived)
{
  WrService *self = g_object_new (WR_TYPE_SERVICE, NULL);

  self->id = id;
  self->uuid = g_strdup (uuid);
  self->name = g_strdup (fields->name ? fields->name : "");
  self->directorate = g_strdup (fields->directorate ? fields->directorate : "");
  self->site = g_strdup (fields->site ? fields->site : "");
  self->type = g_strdup (fields->type ? fields->type : "");
  self->cqc_location_id = g_strdup (fields->cqc_location_id ? fields->cqc_location_id : "");
  self->archived = !!archived;

  return self;
}

gint64
wr_service_get_id (WrService *self)
{
  g_return_val_if_fail (WR_IS_SERVICE (self), 0);
  return self->id;
}

const char *
wr_service_get_uuid (WrService *self)
{
  g_return_val_if_fail (WR_IS_SERVICE (self), NULL);
  return self->uuid;
}

const char *
wr_service_get_name (WrService *self)
{
  g_return_val_if_fail (WR_IS_SERVICE (self), NULL);
  return self->name;
}

const char *
wr_service_get_directorate (WrService *self)
{
  g_return_val_if_fail (WR_IS_SERVICE (self), NULL);
  return self->directorate;
}

const char *
wr_service_get_site (WrService *self)
{
  g_return_val_if_fail (WR_IS_SERVICE (self), NULL);
  return self->site;
}

const char *
wr_service_get_service_type (WrService *self)
{
  g_return_val_if_fail (WR_IS_SERVICE (self), NULL);
  return self->type;
}

const char *
wr_service_get_cqc_location_id (WrService *self)
{
  g_return_val_if_fail (WR_IS_SERVICE (self), NULL);
  return self->cqc_location_id;
}

gboolean
wr_service_get_archived (WrService *self)
{
  g_return_val_if_fail (WR_IS_SERVICE (self), FALSE);
  return self->archived;
}
