/* test-photo.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Photos lose their location and camera details, and are turned upright,
 * as they are attached. The photos are made here, with an EXIF segment
 * written by hand, and what is stored is read back with a JPEG and EXIF
 * reader of this test's own, not with the code under test.
 */

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <string.h>

#include "wr-photo.h"
#include "wr-store.h"

#define FORM_SHA "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* A little-endian TIFF: IFD0 with Make, Orientation and a GPS pointer; the
 * GPS IFD with GPSLatitudeRef "N" and GPSLatitude 51/1 30/1 0/1.
 */
static GBytes *
make_exif (guint orientation)
{
  GByteArray *tiff = g_byte_array_new ();
  guint8 buffer[4];

#define U16(v) (buffer[0] = (v) & 0xFF, buffer[1] = ((v) >> 8) & 0xFF, g_byte_array_append (tiff, buffer, 2))
#define U32(v) (buffer[0] = (v) & 0xFF, buffer[1] = ((v) >> 8) & 0xFF, buffer[2] = ((v) >> 16) & 0xFF, \
                buffer[3] = ((v) >> 24) & 0xFF, g_byte_array_append (tiff, buffer, 4))
  g_byte_array_append (tiff, (const guint8 *) "Exif\0\0II*\0", 10);
  U32 (8);
  /* IFD0 at 8: 3 entries, 8 + 2 + 36 + 4 = 50. */
  U16 (3);
  U16 (0x010F); U16 (2); U32 (4); g_byte_array_append (tiff, (const guint8 *) "Cam\0", 4);
  U16 (0x0112); U16 (3); U32 (1); U16 (orientation); U16 (0);
  U16 (0x8825); U16 (4); U32 (1); U32 (50);
  U32 (0);
  /* GPS IFD at 50: 2 entries, 50 + 2 + 24 + 4 = 80, where the rationals go. */
  U16 (2);
  U16 (0x0001); U16 (2); U32 (2); g_byte_array_append (tiff, (const guint8 *) "N\0\0\0", 4);
  U16 (0x0002); U16 (5); U32 (3); U32 (80);
  U32 (0);
  U32 (51); U32 (1); U32 (30); U32 (1); U32 (0); U32 (1);
#undef U16
#undef U32
  return g_byte_array_free_to_bytes (tiff);
}

static void
append_segment (GByteArray   *out,
                guint8        marker,
                const guint8 *body,
                gsize         length)
{
  guint8 head[4] = { 0xFF, marker, (length + 2) >> 8, (length + 2) & 0xFF };

  g_byte_array_append (out, head, 4);
  g_byte_array_append (out, body, length);
}

/* A 40 x 20 JPEG, red on the left and blue on the right, as a phone held
 * upright stores it with orientation 6: turned upright it is 20 x 40, red
 * at the top. It carries EXIF with GPS, XMP with a location, a comment and
 * a second picture after its end, as phones' files do.
 */
static GBytes *
make_phone_jpeg (guint orientation)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 40, 20);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) exif = make_exif (orientation);
  g_autofree char *jpeg = NULL;
  const char *xmp = "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>51,30N</exif:GPSLatitude></x:xmpmeta>";
  GByteArray *out = g_byte_array_new ();
  gsize size;
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);

  for (int y = 0; y < 20; y++)
    for (int x = 0; x < 40; x++)
      {
        guint8 *p = pixels + y * stride + x * 3;

        p[0] = x < 20 ? 220 : 0;
        p[1] = 0;
        p[2] = x < 20 ? 0 : 220;
      }
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &jpeg, &size, "jpeg", &error, "quality", "90", NULL));
  g_assert_no_error (error);
  g_assert_cmpint ((guint8) jpeg[0], ==, 0xFF);
  g_assert_cmpint ((guint8) jpeg[1], ==, 0xD8);

  g_byte_array_append (out, (const guint8 *) jpeg, 2);
  append_segment (out, 0xE1, g_bytes_get_data (exif, NULL), g_bytes_get_size (exif));
  append_segment (out, 0xE1, (const guint8 *) xmp, 29 + strlen (xmp + 29));
  append_segment (out, 0xFE, (const guint8 *) "Taken on a Pixel 7", 18);
  g_byte_array_append (out, (const guint8 *) jpeg + 2, size - 2);
  g_byte_array_append (out, (const guint8 *) "\xFF\xD8\xFF\xE1 second picture", 19);
  return g_byte_array_free_to_bytes (out);
}

