/* test-cli-answer.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* "walkround answer" as a script runs it: the real binary, no display,
 * against visits made with the store as the window makes them.
 */

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "wr-core-test-utils.h"
#include "wr-store-private.h"
#include "wr-support.h"

typedef struct
{
  char          *dir;
  WrStore       *store;
  WrFormLibrary *library;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  /* The cache folder is this test's own (G_TEST_OPTION_ISOLATE_DIRS). */
  fixture->dir = g_build_filename (g_get_user_cache_dir (), "answer", NULL);
  g_assert_cmpint (g_mkdir_with_parents (fixture->dir, 0700), ==, 0);
  path = g_build_filename (fixture->dir, "walkround.db", NULL);
  fixture->store = wr_store_open (path, &error);
  g_assert_no_error (error);
  fixture->library = wr_form_library_new_default (NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->library);
  g_free (fixture->dir);
}

/* The stored answer, as a session newly opened reads it. */
static char *
stored (Fixture    *fixture,
        const char *visit,
        const char *question_id,
        const char *member_uuid,
        guint       repeat)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrVisitSession) session = wr_visit_session_new (fixture->store, fixture->library, visit, &error);
  WrFormItem *item;

  g_assert_no_error (error);
  item = wr_form_lookup_item (wr_visit_session_get_form (session), question_id);
  g_assert_true (WR_IS_QUESTION (item));
  return g_strdup (wr_visit_session_get_answer (session, WR_QUESTION (item), member_uuid, repeat));
}

#define run_ok(run, fixture, ...) \
  G_STMT_START { \
    wr_test_run_walkround ((run), (fixture)->dir, "answer", __VA_ARGS__, NULL); \
    if ((run)->status != 0) \
      g_error ("walkround answer failed (%d): %s", (run)->status, (run)->err); \
  } G_STMT_END

#define run_refused(run, fixture, expected_status, message, ...) \
  G_STMT_START { \
    wr_test_run_walkround ((run), (fixture)->dir, "answer", __VA_ARGS__, NULL); \
    g_assert_cmpint ((run)->status, ==, (expected_status)); \
    g_assert_cmpstr ((run)->out, ==, ""); \
    if (strstr ((run)->err, (message)) == NULL) \
      g_error ("expected “%s” in: %s", (message), (run)->err); \
  } G_STMT_END

/* A 15 Steps walk: each member answers for themselves, chosen by name in
 * any case or by uuid; two members of one name must be told apart.
 */
