/* test-pack-writer.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every pack written validates against the schema and carries digests
 * that a reader recomputes; each filter takes exactly the visits it
 * should; and a failed or cancelled export leaves nothing behind.
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <libxml/xmlreader.h>
#include <string.h>
#include <unistd.h>

#include "wr-demo.h"
#include "wr-pack-digest.h"
#include "wr-pack-reader-private.h"
#include "wr-pack-reader.h"
#include "wr-pack-writer.h"
#include "wr-platform.h"
#include "wr-store-private.h"
#include "wr-visit-session.h"
#include "wr-core-test-utils.h"

/* A visit as read back from a pack, with what the filters look at. */
typedef struct
{
  char      *uuid;
  char      *kind;
  char      *status;
  char      *started;
  char      *service;
  char      *modified;
  GPtrArray *links;       /* "regulation:12", "statement:safe-ipc" */
  GPtrArray *row_uuids;   /* of its members, observations, actions… */
  GPtrArray *deleted_uuids; /* of its rows' tombstones (<deleted>) */
  GPtrArray *answers;     /* "question member repeat hidden", each with a \x1f after it */
  char      *computed;
  char      *stated;
} Visit;

static void
visit_free (gpointer data)
{
  Visit *visit = data;

  g_free (visit->uuid);
  g_free (visit->kind);
  g_free (visit->status);
  g_free (visit->started);
  g_free (visit->service);
  g_free (visit->modified);
  g_ptr_array_unref (visit->links);
  g_ptr_array_unref (visit->row_uuids);
  g_ptr_array_unref (visit->deleted_uuids);
  g_ptr_array_unref (visit->answers);
  g_free (visit->computed);
  g_free (visit->stated);
  g_free (visit);
}

typedef struct
{
  GPtrArray  *visits;
  GHashTable *by_uuid;
  guint       n_attachments;
  guint       n_data;        /* <data> elements */
  GPtrArray  *texts;         /* every observation's text, as parsed */
} Pack;

static void
pack_free (Pack *pack)
{
  g_ptr_array_unref (pack->visits);
  g_hash_table_unref (pack->by_uuid);
  g_ptr_array_unref (pack->texts);
  g_free (pack);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pack, pack_free)

static char *
get_attribute (xmlTextReader *reader,
               const char    *name)
{
  xmlChar *value = xmlTextReaderGetAttribute (reader, BAD_CAST name);
  char *copy = g_strdup ((const char *) value);

  xmlFree (value);
  return copy;
}

/* Checks an attachment's bytes against its size and sha256, as an import
 * will: the visit digest does not cover them.
 */
typedef struct
{
  GChecksum *checksum;
  gsize      size;
  char      *sha256;
  gsize      expected_size;
} Attachment;

static void
check_attachment (Attachment *attachment)
{
  g_assert_cmpuint (attachment->size, ==, attachment->expected_size);
  g_assert_cmpstr (g_checksum_get_string (attachment->checksum), ==, attachment->sha256);
  g_clear_pointer (&attachment->checksum, g_checksum_free);
  g_clear_pointer (&attachment->sha256, g_free);
}

static Pack *
read_pack (const char *path)
{
  g_autoptr(xmlTextReader) reader = xmlReaderForFile (path, NULL, XML_PARSE_NONET);
  g_autoptr(WrPackDigest) digest = NULL;
  Pack *pack = g_new0 (Pack, 1);
  Attachment attachment = { NULL };
  Visit *visit = NULL;
  const char *element = NULL;
  int visit_depth = -1;
  int rc;

  g_assert_nonnull (reader);
  pack->visits = g_ptr_array_new_with_free_func (visit_free);
  pack->by_uuid = g_hash_table_new (g_str_hash, g_str_equal);
  pack->texts = g_ptr_array_new_with_free_func (g_free);

  while ((rc = xmlTextReaderRead (reader)) == 1)
    {
      int type = xmlTextReaderNodeType (reader);
      const char *name = (const char *) xmlTextReaderConstLocalName (reader);
      gboolean empty = type == XML_READER_TYPE_ELEMENT && xmlTextReaderIsEmptyElement (reader) == 1;

      if (type == XML_READER_TYPE_ELEMENT)
        {
          g_assert_cmpstr ((const char *) xmlTextReaderConstNamespaceUri (reader), ==, WR_PACK_NAMESPACE);
          element = name;
        }

      if (type == XML_READER_TYPE_ELEMENT && g_str_equal (name, "visit"))
        {
          visit = g_new0 (Visit, 1);
          visit->uuid = get_attribute (reader, "uuid");
          visit->kind = get_attribute (reader, "kind");
          visit->status = get_attribute (reader, "status");
          visit->started = get_attribute (reader, "started");
          visit->service = get_attribute (reader, "service");
          visit->modified = get_attribute (reader, "modified");
          visit->links = g_ptr_array_new_with_free_func (g_free);
          visit->row_uuids = g_ptr_array_new_with_free_func (g_free);
          visit->deleted_uuids = g_ptr_array_new_with_free_func (g_free);
          visit->answers = g_ptr_array_new_with_free_func (g_free);
          visit->stated = g_strdup ("");
          g_ptr_array_add (pack->visits, visit);
          g_assert_false (g_hash_table_contains (pack->by_uuid, visit->uuid));
          g_hash_table_insert (pack->by_uuid, visit->uuid, visit);
          digest = wr_pack_digest_new ();
          visit_depth = xmlTextReaderDepth (reader);
        }
      else if (visit != NULL && type == XML_READER_TYPE_ELEMENT && g_str_equal (name, "answer"))
        {
          g_autofree char *question = get_attribute (reader, "question");
          g_autofree char *member = get_attribute (reader, "member");
          g_autofree char *repeat = get_attribute (reader, "repeat");
          g_autofree char *hidden = get_attribute (reader, "hidden");

          g_ptr_array_add (visit->answers, g_strconcat (question, "\x1f", member ? member : "", "\x1f",
                                                        repeat ? repeat : "", "\x1f",
                                                        hidden ? hidden : "", "\x1f", NULL));
        }
      else if (visit != NULL && type == XML_READER_TYPE_ELEMENT && g_str_equal (name, "link"))
        {
          g_autofree char *kind = get_attribute (reader, "kind");
          g_autofree char *ref = get_attribute (reader, "ref");

          g_ptr_array_add (visit->links, g_strconcat (kind, ":", ref, NULL));
        }
      else if (visit != NULL && type == XML_READER_TYPE_ELEMENT && xmlTextReaderDepth (reader) == visit_depth + 2)
        {
          char *uuid = get_attribute (reader, "uuid");

          if (uuid != NULL)
            g_ptr_array_add (g_str_equal (name, "deleted") ? visit->deleted_uuids : visit->row_uuids, uuid);
        }

      if (visit != NULL && type == XML_READER_TYPE_ELEMENT && g_str_equal (name, "attachment"))
        {
          g_autofree char *size = get_attribute (reader, "size");

          pack->n_attachments++;
          attachment.checksum = g_checksum_new (G_CHECKSUM_SHA256);
          attachment.sha256 = get_attribute (reader, "sha256");
          attachment.expected_size = g_ascii_strtoull (size, NULL, 10);
          attachment.size = 0;
        }
      if (type == XML_READER_TYPE_END_ELEMENT && g_str_equal (name, "attachment"))
        check_attachment (&attachment);
      if (type == XML_READER_TYPE_ELEMENT && g_str_equal (name, "data"))
        pack->n_data++;

      if (visit != NULL && type == XML_READER_TYPE_TEXT && g_strcmp0 (element, "data") == 0)
        {
          gsize len;
          g_autofree guchar *bytes = g_base64_decode ((const char *) xmlTextReaderConstValue (reader), &len);

          g_checksum_update (attachment.checksum, bytes, len);
          attachment.size += len;
        }
      if (visit != NULL && type == XML_READER_TYPE_TEXT && g_strcmp0 (element, "digest") == 0)
        {
          g_free (visit->stated);
          visit->stated = g_strdup ((const char *) xmlTextReaderConstValue (reader));
        }
      if (visit != NULL && type == XML_READER_TYPE_TEXT && g_strcmp0 (element, "text") == 0)
        g_ptr_array_add (pack->texts, g_strdup ((const char *) xmlTextReaderConstValue (reader)));

      if (digest != NULL)
        wr_pack_digest_feed_node (digest, reader);

      if (visit != NULL && (type == XML_READER_TYPE_END_ELEMENT || empty) &&
          xmlTextReaderDepth (reader) == visit_depth)
        {
          visit->computed = wr_pack_digest_finish (digest);
          g_clear_pointer (&digest, wr_pack_digest_free);
          g_assert_cmpstr (visit->computed, ==, visit->stated);
          visit = NULL;
        }
    }
  g_assert_cmpint (rc, ==, 0);

  return pack;
}

