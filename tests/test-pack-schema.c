/* test-pack-schema.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The reader checks the evidence pack schema's patterns and identity
 * constraints itself (wr-pack-schema.c): these tests hold that split to
 * the schema file and to libxml2's own regular expressions.
 */

#include <glib.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/xmlregexp.h>
#include <libxml/xmlschemas.h>
#include <string.h>

#include "wr-pack-schema.h"

static char *
schema_path (void)
{
  return g_build_filename (g_getenv ("WALKROUND_PKGDATADIR"), "schema", "evidence-pack.xsd", NULL);
}

/* Every xs:pattern value in the schema file, read as text. */
static GPtrArray *
schema_patterns (void)
{
  g_autofree char *path = schema_path ();
  g_autofree char *text = NULL;
  GPtrArray *patterns = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *p;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  for (p = text; (p = strstr (p, "<xs:pattern value=\"")) != NULL; )
    {
      const char *start = p + strlen ("<xs:pattern value=\"");
      const char *end = strchr (start, '"');
      g_autofree char *raw = g_strndup (start, end - start);
      xmlChar *decoded;
      xmlDoc *doc;
      g_autofree char *wrapped = g_strdup_printf ("<x v=\"%s\"/>", raw);

      /* The attribute as XML reads it (&amp; and the like). */
      doc = xmlReadMemory (wrapped, (int) strlen (wrapped), NULL, NULL, XML_PARSE_NONET);
      decoded = xmlGetProp (xmlDocGetRootElement (doc), BAD_CAST "v");
      g_ptr_array_add (patterns, g_strdup ((const char *) decoded));
      xmlFree (decoded);
      xmlFreeDoc (doc);
      p = end;
    }

  return patterns;
}

/* Strings near @pattern's language: valid-looking values, then each
 * changed a character at a time.
 */
static const char * const seeds[] = {
  "1fd6f6d2-0f13-4126-8c2c-aad42759d710", "1fd6f6d20f134126c2caad42759d71022a209caad4da8c59dbfbafd2fb703440",
  "2026-03-11", "2026-03-11T09:30:00+00:00", "2026-03-11T09:30:00.123456789Z", "2026-03-11T09:30:00Z",
  "2026-03-11T09:30:00-05:30", "env-clean", "Env_clean.2", "a", "0", "7", "123456789", "1234567890", "01",
  "image/jpeg", "application/vnd.oasis.opendocument.text", "text/plain+x/y", "quality-visit", "",
  "123456789012345678", "1234567890123456789", "a:0", "d-1:12 d.2:0 x_3:7", "a:01", "a:1  b:2", "a:1 ", ":1",
  "a:123456789012345678", "a:1234567890123456789", "a:1:2",
  "v5BXPMMnAQuWLao+sW9M5J+3ojgmQRshmKDERSjKIUE=", "v5BXPMMnAQuWLao+sW9M5J+3ojgmQRshmKDERSjKIU==",
  "/kKV4MVtjzROcS5jahl9Ovf9vn9EqJ68BV6oLlAKZodQT6zTMpqyNcTGmFRYxoItfG/bijrlv4vR1wcY09lUCw==",
};

static const char alphabet[] = "0123456789abcdefzAFZT:.-+/_ \tx";

static void
assert_agree (const char    *pattern,
              WrPackMatcher  matcher,
              xmlRegexp     *regexp,
              const char    *value)
{
  gboolean ours = matcher (value, strlen (value));
  gboolean theirs = xmlRegexpExec (regexp, (const xmlChar *) value) == 1;

  if (ours != theirs)
    g_error ("pattern %s: “%s” is %s by Walkround but %s by libxml2", pattern, value,
             ours ? "accepted" : "refused", theirs ? "accepted" : "refused");
}

