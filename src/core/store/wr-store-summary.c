/* wr-store-summary.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wr-store-private.h"
#include "wr-summary.h"
#include "wr-visit.h"

/* The figures of a period, counted in SQL from the rows as they are: the
 * visits an export with the same scope would hold (the day a visit
 * started, both ends included; deleted visits left out), and what those
 * visits hold, leaving out deleted observations and actions and those of
 * deleted repeats, as an export does.
 */

static void
row_free (WrSummaryRow *row)
{
  g_free (row->group);
  g_free (row->key);
  g_free (row);
}

void
wr_summary_free (WrSummary *summary)
{
  if (summary == NULL)
    return;

  g_free (summary->from);
  g_free (summary->to);
  g_clear_pointer (&summary->kinds, g_ptr_array_unref);
  g_clear_pointer (&summary->months, g_ptr_array_unref);
  g_clear_pointer (&summary->services, g_ptr_array_unref);
  g_clear_pointer (&summary->roles, g_ptr_array_unref);
  g_clear_pointer (&summary->observations, g_ptr_array_unref);
  g_clear_pointer (&summary->concerns, g_ptr_array_unref);
  g_clear_pointer (&summary->concern_map, g_ptr_array_unref);
  g_clear_pointer (&summary->support_requests, g_ptr_array_unref);
  g_free (summary);
}

/* The rows are counted here rather than grouped in SQL: a year of a large
 * trust is a hundred thousand visits with a quarter of a million team
 * members, and SQLite's GROUP BY sorts every row. The chosen visits are
 * read once into arrays indexed by row id (ids are dense); each table is
 * then read through once, or by its index for each chosen visit when they
 * are few, and its rows counted by key.
 */
typedef struct
{
  guint8  *chosen;       /* by visit row id: 0, or 1 + 1 when completed */
  gint64   max_visit;
  guint    n_chosen;
  GArray  *ids;          /* the chosen ids, when few */
} Chosen;

static void
chosen_clear (Chosen *chosen)
{
  g_clear_pointer (&chosen->chosen, g_free);
  g_clear_pointer (&chosen->ids, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Chosen, chosen_clear)

/* Counts under "group\x1fkey". */
static void
tally (GHashTable *table,
       const char *group,
       const char *key,
       gboolean    completed)
{
  g_autofree char *both = g_strdup_printf ("%s\x1f%s", group ? group : "", key ? key : "");
  WrSummaryRow *row = g_hash_table_lookup (table, both);

  if (row == NULL)
    {
      row = g_new0 (WrSummaryRow, 1);
      row->group = group ? g_strdup (group) : NULL;
      row->key = g_strdup (key ? key : "");
      g_hash_table_insert (table, g_steal_pointer (&both), row);
    }
  row->count++;
  row->completed += completed;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const WrSummaryRow *x = *(WrSummaryRow * const *) a;
  const WrSummaryRow *y = *(WrSummaryRow * const *) b;
  int cmp = g_strcmp0 (x->group, y->group);

  return cmp != 0 ? cmp : g_strcmp0 (x->key, y->key);
}

/* Most first within a group, then by key. */
static int
compare_most (gconstpointer a,
              gconstpointer b)
{
  const WrSummaryRow *x = *(WrSummaryRow * const *) a;
  const WrSummaryRow *y = *(WrSummaryRow * const *) b;
  int cmp = g_strcmp0 (x->group, y->group);

  if (cmp != 0)
    return cmp;
  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return g_strcmp0 (x->key, y->key);
}

/* Moves the rows of @table into @rows, sorted. */
static void
take_rows (GHashTable   *table,
           GPtrArray    *rows,
           GCompareFunc  compare)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_ptr_array_add (rows, value);
      g_hash_table_iter_steal (&iter);
      g_free (key);
    }
  g_ptr_array_sort (rows, compare);
}

static GHashTable *
new_tally (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) row_free);
}

typedef void (*RowFunc) (sqlite3_stmt *stmt,
                         gboolean      completed,
                         gpointer      user_data);

/* Runs @sql, whose first column is a visit id, calling @func for the rows
 * of chosen visits: through the table once, or, when the chosen visits
 * are few, once per visit with "AND visit_id = ?" (@by_visit) added.
 */
