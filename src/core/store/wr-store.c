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
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "wr-merge.h"
#include "wr-paths.h"
#include "wr-platform.h"
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

  /* Whether this store's connection counts in open_paths. */
  gboolean    registered;

  /* Opened after an unclean close with WR_STORE_OPEN_DEFER_CHECK: the
   * whole file is still to be checked (see wr_store_check()).
   */
  gboolean    needs_check;

  /* Damage was found: nothing more is written, not even at close. */
  gboolean    damaged;
  GError     *damage;          /* what the user was told, for later writes */
  GMainContext *context;       /* where WrStore::damaged is emitted */

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

  /* The change the open transaction makes to a visit (see
   * _wr_store_touch_visit()): the visit's row id, 0 until it is taken,
   * and its number in the visit's clock.
   */
  gint64      change_visit;
  gint64      change_number;
};

G_DEFINE_FINAL_TYPE (WrStore, wr_store, G_TYPE_OBJECT)

enum {
  CHANGED,
  DAMAGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

G_DEFINE_QUARK (wr-store-error-quark, wr_store_error)

static void register_path   (const char *path);
static void unregister_path (const char *path);

static void
wr_store_finalize (GObject *object)
{
  WrStore *self = (WrStore *)object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      /* Lets SQLite refresh its statistics on the tables we used. A
       * damaged file is left as it is, -wal included, so that the next
       * open takes it for an unclean close and checks it whole again; so
       * is one whose check was deferred and has not run.
       */
      if (self->damaged || self->needs_check)
        sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
      else
        sqlite3_exec (self->db, "PRAGMA optimize", NULL, NULL, NULL);
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  if (self->registered)
    unregister_path (self->path);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->device_id, g_free);
  g_clear_pointer (&self->user, g_free);
  g_clear_pointer (&self->backup_path, g_free);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_error (&self->damage);
  g_clear_pointer (&self->context, g_main_context_unref);

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

