/* test-atomic-file.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Writing files whole: packs, reports and forms. What is at the path
 * decides how: a regular file is replaced by a rename, a device or a FIFO
 * is written through, a symbolic link is followed and kept.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef G_OS_UNIX
# include <sys/file.h>
# include <sys/sysmacros.h>
# include <sys/wait.h>
#endif

#include "wr-atomic-file.h"
#include "wr-platform.h"

static const char content[] = "<pack>whole</pack>\n";

static char *
make_folder (void)
{
  char *folder = g_build_filename (g_get_tmp_dir (), "walkround-test-atomic-XXXXXX", NULL);

  g_assert_nonnull (g_mkdtemp (folder));
  return folder;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The folder's entries, sorted and joined by commas. */
static char *
list_folder (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  /* Copied: on Windows each name is overwritten by the next. */
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);

  return g_strjoinv (",", (char **) names->pdata);
}

static void
assert_contents (const char *path,
                 const char *expected)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, expected);
}

/* Readable by its owner only, where files have modes (not on Windows). */
static void
assert_private (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  if (wr_platform_has_file_modes ())
    g_assert_cmpuint (st.st_mode & 07777, ==, 0600);
}

static void
remove_folder (const char *folder)
{
  const char *argv[] = { "rm", "-rf", folder, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
}

static void
test_new_file (void)
{
  g_autofree char *folder = make_folder ();
  g_autofree char *path = g_build_filename (folder, "pack.xml", NULL);
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (wr_atomic_file_set_contents (path, content, strlen (content), &error));
  g_assert_no_error (error);
  assert_contents (path, content);

  /* Packs may hold notes about patients: only their owner reads them. */
  assert_private (path);

  listing = list_folder (folder);
  g_assert_cmpstr (listing, ==, "pack.xml");
  remove_folder (folder);
}

static void
test_replace (void)
{
  g_autofree char *folder = make_folder ();
  g_autofree char *path = g_build_filename (folder, "pack.xml", NULL);
  g_autofree char *listing = NULL;
  g_autoptr(WrAtomicFile) file = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));

  /* Until the commit, the old file is whole at the path. */
  file = wr_atomic_file_new (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (wr_atomic_file_write (file, content, strlen (content), &error));
  g_assert_no_error (error);
  assert_contents (path, "old");
  g_assert_true (wr_atomic_file_commit (file, &error));
  g_assert_no_error (error);
  g_clear_pointer (&file, wr_atomic_file_free);

  assert_contents (path, content);
  assert_private (path);
  listing = list_folder (folder);
  g_assert_cmpstr (listing, ==, "pack.xml");
  remove_folder (folder);
}

static void
test_abandon (void)
{
  g_autofree char *folder = make_folder ();
  g_autofree char *path = g_build_filename (folder, "pack.xml", NULL);
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;
  WrAtomicFile *file;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));

  file = wr_atomic_file_new (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (wr_atomic_file_write (file, "half", 4, &error));
  g_assert_true (wr_atomic_file_sync (file, &error));
  wr_atomic_file_free (file);

  assert_contents (path, "old");
  listing = list_folder (folder);
  g_assert_cmpstr (listing, ==, "pack.xml");
  remove_folder (folder);
}

/* Whether the owner may write to @path: on Windows, whether it lacks the
 * read-only attribute.
 */
static gboolean
mode_writable (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return (st.st_mode & S_IWUSR) != 0;
}

/* A read-only file is replaced as any other: on Linux a rename asks only
 * the folder; Windows first wants the read-only attribute (which g_chmod()
 * sets there) taken off, and wr_platform_rename() takes it.
 */
static void
test_replace_read_only (void)
{
  g_autofree char *folder = make_folder ();
  g_autofree char *path = g_build_filename (folder, "pack.xml", NULL);
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  g_assert_false (mode_writable (path));

  g_assert_true (wr_atomic_file_set_contents (path, content, strlen (content), &error));
  g_assert_no_error (error);
  assert_contents (path, content);
  assert_private (path);
  g_assert_true (mode_writable (path));

  listing = list_folder (folder);
  g_assert_cmpstr (listing, ==, "pack.xml");
  remove_folder (folder);
}

