/* wr-report-pages.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-report-pages"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "wr-pdf-writer-private.h"
#include "wr-report-pages-private.h"

/* The page, in points: A4 with 20 mm margins at the sides, the running
 * header above the text and the footer below it.
 */
#define MARGIN_X      56.7
#define CONTENT_TOP   80.0
#define CONTENT_END   (WR_REPORT_PAGE_HEIGHT - 62.0)
#define CONTENT_WIDTH (WR_REPORT_PAGE_WIDTH - 2 * MARGIN_X)
#define CELL_PADDING  4.0

/* Photos are drawn at most this big, so that one always fits on a page
 * with its caption and a heading, and decoded at twice their size in
 * points (144 dpi): sharp on paper, and small in the PDF.
 */
#define PHOTO_MAX_WIDTH  (CONTENT_WIDTH * 0.8)
#define PHOTO_MAX_HEIGHT ((CONTENT_END - CONTENT_TOP) * 0.55)
#define PHOTO_DPI_SCALE  2.0

#define FONT_FAMILY "Sans"

typedef enum
{
  BLOCK_TEXT,
  BLOCK_ROW,
  BLOCK_PHOTO,
} BlockKind;

typedef struct _Block Block;

struct _Block
{
  BlockKind          kind;
  WrReportTextStyle  style;
  double             height;
  double             space_before;
  gboolean           keep_with_next;
  PangoLayout       *layout;        /* TEXT; PHOTO: the caption */
  GPtrArray         *cells;         /* ROW: PangoLayout * */
  double            *x;             /* ROW: each cell's left, from the margin */
  double            *width;         /* ROW: each cell's width */
  gboolean           header;        /* ROW: a table's header row */
  guint              table;         /* ROW: which table of its document, from 1 */
  Block             *table_header;  /* ROW: repeated at the top of a page */
  cairo_surface_t   *image;         /* PHOTO; NULL if it could not be decoded */
  double             image_width;
  double             image_height;
};

typedef struct
{
  char      *service;
  char      *kind;
  char      *date;
  char      *title;
  GPtrArray *blocks;    /* Block, owned */
  guint      n_pages;
  PangoLayout *title_layout;  /* the header's, made when first drawn */
} Document;

typedef struct
{
  Block  *block;
  double  y;        /* where its part starts on the page */
  double  from;     /* the part of the block drawn here, in its own */
  double  to;       /* coordinates: 0 to height when it is whole */
} Placement;

typedef struct
{
  Document *document;
  guint     number;  /* from 1, among all the pages of the report */
  gboolean  first;   /* its document's first page */
  GArray   *placements;
} Page;

struct _WrReportPages
{
  char         *organisation;
  char         *marking;
  PangoContext *context;
  GPtrArray    *documents;  /* Document, owned */
  GPtrArray    *pages;      /* Page, owned */
  Document     *current;
  guint         n_dropped;  /* pages drawn and forgotten before these */
  guint         n_total;    /* all the report's pages, once known; else 0 */
  gboolean      late_numbers; /* pages are numbered after they are drawn */
  Block        *table_header;
  gboolean      in_table;
  guint         n_tables;
  PangoLayout  *marking_layout;       /* the same on every page: shaped once */
  PangoLayout  *organisation_layout;
  double        pending_space;

  /* Short texts shaped once: a form's labels and its answers' words come
   * back in every visit, and shaping is a third of a PDF's time. Bounded,
   * so that a long report's memory stays flat.
   */
  GHashTable   *layouts;  /* "style bold width text" → PangoLayout */
};

#define MAX_CACHED_LAYOUTS 4096
#define MAX_CACHED_TEXT    300

/* Freeing ---------------------------------------------------------------------- */

static void
block_free (Block *block)
{
  g_clear_object (&block->layout);
  g_clear_pointer (&block->cells, g_ptr_array_unref);
  g_free (block->x);
  g_free (block->width);
  g_clear_pointer (&block->image, cairo_surface_destroy);
  g_free (block);
}

static void
document_free (Document *document)
{
  g_free (document->service);
  g_free (document->kind);
  g_free (document->date);
  g_free (document->title);
  g_clear_object (&document->title_layout);
  g_clear_pointer (&document->blocks, g_ptr_array_unref);
  g_free (document);
}

static void
page_free (Page *page)
{
  g_array_unref (page->placements);
  g_free (page);
}

void
wr_report_pages_free (WrReportPages *self)
{
  if (self == NULL)
    return;

  g_free (self->organisation);
  g_free (self->marking);
  g_clear_object (&self->marking_layout);
  g_clear_object (&self->organisation_layout);
  g_clear_pointer (&self->layouts, g_hash_table_unref);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->documents, g_ptr_array_unref);
  g_clear_object (&self->context);
  g_free (self);
}

/* Text ------------------------------------------------------------------------- */

/* Layouts are measured without hinting and at 72 dpi, so that a point is
 * a unit and they are the same size on a PDF surface and on a printer's.
 */
WrReportPages *
_wr_report_pages_new (const char *organisation,
                      const char *marking)
{
  WrReportPages *self = g_new0 (WrReportPages, 1);
  g_autoptr(PangoFontMap) font_map = pango_cairo_font_map_new ();
  cairo_font_options_t *options = cairo_font_options_create ();

  self->organisation = g_strdup (organisation != NULL ? organisation : "");
  self->marking = g_strdup (marking != NULL ? marking : "");
  self->documents = g_ptr_array_new_with_free_func ((GDestroyNotify) document_free);
  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) page_free);
  self->layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  self->context = pango_font_map_create_context (font_map);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (self->context, options);
  pango_cairo_context_set_resolution (self->context, 72.0);
  pango_context_set_language (self->context, pango_language_get_default ());
  cairo_font_options_destroy (options);

  return self;
}

