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

#include "wr-pack-digest.h"
#include "wr-pack-writer.h"
#include "wr-store-private.h"
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
 * rows go from SQLite cursors to xmlTextWriter one at a time, so memory
 * does not grow with the number of visits. A file is written beside its
 * target under a temporary name and renamed into place only once complete
 * and on disk.
 *
 * Write from one thread at a time. The store must not be used by another
 * thread meanwhile: a worker thread opens its own #WrStore.
 */
struct _WrPackWriter
{
  GObject        parent_instance;

  WrStore       *store;
  WrFormLibrary *library;
  WrPackFilter  *filter;

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
  g_clear_pointer (&self->filter, wr_pack_filter_free);

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
  self->filter = wr_pack_filter_new ();
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
wr_pack_writer_set_filter (WrPackWriter       *self,
                           const WrPackFilter *filter)
{
  g_return_if_fail (WR_IS_PACK_WRITER (self));

  g_clear_pointer (&self->filter, wr_pack_filter_free);
  self->filter = filter != NULL ? wr_pack_filter_copy (filter) : wr_pack_filter_new ();
}

/**
 * wr_pack_writer_get_filter:
 * @self: a #WrPackWriter
 *
 * Returns: (transfer none): the filter of the packs written
 */
const WrPackFilter *
wr_pack_writer_get_filter (WrPackWriter *self)
{
  g_return_val_if_fail (WR_IS_PACK_WRITER (self), NULL);

  return self->filter;
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

/* The output is made in this thread and written by another, which also
 * hashes each visit: hashing is a good part of the work, and this way it
 * runs beside reading the database and making the XML. Each visit goes
 * as a segment, its <digest> text left as zeros for the other thread to
 * fill in; a few segments at most are in flight, so memory stays flat.
 */
typedef struct
{
  GByteArray *xml;
  GBytes     *serialisation;  /* a visit's, whose hash goes at digest_at */
  gsize       digest_at;
} Segment;

static void
segment_free (Segment *segment)
{
  g_clear_pointer (&segment->xml, g_byte_array_unref);
  g_clear_pointer (&segment->serialisation, g_bytes_unref);
  g_free (segment);
}

#define MAX_IN_FLIGHT    4
#define SEGMENT_SIZE     (1024 * 1024)
#define DIGEST_START     "<" WR_PACK_DIGEST_ELEMENT " algorithm=\"sha256\">"
#define DIGEST_ZEROS     "0000000000000000000000000000000000000000000000000000000000000000"

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
  WrPackWriter  *self;
  GCancellable  *cancellable;
  xmlTextWriter *xml;
  gboolean       failed;       /* an xmlTextWriter call failed */

  /* The segment being made, and the writing thread. */
  GByteArray    *segment;
  GThread       *thread;
  GAsyncQueue   *queue;
  GMutex         mutex;
  GCond          cond;
  guint          in_flight;
  int            fd;
  gint           write_errno;  /* of the write that failed, or 0; atomic */

  /* The digest of the visit being written, or NULL outside visits. */
  WrPackDigest  *digest;

  /* Inside a visit the XML is made here, by the functions below rather
   * than element by element through xmlTextWriter (which costs several
   * times more), and handed to it whole with xmlTextWriterWriteRaw().
   * The bytes are those xmlTextWriter would write: see raw_start().
   */
  GString       *chunk;         /* chunk_buffer inside a visit, else NULL */
  GString       *chunk_buffer;
  RawElement     open[MAX_DEPTH];
  guint          depth;
  gboolean       visits_started;  /* the first visit's chunk is written */

  /* Text made safe for XML, when it had to be changed. */
  GString       *safe;

  /* The attachment being written. */
  GChecksum     *checksum;
  gsize          n_bytes;
  gsize          piece_bytes;
  int            base64_state;
  int            base64_save;
  char          *base64;
} Out;

static gboolean
write_all (Out          *out,
           const guint8 *data,
           gsize         len)
{
  gsize written = 0;

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

/* Segments are written 256 KB at a time: a visit is a few kilobytes. */
#define WRITE_SIZE (256 * 1024)

static gpointer
writing_thread (gpointer data)
{
  Out *out = data;
  g_autoptr(GByteArray) pending = g_byte_array_sized_new (WRITE_SIZE + 64 * 1024);
  Segment *segment;

  /* The queue ends with a segment of no bytes at all. */
  while ((segment = g_async_queue_pop (out->queue))->xml != NULL)
    {
      if (segment->serialisation != NULL)
        {
          g_autofree char *hex = wr_pack_digest_hash (segment->serialisation);

          memcpy (segment->xml->data + segment->digest_at, hex, strlen (DIGEST_ZEROS));
        }
      g_byte_array_append (pending, segment->xml->data, segment->xml->len);
      if (pending->len >= WRITE_SIZE && g_atomic_int_get (&out->write_errno) == 0)
        {
          write_all (out, pending->data, pending->len);
          g_byte_array_set_size (pending, 0);
        }
      segment_free (segment);

      g_mutex_lock (&out->mutex);
      out->in_flight--;
      g_cond_signal (&out->cond);
      g_mutex_unlock (&out->mutex);
    }
  segment_free (segment);

  if (g_atomic_int_get (&out->write_errno) == 0)
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

/* Hands what is made so far to the writing thread, with the serialisation
 * of the visit it ends, if it ends one.
 */
static void
push_segment (Out    *out,
              GBytes *serialisation)
{
  Segment *segment;

  if (!out->failed && xmlTextWriterFlush (out->xml) < 0)
    out->failed = TRUE;

  segment = g_new0 (Segment, 1);
  segment->xml = g_steal_pointer (&out->segment);
  segment->serialisation = serialisation;
  out->segment = g_byte_array_sized_new (32 * 1024);

  /* The visit's <digest> is at its end: it is found there, not counted,
   * since libxml2 decides the spaces and line breaks around it.
   */
  if (serialisation != NULL)
    {
      const guint8 *data = segment->xml->data;
      gsize len = segment->xml->len;
      gsize n = strlen (DIGEST_START);
      gsize i;

      for (i = len >= n ? len - n : 0; i > 0 && len - i < 256; i--)
        {
          if (memcmp (data + i, DIGEST_START, n) == 0)
            break;
        }
      if (len >= n && memcmp (data + i, DIGEST_START, n) == 0)
        segment->digest_at = i + n;
      else
        {
          /* Only a change in how libxml2 writes could get here. */
          g_critical ("The visit's digest was not found at its end");
          g_clear_pointer (&segment->serialisation, g_bytes_unref);
          out->failed = TRUE;
        }
    }

  g_mutex_lock (&out->mutex);
  while (out->in_flight >= MAX_IN_FLIGHT)
    g_cond_wait (&out->cond, &out->mutex);
  out->in_flight++;
  g_mutex_unlock (&out->mutex);

  g_async_queue_push (out->queue, segment);
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
      g_string_append_len (chunk, run, p - run);
      g_string_append (chunk, entity);
      run = p + 1;
    }
  g_string_append_len (chunk, run, p - run);
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
        g_string_append_len (out->chunk, ">\n", 2);
      parent->state = RAW_CHILDREN;
    }

  g_assert (out->depth < MAX_DEPTH);
  out->open[out->depth].name = name;
  out->open[out->depth].state = RAW_OPEN;
  out->depth++;

  g_string_append_c (out->chunk, '<');
  g_string_append (out->chunk, name);
}

static void
raw_end (Out *out)
{
  RawElement *element;

  g_assert (out->depth > 0);
  element = &out->open[--out->depth];
  if (element->state == RAW_OPEN)
    g_string_append_len (out->chunk, "/>\n", 3);
  else
    {
      g_string_append_len (out->chunk, "</", 2);
      g_string_append (out->chunk, element->name);
      g_string_append_len (out->chunk, ">\n", 2);
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
  else if (xmlTextWriterStartElement (out->xml, BAD_CAST name) < 0)
    out->failed = TRUE;
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
  else if (xmlTextWriterEndElement (out->xml) < 0)
    out->failed = TRUE;
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
      g_string_append (out->chunk, name);
      g_string_append_len (out->chunk, "=\"", 2);
      append_escaped (out->chunk, value, TRUE);
      g_string_append_c (out->chunk, '"');
    }
  else if (xmlTextWriterWriteAttribute (out->xml, BAD_CAST name, BAD_CAST value) < 0)
    out->failed = TRUE;
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
  else if (xmlTextWriterWriteString (out->xml, BAD_CAST value) < 0)
    out->failed = TRUE;
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
  int write_errno = g_atomic_int_get (&out->write_errno);

  if (write_errno != 0)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_WRITE,
                   _("Could not write the evidence pack: %s"), g_strerror (write_errno));
      return FALSE;
    }
  if (out->failed)
    {
      g_set_error_literal (error, WR_PACK_ERROR, WR_PACK_ERROR_WRITE,
                           _("Could not write the evidence pack"));
      return FALSE;
    }

  return TRUE;
}

