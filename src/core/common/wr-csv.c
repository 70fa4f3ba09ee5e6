/* wr-csv.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-csv"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wr-csv.h"

G_DEFINE_QUARK (wr-csv-error-quark, wr_csv_error)

void
wr_csv_record_free (WrCsvRecord *record)
{
  if (record == NULL)
    return;
  g_strfreev (record->fields);
  g_free (record);
}

static guint
line_of (const char *text,
         const char *at)
{
  guint line = 1;

  for (const char *p = text; p < at; p++)
    line += *p == '\n';
  return line;
}

/**
 * wr_csv_parse:
 * @file_name: the file's name, for messages
 * @text: the file's contents, UTF-8 (a byte order mark is skipped)
 * @length: its length in bytes
 * @max_records: refuse files with more records than this
 * @error: return location for a #GError
 *
 * Reads CSV as spreadsheets write it (RFC 4180): fields separated by
 * commas, records by CRLF or LF, fields in double quotes may hold commas,
 * line breaks and doubled quotes. Blank lines are skipped.
 *
 * Returns: (transfer full) (element-type WrCsvRecord): the records, or
 *   %NULL with @error set as `FILE:LINE: message`
 */
GPtrArray *
wr_csv_parse (const char  *file_name,
              const char  *text,
              gsize        length,
              guint        max_records,
              GError     **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) wr_csv_record_free);
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GString) field = g_string_new (NULL);
  const char *end = text + length;
  const char *bad;
  const char *p = text;
  guint line = 1;
  guint record_line = 1;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (!g_utf8_validate_len (text, length, &bad))
    {
      g_set_error (error, WR_CSV_ERROR, WR_CSV_ERROR_ENCODING,
                   _("%s:%u: the file is not UTF-8 text; save it from the spreadsheet as “CSV UTF-8”"),
                   file_name, line_of (text, bad));
      return NULL;
    }

  if (length >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    p = text + 3;

  while (p < end)
    {
      gboolean quoted = FALSE;

      if (fields == NULL)
        {
          fields = g_ptr_array_new_with_free_func (g_free);
          record_line = line;
        }

      g_string_truncate (field, 0);

      if (*p == '"')
        {
          guint opened = line;

          quoted = TRUE;
          p++;
          for (;;)
            {
              if (p >= end)
                {
                  g_set_error (error, WR_CSV_ERROR, WR_CSV_ERROR_SYNTAX,
                               _("%s:%u: a quoted field is never closed; check its quotation marks"),
                               file_name, opened);
                  return NULL;
                }
              if (*p == '"')
                {
                  if (p + 1 < end && p[1] == '"')
                    {
                      g_string_append_c (field, '"');
                      p += 2;
                      continue;
                    }
                  p++;
                  break;
                }
              line += *p == '\n';
              g_string_append_c (field, *p++);
            }
          if (p < end && *p != ',' && *p != '\n' && *p != '\r')
            {
              g_set_error (error, WR_CSV_ERROR, WR_CSV_ERROR_SYNTAX,
                           _("%s:%u: there is text after a closing quotation mark"), file_name, line);
              return NULL;
            }
        }
      else
        {
          while (p < end && *p != ',' && *p != '\n' && *p != '\r')
            g_string_append_c (field, *p++);
        }

      g_ptr_array_add (fields, g_strdup (field->str));

      if (p < end && *p == ',')
        {
          p++;
          if (p == end)
            g_ptr_array_add (fields, g_strdup (""));
          else
            continue;
        }

      /* The end of a record. */
      if (p < end && *p == '\r')
        p++;
      if (p < end && *p == '\n')
        {
          p++;
          line++;
        }

      if (fields->len == 1 && !quoted && ((char *) g_ptr_array_index (fields, 0))[0] == '\0')
        {
          g_clear_pointer (&fields, g_ptr_array_unref);
          continue;
        }

      if (records->len >= max_records)
        {
          g_set_error (error, WR_CSV_ERROR, WR_CSV_ERROR_TOO_BIG,
                       _("%s:%u: the file has more than %u rows"), file_name, record_line, max_records);
          return NULL;
        }

      {
        WrCsvRecord *record = g_new0 (WrCsvRecord, 1);

        record->line = record_line;
        g_ptr_array_add (fields, NULL);
        record->fields = (GStrv) g_ptr_array_free (g_steal_pointer (&fields), FALSE);
        g_ptr_array_add (records, record);
      }
    }

  return g_steal_pointer (&records);
}

/**
 * wr_csv_append_field:
 * @out: where to write
 * @field: the field's text
 *
 * Writes one field, always quoted, with quotation marks doubled, so that
 * spreadsheets read it back exactly.
 */