/* The cache's key of a text: its style, weight and width (in hundredths
 * of a point), then the text. Made by hand: it is made for every cell,
 * and printf's way cost more than the lookup.
 */
static char *
layout_key (WrReportTextStyle  style,
            gboolean           bold,
            double             width,
            const char        *text,
            gsize              length)
{
  char digits[16];
  guint n_digits = 0;
  guint hundredths = (guint) (MAX (width, 0.0) * 100.0 + 0.5);
  char *key = g_malloc (length + sizeof digits + 4);
  char *p = key;

  do
    digits[n_digits++] = (char) ('0' + hundredths % 10);
  while ((hundredths /= 10) > 0 && n_digits < sizeof digits);

  *p++ = (char) ('0' + (int) style);
  *p++ = bold ? 'b' : 'r';
  while (n_digits > 0)
    *p++ = digits[--n_digits];
  *p++ = ' ';
  memcpy (p, text, length + 1);

  return key;
}

/* A shared layout (@shared) is never changed once made; one that will be
 * is made anew.
 */
static PangoLayout *
make_layout (WrReportPages     *self,
             WrReportTextStyle  style,
             const char        *text,
             double             width,
             gboolean           bold,
             gboolean           shared)
{
  PangoLayout *layout;
  g_autoptr(PangoFontDescription) font = NULL;
  g_autofree char *key = NULL;
  gsize length;
  double size = 10.0;

  if (text == NULL)
    text = "";
  if (shared && (length = strlen (text)) <= MAX_CACHED_TEXT)
    {
      key = layout_key (style, bold, width, text, length);
      if ((layout = g_hash_table_lookup (self->layouts, key)) != NULL)
        return g_object_ref (layout);
    }

  layout = pango_layout_new (self->context);
  font = pango_font_description_from_string (FONT_FAMILY);

  switch (style)
    {
    case WR_REPORT_TEXT_TITLE:
      size = 17.0;
      bold = TRUE;
      break;
    case WR_REPORT_TEXT_HEADING:
      size = 13.0;
      bold = TRUE;
      break;
    case WR_REPORT_TEXT_SUBHEADING:
      size = 11.0;
      bold = TRUE;
      break;
    case WR_REPORT_TEXT_SMALL:
      size = 8.5;
      break;
    case WR_REPORT_TEXT_QUOTE:
    case WR_REPORT_TEXT_BODY:
    default:
      break;
    }

  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);

  if (key != NULL && g_hash_table_size (self->layouts) < MAX_CACHED_LAYOUTS)
    g_hash_table_insert (self->layouts, g_steal_pointer (&key), g_object_ref (layout));

  return layout;
}

static PangoLayout *
new_layout (WrReportPages     *self,
            WrReportTextStyle  style,
            const char        *text,
            double             width,
            gboolean           bold)
{
  return make_layout (self, style, text, width, bold, TRUE);
}

