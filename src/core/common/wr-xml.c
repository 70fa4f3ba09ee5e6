/* wr-xml.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-xml"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wr-autocleanups.h"
#include "wr-paths.h"
#include "wr-platform.h"
#include "wr-xml-private.h"

#define XML_NS      "http://www.w3.org/XML/1998/namespace"
#define XINCLUDE_NS "http://www.w3.org/2001/XInclude"

/* The longest piece of a file quoted back in a message. */
#define MAX_QUOTE 60

WrXmlProblem *
_wr_xml_problem_new (WrXmlProblemKind  kind,
                     int               line,
                     const char       *format,
                     ...)
{
  WrXmlProblem *problem = g_new0 (WrXmlProblem, 1);
  va_list args;

  problem->kind = kind;
  problem->line = MAX (line, 1);
  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);

  return problem;
}

void
_wr_xml_problem_free (WrXmlProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->message);
  g_free (problem);
}

static char *quote_at_most (const char *text,
                            guint       limit);

/**
 * _wr_xml_quote:
 * @text: (nullable): text from a file
 *
 * Returns: (transfer full): @text made safe to show in a message: on one
 *   line and shortened with "…" if it is long
 */
char *
_wr_xml_quote (const char *text)
{
  return quote_at_most (text, MAX_QUOTE);
}

/* Quotes text from a file in a message: one line, not too long. */
static char *
quote (const char *text)
{
  return quote_at_most (text, MAX_QUOTE);
}

static char *
quote_at_most (const char *text,
               guint       limit)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p;
  guint n = 0;

  if (text == NULL)
    return g_strdup ("");

  for (p = text; *p != '\0' && n < limit; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      if (g_unichar_iscntrl (c))
        c = ' ';
      g_string_append_unichar (out, c);
    }

  if (*p != '\0')
    g_string_append (out, "…");

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Reading ------------------------------------------------------------------ */

/**
 * _wr_xml_read_file:
 * @path: the file
 * @max_size: the largest size accepted, in bytes
 * @problem: (out): why the file was refused
 *
 * Reads a regular file of at most @max_size bytes. The size is checked
 * before reading, and the file is opened without blocking, so a huge file,
 * a pipe or a device is refused at once instead of read or waited on.
 *
 * Returns: (transfer full) (nullable): the exact bytes of the file
 */
GBytes *
_wr_xml_read_file (const char    *path,
                   gsize          max_size,
                   WrXmlProblem **problem)
{
  g_autofree char *data = NULL;
  g_autofree char *size_text = NULL;
  g_autofree char *limit_text = NULL;
  struct stat st;
  gsize len = 0;
  gsize size;
  int saved_errno;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (problem != NULL && *problem == NULL, NULL);

  fd = g_open (path, O_RDONLY | O_BINARY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      saved_errno = errno;
      /* Windows opens no folder: say what it is all the same. */
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        *problem = _wr_xml_problem_new (WR_XML_PROBLEM_READ, 1,
                                        _("this is a folder, not a file: give the path of an XML file"));
      else
        *problem = _wr_xml_problem_new (WR_XML_PROBLEM_READ, 1, _("cannot open the file: %s"),
                                        g_strerror (saved_errno));
      return NULL;
    }

  if (fstat (fd, &st) != 0)
    {
      saved_errno = errno;
      close (fd);
      *problem = _wr_xml_problem_new (WR_XML_PROBLEM_READ, 1, _("cannot read the file: %s"),
                                      g_strerror (saved_errno));
      return NULL;
    }

  if (S_ISDIR (st.st_mode))
    {
      close (fd);
      *problem = _wr_xml_problem_new (WR_XML_PROBLEM_READ, 1,
                                      _("this is a folder, not a file: give the path of an XML file"));
      return NULL;
    }

  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      *problem = _wr_xml_problem_new (WR_XML_PROBLEM_READ, 1,
                                      _("this is not an ordinary file (a device, pipe or socket): save the XML in a file and give its path"));
      return NULL;
    }

  limit_text = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);
  if ((guint64) st.st_size > max_size)
    {
      close (fd);
      size_text = g_format_size_full (st.st_size, G_FORMAT_SIZE_IEC_UNITS);
      *problem = _wr_xml_problem_new (WR_XML_PROBLEM_LIMIT, 1,
                                      _("the file is %s; Walkround reads files of at most %s, and a form is normally far smaller"),
                                      size_text, limit_text);
      return NULL;
    }

  /* The file may grow while it is read: read at most one byte too many. */
  size = MIN ((gsize) st.st_size, max_size) + 1;
  data = g_malloc (size);
  for (;;)
    {
      gssize n;

      if (len == size)
        {
          size = MIN (size * 2, max_size + 1);
          data = g_realloc (data, size);
        }

      n = read (fd, data + len, size - len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          saved_errno = errno;
          close (fd);
          *problem = _wr_xml_problem_new (WR_XML_PROBLEM_READ, 1, _("cannot read the file: %s"),
                                          g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0)
        break;
      len += n;
      if (len > max_size)
        {
          close (fd);
          *problem = _wr_xml_problem_new (WR_XML_PROBLEM_LIMIT, 1,
                                          _("the file is larger than %s; Walkround reads files of at most that size"),
                                          limit_text);
          return NULL;
        }
    }

  close (fd);

  return g_bytes_new_take (g_realloc (g_steal_pointer (&data), MAX (len, 1)), len);
}

/* Encoding ----------------------------------------------------------------- */

static int
line_at (const char *data,
         gsize       offset)
{
  int line = 1;

  for (gsize i = 0; i < offset; i++)
    {
      if (data[i] == '\n')
        line++;
    }

  return line;
}

/* Finds the encoding named by the XML declaration, which can only come
 * first in the file: <?xml version="1.0" encoding="NAME"?>.
 */
static char *
declared_encoding (const char *data,
                   gsize       len)
{
  const char *end;
  const char *p;
  char quote_char;
  gsize n;

  if (len < 6 || memcmp (data, "<?xml", 5) != 0 || !g_ascii_isspace (data[5]))
    return NULL;

  len = MIN (len, 512);
  if (!(end = g_strstr_len (data, len, "?>")))
    return NULL;

  for (p = data + 5; p + 8 <= end; p++)
    {
      if (memcmp (p, "encoding", 8) != 0 || !g_ascii_isspace (p[-1]))
        continue;

      p += 8;
      while (p < end && g_ascii_isspace (*p))
        p++;
      if (p >= end || *p++ != '=')
        return NULL;
      while (p < end && g_ascii_isspace (*p))
        p++;
      if (p >= end || (*p != '"' && *p != '\''))
        return NULL;
      quote_char = *p++;
      for (n = 0; p + n < end && p[n] != quote_char && n < 40; n++)
        ;
      return g_strndup (p, n);
    }

  return NULL;
}

