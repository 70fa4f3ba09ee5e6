/* test-service-import.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "wr-csv.h"
#include "wr-service-import.h"

static WrStore *
open_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "walkround.db", NULL);
  WrStore *store = wr_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

static void
test_csv_syntax (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  const char *text = "\xef\xbb\xbf" "a,b,c\r\n"
                     "\"Ward 7, Elderly\",\"said \"\"hello\"\"\",\r\n"
                     "\r\n"
                     "\"two\nlines\",x,y\n"
                     "last,row,";
  WrCsvRecord *record;

  records = wr_csv_parse ("t.csv", text, strlen (text), 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 4);

  record = g_ptr_array_index (records, 1);
  g_assert_cmpuint (record->line, ==, 2);
  g_assert_cmpstr (record->fields[0], ==, "Ward 7, Elderly");
  g_assert_cmpstr (record->fields[1], ==, "said \"hello\"");
  g_assert_cmpstr (record->fields[2], ==, "");
  g_assert_null (record->fields[3]);

  record = g_ptr_array_index (records, 2);
  g_assert_cmpuint (record->line, ==, 4);
  g_assert_cmpstr (record->fields[0], ==, "two\nlines");

  record = g_ptr_array_index (records, 3);
  g_assert_cmpuint (record->line, ==, 6);
  g_assert_cmpuint (g_strv_length (record->fields), ==, 3);
}

static void
test_csv_errors (void)
{
  static const struct {
    const char *text;
    int         code;
    const char *message;
  } cases[] = {
    { "name\nWard \xe9t\xe9\n", WR_CSV_ERROR_ENCODING, "t.csv:2: the file is not UTF-8" },
    { "name\n\"Ward 7\n\nmore\n", WR_CSV_ERROR_SYNTAX, "t.csv:2: a quoted field is never closed" },
    { "name\n\"Ward\" 7\n", WR_CSV_ERROR_SYNTAX, "t.csv:2: there is text after" },
    { "a\nb\nc\nd\n", WR_CSV_ERROR_TOO_BIG, "t.csv:4: the file has more than 3 rows" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) records = wr_csv_parse ("t.csv", cases[i].text, strlen (cases[i].text), 3, &error);

      g_assert_null (records);
      g_assert_error (error, WR_CSV_ERROR, cases[i].code);
      g_assert_true (g_str_has_prefix (error->message, cases[i].message));
    }
}

static void
test_preview_and_import (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = open_store ();
  g_autoptr(WrService) existing = NULL;
  g_autoptr(WrServiceImport) import = NULL;
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GListModel) all = NULL;
  WrServiceFields fields = { .name = "Ward 7" };
  WrServiceImportRow *row;
  const char *text =
    "Service Name,Directorate,Site,Service type,CQC Location ID,Notes\n"
    "Ward 7,Medicine,General Hospital,Inpatient ward,,old\n"
    "Ward 8,Medicine,General Hospital,Inpatient ward,1-108458789,\n"
    "\"Audiology clinic, outpatients\",Surgery,Eye Centre,Outpatients,,\n"
    "ward 8,,,,,\n";

  existing = wr_store_add_service (store, &fields, &error);
  g_assert_no_error (error);

  import = wr_service_import_read (store, "services.csv", text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (import->rows->len, ==, 4);
  g_assert_cmpuint (import->n_new, ==, 2);
  g_assert_cmpuint (import->n_existing, ==, 2);
  g_assert_cmpuint (import->n_invalid, ==, 0);
  g_assert_cmpuint (import->notes->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (import->notes, 0), "Notes"));

  row = g_ptr_array_index (import->rows, 0);
  g_assert_cmpint (row->status, ==, WR_SERVICE_IMPORT_EXISTING);
  row = g_ptr_array_index (import->rows, 1);
  g_assert_cmpint (row->status, ==, WR_SERVICE_IMPORT_NEW);
  g_assert_cmpstr (row->cqc_location_id, ==, "1-108458789");
  g_assert_cmpuint (row->line, ==, 3);
  row = g_ptr_array_index (import->rows, 2);
  g_assert_cmpstr (row->name, ==, "Audiology clinic, outpatients");
  /* The same name twice in the file, in another case, is one service. */
  row = g_ptr_array_index (import->rows, 3);
  g_assert_cmpint (row->status, ==, WR_SERVICE_IMPORT_EXISTING);

  added = wr_service_import_commit (store, import, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (added->len, ==, 2);
  all = wr_store_list_services (store, TRUE, &error);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 3);
}

