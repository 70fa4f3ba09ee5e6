/* wr-service-import.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wr-store.h"

G_BEGIN_DECLS

typedef enum
{
  WR_SERVICE_IMPORT_NEW,
  WR_SERVICE_IMPORT_EXISTING,
  WR_SERVICE_IMPORT_INVALID,
} WrServiceImportStatus;

/* One row of a services CSV file, and what importing it would do. */
typedef struct
{
  guint                  line;
  WrServiceImportStatus  status;
  char                  *name;
  char                  *directorate;
  char                  *site;
  char                  *type;
  char                  *cqc_location_id;
  char                  *message;  /* why it is refused or skipped */
} WrServiceImportRow;

typedef struct
{
  GPtrArray *rows;        /* of WrServiceImportRow */
  GPtrArray *notes;       /* of char *: a conversion, and columns that will be ignored */
  gboolean   converted;   /* the file was not UTF-8, and was read as Windows-1252 */
  guint      n_new;
  guint      n_existing;
  guint      n_invalid;
} WrServiceImport;

void             wr_service_import_free   (WrServiceImport  *import);
WrServiceImport *wr_service_import_read   (WrStore          *store,
                                           const char       *file_name,
                                           const char       *text,
                                           gsize             length,
                                           GError          **error) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray       *wr_service_import_commit (WrStore          *store,
                                           WrServiceImport  *import,
                                           GError          **error) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrServiceImport, wr_service_import_free)

G_END_DECLS
