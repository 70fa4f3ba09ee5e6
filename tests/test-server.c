/* test-server.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The organisation store on a real PostgreSQL server (wr-test-postgres.c):
 * `walkround server init` and `add-user` as a person runs them, and who
 * sees and writes what, checked by connecting as those users with SQL of
 * the test's own, never as a superuser.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "wr-core-test-utils.h"
#include "wr-server.h"
#include "wr-test-postgres.h"

static WrTestPostgres *server;

typedef struct
{
  char *data_dir;   /* walkround's --data-dir, which server commands never use */
  char *database;
  char *uri;        /* the superuser's */
  guint n;          /* makes this test's user names unique in the cluster */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static guint n_databases;

  fixture->n = ++n_databases;
  fixture->data_dir = g_dir_make_tmp ("walkround-server-XXXXXX", NULL);
  fixture->database = g_strdup_printf ("store%u", fixture->n);
  wr_test_postgres_create_database (server, fixture->database);
  fixture->uri = wr_test_postgres_get_uri (server, fixture->database, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_rmdir (fixture->data_dir);
  g_free (fixture->data_dir);
  g_free (fixture->database);
  g_free (fixture->uri);
}

/* A user name of this test's own: "alice3". */
static char *
user_name (Fixture    *fixture,
           const char *name)
{
  return g_strdup_printf ("%s%u", name, fixture->n);
}

static PGresult *
query_ok (PGconn             *conn,
          const char         *sql,
          int                 n_params,
          const char * const *params)
{
  PGresult *result = PQexecParams (conn, sql, n_params, NULL, params, NULL, NULL, 0);
  ExecStatusType status = PQresultStatus (result);

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    g_error ("%s\nfailed: %s", sql, PQresultErrorMessage (result));
  return result;
}

/* The one value of a query, as text. */
static char *
query_value (PGconn             *conn,
             const char         *sql,
             int                 n_params,
             const char * const *params)
{
  g_autoptr(PGresult) result = query_ok (conn, sql, n_params, params);

  g_assert_cmpint (PQntuples (result), ==, 1);
  return g_strdup (PQgetvalue (result, 0, 0));
}

/* Runs what must fail, and gives its SQLSTATE. */
static char *
query_refused (PGconn             *conn,
               const char         *sql,
               int                 n_params,
               const char * const *params)
{
  g_autoptr(PGresult) result = PQexecParams (conn, sql, n_params, NULL, params, NULL, NULL, 0);

  if (PQresultStatus (result) != PGRES_FATAL_ERROR)
    g_error ("%s\nwas allowed; it must be refused", sql);
  return g_strdup (PQresultErrorField (result, PG_DIAG_SQLSTATE));
}

static void
assert_refused_by_policy (PGconn             *conn,
                          const char         *sql,
                          int                 n_params,
                          const char * const *params)
{
  g_autofree char *state = query_refused (conn, sql, n_params, params);

  /* insufficient_privilege: a policy's WITH CHECK, or no grant at all */
  g_assert_cmpstr (state, ==, "42501");
}

/* What init could change, in one text: the schema's tables, columns,
 * owners, grants, row security, policies, functions and versions, the
 * group roles, and the next transaction id (any transaction that wrote
 * anything would have taken one; the server runs no autovacuum).
 */
