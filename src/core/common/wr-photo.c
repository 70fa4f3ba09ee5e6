/* wr-photo.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Photos are cleaned as they are attached, never later: a stored photo is
 * part of its visit's digest, so changing it afterwards would look like
 * tampering in every pack that carries it.
 *
 * A JPEG whose EXIF orientation is 1 (or absent) is cleaned losslessly: its
 * segments are copied as they are, except the ones that carry metadata
 * (EXIF, XMP, IPTC, comments, maker notes, and whatever follows the end of
 * the image, where phones put extra pictures and their own EXIF). Only the
 * segments a decoder needs, and the JFIF, ICC profile and Adobe colour
 * segments, are kept, so nothing unknown slips through. A JPEG that must
 * be turned is decoded, turned and encoded again at quality 95, which
 * writes no metadata at all; rotating the coefficients losslessly (as
 * jpegtran does) would need libjpeg's transform code, which no Debian 12
 * library offers to us.
 *
 * A PNG keeps only the chunks that say how to draw it; its text, eXIf and
 * time chunks go. One whose eXIf chunk gives an orientation of 2 to 8 is
 * decoded, turned and encoded again as PNG, which loses nothing; the
 * orientation is read here, as gdk-pixbuf's PNG loader (2.42) does not
 * read eXIf. HEIC, HEIF, AVIF, WebP and TIFF are decoded with
 * gdk-pixbuf where it has a loader for them (Debian 12: TIFF in
 * libgdk-pixbuf-2.0-0, HEIC and HEIF in heif-gdk-pixbuf, which also reads
 * AVIF; no WebP loader) and become JPEG, or PNG when they have
 * transparency, since browsers and reports show neither HEIC nor TIFF.
 */

#define G_LOG_DOMAIN "wr-photo"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <string.h>

#include "wr-photo.h"

G_DEFINE_QUARK (wr-photo-error-quark, wr_photo_error)

#define JPEG_QUALITY "95"

static guint
read_u16 (const guint8 *p,
          gboolean      big_endian)
{
  return big_endian ? (guint) (p[0] << 8 | p[1]) : (guint) (p[1] << 8 | p[0]);
}

static guint32
read_u32 (const guint8 *p,
          gboolean      big_endian)
{
  return big_endian ? ((guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3])
                    : ((guint32) p[3] << 24 | (guint32) p[2] << 16 | (guint32) p[1] << 8 | p[0]);
}

/* Reads a TIFF structure (the body of an EXIF segment or chunk): its first
 * directory's orientation, and whether it points to GPS data.
 */
static void
read_tiff (const guint8 *tiff,
           gsize         length,
           guint        *orientation,
           gboolean     *has_gps)
{
  gboolean big_endian;
  guint32 ifd;
  guint count;

  if (length < 8)
    return;
  if (memcmp (tiff, "MM\0*", 4) == 0)
    big_endian = TRUE;
  else if (memcmp (tiff, "II*\0", 4) == 0)
    big_endian = FALSE;
  else
    return;

  ifd = read_u32 (tiff + 4, big_endian);
  if (ifd > length - 2)
    return;
  count = read_u16 (tiff + ifd, big_endian);
  for (guint i = 0; i < count; i++)
    {
      const guint8 *entry = tiff + ifd + 2 + 12 * (gsize) i;
      guint tag;

      if (entry + 12 > tiff + length)
        return;
      tag = read_u16 (entry, big_endian);
      if (tag == 0x0112 && read_u16 (entry + 2, big_endian) == 3)
        *orientation = read_u16 (entry + 8, big_endian);
      else if (tag == 0x8825)
        *has_gps = TRUE;
    }
}

static gboolean
has_prefix (const guint8 *data,
            gsize         length,
            const char   *prefix,
            gsize         prefix_length)
{
  return length >= prefix_length && memcmp (data, prefix, prefix_length) == 0;
}

static gboolean
contains (const guint8 *data,
          gsize         length,
          const char   *needle)
{
  return g_strstr_len ((const char *) data, length, needle) != NULL;
}

/* Which of a JPEG's marker segments to keep: those a decoder needs, and the
 * JFIF, ICC profile and Adobe colour segments that say how to show it.
 */
