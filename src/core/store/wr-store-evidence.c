/* wr-store-evidence.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wr-evidence-counts.h"
#include "wr-evidence-item-private.h"
#include "wr-store-private.h"

/* The evidence of the chosen visits by regulation, quality statement and
 * key question, counted in SQL: the visits an export with the same scope
 * would hold; their observations linked directly (not through the
 * catalogue's inferred links), leaving out deleted ones and those of
 * deleted repeats as an export does; and their answers of concern, which
 * the scores keep (wr-store-scores.c).
 */

/* Open actions and the nodes they follow up: rows (visit id, kind, ref,
 * action id). Open actions are few; each is counted once a node.
 */
static const char action_rows[] =
  "SELECT a.visit_id, l.kind, l.ref, a.id FROM actions a"
  " JOIN observations o ON o.uuid = a.observation_uuid"
  " JOIN observation_links l ON l.observation_id = o.id"
  " WHERE a.status = 'open' AND a.deleted IS NULL AND a.observation_uuid <> ''"
  "  AND o.deleted IS NULL AND " WR_STORE_LIVE_REPEAT ("o")
  "  AND (l.kind = 'regulation' OR l.kind = 'statement' OR l.kind = 'key-question')"
  " UNION ALL "
  "SELECT a.visit_id, u.kind, u.ref, a.id FROM actions a"
  " JOIN unmet_answers u ON u.visit_id = a.visit_id AND u.question_id = a.question_id"
  " WHERE a.status = 'open' AND a.deleted IS NULL AND a.question_id <> ''";

/* The rows are counted here rather than grouped in SQL: a year of a large
 * trust has a million answers of concern and links, and SQLite's GROUP BY
 * with two distinct counts sorts them all. Each chosen visit is an index
 * into an array (row ids are dense), and each node keeps a bitset of its
 * visits and of its services, so a visit seen twice for a node, by an
 * observation and by an answer, counts once.
 */
typedef struct
{
  WrEvidenceCounts *counts;
  int               kind;       /* an index into node_kinds */
  char             *ref;
  guint64          *visits;     /* a bit per visit row id */
  guint64          *services;   /* a bit per service row id */
} Node;

static const char * const node_kinds[] = { "regulation", "statement", "key-question" };

typedef struct
{
  GHashTable *table;        /* "kind\x1fref" → WrEvidenceCounts, the result */
  GHashTable *nodes[G_N_ELEMENTS (node_kinds)];  /* of each kind, ref → Node */
  gint32     *service_of;   /* visit row id → its service's row id, or 0 when not chosen */
  gint64      max_visit;
  gint64      max_service;
  guint       n_chosen;
  Node       *last_node;    /* the node of the row before, which the next is most often */
} Counter;

static void
node_free (Node *node)
{
  g_free (node->ref);
  g_free (node->visits);
  g_free (node->services);
  g_free (node);
}