  /**
   * WrStore::damaged:
   * @self: a #WrStore
   * @error: what is damaged and where a copy was kept, a
   *   %WR_STORE_ERROR_DAMAGED to show as it is
   *
   * Emitted once, in the main context of the thread that opened @self,
   * when SQLite finds the file damaged while it is in use (or
   * wr_store_check() does). From then on @self refuses every change with
   * the same error, and leaves the file as it is when it closes.
   */
  signals [DAMAGED] =
    g_signal_new ("damaged",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
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
  self->context = g_main_context_ref_thread_default ();
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

static void set_damaged_error   (const char  *path,
                                 const char  *problem,
                                 GError     **error);
static char *describe_unwritable (const char  *path);

static gboolean
emit_damaged_cb (gpointer data)
{
  WrStore *self = data;

  g_signal_emit (self, signals [DAMAGED], 0, self->damage);

  return G_SOURCE_REMOVE;
}

/* From now on @self writes nothing, and says why: @damage. The signal
 * waits for the main loop, so that its handlers never run in the middle
 * of a change.
 */
static void
mark_damaged (WrStore      *self,
              const GError *damage)
{
  g_autoptr(GSource) source = NULL;

  self->damaged = TRUE;
  if (self->damage != NULL)
    return;

  self->damage = g_error_copy (damage);
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, emit_damaged_cb, g_object_ref (self), g_object_unref);
  g_source_set_static_name (source, "[walkround] store damaged");
  g_source_attach (source, self->context);
}

/**
 * wr_store_get_damage:
 * @self: a #WrStore
 *
 * Returns: (nullable): why @self refuses changes, a
 *   %WR_STORE_ERROR_DAMAGED, or %NULL while the file is sound
 */
const GError *
wr_store_get_damage (WrStore *self)
{
  g_return_val_if_fail (WR_IS_STORE (self), NULL);

  return self->damage;
}

/* The one place where SQLite's errors become GErrors: damage met at any
 * moment takes the path of damage found at open (a copy kept once, the
 * same message, and nothing written after).
 */
static void
set_error_for_result (WrStore      *self,
                      GError      **error,
                      WrStoreError  code,
                      const char   *what,
                      int           rc,
                      const char   *message)
{
  const char *reason = describe_result (rc);

  if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
    {
      g_autoptr(GError) damage = NULL;

      if (self->damage != NULL)
        damage = g_error_copy (self->damage);
      else
        set_damaged_error (self->path, message, &damage);
      mark_damaged (self, damage);
      g_propagate_error (error, g_steal_pointer (&damage));
      return;
    }

  if ((rc & 0xff) == SQLITE_READONLY)
    {
      g_autofree char *unwritable = describe_unwritable (self->path);

      if (unwritable != NULL)
        {
          g_set_error (error, WR_STORE_ERROR, code, "%s: %s", what, unwritable);
          return;
        }
    }

  if (reason != NULL)
    g_set_error (error, WR_STORE_ERROR, code, "%s: %s (%s)", what, reason, message);
  else
    g_set_error (error, WR_STORE_ERROR, code, "%s: %s", what, message);
}

void
_wr_store_set_error (WrStore      *self,
                     GError      **error,
                     WrStoreError  code,
                     const char   *what)
{
  set_error_for_result (self, error, code, what,
                        sqlite3_extended_errcode (self->db), sqlite3_errmsg (self->db));
}

/* For the few calls (sqlite3_db_cacheflush()) that return a result without
 * leaving it in the connection: the same path as _wr_store_set_error(),
 * damage included.
 */
void
_wr_store_set_result_error (WrStore      *self,
                            GError      **error,
                            WrStoreError  code,
                            const char   *what,
                            int           rc)
{
  set_error_for_result (self, error, code, what, rc, sqlite3_errstr (rc));
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

/* Changes are refused once the file is known to be damaged. */
static gboolean
check_writable (WrStore  *self,
                GError  **error)
{
  if (self->damage == NULL)
    return TRUE;

  g_set_error_literal (error, self->damage->domain, self->damage->code, self->damage->message);
  return FALSE;
}

gboolean
_wr_store_begin (WrStore  *self,
                 GError  **error)
{
  if (!check_writable (self, error))
    return FALSE;

  self->change_visit = 0;
  self->change_number = 0;

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

/* For wr-store-visits.c, which takes the number (_wr_store_touch_visit()). */
void
_wr_store_set_change (WrStore *self,
                      gint64   visit_id,
                      gint64   change_number)
{
  self->change_visit = visit_id;
  self->change_number = change_number;
}

/**
 * _wr_store_get_change_number:
 * @self: a #WrStore inside a write transaction
 *
 * Returns: the number of the change the transaction makes to the visit it
 *   touched, or 0 before it touched one
 */
gint64
_wr_store_get_change_number (WrStore *self)
{
  return self->change_number;
}

gint64
_wr_store_get_change_visit (WrStore *self)
{
  return self->change_visit;
}

void
_wr_store_rollback (WrStore *self)
{
  self->change_visit = 0;
  self->change_number = 0;

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

  if (!check_writable (self, error) ||
      !exec (self, "BEGIN IMMEDIATE", WR_STORE_ERROR_WRITE, _("Could not save"), error))
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

/* Whether @copy was made by copy_file() from @original as it is now: the
 * same size and modification time (copy_file() keeps the original's),
 * and the same first 64 KiB, where SQLite keeps its header and schema.
 * Both missing counts as the same too, for a -wal.
 */
static gboolean
is_copy_of (const char *copy,
            const char *original)
{
  GStatBuf a;
  GStatBuf b;
  g_autofree char *head_a = NULL;
  g_autofree char *head_b = NULL;
  gsize length = 64 * 1024;
  gboolean same;
  FILE *fa;
  FILE *fb;

  if (g_stat (original, &a) != 0)
    return g_stat (copy, &b) != 0;
  if (g_stat (copy, &b) != 0 || a.st_size != b.st_size || a.st_mtime != b.st_mtime)
    return FALSE;

  if ((fa = g_fopen (original, "rb" WR_PLATFORM_FOPEN_CLOEXEC)) == NULL)
    return FALSE;
  if ((fb = g_fopen (copy, "rb" WR_PLATFORM_FOPEN_CLOEXEC)) == NULL)
    {
      fclose (fa);
      return FALSE;
    }
  head_a = g_malloc (length);
  head_b = g_malloc (length);
  same = fread (head_a, 1, length, fa) == fread (head_b, 1, length, fb) &&
         memcmp (head_a, head_b, MIN (length, (gsize) a.st_size)) == 0;
  fclose (fa);
  fclose (fb);

  return same;
}

/* Copies @from to the new file @to, readable by its owner only (it holds
 * the same notes as the database), with @from's modification time so that
 * is_copy_of() knows it later.
 */
static gboolean
copy_file (const char  *from,
           const char  *to,
           GError     **error)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) target = g_file_new_for_path (to);
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(GFileOutputStream) output = NULL;
  g_autoptr(GFileInfo) info = NULL;

  if (!(input = g_file_read (source, NULL, error)) ||
      !(output = g_file_create (target, G_FILE_CREATE_PRIVATE, NULL, error)))
    return FALSE;
  if (g_output_stream_splice (G_OUTPUT_STREAM (output), G_INPUT_STREAM (input),
                              G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                              NULL, error) < 0)
    {
      g_file_delete (target, NULL, NULL);
      return FALSE;
    }

  /* A file system without times only makes a later open copy again. */
  if ((info = g_file_query_info (source, G_FILE_ATTRIBUTE_TIME_MODIFIED "," G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                                 G_FILE_QUERY_INFO_NONE, NULL, NULL)))
    g_file_set_attributes_from_info (target, info, G_FILE_QUERY_INFO_NONE, NULL, NULL);

  return TRUE;
}

/* Keeps a copy of a damaged database (and its -wal) beside it, so that
 * nothing Walkround does later can make it worse, and whoever helps has
 * the original. Once per damaged file: opening it again finds the copy
 * already made (a 1 GB database would otherwise fill the disk with them).
 *
 * Returns: the copy, or %NULL with @error set
 */
static char *
keep_damaged_copy (const char  *path,
                   GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *prefix = g_strconcat (base, ".damaged-", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *stamp = timestamp_for_file_name ();
  g_autofree char *copy = NULL;
  g_autofree char *wal_copy = NULL;
  g_autoptr(GDir) handle = NULL;
  const char *name;

  if ((handle = g_dir_open (dir, 0, NULL)))
    {
      while ((name = g_dir_read_name (handle)) != NULL)
        {
          g_autofree char *candidate = NULL;
          g_autofree char *candidate_wal = NULL;

          if (!g_str_has_prefix (name, prefix) || g_str_has_suffix (name, "-wal"))
            continue;
          candidate = g_build_filename (dir, name, NULL);
          candidate_wal = g_strconcat (candidate, "-wal", NULL);
          if (is_copy_of (candidate, path) && is_copy_of (candidate_wal, wal))
            return g_steal_pointer (&candidate);
        }
    }

  /* Two copies in one second get a number after the time. */
  copy = g_strdup_printf ("%s.damaged-%s", path, stamp);
  for (guint i = 2; g_file_test (copy, G_FILE_TEST_EXISTS); i++)
    {
      g_free (copy);
      copy = g_strdup_printf ("%s.damaged-%s-%u", path, stamp, i);
    }

  if (!copy_file (path, copy, error))
    return NULL;

  wal_copy = g_strconcat (copy, "-wal", NULL);
  if (g_file_test (wal, G_FILE_TEST_EXISTS) && !copy_file (wal, wal_copy, error))
    {
      g_unlink (copy);
      return NULL;
    }

  return g_steal_pointer (&copy);
}

/* Sets @error to say that the database at @path is damaged, with what
 * SQLite found, and where the copy kept of it is.
 */
static void
set_damaged_error (const char  *path,
                   const char  *problem,
                   GError     **error)
{
  g_autoptr(GError) copy_error = NULL;
  g_autofree char *copy = keep_damaged_copy (path, &copy_error);

  if (copy != NULL)
    g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_DAMAGED,
                 _("The database “%s” is damaged (%s). Walkround has not changed it, and has kept "
                   "a copy as “%s”. Restore it from a backup, or ask your IT service for help, "
                   "before going on."),
                 path, problem, copy);
  else
    g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_DAMAGED,
                 _("The database “%s” is damaged (%s). Walkround has not changed it, but could "
                   "not keep a copy of it (%s). Restore it from a backup, or ask your IT service "
                   "for help, before going on."),
                 path, problem, copy_error->message);
}

static int
check_cancelled_cb (gpointer data)
{
  return g_cancellable_is_cancelled (data);
}

/* Runs @sql, a check that returns "ok" or rows of problems, on @db. On
 * damage @error is WR_STORE_ERROR_DAMAGED and a copy of @path is kept;
 * anything else (locked, unreadable, out of memory) is not damage, and
 * says so.
 */
static gboolean
run_check (sqlite3       *db,
           const char    *path,
           const char    *sql,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *problem = NULL;
  const char *reason;
  int code;
  int rc;

  if (cancellable != NULL)
    sqlite3_progress_handler (db, 10000, check_cancelled_cb, cancellable);
  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0)
        rc = SQLITE_DONE;
      else if (rc == SQLITE_ROW)
        problem = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_progress_handler (db, 0, NULL, NULL);