static char *
snapshot_store (Fixture *fixture)
{
  g_autoptr(PGconn) conn = wr_test_postgres_connect (server, fixture->database, NULL);

  return query_value (conn,
    "SELECT string_agg (x, E'\\n' ORDER BY x) FROM ("
    "  SELECT 'relation ' || c.relname || ' ' || c.relkind::text || ' ' || pg_get_userbyid (c.relowner)"
    "         || ' ' || c.relrowsecurity || ' ' || c.relforcerowsecurity"
    "         || ' ' || coalesce (array_to_string (c.relacl, ','), '')"
    "    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'walkround'"
    "  UNION ALL SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type"
    "    FROM information_schema.columns WHERE table_schema = 'walkround'"
    "  UNION ALL SELECT 'policy ' || tablename || ' ' || policyname || ' ' || cmd || ' '"
    "         || array_to_string (roles, ',') || ' ' || coalesce (qual, '') || ' ' || coalesce (with_check, '')"
    "    FROM pg_policies WHERE schemaname = 'walkround'"
    "  UNION ALL SELECT 'function ' || pg_get_functiondef (p.oid)"
    "    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'walkround'"
    "  UNION ALL SELECT 'version ' || version || ' ' || applied || ' ' || program FROM walkround.schema_version"
    "  UNION ALL SELECT 'role ' || rolname || ' ' || rolcanlogin FROM pg_roles WHERE rolname LIKE 'walkround\\_%'"
    "  UNION ALL SELECT 'next transaction ' || pg_snapshot_xmax (pg_current_snapshot ())"
    ") s (x)",
    0, NULL);
}

static void
run_init (Fixture   *fixture,
          WrTestRun *run)
{
  wr_test_run_walkround (run, fixture->data_dir, "server", "init", fixture->uri, NULL);
}

static void
init_store (Fixture *fixture)
{
  g_auto(WrTestRun) run = { 0 };

  run_init (fixture, &run);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
}

/* Adds a user through the command line, with a password. */
static void
add_user (Fixture    *fixture,
          const char *name,
          const char *role)
{
  g_auto(WrTestRun) run = { 0 };
  g_autofree char *password = g_strdup_printf ("pw-%s-%08x", name, g_random_int ());
  g_autofree char *file = g_build_filename (fixture->data_dir, "password", NULL);

  g_assert_true (g_file_set_contents (file, password, -1, NULL));
  wr_test_run_walkround (&run, fixture->data_dir, "server", "add-user", fixture->uri, name,
                         "--role", role, "--password-file", file, NULL);
  g_unlink (file);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  /* The password is never shown. */
  g_assert_null (strstr (run.out, password));
  wr_test_postgres_add_password (server, name, password);
}

static void
test_init_creates (Fixture       *fixture,
                   gconstpointer  data)
{
  g_auto(WrTestRun) run = { 0 };
  g_autoptr(PGconn) conn = NULL;
  g_autofree char *expected = g_strdup_printf ("Made the organisation store, schema version %u.\n",
                                               wr_server_get_schema_version ());
  g_autofree char *version = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *tables = NULL;
  g_autofree char *not_owned = NULL;
  g_autofree char *unforced = NULL;
  g_autofree char *login_groups = NULL;
  g_autofree char *n_policies = NULL;

  run_init (fixture, &run);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpstr (run.out, ==, expected);
  g_assert_cmpint (run.status, ==, 0);

  conn = wr_test_postgres_connect (server, fixture->database, NULL);
  version = query_value (conn, "SELECT max (version) FROM walkround.schema_version", 0, NULL);
  g_assert_cmpuint (g_ascii_strtoull (version, NULL, 10), ==, wr_server_get_schema_version ());

  owner = query_value (conn, "SELECT pg_get_userbyid (nspowner) FROM pg_namespace WHERE nspname = 'walkround'",
                       0, NULL);
  g_assert_cmpstr (owner, ==, "walkround_owner");
  tables = query_value (conn,
                        "SELECT string_agg (relname, ' ' ORDER BY relname) FROM pg_class c"
                        "  JOIN pg_namespace n ON n.oid = c.relnamespace"
                        "  WHERE n.nspname = 'walkround' AND c.relkind = 'r'", 0, NULL);
  g_assert_cmpstr (tables, ==, "attachment_data devices forms schema_version services visit_access "
                               "visit_clocks visit_copies visit_rows visits");
  not_owned = query_value (conn,
                           "SELECT count (*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                           "  WHERE n.nspname = 'walkround' AND pg_get_userbyid (c.relowner) <> 'walkround_owner'",
                           0, NULL);
  g_assert_cmpstr (not_owned, ==, "0");

  /* Row-level security on every table but the version's, and forced:
   * it holds for the owner too.
   */
  unforced = query_value (conn,
                          "SELECT coalesce (string_agg (relname, ' '), '') FROM pg_class c"
                          "  JOIN pg_namespace n ON n.oid = c.relnamespace"
                          "  WHERE n.nspname = 'walkround' AND c.relkind = 'r' AND relname <> 'schema_version'"
                          "    AND NOT (c.relrowsecurity AND c.relforcerowsecurity)", 0, NULL);
  g_assert_cmpstr (unforced, ==, "");
  n_policies = query_value (conn, "SELECT count (*) FROM pg_policies WHERE schemaname = 'walkround'", 0, NULL);
  g_assert_cmpuint (g_ascii_strtoull (n_policies, NULL, 10), >=, 9);

  /* The owner and the groups are no one's login. */
  login_groups = query_value (conn,
                              "SELECT count (*) || ' ' || count (*) FILTER (WHERE rolcanlogin) FROM pg_roles"
                              "  WHERE rolname IN ('walkround_owner', 'walkround_visitor', 'walkround_quality_team')",
                              0, NULL);
  g_assert_cmpstr (login_groups, ==, "3 0");
}

