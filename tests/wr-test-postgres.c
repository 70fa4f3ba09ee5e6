/* wr-test-postgres.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A real PostgreSQL server for tests: Debian's postgresql package, started
 * with initdb and pg_ctl in a temporary folder, listening on a Unix socket
 * in that folder only (no TCP), with password (SCRAM) authentication.
 *
 * initdb and postgres refuse to run as root, and CI runs as root: then the
 * server runs as "nobody" (through setpriv), in a folder given to it,
 * while the test connects over the socket as the superuser role
 * "postgres", whose password is in a .pgpass file that PGPASSFILE names
 * for the test and the walkround processes it starts.
 *
 * A guard process stops the server and removes the folder when the test
 * process goes, however it goes (a failed assertion aborts it): it waits
 * for the end of a pipe only the test holds open.
 *
 * No PostgreSQL is a failure, not a skip: build-aux/dev test installs it.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wr-test-postgres.h"

#define SUPERUSER "postgres"

struct _WrTestPostgres
{
  char      *folder;     /* holds data/, the socket, the log, .pgpass */
  char      *bindir;
  char      *pgpass;
  char      *superuser_password;
  GPtrArray *run_as;     /* the words before a server program: setpriv … when root */
  char      *start_options; /* the server's -o, for a restart */
  GPid       guard;
  int        guard_fd;   /* the guard's standard input; closing it stops the server */
};

/* Where initdb and pg_ctl are: pg_config --bindir (Debian puts them in
 * /usr/lib/postgresql/VERSION/bin, off the PATH), else the newest such
 * folder.
 */
static char *
find_bindir (void)
{
  g_autofree char *pg_config = g_find_program_in_path ("pg_config");
  g_autoptr(GDir) versions = NULL;
  g_autofree char *best = NULL;
  guint64 best_version = 0;
  const char *name;

  if (pg_config != NULL)
    {
      const char *argv[] = { pg_config, "--bindir", NULL };
      g_autofree char *out = NULL;
      int status = 0;

      if (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, NULL) &&
          g_spawn_check_wait_status (status, NULL))
        {
          g_autofree char *initdb = g_build_filename (g_strstrip (out), "initdb", NULL);

          if (g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE))
            return g_strdup (out);
        }
    }

  if ((versions = g_dir_open ("/usr/lib/postgresql", 0, NULL)))
    {
      while ((name = g_dir_read_name (versions)))
        {
          g_autofree char *initdb = g_build_filename ("/usr/lib/postgresql", name, "bin", "initdb", NULL);
          guint64 version = 0;

          if (g_ascii_string_to_unsigned (name, 10, 0, G_MAXUINT, &version, NULL) && version > best_version &&
              g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE))
            {
              best_version = version;
              g_free (best);
              best = g_build_filename ("/usr/lib/postgresql", name, "bin", NULL);
            }
        }
    }

  return g_steal_pointer (&best);
}

static void
give_to (const char *path,
         uid_t       uid,
         gid_t       gid)
{
  if (chown (path, uid, gid) != 0)
    g_error ("could not give %s to the server's user: %s", path, g_strerror (errno));
}

/* Runs a server program (as nobody when we are root) in the folder, and
 * fails the test with what it said if it fails.
 */
static void
run_server_program (WrTestPostgres     *self,
                    const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *log = NULL;
  g_autofree char *log_path = g_build_filename (self->folder, "server.log", NULL);
  int status = 0;

  for (guint i = 0; i < self->run_as->len; i++)
    g_ptr_array_add (argv, g_strdup (g_ptr_array_index (self->run_as, i)));
  g_ptr_array_add (argv, g_build_filename (self->bindir, args[0], NULL));
  for (guint i = 1; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (self->folder, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, &error))
    g_error ("could not run %s: %s", args[0], error->message);
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_file_get_contents (log_path, &log, NULL, NULL);
      g_error ("PostgreSQL's %s failed:\n%s%s\n%s", args[0], out, err, log != NULL ? log : "");
    }
}

static void
guard_child_setup (gpointer data)
{
  /* Its own session: a Ctrl+C at the terminal must not stop it before it
   * has stopped the server.
   */
  setsid ();
}

/* The guard: once its standard input ends (the test closed it, or went),
 * it stops the server, fast, and removes the folder.
 */