  if (rc == SQLITE_DONE)
    return TRUE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (problem == NULL)
    {
      code = sqlite3_extended_errcode (db) & 0xff;
      if (code != SQLITE_CORRUPT && code != SQLITE_NOTADB)
        {
          if ((reason = describe_result (code)) != NULL)
            g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_OPEN, "%s: %s: %s (%s)",
                         path, _("Could not open the database"), reason, sqlite3_errmsg (db));
          else
            g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_OPEN, "%s: %s: %s",
                         path, _("Could not open the database"), sqlite3_errmsg (db));
          return FALSE;
        }
      problem = g_strdup (sqlite3_errmsg (db));
    }

  set_damaged_error (path, problem, error);
  return FALSE;
}

/* The cheap check of every open: SQLite reads the header and the whole
 * schema to answer, so a file that is not a database, or whose schema is
 * damaged, is found here in a few milliseconds whatever its size. An
 * empty file (a first open that was killed) is a sound new database.
 */
static gboolean
check_header (WrStore  *self,
              GError  **error)
{
  return run_check (self->db, self->path,
                    "SELECT 'ok' FROM (SELECT count (*) FROM sqlite_schema)",
                    NULL, error);
}

/* Every check of the whole file reads every page: 1.5 s for 100 000
 * visits. quick_check finds what a crash or a failing disk leaves (pages
 * that are not what their parent says, rows out of order) without the
 * slower index-against-table comparison of integrity_check.
 */
