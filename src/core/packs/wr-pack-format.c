/* wr-pack-format.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-pack-format"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wr-pack-format.h"

/* Every version of the format that changes meaning gets a namespace of
 * this form (docs/evidence-pack.md).
 */
#define PACK_NAMESPACE_BASE "https://walkround.github.io/ns/evidence-pack/"

/* "1" to "6", exactly as written: no sign, no leading zero. */
static gboolean
is_known_version (const char *version)
{
  if (version == NULL || version[0] < '1' || version[0] > '9' || version[1] != '\0')
    return FALSE;

  return version[0] - '0' >= WR_PACK_FORMAT_VERSION_OLDEST && version[0] - '0' <= WR_PACK_FORMAT_VERSION_LATEST;
}

/**
 * wr_pack_format_check_root:
 * @file: (nullable): the pack's file, named in the message; %NULL for a
 *   caller that says where itself
 * @line: the root element's line, from 1
 * @name: the root element's local name
 * @ns: (nullable): its namespace
 * @version: (nullable): its format-version attribute
 * @error: return location for a #GError
 *
 * Checks that a root element is that of an evidence pack in the format
 * this Walkround reads. A file that is no pack at all is refused with
 * %WR_PACK_ERROR_INVALID; a pack in another format (a namespace of a later
 * format, or another format-version) with %WR_PACK_ERROR_VERSION. With
 * @file, the message starts "FILE:LINE: ".
 *
 * Returns: %TRUE if a pack with this root can be read
 */
gboolean
wr_pack_format_check_root (const char  *file,
                           int          line,
                           const char  *name,
                           const char  *ns,
                           const char  *version,
                           GError     **error)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_strcmp0 (name, WR_PACK_ROOT_ELEMENT) != 0 || ns == NULL || !g_str_has_prefix (ns, PACK_NAMESPACE_BASE))
    g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_INVALID,
                 _("this is not a Walkround evidence pack: its root element is <%s> in the namespace “%s”, "
                   "where a pack has <%s> in “%s”; make a pack with “walkround export”"),
                 name, ns != NULL ? ns : "", WR_PACK_ROOT_ELEMENT, WR_PACK_NAMESPACE);
  else if (!g_str_equal (ns, WR_PACK_NAMESPACE))
    g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_VERSION,
                 _("the pack is in a later format (namespace “%s”), which this Walkround cannot read "
                   "(it reads “%s”); update Walkround, or ask for a pack in version %s"),
                 ns, WR_PACK_NAMESPACE, WR_PACK_FORMAT_VERSION);
  else if (!is_known_version (version))
    g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_VERSION,
                 _("the pack is in format version “%s”, which this Walkround cannot read (it reads versions "
                   "%d to %d); update Walkround, or ask for a pack in version %s"),
                 version != NULL ? version : "", WR_PACK_FORMAT_VERSION_OLDEST, WR_PACK_FORMAT_VERSION_LATEST,
                 WR_PACK_FORMAT_VERSION);
  else
    return TRUE;

  if (file != NULL)
    g_prefix_error (error, "%s:%d: ", file, MAX (line, 1));

  return FALSE;
}

/**
 * wr_pack_manifest_line:
 * @manifest: a SHA-256 #GChecksum
 * @tag: the line's tag ("visit")
 * @value: (nullable): its first value
 * @value2: (nullable): its second value
 *
 * Adds "TAG VALUE VALUE2\n" (the values that are given) to the manifest.
 */
void
wr_pack_manifest_line (GChecksum  *manifest,
                       const char *tag,
                       const char *value,
                       const char *value2)
{
  g_checksum_update (manifest, (const guchar *) tag, strlen (tag));
  if (value != NULL)
    {
      g_checksum_update (manifest, (const guchar *) " ", 1);
      g_checksum_update (manifest, (const guchar *) value, strlen (value));
    }
  if (value2 != NULL)
    {
      g_checksum_update (manifest, (const guchar *) " ", 1);
      g_checksum_update (manifest, (const guchar *) value2, strlen (value2));
    }
  g_checksum_update (manifest, (const guchar *) "\n", 1);
}

/* The 32 bytes of the manifest's SHA-256: what the signature signs. */
void
wr_pack_manifest_hash (GChecksum *manifest,
                       guint8     hash[32])
{
  gsize len = 32;

  g_checksum_get_digest (manifest, hash, &len);
  g_assert (len == 32);
}
