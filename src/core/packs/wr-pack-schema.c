/* wr-pack-schema.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The evidence pack schema, as the reader uses it.
 *
 * Every pack is checked against all of data/schema/evidence-pack.xsd, but
 * not all of it by libxml2. Its streaming validator spends most of an
 * import's time on three things: pattern facets, which its regular
 * expression engine runs a character at a time with backtracking,
 * identity constraints (xs:key, xs:unique, xs:keyref), whose tables it
 * keeps for the whole document, and length facets, for which it counts
 * the characters of every value. So the reader compiles a copy of the
 * schema without them, and checks them itself:
 *
 *  - patterns here, from the schema file itself: for each element and
 *    attribute whose type has a pattern, the pattern (and that of any type
 *    it restricts). The patterns the schema has today have hand-written
 *    matchers, which a test holds to libxml2's own engine; any other is
 *    run by libxml2's engine, so a new pattern in the schema is checked
 *    either way. Values are whitespace-collapsed first where the type's
 *    base type says so, as a validator does.
 *  - minLength and maxLength here too, for types that restrict xs:string
 *    (and have no whiteSpace facet): a value's characters are counted
 *    only when its bytes cannot settle it. Length facets of other types
 *    (base64Binary counts bytes decoded) stay with libxml2.
 *  - identity constraints in the reader (wr-pack-reader.c), with hash
 *    tables: one visit per uuid, one uuid per row, one form per SHA-256
 *    and per id and version, one service per uuid, and every visit's form
 *    and service among the pack's. A test holds the list of constraints in
 *    the schema to that list.
 */

#define G_LOG_DOMAIN "wr-pack-schema"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlregexp.h>
#include <string.h>

#include "wr-pack-schema.h"
#include "wr-paths.h"

#define XS_NAMESPACE "http://www.w3.org/2001/XMLSchema"
#define PACK_SCHEMA  "schema/evidence-pack.xsd"

/* The patterns of one restriction step: the value must match one of them. */
typedef struct
{
  char          *pattern;
  WrPackMatcher  fast;
  xmlRegexp     *regexp;
} Pattern;

struct _WrPackCheck
{
  char      *type;
  gboolean   collapse;   /* whitespace collapsed before matching */
  GPtrArray *steps;      /* of GArray of Pattern: every step must match */
  guint      min_length; /* in characters; 0 for none */
  guint      max_length; /* in characters; G_MAXUINT for none */
};

struct _WrPackSchema
{
  xmlDoc     *doc;       /* the stripped schema document, kept with the schema */
  xmlSchema  *xsd;
  GHashTable *types;     /* type name → WrPackCheck */
  GHashTable *uses;      /* "element\1attribute" ("" for text) → WrPackCheck */
  guint       n_patterns;
};

/* Hand-written matchers --------------------------------------------------------- */

static inline gboolean
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

static inline gboolean
is_lower_hex (char c)
{
  return is_digit (c) || (c >= 'a' && c <= 'f');
}

static inline gboolean
is_alnum (char c)
{
  return is_digit (c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static gboolean
digits (const char *value,
        gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (!is_digit (value[i]))
      return FALSE;
  return TRUE;
}

/* [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} */
static gboolean
match_uuid (const char *value,
            gsize       len)
{
  if (len != 36)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (i == 8 || i == 13 || i == 18 || i == 23 ? value[i] != '-' : !is_lower_hex (value[i]))
      return FALSE;
  return TRUE;
}

/* [0-9a-f]{64} */
static gboolean
match_sha256 (const char *value,
              gsize       len)
{
  if (len != 64)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!is_lower_hex (value[i]))
      return FALSE;
  return TRUE;
}

/* [A-Za-z0-9+/]{@n}, then @pad "=": base64 of a fixed length. */
static gboolean
match_base64 (const char *value,
              gsize       len,
              gsize       n,
              gsize       pad)
{
  if (len != n + pad)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isalnum (value[i]) && value[i] != '+' && value[i] != '/')
      return FALSE;
  for (gsize i = n; i < len; i++)
    if (value[i] != '=')
      return FALSE;
  return TRUE;
}

