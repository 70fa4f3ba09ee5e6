/* wr-pack-writer.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-pack-writer"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libxml/xmlwriter.h>
#include <string.h>
#include <unistd.h>

#include "wr-atomic-file.h"
#include "wr-device-key.h"
#include "wr-pack-format.h"
#include "wr-pack-digest.h"
#include "wr-pack-writer-private.h"
#include "wr-pack-writer.h"
#include "wr-store-private.h"
#include "wr-string-private.h"
#include "wr-visit-conditions-private.h"
#include "wr-work-queue-private.h"
#include "wr-xml-private.h"

/* Attachment bytes are read this much at a time (a multiple of 3, so
 * that base64 needs no carry between reads), and each <data> element
 * holds at most PIECE_SIZE bytes: 1 MiB of base64, far below the 10 MB
 * text node that XML parsers accept without special options.
 */
#define CHUNK_SIZE (3 * 16 * 1024)
#define PIECE_SIZE (16 * CHUNK_SIZE)

/* How often the progress signal is emitted, in visits. */
#define PROGRESS_STEP 64

/**
 * WrPackWriter:
 *
 * Writes an evidence pack (docs/evidence-pack.md) from a store, streaming:
 * rows go from SQLite cursors to xmlTextWriter a few visits at a time (see
 * "Output" below), so memory does not grow with the number of visits. A file is written beside its
 * target under a temporary name and renamed into place only once complete
 * and on disk.
 *
 * Write from one thread at a time. The store must not be used by another
 * thread meanwhile: a worker thread opens its own #WrStore.
 */
/* The page cache an export reads with, in KiB. */
#define EXPORT_CACHE_KIB 2048

struct _WrPackWriter
{
  GObject        parent_instance;

  WrStore       *store;
  WrFormLibrary *library;
  WrScope  *filter;
  gboolean       remember_shared;
  GPtrArray     *seal_for;      /* of WrSealRecipient, or NULL: a plain pack */

  /* Read with g_atomic_int_get() from any thread. */
  gint           done;
  gint           total;
};

