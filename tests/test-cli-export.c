/* test-cli-export.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* "walkround export" with good and bad arguments, run as a user would:
 * the real binary, no display.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef G_OS_UNIX
# include <signal.h>
# include <sys/sysmacros.h>
# include <sys/wait.h>
#endif

#include "wr-core-test-utils.h"

static char *data_dir;

static void
assert_valid (const char *path)
{
  const char *xmllint = g_getenv ("XMLLINT");
  g_autofree char *schema = g_test_build_filename (G_TEST_DIST, "..", "data", "schema", "evidence-pack.xsd", NULL);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { xmllint, "--noout", "--nonet", "--stream", "--schema", schema, path, NULL };
  int status;

  if (xmllint == NULL || xmllint[0] == '\0')
    return;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (wr_test_exit_status (status) != 0)
    g_error ("xmllint refused %s: %s", path, err);
}

static guint
count (const char *text,
       const char *what)
{
  guint n = 0;

  for (const char *p = text; (p = strstr (p, what)) != NULL; p++)
    n++;
  return n;
}

static void
test_export_file (void)
{
  g_auto(WrTestRun) run = { 0 };
  g_autofree char *path = g_build_filename (data_dir, "pack.xml", NULL);
  g_autofree char *expected = g_strdup_printf ("Wrote 40 visits to %s\n", path);
  g_autofree char *text = NULL;

  wr_test_run_walkround (&run, data_dir, "export", "--output", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==, expected);
  assert_valid (path);

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpuint (count (text, "<visit "), ==, 40);
}

static void
test_export_stdout (void)
{
  g_auto(WrTestRun) run = { 0 };
  g_autofree char *path = g_build_filename (data_dir, "stdout.xml", NULL);

  wr_test_run_walkround (&run, data_dir, "export", "--output", "-", "--kind", "quality-visit", "--kind", "ned-visit",
                 "--status", "completed", "--from", "2024-04-01", "--to", "2026-11-27", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "<?xml"));
  g_assert_true (g_str_has_prefix (run.err, "Wrote "));
  g_assert_true (g_str_has_suffix (run.err, " visits to standard output\n"));
  g_assert_cmpuint (count (run.out, "<visit "), ==, (guint) g_ascii_strtoull (run.err + strlen ("Wrote "), NULL, 10));
  g_assert_cmpuint (count (run.out, "<visit "), >, 0);
  g_assert_cmpuint (count (run.out, "<visit "), <, 40);
  g_assert_cmpuint (count (run.out, "kind=\"fifteen-steps\""), ==, 0);
  g_assert_cmpuint (count (run.out, "status=\"draft\""), ==, 0);

  g_assert_true (g_file_set_contents (path, run.out, -1, NULL));
  assert_valid (path);
}

static void
test_export_filters (void)
{
  g_auto(WrTestRun) regulation = { 0 };
  g_auto(WrTestRun) typed = { 0 };
  g_auto(WrTestRun) lower = { 0 };
  g_auto(WrTestRun) service = { 0 };
  g_auto(WrTestRun) changed = { 0 };

  wr_test_run_walkround (&regulation, data_dir, "export", "-o", "-", "--regulation", "12", "--regulation", "9A", NULL);
  g_assert_cmpint (regulation.status, ==, 0);
  g_assert_nonnull (strstr (regulation.out, "<regulation>12</regulation>"));

  /* Typed in any case: the same visits, and the canonical ids in the scope. */
  wr_test_run_walkround (&typed, data_dir, "export", "-o", "-", "--regulation", "12", "--regulation", "9a",
                 "--statement", "SAFE-ENVIRONMENTS", "--kind", "NED-visit", "--status", "Completed", NULL);
  g_assert_cmpint (typed.status, ==, 0);
  g_assert_nonnull (strstr (typed.out, "<regulation>9A</regulation>"));
  g_assert_nonnull (strstr (typed.out, "<statement>safe-environments</statement>"));
  g_assert_nonnull (strstr (typed.out, "<kind>ned-visit</kind>"));
  g_assert_null (strstr (typed.out, "<regulation>9a</regulation>"));
  g_assert_null (strstr (typed.out, ">SAFE-ENVIRONMENTS<"));

  wr_test_run_walkround (&lower, data_dir, "export", "-o", "-", "--regulation", "12", "--regulation", "9a", NULL);
  g_assert_cmpint (lower.status, ==, 0);
  g_assert_cmpstr (lower.err, ==, regulation.err);
  g_assert_cmpuint (count (lower.out, "<visit "), ==, count (regulation.out, "<visit "));

  wr_test_run_walkround (&service, data_dir, "export", "-o", "-", "--service", "ward 7 (care of older people)", NULL);
  g_assert_cmpint (service.status, ==, 0);
  g_assert_cmpuint (count (service.out, "<service uuid="), ==, 2);  /* in the scope, and the service */

  wr_test_run_walkround (&changed, data_dir, "export", "-o", "-", "--changed-since", "2099-01-01", NULL);
  g_assert_cmpint (changed.status, ==, 0);
  g_assert_cmpstr (changed.err, ==, "Wrote 0 visits to standard output\n");
}

