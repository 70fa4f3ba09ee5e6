/* wr-catalog.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-catalog"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-autocleanups.h"
#include "wr-catalog-private.h"
#include "wr-paths.h"
#include "wr-xml-private.h"

#define CATALOG_NS "https://walkround.github.io/ns/catalog/1"

/* The reference catalogue: the frameworks that forms and observations link
 * to, loaded from data/reference/ so that a change of framework is a
 * change of data. Immutable once loaded, so one catalogue may be shared by
 * every thread.
 */
struct _WrCatalog
{
  GObject     parent_instance;

  guint       version;
  gboolean    statement_links_inferred;
  GListStore *lists[WR_CATALOG_N_KINDS];
  GHashTable *index[WR_CATALOG_N_KINDS];
};

G_DEFINE_FINAL_TYPE (WrCatalog, wr_catalog, G_TYPE_OBJECT)

G_DEFINE_QUARK (wr-catalog-error-quark, wr_catalog_error)

/* Each list element and the element of its entries, by WrCatalogKind. */
static const struct {
  const char *list;
  const char *item;
} kinds[WR_CATALOG_N_KINDS] = {
  { "regulations",         "regulation" },
  { "key-questions",       "key-question" },
  { "quality-statements",  "statement" },
  { "themes",              "theme" },
  { "domains",             "domain" },
  { "observation-kinds",   "observation-kind" },
  { "voices",              "voice" },
  { "evidence-categories", "evidence-category" },
};

static GMutex default_lock;
static WrCatalog *default_catalog;

static void
wr_catalog_finalize (GObject *object)
{
  WrCatalog *self = (WrCatalog *)object;

  for (guint i = 0; i < WR_CATALOG_N_KINDS; i++)
    {
      g_clear_pointer (&self->index[i], g_hash_table_unref);
      g_clear_object (&self->lists[i]);
    }

  G_OBJECT_CLASS (wr_catalog_parent_class)->finalize (object);
}

static void
wr_catalog_class_init (WrCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wr_catalog_finalize;
}

static void
wr_catalog_init (WrCatalog *self)
{
  for (guint i = 0; i < WR_CATALOG_N_KINDS; i++)
    {
      self->lists[i] = g_list_store_new (WR_TYPE_CATALOG_ENTRY);
      self->index[i] = g_hash_table_new (g_str_hash, g_str_equal);
    }
}

static void
set_problem (GError       **error,
             const char    *path,
             WrXmlProblem  *problem)
{
  g_set_error (error, WR_CATALOG_ERROR,
               problem->kind == WR_XML_PROBLEM_READ ? WR_CATALOG_ERROR_READ : WR_CATALOG_ERROR_INVALID,
               "%s:%d: %s", path, problem->line, problem->message);
}

static void
strv_add (GStrv      *strv,
          const char *value)
{
  guint n = *strv != NULL ? g_strv_length (*strv) : 0;

  *strv = g_renew (char *, *strv, n + 2);
  (*strv)[n] = g_strdup (value);
  (*strv)[n + 1] = NULL;
}

static WrCatalogEntry *
read_entry (WrCatalogKind  kind,
            xmlNode       *node)
{
  WrCatalogEntryFields fields = { 0 };

  fields.kind = kind;
  fields.id = _wr_xml_get_attribute (node, "id");
  fields.key_question = _wr_xml_get_attribute (node, "key-question");
  fields.in_force = _wr_xml_get_attribute (node, "in-force");
  if (fields.in_force != NULL)
    g_strstrip (fields.in_force);

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      const char *name;

      if (!_wr_xml_is_element (child, CATALOG_NS, NULL))
        continue;

      name = (const char *) child->name;
      if (g_str_equal (name, "title"))
        {
          g_free (fields.title);
          fields.title = _wr_xml_get_token_text (child);
        }
      else if (g_str_equal (name, "short-title"))
        {
          g_free (fields.short_title);
          fields.short_title = _wr_xml_get_token_text (child);
        }
      else if (g_str_equal (name, "summary") || g_str_equal (name, "meaning") ||
               g_str_equal (name, "we-statement") || g_str_equal (name, "question"))
        {
          g_free (fields.summary);
          fields.summary = _wr_xml_get_token_text (child);
        }
      else if (g_str_equal (name, "look-for") || g_str_equal (name, "prompt") || g_str_equal (name, "example"))
        {
          g_autofree char *text = _wr_xml_get_token_text (child);

          strv_add (&fields.points, text);
        }
      else if (g_str_equal (name, "relates-to") || g_str_equal (name, "also-consider"))
        {
          g_autofree char *regulation = _wr_xml_get_attribute (child, "regulation");

          if (regulation != NULL)
            strv_add (name[0] == 'r' ? &fields.regulations : &fields.also_consider, g_strstrip (regulation));
        }
    }

  if (fields.title == NULL)
    fields.title = g_strdup ("");
  if (fields.summary == NULL)
    fields.summary = g_strdup ("");

  return _wr_catalog_entry_new (&fields);
}

