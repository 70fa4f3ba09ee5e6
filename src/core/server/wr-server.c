/* wr-server.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Making, migrating and adding users to the organisation store, through
 * libpq. Values travel as bound parameters (PQexecParams); the few
 * statements that take none (CREATE ROLE, whose name is an identifier and
 * whose password a literal) are built with PQescapeIdentifier and
 * PQescapeLiteral. A password is hashed here (PQencryptPasswordConn), as
 * psql's \password does, so that the clear text never reaches the server
 * or its logs.
 *
 * The connection string is never put in a message: it may hold a
 * password.
 */

#define G_LOG_DOMAIN "wr-server"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wr-server-private.h"

G_DEFINE_QUARK (wr-server-error-quark, wr_server_error)

/* Taken, within the transaction, by every init and add-user, so that two
 * at once on one database take turns: "walkround" in ASCII.
 */
#define SCHEMA_LOCK "8602275971991565678"

gboolean
wr_server_role_from_string (const char   *text,
                            WrServerRole *role)
{
  g_return_val_if_fail (role != NULL, FALSE);

  if (g_strcmp0 (text, "visitor") == 0)
    *role = WR_SERVER_ROLE_VISITOR;
  else if (g_strcmp0 (text, "quality-team") == 0)
    *role = WR_SERVER_ROLE_QUALITY_TEAM;
  else
    return FALSE;
  return TRUE;
}

/**
 * wr_server_role_get_group:
 *
 * Returns: the group role a user of @role is made a member of
 */
const char *
wr_server_role_get_group (WrServerRole role)
{
  switch (role)
    {
    case WR_SERVER_ROLE_VISITOR:
      return WR_SERVER_VISITOR;
    case WR_SERVER_ROLE_QUALITY_TEAM:
      return WR_SERVER_QUALITY_TEAM;
    default:
      g_return_val_if_reached (WR_SERVER_VISITOR);
    }
}

/**
 * wr_server_get_schema_version:
 *
 * Returns: the version of the organisation store's schema this program
 *   makes, and the newest it will work on
 */
guint
wr_server_get_schema_version (void)
{
  return _wr_server_schema_get_latest_version ();
}

/* A host of a connection string is a Unix socket's folder when it is a
 * path (or, on Linux, an abstract socket's name); "a,b" lists several.
 */
static gboolean
hosts_are_local (const char *hosts)
{
  g_auto(GStrv) parts = NULL;

  if (hosts == NULL || hosts[0] == '\0')
    return TRUE;  /* libpq's default: the local socket */

  parts = g_strsplit (hosts, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] != '/' && parts[i][0] != '@' && parts[i][0] != '\0')
        return FALSE;
    }
  return TRUE;
}

/* Whether @uri reaches the server over TCP, and the sslmode it asks for
 * (from the string or PGSSLMODE), or NULL.
 */
static gboolean
parse_uri (const char  *uri,
           gboolean    *tcp,
           char       **sslmode,
           GError     **error)
{
  PQconninfoOption *options;
  const char *host = NULL;
  const char *hostaddr = NULL;
  const char *mode = NULL;
  char *message = NULL;

  if (!(options = PQconninfoParse (uri, &message)))
    {
      g_autofree char *text = g_strdup (message != NULL ? g_strstrip (message) : "");

      PQfreemem (message);
      g_set_error (error, WR_SERVER_ERROR, WR_SERVER_ERROR_CONNECT,
                   /* Translators: %s is libpq's own reason */
                   _("That is not a PostgreSQL connection URI (such as postgresql://host/database): %s"),
                   text);
      return FALSE;
    }

  for (PQconninfoOption *option = options; option->keyword != NULL; option++)
    {
      if (option->val == NULL)
        continue;
      if (g_str_equal (option->keyword, "host"))
        host = option->val;
      else if (g_str_equal (option->keyword, "hostaddr"))
        hostaddr = option->val;
      else if (g_str_equal (option->keyword, "sslmode"))
        mode = option->val;
    }

  /* What the string leaves out, libpq takes from the environment. */
  if (host == NULL)
    host = g_getenv ("PGHOST");
  if (hostaddr == NULL)
    hostaddr = g_getenv ("PGHOSTADDR");
  if (mode == NULL)
    mode = g_getenv ("PGSSLMODE");

  *tcp = (hostaddr != NULL && hostaddr[0] != '\0') || !hosts_are_local (host);
  *sslmode = mode != NULL && mode[0] != '\0' ? g_strdup (mode) : NULL;
  PQconninfoFree (options);
  return TRUE;
}

