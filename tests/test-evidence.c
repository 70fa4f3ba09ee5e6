/* test-evidence.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The evidence tree: every regulation and quality statement once, with
 * the catalogue's ids; its counts against SQL written here and against
 * what the visit page says of each answer, and its observations against
 * the links of an export of the same visits; its gaps told apart.
 */

#include "config.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "wr-demo.h"
#include "wr-evidence-item.h"
#include "wr-evidence-tree.h"
#include "wr-pack-writer.h"
#include "wr-store-private.h"
#include "wr-visit-session.h"

static const char *from = "2025-04-01";
static const char *to = "2026-03-31";

typedef struct
{
  WrStore        *store;
  WrFormLibrary  *library;
  WrCatalog      *catalog;
  WrScope        *scope;
  WrEvidenceTree *tree;
} Fixture;

static void
exec (WrStore    *store,
      const char *sql)
{
  g_assert_cmpint (sqlite3_exec (_wr_store_get_db (store), sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "walkround.db", NULL);
  WrDemoOptions options = { 160, 23, "2026-11-27" };
  WrDemoCounts counts;

  fixture->store = wr_store_open (path, &error);
  g_assert_no_error (error);
  fixture->catalog = wr_catalog_get_default (&error);
  g_assert_no_error (error);
  fixture->library = wr_form_library_new_default (fixture->catalog);
  g_assert_true (wr_demo_fill (fixture->store, fixture->library, &options, NULL, NULL, NULL, &counts, &error));
  g_assert_no_error (error);

  /* Open actions that follow up an observation or a question, a deleted
   * concern and a deleted repeat, which count for nothing.
   */
  exec (fixture->store,
        "UPDATE actions SET status = 'open', observation_uuid ="
        "  (SELECT o.uuid FROM observations o WHERE o.visit_id = actions.visit_id ORDER BY o.id LIMIT 1)"
        " WHERE id % 3 = 0 AND EXISTS (SELECT 1 FROM observations o WHERE o.visit_id = actions.visit_id);"
        "UPDATE actions SET status = 'open', question_id ="
        "  (SELECT u.question_id FROM unmet_answers u WHERE u.visit_id = actions.visit_id LIMIT 1)"
        " WHERE id % 3 = 1 AND EXISTS (SELECT 1 FROM unmet_answers u WHERE u.visit_id = actions.visit_id);"
        "UPDATE observations SET deleted = '2026-11-01T10:00:00Z' WHERE id ="
        "  (SELECT min (o.id) FROM observations o JOIN visits v ON v.id = o.visit_id JOIN observation_links l"
        "   ON l.observation_id = o.id WHERE v.start_date BETWEEN '2025-04-01' AND '2026-03-31' AND l.kind = 'regulation');"
        "UPDATE repeats SET deleted = '2026-11-01T10:00:00Z' WHERE id ="
        "  (SELECT min (r.id) FROM repeats r JOIN observations o ON o.repeat_uuid = r.uuid);");

  fixture->scope = wr_scope_new ();
  g_assert_true (wr_scope_set_from (fixture->scope, from, NULL));
  g_assert_true (wr_scope_set_to (fixture->scope, to, NULL));
  fixture->tree = wr_evidence_tree_new (fixture->store, fixture->catalog, fixture->library, fixture->scope, NULL,
                                        &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->tree);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->tree, wr_evidence_tree_free);
  g_clear_pointer (&fixture->scope, wr_scope_free);
  g_clear_object (&fixture->library);
  g_clear_object (&fixture->store);
}

static const WrEvidenceNode *
find_node (WrEvidenceTree     *tree,
           WrEvidenceNodeKind  kind,
           const char         *id)
{
  const WrEvidenceNode *found = NULL;

  for (guint i = 0; i < tree->nodes->len; i++)
    {
      const WrEvidenceNode *node = &g_array_index (tree->nodes, WrEvidenceNode, i);

      if (node->kind == kind && g_str_equal (node->id, id))
        {
          g_assert_null (found);
          found = node;
        }
    }
  return found;
}

