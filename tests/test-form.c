/* test-form.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <string.h>
#include <sys/stat.h>

#include "wr-core-test-utils.h"
#include "wr-form-private.h"
#include "wr-form-state.h"
#include "wr-paths.h"

/* Helpers ------------------------------------------------------------------- */

static char *
good_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "forms", "good", name, NULL);
}

static WrForm *
load_good (const char *name)
{
  g_autofree char *path = good_path (name);
  g_autoptr(GError) error = NULL;
  WrForm *form = wr_form_new_from_file (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (WR_IS_FORM (form));

  return form;
}

static WrForm *
load_string (const char  *xml,
             GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (xml, strlen (xml));

  return wr_form_new_from_bytes (bytes, "test.xml", NULL, error);
}

static char *
temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("walkround-test-form-XXXXXX", &error);

  g_assert_no_error (error);

  return dir;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

/* Checks that @message is `FILE:LINE: something`. */
static void
assert_located (const char *message,
                const char *file)
{
  const char *p;

  g_assert_true (g_str_has_prefix (message, file));
  p = message + strlen (file);
  g_assert_cmpint (*p, ==, ':');
  p++;
  g_assert_true (g_ascii_isdigit (*p));
  while (g_ascii_isdigit (*p))
    p++;
  g_assert_cmpint (p[0], ==, ':');
  g_assert_cmpint (p[1], ==, ' ');
  g_assert_cmpint (strlen (p + 2), >, 10);
}

/* A set of answers for WrFormState: "id" for repeat 0, "id#N" otherwise. */
typedef struct
{
  GHashTable *values;
  GHashTable *repeats;
} Answers;

static Answers *
answers_new (void)
{
  Answers *answers = g_new0 (Answers, 1);

  answers->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  answers->repeats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  return answers;
}

static void
answers_free (gpointer data)
{
  Answers *answers = data;

  g_hash_table_unref (answers->values);
  g_hash_table_unref (answers->repeats);
  g_free (answers);
}

static void
answers_set (Answers    *answers,
             const char *id,
             guint       repeat,
             const char *value)
{
  char *key = g_strdup_printf ("%s#%u", id, repeat);

  if (value == NULL)
    {
      g_hash_table_remove (answers->values, key);
      g_free (key);
    }
  else
    g_hash_table_insert (answers->values, key, g_strdup (value));
}

static const char *
answers_get (const char *id,
             guint       repeat,
             gpointer    data)
{
  Answers *answers = data;
  g_autofree char *key = g_strdup_printf ("%s#%u", id, repeat);

  return g_hash_table_lookup (answers->values, key);
}

static guint
answers_count (const char *section_id,
               gpointer    data)
{
  Answers *answers = data;

  return GPOINTER_TO_UINT (g_hash_table_lookup (answers->repeats, section_id));
}

static WrFormState *
state_new (WrForm   *form,
           Answers **answers)
{
  *answers = answers_new ();

  return wr_form_state_new (form, answers_get, answers_count, *answers, answers_free);
}

static gboolean
shown (WrFormState *state,
       const char  *id,
       guint        repeat)
{
  WrFormItem *item = wr_form_lookup_item (wr_form_state_get_form (state), id);

  g_assert_nonnull (item);

  return wr_form_state_is_shown (state, item, repeat);
}

/* Good forms ---------------------------------------------------------------- */

static void
test_minimal (void)
{
  g_autoptr(WrForm) form = load_good ("minimal.xml");
  g_autofree char *path = good_path ("minimal.xml");
  g_autofree char *contents = NULL;
  g_autofree char *sha256 = NULL;
  gsize len;
  WrSection *section;
  WrFormItem *item;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);

  g_assert_cmpstr (wr_form_get_id (form), ==, "minimal");
  g_assert_cmpuint (wr_form_get_version (form), ==, 1);
  g_assert_cmpint (wr_form_get_kind (form), ==, WR_FORM_KIND_CUSTOM);
  g_assert_cmpstr (wr_form_get_language (form), ==, "en-GB");
  g_assert_cmpstr (wr_form_get_title (form), ==, "Minimal form");
  g_assert_null (wr_form_get_description (form));
  g_assert_false (wr_form_get_scoring (form));
  g_assert_cmpstr (wr_form_get_sha256 (form), ==, sha256);
  g_assert_cmpuint (g_bytes_get_size (wr_form_get_bytes (form)), ==, len);
  g_assert_cmpmem (g_bytes_get_data (wr_form_get_bytes (form), NULL), len, contents, len);
  g_assert_cmpstr (wr_form_get_path (form), ==, path);
  g_assert_cmpstrv (wr_form_get_roles (form), ((const char *[]) { NULL }));

  g_assert_cmpuint (wr_form_get_n_sections (form), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (form)), ==, 1);
  g_assert_cmpuint (wr_form_get_n_items (form), ==, 2);
  g_assert_cmpuint (wr_form_get_n_questions (form), ==, 1);

  section = wr_form_get_section (form, 0);
  g_assert_cmpstr (wr_form_item_get_id (WR_FORM_ITEM (section)), ==, "only");
  g_assert_cmpstr (wr_form_item_get_label (WR_FORM_ITEM (section)), ==, "Only section");
  g_assert_true (wr_form_item_get_section (WR_FORM_ITEM (section)) == section);
  g_assert_null (wr_form_item_get_parent (WR_FORM_ITEM (section)));
  g_assert_false (wr_section_get_repeatable (section));
  g_assert_cmpuint (wr_section_get_min_count (section), ==, 1);
  g_assert_cmpuint (wr_section_get_max_count (section), ==, 1);

  item = wr_form_item_get_child (WR_FORM_ITEM (section), 0);
  g_assert_true (WR_IS_QUESTION (item));
  g_assert_true (wr_form_lookup_item (form, "anything") == item);
  g_assert_true (WR_FORM_ITEM (wr_form_lookup_question (form, "anything")) == item);
  g_assert_null (wr_form_lookup_question (form, "only"));
  g_assert_null (wr_form_lookup_item (form, "nothing"));
  g_assert_cmpuint (wr_form_item_get_index (item), ==, 1);
  g_assert_cmpuint (wr_form_item_get_line (item), ==, 7);
  g_assert_true (wr_form_get_item (form, 1) == item);
}

static void
test_every_good_form (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "data", "forms", "good", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)))
    {
      g_autoptr(WrForm) form = NULL;
      g_autoptr(GPtrArray) problems = NULL;
      g_autofree char *path = g_build_filename (dir_path, name, NULL);

      if (!g_str_has_suffix (name, ".xml"))
        continue;

      form = load_good (name);
      problems = wr_form_check_file (path, NULL);
      g_assert_cmpuint (problems->len, ==, 0);
      n++;
    }

  g_assert_cmpuint (n, >=, 9);
}

