/* wr-pack-reader.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Imports an evidence pack (docs/evidence-pack.md) into the store.
 *
 * Two threads share the work. A parser thread reads the pack once with
 * libxml2's SAX parser, validates it against the evidence pack schema as
 * it reads (libxml2 checks the structure and types; wr-pack-schema.c the
 * patterns), and hands what it read to the import as batches of events.
 * The import, in the caller's thread, checks each visit's digest and the
 * schema's identity constraints and writes each visit to the database as
 * its rows go by, so memory does not grow with the number of visits. The
 * whole import is one transaction: the first problem (malformed XML, the
 * schema, a digest that does not match, a limit) rolls everything back and
 * is reported with its line and visit. A dry run takes the same path and
 * rolls back at the end.
 *
 * Packs come from anywhere. The parser never reads the network, never
 * substitutes entities and never loads a DTD: a pack has no DOCTYPE, so
 * one is refused before the parser reads it. Depth, text and file size
 * have limits of their own, well inside libxml2's.
 */

#define G_LOG_DOMAIN "wr-pack-reader"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wr-device-key.h"
#include "wr-form.h"
#include "wr-merge.h"
#include "wr-pack-digest.h"
#include "wr-pack-format.h"
#include "wr-pack-merge-private.h"
#include "wr-pack-reader-private.h"
#include "wr-pack-reader.h"
#include "wr-pack-schema.h"
#include "wr-pack-seal.h"
#include "wr-team-key.h"
#include "wr-pack-writer-private.h"
#include "wr-platform.h"
#include "wr-store-private.h"
#include "wr-string-private.h"
#include "wr-work-queue-private.h"

#include <libxml/SAX2.h>

/* The schema nests six deep; anything deeper is not a pack. */
#define MAX_DEPTH 32

/* The longest text or attribute value: a form's base64, and for any other
 * element 1 MiB of attachment bytes in base64 (the longest answer, 100 000
 * characters, is shorter). A longer one is refused as it is read.
 */
#define MAX_FORM_RUN (6 * 1024 * 1024)
#define MAX_RUN      (3 * 1024 * 1024 / 2)

/* The largest pack: 10 000 visits with many photos. */
#define MAX_PACK_SIZE (G_GUINT64_CONSTANT (64) << 30)

/* Forms waiting to be installed when the import commits. */
#define MAX_PENDING_FORMS_SIZE (64 * 1024 * 1024)

/* The page cache during an import, in KiB (see
 * _wr_store_swap_cache_size()). Not more: with 64 MiB an import of
 * 10 000 visits into a new database took 3.28-3.45 s and 121 MB, with
 * 16 MiB 3.07-3.11 s and 67 MB; of 3 000 into 100 000, 4.22-4.31 s
 * against 4.07-4.15 s. WAL writes what the cache lets go as it goes, and
 * what it holds waits for the commit.
 */
#define IMPORT_CACHE_KIB (16 * 1024)

/* The parser works out a visit's digest when at least this many batches
 * of events wait for the import.
 */
#define DIGEST_BACKLOG 2

struct _WrPackReader
{
  GObject             parent_instance;

  WrStore            *store;
  WrFormLibrary      *library;
  gboolean            dry_run;
  gboolean            trust_new_device;
  gboolean            allow_unsigned;

  /* Who signed the last pack read (signer_key NULL: nobody), and how
   * far this database trusted it before the import.
   */
  char               *signer_key;
  char               *signer_fingerprint;
  char               *signer_device;
  WrDeviceTrust       signer_trust;
  gboolean            signer_expected;  /* trusted by its fingerprint before this pack */
  char               *opened_by;        /* the last pack's, if sealed: the fingerprint of the key that opened it */

  /* The forms the last import added, or would add (WrForm). */
  GPtrArray          *new_forms;

  guint               digest_backlog;

  /* A sync's position, written in the import's own transaction. */
  char               *commit_key;
  char               *commit_value;

  /* Read from other threads, for a progress bar. */
  gint                n_visits;
  gint64              bytes_read;
  gint64              total_bytes;
};

G_DEFINE_FINAL_TYPE (WrPackReader, wr_pack_reader, G_TYPE_OBJECT)

/**
 * _wr_pack_reader_set_commit_value:
 * @key: (nullable): a sync's key (see wr-store-sync.c), or %NULL for none
 * @value: its value
 *
 * Has each import from now on also set @key to @value in its own
 * transaction, so that what it brought and how far a sync has got are
 * committed together or not at all.
 */
void
_wr_pack_reader_set_commit_value (WrPackReader *self,
                                  const char   *key,
                                  const char   *value)
{
  g_free (self->commit_key);
  g_free (self->commit_value);
  self->commit_key = g_strdup (key);
  self->commit_value = g_strdup (key != NULL ? value : NULL);
}

static void
wr_pack_reader_finalize (GObject *object)
{
  WrPackReader *self = (WrPackReader *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->library);
  g_clear_pointer (&self->new_forms, g_ptr_array_unref);
  g_clear_pointer (&self->signer_key, g_free);
  g_clear_pointer (&self->signer_fingerprint, g_free);
  g_clear_pointer (&self->signer_device, g_free);
  g_clear_pointer (&self->commit_key, g_free);
  g_clear_pointer (&self->commit_value, g_free);
  g_clear_pointer (&self->opened_by, g_free);

  G_OBJECT_CLASS (wr_pack_reader_parent_class)->finalize (object);
}

static void
wr_pack_reader_class_init (WrPackReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wr_pack_reader_finalize;
}

static void
wr_pack_reader_init (WrPackReader *self)
{
  self->digest_backlog = DIGEST_BACKLOG;
}

/* For tests: the parser works out every visit's digest (0), or none
 * (G_MAXUINT), rather than only while the import is behind.
 */
void
_wr_pack_reader_set_digest_backlog (WrPackReader *self,
                                    guint         backlog)
{
  g_return_if_fail (WR_IS_PACK_READER (self));

  self->digest_backlog = backlog;
}

/**
 * wr_pack_reader_new:
 * @store: the database to import into
 * @library: (nullable): where a pack's forms are looked up and installed;
 *   without one, forms are checked but not installed
 *
 * Returns: (transfer full): a reader
 */
WrPackReader *
wr_pack_reader_new (WrStore       *store,
                    WrFormLibrary *library)
{
  WrPackReader *self;

  g_return_val_if_fail (WR_IS_STORE (store), NULL);
  g_return_val_if_fail (library == NULL || WR_IS_FORM_LIBRARY (library), NULL);

  self = g_object_new (WR_TYPE_PACK_READER, NULL);
  self->store = g_object_ref (store);
  self->library = library != NULL ? g_object_ref (library) : NULL;

  return self;
}

/**
 * wr_pack_reader_set_dry_run:
 * @self: a #WrPackReader
 * @dry_run: whether to count what an import would do and change nothing
 */
void
wr_pack_reader_set_dry_run (WrPackReader *self,
                            gboolean      dry_run)
{
  g_return_if_fail (WR_IS_PACK_READER (self));

  self->dry_run = !!dry_run;
}

/**
 * wr_pack_reader_get_new_forms:
 * @self: a #WrPackReader
 *
 * The forms that the last import added, or that the last dry run would
 * add: each is installed for the pack's visits only, and new visits keep
 * the version they used before (see wr_form_library_install_pack_form()).
 * Call it once the import is done.
 *
 * Returns: (transfer none) (nullable) (element-type WrForm): those forms,
 *   or %NULL if the last import failed or had no form library
 */
/**
 * wr_pack_reader_get_opened_by:
 * @self: a #WrPackReader
 *
 * Returns: (nullable): if the last pack was sealed, the fingerprint of the
 *   key here that opened it (this device's or an installed team key)
 */
const char *
wr_pack_reader_get_opened_by (WrPackReader *self)
{
  g_return_val_if_fail (WR_IS_PACK_READER (self), NULL);

  return self->opened_by;
}

/**
 * wr_pack_reader_get_signer_expected:
 * @self: a #WrPackReader
 *
 * Returns: %TRUE if the last pack's signer was trusted by its fingerprint
 *   before this pack, its first, came (wr_store_trust_fingerprint())
 */
gboolean
wr_pack_reader_get_signer_expected (WrPackReader *self)
{
  g_return_val_if_fail (WR_IS_PACK_READER (self), FALSE);

  return self->signer_expected;
}

GPtrArray *
wr_pack_reader_get_new_forms (WrPackReader *self)
{
  g_return_val_if_fail (WR_IS_PACK_READER (self), NULL);

  return self->new_forms;
}

/**
 * wr_pack_reader_set_trust_new_device:
 * @self: a #WrPackReader
 * @trust: whether a pack signed by a device this database does not know
 *   is imported, its device trusted from then on
 *
 * Off by default: such a pack is refused with %WR_PACK_ERROR_UNTRUSTED
 * (a dry run only notes it; see wr_pack_reader_get_signer()). A revoked
 * device's packs are refused either way.
 */
void
wr_pack_reader_set_trust_new_device (WrPackReader *self,
                                     gboolean      trust)
{
  g_return_if_fail (WR_IS_PACK_READER (self));

  self->trust_new_device = !!trust;
}

/**
 * wr_pack_reader_set_allow_unsigned:
 * @self: a #WrPackReader
 * @allow: whether a pack without a signature (any pack of format
 *   versions 1 to 5) is imported
 *
 * Off by default: such a pack is refused with %WR_PACK_ERROR_UNSIGNED (a
 * dry run only notes it).
 */
void
wr_pack_reader_set_allow_unsigned (WrPackReader *self,
                                   gboolean      allow)
{
  g_return_if_fail (WR_IS_PACK_READER (self));

  self->allow_unsigned = !!allow;
}

/**
 * wr_pack_reader_get_signer:
 * @self: a #WrPackReader
 * @fingerprint: (out) (optional) (transfer none): the fingerprint of the
 *   key that signed the last pack read
 * @device: (out) (optional) (transfer none): the device id it names
 * @trust: (out) (optional): how far this database trusted that key
 *   before the import
 *
 * After an import or a dry run that got as far as the signature.
 *
 * Returns: %TRUE if the pack was signed (with a signature that matched)
 */
gboolean
wr_pack_reader_get_signer (WrPackReader   *self,
                           const char    **fingerprint,
                           const char    **device,
                           WrDeviceTrust  *trust)
{
  g_return_val_if_fail (WR_IS_PACK_READER (self), FALSE);

  if (fingerprint != NULL)
    *fingerprint = self->signer_fingerprint;
  if (device != NULL)
    *device = self->signer_device;
  if (trust != NULL)
    *trust = self->signer_trust;
  return self->signer_key != NULL;
}

/**
 * wr_pack_reader_get_progress:
 * @self: a #WrPackReader
 * @n_visits: (out) (optional): visits read so far
 * @bytes_read: (out) (optional): bytes of the pack read so far
 * @total_bytes: (out) (optional): the pack's size, or 0 if unknown
 *
 * Safe to call from any thread while an import runs.
 */
void
wr_pack_reader_get_progress (WrPackReader *self,
                             guint        *n_visits,
                             guint64      *bytes_read,
                             guint64      *total_bytes)
{
  g_return_if_fail (WR_IS_PACK_READER (self));

  if (n_visits != NULL)
    *n_visits = (guint) g_atomic_int_get (&self->n_visits);
  if (bytes_read != NULL)
    *bytes_read = (guint64) g_atomic_pointer_get ((gpointer *) &self->bytes_read);
  if (total_bytes != NULL)
    *total_bytes = (guint64) g_atomic_pointer_get ((gpointer *) &self->total_bytes);
}

void
wr_pack_conflict_free (WrPackConflict *conflict)
{
  if (conflict == NULL)
    return;

  g_free (conflict->visit_uuid);
  g_free (conflict->digest);
  g_free (conflict->detected);
  g_free (conflict->source);
  g_free (conflict);
}

/* Events --------------------------------------------------------------------------- */

/* The parser thread hands the import thread what it read as events, packed
 * one after another in batches of bytes:
 *
 *   start   'S' depth line(4) n_attributes(2) name NUL (name NUL value NUL)…
 *           n_checks(2) (attribute(2) check(pointer))…
 *   end     'E' depth line(4) name NUL           (line: where it started)
 *   text    'T' depth line(4) length(4) text NUL (an element's whole text,
 *                                                only if it has no children)
 *   ahead   'G'                                  (the parser works out the
 *                                                digest of the visit that
 *                                                starts next)
 *   digest  'H' hex NUL                          (that digest, just before
 *                                                the visit's end)
 *   problem 'F' code line(4) message NUL         (the first, then no more)
 *   done    'D'                                  (the pack read to its end)
 *
 * Working out a visit's digest falls to whichever thread has time: the
 * parser's when the import is behind (it is writing new visits), the
 * import's when it is waiting for the parser (the visits are known). So
 * does checking attribute values against the schema's patterns: a start
 * event's checks are the ones the parser left to the import, each the
 * index of an attribute and the WrPackCheck it must pass.
 */
enum
{
  EVENT_START = 'S',
  EVENT_END = 'E',
  EVENT_TEXT = 'T',
  EVENT_AHEAD = 'G',
  EVENT_DIGEST = 'H',
  EVENT_FAIL = 'F',
  EVENT_DONE = 'D',
};

/* Where <visit> elements are: in a pack's <visits>, or the root of a kept
 * conflict.
 */
static inline int
visit_depth (gboolean resolving)
{
  return resolving ? 0 : 2;
}

/* A problem code for a cancelled read. */
#define FAIL_CANCELLED 255

typedef struct
{
  int         type;
  int         depth;
  int         line;
  const char *name;             /* START, END */
  guint       n_attributes;     /* START: name, value pairs in attributes */
  guint       n_checks;         /* START: checks left to the import… */
  const char *checks;           /* …packed as (attribute(2), check) */
  const char *text;             /* TEXT; FAIL: the message */
  gsize       len;
  int         code;             /* FAIL */
  const char *bytes;            /* the event as it was packed */
  gsize       size;
} Event;

static void
put_u32 (GString *out,
         guint32  value)
{
  _wr_string_append_len (out, (const char *) &value, sizeof value);
}

static guint32
get_u32 (const char *p)
{
  guint32 value;

  memcpy (&value, p, sizeof value);
  return value;
}

/* Unpacks the event at @p; its attributes' names and values go to @attributes. */
static const char *
next_event (const char *p,
            Event      *event,
            GPtrArray  *attributes)
{
  const char *start = p;
  guint16 n;

  memset (event, 0, sizeof *event);
  event->bytes = p;
  event->type = *p++;
  switch (event->type)
    {
    case EVENT_START:
      event->depth = (guint8) *p++;
      event->line = (int) get_u32 (p);
      p += 4;
      memcpy (&n, p, sizeof n);
      p += sizeof n;
      event->name = p;
      p += strlen (p) + 1;
      event->n_attributes = n;
      g_ptr_array_set_size (attributes, 0);
      for (guint i = 0; i < 2u * n; i++)
        {
          g_ptr_array_add (attributes, (gpointer) p);
          p += strlen (p) + 1;
        }
      memcpy (&n, p, sizeof n);
      p += sizeof n;
      event->n_checks = n;
      event->checks = p;
      p += n * (sizeof (guint16) + sizeof (gpointer));
      break;

    case EVENT_END:
      event->depth = (guint8) *p++;
      event->line = (int) get_u32 (p);
      p += 4;
      event->name = p;
      p += strlen (p) + 1;
      break;

    case EVENT_TEXT:
      event->depth = (guint8) *p++;
      event->line = (int) get_u32 (p);
      p += 4;
      event->len = get_u32 (p);
      p += 4;
      event->text = p;
      p += event->len + 1;
      break;

    case EVENT_DIGEST:
      event->text = p;
      event->len = strlen (p);
      p += event->len + 1;
      break;

    case EVENT_FAIL:
      event->code = (guint8) *p++;
      event->line = (int) get_u32 (p);
      p += 4;
      event->text = p;
      event->len = strlen (p);
      p += event->len + 1;
      break;

    case EVENT_AHEAD:
    case EVENT_DONE:
      break;

    default:
      g_assert_not_reached ();
    }
  event->size = p - start;

  return p;
}

/* The queue between the threads ----------------------------------------------------- */

/* The parser runs ahead of the import by at most this many batches. */
#define BATCH_SIZE    (256 * 1024)
#define MAX_IN_FLIGHT 4

static void
free_batch (gpointer batch)
{
  g_string_free (batch, TRUE);
}

static WrWorkQueue *
batch_queue_new (guint max_in_flight)
{
  return _wr_work_queue_new (max_in_flight, MAX_IN_FLIGHT + 1, free_batch);
}

/* A batch to fill: a used one if there is one, else one of @size bytes
 * (it grows if need be).
 */
static GString *
take_batch (WrWorkQueue *queue,
            gsize        size)
{
  GString *batch = _wr_work_queue_take_spare (queue);

  if (batch == NULL)
    batch = g_string_sized_new (size);
  g_string_truncate (batch, 0);

  return batch;
}

/* The state of one import -------------------------------------------------------- */

/* An element's attributes, copied into one reused buffer: a pack has
 * millions of them, and a hash table of copies was a fifth of an import.
 */