/* Each regulation (9 to 20A, 9A too) and each statement once, by the
 * catalogue's id, statements under their key question.
 */
static void
test_every_node_once (Fixture       *fixture,
                      gconstpointer  data)
{
  GListModel *regulations = wr_catalog_list (fixture->catalog, WR_CATALOG_REGULATION);
  GListModel *statements = wr_catalog_list (fixture->catalog, WR_CATALOG_STATEMENT);
  guint n_regulations = 0, n_statements = 0;

  for (guint i = 0; i < fixture->tree->nodes->len; i++)
    {
      const WrEvidenceNode *node = &g_array_index (fixture->tree->nodes, WrEvidenceNode, i);

      n_regulations += node->kind == WR_EVIDENCE_REGULATION;
      n_statements += node->kind == WR_EVIDENCE_STATEMENT;
      if (node->kind == WR_EVIDENCE_STATEMENT)
        {
          const WrEvidenceNode *parent = find_node (fixture->tree, WR_EVIDENCE_KEY_QUESTION, node->parent);

          g_assert_nonnull (parent);
          g_assert_true (parent < node);
        }
    }
  g_assert_cmpuint (n_regulations, ==, g_list_model_get_n_items (regulations));
  g_assert_cmpuint (n_statements, ==, g_list_model_get_n_items (statements));
  for (guint i = 0; i < g_list_model_get_n_items (regulations); i++)
    {
      g_autoptr(WrCatalogEntry) entry = g_list_model_get_item (regulations, i);

      g_assert_nonnull (find_node (fixture->tree, WR_EVIDENCE_REGULATION, wr_catalog_entry_get_id (entry)));
    }
  g_assert_nonnull (find_node (fixture->tree, WR_EVIDENCE_REGULATION, "9A"));
  g_assert_nonnull (find_node (fixture->tree, WR_EVIDENCE_REGULATION, "20A"));
  g_assert_nonnull (find_node (fixture->tree, WR_EVIDENCE_STATEMENT, "safe-ipc"));
  g_assert_cmpstr (find_node (fixture->tree, WR_EVIDENCE_STATEMENT, "safe-ipc")->parent, ==, "safe");
}

static gint64
query_int (WrStore    *store,
           const char *sql,
           const char *kind,
           const char *ref)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, to, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, ref, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* Observations linked directly, in a visit of the period, not deleted,
 * not in a deleted repeat.
 */
#define LINKED \
  " FROM observations o JOIN visits v ON v.id = o.visit_id JOIN observation_links l ON l.observation_id = o.id" \
  " WHERE v.deleted IS NULL AND v.start_date >= ?1 AND v.start_date <= ?2 AND l.kind = ?3 AND l.ref = ?4" \
  "  AND o.deleted IS NULL" \
  "  AND NOT EXISTS (SELECT 1 FROM repeats r WHERE r.uuid = o.repeat_uuid AND r.deleted IS NOT NULL)"

/* Answers of concern as the visit page sees them: "KIND\x1fREF" → list of
 * "visit uuid\x1fquestion\x1fservice id".
 */
