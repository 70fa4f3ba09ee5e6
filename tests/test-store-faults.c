/* test-store-faults.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A failing disk: a SQLite VFS shim passes everything to the real one but
 * makes the Nth write or sync (or every one after it) fail, for many N.
 * Each failure must reach the caller as a clear error, never a crash and
 * never a "saved" that was not; reopening must show every save that was
 * reported as done and a sound file.
 */

#include "config.h"

#include <libxml/parser.h>
#include <string.h>

#include "wr-form-library.h"
#include "wr-pack-reader.h"
#include "wr-paths.h"
#include "wr-store-private.h"

#define FORM_SHA "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

typedef struct
{
  sqlite3_file  base;
  sqlite3_file *real;
} FaultyFile;

static sqlite3_vfs *real_vfs;
static sqlite3_vfs faulty_vfs;
static sqlite3_io_methods faulty_methods;

/* Faults start after this many writes and syncs; -1 means never. */
static gint64 operations_left = -1;
static int fault_code = SQLITE_IOERR_WRITE;

static gboolean
fault_now (void)
{
  if (operations_left < 0)
    return FALSE;
  if (operations_left == 0)
    return TRUE;
  operations_left--;
  return FALSE;
}

static int
faulty_close (sqlite3_file *file)
{
  FaultyFile *self = (FaultyFile *) file;
  int rc = self->real->pMethods->xClose (self->real);

  g_free (self->real);
  return rc;
}

static int
faulty_read (sqlite3_file *file, void *buffer, int amount, sqlite3_int64 offset)
{
  FaultyFile *self = (FaultyFile *) file;
  return self->real->pMethods->xRead (self->real, buffer, amount, offset);
}

static int
faulty_write (sqlite3_file *file, const void *buffer, int amount, sqlite3_int64 offset)
{
  FaultyFile *self = (FaultyFile *) file;

  if (fault_now ())
    return fault_code == SQLITE_FULL ? SQLITE_FULL : SQLITE_IOERR_WRITE;
  return self->real->pMethods->xWrite (self->real, buffer, amount, offset);
}

/* A full disk refuses only writes; a failing one refuses syncs too. */
static int
faulty_truncate (sqlite3_file *file, sqlite3_int64 size)
{
  FaultyFile *self = (FaultyFile *) file;

  if (fault_code != SQLITE_FULL && fault_now ())
    return SQLITE_IOERR_TRUNCATE;
  return self->real->pMethods->xTruncate (self->real, size);
}

static int
faulty_sync (sqlite3_file *file, int flags)
{
  FaultyFile *self = (FaultyFile *) file;

  if (fault_code != SQLITE_FULL && fault_now ())
    return SQLITE_IOERR_FSYNC;
  return self->real->pMethods->xSync (self->real, flags);
}

#define FORWARD(name, signature, call) \
  static int faulty_##name signature \
  { \
    FaultyFile *self = (FaultyFile *) file; \
    return self->real->pMethods->x##call; \
  }

FORWARD (file_size, (sqlite3_file *file, sqlite3_int64 *size), FileSize (self->real, size))
FORWARD (lock, (sqlite3_file *file, int level), Lock (self->real, level))
FORWARD (unlock, (sqlite3_file *file, int level), Unlock (self->real, level))
FORWARD (check_reserved_lock, (sqlite3_file *file, int *out), CheckReservedLock (self->real, out))
FORWARD (file_control, (sqlite3_file *file, int op, void *arg), FileControl (self->real, op, arg))
FORWARD (sector_size, (sqlite3_file *file), SectorSize (self->real))
FORWARD (device_characteristics, (sqlite3_file *file), DeviceCharacteristics (self->real))
FORWARD (shm_map, (sqlite3_file *file, int page, int size, int extend, void volatile **out),
         ShmMap (self->real, page, size, extend, out))
FORWARD (shm_lock, (sqlite3_file *file, int offset, int n, int flags), ShmLock (self->real, offset, n, flags))
FORWARD (shm_unmap, (sqlite3_file *file, int delete_flag), ShmUnmap (self->real, delete_flag))

#undef FORWARD

static void
faulty_shm_barrier (sqlite3_file *file)
{
  FaultyFile *self = (FaultyFile *) file;
  self->real->pMethods->xShmBarrier (self->real);
}