static void
test_all_types (void)
{
  g_autoptr(WrForm) form = load_good ("all-types.xml");
  WrQuestion *q;
  double min, max;

  g_assert_cmpuint (wr_form_get_version (form), ==, 3);
  g_assert_cmpstr (wr_form_get_description (form), ==,
                   "One question of each type.\n\nA second paragraph after a blank line.");
  g_assert_cmpstr (wr_form_item_get_guidance (WR_FORM_ITEM (wr_form_get_section (form, 0))), ==,
                   "Guidance for the section.\n- a bullet\n- another bullet");

  q = wr_form_lookup_question (form, "t-note");
  g_assert_cmpint (wr_question_get_question_type (q), ==, WR_QUESTION_NOTE);
  g_assert_false (wr_question_get_answerable (q));
  g_assert_false (wr_question_get_required (q));
  g_assert_cmpstr (wr_form_item_get_guidance (WR_FORM_ITEM (q)), ==, "Notes may have guidance.");
  g_assert_cmpuint (wr_question_get_n_choices (q), ==, 0);

  q = wr_form_lookup_question (form, "t-yes-no-na");
  g_assert_cmpint (wr_question_get_question_type (q), ==, WR_QUESTION_YES_NO_NA);
  g_assert_true (wr_question_get_required (q));
  g_assert_cmpstr (wr_question_get_required_message (q), ==, "Please answer yes, no or N/A.");
  g_assert_cmpuint (wr_question_get_n_choices (q), ==, 3);
  g_assert_cmpstr (wr_question_get_choice_value (q, 0), ==, "yes");
  g_assert_cmpstr (wr_question_get_choice_value (q, 1), ==, "no");
  g_assert_cmpstr (wr_question_get_choice_value (q, 2), ==, "na");
  g_assert_cmpstr (wr_question_get_choice_label (q, 0), ==, "Yes");
  g_assert_cmpstr (wr_question_get_choice_label (q, 2), ==, "Not applicable");
  g_assert_cmpint (wr_question_find_choice (q, "na"), ==, 2);
  g_assert_cmpint (wr_question_find_choice (q, "maybe"), ==, -1);

  q = wr_form_lookup_question (form, "t-rating");
  g_assert_cmpint (wr_question_get_question_type (q), ==, WR_QUESTION_RATING);
  g_assert_cmpstr (wr_question_get_required_message (q), ==, "This question needs an answer");
  g_assert_cmpuint (wr_question_get_n_choices (q), ==, 3);
  g_assert_cmpstr (wr_question_get_choice_value (q, 2), ==, "10");
  g_assert_cmpstr (wr_question_get_choice_label (q, 1), ==, "Halfway");

  q = wr_form_lookup_question (form, "t-choice");
  g_assert_cmpint (wr_question_get_question_type (q), ==, WR_QUESTION_CHOICE);
  g_assert_cmpuint (wr_question_get_n_choices (q), ==, 3);
  g_assert_cmpstr (wr_question_get_choice_value (q, 1), ==, "green");
  g_assert_cmpstr (wr_question_get_choice_label (q, 2), ==, "Blue");

  q = wr_form_lookup_question (form, "t-multi-choice");
  g_assert_cmpint (wr_question_get_question_type (q), ==, WR_QUESTION_MULTI_CHOICE);
  g_assert_cmpstr (wr_question_get_choice_label (q, 0), ==, "Option A");

  q = wr_form_lookup_question (form, "t-text-short");
  g_assert_cmpint (wr_question_get_question_type (q), ==, WR_QUESTION_TEXT);
  g_assert_cmpint (wr_question_get_text_size (q), ==, WR_TEXT_SIZE_SHORT);
  q = wr_form_lookup_question (form, "t-text-short-explicit");
  g_assert_cmpint (wr_question_get_text_size (q), ==, WR_TEXT_SIZE_SHORT);
  q = wr_form_lookup_question (form, "t-text-long");
  g_assert_cmpint (wr_question_get_text_size (q), ==, WR_TEXT_SIZE_LONG);
  g_assert_true (wr_question_get_required (q));

  q = wr_form_lookup_question (form, "t-number");
  g_assert_cmpint (wr_question_get_question_type (q), ==, WR_QUESTION_NUMBER);
  g_assert_false (wr_question_get_minimum (q, &min));
  g_assert_false (wr_question_get_maximum (q, &max));
  g_assert_false (wr_question_get_integer (q));

  q = wr_form_lookup_question (form, "t-number-bounded");
  g_assert_true (wr_question_get_minimum (q, &min));
  g_assert_true (wr_question_get_maximum (q, &max));
  g_assert_cmpfloat (min, ==, -10.5);
  g_assert_cmpfloat (max, ==, 99.25);

  q = wr_form_lookup_question (form, "t-number-integer");
  g_assert_true (wr_question_get_integer (q));
  g_assert_true (wr_question_get_minimum (q, &min));
  g_assert_cmpfloat (min, ==, 0.0);

  q = wr_form_lookup_question (form, "t-date");
  g_assert_cmpint (wr_question_get_question_type (q), ==, WR_QUESTION_DATE);
  g_assert_false (wr_question_get_required (q));

  g_assert_cmpuint (wr_form_get_n_questions (form), ==, 12);

  for (guint t = WR_QUESTION_YES_NO_NA; t <= WR_QUESTION_NOTE; t++)
    {
      WrQuestionType back;

      g_assert_true (wr_question_type_from_string (wr_question_type_to_string (t), &back));
      g_assert_cmpint (back, ==, t);
    }
}

static void
test_structure (void)
{
  g_autoptr(WrForm) form = load_good ("structure.xml");
  WrFormItem *level3 = wr_form_lookup_item (form, "level-3");
  WrFormItem *nesting = wr_form_lookup_item (form, "nesting");
  WrFormItem *n3 = wr_form_lookup_item (form, "n3");
  WrFormItem *obs = wr_form_lookup_item (form, "n3-obs");
  WrSection *rooms = WR_SECTION (wr_form_lookup_item (form, "rooms"));
  WrSection *defaults = WR_SECTION (wr_form_lookup_item (form, "repeat-defaults"));
  WrSection *mine = WR_SECTION (wr_form_lookup_item (form, "mine"));
  g_autoptr(WrFormItem) first = NULL;

  g_assert_cmpuint (wr_form_get_n_sections (form), ==, 5);
  g_assert_cmpstrv (wr_form_get_roles (form), ((const char *[]) { "quality-team", NULL }));

  g_assert_cmpint (wr_form_item_get_kind (nesting), ==, WR_FORM_ITEM_SECTION);
  g_assert_cmpstr (wr_section_get_domain (WR_SECTION (nesting)), ==, "safeguarding");
  g_assert_true (wr_section_get_request_support (WR_SECTION (nesting)));
  g_assert_false (wr_section_get_request_support (rooms));
  g_assert_null (wr_section_get_domain (rooms));

  g_assert_cmpint (wr_form_item_get_kind (level3), ==, WR_FORM_ITEM_GROUP);
  g_assert_cmpuint (wr_form_item_get_depth (level3), ==, 3);
  g_assert_true (wr_form_item_get_parent (level3) == wr_form_lookup_item (form, "level-2"));
  g_assert_true (WR_FORM_ITEM (wr_form_item_get_section (level3)) == nesting);
  g_assert_nonnull (wr_form_item_get_relevant (level3));
  g_assert_cmpstr (wr_form_item_get_guidance (wr_form_lookup_item (form, "level-2")), ==, "Groups may hold groups.");
  g_assert_cmpuint (wr_form_item_get_n_children (level3), ==, 2);
  g_assert_true (wr_form_item_get_child (level3, 0) == n3);
  g_assert_true (wr_form_item_contains (nesting, n3));
  g_assert_true (wr_form_item_contains (level3, obs));
  g_assert_false (wr_form_item_contains (level3, wr_form_lookup_item (form, "after-groups")));
  g_assert_false (wr_form_item_contains (n3, level3));

  /* Items are list models of what is inside them. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (nesting)), ==, 2);
  first = g_list_model_get_item (G_LIST_MODEL (nesting), 0);
  g_assert_cmpstr (wr_form_item_get_id (first), ==, "level-1");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (nesting), 2));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (n3)), ==, 0);

  g_assert_cmpint (wr_form_item_get_kind (obs), ==, WR_FORM_ITEM_OBSERVATIONS);
  g_assert_cmpstrv (wr_observations_get_kinds (WR_OBSERVATIONS (obs)),
                    ((const char *[]) { "good-practice", "concern", NULL }));
  g_assert_cmpstrv (wr_observations_get_voices (WR_OBSERVATIONS (obs)), ((const char *[]) { NULL }));

  g_assert_true (wr_section_get_repeatable (rooms));
  g_assert_cmpuint (wr_section_get_min_count (rooms), ==, 1);
  g_assert_cmpuint (wr_section_get_max_count (rooms), ==, 20);
  g_assert_nonnull (wr_form_item_get_relevant (WR_FORM_ITEM (rooms)));
  g_assert_true (wr_section_get_repeatable (defaults));
  g_assert_cmpuint (wr_section_get_min_count (defaults), ==, 0);
  g_assert_cmpuint (wr_section_get_max_count (defaults), ==, 50);

  g_assert_true (wr_section_get_per_member (mine));
  g_assert_false (wr_section_get_repeatable (mine));

  /* Every item is at its index, parents before children. */
  for (guint i = 0; i < wr_form_get_n_items (form); i++)
    {
      WrFormItem *item = wr_form_get_item (form, i);
      WrFormItem *parent = wr_form_item_get_parent (item);

      g_assert_cmpuint (wr_form_item_get_index (item), ==, i);
      if (parent != NULL)
        g_assert_cmpuint (wr_form_item_get_index (parent), <, i);
    }
}

static void
test_evidence (void)
{
  g_autoptr(WrForm) form = load_good ("evidence.xml");
  const WrEvidence *section = wr_form_item_get_evidence (wr_form_lookup_item (form, "linked"));
  const WrEvidence *question = wr_form_item_get_evidence (wr_form_lookup_item (form, "e-question"));
  const WrEvidence *own = wr_form_item_get_own_evidence (wr_form_lookup_item (form, "e-question"));
  const WrEvidence *obs = wr_form_item_get_evidence (wr_form_lookup_item (form, "e-all-kinds"));

  g_assert_cmpstrv (section->regulations, ((const char *[]) { "9", "9A", "10", "20A", NULL }));
  g_assert_cmpstrv (section->key_questions, ((const char *[]) { "caring", "responsive", NULL }));

  /* Section, then group, then the question's own links, each once. */
  g_assert_cmpstrv (question->regulations, ((const char *[]) { "9", "9A", "10", "20A", "12", "15", NULL }));
  g_assert_cmpstrv (question->statements,
                    ((const char *[]) { "caring-independence-choice-control", "safe-environments", "safe-ipc", NULL }));
  g_assert_cmpstrv (question->key_questions, ((const char *[]) { "caring", "responsive", "safe", NULL }));
  g_assert_cmpstrv (question->themes, ((const char *[]) { "welcoming", "safe", "well-organised-calm", NULL }));
  g_assert_cmpstrv (question->categories,
                    ((const char *[]) { "observation", "people-experience", "processes", "outcomes",
                                        "staff-leader-feedback", "partner-feedback", NULL }));
  g_assert_cmpstrv (own->regulations, ((const char *[]) { "15", NULL }));

  g_assert_cmpstrv (obs->themes, ((const char *[]) { "welcoming", "caring-involving", NULL }));
  g_assert_cmpstrv (wr_observations_get_voices (WR_OBSERVATIONS (wr_form_lookup_item (form, "e-all-kinds"))),
                    ((const char *[]) { "patient", "carer", "staff", "visitor", NULL }));
  g_assert_cmpuint (g_strv_length ((char **) wr_form_get_roles (form)), ==, 7);
}

