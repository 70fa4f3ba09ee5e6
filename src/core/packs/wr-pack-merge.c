/* wr-pack-merge.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A pack's copy of a visit merged into ours, row by row (wr-merge.c says
 * by which rules). Both copies are read as a pack carries them: ours as an
 * export would write it, theirs as the pack holds it, so that a row is the
 * same on both sides exactly when its element is. Both are documents made
 * without parsing: ours by the writer, theirs from the reader's events.
 * Rows both hold alike, and keep no other versions of, are left out of
 * the merge, which would leave them as they are.
 *
 * Each row is named by a key: "visit" for the visit's own fields, "answer
 * QUESTION MEMBER REPEAT" for an answer ("-" for no member or repeat), and
 * "ELEMENT UUID" for the rest. A version of a row is the change that wrote
 * it (its device and change number) and its content: the element in the
 * digest's canonical form (attributes sorted, the indenting whitespace and
 * attachments' bytes left out, which the sha256 attribute stands for), so
 * that how a copy was written out does not matter. An answer's `hidden` is
 * left out too: it is worked out from the form on export, not written.
 *
 * The rows the merge changed are written back as a pack's <visit>, with
 * the visit's own element and a digest of what is written, for the reader
 * to import over ours: the rows are checked and stored by the same code
 * as any pack's, and ours of other keys are left alone. The versions of a
 * row in conflict that are not shown go in its <versions>, as every pack
 * carries them, and the reader keeps them beside the visit (row_versions).
 *
 * A deletion is a version too, without content: a row deleted by a change
 * is carried as a <deleted> in the visit's <deletions> (its tombstone),
 * or in <versions> when another version of the row is shown.
 *
 * The visit's `modified` is the later of the two, and its clock what
 * either had seen: a function of the changes alone, so that every device
 * that has seen the same changes writes the same visit.
 */

#define G_LOG_DOMAIN "wr-pack-merge"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "wr-pack-digest.h"
#include "wr-pack-error.h"
#include "wr-pack-format.h"
#include "wr-pack-merge-private.h"
#include "wr-pack-writer-private.h"
#include "wr-store-private.h"
#include "wr-xml-private.h"

#define VISIT_KEY "visit"
#define VISIT_FIELDS "visit-fields"
#define VERSIONS "versions"
#define DELETIONS "deletions"
#define DELETED "deleted"

/* A visit's rows, in the order a pack holds their containers. */
static const struct
{
  const char *container;
  const char *row;
} row_kinds[] = {
  { "team", "member" },
  { "repeats", "repeat" },
  { "answers", "answer" },
  { "observations", "observation" },
  { "actions", "action" },
  { "attachments", "attachment" },
  { "support-requests", "support-request" },
  { "reviews", "review" },
};

/* The visit's attributes that are not its own fields: they follow from
 * its rows and the merge.
 */
static gboolean
is_derived_visit_attribute (const char *name)
{
  return g_str_equal (name, "modified") || g_str_equal (name, "change-device") || g_str_equal (name, "change") ||
         g_str_equal (name, "clock");
}

typedef struct
{
  GPtrArray  *docs;       /* xmlDoc, freed at the end */
  GHashTable *nodes;      /* GBytes content → its element, in one of @docs */
  GHashTable *xml;        /* GBytes content → the element as written, for kept versions */
  GHashTable *tombstones; /* "KEY DEVICE CHANGE" → its <deleted>, in one of @docs */
  GPtrArray  *copies;     /* the values peek() could not borrow, freed at the end */
  char       *modified;   /* the later of both copies' */
} Merge;

void
_wr_pack_merge_clear (WrPackMerge *merge)
{
  if (merge->xml != NULL)
    g_string_free (merge->xml, TRUE);
  merge->xml = NULL;
  g_clear_pointer (&merge->keys, g_hash_table_unref);
}

/* Text this program wrote (our copy as an export writes it, the reader's
 * copy of a pack it checked, a kept version), parsed as all XML is here.
 */
static xmlDoc *
parse_text (const char *text,
            gsize       len)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, len);
  g_autoptr(WrXmlProblem) problem = NULL;

  return _wr_xml_parse (bytes, &problem);
}

static gboolean
has_element_children (xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE)
      return TRUE;
  return FALSE;
}

/* The text of an attribute's or a text element's children, as parsing or
 * the writer leaves it: one text node, whose text is borrowed. Anything
 * else is copied into *@owned, for the caller to xmlFree().
 */
static const char *
children_text (xmlDoc   *doc,
               xmlNode  *children,
               xmlChar **owned)
{
  *owned = NULL;
  if (children == NULL)
    return "";
  if (children->next == NULL && children->type == XML_TEXT_NODE && children->content != NULL)
    return (const char *) children->content;
  *owned = xmlNodeListGetString (doc, children, 1);
  return *owned != NULL ? (const char *) *owned : "";
}

static const char *
attribute_value (xmlAttr  *attribute,
                 xmlChar **owned)
{
  return children_text (attribute->doc, attribute->children, owned);
}

static const char *
element_content (xmlNode  *node,
                 xmlChar **owned)
{
  return children_text (node->doc, node->children, owned);
}

/* An attribute of an element, or %NULL: borrowed from its document, or
 * else a copy kept in @copies (xmlFree() frees them).
 */
static const char *
peek (GPtrArray  *copies,
      xmlNode    *node,
      const char *name)
{
  for (xmlAttr *a = node->properties; a != NULL; a = a->next)
    if (a->ns == NULL && g_str_equal ((const char *) a->name, name))
      {
        xmlChar *owned;
        const char *value = attribute_value (a, &owned);

        if (owned != NULL)
          g_ptr_array_add (copies, owned);
        return value;
      }
  return NULL;
}

typedef struct
{
  const char *name;
  xmlAttr    *attribute;
} Attribute;

static int
compare_attributes (gconstpointer a,
                    gconstpointer b)
{
  return strcmp (((const Attribute *) a)->name, ((const Attribute *) b)->name);
}

/* Who made a version and when: not what it says. */
static gboolean
is_author_attribute (const char *name)
{
  return g_str_equal (name, "device") || g_str_equal (name, "change") || g_str_equal (name, "modified");
}

/* The element's attributes that are content, sorted by name; with @said,
 * only what it says (see said_of()).
 */
static GArray *
content_attributes (xmlNode  *node,
                    gboolean  visit,
                    gboolean  said)
{
  GArray *attributes = g_array_new (FALSE, FALSE, sizeof (Attribute));

  for (xmlAttr *a = node->properties; a != NULL; a = a->next)
    {
      Attribute attribute = { (const char *) a->name, a };

      if (visit ? is_derived_visit_attribute (attribute.name)
                : (g_str_equal (attribute.name, "hidden") && g_str_equal ((const char *) node->name, "answer")))
        continue;
      if (said && !visit && is_author_attribute (attribute.name))
        continue;
      g_array_append_val (attributes, attribute);
    }
  g_array_sort (attributes, compare_attributes);

  return attributes;
}

