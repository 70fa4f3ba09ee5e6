/* test-pack-digest.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <libxml/xmlreader.h>
#include <string.h>

#include "wr-autocleanups.h"
#include "wr-core-test-utils.h"
#include "wr-pack-digest.h"

#define NS "https://walkround.github.io/ns/evidence-pack/1"

typedef struct
{
  char *uuid;
  char *computed;
  char *stated;
} VisitDigest;

static void
visit_digest_free (gpointer data)
{
  VisitDigest *digest = data;

  g_free (digest->uuid);
  g_free (digest->computed);
  g_free (digest->stated);
  g_free (digest);
}

/* Reads a pack as the future reader will: each <visit>'s nodes, from its
 * start to its end, go to a WrPackDigest, and the <digest> text is kept to
 * compare.
 */
static GPtrArray *
read_digests (xmlTextReader *reader)
{
  g_autoptr(GPtrArray) digests = g_ptr_array_new_with_free_func (visit_digest_free);
  g_autoptr(WrPackDigest) digest = NULL;
  VisitDigest *current = NULL;
  int visit_depth = -1;
  gboolean in_digest = FALSE;
  int rc;

  while ((rc = xmlTextReaderRead (reader)) == 1)
    {
      int type = xmlTextReaderNodeType (reader);
      const char *name = (const char *) xmlTextReaderConstLocalName (reader);

      if (digest == NULL)
        {
          if (type != XML_READER_TYPE_ELEMENT || !g_str_equal (name, "visit") ||
              g_strcmp0 ((const char *) xmlTextReaderConstNamespaceUri (reader), NS) != 0)
            continue;
          digest = wr_pack_digest_new ();
          current = g_new0 (VisitDigest, 1);
          current->uuid = (char *) xmlTextReaderGetAttribute (reader, BAD_CAST "uuid");
          current->stated = g_strdup ("");
          visit_depth = xmlTextReaderDepth (reader);
          g_ptr_array_add (digests, current);
        }

      if (type == XML_READER_TYPE_ELEMENT && g_str_equal (name, "digest") &&
          xmlTextReaderDepth (reader) == visit_depth + 1)
        in_digest = xmlTextReaderIsEmptyElement (reader) != 1;
      else if (type == XML_READER_TYPE_END_ELEMENT && in_digest)
        in_digest = FALSE;
      else if (in_digest && type == XML_READER_TYPE_TEXT)
        {
          g_autofree char *stated = current->stated;

          current->stated = g_strconcat (stated, xmlTextReaderConstValue (reader), NULL);
        }

      wr_pack_digest_feed_node (digest, reader);

      if ((type == XML_READER_TYPE_END_ELEMENT ||
           (type == XML_READER_TYPE_ELEMENT && xmlTextReaderIsEmptyElement (reader) == 1)) &&
          xmlTextReaderDepth (reader) == visit_depth)
        {
          current->computed = wr_pack_digest_finish (digest);
          g_clear_pointer (&digest, wr_pack_digest_free);
          current = NULL;
        }
    }
  g_assert_cmpint (rc, ==, 0);
  g_assert_null (digest);

  return g_steal_pointer (&digests);
}

static GPtrArray *
digests_of_text (const char *xml)
{
  g_autoptr(xmlTextReader) reader = xmlReaderForMemory (xml, strlen (xml), NULL, "UTF-8", XML_PARSE_NONET);

  g_assert_nonnull (reader);
  return read_digests (reader);
}

static char *
digest_of_text (const char *xml)
{
  g_autoptr(GPtrArray) digests = digests_of_text (xml);
  VisitDigest *digest;

  g_assert_cmpuint (digests->len, ==, 1);
  digest = g_ptr_array_index (digests, 0);
  return g_strdup (digest->computed);
}

