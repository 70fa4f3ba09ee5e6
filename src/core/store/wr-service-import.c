/* wr-service-import.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-service-import"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wr-csv.h"
#include "wr-service-import.h"
#include "wr-store-private.h"

#define MAX_ROWS 10000
#define MAX_SIZE (5 * 1024 * 1024)

enum { COL_NAME, COL_DIRECTORATE, COL_SITE, COL_TYPE, COL_CQC, N_COLUMNS };

/* Headings as trusts write them, folded to lower case with spaces. */
static const struct {
  const char *heading;
  int         column;
} headings[] = {
  { "name", COL_NAME },
  { "service", COL_NAME },
  { "service name", COL_NAME },
  { "ward", COL_NAME },
  { "directorate", COL_DIRECTORATE },
  { "division", COL_DIRECTORATE },
  { "care group", COL_DIRECTORATE },
  { "site", COL_SITE },
  { "hospital", COL_SITE },
  { "type", COL_TYPE },
  { "service type", COL_TYPE },
  { "cqc location id", COL_CQC },
  { "cqc location", COL_CQC },
  { "location id", COL_CQC },
  { "cqc id", COL_CQC },
};

static void
row_free (WrServiceImportRow *row)
{
  g_free (row->name);
  g_free (row->directorate);
  g_free (row->site);
  g_free (row->type);
  g_free (row->cqc_location_id);
  g_free (row->message);
  g_free (row);
}

void
wr_service_import_free (WrServiceImport *import)
{
  if (import == NULL)
    return;
  g_clear_pointer (&import->rows, g_ptr_array_unref);
  g_clear_pointer (&import->notes, g_ptr_array_unref);
  g_free (import);
}

static char *
fold (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_autofree char *lower = g_utf8_casefold (trimmed, -1);
  GString *out = g_string_new (NULL);

  for (const char *p = lower; *p; p++)
    g_string_append_c (out, *p == '_' || *p == '-' ? ' ' : *p);

  return g_string_free (out, FALSE);
}

static int
column_for_heading (const char *heading)
{
  g_autofree char *folded = fold (heading);

  for (guint i = 0; i < G_N_ELEMENTS (headings); i++)
    {
      if (g_str_equal (folded, headings[i].heading))
        return headings[i].column;
    }

  return -1;
}

static GHashTable *
existing_names (WrStore  *store,
                GError  **error)
{
  g_autoptr(GListModel) services = wr_store_list_services (store, TRUE, error);
  GHashTable *names;

  if (services == NULL)
    return NULL;

  names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (services); i++)
    {
      g_autoptr(WrService) service = g_list_model_get_item (services, i);

      g_hash_table_add (names, fold (wr_service_get_name (service)));
    }

  return names;
}

/**
 * wr_service_import_read:
 * @store: where the services would go
 * @file_name: the file's name, for messages
 * @text: its contents
 * @length: their length in bytes
 * @error: return location for a #GError
 *
 * Reads a CSV file of services with a heading row (name, and any of
 * directorate, site, type, CQC location id) and says what importing each
 * row would do: add it, skip it because a service of that name exists, or
 * refuse it and why. Nothing is changed.
 *
 * Returns: (transfer full): the preview, or %NULL with @error set when the
 *   file as a whole cannot be read
 */
