/* wr-platform.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What differs between Linux and Windows, in one place: the rest of the
 * code calls these and never tests the platform itself.
 */

#pragma once

#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

G_BEGIN_DECLS

/* Open flags that only POSIX has mean nothing on Windows; O_BINARY (no
 * line-end translation) means nothing on POSIX. Every g_open() that reads
 * or writes bytes gives O_BINARY.
 */
#ifndef O_BINARY
# define O_BINARY 0
#endif
#ifndef O_CLOEXEC
# define O_CLOEXEC O_NOINHERIT
#endif
#ifndef O_NOFOLLOW
# define O_NOFOLLOW 0
#endif
#ifndef O_NONBLOCK
# define O_NONBLOCK 0
#endif
#ifndef O_NOCTTY
# define O_NOCTTY 0
#endif
#ifndef O_DIRECTORY
# define O_DIRECTORY 0
#endif
#ifndef S_ISLNK
# define S_ISLNK(m) 0
#endif
#ifndef S_ISFIFO
# define S_ISFIFO(m) 0
#endif

/* The fopen() mode letter that keeps a file from child processes. */
#ifdef G_OS_WIN32
# define WR_PLATFORM_FOPEN_CLOEXEC "N"
#else
# define WR_PLATFORM_FOPEN_CLOEXEC "e"
#endif

/* Whether a file can be renamed or removed while it is open. Windows
 * refuses: there a file is closed first.
 */
#ifdef G_OS_WIN32
# define WR_PLATFORM_RENAMES_OPEN_FILES FALSE
#else
# define WR_PLATFORM_RENAMES_OPEN_FILES TRUE
#endif

int        wr_platform_fsync                    (int                fd);
int        wr_platform_fstat                    (int                fd,
                                                 GStatBuf          *st);
gboolean   wr_platform_fd_is_path               (int                fd,
                                                 const char        *path);
int        wr_platform_rename                   (const char        *from,
                                                 const char        *to);
gboolean   wr_platform_sync_folder              (const char        *folder);
int        wr_platform_try_lock                 (int                fd);
gboolean   wr_platform_is_own_file              (const GStatBuf    *st);
gboolean   wr_platform_set_blocking             (int                fd);
void       wr_platform_set_binary               (int                fd);
gboolean   wr_platform_has_file_modes           (void);
gboolean   wr_platform_sqlite_shm_in_use        (const char        *shm);
void       wr_platform_lower_thread_priority    (void);
char      *wr_platform_get_default_data_dir     (void) G_GNUC_WARN_UNUSED_RESULT;
char      *wr_platform_get_pkgdatadir           (void) G_GNUC_WARN_UNUSED_RESULT;
char      *wr_platform_get_localedir            (void) G_GNUC_WARN_UNUSED_RESULT;
GStrv      wr_platform_get_arguments            (char             **argv) G_GNUC_WARN_UNUSED_RESULT;
void       wr_platform_close_own_console        (void);

typedef struct _WrPlatformInterrupts WrPlatformInterrupts;

WrPlatformInterrupts *wr_platform_cancel_on_interrupt (GCancellable         *cancellable,
                                                       GMainContext         *context);
void                  wr_platform_interrupts_free     (WrPlatformInterrupts *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrPlatformInterrupts, wr_platform_interrupts_free)

G_END_DECLS