static gboolean
keep_jpeg_segment (guint8        marker,
                   const guint8 *body,
                   gsize         length)
{
  switch (marker)
    {
    case 0xE0:
      return has_prefix (body, length, "JFIF\0", 5);
    case 0xE2:
      return has_prefix (body, length, "ICC_PROFILE\0", 12);
    case 0xEE:
      return has_prefix (body, length, "Adobe", 5);
    case 0xFE:
      return FALSE;
    default:
      return marker < 0xE0 || marker > 0xEF;
    }
}

static gboolean
damaged (const char  *what,
         GError     **error)
{
  g_set_error (error, WR_PHOTO_ERROR, WR_PHOTO_ERROR_DAMAGED,
               _("It is not a readable JPEG image (%s)"), what);
  return FALSE;
}

/* Copies @data without its metadata into @out, and reads its EXIF
 * orientation on the way.
 */
static gboolean
strip_jpeg (const guint8    *data,
            gsize            length,
            GByteArray      *out,
            guint           *orientation,
            WrPhotoChanges  *changes,
            GError         **error)
{
  gsize pos = 2;

  if (length < 4 || data[0] != 0xFF || data[1] != 0xD8)
    return damaged (_("it does not start as one"), error);
  g_byte_array_append (out, data, 2);

  while (pos < length)
    {
      guint8 marker;
      gsize segment_length;
      const guint8 *body;

      if (data[pos] != 0xFF)
        return damaged (_("a segment is out of place"), error);
      while (pos < length && data[pos] == 0xFF)
        pos++;
      if (pos >= length)
        break;
      marker = data[pos++];

      if (marker == 0xD9)
        {
          g_byte_array_append (out, (const guint8 *) "\xFF\xD9", 2);
          /* Phones put more pictures after the end, with their own EXIF. */
          if (pos < length)
            *changes |= WR_PHOTO_CHANGED_DETAILS;
          return TRUE;
        }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7))
        {
          guint8 standalone[2] = { 0xFF, marker };

          g_byte_array_append (out, standalone, 2);
          continue;
        }
      if (pos + 2 > length)
        return damaged (_("it ends in a segment"), error);
      segment_length = read_u16 (data + pos, TRUE);
      if (segment_length < 2 || pos + segment_length > length)
        return damaged (_("a segment runs past its end"), error);
      body = data + pos + 2;

      if (keep_jpeg_segment (marker, body, segment_length - 2))
        {
          guint8 head[2] = { 0xFF, marker };

          g_byte_array_append (out, head, 2);
          g_byte_array_append (out, data + pos, segment_length);
        }
      else
        {
          gboolean has_gps = FALSE;

          if (marker == 0xE1 && has_prefix (body, segment_length - 2, "Exif\0\0", 6))
            read_tiff (body + 6, segment_length - 8, orientation, &has_gps);
          else if (marker == 0xE1 && contains (body, segment_length - 2, "GPS"))
            has_gps = TRUE;   /* XMP with exif:GPSLatitude and the like */
          else if (marker == 0xED)
            has_gps = TRUE;   /* IPTC, which names places */
          *changes |= WR_PHOTO_CHANGED_DETAILS | (has_gps ? WR_PHOTO_CHANGED_LOCATION : 0);
        }
      pos += segment_length;

      if (marker == 0xDA)
        {
          /* The entropy-coded data runs to the next marker that is
           * neither a stuffed 0xFF00 nor a restart marker.
           */
          gsize start = pos;

          while (pos + 1 < length &&
                 !(data[pos] == 0xFF && data[pos + 1] != 0x00 &&
                   !(data[pos + 1] >= 0xD0 && data[pos + 1] <= 0xD7)))
            pos++;
          if (pos + 1 >= length)
            {
              /* Cut short, as cameras' files sometimes are: keep what
               * there is and end it properly.
               */
              g_byte_array_append (out, data + start, length - start);
              g_byte_array_append (out, (const guint8 *) "\xFF\xD9", 2);
              return TRUE;
            }
          g_byte_array_append (out, data + start, pos - start);
        }
    }

  return damaged (_("it has no image data"), error);
}

/* The chunks that say how to draw a PNG (or an APNG); the others (text,
 * eXIf, times, private chunks) go.
 */
