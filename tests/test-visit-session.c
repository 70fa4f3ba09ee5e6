/* test-visit-session.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A visit on a real form: conditions shown live, each member's answers kept
 * as their own, repeats, what is still required, completing and reopening.
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "wr-condition.h"
#include "wr-visit-session.h"
#include "wr-core-test-utils.h"
#include "wr-store-private.h"

typedef struct
{
  WrStore       *store;
  WrFormLibrary *library;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "walkround.db", NULL);
  g_autofree char *good = g_test_build_filename (G_TEST_DIST, "data", "forms", "good", NULL);

  fixture->store = wr_store_open (path, &error);
  g_assert_no_error (error);
  fixture->library = wr_form_library_new_default (NULL);
  wr_form_library_add_folder (fixture->library, good, WR_FORM_SOURCE_USER);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->library);
  g_assert_finalize_object (fixture->store);
}

static WrQuestion *
question (WrVisitSession *session,
          const char     *id)
{
  WrQuestion *q = wr_form_lookup_question (wr_visit_session_get_form (session), id);

  g_assert_nonnull (q);
  return q;
}

static WrSection *
section (WrVisitSession *session,
         const char     *id)
{
  WrFormItem *item = wr_form_lookup_item (wr_visit_session_get_form (session), id);

  g_assert_true (WR_IS_SECTION (item));
  return WR_SECTION (item);
}

static void
answer (WrVisitSession *session,
        const char     *id,
        const char     *member,
        guint           repeat,
        const char     *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (wr_visit_session_set_answer (session, question (session, id), member, repeat, value, &error));
  g_assert_no_error (error);
}

static guint
n_gaps (WrVisitSession *session)
{
  g_autoptr(GArray) gaps = wr_visit_session_list_gaps (session);

  return gaps->len;
}

static void
test_fifteen_steps (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrVisitSession) session = wr_test_new_session (fixture->store, fixture->library, "fifteen-steps", 2);
  g_autoptr(WrVisitSession) again = NULL;
  GPtrArray *members = wr_visit_session_get_members (session);
  const char *sam = ((WrMember *) g_ptr_array_index (members, 0))->uuid;
  const char *kim = ((WrMember *) g_ptr_array_index (members, 1))->uuid;
  WrFormItem *inpatient = WR_FORM_ITEM (section (session, "inpatient"));
  guint answered;
  guint required;

  /* Setting, announced and the ward team's feedback for the team; whether
   * each member knew the area.
   */
  g_assert_cmpuint (n_gaps (session), ==, 5);
  g_assert_false (wr_visit_session_is_shown (session, inpatient, sam, 0));

  /* The team's answer shows the inpatient prompts to every member. */
  answer (session, "setting", NULL, 0, "inpatient");
  g_assert_true (wr_visit_session_is_shown (session, inpatient, sam, 0));
  g_assert_true (wr_visit_session_is_shown (session, inpatient, kim, 0));

  /* Each member's impressions are their own. */
  answer (session, "knew-area", sam, 0, wr_question_get_choice_value (question (session, "knew-area"), 0));
  g_assert_nonnull (wr_visit_session_get_answer (session, question (session, "knew-area"), sam, 0));
  g_assert_null (wr_visit_session_get_answer (session, question (session, "knew-area"), kim, 0));
  wr_visit_session_count_required (session, section (session, "you"), &answered, &required);
  g_assert_cmpuint (answered, ==, 1);
  g_assert_cmpuint (required, ==, 2);

  /* The visits list shows the same count, over every section. */
  {
    g_autoptr(WrVisit) listed = wr_store_get_visit (fixture->store,
                                                    wr_visit_get_uuid (wr_visit_session_get_visit (session)), &error);

    g_assert_true (wr_visit_get_progress (listed, &answered, &required));
    g_assert_cmpuint (answered, ==, 2);
    g_assert_cmpuint (required, ==, 5);
  }

  /* Not complete until everything required is answered. */
  g_assert_false (wr_visit_session_complete (session, &error));
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "3 required answers"));
  g_clear_error (&error);

  answer (session, "announced", NULL, 0, wr_question_get_choice_value (question (session, "announced"), 0));
  answer (session, "knew-area", kim, 0, wr_question_get_choice_value (question (session, "knew-area"), 1));
  g_assert_cmpuint (n_gaps (session), ==, 1);
  answer (session, "fb-ward", NULL, 0, "yes");
  g_assert_cmpuint (n_gaps (session), ==, 0);
  g_assert_true (wr_visit_session_complete (session, &error));
  g_assert_no_error (error);
  g_assert_true (wr_visit_session_get_read_only (session));

  /* Everything was on disk: a new session reads the same. */
  again = wr_visit_session_new (fixture->store, fixture->library,
                                wr_visit_get_uuid (wr_visit_session_get_visit (session)), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wr_visit_session_get_answer (again, question (again, "setting"), NULL, 0), ==, "inpatient");
  g_assert_cmpstr (wr_visit_session_get_answer (again, question (again, "knew-area"), kim, 0), ==,
                   wr_question_get_choice_value (question (again, "knew-area"), 1));

  g_assert_true (wr_visit_session_reopen (again, &error));
  g_assert_false (wr_visit_session_get_read_only (again));
  g_assert_cmpuint (wr_visit_get_revision (wr_visit_session_get_visit (again)), ==, 2);
}

