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

#include "wr-store-private.h"
#include "wr-visit-list.h"
#include "wr-visit-private.h"

/* The list knows every matching visit's row id, in display order (8 bytes a
 * visit), and builds WrVisit objects a page at a time when they are asked
 * for, keeping the pages used most recently. A list of 100 000 visits costs
 * what is on screen. Filtering and sorting happen in SQL.
 */
#define PAGE_SIZE 256
#define MAX_PAGES 32

struct _WrVisitList
{
  GObject      parent_instance;

  WrStore     *store;
  GArray      *ids;
  GHashTable  *pages;      /* page number → GPtrArray of WrVisit */
  GQueue       lru;        /* page numbers, most recent first */

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

#define FILTERS \
  " WHERE v.deleted IS NULL" \
  "   AND (?1 IS NULL OR v.kind IN (SELECT value FROM json_each (?1)))" \
  "   AND (?2 IS NULL OR v.status IN (SELECT value FROM json_each (?2)))" \
  "   AND (?3 IS NULL OR s.uuid IN (SELECT value FROM json_each (?3)))" \
  "   AND (?4 IS NULL OR v.start_date >= ?4)" \
  "   AND (?5 IS NULL OR v.start_date <= ?5)"
#define SEARCH \
  "   AND (v.id IN (SELECT visit_id FROM text_index WHERE text_index MATCH ?6)" \
  "        OR s.name LIKE ?7 ESCAPE '\\' OR v.form_id LIKE ?7 ESCAPE '\\'" \
  "        OR v.id IN (SELECT visit_id FROM team_members WHERE name LIKE ?7 ESCAPE '\\'))"
#define IDS "SELECT v.id FROM visits v JOIN services s ON s.id = v.service_id"
#define QUERY(order) \
  { IDS FILTERS " ORDER BY " order, IDS FILTERS SEARCH " ORDER BY " order }

/* One statement per order, with and without a search, so each is prepared
 * once and cached. Indexed by WrVisitSort.
 */
static const char * const queries[][2] = {
  QUERY ("v.start_date DESC, v.started DESC, v.id DESC"),
  QUERY ("v.start_date, v.started, v.id"),
  QUERY ("s.name COLLATE NOCASE, v.start_date DESC, v.id DESC"),
  QUERY ("v.kind, v.start_date DESC, v.id DESC"),
  QUERY ("v.status, v.start_date DESC, v.id DESC"),
};

static void
wr_visit_list_finalize (GObject *object)
{
  WrVisitList *self = (WrVisitList *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_queue_clear (&self->lru);
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
      g_value_set_uint (value, self->ids->len);
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
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&self->lru);
}

static GType
wr_visit_list_get_item_type (GListModel *model)
{
  return WR_TYPE_VISIT;
}

static guint
wr_visit_list_get_n_items (GListModel *model)
{
  return WR_VISIT_LIST (model)->ids->len;
}

static GPtrArray *
load_page (WrVisitList *self,
           guint        page)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  g_autoptr(GError) error = NULL;
  GString *json = g_string_new ("[");
  guint first = page * PAGE_SIZE;
  guint last = MIN (first + PAGE_SIZE, self->ids->len);
  GPtrArray *items = g_ptr_array_new_full (last - first, g_object_unref);
  int rc = SQLITE_DONE;

  for (guint i = first; i < last; i++)
    g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i > first ? "," : "", g_array_index (self->ids, gint64, i));
  g_string_append_c (json, ']');

  stmt = _wr_store_prepare (self->store,
                            "SELECT " WR_VISIT_COLUMNS " FROM " WR_VISIT_FROM
                            " WHERE v.id IN (SELECT value FROM json_each (?))",
                            &error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, json->str, (int) json->len, SQLITE_TRANSIENT);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          WrVisit *visit = _wr_visit_new_from_row (stmt);
          gint64 *key = g_new (gint64, 1);

          *key = wr_visit_get_id (visit);
          g_hash_table_insert (by_id, key, visit);
        }
      if (rc != SQLITE_DONE)
        _wr_store_set_error (self->store, &error, WR_STORE_ERROR_READ, _("Could not read the visits"));
    }

  if (error != NULL)
    g_warning ("%s", error->message);

  /* A row deleted since the ids were read, or unreadable, keeps its place
   * with a placeholder until the next reload.
   */
  for (guint i = first; i < last; i++)
    {
      gint64 id = g_array_index (self->ids, gint64, i);
      WrVisit *visit = g_hash_table_lookup (by_id, &id);

      g_ptr_array_add (items, visit ? g_object_ref (visit) : _wr_visit_new_placeholder (id));
    }

  g_string_free (json, TRUE);
  return items;
}

static gpointer
wr_visit_list_get_item (GListModel *model,
                        guint       position)
{
  WrVisitList *self = WR_VISIT_LIST (model);
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
  self->store = g_object_ref (store);

  return self;
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

static char *
to_json_array (const char * const *strv)
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

static char *
to_like_pattern (const char *text)
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
  self->kinds = to_json_array (filter->kinds);
  g_free (self->statuses);
  self->statuses = to_json_array (filter->statuses);
  g_free (self->services);
  self->services = to_json_array (filter->service_uuids);
  set_string (&self->from_date, filter->from_date);
  set_string (&self->to_date, filter->to_date);

  g_clear_pointer (&self->match, g_free);
  g_clear_pointer (&self->like, g_free);
  if (filter->text != NULL && (self->match = to_match_query (filter->text)) != NULL)
    self->like = to_like_pattern (filter->text);

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
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint old_n;
  int rc;

  g_return_val_if_fail (WR_IS_VISIT_LIST (self), FALSE);

  if (!(stmt = _wr_store_prepare (self->store, queries[self->sort][self->match != NULL], error)))
    return FALSE;

  bind_optional (stmt, 1, self->kinds);
  bind_optional (stmt, 2, self->statuses);
  bind_optional (stmt, 3, self->services);
  bind_optional (stmt, 4, self->from_date);
  bind_optional (stmt, 5, self->to_date);
  if (self->match != NULL)
    {
      bind_optional (stmt, 6, self->match);
      bind_optional (stmt, 7, self->like);
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }

  if (rc != SQLITE_DONE)
    {
      _wr_store_set_error (self->store, error, WR_STORE_ERROR_READ, _("Could not read the visits"));
      return FALSE;
    }

  old_n = self->ids->len;
  g_array_unref (self->ids);
  self->ids = g_steal_pointer (&ids);
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->lru);

  if (old_n != 0 || self->ids->len != 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->ids->len);
  if (old_n != self->ids->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_ITEMS]);

  return TRUE;
}