void
wr_csv_append_field (GString    *out,
                     const char *field)
{
  g_string_append_c (out, '"');
  for (const char *p = field ? field : ""; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* A number as a spreadsheet reads one, such as -3 or -0.5: safe to leave
 * as it is, although it starts with a minus sign.
 */
static gboolean
is_plain_number (const char *text)
{
  const char *p = text;

  if (*p == '-')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }

  return *p == '\0';
}

/* What a spreadsheet may read as the start of a formula: the formula
 * starters, their full-width forms (which some spreadsheets and locales
 * fold to ASCII) and the blanks that some skip before looking (a space, a
 * no-break space, a tab, a line break). UTF-8.
 */
static const char * const formula_starts[] = {
  "=", "+", "-", "@",
  "\xef\xbc\x9d",  /* U+FF1D FULLWIDTH EQUALS SIGN */
  "\xef\xbc\x8b",  /* U+FF0B FULLWIDTH PLUS SIGN */
  "\xef\xbc\x8d",  /* U+FF0D FULLWIDTH HYPHEN-MINUS */
  "\xef\xbc\xa0",  /* U+FF20 FULLWIDTH COMMERCIAL AT */
  " ", "\t", "\r", "\n",
  "\xc2\xa0",       /* U+00A0 NO-BREAK SPACE */
};

static gboolean
is_formula_start (const char *cell)
{
  for (gsize i = 0; i < G_N_ELEMENTS (formula_starts); i++)
    {
      if (g_str_has_prefix (cell, formula_starts[i]))
        return TRUE;
    }

  return FALSE;
}

/**
 * wr_csv_append_cell:
 * @out: where to write
 * @cell: (nullable): the cell's text
 *
 * Writes one field, quoted as wr_csv_append_field() does, for a file that
 * people open in a spreadsheet. Excel, LibreOffice and Google Sheets run a
 * cell that starts with `=`, `+`, `-` or `@` as a formula, even from a
 * quoted CSV field, and some skip leading blanks first or read the
 * full-width `＝＋－＠` as their ASCII forms, so a visitor's note could run
 * a formula on the reader's computer ("CSV injection"). A cell that
 * starts with any of these, or with a space, a no-break space, a tab or a
 * line break, is written with an apostrophe before it, which the
 * spreadsheet shows as text. Plain numbers such as `-3` are left as they
 * are.
 */
void
wr_csv_append_cell (GString    *out,
                    const char *cell)
{
  g_autofree char *safe = NULL;

  if (cell != NULL && is_formula_start (cell) && !is_plain_number (cell))
    cell = safe = g_strconcat ("'", cell, NULL);

  wr_csv_append_field (out, cell);
}

/**
 * wr_csv_append_row:
 * @out: where to write
 * @cells: (array length=n_cells) (nullable): the cells; a %NULL cell is empty
 * @n_cells: how many
 *
 * Writes one record of cells made safe by wr_csv_append_cell(), separated
 * by commas and ended by CRLF, as RFC 4180 writes them.
 */
void
wr_csv_append_row (GString            *out,
                   const char * const *cells,
                   gsize               n_cells)
{
  for (gsize i = 0; i < n_cells; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      wr_csv_append_cell (out, cells[i]);
    }
  g_string_append (out, "\r\n");
}

/* Windows-1252's 0x80 to 0x9F; the rest is Latin-1, byte for code point.
 * The five bytes it leaves undefined become the C1 controls, as Windows'
 * own conversion makes them.
 */
static const gunichar windows_1252_high[32] = {
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

/**
 * wr_csv_from_windows_1252:
 * @text: text in Windows-1252, the code page in which Excel on Windows
 *   saves "CSV (Comma delimited)" in western Europe
 * @length: its length in bytes
 * @out_length: (out) (optional): the length of the result in bytes
 *
 * Every byte is a character in Windows-1252, so this never fails; it
 * does not need iconv, which would refuse the five undefined bytes.
 *
 * Returns: (transfer full): @text in UTF-8
 */
char *
wr_csv_from_windows_1252 (const char *text,
                          gsize       length,
                          gsize      *out_length)
{
  GString *out = g_string_sized_new (length + length / 8 + 1);

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  for (gsize i = 0; i < length; i++)
    {
      guint8 byte = (guint8) text[i];

      if (byte < 0x80)
        g_string_append_c (out, (char) byte);
      else if (byte < 0xA0)
        g_string_append_unichar (out, windows_1252_high[byte - 0x80]);
      else
        g_string_append_unichar (out, byte);
    }

  if (out_length != NULL)
    *out_length = out->len;
  return g_string_free (out, FALSE);
}
