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
 * - time, as a user runs it: the command "WALKROUND export" writing a pack
 *   of every visit in DATA_DIR (10 000 demo visits), against the sqlite3
 *   command-line tool reading the same tables with SELECT * into
 *   /dev/null: whole processes against whole processes, each run a fresh
 *   process, the two alternating (which goes first alternates too),
 *   RUNS of each, compared by their medians. Cold: before each run the
 *   kernel's page cache is dropped (sync, then 3 into
 *   /proc/sys/vm/drop_caches) where that is allowed, as for root; the
 *   line says whether it was. BENCH_KEEP_CACHE=1 keeps the cache, to
 *   time warm processes. Target: at most 2 times as long.
 * - for reference, beside it: the writer inside one warm process, the
 *   store opened (and checked) before the clock starts, against sqlite3,
 *   best of RUNS each. It has no target: a user never runs that.
 * - memory: the peak resident size of "WALKROUND export" on DATA_DIR
 *   against SMALL_DATA_DIR (1 000 visits). Target: at most 10 MB more.
 *
 * Each line also gives the load average, since a busy machine slows both
 * sides unevenly. Each measurement with a target prints one line with it
 * and PASS or FAIL; the program exits 1 if any failed.
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

#define RUNS 7

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

/* The processor time (user and system) of the last run_child(). */
static double last_cpu_seconds;

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
  last_cpu_seconds = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
                     (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;

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

  printf ("export: for reference, the writer inside one warm process: pack of %u visits (%.0f MB): best %.2f s; "
          "sqlite3 SELECT * of the same tables: best %.2f s; ratio %.2f (median of %d ratios %.2f, load %.1f)\n",
          n_visits, st.st_size / 1e6, best_export, best_sqlite, best_export / best_sqlite,
          RUNS, ratios[RUNS / 2], load[0]);

  return TRUE;
}

/* Empties the kernel's page cache, so that the next process reads the
 * database from the disk. Needs root; says why not otherwise.
 */
static gboolean
drop_page_cache (char **why_not)
{
  int fd;
  gboolean ok;

  if (g_strcmp0 (g_getenv ("BENCH_KEEP_CACHE"), "1") == 0)
    {
      *why_not = g_strdup ("BENCH_KEEP_CACHE=1");
      return FALSE;
    }

  sync ();
  if ((fd = open ("/proc/sys/vm/drop_caches", O_WRONLY | O_CLOEXEC)) < 0)
    {
      *why_not = g_strdup_printf ("/proc/sys/vm/drop_caches: %s", g_strerror (errno));
      return FALSE;
    }
  ok = write (fd, "3", 1) == 1;
  if (!ok)
    *why_not = g_strdup_printf ("/proc/sys/vm/drop_caches: %s", g_strerror (errno));
  close (fd);

  return ok;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof values[0], compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* The command against sqlite3, whole processes, cold. */
static gboolean
bench_processes (const char *walkround,
                 const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (data_dir, "walkround.db", NULL);
  g_autofree char *out_dir = g_dir_make_tmp ("walkround-bench-XXXXXX", &error);
  g_autofree char *out = g_build_filename (out_dir, "pack.xml", NULL);
  g_autofree char *why_not = NULL;
  g_autofree char *cache = NULL;
  const char *export_argv[] = { walkround, "--data-dir", data_dir, "export", "--output", out, NULL };
  const char *sqlite_argv[] = { "sqlite3", "-readonly", db, NULL };
  double exports[RUNS];
  double sqlites[RUNS];
  double ratios[RUNS];
  double export_cpu[RUNS];
  double sqlite_cpu[RUNS];
  double load[1] = { 0 };
  double export_median;
  double sqlite_median;
  gboolean dropped = TRUE;
  gboolean pass;

  for (guint i = 0; i < RUNS; i++)
    {
      for (guint j = 0; j < 2; j++)
        {
          gboolean sqlite_turn = (i + j) % 2 == 1;

          if (dropped && !drop_page_cache (&why_not))
            dropped = FALSE;

          if (!sqlite_turn && !run_child (export_argv, NULL, &exports[i], NULL))
            {
              g_printerr ("bench-pack: %s export failed\n", walkround);
              return FALSE;
            }
          if (!sqlite_turn)
            export_cpu[i] = last_cpu_seconds;
          if (sqlite_turn && !run_child (sqlite_argv, sqlite_script, &sqlites[i], NULL))
            {
              g_printerr ("bench-pack: sqlite3 failed: is it installed?\n");
              return FALSE;
            }
          if (sqlite_turn)
            sqlite_cpu[i] = last_cpu_seconds;
        }
      ratios[i] = exports[i] / sqlites[i];
    }
  getloadavg (load, 1);
  g_unlink (out);
  g_rmdir (out_dir);

  cache = dropped ? g_strdup ("page cache dropped before each run")
                  : g_strdup_printf ("page cache kept (%s)", why_not);
  export_median = median (exports, RUNS);
  sqlite_median = median (sqlites, RUNS);
  pass = export_median <= 2 * sqlite_median;
  printf ("export: the command \"walkround export\" of every visit: median %.2f s (%.2f-%.2f); the sqlite3 process "
          "reading the same tables: median %.2f s (%.2f-%.2f); ratio %.2f (median of the %d pairs' ratios %.2f; "
          "fresh processes, alternating, %s; load %.1f) (target <= 2)  %s\n",
          export_median, exports[0], exports[RUNS - 1], sqlite_median, sqlites[0], sqlites[RUNS - 1],
          export_median / sqlite_median, RUNS, median (ratios, RUNS),
          cache, load[0], pass ? "PASS" : "FAIL");

  /* Processor time varies less than wall time on a busy machine, but a
   * user waits for the wall: it has no target.
   */
  printf ("export: for reference, processor time (user and system) of the same runs: walkround export median "
          "%.2f s; sqlite3 median %.2f s; ratio %.2f\n",
          median (export_cpu, RUNS), median (sqlite_cpu, RUNS),
          median (export_cpu, RUNS) / median (sqlite_cpu, RUNS));

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

  ok = bench_processes (argv[2], argv[3]);
  ok &= bench_time (argv[3]);
  ok &= bench_memory (argv[2], argv[3], argv[4]);

  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