static gboolean
keep_png_chunk (const guint8 *type)
{
  static const char *const kept[] = {
    "IHDR", "PLTE", "IDAT", "IEND", "tRNS", "cHRM", "gAMA", "iCCP", "sBIT", "sRGB",
    "cICP", "bKGD", "hIST", "pHYs", "sPLT", "acTL", "fcTL", "fdAT",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      if (memcmp (type, kept[i], 4) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
strip_png (const guint8    *data,
           gsize            length,
           GByteArray      *out,
           guint           *orientation,
           WrPhotoChanges  *changes,
           GError         **error)
{
  gsize pos = 8;

  if (length < 8 || memcmp (data, "\x89PNG\r\n\x1a\n", 8) != 0)
    goto damaged;
  g_byte_array_append (out, data, 8);

  while (pos + 12 <= length)
    {
      guint32 chunk_length = read_u32 (data + pos, TRUE);
      const guint8 *type = data + pos + 4;

      if (chunk_length > length - pos - 12)
        goto damaged;
      if (keep_png_chunk (type))
        g_byte_array_append (out, data + pos, 12 + chunk_length);
      else
        {
          gboolean has_gps = FALSE;

          if (memcmp (type, "eXIf", 4) == 0)
            {
              const guint8 *tiff = data + pos + 8;
              gsize tiff_length = chunk_length;

              /* The chunk holds the TIFF structure itself; some writers
               * put JPEG's "Exif\0\0" before it all the same.
               */
              if (has_prefix (tiff, tiff_length, "Exif\0\0", 6))
                {
                  tiff += 6;
                  tiff_length -= 6;
                }
              read_tiff (tiff, tiff_length, orientation, &has_gps);
            }
          else if (contains (data + pos + 8, chunk_length, "GPS"))
            has_gps = TRUE;
          *changes |= WR_PHOTO_CHANGED_DETAILS | (has_gps ? WR_PHOTO_CHANGED_LOCATION : 0);
        }
      pos += 12 + chunk_length;
      if (memcmp (type, "IEND", 4) == 0)
        {
          if (pos < length)
            *changes |= WR_PHOTO_CHANGED_DETAILS;
          return TRUE;
        }
    }

damaged:
  g_set_error (error, WR_PHOTO_ERROR, WR_PHOTO_ERROR_DAMAGED, _("It is not a readable PNG image"));
  return FALSE;
}

static GdkPixbuf *
load_pixbuf (GBytes      *data,
             const char  *media_type,
             GError     **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) local_error = NULL;
  GdkPixbuf *pixbuf;

  loader = gdk_pixbuf_loader_new_with_mime_type (media_type, &local_error);
  if (loader == NULL)
    {
      g_set_error (error, WR_PHOTO_ERROR, WR_PHOTO_ERROR_UNSUPPORTED,
                   _("This computer cannot open %s images to remove their location and camera details"),
                   media_type);
      return NULL;
    }
  if (!gdk_pixbuf_loader_write_bytes (loader, data, &local_error) ||
      !gdk_pixbuf_loader_close (loader, &local_error))
    {
      /* Some loaders (HEIF's) fail without saying why. */
      if (local_error != NULL)
        g_set_error (error, WR_PHOTO_ERROR, WR_PHOTO_ERROR_DAMAGED,
                     _("It is not a readable image: %s"), local_error->message);
      else
        g_set_error (error, WR_PHOTO_ERROR, WR_PHOTO_ERROR_DAMAGED, _("It is not a readable image"));
      return NULL;
    }
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL)
    {
      g_set_error (error, WR_PHOTO_ERROR, WR_PHOTO_ERROR_DAMAGED, _("It is not a readable image"));
      return NULL;
    }
  return g_object_ref (pixbuf);
}

/* Turns @pixbuf upright by an EXIF orientation (2 to 8), as the EXIF
 * standard defines them and gdk_pixbuf_apply_embedded_orientation() does.
 */
static GdkPixbuf *
turn_upright (GdkPixbuf *pixbuf,
              guint      orientation)
{
  g_autoptr(GdkPixbuf) turned = NULL;

  switch (orientation)
    {
    case 2:
      return gdk_pixbuf_flip (pixbuf, TRUE);
    case 3:
      return gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_UPSIDEDOWN);
    case 4:
      return gdk_pixbuf_flip (pixbuf, FALSE);
    case 5:
      turned = gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_CLOCKWISE);
      return turned ? gdk_pixbuf_flip (turned, TRUE) : NULL;
    case 6:
      return gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_CLOCKWISE);
    case 7:
      turned = gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_COUNTERCLOCKWISE);
      return turned ? gdk_pixbuf_flip (turned, TRUE) : NULL;
    case 8:
      return gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_COUNTERCLOCKWISE);
    default:
      return g_object_ref (pixbuf);
    }
}

