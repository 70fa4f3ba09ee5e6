/* wr-form-library.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-form"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "wr-atomic-file.h"
#include "wr-form-library.h"
#include "wr-form-private.h"
#include "wr-paths.h"
#include "wr-xml-private.h"

/* The forms Walkround knows: the built-in ones from its data folder and
 * the user's own from `<data dir>/forms`. Every version of every form
 * stays loaded, because saved visits name the version they were made
 * with; a higher version of the same id supersedes the older one for new
 * visits. A file that cannot be loaded is listed as a problem and left
 * out, never fatal.
 *
 * Use a library from one thread; the forms in it may be read from any.
 */

typedef struct
{
  WrForm       *form;
  WrFormSource  source;
} Entry;

struct _WrFormLibrary
{
  GObject     parent_instance;

  WrCatalog  *catalog;
  char       *user_folder;
  GHashTable *entries;    /* "id/version" → Entry */
  GHashTable *newest;     /* id → Entry, borrowed from entries */
  GListStore *forms;      /* the newest of each id, sorted */
  GPtrArray  *problems;
};

G_DEFINE_FINAL_TYPE (WrFormLibrary, wr_form_library, G_TYPE_OBJECT)

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_clear_object (&entry->form);
  g_free (entry);
}

static char *
make_key (const char *id,
          guint       version)
{
  return g_strdup_printf ("%s/%u", id, version);
}

static void
wr_form_library_finalize (GObject *object)
{
  WrFormLibrary *self = (WrFormLibrary *)object;

  g_clear_object (&self->catalog);
  g_clear_pointer (&self->user_folder, g_free);
  g_clear_pointer (&self->newest, g_hash_table_unref);
  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_object (&self->forms);
  g_clear_pointer (&self->problems, g_ptr_array_unref);

  G_OBJECT_CLASS (wr_form_library_parent_class)->finalize (object);
}

static void
wr_form_library_class_init (WrFormLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wr_form_library_finalize;
}

static void
wr_form_library_init (WrFormLibrary *self)
{
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free);
  self->newest = g_hash_table_new (g_str_hash, g_str_equal);
  self->forms = g_list_store_new (WR_TYPE_FORM);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
}

/**
 * wr_form_library_new:
 * @catalog: (nullable): the catalogue forms are checked against, or %NULL
 *   for the installed one
 *
 * Returns: (transfer full): an empty library; add folders to it
 */
WrFormLibrary *
wr_form_library_new (WrCatalog *catalog)
{
  WrFormLibrary *self;

  g_return_val_if_fail (catalog == NULL || WR_IS_CATALOG (catalog), NULL);

  self = g_object_new (WR_TYPE_FORM_LIBRARY, NULL);
  if (catalog != NULL)
    self->catalog = g_object_ref (catalog);

  return self;
}

/**
 * wr_form_library_new_default:
 * @catalog: (nullable): the catalogue, or %NULL for the installed one
 *
 * Loads the built-in forms (the `forms` folder of Walkround's data) and
 * then the user's (`<data dir>/forms`, see wr_paths_get_data_dir()). Never
 * fails: see wr_form_library_get_problems().
 *
 * Returns: (transfer full): the library
 */
WrFormLibrary *
wr_form_library_new_default (WrCatalog *catalog)
{
  g_autoptr(WrFormLibrary) self = wr_form_library_new (catalog);
  g_autofree char *built_in = wr_paths_find_data_file ("forms");
  g_autofree char *user = g_build_filename (wr_paths_get_data_dir (), "forms", NULL);

  if (built_in != NULL)
    wr_form_library_add_folder (self, built_in, WR_FORM_SOURCE_BUILT_IN);
  else
    {
      g_autofree char *message = wr_paths_describe_missing_data ("forms");

      g_ptr_array_add (self->problems, g_error_new_literal (WR_FORM_ERROR, WR_FORM_ERROR_INSTALL, message));
    }

  wr_form_library_add_folder (self, user, WR_FORM_SOURCE_USER);

  return g_steal_pointer (&self);
}

