/* bench-merge.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The merge benchmark, run by build-aux/bench on an optimised build:
 *
 *   bench-merge DEMO_FOLDER SCRATCH_FOLDER
 *
 * Ten devices each take 1 000 visits of a demo database, overlapping by
 * half (device i has visits 500 i to 500 i + 999 of the first 5 500), and
 * each changes every one of its visits (a draft's answer comment, a
 * completed visit's review), so that each visit two devices hold was
 * changed on both. Their ten packs are then imported, in order, into one
 * empty database: 5 500 visits new, 4 500 merged row by row. That is
 * judged against importing each pack into an empty database of its own,
 * the same 10 000 visits all new: merging may cost at most 1.5 times as
 * much. Each is the best of two runs, in this process, warm.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "wr-autocleanups.h"
#include "wr-form-library.h"
#include "wr-pack-reader.h"
#include "wr-pack-writer.h"
#include "wr-store-private.h"
#include "wr-store.h"
#include "wr-support.h"

#define N_DEVICES   10
#define PER_DEVICE  1000
#define STEP        500
#define TARGET      1.5

static WrStore *
open_store (const char *folder)
{
  g_autofree char *path = g_build_filename (folder, "walkround.db", NULL);
  g_autoptr(GError) error = NULL;
  WrStore *store;

  g_mkdir_with_parents (folder, 0700);
  if (!(store = wr_store_open (path, &error)))
    g_error ("%s", error->message);
  return store;
}

static void
remove_tree (const char *folder)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", folder);

  if (system (command) != 0)
    g_error ("could not remove %s", folder);
}

static void
import_pack (WrStore       *store,
             WrFormLibrary *library,
             const char    *pack,
             WrPackImportCounts *counts)
{
  g_autoptr(WrPackReader) reader = wr_pack_reader_new (store, library);
  /* Test packs come from this test's other databases, or from before
   * packs were signed: taken as `import --trust-new-device
   * --allow-unsigned` takes them; a bad signature is still refused. */
  wr_pack_reader_set_trust_new_device (reader, TRUE);
  wr_pack_reader_set_allow_unsigned (reader, TRUE);
  g_autoptr(GError) error = NULL;
  WrPackImportCounts local = { 0, };

  if (!wr_pack_reader_import_file (reader, pack, NULL, counts != NULL ? counts : &local, &error))
    g_error ("%s: %s", pack, error->message);
}

static void
export_pack (WrStore       *store,
             WrFormLibrary *library,
             const WrScope *scope,
             const char    *pack)
{
  g_autoptr(WrPackWriter) writer = wr_pack_writer_new (store, library);
  g_autoptr(GError) error = NULL;

  if (scope != NULL)
    wr_pack_writer_set_filter (writer, scope);
  if (!wr_pack_writer_write_file (writer, pack, NULL, &error))
    g_error ("%s: %s", pack, error->message);
}

/* The first 5 500 visits of the demo database, oldest first. */
static GPtrArray *
list_visits (WrStore *store,
             guint    n)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *uuids = g_ptr_array_new_with_free_func (g_free);

  if (sqlite3_prepare_v2 (_wr_store_get_db (store), "SELECT uuid FROM visits WHERE deleted IS NULL ORDER BY id LIMIT ?",
                          -1, &stmt, NULL) != SQLITE_OK)
    g_error ("could not list the visits");
  sqlite3_bind_int (stmt, 1, (int) n);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (uuids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (uuids->len < n)
    g_error ("the demo database has %u visits, not %u", uuids->len, n);
  return uuids;
}

/* One change to each visit a device holds, in one transaction. */
static void
change_every_visit (WrStore   *store,
                    GPtrArray *uuids,
                    guint      device)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("Seen again by device %u", device);

  if (!wr_store_begin_batch (store, &error))
    g_error ("%s", error->message);
  for (guint i = 0; i < uuids->len; i++)
    {
      const char *uuid = g_ptr_array_index (uuids, i);
      g_autoptr(WrVisit) visit = wr_store_get_visit (store, uuid, &error);

      if (visit == NULL)
        g_error ("%s", error->message);
      if (wr_visit_get_status (visit) == WR_VISIT_DRAFT)
        {
          g_autoptr(GPtrArray) answers = wr_store_list_answers (store, uuid, &error);
          WrAnswer *answer;
          WrAnswerKey key;

          if (answers == NULL || answers->len == 0)
            continue;
          answer = g_ptr_array_index (answers, device % answers->len);
          key.question_id = answer->question_id;
          key.member_uuid = answer->member_uuid;
          key.repeat_uuid = answer->repeat_uuid;
          if (!wr_store_set_answer_comment (store, uuid, &key, text, &error))
            g_error ("%s", error->message);
        }
      else
        {
          g_autofree char *review = wr_store_review_visit (store, uuid, WR_REVIEW_APPROVED, text, &error);

          if (review == NULL)
            g_error ("%s", error->message);
        }
    }
  if (!wr_store_commit_batch (store, &error))
    g_error ("%s", error->message);
}