/* The digest's canonical form (see wr-pack-digest.c), of one row. */
static void
canonical (GString  *out,
           xmlNode  *node,
           gboolean  visit,
           gboolean  said)
{
  GArray *attributes;

  if (g_str_equal ((const char *) node->name, WR_PACK_DATA_ELEMENT))
    return;

  /* The visit's own fields are the same row in a <visit> and in a kept
   * <visit-fields>.
   */
  g_string_append_c (out, 'S');
  g_string_append (out, visit ? "visit" : (const char *) node->name);
  g_string_append_c (out, '\0');
  attributes = content_attributes (node, visit, said);
  for (guint i = 0; i < attributes->len; i++)
    {
      const Attribute *a = &g_array_index (attributes, Attribute, i);
      xmlChar *owned;

      g_string_append_c (out, 'A');
      g_string_append (out, a->name);
      g_string_append_c (out, '\0');
      g_string_append (out, attribute_value (a->attribute, &owned));
      g_string_append_c (out, '\0');
      xmlFree (owned);
    }
  g_array_unref (attributes);

  if (visit)
    ;
  else if (has_element_children (node))
    {
      for (xmlNode *child = node->children; child != NULL; child = child->next)
        if (child->type == XML_ELEMENT_NODE)
          canonical (out, child, FALSE, FALSE);
    }
  else
    {
      xmlChar *owned;
      const char *text = element_content (node, &owned);

      if (text[0] != '\0')
        {
          g_string_append_c (out, 'T');
          g_string_append (out, text);
          g_string_append_c (out, '\0');
        }
      xmlFree (owned);
    }
  g_string_append_c (out, 'E');
}

static GBytes *
content_of (xmlNode  *node,
            gboolean  visit)
{
  GString *out = g_string_new (NULL);
  gsize len;

  canonical (out, node, visit, FALSE);
  len = out->len;
  return g_bytes_new_take (g_string_free (out, FALSE), len);
}

/* What a version of a row says, without who made it and when: two
 * versions that say the same are no conflict to resolve, though both are
 * kept (the next change replaces only those it has seen).
 */
static GBytes *
said_of (xmlNode  *node,
         gboolean  visit)
{
  GString *out = g_string_new (NULL);
  gsize len;

  canonical (out, node, visit, TRUE);
  len = out->len;
  return g_bytes_new_take (g_string_free (out, FALSE), len);
}

/* What the @i-th of some versions of a row says (said_of() of its
 * element), or NULL for a deletion; *@failed if it cannot be read.
 */
typedef GBytes *(*SayFunc) (gpointer  versions,
                            guint     i,
                            gboolean  visit,
                            gboolean *failed);

/* Whether two or more versions of a row all say the same. */
static gboolean
all_say_the_same (gpointer  versions,
                  guint     n,
                  SayFunc   say,
                  gboolean  visit)
{
  g_autoptr(GBytes) first = NULL;

  for (guint i = 0; i < n; i++)
    {
      gboolean failed = FALSE;
      g_autoptr(GBytes) said = say (versions, i, visit, &failed);

      if (failed)
        return FALSE;
      if (i == 0)
        first = g_steal_pointer (&said);
      else if ((said == NULL) != (first == NULL) || (said != NULL && !g_bytes_equal (said, first)))
        return FALSE;
    }

  return n > 1;
}

/* Of versions as kept: their elements' text, NULL for a deletion. */
static GBytes *
say_kept (gpointer  versions,
          guint     i,
          gboolean  visit,
          gboolean *failed)
{
  const WrPackRowVersion *version = g_ptr_array_index ((GPtrArray *) versions, i);
  g_autoptr(GBytes) text = NULL;
  g_autoptr(WrXmlProblem) problem = NULL;
  GBytes *said;
  xmlDoc *doc;

  if (version->content == NULL)
    return NULL;
  text = g_bytes_new_static (version->content, strlen (version->content));
  if ((doc = _wr_xml_parse (text, &problem)) == NULL)
    {
      *failed = TRUE;
      return NULL;
    }
  said = said_of (xmlDocGetRootElement (doc), visit);
  xmlFreeDoc (doc);
  return said;
}

/**
 * _wr_pack_merge_key:
 * @element: the row's element: answer, observation, member…
 * @uuid: (nullable): its uuid; not an answer's
 * @question: (nullable): an answer's question
 * @member: (nullable): an answer's member, or %NULL or "" for none
 * @repeat: (nullable): an answer's repeat, or %NULL or "" for none
 *
 * Names a row as merging does (see above), wherever it is read.
 *
 * Returns: (transfer full): the row's key
 */
char *
_wr_pack_merge_key (const char *element,
                    const char *uuid,
                    const char *question,
                    const char *member,
                    const char *repeat)
{
  /* Made for every row of both copies of each visit merged: without
   * printf's parsing of a format.
   */
  if (g_str_equal (element, "answer"))
    return g_strjoin (" ", "answer", question != NULL ? question : "-",
                      member != NULL && member[0] != '\0' ? member : "-",
                      repeat != NULL && repeat[0] != '\0' ? repeat : "-", NULL);
  return g_strjoin (" ", element, uuid != NULL ? uuid : "-", NULL);
}

/* The key of a row's element; a <deleted> names its row by its "row". */
static char *
row_key (GPtrArray *copies,
         xmlNode   *row)
{
  const char *name = (const char *) row->name;

  if (g_str_equal (name, DELETED))
    name = peek (copies, row, "row");

  return _wr_pack_merge_key (name != NULL ? name : "-", peek (copies, row, "uuid"), peek (copies, row, "question"),
                             peek (copies, row, "member"), peek (copies, row, "repeat"));
}

static guint64
parse_change (const char *text)
{
  guint64 change = 0;

  if (text != NULL)
    g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &change, NULL);
  return change;
}

/* A version's element is found by its content and its change: the
 * visit's own fields leave their change out of their content, so two
 * changes may write the same.
 */
static GBytes *
node_key (GBytes     *content,
          const char *device,
          guint64     counter)
{
  gsize len;
  const char *data = g_bytes_get_data (content, &len);
  GString *key = g_string_sized_new (len + 64);

  g_string_append_len (key, data, (gssize) len);
  g_string_append_printf (key, "%c%s%c%" G_GUINT64_FORMAT, '\0', device, '\0', counter);
  len = key->len;
  return g_bytes_new_take (g_string_free (key, FALSE), len);
}

/* Notes a version's element, for writing it out. */
static void
note_node (Merge      *merge,
           GBytes     *content,
           const char *device,
           guint64     counter,
           xmlNode    *node)
{
  GBytes *key = node_key (content, device, counter);

  if (!g_hash_table_contains (merge->nodes, key))
    g_hash_table_insert (merge->nodes, key, node);
  else
    g_bytes_unref (key);
}

static xmlNode *
version_node (Merge           *merge,
              const WrVersion *version)
{
  g_autoptr(GBytes) key = NULL;

  if (version == NULL || version->content == NULL)
    return NULL;
  key = node_key (version->content, version->device, version->counter);
  return g_hash_table_lookup (merge->nodes, key);
}

static char *
tombstone_name (const char *key,
                const char *device,
                guint64     change)
{
  return g_strdup_printf ("%s %s %" G_GUINT64_FORMAT, key, device, change);
}

/* Notes a deletion's element. The same deletion carried with another time
 * was changed by hand: the earlier time is kept, whichever came first, so
 * that every device writes the same.
 */
static void
note_tombstone (Merge      *merge,
                const char *key,
                const char *device,
                guint64     change,
                xmlNode    *node)
{
  g_autofree char *name = tombstone_name (key, device, change);
  xmlNode *old = g_hash_table_lookup (merge->tombstones, name);

  if (old != NULL)
    {
      g_autofree char *old_time = _wr_xml_get_attribute (old, "modified");
      g_autofree char *new_time = _wr_xml_get_attribute (node, "modified");

      if (g_strcmp0 (new_time, old_time) >= 0)
        return;
    }
  g_hash_table_replace (merge->tombstones, g_steal_pointer (&name), node);
}