static void
test_plain_xml (void)
{
  g_autoptr(WrForm) prefixed = load_good ("prefixed.xml");
  g_autoptr(WrForm) bom = load_good ("utf8-bom.xml");

  g_assert_cmpstr (wr_form_get_title (prefixed), ==, "Prefixed & referenced");
  g_assert_cmpstr (wr_form_item_get_label (wr_form_lookup_item (prefixed, "s1")), ==, "Café <and> kitchen");
  g_assert_cmpstr (wr_form_item_get_label (wr_form_lookup_item (prefixed, "q1")), ==, "Is the <kitchen> clean & tidy?");
  g_assert_true (g_str_has_suffix (wr_form_item_get_guidance (wr_form_lookup_item (prefixed, "q1")), "日本語."));

  /* The hash is of the file as it is, byte order mark included. */
  g_assert_cmpuint (((const guchar *) g_bytes_get_data (wr_form_get_bytes (bom), NULL))[0], ==, 0xEF);
}

static void
test_translations (void)
{
  g_autoptr(WrForm) form = load_good ("translations.xml");
  WrQuestion *clean = wr_form_lookup_question (form, "clean");
  WrFormItem *more = wr_form_lookup_item (form, "more");
  const WrText *title = wr_form_get_title_text (form);
  const char *welsh[] = { "cy_GB.UTF-8", "cy_GB", "cy.UTF-8", "cy", "C", NULL };
  const char *welsh_tag[] = { "cy-GB", NULL };
  const char *polish[] = { "pl_PL", "pl", NULL };
  const char *polish_then_welsh[] = { "pl", "cy", NULL };
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));

  g_assert_cmpuint (wr_text_get_n_languages (title), ==, 2);
  g_assert_cmpstr (wr_text_get_language (title, 0), ==, "en-GB");
  g_assert_cmpstr (wr_text_get_language (title, 1), ==, "cy");
  g_assert_cmpstr (wr_text_get_nth (title, 1), ==, "Ffurflen wedi'i chyfieithu");

  /* Exact tag, then main language, then the form's own. */
  g_assert_cmpstr (wr_text_get_for_languages (title, welsh), ==, "Ffurflen wedi'i chyfieithu");
  g_assert_cmpstr (wr_text_get_for_languages (title, welsh_tag), ==, "Ffurflen wedi'i chyfieithu");
  g_assert_cmpstr (wr_text_get_for_languages (title, polish), ==, "Translated form");
  g_assert_cmpstr (wr_text_get_for_languages (title, polish_then_welsh), ==, "Ffurflen wedi'i chyfieithu");
  g_assert_cmpstr (wr_text_get_for_languages (title, NULL), ==, "Translated form");

  /* The user's language comes from g_get_language_names(). */
  g_setenv ("LANGUAGE", "cy_GB", TRUE);
  g_assert_cmpstr (wr_form_get_title (form), ==, "Ffurflen wedi'i chyfieithu");
  g_assert_cmpstr (wr_form_get_description (form), ==, "Ffurflen i brofi cyfieithiadau.");
  g_assert_cmpstr (wr_form_item_get_label (WR_FORM_ITEM (clean)), ==, "Ydy'r ward yn lân?");
  g_assert_cmpstr (wr_form_item_get_guidance (WR_FORM_ITEM (clean)), ==, "Lloriau, gwelyau a thoiledau.");
  g_assert_cmpstr (wr_question_get_required_message (clean), ==, "Atebwch y cwestiwn hwn, os gwelwch yn dda.");
  g_assert_cmpstr (wr_question_get_choice_label (clean, 1), ==, "Nac ydy");
  g_assert_cmpstr (wr_question_get_choice_label (wr_form_lookup_question (form, "overall"), 0), ==, "Gwael");
  g_assert_cmpstr (wr_form_item_get_label (more), ==, "Mwy");
  g_assert_cmpstr (wr_form_item_get_guidance (more), ==, "Only English guidance here: a Welsh user sees the English.");
  g_assert_cmpstr (wr_form_item_get_label (wr_form_lookup_item (form, "notes")), ==, "Pethau da");

  g_setenv ("LANGUAGE", "en_US", TRUE);
  g_assert_cmpstr (wr_form_get_title (form), ==, "Translated form");
  g_assert_cmpstr (wr_question_get_choice_label (clean, 1), ==, "No");

  g_setenv ("LANGUAGE", "de", TRUE);
  g_assert_cmpstr (wr_form_item_get_label (WR_FORM_ITEM (clean)), ==, "Is the ward clean?");

  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
}

static void
test_guidance_paragraphs (void)
{
  g_autofree char *one = _wr_text_normalize_paragraphs ("\n      First line\n      goes on.\n\n      Second   paragraph.\n      - bullet one\n      - bullet two\n    ");
  g_autofree char *empty = _wr_text_normalize_paragraphs ("   \n  \n");

  g_assert_cmpstr (one, ==, "First line goes on.\n\nSecond paragraph.\n- bullet one\n- bullet two");
  g_assert_cmpstr (empty, ==, "");
}

/* Conditions ---------------------------------------------------------------- */

static const char *
lookup_table (const char *question_id,
              gpointer    data)
{
  return g_hash_table_lookup (data, question_id);
}

static void
test_condition_evaluate (void)
{
  g_autoptr(WrForm) form = load_good ("conditions.xml");
  g_autoptr(GHashTable) table = g_hash_table_new (g_str_hash, g_str_equal);
  const WrCondition *nested = wr_form_item_get_relevant (wr_form_lookup_item (form, "c-nested"));
  const WrCondition *not_equals = wr_form_item_get_relevant (wr_form_lookup_item (form, "c-not-equals"));
  const WrCondition *multi = wr_form_item_get_relevant (wr_form_lookup_item (form, "c-multi-equals"));
  g_autofree char *text = wr_condition_to_string (nested);

  g_assert_cmpint (wr_condition_get_op (nested), ==, WR_CONDITION_ANY);
  g_assert_cmpuint (wr_condition_get_n_children (nested), ==, 2);
  g_assert_cmpint (wr_condition_get_op (wr_condition_get_child (nested, 0)), ==, WR_CONDITION_ALL);
  g_assert_cmpint (wr_condition_get_op (wr_condition_get_child (nested, 1)), ==, WR_CONDITION_IS_ANSWERED);
  g_assert_cmpstr (wr_condition_get_question_id (wr_condition_get_child (nested, 1)), ==, "c-date");
  g_assert_null (wr_condition_get_question_id (nested));
  g_assert_cmpstr (text, ==, "(c-yn is 'yes' and (c-choice is one of green, blue or c-multi is 'fish')) or c-date is answered");

  g_assert_false (wr_condition_evaluate (nested, lookup_table, table));
  g_hash_table_insert (table, (gpointer) "c-yn", (gpointer) "yes");
  g_assert_false (wr_condition_evaluate (nested, lookup_table, table));
  g_hash_table_insert (table, (gpointer) "c-multi", (gpointer) "cats fish");
  g_assert_true (wr_condition_evaluate (nested, lookup_table, table));
  g_hash_table_insert (table, (gpointer) "c-multi", (gpointer) "cats");
  g_assert_false (wr_condition_evaluate (nested, lookup_table, table));
  g_hash_table_insert (table, (gpointer) "c-choice", (gpointer) "blue");
  g_assert_true (wr_condition_evaluate (nested, lookup_table, table));
  g_hash_table_insert (table, (gpointer) "c-yn", (gpointer) "no");
  g_assert_false (wr_condition_evaluate (nested, lookup_table, table));
  g_hash_table_insert (table, (gpointer) "c-date", (gpointer) "2026-04-01");
  g_assert_true (wr_condition_evaluate (nested, lookup_table, table));

  /* Not-equals does not hold on an unanswered question. */
  g_hash_table_remove (table, "c-choice");
  g_assert_false (wr_condition_evaluate (not_equals, lookup_table, table));
  g_hash_table_insert (table, (gpointer) "c-choice", (gpointer) "");
  g_assert_false (wr_condition_evaluate (not_equals, lookup_table, table));
  g_hash_table_insert (table, (gpointer) "c-choice", (gpointer) "red");
  g_assert_false (wr_condition_evaluate (not_equals, lookup_table, table));
  g_hash_table_insert (table, (gpointer) "c-choice", (gpointer) "green");
  g_assert_true (wr_condition_evaluate (not_equals, lookup_table, table));

  /* Multi-choice: equals means "among the picks". */
  g_hash_table_insert (table, (gpointer) "c-multi", (gpointer) "  dogs   fish ");
  g_assert_true (wr_condition_evaluate (multi, lookup_table, table));
  g_hash_table_insert (table, (gpointer) "c-multi", (gpointer) "dogsfish");
  g_assert_false (wr_condition_evaluate (multi, lookup_table, table));
  g_hash_table_insert (table, (gpointer) "c-multi", (gpointer) " ");
  g_assert_false (wr_condition_evaluate (multi, lookup_table, table));

  g_assert_true (wr_answer_is_empty (NULL));
  g_assert_true (wr_answer_is_empty (" \t"));
  g_assert_false (wr_answer_is_empty ("0"));
  g_assert_true (wr_answer_has_value ("a b c", "b"));
  g_assert_false (wr_answer_has_value ("a bb c", "b"));
  g_assert_false (wr_answer_has_value (NULL, "b"));
}

