/* test-support.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Support requests, reviews and a visit's history: in the store, in the
 * audit log, and in packs of format version 2 (round trip, schema, digest
 * agreement with build-aux/pack-digest.py, old packs still read).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "wr-demo.h"
#include "wr-pack-reader.h"
#include "wr-pack-writer.h"
#include "wr-store-private.h"
#include "wr-support.h"
#include "wr-core-test-utils.h"

typedef struct
{
  char          *folder;
  WrStore       *store;
  WrFormLibrary *library;
} Fixture;

static WrStore *
open_store (const char *folder)
{
  g_autofree char *path = g_build_filename (folder, "walkround.db", NULL);
  g_autoptr(GError) error = NULL;
  WrStore *store;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  store = wr_store_open (path, &error);
  g_assert_no_error (error);
  return store;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  WrDemoOptions options = { 40, 11, "2026-11-27" };

  fixture->folder = g_build_filename (g_get_user_data_dir (), "walkround", NULL);
  fixture->store = open_store (fixture->folder);
  fixture->library = wr_form_library_new_default (NULL);
  wr_store_set_user (fixture->store, "Priya Shah");
  g_assert_true (wr_demo_fill (fixture->store, fixture->library, &options, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->library);
  g_free (fixture->folder);
}

/* A visit of @kind with @status, the @skip-th by row id. */
static char *
find_visit (WrStore    *store,
            const char *kind,
            const char *status,
            guint       skip)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store),
                                       "SELECT uuid FROM visits WHERE (?1 IS NULL OR kind = ?1) AND status = ?2"
                                       " AND deleted IS NULL ORDER BY id LIMIT 1 OFFSET ?3",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, status, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, skip);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* A self-assessment draft: the demo's first, reopened if need be. */
static char *
self_assessment_draft (WrStore *store)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  char *uuid;

  g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store),
                                       "SELECT uuid, status FROM visits WHERE kind = 'self-assessment'"
                                       " AND deleted IS NULL ORDER BY id LIMIT 1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  status = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  if (g_str_equal (status, "completed"))
    {
      g_assert_true (wr_store_reopen_visit (store, uuid, &error));
      g_assert_no_error (error);
    }
  return uuid;
}

static char *
visit_modified (WrStore    *store,
                const char *uuid)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store), "SELECT modified FROM visits WHERE uuid = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* The history's entries of @entity and @field, as "old→new" joined by "|". */