/* A <deleted>: a version of its row without content. */
static void
add_tombstone (Merge        *merge,
               WrMergeState *state,
               WrClock      *clock,
               xmlNode      *node)
{
  g_autofree char *key = row_key (merge->copies, node);
  const char *device = peek (merge->copies, node, "device");
  guint64 number = parse_change (peek (merge->copies, node, "change"));

  /* The schema requires both: a pack without them was refused. */
  if (device == NULL || number == 0)
    return;
  note_tombstone (merge, key, device, number, node);
  wr_merge_state_add_version (state, key, device, number, NULL);
  wr_clock_advance (clock, device, 0);
}

static void
add_row (Merge        *merge,
         WrMergeState *state,
         WrClock      *clock,
         xmlNode      *row,
         const char   *visit_device)
{
  g_autofree char *key = row_key (merge->copies, row);
  const char *device = peek (merge->copies, row, "device");
  const char *change = peek (merge->copies, row, "change");
  g_autoptr(GBytes) content = content_of (row, FALSE);
  const char *by = device != NULL ? device : visit_device;

  note_node (merge, content, by, parse_change (change), row);
  wr_merge_state_add_version (state, key, by, parse_change (change), content);
  wr_clock_advance (clock, by, 0);
}

/* A version of the visit's own fields: the visit itself, or a kept
 * <visit-fields>.
 */
static void
add_visit_version (Merge        *merge,
                   WrMergeState *state,
                   WrClock      *clock,
                   xmlNode      *node)
{
  const char *device = peek (merge->copies, node, "device");
  const char *change_device = peek (merge->copies, node, "change-device");
  const char *change = peek (merge->copies, node, "change");
  g_autoptr(GBytes) content = content_of (node, TRUE);
  const char *by = change_device != NULL ? change_device : device != NULL ? device : "";

  note_node (merge, content, by, parse_change (change), node);
  wr_merge_state_add_version (state, VISIT_KEY, by, parse_change (change), content);
  wr_clock_advance (clock, by, 0);
}

/* Their copy of the visit, as the reader read it from a pack it checked.
 * The merge keeps the document.
 */
static xmlNode *
adopt_copy (Merge   *merge,
            xmlDoc  *doc,
            GError **error)
{
  xmlNode *visit;

  g_ptr_array_add (merge->docs, doc);
  if ((visit = xmlDocGetRootElement (doc)) == NULL || !g_str_equal ((const char *) visit->name, "visit"))
    {
      g_set_error_literal (error, WR_PACK_ERROR, WR_PACK_ERROR_READ, _("Could not read a visit to merge it"));
      return NULL;
    }

  return visit;
}

/* Our copy of the visit, as an export writes it, and its digest. The
 * merge keeps the document.
 */
static xmlNode *
make_ours (Merge    *merge,
           WrStore  *store,
           gint64    visit_id,
           char    **digest,
           GError  **error)
{
  xmlDoc *doc = _wr_pack_writer_visit_doc (store, _wr_pack_stored_hiding (store), visit_id, digest, error);

  if (doc == NULL)
    return NULL;
  g_ptr_array_add (merge->docs, doc);
  return xmlDocGetRootElement (doc);
}

/* Reads one copy of the visit into @state: its rows, and its clock. The
 * rows in @skip (nullable) are left out of @state, their devices named
 * in its clock all the same.
 */
static gboolean
read_copy (Merge         *merge,
           xmlNode       *visit,
           GHashTable    *skip,
           WrMergeState  *state,
           GError       **error)
{
  g_autofree char *device = NULL;
  g_autofree char *clock_text = NULL;
  g_autofree char *modified = NULL;
  g_autoptr(WrClock) clock = NULL;
  g_autoptr(GError) clock_error = NULL;

  device = _wr_xml_get_attribute (visit, "device");
  clock_text = _wr_xml_get_attribute (visit, "clock");
  modified = _wr_xml_get_attribute (visit, "modified");
  if (device == NULL)
    {
      g_set_error_literal (error, WR_PACK_ERROR, WR_PACK_ERROR_READ, _("Could not read a visit to merge it"));
      return FALSE;
    }

  if (clock_text != NULL)
    clock = wr_clock_from_string (clock_text, &clock_error);
  else
    clock = wr_clock_new ();
  if (clock == NULL)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_INVALID, _("the visit's clock: %s"), clock_error->message);
      return FALSE;
    }

  add_visit_version (merge, state, clock, visit);

  /* Each row in its container; and in <versions>, the other versions of
   * rows in conflict, which are versions like any other here.
   */
  for (xmlNode *container = visit->children; container != NULL; container = container->next)
    {
      if (container->type != XML_ELEMENT_NODE || g_str_equal ((const char *) container->name, WR_PACK_DIGEST_ELEMENT))
        continue;
      for (xmlNode *row = container->children; row != NULL; row = row->next)
        if (row->type == XML_ELEMENT_NODE && g_str_equal ((const char *) row->name, VISIT_FIELDS))
          add_visit_version (merge, state, clock, row);
        else if (row->type == XML_ELEMENT_NODE && g_str_equal ((const char *) row->name, DELETED))
          add_tombstone (merge, state, clock, row);
        else if (row->type == XML_ELEMENT_NODE && skip != NULL && g_hash_table_contains (skip, row))
          {
            const char *by = peek (merge->copies, row, "device");

            wr_clock_advance (clock, by != NULL ? by : device, 0);
          }
        else if (row->type == XML_ELEMENT_NODE)
          add_row (merge, state, clock, row, device);
    }

  wr_merge_state_set_clock (state, clock);
  if (modified != NULL && (merge->modified == NULL || strcmp (modified, merge->modified) > 0))
    {
      g_free (merge->modified);
      merge->modified = g_steal_pointer (&modified);
    }

  return TRUE;
}

/* Writing the merged visit --------------------------------------------------------- */

static void
append_escaped (GString    *out,
                const char *value,
                gboolean    attribute)
{
  for (const char *p = value; *p != '\0'; p++)
    switch (*p)
      {
      case '&': g_string_append (out, "&amp;"); break;
      case '<': g_string_append (out, "&lt;"); break;
      case '>': g_string_append (out, "&gt;"); break;
      case '"': g_string_append (out, attribute ? "&quot;" : "\""); break;
      case '\r': g_string_append (out, "&#13;"); break;
      case '\t': g_string_append (out, attribute ? "&#9;" : "\t"); break;
      case '\n': g_string_append (out, attribute ? "&#10;" : "\n"); break;
      default: g_string_append_c (out, *p); break;
      }
}

static void
write_attribute (GString      *out,
                 WrPackDigest *digest,
                 const char   *name,
                 const char   *value)
{
  g_string_append_c (out, ' ');
  g_string_append (out, name);
  g_string_append (out, "=\"");
  append_escaped (out, value, TRUE);
  g_string_append_c (out, '"');
  wr_pack_digest_attribute (digest, name, value);
}

