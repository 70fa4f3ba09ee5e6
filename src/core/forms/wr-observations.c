/* wr-observations.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-form"

#include "config.h"

#include "wr-form-private.h"

G_DEFINE_FINAL_TYPE (WrObservations, wr_observations, WR_TYPE_FORM_ITEM)

static const char * const empty_strv[] = { NULL };

static void
wr_observations_finalize (GObject *object)
{
  WrObservations *self = (WrObservations *)object;

  g_clear_pointer (&self->kinds, g_strfreev);
  g_clear_pointer (&self->voices, g_strfreev);

  G_OBJECT_CLASS (wr_observations_parent_class)->finalize (object);
}

static void
wr_observations_class_init (WrObservationsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wr_observations_finalize;
}

static void
wr_observations_init (WrObservations *self)
{
  _wr_form_item_get_private (WR_FORM_ITEM (self))->kind = WR_FORM_ITEM_OBSERVATIONS;
}

/**
 * wr_observations_get_kinds:
 * @self: a #WrObservations
 *
 * Returns: (transfer none): the kinds of observation invited here, as
 *   #WR_CATALOG_OBSERVATION_KIND ids such as "good-practice"
 */
const char * const *
wr_observations_get_kinds (WrObservations *self)
{
  g_return_val_if_fail (WR_IS_OBSERVATIONS (self), NULL);

  return self->kinds != NULL ? (const char * const *) self->kinds : empty_strv;
}

/**
 * wr_observations_get_voices:
 * @self: a #WrObservations
 *
 * Returns: (transfer none): whose views are expected (#WR_CATALOG_VOICE
 *   ids such as "patient"); empty if the form does not say
 */
const char * const *
wr_observations_get_voices (WrObservations *self)
{
  g_return_val_if_fail (WR_IS_OBSERVATIONS (self), NULL);

  return self->voices != NULL ? (const char * const *) self->voices : empty_strv;
}
