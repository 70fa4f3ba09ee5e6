/* wr-store-summary.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-store"

#include "config.h"

#include <glib/gi18n.h>

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
  g_free (summary);
}

/* The period's visits, as a common table "pv" for the query after it. */
#define PERIOD_VISITS \
  "WITH pv AS MATERIALIZED (SELECT v.id, v.kind, v.status, v.start_date, v.service_id FROM visits v"

/* Runs one query whose rows are (group, key, count, completed), and adds
 * them to @rows; NULL columns become NULL fields.
 */
static gboolean
read_rows (WrStore        *self,
           const WrScope  *scope,
           const char     *rest,
           const char     *bound_today,
           GPtrArray      *rows,
           GCancellable   *cancellable,
           GError        **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (!(stmt = _wr_store_prepare_scoped (self, PERIOD_VISITS, scope, rest, error)))
    return FALSE;
  if (bound_today != NULL)
    sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":today"), bound_today, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WrSummaryRow *row = g_new0 (WrSummaryRow, 1);

      row->group = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      row->key = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      row->count = (guint) sqlite3_column_int64 (stmt, 2);
      row->completed = (guint) sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (rows, row);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_result_error (self, error, WR_STORE_ERROR_READ, _("Could not read the visits"), rc);
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
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
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

  /* One read transaction, so that every figure counts the same rows. */
  if (!_wr_store_begin_read (store, &began, error))
    return NULL;

  ok = read_rows (store, scope,
                  ") SELECT NULL, kind, count (*), count (*) FILTER (WHERE status = 'completed')"
                  " FROM pv GROUP BY kind ORDER BY kind",
                  NULL, summary->kinds, cancellable, error) &&
       read_rows (store, scope,
                  ") SELECT substr (start_date, 1, 7), kind, count (*), count (*) FILTER (WHERE status = 'completed')"
                  " FROM pv GROUP BY 1, 2 ORDER BY 1, 2",
                  NULL, summary->months, cancellable, error) &&
       read_rows (store, scope,
                  ") SELECT s.directorate, s.name, count (pv.id), count (pv.id) FILTER (WHERE pv.status = 'completed')"
                  " FROM services s LEFT JOIN pv ON pv.service_id = s.id"
                  " GROUP BY s.id HAVING NOT s.archived OR count (pv.id) > 0"
                  " ORDER BY s.directorate COLLATE NOCASE, s.name COLLATE NOCASE, s.id",
                  NULL, summary->services, cancellable, error) &&
       read_rows (store, scope,
                  ") SELECT NULL, m.role, count (*), count (*) FILTER (WHERE pv.status = 'completed')"
                  " FROM pv JOIN team_members m ON m.visit_id = pv.id GROUP BY m.role ORDER BY m.role",
                  NULL, summary->roles, cancellable, error) &&
       read_rows (store, scope,
                  ") SELECT NULL, o.kind, count (*), count (*) FILTER (WHERE pv.status = 'completed')"
                  " FROM pv JOIN observations o ON o.visit_id = pv.id"
                  " WHERE o.deleted IS NULL AND " WR_STORE_LIVE_REPEAT ("o")
                  " GROUP BY o.kind ORDER BY o.kind",
                  NULL, summary->observations, cancellable, error) &&
       read_rows (store, scope,
                  ") SELECT l.kind, l.ref, count (*), count (*) FILTER (WHERE pv.status = 'completed')"
                  " FROM pv JOIN observations o ON o.visit_id = pv.id"
                  " JOIN observation_links l ON l.observation_id = o.id"
                  " WHERE o.kind = 'concern' AND o.deleted IS NULL AND " WR_STORE_LIVE_REPEAT ("o")
                  "   AND (l.kind = 'regulation' OR l.kind = 'statement')"
                  " GROUP BY l.kind, l.ref ORDER BY l.kind, 3 DESC, l.ref",
                  NULL, summary->concerns, cancellable, error) &&
       read_rows (store, scope,
                  ") SELECT a.status, a.status = 'open' AND a.due IS NOT NULL AND a.due < :today, count (*), 0"
                  " FROM pv JOIN actions a ON a.visit_id = pv.id WHERE a.deleted IS NULL GROUP BY 1, 2",
                  today, actions, cancellable, error);

  _wr_store_end_read (store, began);
  if (!ok)
    return NULL;

  /* Every kind, in the order of wr_visit_kind_get_ids(), those with no
   * visit too: a year with no 15 Steps walk says so.
   */
  {
    g_autoptr(GPtrArray) counted = g_steal_pointer (&summary->kinds);
    const char * const *ids = wr_visit_kind_get_ids ();

    summary->kinds = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
    for (guint k = 0; ids[k] != NULL; k++)
      {
        WrSummaryRow *row = g_new0 (WrSummaryRow, 1);

        row->key = g_strdup (ids[k]);
        for (guint i = 0; i < counted->len; i++)
          {
            WrSummaryRow *found = g_ptr_array_index (counted, i);

            if (g_str_equal (found->key, ids[k]))
              {
                row->count = found->count;
                row->completed = found->completed;
              }
          }
        summary->n_visits += row->count;
        summary->n_completed += row->completed;
        g_ptr_array_add (summary->kinds, row);
      }
  }
  summary->n_draft = summary->n_visits - summary->n_completed;

  for (guint i = 0; i < actions->len; i++)
    {
      WrSummaryRow *row = g_ptr_array_index (actions, i);

      summary->n_actions += row->count;
      if (g_strcmp0 (row->group, "open") == 0)
        {
          summary->n_actions_open += row->count;
          if (g_strcmp0 (row->key, "1") == 0)
            summary->n_actions_overdue += row->count;
        }
      else if (g_strcmp0 (row->group, "done") == 0)
        summary->n_actions_done += row->count;
      else
        summary->n_actions_dropped += row->count;
    }

  return g_steal_pointer (&summary);
}