/* What this test's own reader finds in a JPEG. */
typedef struct
{
  gboolean exif;
  gboolean gps;
  guint    orientation;
  gboolean xmp;
  gboolean comment;
  guint    width;
  guint    height;
  gsize    scan_start;     /* where the first scan's header starts */
  gsize    end;
  gboolean ends_at_eoi;    /* nothing after the end of the image */
} JpegInfo;

static guint
be16 (const guint8 *p)
{
  return p[0] << 8 | p[1];
}

static guint
le16 (const guint8 *p)
{
  return p[1] << 8 | p[0];
}

static void
read_exif (const guint8 *tiff,
           gsize         length,
           JpegInfo     *info)
{
  guint32 ifd;
  guint n;

  info->exif = TRUE;
  g_assert_cmpmem (tiff, 4, "II*\0", 4);
  ifd = tiff[4] | tiff[5] << 8 | tiff[6] << 16 | (guint32) tiff[7] << 24;
  g_assert_cmpuint (ifd + 2, <=, length);
  n = le16 (tiff + ifd);
  for (guint i = 0; i < n; i++)
    {
      const guint8 *entry = tiff + ifd + 2 + 12 * i;

      if (le16 (entry) == 0x8825)
        info->gps = TRUE;
      if (le16 (entry) == 0x0112)
        info->orientation = le16 (entry + 8);
    }
}

static JpegInfo
read_jpeg (GBytes *bytes)
{
  gsize length;
  const guint8 *d = g_bytes_get_data (bytes, &length);
  JpegInfo info = { 0 };
  gsize pos = 2;

  g_assert_cmpuint (length, >, 4);
  g_assert_cmpint (be16 (d), ==, 0xFFD8);
  while (pos + 4 <= length)
    {
      guint marker = be16 (d + pos);
      guint seg = be16 (d + pos + 2);

      g_assert_cmpint (d[pos], ==, 0xFF);
      if (marker == 0xFFE1 && memcmp (d + pos + 4, "Exif\0\0", 6) == 0)
        read_exif (d + pos + 10, seg - 8, &info);
      else if (marker == 0xFFE1)
        info.xmp = TRUE;
      else if (marker == 0xFFFE)
        info.comment = TRUE;
      else if (marker == 0xFFC0 || marker == 0xFFC2)
        {
          info.height = be16 (d + pos + 5);
          info.width = be16 (d + pos + 7);
        }
      else if (marker == 0xFFDA)
        {
          info.scan_start = pos;
          break;
        }
      pos += 2 + seg;
    }
  g_assert_cmpuint (info.scan_start, >, 0);
  info.ends_at_eoi = be16 (d + length - 2) == 0xFFD9;
  info.end = length;
  return info;
}

/* By the loader's name: G_TEST_OPTION_ISOLATE_DIRS leaves no media type
 * database for gdk-pixbuf to guess with.
 */
