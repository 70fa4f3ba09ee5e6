/* test-pdf-writer.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The report's own PDF writer, read back by poppler: its text where Pango
 * put it and searchable, its fonts embedded as subsets, its photo with
 * its transparency, its tags and outline, a font it cannot embed refused
 * (so that the report draws with cairo instead), and a failed write
 * reported.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <string.h>
#include <zlib.h>

#include "wr-core-test-utils.h"
#include "wr-pdf-writer-private.h"

#define LEFT 56.7

static gboolean
append_cb (const char  *data,
           gsize        length,
           gpointer     user_data,
           GError     **error)
{
  g_string_append_len (user_data, data, length);
  return TRUE;
}

static PangoContext *
new_context (void)
{
  g_autoptr(PangoFontMap) font_map = pango_cairo_font_map_new ();
  PangoContext *context = pango_font_map_create_context (font_map);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* As the report's pages measure text. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  pango_cairo_context_set_resolution (context, 72.0);
  cairo_font_options_destroy (options);
  return context;
}

static PangoLayout *
new_layout (PangoContext *context,
            const char   *font,
            const char   *text)
{
  PangoLayout *layout = pango_layout_new (context);
  g_autoptr(PangoFontDescription) description = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, description);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

/* Runs a poppler tool: what it printed, and nothing on its error output
 * (poppler reports every syntax error it meets there).
 */
static char *
run_tool (const char *first,
          ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;
  va_list args;

  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (err, ==, "");
  return out;
}

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *at = strstr (haystack, needle); at != NULL; at = strstr (at + 1, needle))
    n++;
  return n;
}

/* Whether @needle is in @bytes, which hold NULs (compressed streams). */
static gboolean
holds (GString    *bytes,
       const char *needle)
{
  gsize length = strlen (needle);

  for (gsize i = 0; i + length <= bytes->len; i++)
    if (memcmp (bytes->str + i, needle, length) == 0)
      return TRUE;
  return FALSE;
}

/* Every stream of @pdf, inflated, one after the other. */
static GString *
inflate_streams (GString *pdf)
{
  GString *all = g_string_new (NULL);
  const char *end = pdf->str + pdf->len;

  for (const char *at = pdf->str; at < end; at++)
    {
      const char *start;
      const char *stop;
      g_autofree Bytef *out = NULL;
      uLongf length = 1 << 22;

      if (strncmp (at, "\nstream\n", 8) != 0)
        continue;
      start = at + 8;
      for (stop = start; stop + 10 <= end && memcmp (stop, "\nendstream", 10) != 0; stop++)
        ;
      out = g_malloc (length);
      g_assert_cmpint (uncompress (out, &length, (const Bytef *) start, (uLong) (stop - start)), ==, Z_OK);
      g_string_append_len (all, (const char *) out, (gssize) length);
      at = stop;
    }
  return all;
}

/* Where pdftotext -bbox puts @word's left edge on the first page. */
static double
word_left (const char *bbox_html,
           const char *word)
{
  g_autofree char *needle = g_strdup_printf (">%s</word>", word);
  const char *end = strstr (bbox_html, needle);
  const char *x;

  g_assert_nonnull (end);
  for (x = end; x > bbox_html && strncmp (x, "xMin=\"", 6) != 0; x--)
    ;
  return g_ascii_strtod (x + 6, NULL);
}

static cairo_surface_t *
half_transparent_image (void)
{
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 8, 4);
  cairo_t *cr = cairo_create (image);

  cairo_set_source_rgb (cr, 0.8, 0.1, 0.1);
  cairo_rectangle (cr, 0, 0, 4, 4);
  cairo_fill (cr);
  cairo_set_source_rgba (cr, 0.1, 0.1, 0.8, 0.5);
  cairo_rectangle (cr, 4, 0, 4, 4);
  cairo_fill (cr);
  cairo_destroy (cr);
  return image;
}