static double
layout_height (PangoLayout *layout)
{
  int height = 0;

  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

/* Building a document ----------------------------------------------------------- */

void
_wr_report_pages_begin_document (WrReportPages *self,
                                 const char    *service,
                                 const char    *kind,
                                 const char    *date)
{
  Document *document = g_new0 (Document, 1);

  g_assert (self->current == NULL);

  document->service = g_strdup (service != NULL ? service : "");
  document->kind = g_strdup (kind != NULL ? kind : "");
  document->date = g_strdup (date != NULL ? date : "");
  document->title = g_strjoin (" · ", document->service, document->kind, document->date, NULL);
  document->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  g_ptr_array_add (self->documents, document);
  self->current = document;
  self->pending_space = 0;
}

static Block *
add_block (WrReportPages *self,
           BlockKind      kind,
           double         space_before)
{
  Block *block = g_new0 (Block, 1);

  g_assert (self->current != NULL);

  block->kind = kind;
  block->space_before = MAX (space_before, self->pending_space);
  self->pending_space = 0;
  g_ptr_array_add (self->current->blocks, block);

  return block;
}

void
_wr_report_pages_add_space (WrReportPages *self,
                            double         points)
{
  self->pending_space = MAX (self->pending_space, points);
}

void
_wr_report_pages_add_text (WrReportPages     *self,
                           WrReportTextStyle  style,
                           const char        *text)
{
  static const double space[] = {
    [WR_REPORT_TEXT_BODY] = 4.0,
    [WR_REPORT_TEXT_SMALL] = 1.0,
    [WR_REPORT_TEXT_TITLE] = 0.0,
    [WR_REPORT_TEXT_HEADING] = 16.0,
    [WR_REPORT_TEXT_SUBHEADING] = 10.0,
    [WR_REPORT_TEXT_QUOTE] = 6.0,
  };
  Block *block;
  double indent = style == WR_REPORT_TEXT_QUOTE || style == WR_REPORT_TEXT_SMALL ? 12.0 : 0.0;

  _wr_report_pages_end_table (self);

  /* A line under an item (whose words, a theme) stays on its page. */
  if (style == WR_REPORT_TEXT_SMALL && self->current->blocks->len > 0)
    {
      Block *before = g_ptr_array_index (self->current->blocks, self->current->blocks->len - 1);

      if (before->kind == BLOCK_TEXT && before->style == WR_REPORT_TEXT_QUOTE)
        before->keep_with_next = TRUE;
    }

  block = add_block (self, BLOCK_TEXT, space[style]);
  block->style = style;
  block->layout = new_layout (self, style, text, CONTENT_WIDTH - indent, FALSE);
  block->height = layout_height (block->layout);
  block->keep_with_next = style == WR_REPORT_TEXT_TITLE || style == WR_REPORT_TEXT_HEADING ||
                          style == WR_REPORT_TEXT_SUBHEADING;
  if (style == WR_REPORT_TEXT_HEADING)
    block->height += 3.0;  /* the rule under it */
}

/* @widths are fractions of the text's width, summing to 1. The first row
 * given with @header is drawn again at the top of each page the table
 * runs on to.
 */
void
_wr_report_pages_add_row (WrReportPages       *self,
                          const char * const  *cells,
                          const double        *widths,
                          guint                n_cells,
                          gboolean             header)
{
  Block *block = add_block (self, BLOCK_ROW, self->in_table ? 0.0 : 6.0);
  double x = 0;
  double tallest = 0;

  if (!self->in_table)
    self->n_tables++;
  self->in_table = TRUE;
  block->table = self->n_tables;
  block->header = header;
  block->cells = g_ptr_array_new_with_free_func (g_object_unref);
  block->x = g_new0 (double, n_cells);
  block->width = g_new0 (double, n_cells);

  for (guint i = 0; i < n_cells; i++)
    {
      PangoLayout *layout;

      block->x[i] = x;
      block->width[i] = widths[i] * CONTENT_WIDTH;
      x += block->width[i];
      layout = new_layout (self, WR_REPORT_TEXT_BODY, cells[i], block->width[i] - 2 * CELL_PADDING, header);
      tallest = MAX (tallest, layout_height (layout));
      g_ptr_array_add (block->cells, layout);
    }
  block->height = tallest + 2 * CELL_PADDING;

  if (header)
    {
      self->table_header = block;
      block->keep_with_next = TRUE;
    }
  else
    block->table_header = self->table_header;
}

void
_wr_report_pages_end_table (WrReportPages *self)
{
  if (self->in_table)
    self->pending_space = MAX (self->pending_space, 6.0);
  self->table_header = NULL;
  self->in_table = FALSE;
}

/* gdk-pixbuf's bytes, unpremultiplied RGB(A), as cairo's premultiplied
 * native-endian ARGB.
 */
static cairo_surface_t *
surface_from_pixbuf (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  int in_stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guchar *in = gdk_pixbuf_read_pixels (pixbuf);
  gboolean alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  cairo_surface_t *surface = cairo_image_surface_create (alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24,
                                                         width, height);
  int out_stride;
  guchar *out;

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }

  cairo_surface_flush (surface);
  out = cairo_image_surface_get_data (surface);
  out_stride = cairo_image_surface_get_stride (surface);

  for (int y = 0; y < height; y++)
    {
      const guchar *p = in + (gsize) y * in_stride;
      guint32 *q = (guint32 *) (gpointer) (out + (gsize) y * out_stride);

      for (int x = 0; x < width; x++, p += channels)
        {
          guint a = alpha ? p[3] : 255;
          guint r = (p[0] * a + 127) / 255;
          guint g = (p[1] * a + 127) / 255;
          guint b = (p[2] * a + 127) / 255;

          q[x] = (a << 24) | (r << 16) | (g << 8) | b;
        }
    }
  cairo_surface_mark_dirty (surface);

  return surface;
}

/* Decodes a photo no bigger than it is drawn, so that a 12-megapixel
 * phone photo costs a megapixel or two while it is on its page.
 */
/* Shrinks, never enlarges: a small picture keeps its own pixels. */
static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  double max_width = PHOTO_MAX_WIDTH * PHOTO_DPI_SCALE;
  double max_height = PHOTO_MAX_HEIGHT * PHOTO_DPI_SCALE;
  double scale = MIN (max_width / MAX (width, 1), max_height / MAX (height, 1));

  if (scale < 1.0)
    gdk_pixbuf_loader_set_size (loader, MAX ((int) (width * scale), 1), MAX ((int) (height * scale), 1));
}

static cairo_surface_t *
decode_photo (GBytes     *bytes,
              const char *media_type,
              double     *width,
              double     *height)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GdkPixbuf) upright = NULL;
  g_autoptr(GError) error = NULL;
  GdkPixbuf *pixbuf;
  cairo_surface_t *surface;

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    return NULL;

  /* By the type the attachment declares: guessing it from the bytes
   * needs the shared MIME database, which not every system has.
   */
  if (media_type == NULL || !(loader = gdk_pixbuf_loader_new_with_mime_type (media_type, NULL)))
    loader = gdk_pixbuf_loader_new ();
  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), NULL);
  if (!gdk_pixbuf_loader_write_bytes (loader, bytes, &error))
    {
      /* A loader is closed once, even when it failed. */
      gdk_pixbuf_loader_close (loader, NULL);
      g_debug ("A photo could not be decoded: %s", error->message);
      return NULL;
    }
  if (!gdk_pixbuf_loader_close (loader, &error) || !(pixbuf = gdk_pixbuf_loader_get_pixbuf (loader)))
    {
      g_debug ("A photo could not be decoded: %s", error != NULL ? error->message : "no image");
      return NULL;
    }

  /* Photos are turned upright as they are attached; one from before
   * that, or from another program's pack, is turned here for the page.
   */
  upright = gdk_pixbuf_apply_embedded_orientation (pixbuf);
  if (!(surface = surface_from_pixbuf (upright != NULL ? upright : pixbuf)))
    return NULL;

  *width = cairo_image_surface_get_width (surface) / PHOTO_DPI_SCALE;
  *height = cairo_image_surface_get_height (surface) / PHOTO_DPI_SCALE;
  return surface;
}