G_DEFINE_FINAL_TYPE (WrPackWriter, wr_pack_writer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_LIBRARY,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum {
  PROGRESS,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void
wr_pack_writer_finalize (GObject *object)
{
  WrPackWriter *self = (WrPackWriter *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->library);
  g_clear_pointer (&self->filter, wr_scope_free);
  g_clear_pointer (&self->seal_for, g_ptr_array_unref);

  G_OBJECT_CLASS (wr_pack_writer_parent_class)->finalize (object);
}

static void
wr_pack_writer_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  WrPackWriter *self = WR_PACK_WRITER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_LIBRARY:
      self->library = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wr_pack_writer_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  WrPackWriter *self = WR_PACK_WRITER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_LIBRARY:
      g_value_set_object (value, self->library);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wr_pack_writer_class_init (WrPackWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wr_pack_writer_finalize;
  object_class->get_property = wr_pack_writer_get_property;
  object_class->set_property = wr_pack_writer_set_property;

  properties [PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         WR_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties [PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL,
                         WR_TYPE_FORM_LIBRARY,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * WrPackWriter::progress:
   * @self: a #WrPackWriter
   * @done: visits written so far
   * @total: visits the pack will hold
   *
   * Emitted in the writing thread every few visits and at the end. From
   * another thread, poll wr_pack_writer_get_progress() instead.
   */
  signals [PROGRESS] =
    g_signal_new ("progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
wr_pack_writer_init (WrPackWriter *self)
{
  self->filter = wr_scope_new ();
  self->remember_shared = TRUE;
}

/**
 * wr_pack_writer_new:
 * @store: the store to export from
 * @library: the forms, whose files the pack embeds
 *
 * Returns: (transfer full): a writer of every visit, until a filter is set
 */
WrPackWriter *
wr_pack_writer_new (WrStore       *store,
                    WrFormLibrary *library)
{
  g_return_val_if_fail (WR_IS_STORE (store), NULL);
  g_return_val_if_fail (WR_IS_FORM_LIBRARY (library), NULL);

  return g_object_new (WR_TYPE_PACK_WRITER, "store", store, "library", library, NULL);
}

/**
 * wr_pack_writer_set_filter:
 * @self: a #WrPackWriter
 * @filter: (nullable): which visits to write; %NULL for all
 *
 * The filter is copied, and recorded as the pack's scope.
 */
void
wr_pack_writer_set_filter (WrPackWriter  *self,
                           const WrScope *filter)
{
  g_return_if_fail (WR_IS_PACK_WRITER (self));

  g_clear_pointer (&self->filter, wr_scope_free);
  self->filter = filter != NULL ? wr_scope_copy (filter) : wr_scope_new ();
}

/**
 * wr_pack_writer_get_filter:
 * @self: a #WrPackWriter
 *
 * Returns: (transfer none): the filter of the packs written
 */
const WrScope *
wr_pack_writer_get_filter (WrPackWriter *self)
{
  g_return_val_if_fail (WR_IS_PACK_WRITER (self), NULL);

  return self->filter;
}

/**
 * wr_pack_writer_set_remember_shared:
 * @self: a #WrPackWriter
 * @remember: whether the packs written leave this database
 *
 * A pack that is shared (the default) is remembered: once it is written,
 * each visit's content in it counts as seen, so that a pack that later
 * brings that content back (a hub's merged pack) finds it old news rather
 * than a conflict with the visit's newer draft. A pack that never leaves
 * this computer, such as one written only to make a report from, must
 * not be remembered: content that nobody else has is never old news.
 */
void
wr_pack_writer_set_remember_shared (WrPackWriter *self,
                                    gboolean      remember)
{
  g_return_if_fail (WR_IS_PACK_WRITER (self));

  self->remember_shared = !!remember;
}

/**
 * wr_pack_writer_set_seal_for:
 * @self: a #WrPackWriter
 * @recipients: (nullable) (element-type WrSealRecipient): the keys to
 *   seal the pack for (at most 255), or %NULL or empty for a plain pack
 *
 * A sealed pack is the signed pack, encrypted as it is written for each
 * of @recipients (docs/evidence-pack.md, "Sealed packs"): only they can
 * open it. The pack is never held whole in memory.
 */
void
wr_pack_writer_set_seal_for (WrPackWriter *self,
                             GPtrArray    *recipients)
{
  g_return_if_fail (WR_IS_PACK_WRITER (self));
  g_return_if_fail (recipients == NULL || recipients->len <= WR_SEAL_MAX_RECIPIENTS);

  g_clear_pointer (&self->seal_for, g_ptr_array_unref);
  if (recipients != NULL && recipients->len > 0)
    self->seal_for = g_ptr_array_ref (recipients);
}

/**
 * wr_pack_writer_get_progress:
 * @self: a #WrPackWriter
 * @done: (out) (optional): visits written so far
 * @total: (out) (optional): visits the pack will hold
 *
 * Safe to call from any thread while a pack is written, for a progress
 * bar. After a write, @done is the number of visits it wrote.
 */
void
wr_pack_writer_get_progress (WrPackWriter *self,
                             guint        *done,
                             guint        *total)
{
  g_return_if_fail (WR_IS_PACK_WRITER (self));

  if (done != NULL)
    *done = (guint) g_atomic_int_get (&self->done);
  if (total != NULL)
    *total = (guint) g_atomic_int_get (&self->total);
}

/* Output ----------------------------------------------------------------------- */

/* Three kinds of work, on two threads: the calling thread reads the rows
 * from SQLite and copies each visit's into a compact buffer; the
 * "pack-writer" thread makes their XML and digest, hashes it and writes
 * it out. Reading and formatting cost about as much, so both cores work.
 * Items go from one to the other through a queue that holds at most
 * MAX_IN_FLIGHT of them, each a few hundred kilobytes at most (an
 * attachment goes in pieces), so memory stays flat.
 *
 * Before and after the visits the calling thread uses xmlTextWriter
 * itself and hands over the bytes it made; from the <visits> start tag
 * until all visits are written, xmlTextWriter belongs to the other thread.
 */
typedef enum
{
  ITEM_BYTES,   /* XML made in the calling thread */
  ITEM_ROWS,    /* rows of visits (Record after Record) */
} ItemKind;

typedef struct
{
  ItemKind    kind;
  GByteArray *data;
} Item;

static void
item_free (gpointer data)
{
  Item *item = data;

  g_clear_pointer (&item->data, g_byte_array_unref);
  g_free (item);
}

#define MAX_IN_FLIGHT    8
#define ROWS_SIZE        (64 * 1024)
#define SEGMENT_SIZE     (256 * 1024)

/* A row in an ITEM_ROWS buffer: this header at an 8-byte boundary, then
 * the row's struct as the store gave it, then each of its strings as a
 * byte 0 (for NULL) or 1 followed by the string and its NUL. The string
 * pointers in the struct are put right when it is read back.
 */
typedef enum
{
  ROW_VISIT,
  ROW_MEMBER,
  ROW_REPEAT,
  ROW_ANSWER,
  ROW_HIDDEN_ANSWER,   /* a ROW_ANSWER that its form's conditions hide */
  ROW_OBSERVATION,
  ROW_LINK,
  ROW_ACTION,
  ROW_ATTACHMENT,
  ROW_DATA,            /* an attachment's bytes, after the header */
  ROW_ATTACHMENT_END,
  ROW_SUPPORT_REQUEST,
  ROW_REVIEW,
  ROW_DELETED,         /* a deleted row (format version 5) */
  ROW_VERSION,         /* another version of a row in conflict, as its XML */
  ROW_VISIT_END,
  N_ROW_KINDS
} RowKind;

typedef struct
{
  const char *content;
} VersionRow;

typedef struct
{
  guint32 kind;
  guint32 length;      /* of the whole record, header included */
} RecordHeader;

#define MAX_STRINGS 14

typedef struct
{
  gsize size;
  guint n_strings;
  gsize strings[MAX_STRINGS];
} RowLayout;

#define S(type, field) G_STRUCT_OFFSET (type, field)

static const RowLayout row_layouts[N_ROW_KINDS] = {
  [ROW_VISIT] = { sizeof (WrExportVisit), 14, {
    S (WrExportVisit, uuid), S (WrExportVisit, kind), S (WrExportVisit, status), S (WrExportVisit, started),
    S (WrExportVisit, ended), S (WrExportVisit, form_id), S (WrExportVisit, form_sha256),
    S (WrExportVisit, service_uuid), S (WrExportVisit, device_id), S (WrExportVisit, created),
    S (WrExportVisit, modified), S (WrExportVisit, change_device), S (WrExportVisit, clock),
    S (WrExportVisit, completed_clock) } },
  [ROW_MEMBER] = { sizeof (WrExportMember), 5, {
    S (WrExportMember, uuid), S (WrExportMember, name), S (WrExportMember, role), S (WrExportMember, modified),
    S (WrExportMember, device_id) } },
  [ROW_REPEAT] = { sizeof (WrExportRepeat), 4, {
    S (WrExportRepeat, uuid), S (WrExportRepeat, section_id), S (WrExportRepeat, modified),
    S (WrExportRepeat, device_id) } },
#define ANSWER_LAYOUT { sizeof (WrExportAnswer), 7, { \
    S (WrExportAnswer, question_id), S (WrExportAnswer, member_uuid), S (WrExportAnswer, repeat_uuid), \
    S (WrExportAnswer, value), S (WrExportAnswer, comment), S (WrExportAnswer, modified), \
    S (WrExportAnswer, device_id) } }
  [ROW_ANSWER] = ANSWER_LAYOUT,
  [ROW_HIDDEN_ANSWER] = ANSWER_LAYOUT,
#undef ANSWER_LAYOUT
  [ROW_OBSERVATION] = { sizeof (WrExportObservation), 11, {
    S (WrExportObservation, uuid), S (WrExportObservation, question_id), S (WrExportObservation, member_uuid),
    S (WrExportObservation, repeat_uuid), S (WrExportObservation, text), S (WrExportObservation, kind),
    S (WrExportObservation, voice), S (WrExportObservation, category), S (WrExportObservation, created),
    S (WrExportObservation, modified), S (WrExportObservation, device_id) } },
  [ROW_LINK] = { sizeof (WrExportLink), 2, {
    S (WrExportLink, kind), S (WrExportLink, ref) } },
  [ROW_ACTION] = { sizeof (WrExportAction), 11, {
    S (WrExportAction, uuid), S (WrExportAction, text), S (WrExportAction, owner), S (WrExportAction, due),
    S (WrExportAction, status), S (WrExportAction, observation_uuid), S (WrExportAction, question_id),
    S (WrExportAction, created), S (WrExportAction, modified), S (WrExportAction, device_id),
    S (WrExportAction, repeat_uuid) } },
  [ROW_ATTACHMENT] = { sizeof (WrExportAttachment), 9, {
    S (WrExportAttachment, uuid), S (WrExportAttachment, question_id), S (WrExportAttachment, file_name),
    S (WrExportAttachment, media_type), S (WrExportAttachment, sha256), S (WrExportAttachment, caption),
    S (WrExportAttachment, created), S (WrExportAttachment, modified), S (WrExportAttachment, device_id) } },
  [ROW_SUPPORT_REQUEST] = { sizeof (WrExportSupportRequest), 10, {
    S (WrExportSupportRequest, uuid), S (WrExportSupportRequest, section_id), S (WrExportSupportRequest, domain),
    S (WrExportSupportRequest, text), S (WrExportSupportRequest, requested), S (WrExportSupportRequest, status),
    S (WrExportSupportRequest, owner), S (WrExportSupportRequest, created), S (WrExportSupportRequest, modified),
    S (WrExportSupportRequest, device_id) } },
  [ROW_REVIEW] = { sizeof (WrExportReview), 7, {
    S (WrExportReview, uuid), S (WrExportReview, decision), S (WrExportReview, reviewer),
    S (WrExportReview, comment), S (WrExportReview, created), S (WrExportReview, modified),
    S (WrExportReview, device_id) } },
  [ROW_DELETED] = { sizeof (WrExportDeleted), 9, {
    S (WrExportDeleted, key), S (WrExportDeleted, row), S (WrExportDeleted, uuid), S (WrExportDeleted, question_id),
    S (WrExportDeleted, member_uuid), S (WrExportDeleted, repeat_uuid), S (WrExportDeleted, device_id),
    S (WrExportDeleted, modified), S (WrExportDeleted, clock) } },
  [ROW_VERSION] = { sizeof (VersionRow), 1, { S (VersionRow, content) } },
};

#undef S

/* Room for any of the rows, read back. */
typedef union
{
  WrExportVisit       visit;
  WrExportMember      member;
  WrExportRepeat      repeat;
  WrExportAnswer      answer;
  WrExportObservation observation;
  WrExportLink        link;
  WrExportAction      action;
  WrExportAttachment  attachment;
  WrExportSupportRequest support_request;
  WrExportReview      review;
  WrExportDeleted     deleted;
  VersionRow          version;
} AnyRow;

/* An element started in a chunk: its name, and whether its start tag is
 * still open (no content yet), or it has text, or child elements.
 */
typedef enum
{
  RAW_OPEN,
  RAW_TEXT,
  RAW_CHILDREN,
} RawState;

typedef struct
{
  const char *name;
  RawState    state;
} RawElement;

/* <visit><observations><observation><link>, and <attachment><data>. */
#define MAX_DEPTH 8

typedef struct
{
  WrPackWriter  *self;         /* NULL when only computing a digest */
  WrStore       *store;
  WrPackHiding  *hiding;
  GCancellable  *cancellable;
  xmlTextWriter *xml;          /* NULL when only computing a digest */
  gboolean       failed;       /* an xmlTextWriter call failed */

  /* Only a visit's digest is made (no XML), into last_digest; its
   * attachments' bytes are not read.
   */
  gboolean       digest_only;
  char          *last_digest;

  /* Each visit written: its uuid, NUL, its digest, NUL; or NULL. */
  GByteArray    *shared;

  /* The key that signs the pack and the manifest it signs, or NULL for
   * a pack that is not signed (one only made for a report).
   */
  WrDeviceKey   *key;
  GChecksum     *manifest;

  /* What xmlTextWriter made so far; and the writing thread. */
  GByteArray    *segment;
  GThread       *thread;
  WrWorkQueue   *queue;
  GMutex         mutex;        /* for thread_error */
  GError        *thread_error; /* why the writing thread stopped */
  int            fd;
  gint           write_errno;  /* of the write that failed, or 0; atomic */
  WrPackSealer  *sealer;       /* a sealed pack's, in the writing thread */

  /* The rows read for the writing thread, not yet queued. */
  GByteArray    *rows;

  /* The rest belongs to the writing thread during the visits. */

  /* The digest of the visit being written, or NULL outside visits. */
  WrPackDigest  *digest;

  /* Text made safe for XML, when it had to be changed. */
  GString       *safe;

  /* Inside a visit the XML is made here, by the functions below rather
   * than element by element through xmlTextWriter (which costs several
   * times more), and handed to it whole with xmlTextWriterWriteRaw().
   * The bytes are those xmlTextWriter would write: see raw_start().
   */
  GString       *chunk;         /* chunk_buffer inside a visit, else NULL */
  GString       *chunk_buffer;

  /* Or one visit made as a document, for a merge: no XML to read back. */
  xmlDoc        *tree;
  xmlNode       *tree_at;       /* the open element */
  RawElement     open[MAX_DEPTH];
  guint          depth;
  gboolean       visits_started;  /* the first visit's chunk is written */
  const char    *section;         /* the open <team>, <answers>…, or NULL */
  gboolean       in_observation;  /* an <observation> is open, for links */

  /* The attachment being written. */
  GChecksum     *checksum;
  gsize          n_bytes;
  gsize          piece_bytes;
  int            base64_state;
  int            base64_save;
  char          *base64;
  char          *attachment_uuid;
  char          *attachment_file_name;
  char          *attachment_sha256;
  gint64         attachment_size;
} Out;

static gboolean
write_out (gpointer      user_data,
           const guint8 *data,
           gsize         len)
{
  Out *out = user_data;
  gsize written = 0;

  if (g_atomic_int_get (&out->write_errno) != 0)
    return FALSE;

  while (written < len)
    {
      gssize n = write (out->fd, data + written, len - written);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          g_atomic_int_set (&out->write_errno, errno);
          return FALSE;
        }
      written += n;
    }

  return TRUE;
}

static gboolean
write_all (Out          *out,
           const guint8 *data,
           gsize         len)
{
  if (out->sealer != NULL)
    return g_atomic_int_get (&out->write_errno) == 0 && wr_pack_sealer_write (out->sealer, data, len);

  return write_out (out, data, len);
}

/* Output is written 256 KB at a time: a visit is a few kilobytes. */
#define WRITE_SIZE (256 * 1024)

static void write_rows (Out        *out,
                        GByteArray *rows,
                        GByteArray *pending);

static gpointer
writing_thread (gpointer data)
{
  Out *out = data;
  g_autoptr(GByteArray) pending = g_byte_array_sized_new (WRITE_SIZE + 64 * 1024);
  Item *item;

  while ((item = _wr_work_queue_pop (out->queue)) != NULL)
    {
      if (item->kind == ITEM_BYTES)
        g_byte_array_append (pending, item->data->data, item->data->len);
      else
        write_rows (out, item->data, pending);

      if (pending->len >= WRITE_SIZE)
        {
          write_all (out, pending->data, pending->len);
          g_byte_array_set_size (pending, 0);
        }
      _wr_work_queue_done (out->queue, item);
    }

  write_all (out, pending->data, pending->len);

  return NULL;
}

static int
write_cb (void       *context,
          const char *buffer,
          int         len)
{
  Out *out = context;

  g_byte_array_append (out->segment, (const guint8 *) buffer, len);
  return len;
}

static void
push_item (Out        *out,
           ItemKind    kind,
           GByteArray *data)
{
  Item *item = g_new0 (Item, 1);

  item->kind = kind;
  item->data = data;

  /* The writing thread never stops the queue: it takes every item. */
  _wr_work_queue_push (out->queue, item);
}

/* Hands what xmlTextWriter made so far to the writing thread. */
static void
push_segment (Out *out)
{
  if (!out->failed && xmlTextWriterFlush (out->xml) < 0)
    out->failed = TRUE;
  if (out->segment->len == 0)
    return;

  push_item (out, ITEM_BYTES, g_steal_pointer (&out->segment));
  out->segment = g_byte_array_sized_new (32 * 1024);
}

/* Hands the rows read so far to the writing thread. */
static void
push_rows (Out *out)
{
  if (out->rows->len == 0)
    return;

  push_item (out, ITEM_ROWS, g_steal_pointer (&out->rows));
  out->rows = g_byte_array_sized_new (ROWS_SIZE + 16 * 1024);
}

/* Waits until the writing thread has done every item. */
static void
wait_for_thread (Out *out)
{
  _wr_work_queue_wait_idle (out->queue);
}

/* Why the writing thread stopped, if it did. */
static gboolean
check_thread (Out     *out,
              GError **error)
{
  int write_errno = g_atomic_int_get (&out->write_errno);
  gboolean ok = TRUE;

  if (write_errno != 0)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_WRITE,
                   _("Could not write the evidence pack: %s"), g_strerror (write_errno));
      return FALSE;
    }

  g_mutex_lock (&out->mutex);
  if (out->thread_error != NULL)
    {
      g_propagate_error (error, g_error_copy (out->thread_error));
      ok = FALSE;
    }
  g_mutex_unlock (&out->mutex);

  return ok;
}

static void
set_thread_error (Out    *out,
                  GError *error)
{
  g_mutex_lock (&out->mutex);
  if (out->thread_error == NULL)
    out->thread_error = error;
  else
    g_error_free (error);
  g_mutex_unlock (&out->mutex);
}

static int
close_cb (void *context)
{
  /* The file descriptor is the caller's, to sync and close. */
  return 0;
}

/* XML 1.0 cannot carry most control characters, and a database filled by
 * other means than the window might hold invalid UTF-8: either would make
 * the pack unreadable, so they become U+FFFD. The usual text passes as it
 * is, after one scan.
 */
static const char *
safe_text (Out        *out,
           const char *text)
{
  g_autofree char *valid = NULL;
  gboolean ascii = TRUE;
  gboolean ok = TRUE;
  const guchar *p;

  for (p = (const guchar *) text; *p != '\0'; p++)
    {
      if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
        ok = FALSE;
      else if (*p >= 0x80)
        {
          ascii = FALSE;
          if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))
            ok = FALSE;
        }
    }
  if (ok && (ascii || g_utf8_validate (text, (const char *) p - text, NULL)))
    return text;

  valid = g_utf8_make_valid (text, -1);
  g_string_truncate (out->safe, 0);
  for (const char *q = valid; *q != '\0'; q = g_utf8_next_char (q))
    {
      gunichar c = g_utf8_get_char (q);

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF)
        c = 0xFFFD;
      g_string_append_unichar (out->safe, c);
    }

  return out->safe->str;
}