/* A target that another program has open (a report shown in a
 * spreadsheet): Linux replaces it and the other program goes on reading
 * the old file; Windows refuses to replace a file open without
 * FILE_SHARE_DELETE (as the C library and most programs open), and the
 * write then fails whole, with the old file as it was and no temporary
 * file left.
 */
static void
test_target_open (void)
{
  g_autofree char *folder = make_folder ();
  g_autofree char *path = g_build_filename (folder, "report.csv", NULL);
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;
  char old[8] = { 0 };
  int fd;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  fd = g_open (path, O_RDONLY | O_BINARY, 0);
  g_assert_cmpint (fd, >=, 0);

#ifdef G_OS_WIN32
  g_assert_false (wr_atomic_file_set_contents (path, content, strlen (content), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, path));
  assert_contents (path, "old");
#else
  g_assert_true (wr_atomic_file_set_contents (path, content, strlen (content), &error));
  g_assert_no_error (error);
  assert_contents (path, content);
#endif
  g_assert_cmpint (read (fd, old, sizeof old - 1), ==, 3);
  g_assert_cmpstr (old, ==, "old");
  close (fd);

  listing = list_folder (folder);
  g_assert_cmpstr (listing, ==, "report.csv");

  /* Once closed, it is replaced on Windows too. */
  g_clear_error (&error);
  g_assert_true (wr_atomic_file_set_contents (path, content, strlen (content), &error));
  g_assert_no_error (error);
  assert_contents (path, content);
  remove_folder (folder);
}

/* Symbolic links, FIFOs, devices and flock are POSIX's: Windows has none
 * of them.
 */
#ifdef G_OS_UNIX
static void
assert_link (const char *path,
             const char *target)
{
  g_autofree char *link = NULL;
  GStatBuf st;

  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  link = g_file_read_link (path, NULL);
  g_assert_cmpstr (link, ==, target);
}

static void
test_symlink (void)
{
  g_autofree char *folder = make_folder ();
  g_autofree char *path = g_build_filename (folder, "pack.xml", NULL);
  g_autofree char *real = g_build_filename (folder, "real.xml", NULL);
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (real, "old", -1, NULL));
  g_assert_cmpint (symlink ("real.xml", path), ==, 0);

  g_assert_true (wr_atomic_file_set_contents (path, content, strlen (content), &error));
  g_assert_no_error (error);

  assert_link (path, "real.xml");
  assert_contents (real, content);
  listing = list_folder (folder);
  g_assert_cmpstr (listing, ==, "pack.xml,real.xml");
  remove_folder (folder);
}

/* The temporary file goes beside the link's target, on its disk, so that
 * the rename stays one step; a link to a file not there yet makes it.
 */
static void
test_symlink_other_folder (void)
{
  g_autofree char *top = make_folder ();
  g_autofree char *here = g_build_filename (top, "here", NULL);
  g_autofree char *there = g_build_filename (top, "there", NULL);
  g_autofree char *link = g_build_filename (here, "pack.xml", NULL);
  g_autofree char *chain = g_build_filename (here, "chain.xml", NULL);
  g_autofree char *dangling = g_build_filename (here, "new.xml", NULL);
  g_autofree char *real = g_build_filename (there, "real.xml", NULL);
  g_autofree char *made = g_build_filename (there, "made.xml", NULL);
  g_autofree char *listing_here = NULL;
  g_autofree char *listing_there = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (here, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (there, 0700), ==, 0);
  g_assert_true (g_file_set_contents (real, "old", -1, NULL));
  g_assert_cmpint (symlink ("../there/real.xml", link), ==, 0);
  g_assert_cmpint (symlink (link, chain), ==, 0);
  g_assert_cmpint (symlink (made, dangling), ==, 0);

  g_assert_true (wr_atomic_file_set_contents (link, content, strlen (content), &error));
  g_assert_no_error (error);
  assert_link (link, "../there/real.xml");
  assert_contents (real, content);

  g_assert_true (wr_atomic_file_set_contents (chain, "chained", 7, &error));
  g_assert_no_error (error);
  assert_link (chain, link);
  assert_link (link, "../there/real.xml");
  assert_contents (real, "chained");

  g_assert_true (wr_atomic_file_set_contents (dangling, content, strlen (content), &error));
  g_assert_no_error (error);
  assert_link (dangling, made);
  assert_contents (made, content);
  assert_private (made);

  listing_here = list_folder (here);
  g_assert_cmpstr (listing_here, ==, "chain.xml,new.xml,pack.xml");
  listing_there = list_folder (there);
  g_assert_cmpstr (listing_there, ==, "made.xml,real.xml");
  remove_folder (top);
}