typedef struct
{
  gsize name;
  gsize value;
} AttrSlot;

typedef struct
{
  GArray  *slots;
  GString *text;
} Attrs;

static Attrs *
attrs_new (void)
{
  Attrs *attrs = g_new0 (Attrs, 1);

  attrs->slots = g_array_new (FALSE, FALSE, sizeof (AttrSlot));
  attrs->text = g_string_new (NULL);

  return attrs;
}

static void
attrs_free (Attrs *attrs)
{
  g_array_unref (attrs->slots);
  g_string_free (attrs->text, TRUE);
  g_free (attrs);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Attrs, attrs_free)

static void
attrs_clear (Attrs *attrs)
{
  g_array_set_size (attrs->slots, 0);
  g_string_truncate (attrs->text, 0);
}

static void
attrs_add (Attrs      *attrs,
           const char *name,
           const char *value)
{
  AttrSlot slot;

  /* Each string with its NUL, so that it can be read in place. */
  slot.name = attrs->text->len;
  _wr_string_append_len (attrs->text, name, strlen (name) + 1);
  slot.value = attrs->text->len;
  _wr_string_append_len (attrs->text, value, strlen (value) + 1);
  g_array_append_val (attrs->slots, slot);
}

typedef enum
{
  MODE_NEW,      /* not in the database: added as read */
  MODE_REPLACE,  /* a newer revision: ours is replaced as read */
  MODE_OLDER,    /* an older revision: only checked */
  MODE_COMPARE,  /* our revision: checked, then compared with ours */
  MODE_MERGE,    /* a copy with a history: checked, then merged into ours row by row */
} VisitMode;

typedef struct
{
  char  *id;
  guint  version;
} PackForm;

static void
pack_form_free (gpointer data)
{
  PackForm *form = data;

  g_free (form->id);
  g_free (form);
}

typedef struct
{
  WrPackReader  *self;
  WrStore       *store;
  const char    *source;        /* the file name, for messages and the audit log */
  GCancellable  *cancellable;

  /* The first problem, with where it was found. */
  GError        *error;

  /* The event the import is on, and its attributes' names and values. */
  Event          event;
  GPtrArray     *attributes;
  gboolean       done;

  /* The pack's forms (sha256 → PackForm) and services (uuid → row id);
   * the uuids of its visits and of their rows, each once.
   */
  GHashTable    *forms;
  GHashTable    *form_ids;
  GHashTable    *services;
  GHashTable    *visit_uuids;
  GHashTable    *row_uuids;
  GHashTable    *answer_keys;    /* the visit's answers, by question, member and repeat */
  GHashTable    *visit_devices;  /* the devices that wrote the visit's rows */
  WrClock       *visit_clock;    /* the visit's clock, if the pack gives one */
  GStringChunk  *uuid_chunk;
  GPtrArray     *pending_forms; /* GBytes of forms to install at the end */
  GPtrArray     *new_forms;     /* and each as a WrForm */
  char          *device;        /* the device that wrote the pack, from <generator> */
  gsize          pending_size;
  Attrs         *form_attrs;
  GString       *form_text;
  gboolean       in_form;
  gboolean       in_scope;      /* in <scope>, whose <visit> and <service> only filter */

  /* Depth of <visit> elements: 2 in a pack, 0 in a kept conflict. */
  int            visit_depth;
  gboolean       resolving;
  GHashTable    *patch;         /* resolving: the rows to write, by key; NULL for all */
  gboolean       row_skipped;   /* the row the import is on is not one of them */

  /* The visit being read. */
  gboolean       in_visit;
  Attrs         *visit_attrs;
  char          *visit_uuid;
  guint          revision;
  VisitMode      mode;
  gint64         visit_id;
  gint64         stored_id;
  gboolean       parser_digests; /* the parser works out its digest… */
  char          *computed;      /* …which is this */
  WrPackDigest  *digest;        /* or we do */
  GString       *stated;
  gboolean       in_digest;
  GString       *visit_events;  /* at our revision: the visit's events, for a conflict */
  gboolean       in_versions;   /* in a visit's <versions> */
  GString       *versions_events; /* the events of its rows, for a visit written as read */
  gboolean       in_deletions;  /* in a visit's <deletions> */
  GString       *deletions_events; /* the events of its rows, likewise */
  guint          n_visits;

  /* Answers not yet written, and their texts. */
  GArray        *answers;
  GStringChunk  *answer_texts;

  /* The row being read (<answer>, <observation>…) and its texts. */
  Attrs         *row_attrs;
  GString       *value;
  GString       *comment;
  GString       *text;
  GString       *caption;
  gboolean       has_value;
  GString       *text_target;
  gint64         observation_id;
  gboolean       in_observation;

  /* The attachment being read. */
  gint64         attachment_id;
  gboolean       attachment_added;
  gboolean       in_data;
  GChecksum     *checksum;
  guint64        n_bytes;
  guint64        size;
  int            base64_state;
  guint          base64_save;
  guint8        *decoded;
  gsize          decoded_size;

  /* The manifest the signature covers, rebuilt as the pack is read
   * (NULL when resolving a conflict), and what the pack says of it.
   */
  GChecksum     *manifest;
  WrPackDigest  *part;          /* of the <scope> or <service> being read */
  int            part_depth;
  char          *root_version;
  char          *root_created;
  GPtrArray     *revoked;       /* the keys of <revocations> */
  char          *signature_key;
  GString       *signature;
  gboolean       in_signature;
  gboolean       has_signature;

  WrPackImportCounts counts;
} Import;

static void
import_init (Import       *import,
             WrPackReader *self,
             WrStore      *store,
             const char   *source)
{
  memset (import, 0, sizeof *import);
  import->self = self;
  import->store = store;
  import->source = source;
  import->visit_depth = visit_depth (FALSE);
  import->attributes = g_ptr_array_new ();
  import->answers = g_array_new (FALSE, FALSE, sizeof (WrExportAnswer));
  import->answer_texts = g_string_chunk_new (16 * 1024);
  import->forms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, pack_form_free);
  import->form_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  import->services = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  import->uuid_chunk = g_string_chunk_new (64 * 1024);
  import->visit_uuids = g_hash_table_new (g_str_hash, g_str_equal);
  import->row_uuids = g_hash_table_new (g_str_hash, g_str_equal);
  import->answer_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  import->visit_devices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  import->pending_forms = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  import->new_forms = g_ptr_array_new_with_free_func (g_object_unref);
  import->form_attrs = attrs_new ();
  import->form_text = g_string_new (NULL);
  import->visit_attrs = attrs_new ();
  import->row_attrs = attrs_new ();
  import->stated = g_string_new (NULL);
  import->value = g_string_new (NULL);
  import->comment = g_string_new (NULL);
  import->text = g_string_new (NULL);
  import->caption = g_string_new (NULL);
  import->checksum = g_checksum_new (G_CHECKSUM_SHA256);
  import->manifest = g_checksum_new (G_CHECKSUM_SHA256);
  import->revoked = g_ptr_array_new_with_free_func (g_free);
  import->signature = g_string_new (NULL);
}

static void
import_clear (Import *import)
{
  g_clear_error (&import->error);
  g_ptr_array_unref (import->attributes);
  g_array_unref (import->answers);
  g_string_chunk_free (import->answer_texts);
  g_hash_table_unref (import->forms);
  g_hash_table_unref (import->form_ids);
  g_hash_table_unref (import->services);
  g_hash_table_unref (import->visit_uuids);
  g_hash_table_unref (import->row_uuids);
  g_hash_table_unref (import->answer_keys);
  g_hash_table_unref (import->visit_devices);
  g_clear_pointer (&import->visit_clock, wr_clock_free);
  g_string_chunk_free (import->uuid_chunk);
  g_ptr_array_unref (import->pending_forms);
  g_ptr_array_unref (import->new_forms);
  g_free (import->device);
  attrs_free (import->form_attrs);
  g_string_free (import->form_text, TRUE);
  attrs_free (import->visit_attrs);
  g_free (import->visit_uuid);
  g_free (import->computed);
  g_clear_pointer (&import->digest, wr_pack_digest_free);
  g_string_free (import->stated, TRUE);
  if (import->visit_events != NULL)
    g_string_free (import->visit_events, TRUE);
  if (import->versions_events != NULL)
    g_string_free (import->versions_events, TRUE);
  if (import->deletions_events != NULL)
    g_string_free (import->deletions_events, TRUE);
  attrs_free (import->row_attrs);
  g_string_free (import->value, TRUE);
  g_string_free (import->comment, TRUE);
  g_string_free (import->text, TRUE);
  g_string_free (import->caption, TRUE);
  g_checksum_free (import->checksum);
  g_free (import->decoded);
  g_checksum_free (import->manifest);
  g_clear_pointer (&import->part, wr_pack_digest_free);
  g_free (import->root_version);
  g_free (import->root_created);
  g_ptr_array_unref (import->revoked);
  g_free (import->signature_key);
  g_string_free (import->signature, TRUE);
}

/* Problems ------------------------------------------------------------------------- */

/* The line of the event the import is on; for an element's end, the
 * line where the element starts.
 */
static int
current_line (Import *import)
{
  return MAX (import->event.line, 1);
}

/* Keeps the first problem, with the file, the line and the visit:
 * "pack.xml:412: visit 3f2…: the digest does not match…".
 */
static void
fail_at (Import     *import,
         int         line,
         int         code,
         const char *format,
         ...) G_GNUC_PRINTF (4, 5);

static void
fail_at (Import     *import,
         int         line,
         int         code,
         const char *format,
         ...)
{
  g_autofree char *what = NULL;
  va_list args;

  if (import->error != NULL)
    return;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  if (import->in_visit && import->visit_uuid != NULL)
    /* Translators: FILE:LINE: visit UUID: what is wrong */
    import->error = g_error_new (WR_PACK_ERROR, code, _("%s:%d: visit %s: %s"),
                                 import->source, line, import->visit_uuid, what);
  else
    import->error = g_error_new (WR_PACK_ERROR, code, "%s:%d: %s", import->source, line, what);
}

#define fail(import, code, ...) fail_at ((import), current_line (import), (code), __VA_ARGS__)

/* A store error, said where in the pack it happened. */
static void
fail_with (Import *import,
           GError *error)
{
  if (import->error == NULL)
    fail (import, WR_PACK_ERROR_READ, "%s", error->message);
  g_error_free (error);
}

/* libxml2 names elements {namespace}local; people know them as local. */
static char *
clean_message (const char *message)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = message; *p != '\0'; p++)
    {
      if (*p == '{' && g_str_has_prefix (p, "{http"))
        {
          const char *end = strchr (p, '}');

          if (end != NULL)
            {
              p = end;
              continue;
            }
        }
      g_string_append_c (out, *p);
    }
  g_strstrip (out->str);
  g_string_set_size (out, strlen (out->str));
  if (out->len > 0 && out->str[out->len - 1] == '.')
    g_string_truncate (out, out->len - 1);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The parser --------------------------------------------------------------------------- */

/* The parser thread: reads the file with libxml2's SAX parser and the
 * schema's validator plugged into it, checks the schema's patterns, and
 * sends events. It knows nothing of the database.
 */
typedef struct
{
  WrPackReader        *self;      /* for progress; NULL when resolving */
  WrWorkQueue         *queue;
  GCancellable        *cancellable;
  gboolean             resolving; /* a kept conflict: no root, no schema */
  WrPackSchema        *schema;
  xmlParserCtxt       *ctxt;
  xmlSchemaValidCtxt  *vctxt;
  gboolean             failed;
  GString             *batch;

  /* The checks of each element's attributes and text, by the parser's
   * interned name.
   */
  GHashTable          *checks;

  /* Open elements: where each started, and whether the innermost has had
   * a child; its text so far if not.
   */
  int                  depth;
  guint32              lines[MAX_DEPTH + 2];
  gboolean             has_child;
  GString             *text;
  int                  text_line;
  gboolean             in_form;
  gboolean             in_scope;   /* as the import's */
  int                  version;    /* the root's format-version, once known; else the latest */

  /* The attribute values of the element being started, as the pack
   * means them (see read_attribute_values()).
   */
  GArray              *values;
  GString             *decoded;

  /* The digest of the visit being read, from its start to its end, if
   * the import was behind when it started.
   */
  WrPackDigest        *digest;
  guint                digest_backlog;

  /* Whether the import checks the attribute values of the batch being
   * filled (see next_event()): it has time for it when it keeps up.
   */
  gboolean             defer_checks;

  /* Reading the file, or the memory of a kept conflict. */
  int                  fd;
  WrPackUnsealer      *unsealer;      /* a sealed pack's, opening it as it is read */
  const char          *memory;
  gsize                memory_len;
  gsize                memory_pos;
  guint64              bytes_read;
  guint64              total;
  int                  prologue;      /* where the byte scan before the root element is */
  int                  prologue_line;
} Parser;

/* A file's batches are filled to BATCH_SIZE; a merged visit's few
 * kilobytes in memory (read once for each visit merged) need less.
 */
static gsize
batch_size (Parser *parser)
{
  if (parser->memory != NULL)
    return MIN (parser->memory_len + 4096, BATCH_SIZE + 64 * 1024);
  return BATCH_SIZE + 64 * 1024;
}

/* The checks of one element: for its text, and for each attribute. */
typedef struct
{
  const WrPackCheck *text;
  GPtrArray         *attributes;      /* name, check pairs */
} ElementChecks;

static void
element_checks_free (gpointer data)
{
  ElementChecks *checks = data;

  g_ptr_array_unref (checks->attributes);
  g_free (checks);
}

static int
parser_line (Parser *parser)
{
  int line = parser->ctxt != NULL ? xmlSAX2GetLineNumber (parser->ctxt) : 1;

  return MAX (line, 1);
}

/* Who checks the attribute values of the next batch: the import, unless
 * it is behind, by the same measure as for digests.
 */
static void
choose_checker (Parser *parser,
                guint   backlog)
{
  parser->defer_checks = parser->schema != NULL && backlog < parser->digest_backlog;
}

static void
send_batch (Parser *parser)
{
  if (parser->batch->len == 0)
    return;
  if (!_wr_work_queue_push (parser->queue, parser->batch))
    {
      /* The import has stopped: read no further (see parser_fail()). */
      parser->failed = TRUE;
      if (parser->ctxt != NULL)
        parser->ctxt->disableSAX = 1;
    }
  parser->batch = take_batch (parser->queue, batch_size (parser));
  choose_checker (parser, _wr_work_queue_get_backlog (parser->queue));
}

/* Sends the batch if it is full, between events. */
static void
maybe_send (Parser *parser)
{
  if (parser->batch->len >= BATCH_SIZE)
    send_batch (parser);
}

static void parser_fail (Parser *parser, int line, int code, const char *format, ...) G_GNUC_PRINTF (4, 5);

/* The first problem: sent as an event, and the parser stops. */
static void
parser_fail (Parser     *parser,
             int         line,
             int         code,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (parser->failed)
    return;
  parser->failed = TRUE;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_string_append_c (parser->batch, EVENT_FAIL);
  g_string_append_c (parser->batch, (char) code);
  put_u32 (parser->batch, (guint32) MAX (line, 1));
  _wr_string_append_len (parser->batch, message, strlen (message) + 1);

  /* No more events, and no more reading: the parser stops at the next
   * read, which fails. Not xmlStopParser(): in libxml2 2.9.14 it frees the
   * input that the caller of this callback, or the schema validator after
   * it, is still reading.
   */
  if (parser->ctxt != NULL)
    parser->ctxt->disableSAX = 1;
}

/* Whether the parser stopped at the very end of the file: a pack cut
 * short by a copy that did not finish, or a full disk.
 */
static gboolean
ends_early (Parser *parser)
{
  xmlParserInput *input = parser->ctxt != NULL ? parser->ctxt->input : NULL;

  return !parser->resolving && parser->depth > 0 && parser->total > 0 && parser->bytes_read >= parser->total &&
         input != NULL && input->cur != NULL && input->end != NULL && input->end - input->cur <= 1;
}

static void
on_xml_error (void     *data,
              xmlError *error)
{
  Parser *parser = data;
  g_autofree char *message = NULL;

  if (error == NULL || error->level < XML_ERR_ERROR || parser->failed)
    return;

  message = clean_message (error->message != NULL ? error->message : "");
  /* At the end of the file inside the root element, whatever libxml2
   * makes of the last, cut tag, the pack was cut short.
   */
  if (ends_early (parser))
    parser_fail (parser, error->line, WR_PACK_ERROR_PARSE,
                 _("the pack is not well-formed XML: it ends early, so it was cut short, perhaps by a copy "
                   "or download that did not finish (%s)"), message);
  else if (error->domain == XML_FROM_SCHEMASV)
    parser_fail (parser, error->line, WR_PACK_ERROR_INVALID,
                 _("the pack does not follow the evidence pack schema: %s"), message);
  else
    parser_fail (parser, error->line, WR_PACK_ERROR_PARSE, _("the pack is not well-formed XML: %s"), message);
}

static void
ignore_generic_error (void       *data,
                      const char *format,
                      ...)
{
}

