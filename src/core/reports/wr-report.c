/* wr-report.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-report"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <cairo-pdf.h>
#include <libxml/xmlreader.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wr-atomic-file.h"
#include "wr-autocleanups.h"
#include "wr-catalog.h"
#include "wr-csv.h"
#include "wr-form.h"
#include "wr-pack-digest.h"
#include "wr-pack-error.h"
#include "wr-pack-format.h"
#include "wr-pack-seal.h"
#include "wr-pack-writer.h"
#include "wr-paths.h"
#include "wr-pdf-writer-private.h"
#include "wr-platform.h"
#include "wr-report.h"
#include "wr-report-html-private.h"
#include "wr-report-letter-private.h"
#include "wr-report-model-private.h"
#include "wr-report-pages-private.h"
#include "wr-report-xlsx.h"
#include "wr-report-private.h"
#include "wr-role.h"
#include "wr-work-queue-private.h"
#include "wr-xml-private.h"

#define PACK_NS        WR_PACK_NAMESPACE
#define PACK_SCHEMA    "schema/evidence-pack.xsd"

/* The longest libxml2 message quoted back. */
#define MAX_MESSAGE 300


/* Reading a pack ------------------------------------------------------------ */

/* What both reports need from a pack besides its visits: the forms its
 * visits used, to name their questions and answers, and the services, to
 * name where each visit was.
 */
struct _WrReportPack
{
  const char *path;
  WrCatalog  *catalog;
  GHashTable *forms;     /* sha256 → WrForm, for the forms that load */
  GHashTable *services;  /* uuid → name */
  GHashTable *service_about;  /* uuid → "Directorate · Site · CQC location …" */

  /* A pack read twice (the PDF's two passes) is checked against the
   * schema and its digests the first time only, if the file has not
   * changed since: the file as it was when that reading passed.
   */
  gboolean    checked;
  struct stat checked_stat;
  gboolean    trusted;   /* this reading: the file is the checked one */
};
typedef struct _WrReportPack Pack;

/* Called for each record of a pack, in document order: the generator,
 * the scope, each form, each service and each visit, with all it holds.
 * The record's own start tag has passed the schema, but what is inside it
 * is checked only as the reader moves past it: a record func must cope
 * with missing attributes, and its work is thrown away if the pack then
 * fails.
 */
typedef gboolean (*RecordFunc) (Pack     *pack,
                                xmlNode  *record,
                                gpointer  user_data,
                                GError  **error);

typedef struct
{
  int   line;
  int   domain;
  char *message;
} FirstError;

static gboolean
is_pack_element (xmlNode    *node,
                 const char *name)
{
  return _wr_xml_is_element (node, PACK_NS, name);
}

static char *
get_attribute (xmlNode    *node,
               const char *name)
{
  return _wr_xml_get_attribute (node, name);
}

/* libxml2's message, made valid UTF-8 (it may quote bytes from the file)
 * and cut to a length a person reads.
 */
static char *
shorten_message (const char *message)
{
  g_autofree char *valid = g_utf8_make_valid (message != NULL ? message : "", -1);

  if (g_utf8_strlen (valid, -1) > MAX_MESSAGE)
    {
      char *shorter = g_utf8_substring (valid, 0, MAX_MESSAGE);

      g_free (valid);
      valid = g_strconcat (shorter, "…", NULL);
      g_free (shorter);
    }

  return g_strstrip (g_steal_pointer (&valid));
}

/* The first problem is the one to act on: later ones follow from it. */
static void
reader_error_cb (void     *data,
                 xmlError *error)
{
  FirstError *first = data;
  GString *message;

  if (first->message != NULL || error == NULL || error->level < XML_ERR_ERROR)
    return;

  first->line = error->line;
  first->domain = error->domain;
  first->message = shorten_message (error->message);

  /* The schema's messages name every element with its namespace. */
  message = g_string_new (first->message);
  g_free (first->message);
  g_string_replace (message, "{" PACK_NS "}", "", 0);
  first->message = g_string_free (message, FALSE);
}

static void
set_read_error (GError     **error,
                const char  *path,
                FirstError  *first)
{
  if (first->domain == XML_FROM_SCHEMASV)
    g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_INVALID,
                 _("%s:%d: this is not a valid evidence pack: %s"),
                 path, MAX (first->line, 1), first->message);
  else
    g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_PARSE,
                 _("%s:%d: this is not well-formed XML: %s"),
                 path, MAX (first->line, 1), first->message);
}

static gboolean
check_root (xmlTextReader  *reader,
            const char     *path,
            GError        **error)
{
  const char *name = (const char *) xmlTextReaderConstLocalName (reader);
  const char *ns = (const char *) xmlTextReaderConstNamespaceUri (reader);
  g_autofree char *version = NULL;
  xmlChar *value;

  value = xmlTextReaderGetAttribute (reader, BAD_CAST "format-version");
  version = g_strdup ((const char *) value);
  xmlFree (value);

  return wr_pack_format_check_root (path, xmlTextReaderGetParserLineNumber (reader), name, ns, version, error);
}

static void
ignore_error_cb (void     *data,
                 xmlError *error)
{
}

/* The schema's checker stops at a wrong root before the reader shows it,
 * so the root is looked at first on its own, to say plainly when a file
 * is not a pack or is a newer one. Any other problem is left to the real
 * reading, which reports it with its line.
 */
static gboolean
sniff_root (const char  *path,
            GError     **error)
{
  g_autoptr(xmlTextReader) reader = xmlReaderForFile (path, NULL, XML_PARSE_NONET);
  int type;

  if (reader == NULL)
    return TRUE;

  xmlTextReaderSetStructuredErrorHandler (reader, ignore_error_cb, NULL);
  while (xmlTextReaderRead (reader) == 1)
    {
      type = xmlTextReaderNodeType (reader);
      if (type == XML_READER_TYPE_DOCUMENT_TYPE)
        return TRUE;
      if (type == XML_READER_TYPE_ELEMENT)
        return check_root (reader, path, error);
    }

  return TRUE;
}

/* Feeds a visit as a tree to the digest, in the same order as a streaming
 * reader would: the digest itself leaves out <digest> and <data>, and the
 * text of elements that have child elements.
 */
static void
digest_tree (WrPackDigest *digest,
             xmlNode      *node)
{
  wr_pack_digest_start_element (digest, (const char *) node->name);

  for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
    {
      xmlChar *value = xmlNodeGetContent ((xmlNode *) attr);

      wr_pack_digest_attribute (digest, (const char *) attr->name, value != NULL ? (const char *) value : "");
      xmlFree (value);
    }

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type == XML_ELEMENT_NODE)
        digest_tree (digest, child);
      else if ((child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) && child->content != NULL)
        wr_pack_digest_text (digest, (const char *) child->content, -1);
    }

  wr_pack_digest_end_element (digest);
}

/* A report shows only what the pack's digests vouch for, so that a
 * damaged or altered visit is never shown to the board as evidence.
 */
static gboolean
check_visit_digest (Pack     *pack,
                    xmlNode  *visit,
                    GError  **error)
{
  g_autoptr(WrPackDigest) digest = wr_pack_digest_new ();
  g_autofree char *computed = NULL;
  g_autofree char *stated = NULL;
  g_autofree char *uuid = get_attribute (visit, "uuid");
  xmlNode *node = _wr_xml_first_child (visit, PACK_NS, WR_PACK_DIGEST_ELEMENT);

  digest_tree (digest, visit);
  computed = wr_pack_digest_finish (digest);
  stated = node != NULL ? g_strstrip (_wr_xml_get_text (node)) : NULL;

  if (g_strcmp0 (computed, stated) != 0)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_DIGEST,
                   _("%s:%d: visit %s has been changed or damaged since the pack was made (its digest does not match); make the pack again"),
                   pack->path, _wr_xml_get_line (visit), uuid != NULL ? uuid : "?");
      return FALSE;
    }

  return TRUE;
}

/* The digest covers an attachment's size and SHA-256 but not its bytes,
 * so those are checked here, a <data> element (at most 1 MiB) at a time.
 */
static gboolean
check_attachment (Pack     *pack,
                  xmlNode  *visit,
                  xmlNode  *attachment,
                  GError  **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *size = get_attribute (attachment, "size");
  g_autofree char *sha256 = get_attribute (attachment, "sha256");
  g_autofree char *name = get_attribute (attachment, "file-name");
  g_autofree char *uuid = get_attribute (visit, "uuid");
  guint64 total = 0;

  for (xmlNode *data = attachment->children; data != NULL; data = data->next)
    {
      g_autofree char *text = NULL;
      g_autofree guchar *bytes = NULL;
      gsize len = 0;

      if (!is_pack_element (data, WR_PACK_DATA_ELEMENT))
        continue;
      text = _wr_xml_get_text (data);
      bytes = g_base64_decode (text, &len);
      g_checksum_update (checksum, bytes, len);
      total += len;
    }

  if (size == NULL || g_ascii_strtoull (size, NULL, 10) != total ||
      g_strcmp0 (g_checksum_get_string (checksum), sha256) != 0)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_DIGEST,
                   _("%s:%d: the attachment “%s” of visit %s has been changed or damaged (its size or SHA-256 does not match); make the pack again"),
                   pack->path, _wr_xml_get_line (attachment), name != NULL ? name : "", uuid != NULL ? uuid : "?");
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_attachments (Pack     *pack,
                   xmlNode  *visit,
                   GError  **error)
{
  xmlNode *attachments = _wr_xml_first_child (visit, PACK_NS, "attachments");

  for (xmlNode *node = attachments != NULL ? attachments->children : NULL; node != NULL; node = node->next)
    {
      if (is_pack_element (node, "attachment") && !check_attachment (pack, visit, node, error))
        return FALSE;
    }

  return TRUE;
}

/* Keeps a form the pack embeds, so that questions can be shown by their
 * labels. A form that does not load (one from a newer Walkround, say)
 * only means its questions are shown by their ids.
 */
static gboolean
load_form (Pack     *pack,
           xmlNode  *node,
           GError  **error)
{
  g_autofree char *sha256 = get_attribute (node, "sha256");
  g_autofree char *id = get_attribute (node, "id");
  g_autofree char *text = _wr_xml_get_text (node);
  g_autofree guchar *data = NULL;
  g_autofree char *computed = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  WrForm *form;
  gsize len = 0;

  /* Read again, the form is the one loaded the first time. */
  if (pack->trusted && sha256 != NULL && g_hash_table_contains (pack->forms, sha256))
    return TRUE;

  data = g_base64_decode (text, &len);
  computed = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
  if (g_strcmp0 (computed, sha256) != 0)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_DIGEST,
                   _("%s:%d: the form “%s” in the pack has been changed or damaged (its SHA-256 does not match); make the pack again"),
                   pack->path, _wr_xml_get_line (node), id != NULL ? id : "?");
      return FALSE;
    }

  bytes = g_bytes_new_take (g_steal_pointer (&data), len);
  if (!(form = wr_form_new_from_bytes (bytes, id, pack->catalog, &local_error)))
    {
      g_debug ("The form %s in %s does not load, so its questions are shown by id: %s",
               id, pack->path, local_error->message);
      return TRUE;
    }

  g_hash_table_replace (pack->forms, g_steal_pointer (&sha256), form);
  return TRUE;
}

/* Where a service is, for the HTML report's heading of its visits. */
static void
remember_service_about (Pack    *pack,
                        xmlNode *service)
{
  g_autofree char *directorate = get_attribute (service, "directorate");
  g_autofree char *site = get_attribute (service, "site");
  g_autofree char *location = get_attribute (service, "cqc-location-id");
  g_autoptr(GString) about = g_string_new (NULL);

  if (directorate != NULL && directorate[0] != '\0')
    g_string_append (about, directorate);
  if (site != NULL && site[0] != '\0')
    g_string_append_printf (about, "%s%s", about->len ? " · " : "", site);
  if (location != NULL && location[0] != '\0')
    {
      if (about->len)
        g_string_append (about, " · ");
      /* TRANSLATORS: %s is the id CQC gives a location */
      g_string_append_printf (about, _("CQC location %s"), location);
    }
  if (about->len)
    g_hash_table_replace (pack->service_about, get_attribute (service, "uuid"),
                          g_string_free (g_steal_pointer (&about), FALSE));
}

