/* test-pack-reader.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Importing evidence packs: the merge (new, updated, unchanged, older,
 * conflicts), round trips through the writer, the union of two devices'
 * packs, and hostile packs, each refused with its own message and the
 * database left byte for byte as it was.
 */

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <libxml/xmlreader.h>
#include <string.h>

#include "wr-autocleanups.h"
#include "wr-demo.h"
#include "wr-pack-digest.h"
#include "wr-pack-format.h"
#include "wr-pack-reader.h"
#include "wr-pack-reader-private.h"
#include "wr-pack-writer.h"
#include "wr-paths.h"
#include "wr-store-private.h"
#include "wr-core-test-utils.h"
#include "wr-visit-session.h"

#define NS "https://walkround.github.io/ns/evidence-pack/1"
#define VISIT_1 "6a0d2a8e-1b7c-4f3e-9d52-0e8c4b7a1f33"
#define VISIT_2 "7b1e3b9f-2c8d-4a4f-8e63-1f9d5c8b2a44"

typedef struct
{
  char          *folder;
  WrStore       *store;
  WrFormLibrary *library;
  guint          digest_backlog;
} Fixture;

static WrStore *
open_store (const char *folder)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (folder, "walkround.db", NULL);
  WrStore *store;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  store = wr_store_open (path, &error);
  g_assert_no_error (error);
  wr_store_set_user (store, "Test Importer");

  return store;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  /* Each test has its own folders: the data folder is not the first one's. */
  fixture->folder = g_build_filename (g_get_user_data_dir (), "walkround", NULL);
  wr_paths_set_data_dir (fixture->folder);
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  fixture->store = open_store (fixture->folder);
  fixture->library = wr_form_library_new_default (NULL);
  fixture->digest_backlog = GPOINTER_TO_UINT (data);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->library);
  g_free (fixture->folder);
}

static char *
example_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "data", "packs", "example.xml", NULL);
}

static char *
read_example (void)
{
  g_autofree char *path = example_path ();
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  return text;
}

static gboolean
import_full (Fixture             *fixture,
             const char          *path,
             gboolean             dry_run,
             WrPackImportCounts  *counts,
             GError             **error)
{
  g_autoptr(WrPackReader) reader = wr_pack_reader_new (fixture->store, fixture->library);
  /* Test packs come from this test's other databases, or from before
   * packs were signed: taken as `import --trust-new-device
   * --allow-unsigned` takes them; a bad signature is still refused. */
  wr_pack_reader_set_trust_new_device (reader, TRUE);
  wr_pack_reader_set_allow_unsigned (reader, TRUE);

  _wr_pack_reader_set_digest_backlog (reader, fixture->digest_backlog);
  wr_pack_reader_set_dry_run (reader, dry_run);
  return wr_pack_reader_import_file (reader, path, NULL, counts, error);
}

static void
assert_import (Fixture    *fixture,
               const char *path,
               guint       n_new,
               guint       n_updated,
               guint       n_unchanged,
               guint       n_conflicts)
{
  g_autoptr(GError) error = NULL;
  WrPackImportCounts counts = { 0 };

  import_full (fixture, path, FALSE, &counts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counts.n_new, ==, n_new);
  g_assert_cmpuint (counts.n_updated, ==, n_updated);
  g_assert_cmpuint (counts.n_unchanged, ==, n_unchanged);
  g_assert_cmpuint (counts.n_conflicts, ==, n_conflicts);
}

static gint64
query_int (WrStore    *store,
           const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static char *
query_text (WrStore    *store,
            const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static char *
write_temp (const char *name,
            const char *text)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "packs", NULL);
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);

  return path;
}

static char *
replace_once (const char *text,
              const char *from,
              const char *to)
{
  g_auto(GStrv) parts = g_strsplit (text, from, 2);

  g_assert_nonnull (parts[1]);
  return g_strconcat (parts[0], to, parts[1], NULL);
}

/* Digests ---------------------------------------------------------------------------- */

typedef struct
{
  char *uuid;
  char *computed;
  char *stated;
} VisitDigest;

static void
visit_digest_free (gpointer data)
{
  VisitDigest *digest = data;

  g_free (digest->uuid);
  g_free (digest->computed);
  g_free (digest->stated);
  g_free (digest);
}

/* Each visit's uuid, computed digest and stated digest, as the test of the
 * digest reads them.
 */
static GPtrArray *
read_digests (xmlTextReader *reader)
{
  g_autoptr(GPtrArray) digests = g_ptr_array_new_with_free_func (visit_digest_free);
  g_autoptr(WrPackDigest) digest = NULL;
  VisitDigest *current = NULL;
  gboolean in_digest = FALSE;
  int rc;

  while ((rc = xmlTextReaderRead (reader)) == 1)
    {
      int type = xmlTextReaderNodeType (reader);
      const char *name = (const char *) xmlTextReaderConstLocalName (reader);
      int depth = xmlTextReaderDepth (reader);

      if (digest == NULL)
        {
          if (type != XML_READER_TYPE_ELEMENT || !g_str_equal (name, "visit") || depth != 2)
            continue;
          digest = wr_pack_digest_new ();
          current = g_new0 (VisitDigest, 1);
          current->uuid = (char *) xmlTextReaderGetAttribute (reader, BAD_CAST "uuid");
          current->stated = g_strdup ("");
          g_ptr_array_add (digests, current);
        }

      if (type == XML_READER_TYPE_ELEMENT && g_str_equal (name, "digest") && depth == 3)
        in_digest = TRUE;
      else if (type == XML_READER_TYPE_END_ELEMENT && in_digest)
        in_digest = FALSE;
      else if (in_digest && type == XML_READER_TYPE_TEXT)
        {
          g_autofree char *stated = current->stated;

          current->stated = g_strconcat (stated, xmlTextReaderConstValue (reader), NULL);
        }

      wr_pack_digest_feed_node (digest, reader);

      if (type == XML_READER_TYPE_END_ELEMENT && depth == 2)
        {
          current->computed = wr_pack_digest_finish (digest);
          g_clear_pointer (&digest, wr_pack_digest_free);
        }
    }
  g_assert_cmpint (rc, ==, 0);

  return g_steal_pointer (&digests);
}

static GPtrArray *
digests_of_file (const char *path)
{
  g_autoptr(xmlTextReader) reader = xmlReaderForFile (path, NULL, XML_PARSE_NONET);

  g_assert_nonnull (reader);
  return read_digests (reader);
}

/* The text with every visit's stated digest made right again, as a writer
 * that made the change would have written it.
 */