/* Reads one file into @self; @origins remembers where each entry came from,
 * for the checks across files.
 */
static gboolean
load_file (WrCatalog   *self,
           const char  *path,
           GHashTable  *origins,
           GError     **error)
{
  g_autoptr(WrXmlProblem) problem = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *version = NULL;
  xmlSchema *schema;
  xmlNode *root;

  if (!(bytes = _wr_xml_read_file (path, WR_XML_MAX_FILE_SIZE, &problem)) ||
      !_wr_xml_check_encoding (bytes, &problem) ||
      !(doc = _wr_xml_parse (bytes, &problem)))
    {
      set_problem (error, path, problem);
      return FALSE;
    }

  root = xmlDocGetRootElement (doc);
  if (!_wr_xml_is_element (root, CATALOG_NS, "catalog"))
    {
      g_set_error (error, WR_CATALOG_ERROR, WR_CATALOG_ERROR_INVALID,
                   _("%s:%d: this is not a Walkround catalogue: it starts <catalog xmlns=\"%s\">"),
                   path, _wr_xml_get_line (root), CATALOG_NS);
      return FALSE;
    }

  if (!(schema = _wr_xml_get_schema ("schema/catalog.xsd", WR_CATALOG_ERROR, WR_CATALOG_ERROR_INSTALL, error)))
    return FALSE;

  problems = _wr_xml_validate (schema, doc, 1);
  if (problems->len > 0)
    {
      set_problem (error, path, g_ptr_array_index (problems, 0));
      return FALSE;
    }

  version = _wr_xml_get_attribute (root, "version");
  self->version = MAX (self->version, (guint) g_ascii_strtoull (version != NULL ? g_strstrip (version) : "1", NULL, 10));

  for (xmlNode *list = root->children; list != NULL; list = list->next)
    {
      if (!_wr_xml_is_element (list, CATALOG_NS, NULL))
        continue;

      for (guint kind = 0; kind < WR_CATALOG_N_KINDS; kind++)
        {
          if (!g_str_equal ((const char *) list->name, kinds[kind].list))
            continue;

          if (kind == WR_CATALOG_STATEMENT)
            {
              g_autofree char *mapping = _wr_xml_get_attribute (list, "regulation-mapping");

              if (mapping != NULL && g_str_equal (g_strstrip (mapping), "inferred"))
                self->statement_links_inferred = TRUE;
            }

          for (xmlNode *item = list->children; item != NULL; item = item->next)
            {
              g_autoptr(WrCatalogEntry) entry = NULL;
              const char *id;

              if (!_wr_xml_is_element (item, CATALOG_NS, kinds[kind].item))
                continue;

              entry = read_entry (kind, item);
              id = wr_catalog_entry_get_id (entry);
              if (id == NULL)
                continue;

              if (g_hash_table_contains (self->index[kind], id))
                {
                  g_set_error (error, WR_CATALOG_ERROR, WR_CATALOG_ERROR_INVALID,
                               _("%s:%d: the %s entry '%s' is already in %s; give each entry once"),
                               path, _wr_xml_get_line (item), kinds[kind].item, id,
                               (const char *) g_hash_table_lookup (origins, g_hash_table_lookup (self->index[kind], id)));
                  return FALSE;
                }

              g_hash_table_insert (origins, entry, g_strdup_printf ("%s:%d", path, _wr_xml_get_line (item)));
              g_hash_table_insert (self->index[kind], (gpointer) id, entry);
              g_list_store_append (self->lists[kind], entry);
            }
        }
    }

  return TRUE;
}

/* The schema checks references inside one file; these check them across
 * all the files.
 */