/**
 * _wr_xml_check_encoding:
 * @bytes: a file's bytes
 * @problem: (out): why they were refused
 *
 * Walkround's XML files are UTF-8, because their exact bytes are hashed
 * and embedded in UTF-8 evidence packs. This says clearly when a file is
 * UTF-16 or UTF-32, declares another encoding, or is not valid UTF-8,
 * instead of the parser's "Char 0x0 out of allowed range".
 *
 * Returns: %TRUE if @bytes are UTF-8 (with or without a byte order mark)
 */
gboolean
_wr_xml_check_encoding (GBytes        *bytes,
                        WrXmlProblem **problem)
{
  const guchar *u;
  const char *data;
  const char *bad;
  g_autofree char *encoding = NULL;
  gsize len;

  g_return_val_if_fail (problem != NULL && *problem == NULL, FALSE);

  data = g_bytes_get_data (bytes, &len);
  u = (const guchar *) data;

  if (len == 0)
    {
      *problem = _wr_xml_problem_new (WR_XML_PROBLEM_MALFORMED, 1,
                                      _("the file is empty"));
      return FALSE;
    }

  if (len >= 4 && ((u[0] == 0 && u[1] == 0 && u[2] == 0xFE && u[3] == 0xFF) ||
                   (u[0] == 0xFF && u[1] == 0xFE && u[2] == 0 && u[3] == 0)))
    {
      *problem = _wr_xml_problem_new (WR_XML_PROBLEM_ENCODING, 1,
                                      _("the file is saved as UTF-32; save it as UTF-8"));
      return FALSE;
    }

  if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
    {
      *problem = _wr_xml_problem_new (WR_XML_PROBLEM_ENCODING, 1,
                                      _("the file is saved as UTF-16; save it as UTF-8"));
      return FALSE;
    }

  if ((bad = memchr (data, '\0', len)) != NULL)
    {
      gsize offset = bad - data;

      /* Text saved as UTF-16 without a byte order mark has a zero byte
       * beside every ASCII character, starting with the first "<".
       */
      if (len >= 4 && ((u[0] == '<' && u[1] == 0) || (u[0] == 0 && u[1] == '<') ||
                       (u[0] == 0xEF && len >= 5 && u[3] == '<' && u[4] == 0)))
        *problem = _wr_xml_problem_new (WR_XML_PROBLEM_ENCODING, 1,
                                        _("the file is saved as UTF-16; save it as UTF-8"));
      else
        *problem = _wr_xml_problem_new (WR_XML_PROBLEM_ENCODING, line_at (data, offset),
                                        _("the file has a zero byte here, so it is not text saved as UTF-8: save it as UTF-8 text"));
      return FALSE;
    }

  if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
    {
      data += 3;
      len -= 3;
    }

  encoding = declared_encoding (data, len);
  if (encoding != NULL &&
      g_ascii_strcasecmp (encoding, "UTF-8") != 0 &&
      g_ascii_strcasecmp (encoding, "UTF8") != 0 &&
      g_ascii_strcasecmp (encoding, "US-ASCII") != 0 &&
      g_ascii_strcasecmp (encoding, "ASCII") != 0)
    {
      g_autofree char *quoted = quote (encoding);

      *problem = _wr_xml_problem_new (WR_XML_PROBLEM_ENCODING, 1,
                                      _("the file says it is in the encoding '%s'; Walkround files must be UTF-8: save it as UTF-8 and write encoding=\"UTF-8\""),
                                      quoted);
      return FALSE;
    }

  if (!g_utf8_validate (data, len, &bad))
    {
      *problem = _wr_xml_problem_new (WR_XML_PROBLEM_ENCODING, line_at (data, bad - data),
                                      _("the file is not valid UTF-8 here (byte 0x%02X; was it saved as Latin-1 or Windows-1252?): save it as UTF-8"),
                                      (guint) (guchar) *bad);
      return FALSE;
    }

  return TRUE;
}

/* Parsing ------------------------------------------------------------------ */

typedef struct
{
  startElementNsSAX2Func  start_element;
  endElementNsSAX2Func    end_element;
  guint                   depth;
  guint                   n_elements;
  WrXmlProblem           *problem;
} ParseState;

static void
parse_state_set_problem (ParseState   *state,
                         WrXmlProblem *problem)
{
  if (state->problem == NULL)
    state->problem = problem;
  else
    _wr_xml_problem_free (problem);
}

/* The first error is the one to act on: later ones often follow from it. */
static void
on_parse_error (void     *data,
                xmlError *error)
{
  xmlParserCtxt *ctxt = data;
  ParseState *state;
  g_autofree char *message = NULL;

  if (ctxt == NULL || ctxt->_private == NULL || error == NULL)
    return;

  state = ctxt->_private;
  if (state->problem != NULL || error->level < XML_ERR_ERROR)
    return;

  /* libxml2 quotes names from the file, which may be very long. */
  message = g_strstrip (quote_at_most (error->message != NULL ? error->message : "", 300));

  /* The mistakes people make writing a form by hand get a message of
   * our own, chosen by libxml2's code; the rest quote libxml2.
   */
  switch ((int) error->code)
    {
    case XML_ERR_DOCUMENT_EMPTY:
      parse_state_set_problem (state, _wr_xml_problem_new (WR_XML_PROBLEM_MALFORMED, error->line,
                                                           _("the file is empty or has no XML element in it")));
      break;

    case XML_ERR_DOCUMENT_END:
      parse_state_set_problem (state, _wr_xml_problem_new (WR_XML_PROBLEM_MALFORMED, error->line,
                                                           _("not well-formed XML: there is more after the end of the "
                                                             "root element, where the file must end")));
      break;

    case XML_ERR_NAME_REQUIRED:
    case XML_ERR_ENTITYREF_SEMICOL_MISSING:
      parse_state_set_problem (state, _wr_xml_problem_new (WR_XML_PROBLEM_MALFORMED, error->line,
                                                           _("not well-formed XML: an “&” that is not part of a "
                                                             "reference; write it as “&amp;”")));
      break;

    case XML_ERR_UNDECLARED_ENTITY:
    case XML_WAR_UNDECLARED_ENTITY:
      {
        g_autofree char *name = quote_at_most (error->str1 != NULL ? error->str1 : "", 100);

        parse_state_set_problem (state, _wr_xml_problem_new (WR_XML_PROBLEM_MALFORMED, error->line,
                                                             _("not well-formed XML: “&%s;” is not a character XML knows; "
                                                               "write “&” as “&amp;”, and other characters as they are"),
                                                             name));
        break;
      }

    default:
      parse_state_set_problem (state, _wr_xml_problem_new (WR_XML_PROBLEM_MALFORMED, error->line,
                                                           _("not well-formed XML: %s"), message));
      break;
    }
}