static gboolean
for_each_row (WrStore       *store,
              Chosen        *chosen,
              const char    *sql,
              const char    *by_visit,
              RowFunc        func,
              gpointer       user_data,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autofree char *text = chosen->ids != NULL ? g_strconcat (sql, by_visit, NULL) : g_strdup (sql);
  sqlite3_stmt *stmt = NULL;
  guint n = 0;
  int rc = SQLITE_DONE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (sqlite3_prepare_v2 (_wr_store_get_db (store), text, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_critical ("Could not prepare “%s”: %s", text, sqlite3_errmsg (_wr_store_get_db (store)));
      _wr_store_set_error (store, error, WR_STORE_ERROR_READ, _("Could not read the database"));
      sqlite3_finalize (stmt);
      return FALSE;
    }

  for (guint i = 0; i < (chosen->ids != NULL ? chosen->ids->len : 1); i++)
    {
      if (chosen->ids != NULL)
        {
          sqlite3_reset (stmt);
          sqlite3_bind_int64 (stmt, 1, g_array_index (chosen->ids, gint64, i));
        }
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          if ((++n & 0xffff) == 0 && g_cancellable_is_cancelled (cancellable))
            break;
          if (id > 0 && id <= chosen->max_visit && chosen->chosen[id] != 0)
            func (stmt, chosen->chosen[id] == 2, user_data);
        }
      if (rc != SQLITE_DONE)
        break;
    }
  sqlite3_finalize (stmt);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_result_error (store, error, WR_STORE_ERROR_READ, _("Could not read the visits"), rc);
      return FALSE;
    }

  return TRUE;
}

static void
tally_key_cb (sqlite3_stmt *stmt,
              gboolean      completed,
              gpointer      user_data)
{
  tally (user_data, NULL, (const char *) sqlite3_column_text (stmt, 1), completed);
}

/* Keyed by a group (column 1) and a key (column 2). */
static void
tally_group_key_cb (sqlite3_stmt *stmt,
                    gboolean      completed,
                    gpointer      user_data)
{
  tally (user_data, (const char *) sqlite3_column_text (stmt, 1), (const char *) sqlite3_column_text (stmt, 2),
         completed);
}

/* Concerns by regulation and statement, and those linked to a
 * regulation by the directorate of the visit's service too.
 */
typedef struct
{
  GHashTable *concerns;
  GHashTable *map;
} Concerns;

static void
tally_concern_cb (sqlite3_stmt *stmt,
                  gboolean      completed,
                  gpointer      user_data)
{
  Concerns *concerns = user_data;
  const char *kind = (const char *) sqlite3_column_text (stmt, 1);
  const char *ref = (const char *) sqlite3_column_text (stmt, 2);

  tally (concerns->concerns, kind, ref, completed);
  if (g_strcmp0 (kind, "regulation") == 0)
    tally (concerns->map, (const char *) sqlite3_column_text (stmt, 3), ref, completed);
}

typedef struct
{
  WrSummary  *summary;
  const char *today;
} Actions;

static void
count_action_cb (sqlite3_stmt *stmt,
                 gboolean      completed,
                 gpointer      user_data)
{
  Actions *actions = user_data;
  const char *status = (const char *) sqlite3_column_text (stmt, 1);
  const char *due = (const char *) sqlite3_column_text (stmt, 2);

  actions->summary->n_actions++;
  if (g_strcmp0 (status, "open") == 0)
    {
      actions->summary->n_actions_open++;
      if (due != NULL && strcmp (due, actions->today) < 0)
        actions->summary->n_actions_overdue++;
    }
  else if (g_strcmp0 (status, "done") == 0)
    actions->summary->n_actions_done++;
  else
    actions->summary->n_actions_dropped++;
}

/* Reads the chosen visits: their kinds, months and services are counted
 * as they are read.
 */