void
_wr_report_pages_add_photo (WrReportPages       *self,
                            const WrReportPhoto *photo)
{
  Block *block;
  g_autofree char *caption = NULL;

  _wr_report_pages_end_table (self);

  block = add_block (self, BLOCK_PHOTO, 8.0);
  block->image = decode_photo (photo->bytes, photo->media_type, &block->image_width, &block->image_height);
  if (block->image != NULL)
    caption = g_strdup (photo->caption);
  else
    /* TRANSLATORS: %s is a photo's caption or file name, %s its type */
    caption = g_strdup_printf (_("Photo “%s” (%s): this report cannot show it."), photo->caption,
                               photo->media_type != NULL ? photo->media_type : "");

  block->layout = new_layout (self, WR_REPORT_TEXT_SMALL, caption, CONTENT_WIDTH, FALSE);
  block->height = block->image_height + (block->image != NULL ? 3.0 : 0.0) + layout_height (block->layout);
}

/* Laying out pages ------------------------------------------------------------------ */

static Page *
new_page (WrReportPages *self,
          Document      *document)
{
  Page *page = g_new0 (Page, 1);

  page->document = document;
  page->first = document->n_pages++ == 0;
  page->number = self->n_dropped + self->pages->len + 1;
  page->placements = g_array_new (FALSE, FALSE, sizeof (Placement));
  g_ptr_array_add (self->pages, page);

  return page;
}

static void
place (Page   *page,
       Block  *block,
       double  y,
       double  from,
       double  to)
{
  Placement placement = { block, y, from, to };

  g_array_append_val (page->placements, placement);
}

/* The height a block needs below the one before it, with those that must
 * stay with it: a heading is never the last thing on a page.
 */
static double
needed_height (GPtrArray *blocks,
               guint      index,
               gboolean   at_top)
{
  double needed = 0;

  for (guint i = index; i < blocks->len; i++)
    {
      Block *block = g_ptr_array_index (blocks, i);

      needed += (i == index && at_top ? 0 : block->space_before) + block->height;
      if (!block->keep_with_next)
        break;
    }

  return needed;
}

/* Where to end the part of a text block that starts at @from and has
 * @room: after the last whole line that fits.
 */
static double
break_text (Block  *block,
            double  from,
            double  room)
{
  PangoLayoutIter *iter;
  double best = from;

  if (block->kind != BLOCK_TEXT)
    return from + room;

  iter = pango_layout_get_iter (block->layout);
  do
    {
      int y0, y1;
      double bottom;

      pango_layout_iter_get_line_yrange (iter, &y0, &y1);
      bottom = (double) y1 / PANGO_SCALE;
      if (bottom > from + room)
        break;
      best = bottom;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);

  return best > from ? best : from + room;
}

static void
paginate (WrReportPages *self,
          Document      *document)
{
  Page *page = new_page (self, document);
  double y = CONTENT_TOP;

  for (guint i = 0; i < document->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (document->blocks, i);
      gboolean at_top = y <= CONTENT_TOP;
      double needed = MIN (needed_height (document->blocks, i, at_top), CONTENT_END - CONTENT_TOP);

      if (!at_top && y + needed > CONTENT_END)
        {
          page = new_page (self, document);
          y = CONTENT_TOP;
          at_top = TRUE;

          if (block->kind == BLOCK_ROW && block->table_header != NULL)
            {
              place (page, block->table_header, y, 0, block->table_header->height);
              y += block->table_header->height;
            }
        }
      if (!at_top)
        y += block->space_before;

      if (y + block->height <= CONTENT_END)
        {
          place (page, block, y, 0, block->height);
          y += block->height;
          continue;
        }

      /* Taller than a page: a text runs on over pages, a line at a
       * time; anything else is cut at the page's end.
       */
      for (double from = 0; from < block->height;)
        {
          double to = MIN (break_text (block, from, CONTENT_END - y), block->height);

          place (page, block, y, from, to);
          y += to - from;
          from = to;
          if (from < block->height)
            {
              page = new_page (self, document);
              y = CONTENT_TOP;
            }
        }
    }
}

void
_wr_report_pages_end_document (WrReportPages *self)
{
  g_assert (self->current != NULL);

  _wr_report_pages_end_table (self);
  paginate (self, self->current);
  self->current = NULL;
}

/* A visit --------------------------------------------------------------------------- */

static void
add_photos (WrReportPages *self,
            GPtrArray     *photos)
{
  for (guint i = 0; photos != NULL && i < photos->len; i++)
    _wr_report_pages_add_photo (self, g_ptr_array_index (photos, i));
}

static void
add_answers (WrReportPages         *self,
             const WrReportSection *section)
{
  static const double widths[] = { 0.45, 0.55 };

  for (guint i = 0; i < section->answers->len; i++)
    {
      WrReportAnswer *answer = g_ptr_array_index (section->answers, i);
      g_autofree char *value = answer->comment != NULL
                             ? (answer->value[0] != '\0' ? g_strconcat (answer->value, "\n", answer->comment, NULL)
                                                         : g_strdup (answer->comment))
                             : g_strdup (answer->value);
      const char *cells[] = { answer->question, value };

      _wr_report_pages_add_row (self, cells, widths, 2, FALSE);
      if (answer->photos->len > 0)
        add_photos (self, answer->photos);
    }
}