/* A row's element and everything in it, as read; its digest along. */
static void
write_element (GString      *out,
               WrPackDigest *digest,
               xmlNode      *node,
               gboolean      with_data)
{
  const char *name = (const char *) node->name;
  gboolean children = has_element_children (node);

  g_string_append_c (out, '<');
  g_string_append (out, name);
  wr_pack_digest_start_element (digest, name);
  for (xmlAttr *a = node->properties; a != NULL; a = a->next)
    {
      xmlChar *value;

      if (g_str_equal ((const char *) a->name, "hidden") && g_str_equal (name, "answer"))
        continue;
      value = xmlNodeListGetString (node->doc, a->children, 1);
      write_attribute (out, digest, (const char *) a->name, value != NULL ? (const char *) value : "");
      xmlFree (value);
    }
  g_string_append_c (out, '>');

  if (children)
    {
      g_string_append_c (out, '\n');
      for (xmlNode *child = node->children; child != NULL; child = child->next)
        if (child->type == XML_ELEMENT_NODE &&
            (with_data || !g_str_equal ((const char *) child->name, WR_PACK_DATA_ELEMENT)))
          write_element (out, digest, child, with_data);
    }
  else
    {
      xmlChar *text = xmlNodeGetContent (node);

      if (text != NULL)
        {
          append_escaped (out, (const char *) text, FALSE);
          wr_pack_digest_text (digest, (const char *) text, -1);
        }
      xmlFree (text);
    }

  g_string_append (out, "</");
  g_string_append (out, name);
  g_string_append (out, ">\n");
  wr_pack_digest_end_element (digest);
}

/* The visit's own fields, as a kept version carries them: its content,
 * and the change that wrote it, @device's @counter. Not its `modified`,
 * which is the whole visit's and changes with any of its rows.
 */
static void
write_visit_fields (GString      *out,
                    WrPackDigest *digest,
                    xmlNode      *node,
                    const char   *device,
                    guint64       counter)
{
  g_string_append (out, "<" VISIT_FIELDS);
  wr_pack_digest_start_element (digest, VISIT_FIELDS);
  for (xmlAttr *a = node->properties; a != NULL; a = a->next)
    {
      xmlChar *value;

      if (is_derived_visit_attribute ((const char *) a->name))
        continue;
      value = xmlNodeListGetString (node->doc, a->children, 1);
      write_attribute (out, digest, (const char *) a->name, value != NULL ? (const char *) value : "");
      xmlFree (value);
    }
  if (counter > 0)
    {
      g_autofree char *change = g_strdup_printf ("%" G_GUINT64_FORMAT, counter);

      write_attribute (out, digest, "change-device", device);
      write_attribute (out, digest, "change", change);
    }
  g_string_append (out, "/>\n");
  wr_pack_digest_end_element (digest);
}

/* The change that wrote a <visit> or <visit-fields>. */
static void
visit_change (xmlNode  *node,
              char    **device,
              guint64  *counter)
{
  g_autofree char *change_device = _wr_xml_get_attribute (node, "change-device");
  g_autofree char *change = _wr_xml_get_attribute (node, "change");

  *device = change_device != NULL ? g_steal_pointer (&change_device) : _wr_xml_get_attribute (node, "device");
  *counter = parse_change (change);
}

/* A kept version as a pack's <versions> carries it: a row without an
 * attachment's bytes (the shown version has them), or <visit-fields>.
 */
static void
write_kept (GString      *out,
            WrPackDigest *digest,
            xmlNode      *node,
            gboolean      visit)
{
  if (visit)
    {
      g_autofree char *device = NULL;
      guint64 counter;

      visit_change (node, &device, &counter);
      write_visit_fields (out, digest, node, device != NULL ? device : "", counter);
    }
  else
    write_element (out, digest, node, FALSE);
}

/* A kept version's element as written: what a later merge reads back. */
static char *
element_text (xmlNode *node)
{
  g_autoptr(WrPackDigest) digest = wr_pack_digest_new ();
  GString *out = g_string_new (NULL);
  const char *name = (const char *) node->name;

  write_kept (out, digest, node, g_str_equal (name, "visit") || g_str_equal (name, VISIT_FIELDS));
  return g_string_free (out, FALSE);
}

/* The <deleted> of a deletion: as read, or made for one made here. */
static xmlNode *
tombstone_node (Merge           *merge,
                const char      *key,
                const WrVersion *version)
{
  g_autofree char *name = tombstone_name (key, version->device, version->counter);
  xmlNode *node = g_hash_table_lookup (merge->tombstones, name);
  g_auto(GStrv) parts = NULL;
  g_autofree char *change = NULL;
  g_autofree char *now = NULL;
  xmlDoc *doc;

  if (node != NULL || version->counter == 0)
    return node;

  /* A resolution that chose the deletion: named by its key. */
  parts = g_strsplit (key, " ", 4);
  if (parts[0] == NULL || parts[1] == NULL)
    return NULL;
  doc = xmlNewDoc (BAD_CAST "1.0");
  node = xmlNewDocNode (doc, NULL, BAD_CAST DELETED, NULL);
  xmlDocSetRootElement (doc, node);
  g_ptr_array_add (merge->docs, doc);
  xmlSetProp (node, BAD_CAST "row", BAD_CAST parts[0]);
  if (g_str_equal (parts[0], "answer") && parts[2] != NULL && parts[3] != NULL)
    {
      xmlSetProp (node, BAD_CAST "question", BAD_CAST parts[1]);
      if (!g_str_equal (parts[2], "-"))
        xmlSetProp (node, BAD_CAST "member", BAD_CAST parts[2]);
      if (!g_str_equal (parts[3], "-"))
        xmlSetProp (node, BAD_CAST "repeat", BAD_CAST parts[3]);
    }
  else
    xmlSetProp (node, BAD_CAST "uuid", BAD_CAST parts[1]);
  change = g_strdup_printf ("%" G_GUINT64_FORMAT, version->counter);
  now = g_strdup (merge->modified != NULL ? merge->modified : "");
  xmlSetProp (node, BAD_CAST "device", BAD_CAST version->device);
  xmlSetProp (node, BAD_CAST "change", BAD_CAST change);
  xmlSetProp (node, BAD_CAST "modified", BAD_CAST now);
  g_hash_table_insert (merge->tombstones, g_steal_pointer (&name), node);

  return node;
}

static xmlNode *
shown_node (Merge     *merge,
            GPtrArray *versions)
{
  return versions != NULL && versions->len > 0 ? version_node (merge, g_ptr_array_index (versions, 0)) : NULL;
}

/* Writes the merged visit. With @only, only the rows of those keys (and
 * their other versions and tombstones) are written, with the visit's own
 * element: the reader patches ours with them and leaves the others as
 * they are, so the rest need not be written and read again. The digest is
 * of what is written.
 */