static void
test_per_member (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(WrVisitSession) session = wr_test_new_session (fixture->store, fixture->library, "fifteen-steps", 2);
  g_autofree char *visit = g_strdup (wr_visit_get_uuid (wr_visit_session_get_visit (session)));
  g_autofree char *first = g_strdup (((WrMember *) g_ptr_array_index (wr_visit_session_get_members (session), 0))->uuid);
  g_autofree char *sam_1 = NULL;
  g_autofree char *sam_2 = NULL;
  g_autofree char *value = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(WrTestRun) saved = { 0 };
  g_auto(WrTestRun) by_uuid = { 0 };
  g_auto(WrTestRun) nobody = { 0 };
  g_auto(WrTestRun) whose = { 0 };
  g_auto(WrTestRun) ambiguous = { 0 };
  g_auto(WrTestRun) bad_rating = { 0 };
  g_auto(WrTestRun) unknown = { 0 };
  g_auto(WrTestRun) note = { 0 };
  g_auto(WrTestRun) too_many = { 0 };
  g_auto(WrTestRun) both = { 0 };
  g_auto(WrTestRun) date = { 0 };

  sam_1 = wr_store_add_member (fixture->store, visit, "Sam Lee", "carer", &error);
  g_assert_no_error (error);
  sam_2 = wr_store_add_member (fixture->store, visit, "Sam Lee", "service-user", &error);
  g_assert_no_error (error);

  run_ok (&saved, fixture, visit, "first-feel", "--member", "member 1", " 4 ");
  g_assert_cmpstr (saved.out, ==, "first-feel = 4\n");
  value = stored (fixture, visit, "first-feel", first, 0);
  g_assert_cmpstr (value, ==, "4");
  g_clear_pointer (&value, g_free);

  run_ok (&by_uuid, fixture, visit, "first-feel", "--member", sam_2, "5");
  value = stored (fixture, visit, "first-feel", sam_2, 0);
  g_assert_cmpstr (value, ==, "5");
  g_clear_pointer (&value, g_free);
  value = stored (fixture, visit, "first-feel", sam_1, 0);
  g_assert_null (value);

  run_refused (&whose, fixture, 1, "say whose answer it is with --member", visit, "first-feel", "4");
  run_refused (&nobody, fixture, 1, "nobody called “Pat” is on the visit's team; the team is: Member 1, Member 2, Sam Lee, Sam Lee",
               visit, "first-feel", "--member", "Pat", "4");
  run_refused (&ambiguous, fixture, 1, "2 members of the team are called “sam lee”", visit, "first-feel", "--member",
               "sam lee", "4");
  g_assert_nonnull (strstr (ambiguous.err, sam_1));
  g_assert_nonnull (strstr (ambiguous.err, sam_2));
  run_refused (&bad_rating, fixture, 1, "first-feel: “6” is not one of this question's answers", visit, "first-feel",
               "--member", first, "6");
  run_refused (&unknown, fixture, 1, "the form “15 Steps Challenge” (version 1) has no question “no-such”", visit,
               "no-such", "yes");
  run_refused (&note, fixture, 1, "“about-intro” is a note, which takes no answer", visit, "about-intro", "yes");
  run_refused (&too_many, fixture, 2, "see “walkround answer --help”", visit, "first-feel", "4", "5");
  run_refused (&both, fixture, 2, "give a value or --clear, not both", visit, "fb-report-date", "--clear", "4");

  /* A date day first is kept as YYYY-MM-DD, as the visit page keeps it. */
  run_ok (&date, fixture, visit, "fb-report-date", "31/12/2026");
  g_assert_cmpstr (date.out, ==, "fb-report-date = 2026-12-31\n");
  value = stored (fixture, visit, "fb-report-date", NULL, 0);
  g_assert_cmpstr (value, ==, "2026-12-31");
}

/* Without --member, a member's own answer is that of whom this computer's
 * user chose in Who Are You?, as on the visit page, and it says so; with
 * nobody chosen (or the one chosen gone from the team) it is refused and
 * says how to choose; --member still answers for anyone.
 */
static void
test_chosen_member (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(WrVisitSession) session = wr_test_new_session (fixture->store, fixture->library, "fifteen-steps", 1);
  g_autofree char *visit = g_strdup (wr_visit_get_uuid (wr_visit_session_get_visit (session)));
  g_autofree char *first = g_strdup (((WrMember *) g_ptr_array_index (wr_visit_session_get_members (session), 0))->uuid);
  g_autofree char *priya = NULL;
  g_autofree char *value = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(WrTestRun) nobody_chosen = { 0 };
  g_auto(WrTestRun) as_me = { 0 };
  g_auto(WrTestRun) comment = { 0 };
  g_auto(WrTestRun) other = { 0 };
  g_auto(WrTestRun) gone = { 0 };

  priya = wr_store_add_member (fixture->store, visit, "Priya Jones", "service-user", &error);
  g_assert_no_error (error);

  run_refused (&nobody_chosen, fixture, 1, "say whose answer it is with --member NAME, or choose who you are on this "
               "visit with Who Are You?", visit, "first-feel", "4");
  value = stored (fixture, visit, "first-feel", priya, 0);
  g_assert_null (value);

  /* Chosen on this computer: answered as Priya, and said on stderr. */
  g_assert_true (wr_store_set_my_member (fixture->store, visit, priya, &error));
  g_assert_no_error (error);
  run_ok (&as_me, fixture, visit, "first-feel", "4");
  g_assert_cmpstr (as_me.out, ==, "first-feel = 4\n");
  g_assert_nonnull (strstr (as_me.err, "answering as Priya Jones, who this computer’s user chose to be in Who Are You?"));
  value = stored (fixture, visit, "first-feel", priya, 0);
  g_assert_cmpstr (value, ==, "4");
  g_clear_pointer (&value, g_free);
  value = stored (fixture, visit, "first-feel", first, 0);
  g_assert_null (value);

  run_ok (&comment, fixture, visit, "first-feel", "--comment", "Bright and calm");
  g_assert_cmpstr (comment.out, ==, "first-feel comment saved\n");
  {
    g_autoptr(GPtrArray) answers = wr_store_list_answers (fixture->store, visit, &error);
    gboolean found = FALSE;

    g_assert_no_error (error);
    for (guint i = 0; i < answers->len; i++)
      {
        WrAnswer *answer = g_ptr_array_index (answers, i);

        if (g_str_equal (answer->question_id, "first-feel") && g_str_equal (answer->member_uuid, priya))
          {
            g_assert_cmpstr (answer->comment, ==, "Bright and calm");
            found = TRUE;
          }
      }
    g_assert_true (found);
  }

  /* --member still answers for someone else, and says nothing of Priya. */
  run_ok (&other, fixture, visit, "first-feel", "--member", "Member 1", "2");
  g_assert_null (strstr (other.err, "answering as"));
  value = stored (fixture, visit, "first-feel", first, 0);
  g_assert_cmpstr (value, ==, "2");
  g_clear_pointer (&value, g_free);
  value = stored (fixture, visit, "first-feel", priya, 0);
  g_assert_cmpstr (value, ==, "4");
  g_clear_pointer (&value, g_free);

  /* The one chosen has left the team: nobody is chosen any more. */
  g_assert_true (wr_store_remove_member (fixture->store, visit, priya, &error));
  g_assert_no_error (error);
  run_refused (&gone, fixture, 1, "say whose answer it is with --member NAME", visit, "first-feel", "5");
  value = stored (fixture, visit, "first-feel", first, 0);
  g_assert_cmpstr (value, ==, "2");
}