/* Escaping for chunks, byte for byte as xmlTextWriter does it: in text
 * (xmlEncodeSpecialChars) & < > " and a carriage return; in attribute
 * values also a tab and a line feed, which a parser would otherwise turn
 * into spaces. Other bytes, UTF-8 included, pass as they are. The text
 * has been through safe_text() already.
 */
static void
append_escaped (GString    *chunk,
                const char *value,
                gboolean    attribute)
{
  const char *run = value;
  const char *p;

  for (p = value; *p != '\0'; p++)
    {
      const char *entity;

      switch (*p)
        {
        case '&': entity = "&amp;"; break;
        case '<': entity = "&lt;"; break;
        case '>': entity = "&gt;"; break;
        case '"': entity = "&quot;"; break;
        case '\r': entity = "&#13;"; break;
        case '\t': entity = attribute ? "&#9;" : NULL; break;
        case '\n': entity = attribute ? "&#10;" : NULL; break;
        default: continue;
        }
      if (entity == NULL)
        continue;
      _wr_string_append_len (chunk, run, p - run);
      _wr_string_append (chunk, entity);
      run = p + 1;
    }
  _wr_string_append_len (chunk, run, p - run);
}

/* In a chunk, each element starts a line and ends one, as xmlTextWriter
 * writes with an empty indent string: "<a>\n<b x=\"1\"/>\n<c>text</c>\n</a>\n".
 * The start tag stays open until the element has content, or ends.
 */
static void
raw_start (Out        *out,
           const char *name)
{
  if (out->depth > 0)
    {
      RawElement *parent = &out->open[out->depth - 1];

      g_assert (parent->state != RAW_TEXT);
      if (parent->state == RAW_OPEN)
        _wr_string_append_len (out->chunk, ">\n", 2);
      parent->state = RAW_CHILDREN;
    }

  g_assert (out->depth < MAX_DEPTH);
  out->open[out->depth].name = name;
  out->open[out->depth].state = RAW_OPEN;
  out->depth++;

  g_string_append_c (out->chunk, '<');
  _wr_string_append (out->chunk, name);
}

static void
raw_end (Out *out)
{
  RawElement *element;

  g_assert (out->depth > 0);
  element = &out->open[--out->depth];
  if (element->state == RAW_OPEN)
    _wr_string_append_len (out->chunk, "/>\n", 3);
  else
    {
      _wr_string_append_len (out->chunk, "</", 2);
      _wr_string_append (out->chunk, element->name);
      _wr_string_append_len (out->chunk, ">\n", 2);
    }
}

/* Before an element's text: its start tag ends, without a line break. */
static void
raw_content (Out *out)
{
  RawElement *element;

  g_assert (out->depth > 0);
  element = &out->open[out->depth - 1];
  g_assert (element->state != RAW_CHILDREN);
  if (element->state == RAW_OPEN)
    g_string_append_c (out->chunk, '>');
  element->state = RAW_TEXT;
}

static void
start (Out        *out,
       const char *name)
{
  if (out->failed)
    return;
  if (out->chunk != NULL)
    raw_start (out, name);
  else if (out->xml != NULL && xmlTextWriterStartElement (out->xml, BAD_CAST name) < 0)
    out->failed = TRUE;
  if (out->tree != NULL)
    {
      xmlNode *node = xmlNewDocNode (out->tree, NULL, BAD_CAST name, NULL);

      if (out->tree_at == NULL)
        xmlDocSetRootElement (out->tree, node);
      else
        xmlAddChild (out->tree_at, node);
      out->tree_at = node;
    }
  if (out->digest != NULL)
    wr_pack_digest_start_element (out->digest, name);
}

static void
end (Out *out)
{
  if (out->failed)
    return;
  if (out->chunk != NULL)
    raw_end (out);
  else if (out->xml != NULL && xmlTextWriterEndElement (out->xml) < 0)
    out->failed = TRUE;
  if (out->tree != NULL)
    out->tree_at = out->tree_at->parent != (xmlNode *) out->tree ? out->tree_at->parent : NULL;
  if (out->digest != NULL)
    wr_pack_digest_end_element (out->digest);
}

static void
attr (Out        *out,
      const char *name,
      const char *value)
{
  if (out->failed)
    return;
  value = safe_text (out, value);
  if (out->chunk != NULL)
    {
      g_assert (out->depth > 0 && out->open[out->depth - 1].state == RAW_OPEN);
      g_string_append_c (out->chunk, ' ');
      _wr_string_append (out->chunk, name);
      _wr_string_append_len (out->chunk, "=\"", 2);
      append_escaped (out->chunk, value, TRUE);
      g_string_append_c (out->chunk, '"');
    }
  else if (out->xml != NULL && xmlTextWriterWriteAttribute (out->xml, BAD_CAST name, BAD_CAST value) < 0)
    out->failed = TRUE;
  /* The value as it is: xmlNewProp() reads no entities in it. */
  if (out->tree != NULL)
    xmlNewProp (out->tree_at, BAD_CAST name, BAD_CAST value);
  if (out->digest != NULL)
    wr_pack_digest_attribute (out->digest, name, value);
}

/* Empty optional fields are left out rather than written empty. */
static void
attr_opt (Out        *out,
          const char *name,
          const char *value)
{
  if (value != NULL && value[0] != '\0')
    attr (out, name, value);
}

static void
attr_int (Out        *out,
          const char *name,
          gint64      value)
{
  char text[24];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  attr (out, name, text);
}

/* Format version 4: the number of the change that last wrote a row, whose
 * device is its device attribute; left out for a row from before
 * histories (change 0), so that its digest is what it was.
 */
static void
attr_change (Out    *out,
             gint64  change_number)
{
  if (change_number > 0)
    attr_int (out, "change", change_number);
}

static void
text (Out        *out,
      const char *value)
{
  if (out->failed || value[0] == '\0')
    return;
  value = safe_text (out, value);
  if (out->chunk != NULL)
    {
      raw_content (out);
      append_escaped (out->chunk, value, FALSE);
    }
  else if (out->xml != NULL && xmlTextWriterWriteString (out->xml, BAD_CAST value) < 0)
    out->failed = TRUE;
  if (out->tree != NULL)
    xmlAddChild (out->tree_at, xmlNewDocText (out->tree, BAD_CAST value));
  if (out->digest != NULL)
    wr_pack_digest_text (out->digest, value, -1);
}

static void
text_element (Out        *out,
              const char *name,
              const char *value)
{
  start (out, name);
  text (out, value);
  end (out);
}

static void
text_element_opt (Out        *out,
                  const char *name,
                  const char *value)
{
  if (value != NULL && value[0] != '\0')
    text_element (out, name, value);
}

/* Says why writing stopped: the disk's own reason when a write failed. */
static gboolean
check_output (Out     *out,
              GError **error)
{
  if (!check_thread (out, error))
    return FALSE;
  if (out->failed)
    {
      g_set_error_literal (error, WR_PACK_ERROR, WR_PACK_ERROR_WRITE,
                           _("Could not write the evidence pack"));
      return FALSE;
    }

  return TRUE;
}

/* The head of the pack ----------------------------------------------------------- */

static void
write_list (Out                *out,
            const char         *name,
            const char * const *values)
{
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    text_element (out, name, values[i]);
}

static void
write_scope (Out           *out,
             const WrScope *filter)
{
  start (out, "scope");
  text_element_opt (out, "from", filter->from);
  text_element_opt (out, "to", filter->to);
  for (guint i = 0; filter->services != NULL && filter->services[i] != NULL; i++)
    {
      start (out, "service");
      attr (out, "uuid", filter->services[i]);
      end (out);
    }
  write_list (out, "kind", (const char * const *) filter->kinds);
  write_list (out, "regulation", (const char * const *) filter->regulations);
  write_list (out, "statement", (const char * const *) filter->statements);
  for (guint i = 0; filter->evidence != NULL && filter->evidence[i] != NULL; i++)
    {
      const char *colon = strchr (filter->evidence[i], ':');
      g_autofree char *kind = colon ? g_strndup (filter->evidence[i], colon - filter->evidence[i]) : NULL;

      if (kind == NULL)
        continue;
      start (out, "evidence");
      attr (out, "kind", kind);
      attr (out, "ref", colon + 1);
      end (out);
    }
  text_element_opt (out, "status", filter->status);
  text_element_opt (out, "changed-since", filter->changed_since);
  for (guint i = 0; filter->visits != NULL && filter->visits[i] != NULL; i++)
    {
      start (out, "visit");
      attr (out, "uuid", filter->visits[i]);
      end (out);
    }
  end (out);
}

/* The form file as it is on disk now, if it is still the one the visits
 * were recorded on.
 */