static void
test_bad_rows_change_nothing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = open_store ();
  g_autoptr(WrServiceImport) import = NULL;
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GListModel) all = NULL;
  WrServiceImportRow *row;
  const char *text = "name,cqc location id\nWard 1,\n  ,\nWard 3,RXX01\n";

  import = wr_service_import_read (store, "services.csv", text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (import->n_invalid, ==, 2);
  row = g_ptr_array_index (import->rows, 1);
  g_assert_cmpuint (row->line, ==, 3);
  g_assert_nonnull (strstr (row->message, "needs a name"));
  row = g_ptr_array_index (import->rows, 2);
  g_assert_nonnull (strstr (row->message, "RXX01"));

  added = wr_service_import_commit (store, import, &error);
  g_assert_null (added);
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID);
  all = wr_store_list_services (store, TRUE, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 0);
}

/* Excel's "CSV (Comma delimited)" on a British Windows: Windows-1252. */
static void
test_windows_1252 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = open_store ();
  g_autoptr(WrServiceImport) import = NULL;
  g_autoptr(WrServiceImport) utf8 = NULL;
  const char text[] = "Name,Site\r\nCaf\xe9 ward,St Mary\x92s\r\n\x80 shop \x96 \xa3 too,\x93Main\x94\r\n";
  const char *already = "Name\nCaf\xc3\xa9\n";
  WrServiceImportRow *row;

  import = wr_service_import_read (store, "services.csv", text, sizeof text - 1, &error);
  g_assert_no_error (error);
  g_assert_true (import->converted);
  g_assert_cmpuint (import->n_new, ==, 2);
  g_assert_cmpuint (import->notes->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (import->notes, 0),
                                   "services.csv is not UTF-8: it was read as Windows-1252"));
  row = g_ptr_array_index (import->rows, 0);
  g_assert_cmpstr (row->name, ==, "Caf\u00e9 ward");
  g_assert_cmpstr (row->site, ==, "St Mary\u2019s");
  row = g_ptr_array_index (import->rows, 1);
  g_assert_cmpstr (row->name, ==, "\u20ac shop \u2013 \u00a3 too");
  g_assert_cmpstr (row->site, ==, "\u201cMain\u201d");

  /* UTF-8 is read as it is, and not said to be converted. */
  utf8 = wr_service_import_read (store, "services.csv", already, strlen (already), &error);
  g_assert_no_error (error);
  g_assert_false (utf8->converted);
  g_assert_cmpuint (utf8->notes->len, ==, 0);
  g_assert_cmpstr (((WrServiceImportRow *) g_ptr_array_index (utf8->rows, 0))->name, ==, "Caf\u00e9");

  /* Every byte is a character, the undefined ones too, as Windows has them. */
  {
    char all[255];
    g_autofree char *out = NULL;
    gsize length;

    /* From 1: GLib's UTF-8 check refuses NUL. */
    for (guint i = 0; i < 255; i++)
      all[i] = (char) (i + 1);
    out = wr_csv_from_windows_1252 (all, sizeof all, &length);
    g_assert_true (g_utf8_validate_len (out, length, NULL));
    g_assert_cmpint (g_utf8_strlen (out, length), ==, 255);
    g_assert_cmpuint (g_utf8_get_char (g_utf8_offset_to_pointer (out, 0x80 - 1)), ==, 0x20AC);
    g_assert_cmpuint (g_utf8_get_char (g_utf8_offset_to_pointer (out, 0x81 - 1)), ==, 0x81);
    g_assert_cmpuint (g_utf8_get_char (g_utf8_offset_to_pointer (out, 0x9F - 1)), ==, 0x178);
    g_assert_cmpuint (g_utf8_get_char (g_utf8_offset_to_pointer (out, 0xFF - 1)), ==, 0xFF);
  }
}

static void
test_file_refused (void)
{
  g_autoptr(WrStore) store = open_store ();
  static const struct {
    const char *text;
    const char *message;
  } cases[] = {
    { "", "services.csv: the file is empty" },
    { "Bed,Count\n", "services.csv:1: the first row must name" },
    { "Site,Directorate\nGeneral,Medicine\n", "services.csv:1: the first row must name" },
    { "name\n\"Ward 7\n", "services.csv:2: a quoted field" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WrServiceImport) import = wr_service_import_read (store, "services.csv", cases[i].text,
                                                                  strlen (cases[i].text), &error);

      g_assert_null (import);
      g_assert_nonnull (error);
      g_assert_true (g_str_has_prefix (error->message, cases[i].message));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/walkround/csv/syntax", test_csv_syntax);
  g_test_add_func ("/walkround/csv/errors", test_csv_errors);
  g_test_add_func ("/walkround/service-import/preview-and-import", test_preview_and_import);
  g_test_add_func ("/walkround/service-import/bad-rows-change-nothing", test_bad_rows_change_nothing);
  g_test_add_func ("/walkround/service-import/file-refused", test_file_refused);
  g_test_add_func ("/walkround/service-import/windows-1252", test_windows_1252);

  return g_test_run ();
}
