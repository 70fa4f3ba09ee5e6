/* wr-csv.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WR_CSV_ERROR (wr_csv_error_quark ())

typedef enum
{
  WR_CSV_ERROR_ENCODING,
  WR_CSV_ERROR_SYNTAX,
  WR_CSV_ERROR_TOO_BIG,
} WrCsvError;

/* One record of a CSV file and the line it starts on (from 1). */
typedef struct
{
  guint  line;
  GStrv  fields;
} WrCsvRecord;

GQuark     wr_csv_error_quark (void);
void       wr_csv_record_free (WrCsvRecord  *record);
GPtrArray *wr_csv_parse       (const char   *file_name,
                               const char   *text,
                               gsize         length,
                               guint         max_records,
                               GError      **error) G_GNUC_WARN_UNUSED_RESULT;
void       wr_csv_append_field (GString     *out,
                                const char  *field);
void       wr_csv_append_cell  (GString     *out,
                                const char  *cell);
void       wr_csv_append_row   (GString     *out,
                                const char * const *cells,
                                gsize        n_cells);
char      *wr_csv_from_windows_1252 (const char *text,
                                     gsize       length,
                                     gsize      *out_length) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