static char *
fix_digests (const char *text)
{
  g_autoptr(xmlTextReader) reader = xmlReaderForMemory (text, strlen (text), NULL, "UTF-8", XML_PARSE_NONET);
  g_autoptr(GPtrArray) digests = read_digests (reader);
  char *fixed = g_strdup (text);

  for (guint i = 0; i < digests->len; i++)
    {
      VisitDigest *digest = g_ptr_array_index (digests, i);

      if (!g_str_equal (digest->computed, digest->stated))
        {
          char *next = replace_once (fixed, digest->stated, digest->computed);

          g_free (fixed);
          fixed = next;
        }
    }

  return fixed;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* "uuid digest" lines, sorted, with every stated digest checked. */
static char *
digest_list (const char *path)
{
  g_autoptr(GPtrArray) digests = digests_of_file (path);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < digests->len; i++)
    {
      VisitDigest *digest = g_ptr_array_index (digests, i);

      g_assert_cmpstr (digest->computed, ==, digest->stated);
      g_ptr_array_add (lines, g_strdup_printf ("%s %s", digest->uuid, digest->computed));
    }
  g_ptr_array_sort (lines, compare_strings);
  g_ptr_array_add (lines, NULL);

  return g_strjoinv ("\n", (char **) lines->pdata);
}

/* The merge -------------------------------------------------------------------------- */

/* Each text is in the search index under its own row, with its own words:
 * the visit's id × 2³² plus 2 × the observation's id, or 2 × the answer's
 * id + 1.
 */
static void
assert_text_index (WrStore *store)
{
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM answers WHERE comment != ''"), >, 0);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM answers a JOIN text_index t"
                                     " ON t.rowid = (a.visit_id << 32) | (a.id * 2 + 1)"
                                     " AND t.body = a.comment || ' ' || CASE WHEN a.free_text THEN ifnull (a.value, '') ELSE '' END"), ==,
                   query_int (store, "SELECT count (*) FROM answers WHERE comment != '' OR (free_text AND ifnull (value, '') != '')"));
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM observations o JOIN text_index t"
                                     " ON t.rowid = (o.visit_id << 32) | (o.id * 2) AND t.body = o.text"), ==,
                   query_int (store, "SELECT count (*) FROM observations"));
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM text_index"), ==,
                   query_int (store, "SELECT count (*) FROM observations") +
                   query_int (store, "SELECT count (*) FROM answers WHERE comment != '' OR (free_text AND ifnull (value, '') != '')"));
}

static void
test_example (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = example_path ();
  g_autofree char *form = g_build_filename (fixture->folder, "pack-forms", "example-walk-v1.xml", NULL);
  g_autofree char *sha256 = NULL;
  g_autofree char *answer = NULL;
  g_autoptr(GError) error = NULL;
  WrPackImportCounts counts = { 0 };

  g_assert_true (import_full (fixture, path, FALSE, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.n_new, ==, 2);
  g_assert_cmpuint (counts.n_services_added, ==, 1);
  g_assert_cmpuint (counts.n_forms_installed, ==, 1);
  g_assert_true (g_file_test (form, G_FILE_TEST_IS_REGULAR));

  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM visits"), ==, 2);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM team_members"), ==, 3);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM answers"), ==, 3);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM observation_links"), ==, 2);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM actions WHERE due = '2026-04-01'"), ==, 1);
  g_assert_cmpint (query_int (fixture->store, "SELECT length (data) FROM attachments"), ==, 69);
  sha256 = query_text (fixture->store, "SELECT sha256 FROM attachments");
  g_assert_cmpstr (sha256, ==, "8b209804013314857700e6cb601f63de72e12b2480c25c86973a0bdf53fdc7d0");
  answer = query_text (fixture->store, "SELECT value FROM answers WHERE question_id = 'env-notes'");
  g_assert_cmpstr (answer, ==, "Bright day room; the garden door was locked.\nStaff said the key is kept at the desk.");
  /* The pack's own times, not the time of the import. */
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM visits WHERE created = '2026-03-04T10:15:02.113000+00:00'"), ==, 1);
  /* Audited as imported, by whoever imported it. */
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM audit_log WHERE who = 'Test Importer'"
                                              " AND new_value LIKE '%imported from %example.xml'"), ==, 3);
  /* Found by search, as typed answers are. */
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM text_index WHERE text_index MATCH 'garden'"), ==, 1);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM text_index WHERE text_index MATCH 'linen flooded'"), ==, 1);
  /* Team members are found by name. */
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM people_index WHERE people_index MATCH 'okafor'"), ==, 1);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM people_index"), ==,
                   query_int (fixture->store, "SELECT count (*) FROM team_members"));
  /* Every typed text once: an observation, and answers with a comment or typed value. */
  assert_text_index (fixture->store);

  /* Twice changes nothing. */
  assert_import (fixture, path, 0, 0, 2, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM audit_log"), ==, 3);
}

static void
test_dry_run (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = example_path ();
  g_autofree char *forms = g_build_filename (fixture->folder, "pack-forms", NULL);
  g_autoptr(GError) error = NULL;
  WrPackImportCounts counts = { 0 };

  g_assert_true (import_full (fixture, path, TRUE, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.n_new, ==, 2);
  g_assert_cmpuint (counts.n_forms_installed, ==, 1);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM visits"), ==, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM services"), ==, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM audit_log"), ==, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM text_index"), ==, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM people_index"), ==, 0);
  g_assert_false (g_file_test (forms, G_FILE_TEST_EXISTS));
}

static void
test_newer_and_older (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = example_path ();
  g_autofree char *example = read_example ();
  g_autofree char *changed = NULL;
  g_autofree char *newer = NULL;
  g_autofree char *newer_path = NULL;
  g_autofree char *value = NULL;
  g_autoptr(GError) error = NULL;
  WrPackImportCounts counts = { 0 };

  assert_import (fixture, path, 2, 0, 0, 0);

  /* Visit 2, reopened elsewhere: revision 3 with another answer. */
  changed = replace_once (example, "revision=\"2\"", "revision=\"3\"");
  newer = replace_once (changed, "<value>yes</value>", "<value>no</value>\n          <comment>Checked again.</comment>");
  g_free (changed);
  changed = fix_digests (newer);
  newer_path = write_temp ("newer.xml", changed);

  assert_import (fixture, newer_path, 0, 1, 1, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT revision FROM visits WHERE uuid = '" VISIT_2 "'"), ==, 3);
  value = query_text (fixture->store, "SELECT a.value FROM answers a JOIN visits v ON v.id = a.visit_id"
                                      " WHERE v.uuid = '" VISIT_2 "'");
  g_assert_cmpstr (value, ==, "no");
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM answers"), ==, 3);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM text_index WHERE text_index MATCH 'again'"), ==, 1);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM people_index"), ==,
                   query_int (fixture->store, "SELECT count (*) FROM team_members"));
  /* The replaced visit's old text is gone from the index, not kept beside the new. */
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM text_index WHERE text_index MATCH 'garden'"), ==,
                   query_int (fixture->store, "SELECT count (*) FROM answers WHERE value LIKE '%garden%' OR comment LIKE '%garden%'"));

  /* The original pack is now older: ours is kept. */
  g_assert_true (import_full (fixture, path, FALSE, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.n_unchanged, ==, 2);
  g_assert_cmpuint (counts.n_older, ==, 1);
  g_assert_cmpint (query_int (fixture->store, "SELECT revision FROM visits WHERE uuid = '" VISIT_2 "'"), ==, 3);
}