static GHashTable *
answers_of_concern (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GHashTable *found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);

  g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (fixture->store),
                                       "SELECT uuid, service_id FROM visits WHERE deleted IS NULL"
                                       " AND start_date BETWEEN ?1 AND ?2",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, to, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *uuid = (const char *) sqlite3_column_text (stmt, 0);
      gint64 service_id = sqlite3_column_int64 (stmt, 1);
      g_autoptr(WrVisitSession) session = wr_visit_session_new (fixture->store, fixture->library, uuid, &error);
      WrForm *form;

      g_assert_no_error (error);
      form = wr_visit_session_get_form (session);
      for (guint i = 0; i < wr_form_get_n_items (form); i++)
        {
          WrFormItem *item = wr_form_get_item (form, i);
          WrSection *section = wr_form_item_get_section (item);
          const WrEvidence *evidence = wr_form_item_get_evidence (item);

          if (!WR_IS_QUESTION (item) || !wr_question_get_scored (WR_QUESTION (item)) ||
              !wr_section_get_scored (section) || evidence == NULL)
            continue;
          for (guint r = 0; r < wr_visit_session_get_n_repeats (session, section); r++)
            {
              const char * const *lists[] = { evidence->regulations, evidence->statements, evidence->key_questions };
              const char *kinds[] = { "regulation", "statement", "key-question" };

              if (!wr_visit_session_is_shown (session, item, NULL, r) ||
                  wr_question_score_answer (WR_QUESTION (item),
                                            wr_visit_session_get_answer (session, WR_QUESTION (item), NULL, r))
                  != WR_SCORE_NOT_MET)
                continue;
              for (guint k = 0; k < G_N_ELEMENTS (lists); k++)
                for (guint j = 0; lists[k] != NULL && lists[k][j] != NULL; j++)
                  {
                    g_autofree char *key = g_strdup_printf ("%s\x1f%s", kinds[k], lists[k][j]);
                    GPtrArray *list = g_hash_table_lookup (found, key);

                    if (list == NULL)
                      {
                        list = g_ptr_array_new_with_free_func (g_free);
                        g_hash_table_insert (found, g_strdup (key), list);
                      }
                    g_ptr_array_add (list, g_strdup_printf ("%s\x1f%s\x1f%" G_GINT64_FORMAT, uuid,
                                                            wr_form_item_get_id (item), service_id));
                  }
            }
        }
    }

  return found;
}

static void
test_counts (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GHashTable) concerns = answers_of_concern (fixture);
  guint with_answers = 0, with_actions = 0;

  for (guint i = 0; i < fixture->tree->nodes->len; i++)
    {
      const WrEvidenceNode *node = &g_array_index (fixture->tree->nodes, WrEvidenceNode, i);
      const char *kind = wr_evidence_node_kind_to_string (node->kind);
      g_autofree char *key = g_strdup_printf ("%s\x1f%s", kind, node->id);
      GPtrArray *answers = g_hash_table_lookup (concerns, key);
      g_autoptr(GHashTable) visits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(GHashTable) services = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(sqlite3_stmt) stmt = NULL;
      gint64 open_actions;

      g_assert_cmpuint (node->counts.observations, ==, query_int (fixture->store, "SELECT count (*)" LINKED, kind, node->id));
      g_assert_cmpuint (node->counts.good, ==,
                        query_int (fixture->store, "SELECT count (*)" LINKED " AND o.kind = 'good-practice'", kind, node->id));
      g_assert_cmpuint (node->counts.concerns, ==,
                        query_int (fixture->store, "SELECT count (*)" LINKED " AND o.kind = 'concern'", kind, node->id));
      g_assert_cmpuint (node->counts.answers_of_concern, ==, answers ? answers->len : 0);

      /* Visits and services: those of either. */
      g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (fixture->store),
                                           "SELECT DISTINCT v.uuid, v.service_id" LINKED, -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, from, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, to, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, node->id, -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_hash_table_add (visits, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
          g_hash_table_add (services, g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 1)));
        }
      for (guint a = 0; answers != NULL && a < answers->len; a++)
        {
          g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (answers, a), "\x1f", 3);

          g_hash_table_add (visits, g_strdup (parts[0]));
          g_hash_table_add (services, g_strdup (parts[2]));
        }
      g_assert_cmpuint (node->counts.visits, ==, g_hash_table_size (visits));
      g_assert_cmpuint (node->counts.services, ==, g_hash_table_size (services));

      /* Open actions on a linked observation, or on a question answered
       * as not met in the same visit.
       */
      open_actions = query_int (fixture->store,
                                "SELECT count (*) FROM actions a JOIN visits v ON v.id = a.visit_id"
                                " WHERE v.deleted IS NULL AND v.start_date >= ?1 AND v.start_date <= ?2"
                                "  AND a.deleted IS NULL AND a.status = 'open'"
                                "  AND (a.observation_uuid IN (SELECT o.uuid" LINKED ")"
                                "       OR (a.question_id <> '' AND EXISTS (SELECT 1 FROM unmet_answers u"
                                "           WHERE u.visit_id = a.visit_id AND u.question_id = a.question_id"
                                "             AND u.kind = ?3 AND u.ref = ?4)))",
                                kind, node->id);
      g_assert_cmpuint (node->counts.open_actions, ==, open_actions);

      with_answers += node->counts.answers_of_concern > 0;
      with_actions += node->counts.open_actions > 0;

      /* A gap is told apart from evidence. */
      if (node->counts.observations > 0 || node->counts.answers_of_concern > 0)
        g_assert_cmpint (node->gap, ==, WR_EVIDENCE_GAP_NONE);
      else
        g_assert_cmpint (node->gap, !=, WR_EVIDENCE_GAP_NONE);
    }
  g_assert_cmpuint (with_answers, >, 10);
  g_assert_cmpuint (with_actions, >, 5);
}

