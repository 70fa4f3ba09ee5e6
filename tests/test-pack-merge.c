/* test-pack-merge.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Merging packs row by row, between real databases: devices A and B start
 * from one pack and change the same draft visit apart; a third imports
 * both packs, in either order, and keeps both changes; the same row
 * changed on both is a conflict, shown alike everywhere, until someone
 * resolves it; and every device that has seen the same packs holds the
 * same visit, digest for digest.
 */

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "wr-autocleanups.h"
#include "wr-core-test-utils.h"
#include "wr-demo.h"
#include "wr-form-library.h"
#include "wr-observation.h"
#include "wr-pack-reader-private.h"
#include "wr-pack-reader.h"
#include "wr-pack-writer.h"
#include "wr-scope.h"
#include "wr-store-private.h"
#include "wr-store.h"
#include "wr-visit.h"

typedef struct
{
  char          *folder;
  WrFormLibrary *library;
  WrStore       *a;
  WrStore       *b;
  char          *visit;     /* a draft visit both have */
  char          *q1;        /* two of its questions */
  char          *q2;
} Fixture;

static WrStore *
open_device (Fixture    *fixture,
             const char *name)
{
  g_autofree char *dir = g_build_filename (fixture->folder, name, NULL);
  g_autofree char *path = g_build_filename (dir, "walkround.db", NULL);
  g_autoptr(GError) error = NULL;
  WrStore *store;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  store = wr_store_open (path, &error);
  g_assert_no_error (error);
  return store;
}

static char *
export (Fixture    *fixture,
        WrStore    *store,
        const char *name)
{
  g_autoptr(WrPackWriter) writer = wr_pack_writer_new (store, fixture->library);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->folder, name, NULL);

  g_assert_true (wr_pack_writer_write_file (writer, path, NULL, &error));
  g_assert_no_error (error);
  return path;
}

static WrPackImportCounts
import (Fixture    *fixture,
        WrStore    *store,
        const char *path)
{
  g_autoptr(WrPackReader) reader = wr_pack_reader_new (store, fixture->library);
  /* Test packs come from this test's other databases, or from before
   * packs were signed: taken as `import --trust-new-device
   * --allow-unsigned` takes them; a bad signature is still refused. */
  wr_pack_reader_set_trust_new_device (reader, TRUE);
  wr_pack_reader_set_allow_unsigned (reader, TRUE);
  g_autoptr(GError) error = NULL;
  WrPackImportCounts counts = { 0, };

  g_assert_true (wr_pack_reader_import_file (reader, path, NULL, &counts, &error));
  g_assert_no_error (error);
  return counts;
}