static void
assert_valid (const char *path)
{
  const char *xmllint = g_getenv ("XMLLINT");
  g_autofree char *schema = g_test_build_filename (G_TEST_DIST, "..", "data", "schema", "evidence-pack.xsd", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { xmllint, "--noout", "--nonet", "--stream", "--schema", schema, path, NULL };
  int status;

  if (xmllint == NULL || xmllint[0] == '\0')
    {
      g_test_message ("xmllint is not installed: %s not validated", path);
      return;
    }

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (wr_test_exit_status (status) != 0)
    g_error ("xmllint refused %s: %s", path, err);
}

/* The fixture: demo visits, and a few rows the demo never makes. */
typedef struct
{
  WrStore       *store;
  WrFormLibrary *library;
  char          *folder;
  char          *draft;             /* a draft visit's uuid */
  char          *deleted_visit;
  char          *deleted_observation;
  char          *odd_observation;
} Fixture;

static const char odd_text[] = "Tab\there, CR LF\r\nthen \x01 a control, <b>&amp;</b> ]]> \"quoted\" 'too' \xef\xbf\xbe";
static const char odd_text_read[] = "Tab\there, CR LF\r\nthen \xef\xbf\xbd a control, <b>&amp;</b> ]]> \"quoted\" 'too' \xef\xbf\xbd";

static char *
find_visit (WrStore    *store,
            const char *status,
            guint       skip)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  char *uuid = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store),
                                       "SELECT uuid FROM visits WHERE status = ? AND deleted IS NULL ORDER BY id LIMIT 1 OFFSET ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, status, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, skip);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

  return uuid;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *gone = NULL;
  g_autoptr(GBytes) photo = NULL;
  g_autoptr(GBytes) large = NULL;
  g_autofree guint8 *large_data = NULL;
  g_autofree char *attachment = NULL;
  g_autofree char *large_attachment = NULL;
  WrDemoOptions options = { GPOINTER_TO_UINT (data), 3, "2026-11-27" };
  WrObservationFields fields = { .text = odd_text, .kind = "concern", .voice = "staff" };
  WrObservationFields deleted = { .text = "Deleted", .kind = "idea" };
  const char * const regulations[] = { "12", NULL };
  WrAnswerKey key = { "some-question", NULL, NULL };
  gsize large_size = 2 * 1024 * 1024 + 12345;

  fixture->folder = g_build_filename (g_get_user_data_dir (), "walkround", NULL);
  g_assert_cmpint (g_mkdir_with_parents (fixture->folder, 0700), ==, 0);
  path = g_build_filename (fixture->folder, "walkround.db", NULL);
  fixture->store = wr_store_open (path, &error);
  g_assert_no_error (error);
  fixture->library = wr_form_library_new_default (NULL);

  g_assert_true (wr_demo_fill (fixture->store, fixture->library, &options, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  fixture->draft = find_visit (fixture->store, "draft", 0);
  fields.regulations = regulations;
  fixture->odd_observation = wr_store_add_observation (fixture->store, fixture->draft, &fields, &error);
  g_assert_no_error (error);
  g_assert_true (wr_store_set_answer_comment (fixture->store, fixture->draft, &key, "Line one\r\nline two\ttab", &error));
  g_assert_no_error (error);

  photo = g_bytes_new_static ("\x89PNG\r\n\x1a\n tiny", 14);
  attachment = wr_store_add_attachment (fixture->store, fixture->draft, NULL, "photo.png", "image/png", photo,
                                        "A caption", &error);
  g_assert_no_error (error);

  /* Larger than one <data> element holds. */
  large_data = g_malloc (large_size);
  for (gsize i = 0; i < large_size; i++)
    large_data[i] = (guint8) (i * 7 + i / 251);
  large = g_bytes_new_static (large_data, large_size);
  large_attachment = wr_store_add_attachment (fixture->store, fixture->draft, "some-question", "scan.pdf",
                                              "application/pdf", large, NULL, &error);
  g_assert_no_error (error);

  fixture->deleted_observation = wr_store_add_observation (fixture->store, fixture->draft, &deleted, &error);
  g_assert_no_error (error);
  g_assert_true (wr_store_delete_observation (fixture->store, fixture->deleted_observation, TRUE, &error));
  g_assert_no_error (error);

  fixture->deleted_visit = find_visit (fixture->store, "completed", 1);
  g_assert_true (wr_store_delete_visit (fixture->store, fixture->deleted_visit, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->library);
  g_free (fixture->folder);
  g_free (fixture->draft);
  g_free (fixture->deleted_visit);
  g_free (fixture->deleted_observation);
  g_free (fixture->odd_observation);
}

static char *
export (Fixture       *fixture,
        const WrScope *filter,
        const char    *name)
{
  g_autoptr(WrPackWriter) writer = wr_pack_writer_new (fixture->store, fixture->library);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->folder, name, NULL);

  wr_pack_writer_set_filter (writer, filter);
  g_assert_true (wr_pack_writer_write_file (writer, path, NULL, &error));
  g_assert_no_error (error);

  return path;
}

static guint
count_entries (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* Temporary files are hidden: .NAME.XXXXXX */
static guint
count_hidden (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    n += name[0] == '.';
  return n;
}

static void
test_valid (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *path = export (fixture, NULL, "all.xml");
  g_autoptr(Pack) pack = NULL;
  GStatBuf st;
  Visit *draft;
  gboolean found_odd = FALSE;

  assert_valid (path);
  pack = read_pack (path);

  /* 60 demo visits, one deleted. */
  g_assert_cmpuint (pack->visits->len, ==, 59);
  g_assert_false (g_hash_table_contains (pack->by_uuid, fixture->deleted_visit));

  draft = g_hash_table_lookup (pack->by_uuid, fixture->draft);
  g_assert_nonnull (draft);
  g_assert_true (g_ptr_array_find_with_equal_func (draft->links, "regulation:12", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (draft->row_uuids, fixture->odd_observation, g_str_equal, NULL));
  g_assert_false (g_ptr_array_find_with_equal_func (draft->row_uuids, fixture->deleted_observation, g_str_equal, NULL));
  /* The deletion is carried, as a tombstone, so that it travels. */
  g_assert_true (g_ptr_array_find_with_equal_func (draft->deleted_uuids, fixture->deleted_observation, g_str_equal, NULL));

  /* Both attachments came back whole, the large one in three pieces, and
   * the demo's photos of the visits exported, each in one piece.
   */
  {
    g_autoptr(sqlite3_stmt) stmt = NULL;
    guint n_photos;

    g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (fixture->store),
                                         "SELECT count (*) FROM attachments a JOIN visits v ON v.id = a.visit_id"
                                         " WHERE v.deleted IS NULL AND a.deleted IS NULL"
                                         " AND a.file_name LIKE 'photo-%.jpg'",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    n_photos = (guint) sqlite3_column_int (stmt, 0);
    g_assert_cmpuint (n_photos, >, 0);
    g_assert_cmpuint (pack->n_attachments, ==, 2 + n_photos);
    g_assert_cmpuint (pack->n_data, ==, 1 + 3 + n_photos);
  }

  /* Text XML cannot carry became U+FFFD; the rest came back as it was,
   * carriage return included.
   */
  for (guint i = 0; i < pack->texts->len; i++)
    found_odd |= g_str_equal (g_ptr_array_index (pack->texts, i), odd_text_read);
  g_assert_true (found_odd);

  /* Readable only by the owner, like the database. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  /* Windows files have no such modes (wr-platform.c). */
  if (wr_platform_has_file_modes ())
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

/* The import compares a pack's digests with those of the visits it
 * has, computed from the database: for the same rows they must be the
 * writer's, or every re-import would look like a conflict.
 */
static void
assert_stored_digests (Fixture *fixture,
                       Pack    *pack)
{
  for (guint i = 0; i < pack->visits->len; i++)
    {
      Visit *visit = g_ptr_array_index (pack->visits, i);
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *stored = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (fixture->store),
                                           "SELECT id FROM visits WHERE uuid = ?", -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, visit->uuid, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

      stored = _wr_pack_stored_digest (fixture->store, sqlite3_column_int64 (stmt, 0), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (stored, ==, visit->computed);
    }
}

static void
test_stored_digest (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = export (fixture, NULL, "all.xml");
  g_autoptr(Pack) pack = read_pack (path);

  assert_stored_digests (fixture, pack);
}

/* Inside a visit the writer escapes text itself, not through
 * xmlTextWriter: it must write the bytes xmlTextWriter would, and a
 * reader must get back the text as stored (made safe for XML) with the
 * same digest, whatever the text holds.
 */
static const char * const nasty_values[] = {
  "\"double\" 'single' <tag> & &amp; ]]> --> <!--",
  "Tab\there\tand LF\nand CR\rand CR LF\r\n",
  "\x01\x02 controls \x08\x0b\x0c\x1b\x1f and DEL \x7f",
  "non-BMP \xf0\x9f\x98\x80 \xf0\x9d\x84\x9e, BMP \xc3\xa9 \xe2\x82\xac \xe2\x80\xa8, not characters \xef\xbf\xbe \xef\xbf\xbf",
  "invalid UTF-8 \xff\xfe, \xc3( \xed\xa0\x80 surrogate, \xf4\x90\x80\x80 too big, \xc0\xaf overlong, cut \xe2\x82",
  "  leading and trailing spaces  ",
  "\r",
  ">",
};

/* What the writer writes for a value: invalid UTF-8 and characters
 * XML 1.0 cannot carry as U+FFFD.
 */
static char *
make_safe (const char *value)
{
  g_autofree char *valid = g_utf8_make_valid (value, -1);
  GString *safe = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF)
        c = 0xFFFD;
      g_string_append_unichar (safe, c);
    }

  return g_string_free (safe, FALSE);
}

/* <member …/> and <comment>…</comment> as xmlTextWriter writes them,
 * set up as the writer sets it up.
 */
static void
libxml2_writes (const char  *value,
                char       **attribute,
                char       **text)
{
  g_autofree char *safe = make_safe (value);
  xmlBuffer *buffer = xmlBufferCreate ();
  xmlTextWriter *writer = xmlNewTextWriterMemory (buffer, 0);
  const char *content;
  const char *gt;

  g_assert_cmpint (xmlTextWriterSetIndent (writer, 1), >=, 0);
  g_assert_cmpint (xmlTextWriterSetIndentString (writer, BAD_CAST ""), >=, 0);
  g_assert_cmpint (xmlTextWriterStartDocument (writer, NULL, "UTF-8", NULL), >=, 0);
  g_assert_cmpint (xmlTextWriterStartElement (writer, BAD_CAST "x"), >=, 0);
  g_assert_cmpint (xmlTextWriterWriteAttribute (writer, BAD_CAST "name", BAD_CAST safe), >=, 0);
  g_assert_cmpint (xmlTextWriterStartElement (writer, BAD_CAST "comment"), >=, 0);
  g_assert_cmpint (xmlTextWriterWriteString (writer, BAD_CAST safe), >=, 0);
  g_assert_cmpint (xmlTextWriterEndDocument (writer), >=, 0);
  xmlFreeTextWriter (writer);

  content = (const char *) xmlBufferContent (buffer);
  g_assert_nonnull ((content = strstr (content, " name=\"")));
  g_assert_nonnull ((gt = strstr (content, ">\n<comment>")));
  *attribute = g_strndup (content, gt - content);
  g_assert_nonnull ((content = strstr (gt, "<comment>")));
  g_assert_nonnull ((gt = strstr (content, "</comment>")));
  *text = g_strndup (content, gt + strlen ("</comment>") - content);
  xmlBufferFree (buffer);
}

static void
set_nasty (WrStore    *store,
           const char *sql,
           const char *value,
           gint64      id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_changes (_wr_store_get_db (store)), ==, 1);
}

/* The @n-th row of @table that a pack holds. */
static gint64
nth_id (WrStore    *store,
        const char *table,
        guint       n)
{
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  /* Test code: @table is one of the names below, never input. */
  sql = g_strdup_printf ("SELECT id FROM %s t WHERE visit_id IN (SELECT id FROM visits WHERE deleted IS NULL)"
                         "%s ORDER BY id LIMIT 1 OFFSET ?",
                         table, g_str_equal (table, "team_members") ? "" :
                                g_str_equal (table, "answers") ? " AND repeat_uuid = ''" :
                                g_str_equal (table, "actions") ? " AND deleted IS NULL" :
                                " AND deleted IS NULL AND repeat_uuid = ''");
  g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int (stmt, 1, n);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static void
test_escaping (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(Pack) pack = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (nasty_values); i++)
    {
      set_nasty (fixture->store, "UPDATE team_members SET name = ? WHERE id = ?", nasty_values[i],
                 nth_id (fixture->store, "team_members", i));
      set_nasty (fixture->store, "UPDATE answers SET comment = ? WHERE id = ?", nasty_values[i],
                 nth_id (fixture->store, "answers", i));
      set_nasty (fixture->store, "UPDATE answers SET value = ? WHERE id = ?", nasty_values[i],
                 nth_id (fixture->store, "answers", 100 + i));
      set_nasty (fixture->store, "UPDATE observations SET text = ? WHERE id = ?", nasty_values[i],
                 nth_id (fixture->store, "observations", i));
      set_nasty (fixture->store, "UPDATE actions SET owner = ?1, text = ?1 WHERE id = ?2", nasty_values[i],
                 nth_id (fixture->store, "actions", i));
    }

  path = export (fixture, NULL, "nasty.xml");
  assert_valid (path);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);

  /* Byte for byte what xmlTextWriter writes. */
  for (guint i = 0; i < G_N_ELEMENTS (nasty_values); i++)
    {
      g_autofree char *attribute = NULL;
      g_autofree char *text = NULL;

      libxml2_writes (nasty_values[i], &attribute, &text);
      g_assert_nonnull (strstr (contents, attribute));
      g_assert_nonnull (strstr (contents, text));
    }

  /* Read back as stored, with the digests stated (read_pack() checks
   * them) and those an import computes from the database.
   */
  pack = read_pack (path);
  for (guint i = 0; i < G_N_ELEMENTS (nasty_values); i++)
    {
      g_autofree char *safe = make_safe (nasty_values[i]);

      /* A text of white space only is not a text node to read_pack(). */
      if (safe[strspn (safe, " \t\r\n")] == '\0')
        continue;
      g_assert_true (g_ptr_array_find_with_equal_func (pack->texts, safe, g_str_equal, NULL));
    }
  assert_stored_digests (fixture, pack);
}

/* Each filter is checked against the full pack: the filtered pack must
 * hold exactly the visits of the full one that match, read from the
 * pack, not from the database.
 */
typedef gboolean (*Predicate) (Visit *visit, gconstpointer data);

static void
assert_filter (Fixture            *fixture,
               Pack               *all,
               const WrScope *filter,
               Predicate           predicate,
               gconstpointer       data)
{
  g_autofree char *path = export (fixture, filter, "filtered.xml");
  g_autoptr(Pack) pack = NULL;
  guint expected = 0;

  assert_valid (path);
  pack = read_pack (path);

  for (guint i = 0; i < all->visits->len; i++)
    {
      Visit *visit = g_ptr_array_index (all->visits, i);
      Visit *taken = g_hash_table_lookup (pack->by_uuid, visit->uuid);

      if (predicate (visit, data))
        {
          expected++;
          g_assert_nonnull (taken);
          g_assert_cmpstr (taken->computed, ==, visit->computed);
        }
      else
        g_assert_null (taken);
    }

  g_assert_cmpuint (pack->visits->len, ==, expected);
  /* A filter that takes all or nothing proves little. */
  g_assert_cmpuint (expected, >, 0);
  g_assert_cmpuint (expected, <, all->visits->len);
}

static gboolean
in_period (Visit *visit, gconstpointer data)
{
  const char * const *period = data;
  g_autofree char *day = g_strndup (visit->started, 10);

  return strcmp (day, period[0]) >= 0 && strcmp (day, period[1]) <= 0;
}

static gboolean
has_kind (Visit *visit, gconstpointer data)
{
  return g_strv_contains (data, visit->kind);
}

static gboolean
has_status (Visit *visit, gconstpointer data)
{
  return g_str_equal (visit->status, data);
}

static gboolean
has_service (Visit *visit, gconstpointer data)
{
  return g_str_equal (visit->service, data);
}

static gboolean
has_link (Visit *visit, gconstpointer data)
{
  return g_ptr_array_find_with_equal_func (visit->links, data, g_str_equal, NULL);
}

static gboolean
changed_since (Visit *visit, gconstpointer data)
{
  g_autoptr(GDateTime) modified = g_date_time_new_from_iso8601 (visit->modified, NULL);

  return g_date_time_compare (modified, (GDateTime *) data) >= 0;
}

static gboolean
draft_of_kind (Visit *visit, gconstpointer data)
{
  return has_status (visit, "draft") && has_kind (visit, data);
}

/* Orders "started" times by the day they name. */
static int
compare_days (gconstpointer a,
              gconstpointer b)
{
  return strncmp (*(const char * const *) a, *(const char * const *) b, 10);
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = export (fixture, NULL, "all.xml");
  g_autoptr(Pack) all = read_pack (path);
  g_autoptr(GError) error = NULL;
  Visit *middle = g_ptr_array_index (all->visits, all->visits->len / 2);
  g_autoptr(GPtrArray) days = g_ptr_array_new ();
  g_autofree char *middle_day = NULL;
  g_autofree char *first_day = NULL;
  const char *period[2];
  const char *kinds[] = { "quality-visit", "fifteen-steps", NULL };
  g_autoptr(GDateTime) since = g_date_time_new_from_iso8601 (middle->modified, NULL);

  /* The pack is in the order visits were stored; the period is by date. */
  for (guint i = 0; i < all->visits->len; i++)
    g_ptr_array_add (days, ((Visit *) g_ptr_array_index (all->visits, i))->started);
  g_ptr_array_sort (days, compare_days);
  first_day = g_strndup (g_ptr_array_index (days, 0), 10);
  middle_day = g_strndup (g_ptr_array_index (days, days->len / 2), 10);
  period[0] = first_day;
  period[1] = middle_day;

  {
    g_autoptr(WrScope) filter = wr_scope_new ();

    g_assert_true (wr_scope_set_from (filter, first_day, &error));
    g_assert_true (wr_scope_set_to (filter, middle_day, &error));
    assert_filter (fixture, all, filter, in_period, period);
  }
  {
    g_autoptr(WrScope) filter = wr_scope_new ();

    g_assert_true (wr_scope_add_kind (filter, "quality-visit", &error));
    g_assert_true (wr_scope_add_kind (filter, "fifteen-steps", &error));
    assert_filter (fixture, all, filter, has_kind, kinds);
  }
  {
    g_autoptr(WrScope) filter = wr_scope_new ();

    g_assert_true (wr_scope_set_status (filter, "completed", &error));
    assert_filter (fixture, all, filter, has_status, "completed");
    g_assert_true (wr_scope_set_status (filter, "draft", &error));
    assert_filter (fixture, all, filter, has_status, "draft");
    g_assert_true (wr_scope_add_kind (filter, "quality-visit", &error));
    g_assert_true (wr_scope_add_kind (filter, "fifteen-steps", &error));
    assert_filter (fixture, all, filter, draft_of_kind, kinds);
  }
  {
    g_autoptr(WrScope) filter = wr_scope_new ();

    g_assert_true (wr_scope_add_service (filter, middle->service, &error));
    assert_filter (fixture, all, filter, has_service, middle->service);
  }
  {
    g_autoptr(WrScope) filter = wr_scope_new ();

    g_assert_true (wr_scope_add_regulation (filter, "12", &error));
    assert_filter (fixture, all, filter, has_link, "regulation:12");
  }
  {
    g_autoptr(WrScope) filter = wr_scope_new ();

    g_assert_true (wr_scope_add_statement (filter, "safe-environments", &error));
    assert_filter (fixture, all, filter, has_link, "statement:safe-environments");
  }
  {
    g_autoptr(WrScope) filter = wr_scope_new ();

    /* Given with another offset than the one stored: compared as times. */
    g_autoptr(GTimeZone) zone = g_time_zone_new_offset (-5 * 3600);
    g_autoptr(GDateTime) shifted = g_date_time_to_timezone (since, zone);
    g_autofree char *text = g_date_time_format_iso8601 (shifted);

    g_assert_true (wr_scope_set_changed_since (filter, text, &error));
    g_assert_no_error (error);
    assert_filter (fixture, all, filter, changed_since, since);
  }
}

static void
test_scope (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(WrScope) filter = wr_scope_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  g_assert_true (wr_scope_set_from (filter, "2025-04-01", &error));
  g_assert_true (wr_scope_set_to (filter, "2026-03-31", &error));
  g_assert_true (wr_scope_add_kind (filter, "ned-visit", &error));
  g_assert_true (wr_scope_add_regulation (filter, "9A", &error));
  g_assert_true (wr_scope_set_status (filter, "all", &error));
  g_assert_true (wr_scope_set_changed_since (filter, "2025-01-01T00:00:00Z", &error));
  g_assert_no_error (error);

  path = export (fixture, filter, "scope.xml");
  assert_valid (path);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "<scope>\n<from>2025-04-01</from>\n<to>2026-03-31</to>\n"
                                  "<kind>ned-visit</kind>\n<regulation>9A</regulation>\n"
                                  "<changed-since>2025-01-01T00:00:00+00:00</changed-since>\n</scope>"));
}

