/* wr-action-list.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-action-list"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-action-list.h"
#include "wr-action-private.h"
#include "wr-pager-private.h"
#include "wr-store-private.h"

/* Every action of every visit, a page at a time (see WrPager), for the
 * Actions page; filtering and sorting happen in SQL.
 */
struct _WrActionList
{
  GObject       parent_instance;

  WrPager      *pager;
  WrActionSort  sort;
  char         *statuses;  /* as JSON arrays, for json_each () */
  char         *services;
  char         *owner;     /* a LIKE pattern */
  char         *overdue_on;
  char         *like;      /* a LIKE pattern */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WrActionList, wr_action_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* The soonest due and the newest first read a covering index of the
 * actions that are not deleted, in that order (schema 4). A deleted visit's
 * actions are left out through the small index of deleted visits, and a
 * service's through the visits of that service, so no action's visit is
 * looked up one by one. A search reads each action's text: it reads the
 * table in its own order and sorts what it finds. The first column is the
 * row id, the second the visit's, for the order by service.
 */
#define FILTERS \
  " WHERE a.deleted IS NULL" \
  "   AND a.visit_id NOT IN (SELECT id FROM visits INDEXED BY visits_deleted WHERE deleted IS NOT NULL)" \
  "   AND (?1 IS NULL OR a.status IN (SELECT value FROM json_each (?1)))" \
  "   AND (?2 IS NULL OR a.visit_id IN (SELECT id FROM visits WHERE service_id IN" \
  "          (SELECT id FROM services WHERE uuid IN (SELECT value FROM json_each (?2)))))" \
  "   AND (?3 IS NULL OR a.owner LIKE ?3 ESCAPE '\\')" \
  "   AND (?4 IS NULL OR (a.status = 'open' AND a.due < ?4))" \
  "   AND (?5 IS NULL OR a.text LIKE ?5 ESCAPE '\\'" \
  "        OR a.visit_id IN (SELECT id FROM visits WHERE service_id IN" \
  "              (SELECT id FROM services WHERE name LIKE ?5 ESCAPE '\\')))"
#define IDS(index) "SELECT a.id, a.visit_id FROM actions a " index FILTERS
#define BY_DUE " ORDER BY a.due IS NULL, a.due, a.id"
#define NEWEST " ORDER BY a.created DESC, a.id DESC"

/* Indexed by WrActionSort, then by whether the text is searched. The
 * order by service is the order by due date, regrouped (see
 * group_by_service()).
 */
static const char * const queries[][2] = {
  { IDS ("INDEXED BY actions_list_by_due") BY_DUE, IDS ("NOT INDEXED") BY_DUE },
  { IDS ("INDEXED BY actions_list_by_created") NEWEST, IDS ("NOT INDEXED") NEWEST },
  { IDS ("INDEXED BY actions_list_by_due") BY_DUE, IDS ("NOT INDEXED") BY_DUE },
};

static void
wr_action_list_finalize (GObject *object)
{
  WrActionList *self = (WrActionList *)object;

  g_clear_pointer (&self->pager, _wr_pager_free);
  g_clear_pointer (&self->statuses, g_free);
  g_clear_pointer (&self->services, g_free);
  g_clear_pointer (&self->owner, g_free);
  g_clear_pointer (&self->overdue_on, g_free);
  g_clear_pointer (&self->like, g_free);

  G_OBJECT_CLASS (wr_action_list_parent_class)->finalize (object);
}

static void
wr_action_list_class_init (WrActionListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = wr_action_list_finalize;
}

static void
wr_action_list_init (WrActionList *self)
{
}

static GType
wr_action_list_get_item_type (GListModel *model)
{
  return WR_TYPE_ACTION;
}

static guint
wr_action_list_get_n_items (GListModel *model)
{
  return _wr_pager_get_n_items (WR_ACTION_LIST (model)->pager);
}

static gpointer
wr_action_list_get_item (GListModel *model,
                         guint       position)
{
  return _wr_pager_get_item (WR_ACTION_LIST (model)->pager, position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = wr_action_list_get_item_type;
  iface->get_n_items = wr_action_list_get_n_items;
  iface->get_item = wr_action_list_get_item;
}

/**
 * wr_action_list_new:
 * @store: the store to list actions from
 *
 * Returns: (transfer full): an empty list; reload it or set a filter
 */
WrActionList *
wr_action_list_new (WrStore *store)
{
  WrActionList *self;

  g_return_val_if_fail (WR_IS_STORE (store), NULL);

  self = g_object_new (WR_TYPE_ACTION_LIST, NULL);
  self->pager = _wr_pager_new (store,
                               "SELECT " WR_ACTION_COLUMNS " FROM " WR_ACTION_FROM
                               " WHERE a.id IN (SELECT value FROM json_each (?))",
                               (WrPagerRowFunc) _wr_action_new_from_row,
                               (WrPagerPlaceholderFunc) _wr_action_new_placeholder);

  return self;
}

static char *
like_or_null (const char *text)
{
  g_autofree char *trimmed = text ? g_strstrip (g_strdup (text)) : NULL;

  return trimmed && trimmed[0] ? _wr_store_like_pattern (trimmed) : NULL;
}

gboolean
wr_action_list_set_filter (WrActionList          *self,
                           const WrActionFilter  *filter,
                           GError               **error)
{
  static const WrActionFilter all = { NULL, };

  g_return_val_if_fail (WR_IS_ACTION_LIST (self), FALSE);

  if (filter == NULL)
    filter = &all;

  g_free (self->statuses);
  self->statuses = _wr_store_json_array (filter->statuses);
  g_free (self->services);
  self->services = _wr_store_json_array (filter->service_uuids);
  g_free (self->owner);
  self->owner = like_or_null (filter->owner);
  g_free (self->overdue_on);
  self->overdue_on = filter->overdue_on && filter->overdue_on[0] ? g_strdup (filter->overdue_on) : NULL;
  g_free (self->like);
  self->like = like_or_null (filter->text);

  return wr_action_list_reload (self, error);
}

gboolean
wr_action_list_set_sort (WrActionList  *self,
                         WrActionSort   sort,
                         GError       **error)
{
  g_return_val_if_fail (WR_IS_ACTION_LIST (self), FALSE);
  g_return_val_if_fail (sort < G_N_ELEMENTS (queries), FALSE);

  self->sort = sort;

  return wr_action_list_reload (self, error);
}

static void
bind_optional (sqlite3_stmt *stmt,
               int           column,
               const char   *value)
{
  if (value != NULL)
    sqlite3_bind_text (stmt, column, value, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

/* Each service's actions in the order read, services by name and then
 * by id. SQL would look each action's visit up for its service, a row read
 * per action; here the services of all visits are read in one pass over an
 * index, and the actions are put in place by counting.
 */
static GArray *
group_by_service (WrActionList  *self,
                  sqlite3_stmt  *actions,
                  GError       **error)
{
  WrStore *store = _wr_pager_get_store (self->pager);
  g_autoptr(WrCachedStmt) services = NULL;
  g_autoptr(WrCachedStmt) visits = NULL;
  g_autoptr(GHashTable) service_ranks = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) visit_ranks = NULL;
  g_autoptr(GArray) visit_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) visit_rank_list = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) ranks = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree guint *starts = NULL;
  GArray *sorted;
  guint n_ranks = 0;
  int rc;

  if (!(services = _wr_store_prepare (store,
                                      "SELECT id FROM services INDEXED BY services_by_name"
                                      " ORDER BY name COLLATE NOCASE, id", error)))
    return NULL;
  while ((rc = sqlite3_step (services)) == SQLITE_ROW)
    {
      gint64 *service_id = g_new (gint64, 1);

      *service_id = sqlite3_column_int64 (services, 0);
      g_hash_table_insert (service_ranks, service_id, GUINT_TO_POINTER (++n_ranks));
    }
  if (rc != SQLITE_DONE)
    goto failed;

  if (!(visits = _wr_store_prepare (store,
                                    "SELECT id, service_id FROM visits INDEXED BY visits_list_by_service"
                                    " WHERE deleted IS NULL", error)))
    return NULL;
  while ((rc = sqlite3_step (visits)) == SQLITE_ROW)
    {
      gint64 visit_id = sqlite3_column_int64 (visits, 0);
      gint64 service_id = sqlite3_column_int64 (visits, 1);
      guint rank = GPOINTER_TO_UINT (g_hash_table_lookup (service_ranks, &service_id));

      g_array_append_val (visit_ids, visit_id);
      g_array_append_val (visit_rank_list, rank);
    }
  if (rc != SQLITE_DONE)
    goto failed;

  /* Keys point into visit_ids, which no longer grows. */
  visit_ranks = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < visit_ids->len; i++)
    g_hash_table_insert (visit_ranks, &g_array_index (visit_ids, gint64, i),
                         GUINT_TO_POINTER (g_array_index (visit_rank_list, guint, i)));