static GdkPixbuf *
decode (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  const guint8 *d = g_bytes_get_data (bytes, NULL);
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type (d[0] == 0xFF ? "jpeg" : "png", &error);

  g_assert_no_error (error);
  g_assert_true (gdk_pixbuf_loader_write_bytes (loader, bytes, &error));
  g_assert_true (gdk_pixbuf_loader_close (loader, &error));
  g_assert_no_error (error);
  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

static void
assert_colour (GdkPixbuf *pixbuf,
               int        x,
               int        y,
               gboolean   red)
{
  const guint8 *p = gdk_pixbuf_read_pixels (pixbuf) + y * gdk_pixbuf_get_rowstride (pixbuf)
                    + x * gdk_pixbuf_get_n_channels (pixbuf);

  if (red)
    g_assert_true (p[0] > 150 && p[2] < 80);
  else
    g_assert_true (p[2] > 150 && p[0] < 80);
}

/* The test's photo really carries what is to be removed. */
static void
test_reader (void)
{
  g_autoptr(GBytes) phone = make_phone_jpeg (6);
  JpegInfo info = read_jpeg (phone);

  g_assert_true (info.exif);
  g_assert_true (info.gps);
  g_assert_cmpuint (info.orientation, ==, 6);
  g_assert_true (info.xmp);
  g_assert_true (info.comment);
  g_assert_cmpuint (info.width, ==, 40);
  g_assert_cmpuint (info.height, ==, 20);
}

/* Orientation 6, attached through the store: upright, and no GPS. */
static void
test_turned_and_stripped (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) phone = make_phone_jpeg (6);
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "walkround", NULL);
  g_autofree char *db = g_build_filename (dir, "walkround.db", NULL);
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "photo.jpg", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(WrAttachmentFile) prepared = NULL;
  g_autoptr(WrStore) store = NULL;
  g_autoptr(WrService) service = NULL;
  g_autoptr(WrVisit) visit = NULL;
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *message = NULL;
  WrServiceFields service_fields = { .name = "Ward 7", .directorate = "Medicine", .site = "General" };
  JpegInfo info;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (phone, NULL), g_bytes_get_size (phone), NULL));
  store = wr_store_open (db, &error);
  g_assert_no_error (error);
  service = wr_store_add_service (store, &service_fields, &error);
  g_assert_no_error (error);
  {
    WrVisitFields fields = {
      .kind = "quality-visit",
      .form_id = "quality-visit",
      .form_version = 1,
      .form_sha256 = FORM_SHA,
      .service_id = wr_service_get_id (service),
    };
    visit = wr_store_create_visit (store, &fields, &error);
    g_assert_no_error (error);
  }

  prepared = wr_attachment_file_read (file, WR_PHOTO_FLAGS_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (prepared->file_name, ==, "photo.jpg");
  g_assert_cmpstr (prepared->media_type, ==, "image/jpeg");
  g_assert_cmpint (prepared->changes, ==,
                   WR_PHOTO_CHANGED_LOCATION | WR_PHOTO_CHANGED_DETAILS | WR_PHOTO_CHANGED_UPRIGHT);
  message = wr_photo_describe_changes (prepared->file_name, prepared->changes);
  g_assert_cmpstr (message, ==, "Location and camera details removed from photo.jpg, and turned upright");

  uuid = wr_store_add_attachment (store, wr_visit_get_uuid (visit), NULL, prepared->file_name,
                                  prepared->media_type, prepared->data, NULL, &error);
  g_assert_no_error (error);
  stored = wr_store_get_attachment_data (store, uuid, &error);
  g_assert_no_error (error);

  info = read_jpeg (stored);
  g_assert_false (info.exif);
  g_assert_false (info.gps);
  g_assert_false (info.xmp);
  g_assert_false (info.comment);
  g_assert_true (info.ends_at_eoi);
  g_assert_null (g_strstr_len (g_bytes_get_data (stored, NULL), g_bytes_get_size (stored), "GPS"));
  g_assert_null (g_strstr_len (g_bytes_get_data (stored, NULL), g_bytes_get_size (stored), "second picture"));
  g_assert_cmpuint (info.width, ==, 20);
  g_assert_cmpuint (info.height, ==, 40);
  pixbuf = decode (stored);
  assert_colour (pixbuf, 10, 5, TRUE);
  assert_colour (pixbuf, 10, 34, FALSE);

  g_unlink (path);
  g_assert_finalize_object (g_steal_pointer (&store));
}