static int
locate (void           *data,
        const char    **file,
        unsigned long  *line)
{
  Parser *parser = data;

  *file = NULL;
  *line = (unsigned long) parser_line (parser);
  return 0;
}

/* Reading the file ----------------------------------------------------------------- */

enum
{
  PROLOGUE_OUTSIDE,
  PROLOGUE_LT,
  PROLOGUE_PI,
  PROLOGUE_PI_END,
  PROLOGUE_BANG,
  PROLOGUE_COMMENT,
  PROLOGUE_COMMENT_DASH,
  PROLOGUE_COMMENT_DASH_DASH,
  PROLOGUE_DONE,
};

/* Looks at the bytes before the root element: an XML declaration,
 * comments, processing instructions and white space may come there, and a
 * DOCTYPE. A pack never has one, and one can declare entities that expand
 * without end or read files, so the file is refused before the parser
 * sees it.
 */
static gboolean
scan_prologue (Parser     *parser,
               const char *buffer,
               gsize       len)
{
  for (gsize i = 0; i < len && parser->prologue != PROLOGUE_DONE; i++)
    {
      char c = buffer[i];

      if (c == '\n')
        parser->prologue_line++;

      switch (parser->prologue)
        {
        case PROLOGUE_OUTSIDE:
          if (c == '<')
            parser->prologue = PROLOGUE_LT;
          break;
        case PROLOGUE_LT:
          parser->prologue = c == '?' ? PROLOGUE_PI : c == '!' ? PROLOGUE_BANG : PROLOGUE_DONE;
          break;
        case PROLOGUE_PI:
          if (c == '?')
            parser->prologue = PROLOGUE_PI_END;
          break;
        case PROLOGUE_PI_END:
          parser->prologue = c == '>' ? PROLOGUE_OUTSIDE : c == '?' ? PROLOGUE_PI_END : PROLOGUE_PI;
          break;
        case PROLOGUE_BANG:
          if (c != '-')
            return FALSE;
          parser->prologue = PROLOGUE_COMMENT;
          break;
        case PROLOGUE_COMMENT:
          if (c == '-')
            parser->prologue = PROLOGUE_COMMENT_DASH;
          break;
        case PROLOGUE_COMMENT_DASH:
          parser->prologue = c == '-' ? PROLOGUE_COMMENT_DASH_DASH : PROLOGUE_COMMENT;
          break;
        case PROLOGUE_COMMENT_DASH_DASH:
          parser->prologue = c == '>' ? PROLOGUE_OUTSIDE : c == '-' ? PROLOGUE_COMMENT_DASH_DASH : PROLOGUE_COMMENT;
          break;
        default:
          break;
        }
    }

  return TRUE;
}

static int
read_cb (void *context,
         char *buffer,
         int   len)
{
  Parser *parser = context;
  gssize n;

  if (parser->failed)
    return -1;

  if (g_cancellable_is_cancelled (parser->cancellable))
    {
      parser_fail (parser, 1, FAIL_CANCELLED, "%s", "");
      return -1;
    }

  if (parser->memory != NULL)
    {
      n = MIN ((gsize) len, parser->memory_len - parser->memory_pos);
      memcpy (buffer, parser->memory + parser->memory_pos, n);
      parser->memory_pos += n;
    }
  else if (parser->unsealer != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      n = wr_pack_unsealer_read (parser->unsealer, (guint8 *) buffer, len, &local_error);
      if (n < 0)
        {
          parser_fail (parser, parser_line (parser), local_error->code, "%s", local_error->message);
          return -1;
        }
      /* Progress, and the check of a pack cut short, count the file's bytes. */
      parser->bytes_read = wr_pack_unsealer_get_position (parser->unsealer) - n;
    }
  else
    {
      do
        n = read (parser->fd, buffer, len);
      while (n < 0 && errno == EINTR);
    }

  if (n < 0)
    {
      int saved_errno = errno;

      parser_fail (parser, parser_line (parser), WR_PACK_ERROR_READ, _("the pack could not be read: %s"),
                   g_strerror (saved_errno));
      return -1;
    }

  parser->bytes_read += n;
  if (parser->self != NULL)
    g_atomic_pointer_set ((gpointer *) &parser->self->bytes_read, (gpointer) (gintptr) parser->bytes_read);
  if (parser->bytes_read > MAX_PACK_SIZE)
    {
      parser_fail (parser, parser_line (parser), WR_PACK_ERROR_PARSE,
                   _("the pack is larger than %u GiB, more than Walkround reads"), (guint) (MAX_PACK_SIZE >> 30));
      return -1;
    }

  if (parser->prologue != PROLOGUE_DONE && !scan_prologue (parser, buffer, n))
    {
      parser_fail (parser, parser->prologue_line + 1, WR_PACK_ERROR_PARSE,
                   _("the pack has a DOCTYPE declaration, which an evidence pack never has and Walkround never reads"));
      return -1;
    }

  return (int) n;
}

static int
close_cb (void *context)
{
  /* The file descriptor is closed with the import. */
  return 0;
}

/* SAX ------------------------------------------------------------------------------ */

static const ElementChecks *
element_checks (Parser        *parser,
                const xmlChar *name)
{
  ElementChecks *checks = g_hash_table_lookup (parser->checks, name);

  if (checks == NULL)
    {
      checks = g_new0 (ElementChecks, 1);
      checks->attributes = g_ptr_array_new ();
      if (parser->schema != NULL)
        checks->text = _wr_pack_schema_lookup (parser->schema, (const char *) name, NULL);
      g_hash_table_insert (parser->checks, (gpointer) name, checks);
    }

  return checks;
}

static const WrPackCheck *
attribute_check (Parser        *parser,
                 ElementChecks *checks,
                 const xmlChar *element,
                 const xmlChar *name)
{
  const WrPackCheck *check;

  /* Names are interned by the parser: the same name, the same pointer. */
  for (guint i = 0; i < checks->attributes->len; i += 2)
    if (g_ptr_array_index (checks->attributes, i) == name)
      return g_ptr_array_index (checks->attributes, i + 1);

  check = parser->schema != NULL ? _wr_pack_schema_lookup (parser->schema, (const char *) element, (const char *) name) : NULL;
  g_ptr_array_add (checks->attributes, (gpointer) name);
  g_ptr_array_add (checks->attributes, (gpointer) check);

  return check;
}

static void
check_value (Parser            *parser,
             const WrPackCheck *check,
             const xmlChar     *element,
             const xmlChar     *attribute,
             const char        *value,
             gsize              len,
             int                line)
{
  g_autofree char *what = NULL;

  if (check == NULL || _wr_pack_schema_check (check, value, len))
    return;

  what = _wr_pack_schema_describe (check, (const char *) element, (const char *) attribute, value, len);
  parser_fail (parser, line, WR_PACK_ERROR_INVALID, _("the pack does not follow the evidence pack schema: %s"), what);
}

static void
fail_long (Parser *parser,
           int     line)
{
  parser_fail (parser, line, WR_PACK_ERROR_PARSE,
               _("a text or tag in the pack is longer than any an evidence pack has "
                 "(more than %u bytes); the pack is damaged or was not written by Walkround"),
               parser->in_form ? MAX_FORM_RUN : MAX_RUN);
}

/* The root's namespace and version are said better than the schema's
 * error about them.
 */
static void
check_root (Parser         *parser,
            const xmlChar  *name,
            const xmlChar  *uri,
            int             n_attributes,
            const xmlChar **attributes)
{
  g_autofree char *version = NULL;
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < n_attributes; i++)
    if (xmlStrEqual (attributes[i * 5], BAD_CAST "format-version") && attributes[i * 5 + 2] == NULL)
      version = g_strndup ((const char *) attributes[i * 5 + 3], attributes[i * 5 + 4] - attributes[i * 5 + 3]);

  if (version != NULL && version[0] >= '1' && version[0] <= '9' && version[1] == '\0')
    parser->version = version[0] - '0';

  /* The import says which file and line. */
  if (!wr_pack_format_check_root (NULL, 0, (const char *) name, (const char *) uri, version, &error))
    parser_fail (parser, parser_line (parser), error->code, "%s", error->message);
}

/* An attribute value as the pack means it. */
typedef struct
{
  const char *value;
  gsize       len;
  gsize       offset;   /* in parser->decoded, while it grows */
} AttrValue;

/* libxml2's SAX2 parser, when it substitutes no entities (and a pack's
 * never does), hands over each "&" in an attribute value as "&#38;",
 * whether the file had "&amp;" or "&#38;"; it replaces every other
 * reference, "&lt;" and "&#10;" included. So each "&#38;" here is one "&",
 * put right once for the import, the digest and the schema's patterns
 * alike (libxml2's validator does the same for itself). A value without
 * "&" is used where the parser keeps it.
 */
static const AttrValue *
read_attribute_values (Parser         *parser,
                       int             n_attributes,
                       const xmlChar **attributes)
{
  AttrValue *values;

  g_array_set_size (parser->values, n_attributes);
  values = (AttrValue *) (gpointer) parser->values->data;
  g_string_truncate (parser->decoded, 0);

  for (int i = 0; i < n_attributes; i++)
    {
      const char *p = (const char *) attributes[i * 5 + 3];
      const char *end = (const char *) attributes[i * 5 + 4];
      const char *amp = memchr (p, '&', end - p);

      values[i].value = p;
      values[i].len = end - p;
      if (amp == NULL)
        continue;

      values[i].value = NULL;
      values[i].offset = parser->decoded->len;
      for (; amp != NULL; amp = memchr (p, '&', end - p))
        {
          _wr_string_append_len (parser->decoded, p, amp - p);
          g_string_append_c (parser->decoded, '&');
          p = amp + (end - amp >= 5 && memcmp (amp, "&#38;", 5) == 0 ? 5 : 1);
        }
      _wr_string_append_len (parser->decoded, p, end - p);
      values[i].len = parser->decoded->len - values[i].offset;
    }

  /* The buffer has stopped moving. */
  for (int i = 0; i < n_attributes; i++)
    if (values[i].value == NULL)
      values[i].value = parser->decoded->str + values[i].offset;

  return values;
}

static void
start_element_cb (void           *data,
                  const xmlChar  *name,
                  const xmlChar  *prefix,
                  const xmlChar  *uri,
                  int             n_namespaces,
                  const xmlChar **namespaces,
                  int             n_attributes,
                  int             n_defaulted,
                  const xmlChar **attributes)
{
  Parser *parser = data;
  const ElementChecks *checks;
  const AttrValue *values;
  int line = parser_line (parser);
  gsize n_checks_at;
  guint16 n = 0;

  if (parser->failed)
    return;
  maybe_send (parser);

  if (parser->depth == 0 && !parser->resolving)
    {
      check_root (parser, name, uri, n_attributes, attributes);
      if (parser->failed)
        return;
    }

  if (parser->depth >= MAX_DEPTH)
    {
      parser_fail (parser, line, WR_PACK_ERROR_PARSE,
                   _("elements are nested more than %d deep, which no evidence pack is"), MAX_DEPTH);
      return;
    }

  /* What format version 2 added is not in a pack that says it is 1. */
  if (parser->version == 1 && parser->depth == 3 &&
      (xmlStrEqual (name, BAD_CAST "support-requests") || xmlStrEqual (name, BAD_CAST "reviews")))
    {
      parser_fail (parser, line, WR_PACK_ERROR_INVALID,
                   _("a pack of format version 1 has no <%s>, which version 2 added; "
                     "the pack was changed after it was written"),
                   (const char *) name);
      return;
    }

  /* Its parent has a child: the parent's text is only indentation. */
  parser->has_child = TRUE;
  g_string_truncate (parser->text, 0);
  parser->in_form = parser->depth == 2 && xmlStrEqual (name, BAD_CAST "form");

  /* Nor what version 4 added (a row's change, a visit's clock; a team
   * member's device and time) in one that says it is older.
   */
  if (parser->version < 4 && parser->depth >= visit_depth (parser->resolving))
    for (int i = 0; i < n_attributes; i++)
      {
        const xmlChar *attribute = attributes[i * 5];

        if (attributes[i * 5 + 2] == NULL &&
            (xmlStrEqual (attribute, BAD_CAST "change") || xmlStrEqual (attribute, BAD_CAST "clock") ||
             xmlStrEqual (attribute, BAD_CAST "change-device") ||
             (xmlStrEqual (name, BAD_CAST "member") &&
              (xmlStrEqual (attribute, BAD_CAST "device") || xmlStrEqual (attribute, BAD_CAST "modified"))) ||
             (xmlStrEqual (name, BAD_CAST "repeat") && xmlStrEqual (attribute, BAD_CAST "device"))))
          {
            parser_fail (parser, line, WR_PACK_ERROR_INVALID,
                         _("a pack of format version %d has no “%s” in <%s>, which version 4 added; "
                           "the pack was changed after it was written"),
                         parser->version, (const char *) attribute, (const char *) name);
            return;
          }
      }

  /* Nor what version 5 added (deletions, a completion's clock) in one
   * that says it is older.
   */
  if (parser->version < 5 && parser->depth >= visit_depth (parser->resolving) + 1 &&
      (xmlStrEqual (name, BAD_CAST "deletions") || xmlStrEqual (name, BAD_CAST "deleted")))
    {
      parser_fail (parser, line, WR_PACK_ERROR_INVALID,
                   _("a pack of format version %d has no <%s>, which version 5 added; "
                     "the pack was changed after it was written"),
                   parser->version, (const char *) name);
      return;
    }
  if (parser->version < 5 && parser->depth >= visit_depth (parser->resolving))
    for (int i = 0; i < n_attributes; i++)
      if (attributes[i * 5 + 2] == NULL && xmlStrEqual (attributes[i * 5], BAD_CAST "completed-clock"))
        {
          parser_fail (parser, line, WR_PACK_ERROR_INVALID,
                       _("a pack of format version %d has no “completed-clock” in <%s>, which version 5 added; "
                         "the pack was changed after it was written"),
                       parser->version, (const char *) name);
          return;
        }

  /* Nor what version 6 added (revocations, the signature). */
  if (parser->version < WR_PACK_FORMAT_VERSION_SIGNED && parser->depth == 1 && !parser->resolving &&
      (xmlStrEqual (name, BAD_CAST "signature") || xmlStrEqual (name, BAD_CAST "revocations")))
    {
      parser_fail (parser, line, WR_PACK_ERROR_INVALID,
                   _("a pack of format version %d has no <%s>, which version 6 added; "
                     "the pack was changed after it was written"),
                   parser->version, (const char *) name);
      return;
    }

  /* Nor what version 3 added in one that says it is older. */
  if (parser->version < 3 && parser->depth == visit_depth (parser->resolving) + 2 &&
      xmlStrEqual (name, BAD_CAST "action"))
    for (int i = 0; i < n_attributes; i++)
      if (attributes[i * 5 + 2] == NULL && xmlStrEqual (attributes[i * 5], BAD_CAST "repeat"))
        {
          parser_fail (parser, line, WR_PACK_ERROR_INVALID,
                       _("a pack of format version %d has no “repeat” on an <action>, which version 3 added; "
                         "the pack was changed after it was written"),
                       parser->version);
          return;
        }

  values = read_attribute_values (parser, n_attributes, attributes);
  for (int i = 0; i < n_attributes; i++)
    if (values[i].len > MAX_RUN)
      {
        fail_long (parser, line);
        return;
      }
  n = (guint16) n_attributes;

  if (parser->depth == 1)
    parser->in_scope = xmlStrEqual (name, BAD_CAST "scope");

  /* A visit's digest is ours to work out if the import is behind. */
  if (parser->digest == NULL && parser->depth == visit_depth (parser->resolving) && !parser->in_scope &&
      xmlStrEqual (name, BAD_CAST "visit") && _wr_work_queue_get_backlog (parser->queue) >= parser->digest_backlog)
    {
      parser->digest = wr_pack_digest_new ();
      g_string_append_c (parser->batch, EVENT_AHEAD);
    }

  g_string_append_c (parser->batch, EVENT_START);
  g_string_append_c (parser->batch, (char) parser->depth);
  put_u32 (parser->batch, (guint32) line);
  _wr_string_append_len (parser->batch, (const char *) &n, sizeof n);
  _wr_string_append_len (parser->batch, (const char *) name, strlen ((const char *) name) + 1);
  for (int i = 0; i < n_attributes; i++)
    {
      _wr_string_append_len (parser->batch, (const char *) attributes[i * 5], strlen ((const char *) attributes[i * 5]) + 1);
      _wr_string_append_len (parser->batch, values[i].value, values[i].len);
      g_string_append_c (parser->batch, '\0');
    }

  if (parser->digest != NULL)
    {
      wr_pack_digest_start_element (parser->digest, (const char *) name);
      for (int i = 0; i < n_attributes; i++)
        wr_pack_digest_attribute_len (parser->digest, (const char *) attributes[i * 5], values[i].value, values[i].len);
    }

  parser->lines[parser->depth] = (guint32) line;
  parser->depth++;
  parser->has_child = FALSE;
  parser->text_line = line;

  /* After the element, like the schema's own problems with it: here, or
   * by the import as it reads the element (see run_checks()).
   */
  checks = element_checks (parser, name);
  n_checks_at = parser->batch->len;
  n = 0;
  _wr_string_append_len (parser->batch, (const char *) &n, sizeof n);
  for (int i = 0; i < n_attributes && !parser->failed; i++)
    {
      const WrPackCheck *check;
      guint16 index = (guint16) i;

      /* Namespaced attributes (xml:lang) are the schema's to judge. */
      if (attributes[i * 5 + 2] != NULL ||
          (check = attribute_check (parser, (ElementChecks *) checks, name, attributes[i * 5])) == NULL)
        continue;
      if (parser->defer_checks)
        {
          _wr_string_append_len (parser->batch, (const char *) &index, sizeof index);
          _wr_string_append_len (parser->batch, (const char *) &check, sizeof check);
          n++;
          memcpy (parser->batch->str + n_checks_at, &n, sizeof n);
        }
      else
        /* Its problem is an event after the start's (see follow_event()). */
        check_value (parser, check, name, attributes[i * 5], values[i].value, values[i].len, line);
    }
}

