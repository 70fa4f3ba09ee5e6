/* test-store-open.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Opening the database: what is checked and when, what happens to a
 * damaged file, and who may read the files. Each test has its own data
 * home (G_TEST_OPTION_ISOLATE_DIRS).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "wr-store-private.h"

static char *
make_data_dir (void)
{
  char *dir = g_build_filename (g_get_user_data_dir (), "walkround", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return dir;
}

/* Something that is not a database at all, as a disk error might leave. */
static char *
write_junk (const char *path,
            gsize       length)
{
  char *junk = g_malloc (length);

  for (gsize i = 0; i < length; i++)
    junk[i] = (char) (i * 7919 % 251);
  g_assert_true (g_file_set_contents (path, junk, length, NULL));
  return junk;
}

/* The names in @dir that start with @prefix, sorted. */
static GPtrArray *
list_with_prefix (const char *dir,
                  const char *prefix)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      if (g_str_has_prefix (name, prefix))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  return names;
}

static void
test_damaged_copied_once (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autofree char *path = g_build_filename (dir, "walkround.db", NULL);
  g_autofree char *junk = write_junk (path, 64 * 1024);
  g_autoptr(GPtrArray) copies = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  struct stat st;

  /* Five tries to open the same damaged file keep one copy, and each
   * message says where it is.
   */
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WrStore) store = wr_store_open (path, &error);

      g_assert_null (store);
      g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_DAMAGED);
      g_clear_pointer (&copies, g_ptr_array_unref);
      copies = list_with_prefix (dir, "walkround.db.damaged-");
      g_assert_cmpuint (copies->len, ==, 1);
      g_free (copy);
      copy = g_build_filename (dir, g_ptr_array_index (copies, 0), NULL);
      g_assert_nonnull (strstr (error->message, copy));
    }

  /* The copy is the file, byte for byte, and as private. */
  g_assert_true (g_file_get_contents (copy, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, junk, 64 * 1024);
  g_assert_cmpint (g_stat (copy, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Damage that changed is another file, and is kept too. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(WrStore) store = NULL;
    g_autofree char *more = write_junk (path, 96 * 1024);

    store = wr_store_open (path, &error);
    g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_DAMAGED);
    g_clear_pointer (&copies, g_ptr_array_unref);
    copies = list_with_prefix (dir, "walkround.db.damaged-");
    g_assert_cmpuint (copies->len, ==, 2);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/walkround/store-open/damaged-copied-once", test_damaged_copied_once);

  return g_test_run ();
}
