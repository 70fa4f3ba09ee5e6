/* test-csv.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The hand-written CSV reader (services imported from a spreadsheet) and
 * writer (the report's tables): RFC 4180 quoting both ways, and cells a
 * spreadsheet would run as formulas made text.
 */

#include "config.h"

#include <glib.h>
#include <string.h>

#include "wr-csv.h"

#define MAX_RECORDS 1000

static GPtrArray *
parse (const char  *text,
       GError     **error)
{
  return wr_csv_parse ("test.csv", text, strlen (text), MAX_RECORDS, error);
}

/* Every record's fields joined by "|", records by "/": a table case reads
 * at a glance.
 */
static char *
flatten (GPtrArray *records)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < records->len; i++)
    {
      WrCsvRecord *record = g_ptr_array_index (records, i);
      g_autofree char *joined = g_strjoinv ("|", record->fields);

      if (i > 0)
        g_string_append_c (out, '/');
      g_string_append (out, joined);
    }

  return g_string_free (out, FALSE);
}

typedef struct
{
  const char *text;
  const char *records;
} ParseCase;

static void
test_parse (void)
{
  static const ParseCase cases[] = {
    { "", "" },
    { "a", "a" },
    { "a,b,c", "a|b|c" },
    { "a,b\nc,d", "a|b/c|d" },
    { "a,b\r\nc,d\r\n", "a|b/c|d" },                    /* CRLF, as spreadsheets write */
    { "a,b\rc,d", "a|b/c|d" },                          /* an old Mac line end */
    { "a,", "a|" },                                     /* an empty last field */
    { ",", "|" },
    { "a,,b", "a||b" },
    { "\"a,b\",c", "a,b|c" },                           /* a comma inside quotes */
    { "\"say \"\"hi\"\"\",x", "say \"hi\"|x" },         /* doubled quotes */
    { "\"\"", "" },                                     /* one empty quoted field */
    { "\"two\nlines\",x", "two\nlines|x" },             /* a line break inside quotes */
    { "\"two\r\nlines\"\r\n", "two\r\nlines" },
    { "a\n\n\nb", "a/b" },                              /* blank lines are skipped */
    { "\xef\xbb\xbf" "a,b", "a|b" },                    /* a byte order mark is skipped */
    { "\xef\xbb\xbf", "" },
    { " a , b ", " a | b " },                           /* spaces are kept */
    { "caf\xc3\xa9,\xe2\x80\x9cq\xe2\x80\x9d", "caf\xc3\xa9|\xe2\x80\x9cq\xe2\x80\x9d" },
    { "'=1+1,x", "'=1+1|x" },                           /* the reader strips nothing */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) records = parse (cases[i].text, &error);
      g_autofree char *flat = NULL;

      g_assert_no_error (error);
      flat = flatten (records);
      if (g_strcmp0 (flat, cases[i].records) != 0)
        g_error ("case %u: read “%s”, expected “%s”", i, flat, cases[i].records);
    }
}

static void
test_parse_lines (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = parse ("a\r\n\"b\nc\"\r\n\r\nd\r\n", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 3);
  g_assert_cmpuint (((WrCsvRecord *) g_ptr_array_index (records, 0))->line, ==, 1);
  g_assert_cmpuint (((WrCsvRecord *) g_ptr_array_index (records, 1))->line, ==, 2);
  g_assert_cmpuint (((WrCsvRecord *) g_ptr_array_index (records, 2))->line, ==, 5);
}

typedef struct
{
  const char *text;
  int         code;
  const char *message;
} BadCase;

