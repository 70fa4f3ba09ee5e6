/* test-store-open.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Opening the database: what is checked and when, what happens to a
 * damaged file, and who may read the files. Each test has its own data
 * home (G_TEST_OPTION_ISOLATE_DIRS).
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef G_OS_UNIX
# include <sys/wait.h>
#else
# include <windows.h>
#endif

#include "wr-core-test-utils.h"
#include "wr-platform.h"
#include "wr-store-private.h"

/* This program itself, which the tests start again as another process
 * that opens a database (fork() is POSIX's only).
 */
static const char *self_path;

/* Runs this program as "--child WHAT PATH" and waits for it: returns its
 * exit code.
 */
static int
run_child (const char *what,
           const char *path)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { self_path, "--child", what, path, NULL };
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, NULL, NULL,
                &status, &error);
  g_assert_no_error (error);
  return wr_test_exit_status (status);
}

/* The child: "open-and-die" opens PATH and exits without closing it, as
 * a crash would; "hold" opens it, prints "y" and keeps it open until its
 * standard input closes.
 */
static int
child_main (const char *what,
            const char *path)
{
  if (g_str_equal (what, "open-and-die"))
    {
      WrStore *store = wr_store_open_with_flags (path, WR_STORE_OPEN_DEFER_CHECK, NULL);

      _exit (store != NULL ? 0 : 1);
    }
  if (g_str_equal (what, "hold"))
    {
      WrStore *store = wr_store_open (path, NULL);
      char line[8];

      printf ("%s\n", store != NULL ? "y" : "n");
      fflush (stdout);
      while (fgets (line, sizeof line, stdin) != NULL)
        ;
      _exit (0);
    }
  return 2;
}

static char *
make_data_dir (void)
{
  /* Canonical, as messages name files (on Windows, with \ only). */
  char *dir = g_canonicalize_filename ("walkround", g_get_user_data_dir ());

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return dir;
}

/* Something that is not a database at all, as a disk error might leave. */
static char *
write_junk (const char *path,
            gsize       length)
{
  char *junk = g_malloc (length);

  for (gsize i = 0; i < length; i++)
    junk[i] = (char) (i * 7919 % 251);
  g_assert_true (g_file_set_contents (path, junk, length, NULL));
  return junk;
}

/* The names in @dir that start with @prefix, sorted; not copies of a
 * -wal, which go with the copy of their database.
 */
static GPtrArray *
list_with_prefix (const char *dir,
                  const char *prefix)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      if (g_str_has_prefix (name, prefix) && !g_str_has_suffix (name, "-wal"))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  return names;
}

static void
test_damaged_copied_once (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autofree char *path = g_build_filename (dir, "walkround.db", NULL);
  g_autofree char *junk = write_junk (path, 64 * 1024);
  g_autoptr(GPtrArray) copies = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  GStatBuf st;

  /* Five tries to open the same damaged file keep one copy, and each
   * message says where it is.
   */
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WrStore) store = wr_store_open (path, &error);

      g_assert_null (store);
      g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_DAMAGED);
      g_clear_pointer (&copies, g_ptr_array_unref);
      copies = list_with_prefix (dir, "walkround.db.damaged-");
      g_assert_cmpuint (copies->len, ==, 1);
      g_free (copy);
      copy = g_build_filename (dir, g_ptr_array_index (copies, 0), NULL);
      g_assert_nonnull (strstr (error->message, copy));
    }

  /* The copy is the file, byte for byte, and as private. */
  g_assert_true (g_file_get_contents (copy, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, junk, 64 * 1024);
  g_assert_cmpint (g_stat (copy, &st), ==, 0);
  if (wr_platform_has_file_modes ())
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Damage that changed is another file, and is kept too. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(WrStore) store = NULL;
    g_autofree char *more = write_junk (path, 96 * 1024);

    store = wr_store_open (path, &error);
    g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_DAMAGED);
    g_clear_pointer (&copies, g_ptr_array_unref);
    copies = list_with_prefix (dir, "walkround.db.damaged-");
    g_assert_cmpuint (copies->len, ==, 2);
  }
}

/* A sound database with enough services to fill several pages; closed
 * cleanly.
 */