static gboolean
check_references (WrCatalog   *self,
                  GHashTable  *origins,
                  GError     **error)
{
  static const WrCatalogKind with_regulations[] = { WR_CATALOG_STATEMENT, WR_CATALOG_DOMAIN };

  for (guint i = 0; i < G_N_ELEMENTS (with_regulations); i++)
    {
      GListModel *list = G_LIST_MODEL (self->lists[with_regulations[i]]);

      for (guint j = 0; j < g_list_model_get_n_items (list); j++)
        {
          g_autoptr(WrCatalogEntry) entry = g_list_model_get_item (list, j);
          const char *key_question = wr_catalog_entry_get_key_question (entry);
          const char * const *lists[] = {
            wr_catalog_entry_get_regulations (entry),
            wr_catalog_entry_get_also_consider (entry),
          };

          if (key_question != NULL && !wr_catalog_lookup (self, WR_CATALOG_KEY_QUESTION, key_question))
            {
              g_set_error (error, WR_CATALOG_ERROR, WR_CATALOG_ERROR_INVALID,
                           _("%s: '%s' names the key question '%s', which is not in the catalogue"),
                           (const char *) g_hash_table_lookup (origins, entry),
                           wr_catalog_entry_get_id (entry), key_question);
              return FALSE;
            }

          for (guint k = 0; k < G_N_ELEMENTS (lists); k++)
            {
              for (guint n = 0; lists[k][n] != NULL; n++)
                {
                  if (wr_catalog_lookup (self, WR_CATALOG_REGULATION, lists[k][n]))
                    continue;

                  g_set_error (error, WR_CATALOG_ERROR, WR_CATALOG_ERROR_INVALID,
                               _("%s: '%s' names regulation '%s', which is not in the catalogue"),
                               (const char *) g_hash_table_lookup (origins, entry),
                               wr_catalog_entry_get_id (entry), lists[k][n]);
                  return FALSE;
                }
            }
        }
    }

  return TRUE;
}

/**
 * wr_catalog_new_from_files:
 * @paths: (array zero-terminated=1): catalogue files
 * @error: return location for a #GError
 *
 * Loads and merges catalogue files. Each is validated against
 * data/schema/catalog.xsd; an id given twice, in one file or in two, is an
 * error, and so is a reference to a regulation or key question that no
 * file has. Errors start with `FILE:LINE: `.
 *
 * Returns: (transfer full) (nullable): the catalogue
 */
WrCatalog *
wr_catalog_new_from_files (const char * const  *paths,
                           GError             **error)
{
  g_autoptr(WrCatalog) self = g_object_new (WR_TYPE_CATALOG, NULL);
  g_autoptr(GHashTable) origins = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  g_return_val_if_fail (paths != NULL, NULL);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      if (!load_file (self, paths[i], origins, error))
        return NULL;
    }

  if (!check_references (self, origins, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * wr_catalog_new_from_file:
 * @path: a catalogue file
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the catalogue in @path
 */
WrCatalog *
wr_catalog_new_from_file (const char  *path,
                          GError     **error)
{
  const char *paths[] = { path, NULL };

  g_return_val_if_fail (path != NULL, NULL);

  return wr_catalog_new_from_files (paths, error);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/**
 * wr_catalog_get_default:
 * @error: return location for a #GError
 *
 * Loads the installed catalogue, every `*.xml` in Walkround's `reference`
 * data folder in name order, the first time it is asked for, and keeps it
 * for the life of the process. Safe to call from any thread.
 *
 * Returns: (transfer none) (nullable): the catalogue
 */
WrCatalog *
wr_catalog_get_default (GError **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&default_lock);
  g_autofree char *dir_path = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  const char *name;

  if (default_catalog != NULL)
    return default_catalog;

  if (!(dir_path = wr_paths_find_data_file ("reference")) ||
      !(dir = g_dir_open (dir_path, 0, NULL)))
    {
      g_autofree char *message = wr_paths_describe_missing_data ("reference");

      g_set_error_literal (error, WR_CATALOG_ERROR, WR_CATALOG_ERROR_INSTALL, message);
      return NULL;
    }

  paths = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)))
    {
      if (g_str_has_suffix (name, ".xml"))
        g_ptr_array_add (paths, g_build_filename (dir_path, name, NULL));
    }
  g_ptr_array_sort (paths, compare_strings);
  g_ptr_array_add (paths, NULL);

  if (paths->len == 1)
    {
      g_set_error (error, WR_CATALOG_ERROR, WR_CATALOG_ERROR_INSTALL,
                   _("Walkround’s reference data folder “%s” has no catalogue in it; reinstall Walkround"),
                   dir_path);
      return NULL;
    }

  default_catalog = wr_catalog_new_from_files ((const char * const *) paths->pdata, error);

  return default_catalog;
}