/* Symbolic links, FIFOs, devices and signals are POSIX's: Windows has none
 * of them (Ctrl+C is tested by hand there).
 */
#ifdef G_OS_UNIX
static void
assert_file_type (const char *path,
                  guint       type)
{
  GStatBuf st;

  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  g_assert_cmphex (st.st_mode & S_IFMT, ==, type);
}

/* A symbolic link stays a link, in its folder or another, and its target
 * gets the pack.
 */
static void
test_export_symlink (void)
{
  g_auto(WrTestRun) run = { 0 };
  g_auto(WrTestRun) again = { 0 };
  g_autofree char *folder = g_build_filename (data_dir, "linked", NULL);
  g_autofree char *real = g_build_filename (folder, "real.xml", NULL);
  g_autofree char *link = g_build_filename (data_dir, "linked-pack.xml", NULL);
  g_autofree char *text = NULL;
  g_autofree char *target = NULL;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (real, "old", -1, NULL));
  g_assert_cmpint (symlink ("linked/real.xml", link), ==, 0);

  wr_test_run_walkround (&run, data_dir, "export", "-o", link, NULL);
  g_assert_cmpint (run.status, ==, 0);
  assert_file_type (link, S_IFLNK);
  target = g_file_read_link (link, NULL);
  g_assert_cmpstr (target, ==, "linked/real.xml");
  assert_file_type (real, S_IFREG);
  assert_valid (real);
  g_assert_true (g_file_get_contents (real, &text, NULL, NULL));
  g_assert_cmpuint (count (text, "<visit "), ==, 40);

  wr_test_run_walkround (&again, data_dir, "export", "-o", link, "--changed-since", "2099-01-01", NULL);
  g_assert_cmpint (again.status, ==, 0);
  assert_file_type (link, S_IFLNK);
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (real, &text, NULL, NULL));
  g_assert_cmpuint (count (text, "<visit "), ==, 0);
}

typedef struct
{
  const char *path;
  gint        stop;
  GString    *got;
} FifoReader;

/* Opens without blocking, so an export that replaces the FIFO instead of
 * writing to it fails the test instead of hanging it.
 */