static void
make_database (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = wr_store_open (path, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *name = g_strdup_printf ("Ward %u, with a name long enough to need pages of its own %u", i, i);
      WrServiceFields fields = { .name = name };
      g_autoptr(WrService) service = wr_store_add_service (store, &fields, &error);

      g_assert_no_error (error);
    }
  g_assert_finalize_object (g_steal_pointer (&store));
}

/* Overwrites the first page of the services table, which an open never
 * reads, as a failing disk might.
 */
static void
damage_services (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 root = 0;
  gint64 page_size = 0;
  char junk[512];
  int fd;

  /* Read and write, so that closing it removes the -wal. */
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT rootpage, (SELECT page_size FROM pragma_page_size)"
                                           " FROM sqlite_schema WHERE name = 'services'", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  root = sqlite3_column_int64 (stmt, 0);
  page_size = sqlite3_column_int64 (stmt, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpint (root, >, 1);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));

  memset (junk, 0xee, sizeof junk);
  fd = g_open (path, O_WRONLY | O_BINARY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (lseek (fd, (root - 1) * page_size, SEEK_SET), ==, (root - 1) * page_size);
  g_assert_cmpint (write (fd, junk, sizeof junk), ==, sizeof junk);
  close (fd);
}

/* Opens @path in a child process that dies without closing it, as a
 * crash or a kill would leave it.
 */
static void
open_and_die (const char *path)
{
  g_assert_cmpint (run_child ("open-and-die", path), ==, 0);
}

static void
test_clean_close_quick (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = NULL;
  g_autofree char *dir = make_data_dir ();
  g_autofree char *path = g_build_filename (dir, "walkround.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GPtrArray) copies = NULL;

  make_database (path);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  damage_services (path);

  /* After a clean close only the header and schema are read: damage
   * elsewhere is not looked for (it is, in the whole check).
   */
  store = wr_store_open_with_flags (path, WR_STORE_OPEN_DEFER_CHECK, &error);
  g_assert_no_error (error);
  g_assert_false (wr_store_get_needs_check (store));
  g_assert_false (wr_store_check (store, NULL, &error));
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "walkround.db.damaged-"));
  copies = list_with_prefix (dir, "walkround.db.damaged-");
  g_assert_cmpuint (copies->len, ==, 1);
}

static void
test_unclean_close_checked (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = NULL;
  g_autofree char *dir = make_data_dir ();
  g_autofree char *path = g_build_filename (dir, "walkround.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GPtrArray) copies = NULL;

  make_database (path);
  damage_services (path);
  open_and_die (path);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

  /* Left unclean: the whole file is checked, at once by default. */
  store = wr_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_DAMAGED);
  g_clear_error (&error);

  /* Or when the caller asks, and only until it has. */
  store = wr_store_open_with_flags (path, WR_STORE_OPEN_DEFER_CHECK, &error);
  g_assert_no_error (error);
  g_assert_true (wr_store_get_needs_check (store));
  g_assert_false (wr_store_check (store, NULL, &error));
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_DAMAGED);
  g_assert_true (wr_store_get_needs_check (store));

  /* One copy for both finds of the same damage. */
  copies = list_with_prefix (dir, "walkround.db.damaged-");
  g_assert_cmpuint (copies->len, ==, 1);
}

static void
check_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_unclean_sound_checked_async (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *dir = make_data_dir ();
  g_autofree char *path = g_build_filename (dir, "walkround.db", NULL);
  g_autoptr(GListModel) services = NULL;

  make_database (path);
  open_and_die (path);

  store = wr_store_open_with_flags (path, WR_STORE_OPEN_DEFER_CHECK, &error);
  g_assert_no_error (error);
  g_assert_true (wr_store_get_needs_check (store));

  /* The store is usable while its file is checked in a thread. */
  wr_store_check_async (store, NULL, check_done_cb, &result);
  services = wr_store_list_services (store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (services), ==, 300);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (wr_store_check_finish (store, result, &error));
  g_assert_no_error (error);
  g_assert_false (wr_store_get_needs_check (store));
}

/* A -wal that another process holds is in use, not left: that process
 * checked the file when it opened it.
 */