static void
test_init_twice (Fixture       *fixture,
                 gconstpointer  data)
{
  g_auto(WrTestRun) run = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *expected = g_strdup_printf ("The organisation store is at schema version %u already; "
                                               "nothing was changed.\n", wr_server_get_schema_version ());

  init_store (fixture);
  before = snapshot_store (fixture);
  g_assert_nonnull (strstr (before, "policy visit_rows"));

  run_init (fixture, &run);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpstr (run.out, ==, expected);
  g_assert_cmpint (run.status, ==, 0);

  after = snapshot_store (fixture);
  g_assert_cmpstr (after, ==, before);
}

static void
test_init_newer (Fixture       *fixture,
                 gconstpointer  data)
{
  g_auto(WrTestRun) run = { 0 };
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(PGresult) result = NULL;
  g_autofree char *newer = g_strdup_printf ("%u", wr_server_get_schema_version () + 1);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *params[] = { newer };

  init_store (fixture);
  conn = wr_test_postgres_connect (server, fixture->database, NULL);
  result = query_ok (conn, "INSERT INTO walkround.schema_version (version, program) VALUES ($1, 'walkround 99')",
                     1, params);
  before = snapshot_store (fixture);

  run_init (fixture, &run);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "newer than this Walkround knows"));
  g_assert_nonnull (strstr (run.err, "nothing was changed"));

  /* Nor does add-user add to it. */
  {
    g_auto(WrTestRun) add = { 0 };
    g_autofree char *alice = user_name (fixture, "alice");

    wr_test_run_walkround (&add, fixture->data_dir, "server", "add-user", fixture->uri, alice,
                           "--role", "visitor", NULL);
    g_assert_cmpint (add.status, ==, 1);
    g_assert_nonnull (strstr (add.err, "newer than this Walkround knows"));
  }

  after = snapshot_store (fixture);
  g_assert_cmpstr (after, ==, before);
}

/* A migration is one transaction: one that fails half way (here because
 * its user may make roles and schemas, but is no superuser) leaves
 * nothing behind.
 */
static void
test_init_fails_whole (Fixture       *fixture,
                       gconstpointer  data)
{
  g_auto(WrTestRun) run = { 0 };
  g_autoptr(PGconn) conn = wr_test_postgres_connect (server, fixture->database, NULL);
  g_autofree char *admin = user_name (fixture, "admin");
  g_autofree char *admin_uri = wr_test_postgres_get_uri (server, fixture->database, admin);
  g_autofree char *create = NULL;
  g_autofree char *grant = NULL;
  g_autofree char *left = NULL;
  g_autoptr(PGresult) created = NULL;
  g_autoptr(PGresult) granted = NULL;

  /* The test's own SQL: names it made itself, and a password of its own. */
  create = g_strdup_printf ("CREATE ROLE %s LOGIN CREATEROLE PASSWORD 'admin-password'", admin);
  grant = g_strdup_printf ("GRANT CREATE ON DATABASE %s TO %s", fixture->database, admin);
  created = query_ok (conn, create, 0, NULL);
  granted = query_ok (conn, grant, 0, NULL);
  wr_test_postgres_add_password (server, admin, "admin-password");

  wr_test_run_walkround (&run, fixture->data_dir, "server", "init", admin_uri, NULL);
  g_test_message ("%s", run.err);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "from schema version 0 to 1"));
  g_assert_nonnull (strstr (run.err, "needs a PostgreSQL superuser"));

  left = query_value (conn,
                      "SELECT count (*) FROM pg_namespace n LEFT JOIN pg_class c ON c.relnamespace = n.oid"
                      "  WHERE n.nspname = 'walkround'", 0, NULL);
  g_assert_cmpstr (left, ==, "0");
}

