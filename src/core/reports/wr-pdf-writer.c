/* wr-pdf-writer.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-pdf-writer"

#include "config.h"

#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>
#include <math.h>
#include <string.h>
#include <zlib.h>

#ifdef HAVE_PANGOFC
#include <fontconfig/fontconfig.h>
#include <pango/pangofc-font.h>
#endif

#include "wr-pdf-writer-private.h"
#include "wr-work-queue-private.h"

/* The PDF is PDF 1.7 (ISO 32000-1), written in one pass: each object as
 * soon as it is complete, its offset kept for the cross-reference table
 * at the end. Objects are handed, a page's at a time, to a thread that
 * compresses the streams among them and writes them out, so that the
 * drawing of the next page goes on meanwhile. What must wait for the end is small and counted: a number
 * per page, per structure element and per outline entry, and each
 * font's glyphs (their widths and the text they stand for).
 *
 * Objects known from the start have fixed numbers; the rest are numbered
 * as they are met.
 */
enum
{
  OBJ_CATALOG = 1,
  OBJ_PAGES,
  OBJ_STRUCT_ROOT,
  OBJ_DOCUMENT,     /* the structure's root element */
  OBJ_OUTLINES,
  OBJ_INFO,
  OBJ_RESOURCES,    /* every page's: all the fonts and images */
  OBJ_FIRST_FREE,
};

/* How hard page contents are compressed: zlib's fastest level makes a
 * long report's PDF about a tenth bigger than its default, in a third of
 * the time.
 */
#define CONTENT_COMPRESSION Z_BEST_SPEED
#define DATA_COMPRESSION    Z_DEFAULT_COMPRESSION

#define OUT_BUFFER_SIZE (64 * 1024)

/* Batches of objects handed on and not yet written: a few pages. */
#define MAX_BATCHES_IN_FLIGHT 4

/* An object as the drawing thread made it, for the writing thread. */
typedef struct
{
  guint    object;      /* 0: bytes outside any object (the header) */
  GString *text;        /* the object's body, or a stream's data */
  char    *dictionary;  /* a stream's entries; NULL if not a stream */
  int      level;       /* a stream's compression */
} Piece;

/* What only the writing thread touches, until it is joined. */
typedef struct
{
  WrPdfWriteFunc  write;
  gpointer        user_data;
  GString        *buffer;
  guint64         position;  /* bytes handed on before the buffer's */
  GArray         *offsets;   /* guint64 per object, from object 0 */
  z_stream        zstream;
  gboolean        zstream_ready;
  GError         *error;     /* read by others once failed is set */
} Output;

/* A font file Pango chose (a face of it): embedded once, as the subset of
 * the glyphs the PDF shows.
 */
typedef struct
{
  hb_face_t *face;
  guint      id;            /* /F<id> */
  guint      object;        /* its Type0 font */
  guint      n_glyphs;
  guint      upem;
  gint16    *widths;        /* per glyph, in thousandths of an em; G_MININT16 if not yet known */
  guint8    *used;          /* per glyph */
  char     **text;          /* per glyph: the text it stands for, or NULL */
  hb_font_t *metrics;       /* unscaled: font units */
} Font;

/* A font at a size, as Pango's runs name it. */
typedef struct
{
  Font   *font;
  double  size;             /* points */
} FontUse;

typedef struct
{
  double x, y;
  double red, green, blue;
  double line_width;
} State;

typedef struct
{
  char  *title;
  guint  page;              /* the page's object */
} OutlineEntry;

struct _WrPdfWriter
{
  double          width;
  double          height;
  GString        *out;      /* the body of the object being made, or NULL */
  Piece          *piece;
  GPtrArray      *batch;    /* Piece, to hand on */
  gsize           batch_size;
  guint           n_objects;
  GError         *error;    /* the drawing's own (a font) */

  Output          output;
  WrWorkQueue    *queue;
  GThread        *thread;
  gint            failed;   /* atomic: the writing thread failed */
  gint            abandoned; /* atomic: the rest need not be written */

  char           *title;
  char           *author;
  char           *creator;
  char           *language;

  GArray         *pages;         /* guint: each page's object */
  GArray         *parent_tree;   /* guint: each page's array of elements */
  GArray         *elements;      /* guint: the structure's elements, in order */
  GArray         *outline;       /* OutlineEntry */

  GArray         *images;        /* guint: each image's object */
  GArray         *late_parts;    /* guint: each page's late part, if pages have them */
  GHashTable     *fonts_by_face; /* hb_face_t * → Font *, owned by fonts */
  GPtrArray      *fonts;
  GHashTable     *uses;          /* PangoFont * (ref) → FontUse */

  /* The page being drawn. */
  gboolean        in_page;
  gboolean        in_late_part;
  guint           late_page;
  guint           page_object;
  GString        *content;
  GArray         *page_elements; /* guint: the element of each marked content, by MCID */
  GArray         *states;        /* State: saved */
  State           state;
  State           pdf_state;     /* what the content last set */
  gboolean        in_artifact;
  gboolean        in_tag;
  guint           tag_object;
  char           *tag_role;
  char           *tag_alt;
};

G_DEFINE_QUARK (wr-pdf-writer-error-quark, _wr_pdf_writer_error)

/* Output --------------------------------------------------------------------- */

static void
append_int (GString *out,
            gint64   value)
{
  char digits[24];
  guint n = 0;
  guint64 magnitude = value < 0 ? (guint64) -value : (guint64) value;

  if (value < 0)
    g_string_append_c (out, '-');
  do
    digits[n++] = (char) ('0' + magnitude % 10);
  while ((magnitude /= 10) > 0);
  while (n > 0)
    g_string_append_c (out, digits[--n]);
}

static void
piece_free (Piece *piece)
{
  if (piece->text != NULL)
    g_string_free (piece->text, TRUE);
  g_free (piece->dictionary);
  g_free (piece);
}

static void
batch_free (gpointer data)
{
  g_ptr_array_unref (data);
}

/* The writing thread ------------------------------------------------------------- */

static void
output_flush (Output *output)
{
  if (output->buffer->len == 0)
    return;
  if (output->error == NULL &&
      !output->write (output->buffer->str, output->buffer->len, output->user_data, &output->error))
    g_assert (output->error != NULL);
  output->position += output->buffer->len;
  g_string_truncate (output->buffer, 0);
}

/* Compresses @length bytes of @data into @out with zlib (FlateDecode). */
static void
output_deflate (Output     *output,
                const char *data,
                gsize       length,
                int         level,
                GString    *out)
{
  z_stream *z = &output->zstream;
  int status;

  if (!output->zstream_ready)
    {
      memset (z, 0, sizeof *z);
      status = deflateInit (z, level);
      g_assert (status == Z_OK);
      output->zstream_ready = TRUE;
    }
  else
    {
      deflateReset (z);
      deflateParams (z, level, Z_DEFAULT_STRATEGY);
    }

  g_string_set_size (out, deflateBound (z, length));
  z->next_in = (Bytef *) data;
  z->avail_in = length;
  z->next_out = (Bytef *) out->str;
  z->avail_out = out->len;
  status = deflate (z, Z_FINISH);
  g_assert (status == Z_STREAM_END);
  g_string_set_size (out, z->total_out);
}

