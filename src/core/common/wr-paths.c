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
        resolved_data_dir = g_build_filename (g_get_user_data_dir (), PACKAGE_NAME, NULL);
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
  const char *env = g_getenv ("WALKROUND_PKGDATADIR");
  g_autofree char *path = NULL;

  g_return_val_if_fail (relative_path != NULL, NULL);

  if (env != NULL && env[0] != '\0')
    {
      path = g_build_filename (env, relative_path, NULL);
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
      g_clear_pointer (&path, g_free);
    }

  path = g_build_filename (PKGDATADIR, relative_path, NULL);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&path);

  return NULL;
}