static void
test_symlink_loop (void)
{
  g_autofree char *folder = make_folder ();
  g_autofree char *a = g_build_filename (folder, "a", NULL);
  g_autofree char *b = g_build_filename (folder, "b", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (symlink ("b", a), ==, 0);
  g_assert_cmpint (symlink ("a", b), ==, 0);

  g_assert_false (wr_atomic_file_set_contents (a, content, strlen (content), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS);
  assert_link (a, "b");
  remove_folder (folder);
}

#endif

static void
test_folder (void)
{
  g_autofree char *folder = make_folder ();
  g_autoptr(GError) error = NULL;

  g_assert_false (wr_atomic_file_set_contents (folder, content, strlen (content), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  remove_folder (folder);
}

#ifdef G_OS_UNIX
/* Reads a FIFO until its writer closes it, without blocking on the open,
 * so a writer that never comes (a FIFO replaced instead of written) makes
 * the test fail rather than hang.
 */
typedef struct
{
  const char *path;
  gint        stop;
  GString    *got;
} FifoReader;

static gpointer
read_fifo_thread (gpointer data)
{
  FifoReader *reader = data;
  int fd = g_open (reader->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
  gboolean writer_seen = FALSE;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  g_assert_cmpint (fd, >=, 0);

  while (g_get_monotonic_time () < deadline)
    {
      char buffer[4096];
      gssize n = read (fd, buffer, sizeof buffer);

      if (n > 0)
        {
          g_string_append_len (reader->got, buffer, n);
          writer_seen = TRUE;
          continue;
        }
      /* No data now: the writer has closed, or has not come yet. */
      if ((n == 0 && writer_seen) || g_atomic_int_get (&reader->stop))
        break;
      g_usleep (G_USEC_PER_SEC / 100);
    }

  close (fd);
  return NULL;
}

static void
test_fifo (void)
{
  g_autofree char *folder = make_folder ();
  g_autofree char *path = g_build_filename (folder, "pack.xml", NULL);
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;
  FifoReader reader = { path, 0, g_string_new (NULL) };
  GThread *thread;
  GStatBuf st;

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  thread = g_thread_new ("fifo-reader", read_fifo_thread, &reader);

  g_assert_true (wr_atomic_file_set_contents (path, content, strlen (content), &error));
  g_assert_no_error (error);

  g_atomic_int_set (&reader.stop, 1);
  g_thread_join (thread);

  g_assert_cmpstr (reader.got->str, ==, content);
  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  listing = list_folder (folder);
  g_assert_cmpstr (listing, ==, "pack.xml");

  g_string_free (reader.got, TRUE);
  remove_folder (folder);
}

static gpointer
cancel_later_thread (gpointer data)
{
  g_usleep (G_USEC_PER_SEC / 5);
  g_cancellable_cancel (data);
  return NULL;
}

/* With no program reading a FIFO, opening it waits; a cancel (Cancel in
 * the window, Ctrl+C on the command line) ends the wait.
 */
static void
test_fifo_cancel (void)
{
  g_autofree char *folder = make_folder ();
  g_autofree char *path = g_build_filename (folder, "pack.xml", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(WrAtomicFile) file = NULL;
  g_autoptr(GError) error = NULL;
  GThread *thread;
  GStatBuf st;

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  thread = g_thread_new ("canceller", cancel_later_thread, cancellable);

  file = wr_atomic_file_new (path, cancellable, &error);
  g_thread_join (thread);

  g_assert_null (file);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  remove_folder (folder);
}

static void
assert_char_device (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  g_assert_true (S_ISCHR (st.st_mode));
}

/* As root, a rename over /dev/null replaces the device with a file (and
 * breaks apt, shells and databases). A device of our own, made first,
 * shows a broken build before /dev/null itself is touched.
 */
static void
test_char_device (void)
{
  g_autofree char *folder = make_folder ();
  g_autofree char *null_copy = g_build_filename (folder, "null", NULL);
  g_autoptr(GError) error = NULL;

  if (mknod (null_copy, S_IFCHR | 0666, makedev (1, 3)) == 0)
    {
      g_assert_true (wr_atomic_file_set_contents (null_copy, content, strlen (content), &error));
      g_assert_no_error (error);
      assert_char_device (null_copy);
    }
  else
    g_test_message ("Cannot make a device (%s); testing /dev/null only", g_strerror (errno));

  assert_char_device ("/dev/null");
  g_assert_true (wr_atomic_file_set_contents ("/dev/null", content, strlen (content), &error));
  g_assert_no_error (error);
  assert_char_device ("/dev/null");

  remove_folder (folder);
}

#endif

static void
make_file (const char *folder,
           const char *name)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);

  g_assert_true (g_file_set_contents (path, "left over", -1, NULL));
}

/* A kill leaves a hidden temporary file; the next write into the folder
 * removes ours, whatever its target, and nothing else.
 */
static void
test_stale (void)
{
  g_autofree char *folder = make_folder ();
  g_autofree char *path = g_build_filename (folder, "pack.xml", NULL);
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;

  make_file (folder, ".pack.xml.Ab12Cd" WR_ATOMIC_FILE_SUFFIX);
  make_file (folder, ".report.html.xyzXYZ" WR_ATOMIC_FILE_SUFFIX);
  make_file (folder, "visible" WR_ATOMIC_FILE_SUFFIX);
  make_file (folder, ".pack.xml.Ab12Cd");
  make_file (folder, ".keep");

  g_assert_true (wr_atomic_file_set_contents (path, content, strlen (content), &error));
  g_assert_no_error (error);

  listing = list_folder (folder);
  g_assert_cmpstr (listing, ==, ".keep,.pack.xml.Ab12Cd,pack.xml,visible" WR_ATOMIC_FILE_SUFFIX);
  remove_folder (folder);
}

#ifdef G_OS_UNIX
/* A temporary file that another descriptor or process holds locked is a
 * write in progress, and stays.
 */
static void
test_held (void)
{
  g_autofree char *folder = make_folder ();
  g_autofree char *by_fd = g_build_filename (folder, ".a.xml.AAAAAA" WR_ATOMIC_FILE_SUFFIX, NULL);
  g_autofree char *by_child = g_build_filename (folder, ".b.xml.BBBBBB" WR_ATOMIC_FILE_SUFFIX, NULL);
  g_autofree char *listing = NULL;
  int locked_pipe[2];
  int release_pipe[2];
  int status;
  char byte;
  pid_t child;
  int fd;

  make_file (folder, ".a.xml.AAAAAA" WR_ATOMIC_FILE_SUFFIX);
  make_file (folder, ".b.xml.BBBBBB" WR_ATOMIC_FILE_SUFFIX);

  fd = g_open (by_fd, O_RDONLY | O_CLOEXEC, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);

  g_assert_cmpint (pipe (locked_pipe), ==, 0);
  g_assert_cmpint (pipe (release_pipe), ==, 0);
  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      int child_fd = open (by_child, O_RDONLY | O_CLOEXEC);

      if (child_fd < 0 || flock (child_fd, LOCK_EX) != 0 || write (locked_pipe[1], "l", 1) != 1 ||
          read (release_pipe[0], &byte, 1) != 1)
        _exit (1);
      _exit (0);
    }
  g_assert_cmpint (read (locked_pipe[0], &byte, 1), ==, 1);

  g_assert_cmpuint (wr_atomic_file_clean_folder (folder), ==, 0);
  listing = list_folder (folder);
  g_assert_cmpstr (listing, ==, ".a.xml.AAAAAA" WR_ATOMIC_FILE_SUFFIX ",.b.xml.BBBBBB" WR_ATOMIC_FILE_SUFFIX);

  /* Once the lock goes with the process, the file is stale. */
  g_assert_cmpint (write (release_pipe[1], "r", 1), ==, 1);
  g_assert_cmpint (waitpid (child, &status, 0), ==, child);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_cmpuint (wr_atomic_file_clean_folder (folder), ==, 1);
  g_assert_true (g_file_test (by_fd, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (by_child, G_FILE_TEST_EXISTS));

  close (fd);
  g_assert_cmpuint (wr_atomic_file_clean_folder (folder), ==, 1);
  g_assert_false (g_file_test (by_fd, G_FILE_TEST_EXISTS));

  for (guint i = 0; i < 2; i++)
    {
      close (locked_pipe[i]);
      close (release_pipe[i]);
    }
  remove_folder (folder);
}

#endif

#ifdef G_OS_WIN32
/* Windows has no flock: a temporary file that another handle holds open
 * (as the write that made it does until its rename) cannot be removed,
 * which is the lock there. It stays until the handle closes.
 */
static void
test_held (void)
{
  g_autofree char *folder = make_folder ();
  g_autofree char *held = g_build_filename (folder, ".a.xml.AAAAAA" WR_ATOMIC_FILE_SUFFIX, NULL);
  g_autofree char *listing = NULL;
  g_autoptr(WrAtomicFile) writing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (folder, "b.xml", NULL);
  int fd;

  make_file (folder, ".a.xml.AAAAAA" WR_ATOMIC_FILE_SUFFIX);
  fd = g_open (held, O_WRONLY | O_BINARY, 0);
  g_assert_cmpint (fd, >=, 0);

  /* And a real write in progress, whose file is open the same way. */
  writing = wr_atomic_file_new (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (wr_atomic_file_write (writing, "b", 1, &error));

  g_assert_cmpuint (wr_atomic_file_clean_folder (folder), ==, 0);
  g_assert_true (g_file_test (held, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (wr_atomic_file_clean_folder (folder), ==, 0);

  close (fd);
  g_assert_cmpuint (wr_atomic_file_clean_folder (folder), ==, 1);
  g_assert_false (g_file_test (held, G_FILE_TEST_EXISTS));

  g_assert_true (wr_atomic_file_commit (writing, &error));
  g_assert_no_error (error);
  assert_contents (path, "b");
  listing = list_folder (folder);
  g_assert_cmpstr (listing, ==, "b.xml");
  remove_folder (folder);
}
#endif

/* Two writes into one folder at once: neither removes the other's file. */
static void
test_concurrent (void)
{
  g_autofree char *folder = make_folder ();
  g_autofree char *first_path = g_build_filename (folder, "first.xml", NULL);
  g_autofree char *second_path = g_build_filename (folder, "second.xml", NULL);
  g_autofree char *listing = NULL;
  g_autoptr(WrAtomicFile) first = NULL;
  g_autoptr(GError) error = NULL;

  first = wr_atomic_file_new (first_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (wr_atomic_file_write (first, "first", 5, &error));

  g_assert_true (wr_atomic_file_set_contents (second_path, "second", 6, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (wr_atomic_file_clean_folder (folder), ==, 0);

  g_assert_true (wr_atomic_file_commit (first, &error));
  g_assert_no_error (error);
  assert_contents (first_path, "first");
  assert_contents (second_path, "second");
  listing = list_folder (folder);
  g_assert_cmpstr (listing, ==, "first.xml,second.xml");
  remove_folder (folder);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/walkround/atomic-file/new-file", test_new_file);
  g_test_add_func ("/walkround/atomic-file/replace", test_replace);
  g_test_add_func ("/walkround/atomic-file/abandon", test_abandon);
  g_test_add_func ("/walkround/atomic-file/replace-read-only", test_replace_read_only);
  g_test_add_func ("/walkround/atomic-file/target-open", test_target_open);
#ifdef G_OS_UNIX
  g_test_add_func ("/walkround/atomic-file/symlink", test_symlink);
  g_test_add_func ("/walkround/atomic-file/symlink-other-folder", test_symlink_other_folder);
  g_test_add_func ("/walkround/atomic-file/symlink-loop", test_symlink_loop);
#endif
  g_test_add_func ("/walkround/atomic-file/folder", test_folder);
#ifdef G_OS_UNIX
  g_test_add_func ("/walkround/atomic-file/fifo", test_fifo);
  g_test_add_func ("/walkround/atomic-file/fifo-cancel", test_fifo_cancel);
  g_test_add_func ("/walkround/atomic-file/char-device", test_char_device);
#endif
  g_test_add_func ("/walkround/atomic-file/stale", test_stale);
  g_test_add_func ("/walkround/atomic-file/held", test_held);
  g_test_add_func ("/walkround/atomic-file/concurrent", test_concurrent);

  return g_test_run ();
}