/**
 * wr_server_check_uri:
 * @uri: a libpq connection URI or key=value string
 *
 * Checks that @uri is one this program connects with: well formed, and
 * over TCP only with sslmode=verify-full (the server's certificate checked
 * against its name), or with no sslmode, which then means verify-full. A
 * local socket needs none.
 *
 * Returns: %FALSE with @error set if not
 */
gboolean
wr_server_check_uri (const char  *uri,
                     GError     **error)
{
  g_autofree char *sslmode = NULL;
  gboolean tcp = FALSE;

  g_return_val_if_fail (uri != NULL, FALSE);

  if (!parse_uri (uri, &tcp, &sslmode, error))
    return FALSE;

  if (tcp && sslmode != NULL && !g_str_equal (sslmode, "verify-full"))
    {
      g_set_error (error, WR_SERVER_ERROR, WR_SERVER_ERROR_INSECURE,
                   _("Walkround connects to a server over the network only with sslmode=verify-full, "
                     "which checks the server’s certificate against its name, not with sslmode=%s: "
                     "leave sslmode out or set it to verify-full (a local socket needs neither)"),
                   sslmode);
      return FALSE;
    }

  return TRUE;
}

PGconn *
_wr_server_connect (const char  *uri,
                    GError     **error)
{
  return _wr_server_connect_with_password (uri, NULL, error);
}

/* @password: (nullable): what the window keeps in the keyring; else
 * libpq's own (~/.pgpass, PGPASSWORD).
 */
PGconn *
_wr_server_connect_with_password (const char  *uri,
                                  const char  *password,
                                  GError     **error)
{
  g_autoptr(PGconn) conn = NULL;
  g_autofree char *sslmode = NULL;
  gboolean tcp = FALSE;
  /* The URI's own values win over the first keyword; sslmode, set only
   * when the URI and environment give none, and the password come after
   * it and win over the URI's.
   */
  const char *keywords[] = { "fallback_application_name", "dbname", NULL, NULL, NULL };
  const char *values[] = { "walkround", uri, NULL, NULL, NULL };
  guint n = 2;

  if (!wr_server_check_uri (uri, error))
    return NULL;
  if (!parse_uri (uri, &tcp, &sslmode, error))
    return NULL;
  if (tcp && sslmode == NULL)
    {
      keywords[n] = "sslmode";
      values[n++] = "verify-full";
    }
  if (password != NULL && password[0] != '\0')
    {
      keywords[n] = "password";
      values[n++] = password;
    }

  conn = PQconnectdbParams (keywords, values, 1);
  if (conn == NULL || PQstatus (conn) != CONNECTION_OK)
    {
      g_autofree char *reason = g_strdup (conn != NULL ? PQerrorMessage (conn) : "");
      g_auto(GStrv) words = g_strsplit_set (reason, " \t\r\n", -1);
      g_autoptr(GString) said = g_string_new (NULL);

      /* libpq's message runs over several indented lines: one line here. */
      for (guint i = 0; words[i] != NULL; i++)
        {
          if (words[i][0] == '\0')
            continue;
          if (said->len > 0)
            g_string_append_c (said, ' ');
          g_string_append (said, words[i]);
        }
      g_free (reason);
      reason = g_string_free (g_steal_pointer (&said), FALSE);

      g_set_error (error, WR_SERVER_ERROR, WR_SERVER_ERROR_CONNECT,
                   /* Translators: %s is libpq's reason */
                   _("Could not connect to the organisation store: %s"), g_strstrip (reason));
      return NULL;
    }

  return g_steal_pointer (&conn);
}

/* The server's message for a failed statement, without its trailing newline. */
void
_wr_server_set_result_error (GError         **error,
                             const PGresult  *result,
                             PGconn          *conn,
                             const char      *what)
{
  const char *primary = result != NULL ? PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  const char *state = result != NULL ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  g_autofree char *reason = g_strdup (primary != NULL ? primary : PQerrorMessage (conn));

  /* insufficient_privilege */
  g_set_error (error, WR_SERVER_ERROR,
               g_strcmp0 (state, "42501") == 0 ? WR_SERVER_ERROR_PERMISSION : WR_SERVER_ERROR_FAILED,
               /* Translators: what was being done, then the server's reason */
               _("%s: %s"), what, g_strstrip (reason));
}

