/* wr-visit-scores.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-visit-scores"

#include "config.h"

#include <string.h>

#include "wr-store-private.h"
#include "wr-visit-conditions-private.h"
#include "wr-visit-scores.h"

/* Each visit's scores are kept in the store (wr-store-scores.c) so that
 * lists, reports and the year's figures read numbers rather than evaluate
 * forms. The visit session keeps them as answers change; this scores the
 * visits that have none yet: those of a database from before scores were
 * kept, and those an import has just written.
 */

/* Visits scored per transaction: few enough that the window's own writes
 * never wait long.
 */
#define BATCH_SIZE 500

static void
add_unmet (GArray             *unmet,
           const char         *question_id,
           guint               repeat,
           const char         *kind,
           const char * const *refs)
{
  for (guint i = 0; refs != NULL && refs[i] != NULL; i++)
    {
      WrUnmetAnswer row = { question_id, repeat, kind, refs[i] };

      g_array_append_val (unmet, row);
    }
}

/* The scores of a visit as its team's answers give them, overall and for
 * each section in form order, and its answers of concern: each scored
 * answer shown and not met, once for each of its question's links. One
 * pass over the form's items, by the rule of wr_form_state_get_score()
 * (scored questions of scored sections, each filling of a repeated
 * section, shown answers only), which would take a pass per section.
 */
static GArray *
compute (WrFormState *state,
         WrScore     *overall,
         GArray     **unmet_out)
{
  WrForm *form = wr_form_state_get_form (state);
  guint n_sections = wr_form_get_n_sections (form);
  GArray *sections = g_array_sized_new (FALSE, TRUE, sizeof (WrSectionScore), n_sections);
  GArray *unmet = g_array_new (FALSE, TRUE, sizeof (WrUnmetAnswer));
  WrSection *section = NULL;
  guint s = 0;
  guint n_repeats = 0;

  memset (overall, 0, sizeof *overall);
  for (guint i = 0; i < n_sections; i++)
    {
      WrSectionScore row = { wr_form_item_get_id (WR_FORM_ITEM (wr_form_get_section (form, i))), 0, 0 };

      g_array_append_val (sections, row);
    }

  for (guint i = 0; i < wr_form_get_n_items (form); i++)
    {
      WrFormItem *item = wr_form_get_item (form, i);
      WrQuestion *question;
      const WrEvidence *evidence;
      gboolean linked;
      double weight;

      if (!WR_IS_QUESTION (item) || !wr_question_get_scored (question = WR_QUESTION (item)))
        continue;
      if (wr_form_item_get_section (item) != section)
        {
          section = wr_form_item_get_section (item);
          for (s = 0; s < n_sections && wr_form_get_section (form, s) != section; s++)
            ;
          n_repeats = wr_form_state_get_n_repeats (state, section);
        }
      if (s >= n_sections || !wr_section_get_scored (section))
        continue;

      evidence = wr_form_item_get_evidence (item);
      linked = evidence != NULL &&
               (evidence->regulations != NULL || evidence->statements != NULL || evidence->key_questions != NULL);
      weight = wr_question_get_score_weight (question);

      for (guint repeat = 0; repeat < n_repeats; repeat++)
        {
          WrSectionScore *row = &g_array_index (sections, WrSectionScore, s);
          const char *id = wr_form_item_get_id (item);

          if (!wr_form_state_is_shown (state, item, repeat))
            continue;
          switch (wr_question_score_answer (question, wr_form_state_get_answer (state, question, repeat)))
            {
            case WR_SCORE_MET:
              row->met += weight;
              overall->met += weight;
              overall->n_met++;
              G_GNUC_FALLTHROUGH;
            case WR_SCORE_NOT_MET:
              row->applicable += weight;
              overall->applicable += weight;
              overall->n_applicable++;
              break;
            case WR_SCORE_NOT_APPLICABLE:
              overall->n_not_applicable++;
              break;
            case WR_SCORE_NONE:
            default:
              break;
            }
          if (linked && wr_question_score_answer (question, wr_form_state_get_answer (state, question, repeat))
                        == WR_SCORE_NOT_MET)
            {
              add_unmet (unmet, id, repeat, "regulation", evidence->regulations);
              add_unmet (unmet, id, repeat, "statement", evidence->statements);
              add_unmet (unmet, id, repeat, "key-question", evidence->key_questions);
            }
        }
    }

  *unmet_out = unmet;
  return sections;
}

/**
 * wr_visit_scores_keep:
 * @store: a #WrStore
 * @visit_uuid: a visit
 * @state: the team's state of the visit's form and answers
 * @error: return location for a #GError
 *
 * Keeps the visit's scores, overall and per section, and its answers of
 * concern, as @state gives them.
 *
 * Returns: %TRUE once saved
 */
gboolean
wr_visit_scores_keep (WrStore      *store,
                      const char   *visit_uuid,
                      WrFormState  *state,
                      GError      **error)
{
  g_autoptr(GArray) sections = NULL;
  g_autoptr(GArray) unmet = NULL;
  WrScore overall;

  g_return_val_if_fail (WR_IS_STORE (store), FALSE);
  g_return_val_if_fail (WR_IS_FORM_STATE (state), FALSE);

  sections = compute (state, &overall, &unmet);
  return wr_store_set_visit_scores (store, visit_uuid, overall.met, overall.n_applicable > 0 ? overall.applicable : 0,
                                    (const WrSectionScore *) (gpointer) sections->data, sections->len,
                                    (const WrUnmetAnswer *) (gpointer) unmet->data, unmet->len, error);
}

/* What scoring many visits shares: each form's conditions, worked out
 * once and reset for each visit, over tables refilled for each visit.
 */