static GBytes *
read_form_file (WrPackWriter       *self,
                const WrExportForm *row)
{
  g_autoptr(WrXmlProblem) problem = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sha256 = NULL;
  WrForm *form;

  form = wr_form_library_lookup (self->library, row->form_id, row->form_version);
  if (form == NULL || wr_form_get_path (form) == NULL ||
      !g_str_equal (wr_form_get_sha256 (form), row->form_sha256))
    return NULL;

  if (!(bytes = _wr_xml_read_file (wr_form_get_path (form), WR_XML_MAX_FILE_SIZE, &problem)))
    return NULL;

  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  if (!g_str_equal (sha256, row->form_sha256))
    return NULL;

  return g_steal_pointer (&bytes);
}

static gboolean
write_form (const WrExportForm  *row,
            gpointer             user_data,
            GError             **error)
{
  Out *out = user_data;
  g_autoptr(GBytes) bytes = read_form_file (out->self, row);
  g_autofree char *base64 = NULL;
  gsize len;
  const guchar *data;
  int state = 0;
  int save = 0;
  gsize n;

  if (bytes == NULL)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_FORM_MISSING,
                   _("Visits were recorded on the form “%s” version %u, whose file is not installed here or has changed since: "
                     "add that exact form file to the forms folder and export again, or leave those visits out"),
                   row->form_id, row->form_version);
      return FALSE;
    }

  data = g_bytes_get_data (bytes, &len);
  base64 = g_malloc ((len / 3 + 1) * 4 + 4 + ((len / 3 + 1) * 4 + 4) / 72 + 2);
  n = g_base64_encode_step (data, len, TRUE, base64, &state, &save);
  n += g_base64_encode_close (TRUE, base64 + n, &state, &save);
  base64[n] = '\0';

  start (out, "form");
  attr (out, "id", row->form_id);
  attr_int (out, "version", row->form_version);
  attr (out, "sha256", row->form_sha256);
  attr_int (out, "size", len);
  if (out->manifest != NULL)
    wr_pack_manifest_line (out->manifest, "form", row->form_sha256, NULL);
  if (!out->failed && xmlTextWriterWriteRawLen (out->xml, BAD_CAST base64, (int) n) < 0)
    out->failed = TRUE;
  end (out);
  push_segment (out);

  return check_output (out, error);
}

/* Ends the digest of what was written since it was started, as a line
 * of the manifest.
 */
static void
manifest_part (Out        *out,
               const char *tag)
{
  g_autofree char *hex = NULL;

  if (out->digest == NULL)
    return;
  hex = wr_pack_digest_finish (out->digest);
  g_clear_pointer (&out->digest, wr_pack_digest_free);
  wr_pack_manifest_line (out->manifest, tag, hex, NULL);
}

static gboolean
write_service (const WrExportService  *row,
               gpointer                user_data,
               GError                **error)
{
  Out *out = user_data;

  /* Services are outside every visit's digest: the manifest has one of
   * each, made as a visit's is.
   */
  if (out->manifest != NULL)
    out->digest = wr_pack_digest_new ();
  start (out, "service");
  attr (out, "uuid", row->uuid);
  attr (out, "name", row->name);
  attr_opt (out, "directorate", row->directorate);
  attr_opt (out, "site", row->site);
  attr_opt (out, "type", row->type);
  attr_opt (out, "cqc-location-id", row->cqc_location_id);
  attr (out, "archived", row->archived ? "true" : "false");
  attr (out, "created", row->created);
  attr (out, "modified", row->modified);
  end (out);
  manifest_part (out, "service");

  return check_output (out, error);
}

/* Hidden answers (the calling thread) ---------------------------------------- */

/* A visit's answers and repeats as they are read, by where their
 * strings are in the rows (which may move while they grow): 0 for none.
 * The conditions ask for answers by question, member and repeat uuid,
 * the order the store gives them in, so they are found by bisection.
 */
typedef struct
{
  gsize record;
  gsize question_id;
  gsize member_uuid;
  gsize repeat_uuid;
  gsize value;
} AnswerRef;

typedef struct
{
  gsize section_id;
  gsize uuid;
} RepeatRef;

typedef struct
{
  WrForm            *form;        /* NULL if it is not installed */
  WrVisitConditions *conditions;  /* NULL if no condition can hide anything */
} FormEntry;

struct _WrPackHiding
{
  WrFormLibrary *library;
  GHashTable    *forms;        /* "id\x1fversion" → FormEntry */
  GString       *key;
  GHashTable    *repeats;      /* section id → GPtrArray of repeat uuids, in order */
  GArray        *answers;      /* of AnswerRef, the visit's */
  GArray        *repeat_refs;  /* of RepeatRef, the visit's */
  const guint8  *base;         /* of the rows, while a visit is looked at */

  /* Kept for _wr_pack_writer_visit_digest(), which is called per visit. */
  GByteArray    *rows;
  GString       *safe;
};

static void
form_entry_free (FormEntry *entry)
{
  g_clear_pointer (&entry->conditions, _wr_visit_conditions_free);
  g_clear_object (&entry->form);
  g_free (entry);
}

#define STRING_AT(base, at) ((at) != 0 ? (const char *) (base) + (at) : "")

static int
compare_answers (const AnswerRef *a,
                 const AnswerRef *b,
                 const guint8    *base)
{
  int cmp;

  if ((cmp = strcmp (STRING_AT (base, a->question_id), STRING_AT (base, b->question_id))) != 0 ||
      (cmp = strcmp (STRING_AT (base, a->member_uuid), STRING_AT (base, b->member_uuid))) != 0)
    return cmp;
  return strcmp (STRING_AT (base, a->repeat_uuid), STRING_AT (base, b->repeat_uuid));
}

/**
 * _wr_pack_hiding_new:
 * @library: the forms the visits were recorded on
 *
 * Returns: (transfer full): what decides which answers are hidden
 */
WrPackHiding *
_wr_pack_hiding_new (WrFormLibrary *library)
{
  WrPackHiding *self = g_new0 (WrPackHiding, 1);

  self->library = g_object_ref (library);
  self->forms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) form_entry_free);
  self->key = g_string_new (NULL);
  self->repeats = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->answers = g_array_new (FALSE, FALSE, sizeof (AnswerRef));
  self->repeat_refs = g_array_new (FALSE, FALSE, sizeof (RepeatRef));
  self->rows = g_byte_array_sized_new (16 * 1024);
  self->safe = g_string_new (NULL);

  return self;
}

void
_wr_pack_hiding_free (WrPackHiding *self)
{
  if (self == NULL)
    return;

  /* The forms' conditions refer to the tables: they go first. */
  g_clear_pointer (&self->forms, g_hash_table_unref);
  g_string_free (self->key, TRUE);
  g_clear_pointer (&self->repeats, g_hash_table_unref);
  g_clear_pointer (&self->answers, g_array_unref);
  g_clear_pointer (&self->repeat_refs, g_array_unref);
  g_clear_pointer (&self->rows, g_byte_array_unref);
  g_string_free (self->safe, TRUE);
  g_clear_object (&self->library);
  g_free (self);
}

static const char *
stored_answer_cb (const char *question_id,
                  const char *member_uuid,
                  const char *repeat_uuid,
                  gpointer    user_data)
{
  WrPackHiding *self = user_data;
  guint low = 0;
  guint high = self->answers->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      const AnswerRef *ref = &g_array_index (self->answers, AnswerRef, middle);
      int cmp;

      if ((cmp = strcmp (question_id, STRING_AT (self->base, ref->question_id))) == 0 &&
          (cmp = strcmp (member_uuid, STRING_AT (self->base, ref->member_uuid))) == 0 &&
          (cmp = strcmp (repeat_uuid, STRING_AT (self->base, ref->repeat_uuid))) == 0)
        return ref->value != 0 ? (const char *) self->base + ref->value : NULL;
      if (cmp < 0)
        high = middle;
      else
        low = middle + 1;
    }

  return NULL;
}