/* [A-Za-z0-9+/]{43}= : an Ed25519 public key */
static gboolean
match_public_key (const char *value,
                  gsize       len)
{
  return match_base64 (value, len, 43, 1);
}

/* [A-Za-z0-9+/]{86}== : an Ed25519 signature */
static gboolean
match_signature (const char *value,
                 gsize       len)
{
  return match_base64 (value, len, 86, 2);
}

/* [0-9]{4}-[0-9]{2}-[0-9]{2} */
static gboolean
match_date (const char *value,
            gsize       len)
{
  return len == 10 && digits (value, 4) && value[4] == '-' && digits (value + 5, 2) && value[7] == '-' &&
         digits (value + 8, 2);
}

/* [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|[+\-][0-9]{2}:[0-9]{2}) */
static gboolean
match_date_time (const char *value,
                 gsize       len)
{
  gsize i = 19;

  if (len < 20 || !match_date (value, 10) || value[10] != 'T' || !digits (value + 11, 2) || value[13] != ':' ||
      !digits (value + 14, 2) || value[16] != ':' || !digits (value + 17, 2))
    return FALSE;

  if (value[i] == '.')
    {
      gsize n = 0;

      for (i++; i < len && is_digit (value[i]); i++)
        n++;
      if (n < 1 || n > 9)
        return FALSE;
    }

  if (i == len - 1)
    return value[i] == 'Z';
  return i + 6 == len && (value[i] == '+' || value[i] == '-') && digits (value + i + 1, 2) &&
         value[i + 3] == ':' && digits (value + i + 4, 2);
}

/* [a-z0-9][a-z0-9\-]* */
static gboolean
match_id (const char *value,
          gsize       len)
{
  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      char c = value[i];

      if (!(is_digit (c) || (c >= 'a' && c <= 'z') || (c == '-' && i > 0)))
        return FALSE;
    }
  return TRUE;
}

/* [A-Za-z0-9][A-Za-z0-9._\-]* */
static gboolean
match_code (const char *value,
            gsize       len)
{
  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      char c = value[i];

      if (!(is_alnum (c) || (i > 0 && (c == '.' || c == '_' || c == '-'))))
        return FALSE;
    }
  return TRUE;
}

/* [1-9][0-9]{0,8} */
static gboolean
match_positive (const char *value,
                gsize       len)
{
  return len >= 1 && len <= 9 && value[0] != '0' && digits (value, len);
}

/* 0|[1-9][0-9]{0,8} */
static gboolean
match_count (const char *value,
             gsize       len)
{
  return (len == 1 && value[0] == '0') || match_positive (value, len);
}

/* [1-9][0-9]{0,17} */
static gboolean
match_change (const char *value,
              gsize       len)
{
  return len >= 1 && len <= 18 && value[0] != '0' && digits (value, len);
}

/* [A-Za-z0-9][A-Za-z0-9._\-]*:(0|[1-9][0-9]{0,17})( [A-Za-z0-9][A-Za-z0-9._\-]*:(0|[1-9][0-9]{0,17}))* */
static gboolean
match_clock (const char *value,
             gsize       len)
{
  gsize start = 0;

  for (;;)
    {
      gsize colon = start;
      gsize end;

      while (colon < len && value[colon] != ':' && value[colon] != ' ')
        colon++;
      if (colon >= len || value[colon] != ':' || !match_code (value + start, colon - start))
        return FALSE;
      end = colon + 1;
      while (end < len && value[end] != ' ')
        end++;
      if (!((end - colon - 1 == 1 && value[colon + 1] == '0') || match_change (value + colon + 1, end - colon - 1)))
        return FALSE;
      if (end == len)
        return TRUE;
      start = end + 1;
    }
}

static inline gboolean
is_media_char (char c)
{
  return is_alnum (c) || c == '+' || c == '.' || c == '-';
}