static void
end_element_cb (void          *data,
                const xmlChar *name,
                const xmlChar *prefix,
                const xmlChar *uri)
{
  Parser *parser = data;
  int line;

  if (parser->failed || parser->depth == 0)
    return;
  maybe_send (parser);

  parser->depth--;
  line = (int) parser->lines[parser->depth];

  if (!parser->has_child && parser->text->len > 0)
    {
      g_string_append_c (parser->batch, EVENT_TEXT);
      g_string_append_c (parser->batch, (char) (parser->depth + 1));
      put_u32 (parser->batch, (guint32) parser->text_line);
      put_u32 (parser->batch, (guint32) parser->text->len);
      _wr_string_append_len (parser->batch, parser->text->str, parser->text->len + 1);
    }

  if (parser->digest != NULL)
    {
      if (!parser->has_child && parser->text->len > 0)
        wr_pack_digest_text (parser->digest, parser->text->str, parser->text->len);
      wr_pack_digest_end_element (parser->digest);
      if (parser->depth == visit_depth (parser->resolving))
        {
          g_autofree char *computed = wr_pack_digest_finish (parser->digest);

          g_clear_pointer (&parser->digest, wr_pack_digest_free);
          g_string_append_c (parser->batch, EVENT_DIGEST);
          _wr_string_append_len (parser->batch, computed, strlen (computed) + 1);
        }
    }

  g_string_append_c (parser->batch, EVENT_END);
  g_string_append_c (parser->batch, (char) parser->depth);
  put_u32 (parser->batch, (guint32) line);
  _wr_string_append_len (parser->batch, (const char *) name, strlen ((const char *) name) + 1);

  /* A leaf's text, even empty, must match its type's patterns. */
  if (!parser->has_child)
    check_value (parser, element_checks (parser, name)->text, name, NULL, parser->text->str, parser->text->len,
                 parser->text->len > 0 ? parser->text_line : line);
  g_string_truncate (parser->text, 0);

  /* The parent has had a child. */
  parser->has_child = TRUE;
  parser->in_form = FALSE;
}

static void
characters_cb (void          *data,
               const xmlChar *text,
               int            len)
{
  Parser *parser = data;

  if (parser->failed || parser->has_child || parser->depth == 0)
    return;

  if (parser->text->len == 0)
    parser->text_line = parser_line (parser);
  _wr_string_append_len (parser->text, (const char *) text, len);
  if (parser->text->len > (parser->in_form ? MAX_FORM_RUN : MAX_RUN))
    fail_long (parser, parser->text_line);
}

static void
refuse_entity (Parser *parser)
{
  parser_fail (parser, parser_line (parser), WR_PACK_ERROR_PARSE,
               _("the pack has a DOCTYPE or an entity, which an evidence pack never has and Walkround never reads"));
}

static void
internal_subset_cb (void          *data,
                    const xmlChar *name,
                    const xmlChar *external_id,
                    const xmlChar *system_id)
{
  refuse_entity (data);
}

static xmlEntity *
get_entity_cb (void          *data,
               const xmlChar *name)
{
  refuse_entity (data);
  return NULL;
}

static void
reference_cb (void          *data,
              const xmlChar *name)
{
  refuse_entity (data);
}

/* Reads the whole input, sending events; runs in its own thread for a
 * file, or in the caller's for a kept conflict.
 */
static gpointer
parse (gpointer data)
{
  Parser *parser = data;
  xmlSAXHandler sax = { 0, };
  xmlSAXHandler *handler = &sax;
  void *user_data = parser;
  xmlSchemaSAXPlugStruct *plug = NULL;
  xmlStructuredErrorFunc saved_structured = xmlStructuredError;
  void *saved_structured_data = xmlStructuredErrorContext;
  xmlGenericErrorFunc saved_generic = xmlGenericError;
  void *saved_generic_data = xmlGenericErrorContext;

  /* libxml2 keeps its error handlers per thread: ours are in place for
   * the length of the read, so nothing reaches stderr.
   */
  xmlSetStructuredErrorFunc (parser, on_xml_error);
  xmlSetGenericErrorFunc (NULL, ignore_generic_error);

  sax.initialized = XML_SAX2_MAGIC;
  sax.startElementNs = start_element_cb;
  sax.endElementNs = end_element_cb;
  sax.characters = characters_cb;
  sax.cdataBlock = characters_cb;
  sax.internalSubset = internal_subset_cb;
  sax.getEntity = get_entity_cb;
  sax.reference = reference_cb;

  parser->batch = take_batch (parser->queue, batch_size (parser));
  choose_checker (parser, 0);
  parser->text = g_string_new (NULL);
  parser->values = g_array_new (FALSE, FALSE, sizeof (AttrValue));
  parser->decoded = g_string_new (NULL);
  parser->checks = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, element_checks_free);

  if (parser->schema != NULL)
    {
      parser->vctxt = xmlSchemaNewValidCtxt (_wr_pack_schema_get_xsd (parser->schema));
      xmlSchemaSetValidStructuredErrors (parser->vctxt, on_xml_error, parser);
      plug = xmlSchemaSAXPlug (parser->vctxt, &handler, &user_data);
    }

  /* UTF-8 whatever the declaration says, so that the DOCTYPE scan reads
   * the same characters as the parser. No option lets the parser load a
   * DTD, substitute entities, read the network or exceed its limits.
   */
  parser->ctxt = xmlCreateIOParserCtxt (handler, user_data, read_cb, close_cb, parser, XML_CHAR_ENCODING_UTF8);
  if (parser->ctxt == NULL)
    parser_fail (parser, 1, WR_PACK_ERROR_READ, _("the pack could not be read"));
  else if (!parser->failed)
    {
      xmlCtxtUseOptions (parser->ctxt, XML_PARSE_NONET);
      if (parser->vctxt != NULL)
        xmlSchemaValidateSetLocator (parser->vctxt, locate, parser);
      xmlParseDocument (parser->ctxt);

      if (!parser->failed && (!parser->ctxt->wellFormed || !parser->ctxt->nsWellFormed))
        parser_fail (parser, parser_line (parser), WR_PACK_ERROR_PARSE,
                     _("the pack is not well-formed XML; it may have been cut short"));
      if (!parser->failed && parser->vctxt != NULL && xmlSchemaIsValid (parser->vctxt) != 1)
        parser_fail (parser, parser_line (parser), WR_PACK_ERROR_INVALID,
                     _("the pack does not follow the evidence pack schema"));
    }

  if (!parser->failed)
    g_string_append_c (parser->batch, EVENT_DONE);
  if (parser->batch->len > 0)
    _wr_work_queue_push (parser->queue, g_steal_pointer (&parser->batch));
  g_clear_pointer (&parser->batch, free_batch);
  _wr_work_queue_close (parser->queue);

  if (parser->ctxt != NULL)
    {
      xmlFreeParserCtxt (parser->ctxt);
      parser->ctxt = NULL;
    }
  if (plug != NULL)
    xmlSchemaSAXUnplug (plug);
  g_clear_pointer (&parser->vctxt, xmlSchemaFreeValidCtxt);
  g_clear_pointer (&parser->checks, g_hash_table_unref);
  g_clear_pointer (&parser->digest, wr_pack_digest_free);
  g_string_free (g_steal_pointer (&parser->text), TRUE);
  g_string_free (g_steal_pointer (&parser->decoded), TRUE);
  g_clear_pointer (&parser->values, g_array_unref);

  xmlSetStructuredErrorFunc (saved_structured_data, saved_structured);
  xmlSetGenericErrorFunc (saved_generic_data, saved_generic);

  return NULL;
}

static void
report_progress (Import *import)
{
  WrPackReader *self = import->self;

  if (self == NULL)
    return;

  g_atomic_int_set (&self->n_visits, (gint) import->n_visits);
}

/* Attributes and text -------------------------------------------------------------- */

/* Copies the attributes of the element the import is on into @attrs. */
static void
take_attributes (Import *import,
                 Attrs  *attrs)
{
  attrs_clear (attrs);
  for (guint i = 0; i < import->event.n_attributes; i++)
    attrs_add (attrs, g_ptr_array_index (import->attributes, 2 * i), g_ptr_array_index (import->attributes, 2 * i + 1));
}

/* An attribute of the element the import is on. */
static const char *
event_attribute (Import     *import,
                 const char *name)
{
  for (guint i = 0; i < import->event.n_attributes; i++)
    if (g_str_equal (g_ptr_array_index (import->attributes, 2 * i), name))
      return g_ptr_array_index (import->attributes, 2 * i + 1);
  return NULL;
}

static const char *
get (Attrs      *attrs,
     const char *name)
{
  for (guint i = 0; i < attrs->slots->len; i++)
    {
      const AttrSlot *slot = &g_array_index (attrs->slots, AttrSlot, i);

      if (strcmp (attrs->text->str + slot->name, name) == 0)
        return attrs->text->str + slot->value;
    }

  return NULL;
}

static guint
get_uint (Attrs      *attrs,
          const char *name)
{
  const char *text = get (attrs, name);
  guint64 value = 0;

  if (text != NULL)
    g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &value, NULL);

  return (guint) value;
}

/* Format version 4's change number: 0 when absent (a row from before
 * histories); the schema has checked its form.
 */
static gint64
get_change (Attrs *attrs)
{
  const char *text = get (attrs, "change");
  guint64 value = 0;

  if (text != NULL)
    g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL);

  return (gint64) value;
}

static gboolean
get_bool (Attrs      *attrs,
          const char *name)
{
  return g_strcmp0 (get (attrs, name), "true") == 0;
}

/* The copy of a visit kept for a conflict ------------------------------------------ */

static void
copy_escaped (GString    *copy,
              const char *text,
              gboolean    attribute)
{
  const char *special = attribute ? "&<>\r\"\t\n" : "&<>\r";

  /* Most text has nothing to escape: it is copied in runs. */
  while (*text != '\0')
    {
      gsize run = strcspn (text, special);

      _wr_string_append_len (copy, text, run);
      text += run;
      switch (*text)
        {
        case '\0': return;
        case '&': _wr_string_append (copy, "&amp;"); break;
        case '<': _wr_string_append (copy, "&lt;"); break;
        case '>': _wr_string_append (copy, "&gt;"); break;
        case '\r': _wr_string_append (copy, "&#13;"); break;
        case '"': _wr_string_append (copy, "&quot;"); break;
        case '\t': _wr_string_append (copy, "&#9;"); break;
        case '\n': _wr_string_append (copy, "&#10;"); break;
        default: g_assert_not_reached ();
        }
      text++;
    }
}

/* The visit at our revision as XML that reads back to the same elements,
 * attributes and text, and so the same digest: kept beside ours in a
 * conflict.
 */
static GString *
events_copy (GString    *events,
             const char *root)
{
  GString *copy = g_string_new (NULL);
  g_autoptr(GPtrArray) attributes = g_ptr_array_new ();
  const char *p = events->str;
  const char *end = p + events->len;
  gboolean first = TRUE;
  Event event;

  if (root != NULL)
    {
      g_string_append_printf (copy, "<%s xmlns=\"" WR_PACK_NAMESPACE "\">", root);
      first = FALSE;
    }

  while (p < end)
    {
      p = next_event (p, &event, attributes);
      switch (event.type)
        {
        case EVENT_START:
          g_string_append_c (copy, '<');
          _wr_string_append (copy, event.name);
          if (first)
            _wr_string_append (copy, " xmlns=\"" WR_PACK_NAMESPACE "\"");
          first = FALSE;
          for (guint i = 0; i < event.n_attributes; i++)
            {
              g_string_append_c (copy, ' ');
              _wr_string_append (copy, g_ptr_array_index (attributes, 2 * i));
              _wr_string_append (copy, "=\"");
              copy_escaped (copy, g_ptr_array_index (attributes, 2 * i + 1), TRUE);
              g_string_append_c (copy, '"');
            }
          g_string_append_c (copy, '>');
          break;

        case EVENT_END:
          _wr_string_append (copy, "</");
          _wr_string_append (copy, event.name);
          g_string_append_c (copy, '>');
          break;

        case EVENT_TEXT:
          copy_escaped (copy, event.text, FALSE);
          break;

        default:
          break;
        }
    }
  if (root != NULL)
    g_string_append_printf (copy, "</%s>", root);
  g_string_append_c (copy, '\n');

  return copy;
}

/* The visit at our revision as a document, for the merge: the elements,
 * attributes and text of visit_copy()'s XML, without writing and parsing
 * it.
 */
static xmlDoc *
events_doc (GString *events)
{
  xmlDoc *doc = xmlNewDoc (BAD_CAST "1.0");
  g_autoptr(GPtrArray) attributes = g_ptr_array_new ();
  const char *p = events->str;
  const char *end = p + events->len;
  xmlNode *at = NULL;
  Event event;

  while (p < end)
    {
      p = next_event (p, &event, attributes);
      switch (event.type)
        {
        case EVENT_START:
          {
            xmlNode *node = xmlNewDocNode (doc, NULL, BAD_CAST event.name, NULL);

            if (at == NULL)
              xmlDocSetRootElement (doc, node);
            else
              xmlAddChild (at, node);
            /* The values as they are: xmlNewProp() reads no entities. */
            for (guint i = 0; i < event.n_attributes; i++)
              xmlNewProp (node, BAD_CAST g_ptr_array_index (attributes, 2 * i),
                          BAD_CAST g_ptr_array_index (attributes, 2 * i + 1));
            at = node;
          }
          break;

        case EVENT_END:
          at = at != NULL && at->parent != (xmlNode *) doc ? at->parent : NULL;
          break;

        case EVENT_TEXT:
          if (at != NULL)
            xmlAddChild (at, xmlNewDocText (doc, BAD_CAST event.text));
          break;

        default:
          break;
        }
    }

  return doc;
}

static GString *
visit_copy (Import *import)
{
  return events_copy (import->visit_events, NULL);
}

/* Forms and services --------------------------------------------------------------- */

static gboolean
check_installed_form (Import     *import,
                      const char *id,
                      guint       version,
                      const char *sha256,
                      gboolean   *installed)
{
  WrFormLibrary *library = import->self != NULL ? import->self->library : NULL;
  WrForm *form;

  *installed = FALSE;
  if (library == NULL || (form = wr_form_library_lookup (library, id, version)) == NULL)
    return TRUE;

  if (!g_str_equal (wr_form_get_sha256 (form), sha256))
    {
      /* A pack's form never replaces one installed here, nor stands beside it. */
      fail (import, WR_PACK_ERROR_FORM_MISSING,
            _("the form “%s” version %u in the pack is not the one installed here (%s), which has other content: "
              "a form’s version must change whenever its text does; ask whoever wrote the form which is right. "
              "Nothing was imported"),
            id, version, wr_form_get_path (form) != NULL ? wr_form_get_path (form) : _("built in"));
      return FALSE;
    }

  *installed = TRUE;
  return TRUE;
}

/* A form's bytes are checked as they are: their size and SHA-256, then
 * that they are a form with the id and version the pack gives.
 */