/* The same bytes as build-aux/pack-digest.py computes, by hand. */
static void
test_known_value (void)
{
  g_autoptr(WrPackDigest) digest = wr_pack_digest_new ();
  g_autoptr(GChecksum) expected = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *result = NULL;
  static const char bytes[] =
    "Svisit\0Akind\0custom\0Auuid\0u1\0"
    "Sanswer\0Aquestion\0q\0"
    "Svalue\0Tyes\0E"
    "E"
    "E";

  g_checksum_update (expected, (const guchar *) bytes, sizeof bytes - 1);

  wr_pack_digest_start_element (digest, "visit");
  wr_pack_digest_attribute (digest, "uuid", "u1");
  wr_pack_digest_attribute (digest, "kind", "custom");
  wr_pack_digest_text (digest, "\n  ", -1);
  wr_pack_digest_start_element (digest, "answer");
  wr_pack_digest_attribute (digest, "question", "q");
  wr_pack_digest_start_element (digest, "value");
  wr_pack_digest_text (digest, "ye", -1);
  wr_pack_digest_text (digest, "sss", 1);
  wr_pack_digest_end_element (digest);
  wr_pack_digest_end_element (digest);
  wr_pack_digest_start_element (digest, "digest");
  wr_pack_digest_attribute (digest, "algorithm", "sha256");
  wr_pack_digest_text (digest, "00", -1);
  wr_pack_digest_end_element (digest);
  wr_pack_digest_text (digest, "\n", -1);
  wr_pack_digest_end_element (digest);

  result = wr_pack_digest_finish (digest);
  g_assert_cmpstr (result, ==, g_checksum_get_string (expected));
  g_assert_cmpuint (strlen (result), ==, 64);
}

/* A visit far larger than the piece hashed at a time gives the digest of
 * its whole serialisation.
 */
static void
test_long (void)
{
  static const char answer[] = "Sanswer\0Aquestion\0q\0Ta long enough value to pass the flush size\0E";
  static const char visit[] = "Svisit\0Auuid\0u1\0";
  g_autoptr(WrPackDigest) digest = wr_pack_digest_new ();
  g_autoptr(GChecksum) expected = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *result = NULL;

  g_checksum_update (expected, (const guchar *) visit, sizeof visit - 1);
  wr_pack_digest_start_element (digest, "visit");
  wr_pack_digest_attribute (digest, "uuid", "u1");
  for (guint j = 0; j < 20000; j++)
    {
      g_checksum_update (expected, (const guchar *) answer, sizeof answer - 1);
      wr_pack_digest_start_element (digest, "answer");
      wr_pack_digest_attribute (digest, "question", "q");
      wr_pack_digest_text (digest, "a long enough value to pass the flush size", -1);
      wr_pack_digest_end_element (digest);
    }
  g_checksum_update (expected, (const guchar *) "E", 1);
  wr_pack_digest_end_element (digest);

  result = wr_pack_digest_finish (digest);
  g_assert_cmpstr (result, ==, g_checksum_get_string (expected));
}

#define VISIT_A \
  "<p:evidence-pack xmlns:p='" NS "'><p:visits>" \
  "<p:visit uuid='v1' revision='1' kind='custom'>" \
  "<p:answers><p:answer question='q1' modified='m'><p:value>a &amp; b</p:value>" \
  "<p:comment>  </p:comment></p:answer></p:answers>" \
  "<p:attachments><p:attachment uuid='a1' sha256='ff'><p:data>AAAA</p:data></p:attachment></p:attachments>" \
  "<p:digest algorithm='sha256'>00</p:digest></p:visit>" \
  "</p:visits></p:evidence-pack>"

/* Indentation, attribute order and quotes, prefixes, entities and CDATA,
 * comments, empty-element tags, base64 line breaks and data elements are
 * formatting: none of them changes the digest.
 */
#define VISIT_A_REFORMATTED \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
  "<evidence-pack xmlns=\"" NS "\">\n" \
  "  <visits>\n" \
  "    <visit kind=\"custom\"\n" \
  "           revision=\"1\" uuid=\"v1\">\n" \
  "      <!-- a comment -->\n" \
  "      <answers>\n" \
  "        <answer modified=\"m\" question=\"q1\">\n" \
  "          <value>a <![CDATA[&]]> &#98;</value>\n" \
  "          <comment>&#32; </comment>\n" \
  "        </answer>\n" \
  "      </answers>\n" \
  "      <attachments>\n" \
  "        <attachment sha256=\"ff\" uuid=\"a1\">\n" \
  "          <data>AA\nAA</data><data>AAAA</data>\n" \
  "        </attachment>\n" \
  "      </attachments>\n" \
  "      <digest algorithm=\"sha256\">\n   11\n</digest>\n" \
  "    </visit>\n" \
  "  </visits>\n" \
  "</evidence-pack>\n"

