/* wr-store-scores.c
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

/* Each visit's compliance score, overall and per section, as its form
 * scores it. The store keeps what it is given: the scoring itself needs
 * the form (wr_visit_scores_fill() and the visit session do it), so that
 * lists, reports and the year's figures read numbers, not forms.
 */

static gboolean
write_scores (WrStore               *self,
              gint64                 visit_id,
              double                 met,
              double                 applicable,
              const WrSectionScore  *sections,
              guint                  n_sections,
              const WrUnmetAnswer   *unmet,
              guint                  n_unmet,
              GError               **error)
{
  g_autoptr(WrCachedStmt) update = NULL;
  g_autoptr(WrCachedStmt) clear = NULL;
  g_autoptr(WrCachedStmt) clear_unmet = NULL;

  if (!(update = _wr_store_prepare (self,
                                    "UPDATE visits SET score_met = ?2, score_applicable = ?3, scores_known = 1"
                                    " WHERE id = ?1",
                                    error)))
    return FALSE;
  sqlite3_bind_int64 (update, 1, visit_id);
  if (applicable > 0)
    {
      sqlite3_bind_double (update, 2, MAX (met, 0));
      sqlite3_bind_double (update, 3, applicable);
    }
  if (!_wr_store_step_done (self, update, error))
    return FALSE;

  if (!(clear = _wr_store_prepare (self, "DELETE FROM section_scores WHERE visit_id = ?", error)))
    return FALSE;
  sqlite3_bind_int64 (clear, 1, visit_id);
  if (!_wr_store_step_done (self, clear, error))
    return FALSE;

  for (guint i = 0; i < n_sections; i++)
    {
      g_autoptr(WrCachedStmt) insert = NULL;

      /* A section with nothing applicable has no score, which is not 0%. */
      if (sections[i].applicable <= 0)
        continue;
      if (!(insert = _wr_store_prepare (self,
                                        "INSERT INTO section_scores (visit_id, position, section_id, met, applicable)"
                                        " VALUES (?, ?, ?, ?, ?)",
                                        error)))
        return FALSE;
      sqlite3_bind_int64 (insert, 1, visit_id);
      sqlite3_bind_int64 (insert, 2, i);
      sqlite3_bind_text (insert, 3, sections[i].section_id, -1, SQLITE_STATIC);
      sqlite3_bind_double (insert, 4, MAX (sections[i].met, 0));
      sqlite3_bind_double (insert, 5, sections[i].applicable);
      if (!_wr_store_step_done (self, insert, error))
        return FALSE;
    }

  if (!(clear_unmet = _wr_store_prepare (self, "DELETE FROM unmet_answers WHERE visit_id = ?", error)))
    return FALSE;
  sqlite3_bind_int64 (clear_unmet, 1, visit_id);
  if (!_wr_store_step_done (self, clear_unmet, error))
    return FALSE;

  for (guint i = 0; i < n_unmet; i++)
    {
      g_autoptr(WrCachedStmt) insert = NULL;

      if (!(insert = _wr_store_prepare (self,
                                        "INSERT OR IGNORE INTO unmet_answers (visit_id, question_id, repeat_index, kind, ref)"
                                        " VALUES (?, ?, ?, ?, ?)",
                                        error)))
        return FALSE;
      sqlite3_bind_int64 (insert, 1, visit_id);
      sqlite3_bind_text (insert, 2, unmet[i].question_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (insert, 3, unmet[i].repeat);
      sqlite3_bind_text (insert, 4, unmet[i].kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 5, unmet[i].ref, -1, SQLITE_STATIC);
      if (!_wr_store_step_done (self, insert, error))
        return FALSE;
    }

  return TRUE;
}

/* Whether the store holds these scores already, so that opening a visit
 * writes nothing and tells no list to reload.
 */
static gboolean
same_scores (WrStore               *self,
             gint64                 visit_id,
             double                 met,
             double                 applicable,
             const WrSectionScore  *sections,
             guint                  n_sections,
             const WrUnmetAnswer   *unmet,
             guint                  n_unmet,
             gboolean              *same,
             GError               **error)
{
  g_autoptr(WrCachedStmt) head = NULL;
  g_autoptr(WrCachedStmt) rows = NULL;
  g_autoptr(WrCachedStmt) unmet_rows = NULL;
  g_autoptr(GHashTable) wanted = NULL;
  guint next = 0;
  int rc;

  *same = FALSE;
  if (!(head = _wr_store_prepare (self, "SELECT scores_known, score_met, score_applicable FROM visits WHERE id = ?",
                                  error)))
    return FALSE;
  sqlite3_bind_int64 (head, 1, visit_id);
  if ((rc = sqlite3_step (head)) != SQLITE_ROW)
    {
      _wr_store_set_result_error (self, error, WR_STORE_ERROR_READ, _("Could not read the visit"), rc);
      return FALSE;
    }
  if (sqlite3_column_int (head, 0) != 1)
    return TRUE;
  if (applicable > 0
      ? (sqlite3_column_type (head, 2) == SQLITE_NULL || sqlite3_column_double (head, 1) != MAX (met, 0) ||
         sqlite3_column_double (head, 2) != applicable)
      : sqlite3_column_type (head, 2) != SQLITE_NULL)
    return TRUE;

  if (!(rows = _wr_store_prepare (self,
                                  "SELECT position, section_id, met, applicable FROM section_scores"
                                  " WHERE visit_id = ? ORDER BY position",
                                  error)))
    return FALSE;
  sqlite3_bind_int64 (rows, 1, visit_id);
  while ((rc = sqlite3_step (rows)) == SQLITE_ROW)
    {
      guint position = (guint) sqlite3_column_int (rows, 0);

      while (next < n_sections && sections[next].applicable <= 0)
        next++;
      if (next != position || next >= n_sections ||
          g_strcmp0 (_wr_store_column_text (rows, 1), sections[next].section_id) != 0 ||
          sqlite3_column_double (rows, 2) != MAX (sections[next].met, 0) ||
          sqlite3_column_double (rows, 3) != sections[next].applicable)
        return TRUE;
      next++;
    }
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_result_error (self, error, WR_STORE_ERROR_READ, _("Could not read the visit"), rc);
      return FALSE;
    }
  while (next < n_sections && sections[next].applicable <= 0)
    next++;
  if (next != n_sections)
    return TRUE;

  /* The answers of concern, as a set. */
  wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < n_unmet; i++)
    g_hash_table_add (wanted, g_strdup_printf ("%s\x1f%u\x1f%s\x1f%s", unmet[i].question_id, unmet[i].repeat,
                                               unmet[i].kind, unmet[i].ref));
  if (!(unmet_rows = _wr_store_prepare (self,
                                        "SELECT question_id, repeat_index, kind, ref FROM unmet_answers WHERE visit_id = ?",
                                        error)))
    return FALSE;
  sqlite3_bind_int64 (unmet_rows, 1, visit_id);
  next = 0;
  while ((rc = sqlite3_step (unmet_rows)) == SQLITE_ROW)
    {
      g_autofree char *key = g_strdup_printf ("%s\x1f%d\x1f%s\x1f%s", _wr_store_column_text (unmet_rows, 0),
                                              sqlite3_column_int (unmet_rows, 1),
                                              _wr_store_column_text (unmet_rows, 2),
                                              _wr_store_column_text (unmet_rows, 3));

      if (!g_hash_table_contains (wanted, key))
        return TRUE;
      next++;
    }
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_result_error (self, error, WR_STORE_ERROR_READ, _("Could not read the visit"), rc);
      return FALSE;
    }

  *same = next == g_hash_table_size (wanted);
  return TRUE;
}

