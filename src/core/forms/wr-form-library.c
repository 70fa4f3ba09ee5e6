/* wr-form-library.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-form"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "wr-atomic-file.h"
#include "wr-form-library.h"
#include "wr-form-private.h"
#include "wr-paths.h"
#include "wr-xml-private.h"

/* The forms Walkround knows: the built-in ones from its data folder, the
 * user's own from `<data dir>/forms`, and those that came in evidence
 * packs, kept in `<data dir>/pack-forms`. Every version of every form
 * stays loaded, because saved visits name the version they were made
 * with. New visits use, for each id, the version chosen for them
 * (wr_form_library_use_for_new_visits(), kept in
 * `<data dir>/forms-for-new-visits.ini`), else the highest built-in or
 * user version: a pack's form is there for the visits recorded on it and
 * never becomes the default on its own, and a form that only a pack
 * brought is not offered for new visits until it is chosen. A file that
 * cannot be loaded is listed as a problem and left out, never fatal.
 *
 * Use a library from one thread; the forms in it may be read from any.
 */

typedef struct
{
  WrForm       *form;
  WrFormSource  source;
  char         *pack;     /* of a pack's form: the pack it came in, if known */
  char         *device;   /* and the device that wrote that pack */
} Entry;

struct _WrFormLibrary
{
  GObject     parent_instance;

  WrCatalog  *catalog;
  char       *user_folder;
  char       *pack_folder;
  char       *choices_path;
  GHashTable *entries;    /* "id/version" → Entry */
  GHashTable *defaults;   /* id → Entry new visits use, borrowed from entries */
  GHashTable *chosen;     /* id → version chosen for new visits */
  GListStore *forms;      /* the default of each id, sorted */
  GPtrArray  *problems;
};

G_DEFINE_FINAL_TYPE (WrFormLibrary, wr_form_library, G_TYPE_OBJECT)

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_clear_object (&entry->form);
  g_free (entry->pack);
  g_free (entry->device);
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
  g_clear_pointer (&self->pack_folder, g_free);
  g_clear_pointer (&self->choices_path, g_free);
  g_clear_pointer (&self->defaults, g_hash_table_unref);
  g_clear_pointer (&self->chosen, g_hash_table_unref);
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
  self->defaults = g_hash_table_new (g_str_hash, g_str_equal);
  self->chosen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
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
 * Loads the built-in forms (the `forms` folder of Walkround's data), the
 * user's (`<data dir>/forms`, see wr_paths_get_data_dir()) and those that
 * came in packs (`<data dir>/pack-forms`), with the versions chosen for
 * new visits (`<data dir>/forms-for-new-visits.ini`). Never fails: see
 * wr_form_library_get_problems().
 *
 * Returns: (transfer full): the library
 */
WrFormLibrary *
wr_form_library_new_default (WrCatalog *catalog)
{
  g_autoptr(WrFormLibrary) self = wr_form_library_new (catalog);
  g_autofree char *built_in = wr_paths_find_data_file ("forms");
  g_autofree char *user = g_build_filename (wr_paths_get_data_dir (), "forms", NULL);
  g_autofree char *packs = g_build_filename (wr_paths_get_data_dir (), "pack-forms", NULL);
  g_autofree char *choices = g_build_filename (wr_paths_get_data_dir (), "forms-for-new-visits.ini", NULL);

  if (built_in != NULL)
    wr_form_library_add_folder (self, built_in, WR_FORM_SOURCE_BUILT_IN);
  else
    {
      g_autofree char *message = wr_paths_describe_missing_data ("forms");

      g_ptr_array_add (self->problems, g_error_new_literal (WR_FORM_ERROR, WR_FORM_ERROR_INSTALL, message));
    }

  wr_form_library_add_folder (self, user, WR_FORM_SOURCE_USER);
  wr_form_library_add_folder (self, packs, WR_FORM_SOURCE_PACK);
  wr_form_library_set_choices_file (self, choices);

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

/* The highest built-in or user version of @id: what new visits use when
 * no version is chosen for them.
 */
static Entry *
automatic_entry (WrFormLibrary *self,
                 const char    *id)
{
  GHashTableIter iter;
  Entry *best = NULL;
  Entry *entry;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      if (entry->source == WR_FORM_SOURCE_PACK || !g_str_equal (wr_form_get_id (entry->form), id))
        continue;
      if (best == NULL || wr_form_get_version (best->form) < wr_form_get_version (entry->form))
        best = entry;
    }

  return best;
}

static Entry *
lookup_entry (WrFormLibrary *self,
              const char    *id,
              guint          version)
{
  g_autofree char *key = make_key (id, version);

  return g_hash_table_lookup (self->entries, key);
}

static void
update_defaults (WrFormLibrary *self)
{
  GHashTableIter iter;
  Entry *entry;
  const char *id;
  gpointer version;

  g_hash_table_remove_all (self->defaults);
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    if (entry->source != WR_FORM_SOURCE_PACK && !g_hash_table_contains (self->defaults, wr_form_get_id (entry->form)))
      g_hash_table_insert (self->defaults, (gpointer) wr_form_get_id (entry->form),
                           automatic_entry (self, wr_form_get_id (entry->form)));

  /* A chosen version that is not installed (its file was removed) is
   * left out, and the automatic one stands.
   */
  g_hash_table_iter_init (&iter, self->chosen);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, &version))
    {
      if ((entry = lookup_entry (self, id, GPOINTER_TO_UINT (version))))
        g_hash_table_insert (self->defaults, (gpointer) wr_form_get_id (entry->form), entry);
    }
}