/* A container such as <team> is written only if it has rows, which a
 * cursor tells only when the first row comes.
 */
typedef struct
{
  Out        *out;
  const char *name;
  gboolean    open;
} Section;

static void
section_row (Section *section)
{
  if (!section->open)
    start (section->out, section->name);
  section->open = TRUE;
}

static void
section_end (Section *section)
{
  if (section->open)
    end (section->out);
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
write_scope (Out                *out,
             const WrPackFilter *filter)
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
  text_element_opt (out, "status", filter->status);
  text_element_opt (out, "changed-since", filter->changed_since);
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
  if (!out->failed && xmlTextWriterWriteRawLen (out->xml, BAD_CAST base64, (int) n) < 0)
    out->failed = TRUE;
  end (out);
  push_segment (out, NULL);

  return check_output (out, error);
}

static gboolean
write_service (const WrExportService  *row,
               gpointer                user_data,
               GError                **error)
{
  Out *out = user_data;

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

  return check_output (out, error);
}

/* A visit's rows ----------------------------------------------------------------- */

static gboolean
write_member (const WrExportMember  *row,
              gpointer               user_data,
              GError               **error)
{
  Section *section = user_data;
  Out *out = section->out;

  section_row (section);
  start (out, "member");
  attr (out, "uuid", row->uuid);
  attr (out, "name", row->name);
  attr (out, "role", row->role);
  attr_int (out, "position", row->position);
  end (out);

  return TRUE;
}