static gboolean
check_whole_file (const char    *path,
                  sqlite3       *db,
                  GCancellable  *cancellable,
                  GError       **error)
{
  return run_check (db, path, "PRAGMA quick_check", cancellable, error);
}

/* Connections this process has open, by path: see left_unclean(). */
static GMutex open_paths_lock;
static GHashTable *open_paths;

static void
register_path (const char *path)
{
  g_mutex_lock (&open_paths_lock);
  if (open_paths == NULL)
    open_paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_insert (open_paths, g_strdup (path),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (open_paths, path)) + 1));
  g_mutex_unlock (&open_paths_lock);
}

static void
unregister_path (const char *path)
{
  guint count;

  g_mutex_lock (&open_paths_lock);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (open_paths, path));
  if (count > 1)
    g_hash_table_insert (open_paths, g_strdup (path), GUINT_TO_POINTER (count - 1));
  else
    g_hash_table_remove (open_paths, path);
  g_mutex_unlock (&open_paths_lock);
}

static gboolean
path_is_open_here (const char *path)
{
  gboolean open;

  g_mutex_lock (&open_paths_lock);
  open = open_paths != NULL && g_hash_table_contains (open_paths, path);
  g_mutex_unlock (&open_paths_lock);

  return open;
}

/* Whether the database at @path was left by a process that did not close
 * it: the last connection to close a database in WAL mode checkpoints and
 * deletes its -wal, so a -wal that no other connection holds was left by a
 * crash, a kill or a power cut. A -wal that another process holds (the
 * window while the command line runs, or the other way round) is in use,
 * and the process that opened the file first has checked it.
 *
 * Closing any descriptor of a file drops all of this process's POSIX locks
 * on it, SQLite's included, so the -shm is never opened while this process
 * has a connection to the database: then the answer is no.
 */
static gboolean
left_unclean (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  gboolean unclean = TRUE;

  if (!g_file_test (wal, G_FILE_TEST_EXISTS))
    return FALSE;
  if (path_is_open_here (path))
    return FALSE;

  /* Every connection keeps the -shm open: without one, nobody holds it. */
  if (wr_platform_sqlite_shm_in_use (shm))
    unclean = FALSE;

  return unclean;
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
      (fd = g_open (path, O_CREAT | O_EXCL | O_WRONLY | O_BINARY | O_CLOEXEC, 0600)) < 0)
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

  fd = g_open (path, O_CREAT | O_EXCL | O_WRONLY | O_BINARY | O_CLOEXEC, 0600);
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

