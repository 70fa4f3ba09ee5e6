/* wr-atomic-file.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every file Walkround writes for a person to keep (packs, reports, forms
 * added to the user's folder) goes through here, so that a crash, a kill
 * or a full disk never leaves half a file where a whole one was.
 *
 * A regular file is written under a temporary name beside its target,
 * synced, renamed over the target and the folder synced. Anything else
 * (a character device such as /dev/null, a FIFO, a socket) is written
 * straight through: renaming over it would replace the device itself,
 * which as root breaks the whole system. Symbolic links are followed
 * first, so a link keeps pointing where it did and its target gets the
 * new content, written beside the target, on the target's disk.
 *
 * The temporary file is locked (flock) while it is written. A kill leaves
 * it behind, hidden; the next write into the same folder removes such
 * files of ours that nobody holds a lock on. On Windows an open file
 * cannot be removed, which protects it as the lock does; but neither can
 * it be renamed, so there it is closed just before its rename, and the
 * rename itself is written through to disk (wr-platform.c).
 */

#define G_LOG_DOMAIN "wr-atomic-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wr-atomic-file.h"
#include "wr-platform.h"

/* Symbolic links are followed at most this many times, like the kernel. */
#define MAX_LINKS 40

/* Leaves room for the dot, the random part and the suffix in a file name
 * of at most 255 bytes.
 */
#define MAX_NAME_IN_TEMP 200

struct _WrAtomicFile
{
  char     *path;       /* as given, for messages */
  char     *target;     /* after following links */
  char     *folder;     /* the target's folder */
  char     *temp_path;  /* NULL when writing straight through */
  int       fd;
  gboolean  synced;
};

static void set_errno_error (GError     **error,
                             int          saved_errno,
                             const char  *format,
                             ...) G_GNUC_PRINTF (3, 4);

/* Callers save errno first: gettext may change it. */
static void
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *format,
                 ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               "%s: %s", what, g_strerror (saved_errno));
}

/* The path that writing to @path really changes: @path with every
 * symbolic link in its last part followed, even one that points at
 * nothing yet (writing creates its target).
 */
static char *
resolve_links (const char  *path,
               GError     **error)
{
  g_autofree char *current = g_strdup (path);

  for (guint i = 0; i < MAX_LINKS; i++)
    {
      g_autofree char *link = NULL;
      g_autofree char *folder = NULL;
      GStatBuf st;

      if (g_lstat (current, &st) != 0 || !S_ISLNK (st.st_mode))
        return g_steal_pointer (&current);

      if (!(link = g_file_read_link (current, NULL)))
        {
          int saved_errno = errno;

          set_errno_error (error, saved_errno, _("Could not follow the link “%s”"), current);
          return NULL;
        }

      if (g_path_is_absolute (link))
        {
          g_free (current);
          current = g_steal_pointer (&link);
        }
      else
        {
          folder = g_path_get_dirname (current);
          g_free (current);
          current = g_build_filename (folder, link, NULL);
        }
    }

  set_errno_error (error, ELOOP, _("Could not follow the link “%s”"), path);
  return NULL;
}

/* Removes @path, which @fd holds locked. Windows removes no open file,
 * and refuses while a writer has it open, which is the lock there.
 */
static gboolean
remove_locked (int        *fd,
               const char *path)
{
  if (!WR_PLATFORM_RENAMES_OPEN_FILES)
    {
      close (*fd);
      *fd = -1;
    }

  return g_unlink (path) == 0;
}

/**
 * wr_atomic_file_clean_folder:
 * @folder: a folder
 *
 * Removes the temporary files of ours (hidden, ending in
 * #WR_ATOMIC_FILE_SUFFIX, owned by this user) that a killed write left in
 * @folder. A file that a running write holds locked is left alone, as is
 * one whose lock cannot be taken at all (a file system without locks).
 *
 * Returns: how many files were removed
 */
guint
wr_atomic_file_clean_folder (const char *folder)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint removed = 0;

  g_return_val_if_fail (folder != NULL, 0);

  if (!(dir = g_dir_open (folder, 0, NULL)))
    return 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;
      int fd;

      if (name[0] != '.' || !g_str_has_suffix (name, WR_ATOMIC_FILE_SUFFIX))
        continue;

      path = g_build_filename (folder, name, NULL);
      if ((fd = g_open (path, O_RDONLY | O_BINARY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0)) < 0)
        continue;

      /* The lock is held until the file is gone, and the name must still
       * be the file that was locked: a writer that lost the race for a
       * fresh file notices and makes another.
       */
      if (wr_platform_fstat (fd, &st) == 0 && S_ISREG (st.st_mode) && wr_platform_is_own_file (&st) &&
          wr_platform_try_lock (fd) == 0 && wr_platform_fd_is_path (fd, path) &&
          remove_locked (&fd, path))
        {
          g_debug ("Removed %s, left by a write that did not finish", path);
          removed++;
        }

      if (fd >= 0)
        close (fd);
    }

  return removed;
}

