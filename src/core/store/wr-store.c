/* wr-store.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "wr-paths.h"
#include "wr-store-private.h"

#define BUSY_TIMEOUT_MS 5000

struct _WrStore
{
  GObject     parent_instance;

  sqlite3    *db;
  char       *path;
  char       *device_id;
  char       *user;
  char       *backup_path;
  GHashTable *statements;
  guint       schema_version;

  /* "entity\nvisit-uuid" of changes in the open transaction, announced
   * once it commits.
   */
  GPtrArray  *pending;

  /* Inside a batch (see wr_store_begin_batch()) each change is a savepoint
   * of the batch's one transaction.
   */
  gboolean    batch;
  gboolean    in_change;
  guint       pending_mark;
};

G_DEFINE_FINAL_TYPE (WrStore, wr_store, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

G_DEFINE_QUARK (wr-store-error-quark, wr_store_error)

static void
wr_store_finalize (GObject *object)
{
  WrStore *self = (WrStore *)object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      /* Lets SQLite refresh its statistics on the tables we used. */
      sqlite3_exec (self->db, "PRAGMA optimize", NULL, NULL, NULL);
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->device_id, g_free);
  g_clear_pointer (&self->user, g_free);
  g_clear_pointer (&self->backup_path, g_free);
  g_clear_pointer (&self->pending, g_ptr_array_unref);

  G_OBJECT_CLASS (wr_store_parent_class)->finalize (object);
}

static void
wr_store_class_init (WrStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wr_store_finalize;

  /**
   * WrStore::changed:
   * @self: a #WrStore
   * @entity: what changed: "visit", "member", "answer", "observation",
   *   "action", "attachment" or "service"; also the signal's detail
   * @visit_uuid: the visit it belongs to, or "" for a service
   *
   * Emitted once a change is committed, so that lists can reload.
   */
  signals [CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
wr_store_init (WrStore *self)
{
  self->statements = g_hash_table_new_full (NULL, NULL, NULL, finalize_statement);
  self->pending = g_ptr_array_new_with_free_func (g_free);
  self->user = g_strdup ("");
}

/* Says what went wrong in words a person can act on, with SQLite's own
 * message for whoever they ask for help.
 */
static const char *
describe_result (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      return _("there is no space left on the disk");
    case SQLITE_IOERR:
      return _("the disk could not be read or written");
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      return _("the file cannot be written; check that you may change it");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return _("another program is using the database");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return _("the database is damaged");
    case SQLITE_CONSTRAINT:
      return _("the change breaks a rule of the database");
    default:
      return NULL;
    }
}

void
_wr_store_set_error (WrStore      *self,
                     GError      **error,
                     WrStoreError  code,
                     const char   *what)
{
  int rc = sqlite3_extended_errcode (self->db);
  const char *reason = describe_result (rc);

  if (reason != NULL)
    g_set_error (error, WR_STORE_ERROR, code, "%s: %s (%s)", what, reason, sqlite3_errmsg (self->db));
  else
    g_set_error (error, WR_STORE_ERROR, code, "%s: %s", what, sqlite3_errmsg (self->db));
}

sqlite3 *
_wr_store_get_db (WrStore *self)
{
  return self->db;
}

WrCachedStmt *
_wr_store_prepare (WrStore     *self,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt;

  g_assert (WR_IS_STORE (self));

  if ((stmt = g_hash_table_lookup (self->statements, sql)) != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      /* Only a mistake in our own SQL gets here. */
      g_critical ("Could not prepare “%s”: %s", sql, sqlite3_errmsg (self->db));
      _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the database"));
      return NULL;
    }

  g_hash_table_insert (self->statements, (gpointer) sql, stmt);

  return stmt;
}

void
_wr_store_release (WrCachedStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

/* The page size of a new database file, in bytes. */
#define NEW_FILE_PAGE_SIZE 16384

static gboolean
exec (WrStore      *self,
      const char   *sql,
      WrStoreError  code,
      const char   *what,
      GError      **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      _wr_store_set_error (self, error, code, what);
      return FALSE;
    }

  return TRUE;
}

gboolean
_wr_store_begin (WrStore  *self,
                 GError  **error)
{
  if (self->batch)
    {
      if (!exec (self, "SAVEPOINT change", WR_STORE_ERROR_WRITE, _("Could not save"), error))
        return FALSE;
      self->pending_mark = self->pending->len;
      self->in_change = TRUE;
      return TRUE;
    }

  /* IMMEDIATE takes the write lock now, so a busy database makes us wait
   * here (up to the busy timeout) rather than fail half-way through.
   */
  if (!exec (self, "BEGIN IMMEDIATE", WR_STORE_ERROR_WRITE, _("Could not save"), error))
    return FALSE;
  self->in_change = TRUE;
  return TRUE;
}

static void
announce_changes (WrStore *self)
{
  g_autoptr(GPtrArray) changes = g_steal_pointer (&self->pending);

  self->pending = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < changes->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (changes, i), "\n", 2);

      g_signal_emit (self, signals [CHANGED], g_quark_from_string (parts[0]), parts[0], parts[1]);
    }
}

