/* wr-paths.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-paths"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "wr-paths.h"
#include "wr-platform.h"

static char *explicit_data_dir;
static char *resolved_data_dir;

/**
 * wr_paths_set_data_dir:
 * @data_dir: (nullable): the folder for the database and the user's forms
 *
 * Chooses where Walkround keeps its data, overriding `WALKROUND_DATA_DIR`
 * and the XDG default. Call it before anything opens the store.
 */
void
wr_paths_set_data_dir (const char *data_dir)
{
  g_clear_pointer (&explicit_data_dir, g_free);
  g_clear_pointer (&resolved_data_dir, g_free);

  if (data_dir != NULL && data_dir[0] != '\0')
    explicit_data_dir = g_canonicalize_filename (data_dir, NULL);
}

/**
 * wr_paths_get_data_dir:
 *
 * Returns: (transfer none): the data folder: the one given with
 *   wr_paths_set_data_dir(), else `$WALKROUND_DATA_DIR`, else
 *   `$XDG_DATA_HOME/walkround`.
 */
const char *
wr_paths_get_data_dir (void)
{
  const char *env;

  if (explicit_data_dir != NULL)
    return explicit_data_dir;

  if (resolved_data_dir == NULL)
    {
      env = g_getenv ("WALKROUND_DATA_DIR");
      if (env != NULL && env[0] != '\0')
        resolved_data_dir = g_canonicalize_filename (env, NULL);
      else
        resolved_data_dir = wr_platform_get_default_data_dir ();
    }

  return resolved_data_dir;
}

/**
 * wr_paths_data_dir_is_default:
 *
 * Returns: %TRUE unless an option or the environment chose the data folder.
 */
gboolean
wr_paths_data_dir_is_default (void)
{
  const char *env = g_getenv ("WALKROUND_DATA_DIR");

  return explicit_data_dir == NULL && (env == NULL || env[0] == '\0');
}

/**
 * wr_paths_ensure_data_dir:
 * @error: return location for a #GError
 *
 * Creates the data folder if it is missing, readable by its owner only,
 * since it holds notes about patients and staff.
 *
 * Returns: %TRUE if the folder exists and is a folder
 */
gboolean
wr_paths_ensure_data_dir (GError **error)
{
  const char *dir = wr_paths_get_data_dir ();
  int saved_errno;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the data folder “%s”: %s"),
                   dir, g_strerror (saved_errno));
      return FALSE;
    }

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY,
                   _("The data folder “%s” is not a folder"), dir);
      return FALSE;
    }

  return TRUE;
}

/**
 * wr_paths_get_data_search_path:
 *
 * Returns: (transfer full): the folders wr_paths_find_data_file() looks
 *   in, in order: `$WALKROUND_PKGDATADIR` if it is set, then the installed
 *   data folder
 */
GStrv
wr_paths_get_data_search_path (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *installed = wr_platform_get_pkgdatadir ();
  const char *env = g_getenv ("WALKROUND_PKGDATADIR");

  if (env != NULL && env[0] != '\0')
    g_strv_builder_add (builder, env);
  g_strv_builder_add (builder, installed);

  return g_strv_builder_end (builder);
}

/**
 * wr_paths_find_data_file:
 * @relative_path: a path below Walkround's installed data, such as "help/index.html"
 *
 * Looks in `$WALKROUND_PKGDATADIR` (set for uninstalled runs and tests), then
 * in the installed data folder.
 *
 * Returns: (transfer full) (nullable): the path of an existing file, or %NULL
 */
char *
wr_paths_find_data_file (const char *relative_path)
{
  g_auto(GStrv) folders = wr_paths_get_data_search_path ();

  g_return_val_if_fail (relative_path != NULL, NULL);

  for (guint i = 0; folders[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (folders[i], relative_path, NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
    }

  return NULL;
}

/**
 * wr_paths_describe_missing_data:
 * @relative_path: what wr_paths_find_data_file() did not find, such as "forms"
 *
 * Says, for a person to act on, what is missing and every place Walkround
 * looked: that the data folder itself was not found (the usual cause: an
 * uninstalled build run without `WALKROUND_PKGDATADIR`), or that it was
 * but lacks @relative_path (a damaged installation).
 *
 * Returns: (transfer full): the message, without a final full stop
 */
char *
wr_paths_describe_missing_data (const char *relative_path)
{
  g_auto(GStrv) folders = wr_paths_get_data_search_path ();
  g_autoptr(GString) places = g_string_new (NULL);
  const char *env = g_getenv ("WALKROUND_PKGDATADIR");
  gboolean any_folder = FALSE;

  g_return_val_if_fail (relative_path != NULL, NULL);

  for (guint i = 0; folders[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (places, folders[i + 1] != NULL ? _(", ") : _(" and "));
      g_string_append_printf (places, _("“%s”"), folders[i]);
      if (i == 0 && env != NULL && env[0] != '\0')
        g_string_append (places, _(" (from WALKROUND_PKGDATADIR)"));
      any_folder |= g_file_test (folders[i], G_FILE_TEST_IS_DIR);
    }

  if (any_folder)
    return g_strdup_printf (_("Walkround’s data folder has no “%s”: it looked in %s. Reinstall Walkround"),
                            relative_path, places->str);

  return g_strdup_printf (_("Walkround’s data folder was not found: it looked for “%s” in %s. "
                            "Reinstall Walkround, or set WALKROUND_PKGDATADIR to the folder with its data"),
                          relative_path, places->str);
}