static gboolean
form_has_conditions (WrForm *form)
{
  for (guint i = 0; i < wr_form_get_n_items (form); i++)
    {
      if (wr_form_item_get_relevant (wr_form_get_item (form, i)) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* The conditions of the visit's form, or NULL if none can hide anything
 * (or the form is not here: an export then stops, for want of its file).
 */
static WrVisitConditions *
lookup_conditions (WrPackHiding        *self,
                   const WrExportVisit *visit)
{
  FormEntry *entry;

  g_string_printf (self->key, "%s\x1f%u", visit->form_id, visit->form_version);
  if (!(entry = g_hash_table_lookup (self->forms, self->key->str)))
    {
      WrForm *form = wr_form_library_lookup (self->library, visit->form_id, visit->form_version);

      entry = g_new0 (FormEntry, 1);
      if (form != NULL)
        {
          entry->form = g_object_ref (form);
          if (form_has_conditions (form))
            entry->conditions = _wr_visit_conditions_new (form, self->repeats, stored_answer_cb, self);
        }
      g_hash_table_insert (self->forms, g_strdup (self->key->str), entry);
    }

  /* Another text under the same version would hide other answers. */
  if (entry->conditions == NULL || !g_str_equal (wr_form_get_sha256 (entry->form), visit->form_sha256))
    return NULL;

  return entry->conditions;
}

/* A visit starts: its answers and repeats are noted as they are read. */
static void
hiding_start_visit (WrPackHiding *self)
{
  g_array_set_size (self->answers, 0);
  g_array_set_size (self->repeat_refs, 0);
}

/* Marks the answers of the visit just read that its form's conditions
 * hide, as the visit page would, and those inside a removed repeat (its
 * repeat is not among the visit's): ROW_ANSWER becomes ROW_HIDDEN_ANSWER.
 */
static void
mark_hidden (WrPackHiding        *self,
             const WrExportVisit *visit,
             GByteArray          *rows)
{
  g_autoptr(GHashTable) live = NULL;
  WrVisitConditions *conditions;

  if (self == NULL || self->answers->len == 0)
    return;

  self->base = rows->data;
  live = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_remove_all (self->repeats);
  for (guint i = 0; i < self->repeat_refs->len; i++)
    {
      const RepeatRef *ref = &g_array_index (self->repeat_refs, RepeatRef, i);
      const char *section_id = STRING_AT (self->base, ref->section_id);
      GPtrArray *list;

      if (!(list = g_hash_table_lookup (self->repeats, section_id)))
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (self->repeats, (gpointer) section_id, list);
        }
      g_ptr_array_add (list, (gpointer) STRING_AT (self->base, ref->uuid));
      g_hash_table_add (live, (gpointer) STRING_AT (self->base, ref->uuid));
    }

  for (guint i = 0; i < self->answers->len; i++)
    {
      const AnswerRef *ref = &g_array_index (self->answers, AnswerRef, i);
      const char *repeat = STRING_AT (self->base, ref->repeat_uuid);

      if (repeat[0] != '\0' && !g_hash_table_contains (live, repeat))
        ((RecordHeader *) (rows->data + ref->record))->kind = ROW_HIDDEN_ANSWER;
    }

  if (!(conditions = lookup_conditions (self, visit)))
    {
      self->base = NULL;
      return;
    }

  /* The store gives them in order; should it not, they are put in order. */
  for (guint i = 1; i < self->answers->len; i++)
    {
      if (compare_answers (&g_array_index (self->answers, AnswerRef, i - 1),
                           &g_array_index (self->answers, AnswerRef, i), self->base) > 0)
        {
          g_array_sort_with_data (self->answers, (GCompareDataFunc) compare_answers, (gpointer) self->base);
          break;
        }
    }

  _wr_visit_conditions_reset (conditions);
  for (guint i = 0; i < self->answers->len; i++)
    {
      const AnswerRef *ref = &g_array_index (self->answers, AnswerRef, i);

      if (_wr_visit_conditions_hides (conditions, STRING_AT (self->base, ref->question_id),
                                      STRING_AT (self->base, ref->member_uuid),
                                      STRING_AT (self->base, ref->repeat_uuid)))
        ((RecordHeader *) (rows->data + ref->record))->kind = ROW_HIDDEN_ANSWER;
    }
  self->base = NULL;
}

/* Reading a visit's rows (the calling thread) ------------------------------------ */

/* Copies a row to the end of out->rows, as RecordHeader describes, and
 * returns where its record starts; @strings_at, if not NULL, gets where
 * each of its strings is (0 for NULL).
 */
static gsize
add_row_at (Out           *out,
            RowKind        kind,
            gconstpointer  row,
            gsize         *strings_at)
{
  const RowLayout *layout = &row_layouts[kind];
  GByteArray *rows = out->rows;
  RecordHeader header = { kind, 0 };
  gsize at = rows->len;
  gsize lengths[MAX_STRINGS];
  gsize size = sizeof header;
  guint8 *p;

  /* The record is sized first and grown once: a visit is hundreds of
   * rows of short strings, and appending each piece cost a call apiece.
   */
  if (row != NULL)
    {
      size += layout->size;
      for (guint i = 0; i < layout->n_strings; i++)
        {
          const char *value = G_STRUCT_MEMBER (const char *, row, layout->strings[i]);

          lengths[i] = value != NULL ? strlen (value) + 1 : 0;
          size += 1 + lengths[i];
        }
    }
  header.length = (guint32) size;
  g_byte_array_set_size (rows, at + ((size + 7) & ~(gsize) 7));

  p = rows->data + at;
  memcpy (p, &header, sizeof header);
  p += sizeof header;
  if (row != NULL)
    {
      memcpy (p, row, layout->size);
      p += layout->size;
    }
  for (guint i = 0; row != NULL && i < layout->n_strings; i++)
    {
      const char *value = G_STRUCT_MEMBER (const char *, row, layout->strings[i]);

      *p++ = value != NULL;
      if (strings_at != NULL)
        strings_at[i] = value != NULL ? (gsize) (p - rows->data) : 0;
      if (value != NULL)
        {
          memcpy (p, value, lengths[i]);
          p += lengths[i];
        }
    }
  /* The padding to the next 8-byte boundary is zeros, as it was. */
  memset (p, 0, rows->data + rows->len - p);

  return at;
}

static void
add_row (Out           *out,
         RowKind        kind,
         gconstpointer  row)
{
  add_row_at (out, kind, row, NULL);
}

static gboolean
read_member (const WrExportMember  *row,
             gpointer               user_data,
             GError               **error)
{
  add_row (user_data, ROW_MEMBER, row);
  return TRUE;
}

static gboolean
read_repeat (const WrExportRepeat  *row,
             gpointer               user_data,
             GError               **error)
{
  Out *out = user_data;
  gsize strings_at[MAX_STRINGS];
  RepeatRef ref;

  add_row_at (out, ROW_REPEAT, row, strings_at);
  if (out->hiding != NULL)
    {
      /* The layout's strings: uuid, section_id, modified. */
      ref.uuid = strings_at[0];
      ref.section_id = strings_at[1];
      g_array_append_val (out->hiding->repeat_refs, ref);
    }

  return TRUE;
}

static gboolean
read_answer (const WrExportAnswer  *row,
             gpointer               user_data,
             GError               **error)
{
  Out *out = user_data;
  gsize strings_at[MAX_STRINGS];
  AnswerRef ref;

  ref.record = add_row_at (out, ROW_ANSWER, row, strings_at);
  if (out->hiding != NULL)
    {
      /* The layout's strings: question_id, member_uuid, repeat_uuid, value… */
      ref.question_id = strings_at[0];
      ref.member_uuid = strings_at[1];
      ref.repeat_uuid = strings_at[2];
      ref.value = strings_at[3];
      g_array_append_val (out->hiding->answers, ref);
    }

  return TRUE;
}

static gboolean
read_link (const WrExportLink  *row,
           gpointer             user_data,
           GError             **error)
{
  add_row (user_data, ROW_LINK, row);
  return TRUE;
}

static gboolean
read_observation (const WrExportObservation  *row,
                  gpointer                    user_data,
                  GError                    **error)
{
  Out *out = user_data;

  add_row (out, ROW_OBSERVATION, row);
  return _wr_store_export_links (out->store, row->id, read_link, out, error);
}

static gboolean
read_action (const WrExportAction  *row,
             gpointer               user_data,
             GError               **error)
{
  add_row (user_data, ROW_ACTION, row);
  return TRUE;
}

static gboolean
read_chunk (const guint8  *data,
            gsize          len,
            gpointer       user_data,
            GError       **error)
{
  Out *out = user_data;
  RecordHeader header = { ROW_DATA, sizeof header + len };
  static const guint8 zeros[8] = { 0 };

  if (g_cancellable_set_error_if_cancelled (out->cancellable, error))
    return FALSE;

  g_byte_array_append (out->rows, (const guint8 *) &header, sizeof header);
  g_byte_array_append (out->rows, data, len);
  if (out->rows->len % 8 != 0)
    g_byte_array_append (out->rows, zeros, 8 - out->rows->len % 8);

  /* A large attachment goes in pieces (to the writing thread, if any). */
  if (out->queue != NULL && out->rows->len >= SEGMENT_SIZE)
    push_rows (out);

  return check_thread (out, error);
}

static gboolean
read_attachment (const WrExportAttachment  *row,
                 gpointer                   user_data,
                 GError                   **error)
{
  Out *out = user_data;

  add_row (out, ROW_ATTACHMENT, row);
  if (!out->digest_only &&
      !_wr_store_export_attachment_data (out->store, row->id, CHUNK_SIZE, read_chunk, out, error))
    return FALSE;
  add_row (out, ROW_ATTACHMENT_END, NULL);

  return TRUE;
}

static gboolean
read_support_request (const WrExportSupportRequest  *row,
                      gpointer                       user_data,
                      GError                       **error)
{
  add_row (user_data, ROW_SUPPORT_REQUEST, row);
  return TRUE;
}

static gboolean
read_review (const WrExportReview  *row,
             gpointer               user_data,
             GError               **error)
{
  add_row (user_data, ROW_REVIEW, row);
  return TRUE;
}

static void
report_progress (WrPackWriter *self,
                 guint         done,
                 guint         total)
{
  g_atomic_int_set (&self->done, (gint) done);
  if (done % PROGRESS_STEP == 0 || done == total)
    g_signal_emit (self, signals [PROGRESS], 0, done, total);
}

/* Reads a record back: the row's struct, with its strings put back,
 * pointing into the record. Returns where a ROW_DATA record's bytes start.
 */
static const guint8 *
decode_row (const RecordHeader *header,
            AnyRow             *row)
{
  const RowLayout *layout = &row_layouts[header->kind];
  const guint8 *p = (const guint8 *) header + sizeof *header;

  if (header->kind == ROW_DATA || layout->size == 0)
    return p;

  memcpy (row, p, layout->size);
  p += layout->size;
  for (guint i = 0; i < layout->n_strings; i++)
    {
      const char *value = NULL;

      if (*p++ != 0)
        {
          value = (const char *) p;
          p += strlen (value) + 1;
        }
      G_STRUCT_MEMBER (const char *, row, layout->strings[i]) = value;
    }

  return p;
}

static gboolean
read_deleted (const WrExportDeleted  *row,
              gpointer                user_data,
              GError                **error)
{
  add_row (user_data, ROW_DELETED, row);
  return TRUE;
}

/* The other versions of rows in conflict, after the rows and deletions:
 * each as a pack carries it, a deletion as its <deleted>.
 */
static gboolean
read_version (gint64       id,
              const char  *key,
              const char  *device,
              gint64       change,
              const char  *content,
              const char  *detected,
              gpointer     user_data,
              GError     **error)
{
  VersionRow version = { content };

  add_row (user_data, ROW_VERSION, &version);
  return TRUE;
}

static gboolean
read_visit (const WrExportVisit  *row,
            gpointer              user_data,
            GError              **error)
{
  Out *out = user_data;
  WrStore *store = out->store;

  if (g_cancellable_set_error_if_cancelled (out->cancellable, error) || !check_thread (out, error))
    return FALSE;

  if (out->hiding != NULL)
    hiding_start_visit (out->hiding);
  add_row (out, ROW_VISIT, row);
  if (!_wr_store_export_members (store, row->id, read_member, out, error) ||
      !_wr_store_export_repeats (store, row->id, read_repeat, out, error) ||
      !_wr_store_export_answers (store, row->id, read_answer, out, error))
    return FALSE;
  mark_hidden (out->hiding, row, out->rows);
  if (!_wr_store_export_observations (store, row->id, read_observation, out, error) ||
      !_wr_store_export_actions (store, row->id, read_action, out, error) ||
      !_wr_store_export_attachments (store, row->id, read_attachment, out, error) ||
      !_wr_store_export_support_requests (store, row->id, read_support_request, out, error) ||
      !_wr_store_export_reviews (store, row->id, read_review, out, error) ||
      !_wr_store_export_deletions (store, row->id, read_deleted, out, error) ||
      !_wr_store_import_list_row_versions (store, row->id, read_version, out, error))
    return FALSE;
  add_row (out, ROW_VISIT_END, NULL);

  if (out->self == NULL)
    return TRUE;

  if (out->rows->len >= ROWS_SIZE)
    push_rows (out);

  report_progress (out->self, (guint) g_atomic_int_get (&out->self->done) + 1,
                   (guint) g_atomic_int_get (&out->self->total));

  return TRUE;
}

/* Writing a visit's rows (the writing thread) ------------------------------------- */

/* A container such as <team> is written only if it has rows. */
static void
enter_section (Out        *out,
               const char *name)
{
  if (out->in_observation)
    {
      end (out);
      out->in_observation = FALSE;
    }
  if (out->section == name)
    return;
  if (out->section != NULL)
    end (out);
  if (name != NULL)
    start (out, name);
  out->section = name;
}

static void
write_member (Out                  *out,
              const WrExportMember *row)
{
  enter_section (out, "team");
  start (out, "member");
  attr (out, "uuid", row->uuid);
  attr (out, "name", row->name);
  attr (out, "role", row->role);
  attr_int (out, "position", row->position);
  if (row->change_number > 0)
    {
      attr (out, "modified", row->modified);
      attr (out, "device", row->device_id);
      attr_int (out, "change", row->change_number);
    }
  end (out);
}

static void
write_repeat (Out                  *out,
              const WrExportRepeat *row)
{
  enter_section (out, "repeats");
  start (out, "repeat");
  attr (out, "uuid", row->uuid);
  attr (out, "section", row->section_id);
  attr_int (out, "position", row->position);
  attr (out, "modified", row->modified);
  if (row->change_number > 0)
    {
      attr (out, "device", row->device_id);
      attr_int (out, "change", row->change_number);
    }
  end (out);
}

static void
write_answer (Out                  *out,
              const WrExportAnswer *row,
              gboolean              hidden)
{
  enter_section (out, "answers");
  start (out, "answer");
  attr (out, "question", row->question_id);
  attr_opt (out, "member", row->member_uuid);
  attr_opt (out, "repeat", row->repeat_uuid);
  if (row->free_text)
    attr (out, "free-text", "true");
  if (hidden)
    attr (out, "hidden", "true");
  attr (out, "modified", row->modified);
  attr (out, "device", row->device_id);
  attr_change (out, row->change_number);
  if (row->value != NULL)
    text_element (out, "value", row->value);
  text_element_opt (out, "comment", row->comment);
  end (out);
}

static void
write_link (Out                *out,
            const WrExportLink *row)
{
  g_assert (out->in_observation);
  start (out, "link");
  attr (out, "kind", row->kind);
  attr (out, "ref", row->ref);
  end (out);
}

/* Left open for its links; the next row ends it. */
static void
write_observation (Out                       *out,
                   const WrExportObservation *row)
{
  enter_section (out, "observations");
  start (out, "observation");
  attr (out, "uuid", row->uuid);
  attr (out, "kind", row->kind);
  attr_opt (out, "voice", row->voice);
  attr_opt (out, "category", row->category);
  attr_opt (out, "question", row->question_id);
  attr_opt (out, "member", row->member_uuid);
  attr_opt (out, "repeat", row->repeat_uuid);
  attr (out, "created", row->created);
  attr (out, "modified", row->modified);
  attr (out, "device", row->device_id);
  attr_change (out, row->change_number);
  text_element (out, "text", row->text);
  out->in_observation = TRUE;
}

static void
write_action (Out                  *out,
              const WrExportAction *row)
{
  enter_section (out, "actions");
  start (out, "action");
  attr (out, "uuid", row->uuid);
  attr (out, "status", row->status);
  attr_opt (out, "owner", row->owner);
  attr_opt (out, "due", row->due);
  attr_opt (out, "observation", row->observation_uuid);
  attr_opt (out, "question", row->question_id);
  attr_opt (out, "repeat", row->repeat_uuid);
  attr (out, "created", row->created);
  attr (out, "modified", row->modified);
  attr (out, "device", row->device_id);
  attr_change (out, row->change_number);
  text_element (out, "text", row->text);
  end (out);
}

/* Format version 2: a practice's requests for support, and the quality
 * team's reviews. Written only when a visit has them, so that a visit
 * without them has the same digest as in version 1.
 */
static void
write_support_request (Out                          *out,
                       const WrExportSupportRequest *row)
{
  enter_section (out, "support-requests");
  start (out, "support-request");
  attr (out, "uuid", row->uuid);
  attr (out, "section", row->section_id);
  attr_opt (out, "domain", row->domain);
  attr (out, "status", row->status);
  attr_opt (out, "owner", row->owner);
  attr (out, "requested", row->requested);
  attr (out, "created", row->created);
  attr (out, "modified", row->modified);
  attr (out, "device", row->device_id);
  attr_change (out, row->change_number);
  text_element_opt (out, "text", row->text);
  end (out);
}

static void
write_review (Out                  *out,
              const WrExportReview *row)
{
  enter_section (out, "reviews");
  start (out, "review");
  attr (out, "uuid", row->uuid);
  attr (out, "decision", row->decision);
  attr_opt (out, "reviewer", row->reviewer);
  attr (out, "created", row->created);
  attr (out, "modified", row->modified);
  attr (out, "device", row->device_id);
  attr_change (out, row->change_number);
  text_element_opt (out, "comment", row->comment);
  end (out);
}

static void
write_deleted (Out                   *out,
               const WrExportDeleted *row)
{
  enter_section (out, "deletions");
  start (out, "deleted");
  attr (out, "row", row->row);
  attr_opt (out, "uuid", row->uuid);
  attr_opt (out, "question", row->question_id);
  attr_opt (out, "member", row->member_uuid);
  attr_opt (out, "repeat", row->repeat_uuid);
  attr (out, "device", row->device_id);
  attr_change (out, row->change_number);
  attr (out, "modified", row->modified);
  attr_opt (out, "clock", row->clock);
  end (out);
}

/* An element of a kept version, as stored, and what it holds. */
static void
write_version_node (Out     *out,
                    xmlNode *node)
{
  gboolean children = FALSE;

  start (out, (const char *) node->name);
  for (xmlAttr *a = node->properties; a != NULL; a = a->next)
    {
      xmlChar *value = xmlNodeListGetString (node->doc, a->children, 1);

      attr (out, (const char *) a->name, value != NULL ? (const char *) value : "");
      xmlFree (value);
    }
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE)
      {
        children = TRUE;
        write_version_node (out, child);
      }
  if (!children)
    {
      xmlChar *value = xmlNodeGetContent (node);

      if (value != NULL)
        text (out, (const char *) value);
      xmlFree (value);
    }
  end (out);
}

static void
write_version (Out              *out,
               const VersionRow *row)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (row->content, strlen (row->content));
  g_autoptr(WrXmlProblem) problem = NULL;
  xmlDoc *doc = _wr_xml_parse (bytes, &problem);
  xmlNode *node = doc != NULL ? xmlDocGetRootElement (doc) : NULL;

  if (node == NULL)
    {
      /* Kept by this program in the database: damage, which the check finds. */
      set_thread_error (out, g_error_new_literal (WR_PACK_ERROR, WR_PACK_ERROR_READ,
                                                  _("A kept version of a row in conflict is damaged in the database")));
    }
  else
    {
      enter_section (out, "versions");
      write_version_node (out, node);
    }
  if (doc != NULL)
    xmlFreeDoc (doc);
}

