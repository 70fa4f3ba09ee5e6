/* test-row-conflict.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Rows in conflict in people's words, as the Resolve Conflicts dialog
 * shows them: an answer by its question's text and its value by the
 * choice's label, an observation by its kind and first words, a member by
 * name, each version by who wrote it (the member recording on its device,
 * or the device) and when.
 */

#include "config.h"

#include <glib.h>
#include <string.h>

#include "wr-core-test-utils.h"
#include "wr-pack-reader.h"
#include "wr-pack-writer.h"
#include "wr-row-conflict.h"

typedef struct
{
  WrFormLibrary  *library;
  WrStore        *store;
  WrVisitSession *session;
  const char     *visit;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "walkround.db", NULL);
  g_autoptr(GError) error = NULL;

  fixture->library = wr_form_library_new_default (NULL);
  fixture->store = wr_store_open (path, &error);
  g_assert_no_error (error);
  fixture->session = wr_test_new_session (fixture->store, fixture->library, "fifteen-steps", 1);
  fixture->visit = wr_visit_get_uuid (wr_visit_session_get_visit (fixture->session));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->library);
}

static WrPackRowVersion *
version_new (const char *device,
             const char *content)
{
  WrPackRowVersion *version = g_new0 (WrPackRowVersion, 1);

  version->device = g_strdup (device);
  version->change = 3;
  version->content = g_strdup (content);
  return version;
}

static void
version_free (WrPackRowVersion *version)
{
  g_free (version->device);
  g_free (version->content);
  g_free (version);
}

static WrPackRowConflict *
conflict_new (const char *visit,
              const char *key)
{
  WrPackRowConflict *conflict = g_new0 (WrPackRowConflict, 1);

  conflict->id = 1;
  conflict->visit_uuid = g_strdup (visit);
  conflict->key = g_strdup (key);
  conflict->detected = g_strdup ("2026-12-07T10:00:00+00:00");
  conflict->versions = g_ptr_array_new_with_free_func ((GDestroyNotify) version_free);
  return conflict;
}

/* An answer: the question's text, the choice's label, who and when. */
static void
test_answer (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(WrPackRowConflict) conflict = conflict_new (fixture->visit, "answer setting - -");
  g_autofree char *question = wr_visit_question_text (fixture->store, fixture->library, fixture->visit, "setting");
  g_autofree char *row = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *deleted = NULL;
  g_autofree char *modified = NULL;
  g_autofree char *here = NULL;
  g_autofree char *there = NULL;
  WrQuestion *setting = wr_form_lookup_question (wr_visit_session_get_form (fixture->session), "setting");
  g_autofree char *expected = NULL;
  g_autofree char *content = NULL;

  g_assert_nonnull (setting);
  g_assert_cmpuint (wr_question_get_n_choices (setting), >, 0);
  g_assert_cmpstr (question, ==, wr_form_item_get_label (WR_FORM_ITEM (setting)));
  g_assert_null (wr_visit_question_text (fixture->store, fixture->library, fixture->visit, "no-such-question"));

  content = g_strdup_printf ("<answer question=\"setting\" modified=\"2026-12-07T09:30:00+00:00\" device=\"x\">"
                             "<value>%s</value><comment>Door locked</comment></answer>",
                             wr_question_get_choice_value (setting, 0));
  g_ptr_array_add (conflict->versions, version_new (wr_store_get_device_id (fixture->store), content));
  g_ptr_array_add (conflict->versions, version_new ("0123456789abcdef", "<answer question=\"setting\" device=\"y\""
                                                    " modified=\"2026-12-07T09:45:00+00:00\"/>"));
  g_ptr_array_add (conflict->versions, version_new ("fedcba9876543210", NULL));

  g_assert_true (wr_row_conflict_is_answer (conflict));
  row = wr_row_conflict_describe_row (fixture->store, fixture->library, conflict);
  g_assert_cmpstr (row, ==, question);

  first = wr_row_conflict_describe_version (fixture->store, fixture->library, conflict,
                                            g_ptr_array_index (conflict->versions, 0));
  expected = g_strdup_printf ("%s · comment “Door locked”", wr_question_get_choice_label (setting, 0));
  g_assert_cmpstr (first, ==, expected);
  second = wr_row_conflict_describe_version (fixture->store, fixture->library, conflict,
                                             g_ptr_array_index (conflict->versions, 1));
  g_assert_cmpstr (second, ==, "No answer");
  deleted = wr_row_conflict_describe_version (fixture->store, fixture->library, conflict,
                                              g_ptr_array_index (conflict->versions, 2));
  g_assert_cmpstr (deleted, ==, "Deleted");

  modified = wr_row_version_get_modified (g_ptr_array_index (conflict->versions, 0));
  g_assert_cmpstr (modified, ==, "2026-12-07T09:30:00+00:00");
  g_clear_pointer (&modified, g_free);
  modified = wr_row_version_get_modified (g_ptr_array_index (conflict->versions, 2));
  g_assert_null (modified);

  here = wr_row_version_describe_origin (fixture->store, fixture->visit, g_ptr_array_index (conflict->versions, 0));
  g_assert_cmpstr (here, ==, "This device · 7 Dec 2026, 09:30");
  there = wr_row_version_describe_origin (fixture->store, fixture->visit, g_ptr_array_index (conflict->versions, 1));
  g_assert_cmpstr (there, ==, "Device 01234567… · 7 Dec 2026, 09:45");
  g_clear_pointer (&there, g_free);
  there = wr_row_version_describe_origin (fixture->store, fixture->visit, g_ptr_array_index (conflict->versions, 2));
  g_assert_cmpstr (there, ==, "Device fedcba98… · time not recorded");
}