/* The observations of each node are the links an export of the same
 * visits holds.
 */
static void
test_against_export (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrPackWriter) writer = wr_pack_writer_new (fixture->store, fixture->library);
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "pack.xml", NULL);
  g_autoptr(GHashTable) links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  xmlDoc *doc;
  GQueue queue = G_QUEUE_INIT;

  wr_pack_writer_set_filter (writer, fixture->scope);
  g_assert_true (wr_pack_writer_write_file (writer, path, NULL, &error));
  g_assert_no_error (error);

  doc = xmlReadFile (path, NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);
  g_queue_push_tail (&queue, xmlDocGetRootElement (doc));
  while (!g_queue_is_empty (&queue))
    {
      xmlNode *node = g_queue_pop_head (&queue);

      for (xmlNode *child = node->children; child != NULL; child = child->next)
        if (child->type == XML_ELEMENT_NODE)
          g_queue_push_tail (&queue, child);
      if (g_str_equal ((const char *) node->name, "link") && node->parent != NULL &&
          g_str_equal ((const char *) node->parent->name, "observation"))
        {
          xmlChar *kind = xmlGetProp (node, BAD_CAST "kind");
          xmlChar *ref = xmlGetProp (node, BAD_CAST "ref");
          char *key = g_strdup_printf ("%s\x1f%s", kind, ref);

          g_hash_table_insert (links, key, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (links, key)) + 1));
          xmlFree (kind);
          xmlFree (ref);
        }
    }
  xmlFreeDoc (doc);

  for (guint i = 0; i < fixture->tree->nodes->len; i++)
    {
      const WrEvidenceNode *node = &g_array_index (fixture->tree->nodes, WrEvidenceNode, i);
      g_autofree char *key = g_strdup_printf ("%s\x1f%s", wr_evidence_node_kind_to_string (node->kind), node->id);

      g_assert_cmpuint (node->counts.observations, ==, GPOINTER_TO_UINT (g_hash_table_lookup (links, key)));
    }
}

/* No installed form links to some statements; others could have evidence
 * but have none in an empty period.
 */
static void
test_gaps (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrScope) empty = wr_scope_new ();
  g_autoptr(WrEvidenceTree) tree = NULL;
  guint no_form = 0;

  g_assert_true (wr_scope_set_from (empty, "2030-01-01", NULL));
  g_assert_true (wr_scope_set_to (empty, "2030-12-31", NULL));
  tree = wr_evidence_tree_new (fixture->store, fixture->catalog, fixture->library, empty, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < tree->nodes->len; i++)
    {
      const WrEvidenceNode *node = &g_array_index (tree->nodes, WrEvidenceNode, i);
      const WrEvidenceNode *before = find_node (fixture->tree, node->kind, node->id);

      g_assert_cmpuint (node->counts.observations + node->counts.answers_of_concern, ==, 0);
      g_assert_cmpint (node->gap, !=, WR_EVIDENCE_GAP_NONE);
      /* What no form can produce is so in any period. */
      if (node->gap == WR_EVIDENCE_GAP_NO_FORM)
        {
          g_assert_cmpint (before->gap, ==, WR_EVIDENCE_GAP_NO_FORM);
          no_form++;
        }
      if (before->gap == WR_EVIDENCE_GAP_NONE)
        g_assert_cmpint (node->gap, ==, WR_EVIDENCE_GAP_NO_EVIDENCE);
    }
  g_assert_cmpuint (no_form, >, 0);

  /* Every service is unvisited in an empty period. */
  g_assert_cmpuint (tree->not_visited->len, ==, 20);
}