static char *
digest_of (WrStore    *store,
           const char *uuid)
{
  g_autoptr(GError) error = NULL;
  gint64 id;
  guint revision;
  char *digest;

  g_assert_true (_wr_store_import_find_visit (store, uuid, &id, &revision, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, !=, 0);
  digest = _wr_pack_stored_digest (store, id, &error);
  g_assert_no_error (error);
  return digest;
}

/* The row id of the visit's answer to @question (outside teams and
 * repeats).
 */
static gint64
answer_id (WrStore    *store,
           const char *visit,
           const char *question)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store),
                                       "SELECT a.id FROM answers a JOIN visits v ON v.id = a.visit_id"
                                       " WHERE v.uuid = ? AND a.question_id = ? AND a.member_uuid = '' AND a.repeat_uuid = ''",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, visit, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, question, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  WrDemoOptions options = { 30, 3, "2026-11-27" };
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  g_autofree char *start = NULL;
  WrPackImportCounts counts;

  fixture->folder = g_build_filename (g_get_user_data_dir (), "merge", NULL);
  fixture->library = wr_form_library_new_default (NULL);
  fixture->a = open_device (fixture, "a");
  fixture->b = open_device (fixture, "b");

  g_assert_true (wr_demo_fill (fixture->a, fixture->library, &options, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  /* A draft visit with two answers outside repeats and teams. */
  g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (fixture->a),
                                       "SELECT v.uuid, a1.question_id, a2.question_id FROM visits v"
                                       " JOIN answers a1 ON a1.visit_id = v.id AND a1.member_uuid = '' AND a1.repeat_uuid = ''"
                                       " JOIN answers a2 ON a2.visit_id = v.id AND a2.member_uuid = '' AND a2.repeat_uuid = ''"
                                       "   AND a2.question_id > a1.question_id"
                                       " WHERE v.status = 'draft' ORDER BY v.id, a1.question_id, a2.question_id LIMIT 1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  fixture->visit = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  fixture->q1 = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  fixture->q2 = g_strdup ((const char *) sqlite3_column_text (stmt, 2));

  /* Both start from the same pack. */
  start = export (fixture, fixture->a, "start.xml");
  counts = import (fixture, fixture->b, start);
  g_assert_cmpuint (counts.n_new, >, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->a);
  g_clear_object (&fixture->b);
  g_clear_object (&fixture->library);
  g_free (fixture->visit);
  g_free (fixture->q1);
  g_free (fixture->q2);
  g_free (fixture->folder);
}

/* The scenario: A changes one answer, B another; a third device
 * that imports A's pack and then B's (or B's and then A's) keeps both,
 * with no conflict, and every device ends with the same visit.
 */
static void
test_different_rows (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(WrStore) c = open_device (fixture, "c");
  g_autoptr(WrStore) d = open_device (fixture, "d");
  g_autofree char *from_a = NULL;
  g_autofree char *from_b = NULL;
  g_autofree char *a_comment = NULL;
  g_autofree char *b_comment = NULL;
  WrStore *devices[4];
  g_autofree char *digest = NULL;
  WrPackImportCounts counts;
  gint64 q1_id;
  gint64 q2_id;

  wr_test_set_answer_comment (fixture->a, fixture->visit, fixture->q1, "Changed on A");
  wr_test_set_answer_comment (fixture->b, fixture->visit, fixture->q2, "Changed on B");
  from_a = export (fixture, fixture->a, "a.xml");
  from_b = export (fixture, fixture->b, "b.xml");

  /* C: A's, then B's. Only the row B changed is written again: the
   * others keep their row ids.
   */
  counts = import (fixture, c, from_a);
  g_assert_cmpuint (counts.n_new, >, 0);
  q1_id = answer_id (c, fixture->visit, fixture->q1);
  q2_id = answer_id (c, fixture->visit, fixture->q2);
  counts = import (fixture, c, from_b);
  g_assert_cmpint (answer_id (c, fixture->visit, fixture->q1), ==, q1_id);
  g_assert_cmpint (answer_id (c, fixture->visit, fixture->q2), !=, q2_id);
  g_assert_cmpuint (counts.n_new, ==, 0);
  g_assert_cmpuint (counts.n_updated, ==, 1);
  g_assert_cmpuint (counts.n_conflicts, ==, 0);
  g_assert_cmpuint (counts.n_rows_updated, ==, 1);
  g_assert_cmpuint (counts.n_row_conflicts, ==, 0);

  /* D: B's, then A's. */
  import (fixture, d, from_b);
  counts = import (fixture, d, from_a);
  g_assert_cmpuint (counts.n_updated, ==, 1);
  g_assert_cmpuint (counts.n_conflicts, ==, 0);

  /* A and B take each other's. */
  import (fixture, fixture->a, from_b);
  import (fixture, fixture->b, from_a);

  devices[0] = fixture->a;
  devices[1] = fixture->b;
  devices[2] = c;
  devices[3] = d;
  for (guint i = 0; i < G_N_ELEMENTS (devices); i++)
    {
      g_autofree char *theirs = digest_of (devices[i], fixture->visit);

      g_free (a_comment);
      g_free (b_comment);
      a_comment = wr_test_answer_comment (devices[i], fixture->visit, fixture->q1);
      b_comment = wr_test_answer_comment (devices[i], fixture->visit, fixture->q2);
      g_assert_cmpstr (a_comment, ==, "Changed on A");
      g_assert_cmpstr (b_comment, ==, "Changed on B");
      if (digest == NULL)
        digest = g_steal_pointer (&theirs);
      else
        g_assert_cmpstr (theirs, ==, digest);
    }

  /* A pack of one visit (its <scope> names it) imports as that visit,
   * and the reference script reads it the same.
   */
  {
    g_autoptr(WrScope) scope = wr_scope_new ();
    g_autoptr(WrPackWriter) writer = wr_pack_writer_new (c, fixture->library);
    g_autoptr(WrStore) e = open_device (fixture, "e");
    g_autofree char *one = g_build_filename (fixture->folder, "one.xml", NULL);
    g_autofree char *theirs = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_true (wr_scope_add_visit (scope, fixture->visit, &error));
    wr_pack_writer_set_filter (writer, scope);
    g_assert_true (wr_pack_writer_write_file (writer, one, NULL, &error));
    g_assert_no_error (error);
    wr_test_assert_reference_digests (one);
    counts = import (fixture, e, one);
    g_assert_cmpuint (counts.n_new, ==, 1);
    theirs = digest_of (e, fixture->visit);
    g_assert_cmpstr (theirs, ==, digest);
  }

  /* Importing a pack again changes nothing. */
  counts = import (fixture, c, from_a);
  g_assert_cmpuint (counts.n_updated, ==, 0);
  g_assert_cmpuint (counts.n_conflicts, ==, 0);
  counts = import (fixture, d, from_b);
  g_assert_cmpuint (counts.n_updated, ==, 0);
}

static GPtrArray *
row_conflicts (WrStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *conflicts = wr_pack_list_row_conflicts (store, NULL, &error);

  g_assert_no_error (error);
  return conflicts;
}

/* The same answer changed on A and on B is a conflict: both versions are
 * kept, the same one shown on every device whatever the order; resolving
 * it on one device is a change that replaces both everywhere.
 */
static void
test_same_row (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(WrStore) c = open_device (fixture, "c");
  g_autoptr(WrStore) d = open_device (fixture, "d");
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *from_a = NULL;
  g_autofree char *from_b = NULL;
  g_autofree char *resolved = NULL;
  g_autofree char *shown_c = NULL;
  g_autofree char *shown_d = NULL;
  g_autofree char *digest_c = NULL;
  g_autofree char *digest_d = NULL;
  g_autofree char *kept = NULL;
  const WrPackRowConflict *conflict;
  const WrPackRowVersion *other;
  WrPackImportCounts counts;

  wr_test_set_answer_comment (fixture->a, fixture->visit, fixture->q1, "A says so");
  wr_test_set_answer_comment (fixture->b, fixture->visit, fixture->q1, "B says otherwise");
  from_a = export (fixture, fixture->a, "a.xml");
  from_b = export (fixture, fixture->b, "b.xml");

  import (fixture, c, from_a);
  counts = import (fixture, c, from_b);
  g_assert_cmpuint (counts.n_conflicts, ==, 1);
  g_assert_cmpuint (counts.n_row_conflicts, ==, 1);
  import (fixture, d, from_b);
  counts = import (fixture, d, from_a);
  g_assert_cmpuint (counts.n_row_conflicts, ==, 1);

  /* The same version is shown on both, and the same exported. */
  shown_c = wr_test_answer_comment (c, fixture->visit, fixture->q1);
  shown_d = wr_test_answer_comment (d, fixture->visit, fixture->q1);
  g_assert_cmpstr (shown_c, ==, shown_d);
  digest_c = digest_of (c, fixture->visit);
  digest_d = digest_of (d, fixture->visit);
  g_assert_cmpstr (digest_c, ==, digest_d);

  conflicts = row_conflicts (c);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = g_ptr_array_index (conflicts, 0);
  g_assert_cmpstr (conflict->visit_uuid, ==, fixture->visit);
  g_assert_true (g_str_has_prefix (conflict->key, "answer "));
  g_assert_cmpuint (conflict->versions->len, ==, 2);
  other = g_ptr_array_index (conflict->versions, 1);
  g_assert_nonnull (strstr (other->content, g_str_equal (shown_c, "A says so") ? "B says otherwise" : "A says so"));
  kept = wr_pack_row_version_describe (other);
  g_assert_nonnull (strstr (kept, "says"));

  /* C's pack carries the conflict: a device that never had the visit
   * takes both versions, and holds what C holds.
   */
  {
    g_autoptr(WrStore) e = open_device (fixture, "e");
    g_autofree char *from_c = export (fixture, c, "c.xml");
    g_autofree char *digest_e = NULL;
    g_autoptr(GPtrArray) e_conflicts = NULL;
    g_autofree char *text = NULL;

    g_assert_true (g_file_get_contents (from_c, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, "<versions>"));
    wr_test_assert_reference_digests (from_c);
    counts = import (fixture, e, from_c);
    g_assert_cmpuint (counts.n_new, >, 0);
    e_conflicts = row_conflicts (e);
    g_assert_cmpuint (e_conflicts->len, ==, 1);
    g_assert_cmpuint (((WrPackRowConflict *) g_ptr_array_index (e_conflicts, 0))->versions->len, ==, 2);
    digest_e = digest_of (e, fixture->visit);
    g_assert_cmpstr (digest_e, ==, digest_c);
  }

  /* C chooses the other one: a change of its own. */
  g_assert_true (wr_pack_resolve_row_conflict (c, conflict->id, 1, &error));
  g_assert_no_error (error);
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  conflicts = row_conflicts (c);
  g_assert_cmpuint (conflicts->len, ==, 0);
  g_free (shown_c);
  shown_c = wr_test_answer_comment (c, fixture->visit, fixture->q1);
  g_assert_cmpstr (shown_c, !=, shown_d);

  /* Resolved once, resolved everywhere: D takes C's choice, and so do A
   * and B, each then holding the same visit.
   */
  resolved = export (fixture, c, "resolved.xml");
  counts = import (fixture, d, resolved);
  g_assert_cmpuint (counts.n_updated, ==, 1);
  g_assert_cmpuint (counts.n_conflicts, ==, 0);
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  conflicts = row_conflicts (d);
  g_assert_cmpuint (conflicts->len, ==, 0);
  import (fixture, fixture->a, resolved);
  import (fixture, fixture->b, resolved);

  g_free (digest_c);
  digest_c = digest_of (c, fixture->visit);
  {
    WrStore *others[] = { d, fixture->a, fixture->b };

    for (guint i = 0; i < G_N_ELEMENTS (others); i++)
      {
        g_autofree char *theirs = digest_of (others[i], fixture->visit);
        g_autofree char *comment = wr_test_answer_comment (others[i], fixture->visit, fixture->q1);

        g_assert_cmpstr (theirs, ==, digest_c);
        g_assert_cmpstr (comment, ==, shown_c);
      }
  }

  /* An id that is not a conflict is refused, and changes nothing. */
  g_assert_false (wr_pack_resolve_row_conflict (c, conflict != NULL ? 999999 : 0, 0, &error));
  g_assert_error (error, WR_PACK_ERROR, WR_PACK_ERROR_INVALID);
}

/* The text of the visit's observation @uuid, or NULL if it has none (or
 * it is deleted).
 */
static char *
observation_text (WrStore    *store,
                  const char *visit,
                  const char *uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) observations = wr_store_list_observations (store, visit, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (observations); i++)
    {
      g_autoptr(WrObservation) observation = g_list_model_get_item (observations, i);

      if (g_str_equal (wr_observation_get_uuid (observation), uuid))
        return g_strdup (wr_observation_get_text (observation));
    }
  return NULL;
}

/* A deletion is a change that travels: a row deleted on A goes from every
 * device that imports A's pack; deleted on A and changed on B, it is a
 * conflict, never a silent loss of either; and choosing the deletion
 * deletes it everywhere.
 */
