/* wr-report-xlsx.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The four CSV tables as one Excel workbook, a sheet each, written with
 * libxlsxwriter (Debian 12's libxlsxwriter-dev, 1.1.4): times and due
 * dates are real dates, counts and scores numbers, the header row is
 * frozen and has an autofilter. Cells are never formulas, so nothing needs
 * the CSV files' leading apostrophe. Rows go to the workbook's temporary
 * files as the pack is read (constant memory), in a private temporary
 * folder, and the finished file is copied to its place atomically.
 *
 * Without libxlsxwriter (the Windows build, whose recipe does not build
 * it), the functions say so.
 */

#define G_LOG_DOMAIN "wr-report-xlsx"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#ifdef HAVE_XLSXWRITER
#include <xlsxwriter.h>
#endif

#include "wr-atomic-file.h"
#include "wr-pack-error.h"
#include "wr-report-private.h"
#include "wr-report-xlsx.h"

/**
 * wr_report_xlsx_is_available:
 *
 * Returns: whether this Walkround was built with libxlsxwriter
 */
gboolean
wr_report_xlsx_is_available (void)
{
#ifdef HAVE_XLSXWRITER
  return TRUE;
#else
  return FALSE;
#endif
}

#ifdef HAVE_XLSXWRITER

/* Excel keeps at most 32 767 characters in a cell. */
#define MAX_CELL_CHARS 32000
#define MAX_COLUMNS 32

static const char * const sheet_names[WR_REPORT_N_TABLES] = { "Visits", "Answers", "Observations", "Actions" };

typedef enum
{
  CELL_TEXT,
  CELL_UUID,
  CELL_LONG_TEXT,
  CELL_NUMBER,
  CELL_DATE_TIME,
  CELL_DATE,
} CellKind;

typedef struct
{
  lxw_workbook  *workbook;
  lxw_worksheet *sheets[WR_REPORT_N_TABLES];
  CellKind       kinds[WR_REPORT_N_TABLES][MAX_COLUMNS];
  guint          n_columns[WR_REPORT_N_TABLES];
  lxw_row_t      rows[WR_REPORT_N_TABLES];
  lxw_format    *header;
  lxw_format    *date_time;
  lxw_format    *date;
  lxw_format    *wrapped;
} Workbook;

static CellKind
kind_of_column (const char *name)
{
  static const char * const numbers[] = {
    "revision", "form-version", "answers", "observations", "actions", "attachments", "score",
  };
  static const char * const long_texts[] = {
    "text", "comment", "value", "value-label", "question-label", "team", "form-title", "section-scores",
  };
  static const char * const uuids[] = { "visit", "service", "observation", "action", "device", "repeat" };

  if (g_str_has_suffix (name, "-local"))
    return CELL_DATE_TIME;
  if (g_str_equal (name, "due"))
    return CELL_DATE;
  for (gsize i = 0; i < G_N_ELEMENTS (numbers); i++)
    if (g_str_equal (name, numbers[i]))
      return CELL_NUMBER;
  for (gsize i = 0; i < G_N_ELEMENTS (long_texts); i++)
    if (g_str_equal (name, long_texts[i]))
      return CELL_LONG_TEXT;
  for (gsize i = 0; i < G_N_ELEMENTS (uuids); i++)
    if (g_str_equal (name, uuids[i]))
      return CELL_UUID;
  return CELL_TEXT;
}

static gboolean
set_error (lxw_error   code,
           GError    **error)
{
  g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_WRITE, _("Could not write the workbook: %s"),
               lxw_strerror (code));
  return FALSE;
}