/* [A-Za-z0-9+.\-]+/[A-Za-z0-9+.\-/]+ */
static gboolean
match_media_type (const char *value,
                  gsize       len)
{
  gsize i = 0;

  while (i < len && is_media_char (value[i]))
    i++;
  if (i == 0 || i + 1 >= len || value[i] != '/')
    return FALSE;
  for (i++; i < len; i++)
    if (!is_media_char (value[i]) && value[i] != '/')
      return FALSE;
  return TRUE;
}

static const struct
{
  const char    *pattern;
  WrPackMatcher  matcher;
} fast_matchers[] = {
  { "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", match_uuid },
  { "[0-9a-f]{64}", match_sha256 },
  { "[0-9]{4}-[0-9]{2}-[0-9]{2}", match_date },
  { "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+\\-][0-9]{2}:[0-9]{2})", match_date_time },
  { "[a-z0-9][a-z0-9\\-]*", match_id },
  { "[A-Za-z0-9][A-Za-z0-9._\\-]*", match_code },
  { "[1-9][0-9]{0,8}", match_positive },
  { "0|[1-9][0-9]{0,8}", match_count },
  { "[1-9][0-9]{0,17}", match_change },
  { "[A-Za-z0-9][A-Za-z0-9._\\-]*:(0|[1-9][0-9]{0,17})( [A-Za-z0-9][A-Za-z0-9._\\-]*:(0|[1-9][0-9]{0,17}))*",
    match_clock },
  { "[A-Za-z0-9+.\\-]+/[A-Za-z0-9+.\\-/]+", match_media_type },
  { "[A-Za-z0-9+/]{43}=", match_public_key },
  { "[A-Za-z0-9+/]{86}==", match_signature },
};

/**
 * _wr_pack_schema_fast_matcher:
 * @pattern: an XSD pattern
 *
 * Returns: (nullable): Walkround's own matcher of @pattern, or %NULL if it
 *   has none and libxml2's engine runs it
 */
WrPackMatcher
_wr_pack_schema_fast_matcher (const char *pattern)
{
  for (guint i = 0; i < G_N_ELEMENTS (fast_matchers); i++)
    if (g_str_equal (fast_matchers[i].pattern, pattern))
      return fast_matchers[i].matcher;
  return NULL;
}

/* Checks -------------------------------------------------------------------------- */

static void
check_free (WrPackCheck *check)
{
  /* A type with nothing to check here is kept as NULL. */
  if (check == NULL)
    return;
  g_free (check->type);
  g_ptr_array_unref (check->steps);
  g_free (check);
}

static void
patterns_free (GArray *patterns)
{
  for (guint i = 0; i < patterns->len; i++)
    {
      Pattern *pattern = &g_array_index (patterns, Pattern, i);

      g_free (pattern->pattern);
      if (pattern->regexp != NULL)
        xmlRegFreeRegexp (pattern->regexp);
    }
  g_array_unref (patterns);
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* XSD's whiteSpace="collapse": tabs and line breaks become spaces, runs of
 * spaces one, and none at either end.
 */
static char *
collapse (const char *value,
          gsize       len)
{
  GString *out = g_string_sized_new (len);
  gboolean space = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = value[i];

      if (is_space (c))
        space = out->len > 0;
      else
        {
          if (space)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_c (out, c);
        }
    }

  return g_string_free (out, FALSE);
}

static gboolean
match_steps (const WrPackCheck *check,
             const char        *value,
             gsize              len)
{
  for (guint s = 0; s < check->steps->len; s++)
    {
      GArray *patterns = g_ptr_array_index (check->steps, s);
      gboolean matched = FALSE;

      for (guint i = 0; i < patterns->len && !matched; i++)
        {
          Pattern *pattern = &g_array_index (patterns, Pattern, i);

          if (pattern->fast != NULL)
            matched = pattern->fast (value, len);
          else if (strlen (value) == len)
            matched = xmlRegexpExec (pattern->regexp, (const xmlChar *) value) == 1;
          else
            {
              g_autofree char *copy = g_strndup (value, len);

              matched = xmlRegexpExec (pattern->regexp, (const xmlChar *) copy) == 1;
            }
        }
      if (!matched)
        return FALSE;
    }

  return TRUE;
}