static gboolean
write_repeat (const WrExportRepeat  *row,
              gpointer               user_data,
              GError               **error)
{
  Section *section = user_data;
  Out *out = section->out;

  section_row (section);
  start (out, "repeat");
  attr (out, "uuid", row->uuid);
  attr (out, "section", row->section_id);
  attr_int (out, "position", row->position);
  attr (out, "modified", row->modified);
  end (out);

  return TRUE;
}

static gboolean
write_answer (const WrExportAnswer  *row,
              gpointer               user_data,
              GError               **error)
{
  Section *section = user_data;
  Out *out = section->out;

  section_row (section);
  start (out, "answer");
  attr (out, "question", row->question_id);
  attr_opt (out, "member", row->member_uuid);
  attr_opt (out, "repeat", row->repeat_uuid);
  if (row->free_text)
    attr (out, "free-text", "true");
  attr (out, "modified", row->modified);
  attr (out, "device", row->device_id);
  if (row->value != NULL)
    text_element (out, "value", row->value);
  text_element_opt (out, "comment", row->comment);
  end (out);

  return TRUE;
}

static gboolean
write_link (const WrExportLink  *row,
            gpointer             user_data,
            GError             **error)
{
  Out *out = user_data;

  start (out, "link");
  attr (out, "kind", row->kind);
  attr (out, "ref", row->ref);
  end (out);

  return TRUE;
}