static int
faulty_open (sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
  FaultyFile *self = (FaultyFile *) file;
  int rc;

  self->real = g_malloc0 (real_vfs->szOsFile);
  rc = real_vfs->xOpen (real_vfs, name, self->real, flags, out_flags);
  if (rc != SQLITE_OK || self->real->pMethods == NULL)
    {
      g_clear_pointer (&self->real, g_free);
      self->base.pMethods = NULL;
      return rc;
    }
  self->base.pMethods = &faulty_methods;
  return SQLITE_OK;
}

static void
install_faulty_vfs (void)
{
  real_vfs = sqlite3_vfs_find (NULL);

  faulty_methods = (sqlite3_io_methods) {
    .iVersion = 2,
    .xClose = faulty_close, .xRead = faulty_read, .xWrite = faulty_write,
    .xTruncate = faulty_truncate, .xSync = faulty_sync, .xFileSize = faulty_file_size,
    .xLock = faulty_lock, .xUnlock = faulty_unlock, .xCheckReservedLock = faulty_check_reserved_lock,
    .xFileControl = faulty_file_control, .xSectorSize = faulty_sector_size,
    .xDeviceCharacteristics = faulty_device_characteristics,
    .xShmMap = faulty_shm_map, .xShmLock = faulty_shm_lock, .xShmBarrier = faulty_shm_barrier,
    .xShmUnmap = faulty_shm_unmap,
  };

  faulty_vfs = *real_vfs;
  faulty_vfs.zName = "faulty";
  faulty_vfs.szOsFile = sizeof (FaultyFile);
  faulty_vfs.xOpen = faulty_open;
  faulty_vfs.pNext = NULL;

  /* The default, so the store uses it without knowing. */
  g_assert_cmpint (sqlite3_vfs_register (&faulty_vfs, 1), ==, SQLITE_OK);
}

static char *
make_visit (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = wr_store_open (path, &error);
  WrServiceFields service_fields = { .name = "Ward 7" };
  g_autoptr(WrService) service = NULL;
  g_autoptr(WrVisit) visit = NULL;
  WrVisitFields fields = { .kind = "quality-visit", .form_id = "quality-visit", .form_version = 1, .form_sha256 = FORM_SHA };

  g_assert_no_error (error);
  service = wr_store_add_service (store, &service_fields, &error);
  g_assert_no_error (error);
  fields.service_id = wr_service_get_id (service);
  visit = wr_store_create_visit (store, &fields, &error);
  g_assert_no_error (error);

  return g_strdup (wr_visit_get_uuid (visit));
}

/* Saves until the disk fails (or ten saves are done); returns how many
 * saves reported success.
 */
static guint
save_until_failure (WrStore    *store,
                    const char *visit_uuid,
                    guint       round,
                    GError    **error)
{
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *question = g_strdup_printf ("r%u-q%u", round, i);
      g_autofree char *value = g_strdup_printf ("value %u", i);
      WrAnswerKey key = { .question_id = question };
      gboolean saved;

      if (i == 5)
        {
          WrObservationFields obs = { .text = "Noticed on the round", .kind = "idea" };
          g_autofree char *uuid = wr_store_add_observation (store, visit_uuid, &obs, error);

          saved = uuid != NULL;
        }
      else
        saved = wr_store_set_answer (store, visit_uuid, &key, value, TRUE, error);

      if (!saved)
        return i;
    }

  return 10;
}

static void
check_reopened (const char *path,
                const char *visit_uuid,
                guint       round,
                guint       saved)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  g_autoptr(sqlite3_stmt) check = NULL;
  g_autofree char *prefix = g_strdup_printf ("r%u-", round);
  guint found = 0;

  store = wr_store_open (path, &error);
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store), "PRAGMA integrity_check", -1, &check, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (check), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (check, 0), ==, "ok");
  g_clear_pointer (&check, sqlite3_finalize);

  answers = wr_store_list_answers (store, visit_uuid, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < answers->len; i++)
    {
      WrAnswer *answer = g_ptr_array_index (answers, i);

      if (g_str_has_prefix (answer->question_id, prefix))
        found++;
    }

  /* Every save reported as done is there (the observation is the sixth
   * save, not an answer). The save that failed may or may not be: a sync
   * can fail after the data reached the disk.
   */
  {
    guint answers_saved = saved > 5 ? saved - 1 : saved;

    g_assert_cmpuint (found, >=, answers_saved);
    g_assert_cmpuint (found, <=, answers_saved + 1);
  }
}