/**
 * _wr_store_swap_cache_size:
 * @self: a #WrStore
 * @cache_size: the page cache to use, as PRAGMA cache_size takes it
 *   (negative: in KiB)
 *
 * For long work with another pattern than the window's: an export, which
 * reads in file order, takes a smaller one; an import says its own. Either
 * is a bound, so memory stays flat however many visits.
 *
 * Returns: the cache size before, to restore
 */
gint64
_wr_store_swap_cache_size (WrStore *self,
                           gint64   cache_size)
{
  sqlite3 *db = self->db;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  gint64 before = cache_size;

  if (sqlite3_prepare_v2 (db, "PRAGMA cache_size", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    before = sqlite3_column_int64 (stmt, 0);

  /* A PRAGMA takes no parameters; this is our own number, not input. */
  sql = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT, cache_size);
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    g_debug ("Could not set the page cache: %s", sqlite3_errmsg (db));

  return before;
}

/**
 * _wr_store_set_temp_in_memory:
 * @self: a #WrStore, outside a transaction
 * @in_memory: whether temporary tables and statement journals are kept
 *   in memory (%TRUE) or in temporary files, SQLite's default
 *
 * For an import. SQLite keeps a journal of the pages each statement that
 * writes several rows changes, so that a failure part way can undo it:
 * the import's several answers to a statement wrote 19 000 pages of such
 * journals to a temporary file for 1 000 visits, starting again at each
 * statement. In memory they are a copy each. The
 * import's temporary tables (the text waiting for the search index,
 * about 1 KB a visit) move to memory too. Changing this drops any
 * temporary table.
 */
void
_wr_store_set_temp_in_memory (WrStore  *self,
                              gboolean  in_memory)
{
  if (sqlite3_exec (self->db, in_memory ? "PRAGMA temp_store = MEMORY" : "PRAGMA temp_store = DEFAULT",
                    NULL, NULL, NULL) != SQLITE_OK)
    g_debug ("Could not set where temporary tables are kept: %s", sqlite3_errmsg (self->db));
}

/**
 * wr_store_announce_changes_elsewhere:
 * @self: a #WrStore
 *
 * Says that another connection (see wr_store_open_another()) changed the
 * database, so that lists reading through @self reload: #WrStore::changed
 * for services, then for visits with an empty visit uuid, meaning any.
 */
void
wr_store_announce_changes_elsewhere (WrStore *self)
{
  g_return_if_fail (WR_IS_STORE (self));

  g_signal_emit (self, signals [CHANGED], g_quark_from_static_string ("service"), "service", "");
  g_signal_emit (self, signals [CHANGED], g_quark_from_static_string ("visit"), "visit", "");
}

gboolean
_wr_store_commit (WrStore  *self,
                  GError  **error)
{
  if (!exec (self, self->batch ? "RELEASE change" : "COMMIT", WR_STORE_ERROR_WRITE, _("Could not save"), error))
    {
      _wr_store_rollback (self);
      return FALSE;
    }
  self->in_change = FALSE;

  /* Announce after the commit, so handlers read what was saved; a batch
   * announces when it commits.
   */
  if (!self->batch)
    announce_changes (self);

  return TRUE;
}

void
_wr_store_rollback (WrStore *self)
{
  if (self->batch)
    {
      if (self->in_change)
        {
          sqlite3_exec (self->db, "ROLLBACK TO change; RELEASE change", NULL, NULL, NULL);
          g_ptr_array_set_size (self->pending, self->pending_mark);
        }
      self->in_change = FALSE;
      return;
    }

  g_ptr_array_set_size (self->pending, 0);
  self->in_change = FALSE;
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/**
 * wr_store_begin_batch:
 * @self: a #WrStore
 * @error: return location for a #GError
 *
 * Makes the changes that follow one transaction, committed by
 * wr_store_commit_batch(): for making many rows at once (demo data,
 * imports), where one disk sync per change would be slow. Each change
 * still succeeds or fails whole. Nothing is on disk until the batch
 * commits, so keep batches to a few hundred changes.
 *
 * Returns: %TRUE if the batch began
 */
gboolean
wr_store_begin_batch (WrStore  *self,
                      GError  **error)
{
  g_return_val_if_fail (WR_IS_STORE (self), FALSE);
  g_return_val_if_fail (!self->batch, FALSE);

  if (!exec (self, "BEGIN IMMEDIATE", WR_STORE_ERROR_WRITE, _("Could not save"), error))
    return FALSE;
  self->batch = TRUE;

  return TRUE;
}

/**
 * wr_store_commit_batch:
 * @self: a #WrStore
 * @error: return location for a #GError
 *
 * Commits the batch's changes; on failure none of them is kept.
 *
 * Returns: %TRUE once the batch is on disk
 */
gboolean
wr_store_commit_batch (WrStore  *self,
                       GError  **error)
{
  g_return_val_if_fail (WR_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->batch, FALSE);

  self->batch = FALSE;
  if (!exec (self, "COMMIT", WR_STORE_ERROR_WRITE, _("Could not save"), error))
    {
      _wr_store_rollback (self);
      return FALSE;
    }

  announce_changes (self);
  return TRUE;
}

/**
 * wr_store_abort_batch:
 * @self: a #WrStore
 *
 * Drops every change of the batch.
 */
void
wr_store_abort_batch (WrStore *self)
{
  g_return_if_fail (WR_IS_STORE (self));
  g_return_if_fail (self->batch);

  self->batch = FALSE;
  _wr_store_rollback (self);
}

void
_wr_store_note_change (WrStore    *self,
                       const char *entity,
                       const char *visit_uuid)
{
  g_autofree char *change = g_strconcat (entity, "\n", visit_uuid ? visit_uuid : "", NULL);

  /* A batch may hold thousands of changes: only a repeat of the latest is
   * folded, which covers one change touching one visit many times.
   */
  for (guint i = self->pending->len; i > 0 && i + 8 > self->pending->len; i--)
    {
      if (g_str_equal (g_ptr_array_index (self->pending, i - 1), change))
        return;
    }
  g_ptr_array_add (self->pending, g_steal_pointer (&change));
}

gboolean
_wr_store_step_done (WrStore       *self,
                     sqlite3_stmt  *stmt,
                     GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_WRITE, _("Could not save"));
      return FALSE;
    }

  return TRUE;
}