static void
end_form (Import *import)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WrForm) form = NULL;
  g_autofree char *sha256 = NULL;
  const char *id = get (import->form_attrs, "id");
  const char *stated = get (import->form_attrs, "sha256");
  guint version = get_uint (import->form_attrs, "version");
  guint size = get_uint (import->form_attrs, "size");
  gboolean installed;
  PackForm *pack_form;
  int state = 0;
  guint save = 0;
  guchar *data;
  gsize len;

  import->in_form = FALSE;
  if (id == NULL || stated == NULL)
    return;

  /* The schema's keys form-sha256 and form-id-version. */
  if (g_hash_table_contains (import->forms, stated))
    {
      fail (import, WR_PACK_ERROR_INVALID, _("the pack holds the form with SHA-256 %s twice; a pack has each form once"),
            stated);
      return;
    }
  if (!g_hash_table_add (import->form_ids, g_strdup_printf ("%s\1%u", id, version)))
    {
      fail (import, WR_PACK_ERROR_INVALID,
            _("the pack holds two forms “%s” version %u with different content; a form’s version must change "
              "whenever its text does"),
            id, version);
      return;
    }

  data = g_malloc (import->form_text->len * 3 / 4 + 3);
  len = g_base64_decode_step (import->form_text->str, import->form_text->len, data, &state, &save);
  bytes = g_bytes_new_take (data, len);
  g_string_truncate (import->form_text, 0);

  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  if (len != size || !g_str_equal (sha256, stated))
    {
      fail (import, WR_PACK_ERROR_DIGEST,
            _("the form “%s” version %u does not match its size and SHA-256: the pack was changed or damaged after it was written"),
            id, version);
      return;
    }

  if (!check_installed_form (import, id, version, stated, &installed))
    return;

  if (!installed)
    {
      if (!(form = wr_form_new_from_bytes (bytes, NULL, NULL, &error)))
        {
          fail (import, WR_PACK_ERROR_INVALID, _("the form “%s” version %u in the pack is not a valid form: %s"),
                id, version, error->message);
          return;
        }
      if (!g_str_equal (wr_form_get_id (form), id) || wr_form_get_version (form) != version)
        {
          fail (import, WR_PACK_ERROR_INVALID,
                _("the form in the pack said to be “%s” version %u is “%s” version %u"),
                id, version, wr_form_get_id (form), wr_form_get_version (form));
          return;
        }
      import->pending_size += len;
      if (import->pending_size > MAX_PENDING_FORMS_SIZE)
        {
          fail (import, WR_PACK_ERROR_PARSE, _("the pack holds more forms than Walkround installs at once"));
          return;
        }
      g_ptr_array_add (import->pending_forms, g_steal_pointer (&bytes));
      g_ptr_array_add (import->new_forms, g_steal_pointer (&form));
    }

  pack_form = g_new0 (PackForm, 1);
  pack_form->id = g_strdup (id);
  pack_form->version = version;
  g_hash_table_replace (import->forms, g_strdup (stated), pack_form);
}

/* A service the database does not have is added; ours is kept as it is. */
static void
read_service (Import *import)
{
  g_autoptr(Attrs) attrs = attrs_new ();
  GError *error = NULL;
  const char *uuid;
  gint64 id;

  take_attributes (import, attrs);
  if ((uuid = get (attrs, "uuid")) == NULL || get (attrs, "name") == NULL)
    return;

  /* The schema's key service-uuid. */
  if (g_hash_table_contains (import->services, uuid))
    {
      fail (import, WR_PACK_ERROR_INVALID, _("the pack holds the service %s twice; a pack has each service once"), uuid);
      return;
    }

  if (!_wr_store_import_find_service (import->store, uuid, &id, &error))
    {
      fail_with (import, error);
      return;
    }

  if (id == 0)
    {
      WrExportService row = {
        uuid, get (attrs, "name"), get (attrs, "directorate"), get (attrs, "site"), get (attrs, "type"),
        get (attrs, "cqc-location-id"), get_bool (attrs, "archived"), get (attrs, "created"),
        get (attrs, "modified"),
      };
      g_autofree char *what = g_strdup_printf (_("imported from %s"), import->source);

      if (!(id = _wr_store_import_service (import->store, &row, &error)) ||
          !_wr_store_audit (import->store, NULL, "service", uuid, "import", NULL, what, &error))
        {
      fail_with (import, error);
      return;
    }
      import->counts.n_services_added++;
    }

  g_hash_table_replace (import->services, g_strdup (uuid), g_memdup2 (&id, sizeof id));
}

/* Visits ---------------------------------------------------------------------------- */

static gboolean
writes_rows (Import *import)
{
  return import->mode == MODE_NEW || import->mode == MODE_REPLACE;
}

/* Whether the row the import is on is written: a merged visit is written
 * over ours only where the merge changed it (import->patch).
 */
static gboolean
writes_row (Import *import)
{
  return writes_rows (import) && !import->row_skipped;
}

static WrExportVisit
visit_row (Import *import)
{
  Attrs *attrs = import->visit_attrs;
  WrExportVisit row = {
    0, get (attrs, "uuid"), get_uint (attrs, "revision"), get (attrs, "kind"), get (attrs, "status"),
    get (attrs, "started"), get (attrs, "ended"), get (attrs, "form"), get_uint (attrs, "form-version"),
    get (attrs, "form-sha256"), get (attrs, "service"), get (attrs, "device"), get (attrs, "created"),
    get (attrs, "modified"), get (attrs, "change-device"), get_change (attrs), get (attrs, "clock"),
    get (attrs, "completed-clock"),
  };

  return row;
}

/* The visit's form must be one the pack carries, and its service one of
 * the pack's; a kept conflict's were checked when it was imported.
 */
static gboolean
check_references (Import              *import,
                  const WrExportVisit *row,
                  gint64              *service_id)
{
  GError *error = NULL;
  PackForm *form;
  gint64 *id;

  if (import->resolving)
    {
      if (!_wr_store_import_find_service (import->store, row->service_uuid, service_id, &error))
        {
          fail_with (import, error);
          return FALSE;
        }
      if (*service_id == 0)
        {
          fail (import, WR_PACK_ERROR_INVALID, _("its service %s is no longer in the database"), row->service_uuid);
          return FALSE;
        }
      return TRUE;
    }

  form = row->form_sha256 != NULL ? g_hash_table_lookup (import->forms, row->form_sha256) : NULL;
  if (form == NULL || g_strcmp0 (form->id, row->form_id) != 0 || form->version != row->form_version)
    {
      fail (import, WR_PACK_ERROR_INVALID,
            _("it was recorded on the form “%s” version %u, which is not among the pack’s forms with that SHA-256"),
            row->form_id, row->form_version);
      return FALSE;
    }

  if (row->service_uuid == NULL || (id = g_hash_table_lookup (import->services, row->service_uuid)) == NULL)
    {
      fail (import, WR_PACK_ERROR_INVALID, _("its service %s is not among the pack’s services"),
            row->service_uuid != NULL ? row->service_uuid : "");
      return FALSE;
    }
  *service_id = *id;

  return TRUE;
}

/* Decides what the visit's rows are for, from its uuid and revision. */
static gboolean
choose_mode (Import              *import,
             const WrExportVisit *row,
             gint64               service_id)
{
  GError *error = NULL;
  gint64 stored_id;
  guint stored_revision;

  if (!_wr_store_import_find_visit (import->store, row->uuid, &stored_id, &stored_revision, &error))
    {
      fail_with (import, error);
      return FALSE;
    }

  /* A copy that carries its history is merged row by row, whatever its
   * revision: the history says which changes each side has seen. One
   * from before histories is taken or compared whole, by its revision.
   */
  if (stored_id == 0)
    import->mode = MODE_NEW;
  else if (row->clock != NULL && !import->resolving)
    import->mode = MODE_MERGE;
  else if (row->revision > stored_revision || import->resolving)
    import->mode = MODE_REPLACE;
  else if (row->revision < stored_revision)
    import->mode = MODE_OLDER;
  else
    import->mode = MODE_COMPARE;

  /* At our revision, the visit is compared with ours once it has been
   * read: its events are kept until then, in case it is a conflict.
   */
  import->stored_id = stored_id;
  if (import->mode == MODE_COMPARE || import->mode == MODE_MERGE)
    import->visit_events = g_string_new (NULL);

  if (writes_rows (import) && import->patch != NULL && import->mode == MODE_REPLACE)
    {
      if (!_wr_store_import_patch_visit (import->store, stored_id, row, service_id, import->patch, &error))
        {
          fail_with (import, error);
          return FALSE;
        }
      import->visit_id = stored_id;
    }
  else if (writes_rows (import) &&
      !(import->visit_id = _wr_store_import_visit (import->store, import->mode == MODE_REPLACE ? stored_id : 0,
                                                   row, service_id, &error)))
    {
      fail_with (import, error);
      return FALSE;
    }

  return TRUE;
}

static void note_device (Import     *import,
                         const char *device);

/* A visit's clock covers every change its rows say they are: a pack that
 * claims a change beyond it was changed after it was written, and taking
 * it would let this device number a later change of its own the same.
 */
static gboolean
check_change (Import     *import,
              const char *element,
              const char *device,
              gint64      change)
{
  g_autofree char *number = NULL;

  if (change <= 0 ||
      (import->visit_clock != NULL && device != NULL && wr_clock_covers (import->visit_clock, device, change)))
    return TRUE;

  number = g_strdup_printf ("%" G_GINT64_FORMAT, change);
  fail (import, WR_PACK_ERROR_INVALID,
        _("<%s> says it is change %s of device %s, which the visit's clock does not include; "
          "the pack was changed after it was written"),
        element, number, device != NULL ? device : "?");
  return FALSE;
}

static gboolean
read_visit_clock (Import              *import,
                  const WrExportVisit *row)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&import->visit_clock, wr_clock_free);
  if (row->clock != NULL && !(import->visit_clock = wr_clock_from_string (row->clock, &error)))
    {
      fail (import, WR_PACK_ERROR_INVALID, _("the visit's clock: %s"), error->message);
      return FALSE;
    }

  return check_change (import, "visit", row->change_device, row->change_number);
}

static void
start_visit (Import *import)
{
  WrExportVisit row;
  gint64 service_id = 0;

  import->in_visit = TRUE;
  g_hash_table_remove_all (import->answer_keys);
  take_attributes (import, import->visit_attrs);
  row = visit_row (import);
  g_hash_table_remove_all (import->visit_devices);
  note_device (import, row.change_device != NULL ? row.change_device : row.device_id);
  if (!read_visit_clock (import, &row))
    return;
  g_clear_pointer (&import->visit_uuid, g_free);
  import->visit_uuid = g_strdup (row.uuid != NULL ? row.uuid : "?");
  import->revision = row.revision;
  g_clear_pointer (&import->computed, g_free);
  g_clear_pointer (&import->digest, wr_pack_digest_free);
  if (!import->parser_digests)
    import->digest = wr_pack_digest_new ();
  import->parser_digests = FALSE;
  g_string_truncate (import->stated, 0);
  import->in_digest = FALSE;
  import->in_versions = FALSE;
  if (import->versions_events != NULL)
    g_string_truncate (import->versions_events, 0);
  import->in_deletions = FALSE;
  if (import->deletions_events != NULL)
    g_string_truncate (import->deletions_events, 0);
  import->visit_id = 0;

  if (import->error != NULL || row.uuid == NULL)
    return;

  if (!g_hash_table_add (import->visit_uuids, g_string_chunk_insert (import->uuid_chunk, row.uuid)))
    {
      fail (import, WR_PACK_ERROR_INVALID, _("the pack holds this visit twice; a pack has each visit once"));
      return;
    }

  if (!check_references (import, &row, &service_id) || !choose_mode (import, &row, service_id))
    return;

  /* The visit's own start, which came before the digest and copy did. */
  if (import->digest != NULL)
    {
      wr_pack_digest_start_element (import->digest, import->event.name);
      for (guint i = 0; i < import->event.n_attributes; i++)
        wr_pack_digest_attribute (import->digest, g_ptr_array_index (import->attributes, 2 * i),
                                  g_ptr_array_index (import->attributes, 2 * i + 1));
    }
  if (import->visit_events != NULL)
    _wr_string_append_len (import->visit_events, import->event.bytes, import->event.size);
}

static void
audit_visit (Import     *import,
             const char *field,
             const char *old_value,
             const char *new_value)
{
  GError *error = NULL;

  if (!_wr_store_audit (import->store, import->visit_uuid, "visit", import->visit_uuid, field,
                        old_value, new_value, &error))
    fail_with (import, error);
}

static void
remember_taken (Import     *import,
                const char *computed)
{
  GError *error = NULL;

  if (!_wr_store_import_add_seen (import->store, import->visit_uuid, computed, &error))
    fail_with (import, error);
}

/* The devices that wrote the visit's rows, in its clock: at 0 each, which
 * is all a pack from before histories says; a pack's own clock, kept when
 * the visit was added, says more.
 */
static void
fill_clock (Import *import)
{
  g_autofree const char **devices = NULL;
  GError *error = NULL;

  if (import->error == NULL && import->visit_id != 0)
    {
      devices = (const char **) g_hash_table_get_keys_as_array (import->visit_devices, NULL);
      if (!_wr_store_import_fill_clock (import->store, import->visit_id, devices, &error))
        fail_with (import, error);
    }
  g_hash_table_remove_all (import->visit_devices);
}

static gboolean take_theirs (WrStore                *store,
                             const WrImportConflict *row,
                             gsize                   content_len,
                             const char             *source,
                             GHashTable             *patch,
                             GError                **error);

/* Ours is what an earlier pack gave us, unchanged since: the pack's other
 * content at the same revision replaces it, as if it were a newer revision.
 */
static void
take_newer (Import     *import,
            const char *computed,
            GString    *copy)
{
  GError *error = NULL;
  WrImportConflict row = { 0, };

  row.visit_uuid = import->visit_uuid;
  row.revision = import->revision;
  row.digest = computed;
  row.content = copy->str;
  row.source = import->source;

  if (!take_theirs (import->store, &row, copy->len, NULL, NULL, &error))
    {
      fail_with (import, error);
      return;
    }
  import->counts.n_updated++;
}

/* The stored visit and the pack's, at one revision: the same content, or
 * content seen before, or newer than ours, or a conflict, in which theirs
 * is kept beside ours.
 */
static void
compare_visit (Import     *import,
               const char *computed)
{
  GError *error = NULL;
  g_autofree char *stored = NULL;
  g_autoptr(GString) copy = NULL;
  gboolean theirs_seen;
  gboolean ours_taken;
  gboolean added;

  /* A draft changes without a new revision. Theirs seen before (taken,
   * turned down or given) is old news, whatever ours is now; that is
   * asked first, as it is the answer for a pack imported again, and
   * cheaper than working out our digest.
   */
  if (!_wr_store_import_is_seen (import->store, import->visit_uuid, computed, &theirs_seen, &error))
    {
      fail_with (import, error);
      return;
    }
  if (theirs_seen)
    {
      import->counts.n_unchanged++;
      return;
    }

  if (!(stored = _wr_pack_stored_digest (import->store, import->stored_id, &error)))
    {
      fail_with (import, error);
      return;
    }
  if (g_str_equal (computed, stored))
    {
      import->counts.n_unchanged++;
      return;
    }

  /* If ours is still content we took, theirs is newer. Only when both
   * changed is it a conflict.
   */
  if (!_wr_store_import_is_seen (import->store, import->visit_uuid, stored, &ours_taken, &error))
    {
      fail_with (import, error);
      return;
    }
  copy = visit_copy (import);
  if (ours_taken)
    {
      take_newer (import, computed, copy);
      return;
    }

  if (!_wr_store_import_conflict (import->store, import->visit_uuid, import->revision, computed,
                                  copy->str, copy->len, import->source, &added, &error))
    {
      fail_with (import, error);
      return;
    }

  import->counts.n_conflicts++;
  if (added)
    {
      g_autofree char *what = g_strdup_printf (_("revision %u with other content, kept beside ours, from %s"),
                                               import->revision, import->source);

      audit_visit (import, "conflict", stored, what);
    }
}

/* The pack's copy of a visit ours has, with its history: merged into ours
 * row by row (see wr-pack-merge.c), and the merge imported in its place.
 */
static void
merge_visit (Import     *import,
             const char *computed)
{
  GError *error = NULL;
  g_autofree char *what = NULL;
  WrPackMerge merge;
  WrImportConflict row = { 0, };
  gboolean seen;

  /* Theirs seen before is in ours already, or what replaced it is. */
  if (!_wr_store_import_is_seen (import->store, import->visit_uuid, computed, &seen, &error))
    {
      fail_with (import, error);
      return;
    }
  if (seen)
    {
      import->counts.n_unchanged++;
      return;
    }

  /* Theirs with our digest is ours: the merge says so first. */
  if (!_wr_pack_merge_visit (import->store, import->stored_id, events_doc (import->visit_events), computed, &merge,
                             &error))
    {
      fail_with (import, error);
      return;
    }

  if (merge.xml == NULL)
    {
      import->counts.n_unchanged++;
      remember_taken (import, computed);
      _wr_pack_merge_clear (&merge);
      return;
    }

  row.visit_uuid = import->visit_uuid;
  row.revision = import->revision;
  row.content = merge.xml->str;
  row.source = import->source;
  if (!take_theirs (import->store, &row, merge.xml->len, import->source, merge.keys, &error))
    {
      fail_with (import, error);
      _wr_pack_merge_clear (&merge);
      return;
    }

  import->counts.n_updated++;
  import->counts.n_rows_added += merge.counts.n_added;
  import->counts.n_rows_updated += merge.counts.n_updated;
  import->counts.n_row_conflicts += merge.counts.n_conflicts;
  if (merge.counts.n_conflicts > 0)
    import->counts.n_conflicts++;

  /* Translators: what merging a visit from a pack did, in rows */
  what = g_strdup_printf (_("merged from %s: %u rows added, %u updated, %u in conflict"), import->source,
                          merge.counts.n_added, merge.counts.n_updated, merge.counts.n_conflicts);
  audit_visit (import, "merge", NULL, what);
  remember_taken (import, computed);
  _wr_pack_merge_clear (&merge);
}

static void write_answers (Import *import);