/* Every orientation comes out with the red half where the camera saw it. */
static void
test_every_orientation (void)
{
  /* Where the red half of the stored 40 x 20 picture ends up: top, bottom, left or right. */
  static const struct { guint orientation; guint width; char red; } cases[] = {
    { 1, 40, 'l' }, { 2, 40, 'r' }, { 3, 40, 'r' }, { 4, 40, 'l' },
    { 5, 20, 't' }, { 6, 20, 't' }, { 7, 20, 'b' }, { 8, 20, 'b' },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) phone = make_phone_jpeg (cases[i].orientation);
      g_autoptr(GBytes) clean = NULL;
      g_autoptr(GdkPixbuf) pixbuf = NULL;
      g_autofree char *type = NULL;
      WrPhotoChanges changes;
      int w, h;

      clean = wr_photo_clean (phone, "image/jpeg", WR_PHOTO_FLAGS_NONE, &type, &changes, &error);
      g_assert_no_error (error);
      g_assert_false (read_jpeg (clean).exif);
      pixbuf = decode (clean);
      w = gdk_pixbuf_get_width (pixbuf);
      h = gdk_pixbuf_get_height (pixbuf);
      g_assert_cmpint (w, ==, cases[i].width);
      g_assert_cmpint (w * h, ==, 800);
      g_assert_cmpint (!!(changes & WR_PHOTO_CHANGED_UPRIGHT), ==, cases[i].orientation != 1);
      switch (cases[i].red)
        {
        case 'l': assert_colour (pixbuf, 5, h / 2, TRUE); assert_colour (pixbuf, w - 5, h / 2, FALSE); break;
        case 'r': assert_colour (pixbuf, 5, h / 2, FALSE); assert_colour (pixbuf, w - 5, h / 2, TRUE); break;
        case 't': assert_colour (pixbuf, w / 2, 5, TRUE); assert_colour (pixbuf, w / 2, h - 5, FALSE); break;
        case 'b': assert_colour (pixbuf, w / 2, 5, FALSE); assert_colour (pixbuf, w / 2, h - 5, TRUE); break;
        default: g_assert_not_reached ();
        }
    }
}

/* An upright JPEG is cleaned without re-encoding: its image data is the
 * same bytes.
 */
static void
test_lossless (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) phone = make_phone_jpeg (1);
  g_autoptr(GBytes) clean = NULL;
  g_autofree char *type = NULL;
  WrPhotoChanges changes;
  JpegInfo before = read_jpeg (phone);
  JpegInfo after;
  const guint8 *a = g_bytes_get_data (phone, NULL);
  const guint8 *b;
  const guint8 *eoi;

  clean = wr_photo_clean (phone, "image/jpeg", WR_PHOTO_FLAGS_NONE, &type, &changes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (type, ==, "image/jpeg");
  g_assert_cmpint (changes, ==, WR_PHOTO_CHANGED_LOCATION | WR_PHOTO_CHANGED_DETAILS);
  after = read_jpeg (clean);
  g_assert_false (after.exif || after.xmp || after.comment);
  g_assert_true (after.ends_at_eoi);
  g_assert_false (before.ends_at_eoi);
  b = g_bytes_get_data (clean, NULL);
  /* The original's scan runs to its first EOI, before the second picture. */
  /* In a scan, 0xFF is followed only by 0x00 or a restart marker: the
   * first 0xFFD9 is its end.
   */
  for (eoi = a + before.scan_start; eoi[0] != 0xFF || eoi[1] != 0xD9; eoi++)
    g_assert_true (eoi + 2 < a + before.end);
  g_assert_cmpmem (a + before.scan_start, eoi + 2 - (a + before.scan_start),
                   b + after.scan_start, after.end - after.scan_start);

  /* Kept as it is when the user asks. */
  g_clear_pointer (&clean, g_bytes_unref);
  g_clear_pointer (&type, g_free);
  clean = wr_photo_clean (phone, "image/jpeg", WR_PHOTO_FLAGS_KEEP_ORIGINAL, &type, &changes, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (clean, phone));
  g_assert_cmpint (changes, ==, WR_PHOTO_CHANGED_NOTHING);
}