const char *
_wr_store_column_text (sqlite3_stmt *stmt,
                       int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

char *
_wr_store_column_dup (sqlite3_stmt *stmt,
                      int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* The rows @sql selects for one visit (its one parameter is the visit's
 * uuid), each made by @from_row; %NULL with @error set to @message if they
 * cannot be read.
 */
GPtrArray *
_wr_store_list_for_visit (WrStore        *self,
                          const char     *sql,
                          const char     *visit_uuid,
                          WrStoreRowFunc  from_row,
                          GDestroyNotify  free_item,
                          const char     *message,
                          GError        **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (free_item);
  int rc;

  if (!(stmt = _wr_store_prepare (self, sql, error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, visit_uuid, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_READ, message);
      return NULL;
    }

  return g_steal_pointer (&list);
}

/* Reads a space-separated list of ids, as group_concat (ref, ' ') makes. */
GStrv
_wr_store_column_strv (sqlite3_stmt *stmt,
                       int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  if (text == NULL || text[0] == '\0')
    return g_new0 (char *, 1);

  return g_strsplit (text, " ", -1);
}

static void
append_json_string (GString    *json,
                    const char *text)
{
  g_string_append_c (json, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (json, "\\%c", *p);
      else if ((guchar) *p < 0x20)
        g_string_append_printf (json, "\\u%04x", (guint) (guchar) *p);
      else
        g_string_append_c (json, *p);
    }
  g_string_append_c (json, '"');
}

/* Lists are bound as JSON arrays and read with json_each (), so one
 * static statement serves lists of any length.
 */
char *
_wr_store_json_array (const char * const *strv)
{
  GString *json;

  if (strv == NULL)
    return NULL;

  json = g_string_new ("[");
  for (guint i = 0; strv[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (json, ',');
      append_json_string (json, strv[i]);
    }
  g_string_append_c (json, ']');

  return g_string_free (json, FALSE);
}

/* A LIKE pattern (with ESCAPE '\\') matching @text anywhere, its own
 * wildcards taken literally.
 */
char *
_wr_store_like_pattern (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  GString *pattern = g_string_new ("%");

  for (const char *p = trimmed; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');

  return g_string_free (pattern, FALSE);
}

/* The local time zone, looked up again at most once a minute:
 * g_time_zone_new_local() reads /etc/localtime each time, and an import
 * asks for the time once a visit.
 */
static GTimeZone *
local_zone (void)
{
  static GMutex lock;
  static GTimeZone *zone;
  static gint64 looked_up;
  gint64 now = g_get_monotonic_time ();
  GTimeZone *result;

  g_mutex_lock (&lock);
  if (zone == NULL || now - looked_up > 60 * G_USEC_PER_SEC)
    {
      g_clear_pointer (&zone, g_time_zone_unref);
      zone = g_time_zone_new_local ();
      looked_up = now;
    }
  result = g_time_zone_ref (zone);
  g_mutex_unlock (&lock);

  return result;
}

char *
_wr_store_now (void)
{
  g_autoptr(GTimeZone) zone = local_zone ();
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%f%:z");
}

gboolean
_wr_store_audit (WrStore     *self,
                 const char  *visit_uuid,
                 const char  *entity,
                 const char  *entity_id,
                 const char  *field,
                 const char  *old_value,
                 const char  *new_value,
                 GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autofree char *now = _wr_store_now ();

  stmt = _wr_store_prepare (self,
                            "INSERT INTO audit_log (at, who, device_id, visit_uuid, entity, entity_id,"
                            "                       field, old_value, new_value)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, self->user, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, self->device_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, visit_uuid ? visit_uuid : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, entity_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, field, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, old_value, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, new_value, -1, SQLITE_STATIC);

  /* Every change is audited, so this is where changes are noted too. */
  _wr_store_note_change (self, entity, visit_uuid);

  return _wr_store_step_done (self, stmt, error);
}

static char *
timestamp_for_file_name (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y%m%dT%H%M%S");
}

/* Keeps a copy of a damaged database beside it, so that nothing Walkround
 * does later can make it worse, and whoever helps has the original.
 */
static char *
keep_damaged_copy (const char *path)
{
  g_autofree char *stamp = timestamp_for_file_name ();
  g_autofree char *copy = g_strdup_printf ("%s.damaged-%s", path, stamp);
  g_autoptr(GFile) source = g_file_new_for_path (path);
  g_autoptr(GFile) target = g_file_new_for_path (copy);
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);

  if (!g_file_copy (source, target, G_FILE_COPY_NONE, NULL, NULL, NULL, &error))
    {
      g_warning ("Could not keep a copy of the damaged database: %s", error->message);
      return NULL;
    }

  if (g_file_test (wal, G_FILE_TEST_EXISTS))
    {
      g_autofree char *wal_copy = g_strconcat (copy, "-wal", NULL);
      g_autoptr(GFile) wal_source = g_file_new_for_path (wal);
      g_autoptr(GFile) wal_target = g_file_new_for_path (wal_copy);

      g_file_copy (wal_source, wal_target, G_FILE_COPY_NONE, NULL, NULL, NULL, NULL);
    }

  return g_steal_pointer (&copy);
}

static gboolean
check_not_damaged (WrStore  *self,
                   GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *copy = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA quick_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0)
        return TRUE;
      if (rc == SQLITE_ROW)
        problem = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }

  if (problem == NULL)
    {
      int code = sqlite3_extended_errcode (self->db) & 0xff;

      /* Locked, unreadable or out of memory is not damage: say so instead. */
      if (code != SQLITE_CORRUPT && code != SQLITE_NOTADB)
        {
          _wr_store_set_error (self, error, WR_STORE_ERROR_OPEN, _("Could not open the database"));
          g_prefix_error (error, "%s: ", self->path);
          return FALSE;
        }
      problem = g_strdup (sqlite3_errmsg (self->db));
    }

  copy = keep_damaged_copy (self->path);
  if (copy != NULL)
    g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_DAMAGED,
                 _("The database “%s” is damaged (%s). Walkround has not changed it, and has kept "
                   "a copy as “%s”. Restore it from a backup, or ask your IT service for help, "
                   "before going on."),
                 self->path, problem, copy);
  else
    g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_DAMAGED,
                 _("The database “%s” is damaged (%s). Walkround has not changed it. Restore it "
                   "from a backup, or ask your IT service for help, before going on."),
                 self->path, problem);
  return FALSE;
}

static guint
read_user_version (WrStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint version = 0;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = (guint) sqlite3_column_int (stmt, 0);

  return version;
}

/* Before anything writes to the file (even setting the journal mode), so
 * that a newer Walkround's database is left exactly as it was.
 */
static gboolean
check_not_too_new (WrStore  *self,
                   GError  **error)
{
  guint latest = _wr_store_schema_get_latest_version ();
  guint version = read_user_version (self);

  if (version > latest)
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_TOO_NEW,
                   _("The database “%s” was written by a newer version of Walkround "
                     "(schema %u; this version knows up to %u). Update Walkround to open it."),
                   self->path, version, latest);
      return FALSE;
    }

  return TRUE;
}