static void
start_guard (WrTestPostgres *self,
             const char     *data)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *pg_ctl = g_build_filename (self->bindir, "pg_ctl", NULL);

  g_ptr_array_add (argv, g_strdup ("/bin/sh"));
  g_ptr_array_add (argv, g_strdup ("-c"));
  g_ptr_array_add (argv, g_strdup ("cat >/dev/null; dir=$1; shift; \"$@\" >/dev/null 2>&1; rm -rf -- \"$dir\""));
  g_ptr_array_add (argv, g_strdup ("walkround-test-postgres-guard"));
  g_ptr_array_add (argv, g_strdup (self->folder));
  for (guint i = 0; i < self->run_as->len; i++)
    g_ptr_array_add (argv, g_strdup (g_ptr_array_index (self->run_as, i)));
  g_ptr_array_add (argv, g_strdup (pg_ctl));
  g_ptr_array_add (argv, g_strdup ("-D"));
  g_ptr_array_add (argv, g_strdup (data));
  g_ptr_array_add (argv, g_strdup ("-m"));
  g_ptr_array_add (argv, g_strdup ("immediate"));
  g_ptr_array_add (argv, g_strdup ("-w"));
  g_ptr_array_add (argv, g_strdup ("stop"));
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_async_with_pipes ("/", (char **) argv->pdata, NULL,
                                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                 guard_child_setup, NULL, &self->guard, &self->guard_fd, NULL, NULL, &error))
    g_error ("could not start the PostgreSQL guard: %s", error->message);
  /* Only this process may hold it open: not the walkround processes it starts. */
  fcntl (self->guard_fd, F_SETFD, FD_CLOEXEC);
}

/**
 * wr_test_postgres_start:
 *
 * Makes and starts a server, and points PGPASSFILE at its .pgpass (the
 * PG* variables that could send a connection elsewhere are unset). Fails
 * the test, saying why, when PostgreSQL is not installed.
 *
 * Returns: (transfer full): the server; stop it with wr_test_postgres_stop()
 */