static gboolean
write_observation (const WrExportObservation  *row,
                   gpointer                    user_data,
                   GError                    **error)
{
  Section *section = user_data;
  Out *out = section->out;

  section_row (section);
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
  text_element (out, "text", row->text);
  if (!_wr_store_export_links (out->self->store, row->id, write_link, out, error))
    return FALSE;
  end (out);

  return TRUE;
}

static gboolean
write_action (const WrExportAction  *row,
              gpointer               user_data,
              GError               **error)
{
  Section *section = user_data;
  Out *out = section->out;

  section_row (section);
  start (out, "action");
  attr (out, "uuid", row->uuid);
  attr (out, "status", row->status);
  attr_opt (out, "owner", row->owner);
  attr_opt (out, "due", row->due);
  attr_opt (out, "observation", row->observation_uuid);
  attr_opt (out, "question", row->question_id);
  attr (out, "created", row->created);
  attr (out, "modified", row->modified);
  attr (out, "device", row->device_id);
  text_element (out, "text", row->text);
  end (out);

  return TRUE;
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
      g_string_append_len (out->chunk, data, len);
    }
  else if (xmlTextWriterWriteRawLen (out->xml, BAD_CAST data, (int) len) < 0)
    out->failed = TRUE;
}

/* Hands the chunk made so far to xmlTextWriter. */
static void
flush_chunk (Out *out)
{
  if (!out->failed && out->chunk->len > 0 &&
      xmlTextWriterWriteRawLen (out->xml, BAD_CAST out->chunk->str, (int) out->chunk->len) < 0)
    out->failed = TRUE;
  g_string_truncate (out->chunk, 0);
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

static gboolean
write_chunk (const guint8  *data,
             gsize          len,
             gpointer       user_data,
             GError       **error)
{
  Out *out = user_data;
  gsize n;

  if (g_cancellable_set_error_if_cancelled (out->cancellable, error))
    return FALSE;

  if (out->piece_bytes == 0)
    start (out, WR_PACK_DATA_ELEMENT);

  n = g_base64_encode_step (data, len, TRUE, out->base64, &out->base64_state, &out->base64_save);
  write_raw (out, out->base64, n);
  g_checksum_update (out->checksum, data, len);
  out->n_bytes += len;
  out->piece_bytes += len;

  if (out->piece_bytes >= PIECE_SIZE)
    end_piece (out);
  if (out->chunk->len >= SEGMENT_SIZE)
    {
      flush_chunk (out);
      push_segment (out, NULL);
    }

  return check_output (out, error);
}

static gboolean
write_attachment (const WrExportAttachment  *row,
                  gpointer                   user_data,
                  GError                   **error)
{
  Section *section = user_data;
  Out *out = section->out;

  section_row (section);
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
  text_element_opt (out, "caption", row->caption);

  g_checksum_reset (out->checksum);
  out->n_bytes = out->piece_bytes = 0;
  if (!_wr_store_export_attachment_data (out->self->store, row->id, CHUNK_SIZE, write_chunk, out, error))
    return FALSE;
  if (out->piece_bytes > 0)
    end_piece (out);

  /* A reader refuses an attachment whose bytes do not match: better to
   * say so now than to hand someone a pack that cannot be imported.
   */
  if (out->n_bytes != (gsize) row->size || !g_str_equal (g_checksum_get_string (out->checksum), row->sha256))
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_DIGEST,
                   _("The attachment “%s” (%s) is damaged in the database: its bytes no longer match their SHA-256"),
                   row->file_name, row->uuid);
      return FALSE;
    }

  end (out);
  return check_output (out, error);
}