static GString *
write_visit (Merge              *merge,
             const WrMergeState *state,
             GHashTable         *only)
{
  g_autoptr(WrPackDigest) digest = wr_pack_digest_new ();
  g_autoptr(GPtrArray) keys = wr_merge_state_list_keys (state);
  GPtrArray *visit_versions = wr_merge_state_get_versions (state, VISIT_KEY);
  const WrVersion *shown = g_ptr_array_index (visit_versions, 0);
  xmlNode *visit = shown_node (merge, visit_versions);
  const WrClock *clock = wr_merge_state_get_clock (state);
  GString *out = g_string_sized_new (64 * 1024);
  g_autofree char *hex = NULL;
  gboolean numbered = FALSE;

  g_string_append (out, "<visit xmlns=\"" WR_PACK_NAMESPACE "\"");
  wr_pack_digest_start_element (digest, "visit");
  for (xmlAttr *a = visit->properties; a != NULL; a = a->next)
    {
      xmlChar *value;

      if (is_derived_visit_attribute ((const char *) a->name))
        continue;
      value = xmlNodeListGetString (visit->doc, a->children, 1);
      write_attribute (out, digest, (const char *) a->name, value != NULL ? (const char *) value : "");
      xmlFree (value);
    }
  write_attribute (out, digest, "modified", merge->modified);
  if (shown->counter > 0)
    {
      g_autofree char *change = g_strdup_printf ("%" G_GUINT64_FORMAT, shown->counter);

      write_attribute (out, digest, "change-device", shown->device);
      write_attribute (out, digest, "change", change);
    }
  for (guint i = 0; i < wr_clock_get_n (clock); i++)
    {
      guint64 counter;

      wr_clock_get_entry (clock, i, &counter);
      numbered |= counter > 0;
    }
  if (numbered)
    {
      g_autofree char *text = wr_clock_to_string (clock);

      write_attribute (out, digest, "clock", text);
    }
  g_string_append (out, ">\n");

  for (guint k = 0; k < G_N_ELEMENTS (row_kinds); k++)
    {
      gboolean started = FALSE;
      gsize prefix = strlen (row_kinds[k].row);

      for (guint i = 0; i < keys->len; i++)
        {
          const char *key = g_ptr_array_index (keys, i);
          xmlNode *node;

          if (strncmp (key, row_kinds[k].row, prefix) != 0 || key[prefix] != ' ' ||
              (only != NULL && !g_hash_table_contains (only, key)) ||
              (node = shown_node (merge, wr_merge_state_get_versions (state, key))) == NULL)
            continue;
          if (!started)
            {
              g_string_append_printf (out, "<%s>\n", row_kinds[k].container);
              wr_pack_digest_start_element (digest, row_kinds[k].container);
              started = TRUE;
            }
          write_element (out, digest, node, TRUE);
        }
      if (started)
        {
          g_string_append_printf (out, "</%s>\n", row_kinds[k].container);
          wr_pack_digest_end_element (digest);
        }
    }

  /* The rows whose shown version deletes them. */
  {
    gboolean started = FALSE;

    for (guint i = 0; i < keys->len; i++)
      {
        const char *key = g_ptr_array_index (keys, i);
        GPtrArray *versions = wr_merge_state_get_versions (state, key);
        const WrVersion *v = g_ptr_array_index (versions, 0);
        xmlNode *node;

        if (v->content != NULL || (only != NULL && !g_hash_table_contains (only, key)) ||
            (node = tombstone_node (merge, key, v)) == NULL)
          continue;
        if (!started)
          {
            g_string_append (out, "<" DELETIONS ">\n");
            wr_pack_digest_start_element (digest, DELETIONS);
            started = TRUE;
          }
        write_element (out, digest, node, FALSE);
      }
    if (started)
      {
        g_string_append (out, "</" DELETIONS ">\n");
        wr_pack_digest_end_element (digest);
      }
  }

  /* The other versions of rows in conflict, in the order they are shown. */
  {
    gboolean started = FALSE;

    for (guint i = 0; i < keys->len; i++)
      {
        const char *key = g_ptr_array_index (keys, i);
        GPtrArray *versions = wr_merge_state_get_versions (state, key);

        if (only != NULL && !g_hash_table_contains (only, key))
          continue;
        for (guint j = 1; j < versions->len; j++)
          {
            const WrVersion *v = g_ptr_array_index (versions, j);
            xmlNode *node = v->content != NULL ? version_node (merge, v) : tombstone_node (merge, key, v);

            if (node == NULL)
              continue;
            if (!started)
              {
                g_string_append (out, "<" VERSIONS ">\n");
                wr_pack_digest_start_element (digest, VERSIONS);
                started = TRUE;
              }
            if (g_str_equal (key, VISIT_KEY))
              write_visit_fields (out, digest, node, v->device, v->counter);
            else
              write_kept (out, digest, node, FALSE);
          }
      }
    if (started)
      {
        g_string_append (out, "</" VERSIONS ">\n");
        wr_pack_digest_end_element (digest);
      }
  }

  wr_pack_digest_end_element (digest);
  hex = wr_pack_digest_finish (digest);
  g_string_append_printf (out, "<" WR_PACK_DIGEST_ELEMENT " algorithm=\"sha256\">%s</" WR_PACK_DIGEST_ELEMENT ">\n"
                          "</visit>\n", hex);

  return out;
}

static void merge_init   (Merge *merge);

typedef struct
{
  Merge      *merge;
  GHashTable *keys;      /* the rows changed */
  guint       n_agreed;  /* of those in conflict, those whose versions say the same */
} Changed;

/* Of versions as merged, in a merge's documents. */
typedef struct
{
  Merge     *merge;
  GPtrArray *versions;  /* WrVersion */
} Merged;

static GBytes *
say_merged (gpointer  data,
            guint     i,
            gboolean  visit,
            gboolean *failed)
{
  Merged *merged = data;
  const WrVersion *version = g_ptr_array_index (merged->versions, i);
  xmlNode *node;

  if (version->content == NULL)
    return NULL;
  if ((node = version_node (merged->merge, version)) == NULL)
    {
      *failed = TRUE;
      return NULL;
    }
  return said_of (node, visit);
}

static void
note_changed_key (const char     *key,
                  WrMergeOutcome  outcome,
                  GPtrArray      *versions,
                  gpointer        user_data)
{
  Changed *changed = user_data;
  Merged merged = { changed->merge, versions };

  g_hash_table_add (changed->keys, g_strdup (key));
  if (outcome == WR_MERGE_CONFLICT &&
      all_say_the_same (&merged, versions->len, say_merged, g_str_equal (key, VISIT_KEY)))
    changed->n_agreed++;
}

/* Whether two elements are written alike: the same name, attributes in
 * the same order with the same values, and the same children. Cheaper
 * than comparing their content (the digest's canonical form), and never
 * alike when that differs.
 */
static gboolean
elements_alike (xmlNode *a,
                xmlNode *b)
{
  xmlAttr *x;
  xmlAttr *y;

  if (!g_str_equal ((const char *) a->name, (const char *) b->name))
    return FALSE;
  for (x = a->properties, y = b->properties; x != NULL && y != NULL; x = x->next, y = y->next)
    {
      xmlChar *owned_x;
      xmlChar *owned_y;
      gboolean equal;

      if (!g_str_equal ((const char *) x->name, (const char *) y->name))
        return FALSE;
      equal = g_str_equal (attribute_value (x, &owned_x), attribute_value (y, &owned_y));
      xmlFree (owned_x);
      xmlFree (owned_y);
      if (!equal)
        return FALSE;
    }
  if (x != NULL || y != NULL)
    return FALSE;

  if (has_element_children (a) || has_element_children (b))
    {
      xmlNode *c = a->children;
      xmlNode *d = b->children;

      for (;; c = c->next, d = d->next)
        {
          while (c != NULL && c->type != XML_ELEMENT_NODE)
            c = c->next;
          while (d != NULL && d->type != XML_ELEMENT_NODE)
            d = d->next;
          if (c == NULL || d == NULL)
            return c == d;
          if (!elements_alike (c, d))
            return FALSE;
        }
    }
  else
    {
      xmlChar *owned_a;
      xmlChar *owned_b;
      gboolean equal = g_str_equal (element_content (a, &owned_a), element_content (b, &owned_b));

      xmlFree (owned_a);
      xmlFree (owned_b);
      return equal;
    }
}