typedef struct
{
  WrStore       *store;
  WrFormLibrary *library;
  GHashTable    *conditions;  /* form sha256 → WrVisitConditions */
  GHashTable    *repeats;     /* section id → GPtrArray of repeat uuids, borrowed from the visit */
  GHashTable    *answers;     /* "question\x1fmember\x1frepeat" → value, borrowed from the visit */
  GString       *key;
} Filler;

static const char *
stored_answer_cb (const char *question_id,
                  const char *member_uuid,
                  const char *repeat_uuid,
                  gpointer    user_data)
{
  Filler *filler = user_data;

  g_string_printf (filler->key, "%s\x1f%s\x1f%s", question_id, member_uuid, repeat_uuid);
  return g_hash_table_lookup (filler->answers, filler->key->str);
}

/* Scores one visit read from the store; a visit whose form is not
 * installed here (or not with the text it was recorded on) stays
 * unscored, to be scored once its form is.
 */
static gboolean
score_visit (Filler          *filler,
             WrScoringVisit  *visit,
             gboolean        *scored,
             GError         **error)
{
  g_autoptr(GArray) sections = NULL;
  g_autoptr(GArray) unmet = NULL;
  WrVisitConditions *conditions;
  WrForm *form;
  WrScore overall;

  *scored = FALSE;
  form = wr_form_library_lookup (filler->library, visit->form_id, visit->form_version);
  if (form == NULL || !g_str_equal (wr_form_get_sha256 (form), visit->form_sha256))
    return TRUE;

  g_hash_table_remove_all (filler->repeats);
  g_hash_table_remove_all (filler->answers);
  for (guint i = 0; i < visit->repeats->len; i++)
    {
      WrRepeat *repeat = g_ptr_array_index (visit->repeats, i);
      GPtrArray *list = g_hash_table_lookup (filler->repeats, repeat->section_id);

      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (filler->repeats, repeat->section_id, list);
        }
      g_ptr_array_add (list, repeat->uuid);
    }
  for (guint i = 0; i < visit->answers->len; i++)
    {
      WrAnswer *answer = g_ptr_array_index (visit->answers, i);

      g_hash_table_insert (filler->answers,
                           g_strjoin ("\x1f", answer->question_id, answer->member_uuid, answer->repeat_uuid, NULL),
                           answer->value);
    }

  if (!(conditions = g_hash_table_lookup (filler->conditions, visit->form_sha256)))
    {
      conditions = _wr_visit_conditions_new (form, filler->repeats, stored_answer_cb, filler);
      g_hash_table_insert (filler->conditions, g_strdup (visit->form_sha256), conditions);
    }
  else
    _wr_visit_conditions_reset (conditions);

  sections = compute (_wr_visit_conditions_get_state (conditions, NULL), &overall, &unmet);
  if (!_wr_store_write_scores (filler->store, visit->id, overall.met, overall.n_applicable > 0 ? overall.applicable : 0,
                               (const WrSectionScore *) (gpointer) sections->data, sections->len,
                               (const WrUnmetAnswer *) (gpointer) unmet->data, unmet->len, error))
    return FALSE;

  *scored = TRUE;
  return TRUE;
}

static void
filler_clear (Filler *filler)
{
  g_clear_pointer (&filler->conditions, g_hash_table_unref);
  g_clear_pointer (&filler->repeats, g_hash_table_unref);
  g_clear_pointer (&filler->answers, g_hash_table_unref);
  if (filler->key != NULL)
    g_string_free (g_steal_pointer (&filler->key), TRUE);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Filler, filler_clear)

/**
 * wr_visit_scores_fill:
 * @store: a #WrStore
 * @library: the installed forms
 * @cancellable: (nullable): a #GCancellable
 * @n_scored: (out) (optional): how many visits were scored
 * @error: return location for a #GError
 *
 * Scores every visit that has no scores kept yet: after a migration from
 * a database that kept none, and the visits imported since. Visits whose form is not
 * installed stay as they are. Work done before a failure or cancellation
 * is kept.
 *
 * Returns: %TRUE if every visit that could be scored was
 */
gboolean
wr_visit_scores_fill (WrStore        *store,
                      WrFormLibrary  *library,
                      GCancellable   *cancellable,
                      guint          *n_scored,
                      GError        **error)
{
  g_autoptr(GArray) ids = NULL;
  g_auto(Filler) filler = { store, library, NULL, };
  guint scored_count = 0;

  g_return_val_if_fail (WR_IS_STORE (store), FALSE);
  g_return_val_if_fail (WR_IS_FORM_LIBRARY (library), FALSE);

  filler.conditions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) _wr_visit_conditions_free);
  filler.repeats = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  filler.answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  filler.key = g_string_new (NULL);

  if (n_scored != NULL)
    *n_scored = 0;
  if (!(ids = _wr_store_list_unscored (store, error)))
    return FALSE;

  for (guint start = 0; start < ids->len; start += BATCH_SIZE)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !wr_store_begin_batch (store, error))
        return FALSE;

      for (guint i = start; i < MIN (start + BATCH_SIZE, ids->len); i++)
        {
          WrScoringVisit visit;
          gboolean scored = FALSE;
          gboolean ok;

          ok = _wr_store_read_for_scoring (store, g_array_index (ids, gint64, i), &visit, error) &&
               (visit.uuid == NULL || score_visit (&filler, &visit, &scored, error));
          _wr_scoring_visit_clear (&visit);
          if (!ok)
            {
              wr_store_abort_batch (store);
              return FALSE;
            }
          if (scored)
            scored_count++;
        }

      if (!wr_store_commit_batch (store, error))
        return FALSE;
      if (n_scored != NULL)
        *n_scored = scored_count;
    }

  return TRUE;
}