static void
test_matchers_agree (void)
{
  g_autoptr(GPtrArray) patterns = schema_patterns ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261127);

  g_assert_cmpuint (patterns->len, >, 0);
  for (guint i = 0; i < patterns->len; i++)
    {
      const char *pattern = g_ptr_array_index (patterns, i);
      WrPackMatcher matcher = _wr_pack_schema_fast_matcher (pattern);
      xmlRegexp *regexp = xmlRegexpCompile (BAD_CAST pattern);
      guint accepted = 0;

      /* Every pattern the schema has today is matched by hand, for
       * speed; a new one would be run by libxml2 (see below).
       */
      g_assert_nonnull (matcher);
      g_assert_nonnull (regexp);

      for (guint s = 0; s < G_N_ELEMENTS (seeds); s++)
        {
          assert_agree (pattern, matcher, regexp, seeds[s]);
          accepted += matcher (seeds[s], strlen (seeds[s]));
          for (guint n = 0; n < 400; n++)
            {
              g_autoptr(GString) value = g_string_new (seeds[s]);
              guint edits = g_rand_int_range (rand, 1, 4);

              for (guint e = 0; e < edits; e++)
                {
                  char c = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
                  guint at = value->len > 0 ? g_rand_int_range (rand, 0, value->len + 1) : 0;

                  switch (g_rand_int_range (rand, 0, 3))
                    {
                    case 0:
                      g_string_insert_c (value, at, c);
                      break;
                    case 1:
                      if (at < value->len)
                        g_string_erase (value, at, 1);
                      break;
                    default:
                      if (at < value->len)
                        value->str[at] = c;
                      break;
                    }
                }
              assert_agree (pattern, matcher, regexp, value->str);
            }
        }
      /* Each pattern accepts at least one seed, so both sides are tried. */
      g_assert_cmpuint (accepted, >, 0);
      xmlRegFreeRegexp (regexp);
    }
}

