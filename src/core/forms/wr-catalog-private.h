/* wr-catalog-private.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wr-catalog.h"

G_BEGIN_DECLS

/* What the catalogue loader fills in; an entry never changes afterwards. */
typedef struct
{
  WrCatalogKind  kind;
  char          *id;
  char          *title;
  char          *short_title;
  char          *summary;
  char          *key_question;
  char          *in_force;
  GStrv          regulations;
  GStrv          also_consider;
  GStrv          points;
} WrCatalogEntryFields;

WrCatalogEntry *_wr_catalog_entry_new (WrCatalogEntryFields *fields);

G_END_DECLS
