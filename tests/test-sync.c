/* test-sync.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Syncing with the organisation store on a real PostgreSQL server
 * (wr-test-postgres.c), as visitors and the quality team made by
 * `walkround server add-user`, never as the superuser: two devices that
 * change one visit apart end with the same visit, and the same conflict,
 * as a pack exchange gives; a visitor receives only the visits they are
 * on; a sync cut by a terminated connection or a killed server resumes
 * with nothing lost or taken twice; and eight devices syncing at once,
 * with random edits and the server killed at random moments, converge
 * without losing an edit that no later change replaced.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "wr-autocleanups.h"
#include "wr-core-test-utils.h"
#include "wr-demo.h"
#include "wr-pack-reader-private.h"
#include "wr-pack-reader.h"
#include "wr-pack-writer.h"
#include "wr-scope.h"
#include "wr-server.h"
#include "wr-store-private.h"
#include "wr-sync.h"
#include "wr-test-postgres.h"

static WrTestPostgres *server;

typedef struct
{
  char          *folder;
  char          *database;
  char          *uri;        /* the superuser's: for init, add-user and checks only */
  guint          n;
  WrFormLibrary *library;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static guint n_databases;
  g_auto(WrTestRun) run = { 0 };

  fixture->n = ++n_databases;
  fixture->folder = g_build_filename (g_get_user_data_dir (), "sync", NULL);
  g_assert_cmpint (g_mkdir_with_parents (fixture->folder, 0700), ==, 0);
  fixture->database = g_strdup_printf ("sync%u", fixture->n);
  wr_test_postgres_create_database (server, fixture->database);
  fixture->uri = wr_test_postgres_get_uri (server, fixture->database, NULL);
  fixture->library = wr_form_library_new_default (NULL);

  wr_test_run_walkround (&run, fixture->folder, "server", "init", fixture->uri, NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->library);
  g_free (fixture->folder);
  g_free (fixture->database);
  g_free (fixture->uri);
}

/* A user of this test's own ("alice3"), made as a person makes one. */
static char *
add_user (Fixture    *fixture,
          const char *name,
          const char *role)
{
  g_auto(WrTestRun) run = { 0 };
  char *user = g_strdup_printf ("%s%u", name, fixture->n);
  g_autofree char *password = g_strdup_printf ("pw-%s-%08x", user, g_random_int ());
  g_autofree char *file = g_build_filename (fixture->folder, "password", NULL);

  g_assert_true (g_file_set_contents (file, password, -1, NULL));
  wr_test_run_walkround (&run, fixture->folder, "server", "add-user", fixture->uri, user,
                         "--role", role, "--password-file", file, NULL);
  g_unlink (file);
  g_assert_cmpint (run.status, ==, 0);
  wr_test_postgres_add_password (server, user, password);
  return user;
}

static char *
user_uri (Fixture    *fixture,
          const char *user)
{
  return wr_test_postgres_get_uri (server, fixture->database, user);
}

