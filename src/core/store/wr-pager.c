/* wr-pager.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-pager"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-pager-private.h"
#include "wr-store-private.h"

#define PAGE_SIZE 256
#define MAX_PAGES 32

struct _WrPager
{
  WrStore                *store;
  const char             *page_sql;  /* selects rows WHERE id IN (SELECT value FROM json_each (?)) */
  WrPagerRowFunc          row_func;  /* reads a row; the row id is its own */
  WrPagerPlaceholderFunc  placeholder_func;
  GArray                 *ids;
  GHashTable             *pages;     /* page number → GPtrArray of objects */
  GQueue                  lru;       /* page numbers, most recent first */
};

WrPager *
_wr_pager_new (WrStore                *store,
               const char             *page_sql,
               WrPagerRowFunc          row_func,
               WrPagerPlaceholderFunc  placeholder_func)
{
  WrPager *self = g_new0 (WrPager, 1);

  self->store = g_object_ref (store);
  self->page_sql = page_sql;
  self->row_func = row_func;
  self->placeholder_func = placeholder_func;
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&self->lru);

  return self;
}

void
_wr_pager_free (WrPager *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->store);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_queue_clear (&self->lru);
  g_free (self);
}

WrStore *
_wr_pager_get_store (WrPager *self)
{
  return self->store;
}

guint
_wr_pager_get_n_items (WrPager *self)
{
  return self->ids->len;
}

/* The page query's first column is the row id. */
static GPtrArray *
load_page (WrPager *self,
           guint    page)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) json = g_string_new ("[");
  guint first = page * PAGE_SIZE;
  guint last = MIN (first + PAGE_SIZE, self->ids->len);
  GPtrArray *items = g_ptr_array_new_full (last - first, g_object_unref);
  int rc;

  for (guint i = first; i < last; i++)
    g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i > first ? "," : "", g_array_index (self->ids, gint64, i));
  g_string_append_c (json, ']');

  if ((stmt = _wr_store_prepare (self->store, self->page_sql, &error)) != NULL)
    {
      sqlite3_bind_text (stmt, 1, json->str, (int) json->len, SQLITE_TRANSIENT);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 *key = g_new (gint64, 1);

          *key = sqlite3_column_int64 (stmt, 0);
          g_hash_table_insert (by_id, key, self->row_func (stmt));
        }
      if (rc != SQLITE_DONE)
        _wr_store_set_error (self->store, &error, WR_STORE_ERROR_READ, _("Could not read the list"));
    }

  if (error != NULL)
    g_warning ("%s", error->message);

  /* A row deleted since the ids were read, or unreadable, keeps its place
   * with a placeholder until the next reload.
   */
  for (guint i = first; i < last; i++)
    {
      gint64 id = g_array_index (self->ids, gint64, i);
      GObject *item = g_hash_table_lookup (by_id, &id);

      g_ptr_array_add (items, item ? g_object_ref (item) : self->placeholder_func (id));
    }

  return items;
}

gpointer
_wr_pager_get_item (WrPager *self,
                    guint    position)
{
  guint page = position / PAGE_SIZE;
  GPtrArray *items;

  if (position >= self->ids->len)
    return NULL;

  if ((items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page))) != NULL)
    {
      if (g_queue_peek_head (&self->lru) != GUINT_TO_POINTER (page))
        {
          g_queue_remove (&self->lru, GUINT_TO_POINTER (page));
          g_queue_push_head (&self->lru, GUINT_TO_POINTER (page));
        }
    }
  else
    {
      items = load_page (self, page);
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
      g_queue_push_head (&self->lru, GUINT_TO_POINTER (page));

      while (g_queue_get_length (&self->lru) > MAX_PAGES)
        g_hash_table_remove (self->pages, g_queue_pop_tail (&self->lru));
    }

  return g_object_ref (g_ptr_array_index (items, position % PAGE_SIZE));
}

/**
 * _wr_pager_set_ids:
 * @self: a #WrPager
 * @ids: (transfer full): the row ids, in order
 * @old_n_items: (out): how many items there were
 *
 * Replaces the list's rows with @ids, for a list that orders its rows
 * itself.
 */
void
_wr_pager_set_ids (WrPager *self,
                   GArray  *ids,
                   guint   *old_n_items)
{
  *old_n_items = self->ids->len;
  g_array_unref (self->ids);
  self->ids = ids;
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->lru);
}

/**
 * _wr_pager_load_ids:
 * @self: a #WrPager
 * @ids_stmt: a bound statement whose first column is the row id, in order
 * @old_n_items: (out): how many items there were
 * @error: return location for a #GError
 *
 * Replaces the list's rows. On failure the list keeps what it had.
 *
 * Returns: %TRUE if the ids were read
 */
gboolean
_wr_pager_load_ids (WrPager       *self,
                    sqlite3_stmt  *ids_stmt,
                    guint         *old_n_items,
                    GError       **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  while ((rc = sqlite3_step (ids_stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (ids_stmt, 0);
      g_array_append_val (ids, id);
    }

  if (rc != SQLITE_DONE)
    {
      _wr_store_set_error (self->store, error, WR_STORE_ERROR_READ, _("Could not read the list"));
      return FALSE;
    }

  _wr_pager_set_ids (self, g_steal_pointer (&ids), old_n_items);

  return TRUE;
}
