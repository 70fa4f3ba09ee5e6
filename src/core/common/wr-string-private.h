/* wr-string-private.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

/* Appending to a GString with room to spare, without a call.
 *
 * GLib 2.74 appends through g_string_insert_len(), which handles every
 * case (overlaps, insertion, growth) on every call; a pack is millions of
 * short names, quotes and values, and that call was a fifth of the time
 * of the thread that formats it. GLib 2.76 inlines this same fast path;
 * until then, these do. @len is never negative.
 */
static inline void
_wr_string_append_len (GString    *string,
                       const char *text,
                       gsize       len)
{
  if (G_LIKELY (string->len + len < string->allocated_len))
    {
      memcpy (string->str + string->len, text, len);
      string->len += len;
      string->str[string->len] = '\0';
    }
  else
    g_string_append_len (string, text, (gssize) len);
}

static inline void
_wr_string_append (GString    *string,
                   const char *text)
{
  _wr_string_append_len (string, text, strlen (text));
}

G_END_DECLS