/* People type ids in any case; the pack's scope keeps the canonical ones. */
static void
test_scope_any_case (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(WrScope) filter = wr_scope_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  g_assert_true (wr_scope_add_kind (filter, "NED-Visit", &error));
  g_assert_true (wr_scope_add_regulation (filter, "9a", &error));
  g_assert_true (wr_scope_add_regulation (filter, "9A", &error));
  g_assert_true (wr_scope_add_statement (filter, "Safe-Environments", &error));
  g_assert_true (wr_scope_set_status (filter, "Completed", &error));
  g_assert_no_error (error);

  g_assert_cmpstrv (filter->kinds, ((const char *[]) { "ned-visit", NULL }));
  g_assert_cmpstrv (filter->regulations, ((const char *[]) { "9A", NULL }));
  g_assert_cmpstrv (filter->statements, ((const char *[]) { "safe-environments", NULL }));
  g_assert_cmpstr (filter->status, ==, "completed");

  path = export (fixture, filter, "scope-any-case.xml");
  assert_valid (path);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "<kind>ned-visit</kind>\n<regulation>9A</regulation>\n"
                                  "<statement>safe-environments</statement>\n"));
  g_assert_null (strstr (text, "<regulation>9a</regulation>"));
}

static void
test_bad_filters (void)
{
  g_autoptr(WrScope) filter = wr_scope_new ();
  const char *bad_dates[] = { "2026-13-01", "2026-02-30", "26-03-01", "2026-W10-3", "2026-3-1", "", "yesterday" };

  for (guint i = 0; i < G_N_ELEMENTS (bad_dates); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (wr_scope_set_from (filter, bad_dates[i], &error));
      g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_FILTER);
      g_assert_nonnull (strstr (error->message, "YYYY-MM-DD"));
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (wr_scope_add_kind (filter, "inspection", &error));
    g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_FILTER);
    g_assert_nonnull (strstr (error->message, "quality-visit, ned-visit, fifteen-steps, self-assessment, custom"));
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (wr_scope_set_status (filter, "done", &error));
    g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_FILTER);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (wr_scope_set_changed_since (filter, "2026-01-01 10:00", &error));
    g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_FILTER);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (wr_scope_set_from (filter, "2026-04-01", NULL));
    g_assert_true (wr_scope_set_to (filter, "2026-03-31", NULL));
    g_assert_false (wr_scope_check (filter, &error));
    g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_FILTER);
  }
}