/* A quality visit's conversations: one answer per repeat; a question its
 * condition hides is not asked, as on the visit page; a label is taken
 * for its value; --clear and --comment.
 */
static void
test_repeats (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(WrVisitSession) session = wr_test_new_session (fixture->store, fixture->library, "quality-visit", 0);
  g_autofree char *visit = g_strdup (wr_visit_get_uuid (wr_visit_session_get_visit (session)));
  g_autofree char *value = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(WrTestRun) second = { 0 };
  g_auto(WrTestRun) hidden = { 0 };
  g_auto(WrTestRun) label = { 0 };
  g_auto(WrTestRun) shown = { 0 };
  g_auto(WrTestRun) no_repeat = { 0 };
  g_auto(WrTestRun) out_of_range = { 0 };
  g_auto(WrTestRun) once = { 0 };
  g_auto(WrTestRun) comment = { 0 };
  g_auto(WrTestRun) clear = { 0 };
  WrSection *conversations = WR_SECTION (wr_form_lookup_item (wr_visit_session_get_form (session), "conversations"));

  g_assert_true (wr_visit_session_add_repeat (session, conversations, &error));
  g_assert_true (wr_visit_session_add_repeat (session, conversations, &error));
  g_assert_no_error (error);

  run_ok (&second, fixture, visit, "conv-agreed", "yes", "--repeat", "2");
  value = stored (fixture, visit, "conv-agreed", NULL, 1);
  g_assert_cmpstr (value, ==, "yes");
  g_clear_pointer (&value, g_free);
  value = stored (fixture, visit, "conv-agreed", NULL, 0);
  g_assert_null (value);

  run_refused (&hidden, fixture, 1, "“conv-safe” is hidden by the answers it depends on", visit, "conv-safe",
               "mostly", "--repeat", "1");
  run_ok (&label, fixture, visit, "conv-agreed", "--repeat", "1", "YES");
  g_assert_cmpstr (label.out, ==, "conv-agreed = yes\n");
  run_ok (&shown, fixture, visit, "conv-safe", "mostly", "--repeat", "1");
  value = stored (fixture, visit, "conv-safe", NULL, 0);
  g_assert_cmpstr (value, ==, "mostly");
  g_clear_pointer (&value, g_free);

  run_refused (&no_repeat, fixture, 1, "say which with --repeat N, from 1 to 2", visit, "conv-agreed", "yes");
  run_refused (&out_of_range, fixture, 1, "say which with --repeat N, from 1 to 2", visit, "conv-agreed", "yes",
               "--repeat", "3");
  run_refused (&once, fixture, 1, "leave out --repeat", visit, "env-clean", "yes", "--repeat", "1");

  run_ok (&comment, fixture, visit, "conv-safe", "--repeat", "1", "--comment", "Short of staff at night");
  g_assert_cmpstr (comment.out, ==, "conv-safe comment saved\n");
  run_ok (&clear, fixture, visit, "conv-agreed", "--repeat", "2", "--clear");
  g_assert_cmpstr (clear.out, ==, "conv-agreed cleared\n");
  value = stored (fixture, visit, "conv-agreed", NULL, 1);
  g_assert_null (value);

  /* The comment is kept beside the answer, and each save is audited as
   * the window's are.
   */
  answers = wr_store_list_answers (fixture->store, visit, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < answers->len; i++)
    {
      WrAnswer *answer = g_ptr_array_index (answers, i);

      if (g_str_equal (answer->question_id, "conv-safe"))
        {
          g_assert_cmpstr (answer->value, ==, "mostly");
          g_assert_cmpstr (answer->comment, ==, "Short of staff at night");
        }
    }
  {
    g_autoptr(GPtrArray) history = wr_store_list_history (fixture->store, visit, &error);
    gboolean found = FALSE;

    g_assert_no_error (error);
    for (guint i = 0; i < history->len; i++)
      {
        WrHistoryEntry *entry = g_ptr_array_index (history, i);

        found |= g_str_equal (entry->entity, "answer") && g_str_equal (entry->field, "comment") &&
                 g_strcmp0 (entry->new_value, "Short of staff at night") == 0;
      }
    g_assert_true (found);
  }
}