/* A whole copy of the database, made with SQLite's online backup so that
 * it is consistent, before a migration changes the file.
 */
static gboolean
back_up (WrStore  *self,
         guint     version,
         GError  **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autofree char *backups = g_build_filename (dir, "backups", NULL);
  g_autofree char *stamp = timestamp_for_file_name ();
  g_autofree char *name = g_strdup_printf ("walkround-schema%u-%s.db", version, stamp);
  g_autofree char *path = g_build_filename (backups, name, NULL);
  sqlite3 *copy = NULL;
  sqlite3_backup *backup;
  int fd;
  int rc;

  if (g_mkdir_with_parents (backups, 0700) != 0 ||
      (fd = g_open (path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600)) < 0)
    {
      int saved_errno = errno;

      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_MIGRATE,
                   _("Could not make a backup in “%s” before updating the database: %s"),
                   backups, g_strerror (saved_errno));
      return FALSE;
    }
  close (fd);

  rc = sqlite3_open_v2 (path, &copy, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    {
      if ((backup = sqlite3_backup_init (copy, "main", self->db, "main")) != NULL)
        {
          rc = sqlite3_backup_step (backup, -1);
          sqlite3_backup_finish (backup);
        }
      else
        rc = sqlite3_errcode (copy);
    }

  if (rc != SQLITE_DONE)
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_MIGRATE,
                   _("Could not make a backup in “%s” before updating the database: %s"),
                   path, copy ? sqlite3_errmsg (copy) : sqlite3_errstr (rc));
      sqlite3_close (copy);
      g_unlink (path);
      return FALSE;
    }

  sqlite3_close (copy);
  g_free (self->backup_path);
  self->backup_path = g_steal_pointer (&path);

  return TRUE;
}

