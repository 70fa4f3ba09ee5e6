/* test-sync-group.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Preferences → Organisation Store: an insecure connection is refused and
 * not saved, a good one is saved for the data folder, and Sync Now runs
 * off the main loop and says why it could not reach the store, with the
 * button back; looked at in a 1000 and a 360 pixel window. (Syncing
 * itself is test-sync's, against a real server.)
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "wr-preferences-window.h"
#include "wr-sync-group.h"
#include "wr-sync.h"
#include "wr-test-utils.h"

static GtkWidget *
entry_row (GtkWidget  *root,
           const char *title)
{
  GtkWidget *label = wr_test_find_by_text (root, title);

  g_assert_nonnull (label);
  return gtk_widget_get_ancestor (label, ADW_TYPE_ENTRY_ROW);
}

static AdwActionRow *
sync_row (GtkWidget *group)
{
  GtkWidget *label = wr_test_find_by_text (group, "Sync");

  g_assert_nonnull (label);
  return ADW_ACTION_ROW (gtk_widget_get_ancestor (label, ADW_TYPE_ACTION_ROW));
}

static gboolean
said_cannot_connect (gpointer data)
{
  const char *said = adw_action_row_get_subtitle (sync_row (data));

  return said != NULL && strstr (said, "Could not connect to the organisation store") != NULL;
}

static gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
test_group (void)
{
  g_autofree char *dir = g_dir_make_tmp ("walkround-sync-group-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "walkround.db", NULL);
  g_autofree char *gone = g_strdup_printf ("postgresql:///walkround?host=%s/nonexistent&user=priya", dir);
  g_autoptr(GError) error = NULL;
  WrStore *store = wr_store_open (path, &error);
  WrPreferencesWindow *window;
  GtkWidget *group;
  GtkWidget *row;
  GtkWidget *sync_now;
  g_autofree char *saved = NULL;

  g_assert_no_error (error);
  window = wr_preferences_window_new (store);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  wr_test_wait_for_paint (GTK_WIDGET (window));

  group = gtk_widget_get_ancestor (wr_test_find_by_text (GTK_WIDGET (window), "Organisation Store"),
                                   WR_TYPE_SYNC_GROUP);
  g_assert_nonnull (group);
  g_assert_cmpstr (adw_action_row_get_subtitle (sync_row (group)), ==, "Not synced yet");
  sync_now = gtk_widget_get_ancestor (wr_test_find_by_text (group, "Sync Now"), GTK_TYPE_BUTTON);
  g_assert_nonnull (sync_now);
  g_assert_true (gtk_widget_get_visible (sync_now));

  /* Over the network, only with the certificate checked. */
  row = entry_row (group, "Connection");
  gtk_editable_set_text (GTK_EDITABLE (row), "postgresql://db.example.org/walkround?sslmode=require");
  g_signal_emit_by_name (row, "apply");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (sync_row (group)), "verify-full"));
  saved = wr_sync_get_saved_server (store, &error);
  g_assert_cmpstr (saved, ==, "");
  g_clear_pointer (&saved, g_free);

  gtk_editable_set_text (GTK_EDITABLE (row), gone);
  g_signal_emit_by_name (row, "apply");
  saved = wr_sync_get_saved_server (store, &error);
  g_assert_cmpstr (saved, ==, gone);

  /* A store that is not there: said, and Sync Now is back. */
  g_assert_true (gtk_widget_activate_action (group, "sync.now", NULL));
  wr_test_wait_until (said_cannot_connect, group);
  g_assert_true (gtk_widget_get_visible (sync_now));
  g_assert_true (gtk_widget_get_sensitive (row));
  wr_test_save_png (GTK_WIDGET (window), "preferences-sync.png");
  wr_test_save_png (group, "preferences-sync-group.png");
  g_assert_null (strchr (adw_action_row_get_subtitle (sync_row (group)), '\n'));

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 700);
  for (guint f = 0; f < 3; f++)
    wr_test_wait_for_paint (GTK_WIDGET (window));
  wr_test_save_png (group, "preferences-sync-360.png");
  g_assert_cmpint (gtk_widget_get_width (group), <=, 360);

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  wr_test_wait_until (is_gone, &window);
  g_assert_finalize_object (store);
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  wr_test_init_display (&argc, &argv);

  g_test_add_func ("/walkround/sync-group/connection-and-sync", test_group);

  return g_test_run ();
}