static void
test_open_elsewhere_not_unclean (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = NULL;
  g_autofree char *dir = make_data_dir ();
  g_autofree char *path = g_build_filename (dir, "walkround.db", NULL);
  const char *argv[] = { self_path, "--child", "hold", path, NULL };
  char line[8];
  int in_fd;
  int out_fd;
  FILE *out;
  GPid pid;

  make_database (path);
  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &pid, &in_fd, &out_fd, NULL, &error);
  g_assert_no_error (error);
  out = fdopen (out_fd, "r");
  g_assert_nonnull (fgets (line, sizeof line, out));
  g_assert_cmpstr (line, ==, "y\n");

  store = wr_store_open_with_flags (path, WR_STORE_OPEN_DEFER_CHECK, &error);
  g_assert_no_error (error);
  g_assert_false (wr_store_get_needs_check (store));

  /* Its standard input closed, the child exits. */
  close (in_fd);
  g_assert_null (fgets (line, sizeof line, out));
  fclose (out);
#ifdef G_OS_WIN32
  g_assert_cmpuint (WaitForSingleObject (pid, INFINITE), ==, WAIT_OBJECT_0);
#else
  g_assert_cmpint (waitpid (pid, NULL, 0), ==, pid);
#endif
  g_spawn_close_pid (pid);
}

static void
damaged_cb (WrStore      *store,
            const GError *error,
            guint        *count)
{
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_DAMAGED);
  (*count)++;
}

/* Damage SQLite meets while the store is in use takes the path of damage
 * found at open.
 */
static void
test_damage_while_running (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = NULL;
  g_autoptr(GListModel) services = NULL;
  g_autoptr(WrService) service = NULL;
  g_autofree char *dir = make_data_dir ();
  g_autofree char *path = g_build_filename (dir, "walkround.db", NULL);
  g_autofree char *copy = NULL;
  g_autoptr(GPtrArray) copies = NULL;
  WrServiceFields fields = { .name = "Ward 8" };
  guint emitted = 0;

  make_database (path);
  damage_services (path);
  store = wr_store_open (path, &error);
  g_assert_no_error (error);
  g_signal_connect (store, "damaged", G_CALLBACK (damaged_cb), &emitted);
  g_assert_null (wr_store_get_damage (store));

  services = wr_store_list_services (store, TRUE, &error);
  g_assert_null (services);
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_DAMAGED);
  copies = list_with_prefix (dir, "walkround.db.damaged-");
  g_assert_cmpuint (copies->len, ==, 1);
  copy = g_build_filename (dir, g_ptr_array_index (copies, 0), NULL);
  g_assert_nonnull (strstr (error->message, copy));
  g_clear_error (&error);

  /* Said once, from the main loop; nothing is written from then on. */
  g_assert_cmpuint (emitted, ==, 0);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (emitted, ==, 1);
  g_assert_nonnull (wr_store_get_damage (store));
  service = wr_store_add_service (store, &fields, &error);
  g_assert_null (service);
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, copy));
  g_clear_error (&error);
  services = wr_store_list_services (store, TRUE, &error);
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_DAMAGED);
  g_clear_error (&error);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (emitted, ==, 1);

  /* The file is left for the next open to find the damage again, and
   * the copy is not made twice.
   */
  g_assert_finalize_object (g_steal_pointer (&store));
  store = wr_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, copy));
  g_clear_pointer (&copies, g_ptr_array_unref);
  copies = list_with_prefix (dir, "walkround.db.damaged-");
  g_assert_cmpuint (copies->len, ==, 1);
}

static void
count_message_cb (const char     *log_domain,
                  GLogLevelFlags  log_level,
                  const char     *message,
                  gpointer        user_data)
{
  GPtrArray *messages = user_data;

  g_ptr_array_add (messages, g_strdup (message));
}

/* Windows files have no POSIX modes (a stat shows read-only at most):
 * there the data folder is private by its place under the user's own
 * profile, and Walkround changes no modes. Skips the test there.
 */
static gboolean
skipped_without_modes (void)
{
  if (wr_platform_has_file_modes ())
    return FALSE;
  g_test_skip ("Windows files have no POSIX modes to tighten: the data folder is private by its "
               "place under the user's profile");
  return TRUE;
}

static void
assert_mode (const char *file,
             guint       mode)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (file, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, mode);
}

/* A database readable by others, as an older Walkround or a copy left
 * it: the files become private at open, the -wal and -shm SQLite then
 * makes are private too, and the folder when it is Walkround's own.
 */