/**
 * wr_store_set_visit_scores:
 * @self: a #WrStore
 * @visit_uuid: a visit
 * @met: the weight of met answers, overall
 * @applicable: the weight of applicable answers, overall; 0 when the visit
 *   has no score (its form is not scored, or nothing applicable is answered)
 * @sections: (array length=n_sections) (nullable): each section's score,
 *   in form order; those with @applicable 0 are not kept
 * @n_sections: the length of @sections
 * @unmet: (array length=n_unmet) (nullable): its answers of concern
 * @n_unmet: the length of @unmet
 * @error: return location for a #GError
 *
 * Keeps the visit's scores, as its form scores its answers (N/A and hidden
 * answers left out). Like the progress count, they follow from the
 * answers: not audited, and the visit's modified time stays.
 *
 * Returns: %TRUE once saved
 */
gboolean
wr_store_set_visit_scores (WrStore               *self,
                           const char            *visit_uuid,
                           double                 met,
                           double                 applicable,
                           const WrSectionScore  *sections,
                           guint                  n_sections,
                           const WrUnmetAnswer   *unmet,
                           guint                  n_unmet,
                           GError               **error)
{
  g_autoptr(WrCachedStmt) find = NULL;
  gint64 visit_id = 0;
  gboolean same;
  int rc;

  g_return_val_if_fail (WR_IS_STORE (self), FALSE);
  g_return_val_if_fail (visit_uuid != NULL, FALSE);
  g_return_val_if_fail (sections != NULL || n_sections == 0, FALSE);

  if (!_wr_store_begin (self, error))
    return FALSE;

  if (!(find = _wr_store_prepare (self, "SELECT id FROM visits WHERE uuid = ?", error)))
    goto fail;
  sqlite3_bind_text (find, 1, visit_uuid, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (find)) == SQLITE_ROW)
    visit_id = sqlite3_column_int64 (find, 0);
  else if (rc != SQLITE_DONE)
    {
      _wr_store_set_result_error (self, error, WR_STORE_ERROR_READ, _("Could not read the visit"), rc);
      goto fail;
    }
  g_clear_pointer (&find, _wr_store_release);

  /* No such visit: nothing to keep. */
  if (visit_id == 0)
    {
      _wr_store_rollback (self);
      return TRUE;
    }

  if (!same_scores (self, visit_id, met, applicable, sections, n_sections, unmet, n_unmet, &same, error))
    goto fail;
  if (same)
    {
      _wr_store_rollback (self);
      return TRUE;
    }

  if (!write_scores (self, visit_id, met, applicable, sections, n_sections, unmet, n_unmet, error))
    goto fail;

  _wr_store_note_change (self, "visit", visit_uuid);
  return _wr_store_commit (self, error);