static char *
history_of (WrStore    *store,
            const char *visit_uuid,
            const char *entity,
            const char *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = wr_store_list_history (store, visit_uuid, &error);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < history->len; i++)
    {
      WrHistoryEntry *entry = g_ptr_array_index (history, i);

      if (!g_str_equal (entry->entity, entity) || !g_str_equal (entry->field, field))
        continue;
      g_assert_cmpstr (entry->device_id, ==, wr_store_get_device_id (store));
      g_assert_nonnull (entry->at);
      g_string_append_printf (out, "%s%s→%s", out->len ? "|" : "",
                              entry->old_value ? entry->old_value : "", entry->new_value ? entry->new_value : "");
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_requests (Fixture       *fixture,
               gconstpointer  data)
{
  WrStore *store = fixture->store;
  g_autofree char *visit = self_assessment_draft (store);
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  g_autofree char *other = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *statuses = NULL;
  g_autofree char *owners = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  WrSupportRequest *request;

  before = visit_modified (store, visit);
  first = wr_store_request_support (store, visit, "safeguarding", "safeguarding", "Training for new staff", &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (first));
  after = visit_modified (store, visit);
  g_assert_cmpstr (before, !=, after);

  /* The same section's request changes what it asks; it is not a second one. */
  again = wr_store_request_support (store, visit, "safeguarding", "safeguarding", "Training for locums too", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, first);
  other = wr_store_request_support (store, visit, "complaints", "complaints", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (other, !=, first);

  list = wr_store_list_support_requests (store, visit, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  request = g_ptr_array_index (list, 0);
  g_assert_cmpstr (request->uuid, ==, first);
  g_assert_cmpstr (request->section_id, ==, "safeguarding");
  g_assert_cmpstr (request->domain, ==, "safeguarding");
  g_assert_cmpstr (request->text, ==, "Training for locums too");
  g_assert_cmpint (request->status, ==, WR_SUPPORT_NEW);
  g_assert_cmpstr (request->owner, ==, "");
  g_assert_cmpstr (request->visit_uuid, ==, visit);
  g_assert_cmpstr (request->form_id, ==, "practice-self-assessment");
  g_assert_nonnull (request->service_name);
  g_assert_true (g_str_has_prefix (request->requested, "20"));
  g_assert_cmpstr (((WrSupportRequest *) g_ptr_array_index (list, 1))->text, ==, "");

  /* Bad input is refused. */
  g_assert_null (wr_store_request_support (store, visit, "Not An Id", NULL, NULL, &error));
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (wr_store_request_support (store, "00000000-0000-4000-8000-000000000000", "safeguarding", NULL,
                                           NULL, &error));
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Withdrawing: the switch turned off. */
  g_assert_true (wr_store_withdraw_support (store, visit, "complaints", &error));
  g_assert_no_error (error);
  g_assert_true (wr_store_withdraw_support (store, visit, "workforce", &error));
  g_assert_no_error (error);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = wr_store_list_support_requests (store, visit, &error);
  g_assert_cmpuint (list->len, ==, 1);

  /* Once completed, what was asked needs Reopen; the team's follow-up does not. */
  g_assert_true (wr_store_complete_visit (store, visit, &error));
  g_assert_no_error (error);
  g_assert_null (wr_store_request_support (store, visit, "workforce", "workforce", "More", &error));
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (wr_store_withdraw_support (store, visit, "safeguarding", &error));
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);

  g_assert_true (wr_store_update_support_request (store, first, WR_SUPPORT_IN_PROGRESS, " Sam Okafor ", &error));
  g_assert_no_error (error);
  g_assert_true (wr_store_update_support_request (store, first, WR_SUPPORT_GIVEN, "Sam Okafor", &error));
  g_assert_no_error (error);
  g_assert_false (wr_store_update_support_request (store, first, WR_SUPPORT_GIVEN, "Two\nlines", &error));
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (wr_store_update_support_request (store, other, WR_SUPPORT_GIVEN, NULL, &error));
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Every request of every visit, for the Actions page. */
  all = wr_store_list_support_requests (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 1);
  request = g_ptr_array_index (all, 0);
  g_assert_cmpint (request->status, ==, WR_SUPPORT_GIVEN);
  g_assert_cmpstr (request->owner, ==, "Sam Okafor");

  /* Audited, with the old and the new value. */
  statuses = history_of (store, visit, "support-request", "status");
  g_assert_cmpstr (statuses, ==, "new→in-progress|in-progress→given");
  owners = history_of (store, visit, "support-request", "owner");
  g_assert_cmpstr (owners, ==, "→Sam Okafor");
  {
    g_autofree char *texts = history_of (store, visit, "support-request", "text");

    g_assert_cmpstr (texts, ==, "→Training for new staff|Training for new staff→Training for locums too");
  }
}

static void
test_reviews (Fixture       *fixture,
              gconstpointer  data)
{
  WrStore *store = fixture->store;
  g_autofree char *completed = find_visit (store, NULL, "completed", 0);
  g_autofree char *draft = find_visit (store, NULL, "draft", 0);
  g_autofree char *approved = NULL;
  g_autofree char *returned = NULL;
  g_autofree char *decisions = NULL;
  g_autofree char *statuses = NULL;
  g_autoptr(WrReview) latest = NULL;
  g_autoptr(WrReview) none = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WrVisit) visit = NULL;

  none = wr_store_get_review (store, completed, &error);
  g_assert_no_error (error);
  g_assert_null (none);

  g_assert_null (wr_store_review_visit (store, draft, WR_REVIEW_APPROVED, NULL, &error));
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (wr_store_review_visit (store, completed, WR_REVIEW_RETURNED, "   ", &error));
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID);
  g_clear_error (&error);

  returned = wr_store_review_visit (store, completed, WR_REVIEW_RETURNED, "Say who was spoken to.", &error);
  g_assert_no_error (error);
  wr_store_set_user (store, "Jo Hughes");
  approved = wr_store_review_visit (store, completed, WR_REVIEW_APPROVED, NULL, &error);
  g_assert_no_error (error);

  /* Reviewing does not reopen the visit. */
  visit = wr_store_get_visit (store, completed, &error);
  g_assert_no_error (error);
  g_assert_cmpint (wr_visit_get_status (visit), ==, WR_VISIT_COMPLETED);

  list = wr_store_list_reviews (store, completed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((WrReview *) g_ptr_array_index (list, 0))->uuid, ==, returned);
  g_assert_cmpstr (((WrReview *) g_ptr_array_index (list, 0))->reviewer, ==, "Priya Shah");
  g_assert_cmpstr (((WrReview *) g_ptr_array_index (list, 0))->comment, ==, "Say who was spoken to.");
  g_assert_cmpint (((WrReview *) g_ptr_array_index (list, 0))->decision, ==, WR_REVIEW_RETURNED);

  latest = wr_store_get_review (store, completed, &error);
  g_assert_no_error (error);
  g_assert_nonnull (latest);
  g_assert_cmpstr (latest->uuid, ==, approved);
  g_assert_cmpint (latest->decision, ==, WR_REVIEW_APPROVED);
  g_assert_cmpstr (latest->reviewer, ==, "Jo Hughes");

  /* The history: the review, and reopening. */
  g_assert_true (wr_store_reopen_visit (store, completed, &error));
  g_assert_no_error (error);
  decisions = history_of (store, completed, "review", "decision");
  g_assert_cmpstr (decisions, ==, "→returned|→approved");
  statuses = history_of (store, completed, "visit", "status");
  g_assert_true (g_str_has_suffix (statuses, "completed→draft"));
  {
    g_autoptr(GPtrArray) history = wr_store_list_history (store, completed, &error);
    WrHistoryEntry *last = g_ptr_array_index (history, history->len - 1);

    g_assert_cmpstr (last->who, ==, "Jo Hughes");
    g_assert_cmpstr (last->field, ==, "status");
  }
}