/* clock_covers (CLOCK, DEVICE, CHANGE): whether the change was seen by a
 * copy whose clock (as a pack writes it) is CLOCK. What nothing orders,
 * a row written before histories (change 0) or a removal that kept no
 * clock, counts as seen: it is no conflict.
 */
static void
clock_covers (sqlite3_context  *context,
              int               argc,
              sqlite3_value   **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);
  const char *device = (const char *) sqlite3_value_text (argv[1]);
  sqlite3_int64 change = sqlite3_value_int64 (argv[2]);
  g_autoptr(WrClock) clock = NULL;

  if (text == NULL || device == NULL || device[0] == '\0' || change <= 0 ||
      !(clock = wr_clock_from_string (text, NULL)))
    {
      sqlite3_result_int (context, 1);
      return;
    }
  sqlite3_result_int (context, wr_clock_covers (clock, device, (guint64) change));
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

  register_path (self->path);
  self->registered = TRUE;

  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_create_function (self->db, "clock_covers", 3, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY,
                           NULL, clock_covers, NULL, NULL);

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

/* Whether every entry of @dir is one of Walkround's own beside the
 * database @base: then the folder is Walkround's and may be made
 * private. Anything else (a home folder, /tmp, a shared drive) is left
 * as it is.
 */
static gboolean
holds_only_our_files (const char *dir,
                      const char *base)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autofree char *damaged = g_strconcat (base, ".damaged-", NULL);
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };
  const char *name;

  if (handle == NULL)
    return FALSE;

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      gboolean ours = g_str_equal (name, "backups") || g_str_equal (name, "forms") ||
                      g_str_has_prefix (name, damaged);

      for (guint i = 0; !ours && i < G_N_ELEMENTS (suffixes); i++)
        ours = g_str_has_prefix (name, base) && g_str_equal (name + strlen (base), suffixes[i]);
      if (!ours)
        return FALSE;
    }

  return TRUE;
}

/* Gives @file @mode (0600 or 0700: its owner's only) if it is ours and
 * open to others, or closed to its owner; adds its name to @changed or
 * @refused.
 */
static void
make_private (const char *file,
              mode_t      mode,
              gboolean    is_dir,
              GString    *changed,
              GString    *refused)
{
  GStatBuf st;

  /* A -wal or -shm without its owner's write blocks every save. */
  if (g_lstat (file, &st) != 0 || ((st.st_mode & 0077) == 0 && (st.st_mode & mode) == mode))
    return;
  if (is_dir ? !S_ISDIR (st.st_mode) : !S_ISREG (st.st_mode))
    return;
  if (!wr_platform_is_own_file (&st))
    {
      g_string_append_printf (refused, "%s“%s”", refused->len ? ", " : "", file);
      return;
    }

  /* A FAT or network file system may say yes and change nothing. */
  if (g_chmod (file, mode) != 0 || g_stat (file, &st) != 0 || (st.st_mode & 0077) != 0)
    g_string_append_printf (refused, "%s“%s”", refused->len ? ", " : "", file);
  else
    g_string_append_printf (changed, "%s“%s”", changed->len ? ", " : "", file);
}

/* Why nothing can be saved, if a file of the database at @path cannot be
 * written by this user: a message naming it and what to do, or %NULL.
 * SQLite opens such a file read-only and then refuses every write with
 * "attempt to write a readonly database", naming no file. Our own files
 * are made writable at open (see tighten_permissions()); another user's
 * (a copied data folder) cannot be.
 */