/* Makes a migration's changes to tables' own text (see
 * _wr_store_schema_get_rewrite()) inside its transaction, as SQLite's
 * documentation describes for what ALTER TABLE cannot do: with
 * writable_schema on, then a new schema version, so that every
 * connection reads the schema again, this one at once. A table whose
 * text no longer holds what a rewrite replaces is left as it is.
 */
static gboolean
rewrite_tables (WrStore *self,
                guint    from_version)
{
  const char *table;
  const char *before;
  const char *after;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *set_version = NULL;
  gint64 schema_version = -1;
  gboolean ok;

  if (!_wr_store_schema_get_rewrite (from_version, 0, &table, &before, &after))
    return TRUE;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA schema_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    schema_version = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (schema_version < 0)
    return FALSE;

  sqlite3_db_config (self->db, SQLITE_DBCONFIG_DEFENSIVE, 0, NULL);
  ok = sqlite3_exec (self->db, "PRAGMA writable_schema = ON", NULL, NULL, NULL) == SQLITE_OK &&
       sqlite3_prepare_v2 (self->db,
                           "UPDATE sqlite_schema SET sql = replace (sql, ?1, ?2)"
                           " WHERE type = 'table' AND name = ?3 AND instr (sql, ?1) > 0",
                           -1, &stmt, NULL) == SQLITE_OK;
  for (guint i = 0; ok && _wr_store_schema_get_rewrite (from_version, i, &table, &before, &after); i++)
    {
      sqlite3_bind_text (stmt, 1, before, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, after, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, table, -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      sqlite3_reset (stmt);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* PRAGMA takes no parameters; this is SQLite's own integer, not input. */
  set_version = g_strdup_printf ("PRAGMA schema_version = %" G_GINT64_FORMAT, schema_version + 1);
  ok = ok && sqlite3_exec (self->db, set_version, NULL, NULL, NULL) == SQLITE_OK;

  /* Off, and this connection reads the schema again; even after a
   * failure, as the caller then rolls back.
   */
  sqlite3_exec (self->db, "PRAGMA writable_schema = RESET", NULL, NULL, NULL);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);

  return ok;
}

static gboolean
migrate (WrStore  *self,
         GError  **error)
{
  guint latest = _wr_store_schema_get_latest_version ();
  guint version = read_user_version (self);

  if (version > 0 && version < latest && !back_up (self, version, error))
    return FALSE;

  /* Another process may be migrating too: read the version again inside
   * each write transaction and stop when there is nothing left to do.
   */
  while (version < latest)
    {
      g_autofree char *set_version = NULL;

      if (!_wr_store_begin (self, error))
        return FALSE;

      version = read_user_version (self);
      if (version >= latest)
        return _wr_store_commit (self, error);

      /* PRAGMA takes no parameters; this is our own integer, not input. */
      set_version = g_strdup_printf ("PRAGMA user_version = %u", version + 1);

      if (sqlite3_exec (self->db, _wr_store_schema_get_migration (version), NULL, NULL, NULL) != SQLITE_OK ||
          !rewrite_tables (self, version) ||
          sqlite3_exec (self->db, set_version, NULL, NULL, NULL) != SQLITE_OK)
        {
          _wr_store_set_error (self, error, WR_STORE_ERROR_MIGRATE, _("Could not update the database"));
          g_prefix_error (error, _("Schema %u to %u: "), version, version + 1);
          _wr_store_rollback (self);
          return FALSE;
        }

      if (!_wr_store_commit (self, error))
        return FALSE;

      version++;
    }

  self->schema_version = version;

  return TRUE;
}

static gboolean
load_device_id (WrStore  *self,
                GError  **error)
{
  g_autoptr(WrCachedStmt) select = NULL;
  g_autoptr(WrCachedStmt) insert = NULL;
  g_autofree char *device_id = NULL;

  if (!(select = _wr_store_prepare (self, "SELECT value FROM meta WHERE key = 'device-id'", error)))
    return FALSE;

  if (sqlite3_step (select) == SQLITE_ROW)
    {
      self->device_id = g_strdup (_wr_store_column_text (select, 0));
      return TRUE;
    }
  sqlite3_reset (select);

  device_id = g_uuid_string_random ();
  if (!(insert = _wr_store_prepare (self, "INSERT OR IGNORE INTO meta (key, value) VALUES ('device-id', ?)", error)))
    return FALSE;
  sqlite3_bind_text (insert, 1, device_id, -1, SQLITE_TRANSIENT);
  if (!_wr_store_step_done (self, insert, error))
    return FALSE;

  /* Read back: another process may have won the race. */
  if (sqlite3_step (select) != SQLITE_ROW)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_OPEN, _("Could not open the database"));
      return FALSE;
    }
  self->device_id = g_strdup (_wr_store_column_text (select, 0));

  return TRUE;
}