static char *
export_all (WrStore       *store,
            WrFormLibrary *library,
            const char    *name)
{
  g_autoptr(WrPackWriter) writer = wr_pack_writer_new (store, library);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (g_get_user_data_dir (), name, NULL);

  wr_pack_writer_write_file (writer, path, NULL, &error);
  g_assert_no_error (error);
  return path;
}

static void
import_file (WrStore       *store,
             WrFormLibrary *library,
             const char    *path)
{
  g_autoptr(WrPackReader) reader = wr_pack_reader_new (store, library);
  /* Test packs come from this test's other databases, or from before
   * packs were signed: taken as `import --trust-new-device
   * --allow-unsigned` takes them; a bad signature is still refused. */
  wr_pack_reader_set_trust_new_device (reader, TRUE);
  wr_pack_reader_set_allow_unsigned (reader, TRUE);
  g_autoptr(GError) error = NULL;
  WrPackImportCounts counts = { 0, };

  g_assert_true (wr_pack_reader_import_file (reader, path, NULL, &counts, &error));
  g_assert_no_error (error);
}

static char *
author_of (Fixture    *fixture,
           const char *device)
{
  WrPackRowVersion *version = version_new (device, NULL);
  char *said = wr_row_version_describe_author (fixture->store, fixture->visit, version);

  version_free (version);
  return said;
}

/* Who wrote a version, by the team member who records on its device: on
 * this device, the one chosen in Who Are You?; on another, the one member
 * whose own answers it recorded, and nobody once it recorded two members'.
 */
static void
test_who (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *b_path = g_build_filename (g_get_user_data_dir (), "b.db", NULL);
  g_autoptr(WrStore) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autofree char *member_1 = NULL;
  g_autofree char *member_2 = NULL;
  g_autofree char *start = NULL;
  g_autofree char *from_b = NULL;
  g_autofree char *b_id = NULL;
  g_autofree char *b_short = NULL;
  g_autofree char *mine = NULL;
  g_autofree char *said = NULL;
  g_autofree char *expected = NULL;
  WrAnswerKey key = { "first-feel", NULL, "" };

  member_2 = wr_store_add_member (fixture->store, fixture->visit, "Member 2", "carer", &error);
  g_assert_no_error (error);
  members = wr_store_list_members (fixture->store, fixture->visit, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 2);
  member_1 = g_strdup (((WrMember *) g_ptr_array_index (members, 0))->uuid);
  g_assert_cmpstr (member_1, !=, member_2);

  /* This device, before and after Who Are You?. */
  said = author_of (fixture, wr_store_get_device_id (fixture->store));
  g_assert_cmpstr (said, ==, "This device");
  g_clear_pointer (&said, g_free);
  g_assert_true (wr_store_set_my_member (fixture->store, fixture->visit, member_2, &error));
  g_assert_no_error (error);
  mine = wr_store_get_device_member (fixture->store, fixture->visit, wr_store_get_device_id (fixture->store), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mine, ==, member_2);
  said = author_of (fixture, wr_store_get_device_id (fixture->store));
  g_assert_cmpstr (said, ==, "Member 2 (this device)");
  g_clear_pointer (&said, g_free);

  /* Device B takes the visit and records Member 1's own answer. */
  b = wr_store_open (b_path, &error);
  g_assert_no_error (error);
  b_id = g_strdup (wr_store_get_device_id (b));
  b_short = g_utf8_substring (b_id, 0, 8);
  start = export_all (fixture->store, fixture->library, "start.xml");
  import_file (b, fixture->library, start);

  said = author_of (fixture, b_id);
  expected = g_strdup_printf ("Device %s…", b_short);
  g_assert_cmpstr (said, ==, expected);
  g_clear_pointer (&said, g_free);
  g_clear_pointer (&expected, g_free);

  key.member_uuid = member_1;
  g_assert_true (wr_store_set_answer (b, fixture->visit, &key, "4", FALSE, &error));
  g_assert_no_error (error);
  from_b = export_all (b, fixture->library, "b.xml");
  import_file (fixture->store, fixture->library, from_b);
  said = author_of (fixture, b_id);
  expected = g_strdup_printf ("Member 1 (device %s…)", b_short);
  g_assert_cmpstr (said, ==, expected);
  g_clear_pointer (&said, g_free);
  g_clear_pointer (&expected, g_free);
  /* B's choice does not change this device's. */
  said = author_of (fixture, wr_store_get_device_id (fixture->store));
  g_assert_cmpstr (said, ==, "Member 2 (this device)");
  g_clear_pointer (&said, g_free);

  /* Passed round: once B records Member 2's answer too, it is nobody's. */
  key.member_uuid = member_2;
  g_assert_true (wr_store_set_answer (b, fixture->visit, &key, "3", FALSE, &error));
  g_assert_no_error (error);
  g_clear_pointer (&from_b, g_free);
  from_b = export_all (b, fixture->library, "b2.xml");
  import_file (fixture->store, fixture->library, from_b);
  said = author_of (fixture, b_id);
  expected = g_strdup_printf ("Device %s…", b_short);
  g_assert_cmpstr (said, ==, expected);
}