static gboolean
workbook_open (Workbook    *book,
               const char  *path,
               const char  *scratch,
               GError     **error)
{
  lxw_workbook_options options = { .constant_memory = LXW_TRUE, .tmpdir = (char *) scratch, .use_zip64 = LXW_TRUE };

  if (!(book->workbook = workbook_new_opt (path, &options)))
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_WRITE, _("Could not start the workbook “%s”"), path);
      return FALSE;
    }

  book->header = workbook_add_format (book->workbook);
  format_set_bold (book->header);
  book->date_time = workbook_add_format (book->workbook);
  format_set_num_format (book->date_time, "yyyy-mm-dd hh:mm:ss");
  book->date = workbook_add_format (book->workbook);
  format_set_num_format (book->date, "yyyy-mm-dd");
  book->wrapped = workbook_add_format (book->workbook);
  format_set_text_wrap (book->wrapped);
  format_set_align (book->wrapped, LXW_ALIGN_VERTICAL_TOP);

  for (guint t = 0; t < WR_REPORT_N_TABLES; t++)
    {
      guint n;
      const char * const *columns = _wr_report_get_columns (t, &n);
      lxw_worksheet *sheet = workbook_add_worksheet (book->workbook, sheet_names[t]);

      if (sheet == NULL || n > MAX_COLUMNS)
        return set_error (LXW_ERROR_MEMORY_MALLOC_FAILED, error);
      book->sheets[t] = sheet;
      book->n_columns[t] = n;

      /* Widths and the frozen header first: in constant memory mode the
       * rows are on their way to the file as they are written.
       */
      for (guint c = 0; c < n; c++)
        {
          CellKind kind = kind_of_column (columns[c]);
          double width = kind == CELL_DATE_TIME ? 19 : kind == CELL_DATE ? 11 : kind == CELL_NUMBER ? 10
                         : kind == CELL_LONG_TEXT ? 50 : kind == CELL_UUID ? 37 : 20;

          book->kinds[t][c] = kind;
          worksheet_set_column (sheet, (lxw_col_t) c, (lxw_col_t) c, width,
                                kind == CELL_LONG_TEXT ? book->wrapped : NULL);
        }
      worksheet_freeze_panes (sheet, 1, 0);

      for (guint c = 0; c < n; c++)
        {
          lxw_error code = worksheet_write_string (sheet, 0, (lxw_col_t) c, columns[c], book->header);

          if (code != LXW_NO_ERROR)
            return set_error (code, error);
        }
      book->rows[t] = 1;
    }

  return TRUE;
}

static gboolean
parse_date_time (const char   *text,
                 lxw_datetime *out)
{
  int year, month, day, hour = 0, minute = 0, second = 0;
  char tail;

  if (sscanf (text, "%4d-%2d-%2d %2d:%2d:%2d%c", &year, &month, &day, &hour, &minute, &second, &tail) != 6 &&
      sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &tail) != 3)
    return FALSE;
  if (!g_date_valid_dmy (day, month, year) || hour > 23 || minute > 59 || second > 60)
    return FALSE;

  *out = (lxw_datetime) { year, month, day, hour, minute, second };
  return TRUE;
}

static lxw_error
write_cell (Workbook   *book,
            guint       table,
            lxw_row_t   row,
            lxw_col_t   column,
            const char *cell)
{
  lxw_worksheet *sheet = book->sheets[table];
  CellKind kind = book->kinds[table][column];
  lxw_datetime when;
  char *end = NULL;
  double number;

  if (cell == NULL || cell[0] == '\0')
    return LXW_NO_ERROR;

  switch (kind)
    {
    case CELL_DATE_TIME:
    case CELL_DATE:
      if (parse_date_time (cell, &when))
        return worksheet_write_datetime (sheet, row, column, &when,
                                         kind == CELL_DATE ? book->date : book->date_time);
      break;
    case CELL_NUMBER:
      number = g_ascii_strtod (cell, &end);
      if (end != cell && *end == '\0')
        return worksheet_write_number (sheet, row, column, number, NULL);
      break;
    case CELL_TEXT:
    case CELL_UUID:
    case CELL_LONG_TEXT:
    default:
      break;
    }

  if (g_utf8_strlen (cell, -1) > MAX_CELL_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (cell, 0, MAX_CELL_CHARS);
      g_autofree char *shown = g_strconcat (cut, "…", NULL);

      return worksheet_write_string (sheet, row, column, shown, NULL);
    }
  return worksheet_write_string (sheet, row, column, cell, NULL);
}

static gboolean
add_row_cb (guint                table,
            const char * const  *cells,
            guint                n_cells,
            gpointer             user_data,
            GError             **error)
{
  Workbook *book = user_data;
  lxw_row_t row = book->rows[table];

  if (row >= LXW_ROW_MAX)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_WRITE,
                   _("The %s sheet would have more rows than Excel can hold (%u); choose fewer visits, or make "
                     "CSV tables instead"), sheet_names[table], LXW_ROW_MAX);
      return FALSE;
    }

  for (guint c = 0; c < MIN (n_cells, book->n_columns[table]); c++)
    {
      lxw_error code = write_cell (book, table, row, (lxw_col_t) c, cells[c]);

      if (code != LXW_NO_ERROR)
        return set_error (code, error);
    }
  book->rows[table]++;
  return TRUE;
}

