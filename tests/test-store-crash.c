/* test-store-crash.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A save the user saw survives the machine dying at any moment. A child
 * process saves answers through the store and acknowledges each one once
 * the call has returned; the parent kills it (SIGKILL, or TerminateProcess
 * on Windows) at random
 * moments, hundreds of times, and after each kill checks that the file is
 * sound and holds every acknowledged answer.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "wr-core-test-utils.h"
#include "wr-store-private.h"

#define FORM_SHA "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* The child: opens (perhaps creating or recovering) the store, makes sure
 * the visit exists, then saves answers k = first, first + 1, … printing
 * each k after its save returned.
 */
static int
run_child (const char *path,
           guint       first)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = wr_store_open (path, &error);
  g_autoptr(GListModel) services = NULL;
  g_autoptr(WrVisit) visit = NULL;
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autofree char *visit_uuid = NULL;

  if (store == NULL)
    {
      g_printerr ("child: %s\n", error->message);
      return 1;
    }

  stmt = _wr_store_prepare (store, "SELECT uuid FROM visits LIMIT 1", &error);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    visit_uuid = g_strdup (_wr_store_column_text (stmt, 0));
  g_clear_pointer (&stmt, sqlite3_reset);

  if (visit_uuid == NULL)
    {
      WrServiceFields service_fields = { .name = "Ward 7" };
      g_autoptr(WrService) service = wr_store_add_service (store, &service_fields, &error);
      WrVisitFields fields = {
        .kind = "quality-visit", .form_id = "quality-visit", .form_version = 1, .form_sha256 = FORM_SHA,
      };

      if (service == NULL)
        return 1;
      fields.service_id = wr_service_get_id (service);
      if (!(visit = wr_store_create_visit (store, &fields, &error)))
        return 1;
      visit_uuid = g_strdup (wr_visit_get_uuid (visit));
    }

  printf ("ready\n");
  fflush (stdout);

  for (guint k = first; ; k++)
    {
      g_autofree char *question = g_strdup_printf ("q%u", k);
      g_autofree char *value = g_strdup_printf ("answer %u", k);
      WrAnswerKey key = { .question_id = question };

      if (!wr_store_set_answer (store, visit_uuid, &key, value, TRUE, &error))
        {
          g_printerr ("child: %s\n", error->message);
          return 1;
        }
      printf ("%u\n", k);
      fflush (stdout);
    }

  return 0;
}

static void
check_database (const char *path,
                guint       acknowledged)
{
  g_autoptr(sqlite3_stmt) check = NULL;
  g_autoptr(sqlite3_stmt) count = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &check, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (check), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (check, 0), ==, "ok");

  /* Killed before the first schema was committed: nothing was saved yet,
   * and the next open starts again.
   */
  if (acknowledged == 0 &&
      sqlite3_prepare_v2 (db, "SELECT 1 FROM answers", -1, &count, NULL) != SQLITE_OK)
    {
      g_clear_pointer (&check, sqlite3_finalize);
      sqlite3_close (db);
      return;
    }
  g_clear_pointer (&count, sqlite3_finalize);

  /* Answers 0 … acknowledged - 1 were acknowledged: every one is there. */
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT count (*) FROM answers"
                                       " WHERE CAST (substr (question_id, 2) AS INTEGER) < ?"
                                       "   AND value = 'answer ' || substr (question_id, 2)",
                                       -1, &count, NULL), ==, SQLITE_OK);
  sqlite3_bind_int (count, 1, (int) acknowledged);
  g_assert_cmpint (sqlite3_step (count), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (count, 0), ==, (int) acknowledged);

  g_clear_pointer (&check, sqlite3_finalize);
  g_clear_pointer (&count, sqlite3_finalize);
  sqlite3_close (db);
}

static guint
highest_saved (const char *path)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db = NULL;
  guint next = 0;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (db, "SELECT max (CAST (substr (question_id, 2) AS INTEGER)) + 1 FROM answers",
                          -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    next = (guint) sqlite3_column_int (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_close (db);

  return next;
}

static const char *self_path;

static void
test_kill_during_saves (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "crash", NULL);
  g_autofree char *path = g_build_filename (dir, "walkround.db", NULL);
  const char *env = g_getenv ("WALKROUND_CRASH_ROUNDS");
  guint rounds = env ? (guint) g_ascii_strtoull (env, NULL, 10) : 200;
  guint acknowledged = 0;
  guint killed_mid_save = 0;
  guint rounds_with_saves = 0;
  g_auto(GStrv) envp = g_get_environ ();

  /* A killed child never reaches the leak check, and the slow stacks it
   * needs would only slow the saves down.
   */
  envp = g_environ_setenv (envp, "ASAN_OPTIONS", "detect_leaks=0", TRUE);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);

  for (guint round = 0; round < rounds; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *first = g_strdup_printf ("%u", acknowledged);
      const char *argv[] = { self_path, "--crash-child", path, first, NULL };
          gint64 deadline;
      guint before = acknowledged;
      GPid pid;
      int out_fd;
      char line[64];
      FILE *out;

      g_spawn_async_with_pipes (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                &pid, NULL, &out_fd, NULL, &error);
      g_assert_no_error (error);

      out = fdopen (out_fd, "r");

      /* Kill at a random moment. One round in four, counted from the
       * start: while it opens, creates or recovers the file. Otherwise,
       * counted from when it is ready: between saves or in the middle of
       * a commit. (Start-up time varies a lot, with sanitizers most.)
       */
      if (round % 4 != 0)
        {
          g_assert_nonnull (fgets (line, sizeof line, out));
          g_assert_cmpstr (line, ==, "ready\n");

          /* Wait for one save, however slow a loaded machine makes it, so
           * the kill lands among saves and not before them.
           */
          g_assert_nonnull (fgets (line, sizeof line, out));
          acknowledged = MAX (acknowledged, (guint) g_ascii_strtoull (line, NULL, 10) + 1);
        }
      deadline = g_get_monotonic_time () + g_test_rand_int_range (0, round % 4 ? 30000 : 10000);
      while (g_get_monotonic_time () < deadline)
        g_usleep (500);
      /* It saves until killed; anything else means a save failed. */
      g_assert_true (wr_test_kill (pid));
      g_spawn_close_pid (pid);

      /* Every k the child printed was acknowledged; a partial last line
       * was not.
       */
      while (fgets (line, sizeof line, out) != NULL)
        {
          if (strchr (line, '\n') != NULL && g_ascii_isdigit (line[0]))
            acknowledged = MAX (acknowledged, (guint) g_ascii_strtoull (line, NULL, 10) + 1);
        }
      fclose (out);

      rounds_with_saves += acknowledged > before;

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        continue;

      check_database (path, acknowledged);

      /* Saves that committed without being acknowledged are fine too; go
       * on numbering after them.
       */
      if (highest_saved (path) > acknowledged)
        killed_mid_save++;
      acknowledged = MAX (acknowledged, highest_saved (path));
    }

  g_test_message ("%u rounds, %u with saves, %u answers acknowledged, "
                  "%u kills after a commit but before its acknowledgement",
                  rounds, rounds_with_saves, acknowledged, killed_mid_save);
  /* The test proves nothing unless saves really happened between kills:
   * three rounds in four wait for one.
   */
  g_assert_cmpuint (rounds_with_saves, >=, rounds / 2);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && g_str_equal (argv[1], "--crash-child"))
    return run_child (argv[2], (guint) g_ascii_strtoull (argv[3], NULL, 10));

  self_path = argv[0];
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/walkround/store/kill-during-saves", test_kill_during_saves);

  return g_test_run ();
}