/* One service's visits are few, and read by their indexes: the same
 * counts as the SQL written here.
 */
static void
test_one_service (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrScope) scope = wr_scope_new ();
  g_autoptr(WrEvidenceTree) tree = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *uuid = NULL;
  gint64 service_id;
  guint with_evidence = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (fixture->store),
                                       "SELECT s.id, s.uuid FROM services s JOIN visits v ON v.service_id = s.id"
                                       " WHERE v.start_date BETWEEN '2025-04-01' AND '2026-03-31' AND v.kind = 'quality-visit'"
                                       " GROUP BY s.id ORDER BY count (*) DESC, s.id LIMIT 1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  service_id = sqlite3_column_int64 (stmt, 0);
  uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  g_assert_true (wr_scope_set_from (scope, from, NULL));
  g_assert_true (wr_scope_set_to (scope, to, NULL));
  g_assert_true (wr_scope_add_service (scope, uuid, NULL));
  tree = wr_evidence_tree_new (fixture->store, fixture->catalog, fixture->library, scope, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < tree->nodes->len; i++)
    {
      const WrEvidenceNode *node = &g_array_index (tree->nodes, WrEvidenceNode, i);
      const char *kind = wr_evidence_node_kind_to_string (node->kind);
      g_autofree char *linked = g_strdup_printf ("SELECT count (*)" LINKED " AND v.service_id = %" G_GINT64_FORMAT,
                                                 service_id);
      g_autofree char *unmet = g_strdup_printf ("SELECT count (*) FROM unmet_answers u JOIN visits v ON v.id = u.visit_id"
                                                " WHERE v.deleted IS NULL AND v.start_date >= ?1 AND v.start_date <= ?2"
                                                " AND u.kind = ?3 AND u.ref = ?4 AND v.service_id = %" G_GINT64_FORMAT,
                                                service_id);

      g_assert_cmpuint (node->counts.observations, ==, query_int (fixture->store, linked, kind, node->id));
      g_assert_cmpuint (node->counts.answers_of_concern, ==, query_int (fixture->store, unmet, kind, node->id));
      g_assert_cmpuint (node->counts.services, <=, 1);
      with_evidence += node->counts.visits > 0;
    }
  g_assert_cmpuint (with_evidence, >, 0);
}

/* A node's items, as SQL written here lists them: "visit uuid\x1ftext or
 * question\x1fwhat" for each observation linked to it and each answer of
 * concern, in visits of the period (and of @kind, if set).
 */