static void
write_raw (Out        *out,
           const char *data,
           gsize       len)
{
  if (out->failed || len == 0)
    return;
  if (out->chunk != NULL)
    {
      raw_content (out);
      _wr_string_append_len (out->chunk, data, len);
    }
  else if (out->xml != NULL && xmlTextWriterWriteRawLen (out->xml, BAD_CAST data, (int) len) < 0)
    out->failed = TRUE;
  /* Base64: nothing in it to escape. Text nodes added one after another
   * are joined into one.
   */
  if (out->tree != NULL)
    xmlAddChild (out->tree_at, xmlNewDocTextLen (out->tree, BAD_CAST data, (int) len));
}

/* Hands the chunk made so far to xmlTextWriter, and what it made to
 * @pending, to be written.
 */
static void
flush_chunk (Out        *out,
             GByteArray *pending)
{
  /* One visit's XML made for a merge stays in the chunk, whole. */
  if (out->xml == NULL)
    return;
  if (!out->failed && out->chunk->len > 0 &&
      xmlTextWriterWriteRawLen (out->xml, BAD_CAST out->chunk->str, (int) out->chunk->len) < 0)
    out->failed = TRUE;
  g_string_truncate (out->chunk, 0);
  if (!out->failed && xmlTextWriterFlush (out->xml) < 0)
    out->failed = TRUE;
  g_byte_array_append (pending, out->segment->data, out->segment->len);
  g_byte_array_set_size (out->segment, 0);
}

static void
end_piece (Out *out)
{
  gsize n = g_base64_encode_close (TRUE, out->base64, &out->base64_state, &out->base64_save);

  write_raw (out, out->base64, n);
  end (out);
  out->piece_bytes = 0;
  out->base64_state = out->base64_save = 0;
}

static void
write_attachment (Out                      *out,
                  const WrExportAttachment *row)
{
  enter_section (out, "attachments");
  start (out, "attachment");
  attr (out, "uuid", row->uuid);
  attr_opt (out, "question", row->question_id);
  attr_opt (out, "file-name", row->file_name);
  attr (out, "media-type", row->media_type);
  attr_int (out, "size", row->size);
  attr (out, "sha256", row->sha256);
  attr (out, "created", row->created);
  attr (out, "modified", row->modified);
  attr (out, "device", row->device_id);
  attr_change (out, row->change_number);
  text_element_opt (out, "caption", row->caption);

  /* Its bytes may come in a later item than this row. */
  g_free (out->attachment_uuid);
  g_free (out->attachment_file_name);
  g_free (out->attachment_sha256);
  out->attachment_uuid = g_strdup (row->uuid);
  out->attachment_file_name = g_strdup (row->file_name);
  out->attachment_sha256 = g_strdup (row->sha256);
  out->attachment_size = row->size;

  if (out->checksum != NULL)
    g_checksum_reset (out->checksum);
  out->n_bytes = out->piece_bytes = 0;
}

static void
write_chunk (Out          *out,
             const guint8 *data,
             gsize         len,
             GByteArray   *pending)
{
  gsize n;

  if (out->piece_bytes == 0)
    start (out, WR_PACK_DATA_ELEMENT);

  n = g_base64_encode_step (data, len, TRUE, out->base64, &out->base64_state, &out->base64_save);
  write_raw (out, out->base64, n);
  g_checksum_update (out->checksum, data, len);
  out->n_bytes += len;
  out->piece_bytes += len;

  if (out->piece_bytes >= PIECE_SIZE)
    end_piece (out);
  if (out->chunk != NULL && out->chunk->len >= SEGMENT_SIZE)
    flush_chunk (out, pending);
}

static gboolean
end_attachment (Out     *out,
                GError **error)
{
  if (out->piece_bytes > 0)
    end_piece (out);

  /* A reader refuses an attachment whose bytes do not match: better to
   * say so now than to hand someone a pack that cannot be imported.
   */
  if (!out->digest_only &&
      (out->n_bytes != (gsize) out->attachment_size ||
       !g_str_equal (g_checksum_get_string (out->checksum), out->attachment_sha256)))
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_DIGEST,
                   _("The attachment “%s” (%s) is damaged in the database: its bytes no longer match their SHA-256"),
                   out->attachment_file_name, out->attachment_uuid);
      return FALSE;
    }

  end (out);
  return TRUE;
}