/**
 * wr_catalog_get_version:
 * @self: a #WrCatalog
 *
 * Returns: the version of the catalogue data (the highest of its files)
 */
guint
wr_catalog_get_version (WrCatalog *self)
{
  g_return_val_if_fail (WR_IS_CATALOG (self), 0);

  return self->version;
}

/**
 * wr_catalog_get_statement_links_inferred:
 * @self: a #WrCatalog
 *
 * Returns: %TRUE if the links from quality statements to regulations were
 *   worked out from their subjects rather than published by CQC, so the UI
 *   can say so where it shows them
 */
gboolean
wr_catalog_get_statement_links_inferred (WrCatalog *self)
{
  g_return_val_if_fail (WR_IS_CATALOG (self), FALSE);

  return self->statement_links_inferred;
}

/**
 * wr_catalog_lookup:
 * @self: a #WrCatalog
 * @kind: which list to look in
 * @id: an id such as "12", "safe", "safe-environments" or "welcoming"
 *
 * Returns: (transfer none) (nullable): the entry, or %NULL if there is none
 */
WrCatalogEntry *
wr_catalog_lookup (WrCatalog     *self,
                   WrCatalogKind  kind,
                   const char    *id)
{
  g_return_val_if_fail (WR_IS_CATALOG (self), NULL);
  g_return_val_if_fail (kind < WR_CATALOG_N_KINDS, NULL);

  if (id == NULL)
    return NULL;

  return g_hash_table_lookup (self->index[kind], id);
}

/**
 * wr_catalog_lookup_any_case:
 * @self: a #WrCatalog
 * @kind: which list to look in
 * @id: an id as a person typed it, such as "9a" or "Safe-IPC"
 *
 * Looks up @id as wr_catalog_lookup() does, but ignoring the case of
 * ASCII letters, for ids that people type (the command line's filters).
 * The entry's own id is the canonical one ("9A", "safe-ipc") to store or
 * pass on.
 *
 * Returns: (transfer none) (nullable): the entry, or %NULL if there is none
 */
WrCatalogEntry *
wr_catalog_lookup_any_case (WrCatalog     *self,
                            WrCatalogKind  kind,
                            const char    *id)
{
  GListModel *entries;
  WrCatalogEntry *entry;
  guint n;

  g_return_val_if_fail (WR_IS_CATALOG (self), NULL);
  g_return_val_if_fail (kind < WR_CATALOG_N_KINDS, NULL);

  if (id == NULL)
    return NULL;

  if ((entry = g_hash_table_lookup (self->index[kind], id)))
    return entry;

  /* The lists are short (tens of entries) and people type rarely. */
  entries = G_LIST_MODEL (self->lists[kind]);
  n = g_list_model_get_n_items (entries);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WrCatalogEntry) candidate = g_list_model_get_item (entries, i);

      if (g_ascii_strcasecmp (wr_catalog_entry_get_id (candidate), id) == 0)
        return candidate;
    }

  return NULL;
}

/**
 * wr_catalog_list:
 * @self: a #WrCatalog
 * @kind: which list
 *
 * Returns: (transfer none): the #WrCatalogEntry items of the list, in the
 *   catalogue's order; never changes
 */
GListModel *
wr_catalog_list (WrCatalog     *self,
                 WrCatalogKind  kind)
{
  g_return_val_if_fail (WR_IS_CATALOG (self), NULL);
  g_return_val_if_fail (kind < WR_CATALOG_N_KINDS, NULL);

  return G_LIST_MODEL (self->lists[kind]);
}

/**
 * wr_catalog_list_statements:
 * @self: a #WrCatalog
 * @key_question: (nullable): a key question id such as "safe", or %NULL for all
 *
 * Returns: (transfer container) (element-type WrCatalogEntry): the quality
 *   statements under @key_question, in the catalogue's order
 */
GPtrArray *
wr_catalog_list_statements (WrCatalog  *self,
                            const char *key_question)
{
  GListModel *list;
  GPtrArray *statements;

  g_return_val_if_fail (WR_IS_CATALOG (self), NULL);

  list = G_LIST_MODEL (self->lists[WR_CATALOG_STATEMENT]);
  statements = g_ptr_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(WrCatalogEntry) entry = g_list_model_get_item (list, i);

      if (key_question == NULL || g_strcmp0 (wr_catalog_entry_get_key_question (entry), key_question) == 0)
        g_ptr_array_add (statements, entry);
    }

  return statements;
}