static GPtrArray *
expected_items (Fixture    *fixture,
                const char *node_kind,
                const char *ref,
                const char *visit_kind)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *expected = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (fixture->store),
                                       "SELECT v.uuid, o.text, 'o'" LINKED " AND (?5 IS NULL OR v.kind = ?5)"
                                       " UNION ALL"
                                       " SELECT v.uuid, u.question_id, 'a' FROM unmet_answers u JOIN visits v ON v.id = u.visit_id"
                                       " WHERE v.deleted IS NULL AND v.start_date >= ?1 AND v.start_date <= ?2"
                                       "  AND u.kind = ?3 AND u.ref = ?4 AND (?5 IS NULL OR v.kind = ?5)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, to, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, node_kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, ref, -1, SQLITE_STATIC);
  if (visit_kind != NULL)
    sqlite3_bind_text (stmt, 5, visit_kind, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (expected, g_strdup_printf ("%s\x1f%s\x1f%s", sqlite3_column_text (stmt, 0),
                                                sqlite3_column_text (stmt, 1), sqlite3_column_text (stmt, 2)));
  return expected;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
assert_items (Fixture          *fixture,
              const WrScope    *scope,
              const char       *node_kind,
              const char       *ref,
              const char       *visit_kind,
              guint             expected_total)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) expected = expected_items (fixture, node_kind, ref, visit_kind);
  g_autoptr(GPtrArray) got = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) all = NULL;
  guint total = G_MAXUINT;

  all = wr_store_list_evidence_items (fixture->store, scope, node_kind, ref, 0, 100000, &total, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, ==, all->len);
  g_assert_cmpuint (total, ==, expected->len);
  if (expected_total != G_MAXUINT)
    g_assert_cmpuint (total, ==, expected_total);

  for (guint i = 0; i < all->len; i++)
    {
      WrEvidenceItem *item = g_ptr_array_index (all, i);
      gboolean answer = wr_evidence_item_is_answer (item);

      g_ptr_array_add (got, g_strdup_printf ("%s\x1f%s\x1f%s", wr_evidence_item_get_visit_uuid (item),
                                             answer ? wr_evidence_item_get_question_id (item)
                                                    : wr_evidence_item_get_text (item),
                                             answer ? "a" : "o"));
      /* The newest visit first; each with its service, date and kind. */
      if (i > 0)
        g_assert_cmpstr (wr_evidence_item_get_date (g_ptr_array_index (all, i - 1)), >=,
                         wr_evidence_item_get_date (item));
      g_assert_cmpstr (wr_evidence_item_get_date (item), >=, from);
      g_assert_cmpstr (wr_evidence_item_get_date (item), <=, to);
      g_assert_cmpstr (wr_evidence_item_get_service_name (item), !=, "");
      g_assert_cmpstr (wr_evidence_item_get_form_id (item), !=, "");
      if (visit_kind != NULL)
        g_assert_cmpstr (wr_evidence_item_get_visit_kind (item), ==, visit_kind);
      if (answer)
        g_assert_cmpstr (wr_evidence_item_get_kind (item), ==, "");
      else
        g_assert_cmpstr (wr_evidence_item_get_kind (item), !=, "");
    }

  g_ptr_array_sort (expected, compare_strings);
  g_ptr_array_sort (got, compare_strings);
  for (guint i = 0; i < expected->len; i++)
    g_assert_cmpstr (g_ptr_array_index (got, i), ==, g_ptr_array_index (expected, i));

  /* Pages of 7 make the same list, in the same order. */
  for (guint offset = 0; offset < all->len + 7; offset += 7)
    {
      g_autoptr(GPtrArray) page = NULL;
      guint page_total = 0;

      page = wr_store_list_evidence_items (fixture->store, scope, node_kind, ref, offset, 7, &page_total, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (page_total, ==, all->len);
      g_assert_cmpuint (page->len, ==, MIN (7, all->len > offset ? all->len - offset : 0));
      for (guint i = 0; i < page->len; i++)
        {
          WrEvidenceItem *a = g_ptr_array_index (page, i);
          WrEvidenceItem *b = g_ptr_array_index (all, offset + i);

          g_assert_cmpstr (wr_evidence_item_get_visit_uuid (a), ==, wr_evidence_item_get_visit_uuid (b));
          g_assert_cmpstr (wr_evidence_item_get_text (a), ==, wr_evidence_item_get_text (b));
          g_assert_cmpstr (wr_evidence_item_get_question_id (a), ==, wr_evidence_item_get_question_id (b));
          g_assert_cmpuint (wr_evidence_item_get_repeat_index (a), ==, wr_evidence_item_get_repeat_index (b));
        }
    }
}

/* Each node's items are what the SQL written here finds, as many as the
 * tree counts, in pages too, and under a kind filter.
 */
