/* wr-catalog.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "wr-catalog-entry.h"

G_BEGIN_DECLS

#define WR_CATALOG_ERROR (wr_catalog_error_quark ())

typedef enum
{
  WR_CATALOG_ERROR_READ,
  WR_CATALOG_ERROR_INVALID,
  WR_CATALOG_ERROR_INSTALL,
} WrCatalogError;

#define WR_TYPE_CATALOG (wr_catalog_get_type ())

G_DECLARE_FINAL_TYPE (WrCatalog, wr_catalog, WR, CATALOG, GObject)

GQuark          wr_catalog_error_quark     (void);

WrCatalog      *wr_catalog_new_from_file   (const char          *path,
                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;
WrCatalog      *wr_catalog_new_from_files  (const char * const  *paths,
                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;
WrCatalog      *wr_catalog_get_default     (GError             **error);

guint           wr_catalog_get_version     (WrCatalog           *self);
gboolean        wr_catalog_get_statement_links_inferred (WrCatalog *self);
WrCatalogEntry *wr_catalog_lookup          (WrCatalog           *self,
                                            WrCatalogKind        kind,
                                            const char          *id);
WrCatalogEntry *wr_catalog_lookup_any_case (WrCatalog           *self,
                                            WrCatalogKind        kind,
                                            const char          *id);
GListModel     *wr_catalog_list            (WrCatalog           *self,
                                            WrCatalogKind        kind);
GPtrArray      *wr_catalog_list_statements (WrCatalog           *self,
                                            const char          *key_question) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