WrTestPostgres *
wr_test_postgres_start (void)
{
  static const char * const unset[] = { "PGHOST", "PGHOSTADDR", "PGPORT", "PGUSER", "PGDATABASE",
                                        "PGPASSWORD", "PGSSLMODE", "PGSERVICE", "PGSERVICEFILE",
                                        "PGOPTIONS", "PGAPPNAME", "PGREQUIRESSL", "PGCONNECT_TIMEOUT" };
  WrTestPostgres *self = g_new0 (WrTestPostgres, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *pwfile = NULL;
  g_autofree char *pwfile_option = NULL;
  g_autofree char *options = NULL;
  g_autofree char *log = NULL;
  struct passwd *nobody = NULL;

  if (!(self->bindir = find_bindir ()))
    g_error ("PostgreSQL's server is not installed: no initdb was found by “pg_config --bindir” or in "
             "/usr/lib/postgresql/*/bin. Install Debian's postgresql package (build-aux/dev test does).");

  /* A short path: a socket's path must fit in about 100 bytes. */
  if (!(self->folder = g_dir_make_tmp ("walkround-pg-XXXXXX", &error)))
    g_error ("could not make the server's folder: %s", error->message);
  if (strlen (self->folder) > 80)
    {
      g_rmdir (self->folder);
      g_free (self->folder);
      self->folder = g_strdup ("/tmp/walkround-pg-XXXXXX");
      if (!g_mkdtemp (self->folder))
        g_error ("could not make the server's folder in /tmp: %s", g_strerror (errno));
    }
  data = g_build_filename (self->folder, "data", NULL);
  pwfile = g_build_filename (self->folder, "superuser-password", NULL);
  log = g_build_filename (self->folder, "server.log", NULL);
  self->pgpass = g_build_filename (self->folder, "pgpass", NULL);
  self->run_as = g_ptr_array_new_with_free_func (g_free);

  if (geteuid () == 0)
    {
      if (!(nobody = getpwnam ("nobody")))
        g_error ("running as root, the PostgreSQL server needs the user “nobody” to run as, and there is none");
      g_ptr_array_add (self->run_as, g_strdup ("setpriv"));
      g_ptr_array_add (self->run_as, g_strdup_printf ("--reuid=%u", (guint) nobody->pw_uid));
      g_ptr_array_add (self->run_as, g_strdup_printf ("--regid=%u", (guint) nobody->pw_gid));
      g_ptr_array_add (self->run_as, g_strdup ("--clear-groups"));
      g_ptr_array_add (self->run_as, g_strdup ("--"));
    }

  /* From here on the guard cleans up, whatever happens. */
  start_guard (self, data);

  self->superuser_password = g_strdup_printf ("walkround-test-%08x", g_random_int ());
  if (!g_file_set_contents (pwfile, self->superuser_password, -1, &error))
    g_error ("could not write %s: %s", pwfile, error->message);
  if (nobody != NULL)
    {
      give_to (self->folder, nobody->pw_uid, nobody->pw_gid);
      give_to (pwfile, nobody->pw_uid, nobody->pw_gid);
    }

  pwfile_option = g_strdup_printf ("--pwfile=%s", pwfile);
  run_server_program (self, (const char * const[]) {
    "initdb", "-D", data, "-U", SUPERUSER, "--auth=scram-sha-256", pwfile_option,
    "-E", "UTF8", "--no-locale", "--no-sync", "--no-instructions", NULL
  });
  g_unlink (pwfile);

  /* No TCP at all; nothing in the background that writes (autovacuum
   * would take transaction ids, which a test counts); no waiting on disks.
   */
  options = g_strdup_printf ("-c listen_addresses='' -c unix_socket_directories='%s' -c autovacuum=off "
                             "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                             self->folder);
  run_server_program (self, (const char * const[]) {
    "pg_ctl", "-D", data, "-l", log, "-o", options, "-w", "-t", "60", "start", NULL
  });
  self->start_options = g_strdup (options);

  for (guint i = 0; i < G_N_ELEMENTS (unset); i++)
    g_unsetenv (unset[i]);
  if (!g_file_set_contents (self->pgpass, "", 0, &error))
    g_error ("could not write %s: %s", self->pgpass, error->message);
  g_chmod (self->pgpass, 0600);
  g_setenv ("PGPASSFILE", self->pgpass, TRUE);
  wr_test_postgres_add_password (self, SUPERUSER, self->superuser_password);

  return self;
}

/**
 * wr_test_postgres_stop:
 *
 * Stops the server, removes its folder and frees @self.
 */
void
wr_test_postgres_stop (WrTestPostgres *self)
{
  int status = 0;

  if (self == NULL)
    return;

  close (self->guard_fd);
  while (waitpid (self->guard, &status, 0) < 0 && errno == EINTR)
    ;
  g_spawn_close_pid (self->guard);
  g_assert_false (g_file_test (self->folder, G_FILE_TEST_EXISTS));
  g_unsetenv ("PGPASSFILE");

  g_free (self->folder);
  g_free (self->bindir);
  g_free (self->pgpass);
  g_free (self->superuser_password);
  g_free (self->start_options);
  g_ptr_array_unref (self->run_as);
  g_free (self);
}

const char *
wr_test_postgres_get_folder (WrTestPostgres *self)
{
  return self->folder;
}

/**
 * wr_test_postgres_get_uri:
 * @database: the database
 * @user: (nullable): the role to connect as, or %NULL for the superuser
 *
 * Returns: (transfer full): a libpq URI for the server's socket, without
 *   a password (.pgpass has them)
 */
char *
wr_test_postgres_get_uri (WrTestPostgres *self,
                          const char     *database,
                          const char     *user)
{
  g_autofree char *host = g_uri_escape_string (self->folder, NULL, FALSE);
  g_autofree char *db = g_uri_escape_string (database, NULL, FALSE);
  g_autofree char *role = g_uri_escape_string (user != NULL ? user : SUPERUSER, NULL, FALSE);

  return g_strdup_printf ("postgresql:///%s?host=%s&user=%s", db, host, role);
}

/* Adds a line to the .pgpass that PGPASSFILE names. */
void
wr_test_postgres_add_password (WrTestPostgres *self,
                               const char     *user,
                               const char     *password)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *updated = NULL;

  g_assert_null (strpbrk (user, ":\\\n"));
  g_assert_null (strpbrk (password, ":\\\n"));
  g_assert_true (g_file_get_contents (self->pgpass, &contents, NULL, &error));
  updated = g_strdup_printf ("%s*:*:*:%s:%s\n", contents, user, password);
  g_assert_true (g_file_set_contents (self->pgpass, updated, -1, &error));
  g_chmod (self->pgpass, 0600);
}

/**
 * wr_test_postgres_connect:
 * @user: (nullable): the role, or %NULL for the superuser
 *
 * Returns: (transfer full): a connection; fails the test if there is none
 */
PGconn *
wr_test_postgres_connect (WrTestPostgres *self,
                          const char     *database,
                          const char     *user)
{
  g_autofree char *uri = wr_test_postgres_get_uri (self, database, user);
  PGconn *conn = PQconnectdb (uri);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("could not connect to the test server as %s: %s", user != NULL ? user : SUPERUSER,
             PQerrorMessage (conn));
  return conn;
}

void
wr_test_postgres_create_database (WrTestPostgres *self,
                                  const char     *name)
{
  g_autoptr(PGconn) conn = wr_test_postgres_connect (self, "postgres", NULL);
  g_autofree char *quoted = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(PGresult) result = NULL;
  char *escaped = PQescapeIdentifier (conn, name, strlen (name));

  quoted = g_strdup (escaped);
  PQfreemem (escaped);
  sql = g_strdup_printf ("CREATE DATABASE %s", quoted);
  result = PQexec (conn, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("could not create the database %s: %s", name, PQerrorMessage (conn));
}

/* The server's processes: the postmaster (from postmaster.pid) and its
 * children (from /proc).
 */
static GArray *
server_pids (WrTestPostgres *self)
{
  g_autofree char *pid_file = g_build_filename (self->folder, "data", "postmaster.pid", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GDir) proc = NULL;
  GArray *pids = g_array_new (FALSE, FALSE, sizeof (pid_t));
  const char *name;
  pid_t postmaster;

  if (!g_file_get_contents (pid_file, &contents, NULL, NULL))
    return pids;
  postmaster = (pid_t) g_ascii_strtoll (contents, NULL, 10);
  if (postmaster <= 0)
    return pids;
  g_array_append_val (pids, postmaster);

  proc = g_dir_open ("/proc", 0, NULL);
  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *stat_path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *stat = NULL;
      const char *after;
      pid_t pid;
      pid_t parent = 0;

      if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (stat_path, &stat, NULL, NULL))
        continue;
      /* "PID (COMMAND) STATE PPID …": the command may hold spaces. */
      if (!(after = strrchr (stat, ')')) || sscanf (after + 1, " %*c %d", &parent) != 1)
        continue;
      pid = (pid_t) g_ascii_strtoll (name, NULL, 10);
      if (parent == postmaster)
        g_array_append_val (pids, pid);
    }
  return pids;
}