static void
test_failing_disk (gconstpointer data)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "faults", NULL);
  g_autofree char *path = g_build_filename (dir, "walkround.db", NULL);
  g_autofree char *visit_uuid = NULL;
  guint failures = 0;

  fault_code = GPOINTER_TO_INT (data);
  g_mkdir_with_parents (dir, 0700);
  visit_uuid = make_visit (path);

  for (guint n = 0; n < 60; n++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WrStore) store = NULL;
      guint saved;

      store = wr_store_open (path, &error);
      g_assert_no_error (error);

      operations_left = n;
      saved = save_until_failure (store, visit_uuid, n, &error);
      operations_left = -1;

      if (saved < 10)
        {
          /* A clear message for a person, from the store's domain. */
          g_assert_nonnull (error);
          g_assert_true (error->domain == WR_STORE_ERROR);
          g_assert_true (g_str_has_prefix (error->message, "Could not save"));
          if (n % 20 == 0)
            g_test_message ("after %u operations: %s", n, error->message);
          if (fault_code == SQLITE_FULL)
            g_assert_nonnull (strstr (error->message, "no space left"));
          failures++;
        }
      else
        g_assert_no_error (error);

      g_clear_object (&store);
      check_reopened (path, visit_uuid, n, saved);
    }

  /* The faults really struck, at many different points. */
  g_assert_cmpuint (failures, >, 40);
}

static gboolean
import_example (const char          *path,
                gboolean             dry_run,
                WrPackImportCounts  *counts,
                GError             **error)
{
  g_autofree char *pack = g_test_build_filename (G_TEST_DIST, "data", "packs", "example.xml", NULL);
  g_autoptr(WrStore) store = wr_store_open (path, error);
  g_autoptr(WrFormLibrary) library = NULL;
  g_autoptr(WrPackReader) reader = NULL;

  if (store == NULL)
    return FALSE;
  library = wr_form_library_new_default (NULL);
  reader = wr_pack_reader_new (store, library);
  /* Test packs come from this test's other databases, or from before
   * packs were signed: taken as `import --trust-new-device
   * --allow-unsigned` takes them; a bad signature is still refused. */
  wr_pack_reader_set_trust_new_device (reader, TRUE);
  wr_pack_reader_set_allow_unsigned (reader, TRUE);
  wr_pack_reader_set_dry_run (reader, dry_run);

  return wr_pack_reader_import_file (reader, pack, NULL, counts, error);
}

/* A dry run fails wherever the import would: on a full disk too, though
 * the import's pages would all fit in its page cache. On a sound disk it
 * counts what the import then does.
 */
static void
test_dry_run_full_disk (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "walkround", NULL);
  g_autofree char *path = g_build_filename (dir, "walkround.db", NULL);
  g_autoptr(GError) dry_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = NULL;
  WrPackImportCounts dry_counts = { 0 };
  WrPackImportCounts counts = { 0 };

  wr_paths_set_data_dir (dir);
  g_mkdir_with_parents (dir, 0700);
  store = wr_store_open (path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  fault_code = SQLITE_FULL;
  operations_left = 0;
  g_assert_false (import_example (path, TRUE, &dry_counts, &dry_error));
  g_assert_false (import_example (path, FALSE, &counts, &error));
  operations_left = -1;
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_WRITE);
  g_assert_error (dry_error, WR_STORE_ERROR, WR_STORE_ERROR_WRITE);
  g_assert_cmpstr (dry_error->message, ==, error->message);
  g_assert_nonnull (strstr (error->message, "no space left"));
  g_clear_error (&dry_error);
  g_clear_error (&error);

  g_assert_true (import_example (path, TRUE, &dry_counts, &dry_error));
  g_assert_no_error (dry_error);
  g_assert_true (import_example (path, FALSE, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dry_counts.n_new, ==, 2);
  g_assert_cmpmem (&dry_counts, sizeof dry_counts, &counts, sizeof counts);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  xmlInitParser ();
  install_faulty_vfs ();

  g_test_add_data_func ("/walkround/store/failing-disk/io-error", GINT_TO_POINTER (SQLITE_IOERR_WRITE),
                        test_failing_disk);
  g_test_add_data_func ("/walkround/store/failing-disk/full", GINT_TO_POINTER (SQLITE_FULL),
                        test_failing_disk);
  g_test_add_func ("/walkround/store/failing-disk/import-dry-run", test_dry_run_full_disk);

  return g_test_run ();
}