static void
test_add_user (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *alice = user_name (fixture, "alice");
  g_autofree char *quinn = user_name (fixture, "quinn");
  g_autofree char *alice_uri = NULL;
  g_autoptr(PGconn) alice_conn = NULL;
  g_autoptr(PGconn) quinn_conn = NULL;
  g_autoptr(PGconn) admin = NULL;
  g_autofree char *alice_groups = NULL;
  g_autofree char *quinn_groups = NULL;
  g_autofree char *quinn_expected = NULL;
  g_autofree char *login = NULL;
  g_auto(WrTestRun) no_password = { 0 };
  const char *params[] = { alice };

  init_store (fixture);

  /* Without a password it can log in once it has one; it says how. */
  wr_test_run_walkround (&no_password, fixture->data_dir, "server", "add-user", fixture->uri, alice,
                         "--role", "visitor", NULL);
  g_assert_cmpstr (no_password.err, ==, "");
  g_assert_cmpint (no_password.status, ==, 0);
  g_assert_nonnull (strstr (no_password.out, "a visitor"));
  g_assert_nonnull (strstr (no_password.out, "\\password"));
  g_assert_nonnull (strstr (no_password.out, ".pgpass"));
  alice_uri = wr_test_postgres_get_uri (server, fixture->database, alice);
  alice_conn = PQconnectdb (alice_uri);
  g_assert_cmpint (PQstatus (alice_conn), ==, CONNECTION_BAD);

  admin = wr_test_postgres_connect (server, fixture->database, NULL);
  login = query_value (admin, "SELECT rolcanlogin FROM pg_roles WHERE rolname = $1", 1, params);
  g_assert_cmpstr (login, ==, "t");
  g_clear_pointer (&login, g_free);
  login = query_value (admin, "SELECT count (*) FROM pg_roles WHERE rolname = 'walkround_owner' AND NOT rolcanlogin",
                       0, NULL);
  g_assert_cmpstr (login, ==, "1");

  /* With a password file, it logs in with that password. */
  add_user (fixture, quinn, "quality-team");
  quinn_conn = wr_test_postgres_connect (server, fixture->database, quinn);
  quinn_groups = query_value (quinn_conn,
                              "SELECT current_user || ' ' || pg_has_role ('walkround_quality_team', 'MEMBER')"
                              "       || ' ' || pg_has_role ('walkround_visitor', 'MEMBER')", 0, NULL);
  quinn_expected = g_strdup_printf ("%s true false", quinn);
  g_assert_cmpstr (quinn_groups, ==, quinn_expected);

  alice_groups = query_value (admin,
                              "SELECT pg_has_role ($1, 'walkround_visitor', 'MEMBER')"
                              "       || ' ' || pg_has_role ($1, 'walkround_quality_team', 'MEMBER')", 1, params);
  g_assert_cmpstr (alice_groups, ==, "true false");
}