static void
test_loose_permissions_tightened (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = NULL;
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = make_data_dir ();
  g_autofree char *path = g_build_filename (dir, "walkround.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  guint handler;

  if (skipped_without_modes ())
    return;

  make_database (path);
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  handler = g_log_set_handler ("wr-store", G_LOG_LEVEL_MESSAGE, count_message_cb, messages);

  store = wr_store_open (path, &error);
  g_assert_no_error (error);
  assert_mode (path, 0600);
  assert_mode (wal, 0600);
  assert_mode (shm, 0600);
  assert_mode (dir, 0700);

  /* Said once, naming what changed. */
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (messages, 0), path));
  g_assert_nonnull (strstr (g_ptr_array_index (messages, 0), dir));
  g_assert_finalize_object (g_steal_pointer (&store));
  store = wr_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);

  g_log_remove_handler ("wr-store", handler);
}

/* A -wal and -shm left readable by others by a process that died. */
static void
test_loose_wal_tightened (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = NULL;
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = make_data_dir ();
  g_autofree char *path = g_build_filename (dir, "walkround.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  guint handler;

  if (skipped_without_modes ())
    return;

  make_database (path);
  open_and_die (path);
  g_assert_cmpint (g_chmod (wal, 0644), ==, 0);
  g_assert_cmpint (g_chmod (shm, 0644), ==, 0);
  handler = g_log_set_handler ("wr-store", G_LOG_LEVEL_MESSAGE, count_message_cb, messages);

  store = wr_store_open (path, &error);
  g_assert_no_error (error);
  assert_mode (path, 0600);
  assert_mode (wal, 0600);
  assert_mode (shm, 0600);
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (messages, 0), wal));
  g_assert_nonnull (strstr (g_ptr_array_index (messages, 0), shm));

  g_log_remove_handler ("wr-store", handler);
}

/* A folder that holds more than Walkround's files is not Walkround's to
 * change; the database in it still is.
 */
static void
test_shared_folder_left (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = NULL;
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = make_data_dir ();
  g_autofree char *path = g_build_filename (dir, "walkround.db", NULL);
  g_autofree char *other = g_build_filename (dir, "minutes.odt", NULL);
  g_autofree char *sticky = g_build_filename (g_get_user_data_dir (), "shared", NULL);
  g_autofree char *sticky_path = g_build_filename (sticky, "walkround.db", NULL);
  guint handler;

  if (skipped_without_modes ())
    return;

  make_database (path);
  g_assert_true (g_file_set_contents (other, "", 0, NULL));
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  handler = g_log_set_handler ("wr-store", G_LOG_LEVEL_MESSAGE, count_message_cb, messages);

  store = wr_store_open (path, &error);
  g_assert_no_error (error);
  assert_mode (path, 0600);
  assert_mode (dir, 0755);
  g_assert_finalize_object (g_steal_pointer (&store));

  /* A shared folder such as /tmp, even holding only the database. */
  g_assert_cmpint (g_mkdir (sticky, 01777), ==, 0);
  g_assert_cmpint (g_chmod (sticky, 01777), ==, 0);
  store = wr_store_open (sticky_path, &error);
  g_assert_no_error (error);
  assert_mode (sticky_path, 0600);
  assert_mode (sticky, 01777 & 0777);

  g_log_remove_handler ("wr-store", handler);
}

/* A -shm left read-only (restored from a backup, or by hand) made every
 * save fail; our own is made writable again at open.
 */
static void
test_read_only_shm_mended (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = NULL;
  g_autoptr(WrService) service = NULL;
  g_autofree char *dir = make_data_dir ();
  g_autofree char *path = g_build_filename (dir, "walkround.db", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  WrServiceFields fields = { .name = "Ward 8" };

  make_database (path);
  open_and_die (path);
  g_assert_cmpint (g_chmod (shm, 0400), ==, 0);

  store = wr_store_open (path, &error);
  if (!wr_platform_has_file_modes ())
    {
      /* On Windows that is the read-only attribute, which Walkround does
       * not change: the open is refused, naming the file, instead of
       * SQLite's "attempt to write a readonly database" at each save.
       */
      g_autofree char *named = g_strdup_printf ("cannot write to “%s”", shm);

      g_assert_null (store);
      g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_OPEN);
      g_assert_nonnull (strstr (error->message, named));
      g_assert_cmpint (g_chmod (shm, 0600), ==, 0);
      return;
    }
  g_assert_no_error (error);
  assert_mode (shm, 0600);
  service = wr_store_add_service (store, &fields, &error);
  g_assert_no_error (error);
}

