/* wr-pack-digest.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-pack-digest"

#include "config.h"

#include <nettle/sha2.h>
#include <string.h>

#include "wr-pack-digest.h"
#include "wr-string-private.h"

/* The canonical serialisation, fed to SHA-256 as it is made:
 *
 *   element start   'S' name NUL, then its attributes sorted by name (byte
 *                   order), each 'A' name NUL value NUL
 *   text            'T' text NUL, for an element with no child elements and
 *                   non-empty text; the text of an element with children
 *                   can only be the whitespace that indents them
 *   element end     'E'
 *
 * Names are local names; values are the parsed UTF-8. The <digest> and
 * <data> elements are left out whole: the digest cannot cover itself, and
 * attachment bytes are covered by the attachment's sha256 attribute, which
 * the reader checks, so the digest does not depend on how base64 is split
 * into lines and elements.
 */
struct _WrPackDigest
{
  /* Nettle's SHA-256 rather than GChecksum's: the digest is made of
   * every byte of every visit, and GLib's plain C took half the time of
   * the thread that formats a pack; nettle's, in assembly with SHA
   * instructions where the processor has them, takes a quarter of that.
   */
  struct sha256_ctx sha256;

  /* The serialisation is gathered here and hashed in large pieces: a
   * visit is thousands of short names and values.
   */
  GString   *pending;

  /* For each open element, whether it has had a child element. */
  GArray    *has_children;

  /* Inside a left-out element: how deep. */
  guint      skip_depth;

  /* The attributes of the element just started, until they are sorted:
   * their names and values are kept one after another in @strings.
   */
  GArray    *attributes;
  GString   *strings;
  gboolean   taking_attributes;

  /* The text of the innermost element so far. */
  GString   *text;
};

typedef struct
{
  gsize name;   /* offsets in strings, each ending with a NUL */
  gsize value;
} Attribute;

#define FLUSH_SIZE (64 * 1024)

/**
 * wr_pack_digest_new:
 *
 * Returns: (transfer full): a digest of nothing yet; feed it one <visit>
 *   element, from its start to its end
 */
WrPackDigest *
wr_pack_digest_new (void)
{
  WrPackDigest *self = g_new0 (WrPackDigest, 1);

  sha256_init (&self->sha256);
  self->pending = g_string_sized_new (FLUSH_SIZE + 4096);
  self->has_children = g_array_new (FALSE, FALSE, sizeof (gboolean));
  self->attributes = g_array_new (FALSE, FALSE, sizeof (Attribute));
  self->strings = g_string_new (NULL);
  self->text = g_string_new (NULL);

  return self;
}

void
wr_pack_digest_free (WrPackDigest *self)
{
  if (self == NULL)
    return;

  g_string_free (self->pending, TRUE);
  g_array_unref (self->has_children);
  g_array_unref (self->attributes);
  g_string_free (self->strings, TRUE);
  g_string_free (self->text, TRUE);
  g_free (self);
}

static void
flush (WrPackDigest *self)
{
  sha256_update (&self->sha256, self->pending->len, (const uint8_t *) self->pending->str);
  g_string_truncate (self->pending, 0);
}

/* Appends a tag byte and, unless @text is NULL, the text and a NUL. */
static void
feed (WrPackDigest *self,
      char          tag,
      const char   *text,
      gssize        len)
{
  g_string_append_c (self->pending, tag);
  if (text != NULL)
    {
      _wr_string_append_len (self->pending, text, len >= 0 ? (gsize) len : strlen (text));
      g_string_append_c (self->pending, '\0');
    }
  if (self->pending->len >= FLUSH_SIZE)
    flush (self);
}

static int
compare_attributes (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  const Attribute *x = a;
  const Attribute *y = b;
  const char *strings = user_data;

  return strcmp (strings + x->name, strings + y->name);
}

/* Attributes come in document order, which XML does not fix: they are
 * sorted once the element's start is complete.
 */