/* A visit written as read keeps the other versions of its rows in
 * conflict, and the tombstones of its deleted rows, that the pack carries.
 */
static void
keep_versions (Import *import)
{
  GError *error = NULL;

  if (import->error != NULL)
    return;

  if (import->deletions_events != NULL && import->deletions_events->len > 0)
    {
      g_autoptr(GString) xml = events_copy (import->deletions_events, "deletions");

      g_string_truncate (import->deletions_events, 0);
      if (!_wr_pack_merge_store_deletions (import->store, import->visit_id, xml->str, xml->len, import->patch,
                                           &error))
        {
          fail_with (import, error);
          return;
        }
    }

  if (import->versions_events != NULL && import->versions_events->len > 0)
    {
      g_autoptr(GString) xml = events_copy (import->versions_events, "versions");

      g_string_truncate (import->versions_events, 0);
      if (!_wr_pack_merge_store_versions (import->store, import->visit_id, get (import->visit_attrs, "device"),
                                          xml->str, xml->len, import->patch, &error))
        fail_with (import, error);
    }
}

static void
end_visit (Import *import)
{
  g_autofree char *computed = NULL;
  g_autofree char *what = NULL;
  g_autofree char *old_revision = NULL;

  write_answers (import);
  if (import->digest != NULL)
    computed = wr_pack_digest_finish (import->digest);
  else
    computed = g_strdup (import->computed != NULL ? import->computed : "");
  g_clear_pointer (&import->digest, wr_pack_digest_free);
  g_clear_pointer (&import->computed, g_free);

  if (import->error == NULL && !g_str_equal (g_strstrip (import->stated->str), computed))
    fail (import, WR_PACK_ERROR_DIGEST,
          _("the digest does not match its content; the pack was changed or damaged after it was written"));
  if (!import->resolving)
    wr_pack_manifest_line (import->manifest, "visit", import->visit_uuid, computed);

  if (import->error == NULL)
    {
      switch (import->mode)
        {
        case MODE_NEW:
          keep_versions (import);
          import->counts.n_new++;
          what = g_strdup_printf (_("revision %u, imported from %s"), import->revision, import->source);
          audit_visit (import, "import", NULL, what);
          remember_taken (import, computed);
          fill_clock (import);
          break;
        case MODE_REPLACE:
          keep_versions (import);
          import->counts.n_updated++;
          what = g_strdup_printf (_("revision %u, imported from %s"), import->revision, import->source);
          audit_visit (import, "import", NULL, what);
          remember_taken (import, computed);
          fill_clock (import);
          break;
        case MODE_OLDER:
          import->counts.n_unchanged++;
          import->counts.n_older++;
          break;
        case MODE_COMPARE:
          compare_visit (import, computed);
          break;
        case MODE_MERGE:
          merge_visit (import, computed);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  import->in_visit = FALSE;
  if (import->visit_events != NULL)
    {
      g_string_free (import->visit_events, TRUE);
      import->visit_events = NULL;
    }
  import->n_visits++;
  report_progress (import);
}

/* A visit's rows -------------------------------------------------------------------- */

/* The device of a row, for the visit's clock (see fill_clock()). */
static void
note_device (Import     *import,
             const char *device)
{
  if (device != NULL && !g_hash_table_contains (import->visit_devices, device))
    g_hash_table_add (import->visit_devices, g_strdup (device));
}

static void
start_row (Import     *import,
           const char *name)
{
  const char *uuid = event_attribute (import, "uuid");

  /* The schema's unique row-uuid: rows of every kind are told apart by
   * uuid across devices.
   */
  if (uuid != NULL && !g_hash_table_add (import->row_uuids, g_string_chunk_insert (import->uuid_chunk, uuid)))
    {
      fail (import, WR_PACK_ERROR_INVALID,
            _("the pack holds a second row with the uuid %s, in <%s>; no two team members, repeats, "
              "observations, actions or attachments may share one"),
            uuid, name);
      return;
    }

  /* One answer to a question for each member and repeat, as the store
   * keeps them.
   */
  if (g_str_equal (name, "answer"))
    {
      const char *question = event_attribute (import, "question");
      const char *member = event_attribute (import, "member");
      const char *repeat = event_attribute (import, "repeat");

      if (!g_hash_table_add (import->answer_keys, _wr_pack_merge_key (name, NULL, question, member, repeat)))
        {
          fail (import, WR_PACK_ERROR_INVALID,
                _("the pack holds a second answer to the question %s for the same member and repeat; a visit "
                  "has one answer to each question for each member and each repeat"),
                question != NULL ? question : "");
          return;
        }
    }

  {
    const char *change = event_attribute (import, "change");
    guint64 number = 0;

    if (change != NULL)
      g_ascii_string_to_unsigned (change, 10, 1, G_MAXINT64, &number, NULL);
    if (!check_change (import, name, event_attribute (import, "device"), (gint64) number))
      return;
  }

  /* A merged visit's rows the merge did not change are ours already. */
  import->row_skipped = FALSE;
  if (import->patch != NULL)
    {
      g_autofree char *key = _wr_pack_merge_key (name, uuid, event_attribute (import, "question"),
                                                 event_attribute (import, "member"),
                                                 event_attribute (import, "repeat"));

      import->row_skipped = !g_hash_table_contains (import->patch, key);
    }

  /* Rows that are only checked need no fields, bar an attachment's. */
  if (writes_rows (import) || g_str_equal (name, "attachment"))
    take_attributes (import, import->row_attrs);
  else
    attrs_clear (import->row_attrs);
  if (writes_rows (import))
    note_device (import, get (import->row_attrs, "device"));
  g_string_truncate (import->value, 0);
  g_string_truncate (import->comment, 0);
  g_string_truncate (import->text, 0);
  g_string_truncate (import->caption, 0);
  import->has_value = FALSE;
  import->observation_id = 0;
  import->attachment_id = 0;
  import->attachment_added = FALSE;
  g_checksum_reset (import->checksum);
  import->n_bytes = 0;
  import->size = get_uint (import->row_attrs, "size");
}

static void
add_member (Import *import)
{
  Attrs *a = import->row_attrs;
  WrExportMember row = {
    get (a, "uuid"), get (a, "name"), get (a, "role"), get_uint (a, "position"), get (a, "modified"),
    get (a, "device"), get_change (a),
  };
  GError *error = NULL;

  if (!_wr_store_import_member (import->store, import->visit_id, &row, &error))
    fail_with (import, error);
}

static void
add_repeat (Import *import)
{
  Attrs *a = import->row_attrs;
  WrExportRepeat row = {
    get (a, "uuid"), get (a, "section"), get_uint (a, "position"), get (a, "modified"), get (a, "device"),
    get_change (a),
  };
  GError *error = NULL;

  if (!_wr_store_import_repeat (import->store, import->visit_id, &row, &error))
    fail_with (import, error);
}

/* A visit's answers are written several at a time (see
 * _wr_store_import_answers()): kept, with copies of their texts, until the
 * visit ends or there are enough.
 */
#define PENDING_ANSWERS 64

static const char *
keep (Import     *import,
      const char *text)
{
  return text != NULL ? g_string_chunk_insert (import->answer_texts, text) : NULL;
}

static void
write_answers (Import *import)
{
  GError *error = NULL;

  if (import->answers->len > 0 && import->error == NULL &&
      !_wr_store_import_answers (import->store, import->visit_id, (const WrExportAnswer *) import->answers->data,
                                 import->answers->len, &error))
    fail_with (import, error);
  g_array_set_size (import->answers, 0);
  g_string_chunk_clear (import->answer_texts);
}

static void
add_answer (Import *import)
{
  Attrs *a = import->row_attrs;
  WrExportAnswer row = {
    keep (import, get (a, "question")), keep (import, get (a, "member")), keep (import, get (a, "repeat")),
    keep (import, import->has_value ? import->value->str : NULL), keep (import, import->comment->str),
    get_bool (a, "free-text"), keep (import, get (a, "modified")), keep (import, get (a, "device")),
    get_change (a),
  };

  g_array_append_val (import->answers, row);
  if (import->answers->len >= PENDING_ANSWERS)
    write_answers (import);
}

/* An action says what is to be done: the store keeps none blank (spaces
 * only), and the pack is told so rather than the database.
 */
static gboolean
has_text (Import *import)
{
  const char *text = import->text->str;

  while (*text == ' ')
    text++;
  if (*text != '\0')
    return TRUE;
  fail (import, WR_PACK_ERROR_INVALID, _("the action %s has no text; an action says what is to be done"),
        get (import->row_attrs, "uuid"));
  return FALSE;
}

/* Added once its text is read, so that its links can follow. */
static void
add_observation (Import *import)
{
  Attrs *a = import->row_attrs;
  WrExportObservation row = {
    0, get (a, "uuid"), get (a, "question"), get (a, "member"), get (a, "repeat"), import->text->str,
    get (a, "kind"), get (a, "voice"), get (a, "category"), get (a, "created"), get (a, "modified"),
    get (a, "device"), get_change (a),
  };
  GError *error = NULL;

  if (!(import->observation_id = _wr_store_import_observation (import->store, import->visit_id, &row, &error)))
    fail_with (import, error);
}

static void
add_link (Import *import)
{
  g_autoptr(Attrs) attrs = attrs_new ();
  GError *error = NULL;
  WrExportLink row;

  take_attributes (import, attrs);
  row = (WrExportLink) { get (attrs, "kind"), get (attrs, "ref") };
  if (import->observation_id != 0 && !_wr_store_import_link (import->store, import->observation_id, &row, &error))
    fail_with (import, error);
}

static void
add_action (Import *import)
{
  Attrs *a = import->row_attrs;
  WrExportAction row = {
    get (a, "uuid"), import->text->str, get (a, "owner"), get (a, "due"), get (a, "status"),
    get (a, "observation"), get (a, "question"), get (a, "created"), get (a, "modified"), get (a, "device"),
    get (a, "repeat"), get_change (a),
  };
  GError *error = NULL;

  if (!has_text (import))
    return;
  if (!_wr_store_import_action (import->store, import->visit_id, &row, &error))
    fail_with (import, error);
}

static void
add_support_request (Import *import)
{
  Attrs *a = import->row_attrs;
  WrExportSupportRequest row = {
    get (a, "uuid"), get (a, "section"), get (a, "domain"), import->text->str, get (a, "requested"),
    get (a, "status"), get (a, "owner"), get (a, "created"), get (a, "modified"), get (a, "device"),
    get_change (a),
  };
  GError *error = NULL;

  if (!_wr_store_import_support_request (import->store, import->visit_id, &row, &error))
    fail_with (import, error);
}

static void
add_review (Import *import)
{
  Attrs *a = import->row_attrs;
  WrExportReview row = {
    get (a, "uuid"), get (a, "decision"), get (a, "reviewer"), import->comment->str, get (a, "created"),
    get (a, "modified"), get (a, "device"), get_change (a),
  };
  GError *error = NULL;

  if (!_wr_store_import_review (import->store, import->visit_id, &row, &error))
    fail_with (import, error);
}

/* Added when its bytes start (its caption is read by then), with room for
 * them, or at its end if it has none.
 */
static void
add_attachment (Import *import)
{
  Attrs *a = import->row_attrs;
  WrExportAttachment row = {
    0, get (a, "uuid"), get (a, "question"), get (a, "file-name"), get (a, "media-type"),
    (gint64) import->size, get (a, "sha256"), import->caption->str, get (a, "created"),
    get (a, "modified"), get (a, "device"), get_change (a),
  };
  GError *error = NULL;

  import->attachment_added = TRUE;
  if (!(import->attachment_id = _wr_store_import_attachment (import->store, import->visit_id, &row, &error)))
    fail_with (import, error);
}

/* Decodes base64 as it comes, checks the bytes fit the stated size, and
 * writes them into the attachment's room in the database.
 */
static void
attachment_data (Import     *import,
                 const char *text,
                 gsize       len)
{
  GError *error = NULL;
  gsize n;

  if (import->decoded_size < len * 3 / 4 + 3)
    {
      import->decoded_size = len * 3 / 4 + 3;
      import->decoded = g_realloc (import->decoded, import->decoded_size);
    }

  n = g_base64_decode_step (text, len, import->decoded, &import->base64_state, &import->base64_save);
  if (import->n_bytes + n > import->size)
    {
      fail (import, WR_PACK_ERROR_DIGEST,
            _("the attachment %s has more bytes than its size, %" G_GUINT64_FORMAT ", says; "
              "the pack was changed or damaged after it was written"),
            get (import->row_attrs, "uuid"), import->size);
      return;
    }

  g_checksum_update (import->checksum, import->decoded, n);
  if (writes_row (import) &&
      !_wr_store_import_attachment_bytes (import->store, import->attachment_id, import->n_bytes,
                                          import->decoded, n, &error))
    fail_with (import, error);
  import->n_bytes += n;
}

static void
end_attachment (Import *import)
{
  const char *uuid = get (import->row_attrs, "uuid");

  if (writes_row (import) && !import->attachment_added)
    add_attachment (import);

  if (import->error != NULL)
    return;

  if (import->n_bytes != import->size)
    fail (import, WR_PACK_ERROR_DIGEST,
          _("the attachment %s has %" G_GUINT64_FORMAT " bytes where its size says %" G_GUINT64_FORMAT "; "
            "the pack was changed or damaged after it was written"),
          uuid, import->n_bytes, import->size);
  else if (g_strcmp0 (g_checksum_get_string (import->checksum), get (import->row_attrs, "sha256")) != 0)
    fail (import, WR_PACK_ERROR_DIGEST,
          _("the bytes of the attachment %s do not match its SHA-256; "
            "the pack was changed or damaged after it was written"),
          uuid);
}

/* Nodes ---------------------------------------------------------------------------- */

static void
start_text (Import  *import,
            GString *target)
{
  g_string_truncate (target, 0);
  import->text_target = target;
}

/* An element inside a visit, at @depth below it (the visit is 0). */
/* The other versions of rows in conflict (<versions>) of a visit written
 * as read are not rows: they are kept, as read, once the visit is (see
 * keep_versions()); the merge and a conflict read them with the rest.
 */
static void
capture_version_event (Import *import)
{
  GString **events = import->in_deletions ? &import->deletions_events : &import->versions_events;

  if (!writes_rows (import))
    return;
  if (*events == NULL)
    *events = g_string_new (NULL);
  _wr_string_append_len (*events, import->event.bytes, import->event.size);
}

static void
start_version (Import     *import,
               int         depth,
               const char *name)
{
  if (depth == 2)
    {
      const char *change = event_attribute (import, "change");
      const char *device = event_attribute (import, g_str_equal (name, "visit-fields") ? "change-device" : "device");
      guint64 number = 0;

      if (change != NULL)
        g_ascii_string_to_unsigned (change, 10, 1, G_MAXINT64, &number, NULL);
      if (device != NULL && !check_change (import, name, device, (gint64) number))
        return;
      if (device != NULL && g_str_equal (name, "deleted"))
        note_device (import, device);
    }
  capture_version_event (import);
}

static void
start_visit_element (Import     *import,
                     int         depth,
                     const char *name)
{
  if (depth == 1)
    {
      import->in_digest = g_str_equal (name, WR_PACK_DIGEST_ELEMENT);
      import->in_versions = g_str_equal (name, "versions");
      import->in_deletions = g_str_equal (name, "deletions");
    }
  else if (import->in_versions || import->in_deletions)
    start_version (import, depth, name);
  else if (depth == 2)
    {
      start_row (import, name);
      import->in_observation = g_str_equal (name, "observation");
    }
  else if (depth == 3)
    {
      if (g_str_equal (name, "value"))
        {
          import->has_value = TRUE;
          start_text (import, import->value);
        }
      else if (g_str_equal (name, "comment"))
        start_text (import, import->comment);
      else if (g_str_equal (name, "text"))
        start_text (import, import->text);
      else if (g_str_equal (name, "caption"))
        start_text (import, import->caption);
      else if (g_str_equal (name, "link") && writes_row (import))
        add_link (import);
      else if (g_str_equal (name, WR_PACK_DATA_ELEMENT))
        {
          if (writes_row (import) && !import->attachment_added)
            add_attachment (import);
          import->in_data = TRUE;
          import->base64_state = 0;
          import->base64_save = 0;
        }
    }
}

static void
end_visit_element (Import     *import,
                   int         depth,
                   const char *name)
{
  if (depth == 1)
    {
      import->in_digest = FALSE;
      import->in_versions = FALSE;
      import->in_deletions = FALSE;
    }
  else if (import->in_versions || import->in_deletions)
    capture_version_event (import);
  else if (depth == 3)
    {
      import->text_target = NULL;
      import->in_data = FALSE;
      if (g_str_equal (name, "text") && import->in_observation && writes_row (import))
        add_observation (import);
    }
  else if (depth == 2)
    {
      if (g_str_equal (name, "attachment"))
        end_attachment (import);
      else if (!writes_row (import))
        return;
      else if (g_str_equal (name, "member"))
        add_member (import);
      else if (g_str_equal (name, "repeat"))
        add_repeat (import);
      else if (g_str_equal (name, "answer"))
        add_answer (import);
      else if (g_str_equal (name, "action"))
        add_action (import);
      else if (g_str_equal (name, "support-request"))
        add_support_request (import);
      else if (g_str_equal (name, "review"))
        add_review (import);
    }
}

static void
start_element (Import     *import,
               int         depth,
               const char *name)
{
  if (depth == 1 && !import->resolving)
    import->in_scope = g_str_equal (name, "scope");

  /* The scope's <visit> and <service> name what the pack was filtered
   * by, and are not visits or services.
   */
  if ((depth == 0 && !import->resolving) || import->in_scope)
    return;
  else if (depth == import->visit_depth && g_str_equal (name, "visit"))
    start_visit (import);
  else if (import->in_visit)
    start_visit_element (import, depth - import->visit_depth, name);
  else if (depth == 1 && g_str_equal (name, "generator") && import->device == NULL)
    {
      g_autoptr(Attrs) attrs = attrs_new ();

      take_attributes (import, attrs);
      import->device = g_strdup (get (attrs, "device"));
    }
  else if (depth == 2 && g_str_equal (name, "form"))
    {
      take_attributes (import, import->form_attrs);
      g_string_truncate (import->form_text, 0);
      import->in_form = TRUE;
    }
  else if (depth == 2 && g_str_equal (name, "service"))
    read_service (import);
}

static void
end_element (Import     *import,
             int         depth,
             const char *name)
{
  if (import->in_visit && depth == import->visit_depth)
    end_visit (import);
  else if (import->in_visit)
    end_visit_element (import, depth - import->visit_depth, name);
  else if (import->in_form && depth == 2)
    end_form (import);
}

static void
read_text (Import *import,
           int     depth)
{
  const char *value = import->event.text;
  gsize len = import->event.len;

  if (import->in_form)
    _wr_string_append_len (import->form_text, value, len);
  else if (!import->in_visit)
    return;
  else if (import->in_versions || import->in_deletions)
    capture_version_event (import);
  else if (import->in_digest)
    _wr_string_append_len (import->stated, value, len);
  else if (import->in_data)
    attachment_data (import, value, len);
  else if (import->text_target != NULL)
    _wr_string_append_len (import->text_target, value, len);
}

/* The import ------------------------------------------------------------------------ */

/* What the manifest takes from outside the visits (docs/evidence-pack.md,
 * "The manifest"): the root's version and time, the generator, a digest
 * of the scope and of each service, each form's SHA-256, the revocations
 * and the signature itself.
 */
static void
follow_manifest (Import *import)
{
  const Event *event = &import->event;

  if (import->part != NULL)
    {
      if (event->type == EVENT_START)
        {
          wr_pack_digest_start_element (import->part, event->name);
          for (guint i = 0; i < event->n_attributes; i++)
            wr_pack_digest_attribute (import->part, g_ptr_array_index (import->attributes, 2 * i),
                                      g_ptr_array_index (import->attributes, 2 * i + 1));
        }
      else if (event->type == EVENT_TEXT)
        wr_pack_digest_text (import->part, event->text, event->len);
      else if (event->type == EVENT_END)
        {
          wr_pack_digest_end_element (import->part);
          if (event->depth == import->part_depth)
            {
              g_autofree char *hex = wr_pack_digest_finish (import->part);

              g_clear_pointer (&import->part, wr_pack_digest_free);
              wr_pack_manifest_line (import->manifest, import->part_depth == 1 ? "scope" : "service", hex, NULL);
            }
        }
      return;
    }

  if (event->type == EVENT_TEXT)
    {
      if (import->in_signature)
        _wr_string_append_len (import->signature, event->text, event->len);
      return;
    }
  if (event->type == EVENT_END)
    {
      if (event->depth == 1)
        import->in_signature = FALSE;
      return;
    }
  if (event->type != EVENT_START || event->depth > 2)
    return;

  if (event->depth == 0)
    {
      import->root_version = g_strdup (event_attribute (import, "format-version"));
      import->root_created = g_strdup (event_attribute (import, "created"));
    }
  else if (event->depth == 1 && g_str_equal (event->name, "generator"))
    {
      wr_pack_manifest_line (import->manifest, WR_PACK_MANIFEST_MAGIC, NULL, NULL);
      wr_pack_manifest_line (import->manifest, "format-version", import->root_version, NULL);
      wr_pack_manifest_line (import->manifest, "created", import->root_created, NULL);
      wr_pack_manifest_line (import->manifest, "generator", event_attribute (import, "device"), NULL);
    }
  else if ((event->depth == 1 && g_str_equal (event->name, "scope")) ||
           (event->depth == 2 && g_str_equal (event->name, "service")))
    {
      import->part = wr_pack_digest_new ();
      import->part_depth = event->depth;
      follow_manifest (import);
    }
  else if (event->depth == 2 && g_str_equal (event->name, "form"))
    wr_pack_manifest_line (import->manifest, "form", event_attribute (import, "sha256"), NULL);
  else if (event->depth == 2 && g_str_equal (event->name, "revoked") && event_attribute (import, "key") != NULL)
    {
      g_ptr_array_add (import->revoked, g_strdup (event_attribute (import, "key")));
      wr_pack_manifest_line (import->manifest, "revoked", event_attribute (import, "key"), NULL);
    }
  else if (event->depth == 1 && g_str_equal (event->name, "signature"))
    {
      g_free (import->signature_key);
      import->signature_key = g_strdup (event_attribute (import, "key"));
      import->has_signature = TRUE;
      import->in_signature = TRUE;
    }
}

/* Handles the event the import is on. */
static void
handle_event (Import *import)
{
  const Event *event = &import->event;

  if (!import->resolving && !import->in_visit &&
      (event->type == EVENT_START || event->type == EVENT_END || event->type == EVENT_TEXT))
    follow_manifest (import);

  switch (event->type)
    {
    case EVENT_START:
      if (import->digest != NULL)
        {
          wr_pack_digest_start_element (import->digest, event->name);
          for (guint i = 0; i < event->n_attributes; i++)
            wr_pack_digest_attribute (import->digest, g_ptr_array_index (import->attributes, 2 * i),
                                      g_ptr_array_index (import->attributes, 2 * i + 1));
        }
      if (import->visit_events != NULL)
        _wr_string_append_len (import->visit_events, event->bytes, event->size);
      start_element (import, event->depth, event->name);
      break;

    case EVENT_END:
      if (import->digest != NULL)
        wr_pack_digest_end_element (import->digest);
      if (import->visit_events != NULL)
        _wr_string_append_len (import->visit_events, event->bytes, event->size);
      end_element (import, event->depth, event->name);
      break;

    case EVENT_TEXT:
      if (import->digest != NULL)
        wr_pack_digest_text (import->digest, event->text, event->len);
      if (import->visit_events != NULL)
        _wr_string_append_len (import->visit_events, event->bytes, event->size);
      read_text (import, event->depth);
      break;

    case EVENT_AHEAD:
      import->parser_digests = TRUE;
      break;

    case EVENT_DIGEST:
      g_free (import->computed);
      import->computed = g_strndup (event->text, event->len);
      break;

    case EVENT_FAIL:
      if (event->code == FAIL_CANCELLED)
        {
          if (import->error == NULL)
            g_set_error_literal (&import->error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Operation was cancelled"));
          break;
        }
      /* The parser stops at a problem in the file itself wherever it
       * is; only the schema's problems are said in their visit.
       */
      if (event->code != WR_PACK_ERROR_INVALID)
        import->in_visit = FALSE;
      fail_at (import, event->line, event->code, "%s", event->text);
      break;

    case EVENT_DONE:
      import->done = TRUE;
      break;

    default:
      g_assert_not_reached ();
    }
}

/* The parser's problem with an element comes just after it: the element
 * only says which visit the problem is in. A problem with a visit's end
 * (a missing digest) is in that visit.
 */
static void
follow_event (Import *import)
{
  const Event *event = &import->event;
  const char *uuid;

  if (event->type == EVENT_START && event->depth == 1 && !import->resolving)
    import->in_scope = g_str_equal (event->name, "scope");
  if (event->type != EVENT_START || event->depth != import->visit_depth || !g_str_equal (event->name, "visit") ||
      import->in_scope)
    return;

  uuid = event_attribute (import, "uuid");
  g_free (import->visit_uuid);
  import->visit_uuid = g_strdup (uuid);
  import->in_visit = uuid != NULL;
}

/* The schema's checks of the attributes of the element just started that
 * the parser left to us: a problem is said as the parser would have.
 */
static gboolean
run_checks (Import *import)
{
  const Event *event = &import->event;
  const char *p = event->checks;

  for (guint i = 0; i < event->n_checks; i++)
    {
      const WrPackCheck *check;
      const char *name;
      const char *value;
      guint16 index;
      g_autofree char *what = NULL;

      memcpy (&index, p, sizeof index);
      memcpy (&check, p + sizeof index, sizeof check);
      p += sizeof index + sizeof check;
      name = g_ptr_array_index (import->attributes, 2 * index);
      value = g_ptr_array_index (import->attributes, 2 * index + 1);
      if (_wr_pack_schema_check (check, value, strlen (value)))
        continue;

      what = _wr_pack_schema_describe (check, event->name, name, value, strlen (value));
      follow_event (import);
      fail_at (import, event->line, WR_PACK_ERROR_INVALID,
               _("the pack does not follow the evidence pack schema: %s"), what);
      return FALSE;
    }

  return TRUE;
}

/* Handles the events in @batch; FALSE to stop. */
static gboolean
handle_batch (Import  *import,
              GString *batch)
{
  const char *p = batch->str;
  const char *end = batch->str + batch->len;

  while (p < end && import->error == NULL && !import->done)
    {
      p = next_event (p, &import->event, import->attributes);
      if (import->event.n_checks > 0 && !run_checks (import))
        break;
      if ((import->event.type == EVENT_START || import->event.type == EVENT_END) && p < end && *p == EVENT_FAIL)
        follow_event (import);
      else
        handle_event (import);
    }

  return import->error == NULL && !import->done;
}

/* Handles every batch the parser sends, until the end of the pack or the
 * first problem.
 */
static gboolean
handle_batches (Import      *import,
                WrWorkQueue *queue)
{
  GString *batch;
  gboolean more = TRUE;

  while (more && (batch = _wr_work_queue_pop (queue)) != NULL)
    {
      more = handle_batch (import, batch);
      _wr_work_queue_done (queue, batch);
      if (more && g_cancellable_set_error_if_cancelled (import->cancellable, &import->error))
        more = FALSE;
    }

  if (import->error == NULL && !import->done)
    fail_at (import, import->event.line, WR_PACK_ERROR_PARSE, _("the pack is not well-formed XML; it may have been cut short"));

  return import->error == NULL;
}

static gboolean
open_pack (Parser      *parser,
           const char  *path,
           GError     **error)
{
  struct stat st;

  if (!(parser->schema = _wr_pack_schema_get (error)))
    return FALSE;

  parser->fd = g_open (path, O_RDONLY | O_BINARY | O_CLOEXEC, 0);
  if (parser->fd < 0 || fstat (parser->fd, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_READ, _("Could not open the evidence pack “%s”: %s"),
                   path, g_strerror (saved_errno));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_READ, _("“%s” is not a file"), path);
      return FALSE;
    }
  if (st.st_size == 0)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_PARSE, _("%s:1: the file is empty"), path);
      return FALSE;
    }
  if ((guint64) st.st_size > MAX_PACK_SIZE)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_PARSE,
                   _("%s: the pack is larger than %u GiB, more than Walkround reads"), path, (guint) (MAX_PACK_SIZE >> 30));
      return FALSE;
    }
  parser->total = (guint64) st.st_size;
  if (parser->self != NULL)
    g_atomic_pointer_set ((gpointer *) &parser->self->total_bytes, (gpointer) (gintptr) parser->total);

  /* A sealed pack is opened as it is read, never written out opened. */
  if (parser->self != NULL && wr_pack_is_sealed (parser->fd))
    {
      g_autoptr(GPtrArray) identities = wr_seal_identities_for_store (parser->self->store, error);

      if (identities == NULL ||
          !(parser->unsealer = wr_pack_unsealer_new (parser->fd, path, identities, error)))
        return FALSE;
      parser->self->opened_by = g_strdup (wr_pack_unsealer_get_opened_by (parser->unsealer));
    }

  return TRUE;
}