static void
cancel_after_first_step (WrPackWriter *writer,
                         guint         done,
                         guint         total,
                         gpointer      user_data)
{
  if (done > 0 && done < total)
    g_cancellable_cancel (user_data);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(WrPackWriter) writer = wr_pack_writer_new (fixture->store, fixture->library);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_build_filename (fixture->folder, "out", NULL);
  g_autofree char *path = g_build_filename (folder, "pack.xml", NULL);
  guint done, total;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_signal_connect (writer, "progress", G_CALLBACK (cancel_after_first_step), cancellable);

  g_assert_false (wr_pack_writer_write_file (writer, path, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (folder), ==, 0);

  wr_pack_writer_get_progress (writer, &done, &total);
  g_assert_cmpuint (done, >, 0);
  g_assert_cmpuint (done, <, total);
}

static void
count_progress (WrPackWriter *writer,
                guint         done,
                guint         total,
                gpointer      user_data)
{
  guint *last = user_data;

  g_assert_cmpuint (done, >=, *last);
  g_assert_cmpuint (done, <=, total);
  *last = done;
}

static void
test_progress (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(WrPackWriter) writer = wr_pack_writer_new (fixture->store, fixture->library);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->folder, "pack.xml", NULL);
  guint last = 0;
  guint done, total;

  g_signal_connect (writer, "progress", G_CALLBACK (count_progress), &last);
  g_assert_true (wr_pack_writer_write_file (writer, path, NULL, &error));
  g_assert_no_error (error);

  wr_pack_writer_get_progress (writer, &done, &total);
  g_assert_cmpuint (done, ==, 149);
  g_assert_cmpuint (total, ==, 149);
  g_assert_cmpuint (last, ==, 149);
}