static void
on_internal_subset (void          *data,
                    const xmlChar *name,
                    const xmlChar *external_id,
                    const xmlChar *system_id)
{
  xmlParserCtxt *ctxt = data;
  ParseState *state = ctxt->_private;

  /* Stop before the declarations inside it are even read, so that an
   * entity bomb or an external entity never gets a chance.
   */
  parse_state_set_problem (state, _wr_xml_problem_new (WR_XML_PROBLEM_DOCTYPE,
                                                       xmlSAX2GetLineNumber (ctxt),
                                                       _("the file has a DOCTYPE, which Walkround never reads because it can pull in other files or expand entities: delete the <!DOCTYPE …> declaration")));
  xmlStopParser (ctxt);
}

static void
on_start_element (void           *data,
                  const xmlChar  *localname,
                  const xmlChar  *prefix,
                  const xmlChar  *uri,
                  int             nb_namespaces,
                  const xmlChar **namespaces,
                  int             nb_attributes,
                  int             nb_defaulted,
                  const xmlChar **attributes)
{
  xmlParserCtxt *ctxt = data;
  ParseState *state = ctxt->_private;

  state->depth++;
  state->n_elements++;

  /* Refusing here, long before libxml2's own limit of 256 levels, keeps
   * every later walk over the tree shallow.
   */
  if (state->depth > WR_XML_MAX_DEPTH)
    {
      parse_state_set_problem (state, _wr_xml_problem_new (WR_XML_PROBLEM_LIMIT,
                                                           xmlSAX2GetLineNumber (ctxt),
                                                           _("elements are nested more than %d levels deep here; a Walkround file never needs that many"),
                                                           WR_XML_MAX_DEPTH));
      xmlStopParser (ctxt);
      return;
    }

  if (state->n_elements > WR_XML_MAX_ELEMENTS)
    {
      parse_state_set_problem (state, _wr_xml_problem_new (WR_XML_PROBLEM_LIMIT,
                                                           xmlSAX2GetLineNumber (ctxt),
                                                           _("the file has more than %d elements; split it into smaller files"),
                                                           WR_XML_MAX_ELEMENTS));
      xmlStopParser (ctxt);
      return;
    }

  state->start_element (data, localname, prefix, uri, nb_namespaces, namespaces,
                        nb_attributes, nb_defaulted, attributes);
}

static void
on_end_element (void          *data,
                const xmlChar *localname,
                const xmlChar *prefix,
                const xmlChar *uri)
{
  xmlParserCtxt *ctxt = data;
  ParseState *state = ctxt->_private;

  if (state->depth > 0)
    state->depth--;

  state->end_element (data, localname, prefix, uri);
}

static void
ignore_generic_error (void       *data,
                      const char *format,
                      ...)
{
}

/* libxml2 keeps its error handlers per thread: these swap them in for the
 * length of one parse or validation, so nothing reaches stderr.
 */
typedef struct
{
  xmlStructuredErrorFunc  structured;
  void                   *structured_data;
  xmlGenericErrorFunc     generic;
  void                   *generic_data;
} SavedHandlers;

static void
handlers_push (SavedHandlers          *saved,
               xmlStructuredErrorFunc  structured,
               void                   *structured_data)
{
  saved->structured = xmlStructuredError;
  saved->structured_data = xmlStructuredErrorContext;
  saved->generic = xmlGenericError;
  saved->generic_data = xmlGenericErrorContext;

  xmlSetStructuredErrorFunc (structured_data, structured);
  xmlSetGenericErrorFunc (NULL, ignore_generic_error);
}

static void
handlers_pop (SavedHandlers *saved)
{
  xmlSetStructuredErrorFunc (saved->structured_data, saved->structured);
  xmlSetGenericErrorFunc (saved->generic_data, saved->generic);
}

/**
 * _wr_xml_parse:
 * @bytes: a file's bytes, already checked by _wr_xml_check_encoding()
 * @problem: (out): why they were refused
 *
 * Parses with no network access and without substituting entities, loading
 * a DTD or processing XInclude (only %XML_PARSE_NONET is set). A document
 * with a DOCTYPE is refused as soon as the parser meets it, nesting deeper
 * than %WR_XML_MAX_DEPTH as soon as it starts, and the first error is
 * reported with its line.
 *
 * Returns: (transfer full) (nullable): the document
 */