/* Runs SQL that takes no values (one or more statements). */
gboolean
_wr_server_run (PGconn      *conn,
                const char  *sql,
                const char  *what,
                GError     **error)
{
  g_autoptr(PGresult) result = PQexec (conn, sql);
  ExecStatusType status = PQresultStatus (result);

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      _wr_server_set_result_error (error, result, conn, what);
      return FALSE;
    }
  return TRUE;
}

/* Runs one statement with its values bound, as text. */
PGresult *
_wr_server_run_params (PGconn             *conn,
                       const char         *sql,
                       int                 n_params,
                       const char * const *params,
                       const char         *what,
                       GError            **error)
{
  g_autoptr(PGresult) result = PQexecParams (conn, sql, n_params, NULL, params, NULL, NULL, 0);
  ExecStatusType status = PQresultStatus (result);

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      _wr_server_set_result_error (error, result, conn, what);
      return NULL;
    }
  return g_steal_pointer (&result);
}

void
_wr_server_roll_back (PGconn *conn)
{
  g_autoptr(PGresult) result = NULL;

  if (PQtransactionStatus (conn) != PQTRANS_IDLE)
    result = PQexec (conn, "ROLLBACK");
}

static gboolean
begin (PGconn  *conn,
       GError **error)
{
  return _wr_server_run (conn, "BEGIN", _("Could not start a transaction"), error) &&
         _wr_server_run (conn, "SELECT pg_catalog.pg_advisory_xact_lock (" SCHEMA_LOCK ")",
              _("Could not wait for another Walkround working on the store"), error);
}

/* The store's schema version: 0 where the database holds none. A schema
 * named walkround that has no version table is someone else's.
 */
gboolean
_wr_server_read_version (PGconn  *conn,
                         guint   *version,
                         GError **error)
{
  const char *params[] = { WR_SERVER_SCHEMA, WR_SERVER_SCHEMA ".schema_version" };
  g_autoptr(PGresult) found = NULL;
  g_autoptr(PGresult) result = NULL;
  guint64 value = 0;

  if (!(found = _wr_server_run_params (conn,
                            "SELECT pg_catalog.to_regnamespace ($1) IS NOT NULL,"
                            "       pg_catalog.to_regclass ($2) IS NOT NULL",
                            2, params, _("Could not read the store’s schema version"), error)))
    return FALSE;

  if (g_str_equal (PQgetvalue (found, 0, 0), "f"))
    {
      *version = 0;
      return TRUE;
    }
  if (g_str_equal (PQgetvalue (found, 0, 1), "f"))
    {
      g_set_error (error, WR_SERVER_ERROR, WR_SERVER_ERROR_FAILED,
                   _("This database has a schema named “walkround” that Walkround did not make "
                     "(it has no schema_version table); nothing was changed"));
      return FALSE;
    }

  if (!(result = _wr_server_run_params (conn, "SELECT coalesce (max (version), 0) FROM walkround.schema_version",
                             0, NULL, _("Could not read the store’s schema version"), error)))
    return FALSE;
  if (!g_ascii_string_to_unsigned (PQgetvalue (result, 0, 0), 10, 0, G_MAXUINT, &value, NULL))
    {
      g_set_error (error, WR_SERVER_ERROR, WR_SERVER_ERROR_FAILED,
                   _("The store’s schema version “%s” is not a number"), PQgetvalue (result, 0, 0));
      return FALSE;
    }

  *version = (guint) value;
  return TRUE;
}

void
_wr_server_set_too_new (GError **error,
                        guint    version)
{
  g_set_error (error, WR_SERVER_ERROR, WR_SERVER_ERROR_TOO_NEW,
               _("The organisation store has schema version %u, newer than this Walkround knows (%u): "
                 "use a newer Walkround; nothing was changed"),
               version, _wr_server_schema_get_latest_version ());
}