static void
test_condition_state (void)
{
  g_autoptr(WrForm) form = load_good ("conditions.xml");
  g_autoptr(WrFormState) state = NULL;
  Answers *answers;

  state = state_new (form, &answers);

  /* Nothing answered: only what has no condition is shown. */
  g_assert_true (shown (state, "c-yn", 0));
  g_assert_false (shown (state, "c-equals", 0));
  g_assert_false (shown (state, "c-not-equals", 0));
  g_assert_false (shown (state, "c-one-of", 0));
  g_assert_false (shown (state, "c-is-answered", 0));
  g_assert_false (shown (state, "c-nested", 0));
  g_assert_false (shown (state, "c-chained", 0));
  g_assert_false (shown (state, "c-group", 0));
  g_assert_false (shown (state, "c-in-group", 0));
  g_assert_false (shown (state, "c-obs", 0));
  g_assert_false (shown (state, "conditional-section", 0));
  g_assert_false (shown (state, "c-in-section", 0));

  answers_set (answers, "c-yn", 0, "no");
  answers_set (answers, "c-rating", 0, "1");
  answers_set (answers, "c-text", 0, "hello");
  wr_form_state_invalidate (state);
  g_assert_true (shown (state, "c-equals", 0));
  g_assert_true (shown (state, "c-one-of", 0));
  g_assert_true (shown (state, "c-is-answered", 0));
  g_assert_true (shown (state, "c-obs", 0));
  g_assert_false (shown (state, "c-group", 0));

  /* A group's condition hides everything inside it, even items whose own
   * condition holds.
   */
  answers_set (answers, "c-in-group", 0, "no");
  wr_form_state_invalidate (state);
  g_assert_false (shown (state, "c-in-group-detail", 0));
  answers_set (answers, "c-yn", 0, "yes");
  wr_form_state_invalidate (state);
  g_assert_true (shown (state, "c-group", 0));
  g_assert_true (shown (state, "c-in-group-detail", 0));
  g_assert_true (shown (state, "conditional-section", 0));
  g_assert_true (shown (state, "c-in-section", 0));

  /* A hidden question counts as unanswered, even with a stored answer:
   * c-chained looks at c-nested, which is hidden.
   */
  answers_set (answers, "c-nested", 0, "yes");
  wr_form_state_invalidate (state);
  g_assert_false (shown (state, "c-nested", 0));
  g_assert_false (shown (state, "c-chained", 0));
  g_assert_null (wr_form_state_get_answer (state, wr_form_lookup_question (form, "c-nested"), 0));

  answers_set (answers, "c-choice", 0, "green");
  wr_form_state_invalidate (state);
  g_assert_true (shown (state, "c-nested", 0));
  g_assert_true (shown (state, "c-chained", 0));
  g_assert_cmpstr (wr_form_state_get_answer (state, wr_form_lookup_question (form, "c-nested"), 0), ==, "yes");

  answers_set (answers, "c-nested", 0, "no");
  wr_form_state_invalidate (state);
  g_assert_false (shown (state, "c-chained", 0));

  /* Without invalidating, the state keeps what it worked out. */
  answers_set (answers, "c-nested", 0, "yes");
  g_assert_false (shown (state, "c-chained", 0));
  wr_form_state_invalidate (state);
  g_assert_true (shown (state, "c-chained", 0));
}

static void
test_condition_repeats (void)
{
  g_autoptr(WrForm) form = load_good ("structure.xml");
  g_autoptr(WrFormState) state = NULL;
  g_autoptr(GArray) missing = NULL;
  Answers *answers;

  state = state_new (form, &answers);
  g_hash_table_insert (answers->repeats, g_strdup ("rooms"), GUINT_TO_POINTER (3));
  g_assert_cmpuint (wr_form_state_get_n_repeats (state, WR_SECTION (wr_form_lookup_item (form, "rooms"))), ==, 3);
  g_assert_cmpuint (wr_form_state_get_n_repeats (state, WR_SECTION (wr_form_lookup_item (form, "nesting"))), ==, 1);

  /* The section's own condition looks before the section. */
  g_assert_false (shown (state, "rooms", 1));
  g_assert_false (shown (state, "room-type", 2));
  answers_set (answers, "s-count", 0, "3");
  wr_form_state_invalidate (state);
  g_assert_true (shown (state, "rooms", 0));
  g_assert_true (shown (state, "room-type", 2));

  /* Inside a repeat, a condition looks at the same repeat. */
  answers_set (answers, "room-type", 0, "bathroom");
  answers_set (answers, "room-type", 1, "other");
  wr_form_state_invalidate (state);
  g_assert_true (shown (state, "room-bathroom", 0));
  g_assert_true (shown (state, "room-pull-cord", 0));
  g_assert_false (shown (state, "room-other", 0));
  g_assert_false (shown (state, "room-bathroom", 1));
  g_assert_true (shown (state, "room-other", 1));
  g_assert_false (shown (state, "room-other", 2));
  g_assert_false (shown (state, "room-bathroom", 2));

  /* Required questions: room-type in the third repeat is missing. */
  missing = wr_form_state_list_missing (state);
  g_assert_cmpuint (missing->len, ==, 1);
  g_assert_cmpstr (wr_form_item_get_id (g_array_index (missing, WrMissingAnswer, 0).item), ==, "room-type");
  g_assert_cmpuint (g_array_index (missing, WrMissingAnswer, 0).repeat, ==, 2);
  g_clear_pointer (&missing, g_array_unref);

  /* min-count 1: no room at all is missing the section itself. */
  g_hash_table_insert (answers->repeats, g_strdup ("rooms"), GUINT_TO_POINTER (0));
  wr_form_state_invalidate (state);
  missing = wr_form_state_list_missing (state);
  g_assert_cmpuint (missing->len, ==, 1);
  g_assert_cmpstr (wr_form_item_get_id (g_array_index (missing, WrMissingAnswer, 0).item), ==, "rooms");
  g_assert_cmpuint (g_array_index (missing, WrMissingAnswer, 0).repeat, ==, 0);
}

static void
test_condition_long_chain (void)
{
  g_autoptr(GString) xml = g_string_new (NULL);
  g_autoptr(WrForm) form = NULL;
  g_autoptr(WrFormState) state = NULL;
  g_autoptr(GError) error = NULL;
  Answers *answers;
  guint n = 2000;

  /* Each question is shown when the one before is answered "yes", and
   * looks at the two before it: without care, deciding the last one would
   * take 2^2000 steps or overflow the stack.
   */
  g_string_append (xml, "<form xmlns='https://walkround.github.io/ns/form/1' id='chain' version='1' kind='custom' xml:lang='en'><title>Chain</title>");
  for (guint s = 0; s < n / 40; s++)
    {
      g_string_append_printf (xml, "<section id='s%u'><title>S</title>", s);
      for (guint i = s * 40; i < (s + 1) * 40; i++)
        {
          g_string_append_printf (xml, "<question id='q%u' type='yes-no-na'><label>Q</label>", i);
          if (i >= 2)
            g_string_append_printf (xml, "<relevant><any><equals question='q%u' value='yes'/><not-equals question='q%u' value='no'/></any></relevant>",
                                    i - 1, i - 2);
          g_string_append (xml, "</question>");
        }
      g_string_append (xml, "</section>");
    }
  g_string_append (xml, "</form>");

  form = load_string (xml->str, &error);
  g_assert_no_error (error);

  state = state_new (form, &answers);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("q%u", i);

      answers_set (answers, id, 0, "yes");
    }
  wr_form_state_invalidate (state);
  g_assert_true (shown (state, "q1999", 0));

  answers_set (answers, "q1", 0, "no");
  answers_set (answers, "q2", 0, "no");
  wr_form_state_invalidate (state);
  g_assert_true (shown (state, "q2", 0));
  g_assert_false (shown (state, "q3", 0));
  g_assert_false (shown (state, "q1999", 0));
}

