/* wr-store-evidence.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-store"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-evidence-counts.h"
#include "wr-store-private.h"

/* The evidence of the chosen visits by regulation, quality statement and
 * key question, counted in SQL: the visits an export with the same scope
 * would hold; their observations linked directly (not through the
 * catalogue's inferred links), leaving out deleted ones and those of
 * deleted repeats as an export does; and their answers of concern, which
 * the scores keep (wr-store-scores.c).
 */

/* Rows (kind, ref, visit, service, observation kind or NULL for an answer
 * of concern).
 */
#define EVIDENCE_ROWS \
  " ev AS (" \
  "  SELECT l.kind AS kind, l.ref AS ref, pv.id AS visit_id, pv.service_id AS service_id, o.kind AS okind" \
  "  FROM pv JOIN observations o ON o.visit_id = pv.id" \
  "  JOIN observation_links l ON l.observation_id = o.id" \
  "  WHERE o.deleted IS NULL AND " WR_STORE_LIVE_REPEAT ("o") \
  "    AND (l.kind = 'regulation' OR l.kind = 'statement' OR l.kind = 'key-question')" \
  "  UNION ALL" \
  "  SELECT u.kind, u.ref, pv.id, pv.service_id, NULL" \
  "  FROM pv JOIN unmet_answers u ON u.visit_id = pv.id)"

/* Open actions and the nodes they follow up, each pair once. */
#define ACTION_ROWS \
  " act AS (" \
  "  SELECT l.kind AS kind, l.ref AS ref, a.id AS action_id" \
  "  FROM pv JOIN actions a ON a.visit_id = pv.id" \
  "  JOIN observations o ON o.uuid = a.observation_uuid" \
  "  JOIN observation_links l ON l.observation_id = o.id" \
  "  WHERE a.status = 'open' AND a.deleted IS NULL AND a.observation_uuid <> ''" \
  "    AND o.deleted IS NULL AND " WR_STORE_LIVE_REPEAT ("o") \
  "    AND (l.kind = 'regulation' OR l.kind = 'statement' OR l.kind = 'key-question')" \
  "  UNION" \
  "  SELECT u.kind, u.ref, a.id" \
  "  FROM pv JOIN actions a ON a.visit_id = pv.id" \
  "  JOIN unmet_answers u ON u.visit_id = a.visit_id AND u.question_id = a.question_id" \
  "  WHERE a.status = 'open' AND a.deleted IS NULL AND a.question_id <> '')"

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
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt = NULL;
  gboolean began = FALSE;
  int rc;

  g_return_val_if_fail (WR_IS_STORE (store), NULL);

  if (!_wr_store_begin_read (store, &began, error))
    return NULL;

  if (!(stmt = _wr_store_prepare_scoped (store,
                                         "WITH pv AS MATERIALIZED (SELECT v.id, v.service_id FROM visits v",
                                         scope,
                                         "), " EVIDENCE_ROWS
                                         " SELECT kind, ref, count (okind), count (*) FILTER (WHERE okind = 'good-practice'),"
                                         "  count (*) FILTER (WHERE okind = 'concern'), count (*) FILTER (WHERE okind IS NULL),"
                                         "  count (DISTINCT visit_id), count (DISTINCT service_id)"
                                         " FROM ev GROUP BY kind, ref",
                                         error)))
    goto fail;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WrEvidenceCounts *counts = lookup_counts (table, _wr_store_column_text (stmt, 0), _wr_store_column_text (stmt, 1));

      counts->observations = (guint) sqlite3_column_int64 (stmt, 2);
      counts->good = (guint) sqlite3_column_int64 (stmt, 3);
      counts->concerns = (guint) sqlite3_column_int64 (stmt, 4);
      counts->answers_of_concern = (guint) sqlite3_column_int64 (stmt, 5);
      counts->visits = (guint) sqlite3_column_int64 (stmt, 6);
      counts->services = (guint) sqlite3_column_int64 (stmt, 7);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_result_error (store, error, WR_STORE_ERROR_READ, _("Could not read the visits"), rc);
      goto fail;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto fail;

  if (!(stmt = _wr_store_prepare_scoped (store,
                                         "WITH pv AS MATERIALIZED (SELECT v.id, v.service_id FROM visits v",
                                         scope,
                                         "), " ACTION_ROWS
                                         " SELECT kind, ref, count (*) FROM act GROUP BY kind, ref",
                                         error)))
    goto fail;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    lookup_counts (table, _wr_store_column_text (stmt, 0), _wr_store_column_text (stmt, 1))->open_actions =
      (guint) sqlite3_column_int64 (stmt, 2);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_result_error (store, error, WR_STORE_ERROR_READ, _("Could not read the actions"), rc);
      goto fail;
    }

  _wr_store_end_read (store, began);
  return g_steal_pointer (&table);

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

  if (!(stmt = _wr_store_prepare_scoped (store,
                                         "WITH pv AS MATERIALIZED (SELECT DISTINCT v.service_id FROM visits v",
                                         scope,
                                         ") SELECT " WR_STORE_SERVICE_COLUMNS " FROM services"
                                         " WHERE NOT archived AND id NOT IN (SELECT service_id FROM pv)"
                                         "  AND (json_array_length (:services) = 0"
                                         "       OR uuid IN (SELECT value FROM json_each (:services)))"
                                         " ORDER BY directorate COLLATE NOCASE, name COLLATE NOCASE, id",
                                         error)))
    return NULL;
  {
    const char * const none[] = { NULL };
    g_autofree char *wanted = _wr_store_json_array (scope != NULL && scope->services != NULL
                                                    ? (const char * const *) scope->services : none);

    sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":services"), wanted, -1, SQLITE_TRANSIENT);
  }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (services, _wr_store_service_from_row (stmt));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_result_error (store, error, WR_STORE_ERROR_READ, _("Could not read the services"), rc);
      return NULL;
    }

  return g_steal_pointer (&services);
}
