/* wr-platform.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The only file that tests which system it is built for. Linux is the
 * reference: each function does there what the code did before it was
 * ported, and on Windows the nearest thing that gives the same promise.
 */

#define G_LOG_DOMAIN "wr-platform"

#include "config.h"

#include <errno.h>
#include <glib.h>

/* After glib.h, which says which system this is. */
#ifdef G_OS_WIN32
# include <io.h>
# include <windows.h>
#else
# include <glib-unix.h>
# include <signal.h>
# include <sys/file.h>
# include <sys/resource.h>
# include <unistd.h>
# ifdef __linux__
#  include <sys/syscall.h>
# endif
#endif

#include "wr-platform.h"

/* Where SQLite's VFS (unix and Windows alike) locks the "dead man switch"
 * in a -shm file: each connection holds a shared lock on this byte for as
 * long as it is open (see "The DMS" in SQLite's walformat.html).
 */
#define SHM_DMS_OFFSET 128

#ifdef G_OS_WIN32

static int
errno_from_win32 (DWORD code)
{
  switch (code)
    {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
      return ENOENT;
    case ERROR_ACCESS_DENIED:
    case ERROR_SHARING_VIOLATION:
    case ERROR_LOCK_VIOLATION:
      return EACCES;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL:
      return ENOSPC;
    case ERROR_ALREADY_EXISTS:
    case ERROR_FILE_EXISTS:
      return EEXIST;
    case ERROR_NOT_SAME_DEVICE:
      return EXDEV;
    default:
      return EIO;
    }
}

static char *
installation_dir (void)
{
  /* The folder of walkround.exe, or its parent if that folder is "bin". */
  return g_win32_get_package_installation_directory_of_module (NULL);
}

#endif

/**
 * wr_platform_fsync:
 * @fd: an open file
 *
 * Puts what was written to @fd on disk.
 *
 * Returns: 0, or -1 with errno set
 */
int
wr_platform_fsync (int fd)
{
#ifdef G_OS_WIN32
  return _commit (fd);
#else
  return fsync (fd);
#endif
}

/**
 * wr_platform_fstat:
 * @fd: an open file
 * @st: (out): what it is
 *
 * fstat() into a #GStatBuf, as g_stat() and g_lstat() fill: on Windows
 * that is not the struct fstat() takes.
 *
 * Returns: 0, or -1 with errno set
 */
int
wr_platform_fstat (int       fd,
                   GStatBuf *st)
{
#ifdef G_OS_WIN32
  return _fstat64 (fd, st);
#else
  return fstat (fd, st);
#endif
}

/**
 * wr_platform_fd_is_path:
 * @fd: an open file
 * @path: a name, not followed if it is a symbolic link
 *
 * Returns: whether @path names the file open as @fd: the same device and
 *   inode on Linux, the same volume and file index on Windows (where a
 *   stat gives no inode)
 */