static void
output_piece (Output  *output,
              Piece   *piece,
              GString *packed)
{
  GString *buffer = output->buffer;

  if (piece->object != 0)
    {
      if (output->offsets->len <= piece->object)
        g_array_set_size (output->offsets, piece->object + 1);
      g_array_index (output->offsets, guint64, piece->object) = output->position + buffer->len;
      append_int (buffer, piece->object);
      g_string_append (buffer, " 0 obj\n");
    }

  if (piece->dictionary != NULL)
    {
      output_deflate (output, piece->text->str, piece->text->len, piece->level, packed);
      g_string_append_printf (buffer, "<< %s/Filter /FlateDecode /Length %" G_GSIZE_FORMAT " >>\nstream\n",
                              piece->dictionary, packed->len);
      if (buffer->len + packed->len > OUT_BUFFER_SIZE)
        {
          output_flush (output);
          if (output->error == NULL &&
              !output->write (packed->str, packed->len, output->user_data, &output->error))
            g_assert (output->error != NULL);
          output->position += packed->len;
        }
      else
        g_string_append_len (buffer, packed->str, packed->len);
      g_string_append (buffer, "\nendstream\n");
    }
  else
    g_string_append_len (buffer, piece->text->str, piece->text->len);

  if (piece->object != 0)
    g_string_append (buffer, "endobj\n");
  if (buffer->len >= OUT_BUFFER_SIZE)
    output_flush (output);
}

static gpointer
writing_thread (gpointer data)
{
  WrPdfWriter *self = data;
  Output *output = &self->output;
  g_autoptr(GString) packed = g_string_new (NULL);
  GPtrArray *batch;

  while ((batch = _wr_work_queue_pop (self->queue)) != NULL)
    {
      for (guint i = 0; i < batch->len && output->error == NULL && !g_atomic_int_get (&self->abandoned); i++)
        output_piece (output, g_ptr_array_index (batch, i), packed);
      if (output->error == NULL)
        output_flush (output);

      if (output->error != NULL && !g_atomic_int_get (&self->failed))
        {
          /* The error is complete before anyone is told of it. */
          g_atomic_int_set (&self->failed, TRUE);
          _wr_work_queue_stop (self->queue);
        }
      _wr_work_queue_done (self->queue, batch);
    }

  return NULL;
}

/* The drawing thread's side ------------------------------------------------------ */

static void
hand_on (WrPdfWriter *self)
{
  if (self->batch->len == 0)
    return;
  _wr_work_queue_push (self->queue, g_steal_pointer (&self->batch));
  self->batch = g_ptr_array_new_with_free_func ((GDestroyNotify) piece_free);
  self->batch_size = 0;
}

static void
add_piece (WrPdfWriter *self,
           Piece       *piece)
{
  g_ptr_array_add (self->batch, piece);
  self->batch_size += piece->text->len;
  if (self->batch_size >= OUT_BUFFER_SIZE * 4)
    hand_on (self);
}

static guint
new_object (WrPdfWriter *self)
{
  return self->n_objects++;
}

static void
begin_object (WrPdfWriter *self,
              guint        object)
{
  g_assert (self->piece == NULL);

  self->piece = g_new0 (Piece, 1);
  self->piece->object = object;
  self->piece->text = g_string_sized_new (256);
  self->out = self->piece->text;
}

static void
end_object (WrPdfWriter *self)
{
  add_piece (self, g_steal_pointer (&self->piece));
  self->out = NULL;
}

/* Numbers as PDF writes them: at most three decimals, no exponent, no
 * trailing zeros; made by hand, since there are millions of them.
 */
static void
append_number (GString *out,
               double   value)
{
  char digits[32];
  guint n = 0;
  double scaled = value * 1000.0;
  gint64 thousandths = (gint64) (scaled < 0 ? scaled - 0.5 : scaled + 0.5);
  guint64 magnitude;
  guint fraction;

  if (thousandths < 0)
    {
      g_string_append_c (out, '-');
      magnitude = (guint64) -thousandths;
    }
  else
    magnitude = (guint64) thousandths;

  fraction = (guint) (magnitude % 1000);
  magnitude /= 1000;
  do
    digits[n++] = (char) ('0' + magnitude % 10);
  while ((magnitude /= 10) > 0);
  while (n > 0)
    g_string_append_c (out, digits[--n]);

  if (fraction != 0)
    {
      g_string_append_c (out, '.');
      g_string_append_c (out, (char) ('0' + fraction / 100));
      fraction %= 100;
      if (fraction != 0)
        {
          g_string_append_c (out, (char) ('0' + fraction / 10));
          if (fraction % 10 != 0)
            g_string_append_c (out, (char) ('0' + fraction % 10));
        }
    }
}

static void
append_numbers (GString *out,
                guint    n,
                ...)
{
  va_list args;

  va_start (args, n);
  for (guint i = 0; i < n; i++)
    {
      append_number (out, va_arg (args, double));
      g_string_append_c (out, ' ');
    }
  va_end (args);
}

static const char hex_digits[] = "0123456789ABCDEF";

static void
append_hex16 (GString *out,
              guint    value)
{
  char hex[4] = {
    hex_digits[(value >> 12) & 0xF], hex_digits[(value >> 8) & 0xF],
    hex_digits[(value >> 4) & 0xF], hex_digits[value & 0xF],
  };

  g_string_append_len (out, hex, 4);
}

/* A text string (a title, an author, alternative text): UTF-16BE with its
 * byte order mark, in hexadecimal, so that any text is safe.
 */
static void
append_text_string (GString    *out,
                    const char *text)
{
  g_autofree gunichar2 *utf16 = NULL;
  glong n = 0;

  utf16 = g_utf8_to_utf16 (text != NULL ? text : "", -1, NULL, &n, NULL);
  g_string_append (out, "<FEFF");
  for (glong i = 0; utf16 != NULL && i < n; i++)
    append_hex16 (out, utf16[i]);
  g_string_append_c (out, '>');
}

/* A name, with anything but letters and digits left out. */
static void
append_name (GString    *out,
             const char *name)
{
  g_string_append_c (out, '/');
  for (const char *p = name; *p != '\0'; p++)
    if (g_ascii_isalnum (*p) || *p == '-' || *p == '+' || *p == '_')
      g_string_append_c (out, *p);
}

/* A stream object of @data (taken), compressed by the writing thread,
 * with @dictionary's entries.
 */
static void
write_stream (WrPdfWriter *self,
              guint        object,
              const char  *dictionary,
              GString     *data,
              int          level)
{
  Piece *piece = g_new0 (Piece, 1);

  piece->object = object;
  piece->text = data;
  piece->dictionary = g_strdup (dictionary != NULL ? dictionary : "");
  piece->level = level;
  add_piece (self, piece);
}

/* Fonts ---------------------------------------------------------------------- */

static void
font_free (Font *font)
{
  for (guint i = 0; i < font->n_glyphs; i++)
    g_free (font->text[i]);
  g_free (font->text);
  g_free (font->widths);
  g_free (font->used);
  hb_font_destroy (font->metrics);
  hb_face_destroy (font->face);
  g_free (font);
}

static gboolean
has_table (hb_face_t *face,
           hb_tag_t   tag)
{
  hb_blob_t *blob = hb_face_reference_table (face, tag);
  gboolean has = hb_blob_get_length (blob) > 0;

  hb_blob_destroy (blob);
  return has;
}

static void
set_font_error (WrPdfWriter *self,
                PangoFont   *pango_font,
                const char  *why)
{
  g_autoptr(PangoFontDescription) description = NULL;
  g_autofree char *name = NULL;

  if (self->error != NULL)
    return;

  description = pango_font_describe (pango_font);
  name = pango_font_description_to_string (description);
  g_set_error (&self->error, WR_PDF_WRITER_ERROR, WR_PDF_WRITER_ERROR_FONT,
               "The font “%s” cannot be embedded as TrueType: %s", name, why);
}