static void
test_deleted_row (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(WrStore) c = open_device (fixture, "c");
  g_autoptr(WrStore) d = open_device (fixture, "d");
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  WrObservationFields fields = { .text = "The ward was calm at handover", .kind = "good-practice" };
  WrObservationFields changed = { .text = "Calm at handover, but the night shift was short", .kind = "concern" };
  g_autofree char *doomed = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *first = NULL;
  g_autofree char *from_a = NULL;
  g_autofree char *from_b = NULL;
  g_autofree char *digest_c = NULL;
  g_autofree char *digest_d = NULL;
  g_autofree char *text = NULL;
  g_autofree char *resolved = NULL;
  const WrPackRowConflict *conflict;
  WrPackImportCounts counts;
  guint deletion = 0;

  /* Two observations A adds, and B takes. */
  doomed = wr_store_add_observation (fixture->a, fixture->visit, &fields, &error);
  g_assert_no_error (error);
  edited = wr_store_add_observation (fixture->a, fixture->visit, &fields, &error);
  g_assert_no_error (error);
  first = export (fixture, fixture->a, "first.xml");
  import (fixture, fixture->b, first);
  text = observation_text (fixture->b, fixture->visit, edited);
  g_assert_cmpstr (text, ==, fields.text);
  g_clear_pointer (&text, g_free);

  /* A deletes both; B changes one of them meanwhile. */
  g_assert_true (wr_store_delete_observation (fixture->a, doomed, TRUE, &error));
  g_assert_true (wr_store_delete_observation (fixture->a, edited, TRUE, &error));
  g_assert_true (wr_store_update_observation (fixture->b, edited, &changed, &error));
  g_assert_no_error (error);
  from_a = export (fixture, fixture->a, "a.xml");
  from_b = export (fixture, fixture->b, "b.xml");
  g_assert_true (g_file_get_contents (from_a, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "<deletions>"));
  g_clear_pointer (&text, g_free);
  wr_test_assert_reference_digests (from_a);

  /* C and D take both packs, in either order: the one B did not touch is
   * gone, the one B changed is in conflict with its deletion, and both
   * show and export the same.
   */
  import (fixture, c, first);
  import (fixture, d, first);
  import (fixture, c, from_a);
  counts = import (fixture, c, from_b);
  g_assert_cmpuint (counts.n_row_conflicts, ==, 1);
  import (fixture, d, from_b);
  counts = import (fixture, d, from_a);
  g_assert_cmpuint (counts.n_row_conflicts, ==, 1);
  g_assert_null (observation_text (c, fixture->visit, doomed));
  g_assert_null (observation_text (d, fixture->visit, doomed));
  digest_c = digest_of (c, fixture->visit);
  digest_d = digest_of (d, fixture->visit);
  g_assert_cmpstr (digest_c, ==, digest_d);

  conflicts = row_conflicts (c);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = g_ptr_array_index (conflicts, 0);
  g_assert_true (g_str_has_suffix (conflict->key, edited));
  g_assert_cmpuint (conflict->versions->len, ==, 2);
  for (guint i = 0; i < conflict->versions->len; i++)
    {
      const WrPackRowVersion *version = g_ptr_array_index (conflict->versions, i);
      g_autofree char *said = wr_pack_row_version_describe (version);

      if (version->content == NULL)
        {
          deletion = i;
          g_assert_cmpstr (said, ==, "deleted");
        }
      else
        g_assert_nonnull (strstr (said, "night shift"));
    }

  /* B's change is not lost: where the deletion is shown, B's text is kept
   * beside it; where B's is shown, it is there. Either way both travel: a
   * fresh device takes the conflict from C's pack.
   */
  {
    g_autoptr(WrStore) e = open_device (fixture, "e");
    g_autofree char *from_c = export (fixture, c, "c.xml");
    g_autofree char *digest_e = NULL;
    g_autoptr(GPtrArray) e_conflicts = NULL;

    wr_test_assert_reference_digests (from_c);
    import (fixture, e, from_c);
    e_conflicts = row_conflicts (e);
    g_assert_cmpuint (e_conflicts->len, ==, 1);
    g_assert_cmpuint (((WrPackRowConflict *) g_ptr_array_index (e_conflicts, 0))->versions->len, ==, 2);
    digest_e = digest_of (e, fixture->visit);
    g_assert_cmpstr (digest_e, ==, digest_c);
  }

  /* C chooses the deletion: the observation goes from every device. */
  g_assert_true (wr_pack_resolve_row_conflict (c, conflict->id, deletion, &error));
  g_assert_no_error (error);
  g_assert_null (observation_text (c, fixture->visit, edited));
  resolved = export (fixture, c, "resolved.xml");
  wr_test_assert_reference_digests (resolved);
  g_free (digest_c);
  digest_c = digest_of (c, fixture->visit);
  {
    WrStore *others[] = { d, fixture->a, fixture->b };

    for (guint i = 0; i < G_N_ELEMENTS (others); i++)
      {
        g_autofree char *theirs = NULL;
        g_autoptr(GPtrArray) left = NULL;

        import (fixture, others[i], resolved);
        theirs = digest_of (others[i], fixture->visit);
        g_assert_cmpstr (theirs, ==, digest_c);
        g_assert_null (observation_text (others[i], fixture->visit, edited));
        g_assert_null (observation_text (others[i], fixture->visit, doomed));
        left = row_conflicts (others[i]);
        g_assert_cmpuint (left->len, ==, 0);
      }
  }

  /* And importing the old packs again changes nothing. */
  counts = import (fixture, d, from_b);
  g_assert_cmpuint (counts.n_row_conflicts, ==, 0);
  g_assert_null (observation_text (d, fixture->visit, edited));
}

static char *
status_of (WrStore    *store,
           const char *visit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrVisit) v = wr_store_get_visit (store, visit, &error);

  g_assert_no_error (error);
  return g_strdup (wr_visit_get_status (v) == WR_VISIT_COMPLETED ? "completed" : "draft");
}

static GPtrArray *
completion_conflicts (WrStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *conflicts = wr_store_list_completion_conflicts (store, NULL, &error);

  g_assert_no_error (error);
  return conflicts;
}

/* Completing is ordered against changes made elsewhere: A completes the
 * visit while B, not knowing, changes an answer and adds an observation.
 * Every device that takes both packs holds the same completed visit, and
 * says it was completed without B's two changes; completing it again
 * settles it everywhere, and reopening it (headless) does too.
 */
