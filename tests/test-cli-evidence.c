/* test-cli-evidence.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* walkround evidence as a script or a quality officer runs it: the tree
 * in each format, the XML valid against its schema with each regulation
 * and statement once, its observations those an export holds, and wrong
 * input refused with exit 2.
 */

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "wr-core-test-utils.h"

static char *data_dir;

static guint
count (const char *text,
       const char *what)
{
  guint n = 0;

  for (const char *p = text; (p = strstr (p, what)) != NULL; p++)
    n++;
  return n;
}

static void
test_xml (void)
{
  g_auto(WrTestRun) run = { 0 };
  g_auto(WrTestRun) export = { 0 };

  wr_test_run_walkround (&run, data_dir, "evidence", "--from", "2025-04-01", "--to", "2026-03-31", "--format", "xml", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  wr_test_assert_valid (run.out, "evidence.xsd", data_dir);
  g_assert_true (g_str_has_prefix (run.out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                            "<evidence format-version=\"1\" from=\"2025-04-01\" to=\"2026-03-31\""
                                            " status=\"all\">\n"));
  g_assert_cmpuint (count (run.out, "<regulation id=\"9A\""), ==, 1);
  g_assert_cmpuint (count (run.out, "<regulation id=\"12\""), ==, 1);
  g_assert_cmpuint (count (run.out, "<regulation "), ==, 14);
  g_assert_cmpuint (count (run.out, "<statement id=\"safe-ipc\""), ==, 1);
  g_assert_cmpuint (count (run.out, "<key-question "), ==, 5);
  g_assert_nonnull (strstr (run.out, "gap=\"no-form\""));

  /* Regulation 12's observations are the links to it an export holds. */
  wr_test_run_walkround (&export, data_dir, "export", "-o", "-", "--from", "2025-04-01", "--to", "2026-03-31", NULL);
  g_assert_cmpint (export.status, ==, 0);
  {
    g_autofree char *expected = g_strdup_printf ("<regulation id=\"12\" title=\"Safe care and treatment\" observations=\"%u\"",
                                                 count (export.out, "<link kind=\"regulation\" ref=\"12\"/>"));

    g_assert_nonnull (strstr (run.out, expected));
  }
}

/* --evidence-of chooses the visits holding a node's evidence: as many as
 * the node counts, in a valid pack whose scope names the node.
 */
static void
test_evidence_of (void)
{
  g_auto(WrTestRun) run = { 0 };
  g_auto(WrTestRun) export = { 0 };
  g_autoptr(GRegex) regex = g_regex_new ("<statement id=\"safe-ipc\"[^>]* visits=\"([0-9]+)\"", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *visits = NULL;

  wr_test_run_walkround (&run, data_dir, "evidence", "--from", "2025-04-01", "--to", "2026-03-31", "--format", "xml", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_regex_match (regex, run.out, 0, &match));
  visits = g_match_info_fetch (match, 1);
  g_assert_cmpuint (g_ascii_strtoull (visits, NULL, 10), >, 0);

  wr_test_run_walkround (&export, data_dir, "export", "-o", "-", "--from", "2025-04-01", "--to", "2026-03-31",
                         "--evidence-of", "Statement:SAFE-IPC", NULL);
  g_assert_cmpint (export.status, ==, 0);
  wr_test_assert_valid (export.out, "evidence-pack.xsd", data_dir);
  g_assert_nonnull (strstr (export.out, "<evidence kind=\"statement\" ref=\"safe-ipc\"/>"));
  g_assert_cmpuint (count (export.out, "<visit "), ==, g_ascii_strtoull (visits, NULL, 10));
}

static void
test_text_and_csv (void)
{
  g_auto(WrTestRun) text = { 0 };
  g_auto(WrTestRun) csv = { 0 };

  wr_test_run_walkround (&text, data_dir, "evidence", "--kind", "quality-visit", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_true (g_str_has_prefix (text.out, "Evidence by CQC key question, quality statement and regulation, all visits\n"));
  g_assert_nonnull (strstr (text.out, "\nRegulations:\n  Regulation 9, "));

  wr_test_run_walkround (&csv, data_dir, "evidence", "--format", "csv", "--status", "completed", NULL);
  g_assert_cmpint (csv.status, ==, 0);
  g_assert_true (g_str_has_prefix (csv.out, "\"node\",\"id\",\"parent\",\"title\",\"observations\",\"good\","
                                            "\"concerns\",\"answers-of-concern\",\"visits\",\"services\","
                                            "\"open-actions\",\"gap\"\r\n\"key-question\",\"safe\","));
}

static void
test_bad_arguments (void)
{
  const struct {
    const char *args[5];
    const char *message;
  } cases[] = {
    { { "--from", "2026-05-01", "--to", "2026-04-01" }, "--from/--to:" },
    { { "--from", "1 April" }, "--from:" },
    { { "--regulation", "99" }, "--regulation: “99” is not a regulation" },
    { { "--format", "json" }, "--format: “json” is not an evidence format" },
    { { "--status", "open" }, "--status:" },
    { { "--evidence-of", "theme:welcoming" }, "--evidence-of: “theme:welcoming” is not KIND:ID" },
    { { "--evidence-of", "statement:safe-nothing" }, "--evidence-of: the catalogue has no statement" },
    { { "extra" }, "evidence takes only options" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(WrTestRun) run = { 0 };

      wr_test_run_walkround (&run, data_dir, "evidence", cases[i].args[0], cases[i].args[1], cases[i].args[2], cases[i].args[3],
                             cases[i].args[4], NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      if (strstr (run.err, cases[i].message) == NULL)
        g_error ("case %u: expected “%s” in “%s”", i, cases[i].message, run.err);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_auto(WrTestRun) demo = { 0 };
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  data_dir = g_build_filename (g_get_tmp_dir (), "walkround-test-cli-evidence-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (data_dir));
  wr_test_run_walkround (&demo, data_dir, "demo", "--visits", "200", "--seed", "9", "--today", "2026-11-27", NULL);
  g_assert_cmpint (demo.status, ==, 0);

  g_test_add_func ("/walkround/cli/evidence/xml", test_xml);
  g_test_add_func ("/walkround/cli/evidence/text-and-csv", test_text_and_csv);
  g_test_add_func ("/walkround/cli/evidence/evidence-of", test_evidence_of);
  g_test_add_func ("/walkround/cli/evidence/bad-arguments", test_bad_arguments);

  status = g_test_run ();

  {
    const char *rm_argv[] = { "rm", "-rf", data_dir, NULL };

    g_spawn_sync (NULL, (char **) rm_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (data_dir);

  return status;
}