static gboolean
take_record (Pack        *pack,
             xmlNode     *record,
             RecordFunc   func,
             gpointer     user_data,
             GError     **error)
{
  if (is_pack_element (record, "visit") && !pack->trusted &&
      (!check_visit_digest (pack, record, error) || !check_attachments (pack, record, error)))
    return FALSE;

  if (is_pack_element (record, "form") && !load_form (pack, record, error))
    return FALSE;

  if (is_pack_element (record, "service"))
    {
      g_hash_table_replace (pack->services, get_attribute (record, "uuid"), get_attribute (record, "name"));
      remember_service_about (pack, record);
    }

  return func (pack, record, user_data, error);
}

static gboolean
is_container (const char *name)
{
  return g_strcmp0 (name, "forms") == 0 || g_strcmp0 (name, "services") == 0 || g_strcmp0 (name, "visits") == 0;
}

/* Opens the pack ourselves so that a missing file, a folder or a device
 * gets a message that says so, before libxml2 sees it.
 */
static int
open_pack (const char   *path,
           struct stat  *st_out,
           GError      **error)
{
  struct stat st;
  int saved_errno;
  int fd;

  fd = g_open (path, O_RDONLY | O_BINARY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_READ,
                   _("Could not open the evidence pack “%s”: %s"), path, g_strerror (saved_errno));
      return -1;
    }

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_READ,
                   _("“%s” is not a file; give the path of an evidence pack"), path);
      return -1;
    }

  /* A sealed pack opens only in an import, for a database it is
   * sealed for: say so rather than that it is not XML.
   */
  if (wr_pack_is_sealed (fd))
    {
      close (fd);
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_SEALED,
                   _("“%s” is a sealed pack: import it into a database it is sealed for, then make the report "
                     "from that database’s visits"),
                   path);
      return -1;
    }

  *st_out = st;
  return fd;
}

/* The same file, not written to since @a was taken. */
static gboolean
same_file (const struct stat *a,
           const struct stat *b)
{
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
         a->st_mtime == b->st_mtime && a->st_ctime == b->st_ctime
#ifndef G_OS_WIN32
         && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec
#endif
         ;
}

/* Streams the pack, checking it against the schema as it goes and each
 * visit against its digest, and hands each record to @func. Only one
 * record is in memory at a time. The parser never loads a DTD, expands
 * an entity or uses the network, and a DOCTYPE is refused outright. A
 * pack read again, unchanged since a reading passed those checks, is not
 * checked again (the PDF reads its pack twice).
 */
static gboolean
read_pack (Pack          *pack,
           GCancellable  *cancellable,
           RecordFunc     func,
           gpointer       user_data,
           GError       **error)
{
  g_autoptr(xmlTextReader) reader = NULL;
  xmlSchemaValidCtxt *vctxt = NULL;
  FirstError first = { 0 };
  xmlError *last;
  gboolean root_seen = FALSE;
  gboolean ok = FALSE;
  xmlSchema *schema;
  struct stat st;
  int fd;
  int rc;

  if (!(schema = _wr_xml_get_schema (PACK_SCHEMA, WR_PACK_ERROR, WR_PACK_ERROR_READ, error)))
    return FALSE;

  if ((fd = open_pack (pack->path, &st, error)) < 0)
    return FALSE;
  pack->trusted = pack->checked && same_file (&st, &pack->checked_stat);

  if (!sniff_root (pack->path, error))
    {
      close (fd);
      return FALSE;
    }
  xmlResetLastError ();

  reader = xmlReaderForFd (fd, pack->path, NULL, XML_PARSE_NONET);
  if (reader == NULL)
    {
      close (fd);
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_READ,
                   _("Could not read the evidence pack “%s”"), pack->path);
      return FALSE;
    }

  /* The handler first, so that the schema's checker reports to it too.
   * The checker is ours, not the reader's, so that it is freed in full
   * when a pack is refused part way (see _wr_xml_free_valid_ctxt()).
   */
  xmlTextReaderSetStructuredErrorHandler (reader, reader_error_cb, &first);
  if (!pack->trusted &&
      (!(vctxt = xmlSchemaNewValidCtxt (schema)) || xmlTextReaderSchemaValidateCtxt (reader, vctxt, 0) != 0))
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_READ,
                   _("Could not check the evidence pack against its schema; reinstall Walkround"));
      goto out;
    }

  rc = xmlTextReaderRead (reader);
  while (rc == 1)
    {
      int type = xmlTextReaderNodeType (reader);
      int depth = xmlTextReaderDepth (reader);
      const char *name = (const char *) xmlTextReaderConstLocalName (reader);
      xmlNode *record;

      if (type == XML_READER_TYPE_DOCUMENT_TYPE)
        {
          g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_PARSE,
                       _("%s:%d: the file has a DOCTYPE, which an evidence pack never has and Walkround never reads; make the pack again"),
                       pack->path, xmlTextReaderGetParserLineNumber (reader));
          goto out;
        }

      if (type == XML_READER_TYPE_ELEMENT && depth == 0)
        {
          if (!check_root (reader, pack->path, error))
            goto out;
          root_seen = TRUE;
        }

      if (first.message != NULL)
        break;

      if (type != XML_READER_TYPE_ELEMENT || depth == 0 || (depth == 1 && is_container (name)))
        {
          rc = xmlTextReaderRead (reader);
          continue;
        }

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;

      if (!(record = xmlTextReaderExpand (reader)))
        {
          rc = -1;
          break;
        }
      if (first.message == NULL && !take_record (pack, record, func, user_data, error))
        goto out;

      rc = xmlTextReaderNext (reader);
    }

  if (first.message != NULL || rc < 0)
    {
      /* With a schema plugged in, libxml2 2.9 no longer passes parse
       * errors to the reader's handler; the thread's last error has them.
       */
      if (first.message == NULL && (last = xmlGetLastError ()) != NULL &&
          last->level >= XML_ERR_ERROR && last->message != NULL)
        {
          first.line = last->line;
          first.domain = last->domain;
          first.message = shorten_message (last->message);
        }
      if (first.message == NULL)
        {
          first.line = xmlTextReaderGetParserLineNumber (reader);
          first.message = g_strdup (_("the file ends too soon; was it copied completely?"));
        }
      set_read_error (error, pack->path, &first);
      goto out;
    }

  if (!root_seen)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_PARSE,
                   _("%s: the file is empty or holds no XML; give the path of an evidence pack"), pack->path);
      goto out;
    }

  if (!pack->trusted && xmlTextReaderIsValid (reader) != 1)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_INVALID,
                   _("%s: this is not a valid evidence pack"), pack->path);
      goto out;
    }

  ok = TRUE;
  if (!pack->trusted)
    {
      pack->checked = TRUE;
      pack->checked_stat = st;
    }

out:
  pack->trusted = FALSE;
  g_free (first.message);
  /* The reader first: freeing it unplugs the checker. */
  g_clear_pointer (&reader, xmlFreeTextReader);
  g_clear_pointer (&vctxt, _wr_xml_free_valid_ctxt);
  close (fd);
  return ok;
}

static gboolean
pack_init (Pack        *pack,
           const char  *path,
           GError     **error)
{
  pack->path = path;
  pack->forms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  pack->services = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  pack->service_about = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (!(pack->catalog = wr_catalog_get_default (error)))
    return FALSE;
  g_object_ref (pack->catalog);

  return TRUE;
}

static void
pack_clear (Pack *pack)
{
  g_clear_pointer (&pack->forms, g_hash_table_unref);
  g_clear_pointer (&pack->services, g_hash_table_unref);
  g_clear_pointer (&pack->service_about, g_hash_table_unref);
  g_clear_object (&pack->catalog);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Pack, pack_clear)

/* Labels ---------------------------------------------------------------------- */

static gboolean    is_shown_answer (xmlNode    *node);
static char       *child_text      (xmlNode    *node,
                                    const char *name);
static const char *service_name    (Pack       *pack,
                                    xmlNode    *visit);

static WrQuestion *
find_question (Pack       *pack,
               xmlNode    *visit,
               const char *question_id)
{
  g_autofree char *sha256 = get_attribute (visit, "form-sha256");
  WrForm *form;

  if (question_id == NULL || sha256 == NULL || !(form = g_hash_table_lookup (pack->forms, sha256)))
    return NULL;

  return wr_form_lookup_question (form, question_id);
}

/* A visit's compliance score from the pack's answers, by its form's
 * rules as the store keeps it (wr-store-scores.c): the team's answers of
 * scored questions in scored sections, N/A and hidden answers left out.
 * Percentages, rounded down to a tenth so that 100 means every applicable
 * answer met; NULL when nothing applicable is answered. @sections gets
 * "section=percent" for each scored section, joined by "; ", by section
 * title when @titles, else by id.
 */
static double
tenths_down (double met,
             double applicable)
{
  return (double) (guint64) (1000.0 * MAX (met, 0) / applicable + 1e-9) / 10.0;
}

static char *
score_visit (Pack     *pack,
             xmlNode  *visit,
             gboolean  titles,
             char    **sections)
{
  g_autofree char *sha256 = get_attribute (visit, "form-sha256");
  xmlNode *answers = _wr_xml_first_child (visit, PACK_NS, "answers");
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree double *met = NULL;
  g_autofree double *applicable = NULL;
  double all_met = 0, all_applicable = 0;
  WrForm *form;
  guint n_sections;

  *sections = NULL;
  if (sha256 == NULL || !(form = g_hash_table_lookup (pack->forms, sha256)))
    return NULL;

  n_sections = wr_form_get_n_sections (form);
  met = g_new0 (double, MAX (n_sections, 1));
  applicable = g_new0 (double, MAX (n_sections, 1));
  for (xmlNode *answer = answers != NULL ? answers->children : NULL; answer != NULL; answer = answer->next)
    {
      g_autofree char *id = NULL;
      g_autofree char *member = NULL;
      g_autofree char *value = NULL;
      WrQuestion *question;
      WrSection *section;
      double weight;
      guint s;

      if (!is_shown_answer (answer))
        continue;
      id = get_attribute (answer, "question");
      member = get_attribute (answer, "member");
      if (member != NULL && member[0] != '\0')
        continue;
      if (!(question = find_question (pack, visit, id)) || !wr_question_get_scored (question))
        continue;
      section = wr_form_item_get_section (WR_FORM_ITEM (question));
      if (!wr_section_get_scored (section))
        continue;
      for (s = 0; s < n_sections && wr_form_get_section (form, s) != section; s++)
        ;
      if (s == n_sections)
        continue;

      value = child_text (answer, "value");
      weight = wr_question_get_score_weight (question);
      switch (wr_question_score_answer (question, value))
        {
        case WR_SCORE_MET:
          met[s] += weight;
          all_met += weight;
          G_GNUC_FALLTHROUGH;
        case WR_SCORE_NOT_MET:
          applicable[s] += weight;
          all_applicable += weight;
          break;
        case WR_SCORE_NOT_APPLICABLE:
        case WR_SCORE_NONE:
        default:
          break;
        }
    }

  for (guint s = 0; s < n_sections; s++)
    {
      WrFormItem *section = WR_FORM_ITEM (wr_form_get_section (form, s));

      if (applicable[s] <= 0)
        continue;
      g_string_append_printf (text, "%s%s=%.1f", text->len ? "; " : "",
                              titles && wr_form_item_get_label (section) ? wr_form_item_get_label (section)
                                                                         : wr_form_item_get_id (section),
                              tenths_down (met[s], applicable[s]));
    }
  *sections = text->len ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;

  if (all_applicable <= 0)
    return NULL;
  return g_strdup_printf ("%.1f", tenths_down (all_met, all_applicable));
}