/**
 * wr_test_postgres_kill:
 *
 * Kills the server as a crash would: SIGKILL to the postmaster and every
 * process of it, at once, then waits until they are gone. Start it again
 * with wr_test_postgres_restart(), which recovers from its WAL.
 */
void
wr_test_postgres_kill (WrTestPostgres *self)
{
  g_autoptr(GArray) pids = server_pids (self);

  g_assert_cmpuint (pids->len, >, 0);
  for (guint i = 0; i < pids->len; i++)
    kill (g_array_index (pids, pid_t, i), SIGKILL);
  for (guint i = 0; i < pids->len; i++)
    {
      /* Not our children: init reaps them. */
      for (guint tries = 0; tries < 1000 && kill (g_array_index (pids, pid_t, i), 0) == 0; tries++)
        g_usleep (10000);
    }
}

/**
 * wr_test_postgres_restart:
 *
 * Starts the server again after wr_test_postgres_kill().
 */
void
wr_test_postgres_restart (WrTestPostgres *self)
{
  g_autofree char *data = g_build_filename (self->folder, "data", NULL);
  g_autofree char *log = g_build_filename (self->folder, "server.log", NULL);

  run_server_program (self, (const char * const[]) {
    "pg_ctl", "-D", data, "-l", log, "-o", self->start_options, "-w", "-t", "60", "start", NULL
  });
}