static gboolean
read_visits (WrStore        *store,
             const WrScope  *scope,
             Chosen         *chosen,
             GHashTable     *kinds,
             GHashTable     *months,
             GHashTable     *per_service,
             GError        **error)
{
  g_autoptr(WrCachedStmt) max = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!(max = _wr_store_prepare (store, "SELECT ifnull (max (id), 0) FROM visits", error)))
    return FALSE;
  if ((rc = sqlite3_step (max)) != SQLITE_ROW)
    {
      _wr_store_set_result_error (store, error, WR_STORE_ERROR_READ, _("Could not read the visits"), rc);
      return FALSE;
    }
  chosen->max_visit = MAX (sqlite3_column_int64 (max, 0), 1);
  chosen->chosen = g_new0 (guint8, chosen->max_visit + 1);

  if (!(stmt = _wr_store_prepare_scoped (store,
                                         "SELECT v.id, v.status = 'completed', v.kind, substr (v.start_date, 1, 7),"
                                         " v.service_id FROM visits v",
                                         scope, "", error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gboolean completed = sqlite3_column_int (stmt, 1) != 0;
      g_autofree char *service = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 4));

      if (id <= 0 || id > chosen->max_visit)
        continue;
      chosen->chosen[id] = completed ? 2 : 1;
      chosen->n_chosen++;
      tally (kinds, NULL, (const char *) sqlite3_column_text (stmt, 2), completed);
      tally (months, (const char *) sqlite3_column_text (stmt, 3), (const char *) sqlite3_column_text (stmt, 2),
             completed);
      tally (per_service, NULL, service, completed);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_result_error (store, error, WR_STORE_ERROR_READ, _("Could not read the visits"), rc);
      return FALSE;
    }

  /* Few visits are read by their indexes rather than every row. */
  if (chosen->n_chosen < chosen->max_visit / 8)
    {
      chosen->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), chosen->n_chosen);
      for (gint64 id = 1; id <= chosen->max_visit; id++)
        if (chosen->chosen[id] != 0)
          g_array_append_val (chosen->ids, id);
    }

  return TRUE;
}

/* Every service not archived, and the archived ones visited, with their
 * visits in the period.
 */