/* A failed export leaves the file that was there as it was, and no
 * temporary file beside it.
 */
static void
test_failures (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_build_filename (fixture->folder, "out", NULL);
  g_autofree char *path = g_build_filename (folder, "pack.xml", NULL);
  g_autofree char *missing = g_build_filename (folder, "no-such-folder", "pack.xml", NULL);
  g_autofree char *after = NULL;
  g_autoptr(WrFormLibrary) no_forms = wr_form_library_new (NULL);
  g_autoptr(WrPackWriter) writer = wr_pack_writer_new (fixture->store, no_forms);
  g_autoptr(WrPackWriter) good = wr_pack_writer_new (fixture->store, fixture->library);
  int full;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "an older pack", -1, NULL));

  /* The forms cannot be embedded. */
  g_assert_false (wr_pack_writer_write_file (writer, path, NULL, &error));
  g_assert_error (error, WR_PACK_ERROR, WR_PACK_ERROR_FORM_MISSING);
  g_assert_nonnull (strstr (error->message, "forms folder"));
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, "an older pack");
  g_assert_cmpuint (count_entries (folder), ==, 1);

  /* The folder does not exist. */
  g_assert_false (wr_pack_writer_write_file (good, missing, NULL, &error));
  g_assert_error (error, WR_PACK_ERROR, WR_PACK_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "no-such-folder"));
  g_clear_error (&error);

  /* The name is a folder's: written whole, then not renamed. */
  g_assert_false (wr_pack_writer_write_file (good, folder, NULL, &error));
  g_assert_error (error, WR_PACK_ERROR, WR_PACK_ERROR_WRITE);
  g_clear_error (&error);
  g_assert_cmpuint (count_hidden (fixture->folder), ==, 0);
  g_assert_cmpuint (count_entries (folder), ==, 1);

  /* The disk is full (Linux's /dev/full; Windows has none). */
  full = g_open ("/dev/full", O_WRONLY | O_CLOEXEC, 0);
  if (full >= 0)
    {
      g_assert_false (wr_pack_writer_write_fd (good, full, NULL, &error));
      g_assert_error (error, WR_PACK_ERROR, WR_PACK_ERROR_WRITE);
      g_assert_nonnull (strstr (error->message, g_strerror (ENOSPC)));
      close (full);
    }
}

/* Hidden answers ------------------------------------------------------------ */

static void
set_answer (WrVisitSession *session,
            const char     *id,
            const char     *member,
            guint           repeat,
            const char     *value)
{
  g_autoptr(GError) error = NULL;
  WrQuestion *question = wr_form_lookup_question (wr_visit_session_get_form (session), id);

  g_assert_nonnull (question);
  g_assert_true (wr_visit_session_set_answer (session, question, member, repeat, value, &error));
  g_assert_no_error (error);
}

/* Whether the pack marks the answer with this key hidden="true". */
static gboolean
pack_hides (Visit      *visit,
            const char *question,
            const char *member,
            const char *repeat)
{
  g_autofree char *prefix = g_strconcat (question, "\x1f", member, "\x1f", repeat, "\x1f", NULL);

  for (guint i = 0; i < visit->answers->len; i++)
    {
      const char *answer = g_ptr_array_index (visit->answers, i);

      if (g_str_has_prefix (answer, prefix))
        return g_str_equal (answer + strlen (prefix), "true\x1f");
    }

  g_error ("The pack has no answer to %s for '%s' in '%s'", question, member, repeat);
}

/* Every answer in the pack is marked hidden exactly when the visit page
 * would say it is hidden. Returns how many are.
 */
static guint
assert_hidden_as_page (Fixture *fixture,
                       Pack    *pack)
{
  guint n_hidden = 0;

  for (guint v = 0; v < pack->visits->len; v++)
    {
      Visit *visit = g_ptr_array_index (pack->visits, v);
      g_autoptr(GError) error = NULL;
      g_autoptr(WrVisitSession) session = wr_visit_session_new (fixture->store, fixture->library, visit->uuid, &error);
      WrForm *form;

      g_assert_no_error (error);
      form = wr_visit_session_get_form (session);

      for (guint i = 0; i < visit->answers->len; i++)
        {
          g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (visit->answers, i), "\x1f", 5);
          WrQuestion *question = wr_form_lookup_question (form, parts[0]);
          gboolean hidden = g_str_equal (parts[3], "true");
          WrSection *section;
          guint repeat = 0;

          g_assert_true (hidden || parts[3][0] == '\0');
          n_hidden += hidden;
          if (question == NULL)
            {
              g_assert_false (hidden);
              continue;
            }

          section = wr_form_item_get_section (WR_FORM_ITEM (question));
          if (wr_section_get_repeatable (section))
            {
              while (g_strcmp0 (wr_visit_session_get_repeat_uuid (session, section, repeat), parts[2]) != 0)
                {
                  g_assert_cmpuint (repeat, <, wr_visit_session_get_n_repeats (session, section));
                  repeat++;
                }
            }

          g_assert_cmpint (hidden, ==, !wr_visit_session_is_shown (session, WR_FORM_ITEM (question), parts[1], repeat));
        }
    }

  return n_hidden;
}