gboolean
wr_platform_fd_is_path (int         fd,
                        const char *path)
{
#ifdef G_OS_WIN32
  g_autofree gunichar2 *wpath = g_utf8_to_utf16 (path, -1, NULL, NULL, NULL);
  BY_HANDLE_FILE_INFORMATION a;
  BY_HANDLE_FILE_INFORMATION b;
  HANDLE handle;
  gboolean same;

  if (wpath == NULL || !GetFileInformationByHandle ((HANDLE) _get_osfhandle (fd), &a))
    return FALSE;

  handle = CreateFileW (wpath, 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                        OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
  if (handle == INVALID_HANDLE_VALUE)
    return FALSE;
  same = GetFileInformationByHandle (handle, &b) &&
         a.dwVolumeSerialNumber == b.dwVolumeSerialNumber &&
         a.nFileIndexHigh == b.nFileIndexHigh &&
         a.nFileIndexLow == b.nFileIndexLow;
  CloseHandle (handle);

  return same;
#else
  GStatBuf st;
  GStatBuf now;

  return fstat (fd, &st) == 0 && g_lstat (path, &now) == 0 &&
         st.st_dev == now.st_dev && st.st_ino == now.st_ino;
#endif
}

/**
 * wr_platform_rename:
 * @from: a closed file, or on Linux an open one
 * @to: its new name, replaced if it exists
 *
 * Renames @from over @to, even if @to is read-only. On Windows the
 * rename is on disk when this returns (MOVEFILE_WRITE_THROUGH); on Linux
 * once the folder is synced with wr_platform_sync_folder(). On Windows it
 * fails (EACCES) while another program has @to open, as Excel has a CSV
 * file it shows; Linux replaces it and the other program keeps the old
 * file.
 *
 * Returns: 0, or -1 with errno set
 */
int
wr_platform_rename (const char *from,
                    const char *to)
{
#ifdef G_OS_WIN32
  g_autofree gunichar2 *wfrom = g_utf8_to_utf16 (from, -1, NULL, NULL, NULL);
  g_autofree gunichar2 *wto = g_utf8_to_utf16 (to, -1, NULL, NULL, NULL);

  if (wfrom == NULL || wto == NULL)
    {
      errno = EINVAL;
      return -1;
    }

  if (!MoveFileExW (wfrom, wto, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
    {
      DWORD code = GetLastError ();
      DWORD attributes = GetFileAttributesW (wto);

      /* Linux replaces a read-only file as any other (a rename asks only
       * the folder): so here too, but Windows first wants the file's
       * read-only attribute off. Put back if the rename still fails.
       */
      if (code == ERROR_ACCESS_DENIED && attributes != INVALID_FILE_ATTRIBUTES &&
          (attributes & FILE_ATTRIBUTE_READONLY) && !(attributes & FILE_ATTRIBUTE_DIRECTORY) &&
          SetFileAttributesW (wto, attributes & ~FILE_ATTRIBUTE_READONLY))
        {
          if (MoveFileExW (wfrom, wto, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
            return 0;
          code = GetLastError ();
          SetFileAttributesW (wto, attributes);
        }

      errno = errno_from_win32 (code);
      return -1;
    }

  return 0;
#else
  return g_rename (from, to);
#endif
}

/**
 * wr_platform_sync_folder:
 * @folder: a folder
 *
 * Puts a rename in @folder on disk. Windows has no way to sync a folder,
 * and needs none: wr_platform_rename() wrote the rename through.
 *
 * Returns: %TRUE on success, else %FALSE with errno set
 */
gboolean
wr_platform_sync_folder (const char *folder)
{
#ifdef G_OS_WIN32
  return TRUE;
#else
  int fd = g_open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  gboolean ok;
  int saved_errno;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  saved_errno = errno;
  close (fd);
  errno = saved_errno;
  return ok;
#endif
}

/**
 * wr_platform_try_lock:
 * @fd: an open file
 *
 * Takes an exclusive lock on @fd without waiting (flock). On Windows a file
 * that another process has open cannot be removed, which is the protection
 * the lock gives on Linux, so this does nothing there.
 *
 * Returns: 0, or -1 with errno set (EWOULDBLOCK: someone else holds it)
 */
int
wr_platform_try_lock (int fd)
{
#ifdef G_OS_WIN32
  return 0;
#else
  return flock (fd, LOCK_EX | LOCK_NB);
#endif
}

/**
 * wr_platform_is_own_file:
 * @st: what g_stat() said of a file
 *
 * Returns: whether the file belongs to this user. Windows gives no owner
 *   in a stat: files under the user's own folders are the user's.
 */
gboolean
wr_platform_is_own_file (const GStatBuf *st)
{
#ifdef G_OS_WIN32
  return TRUE;
#else
  return st->st_uid == geteuid ();
#endif
}

/**
 * wr_platform_set_blocking:
 * @fd: a FIFO opened with O_NONBLOCK
 *
 * Makes writes to @fd wait for the reader again. Windows has no FIFOs in
 * its file system, so nothing is opened non-blocking there.
 *
 * Returns: %TRUE on success, else %FALSE with errno set
 */
gboolean
wr_platform_set_blocking (int fd)
{
#ifdef G_OS_WIN32
  return TRUE;
#else
  return fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK) == 0;
#endif
}

/**
 * wr_platform_set_binary:
 * @fd: standard output or another descriptor that was not opened by us
 *
 * Stops Windows turning each "\n" written to @fd into "\r\n", which would
 * change a pack written to standard output. Linux never does.
 */
void
wr_platform_set_binary (int fd)
{
#ifdef G_OS_WIN32
  _setmode (fd, _O_BINARY);
#endif
}

/**
 * wr_platform_has_file_modes:
 *
 * Returns: whether files have POSIX modes that make them private. On
 *   Windows a stat shows no more than read-only, and what keeps the data
 *   folder private is its place under the user's own profile.
 */
gboolean
wr_platform_has_file_modes (void)
{
#ifdef G_OS_WIN32
  return FALSE;
#else
  return TRUE;
#endif
}

/**
 * wr_platform_sqlite_shm_in_use:
 * @shm: the -shm file of a database in WAL mode
 *
 * Whether a connection, in any process, has the database open: each one
 * holds a shared lock on the -shm's dead man switch. On Linux, closing a
 * descriptor drops all of this process's locks on the file, SQLite's
 * included: ask only when this process has no connection to it.
 *
 * Returns: %TRUE if someone holds the lock
 */
gboolean
wr_platform_sqlite_shm_in_use (const char *shm)
{
#ifdef G_OS_WIN32
  g_autofree gunichar2 *wshm = g_utf8_to_utf16 (shm, -1, NULL, NULL, NULL);
  OVERLAPPED where = { 0 };
  HANDLE handle;
  gboolean in_use = FALSE;

  if (wshm == NULL)
    return FALSE;

  handle = CreateFileW (wshm, GENERIC_READ | GENERIC_WRITE,
                        FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                        NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
  if (handle == INVALID_HANDLE_VALUE)
    return FALSE;

  /* Windows locks are mandatory: a lock that cannot be taken is held. */
  where.Offset = SHM_DMS_OFFSET;
  if (LockFileEx (handle, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &where))
    UnlockFileEx (handle, 0, 1, 0, &where);
  else
    in_use = TRUE;

  CloseHandle (handle);
  return in_use;
#else
  struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = SHM_DMS_OFFSET, .l_len = 1 };
  int fd = g_open (shm, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
  gboolean in_use = FALSE;

  if (fd >= 0)
    {
      if (fcntl (fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK)
        in_use = TRUE;
      close (fd);
    }

  return in_use;
#endif
}

/**
 * wr_platform_lower_thread_priority:
 *
 * Lets the calling thread yield the processor to the main loop.
 */
void
wr_platform_lower_thread_priority (void)
{
#if defined(G_OS_WIN32)
  SetThreadPriority (GetCurrentThread (), THREAD_PRIORITY_BELOW_NORMAL);
#elif defined(__linux__)
  setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10);
#endif
}

/**
 * wr_platform_get_default_data_dir:
 *
 * Returns: (transfer full): where the user's data goes unless told
 *   otherwise: `$XDG_DATA_HOME/walkround` on Linux,
 *   `%LOCALAPPDATA%\Walkround` on Windows (both are the user data folder of
 *   GLib, which `$XDG_DATA_HOME` overrides, as the tests do)
 */
char *
wr_platform_get_default_data_dir (void)
{
#ifdef G_OS_WIN32
  return g_build_filename (g_get_user_data_dir (), "Walkround", NULL);
#else
  return g_build_filename (g_get_user_data_dir (), PACKAGE_NAME, NULL);
#endif
}

/**
 * wr_platform_get_pkgdatadir:
 *
 * Returns: (transfer full): the installed data folder: fixed when built on
 *   Linux, `share\walkround` beside walkround.exe on Windows, wherever it
 *   was installed or unzipped
 */
char *
wr_platform_get_pkgdatadir (void)
{
#ifdef G_OS_WIN32
  g_autofree char *base = installation_dir ();

  return g_build_filename (base, "share", PACKAGE_NAME, NULL);
#else
  return g_strdup (PKGDATADIR);
#endif
}

/**
 * wr_platform_get_localedir:
 *
 * Returns: (transfer full): the folder of the translations, found as
 *   wr_platform_get_pkgdatadir() finds the data
 */
char *
wr_platform_get_localedir (void)
{
#ifdef G_OS_WIN32
  g_autofree char *base = installation_dir ();

  return g_build_filename (base, "share", "locale", NULL);
#else
  return g_strdup (LOCALEDIR);
#endif
}

/**
 * wr_platform_get_arguments:
 * @argv: main()'s argv
 *
 * Returns: (transfer full): the command line's arguments in UTF-8, as
 *   every GLib function takes file names: @argv on Linux; on Windows, where
 *   @argv is in the system's code page and loses what that cannot spell,
 *   the arguments as the wide command line gives them
 */
GStrv
wr_platform_get_arguments (char **argv)
{
#ifdef G_OS_WIN32
  return g_win32_get_command_line ();
#else
  return g_strdupv (argv);
#endif
}

/**
 * wr_platform_close_own_console:
 *
 * Before the window opens: walkround.exe is a console program, so that
 * its commands print where they were typed; started from the Start menu,
 * Windows gives it a console of its own, which this closes. A console it
 * shares (a command prompt) is left alone. Nothing to do on Linux.
 */
void
wr_platform_close_own_console (void)
{
#ifdef G_OS_WIN32
  DWORD processes[2];

  if (GetConsoleProcessList (processes, G_N_ELEMENTS (processes)) == 1)
    FreeConsole ();
#endif
}

/* Ctrl+C (and on Linux SIGTERM) cancels the long work of a command. */

#ifdef G_OS_WIN32

struct _WrPlatformInterrupts
{
  GCancellable *cancellable;
};

static GMutex interrupt_lock;
static GCancellable *interrupt_cancellable;

/* Windows calls this in a thread of its own. */
static BOOL WINAPI
console_ctrl_cb (DWORD type)
{
  gboolean handled = FALSE;

  if (type != CTRL_C_EVENT && type != CTRL_BREAK_EVENT && type != CTRL_CLOSE_EVENT)
    return FALSE;

  g_mutex_lock (&interrupt_lock);
  if (interrupt_cancellable != NULL)
    {
      g_cancellable_cancel (interrupt_cancellable);
      handled = TRUE;
    }
  g_mutex_unlock (&interrupt_lock);

  return handled;
}

#else

struct _WrPlatformInterrupts
{
  GSource *sources[2];
};

static gboolean
interrupted_cb (gpointer data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
  return G_SOURCE_CONTINUE;
}

#endif

/**
 * wr_platform_cancel_on_interrupt:
 * @cancellable: what Ctrl+C cancels
 * @context: the main context that the calling thread iterates
 *
 * Cancels @cancellable on Ctrl+C (Ctrl+Break and closing the console too
 * on Windows, SIGTERM on Linux) until the result is freed. One at a time.
 *
 * Returns: (transfer full): free it with wr_platform_interrupts_free()
 */
WrPlatformInterrupts *
wr_platform_cancel_on_interrupt (GCancellable *cancellable,
                                 GMainContext *context)
{
  WrPlatformInterrupts *self = g_new0 (WrPlatformInterrupts, 1);

  g_return_val_if_fail (G_IS_CANCELLABLE (cancellable), NULL);

#ifdef G_OS_WIN32
  self->cancellable = g_object_ref (cancellable);
  g_mutex_lock (&interrupt_lock);
  g_assert (interrupt_cancellable == NULL);
  interrupt_cancellable = self->cancellable;
  g_mutex_unlock (&interrupt_lock);
  SetConsoleCtrlHandler (console_ctrl_cb, TRUE);
#else
  self->sources[0] = g_unix_signal_source_new (SIGINT);
  self->sources[1] = g_unix_signal_source_new (SIGTERM);
  for (guint i = 0; i < G_N_ELEMENTS (self->sources); i++)
    {
      g_source_set_callback (self->sources[i], interrupted_cb, g_object_ref (cancellable), g_object_unref);
      g_source_attach (self->sources[i], context);
    }
#endif

  return self;
}

/**
 * wr_platform_interrupts_free:
 * @self: (transfer full) (nullable): from wr_platform_cancel_on_interrupt()
 *
 * Stops watching for Ctrl+C.
 */
void
wr_platform_interrupts_free (WrPlatformInterrupts *self)
{
  if (self == NULL)
    return;

#ifdef G_OS_WIN32
  SetConsoleCtrlHandler (console_ctrl_cb, FALSE);
  g_mutex_lock (&interrupt_lock);
  interrupt_cancellable = NULL;
  g_mutex_unlock (&interrupt_lock);
  g_clear_object (&self->cancellable);
#else
  for (guint i = 0; i < G_N_ELEMENTS (self->sources); i++)
    {
      g_source_destroy (self->sources[i]);
      g_source_unref (self->sources[i]);
    }
#endif

  g_free (self);
}
