/* wr-xml-private.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

G_BEGIN_DECLS

/* Safe reading of XML files that anyone may have written: forms, the
 * reference catalogue and, later, evidence packs. Nothing here follows a
 * DOCTYPE, an entity, an XInclude or the network, and nothing prints to
 * stderr: every problem comes back as a WrXmlProblem with a line number
 * and a message that says what to change.
 */

/* The largest file read, the deepest nesting and the most elements
 * accepted. A form is a few tens of kilobytes and about fifteen levels deep.
 */
#define WR_XML_MAX_FILE_SIZE (4 * 1024 * 1024)
#define WR_XML_MAX_DEPTH     64
#define WR_XML_MAX_ELEMENTS  100000

/* The stages a file can fail at, in the order they run. */
typedef enum
{
  WR_XML_PROBLEM_READ,
  WR_XML_PROBLEM_LIMIT,
  WR_XML_PROBLEM_ENCODING,
  WR_XML_PROBLEM_MALFORMED,
  WR_XML_PROBLEM_DOCTYPE,
  WR_XML_PROBLEM_SCHEMA,
} WrXmlProblemKind;

typedef struct
{
  WrXmlProblemKind  kind;
  int               line;     /* from 1; problems with the whole file are at line 1 */
  char             *message;  /* translated; never ends with a full stop */
} WrXmlProblem;

WrXmlProblem *_wr_xml_problem_new    (WrXmlProblemKind   kind,
                                      int                line,
                                      const char        *format,
                                      ...) G_GNUC_PRINTF (3, 4);
void          _wr_xml_problem_free   (WrXmlProblem      *problem);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrXmlProblem, _wr_xml_problem_free)

GBytes       *_wr_xml_read_file      (const char        *path,
                                      gsize              max_size,
                                      WrXmlProblem     **problem);
gboolean      _wr_xml_check_encoding (GBytes            *bytes,
                                      WrXmlProblem     **problem);
xmlDoc       *_wr_xml_parse          (GBytes            *bytes,
                                      WrXmlProblem     **problem);
xmlSchema    *_wr_xml_get_schema     (const char        *relative_path,
                                      GQuark             error_domain,
                                      int                error_code,
                                      GError           **error);
GPtrArray    *_wr_xml_validate       (xmlSchema         *schema,
                                      xmlDoc            *doc,
                                      guint              max_problems);
void          _wr_xml_free_valid_ctxt (xmlSchemaValidCtxt *vctxt);

char         *_wr_xml_quote          (const char        *text);
char         *_wr_xml_describe_node  (xmlNode           *node);
gboolean      _wr_xml_is_element     (xmlNode           *node,
                                      const char        *ns,
                                      const char        *name);
xmlNode      *_wr_xml_first_child    (xmlNode           *node,
                                      const char        *ns,
                                      const char        *name);
char         *_wr_xml_get_attribute  (xmlNode           *node,
                                      const char        *name);
char         *_wr_xml_get_lang       (xmlNode           *node);
char         *_wr_xml_get_token_text (xmlNode           *node);
char         *_wr_xml_get_text       (xmlNode           *node);
int           _wr_xml_get_line       (xmlNode           *node);
gboolean      _wr_xml_is_language_tag (const char       *tag);

G_END_DECLS