static void
test_completion (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(WrStore) c = open_device (fixture, "c");
  g_autoptr(WrStore) d = open_device (fixture, "d");
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  WrObservationFields fields = { .text = "Handover was rushed", .kind = "concern" };
  g_autofree char *observation = NULL;
  g_autofree char *from_a = NULL;
  g_autofree char *from_b = NULL;
  g_autofree char *digest_c = NULL;
  g_autofree char *digest_d = NULL;
  g_autofree char *again = NULL;
  g_autofree char *status = NULL;
  g_autofree char *comment = NULL;
  const WrCompletionConflict *conflict;

  g_assert_true (wr_store_complete_visit (fixture->a, fixture->visit, &error));
  g_assert_no_error (error);
  wr_test_set_answer_comment (fixture->b, fixture->visit, fixture->q1, "B had more to say");
  observation = wr_store_add_observation (fixture->b, fixture->visit, &fields, &error);
  g_assert_no_error (error);
  from_a = export (fixture, fixture->a, "a.xml");
  from_b = export (fixture, fixture->b, "b.xml");
  wr_test_assert_reference_digests (from_a);

  /* Nothing to say on the devices that made the changes. */
  conflicts = completion_conflicts (fixture->a);
  g_assert_cmpuint (conflicts->len, ==, 0);
  g_clear_pointer (&conflicts, g_ptr_array_unref);

  import (fixture, c, from_a);
  import (fixture, c, from_b);
  import (fixture, d, from_b);
  import (fixture, d, from_a);
  digest_c = digest_of (c, fixture->visit);
  digest_d = digest_of (d, fixture->visit);
  g_assert_cmpstr (digest_c, ==, digest_d);
  status = status_of (c, fixture->visit);
  g_assert_cmpstr (status, ==, "completed");
  comment = wr_test_answer_comment (c, fixture->visit, fixture->q1);
  g_assert_cmpstr (comment, ==, "B had more to say");

  conflicts = completion_conflicts (c);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = g_ptr_array_index (conflicts, 0);
  g_assert_cmpstr (conflict->visit_uuid, ==, fixture->visit);
  g_assert_cmpstr (conflict->completed_by, ==, wr_store_get_device_id (fixture->a));
  g_assert_cmpuint (conflict->rows->len, ==, 2);
  {
    g_autofree char *answer_key = g_strdup_printf ("answer %s - -", fixture->q1);
    g_autofree char *observation_key = g_strdup_printf ("observation %s", observation);

    g_assert_true (g_ptr_array_find_with_equal_func (conflict->rows, answer_key, g_str_equal, NULL));
    g_assert_true (g_ptr_array_find_with_equal_func (conflict->rows, observation_key, g_str_equal, NULL));
  }
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  conflicts = completion_conflicts (d);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_clear_pointer (&conflicts, g_ptr_array_unref);

  /* Carried in packs: a fresh device from C's pack says the same. */
  {
    g_autoptr(WrStore) e = open_device (fixture, "e");
    g_autofree char *from_c = export (fixture, c, "c.xml");
    g_autoptr(GPtrArray) e_conflicts = NULL;
    g_autofree char *text = NULL;

    g_assert_true (g_file_get_contents (from_c, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, " completed-clock=\""));
    wr_test_assert_reference_digests (from_c);
    import (fixture, e, from_c);
    e_conflicts = completion_conflicts (e);
    g_assert_cmpuint (e_conflicts->len, ==, 1);
  }

  /* Headless, on a copy of D: listed as c<N>, and reopened. */
  {
    g_autofree char *f_dir = g_build_filename (fixture->folder, "f", NULL);
    g_autofree char *f_status = NULL;
    g_autofree char *id = NULL;
    g_auto(WrTestRun) run = { 0, };

    wr_test_run_walkround (&run, f_dir, "import", "--trust-new-device", from_a, NULL);
    g_assert_cmpint (run.status, ==, 0);
    wr_test_run_clear (&run);
    wr_test_run_walkround (&run, f_dir, "import", "--trust-new-device", from_b, NULL);
    g_assert_cmpint (run.status, ==, 0);
    wr_test_run_clear (&run);
    wr_test_run_walkround (&run, f_dir, "conflicts", "list", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_str_has_prefix (run.out, "c"));
    g_assert_nonnull (strstr (run.out, "without 2 changes made elsewhere"));
    g_assert_nonnull (strstr (run.out, fixture->visit));
    id = g_strndup (run.out, strcspn (run.out, "\t"));
    wr_test_run_clear (&run);
    wr_test_run_walkround (&run, f_dir, "conflicts", "use-theirs", id, "--version", "2", NULL);
    g_assert_cmpint (run.status, ==, 1);
    wr_test_run_clear (&run);
    wr_test_run_walkround (&run, f_dir, "conflicts", "use-theirs", id, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "reopened"));
    wr_test_run_clear (&run);
    wr_test_run_walkround (&run, f_dir, "conflicts", "keep-ours", id, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "resolved already"));
    {
      g_autoptr(WrStore) f = open_device (fixture, "f");

      f_status = status_of (f, fixture->visit);
      g_assert_cmpstr (f_status, ==, "draft");
    }
  }

  /* C completes it again: settled here, and wherever C's pack goes. */
  g_assert_true (wr_store_complete_again (c, 999999, &error) == FALSE);
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  conflicts = completion_conflicts (c);
  g_assert_true (wr_store_complete_again (c, ((WrCompletionConflict *) g_ptr_array_index (conflicts, 0))->id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  conflicts = completion_conflicts (c);
  g_assert_cmpuint (conflicts->len, ==, 0);
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  again = export (fixture, c, "again.xml");
  g_free (digest_c);
  digest_c = digest_of (c, fixture->visit);
  {
    WrStore *others[] = { d, fixture->a, fixture->b };

    for (guint i = 0; i < G_N_ELEMENTS (others); i++)
      {
        g_autofree char *theirs = NULL;
        g_autofree char *their_status = NULL;
        g_autoptr(GPtrArray) left = NULL;

        import (fixture, others[i], again);
        theirs = digest_of (others[i], fixture->visit);
        g_assert_cmpstr (theirs, ==, digest_c);
        their_status = status_of (others[i], fixture->visit);
        g_assert_cmpstr (their_status, ==, "completed");
        left = completion_conflicts (others[i]);
        g_assert_cmpuint (left->len, ==, 0);
      }
  }
}

/* Finds a draft visit's answer inside a repeat (@member FALSE) or in a
 * member's own section (@member TRUE): the visit, the question and the
 * repeat's or member's uuid.
 */
static void
find_inner_answer (WrStore   *store,
                   gboolean   member,
                   char     **visit,
                   char     **question,
                   char     **uuid)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store),
                                       member
                                         ? "SELECT v.uuid, a.question_id, a.member_uuid FROM answers a"
                                           " JOIN visits v ON v.id = a.visit_id"
                                           " JOIN team_members m ON m.uuid = a.member_uuid AND m.deleted IS NULL"
                                           " WHERE v.status = 'draft' AND a.repeat_uuid = '' ORDER BY a.id LIMIT 1"
                                         : "SELECT v.uuid, a.question_id, a.repeat_uuid FROM answers a"
                                           " JOIN visits v ON v.id = a.visit_id"
                                           " JOIN repeats r ON r.uuid = a.repeat_uuid AND r.deleted IS NULL"
                                           " WHERE v.status = 'draft' AND a.member_uuid = '' ORDER BY a.id LIMIT 1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  *visit = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  *question = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  *uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
}

static GPtrArray *
deletion_conflicts (WrStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *conflicts = wr_store_list_deletion_conflicts (store, NULL, &error);

  g_assert_no_error (error);
  return conflicts;
}

static const WrDeletionConflict *
find_deletion (GPtrArray  *conflicts,
               const char *uuid)
{
  for (guint i = 0; i < conflicts->len; i++)
    {
      const WrDeletionConflict *conflict = g_ptr_array_index (conflicts, i);

      if (g_str_equal (conflict->uuid, uuid))
        return conflict;
    }
  return NULL;
}

static gboolean
has_repeat (WrStore    *store,
            const char *visit,
            const char *repeat)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) repeats = wr_store_list_repeats (store, visit, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < repeats->len; i++)
    if (g_str_equal (((WrRepeat *) g_ptr_array_index (repeats, i))->uuid, repeat))
      return TRUE;
  return FALSE;
}

/* Removing is ordered against what others record inside what was
 * removed: A removes a repeat and a team member while B, not knowing,
 * records an answer in each. B's answers are not hidden without a word:
 * every device that has seen both packs, in either order, holds the same
 * visits and shows the same two conflicts, as does a device that has only
 * a pack of one that had. Bringing the repeat back (on B, which still has
 * it) and keeping the member removed (on A) settle them everywhere.
 */