static void
add_table (WrReportPages         *self,
           const WrReportSection *section)
{
  guint n = section->columns->len + 1;
  g_autofree double *widths = g_new0 (double, n);
  g_autofree const char **cells = g_new0 (const char *, n);
  double first = section->rows->len > 0 && g_str_equal (section->row_heading, _("No.")) ? 0.07 : 0.2;

  widths[0] = first;
  for (guint i = 1; i < n; i++)
    widths[i] = (1.0 - first) / (n - 1);

  cells[0] = section->row_heading;
  for (guint i = 1; i < n; i++)
    cells[i] = g_ptr_array_index (section->columns, i - 1);
  _wr_report_pages_add_row (self, cells, widths, n, TRUE);

  for (guint r = 0; r < section->rows->len; r++)
    {
      WrReportRow *row = g_ptr_array_index (section->rows, r);

      cells[0] = row->label;
      for (guint i = 1; i < n; i++)
        cells[i] = g_ptr_array_index (row->cells, i - 1);
      _wr_report_pages_add_row (self, cells, widths, n, FALSE);
    }
  _wr_report_pages_end_table (self);
}

/* A repeatable section with many questions would make columns too
 * narrow to read: each repeat is then a table of its own.
 */
#define MAX_TABLE_COLUMNS 5

static void
add_table_by_row (WrReportPages         *self,
                  const WrReportSection *section)
{
  static const double widths[] = { 0.45, 0.55 };

  for (guint r = 0; r < section->rows->len; r++)
    {
      WrReportRow *row = g_ptr_array_index (section->rows, r);
      g_autofree char *title = g_strdup_printf ("%s %s", section->row_heading, row->label);

      _wr_report_pages_add_text (self, WR_REPORT_TEXT_SUBHEADING, title);
      for (guint i = 0; i < row->cells->len; i++)
        {
          const char *cells[] = { g_ptr_array_index (section->columns, i), g_ptr_array_index (row->cells, i) };

          _wr_report_pages_add_row (self, cells, widths, 2, FALSE);
        }
      _wr_report_pages_end_table (self);
    }
}

static void
add_observations (WrReportPages       *self,
                  const WrReportVisit *visit)
{
  if (visit->observations->len == 0)
    return;

  _wr_report_pages_add_text (self, WR_REPORT_TEXT_HEADING, _("Observations"));
  for (guint g = 0; g < visit->groups->len; g++)
    {
      WrReportObservationGroup *group = g_ptr_array_index (visit->groups, g);
      g_autofree char *title = g_strdup_printf ("%s (%u)", group->title, group->items->len);

      _wr_report_pages_add_text (self, WR_REPORT_TEXT_SUBHEADING, title);
      for (guint i = 0; i < group->items->len; i++)
        {
          WrReportObservation *observation = g_ptr_array_index (group->items, i);

          _wr_report_pages_add_text (self, WR_REPORT_TEXT_QUOTE, observation->text);
          if (observation->context != NULL)
            _wr_report_pages_add_text (self, WR_REPORT_TEXT_SMALL, observation->context);
        }
    }
}

static void
add_actions (WrReportPages       *self,
             const WrReportVisit *visit)
{
  static const double widths[] = { 0.46, 0.2, 0.2, 0.14 };
  const char *header[] = { _("Action"), _("Owner"), _("Due"), _("Status") };

  if (visit->actions->len == 0)
    return;

  _wr_report_pages_add_text (self, WR_REPORT_TEXT_HEADING, _("Actions"));
  _wr_report_pages_add_row (self, header, widths, 4, TRUE);
  for (guint i = 0; i < visit->actions->len; i++)
    {
      WrReportAction *action = g_ptr_array_index (visit->actions, i);
      const char *cells[] = { action->text, action->owner != NULL ? action->owner : "",
                              action->due != NULL ? action->due : "", action->status };

      _wr_report_pages_add_row (self, cells, widths, 4, FALSE);
    }
  _wr_report_pages_end_table (self);
}

/* The visit from its model: what it was, its answers by section with
 * their scores, its observations by kind, its actions and its photos.
 */
void
_wr_report_pages_add_visit (WrReportPages       *self,
                            const WrReportVisit *visit)
{
  g_autoptr(GString) about = g_string_new (NULL);

  _wr_report_pages_begin_document (self, visit->service, visit->kind_label, visit->date);

  _wr_report_pages_add_text (self, WR_REPORT_TEXT_TITLE, visit->service);
  /* TRANSLATORS: under a visit's title: its kind, date, form and status */
  g_string_append_printf (about, _("%s on %s, on the form “%s”. %s."), visit->kind_label, visit->date,
                          visit->form_title != NULL ? visit->form_title : "", visit->status);
  if (visit->team[0] != '\0')
    g_string_append_printf (about, "\n%s %s", _("Team:"), visit->team);
  if (visit->score != NULL)
    {
      g_string_append_c (about, '\n');
      /* TRANSLATORS: a visit's compliance score, in percent */
      g_string_append_printf (about, _("Score: %s%% of the applicable answers met"), visit->score);
    }
  _wr_report_pages_add_text (self, WR_REPORT_TEXT_BODY, about->str);

  for (guint s = 0; s < visit->sections->len; s++)
    {
      WrReportSection *section = g_ptr_array_index (visit->sections, s);
      g_autofree char *title = section->score != NULL
                             /* TRANSLATORS: a section's title and its score in percent */
                             ? g_strdup_printf (_("%s — %s%%"), section->title, section->score)
                             : g_strdup (section->title);

      _wr_report_pages_add_text (self, WR_REPORT_TEXT_HEADING, title);
      if (section->columns == NULL)
        add_answers (self, section);
      else if (section->columns->len <= MAX_TABLE_COLUMNS - 1)
        add_table (self, section);
      else
        add_table_by_row (self, section);
      add_photos (self, section->photos);
    }

  add_observations (self, visit);
  add_actions (self, visit);

  if (visit->photos->len > 0)
    {
      _wr_report_pages_add_text (self, WR_REPORT_TEXT_HEADING, _("Photos"));
      add_photos (self, visit->photos);
    }
  if (visit->documents->len > 0)
    {
      g_autofree char *names = g_strjoinv ("\n", (char **) visit->documents->pdata);

      _wr_report_pages_add_text (self, WR_REPORT_TEXT_HEADING, _("Other attachments"));
      _wr_report_pages_add_text (self, WR_REPORT_TEXT_BODY, _("These are in the evidence pack, not in this report:"));
      _wr_report_pages_add_text (self, WR_REPORT_TEXT_BODY, names);
    }

  _wr_report_pages_end_document (self);
}

