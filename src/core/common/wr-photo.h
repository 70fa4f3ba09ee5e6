/* wr-photo.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define WR_PHOTO_ERROR (wr_photo_error_quark ())

typedef enum
{
  WR_PHOTO_ERROR_DAMAGED,
  WR_PHOTO_ERROR_UNSUPPORTED,
} WrPhotoError;

typedef enum
{
  WR_PHOTO_FLAGS_NONE          = 0,
  /* Keep the file as it is: its location, camera details and orientation. */
  WR_PHOTO_FLAGS_KEEP_ORIGINAL = 1 << 0,
} WrPhotoFlags;

/* What cleaning did to a photo. */
typedef enum
{
  WR_PHOTO_CHANGED_NOTHING  = 0,
  /* Camera details, dates, comments or a thumbnail were removed. */
  WR_PHOTO_CHANGED_DETAILS  = 1 << 0,
  /* A location (EXIF GPS, or XMP or IPTC that may hold one) was removed. */
  WR_PHOTO_CHANGED_LOCATION = 1 << 1,
  /* The pixels were turned upright by the EXIF orientation (re-encoded). */
  WR_PHOTO_CHANGED_UPRIGHT  = 1 << 2,
  /* A format browsers and reports cannot show (HEIC, TIFF…) became JPEG or PNG. */
  WR_PHOTO_CHANGED_FORMAT   = 1 << 3,
} WrPhotoChanges;

/* A file read to be attached: its name, media type and bytes as they will be stored. */
typedef struct
{
  char           *file_name;
  char           *media_type;
  GBytes         *data;
  WrPhotoChanges  changes;
} WrAttachmentFile;

GQuark            wr_photo_error_quark          (void);
GBytes           *wr_photo_clean                (GBytes               *data,
                                                 const char           *media_type,
                                                 WrPhotoFlags          flags,
                                                 char                **out_media_type,
                                                 WrPhotoChanges       *out_changes,
                                                 GError              **error) G_GNUC_WARN_UNUSED_RESULT;
char             *wr_photo_describe_changes     (const char           *file_name,
                                                 WrPhotoChanges        changes) G_GNUC_WARN_UNUSED_RESULT;
void              wr_attachment_file_free       (WrAttachmentFile     *file);
WrAttachmentFile *wr_attachment_file_read       (GFile                *file,
                                                 WrPhotoFlags          flags,
                                                 GCancellable         *cancellable,
                                                 GError              **error) G_GNUC_WARN_UNUSED_RESULT;
void              wr_attachment_file_read_async (GFile                *file,
                                                 WrPhotoFlags          flags,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
WrAttachmentFile *wr_attachment_file_read_finish (GFile               *file,
                                                  GAsyncResult        *result,
                                                  GError             **error) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrAttachmentFile, wr_attachment_file_free)

G_END_DECLS