static void
test_removal (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(WrStore) c = open_device (fixture, "c");
  g_autoptr(WrStore) d = open_device (fixture, "d");
  g_autoptr(WrStore) e = open_device (fixture, "e");
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *repeat_visit = NULL;
  g_autofree char *repeat_question = NULL;
  g_autofree char *repeat = NULL;
  g_autofree char *member_visit = NULL;
  g_autofree char *member_question = NULL;
  g_autofree char *member = NULL;
  g_autofree char *from_a = NULL;
  g_autofree char *from_b = NULL;
  g_autofree char *from_c = NULL;
  g_autofree char *text = NULL;
  g_autofree char *repeat_key = NULL;
  g_autofree char *member_key = NULL;
  WrStore *all[] = { fixture->a, fixture->b, c, d };
  const WrDeletionConflict *conflict;

  find_inner_answer (fixture->a, FALSE, &repeat_visit, &repeat_question, &repeat);
  find_inner_answer (fixture->a, TRUE, &member_visit, &member_question, &member);
  repeat_key = g_strdup_printf ("answer %s - %s", repeat_question, repeat);
  member_key = g_strdup_printf ("answer %s %s -", member_question, member);

  g_assert_true (wr_store_delete_repeat (fixture->a, repeat_visit, repeat, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (wr_store_remove_member (fixture->a, member_visit, member, &error));
  g_assert_no_error (error);
  {
    WrAnswerKey in_repeat = { repeat_question, NULL, repeat };
    WrAnswerKey for_member = { member_question, member, NULL };

    g_assert_true (wr_store_set_answer_comment (fixture->b, repeat_visit, &in_repeat, "B saw this bay", &error));
    g_assert_no_error (error);
    g_assert_true (wr_store_set_answer_comment (fixture->b, member_visit, &for_member, "B wrote for them", &error));
    g_assert_no_error (error);
  }

  /* Nothing to say where only one side is known. */
  conflicts = deletion_conflicts (fixture->a);
  g_assert_cmpuint (conflicts->len, ==, 0);
  g_clear_pointer (&conflicts, g_ptr_array_unref);

  from_a = export (fixture, fixture->a, "a.xml");
  from_b = export (fixture, fixture->b, "b.xml");
  g_assert_true (g_file_get_contents (from_a, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "<deleted row=\"repeat\""));
  g_assert_nonnull (strstr (text, " clock=\""));
  /* What the repeat held goes too, hidden, for the removal has seen it. */
  {
    g_autofree char *start = g_strdup_printf ("<answer question=\"%s\" repeat=\"%s\"", repeat_question, repeat);
    const char *answer = strstr (text, start);
    g_autofree char *tag = answer != NULL ? g_strndup (answer, strcspn (answer, ">")) : NULL;

    if (tag == NULL || strstr (tag, " hidden=\"true\"") == NULL)
      g_error ("%s… hidden=\"true\" is not in the pack", start);
  }
  wr_test_assert_reference_digests (from_a);

  import (fixture, c, from_a);
  import (fixture, c, from_b);
  import (fixture, d, from_b);
  import (fixture, d, from_a);
  import (fixture, fixture->a, from_b);
  import (fixture, fixture->b, from_a);

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      g_autofree char *digest = digest_of (all[i], repeat_visit);
      g_autofree char *expected = digest_of (c, repeat_visit);
      g_autofree char *member_digest = digest_of (all[i], member_visit);
      g_autofree char *member_expected = digest_of (c, member_visit);

      g_assert_cmpstr (digest, ==, expected);
      g_assert_cmpstr (member_digest, ==, member_expected);
      g_assert_false (has_repeat (all[i], repeat_visit, repeat));

      conflicts = deletion_conflicts (all[i]);
      g_assert_cmpuint (conflicts->len, ==, 2);
      conflict = find_deletion (conflicts, repeat);
      g_assert_nonnull (conflict);
      g_assert_cmpstr (conflict->row, ==, "repeat");
      g_assert_cmpstr (conflict->visit_uuid, ==, repeat_visit);
      g_assert_cmpstr (conflict->deleted_by, ==, wr_store_get_device_id (fixture->a));
      g_assert_cmpuint (conflict->rows->len, ==, 1);
      g_assert_cmpstr (g_ptr_array_index (conflict->rows, 0), ==, repeat_key);
      /* A, B and the device that took A's pack last still hold the
       * repeat; C, which took A's first, never had it.
       */
      if (all[i] == c)
        g_assert_null (conflict->name);
      else
        g_assert_nonnull (conflict->name);
      conflict = find_deletion (conflicts, member);
      g_assert_nonnull (conflict);
      g_assert_cmpstr (conflict->row, ==, "member");
      g_assert_cmpuint (conflict->rows->len, ==, 1);
      g_assert_cmpstr (g_ptr_array_index (conflict->rows, 0), ==, member_key);
      g_clear_pointer (&conflicts, g_ptr_array_unref);
    }

  /* Carried in packs: a fresh device from C's pack says the same, but
   * holds only the removals, so it cannot bring them back.
   */
  from_c = export (fixture, c, "c.xml");
  wr_test_assert_reference_digests (from_c);
  import (fixture, e, from_c);
  conflicts = deletion_conflicts (e);
  g_assert_cmpuint (conflicts->len, ==, 2);
  conflict = find_deletion (conflicts, repeat);
  g_assert_null (conflict->name);
  g_assert_false (wr_store_resolve_deletion (e, conflict->id, TRUE, &error));
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_pointer (&conflicts, g_ptr_array_unref);

  /* Headless: listed as d<N>. */
  {
    g_autofree char *dir = g_build_filename (fixture->folder, "f", NULL);
    g_auto(WrTestRun) run = { 0, };

    wr_test_run_walkround (&run, dir, "import", "--trust-new-device", from_c, NULL);
    g_assert_cmpint (run.status, ==, 0);
    wr_test_run_clear (&run);
    wr_test_run_walkround (&run, dir, "conflicts", "list", "--visit", repeat_visit, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_str_has_prefix (run.out, "d"));
    g_assert_nonnull (strstr (run.out, "removed by device"));
    g_assert_nonnull (strstr (run.out, repeat_key));
  }

  /* B brings the repeat back, with what it recorded there. */
  conflicts = deletion_conflicts (fixture->b);
  conflict = find_deletion (conflicts, repeat);
  g_assert_true (wr_store_resolve_deletion (fixture->b, conflict->id, TRUE, &error));
  g_assert_no_error (error);
  g_assert_false (wr_store_resolve_deletion (fixture->b, conflict->id, TRUE, &error));
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  g_assert_true (has_repeat (fixture->b, repeat_visit, repeat));

  /* A keeps the member removed. */
  conflicts = deletion_conflicts (fixture->a);
  conflict = find_deletion (conflicts, member);
  g_assert_true (wr_store_resolve_deletion (fixture->a, conflict->id, FALSE, &error));
  g_assert_no_error (error);
  g_clear_pointer (&conflicts, g_ptr_array_unref);

  g_free (from_a);
  g_free (from_b);
  from_a = export (fixture, fixture->a, "a2.xml");
  from_b = export (fixture, fixture->b, "b2.xml");
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      import (fixture, all[i], from_a);
      import (fixture, all[i], from_b);
    }
  import (fixture, e, from_a);
  import (fixture, e, from_b);
  {
    g_autofree char *expected = digest_of (c, repeat_visit);
    g_autofree char *member_expected = digest_of (c, member_visit);
    WrStore *every[] = { fixture->a, fixture->b, c, d, e };

    for (guint i = 0; i < G_N_ELEMENTS (every); i++)
      {
        g_autofree char *digest = digest_of (every[i], repeat_visit);
        g_autofree char *member_digest = digest_of (every[i], member_visit);
        g_autoptr(GPtrArray) left = deletion_conflicts (every[i]);

        g_assert_cmpstr (digest, ==, expected);
        g_assert_cmpstr (member_digest, ==, member_expected);
        g_assert_cmpuint (left->len, ==, 0);
        g_assert_true (has_repeat (every[i], repeat_visit, repeat));
      }
  }
}

/* Two devices that make the same change apart (the same comment, or
 * both delete an observation) agree: nothing to resolve, and every device
 * still holds the same visit.
 */
static void
test_same_change (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(WrStore) c = open_device (fixture, "c");
  g_autoptr(WrStore) d = open_device (fixture, "d");
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  WrObservationFields fields = { .text = "Call bells answered quickly", .kind = "good-practice" };
  g_autofree char *observation = NULL;
  g_autofree char *first = NULL;
  g_autofree char *from_a = NULL;
  g_autofree char *from_b = NULL;
  g_autofree char *digest_c = NULL;
  g_autofree char *digest_d = NULL;
  g_autofree char *comment = NULL;
  WrPackImportCounts counts;

  observation = wr_store_add_observation (fixture->a, fixture->visit, &fields, &error);
  g_assert_no_error (error);
  first = export (fixture, fixture->a, "first.xml");
  import (fixture, fixture->b, first);

  wr_test_set_answer_comment (fixture->a, fixture->visit, fixture->q1, "Both say so");
  wr_test_set_answer_comment (fixture->b, fixture->visit, fixture->q1, "Both say so");
  g_assert_true (wr_store_delete_observation (fixture->a, observation, TRUE, &error));
  g_assert_true (wr_store_delete_observation (fixture->b, observation, TRUE, &error));
  g_assert_no_error (error);
  from_a = export (fixture, fixture->a, "a.xml");
  from_b = export (fixture, fixture->b, "b.xml");

  import (fixture, c, from_a);
  counts = import (fixture, c, from_b);
  g_assert_cmpuint (counts.n_updated, ==, 1);
  g_assert_cmpuint (counts.n_row_conflicts, ==, 0);
  g_assert_cmpuint (counts.n_conflicts, ==, 0);
  import (fixture, d, from_b);
  counts = import (fixture, d, from_a);
  g_assert_cmpuint (counts.n_row_conflicts, ==, 0);

  conflicts = row_conflicts (c);
  g_assert_cmpuint (conflicts->len, ==, 0);
  comment = wr_test_answer_comment (c, fixture->visit, fixture->q1);
  g_assert_cmpstr (comment, ==, "Both say so");
  g_assert_null (observation_text (c, fixture->visit, observation));
  digest_c = digest_of (c, fixture->visit);
  digest_d = digest_of (d, fixture->visit);
  g_assert_cmpstr (digest_c, ==, digest_d);

  /* Different words are still a conflict. */
  wr_test_set_answer_comment (fixture->a, fixture->visit, fixture->q2, "A's words");
  wr_test_set_answer_comment (fixture->b, fixture->visit, fixture->q2, "B's words");
  g_free (from_a);
  g_free (from_b);
  from_a = export (fixture, fixture->a, "a2.xml");
  from_b = export (fixture, fixture->b, "b2.xml");
  import (fixture, c, from_a);
  counts = import (fixture, c, from_b);
  g_assert_cmpuint (counts.n_row_conflicts, ==, 1);
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  conflicts = row_conflicts (c);
  g_assert_cmpuint (conflicts->len, ==, 1);
}

/* The same, headless: "walkround conflicts" lists the row with both
 * versions, refuses what it cannot do with exit 2 or 1, and resolves.
 */