static GBytes *
png_chunk (const char *type,
           const char *data,
           gsize       length)
{
  GByteArray *out = g_byte_array_new ();
  guint8 head[8] = { length >> 24, length >> 16, length >> 8, length, type[0], type[1], type[2], type[3] };

  g_byte_array_append (out, head, 8);
  g_byte_array_append (out, (const guint8 *) data, length);
  /* The CRC is not checked by the cleaner, and is dropped with the chunk. */
  g_byte_array_append (out, (const guint8 *) "\0\0\0\0", 4);
  return g_byte_array_free_to_bytes (out);
}

static void
test_png (void)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 8, 8);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) exif = make_exif (1);
  g_autoptr(GBytes) exif_chunk = png_chunk ("eXIf", (const char *) g_bytes_get_data (exif, NULL) + 6,
                                            g_bytes_get_size (exif) - 6);
  g_autoptr(GBytes) text_chunk = png_chunk ("tEXt", "Comment\0Ward 7 bay 3", 20);
  g_autoptr(GBytes) photo = NULL;
  g_autoptr(GBytes) clean = NULL;
  g_autoptr(GdkPixbuf) back = NULL;
  g_autofree char *png = NULL;
  g_autofree char *type = NULL;
  GByteArray *out = g_byte_array_new ();
  WrPhotoChanges changes;
  gsize size;

  gdk_pixbuf_fill (pixbuf, 0x3366ccff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &png, &size, "png", &error, NULL));
  g_assert_no_error (error);
  /* After the signature and IHDR (8 + 25 bytes). */
  g_byte_array_append (out, (const guint8 *) png, 33);
  g_byte_array_append (out, g_bytes_get_data (exif_chunk, NULL), g_bytes_get_size (exif_chunk));
  g_byte_array_append (out, g_bytes_get_data (text_chunk, NULL), g_bytes_get_size (text_chunk));
  g_byte_array_append (out, (const guint8 *) png + 33, size - 33);
  photo = g_byte_array_free_to_bytes (out);

  clean = wr_photo_clean (photo, "image/png", WR_PHOTO_FLAGS_NONE, &type, &changes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (type, ==, "image/png");
  g_assert_cmpint (changes, ==, WR_PHOTO_CHANGED_LOCATION | WR_PHOTO_CHANGED_DETAILS);
  /* Exactly the PNG before the chunks were added. */
  g_assert_cmpmem (g_bytes_get_data (clean, NULL), g_bytes_get_size (clean), png, size);
  back = decode (clean);
  g_assert_cmpint (gdk_pixbuf_get_width (back), ==, 8);
}

/* A 40 x 20 opaque PNG, red on the left and blue on the right, with an
 * eXIf chunk giving @orientation and GPS: the TIFF structure alone, as
 * the PNG specification has it, or after JPEG's "Exif\0\0", as some
 * writers put it.
 */
static GBytes *
make_phone_png (guint    orientation,
                gboolean exif_prefix)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 40, 20);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) exif = make_exif (orientation);
  gsize skip = exif_prefix ? 0 : 6;
  g_autoptr(GBytes) exif_chunk = png_chunk ("eXIf", (const char *) g_bytes_get_data (exif, NULL) + skip,
                                            g_bytes_get_size (exif) - skip);
  g_autofree char *png = NULL;
  GByteArray *out = g_byte_array_new ();
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  gsize size;

  for (int y = 0; y < 20; y++)
    for (int x = 0; x < 40; x++)
      {
        guint8 *p = pixels + y * stride + x * 3;

        p[0] = x < 20 ? 220 : 0;
        p[1] = 0;
        p[2] = x < 20 ? 0 : 220;
      }
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &png, &size, "png", &error, NULL));
  g_assert_no_error (error);
  /* After the signature and IHDR (8 + 25 bytes). */
  g_byte_array_append (out, (const guint8 *) png, 33);
  g_byte_array_append (out, g_bytes_get_data (exif_chunk, NULL), g_bytes_get_size (exif_chunk));
  g_byte_array_append (out, (const guint8 *) png + 33, size - 33);
  return g_byte_array_free_to_bytes (out);
}