static void
test_items (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(WrScope) ned = wr_scope_copy (fixture->scope);
  guint with_both = 0;
  guint checked = 0;

  g_assert_true (wr_scope_add_kind (ned, "ned-visit", NULL));
  for (guint i = 0; i < fixture->tree->nodes->len; i++)
    {
      const WrEvidenceNode *node = &g_array_index (fixture->tree->nodes, WrEvidenceNode, i);
      const char *kind = wr_evidence_node_kind_to_string (node->kind);

      /* The pages of every node would be slow under the sanitizers: every
       * node whole, and a few in pages.
       */
      if (node->counts.observations > 0 && node->counts.answers_of_concern > 0 && with_both++ < 3)
        {
          assert_items (fixture, fixture->scope, kind, node->id, NULL,
                        node->counts.observations + node->counts.answers_of_concern);
          assert_items (fixture, ned, kind, node->id, "ned-visit", G_MAXUINT);
          checked++;
        }
      else
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GPtrArray) expected = expected_items (fixture, kind, node->id, NULL);
          g_autoptr(GPtrArray) all = NULL;
          guint total = 0;

          all = wr_store_list_evidence_items (fixture->store, fixture->scope, kind, node->id, 0, 100000, &total,
                                              NULL, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (all->len, ==, expected->len);
          g_assert_cmpuint (total, ==, node->counts.observations + node->counts.answers_of_concern);
        }
    }
  g_assert_cmpuint (checked, ==, 3);
}

/* Exporting a node's evidence takes the visits the tree counts for it,
 * each holding an observation linked to it or an answer of concern, and
 * the pack's scope says so.
 */
static void
test_export_node (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint checked = 0;

  for (guint i = 0; i < fixture->tree->nodes->len; i++)
    {
      const WrEvidenceNode *node = &g_array_index (fixture->tree->nodes, WrEvidenceNode, i);
      const char *kind = wr_evidence_node_kind_to_string (node->kind);
      g_autoptr(WrScope) scope = wr_scope_copy (fixture->scope);
      guint n = G_MAXUINT;

      g_assert_true (wr_scope_add_evidence (scope, kind, node->id, &error));
      g_assert_no_error (error);
      g_assert_true (wr_store_count_visits (fixture->store, scope, &n, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (n, ==, node->counts.visits);
      checked += n > 0;
    }
  g_assert_cmpuint (checked, >, 10);

  /* The pack of one node: its visits, and a scope that names it. */
  {
    g_autoptr(WrScope) scope = wr_scope_copy (fixture->scope);
    g_autoptr(WrPackWriter) writer = wr_pack_writer_new (fixture->store, fixture->library);
    g_autofree char *path = g_build_filename (g_get_user_data_dir (), "node.xml", NULL);
    g_autofree char *contents = NULL;
    const WrEvidenceNode *node = find_node (fixture->tree, WR_EVIDENCE_REGULATION, "12");
    guint visits = 0;

    g_assert_nonnull (node);
    g_assert_cmpuint (node->counts.visits, >, 0);
    g_assert_true (wr_scope_add_evidence (scope, "regulation", "12", NULL));
    g_assert_false (wr_scope_add_evidence (scope, "theme", "welcoming", NULL));
    g_assert_false (wr_scope_add_evidence (scope, "regulation", "1 2", NULL));
    wr_pack_writer_set_filter (writer, scope);
    g_assert_true (wr_pack_writer_write_file (writer, path, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, "<evidence kind=\"regulation\" ref=\"12\"/>"));
    for (const char *p = contents; (p = strstr (p, "<visit ")) != NULL; p++)
      visits++;
    g_assert_cmpuint (visits, ==, node->counts.visits);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/walkround/evidence/every-node-once", Fixture, NULL, fixture_set_up, test_every_node_once, fixture_tear_down);
  g_test_add ("/walkround/evidence/counts", Fixture, NULL, fixture_set_up, test_counts, fixture_tear_down);
  g_test_add ("/walkround/evidence/against-export", Fixture, NULL, fixture_set_up, test_against_export, fixture_tear_down);
  g_test_add ("/walkround/evidence/gaps", Fixture, NULL, fixture_set_up, test_gaps, fixture_tear_down);
  g_test_add ("/walkround/evidence/one-service", Fixture, NULL, fixture_set_up, test_one_service, fixture_tear_down);
  g_test_add ("/walkround/evidence/items", Fixture, NULL, fixture_set_up, test_items, fixture_tear_down);
  g_test_add ("/walkround/evidence/export-node", Fixture, NULL, fixture_set_up, test_export_node, fixture_tear_down);

  return g_test_run ();
}