/* Says an answer's value in the form's words: "Not applicable" for "na",
 * an option's label for its value, and the labels of a multi-choice
 * answer joined by semicolons. The store keeps a multi-choice answer, and
 * a pack carries it, as option values separated by spaces
 * (docs/evidence-pack.md); a JSON array of strings, which the format once
 * described, is read too. NULL for a question without choices, whose
 * value says itself.
 */
static char *
describe_value (WrQuestion *question,
                const char *value)
{
  g_autoptr(GVariant) array = NULL;
  g_autoptr(GString) out = NULL;
  g_auto(GStrv) values = NULL;
  int index;

  if (value == NULL || question == NULL || wr_question_get_n_choices (question) == 0)
    return NULL;

  if (wr_question_get_question_type (question) != WR_QUESTION_MULTI_CHOICE)
    {
      index = wr_question_find_choice (question, value);
      return index >= 0 ? g_strdup (wr_question_get_choice_label (question, index)) : NULL;
    }

  /* A JSON array of strings is also GVariant text for "as". */
  if (value[0] == '[' && (array = g_variant_parse (G_VARIANT_TYPE_STRING_ARRAY, value, NULL, NULL, NULL)))
    values = g_variant_dup_strv (array, NULL);
  else
    values = g_strsplit_set (value, " \t\n", -1);

  out = g_string_new (NULL);
  for (guint i = 0; values[i] != NULL; i++)
    {
      if (values[i][0] == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, "; ");
      index = wr_question_find_choice (question, values[i]);
      g_string_append (out, index >= 0 ? wr_question_get_choice_label (question, index) : values[i]);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static const char *
question_label (WrQuestion *question)
{
  return question != NULL ? wr_form_item_get_label (WR_FORM_ITEM (question)) : NULL;
}

static const char *
section_label (WrQuestion *question)
{
  WrSection *section = question != NULL ? wr_form_item_get_section (WR_FORM_ITEM (question)) : NULL;

  return section != NULL ? wr_form_item_get_label (WR_FORM_ITEM (section)) : NULL;
}

/* The name of a team member of @visit, by uuid. */
static char *
member_name (xmlNode    *visit,
             const char *uuid)
{
  xmlNode *team = _wr_xml_first_child (visit, PACK_NS, "team");

  if (uuid == NULL)
    return NULL;

  for (xmlNode *member = team != NULL ? team->children : NULL; member != NULL; member = member->next)
    {
      g_autofree char *member_uuid = NULL;

      if (!is_pack_element (member, "member"))
        continue;
      member_uuid = get_attribute (member, "uuid");
      if (g_strcmp0 (member_uuid, uuid) == 0)
        return get_attribute (member, "name");
    }

  return g_strdup (uuid);
}

/* The text of a child element, or NULL if there is none. */
static char *
child_text (xmlNode    *node,
            const char *name)
{
  xmlNode *child = _wr_xml_first_child (node, PACK_NS, name);

  return child != NULL ? _wr_xml_get_text (child) : NULL;
}

/* For the model of a visit (wr-report-model.c): the same wording as the
 * HTML report and the CSV tables.
 */
WrCatalog *
_wr_report_pack_get_catalog (WrReportPack *pack)
{
  return pack->catalog;
}

WrForm *
_wr_report_pack_get_form (WrReportPack *pack,
                          xmlNode      *visit)
{
  g_autofree char *sha256 = get_attribute (visit, "form-sha256");

  return sha256 != NULL ? g_hash_table_lookup (pack->forms, sha256) : NULL;
}

const char *
_wr_report_pack_get_service_name (WrReportPack *pack,
                                  xmlNode      *visit)
{
  return service_name (pack, visit);
}

const char *
_wr_report_pack_lookup_service (WrReportPack *pack,
                                const char   *uuid)
{
  return uuid != NULL ? g_hash_table_lookup (pack->services, uuid) : NULL;
}

char *
_wr_report_pack_lookup_service_about (WrReportPack *pack,
                                      const char   *uuid)
{
  return uuid != NULL ? g_strdup (g_hash_table_lookup (pack->service_about, uuid)) : NULL;
}

WrQuestion *
_wr_report_find_question (WrReportPack *pack,
                          xmlNode      *visit,
                          const char   *question_id)
{
  return find_question (pack, visit, question_id);
}

char *
_wr_report_describe_value (WrQuestion *question,
                           const char *value)
{
  return describe_value (question, value);
}

/* By section id, as visits.csv has them. */
char *
_wr_report_score_visit (WrReportPack  *pack,
                        xmlNode       *visit,
                        char         **section_scores)
{
  return score_visit (pack, visit, FALSE, section_scores);
}

char *
_wr_report_member_name (xmlNode    *visit,
                        const char *uuid)
{
  return member_name (visit, uuid);
}

gboolean
_wr_report_is_shown_answer (xmlNode *node)
{
  return is_shown_answer (node);
}

/**
 * _wr_report_is_shown_observation:
 * @visit: a pack's <visit>
 * @node: one of its elements
 *
 * An observation inside a removed repeat (its repeat is not among the
 * visit's) is in the pack so that merging loses nothing, but is not
 * reported, as the app does not show it.
 *
 * Returns: whether @node is an observation to report
 */
gboolean
_wr_report_is_shown_observation (xmlNode *visit,
                                 xmlNode *node)
{
  g_autofree char *repeat = NULL;
  xmlNode *repeats;

  if (!is_pack_element (node, "observation"))
    return FALSE;
  if ((repeat = get_attribute (node, "repeat")) == NULL || repeat[0] == '\0')
    return TRUE;
  repeats = _wr_xml_first_child (visit, PACK_NS, "repeats");
  for (xmlNode *child = repeats != NULL ? repeats->children : NULL; child != NULL; child = child->next)
    {
      g_autofree char *uuid = is_pack_element (child, "repeat") ? get_attribute (child, "uuid") : NULL;

      if (g_strcmp0 (uuid, repeat) == 0)
        return TRUE;
    }
  return FALSE;
}

char *
_wr_report_child_text (xmlNode    *node,
                       const char *name)
{
  return child_text (node, name);
}

/* Writing a file safely ------------------------------------------------------- */

/* Each file is written under a temporary name beside its real one and
 * renamed only when the whole report is complete (wr_atomic_file_new());
 * a device or a FIFO is written straight through.
 */
typedef struct
{
  char         *path;
  WrAtomicFile *file;
} OutFile;

/* The helper's messages name the file and the cause; the report's callers
 * look for the pack's error domain, and for a cancel as it is.
 */
static gboolean
set_write_error (GError **error,
                 GError  *local_error)
{
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  g_set_error_literal (error, WR_PACK_ERROR, WR_PACK_ERROR_WRITE, local_error->message);
  g_error_free (local_error);
  return FALSE;
}

static void
out_file_clear (OutFile *file)
{
  g_clear_pointer (&file->file, wr_atomic_file_free);
  g_clear_pointer (&file->path, g_free);
}

static gboolean
out_file_open (OutFile       *file,
               const char    *path,
               GCancellable  *cancellable,
               GError       **error)
{
  GError *local_error = NULL;

  file->path = g_strdup (path);
  if (!(file->file = wr_atomic_file_new (path, cancellable, &local_error)))
    return set_write_error (error, local_error);

  return TRUE;
}

static gboolean
out_file_write (OutFile     *file,
                const char  *data,
                gsize        len,
                GError     **error)
{
  GError *local_error = NULL;

  if (!wr_atomic_file_write (file->file, data, len, &local_error))
    return set_write_error (error, local_error);

  return TRUE;
}

static gboolean
out_file_flush (OutFile  *file,
                GString  *buffer,
                GError  **error)
{
  gboolean ok = out_file_write (file, buffer->str, buffer->len, error);

  g_string_truncate (buffer, 0);
  return ok;
}

/* Syncs the file; renaming comes later, once every file is complete. */
static gboolean
out_file_finish (OutFile  *file,
                 GError  **error)
{
  GError *local_error = NULL;

  if (!wr_atomic_file_sync (file->file, &local_error))
    return set_write_error (error, local_error);

  return TRUE;
}

static gboolean
out_file_commit (OutFile  *file,
                 GError  **error)
{
  GError *local_error = NULL;

  if (!wr_atomic_file_commit (file->file, &local_error))
    return set_write_error (error, local_error);

  return TRUE;
}

/* HTML ------------------------------------------------------------------------ */

/* An answer that its form's conditions now hide is in the pack so that
 * merging loses nothing, but is not reported (docs/evidence-pack.md).
 */
static gboolean
is_shown_answer (xmlNode *node)
{
  g_autofree char *hidden = NULL;

  if (!is_pack_element (node, "answer"))
    return FALSE;
  hidden = get_attribute (node, "hidden");
  return g_strcmp0 (hidden, "true") != 0;
}

/* Each visit is made into its model, as for the PDF, and rendered as it
 * is read (wr-report-html.c); the report is put together at the end.
 */
static gboolean
add_html_record_cb (Pack     *pack,
                    xmlNode  *record,
                    gpointer  user_data,
                    GError  **error)
{
  WrReportHtml *html = user_data;
  g_autoptr(WrReportVisit) visit = NULL;

  if (!is_pack_element (record, "visit"))
    {
      _wr_report_html_set_pack (html, record);
      return TRUE;
    }

  visit = _wr_report_visit_new (pack, record);
  return _wr_report_html_add_visit (html, visit, error);
}

static gboolean
write_html_cb (const char  *data,
               gsize        len,
               gpointer     user_data,
               GError     **error)
{
  return out_file_write (user_data, data, len, error);
}

static gboolean write_html (const char             *pack_path,
                            const char             *output_path,
                            const WrReportOptions  *options,
                            GCancellable           *cancellable,
                            GError                **error);

/**
 * wr_report_write_html:
 * @pack_path: an evidence pack
 * @output_path: where to write the report; an existing file is replaced
 * @cancellable: (nullable): to stop reading the pack
 * @error: return location for a #GError
 *
 * Writes a readable, printable HTML report of the pack from the same
 * model of each visit as the PDF (wr-report-html.c): its scope, a
 * summary, the visits by service with their answers by section, photos,
 * observations and actions, the observations by regulation, quality
 * statement and theme, and the open actions. The pack is checked against
 * the schema and every visit against its digest first. The report is
 * written under a temporary name and renamed, so a failure leaves nothing
 * at @output_path.
 *
 * Returns: %TRUE once the report is at @output_path
 */
gboolean
wr_report_write_html (const char    *pack_path,
                      const char    *output_path,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_return_val_if_fail (pack_path != NULL, FALSE);
  g_return_val_if_fail (output_path != NULL, FALSE);

  return write_html (pack_path, output_path, NULL, cancellable, error);
}

static gboolean
write_html (const char             *pack_path,
            const char             *output_path,
            const WrReportOptions  *options,
            GCancellable           *cancellable,
            GError                **error)
{
  g_auto(Pack) pack = { NULL };
  g_autoptr(WrReportHtml) html = NULL;
  OutFile file = { NULL, NULL };
  gboolean ok;

  if (!pack_init (&pack, pack_path, error) ||
      !(html = _wr_report_html_new (options != NULL ? options->organisation : NULL,
                                    options != NULL ? options->marking : NULL, error)) ||
      !read_pack (&pack, cancellable, add_html_record_cb, html, error))
    return FALSE;

  ok = out_file_open (&file, output_path, cancellable, error) &&
       _wr_report_html_finish (html, &pack, write_html_cb, &file, error) &&
       out_file_finish (&file, error) &&
       out_file_commit (&file, error);
  out_file_clear (&file);

  return ok;
}

/* CSV ------------------------------------------------------------------------- */

enum { VISITS, ANSWERS, OBSERVATIONS, ACTIONS, N_TABLES };

static const char * const table_names[N_TABLES] = {
  WR_REPORT_CSV_VISITS, WR_REPORT_CSV_ANSWERS, WR_REPORT_CSV_OBSERVATIONS, WR_REPORT_CSV_ACTIONS,
};

/* The column names are the pack's own attribute names where there is one,
 * so that they mean the same as in docs/evidence-pack.md, and are never
 * translated, so that scripts can rely on them.
 */
static const char * const visit_columns[] = {
  "visit", "revision", "kind", "status", "started", "started-local", "ended", "ended-local", "service",
  "service-name", "form", "form-version", "form-title", "team", "answers", "observations", "actions",
  "attachments", "created", "created-local", "modified", "modified-local", "device", "score", "section-scores",
};
static const char * const answer_columns[] = {
  "visit", "service-name", "started", "started-local", "section", "question", "question-label", "member",
  "repeat", "value", "value-label", "comment", "modified", "modified-local",
};
static const char * const observation_columns[] = {
  "visit", "service-name", "started", "started-local", "observation", "kind", "voice", "category", "question",
  "question-label", "member", "text", "regulations", "statements", "key-questions", "themes",
  "created", "created-local", "modified", "modified-local",
};
static const char * const action_columns[] = {
  "visit", "service-name", "started", "started-local", "action", "status", "owner", "due", "text",
  "observation", "question", "created", "created-local", "modified", "modified-local",
};

typedef struct
{
  OutFile  files[N_TABLES];
  GString *rows[N_TABLES];
} CsvOutput;

/* Cells of one row, owned by the row. With @func, rows go to it (the
 * XLSX workbook) instead of being written as CSV.
 */
typedef struct
{
  GPtrArray       *cells;
  guint            table;
  WrReportRowFunc  func;
  gpointer         user_data;
  GError          *error;
} Row;

static void
row_add_take (Row  *row,
              char *cell)
{
  g_ptr_array_add (row->cells, cell);
}

static void
row_add (Row        *row,
         const char *cell)
{
  row_add_take (row, g_strdup (cell));
}

static void
row_add_attribute (Row        *row,
                   xmlNode    *node,
                   const char *name)
{
  row_add_take (row, get_attribute (node, name));
}

/* An ISO 8601 time as "YYYY-MM-DD HH:MM:SS" at the offset it was recorded
 * with (the clock on the wall where it happened), which every Excel locale
 * reads as a date and time; Excel reads the ISO value as text.
 */
static char *
local_time_text (const char *iso)
{
  g_autoptr(GDateTime) time = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;

  return time != NULL ? g_date_time_format (time, "%Y-%m-%d %H:%M:%S") : g_strdup ("");
}

/* A time attribute, then the same as local time in the column beside it. */
static void
row_add_time (Row        *row,
              xmlNode    *node,
              const char *name)
{
  char *iso = get_attribute (node, name);

  row_add_take (row, iso);
  row_add_take (row, local_time_text (iso));
}

static void
row_add_count (Row        *row,
               xmlNode    *visit,
               const char *container)
{
  xmlNode *node = _wr_xml_first_child (visit, PACK_NS, container);

  row_add_take (row, g_strdup_printf ("%lu", node != NULL ? xmlChildElementCount (node) : 0UL));
}

/* The observations reported, not those a removed repeat hides. */
static void
row_add_observation_count (Row     *row,
                           xmlNode *visit)
{
  xmlNode *observations = _wr_xml_first_child (visit, PACK_NS, "observations");
  guint n = 0;

  for (xmlNode *node = observations != NULL ? observations->children : NULL; node != NULL; node = node->next)
    n += _wr_report_is_shown_observation (visit, node);
  row_add_take (row, g_strdup_printf ("%u", n));
}

/* The answers shown, not those the form's conditions hide. */
static void
row_add_answer_count (Row     *row,
                      xmlNode *visit)
{
  xmlNode *answers = _wr_xml_first_child (visit, PACK_NS, "answers");
  guint n = 0;

  for (xmlNode *answer = answers != NULL ? answers->children : NULL; answer != NULL; answer = answer->next)
    n += is_shown_answer (answer);

  row_add_take (row, g_strdup_printf ("%u", n));
}

static void
row_end (Row     *row,
         GString *out)
{
  if (row->func == NULL)
    wr_csv_append_row (out, (const char * const *) row->cells->pdata, row->cells->len);
  else if (row->error == NULL)
    row->func (row->table, (const char * const *) row->cells->pdata, row->cells->len, row->user_data, &row->error);
  g_ptr_array_set_size (row->cells, 0);
}

static char *
team_text (xmlNode *visit)
{
  xmlNode *team = _wr_xml_first_child (visit, PACK_NS, "team");
  g_autoptr(GString) out = g_string_new (NULL);

  for (xmlNode *member = team != NULL ? team->children : NULL; member != NULL; member = member->next)
    {
      g_autofree char *name = NULL;
      g_autofree char *role = NULL;
      int index;

      if (!is_pack_element (member, "member"))
        continue;
      name = get_attribute (member, "name");
      role = get_attribute (member, "role");
      index = wr_role_find (role);
      if (out->len > 0)
        g_string_append (out, "; ");
      /* A record is handed over before the schema has seen its inside,
       * so even required attributes may be missing here.
       */
      g_string_append_printf (out, "%s (%s)", name != NULL ? name : "",
                              index >= 0 ? wr_role_get_label (index) : role != NULL ? role : "");
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static const char *
service_name (Pack    *pack,
              xmlNode *visit)
{
  g_autofree char *uuid = get_attribute (visit, "service");

  return uuid != NULL ? g_hash_table_lookup (pack->services, uuid) : NULL;
}

static void
write_visit_row (Pack    *pack,
                 xmlNode *visit,
                 Row     *row,
                 GString *out)
{
  g_autofree char *sha256 = get_attribute (visit, "form-sha256");
  WrForm *form = sha256 != NULL ? g_hash_table_lookup (pack->forms, sha256) : NULL;

  row_add_attribute (row, visit, "uuid");
  row_add_attribute (row, visit, "revision");
  row_add_attribute (row, visit, "kind");
  row_add_attribute (row, visit, "status");
  row_add_time (row, visit, "started");
  row_add_time (row, visit, "ended");
  row_add_attribute (row, visit, "service");
  row_add (row, service_name (pack, visit));
  row_add_attribute (row, visit, "form");
  row_add_attribute (row, visit, "form-version");
  row_add (row, form != NULL ? wr_form_get_title (form) : NULL);
  row_add_take (row, team_text (visit));
  row_add_answer_count (row, visit);
  row_add_observation_count (row, visit);
  row_add_count (row, visit, "actions");
  row_add_count (row, visit, "attachments");
  row_add_time (row, visit, "created");
  row_add_time (row, visit, "modified");
  row_add_attribute (row, visit, "device");
  {
    g_autofree char *sections = NULL;
    g_autofree char *score = score_visit (pack, visit, FALSE, &sections);

    row_add (row, score);
    row_add (row, sections);
  }
  row_end (row, out);
}

/* The first three columns of every table but visits.csv. */
static void
row_start_in_visit (Row     *row,
                    Pack    *pack,
                    xmlNode *visit)
{
  row_add_attribute (row, visit, "uuid");
  row_add (row, service_name (pack, visit));
  row_add_time (row, visit, "started");
}

static void
write_answer_rows (Pack    *pack,
                   xmlNode *visit,
                   Row     *row,
                   GString *out)
{
  xmlNode *answers = _wr_xml_first_child (visit, PACK_NS, "answers");

  for (xmlNode *answer = answers != NULL ? answers->children : NULL; answer != NULL; answer = answer->next)
    {
      g_autofree char *id = NULL;
      g_autofree char *value = NULL;
      g_autofree char *member = NULL;
      WrQuestion *question;

      if (!is_shown_answer (answer))
        continue;

      id = get_attribute (answer, "question");
      question = find_question (pack, visit, id);
      value = child_text (answer, "value");
      member = get_attribute (answer, "member");

      row_start_in_visit (row, pack, visit);
      row_add (row, section_label (question));
      row_add (row, id);
      row_add (row, question_label (question));
      row_add_take (row, member_name (visit, member));
      row_add_attribute (row, answer, "repeat");
      row_add (row, value);
      row_add_take (row, describe_value (question, value));
      row_add_take (row, child_text (answer, "comment"));
      row_add_time (row, answer, "modified");
      row_end (row, out);
    }
}

/* The refs of an observation's links of one kind, joined by semicolons. */
static char *
links_text (xmlNode    *observation,
            const char *kind)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (xmlNode *link = observation->children; link != NULL; link = link->next)
    {
      g_autofree char *link_kind = NULL;
      g_autofree char *ref = NULL;

      if (!is_pack_element (link, "link"))
        continue;
      link_kind = get_attribute (link, "kind");
      if (g_strcmp0 (link_kind, kind) != 0)
        continue;
      ref = get_attribute (link, "ref");
      if (out->len > 0)
        g_string_append (out, "; ");
      g_string_append (out, ref != NULL ? ref : "");
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
write_observation_rows (Pack    *pack,
                        xmlNode *visit,
                        Row     *row,
                        GString *out)
{
  xmlNode *observations = _wr_xml_first_child (visit, PACK_NS, "observations");

  for (xmlNode *node = observations != NULL ? observations->children : NULL; node != NULL; node = node->next)
    {
      g_autofree char *question = NULL;
      g_autofree char *member = NULL;

      if (!_wr_report_is_shown_observation (visit, node))
        continue;

      question = get_attribute (node, "question");
      member = get_attribute (node, "member");

      row_start_in_visit (row, pack, visit);
      row_add_attribute (row, node, "uuid");
      row_add_attribute (row, node, "kind");
      row_add_attribute (row, node, "voice");
      row_add_attribute (row, node, "category");
      row_add (row, question);
      row_add (row, question_label (find_question (pack, visit, question)));
      row_add_take (row, member_name (visit, member));
      row_add_take (row, child_text (node, "text"));
      row_add_take (row, links_text (node, "regulation"));
      row_add_take (row, links_text (node, "statement"));
      row_add_take (row, links_text (node, "key-question"));
      row_add_take (row, links_text (node, "theme"));
      row_add_time (row, node, "created");
      row_add_time (row, node, "modified");
      row_end (row, out);
    }
}

static void
write_action_rows (Pack    *pack,
                   xmlNode *visit,
                   Row     *row,
                   GString *out)
{
  xmlNode *actions = _wr_xml_first_child (visit, PACK_NS, "actions");

  for (xmlNode *node = actions != NULL ? actions->children : NULL; node != NULL; node = node->next)
    {
      if (!is_pack_element (node, "action"))
        continue;

      row_start_in_visit (row, pack, visit);
      row_add_attribute (row, node, "uuid");
      row_add_attribute (row, node, "status");
      row_add_attribute (row, node, "owner");
      row_add_attribute (row, node, "due");
      row_add_take (row, child_text (node, "text"));
      row_add_attribute (row, node, "observation");
      row_add_attribute (row, node, "question");
      row_add_time (row, node, "created");
      row_add_time (row, node, "modified");
      row_end (row, out);
    }
}

/* Rows are written out a visit at a time, so memory stays flat however
 * many visits the pack has.
 */
static gboolean
add_rows_cb (Pack     *pack,
             xmlNode  *record,
             gpointer  user_data,
             GError  **error)
{
  CsvOutput *csv = user_data;
  Row row = { g_ptr_array_new_with_free_func (g_free) };

  if (!is_pack_element (record, "visit"))
    {
      g_ptr_array_unref (row.cells);
      return TRUE;
    }

  write_visit_row (pack, record, &row, csv->rows[VISITS]);
  write_answer_rows (pack, record, &row, csv->rows[ANSWERS]);
  write_observation_rows (pack, record, &row, csv->rows[OBSERVATIONS]);
  write_action_rows (pack, record, &row, csv->rows[ACTIONS]);
  g_ptr_array_unref (row.cells);

  for (guint i = 0; i < N_TABLES; i++)
    {
      if (!out_file_flush (&csv->files[i], csv->rows[i], error))
        return FALSE;
    }

  return TRUE;
}

typedef struct
{
  WrReportRowFunc func;
  gpointer        user_data;
} TableReader;

static gboolean
read_table_rows_cb (Pack     *pack,
                    xmlNode  *record,
                    gpointer  user_data,
                    GError  **error)
{
  TableReader *reader = user_data;
  Row row = { g_ptr_array_new_with_free_func (g_free), VISITS, reader->func, reader->user_data, NULL };

  if (is_pack_element (record, "visit"))
    {
      write_visit_row (pack, record, &row, NULL);
      row.table = ANSWERS;
      write_answer_rows (pack, record, &row, NULL);
      row.table = OBSERVATIONS;
      write_observation_rows (pack, record, &row, NULL);
      row.table = ACTIONS;
      write_action_rows (pack, record, &row, NULL);
    }
  g_ptr_array_unref (row.cells);

  if (row.error != NULL)
    {
      g_propagate_error (error, row.error);
      return FALSE;
    }
  return TRUE;
}

/**
 * _wr_report_read_tables:
 * @pack_path: an evidence pack
 * @func: called with each row of the four tables, in the order of the CSV
 *   files, with the cells as they are (not made safe for CSV)
 * @user_data: for @func
 * @cancellable: (nullable): to stop
 * @error: return location for a #GError
 *
 * Reads the pack as wr_report_write_csv() does, for other table formats.
 *
 * Returns: %TRUE if the whole pack was read and @func never failed
 */
gboolean
_wr_report_read_tables (const char       *pack_path,
                        WrReportRowFunc   func,
                        gpointer          user_data,
                        GCancellable     *cancellable,
                        GError          **error)
{
  g_auto(Pack) pack = { NULL };
  TableReader reader = { func, user_data };

  return pack_init (&pack, pack_path, error) &&
         read_pack (&pack, cancellable, read_table_rows_cb, &reader, error);
}

/* The column names of a table, as in its CSV file. */
const char * const *
_wr_report_get_columns (guint  table,
                        guint *n_columns)
{
  const char * const *columns[N_TABLES] = { visit_columns, answer_columns, observation_columns, action_columns };
  const gsize n[N_TABLES] = {
    G_N_ELEMENTS (visit_columns), G_N_ELEMENTS (answer_columns),
    G_N_ELEMENTS (observation_columns), G_N_ELEMENTS (action_columns),
  };

  g_return_val_if_fail (table < N_TABLES, NULL);

  *n_columns = (guint) n[table];
  return columns[table];
}

static void
csv_output_clear (CsvOutput *csv)
{
  for (guint i = 0; i < N_TABLES; i++)
    {
      out_file_clear (&csv->files[i]);
      if (csv->rows[i] != NULL)
        g_string_free (csv->rows[i], TRUE);
      csv->rows[i] = NULL;
    }
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CsvOutput, csv_output_clear)

/* Each file starts with a UTF-8 byte order mark, without which Excel on
 * Windows reads the file as the local 8-bit code page and garbles every
 * accented letter, and one header row.
 */
static gboolean
csv_output_open (CsvOutput     *csv,
                 const char    *folder,
                 GCancellable  *cancellable,
                 GError       **error)
{
  const char * const *columns[N_TABLES] = { visit_columns, answer_columns, observation_columns, action_columns };
  const gsize n_columns[N_TABLES] = {
    G_N_ELEMENTS (visit_columns), G_N_ELEMENTS (answer_columns),
    G_N_ELEMENTS (observation_columns), G_N_ELEMENTS (action_columns),
  };

  for (guint i = 0; i < N_TABLES; i++)
    {
      g_autofree char *path = g_build_filename (folder, table_names[i], NULL);

      csv->rows[i] = g_string_new ("\xef\xbb\xbf");
      wr_csv_append_row (csv->rows[i], columns[i], n_columns[i]);
      if (!out_file_open (&csv->files[i], path, cancellable, error) ||
          !out_file_flush (&csv->files[i], csv->rows[i], error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
ensure_folder (const char  *folder,
               gboolean    *created,
               GError     **error)
{
  int saved_errno;

  *created = !g_file_test (folder, G_FILE_TEST_EXISTS);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      saved_errno = errno;
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_WRITE,
                   _("Could not create the folder “%s”: %s"), folder, g_strerror (saved_errno));
      return FALSE;
    }

  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_WRITE,
                   _("“%s” is a file, not a folder; give a folder for the four CSV files"), folder);
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_tables (Pack          *pack,
              const char    *output_dir,
              GCancellable  *cancellable,
              GError       **error)
{
  g_auto(CsvOutput) csv = { { { NULL } } };

  if (!csv_output_open (&csv, output_dir, cancellable, error) ||
      !read_pack (pack, cancellable, add_rows_cb, &csv, error))
    return FALSE;

  for (guint i = 0; i < N_TABLES; i++)
    {
      if (!out_file_finish (&csv.files[i], error))
        return FALSE;
    }

  /* Four renames cannot be one step; they come last, so that only a
   * failing disk can leave a mix of old and new tables.
   */
  for (guint i = 0; i < N_TABLES; i++)
    {
      if (!out_file_commit (&csv.files[i], error))
        return FALSE;
    }

  return TRUE;
}

/**
 * wr_report_write_csv:
 * @pack_path: an evidence pack
 * @output_dir: a folder, made if it is missing, for the four tables
 * @cancellable: (nullable): to stop reading the pack
 * @error: return location for a #GError
 *
 * Writes the pack's visits, answers, observations and actions as four CSV
 * files (#WR_REPORT_CSV_VISITS and the others) that open cleanly in a
 * spreadsheet: UTF-8 with a byte order mark, one header row, every field
 * quoted, CRLF line ends (RFC 4180), and cells that a spreadsheet would
 * run as a formula made text with a leading apostrophe
 * (wr_csv_append_cell()). The pack is read as a stream and checked as
 * for wr_report_write_html(). The files replace any of the same names only
 * once all four are complete.
 *
 * Returns: %TRUE once the four files are in @output_dir
 */
gboolean
wr_report_write_csv (const char    *pack_path,
                     const char    *output_dir,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_auto(Pack) pack = { NULL };
  gboolean created = FALSE;
  gboolean ok;

  g_return_val_if_fail (pack_path != NULL, FALSE);
  g_return_val_if_fail (output_dir != NULL, FALSE);

  if (!pack_init (&pack, pack_path, error) ||
      !ensure_folder (output_dir, &created, error))
    return FALSE;

  ok = write_tables (&pack, output_dir, cancellable, error);

  /* A folder made for a report that failed goes too; it is empty. */
  if (!ok && created)
    g_rmdir (output_dir);

  return ok;
}

/* Visits read on a thread of their own ------------------------------------- */

/* The PDF's passes read the pack on a thread of their own, one visit at
 * a time, while the calling thread lays out and draws the visits read:
 * parsing, checking and modelling a visit takes about as long as laying
 * it out to count its pages, and a tenth of drawing it, so on a second
 * core that much is saved. At most MAX_VISITS_READ_AHEAD visits wait, so
 * that memory stays bounded. Only the reading thread touches the pack;
 * the models it hands over hold all they need.
 */
#define MAX_VISITS_READ_AHEAD 4

static void forward_cancel_cb (GCancellable *cancellable,
                               GCancellable *stop);

typedef gboolean (*VisitFunc) (WrReportVisit  *visit,
                               gpointer        user_data,
                               GError        **error);

typedef struct
{
  Pack         *pack;
  WrWorkQueue  *queue;   /* WrReportVisit */
  GCancellable *stop;
  GError       *error;   /* the reading's */
} VisitFeed;

static void
free_visit (gpointer visit)
{
  _wr_report_visit_free (visit);
}

static gboolean
feed_record_cb (Pack     *pack,
                xmlNode  *record,
                gpointer  user_data,
                GError  **error)
{
  VisitFeed *feed = user_data;

  if (!is_pack_element (record, "visit"))
    return TRUE;

  /* Refused once the visits already read have failed. */
  if (!_wr_work_queue_push (feed->queue, _wr_report_visit_new (pack, record)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Stopped");
      return FALSE;
    }

  return TRUE;
}

static gpointer
reading_thread (gpointer data)
{
  VisitFeed *feed = data;

  read_pack (feed->pack, feed->stop, feed_record_cb, feed, &feed->error);
  _wr_work_queue_close (feed->queue);

  return NULL;
}

/* Reads the pack as read_pack() does, on a thread of its own, and hands
 * each visit's model to @func here, in document order. The first error,
 * of the reading or of @func, ends it.
 */
static gboolean
read_visits (Pack          *pack,
             GCancellable  *cancellable,
             VisitFunc      func,
             gpointer       user_data,
             GError       **error)
{
  g_autoptr(GCancellable) stop = g_cancellable_new ();
  VisitFeed feed = { pack, NULL, stop, NULL };
  GError *local_error = NULL;
  WrReportVisit *visit;
  GThread *thread;
  gulong forward = 0;

  feed.queue = _wr_work_queue_new (MAX_VISITS_READ_AHEAD, 0, free_visit);
  if (cancellable != NULL)
    forward = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel_cb), stop, NULL);

  thread = g_thread_new ("wr-report-reader", reading_thread, &feed);
  while ((visit = _wr_work_queue_pop (feed.queue)) != NULL)
    {
      if (local_error == NULL && !func (visit, user_data, &local_error))
        {
          /* The reading stops at its next visit; those read already are
           * still taken from the queue, and freed.
           */
          _wr_work_queue_stop (feed.queue);
          g_cancellable_cancel (stop);
        }
      _wr_work_queue_done (feed.queue, visit);
    }
  g_thread_join (thread);

  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, forward);
  _wr_work_queue_free (feed.queue);

  if (local_error != NULL)
    {
      g_clear_error (&feed.error);
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (feed.error != NULL)
    {
      g_propagate_error (error, feed.error);
      return FALSE;
    }

  return TRUE;
}

/* PDF ------------------------------------------------------------------------- */

/* Each visit is read, made into its model, laid out and drawn, then
 * forgotten: only the PDF's own index (an offset per object) and its font
 * subsets grow with the number of visits.
 *
 * The pages are drawn by the report's own PDF writer (wr-pdf-writer.c),
 * or, when a text needs a font it cannot embed, by cairo's PDF surface:
 * the same drawing, several times slower.
 */
typedef struct
{
  OutFile         *file;
  GString         *buffer;
  GError          *write_error;
  WrReportPages   *pages;
  WrPdfWriter     *writer;
  cairo_surface_t *surface;
  cairo_t         *cr;
  guint            n_pages;
  const WrReportOptions *options;
  WrReportProgress      *progress;
} PdfOutput;

#define PDF_BUFFER_SIZE (64 * 1024)

static cairo_status_t
pdf_write_cb (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  PdfOutput *pdf = closure;

  if (pdf->write_error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;

  g_string_append_len (pdf->buffer, (const char *) data, length);
  if (pdf->buffer->len >= PDF_BUFFER_SIZE && !out_file_flush (pdf->file, pdf->buffer, &pdf->write_error))
    return CAIRO_STATUS_WRITE_ERROR;

  return CAIRO_STATUS_SUCCESS;
}

static gboolean
pdf_writer_write_cb (const char  *data,
                     gsize        length,
                     gpointer     user_data,
                     GError     **error)
{
  PdfOutput *pdf = user_data;

  return out_file_write (pdf->file, data, length, error);
}

/* Draws the pages laid out so far and forgets them, a visit's outline
 * entry at its first page.
 */
static void
pdf_draw_pages (PdfOutput *pdf)
{
  for (guint i = 0; i < wr_report_pages_get_n_pages (pdf->pages); i++)
    {
      const char *title = _wr_report_pages_starts_document (pdf->pages, i) ?
                          _wr_report_pages_get_title (pdf->pages, i) : NULL;

      if (pdf->writer != NULL)
        {
          _wr_pdf_writer_begin_page (pdf->writer);
          if (title != NULL)
            _wr_pdf_writer_add_outline (pdf->writer, title);
          _wr_report_pages_write_page (pdf->pages, pdf->writer, i);
          _wr_pdf_writer_end_page (pdf->writer);
        }
      else
        {
          if (title != NULL)
            {
              g_autofree char *link = g_strdup_printf ("page=%u", pdf->n_pages + 1);

              cairo_pdf_surface_add_outline (pdf->surface, CAIRO_PDF_OUTLINE_ROOT, title, link, 0);
            }
          wr_report_pages_draw_page (pdf->pages, pdf->cr, i);
          cairo_show_page (pdf->cr);
        }
      pdf->n_pages++;
    }

  _wr_report_pages_drop (pdf->pages);
}

/* A visit as the report shows it, or its feedback letter. */
static gboolean
add_visit_pages (WrReportPages          *pages,
                 const WrReportVisit    *visit,
                 const WrReportOptions  *options,
                 WrReportProgress       *progress,
                 GError                **error)
{
  g_autoptr(WrReportLetter) letter = NULL;

  if (!options->letter)
    {
      _wr_report_pages_add_visit (pages, visit);
      return TRUE;
    }

  if (!(letter = _wr_report_letter_new (visit, (const char * const *) options->include_quotes, options->all_quotes,
                                        error)))
    return FALSE;
  if (progress != NULL)
    g_atomic_int_add (&progress->quotes_left_out, (gint) _wr_report_letter_get_n_left_out (letter));
  _wr_report_pages_add_letter (pages, letter);
  return TRUE;
}

static gboolean
add_pdf_visit_cb (WrReportVisit  *visit,
                  gpointer        user_data,
                  GError        **error)
{
  PdfOutput *pdf = user_data;

  if (!add_visit_pages (pdf->pages, visit, pdf->options, pdf->progress, error))
    return FALSE;
  pdf_draw_pages (pdf);

  if (pdf->write_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&pdf->write_error));
      return FALSE;
    }
  if (pdf->writer != NULL)
    return _wr_pdf_writer_check (pdf->writer, error);

  return TRUE;
}

/* The first of a PDF's two readings of its pack: its pages laid out and
 * counted, not drawn, so that every page can say "Page N of M" with M
 * the whole document's count, in the memory of one visit at a time.
 */
typedef struct
{
  WrReportPages          *pages;
  const WrReportOptions  *options;
  guint                   n_pages;
} PdfCount;

static gboolean
count_pdf_visit_cb (WrReportVisit  *visit,
                    gpointer        user_data,
                    GError        **error)
{
  PdfCount *count = user_data;

  if (!add_visit_pages (count->pages, visit, count->options, NULL, error))
    return FALSE;
  count->n_pages += wr_report_pages_get_n_pages (count->pages);
  _wr_report_pages_drop (count->pages);

  return TRUE;
}

static gboolean
count_pdf_pages (Pack                   *pack,
                 WrReportPages          *pages,
                 const WrReportOptions  *options,
                 guint                  *n_pages,
                 GCancellable           *cancellable,
                 GError                **error)
{
  PdfCount count = { pages, options, 0 };

  if (!read_visits (pack, cancellable, count_pdf_visit_cb, &count, error))
    return FALSE;
  *n_pages = count.n_pages;
  return TRUE;
}

static void
pdf_output_clear (PdfOutput *pdf)
{
  g_clear_pointer (&pdf->writer, _wr_pdf_writer_free);
  g_clear_pointer (&pdf->cr, cairo_destroy);
  g_clear_pointer (&pdf->surface, cairo_surface_destroy);
  if (pdf->buffer != NULL)
    g_string_free (pdf->buffer, TRUE);
  pdf->buffer = NULL;
  g_clear_error (&pdf->write_error);
  pdf->n_pages = 0;
}

/* A PDF has at least one page: one that says why it is empty. */
static void
pdf_add_empty_page (PdfOutput *pdf)
{
  _wr_report_pages_begin_document (pdf->pages, "", "", "");
  _wr_report_pages_add_text (pdf->pages, WR_REPORT_TEXT_TITLE, _("No visits"));
  _wr_report_pages_add_text (pdf->pages, WR_REPORT_TEXT_BODY, _("The evidence pack holds no visits."));
  _wr_report_pages_end_document (pdf->pages);
  pdf_draw_pages (pdf);
}

static const char *
pdf_title (const WrReportOptions *options)
{
  return options->letter ? _("Feedback for the service") : _("Visit report");
}

/* One reading of the pack, drawn by the report's own writer as it goes;
 * each page's number is drawn once the last page is, in the page's late
 * part, when the count is known.
 */
static gboolean
draw_pdf_with_writer (PdfOutput     *pdf,
                      Pack          *pack,
                      GCancellable  *cancellable,
                      GError       **error)
{
  const WrReportOptions *options = pdf->options;

  pdf->writer = _wr_pdf_writer_new (WR_REPORT_PAGE_WIDTH, WR_REPORT_PAGE_HEIGHT, pdf_writer_write_cb, pdf);
  _wr_pdf_writer_set_info (pdf->writer, pdf_title (options), options->organisation,
                           "Walkround " PACKAGE_VERSION, WR_REPORT_LANGUAGE);
  _wr_pdf_writer_set_late_parts (pdf->writer);
  _wr_report_pages_set_late_numbers (pdf->pages, TRUE);

  if (!read_visits (pack, cancellable, add_pdf_visit_cb, pdf, error))
    return FALSE;
  if (pdf->n_pages == 0)
    pdf_add_empty_page (pdf);

  for (guint i = 0; i < pdf->n_pages; i++)
    {
      _wr_pdf_writer_begin_late_part (pdf->writer, i);
      _wr_report_pages_write_number (pdf->pages, pdf->writer, i + 1, pdf->n_pages);
      _wr_pdf_writer_end_late_part (pdf->writer);
    }

  return _wr_pdf_writer_finish (pdf->writer, error);
}

/* The same with cairo's PDF surface, for texts whose fonts the writer
 * cannot embed.
 */
static gboolean
draw_pdf_with_cairo (PdfOutput     *pdf,
                     Pack          *pack,
                     const char    *output_path,
                     GCancellable  *cancellable,
                     GError       **error)
{
  const WrReportOptions *options = pdf->options;

  pdf->buffer = g_string_sized_new (PDF_BUFFER_SIZE + 4096);
  pdf->surface = cairo_pdf_surface_create_for_stream (pdf_write_cb, pdf, WR_REPORT_PAGE_WIDTH, WR_REPORT_PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (pdf->surface, CAIRO_PDF_METADATA_TITLE, pdf_title (options));
  cairo_pdf_surface_set_metadata (pdf->surface, CAIRO_PDF_METADATA_CREATOR, "Walkround " PACKAGE_VERSION);
  if (options->organisation != NULL && options->organisation[0] != '\0')
    cairo_pdf_surface_set_metadata (pdf->surface, CAIRO_PDF_METADATA_AUTHOR, options->organisation);
  pdf->cr = cairo_create (pdf->surface);

  if (!read_visits (pack, cancellable, add_pdf_visit_cb, pdf, error))
    return FALSE;
  if (pdf->n_pages == 0)
    pdf_add_empty_page (pdf);

  g_clear_pointer (&pdf->cr, cairo_destroy);
  cairo_surface_finish (pdf->surface);
  if (pdf->write_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&pdf->write_error));
      return FALSE;
    }
  if (cairo_surface_status (pdf->surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_WRITE, _("Could not make the PDF “%s”: %s"),
                   output_path, cairo_status_to_string (cairo_surface_status (pdf->surface)));
      return FALSE;
    }

  return out_file_flush (pdf->file, pdf->buffer, error);
}

static gboolean
write_pdf (const char             *pack_path,
           const char             *output_path,
           const WrReportOptions  *options,
           WrReportProgress       *progress,
           GCancellable           *cancellable,
           GError                **error)
{
  g_auto(Pack) pack = { NULL };
  OutFile file = { NULL, NULL };
  PdfOutput pdf = { &file, NULL, NULL, NULL, NULL, NULL, NULL, 0, options, progress };
  GError *local_error = NULL;
  gboolean ok = FALSE;
  guint n_pages = 0;

  pdf.pages = _wr_report_pages_new (options->organisation, options->marking);
  if (!pack_init (&pack, pack_path, error) ||
      !out_file_open (&file, output_path, cancellable, error))
    goto out;

  /* WALKROUND_PDF_WRITER=cairo draws with cairo from the start, to
   * compare the two (docs/reports.md).
   */
  if (g_strcmp0 (g_getenv ("WALKROUND_PDF_WRITER"), "cairo") == 0)
    g_set_error_literal (&local_error, WR_PDF_WRITER_ERROR, WR_PDF_WRITER_ERROR_FONT, "WALKROUND_PDF_WRITER=cairo");
  if (local_error != NULL || !draw_pdf_with_writer (&pdf, &pack, cancellable, &local_error))
    {
      if (!g_error_matches (local_error, WR_PDF_WRITER_ERROR, WR_PDF_WRITER_ERROR_FONT))
        {
          g_propagate_error (error, local_error);
          goto out;
        }

      /* Again from the start, with cairo, which draws a page's number
       * with the page: the pages are counted first, in a reading of
       * their own. The two readings share one set of pages, so that the
       * texts shaped to count the pages are not shaped again to draw
       * them.
       */
      g_debug ("%s; drawing the PDF with cairo", local_error->message);
      g_clear_error (&local_error);
      pdf_output_clear (&pdf);
      out_file_clear (&file);
      _wr_report_pages_set_late_numbers (pdf.pages, FALSE);
      _wr_report_pages_drop (pdf.pages);
      if (!count_pdf_pages (&pack, pdf.pages, options, &n_pages, cancellable, error))
        goto out;
      _wr_report_pages_set_total (pdf.pages, n_pages);
      if (!out_file_open (&file, output_path, cancellable, error) ||
          !draw_pdf_with_cairo (&pdf, &pack, output_path, cancellable, error))
        goto out;
    }

  ok = out_file_finish (&file, error) &&
       out_file_commit (&file, error);

out:
  pdf_output_clear (&pdf);
  g_clear_pointer (&pdf.pages, wr_report_pages_free);
  out_file_clear (&file);
  return ok;
}

/* Lays every visit of the pack out on pages, for printing. */
typedef struct
{
  WrReportPages          *pages;
  const WrReportOptions  *options;
  WrReportProgress       *progress;
} LayOut;

static gboolean
add_page_record_cb (Pack     *pack,
                    xmlNode  *record,
                    gpointer  user_data,
                    GError  **error)
{
  LayOut *lay_out = user_data;
  g_autoptr(WrReportVisit) visit = NULL;

  if (!is_pack_element (record, "visit"))
    return TRUE;

  visit = _wr_report_visit_new (pack, record);
  return add_visit_pages (lay_out->pages, visit, lay_out->options, lay_out->progress, error);
}

static WrReportPages *
lay_out_pack (const char             *pack_path,
              const WrReportOptions  *options,
              WrReportProgress       *progress,
              GCancellable           *cancellable,
              GError                **error)
{
  g_auto(Pack) pack = { NULL };
  g_autoptr(WrReportPages) pages = _wr_report_pages_new (options->organisation, options->marking);
  LayOut lay_out = { pages, options, progress };

  if (!pack_init (&pack, pack_path, error) ||
      !read_pack (&pack, cancellable, add_page_record_cb, &lay_out, error))
    return NULL;

  return g_steal_pointer (&pages);
}

/* The feedback letter as HTML, for an email: a letter per visit, each
 * written out as it is read.
 */
typedef struct
{
  OutFile                *file;
  GString                *buffer;
  const WrReportOptions  *options;
  WrReportProgress       *progress;
} LetterHtml;

static gboolean
add_letter_html_cb (Pack     *pack,
                    xmlNode  *record,
                    gpointer  user_data,
                    GError  **error)
{
  LetterHtml *html = user_data;
  g_autoptr(WrReportVisit) visit = NULL;
  g_autoptr(WrReportLetter) letter = NULL;

  if (!is_pack_element (record, "visit"))
    return TRUE;

  visit = _wr_report_visit_new (pack, record);
  if (!(letter = _wr_report_letter_new (visit, (const char * const *) html->options->include_quotes,
                                        html->options->all_quotes, error)))
    return FALSE;
  if (html->progress != NULL)
    g_atomic_int_add (&html->progress->quotes_left_out, (gint) _wr_report_letter_get_n_left_out (letter));
  _wr_report_letter_append_html (letter, html->buffer);

  return out_file_flush (html->file, html->buffer, error);
}

static gboolean
write_letter_html (const char             *pack_path,
                   const char             *output_path,
                   const WrReportOptions  *options,
                   WrReportProgress       *progress,
                   GCancellable           *cancellable,
                   GError                **error)
{
  g_auto(Pack) pack = { NULL };
  g_autoptr(GString) buffer = g_string_new (NULL);
  OutFile file = { NULL, NULL };
  LetterHtml html = { &file, buffer, options, progress };
  gboolean ok;

  _wr_report_letter_append_html_start (buffer, _("Feedback for the service"), options->organisation,
                                       options->marking);
  ok = pack_init (&pack, pack_path, error) &&
       out_file_open (&file, output_path, cancellable, error) &&
       out_file_flush (&file, buffer, error) &&
       read_pack (&pack, cancellable, add_letter_html_cb, &html, error);
  if (ok)
    {
      _wr_report_letter_append_html_end (buffer, options->marking);
      ok = out_file_flush (&file, buffer, error) &&
           out_file_finish (&file, error) &&
           out_file_commit (&file, error);
    }
  out_file_clear (&file);
  return ok;
}

/**
 * wr_report_options_copy:
 * @options: options
 *
 * Returns: (transfer full): a copy of @options
 */
WrReportOptions *
wr_report_options_copy (const WrReportOptions *options)
{
  WrReportOptions *copy = g_new0 (WrReportOptions, 1);

  g_return_val_if_fail (options != NULL, copy);

  copy->format = options->format;
  copy->organisation = g_strdup (options->organisation);
  copy->marking = g_strdup (options->marking);
  copy->letter = options->letter;
  copy->include_quotes = g_strdupv (options->include_quotes);
  copy->all_quotes = options->all_quotes;

  return copy;
}

void
wr_report_options_free (WrReportOptions *options)
{
  if (options == NULL)
    return;

  g_free (options->organisation);
  g_free (options->marking);
  g_strfreev (options->include_quotes);
  g_free (options);
}

/**
 * wr_report_write:
 * @pack_path: an evidence pack
 * @output_path: the file to write (a folder for CSV); replaced once complete
 * @options: the format, and the organisation and marking to show
 * @cancellable: (nullable): to stop
 * @error: return location for a #GError
 *
 * Writes a report of the pack in @options' format: as
 * wr_report_write_html() and wr_report_write_csv() do, or as an A4 PDF
 * (each visit from its first page: what it was, its answers by section
 * with their scores, repeats as tables, photos under their questions,
 * observations by kind and actions with owner and due date; a header with
 * the organisation, the service, the visit's kind and date, and the
 * marking at the top and bottom of every page with "Page N of M" counted
 * through the whole document). The PDF is laid out a visit at a time
 * twice, to count its pages and then to draw them, so that memory stays
 * flat however many visits the pack has.
 *
 * Returns: %TRUE once the report is at @output_path
 */
static gboolean write_report (const char             *pack_path,
                              const char             *output_path,
                              const WrReportOptions  *options,
                              WrReportProgress       *progress,
                              GCancellable           *cancellable,
                              GError                **error);

gboolean
wr_report_write (const char             *pack_path,
                 const char             *output_path,
                 const WrReportOptions  *options,
                 GCancellable           *cancellable,
                 GError                **error)
{
  g_return_val_if_fail (pack_path != NULL, FALSE);
  g_return_val_if_fail (output_path != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  return write_report (pack_path, output_path, options, NULL, cancellable, error);
}

static gboolean
write_report (const char             *pack_path,
              const char             *output_path,
              const WrReportOptions  *options,
              WrReportProgress       *progress,
              GCancellable           *cancellable,
              GError                **error)
{
  gboolean created = FALSE;
  gboolean ok;

  if (options->letter && (options->format == WR_REPORT_FORMAT_CSV || options->format == WR_REPORT_FORMAT_XLSX))
    {
      g_set_error_literal (error, WR_PACK_ERROR, WR_PACK_ERROR_WRITE,
                           _("The feedback letter is written as PDF or HTML, not as tables"));
      return FALSE;
    }

  switch (options->format)
    {
    case WR_REPORT_FORMAT_HTML:
      if (options->letter)
        return write_letter_html (pack_path, output_path, options, progress, cancellable, error);
      return write_html (pack_path, output_path, options, cancellable, error);

    case WR_REPORT_FORMAT_PDF:
      return write_pdf (pack_path, output_path, options, progress, cancellable, error);

    case WR_REPORT_FORMAT_XLSX:
      return wr_report_write_xlsx (pack_path, output_path, cancellable, error);

    case WR_REPORT_FORMAT_CSV:
    default:
      {
        g_auto(Pack) pack = { NULL };

        if (!pack_init (&pack, pack_path, error) ||
            !ensure_folder (output_path, &created, error))
          return FALSE;
        ok = write_tables (&pack, output_path, cancellable, error);
        if (!ok && created)
          g_rmdir (output_path);
        return ok;
      }
    }
}

/* From the store ------------------------------------------------------------- */

typedef struct
{
  WrReportProgress *progress;
  GCancellable     *stop;
  guint             max_visits;
  guint             too_many;
} StoreReport;

static void
writer_progress_cb (WrPackWriter *writer,
                    guint         done,
                    guint         total,
                    StoreReport  *report)
{
  if (report->progress != NULL)
    {
      g_atomic_int_set (&report->progress->total, (gint) MIN (total, (guint) G_MAXINT));
      g_atomic_int_set (&report->progress->done, (gint) MIN (done, (guint) G_MAXINT));
    }

  /* Known at the first signal, a few visits in: stop there, rather than
   * write a whole pack only to refuse it.
   */
  if (report->max_visits > 0 && total > report->max_visits && report->too_many == 0)
    {
      report->too_many = total;
      g_cancellable_cancel (report->stop);
    }
}

static void
forward_cancel_cb (GCancellable *cancellable,
                   GCancellable *stop)
{
  g_cancellable_cancel (stop);
}

/* Writes the pack of @scope's visits into a private temporary folder,
 * reports on it as @options say (or lays its pages out, for printing), and
 * deletes it. A readable report refuses more than
 * WR_REPORT_MAX_HTML_VISITS visits; tables take any number.
 */
static gboolean
report_store (WrStore                *store,
              WrFormLibrary          *library,
              const WrScope          *scope,
              const char             *output,
              const WrReportOptions  *options,
              WrReportPages         **pages_out,
              WrReportProgress       *progress,
              GCancellable           *cancellable,
              GError                **error)
{
  g_autoptr(WrReportOptions) settled = wr_report_options_copy (options);
  /* Tables, for a spreadsheet, take any number of visits. */
  gboolean tables = (options->format == WR_REPORT_FORMAT_CSV || options->format == WR_REPORT_FORMAT_XLSX) &&
                    pages_out == NULL;
  g_autoptr(WrPackWriter) writer = wr_pack_writer_new (store, library);
  g_autoptr(GCancellable) stop = g_cancellable_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *pack = NULL;
  guint max_visits = tables ? 0 : WR_REPORT_MAX_HTML_VISITS;
  StoreReport report = { progress, stop, max_visits, 0 };
  gulong forward = 0;
  gboolean ok;

  if (progress != NULL)
    {
      g_atomic_int_set (&progress->done, 0);
      g_atomic_int_set (&progress->total, 0);
      g_atomic_int_set (&progress->quotes_left_out, 0);
    }

  /* The organisation and marking are the database's unless given. */
  if ((settled->organisation == NULL || settled->marking == NULL) &&
      !wr_store_get_report_settings (store, settled->organisation == NULL ? &settled->organisation : NULL,
                                     settled->marking == NULL ? &settled->marking : NULL, error))
    return FALSE;

  if (!(dir = g_dir_make_tmp ("walkround-report-XXXXXX", error)))
    {
      g_prefix_error (error, _("Could not make a temporary folder for the pack: "));
      return FALSE;
    }
  pack = g_build_filename (dir, "pack.xml", NULL);

  if (scope != NULL)
    wr_pack_writer_set_filter (writer, scope);
  /* The pack is only reported on, never shared. */
  wr_pack_writer_set_remember_shared (writer, FALSE);
  g_signal_connect (writer, "progress", G_CALLBACK (writer_progress_cb), &report);

  if (cancellable != NULL)
    forward = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel_cb), stop, NULL);

  ok = wr_pack_writer_write_file (writer, pack, stop, &local_error);

  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, forward);

  if (!ok && report.too_many > 0 && !g_cancellable_is_cancelled (cancellable))
    {
      g_clear_error (&local_error);
      g_set_error (&local_error, WR_STORE_ERROR, WR_STORE_ERROR_FILTER,
                   _("These choices take %u visits, too many for a report to read (at most %u). Choose a shorter "
                     "period, one service or one kind of visit, or make CSV tables of them instead."),
                   report.too_many, max_visits);
    }

  if (ok && pages_out != NULL)
    ok = (*pages_out = lay_out_pack (pack, settled, progress, cancellable, &local_error)) != NULL;
  else if (ok)
    ok = write_report (pack, output, settled, progress, cancellable, &local_error);

  g_unlink (pack);
  g_rmdir (dir);

  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/**
 * wr_report_write_html_for_store:
 * @store: the database
 * @library: the installed forms, embedded in the pack the report is made from
 * @scope: (nullable): which visits, as for an export; %NULL for every
 *   completed visit
 * @output_path: where to write the report; an existing file is replaced
 * @progress: (nullable): set as the work goes on
 * @cancellable: (nullable): to stop
 * @error: return location for a #GError
 *
 * Writes the HTML report (wr_report_write_html()) of the visits @scope
 * takes, through a pack of them that is deleted afterwards and does not
 * mark them as shared. Refuses more than #WR_REPORT_MAX_HTML_VISITS visits
 * with %WR_STORE_ERROR_FILTER. Uses @store in the calling thread.
 *
 * Returns: %TRUE once the report is at @output_path
 */
gboolean
wr_report_write_html_for_store (WrStore           *store,
                                WrFormLibrary     *library,
                                const WrScope     *scope,
                                const char        *output_path,
                                WrReportProgress  *progress,
                                GCancellable      *cancellable,
                                GError           **error)
{
  g_return_val_if_fail (WR_IS_STORE (store), FALSE);
  g_return_val_if_fail (WR_IS_FORM_LIBRARY (library), FALSE);
  g_return_val_if_fail (output_path != NULL, FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  WrReportOptions options = { WR_REPORT_FORMAT_HTML, NULL, NULL };

  return report_store (store, library, scope, output_path, &options, NULL, progress, cancellable, error);
}

/**
 * wr_report_write_csv_for_store:
 * @store: the database
 * @library: the installed forms
 * @scope: (nullable): which visits, as for an export
 * @output_dir: a folder, made if it is missing, for the four tables
 * @progress: (nullable): set as the work goes on
 * @cancellable: (nullable): to stop
 * @error: return location for a #GError
 *
 * Writes the CSV tables (wr_report_write_csv()) of the visits @scope
 * takes, as wr_report_write_html_for_store() does the HTML report, with
 * no limit on their number.
 *
 * Returns: %TRUE once the four files are in @output_dir
 */
gboolean
wr_report_write_csv_for_store (WrStore           *store,
                               WrFormLibrary     *library,
                               const WrScope     *scope,
                               const char        *output_dir,
                               WrReportProgress  *progress,
                               GCancellable      *cancellable,
                               GError           **error)
{
  g_return_val_if_fail (WR_IS_STORE (store), FALSE);
  g_return_val_if_fail (WR_IS_FORM_LIBRARY (library), FALSE);
  g_return_val_if_fail (output_dir != NULL, FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  WrReportOptions options = { WR_REPORT_FORMAT_CSV, NULL, NULL };

  return report_store (store, library, scope, output_dir, &options, NULL, progress, cancellable, error);
}

typedef struct
{
  WrStore          *store;
  WrFormLibrary    *library;
  WrScope          *scope;
  char             *output;      /* NULL: lay out pages for printing */
  WrReportOptions  *options;
  WrReportProgress *progress;
} StoreJob;

static void
store_job_free (StoreJob *job)
{
  g_clear_object (&job->store);
  g_clear_object (&job->library);
  g_clear_pointer (&job->scope, wr_scope_free);
  g_clear_pointer (&job->options, wr_report_options_free);
  g_free (job->output);
  g_free (job);
}

static void
store_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  StoreJob *job = task_data;
  WrReportPages *pages = NULL;
  GError *error = NULL;
  gboolean ok;

  ok = report_store (job->store, job->library, job->scope, job->output, job->options,
                     job->output == NULL ? &pages : NULL, job->progress, cancellable, &error);

  /* The worker's own connection closes here, not on the main thread. */
  g_clear_object (&job->store);

  if (!ok)
    g_task_return_error (task, error);
  else if (pages != NULL)
    g_task_return_pointer (task, pages, (GDestroyNotify) wr_report_pages_free);
  else
    g_task_return_boolean (task, TRUE);
}

static void
start_store_job (WrStore               *store,
                 WrFormLibrary         *library,
                 const WrScope         *scope,
                 const char            *output,
                 const WrReportOptions *options,
                 WrReportProgress      *progress,
                 gpointer             source_tag,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (store, cancellable, callback, user_data);
  GError *error = NULL;
  StoreJob *job = g_new0 (StoreJob, 1);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) store_job_free);

  /* The worker reads through a connection of its own, so that @store
   * goes on serving this thread meanwhile.
   */
  if (!(job->store = wr_store_open_another (store, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  job->library = g_object_ref (library);
  job->scope = scope != NULL ? wr_scope_copy (scope) : NULL;
  job->output = g_strdup (output);
  job->options = wr_report_options_copy (options);
  job->progress = progress;

  g_task_run_in_thread (task, store_thread);
}

/**
 * wr_report_write_html_for_store_async:
 * @store: the database
 * @library: the installed forms
 * @scope: (nullable): which visits; copied
 * @output_path: where to write the report
 * @progress: (nullable): set from the worker thread; must stay valid
 *   until @callback is called
 * @cancellable: (nullable): to stop
 * @callback: called on the thread-default main context when done
 * @user_data: for @callback
 *
 * Runs wr_report_write_html_for_store() in a worker thread, through a
 * second connection to @store's database.
 */
void
wr_report_write_html_for_store_async (WrStore             *store,
                                      WrFormLibrary       *library,
                                      const WrScope       *scope,
                                      const char          *output_path,
                                      WrReportProgress    *progress,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (WR_IS_STORE (store));
  g_return_if_fail (WR_IS_FORM_LIBRARY (library));
  g_return_if_fail (output_path != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  WrReportOptions options = { WR_REPORT_FORMAT_HTML, NULL, NULL };

  start_store_job (store, library, scope, output_path, &options, progress,
                   wr_report_write_html_for_store_async, cancellable, callback, user_data);
}

/**
 * wr_report_write_html_for_store_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE once the report is written
 */
gboolean
wr_report_write_html_for_store_finish (GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == wr_report_write_html_for_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * wr_report_write_csv_for_store_async:
 * @store: the database
 * @library: the installed forms
 * @scope: (nullable): which visits; copied
 * @output_dir: the folder for the four tables
 * @progress: (nullable): set from the worker thread; must stay valid
 *   until @callback is called
 * @cancellable: (nullable): to stop
 * @callback: called on the thread-default main context when done
 * @user_data: for @callback
 *
 * Runs wr_report_write_csv_for_store() in a worker thread, through a
 * second connection to @store's database.
 */
void
wr_report_write_csv_for_store_async (WrStore             *store,
                                     WrFormLibrary       *library,
                                     const WrScope       *scope,
                                     const char          *output_dir,
                                     WrReportProgress    *progress,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (WR_IS_STORE (store));
  g_return_if_fail (WR_IS_FORM_LIBRARY (library));
  g_return_if_fail (output_dir != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  WrReportOptions options = { WR_REPORT_FORMAT_CSV, NULL, NULL };

  start_store_job (store, library, scope, output_dir, &options, progress,
                   wr_report_write_csv_for_store_async, cancellable, callback, user_data);
}

/**
 * wr_report_write_csv_for_store_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE once the four tables are written
 */
gboolean
wr_report_write_csv_for_store_finish (GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == wr_report_write_csv_for_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * wr_report_write_for_store:
 * @store: the database
 * @library: the installed forms
 * @scope: (nullable): which visits, as for an export
 * @output_path: the file to write (a folder for CSV)
 * @options: the format; the organisation and marking, if not the database's
 * @progress: (nullable): set as the work goes on
 * @cancellable: (nullable): to stop
 * @error: return location for a #GError
 *
 * Writes the report (wr_report_write()) of the visits @scope takes, as
 * wr_report_write_html_for_store() does. HTML and PDF refuse more than
 * #WR_REPORT_MAX_HTML_VISITS visits with %WR_STORE_ERROR_FILTER.
 *
 * Returns: %TRUE once the report is at @output_path
 */
gboolean
wr_report_write_for_store (WrStore                *store,
                           WrFormLibrary          *library,
                           const WrScope          *scope,
                           const char             *output_path,
                           const WrReportOptions  *options,
                           WrReportProgress       *progress,
                           GCancellable           *cancellable,
                           GError                **error)
{
  g_return_val_if_fail (WR_IS_STORE (store), FALSE);
  g_return_val_if_fail (WR_IS_FORM_LIBRARY (library), FALSE);
  g_return_val_if_fail (output_path != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return report_store (store, library, scope, output_path, options, NULL, progress, cancellable, error);
}

void
wr_report_write_for_store_async (WrStore                *store,
                                 WrFormLibrary          *library,
                                 const WrScope          *scope,
                                 const char             *output_path,
                                 const WrReportOptions  *options,
                                 WrReportProgress       *progress,
                                 GCancellable           *cancellable,
                                 GAsyncReadyCallback     callback,
                                 gpointer                user_data)
{
  g_return_if_fail (WR_IS_STORE (store));
  g_return_if_fail (WR_IS_FORM_LIBRARY (library));
  g_return_if_fail (output_path != NULL);
  g_return_if_fail (options != NULL);

  start_store_job (store, library, scope, output_path, options, progress,
                   wr_report_write_for_store_async, cancellable, callback, user_data);
}

gboolean
wr_report_write_for_store_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == wr_report_write_for_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * wr_report_pages_for_store:
 * @store: the database
 * @library: the installed forms
 * @scope: (nullable): which visits
 * @options: the organisation and marking, if not the database's; the
 *   format is not used
 * @progress: (nullable): set as the work goes on
 * @cancellable: (nullable): to stop
 * @error: return location for a #GError
 *
 * Lays the visits @scope takes out on A4 pages, as the PDF report has
 * them, for printing: the same model and the same layout.
 *
 * Returns: (transfer full) (nullable): the pages, or %NULL on error
 */
WrReportPages *
wr_report_pages_for_store (WrStore                *store,
                           WrFormLibrary          *library,
                           const WrScope          *scope,
                           const WrReportOptions  *options,
                           WrReportProgress       *progress,
                           GCancellable           *cancellable,
                           GError                **error)
{
  WrReportPages *pages = NULL;

  g_return_val_if_fail (WR_IS_STORE (store), NULL);
  g_return_val_if_fail (WR_IS_FORM_LIBRARY (library), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  if (!report_store (store, library, scope, NULL, options, &pages, progress, cancellable, error))
    return NULL;
  return pages;
}

void
wr_report_pages_for_store_async (WrStore                *store,
                                 WrFormLibrary          *library,
                                 const WrScope          *scope,
                                 const WrReportOptions  *options,
                                 WrReportProgress       *progress,
                                 GCancellable           *cancellable,
                                 GAsyncReadyCallback     callback,
                                 gpointer                user_data)
{
  g_return_if_fail (WR_IS_STORE (store));
  g_return_if_fail (WR_IS_FORM_LIBRARY (library));
  g_return_if_fail (options != NULL);

  start_store_job (store, library, scope, NULL, options, progress,
                   wr_report_pages_for_store_async, cancellable, callback, user_data);
}

/**
 * wr_report_pages_for_store_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the pages, or %NULL on error
 */
WrReportPages *
wr_report_pages_for_store_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == wr_report_pages_for_store_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* In a thread ---------------------------------------------------------------- */

typedef struct
{
  char     *pack_path;
  char     *output;
  gboolean  csv;
} Job;

static void
job_free (Job *job)
{
  g_free (job->pack_path);
  g_free (job->output);
  g_free (job);
}

/* The worker touches only its copy of the inputs. */
static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  gboolean ok;

  if (job->csv)
    ok = wr_report_write_csv (job->pack_path, job->output, cancellable, &error);
  else
    ok = wr_report_write_html (job->pack_path, job->output, cancellable, &error);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
start_job (const char          *pack_path,
           const char          *output,
           gboolean             csv,
           gpointer             source_tag,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);

  job->pack_path = g_strdup (pack_path);
  job->output = g_strdup (output);
  job->csv = csv;

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, write_thread);
}

/**
 * wr_report_write_html_async:
 * @pack_path: an evidence pack
 * @output_path: where to write the report
 * @cancellable: (nullable): to stop
 * @callback: called on the thread-default main context when done
 * @user_data: for @callback
 *
 * Runs wr_report_write_html() in a worker thread.
 */
void
wr_report_write_html_async (const char          *pack_path,
                            const char          *output_path,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (pack_path != NULL);
  g_return_if_fail (output_path != NULL);

  start_job (pack_path, output_path, FALSE, wr_report_write_html_async, cancellable, callback, user_data);
}

/**
 * wr_report_write_html_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE once the report is written
 */
gboolean
wr_report_write_html_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == wr_report_write_html_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * wr_report_write_csv_async:
 * @pack_path: an evidence pack
 * @output_dir: the folder for the four tables
 * @cancellable: (nullable): to stop
 * @callback: called on the thread-default main context when done
 * @user_data: for @callback
 *
 * Runs wr_report_write_csv() in a worker thread.
 */
void
wr_report_write_csv_async (const char          *pack_path,
                           const char          *output_dir,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (pack_path != NULL);
  g_return_if_fail (output_dir != NULL);

  start_job (pack_path, output_dir, TRUE, wr_report_write_csv_async, cancellable, callback, user_data);
}

/**
 * wr_report_write_csv_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE once the four tables are written
 */
gboolean
wr_report_write_csv_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == wr_report_write_csv_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