static void
test_hidden (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(WrVisitSession) steps = wr_test_new_session (fixture->store, fixture->library, "fifteen-steps", 2);
  g_autoptr(WrVisitSession) quality = wr_test_new_session (fixture->store, fixture->library, "quality-visit", 0);
  WrMember *a = g_ptr_array_index (wr_visit_session_get_members (steps), 0);
  WrMember *b = g_ptr_array_index (wr_visit_session_get_members (steps), 1);
  WrFormItem *conversations = wr_form_lookup_item (wr_visit_session_get_form (quality), "conversations");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(Pack) pack = NULL;
  const char *r0;
  const char *r1;
  Visit *visit;

  /* Each member's answer is hidden by their own answers. */
  set_answer (steps, "happy-for-family", a->uuid, 0, "no");
  set_answer (steps, "happy-for-family-why", a->uuid, 0, "Cramped bays");
  set_answer (steps, "happy-for-family", b->uuid, 0, "not-sure");
  set_answer (steps, "happy-for-family-why", b->uuid, 0, "The noise");
  set_answer (steps, "happy-for-family", b->uuid, 0, "yes");

  /* A group hidden in one repeat, shown in the other. */
  g_assert_true (WR_IS_SECTION (conversations));
  g_assert_true (wr_visit_session_add_repeat (quality, WR_SECTION (conversations), &error));
  g_assert_true (wr_visit_session_add_repeat (quality, WR_SECTION (conversations), &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      set_answer (quality, "conv-agreed", NULL, i, "yes");
      set_answer (quality, "conv-safe", NULL, i, "mostly");
      set_answer (quality, "conv-safe-why", NULL, i, "Short of staff at night");
    }
  set_answer (quality, "conv-agreed", NULL, 0, "no");
  r0 = wr_visit_session_get_repeat_uuid (quality, WR_SECTION (conversations), 0);
  r1 = wr_visit_session_get_repeat_uuid (quality, WR_SECTION (conversations), 1);

  path = export (fixture, NULL, "hidden.xml");
  assert_valid (path);
  pack = read_pack (path);

  visit = g_hash_table_lookup (pack->by_uuid, wr_visit_get_uuid (wr_visit_session_get_visit (steps)));
  g_assert_nonnull (visit);
  g_assert_false (pack_hides (visit, "happy-for-family", a->uuid, ""));
  g_assert_false (pack_hides (visit, "happy-for-family-why", a->uuid, ""));
  g_assert_false (pack_hides (visit, "happy-for-family", b->uuid, ""));
  g_assert_true (pack_hides (visit, "happy-for-family-why", b->uuid, ""));

  visit = g_hash_table_lookup (pack->by_uuid, wr_visit_get_uuid (wr_visit_session_get_visit (quality)));
  g_assert_nonnull (visit);
  g_assert_false (pack_hides (visit, "conv-agreed", "", r0));
  g_assert_true (pack_hides (visit, "conv-safe", "", r0));
  g_assert_true (pack_hides (visit, "conv-safe-why", "", r0));
  g_assert_false (pack_hides (visit, "conv-agreed", "", r1));
  g_assert_false (pack_hides (visit, "conv-safe", "", r1));
  g_assert_false (pack_hides (visit, "conv-safe-why", "", r1));

  /* And in every demo visit too, as the visit page says; the digests an
   * import computes from the database agree.
   */
  g_assert_cmpuint (assert_hidden_as_page (fixture, pack), >=, 3);
  assert_stored_digests (fixture, pack);
}

/* @text with @before replaced by @after is refused, saying @said, and
 * nothing is imported.
 */
static void
assert_edit_refused (Fixture    *fixture,
                     const char *text,
                     const char *before,
                     const char *after,
                     const char *said)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("edited-%u", n++);
  g_autofree char *path = g_strdup_printf ("%s/%s.xml", fixture->folder, name);
  g_autofree char *folder = g_build_filename (fixture->folder, name, NULL);
  g_autofree char *db = g_build_filename (folder, "walkround.db", NULL);
  g_autoptr(GString) edited = g_string_new (text);
  g_autoptr(WrStore) store = NULL;
  g_autoptr(WrPackReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  WrPackImportCounts counts = { 0 };

  g_assert_cmpuint (g_string_replace (edited, before, after, 1), ==, 1);
  g_assert_true (g_file_set_contents (path, edited->str, -1, NULL));
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  store = wr_store_open (db, &error);
  g_assert_no_error (error);
  reader = wr_pack_reader_new (store, fixture->library);
  /* Test packs come from this test's other databases, or from before
   * packs were signed: taken as `import --trust-new-device
   * --allow-unsigned` takes them; a bad signature is still refused. */
  wr_pack_reader_set_trust_new_device (reader, TRUE);
  wr_pack_reader_set_allow_unsigned (reader, TRUE);
  g_assert_false (wr_pack_reader_import_file (reader, path, NULL, &counts, &error));
  g_assert_error (error, WR_PACK_ERROR, WR_PACK_ERROR_INVALID);
  if (strstr (error->message, said) == NULL)
    g_error ("expected “%s” in: %s", said, error->message);
  g_assert_cmpuint (counts.n_new, ==, 0);
}

/* A pack of format version 4, @text, claiming the older @version: refused
 * as changed after it was written, and nothing imported.
 */
static void
assert_older_refused (Fixture    *fixture,
                      const char *text,
                      guint       version)
{
  g_autofree char *claim = g_strdup_printf ("format-version=\"%u\"", version);
  g_autofree char *said = g_strdup_printf ("a pack of format version %u has no ", version);

  assert_edit_refused (fixture, text, "format-version=\"6\"", claim, said);
}

static void import (WrStore            *store,
                    WrFormLibrary      *library,
                    const char         *path,
                    WrPackImportCounts *counts);

/* An action raised in one filling of a repeatable section travels with
 * that repeat (format version 3), and one in a deleted repeat stays home.
 * A pack that claims an older version and has one is refused.
 */
static void
test_actions_in_repeats (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(WrVisitSession) quality = wr_test_new_session (fixture->store, fixture->library, "quality-visit", 0);
  const char *visit = wr_visit_get_uuid (wr_visit_session_get_visit (quality));
  WrFormItem *conversations = wr_form_lookup_item (wr_visit_session_get_form (quality), "conversations");
  g_autofree char *other_folder = g_build_filename (fixture->folder, "other", NULL);
  g_autofree char *other_path = g_build_filename (other_folder, "walkround.db", NULL);
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *gone = NULL;
  g_autofree char *r0 = NULL;
  g_autofree char *r1 = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(WrStore) other = NULL;
  g_autoptr(GListModel) actions = NULL;
  g_autoptr(WrAction) action = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Pack) pack = NULL;
  WrPackImportCounts counts;

  g_assert_true (wr_visit_session_add_repeat (quality, WR_SECTION (conversations), &error));
  g_assert_true (wr_visit_session_add_repeat (quality, WR_SECTION (conversations), &error));
  g_assert_no_error (error);
  r0 = g_strdup (wr_visit_session_get_repeat_uuid (quality, WR_SECTION (conversations), 0));
  r1 = g_strdup (wr_visit_session_get_repeat_uuid (quality, WR_SECTION (conversations), 1));
  {
    WrActionFields in_r0 = { .question_id = "conv-safe", .repeat_uuid = r0, .text = "Ask the night staff too" };
    WrActionFields in_r1 = { .question_id = "conv-safe", .repeat_uuid = r1, .text = "Check the rota" };

    gone = wr_store_add_action (fixture->store, visit, &in_r0, &error);
    g_assert_no_error (error);
    kept = wr_store_add_action (fixture->store, visit, &in_r1, &error);
    g_assert_no_error (error);
  }
  g_assert_true (wr_visit_session_remove_repeat (quality, WR_SECTION (conversations), 0, &error));
  g_assert_no_error (error);

  path = export (fixture, NULL, "actions-in-repeats.xml");
  assert_valid (path);
  pack = read_pack (path);
  assert_stored_digests (fixture, pack);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "format-version=\"6\""));
  expected = g_strdup_printf ("<action uuid=\"%s\" status=\"open\" question=\"conv-safe\" repeat=\"%s\" ", kept, r1);
  g_assert_nonnull (strstr (text, expected));
  /* The repeat and its action are gone, but for their tombstones: the
   * first mention of either is in <deletions>.
   */
  {
    g_autofree char *action_gone = g_strdup_printf ("<deleted row=\"action\" uuid=\"%s\" ", gone);
    g_autofree char *repeat_gone = g_strdup_printf ("<deleted row=\"repeat\" uuid=\"%s\" ", r0);
    const char *deletions = strstr (text, "<deletions>");

    g_assert_nonnull (deletions);
    g_assert_nonnull (strstr (deletions, action_gone));
    g_assert_nonnull (strstr (deletions, repeat_gone));
    g_assert_true (strstr (text, gone) > deletions);
    g_assert_true (strstr (text, r0) > deletions);
  }

  /* Into another database, in the same repeat. */
  g_assert_cmpint (g_mkdir (other_folder, 0700), ==, 0);
  other = wr_store_open (other_path, &error);
  g_assert_no_error (error);
  import (other, fixture->library, path, &counts);
  g_assert_cmpuint (counts.n_new, >=, 1);
  actions = wr_store_list_actions (other, visit, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (actions), ==, 1);
  action = g_list_model_get_item (actions, 0);
  g_assert_cmpstr (wr_action_get_uuid (action), ==, kept);
  g_assert_cmpstr (wr_action_get_repeat_uuid (action), ==, r1);

  /* The same pack claiming version 2 was changed after it was written:
   * the first thing version 2 cannot have is said, here the visit's clock
   * (version 4); tests/data/packs/bad has a pack with only an action's
   * repeat.
   */
  assert_older_refused (fixture, text, 2);
  /* Nor does version 4 have deletions. */
  assert_older_refused (fixture, text, 4);
  /* Nor version 5 a signature: an unsigned version 5 pack cannot be
   * passed off by relabelling a signed one.
   */
  assert_older_refused (fixture, text, 5);
}

/* Format version 4: each row carries the number of the change that last
 * wrote it and each visit its clock, and a second database that imports
 * the pack keeps them, so that its own export is the same visit, byte for
 * byte.
 */