/* TIFF's and HEIC's loaders give an alpha channel to opaque photos too:
 * without it, they are stored as JPEG rather than as a PNG ten times bigger.
 */
static GdkPixbuf *
drop_opaque_alpha (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  GdkPixbuf *opaque;
  guint8 *out;
  int out_stride;

  if (!gdk_pixbuf_get_has_alpha (pixbuf) || gdk_pixbuf_get_n_channels (pixbuf) != 4 ||
      gdk_pixbuf_get_bits_per_sample (pixbuf) != 8)
    return g_object_ref (pixbuf);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      if (pixels[(gsize) y * stride + x * 4 + 3] != 0xFF)
        return g_object_ref (pixbuf);

  opaque = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  if (opaque == NULL)
    return g_object_ref (pixbuf);
  out = gdk_pixbuf_get_pixels (opaque);
  out_stride = gdk_pixbuf_get_rowstride (opaque);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      memcpy (out + (gsize) y * out_stride + x * 3, pixels + (gsize) y * stride + x * 4, 3);
  return opaque;
}

/* Encodes @pixbuf as JPEG, or as PNG when it has transparency or @as_png
 * (a PNG stays one), which writes no metadata but the colour profile.
 */
static GBytes *
encode (GdkPixbuf   *pixbuf,
        const char  *icc_profile,
        gboolean     as_png,
        char       **out_media_type,
        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean png = as_png || gdk_pixbuf_get_has_alpha (pixbuf);
  const char *keys[3] = { NULL };
  const char *values[3] = { NULL };
  guint n = 0;
  gchar *buffer = NULL;
  gsize size = 0;

  if (!png)
    {
      keys[n] = "quality";
      values[n++] = JPEG_QUALITY;
    }
  if (icc_profile != NULL)
    {
      keys[n] = "icc-profile";
      values[n++] = icc_profile;
    }
  if (!gdk_pixbuf_save_to_bufferv (pixbuf, &buffer, &size, png ? "png" : "jpeg",
                                   (char **) keys, (char **) values, &local_error))
    {
      g_set_error (error, WR_PHOTO_ERROR, WR_PHOTO_ERROR_DAMAGED,
                   _("The photo could not be turned upright: %s"), local_error->message);
      return NULL;
    }
  *out_media_type = g_strdup (png ? "image/png" : "image/jpeg");
  return g_bytes_new_take (buffer, size);
}

static GBytes *
reencode (GBytes          *data,
          const char      *media_type,
          guint            orientation,
          char           **out_media_type,
          GError         **error)
{
  g_autoptr(GdkPixbuf) pixbuf = load_pixbuf (data, media_type, error);
  g_autoptr(GdkPixbuf) upright = NULL;
  const char *embedded;

  if (pixbuf == NULL)
    return NULL;
  /* TIFF's loader reads its orientation as an option; HEIC's turns it itself. */
  if (orientation == 1 && (embedded = gdk_pixbuf_get_option (pixbuf, "orientation")))
    orientation = (guint) g_ascii_strtoull (embedded, NULL, 10);
  {
    g_autoptr(GdkPixbuf) opaque = drop_opaque_alpha (pixbuf);

    upright = turn_upright (opaque, orientation);
  }
  if (upright == NULL)
    {
      g_set_error (error, WR_PHOTO_ERROR, WR_PHOTO_ERROR_DAMAGED, _("The photo is too big to turn upright"));
      return NULL;
    }
  return encode (upright, gdk_pixbuf_get_option (pixbuf, "icc-profile"), g_ascii_strcasecmp (media_type, "image/png") == 0,
                 out_media_type, error);
}

