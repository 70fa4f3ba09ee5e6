/* test-window-damage.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The window after an unclean close: its lists are not held up by the
 * whole check of the file, which runs in the background, and damage that
 * check finds is shown in the window's banner as damage found at open is.
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "wr-application.h"
#include "wr-test-utils.h"

/* A database of a few pages of services, closed cleanly, whose audit log
 * then has its first page overwritten, as a failing disk might: nothing
 * an open or the window's lists read, so only the whole check finds it.
 */
static void
make_damaged_database (const char *path)
{
  g_autoptr(GError) error = NULL;
  WrStore *store = wr_store_open (path, &error);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 offset;
  char junk[512];
  int fd;

  g_assert_no_error (error);
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *name = g_strdup_printf ("Ward %u, with a name long enough to need pages of its own", i);
      WrServiceFields fields = { .name = name };
      g_autoptr(WrService) service = wr_store_add_service (store, &fields, &error);

      g_assert_no_error (error);
    }
  g_assert_finalize_object (store);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT (rootpage - 1) * (SELECT page_size FROM pragma_page_size)"
                                           " FROM sqlite_schema WHERE name = 'audit_log'", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  offset = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  memset (junk, 0xee, sizeof junk);
  fd = g_open (path, O_WRONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, junk, sizeof junk, offset), ==, sizeof junk);
  close (fd);
}

/* Opens @path in a child that dies without closing it. */
static void
open_and_die (const char *path)
{
  int status;
  pid_t pid = fork ();

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      WrStore *store = wr_store_open_with_flags (path, WR_STORE_OPEN_DEFER_CHECK, NULL);

      _exit (store != NULL ? 0 : 1);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
}

static gboolean
store_error_shown (gpointer data)
{
  return wr_application_get_store_error (data) != NULL;
}

static void
test_background_check_shows_damage (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = g_dir_make_tmp ("walkround-test-XXXXXX", &error);
  g_autofree char *path = g_build_filename (data_dir, "walkround.db", NULL);
  g_autofree char *copy_prefix = g_strconcat (path, ".damaged-", NULL);
  GApplication *app = NULL;
  const GError *shown;
  GtkWindow *window;
  GtkWidget *label;

  g_assert_no_error (error);
  make_damaged_database (path);
  open_and_die (path);

  /* The window gets its store without waiting for the check… */
  window = wr_test_start_app_in (&app, data_dir);
  g_assert_nonnull (wr_application_get_store (WR_APPLICATION (app)));

  /* …which finds the damage, and the banner says what and where the copy is. */
  wr_test_wait_until (store_error_shown, app);
  shown = wr_application_get_store_error (WR_APPLICATION (app));
  g_assert_error ((GError *) shown, WR_STORE_ERROR, WR_STORE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (shown->message, copy_prefix));
  wr_test_iterate ();
  label = wr_test_find_by_text (GTK_WIDGET (window), shown->message);
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_is_drawable (label));
  wr_test_save_png (GTK_WIDGET (window), "window-damage-found.png");

  /* Nothing more is saved. */
  {
    WrServiceFields fields = { .name = "Ward 9" };
    g_autoptr(WrService) service = wr_store_add_service (wr_application_get_store (WR_APPLICATION (app)),
                                                         &fields, &error);

    g_assert_null (service);
    g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_DAMAGED);
  }

  wr_test_stop_app (app, window);
}

int
main (int   argc,
      char *argv[])
{
  wr_test_init_display (&argc, &argv);

  g_test_add_func ("/walkround/window/background-check-shows-damage", test_background_check_shows_damage);

  return g_test_run ();
}