/* A value's length, in characters, if its bytes do not settle it. */
#define CHARACTERS_FIT ((gsize) -1)

static gsize
count_characters (const WrPackCheck *check,
                  const char        *value,
                  gsize              len)
{
  gsize n;

  /* A character is one to four bytes. */
  if (len <= check->max_length && len / 4 >= check->min_length)
    return CHARACTERS_FIT;
  n = (gsize) g_utf8_strlen (value, (gssize) len);
  return n >= check->min_length && n <= check->max_length ? CHARACTERS_FIT : n;
}

/**
 * _wr_pack_schema_check:
 * @check: from _wr_pack_schema_lookup()
 * @value: a value, not necessarily ending with a NUL
 * @len: its length in bytes
 *
 * Returns: whether @value matches the patterns of its type
 */
gboolean
_wr_pack_schema_check (const WrPackCheck *check,
                       const char        *value,
                       gsize              len)
{
  gboolean spaced = FALSE;

  if (count_characters (check, value, len) != CHARACTERS_FIT)
    return FALSE;

  if (check->collapse)
    for (gsize i = 0; i < len && !spaced; i++)
      spaced = is_space (value[i]) &&
               (value[i] != ' ' || i == 0 || i == len - 1 || value[i + 1] == ' ');

  if (spaced)
    {
      g_autofree char *collapsed = collapse (value, len);

      return match_steps (check, collapsed, strlen (collapsed));
    }

  return match_steps (check, value, len);
}

/**
 * _wr_pack_schema_describe:
 *
 * Returns: (transfer full): what is wrong with @value, in the words
 *   libxml2 uses for the same problem
 */
char *
_wr_pack_schema_describe (const WrPackCheck *check,
                          const char        *element,
                          const char        *attribute,
                          const char        *value,
                          gsize              len)
{
  g_autoptr(GString) patterns = g_string_new (NULL);
  g_autofree char *shown = NULL;
  g_autofree char *where = NULL;
  gsize n = count_characters (check, value, len);

  for (guint s = 0; s < check->steps->len; s++)
    {
      GArray *step = g_ptr_array_index (check->steps, s);

      for (guint i = 0; i < step->len; i++)
        g_string_append_printf (patterns, "%s'%s'", patterns->len > 0 ? ", " : "",
                                g_array_index (step, Pattern, i).pattern);
    }

  /* A value of a few characters is what a person needs to find it. */
  if (len > 64)
    {
      const char *end = g_utf8_find_prev_char (value, value + 61);

      shown = g_strdup_printf ("%.*s…", (int) ((end != NULL ? end : value + 61) - value), value);
    }
  else
    shown = g_strndup (value, len);

  if (n != CHARACTERS_FIT)
    {
      gboolean over = n > check->max_length;

      if (attribute != NULL && *attribute != '\0')
        where = g_strdup_printf ("Element '%s', attribute '%s': [facet '%s'] The value '%s' has a length of "
                                 "'%" G_GSIZE_FORMAT "'; ",
                                 element, attribute, over ? "maxLength" : "minLength", shown, n);
      else
        where = g_strdup_printf ("Element '%s': [facet '%s'] The value has a length of '%" G_GSIZE_FORMAT "'; ",
                                 element, over ? "maxLength" : "minLength", n);
      if (over)
        return g_strdup_printf ("%sthis exceeds the allowed maximum length of '%u'.", where, check->max_length);
      return g_strdup_printf ("%sthis underruns the allowed minimum length of '%u'.", where, check->min_length);
    }

  if (attribute != NULL && *attribute != '\0')
    return g_strdup_printf ("Element '%s', attribute '%s': [facet 'pattern'] The value '%s' is not accepted by "
                            "the pattern %s of the type '%s'",
                            element, attribute, shown, patterns->str, check->type);
  return g_strdup_printf ("Element '%s': [facet 'pattern'] The value '%s' is not accepted by the pattern %s of "
                          "the type '%s'",
                          element, shown, patterns->str, check->type);
}

/* Reading the schema document ----------------------------------------------------- */