/* Whether Pango draws @pango_font as its file is: outlines from a glyf
 * table, neither emboldened nor slanted nor varied by Pango or fontconfig.
 */
static gboolean
font_is_plain (WrPdfWriter *self,
               PangoFont   *pango_font,
               hb_font_t   *hb_font)
{
  hb_face_t *face = hb_font_get_face (hb_font);
  unsigned int n_coords = 0;

#ifdef HAVE_PANGOFC
  if (PANGO_IS_FC_FONT (pango_font))
    {
      FcPattern *pattern = pango_fc_font_get_pattern (PANGO_FC_FONT (pango_font));
      FcBool embolden = FcFalse;
      FcMatrix *matrix = NULL;

      if (FcPatternGetBool (pattern, FC_EMBOLDEN, 0, &embolden) == FcResultMatch && embolden)
        {
          set_font_error (self, pango_font, "it is emboldened");
          return FALSE;
        }
      if (FcPatternGetMatrix (pattern, FC_MATRIX, 0, &matrix) == FcResultMatch &&
          (matrix->xx != 1 || matrix->xy != 0 || matrix->yx != 0 || matrix->yy != 1))
        {
          set_font_error (self, pango_font, "it is slanted or stretched");
          return FALSE;
        }
    }
  else
#endif
    {
      set_font_error (self, pango_font, "it was not found through fontconfig");
      return FALSE;
    }

  hb_font_get_var_coords_normalized (hb_font, &n_coords);
  if (n_coords > 0)
    {
      set_font_error (self, pango_font, "it is a variable font");
      return FALSE;
    }
  if (!has_table (face, HB_TAG ('g', 'l', 'y', 'f')) || !has_table (face, HB_TAG ('l', 'o', 'c', 'a')))
    {
      set_font_error (self, pango_font, "its outlines are not TrueType");
      return FALSE;
    }
  if (has_table (face, HB_TAG ('C', 'O', 'L', 'R')) || has_table (face, HB_TAG ('C', 'B', 'D', 'T')) ||
      has_table (face, HB_TAG ('s', 'b', 'i', 'x')) || has_table (face, HB_TAG ('S', 'V', 'G', ' ')))
    {
      set_font_error (self, pango_font, "its glyphs are in colour");
      return FALSE;
    }

  return TRUE;
}

static FontUse *
font_use (WrPdfWriter *self,
          PangoFont   *pango_font)
{
  FontUse *use = g_hash_table_lookup (self->uses, pango_font);
  g_autoptr(PangoFontDescription) description = NULL;
  hb_font_t *hb_font;
  hb_face_t *face;
  Font *font;

  if (use != NULL)
    return use;
  if (self->error != NULL)
    return NULL;

  hb_font = pango_font_get_hb_font (pango_font);
  if (hb_font == NULL || !font_is_plain (self, pango_font, hb_font))
    {
      if (self->error == NULL)
        set_font_error (self, pango_font, "Pango gave no font file");
      return NULL;
    }

  face = hb_font_get_face (hb_font);
  if ((font = g_hash_table_lookup (self->fonts_by_face, face)) == NULL)
    {
      font = g_new0 (Font, 1);
      font->face = hb_face_reference (face);
      font->id = self->fonts->len + 1;
      font->object = new_object (self);
      font->n_glyphs = MAX (hb_face_get_glyph_count (face), 1);
      font->upem = MAX (hb_face_get_upem (face), 1);
      font->widths = g_new (gint16, font->n_glyphs);
      for (guint i = 0; i < font->n_glyphs; i++)
        font->widths[i] = G_MININT16;
      font->used = g_new0 (guint8, font->n_glyphs);
      font->text = g_new0 (char *, font->n_glyphs);
      font->metrics = hb_font_create (face);
      font->used[0] = TRUE;  /* .notdef, always in a subset */
      g_ptr_array_add (self->fonts, font);
      g_hash_table_insert (self->fonts_by_face, face, font);
    }

  description = pango_font_describe_with_absolute_size (pango_font);
  use = g_new0 (FontUse, 1);
  use->font = font;
  use->size = (double) pango_font_description_get_size (description) / PANGO_SCALE;
  g_hash_table_insert (self->uses, g_object_ref (pango_font), use);

  return use;
}

static int
glyph_width (Font  *font,
             guint  glyph)
{
  if (font->widths[glyph] == G_MININT16)
    {
      hb_position_t advance = hb_font_get_glyph_h_advance (font->metrics, glyph);

      font->widths[glyph] = (gint16) CLAMP (lround (advance * 1000.0 / font->upem), -32000, 32000);
    }

  return font->widths[glyph];
}

/* The text @glyph stands for, the first time it is shown: its cluster's,
 * if it is the cluster's first glyph.
 */
static void
note_glyph_text (Font             *font,
                 guint             glyph,
                 const PangoGlyphItem *run,
                 guint             i,
                 const char       *text)
{
  const PangoGlyphString *glyphs = run->glyphs;
  const PangoItem *item = run->item;
  gboolean rtl = item->analysis.level % 2 == 1;
  int start = glyphs->log_clusters[i];
  int end = item->length;
  int step = rtl ? -1 : 1;
  int before = (int) i - step;

  if (before >= 0 && before < glyphs->num_glyphs && glyphs->log_clusters[before] == start)
    return;  /* not its cluster's first glyph */

  for (int j = (int) i + step; j >= 0 && j < glyphs->num_glyphs; j += step)
    if (glyphs->log_clusters[j] != start)
      {
        end = glyphs->log_clusters[j];
        break;
      }

  if (end > start)
    font->text[glyph] = g_strndup (text + item->offset + start, (gsize) (end - start));
}

/* The glyphs of the subset and the text each stands for, as a ToUnicode
 * CMap, in blocks of at most 100 as the format asks.
 */