static void
test_formatting (void)
{
  g_autofree char *a = digest_of_text (VISIT_A);
  g_autofree char *b = digest_of_text (VISIT_A_REFORMATTED);

  g_assert_cmpstr (a, ==, b);
}

static void
assert_changes_digest (const char *original,
                       const char *from,
                       const char *to)
{
  g_autofree char *before = digest_of_text (original);
  g_autofree char *changed_text = NULL;
  g_autofree char *after = NULL;
  g_auto(GStrv) parts = g_strsplit (original, from, 2);

  g_assert_nonnull (parts[1]);
  changed_text = g_strconcat (parts[0], to, parts[1], NULL);
  after = digest_of_text (changed_text);

  if (g_strcmp0 (before, after) == 0)
    g_error ("changing %s to %s did not change the digest", from, to);
}

static void
test_changes (void)
{
  assert_changes_digest (VISIT_A, "a &amp; b", "a &amp; c");
  assert_changes_digest (VISIT_A, "<p:comment>  </p:comment>", "<p:comment> </p:comment>");
  assert_changes_digest (VISIT_A, "<p:comment>  </p:comment>", "<p:comment/>");
  assert_changes_digest (VISIT_A, "<p:comment>  </p:comment>", "");
  assert_changes_digest (VISIT_A, "revision='1'", "revision='2'");
  assert_changes_digest (VISIT_A, "question='q1'", "question='q2'");
  assert_changes_digest (VISIT_A, "modified='m'", "modified='m' device='d'");
  assert_changes_digest (VISIT_A, "sha256='ff'", "sha256='fe'");
  assert_changes_digest (VISIT_A, "<p:value>", "<p:value xmlns:p='" NS "'>x");
  /* Text moved from one element to its neighbour. */
  assert_changes_digest (VISIT_A, "a &amp; b</p:value><p:comment>  ", "a &amp; </p:value><p:comment>b  ");
  /* An attribute value that would read as two attributes if joined badly. */
  assert_changes_digest (VISIT_A, "kind='custom'", "kind='custom&#0010;'");
}

static void
test_example_digests (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "packs", "example.xml", NULL);
  g_autoptr(xmlTextReader) reader = xmlReaderForFile (path, NULL, XML_PARSE_NONET);
  g_autoptr(GPtrArray) digests = NULL;

  g_assert_nonnull (reader);
  digests = read_digests (reader);
  g_assert_cmpuint (digests->len, ==, 2);

  for (guint i = 0; i < digests->len; i++)
    {
      VisitDigest *digest = g_ptr_array_index (digests, i);

      g_assert_nonnull (digest->uuid);
      g_assert_cmpstr (digest->computed, ==, digest->stated);
    }
}

static void
test_example_valid (void)
{
  const char *xmllint = g_getenv ("XMLLINT");
  g_autofree char *schema = g_test_build_filename (G_TEST_DIST, "..", "data", "schema", "evidence-pack.xsd", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "packs", "example.xml", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { xmllint, "--noout", "--nonet", "--schema", schema, path, NULL };
  int status;

  if (xmllint == NULL || xmllint[0] == '\0')
    {
      g_test_skip ("xmllint is not installed");
      return;
    }

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (wr_test_exit_status (status) != 0)
    g_error ("xmllint refused %s: %s", path, err);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  xmlInitParser ();

  g_test_add_func ("/walkround/pack-digest/known-value", test_known_value);
  g_test_add_func ("/walkround/pack-digest/long", test_long);
  g_test_add_func ("/walkround/pack-digest/formatting", test_formatting);
  g_test_add_func ("/walkround/pack-digest/changes", test_changes);
  g_test_add_func ("/walkround/pack-digest/example-digests", test_example_digests);
  g_test_add_func ("/walkround/pack-digest/example-valid", test_example_valid);

  return g_test_run ();
}