/* Scoring ------------------------------------------------------------------- */

static gboolean
section_percent (WrFormState *state,
                 const char  *id,
                 double      *percent)
{
  WrScore score;

  if (!wr_form_state_get_score (state, id != NULL ? wr_form_lookup_item (wr_form_state_get_form (state), id) : NULL, &score))
    return FALSE;

  return wr_score_get_percent (&score, percent);
}

static void
test_scoring (void)
{
  g_autoptr(WrForm) form = load_good ("scoring.xml");
  g_autoptr(WrFormState) state = NULL;
  WrQuestion *choice = wr_form_lookup_question (form, "s-choice");
  WrScore score;
  Answers *answers;
  double percent;

  g_assert_true (wr_form_get_scoring (form));
  g_assert_true (wr_question_get_scored (choice));
  g_assert_cmpfloat (wr_question_get_score_weight (choice), ==, 1.5);
  g_assert_cmpstrv (wr_question_get_score_met (choice), ((const char *[]) { "fully", NULL }));
  g_assert_cmpstrv (wr_question_get_score_not_applicable (choice), ((const char *[]) { "does-not-apply", NULL }));
  g_assert_false (wr_question_get_scored (wr_form_lookup_question (form, "s-unscored")));
  g_assert_cmpfloat (wr_question_get_score_weight (wr_form_lookup_question (form, "s-unscored")), ==, 0.0);
  g_assert_true (wr_section_get_scored (wr_form_get_section (form, 0)));

  g_assert_cmpint (wr_question_score_answer (choice, "fully"), ==, WR_SCORE_MET);
  g_assert_cmpint (wr_question_score_answer (choice, "partly"), ==, WR_SCORE_NOT_MET);
  g_assert_cmpint (wr_question_score_answer (choice, "does-not-apply"), ==, WR_SCORE_NOT_APPLICABLE);
  g_assert_cmpint (wr_question_score_answer (choice, NULL), ==, WR_SCORE_NONE);
  g_assert_cmpint (wr_question_score_answer (choice, "purple"), ==, WR_SCORE_NONE);
  g_assert_cmpint (wr_question_score_answer (wr_form_lookup_question (form, "s-yn"), "na"), ==, WR_SCORE_NOT_APPLICABLE);

  state = state_new (form, &answers);

  /* Nothing answered: no score at all, which is not 0%. */
  g_assert_false (wr_form_state_get_score (state, NULL, &score));
  g_assert_cmpuint (score.n_applicable, ==, 0);
  g_assert_false (wr_score_get_percent (&score, &percent));

  /* The worked example in the file's header comment. */
  answers_set (answers, "s-yn", 0, "yes");
  answers_set (answers, "s-yn-double", 0, "yes");
  answers_set (answers, "s-choice", 0, "partly");
  answers_set (answers, "s-rating", 0, "2");
  answers_set (answers, "s-hidden", 0, "yes");
  answers_set (answers, "s-more", 0, "no");
  wr_form_state_invalidate (state);

  g_assert_true (wr_form_state_get_score (state, wr_form_lookup_item (form, "checks"), &score));
  g_assert_cmpfloat_with_epsilon (score.met, 4.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (score.applicable, 6.0, 1e-9);
  g_assert_cmpuint (score.n_met, ==, 3);
  g_assert_cmpuint (score.n_applicable, ==, 5);
  g_assert_true (section_percent (state, "checks", &percent));
  g_assert_cmpfloat_with_epsilon (percent, 66.667, 0.001);
  g_assert_true (section_percent (state, "more-checks", &percent));
  g_assert_cmpfloat_with_epsilon (percent, 0.0, 1e-9);
  g_assert_true (section_percent (state, NULL, &percent));
  g_assert_cmpfloat_with_epsilon (percent, 57.143, 0.001);

  /* N/A is left out, and hides s-hidden, which is then left out too. */
  answers_set (answers, "s-yn", 0, "na");
  wr_form_state_invalidate (state);
  g_assert_true (wr_form_state_get_score (state, wr_form_lookup_item (form, "checks"), &score));
  g_assert_cmpfloat_with_epsilon (score.met, 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (score.applicable, 4.0, 1e-9);
  g_assert_cmpuint (score.n_not_applicable, ==, 1);
  g_assert_true (section_percent (state, "checks", &percent));
  g_assert_cmpfloat_with_epsilon (percent, 50.0, 1e-9);

  /* A single question can be the scope too. */
  g_assert_true (wr_form_state_get_score (state, WR_FORM_ITEM (choice), &score));
  g_assert_cmpfloat_with_epsilon (score.applicable, 1.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (score.met, 0.0, 1e-9);
}

static void
test_scoring_repeats (void)
{
  const char *xml =
    "<form xmlns='https://walkround.github.io/ns/form/1' id='r' version='1' kind='custom' xml:lang='en' scoring='true'>"
    "<title>Repeats</title>"
    "<section id='once'><title>Once</title>"
    "  <question id='o' type='yes-no-na'><label>O</label><score met='yes' weight='3'/></question>"
    "</section>"
    "<section id='records' repeatable='true' max-count='10'><title>Records</title>"
    "  <question id='r-ok' type='yes-no-na'><label>OK?</label><score met='yes'/></question>"
    "  <question id='r-why' type='yes-no-na'><label>Why?</label>"
    "    <relevant><equals question='r-ok' value='no'/></relevant><score met='yes' weight='2'/></question>"
    "</section></form>";
  g_autoptr(GError) error = NULL;
  g_autoptr(WrForm) form = load_string (xml, &error);
  g_autoptr(WrFormState) state = NULL;
  Answers *answers;
  WrScore score;
  double percent;

  g_assert_no_error (error);
  state = state_new (form, &answers);
  g_hash_table_insert (answers->repeats, g_strdup ("records"), GUINT_TO_POINTER (3));

  answers_set (answers, "o", 0, "no");
  answers_set (answers, "r-ok", 0, "yes");
  answers_set (answers, "r-ok", 1, "no");
  answers_set (answers, "r-why", 1, "yes");
  answers_set (answers, "r-why", 0, "no");   /* hidden in repeat 0: left out */
  answers_set (answers, "r-ok", 2, "na");
  answers_set (answers, "r-ok", 3, "yes");   /* beyond the count: left out */
  wr_form_state_invalidate (state);

  /* Records: 1 + 0 + 2 met of 1 + 1 + 2 applicable. */
  g_assert_true (wr_form_state_get_score (state, wr_form_lookup_item (form, "records"), &score));
  g_assert_cmpfloat_with_epsilon (score.met, 3.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (score.applicable, 4.0, 1e-9);
  g_assert_cmpuint (score.n_not_applicable, ==, 1);

  /* The form: 3 of 7, the weight of 'o' counting three times. */
  g_assert_true (section_percent (state, NULL, &percent));
  g_assert_cmpfloat_with_epsilon (percent, 300.0 / 7.0, 1e-9);
}

/* A checklist of every bed of a large ward: 5000 repeats are allowed, and
 * the conditions of each are worked out on their own.
 */
#define BEDS_FORM \
  "<form xmlns='https://walkround.github.io/ns/form/1' id='r' version='1' kind='custom' xml:lang='en'>\n" \
  "<title>Beds</title>\n" \
  "<section id='beds' repeatable='true' max-count='%u'><title>Bed</title>\n" \
  "  <question id='clean' type='yes-no-na'><label>Clean?</label></question>\n" \
  "  <question id='why' type='text'><label>Why not?</label>\n" \
  "    <relevant><equals question='clean' value='no'/></relevant></question>\n" \
  "</section></form>"

static void
test_repeat_cap (void)
{
  g_autofree char *most = g_strdup_printf (BEDS_FORM, WR_SECTION_MAX_COUNT);
  g_autofree char *over = g_strdup_printf (BEDS_FORM, WR_SECTION_MAX_COUNT + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(WrForm) form = load_string (most, &error);
  g_autoptr(WrForm) refused = NULL;
  g_autoptr(WrFormState) state = NULL;
  WrFormItem *why;
  Answers *answers;

  g_assert_no_error (error);
  g_assert_cmpuint (WR_SECTION_MAX_COUNT, >=, 5000);
  g_assert_cmpuint (wr_section_get_max_count (WR_SECTION (wr_form_lookup_item (form, "beds"))), ==,
                    WR_SECTION_MAX_COUNT);

  refused = load_string (over, &error);
  g_assert_null (refused);
  g_assert_error (error, WR_FORM_ERROR, error->code);
  g_assert_cmpstr (error->message, ==, "test.xml:3: section 'beds' has max-count 5001; the most allowed is 5000");
  g_assert_nonnull (strstr (error->message, "max-count"));
  g_assert_nonnull (strstr (error->message, "5000"));

  /* Repeats far apart keep their own answers' conditions. */
  state = state_new (form, &answers);
  g_hash_table_insert (answers->repeats, g_strdup ("beds"), GUINT_TO_POINTER (WR_SECTION_MAX_COUNT));
  answers_set (answers, "clean", 1500, "no");
  answers_set (answers, "clean", WR_SECTION_MAX_COUNT - 1, "yes");
  why = wr_form_lookup_item (form, "why");
  g_assert_true (wr_form_state_is_shown (state, why, 1500));
  g_assert_false (wr_form_state_is_shown (state, why, WR_SECTION_MAX_COUNT - 1));
  g_assert_false (wr_form_state_is_shown (state, why, 1024));
  g_assert_cmpuint (wr_form_state_get_n_repeats (state, WR_SECTION (wr_form_lookup_item (form, "beds"))), ==,
                    WR_SECTION_MAX_COUNT);
}

/* Built-in forms ------------------------------------------------------------ */

static WrForm *
load_built_in (const char *name)
{
  g_autofree char *relative = g_build_filename ("forms", name, NULL);
  g_autofree char *path = wr_paths_find_data_file (relative);
  g_autoptr(GError) error = NULL;
  WrForm *form;

  g_assert_nonnull (path);
  form = wr_form_new_from_file (path, NULL, &error);
  g_assert_no_error (error);

  return form;
}

static void
test_built_in (void)
{
  const char *names[] = { "quality-visit.xml", "ned-visit.xml", "fifteen-steps.xml", "practice-self-assessment.xml" };
  const WrFormKind kinds[] = { WR_FORM_KIND_QUALITY_VISIT, WR_FORM_KIND_NED_VISIT,
                               WR_FORM_KIND_FIFTEEN_STEPS, WR_FORM_KIND_SELF_ASSESSMENT };
  gboolean types[WR_QUESTION_NOTE + 1] = { FALSE };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(WrForm) form = load_built_in (names[i]);

      g_assert_cmpint (wr_form_get_kind (form), ==, kinds[i]);
      g_assert_cmpuint (wr_form_get_n_questions (form), >, 10);
      for (guint j = 0; j < wr_form_get_n_items (form); j++)
        {
          WrFormItem *item = wr_form_get_item (form, j);

          if (WR_IS_QUESTION (item))
            types[wr_question_get_question_type (WR_QUESTION (item))] = TRUE;
        }
    }

  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      if (!types[t])
        g_test_message ("no built-in form uses type %s", wr_question_type_to_string (t));
      g_assert_true (types[t]);
    }
}

static void
test_quality_visit_covers_regulations (void)
{
  g_autoptr(WrForm) form = load_built_in ("quality-visit.xml");
  g_autoptr(GHashTable) covered = g_hash_table_new (g_str_hash, g_str_equal);
  const char *regulations[] = { "9", "9A", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "20A" };
  WrCatalog *catalog = wr_catalog_get_default (NULL);

  g_assert_true (wr_form_get_scoring (form));

  for (guint i = 0; i < wr_form_get_n_items (form); i++)
    {
      WrFormItem *item = wr_form_get_item (form, i);
      const WrEvidence *evidence = wr_form_item_get_evidence (item);

      if (!WR_IS_QUESTION (item) || !wr_question_get_answerable (WR_QUESTION (item)))
        continue;

      for (guint j = 0; evidence->regulations[j] != NULL; j++)
        g_hash_table_add (covered, (gpointer) evidence->regulations[j]);

      /* Every question outside "About this visit" names a regulation and a statement. */
      if (!g_str_equal (wr_form_item_get_id (WR_FORM_ITEM (wr_form_item_get_section (item))), "about"))
        {
          if (evidence->regulations[0] == NULL || evidence->statements[0] == NULL)
            g_test_message ("question %s lacks a regulation or statement", wr_form_item_get_id (item));
          g_assert_nonnull (evidence->regulations[0]);
          g_assert_nonnull (evidence->statements[0]);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (regulations); i++)
    {
      if (!g_hash_table_contains (covered, regulations[i]))
        g_test_message ("regulation %s is not covered", regulations[i]);
      g_assert_true (g_hash_table_contains (covered, regulations[i]));
    }

  /* And those are exactly the regulations of the catalogue. */
  g_assert_cmpuint (g_list_model_get_n_items (wr_catalog_list (catalog, WR_CATALOG_REGULATION)), ==,
                    G_N_ELEMENTS (regulations));
}

/* Bad forms ----------------------------------------------------------------- */

typedef struct
{
  char *expect;
  char *xsd;
} Markers;

static void
markers_clear (Markers *markers)
{
  g_clear_pointer (&markers->expect, g_free);
  g_clear_pointer (&markers->xsd, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Markers, markers_clear)

/* Reads the expect and xsd comments from the first 2 KB, without the zero
 * bytes of a UTF-16 file.
 */
static void
read_markers (const char *path,
              Markers    *markers)
{
  g_autofree char *contents = NULL;
  g_autoptr(GString) head = g_string_new (NULL);
  g_autoptr(GMatchInfo) info = NULL;
  g_autoptr(GRegex) expect = g_regex_new ("<!-- expect: (.*?) -->", G_REGEX_RAW, 0, NULL);
  g_autoptr(GRegex) xsd = g_regex_new ("<!-- xsd: (valid|invalid) -->", G_REGEX_RAW, 0, NULL);
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  for (gsize i = 0; i < MIN (len, 2048); i++)
    {
      if (contents[i] != '\0')
        g_string_append_c (head, contents[i]);
    }

  if (g_regex_match (expect, head->str, G_REGEX_MATCH_NEWLINE_ANY, &info))
    markers->expect = g_match_info_fetch (info, 1);
  g_clear_pointer (&info, g_match_info_unref);
  if (g_regex_match (xsd, head->str, 0, &info))
    markers->xsd = g_match_info_fetch (info, 1);
}

static char *
bad_dir (void)
{
  return g_test_build_filename (G_TEST_DIST, "data", "forms", "bad", NULL);
}

static GPtrArray *
list_xml (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)))
    {
      if (g_str_has_suffix (name, ".xml"))
        g_ptr_array_add (paths, g_build_filename (dir_path, name, NULL));
    }

  return paths;
}

static void
test_bad_forms (void)
{
  g_autofree char *dir = bad_dir ();
  g_autoptr(GPtrArray) paths = list_xml (dir);

  g_assert_cmpuint (paths->len, >=, 70);

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_auto(Markers) markers = { NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(WrForm) form = NULL;
      g_autofree char *message = NULL;
      g_autofree char *expect = NULL;
      g_autoptr(GPtrArray) problems = NULL;
      gint64 start = g_get_monotonic_time ();

      read_markers (path, &markers);
      g_assert_nonnull (markers.expect);
      g_assert_nonnull (markers.xsd);

      form = wr_form_new_from_file (path, NULL, &error);
      g_assert_null (form);
      g_assert_error (error, WR_FORM_ERROR, error->code);
      assert_located (error->message, path);

      message = g_utf8_casefold (error->message, -1);
      expect = g_utf8_casefold (markers.expect, -1);
      if (strstr (message, expect) == NULL)
        g_test_message ("%s: expected '%s' in: %s", path, markers.expect, error->message);
      g_assert_nonnull (strstr (message, expect));

      /* Refused quickly, and the full list starts with the same problem. */
      g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
      problems = wr_form_check_file (path, NULL);
      g_assert_cmpuint (problems->len, >=, 1);
      g_assert_cmpstr (((GError *) g_ptr_array_index (problems, 0))->message, ==, error->message);
    }
}

static gboolean
xmllint_says_valid (const char *xmllint,
                    const char *schema,
                    const char *path)
{
  const char *argv[] = { xmllint, "--noout", "--nonet", "--schema", schema, path, NULL };
  g_autoptr(GError) error = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);

  return wr_test_exit_status (status) == 0;
}

static void
test_xmllint_agrees (void)
{
  g_autofree char *xmllint = g_find_program_in_path ("xmllint");
  g_autofree char *schema = wr_paths_find_data_file ("schema/form.xsd");
  g_autofree char *bad = bad_dir ();
  g_autofree char *good = g_test_build_filename (G_TEST_DIST, "data", "forms", "good", NULL);
  g_autofree char *built_in = wr_paths_find_data_file ("forms");
  g_autoptr(GPtrArray) paths = list_xml (bad);
  g_autoptr(GPtrArray) good_paths = list_xml (good);
  g_autoptr(GPtrArray) built_in_paths = list_xml (built_in);

  if (xmllint == NULL)
    {
      g_test_skip ("xmllint is not installed (build-aux/dev test installs libxml2-utils)");
      return;
    }

  g_ptr_array_extend_and_steal (paths, g_steal_pointer (&good_paths));
  g_ptr_array_extend_and_steal (paths, g_steal_pointer (&built_in_paths));

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_auto(Markers) markers = { NULL };
      g_autoptr(GError) error = NULL;
      gboolean ours = _wr_form_check_schema (path, &error);
      gboolean theirs = xmllint_says_valid (xmllint, schema, path);

      read_markers (path, &markers);
      if (markers.xsd != NULL)
        g_assert_cmpstr (markers.xsd, ==, theirs ? "valid" : "invalid");

      /* The loader refuses a DOCTYPE and other encodings before the
       * schema is even looked at; xmllint may accept those.
       */
      if (!ours && theirs &&
          (g_error_matches (error, WR_FORM_ERROR, WR_FORM_ERROR_DOCTYPE) ||
           g_error_matches (error, WR_FORM_ERROR, WR_FORM_ERROR_ENCODING)))
        continue;

      if (ours != theirs)
        g_test_message ("%s: xmllint says %s, the loader says %s", path,
                        theirs ? "valid" : "invalid", ours ? "valid" : error->message);
      g_assert_cmpint (ours, ==, theirs);
    }
}

