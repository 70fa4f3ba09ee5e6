/* wr-evidence-tree.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-evidence-tree"

#include "config.h"

#include "wr-evidence-tree.h"

/* The CQC framework from the catalogue (key question → quality statement,
 * and the regulations), each node with what the chosen visits hold for it
 * (wr_store_count_evidence()), and its gap told apart: nothing in the
 * period, or nothing any installed form could have produced.
 */

static const char * const kind_names[] = { "key-question", "statement", "regulation" };

const char *
wr_evidence_node_kind_to_string (WrEvidenceNodeKind kind)
{
  g_return_val_if_fail (kind <= WR_EVIDENCE_REGULATION, NULL);

  return kind_names[kind];
}

const char *
wr_evidence_gap_to_string (WrEvidenceGap gap)
{
  static const char * const names[] = { "none", "no-evidence", "no-form" };

  g_return_val_if_fail (gap <= WR_EVIDENCE_GAP_NO_FORM, NULL);

  return names[gap];
}

static void
node_clear (WrEvidenceNode *node)
{
  g_clear_pointer (&node->id, g_free);
  g_clear_pointer (&node->title, g_free);
  g_clear_pointer (&node->parent, g_free);
}

void
wr_evidence_tree_free (WrEvidenceTree *tree)
{
  if (tree == NULL)
    return;

  g_clear_pointer (&tree->nodes, g_array_unref);
  g_clear_pointer (&tree->not_visited, g_ptr_array_unref);
  g_free (tree);
}

static void
add_links (GHashTable         *producible,
           const char         *kind,
           const char * const *refs)
{
  for (guint i = 0; refs != NULL && refs[i] != NULL; i++)
    g_hash_table_add (producible, g_strdup_printf ("%s\x1f%s", kind, refs[i]));
}

/* What some installed form links an item to: a question, a section or a
 * block of observations. Evidence only comes through such links.
 */
static GHashTable *
list_producible (WrFormLibrary *library)
{
  GHashTable *producible = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GListModel *forms = library != NULL ? wr_form_library_get_forms (library) : NULL;

  for (guint f = 0; forms != NULL && f < g_list_model_get_n_items (forms); f++)
    {
      g_autoptr(WrForm) form = g_list_model_get_item (forms, f);

      for (guint i = 0; i < wr_form_get_n_items (form); i++)
        {
          const WrEvidence *evidence = wr_form_item_get_evidence (wr_form_get_item (form, i));

          if (evidence == NULL)
            continue;
          add_links (producible, "regulation", evidence->regulations);
          add_links (producible, "statement", evidence->statements);
          add_links (producible, "key-question", evidence->key_questions);
        }
    }

  return producible;
}

static void
add_node (WrEvidenceTree     *tree,
          GHashTable         *counts,
          GHashTable         *producible,
          WrEvidenceNodeKind  kind,
          WrCatalogEntry     *entry,
          const char         *parent)
{
  WrEvidenceNode node = { kind, NULL, };
  g_autofree char *key = g_strdup_printf ("%s\x1f%s", kind_names[kind], wr_catalog_entry_get_id (entry));
  WrEvidenceCounts *found = g_hash_table_lookup (counts, key);

  node.id = g_strdup (wr_catalog_entry_get_id (entry));
  node.title = g_strdup (wr_catalog_entry_get_title (entry));
  node.parent = g_strdup (parent);
  if (found != NULL)
    node.counts = *found;

  if (node.counts.observations > 0 || node.counts.answers_of_concern > 0)
    node.gap = WR_EVIDENCE_GAP_NONE;
  else if (g_hash_table_contains (producible, key))
    node.gap = WR_EVIDENCE_GAP_NO_EVIDENCE;
  else
    node.gap = WR_EVIDENCE_GAP_NO_FORM;

  g_array_append_val (tree->nodes, node);
}

/**
 * wr_evidence_tree_new:
 * @store: a #WrStore
 * @catalog: the reference catalogue
 * @library: (nullable): the installed forms, to tell the gaps apart
 * @scope: (nullable): which visits, as `export` chooses them
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full): each key question followed by its quality
 *   statements, then each regulation, in the catalogue's order, each
 *   exactly once; and the services not visited; or %NULL with @error set
 */
WrEvidenceTree *
wr_evidence_tree_new (WrStore        *store,
                      WrCatalog      *catalog,
                      WrFormLibrary  *library,
                      const WrScope  *scope,
                      GCancellable   *cancellable,
                      GError        **error)
{
  g_autoptr(WrEvidenceTree) tree = g_new0 (WrEvidenceTree, 1);
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GHashTable) producible = NULL;
  GListModel *key_questions;
  GListModel *regulations;

  g_return_val_if_fail (WR_IS_STORE (store), NULL);
  g_return_val_if_fail (WR_IS_CATALOG (catalog), NULL);

  if (!(counts = wr_store_count_evidence (store, scope, cancellable, error)) ||
      !(tree->not_visited = wr_store_list_services_not_visited (store, scope, error)))
    return NULL;

  producible = list_producible (library);
  tree->nodes = g_array_new (FALSE, TRUE, sizeof (WrEvidenceNode));
  g_array_set_clear_func (tree->nodes, (GDestroyNotify) node_clear);

  key_questions = wr_catalog_list (catalog, WR_CATALOG_KEY_QUESTION);
  for (guint k = 0; k < g_list_model_get_n_items (key_questions); k++)
    {
      g_autoptr(WrCatalogEntry) key_question = g_list_model_get_item (key_questions, k);
      g_autoptr(GPtrArray) statements = wr_catalog_list_statements (catalog, wr_catalog_entry_get_id (key_question));

      add_node (tree, counts, producible, WR_EVIDENCE_KEY_QUESTION, key_question, NULL);
      for (guint s = 0; s < statements->len; s++)
        add_node (tree, counts, producible, WR_EVIDENCE_STATEMENT, g_ptr_array_index (statements, s),
                  wr_catalog_entry_get_id (key_question));
    }

  /* A statement of no key question (a catalogue of the future) is still
   * listed, once.
   */
  {
    GListModel *statements = wr_catalog_list (catalog, WR_CATALOG_STATEMENT);

    for (guint s = 0; s < g_list_model_get_n_items (statements); s++)
      {
        g_autoptr(WrCatalogEntry) statement = g_list_model_get_item (statements, s);
        const char *parent = wr_catalog_entry_get_key_question (statement);

        if (parent == NULL || wr_catalog_lookup (catalog, WR_CATALOG_KEY_QUESTION, parent) == NULL)
          add_node (tree, counts, producible, WR_EVIDENCE_STATEMENT, statement, NULL);
      }
  }

  regulations = wr_catalog_list (catalog, WR_CATALOG_REGULATION);
  for (guint r = 0; r < g_list_model_get_n_items (regulations); r++)
    {
      g_autoptr(WrCatalogEntry) regulation = g_list_model_get_item (regulations, r);

      add_node (tree, counts, producible, WR_EVIDENCE_REGULATION, regulation, NULL);
    }

  return g_steal_pointer (&tree);
}