/* Makes and locks the temporary file; the lock tells a cleaner in another
 * process (or on another descriptor) that this file is being written.
 */
static gboolean
open_temporary (WrAtomicFile  *self,
                GError       **error)
{
  g_autofree char *name = g_path_get_basename (self->target);

  if (strlen (name) > MAX_NAME_IN_TEMP)
    name[MAX_NAME_IN_TEMP] = '\0';

  wr_atomic_file_clean_folder (self->folder);

  for (guint tries = 0; tries < 10; tries++)
    {
      g_autofree char *temp_name = g_strdup_printf (".%s.XXXXXX" WR_ATOMIC_FILE_SUFFIX, name);
      g_autofree char *temp_path = g_build_filename (self->folder, temp_name, NULL);
      int fd;

      /* Readable only by its owner: packs, reports and forms may hold
       * notes about patients and staff.
       */
      if ((fd = g_mkstemp_full (temp_path, O_WRONLY | O_BINARY | O_CLOEXEC, 0600)) < 0)
        {
          int saved_errno = errno;

          set_errno_error (error, saved_errno, _("Could not create a file in the folder “%s”"), self->folder);
          return FALSE;
        }

      if (wr_platform_try_lock (fd) != 0)
        {
          /* A cleaner took it between its creation and the lock, and
           * removes it; anything else means locks do not work here,
           * which leaves the file unprotected but still written safely.
           */
          if (errno == EWOULDBLOCK)
            {
              close (fd);
              continue;
            }
          g_debug ("Could not lock %s: %s", temp_path, g_strerror (errno));
        }

      if (!wr_platform_fd_is_path (fd, temp_path))
        {
          close (fd);
          continue;
        }

      self->fd = fd;
      self->temp_path = g_steal_pointer (&temp_path);
      return TRUE;
    }

  set_errno_error (error, EEXIST, _("Could not create a file in the folder “%s”"), self->folder);
  return FALSE;
}

/* Opens a device or a FIFO to write to it. Opening a FIFO waits for a
 * program to read it; that wait is a poll, so that a cancel ends it.
 */
static gboolean
open_directly (WrAtomicFile  *self,
               gboolean       is_fifo,
               GCancellable  *cancellable,
               GError       **error)
{
  int flags = O_WRONLY | O_BINARY | O_NOCTTY | O_CLOEXEC;

  for (;;)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if ((self->fd = g_open (self->target, flags | (is_fifo ? O_NONBLOCK : 0), 0)) >= 0)
        break;

      if (!is_fifo || errno != ENXIO)
        {
          int saved_errno = errno;

          set_errno_error (error, saved_errno, _("Could not open “%s”"), self->path);
          return FALSE;
        }

      /* No reader yet. */
      g_usleep (G_USEC_PER_SEC / 20);
    }

  /* Writes wait for the reader, as to any FIFO. */
  if (is_fifo && !wr_platform_set_blocking (self->fd))
    {
      int saved_errno = errno;

      set_errno_error (error, saved_errno, _("Could not open “%s”"), self->path);
      return FALSE;
    }

  return TRUE;
}

/**
 * wr_atomic_file_new:
 * @path: the file to write
 * @cancellable: (nullable): to stop waiting for a FIFO's reader
 * @error: return location for a #GError
 *
 * Starts writing @path. A regular file (or a new one) is written under a
 * hidden temporary name beside it, readable only by its owner, and
 * appears at @path whole, only on wr_atomic_file_commit(). A character
 * device, a FIFO or a socket is opened and written directly; a FIFO waits
 * for its reader, until @cancellable is cancelled. Symbolic links are followed, so they stay links.
 *
 * Returns: (transfer full): the file being written, or %NULL with @error
 *   set (in the %G_IO_ERROR domain)
 */