fail:
  _wr_store_rollback (self);
  return FALSE;
}

/**
 * _wr_store_list_unscored:
 * @self: a #WrStore
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type gint64): the row ids of the
 *   visits whose scores are not known yet, deleted ones included, or
 *   %NULL with @error set
 */
GArray *
_wr_store_list_unscored (WrStore  *self,
                         GError  **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  if (!(stmt = _wr_store_prepare (self, "SELECT id FROM visits INDEXED BY visits_unscored WHERE scores_known = 0", error)))
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_result_error (self, error, WR_STORE_ERROR_READ, _("Could not read the visits"), rc);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

void
_wr_scoring_visit_clear (WrScoringVisit *visit)
{
  g_clear_pointer (&visit->uuid, g_free);
  g_clear_pointer (&visit->form_id, g_free);
  g_clear_pointer (&visit->form_sha256, g_free);
  g_clear_pointer (&visit->answers, g_ptr_array_unref);
  g_clear_pointer (&visit->repeats, g_ptr_array_unref);
}

/**
 * _wr_store_read_for_scoring:
 * @self: a #WrStore
 * @visit_id: a visit's row id
 * @visit: (out caller-allocates): its form, answers and repeats (in order);
 *   clear it with _wr_scoring_visit_clear()
 * @error: return location for a #GError
 *
 * Returns: %FALSE with @error set if the visit could not be read; %TRUE
 *   with @visit->uuid %NULL if there is no such visit
 */
gboolean
_wr_store_read_for_scoring (WrStore         *self,
                            gint64           visit_id,
                            WrScoringVisit  *visit,
                            GError         **error)
{
  g_autoptr(WrCachedStmt) head = NULL;
  int rc;

  memset (visit, 0, sizeof *visit);
  visit->id = visit_id;

  if (!(head = _wr_store_prepare (self, "SELECT uuid, form_id, form_version, form_sha256 FROM visits WHERE id = ?",
                                  error)))
    return FALSE;
  sqlite3_bind_int64 (head, 1, visit_id);
  if ((rc = sqlite3_step (head)) == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    {
      _wr_store_set_result_error (self, error, WR_STORE_ERROR_READ, _("Could not read the visit"), rc);
      return FALSE;
    }
  visit->uuid = _wr_store_column_dup (head, 0);
  visit->form_id = _wr_store_column_dup (head, 1);
  visit->form_version = (guint) sqlite3_column_int (head, 2);
  visit->form_sha256 = _wr_store_column_dup (head, 3);

  /* The answers and repeats as the visit page reads them. */
  if (!(visit->answers = wr_store_list_answers (self, visit->uuid, error)) ||
      !(visit->repeats = wr_store_list_repeats (self, visit->uuid, error)))
    goto fail;

  return TRUE;

fail:
  _wr_scoring_visit_clear (visit);
  return FALSE;
}

/**
 * _wr_store_write_scores:
 *
 * wr_store_set_visit_scores() by row id, inside a batch that is aborted
 * if this fails, without telling anyone: for scoring many visits at once.
 */
gboolean
_wr_store_write_scores (WrStore               *self,
                        gint64                 visit_id,
                        double                 met,
                        double                 applicable,
                        const WrSectionScore  *sections,
                        guint                  n_sections,
                        const WrUnmetAnswer   *unmet,
                        guint                  n_unmet,
                        GError               **error)
{
  /* Without a savepoint of its own: a failure aborts the whole batch. */
  return write_scores (self, visit_id, met, applicable, sections, n_sections, unmet, n_unmet, error);
}

/**
 * wr_store_get_service_score:
 * @self: a #WrStore
 * @service_id: a service's row id
 * @score: (out caller-allocates): its latest score and the change since
 *   the visit before on the same form
 * @error: return location for a #GError
 *
 * Reads the latest completed, scored visit of the service (by the day it
 * started) and the completed, scored visit before it on the same form.
 * Drafts are left out: their scores change as they are filled in.
 *
 * Returns: %FALSE with @error set if the store could not be read; else
 *   %TRUE, with @score->has_latest %FALSE if no visit of the service has
 *   a score
 */
gboolean
wr_store_get_service_score (WrStore         *self,
                            gint64           service_id,
                            WrServiceScore  *score,
                            GError         **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (WR_IS_STORE (self), FALSE);
  g_return_val_if_fail (score != NULL, FALSE);

  memset (score, 0, sizeof *score);

  if (!(stmt = _wr_store_prepare (self,
                                  "WITH latest AS ("
                                  "  SELECT id, form_id, start_date, started, 100.0 * score_met / score_applicable AS percent"
                                  "  FROM visits INDEXED BY visits_by_service"
                                  "  WHERE service_id = ?1 AND deleted IS NULL AND status = 'completed'"
                                  "    AND score_applicable > 0"
                                  "  ORDER BY start_date DESC, started DESC, id DESC LIMIT 1)"
                                  " SELECT l.percent, l.form_id,"
                                  "  (SELECT 100.0 * p.score_met / p.score_applicable FROM visits p INDEXED BY visits_by_service"
                                  "    WHERE p.service_id = ?1 AND p.deleted IS NULL AND p.status = 'completed'"
                                  "      AND p.score_applicable > 0 AND p.form_id = l.form_id AND p.id <> l.id"
                                  "      AND (p.start_date, p.started, p.id) < (l.start_date, l.started, l.id)"
                                  "    ORDER BY p.start_date DESC, p.started DESC, p.id DESC LIMIT 1)"
                                  " FROM latest l",
                                  error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, service_id);

  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      score->has_latest = TRUE;
      score->latest = sqlite3_column_double (stmt, 0);
      g_strlcpy (score->form_id, _wr_store_column_text (stmt, 1), sizeof score->form_id);
      if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        {
          score->has_change = TRUE;
          score->change = score->latest - sqlite3_column_double (stmt, 2);
        }
    }
  else if (rc != SQLITE_DONE)
    {
      _wr_store_set_result_error (self, error, WR_STORE_ERROR_READ, _("Could not read the visits"), rc);
      return FALSE;
    }

  return TRUE;
}

/**
 * wr_store_list_section_scores:
 * @self: a #WrStore
 * @visit_uuid: a visit
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a table of section id → percentage (a
 *   double, boxed with g_new) for the visit's scored sections, or %NULL
 *   with @error set
 */
GHashTable *
wr_store_list_section_scores (WrStore     *self,
                              const char  *visit_uuid,
                              GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  int rc;

  g_return_val_if_fail (WR_IS_STORE (self), NULL);
  g_return_val_if_fail (visit_uuid != NULL, NULL);

  if (!(stmt = _wr_store_prepare (self,
                                  "SELECT s.section_id, 100.0 * s.met / s.applicable"
                                  " FROM section_scores s JOIN visits v ON v.id = s.visit_id"
                                  " WHERE v.uuid = ? ORDER BY s.position",
                                  error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, visit_uuid, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      double *percent = g_new (double, 1);

      *percent = sqlite3_column_double (stmt, 1);
      g_hash_table_insert (table, _wr_store_column_dup (stmt, 0), percent);
    }
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_result_error (self, error, WR_STORE_ERROR_READ, _("Could not read the visit"), rc);
      return NULL;
    }

  return g_steal_pointer (&table);
}
