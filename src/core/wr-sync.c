/* wr-sync.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A sync with the organisation store: a pack and a sync are two
 * transports of one merge, so a sync moves packs.
 *
 * - Receive: the store lists the copies this device has not taken yet
 *   (wr-server-sync.c says in which order, and why nothing committed out
 *   of order is skipped). Each copy is a pack of one visit, signed by the
 *   device that sent it, and is imported as any pack is (WrPackReader):
 *   checked, merged row by row with its history (wr-pack-merge.c), its
 *   form and service with it. The store vouches for the device (only a
 *   device the quality team trusts may write to it), so the import trusts
 *   its signer; a device revoked here is still refused. Each import
 *   writes how far the sync has got in its own transaction, so a sync cut
 *   anywhere resumes after the last visit that went in, with nothing
 *   taken twice or missed. A copy the import refuses is counted and
 *   passed over.
 * - Send: every visit changed here (or by an import) since the last
 *   send, as a pack of that visit alone, unless the store holds that very
 *   state already. A copy is named by the visit's digest, and the store
 *   keeps one copy of each: a send cut half-way is sent again, and
 *   changes nothing the second time. Receiving first means what is sent
 *   is the merge, so the other devices converge on the next sync.
 *
 * The store's side is libpq's (src/core/server), the database's is
 * SQLite's (src/core/store); this file only moves packs between them.
 */

#define G_LOG_DOMAIN "wr-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "wr-pack-reader-private.h"
#include "wr-pack-writer-private.h"
#include "wr-pack-writer.h"
#include "wr-server.h"
#include "wr-sync.h"

/* Copies asked about, and sent, per round trip and transaction. */
#define FIND_BATCH 500
#define SEND_BATCH 50
#define RECEIVE_BATCH 200
#define RECEIVE_BATCH_US (G_USEC_PER_SEC / 2)

#define KEY_SERVER "sync.server"
#define KEY_LAST   "sync.last"
#define KEY_COUNTS "sync.last-counts"

struct _WrSync
{
  GObject        parent_instance;

  WrStore       *store;
  WrFormLibrary *library;
  char          *uri;
  char          *password;

  /* Read from other threads, for a progress bar. */
  gint           receiving;
  gint           done;
  gint           total;
};

G_DEFINE_FINAL_TYPE (WrSync, wr_sync, G_TYPE_OBJECT)

static void
wr_sync_finalize (GObject *object)
{
  WrSync *self = WR_SYNC (object);

  g_clear_object (&self->store);
  g_clear_object (&self->library);
  g_free (self->uri);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);

  G_OBJECT_CLASS (wr_sync_parent_class)->finalize (object);
}

static void
wr_sync_class_init (WrSyncClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = wr_sync_finalize;
}

static void
wr_sync_init (WrSync *self)
{
}

/**
 * wr_sync_new:
 * @store: this device's database
 * @library: (nullable): its forms, or %NULL to load the installed and
 *   the user's forms when it runs
 * @uri: the organisation store's libpq connection URI
 *
 * Returns: (transfer full): a sync, to run once
 */
WrSync *
wr_sync_new (WrStore       *store,
             WrFormLibrary *library,
             const char    *uri)
{
  WrSync *self;

  g_return_val_if_fail (WR_IS_STORE (store), NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  self = g_object_new (WR_TYPE_SYNC, NULL);
  self->store = g_object_ref (store);
  self->library = library != NULL ? g_object_ref (library) : NULL;
  self->uri = g_strdup (uri);
  return self;
}

/**
 * wr_sync_set_password:
 * @password: (nullable): the user's password (the window keeps it in the
 *   keyring), or %NULL for libpq's own: ~/.pgpass or PGPASSWORD
 */
void
wr_sync_set_password (WrSync     *self,
                      const char *password)
{
  g_return_if_fail (WR_IS_SYNC (self));

  g_free (self->password);
  self->password = g_strdup (password);
}

/**
 * wr_sync_get_progress:
 * @receiving: (out) (optional): whether it is receiving (else sending)
 * @done: (out) (optional): visits done of this part
 * @total: (out) (optional): visits this part has to do, 0 if not known yet
 *
 * How far a sync running in another thread has got.
 */
void
wr_sync_get_progress (WrSync   *self,
                      gboolean *receiving,
                      guint    *done,
                      guint    *total)
{
  if (receiving != NULL)
    *receiving = g_atomic_int_get (&self->receiving);
  if (done != NULL)
    *done = (guint) g_atomic_int_get (&self->done);
  if (total != NULL)
    *total = (guint) g_atomic_int_get (&self->total);
}

/* The keys of what this database keeps of its syncs with one store: a
 * cursor belongs to the store it was read from.
 */
static char *
server_key (const char *uri,
            const char *what)
{
  g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, uri, -1);

  sum[16] = '\0';
  return g_strdup_printf ("sync.%s.%s", what, sum);
}