static void
counter_clear (Counter *counter)
{
  for (guint k = 0; k < G_N_ELEMENTS (node_kinds); k++)
    g_clear_pointer (&counter->nodes[k], g_hash_table_unref);
  g_clear_pointer (&counter->table, g_hash_table_unref);
  g_clear_pointer (&counter->service_of, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Counter, counter_clear)

static WrEvidenceCounts *
lookup_counts (GHashTable *table,
               const char *kind,
               const char *ref)
{
  g_autofree char *key = g_strdup_printf ("%s\x1f%s", kind, ref);
  WrEvidenceCounts *counts = g_hash_table_lookup (table, key);

  if (counts == NULL)
    {
      counts = g_new0 (WrEvidenceCounts, 1);
      g_hash_table_insert (table, g_steal_pointer (&key), counts);
    }
  return counts;
}

static int
node_kind_index (const char *kind)
{
  for (guint k = 0; kind != NULL && k < G_N_ELEMENTS (node_kinds); k++)
    if (strcmp (kind, node_kinds[k]) == 0)
      return (int) k;
  return -1;
}

/* A row's node, found without building a key: a million rows are
 * counted, and most are of the node of the row before.
 */
static Node *
lookup_node (Counter    *counter,
             const char *kind,
             const char *ref)
{
  Node *last = counter->last_node;
  Node *node;
  int k;

  if (ref == NULL)
    return NULL;
  if (last != NULL && strcmp (last->ref, ref) == 0 && strcmp (node_kinds[last->kind], kind) == 0)
    return last;

  if ((k = node_kind_index (kind)) < 0)
    return NULL;
  if (!(node = g_hash_table_lookup (counter->nodes[k], ref)))
    {
      node = g_new0 (Node, 1);
      node->kind = k;
      node->ref = g_strdup (ref);
      node->counts = lookup_counts (counter->table, kind, ref);
      node->visits = g_new0 (guint64, counter->max_visit / 64 + 1);
      node->services = g_new0 (guint64, counter->max_service / 64 + 1);
      g_hash_table_insert (counter->nodes[k], node->ref, node);
    }

  counter->last_node = node;
  return node;
}

static void
mark (Counter *counter,
      Node    *node,
      gint64   visit_id)
{
  gint32 service_id = counter->service_of[visit_id];

  node->visits[visit_id / 64] |= G_GUINT64_CONSTANT (1) << (visit_id % 64);
  if (service_id > 0 && service_id <= counter->max_service)
    node->services[service_id / 64] |= G_GUINT64_CONSTANT (1) << (service_id % 64);
}

static guint
count_bits (const guint64 *bits,
            gint64         max)
{
  guint n = 0;

  for (gint64 i = 0; i <= max / 64; i++)
    n += (guint) __builtin_popcountll (bits[i]);
  return n;
}

/* The chosen visits, and the largest row ids. */
static gboolean
read_chosen (WrStore        *store,
             const WrScope  *scope,
             Counter        *counter,
             GError        **error)
{
  g_autoptr(WrCachedStmt) max = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!(max = _wr_store_prepare (store,
                                 "SELECT (SELECT ifnull (max (id), 0) FROM visits), (SELECT ifnull (max (id), 0) FROM services)",
                                 error)))
    return FALSE;
  if ((rc = sqlite3_step (max)) != SQLITE_ROW)
    {
      _wr_store_set_result_error (store, error, WR_STORE_ERROR_READ, _("Could not read the visits"), rc);
      return FALSE;
    }
  counter->max_visit = MAX (sqlite3_column_int64 (max, 0), 1);
  counter->max_service = MAX (sqlite3_column_int64 (max, 1), 1);
  counter->service_of = g_new0 (gint32, counter->max_visit + 1);

  if (!(stmt = _wr_store_prepare_scoped (store, "SELECT v.id, v.service_id FROM visits v", scope, "", error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (id > 0 && id <= counter->max_visit)
        {
          counter->service_of[id] = (gint32) MAX (sqlite3_column_int64 (stmt, 1), 1);
          counter->n_chosen++;
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_result_error (store, error, WR_STORE_ERROR_READ, _("Could not read the visits"), rc);
      return FALSE;
    }

  return TRUE;
}

/* Steps @stmt, whose rows are (visit id, kind, ref, observation kind or
 * NULL for an answer of concern), counting those of chosen visits.
 */
static gboolean
count_rows (WrStore       *store,
            Counter       *counter,
            sqlite3_stmt  *stmt,
            GCancellable  *cancellable,
            GError       **error)
{
  guint n = 0;
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 visit_id = sqlite3_column_int64 (stmt, 0);
      const char *okind;
      Node *node;

      if ((++n & 0xffff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (visit_id <= 0 || visit_id > counter->max_visit || counter->service_of[visit_id] == 0)
        continue;

      node = lookup_node (counter, (const char *) sqlite3_column_text (stmt, 1),
                          (const char *) sqlite3_column_text (stmt, 2));
      if (node == NULL)
        continue;
      okind = (const char *) sqlite3_column_text (stmt, 3);
      if (okind == NULL)
        node->counts->answers_of_concern++;
      else
        {
          node->counts->observations++;
          if (g_str_equal (okind, "good-practice"))
            node->counts->good++;
          else if (g_str_equal (okind, "concern"))
            node->counts->concerns++;
        }
      mark (counter, node, visit_id);
    }
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_result_error (store, error, WR_STORE_ERROR_READ, _("Could not read the visits"), rc);
      return FALSE;
    }

  return TRUE;
}

static const char observation_rows[] =
  "SELECT o.visit_id, l.kind, l.ref, o.kind FROM observations o"
  " JOIN observation_links l ON l.observation_id = o.id"
  " WHERE o.deleted IS NULL AND " WR_STORE_LIVE_REPEAT ("o")
  "  AND (l.kind = 'regulation' OR l.kind = 'statement' OR l.kind = 'key-question')";

static const char unmet_rows[] = "SELECT visit_id, kind, ref, NULL FROM unmet_answers";

/* Few visits are read by their indexes; many, by reading the tables
 * through once.
 */
static gboolean
count_pass (WrStore       *store,
            Counter       *counter,
            guint          pass,
            GCancellable  *cancellable,
            GError       **error)
{
  sqlite3 *db = _wr_store_get_db (store);
  gboolean few = counter->n_chosen < (guint) (counter->max_visit / 8);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;

  if (pass == 0)
    sql = few ? g_strconcat (observation_rows, " AND o.visit_id = ?", NULL) : g_strdup (observation_rows);
  else
    sql = few ? g_strconcat (unmet_rows, " WHERE visit_id = ?", NULL) : g_strdup (unmet_rows);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _wr_store_set_error (store, error, WR_STORE_ERROR_READ, _("Could not read the database"));
      sqlite3_finalize (stmt);
      return FALSE;
    }

  if (!few)
    ok = count_rows (store, counter, stmt, cancellable, error);
  for (gint64 id = 1; few && ok && id <= counter->max_visit; id++)
    {
      if (counter->service_of[id] == 0)
        continue;
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, id);
      ok = count_rows (store, counter, stmt, cancellable, error);
    }
  sqlite3_finalize (stmt);

  return ok;
}

/* Open actions on the nodes' evidence, each once a node. */
static gboolean
count_actions (WrStore  *store,
               Counter  *counter,
               GError  **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (_wr_store_get_db (store), action_rows, -1, &stmt, NULL) != SQLITE_OK)
    {
      _wr_store_set_error (store, error, WR_STORE_ERROR_READ, _("Could not read the database"));
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 visit_id = sqlite3_column_int64 (stmt, 0);
      const char *kind = _wr_store_column_text (stmt, 1);
      const char *ref = _wr_store_column_text (stmt, 2);

      if (visit_id <= 0 || visit_id > counter->max_visit || counter->service_of[visit_id] == 0)
        continue;
      if (g_hash_table_add (seen, g_strdup_printf ("%s\x1f%s\x1f%" G_GINT64_FORMAT, kind, ref,
                                                   (gint64) sqlite3_column_int64 (stmt, 3))))
        lookup_counts (counter->table, kind, ref)->open_actions++;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_result_error (store, error, WR_STORE_ERROR_READ, _("Could not read the actions"), rc);
      return FALSE;
    }

  return TRUE;
}