static GString *
to_unicode_cmap (Font *font)
{
  GString *cmap = g_string_new ("/CIDInit /ProcSet findresource begin\n"
                                "12 dict begin\n"
                                "begincmap\n"
                                "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                                "/CMapName /Adobe-Identity-UCS def\n"
                                "/CMapType 2 def\n"
                                "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
  guint n = 0;

  for (guint pass = 0; pass < 2; pass++)
    {
      guint in_block = 0;
      guint written = 0;

      for (guint glyph = 0; glyph < font->n_glyphs; glyph++)
        {
          g_autofree gunichar2 *utf16 = NULL;
          glong length = 0;

          if (font->text[glyph] == NULL)
            continue;
          if (pass == 0)
            {
              n++;
              continue;
            }
          if (in_block == 0)
            g_string_append_printf (cmap, "%u beginbfchar\n", MIN (100, n - written));
          utf16 = g_utf8_to_utf16 (font->text[glyph], -1, NULL, &length, NULL);
          g_string_append_c (cmap, '<');
          append_hex16 (cmap, glyph);
          g_string_append (cmap, "> <");
          for (glong i = 0; utf16 != NULL && i < length; i++)
            append_hex16 (cmap, utf16[i]);
          g_string_append (cmap, ">\n");
          written++;
          if (++in_block == 100 || written == n)
            {
              g_string_append (cmap, "endbfchar\n");
              in_block = 0;
            }
        }
    }

  g_string_append (cmap, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
  return cmap;
}

static gint16
read_int16 (hb_blob_t *blob,
            guint      offset)
{
  unsigned int length = 0;
  const guint8 *data = (const guint8 *) hb_blob_get_data (blob, &length);

  if (offset + 2 > length)
    return 0;
  return (gint16) ((data[offset] << 8) | data[offset + 1]);
}

/* A subset's name starts with six letters of its own (ISO 32000-1,
 * 9.6.4): here from a hash of the glyphs it holds.
 */
static char *
subset_name (Font *font)
{
  g_autofree char *postscript = NULL;
  char name[128];
  unsigned int size = sizeof name;
  guint32 hash = 2166136261u;
  char tag[7];

  for (guint i = 0; i < font->n_glyphs; i++)
    if (font->used[i])
      hash = (hash ^ i) * 16777619u;
  for (guint i = 0; i < 6; i++, hash /= 26)
    tag[i] = (char) ('A' + hash % 26);
  tag[6] = '\0';

  if (hb_ot_name_get_utf8 (font->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &size, name) == 0)
    g_strlcpy (name, "Font", sizeof name);

  return g_strdup_printf ("%s+%s", tag, name);
}

static void
write_font (WrPdfWriter *self,
            Font        *font)
{
  hb_subset_input_t *input = hb_subset_input_create_or_fail ();
  hb_set_t *glyphs;
  hb_set_t *drop;
  hb_face_t *subset = NULL;
  hb_blob_t *program = NULL;
  hb_blob_t *head = hb_face_reference_table (font->face, HB_TAG ('h', 'e', 'a', 'd'));
  hb_blob_t *hhea = hb_face_reference_table (font->face, HB_TAG ('h', 'h', 'e', 'a'));
  hb_blob_t *post = hb_face_reference_table (font->face, HB_TAG ('p', 'o', 's', 't'));
  hb_blob_t *os2 = hb_face_reference_table (font->face, HB_TAG ('O', 'S', '/', '2'));
  static const hb_tag_t unneeded[] = {
    HB_TAG ('G', 'S', 'U', 'B'), HB_TAG ('G', 'P', 'O', 'S'), HB_TAG ('G', 'D', 'E', 'F'),
    HB_TAG ('k', 'e', 'r', 'n'), HB_TAG ('B', 'A', 'S', 'E'), HB_TAG ('J', 'S', 'T', 'F'),
    HB_TAG ('M', 'A', 'T', 'H'), HB_TAG ('m', 'o', 'r', 'x'), HB_TAG ('k', 'e', 'r', 'x'),
    HB_TAG ('D', 'S', 'I', 'G'), HB_TAG ('h', 'd', 'm', 'x'), HB_TAG ('V', 'D', 'M', 'X'),
    HB_TAG ('L', 'T', 'S', 'H'), HB_TAG ('g', 'a', 's', 'p'),
  };
  g_autofree char *base_font = subset_name (font);
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GString) widths = g_string_new ("[");
  g_autoptr(GString) dictionary = g_string_new (NULL);
  g_autoptr(GString) cmap = to_unicode_cmap (font);
  double scale = 1000.0 / font->upem;
  guint descendant = new_object (self);
  guint descriptor = new_object (self);
  guint file = new_object (self);
  guint to_unicode = new_object (self);
  gint16 ascent = read_int16 (hhea, 4);
  gint16 descent = read_int16 (hhea, 6);
  gint16 cap_height = hb_blob_get_length (os2) >= 90 ? read_int16 (os2, 88) : ascent;
  double italic_angle = read_int16 (post, 4) + (guint16) read_int16 (post, 6) / 65536.0;
  const char *program_data = "";
  unsigned int program_length = 0;

  append_name (name, base_font);

  if (input != NULL)
    {
      glyphs = hb_subset_input_glyph_set (input);
      for (guint i = 0; i < font->n_glyphs; i++)
        if (font->used[i])
          hb_set_add (glyphs, i);
      drop = hb_subset_input_set (input, HB_SUBSET_SETS_DROP_TABLE_TAG);
      for (guint i = 0; i < G_N_ELEMENTS (unneeded); i++)
        hb_set_add (drop, unneeded[i]);
      /* The glyphs keep their numbers, which the pages show them by. */
      hb_subset_input_set_flags (input, HB_SUBSET_FLAGS_RETAIN_GIDS);
      subset = hb_subset_or_fail (font->face, input);
      hb_subset_input_destroy (input);
    }
  if (subset != NULL)
    {
      program = hb_face_reference_blob (subset);
      program_data = hb_blob_get_data (program, &program_length);
    }
  if (program_length == 0)
    {
      /* The subsetter could not: the whole face, still correct. */
      hb_blob_destroy (program);
      program = hb_face_reference_blob (font->face);
      program_data = hb_blob_get_data (program, &program_length);
    }

  /* Runs of glyphs in order: "first [w w w]". */
  for (guint i = 0; i < font->n_glyphs; i++)
    {
      if (!font->used[i])
        continue;
      if (i == 0 || !font->used[i - 1])
        g_string_append_printf (widths, "%s%u [", i == 0 ? "" : "\n", i);
      g_string_append_printf (widths, "%d", glyph_width (font, i));
      g_string_append (widths, i + 1 < font->n_glyphs && font->used[i + 1] ? " " : "]");
    }
  g_string_append_c (widths, ']');

  begin_object (self, font->object);
  g_string_append_printf (self->out, "<< /Type /Font /Subtype /Type0 /BaseFont %s /Encoding /Identity-H\n"
                          "/DescendantFonts [%u 0 R] /ToUnicode %u 0 R >>\n", name->str, descendant, to_unicode);
  end_object (self);

  begin_object (self, descendant);
  g_string_append_printf (self->out, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont %s\n"
                          "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>\n"
                          "/FontDescriptor %u 0 R /CIDToGIDMap /Identity /DW 1000\n/W %s >>\n",
                          name->str, descriptor, widths->str);
  end_object (self);

  begin_object (self, descriptor);
  g_string_append_printf (self->out, "<< /Type /FontDescriptor /FontName %s /Flags %u\n/FontBBox [",
                          name->str, italic_angle != 0 ? 32u | 64u : 32u);
  append_numbers (self->out, 4, read_int16 (head, 36) * scale, read_int16 (head, 38) * scale,
                  read_int16 (head, 40) * scale, read_int16 (head, 42) * scale);
  g_string_append (self->out, "] /ItalicAngle ");
  append_number (self->out, italic_angle);
  g_string_append (self->out, " /Ascent ");
  append_number (self->out, ascent * scale);
  g_string_append (self->out, " /Descent ");
  append_number (self->out, descent * scale);
  g_string_append (self->out, " /CapHeight ");
  append_number (self->out, cap_height * scale);
  g_string_append_printf (self->out, " /StemV 80 /FontFile2 %u 0 R >>\n", file);
  end_object (self);

  g_string_printf (dictionary, "/Length1 %u ", program_length);
  write_stream (self, file, dictionary->str, g_string_new_len (program_data, program_length), DATA_COMPRESSION);
  write_stream (self, to_unicode, NULL, g_steal_pointer (&cmap), DATA_COMPRESSION);

  hb_blob_destroy (program);
  hb_face_destroy (subset);
  hb_blob_destroy (head);
  hb_blob_destroy (hhea);
  hb_blob_destroy (post);
  hb_blob_destroy (os2);
}

/* The writer ------------------------------------------------------------------- */

static void
font_use_free (gpointer data)
{
  g_free (data);
}

WrPdfWriter *
_wr_pdf_writer_new (double          width,
                    double          height,
                    WrPdfWriteFunc  write,
                    gpointer        user_data)
{
  WrPdfWriter *self = g_new0 (WrPdfWriter, 1);

  Piece *header = g_new0 (Piece, 1);

  self->width = width;
  self->height = height;
  self->n_objects = OBJ_FIRST_FREE;
  self->batch = g_ptr_array_new_with_free_func ((GDestroyNotify) piece_free);
  self->output.write = write;
  self->output.user_data = user_data;
  self->output.buffer = g_string_sized_new (OUT_BUFFER_SIZE + 4096);
  self->output.offsets = g_array_new (FALSE, TRUE, sizeof (guint64));
  self->queue = _wr_work_queue_new (MAX_BATCHES_IN_FLIGHT, 0, batch_free);
  self->thread = g_thread_new ("wr-pdf-writer", writing_thread, self);
  self->pages = g_array_new (FALSE, FALSE, sizeof (guint));
  self->parent_tree = g_array_new (FALSE, FALSE, sizeof (guint));
  self->elements = g_array_new (FALSE, FALSE, sizeof (guint));
  self->outline = g_array_new (FALSE, FALSE, sizeof (OutlineEntry));
  self->fonts = g_ptr_array_new_with_free_func ((GDestroyNotify) font_free);
  self->fonts_by_face = g_hash_table_new (NULL, NULL);
  self->uses = g_hash_table_new_full (NULL, NULL, g_object_unref, font_use_free);
  self->content = g_string_sized_new (64 * 1024);
  self->images = g_array_new (FALSE, FALSE, sizeof (guint));
  self->page_elements = g_array_new (FALSE, FALSE, sizeof (guint));
  self->states = g_array_new (FALSE, FALSE, sizeof (State));

  /* A binary comment, so that a file transfer keeps it binary. */
  header->text = g_string_new ("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
  add_piece (self, header);

  return self;
}

void
_wr_pdf_writer_free (WrPdfWriter *self)
{
  if (self == NULL)
    return;

  if (self->thread != NULL)
    {
      /* Given up on before its end: the writing stops where it is. */
      g_atomic_int_set (&self->abandoned, TRUE);
      _wr_work_queue_stop (self->queue);
      _wr_work_queue_close (self->queue);
      g_thread_join (g_steal_pointer (&self->thread));
    }
  _wr_work_queue_free (self->queue);
  g_ptr_array_unref (self->batch);
  if (self->piece != NULL)
    piece_free (self->piece);
  g_string_free (self->output.buffer, TRUE);
  g_array_unref (self->output.offsets);
  if (self->output.zstream_ready)
    deflateEnd (&self->output.zstream);
  g_clear_error (&self->output.error);

  for (guint i = 0; i < self->outline->len; i++)
    g_free (g_array_index (self->outline, OutlineEntry, i).title);
  g_array_unref (self->outline);
  g_array_unref (self->pages);
  g_array_unref (self->parent_tree);
  g_array_unref (self->elements);
  g_array_unref (self->page_elements);
  g_array_unref (self->states);
  g_hash_table_unref (self->uses);
  g_hash_table_unref (self->fonts_by_face);
  g_ptr_array_unref (self->fonts);
  g_string_free (self->content, TRUE);
  g_array_unref (self->images);
  g_clear_pointer (&self->late_parts, g_array_unref);
  g_clear_error (&self->error);
  g_free (self->tag_role);
  g_free (self->tag_alt);
  g_free (self->title);
  g_free (self->author);
  g_free (self->creator);
  g_free (self->language);
  g_free (self);
}

void
_wr_pdf_writer_set_info (WrPdfWriter *self,
                         const char  *title,
                         const char  *author,
                         const char  *creator,
                         const char  *language)
{
  g_free (self->title);
  g_free (self->author);
  g_free (self->creator);
  g_free (self->language);
  self->title = g_strdup (title);
  self->author = g_strdup (author);
  self->creator = g_strdup (creator);
  self->language = g_strdup (language);
}

gboolean
_wr_pdf_writer_check (WrPdfWriter  *self,
                      GError      **error)
{
  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }
  if (g_atomic_int_get (&self->failed))
    {
      g_propagate_error (error, g_error_copy (self->output.error));
      return FALSE;
    }
  return TRUE;
}

/* Pages ------------------------------------------------------------------------ */

static void
set_state (WrPdfWriter *self)
{
  State *want = &self->state;
  State *have = &self->pdf_state;

  if (want->red != have->red || want->green != have->green || want->blue != have->blue)
    {
      append_numbers (self->content, 3, want->red, want->green, want->blue);
      g_string_append (self->content, "rg ");
      append_numbers (self->content, 3, want->red, want->green, want->blue);
      g_string_append (self->content, "RG\n");
      have->red = want->red;
      have->green = want->green;
      have->blue = want->blue;
    }
  if (want->line_width != have->line_width)
    {
      append_number (self->content, want->line_width);
      g_string_append (self->content, " w\n");
      have->line_width = want->line_width;
    }
}

/* Whatever is drawn outside a tag is page furniture: an artifact. */
static void
mark_drawing (WrPdfWriter *self)
{
  if (!self->in_tag && !self->in_artifact)
    {
      g_string_append (self->content, "/Artifact BMC\n");
      self->in_artifact = TRUE;
    }
  set_state (self);
}

static void
end_artifact (WrPdfWriter *self)
{
  if (self->in_artifact)
    {
      g_string_append (self->content, "EMC\n");
      self->in_artifact = FALSE;
    }
}

static void
begin_content (WrPdfWriter *self)
{
  g_string_truncate (self->content, 0);
  g_array_set_size (self->states, 0);
  memset (&self->state, 0, sizeof self->state);
  self->state.line_width = 2.0;  /* cairo's, which the report's drawing assumes */
  self->pdf_state = self->state;
  self->pdf_state.line_width = 1.0;  /* PDF's */
  self->in_artifact = FALSE;

  /* y down, as cairo's coordinates; within q and Q, so that a page's
   * parts each start from PDF's own coordinates.
   */
  g_string_append (self->content, "q 1 0 0 -1 0 ");
  append_number (self->content, self->height);
  g_string_append (self->content, " cm\n");
}

/* The content so far, as @object; everything opened closed. */
static void
end_content (WrPdfWriter *self,
             guint        object)
{
  end_artifact (self);
  while (self->states->len > 0)
    _wr_pdf_writer_restore (self);
  g_string_append (self->content, "Q\n");

  write_stream (self, object, NULL, g_steal_pointer (&self->content), CONTENT_COMPRESSION);
  self->content = g_string_sized_new (64 * 1024);
}

void
_wr_pdf_writer_set_late_parts (WrPdfWriter *self)
{
  g_return_if_fail (self->pages->len == 0);

  self->late_parts = g_array_new (FALSE, FALSE, sizeof (guint));
}

void
_wr_pdf_writer_begin_page (WrPdfWriter *self)
{
  g_return_if_fail (!self->in_page && !self->in_late_part);

  self->in_page = TRUE;
  self->page_object = new_object (self);
  g_array_append_val (self->pages, self->page_object);
  g_array_set_size (self->page_elements, 0);
  begin_content (self);
}

void
_wr_pdf_writer_end_page (WrPdfWriter *self)
{
  guint content = new_object (self);
  guint late = 0;
  guint elements = 0;
  guint page_index = self->pages->len - 1;

  g_return_if_fail (self->in_page);
  g_return_if_fail (!self->in_tag);

  end_content (self, content);
  if (self->late_parts != NULL)
    {
      late = new_object (self);
      g_array_append_val (self->late_parts, late);
    }

  /* Which element each marked content of the page belongs to. */
  if (self->page_elements->len > 0)
    {
      elements = new_object (self);
      begin_object (self, elements);
      g_string_append_c (self->out, '[');
      for (guint i = 0; i < self->page_elements->len; i++)
        g_string_append_printf (self->out, "%u 0 R ", g_array_index (self->page_elements, guint, i));
      g_string_append (self->out, "]\n");
      end_object (self);
    }
  g_array_append_val (self->parent_tree, elements);

  begin_object (self, self->page_object);
  g_string_append_printf (self->out, "<< /Type /Page /Parent %u 0 R /MediaBox [0 0 ", OBJ_PAGES);
  append_numbers (self->out, 2, self->width, self->height);
  if (late != 0)
    g_string_append_printf (self->out, "]\n/Contents [%u 0 R %u 0 R]", content, late);
  else
    g_string_append_printf (self->out, "]\n/Contents %u 0 R", content);
  g_string_append_printf (self->out, " /StructParents %u /Tabs /S /Resources %u 0 R >>\n",
                          page_index, OBJ_RESOURCES);
  end_object (self);

  self->in_page = FALSE;
}

void
_wr_pdf_writer_begin_late_part (WrPdfWriter *self,
                                guint        page)
{
  g_return_if_fail (self->late_parts != NULL && page < self->late_parts->len);
  g_return_if_fail (!self->in_page && !self->in_late_part);

  self->in_late_part = TRUE;
  self->late_page = page;
  self->page_object = g_array_index (self->pages, guint, page);
  begin_content (self);
}

void
_wr_pdf_writer_end_late_part (WrPdfWriter *self)
{
  guint *object;

  g_return_if_fail (self->in_late_part);
  g_return_if_fail (!self->in_tag);

  object = &g_array_index (self->late_parts, guint, self->late_page);
  g_return_if_fail (*object != 0);
  end_content (self, *object);
  *object = 0;  /* written */
  self->in_late_part = FALSE;
}

void
_wr_pdf_writer_add_outline (WrPdfWriter *self,
                            const char  *title)
{
  OutlineEntry entry = { g_strdup (title), self->page_object };

  g_return_if_fail (self->in_page);
  g_array_append_val (self->outline, entry);
}

/* An artifact is kept within one graphics state: its marks and q and Q
 * are nested, never crossed.
 */
void
_wr_pdf_writer_save (WrPdfWriter *self)
{
  end_artifact (self);
  g_array_append_val (self->states, self->state);
  g_string_append (self->content, "q\n");
}

void
_wr_pdf_writer_restore (WrPdfWriter *self)
{
  g_return_if_fail (self->states->len > 0);

  end_artifact (self);
  self->state = g_array_index (self->states, State, self->states->len - 1);
  g_array_set_size (self->states, self->states->len - 1);
  g_string_append (self->content, "Q\n");
  /* The PDF's graphics state is back to what it was at "q", which is
   * what was saved unless the content had not caught up with it yet.
   */
  self->pdf_state.red = self->pdf_state.green = self->pdf_state.blue = -1;
  self->pdf_state.line_width = -1;
}

void
_wr_pdf_writer_translate (WrPdfWriter *self,
                          double       x,
                          double       y)
{
  self->state.x += x;
  self->state.y += y;
}

void
_wr_pdf_writer_clip (WrPdfWriter *self,
                     double       x,
                     double       y,
                     double       width,
                     double       height)
{
  append_numbers (self->content, 4, self->state.x + x, self->state.y + y, width, height);
  g_string_append (self->content, "re W n\n");
}

void
_wr_pdf_writer_set_rgb (WrPdfWriter *self,
                        double       red,
                        double       green,
                        double       blue)
{
  self->state.red = red;
  self->state.green = green;
  self->state.blue = blue;
}

void
_wr_pdf_writer_set_line_width (WrPdfWriter *self,
                               double       width)
{
  self->state.line_width = width;
}

void
_wr_pdf_writer_rectangle (WrPdfWriter *self,
                          double       x,
                          double       y,
                          double       width,
                          double       height,
                          gboolean     fill)
{
  mark_drawing (self);
  append_numbers (self->content, 4, self->state.x + x, self->state.y + y, width, height);
  g_string_append (self->content, fill ? "re f\n" : "re S\n");
}

void
_wr_pdf_writer_line (WrPdfWriter *self,
                     double       x0,
                     double       y0,
                     double       x1,
                     double       y1)
{
  mark_drawing (self);
  append_numbers (self->content, 2, self->state.x + x0, self->state.y + y0);
  g_string_append (self->content, "m ");
  append_numbers (self->content, 2, self->state.x + x1, self->state.y + y1);
  g_string_append (self->content, "l S\n");
}

/* Starts a line of text (a run) at (@x, @y), in @use's font. */
static void
begin_run (WrPdfWriter *self,
           FontUse     *use,
           double       x,
           double       y)
{
  g_string_append (self->content, "/F");
  append_int (self->content, use->font->id);
  g_string_append_c (self->content, ' ');
  append_number (self->content, use->size);
  g_string_append (self->content, " Tf 1 0 0 -1 ");
  append_numbers (self->content, 2, x, y);
  g_string_append (self->content, "Tm [<");
}

void
_wr_pdf_writer_show_layout (WrPdfWriter *self,
                            PangoLayout *layout,
                            double       x,
                            double       y)
{
  PangoLayoutIter *iter;
  const char *text = pango_layout_get_text (layout);
  gboolean in_text = FALSE;
  PangoLayoutLine *line = NULL;
  int run_x = 0;
  int run_start;

  if (self->error != NULL)
    return;

  mark_drawing (self);
  x += self->state.x;
  y += self->state.y;

  /* Runs are placed from their line's start and the widths of the runs
   * before them: asking Pango for each run's extents measures every
   * glyph's height too.
   */
  iter = pango_layout_get_iter (layout);
  do
    {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);
      PangoLayoutLine *this_line = pango_layout_iter_get_line_readonly (iter);
      PangoGlyphString *glyphs;
      FontUse *use;
      Font *font;
      double baseline;
      double want;      /* where Pango puts the next glyph, in points */
      double have;      /* where the PDF's text position is */
      gboolean open_hex = TRUE;

      if (this_line != line)
        {
          PangoRectangle logical;

          pango_layout_iter_get_line_extents (iter, NULL, &logical);
          line = this_line;
          run_x = logical.x;
        }
      if (run == NULL)
        continue;
      run_start = run_x;
      for (int i = 0; i < run->glyphs->num_glyphs; i++)
        run_x += run->glyphs->glyphs[i].geometry.width;
      if (run->glyphs->num_glyphs == 0)
        continue;
      if ((use = font_use (self, run->item->analysis.font)) == NULL)
        break;

      font = use->font;
      glyphs = run->glyphs;
      baseline = y + (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE;
      want = x + (double) run_start / PANGO_SCALE;
      have = want;

      if (!in_text)
        {
          g_string_append (self->content, "BT\n");
          in_text = TRUE;
        }
      begin_run (self, use, want, baseline);

      for (int i = 0; i < glyphs->num_glyphs; i++)
        {
          PangoGlyphInfo *info = &glyphs->glyphs[i];
          guint glyph = info->glyph;
          double origin = want + (double) info->geometry.x_offset / PANGO_SCALE;
          double advance = (double) info->geometry.width / PANGO_SCALE;
          int adjust;

          if (glyph == PANGO_GLYPH_EMPTY)
            {
              want += advance;
              continue;
            }
          if ((glyph & PANGO_GLYPH_UNKNOWN_FLAG) != 0 || glyph >= font->n_glyphs)
            glyph = 0;

          if (info->geometry.y_offset != 0)
            {
              /* Raised or lowered: a run of its own, then back. */
              g_string_append (self->content, open_hex ? "> ] TJ\n" : "] TJ\n");
              begin_run (self, use, origin, baseline + (double) info->geometry.y_offset / PANGO_SCALE);
              have = origin;
              open_hex = TRUE;
            }

          /* TJ's numbers move the next glyph back by thousandths of the
           * size; rounded, so the error is carried to the next glyph.
           */
          adjust = (int) lround ((have - origin) * 1000.0 / use->size);
          if (adjust != 0)
            {
              if (open_hex)
                g_string_append_c (self->content, '>');
              append_int (self->content, adjust);
              g_string_append_c (self->content, '<');
              open_hex = TRUE;
              have -= adjust * use->size / 1000.0;
            }
          else if (!open_hex)
            {
              g_string_append_c (self->content, '<');
              open_hex = TRUE;
            }

          append_hex16 (self->content, glyph);
          have += glyph_width (font, glyph) * use->size / 1000.0;
          want += advance;

          if (!font->used[glyph])
            font->used[glyph] = TRUE;
          if (font->text[glyph] == NULL && glyph != 0)
            note_glyph_text (font, glyph, run, (guint) i, text);

          if (info->geometry.y_offset != 0)
            {
              g_string_append (self->content, "> ] TJ\n");
              begin_run (self, use, want, baseline);
              have = want;
            }
        }
      g_string_append (self->content, open_hex ? ">] TJ\n" : "] TJ\n");
    }
  while (pango_layout_iter_next_run (iter));
  pango_layout_iter_free (iter);

  if (in_text)
    g_string_append (self->content, "ET\n");
}

void
_wr_pdf_writer_image (WrPdfWriter     *self,
                      cairo_surface_t *image,
                      double           x,
                      double           y,
                      double           width,
                      double           height)
{
  int pixel_width = cairo_image_surface_get_width (image);
  int pixel_height = cairo_image_surface_get_height (image);
  int stride = cairo_image_surface_get_stride (image);
  gboolean alpha = cairo_image_surface_get_format (image) == CAIRO_FORMAT_ARGB32;
  const guchar *data;
  g_autofree guchar *rgb = NULL;
  g_autofree guchar *opacity = NULL;
  gboolean translucent = FALSE;
  g_autoptr(GString) dictionary = g_string_new (NULL);
  guint object;
  guint mask = 0;

  if (self->error != NULL)
    return;

  object = new_object (self);

  cairo_surface_flush (image);
  data = cairo_image_surface_get_data (image);
  rgb = g_malloc ((gsize) pixel_width * pixel_height * 3);
  opacity = g_malloc ((gsize) pixel_width * pixel_height);

  /* cairo's pixels are premultiplied, native-endian words. */
  for (int row = 0; row < pixel_height; row++)
    {
      const guint32 *in = (const guint32 *) (gconstpointer) (data + (gsize) row * stride);
      guchar *out = rgb + (gsize) row * pixel_width * 3;

      for (int column = 0; column < pixel_width; column++)
        {
          guint32 pixel = in[column];
          guint a = alpha ? pixel >> 24 : 255;
          guint r = (pixel >> 16) & 0xFF, g = (pixel >> 8) & 0xFF, b = pixel & 0xFF;

          if (a != 255)
            {
              translucent = TRUE;
              if (a != 0)
                {
                  r = MIN (255u, (r * 255 + a / 2) / a);
                  g = MIN (255u, (g * 255 + a / 2) / a);
                  b = MIN (255u, (b * 255 + a / 2) / a);
                }
            }
          out[column * 3] = (guchar) r;
          out[column * 3 + 1] = (guchar) g;
          out[column * 3 + 2] = (guchar) b;
          opacity[(gsize) row * pixel_width + column] = (guchar) a;
        }
    }

  if (translucent)
    {
      mask = new_object (self);
      g_string_printf (dictionary, "/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                       "/BitsPerComponent 8 /Interpolate true ", pixel_width, pixel_height);
      write_stream (self, mask, dictionary->str,
                    g_string_new_len ((const char *) opacity, (gssize) pixel_width * pixel_height), DATA_COMPRESSION);
    }
  g_string_printf (dictionary, "/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
                   "/BitsPerComponent 8 /Interpolate true ", pixel_width, pixel_height);
  if (mask != 0)
    g_string_append_printf (dictionary, "/SMask %u 0 R ", mask);
  write_stream (self, object, dictionary->str,
                g_string_new_len ((const char *) rgb, (gssize) pixel_width * pixel_height * 3), DATA_COMPRESSION);

  g_array_append_val (self->images, object);

  mark_drawing (self);
  g_string_append (self->content, "q ");
  append_numbers (self->content, 6, width, 0.0, 0.0, -height, self->state.x + x, self->state.y + y + height);
  g_string_append_printf (self->content, "cm /Im%u Do Q\n", object);
}

/* Structure -------------------------------------------------------------------- */

void
_wr_pdf_writer_tag_begin (WrPdfWriter *self,
                          const char  *role,
                          const char  *alt)
{
  g_return_if_fail (self->in_page);
  g_return_if_fail (!self->in_tag);

  end_artifact (self);
  self->in_tag = TRUE;
  self->tag_object = new_object (self);
  g_free (self->tag_role);
  g_free (self->tag_alt);
  self->tag_role = g_strdup (role);
  self->tag_alt = g_strdup (alt);

  append_name (self->content, role);
  g_string_append_printf (self->content, " <</MCID %u>> BDC\n", self->page_elements->len);
  g_array_append_val (self->page_elements, self->tag_object);
  g_array_append_val (self->elements, self->tag_object);
}

void
_wr_pdf_writer_tag_end (WrPdfWriter *self)
{
  g_return_if_fail (self->in_tag);

  g_string_append (self->content, "EMC\n");
  self->in_tag = FALSE;

  begin_object (self, self->tag_object);
  g_string_append (self->out, "<< /Type /StructElem\n/S ");
  append_name (self->out, self->tag_role);
  g_string_append_printf (self->out, "\n/P %u 0 R\n/Pg %u 0 R\n/K %u\n", OBJ_DOCUMENT, self->page_object,
                          self->page_elements->len - 1);
  if (self->tag_alt != NULL && self->tag_alt[0] != '\0')
    {
      g_string_append (self->out, "/Alt ");
      append_text_string (self->out, self->tag_alt);
      g_string_append_c (self->out, '\n');
    }
  g_string_append (self->out, ">>\n");
  end_object (self);
}

/* The end ---------------------------------------------------------------------- */

static void
write_outline (WrPdfWriter *self)
{
  guint first = self->n_objects;

  begin_object (self, OBJ_OUTLINES);
  g_string_append_printf (self->out, "<< /Type /Outlines /Count %u", self->outline->len);
  if (self->outline->len > 0)
    g_string_append_printf (self->out, " /First %u 0 R /Last %u 0 R", first, first + self->outline->len - 1);
  g_string_append (self->out, " >>\n");
  end_object (self);

  for (guint i = 0; i < self->outline->len; i++)
    {
      OutlineEntry *entry = &g_array_index (self->outline, OutlineEntry, i);
      guint object = new_object (self);

      g_assert (object == first + i);
      begin_object (self, object);
      g_string_append (self->out, "<< /Title ");
      append_text_string (self->out, entry->title);
      g_string_append_printf (self->out, "\n/Parent %u 0 R /Dest [%u 0 R /XYZ null null null]", OBJ_OUTLINES,
                              entry->page);
      if (i > 0)
        g_string_append_printf (self->out, " /Prev %u 0 R", object - 1);
      if (i + 1 < self->outline->len)
        g_string_append_printf (self->out, " /Next %u 0 R", object + 1);
      g_string_append (self->out, " >>\n");
      end_object (self);
    }
}

static void
write_structure (WrPdfWriter *self)
{
  guint parent_tree = new_object (self);

  begin_object (self, OBJ_STRUCT_ROOT);
  g_string_append_printf (self->out, "<< /Type /StructTreeRoot /K %u 0 R /ParentTree %u 0 R /ParentTreeNextKey %u >>\n",
                          OBJ_DOCUMENT, parent_tree, self->pages->len);
  end_object (self);

  begin_object (self, OBJ_DOCUMENT);
  g_string_append_printf (self->out, "<< /Type /StructElem\n/S /Document\n/P %u 0 R\n/K [", OBJ_STRUCT_ROOT);
  for (guint i = 0; i < self->elements->len; i++)
    {
      g_string_append_printf (self->out, "%s%u 0 R", i % 10 == 0 ? "\n" : " ",
                              g_array_index (self->elements, guint, i));
    }
  g_string_append (self->out, "]\n>>\n");
  end_object (self);

  begin_object (self, parent_tree);
  g_string_append (self->out, "<< /Nums [");
  for (guint i = 0; i < self->parent_tree->len; i++)
    {
      guint elements = g_array_index (self->parent_tree, guint, i);

      if (elements != 0)
        g_string_append_printf (self->out, "\n%u %u 0 R", i, elements);
    }
  g_string_append (self->out, "] >>\n");
  end_object (self);
}

gboolean
_wr_pdf_writer_finish (WrPdfWriter  *self,
                       GError      **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "D:%Y%m%d%H%M%SZ");
  g_autofree char *id = NULL;
  Output *output;
  guint64 xref;

  g_return_val_if_fail (!self->in_page, FALSE);

  if (self->error != NULL)
    return _wr_pdf_writer_check (self, error);

  g_return_val_if_fail (!self->in_late_part, FALSE);

  /* A page whose late part was never drawn still has one, empty. */
  for (guint i = 0; self->late_parts != NULL && i < self->late_parts->len; i++)
    if (g_array_index (self->late_parts, guint, i) != 0)
      write_stream (self, g_array_index (self->late_parts, guint, i), NULL, g_string_new (""), CONTENT_COMPRESSION);

  /* One set of resources for every page: each font and image once. */
  begin_object (self, OBJ_RESOURCES);
  g_string_append (self->out, "<< /ProcSet [/PDF /Text /ImageB /ImageC]\n/Font <<");
  for (guint i = 0; i < self->fonts->len; i++)
    {
      Font *font = g_ptr_array_index (self->fonts, i);

      g_string_append_printf (self->out, " /F%u %u 0 R", font->id, font->object);
    }
  g_string_append (self->out, " >>\n/XObject <<");
  for (guint i = 0; i < self->images->len; i++)
    g_string_append_printf (self->out, "%s/Im%u %u 0 R", i % 8 == 0 ? "\n" : " ",
                            g_array_index (self->images, guint, i), g_array_index (self->images, guint, i));
  g_string_append (self->out, " >> >>\n");
  end_object (self);

  for (guint i = 0; i < self->fonts->len; i++)
    write_font (self, g_ptr_array_index (self->fonts, i));

  write_structure (self);
  write_outline (self);

  begin_object (self, OBJ_PAGES);
  g_string_append_printf (self->out, "<< /Type /Pages /Count %u /Kids [", self->pages->len);
  for (guint i = 0; i < self->pages->len; i++)
    {
      g_string_append_printf (self->out, "%s%u 0 R", i % 10 == 0 ? "\n" : " ", g_array_index (self->pages, guint, i));
    }
  g_string_append (self->out, "] >>\n");
  end_object (self);

  begin_object (self, OBJ_INFO);
  g_string_append (self->out, "<< /Producer (Walkround) /CreationDate (");
  g_string_append (self->out, date);
  g_string_append (self->out, ")");
  if (self->title != NULL)
    {
      g_string_append (self->out, "\n/Title ");
      append_text_string (self->out, self->title);
    }
  if (self->author != NULL && self->author[0] != '\0')
    {
      g_string_append (self->out, "\n/Author ");
      append_text_string (self->out, self->author);
    }
  if (self->creator != NULL)
    {
      g_string_append (self->out, "\n/Creator ");
      append_text_string (self->out, self->creator);
    }
  g_string_append (self->out, " >>\n");
  end_object (self);

  begin_object (self, OBJ_CATALOG);
  g_string_append_printf (self->out, "<< /Type /Catalog /Pages %u 0 R /StructTreeRoot %u 0 R /MarkInfo << /Marked true >>\n"
                          "/Outlines %u 0 R%s /ViewerPreferences << /DisplayDocTitle true >>",
                          OBJ_PAGES, OBJ_STRUCT_ROOT, OBJ_OUTLINES,
                          self->outline->len > 0 ? " /PageMode /UseOutlines" : "");
  if (self->language != NULL)
    {
      g_string_append (self->out, " /Lang ");
      append_text_string (self->out, self->language);
    }
  g_string_append (self->out, " >>\n");
  end_object (self);

  /* Everything handed on and written, the writing thread's state is
   * this thread's again.
   */
  hand_on (self);
  _wr_work_queue_close (self->queue);
  g_thread_join (g_steal_pointer (&self->thread));
  output = &self->output;
  if (g_atomic_int_get (&self->failed))
    return _wr_pdf_writer_check (self, error);

  /* The index: an entry of exactly 20 bytes per object. */
  g_assert (output->offsets->len == self->n_objects);
  xref = output->position + output->buffer->len;
  g_string_append_printf (output->buffer, "xref\n0 %u\n0000000000 65535 f \n", self->n_objects);
  for (guint i = 1; i < self->n_objects; i++)
    {
      guint64 offset = g_array_index (output->offsets, guint64, i);

      g_assert (offset != 0);
      g_string_append_printf (output->buffer, "%010" G_GUINT64_FORMAT " 00000 n \n", offset);
      if (output->buffer->len >= OUT_BUFFER_SIZE)
        output_flush (output);
    }

  id = g_compute_checksum_for_string (G_CHECKSUM_MD5, date, -1);
  g_string_append_printf (output->buffer, "trailer\n<< /Size %u /Root %u 0 R /Info %u 0 R /ID [<%s> <%s>] >>\n"
                          "startxref\n%" G_GUINT64_FORMAT "\n%%%%EOF\n",
                          self->n_objects, OBJ_CATALOG, OBJ_INFO, id, id, xref);
  output_flush (output);
  if (output->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&output->error));
      return FALSE;
    }

  return _wr_pdf_writer_check (self, error);
}