static gboolean
write_visit_rows (Out     *out,
                  gint64   visit_id,
                  GError **error)
{
  WrStore *store = out->self->store;
  Section team = { out, "team", FALSE };
  Section repeats = { out, "repeats", FALSE };
  Section answers = { out, "answers", FALSE };
  Section observations = { out, "observations", FALSE };
  Section actions = { out, "actions", FALSE };
  Section attachments = { out, "attachments", FALSE };

  if (!_wr_store_export_members (store, visit_id, write_member, &team, error))
    return FALSE;
  section_end (&team);
  if (!_wr_store_export_repeats (store, visit_id, write_repeat, &repeats, error))
    return FALSE;
  section_end (&repeats);
  if (!_wr_store_export_answers (store, visit_id, write_answer, &answers, error))
    return FALSE;
  section_end (&answers);
  if (!_wr_store_export_observations (store, visit_id, write_observation, &observations, error))
    return FALSE;
  section_end (&observations);
  if (!_wr_store_export_actions (store, visit_id, write_action, &actions, error))
    return FALSE;
  section_end (&actions);
  if (!_wr_store_export_attachments (store, visit_id, write_attachment, &attachments, error))
    return FALSE;
  section_end (&attachments);

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

static gboolean
write_visit (const WrExportVisit  *row,
             gpointer              user_data,
             GError              **error)
{
  Out *out = user_data;
  g_autoptr(WrPackDigest) digest = wr_pack_digest_new_deferred ();
  GBytes *serialisation;

  if (g_cancellable_set_error_if_cancelled (out->cancellable, error))
    return FALSE;

  /* The first visit ends the <visits> start tag, and its line. */
  out->chunk = out->chunk_buffer;
  out->depth = 0;
  if (!out->visits_started)
    g_string_append_c (out->chunk, '\n');
  out->visits_started = TRUE;

  out->digest = digest;
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

  if (!write_visit_rows (out, row->id, error))
    {
      out->digest = NULL;
      out->chunk = NULL;
      return FALSE;
    }

  /* The digest covers the visit up to its end, and not itself; the
   * writing thread puts it in place of the zeros.
   */
  wr_pack_digest_end_element (digest);
  serialisation = wr_pack_digest_finish_deferred (digest);
  out->digest = NULL;

  start (out, WR_PACK_DIGEST_ELEMENT);
  attr (out, "algorithm", "sha256");
  text (out, DIGEST_ZEROS);
  end (out);
  end (out);
  flush_chunk (out);
  out->chunk = NULL;
  push_segment (out, serialisation);

  report_progress (out->self, (guint) g_atomic_int_get (&out->self->done) + 1,
                   (guint) g_atomic_int_get (&out->self->total));

  return check_output (out, error);
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

  write_scope (out, self->filter);
  push_segment (out, NULL);
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

  start (out, "visits");
  if (!_wr_store_export_visits (self->store, self->filter, write_visit, out, error))
    return FALSE;
  end (out);

  end (out);
  if (!out->failed && xmlTextWriterEndDocument (out->xml) < 0)
    out->failed = TRUE;
  push_segment (out, NULL);

  return check_output (out, error);
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
  g_autoptr(GString) safe = g_string_new (NULL);
  g_autoptr(GString) chunk = g_string_sized_new (64 * 1024);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *base64 = g_malloc ((CHUNK_SIZE / 3 + 1) * 4 + 4 + ((CHUNK_SIZE / 3 + 1) * 4 + 4) / 72 + 2);
  xmlOutputBuffer *buffer;
  Out out = { 0 };
  guint total = 0;
  gboolean began = FALSE;
  gboolean ok;

  g_return_val_if_fail (WR_IS_PACK_WRITER (self), FALSE);
  g_return_val_if_fail (fd >= 0, FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!wr_pack_filter_check (self->filter, error))
    return FALSE;

  g_atomic_int_set (&self->done, 0);
  g_atomic_int_set (&self->total, 0);

  if (!_wr_store_begin_read (self->store, &began, error))
    return FALSE;
  if (!_wr_store_export_count_visits (self->store, self->filter, &total, error))
    {
      _wr_store_end_read (self->store, began);
      return FALSE;
    }
  g_atomic_int_set (&self->total, (gint) MIN (total, (guint) G_MAXINT));

  out.self = self;
  out.cancellable = cancellable;
  out.fd = fd;
  out.safe = safe;
  out.chunk_buffer = chunk;
  out.checksum = checksum;
  out.base64 = base64;

  buffer = xmlOutputBufferCreateIO (write_cb, close_cb, &out, NULL);
  out.xml = buffer != NULL ? xmlNewTextWriter (buffer) : NULL;
  if (out.xml == NULL)
    {
      if (buffer != NULL)
        xmlOutputBufferClose (buffer);
      _wr_store_end_read (self->store, began);
      g_set_error_literal (error, WR_PACK_ERROR, WR_PACK_ERROR_WRITE, _("Could not write the evidence pack"));
      return FALSE;
    }

  out.segment = g_byte_array_sized_new (32 * 1024);
  out.queue = g_async_queue_new ();
  g_mutex_init (&out.mutex);
  g_cond_init (&out.cond);
  out.thread = g_thread_new ("pack-writer", writing_thread, &out);

  ok = write_pack (&out, error);

  /* Freeing the writer flushes what it still holds: after a failure that
   * may be half an element, which the empty segment below leaves unwritten.
   */
  xmlFreeTextWriter (out.xml);
  _wr_store_end_read (self->store, began);

  g_async_queue_push (out.queue, g_new0 (Segment, 1));
  g_thread_join (out.thread);
  g_async_queue_unref (out.queue);
  g_mutex_clear (&out.mutex);
  g_cond_clear (&out.cond);
  g_byte_array_unref (out.segment);

  /* The last writes may have failed after the last check. */
  if (ok)
    ok = check_output (&out, error);

  if (ok)
    g_signal_emit (self, signals [PROGRESS], 0, (guint) g_atomic_int_get (&self->done), total);

  return ok;
}

static gboolean
sync_folder (const char *folder)
{
  int fd = g_open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);
  return ok;
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
 * complete and on disk. On failure or cancellation the temporary file is
 * removed, and whatever was at @path is as it was.
 *
 * Returns: %TRUE once the pack is at @path
 */
gboolean
wr_pack_writer_write_file (WrPackWriter  *self,
                           const char    *path,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autofree char *folder = NULL;
  g_autofree char *name = NULL;
  g_autofree char *temp_name = NULL;
  g_autofree char *temp_path = NULL;
  gboolean ok;
  int fd;

  g_return_val_if_fail (WR_IS_PACK_WRITER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  folder = g_path_get_dirname (path);
  name = g_path_get_basename (path);
  temp_name = g_strdup_printf (".%s.XXXXXX", name);
  temp_path = g_build_filename (folder, temp_name, NULL);

  fd = g_mkstemp_full (temp_path, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_WRITE,
                   _("Could not create a file in the folder “%s”: %s"), folder, g_strerror (saved_errno));
      return FALSE;
    }

  ok = wr_pack_writer_write_fd (self, fd, cancellable, error);

  if (ok && fsync (fd) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_WRITE,
                   _("Could not write the evidence pack: %s"), g_strerror (saved_errno));
      ok = FALSE;
    }

  if (close (fd) != 0 && ok)
    {
      int saved_errno = errno;

      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_WRITE,
                   _("Could not write the evidence pack: %s"), g_strerror (saved_errno));
      ok = FALSE;
    }

  if (ok && g_rename (temp_path, path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_WRITE,
                   _("Could not save the evidence pack as “%s”: %s"), path, g_strerror (saved_errno));
      ok = FALSE;
    }

  if (!ok)
    {
      g_unlink (temp_path);
      return FALSE;
    }

  /* The rename is on disk only once the folder is. */
  if (!sync_folder (folder))
    g_debug ("Could not sync the folder %s: %s", folder, g_strerror (errno));

  return TRUE;
}
