/* bench-report.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* PDF report benchmarks, run by build-aux/bench on an optimised build:
 *
 *   bench-report pdf-visit WALKROUND DATA_DIR
 *
 *   makes in DATA_DIR (once) a quality visit of at least 20 pages: every
 *   question answered, 30 people spoken to, 300 observations and six
 *   photos of 1600 x 1200 pixels; then times "WALKROUND report --format
 *   pdf --visit UUID" as a user runs it, a whole process, best of 3.
 *   Target: at most 2 s.
 *
 *   bench-report pdf-stream WALKROUND DATA_1000 DATA_100
 *
 *   "WALKROUND report --format pdf" of every visit of DATA_1000 (1 000 demo
 *   visits) and of DATA_100 (100): the peak resident size of the first may
 *   be at most 50 MB above the second's (the PDF streams), and its time at
 *   most 3 times that of "report --format html" of the same visits; best
 *   of 3 each.
 *
 * Each measurement prints one line with its target and PASS or FAIL; the
 * program exits 1 if any failed.
 */

#include "config.h"

#include <cairo.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wr-core-test-utils.h"
#include "wr-report.h"

#define RUNS 3

static gboolean
run_child (const char * const *argv,
           double             *seconds,
           long               *max_rss_kb)
{
  struct rusage usage;
  gint64 start = g_get_monotonic_time ();
  int status;
  pid_t pid = fork ();

  if (pid < 0)
    return FALSE;
  if (pid == 0)
    {
      int null = open ("/dev/null", O_WRONLY);

      dup2 (null, STDOUT_FILENO);
      dup2 (null, STDERR_FILENO);
      execvp (argv[0], (char **) argv);
      _exit (127);
    }

  if (wait4 (pid, &status, 0, &usage) != pid)
    return FALSE;
  *seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  if (max_rss_kb != NULL)
    *max_rss_kb = usage.ru_maxrss;

  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

/* Best of RUNS: the least time and the least peak, each a fresh process. */
static gboolean
best_of (const char * const *argv,
         double             *seconds,
         long               *max_rss_kb)
{
  *seconds = G_MAXDOUBLE;
  if (max_rss_kb != NULL)
    *max_rss_kb = G_MAXLONG;

  for (guint i = 0; i < RUNS; i++)
    {
      double s;
      long rss;

      if (!run_child (argv, &s, &rss))
        {
          g_printerr ("bench-report: %s %s failed\n", argv[0], argv[3]);
          return FALSE;
        }
      *seconds = MIN (*seconds, s);
      if (max_rss_kb != NULL)
        *max_rss_kb = MIN (*max_rss_kb, rss);
    }

  return TRUE;
}

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A phone-sized photo that does not compress to nothing: bands of colour
 * and a grid.
 */
static GBytes *
make_photo (guint seed)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1600, 1200);
  cairo_t *cr = cairo_create (surface);
  GByteArray *bytes = g_byte_array_new ();

  for (int y = 0; y < 1200; y += 40)
    {
      cairo_set_source_rgb (cr, (y % 200) / 200.0, ((y + seed * 37) % 300) / 300.0, 0.5);
      cairo_rectangle (cr, 0, y, 1600, 40);
      cairo_fill (cr);
    }
  cairo_set_source_rgb (cr, 1, 1, 1);
  for (int x = 0; x < 1600; x += 97)
    {
      cairo_move_to (cr, x, 0);
      cairo_line_to (cr, 1600 - x, 1200);
    }
  cairo_stroke (cr);
  cairo_destroy (cr);
  cairo_surface_write_to_png_stream (surface, append_cb, bytes);
  cairo_surface_destroy (surface);

  return g_byte_array_free_to_bytes (bytes);
}

/* Makes the long visit once; returns its uuid. */
static char *
make_visit (const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (data_dir, "walkround.db", NULL);
  g_autofree char *uuid_path = g_build_filename (data_dir, "visit-uuid", NULL);
  g_autoptr(WrStore) store = NULL;
  g_autoptr(WrFormLibrary) library = NULL;
  g_autoptr(WrVisitSession) session = NULL;
  const char * const repeat_answers[] = { "conv-agreed", NULL };
  char *uuid = NULL;
  WrForm *form;

  if (g_file_get_contents (uuid_path, &uuid, NULL, NULL))
    return g_strstrip (uuid);

  g_mkdir_with_parents (data_dir, 0700);
  if (!(store = wr_store_open (db, &error)))
    g_error ("%s", error->message);
  library = wr_form_library_new_default (NULL);
  session = wr_test_new_session (store, library, "quality-visit", 3);
  uuid = g_strdup (wr_visit_get_uuid (wr_visit_session_get_visit (session)));
  form = wr_visit_session_get_form (session);

  for (guint i = 0; i < wr_form_get_n_items (form); i++)
    {
      WrFormItem *item = wr_form_get_item (form, i);
      WrSection *section = wr_form_item_get_section (item);
      WrQuestion *question;

      if (wr_form_item_get_kind (item) != WR_FORM_ITEM_QUESTION || wr_section_get_repeatable (section) ||
          wr_section_get_per_member (section))
        continue;
      question = WR_QUESTION (item);
      if (wr_question_get_n_choices (question) > 0)
        wr_visit_session_set_answer (session, question, NULL, 0, wr_question_get_choice_value (question, 0), NULL);
      else if (wr_question_get_question_type (question) == WR_QUESTION_TEXT)
        wr_visit_session_set_answer (session, question, NULL, 0,
                                     "The ward manager showed us the records and explained the plan.", NULL);
    }
  wr_test_add_repeats (store, uuid, "conversations", 30, repeat_answers);

  for (guint i = 0; i < 300; i++)
    {
      static const char * const kinds[] = { "good-practice", "concern", "think-about", "idea", "quote" };
      g_autofree char *text = g_strdup_printf ("Observation %u. Staff explained each step of the plan for the day to "
                                               "the patient and their family, and wrote it on the board by the bed "
                                               "so that everyone could see it.", i);
      WrObservationFields fields = { .text = text, .kind = kinds[i % 5], .voice = "visitor" };
      g_autofree char *id = wr_store_add_observation (store, uuid, &fields, &error);

      if (id == NULL)
        g_error ("%s", error->message);
    }

  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(GBytes) photo = make_photo (i);
      g_autofree char *name = g_strdup_printf ("photo-%u.png", i);
      g_autofree char *id = wr_store_add_attachment (store, uuid, i % 2 ? "env-clean" : NULL, name, "image/png",
                                                     photo, "A photo taken on the ward", &error);

      if (id == NULL)
        g_error ("%s", error->message);
    }

  g_file_set_contents (uuid_path, uuid, -1, NULL);
  return uuid;
}