static gboolean
is_xs (xmlNode    *node,
       const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE && node->ns != NULL &&
         xmlStrEqual (node->ns->href, BAD_CAST XS_NAMESPACE) && xmlStrEqual (node->name, BAD_CAST name);
}

static char *
prop (xmlNode    *node,
      const char *name)
{
  xmlChar *value = xmlGetNoNsProp (node, BAD_CAST name);
  char *copy = value != NULL ? g_strdup ((const char *) value) : NULL;

  xmlFree (value);
  return copy;
}

/* A QName's local part: "xs:string" → "string", "Uuid" → "Uuid". */
static const char *
local_part (const char *qname)
{
  const char *colon = strchr (qname, ':');

  return colon != NULL ? colon + 1 : qname;
}

static gboolean
is_builtin (const char *qname)
{
  return g_str_has_prefix (qname, "xs:");
}

typedef struct
{
  WrPackSchema *self;
  xmlNode      *root;
  GHashTable   *simple_types;   /* name → xmlNode of its xs:simpleType */
  GHashTable   *adopted;        /* length facets checked here, not by libxml2 */
  GError      **error;
} Loader;

static void fail (Loader *loader, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
fail (Loader     *loader,
      const char *format,
      ...)
{
  g_autofree char *what = NULL;
  va_list args;

  if (*loader->error != NULL)
    return;
  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (loader->error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
               _("Walkround’s evidence pack schema cannot be used (%s); reinstall Walkround"), what);
}

static xmlNode *
first_xs_child (xmlNode    *node,
                const char *name)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (is_xs (child, name))
      return child;
  return NULL;
}

static WrPackCheck *resolve_type (Loader *loader, const char *name, guint depth);

/* Whether the named simple type restricts xs:string, through any number
 * of named types, with no whiteSpace facet on the way.
 */
static gboolean
restricts_string (Loader     *loader,
                  const char *name,
                  guint       depth)
{
  xmlNode *type = g_hash_table_lookup (loader->simple_types, name);
  xmlNode *restriction = type != NULL ? first_xs_child (type, "restriction") : NULL;
  g_autofree char *base = restriction != NULL ? prop (restriction, "base") : NULL;

  if (base == NULL || depth > 16 || first_xs_child (restriction, "whiteSpace") != NULL)
    return FALSE;
  if (is_builtin (base))
    return g_str_equal (base, "xs:string");
  return restricts_string (loader, local_part (base), depth + 1);
}

/* Reads @restriction's minLength and maxLength into @min and @max, the
 * narrower of theirs and the base type's, and takes the facets from
 * libxml2's copy of the schema. FALSE if a value is not a length.
 */
static gboolean
adopt_lengths (Loader  *loader,
               xmlNode *restriction,
               guint   *min,
               guint   *max)
{
  for (xmlNode *n = restriction->children; n != NULL; n = n->next)
    {
      gboolean is_min = is_xs (n, "minLength");
      g_autofree char *value = NULL;
      guint64 length;

      if (!is_min && !is_xs (n, "maxLength"))
        continue;
      value = prop (n, "value");
      if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT - 1, &length, NULL))
        return FALSE;
      if (is_min)
        *min = MAX (*min, (guint) length);
      else
        *max = MIN (*max, (guint) length);
      g_hash_table_add (loader->adopted, n);
    }

  return TRUE;
}