#define UUID_A "00000000-0000-4000-8000-00000000000a"
#define UUID_B "00000000-0000-4000-8000-00000000000b"
#define MEMBER_A "00000000-0000-4000-8000-0000000000fa"
#define MEMBER_B "00000000-0000-4000-8000-0000000000fb"

/* A repeat (or, with no section, a member called @name) written as an
 * import writes one: as another device added it, at a position this
 * device may have given one of its own too.
 */
static void
import_row (WrStore    *store,
            const char *visit_uuid,
            const char *section_id,
            const char *uuid,
            const char *name,
            guint       position)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  gint64 visit_id = 0;

  g_assert_true (_wr_store_find_visit (store, visit_uuid, &visit_id, &status, &error));
  g_assert_true (_wr_store_begin (store, &error));
  g_assert_true (_wr_store_import_begin_texts (store, &error));
  if (section_id != NULL)
    g_assert_true (_wr_store_bulk_repeat (store, visit_id, section_id, uuid, position, "2026-06-01T10:00:00+01:00",
                                          &error));
  else
    g_assert_true (_wr_store_bulk_member (store, visit_id, uuid, name, "ned", position, &error));
  g_assert_true (_wr_store_import_index_texts (store, &error));
  g_assert_true (_wr_store_commit (store, &error));
  g_assert_no_error (error);
}

/* Where @needle first is in @haystack, failing if it is not. */
static gsize
offset_of (const char *haystack,
           const char *needle)
{
  const char *at = strstr (haystack, needle);

  if (at == NULL)
    g_error ("“%s” is not in: %s", needle, haystack);
  return (gsize) (at - haystack);
}

/* The repeat an answer to @question_id was saved in. */
static char *
repeat_answered (Fixture    *fixture,
                 const char *visit,
                 const char *question_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) answers = wr_store_list_answers (fixture->store, visit, &error);
  char *found = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < answers->len; i++)
    {
      WrAnswer *answer = g_ptr_array_index (answers, i);

      if (g_str_equal (answer->question_id, question_id))
        {
          g_assert_null (found);
          found = g_strdup (answer->repeat_uuid);
        }
    }
  g_assert_nonnull (found);
  return found;
}

/* Two devices each added a conversation at position 1 (and a member at
 * position 0): merged, they are the second and third in uuid order on
 * every device, for --repeat N as for the visit session, the pack and the
 * reports; and once the first is removed, they are the first and second.
 */