/* An observation by its kind and first words, a member by name, a
 * member's answer with whose it is; a form not installed shows the id.
 */
static void
test_other_rows (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *long_text = g_strnfill (100, 'x');
  g_autofree char *content = g_strdup_printf ("<observation uuid=\"u\" kind=\"concern\" modified=\"m\" device=\"d\">"
                                              "<text>%s</text></observation>", long_text);
  g_autoptr(WrPackRowConflict) observation = conflict_new (fixture->visit, "observation u");
  g_autoptr(WrPackRowConflict) member = conflict_new (fixture->visit, "member m");
  g_autoptr(WrPackRowConflict) answer = NULL;
  g_autoptr(GPtrArray) members = wr_store_list_members (fixture->store, fixture->visit, NULL);
  g_autofree char *answer_key = NULL;
  g_autofree char *said = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *question = NULL;

  g_ptr_array_add (observation->versions, version_new ("a", NULL));
  g_ptr_array_add (observation->versions, version_new ("b", content));
  said = wr_row_conflict_describe_row (fixture->store, fixture->library, observation);
  /* The kind's title, then the first 60 characters and an ellipsis. */
  g_assert_nonnull (strstr (said, ": “"));
  g_assert_true (g_str_has_suffix (said, "…”"));
  g_assert_null (strstr (said, long_text));
  g_assert_false (g_str_has_prefix (said, "Observation"));
  g_clear_pointer (&said, g_free);

  g_ptr_array_add (member->versions, version_new ("a", "<member uuid=\"m\" name=\"Ada Lovelace\" role=\"carer\""
                                                  " position=\"1\"/>"));
  said = wr_row_conflict_describe_row (fixture->store, fixture->library, member);
  g_assert_cmpstr (said, ==, "Team member Ada Lovelace");
  g_clear_pointer (&said, g_free);

  g_assert_nonnull (members);
  g_assert_cmpuint (members->len, ==, 1);
  answer_key = g_strdup_printf ("answer setting %s -", ((WrMember *) g_ptr_array_index (members, 0))->uuid);
  answer = conflict_new (fixture->visit, answer_key);
  said = wr_row_conflict_describe_row (fixture->store, fixture->library, answer);
  question = wr_visit_question_text (fixture->store, fixture->library, fixture->visit, "setting");
  expected = g_strdup_printf ("%s — Member 1’s answer", question);
  g_assert_cmpstr (said, ==, expected);
  g_clear_pointer (&said, g_free);

  said = wr_row_conflict_describe_row (fixture->store, NULL, answer);
  g_assert_true (g_str_has_prefix (said, "Question “setting”"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/walkround/row-conflict/answer", Fixture, NULL, fixture_set_up, test_answer, fixture_tear_down);
  g_test_add ("/walkround/row-conflict/who", Fixture, NULL, fixture_set_up, test_who, fixture_tear_down);
  g_test_add ("/walkround/row-conflict/other-rows", Fixture, NULL, fixture_set_up, test_other_rows,
              fixture_tear_down);

  return g_test_run ();
}