static void
test_add_user_refused (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *alice = user_name (fixture, "alice");
  g_autoptr(PGconn) admin = NULL;
  g_autofree char *roles_before = NULL;
  g_autofree char *roles_after = NULL;
  const char *bad_names[] = { "Robert'); DROP ROLE postgres; --", "Alice", "1alice", "walkround_owner", "pg_alice",
                              "postgres", "", "al ice" };
  const char *roles_sql = "SELECT string_agg (rolname, ' ' ORDER BY rolname) FROM pg_roles";

  /* Before init: there is no store to add to. */
  {
    g_auto(WrTestRun) run = { 0 };

    wr_test_run_walkround (&run, fixture->data_dir, "server", "add-user", fixture->uri, alice,
                           "--role", "visitor", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "walkround server init"));
  }

  init_store (fixture);
  admin = wr_test_postgres_connect (server, fixture->database, NULL);
  roles_before = query_value (admin, roles_sql, 0, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad_names); i++)
    {
      g_auto(WrTestRun) run = { 0 };

      wr_test_run_walkround (&run, fixture->data_dir, "server", "add-user", fixture->uri, bad_names[i],
                             "--role", "visitor", NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_true (strstr (run.err, "cannot be a user’s name") != NULL ||
                     strstr (run.err, "keeps for itself") != NULL);
    }

  /* No role, a role that is not one, and a password on the command line. */
  {
    g_auto(WrTestRun) no_role = { 0 };
    g_auto(WrTestRun) bad_role = { 0 };
    g_auto(WrTestRun) password = { 0 };

    wr_test_run_walkround (&no_role, fixture->data_dir, "server", "add-user", fixture->uri, alice, NULL);
    g_assert_cmpint (no_role.status, ==, 2);
    g_assert_nonnull (strstr (no_role.err, "--role visitor or --role quality-team"));
    wr_test_run_walkround (&bad_role, fixture->data_dir, "server", "add-user", fixture->uri, alice,
                           "--role", "superuser", NULL);
    g_assert_cmpint (bad_role.status, ==, 2);
    wr_test_run_walkround (&password, fixture->data_dir, "server", "add-user", fixture->uri, alice,
                           "--role", "visitor", "--password", "secret", NULL);
    g_assert_cmpint (password.status, ==, 2);
  }

  roles_after = query_value (admin, roles_sql, 0, NULL);
  g_assert_cmpstr (roles_after, ==, roles_before);

  /* A role that is there already is left as it is. */
  add_user (fixture, alice, "visitor");
  {
    g_auto(WrTestRun) again = { 0 };

    wr_test_run_walkround (&again, fixture->data_dir, "server", "add-user", fixture->uri, alice,
                           "--role", "quality-team", NULL);
    g_assert_cmpint (again.status, ==, 1);
    g_assert_nonnull (strstr (again.err, "already"));
  }
  {
    g_autoptr(PGconn) conn = wr_test_postgres_connect (server, fixture->database, alice);
    g_autofree char *groups = query_value (conn, "SELECT pg_has_role ('walkround_quality_team', 'MEMBER')", 0, NULL);

    g_assert_cmpstr (groups, ==, "f");
  }
}

#define VISIT_A "0a000000-0000-4000-8000-00000000000a"
#define VISIT_B "0b000000-0000-4000-8000-00000000000b"

static const char *insert_row =
  "INSERT INTO walkround.visit_rows (visit_uuid, row_key, device_id, change_number, content)"
  "  VALUES ($1, $2, $3, $4, '<answer question=\"q\" value=\"yes\"/>')";