static char *
describe_unwritable (const char *path)
{
  const char *suffixes[] = { "-shm", "-wal", "" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      GStatBuf st;

      if (g_stat (file, &st) != 0 || g_access (file, W_OK) == 0)
        continue;

      if (wr_platform_is_own_file (&st))
        return g_strdup_printf (_("Walkround cannot write to “%s”, so nothing can be saved. Check "
                                  "that the disk is not read-only or full, and that you may change "
                                  "the file, or ask your IT service for help."),
                                file);

      /* The -shm holds only an index of the -wal, rebuilt by the first
       * connection to open the database: removing it loses nothing. The
       * -wal holds saved changes: it must never be removed.
       */
      if (i == 0)
        return g_strdup_printf (_("Walkround cannot write to “%s”, which belongs to another user, "
                                  "so nothing can be saved. Close Walkround everywhere, then delete "
                                  "“%s”: it holds no notes, and is made again at the next start."),
                                file, file);
      return g_strdup_printf (_("Walkround cannot write to “%s”, which belongs to another user, "
                                "so nothing can be saved. Make it yours again (sudo chown $USER "
                                "“%s”), or ask your IT service to; do not delete it, as it holds "
                                "saved notes."),
                              file, file);
    }

  return NULL;
}

/* The database holds notes about patients and staff, and so do its -wal
 * and -shm, which SQLite creates with the database's own mode: an
 * existing database readable by others (made by an older Walkround, or
 * copied in) is made private before SQLite opens it, and so is its
 * folder if it holds nothing but Walkround's files. What was changed is
 * said once (the next open finds nothing to change); what the file
 * system refused is said, but does not stop Walkround.
 */
static void
tighten_permissions (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(GString) changed = g_string_new (NULL);
  g_autoptr(GString) refused = g_string_new (NULL);
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };
  GStatBuf st;

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      make_private (file, 0600, FALSE, changed, refused);
    }

  /* Never a shared folder such as /tmp (sticky), nor the home folder. */
  if (g_stat (dir, &st) == 0 && (st.st_mode & 0077) != 0 &&
#ifdef S_ISVTX
      (st.st_mode & S_ISVTX) == 0 &&
#endif
      g_strcmp0 (dir, g_get_home_dir ()) != 0 &&
      holds_only_our_files (dir, base))
    make_private (dir, 0700, TRUE, changed, refused);

  if (changed->len > 0)
    g_message (_("Made %s yours only: they hold notes about patients and staff, and others "
                 "could read them, or Walkround could not write them."), changed->str);
  if (refused->len > 0)
    g_message (_("Could not make %s readable by you only: the file system or their owner "
                 "does not allow it. Keep the data folder on a disk only you can read."),
               refused->str);
}

/**
 * wr_store_open:
 * @path: the database file; it is created (mode 0600) if missing
 * @error: return location for a #GError
 *
 * Opens the database, checks it is not damaged, and brings its schema up
 * to date, keeping a backup first when an existing database changes. See
 * wr_store_open_with_flags() for what is checked.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
WrStore *
wr_store_open (const char  *path,
               GError     **error)
{
  return wr_store_open_with_flags (path, WR_STORE_OPEN_DEFAULT, error);
}

/**
 * wr_store_open_with_flags:
 * @path: the database file; it is created (mode 0600) if missing
 * @flags: how to open it
 * @error: return location for a #GError
 *
 * Opens the database, checks it is not damaged, and brings its schema up
 * to date, keeping a backup first when an existing database changes.
 *
 * Every open checks the file's header and schema, which takes a few
 * milliseconds. After an unclean close (a crash, a kill, a power cut) the
 * whole file is checked too, which takes a second or more for a large
 * one; with %WR_STORE_OPEN_DEFER_CHECK that is left to the caller (see
 * wr_store_get_needs_check() and wr_store_check_async()), so that a
 * window can show its lists first.
 *
 * A damaged file is refused with %WR_STORE_ERROR_DAMAGED, and a copy of
 * it is kept beside it, once per damaged file.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
WrStore *
wr_store_open_with_flags (const char        *path,
                          WrStoreOpenFlags   flags,
                          GError           **error)
{
  g_autoptr(WrStore) self = NULL;
  gboolean existed;
  gboolean unclean;

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

  /* Before SQLite opens (and perhaps creates) a -wal and -shm. Windows
   * files have no such modes: there the data folder is private by its
   * place under the user's profile.
   */
  if (wr_platform_has_file_modes ())
    tighten_permissions (self->path);

  if (existed)
    {
      g_autofree char *unwritable = describe_unwritable (self->path);

      if (unwritable != NULL)
        {
          g_set_error_literal (error, WR_STORE_ERROR, WR_STORE_ERROR_OPEN, unwritable);
          return NULL;
        }
    }

  /* Before our own connection holds the -wal. */
  unclean = existed && left_unclean (self->path);

  if (!open_connection (self, error))
    return NULL;

  if (existed)
    {
      g_autoptr(GError) local_error = NULL;

      if (!check_header (self, &local_error) ||
          (unclean && (flags & WR_STORE_OPEN_DEFER_CHECK) == 0 &&
           !check_whole_file (self->path, self->db, NULL, &local_error)))
        {
          self->damaged = g_error_matches (local_error, WR_STORE_ERROR, WR_STORE_ERROR_DAMAGED);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      self->needs_check = unclean && (flags & WR_STORE_OPEN_DEFER_CHECK) != 0;
      if (!check_not_too_new (self, error))
        return NULL;
    }

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
  return wr_store_open_default_with_flags (WR_STORE_OPEN_DEFAULT, error);
}