static void
test_hidden_answers_kept (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(WrVisitSession) session = wr_test_new_session (fixture->store, fixture->library, "fifteen-steps", 1);
  const char *sam = ((WrMember *) g_ptr_array_index (wr_visit_session_get_members (session), 0))->uuid;
  WrQuestion *where = question (session, "co-where");

  answer (session, "setting", NULL, 0, "community-outpatient");
  answer (session, "co-where", sam, 0, wr_question_get_choice_value (where, 0));
  g_assert_false (wr_visit_session_is_hidden_with_answer (session, where, sam, 0));

  /* Another setting hides the answer but keeps it; switching back shows it. */
  answer (session, "setting", NULL, 0, "inpatient");
  g_assert_true (wr_visit_session_is_hidden_with_answer (session, where, sam, 0));
  g_assert_nonnull (wr_visit_session_get_answer (session, where, sam, 0));
  answer (session, "setting", NULL, 0, "community-outpatient");
  g_assert_false (wr_visit_session_is_hidden_with_answer (session, where, sam, 0));
}

static void
test_repeats (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrVisitSession) session = wr_test_new_session (fixture->store, fixture->library, "structure", 0);
  WrSection *rooms = section (session, "rooms");
  WrQuestion *other = question (session, "room-other");

  g_assert_cmpuint (wr_visit_session_get_n_repeats (session, rooms), ==, 0);
  answer (session, "s-count", NULL, 0, "3");

  g_assert_true (wr_visit_session_add_repeat (session, rooms, &error));
  g_assert_true (wr_visit_session_add_repeat (session, rooms, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (wr_visit_session_get_n_repeats (session, rooms), ==, 2);

  /* A condition inside a repeat looks at the same repeat. */
  answer (session, "room-type", NULL, 0, "other");
  answer (session, "room-type", NULL, 1, "bathroom");
  g_assert_true (wr_visit_session_is_shown (session, WR_FORM_ITEM (other), NULL, 0));
  g_assert_false (wr_visit_session_is_shown (session, WR_FORM_ITEM (other), NULL, 1));

  /* Each repeat's heading counts the questions it shows, required or not. */
  {
    guint answered, questions;

    wr_visit_session_count_answered (session, rooms, NULL, 0, &answered, &questions);
    g_assert_cmpuint (answered, ==, 1);
    g_assert_cmpuint (questions, ==, 2);   /* room-type, room-other */
    answer (session, "room-other", NULL, 0, "Sluice");
    answer (session, "room-pull-cord", NULL, 1, "yes");
    wr_visit_session_count_answered (session, rooms, NULL, 0, &answered, &questions);
    g_assert_cmpuint (answered, ==, 2);
    g_assert_cmpuint (questions, ==, 2);
    wr_visit_session_count_answered (session, rooms, NULL, 1, &answered, &questions);
    g_assert_cmpuint (answered, ==, 2);
    g_assert_cmpuint (questions, ==, 2);   /* room-type, room-pull-cord */
    wr_visit_session_count_required (session, rooms, &answered, &questions);
    g_assert_cmpuint (answered, ==, 2);
    g_assert_cmpuint (questions, ==, 2);   /* room-type in each */
  }

  /* Moving the second first takes its answers with it. */
  g_assert_true (wr_visit_session_move_repeat (session, rooms, 1, 0, &error));
  g_assert_cmpstr (wr_visit_session_get_answer (session, question (session, "room-type"), NULL, 0), ==, "bathroom");
  g_assert_true (wr_visit_session_remove_repeat (session, rooms, 0, &error));
  g_assert_cmpuint (wr_visit_session_get_n_repeats (session, rooms), ==, 1);
  g_assert_cmpstr (wr_visit_session_get_answer (session, question (session, "room-type"), NULL, 0), ==, "other");
  g_assert_true (wr_visit_session_reload (session, &error));
  g_assert_cmpuint (wr_visit_session_get_n_repeats (session, rooms), ==, 1);
}

static void
test_missing_form (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrVisitSession) session = wr_test_new_session (fixture->store, fixture->library, "ned-visit", 0);
  g_autoptr(WrFormLibrary) empty = wr_form_library_new (NULL);
  g_autoptr(WrVisitSession) refused = NULL;

  refused = wr_visit_session_new (fixture->store, empty,
                                  wr_visit_get_uuid (wr_visit_session_get_visit (session)), &error);
  g_assert_null (refused);
  g_assert_error (error, WR_FORM_ERROR, WR_FORM_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "“ned-visit”"));
}