/* Whether a PNG has a chunk of @type, read chunk by chunk. */
static gboolean
png_has_chunk (GBytes     *bytes,
               const char *type)
{
  gsize length;
  const guint8 *d = g_bytes_get_data (bytes, &length);
  gsize pos = 8;

  g_assert_cmpuint (length, >, 8);
  g_assert_cmpmem (d, 8, "\x89PNG\r\n\x1a\n", 8);
  while (pos + 12 <= length)
    {
      guint32 chunk_length = (guint32) d[pos] << 24 | (guint32) d[pos + 1] << 16 | (guint32) d[pos + 2] << 8 | d[pos + 3];

      if (memcmp (d + pos + 4, type, 4) == 0)
        return TRUE;
      pos += 12 + (gsize) chunk_length;
    }
  return FALSE;
}

/* A PNG from a phone held upright (eXIf orientation 6), which gdk-pixbuf's
 * PNG loader would show on its side: it is turned upright, 20 x 40 with
 * red at the top, and stays a PNG, with no eXIf left.
 */
static void
test_png_turned (void)
{
  for (guint i = 0; i < 2; i++)
    {
      gboolean exif_prefix = i == 1;
      g_autoptr(GBytes) photo = make_phone_png (6, exif_prefix);
      g_autoptr(GdkPixbuf) as_loaded = decode (photo);
      g_autoptr(GBytes) clean = NULL;
      g_autoptr(GdkPixbuf) back = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *type = NULL;
      WrPhotoChanges changes;

      g_test_message ("eXIf %s JPEG's Exif prefix", exif_prefix ? "with" : "without");
      /* The photo carries what is to be removed, and gdk-pixbuf alone
       * would not turn it: its PNG loader does not read eXIf.
       */
      g_assert_true (png_has_chunk (photo, "eXIf"));
      g_assert_cmpint (gdk_pixbuf_get_width (as_loaded), ==, 40);
      g_assert_null (gdk_pixbuf_get_option (as_loaded, "orientation"));

      clean = wr_photo_clean (photo, "image/png", WR_PHOTO_FLAGS_NONE, &type, &changes, &error);
      g_assert_no_error (error);
      g_assert_nonnull (clean);
      g_assert_cmpstr (type, ==, "image/png");
      g_assert_cmpint (changes, ==, WR_PHOTO_CHANGED_UPRIGHT | WR_PHOTO_CHANGED_LOCATION | WR_PHOTO_CHANGED_DETAILS);
      g_assert_false (png_has_chunk (clean, "eXIf"));
      g_assert_true (png_has_chunk (clean, "IEND"));

      back = decode (clean);
      g_assert_cmpint (gdk_pixbuf_get_width (back), ==, 20);
      g_assert_cmpint (gdk_pixbuf_get_height (back), ==, 40);
      /* Turned clockwise: the left (red) half is now the top. */
      assert_colour (back, 10, 5, TRUE);
      assert_colour (back, 10, 35, FALSE);
    }
}

/* A TIFF (which browsers do not show) becomes a JPEG, with a new name. */
static void
test_tiff_converted (void)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 16, 16);
  g_autoptr(GError) error = NULL;
  g_autofree char *tiff = NULL;
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "scan.tiff", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(WrAttachmentFile) prepared = NULL;
  gsize size;

  gdk_pixbuf_fill (pixbuf, 0x20a040ff);
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &tiff, &size, "tiff", &error, NULL))
    {
      g_test_skip ("gdk-pixbuf cannot write TIFF here");
      return;
    }
  g_assert_true (g_file_set_contents (path, tiff, size, NULL));
  prepared = wr_attachment_file_read (file, WR_PHOTO_FLAGS_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (prepared->file_name, ==, "scan.jpg");
  g_assert_cmpstr (prepared->media_type, ==, "image/jpeg");
  g_assert_true (prepared->changes & WR_PHOTO_CHANGED_FORMAT);
  g_assert_cmpuint (read_jpeg (prepared->data).width, ==, 16);
  g_unlink (path);
}