/* Another user's -shm cannot be mended: the message names it and says
 * what to do, instead of SQLite's "attempt to write a readonly database".
 * Only root can make such a file, and is not stopped by modes itself:
 * the open runs in a child that has become another user.
 */
static void
test_other_users_shm_named (void)
{
#ifdef G_OS_UNIX
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  const uid_t nobody = 65534;
  int status;
  pid_t pid;

  if (geteuid () != 0)
    {
      g_test_skip ("Only root can leave a -shm that belongs to another user");
      return;
    }

  /* A folder of the other user's that both can reach. */
  dir = g_dir_make_tmp ("walkround-shm-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "walkround.db", NULL);
  wal = g_strconcat (path, "-wal", NULL);
  shm = g_strconcat (path, "-shm", NULL);
  make_database (path);
  open_and_die (path);
  g_assert_cmpint (chown (dir, nobody, nobody), ==, 0);
  g_assert_cmpint (chown (path, nobody, nobody), ==, 0);
  g_assert_cmpint (chown (wal, nobody, nobody), ==, 0);
  g_assert_cmpint (g_chmod (shm, 0644), ==, 0);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      g_autoptr(WrStore) store = NULL;
      g_autofree char *named = NULL;

      if (setgid (nobody) != 0 || setuid (nobody) != 0)
        _exit (2);
      store = wr_store_open (path, &error);
      if (store != NULL)
        _exit (3);
      g_printerr ("%s\n", error->message);
      named = g_strdup_printf ("delete “%s”", shm);
      _exit (g_error_matches (error, WR_STORE_ERROR, WR_STORE_ERROR_OPEN) &&
             strstr (error->message, named) != NULL ? 0 : 4);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  g_remove (shm);
  g_remove (wal);
  g_remove (path);
  g_rmdir (dir);
#else
  g_test_skip ("Windows gives no owner in a stat, and has no root to make a file another user's: "
               "files under the user's profile are the user's");
#endif
}

/* walkround check: the whole check on demand, from the command line. */
static void
test_check_command (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_data_dir ();
  g_autofree char *path = g_build_filename (dir, "walkround.db", NULL);
  g_autofree char *copy_prefix = g_strconcat (path, ".damaged-", NULL);
  const char *walkround = g_getenv ("WALKROUND_BIN");
  const char *argv[] = { walkround, "--data-dir", dir, "check", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_assert_nonnull (walkround);
  make_database (path);

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "is sound"));

  damage_services (path);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (wr_test_exit_status (status), ==, 1);
  g_assert_nonnull (strstr (err, "is damaged"));
  g_assert_nonnull (strstr (err, copy_prefix));
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && g_str_equal (argv[1], "--child"))
    return child_main (argv[2], argv[3]);

  self_path = argv[0];
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/walkround/store-open/damaged-copied-once", test_damaged_copied_once);
  g_test_add_func ("/walkround/store-open/clean-close-quick", test_clean_close_quick);
  g_test_add_func ("/walkround/store-open/unclean-close-checked", test_unclean_close_checked);
  g_test_add_func ("/walkround/store-open/unclean-sound-checked-async", test_unclean_sound_checked_async);
  g_test_add_func ("/walkround/store-open/open-elsewhere-not-unclean", test_open_elsewhere_not_unclean);
  g_test_add_func ("/walkround/store-open/damage-while-running", test_damage_while_running);
  g_test_add_func ("/walkround/store-open/loose-permissions-tightened", test_loose_permissions_tightened);
  g_test_add_func ("/walkround/store-open/loose-wal-tightened", test_loose_wal_tightened);
  g_test_add_func ("/walkround/store-open/shared-folder-left", test_shared_folder_left);
  g_test_add_func ("/walkround/store-open/read-only-shm-mended", test_read_only_shm_mended);
  g_test_add_func ("/walkround/store-open/other-users-shm-named", test_other_users_shm_named);
  g_test_add_func ("/walkround/store-open/check-command", test_check_command);

  return g_test_run ();
}