/* Signatures ----------------------------------------------------------------------- */

static void
set_signer (WrPackReader  *self,
            const char    *key,
            const char    *fingerprint,
            const char    *device,
            WrDeviceTrust  trust)
{
  g_free (self->signer_key);
  self->signer_key = g_strdup (key);
  g_free (self->signer_fingerprint);
  self->signer_fingerprint = g_strdup (fingerprint);
  g_free (self->signer_device);
  self->signer_device = g_strdup (device);
  self->signer_trust = trust;
}

/* Takes the revocations of a pack from a device we trust: their keys'
 * later packs are refused here too. Our own key is never revoked so.
 */
static gboolean
take_revocations (Import  *import,
                  GError **error)
{
  for (guint i = 0; i < import->revoked->len; i++)
    {
      const char *key = g_ptr_array_index (import->revoked, i);
      g_autoptr(WrDevice) known = NULL;
      g_autofree char *fingerprint = wr_device_fingerprint (key);

      if (fingerprint == NULL)
        continue;
      if (!_wr_store_device_lookup (import->store, key, &known, error))
        return FALSE;
      if (known != NULL && (known->trust == WR_DEVICE_TRUST_OWN || known->trust == WR_DEVICE_TRUST_REVOKED))
        continue;
      if (!_wr_store_device_set (import->store, key, fingerprint, known != NULL ? known->device_id : "",
                                 WR_DEVICE_TRUST_REVOKED, error))
        return FALSE;
    }

  return TRUE;
}

/* Once the whole pack has been read, in its transaction: checks its
 * signature against the manifest rebuilt as it was read, and whether this
 * database takes packs from its signer (docs/evidence-pack.md, "Trusted
 * devices"). In a dry run an unknown signer, or no signature, is only
 * noted (wr_pack_reader_get_signer()), so that the user can be asked.
 */
static gboolean
check_signature (Import  *import,
                 GError **error)
{
  WrPackReader *self = import->self;
  g_autoptr(WrDevice) known = NULL;
  g_autofree char *fingerprint = NULL;
  guint8 hash[32];

  set_signer (self, NULL, NULL, import->device, WR_DEVICE_TRUST_UNKNOWN);
  self->signer_expected = FALSE;
  if (!import->has_signature)
    {
      if (self->allow_unsigned || self->dry_run)
        return TRUE;
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_UNSIGNED,
                   _("%s: the pack is not signed (format version %s), so nothing says which device wrote it or that "
                     "it is as that device wrote it; import it only if you know where it came from, with "
                     "--allow-unsigned"),
                   import->source, import->root_version != NULL ? import->root_version : "?");
      return FALSE;
    }

  fingerprint = wr_device_fingerprint (import->signature_key);
  wr_pack_manifest_line (import->manifest, "signer", import->signature_key, NULL);
  wr_pack_manifest_hash (import->manifest, hash);
  if (fingerprint == NULL ||
      !wr_device_verify (import->signature_key, g_strstrip (import->signature->str), hash, sizeof hash))
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_SIGNATURE,
                   _("%s: the signature does not match what the pack holds: it was changed after it was signed "
                     "(a visit added, removed, changed or taken from another pack), or damaged"),
                   import->source);
      return FALSE;
    }

  if (!_wr_store_device_lookup (import->store, import->signature_key, &known, error))
    return FALSE;
  set_signer (self, import->signature_key, fingerprint, import->device,
              known != NULL ? known->trust : WR_DEVICE_TRUST_UNKNOWN);

  switch (self->signer_trust)
    {
    case WR_DEVICE_TRUST_REVOKED:
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_UNTRUSTED,
                   _("%s: the pack is signed by device %s, whose key %s was revoked here on %s; "
                     "its packs are refused"),
                   import->source, known->device_id[0] != '\0' ? known->device_id : import->device, fingerprint,
                   known->changed);
      return FALSE;

    case WR_DEVICE_TRUST_UNKNOWN:
      /* Trusted by its fingerprint before this, its first pack: taken
       * without asking, and its key recorded (rolled back in a dry run).
       */
      {
        gboolean expected = FALSE;

        if (!_wr_store_device_take_expected (import->store, fingerprint, &expected, error))
          return FALSE;
        if (expected)
          {
            self->signer_trust = WR_DEVICE_TRUST_TRUSTED;
            self->signer_expected = TRUE;
            if (!_wr_store_device_set (import->store, import->signature_key, fingerprint, import->device,
                                       WR_DEVICE_TRUST_TRUSTED, error))
              return FALSE;
            break;
          }
      }
      if (!self->trust_new_device && !self->dry_run)
        {
          g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_UNTRUSTED,
                       _("%s: the pack is signed by device %s, which this database does not know, with the key "
                         "whose fingerprint is %s. Check the fingerprint with the device’s owner (Preferences "
                         "shows it there), then import with --trust-new-device, or trust its key file with "
                         "“walkround devices trust FILE”"),
                       import->source, import->device != NULL ? import->device : "?", fingerprint);
          return FALSE;
        }
      if (self->trust_new_device &&
          !_wr_store_device_set (import->store, import->signature_key, fingerprint, import->device,
                                 WR_DEVICE_TRUST_TRUSTED, error))
        return FALSE;
      break;

    case WR_DEVICE_TRUST_OWN:
    case WR_DEVICE_TRUST_TRUSTED:
    default:
      break;
    }

  return take_revocations (import, error);
}

