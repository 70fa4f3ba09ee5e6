/* test-report.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <sqlite3.h>
#include <string.h>

#include "wr-autocleanups.h"
#include "wr-csv.h"
#include "wr-demo.h"
#include "wr-pack-digest.h"
#include "wr-pack-error.h"
#include "wr-platform.h"
#include "wr-report.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlXPathContext, xmlXPathFreeContext)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlXPathObject, xmlXPathFreeObject)

#define VISIT_1   "6a0d2a8e-1b7c-4f3e-9d52-0e8c4b7a1f33"
#define VISIT_2   "7b1e3b9f-2c8d-4a4f-8e63-1f9d5c8b2a44"
#define DIGEST_1  "1fd6f6d20f134126c2caad42759d71022a209caad4da8c59dbfbafd2fb703440"
#define OBS_TEXT  "\"We have nowhere else to put the linen since the store room flooded.\""
#define OWNER     "owner=\"Ward manager\""
#define COMMENT   "<comment>Linen trolley &amp; boxes stored in the corridor.</comment>"
#define NOTES     "<answer question=\"env-notes\" free-text=\"true\""

static char *
example_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "data", "packs", "example.xml", NULL);
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  return text;
}

static char *
replace (const char *text,
         const char *old,
         const char *new)
{
  g_autoptr(GString) out = g_string_new (text);

  g_assert_nonnull (strstr (text, old));
  g_string_replace (out, old, new, 1);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The visit digest from a tree, as the pack's reader would compute it from
 * its stream: tests change a visit and make the pack honest again.
 */
static void
digest_tree (WrPackDigest *digest,
             xmlNode      *node)
{
  wr_pack_digest_start_element (digest, (const char *) node->name);
  for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
    {
      xmlChar *value = xmlNodeGetContent ((xmlNode *) attr);

      wr_pack_digest_attribute (digest, (const char *) attr->name, (const char *) value);
      xmlFree (value);
    }
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type == XML_ELEMENT_NODE)
        digest_tree (digest, child);
      else if (child->type == XML_TEXT_NODE)
        wr_pack_digest_text (digest, (const char *) child->content, -1);
    }
  wr_pack_digest_end_element (digest);
}

static char *
first_visit_digest (const char *text)
{
  g_autoptr(xmlDoc) doc = xmlReadMemory (text, strlen (text), "pack.xml", NULL, XML_PARSE_NONET);
  g_autoptr(WrPackDigest) digest = wr_pack_digest_new ();
  xmlNode *node = xmlDocGetRootElement (doc);

  g_assert_nonnull (doc);
  for (node = node->children; node != NULL && !xmlStrEqual (node->name, BAD_CAST "visits"); node = node->next)
    ;
  g_assert_nonnull (node);
  for (node = node->children; node != NULL && node->type != XML_ELEMENT_NODE; node = node->next)
    ;
  g_assert_nonnull (node);

  digest_tree (digest, node);
  return wr_pack_digest_finish (digest);
}

/* Puts the right digest on the first visit, after a test changed it. */
static char *
make_honest (const char *text)
{
  const char *tag = "<digest algorithm=\"sha256\">";
  const char *at = strstr (text, tag);
  g_autofree char *stated = NULL;
  g_autofree char *digest = first_visit_digest (text);

  g_assert_nonnull (at);
  stated = g_strndup (at + strlen (tag), 64);

  return replace (text, stated, digest);
}

static char *
write_pack (const char *dir,
            const char *text)
{
  g_autofree char *honest = make_honest (text);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "variant.xml", NULL);

  g_file_set_contents (path, honest, -1, &error);
  g_assert_no_error (error);

  return path;
}

/* Writes the example pack with one change to the first visit, with its
 * digest made to match again.
 */
