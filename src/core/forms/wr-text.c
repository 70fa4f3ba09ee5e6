/* wr-text.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-form"

#include "config.h"

#include <string.h>

#include "wr-form-private.h"

WrText *
_wr_text_new (void)
{
  return g_new0 (WrText, 1);
}

void
_wr_text_add (WrText     *self,
              const char *language,
              const char *text)
{
  self->languages = g_renew (char *, self->languages, self->n + 1);
  self->texts = g_renew (char *, self->texts, self->n + 1);
  self->languages[self->n] = g_strdup (language);
  self->texts[self->n] = g_strdup (text);
  self->n++;
}

void
_wr_text_free (WrText *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < self->n; i++)
    {
      g_free (self->languages[i]);
      g_free (self->texts[i]);
    }
  g_free (self->languages);
  g_free (self->texts);
  g_free (self);
}

static void
append_block (GString    *out,
              const char *block,
              gboolean   *blank)
{
  if (out->len > 0)
    g_string_append (out, *blank ? "\n\n" : "\n");
  g_string_append (out, block);
  *blank = FALSE;
}

static void
flush_paragraph (GString  *out,
                 GString  *paragraph,
                 gboolean *blank)
{
  if (paragraph->len == 0)
    return;
  append_block (out, paragraph->str, blank);
  g_string_truncate (paragraph, 0);
}

/* Guidance is written indented inside the XML. It becomes one line per
 * paragraph, a blank line between paragraphs, and "- " bullets kept as
 * lines of their own, which is what form.xsd promises.
 */
char *
_wr_text_normalize_paragraphs (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) paragraph = g_string_new (NULL);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  gboolean blank = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GString) line = g_string_new (NULL);
      gboolean space = FALSE;

      for (const char *p = lines[i]; *p != '\0'; p++)
        {
          if (*p == ' ' || *p == '\t' || *p == '\r')
            {
              space = line->len > 0;
              continue;
            }
          if (space)
            g_string_append_c (line, ' ');
          space = FALSE;
          g_string_append_c (line, *p);
        }

      if (line->len == 0)
        {
          flush_paragraph (out, paragraph, &blank);
          blank = out->len > 0;
          continue;
        }

      if (g_str_has_prefix (line->str, "- "))
        {
          flush_paragraph (out, paragraph, &blank);
          append_block (out, line->str, &blank);
          continue;
        }

      if (paragraph->len > 0)
        g_string_append_c (paragraph, ' ');
      g_string_append (paragraph, line->str);
    }

  flush_paragraph (out, paragraph, &blank);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* "cy_GB.UTF-8@euro" becomes "cy-GB"; "C" and "POSIX" become "". */
static void
locale_to_tag (const char *name,
               char       *tag,
               gsize       size)
{
  gsize n = 0;

  for (const char *p = name; *p != '\0' && *p != '.' && *p != '@' && n + 1 < size; p++)
    tag[n++] = *p == '_' ? '-' : *p;
  tag[n] = '\0';

  if (g_str_equal (tag, "C") || g_str_equal (tag, "POSIX"))
    tag[0] = '\0';
}

static gsize
primary_length (const char *tag)
{
  const char *dash = strchr (tag, '-');

  return dash != NULL ? (gsize) (dash - tag) : strlen (tag);
}

static gboolean
same_primary (const char *a,
              const char *b)
{
  gsize n = primary_length (a);

  return n == primary_length (b) && g_ascii_strncasecmp (a, b, n) == 0;
}

/**
 * wr_text_get_for_languages:
 * @self: a #WrText
 * @languages: (array zero-terminated=1): language tags or locale names, the
 *   most wanted first, as g_get_language_names() gives them
 *
 * For each language in turn, looks for a text in exactly that language
 * ("cy-GB"), then in its main language ("cy"), then in another variety of
 * it; if none of @languages has a text, returns the form's own.
 *
 * Returns: (transfer none): the text
 */
const char *
wr_text_get_for_languages (const WrText        *self,
                           const char * const  *languages)
{
  g_return_val_if_fail (self != NULL && self->n > 0, NULL);

  for (guint i = 0; languages != NULL && languages[i] != NULL; i++)
    {
      char tag[64];
      char primary[16];

      locale_to_tag (languages[i], tag, sizeof tag);
      if (tag[0] == '\0')
        continue;

      for (guint j = 0; j < self->n; j++)
        {
          if (g_ascii_strcasecmp (self->languages[j], tag) == 0)
            return self->texts[j];
        }

      g_strlcpy (primary, tag, MIN (sizeof primary, primary_length (tag) + 1));
      for (guint j = 0; j < self->n; j++)
        {
          if (g_ascii_strcasecmp (self->languages[j], primary) == 0)
            return self->texts[j];
        }

      for (guint j = 0; j < self->n; j++)
        {
          if (same_primary (self->languages[j], tag))
            return self->texts[j];
        }
    }

  return self->texts[0];
}

/**
 * wr_text_get:
 * @self: a #WrText
 *
 * Returns: (transfer none): the text in the user's language, as
 *   g_get_language_names() says, or else in the form's own language
 */
const char *
wr_text_get (const WrText *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return wr_text_get_for_languages (self, g_get_language_names ());
}

guint
wr_text_get_n_languages (const WrText *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n;
}

/**
 * wr_text_get_language:
 * @self: a #WrText
 * @index: below wr_text_get_n_languages(); 0 is the form's own language
 *
 * Returns: (transfer none): the language tag of the @index-th text
 */
const char *
wr_text_get_language (const WrText *self,
                      guint         index)
{
  g_return_val_if_fail (self != NULL && index < self->n, NULL);

  return self->languages[index];
}

const char *
wr_text_get_nth (const WrText *self,
                 guint         index)
{
  g_return_val_if_fail (self != NULL && index < self->n, NULL);

  return self->texts[index];
}