static char *
device_dir (Fixture    *fixture,
            const char *name)
{
  char *dir = g_build_filename (fixture->folder, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return dir;
}

static WrStore *
open_device (Fixture    *fixture,
             const char *name)
{
  g_autofree char *dir = device_dir (fixture, name);
  g_autofree char *path = g_build_filename (dir, "walkround.db", NULL);
  g_autoptr(GError) error = NULL;
  WrStore *store = wr_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

static void
demo (Fixture  *fixture,
      WrStore  *store,
      guint     n_visits,
      guint32   seed)
{
  WrDemoOptions options = { n_visits, seed, "2026-11-27" };
  g_autoptr(GError) error = NULL;

  g_assert_true (wr_demo_fill (store, fixture->library, &options, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static gboolean
try_sync (WrStore        *store,
          WrFormLibrary  *library,
          const char     *uri,
          WrSyncCounts   *counts,
          GError        **error)
{
  g_autoptr(WrSync) sync = wr_sync_new (store, library, uri);

  return wr_sync_run (sync, NULL, counts, error);
}

static WrSyncCounts
sync_ok (Fixture    *fixture,
         WrStore    *store,
         const char *uri)
{
  g_autoptr(GError) error = NULL;
  WrSyncCounts counts = { 0 };

  g_assert_true (try_sync (store, fixture->library, uri, &counts, &error));
  g_assert_no_error (error);
  return counts;
}

/* The quality team trusts a visitor's device, as a person does. */
static void
trust (Fixture    *fixture,
       const char *quality_uri,
       WrStore    *device)
{
  g_auto(WrTestRun) run = { 0 };

  wr_test_run_walkround (&run, fixture->folder, "server", "trust-device", quality_uri,
                         wr_store_get_device_id (device), NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Trusted the device"));
}

/* A visitor's device registers on its first sync, which stops there
 * until the quality team trusts it.
 */
static void
register_and_trust (Fixture    *fixture,
                    const char *quality_uri,
                    WrStore    *device,
                    const char *uri)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (try_sync (device, fixture->library, uri, NULL, &error));
  g_assert_error (error, WR_SERVER_ERROR, WR_SERVER_ERROR_NOT_TRUSTED);
  trust (fixture, quality_uri, device);
}

static char *
digest_of (WrStore    *store,
           const char *uuid)
{
  g_autoptr(GError) error = NULL;
  gint64 id = 0;
  guint revision;
  char *digest;

  g_assert_true (_wr_store_import_find_visit (store, uuid, &id, &revision, &error));
  g_assert_no_error (error);
  if (id == 0)
    return NULL;
  digest = _wr_pack_stored_digest (store, id, &error);
  g_assert_no_error (error);
  return digest;
}

/* Every visit's uuid and digest, in one text: two devices that hold the
 * same visits alike give the same.
 */
static char *
all_digests (WrStore *store)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store), "SELECT uuid FROM visits ORDER BY uuid", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *uuid = (const char *) sqlite3_column_text (stmt, 0);
      g_autofree char *digest = digest_of (store, uuid);

      g_string_append_printf (out, "%s %s\n", uuid, digest);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static guint
count_visits (WrStore *store)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store), "SELECT count (*) FROM visits", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return (guint) sqlite3_column_int (stmt, 0);
}

/* Draft visits' answers outside teams and repeats, @per_visit of each
 * of @n_visits visits that have so many: "VISIT QUESTION".
 */
static GPtrArray *
editable_answers (WrStore *store,
                  guint    n_visits,
                  guint    per_visit)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) visit_rows = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *current = NULL;
  guint n_taken = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store),
                                       "SELECT v.uuid, a.question_id FROM visits v JOIN answers a ON a.visit_id = v.id"
                                       " WHERE v.status = 'draft' AND a.member_uuid = '' AND a.repeat_uuid = ''"
                                       " ORDER BY v.id, a.question_id", -1, &stmt, NULL), ==, SQLITE_OK);
  while (n_taken < n_visits)
    {
      gboolean more = sqlite3_step (stmt) == SQLITE_ROW;
      const char *uuid = more ? (const char *) sqlite3_column_text (stmt, 0) : NULL;

      if (!more || g_strcmp0 (uuid, current) != 0)
        {
          if (visit_rows->len >= per_visit)
            {
              for (guint i = 0; i < per_visit; i++)
                g_ptr_array_add (rows, g_strdup (visit_rows->pdata[i]));
              n_taken++;
            }
          g_ptr_array_set_size (visit_rows, 0);
          g_free (current);
          current = g_strdup (uuid);
        }
      if (!more)
        break;
      g_ptr_array_add (visit_rows, g_strdup_printf ("%s %s", uuid, sqlite3_column_text (stmt, 1)));
    }
  return rows;
}

/* Every version of an answer's row this device holds: the shown comment,
 * and each conflict version's element, in one text to search.
 */
static char *
versions_of (WrStore    *store,
             const char *visit,
             const char *question)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = wr_pack_list_row_conflicts (store, visit, &error);
  g_autofree char *key = g_strdup_printf ("answer %s - -", question);
  g_autofree char *shown = wr_test_answer_comment (store, visit, question);
  GString *out = g_string_new (shown);

  g_assert_no_error (error);
  for (guint i = 0; i < conflicts->len; i++)
    {
      WrPackRowConflict *conflict = g_ptr_array_index (conflicts, i);

      if (!g_str_equal (conflict->key, key))
        continue;
      for (guint j = 0; j < conflict->versions->len; j++)
        {
          WrPackRowVersion *version = g_ptr_array_index (conflict->versions, j);

          g_string_append_printf (out, "\n%s", version->content != NULL ? version->content : "(deleted)");
        }
    }
  return g_string_free (out, FALSE);
}

static char *
conflict_keys (WrStore    *store,
               const char *visit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = wr_pack_list_row_conflicts (store, visit, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < conflicts->len; i++)
    {
      WrPackRowConflict *conflict = g_ptr_array_index (conflicts, i);

      g_string_append_printf (out, "%s (%u versions)\n", conflict->key, conflict->versions->len);
    }
  return g_string_free (out, FALSE);
}

static char *
export_visit (Fixture    *fixture,
              WrStore    *store,
              const char *visit,
              const char *name)
{
  g_autoptr(WrPackWriter) writer = wr_pack_writer_new (store, fixture->library);
  g_autoptr(WrScope) scope = wr_scope_new ();
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->folder, name, NULL);

  g_assert_true (wr_scope_add_visit (scope, visit, &error));
  wr_pack_writer_set_filter (writer, scope);
  g_assert_true (wr_pack_writer_write_file (writer, path, NULL, &error));
  g_assert_no_error (error);
  return path;
}