/**
 * wr_store_open_default_with_flags:
 * @flags: how to open it, as wr_store_open_with_flags() takes
 * @error: return location for a #GError
 *
 * Opens walkround.db in the data folder (see wr_paths_get_data_dir()).
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
WrStore *
wr_store_open_default_with_flags (WrStoreOpenFlags   flags,
                                  GError           **error)
{
  g_autofree char *path = NULL;

  if (!wr_paths_ensure_data_dir (error))
    return NULL;

  path = g_build_filename (wr_paths_get_data_dir (), "walkround.db", NULL);

  return wr_store_open_with_flags (path, flags, error);
}

/**
 * wr_store_get_needs_check:
 * @self: a #WrStore
 *
 * Returns: %TRUE if @self was opened with %WR_STORE_OPEN_DEFER_CHECK after
 *   an unclean close and the whole file has not been checked since
 */
gboolean
wr_store_get_needs_check (WrStore *self)
{
  g_return_val_if_fail (WR_IS_STORE (self), FALSE);

  return self->needs_check;
}

/* The whole check of the file at @path, on a connection of its own: it
 * may run in any thread, beside the store's connection.
 */
static gboolean
check_file (const char    *path,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3 *db = NULL;
  gboolean ok;
  int rc;

  /* It only reads, but may be the last connection to close, which then
   * checkpoints and removes the -wal: a read-only one would leave it, and
   * the next open would take it for an unclean close.
   */
  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_EXRESCODE, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_OPEN,
                   _("Could not open the database “%s”: %s"),
                   path, db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return FALSE;
    }
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  /* Unless the file is sound, closing leaves the -wal for the next open
   * to check it again.
   */
  ok = check_whole_file (path, db, cancellable, &local_error);
  if (!ok)
    sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
  sqlite3_close (db);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return ok;
}

/**
 * wr_store_check:
 * @self: a #WrStore
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Checks every page of the database, as an open does after an unclean
 * close; a second or more for a large file. It reads on a connection of
 * its own, so @self can go on saving meanwhile. Damage is
 * %WR_STORE_ERROR_DAMAGED, and a copy of the file is kept.
 *
 * Returns: %TRUE if the file is sound
 */
gboolean
wr_store_check (WrStore       *self,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (WR_IS_STORE (self), FALSE);

  if (!check_file (self->path, cancellable, &local_error))
    {
      if (g_error_matches (local_error, WR_STORE_ERROR, WR_STORE_ERROR_DAMAGED))
        mark_damaged (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  self->needs_check = FALSE;

  return TRUE;
}

static void
check_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;

  if (check_file (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * wr_store_check_async:
 * @self: a #WrStore
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the check is done
 * @user_data: data for @callback
 *
 * Runs wr_store_check() in a worker thread.
 */
void
wr_store_check_async (WrStore             *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (WR_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wr_store_check_async);
  g_task_set_task_data (task, g_strdup (self->path), g_free);
  g_task_run_in_thread (task, check_worker);
}

/**
 * wr_store_check_finish:
 * @self: a #WrStore
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the file is sound
 */
gboolean
wr_store_check_finish (WrStore       *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (WR_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), &local_error))
    {
      if (g_error_matches (local_error, WR_STORE_ERROR, WR_STORE_ERROR_DAMAGED))
        mark_damaged (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  self->needs_check = FALSE;

  return TRUE;
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
