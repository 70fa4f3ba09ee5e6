/* test-report-pdf.c: the PDF report, the organisation and the marking.
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "wr-core-test-utils.h"
#include "wr-pack-error.h"
#include "wr-report.h"

#define ORGANISATION "Northshire Community NHS Foundation Trust"
#define MARKING      "OFFICIAL-SENSITIVE"
#define N_OBSERVATIONS 200
#define N_REPEATS 6
#define CAPTION "The sluice room door, propped open"

typedef struct
{
  char           *dir;
  char           *data;
  WrStore        *store;
  WrFormLibrary  *library;
  WrVisitSession *session;
  GPtrArray      *expected;  /* texts the PDF must hold */
  guint           n_answers; /* answered outside repeats: a table row each */
} Fixture;

/* A small PNG made here, as a phone would not. */
static cairo_status_t
append_png_cb (void                *closure,
               const unsigned char *data,
               unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
make_png (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 320, 200);
  cairo_t *cr = cairo_create (surface);
  GByteArray *bytes = g_byte_array_new ();

  cairo_set_source_rgb (cr, 0.2, 0.5, 0.8);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 40, 40, 120, 80);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png_stream (surface, append_png_cb, bytes), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  return g_byte_array_free_to_bytes (bytes);
}

static char *
collapse (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t\r\n\f", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (out->len)
        g_string_append_c (out, ' ');
      g_string_append (out, words[i]);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Text without its white space: lines wrap at spaces and after hyphens
 * wherever the page needs, so only the characters are compared.
 */
static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

static void
expect (Fixture    *fixture,
        const char *text)
{
  g_ptr_array_add (fixture->expected, squeeze (text));
}

/* Answers every question of the visit's plain sections that is shown,
 * and notes what the report must say for each: its label and its value
 * in the form's words.
 */
static void
answer_visit (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  WrForm *form = wr_visit_session_get_form (fixture->session);
  guint n = 0;

  for (guint i = 0; i < wr_form_get_n_items (form); i++)
    {
      WrFormItem *item = wr_form_get_item (form, i);
      WrSection *section;
      WrQuestion *question;
      g_autofree char *value = NULL;
      const char *label = NULL;

      if (wr_form_item_get_kind (item) != WR_FORM_ITEM_QUESTION)
        continue;
      question = WR_QUESTION (item);
      section = wr_form_item_get_section (item);
      if (wr_section_get_repeatable (section) || wr_section_get_per_member (section) ||
          !wr_question_get_answerable (question) ||
          !wr_visit_session_is_shown (fixture->session, item, NULL, 0))
        continue;

      switch (wr_question_get_question_type (question))
        {
        case WR_QUESTION_YES_NO_NA:
        case WR_QUESTION_CHOICE:
        case WR_QUESTION_MULTI_CHOICE:
        case WR_QUESTION_RATING:
          if (wr_question_get_n_choices (question) == 0)
            continue;
          value = g_strdup (wr_question_get_choice_value (question, n % wr_question_get_n_choices (question)));
          label = wr_question_get_choice_label (question, n % wr_question_get_n_choices (question));
          break;
        case WR_QUESTION_TEXT:
          value = g_strdup_printf ("Typed answer number %u about the ward", n);
          label = value;
          break;
        case WR_QUESTION_NUMBER:
          value = g_strdup_printf ("%u", 10 + n);
          label = value;
          break;
        case WR_QUESTION_DATE:
        case WR_QUESTION_NOTE:
        default:
          continue;
        }

      if (!wr_visit_session_set_answer (fixture->session, question, NULL, 0, value, &error))
        {
          /* A value the question refuses (a number out of range) is skipped. */
          g_clear_error (&error);
          continue;
        }
      if (n % 7 == 0)
        {
          g_autofree char *comment = g_strdup_printf ("Comment number %u on this answer", n);

          g_assert_true (wr_visit_session_set_comment (fixture->session, question, NULL, 0, comment, &error));
          g_assert_no_error (error);
          expect (fixture, comment);
        }
      expect (fixture, wr_form_item_get_label (item));
      expect (fixture, label);
      n++;
    }
  g_assert_cmpuint (n, >, 20);
  fixture->n_answers = n;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  g_autoptr(GBytes) png = make_png ();
  g_autofree char *attachment = NULL;
  const char *visit_uuid;
  const char * const repeat_answers[] = { "conv-agreed", NULL };
  static const char * const kinds[] = { "good-practice", "concern", "think-about", "idea", "quote" };
  static const char * const voices[] = { "patient", "carer", "staff", "visitor", "" };

  fixture->dir = g_dir_make_tmp ("walkround-test-pdf-XXXXXX", NULL);
  fixture->data = g_build_filename (fixture->dir, "data", NULL);
  db = g_build_filename (fixture->data, "walkround.db", NULL);
  fixture->expected = g_ptr_array_new_with_free_func (g_free);
  fixture->store = wr_store_open (db, &error);
  g_assert_no_error (error);
  fixture->library = wr_form_library_new_default (NULL);
  fixture->session = wr_test_new_session (fixture->store, fixture->library, "quality-visit", 0);
  visit_uuid = wr_visit_get_uuid (wr_visit_session_get_visit (fixture->session));

  answer_visit (fixture);
  wr_test_add_repeats (fixture->store, visit_uuid, "conversations", N_REPEATS, repeat_answers);
  expect (fixture, "People you spoke to");
  expect (fixture, "Were they happy to share their views?");

  for (guint i = 0; i < N_OBSERVATIONS; i++)
    {
      g_autofree char *text = g_strdup_printf ("Observation %u: the staff on the ward explained the plan for the day.", i);
      WrObservationFields fields = { .text = text, .kind = kinds[i % 5], .voice = voices[i % 5] };
      g_autofree char *uuid = wr_store_add_observation (fixture->store, visit_uuid, &fields, &error);

      g_assert_no_error (error);
      expect (fixture, text);
    }

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *text = g_strdup_printf ("Action %u: fix the call bell in bay %u", i, i + 1);
      g_autofree char *owner = g_strdup_printf ("Owner number %u", i);
      WrActionFields fields = { .text = text, .owner = owner, .due = "2026-12-24" };
      g_autofree char *uuid = wr_store_add_action (fixture->store, visit_uuid, &fields, &error);

      g_assert_no_error (error);
      expect (fixture, text);
      expect (fixture, owner);
    }
  expect (fixture, "24 December 2026");

  attachment = wr_store_add_attachment (fixture->store, visit_uuid, NULL, "sluice.png", "image/png", png, CAPTION,
                                        &error);
  g_assert_no_error (error);
  expect (fixture, CAPTION);

  g_assert_true (wr_store_set_report_settings (fixture->store, ORGANISATION, MARKING, &error));
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->library);
  g_clear_pointer (&fixture->expected, g_ptr_array_unref);
  if (!g_getenv ("WR_TEST_KEEP")) remove_tree (fixture->dir);
  g_free (fixture->data);
  g_free (fixture->dir);
}

