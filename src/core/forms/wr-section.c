/* wr-section.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-form"

#include "config.h"

#include "wr-form-private.h"

/* A part of a form with its own title, shown as one page or block. */

G_DEFINE_FINAL_TYPE (WrSection, wr_section, WR_TYPE_FORM_ITEM)

static void
wr_section_finalize (GObject *object)
{
  WrSection *self = (WrSection *)object;

  g_clear_pointer (&self->domain, g_free);

  G_OBJECT_CLASS (wr_section_parent_class)->finalize (object);
}

static void
wr_section_class_init (WrSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wr_section_finalize;
}

static void
wr_section_init (WrSection *self)
{
  _wr_form_item_get_private (WR_FORM_ITEM (self))->kind = WR_FORM_ITEM_SECTION;
  self->max_count = 50;
}

/**
 * wr_section_get_domain:
 * @self: a #WrSection
 *
 * Returns: (transfer none) (nullable): the id of the self-assessment domain
 *   (a #WR_CATALOG_DOMAIN entry) the section assesses
 */
const char *
wr_section_get_domain (WrSection *self)
{
  g_return_val_if_fail (WR_IS_SECTION (self), NULL);

  return self->domain;
}

/**
 * wr_section_get_repeatable:
 * @self: a #WrSection
 *
 * Returns: %TRUE if the section is filled in once per person spoken to,
 *   room or record checked, between wr_section_get_min_count() and
 *   wr_section_get_max_count() times
 */
gboolean
wr_section_get_repeatable (WrSection *self)
{
  g_return_val_if_fail (WR_IS_SECTION (self), FALSE);

  return self->repeatable;
}

guint
wr_section_get_min_count (WrSection *self)
{
  g_return_val_if_fail (WR_IS_SECTION (self), 0);

  return self->repeatable ? self->min_count : 1;
}

guint
wr_section_get_max_count (WrSection *self)
{
  g_return_val_if_fail (WR_IS_SECTION (self), 0);

  return self->repeatable ? self->max_count : 1;
}

/**
 * wr_section_get_per_member:
 * @self: a #WrSection
 *
 * Returns: %TRUE if each member of the visiting team answers the section
 *   for themselves and their answers are kept as their own
 */
gboolean
wr_section_get_per_member (WrSection *self)
{
  g_return_val_if_fail (WR_IS_SECTION (self), FALSE);

  return self->per_member;
}

/**
 * wr_section_get_request_support:
 * @self: a #WrSection
 *
 * Returns: %TRUE if the section shows a "Request support" switch with a note
 */
gboolean
wr_section_get_request_support (WrSection *self)
{
  g_return_val_if_fail (WR_IS_SECTION (self), FALSE);

  return self->request_support;
}

/**
 * wr_section_get_scored:
 * @self: a #WrSection
 *
 * Returns: %TRUE if a question in the section counts towards the score
 */
gboolean
wr_section_get_scored (WrSection *self)
{
  g_return_val_if_fail (WR_IS_SECTION (self), FALSE);

  return self->scored;
}