xmlDoc *
_wr_xml_parse (GBytes        *bytes,
               WrXmlProblem **problem)
{
  g_autoptr(xmlParserCtxt) ctxt = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  ParseState state = { 0 };
  SavedHandlers saved;
  const char *data;
  gsize len;

  g_return_val_if_fail (problem != NULL && *problem == NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  if (len == 0 || len > G_MAXINT)
    {
      *problem = _wr_xml_problem_new (WR_XML_PROBLEM_MALFORMED, 1, _("the file is empty"));
      return NULL;
    }

  if (!(ctxt = xmlCreateMemoryParserCtxt (data, (int) len)))
    {
      *problem = _wr_xml_problem_new (WR_XML_PROBLEM_READ, 1, _("not enough memory to read the file"));
      return NULL;
    }

  xmlCtxtUseOptions (ctxt, XML_PARSE_NONET);

  ctxt->_private = &state;
  state.start_element = ctxt->sax->startElementNs;
  state.end_element = ctxt->sax->endElementNs;
  ctxt->sax->startElementNs = on_start_element;
  ctxt->sax->endElementNs = on_end_element;
  ctxt->sax->internalSubset = on_internal_subset;
  ctxt->sax->externalSubset = NULL;
  ctxt->sax->serror = on_parse_error;

  handlers_push (&saved, on_parse_error, ctxt);
  xmlParseDocument (ctxt);
  handlers_pop (&saved);

  doc = g_steal_pointer (&ctxt->myDoc);

  if (state.problem != NULL)
    {
      *problem = g_steal_pointer (&state.problem);
      return NULL;
    }

  if (!ctxt->wellFormed || !ctxt->nsWellFormed || doc == NULL)
    {
      *problem = _wr_xml_problem_new (WR_XML_PROBLEM_MALFORMED, 1, _("not well-formed XML"));
      return NULL;
    }

  /* The parser has already refused these; this is the second lock. */
  if (doc->intSubset != NULL || doc->extSubset != NULL)
    {
      *problem = _wr_xml_problem_new (WR_XML_PROBLEM_DOCTYPE, 1,
                                      _("the file has a DOCTYPE, which Walkround never reads: delete the <!DOCTYPE …> declaration"));
      return NULL;
    }

  if (xmlDocGetRootElement (doc) == NULL)
    {
      *problem = _wr_xml_problem_new (WR_XML_PROBLEM_MALFORMED, 1,
                                      _("the file is empty or has no XML element in it"));
      return NULL;
    }

  return g_steal_pointer (&doc);
}

/* Schemas ------------------------------------------------------------------ */

static GMutex schema_lock;
static GHashTable *schemas;

/* Validation is serialised: libxml2 does not promise that one compiled
 * schema may be used by several validation contexts at the same time, and
 * a form validates in about a millisecond.
 */
static GMutex validate_lock;

static void
on_schema_parse_error (void     *data,
                       xmlError *error)
{
  char **first = data;

  if (*first == NULL && error != NULL && error->level >= XML_ERR_ERROR)
    *first = g_strdup_printf ("%s:%d: %s", error->file != NULL ? error->file : "",
                              error->line, error->message != NULL ? g_strstrip (error->message) : "");
}

/**
 * _wr_xml_get_schema:
 * @relative_path: a schema below Walkround's data folder, e.g. "schema/form.xsd"
 * @error_domain: the domain of @error
 * @error_code: the code of @error
 * @error: return location for a #GError
 *
 * Compiles the schema the first time it is asked for and keeps it for the
 * life of the process. Schemas are loaded from their file, never from
 * memory, because they import xml.xsd by a relative path. Safe to call from
 * any thread.
 *
 * Returns: (transfer none) (nullable): the schema
 */
xmlSchema *
_wr_xml_get_schema (const char  *relative_path,
                    GQuark       error_domain,
                    int          error_code,
                    GError     **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&schema_lock);
  g_autoptr(xmlSchemaParserCtxt) pctxt = NULL;
  g_autofree char *path = NULL;
  g_autofree char *first = NULL;
  SavedHandlers saved;
  xmlSchema *schema;

  if (schemas == NULL)
    schemas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) xmlSchemaFree);

  if ((schema = g_hash_table_lookup (schemas, relative_path)))
    return schema;

  if (!(path = wr_paths_find_data_file (relative_path)))
    {
      g_autofree char *message = wr_paths_describe_missing_data (relative_path);

      g_set_error_literal (error, error_domain, error_code, message);
      return NULL;
    }

  handlers_push (&saved, on_schema_parse_error, &first);
  if ((pctxt = xmlSchemaNewParserCtxt (path)))
    {
      xmlSchemaSetParserStructuredErrors (pctxt, on_schema_parse_error, &first);
      schema = xmlSchemaParse (pctxt);
    }
  handlers_pop (&saved);

  if (schema == NULL)
    {
      g_set_error (error, error_domain, error_code,
                   _("Walkround’s schema “%s” is damaged (%s); reinstall Walkround"),
                   path, first != NULL ? first : _("it could not be read"));
      return NULL;
    }

  g_hash_table_insert (schemas, g_strdup (relative_path), schema);

  return schema;
}

/**
 * _wr_xml_free_valid_ctxt:
 * @vctxt: (transfer full) (nullable): a validation context, unplugged from
 *   its parser or reader
 *
 * Frees a schema validation context that may have stopped in the middle of
 * a document, as it does when a reader refuses a pack part way through.
 *
 * libxml2 2.9.14 frees the context's cache of identity-constraint matchers
 * (xs:key, xs:unique) before it clears the elements still open, which put
 * theirs back into the cache, and then never frees that cache: about 1 KB
 * a refused pack. Plugging the context into an empty SAX stream and
 * unplugging it runs that clean-up once more, with no element open, so the
 * cache is freed. libxml2 2.10 clears in the right order (its commit
 * a09c8954), and there this costs nothing.
 */
void
_wr_xml_free_valid_ctxt (xmlSchemaValidCtxt *vctxt)
{
  xmlSAXHandler *sax = NULL;
  void *user_data = NULL;
  xmlSchemaSAXPlugStruct *plug;

  if (vctxt == NULL)
    return;

  if ((plug = xmlSchemaSAXPlug (vctxt, &sax, &user_data)))
    xmlSchemaSAXUnplug (plug);
  xmlSchemaFreeValidCtxt (vctxt);
}

typedef struct
{
  xmlDoc    *doc;
  GPtrArray *problems;
  guint      max_problems;
  int        last_line;
} ValidateState;

static char *translate_schema_error (xmlDoc   *doc,
                                     xmlError *error);
static char *describe_node          (xmlNode    *node,
                                     const char *skip);

static void
on_validate_error (void     *data,
                   xmlError *error)
{
  ValidateState *state = data;
  g_autofree char *message = NULL;

  if (error == NULL || error->level < XML_ERR_ERROR || state->problems->len >= state->max_problems)
    return;

  /* libxml2 follows some errors with a second one about the same value:
   * an identity constraint's, without the values the others carry.
   */
  if (error->code == XML_SCHEMAV_CVC_IDC && error->str1 == NULL)
    return;
  if (error->line == state->last_line && state->problems->len > 0)
    return;

  state->last_line = error->line;
  message = translate_schema_error (state->doc, error);
  g_ptr_array_add (state->problems, _wr_xml_problem_new (WR_XML_PROBLEM_SCHEMA, error->line, "%s", message));
}

/**
 * _wr_xml_validate:
 * @schema: a schema from _wr_xml_get_schema()
 * @doc: a document from _wr_xml_parse()
 * @max_problems: the most problems to report
 *
 * Returns: (transfer full) (element-type WrXmlProblem): the problems, in
 *   the order libxml2 found them; empty if @doc is valid
 */
GPtrArray *
_wr_xml_validate (xmlSchema *schema,
                  xmlDoc    *doc,
                  guint      max_problems)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) _wr_xml_problem_free);
  g_autoptr(xmlSchemaValidCtxt) vctxt = NULL;
  ValidateState state = { doc, problems, MAX (max_problems, 1), -1 };
  SavedHandlers saved;
  int ret;

  g_mutex_lock (&validate_lock);
  handlers_push (&saved, on_validate_error, &state);

  if ((vctxt = xmlSchemaNewValidCtxt (schema)))
    {
      xmlSchemaSetValidStructuredErrors (vctxt, on_validate_error, &state);
      ret = xmlSchemaValidateDoc (vctxt, doc);
    }
  else
    ret = -1;

  handlers_pop (&saved);
  g_mutex_unlock (&validate_lock);

  if (ret != 0 && problems->len == 0)
    g_ptr_array_add (problems,
                     _wr_xml_problem_new (WR_XML_PROBLEM_SCHEMA, 1,
                                          ret < 0 ? _("the file could not be checked against its schema")
                                                  : _("the file does not follow its schema")));

  return g_steal_pointer (&problems);
}