static gboolean
have_poppler (void)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");

  if (pdftotext == NULL)
    {
      g_test_skip ("poppler-utils is not installed (build-aux/dev test installs it)");
      return FALSE;
    }
  return TRUE;
}

/* Runs a poppler tool and returns what it printed. */
static char *
run_tool (const char *first,
          ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  const char *arg;
  int status = 0;
  va_list args;

  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (wr_test_exit_status (status) != 0)
    g_error ("%s failed: %s", first, err);
  return out;
}

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *at = strstr (haystack, needle); at != NULL; at = strstr (at + 1, needle))
    n++;
  return n;
}

static char *
unescape (const char *text)
{
  static const char * const entities[][2] = {
    { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" }, { "&apos;", "'" }, { "&#39;", "'" },
  };
  g_autoptr(GString) out = g_string_new (text);

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    g_string_replace (out, entities[i][0], entities[i][1], 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The PDF's words without white space, read by poppler twice: in its own
 * reading order, which runs a table's cells on the same line together,
 * and a page's words left of @split before those right of it, which
 * keeps a two-column table's cells whole.
 */
static void
read_words (const char  *pdf,
            double       split,
            char       **flow,
            char       **columns)
{
  g_autofree char *html = run_tool ("pdftotext", "-enc", "UTF-8", "-bbox", pdf, "-", NULL);
  g_auto(GStrv) pages = g_strsplit (html, "</page>", -1);
  g_autoptr(GString) all = g_string_new (NULL);
  g_autoptr(GString) both = g_string_new (NULL);

  for (guint p = 0; pages[p] != NULL; p++)
    {
      g_autoptr(GString) right = g_string_new (NULL);
      const char *at = pages[p];

      while ((at = strstr (at, "<word")) != NULL)
        {
          const char *x = strstr (at, "xMin=\"");
          const char *start = strchr (at, '>');
          const char *end = start != NULL ? strstr (start, "</word>") : NULL;
          g_autofree char *raw = NULL;
          g_autofree char *word = NULL;

          g_assert_nonnull (x);
          g_assert_nonnull (end);
          raw = g_strndup (start + 1, end - start - 1);
          word = unescape (raw);
          g_string_append (all, word);
          g_string_append (g_ascii_strtod (x + 6, NULL) < split ? both : right, word);
          at = end;
        }
      g_string_append (both, right->str);
    }

  *flow = g_string_free (g_steal_pointer (&all), FALSE);
  *columns = g_string_free (g_steal_pointer (&both), FALSE);
}

static char *
write_pdf (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrScope) scope = wr_scope_new ();
  g_autofree char *output = g_build_filename (fixture->dir, "visit.pdf", NULL);
  WrReportOptions options = { WR_REPORT_FORMAT_PDF, NULL, NULL };
  WrReportProgress progress = { 0 };

  g_assert_true (wr_scope_add_visit (scope, wr_visit_get_uuid (wr_visit_session_get_visit (fixture->session)),
                                     &error));
  g_assert_true (wr_report_write_for_store (fixture->store, fixture->library, scope, output, &options, &progress,
                                            NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_atomic_int_get (&progress.total), ==, 1);

  return g_steal_pointer (&output);
}

/* pdftotext holds every answer, observation, action and caption the
 * database has for the visit; every page carries the marking at its top
 * and bottom, the organisation, and its number among the report's pages.
 */
static void
test_text (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  g_autofree char *flow = NULL;
  g_autofree char *columns = NULL;
  g_autofree char *info = NULL;
  const char *pages_line;
  guint n_pages;

  if (!have_poppler ())
    return;

  pdf = write_pdf (fixture);
  text = run_tool ("pdftotext", "-enc", "UTF-8", pdf, "-", NULL);
  flat = collapse (text);
  /* The answers' table splits at 45 % of the text's width. */
  read_words (pdf, 56.7 + 0.45 * (595.2756 - 2 * 56.7), &flow, &columns);

  for (guint i = 0; i < fixture->expected->len; i++)
    {
      const char *expected = g_ptr_array_index (fixture->expected, i);

      if (strstr (flow, expected) == NULL && strstr (columns, expected) == NULL)
        g_error ("The PDF does not hold “%s”", expected);
    }

  info = run_tool ("pdfinfo", pdf, NULL);
  g_assert_nonnull ((pages_line = strstr (info, "Pages:")));
  n_pages = (guint) g_ascii_strtoull (pages_line + strlen ("Pages:") + strspn (pages_line + 6, " "), NULL, 10);
  g_assert_cmpuint (n_pages, >=, 5);
  g_assert_nonnull (strstr (info, "595.276 x 841.89 pts (A4)"));

  for (guint page = 1; page <= n_pages; page++)
    {
      g_autofree char *number = g_strdup_printf ("%u", page);
      g_autofree char *page_text = run_tool ("pdftotext", "-enc", "UTF-8", "-f", number, "-l", number, pdf, "-", NULL);
      g_autofree char *footer = g_strdup_printf ("Page %u of %u", page, n_pages);

      g_assert_cmpuint (count (page_text, MARKING), ==, 2);
      g_assert_nonnull (strstr (page_text, ORGANISATION));
      g_assert_nonnull (strstr (page_text, footer));
    }

  /* Observations are grouped by kind, each under its heading once. */
  g_assert_cmpuint (count (flat, "Good practice (40)"), ==, 1);
  g_assert_cmpuint (count (flat, "Concern (40)"), ==, 1);
  g_assert_cmpuint (count (flat, "Quote (40)"), ==, 1);
}

/* Fonts are embedded, the photo is in the file, and every page renders:
 * the PNGs are kept beside the tests to be looked at.
 */
static void
test_fonts_images_pages (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *pdf = NULL;
  g_autofree char *fonts = NULL;
  g_autofree char *images = NULL;
  g_autofree char *prefix = g_test_build_filename (G_TEST_BUILT, "report-pdf", NULL);
  g_autofree char *first = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_fonts = 0;

  if (!have_poppler ())
    return;

  pdf = write_pdf (fixture);

  fonts = run_tool ("pdffonts", pdf, NULL);
  lines = g_strsplit (fonts, "\n", -1);
  for (guint i = 2; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      g_autoptr(GPtrArray) words = g_ptr_array_new ();

      if (lines[i][0] == '\0')
        continue;
      /* name type… encoding emb sub uni object ID: "emb" is the fifth from the end. */
      fields = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      for (guint f = 0; fields[f] != NULL; f++)
        if (fields[f][0] != '\0')
          g_ptr_array_add (words, fields[f]);
      g_assert_cmpuint (words->len, >=, 6);
      g_assert_cmpstr (g_ptr_array_index (words, words->len - 5), ==, "yes");
      n_fonts++;
    }
  g_assert_cmpuint (n_fonts, >=, 2);

  images = run_tool ("pdfimages", "-list", pdf, NULL);
  /* One photo, at its own size: never enlarged. */
  g_assert_cmpuint (count (images, "\n"), ==, 3);
  g_assert_nonnull (strstr (images, " image     320   200  rgb "));

  g_free (run_tool ("pdftoppm", "-r", "50", "-png", pdf, prefix, NULL));
  first = g_strconcat (prefix, "-01.png", NULL);
  g_assert_true (g_file_test (first, G_FILE_TEST_IS_REGULAR));
}

/* How often @needle is in @length bytes of @data, which may hold NULs. */
static guint
count_bytes (const char *data,
             gsize       length,
             const char *needle)
{
  gsize needle_length = strlen (needle);
  const char *end = data + length;
  guint n = 0;

  for (const char *p = data; p + needle_length <= end; p++)
    if (memcmp (p, needle, needle_length) == 0)
      n++;

  return n;
}

/* The PDF is tagged for a screen reader: the visit's title, its headings,
 * the photo and its caption each an element of the structure tree; a
 * table's rows on a page are one element, not one each (the fixture's
 * answers alone are more rows than the report has paragraphs).
 */
static void
test_structure (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *pdf = write_pdf (fixture);
  g_autofree char *bytes = NULL;
  gsize length = 0;
  guint n_rows = fixture->n_answers + N_REPEATS + 3;
  guint n_paragraphs;

  g_assert_true (g_file_get_contents (pdf, &bytes, &length, NULL));

  g_assert_cmpuint (count_bytes (bytes, length, "/StructTreeRoot"), >=, 1);
  g_assert_cmpuint (count_bytes (bytes, length, "/S /H1\n"), ==, 1);
  g_assert_cmpuint (count_bytes (bytes, length, "/S /H2\n"), >=, 3);
  g_assert_cmpuint (count_bytes (bytes, length, "/S /H3\n"), >=, 1);
  g_assert_cmpuint (count_bytes (bytes, length, "/S /Figure\n"), ==, 1);
  g_assert_cmpuint (count_bytes (bytes, length, "/S /Caption\n"), ==, 1);

  /* Each observation is a paragraph, and so is the line under it that
   * says whose it is; the rows of the answers, the repeats and the
   * actions are a paragraph a table and page, far fewer than the rows.
   */
  n_paragraphs = count_bytes (bytes, length, "/S /P\n");
  g_test_message ("%u paragraphs, %u rows", n_paragraphs, n_rows);
  g_assert_cmpuint (n_paragraphs, >=, N_OBSERVATIONS);
  g_assert_cmpuint (n_paragraphs, <, 2 * N_OBSERVATIONS + n_rows / 2);
}

/* Every word of @pdf with its place: "page x y word" lines. */
static GPtrArray *
placed_words (const char *pdf)
{
  g_autofree char *html = run_tool ("pdftotext", "-enc", "UTF-8", "-bbox", pdf, "-", NULL);
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  guint page = 0;

  for (const char *at = html; (at = strstr (at, "<")) != NULL; at++)
    {
      const char *start;
      const char *end;

      if (g_str_has_prefix (at, "<page "))
        page++;
      if (!g_str_has_prefix (at, "<word "))
        continue;
      start = strchr (at, '>');
      end = strstr (start, "</word>");
      g_ptr_array_add (words, g_strdup_printf ("%u %.3f %.3f %.*s", page,
                                               g_ascii_strtod (strstr (at, "xMin=\"") + 6, NULL),
                                               g_ascii_strtod (strstr (at, "yMin=\"") + 6, NULL),
                                               (int) (end - start - 1), start + 1));
      at = end;
    }
  return words;
}

static char *
pdf_line (const char *info,
          const char *field)
{
  const char *at = strstr (info, field);

  g_assert_nonnull (at);
  at += strlen (field);
  at += strspn (at, " ");
  return g_strndup (at, strcspn (at, "\n"));
}

/* The report's own PDF writer draws what cairo draws: the same pages,
 * words, places (to a point: cairo lets glyph positions drift by less
 * than a thousandth of the size each) and photos.
 */
static void
test_same_as_cairo (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *ours = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *written = NULL;
  g_autofree char *ours_checked = NULL;
  g_autofree char *ours_info = NULL;
  g_autofree char *theirs_info = NULL;
  g_autofree char *ours_images = NULL;
  g_autofree char *theirs_images = NULL;
  g_autofree char *ours_text = NULL;
  g_autofree char *theirs_text = NULL;
  g_autoptr(GPtrArray) ours_words = NULL;
  g_autoptr(GPtrArray) theirs_words = NULL;
  g_autofree char *producer = NULL;
  g_autofree char *cairo_producer = NULL;
  g_autofree char *pages = NULL;
  g_autofree char *cairo_pages = NULL;
  g_autofree gboolean *used = NULL;
  double worst = 0;

  if (!have_poppler ())
    return;

  written = write_pdf (fixture);
  ours = g_build_filename (fixture->dir, "ours.pdf", NULL);
  g_assert_cmpint (g_rename (written, ours), ==, 0);
  g_setenv ("WALKROUND_PDF_WRITER", "cairo", TRUE);
  theirs = write_pdf (fixture);
  g_unsetenv ("WALKROUND_PDF_WRITER");

  ours_checked = run_tool ("qpdf", "--check", ours, NULL);
  g_assert_nonnull (strstr (ours_checked, "No syntax or stream encoding errors found"));
  ours_info = run_tool ("pdfinfo", ours, NULL);
  theirs_info = run_tool ("pdfinfo", theirs, NULL);
  producer = pdf_line (ours_info, "Producer:");
  cairo_producer = pdf_line (theirs_info, "Producer:");
  g_assert_cmpstr (producer, ==, "Walkround");
  g_assert_true (g_str_has_prefix (cairo_producer, "cairo "));
  pages = pdf_line (ours_info, "Pages:");
  cairo_pages = pdf_line (theirs_info, "Pages:");
  g_assert_cmpstr (pages, ==, cairo_pages);
  g_assert_nonnull (strstr (ours_info, "Tagged:          yes"));

  ours_text = run_tool ("pdftotext", "-enc", "UTF-8", "-raw", ours, "-", NULL);
  theirs_text = run_tool ("pdftotext", "-enc", "UTF-8", "-raw", theirs, "-", NULL);
  g_assert_cmpstr (ours_text, ==, theirs_text);

  ours_words = placed_words (ours);
  theirs_words = placed_words (theirs);
  g_assert_cmpuint (ours_words->len, ==, theirs_words->len);
  g_assert_cmpuint (ours_words->len, >, 500);
  /* poppler's reading order depends on places, so each word is matched
   * with the nearest same word on the same page.
   */
  used = g_new0 (gboolean, theirs_words->len);
  for (guint i = 0; i < ours_words->len; i++)
    {
      guint page_a, page_b;
      double xa, ya, xb, yb;
      char word_a[256], word_b[256];
      double nearest = G_MAXDOUBLE;
      guint nearest_index = 0;

      g_assert_cmpint (sscanf (g_ptr_array_index (ours_words, i), "%u %lf %lf %255s", &page_a, &xa, &ya, word_a), ==, 4);
      for (guint j = 0; j < theirs_words->len; j++)
        {
          double distance;

          if (used[j])
            continue;
          g_assert_cmpint (sscanf (g_ptr_array_index (theirs_words, j), "%u %lf %lf %255s", &page_b, &xb, &yb, word_b),
                           ==, 4);
          distance = MAX (fabs (xa - xb), fabs (ya - yb));
          if (page_a == page_b && g_str_equal (word_a, word_b) && distance < nearest)
            {
              nearest = distance;
              nearest_index = j;
            }
        }
      if (nearest > 1.0)
        g_error ("“%s” at (%g, %g) on page %u is not where cairo draws it", word_a, xa, ya, page_a);
      used[nearest_index] = TRUE;
      worst = MAX (worst, nearest);
    }
  g_test_message ("%u words, at most %.3f pt from cairo's", ours_words->len, worst);

  /* The same photo, the same size, at the same place in the document. */
  ours_images = run_tool ("pdfimages", "-list", ours, NULL);
  theirs_images = run_tool ("pdfimages", "-list", theirs, NULL);
  g_assert_cmpuint (count (ours_images, "\n"), ==, count (theirs_images, "\n"));
  g_assert_nonnull (strstr (ours_images, " image     320   200  rgb "));
}

/* A report in a font the writer cannot embed (here every font made
 * Cantarell, whose outlines are CFF) is drawn by cairo: whole, with the
 * font embedded.
 */
static void
test_unembeddable_font (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *visit = wr_visit_get_uuid (wr_visit_session_get_visit (fixture->session));
  g_autofree char *conf = g_build_filename (fixture->dir, "fonts.conf", NULL);
  g_autofree char *pdf = g_build_filename (fixture->dir, "cantarell.pdf", NULL);
  g_autofree char *fonts = NULL;
  g_autofree char *info = NULL;
  g_autofree char *producer = NULL;
  g_autofree char *flow = NULL;
  g_autofree char *columns = NULL;
  g_auto(WrTestRun) report = { 0 };

  if (!have_poppler ())
    return;

  g_assert_true (g_file_set_contents (conf,
                                      "<?xml version=\"1.0\"?>\n<fontconfig>\n"
                                      "  <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n"
                                      "  <match target=\"pattern\">\n"
                                      "    <edit name=\"family\" mode=\"prepend_first\" binding=\"strong\">"
                                      "<string>Cantarell</string></edit>\n"
                                      "  </match>\n</fontconfig>\n", -1, NULL));
  g_setenv ("FONTCONFIG_FILE", conf, TRUE);
  wr_test_run_walkround (&report, fixture->data, "report", "--format", "pdf", "--output", pdf, "--visit", visit,
                         NULL);
  g_unsetenv ("FONTCONFIG_FILE");
  g_assert_cmpint (report.status, ==, 0);

  fonts = run_tool ("pdffonts", pdf, NULL);
  g_assert_nonnull (strstr (fonts, "Cantarell"));
  info = run_tool ("pdfinfo", pdf, NULL);
  producer = pdf_line (info, "Producer:");
  g_assert_true (g_str_has_prefix (producer, "cairo "));

  read_words (pdf, 56.7 + 0.45 * (595.2756 - 2 * 56.7), &flow, &columns);
  for (guint i = 0; i < fixture->expected->len; i++)
    {
      const char *expected = g_ptr_array_index (fixture->expected, i);

      /* Cantarell is wider: where a table's cell wraps differs, not what it says. */
      if (strstr (flow, expected) == NULL && strstr (columns, expected) == NULL)
        g_error ("The PDF in Cantarell does not hold “%s”", expected);
    }
}

/* The same visit printed: the same pages, from the same layout. */
static void
test_pages_for_print (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrScope) scope = wr_scope_new ();
  g_autoptr(WrReportPages) pages = NULL;
  WrReportOptions options = { WR_REPORT_FORMAT_PDF, (char *) "Another Trust", NULL };
  cairo_surface_t *surface;
  cairo_t *cr;

  g_assert_true (wr_scope_add_visit (scope, wr_visit_get_uuid (wr_visit_session_get_visit (fixture->session)),
                                     &error));
  pages = wr_report_pages_for_store (fixture->store, fixture->library, scope, &options, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pages);
  g_assert_cmpuint (wr_report_pages_get_n_pages (pages), >=, 5);

  /* Any cairo surface will do, as a printer's does. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 595, 842);
  cr = cairo_create (surface);
  for (guint i = 0; i < wr_report_pages_get_n_pages (pages); i++)
    wr_report_pages_draw_page (pages, cr, i);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* The HTML report's words: its tags gone, its entities read, without
 * white space, as read_words() gives the PDF's.
 */
static char *
html_words (const char *html)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *unescaped = NULL;
  gboolean in_tag = FALSE;

  for (const char *p = html; *p != '\0'; p++)
    {
      if (*p == '<')
        in_tag = TRUE;
      else if (*p == '>')
        in_tag = FALSE;
      else if (!in_tag)
        g_string_append_c (text, *p);
    }
  unescaped = unescape (text->str);
  return squeeze (unescaped);
}

/* One pipeline: the HTML and the PDF of the same visit carry the same
 * items, every answer's question and value, comment, observation, action
 * with its owner and due date, repeat table and photo caption the
 * database has, so that neither can drop a field the other shows.
 */
static void
test_html_same_items (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrScope) scope = wr_scope_new ();
  g_autofree char *html_path = g_build_filename (fixture->dir, "visit.html", NULL);
  g_autofree char *pdf = NULL;
  g_autofree char *html = NULL;
  g_autofree char *in_html = NULL;
  g_autofree char *flow = NULL;
  g_autofree char *columns = NULL;
  g_autofree char *img = NULL;
  g_autofree char *group = squeeze ("Good practice (40)");
  WrReportOptions options = { WR_REPORT_FORMAT_HTML, NULL, NULL };

  if (!have_poppler ())
    return;

  g_assert_true (wr_scope_add_visit (scope, wr_visit_get_uuid (wr_visit_session_get_visit (fixture->session)),
                                     &error));
  g_assert_true (wr_report_write_for_store (fixture->store, fixture->library, scope, html_path, &options, NULL,
                                            NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (html_path, &html, NULL, NULL));
  in_html = html_words (html);

  pdf = write_pdf (fixture);
  read_words (pdf, 56.7 + 0.45 * (595.2756 - 2 * 56.7), &flow, &columns);

  g_assert_cmpuint (fixture->expected->len, >, N_OBSERVATIONS + 20);
  for (guint i = 0; i < fixture->expected->len; i++)
    {
      const char *expected = g_ptr_array_index (fixture->expected, i);

      if (strstr (in_html, expected) == NULL)
        g_error ("The HTML report does not hold “%s”", expected);
      if (strstr (flow, expected) == NULL && strstr (columns, expected) == NULL)
        g_error ("The PDF does not hold “%s”", expected);
    }

  /* Grouped the same way, by kind with their counts. */
  g_assert_nonnull (strstr (html, "<h6>Good practice (40)</h6>"));
  g_assert_nonnull (strstr (flow, group));

  /* The repeats as a table, a row each, and the photo itself, in place. */
  g_assert_cmpuint (count (html, "<table class=\"repeats\">"), ==, 1);
  for (guint i = 1; i <= N_REPEATS; i++)
    {
      g_autofree char *row = g_strdup_printf ("<tr><th scope=\"row\">%u</th>", i);

      g_assert_nonnull (strstr (html, row));
    }
  img = g_strdup_printf ("<figure><img src=\"data:image/png;base64,");
  g_assert_cmpuint (count (html, img), ==, 1);
  g_assert_nonnull (strstr (html, "alt=\"" CAPTION "\"><figcaption>" CAPTION "</figcaption>"));
}

/* Three visits in one PDF: its pages are numbered through the whole
 * document, as the printer counts them, and each page's header still
 * says which visit it is of.
 */
static void
test_page_numbers (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrScope) scope = wr_scope_new ();
  g_autoptr(WrVisitSession) ned = wr_test_new_session (fixture->store, fixture->library, "ned-visit", 2);
  g_autoptr(WrVisitSession) steps = wr_test_new_session (fixture->store, fixture->library, "fifteen-steps", 2);
  g_autofree char *output = g_build_filename (fixture->dir, "three.pdf", NULL);
  g_autofree char *info = NULL;
  g_autofree char *last_text = NULL;
  WrReportOptions options = { WR_REPORT_FORMAT_PDF, NULL, NULL };
  const char *pages_line;
  guint n_pages;
  guint starts[3] = { 0 };
  guint n_starts = 0;

  if (!have_poppler ())
    return;

  g_assert_true (wr_scope_add_visit (scope, wr_visit_get_uuid (wr_visit_session_get_visit (fixture->session)),
                                     &error));
  g_assert_true (wr_scope_add_visit (scope, wr_visit_get_uuid (wr_visit_session_get_visit (ned)), &error));
  g_assert_true (wr_scope_add_visit (scope, wr_visit_get_uuid (wr_visit_session_get_visit (steps)), &error));
  g_assert_true (wr_report_write_for_store (fixture->store, fixture->library, scope, output, &options, NULL,
                                            NULL, &error));
  g_assert_no_error (error);

  info = run_tool ("pdfinfo", output, NULL);
  g_assert_nonnull ((pages_line = strstr (info, "Pages:")));
  n_pages = (guint) g_ascii_strtoull (pages_line + strlen ("Pages:") + strspn (pages_line + 6, " "), NULL, 10);
  /* The big visit alone has five pages or more; each other at least one. */
  g_assert_cmpuint (n_pages, >=, 7);

  for (guint page = 1; page <= n_pages; page++)
    {
      g_autofree char *number = g_strdup_printf ("%u", page);
      g_autofree char *page_text = run_tool ("pdftotext", "-enc", "UTF-8", "-f", number, "-l", number, output, "-",
                                             NULL);
      g_autofree char *footer = g_strdup_printf ("Page %u of %u", page, n_pages);

      g_assert_nonnull (strstr (page_text, footer));
      g_assert_nonnull (strstr (page_text, ORGANISATION));
      /* A visit's first page has its title: the service, as a heading. */
      if (strstr (page_text, "Team:") != NULL || strstr (page_text, "on the form") != NULL)
        {
          g_assert_cmpuint (n_starts, <, 3);
          starts[n_starts++] = page;
        }
    }
  g_assert_cmpuint (n_starts, ==, 3);
  g_assert_cmpuint (starts[0], ==, 1);
  g_assert_cmpuint (starts[1], >, starts[0] + 4);
  g_assert_cmpuint (starts[2], >, starts[1]);

  /* Which visit a page is of, in its header: the last is the walk's. */
  {
    g_autofree char *number = g_strdup_printf ("%u", n_pages);
    g_autofree char *footer = g_strdup_printf ("Page %u of %u", n_pages, n_pages);
    const char *steps_kind = wr_form_kind_get_label (WR_FORM_KIND_FIFTEEN_STEPS);
    const char *ned_kind = wr_form_kind_get_label (WR_FORM_KIND_NED_VISIT);

    last_text = run_tool ("pdftotext", "-enc", "UTF-8", "-f", number, "-l", number, output, "-", NULL);
    g_assert_nonnull (strstr (last_text, footer));
    g_assert_nonnull (strstr (last_text, steps_kind));
    g_assert_null (strstr (last_text, ned_kind));
  }
}

/* Set once per data folder, tidied, refused when too long, audited. */
static void
test_settings (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *organisation = NULL;
  g_autofree char *marking = NULL;
  g_autofree char *long_name = g_strnfill (200, 'x');

  g_assert_true (wr_store_get_report_settings (fixture->store, &organisation, &marking, &error));
  g_assert_cmpstr (organisation, ==, ORGANISATION);
  g_assert_cmpstr (marking, ==, MARKING);
  g_clear_pointer (&organisation, g_free);
  g_clear_pointer (&marking, g_free);

  g_assert_true (wr_store_set_report_settings (fixture->store, "  Ward   Trust ", NULL, &error));
  g_assert_true (wr_store_get_report_settings (fixture->store, &organisation, &marking, &error));
  g_assert_cmpstr (organisation, ==, "Ward Trust");
  g_assert_cmpstr (marking, ==, MARKING);

  g_assert_false (wr_store_set_report_settings (fixture->store, long_name, NULL, &error));
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (wr_store_set_report_settings (fixture->store, NULL, "", &error));
  g_clear_pointer (&marking, g_free);
  g_assert_true (wr_store_get_report_settings (fixture->store, NULL, &marking, &error));
  g_assert_cmpstr (marking, ==, "");
}

/* The command line: settings, a PDF of one visit by --visit (a filter of
 * export too, kept in the pack's scope), the HTML report's header and
 * footer, and mistakes.
 */
static void
test_cli (Fixture       *fixture,
          gconstpointer  data)
{
  const char *visit = wr_visit_get_uuid (wr_visit_session_get_visit (fixture->session));
  g_autofree char *pdf = g_build_filename (fixture->dir, "cli.pdf", NULL);
  g_autofree char *html = g_build_filename (fixture->dir, "cli.html", NULL);
  g_autofree char *pdf_text = NULL;
  g_autofree char *html_text = NULL;
  g_auto(WrTestRun) settings = { 0 };
  g_auto(WrTestRun) shown = { 0 };
  g_auto(WrTestRun) report = { 0 };
  g_auto(WrTestRun) report_html = { 0 };
  g_auto(WrTestRun) exported = { 0 };
  g_auto(WrTestRun) bad_visit = { 0 };
  g_auto(WrTestRun) no_visit = { 0 };
  gsize len = 0;

  wr_test_run_walkround (&settings, fixture->data, "settings", "--organisation", "Eastshire Trust",
                         "--marking", "OFFICIAL", NULL);
  g_assert_cmpint (settings.status, ==, 0);
  wr_test_run_walkround (&shown, fixture->data, "settings", NULL);
  g_assert_cmpint (shown.status, ==, 0);
  g_assert_cmpstr (shown.out, ==, "organisation: Eastshire Trust\nmarking: OFFICIAL\n");

  wr_test_run_walkround (&report, fixture->data, "report", "--format", "pdf", "--output", pdf, "--visit", visit,
                         NULL);
  g_assert_cmpint (report.status, ==, 0);
  g_assert_true (g_file_get_contents (pdf, &pdf_text, &len, NULL));
  g_assert_cmpuint (len, >, 1000);
  g_assert_true (g_str_has_prefix (pdf_text, "%PDF-"));

  wr_test_run_walkround (&report_html, fixture->data, "report", "--format", "html", "--output", html,
                         "--visit", visit, "--marking", "OFFICIAL: FOR THE BOARD", NULL);
  g_assert_cmpint (report_html.status, ==, 0);
  g_assert_true (g_file_get_contents (html, &html_text, NULL, NULL));
  g_assert_nonnull (strstr (html_text, "<p class=\"organisation\">Eastshire Trust</p>"));
  g_assert_cmpuint (count (html_text, "<p class=\"marking\">OFFICIAL: FOR THE BOARD</p>"), ==, 2);
  g_assert_nonnull (strstr (html_text, "<dt>Visits chosen</dt>"));
  g_assert_nonnull (strstr (html_text, "1 visit, chosen one by one"));

  wr_test_run_walkround (&exported, fixture->data, "export", "--output", "-", "--visit", visit, NULL);
  g_assert_cmpint (exported.status, ==, 0);
  g_assert_nonnull (strstr (exported.out, "</scope>"));
  {
    const char *scope_end = strstr (exported.out, "</scope>");
    g_autofree char *scope = g_strndup (exported.out, scope_end - exported.out);
    g_autofree char *element = g_strdup_printf ("<visit uuid=\"%s\"/>", visit);

    g_assert_nonnull (strstr (scope, element));
  }
  wr_test_assert_valid (exported.out, "evidence-pack.xsd", fixture->dir);

  /* A report of a pack carries this data folder's organisation too. */
  {
    g_autofree char *pack = g_build_filename (fixture->dir, "visit-pack.xml", NULL);
    g_autofree char *from_pack = NULL;
    g_auto(WrTestRun) pack_report = { 0 };

    g_assert_true (g_file_set_contents (pack, exported.out, -1, NULL));
    wr_test_run_walkround (&pack_report, fixture->data, "report", "--format", "html", "--output", html,
                           "--pack", pack, NULL);
    g_assert_cmpint (pack_report.status, ==, 0);
    g_assert_true (g_file_get_contents (html, &from_pack, NULL, NULL));
    g_assert_nonnull (strstr (from_pack, "<p class=\"organisation\">Eastshire Trust</p>"));
    g_assert_cmpuint (count (from_pack, "<p class=\"marking\">OFFICIAL</p>"), ==, 2);
  }

  wr_test_run_walkround (&bad_visit, fixture->data, "report", "--format", "pdf", "--output", pdf,
                         "--visit", "not-a-uuid", NULL);
  g_assert_cmpint (bad_visit.status, ==, 2);
  g_assert_nonnull (strstr (bad_visit.err, "--visit"));

  wr_test_run_walkround (&no_visit, fixture->data, "report", "--format", "pdf", "--output", pdf,
                         "--visit", "00000000-0000-4000-8000-000000000000", NULL);
  g_assert_cmpint (no_visit.status, ==, 2);
  g_assert_nonnull (strstr (no_visit.err, "There is no visit"));
}

/* The feedback letter of a NED visit, headless: what went well and what
 * could be better in plain words, the actions with owner and date, and a
 * patient's words only when ticked in.
 */
static void
test_letter (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrVisitSession) ned = wr_test_new_session (fixture->store, fixture->library, "ned-visit", 2);
  const char *visit = wr_visit_get_uuid (wr_visit_session_get_visit (ned));
  const char *quality = wr_visit_get_uuid (wr_visit_session_get_visit (fixture->session));
  g_autofree char *html = g_build_filename (fixture->dir, "letter.html", NULL);
  g_autofree char *pdf = g_build_filename (fixture->dir, "letter.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *patient_uuid = NULL;
  g_auto(WrTestRun) plain = { 0 };
  g_auto(WrTestRun) ticked = { 0 };
  g_auto(WrTestRun) all = { 0 };
  g_auto(WrTestRun) as_pdf = { 0 };
  g_auto(WrTestRun) wrong_kind = { 0 };
  g_auto(WrTestRun) csv = { 0 };
  g_auto(WrTestRun) no_visit = { 0 };
  WrObservationFields good = { .text = "Staff greeted every visitor by name.", .kind = "good-practice", .voice = "visitor" };
  WrObservationFields better = { .text = "The corridor was cluttered with trolleys.", .kind = "concern", .voice = "staff" };
  WrObservationFields patient = { .text = "I waited an hour for my tablets & nobody said why.", .kind = "quote", .voice = "patient" };
  WrObservationFields carer = { .text = "They rang me every evening.", .kind = "good-practice", .voice = "carer" };
  WrActionFields action = { .text = "Clear the corridor before the morning round", .owner = "Ward manager", .due = "2027-01-15" };
  g_autofree char *id1 = wr_store_add_observation (fixture->store, visit, &good, &error);
  g_autofree char *id2 = wr_store_add_observation (fixture->store, visit, &better, &error);
  g_autofree char *id3 = wr_store_add_action (fixture->store, visit, &action, &error);
  g_autofree char *carer_uuid = wr_store_add_observation (fixture->store, visit, &carer, &error);

  patient_uuid = wr_store_add_observation (fixture->store, visit, &patient, &error);
  g_assert_no_error (error);

  wr_test_run_walkround (&plain, fixture->data, "report", "--letter", "--visit", visit, "--format", "html",
                         "--output", html, NULL);
  g_assert_cmpint (plain.status, ==, 0);
  g_assert_nonnull (strstr (plain.err, "Left out 2 observations"));
  g_assert_true (g_file_get_contents (html, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "<h1>Feedback for Ward 7</h1>"));
  g_assert_nonnull (strstr (text, "<h2>What went well</h2>"));
  g_assert_nonnull (strstr (text, "Staff greeted every visitor by name."));
  g_assert_nonnull (strstr (text, "<h2>What could be better</h2>"));
  g_assert_nonnull (strstr (text, "The corridor was cluttered with trolleys."));
  g_assert_nonnull (strstr (text, "<td>Clear the corridor before the morning round</td><td>Ward manager</td><td>Friday 15 January 2027</td>"));
  g_assert_nonnull (strstr (text, "<p class=\"marking\">" MARKING "</p>"));
  g_assert_null (strstr (text, "nobody said why"));
  g_assert_null (strstr (text, "They rang me every evening."));
  g_assert_true (g_str_has_suffix (text, "</html>\n"));
  g_clear_pointer (&text, g_free);

  wr_test_run_walkround (&ticked, fixture->data, "report", "--letter", "--visit", visit, "--format", "html",
                         "--output", html, "--include-quote", patient_uuid, NULL);
  g_assert_cmpint (ticked.status, ==, 0);
  g_assert_nonnull (strstr (ticked.err, "Left out 1 observation "));
  g_assert_true (g_file_get_contents (html, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "I waited an hour for my tablets &amp; nobody said why."));
  g_assert_null (strstr (text, "They rang me every evening."));
  g_clear_pointer (&text, g_free);

  wr_test_run_walkround (&all, fixture->data, "report", "--letter", "--visit", visit, "--format", "html",
                         "--output", html, "--include-quotes", NULL);
  g_assert_cmpint (all.status, ==, 0);
  g_assert_null (strstr (all.err, "Left out"));
  g_assert_true (g_file_get_contents (html, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "They rang me every evening."));
  g_assert_nonnull (strstr (text, "nobody said why"));
  g_clear_pointer (&text, g_free);

  wr_test_run_walkround (&as_pdf, fixture->data, "report", "--letter", "--visit", visit, "--format", "pdf",
                         "--output", pdf, NULL);
  g_assert_cmpint (as_pdf.status, ==, 0);
  if (have_poppler ())
    {
      text = run_tool ("pdftotext", "-enc", "UTF-8", pdf, "-", NULL);
      g_assert_nonnull (strstr (text, "Feedback for Ward 7"));
      g_assert_nonnull (strstr (text, "Staff greeted every visitor by name."));
      g_assert_nonnull (strstr (text, "Ward manager"));
      g_assert_nonnull (strstr (text, "Page 1 of 1"));
      g_assert_null (strstr (text, "nobody said why"));
    }

  wr_test_run_walkround (&wrong_kind, fixture->data, "report", "--letter", "--visit", quality, "--format", "pdf",
                         "--output", pdf, NULL);
  g_assert_cmpint (wrong_kind.status, ==, 1);
  g_assert_nonnull (strstr (wrong_kind.err, "NED and 15 Steps visits"));

  wr_test_run_walkround (&csv, fixture->data, "report", "--letter", "--visit", visit, "--format", "csv",
                         "--output", fixture->dir, NULL);
  g_assert_cmpint (csv.status, ==, 2);
  wr_test_run_walkround (&no_visit, fixture->data, "report", "--letter", "--format", "pdf", "--output", pdf, NULL);
  g_assert_cmpint (no_visit.status, ==, 2);
  g_assert_nonnull (strstr (no_visit.err, "--visit"));
}

/* The pack is read on a thread of its own, a few visits ahead of the
 * pages: when a visit cannot be drawn (a quality visit has no letter),
 * the reading stops, the visits read ahead are freed, and the error is
 * the drawing's, whichever visit of the ten it is.
 */
static void
test_letter_stops (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrScope) scope = wr_scope_new ();
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *output = g_build_filename (fixture->dir, "letters.pdf", NULL);
  WrReportOptions options = { WR_REPORT_FORMAT_PDF, NULL, NULL, TRUE };

  g_assert_true (wr_scope_add_visit (scope, wr_visit_get_uuid (wr_visit_session_get_visit (fixture->session)),
                                     &error));
  for (guint i = 0; i < 9; i++)
    {
      WrVisitSession *ned = wr_test_new_session (fixture->store, fixture->library, "ned-visit", 2);

      g_ptr_array_add (sessions, ned);
      g_assert_true (wr_scope_add_visit (scope, wr_visit_get_uuid (wr_visit_session_get_visit (ned)), &error));
    }

  g_assert_false (wr_report_write_for_store (fixture->store, fixture->library, scope, output, &options, NULL,
                                             NULL, &error));
  g_assert_error (error, WR_PACK_ERROR, WR_PACK_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "NED and 15 Steps visits"));
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/walkround/report-pdf/text", Fixture, NULL, fixture_set_up, test_text, fixture_tear_down);
  g_test_add ("/walkround/report-pdf/fonts-images-pages", Fixture, NULL, fixture_set_up, test_fonts_images_pages,
              fixture_tear_down);
  g_test_add ("/walkround/report-pdf/same-as-cairo", Fixture, NULL, fixture_set_up, test_same_as_cairo,
              fixture_tear_down);
  g_test_add ("/walkround/report-pdf/unembeddable-font", Fixture, NULL, fixture_set_up, test_unembeddable_font,
              fixture_tear_down);
  g_test_add ("/walkround/report-pdf/structure", Fixture, NULL, fixture_set_up, test_structure, fixture_tear_down);
  g_test_add ("/walkround/report-pdf/pages-for-print", Fixture, NULL, fixture_set_up, test_pages_for_print,
              fixture_tear_down);
  g_test_add ("/walkround/report-pdf/html-same-items", Fixture, NULL, fixture_set_up, test_html_same_items,
              fixture_tear_down);
  g_test_add ("/walkround/report-pdf/page-numbers", Fixture, NULL, fixture_set_up, test_page_numbers,
              fixture_tear_down);
  g_test_add ("/walkround/report-pdf/settings", Fixture, NULL, fixture_set_up, test_settings, fixture_tear_down);
  g_test_add ("/walkround/report-pdf/cli", Fixture, NULL, fixture_set_up, test_cli, fixture_tear_down);
  g_test_add ("/walkround/report-pdf/letter", Fixture, NULL, fixture_set_up, test_letter, fixture_tear_down);
  g_test_add ("/walkround/report-pdf/letter-stops", Fixture, NULL, fixture_set_up, test_letter_stops,
              fixture_tear_down);

  return g_test_run ();
}