static gboolean
create_file (const char  *path,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int saved_errno;
  int fd;

  /* The folder and the file hold notes about patients and staff: only
   * their owner may read them.
   */
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      saved_errno = errno;
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_OPEN,
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  fd = g_open (path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0 && errno != EEXIST)
    {
      saved_errno = errno;
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_OPEN,
                   _("Could not create the database “%s”: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }
  if (fd >= 0)
    close (fd);

  return TRUE;
}

static gboolean
open_connection (WrStore  *self,
                 GError  **error)
{
  static gsize configured = 0;
  int rc;

  /* SQLite's count of its memory takes a lock around every allocation,
   * and Walkround never asks for it. Before the first connection.
   */
  if (g_once_init_enter (&configured))
    {
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      g_once_init_leave (&configured, 1);
    }

  rc = sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_EXRESCODE, NULL);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_OPEN,
                   _("Could not open the database “%s”: %s"),
                   self->path, self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return FALSE;
    }

  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);

  return TRUE;
}

/* WAL lets readers (exports, reports) run beside the writer; FULL makes
 * every commit durable before it returns, so a save the user saw is on
 * disk even if the power fails. A 16 MB page cache keeps the lists of
 * 100 000 visits and their indexes in memory.
 */
static gboolean
configure (WrStore  *self,
           GError  **error)
{
  if (!exec (self, "PRAGMA journal_mode = WAL", WR_STORE_ERROR_OPEN, _("Could not open the database"), error) ||
      !exec (self, "PRAGMA synchronous = FULL", WR_STORE_ERROR_OPEN, _("Could not open the database"), error) ||
      !exec (self, "PRAGMA foreign_keys = ON", WR_STORE_ERROR_OPEN, _("Could not open the database"), error) ||
      !exec (self, "PRAGMA cache_size = -16384", WR_STORE_ERROR_OPEN, _("Could not open the database"), error))
    {
      g_prefix_error (error, "%s: ", self->path);
      return FALSE;
    }

  return TRUE;
}

