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
#include <string.h>

#include "wr-demo.h"
#include "wr-device-key.h"
#include "wr-pack-collect.h"
#include "wr-pack-writer.h"
#include "wr-team-key.h"

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

/* Another database with visits, and its public key file. */
static WrStore *
other_store (Fixture     *fixture,
             const char  *name,
             guint        n,
             char       **key_file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_strdup_printf ("%s/%s.db", fixture->dir, name);
  g_autoptr(WrStore) other = wr_store_open (db, &error);
  g_autoptr(WrDeviceKey) key = NULL;
  WrDemoOptions options = { n, 11, NULL };

  g_assert_no_error (error);
  if (n > 0)
    g_assert_true (wr_demo_fill (other, fixture->library, &options, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  key = wr_device_key_get (other, &error);
  g_assert_no_error (error);
  *key_file = g_strdup_printf ("%s/%s.key", fixture->dir, name);
  g_assert_true (wr_device_key_export (key, *key_file, &error));
  return g_steal_pointer (&other);
}

static void
write_sealed (WrStore    *from,
              Fixture    *fixture,
              const char *key_file,
              const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) recipients = g_ptr_array_new_with_free_func ((GDestroyNotify) wr_seal_recipient_free);
  g_autoptr(WrPackWriter) writer = wr_pack_writer_new (from, fixture->library);

  g_ptr_array_add (recipients, wr_seal_recipient_read (key_file, &error));
  g_assert_no_error (error);
  wr_pack_writer_set_seal_for (writer, recipients);
  g_assert_true (wr_pack_writer_write_file (writer, path, NULL, &error));
  g_assert_no_error (error);
}

/* Collect from the Team with sealed packs: one for this database's own
 * key and one for a team key installed here go in, each saying which key
 * opened it; one for another database is refused, naming its key, and the
 * others still go in. A laptop trusted by its fingerprint beforehand is
 * taken without asking.
 */
static void
test_sealed (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *laptop_key = NULL;
  g_autofree char *stranger_key = NULL;
  g_autofree char *own_key = g_build_filename (fixture->dir, "own.key", NULL);
  g_autofree char *team = g_build_filename (fixture->dir, "team.key", NULL);
  g_autofree char *for_us = g_build_filename (fixture->dir, "for-us.sealed", NULL);
  g_autofree char *for_team = g_build_filename (fixture->dir, "for-team.sealed", NULL);
  g_autofree char *for_stranger = g_build_filename (fixture->dir, "for-stranger.sealed", NULL);
  g_autofree char *team_fingerprint = NULL;
  g_autoptr(WrStore) laptop = other_store (fixture, "laptop", 5, &laptop_key);
  g_autoptr(WrStore) stranger = other_store (fixture, "stranger", 0, &stranger_key);
  g_autoptr(WrDeviceKey) own = NULL;
  g_autoptr(WrSealIdentity) installed = NULL;
  g_autoptr(WrDevice) awaited = NULL;
  g_autoptr(WrDevice) signer = wr_device_read_public_key (laptop_key, &error);
  g_autoptr(WrPackReader) reader = wr_pack_reader_new (fixture->store, fixture->library);
  const char *paths[] = { for_us, for_stranger, for_team, NULL };
  const WrPackCollected *collected;

  own = wr_device_key_get (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_true (wr_device_key_export (own, own_key, &error));
  g_assert_true (wr_team_key_create (team, "Quality team", "a long team passphrase", &team_fingerprint, &error));
  g_assert_no_error (error);
  installed = wr_team_key_install (fixture->store, team, "a long team passphrase", NULL, &error);
  g_assert_no_error (error);
  write_sealed (laptop, fixture, own_key, for_us);
  write_sealed (laptop, fixture, team, for_team);
  write_sealed (laptop, fixture, stranger_key, for_stranger);

  /* The laptop is trusted by the fingerprint its owner read out. */
  awaited = wr_store_trust_fingerprint (fixture->store, signer->fingerprint, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (awaited->public_key, ==, "");

  g_assert_true (wr_pack_collect (reader, paths, NULL, NULL, fixture->results, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->results->len, ==, 3);
  collected = g_ptr_array_index (fixture->results, 0);
  g_assert_no_error (collected->error);
  g_assert_cmpuint (collected->counts.n_new, ==, 5);
  g_assert_cmpstr (collected->opened_by, ==, wr_device_key_get_fingerprint (own));
  g_assert_true (collected->signer_expected);
  g_assert_cmpstr (collected->signer_fingerprint, ==, signer->fingerprint);
  collected = g_ptr_array_index (fixture->results, 1);
  g_assert_error (collected->error, WR_PACK_ERROR, WR_PACK_ERROR_SEALED_FOR_OTHERS);
  {
    g_autoptr(WrDevice) other = wr_device_read_public_key (stranger_key, NULL);

    g_assert_nonnull (strstr (collected->error->message, other->fingerprint));
  }
  collected = g_ptr_array_index (fixture->results, 2);
  g_assert_no_error (collected->error);
  g_assert_cmpuint (collected->counts.n_unchanged, ==, 5);
  g_assert_cmpstr (collected->opened_by, ==, team_fingerprint);
  /* Its key is recorded now: trusted as any other. */
  g_assert_false (collected->signer_expected);
  g_assert_cmpint (collected->signer_trust, ==, WR_DEVICE_TRUST_TRUSTED);
  g_assert_cmpuint (n_visits (fixture), ==, 5);
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
  g_test_add ("/walkround/pack-collect/sealed", Fixture, NULL, fixture_set_up, test_sealed, fixture_tear_down);

  return g_test_run ();
}