/* Drawing ------------------------------------------------------------------------------ */

/* Where pages are drawn: a cairo context (a printer's, or any surface),
 * or the report's own PDF writer. The same drawing goes to both.
 */
typedef struct
{
  cairo_t     *cr;
  WrPdfWriter *pdf;
  gboolean     tagged;  /* cr draws on a PDF surface */
} Canvas;

static void
canvas_save (Canvas *canvas)
{
  if (canvas->pdf != NULL)
    _wr_pdf_writer_save (canvas->pdf);
  else
    cairo_save (canvas->cr);
}

static void
canvas_restore (Canvas *canvas)
{
  if (canvas->pdf != NULL)
    _wr_pdf_writer_restore (canvas->pdf);
  else
    cairo_restore (canvas->cr);
}

static void
canvas_translate (Canvas *canvas,
                  double  x,
                  double  y)
{
  if (canvas->pdf != NULL)
    _wr_pdf_writer_translate (canvas->pdf, x, y);
  else
    cairo_translate (canvas->cr, x, y);
}

static void
canvas_clip (Canvas *canvas,
             double  x,
             double  y,
             double  width,
             double  height)
{
  if (canvas->pdf != NULL)
    {
      _wr_pdf_writer_clip (canvas->pdf, x, y, width, height);
      return;
    }
  cairo_rectangle (canvas->cr, x, y, width, height);
  cairo_clip (canvas->cr);
}

static void
canvas_rgb (Canvas *canvas,
            double  red,
            double  green,
            double  blue)
{
  if (canvas->pdf != NULL)
    _wr_pdf_writer_set_rgb (canvas->pdf, red, green, blue);
  else
    cairo_set_source_rgb (canvas->cr, red, green, blue);
}

static void
canvas_line_width (Canvas *canvas,
                   double  width)
{
  if (canvas->pdf != NULL)
    _wr_pdf_writer_set_line_width (canvas->pdf, width);
  else
    cairo_set_line_width (canvas->cr, width);
}

/* Filled if @fill, else stroked. */
static void
canvas_rectangle (Canvas   *canvas,
                  double    x,
                  double    y,
                  double    width,
                  double    height,
                  gboolean  fill)
{
  if (canvas->pdf != NULL)
    {
      _wr_pdf_writer_rectangle (canvas->pdf, x, y, width, height, fill);
      return;
    }
  cairo_rectangle (canvas->cr, x, y, width, height);
  if (fill)
    cairo_fill (canvas->cr);
  else
    cairo_stroke (canvas->cr);
}

/* A horizontal rule from @x0 to @x1. */
static void
canvas_rule (Canvas *canvas,
             double  x0,
             double  x1,
             double  y)
{
  if (canvas->pdf != NULL)
    {
      _wr_pdf_writer_line (canvas->pdf, x0, y, x1, y);
      return;
    }
  cairo_move_to (canvas->cr, x0, y);
  cairo_line_to (canvas->cr, x1, y);
  cairo_stroke (canvas->cr);
}

static void
canvas_show_layout (Canvas      *canvas,
                    PangoLayout *layout,
                    double       x,
                    double       y)
{
  if (canvas->pdf != NULL)
    {
      _wr_pdf_writer_show_layout (canvas->pdf, layout, x, y);
      return;
    }
  cairo_move_to (canvas->cr, x, y);
  pango_cairo_show_layout (canvas->cr, layout);
}

static void
canvas_image (Canvas          *canvas,
              cairo_surface_t *image,
              double           x,
              double           y,
              double           width,
              double           height)
{
  cairo_t *cr = canvas->cr;
  double scale = width / cairo_image_surface_get_width (image);

  if (canvas->pdf != NULL)
    {
      _wr_pdf_writer_image (canvas->pdf, image, x, y, width, height);
      return;
    }
  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_restore (cr);
}

/* Structure for a PDF's reader (the writer's, or cairo 1.16's tags);
 * other surfaces have none.
 */
static void
canvas_tag_begin (Canvas     *canvas,
                  const char *tag,
                  const char *alt)
{
  if (canvas->pdf != NULL)
    _wr_pdf_writer_tag_begin (canvas->pdf, tag, alt);
  else if (canvas->tagged)
    cairo_tag_begin (canvas->cr, tag, NULL);
}

static void
canvas_tag_end (Canvas     *canvas,
                const char *tag)
{
  if (canvas->pdf != NULL)
    _wr_pdf_writer_tag_end (canvas->pdf);
  else if (canvas->tagged)
    cairo_tag_end (canvas->cr, tag);
}