WrAtomicFile *
wr_atomic_file_new (const char    *path,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(WrAtomicFile) self = NULL;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (WrAtomicFile, 1);
  self->fd = -1;
  self->path = g_strdup (path);
  if (!(self->target = resolve_links (path, error)))
    return NULL;
  self->folder = g_path_get_dirname (self->target);

  if (g_stat (self->target, &st) == 0 && S_ISDIR (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("“%s” is a folder, not a file"), path);
      return NULL;
    }

  if (g_stat (self->target, &st) == 0 && !S_ISREG (st.st_mode))
    {
      if (!open_directly (self, S_ISFIFO (st.st_mode), cancellable, error))
        return NULL;
      return g_steal_pointer (&self);
    }

  if (!open_temporary (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * wr_atomic_file_get_fd:
 * @self: a #WrAtomicFile
 *
 * Returns: the descriptor to write to; it stays owned by @self
 */
int
wr_atomic_file_get_fd (WrAtomicFile *self)
{
  g_return_val_if_fail (self != NULL, -1);

  return self->fd;
}

/**
 * wr_atomic_file_get_path:
 * @self: a #WrAtomicFile
 *
 * Returns: (transfer none): the path as given to wr_atomic_file_new()
 */
const char *
wr_atomic_file_get_path (WrAtomicFile *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->path;
}

/**
 * wr_atomic_file_write:
 * @self: a #WrAtomicFile
 * @data: (array length=len): bytes to write
 * @len: how many
 * @error: return location for a #GError
 *
 * Writes all of @data.
 *
 * Returns: %TRUE if every byte was written
 */
gboolean
wr_atomic_file_write (WrAtomicFile  *self,
                      const void    *data,
                      gsize          len,
                      GError       **error)
{
  const char *p = data;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->fd >= 0, FALSE);

  while (len > 0)
    {
      gssize n = write (self->fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          set_errno_error (error, saved_errno, _("Could not write “%s”"), self->path);
          return FALSE;
        }
      p += n;
      len -= (gsize) n;
    }

  return TRUE;
}

/**
 * wr_atomic_file_sync:
 * @self: a #WrAtomicFile
 * @error: return location for a #GError
 *
 * Puts what was written on disk, before the rename; wr_atomic_file_commit()
 * does this itself. Call it first when several files must all be complete
 * before any of them is renamed.
 *
 * Returns: %TRUE once the content is on disk
 */
gboolean
wr_atomic_file_sync (WrAtomicFile  *self,
                     GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->fd >= 0, FALSE);

  /* A device or a FIFO has nothing to sync, and most refuse fsync. */
  if (self->synced || self->temp_path == NULL)
    return TRUE;

  if (wr_platform_fsync (self->fd) != 0)
    {
      int saved_errno = errno;

      set_errno_error (error, saved_errno, _("Could not write “%s”"), self->path);
      return FALSE;
    }
  self->synced = TRUE;

  return TRUE;
}

/* Closes the descriptor once, keeping close's error. */
static gboolean
close_fd (WrAtomicFile  *self,
          GError       **error)
{
  int fd = self->fd;

  self->fd = -1;
  if (fd >= 0 && close (fd) != 0)
    {
      int saved_errno = errno;

      set_errno_error (error, saved_errno, _("Could not write “%s”"), self->path);
      return FALSE;
    }

  return TRUE;
}

/**
 * wr_atomic_file_commit:
 * @self: a #WrAtomicFile
 * @error: return location for a #GError
 *
 * Syncs the file, renames it over its target and syncs the folder, so the
 * new content is in place and on disk; or, for a device or a FIFO,
 * closes it. Free @self afterwards in either case.
 *
 * Returns: %TRUE once the file is in place
 */
gboolean
wr_atomic_file_commit (WrAtomicFile  *self,
                       GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->fd >= 0, FALSE);

  if (!wr_atomic_file_sync (self, error))
    return FALSE;

  /* The lock stays until after the rename: until then a cleaner would
   * see a stale file.
   */
  if (self->temp_path != NULL)
    {
      if (!WR_PLATFORM_RENAMES_OPEN_FILES && !close_fd (self, error))
        return FALSE;

      if (wr_platform_rename (self->temp_path, self->target) != 0)
        {
          int saved_errno = errno;

          set_errno_error (error, saved_errno, _("Could not save “%s”"), self->path);
          return FALSE;
        }
      g_clear_pointer (&self->temp_path, g_free);

      /* The rename is on disk only once the folder is. */
      if (!wr_platform_sync_folder (self->folder))
        g_debug ("Could not sync the folder %s: %s", self->folder, g_strerror (errno));
    }

  return close_fd (self, error);
}

/**
 * wr_atomic_file_free:
 * @self: (transfer full) (nullable): a #WrAtomicFile
 *
 * Closes the file. If it was not committed, the temporary file is
 * removed and the target is as it was (a device or a FIFO may have been
 * written to in part).
 */
void
wr_atomic_file_free (WrAtomicFile *self)
{
  if (self == NULL)
    return;

  /* Removed before the descriptor closes, so still under its lock; but
   * Windows removes no open file.
   */
  if (!WR_PLATFORM_RENAMES_OPEN_FILES && self->fd >= 0)
    {
      close (self->fd);
      self->fd = -1;
    }
  if (self->temp_path != NULL)
    g_unlink (self->temp_path);
  if (self->fd >= 0)
    close (self->fd);

  g_free (self->path);
  g_free (self->target);
  g_free (self->folder);
  g_free (self->temp_path);
  g_free (self);
}

/**
 * wr_atomic_file_set_contents:
 * @path: the file to write
 * @data: (array length=len): its new content
 * @len: the length of @data
 * @error: return location for a #GError
 *
 * Writes @data to @path as wr_atomic_file_new() describes.
 *
 * Returns: %TRUE once @path has the new content
 */
gboolean
wr_atomic_file_set_contents (const char  *path,
                             const void  *data,
                             gsize        len,
                             GError     **error)
{
  g_autoptr(WrAtomicFile) file = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  return (file = wr_atomic_file_new (path, NULL, error)) != NULL &&
         wr_atomic_file_write (file, data, len, error) &&
         wr_atomic_file_commit (file, error);
}