static int
compare_forms (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  WrForm *form_a = *(WrForm **) a;
  WrForm *form_b = *(WrForm **) b;
  int diff;

  if ((diff = (int) wr_form_get_kind (form_a) - (int) wr_form_get_kind (form_b)) != 0)
    return diff;
  if ((diff = g_utf8_collate (wr_form_get_title (form_a), wr_form_get_title (form_b))) != 0)
    return diff;
  return g_strcmp0 (wr_form_get_id (form_a), wr_form_get_id (form_b));
}

static void
update_list (WrFormLibrary *self)
{
  g_autoptr(GPtrArray) forms = g_ptr_array_new ();
  GHashTableIter iter;
  Entry *entry;

  g_hash_table_iter_init (&iter, self->newest);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    g_ptr_array_add (forms, entry->form);

  g_ptr_array_sort_with_data (forms, compare_forms, NULL);

  g_list_store_splice (self->forms, 0, g_list_model_get_n_items (G_LIST_MODEL (self->forms)),
                       forms->pdata, forms->len);
}

/* Returns the entry of @form, or %NULL if another form already has its id
 * and version with other content.
 */
static Entry *
add_form (WrFormLibrary  *self,
          WrForm         *form,
          WrFormSource    source,
          GError        **error)
{
  g_autofree char *key = make_key (wr_form_get_id (form), wr_form_get_version (form));
  Entry *existing;
  Entry *newest;
  Entry *entry;

  if ((existing = g_hash_table_lookup (self->entries, key)))
    {
      if (g_str_equal (wr_form_get_sha256 (existing->form), wr_form_get_sha256 (form)))
        return existing;

      g_set_error (error, WR_FORM_ERROR, WR_FORM_ERROR_EXISTS,
                   _("%s:1: form '%s' version %u is already installed (from %s) with different content: raise the version number in this file"),
                   wr_form_get_path (form) != NULL ? wr_form_get_path (form) : wr_form_get_id (form),
                   wr_form_get_id (form), wr_form_get_version (form),
                   wr_form_get_path (existing->form) != NULL ? wr_form_get_path (existing->form) : _("another file"));
      return NULL;
    }

  entry = g_new0 (Entry, 1);
  entry->form = g_object_ref (form);
  entry->source = source;
  g_hash_table_insert (self->entries, g_steal_pointer (&key), entry);

  newest = g_hash_table_lookup (self->newest, wr_form_get_id (form));
  if (newest == NULL || wr_form_get_version (newest->form) < wr_form_get_version (form))
    g_hash_table_insert (self->newest, (gpointer) wr_form_get_id (form), entry);

  return entry;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/**
 * wr_form_library_add_folder:
 * @self: a #WrFormLibrary
 * @folder: a folder of form files
 * @source: whether they are built in or the user's; a user folder is also
 *   where wr_form_library_import_file() puts forms
 *
 * Loads every `*.xml` file in @folder, in name order. A folder that does
 * not exist holds no forms; a file that cannot be loaded is added to the
 * problems.
 */
void
wr_form_library_add_folder (WrFormLibrary *self,
                            const char    *folder,
                            WrFormSource   source)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_return_if_fail (WR_IS_FORM_LIBRARY (self));
  g_return_if_fail (folder != NULL);

  /* @folder may be the library's own, from
   * wr_form_library_get_user_folder(): copied before the old is freed.
   */
  if (source == WR_FORM_SOURCE_USER && folder != self->user_folder)
    {
      g_free (self->user_folder);
      self->user_folder = g_strdup (folder);
    }

  if (!g_file_test (folder, G_FILE_TEST_EXISTS))
    return;

  if (!(dir = g_dir_open (folder, 0, &error)))
    {
      g_ptr_array_add (self->problems,
                       g_error_new (WR_FORM_ERROR, WR_FORM_ERROR_READ, "%s:1: %s", folder, error->message));
      return;
    }

  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)))
    {
      /* Hidden files include half-written imports. */
      if (name[0] != '.' && g_str_has_suffix (name, ".xml"))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (folder, g_ptr_array_index (names, i), NULL);
      g_autoptr(WrForm) form = NULL;
      g_autoptr(GError) load_error = NULL;

      if (!(form = wr_form_new_from_file (path, self->catalog, &load_error)) ||
          !add_form (self, form, source, &load_error))
        g_ptr_array_add (self->problems, g_steal_pointer (&load_error));
    }

  update_list (self);
}