/* The keys of the rows a copy keeps other versions of. */
static void
add_kept_keys (Merge      *merge,
               xmlNode    *visit,
               GHashTable *keys)
{
  for (xmlNode *container = visit->children; container != NULL; container = container->next)
    if (container->type == XML_ELEMENT_NODE && g_str_equal ((const char *) container->name, VERSIONS))
      for (xmlNode *row = container->children; row != NULL; row = row->next)
        if (row->type == XML_ELEMENT_NODE)
          g_hash_table_add (keys, g_str_equal ((const char *) row->name, VISIT_FIELDS)
                                    ? g_strdup (VISIT_KEY) : row_key (merge->copies, row));
}

/* A copy's rows by key, those it keeps other versions of left out; a key
 * it holds twice is there without a row.
 */
static GHashTable *
rows_by_key (Merge      *merge,
             xmlNode    *visit,
             GHashTable *kept)
{
  GHashTable *rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (xmlNode *container = visit->children; container != NULL; container = container->next)
    {
      if (container->type != XML_ELEMENT_NODE || g_str_equal ((const char *) container->name, VERSIONS) ||
          g_str_equal ((const char *) container->name, DELETIONS) ||
          g_str_equal ((const char *) container->name, WR_PACK_DIGEST_ELEMENT))
        continue;
      for (xmlNode *row = container->children; row != NULL; row = row->next)
        {
          char *key;

          if (row->type != XML_ELEMENT_NODE || g_str_equal ((const char *) row->name, VISIT_FIELDS))
            continue;
          key = row_key (merge->copies, row);
          if (g_hash_table_contains (kept, key))
            g_free (key);
          else if (g_hash_table_contains (rows, key))
            g_hash_table_replace (rows, key, NULL);
          else
            g_hash_table_insert (rows, key, row);
        }
    }

  return rows;
}

/* The rows both copies hold alike, and keep no other versions of: the
 * same version of the row on both sides, which merging leaves as it is.
 * Both copies' elements of them, to be left out of the merge.
 */
static GHashTable *
rows_alike (Merge   *merge,
            xmlNode *ours,
            xmlNode *theirs)
{
  g_autoptr(GHashTable) kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) our_rows = NULL;
  g_autoptr(GHashTable) their_rows = NULL;
  GHashTable *alike = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key;
  gpointer our_row;

  add_kept_keys (merge, ours, kept);
  add_kept_keys (merge, theirs, kept);
  our_rows = rows_by_key (merge, ours, kept);
  their_rows = rows_by_key (merge, theirs, kept);

  g_hash_table_iter_init (&iter, our_rows);
  while (g_hash_table_iter_next (&iter, &key, &our_row))
    {
      xmlNode *their_row = g_hash_table_lookup (their_rows, key);

      if (our_row != NULL && their_row != NULL && elements_alike (our_row, their_row))
        {
          g_hash_table_add (alike, our_row);
          g_hash_table_add (alike, their_row);
        }
    }

  return alike;
}

static void merge_finish (Merge *merge);

/**
 * _wr_pack_merge_visit:
 * @store: a #WrStore inside the import's transaction
 * @visit_id: the row id of our copy of the visit
 * @theirs: (transfer full): the pack's copy, a document whose root is a
 *   <visit> element with its digest, as the reader read it from a pack it
 *   checked
 * @theirs_digest: (nullable): its digest: if ours has the same, nothing
 *   is merged
 * @merge: (out caller-allocates): the merge; clear it with
 *   _wr_pack_merge_clear()
 * @error: return location for a #GError
 *
 * Merges their copy of the visit into ours, row by row, with the versions
 * ours keeps of rows already in conflict. Nothing is written: the merged
 * visit is handed back to be imported.
 *
 * Returns: %TRUE if merged
 */
gboolean
_wr_pack_merge_visit (WrStore      *store,
                      gint64        visit_id,
                      xmlDoc       *theirs,
                      const char   *theirs_digest,
                      WrPackMerge  *result,
                      GError      **error)
{
  g_autoptr(WrMergeState) ours = wr_merge_state_new ();
  g_autoptr(WrMergeState) their_state = wr_merge_state_new ();
  g_autoptr(WrMergeState) merged = NULL;
  g_autofree char *our_digest = NULL;
  g_autofree char *our_modified = NULL;
  g_autoptr(GHashTable) same = NULL;
  xmlNode *our_visit;
  xmlNode *their_visit;
  Merge merge = { 0, };
  gboolean ok = FALSE;

  memset (result, 0, sizeof *result);
  merge_init (&merge);

  if (!(their_visit = adopt_copy (&merge, theirs, error)))
    goto out;

  /* Ours, and its digest: theirs with the same digest is ours. */
  if (!(our_visit = make_ours (&merge, store, visit_id, &our_digest, error)))
    goto out;
  if (theirs_digest != NULL && g_strcmp0 (our_digest, theirs_digest) == 0)
    {
      ok = TRUE;
      goto out;
    }
  same = rows_alike (&merge, our_visit, their_visit);
  if (!read_copy (&merge, our_visit, same, ours, error))
    goto out;
  our_modified = g_strdup (merge.modified);
  if (!read_copy (&merge, their_visit, same, their_state, error))
    goto out;

  merged = wr_merge_state_copy (ours);
  result->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  {
    Changed changed = { &merge, result->keys, 0 };

    wr_merge_state_merge (merged, their_state, note_changed_key, &changed, &result->counts);
    /* Two devices that wrote the same (the same answer, or both deleted a
     * row) agree: no conflict to resolve.
     */
    result->counts.n_conflicts -= changed.n_agreed;
    result->counts.n_updated += changed.n_agreed;
  }

  /* Ours is the merge when no row changed and theirs saw nothing ours
   * did not, nor later.
   */
  if (wr_merge_state_equal (merged, ours) && g_strcmp0 (merge.modified, our_modified) == 0)
    {
      ok = TRUE;
      goto out;
    }

  result->xml = write_visit (&merge, merged, result->keys);
  ok = TRUE;

out:
  merge_finish (&merge);
  if (!ok)
    _wr_pack_merge_clear (result);
  return ok;
}

/* Rows in conflict ------------------------------------------------------------------ */

typedef struct
{
  GHashTable *conflicts;  /* key → WrPackRowConflict */
  GPtrArray  *order;      /* of WrPackRowConflict, borrowed, as found */
  const char *visit_uuid;
} Listing;

static WrPackRowVersion *
row_version_new (const char *device,
                 guint64     change,
                 const char *content)
{
  WrPackRowVersion *version = g_new0 (WrPackRowVersion, 1);

  version->device = g_strdup (device);
  version->change = change;
  version->content = g_strdup (content);
  return version;
}

static void
public_version_free (gpointer data)
{
  WrPackRowVersion *version = data;

  g_free (version->device);
  g_free (version->content);
  g_free (version);
}