/* Forms are files, outside the transaction: they are installed only once
 * everything else has been checked, just before the commit, in the
 * folder of packs' forms, for the visits recorded on them. They never
 * become the default for new visits on their own, and never replace a
 * file, so a form installed by an import that then fails to commit does
 * no harm.
 */
static gboolean
install_forms (Import  *import,
               GError **error)
{
  WrFormLibrary *library = import->self->library;

  if (library == NULL)
    return TRUE;

  for (guint i = 0; i < import->pending_forms->len; i++)
    {
      g_autoptr(WrForm) form = NULL;
      gboolean added = FALSE;

      form = wr_form_library_install_pack_form (library, g_ptr_array_index (import->pending_forms, i),
                                                import->source, import->device, &added, error);
      if (form == NULL)
        {
          g_prefix_error (error, "%s: ", import->source);
          return FALSE;
        }
      if (added)
        import->counts.n_forms_installed++;
    }

  return TRUE;
}

/* Every row written runs SQLite's CHECK constraints, and each "IN (list)"
 * in them builds and frees a small table. glibc gives the freed memory back
 * to the system each time, and asks for it again: half the time of an
 * import went on that. Keeping up to 64 MiB of freed memory stops it, for
 * the life of the process, as demo data and the window save rows too.
 *
 * Setting the trim threshold also stops glibc raising its mmap threshold
 * as it sees large blocks freed, so every block over 128 KiB (a digest's
 * buffer, one per visit) was mapped and unmapped again: 10 000 of each in
 * an import of 10 000 visits, each unmap stopping the other thread to
 * flush its TLB. Blocks up to 4 MiB come from the heap instead.
 */
static void
keep_freed_memory (void)
{
#ifdef __GLIBC__
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      mallopt (M_TRIM_THRESHOLD, 64 * 1024 * 1024);
      mallopt (M_TOP_PAD, 16 * 1024 * 1024);
      mallopt (M_MMAP_THRESHOLD, 4 * 1024 * 1024);
      g_once_init_leave (&done, 1);
    }
#endif
}

/**
 * wr_pack_reader_import_file:
 * @self: a #WrPackReader
 * @path: an evidence pack
 * @cancellable: (nullable): to stop; nothing is changed then
 * @counts: (out) (optional): what the import did, or would do in a dry run
 * @error: return location for a #GError
 *
 * Reads the pack, checks it against the schema and every visit against
 * its digest, and merges its visits into the store (docs/evidence-pack.md,
 * "Merging"), all in one transaction. Any problem changes nothing; its
 * message names the file, the line, the visit and what is wrong. In a dry
 * run nothing is changed either, and @counts says what would be.
 *
 * Returns: %TRUE if the pack was imported, or could be
 */
gboolean
wr_pack_reader_import_file (WrPackReader        *self,
                            const char          *path,
                            GCancellable        *cancellable,
                            WrPackImportCounts  *counts,
                            GError             **error)
{
  Import import;
  Parser parser = { 0, };
  g_autoptr(WrWorkQueue) queue = NULL;
  GThread *thread;
  gint64 cache_size;
  gboolean opened;
  gboolean ok;

  g_return_val_if_fail (WR_IS_PACK_READER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_atomic_int_set (&self->n_visits, 0);
  g_clear_pointer (&self->opened_by, g_free);
  g_atomic_pointer_set ((gpointer *) &self->bytes_read, NULL);
  g_atomic_pointer_set ((gpointer *) &self->total_bytes, NULL);

  import_init (&import, self, self->store, path);
  import.cancellable = cancellable;
  keep_freed_memory ();
  queue = batch_queue_new (MAX_IN_FLIGHT);
  parser.self = self;
  parser.digest_backlog = self->digest_backlog;
  parser.queue = queue;
  parser.version = WR_PACK_FORMAT_VERSION_LATEST;
  parser.cancellable = cancellable;
  parser.fd = -1;

  opened = open_pack (&parser, path, error);
  if (opened)
    _wr_store_set_temp_in_memory (self->store, TRUE);
  if (!opened || !_wr_store_begin (self->store, error))
    {
      if (opened)
        _wr_store_set_temp_in_memory (self->store, FALSE);
      if (parser.fd >= 0)
        close (parser.fd);
      g_clear_pointer (&parser.unsealer, wr_pack_unsealer_free);
      import_clear (&import);
      return FALSE;
    }

  /* Our digest of a visit depends on which answers its form hides. */
  if (self->library != NULL)
    _wr_pack_stored_digest_set_forms (self->store, self->library);

  cache_size = _wr_store_swap_cache_size (self->store, -IMPORT_CACHE_KIB);
  if (_wr_store_import_begin_texts (self->store, &import.error))
    {
      thread = g_thread_new ("wr-pack-parser", parse, &parser);
      ok = handle_batches (&import, queue);
      _wr_work_queue_stop (queue);
      g_thread_join (thread);
    }
  else
    ok = FALSE;
  /* A sealed pack is taken only if it opens whole, to its FINAL part. */
  if (ok && parser.unsealer != NULL && !wr_pack_unsealer_finish (parser.unsealer, &import.error))
    {
      g_prefix_error (&import.error, "%s: ", path);
      ok = FALSE;
    }
  g_clear_pointer (&parser.unsealer, wr_pack_unsealer_free);
  close (parser.fd);
  g_clear_pointer (&queue, _wr_work_queue_free);

  if (ok && g_cancellable_set_error_if_cancelled (cancellable, &import.error))
    ok = FALSE;
  if (ok)
    ok = check_signature (&import, &import.error);
  /* A dry run does all the import does, and writes it out too, short of
   * committing: it fails wherever the import would, on a full disk too.
   * Only the forms, which are files, are not installed.
   */
  if (ok)
    ok = _wr_store_import_index_texts (self->store, &import.error);
  if (ok && self->dry_run)
    ok = _wr_store_import_write_out (self->store, &import.error);
  if (ok && !self->dry_run && self->commit_key != NULL)
    ok = _wr_store_put_sync_value (self->store, self->commit_key, self->commit_value, &import.error);
  if (ok && !self->dry_run)
    ok = install_forms (&import, &import.error) && _wr_store_commit (self->store, &import.error);
  if (!ok || self->dry_run)
    _wr_store_rollback (self->store);
  _wr_store_swap_cache_size (self->store, cache_size);
  _wr_store_set_temp_in_memory (self->store, FALSE);

  /* The visits written are left unscored: their scores are kept for the
   * window's lists and the evidence counts, which score what is unscored
   * first (wr_visit_scores_fill(): the window as it opens the database and
   * after its own imports, `walkround evidence` before it counts), so an
   * import stores the pack and no more.
   */

  g_clear_pointer (&self->new_forms, g_ptr_array_unref);
  if (ok)
    {
      if (self->dry_run && self->library != NULL)
        import.counts.n_forms_installed = import.pending_forms->len;
      if (self->library != NULL)
        self->new_forms = g_ptr_array_ref (import.new_forms);
      report_progress (&import);
      if (counts != NULL)
        *counts = import.counts;
    }
  else
    g_propagate_error (error, g_steal_pointer (&import.error));

  import_clear (&import);
  return ok;
}

/* Conflicts ------------------------------------------------------------------------- */

static void
add_conflict_cb (const WrImportConflict *row,
                 gpointer                user_data)
{
  GPtrArray *conflicts = user_data;
  WrPackConflict *conflict = g_new0 (WrPackConflict, 1);

  conflict->id = row->id;
  conflict->visit_uuid = g_strdup (row->visit_uuid);
  conflict->revision = row->revision;
  conflict->digest = g_strdup (row->digest);
  conflict->detected = g_strdup (row->detected);
  conflict->source = g_strdup (row->source);
  g_ptr_array_add (conflicts, conflict);
}

/**
 * wr_pack_list_conflicts:
 * @store: a #WrStore
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type WrPackConflict): the conflicts
 *   imports have found and the user has not resolved, oldest first
 */
GPtrArray *
wr_pack_list_conflicts (WrStore  *store,
                        GError  **error)
{
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) wr_pack_conflict_free);

  g_return_val_if_fail (WR_IS_STORE (store), NULL);

  if (!_wr_store_import_list_conflicts (store, add_conflict_cb, conflicts, error))
    return NULL;

  return g_steal_pointer (&conflicts);
}

typedef struct
{
  WrStore    *store;
  WrPackSide  side;
} Resolve;

/* Theirs replaces ours: the kept copy is read as a pack's visit is, its
 * digest checked again, and its rows written in place of ours.
 */
static gboolean
take_theirs (WrStore                *store,
             const WrImportConflict *row,
             gsize                   content_len,
             const char             *source,
             GHashTable             *patch,
             GError                **error)
{
  Import import;
  Parser parser = { 0, };
  g_autoptr(WrWorkQueue) queue = NULL;
  gboolean ok;

  import_init (&import, NULL, store, source != NULL ? source : _("the kept conflict"));
  import.resolving = TRUE;
  import.patch = patch;
  import.visit_depth = visit_depth (TRUE);

  /* A few kilobytes, read whole and then imported, in this thread; the
   * parser works out the digest.
   */
  queue = batch_queue_new (G_MAXUINT);
  parser.digest_backlog = 0;
  parser.queue = queue;
  parser.resolving = TRUE;
  parser.version = WR_PACK_FORMAT_VERSION_LATEST;
  parser.fd = -1;
  parser.memory = row->content;
  parser.memory_len = content_len;
  parser.total = content_len;
  parser.prologue = PROLOGUE_DONE;
  parse (&parser);

  ok = handle_batches (&import, queue);
  g_clear_pointer (&queue, _wr_work_queue_free);
  if (ok && import.counts.n_updated != 1)
    fail (&import, WR_PACK_ERROR_READ, _("the kept conflict holds no visit"));
  ok = import.error == NULL;
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&import.error));

  import_clear (&import);
  return ok;
}

static gboolean
resolve_cb (const WrImportConflict  *row,
            gsize                    content_len,
            gpointer                 user_data,
            GError                 **error)
{
  Resolve *resolve = user_data;
  g_autofree char *what = NULL;

  if (resolve->side == WR_PACK_SIDE_THEIRS && !take_theirs (resolve->store, row, content_len, NULL, NULL, error))
    return FALSE;

  what = g_strdup_printf (resolve->side == WR_PACK_SIDE_THEIRS ? _("kept theirs, from %s") : _("kept ours; dropped theirs, from %s"),
                          row->source);

  /* Theirs, turned down, is not a conflict again if it comes again. */
  if (resolve->side == WR_PACK_SIDE_OURS &&
      !_wr_store_import_add_seen (resolve->store, row->visit_uuid, row->digest, error))
    return FALSE;

  return _wr_store_import_drop_conflict (resolve->store, row->id, error) &&
         _wr_store_audit (resolve->store, row->visit_uuid, "visit", row->visit_uuid, "conflict",
                          row->digest, what, error);
}

/**
 * wr_pack_resolve_conflict:
 * @store: a #WrStore
 * @conflict_id: a conflict from wr_pack_list_conflicts()
 * @side: %WR_PACK_SIDE_OURS to keep the stored visit and drop theirs;
 *   %WR_PACK_SIDE_THEIRS to replace ours with theirs
 * @error: return location for a #GError
 *
 * Resolves a conflict by the user's choice, in one transaction, and
 * records the choice in the audit log. The revision stays as it is.
 *
 * Returns: %TRUE once resolved
 */
gboolean
wr_pack_resolve_conflict (WrStore     *store,
                          gint64       conflict_id,
                          WrPackSide   side,
                          GError     **error)
{
  Resolve resolve = { store, side };

  g_return_val_if_fail (WR_IS_STORE (store), FALSE);
  g_return_val_if_fail (side == WR_PACK_SIDE_OURS || side == WR_PACK_SIDE_THEIRS, FALSE);

  if (!_wr_store_begin (store, error))
    return FALSE;

  if (!_wr_store_import_begin_texts (store, error) ||
      !_wr_store_import_get_conflict (store, conflict_id, resolve_cb, &resolve, error) ||
      !_wr_store_import_index_texts (store, error))
    {
      _wr_store_rollback (store);
      return FALSE;
    }

  return _wr_store_commit (store, error);
}

/* Rows in conflict ------------------------------------------------------------------ */

void
wr_pack_row_conflict_free (WrPackRowConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->visit_uuid);
  g_free (conflict->key);
  g_free (conflict->detected);
  g_clear_pointer (&conflict->versions, g_ptr_array_unref);
  g_free (conflict);
}

/**
 * wr_pack_list_row_conflicts:
 * @store: a #WrStore
 * @visit_uuid: (nullable): one visit's, or %NULL for every visit's
 * @error: return location for a #GError
 *
 * Lists the rows that merging packs found changed on two devices apart,
 * each with all its versions, the one shown (and exported) first.
 *
 * Returns: (transfer full) (element-type WrPackRowConflict): the rows in
 *   conflict, by visit and then by row, or %NULL with @error set
 */
GPtrArray *
wr_pack_list_row_conflicts (WrStore     *store,
                            const char  *visit_uuid,
                            GError     **error)
{
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) wr_pack_row_conflict_free);
  g_autoptr(GPtrArray) visit_uuids = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (WR_IS_STORE (store), NULL);

  if (!_wr_store_import_list_conflicted (store, visit_uuid, visit_uuids, error))
    return NULL;

  for (guint i = 0; i < visit_uuids->len; i++)
    {
      const char *uuid = g_ptr_array_index (visit_uuids, i);
      gint64 visit_id;
      guint revision;

      if (!_wr_store_import_find_visit (store, uuid, &visit_id, &revision, error) ||
          !_wr_pack_merge_list (store, visit_id, uuid, conflicts, error))
        return NULL;
    }

  return g_steal_pointer (&conflicts);
}

/**
 * wr_pack_resolve_row_conflict:
 * @store: a #WrStore
 * @conflict_id: a row in conflict, from wr_pack_list_row_conflicts()
 * @version: which of its versions to keep (0 is the one shown)
 * @error: return location for a #GError
 *
 * Resolves a row in conflict by the user's choice: the version chosen is
 * written again as this device's change, which has seen every version
 * and so replaces them all, here and on every device its packs reach.
 * In one transaction, recorded in the audit log.
 *
 * Returns: %TRUE once resolved
 */
gboolean
wr_pack_resolve_row_conflict (WrStore     *store,
                              gint64       conflict_id,
                              guint        version,
                              GError     **error)
{
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) wr_pack_row_conflict_free);
  g_autofree char *visit_uuid = NULL;
  g_autofree char *key = NULL;
  g_autofree char *what = NULL;
  g_autoptr(GString) xml = NULL;
  const WrPackRowConflict *conflict = NULL;
  const WrPackRowVersion *chosen;
  WrImportConflict row = { 0, };
  gint64 visit_id;

  g_return_val_if_fail (WR_IS_STORE (store), FALSE);

  if (!_wr_store_begin (store, error))
    return FALSE;

  if (!_wr_store_import_find_row_versions (store, conflict_id, &visit_id, &visit_uuid, &key, error) ||
      (visit_id != 0 && !_wr_pack_merge_list (store, visit_id, visit_uuid, conflicts, error)))
    goto fail;

  for (guint i = 0; i < conflicts->len; i++)
    if (g_str_equal (((WrPackRowConflict *) g_ptr_array_index (conflicts, i))->key, key))
      conflict = g_ptr_array_index (conflicts, i);
  if (conflict == NULL)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_INVALID,
                   _("There is no row in conflict %" G_GINT64_FORMAT "; it may have been resolved already"),
                   conflict_id);
      goto fail;
    }
  if (version >= conflict->versions->len)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_INVALID,
                   _("The row in conflict %" G_GINT64_FORMAT " has %u versions; choose one from 1 to %u"),
                   conflict_id, conflict->versions->len, conflict->versions->len);
      goto fail;
    }
  chosen = g_ptr_array_index (conflict->versions, version);

  if (!(xml = _wr_pack_merge_resolve (store, visit_id, key, chosen, error)))
    goto fail;

  row.visit_uuid = visit_uuid;
  row.content = xml->str;
  row.source = _("the choice made in a conflict");
  what = g_strdup_printf (_("kept the version of device %s, change %" G_GUINT64_FORMAT ", of %u"), chosen->device,
                          chosen->change, conflict->versions->len);
  if (!_wr_store_import_begin_texts (store, error) ||
      !take_theirs (store, &row, xml->len, row.source, NULL, error) ||
      !_wr_store_import_index_texts (store, error) ||
      !_wr_store_import_clear_row_versions (store, visit_id, key, error) ||
      !_wr_store_audit (store, visit_uuid, "row", key, "conflict", NULL, what, error))
    goto fail;

  return _wr_store_commit (store, error);

fail:
  _wr_store_rollback (store);
  return FALSE;
}