static void
test_cli (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *c_dir = g_build_filename (fixture->folder, "c", NULL);
  g_autofree char *from_a = NULL;
  g_autofree char *from_b = NULL;
  g_autofree char *id = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *after = NULL;
  g_auto(WrTestRun) run = { 0, };
  g_auto(GStrv) lines = NULL;

  wr_test_set_answer_comment (fixture->a, fixture->visit, fixture->q1, "A says so");
  wr_test_set_answer_comment (fixture->b, fixture->visit, fixture->q1, "B says otherwise");
  from_a = export (fixture, fixture->a, "a.xml");
  from_b = export (fixture, fixture->b, "b.xml");

  wr_test_run_walkround (&run, c_dir, "import", "--trust-new-device", from_a, NULL);
  g_assert_cmpint (run.status, ==, 0);
  wr_test_run_clear (&run);
  wr_test_run_walkround (&run, c_dir, "import", "--trust-new-device", from_b, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "0 new, 1 updated, "));
  g_assert_nonnull (strstr (run.out, " unchanged, 1 conflicts\nrows merged: 0 added, 0 updated, 1 in conflict\n"));
  g_assert_nonnull (strstr (run.err, "walkround conflicts"));
  wr_test_run_clear (&run);

  wr_test_run_walkround (&run, c_dir, "conflicts", NULL);
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (run.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_true (g_str_has_prefix (lines[0], "r"));
  g_assert_nonnull (strstr (lines[0], fixture->visit));
  g_assert_nonnull (strstr (lines[0], fixture->q1));
  g_assert_nonnull (strstr (lines[1], "shown (ours)"));
  g_assert_nonnull (strstr (lines[2], "1 (theirs)"));
  g_assert_nonnull (strstr (run.out, "A says so"));
  g_assert_nonnull (strstr (run.out, "B says otherwise"));
  id = g_strndup (lines[0], strcspn (lines[0], "\t"));
  shown = g_strdup (strstr (lines[1], "A says so") != NULL ? "A says so" : "B says otherwise");
  wr_test_run_clear (&run);

  /* Wrong words are usage errors; a wrong id cannot be done. */
  wr_test_run_walkround (&run, c_dir, "conflicts", "keep-theirs", id, NULL);
  g_assert_cmpint (run.status, ==, 2);
  wr_test_run_clear (&run);
  wr_test_run_walkround (&run, c_dir, "conflicts", "keep-ours", "12", NULL);
  g_assert_cmpint (run.status, ==, 2);
  wr_test_run_clear (&run);
  wr_test_run_walkround (&run, c_dir, "conflicts", "use-theirs", "r999999", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "no row in conflict"));
  wr_test_run_clear (&run);
  wr_test_run_walkround (&run, c_dir, "conflicts", "use-theirs", id, "--version", "2", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "has 2 versions"));
  wr_test_run_clear (&run);

  wr_test_run_walkround (&run, c_dir, "conflicts", "keep-ours", id, NULL);
  g_assert_cmpint (run.status, ==, 0);
  wr_test_run_clear (&run);
  wr_test_run_walkround (&run, c_dir, "conflicts", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "no conflicts"));

  {
    g_autoptr(WrStore) c = open_device (fixture, "c");

    after = wr_test_answer_comment (c, fixture->visit, fixture->q1);
    g_assert_cmpstr (after, ==, shown);
  }
}

/* The property: three devices start from one pack of a draft visit, then
 * make random changes to five of its answers and three of its
 * observations, delete observations, change an answer inside a repeat,
 * remove that repeat and bring it back, complete and reopen the visit, and
 * send each other packs at random, each import a merge. In the end, once every device has imported
 * every other's last pack, all hold the same visit, digest for digest; and
 * every change is still there (shown, or kept in a conflict) unless a
 * change made by a device that had seen it replaced it, and only then is
 * it gone; an answer hidden with its removed repeat was seen by a removal
 * that stands, or is listed as in conflict with it, alike on every device. WALKROUND_MERGE_CASES cases (12 unless set: each case is real
 * databases and packs; tests/test-merge.c runs thousands of the engine's)
 * from WALKROUND_MERGE_SEED (fixed unless set).
 */

#define N_DEVICES      3
#define N_QUESTIONS    5
#define N_OBSERVATIONS 3
#define N_ROWS         (N_QUESTIONS + N_OBSERVATIONS)
#define IN_REPEAT      N_ROWS         /* the answer inside the repeat */
#define REPEAT_ROW     (N_ROWS + 1)   /* the repeat: removed, or brought back */
#define N_STEPS        24

/* A change to a row: an answer's comment (rows 0 to 4), an observation's
 * text (5 to 7), or an observation's deletion.
 */
typedef struct
{
  guint       row;
  char       *text;
  gboolean    deletion;
  gboolean    replaced;
  GHashTable *seen;      /* of a removal: the edits its device had seen */
} Edit;

/* The repeat the property changes inside, removes and brings back. */
typedef struct
{
  const char *question;
  const char *uuid;
} Repeat;

typedef struct
{
  WrStore    *store;
  GHashTable *seen;    /* edit index → TRUE: the edits this device has seen */
} Device;

static void
edit_free (gpointer data)
{
  Edit *edit = data;

  g_free (edit->text);
  g_clear_pointer (&edit->seen, g_hash_table_unref);
  g_free (edit);
}

/* The comment of the answer inside the repeat, shown or hidden with it,
 * and each kept version's.
 */
static GPtrArray *
repeat_texts (WrStore      *store,
              const char   *visit,
              const Repeat *repeat)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) conflicts = row_conflicts (store);
  g_autofree char *key = g_strdup_printf ("answer %s - %s", repeat->question, repeat->uuid);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store),
                                       "SELECT a.comment FROM answers a JOIN visits v ON v.id = a.visit_id"
                                       " WHERE v.uuid = ? AND a.question_id = ? AND a.member_uuid = '' AND a.repeat_uuid = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, visit, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, repeat->question, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, repeat->uuid, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (texts, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  for (guint i = 0; i < conflicts->len; i++)
    {
      const WrPackRowConflict *conflict = g_ptr_array_index (conflicts, i);

      if (!g_str_equal (conflict->key, key))
        continue;
      for (guint j = 1; j < conflict->versions->len; j++)
        {
          const WrPackRowVersion *version = g_ptr_array_index (conflict->versions, j);
          const char *start = version->content != NULL ? strstr (version->content, "<comment>") : NULL;

          if (start != NULL)
            {
              start += strlen ("<comment>");
              g_ptr_array_add (texts, g_strndup (start, strcspn (start, "<")));
            }
        }
    }
  return texts;
}

/* The rows listed as changed without the repeat's removal seen. */
static GPtrArray *
unseen_by_removal (WrStore      *store,
                   const Repeat *repeat)
{
  g_autoptr(GPtrArray) conflicts = deletion_conflicts (store);
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < conflicts->len; i++)
    {
      const WrDeletionConflict *conflict = g_ptr_array_index (conflicts, i);

      if (g_str_equal (conflict->uuid, repeat->uuid))
        for (guint j = 0; j < conflict->rows->len; j++)
          g_ptr_array_add (rows, g_strdup (g_ptr_array_index (conflict->rows, j)));
    }
  return rows;
}

/* Every text a row holds: the shown one's and each kept version's; and
 * whether a deletion of it is shown or kept (@deleted).
 */
static GPtrArray *
row_texts (WrStore    *store,
           const char *visit,
           const char *row,
           gboolean    observation,
           gboolean   *deleted)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) conflicts = row_conflicts (store);
  g_autofree char *key = observation ? g_strdup_printf ("observation %s", row) : g_strdup_printf ("answer %s - -", row);
  char *shown = observation ? observation_text (store, visit, row) : wr_test_answer_comment (store, visit, row);
  const char *element = observation ? "<text>" : "<comment>";

  *deleted = observation && shown == NULL;
  if (shown != NULL)
    g_ptr_array_add (texts, shown);
  for (guint i = 0; i < conflicts->len; i++)
    {
      const WrPackRowConflict *conflict = g_ptr_array_index (conflicts, i);

      if (!g_str_equal (conflict->key, key))
        continue;
      for (guint j = 1; j < conflict->versions->len; j++)
        {
          const WrPackRowVersion *version = g_ptr_array_index (conflict->versions, j);
          const char *start = version->content != NULL ? strstr (version->content, element) : NULL;

          *deleted |= version->content == NULL;
          if (start != NULL)
            {
              start += strlen (element);
              g_ptr_array_add (texts, g_strndup (start, strcspn (start, "<")));
            }
        }
    }
  return texts;
}