#define FORM_XML \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
  "<form xmlns=\"https://walkround.github.io/ns/form/1\" id=\"ward-check\" version=\"%u\" kind=\"custom\" xml:lang=\"en-GB\">\n" \
  "  <title>Ward check</title>\n" \
  "  <section id=\"s\"><title>Ward</title>\n" \
  "    <question id=\"clean\" type=\"yes-no-na\"><label>Clean?</label></question>\n" \
  "    %s\n" \
  "  </section>\n" \
  "</form>\n"

static void
write_form (const char *folder,
            guint       version,
            const char *extra)
{
  g_autofree char *name = g_strdup_printf ("ward-check-%u.xml", version);
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autofree char *xml = g_strdup_printf (FORM_XML, version, extra);

  g_assert_true (g_file_set_contents (path, xml, -1, NULL));
}

/* A draft started on version 1 moves to version 2, keeping the answers
 * whose questions remain and dropping the rest, which are listed first.
 */
static void
test_move_to_newer_form (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "forms", NULL);
  g_autoptr(WrFormLibrary) library = wr_form_library_new (NULL);
  g_autoptr(WrVisitSession) first = NULL;
  g_autoptr(WrVisitSession) session = NULL;
  g_autoptr(GPtrArray) dropped = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  g_autofree char *uuid = NULL;
  WrForm *newer;

  g_mkdir_with_parents (folder, 0700);
  write_form (folder, 1, "<question id=\"smell\" type=\"text\"><label>Any smell?</label></question>");
  g_clear_object (&fixture->library);
  fixture->library = wr_form_library_new (NULL);
  wr_form_library_add_folder (fixture->library, folder, WR_FORM_SOURCE_USER);

  first = wr_test_new_session (fixture->store, fixture->library, "ward-check", 0);
  uuid = g_strdup (wr_visit_get_uuid (wr_visit_session_get_visit (first)));
  answer (first, "clean", NULL, 0, "yes");
  answer (first, "smell", NULL, 0, "Fresh");
  g_assert_null (wr_visit_session_get_newer_form (first));

  /* Version 2 drops "smell" and adds "tidy". */
  write_form (folder, 2, "<question id=\"tidy\" type=\"yes-no-na\"><label>Tidy?</label></question>");
  wr_form_library_add_folder (library, folder, WR_FORM_SOURCE_USER);
  session = wr_visit_session_new (fixture->store, library, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wr_form_get_version (wr_visit_session_get_form (session)), ==, 1);

  newer = wr_visit_session_get_newer_form (session);
  g_assert_nonnull (newer);
  g_assert_cmpuint (wr_form_get_version (newer), ==, 2);
  dropped = wr_visit_session_list_dropped (session, newer);
  g_assert_cmpuint (dropped->len, ==, 1);
  g_assert_cmpstr (wr_form_item_get_id (g_ptr_array_index (dropped, 0)), ==, "smell");

  g_assert_true (wr_visit_session_move_to_form (session, newer, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (wr_visit_get_form_version (wr_visit_session_get_visit (session)), ==, 2);
  g_assert_cmpstr (wr_visit_session_get_answer (session, question (session, "clean"), NULL, 0), ==, "yes");
  g_assert_null (wr_visit_session_get_newer_form (session));
  answers = wr_store_list_answers (fixture->store, uuid, &error);
  g_assert_cmpuint (answers->len, ==, 1);

  /* The dropped answer's deletion is a change that travels: a tombstone,
   * by this device.
   */
  {
    g_autoptr(sqlite3_stmt) stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (fixture->store),
                                         "SELECT row_key, row, question_id, device_id, change_number FROM tombstones",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "answer smell - -");
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "answer");
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, "smell");
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 3), ==, wr_store_get_device_id (fixture->store));
    g_assert_cmpint (sqlite3_column_int64 (stmt, 4), >, 0);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  }

  /* A completed visit stays on its version. */
  g_assert_true (wr_visit_session_complete (session, &error));
  g_assert_null (wr_visit_session_get_newer_form (session));
}