static gboolean
set_value (WrStore     *store,
           const char  *key,
           const char  *value,
           GError     **error)
{
  const char *keys[] = { key, NULL };
  const char *values[] = { value, NULL };

  return wr_store_set_sync_values (store, keys, values, error);
}

static void
set_progress (WrSync   *self,
              gboolean  receiving,
              guint     done,
              guint     total)
{
  g_atomic_int_set (&self->receiving, receiving);
  g_atomic_int_set (&self->done, (gint) done);
  g_atomic_int_set (&self->total, (gint) total);
}

/* Takes one copy: imports it as a pack, with the position after it. */
static gboolean
receive_one (WrSync        *self,
             WrServerSync  *server,
             WrPackReader  *reader,
             WrServerCopy  *copy,
             const char    *path,
             const char    *position_key,
             GCancellable  *cancellable,
             WrSyncCounts  *counts,
             GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) refused = NULL;
  WrPackImportCounts imported = { 0 };

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (!(bytes = wr_server_sync_fetch (server, copy->visit_uuid, copy->digest, error)))
    return FALSE;
  /* Neither synced nor kept: only the reader reads it. Without a flag,
   * g_file_set_contents_full() writes over the old file in place and
   * leaves its end when the new one is shorter: it goes first.
   */
  g_unlink (path);
  if (!g_file_set_contents_full (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                 G_FILE_SET_CONTENTS_NONE, 0600, error))
    return FALSE;

  _wr_pack_reader_set_commit_value (reader, position_key, copy->position);
  if (wr_pack_reader_import_file (reader, path, cancellable, &imported, &refused))
    {
      counts->n_received++;
      counts->n_conflicts += imported.n_conflicts;
      return TRUE;
    }
  if (refused->domain == WR_PACK_ERROR && refused->code != WR_PACK_ERROR_WRITE &&
      refused->code != WR_PACK_ERROR_READ && refused->code != WR_PACK_ERROR_KEY)
    {
      /* The copy is refused, not the sync: it is passed over. */
      g_message ("A copy of visit %s from device %s was refused: %s", copy->visit_uuid, copy->device_id,
                 refused->message);
      counts->n_refused++;
      return set_value (self->store, position_key, copy->position, error);
    }
  g_propagate_error (error, g_steal_pointer (&refused));
  return FALSE;
}