/* The check of a named simple type, or NULL if it has no pattern. */
static WrPackCheck *
resolve_type (Loader     *loader,
              const char *name,
              guint       depth)
{
  WrPackCheck *check;
  WrPackCheck *base_check = NULL;
  xmlNode *type;
  xmlNode *restriction;
  g_autofree char *base = NULL;
  GArray *patterns;
  guint min_length;
  guint max_length;

  if (g_hash_table_lookup_extended (loader->self->types, name, NULL, (gpointer *) &check))
    return check;

  if (depth > 16 || (type = g_hash_table_lookup (loader->simple_types, name)) == NULL)
    return NULL;

  if ((restriction = first_xs_child (type, "restriction")) == NULL)
    {
      for (xmlNode *n = type->children; n != NULL; n = n->next)
        if (is_xs (n, "list") || is_xs (n, "union"))
          fail (loader, "the type “%s” is a list or union, which the reader does not check", name);
      return NULL;
    }

  base = prop (restriction, "base");
  if (base == NULL)
    {
      fail (loader, "the type “%s” restricts an anonymous type", name);
      return NULL;
    }
  if (!is_builtin (base))
    base_check = resolve_type (loader, local_part (base), depth + 1);

  patterns = g_array_new (FALSE, TRUE, sizeof (Pattern));
  for (xmlNode *n = restriction->children; n != NULL; n = n->next)
    {
      Pattern pattern = { 0, };

      if (!is_xs (n, "pattern"))
        continue;
      pattern.pattern = prop (n, "value");
      if (pattern.pattern == NULL)
        continue;
      pattern.fast = _wr_pack_schema_fast_matcher (pattern.pattern);
      if (pattern.fast == NULL &&
          (pattern.regexp = xmlRegexpCompile (BAD_CAST pattern.pattern)) == NULL)
        fail (loader, "the pattern “%s” of the type “%s” does not compile", pattern.pattern, name);
      g_array_append_val (patterns, pattern);
      loader->self->n_patterns++;
    }

  min_length = base_check != NULL ? base_check->min_length : 0;
  max_length = base_check != NULL ? base_check->max_length : G_MAXUINT;
  if (restricts_string (loader, name, 0) && !adopt_lengths (loader, restriction, &min_length, &max_length))
    fail (loader, "the type “%s” has a length that is not a number", name);

  if (patterns->len == 0 && base_check == NULL && min_length == 0 && max_length == G_MAXUINT)
    {
      patterns_free (patterns);
      g_hash_table_insert (loader->self->types, g_strdup (name), NULL);
      return NULL;
    }

  check = g_new0 (WrPackCheck, 1);
  check->type = g_strdup (name);
  check->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) patterns_free);
  check->min_length = min_length;
  check->max_length = max_length;
  if (base_check != NULL)
    {
      check->collapse = base_check->collapse;
      for (guint i = 0; i < base_check->steps->len; i++)
        {
          GArray *step = g_ptr_array_index (base_check->steps, i);
          GArray *copy = g_array_new (FALSE, TRUE, sizeof (Pattern));

          for (guint j = 0; j < step->len; j++)
            {
              Pattern pattern = g_array_index (step, Pattern, j);

              pattern.pattern = g_strdup (pattern.pattern);
              if (pattern.regexp != NULL)
                pattern.regexp = xmlRegexpCompile (BAD_CAST pattern.pattern);
              g_array_append_val (copy, pattern);
            }
          g_ptr_array_add (check->steps, copy);
        }
    }
  else
    /* Only xs:string keeps white space as it is; every other built-in
     * type a pattern restricts here (dates, integers) collapses it.
     */
    check->collapse = !g_str_equal (base, "xs:string");

  if (patterns->len > 0)
    g_ptr_array_add (check->steps, patterns);
  else
    patterns_free (patterns);

  g_hash_table_insert (loader->self->types, g_strdup (name), check);
  return check;
}

static void
add_use (Loader      *loader,
         const char  *element,
         const char  *attribute,
         WrPackCheck *check)
{
  g_autofree char *key = g_strconcat (element, "\1", attribute, NULL);
  WrPackCheck *existing = g_hash_table_lookup (loader->self->uses, key);

  /* Element names are looked up without their context: one name must
   * mean one type wherever it is.
   */
  if (existing != NULL && existing != check)
    fail (loader, "“%s%s%s” has the types “%s” and “%s” in different places", element,
          *attribute != '\0' ? "/@" : "", attribute, existing->type, check->type);
  else
    g_hash_table_insert (loader->self->uses, g_steal_pointer (&key), check);
}

