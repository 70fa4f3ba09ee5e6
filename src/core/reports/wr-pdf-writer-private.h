/* wr-pdf-writer-private.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>
#include <pango/pango.h>

G_BEGIN_DECLS

/* A PDF written as it is drawn, page by page, for the report's pages:
 * text as Pango laid it out, rectangles, lines, photos, and the tags a
 * screen reader follows. It draws what the report draws and no more, and
 * it is several times quicker than cairo 1.16's PDF surface, whose
 * replaying and number formatting were most of a long report's time.
 *
 * Coordinates are cairo's: points, from the top left corner of the page.
 *
 * Its fonts are TrueType outlines, embedded as subsets. A layout in a
 * font it cannot embed as one (CFF outlines, colour or bitmap glyphs, a
 * variable or synthesised face, a font Pango did not find through
 * fontconfig) makes the whole PDF fail with WR_PDF_WRITER_ERROR_FONT,
 * and the caller draws it with cairo instead.
 */
typedef struct _WrPdfWriter WrPdfWriter;

#define WR_PDF_WRITER_ERROR (_wr_pdf_writer_error_quark ())

typedef enum
{
  WR_PDF_WRITER_ERROR_FONT,
} WrPdfWriterError;

GQuark       _wr_pdf_writer_error_quark (void);

/* Takes @length bytes of the PDF, in order; FALSE and @error to stop. */
typedef gboolean (*WrPdfWriteFunc) (const char  *data,
                                    gsize        length,
                                    gpointer     user_data,
                                    GError     **error);

WrPdfWriter *_wr_pdf_writer_new          (double          width,
                                          double          height,
                                          WrPdfWriteFunc  write,
                                          gpointer        user_data);
void         _wr_pdf_writer_free         (WrPdfWriter    *self);

void         _wr_pdf_writer_set_info     (WrPdfWriter    *self,
                                          const char     *title,
                                          const char     *author,
                                          const char     *creator,
                                          const char     *language);

void         _wr_pdf_writer_begin_page   (WrPdfWriter    *self);
void         _wr_pdf_writer_end_page     (WrPdfWriter    *self);
/* Each page gets a late part, drawn after every page was: what could
 * not be known when it was drawn ("Page 3 of 120"). Call before the
 * first page; draw each page's late part between
 * _wr_pdf_writer_begin_late_part() and _wr_pdf_writer_end_late_part(),
 * with @page counted from 0. A late part has no tags: it is an artifact.
 */
void         _wr_pdf_writer_set_late_parts (WrPdfWriter  *self);
void         _wr_pdf_writer_begin_late_part (WrPdfWriter *self,
                                             guint        page);
void         _wr_pdf_writer_end_late_part (WrPdfWriter   *self);

/* An entry in the PDF's outline, at the page begun last. */
void         _wr_pdf_writer_add_outline  (WrPdfWriter    *self,
                                          const char     *title);

void         _wr_pdf_writer_save         (WrPdfWriter    *self);
void         _wr_pdf_writer_restore      (WrPdfWriter    *self);
void         _wr_pdf_writer_translate    (WrPdfWriter    *self,
                                          double          x,
                                          double          y);
void         _wr_pdf_writer_clip         (WrPdfWriter    *self,
                                          double          x,
                                          double          y,
                                          double          width,
                                          double          height);

void         _wr_pdf_writer_set_rgb      (WrPdfWriter    *self,
                                          double          red,
                                          double          green,
                                          double          blue);
void         _wr_pdf_writer_set_line_width (WrPdfWriter  *self,
                                            double        width);
/* Filled if @fill, else stroked. */
void         _wr_pdf_writer_rectangle    (WrPdfWriter    *self,
                                          double          x,
                                          double          y,
                                          double          width,
                                          double          height,
                                          gboolean        fill);
void         _wr_pdf_writer_line         (WrPdfWriter    *self,
                                          double          x0,
                                          double          y0,
                                          double          x1,
                                          double          y1);
void         _wr_pdf_writer_show_layout  (WrPdfWriter    *self,
                                          PangoLayout    *layout,
                                          double          x,
                                          double          y);
/* @image (RGB24 or ARGB32) drawn @width by @height points at (@x, @y). */
void         _wr_pdf_writer_image        (WrPdfWriter     *self,
                                          cairo_surface_t *image,
                                          double           x,
                                          double           y,
                                          double           width,
                                          double           height);

/* A structure element of the document (H1, P, Figure…) around what is
 * drawn until its end; @alt is a figure's alternative text, or NULL.
 * What is drawn outside one is marked as an artifact (page furniture).
 */
void         _wr_pdf_writer_tag_begin    (WrPdfWriter    *self,
                                          const char     *role,
                                          const char     *alt);
void         _wr_pdf_writer_tag_end      (WrPdfWriter    *self);

/* FALSE once anything failed: a write, or a font (see above). */
gboolean     _wr_pdf_writer_check        (WrPdfWriter    *self,
                                          GError        **error);
/* Writes the fonts, the structure, the outline and the index. */
gboolean     _wr_pdf_writer_finish       (WrPdfWriter    *self,
                                          GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrPdfWriter, _wr_pdf_writer_free)

G_END_DECLS