static void
test_parse_bad (void)
{
  static const BadCase cases[] = {
    { "a\n\"open", WR_CSV_ERROR_SYNTAX, "test.csv:2: a quoted field is never closed" },
    { "\"a\"b", WR_CSV_ERROR_SYNTAX, "test.csv:1: there is text after a closing quotation mark" },
    { "ok\n\xff\xfe", WR_CSV_ERROR_ENCODING, "test.csv:2: the file is not UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) records = parse (cases[i].text, &error);

      g_assert_null (records);
      g_assert_error (error, WR_CSV_ERROR, cases[i].code);
      if (!g_str_has_prefix (error->message, cases[i].message))
        g_error ("case %u: “%s” does not start “%s”", i, error->message, cases[i].message);
    }
}

static void
test_parse_too_big (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = wr_csv_parse ("big.csv", "a\nb\nc\n", 6, 2, &error);

  g_assert_null (records);
  g_assert_error (error, WR_CSV_ERROR, WR_CSV_ERROR_TOO_BIG);
  g_assert_true (g_str_has_prefix (error->message, "big.csv:3: "));
}

typedef struct
{
  const char *cell;
  const char *written;
} CellCase;

static void
test_cells (void)
{
  static const CellCase cases[] = {
    { NULL, "\"\"" },
    { "", "\"\"" },
    { "plain", "\"plain\"" },
    { "a,b", "\"a,b\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "two\r\nlines", "\"two\r\nlines\"" },
    /* Formula starters. */
    { "=SUM(A1)", "\"'=SUM(A1)\"" },
    { "+1+1", "\"'+1+1\"" },
    { "-1+1", "\"'-1+1\"" },
    { "@SUM(A1)", "\"'@SUM(A1)\"" },
    { "=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"" },
    /* Blanks a spreadsheet may skip before the formula. */
    { " =1+1", "\"' =1+1\"" },
    { " note", "\"' note\"" },
    { "\xc2\xa0=1+1", "\"'\xc2\xa0=1+1\"" },            /* U+00A0 */
    { "\t=1+1", "\"'\t=1+1\"" },
    { "\r=1+1", "\"'\r=1+1\"" },
    { "\n=1+1", "\"'\n=1+1\"" },
    /* Full-width forms. */
    { "\xef\xbc\x9d" "1+1", "\"'\xef\xbc\x9d" "1+1\"" },  /* U+FF1D ＝ */
    { "\xef\xbc\x8b" "1", "\"'\xef\xbc\x8b" "1\"" },      /* U+FF0B ＋ */
    { "\xef\xbc\x8d" "1", "\"'\xef\xbc\x8d" "1\"" },      /* U+FF0D － */
    { "\xef\xbc\xa0" "x", "\"'\xef\xbc\xa0" "x\"" },      /* U+FF20 ＠ */
    /* Left alone: plain numbers, and these characters later in a cell. */
    { "-3", "\"-3\"" },
    { "-0.5", "\"-0.5\"" },
    { "12", "\"12\"" },
    { "a=b", "\"a=b\"" },
    { "x\xef\xbc\x9d", "\"x\xef\xbc\x9d\"" },
    { "-", "\"'-\"" },
    { "-3x", "\"'-3x\"" },
    { "-.5", "\"'-.5\"" },
    { "\xef\xbc\x91", "\"\xef\xbc\x91\"" },             /* U+FF11 FULLWIDTH DIGIT ONE */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      wr_csv_append_cell (out, cases[i].cell);
      if (!g_str_equal (out->str, cases[i].written))
        g_error ("case %u: wrote “%s”, expected “%s”", i, out->str, cases[i].written);
    }
}

static void
test_row (void)
{
  const char * const cells[] = { "a", NULL, "=x", "b\"c" };
  g_autoptr(GString) out = g_string_new (NULL);

  wr_csv_append_row (out, cells, G_N_ELEMENTS (cells));
  g_assert_cmpstr (out->str, ==, "\"a\",\"\",\"'=x\",\"b\"\"c\"\r\n");
}

/* parse (write (x)) == x for fields, and for cells that need no
 * apostrophe; with one, the apostrophe is the only difference.
 */
static void
test_round_trip (void)
{
  static const char * const values[] = {
    "", "plain", "a,b", "\"", "\"\"", "say \"hi\", then \"bye\"", "two\nlines", "two\r\nlines",
    "\r", "\n\n", ",,,", "caf\xc3\xa9 \xe2\x80\x94 na\xc3\xafve", "\xef\xbb\xbf" "bom inside", "'quoted",
    "=1+1", " =1+1", "\xc2\xa0x", "\t", "-3", "@", "\xef\xbc\x9d" "1",
  };
  g_autoptr(GString) fields = g_string_new ("\xef\xbb\xbf");
  g_autoptr(GString) cells = g_string_new ("\xef\xbb\xbf");
  g_autoptr(GPtrArray) field_records = NULL;
  g_autoptr(GPtrArray) cell_records = NULL;
  g_autoptr(GError) error = NULL;

  /* One value a row, then all of them in one row. */
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      wr_csv_append_field (fields, values[i]);
      g_string_append (fields, "\r\n");
      wr_csv_append_row (cells, &values[i], 1);
    }
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      if (i > 0)
        g_string_append_c (fields, ',');
      wr_csv_append_field (fields, values[i]);
    }
  wr_csv_append_row (cells, values, G_N_ELEMENTS (values));

  field_records = wr_csv_parse ("fields.csv", fields->str, fields->len, MAX_RECORDS, &error);
  g_assert_no_error (error);
  cell_records = wr_csv_parse ("cells.csv", cells->str, cells->len, MAX_RECORDS, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (field_records->len, ==, G_N_ELEMENTS (values) + 1);
  g_assert_cmpuint (cell_records->len, ==, G_N_ELEMENTS (values) + 1);

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      WrCsvRecord *field = g_ptr_array_index (field_records, i);
      WrCsvRecord *cell = g_ptr_array_index (cell_records, i);
      WrCsvRecord *field_row = g_ptr_array_index (field_records, G_N_ELEMENTS (values));
      WrCsvRecord *cell_row = g_ptr_array_index (cell_records, G_N_ELEMENTS (values));
      g_autoptr(GString) written = g_string_new (NULL);
      gboolean neutralised;

      wr_csv_append_cell (written, values[i]);
      neutralised = g_str_has_prefix (written->str, "\"'") && values[i][0] != '\'';

      g_assert_cmpuint (g_strv_length (field->fields), ==, 1);
      g_assert_cmpstr (field->fields[0], ==, values[i]);
      g_assert_cmpstr (field_row->fields[i], ==, values[i]);

      g_assert_cmpuint (g_strv_length (cell->fields), ==, 1);
      if (neutralised)
        {
          g_assert_cmpint (cell->fields[0][0], ==, '\'');
          g_assert_cmpstr (cell->fields[0] + 1, ==, values[i]);
        }
      else
        g_assert_cmpstr (cell->fields[0], ==, values[i]);
      g_assert_cmpstr (cell_row->fields[i], ==, cell->fields[0]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/walkround/csv/parse", test_parse);
  g_test_add_func ("/walkround/csv/parse-lines", test_parse_lines);
  g_test_add_func ("/walkround/csv/parse-bad", test_parse_bad);
  g_test_add_func ("/walkround/csv/parse-too-big", test_parse_too_big);
  g_test_add_func ("/walkround/csv/cells", test_cells);
  g_test_add_func ("/walkround/csv/row", test_row);
  g_test_add_func ("/walkround/csv/round-trip", test_round_trip);

  return g_test_run ();
}