static void
test_repeat_order (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(WrVisitSession) session = wr_test_new_session (fixture->store, fixture->library, "quality-visit", 0);
  g_autoptr(WrVisitSession) merged = NULL;
  g_autofree char *visit = g_strdup (wr_visit_get_uuid (wr_visit_session_get_visit (session)));
  g_autofree char *first = NULL;
  g_autofree char *saved_in = NULL;
  g_autofree char *html_path = g_build_filename (fixture->dir, "order.html", NULL);
  g_autofree char *pdf_path = g_build_filename (fixture->dir, "order.pdf", NULL);
  g_autofree char *html = NULL;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autoptr(GError) error = NULL;
  g_auto(WrTestRun) second = { 0 };
  g_auto(WrTestRun) third = { 0 };
  g_auto(WrTestRun) shown = { 0 };
  g_auto(WrTestRun) safe = { 0 };
  g_auto(WrTestRun) why = { 0 };
  g_auto(WrTestRun) shown_3 = { 0 };
  g_auto(WrTestRun) why_3 = { 0 };
  g_auto(WrTestRun) pack = { 0 };
  g_auto(WrTestRun) html_report = { 0 };
  g_auto(WrTestRun) pdf_report = { 0 };
  g_auto(WrTestRun) after_removal = { 0 };
  WrSection *conversations = WR_SECTION (wr_form_lookup_item (wr_visit_session_get_form (session), "conversations"));

  g_assert_true (wr_visit_session_add_repeat (session, conversations, &error));
  g_assert_no_error (error);
  first = g_strdup (wr_visit_session_get_repeat_uuid (session, conversations, 0));
  import_row (fixture->store, visit, "conversations", UUID_B, NULL, 1);
  import_row (fixture->store, visit, "conversations", UUID_A, NULL, 1);
  import_row (fixture->store, visit, NULL, MEMBER_B, "Amy Tied", 0);
  import_row (fixture->store, visit, NULL, MEMBER_A, "Zed Tied", 0);

  merged = wr_visit_session_new (fixture->store, fixture->library, visit, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wr_visit_session_get_n_repeats (merged, conversations), ==, 3);
  g_assert_cmpstr (wr_visit_session_get_repeat_uuid (merged, conversations, 0), ==, first);
  g_assert_cmpstr (wr_visit_session_get_repeat_uuid (merged, conversations, 1), ==, UUID_A);
  g_assert_cmpstr (wr_visit_session_get_repeat_uuid (merged, conversations, 2), ==, UUID_B);
  g_assert_cmpstr (((WrMember *) g_ptr_array_index (wr_visit_session_get_members (merged), 0))->uuid, ==, MEMBER_A);

  run_ok (&second, fixture, visit, "conv-who", "patient", "--repeat", "2");
  saved_in = repeat_answered (fixture, visit, "conv-who");
  g_assert_cmpstr (saved_in, ==, UUID_A);
  g_clear_pointer (&saved_in, g_free);
  run_ok (&third, fixture, visit, "conv-agreed", "yes", "--repeat", "3");
  saved_in = repeat_answered (fixture, visit, "conv-agreed");
  g_assert_cmpstr (saved_in, ==, UUID_B);
  g_clear_pointer (&saved_in, g_free);

  /* Texts each repeat's table in the PDF shows. */
  run_ok (&shown, fixture, visit, "conv-agreed", "yes", "--repeat", "2");
  run_ok (&safe, fixture, visit, "conv-safe", "no", "--repeat", "2");
  run_ok (&why, fixture, visit, "conv-safe-why", "Told of the second", "--repeat", "2");
  run_ok (&shown_3, fixture, visit, "conv-safe", "no", "--repeat", "3");
  run_ok (&why_3, fixture, visit, "conv-safe-why", "Told of the third", "--repeat", "3");

  /* The pack lists them so, and is valid with two of one position. */
  wr_test_run_walkround (&pack, fixture->dir, "export", "--output", "-", "--visit", visit, NULL);
  g_assert_cmpint (pack.status, ==, 0);
  wr_test_assert_valid (pack.out, "evidence-pack.xsd", fixture->dir);
  g_assert_cmpuint (offset_of (pack.out, "<repeat uuid=\"" UUID_A), <, offset_of (pack.out, "<repeat uuid=\"" UUID_B));
  g_assert_cmpuint (offset_of (pack.out, "<member uuid=\"" MEMBER_A), <, offset_of (pack.out, "<member uuid=\"" MEMBER_B));

  /* The HTML report names the team in that order. */
  wr_test_run_walkround (&html_report, fixture->dir, "report", "--format", "html", "--output", html_path,
                         "--visit", visit, NULL);
  g_assert_cmpint (html_report.status, ==, 0);
  g_assert_true (g_file_get_contents (html_path, &html, NULL, NULL));
  g_assert_cmpuint (offset_of (html, "Zed Tied"), <, offset_of (html, "Amy Tied"));

  /* The PDF's tables show the second repeat before the third. */
  if (pdftotext != NULL)
    {
      g_autofree char *text = NULL;
      const char *argv[] = { pdftotext, "-enc", "UTF-8", pdf_path, "-", NULL };
      int status;

      wr_test_run_walkround (&pdf_report, fixture->dir, "report", "--format", "pdf", "--output", pdf_path,
                             "--visit", visit, NULL);
      g_assert_cmpint (pdf_report.status, ==, 0);
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &text, NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_cmpint (wr_test_exit_status (status), ==, 0);
      g_assert_cmpuint (offset_of (text, "Told of the second"), <, offset_of (text, "Told of the third"));
    }
  else
    g_test_message ("pdftotext is not installed: the PDF's order is not checked");

  /* The first removed, --repeat 2 is the one that was third. */
  g_assert_true (wr_store_delete_repeat (fixture->store, visit, first, TRUE, &error));
  g_assert_no_error (error);
  run_ok (&after_removal, fixture, visit, "conv-who", "carer", "--repeat", "2");
  {
    g_autoptr(GPtrArray) answers = wr_store_list_answers (fixture->store, visit, &error);
    gboolean found = FALSE;

    g_assert_no_error (error);
    for (guint i = 0; i < answers->len; i++)
      {
        WrAnswer *answer = g_ptr_array_index (answers, i);

        if (g_str_equal (answer->question_id, "conv-who") && g_str_equal (answer->repeat_uuid, UUID_B))
          {
            g_assert_cmpstr (answer->value, ==, "carer");
            found = TRUE;
          }
      }
    g_assert_true (found);
  }
}