static gpointer
read_fifo_thread (gpointer data)
{
  FifoReader *reader = data;
  int fd = g_open (reader->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
  gboolean writer_seen = FALSE;

  g_assert_cmpint (fd, >=, 0);

  for (;;)
    {
      char buffer[65536];
      gssize n = read (fd, buffer, sizeof buffer);

      if (n > 0)
        {
          g_string_append_len (reader->got, buffer, n);
          writer_seen = TRUE;
          continue;
        }
      if ((n == 0 && writer_seen) || g_atomic_int_get (&reader->stop))
        break;
      g_usleep (G_USEC_PER_SEC / 100);
    }

  close (fd);
  return NULL;
}

static void
test_export_fifo (void)
{
  g_auto(WrTestRun) run = { 0 };
  g_autofree char *path = g_build_filename (data_dir, "pack.fifo", NULL);
  FifoReader reader = { path, 0, g_string_new (NULL) };
  GThread *thread;

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  thread = g_thread_new ("fifo-reader", read_fifo_thread, &reader);

  wr_test_run_walkround (&run, data_dir, "export", "-o", path, NULL);
  g_atomic_int_set (&reader.stop, 1);
  g_thread_join (thread);

  g_assert_cmpint (run.status, ==, 0);
  assert_file_type (path, S_IFIFO);
  g_assert_true (g_str_has_prefix (reader.got->str, "<?xml"));
  g_assert_cmpuint (count (reader.got->str, "<visit "), ==, 40);
  g_string_free (reader.got, TRUE);
}

/* Run as root, an export to /dev/null used to rename a file over the
 * device. A device of the test's own is tried first, so that a build
 * with that bug fails here before it can break /dev/null.
 */
static void
test_export_device (void)
{
  g_autofree char *null_copy = g_build_filename (data_dir, "null", NULL);

  if (mknod (null_copy, S_IFCHR | 0666, makedev (1, 3)) == 0)
    {
      g_auto(WrTestRun) run = { 0 };

      wr_test_run_walkround (&run, data_dir, "export", "-o", null_copy, NULL);
      g_assert_cmpint (run.status, ==, 0);
      assert_file_type (null_copy, S_IFCHR);
    }
  else
    g_test_message ("Cannot make a device (%s); testing /dev/null only", g_strerror (errno));

  {
    g_auto(WrTestRun) run = { 0 };

    assert_file_type ("/dev/null", S_IFCHR);
    wr_test_run_walkround (&run, data_dir, "export", "-o", "/dev/null", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.err, ==, "Wrote 40 visits to /dev/null\n");
    assert_file_type ("/dev/null", S_IFCHR);
  }
}

#endif

/* A killed export leaves a hidden partial file; the next export into the
 * folder removes it.
 */
static void
test_export_stale (void)
{
  g_auto(WrTestRun) run = { 0 };
  g_autofree char *folder = g_build_filename (data_dir, "stale", NULL);
  g_autofree char *stale = g_build_filename (folder, ".pack.xml.Ab12Cd.walkround-partial", NULL);
  g_autofree char *other = g_build_filename (folder, ".pack.xml.Ab12Cd", NULL);
  g_autofree char *path = g_build_filename (folder, "pack.xml", NULL);

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (stale, "<?xml version=\"1.0\"?><pa", -1, NULL));
  g_assert_true (g_file_set_contents (other, "not ours", -1, NULL));

  wr_test_run_walkround (&run, data_dir, "export", "-o", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  assert_valid (path);
}

typedef struct
{
  const char *args[8];
  int         status;
  const char *message[3];
} BadCase;

static void
test_bad_arguments (void)
{
  g_autofree char *folder_output = g_build_filename (data_dir, "pack-folder", NULL);
  g_autofree char *missing = g_build_filename (data_dir, "no-such-folder", "pack.xml", NULL);
  const BadCase cases[] = {
    { { "export", NULL }, 2, { "--output FILE", NULL } },
    { { "export", "-o", "-", "extra", NULL }, 2, { "extra", NULL } },
    { { "export", "-o", "-", "--from", "2026-13-01", NULL }, 2, { "--from", "YYYY-MM-DD", NULL } },
    { { "export", "-o", "-", "--to", "31/03/2026", NULL }, 2, { "--to", "YYYY-MM-DD", NULL } },
    { { "export", "-o", "-", "--from", "2026-04-01", "--to", "2026-03-31", NULL }, 2, { "before it starts", NULL } },
    { { "export", "-o", "-", "--kind", "inspection", NULL }, 2, { "--kind", "quality-visit, ned-visit, fifteen-steps", NULL } },
    { { "export", "-o", "-", "--status", "done", NULL }, 2, { "--status", "draft, completed or all", NULL } },
    { { "export", "-o", "-", "--regulation", "99", NULL }, 2, { "--regulation", "9, 9A, 10", NULL } },
    { { "export", "-o", "-", "--statement", "nope", NULL }, 2, { "--statement", "safe-", NULL } },
    { { "export", "-o", "-", "--service", "No such ward", NULL }, 2, { "--service", "No such ward", NULL } },
    { { "export", "-o", "-", "--changed-since", "last week", NULL }, 2, { "--changed-since", "YYYY-MM-DD", NULL } },
    { { "export", "--no-such-option", NULL }, 2, { "no-such-option", NULL } },
    { { "export", "-o", folder_output, NULL }, 2, { "is a folder", NULL } },
    { { "export", "-o", missing, NULL }, 1, { "no-such-folder", NULL } },
  };

  g_assert_cmpint (g_mkdir (folder_output, 0700), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(WrTestRun) run = { 0 };
      const char * const *a = cases[i].args;

      wr_test_run_walkround (&run, data_dir, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], NULL);
      if (run.status != cases[i].status)
        g_error ("case %u: exit %d, expected %d: %s", i, run.status, cases[i].status, run.err);
      for (guint j = 0; cases[i].message[j] != NULL; j++)
        {
          if (strstr (run.err, cases[i].message[j]) == NULL)
            g_error ("case %u: “%s” not in: %s", i, cases[i].message[j], run.err);
        }
      g_assert_true (g_str_has_prefix (run.err, "walkround: "));
    }

  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

static void
test_help (void)
{
  g_auto(WrTestRun) run = { 0 };
  g_auto(WrTestRun) list = { 0 };

  wr_test_run_walkround (&run, data_dir, "export", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "--changed-since"));
  g_assert_nonnull (strstr (run.out, "evidence pack"));

  wr_test_run_walkround (&list, data_dir, "help", NULL);
  g_assert_nonnull (strstr (list.out, "\n  export "));
}