/* Takes every copy the store has for this device that it has not taken. */
static gboolean
receive (WrSync        *self,
         WrServerSync  *server,
         const char    *tmp_dir,
         GCancellable  *cancellable,
         WrSyncCounts  *counts,
         GError       **error)
{
  g_autofree char *cursor_key = server_key (self->uri, "cursor");
  g_autofree char *position_key = server_key (self->uri, "position");
  g_autofree char *cursor = NULL;
  g_autofree char *position = NULL;
  g_autofree char *upto = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "copy.xml", NULL);
  g_autoptr(GPtrArray) copies = NULL;
  g_autoptr(WrPackReader) reader = NULL;
  const char *device = wr_store_get_device_id (self->store);
  const char *keys[] = { cursor_key, position_key, NULL };
  const char *values[] = { NULL, "", NULL };

  if (!(cursor = wr_store_get_sync_value (self->store, cursor_key, error)) ||
      !(position = wr_store_get_sync_value (self->store, position_key, error)))
    return FALSE;
  if (cursor[0] == '\0')
    {
      g_free (cursor);
      cursor = g_strdup ("0");
    }

  if (!(copies = wr_server_sync_list_new (server, device, cursor, position[0] != '\0' ? position : NULL, &upto,
                                          error)))
    return FALSE;

  reader = wr_pack_reader_new (self->store, self->library);
  wr_pack_reader_set_trust_new_device (reader, TRUE);

  /* The imports are made in batches, committed together (each import
   * still succeeds or fails whole, with its position): a disk sync per
   * visit would make a first sync of many visits slow. A batch ends after
   * RECEIVE_BATCH visits or RECEIVE_BATCH_US, so a sync cut off keeps
   * what it received until a moment before.
   */
  set_progress (self, TRUE, 0, copies->len);
  for (guint i = 0; i < copies->len; )
    {
      WrSyncCounts batch = { 0 };
      gint64 started = g_get_monotonic_time ();
      guint n = 0;

      if (!wr_store_begin_batch (self->store, error))
        return FALSE;
      for (; i < copies->len && n < RECEIVE_BATCH && g_get_monotonic_time () - started < RECEIVE_BATCH_US; i++, n++)
        {
          if (!receive_one (self, server, reader, copies->pdata[i], path, position_key, cancellable, &batch, error))
            {
              wr_store_abort_batch (self->store);
              return FALSE;
            }
        }
      if (!wr_store_commit_batch (self->store, error))
        return FALSE;
      counts->n_received += batch.n_received;
      counts->n_conflicts += batch.n_conflicts;
      counts->n_refused += batch.n_refused;
      set_progress (self, TRUE, i, copies->len);
    }

  values[0] = upto;
  return wr_store_set_sync_values (self->store, keys, values, error);
}

/* A pack of one visit, as the export of that visit alone writes it. It
 * only passes through the file, which is neither synced nor kept.
 */
static GBytes *
write_copy (WrSync        *self,
            const char    *visit_uuid,
            const char    *path,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(WrPackWriter) writer = wr_pack_writer_new (self->store, self->library);
  g_autoptr(WrScope) scope = wr_scope_new ();
  char *contents = NULL;
  gsize len = 0;
  gboolean written;
  int fd;

  if (!wr_scope_add_visit (scope, visit_uuid, error))
    return NULL;
  wr_pack_writer_set_filter (writer, scope);

  if ((fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Could not write %s: %s"), path,
                   g_strerror (saved));
      return NULL;
    }
  written = wr_pack_writer_write_fd (writer, fd, cancellable, error);
  close (fd);
  if (!written || !g_file_get_contents (path, &contents, &len, error))
    return NULL;

  return g_bytes_new_take (contents, len);
}

/* Sends one batch of visits, in one transaction. */
static gboolean
send_batch (WrSync         *self,
            WrServerSync   *server,
            GArray         *visits,
            GPtrArray      *digests,
            guint           from,
            guint           to,
            const char     *path,
            GCancellable   *cancellable,
            WrSyncCounts   *counts,
            GError        **error)
{
  const char *device = wr_store_get_device_id (self->store);
  guint n_sent = 0;
  guint n_not_allowed = 0;

  if (!wr_server_sync_begin (server, error))
    return FALSE;
  for (guint i = from; i < to; i++)
    {
      WrStoreVisitRef *ref = &g_array_index (visits, WrStoreVisitRef, i);
      g_autoptr(GBytes) copy = NULL;
      WrServerPush outcome = WR_SERVER_PUSH_KNOWN;

      if (digests->pdata[i] == NULL)
        continue;
      if (!(copy = write_copy (self, ref->uuid, path, cancellable, error)) ||
          !wr_server_sync_push (server, ref->uuid, digests->pdata[i], device, copy, &outcome, error))
        {
          wr_server_sync_roll_back (server);
          return FALSE;
        }
      if (outcome == WR_SERVER_PUSH_SENT)
        n_sent++;
      else if (outcome == WR_SERVER_PUSH_REFUSED)
        n_not_allowed++;
    }
  if (!wr_server_sync_commit (server, error))
    {
      wr_server_sync_roll_back (server);
      return FALSE;
    }

  counts->n_sent += n_sent;
  counts->n_not_allowed += n_not_allowed;
  return TRUE;
}