static void
import (Fixture    *fixture,
        WrStore    *store,
        const char *path)
{
  g_autoptr(WrPackReader) reader = wr_pack_reader_new (store, fixture->library);
  g_autoptr(GError) error = NULL;

  wr_pack_reader_set_trust_new_device (reader, TRUE);
  g_assert_true (wr_pack_reader_import_file (reader, path, NULL, NULL, &error));
  g_assert_no_error (error);
}

static char *
store_value (Fixture    *fixture,
             const char *sql)
{
  g_autoptr(PGconn) conn = wr_test_postgres_connect (server, fixture->database, NULL);
  g_autoptr(PGresult) result = PQexec (conn, sql);

  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  return g_strdup (PQgetvalue (result, 0, 0));
}

/* Two devices change one visit apart and sync twice each: they end with
 * every visit alike, and with the visit and its conflict exactly as a
 * third device that took both devices' packs has them.
 */
static void
test_two_devices (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *alice = add_user (fixture, "alice", "visitor");
  g_autofree char *quinn = add_user (fixture, "quinn", "quality-team");
  g_autofree char *alice_uri = user_uri (fixture, alice);
  g_autofree char *quinn_uri = user_uri (fixture, quinn);
  g_autofree char *a_dir = device_dir (fixture, "a");
  g_autoptr(WrStore) a = open_device (fixture, "a");
  g_autoptr(WrStore) b = open_device (fixture, "b");
  g_autoptr(WrStore) p = open_device (fixture, "p");
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) row1 = NULL;
  g_auto(GStrv) row2 = NULL;
  g_autofree char *from_a = NULL;
  g_autofree char *from_b = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *a_all = NULL;
  g_autofree char *b_all = NULL;
  g_autofree char *p_digest = NULL;
  g_autofree char *p_conflicts = NULL;
  const char *visit;
  WrSyncCounts counts;
  WrStore *devices[2];

  demo (fixture, a, 6, 13);

  /* A visitor's device sends only once the quality team trusts it. */
  g_assert_false (try_sync (a, fixture->library, alice_uri, &counts, &error));
  g_assert_error (error, WR_SERVER_ERROR, WR_SERVER_ERROR_NOT_TRUSTED);
  g_assert_nonnull (strstr (error->message, "trust-device"));
  g_clear_error (&error);
  trust (fixture, quinn_uri, a);

  /* The first sync, as a person runs it: the URI saved for the folder. */
  {
    g_auto(WrTestRun) run = { 0 };
    g_auto(WrTestRun) again = { 0 };

    wr_test_run_walkround (&run, a_dir, "sync", "--server", alice_uri, "--save", NULL);
    g_assert_cmpstr (run.err, ==, "");
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_str_has_prefix (run.out, "sent 6, received 0, conflicts 0\n"));
    wr_test_run_walkround (&again, a_dir, "sync", NULL);
    g_assert_cmpint (again.status, ==, 0);
    g_assert_true (g_str_has_prefix (again.out, "sent 0, received 0, conflicts 0\n"));
  }
  g_assert_cmpuint (count_visits (b), ==, 0);
  counts = sync_ok (fixture, b, quinn_uri);
  g_assert_cmpuint (counts.n_received, ==, 6);
  g_assert_cmpuint (counts.n_sent, ==, 0);
  g_assert_cmpuint (count_visits (b), ==, 6);

  /* A changes two answers, B one of them. */
  rows = editable_answers (a, 1, 2);
  g_assert_cmpuint (rows->len, ==, 2);
  row1 = g_strsplit (rows->pdata[0], " ", 2);
  row2 = g_strsplit (rows->pdata[1], " ", 2);
  visit = row1[0];
  wr_test_set_answer_comment (a, visit, row1[1], "Changed on A");
  wr_test_set_answer_comment (a, visit, row2[1], "A's word");
  wr_test_set_answer_comment (b, visit, row2[1], "B's word");

  /* What a pack exchange gives: a third device takes both packs. */
  from_a = export_visit (fixture, a, visit, "from-a.xml");
  from_b = export_visit (fixture, b, visit, "from-b.xml");
  import (fixture, p, from_a);
  import (fixture, p, from_b);
  p_digest = digest_of (p, visit);
  p_conflicts = conflict_keys (p, visit);
  expected = g_strdup_printf ("answer %s - - (2 versions)\n", row2[1]);
  g_assert_cmpstr (p_conflicts, ==, expected);

  sync_ok (fixture, a, alice_uri);
  counts = sync_ok (fixture, b, quinn_uri);
  g_assert_cmpuint (counts.n_conflicts, ==, 1);
  sync_ok (fixture, a, alice_uri);
  sync_ok (fixture, b, quinn_uri);

  devices[0] = a;
  devices[1] = b;
  for (guint i = 0; i < G_N_ELEMENTS (devices); i++)
    {
      g_autofree char *digest = digest_of (devices[i], visit);
      g_autofree char *keys = conflict_keys (devices[i], visit);
      g_autofree char *changed = wr_test_answer_comment (devices[i], visit, row1[1]);

      g_assert_cmpstr (digest, ==, p_digest);
      g_assert_cmpstr (keys, ==, p_conflicts);
      g_assert_cmpstr (changed, ==, "Changed on A");
    }
  a_all = all_digests (a);
  b_all = all_digests (b);
  g_assert_cmpstr (a_all, ==, b_all);

  /* Nothing more to do, and the store kept one copy per state. */
  counts = sync_ok (fixture, a, alice_uri);
  g_assert_cmpuint (counts.n_sent + counts.n_received, ==, 0);
  counts = sync_ok (fixture, b, quinn_uri);
  g_assert_cmpuint (counts.n_sent + counts.n_received, ==, 0);
  {
    g_autofree char *duplicates = store_value (fixture,
                                               "SELECT count (*) FROM (SELECT visit_uuid, digest FROM walkround.visit_copies"
                                               " GROUP BY 1, 2 HAVING count (*) > 1) d");

    g_assert_cmpstr (duplicates, ==, "0");
  }

  /* Resolving the conflict on one device travels to the other. */
  {
    g_autoptr(GPtrArray) conflicts = wr_pack_list_row_conflicts (b, visit, &error);
    WrPackRowConflict *conflict;
    g_autofree char *a_word = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (conflicts->len, ==, 1);
    conflict = g_ptr_array_index (conflicts, 0);
    g_assert_true (wr_pack_resolve_row_conflict (b, conflict->id, 0, &error));
    g_assert_no_error (error);
    counts = sync_ok (fixture, b, quinn_uri);
    g_assert_cmpuint (counts.n_sent, ==, 1);
    sync_ok (fixture, a, alice_uri);
    g_clear_pointer (&a_all, g_free);
    g_clear_pointer (&b_all, g_free);
    a_all = all_digests (a);
    b_all = all_digests (b);
    g_assert_cmpstr (a_all, ==, b_all);
    g_clear_pointer (&expected, g_free);
    expected = conflict_keys (a, visit);
    g_assert_cmpstr (expected, ==, "");
    a_word = wr_test_answer_comment (a, visit, row2[1]);
    g_assert_true (g_str_equal (a_word, "A's word") || g_str_equal (a_word, "B's word"));
  }
}