/* Observations and actions are found where they were written: a
 * question, a member's prompt, a repeat; what has no place there (the
 * whole visit's, a removed repeat's) is said to have none. Changes are
 * seen once the store says so.
 */
static void
test_notes_at (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrVisitSession) session = wr_test_new_session (fixture->store, fixture->library, "structure", 1);
  const char *visit = wr_visit_get_uuid (wr_visit_session_get_visit (session));
  WrForm *form = wr_visit_session_get_form (session);
  WrSection *rooms = WR_SECTION (wr_form_lookup_item (form, "rooms"));
  WrFormItem *room_type = wr_form_lookup_item (form, "room-type");
  WrFormItem *mine = wr_form_lookup_item (form, "mine-obs");
  WrFormItem *count = wr_form_lookup_item (form, "s-count");
  const char *member = ((WrMember *) g_ptr_array_index (wr_visit_session_get_members (session), 0))->uuid;
  g_autofree char *first_repeat = NULL;
  g_autofree char *second_repeat = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *room_action = NULL;
  GPtrArray *found;

  /* Two rooms, so that one room's notes are told from the other's. */
  g_assert_true (wr_visit_session_add_repeat (session, rooms, &error));
  g_assert_true (wr_visit_session_add_repeat (session, rooms, &error));
  g_assert_no_error (error);
  first_repeat = g_strdup (wr_visit_session_get_repeat_uuid (session, rooms, 0));
  second_repeat = g_strdup (wr_visit_session_get_repeat_uuid (session, rooms, 1));
  g_assert_null (wr_visit_session_list_observations_at (session, room_type, NULL, 0));

  {
    WrObservationFields in_room = { .question_id = "room-type", .repeat_uuid = first_repeat, .text = "Cluttered",
                                    .kind = "concern" };
    WrObservationFields at_prompt = { .question_id = "mine-obs", .member_uuid = member, .text = "Felt welcome",
                                      .kind = "good-practice" };
    WrObservationFields whole = { .text = "A calm ward", .kind = "good-practice" };
    WrActionFields action = { .question_id = "s-count", .text = "Count the rooms again", .owner = "Matron" };
    WrActionFields in_second_room = { .question_id = "room-type", .repeat_uuid = second_repeat,
                                      .text = "Clear the clutter", .owner = "Ward manager" };

    g_free (wr_store_add_observation (fixture->store, visit, &in_room, &error));
    g_free (wr_store_add_observation (fixture->store, visit, &at_prompt, &error));
    g_free (wr_store_add_observation (fixture->store, visit, &whole, &error));
    uuid = wr_store_add_action (fixture->store, visit, &action, &error);
    g_assert_no_error (error);
    room_action = wr_store_add_action (fixture->store, visit, &in_second_room, &error);
    g_assert_no_error (error);
  }

  found = wr_visit_session_list_observations_at (session, room_type, NULL, 0);
  g_assert_nonnull (found);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (wr_observation_get_text (g_ptr_array_index (found, 0)), ==, "Cluttered");
  g_assert_null (wr_visit_session_list_observations_at (session, room_type, NULL, 1));
  found = wr_visit_session_list_observations_at (session, mine, member, 0);
  g_assert_nonnull (found);
  g_assert_cmpstr (wr_observation_get_text (g_ptr_array_index (found, 0)), ==, "Felt welcome");
  g_assert_null (wr_visit_session_list_observations_at (session, mine, "someone-else", 0));
  found = wr_visit_session_list_actions_at (session, count, 0);
  g_assert_nonnull (found);
  g_assert_cmpstr (wr_action_get_text (g_ptr_array_index (found, 0)), ==, "Count the rooms again");

  /* An action raised in the second room is under its question there
   * only, not in every room.
   */
  g_assert_null (wr_visit_session_list_actions_at (session, room_type, 0));
  found = wr_visit_session_list_actions_at (session, room_type, 1);
  g_assert_nonnull (found);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (wr_action_get_text (g_ptr_array_index (found, 0)), ==, "Clear the clutter");
  g_assert_true (wr_visit_session_has_place_for_note (session, "room-type", NULL, second_repeat));
  g_assert_false (wr_visit_session_has_place_for_note (session, "room-type", NULL, ""));

  g_assert_true (wr_visit_session_has_place_for_note (session, "room-type", "", first_repeat));
  g_assert_true (wr_visit_session_has_place_for_note (session, "mine-obs", member, ""));
  g_assert_true (wr_visit_session_has_place_for_note (session, "s-count", NULL, NULL));
  g_assert_false (wr_visit_session_has_place_for_note (session, "", "", ""));
  g_assert_false (wr_visit_session_has_place_for_note (session, "no-such-question", "", ""));
  g_assert_false (wr_visit_session_has_place_for_note (session, "room-type", "", ""));
  g_assert_false (wr_visit_session_has_place_for_note (session, "mine-obs", "someone-else", ""));

  /* Removed, the action is gone from its question at once. */
  g_assert_true (wr_store_delete_action (fixture->store, uuid, TRUE, &error));
  g_assert_no_error (error);
  g_assert_null (wr_visit_session_list_actions_at (session, count, 0));

  /* The first room removed: its observation has no place left. */
  g_assert_true (wr_visit_session_remove_repeat (session, rooms, 0, &error));
  g_assert_no_error (error);
  g_assert_false (wr_visit_session_has_place_for_note (session, "room-type", "", first_repeat));

  /* The second room is now the first; removing it deletes its action with
   * it, and Undo brings the action back under it.
   */
  found = wr_visit_session_list_actions_at (session, room_type, 0);
  g_assert_nonnull (found);
  g_assert_cmpstr (wr_action_get_uuid (g_ptr_array_index (found, 0)), ==, room_action);
  g_assert_true (wr_visit_session_remove_repeat (session, rooms, 0, &error));
  g_assert_no_error (error);
  g_assert_null (wr_visit_session_list_actions_at (session, room_type, 0));
  {
    g_autoptr(GListModel) actions = wr_store_list_actions (fixture->store, visit, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (actions), ==, 0);
  }
  g_assert_true (wr_store_delete_repeat (fixture->store, visit, second_repeat, FALSE, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GListModel) actions = wr_store_list_actions (fixture->store, visit, &error);
    g_autoptr(WrAction) back = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (actions), ==, 1);
    back = g_list_model_get_item (actions, 0);
    g_assert_cmpstr (wr_action_get_uuid (back), ==, room_action);
    g_assert_cmpstr (wr_action_get_repeat_uuid (back), ==, second_repeat);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/walkround/visit-session/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("fifteen-steps", test_fifteen_steps);
  ADD ("hidden-answers-kept", test_hidden_answers_kept);
  ADD ("repeats", test_repeats);
  ADD ("missing-form", test_missing_form);
  ADD ("move-to-newer-form", test_move_to_newer_form);
  ADD ("notes-at", test_notes_at);

#undef ADD

  return g_test_run ();
}