static void
flush_attributes (WrPackDigest *self)
{
  if (!self->taking_attributes)
    return;

  self->taking_attributes = FALSE;
  if (self->attributes->len > 1)
    g_array_sort_with_data (self->attributes, compare_attributes, self->strings->str);
  for (guint i = 0; i < self->attributes->len; i++)
    {
      const Attribute *attribute = &g_array_index (self->attributes, Attribute, i);

      feed (self, 'A', self->strings->str + attribute->name, -1);
      _wr_string_append (self->pending, self->strings->str + attribute->value);
      g_string_append_c (self->pending, '\0');
    }
  g_array_set_size (self->attributes, 0);
  g_string_truncate (self->strings, 0);
}

static gboolean *
innermost (WrPackDigest *self)
{
  if (self->has_children->len == 0)
    return NULL;

  return &g_array_index (self->has_children, gboolean, self->has_children->len - 1);
}

static gboolean
is_left_out (const char *name)
{
  return g_str_equal (name, WR_PACK_DIGEST_ELEMENT) || g_str_equal (name, WR_PACK_DATA_ELEMENT);
}

/**
 * wr_pack_digest_start_element:
 * @self: a #WrPackDigest
 * @name: the element's local name
 *
 * Starts an element; its attributes follow, in any order.
 */
void
wr_pack_digest_start_element (WrPackDigest *self,
                              const char   *name)
{
  gboolean *parent;
  gboolean no_children = FALSE;

  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);

  if (self->skip_depth > 0)
    {
      self->skip_depth++;
      return;
    }

  flush_attributes (self);

  if ((parent = innermost (self)) != NULL)
    {
      *parent = TRUE;
      g_string_truncate (self->text, 0);
    }

  if (is_left_out (name))
    {
      self->skip_depth = 1;
      return;
    }

  feed (self, 'S', name, -1);
  g_array_append_val (self->has_children, no_children);
  self->taking_attributes = TRUE;
}

/**
 * wr_pack_digest_attribute:
 * @self: a #WrPackDigest
 * @name: the attribute's name (never a namespace declaration)
 * @value: its value as parsed
 *
 * Adds an attribute of the element just started.
 */
void
wr_pack_digest_attribute (WrPackDigest *self,
                          const char   *name,
                          const char   *value)
{
  g_return_if_fail (value != NULL);

  wr_pack_digest_attribute_len (self, name, value, strlen (value));
}

/**
 * wr_pack_digest_attribute_len:
 * @self: a #WrPackDigest
 * @name: the attribute's name (never a namespace declaration)
 * @value: its value as parsed, which need not end with a NUL
 * @len: the value's length in bytes
 *
 * Like wr_pack_digest_attribute(), for a value in a parser's buffer.
 */
void
wr_pack_digest_attribute_len (WrPackDigest *self,
                              const char   *name,
                              const char   *value,
                              gsize         len)
{
  Attribute attribute;

  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL && value != NULL);

  if (self->skip_depth > 0)
    return;

  g_return_if_fail (self->taking_attributes);

  attribute.name = self->strings->len;
  _wr_string_append_len (self->strings, name, strlen (name) + 1);
  attribute.value = self->strings->len;
  _wr_string_append_len (self->strings, value, len);
  g_string_append_c (self->strings, '\0');
  g_array_append_val (self->attributes, attribute);
}

/**
 * wr_pack_digest_text:
 * @self: a #WrPackDigest
 * @text: text, whitespace or CDATA inside the current element
 * @len: its length in bytes, or -1 if it ends with a NUL
 *
 * Adds text to the current element. Pieces of one element's text are
 * joined; the whitespace between child elements is dropped.
 */