static const char *
text_tag (WrReportTextStyle style)
{
  switch (style)
    {
    case WR_REPORT_TEXT_TITLE:
      return "H1";
    case WR_REPORT_TEXT_HEADING:
      return "H2";
    case WR_REPORT_TEXT_SUBHEADING:
      return "H3";
    case WR_REPORT_TEXT_BODY:
    case WR_REPORT_TEXT_SMALL:
    case WR_REPORT_TEXT_QUOTE:
    default:
      return "P";
    }
}

static void
draw_block (Canvas *canvas,
            Block  *block)
{
  switch (block->kind)
    {
    case BLOCK_TEXT:
      {
        double indent = block->style == WR_REPORT_TEXT_QUOTE || block->style == WR_REPORT_TEXT_SMALL ? 12.0 : 0.0;
        double grey = block->style == WR_REPORT_TEXT_SMALL ? 0.25 : 0;

        if (block->style == WR_REPORT_TEXT_QUOTE)
          {
            canvas_rgb (canvas, 0.45, 0.45, 0.45);
            canvas_rectangle (canvas, MARGIN_X, 0, 2.5, block->height, TRUE);
          }
        canvas_rgb (canvas, grey, grey, grey);
        canvas_tag_begin (canvas, text_tag (block->style), NULL);
        canvas_show_layout (canvas, block->layout, MARGIN_X + indent, 0);
        canvas_tag_end (canvas, text_tag (block->style));
        if (block->style == WR_REPORT_TEXT_HEADING)
          {
            canvas_line_width (canvas, 1.0);
            canvas_rule (canvas, MARGIN_X, MARGIN_X + CONTENT_WIDTH, block->height - 1.0);
          }
      }
      break;

    case BLOCK_ROW:
      if (block->header)
        {
          canvas_rgb (canvas, 0.9, 0.9, 0.9);
          canvas_rectangle (canvas, MARGIN_X, 0, CONTENT_WIDTH, block->height, TRUE);
        }
      /* Tagged with the rest of its table on the page, by the caller. */
      canvas_rgb (canvas, 0, 0, 0);
      canvas_line_width (canvas, 0.5);
      for (guint i = 0; i < block->cells->len; i++)
        {
          canvas_rectangle (canvas, MARGIN_X + block->x[i], 0, block->width[i], block->height, FALSE);
          canvas_show_layout (canvas, g_ptr_array_index (block->cells, i), MARGIN_X + block->x[i] + CELL_PADDING,
                              CELL_PADDING);
        }
      break;

    case BLOCK_PHOTO:
      if (block->image != NULL)
        {
          /* Its caption says what it shows, for whoever cannot see it. */
          canvas_tag_begin (canvas, "Figure", pango_layout_get_text (block->layout));
          canvas_image (canvas, block->image, MARGIN_X, 0, block->image_width, block->image_height);
          canvas_tag_end (canvas, "Figure");
        }
      canvas_rgb (canvas, 0.2, 0.2, 0.2);
      canvas_tag_begin (canvas, "Caption", NULL);
      canvas_show_layout (canvas, block->layout, MARGIN_X, block->image != NULL ? block->image_height + 3.0 : 0);
      canvas_tag_end (canvas, "Caption");
      break;

    default:
      g_assert_not_reached ();
    }
}

static PangoLayout *
band_layout (WrReportPages *self,
             const char    *text,
             gboolean       bold,
             PangoAlignment alignment)
{
  PangoLayout *layout = make_layout (self, WR_REPORT_TEXT_SMALL, text, CONTENT_WIDTH, bold, FALSE);

  /* Two lines at most: a long name wraps once, then is cut short. */
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_height (layout, -2);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  return layout;
}

/* The running header and footer: the marking centred at the top and the
 * bottom of every page, as the Government Security Classifications ask;
 * the organisation and what the document is about; "Page N of M".
 */
static void
draw_bands (WrReportPages *self,
            Canvas        *canvas,
            Page          *page)
{
  canvas_rgb (canvas, 0.2, 0.2, 0.2);

  if (self->marking[0] != '\0')
    {
      if (self->marking_layout == NULL)
        self->marking_layout = band_layout (self, self->marking, TRUE, PANGO_ALIGN_CENTER);
      canvas_show_layout (canvas, self->marking_layout, MARGIN_X, 18.0);
      canvas_show_layout (canvas, self->marking_layout, MARGIN_X, WR_REPORT_PAGE_HEIGHT - 34.0);
    }

  if (self->organisation_layout == NULL)
    {
      self->organisation_layout = band_layout (self, self->organisation, TRUE, PANGO_ALIGN_LEFT);
      pango_layout_set_width (self->organisation_layout, (int) (CONTENT_WIDTH * 0.45 * PANGO_SCALE));
    }
  canvas_show_layout (canvas, self->organisation_layout, MARGIN_X, 34.0);
  if (page->document->title_layout == NULL)
    {
      page->document->title_layout = band_layout (self, page->document->title, FALSE, PANGO_ALIGN_RIGHT);
      pango_layout_set_width (page->document->title_layout, (int) (CONTENT_WIDTH * 0.55 * PANGO_SCALE));
    }
  canvas_show_layout (canvas, page->document->title_layout, MARGIN_X + CONTENT_WIDTH * 0.45, 34.0);

  canvas_line_width (canvas, 0.5);
  canvas_rule (canvas, MARGIN_X, MARGIN_X + CONTENT_WIDTH, 60.0);
  canvas_rule (canvas, MARGIN_X, MARGIN_X + CONTENT_WIDTH, WR_REPORT_PAGE_HEIGHT - 52.0);
}