#ifdef G_OS_UNIX
/* The names in @dir, sorted and joined by spaces. */
static char *
list_folder (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)))
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);

  return g_strjoinv (" ", (char **) names->pdata);
}

/* Ctrl+C during an export of a real process: it stops, says so, exits 1
 * as the help says for a pack that was not written, and leaves nothing:
 * no pack and no temporary file. The process is caught half-way by
 * stopping it as soon as its temporary file appears (with 1 000 visits
 * the pack takes far longer than that), then interrupted.
 */
static void
test_interrupt (void)
{
  g_autofree char *big = g_build_filename (g_get_tmp_dir (), "walkround-test-cli-interrupt-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (g_get_tmp_dir (), "walkround-test-cli-interrupt-out-XXXXXX", NULL);
  g_autofree char *path = NULL;
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) err = g_string_new (NULL);
  g_auto(WrTestRun) demo = { 0 };
  char *small = data_dir;
  const char *argv[] = { g_getenv ("WALKROUND_BIN"), "--data-dir", big, "export", "--output", NULL, NULL };
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  gboolean started = FALSE;
  char buffer[512];
  ssize_t n;
  GPid pid;
  int err_fd;
  int status;

  g_assert_nonnull (g_mkdtemp (big));
  g_assert_nonnull (g_mkdtemp (out));
  path = g_build_filename (out, "pack.xml", NULL);
  argv[5] = path;

  data_dir = big;
  wr_test_run_walkround (&demo, data_dir, "demo", "--visits", "1000", "--seed", "6", "--today", "2026-11-27", NULL);
  data_dir = small;
  g_assert_cmpint (demo.status, ==, 0);

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                            NULL, NULL, &pid, NULL, NULL, &err_fd, &error);
  g_assert_no_error (error);

  /* Its temporary file, ".pack.xml.XXXXXX", appears as it starts writing. */
  while (!started && g_get_monotonic_time () < deadline)
    {
      g_free (listing);
      listing = list_folder (out);
      started = g_str_has_prefix (listing, ".pack.xml.");
      if (!started)
        {
          g_assert_cmpint (waitpid (pid, &status, WNOHANG), ==, 0);
          g_usleep (1000);
        }
    }
  g_assert_true (started);
  g_assert_cmpint (kill (pid, SIGSTOP), ==, 0);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      kill (pid, SIGCONT);
      waitpid (pid, &status, 0);
      close (err_fd);
      g_test_incomplete ("the export finished before it could be interrupted");
    }
  else
    {
      g_assert_cmpint (kill (pid, SIGINT), ==, 0);
      g_assert_cmpint (kill (pid, SIGCONT), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      while ((n = read (err_fd, buffer, sizeof buffer)) > 0)
        g_string_append_len (err, buffer, n);
      close (err_fd);

      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 1);
      g_assert_cmpstr (err->str, ==, "walkround: Stopped; no pack was written\n");
      g_free (listing);
      listing = list_folder (out);
      g_assert_cmpstr (listing, ==, "");
    }
  g_spawn_close_pid (pid);

  {
    const char *rm_argv[] = { "rm", "-rf", big, out, NULL };

    g_spawn_sync (NULL, (char **) rm_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
}

#endif

int
main (int   argc,
      char *argv[])
{
  g_auto(WrTestRun) demo = { 0 };
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  data_dir = g_build_filename (g_get_tmp_dir (), "walkround-test-cli-export-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (data_dir));
  wr_test_run_walkround (&demo, data_dir, "demo", "--visits", "40", "--seed", "5", "--today", "2026-11-27", NULL);
  g_assert_cmpint (demo.status, ==, 0);

  g_test_add_func ("/walkround/cli/export/file", test_export_file);
  g_test_add_func ("/walkround/cli/export/stdout", test_export_stdout);
  g_test_add_func ("/walkround/cli/export/filters", test_export_filters);
#ifdef G_OS_UNIX
  g_test_add_func ("/walkround/cli/export/symlink", test_export_symlink);
  g_test_add_func ("/walkround/cli/export/fifo", test_export_fifo);
  g_test_add_func ("/walkround/cli/export/device", test_export_device);
#endif
  g_test_add_func ("/walkround/cli/export/stale", test_export_stale);
  g_test_add_func ("/walkround/cli/export/bad-arguments", test_bad_arguments);
  g_test_add_func ("/walkround/cli/export/help", test_help);
#ifdef G_OS_UNIX
  g_test_add_func ("/walkround/cli/export/interrupt", test_interrupt);
#endif

  status = g_test_run ();

  {
    const char *rm_argv[] = { "rm", "-rf", data_dir, NULL };

    g_spawn_sync (NULL, (char **) rm_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (data_dir);

  return status;
}