static guint
count_pages (const char *data_dir,
             const char *uuid)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (data_dir, "walkround.db", NULL);
  g_autoptr(WrStore) store = wr_store_open (db, &error);
  g_autoptr(WrFormLibrary) library = wr_form_library_new_default (NULL);
  g_autoptr(WrScope) scope = wr_scope_new ();
  g_autoptr(WrReportPages) pages = NULL;
  WrReportOptions options = { WR_REPORT_FORMAT_PDF, NULL, NULL };

  wr_scope_add_visit (scope, uuid, NULL);
  if (!(pages = wr_report_pages_for_store (store, library, scope, &options, NULL, NULL, &error)))
    g_error ("%s", error->message);
  return wr_report_pages_get_n_pages (pages);
}

static gboolean
bench_pdf_visit (const char *walkround,
                 const char *data_dir)
{
  g_autofree char *uuid = make_visit (data_dir);
  g_autofree char *output = g_build_filename (data_dir, "visit.pdf", NULL);
  const char *argv[] = { walkround, "--data-dir", data_dir, "report", "--format", "pdf", "--visit", uuid,
                         "--output", output, NULL };
  guint pages = count_pages (data_dir, uuid);
  double seconds;
  gboolean ok;

  if (!best_of (argv, &seconds, NULL))
    return FALSE;
  ok = seconds <= 2.0 && pages >= 20;
  printf ("pdf-visit: walkround report --format pdf of one visit of %u pages (6 photos, 300 observations, "
          "30 repeats): %.2f s (target <= 2 s, at least 20 pages)  %s\n", pages, seconds, ok ? "PASS" : "FAIL");
  g_unlink (output);
  return ok;
}

static gboolean
bench_pdf_stream (const char *walkround,
                  const char *data_big,
                  const char *data_small)
{
  g_autofree char *pdf = g_build_filename (data_big, "stream.pdf", NULL);
  g_autofree char *small_pdf = g_build_filename (data_small, "stream.pdf", NULL);
  g_autofree char *html = g_build_filename (data_big, "stream.html", NULL);
  const char *big_argv[] = { walkround, "--data-dir", data_big, "report", "--format", "pdf", "--output", pdf, NULL };
  const char *small_argv[] = { walkround, "--data-dir", data_small, "report", "--format", "pdf", "--output",
                               small_pdf, NULL };
  const char *html_argv[] = { walkround, "--data-dir", data_big, "report", "--format", "html", "--output", html,
                              NULL };
  double big_s, small_s, html_s;
  long big_kb, small_kb, html_kb;
  double extra_mb;
  double ratio;
  gboolean memory_ok, time_ok;

  if (!best_of (big_argv, &big_s, &big_kb) || !best_of (small_argv, &small_s, &small_kb) ||
      !best_of (html_argv, &html_s, &html_kb))
    return FALSE;

  extra_mb = (big_kb - small_kb) / 1024.0;
  memory_ok = extra_mb <= 50.0;
  printf ("pdf-stream: peak memory of walkround report --format pdf: 1000 visits %.1f MB, 100 visits %.1f MB: "
          "%+.1f MB (target <= +50 MB; the HTML report of 1000 takes %.1f MB)  %s\n",
          big_kb / 1024.0, small_kb / 1024.0, extra_mb, html_kb / 1024.0, memory_ok ? "PASS" : "FAIL");

  ratio = big_s / html_s;
  time_ok = ratio <= 3.0;
  printf ("pdf-stream: walkround report --format pdf of 1000 visits: %.2f s = %.2f x the HTML report's %.2f s "
          "(target <= 3 x)  %s\n", big_s, ratio, html_s, time_ok ? "PASS" : "FAIL");

  g_unlink (pdf);
  g_unlink (small_pdf);
  g_unlink (html);
  return memory_ok && time_ok;
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && g_str_equal (argv[1], "pdf-visit"))
    return bench_pdf_visit (argv[2], argv[3]) ? 0 : 1;
  if (argc == 5 && g_str_equal (argv[1], "pdf-stream"))
    return bench_pdf_stream (argv[2], argv[3], argv[4]) ? 0 : 1;

  g_printerr ("usage: bench-report pdf-visit WALKROUND DATA_DIR\n"
              "       bench-report pdf-stream WALKROUND DATA_1000 DATA_100\n");
  return 2;
}
