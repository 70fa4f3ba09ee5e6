/* wr-store-settings.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-store-settings"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-store-private.h"

/* The organisation's name and protective marking belong to the data
 * folder, not to a person's GSettings: every report made from this
 * database, in the window or on the command line, carries the same ones.
 * They live in the meta table, beside the device id, so no migration is
 * needed.
 */
#define KEY_ORGANISATION "organisation"
#define KEY_MARKING      "marking"

/* Long enough for "Northshire Community and Mental Health NHS Foundation
 * Trust" and for "OFFICIAL-SENSITIVE: PERSONAL"; a header holds no more.
 */
#define MAX_ORGANISATION 120
#define MAX_MARKING      60

/* The value of @key in the meta table, "" if it has none; @what says
 * what could not be read, for the error.
 */
char *
_wr_store_get_meta (WrStore     *self,
                    const char  *key,
                    const char  *what,
                    GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  int rc;

  if (!(stmt = _wr_store_prepare (self, "SELECT value FROM meta WHERE key = ?", error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup (_wr_store_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_result_error (self, error, WR_STORE_ERROR_READ, what, rc);
      return NULL;
    }

  return g_strdup ("");
}

/* Sets @key of the meta table to @value; "" removes it. */
gboolean
_wr_store_set_meta (WrStore     *self,
                    const char  *key,
                    const char  *value,
                    GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;

  if (value[0] == '\0')
    stmt = _wr_store_prepare (self, "DELETE FROM meta WHERE key = ?", error);
  else
    stmt = _wr_store_prepare (self,
                              "INSERT INTO meta (key, value) VALUES (?, ?)"
                              " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (value[0] != '\0')
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);

  return _wr_store_step_done (self, stmt, error);
}

/* Sets @key to @value, if given and different, and audits the change. */
static gboolean
set_one (WrStore     *self,
         const char  *key,
         const char  *value,
         GError     **error)
{
  g_autofree char *old = NULL;

  if (value == NULL)
    return TRUE;
  if (!(old = _wr_store_get_meta (self, key, _("Could not read the report settings"), error)))
    return FALSE;
  if (g_str_equal (old, value))
    return TRUE;

  return _wr_store_set_meta (self, key, value, error) &&
         _wr_store_audit (self, NULL, "settings", "report", key, old, value, error);
}

/* Spaces at the ends are dropped and runs of white space inside made
 * one, since both are shown on one line at the top of every page.
 */
static char *
normalise (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t\r\n", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, words[i]);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * wr_store_get_report_settings:
 * @self: a #WrStore
 * @organisation: (out) (optional) (transfer full): the organisation's name, "" if unset
 * @marking: (out) (optional) (transfer full): the protective marking, "" if unset
 * @error: return location for a #GError
 *
 * Reads what every report made from this database shows in its header
 * and footer.
 *
 * Returns: %TRUE if read
 */
gboolean
wr_store_get_report_settings (WrStore  *self,
                              char    **organisation,
                              char    **marking,
                              GError  **error)
{
  g_autofree char *org = NULL;
  g_autofree char *mark = NULL;

  g_return_val_if_fail (WR_IS_STORE (self), FALSE);

  if (!(org = _wr_store_get_meta (self, KEY_ORGANISATION, _("Could not read the report settings"), error)) ||
      !(mark = _wr_store_get_meta (self, KEY_MARKING, _("Could not read the report settings"), error)))
    return FALSE;

  if (organisation != NULL)
    *organisation = g_steal_pointer (&org);
  if (marking != NULL)
    *marking = g_steal_pointer (&mark);

  return TRUE;
}

/**
 * wr_store_set_report_settings:
 * @self: a #WrStore
 * @organisation: (nullable): the organisation's name; "" clears it, %NULL keeps it
 * @marking: (nullable): the protective marking, such as OFFICIAL-SENSITIVE;
 *   "" clears it, %NULL keeps it
 * @error: return location for a #GError
 *
 * Sets, in one transaction, what every report made from this database
 * shows in its header and footer. White space is tidied; text that is
 * too long or not UTF-8 is refused with %WR_STORE_ERROR_INVALID.
 *
 * Returns: %TRUE if saved
 */
gboolean
wr_store_set_report_settings (WrStore     *self,
                              const char  *organisation,
                              const char  *marking,
                              GError     **error)
{
  g_autofree char *org = NULL;
  g_autofree char *mark = NULL;

  g_return_val_if_fail (WR_IS_STORE (self), FALSE);

  if (!_wr_store_check_text (organisation, MAX_ORGANISATION, _("organisation’s name"), error) ||
      !_wr_store_check_text (marking, MAX_MARKING, _("protective marking"), error))
    return FALSE;

  org = organisation != NULL ? normalise (organisation) : NULL;
  mark = marking != NULL ? normalise (marking) : NULL;

  if (!_wr_store_begin (self, error))
    return FALSE;

  if (!set_one (self, KEY_ORGANISATION, org, error) ||
      !set_one (self, KEY_MARKING, mark, error))
    {
      _wr_store_rollback (self);
      return FALSE;
    }

  return _wr_store_commit (self, error);
}