static char *
answer_of_visit_2 (WrStore *store)
{
  return query_text (store, "SELECT a.value FROM answers a JOIN visits v ON v.id = a.visit_id"
                            " WHERE v.uuid = '" VISIT_2 "'");
}

static GPtrArray *
list_conflicts (WrStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *conflicts = wr_pack_list_conflicts (store, &error);

  g_assert_no_error (error);
  return conflicts;
}

/* Ours changed here, as the visit page would change it. */
static void
change_here (WrStore    *store,
             const char *sql)
{
  g_assert_cmpint (sqlite3_exec (_wr_store_get_db (store), sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (_wr_store_get_db (store)), >, 0);
}

static char *
variant (const char *example,
         const char *old,
         const char *new,
         const char *name)
{
  g_autofree char *changed = replace_once (example, old, new);
  g_autofree char *fixed = fix_digests (changed);

  return write_temp (name, fixed);
}

/* A draft changes without a new revision, so at one revision other content
 * is newer if ours is still what a pack gave us, old news if we had it
 * before, and a conflict only when both sides changed.
 */
static void
test_conflict (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *path = example_path ();
  g_autofree char *example = read_example ();
  g_autofree char *theirs_path = variant (example, "<value>yes</value>", "<value>no</value>", "theirs.xml");
  g_autofree char *second_path = variant (example, "<value>yes</value>", "<value>na</value>", "second.xml");
  g_autofree char *third_path = variant (example, "<value>yes</value>", "<value>partly</value>", "third.xml");
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  WrPackConflict *conflict;

  assert_import (fixture, path, 2, 0, 0, 0);

  /* Theirs changed, ours did not: theirs is newer. */
  assert_import (fixture, theirs_path, 0, 1, 1, 0);
  value = answer_of_visit_2 (fixture->store);
  g_assert_cmpstr (value, ==, "no");

  /* The first pack again is old news. */
  assert_import (fixture, path, 0, 0, 2, 0);
  g_clear_pointer (&value, g_free);
  value = answer_of_visit_2 (fixture->store);
  g_assert_cmpstr (value, ==, "no");

  /* Both changed: both are kept. */
  change_here (fixture->store, "UPDATE answers SET comment = 'Changed here'"
                               " WHERE visit_id = (SELECT id FROM visits WHERE uuid = '" VISIT_2 "')");
  assert_import (fixture, second_path, 0, 0, 1, 1);
  g_clear_pointer (&value, g_free);
  value = answer_of_visit_2 (fixture->store);
  g_assert_cmpstr (value, ==, "no");
  conflicts = list_conflicts (fixture->store);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = g_ptr_array_index (conflicts, 0);
  g_assert_cmpstr (conflict->visit_uuid, ==, VISIT_2);
  g_assert_cmpuint (conflict->revision, ==, 2);
  g_assert_true (g_str_has_suffix (conflict->source, "second.xml"));
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM audit_log WHERE field = 'conflict'"), ==, 1);

  /* Found again, it is still one conflict. */
  assert_import (fixture, second_path, 0, 0, 1, 1);
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  conflicts = list_conflicts (fixture->store);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = g_ptr_array_index (conflicts, 0);

  /* Ours: theirs is dropped, ours is as it was, and theirs coming again is
   * old news.
   */
  g_assert_true (wr_pack_resolve_conflict (fixture->store, conflict->id, WR_PACK_SIDE_OURS, &error));
  g_assert_no_error (error);
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  conflicts = list_conflicts (fixture->store);
  g_assert_cmpuint (conflicts->len, ==, 0);
  g_clear_pointer (&value, g_free);
  value = answer_of_visit_2 (fixture->store);
  g_assert_cmpstr (value, ==, "no");
  assert_import (fixture, second_path, 0, 0, 2, 0);
  g_assert_false (wr_pack_resolve_conflict (fixture->store, 999, WR_PACK_SIDE_OURS, &error));
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Theirs: it replaces ours, at the same revision. */
  assert_import (fixture, third_path, 0, 0, 1, 1);
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  conflicts = list_conflicts (fixture->store);
  conflict = g_ptr_array_index (conflicts, 0);
  g_assert_true (wr_pack_resolve_conflict (fixture->store, conflict->id, WR_PACK_SIDE_THEIRS, &error));
  g_assert_no_error (error);
  g_clear_pointer (&value, g_free);
  value = answer_of_visit_2 (fixture->store);
  g_assert_cmpstr (value, ==, "partly");
  g_assert_cmpint (query_int (fixture->store, "SELECT revision FROM visits WHERE uuid = '" VISIT_2 "'"), ==, 2);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM conflicts"), ==, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM audit_log WHERE field = 'conflict'"
                                              " AND new_value LIKE 'kept theirs%'"), ==, 1);

  /* Theirs is now ours; every earlier pack is old news. */
  assert_import (fixture, third_path, 0, 0, 2, 0);
  assert_import (fixture, theirs_path, 0, 0, 2, 0);
  assert_import (fixture, path, 0, 0, 2, 0);
}

/* A visit with an attachment whose copy is kept in a conflict comes back
 * whole, bytes included.
 */
static void
test_conflict_attachment (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *path = example_path ();
  g_autofree char *example = read_example ();
  g_autofree char *theirs_path = variant (example, "The corridor by bay 3.", "The corridor by bay 4.",
                                          "theirs-caption.xml");
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *caption = NULL;
  g_autofree char *sha256 = NULL;

  assert_import (fixture, path, 2, 0, 0, 0);
  change_here (fixture->store, "UPDATE attachments SET caption = 'Changed here'");
  assert_import (fixture, theirs_path, 0, 0, 1, 1);
  conflicts = list_conflicts (fixture->store);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_true (wr_pack_resolve_conflict (fixture->store, ((WrPackConflict *) g_ptr_array_index (conflicts, 0))->id,
                                           WR_PACK_SIDE_THEIRS, &error));
  g_assert_no_error (error);
  caption = query_text (fixture->store, "SELECT caption FROM attachments");
  g_assert_cmpstr (caption, ==, "The corridor by bay 4.");
  sha256 = query_text (fixture->store, "SELECT sha256 FROM attachments WHERE length (data) = 69");
  g_assert_cmpstr (sha256, ==, "8b209804013314857700e6cb601f63de72e12b2480c25c86973a0bdf53fdc7d0");
  assert_import (fixture, theirs_path, 0, 0, 2, 0);
}

