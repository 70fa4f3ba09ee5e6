/* test-pack-collect.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Several packs imported one after another (wr-pack-collect.c): each on
 * its own, a refused one changing nothing, Cancel stopping before the
 * next, and the line that says what was done.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "wr-pack-collect.h"

typedef struct
{
  char          *dir;
  WrStore       *store;
  WrFormLibrary *library;
  WrPackReader  *reader;
  GPtrArray     *results;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("walkround-collect-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "walkround.db", NULL);
  fixture->store = wr_store_open (path, &error);
  g_assert_no_error (error);
  fixture->library = wr_form_library_new_default (NULL);
  fixture->reader = wr_pack_reader_new (fixture->store, fixture->library);
  /* Test packs come from this test's other databases, or from before
   * packs were signed: taken as `import --trust-new-device
   * --allow-unsigned` takes them; a bad signature is still refused. */
  wr_pack_reader_set_trust_new_device (fixture->reader, TRUE);
  wr_pack_reader_set_allow_unsigned (fixture->reader, TRUE);
  fixture->results = g_ptr_array_new_with_free_func ((GDestroyNotify) wr_pack_collected_free);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->results, g_ptr_array_unref);
  g_clear_object (&fixture->reader);
  g_clear_object (&fixture->library);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->dir, g_free);
}

static char *
pack (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "packs", name, NULL);
}

static guint
n_visits (Fixture *fixture)
{
  g_autoptr(WrScope) scope = wr_scope_new ();
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_assert_true (wr_store_count_visits (fixture->store, scope, &n, &error));
  g_assert_no_error (error);
  return n;
}

/* A good pack, a damaged one, the good one again: the damaged one is
 * refused with its reason and the others go in.
 */
static void
test_refused_one (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *example = pack ("example.xml");
  g_autofree char *bad = pack ("bad/changed-answer.xml");
  g_autofree char *summary = NULL;
  const char *paths[] = { example, bad, example, NULL };
  const WrPackCollected *collected;
  WrPackImportCounts total;
  guint n_done = 0;
  guint imported;
  guint refused;

  g_assert_true (wr_pack_collect (fixture->reader, paths, NULL, &n_done, fixture->results, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_done, ==, 3);
  g_assert_cmpuint (fixture->results->len, ==, 3);

  collected = g_ptr_array_index (fixture->results, 0);
  g_assert_null (collected->error);
  g_assert_cmpuint (collected->counts.n_new, ==, 2);
  collected = g_ptr_array_index (fixture->results, 1);
  g_assert_error (collected->error, WR_PACK_ERROR, WR_PACK_ERROR_DIGEST);
  g_assert_cmpstr (collected->path, ==, bad);
  g_assert_cmpuint (collected->counts.n_new + collected->counts.n_unchanged, ==, 0);
  collected = g_ptr_array_index (fixture->results, 2);
  g_assert_null (collected->error);
  g_assert_cmpuint (collected->counts.n_unchanged, ==, 2);

  wr_pack_collect_sum (fixture->results, &total, &imported, &refused);
  g_assert_cmpuint (total.n_new, ==, 2);
  g_assert_cmpuint (total.n_unchanged, ==, 2);
  g_assert_cmpuint (imported, ==, 2);
  g_assert_cmpuint (refused, ==, 1);
  g_assert_cmpuint (n_visits (fixture), ==, 2);

  summary = wr_pack_collect_describe (fixture->results);
  g_assert_cmpstr (summary, ==, "2 packs: 2 new visits, 0 updated, 2 unchanged, 0 conflicts; "
                                "1 form for the packs’ visits only; 1 refused");
}

/* Cancelled before a pack: it and those after it are not read, and what
 * came before stays imported.
 */
static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *example = pack ("example.xml");
  g_autofree char *summary = NULL;
  const char *paths[] = { example, example, NULL };

  g_cancellable_cancel (cancellable);
  g_assert_false (wr_pack_collect (fixture->reader, paths, cancellable, NULL, fixture->results, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (fixture->results->len, ==, 0);
  g_assert_cmpuint (n_visits (fixture), ==, 0);

  summary = wr_pack_collect_describe (fixture->results);
  g_assert_cmpstr (summary, ==, "0 packs: 0 new visits, 0 updated, 0 unchanged, 0 conflicts");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/walkround/pack-collect/refused-one", Fixture, NULL, fixture_set_up, test_refused_one,
              fixture_tear_down);
  g_test_add ("/walkround/pack-collect/cancelled", Fixture, NULL, fixture_set_up, test_cancelled,
              fixture_tear_down);

  return g_test_run ();
}