/* A visitor sends and receives only the visits they are on; put on
 * another's visit, they receive all of it.
 */
static void
test_visitor_sees_own (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *alice = add_user (fixture, "alice", "visitor");
  g_autofree char *bob = add_user (fixture, "bob", "visitor");
  g_autofree char *quinn = add_user (fixture, "quinn", "quality-team");
  g_autofree char *alice_uri = user_uri (fixture, alice);
  g_autofree char *bob_uri = user_uri (fixture, bob);
  g_autofree char *quinn_uri = user_uri (fixture, quinn);
  g_autoptr(WrStore) a = open_device (fixture, "a");
  g_autoptr(WrStore) b = open_device (fixture, "b");
  g_autoptr(WrStore) q = open_device (fixture, "q");
  g_autoptr(GPtrArray) rows = NULL;
  g_auto(GStrv) row = NULL;
  g_autofree char *pack = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  WrSyncCounts counts;

  demo (fixture, a, 6, 13);
  register_and_trust (fixture, quinn_uri, a, alice_uri);
  sync_ok (fixture, a, alice_uri);
  register_and_trust (fixture, quinn_uri, b, bob_uri);

  counts = sync_ok (fixture, b, bob_uri);
  g_assert_cmpuint (counts.n_received, ==, 0);
  g_assert_cmpuint (count_visits (b), ==, 0);
  counts = sync_ok (fixture, q, quinn_uri);
  g_assert_cmpuint (counts.n_received, ==, 6);

  /* Bob has one of Alice's visits by a pack, and changes it: the store
   * takes nothing of it from him.
   */
  rows = editable_answers (a, 1, 1);
  row = g_strsplit (rows->pdata[0], " ", 2);
  pack = export_visit (fixture, a, row[0], "alice.xml");
  import (fixture, b, pack);
  wr_test_set_answer_comment (b, row[0], row[1], "Bob was not there");
  counts = sync_ok (fixture, b, bob_uri);
  g_assert_cmpuint (counts.n_sent, ==, 0);
  g_assert_cmpuint (counts.n_not_allowed, ==, 1);
  before = store_value (fixture, "SELECT count (*) FROM walkround.visit_copies");

  /* Even by hand, his connection cannot read her visits. */
  {
    g_autoptr(PGconn) conn = wr_test_postgres_connect (server, fixture->database, bob);
    g_autoptr(PGresult) result = PQexec (conn, "SELECT count (*) FROM walkround.visit_copies");

    g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
    g_assert_cmpstr (PQgetvalue (result, 0, 0), ==, "0");
  }

  /* The quality team puts him on her visit's team: he receives all of
   * it on his next sync, and now sends his change.
   */
  {
    g_autoptr(PGconn) conn = wr_test_postgres_connect (server, fixture->database, quinn);
    const char *params[] = { row[0], bob };
    g_autoptr(PGresult) result = PQexecParams (conn,
                                               "INSERT INTO walkround.visit_access (visit_uuid, role_name)"
                                               " VALUES ($1, $2)", 2, NULL, params, NULL, NULL, 0);

    g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
  }
  counts = sync_ok (fixture, b, bob_uri);
  g_assert_cmpuint (counts.n_received, ==, 1);
  g_assert_cmpuint (counts.n_sent, ==, 1);
  g_assert_cmpuint (count_visits (b), ==, 1);
  after = store_value (fixture, "SELECT count (*) FROM walkround.visit_copies");
  g_assert_cmpint (g_ascii_strtoll (after, NULL, 10), ==, g_ascii_strtoll (before, NULL, 10) + 1);

  sync_ok (fixture, a, alice_uri);
  {
    g_autofree char *comment = wr_test_answer_comment (a, row[0], row[1]);

    g_assert_cmpstr (comment, ==, "Bob was not there");
  }

  /* Revoked, his device stops syncing; his laptop keeps what it had. */
  {
    g_auto(WrTestRun) run = { 0 };
    g_autoptr(GError) error = NULL;

    wr_test_run_walkround (&run, fixture->folder, "server", "revoke-device", quinn_uri,
                           wr_store_get_device_id (b), NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_false (try_sync (b, fixture->library, bob_uri, &counts, &error));
    g_assert_error (error, WR_SERVER_ERROR, WR_SERVER_ERROR_REVOKED);
    g_assert_cmpuint (count_visits (b), ==, 1);
  }
}

typedef struct
{
  WrStore       *store;
  WrFormLibrary *library;
  const char    *uri;
  WrSyncCounts   counts;
  GError        *error;
  gboolean       ok;
  WrSync        *sync;
} SyncThread;

static gpointer
sync_thread (gpointer data)
{
  SyncThread *run = data;

  run->ok = wr_sync_run (run->sync, NULL, &run->counts, &run->error);
  return NULL;
}

/* Cuts a sync once it has done @after visits of the part given:
 * @terminate ends its connection from the superuser's, else the server
 * is killed and started again.
 */
static void
cut_sync (Fixture    *fixture,
          SyncThread *run,
          gboolean    receiving,
          guint       after,
          gboolean    terminate)
{
  GThread *thread;
  gint64 deadline = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;

  run->sync = wr_sync_new (run->store, run->library, run->uri);
  thread = g_thread_new ("sync", sync_thread, run);
  for (;;)
    {
      gboolean now_receiving = FALSE;
      guint done = 0;

      wr_sync_get_progress (run->sync, &now_receiving, &done, NULL);
      if (now_receiving == receiving && done >= after)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (1000);
    }
  if (terminate)
    {
      g_autoptr(PGconn) conn = wr_test_postgres_connect (server, fixture->database, NULL);
      g_autoptr(PGresult) result = PQexec (conn, "SELECT count (pg_terminate_backend (pid)) FROM pg_stat_activity"
                                                 " WHERE application_name = 'walkround' AND pid <> pg_backend_pid ()");

      g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
    }
  else
    {
      wr_test_postgres_kill (server);
      wr_test_postgres_restart (server);
    }
  g_thread_join (thread);
  g_clear_object (&run->sync);
}

/* Syncs cut while sending and while receiving, by a terminated
 * connection and by a killed server, resume: every visit arrives once,
 * alike, and the store holds each state once.
 */
static void
test_cut (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *quinn = add_user (fixture, "quinn", "quality-team");
  g_autofree char *rita = add_user (fixture, "rita", "quality-team");
  g_autofree char *quinn_uri = user_uri (fixture, quinn);
  g_autofree char *rita_uri = user_uri (fixture, rita);
  g_autoptr(WrStore) a = open_device (fixture, "a");
  g_autoptr(WrStore) b = open_device (fixture, "b");
  g_autofree char *a_all = NULL;
  g_autofree char *b_all = NULL;
  g_autofree char *copies = NULL;
  SyncThread run = { a, fixture->library, quinn_uri, { 0 }, NULL, FALSE, NULL };
  guint n_sent = 0;
  guint n_received = 0;
  const guint n_visits = 70;
  WrSyncCounts counts;

  demo (fixture, a, n_visits, 7);

  /* Sending: cut after the first batch of 50, by a terminated connection. */
  cut_sync (fixture, &run, FALSE, 50, TRUE);
  n_sent += run.counts.n_sent;
  if (!run.ok)
    {
      g_assert_nonnull (run.error);
      g_clear_error (&run.error);
    }
  counts = sync_ok (fixture, a, quinn_uri);
  n_sent += counts.n_sent;
  g_assert_cmpuint (n_sent, ==, n_visits);
  copies = store_value (fixture, "SELECT count (*) || ' ' || count (DISTINCT visit_uuid) FROM walkround.visit_copies");
  g_assert_cmpstr (copies, ==, "70 70");

  /* Receiving: cut by a terminated connection, then by a killed server. */
  run.store = b;
  run.uri = rita_uri;
  run.counts = (WrSyncCounts) { 0 };
  cut_sync (fixture, &run, TRUE, 10, TRUE);
  g_assert_false (run.ok);
  g_clear_error (&run.error);
  n_received += run.counts.n_received;
  g_assert_cmpuint (count_visits (b), ==, n_received);
  g_assert_cmpuint (n_received, <, n_visits);

  run.counts = (WrSyncCounts) { 0 };
  cut_sync (fixture, &run, TRUE, 20, FALSE);
  g_assert_false (run.ok);
  g_clear_error (&run.error);
  n_received += run.counts.n_received;
  g_assert_cmpuint (count_visits (b), ==, n_received);

  counts = sync_ok (fixture, b, rita_uri);
  n_received += counts.n_received;
  /* Each visit received once: none twice, none missed. */
  g_assert_cmpuint (n_received, ==, n_visits);
  g_assert_cmpuint (count_visits (b), ==, n_visits);
  a_all = all_digests (a);
  b_all = all_digests (b);
  g_assert_cmpstr (a_all, ==, b_all);
  counts = sync_ok (fixture, b, rita_uri);
  g_assert_cmpuint (counts.n_sent + counts.n_received, ==, 0);
}

/* Many devices at once. */
#define N_DEVICES 8
#define N_ROUNDS 3

typedef struct
{
  char  *row;       /* "VISIT QUESTION" */
  char  *text;      /* unique */
  char  *replaced;  /* what the device held of the row when it wrote: all of it is replaced */
} Edit;

static void
edit_free (Edit *edit)
{
  g_free (edit->row);
  g_free (edit->text);
  g_free (edit->replaced);
  g_free (edit);
}

typedef struct
{
  Fixture       *fixture;
  guint          index;
  WrStore       *store;
  WrFormLibrary *library;
  char          *uri;
  GPtrArray     *rows;   /* shared, read only */
  GPtrArray     *edits;  /* this device's Edit */
  GRand         *rand;
  guint          n_failed;
} Device;

static gpointer
device_round (gpointer data)
{
  Device *device = data;
  g_autoptr(GError) error = NULL;
  guint n_edits = 1 + g_rand_int_range (device->rand, 0, 2);

  for (guint e = 0; e < n_edits; e++)
    {
      const char *row = device->rows->pdata[g_rand_int_range (device->rand, 0, (gint32) device->rows->len)];
      g_auto(GStrv) parts = g_strsplit (row, " ", 2);
      Edit *edit = g_new0 (Edit, 1);

      edit->row = g_strdup (row);
      /* The full stop ends it: "edit-1-2." is not in "edit-1-23.". */
      edit->text = g_strdup_printf ("edit-%u-%u.", device->index, device->edits->len);
      edit->replaced = versions_of (device->store, parts[0], parts[1]);
      wr_test_set_answer_comment (device->store, parts[0], parts[1], edit->text);
      g_ptr_array_add (device->edits, edit);
    }

  if (!try_sync (device->store, device->library, device->uri, NULL, &error))
    {
      /* Only the server's going may stop a sync here. */
      g_assert_true (error->domain == WR_SERVER_ERROR || error->domain == G_IO_ERROR);
      device->n_failed++;
    }
  return NULL;
}

typedef struct
{
  gint   stop;
  guint  n_kills;
  GRand *rand;
} Killer;

static gpointer
killer_thread (gpointer data)
{
  Killer *killer = data;

  while (!g_atomic_int_get (&killer->stop))
    {
      g_usleep (g_rand_int_range (killer->rand, 200, 1500) * 1000);
      if (g_atomic_int_get (&killer->stop))
        break;
      wr_test_postgres_kill (server);
      wr_test_postgres_restart (server);
      killer->n_kills++;
    }
  return NULL;
}

static void
run_devices (Fixture  *fixture,
             gboolean  kill_server)
{
  g_autofree char *quinn = add_user (fixture, "quinn", "quality-team");
  g_autofree char *rita = add_user (fixture, "rita", "quality-team");
  g_autofree char *alice = add_user (fixture, "alice", "visitor");
  g_autofree char *quinn_uri = user_uri (fixture, quinn);
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *expected = NULL;
  Device devices[N_DEVICES];
  guint32 seed = g_test_rand_int ();
  Killer killer = { 0, 0, NULL };
  GThread *killer_id = NULL;

  g_test_message ("seed %u", seed);
  for (guint i = 0; i < N_DEVICES; i++)
    {
      g_autofree char *name = g_strdup_printf ("d%u", i);
      /* Two quality-team users and a visitor, whose devices all see the
       * shared visits: the visitor made them.
       */
      const char *user = i == 0 || i % 3 == 0 ? alice : i % 3 == 1 ? quinn : rita;

      devices[i].fixture = fixture;
      devices[i].index = i;
      devices[i].store = open_device (fixture, name);
      devices[i].library = wr_form_library_new_default (NULL);
      devices[i].uri = user_uri (fixture, user);
      devices[i].edits = g_ptr_array_new_with_free_func ((GDestroyNotify) edit_free);
      devices[i].rand = g_rand_new_with_seed (seed + i);
      devices[i].n_failed = 0;
    }

  /* Device 0 makes the visits; every device has them after one sync each. */
  demo (fixture, devices[0].store, 6, 13);
  for (guint i = 0; i < N_DEVICES; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!try_sync (devices[i].store, devices[i].library, devices[i].uri, NULL, &error))
        {
          g_assert_error (error, WR_SERVER_ERROR, WR_SERVER_ERROR_NOT_TRUSTED);
          trust (fixture, quinn_uri, devices[i].store);
        }
    }
  for (guint i = 0; i < N_DEVICES; i++)
    sync_ok (fixture, devices[i].store, devices[i].uri);
  for (guint i = 0; i < N_DEVICES; i++)
    g_assert_cmpuint (count_visits (devices[i].store), ==, 6);
  rows = editable_answers (devices[0].store, 1, 5);
  g_assert_cmpuint (rows->len, >=, 4);
  for (guint i = 0; i < N_DEVICES; i++)
    devices[i].rows = rows;

  if (kill_server)
    {
      killer.rand = g_rand_new_with_seed (seed);
      killer_id = g_thread_new ("killer", killer_thread, &killer);
    }

  /* Rounds: every device edits and syncs, all at once. */
  for (guint r = 0; r < N_ROUNDS; r++)
    {
      GThread *threads[N_DEVICES];

      for (guint i = 0; i < N_DEVICES; i++)
        threads[i] = g_thread_new ("device", device_round, &devices[i]);
      for (guint i = 0; i < N_DEVICES; i++)
        g_thread_join (threads[i]);
    }

  if (kill_server)
    {
      g_atomic_int_set (&killer.stop, 1);
      g_thread_join (killer_id);
      g_rand_free (killer.rand);
      g_test_message ("the server was killed %u times", killer.n_kills);
    }

  /* Then each syncs in turn, twice: all converge. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < N_DEVICES; i++)
      sync_ok (fixture, devices[i].store, devices[i].uri);

  expected = all_digests (devices[0].store);
  for (guint i = 1; i < N_DEVICES; i++)
    {
      g_autofree char *theirs = all_digests (devices[i].store);

      g_assert_cmpstr (theirs, ==, expected);
    }

  /* No edit is lost unless a later one, by a device that had it, replaced it. */
  {
    guint n_edits = 0;
    guint n_failed = 0;

    for (guint i = 0; i < N_DEVICES; i++)
      {
        n_edits += devices[i].edits->len;
        n_failed += devices[i].n_failed;
      }
    g_assert_cmpuint (n_edits, >=, N_DEVICES * N_ROUNDS);
    g_test_message ("%u edits; %u syncs stopped by the server's going", n_edits, n_failed);
  }
  for (guint i = 0; i < N_DEVICES; i++)
    for (guint e = 0; e < devices[i].edits->len; e++)
      {
        Edit *edit = devices[i].edits->pdata[e];
        g_auto(GStrv) parts = g_strsplit (edit->row, " ", 2);
        g_autofree char *final = versions_of (devices[0].store, parts[0], parts[1]);
        gboolean replaced = FALSE;

        if (strstr (final, edit->text) != NULL)
          continue;
        for (guint j = 0; j < N_DEVICES && !replaced; j++)
          for (guint k = 0; k < devices[j].edits->len && !replaced; k++)
            {
              Edit *later = devices[j].edits->pdata[k];

              if (g_str_equal (later->row, edit->row) && later != edit)
                replaced = strstr (later->replaced, edit->text) != NULL;
            }
        if (!replaced)
          g_error ("edit %s of %s was lost: the end holds\n%s", edit->text, edit->row, final);
      }

  for (guint i = 0; i < N_DEVICES; i++)
    {
      g_clear_object (&devices[i].store);
      g_clear_object (&devices[i].library);
      g_free (devices[i].uri);
      g_ptr_array_unref (devices[i].edits);
      g_rand_free (devices[i].rand);
    }
}