/* The answers of concern, counted on a connection and a thread of their
 * own while the observations are counted here: the two passes read
 * different tables, and on two cores take the time of the longer. The
 * open actions are counted there too, after the answers.
 */
typedef struct
{
  WrStore      *store;
  Counter       counter;
  GCancellable *cancellable;
  GError       *error;
  gboolean      ok;
} Helper;

static gpointer
helper_thread (gpointer data)
{
  Helper *helper = data;
  gboolean began = FALSE;

  helper->ok = _wr_store_begin_read (helper->store, &began, &helper->error) &&
               count_pass (helper->store, &helper->counter, 1, helper->cancellable, &helper->error) &&
               count_actions (helper->store, &helper->counter, &helper->error);
  _wr_store_end_read (helper->store, began);
  return NULL;
}

/* Adds @from's counts and marks into @into's. */
static void
merge_counter (Counter *into,
               Counter *from)
{
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_hash_table_iter_init (&iter, from->table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *sep = strchr (key, '\x1f');
      g_autofree char *kind = g_strndup (key, sep - (const char *) key);
      WrEvidenceCounts *counts = value;
      WrEvidenceCounts *target = lookup_counts (into->table, kind, sep + 1);

      target->observations += counts->observations;
      target->good += counts->good;
      target->concerns += counts->concerns;
      target->answers_of_concern += counts->answers_of_concern;
      target->open_actions += counts->open_actions;
    }

  for (guint k = 0; k < G_N_ELEMENTS (node_kinds); k++)
    {
      g_hash_table_iter_init (&iter, from->nodes[k]);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          Node *node = value;
          Node *target = lookup_node (into, node_kinds[k], node->ref);

          for (gint64 i = 0; i <= into->max_visit / 64; i++)
            target->visits[i] |= node->visits[i];
          for (gint64 i = 0; i <= into->max_service / 64; i++)
            target->services[i] |= node->services[i];
        }
    }
}

static void
counter_init (Counter *counter)
{
  counter->table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint k = 0; k < G_N_ELEMENTS (node_kinds); k++)
    counter->nodes[k] = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) node_free);
}