/* @user makes a visit on @device: the visit, themselves on it, a row and its clock. */
static void
make_visit (PGconn     *conn,
            const char *visit,
            const char *device)
{
  const char *visit_params[] = { visit };
  const char *row_params[] = { visit, "visit", device, "1" };
  const char *clock_params[] = { visit, device };
  PGresult *results[5];

  results[0] = query_ok (conn, "BEGIN", 0, NULL);
  results[1] = query_ok (conn, "INSERT INTO walkround.visits (uuid) VALUES ($1)", 1, visit_params);
  results[2] = query_ok (conn, "INSERT INTO walkround.visit_access (visit_uuid, role_name) VALUES ($1, current_user)",
                         1, visit_params);
  results[3] = query_ok (conn, insert_row, 4, row_params);
  PQclear (query_ok (conn, "INSERT INTO walkround.visit_clocks (visit_uuid, device_id, counter) VALUES ($1, $2, 1)",
                     2, clock_params));
  results[4] = query_ok (conn, "COMMIT", 0, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    PQclear (results[i]);
}

static guint64
count (PGconn     *conn,
       const char *sql,
       const char *param)
{
  const char *params[] = { param };
  g_autofree char *value = query_value (conn, sql, param != NULL ? 1 : 0, param != NULL ? params : NULL);

  return g_ascii_strtoull (value, NULL, 10);
}

static void
test_row_security (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *alice = user_name (fixture, "alice");
  g_autofree char *bob = user_name (fixture, "bob");
  g_autofree char *quinn = user_name (fixture, "quinn");
  g_autoptr(PGconn) a = NULL;
  g_autoptr(PGconn) b = NULL;
  g_autoptr(PGconn) q = NULL;
  g_autofree char *state = NULL;

  init_store (fixture);
  add_user (fixture, alice, "visitor");
  add_user (fixture, bob, "visitor");
  add_user (fixture, quinn, "quality-team");
  a = wr_test_postgres_connect (server, fixture->database, alice);
  b = wr_test_postgres_connect (server, fixture->database, bob);
  q = wr_test_postgres_connect (server, fixture->database, quinn);

  /* The quality team registers and trusts each person's device. */
  {
    const char *sql = "INSERT INTO walkround.devices (device_id, role_name, trusted) VALUES ($1, $2, true)";
    const char *alice_laptop[] = { "alice-laptop", alice };
    const char *bob_laptop[] = { "bob-laptop", bob };
    const char *quinn_laptop[] = { "quinn-laptop", quinn };

    PQclear (query_ok (q, sql, 2, alice_laptop));
    PQclear (query_ok (q, sql, 2, bob_laptop));
    PQclear (query_ok (q, sql, 2, quinn_laptop));
  }

  make_visit (a, VISIT_A, "alice-laptop");
  make_visit (b, VISIT_B, "bob-laptop");

  /* A visitor sees the visits they are on, and nothing of another's. */
  g_assert_cmpuint (count (a, "SELECT count (*) FROM walkround.visits", NULL), ==, 1);
  g_assert_cmpuint (count (a, "SELECT count (*) FROM walkround.visits WHERE uuid = $1", VISIT_B), ==, 0);
  g_assert_cmpuint (count (a, "SELECT count (*) FROM walkround.visit_rows WHERE visit_uuid = $1", VISIT_B), ==, 0);
  g_assert_cmpuint (count (a, "SELECT count (*) FROM walkround.visit_rows", NULL), ==, 1);
  g_assert_cmpuint (count (a, "SELECT count (*) FROM walkround.visit_clocks WHERE visit_uuid = $1", VISIT_B), ==, 0);
  g_assert_cmpuint (count (a, "SELECT count (*) FROM walkround.visit_access WHERE visit_uuid = $1", VISIT_B), ==, 0);
  g_assert_cmpuint (count (a, "SELECT count (*) FROM walkround.devices", NULL), ==, 1);
  g_assert_cmpuint (count (b, "SELECT count (*) FROM walkround.visit_rows WHERE visit_uuid = $1", VISIT_A), ==, 0);

  /* …nor may they write a row of a device registered to another role,
   * even on their own visit, nor write to another's visit, nor put
   * themselves on it.
   */
  {
    const char *bobs_device[] = { VISIT_A, "answer q - -", "bob-laptop", "2" };
    const char *quinns_device[] = { VISIT_A, "answer q - -", "quinn-laptop", "2" };
    const char *bobs_visit[] = { VISIT_B, "answer q - -", "alice-laptop", "2" };
    const char *bobs_clock[] = { VISIT_A, "bob-laptop" };
    const char *join_b[] = { VISIT_B };
    const char *own[] = { VISIT_A, "answer q - -", "alice-laptop", "2" };

    assert_refused_by_policy (a, insert_row, 4, bobs_device);
    assert_refused_by_policy (a, insert_row, 4, quinns_device);
    assert_refused_by_policy (a, insert_row, 4, bobs_visit);
    assert_refused_by_policy (a, "INSERT INTO walkround.visit_clocks (visit_uuid, device_id, counter) VALUES ($1, $2, 5)",
                              2, bobs_clock);
    assert_refused_by_policy (a, "INSERT INTO walkround.visit_access (visit_uuid, role_name) VALUES ($1, current_user)",
                              1, join_b);
    /* Their own device on their own visit is what they may write. */
    PQclear (query_ok (a, insert_row, 4, own));
  }

  /* A device a visitor registers is untrusted until the quality team
   * trusts it; they cannot trust it themselves.
   */
  {
    const char *tablet[] = { "alice-tablet" };
    const char *tablet_row[] = { VISIT_A, "answer q - -", "alice-tablet", "3" };

    assert_refused_by_policy (a, "INSERT INTO walkround.devices (device_id, trusted) VALUES ($1, true)", 1, tablet);
    PQclear (query_ok (a, "INSERT INTO walkround.devices (device_id) VALUES ($1)", 1, tablet));
    assert_refused_by_policy (a, insert_row, 4, tablet_row);
    assert_refused_by_policy (a, "UPDATE walkround.devices SET trusted = true WHERE device_id = $1", 1, tablet);
    PQclear (query_ok (q, "UPDATE walkround.devices SET trusted = true WHERE device_id = $1", 1, tablet));
    PQclear (query_ok (a, insert_row, 4, tablet_row));
  }

  /* Hand-written SQL cannot take row security off. */
  assert_refused_by_policy (a, "ALTER TABLE walkround.visit_rows DISABLE ROW LEVEL SECURITY", 0, NULL);
  assert_refused_by_policy (a, "ALTER TABLE walkround.visit_rows NO FORCE ROW LEVEL SECURITY", 0, NULL);
  PQclear (query_ok (a, "SET row_security = off", 0, NULL));
  assert_refused_by_policy (a, "SELECT count (*) FROM walkround.visit_rows", 0, NULL);
  PQclear (query_ok (a, "RESET row_security", 0, NULL));
  state = query_refused (a, "SET ROLE walkround_owner", 0, NULL);
  g_assert_cmpstr (state, ==, "42501");

  /* The quality team sees every visit, but writes only with its own devices. */
  g_assert_cmpuint (count (q, "SELECT count (*) FROM walkround.visits", NULL), ==, 2);
  g_assert_cmpuint (count (q, "SELECT count (*) FROM walkround.visit_rows", NULL), ==, 4);
  g_assert_cmpuint (count (q, "SELECT count (*) FROM walkround.visit_clocks", NULL), ==, 2);
  g_assert_cmpuint (count (q, "SELECT count (*) FROM walkround.devices", NULL), ==, 4);
  {
    const char *alices_device[] = { VISIT_B, "review r1", "alice-laptop", "9" };
    const char *own[] = { VISIT_B, "review r1", "quinn-laptop", "1" };

    assert_refused_by_policy (q, insert_row, 4, alices_device);
    PQclear (query_ok (q, insert_row, 4, own));
  }

  /* Services and forms: everyone sees them. */
  {
    const char *service[] = { "0c000000-0000-4000-8000-00000000000c", "quinn-laptop" };

    PQclear (query_ok (q, "INSERT INTO walkround.services (uuid, content, modified, device_id)"
                          "  VALUES ($1, '<service name=\"Ward 7\"/>', '2026-12-07T10:00:00+00:00', $2)", 2, service));
    g_assert_cmpuint (count (a, "SELECT count (*) FROM walkround.services", NULL), ==, 1);
    g_assert_cmpuint (count (b, "SELECT count (*) FROM walkround.services", NULL), ==, 1);
  }

  /* A revoked device writes nothing more. */
  {
    const char *laptop[] = { "alice-laptop" };
    const char *row[] = { VISIT_A, "answer q2 - -", "alice-laptop", "4" };

    PQclear (query_ok (q, "UPDATE walkround.devices SET revoked = now () WHERE device_id = $1", 1, laptop));
    assert_refused_by_policy (a, insert_row, 4, row);
  }

  /* The quality team puts Bob on Alice's visit: then he sees it. */
  {
    const char *params[] = { VISIT_A, bob };

    PQclear (query_ok (q, "INSERT INTO walkround.visit_access (visit_uuid, role_name) VALUES ($1, $2)", 2, params));
    g_assert_cmpuint (count (b, "SELECT count (*) FROM walkround.visit_rows WHERE visit_uuid = $1", VISIT_A), ==, 3);
  }
}

static void
test_tls_required (void)
{
  g_autoptr(GError) error = NULL;
  const char *insecure[] = {
    "postgresql://db.example.org/walkround?sslmode=require",
    "postgresql://db.example.org/walkround?sslmode=disable",
    "host=db.example.org dbname=walkround sslmode=verify-ca",
    "postgresql:///walkround?hostaddr=192.0.2.7&sslmode=prefer",
  };

  for (guint i = 0; i < G_N_ELEMENTS (insecure); i++)
    {
      g_auto(WrTestRun) run = { 0 };
      g_autoptr(GError) refused = NULL;

      g_assert_false (wr_server_check_uri (insecure[i], &refused));
      g_assert_error (refused, WR_SERVER_ERROR, WR_SERVER_ERROR_INSECURE);

      wr_test_run_walkround (&run, "/nonexistent", "server", "init", insecure[i], NULL);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_nonnull (strstr (run.err, "sslmode=verify-full"));
      /* The URI is never repeated: it can hold a password. */
      g_assert_null (strstr (run.err, "db.example.org"));
    }

  /* Local sockets need no TLS; over TCP, no sslmode means verify-full. */
  g_assert_true (wr_server_check_uri ("postgresql:///walkround?host=/run/postgresql&sslmode=disable", &error));
  g_assert_no_error (error);
  g_assert_true (wr_server_check_uri ("postgresql:///walkround", &error));
  g_assert_no_error (error);
  g_assert_true (wr_server_check_uri ("postgresql://db.example.org/walkround", &error));
  g_assert_no_error (error);
  g_assert_true (wr_server_check_uri ("postgresql://db.example.org/walkround?sslmode=verify-full", &error));
  g_assert_no_error (error);

  g_assert_false (wr_server_check_uri ("postgresql://[broken", &error));
  g_assert_error (error, WR_SERVER_ERROR, WR_SERVER_ERROR_CONNECT);
}

static void
test_usage (void)
{
  g_auto(WrTestRun) none = { 0 };
  g_auto(WrTestRun) unknown = { 0 };
  g_auto(WrTestRun) help = { 0 };

  wr_test_run_walkround (&none, "/nonexistent", "server", NULL);
  g_assert_cmpint (none.status, ==, 2);
  wr_test_run_walkround (&unknown, "/nonexistent", "server", "drop", "postgresql:///x", NULL);
  g_assert_cmpint (unknown.status, ==, 2);
  wr_test_run_walkround (&help, "/nonexistent", "help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "  server "));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/walkround/server/tls-required", test_tls_required);
  g_test_add_func ("/walkround/server/usage", test_usage);
  g_test_add ("/walkround/server/init/creates", Fixture, NULL, fixture_set_up, test_init_creates, fixture_tear_down);
  g_test_add ("/walkround/server/init/twice", Fixture, NULL, fixture_set_up, test_init_twice, fixture_tear_down);
  g_test_add ("/walkround/server/init/newer", Fixture, NULL, fixture_set_up, test_init_newer, fixture_tear_down);
  g_test_add ("/walkround/server/init/fails-whole", Fixture, NULL, fixture_set_up, test_init_fails_whole,
              fixture_tear_down);
  g_test_add ("/walkround/server/add-user/login", Fixture, NULL, fixture_set_up, test_add_user, fixture_tear_down);
  g_test_add ("/walkround/server/add-user/refused", Fixture, NULL, fixture_set_up, test_add_user_refused,
              fixture_tear_down);
  g_test_add ("/walkround/server/row-security", Fixture, NULL, fixture_set_up, test_row_security, fixture_tear_down);

  server = wr_test_postgres_start ();
  status = g_test_run ();
  wr_test_postgres_stop (server);

  return status;
}