static double
fresh_imports (WrFormLibrary *library,
               const char    *scratch,
               char         **packs)
{
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < N_DEVICES; i++)
    {
      g_autofree char *folder = g_strdup_printf ("%s/fresh-%u", scratch, i);
      g_autoptr(WrStore) store = NULL;

      remove_tree (folder);
      store = open_store (folder);
      import_pack (store, library, packs[i], NULL);
    }

  return (g_get_monotonic_time () - start) / 1e6;
}

static double
merged_imports (WrFormLibrary      *library,
                const char         *scratch,
                char              **packs,
                WrPackImportCounts *total)
{
  g_autofree char *folder = g_strdup_printf ("%s/merged", scratch);
  g_autoptr(WrStore) store = NULL;
  gint64 start;

  remove_tree (folder);
  store = open_store (folder);
  memset (total, 0, sizeof *total);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_DEVICES; i++)
    {
      WrPackImportCounts counts = { 0, };

      import_pack (store, library, packs[i], &counts);
      total->n_new += counts.n_new;
      total->n_updated += counts.n_updated;
      total->n_conflicts += counts.n_conflicts;
      total->n_rows_added += counts.n_rows_added;
    }

  return (g_get_monotonic_time () - start) / 1e6;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(WrFormLibrary) library = NULL;
  g_autoptr(WrStore) demo = NULL;
  g_autoptr(GPtrArray) uuids = NULL;
  g_autofree char *base = NULL;
  char *packs[N_DEVICES + 1] = { NULL, };
  WrPackImportCounts total;
  double fresh = G_MAXDOUBLE;
  double merged = G_MAXDOUBLE;
  double ratio;

  if (argc != 3)
    {
      fprintf (stderr, "usage: bench-merge DEMO_FOLDER SCRATCH_FOLDER\n");
      return 2;
    }

  library = wr_form_library_new_default (NULL);
  demo = open_store (argv[1]);
  uuids = list_visits (demo, STEP * (N_DEVICES - 1) + PER_DEVICE);

  /* Each device's own copy, changed, and its pack. */
  for (guint i = 0; i < N_DEVICES; i++)
    {
      g_autoptr(WrScope) scope = wr_scope_new ();
      g_autoptr(GPtrArray) mine = g_ptr_array_new ();
      g_autofree char *slice = g_strdup_printf ("%s/slice-%u.xml", argv[2], i);
      g_autofree char *folder = g_strdup_printf ("%s/device-%u", argv[2], i);
      g_autoptr(WrStore) device = NULL;
      g_autoptr(GError) error = NULL;

      for (guint j = i * STEP; j < i * STEP + PER_DEVICE; j++)
        {
          if (!wr_scope_add_visit (scope, g_ptr_array_index (uuids, j), &error))
            g_error ("%s", error->message);
          g_ptr_array_add (mine, g_ptr_array_index (uuids, j));
        }
      g_mkdir_with_parents (argv[2], 0700);
      export_pack (demo, library, scope, slice);

      remove_tree (folder);
      device = open_store (folder);
      import_pack (device, library, slice, NULL);
      change_every_visit (device, mine, i);
      packs[i] = g_strdup_printf ("%s/device-%u.xml", argv[2], i);
      export_pack (device, library, NULL, packs[i]);
    }

  for (guint run = 0; run < 2; run++)
    {
      fresh = MIN (fresh, fresh_imports (library, argv[2], packs));
      merged = MIN (merged, merged_imports (library, argv[2], packs, &total));
    }

  if (total.n_new != STEP * (N_DEVICES - 1) + PER_DEVICE || total.n_updated != (N_DEVICES - 1) * (PER_DEVICE - STEP) ||
      total.n_conflicts != 0)
    {
      fprintf (stderr, "merge: unexpected counts: %u new, %u updated, %u conflicts\n", total.n_new, total.n_updated,
               total.n_conflicts);
      return 1;
    }

  ratio = merged / fresh;
  printf ("merge: %u packs of %u visits overlapping by half into one database (%u new, %u merged, %u rows added): "
          "%.2f s = %.2f x the same packs each into an empty one (%.2f s) (target <= %.1f x)  %s\n",
          N_DEVICES, PER_DEVICE, total.n_new, total.n_updated, total.n_rows_added, merged, ratio, fresh, TARGET,
          ratio <= TARGET ? "PASS" : "FAIL");

  for (guint i = 0; i < N_DEVICES; i++)
    g_free (packs[i]);

  return ratio <= TARGET ? 0 : 1;
}