static void
test_document (void)
{
  g_autoptr(GObject) context_object = G_OBJECT (new_context ());
  PangoContext *context = PANGO_CONTEXT (context_object);
  g_autoptr(PangoLayout) title = new_layout (context, "DejaVu Sans Bold 17", "Ward round — café");
  g_autoptr(PangoLayout) body = new_layout (context, "DejaVu Sans 10", "A fine finish, naïve façade “quoted”");
  g_autoptr(PangoLayout) footer = new_layout (context, "DejaVu Sans 8.5", "Page 2 of 2");
  g_autoptr(PangoLayout) late = new_layout (context, "DejaVu Sans 8.5", "Drawn last");
  g_autoptr(PangoLayout) wrapped = new_layout (context, "DejaVu Sans 10",
                                               "Words enough to wrap onto a second line of this narrow box");
  g_autoptr(GString) pdf = g_string_new (NULL);
  g_autoptr(GString) content = NULL;
  g_autoptr(WrPdfWriter) writer = _wr_pdf_writer_new (595.2756, 841.8898, append_cb, pdf);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("walkround-pdf-writer-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "writer.pdf", NULL);
  g_autofree char *checked = NULL;
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  g_autofree char *bbox = NULL;
  g_autofree char *fonts = NULL;
  g_autofree char *images = NULL;
  g_autofree char *prefix = g_build_filename (dir, "page", NULL);
  g_autofree char *rendered = g_build_filename (dir, "page-1.png", NULL);
  cairo_surface_t *image = half_transparent_image ();
  PangoRectangle finish;
  PangoRectangle last;

  g_assert_no_error (error);
  pango_layout_set_width (footer, 300 * PANGO_SCALE);
  pango_layout_set_alignment (footer, PANGO_ALIGN_RIGHT);
  pango_layout_set_width (wrapped, 150 * PANGO_SCALE);
  pango_layout_set_wrap (wrapped, PANGO_WRAP_WORD_CHAR);

  _wr_pdf_writer_set_info (writer, "Tëst report", "Eastshire Trust", "Walkround test", "en-GB");
  _wr_pdf_writer_set_late_parts (writer);

  _wr_pdf_writer_begin_page (writer);
  _wr_pdf_writer_add_outline (writer, "Visit one");
  _wr_pdf_writer_tag_begin (writer, "H1", NULL);
  _wr_pdf_writer_show_layout (writer, title, LEFT, 80);
  _wr_pdf_writer_tag_end (writer);
  _wr_pdf_writer_set_rgb (writer, 0.9, 0.9, 0.9);
  _wr_pdf_writer_rectangle (writer, LEFT, 95, 200, 20, TRUE);
  _wr_pdf_writer_set_rgb (writer, 0, 0, 0);
  _wr_pdf_writer_set_line_width (writer, 0.5);
  _wr_pdf_writer_rectangle (writer, LEFT, 95, 200, 20, FALSE);
  _wr_pdf_writer_line (writer, LEFT, 130, LEFT + 400, 130);
  _wr_pdf_writer_tag_begin (writer, "P", NULL);
  _wr_pdf_writer_show_layout (writer, body, LEFT, 100);
  _wr_pdf_writer_show_layout (writer, wrapped, LEFT, 140);
  _wr_pdf_writer_tag_end (writer);
  _wr_pdf_writer_tag_begin (writer, "Figure", "Bay 3 from the door");
  _wr_pdf_writer_image (writer, image, LEFT, 200, 80, 40);
  _wr_pdf_writer_tag_end (writer);
  _wr_pdf_writer_end_page (writer);

  _wr_pdf_writer_begin_page (writer);
  _wr_pdf_writer_add_outline (writer, "Visit two");
  _wr_pdf_writer_save (writer);
  _wr_pdf_writer_translate (writer, 0, 700);
  _wr_pdf_writer_clip (writer, 0, 0, 595, 100);
  _wr_pdf_writer_show_layout (writer, footer, LEFT, 0);
  _wr_pdf_writer_restore (writer);
  _wr_pdf_writer_end_page (writer);

  /* The first page's late part, drawn once every page is; the second's
   * is left empty.
   */
  _wr_pdf_writer_begin_late_part (writer, 0);
  _wr_pdf_writer_show_layout (writer, late, LEFT, 780);
  _wr_pdf_writer_end_late_part (writer);

  g_assert_true (_wr_pdf_writer_finish (writer, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, pdf->str, pdf->len, &error));

  /* qpdf checks what poppler forgives: every object's offset in the
   * index, every stream's length and compression.
   */
  checked = run_tool ("qpdf", "--check", path, NULL);
  g_assert_nonnull (strstr (checked, "No syntax or stream encoding errors found"));

  info = run_tool ("pdfinfo", path, NULL);
  g_assert_nonnull (strstr (info, "Title:           Tëst report\n"));
  g_assert_nonnull (strstr (info, "Author:          Eastshire Trust\n"));
  g_assert_nonnull (strstr (info, "Tagged:          yes\n"));
  g_assert_nonnull (strstr (info, "Pages:           2\n"));
  g_assert_nonnull (strstr (info, "Page size:       595.276 x 841.89 pts (A4)"));

  /* Every word, searchable, in the order it reads. */
  text = run_tool ("pdftotext", "-enc", "UTF-8", path, "-", NULL);
  g_assert_nonnull (strstr (text, "Ward round — café"));
  g_assert_nonnull (strstr (text, "A fine finish, naïve façade “quoted”"));
  g_assert_nonnull (strstr (text, "Words enough to wrap"));
  g_assert_nonnull (strstr (text, "narrow box"));
  g_assert_nonnull (strstr (text, "Page 2 of 2"));

  /* Glyphs where Pango put them: "finish" starts where Pango said; the
   * late part is on its page, where it was drawn.
   */
  bbox = run_tool ("pdftotext", "-bbox", "-f", "1", "-l", "1", path, "-", NULL);
  pango_layout_index_to_pos (late, strlen ("Drawn "), &last);
  g_assert_cmpfloat_with_epsilon (word_left (bbox, "last"), LEFT + (double) last.x / PANGO_SCALE, 0.05);
  pango_layout_index_to_pos (body, (int) (strstr (pango_layout_get_text (body), "finish") -
                                          pango_layout_get_text (body)), &finish);
  g_assert_cmpfloat_with_epsilon (word_left (bbox, "finish,"), LEFT + (double) finish.x / PANGO_SCALE, 0.05);
  g_assert_cmpfloat_with_epsilon (word_left (bbox, "Ward"), LEFT, 0.05);

  /* Two subsets of TrueType fonts, embedded, with their text. */
  fonts = run_tool ("pdffonts", path, NULL);
  g_assert_cmpuint (count (fonts, "CID TrueType      Identity-H       yes yes yes"), ==, 2);
  g_assert_nonnull (strstr (fonts, "+DejaVuSans-Bold "));
  g_assert_nonnull (strstr (fonts, "+DejaVuSans "));

  /* The image, and its transparency as a soft mask. */
  images = run_tool ("pdfimages", "-list", path, NULL);
  g_assert_nonnull (strstr (images, "   1     0 image       8     4  rgb     3   8  image  yes"));
  g_assert_nonnull (strstr (images, "   1     1 smask       8     4  gray    1   8  image  yes"));

  /* The structure: headings, a paragraph and a figure with its words;
   * page furniture marked as such; one outline entry per visit.
   */
  g_assert_true (holds (pdf, "/S /H1\n"));
  g_assert_true (holds (pdf, "/S /P\n"));
  g_assert_true (holds (pdf, "/S /Figure\n"));
  g_assert_true (holds (pdf, "/Alt <FEFF0042006100790020003300200066"));
  content = inflate_streams (pdf);
  g_assert_true (holds (content, "/Artifact BMC\n"));
  g_assert_true (holds (content, "/H1 <</MCID 0>> BDC\n"));
  g_assert_true (holds (content, "/Figure <</MCID 2>> BDC\n"));
  g_assert_true (holds (pdf, "/Type /Outlines /Count 2 "));
  g_assert_true (holds (pdf, "/Lang <FEFF0065006E002D00470042>"));

  g_free (run_tool ("pdftoppm", "-r", "30", "-f", "1", "-l", "1", "-png", path, prefix, NULL));
  g_assert_true (g_file_test (rendered, G_FILE_TEST_IS_REGULAR));

  cairo_surface_destroy (image);
  g_unlink (rendered);
  g_unlink (path);
  g_rmdir (dir);
}

/* Cantarell (fonts-cantarell, which build-aux/dev installs) has CFF
 * outlines: the writer refuses it, and says which.
 */
static void
test_unembeddable_font (void)
{
  g_autoptr(GObject) context_object = G_OBJECT (new_context ());
  PangoContext *context = PANGO_CONTEXT (context_object);
  g_autoptr(PangoLayout) layout = new_layout (context, "Cantarell 10", "Not TrueType");
  g_autoptr(GString) pdf = g_string_new (NULL);
  g_autoptr(WrPdfWriter) writer = _wr_pdf_writer_new (595.2756, 841.8898, append_cb, pdf);
  g_autoptr(GError) error = NULL;
  PangoLayoutLine *line = pango_layout_get_line_readonly (layout, 0);
  PangoGlyphItem *run = line->runs->data;
  g_autoptr(PangoFontDescription) font = pango_font_describe (run->item->analysis.font);

  g_assert_cmpstr (pango_font_description_get_family (font), ==, "Cantarell");

  _wr_pdf_writer_begin_page (writer);
  _wr_pdf_writer_show_layout (writer, layout, LEFT, 80);
  _wr_pdf_writer_end_page (writer);
  g_assert_false (_wr_pdf_writer_check (writer, &error));
  g_assert_error (error, WR_PDF_WRITER_ERROR, WR_PDF_WRITER_ERROR_FONT);
  g_assert_nonnull (strstr (error->message, "Cantarell"));
}

static gboolean
fail_after_header_cb (const char  *data,
                      gsize        length,
                      gpointer     user_data,
                      GError     **error)
{
  guint *calls = user_data;

  if ((*calls)++ == 0)
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "No space left on the stick");
  return FALSE;
}