static gboolean
read_services (WrStore     *store,
               GHashTable  *per_service,
               GPtrArray   *rows,
               GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  int rc;

  if (!(stmt = _wr_store_prepare (store,
                                  "SELECT id, directorate, name, archived FROM services"
                                  " ORDER BY directorate COLLATE NOCASE, name COLLATE NOCASE, id",
                                  error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *key = g_strdup_printf ("\x1f%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 0));
      WrSummaryRow *visits = g_hash_table_lookup (per_service, key);
      WrSummaryRow *row;

      if (sqlite3_column_int (stmt, 3) && visits == NULL)
        continue;
      row = g_new0 (WrSummaryRow, 1);
      row->group = g_strdup (_wr_store_column_text (stmt, 1));
      row->key = g_strdup (_wr_store_column_text (stmt, 2));
      if (visits != NULL)
        {
          row->count = visits->count;
          row->completed = visits->completed;
        }
      g_ptr_array_add (rows, row);
    }
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_result_error (store, error, WR_STORE_ERROR_READ, _("Could not read the services"), rc);
      return FALSE;
    }

  return TRUE;
}

/**
 * wr_store_summarise:
 * @store: a #WrStore
 * @scope: which visits: usually only a period (from and to)
 * @today: YYYY-MM-DD, for which open actions are overdue
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Counts the figures of the visits @scope chooses, as `export` would
 * choose them (drafts included unless @scope says otherwise): visits by
 * kind and month, services visited and not, participations by role,
 * observations by kind, actions, and the regulations and quality
 * statements with most concerns (concern observations linked to them
 * directly). Services not visited are the services not archived (and the
 * archived ones that were visited).
 *
 * Returns: (transfer full): the figures, or %NULL with @error set
 */
WrSummary *
wr_store_summarise (WrStore        *store,
                    const WrScope  *scope,
                    const char     *today,
                    GCancellable   *cancellable,
                    GError        **error)
{
  g_autoptr(WrSummary) summary = g_new0 (WrSummary, 1);
  g_autoptr(GHashTable) kinds = new_tally ();
  g_autoptr(GHashTable) months = new_tally ();
  g_autoptr(GHashTable) per_service = new_tally ();
  g_autoptr(GHashTable) roles = new_tally ();
  g_autoptr(GHashTable) observations = new_tally ();
  g_autoptr(GHashTable) concerns = new_tally ();
  g_autoptr(GHashTable) concern_map = new_tally ();
  Concerns both = { concerns, concern_map };
  g_autoptr(GHashTable) support = new_tally ();
  g_auto(Chosen) chosen = { NULL, };
  Actions actions = { summary, today };
  gboolean began = FALSE;
  gboolean ok;

  g_return_val_if_fail (WR_IS_STORE (store), NULL);
  g_return_val_if_fail (today != NULL, NULL);

  summary->from = g_strdup (scope != NULL ? scope->from : NULL);
  summary->to = g_strdup (scope != NULL ? scope->to : NULL);
  summary->kinds = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  summary->months = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  summary->services = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  summary->roles = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  summary->observations = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  summary->concerns = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  summary->concern_map = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  summary->support_requests = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);

  /* One read transaction, so that every figure counts the same rows. */
  if (!_wr_store_begin_read (store, &began, error))
    return NULL;

  ok = read_visits (store, scope, &chosen, kinds, months, per_service, error) &&
       read_services (store, per_service, summary->services, error);
  if (ok && chosen.n_chosen > 0)
    ok = for_each_row (store, &chosen, "SELECT visit_id, role FROM team_members WHERE deleted IS NULL", " AND visit_id = ?",
                       tally_key_cb, roles, cancellable, error) &&
         for_each_row (store, &chosen,
                       "SELECT o.visit_id, o.kind FROM observations o"
                       " WHERE o.deleted IS NULL AND " WR_STORE_LIVE_REPEAT ("o"),
                       " AND o.visit_id = ?", tally_key_cb, observations, cancellable, error) &&
         for_each_row (store, &chosen,
                       "SELECT o.visit_id, l.kind, l.ref, s.directorate FROM observations o"
                       " JOIN observation_links l ON l.observation_id = o.id"
                       " JOIN visits v ON v.id = o.visit_id JOIN services s ON s.id = v.service_id"
                       " WHERE o.kind = 'concern' AND o.deleted IS NULL AND " WR_STORE_LIVE_REPEAT ("o")
                       "  AND (l.kind = 'regulation' OR l.kind = 'statement')",
                       " AND o.visit_id = ?", tally_concern_cb, &both, cancellable, error) &&
         for_each_row (store, &chosen, "SELECT visit_id, status, due FROM actions WHERE deleted IS NULL",
                       " AND visit_id = ?", count_action_cb, &actions, cancellable, error) &&
         for_each_row (store, &chosen,
                       "SELECT visit_id, domain, status FROM support_requests WHERE deleted IS NULL",
                       " AND visit_id = ?", tally_group_key_cb, support, cancellable, error);

  _wr_store_end_read (store, began);
  if (!ok)
    return NULL;

  take_rows (months, summary->months, compare_rows);
  take_rows (roles, summary->roles, compare_rows);
  take_rows (observations, summary->observations, compare_rows);
  take_rows (concerns, summary->concerns, compare_most);
  take_rows (concern_map, summary->concern_map, compare_rows);
  take_rows (support, summary->support_requests, compare_rows);

  /* Every kind, in the order of wr_visit_kind_get_ids(), those with no
   * visit too: a year with no 15 Steps walk says so.
   */
  {
    const char * const *ids = wr_visit_kind_get_ids ();

    for (guint k = 0; ids[k] != NULL; k++)
      {
        g_autofree char *key = g_strdup_printf ("\x1f%s", ids[k]);
        WrSummaryRow *found = g_hash_table_lookup (kinds, key);
        WrSummaryRow *row = g_new0 (WrSummaryRow, 1);

        row->key = g_strdup (ids[k]);
        if (found != NULL)
          {
            row->count = found->count;
            row->completed = found->completed;
          }
        summary->n_visits += row->count;
        summary->n_completed += row->completed;
        g_ptr_array_add (summary->kinds, row);
      }
  }
  summary->n_draft = summary->n_visits - summary->n_completed;

  return g_steal_pointer (&summary);
}