/* A form already installed with other content under the same id and
 * version stops the import.
 */
static void
test_form_differs (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = example_path ();
  g_autofree char *forms = g_build_filename (fixture->folder, "forms", NULL);
  g_autofree char *form = g_build_filename (forms, "example-walk-v1.xml", NULL);
  g_autoptr(WrFormLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  WrPackImportCounts counts = { 0 };
  const char *other =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<form xmlns=\"https://walkround.github.io/ns/form/1\" id=\"example-walk\" version=\"1\" kind=\"quality-visit\" xml:lang=\"en-GB\">\n"
    "  <title>Another walk</title>\n"
    "  <section id=\"environment\">\n"
    "    <title>Environment</title>\n"
    "    <question id=\"env-clean\" type=\"yes-no-na\"><label>Clean?</label></question>\n"
    "  </section>\n"
    "</form>\n";

  g_assert_cmpint (g_mkdir_with_parents (forms, 0700), ==, 0);
  g_assert_true (g_file_set_contents (form, other, -1, NULL));
  library = wr_form_library_new_default (NULL);
  g_assert_nonnull (wr_form_library_lookup (library, "example-walk", 1));
  g_set_object (&fixture->library, library);

  g_assert_false (import_full (fixture, path, FALSE, &counts, &error));
  g_assert_error (error, WR_PACK_ERROR, WR_PACK_ERROR_FORM_MISSING);
  g_assert_nonnull (strstr (error->message, "example.xml:14: the form “example-walk” version 1"));
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM visits"), ==, 0);
}

static void
test_progress_and_cancel (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *path = example_path ();
  g_autoptr(WrPackReader) reader = wr_pack_reader_new (fixture->store, fixture->library);
  /* Test packs come from this test's other databases, or from before
   * packs were signed: taken as `import --trust-new-device
   * --allow-unsigned` takes them; a bad signature is still refused. */
  wr_pack_reader_set_trust_new_device (reader, TRUE);
  wr_pack_reader_set_allow_unsigned (reader, TRUE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  guint n_visits;
  guint64 bytes_read;
  guint64 total;

  _wr_pack_reader_set_digest_backlog (reader, fixture->digest_backlog);
  g_cancellable_cancel (cancellable);
  g_assert_false (wr_pack_reader_import_file (reader, path, cancellable, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM visits"), ==, 0);

  g_assert_true (wr_pack_reader_import_file (reader, path, NULL, NULL, &error));
  g_assert_no_error (error);
  wr_pack_reader_get_progress (reader, &n_visits, &bytes_read, &total);
  g_assert_cmpuint (n_visits, ==, 2);
  g_assert_cmpuint (bytes_read, ==, total);
  g_assert_cmpuint (total, >, 0);
}

/* Hostile packs ---------------------------------------------------------------------- */

typedef struct
{
  const char *name;
  int         line;        /* 0: any */
  const char *visit;       /* NULL: none named */
  const char *what;
} BadPack;

static const BadPack bad_packs[] = {
  { "malformed.xml", 46, NULL, "not well-formed XML: Opening and ending tag mismatch" },
  { "wrong-namespace.xml", 5, NULL, "this is not a Walkround evidence pack" },
  { "unknown-version.xml", 5, NULL, "format version “7”, which this Walkround cannot read" },
  { "older-version-action-repeat.xml", 72, VISIT_1,
    "a pack of format version 2 has no “repeat” on an <action>, which version 3 added" },
  { "older-version-change.xml", 72, VISIT_1, "a pack of format version 3 has no “change” in <action>, which version 4 added" },
  { "invalid-element.xml", 43, VISIT_1, "schema: Element 'crew': This element is not expected" },
  { "invalid-kind.xml", 62, VISIT_1, "schema: Element 'observation', attribute 'kind'" },
  { "invalid-missing-attribute.xml", 45, VISIT_1, "The attribute 'role' is required but missing" },
  { "invalid-order.xml", 95, VISIT_2, "schema: Element 'answers': Missing child element(s)" },
  { "invalid-uuid.xml", 72, VISIT_1, "attribute 'uuid': [facet 'pattern']" },
  /* 201 two-byte characters: counted as characters, as libxml2 does. */
  { "invalid-too-long.xml", 72, VISIT_1,
    "attribute 'owner': [facet 'maxLength'] The value 'ééé" },
  { "invalid-too-long.xml", 72, VISIT_1, "has a length of '201'; this exceeds the allowed maximum length of '200'." },
  { "changed-answer.xml", 94, VISIT_2, "the digest does not match its content" },
  { "truncated.xml", 70, NULL, "not well-formed XML: it ends early, so it was cut short" },
  { "truncated-in-tag.xml", 48, NULL, "not well-formed XML: it ends early, so it was cut short" },
  { "external-entity.xml", 4, NULL, "DOCTYPE" },
  { "billion-laughs.xml", 4, NULL, "DOCTYPE" },
  { "doctype-after-comment.xml", 6, NULL, "DOCTYPE" },
  { "duplicate-visit.xml", 112, VISIT_2, "the pack holds this visit twice" },
  { "attachment-bytes.xml", 81, VISIT_1, "do not match its SHA-256" },
  { "attachment-size.xml", 81, VISIT_1, "has 69 bytes where its size says 70" },
  { "form-bytes.xml", 14, NULL, "the form “example-walk” version 1 does not match its size and SHA-256" },
  { "form-not-in-pack.xml", 94, VISIT_2, "not among the pack’s forms" },
  { "service-not-in-pack.xml", 94, VISIT_2, "its service 1c6f5a52-3f4b-4d7e-8a11-6b2d9e0f4c21 is not among the pack’s services" },
  /* The schema's identity constraints and patterns, which the reader checks itself. */
  { "duplicate-form.xml", 29, NULL, "holds the form with SHA-256 32baa0fb" },
  { "duplicate-form-version.xml", 29, NULL, "holds two forms “example-walk” version 1 with different content" },
  { "duplicate-service.xml", 37, NULL, "holds the service 0c6f5a52-3f4b-4d7e-8a11-6b2d9e0f4c21 twice" },
  { "duplicate-row.xml", 72, VISIT_1, "a second row with the uuid 2f7d9c10-4e8a-4b1f-8c3d-5a6e7f809a12, in <action>" },
  { "duplicate-answer.xml", 54, VISIT_1, "a second answer to the question env-clean for the same member and repeat" },
  { "blank-action.xml", 42, VISIT_1, "the action d52b8fa3-6e4c-4f70-9b2d-8c3e0f1a2b45 has no text" },
  { "invalid-date.xml", 72, VISIT_1, "Element 'action', attribute 'due': [facet 'pattern'] The value '2026-04-01Z'" },
  { "invalid-digest-text.xml", 86, VISIT_1, "Element 'digest': [facet 'pattern']" },
  { "missing-digest.xml", 86, VISIT_1, "Element 'visit': Missing child element(s)" },
  { "empty.xml", 1, NULL, "the file is empty" },
  { "not-xml.xml", 1, NULL, "not well-formed XML" },
  /* Made at test time by make-bad-packs.py --big. */
  { "deep-nesting.xml", 101, VISIT_2, "Element content is not allowed" },
  { "huge-text.xml", 101, NULL, "a text or tag in the pack is longer than any an evidence pack has" },
  { "huge-text-20mb.xml", 101, NULL, "a text or tag in the pack is longer than any an evidence pack has" },
  { "huge-attribute.xml", 45, NULL, "a text or tag in the pack is longer than any an evidence pack has" },
};

/* The database's files, byte for byte, and the forms folder's names. */
static char *
fingerprint (Fixture *fixture)
{
  g_autoptr(GString) print = g_string_new (NULL);
  const char * const suffixes[] = { "", "-wal", NULL };
  g_autofree char *forms = g_build_filename (fixture->folder, "forms", NULL);
  g_autofree char *pack_forms = g_build_filename (fixture->folder, "pack-forms", NULL);
  g_autoptr(GDir) dir = g_dir_open (forms, 0, NULL);
  g_autoptr(GDir) pack_dir = g_dir_open (pack_forms, 0, NULL);
  const char *name;

  for (guint i = 0; suffixes[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (wr_store_get_path (fixture->store), suffixes[i], NULL);
      g_autofree char *bytes = NULL;
      gsize len = 0;

      if (g_file_get_contents (path, &bytes, &len, NULL))
        {
          g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) bytes, len);

          g_string_append_printf (print, "%s%s %s\n", "db", suffixes[i], sha);
        }
    }
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_string_append_printf (print, "form %s\n", name);
  while (pack_dir != NULL && (name = g_dir_read_name (pack_dir)) != NULL)
    g_string_append_printf (print, "pack form %s\n", name);

  return g_string_free (g_steal_pointer (&print), FALSE);
}

static void
assert_refused (Fixture       *fixture,
                const BadPack *bad,
                const char    *path)
{
  g_autofree char *before = fingerprint (fixture);
  g_autofree char *after = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *visit = NULL;
  g_autoptr(GError) error = NULL;
  WrPackImportCounts counts = { 0 };

  g_test_message ("%s", bad->name);
  g_assert_false (import_full (fixture, path, FALSE, &counts, &error));
  g_assert_error (error, WR_PACK_ERROR, error->code);
  g_test_message ("%s", error->message);

  /* FILE:LINE: [visit UUID: ]what */
  prefix = bad->line > 0 ? g_strdup_printf ("%s:%d: ", path, bad->line) : g_strdup_printf ("%s:", path);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  visit = g_strdup_printf ("%svisit %s: ", prefix, bad->visit);
  if (bad->visit != NULL)
    g_assert_true (g_str_has_prefix (error->message, visit));
  else
    g_assert_null (strstr (error->message, ": visit "));
  g_assert_nonnull (strstr (error->message, bad->what));

  after = fingerprint (fixture);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM visits"), ==, 2);
}

static void
test_bad_packs (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *example = example_path ();
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "packs", "bad", NULL);
  g_autofree char *big = g_build_filename (g_get_user_cache_dir (), "big", NULL);
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "make-bad-packs.py", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *argv[] = { "python3", script, "--big", big, NULL };
  g_autofree char *python = g_find_program_in_path ("python3");
  const char *name;
  int status;

  if (python == NULL)
    {
      g_test_skip ("python3 makes the bad packs, and is not on the PATH (as under Wine)");
      return;
    }

  assert_import (fixture, example, 2, 0, 0, 0);
  /* A form left out, so that installing one would show. */
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (bad_packs); i++)
    {
      g_autofree char *path = g_build_filename (dir, bad_packs[i].name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_free (path);
          path = g_build_filename (big, bad_packs[i].name, NULL);
        }
      assert_refused (fixture, &bad_packs[i], path);
    }

  /* Every pack in the folder is in the table. */
  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (bad_packs); i++)
        found = found || g_str_equal (bad_packs[i].name, name);
      if (!found)
        g_error ("%s is not in the table of bad packs", name);
    }
}