/* Hostile files ------------------------------------------------------------- */

static void
assert_refused_quickly (const char  *path,
                        WrFormError  code,
                        const char  *substring)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrForm) form = NULL;
  gint64 start = g_get_monotonic_time ();

  form = wr_form_new_from_file (path, NULL, &error);
  g_assert_error (error, WR_FORM_ERROR, (int) code);
  g_assert_null (form);
  assert_located (error->message, path);
  if (substring != NULL && strstr (error->message, substring) == NULL)
    g_test_message ("expected '%s' in: %s", substring, error->message);
  if (substring != NULL)
    g_assert_nonnull (strstr (error->message, substring));
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
}

static void
test_hostile_deep (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "deep.xml", NULL);
  g_autoptr(GString) xml = g_string_new ("<form xmlns='https://walkround.github.io/ns/form/1'>");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 10000; i++)
    g_string_append (xml, "<section>");
  for (guint i = 0; i < 10000; i++)
    g_string_append (xml, "</section>");
  g_string_append (xml, "</form>");
  g_file_set_contents (path, xml->str, xml->len, &error);
  g_assert_no_error (error);

  assert_refused_quickly (path, WR_FORM_ERROR_LIMIT, "nested more than 64");
  remove_tree (dir);
}

static void
silent_error (void     *data,
              xmlError *error)
{
}