static void
collect_elements_of_type (xmlNode    *node,
                          const char *type,
                          GPtrArray  *names)
{
  for (xmlNode *n = node; n != NULL; n = n->next)
    {
      if (is_xs (n, "element"))
        {
          g_autofree char *t = prop (n, "type");

          if (t != NULL && g_str_equal (local_part (t), type) && !is_builtin (t))
            g_ptr_array_add (names, prop (n, "name"));
        }
      if (n->children != NULL)
        collect_elements_of_type (n->children, type, names);
    }
}

/* The names of the elements whose type is the complex type around @node. */
static GPtrArray *
owners (Loader  *loader,
        xmlNode *node)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  xmlNode *type = node;
  g_autofree char *name = NULL;

  while (type != NULL && !is_xs (type, "complexType"))
    type = type->parent;

  if (type == NULL)
    fail (loader, "an attribute outside any complex type");
  else if ((name = prop (type, "name")) != NULL)
    collect_elements_of_type (loader->root->children, name, names);
  else if (is_xs (type->parent, "element") && xmlHasProp (type->parent, BAD_CAST "name"))
    g_ptr_array_add (names, prop (type->parent, "name"));
  else
    fail (loader, "a complex type with no name and no element");

  return names;
}

static void
collect_uses (Loader  *loader,
              xmlNode *node)
{
  for (xmlNode *n = node; n != NULL && *loader->error == NULL; n = n->next)
    {
      if (is_xs (n, "attribute") || is_xs (n, "element") ||
          ((is_xs (n, "extension") || is_xs (n, "restriction")) && is_xs (n->parent, "simpleContent")))
        {
          g_autofree char *type = prop (n, is_xs (n, "attribute") || is_xs (n, "element") ? "type" : "base");
          g_autofree char *name = prop (n, "name");
          WrPackCheck *check = type != NULL && !is_builtin (type) ? resolve_type (loader, local_part (type), 0) : NULL;

          if (check != NULL)
            {
              if (is_xs (n, "element"))
                add_use (loader, name, "", check);
              else
                {
                  g_autoptr(GPtrArray) elements = owners (loader, n);

                  for (guint i = 0; i < elements->len; i++)
                    add_use (loader, g_ptr_array_index (elements, i), is_xs (n, "attribute") ? name : "", check);
                }
            }
          if (is_xs (n, "attribute") && xmlHasProp (n, BAD_CAST "ref"))
            fail (loader, "an attribute by reference");
        }
      else if (is_xs (n, "simpleType") && xmlHasProp (n, BAD_CAST "name") == NULL && first_xs_child (n, "restriction") &&
               first_xs_child (first_xs_child (n, "restriction"), "pattern"))
        fail (loader, "a pattern in an anonymous type");

      if (n->children != NULL)
        collect_uses (loader, n->children);
    }
}

/* Takes out the pattern facets, the identity constraints and the length
 * facets that are checked here.
 */
static void
strip (xmlNode    *node,
       GHashTable *adopted)
{
  xmlNode *next;

  for (xmlNode *n = node; n != NULL; n = next)
    {
      next = n->next;
      if (is_xs (n, "pattern") || is_xs (n, "key") || is_xs (n, "unique") || is_xs (n, "keyref") ||
          g_hash_table_contains (adopted, n))
        {
          xmlUnlinkNode (n);
          xmlFreeNode (n);
          continue;
        }
      if (n->children != NULL)
        strip (n->children, adopted);
    }
}

static void
on_schema_error (void     *data,
                 xmlError *error)
{
  char **first = data;

  if (*first == NULL && error != NULL && error->level >= XML_ERR_ERROR)
    *first = g_strdup_printf ("%d: %s", error->line, error->message != NULL ? g_strstrip (error->message) : "");
}

static void
ignore_generic (void       *data,
                const char *format,
                ...)
{
}

void
_wr_pack_schema_free (WrPackSchema *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->xsd, xmlSchemaFree);
  g_clear_pointer (&self->doc, xmlFreeDoc);
  g_clear_pointer (&self->uses, g_hash_table_unref);
  g_clear_pointer (&self->types, g_hash_table_unref);
  g_free (self);
}

/**
 * _wr_pack_schema_load:
 * @path: the evidence pack schema file
 * @error: return location for a #GError
 *
 * Reads the schema's patterns and compiles it without them and without
 * its identity constraints.
 *
 * Returns: (transfer full) (nullable): the schema
 */