/* Round trips through the writer ----------------------------------------------------- */

static const char odd_text[] = "Tab\there, CR LF\r\nthen \x01 a control, <b>&amp;</b> ]]> \"quoted\" 'too'";

/* Demo visits, and a draft with what demo visits lack: text XML cannot
 * carry, an attachment larger than one <data> element, deleted rows.
 */
static void
fill (WrStore       *store,
      WrFormLibrary *library,
      guint          n_visits,
      guint32        seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) large = NULL;
  g_autofree guint8 *large_data = NULL;
  g_autofree char *draft = NULL;
  g_autofree char *attachment = NULL;
  g_autofree char *observation = NULL;
  WrDemoOptions options = { n_visits, seed, "2026-11-27" };
  WrObservationFields fields = { .text = odd_text, .kind = "concern", .voice = "staff" };
  WrAnswerKey key = { "some-question", NULL, NULL };
  /* More than one <data> element's worth (768 KiB), kept small for the
   * sanitizer build.
   */
  gsize large_size = 1024 * 1024 + 12345;

  g_assert_true (wr_demo_fill (store, library, &options, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  /* A few demo visits may all be completed: reopen one. */
  draft = query_text (store, "SELECT uuid FROM visits ORDER BY status = 'draft' DESC, id LIMIT 1");
  if (query_int (store, "SELECT count (*) FROM visits WHERE status = 'draft'") == 0)
    {
      g_assert_true (wr_store_reopen_visit (store, draft, &error));
      g_assert_no_error (error);
    }
  g_free (wr_store_add_observation (store, draft, &fields, &error));
  g_assert_no_error (error);
  g_assert_true (wr_store_set_answer_comment (store, draft, &key, "Line one\r\nline two\ttab", &error));
  g_assert_no_error (error);

  large_data = g_malloc (large_size);
  for (gsize i = 0; i < large_size; i++)
    large_data[i] = (guint8) (i * 7 + i / 251 + seed);
  large = g_bytes_new_static (large_data, large_size);
  attachment = wr_store_add_attachment (store, draft, "some-question", "scan.pdf", "application/pdf", large, NULL, &error);
  g_assert_no_error (error);

  fields.text = "Deleted";
  observation = wr_store_add_observation (store, draft, &fields, &error);
  g_assert_no_error (error);
  g_assert_true (wr_store_delete_observation (store, observation, TRUE, &error));
  g_assert_no_error (error);
}

static void
export (WrStore       *store,
        WrFormLibrary *library,
        const char    *path)
{
  g_autoptr(WrPackWriter) writer = wr_pack_writer_new (store, library);
  g_autoptr(GError) error = NULL;

  g_assert_true (wr_pack_writer_write_file (writer, path, NULL, &error));
  g_assert_no_error (error);
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *first = g_build_filename (g_get_user_cache_dir (), "first.xml", NULL);
  g_autofree char *second = g_build_filename (g_get_user_cache_dir (), "second.xml", NULL);
  g_autofree char *other_folder = g_build_filename (g_get_user_cache_dir (), "other", NULL);
  g_autofree char *first_list = NULL;
  g_autofree char *second_list = NULL;
  g_autoptr(WrStore) other = NULL;
  gint64 photo_bytes;
  guint n_visits;

  fill (fixture->store, fixture->library, 16, 3);
  n_visits = (guint) query_int (fixture->store, "SELECT count (*) FROM visits WHERE deleted IS NULL");
  /* The demo's photos travel too. */
  photo_bytes = query_int (fixture->store, "SELECT ifnull (sum (length (a.data)), 0) FROM attachments a"
                                           " JOIN visits v ON v.id = a.visit_id WHERE v.deleted IS NULL"
                                           " AND a.deleted IS NULL AND a.file_name LIKE 'photo-%.jpg'");
  g_assert_cmpint (photo_bytes, >, 0);
  export (fixture->store, fixture->library, first);

  /* Our own pack is unchanged: the stored digest is the written one. */
  assert_import (fixture, first, 0, 0, n_visits, 0);

  /* Into an empty database, and out again: the same visits and digests. */
  other = open_store (other_folder);
  g_set_object (&fixture->store, other);
  assert_import (fixture, first, n_visits, 0, 0, 0);
  export (other, fixture->library, second);
  first_list = digest_list (first);
  second_list = digest_list (second);
  g_assert_cmpstr (first_list, ==, second_list);
  g_assert_cmpint (query_int (other, "SELECT sum (length (data)) FROM attachments"), ==,
                   1024 * 1024 + 12345 + photo_bytes);

  assert_text_index (other);
}


/* Characters ------------------------------------------------------------------------- */

/* Texts that must come out of a pack as they went in, whatever XML makes
 * of them: "&" (which libxml2's SAX2 hands over as "&#38;" in an attribute
 * value), the other characters XML escapes, white space that attribute-value
 * normalisation would turn into spaces, and characters outside ASCII (NBSP
 * and U+2028 among them, which some tools take for white space or a line
 * end). Each is framed by brackets: the store trims names.
 */
static const struct
{
  const char *name;
  const char *text;
} odd_texts[] = {
  { "service", "A&E" },
  { "owner", "Matron & ward manager" },
  { "member", "Smith & Jones" },
  { "ascii", NULL },  /* every printable ASCII character, made below */
  { "specials", "[< > & \" ' &amp; &#38; &lt; &#x26; ]]> <!-- --> <?x?> <![CDATA[ ]]]" },
  { "references", "[&&#38;&amp;&#38;#38; &#9;&#10;&#13;]" },
  { "white-space", "[tab\tline feed\ncr lf\r\ncr\rtwo  spaces\t\t]" },
  { "non-ascii", "[\xc3\xa9t\xc3\xa9 \xf0\x9f\x98\x80 nbsp\xc2\xa0nbsp line\xe2\x80\xa8separator \xe2\x82\xac \xef\xbb\xbf]" },
};

static char *
odd_text_at (guint i)
{
  GString *ascii;

  if (odd_texts[i].text != NULL)
    return g_strdup (odd_texts[i].text);

  ascii = g_string_new ("[");
  for (char c = ' '; c <= '~'; c++)
    g_string_append_c (ascii, c);
  g_string_append_c (ascii, ']');

  return g_string_free (ascii, FALSE);
}

/* A service and a visit to it with @text in every field a person can type:
 * each attribute and each text of a pack.
 */
static void
add_odd_visit (WrStore       *store,
               WrFormLibrary *library,
               const char    *text)
{
  g_autoptr(GError) error = NULL;
  WrForm *form = wr_form_library_lookup_default (library, "ned-visit");
  /* A CQC location id has a form of its own, checked by the store. */
  WrServiceFields service_fields = { text, text, text, text, "1-123456789" };
  g_autoptr(WrService) service = wr_store_add_service (store, &service_fields, &error);
  g_autoptr(WrVisit) visit = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autofree char *member = NULL;
  g_autofree char *observation = NULL;
  g_autofree char *action = NULL;
  g_autofree char *attachment = NULL;
  WrVisitFields fields = { NULL, };
  WrObservationFields observation_fields = { .text = text, .kind = "concern", .voice = "staff", .category = text };
  WrActionFields action_fields = { .text = text, .owner = text, .due = "2026-12-31" };
  WrAnswerKey key = { "staff-concerns", NULL, NULL };
  const char *uuid;

  g_assert_no_error (error);
  fields.kind = wr_form_kind_to_string (wr_form_get_kind (form));
  fields.form_id = wr_form_get_id (form);
  fields.form_version = wr_form_get_version (form);
  fields.form_sha256 = wr_form_get_sha256 (form);
  fields.service_id = wr_service_get_id (service);
  visit = wr_store_create_visit (store, &fields, &error);
  g_assert_no_error (error);
  uuid = wr_visit_get_uuid (visit);

  member = wr_store_add_member (store, uuid, text, "ned", &error);
  g_assert_no_error (error);
  g_assert_true (wr_store_set_answer (store, uuid, &key, text, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (wr_store_set_answer_comment (store, uuid, &key, text, &error));
  g_assert_no_error (error);
  observation = wr_store_add_observation (store, uuid, &observation_fields, &error);
  g_assert_no_error (error);
  action_fields.observation_uuid = observation;
  action = wr_store_add_action (store, uuid, &action_fields, &error);
  g_assert_no_error (error);
  attachment = wr_store_add_attachment (store, uuid, NULL, text, "text/plain", bytes, text, &error);
  g_assert_no_error (error);
}

/* The pack without the two lines that name when and where it was written. */
static char *
pack_body (const char *path)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (!g_str_has_prefix (lines[i], "<evidence-pack ") && !g_str_has_prefix (lines[i], "<generator ") &&
        !g_str_has_prefix (lines[i], "<signature "))
      g_string_append_printf (body, "%s\n", lines[i]);

  return g_strdup (body->str);
}

/* Every field add_odd_visit() fills, as the database holds it. */
static char *
odd_fields (WrStore *store)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  const char *sql =
    "SELECT s.name, s.directorate, s.site, s.type, s.cqc_location_id, m.name, a.value, a.comment,"
    "       o.text, o.category, ac.owner, ac.text, at.file_name, at.caption, at.data"
    "  FROM services s JOIN visits v ON v.service_id = s.id"
    "  JOIN team_members m ON m.visit_id = v.id JOIN answers a ON a.visit_id = v.id"
    "  JOIN observations o ON o.visit_id = v.id JOIN actions ac ON ac.visit_id = v.id"
    "  JOIN attachments at ON at.visit_id = v.id"
    " ORDER BY v.uuid";
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    for (int column = 0; column < sqlite3_column_count (stmt); column++)
      {
        g_string_append_len (out, (const char *) sqlite3_column_blob (stmt, column), sqlite3_column_bytes (stmt, column));
        g_string_append_c (out, column + 1 < sqlite3_column_count (stmt) ? '|' : '\n');
      }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  g_assert_cmpuint (out->len, >, 0);

  return g_strdup (out->str);
}

static void
test_characters (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *first = g_build_filename (g_get_user_cache_dir (), "first.xml", NULL);
  g_autofree char *second = g_build_filename (g_get_user_cache_dir (), "second.xml", NULL);
  g_autofree char *other_folder = g_build_filename (g_get_user_cache_dir (), "other", NULL);
  g_autofree char *first_body = NULL;
  g_autofree char *second_body = NULL;
  g_autofree char *first_rows = NULL;
  g_autofree char *second_rows = NULL;
  g_autoptr(WrStore) other = NULL;
  const guint n = G_N_ELEMENTS (odd_texts);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = odd_text_at (i);

      g_test_message ("%s: %s", odd_texts[i].name, text);
      add_odd_visit (fixture->store, fixture->library, text);
    }
  export (fixture->store, fixture->library, first);
  wr_test_assert_reference_digests (first);

  /* Our own pack is unchanged: the digests read are the digests written. */
  assert_import (fixture, first, 0, 0, n, 0);

  /* Into another database, and out again: the same bytes. */
  other = open_store (other_folder);
  g_set_object (&fixture->store, other);
  assert_import (fixture, first, n, 0, 0, 0);
  export (other, fixture->library, second);
  wr_test_assert_reference_digests (second);
  first_body = pack_body (first);
  second_body = pack_body (second);
  g_assert_cmpstr (first_body, ==, second_body);

  /* And in the second database, each field as the first one has it, and a
   * name as it was typed (less the white space around it).
   */
  first_rows = odd_fields (fixture->store);
  second_rows = odd_fields (other);
  g_assert_cmpstr (first_rows, ==, second_rows);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = odd_text_at (i);
      g_autofree char *name = g_strstrip (g_strdup (text));
      g_autoptr(sqlite3_stmt) stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (other), "SELECT count (*) FROM services WHERE name = ?",
                                           -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
    }
}