/* Many visits are counted in two passes at once, each reading its table
 * through; few, by their indexes, one pass after the other. The helper's
 * connection reads its own snapshot, begun a moment after ours: a save
 * in between changes the store, whose "changed" has the page count again.
 */
static gboolean
count_all_rows (WrStore       *store,
                Counter       *counter,
                gboolean       own_snapshot,
                GCancellable  *cancellable,
                GError       **error)
{
  gboolean few = counter->n_chosen < (guint) (counter->max_visit / 8);
  g_autoptr(WrStore) other = NULL;
  Helper helper = { NULL, };
  GThread *thread;
  gboolean ok;

  /* Inside the caller's transaction, another connection would not see
   * its writes: count here.
   */
  if (few || !own_snapshot || g_get_num_processors () < 2 || !(other = wr_store_open_another (store, NULL)))
    return count_pass (store, counter, 0, cancellable, error) &&
           count_pass (store, counter, 1, cancellable, error) &&
           count_actions (store, counter, error);

  helper.store = other;
  helper.cancellable = cancellable;
  helper.counter.service_of = counter->service_of;  /* read only, and not the helper's to free */
  helper.counter.max_visit = counter->max_visit;
  helper.counter.max_service = counter->max_service;
  helper.counter.n_chosen = counter->n_chosen;
  counter_init (&helper.counter);

  thread = g_thread_new ("wr-evidence-count", helper_thread, &helper);
  ok = count_pass (store, counter, 0, cancellable, error);
  g_thread_join (thread);
  helper.counter.service_of = NULL;

  if (ok && !helper.ok)
    {
      g_propagate_error (error, g_steal_pointer (&helper.error));
      ok = FALSE;
    }
  if (ok)
    merge_counter (counter, &helper.counter);
  g_clear_error (&helper.error);
  counter_clear (&helper.counter);

  return ok;
}

/**
 * wr_store_count_evidence:
 * @store: a #WrStore
 * @scope: (nullable): which visits, as `export` chooses them
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full): "KIND\x1fREF" (KIND regulation, statement or
 *   key-question) → #WrEvidenceCounts, for every node with evidence, or
 *   %NULL with @error set
 */
GHashTable *
wr_store_count_evidence (WrStore        *store,
                         const WrScope  *scope,
                         GCancellable   *cancellable,
                         GError        **error)
{
  g_auto(Counter) counter = { NULL, };
  gboolean began = FALSE;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (WR_IS_STORE (store), NULL);

  counter_init (&counter);

  if (!_wr_store_begin_read (store, &began, error))
    return NULL;

  if (!read_chosen (store, scope, &counter, error) ||
      (counter.n_chosen > 0 && !count_all_rows (store, &counter, began, cancellable, error)))
    goto fail;

  for (guint k = 0; k < G_N_ELEMENTS (node_kinds); k++)
    {
      g_hash_table_iter_init (&iter, counter.nodes[k]);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          Node *node = value;

          node->counts->visits = count_bits (node->visits, counter.max_visit);
          node->counts->services = count_bits (node->services, counter.max_service);
        }
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto fail;

  _wr_store_end_read (store, began);
  return g_steal_pointer (&counter.table);

fail:
  _wr_store_end_read (store, began);
  return NULL;
}

/**
 * wr_store_list_services_not_visited:
 * @store: a #WrStore
 * @scope: (nullable): which visits, as `export` chooses them; its
 *   services, if any, are the ones looked at
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type WrService): the services not
 *   archived that no chosen visit went to, by directorate and name, or
 *   %NULL with @error set
 */
GPtrArray *
wr_store_list_services_not_visited (WrStore        *store,
                                    const WrScope  *scope,
                                    GError        **error)
{
  g_autoptr(GPtrArray) services = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (WR_IS_STORE (store), NULL);

  /* Each service's visits are looked up by their index, from the first
   * day of the period: a service visited is found at its first visit.
   */
  if (!(stmt = _wr_store_prepare_scoped (store,
                                         "SELECT " WR_STORE_SERVICE_COLUMNS " FROM services s"
                                         " WHERE NOT s.archived AND NOT EXISTS (SELECT 1 FROM visits v"
                                         "   INDEXED BY visits_by_service",
                                         scope,
                                         " AND v.service_id = s.id)"
                                         " ORDER BY s.directorate COLLATE NOCASE, s.name COLLATE NOCASE, s.id",
                                         error)))
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(WrService) service = _wr_store_service_from_row (stmt);

      if (scope == NULL || scope->services == NULL ||
          g_strv_contains ((const char * const *) scope->services, wr_service_get_uuid (service)))
        g_ptr_array_add (services, g_steal_pointer (&service));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_result_error (store, error, WR_STORE_ERROR_READ, _("Could not read the services"), rc);
      return NULL;
    }

  return g_steal_pointer (&services);
}