static char *
write_variant (const char *dir,
               const char *old,
               const char *new)
{
  g_autofree char *path = example_path ();
  g_autofree char *original = read_text (path);
  g_autofree char *changed = replace (original, old, new);

  return write_pack (dir, changed);
}

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("test-report-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

/* HTML ------------------------------------------------------------------------ */

static void
html_error_cb (void     *data,
               xmlError *error)
{
  guint *n_errors = data;

  /* libxml2 2.9's HTML parser knows only HTML 4 and calls <main>, <nav>,
   * <section>, <article>, <header>, <footer> and <time> unknown; anything
   * else is a real fault in the markup.
   */
  if (error->code == XML_HTML_UNKNOWN_TAG)
    return;
  g_test_message ("HTML error at line %d: %s", error->line, error->message);
  (*n_errors)++;
}

static xmlDoc *
parse_html (const char *path)
{
  g_autofree char *text = read_text (path);
  g_autoptr(xmlParserCtxt) ctxt = (xmlParserCtxt *) htmlNewParserCtxt ();
  guint n_errors = 0;
  xmlDoc *doc;

  g_assert_true (g_str_has_prefix (text, "<!DOCTYPE html>\n"));

  xmlSetStructuredErrorFunc (&n_errors, html_error_cb);
  doc = htmlCtxtReadMemory (ctxt, text, strlen (text), path, "UTF-8", HTML_PARSE_NONET);
  xmlSetStructuredErrorFunc (NULL, NULL);

  g_assert_nonnull (doc);
  g_assert_cmpuint (n_errors, ==, 0);

  return doc;
}

static guint
count_nodes (xmlDoc     *doc,
             const char *xpath)
{
  g_autoptr(xmlXPathContext) ctxt = xmlXPathNewContext (doc);
  g_autoptr(xmlXPathObject) result = xmlXPathEvalExpression (BAD_CAST xpath, ctxt);

  g_assert_nonnull (result);
  if (result->type == XPATH_NUMBER)
    return (guint) result->floatval;
  return result->nodesetval != NULL ? (guint) result->nodesetval->nodeNr : 0;
}

#define assert_nodes(doc, xpath, n) \
  G_STMT_START { \
    guint n_found = count_nodes (doc, xpath); \
    if (n_found != (guint) (n)) \
      g_error ("%s: %u nodes, expected %u", xpath, n_found, (guint) (n)); \
  } G_STMT_END

/* Headings never skip a level going down, so a screen reader's outline
 * makes sense; there is one <h1>.
 */
static void
assert_headings_in_order (xmlDoc *doc)
{
  g_autoptr(xmlXPathContext) ctxt = xmlXPathNewContext (doc);
  g_autoptr(xmlXPathObject) result = xmlXPathEvalExpression (BAD_CAST "//h1|//h2|//h3|//h4|//h5|//h6", ctxt);
  int level = 0;

  g_assert_nonnull (result->nodesetval);
  for (int i = 0; i < result->nodesetval->nodeNr; i++)
    {
      int next = result->nodesetval->nodeTab[i]->name[1] - '0';

      g_assert_cmpint (next, <=, level + 1);
      level = next;
    }
  assert_nodes (doc, "//h1", 1);
}

static void
test_html_example (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *pack = example_path ();
  g_autofree char *output = g_build_filename (dir, "report.html", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  GStatBuf st;

  g_assert_true (wr_report_write_html (pack, output, NULL, &error));
  g_assert_no_error (error);
  doc = parse_html (output);

  assert_nodes (doc, "/html[@lang='en-GB']", 1);
  assert_nodes (doc, "//script", 0);
  assert_nodes (doc, "//*[@style or @onclick or @onload]", 0);
  assert_headings_in_order (doc);

  /* Every table says what it is, and every header cell what it heads. */
  assert_nodes (doc, "//table[not(caption)]", 0);
  assert_nodes (doc, "//th[not(@scope)]", 0);

  /* The scope and the summary. */
  assert_nodes (doc, "//title[contains(., 'Sunday 1 March 2026 to Tuesday 31 March 2026')]", 1);
  assert_nodes (doc, "//dl[@class='scope']/dd[. = 'Completed visits only']", 1);
  assert_nodes (doc, "//section[@id='summary']//tbody/tr[th='Quality visit' and td[2]='2' and td[3]='2']", 1);

  /* The service, each of its visits, and their answers by label. */
  assert_nodes (doc, "//section[@id='visits']//h3[. = 'Ward 7 (Older people)']", 1);
  assert_nodes (doc, "//article[@id='visit-" VISIT_1 "']", 1);
  assert_nodes (doc, "//article[@id='visit-" VISIT_2 "']", 1);
  assert_nodes (doc, "//article[@id='visit-" VISIT_1 "']//dd[contains(., 'Sam Okafor (Clinician)')]", 1);
  assert_nodes (doc, "//article[@id='visit-" VISIT_1 "']//tr[th[contains(., 'Is the ward clean and free of clutter?')] and td[1]='No']", 1);
  assert_nodes (doc, "//article[@id='visit-" VISIT_1 "']//td[contains(., 'Linen trolley & boxes')]", 1);

  /* From the same model as the PDF: answers under their section, the
   * photo in place with its caption, the service's place.
   */
  assert_nodes (doc, "//article[@id='visit-" VISIT_1 "']//h5[. = 'Environment']", 1);
  assert_nodes (doc, "//article[@id='visit-" VISIT_1 "']//dd[. = 'Example walk, version 1']", 1);
  assert_nodes (doc, "//article[@id='visit-" VISIT_1 "']//figure[img[starts-with(@src, 'data:image/png;base64,')"
                     " and @alt='The corridor by bay 3.'] and figcaption='The corridor by bay 3.']", 1);
  assert_nodes (doc, "//section[@id='visits']//p[@class='meta' and . = 'Medicine · City Hospital · CQC location RXX01']", 1);

  /* The observation under its regulation's title and its statement. */
  assert_nodes (doc, "//section[@id='regulations']//section[h3='Regulation 15: Premises and equipment']"
                     "//p[contains(., 'nowhere else to put the linen')]", 1);
  assert_nodes (doc, "//section[@id='statements']//section[h4='Safe environments']"
                     "//p[contains(., 'nowhere else to put the linen')]", 1);

  /* The open action with its owner and due date. */
  assert_nodes (doc, "//section[@id='actions']//tr[th='Find a storage space for linen off the corridor.'"
                     " and td[1]='Ward manager' and td[2]='Wednesday 1 April 2026']", 1);

  /* Readable only by its owner, like the database. */
  g_assert_cmpint (g_stat (output, &st), ==, 0);
  /* Windows files have no such modes (wr-platform.c). */
  if (wr_platform_has_file_modes ())
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  remove_tree (dir);
}

static void
test_html_escapes (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *pack = write_variant (dir, OBS_TEXT,
                                         "&lt;script&gt;alert(\"x\")&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt; &amp;amp;");
  g_autofree char *output = g_build_filename (dir, "report.html", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = NULL;

  g_assert_true (wr_report_write_html (pack, output, NULL, &error));
  g_assert_no_error (error);

  text = read_text (output);
  g_assert_null (strstr (text, "<script"));
  g_assert_null (strstr (text, "<b>"));
  /* Quotes too, so that the same escaping is safe in an attribute. */
  g_assert_nonnull (strstr (text, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt; &amp;amp;"));

  doc = parse_html (output);
  assert_nodes (doc, "//script", 0);
  assert_nodes (doc, "//b", 0);
  assert_nodes (doc, "//section[@id='regulations']//p[contains(., '<script>alert(\"x\")</script>')]", 1);

  remove_tree (dir);
}

static void
assert_refused (const char *pack,
                int         code)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *output = g_build_filename (dir, "report.html", NULL);
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *folder = g_build_filename (dir, "tables", NULL);
  WrReportOptions options = { WR_REPORT_FORMAT_PDF, NULL, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_false (wr_report_write_html (pack, output, NULL, &error));
  g_assert_error (error, WR_PACK_ERROR, code);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  g_assert_false (wr_report_write_csv (pack, folder, NULL, &error));
  g_assert_error (error, WR_PACK_ERROR, code);
  g_clear_error (&error);

  /* The PDF reads its pack twice, and checks it the first time. */
  g_assert_false (wr_report_write (pack, pdf, &options, NULL, &error));
  g_assert_error (error, WR_PACK_ERROR, code);

  /* Nothing is left behind, not even a temporary file or the folder
   * made for the tables.
   */
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));

  remove_tree (dir);
}

static void
test_refuses (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *form = g_test_build_filename (G_TEST_DIST, "data", "packs", "example-form.xml", NULL);
  g_autofree char *example = example_path ();
  g_autofree char *original = read_text (example);
  g_autofree char *missing = g_build_filename (dir, "missing.xml", NULL);
  g_autofree char *tampered = g_build_filename (dir, "tampered.xml", NULL);
  g_autofree char *tampered_text = replace (original, "<value>no</value>", "<value>yes</value>");
  g_autofree char *doctype = g_build_filename (dir, "doctype.xml", NULL);
  g_autofree char *doctype_text = replace (original, "<evidence-pack ",
                                           "<!DOCTYPE evidence-pack [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<evidence-pack ");
  g_autofree char *invalid = g_build_filename (dir, "invalid.xml", NULL);
  g_autofree char *invalid_text = replace (original, "status=\"completed\"", "status=\"finished\"");
  g_autofree char *version = g_build_filename (dir, "version.xml", NULL);
  g_autofree char *version_text = replace (original, "format-version=\"1\"", "format-version=\"7\"");
  g_autofree char *truncated = g_build_filename (dir, "truncated.xml", NULL);

  g_assert_true (g_file_set_contents (tampered, tampered_text, -1, NULL));
  g_assert_true (g_file_set_contents (doctype, doctype_text, -1, NULL));
  g_assert_true (g_file_set_contents (invalid, invalid_text, -1, NULL));
  g_assert_true (g_file_set_contents (version, version_text, -1, NULL));
  g_assert_true (g_file_set_contents (truncated, original, strlen (original) / 2, NULL));

  assert_refused (form, WR_PACK_ERROR_INVALID);
  assert_refused (missing, WR_PACK_ERROR_READ);
  assert_refused (dir, WR_PACK_ERROR_READ);
  assert_refused (tampered, WR_PACK_ERROR_DIGEST);
  assert_refused (doctype, WR_PACK_ERROR_PARSE);
  assert_refused (invalid, WR_PACK_ERROR_INVALID);
  assert_refused (version, WR_PACK_ERROR_VERSION);
  assert_refused (truncated, WR_PACK_ERROR_PARSE);

  remove_tree (dir);
}

/* Every hostile pack the import tests use is refused by the reports too,
 * with a pack error, and leaves nothing behind.
 */
static void
test_bad_packs (void)
{
  g_autofree char *folder = g_test_build_filename (G_TEST_DIST, "data", "packs", "bad", NULL);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autofree char *temp = make_temp_dir ();
  g_autofree char *deep = g_build_filename (temp, "deep.xml", NULL);
  g_autofree char *example = example_path ();
  g_autofree char *original = read_text (example);
  g_autoptr(GString) nested = g_string_new ("<team>");
  g_autofree char *deep_text = NULL;
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autofree char *output = g_build_filename (temp, "report.html", NULL);
      g_autofree char *tables = g_build_filename (temp, "tables", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) csv_error = NULL;

      if (!g_str_has_suffix (name, ".xml"))
        continue;
      /* Well-formed, valid and undamaged, but holding what the database
       * does not keep: only an import refuses them.
       */
      if (g_str_equal (name, "duplicate-answer.xml") || g_str_equal (name, "blank-action.xml"))
        continue;

      g_assert_false (wr_report_write_html (path, output, NULL, &error));
      g_assert_nonnull (error);
      g_assert_true (error->domain == WR_PACK_ERROR);
      g_assert_false (wr_report_write_csv (path, tables, NULL, &csv_error));
      g_assert_true (csv_error->domain == WR_PACK_ERROR);
      g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
      g_test_message ("%s: %s", name, error->message);

      /* The parser's own reason comes through, not a guess. */
      if (g_str_equal (name, "malformed.xml"))
        g_assert_nonnull (strstr (error->message, "tag mismatch"));
      if (g_str_equal (name, "attachment-bytes.xml"))
        g_assert_true (g_error_matches (error, WR_PACK_ERROR, WR_PACK_ERROR_DIGEST));
      remove_tree (tables);
      n++;
    }
  g_assert_cmpuint (n, >, 10);

  /* Nesting 10 000 deep is refused at its first element, which the
   * schema does not expect, long before the depth could matter.
   */
  for (guint i = 0; i < 10000; i++)
    g_string_append (nested, "<x>");
  for (guint i = 0; i < 10000; i++)
    g_string_append (nested, "</x>");
  deep_text = replace (original, "<team>", nested->str);
  g_assert_true (g_file_set_contents (deep, deep_text, -1, NULL));
  assert_refused (deep, WR_PACK_ERROR_INVALID);

  remove_tree (temp);
}

static void
test_unwritable (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *pack = example_path ();
  g_autofree char *output = g_build_filename (dir, "no", "such", "folder", "report.html", NULL);
  g_autofree char *file = g_build_filename (dir, "file", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (wr_report_write_html (pack, output, NULL, &error));
  g_assert_error (error, WR_PACK_ERROR, WR_PACK_ERROR_WRITE);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (file, "", 0, NULL));
  g_assert_false (wr_report_write_csv (pack, file, NULL, &error));
  g_assert_error (error, WR_PACK_ERROR, WR_PACK_ERROR_WRITE);

  remove_tree (dir);
}

static void
test_cancelled (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *pack = example_path ();
  g_autofree char *output = g_build_filename (dir, "report.html", NULL);
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  WrReportOptions options = { WR_REPORT_FORMAT_PDF, NULL, NULL };

  g_cancellable_cancel (cancellable);
  g_assert_false (wr_report_write_html (pack, output, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* The PDF's pack is read on a thread of its own; it stops too. */
  g_assert_false (wr_report_write (pack, pdf, &options, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));

  remove_tree (dir);
}

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* The window makes reports in a thread; the result is the same. */
static void
test_async (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *pack = example_path ();
  g_autofree char *output = g_build_filename (dir, "report.html", NULL);
  g_autofree char *tables = g_build_filename (dir, "tables", NULL);
  g_autofree char *visits = g_build_filename (tables, WR_REPORT_CSV_VISITS, NULL);
  g_autoptr(GAsyncResult) html_result = NULL;
  g_autoptr(GAsyncResult) csv_result = NULL;
  g_autoptr(GError) error = NULL;

  wr_report_write_html_async (pack, output, NULL, async_done_cb, &html_result);
  wr_report_write_csv_async (pack, tables, NULL, async_done_cb, &csv_result);
  while (html_result == NULL || csv_result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (wr_report_write_html_finish (html_result, &error));
  g_assert_no_error (error);
  g_assert_true (wr_report_write_csv_finish (csv_result, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (output, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (visits, G_FILE_TEST_IS_REGULAR));

  remove_tree (dir);
}

/* The moments a report states that it or its pack was made, from @since
 * on, with the time shown for them, become "NOW": what is left of two
 * reports of the same visits is the same.
 */
static char *
mask_now (const char *html,
          GDateTime  *since)
{
  g_autoptr(GRegex) regex = g_regex_new ("datetime=\"([0-9-]+T[0-9:]+[+-][0-9:]+)\">[0-9:]+<", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  const char *done = html;

  g_regex_match (regex, html, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *value = g_match_info_fetch (match, 1);
      g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (value, NULL);
      int start;
      int end;

      g_match_info_fetch_pos (match, 0, &start, &end);
      g_assert_nonnull (when);
      if (g_date_time_difference (when, since) > -G_TIME_SPAN_SECOND)
        {
          g_string_append_len (out, done, html + start - done);
          g_string_append (out, "datetime=\"NOW\">NOW<");
          done = html + end;
        }
      g_match_info_next (match, NULL);
    }
  g_string_append (out, done);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static int
count_seen (WrStore *store)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int n;

  g_assert_cmpint (sqlite3_open_v2 (wr_store_get_path (store), &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM seen_digests", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return n;
}

static void
for_store_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* A report of the database's visits, made in the calling thread or in a
 * worker as the window makes it, is the same report, and neither marks
 * the visits as shared: the pack it was made from never left.
 */
static void
test_for_store (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *db = g_build_filename (dir, "walkround.db", NULL);
  g_autofree char *html = g_build_filename (dir, "sync.html", NULL);
  g_autofree char *async_html = g_build_filename (dir, "async.html", NULL);
  g_autofree char *tables = g_build_filename (dir, "tables", NULL);
  g_autofree char *async_tables = g_build_filename (dir, "async-tables", NULL);
  g_autoptr(GDateTime) since = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = wr_store_open (db, &error);
  g_autoptr(WrFormLibrary) library = wr_form_library_new_default (NULL);
  g_autoptr(WrScope) scope = wr_scope_new ();
  g_autoptr(GAsyncResult) html_result = NULL;
  g_autoptr(GAsyncResult) csv_result = NULL;
  WrDemoOptions options = { 12, 5, "2026-06-30" };
  WrReportProgress progress = { 0 };
  WrReportProgress async_progress = { 0 };
  g_autofree char *text = NULL;
  g_autofree char *async_text = NULL;
  g_autofree char *masked = NULL;
  g_autofree char *async_masked = NULL;

  g_assert_no_error (error);
  g_assert_true (wr_demo_fill (store, library, &options, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (wr_scope_set_status (scope, "all", &error));
  g_assert_cmpint (count_seen (store), ==, 0);

  g_assert_true (wr_report_write_html_for_store (store, library, scope, html, &progress, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (progress.done, ==, 12);
  g_assert_cmpint (progress.total, ==, 12);
  g_assert_true (wr_report_write_csv_for_store (store, library, scope, tables, NULL, NULL, &error));
  g_assert_no_error (error);

  wr_report_write_html_for_store_async (store, library, scope, async_html, &async_progress, NULL,
                                        for_store_done_cb, &html_result);
  wr_report_write_csv_for_store_async (store, library, scope, async_tables, NULL, NULL,
                                       for_store_done_cb, &csv_result);
  while (html_result == NULL || csv_result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (wr_report_write_html_for_store_finish (html_result, &error));
  g_assert_no_error (error);
  g_assert_true (wr_report_write_csv_for_store_finish (csv_result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (async_progress.done, ==, 12);

  g_assert_cmpint (count_seen (store), ==, 0);

  text = read_text (html);
  async_text = read_text (async_html);
  masked = mask_now (text, since);
  async_masked = mask_now (async_text, since);
  g_assert_nonnull (strstr (masked, "datetime=\"NOW\">NOW<"));
  g_assert_cmpstr (masked, ==, async_masked);

  for (guint i = 0; i < 4; i++)
    {
      const char *names[] = { WR_REPORT_CSV_VISITS, WR_REPORT_CSV_ANSWERS, WR_REPORT_CSV_OBSERVATIONS,
                              WR_REPORT_CSV_ACTIONS };
      g_autofree char *a = g_build_filename (tables, names[i], NULL);
      g_autofree char *b = g_build_filename (async_tables, names[i], NULL);
      g_autofree char *a_text = read_text (a);
      g_autofree char *b_text = read_text (b);

      g_assert_cmpstr (a_text, ==, b_text);
    }

  g_clear_object (&store);
  remove_tree (dir);
}

/* A report of one regulation groups the evidence for that regulation
 * only: the visits it holds have observations linked to others too, and
 * those stay in each visit, out of the evidence sections.
 */
static void
test_scoped_regulation (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *db = g_build_filename (dir, "walkround.db", NULL);
  g_autofree char *all_html = g_build_filename (dir, "all.html", NULL);
  g_autofree char *html = g_build_filename (dir, "regulation-12.html", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = wr_store_open (db, &error);
  g_autoptr(WrFormLibrary) library = wr_form_library_new_default (NULL);
  g_autoptr(WrScope) all = wr_scope_new ();
  g_autoptr(WrScope) scope = wr_scope_new ();
  g_autoptr(xmlDoc) all_doc = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  WrDemoOptions options = { 60, 7, "2026-06-30" };

  g_assert_no_error (error);
  g_assert_true (wr_demo_fill (store, library, &options, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (wr_scope_set_status (all, "all", &error));
  g_assert_true (wr_scope_set_status (scope, "all", &error));
  g_assert_true (wr_scope_add_regulation (scope, "12", &error));
  g_assert_no_error (error);

  g_assert_true (wr_report_write_html_for_store (store, library, all, all_html, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (wr_report_write_html_for_store (store, library, scope, html, NULL, NULL, &error));
  g_assert_no_error (error);
  all_doc = parse_html (all_html);
  doc = parse_html (html);

  /* Unscoped, the demo's observations fall under several regulations. */
  g_assert_cmpuint (count_nodes (all_doc, "//section[@id='regulations']/section[starts-with(h3, 'Regulation ')]"), >, 1);
  assert_nodes (doc, "//section[@id='regulations']/section[starts-with(h3, 'Regulation ')]", 1);
  assert_nodes (doc, "//section[@id='regulations']/section[starts-with(h3, 'Regulation 12: ')]", 1);
  assert_nodes (doc, "//dl[@class='scope']/dt[. = 'Regulations']", 1);

  g_clear_object (&store);
  remove_tree (dir);
}

/* CSV ------------------------------------------------------------------------- */

/* Reads one table back as a spreadsheet would, checking the bytes first:
 * a byte order mark, CRLF after every record, and every field quoted.
 */
static GPtrArray *
read_table (const char *dir,
            const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *text = read_text (path);
  g_autoptr(GError) error = NULL;
  GPtrArray *records;

  g_assert_true (g_str_has_prefix (text, "\xef\xbb\xbf\""));
  g_assert_true (g_str_has_suffix (text, "\"\r\n"));

  records = wr_csv_parse (name, text, strlen (text), 1000, &error);
  g_assert_no_error (error);

  return records;
}

static const char *
cell (GPtrArray  *table,
      guint       row,
      const char *column)
{
  WrCsvRecord *header = g_ptr_array_index (table, 0);
  WrCsvRecord *record = g_ptr_array_index (table, row);

  for (guint i = 0; header->fields[i] != NULL; i++)
    {
      if (g_str_equal (header->fields[i], column))
        {
          g_assert_cmpuint (i, <, g_strv_length (record->fields));
          return record->fields[i];
        }
    }

  g_error ("no column %s", column);
}

static void
test_csv_example (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *folder = g_build_filename (dir, "new", "tables", NULL);
  g_autofree char *pack = example_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) visits = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  g_autoptr(GPtrArray) observations = NULL;
  g_autoptr(GPtrArray) actions = NULL;

  /* The folder is made if it is missing. */
  g_assert_true (wr_report_write_csv (pack, folder, NULL, &error));
  g_assert_no_error (error);

  visits = read_table (folder, WR_REPORT_CSV_VISITS);
  answers = read_table (folder, WR_REPORT_CSV_ANSWERS);
  observations = read_table (folder, WR_REPORT_CSV_OBSERVATIONS);
  actions = read_table (folder, WR_REPORT_CSV_ACTIONS);

  /* One header row, then one row per visit, answer, observation, action. */
  g_assert_cmpuint (visits->len, ==, 1 + 2);
  g_assert_cmpuint (answers->len, ==, 1 + 3);
  g_assert_cmpuint (observations->len, ==, 1 + 1);
  g_assert_cmpuint (actions->len, ==, 1 + 1);

  g_assert_cmpstr (cell (visits, 1, "visit"), ==, VISIT_1);
  g_assert_cmpstr (cell (visits, 1, "service-name"), ==, "Ward 7 (Older people)");
  g_assert_cmpstr (cell (visits, 1, "form-title"), ==, "Example walk");
  g_assert_cmpstr (cell (visits, 1, "team"), ==, "Sam Okafor (Clinician); Jo Hughes (Non-executive director)");
  g_assert_cmpstr (cell (visits, 1, "answers"), ==, "2");
  g_assert_cmpstr (cell (visits, 2, "visit"), ==, VISIT_2);
  g_assert_cmpstr (cell (visits, 2, "ended"), ==, "");
  /* Times also as Excel reads a date and time in every locale. */
  g_assert_cmpstr (cell (visits, 1, "started"), ==, "2026-03-04T10:15:00+00:00");
  g_assert_cmpstr (cell (visits, 1, "started-local"), ==, "2026-03-04 10:15:00");
  g_assert_cmpstr (cell (visits, 1, "created-local"), ==, "2026-03-04 10:15:02");
  g_assert_cmpstr (cell (visits, 2, "ended-local"), ==, "");
  g_assert_cmpstr (cell (answers, 1, "modified-local"), ==, "2026-03-04 10:20:41");
  g_assert_cmpstr (cell (observations, 1, "started-local"), ==, "2026-03-04 10:15:00");

  g_assert_cmpstr (cell (answers, 1, "question-label"), ==, "Is the ward clean and free of clutter?");
  g_assert_cmpstr (cell (answers, 1, "value"), ==, "no");
  g_assert_cmpstr (cell (answers, 1, "value-label"), ==, "No");
  g_assert_cmpstr (cell (answers, 1, "comment"), ==, "Linen trolley & boxes stored in the corridor.");
  g_assert_cmpstr (cell (answers, 2, "value"), ==,
                   "Bright day room; the garden door was locked.\nStaff said the key is kept at the desk.");

  g_assert_cmpstr (cell (observations, 1, "text"), ==, OBS_TEXT);
  g_assert_cmpstr (cell (observations, 1, "regulations"), ==, "15");
  g_assert_cmpstr (cell (observations, 1, "statements"), ==, "safe-environments");

  g_assert_cmpstr (cell (actions, 1, "owner"), ==, "Ward manager");
  g_assert_cmpstr (cell (actions, 1, "due"), ==, "2026-04-01");

  remove_tree (dir);
}

static void
test_csv_quoting (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *example = example_path ();
  g_autofree char *text0 = read_text (example);
  g_autofree char *text1 = replace (text0, OBS_TEXT, "=cmd|' /C calc'!A0, \"quoted\",\nnext line");
  g_autofree char *text2 = replace (text1, OWNER, "owner=\"@SUM(A1:A9)\"");
  g_autofree char *text3 = replace (text2, COMMENT, "<comment>+44 20 7946 0000, -x, -3</comment>");
  g_autofree char *text4 = replace (text3, "created=\"2026-03-04T11:35:00+00:00\"",
                                    "created=\"2026-06-04T11:35:00+01:00\"");
  g_autofree char *pack = write_pack (dir, text4);
  g_autofree char *folder = g_build_filename (dir, "tables", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  g_autoptr(GPtrArray) observations = NULL;
  g_autoptr(GPtrArray) actions = NULL;

  g_assert_true (wr_report_write_csv (pack, folder, NULL, &error));
  g_assert_no_error (error);

  answers = read_table (folder, WR_REPORT_CSV_ANSWERS);
  observations = read_table (folder, WR_REPORT_CSV_OBSERVATIONS);
  actions = read_table (folder, WR_REPORT_CSV_ACTIONS);

  /* A summer time is the clock's time then, not UTC's. */
  g_assert_cmpstr (cell (actions, 1, "created-local"), ==, "2026-06-04 11:35:00");

  /* Commas, quotes and line breaks survive; formulas become text. */
  g_assert_cmpstr (cell (observations, 1, "text"), ==, "'=cmd|' /C calc'!A0, \"quoted\",\nnext line");
  g_assert_cmpstr (cell (actions, 1, "owner"), ==, "'@SUM(A1:A9)");
  g_assert_cmpstr (cell (answers, 1, "comment"), ==, "'+44 20 7946 0000, -x, -3");

  remove_tree (dir);
}

static void
test_csv_cells (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { NULL, "\"\"" },
    { "", "\"\"" },
    { "plain", "\"plain\"" },
    { "a,b", "\"a,b\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "two\nlines", "\"two\nlines\"" },
    { "=1+1", "\"'=1+1\"" },
    { "+1", "\"'+1\"" },
    { "-x", "\"'-x\"" },
    { "@A1", "\"'@A1\"" },
    { "\t=1", "\"'\t=1\"" },
    { "\r=1", "\"'\r=1\"" },
    { "-3", "\"-3\"" },
    { "-0.5", "\"-0.5\"" },
    { "-", "\"'-\"" },
    { "-3.", "\"'-3.\"" },
    { "a=1", "\"a=1\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      wr_csv_append_cell (out, cases[i].in);
      g_assert_cmpstr (out->str, ==, cases[i].out);
    }

  {
    const char *cells[] = { "a", NULL, "=b" };
    g_autoptr(GString) out = g_string_new (NULL);

    wr_csv_append_row (out, cells, G_N_ELEMENTS (cells));
    g_assert_cmpstr (out->str, ==, "\"a\",\"\",\"'=b\"\r\n");
  }
}

/* An answer that the form's conditions hide is in the pack, marked, but
 * neither report shows or counts it; the visit's other answers stay.
 */
static void
test_hidden_answers (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *pack = write_variant (dir, NOTES, NOTES " hidden=\"true\"");
  g_autofree char *output = g_build_filename (dir, "report.html", NULL);
  g_autofree char *folder = g_build_filename (dir, "tables", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GPtrArray) visits = NULL;
  g_autoptr(GPtrArray) answers = NULL;

  /* The schema takes it: the report checks the pack first. */
  g_assert_true (wr_report_write_html (pack, output, NULL, &error));
  g_assert_no_error (error);
  text = read_text (output);
  g_assert_null (strstr (text, "Bright day room"));
  g_assert_null (strstr (text, "env-notes"));

  doc = parse_html (output);
  assert_nodes (doc, "//article[@id='visit-" VISIT_1 "']//tr[th[contains(., 'Is the ward clean and free of clutter?')] and td[1]='No']", 1);
  assert_nodes (doc, "//article[@id='visit-" VISIT_1 "']//tr[th[contains(., 'Anything else about the environment?')]]", 0);
  assert_nodes (doc, "//article[@id='visit-" VISIT_1 "']//table[@class='answers']/tbody/tr[th]", 1);
  assert_nodes (doc, "//article[@id='visit-" VISIT_2 "']//table[@class='answers']/tbody/tr[th]", 1);

  g_assert_true (wr_report_write_csv (pack, folder, NULL, &error));
  g_assert_no_error (error);
  visits = read_table (folder, WR_REPORT_CSV_VISITS);
  answers = read_table (folder, WR_REPORT_CSV_ANSWERS);

  g_assert_cmpstr (cell (visits, 1, "visit"), ==, VISIT_1);
  g_assert_cmpstr (cell (visits, 1, "answers"), ==, "1");
  g_assert_cmpstr (cell (visits, 2, "answers"), ==, "1");
  g_assert_cmpuint (answers->len, ==, 1 + 2);
  for (guint i = 1; i < answers->len; i++)
    g_assert_cmpstr (cell (answers, i, "question"), ==, "env-clean");

  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/walkround/report/html/example", test_html_example);
  g_test_add_func ("/walkround/report/html/escapes", test_html_escapes);
  g_test_add_func ("/walkround/report/refuses", test_refuses);
  g_test_add_func ("/walkround/report/bad-packs", test_bad_packs);
  g_test_add_func ("/walkround/report/unwritable", test_unwritable);
  g_test_add_func ("/walkround/report/cancelled", test_cancelled);
  g_test_add_func ("/walkround/report/async", test_async);
  g_test_add_func ("/walkround/report/for-store", test_for_store);
  g_test_add_func ("/walkround/report/scoped-regulation", test_scoped_regulation);
  g_test_add_func ("/walkround/report/csv/example", test_csv_example);
  g_test_add_func ("/walkround/report/csv/quoting", test_csv_quoting);
  g_test_add_func ("/walkround/report/csv/cells", test_csv_cells);
  g_test_add_func ("/walkround/report/hidden-answers", test_hidden_answers);

  return g_test_run ();
}