static gboolean
is_converted_type (const char *media_type)
{
  static const char *const types[] = {
    "image/heic", "image/heif", "image/heic-sequence", "image/heif-sequence", "image/avif",
    "image/webp", "image/tiff",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    {
      if (g_ascii_strcasecmp (media_type, types[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

/**
 * wr_photo_clean:
 * @data: a file's bytes
 * @media_type: its media type, such as image/jpeg
 * @flags: %WR_PHOTO_FLAGS_KEEP_ORIGINAL to keep it as it is
 * @out_media_type: (out) (transfer full): the media type of what is returned
 * @out_changes: (out): what was changed
 * @error: return location for a #GError
 *
 * Removes a photo's location and camera details, and turns its pixels
 * upright by its EXIF orientation (a PNG's from its eXIf chunk). JPEG and
 * PNG stay in their format, re-encoded only when they must be turned (a
 * JPEG at quality 95, a PNG without loss); HEIC, HEIF, AVIF, WebP
 * and TIFF become JPEG (PNG with transparency) where gdk-pixbuf can read
 * them, and are refused where it cannot. Other files are returned as they are.
 *
 * Returns: (transfer full): the bytes to store, or %NULL
 */
GBytes *
wr_photo_clean (GBytes          *data,
                const char      *media_type,
                WrPhotoFlags     flags,
                char           **out_media_type,
                WrPhotoChanges  *out_changes,
                GError         **error)
{
  g_autoptr(GByteArray) out = NULL;
  WrPhotoChanges changes = WR_PHOTO_CHANGED_NOTHING;
  guint orientation = 1;
  gconstpointer bytes;
  gsize length;
  gboolean ok;

  g_return_val_if_fail (data != NULL && media_type != NULL, NULL);
  g_return_val_if_fail (out_media_type != NULL && out_changes != NULL, NULL);

  *out_changes = WR_PHOTO_CHANGED_NOTHING;
  *out_media_type = NULL;

  if ((flags & WR_PHOTO_FLAGS_KEEP_ORIGINAL) != 0)
    goto as_it_is;

  if (is_converted_type (media_type))
    {
      GBytes *converted = reencode (data, media_type, 1, out_media_type, error);

      if (converted == NULL)
        return NULL;
      *out_changes = WR_PHOTO_CHANGED_FORMAT | WR_PHOTO_CHANGED_DETAILS | WR_PHOTO_CHANGED_LOCATION;
      return converted;
    }

  bytes = g_bytes_get_data (data, &length);
  out = g_byte_array_sized_new (length);
  if (g_ascii_strcasecmp (media_type, "image/jpeg") == 0)
    ok = strip_jpeg (bytes, length, out, &orientation, &changes, error);
  else if (g_ascii_strcasecmp (media_type, "image/png") == 0)
    ok = strip_png (bytes, length, out, &orientation, &changes, error);
  else
    goto as_it_is;
  if (!ok)
    return NULL;

  if (orientation >= 2 && orientation <= 8)
    {
      /* Decoded from the stripped copy, so that no metadata can reach
       * the encoder.
       */
      g_autoptr(GBytes) stripped = g_byte_array_free_to_bytes (g_steal_pointer (&out));
      GBytes *turned = reencode (stripped, media_type, orientation, out_media_type, error);

      if (turned == NULL)
        return NULL;
      *out_changes = changes | WR_PHOTO_CHANGED_UPRIGHT;
      return turned;
    }

  *out_media_type = g_strdup (media_type);
  *out_changes = changes;
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));

as_it_is:
  *out_media_type = g_strdup (media_type);
  return g_bytes_ref (data);
}

/**
 * wr_photo_describe_changes:
 * @file_name: the name the user knows the photo by
 * @changes: what wr_photo_clean() did
 *
 * Returns: (transfer full) (nullable): a sentence for the user, or %NULL
 *   when nothing was changed
 */
char *
wr_photo_describe_changes (const char     *file_name,
                           WrPhotoChanges  changes)
{
  gboolean location = (changes & WR_PHOTO_CHANGED_LOCATION) != 0;

  if ((changes & WR_PHOTO_CHANGED_FORMAT) != 0)
    return g_strdup_printf (_("Location and camera details removed from %s, kept as JPEG or PNG so that "
                              "reports can show it"), file_name);
  if ((changes & WR_PHOTO_CHANGED_UPRIGHT) != 0)
    {
      if (location)
        return g_strdup_printf (_("Location and camera details removed from %s, and turned upright"), file_name);
      if ((changes & WR_PHOTO_CHANGED_DETAILS) != 0)
        return g_strdup_printf (_("Camera details removed from %s, and turned upright"), file_name);
      return g_strdup_printf (_("%s turned upright"), file_name);
    }
  if (location)
    return g_strdup_printf (_("Location and camera details removed from %s"), file_name);
  if ((changes & WR_PHOTO_CHANGED_DETAILS) != 0)
    return g_strdup_printf (_("Camera details removed from %s"), file_name);
  return NULL;
}

void
wr_attachment_file_free (WrAttachmentFile *file)
{
  if (file == NULL)
    return;
  g_free (file->file_name);
  g_free (file->media_type);
  g_clear_pointer (&file->data, g_bytes_unref);
  g_free (file);
}

/* photo.heic kept as JPEG is photo.jpg. */
static char *
rename_for (const char *name,
            const char *old_type,
            const char *new_type)
{
  const char *dot;

  if (g_strcmp0 (old_type, new_type) == 0)
    return g_strdup (name);
  dot = strrchr (name, '.');
  return g_strdup_printf ("%.*s.%s", dot && dot != name ? (int) (dot - name) : (int) strlen (name), name,
                          g_str_equal (new_type, "image/png") ? "png" : "jpg");
}

/* Photos are known by their first bytes, whatever their name says and
 * whether or not the system has a media type database (Windows, tests).
 */
static const char *
sniff_photo_type (const guint8 *data,
                  gsize         length)
{
  if (length >= 3 && memcmp (data, "\xFF\xD8\xFF", 3) == 0)
    return "image/jpeg";
  if (length >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "image/png";
  if (length >= 4 && (memcmp (data, "II*\0", 4) == 0 || memcmp (data, "MM\0*", 4) == 0))
    return "image/tiff";
  if (length >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return "image/webp";
  if (length >= 12 && memcmp (data + 4, "ftyp", 4) == 0)
    {
      const guint8 *brand = data + 8;

      if (memcmp (brand, "avif", 4) == 0 || memcmp (brand, "avis", 4) == 0)
        return "image/avif";
      if (memcmp (brand, "heic", 4) == 0 || memcmp (brand, "heix", 4) == 0 ||
          memcmp (brand, "hevc", 4) == 0 || memcmp (brand, "heim", 4) == 0 ||
          memcmp (brand, "heis", 4) == 0)
        return "image/heic";
      if (memcmp (brand, "mif1", 4) == 0 || memcmp (brand, "msf1", 4) == 0)
        return "image/heif";
    }
  return NULL;
}

/**
 * wr_attachment_file_read:
 * @file: a photo or document
 * @flags: how to treat a photo
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads @file, finds its media type and cleans it with wr_photo_clean().
 * It may take a second for a big photo: call it off the main loop.
 *
 * Returns: (transfer full): what to attach, or %NULL
 */
WrAttachmentFile *
wr_attachment_file_read (GFile         *file,
                         WrPhotoFlags   flags,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(WrAttachmentFile) result = g_new0 (WrAttachmentFile, 1);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *type = NULL;
  g_autofree char *mime = NULL;
  g_autofree char *stored_type = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  bytes = g_file_load_bytes (file, cancellable, NULL, error);
  if (bytes == NULL)
    return NULL;
  mime = g_strdup (sniff_photo_type (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)));
  if (mime == NULL)
    {
      type = g_content_type_guess (name, g_bytes_get_data (bytes, NULL), MIN (g_bytes_get_size (bytes), 4096), NULL);
      mime = g_content_type_get_mime_type (type);
    }
  if (mime == NULL)
    mime = g_strdup ("application/octet-stream");

  result->data = wr_photo_clean (bytes, mime, flags, &stored_type, &result->changes, error);
  if (result->data == NULL)
    {
      g_prefix_error (error, "%s: ", name);
      return NULL;
    }
  result->file_name = rename_for (name, mime, stored_type);
  result->media_type = g_steal_pointer (&stored_type);
  return g_steal_pointer (&result);
}

static void
read_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  WrAttachmentFile *result = wr_attachment_file_read (G_FILE (source_object),
                                                      GPOINTER_TO_UINT (task_data), cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) wr_attachment_file_free);
}

/**
 * wr_attachment_file_read_async:
 * @file: a photo or document
 * @flags: how to treat a photo
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's main context when done
 * @user_data: for @callback
 *
 * Runs wr_attachment_file_read() in a worker thread.
 */
void
wr_attachment_file_read_async (GFile               *file,
                               WrPhotoFlags         flags,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, wr_attachment_file_read_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (flags), NULL);
  g_task_run_in_thread (task, read_in_thread);
}

/**
 * wr_attachment_file_read_finish:
 * @file: the #GFile read
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): what to attach, or %NULL
 */
WrAttachmentFile *
wr_attachment_file_read_finish (GFile         *file,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, file), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