static void
start_visit (Out                 *out,
             const WrExportVisit *row)
{
  /* The first visit ends the <visits> start tag, and its line. */
  out->chunk = out->chunk_buffer;
  out->depth = 0;
  out->section = NULL;
  out->in_observation = FALSE;
  if (!out->visits_started && out->chunk != NULL)
    g_string_append_c (out->chunk, '\n');
  out->visits_started = TRUE;
  if (out->shared != NULL)
    g_byte_array_append (out->shared, (const guint8 *) row->uuid, strlen (row->uuid) + 1);

  g_clear_pointer (&out->digest, wr_pack_digest_free);
  out->digest = wr_pack_digest_new ();
  start (out, "visit");
  attr (out, "uuid", row->uuid);
  attr_int (out, "revision", row->revision);
  attr (out, "kind", row->kind);
  attr (out, "status", row->status);
  attr (out, "started", row->started);
  attr_opt (out, "ended", row->ended);
  attr (out, "form", row->form_id);
  attr_int (out, "form-version", row->form_version);
  attr (out, "form-sha256", row->form_sha256);
  attr (out, "service", row->service_uuid);
  attr (out, "device", row->device_id);
  attr (out, "created", row->created);
  attr (out, "modified", row->modified);

  /* Format version 4: the visit's own change and its clock, left out for
   * a visit from before histories, whose pack is as it was.
   */
  if (row->change_number > 0)
    {
      attr (out, "change-device", row->change_device);
      attr_int (out, "change", row->change_number);
    }
  attr_opt (out, "clock", row->clock);
  /* Format version 5: its clock when it was completed. */
  attr_opt (out, "completed-clock", row->completed_clock);
}

static void
end_visit (Out        *out,
           GByteArray *pending)
{
  g_autofree char *hex = NULL;

  enter_section (out, NULL);

  /* The digest covers the visit up to its end, and not itself. */
  wr_pack_digest_end_element (out->digest);
  hex = wr_pack_digest_finish (out->digest);
  g_clear_pointer (&out->digest, wr_pack_digest_free);

  if (out->shared != NULL)
    g_byte_array_append (out->shared, (const guint8 *) hex, strlen (hex) + 1);

  start (out, WR_PACK_DIGEST_ELEMENT);
  attr (out, "algorithm", "sha256");
  text (out, hex);
  end (out);
  end (out);
  if (out->chunk != NULL)
    flush_chunk (out, pending);
  out->chunk = NULL;

  g_free (out->last_digest);
  out->last_digest = g_steal_pointer (&hex);
}

/* Makes the XML of the rows in @rows, and hands it to @pending. */
static void
write_rows (Out        *out,
            GByteArray *rows,
            GByteArray *pending)
{
  g_autoptr(GError) error = NULL;
  gsize at = 0;

  while (at < rows->len && !out->failed && out->thread_error == NULL)
    {
      const RecordHeader *header = (const RecordHeader *) (rows->data + at);
      const guint8 *p;
      AnyRow row;

      g_assert (header->kind < N_ROW_KINDS);

      p = decode_row (header, &row);
      if (header->kind != ROW_LINK && header->kind != ROW_DATA && header->kind != ROW_ATTACHMENT_END &&
          out->in_observation)
        {
          end (out);
          out->in_observation = FALSE;
        }

      switch ((RowKind) header->kind)
        {
        case ROW_VISIT: start_visit (out, &row.visit); break;
        case ROW_MEMBER: write_member (out, &row.member); break;
        case ROW_REPEAT: write_repeat (out, &row.repeat); break;
        case ROW_ANSWER: write_answer (out, &row.answer, FALSE); break;
        case ROW_HIDDEN_ANSWER: write_answer (out, &row.answer, TRUE); break;
        case ROW_OBSERVATION: write_observation (out, &row.observation); break;
        case ROW_LINK: write_link (out, &row.link); break;
        case ROW_ACTION: write_action (out, &row.action); break;
        case ROW_ATTACHMENT: write_attachment (out, &row.attachment); break;
        case ROW_DATA: write_chunk (out, p, header->length - sizeof *header, pending); break;
        case ROW_ATTACHMENT_END:
          if (!end_attachment (out, &error))
            set_thread_error (out, g_steal_pointer (&error));
          break;
        case ROW_SUPPORT_REQUEST: write_support_request (out, &row.support_request); break;
        case ROW_REVIEW: write_review (out, &row.review); break;
        case ROW_DELETED: write_deleted (out, &row.deleted); break;
        case ROW_VERSION: write_version (out, &row.version); break;
        case ROW_VISIT_END: end_visit (out, pending); break;
        case N_ROW_KINDS:
        default:
          g_assert_not_reached ();
        }

      at += (header->length + 7) / 8 * 8;
    }

  if (out->failed)
    set_thread_error (out, g_error_new_literal (WR_PACK_ERROR, WR_PACK_ERROR_WRITE,
                                                _("Could not write the evidence pack")));
}

/* The revocations this database knows, and the signature of the
 * manifest (docs/evidence-pack.md, "Signatures"). The visits' lines come
 * from out->shared, which the writing thread filled in their order.
 */
static gboolean
write_signature (Out     *out,
                 GError **error)
{
  g_autoptr(GPtrArray) revoked = g_ptr_array_new_with_free_func (g_free);
  const char *p = (const char *) out->shared->data;
  const char *end_p = p + out->shared->len;
  g_autofree char *signature = NULL;
  guint8 hash[32];

  while (p < end_p)
    {
      const char *uuid = p;
      const char *digest = uuid + strlen (uuid) + 1;

      wr_pack_manifest_line (out->manifest, "visit", uuid, digest);
      p = digest + strlen (digest) + 1;
    }

  if (!_wr_store_device_list_revoked (out->store, revoked, error))
    return FALSE;
  if (revoked->len > 0)
    {
      start (out, "revocations");
      for (guint i = 0; i < revoked->len; i++)
        {
          start (out, "revoked");
          attr (out, "key", g_ptr_array_index (revoked, i));
          end (out);
          wr_pack_manifest_line (out->manifest, "revoked", g_ptr_array_index (revoked, i), NULL);
        }
      end (out);
    }

  wr_pack_manifest_line (out->manifest, "signer", wr_device_key_get_public_key (out->key), NULL);
  wr_pack_manifest_hash (out->manifest, hash);
  signature = wr_device_key_sign (out->key, hash, sizeof hash);

  start (out, "signature");
  attr (out, "algorithm", WR_PACK_SIGNATURE_ALGORITHM);
  attr (out, "key", wr_device_key_get_public_key (out->key));
  text (out, signature);
  end (out);

  return TRUE;
}

static gboolean
write_pack (Out     *out,
            GError **error)
{
  WrPackWriter *self = out->self;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *created = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");

  /* One element a line, for grep and diff, but not indented: the spaces
   * cost an eighth of the time and the size of a large pack.
   */
  if (xmlTextWriterSetIndent (out->xml, 1) < 0 ||
      xmlTextWriterSetIndentString (out->xml, BAD_CAST "") < 0 ||
      xmlTextWriterStartDocument (out->xml, NULL, "UTF-8", NULL) < 0)
    out->failed = TRUE;

  start (out, "evidence-pack");
  attr (out, "xmlns", WR_PACK_NAMESPACE);
  attr (out, "format-version", WR_PACK_FORMAT_VERSION);
  attr (out, "created", created);

  start (out, "generator");
  attr (out, "name", "Walkround");
  attr (out, "version", PACKAGE_VERSION);
  attr (out, "device", wr_store_get_device_id (self->store));
  end (out);

  if (out->manifest != NULL)
    {
      wr_pack_manifest_line (out->manifest, WR_PACK_MANIFEST_MAGIC, NULL, NULL);
      wr_pack_manifest_line (out->manifest, "format-version", WR_PACK_FORMAT_VERSION, NULL);
      wr_pack_manifest_line (out->manifest, "created", created, NULL);
      wr_pack_manifest_line (out->manifest, "generator", wr_store_get_device_id (self->store), NULL);
      out->digest = wr_pack_digest_new ();
    }
  write_scope (out, self->filter);
  manifest_part (out, "scope");
  push_segment (out);
  if (!check_output (out, error))
    return FALSE;

  start (out, "forms");
  if (!_wr_store_export_forms (self->store, self->filter, write_form, out, error))
    return FALSE;
  end (out);

  start (out, "services");
  if (!_wr_store_export_services (self->store, self->filter, write_service, out, error))
    return FALSE;
  end (out);

  /* From here until every visit is written, xmlTextWriter is the writing
   * thread's.
   */
  start (out, "visits");
  push_segment (out);
  if (!check_output (out, error) ||
      !_wr_store_export_visits (self->store, self->filter, read_visit, out, error))
    return FALSE;
  push_rows (out);
  wait_for_thread (out);
  if (!check_output (out, error))
    return FALSE;
  end (out);

  if (out->manifest != NULL && !write_signature (out, error))
    return FALSE;

  end (out);
  if (!out->failed && xmlTextWriterEndDocument (out->xml) < 0)
    out->failed = TRUE;
  push_segment (out);

  return check_output (out, error);
}

static void
end_read (WrPackWriter *self,
          gboolean      began,
          gint64        cache_size)
{
  _wr_store_end_read (self->store, began);
  _wr_store_swap_cache_size (self->store, cache_size);
}