/**
 * wr_form_library_get_user_folder:
 * @self: a #WrFormLibrary
 *
 * Returns: (transfer none) (nullable): the folder imported forms go to
 */
const char *
wr_form_library_get_user_folder (WrFormLibrary *self)
{
  g_return_val_if_fail (WR_IS_FORM_LIBRARY (self), NULL);

  return self->user_folder;
}

/**
 * wr_form_library_get_forms:
 * @self: a #WrFormLibrary
 *
 * Returns: (transfer none): the #WrForm to offer for new visits: the
 *   highest version of each id, sorted by kind, then title. It changes when
 *   a form is imported.
 */
GListModel *
wr_form_library_get_forms (WrFormLibrary *self)
{
  g_return_val_if_fail (WR_IS_FORM_LIBRARY (self), NULL);

  return G_LIST_MODEL (self->forms);
}

static int
compare_versions_descending (gconstpointer a,
                             gconstpointer b)
{
  WrForm *form_a = *(WrForm **) a;
  WrForm *form_b = *(WrForm **) b;

  return (int) wr_form_get_version (form_b) - (int) wr_form_get_version (form_a);
}

/**
 * wr_form_library_list_versions:
 * @self: a #WrFormLibrary
 * @id: a form id
 *
 * Returns: (transfer container) (element-type WrForm): every loaded version
 *   of @id, the highest first
 */