static void
test_devices_at_once (Fixture       *fixture,
                      gconstpointer  data)
{
  run_devices (fixture, FALSE);
}

static void
test_devices_server_killed (Fixture       *fixture,
                            gconstpointer  data)
{
  run_devices (fixture, TRUE);
}

/* What sync says when it cannot: no store saved, a schema too old, a
 * user who is not one of the store's, a server that is not there.
 */
static void
test_failures (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *dir = device_dir (fixture, "lonely");
  g_autofree char *stranger_uri = NULL;
  g_autofree char *quinn = add_user (fixture, "quinn", "quality-team");
  g_autofree char *quinn_uri = user_uri (fixture, quinn);
  g_autofree char *gone_uri = g_strdup_printf ("postgresql:///%s?host=/nonexistent&user=%s", fixture->database, quinn);
  g_auto(WrTestRun) none = { 0 };
  g_auto(WrTestRun) gone = { 0 };
  g_auto(WrTestRun) insecure = { 0 };
  g_auto(WrTestRun) stranger = { 0 };
  g_auto(WrTestRun) old = { 0 };

  wr_test_run_walkround (&none, dir, "sync", NULL);
  g_assert_cmpint (none.status, ==, 2);
  g_assert_nonnull (strstr (none.err, "--save"));

  wr_test_run_walkround (&gone, dir, "sync", "--server", gone_uri, NULL);
  g_assert_cmpint (gone.status, ==, 1);
  g_assert_nonnull (strstr (gone.err, "Could not connect to the organisation store"));
  g_assert_true (g_str_has_prefix (gone.out, "sent 0, received 0, conflicts 0\n"));

  wr_test_run_walkround (&insecure, dir, "sync", "--server", "postgresql://db.example.org/x?sslmode=require", NULL);
  g_assert_cmpint (insecure.status, ==, 1);
  g_assert_nonnull (strstr (insecure.err, "verify-full"));

  /* A role that is neither visitor nor quality team. */
  {
    g_autoptr(PGconn) conn = wr_test_postgres_connect (server, fixture->database, NULL);
    g_autofree char *sql = g_strdup_printf ("CREATE ROLE stranger%u LOGIN PASSWORD 'pw-stranger'", fixture->n);
    g_autofree char *name = g_strdup_printf ("stranger%u", fixture->n);
    g_autoptr(PGresult) result = PQexec (conn, sql);

    g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
    wr_test_postgres_add_password (server, name, "pw-stranger");
    stranger_uri = user_uri (fixture, name);
  }
  wr_test_run_walkround (&stranger, dir, "sync", "--server", stranger_uri, NULL);
  g_assert_cmpint (stranger.status, ==, 1);
  g_assert_nonnull (strstr (stranger.err, "add-user"));

  /* A store at schema version 1: run server init. */
  {
    g_autoptr(PGconn) conn = wr_test_postgres_connect (server, fixture->database, NULL);
    g_autoptr(PGresult) result = PQexec (conn, "DELETE FROM walkround.schema_version WHERE version > 1");

    g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
  }
  wr_test_run_walkround (&old, dir, "sync", "--server", quinn_uri, NULL);
  g_assert_cmpint (old.status, ==, 1);
  g_assert_nonnull (strstr (old.err, "walkround server init"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/walkround/sync/two-devices", Fixture, NULL, fixture_set_up, test_two_devices, fixture_tear_down);
  g_test_add ("/walkround/sync/visitor-sees-own", Fixture, NULL, fixture_set_up, test_visitor_sees_own,
              fixture_tear_down);
  g_test_add ("/walkround/sync/failures", Fixture, NULL, fixture_set_up, test_failures, fixture_tear_down);
  g_test_add ("/walkround/sync/cut", Fixture, NULL, fixture_set_up, test_cut, fixture_tear_down);
  g_test_add ("/walkround/sync/devices-at-once", Fixture, NULL, fixture_set_up, test_devices_at_once,
              fixture_tear_down);
  g_test_add ("/walkround/sync/devices-server-killed", Fixture, NULL, fixture_set_up, test_devices_server_killed,
              fixture_tear_down);

  server = wr_test_postgres_start ();
  status = g_test_run ();
  wr_test_postgres_stop (server);

  return status;
}
