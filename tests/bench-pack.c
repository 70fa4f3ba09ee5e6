/* bench-pack.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Evidence pack benchmarks, run by build-aux/bench on an optimised build:
 *
 *   bench-pack export WALKROUND DATA_DIR SMALL_DATA_DIR
 *
 * - time: writing a pack of every visit in DATA_DIR (10 000 demo visits),
 *   against the sqlite3 command-line tool reading the same tables with
 *   SELECT * into /dev/null, alternately in one run, best of five each.
 *   Target: at most 2 times as long. The line also gives the median of
 *   the five ratios of one export to the sqlite3 run after it, and the
 *   load average, since a busy machine slows both unevenly. The store is opened (and checked)
 *   before the clock starts, as the window has it open already.
 * - memory: the peak resident size of "WALKROUND export" on DATA_DIR
 *   against SMALL_DATA_DIR (1 000 visits). Target: at most 10 MB more.
 *
 * Each measurement prints one line with its target and PASS or FAIL; the
 * program exits 1 if any failed.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wr-pack-writer.h"

#define RUNS 5

static const char sqlite_script[] =
  "SELECT * FROM services;\n"
  "SELECT * FROM visits;\n"
  "SELECT * FROM team_members;\n"
  "SELECT * FROM repeats;\n"
  "SELECT * FROM answers;\n"
  "SELECT * FROM observations;\n"
  "SELECT * FROM observation_links;\n"
  "SELECT * FROM actions;\n"
  "SELECT * FROM attachments;\n";

/* Runs argv with stdin from @input (or nothing) and its output to
 * /dev/null; gives its wall time and peak resident size.
 */
static gboolean
run_child (const char * const *argv,
           const char         *input,
           double             *seconds,
           long               *max_rss_kb)
{
  struct rusage usage;
  gint64 start = g_get_monotonic_time ();
  int status;
  int in[2];
  pid_t pid;

  if (pipe (in) != 0)
    return FALSE;

  pid = fork ();
  if (pid < 0)
    return FALSE;
  if (pid == 0)
    {
      int null = open ("/dev/null", O_WRONLY);

      dup2 (in[0], STDIN_FILENO);
      dup2 (null, STDOUT_FILENO);
      dup2 (null, STDERR_FILENO);
      close (in[0]);
      close (in[1]);
      execvp (argv[0], (char **) argv);
      _exit (127);
    }

  close (in[0]);
  if (input != NULL && write (in[1], input, strlen (input)) < 0)
    g_printerr ("bench-pack: could not write to %s: %s\n", argv[0], g_strerror (errno));
  close (in[1]);

  if (wait4 (pid, &status, 0, &usage) != pid)
    return FALSE;
  *seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  if (max_rss_kb != NULL)
    *max_rss_kb = usage.ru_maxrss;

  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static gboolean
bench_time (const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (data_dir, "walkround.db", NULL);
  g_autofree char *out_dir = g_dir_make_tmp ("walkround-bench-XXXXXX", &error);
  g_autofree char *out = g_build_filename (out_dir, "pack.xml", NULL);
  g_autoptr(WrStore) store = wr_store_open (db, &error);
  g_autoptr(WrFormLibrary) library = wr_form_library_new_default (NULL);
  g_autoptr(WrPackWriter) writer = NULL;
  const char *sqlite_argv[] = { "sqlite3", "-readonly", db, NULL };
  double best_export = G_MAXDOUBLE;
  double best_sqlite = G_MAXDOUBLE;
  double ratios[RUNS];
  double load[1] = { 0 };
  guint n_visits = 0;
  GStatBuf st = { 0 };
  gboolean pass;

  if (store == NULL)
    {
      g_printerr ("bench-pack: %s\n", error->message);
      return FALSE;
    }
  writer = wr_pack_writer_new (store, library);

  for (guint i = 0; i < RUNS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double export_seconds;
      double seconds;

      if (!wr_pack_writer_write_file (writer, out, NULL, &error))
        {
          g_printerr ("bench-pack: %s\n", error->message);
          return FALSE;
        }
      export_seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
      best_export = MIN (best_export, export_seconds);

      if (!run_child (sqlite_argv, sqlite_script, &seconds, NULL))
        {
          g_printerr ("bench-pack: sqlite3 failed: is it installed?\n");
          return FALSE;
        }
      best_sqlite = MIN (best_sqlite, seconds);
      ratios[i] = export_seconds / seconds;
    }
  qsort (ratios, RUNS, sizeof ratios[0], compare_doubles);
  getloadavg (load, 1);

  wr_pack_writer_get_progress (writer, &n_visits, NULL);
  g_stat (out, &st);
  g_unlink (out);
  g_rmdir (out_dir);

  pass = best_export <= 2 * best_sqlite;
  printf ("export: pack of %u visits (%.0f MB): %.2f s; sqlite3 SELECT * of the same tables: %.2f s; "
          "ratio %.2f (median of %d runs %.2f, load %.1f) (target <= 2)  %s\n",
          n_visits, st.st_size / 1e6, best_export, best_sqlite, best_export / best_sqlite,
          RUNS, ratios[RUNS / 2], load[0], pass ? "PASS" : "FAIL");

  return pass;
}

static gboolean
peak_rss (const char *walkround,
          const char *data_dir,
          long       *max_rss_kb)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out_dir = g_dir_make_tmp ("walkround-bench-XXXXXX", &error);
  g_autofree char *out = g_build_filename (out_dir, "pack.xml", NULL);
  const char *argv[] = { walkround, "--data-dir", data_dir, "export", "--output", out, NULL };
  double seconds;
  gboolean ok;

  ok = run_child (argv, NULL, &seconds, max_rss_kb);
  g_unlink (out);
  g_rmdir (out_dir);

  if (!ok)
    g_printerr ("bench-pack: %s export failed on %s\n", walkround, data_dir);
  return ok;
}

static gboolean
bench_memory (const char *walkround,
              const char *data_dir,
              const char *small_data_dir)
{
  long large = 0;
  long small = 0;
  double more;
  gboolean pass;

  if (!peak_rss (walkround, small_data_dir, &small) || !peak_rss (walkround, data_dir, &large))
    return FALSE;

  more = (large - small) / 1024.0;
  pass = more <= 10;
  printf ("export: peak memory of walkround export: %.1f MB for %s, %.1f MB for %s: %+.1f MB (target <= 10 MB more)  %s\n",
          large / 1024.0, data_dir, small / 1024.0, small_data_dir, more, pass ? "PASS" : "FAIL");

  return pass;
}

int
main (int   argc,
      char *argv[])
{
  gboolean ok;

  if (argc != 5 || !g_str_equal (argv[1], "export"))
    {
      g_printerr ("Usage: bench-pack export WALKROUND DATA_DIR SMALL_DATA_DIR\n");
      return EXIT_FAILURE;
    }

  ok = bench_time (argv[3]);
  ok &= bench_memory (argv[2], argv[3], argv[4]);

  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
