/* wr-catalog-entry.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-catalog"

#include "config.h"

#include <string.h>

#include "wr-catalog-private.h"

/* One entry of the reference catalogue: a regulation, key question,
 * quality statement, 15 Steps theme, self-assessment domain, observation
 * kind, voice or evidence category. Immutable, so it may be read from any
 * thread.
 */
struct _WrCatalogEntry
{
  GObject               parent_instance;
  WrCatalogEntryFields  fields;
};

G_DEFINE_FINAL_TYPE (WrCatalogEntry, wr_catalog_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_SHORT_TITLE,
  PROP_SUMMARY,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static const char * const empty_strv[] = { NULL };

static void
wr_catalog_entry_finalize (GObject *object)
{
  WrCatalogEntry *self = (WrCatalogEntry *)object;

  g_clear_pointer (&self->fields.id, g_free);
  g_clear_pointer (&self->fields.title, g_free);
  g_clear_pointer (&self->fields.short_title, g_free);
  g_clear_pointer (&self->fields.summary, g_free);
  g_clear_pointer (&self->fields.key_question, g_free);
  g_clear_pointer (&self->fields.in_force, g_free);
  g_clear_pointer (&self->fields.regulations, g_strfreev);
  g_clear_pointer (&self->fields.also_consider, g_strfreev);
  g_clear_pointer (&self->fields.points, g_strfreev);

  G_OBJECT_CLASS (wr_catalog_entry_parent_class)->finalize (object);
}

static void
wr_catalog_entry_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  WrCatalogEntry *self = WR_CATALOG_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, wr_catalog_entry_get_id (self));
      break;

    case PROP_TITLE:
      g_value_set_string (value, wr_catalog_entry_get_title (self));
      break;

    case PROP_SHORT_TITLE:
      g_value_set_string (value, wr_catalog_entry_get_short_title (self));
      break;

    case PROP_SUMMARY:
      g_value_set_string (value, wr_catalog_entry_get_summary (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wr_catalog_entry_class_init (WrCatalogEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wr_catalog_entry_finalize;
  object_class->get_property = wr_catalog_entry_get_property;

  properties [PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_SHORT_TITLE] =
    g_param_spec_string ("short-title", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wr_catalog_entry_init (WrCatalogEntry *self)
{
}

/* Takes the contents of @fields, leaving it empty. */
WrCatalogEntry *
_wr_catalog_entry_new (WrCatalogEntryFields *fields)
{
  WrCatalogEntry *self = g_object_new (WR_TYPE_CATALOG_ENTRY, NULL);

  self->fields = *fields;
  memset (fields, 0, sizeof *fields);

  return self;
}

WrCatalogKind
wr_catalog_entry_get_kind (WrCatalogEntry *self)
{
  g_return_val_if_fail (WR_IS_CATALOG_ENTRY (self), 0);

  return self->fields.kind;
}

const char *
wr_catalog_entry_get_id (WrCatalogEntry *self)
{
  g_return_val_if_fail (WR_IS_CATALOG_ENTRY (self), NULL);

  return self->fields.id;
}

/**
 * wr_catalog_entry_get_title:
 * @self: a #WrCatalogEntry
 *
 * Returns: (transfer none): the official or full title, e.g. "Safe care and
 *   treatment" or "Well organised and calm"
 */
const char *
wr_catalog_entry_get_title (WrCatalogEntry *self)
{
  g_return_val_if_fail (WR_IS_CATALOG_ENTRY (self), NULL);

  return self->fields.title;
}

/**
 * wr_catalog_entry_get_short_title:
 * @self: a #WrCatalogEntry
 *
 * Returns: (transfer none): the everyday name of a regulation ("Safety"),
 *   or the title for entries that have no short title
 */
const char *
wr_catalog_entry_get_short_title (WrCatalogEntry *self)
{
  g_return_val_if_fail (WR_IS_CATALOG_ENTRY (self), NULL);

  return self->fields.short_title != NULL ? self->fields.short_title : self->fields.title;
}

/**
 * wr_catalog_entry_get_summary:
 * @self: a #WrCatalogEntry
 *
 * Returns: (transfer none): a sentence or two in plain English: a
 *   regulation's or domain's summary, a key question's, kind's, voice's or
 *   evidence category's meaning, a quality statement's "we" statement, or
 *   the question a 15 Steps theme asks ("Is it welcoming?")
 */
const char *
wr_catalog_entry_get_summary (WrCatalogEntry *self)
{
  g_return_val_if_fail (WR_IS_CATALOG_ENTRY (self), NULL);

  return self->fields.summary;
}

/**
 * wr_catalog_entry_get_key_question:
 * @self: a #WrCatalogEntry
 *
 * Returns: (transfer none) (nullable): the id of a quality statement's key
 *   question; %NULL for other entries
 */
const char *
wr_catalog_entry_get_key_question (WrCatalogEntry *self)
{
  g_return_val_if_fail (WR_IS_CATALOG_ENTRY (self), NULL);

  return self->fields.key_question;
}

/**
 * wr_catalog_entry_get_regulations:
 * @self: a #WrCatalogEntry
 *
 * Returns: (transfer none): the regulations a quality statement or a
 *   domain relates to; empty for other entries
 */
const char * const *
wr_catalog_entry_get_regulations (WrCatalogEntry *self)
{
  g_return_val_if_fail (WR_IS_CATALOG_ENTRY (self), NULL);

  return self->fields.regulations != NULL ? (const char * const *) self->fields.regulations : empty_strv;
}

/**
 * wr_catalog_entry_get_also_consider:
 * @self: a #WrCatalogEntry
 *
 * Returns: (transfer none): the regulations that may also be relevant to a
 *   quality statement; empty for other entries
 */
const char * const *
wr_catalog_entry_get_also_consider (WrCatalogEntry *self)
{
  g_return_val_if_fail (WR_IS_CATALOG_ENTRY (self), NULL);

  return self->fields.also_consider != NULL ? (const char * const *) self->fields.also_consider : empty_strv;
}

/**
 * wr_catalog_entry_get_points:
 * @self: a #WrCatalogEntry
 *
 * Returns: (transfer none): what a visitor can look for under a
 *   regulation, the prompts of a 15 Steps theme, or the examples of an
 *   evidence category; empty for other entries
 */
const char * const *
wr_catalog_entry_get_points (WrCatalogEntry *self)
{
  g_return_val_if_fail (WR_IS_CATALOG_ENTRY (self), NULL);

  return self->fields.points != NULL ? (const char * const *) self->fields.points : empty_strv;
}

/**
 * wr_catalog_entry_get_in_force:
 * @self: a #WrCatalogEntry
 *
 * Returns: (transfer none) (nullable): the date a regulation first applied,
 *   as YYYY-MM-DD
 */
const char *
wr_catalog_entry_get_in_force (WrCatalogEntry *self)
{
  g_return_val_if_fail (WR_IS_CATALOG_ENTRY (self), NULL);

  return self->fields.in_force;
}

/**
 * wr_catalog_kind_to_string:
 * @kind: a #WrCatalogKind
 *
 * Returns: (transfer none): the name of the list in the catalogue file,
 *   e.g. "regulations"
 */
const char *
wr_catalog_kind_to_string (WrCatalogKind kind)
{
  static const char * const names[] = {
    "regulations", "key-questions", "quality-statements", "themes",
    "domains", "observation-kinds", "voices", "evidence-categories",
  };

  g_return_val_if_fail (kind < WR_CATALOG_N_KINDS, NULL);

  return names[kind];
}