/**
 * wr_store_open:
 * @path: the database file; it is created (mode 0600) if missing
 * @error: return location for a #GError
 *
 * Opens the database, checks it is not damaged, and brings its schema up
 * to date, keeping a backup first when an existing database changes.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
WrStore *
wr_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(WrStore) self = NULL;
  gboolean existed;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (WR_TYPE_STORE, NULL);
  self->path = g_canonicalize_filename (path, NULL);

  existed = g_file_test (self->path, G_FILE_TEST_EXISTS);
  if (existed && !g_file_test (self->path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_OPEN,
                   _("“%s” is not a database file"), self->path);
      return NULL;
    }
  if (!existed && !create_file (self->path, error))
    return NULL;

  if (!open_connection (self, error))
    return NULL;

  if (existed && (!check_not_damaged (self, error) || !check_not_too_new (self, error)))
    return NULL;
  /* A new file's pages are 16 KiB rather than SQLite's 4: a quarter of
   * the writes and B-tree pages for the same rows, so an import of 10 000
   * visits takes a tenth less time; one saved answer writes more, but
   * still under 2 ms at the 99th percentile (build-aux/bench save). The
   * size is fixed once the file has a page, so before WAL; an older
   * file keeps its own.
   */
  if (!existed && !exec (self, "PRAGMA page_size = " G_STRINGIFY (NEW_FILE_PAGE_SIZE), WR_STORE_ERROR_OPEN,
                         _("Could not open the database"), error))
    {
      g_prefix_error (error, "%s: ", self->path);
      return NULL;
    }

  if (!configure (self, error) || !migrate (self, error) || !load_device_id (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * wr_store_open_another:
 * @self: an open #WrStore
 * @error: return location for a #GError
 *
 * Opens a second connection to the same database, for long work in another
 * thread (an export, a report, an import) while the window goes on saving
 * through @self: each connection has its own transactions. The file was
 * checked and migrated when @self opened it, so this is quick. The new
 * store acts for the same user.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
WrStore *
wr_store_open_another (WrStore  *self,
                       GError  **error)
{
  g_autoptr(WrStore) other = NULL;

  g_return_val_if_fail (WR_IS_STORE (self), NULL);

  other = g_object_new (WR_TYPE_STORE, NULL);
  other->path = g_strdup (self->path);
  wr_store_set_user (other, self->user);

  if (!open_connection (other, error) || !configure (other, error) ||
      !check_not_too_new (other, error) || !load_device_id (other, error))
    return NULL;
  other->schema_version = self->schema_version;

  return g_steal_pointer (&other);
}

/**
 * wr_store_open_default:
 * @error: return location for a #GError
 *
 * Opens walkround.db in the data folder (see wr_paths_get_data_dir()).
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
WrStore *
wr_store_open_default (GError **error)
{
  g_autofree char *path = NULL;

  if (!wr_paths_ensure_data_dir (error))
    return NULL;

  path = g_build_filename (wr_paths_get_data_dir (), "walkround.db", NULL);

  return wr_store_open (path, error);
}

const char *
wr_store_get_path (WrStore *self)
{
  g_return_val_if_fail (WR_IS_STORE (self), NULL);

  return self->path;
}

const char *
wr_store_get_device_id (WrStore *self)
{
  g_return_val_if_fail (WR_IS_STORE (self), NULL);

  return self->device_id;
}

guint
wr_store_get_schema_version (WrStore *self)
{
  g_return_val_if_fail (WR_IS_STORE (self), 0);

  return self->schema_version;
}

/**
 * wr_store_get_backup_path:
 * @self: a #WrStore
 *
 * Returns: (nullable): the backup made before this open migrated the
 *   database, or %NULL if none was needed
 */
const char *
wr_store_get_backup_path (WrStore *self)
{
  g_return_val_if_fail (WR_IS_STORE (self), NULL);

  return self->backup_path;
}

/**
 * wr_store_set_user:
 * @self: a #WrStore
 * @user: (nullable): who is making the changes, for the audit log
 */
void
wr_store_set_user (WrStore    *self,
                   const char *user)
{
  g_return_if_fail (WR_IS_STORE (self));

  g_free (self->user);
  self->user = g_strdup (user ? user : "");
}

const char *
wr_store_get_user (WrStore *self)
{
  g_return_val_if_fail (WR_IS_STORE (self), NULL);

  return self->user;
}

/* For the few calls (sqlite3_db_cacheflush()) that return a result without
 * leaving it in the connection: the message _wr_store_set_error() would
 * give for it.
 */
void
_wr_store_set_result_error (WrStore      *self,
                            GError      **error,
                            WrStoreError  code,
                            const char   *what,
                            int           rc)
{
  const char *reason = describe_result (rc);

  if (reason != NULL)
    g_set_error (error, WR_STORE_ERROR, code, "%s: %s (%s)", what, reason, sqlite3_errstr (rc));
  else
    g_set_error (error, WR_STORE_ERROR, code, "%s: %s", what, sqlite3_errstr (rc));
}