static void
test_libxml2_depth_limit (void)
{
  g_autoptr(GString) xml = g_string_new (NULL);
  xmlDoc *doc;

  /* Even a parser without Walkround's own limit stops at 256 levels: the
   * second lock, as long as XML_PARSE_HUGE is never set.
   */
  for (guint i = 0; i < 10000; i++)
    g_string_append (xml, "<a>");
  for (guint i = 0; i < 10000; i++)
    g_string_append (xml, "</a>");

  xmlSetStructuredErrorFunc (NULL, silent_error);
  doc = xmlReadMemory (xml->str, xml->len, "deep.xml", NULL, XML_PARSE_NONET);
  xmlSetStructuredErrorFunc (NULL, NULL);
  g_assert_null (doc);
}

static void
test_hostile_huge (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "huge.xml", NULL);
  gsize size = 50 * 1024 * 1024;
  g_autofree char *text = g_malloc (size);
  g_autoptr(GError) error = NULL;

  memset (text, 'x', size);
  memcpy (text, "<form>", 6);
  memcpy (text + size - 7, "</form>", 7);
  g_file_set_contents (path, text, size, &error);
  g_assert_no_error (error);

  assert_refused_quickly (path, WR_FORM_ERROR_LIMIT, "MiB; Walkround reads files of at most 4.0");
  remove_tree (dir);
}

static void
test_hostile_entity_bomb (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "bomb.xml", NULL);
  g_autoptr(GString) xml = g_string_new ("<?xml version='1.0'?>\n<!DOCTYPE form [\n<!ENTITY a0 'lol'>\n");
  g_autoptr(GError) error = NULL;

  for (guint i = 1; i <= 20; i++)
    g_string_append_printf (xml, "<!ENTITY a%u '&a%u;&a%u;&a%u;&a%u;&a%u;&a%u;&a%u;&a%u;&a%u;&a%u;'>\n",
                            i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
  g_string_append (xml, "]>\n<form xmlns='https://walkround.github.io/ns/form/1' id='x' version='1' kind='custom' xml:lang='en'>"
                        "<title>&a20;</title><section id='s'><title>&a20;</title><question id='q' type='text'><label>&a20;</label></question></section></form>");
  g_file_set_contents (path, xml->str, xml->len, &error);
  g_assert_no_error (error);

  assert_refused_quickly (path, WR_FORM_ERROR_DOCTYPE, "DOCTYPE");
  remove_tree (dir);
}

static void
test_hostile_external_entity (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *secret = g_build_filename (dir, "secret.txt", NULL);
  g_autofree char *path = g_build_filename (dir, "xxe.xml", NULL);
  g_autofree char *xml = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  const char *prefixes[] = { "file://", "" };

  g_file_set_contents (secret, "WALKROUND-SECRET-7f3a", -1, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      g_autofree char *decl = g_strdup_printf ("SYSTEM '%s%s'", prefixes[i], secret);

      g_free (xml);
      xml = g_strdup_printf ("<!DOCTYPE form [ <!ENTITY x %s> ]>\n"
                             "<form xmlns='https://walkround.github.io/ns/form/1' id='x' version='1' kind='custom' xml:lang='en'>"
                             "<title>&x;</title><section id='s'><title>S</title>"
                             "<question id='q' type='text'><label>&x;</label></question></section></form>",
                             decl);
      g_file_set_contents (path, xml, -1, &error);
      g_assert_no_error (error);

      assert_refused_quickly (path, WR_FORM_ERROR_DOCTYPE, NULL);
      problems = wr_form_check_file (path, NULL);
      for (guint j = 0; j < problems->len; j++)
        g_assert_null (strstr (((GError *) g_ptr_array_index (problems, j))->message, "WALKROUND-SECRET"));
      g_clear_pointer (&problems, g_ptr_array_unref);
    }

  remove_tree (dir);
}

static void
test_hostile_not_a_file (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *missing = g_build_filename (dir, "missing.xml", NULL);

#ifdef G_OS_UNIX
  {
    g_autofree char *fifo = g_build_filename (dir, "fifo.xml", NULL);

    g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);

    /* A pipe nobody writes to would make a blocking read wait for ever.
     * Windows has neither FIFOs in its file system nor /dev/zero.
     */
    assert_refused_quickly (fifo, WR_FORM_ERROR_READ, "not an ordinary file");
    assert_refused_quickly ("/dev/zero", WR_FORM_ERROR_READ, NULL);
  }
#endif
  assert_refused_quickly (dir, WR_FORM_ERROR_READ, "folder");
  assert_refused_quickly (missing, WR_FORM_ERROR_READ, "cannot open");

  remove_tree (dir);
}

static void
test_hostile_encodings (void)
{
#define CASE(text, code, substring) { text, sizeof (text) - 1, code, substring }
  static const struct {
    const char *bytes;
    gsize       len;
    WrFormError code;
    const char *substring;
  } cases[] = {
    CASE ("\xff\xfe<\0f\0o\0r\0m\0", WR_FORM_ERROR_ENCODING, "UTF-16"),
    CASE ("\xfe\xff\0<\0f\0o\0r\0m", WR_FORM_ERROR_ENCODING, "UTF-16"),
    CASE ("<\0f\0o\0r\0m\0", WR_FORM_ERROR_ENCODING, "UTF-16"),
    CASE ("\xff\xfe\0\0<\0\0\0", WR_FORM_ERROR_ENCODING, "UTF-32"),
    CASE ("<?xml version='1.0' encoding='windows-1252'?><form/>", WR_FORM_ERROR_ENCODING, "windows-1252"),
    CASE ("<?xml version='1.0' encoding=\"UTF-16\"?><form/>", WR_FORM_ERROR_ENCODING, "UTF-16"),
    CASE ("<form>\n\xc3\x28</form>", WR_FORM_ERROR_ENCODING, "UTF-8"),
    CASE ("<form>\0</form>", WR_FORM_ERROR_ENCODING, "zero byte"),
    CASE ("", WR_FORM_ERROR_MALFORMED, "empty"),
    CASE ("   \n  ", WR_FORM_ERROR_MALFORMED, "empty"),
    CASE ("just text", WR_FORM_ERROR_MALFORMED, "no XML element"),
    CASE ("<form xmlns='https://walkround.github.io/ns/form/1'>", WR_FORM_ERROR_MALFORMED, "not well-formed"),
    CASE ("<w:form xmlns='https://walkround.github.io/ns/form/1'/>", WR_FORM_ERROR_MALFORMED, "not well-formed"),
    CASE ("<form>&undeclared;</form>", WR_FORM_ERROR_MALFORMED, "not well-formed"),
    CASE ("<html xmlns='http://www.w3.org/1999/xhtml'/>", WR_FORM_ERROR_NOT_A_FORM, "XForm"),
  };
#undef CASE

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (cases[i].bytes, cases[i].len);
      g_autoptr(GError) error = NULL;
      g_autoptr(WrForm) form = wr_form_new_from_bytes (bytes, "case.xml", NULL, &error);

      g_assert_null (form);
      if (!g_error_matches (error, WR_FORM_ERROR, cases[i].code) || strstr (error->message, cases[i].substring) == NULL)
        g_test_message ("case %u: %s", i, error->message);
      g_assert_error (error, WR_FORM_ERROR, (int) cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].substring));
      assert_located (error->message, "case.xml");
    }
}