static gboolean
list_kept_version (gint64       id,
                   const char  *key,
                   const char  *device,
                   gint64       change,
                   const char  *content,
                   const char  *detected,
                   gpointer     user_data,
                   GError     **error)
{
  Listing *listing = user_data;
  WrPackRowConflict *conflict = g_hash_table_lookup (listing->conflicts, key);

  if (conflict == NULL)
    {
      conflict = g_new0 (WrPackRowConflict, 1);
      conflict->id = id;
      conflict->visit_uuid = g_strdup (listing->visit_uuid);
      conflict->key = g_strdup (key);
      conflict->detected = g_strdup (detected);
      conflict->versions = g_ptr_array_new_with_free_func (public_version_free);
      /* Room for the shown one, found in ours. */
      g_ptr_array_add (conflict->versions, NULL);
      g_hash_table_insert (listing->conflicts, conflict->key, conflict);
      g_ptr_array_add (listing->order, conflict);
    }
  /* A deletion is kept as its <deleted>, and is a version without content. */
  g_ptr_array_add (conflict->versions, row_version_new (device, (guint64) change,
                                                        content != NULL && g_str_has_prefix (content, "<" DELETED " ")
                                                          ? NULL : content));

  return TRUE;
}

/* Our copy's rows, by key, and its clock. */
static xmlNode *
read_ours (Merge         *merge,
           WrStore       *store,
           gint64         visit_id,
           WrMergeState  *state,
           GError       **error)
{
  xmlNode *visit = make_ours (merge, store, visit_id, NULL, error);

  if (visit == NULL || !read_copy (merge, visit, NULL, state, error))
    return NULL;
  return visit;
}

static void
merge_init (Merge *merge)
{
  merge->docs = g_ptr_array_new_with_free_func ((GDestroyNotify) xmlFreeDoc);
  merge->nodes = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref, NULL);
  merge->xml = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref, g_free);
  merge->tombstones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  merge->copies = g_ptr_array_new_with_free_func (xmlFree);
}

static void
merge_finish (Merge *merge)
{
  g_ptr_array_unref (merge->docs);
  g_hash_table_unref (merge->nodes);
  g_hash_table_unref (merge->xml);
  g_hash_table_unref (merge->tombstones);
  g_ptr_array_unref (merge->copies);
  g_free (merge->modified);
}

/**
 * _wr_pack_merge_list:
 * @store: a #WrStore
 * @visit_id: a visit's row id
 * @visit_uuid: its uuid
 * @conflicts: (element-type WrPackRowConflict): gains the visit's rows in
 *   conflict, in key order, each with its versions, the shown first
 * @error: return location for a #GError
 *
 * Returns: %TRUE once listed
 */
gboolean
_wr_pack_merge_list (WrStore      *store,
                     gint64        visit_id,
                     const char   *visit_uuid,
                     GPtrArray    *conflicts,
                     GError      **error)
{
  g_autoptr(WrMergeState) ours = wr_merge_state_new ();
  Listing listing = { g_hash_table_new (g_str_hash, g_str_equal), g_ptr_array_new (), visit_uuid };
  Merge merge = { 0, };
  gboolean ok;

  merge_init (&merge);
  ok = _wr_store_import_list_row_versions (store, visit_id, list_kept_version, &listing, error) &&
       (listing.order->len == 0 || read_ours (&merge, store, visit_id, ours, error) != NULL);

  for (guint i = 0; i < listing.order->len; i++)
    {
      WrPackRowConflict *conflict = g_ptr_array_index (listing.order, i);

      if (ok)
        {
          GPtrArray *versions = wr_merge_state_get_versions (ours, conflict->key);
          const WrVersion *shown = versions != NULL ? g_ptr_array_index (versions, 0) : NULL;
          g_autofree char *text = NULL;

          if (shown != NULL && shown->content != NULL)
            text = element_text (version_node (&merge, shown));
          conflict->versions->pdata[0] = row_version_new (shown != NULL ? shown->device : "", shown != NULL ? shown->counter : 0,
                                                          text);
          /* Versions that all say the same are no conflict to resolve. */
          if (all_say_the_same (conflict->versions, conflict->versions->len, say_kept,
                                g_str_equal (conflict->key, VISIT_KEY)))
            wr_pack_row_conflict_free (conflict);
          else
            g_ptr_array_add (conflicts, conflict);
        }
      else
        wr_pack_row_conflict_free (conflict);
    }

  g_hash_table_unref (listing.conflicts);
  g_ptr_array_unref (listing.order);
  merge_finish (&merge);
  return ok;
}

/* @attribute of @node set to @value, or removed for NULL. */
static void
set_attribute (xmlNode    *node,
               const char *attribute,
               const char *value)
{
  xmlAttr *old = xmlHasProp (node, BAD_CAST attribute);

  if (value != NULL)
    xmlSetProp (node, BAD_CAST attribute, BAD_CAST value);
  else if (old != NULL)
    xmlRemoveProp (old);
}

/**
 * _wr_pack_merge_resolve:
 * @store: a #WrStore inside a write transaction
 * @visit_id: a visit's row id
 * @key: one of its rows in conflict
 * @chosen: the version to keep
 * @error: return location for a #GError
 *
 * Writes @chosen again as a change made here now, which has seen every
 * version of the row and so replaces them all, here and wherever it goes.
 * Takes the change's number. Nothing else is written: the visit is handed
 * back to be imported in place of ours.
 *
 * Returns: (transfer full): the visit with the row resolved, or %NULL with
 *   @error set
 */
GString *
_wr_pack_merge_resolve (WrStore                 *store,
                        gint64                   visit_id,
                        const char              *key,
                        const WrPackRowVersion  *chosen,
                        GError                 **error)
{
  g_autoptr(WrMergeState) ours = wr_merge_state_new ();
  g_autoptr(GBytes) content = NULL;
  g_autofree char *now = _wr_store_now ();
  const char *device = wr_store_get_device_id (store);
  Merge merge = { 0, };
  GString *xml = NULL;
  gboolean visit_row = g_str_equal (key, VISIT_KEY);
  xmlNode *node = NULL;
  guint64 change;

  merge_init (&merge);
  if (read_ours (&merge, store, visit_id, ours, error) == NULL || !_wr_store_take_change (store, visit_id, error))
    goto out;
  change = (guint64) _wr_store_get_change_number (store);

  if (chosen->content != NULL)
    {
      xmlDoc *doc = parse_text (chosen->content, strlen (chosen->content));
      g_autofree char *number = g_strdup_printf ("%" G_GUINT64_FORMAT, change);

      if (doc == NULL || (node = xmlDocGetRootElement (doc)) == NULL)
        {
          if (doc != NULL)
            xmlFreeDoc (doc);
          g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_READ,
                       _("A kept version of a row in conflict (%s) is damaged"), key);
          goto out;
        }
      g_ptr_array_add (merge.docs, doc);

      /* The visit's own change is written from its version; a row's is
       * in its element, with when and where.
       */
      if (!visit_row)
        {
          set_attribute (node, "device", device);
          set_attribute (node, "change", number);
          set_attribute (node, "modified", now);
        }
      content = content_of (node, visit_row);
      note_node (&merge, content, device, change, node);
    }

  if (wr_merge_state_write (ours, key, device, content) != change)
    {
      g_set_error_literal (error, WR_PACK_ERROR, WR_PACK_ERROR_INVALID,
                           _("The visit's history does not match its changes; check the database"));
      goto out;
    }
  g_free (merge.modified);
  merge.modified = g_steal_pointer (&now);
  xml = write_visit (&merge, ours, NULL);

out:
  merge_finish (&merge);
  return xml;
}