static gboolean
texts_hold (GPtrArray  *texts,
            const char *text)
{
  for (guint i = 0; i < texts->len; i++)
    if (g_str_equal (g_ptr_array_index (texts, i), text))
      return TRUE;
  return FALSE;
}

static void
run_property_case (Fixture      *fixture,
                   const char   *start,
                   const char   *rows[N_ROWS],
                   const Repeat *repeat,
                   guint32       seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GPtrArray) edits = g_ptr_array_new_with_free_func (edit_free);
  g_autoptr(GPtrArray) packs = g_ptr_array_new ();
  g_autofree char *case_dir = g_strdup_printf ("case-%u", seed);
  g_autofree char *digest = NULL;
  Device devices[N_DEVICES];
  guint n_packs = 0;

  for (guint d = 0; d < N_DEVICES; d++)
    {
      g_autofree char *name = g_strdup_printf ("%s/device-%u", case_dir, d);

      devices[d].store = open_device (fixture, name);
      devices[d].seen = g_hash_table_new (NULL, NULL);
      import (fixture, devices[d].store, start);
    }

  for (guint step = 0; step < N_STEPS; step++)
    {
      guint d = (guint) g_rand_int_range (rand, 0, N_DEVICES);
      g_autofree char *status = status_of (devices[d].store, fixture->visit);
      gboolean completed = g_str_equal (status, "completed");

      if (g_rand_int_range (rand, 0, 6) == 0)
        {
          /* Completing or reopening, a change of the visit's own fields. */
          g_autoptr(GError) error = NULL;

          g_test_message ("device %u %s the visit", d, completed ? "reopens" : "completes");
          if (completed)
            g_assert_true (wr_store_reopen_visit (devices[d].store, fixture->visit, &error));
          else
            g_assert_true (wr_store_complete_visit (devices[d].store, fixture->visit, &error));
          g_assert_no_error (error);
        }
      else if (g_rand_boolean (rand))
        {
          /* An edit, which replaces every edit of that row it has seen:
           * of an answer; or of an observation this device shows, or its
           * deletion.
           */
          Edit *edit = g_new0 (Edit, 1);
          GHashTableIter iter;
          gpointer key;

          edit->row = (guint) g_rand_int_range (rand, 0, REPEAT_ROW + 1);
          edit->text = g_strdup_printf ("case %u edit %u on device %u", seed, edits->len, d);
          /* A completed visit is changed only once reopened. */
          if (completed)
            {
              edit_free (edit);
              continue;
            }
          if (edit->row == IN_REPEAT && !has_repeat (devices[d].store, fixture->visit, repeat->uuid))
            {
              /* Nobody records in a repeat they see removed. */
              edit_free (edit);
              continue;
            }
          if (edit->row == REPEAT_ROW)
            {
              /* Removed if shown, else brought back (Undo). */
              edit->deletion = has_repeat (devices[d].store, fixture->visit, repeat->uuid);
              if (edit->deletion)
                edit->seen = g_hash_table_new (NULL, NULL);
            }
          else if (edit->row >= N_QUESTIONS && edit->row < N_ROWS)
            {
              g_autofree char *shown = observation_text (devices[d].store, fixture->visit, rows[edit->row]);

              if (shown == NULL)
                {
                  edit_free (edit);
                  continue;
                }
              edit->deletion = g_rand_int_range (rand, 0, 3) == 0;
            }
          g_hash_table_iter_init (&iter, devices[d].seen);
          while (g_hash_table_iter_next (&iter, &key, NULL))
            {
              Edit *before = g_ptr_array_index (edits, GPOINTER_TO_UINT (key) - 1);

              if (before->row == edit->row)
                before->replaced = TRUE;
            }
          if (edit->seen != NULL)
            {
              g_hash_table_iter_init (&iter, devices[d].seen);
              while (g_hash_table_iter_next (&iter, &key, NULL))
                g_hash_table_add (edit->seen, key);
            }
          g_test_message ("%s: row %u%s", edit->text, edit->row, edit->deletion ? ", deleted" : "");
          if (edit->row < N_QUESTIONS)
            wr_test_set_answer_comment (devices[d].store, fixture->visit, rows[edit->row], edit->text);
          else if (edit->row == IN_REPEAT)
            {
              g_autoptr(GError) error = NULL;
              WrAnswerKey in_repeat = { repeat->question, NULL, repeat->uuid };

              g_assert_true (wr_store_set_answer_comment (devices[d].store, fixture->visit, &in_repeat, edit->text,
                                                          &error));
              g_assert_no_error (error);
            }
          else if (edit->row == REPEAT_ROW)
            {
              g_autoptr(GError) error = NULL;

              g_assert_true (wr_store_delete_repeat (devices[d].store, fixture->visit, repeat->uuid, edit->deletion,
                                                     &error));
              g_assert_no_error (error);
            }
          else
            {
              g_autoptr(GError) error = NULL;
              WrObservationFields fields = { .text = edit->text, .kind = "concern" };

              if (edit->deletion)
                g_assert_true (wr_store_delete_observation (devices[d].store, rows[edit->row], TRUE, &error));
              else
                g_assert_true (wr_store_update_observation (devices[d].store, rows[edit->row], &fields, &error));
              g_assert_no_error (error);
            }
          g_ptr_array_add (edits, edit);
          g_hash_table_add (devices[d].seen, GUINT_TO_POINTER (edits->len));
        }
      else
        {
          /* A pack from one device to another. */
          guint to = (d + (guint) g_rand_int_range (rand, 1, N_DEVICES)) % N_DEVICES;
          g_autofree char *name = g_strdup_printf ("%s/pack-%u.xml", case_dir, n_packs++);
          g_autofree char *path = export (fixture, devices[d].store, name);
          GHashTableIter iter;
          gpointer key;

          g_test_message ("pack %u from device %u to %u", n_packs - 1, d, to);
          import (fixture, devices[to].store, path);
          g_hash_table_iter_init (&iter, devices[d].seen);
          while (g_hash_table_iter_next (&iter, &key, NULL))
            g_hash_table_add (devices[to].seen, key);
        }
    }

  /* Everyone sends everyone their last pack. */
  {
    char *last[N_DEVICES];

    for (guint d = 0; d < N_DEVICES; d++)
      {
        g_autofree char *name = g_strdup_printf ("%s/last-%u.xml", case_dir, d);

        last[d] = export (fixture, devices[d].store, name);
      }
    for (guint d = 0; d < N_DEVICES; d++)
      for (guint from = 0; from < N_DEVICES; from++)
        if (from != d)
          import (fixture, devices[d].store, last[from]);
    for (guint d = 0; d < N_DEVICES; d++)
      g_free (last[d]);
  }

  for (guint d = 0; d < N_DEVICES; d++)
    {
      g_autofree char *theirs = digest_of (devices[d].store, fixture->visit);

      if (digest == NULL)
        digest = g_steal_pointer (&theirs);
      else if (!g_str_equal (theirs, digest))
        g_error ("case %u: device %u holds another visit than device 0 after every pack", seed, d);
    }

  /* And says the same of its completion. */
  {
    g_autoptr(GPtrArray) first = completion_conflicts (devices[0].store);

    for (guint d = 1; d < N_DEVICES; d++)
      {
        g_autoptr(GPtrArray) theirs = completion_conflicts (devices[d].store);

        if (theirs->len != first->len ||
            (first->len > 0 && ((WrCompletionConflict *) g_ptr_array_index (theirs, 0))->rows->len !=
                                 ((WrCompletionConflict *) g_ptr_array_index (first, 0))->rows->len))
          g_error ("case %u: device %u says otherwise than device 0 of the visit's completion", seed, d);
      }
  }

  for (guint r = 0; r < N_ROWS; r++)
    {
      gboolean deleted = FALSE;
      g_autoptr(GPtrArray) texts = row_texts (devices[0].store, fixture->visit, rows[r], r >= N_QUESTIONS, &deleted);
      gboolean deletion_kept = FALSE;

      for (guint i = 0; i < edits->len; i++)
        {
          const Edit *edit = g_ptr_array_index (edits, i);

          if (edit->row != r)
            continue;
          if (edit->deletion)
            {
              if (!edit->replaced && !deleted)
                g_error ("case %u: the deletion “%s” was lost, though no change replaced it", seed, edit->text);
              deletion_kept |= !edit->replaced;
              continue;
            }
          if (!edit->replaced && !texts_hold (texts, edit->text))
            g_error ("case %u: “%s” was lost, though no change replaced it", seed, edit->text);
          if (edit->replaced && texts_hold (texts, edit->text))
            g_error ("case %u: “%s” is still there, though a change made after it replaced it", seed, edit->text);
        }
      /* A row only deleted by replaced deletions was brought back. */
      if (deleted && !deletion_kept)
        g_error ("case %u: row %u is deleted, though every deletion of it was replaced", seed, r);
    }

  /* The repeat: removed only by a removal that stands, and every change
   * inside it either seen by such a removal or listed against it, alike
   * on every device.
   */
  {
    gboolean live = has_repeat (devices[0].store, fixture->visit, repeat->uuid);
    g_autoptr(GPtrArray) texts = repeat_texts (devices[0].store, fixture->visit, repeat);
    g_autoptr(GPtrArray) unseen = unseen_by_removal (devices[0].store, repeat);
    g_autofree char *key = g_strdup_printf ("answer %s - %s", repeat->question, repeat->uuid);
    gboolean removal_stands = FALSE;

    for (guint d = 1; d < N_DEVICES; d++)
      {
        g_autoptr(GPtrArray) theirs = unseen_by_removal (devices[d].store, repeat);

        if (theirs->len != unseen->len || has_repeat (devices[d].store, fixture->visit, repeat->uuid) != live)
          g_error ("case %u: device %u says otherwise than device 0 of the repeat's removal", seed, d);
      }
    if (live && unseen->len > 0)
      g_error ("case %u: the repeat is shown, yet changes are listed against its removal", seed);

    for (guint i = 0; i < edits->len; i++)
      {
        const Edit *edit = g_ptr_array_index (edits, i);

        removal_stands |= edit->row == REPEAT_ROW && edit->deletion && !edit->replaced;
      }
    if (!live && !removal_stands)
      g_error ("case %u: the repeat is removed, though every removal of it was undone", seed);

    for (guint i = 0; i < edits->len; i++)
      {
        const Edit *edit = g_ptr_array_index (edits, i);
        gboolean seen_by_removal = FALSE;

        if (edit->row != IN_REPEAT)
          continue;
        if (edit->replaced)
          {
            if (texts_hold (texts, edit->text))
              g_error ("case %u: “%s” is still there, though a change made after it replaced it", seed, edit->text);
            continue;
          }
        if (!texts_hold (texts, edit->text))
          g_error ("case %u: “%s” was lost, though no change replaced it", seed, edit->text);
        if (live)
          continue;
        for (guint j = 0; j < edits->len; j++)
          {
            const Edit *removal = g_ptr_array_index (edits, j);

            seen_by_removal |= removal->row == REPEAT_ROW && removal->deletion && !removal->replaced &&
                               g_hash_table_contains (removal->seen, GUINT_TO_POINTER (i + 1));
          }
        if (!seen_by_removal && !g_ptr_array_find_with_equal_func (unseen, key, g_str_equal, NULL))
          g_error ("case %u: “%s” is hidden with the removed repeat, though no removal had seen it", seed, edit->text);
      }
  }

  for (guint d = 0; d < N_DEVICES; d++)
    {
      g_clear_object (&devices[d].store);
      g_hash_table_unref (devices[d].seen);
    }
  {
    g_autofree char *folder = g_build_filename (fixture->folder, case_dir, NULL);
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", folder);

    g_assert_cmpint (system (command), ==, 0);
  }
}