static char *
export (WrStore       *store,
        WrFormLibrary *library,
        const char    *path)
{
  g_autoptr(WrPackWriter) writer = wr_pack_writer_new (store, library);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (wr_pack_writer_write_file (writer, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static void
import (WrStore            *store,
        WrFormLibrary      *library,
        const char         *path,
        WrPackImportCounts *counts)
{
  g_autoptr(WrPackReader) reader = wr_pack_reader_new (store, library);
  /* Test packs come from this test's other databases, or from before
   * packs were signed: taken as `import --trust-new-device
   * --allow-unsigned` takes them; a bad signature is still refused. */
  wr_pack_reader_set_trust_new_device (reader, TRUE);
  wr_pack_reader_set_allow_unsigned (reader, TRUE);
  g_autoptr(GError) error = NULL;

  memset (counts, 0, sizeof *counts);
  g_assert_true (wr_pack_reader_import_file (reader, path, NULL, counts, &error));
  g_assert_no_error (error);
}

/* The pack after its <generator> line, less its signature: what does
 * not depend on when and from which database it was written.
 */
static char *
after_generator (const char *pack)
{
  const char *at = strstr (pack, "<generator ");
  const char *signature;

  g_assert_nonnull (at);
  at = strchr (at, '\n');
  g_assert_nonnull (at);
  signature = strstr (at, "\n<signature ");
  g_assert_nonnull (signature);
  return g_strndup (at, signature - at);
}

/* build-aux/pack-digest.py's output for @path; asserts it agrees. */
static char *
python_digests (const char *path)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "..", "build-aux", "pack-digest.py", NULL);
  const char *argv[] = { "python3", script, path, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (wr_test_exit_status (status) != 0)
    g_error ("pack-digest.py disagrees on %s: %s%s", path, out, err);
  return out;
}

static guint
count_of (const char *text,
          const char *what)
{
  guint n = 0;

  for (const char *p = strstr (text, what); p != NULL; p = strstr (p + 1, what))
    n++;
  return n;
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  WrStore *store = fixture->store;
  g_autofree char *visit = self_assessment_draft (store);
  g_autofree char *completed = find_visit (store, "quality-visit", "completed", 0);
  g_autofree char *request = NULL;
  g_autofree char *review = NULL;
  g_autofree char *first_path = g_build_filename (fixture->folder, "first.xml", NULL);
  g_autofree char *second_path = g_build_filename (fixture->folder, "second.xml", NULL);
  g_autofree char *third_path = g_build_filename (fixture->folder, "third.xml", NULL);
  g_autofree char *other_folder = g_build_filename (fixture->folder, "other", NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_autofree char *digests = NULL;
  g_autofree char *request_xml = NULL;
  g_autoptr(WrStore) other = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(WrReview) imported_review = NULL;
  g_autoptr(GError) error = NULL;
  WrPackImportCounts counts;
  WrSupportRequest *got;
  gboolean import_seen = FALSE;

  request = wr_store_request_support (store, visit, "infection-prevention-control", "infection-prevention-control",
                                      "An IPC audit & a \"walk round\"\nwith the lead <nurse>", &error);
  g_assert_no_error (error);
  g_assert_true (wr_store_complete_visit (store, visit, &error));
  g_assert_no_error (error);
  g_assert_true (wr_store_update_support_request (store, request, WR_SUPPORT_IN_PROGRESS, "Quality team", &error));
  g_assert_no_error (error);
  review = wr_store_review_visit (store, completed, WR_REVIEW_RETURNED, "Add the ward manager's reply.", &error);
  g_assert_no_error (error);
  g_clear_pointer (&review, g_free);
  review = wr_store_review_visit (store, visit, WR_REVIEW_APPROVED, NULL, &error);
  g_assert_no_error (error);

  first = export (store, fixture->library, first_path);
  g_assert_nonnull (strstr (first, "format-version=\"6\""));
  g_assert_cmpuint (count_of (first, "<support-request "), ==, 1);
  g_assert_cmpuint (count_of (first, "<review "), ==, 2);
  request_xml = g_strdup_printf ("<support-request uuid=\"%s\" section=\"infection-prevention-control\" "
                                 "domain=\"infection-prevention-control\" status=\"in-progress\" owner=\"Quality team\" ",
                                 request);
  g_assert_nonnull (strstr (first, request_xml));
  g_assert_nonnull (strstr (first, "<text>An IPC audit &amp; a &quot;walk round&quot;\nwith the lead &lt;nurse&gt;</text>"));
  g_assert_nonnull (strstr (first, "decision=\"returned\" reviewer=\"Priya Shah\""));
  wr_test_assert_valid (first, "evidence-pack.xsd", fixture->folder);

  /* The independent digest agrees on the new elements. */
  digests = python_digests (first_path);
  g_assert_nonnull (strstr (digests, visit));

  /* The same pack claiming format version 1 is refused: version 1 has no
   * support requests or reviews.
   */
  {
    g_autofree char *v1_path = g_build_filename (fixture->folder, "claims-v1.xml", NULL);
    g_autofree char *v1_folder = g_build_filename (fixture->folder, "v1", NULL);
    g_autoptr(GString) v1 = g_string_new (first);
    g_autoptr(WrStore) v1_store = open_store (v1_folder);
    g_autoptr(WrPackReader) reader = wr_pack_reader_new (v1_store, fixture->library);
    /* Test packs come from this test's other databases, or from before
     * packs were signed: taken as `import --trust-new-device
     * --allow-unsigned` takes them; a bad signature is still refused. */
    wr_pack_reader_set_trust_new_device (reader, TRUE);
    wr_pack_reader_set_allow_unsigned (reader, TRUE);

    g_assert_cmpuint (g_string_replace (v1, "format-version=\"6\"", "format-version=\"1\"", 1), ==, 1);
    g_assert_true (g_file_set_contents (v1_path, v1->str, -1, NULL));
    g_assert_false (wr_pack_reader_import_file (reader, v1_path, NULL, &counts, &error));
    g_assert_error (error, WR_PACK_ERROR, WR_PACK_ERROR_INVALID);
    if (strstr (error->message, ": a pack of format version 1 has no <reviews>, which version 2 added") == NULL &&
        strstr (error->message, ": a pack of format version 1 has no <support-requests>, which version 2 added") == NULL &&
        strstr (error->message, "which version 4 added; the pack was changed after it was written") == NULL)
      g_error ("unexpected: %s", error->message);
    g_clear_error (&error);
  }

  /* Into a second database, and out again: the same pack. */
  other = open_store (other_folder);
  import (other, fixture->library, first_path, &counts);
  g_assert_cmpuint (counts.n_new, >, 30);
  g_assert_cmpuint (counts.n_conflicts, ==, 0);
  second = export (other, fixture->library, second_path);
  {
    g_autofree char *first_body = after_generator (first);
    g_autofree char *second_body = after_generator (second);

    g_assert_cmpstr (first_body, ==, second_body);
  }

  requests = wr_store_list_support_requests (other, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (requests->len, ==, 1);
  got = g_ptr_array_index (requests, 0);
  g_assert_cmpstr (got->uuid, ==, request);
  g_assert_cmpint (got->status, ==, WR_SUPPORT_IN_PROGRESS);
  g_assert_cmpstr (got->owner, ==, "Quality team");
  g_assert_cmpstr (got->text, ==, "An IPC audit & a \"walk round\"\nwith the lead <nurse>");
  imported_review = wr_store_get_review (other, visit, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (imported_review->uuid, ==, review);
  g_assert_cmpint (imported_review->decision, ==, WR_REVIEW_APPROVED);
  g_assert_cmpstr (imported_review->reviewer, ==, "Priya Shah");

  /* The imported visit's history says which pack it came from. */
  history = wr_store_list_history (other, visit, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < history->len; i++)
    {
      WrHistoryEntry *entry = g_ptr_array_index (history, i);

      if (g_str_equal (entry->field, "import") && strstr (entry->new_value, "first.xml") != NULL)
        import_seen = TRUE;
    }
  g_assert_true (import_seen);

  /* Importing it again changes nothing. */
  import (other, fixture->library, first_path, &counts);
  g_assert_cmpuint (counts.n_new, ==, 0);
  g_assert_cmpuint (counts.n_updated, ==, 0);
  g_assert_cmpuint (counts.n_conflicts, ==, 0);

  /* The team follows the request up on the completed visit, without
   * reopening it: a new digest, which the first device takes as newer.
   */
  g_assert_true (wr_store_update_support_request (other, request, WR_SUPPORT_CLOSED, "Quality team", &error));
  g_assert_no_error (error);
  third = export (other, fixture->library, third_path);
  g_assert_nonnull (strstr (third, "status=\"closed\""));
  g_clear_pointer (&digests, g_free);
  digests = python_digests (third_path);
  import (store, fixture->library, third_path, &counts);
  g_assert_cmpuint (counts.n_updated + counts.n_conflicts, ==, 1);
}

/* A pack of format version 1 still imports, and its visits keep their
 * digests in version 2; the reference script's output for it is as it was.
 */
static void
test_old_pack (void)
{
  g_autofree char *example = g_test_build_filename (G_TEST_DIST, "data", "packs", "example.xml", NULL);
  g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "old", NULL);
  g_autofree char *out_path = g_build_filename (folder, "out.xml", NULL);
  g_autoptr(WrFormLibrary) library = wr_form_library_new_default (NULL);
  g_autoptr(WrStore) store = open_store (folder);
  g_autofree char *original = NULL;
  g_autofree char *written = NULL;
  g_autofree char *digests = NULL;
  g_autofree char *again = NULL;
  WrPackImportCounts counts;

  g_assert_true (g_file_get_contents (example, &original, NULL, NULL));
  g_assert_nonnull (strstr (original, "format-version=\"1\""));

  digests = python_digests (example);
  g_assert_cmpstr (digests, ==,
                   "6a0d2a8e-1b7c-4f3e-9d52-0e8c4b7a1f33 1fd6f6d20f134126c2caad42759d71022a209caad4da8c59dbfbafd2fb703440"
                   " 1fd6f6d20f134126c2caad42759d71022a209caad4da8c59dbfbafd2fb703440\n"
                   "7b1e3b9f-2c8d-4a4f-8e63-1f9d5c8b2a44 bb9fa06ec600f553d604795eb54ea7fb986712346bf0e2b62a8cae8ca61221e8"
                   " bb9fa06ec600f553d604795eb54ea7fb986712346bf0e2b62a8cae8ca61221e8\n");

  import (store, library, example, &counts);
  g_assert_cmpuint (counts.n_new, ==, 2);
  {
    /* The form the pack installed, seen by a library made since. */
    g_autoptr(WrFormLibrary) installed = wr_form_library_new_default (NULL);

    written = export (store, installed, out_path);
  }
  g_assert_nonnull (strstr (written, "format-version=\"6\""));
  g_assert_nonnull (strstr (written, "1fd6f6d20f134126c2caad42759d71022a209caad4da8c59dbfbafd2fb703440"));
  g_assert_nonnull (strstr (written, "bb9fa06ec600f553d604795eb54ea7fb986712346bf0e2b62a8cae8ca61221e8"));
  g_assert_null (strstr (written, "<support-requests>"));
  g_assert_null (strstr (written, "<reviews>"));
  again = python_digests (out_path);
  g_assert_cmpstr (again, ==, digests);
}

/* walkround summary counts the requests by domain and status. */
static void
test_summary (Fixture       *fixture,
              gconstpointer  data)
{
  WrStore *store = fixture->store;
  g_autofree char *visit = self_assessment_draft (store);
  g_autofree char *safeguarding = NULL;
  g_autofree char *complaints = NULL;
  g_autofree char *withdrawn = NULL;
  g_auto(WrTestRun) xml = { 0 };
  g_auto(WrTestRun) text = { 0 };
  g_auto(WrTestRun) csv = { 0 };
  g_autoptr(GError) error = NULL;

  safeguarding = wr_store_request_support (store, visit, "safeguarding", "safeguarding", "Training", &error);
  g_assert_no_error (error);
  complaints = wr_store_request_support (store, visit, "complaints", "complaints", "A policy", &error);
  g_assert_no_error (error);
  withdrawn = wr_store_request_support (store, visit, "workforce", "workforce", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (wr_store_withdraw_support (store, visit, "workforce", &error));
  g_assert_no_error (error);
  g_assert_true (wr_store_update_support_request (store, safeguarding, WR_SUPPORT_IN_PROGRESS, "Sam", &error));
  g_assert_no_error (error);

  wr_test_run_walkround (&xml, fixture->folder, "summary", "--from", "2000-01-01", "--to", "2099-12-31",
                         "--format", "xml", NULL);
  g_assert_cmpint (xml.status, ==, 0);
  wr_test_assert_valid (xml.out, "summary.xsd", fixture->folder);
  g_assert_nonnull (strstr (xml.out, "  <support-requests total=\"2\" new=\"1\" in-progress=\"1\" given=\"0\" closed=\"0\">\n"
                                     "    <domain id=\"complaints\" requests=\"1\" new=\"1\" in-progress=\"0\" given=\"0\" closed=\"0\"/>\n"
                                     "    <domain id=\"safeguarding\" requests=\"1\" new=\"0\" in-progress=\"1\" given=\"0\" closed=\"0\"/>\n"
                                     "  </support-requests>\n"));

  wr_test_run_walkround (&text, fixture->folder, "summary", "--from", "2000-01-01", "--to", "2099-12-31", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "Support requests: 2 (1 new, 1 in progress, 0 given, 0 closed)\n"));

  wr_test_run_walkround (&csv, fixture->folder, "summary", "--from", "2000-01-01", "--to", "2099-12-31",
                         "--format", "csv", NULL);
  g_assert_cmpint (csv.status, ==, 0);
  g_assert_nonnull (strstr (csv.out, "\"support\",\"safeguarding\",\"in-progress\",\"1\",\"\"\r\n"));
  g_assert_null (strstr (csv.out, "\"support\",\"workforce\""));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/walkround/support/requests", Fixture, NULL, fixture_set_up, test_requests, fixture_tear_down);
  g_test_add ("/walkround/support/reviews", Fixture, NULL, fixture_set_up, test_reviews, fixture_tear_down);
  g_test_add ("/walkround/support/round-trip", Fixture, NULL, fixture_set_up, test_round_trip, fixture_tear_down);
  g_test_add ("/walkround/support/summary", Fixture, NULL, fixture_set_up, test_summary, fixture_tear_down);
  g_test_add_func ("/walkround/support/old-pack", test_old_pack);

  return g_test_run ();
}