/* Takes the store one version up, in one transaction. */
static gboolean
migrate_once (PGconn  *conn,
              guint    from,
              GError **error)
{
  g_autofree char *next = g_strdup_printf ("%u", from + 1);
  g_autofree char *program = g_strdup_printf ("walkround %s", PACKAGE_VERSION);
  const char *params[] = { next, program };
  g_autoptr(PGresult) inserted = NULL;
  g_autofree char *what = g_strdup_printf (_("Could not take the store from schema version %u to %u"),
                                           from, from + 1);

  if (from == 0 &&
      !_wr_server_run (conn,
            "CREATE SCHEMA walkround;"
            "CREATE TABLE walkround.schema_version ("
            "  version integer PRIMARY KEY CHECK (version > 0),"
            "  applied timestamptz NOT NULL DEFAULT now (),"
            "  program text NOT NULL"
            ");",
            what, error))
    return FALSE;

  if (!_wr_server_run (conn, _wr_server_schema_get_migration (from), what, error))
    return FALSE;

  if (!(inserted = _wr_server_run_params (conn, "INSERT INTO walkround.schema_version (version, program) VALUES ($1, $2)",
                               2, params, what, error)))
    return FALSE;

  return _wr_server_run (conn, "COMMIT", what, error);
}

/**
 * wr_server_init:
 * @uri: a libpq connection URI; its user must be a superuser
 * @version_before: (out) (optional): the store's schema version before
 * @version_after: (out) (optional): and after
 *
 * Makes the organisation store's schema in the database @uri names, or
 * migrates it to this program's version, one transaction per version. A
 * store at this version is left as it is; one newer than this program
 * knows is refused, unchanged.
 *
 * Returns: %FALSE with @error set on failure (versions already done stay)
 */
gboolean
wr_server_init (const char  *uri,
                guint       *version_before,
                guint       *version_after,
                GError     **error)
{
  g_autoptr(PGconn) conn = NULL;
  guint latest = _wr_server_schema_get_latest_version ();
  guint version = 0;
  gboolean first = TRUE;

  g_return_val_if_fail (uri != NULL, FALSE);

  if (!(conn = _wr_server_connect (uri, error)))
    return FALSE;

  for (;;)
    {
      if (!begin (conn, error) || !_wr_server_read_version (conn, &version, error))
        {
          _wr_server_roll_back (conn);
          return FALSE;
        }
      if (first && version_before != NULL)
        *version_before = version;
      first = FALSE;

      if (version > latest)
        {
          _wr_server_roll_back (conn);
          _wr_server_set_too_new (error, version);
          return FALSE;
        }
      if (version == latest)
        {
          _wr_server_roll_back (conn);
          break;
        }
      if (!migrate_once (conn, version, error))
        {
          _wr_server_roll_back (conn);
          if (error != NULL && g_error_matches (*error, WR_SERVER_ERROR, WR_SERVER_ERROR_PERMISSION))
            {
              g_autofree char *message = g_steal_pointer (&(*error)->message);

              /* Translators: after the server's refusal of "walkround server init" */
              (*error)->message = g_strdup_printf (_("%s (server init needs a PostgreSQL superuser); "
                                                     "nothing was changed"), message);
            }
          return FALSE;
        }
    }

  if (version_after != NULL)
    *version_after = version;
  return TRUE;
}

/**
 * wr_server_check_user_name:
 * @name: a name for a login role
 *
 * A user's name is a PostgreSQL role of its own: lower-case letters,
 * digits and "_", "." and "-" (so "priya.jones" or "dr-smith"), starting
 * with a letter, at most 63 bytes, and none of the names PostgreSQL or
 * Walkround keep.
 *
 * Returns: %FALSE with @error set if Walkround will not make such a role
 */
gboolean
wr_server_check_user_name (const char  *name,
                           GError     **error)
{
  static const char * const kept[] = { "public", "none", "current_user", "current_role",
                                       "session_user", "postgres" };
  gsize len;

  g_return_val_if_fail (name != NULL, FALSE);

  len = strlen (name);
  if (len == 0 || len > 63 || !g_ascii_islower (name[0]))
    goto bad;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_islower (name[i]) && !g_ascii_isdigit (name[i]) &&
          name[i] != '_' && name[i] != '.' && name[i] != '-')
        goto bad;
    }
  if (g_str_has_prefix (name, "pg_") || g_str_has_prefix (name, "walkround_") || g_strv_contains (kept, name))
    {
      g_set_error (error, WR_SERVER_ERROR, WR_SERVER_ERROR_BAD_NAME,
                   _("“%s” is a name PostgreSQL or Walkround keeps for itself (pg_…, walkround_…, "
                     "public, postgres…): choose another"), name);
      return FALSE;
    }
  return TRUE;