/* Sends every visit changed here since the last send that the store does
 * not hold in this state.
 */
static gboolean
send (WrSync        *self,
      WrServerSync  *server,
      const char    *tmp_dir,
      GCancellable  *cancellable,
      WrSyncCounts  *counts,
      GError       **error)
{
  g_autofree char *sent_key = server_key (self->uri, "sent");
  g_autofree char *since = NULL;
  g_autofree char *now = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "send.xml", NULL);
  g_autoptr(GArray) visits = NULL;
  g_autoptr(GPtrArray) digests = g_ptr_array_new_with_free_func (g_free);

  if (!(since = wr_store_get_sync_value (self->store, sent_key, error)) ||
      !(visits = wr_store_list_changed_here (self->store, since, &now, error)))
    return FALSE;

  if (self->library != NULL)
    _wr_pack_stored_digest_set_forms (self->store, self->library);

  set_progress (self, FALSE, 0, visits->len);
  for (guint start = 0; start < visits->len; start += FIND_BATCH)
    {
      guint end = MIN (start + FIND_BATCH, visits->len);
      g_autoptr(GPtrArray) uuids = g_ptr_array_new ();
      g_autoptr(GPtrArray) sums = g_ptr_array_new ();
      g_autoptr(GHashTable) known = NULL;

      for (guint i = start; i < end; i++)
        {
          WrStoreVisitRef *ref = &g_array_index (visits, WrStoreVisitRef, i);
          char *digest;

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (!(digest = _wr_pack_stored_digest (self->store, ref->id, error)))
            return FALSE;
          g_ptr_array_add (digests, digest);
          g_ptr_array_add (uuids, ref->uuid);
          g_ptr_array_add (sums, digest);
        }
      if (!(known = wr_server_sync_find_copies (server, uuids, sums, error)))
        return FALSE;
      for (guint i = start; i < end; i++)
        {
          WrStoreVisitRef *ref = &g_array_index (visits, WrStoreVisitRef, i);
          g_autofree char *name = g_strdup_printf ("%s %s", ref->uuid, (char *) digests->pdata[i]);

          if (g_hash_table_contains (known, name))
            g_clear_pointer (&digests->pdata[i], g_free);
        }
    }

  for (guint start = 0; start < visits->len; start += SEND_BATCH)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !send_batch (self, server, visits, digests, start, MIN (start + SEND_BATCH, visits->len), path,
                       cancellable, counts, error))
        return FALSE;
      set_progress (self, FALSE, MIN (start + SEND_BATCH, visits->len), visits->len);
    }

  /* A visit the store would not take from this user (another's, whose
   * team they are not on) is offered again next time: they may be put
   * on its team meanwhile. Until then, the visits changed since are
   * listed again too; their digests keep them from being sent twice.
   */
  if (counts->n_not_allowed > 0)
    return TRUE;
  return set_value (self->store, sent_key, now, error);
}