GPtrArray *
wr_form_library_list_versions (WrFormLibrary *self,
                               const char    *id)
{
  GPtrArray *versions;
  GHashTableIter iter;
  Entry *entry;

  g_return_val_if_fail (WR_IS_FORM_LIBRARY (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  versions = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      if (g_str_equal (wr_form_get_id (entry->form), id))
        g_ptr_array_add (versions, entry->form);
    }
  g_ptr_array_sort (versions, compare_versions_descending);

  return versions;
}

/**
 * wr_form_library_lookup:
 * @self: a #WrFormLibrary
 * @id: a form id
 * @version: a version of it
 *
 * Finds the exact form a saved visit was made with.
 *
 * Returns: (transfer none) (nullable): the form, or %NULL if that version
 *   is not installed
 */
WrForm *
wr_form_library_lookup (WrFormLibrary *self,
                        const char    *id,
                        guint          version)
{
  g_autofree char *key = NULL;
  Entry *entry;

  g_return_val_if_fail (WR_IS_FORM_LIBRARY (self), NULL);

  if (id == NULL)
    return NULL;

  key = make_key (id, version);
  entry = g_hash_table_lookup (self->entries, key);

  return entry != NULL ? entry->form : NULL;
}

/**
 * wr_form_library_lookup_newest:
 * @self: a #WrFormLibrary
 * @id: a form id
 *
 * Returns: (transfer none) (nullable): the highest version of @id
 */
WrForm *
wr_form_library_lookup_newest (WrFormLibrary *self,
                               const char    *id)
{
  Entry *entry;

  g_return_val_if_fail (WR_IS_FORM_LIBRARY (self), NULL);

  entry = id != NULL ? g_hash_table_lookup (self->newest, id) : NULL;

  return entry != NULL ? entry->form : NULL;
}

/**
 * wr_form_library_get_source:
 * @self: a #WrFormLibrary
 * @form: a form of the library
 *
 * Returns: whether @form is built in or the user's
 */
WrFormSource
wr_form_library_get_source (WrFormLibrary *self,
                            WrForm        *form)
{
  g_autofree char *key = NULL;
  Entry *entry;

  g_return_val_if_fail (WR_IS_FORM_LIBRARY (self), WR_FORM_SOURCE_USER);
  g_return_val_if_fail (WR_IS_FORM (form), WR_FORM_SOURCE_USER);

  key = make_key (wr_form_get_id (form), wr_form_get_version (form));
  entry = g_hash_table_lookup (self->entries, key);

  return entry != NULL ? entry->source : WR_FORM_SOURCE_USER;
}

/**
 * wr_form_library_get_problems:
 * @self: a #WrFormLibrary
 *
 * Returns: (transfer none) (element-type GError): why files were left out,
 *   each message starting `FILE:LINE: `
 */
GPtrArray *
wr_form_library_get_problems (WrFormLibrary *self)
{
  g_return_val_if_fail (WR_IS_FORM_LIBRARY (self), NULL);

  return self->problems;
}

/**
 * wr_form_library_import_file:
 * @self: a #WrFormLibrary
 * @path: a form file chosen by the user
 * @error: return location for a #GError
 *
 * Checks the form as the loader does and copies its exact bytes into the
 * user's forms folder as `ID-vVERSION.xml`, by writing a temporary file
 * and renaming it, so that the folder never holds half a form. An invalid
 * form, or one with the id and version of an installed form but other
 * content, is refused with the loader's message and nothing changes.
 * Importing the same form again changes nothing, and sets @added to %FALSE.
 *
 * Returns: (transfer full) (nullable): the imported form
 */
WrForm *
wr_form_library_import_file (WrFormLibrary  *self,
                             const char     *path,
                             gboolean       *added,
                             GError        **error)
{
  g_autoptr(WrXmlProblem) problem = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(WrForm) form = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *name = NULL;
  g_autofree char *target = NULL;
  Entry *existing;
  const char *data;
  gsize len;

  g_return_val_if_fail (WR_IS_FORM_LIBRARY (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (added != NULL)
    *added = FALSE;

  if (!(bytes = _wr_xml_read_file (path, WR_XML_MAX_FILE_SIZE, &problem)))
    {
      g_set_error (error, WR_FORM_ERROR,
                   problem->kind == WR_XML_PROBLEM_LIMIT ? WR_FORM_ERROR_LIMIT : WR_FORM_ERROR_READ,
                   "%s:%d: %s", path, problem->line, problem->message);
      return NULL;
    }

  /* The bytes checked are the bytes written: the file is read once. */
  if (!(form = wr_form_new_from_bytes (bytes, path, self->catalog, error)))
    return NULL;

  key = make_key (wr_form_get_id (form), wr_form_get_version (form));
  if ((existing = g_hash_table_lookup (self->entries, key)))
    {
      if (g_str_equal (wr_form_get_sha256 (existing->form), wr_form_get_sha256 (form)))
        return g_object_ref (existing->form);

      g_set_error (error, WR_FORM_ERROR, WR_FORM_ERROR_EXISTS,
                   _("%s:1: form '%s' version %u is already installed with different content: raise the version number in this file and import it again"),
                   path, wr_form_get_id (form), wr_form_get_version (form));
      return NULL;
    }

  if (self->user_folder == NULL)
    self->user_folder = g_build_filename (wr_paths_get_data_dir (), "forms", NULL);

  if (g_mkdir_with_parents (self->user_folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, WR_FORM_ERROR, WR_FORM_ERROR_WRITE,
                   _("Cannot create your forms folder “%s”: %s"),
                   self->user_folder, g_strerror (saved_errno));
      return NULL;
    }

  name = g_strdup_printf ("%s-v%u.xml", wr_form_get_id (form), wr_form_get_version (form));
  target = g_build_filename (self->user_folder, name, NULL);
  if (g_file_test (target, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, WR_FORM_ERROR, WR_FORM_ERROR_EXISTS,
                   _("Your forms folder already has a file “%s” that is not this form; move it away and import again"),
                   target);
      return NULL;
    }

  data = g_bytes_get_data (bytes, &len);
  if (!wr_atomic_file_set_contents (target, data, len, &local_error))
    {
      g_set_error (error, WR_FORM_ERROR, WR_FORM_ERROR_WRITE,
                   _("Cannot save the form in your forms folder: %s"), local_error->message);
      return NULL;
    }

  g_free (form->path);
  form->path = g_steal_pointer (&target);

  add_form (self, form, WR_FORM_SOURCE_USER, NULL);
  update_list (self);
  if (added != NULL)
    *added = TRUE;

  return g_steal_pointer (&form);
}

/**
 * wr_form_source_get_label:
 * @source: a #WrFormSource
 *
 * Returns: (transfer none): "built-in" or "user", in the user's language
 */
const char *
wr_form_source_get_label (WrFormSource source)
{
  return source == WR_FORM_SOURCE_BUILT_IN ? _("built-in") : _("user");
}
