/* wr-catalog-entry.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The lists of the reference catalogue, in the order the file has them. */
typedef enum
{
  WR_CATALOG_REGULATION,
  WR_CATALOG_KEY_QUESTION,
  WR_CATALOG_STATEMENT,
  WR_CATALOG_THEME,
  WR_CATALOG_DOMAIN,
  WR_CATALOG_OBSERVATION_KIND,
  WR_CATALOG_VOICE,
  WR_CATALOG_EVIDENCE_CATEGORY,
  WR_CATALOG_N_KINDS,
} WrCatalogKind;

#define WR_TYPE_CATALOG_ENTRY (wr_catalog_entry_get_type ())

G_DECLARE_FINAL_TYPE (WrCatalogEntry, wr_catalog_entry, WR, CATALOG_ENTRY, GObject)

WrCatalogKind       wr_catalog_entry_get_kind          (WrCatalogEntry *self);
const char         *wr_catalog_entry_get_id            (WrCatalogEntry *self);
const char         *wr_catalog_entry_get_title         (WrCatalogEntry *self);
const char         *wr_catalog_entry_get_short_title   (WrCatalogEntry *self);
const char         *wr_catalog_entry_get_summary       (WrCatalogEntry *self);
const char         *wr_catalog_entry_get_key_question  (WrCatalogEntry *self);
const char * const *wr_catalog_entry_get_regulations   (WrCatalogEntry *self);
const char * const *wr_catalog_entry_get_also_consider (WrCatalogEntry *self);
const char * const *wr_catalog_entry_get_points        (WrCatalogEntry *self);
const char         *wr_catalog_entry_get_in_force      (WrCatalogEntry *self);

const char         *wr_catalog_kind_to_string          (WrCatalogKind   kind);

G_END_DECLS