void
wr_pack_digest_text (WrPackDigest *self,
                     const char   *text,
                     gssize        len)
{
  gboolean *current;

  g_return_if_fail (self != NULL);
  g_return_if_fail (text != NULL);

  if (self->skip_depth > 0)
    return;

  flush_attributes (self);

  if ((current = innermost (self)) == NULL || *current)
    return;

  _wr_string_append_len (self->text, text, len >= 0 ? (gsize) len : strlen (text));
}

/**
 * wr_pack_digest_end_element:
 * @self: a #WrPackDigest
 *
 * Ends the current element.
 */
void
wr_pack_digest_end_element (WrPackDigest *self)
{
  gboolean *current;

  g_return_if_fail (self != NULL);

  if (self->skip_depth > 0)
    {
      self->skip_depth--;
      return;
    }

  flush_attributes (self);

  g_return_if_fail ((current = innermost (self)) != NULL);

  if (!*current && self->text->len > 0)
    feed (self, 'T', self->text->str, self->text->len);
  g_string_truncate (self->text, 0);
  g_array_set_size (self->has_children, self->has_children->len - 1);
  feed (self, 'E', NULL, 0);
}

/**
 * wr_pack_digest_finish:
 * @self: a #WrPackDigest
 *
 * Gives the digest of what was fed. Nothing may be fed afterwards.
 *
 * Returns: (transfer full): the SHA-256 as 64 lower-case hex digits
 */
char *
wr_pack_digest_finish (WrPackDigest *self)
{
  static const char hex[] = "0123456789abcdef";
  uint8_t digest[SHA256_DIGEST_SIZE];
  char *text;

  g_return_val_if_fail (self != NULL, NULL);

  flush_attributes (self);
  flush (self);

  /* This also starts the context afresh, which nothing relies on. */
  sha256_digest (&self->sha256, sizeof digest, digest);

  text = g_malloc (2 * sizeof digest + 1);
  for (gsize i = 0; i < sizeof digest; i++)
    {
      text[2 * i] = hex[digest[i] >> 4];
      text[2 * i + 1] = hex[digest[i] & 0xf];
    }
  text[2 * sizeof digest] = '\0';

  return text;
}

/**
 * wr_pack_digest_feed_node:
 * @self: a #WrPackDigest
 * @reader: a reader on a node inside the <visit> element, or on its start
 *   or end
 *
 * Feeds the reader's current node: an element's start with its attributes
 * (and its end too if it is empty, <like/> this), an element's end, or
 * text, CDATA and whitespace. Namespace declarations are not attributes.
 * The reader is left on the same node. Other nodes (comments, processing
 * instructions) are not part of the digest.
 */
void
wr_pack_digest_feed_node (WrPackDigest  *self,
                          xmlTextReader *reader)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (reader != NULL);

  switch (xmlTextReaderNodeType (reader))
    {
    case XML_READER_TYPE_ELEMENT:
      {
        gboolean empty = xmlTextReaderIsEmptyElement (reader) == 1;

        wr_pack_digest_start_element (self, (const char *) xmlTextReaderConstLocalName (reader));
        while (xmlTextReaderMoveToNextAttribute (reader) == 1)
          {
            if (xmlTextReaderIsNamespaceDecl (reader) == 1)
              continue;
            wr_pack_digest_attribute (self,
                                      (const char *) xmlTextReaderConstLocalName (reader),
                                      (const char *) xmlTextReaderConstValue (reader));
          }
        xmlTextReaderMoveToElement (reader);
        if (empty)
          wr_pack_digest_end_element (self);
      }
      break;

    case XML_READER_TYPE_END_ELEMENT:
      wr_pack_digest_end_element (self);
      break;

    case XML_READER_TYPE_TEXT:
    case XML_READER_TYPE_CDATA:
    case XML_READER_TYPE_WHITESPACE:
    case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
      {
        const char *value = (const char *) xmlTextReaderConstValue (reader);

        if (value != NULL)
          wr_pack_digest_text (self, value, -1);
      }
      break;

    default:
      break;
    }
}