static void
test_schema_split (void)
{
  g_autoptr(GPtrArray) patterns = schema_patterns ();
  g_autoptr(GError) error = NULL;
  WrPackSchema *schema = _wr_pack_schema_get (&error);
  const WrPackCheck *check;

  g_assert_no_error (error);
  g_assert_nonnull (schema);
  g_assert_nonnull (_wr_pack_schema_get_xsd (schema));
  g_assert_cmpuint (_wr_pack_schema_count_patterns (schema), ==, patterns->len);

  check = _wr_pack_schema_lookup (schema, "visit", "uuid");
  g_assert_nonnull (check);
  g_assert_true (_wr_pack_schema_check (check, "6a0d2a8e-1b7c-4f3e-9d52-0e8c4b7a1f33", 36));
  g_assert_false (_wr_pack_schema_check (check, "6A0D2A8E-1B7C-4F3E-9D52-0E8C4B7A1F33", 36));
  /* A uuid is an xs:string: white space is part of the value. */
  g_assert_false (_wr_pack_schema_check (check, " 6a0d2a8e-1b7c-4f3e-9d52-0e8c4b7a1f33", 37));

  /* Values are not necessarily NUL-terminated. */
  g_assert_true (_wr_pack_schema_check (_wr_pack_schema_lookup (schema, "answer", "modified"),
                                        "2026-03-11T09:30:00+00:00garbage", 25));
  g_assert_nonnull (_wr_pack_schema_lookup (schema, "digest", NULL));
  g_assert_nonnull (_wr_pack_schema_lookup (schema, "from", NULL));
  g_assert_nonnull (_wr_pack_schema_lookup (schema, "service", "uuid"));
  g_assert_nonnull (_wr_pack_schema_lookup (schema, "form", "sha256"));
  g_assert_null (_wr_pack_schema_lookup (schema, "visit", "kind"));
  g_assert_null (_wr_pack_schema_lookup (schema, "answer", "nothing"));

  /* A revision is an xs:positiveInteger: collapsed first, as a validator does. */
  check = _wr_pack_schema_lookup (schema, "visit", "revision");
  g_assert_true (_wr_pack_schema_check (check, " 3 ", 3));
  g_assert_true (_wr_pack_schema_check (check, "\t12\n", 4));
  g_assert_false (_wr_pack_schema_check (check, "3 4", 3));
  g_assert_false (_wr_pack_schema_check (check, "03", 2));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* The identity constraints the reader checks in its place (see
 * wr-pack-reader.c and the bad packs of test-pack-reader): a new one in
 * the schema must be added there too.
 */
static void
test_identity_constraints (void)
{
  const char *checked[] = {
    "form-id-version", "form-sha256", "row-uuid", "service-uuid", "visit-form", "visit-service", "visit-uuid", NULL,
  };
  g_autofree char *path = schema_path ();
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  xmlDoc *doc = xmlReadFile (path, NULL, XML_PARSE_NONET);
  g_autofree char *joined = NULL;
  g_autofree char *expected = g_strjoinv (" ", (char **) checked);
  GPtrArray *stack = g_ptr_array_new ();

  g_assert_nonnull (doc);
  g_ptr_array_add (stack, xmlDocGetRootElement (doc));
  while (stack->len > 0)
    {
      xmlNode *node = g_ptr_array_steal_index (stack, stack->len - 1);

      for (xmlNode *child = node->children; child != NULL; child = child->next)
        if (child->type == XML_ELEMENT_NODE)
          g_ptr_array_add (stack, child);
      if (g_str_equal ((const char *) node->name, "key") || g_str_equal ((const char *) node->name, "unique") ||
          g_str_equal ((const char *) node->name, "keyref"))
        {
          xmlChar *name = xmlGetProp (node, BAD_CAST "name");

          g_ptr_array_add (names, g_strdup ((const char *) name));
          xmlFree (name);
        }
    }
  g_ptr_array_unref (stack);
  xmlFreeDoc (doc);

  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  joined = g_strjoinv (" ", (char **) names->pdata);
  g_assert_cmpstr (joined, ==, expected);
}

static const char small_schema[] =
  "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n"
  "  <xs:element name=\"thing\">\n"
  "    <xs:complexType>\n"
  "      <xs:attribute name=\"code\" type=\"Odd\"/>\n"
  "      <xs:attribute name=\"short\" type=\"Shorter\"/>\n"
  "    </xs:complexType>\n"
  "  </xs:element>\n"
  "  <xs:simpleType name=\"Odd\">\n"
  "    <xs:restriction base=\"xs:string\"><xs:pattern value=\"[x-z]{2}|q\"/></xs:restriction>\n"
  "  </xs:simpleType>\n"
  "  <xs:simpleType name=\"Shorter\">\n"
  "    <xs:restriction base=\"Odd\"><xs:pattern value=\"[xq]+\"/></xs:restriction>\n"
  "  </xs:simpleType>\n"
  "%s"
  "</xs:schema>\n";

static WrPackSchema *
load_small (const char  *extra,
            GError     **error)
{
  g_autofree char *dir = g_dir_make_tmp ("test-pack-schema-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "small.xsd", NULL);
  g_autofree char *text = g_strdup_printf (small_schema, extra);
  WrPackSchema *schema;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  schema = _wr_pack_schema_load (path, error);
  g_unlink (path);
  g_rmdir (dir);

  return schema;
}

/* A pattern Walkround has no matcher for is run by libxml2's engine; a
 * restriction of a restriction must match both.
 */
static void
test_other_patterns (void)
{
  g_autoptr(GError) error = NULL;
  WrPackSchema *schema = load_small ("", &error);
  const WrPackCheck *code;
  const WrPackCheck *shorter;

  g_assert_no_error (error);
  g_assert_cmpuint (_wr_pack_schema_count_patterns (schema), ==, 2);
  code = _wr_pack_schema_lookup (schema, "thing", "code");
  shorter = _wr_pack_schema_lookup (schema, "thing", "short");
  g_assert_true (_wr_pack_schema_check (code, "xy", 2));
  g_assert_true (_wr_pack_schema_check (code, "q", 1));
  g_assert_false (_wr_pack_schema_check (code, "xa", 2));
  g_assert_false (_wr_pack_schema_check (code, "xyz", 3));
  g_assert_true (_wr_pack_schema_check (shorter, "xx", 2));
  g_assert_true (_wr_pack_schema_check (shorter, "q", 1));
  g_assert_false (_wr_pack_schema_check (shorter, "xy", 2));
  _wr_pack_schema_free (schema);

  /* What the split cannot check is refused when the schema is loaded. */
  schema = load_small ("  <xs:element name=\"other\"><xs:simpleType><xs:restriction base=\"xs:string\">"
                       "<xs:pattern value=\"a\"/></xs:restriction></xs:simpleType></xs:element>\n", &error);
  g_assert_null (schema);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  g_assert_nonnull (strstr (error->message, "anonymous"));
}

/* Length facets of string types are counted here, in characters, as
 * libxml2 counts them against the whole schema; others stay libxml2's.
 */
static void
ignore_structured (void     *data,
                   xmlError *error)
{
}

static const char length_types[] =
  "  <xs:element name=\"sized\">\n"
  "    <xs:complexType>\n"
  "      <xs:simpleContent>\n"
  "        <xs:extension base=\"Narrow\">\n"
  "          <xs:attribute name=\"word\" type=\"Word\"/>\n"
  "          <xs:attribute name=\"bytes\" type=\"Bytes\"/>\n"
  "        </xs:extension>\n"
  "      </xs:simpleContent>\n"
  "    </xs:complexType>\n"
  "  </xs:element>\n"
  "  <xs:simpleType name=\"Word\">\n"
  "    <xs:restriction base=\"xs:string\"><xs:minLength value=\"2\"/><xs:maxLength value=\"3\"/></xs:restriction>\n"
  "  </xs:simpleType>\n"
  "  <xs:simpleType name=\"Narrow\">\n"
  "    <xs:restriction base=\"Word\"><xs:maxLength value=\"2\"/></xs:restriction>\n"
  "  </xs:simpleType>\n"
  "  <xs:simpleType name=\"Bytes\">\n"
  "    <xs:restriction base=\"xs:base64Binary\"><xs:maxLength value=\"1\"/></xs:restriction>\n"
  "  </xs:simpleType>\n";

/* Whether libxml2, with the whole schema, takes <sized>@text</sized> or
 * <sized word="@word"/>.
 */
static gboolean
libxml2_takes (const char *word,
               const char *text)
{
  g_autofree char *schema_text = g_strdup_printf (small_schema, length_types);
  g_autofree char *escaped = g_markup_escape_text (word != NULL ? word : text, -1);
  g_autofree char *doc_text = word != NULL ? g_strdup_printf ("<sized word=\"%s\">ab</sized>", escaped)
                                           : g_strdup_printf ("<sized>%s</sized>", escaped);
  xmlSchemaParserCtxt *pctxt = xmlSchemaNewMemParserCtxt (schema_text, (int) strlen (schema_text));
  xmlSchema *schema = xmlSchemaParse (pctxt);
  xmlSchemaValidCtxt *vctxt = xmlSchemaNewValidCtxt (schema);
  xmlDoc *doc = xmlReadMemory (doc_text, (int) strlen (doc_text), NULL, "UTF-8", XML_PARSE_NONET);
  int result;

  g_assert_nonnull (schema);
  g_assert_nonnull (doc);
  result = xmlSchemaValidateDoc (vctxt, doc);
  xmlFreeDoc (doc);
  xmlSchemaFreeValidCtxt (vctxt);
  xmlSchemaFree (schema);
  xmlSchemaFreeParserCtxt (pctxt);

  return result == 0;
}

static void
test_lengths (void)
{
  const char *values[] = {
    "", "a", "ab", "abc", "abcd", "\xc3\xa9", "\xc3\xa9\xc3\xa9", "\xc3\xa9\xc3\xa9\xc3\xa9",
    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80\xf0\x9f\x98\x80",
    "\xf0\x9f\x98\x80" "a" "\xf0\x9f\x98\x80", "\xe2\x80\x94\xe2\x80\x94\xe2\x80\x94\xe2\x80\x94", " a ", "a b ",
  };
  g_autoptr(GError) error = NULL;
  WrPackSchema *schema = load_small (length_types, &error);
  const WrPackCheck *word;
  const WrPackCheck *text;
  g_autofree char *said = NULL;

  g_assert_no_error (error);
  xmlSetStructuredErrorFunc (NULL, ignore_structured);
  word = _wr_pack_schema_lookup (schema, "sized", "word");
  text = _wr_pack_schema_lookup (schema, "sized", NULL);
  g_assert_nonnull (word);
  g_assert_nonnull (text);
  /* base64Binary counts decoded bytes: libxml2's to check. */
  g_assert_null (_wr_pack_schema_lookup (schema, "sized", "bytes"));

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_test_message ("%u: '%s'", i, values[i]);
      g_assert_cmpint (_wr_pack_schema_check (word, values[i], strlen (values[i])), ==,
                       libxml2_takes (values[i], NULL));
      g_assert_cmpint (_wr_pack_schema_check (text, values[i], strlen (values[i])), ==,
                       libxml2_takes (NULL, values[i]));
    }
  /* Some of each: the test is not vacuous. */
  g_assert_true (_wr_pack_schema_check (word, "\xc3\xa9\xc3\xa9\xc3\xa9", 6));
  g_assert_false (_wr_pack_schema_check (text, "abc", 3));

  said = _wr_pack_schema_describe (word, "sized", "word", "abcd", 4);
  g_assert_cmpstr (said, ==, "Element 'sized', attribute 'word': [facet 'maxLength'] The value 'abcd' has a length "
                             "of '4'; this exceeds the allowed maximum length of '3'.");
  g_clear_pointer (&said, g_free);
  said = _wr_pack_schema_describe (text, "sized", NULL, "\xf0\x9f\x98\x80", 4);
  g_assert_cmpstr (said, ==, "Element 'sized': [facet 'minLength'] The value has a length of '1'; this underruns "
                             "the allowed minimum length of '2'.");
  xmlSetStructuredErrorFunc (NULL, NULL);
  _wr_pack_schema_free (schema);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/walkround/pack-schema/matchers-agree", test_matchers_agree);
  g_test_add_func ("/walkround/pack-schema/split", test_schema_split);
  g_test_add_func ("/walkround/pack-schema/identity-constraints", test_identity_constraints);
  g_test_add_func ("/walkround/pack-schema/other-patterns", test_other_patterns);
  g_test_add_func ("/walkround/pack-schema/lengths", test_lengths);

  return g_test_run ();
}