/* Schema messages ---------------------------------------------------------- */

/* libxml2 writes names as {namespace}local; people write prefix:local or
 * just local.
 */
static char *
clean_names (const char *message)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = message;

  while (*p != '\0')
    {
      const char *close;

      /* Only a namespace: "{1,3}" in a pattern and "{'a', 'b'}" in a
       * list of values stay.
       */
      if (*p == '{' && (close = strchr (p, '}')) != NULL && close - p < 200 &&
          g_strstr_len (p, close - p, "://") != NULL && g_strstr_len (p, close - p, "'") == NULL)
        {
          if (strncmp (p + 1, XML_NS, strlen (XML_NS)) == 0 && p[1 + strlen (XML_NS)] == '}')
            g_string_append (out, "xml:");
          else if (strncmp (p + 1, XINCLUDE_NS, strlen (XINCLUDE_NS)) == 0 && p[1 + strlen (XINCLUDE_NS)] == '}')
            g_string_append (out, "xi:");
          p = close + 1;
          continue;
        }
      g_string_append_c (out, *p++);
    }

  while (out->len > 0 && (g_ascii_isspace (out->str[out->len - 1]) || out->str[out->len - 1] == '.'))
    g_string_truncate (out, out->len - 1);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
is_element_named (xmlNode    *node,
                  const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE && g_strcmp0 ((const char *) node->name, name) == 0;
}

/* Keyref errors come without a node; find it again from its line. */
static xmlNode *
find_element (xmlNode    *node,
              int         line,
              const char *name)
{
  for (; node != NULL; node = node->next)
    {
      xmlNode *found;

      if (node->type != XML_ELEMENT_NODE)
        continue;
      if (xmlGetLineNo (node) == line && is_element_named (node, name))
        return node;
      if ((found = find_element (node->children, line, name)))
        return found;
    }

  return NULL;
}