bad:
  g_set_error (error, WR_SERVER_ERROR, WR_SERVER_ERROR_BAD_NAME,
               _("“%s” cannot be a user’s name: use 1 to 63 lower-case letters, digits, “_”, “.” or “-”, "
                 "starting with a letter (such as priya.jones)"), name);
  return FALSE;
}

/**
 * wr_server_add_user:
 * @uri: a libpq connection URI; its user needs CREATEROLE
 * @name: the new role's name (see wr_server_check_user_name())
 * @role: what the user is in the store
 * @password: (nullable): the user's password, or %NULL for none yet
 *
 * Makes a PostgreSQL role that can log in, as a member of @role's group
 * role, in a store made by wr_server_init() at this program's version.
 *
 * Returns: %FALSE with @error set on failure, and nothing changed
 */
gboolean
wr_server_add_user (const char    *uri,
                    const char    *name,
                    WrServerRole   role,
                    const char    *password,
                    GError       **error)
{
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(PGresult) existing = NULL;
  g_autoptr(GString) sql = NULL;
  const char *params[] = { name };
  char *quoted = NULL;
  guint version = 0;
  guint latest = _wr_server_schema_get_latest_version ();

  g_return_val_if_fail (uri != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (password != NULL && password[0] == '\0')
    {
      g_set_error (error, WR_SERVER_ERROR, WR_SERVER_ERROR_PASSWORD, _("The password is empty"));
      return FALSE;
    }
  if (!wr_server_check_user_name (name, error))
    return FALSE;
  if (!(conn = _wr_server_connect (uri, error)))
    return FALSE;

  if (!begin (conn, error) || !_wr_server_read_version (conn, &version, error))
    goto failed;
  if (version > latest)
    {
      _wr_server_set_too_new (error, version);
      goto failed;
    }
  if (version < latest)
    {
      g_set_error (error, WR_SERVER_ERROR, WR_SERVER_ERROR_NO_SCHEMA,
                   version == 0
                   ? _("This database holds no organisation store yet: run “walkround server init” first")
                   : _("The organisation store is at an older schema version: run “walkround server init” to "
                       "bring it up to date first"));
      goto failed;
    }

  if (!(existing = _wr_server_run_params (conn, "SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1", 1, params,
                               _("Could not look the user up"), error)))
    goto failed;
  if (PQntuples (existing) > 0)
    {
      g_set_error (error, WR_SERVER_ERROR, WR_SERVER_ERROR_EXISTS,
                   _("The server has a role named “%s” already; nothing was changed"), name);
      goto failed;
    }

  if (!(quoted = PQescapeIdentifier (conn, name, strlen (name))))
    {
      _wr_server_set_result_error (error, NULL, conn, _("Could not quote the user’s name"));
      goto failed;
    }
  sql = g_string_new (NULL);
  g_string_append_printf (sql, "CREATE ROLE %s LOGIN INHERIT IN ROLE %s", quoted, wr_server_role_get_group (role));
  PQfreemem (quoted);

  if (password != NULL)
    {
      char *hashed = PQencryptPasswordConn (conn, password, name, NULL);
      char *literal;

      if (hashed == NULL)
        {
          _wr_server_set_result_error (error, NULL, conn, _("Could not hash the password"));
          goto failed;
        }
      literal = PQescapeLiteral (conn, hashed, strlen (hashed));
      PQfreemem (hashed);
      if (literal == NULL)
        {
          _wr_server_set_result_error (error, NULL, conn, _("Could not quote the password"));
          goto failed;
        }
      g_string_append_printf (sql, " PASSWORD %s", literal);
      PQfreemem (literal);
    }

  if (!_wr_server_run (conn, sql->str, _("Could not make the user"), error) ||
      !_wr_server_run (conn, "COMMIT", _("Could not make the user"), error))
    goto failed;

  return TRUE;

failed:
  _wr_server_roll_back (conn);
  return FALSE;
}