/* A node's evidence, one row each: the chosen visits (the scope's WHERE,
 * bound first), then its observations and answers of concern, newest
 * visit first. The node and the page are named parameters, which come
 * after the scope's in the text and so are numbered after them.
 */
static const char items_select[] =
  "WITH chosen (id) AS (SELECT v.id FROM visits v";

static const char items_rest[] =
  ")"
  " SELECT e.what, e.text, e.okind, e.voice, e.question_id, e.repeat_index,"
  "  v.uuid, v.kind, v.form_id, v.form_version, s.name, v.start_date,"
  "  (SELECT group_concat (role, ',') FROM (SELECT DISTINCT t.role FROM team_members t WHERE t.visit_id = v.id AND t.deleted IS NULL)),"
  "  count (*) OVER ()"
  " FROM (SELECT 0 AS what, o.visit_id, o.text, o.kind AS okind, o.voice, o.question_id,"
  "         0 AS repeat_index, o.created AS at"
  "       FROM observation_links l JOIN observations o ON o.id = l.observation_id"
  "       WHERE l.kind = :kind AND l.ref = :ref AND o.deleted IS NULL AND " WR_STORE_LIVE_REPEAT ("o")
  "       UNION ALL"
  "       SELECT 1, u.visit_id, '', '', '', u.question_id, u.repeat_index, ''"
  "       FROM unmet_answers u WHERE u.kind = :kind AND u.ref = :ref) e"
  " JOIN chosen c ON c.id = e.visit_id"
  " JOIN visits v ON v.id = e.visit_id"
  " JOIN services s ON s.id = v.service_id"
  " ORDER BY v.start_date DESC, v.started DESC, v.id DESC, e.what, e.at, e.question_id, e.repeat_index"
  " LIMIT :limit OFFSET :offset";

/**
 * wr_store_list_evidence_items:
 * @store: a #WrStore
 * @scope: (nullable): which visits, as `export` chooses them
 * @node_kind: "regulation", "statement" or "key-question"
 * @ref: the node's id, as packs write it
 * @offset: how many items to skip
 * @limit: the most items to return
 * @n_total: (out) (optional): how many items the node has in all
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Lists the evidence wr_store_count_evidence() counts for one node: its
 * observations (linked directly, not deleted) and its answers of concern,
 * in the chosen visits, the newest visit first.
 *
 * Returns: (transfer full) (element-type WrEvidenceItem): at most @limit
 *   items from @offset, or %NULL with @error set
 */
GPtrArray *
wr_store_list_evidence_items (WrStore        *store,
                              const WrScope  *scope,
                              const char     *node_kind,
                              const char     *ref,
                              guint           offset,
                              guint           limit,
                              guint          *n_total,
                              GCancellable   *cancellable,
                              GError        **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  gboolean began = FALSE;
  guint total = 0;
  int rc;

  g_return_val_if_fail (WR_IS_STORE (store), NULL);
  g_return_val_if_fail (node_kind != NULL, NULL);
  g_return_val_if_fail (ref != NULL, NULL);

  if (n_total != NULL)
    *n_total = 0;

  if (!_wr_store_begin_read (store, &began, error))
    return NULL;

  if (!(stmt = _wr_store_prepare_scoped (store, items_select, scope, items_rest, error)))
    {
      _wr_store_end_read (store, began);
      return NULL;
    }
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":kind"), node_kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":ref"), ref, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":limit"), limit);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":offset"), offset);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (items, _wr_evidence_item_new_from_row (stmt));
      total = (guint) MIN (sqlite3_column_int64 (stmt, 13), G_MAXUINT);
    }
  sqlite3_finalize (stmt);
  _wr_store_end_read (store, began);
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_result_error (store, error, WR_STORE_ERROR_READ, _("Could not read the evidence"), rc);
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* Past the end, the window function saw no row: count apart. */
  if (items->len == 0 && offset > 0 && n_total != NULL)
    {
      g_autoptr(GPtrArray) first = wr_store_list_evidence_items (store, scope, node_kind, ref, 0, 1, &total,
                                                                 cancellable, error);

      if (first == NULL)
        return NULL;
    }

  if (n_total != NULL)
    *n_total = total;
  return g_steal_pointer (&items);
}