/* A completed visit's answers do not change from the command line either;
 * a visit that is not there is said.
 */
static void
test_refused_visits (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(WrVisitSession) session = wr_test_new_session (fixture->store, fixture->library, "ned-visit", 0);
  g_autofree char *visit = g_strdup (wr_visit_get_uuid (wr_visit_session_get_visit (session)));
  g_autofree char *value = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(WrTestRun) multi = { 0 };
  g_auto(WrTestRun) completed = { 0 };
  g_auto(WrTestRun) missing = { 0 };

  /* Several choices by value, in any order, kept in the form's. */
  run_ok (&multi, fixture, visit, "who-met", "staff, patients");
  g_assert_cmpstr (multi.out, ==, "who-met = patients staff\n");

  g_assert_true (wr_store_complete_visit (fixture->store, visit, &error));
  g_assert_no_error (error);
  run_refused (&completed, fixture, 1, "is completed, so its answers no longer change", visit, "who-met", "carers");
  value = stored (fixture, visit, "who-met", NULL, 0);
  g_assert_cmpstr (value, ==, "patients staff");

  run_refused (&missing, fixture, 1, "There is no visit 00000000-0000-4000-8000-000000000000",
               "00000000-0000-4000-8000-000000000000", "who-met", "carers");
}

/* Runs a walkround command in a data folder; it must succeed. */
#define run_in(dir, ...) \
  G_STMT_START { \
    g_auto(WrTestRun) run_ = { 0 }; \
    wr_test_run_walkround (&run_, (dir), __VA_ARGS__, NULL); \
    if (run_.status != 0) \
      g_error ("walkround failed (%d): %s", run_.status, run_.err); \
  } G_STMT_END

/* A team visit recorded on two members' devices, each answering their own
 * question and, apart, the same shared one: "walkround conflicts list"
 * names who wrote each version (the member whose answers that device
 * recorded) and when, after the fields scripts read, which stay as they
 * were.
 */