static char *
join_expected (const char *list)
{
  g_auto(GStrv) names = g_strsplit (list, ",", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_strstrip (names[i]);
      if (names[i][0] == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, ", ");
      if (g_strcmp0 (names[i], "##other") == 0 || g_str_has_prefix (names[i], "##"))
        g_string_append (out, names[i]);
      else
        g_string_append_printf (out, "<%s>", names[i]);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
join_values (const char *set)
{
  g_auto(GStrv) values = g_strsplit (set, ",", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; values[i] != NULL; i++)
    {
      char *v = g_strstrip (values[i]);
      gsize len = strlen (v);

      if (len >= 2 && v[0] == '\'' && v[len - 1] == '\'')
        {
          v[len - 1] = '\0';
          v++;
        }
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, v);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
is_list_attribute (const char *name)
{
  static const char * const lists[] = {
    "regulations", "statements", "key-questions", "themes", "categories",
    "kinds", "voices", "met", "not-applicable", "values", NULL,
  };

  return name != NULL && g_strv_contains (lists, name);
}

static const char *
pattern_hint (const char *pattern)
{
  if (g_str_equal (pattern, "[a-z0-9][a-z0-9\\-]*"))
    return _("use lower-case letters a–z, digits and hyphens, starting with a letter or digit, e.g. 'env-clean'");
  if (g_str_equal (pattern, "[0-9]{1,3}[A-Z]?"))
    return _("write regulation numbers as CQC does, e.g. 12, 9A, 20A");
  if (g_str_equal (pattern, "0|[1-9][0-9]?|100"))
    return _("rating points are whole numbers from 0 to 100 without leading zeros");
  return NULL;
}

static char *
bad_value_message (const char *what,
                   const char *attribute,
                   const char *value,
                   const char *type)
{
  if (attribute == NULL)
    return g_strdup_printf (_("%s has the value '%s', which is not valid here"), what, value);

  if (g_str_equal (attribute, "xml:lang"))
    return g_strdup_printf (_("%s has xml:lang '%s', which is not a language tag such as en-GB or cy"),
                            what, value);

  if (strstr (type, "boolean") != NULL)
    return g_strdup_printf (_("%s has %s '%s'; write true or false"), what, attribute, value);

  if (strstr (type, "NumberBound") != NULL || strstr (type, "Weight") != NULL || strstr (type, "decimal") != NULL)
    return g_strdup_printf (_("%s has %s '%s', which is not a number; write it like 10 or 2.5"),
                            what, attribute, value);

  if (strstr (type, "Version") != NULL || strstr (type, "Repeat") != NULL || strstr (type, "int") != NULL)
    return g_strdup_printf (_("%s has %s '%s', which is not a whole number"), what, attribute, value);

  if (strstr (type, "date") != NULL)
    return g_strdup_printf (_("%s has %s '%s', which is not a date written like 2026-04-01"),
                            what, attribute, value);

  return g_strdup_printf (_("%s has %s '%s', which is not valid here"), what, attribute, value);
}

static char *
duplicate_message (const char *what,
                   xmlNode    *node,
                   const char *value,
                   const char *constraint)
{
  if (g_str_equal (constraint, "unique-item-id") || g_str_equal (constraint, "question-id"))
    return g_strdup_printf (_("duplicate id '%s': every section, group, question and observations element needs its own id"),
                            value);

  if (g_str_equal (constraint, "option-value") || g_str_equal (constraint, "point-value"))
    {
      g_autofree char *owner = _wr_xml_describe_node (node != NULL && node->parent != NULL ? node->parent->parent : NULL);

      return g_strdup_printf (_("duplicate value '%s' in %s: each option or point needs its own value"),
                              value, owner);
    }

  if (g_str_has_suffix (constraint, "-lang"))
    {
      g_autofree char *owner = _wr_xml_describe_node (node != NULL ? node->parent : NULL);

      return g_strdup_printf (_("duplicate <%s> for language '%s' in %s: give each text once per language"),
                              node != NULL ? (const char *) node->name : "text", value, owner);
    }

  if (g_str_equal (constraint, "unique-role"))
    return g_strdup_printf (_("duplicate role '%s': name each role once"), value);

  return g_strdup_printf (_("duplicate id '%s' in %s: each one must be different"), value, what);
}

static char *
missing_reference_message (const char *what,
                           const char *value,
                           const char *keyref)
{
  if (g_str_equal (keyref, "condition-question"))
    return g_strdup_printf (_("the condition on %s refers to question '%s', which does not exist"),
                            what, value);

  if (g_str_equal (keyref, "statement-key-question"))
    return g_strdup_printf (_("%s names the key question '%s', which is not in the catalogue"),
                            what, value);

  if (g_str_equal (keyref, "related-regulation"))
    return g_strdup_printf (_("%s names regulation '%s', which is not in the catalogue"), what, value);

  return g_strdup_printf (_("%s refers to '%s', which does not exist"), what, value);
}

/* Shortens a value from the file that a message quotes. */
static char *
quote_value (const xmlChar *value)
{
  g_autofree char *at_most = quote_at_most ((const char *) value, 1000);

  return quote (at_most);
}

/* A name libxml2 gives as {namespace}local, as people write it. */
static char *
quote_name (const xmlChar *name)
{
  g_autofree char *clean = clean_names (name != NULL ? (const char *) name : "");

  return quote_at_most (clean, 1000);
}

/* The name of an element or attribute as people write it: local, or
 * xml:lang and xi:include for those namespaces.
 */
static char *
node_name (xmlNode *node)
{
  const char *href = node->ns != NULL ? (const char *) node->ns->href : NULL;

  if (g_strcmp0 (href, XML_NS) == 0)
    return g_strconcat ("xml:", (const char *) node->name, NULL);
  if (g_strcmp0 (href, XINCLUDE_NS) == 0)
    return g_strconcat ("xi:", (const char *) node->name, NULL);
  return g_strdup ((const char *) node->name);
}

/* What is inside the last '…' of @text, where libxml2 names a type. */
static char *
last_quoted (const char *text)
{
  const char *end = strrchr (text, '\'');
  const char *start;

  if (end == NULL)
    return g_strdup ("");
  for (start = end; start > text && start[-1] != '\''; start--)
    ;
  return start > text ? g_strndup (start, end - start) : g_strdup ("");
}

/* The value of a one-field key sequence, which libxml2 writes ['value']. */
static char *
key_sequence_value (const char *sequence)
{
  gsize len = sequence != NULL ? strlen (sequence) : 0;

  if (len >= 4 && g_str_has_prefix (sequence, "['") && g_str_has_suffix (sequence, "']"))
    return g_strndup (sequence + 2, len - 4);
  return g_strdup (sequence != NULL ? sequence : "");
}

/* The names libxml2 lists after "Expected is ( a, b )": the one part of
 * an element-content error that is only in its text.
 */
static char *
expected_names (const char *message)
{
  const char *open = strstr (message, "( ");
  const char *close = open != NULL ? strstr (open, " )") : NULL;
  g_autofree char *list = NULL;

  if (close == NULL)
    return NULL;
  list = g_strndup (open + 2, close - open - 2);
  return list[0] != '\0' ? join_expected (list) : NULL;
}

/* Which attribute of @node has @value: libxml2 reports a bad attribute
 * value on its element, with the value. Compared as the schema's types
 * see it too, with white space collapsed. NULL for the element's text.
 */
static char *
attribute_with_value (xmlNode    *node,
                      const char *value)
{
  g_autofree char *collapsed = NULL;

  if (value == NULL)
    return NULL;

  for (int pass = 0; pass < 2; pass++)
    for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
      {
        g_autofree char *text = (char *) xmlNodeGetContent ((xmlNode *) attr);

        if (pass == 1)
          {
            g_autofree char *raw = g_steal_pointer (&text);
            g_auto(GStrv) words = g_strsplit_set (raw != NULL ? raw : "", " \t\n\r", -1);
            g_autoptr(GString) joined = g_string_new (NULL);

            for (guint i = 0; words[i] != NULL; i++)
              if (words[i][0] != '\0')
                g_string_append_printf (joined, "%s%s", joined->len > 0 ? " " : "", words[i]);
            text = g_strdup (joined->str);
          }
        if (g_strcmp0 (text, value) == 0)
          return node_name ((xmlNode *) attr);
      }

  return NULL;
}

/* What libxml2 says after "Element 'x', attribute 'y': ", for the codes
 * without a message of our own.
 */
static char *
rest_of_message (const char *message)
{
  const char *colon = g_str_has_prefix (message, "Element '") ? strstr (message, "': ") : NULL;

  if (colon != NULL && g_str_has_prefix (colon, "', attribute '"))
    colon = strstr (colon + 1, "': ");
  return quote_at_most (colon != NULL ? colon + 3 : message, 300);
}

/* Turns a schema validity error into a message a person can act on, by
 * its code and the values libxml2 passes with it (str1…str3, in the order
 * of its own message), never by its English wording, which a libxml2
 * update may change. The element is the node in error; a bad attribute
 * value is reported on its element, so the attribute is the one that
 * holds the value reported. Only two things are taken from the text: the
 * names libxml2 lists as expected, and whether an element-content error
 * is about a missing child, which nothing else tells apart.
 */
static char *
translate_schema_error (xmlDoc   *doc,
                        xmlError *error)
{
  g_autofree char *message = clean_names (error->message != NULL ? error->message : "");
  g_autofree char *element = NULL;
  g_autofree char *attribute = NULL;
  g_autofree char *what = NULL;
  g_autofree char *value = NULL;
  g_autofree char *where = NULL;
  xmlNode *node = error->node;
  gboolean list;

  if (node != NULL && node->type == XML_ATTRIBUTE_NODE)
    {
      attribute = node_name (node);
      node = node->parent;
    }
  if (node != NULL && node->type != XML_ELEMENT_NODE)
    node = NULL;

  /* A keyref comes without a node, and its element as the first value. */
  if (node == NULL && error->code == XML_SCHEMAV_CVC_IDC && error->str3 != NULL)
    {
      g_autofree char *qname = clean_names (error->str1 != NULL ? error->str1 : "");
      const char *local = strchr (qname, ':') ? strchr (qname, ':') + 1 : qname;

      node = find_element (xmlDocGetRootElement (doc), error->line, local);
      element = g_strdup (qname);
    }
  else if (node != NULL)
    element = node_name (node);
  else
    return rest_of_message (message);

  /* Which attribute a bad value is in, found from the value. */
  if (node != NULL && attribute == NULL)
    switch ((int) error->code)
      {
      case XML_SCHEMAV_CVC_MAXLENGTH_VALID:
      case XML_SCHEMAV_CVC_MINLENGTH_VALID:
        /* An attribute's value comes first, an element's text not at all. */
        if (error->str3 != NULL)
          attribute = attribute_with_value (node, error->str1);
        break;
      case XML_SCHEMAV_CVC_ENUMERATION_VALID:
      case XML_SCHEMAV_CVC_PATTERN_VALID:
      case XML_SCHEMAV_CVC_MAXINCLUSIVE_VALID:
      case XML_SCHEMAV_CVC_MININCLUSIVE_VALID:
      case XML_SCHEMAV_CVC_MINEXCLUSIVE_VALID:
      case XML_SCHEMAV_CVC_MAXEXCLUSIVE_VALID:
      case XML_SCHEMAV_CVC_FRACTIONDIGITS_VALID:
      case XML_SCHEMAV_CVC_TOTALDIGITS_VALID:
      case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_1:
      case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_2:
      case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_3:
        attribute = attribute_with_value (node, error->str1);
        break;
      case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_1:
      case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_2:
        attribute = clean_names (error->str1 != NULL ? error->str1 : "");
        break;
      default:
        break;
      }

  list = is_list_attribute (attribute);
  what = node != NULL ? describe_node (node, attribute) : g_strdup_printf ("<%s>", element);

  switch ((int) error->code)
    {
    case XML_SCHEMAV_CVC_ENUMERATION_VALID:
      {
        g_autofree char *set = quote_at_most (error->str2, 1000);
        g_autofree char *values = join_values (set);

        value = quote_value (BAD_CAST error->str1);
        if (attribute != NULL)
          return g_strdup_printf (_("%s has %s '%s'; expected one of %s"), what, attribute, value, values);
        return g_strdup_printf (_("%s is '%s'; expected one of %s"), what, value, values);
      }

    case XML_SCHEMAV_CVC_PATTERN_VALID:
      {
        g_autofree char *pattern = quote_at_most (error->str2, 1000);
        const char *hint = pattern_hint (pattern);
        g_autofree char *fallback = g_strdup_printf (_("it must match the pattern %s"), pattern);

        value = quote_value (BAD_CAST error->str1);
        if (attribute != NULL)
          return g_strdup_printf (_("%s has %s '%s', which is not allowed: %s"),
                                  what, attribute, value, hint != NULL ? hint : fallback);
        return g_strdup_printf (_("%s is '%s', which is not allowed: %s"),
                                what, value, hint != NULL ? hint : fallback);
      }

    case XML_SCHEMAV_CVC_MAXLENGTH_VALID:
    case XML_SCHEMAV_CVC_MINLENGTH_VALID:
      {
        /* An attribute's value comes first; an element's text does not. */
        const char *length = error->str3 != NULL ? error->str2 : error->str1;
        const char *limit = error->str3 != NULL ? error->str3 : error->str2;

        if (error->code == XML_SCHEMAV_CVC_MINLENGTH_VALID)
          {
            if (attribute != NULL && list)
              return g_strdup_printf (_("%s has an empty %s: give at least one value"), what, attribute);
            if (attribute != NULL)
              return g_strdup_printf (_("%s has an empty %s"), what, attribute);
            return g_strdup_printf (_("%s is empty: write the text"), what);
          }

        if (attribute != NULL && list)
          return g_strdup_printf (_("%s has %s items in %s; at most %s are allowed"), what, length, attribute, limit);
        value = quote_value (BAD_CAST error->str1);
        if (attribute != NULL)
          return g_strdup_printf (_("%s has %s '%s', which is too long: %s characters, at most %s"),
                                  what, attribute, value, length, limit);
        return g_strdup_printf (_("%s is too long: %s characters, at most %s"), what, length, limit);
      }

    case XML_SCHEMAV_CVC_MAXINCLUSIVE_VALID:
    case XML_SCHEMAV_CVC_MININCLUSIVE_VALID:
    case XML_SCHEMAV_CVC_MINEXCLUSIVE_VALID:
    case XML_SCHEMAV_CVC_MAXEXCLUSIVE_VALID:
    case XML_SCHEMAV_CVC_FRACTIONDIGITS_VALID:
    case XML_SCHEMAV_CVC_TOTALDIGITS_VALID:
      {
        g_autofree char *limit = quote_at_most (error->str2, 1000);
        const char *name = attribute != NULL ? attribute : _("the value");

        value = quote_value (BAD_CAST error->str1);
        switch ((int) error->code)
          {
          case XML_SCHEMAV_CVC_MAXINCLUSIVE_VALID:
            return g_strdup_printf (_("%s has %s %s; the most allowed is %s"), what, name, value, limit);
          case XML_SCHEMAV_CVC_MININCLUSIVE_VALID:
            return g_strdup_printf (_("%s has %s %s; the least allowed is %s"), what, name, value, limit);
          case XML_SCHEMAV_CVC_MINEXCLUSIVE_VALID:
            return g_strdup_printf (_("%s has %s %s; it must be more than %s"), what, name, value, limit);
          case XML_SCHEMAV_CVC_MAXEXCLUSIVE_VALID:
            return g_strdup_printf (_("%s has %s %s; it must be less than %s"), what, name, value, limit);
          case XML_SCHEMAV_CVC_FRACTIONDIGITS_VALID:
            return g_strdup_printf (_("%s has %s %s; at most %s digits are allowed after the decimal point"),
                                    what, name, value, limit);
          default:
            return g_strdup_printf (_("%s has %s %s; at most %s digits are allowed"), what, name, value, limit);
          }
      }

    case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_1:
    case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_2:
    case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_3:
      /* The type is named only in the text, as its last quoted name. */
      if (error->str1 != NULL)
        {
          const char *after = strstr (message, error->str1);
          g_autofree char *type = last_quoted (after != NULL ? after + strlen (error->str1) : "");

          value = quote_value (BAD_CAST error->str1);
          return bad_value_message (what, attribute, value, type);
        }
      break;

    case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_1:
    case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_2:
      {
        g_autofree char *name = quote_name (BAD_CAST error->str1);

        return g_strdup_printf (_("%s cannot have the attribute '%s': remove it"), what, name);
      }

    case XML_SCHEMAV_CVC_COMPLEX_TYPE_4:
      {
        g_autofree char *name = quote_name (BAD_CAST error->str1);

        return g_strdup_printf (_("%s needs the attribute %s"), what, name);
      }

    case XML_SCHEMAV_ELEMENT_CONTENT:
      {
        g_autofree char *expected = expected_names (message);

        /* Both "this element is not expected" and "missing child
         * elements" have this code: the first names the element that
         * came, the second the one that is incomplete. libxml2 tells
         * them apart only in its text.
         */
        if (strstr (message, "Missing child element") != NULL)
          {
            if (expected != NULL)
              return g_strdup_printf (_("%s is incomplete: expected %s"), what, expected);
            break;
          }

        where = node != NULL ? _wr_xml_describe_node (node->parent) : NULL;
        if (g_str_has_prefix (element, "xi:"))
          return g_strdup_printf (_("<%s> is XInclude, which Walkround never follows and does not allow: remove it"),
                                  element);
        if (where != NULL && expected != NULL)
          return g_strdup_printf (_("<%s> is not expected here in %s; expected %s"), element, where, expected);
        if (where != NULL)
          return g_strdup_printf (_("<%s> is not expected here in %s"), element, where);
        return g_strdup_printf (_("<%s> is not expected here"), element);
      }

    case XML_SCHEMAV_CVC_IDC:
      if (error->str3 != NULL)
        {
          /* No match for a keyref: element, key sequence, keyref. */
          g_autofree char *keyref = clean_names (error->str3);
          g_autofree char *owner = NULL;
          xmlNode *item = node;

          g_autofree char *sequence = key_sequence_value (error->str2);

          value = quote_value (BAD_CAST sequence);

          /* A condition belongs to the item that holds the <relevant>. */
          while (item != NULL && item->type == XML_ELEMENT_NODE && !xmlHasProp (item, BAD_CAST "id"))
            item = item->parent;
          owner = item != NULL && item->type == XML_ELEMENT_NODE ? _wr_xml_describe_node (item) : g_strdup (what);
          return missing_reference_message (owner, value, keyref);
        }
      if (error->str2 != NULL)
        {
          /* A duplicate: key sequence, then "unique identity-constraint 'name'". */
          g_autofree char *designation = clean_names (error->str2);
          g_autofree char *constraint = last_quoted (designation);
          g_autofree char *sequence = key_sequence_value (error->str1);

          value = quote_value (BAD_CAST sequence);
          return duplicate_message (what, node, value, constraint);
        }
      break;

    case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_3:
      return g_strdup_printf (_("%s has text where only elements are allowed: remove the text or move it into the right element"),
                              what);

    case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_1:
    case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_2:
      return g_strdup_printf (_("%s can only hold text, not other elements"), what);

    case XML_SCHEMAV_CVC_ELT_1:
      return g_strdup_printf (_("the root element <%s> is not one this schema describes"), element);

    default:
      break;
    }

  where = rest_of_message (message);
  if (attribute != NULL)
    return g_strdup_printf (_("%s, attribute %s: %s"), what, attribute, where);
  return g_strdup_printf ("%s: %s", what, where);
}

/* Tree helpers --------------------------------------------------------------- */

gboolean
_wr_xml_is_element (xmlNode    *node,
                    const char *ns,
                    const char *name)
{
  if (node == NULL || node->type != XML_ELEMENT_NODE)
    return FALSE;
  if (name != NULL && !g_str_equal ((const char *) node->name, name))
    return FALSE;
  if (ns == NULL)
    return node->ns == NULL;
  return node->ns != NULL && node->ns->href != NULL && g_str_equal ((const char *) node->ns->href, ns);
}

xmlNode *
_wr_xml_first_child (xmlNode    *node,
                     const char *ns,
                     const char *name)
{
  for (xmlNode *child = node != NULL ? node->children : NULL; child != NULL; child = child->next)
    {
      if (_wr_xml_is_element (child, ns, name))
        return child;
    }

  return NULL;
}

/* Returns an attribute with no namespace, in GLib memory. */
char *
_wr_xml_get_attribute (xmlNode    *node,
                       const char *name)
{
  xmlChar *value = xmlGetNoNsProp (node, BAD_CAST name);
  char *copy;

  if (value == NULL)
    return NULL;

  copy = g_strdup ((const char *) value);
  xmlFree (value);

  return copy;
}

/* Returns the element's own xml:lang, not an inherited one. */
char *
_wr_xml_get_lang (xmlNode *node)
{
  xmlChar *value = xmlGetNsProp (node, BAD_CAST "lang", XML_XML_NAMESPACE);
  char *copy;

  if (value == NULL)
    return NULL;

  copy = g_strstrip (g_strdup ((const char *) value));
  xmlFree (value);

  return copy;
}

/* Returns the text of an element with runs of white space made one space,
 * as XML Schema reads an xs:token.
 */
char *
_wr_xml_get_token_text (xmlNode *node)
{
  g_autofree char *text = _wr_xml_get_text (node);
  g_autoptr(GString) out = g_string_sized_new (strlen (text));
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
_wr_xml_get_text (xmlNode *node)
{
  xmlChar *value = xmlNodeGetContent (node);
  char *copy = g_strdup (value != NULL ? (const char *) value : "");

  xmlFree (value);

  return copy;
}

int
_wr_xml_get_line (xmlNode *node)
{
  long line = node != NULL ? xmlGetLineNo (node) : 1;

  return line > 0 && line < G_MAXINT ? (int) line : 1;
}

/* Names the element a problem is on in words a form's author knows:
 * "question 'env-clean'", "option 'a' in question 'q1'", "<label> in
 * question 'q1'", "the form".
 */
char *
_wr_xml_describe_node (xmlNode *node)
{
  return describe_node (node, NULL);
}

/* @skip names an attribute not to describe the element by, because it is
 * the one that is wrong.
 */
static char *
describe_node (xmlNode    *node,
               const char *skip)
{
  g_autofree char *id = NULL;
  g_autofree char *value = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *quoted = NULL;
  const char *name;

  if (node == NULL || node->type != XML_ELEMENT_NODE)
    return g_strdup (_("the file"));

  name = (const char *) node->name;

  if (node->parent == NULL || node->parent->type != XML_ELEMENT_NODE)
    {
      if (g_str_equal (name, "form"))
        return g_strdup (_("the form"));
      if (g_str_equal (name, "catalog"))
        return g_strdup (_("the catalogue"));
      return g_strdup_printf ("<%s>", name);
    }

  if (g_strcmp0 (skip, "id") != 0 && (id = _wr_xml_get_attribute (node, "id")))
    {
      quoted = quote (id);
      return g_strdup_printf ("%s '%s'", name, quoted);
    }

  owner = _wr_xml_describe_node (node->parent);

  if (g_strcmp0 (skip, "value") != 0 && (value = _wr_xml_get_attribute (node, "value")))
    {
      quoted = quote (value);
      return g_strdup_printf (_("%s '%s' in %s"), name, quoted, owner);
    }

  return g_strdup_printf (_("<%s> in %s"), name, owner);
}

/* A language tag as BCP 47 writes it, loosely: "en", "en-GB", "pa-Guru-IN". */
gboolean
_wr_xml_is_language_tag (const char *tag)
{
  const char *p = tag;
  guint n = 0;

  if (tag == NULL)
    return FALSE;

  while (g_ascii_isalpha (*p))
    p++, n++;
  if (n < 2 || n > 3)
    return FALSE;

  while (*p == '-')
    {
      p++;
      n = 0;
      while (g_ascii_isalnum (*p))
        p++, n++;
      if (n < 1 || n > 8)
        return FALSE;
    }

  return *p == '\0';
}