static void
update_list (WrFormLibrary *self)
{
  g_autoptr(GPtrArray) forms = g_ptr_array_new ();
  GHashTableIter iter;
  Entry *entry;

  update_defaults (self);
  g_hash_table_iter_init (&iter, self->defaults);
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

  return entry;
}

/* The file beside a pack's form that says where it came from. */
static char *
origin_path (const char *form_path)
{
  g_autofree char *stem = g_str_has_suffix (form_path, ".xml")
                          ? g_strndup (form_path, strlen (form_path) - 4) : g_strdup (form_path);

  return g_strconcat (stem, ".origin", NULL);
}

static void
read_origin (Entry      *entry,
             const char *form_path)
{
  g_autofree char *path = origin_path (form_path);
  g_autoptr(GKeyFile) file = g_key_file_new ();

  /* Without it, the form is from a pack not known. */
  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    return;

  entry->pack = g_key_file_get_string (file, "origin", "pack", NULL);
  entry->device = g_key_file_get_string (file, "origin", "device", NULL);
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
 * @source: whether they are built in, the user's or from packs; a user
 *   folder is also where wr_form_library_import_file() puts forms, a pack
 *   folder where wr_form_library_install_pack_form() does
 *
 * Loads every `*.xml` file in @folder, in name order. A folder that does
 * not exist holds no forms; a file that cannot be loaded is added to the
 * problems. A pack's form is described by a file beside it, named as it
 * with `.origin` for `.xml`: the pack it came in and that pack's device.
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
  if (source == WR_FORM_SOURCE_PACK && folder != self->pack_folder)
    {
      g_free (self->pack_folder);
      self->pack_folder = g_strdup (folder);
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
      Entry *entry;

      if (!(form = wr_form_new_from_file (path, self->catalog, &load_error)) ||
          !(entry = add_form (self, form, source, &load_error)))
        g_ptr_array_add (self->problems, g_steal_pointer (&load_error));
      else if (source == WR_FORM_SOURCE_PACK && entry->form == form && entry->pack == NULL)
        read_origin (entry, path);
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
 *   version of each id that new visits use (see
 *   wr_form_library_lookup_default()), sorted by kind, then title. It
 *   changes when a form is imported or chosen.
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
 * wr_form_library_lookup_default:
 * @self: a #WrFormLibrary
 * @id: a form id
 *
 * The version of @id that new visits use: the one chosen with
 * wr_form_library_use_for_new_visits(), else the highest built-in or user
 * version. A form from a pack is never the default unless it was chosen.
 *
 * Returns: (transfer none) (nullable): that form, or %NULL if no version
 *   of @id is offered for new visits
 */
WrForm *
wr_form_library_lookup_default (WrFormLibrary *self,
                                const char    *id)
{
  Entry *entry;

  g_return_val_if_fail (WR_IS_FORM_LIBRARY (self), NULL);

  entry = id != NULL ? g_hash_table_lookup (self->defaults, id) : NULL;

  return entry != NULL ? entry->form : NULL;
}

/**
 * wr_form_library_is_chosen:
 * @self: a #WrFormLibrary
 * @id: a form id
 *
 * Returns: whether new visits on @id use a version chosen for them, rather
 *   than the highest built-in or user version
 */
gboolean
wr_form_library_is_chosen (WrFormLibrary *self,
                           const char    *id)
{
  gpointer version;

  g_return_val_if_fail (WR_IS_FORM_LIBRARY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return g_hash_table_lookup_extended (self->chosen, id, NULL, &version) &&
         lookup_entry (self, id, GPOINTER_TO_UINT (version)) != NULL;
}

static int
compare_all (gconstpointer a,
             gconstpointer b)
{
  WrForm *form_a = *(WrForm **) a;
  WrForm *form_b = *(WrForm **) b;
  int diff;

  if ((diff = compare_forms (a, b, NULL)) != 0)
    return diff;
  return (int) wr_form_get_version (form_b) - (int) wr_form_get_version (form_a);
}

/**
 * wr_form_library_list_all:
 * @self: a #WrFormLibrary
 *
 * Returns: (transfer container) (element-type WrForm): every version of
 *   every form, sorted by kind, title and id, the highest version first
 */
GPtrArray *
wr_form_library_list_all (WrFormLibrary *self)
{
  GPtrArray *forms;
  GHashTableIter iter;
  Entry *entry;

  g_return_val_if_fail (WR_IS_FORM_LIBRARY (self), NULL);

  forms = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    g_ptr_array_add (forms, entry->form);
  g_ptr_array_sort (forms, compare_all);

  return forms;
}

/**
 * wr_form_library_get_pack_origin:
 * @self: a #WrFormLibrary
 * @form: a form of the library
 * @pack: (out) (optional) (transfer none) (nullable): the pack it came in
 * @device: (out) (optional) (transfer none) (nullable): the device that
 *   wrote that pack
 *
 * Returns: whether @form came in a pack; @pack and @device are %NULL
 *   where that is not known
 */
gboolean
wr_form_library_get_pack_origin (WrFormLibrary  *self,
                                 WrForm         *form,
                                 const char    **pack,
                                 const char    **device)
{
  Entry *entry;

  g_return_val_if_fail (WR_IS_FORM_LIBRARY (self), FALSE);
  g_return_val_if_fail (WR_IS_FORM (form), FALSE);

  entry = lookup_entry (self, wr_form_get_id (form), wr_form_get_version (form));
  if (pack != NULL)
    *pack = entry != NULL ? entry->pack : NULL;
  if (device != NULL)
    *device = entry != NULL ? entry->device : NULL;

  return entry != NULL && entry->source == WR_FORM_SOURCE_PACK;
}

/**
 * wr_form_library_get_source:
 * @self: a #WrFormLibrary
 * @form: a form of the library
 *
 * Returns: whether @form is built in, the user's or from a pack
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

static gboolean
make_folder (const char  *folder,
             GError     **error)
{
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, WR_FORM_ERROR, WR_FORM_ERROR_WRITE,
                   _("Cannot create the forms folder “%s”: %s"), folder, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
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

  if (!make_folder (self->user_folder, error))
    return NULL;

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
 * wr_form_library_install_pack_form:
 * @self: a #WrFormLibrary
 * @bytes: a form file, as a pack carries it
 * @pack: (nullable): the pack it came in
 * @device: (nullable): the device that wrote the pack
 * @added: (out) (optional): set to %TRUE if the form was not installed yet
 * @error: return location for a #GError
 *
 * Installs a form that came in an evidence pack, for the visits recorded
 * on it: its exact bytes go to the folder of packs' forms as
 * `ID-vVERSION.xml`, with where it came from beside it. It never becomes
 * the default for new visits on its own (see
 * wr_form_library_use_for_new_visits()), and never replaces a file: a
 * form with the id and version of an installed one but other content is
 * refused, naming the installed file, and nothing changes.
 *
 * Returns: (transfer full) (nullable): the form installed, or the same one
 *   already installed
 */
WrForm *
wr_form_library_install_pack_form (WrFormLibrary  *self,
                                   GBytes         *bytes,
                                   const char     *pack,
                                   const char     *device,
                                   gboolean       *added,
                                   GError        **error)
{
  g_autoptr(WrForm) form = NULL;
  g_autoptr(GKeyFile) origin = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *target = NULL;
  g_autofree char *origin_file = NULL;
  g_autofree char *origin_text = NULL;
  Entry *existing;
  Entry *entry;
  const char *data;
  gsize len;

  g_return_val_if_fail (WR_IS_FORM_LIBRARY (self), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  if (added != NULL)
    *added = FALSE;

  if (!(form = wr_form_new_from_bytes (bytes, NULL, self->catalog, error)))
    return NULL;

  if ((existing = lookup_entry (self, wr_form_get_id (form), wr_form_get_version (form))))
    {
      if (g_str_equal (wr_form_get_sha256 (existing->form), wr_form_get_sha256 (form)))
        return g_object_ref (existing->form);

      g_set_error (error, WR_FORM_ERROR, WR_FORM_ERROR_EXISTS,
                   _("form “%s” version %u is already installed here (%s) with other content; "
                     "a form’s version must change whenever its text does"),
                   wr_form_get_id (form), wr_form_get_version (form),
                   wr_form_get_path (existing->form) != NULL ? wr_form_get_path (existing->form) : _("another file"));
      return NULL;
    }

  if (self->pack_folder == NULL)
    self->pack_folder = g_build_filename (wr_paths_get_data_dir (), "pack-forms", NULL);
  if (!make_folder (self->pack_folder, error))
    return NULL;

  name = g_strdup_printf ("%s-v%u.xml", wr_form_get_id (form), wr_form_get_version (form));
  target = g_build_filename (self->pack_folder, name, NULL);
  if (g_file_test (target, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, WR_FORM_ERROR, WR_FORM_ERROR_EXISTS,
                   _("The folder of packs’ forms already has a file “%s” that is not this form; "
                     "move it away and import again"),
                   target);
      return NULL;
    }

  /* Where it came from goes first: a form without it is from a pack not known. */
  origin = g_key_file_new ();
  if (pack != NULL)
    g_key_file_set_string (origin, "origin", "pack", pack);
  if (device != NULL)
    g_key_file_set_string (origin, "origin", "device", device);
  origin_text = g_key_file_to_data (origin, &len, NULL);
  origin_file = origin_path (target);
  data = g_bytes_get_data (bytes, NULL);
  if (!wr_atomic_file_set_contents (origin_file, origin_text, len, &local_error) ||
      !wr_atomic_file_set_contents (target, data, g_bytes_get_size (bytes), &local_error))
    {
      g_set_error (error, WR_FORM_ERROR, WR_FORM_ERROR_WRITE,
                   _("Cannot save the pack’s form “%s” version %u: %s"),
                   wr_form_get_id (form), wr_form_get_version (form), local_error->message);
      return NULL;
    }

  g_free (form->path);
  form->path = g_steal_pointer (&target);

  entry = add_form (self, form, WR_FORM_SOURCE_PACK, NULL);
  entry->pack = g_strdup (pack);
  entry->device = g_strdup (device);
  update_list (self);
  if (added != NULL)
    *added = TRUE;

  return g_steal_pointer (&form);
}

/**
 * wr_form_library_get_pack_folder:
 * @self: a #WrFormLibrary
 *
 * Returns: (transfer none) (nullable): the folder packs' forms go to
 */
const char *
wr_form_library_get_pack_folder (WrFormLibrary *self)
{
  g_return_val_if_fail (WR_IS_FORM_LIBRARY (self), NULL);

  return self->pack_folder;
}

static void
load_choices (WrFormLibrary *self)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;

  g_hash_table_remove_all (self->chosen);
  if (!g_key_file_load_from_file (file, self->choices_path, G_KEY_FILE_NONE, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_ptr_array_add (self->problems, g_error_new (WR_FORM_ERROR, WR_FORM_ERROR_READ, "%s:1: %s",
                                                      self->choices_path, error->message));
      return;
    }

  ids = g_key_file_get_groups (file, NULL);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      guint64 version = g_key_file_get_uint64 (file, ids[i], "version", NULL);

      if (version > 0 && version <= G_MAXUINT)
        g_hash_table_insert (self->chosen, g_strdup (ids[i]), GUINT_TO_POINTER ((guint) version));
    }
}

/**
 * wr_form_library_set_choices_file:
 * @self: a #WrFormLibrary
 * @path: (nullable): where the versions chosen for new visits are kept,
 *   or %NULL to keep them in memory only
 *
 * Reads the choices kept in @path, if it exists, and keeps later ones
 * there.
 */
void
wr_form_library_set_choices_file (WrFormLibrary *self,
                                  const char    *path)
{
  g_return_if_fail (WR_IS_FORM_LIBRARY (self));

  g_free (self->choices_path);
  self->choices_path = g_strdup (path);
  if (path != NULL)
    load_choices (self);
  update_list (self);
}

static gboolean
save_choices (WrFormLibrary  *self,
              GError        **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *text = NULL;
  GHashTableIter iter;
  const char *id;
  gpointer version;
  gsize len;

  if (self->choices_path == NULL)
    return TRUE;

  g_key_file_set_comment (file, NULL, NULL,
                          " The version of each form that new visits use, chosen in Walkround\n"
                          " (\"Use This Version for New Visits\") or with \"walkround forms use\".",
                          NULL);
  g_hash_table_iter_init (&iter, self->chosen);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, &version))
    g_key_file_set_uint64 (file, id, "version", GPOINTER_TO_UINT (version));
  text = g_key_file_to_data (file, &len, NULL);

  folder = g_path_get_dirname (self->choices_path);
  if (!make_folder (folder, error))
    return FALSE;
  if (!wr_atomic_file_set_contents (self->choices_path, text, len, &local_error))
    {
      g_set_error (error, WR_FORM_ERROR, WR_FORM_ERROR_WRITE,
                   _("Cannot keep the choice of form for new visits: %s"), local_error->message);
      return FALSE;
    }

  return TRUE;
}

/**
 * wr_form_library_use_for_new_visits:
 * @self: a #WrFormLibrary
 * @form: a form of the library, of any version and source
 * @error: return location for a #GError
 *
 * Makes @form the version of its id that new visits use, whether it is
 * built in, the user's or from a pack: the explicit act that a pack's
 * form needs. Visits already recorded keep their version. Choosing the
 * version that would be used anyway (the highest built-in or user one)
 * removes the choice, so choosing the one used before undoes it. The
 * choice is kept in the choices file (wr_form_library_set_choices_file());
 * if it cannot be written, nothing changes.
 *
 * Returns: %TRUE if new visits now use @form
 */
gboolean
wr_form_library_use_for_new_visits (WrFormLibrary  *self,
                                    WrForm         *form,
                                    GError        **error)
{
  const char *id;
  Entry *entry;
  gpointer before;
  gboolean had;

  g_return_val_if_fail (WR_IS_FORM_LIBRARY (self), FALSE);
  g_return_val_if_fail (WR_IS_FORM (form), FALSE);

  id = wr_form_get_id (form);
  entry = lookup_entry (self, id, wr_form_get_version (form));
  if (entry == NULL || entry->form != form)
    {
      g_set_error (error, WR_FORM_ERROR, WR_FORM_ERROR_INSTALL,
                   _("Form “%s” version %u is not installed"), id, wr_form_get_version (form));
      return FALSE;
    }

  had = g_hash_table_lookup_extended (self->chosen, id, NULL, &before);
  if (automatic_entry (self, id) == entry)
    g_hash_table_remove (self->chosen, id);
  else
    g_hash_table_insert (self->chosen, g_strdup (id), GUINT_TO_POINTER (wr_form_get_version (form)));

  if (!save_choices (self, error))
    {
      if (had)
        g_hash_table_insert (self->chosen, g_strdup (id), before);
      else
        g_hash_table_remove (self->chosen, id);
      return FALSE;
    }

  update_list (self);
  return TRUE;
}

/**
 * wr_form_source_get_label:
 * @source: a #WrFormSource
 *
 * Returns: (transfer none): "built-in", "user" or "pack", in the user's
 *   language
 */
const char *
wr_form_source_get_label (WrFormSource source)
{
  switch (source)
    {
    case WR_FORM_SOURCE_BUILT_IN:
      return _("built-in");
    case WR_FORM_SOURCE_PACK:
      /* Translators: a form that came in an evidence pack */
      return _("pack");
    case WR_FORM_SOURCE_USER:
    default:
      return _("user");
    }
}