static void
test_histories (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(WrVisitSession) steps = wr_test_new_session (fixture->store, fixture->library, "fifteen-steps", 2);
  const char *visit = wr_visit_get_uuid (wr_visit_session_get_visit (steps));
  const char *device = wr_store_get_device_id (fixture->store);
  WrMember *member = g_ptr_array_index (wr_visit_session_get_members (steps), 0);
  g_autofree char *other_folder = g_build_filename (fixture->folder, "other", NULL);
  g_autofree char *other_path = g_build_filename (other_folder, "walkround.db", NULL);
  g_autofree char *again_path = g_build_filename (fixture->folder, "again.xml", NULL);
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(WrStore) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Pack) pack = NULL;
  g_autoptr(Pack) pack_again = NULL;
  WrPackImportCounts counts;
  Visit *ours;
  Visit *theirs;

  /* Made: 1, two members: 2 and 3; an answer: 4. */
  set_answer (steps, "first-feel", member->uuid, 0, "4");

  path = export (fixture, NULL, "histories.xml");
  assert_valid (path);
  pack = read_pack (path);
  assert_stored_digests (fixture, pack);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "format-version=\"6\""));
  expected = g_strdup_printf ("change-device=\"%s\" change=\"1\" clock=\"%s:4\"", device, device);
  g_assert_nonnull (strstr (text, expected));
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("device=\"%s\" change=\"4\">", device);
  g_assert_nonnull (strstr (text, expected));
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("position=\"1\" modified=\"");
  g_assert_nonnull (strstr (text, expected));
  /* A demo visit, from before histories, has none. */
  g_assert_cmpuint (pack->visits->len, >, 1);

  g_assert_cmpint (g_mkdir (other_folder, 0700), ==, 0);
  other = wr_store_open (other_path, &error);
  g_assert_no_error (error);
  import (other, fixture->library, path, &counts);
  g_assert_cmpuint (counts.n_new, ==, pack->visits->len);
  {
    g_autoptr(WrPackWriter) writer = wr_pack_writer_new (other, fixture->library);

    g_assert_true (wr_pack_writer_write_file (writer, again_path, NULL, &error));
    g_assert_no_error (error);
  }
  pack_again = read_pack (again_path);
  ours = g_hash_table_lookup (pack->by_uuid, visit);
  theirs = g_hash_table_lookup (pack_again->by_uuid, visit);
  g_assert_nonnull (theirs);
  g_assert_cmpstr (ours->stated, ==, theirs->stated);
  for (guint i = 0; i < pack->visits->len; i++)
    {
      Visit *v = g_ptr_array_index (pack->visits, i);
      Visit *w = g_hash_table_lookup (pack_again->by_uuid, v->uuid);

      g_assert_nonnull (w);
      g_assert_cmpstr (v->stated, ==, w->stated);
    }

  /* The same pack claiming version 3 was changed after it was written. */
  assert_older_refused (fixture, text, 3);

  /* A row (the first with change 4) claiming a change beyond the visit's
   * clock, or a clock naming a device twice, was changed after it was
   * written too.
   */
  {
    g_autofree char *answer = g_strdup_printf ("device=\"%s\" change=\"4\">", device);
    g_autofree char *beyond = g_strdup_printf ("device=\"%s\" change=\"9\">", device);
    g_autofree char *clock = g_strdup_printf ("clock=\"%s:4\"", device);
    g_autofree char *twice = g_strdup_printf ("clock=\"%s:4 %s:3\"", device, device);
    g_autofree char *said_beyond = g_strdup_printf ("> says it is change 9 of device %s, which the visit's "
                                                    "clock does not include", device);
    g_autofree char *said_twice = g_strdup_printf ("the visit's clock: device %s is named twice", device);

    assert_edit_refused (fixture, text, answer, beyond, said_beyond);
    assert_edit_refused (fixture, text, clock, twice, said_twice);
  }
}

/* An incremental pack goes by when this device changed a visit, or took a
 * change to it from a pack: a visit another device changed last month and
 * this one took today is in today's pack, and so is a follow-up on a
 * completed visit, which does not mark it modified.
 */
static void
test_changed_here (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = export (fixture, NULL, "all.xml");
  g_autofree char *other_folder = g_build_filename (fixture->folder, "hub", NULL);
  g_autofree char *other_path = g_build_filename (other_folder, "walkround.db", NULL);
  g_autofree char *since_path = g_build_filename (fixture->folder, "since.xml", NULL);
  g_autofree char *later_path = g_build_filename (fixture->folder, "later.xml", NULL);
  g_autoptr(GDateTime) before = g_date_time_new_now_local ();
  g_autoptr(GDateTime) after_import = NULL;
  g_autofree char *before_text = g_date_time_format_iso8601 (before);
  g_autofree char *after_text = NULL;
  g_autofree char *action_uuid = NULL;
  g_autofree char *visit_uuid = NULL;
  g_autoptr(Pack) all = read_pack (path);
  g_autoptr(Pack) since = NULL;
  g_autoptr(Pack) later = NULL;
  g_autoptr(WrStore) hub = NULL;
  g_autoptr(GError) error = NULL;
  WrPackImportCounts counts;
  guint n_older = 0;

  /* The demo's visits were last changed in the past. */
  for (guint i = 0; i < all->visits->len; i++)
    {
      Visit *visit = g_ptr_array_index (all->visits, i);
      g_autoptr(GDateTime) modified = g_date_time_new_from_iso8601 (visit->modified, NULL);

      n_older += g_date_time_compare (modified, before) < 0;
    }
  g_assert_cmpuint (n_older, ==, all->visits->len);

  g_assert_cmpint (g_mkdir (other_folder, 0700), ==, 0);
  hub = wr_store_open (other_path, &error);
  g_assert_no_error (error);
  import (hub, fixture->library, path, &counts);
  g_assert_cmpuint (counts.n_new, ==, all->visits->len);

  {
    g_autoptr(WrPackWriter) writer = wr_pack_writer_new (hub, fixture->library);
    g_autoptr(WrScope) filter = wr_scope_new ();

    g_assert_true (wr_scope_set_changed_since (filter, before_text, &error));
    g_assert_no_error (error);
    wr_pack_writer_set_filter (writer, filter);
    g_assert_true (wr_pack_writer_write_file (writer, since_path, NULL, &error));
    g_assert_no_error (error);
  }
  since = read_pack (since_path);
  g_assert_cmpuint (since->visits->len, ==, all->visits->len);

  /* A completed visit's action, followed up on the hub. */
  {
    g_autoptr(sqlite3_stmt) stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (hub),
                                         "SELECT a.uuid, v.uuid FROM actions a JOIN visits v ON v.id = a.visit_id"
                                         " WHERE v.status = 'completed' AND a.status = 'open' AND a.deleted IS NULL"
                                         " LIMIT 1",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    action_uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    visit_uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  }
  g_usleep (2000);
  after_import = g_date_time_new_now_local ();
  after_text = g_date_time_format_iso8601 (after_import);
  g_usleep (2000);
  g_assert_true (wr_store_set_action_status (hub, action_uuid, WR_ACTION_DONE, &error));
  g_assert_no_error (error);
  {
    g_autoptr(WrPackWriter) writer = wr_pack_writer_new (hub, fixture->library);
    g_autoptr(WrScope) filter = wr_scope_new ();

    g_assert_true (wr_scope_set_changed_since (filter, after_text, &error));
    g_assert_no_error (error);
    wr_pack_writer_set_filter (writer, filter);
    g_assert_true (wr_pack_writer_write_file (writer, later_path, NULL, &error));
    g_assert_no_error (error);
  }
  later = read_pack (later_path);
  g_assert_cmpuint (later->visits->len, ==, 1);
  g_assert_nonnull (g_hash_table_lookup (later->by_uuid, visit_uuid));
}

/* What an export shared --------------------------------------------------------- */

static guint
count_seen (WrStore *store)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store), "SELECT count(*) FROM seen_digests",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int (stmt, 0);
}

static char *
stored_digest_of (WrStore    *store,
                  const char *uuid)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  char *digest;

  g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store), "SELECT id FROM visits WHERE uuid = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  digest = _wr_pack_stored_digest (store, sqlite3_column_int64 (stmt, 0), &error);
  g_assert_no_error (error);
  return digest;
}

static void
import (WrStore            *store,
        WrFormLibrary      *library,
        const char         *path,
        WrPackImportCounts *counts)
{
  g_autoptr(WrPackReader) reader = wr_pack_reader_new (store, library);
  /* Test packs come from this test's other databases, or from before
   * packs were signed: taken as `import --trust-new-device
   * --allow-unsigned` takes them; a bad signature is still refused. */
  wr_pack_reader_set_trust_new_device (reader, TRUE);
  wr_pack_reader_set_allow_unsigned (reader, TRUE);
  g_autoptr(GError) error = NULL;

  memset (counts, 0, sizeof *counts);
  g_assert_true (wr_pack_reader_import_file (reader, path, NULL, counts, &error));
  g_assert_no_error (error);
}