static gboolean
workbook_finish (Workbook  *book,
                 GError   **error)
{
  lxw_error code;

  for (guint t = 0; t < WR_REPORT_N_TABLES; t++)
    {
      code = worksheet_autofilter (book->sheets[t], 0, 0, book->rows[t] - 1, (lxw_col_t) (book->n_columns[t] - 1));
      if (code != LXW_NO_ERROR)
        return set_error (code, error);
    }

  code = workbook_close (g_steal_pointer (&book->workbook));
  if (code != LXW_NO_ERROR)
    return set_error (code, error);
  return TRUE;
}

/* Copies the finished workbook to its place, whole or not at all. */
static gboolean
copy_into_place (const char    *from,
                 const char    *to,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(WrAtomicFile) file = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  GError *local_error = NULL;

  if (!(mapped = g_mapped_file_new (from, FALSE, &local_error)) ||
      !(file = wr_atomic_file_new (to, cancellable, &local_error)) ||
      !wr_atomic_file_write (file, g_mapped_file_get_contents (mapped), g_mapped_file_get_length (mapped),
                             &local_error) ||
      !wr_atomic_file_commit (file, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, local_error);
      else
        {
          g_set_error_literal (error, WR_PACK_ERROR, WR_PACK_ERROR_WRITE, local_error->message);
          g_error_free (local_error);
        }
      return FALSE;
    }
  return TRUE;
}

#endif /* HAVE_XLSXWRITER */

/**
 * wr_report_write_xlsx:
 * @pack_path: an evidence pack
 * @output_path: the workbook to write; an existing file is replaced
 * @cancellable: (nullable): to stop reading the pack
 * @error: return location for a #GError
 *
 * Writes the tables of wr_report_write_csv() as one workbook with a sheet
 * each: Visits, Answers, Observations and Actions, with the same columns.
 *
 * Returns: %TRUE once the workbook is at @output_path
 */
gboolean
wr_report_write_xlsx (const char    *pack_path,
                      const char    *output_path,
                      GCancellable  *cancellable,
                      GError       **error)
{
#ifdef HAVE_XLSXWRITER
  g_autofree char *scratch = NULL;
  g_autofree char *path = NULL;
  Workbook book = { NULL };
  gboolean ok;

  g_return_val_if_fail (pack_path != NULL, FALSE);
  g_return_val_if_fail (output_path != NULL, FALSE);

  /* The workbook's temporary files hold patients' and staff's words: in a
   * folder of our own, readable only by us, and gone at the end.
   */
  if (!(scratch = g_dir_make_tmp ("walkround-xlsx-XXXXXX", error)))
    return FALSE;
  path = g_build_filename (scratch, "report.xlsx", NULL);

  ok = workbook_open (&book, path, scratch, error) &&
       _wr_report_read_tables (pack_path, add_row_cb, &book, cancellable, error) &&
       workbook_finish (&book, error) &&
       copy_into_place (path, output_path, cancellable, error);

  if (book.workbook != NULL)
    {
      /* Closing writes the file, which goes with the folder. */
      workbook_close (book.workbook);
    }
  g_unlink (path);
  g_rmdir (scratch);
  return ok;
#else
  g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_WRITE,
               _("This Walkround was built without libxlsxwriter, so it cannot write Excel workbooks; "
                 "make CSV tables instead"));
  return FALSE;
#endif
}

/**
 * wr_report_write_xlsx_for_store:
 * @store: the database
 * @library: the installed forms
 * @scope: (nullable): which visits, as for an export
 * @output_path: the workbook to write
 * @progress: (nullable): set as the work goes on
 * @cancellable: (nullable): to stop
 * @error: return location for a #GError
 *
 * Writes the workbook (wr_report_write_xlsx()) of the visits @scope
 * takes, as wr_report_write_csv_for_store() does the CSV tables.
 *
 * Returns: %TRUE once the workbook is at @output_path
 */
gboolean
wr_report_write_xlsx_for_store (WrStore           *store,
                                WrFormLibrary     *library,
                                const WrScope     *scope,
                                const char        *output_path,
                                WrReportProgress  *progress,
                                GCancellable      *cancellable,
                                GError           **error)
{
  g_return_val_if_fail (WR_IS_STORE (store), FALSE);
  g_return_val_if_fail (WR_IS_FORM_LIBRARY (library), FALSE);
  g_return_val_if_fail (output_path != NULL, FALSE);

  if (!wr_report_xlsx_is_available ())
    return wr_report_write_xlsx (NULL, output_path, cancellable, error);

  {
    WrReportOptions options = { WR_REPORT_FORMAT_XLSX, NULL, NULL };

    return wr_report_write_for_store (store, library, scope, output_path, &options, progress, cancellable, error);
  }
}