/* A write that fails is the writer's error from then on. */
static void
test_write_error (void)
{
  g_autoptr(GObject) context_object = G_OBJECT (new_context ());
  PangoContext *context = PANGO_CONTEXT (context_object);
  g_autoptr(PangoLayout) layout = new_layout (context, "DejaVu Sans 10", "Lost");
  guint calls = 0;
  g_autoptr(WrPdfWriter) writer = _wr_pdf_writer_new (595.2756, 841.8898, fail_after_header_cb, &calls);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 3; i++)
    {
      _wr_pdf_writer_begin_page (writer);
      _wr_pdf_writer_show_layout (writer, layout, LEFT, 80);
      _wr_pdf_writer_end_page (writer);
    }
  g_assert_false (_wr_pdf_writer_finish (writer, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_cmpuint (calls, ==, 2);
}

/* A PDF given up on (the report cancelled, or a visit that failed) stops
 * its writing thread when freed: what was written is an unfinished file.
 */
static void
test_abandoned (void)
{
  g_autoptr(GObject) context_object = G_OBJECT (new_context ());
  PangoContext *context = PANGO_CONTEXT (context_object);
  g_autoptr(PangoLayout) layout = new_layout (context, "DejaVu Sans 10", "Never finished");
  g_autoptr(GString) pdf = g_string_new (NULL);
  WrPdfWriter *writer = _wr_pdf_writer_new (595.2756, 841.8898, append_cb, pdf);

  for (guint i = 0; i < 50; i++)
    {
      _wr_pdf_writer_begin_page (writer);
      _wr_pdf_writer_show_layout (writer, layout, LEFT, 80);
      _wr_pdf_writer_end_page (writer);
    }
  g_assert_true (_wr_pdf_writer_check (writer, NULL));
  _wr_pdf_writer_free (writer);

  g_assert_true (pdf->len == 0 || g_str_has_prefix (pdf->str, "%PDF-1.7\n"));
  g_assert_false (holds (pdf, "%%EOF"));
  g_assert_false (holds (pdf, "/Type /Catalog"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/walkround/pdf-writer/document", test_document);
  g_test_add_func ("/walkround/pdf-writer/unembeddable-font", test_unembeddable_font);
  g_test_add_func ("/walkround/pdf-writer/write-error", test_write_error);
  g_test_add_func ("/walkround/pdf-writer/abandoned", test_abandoned);

  return g_test_run ();
}