/* Device A exports its draft (content X) and edits it (Y, at the same
 * revision); the hub merges A's pack and sends back a pack that holds X.
 * X is old news to A, not a conflict, and A keeps Y. With @remember
 * FALSE (a pack made only for a report) A never noted X as shared, but
 * X's history says that every change in it is one A made: old news too.
 * (Before histories, X was news then, and a conflict: test-pack-reader's
 * packs from format version 3 keep that.)
 */
static void
share_edit_and_merge (Fixture  *fixture,
                      gboolean  remember)
{
  g_autoptr(WrPackWriter) writer = wr_pack_writer_new (fixture->store, fixture->library);
  g_autofree char *pack = g_build_filename (fixture->folder, "from-a.xml", NULL);
  g_autofree char *hub_folder = g_build_filename (fixture->folder, "hub", NULL);
  g_autofree char *hub_path = g_build_filename (hub_folder, "walkround.db", NULL);
  g_autofree char *merged = g_build_filename (fixture->folder, "merged.xml", NULL);
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;
  g_autofree char *after = NULL;
  g_autoptr(WrStore) hub = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  WrAnswerKey key = { "some-question", NULL, NULL };
  WrPackImportCounts counts;
  guint n_visits;
  gboolean found = FALSE;

  wr_pack_writer_set_remember_shared (writer, remember);
  g_assert_cmpuint (count_seen (fixture->store), ==, 0);
  g_assert_true (wr_pack_writer_write_file (writer, pack, NULL, &error));
  g_assert_no_error (error);
  wr_pack_writer_get_progress (writer, &n_visits, NULL);
  g_assert_cmpuint (count_seen (fixture->store), ==, remember ? n_visits : 0);
  x = stored_digest_of (fixture->store, fixture->draft);

  /* The hub merges A's pack and writes its own. */
  g_assert_cmpint (g_mkdir (hub_folder, 0700), ==, 0);
  hub = wr_store_open (hub_path, &error);
  g_assert_no_error (error);
  import (hub, fixture->library, pack, &counts);
  g_assert_cmpuint (counts.n_new, ==, n_visits);
  {
    g_autoptr(WrPackWriter) hub_writer = wr_pack_writer_new (hub, fixture->library);

    g_assert_true (wr_pack_writer_write_file (hub_writer, merged, NULL, &error));
    g_assert_no_error (error);
  }

  /* A edits its draft: no new revision. */
  g_assert_true (wr_store_set_answer_comment (fixture->store, fixture->draft, &key, "Edited after sharing", &error));
  g_assert_no_error (error);
  y = stored_digest_of (fixture->store, fixture->draft);
  g_assert_cmpstr (x, !=, y);

  import (fixture->store, fixture->library, merged, &counts);
  g_assert_cmpuint (counts.n_new, ==, 0);
  g_assert_cmpuint (counts.n_updated, ==, 0);
  g_assert_cmpuint (counts.n_conflicts, ==, 0);
  g_assert_cmpuint (counts.n_unchanged, ==, n_visits);

  /* A keeps its edit either way. */
  after = stored_digest_of (fixture->store, fixture->draft);
  g_assert_cmpstr (after, ==, y);
  answers = wr_store_list_answers (fixture->store, fixture->draft, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < answers->len; i++)
    {
      WrAnswer *answer = g_ptr_array_index (answers, i);

      if (g_str_equal (answer->question_id, "some-question"))
        {
          g_assert_cmpstr (answer->comment, ==, "Edited after sharing");
          found = TRUE;
        }
    }
  g_assert_true (found);
}

static void
test_remember_shared (Fixture       *fixture,
                      gconstpointer  data)
{
  share_edit_and_merge (fixture, TRUE);
}

static void
test_report_pack_not_remembered (Fixture       *fixture,
                                 gconstpointer  data)
{
  share_edit_and_merge (fixture, FALSE);
}

/* Standard output is shared too; a failed or cancelled export shares
 * nothing.
 */
static void
test_remember_fd (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(WrPackWriter) writer = wr_pack_writer_new (fixture->store, fixture->library);
  g_autoptr(WrFormLibrary) no_forms = wr_form_library_new (NULL);
  g_autoptr(WrPackWriter) no_forms_writer = wr_pack_writer_new (fixture->store, no_forms);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->folder, "fd.xml", NULL);
  guint n_visits;
  int fd;

  g_assert_false (wr_pack_writer_write_file (no_forms_writer, path, NULL, &error));
  g_assert_error (error, WR_PACK_ERROR, WR_PACK_ERROR_FORM_MISSING);
  g_clear_error (&error);
  g_cancellable_cancel (cancellable);
  g_assert_false (wr_pack_writer_write_file (writer, path, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (count_seen (fixture->store), ==, 0);

  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_BINARY | O_CLOEXEC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_true (wr_pack_writer_write_fd (writer, fd, NULL, &error));
  g_assert_no_error (error);
  close (fd);
  wr_pack_writer_get_progress (writer, &n_visits, NULL);
  g_assert_cmpuint (n_visits, >, 0);
  g_assert_cmpuint (count_seen (fixture->store), ==, n_visits);

  /* Once each. */
  g_assert_true (wr_pack_writer_write_file (writer, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_seen (fixture->store), ==, n_visits);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  xmlInitParser ();

  g_test_add ("/walkround/pack-writer/valid", Fixture, GUINT_TO_POINTER (60),
              fixture_set_up, test_valid, fixture_tear_down);
  g_test_add ("/walkround/pack-writer/stored-digest", Fixture, GUINT_TO_POINTER (60),
              fixture_set_up, test_stored_digest, fixture_tear_down);
  g_test_add ("/walkround/pack-writer/hidden", Fixture, GUINT_TO_POINTER (60),
              fixture_set_up, test_hidden, fixture_tear_down);
  g_test_add ("/walkround/pack-writer/actions-in-repeats", Fixture, GUINT_TO_POINTER (10),
              fixture_set_up, test_actions_in_repeats, fixture_tear_down);
  g_test_add ("/walkround/pack-writer/histories", Fixture, GUINT_TO_POINTER (10),
              fixture_set_up, test_histories, fixture_tear_down);
  g_test_add ("/walkround/pack-writer/changed-here", Fixture, GUINT_TO_POINTER (40),
              fixture_set_up, test_changed_here, fixture_tear_down);
  g_test_add ("/walkround/pack-writer/remember-shared", Fixture, GUINT_TO_POINTER (10),
              fixture_set_up, test_remember_shared, fixture_tear_down);
  g_test_add ("/walkround/pack-writer/report-pack-not-remembered", Fixture, GUINT_TO_POINTER (10),
              fixture_set_up, test_report_pack_not_remembered, fixture_tear_down);
  g_test_add ("/walkround/pack-writer/remember-fd", Fixture, GUINT_TO_POINTER (10),
              fixture_set_up, test_remember_fd, fixture_tear_down);
  g_test_add ("/walkround/pack-writer/escaping", Fixture, GUINT_TO_POINTER (60),
              fixture_set_up, test_escaping, fixture_tear_down);
  g_test_add ("/walkround/pack-writer/filters", Fixture, GUINT_TO_POINTER (60),
              fixture_set_up, test_filters, fixture_tear_down);
  g_test_add ("/walkround/pack-writer/scope", Fixture, GUINT_TO_POINTER (10),
              fixture_set_up, test_scope, fixture_tear_down);
  g_test_add ("/walkround/pack-writer/scope-any-case", Fixture, GUINT_TO_POINTER (10),
              fixture_set_up, test_scope_any_case, fixture_tear_down);
  g_test_add_func ("/walkround/pack-writer/bad-filters", test_bad_filters);
  g_test_add ("/walkround/pack-writer/cancel", Fixture, GUINT_TO_POINTER (150),
              fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/walkround/pack-writer/progress", Fixture, GUINT_TO_POINTER (150),
              fixture_set_up, test_progress, fixture_tear_down);
  g_test_add ("/walkround/pack-writer/failures", Fixture, GUINT_TO_POINTER (10),
              fixture_set_up, test_failures, fixture_tear_down);

  return g_test_run ();
}