/* Writes the pack, and gives each visit's uuid and digest in @shared. */
static gboolean
write_to_fd (WrPackWriter  *self,
             int            fd,
             GCancellable  *cancellable,
             GByteArray    *shared,
             GError       **error)
{
  g_autoptr(WrPackHiding) hiding = _wr_pack_hiding_new (self->library);
  g_autoptr(GString) safe = g_string_new (NULL);
  g_autoptr(GString) chunk = g_string_sized_new (64 * 1024);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *base64 = g_malloc ((CHUNK_SIZE / 3 + 1) * 4 + 4 + ((CHUNK_SIZE / 3 + 1) * 4 + 4) / 72 + 2);
  g_autoptr(WrDeviceKey) key = NULL;
  g_autoptr(GChecksum) manifest = NULL;
  xmlOutputBuffer *buffer;
  Out out = { 0 };
  guint total = 0;
  gboolean began = FALSE;
  gint64 cache_size;
  gboolean ok;

  if (!wr_scope_check (self->filter, error))
    return FALSE;

  /* A shared pack is signed by this database's key, which is made on
   * first use: before the read transaction, as making it writes.
   */
  if (self->remember_shared && !(key = wr_device_key_get (self->store, error)))
    return FALSE;

  g_atomic_int_set (&self->done, 0);
  g_atomic_int_set (&self->total, 0);

  /* Visits are read in the order they were stored, each page about once:
   * a small page cache does as well as the store's large one, and keeps
   * the export's memory flat however many visits it takes.
   */
  cache_size = _wr_store_swap_cache_size (self->store, -EXPORT_CACHE_KIB);
  if (!_wr_store_begin_read (self->store, &began, error))
    {
      _wr_store_swap_cache_size (self->store, cache_size);
      return FALSE;
    }
  if (!_wr_store_export_count_visits (self->store, self->filter, &total, error))
    {
      end_read (self, began, cache_size);
      return FALSE;
    }
  g_atomic_int_set (&self->total, (gint) MIN (total, (guint) G_MAXINT));

  out.self = self;
  out.store = self->store;
  out.hiding = hiding;
  out.shared = shared;
  out.key = key;
  if (key != NULL)
    out.manifest = manifest = g_checksum_new (G_CHECKSUM_SHA256);
  out.cancellable = cancellable;
  out.fd = fd;
  out.safe = safe;
  out.chunk_buffer = chunk;
  out.checksum = checksum;
  out.base64 = base64;
  if (self->seal_for != NULL)
    out.sealer = wr_pack_sealer_new (self->seal_for, write_out, &out);

  buffer = xmlOutputBufferCreateIO (write_cb, close_cb, &out, NULL);
  out.xml = buffer != NULL ? xmlNewTextWriter (buffer) : NULL;
  if (out.xml == NULL)
    {
      if (buffer != NULL)
        xmlOutputBufferClose (buffer);
      end_read (self, began, cache_size);
      g_set_error_literal (error, WR_PACK_ERROR, WR_PACK_ERROR_WRITE, _("Could not write the evidence pack"));
      return FALSE;
    }

  out.segment = g_byte_array_sized_new (32 * 1024);
  out.rows = g_byte_array_sized_new (ROWS_SIZE + 16 * 1024);
  out.queue = _wr_work_queue_new (MAX_IN_FLIGHT, 0, item_free);
  g_mutex_init (&out.mutex);
  out.thread = g_thread_new ("pack-writer", writing_thread, &out);

  ok = write_pack (&out, error);

  /* After a failure the thread may be inside a visit: what it has made
   * of it stays unwritten, as does what the writer still holds.
   */
  _wr_work_queue_close (out.queue);
  g_thread_join (out.thread);
  xmlFreeTextWriter (out.xml);
  end_read (self, began, cache_size);

  /* A sealed pack ends with its FINAL part, after the last of the pack. */
  if (ok && out.sealer != NULL && !wr_pack_sealer_finish (out.sealer))
    out.failed = TRUE;
  g_clear_pointer (&out.sealer, wr_pack_sealer_free);

  /* The last writes may have failed after the last check. */
  if (ok)
    ok = check_output (&out, error);

  _wr_work_queue_free (out.queue);
  g_mutex_clear (&out.mutex);
  g_byte_array_unref (out.segment);
  g_byte_array_unref (out.rows);
  g_clear_pointer (&out.digest, wr_pack_digest_free);
  g_clear_error (&out.thread_error);
  g_free (out.attachment_uuid);
  g_free (out.attachment_file_name);
  g_free (out.attachment_sha256);
  g_free (out.last_digest);

  if (ok)
    g_signal_emit (self, signals [PROGRESS], 0, (guint) g_atomic_int_get (&self->done), total);

  return ok;
}

/* After a pack is written whole: its visits' contents are seen (see
 * wr_pack_writer_set_remember_shared()). The pack is there whatever
 * happens here, and the worst a failure can do is let a later import
 * show a conflict that need not have been, so it is only logged.
 */
static void
remember_shared (WrPackWriter *self,
                 GByteArray   *shared)
{
  g_autoptr(GError) error = NULL;

  if (!self->remember_shared || shared->len == 0)
    return;

  if (!_wr_store_export_add_seen (self->store, (const char *) shared->data, shared->len, &error))
    g_warning ("Could not note the visits exported as seen: %s", error->message);
}

/**
 * wr_pack_writer_write_fd:
 * @self: a #WrPackWriter
 * @fd: an open file descriptor, such as standard output; not closed
 * @cancellable: (nullable): to stop writing
 * @error: return location for a #GError
 *
 * Writes the pack of the visits the filter takes to @fd. On failure part
 * of a pack may have been written: to write a file, use
 * wr_pack_writer_write_file(), which never leaves half a pack.
 *
 * Returns: %TRUE once the whole pack is written
 */
gboolean
wr_pack_writer_write_fd (WrPackWriter  *self,
                         int            fd,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GByteArray) shared = g_byte_array_new ();

  g_return_val_if_fail (WR_IS_PACK_WRITER (self), FALSE);
  g_return_val_if_fail (fd >= 0, FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!write_to_fd (self, fd, cancellable, shared, error))
    return FALSE;

  remember_shared (self, shared);
  return TRUE;
}

/* The helper's messages name the file and the cause; the pack's callers
 * look for the pack's error domain.
 */
static void
set_write_error (GError **error,
                 GError  *local_error)
{
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, local_error);
  else
    {
      g_set_error_literal (error, WR_PACK_ERROR, WR_PACK_ERROR_WRITE, local_error->message);
      g_error_free (local_error);
    }
}

/**
 * wr_pack_writer_write_file:
 * @self: a #WrPackWriter
 * @path: where to write the pack; an existing file there is replaced
 * @cancellable: (nullable): to stop writing
 * @error: return location for a #GError
 *
 * Writes the pack to a temporary file beside @path (so on the same
 * disk), readable only by its owner, and renames it to @path once it is
 * complete and on disk (wr_atomic_file_new()). On failure or cancellation
 * the temporary file is removed, and whatever was at @path is as it was.
 * A symbolic link at @path stays a link and its target gets the pack; a
 * device or a FIFO at @path is written to, never replaced.
 *
 * Returns: %TRUE once the pack is at @path
 */
gboolean
wr_pack_writer_write_file (WrPackWriter  *self,
                           const char    *path,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(WrAtomicFile) file = NULL;
  g_autoptr(GByteArray) shared = g_byte_array_new ();
  GError *local_error = NULL;

  g_return_val_if_fail (WR_IS_PACK_WRITER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(file = wr_atomic_file_new (path, cancellable, &local_error)))
    {
      set_write_error (error, local_error);
      return FALSE;
    }

  if (!write_to_fd (self, wr_atomic_file_get_fd (file), cancellable, shared, error))
    return FALSE;

  if (!wr_atomic_file_commit (file, &local_error))
    {
      set_write_error (error, local_error);
      return FALSE;
    }

  remember_shared (self, shared);
  return TRUE;
}

/* One stored visit through the writer's own walk, in this thread: as XML
 * into @chunk, its attachments' bytes included, or with @chunk %NULL only
 * its digest, without reading the bytes.
 */
static gboolean
write_one_visit (WrStore       *store,
                 WrPackHiding  *hiding,
                 gint64         visit_id,
                 GString       *chunk,
                 xmlDoc        *tree,
                 char         **digest,
                 GError       **error)
{
  g_autoptr(GChecksum) checksum = NULL;
  g_autofree char *base64 = NULL;
  GByteArray *rows = hiding->rows;
  Out out = { 0 };
  gboolean ok = FALSE;

  g_byte_array_set_size (rows, 0);
  out.store = store;
  out.hiding = hiding;
  out.safe = hiding->safe;
  out.rows = rows;
  out.digest_only = chunk == NULL && tree == NULL;
  out.tree = tree;
  if (!out.digest_only)
    {
      checksum = g_checksum_new (G_CHECKSUM_SHA256);
      base64 = g_malloc ((CHUNK_SIZE / 3 + 1) * 4 + 4 + ((CHUNK_SIZE / 3 + 1) * 4 + 4) / 72 + 2);
      out.chunk_buffer = chunk;
      out.checksum = checksum;
      out.base64 = base64;
      out.visits_started = TRUE;
    }
  g_mutex_init (&out.mutex);

  if (_wr_store_import_read_visit (store, visit_id, read_visit, &out, error))
    {
      write_rows (&out, rows, NULL);
      ok = out.thread_error == NULL;
    }
  if (ok && digest != NULL)
    *digest = g_steal_pointer (&out.last_digest);

  if (!ok && out.thread_error != NULL && error != NULL && *error == NULL)
    g_propagate_error (error, g_steal_pointer (&out.thread_error));
  g_mutex_clear (&out.mutex);
  g_clear_error (&out.thread_error);
  g_clear_pointer (&out.digest, wr_pack_digest_free);
  g_clear_pointer (&out.last_digest, g_free);
  g_free (out.attachment_uuid);
  g_free (out.attachment_file_name);
  g_free (out.attachment_sha256);
  g_byte_array_set_size (rows, 0);

  return ok;
}

/**
 * _wr_pack_writer_visit_doc:
 * @store: a #WrStore
 * @hiding: which answers are hidden
 * @visit_id: a visit's row id
 * @digest: (out) (optional): its digest
 * @error: return location for a #GError
 *
 * Makes one stored visit as an export would write it, its attachments'
 * bytes included, as a document in memory: the same elements, attributes
 * and text (bar the whitespace between elements) that parsing the
 * export's <visit> would give, without a namespace, with its <digest>;
 * without writing and parsing XML. For merging the visit with a pack's,
 * in the thread that uses the store.
 *
 * Returns: (transfer full): the document, or %NULL with @error set
 */
xmlDoc *
_wr_pack_writer_visit_doc (WrStore       *store,
                           WrPackHiding  *hiding,
                           gint64         visit_id,
                           char         **digest,
                           GError       **error)
{
  xmlDoc *doc = xmlNewDoc (BAD_CAST "1.0");

  if (!write_one_visit (store, hiding, visit_id, NULL, doc, digest, error))
    {
      xmlFreeDoc (doc);
      return NULL;
    }
  return doc;
}

/**
 * _wr_pack_writer_visit_digest:
 * @store: a #WrStore
 * @hiding: which answers are hidden
 * @visit_id: a visit's row id
 * @error: return location for a #GError
 *
 * Computes the digest an export would give the visit, as the export
 * does (the same rows, the same elements and attributes), but without
 * the XML and without reading its attachments' bytes.
 *
 * Returns: (transfer full): the digest, or %NULL with @error set
 */
char *
_wr_pack_writer_visit_digest (WrStore       *store,
                              WrPackHiding  *hiding,
                              gint64         visit_id,
                              GError       **error)
{
  char *digest = NULL;

  return write_one_visit (store, hiding, visit_id, NULL, NULL, &digest, error) ? digest : NULL;
}