WrServiceImport *
wr_service_import_read (WrStore     *store,
                        const char  *file_name,
                        const char  *text,
                        gsize        length,
                        GError     **error)
{
  g_autoptr(WrServiceImport) import = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_autofree char *converted = NULL;
  WrCsvRecord *header;
  int columns[64];
  guint n_headings;
  gboolean has_name = FALSE;

  g_return_val_if_fail (WR_IS_STORE (store), NULL);
  g_return_val_if_fail (file_name != NULL, NULL);

  if (length > MAX_SIZE)
    {
      g_set_error (error, WR_CSV_ERROR, WR_CSV_ERROR_TOO_BIG,
                   _("%s: the file is too big for a list of services"), file_name);
      return NULL;
    }

  /* Excel's "CSV (Comma delimited)" is in the computer's code page,
   * Windows-1252 in Britain; only its "CSV UTF-8" is UTF-8. Text that is
   * not UTF-8 is read as Windows-1252, where every byte is a character.
   */
  if (!g_utf8_validate_len (text, length, NULL))
    {
      converted = wr_csv_from_windows_1252 (text, length, &length);
      text = converted;
    }

  if (!(records = wr_csv_parse (file_name, text, length, MAX_ROWS + 1, error)))
    return NULL;

  if (records->len == 0)
    {
      g_set_error (error, WR_CSV_ERROR, WR_CSV_ERROR_SYNTAX, _("%s: the file is empty"), file_name);
      return NULL;
    }

  import = g_new0 (WrServiceImport, 1);
  import->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  import->notes = g_ptr_array_new_with_free_func (g_free);
  import->converted = converted != NULL;
  if (import->converted)
    g_ptr_array_add (import->notes,
                     g_strdup_printf (_("%s is not UTF-8: it was read as Windows-1252, as Excel saves "
                                        "“CSV (Comma delimited)”. Check that names with accents, £ or € "
                                        "read rightly below."), file_name));

  header = g_ptr_array_index (records, 0);
  n_headings = MIN (g_strv_length (header->fields), G_N_ELEMENTS (columns));
  for (guint i = 0; i < n_headings; i++)
    {
      columns[i] = column_for_heading (header->fields[i]);
      has_name |= columns[i] == COL_NAME;
      if (columns[i] < 0 && header->fields[i][0] != '\0')
        g_ptr_array_add (import->notes,
                         g_strdup_printf (_("The column “%s” is not used"), header->fields[i]));
    }

  if (!has_name)
    {
      g_set_error (error, WR_CSV_ERROR, WR_CSV_ERROR_SYNTAX,
                   _("%s:%u: the first row must name the columns, with one called “Name”; "
                     "others may be Directorate, Site, Type and CQC location id"),
                   file_name, header->line);
      return NULL;
    }

  if (!(names = existing_names (store, error)))
    return NULL;

  for (guint r = 1; r < records->len; r++)
    {
      WrCsvRecord *record = g_ptr_array_index (records, r);
      WrServiceImportRow *row = g_new0 (WrServiceImportRow, 1);
      const char *values[N_COLUMNS] = { NULL, };
      g_autoptr(GError) invalid = NULL;
      g_autofree char *key = NULL;
      WrServiceFields fields;

      for (guint i = 0; i < n_headings && record->fields[i] != NULL; i++)
        {
          if (columns[i] >= 0 && values[columns[i]] == NULL)
            values[columns[i]] = record->fields[i];
        }

      row->line = record->line;
      row->name = g_strstrip (g_strdup (values[COL_NAME] ? values[COL_NAME] : ""));
      row->directorate = g_strstrip (g_strdup (values[COL_DIRECTORATE] ? values[COL_DIRECTORATE] : ""));
      row->site = g_strstrip (g_strdup (values[COL_SITE] ? values[COL_SITE] : ""));
      row->type = g_strstrip (g_strdup (values[COL_TYPE] ? values[COL_TYPE] : ""));
      row->cqc_location_id = g_strstrip (g_strdup (values[COL_CQC] ? values[COL_CQC] : ""));
      g_ptr_array_add (import->rows, row);

      fields = (WrServiceFields) { row->name, row->directorate, row->site, row->type, row->cqc_location_id };
      key = fold (row->name);

      if (!_wr_store_check_service_fields (&fields, &invalid))
        {
          row->status = WR_SERVICE_IMPORT_INVALID;
          row->message = g_strdup (invalid->message);
          import->n_invalid++;
        }
      else if (g_hash_table_contains (names, key))
        {
          row->status = WR_SERVICE_IMPORT_EXISTING;
          row->message = g_strdup (_("A service with this name is already listed; it will be left as it is"));
          import->n_existing++;
        }
      else
        {
          row->status = WR_SERVICE_IMPORT_NEW;
          g_hash_table_add (names, g_steal_pointer (&key));
          import->n_new++;
        }
    }

  return g_steal_pointer (&import);
}

/**
 * wr_service_import_commit:
 * @store: where the services go
 * @import: a preview from wr_service_import_read()
 * @error: return location for a #GError
 *
 * Adds the new services, all in one transaction. A preview with refused
 * rows is not imported at all: fix the file and read it again.
 *
 * Returns: (transfer full) (element-type WrService): the services added,
 *   or %NULL with @error set
 */
GPtrArray *
wr_service_import_commit (WrStore          *store,
                          WrServiceImport  *import,
                          GError          **error)
{
  g_autoptr(GArray) fields = g_array_new (FALSE, FALSE, sizeof (WrServiceFields));

  g_return_val_if_fail (WR_IS_STORE (store), NULL);
  g_return_val_if_fail (import != NULL, NULL);

  if (import->n_invalid > 0)
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u row of the file cannot be imported; fix it and try again",
                                "%u rows of the file cannot be imported; fix them and try again",
                                import->n_invalid),
                   import->n_invalid);
      return NULL;
    }

  for (guint i = 0; i < import->rows->len; i++)
    {
      WrServiceImportRow *row = g_ptr_array_index (import->rows, i);
      WrServiceFields f = { row->name, row->directorate, row->site, row->type, row->cqc_location_id };

      if (row->status == WR_SERVICE_IMPORT_NEW)
        g_array_append_val (fields, f);
    }

  return wr_store_add_services (store, (WrServiceFields *) (gpointer) fields->data, fields->len, error);
}