/* A damaged photo is refused rather than stored with what it may hold;
 * other files are kept as they are.
 */
static void
test_damaged_and_other (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bad = g_bytes_new_static ("\xFF\xD8\xFF\xE1\xFF\xFF Exif", 12);
  g_autoptr(GBytes) pdf = g_bytes_new_static ("%PDF-1.4 GPS", 12);
  g_autoptr(GBytes) clean = NULL;
  g_autoptr(GBytes) kept = NULL;
  g_autofree char *type = NULL;
  WrPhotoChanges changes;

  clean = wr_photo_clean (bad, "image/jpeg", WR_PHOTO_FLAGS_NONE, &type, &changes, &error);
  g_assert_null (clean);
  g_assert_error (error, WR_PHOTO_ERROR, WR_PHOTO_ERROR_DAMAGED);

  kept = wr_photo_clean (pdf, "application/pdf", WR_PHOTO_FLAGS_NONE, &type, &changes, NULL);
  g_assert_true (g_bytes_equal (kept, pdf));
  g_assert_cmpint (changes, ==, WR_PHOTO_CHANGED_NOTHING);
  g_assert_null (wr_photo_describe_changes ("scan.pdf", changes));
}

/* A HEIC that cannot be opened (no loader, or damaged) is refused, never
 * stored with what it may hold; with the choice to keep it, it is kept.
 */
static void
test_heic_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "IMG_0001.HEIC", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(WrAttachmentFile) refused = NULL;
  g_autoptr(WrAttachmentFile) kept = NULL;
  const char heic[] = "\0\0\0\x18" "ftypheic\0\0\0\0mif1heic" "GPS 51N";

  g_assert_true (g_file_set_contents (path, heic, sizeof heic - 1, NULL));
  /* heif-gdk-pixbuf warns about the damage it reports, too. */
  {
    GLogLevelFlags fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

    refused = wr_attachment_file_read (file, WR_PHOTO_FLAGS_NONE, NULL, &error);
    g_log_set_always_fatal (fatal);
  }
  g_assert_null (refused);
  g_assert_true (g_error_matches (error, WR_PHOTO_ERROR, WR_PHOTO_ERROR_DAMAGED) ||
                 g_error_matches (error, WR_PHOTO_ERROR, WR_PHOTO_ERROR_UNSUPPORTED));
  g_assert_true (g_str_has_prefix (error->message, "IMG_0001.HEIC: "));

  kept = wr_attachment_file_read (file, WR_PHOTO_FLAGS_KEEP_ORIGINAL, NULL, NULL);
  g_assert_nonnull (kept);
  g_assert_cmpstr (kept->media_type, ==, "image/heic");
  g_assert_cmpstr (kept->file_name, ==, "IMG_0001.HEIC");
  g_assert_cmpuint (g_bytes_get_size (kept->data), ==, sizeof heic - 1);
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/walkround/photo/reader", test_reader);
  g_test_add_func ("/walkround/photo/turned-and-stripped", test_turned_and_stripped);
  g_test_add_func ("/walkround/photo/every-orientation", test_every_orientation);
  g_test_add_func ("/walkround/photo/lossless", test_lossless);
  g_test_add_func ("/walkround/photo/png", test_png);
  g_test_add_func ("/walkround/photo/png-turned", test_png_turned);
  g_test_add_func ("/walkround/photo/tiff-converted", test_tiff_converted);
  g_test_add_func ("/walkround/photo/damaged-and-other", test_damaged_and_other);
  g_test_add_func ("/walkround/photo/heic-refused", test_heic_refused);

  return g_test_run ();
}