WrPackSchema *
_wr_pack_schema_load (const char  *path,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *first = NULL;
  WrPackSchema *self = g_new0 (WrPackSchema, 1);
  xmlStructuredErrorFunc saved_structured = xmlStructuredError;
  void *saved_structured_data = xmlStructuredErrorContext;
  xmlGenericErrorFunc saved_generic = xmlGenericError;
  void *saved_generic_data = xmlGenericErrorContext;
  xmlSchemaParserCtxt *pctxt;
  Loader loader = { self, NULL, NULL, NULL, &local_error };

  self->types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) check_free);
  self->uses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  xmlSetStructuredErrorFunc (&first, on_schema_error);
  xmlSetGenericErrorFunc (NULL, ignore_generic);

  self->doc = xmlReadFile (path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
  if (self->doc == NULL || (loader.root = xmlDocGetRootElement (self->doc)) == NULL || !is_xs (loader.root, "schema"))
    fail (&loader, "%s: %s", path, first != NULL ? first : "not a schema");

  if (local_error == NULL)
    {
      loader.simple_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      loader.adopted = g_hash_table_new (NULL, NULL);
      for (xmlNode *n = loader.root->children; n != NULL; n = n->next)
        if (is_xs (n, "simpleType") && xmlHasProp (n, BAD_CAST "name"))
          g_hash_table_insert (loader.simple_types, prop (n, "name"), n);
      collect_uses (&loader, loader.root->children);
      g_hash_table_unref (loader.simple_types);
    }

  if (local_error == NULL)
    {
      strip (loader.root->children, loader.adopted);
      if ((pctxt = xmlSchemaNewDocParserCtxt (self->doc)) != NULL)
        {
          xmlSchemaSetParserStructuredErrors (pctxt, on_schema_error, &first);
          self->xsd = xmlSchemaParse (pctxt);
          xmlSchemaFreeParserCtxt (pctxt);
        }
      if (self->xsd == NULL)
        fail (&loader, "%s:%s", path, first != NULL ? first : "it does not compile");
    }

  xmlSetStructuredErrorFunc (saved_structured_data, saved_structured);
  xmlSetGenericErrorFunc (saved_generic_data, saved_generic);
  g_clear_pointer (&loader.adopted, g_hash_table_unref);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      _wr_pack_schema_free (self);
      return NULL;
    }

  return self;
}

/**
 * _wr_pack_schema_get:
 * @error: return location for a #GError
 *
 * The installed evidence pack schema, loaded the first time it is asked
 * for and kept for the life of the process. Safe to call from any thread.
 *
 * Returns: (transfer none) (nullable): the schema
 */
WrPackSchema *
_wr_pack_schema_get (GError **error)
{
  static GMutex lock;
  static WrPackSchema *schema;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  g_autofree char *path = NULL;

  if (schema != NULL)
    return schema;

  if (!(path = wr_paths_find_data_file (PACK_SCHEMA)))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _("Cannot find Walkround’s data file “%s”; reinstall Walkround"), PACK_SCHEMA);
      return NULL;
    }

  schema = _wr_pack_schema_load (path, error);
  return schema;
}

xmlSchema *
_wr_pack_schema_get_xsd (WrPackSchema *self)
{
  return self->xsd;
}

/**
 * _wr_pack_schema_lookup:
 * @element: an element's local name
 * @attribute: (nullable): one of its attributes, or %NULL for its text
 *
 * Returns: (nullable): the patterns its values must match, if any
 */
const WrPackCheck *
_wr_pack_schema_lookup (WrPackSchema *self,
                        const char   *element,
                        const char   *attribute)
{
  g_autofree char *key = g_strconcat (element, "\1", attribute != NULL ? attribute : "", NULL);

  return g_hash_table_lookup (self->uses, key);
}

/* The number of pattern facets the schema has, which Walkround checks. */
guint
_wr_pack_schema_count_patterns (WrPackSchema *self)
{
  return self->n_patterns;
}