/* "Page N of M" at the foot, numbered through the whole report, as the
 * printer counts its pages (the header says which visit a page is of);
 * drawn last, so that it can be drawn once M is known.
 */
static void
draw_number (WrReportPages *self,
             Canvas        *canvas,
             guint          number,
             guint          total)
{
  g_autofree char *text = g_strdup_printf (_("Page %u of %u"), number, MAX (total, number));
  g_autoptr(PangoLayout) layout = band_layout (self, text, FALSE, PANGO_ALIGN_RIGHT);

  canvas_rgb (canvas, 0.2, 0.2, 0.2);
  canvas_show_layout (canvas, layout, MARGIN_X, WR_REPORT_PAGE_HEIGHT - 46.0);
}

guint
wr_report_pages_get_n_pages (WrReportPages *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->pages->len;
}

static void
draw_page (WrReportPages *self,
           Canvas        *canvas,
           guint          page)
{
  guint open_table = 0;
  Page *p = g_ptr_array_index (self->pages, page);

  canvas_save (canvas);
  draw_bands (self, canvas, p);

  for (guint i = 0; i < p->placements->len; i++)
    {
      Placement *placement = &g_array_index (p->placements, Placement, i);
      gboolean part = placement->from > 0 || placement->to < placement->block->height;
      guint table = placement->block->kind == BLOCK_ROW ? placement->block->table : 0;

      /* A table's rows on a page are one part of the structure, not one
       * each: a PDF has an element and its marks for every tag, and
       * rows were half of a report's tags (52 000 of 67 000 in the PDF
       * of 1 000 visits), a third of its bytes and a tenth of its time.
       */
      if (table != 0 && table != open_table)
        canvas_tag_begin (canvas, "P", NULL);
      open_table = table;

      canvas_save (canvas);
      if (part)
        canvas_clip (canvas, 0, placement->y, WR_REPORT_PAGE_WIDTH, placement->to - placement->from);
      canvas_translate (canvas, 0, placement->y - placement->from);
      draw_block (canvas, placement->block);
      canvas_restore (canvas);

      if (open_table != 0 &&
          (i + 1 == p->placements->len ||
           g_array_index (p->placements, Placement, i + 1).block->kind != BLOCK_ROW ||
           g_array_index (p->placements, Placement, i + 1).block->table != open_table))
        {
          canvas_tag_end (canvas, "P");
          open_table = 0;
        }
    }

  if (!self->late_numbers)
    draw_number (self, canvas, p->number,
                 self->n_total > 0 ? self->n_total : self->n_dropped + self->pages->len);
  canvas_restore (canvas);
}

/**
 * wr_report_pages_draw_page:
 * @self: the pages
 * @cr: a cairo context whose units are points, with (0, 0) at the top
 *   left corner of an A4 page
 * @page: from 0
 *
 * Draws one page, its header and footer too.
 */
void
wr_report_pages_draw_page (WrReportPages *self,
                           cairo_t       *cr,
                           guint          page)
{
  Canvas canvas = { cr, NULL, FALSE };

  g_return_if_fail (self != NULL);
  g_return_if_fail (page < self->pages->len);

  canvas.tagged = cairo_surface_get_type (cairo_get_target (cr)) == CAIRO_SURFACE_TYPE_PDF;
  draw_page (self, &canvas, page);
}

/* The same page, on the report's own PDF writer's current page. */
void
_wr_report_pages_write_page (WrReportPages *self,
                             WrPdfWriter   *pdf,
                             guint          page)
{
  Canvas canvas = { NULL, pdf, FALSE };

  g_return_if_fail (page < self->pages->len);

  draw_page (self, &canvas, page);
}

/* With @late, pages are drawn without their numbers, each drawn by
 * _wr_report_pages_write_number() once the last page is drawn: one
 * reading of the pack instead of two.
 */
void
_wr_report_pages_set_late_numbers (WrReportPages *self,
                                   gboolean       late)
{
  self->late_numbers = late;
}

void
_wr_report_pages_write_number (WrReportPages *self,
                               WrPdfWriter   *pdf,
                               guint          number,
                               guint          total)
{
  Canvas canvas = { NULL, pdf, FALSE };

  draw_number (self, &canvas, number, total);
}

const char *
_wr_report_pages_get_title (WrReportPages *self,
                            guint          page)
{
  Page *p = g_ptr_array_index (self->pages, page);

  return p->document->title;
}

gboolean
_wr_report_pages_starts_document (WrReportPages *self,
                                  guint          page)
{
  Page *p = g_ptr_array_index (self->pages, page);

  return p->first;
}

/* A report too long to hold all at once is laid out twice: first to
 * count its pages, then to draw them, numbered out of that count. The
 * pages counted are forgotten, and numbering starts again from 1; the
 * texts shaped to count them are kept, to draw them.
 */
void
_wr_report_pages_set_total (WrReportPages *self,
                            guint          n_pages)
{
  g_assert (self->current == NULL);

  g_ptr_array_set_size (self->pages, 0);
  g_ptr_array_set_size (self->documents, 0);
  self->n_dropped = 0;
  self->n_total = n_pages;
}

void
_wr_report_pages_drop (WrReportPages *self)
{
  g_assert (self->current == NULL);

  self->n_dropped += self->pages->len;
  g_ptr_array_set_size (self->pages, 0);
  g_ptr_array_set_size (self->documents, 0);
}