static void
test_property (Fixture       *fixture,
               gconstpointer  data)
{
  const char *seed_text = g_getenv ("WALKROUND_MERGE_SEED");
  const char *cases_text = g_getenv ("WALKROUND_MERGE_CASES");
  guint32 seed = seed_text ? (guint32) g_ascii_strtoull (seed_text, NULL, 10) : 20261207;
  guint n_cases = cases_text ? (guint) g_ascii_strtoull (cases_text, NULL, 10) : 12;
  g_autoptr(GPtrArray) answers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *start = NULL;
  const char *rows[N_ROWS];
  g_autoptr(GPtrArray) observations = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *repeat_question = NULL;
  g_autofree char *repeat_uuid = NULL;
  Repeat repeat;
  guint n = 0;

  /* Five answers of the draft visit, outside repeats and teams. */
  answers = wr_store_list_answers (fixture->a, fixture->visit, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < answers->len && n < N_QUESTIONS; i++)
    {
      WrAnswer *answer = g_ptr_array_index (answers, i);

      if ((answer->member_uuid == NULL || answer->member_uuid[0] == '\0') &&
          (answer->repeat_uuid == NULL || answer->repeat_uuid[0] == '\0'))
        rows[n++] = answer->question_id;
    }
  g_assert_cmpuint (n, ==, N_QUESTIONS);
  for (guint i = 0; i < N_OBSERVATIONS; i++)
    {
      WrObservationFields fields = { .text = "As it was at the start", .kind = "good-practice" };

      g_ptr_array_add (observations, wr_store_add_observation (fixture->a, fixture->visit, &fields, &error));
      g_assert_no_error (error);
      rows[n++] = g_ptr_array_index (observations, i);
    }

  /* A repeat of the visit, from a repeatable section its form has, and
   * an answer inside it.
   */
  {
    g_autoptr(sqlite3_stmt) stmt = NULL;
    WrAnswerKey in_repeat = { NULL, NULL, NULL };

    g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (fixture->a),
                                         "SELECT r.section_id, a.question_id FROM repeats r"
                                         " JOIN answers a ON a.repeat_uuid = r.uuid AND a.member_uuid = ''"
                                         " JOIN visits v ON v.id = r.visit_id"
                                         " WHERE v.form_id = (SELECT form_id FROM visits WHERE uuid = ?)"
                                         " ORDER BY r.id, a.question_id LIMIT 1",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    sqlite3_bind_text (stmt, 1, fixture->visit, -1, SQLITE_TRANSIENT);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    repeat_question = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    repeat_uuid = wr_store_add_repeat (fixture->a, fixture->visit, (const char *) sqlite3_column_text (stmt, 0), &error);
    g_assert_no_error (error);
    in_repeat.question_id = repeat_question;
    in_repeat.repeat_uuid = repeat_uuid;
    g_assert_true (wr_store_set_answer_comment (fixture->a, fixture->visit, &in_repeat, "As it was at the start",
                                                &error));
    g_assert_no_error (error);
    repeat.question = repeat_question;
    repeat.uuid = repeat_uuid;
  }

  /* The devices share that visit only, so that each pack is one visit. */
  {
    g_autoptr(WrScope) scope = wr_scope_new ();
    g_autoptr(WrPackWriter) writer = wr_pack_writer_new (fixture->a, fixture->library);

    start = g_build_filename (fixture->folder, "property-start.xml", NULL);
    g_assert_true (wr_scope_add_visit (scope, fixture->visit, &error));
    wr_pack_writer_set_filter (writer, scope);
    g_assert_true (wr_pack_writer_write_file (writer, start, NULL, &error));
    g_assert_no_error (error);
  }

  g_test_message ("WALKROUND_MERGE_SEED=%u WALKROUND_MERGE_CASES=%u", seed, n_cases);
  for (guint i = 0; i < n_cases; i++)
    run_property_case (fixture, start, rows, &repeat, seed + i);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/pack-merge/different-rows", Fixture, NULL, fixture_set_up, test_different_rows, fixture_tear_down);
  g_test_add ("/pack-merge/same-row", Fixture, NULL, fixture_set_up, test_same_row, fixture_tear_down);
  g_test_add ("/pack-merge/deleted-row", Fixture, NULL, fixture_set_up, test_deleted_row, fixture_tear_down);
  g_test_add ("/pack-merge/completion", Fixture, NULL, fixture_set_up, test_completion, fixture_tear_down);
  g_test_add ("/pack-merge/removal", Fixture, NULL, fixture_set_up, test_removal, fixture_tear_down);
  g_test_add ("/pack-merge/same-change", Fixture, NULL, fixture_set_up, test_same_change, fixture_tear_down);
  g_test_add ("/pack-merge/cli", Fixture, NULL, fixture_set_up, test_cli, fixture_tear_down);
  g_test_add ("/pack-merge/property", Fixture, NULL, fixture_set_up, test_property, fixture_tear_down);

  return g_test_run ();
}
