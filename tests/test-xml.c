/* test-xml.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Schema problems turned into messages by libxml2's error code and the
 * values it passes with the error, one small schema for a few codes.
 */

#include "config.h"

#include <glib.h>
#include <libxml/parser.h>
#include <string.h>

#include "wr-autocleanups.h"
#include "wr-xml-private.h"

#define NS "https://example.org/ns/test"

static const char schema_text[] =
  "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema' xmlns:t='" NS "'"
  "           targetNamespace='" NS "' elementFormDefault='qualified'>"
  "  <xs:element name='root'>"
  "    <xs:complexType>"
  "      <xs:sequence>"
  "        <xs:element name='item' maxOccurs='unbounded'>"
  "          <xs:complexType>"
  "            <xs:attribute name='id' use='required'>"
  "              <xs:simpleType><xs:restriction base='xs:string'><xs:pattern value='[a-z]+'/></xs:restriction></xs:simpleType>"
  "            </xs:attribute>"
  "            <xs:attribute name='kind'>"
  "              <xs:simpleType><xs:restriction base='xs:string'>"
  "                <xs:enumeration value='a'/><xs:enumeration value='b'/>"
  "              </xs:restriction></xs:simpleType>"
  "            </xs:attribute>"
  "            <xs:attribute name='note'>"
  "              <xs:simpleType><xs:restriction base='xs:string'><xs:maxLength value='3'/></xs:restriction></xs:simpleType>"
  "            </xs:attribute>"
  "            <xs:attribute name='ref' type='xs:string'/>"
  "            <xs:attribute name='flag' type='xs:boolean'/>"
  "          </xs:complexType>"
  "        </xs:element>"
  "      </xs:sequence>"
  "    </xs:complexType>"
  "    <xs:unique name='unique-item-id'><xs:selector xpath='t:item'/><xs:field xpath='@id'/></xs:unique>"
  "    <xs:keyref name='item-ref' refer='t:unique-item-id'><xs:selector xpath='t:item'/><xs:field xpath='@ref'/></xs:keyref>"
  "  </xs:element>"
  "</xs:schema>";

static xmlSchema *
load_schema (void)
{
  xmlSchemaParserCtxt *ctxt = xmlSchemaNewMemParserCtxt (schema_text, strlen (schema_text));
  xmlSchema *schema = xmlSchemaParse (ctxt);

  xmlSchemaFreeParserCtxt (ctxt);
  g_assert_nonnull (schema);

  return schema;
}

/* The first problem with the items, as the form loader would show it. */
static char *
first_problem (const char *items)
{
  g_autofree char *text = g_strdup_printf ("<root xmlns='" NS "'>\n%s\n</root>\n", items);
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(WrXmlProblem) problem = NULL;
  g_autoptr(xmlDoc) doc = _wr_xml_parse (bytes, &problem);
  g_autoptr(GPtrArray) problems = NULL;
  xmlSchema *schema = load_schema ();
  WrXmlProblem *first;
  char *message;

  g_assert_null (problem);
  g_assert_nonnull (doc);
  problems = _wr_xml_validate (schema, doc, 5);
  xmlSchemaFree (schema);
  g_assert_cmpuint (problems->len, >, 0);
  first = g_ptr_array_index (problems, 0);
  g_assert_cmpint (first->kind, ==, WR_XML_PROBLEM_SCHEMA);
  g_assert_cmpint (first->line, ==, 2);
  message = g_strdup (first->message);
  g_test_message ("%s", message);

  return message;
}

static const struct
{
  const char *items;
  const char *message;
} cases[] = {
  /* XML_SCHEMAV_CVC_PATTERN_VALID */
  { "<item id='A1'/>", "<item> in <root> has id 'A1', which is not allowed: it must match the pattern [a-z]+" },
  /* XML_SCHEMAV_CVC_ENUMERATION_VALID */
  { "<item id='x' kind='c'/>", "item 'x' has kind 'c'; expected one of a, b" },
  /* XML_SCHEMAV_CVC_MAXLENGTH_VALID */
  { "<item id='x' note='long'/>", "item 'x' has note 'long', which is too long: 4 characters, at most 3" },
  /* XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_1 */
  { "<item id='x' flag='yes'/>", "item 'x' has flag 'yes'; write true or false" },
  /* XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_1 */
  { "<item id='x' colour='red'/>", "item 'x' cannot have the attribute 'colour': remove it" },
  /* XML_SCHEMAV_CVC_COMPLEX_TYPE_4 */
  { "<item kind='a'/>", "<item> in <root> needs the attribute id" },
  /* XML_SCHEMAV_ELEMENT_CONTENT */
  { "<thing/>", "<thing> is not expected here in <root>; expected <item>" },
  /* XML_SCHEMAV_CVC_IDC, a duplicate */
  { "<item id='x'/><item id='x'/>", "duplicate id 'x': every section, group, question and observations element needs its own id" },
  /* XML_SCHEMAV_CVC_IDC, a reference to nothing */
  { "<item id='x' ref='y'/>", "item 'x' refers to 'y', which does not exist" },
};

static void
test_schema_codes (void)
{
  guint n_wrong = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *message = first_problem (cases[i].items);

      if (!g_str_equal (message, cases[i].message))
        {
          g_printerr ("%s: got “%s”, expected “%s”\n", cases[i].items, message, cases[i].message);
          n_wrong++;
        }
    }
  g_assert_cmpuint (n_wrong, ==, 0);
}

/* Malformed files: a few of libxml2's codes get messages of our own. */
static const struct
{
  const char *text;
  int         line;
  const char *message;
} malformed[] = {
  /* XML_ERR_DOCUMENT_EMPTY */
  { "<?xml version='1.0'?>\n<!-- nothing -->\n", 3, "the file is empty or has no XML element in it" },
  /* XML_ERR_DOCUMENT_END */
  { "<a/>\n<b/>\n", 2, "not well-formed XML: there is more after the end of the root element, where the file must end" },
  /* XML_ERR_NAME_REQUIRED */
  { "<a>\nA & E</a>\n", 2, "not well-formed XML: an “&” that is not part of a reference; write it as “&amp;”" },
  /* XML_ERR_UNDECLARED_ENTITY */
  { "<a>\n&eacute;</a>\n", 2, "not well-formed XML: “&eacute;” is not a character XML knows; write “&” as “&amp;”, and other characters as they are" },
  /* Any other: libxml2's own words, quoted. */
  { "<a>\n</b>\n", 2, "not well-formed XML: Opening and ending tag mismatch: a line 1 and b" },
};

static void
test_parse_codes (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (malformed[i].text, strlen (malformed[i].text));
      g_autoptr(WrXmlProblem) problem = NULL;
      g_autoptr(xmlDoc) doc = _wr_xml_parse (bytes, &problem);

      g_assert_null (doc);
      g_assert_nonnull (problem);
      g_assert_cmpint (problem->kind, ==, WR_XML_PROBLEM_MALFORMED);
      g_assert_cmpstr (problem->message, ==, malformed[i].message);
      g_assert_cmpint (problem->line, ==, malformed[i].line);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  xmlInitParser ();

  g_test_add_func ("/walkround/xml/parse-codes", test_parse_codes);
  g_test_add_func ("/walkround/xml/schema-codes", test_schema_codes);

  return g_test_run ();
}