static void
test_conflicts_name_members (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(WrVisitSession) session = wr_test_new_session (fixture->store, fixture->library, "fifteen-steps", 2);
  g_autofree char *visit = g_strdup (wr_visit_get_uuid (wr_visit_session_get_visit (session)));
  g_autofree char *a_dir = g_build_filename (fixture->dir, "a", NULL);
  g_autofree char *b_dir = g_build_filename (fixture->dir, "b", NULL);
  g_autofree char *start = g_build_filename (fixture->dir, "start.xml", NULL);
  g_autofree char *from_a = g_build_filename (fixture->dir, "a.xml", NULL);
  g_autofree char *from_b = g_build_filename (fixture->dir, "b.xml", NULL);
  g_auto(WrTestRun) list = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autoptr(GRegex) version = NULL;

  run_in (fixture->dir, "export", "--visit", visit, "--output", start);
  /* The lead and the members' devices trust each other's packs. */
  wr_test_trust_dir (a_dir, fixture->dir);
  wr_test_trust_dir (b_dir, fixture->dir);
  wr_test_trust_dir (fixture->dir, a_dir);
  wr_test_trust_dir (fixture->dir, b_dir);
  run_in (a_dir, "import", start);
  run_in (b_dir, "import", start);
  run_in (a_dir, "answer", visit, "first-feel", "4", "--member", "Member 1");
  run_in (a_dir, "answer", visit, "fb-report-date", "2026-12-01");
  run_in (b_dir, "answer", visit, "first-feel", "2", "--member", "Member 2");
  run_in (b_dir, "answer", visit, "fb-report-date", "2026-12-02");
  run_in (a_dir, "export", "--visit", visit, "--output", from_a);
  run_in (b_dir, "export", "--visit", visit, "--output", from_b);
  run_in (fixture->dir, "import", from_a, from_b);

  wr_test_run_walkround (&list, fixture->dir, "conflicts", "list", NULL);
  g_assert_cmpint (list.status, ==, 0);
  g_test_message ("%s", list.out);
  lines = g_strsplit (list.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  /* The first line as before: the id, the visit, the row's key. */
  g_assert_true (g_regex_match_simple ("^r[0-9]+\tvisit [-0-9a-f]{36}\tanswer fb-report-date - -$", lines[0], 0, 0));
  g_assert_nonnull (strstr (lines[0], visit));
  /* Each version: the device's id and change as before, then who and when. */
  version = g_regex_new ("^\t(shown \\(ours\\)|1 \\(theirs\\))\tdevice [-0-9a-f]{36}, change [0-9]+: .*2026-12-0[12].*"
                         "\tby Member [12] \\(device [0-9a-f]{8}…\\) · [0-9]+ [A-Z][a-z]+ [0-9]{4}, [0-9]{2}:[0-9]{2}$",
                         0, 0, NULL);
  for (guint i = 1; i <= 2; i++)
    if (!g_regex_match (version, lines[i], 0, NULL))
      g_error ("not a version line with who and when: %s", lines[i]);
  /* Each device named by its member: A's version by Member 1, B's by Member 2. */
  for (guint i = 1; i <= 2; i++)
    {
      const char *who = strstr (lines[i], "2026-12-01") != NULL ? "by Member 1 (" : "by Member 2 (";

      g_assert_nonnull (strstr (lines[i], who));
    }
  g_assert_true ((strstr (lines[1], "Member 1") != NULL) != (strstr (lines[2], "Member 1") != NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/walkround/cli/answer/per-member", Fixture, NULL, fixture_set_up, test_per_member, fixture_tear_down);
  g_test_add ("/walkround/cli/answer/chosen-member", Fixture, NULL, fixture_set_up, test_chosen_member,
              fixture_tear_down);
  g_test_add ("/walkround/cli/answer/repeats", Fixture, NULL, fixture_set_up, test_repeats, fixture_tear_down);
  g_test_add ("/walkround/cli/answer/repeat-order", Fixture, NULL, fixture_set_up, test_repeat_order,
              fixture_tear_down);
  g_test_add ("/walkround/cli/answer/conflicts-name-members", Fixture, NULL, fixture_set_up,
              test_conflicts_name_members, fixture_tear_down);
  g_test_add ("/walkround/cli/answer/refused-visits", Fixture, NULL, fixture_set_up, test_refused_visits,
              fixture_tear_down);

  return g_test_run ();
}
