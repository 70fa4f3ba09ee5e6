/* wr-store-sync.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What this database keeps of its syncs with the organisation store, in
 * the meta table under keys "sync.…" (no migration needed): the server it
 * syncs with, how far its pulls have got, when it last sent, and what the
 * last sync did. A pull's position is written by the import that brought
 * the rows, in its own transaction (_wr_store_put_sync_value()), so that
 * a cut sync resumes exactly where its last import committed.
 */

#define G_LOG_DOMAIN "wr-store"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-store-private.h"

/**
 * wr_store_get_sync_value:
 * @key: a key of the sync's ("sync.server"…)
 *
 * Returns: (transfer full): its value, "" if it has none, or %NULL with
 *   @error set
 */
char *
wr_store_get_sync_value (WrStore     *self,
                         const char  *key,
                         GError     **error)
{
  g_return_val_if_fail (g_str_has_prefix (key, "sync."), NULL);

  return _wr_store_get_meta (self, key, _("Could not read how far syncing has got"), error);
}

/**
 * _wr_store_put_sync_value:
 * @self: a #WrStore inside a write transaction
 * @key: a key of the sync's
 * @value: its new value; "" removes it
 *
 * Returns: %TRUE once written
 */
gboolean
_wr_store_put_sync_value (WrStore     *self,
                          const char  *key,
                          const char  *value,
                          GError     **error)
{
  g_return_val_if_fail (g_str_has_prefix (key, "sync."), FALSE);

  return _wr_store_set_meta (self, key, value, error);
}

/**
 * wr_store_set_sync_values:
 * @keys: keys of the sync's
 * @values: a value for each ("" removes it)
 *
 * Sets them all in one transaction.
 *
 * Returns: %TRUE once committed
 */
gboolean
wr_store_set_sync_values (WrStore             *self,
                          const char * const  *keys,
                          const char * const  *values,
                          GError             **error)
{
  if (!_wr_store_begin (self, error))
    return FALSE;
  for (guint i = 0; keys[i] != NULL; i++)
    {
      if (!_wr_store_put_sync_value (self, keys[i], values[i], error))
        {
          _wr_store_rollback (self);
          return FALSE;
        }
    }
  return _wr_store_commit (self, error);
}

/**
 * wr_store_list_changed_here:
 * @since: (nullable): a time _wr_store_now() gave, or %NULL for every visit
 * @now: (out): this device's time before the visits were listed, to list
 *   from next time
 *
 * The visits changed on this device, or by an import, at or after @since.
 *
 * Returns: (transfer full) (element-type WrStoreVisitRef): the visits, or
 *   %NULL with @error set
 */
GArray *
wr_store_list_changed_here (WrStore     *self,
                            const char  *since,
                            char       **now,
                            GError     **error)
{
  g_autoptr(GArray) visits = g_array_new (FALSE, FALSE, sizeof (WrStoreVisitRef));
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autofree char *started = _wr_store_now ();
  int rc;

  g_array_set_clear_func (visits, (GDestroyNotify) wr_store_visit_ref_clear);

  if (since != NULL && since[0] != '\0')
    stmt = _wr_store_prepare (self,
                              "SELECT id, uuid FROM visits"
                              " WHERE deleted IS NULL AND julianday (changed_here) >= julianday (?) ORDER BY id",
                              error);
  else
    stmt = _wr_store_prepare (self, "SELECT id, uuid FROM visits WHERE deleted IS NULL ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  if (since != NULL && since[0] != '\0')
    sqlite3_bind_text (stmt, 1, since, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WrStoreVisitRef ref = { sqlite3_column_int64 (stmt, 0), g_strdup (_wr_store_column_text (stmt, 1)) };

      g_array_append_val (visits, ref);
    }
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_result_error (self, error, WR_STORE_ERROR_READ, _("Could not list the visits to send"), rc);
      return NULL;
    }

  *now = g_steal_pointer (&started);
  return g_steal_pointer (&visits);
}

void
wr_store_visit_ref_clear (WrStoreVisitRef *ref)
{
  g_clear_pointer (&ref->uuid, g_free);
}
