/* wr-visit-list.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-visit-list"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wr-pager-private.h"
#include "wr-store-private.h"
#include "wr-visit-list.h"
#include "wr-visit-private.h"

/* Visits a page at a time (see WrPager); filtering and sorting happen in SQL. */
struct _WrVisitList
{
  GObject      parent_instance;

  WrPager     *pager;

  WrVisitSort  sort;
  char        *kinds;      /* filters as JSON arrays, for json_each () */
  char        *statuses;
  char        *services;
  char        *from_date;
  char        *to_date;
  char        *match;      /* an FTS5 query */
  char        *like;       /* a LIKE pattern */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WrVisitList, wr_visit_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* Each order reads a covering index of the visits that are not deleted,
 * in that order (schema 4), so listing 100 000 visits sorts nothing and
 * never reads the table. No join unless the order needs the service's
 * name; the services' names index gives them in order, ties by id.
 */
#define FILTERS \
  " WHERE v.deleted IS NULL" \
  "   AND (?1 IS NULL OR v.kind IN (SELECT value FROM json_each (?1)))" \
  "   AND (?2 IS NULL OR v.status IN (SELECT value FROM json_each (?2)))" \
  "   AND (?3 IS NULL OR v.service_id IN (SELECT id FROM services WHERE uuid IN (SELECT value FROM json_each (?3))))" \
  "   AND (?4 IS NULL OR v.start_date >= ?4)" \
  "   AND (?5 IS NULL OR v.start_date <= ?5)"

/* A search lists, in order, the filtered visits with their service and
 * whether their form's id is like the text; reload() keeps those that
 * match (see search_visits()).
 */
#define SEARCH_COLUMNS ", v.service_id, v.form_id LIKE ?6 ESCAPE '\\'"
#define IDS(index) "SELECT v.id FROM visits v INDEXED BY " index
#define IDS_BY_SERVICE \
  "SELECT v.id FROM services s INDEXED BY services_by_name" \
  " CROSS JOIN visits v INDEXED BY visits_list_by_service ON v.service_id = s.id"
#define SEARCH_IDS(index) "SELECT v.id" SEARCH_COLUMNS " FROM visits v INDEXED BY " index
#define SEARCH_IDS_BY_SERVICE \
  "SELECT v.id" SEARCH_COLUMNS " FROM services s INDEXED BY services_by_name" \
  " CROSS JOIN visits v INDEXED BY visits_list_by_service ON v.service_id = s.id"
#define QUERY(index, order) \
  { IDS (index) FILTERS " ORDER BY " order, SEARCH_IDS (index) FILTERS " ORDER BY " order }

/* One statement per order, with and without a search, so each is prepared
 * once and cached. Indexed by WrVisitSort.
 */
static const char * const queries[][2] = {
  QUERY ("visits_list_by_date", "v.start_date DESC, v.started DESC, v.id DESC"),
  QUERY ("visits_list_by_date", "v.start_date, v.started, v.id"),
  { IDS_BY_SERVICE FILTERS " ORDER BY s.name COLLATE NOCASE, s.id, v.start_date DESC, v.id DESC",
    SEARCH_IDS_BY_SERVICE FILTERS " ORDER BY s.name COLLATE NOCASE, s.id, v.start_date DESC, v.id DESC" },
  QUERY ("visits_list_by_kind", "v.kind, v.start_date DESC, v.id DESC"),
  QUERY ("visits_list_by_status", "v.status, v.start_date DESC, v.id DESC"),
};

static void
wr_visit_list_finalize (GObject *object)
{
  WrVisitList *self = (WrVisitList *)object;

  g_clear_pointer (&self->pager, _wr_pager_free);
  g_clear_pointer (&self->kinds, g_free);
  g_clear_pointer (&self->statuses, g_free);
  g_clear_pointer (&self->services, g_free);
  g_clear_pointer (&self->from_date, g_free);
  g_clear_pointer (&self->to_date, g_free);
  g_clear_pointer (&self->match, g_free);
  g_clear_pointer (&self->like, g_free);

  G_OBJECT_CLASS (wr_visit_list_parent_class)->finalize (object);
}

static void
wr_visit_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  WrVisitList *self = WR_VISIT_LIST (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, _wr_pager_get_n_items (self->pager));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wr_visit_list_class_init (WrVisitListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wr_visit_list_finalize;
  object_class->get_property = wr_visit_list_get_property;

  properties [PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wr_visit_list_init (WrVisitList *self)
{
}

static GType
wr_visit_list_get_item_type (GListModel *model)
{
  return WR_TYPE_VISIT;
}

static guint
wr_visit_list_get_n_items (GListModel *model)
{
  return _wr_pager_get_n_items (WR_VISIT_LIST (model)->pager);
}

static gpointer
wr_visit_list_get_item (GListModel *model,
                        guint       position)
{
  return _wr_pager_get_item (WR_VISIT_LIST (model)->pager, position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = wr_visit_list_get_item_type;
  iface->get_n_items = wr_visit_list_get_n_items;
  iface->get_item = wr_visit_list_get_item;
}

/**
 * wr_visit_list_new:
 * @store: the store to list visits from
 *
 * Returns: (transfer full): an empty list; call wr_visit_list_reload() or
 *   set a filter to fill it
 */
WrVisitList *
wr_visit_list_new (WrStore *store)
{
  WrVisitList *self;

  g_return_val_if_fail (WR_IS_STORE (store), NULL);

  self = g_object_new (WR_TYPE_VISIT_LIST, NULL);
  self->pager = _wr_pager_new (store,
                               "SELECT " WR_VISIT_COLUMNS " FROM " WR_VISIT_FROM
                               " WHERE v.id IN (SELECT value FROM json_each (?))",
                               (WrPagerRowFunc) _wr_visit_new_from_row,
                               (WrPagerPlaceholderFunc) _wr_visit_new_placeholder);

  return self;
}

/* Each word the user typed must appear, as a prefix of a word: "call bel"
 * finds "call bell". Quoting keeps FTS5 operators in the text literal.
 */
static char *
to_match_query (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t\n\r", -1);
  GString *query = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (query->len > 0)
        g_string_append_c (query, ' ');
      g_string_append_c (query, '"');
      for (const char *p = words[i]; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (query, '"');
          g_string_append_c (query, *p);
        }
      g_string_append (query, "\"*");
    }

  if (query->len == 0)
    {
      g_string_free (query, TRUE);
      return NULL;
    }

  return g_string_free (query, FALSE);
}

static void
set_string (char       **field,
            const char  *value)
{
  g_free (*field);
  *field = value != NULL && value[0] != '\0' ? g_strdup (value) : NULL;
}

/**
 * wr_visit_list_set_filter:
 * @self: a #WrVisitList
 * @filter: (nullable): which visits to list; %NULL for all
 * @error: return location for a #GError
 *
 * Filters the list and reloads it.
 *
 * Returns: %TRUE if the list was read
 */
gboolean
wr_visit_list_set_filter (WrVisitList          *self,
                          const WrVisitFilter  *filter,
                          GError              **error)
{
  static const WrVisitFilter all = { NULL, };

  g_return_val_if_fail (WR_IS_VISIT_LIST (self), FALSE);

  if (filter == NULL)
    filter = &all;

  g_free (self->kinds);
  self->kinds = _wr_store_json_array (filter->kinds);
  g_free (self->statuses);
  self->statuses = _wr_store_json_array (filter->statuses);
  g_free (self->services);
  self->services = _wr_store_json_array (filter->service_uuids);
  set_string (&self->from_date, filter->from_date);
  set_string (&self->to_date, filter->to_date);

  g_clear_pointer (&self->match, g_free);
  g_clear_pointer (&self->like, g_free);
  if (filter->text != NULL && (self->match = to_match_query (filter->text)) != NULL)
    self->like = _wr_store_like_pattern (filter->text);

  return wr_visit_list_reload (self, error);
}

gboolean
wr_visit_list_set_sort (WrVisitList  *self,
                        WrVisitSort   sort,
                        GError      **error)
{
  g_return_val_if_fail (WR_IS_VISIT_LIST (self), FALSE);
  g_return_val_if_fail (sort < G_N_ELEMENTS (queries), FALSE);

  self->sort = sort;

  return wr_visit_list_reload (self, error);
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

/* Row ids as bits, for a search's sets of visits and services. */
static void
bits_add (GArray *bits,
          gint64  id)
{
  if (id < 0 || id >= G_MAXINT32)
    return;
  if ((guint) (id >> 3) >= bits->len)
    g_array_set_size (bits, (guint) (id >> 3) + 1);
  g_array_index (bits, guint8, id >> 3) |= 1 << (id & 7);
}

static gboolean
bits_has (GArray *bits,
          gint64  id)
{
  return id >= 0 && id < G_MAXINT32 && (guint) (id >> 3) < bits->len &&
         (g_array_index (bits, guint8, id >> 3) & (1 << (id & 7))) != 0;
}

/* Adds to @bits the first column of each row of @sql, given @param. */
static gboolean
read_bits (WrStore     *store,
           const char  *sql,
           const char  *param,
           GArray      *bits,
           GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  gint64 last = -1;
  int rc;

  if (!(stmt = _wr_store_prepare (store, sql, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (id != last)
        bits_add (bits, id);
      last = id;
    }
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_error (store, error, WR_STORE_ERROR_READ, _("Could not read the list"));
      return FALSE;
    }

  return TRUE;
}

/* A search: the visits with a matching note or answer, from the text
 * index's row ids (visit id × 2³² + entry, schema 5, in order so each
 * visit's entries come together), the visits of matching team members,
 * and the services whose name is like the text; then the filtered visits
 * in order, each kept if it is in those sets or its form's id is like the
 * text. Keeping them in C saves SQLite building and probing a set of every
 * match for each of 100 000 visits.
 */
static gboolean
search_visits (WrVisitList   *self,
               sqlite3_stmt  *stmt,
               GArray       **ids_out,
               GError       **error)
{
  WrStore *store = _wr_pager_get_store (self->pager);
  g_autoptr(GArray) visits = g_array_new (FALSE, TRUE, sizeof (guint8));
  g_autoptr(GArray) services = g_array_new (FALSE, TRUE, sizeof (guint8));
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean reading = FALSE;
  gboolean read;
  int rc = SQLITE_DONE;

  /* One snapshot: a visit written by another process between these
   * statements would otherwise match in one and be missing from another.
   */
  read = _wr_store_begin_read (store, &reading, error) &&
         read_bits (store, "SELECT rowid >> 32 FROM text_index WHERE text_index MATCH ?", self->match, visits, error) &&
         read_bits (store, "SELECT visit_id FROM people_index WHERE people_index MATCH ?", self->match, visits, error) &&
         read_bits (store, "SELECT id FROM services WHERE name LIKE ? ESCAPE '\\'", self->like, services, error);

  while (read && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (bits_has (visits, id) ||
          bits_has (services, sqlite3_column_int64 (stmt, 1)) ||
          sqlite3_column_int (stmt, 2) != 0)
        g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  _wr_store_end_read (store, reading);

  if (!read)
    return FALSE;
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_error (store, error, WR_STORE_ERROR_READ, _("Could not read the list"));
      return FALSE;
    }

  *ids_out = g_steal_pointer (&ids);

  return TRUE;
}

/**
 * wr_visit_list_reload:
 * @self: a #WrVisitList
 * @error: return location for a #GError
 *
 * Reads the matching visits again, after the store changed. On failure the
 * list keeps what it had.
 *
 * Returns: %TRUE if the list was read
 */
gboolean
wr_visit_list_reload (WrVisitList  *self,
                      GError      **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  guint old_n;
  guint new_n;

  g_return_val_if_fail (WR_IS_VISIT_LIST (self), FALSE);

  stmt = _wr_store_prepare (_wr_pager_get_store (self->pager), queries[self->sort][self->match != NULL], error);
  if (stmt == NULL)
    return FALSE;

  bind_optional (stmt, 1, self->kinds);
  bind_optional (stmt, 2, self->statuses);
  bind_optional (stmt, 3, self->services);
  bind_optional (stmt, 4, self->from_date);
  bind_optional (stmt, 5, self->to_date);
  if (self->match != NULL)
    {
      GArray *ids = NULL;

      bind_optional (stmt, 6, self->like);
      if (!search_visits (self, stmt, &ids, error))
        return FALSE;
      _wr_pager_set_ids (self->pager, ids, &old_n);
    }
  else if (!_wr_pager_load_ids (self->pager, stmt, &old_n, error))
    return FALSE;

  new_n = _wr_pager_get_n_items (self->pager);
  if (old_n != 0 || new_n != 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, new_n);
  if (old_n != new_n)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_ITEMS]);

  return TRUE;
}