/**
 * wr_pack_row_version_describe:
 * @version: a version of a row in conflict
 *
 * Says what the version holds in a line, for people: its texts (a value,
 * a comment, an observation's text…) and the fields a person sets (a
 * status, an owner, a due date…), or that it deletes the row.
 *
 * Returns: (transfer full): the description
 */
char *
wr_pack_row_version_describe (const WrPackRowVersion *version)
{
  static const char * const fields[] = {
    "name", "role", "position", "status", "owner", "due", "kind", "voice", "category", "decision", "reviewer",
    "domain", "file-name", "ended", "form-version", NULL
  };
  g_autoptr(GString) out = g_string_new (NULL);
  xmlDoc *doc;
  xmlNode *node;

  g_return_val_if_fail (version != NULL, NULL);

  if (version->content == NULL)
    return g_strdup (_("deleted"));

  doc = parse_text (version->content, strlen (version->content));
  if (doc == NULL || (node = xmlDocGetRootElement (doc)) == NULL)
    {
      if (doc != NULL)
        xmlFreeDoc (doc);
      return g_strdup (_("(unreadable)"));
    }

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE && !g_str_equal ((const char *) child->name, WR_PACK_DATA_ELEMENT) &&
        !g_str_equal ((const char *) child->name, "link"))
      {
        xmlChar *text = xmlNodeGetContent (child);

        if (out->len > 0)
          g_string_append (out, " · ");
        /* Translators: one field of a row in conflict: its name and its text */
        g_string_append_printf (out, _("%s “%s”"), (const char *) child->name, text != NULL ? (const char *) text : "");
        xmlFree (text);
      }
  for (guint i = 0; fields[i] != NULL; i++)
    {
      g_autofree char *value = _wr_xml_get_attribute (node, fields[i]);

      if (value == NULL)
        continue;
      if (out->len > 0)
        g_string_append (out, " · ");
      g_string_append_printf (out, _("%s “%s”"), fields[i], value);
    }
  if (g_str_equal ((const char *) node->name, "answer") && out->len == 0)
    g_string_append (out, _("no answer"));
  xmlFreeDoc (doc);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * _wr_pack_merge_store_versions:
 * @store: a #WrStore inside the import's transaction
 * @visit_id: the visit being imported
 * @visit_device: the device that created it
 * @xml: a pack's <versions> element, as the reader copied it
 * @len: its length in bytes
 * @only: (nullable): the keys of the rows to keep them for, or %NULL for all
 * @error: return location for a #GError
 *
 * Keeps the other versions of rows in conflict that a pack carries for a
 * visit it adds or replaces whole, as a merge keeps them.
 *
 * Returns: %TRUE once kept
 */
gboolean
_wr_pack_merge_store_versions (WrStore     *store,
                               gint64       visit_id,
                               const char  *visit_device,
                               const char  *xml,
                               gsize        len,
                               GHashTable  *only,
                               GError     **error)
{
  g_autofree char *now = _wr_store_now ();
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func (xmlFree);
  xmlDoc *doc;
  xmlNode *versions;
  gboolean ok = TRUE;

  doc = parse_text (xml, len);
  if (doc == NULL || (versions = xmlDocGetRootElement (doc)) == NULL)
    {
      if (doc != NULL)
        xmlFreeDoc (doc);
      g_set_error_literal (error, WR_PACK_ERROR, WR_PACK_ERROR_READ, _("Could not read a visit’s kept versions"));
      return FALSE;
    }

  for (xmlNode *node = versions->children; ok && node != NULL; node = node->next)
    {
      gboolean visit;
      g_autofree char *key = NULL;
      g_autofree char *device = NULL;
      g_autofree char *change = NULL;
      g_autofree char *content = NULL;

      if (node->type != XML_ELEMENT_NODE)
        continue;
      visit = g_str_equal ((const char *) node->name, VISIT_FIELDS);
      key = visit ? g_strdup (VISIT_KEY) : row_key (copies, node);
      if (only != NULL && !g_hash_table_contains (only, key))
        continue;
      device = _wr_xml_get_attribute (node, visit ? "change-device" : "device");
      if (device == NULL && visit)
        device = _wr_xml_get_attribute (node, "device");
      change = _wr_xml_get_attribute (node, "change");
      content = element_text (node);
      ok = _wr_store_import_add_row_version (store, visit_id, key, device != NULL ? device : visit_device,
                                             (gint64) parse_change (change), content, now, error);
    }

  xmlFreeDoc (doc);
  return ok;
}

/**
 * _wr_pack_merge_store_deletions:
 * @store: a #WrStore inside the import's transaction
 * @visit_id: the visit being imported
 * @xml: a pack's <deletions> element, as the reader copied it
 * @len: its length in bytes
 * @only: (nullable): the keys of the rows to keep them for, or %NULL for all
 * @error: return location for a #GError
 *
 * Keeps the tombstones a pack carries for a visit it adds or replaces
 * whole, so that the deletions go on to other devices.
 *
 * Returns: %TRUE once kept
 */
gboolean
_wr_pack_merge_store_deletions (WrStore     *store,
                                gint64       visit_id,
                                const char  *xml,
                                gsize        len,
                                GHashTable  *only,
                                GError     **error)
{
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func (xmlFree);
  xmlDoc *doc;
  xmlNode *deletions;
  gboolean ok = TRUE;

  doc = parse_text (xml, len);
  if (doc == NULL || (deletions = xmlDocGetRootElement (doc)) == NULL)
    {
      if (doc != NULL)
        xmlFreeDoc (doc);
      g_set_error_literal (error, WR_PACK_ERROR, WR_PACK_ERROR_READ, _("Could not read a visit’s deletions"));
      return FALSE;
    }

  for (xmlNode *node = deletions->children; ok && node != NULL; node = node->next)
    {
      g_autofree char *key = NULL;
      g_autofree char *row = NULL;
      g_autofree char *uuid = NULL;
      g_autofree char *question = NULL;
      g_autofree char *member = NULL;
      g_autofree char *repeat = NULL;
      g_autofree char *device = NULL;
      g_autofree char *change = NULL;
      g_autofree char *modified = NULL;
      g_autofree char *clock = NULL;
      WrExportDeleted deleted;

      if (node->type != XML_ELEMENT_NODE)
        continue;
      key = row_key (copies, node);
      if (only != NULL && !g_hash_table_contains (only, key))
        continue;
      row = _wr_xml_get_attribute (node, "row");
      uuid = _wr_xml_get_attribute (node, "uuid");
      question = _wr_xml_get_attribute (node, "question");
      member = _wr_xml_get_attribute (node, "member");
      repeat = _wr_xml_get_attribute (node, "repeat");
      device = _wr_xml_get_attribute (node, "device");
      change = _wr_xml_get_attribute (node, "change");
      modified = _wr_xml_get_attribute (node, "modified");
      clock = _wr_xml_get_attribute (node, "clock");
      deleted = (WrExportDeleted) { key, row, uuid, question, member, repeat, device,
                                    (gint64) parse_change (change), modified, clock };
      if (row == NULL || device == NULL || modified == NULL || deleted.change_number <= 0)
        {
          g_set_error_literal (error, WR_PACK_ERROR, WR_PACK_ERROR_READ, _("Could not read a visit’s deletions"));
          ok = FALSE;
        }
      else
        ok = _wr_store_import_add_tombstone (store, visit_id, &deleted, error);
    }

  xmlFreeDoc (doc);
  return ok;
}