/* A form that only a pack brings, with a condition that hides an answer:
 * once the first pack has installed it, the next pack's visit is compared
 * with ours as an export would write ours, hidden answer and all. Ours is
 * what the first pack gave, so the next pack's draft is simply newer.
 */
static void
test_installed_form_hides (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *source_folder = g_build_filename (g_get_user_cache_dir (), "source", NULL);
  g_autofree char *forms_folder = g_build_filename (g_get_user_cache_dir (), "source-forms", NULL);
  g_autofree char *form_path = g_build_filename (forms_folder, "local-steps.xml", NULL);
  g_autofree char *built_in = g_test_build_filename (G_TEST_DIST, "..", "data", "forms", "fifteen-steps.xml", NULL);
  g_autofree char *first = g_build_filename (g_get_user_cache_dir (), "first.xml", NULL);
  g_autofree char *second = g_build_filename (g_get_user_cache_dir (), "second.xml", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GString) local = NULL;
  g_autoptr(WrStore) source = open_store (source_folder);
  g_autoptr(WrFormLibrary) library = wr_form_library_new_default (NULL);
  g_autoptr(WrVisitSession) session = NULL;
  g_autoptr(GError) error = NULL;
  WrPackImportCounts counts = { 0 };
  WrQuestion *happy;
  WrQuestion *why;
  WrMember *member;

  /* The built-in 15 Steps form under an id of its own. */
  g_assert_true (g_file_get_contents (built_in, &text, NULL, NULL));
  local = g_string_new (text);
  g_assert_cmpuint (g_string_replace (local, "id=\"fifteen-steps\" version=\"1\"", "id=\"local-steps\" version=\"1\"", 1), ==, 1);
  g_assert_cmpint (g_mkdir_with_parents (forms_folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (form_path, local->str, local->len, NULL));
  wr_form_library_add_folder (library, forms_folder, WR_FORM_SOURCE_USER);
  g_assert_nonnull (wr_form_library_lookup_default (library, "local-steps"));
  g_assert_null (wr_form_library_lookup_default (fixture->library, "local-steps"));

  /* A draft whose reason is hidden: the answer it explains changed. */
  session = wr_test_new_session (source, library, "local-steps", 1);
  member = g_ptr_array_index (wr_visit_session_get_members (session), 0);
  happy = wr_form_lookup_question (wr_visit_session_get_form (session), "happy-for-family");
  why = wr_form_lookup_question (wr_visit_session_get_form (session), "happy-for-family-why");
  g_assert_true (wr_visit_session_set_answer (session, happy, member->uuid, 0, "no", &error));
  g_assert_true (wr_visit_session_set_answer (session, why, member->uuid, 0, "Cramped bays", &error));
  g_assert_true (wr_visit_session_set_answer (session, happy, member->uuid, 0, "yes", &error));
  g_assert_no_error (error);
  export (source, library, first);

  /* The same revision, changed since. */
  g_assert_true (wr_visit_session_set_answer (session, why, member->uuid, 0, "Cramped bays, and noisy", &error));
  g_assert_no_error (error);
  export (source, library, second);

  g_assert_true (import_full (fixture, first, FALSE, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.n_new, ==, 1);
  g_assert_cmpuint (counts.n_forms_installed, ==, 1);
  /* For the visits recorded on it only: not offered for new visits. */
  g_assert_nonnull (wr_form_library_lookup (fixture->library, "local-steps", 1));
  g_assert_null (wr_form_library_lookup_default (fixture->library, "local-steps"));

  assert_import (fixture, second, 0, 1, 0, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM answers WHERE value = 'Cramped bays, and noisy'"), ==, 1);
}

/* An entry that a row of the same id left in the search index is
 * replaced, however it came to be there.
 */
static void
test_index_replaces_left_entries (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *path = example_path ();

  for (gint64 visit = 1; visit <= 3; visit++)
    for (gint64 entry = 1; entry <= 200; entry++)
      {
        g_autofree char *sql = g_strdup_printf ("INSERT INTO text_index (rowid, body) VALUES (%" G_GINT64_FORMAT ", 'left behind')",
                                                (visit << 32) | entry);

        g_assert_cmpint (sqlite3_exec (_wr_store_get_db (fixture->store), sql, NULL, NULL, NULL), ==, SQLITE_OK);
      }

  assert_import (fixture, path, 2, 0, 0, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM text_index WHERE text_index MATCH 'behind'"), <, 600);
  g_assert_cmpint (sqlite3_exec (_wr_store_get_db (fixture->store), "DELETE FROM text_index WHERE body = 'left behind'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  assert_text_index (fixture->store);
}

static void
test_union (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *a_path = g_build_filename (g_get_user_cache_dir (), "a.xml", NULL);
  g_autofree char *b_path = g_build_filename (g_get_user_cache_dir (), "b.xml", NULL);
  g_autofree char *union_path = g_build_filename (g_get_user_cache_dir (), "union.xml", NULL);
  g_autofree char *a_folder = g_build_filename (g_get_user_cache_dir (), "device-a", NULL);
  g_autofree char *b_folder = g_build_filename (g_get_user_cache_dir (), "device-b", NULL);
  g_autoptr(WrStore) a = open_store (a_folder);
  g_autoptr(WrStore) b = open_store (b_folder);
  g_autofree char *a_list = NULL;
  g_autofree char *b_list = NULL;
  g_autofree char *union_list = NULL;
  g_autofree char *expected = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_a, n_b;

  fill (a, fixture->library, 10, 1);
  fill (b, fixture->library, 8, 2);
  export (a, fixture->library, a_path);
  export (b, fixture->library, b_path);
  n_a = (guint) query_int (a, "SELECT count (*) FROM visits WHERE deleted IS NULL");
  n_b = (guint) query_int (b, "SELECT count (*) FROM visits WHERE deleted IS NULL");

  assert_import (fixture, a_path, n_a, 0, 0, 0);
  assert_import (fixture, b_path, n_b, 0, 0, 0);
  assert_import (fixture, a_path, 0, 0, n_a, 0);
  export (fixture->store, fixture->library, union_path);

  a_list = digest_list (a_path);
  b_list = digest_list (b_path);
  union_list = digest_list (union_path);
  lines = g_strsplit (union_list, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, n_a + n_b);
  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_true (strstr (a_list, lines[i]) != NULL || strstr (b_list, lines[i]) != NULL);
}

/* One check of a pack's root for the importer and the report. */
static void
test_format_root (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (wr_pack_format_check_root ("p.xml", 2, "evidence-pack", WR_PACK_NAMESPACE, "1", &error));
  g_assert_no_error (error);

  g_assert_false (wr_pack_format_check_root ("p.xml", 3, "form", "https://walkround.github.io/ns/form/1", NULL, &error));
  g_assert_error (error, WR_PACK_ERROR, WR_PACK_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "p.xml:3: this is not a Walkround evidence pack: its root element is <form>"));
  g_clear_error (&error);

  g_assert_false (wr_pack_format_check_root ("p.xml", 1, "evidence-pack", NULL, "1", &error));
  g_assert_error (error, WR_PACK_ERROR, WR_PACK_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (wr_pack_format_check_root ("p.xml", 4, "evidence-pack", "https://walkround.github.io/ns/evidence-pack/2", "2", &error));
  g_assert_error (error, WR_PACK_ERROR, WR_PACK_ERROR_VERSION);
  g_assert_true (g_str_has_prefix (error->message, "p.xml:4: the pack is in a later format"));
  g_clear_error (&error);

  /* Version 1 (before support requests and reviews), 2 (before actions
   * kept their repeat), 3 (before histories), 4 (before deletions), 5
   * (before signatures) and 6 are read.
   */
  g_assert_true (wr_pack_format_check_root (NULL, 5, "evidence-pack", WR_PACK_NAMESPACE, "1", &error));
  g_assert_no_error (error);
  g_assert_true (wr_pack_format_check_root (NULL, 5, "evidence-pack", WR_PACK_NAMESPACE, "2", &error));
  g_assert_no_error (error);
  g_assert_true (wr_pack_format_check_root (NULL, 5, "evidence-pack", WR_PACK_NAMESPACE, "3", &error));
  g_assert_no_error (error);
  g_assert_true (wr_pack_format_check_root (NULL, 5, "evidence-pack", WR_PACK_NAMESPACE, "4", &error));
  g_assert_no_error (error);
  g_assert_true (wr_pack_format_check_root (NULL, 5, "evidence-pack", WR_PACK_NAMESPACE, "5", &error));
  g_assert_no_error (error);
  g_assert_true (wr_pack_format_check_root (NULL, 5, "evidence-pack", WR_PACK_NAMESPACE, "6", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (WR_PACK_FORMAT_VERSION, ==, "6");

  g_assert_false (wr_pack_format_check_root (NULL, 5, "evidence-pack", WR_PACK_NAMESPACE, "7", &error));
  g_assert_error (error, WR_PACK_ERROR, WR_PACK_ERROR_VERSION);
  g_assert_true (g_str_has_prefix (error->message, "the pack is in format version “7”, which this Walkround cannot read"));
  g_clear_error (&error);

  for (guint i = 0; i < 4; i++)
    {
      const char *bad[] = { "0", "02", "+2", "2 " };

      g_assert_false (wr_pack_format_check_root (NULL, 5, "evidence-pack", WR_PACK_NAMESPACE, bad[i], &error));
      g_assert_error (error, WR_PACK_ERROR, WR_PACK_ERROR_VERSION);
      g_clear_error (&error);
    }

  g_assert_false (wr_pack_format_check_root (NULL, 5, "evidence-pack", WR_PACK_NAMESPACE, NULL, &error));
  g_assert_error (error, WR_PACK_ERROR, WR_PACK_ERROR_VERSION);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  xmlInitParser ();

  /* Each test twice: every visit's digest worked out, and every attribute
   * value checked against the schema's patterns, by the parser's thread,
   * then by the import's (the reader picks as it goes).
   */
#define ADD(path, func) \
  g_test_add ("/walkround/pack-reader/parser-digests/" path, Fixture, GUINT_TO_POINTER (0), \
              fixture_set_up, func, fixture_tear_down); \
  g_test_add ("/walkround/pack-reader/import-digests/" path, Fixture, GUINT_TO_POINTER (G_MAXUINT), \
              fixture_set_up, func, fixture_tear_down)
  g_test_add_func ("/walkround/pack-reader/format-root", test_format_root);
  ADD ("example", test_example);
  ADD ("dry-run", test_dry_run);
  ADD ("newer-and-older", test_newer_and_older);
  ADD ("conflict", test_conflict);
  ADD ("conflict-attachment", test_conflict_attachment);
  ADD ("form-differs", test_form_differs);
  ADD ("progress-and-cancel", test_progress_and_cancel);
  ADD ("bad-packs", test_bad_packs);
  ADD ("round-trip", test_round_trip);
  ADD ("characters", test_characters);
  ADD ("union", test_union);
  ADD ("index-replaces-left-entries", test_index_replaces_left_entries);
  ADD ("installed-form-hides", test_installed_form_hides);
#undef ADD

  return g_test_run ();
}