static void
test_too_many_items (void)
{
  g_autoptr(GString) xml = g_string_new ("<form xmlns='https://walkround.github.io/ns/form/1' id='big' version='1' kind='custom' xml:lang='en'><title>Big</title>");
  g_autoptr(GError) error = NULL;
  g_autoptr(WrForm) form = NULL;

  for (guint s = 0; s < 100; s++)
    {
      g_string_append_printf (xml, "<section id='s%u'><title>S</title>", s);
      for (guint q = 0; q < 50; q++)
        g_string_append_printf (xml, "<question id='q%u-%u' type='text'><label>Q</label></question>", s, q);
      g_string_append (xml, "</section>");
    }
  g_string_append (xml, "</form>");

  form = load_string (xml->str, &error);
  g_assert_error (error, WR_FORM_ERROR, WR_FORM_ERROR_LIMIT);
  g_assert_nonnull (strstr (error->message, "5100 items"));
}

/* Mutates the built-in forms at random, with a fixed seed so a failure can
 * be repeated: whatever comes out, loading must end with a form or a
 * located message, never a crash or a hang.
 */
static void
test_fuzz (void)
{
  const char *names[] = { "quality-visit.xml", "fifteen-steps.xml", "ned-visit.xml" };
  const char *snippets[] = { "<", ">", "&", "&amp;", "<!DOCTYPE x>", "<![CDATA[", "]]>", "\"", "'",
                             "<group id='g'>", "</section>", "xml:lang='zz'", "\xc3", "\xff\xfe", "\0",
                             "<relevant><all>", "question='", "&#0;", "&#x10FFFF;", "<?pi x?>", "-->" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260401);
  guint rounds = g_test_slow () ? 3000 : 150;
  guint loaded = 0;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(WrForm) original = load_built_in (names[i]);
      gsize len;
      const char *data = g_bytes_get_data (wr_form_get_bytes (original), &len);

      for (guint r = 0; r < rounds; r++)
        {
          g_autoptr(GByteArray) copy = g_byte_array_sized_new (len + 64);
          g_autoptr(GBytes) bytes = NULL;
          g_autoptr(GError) error = NULL;
          g_autoptr(WrForm) form = NULL;
          guint n_mutations = g_rand_int_range (rand, 1, 4);

          g_byte_array_append (copy, (const guint8 *) data, len);
          for (guint m = 0; m < n_mutations && copy->len > 0; m++)
            {
              guint at = g_rand_int_range (rand, 0, copy->len);

              switch (g_rand_int_range (rand, 0, 4))
                {
                case 0:
                  copy->data[at] = (guint8) g_rand_int_range (rand, 0, 256);
                  break;

                case 1:
                  {
                    guint length = g_rand_int_range (rand, 1, 200);

                    g_byte_array_remove_range (copy, at, MIN (copy->len - at, length));
                  }
                  break;

                case 2:
                  {
                    const char *snippet = snippets[g_rand_int_range (rand, 0, G_N_ELEMENTS (snippets))];
                    gsize snippet_len = snippet[0] == '\0' ? 1 : strlen (snippet);

                    g_byte_array_set_size (copy, copy->len + snippet_len);
                    memmove (copy->data + at + snippet_len, copy->data + at, copy->len - snippet_len - at);
                    memcpy (copy->data + at, snippet, snippet_len);
                  }
                  break;

                case 3:
                default:
                  g_byte_array_set_size (copy, at);
                  break;
                }
            }

          bytes = g_byte_array_free_to_bytes (g_steal_pointer (&copy));
          form = wr_form_new_from_bytes (bytes, "fuzz.xml", NULL, &error);
          if (form != NULL)
            loaded++;
          else
            assert_located (error->message, "fuzz.xml");
        }
    }

  g_test_message ("%u of %u mutated forms still loaded", loaded, rounds * (guint) G_N_ELEMENTS (names));
}

static gpointer
load_in_thread (gpointer data)
{
  const char * const *paths = data;
  guint loaded = 0;

  for (guint round = 0; round < 10; round++)
    {
      for (guint i = 0; paths[i] != NULL; i++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(WrForm) form = wr_form_new_from_file (paths[i], NULL, &error);

          if (form != NULL)
            loaded++;
          else
            g_assert_true (g_str_has_prefix (error->message, paths[i]));
        }
    }

  return GUINT_TO_POINTER (loaded);
}

/* The loader may run in worker threads: the schema and the catalogue are
 * shared, libxml2's error handlers are per thread.
 */
static void
test_threads (void)
{
  g_autofree char *quality = wr_paths_find_data_file ("forms/quality-visit.xml");
  g_autofree char *steps = wr_paths_find_data_file ("forms/fifteen-steps.xml");
  g_autofree char *bad_path = g_test_build_filename (G_TEST_DIST, "data", "forms", "bad", "unknown-type.xml", NULL);
  g_autofree char *malformed = g_test_build_filename (G_TEST_DIST, "data", "forms", "bad", "malformed.xml", NULL);
  const char *paths[] = { quality, bad_path, steps, malformed, NULL };
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("load", load_in_thread, paths);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (threads[i])), ==, 20);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  xmlInitParser ();

  g_test_add_func ("/walkround/form/good/minimal", test_minimal);
  g_test_add_func ("/walkround/form/good/every-file", test_every_good_form);
  g_test_add_func ("/walkround/form/good/all-types", test_all_types);
  g_test_add_func ("/walkround/form/good/structure", test_structure);
  g_test_add_func ("/walkround/form/good/evidence", test_evidence);
  g_test_add_func ("/walkround/form/good/plain-xml", test_plain_xml);
  g_test_add_func ("/walkround/form/translations", test_translations);
  g_test_add_func ("/walkround/form/guidance-paragraphs", test_guidance_paragraphs);
  g_test_add_func ("/walkround/form/condition/evaluate", test_condition_evaluate);
  g_test_add_func ("/walkround/form/condition/state", test_condition_state);
  g_test_add_func ("/walkround/form/condition/repeats", test_condition_repeats);
  g_test_add_func ("/walkround/form/condition/long-chain", test_condition_long_chain);
  g_test_add_func ("/walkround/form/scoring/worked-example", test_scoring);
  g_test_add_func ("/walkround/form/scoring/repeats", test_scoring_repeats);
  g_test_add_func ("/walkround/form/built-in/load", test_built_in);
  g_test_add_func ("/walkround/form/built-in/quality-visit-regulations", test_quality_visit_covers_regulations);
  g_test_add_func ("/walkround/form/repeat-cap", test_repeat_cap);
  g_test_add_func ("/walkround/form/bad/every-file", test_bad_forms);
  g_test_add_func ("/walkround/form/bad/xmllint-agrees", test_xmllint_agrees);
  g_test_add_func ("/walkround/form/hostile/deep", test_hostile_deep);
  g_test_add_func ("/walkround/form/hostile/libxml2-depth-limit", test_libxml2_depth_limit);
  g_test_add_func ("/walkround/form/hostile/huge", test_hostile_huge);
  g_test_add_func ("/walkround/form/hostile/entity-bomb", test_hostile_entity_bomb);
  g_test_add_func ("/walkround/form/hostile/external-entity", test_hostile_external_entity);
  g_test_add_func ("/walkround/form/hostile/not-a-file", test_hostile_not_a_file);
  g_test_add_func ("/walkround/form/hostile/encodings", test_hostile_encodings);
  g_test_add_func ("/walkround/form/hostile/too-many-items", test_too_many_items);
  g_test_add_func ("/walkround/form/hostile/fuzz", test_fuzz);
  g_test_add_func ("/walkround/form/threads", test_threads);

  return g_test_run ();
}