static gboolean
remove_tmp_dir (const char *dir)
{
  g_autoptr(GDir) entries = g_dir_open (dir, 0, NULL);
  const char *name;

  while (entries != NULL && (name = g_dir_read_name (entries)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  return g_rmdir (dir) == 0;
}

/**
 * wr_sync_run:
 * @counts: (out) (optional): what it did
 *
 * Registers this device with the store, receives and merges what this
 * device has not had, then sends what the store has not had. It can be
 * cut at any point and run again.
 *
 * Returns: %FALSE with @error set if it stopped (what was received until
 *   then is kept, and the next sync goes on from there)
 */
gboolean
wr_sync_run (WrSync        *self,
             GCancellable  *cancellable,
             WrSyncCounts  *counts,
             GError       **error)
{
  g_autoptr(WrServerSync) server = NULL;
  g_autofree char *tmp_dir = NULL;
  g_autofree char *label = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *when = NULL;
  g_autofree char *said = NULL;
  WrSyncCounts done = { 0 };
  const char *keys[] = { KEY_LAST, KEY_COUNTS, NULL };
  const char *values[3] = { NULL, NULL, NULL };
  gboolean ok;

  g_return_val_if_fail (WR_IS_SYNC (self), FALSE);

  /* The window's sync loads the forms here, off the main thread. */
  if (self->library == NULL)
    self->library = wr_form_library_new_default (NULL);

  if (!(server = wr_server_sync_open (self->uri, self->password, error)))
    return FALSE;
  label = g_strdup_printf ("%s (%s)", g_get_host_name (), g_get_real_name ());
  if (!wr_server_sync_register_device (server, wr_store_get_device_id (self->store), label, error))
    return FALSE;

  if (!(tmp_dir = g_dir_make_tmp ("walkround-sync-XXXXXX", error)))
    return FALSE;
  ok = receive (self, server, tmp_dir, cancellable, &done, error) &&
       send (self, server, tmp_dir, cancellable, &done, error);
  remove_tmp_dir (tmp_dir);
  if (counts != NULL)
    *counts = done;
  if (!ok)
    return FALSE;

  now = g_date_time_new_now_utc ();
  when = g_date_time_format_iso8601 (now);
  said = g_strdup_printf ("%u %u %u %u %u", done.n_sent, done.n_received, done.n_conflicts, done.n_not_allowed,
                          done.n_refused);
  values[0] = when;
  values[1] = said;
  return wr_store_set_sync_values (self->store, keys, values, error);
}

static void
run_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  WrSyncCounts *counts = task_data;
  GError *error = NULL;

  if (wr_sync_run (WR_SYNC (source), cancellable, counts, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * wr_sync_run_async:
 *
 * Runs wr_sync_run() in a worker thread.
 */
void
wr_sync_run_async (WrSync              *self,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, wr_sync_run_async);
  g_task_set_task_data (task, g_new0 (WrSyncCounts, 1), g_free);
  g_task_run_in_thread (task, run_thread);
}

gboolean
wr_sync_run_finish (WrSync        *self,
                    GAsyncResult  *result,
                    WrSyncCounts  *counts,
                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (counts != NULL)
    *counts = *(WrSyncCounts *) g_task_get_task_data (G_TASK (result));
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * wr_sync_get_saved_server:
 *
 * Returns: (transfer full): the organisation store's URI saved for this
 *   database ("" if none), or %NULL with @error set
 */
char *
wr_sync_get_saved_server (WrStore  *store,
                          GError  **error)
{
  return wr_store_get_sync_value (store, KEY_SERVER, error);
}

/**
 * wr_sync_save_server:
 * @uri: a libpq connection URI (checked first), or "" to forget it
 *
 * Returns: %FALSE with @error set if @uri is not one to connect with
 */
gboolean
wr_sync_save_server (WrStore     *store,
                     const char  *uri,
                     GError     **error)
{
  if (uri[0] != '\0' && !wr_server_check_uri (uri, error))
    return FALSE;
  return set_value (store, KEY_SERVER, uri, error);
}

/**
 * wr_sync_get_last:
 * @counts: (out): what it did
 *
 * Returns: (transfer full): when this database last synced to the end, in
 *   ISO 8601 ("" if never), or %NULL with @error set
 */
char *
wr_sync_get_last (WrStore       *store,
                  WrSyncCounts  *counts,
                  GError       **error)
{
  g_autofree char *when = NULL;
  g_autofree char *said = NULL;

  memset (counts, 0, sizeof *counts);
  if (!(when = wr_store_get_sync_value (store, KEY_LAST, error)) ||
      !(said = wr_store_get_sync_value (store, KEY_COUNTS, error)))
    return NULL;
  if (sscanf (said, "%u %u %u %u %u", &counts->n_sent, &counts->n_received, &counts->n_conflicts,
              &counts->n_not_allowed, &counts->n_refused) != 5)
    memset (counts, 0, sizeof *counts);
  return g_steal_pointer (&when);
}