  /* An action whose visit or service came after they were read goes last. */
  starts = g_new0 (guint, n_ranks + 2);
  while ((rc = sqlite3_step (actions)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (actions, 0);
      gint64 visit_id = sqlite3_column_int64 (actions, 1);
      guint rank = GPOINTER_TO_UINT (g_hash_table_lookup (visit_ranks, &visit_id));

      if (rank == 0)
        rank = n_ranks + 1;
      g_array_append_val (ids, id);
      g_array_append_val (ranks, rank);
      starts[rank]++;
    }
  if (rc != SQLITE_DONE)
    goto failed;

  /* Counts to where each rank starts, then each action in its place. */
  for (guint rank = 0, total = 0; rank <= n_ranks + 1; rank++)
    {
      guint count = starts[rank];

      starts[rank] = total;
      total += count;
    }
  sorted = g_array_sized_new (FALSE, FALSE, sizeof (gint64), ids->len);
  g_array_set_size (sorted, ids->len);
  for (guint i = 0; i < ids->len; i++)
    g_array_index (sorted, gint64, starts[g_array_index (ranks, guint, i)]++) = g_array_index (ids, gint64, i);

  return sorted;

failed:
  _wr_store_set_error (store, error, WR_STORE_ERROR_READ, _("Could not read the list"));
  return NULL;
}

/**
 * wr_action_list_reload:
 * @self: a #WrActionList
 * @error: return location for a #GError
 *
 * Reads the matching actions again. On failure the list keeps what it had.
 *
 * Returns: %TRUE if the list was read
 */
gboolean
wr_action_list_reload (WrActionList  *self,
                       GError       **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  guint old_n;
  guint new_n;

  g_return_val_if_fail (WR_IS_ACTION_LIST (self), FALSE);

  if (!(stmt = _wr_store_prepare (_wr_pager_get_store (self->pager), queries[self->sort][self->like != NULL], error)))
    return FALSE;

  bind_optional (stmt, 1, self->statuses);
  bind_optional (stmt, 2, self->services);
  bind_optional (stmt, 3, self->owner);
  bind_optional (stmt, 4, self->overdue_on);
  bind_optional (stmt, 5, self->like);

  if (self->sort == WR_ACTION_SORT_SERVICE)
    {
      GArray *ids = group_by_service (self, stmt, error);

      if (ids == NULL)
        return FALSE;
      _wr_pager_set_ids (self->pager, ids, &old_n);
    }
  else if (!_wr_pager_load_ids (self->pager, stmt, &old_n, error))
    return FALSE;

  new_n = _wr_pager_get_n_items (self->pager);
  if (old_n != 0 || new_n != 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, new_n);

  return TRUE;
}
