/* wr-scope.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-scope"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wr-dates.h"
#include "wr-scope.h"
#include "wr-store.h"
#include "wr-visit.h"

G_DEFINE_BOXED_TYPE (WrScope, wr_scope, wr_scope_copy, wr_scope_free)

/* The most values of one kind: far more than anyone picks, few enough
 * that a scope stays small.
 */
#define MAX_VALUES 10000

/**
 * wr_scope_new:
 *
 * Returns: (transfer full): a filter that takes every visit
 */
WrScope *
wr_scope_new (void)
{
  return g_new0 (WrScope, 1);
}

WrScope *
wr_scope_copy (const WrScope *self)
{
  WrScope *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = wr_scope_new ();
  copy->from = g_strdup (self->from);
  copy->to = g_strdup (self->to);
  copy->services = g_strdupv (self->services);
  copy->kinds = g_strdupv (self->kinds);
  copy->regulations = g_strdupv (self->regulations);
  copy->statements = g_strdupv (self->statements);
  copy->evidence = g_strdupv (self->evidence);
  copy->visits = g_strdupv (self->visits);
  copy->status = g_strdup (self->status);
  copy->changed_since = g_strdup (self->changed_since);

  return copy;
}

void
wr_scope_free (WrScope *self)
{
  if (self == NULL)
    return;

  g_free (self->from);
  g_free (self->to);
  g_strfreev (self->services);
  g_strfreev (self->kinds);
  g_strfreev (self->regulations);
  g_strfreev (self->statements);
  g_strfreev (self->evidence);
  g_strfreev (self->visits);
  g_free (self->status);
  g_free (self->changed_since);
  g_free (self);
}

/**
 * wr_scope_is_date:
 * @text: (nullable): text
 *
 * Returns: %TRUE if @text is a real date written YYYY-MM-DD, exactly
 */
gboolean
wr_scope_is_date (const char *text)
{
  g_autoptr(GDateTime) parsed = NULL;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    {
      if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
        return FALSE;
    }

  parsed = wr_date_parse (text);
  return parsed != NULL;
}

static gboolean
set_date (char       **field,
          const char  *date,
          GError     **error)
{
  if (date != NULL && !wr_scope_is_date (date))
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_FILTER,
                   _("“%s” is not a date; write it as YYYY-MM-DD, such as 2026-03-31"), date);
      return FALSE;
    }

  g_free (*field);
  *field = g_strdup (date);
  return TRUE;
}

gboolean
wr_scope_set_from (WrScope     *self,
                   const char  *date,
                   GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return set_date (&self->from, date, error);
}

gboolean
wr_scope_set_to (WrScope     *self,
                 const char  *date,
                 GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return set_date (&self->to, date, error);
}

static gboolean
add_value (GStrv       *list,
           const char  *value,
           GError     **error)
{
  guint n = *list != NULL ? g_strv_length (*list) : 0;

  if (*list != NULL && g_strv_contains ((const char * const *) *list, value))
    return TRUE;

  if (n >= MAX_VALUES)
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_FILTER,
                   _("A filter can take at most %d values of one kind"), MAX_VALUES);
      return FALSE;
    }

  *list = g_renew (char *, *list, n + 2);
  (*list)[n] = g_strdup (value);
  (*list)[n + 1] = NULL;
  return TRUE;
}

static gboolean
is_uuid (const char *text)
{
  if (strlen (text) != 36)
    return FALSE;
  for (guint i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (text[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isdigit (text[i]) && !(text[i] >= 'a' && text[i] <= 'f'))
        return FALSE;
    }
  return TRUE;
}

/* The shape of a catalogue id, as the evidence pack schema's Code type. */
static gboolean
is_code (const char *text)
{
  gsize len = strlen (text);

  if (len == 0 || len > 64 || !g_ascii_isalnum (text[0]))
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.' && *p != '_')
        return FALSE;
    }
  return TRUE;
}

gboolean
wr_scope_add_service (WrScope     *self,
                      const char  *service_uuid,
                      GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (service_uuid != NULL, FALSE);

  if (!is_uuid (service_uuid))
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_FILTER,
                   _("“%s” is not a service’s uuid"), service_uuid);
      return FALSE;
    }

  return add_value (&self->services, service_uuid, error);
}

/**
 * wr_scope_add_visit:
 * @self: a scope
 * @visit_uuid: a visit's uuid
 * @error: return location for a #GError
 *
 * Takes this visit (with the other filters still applying): a report or
 * a pack of one visit, or of the visits a list shows.
 *
 * Returns: %TRUE if @visit_uuid is a uuid
 */
gboolean
wr_scope_add_visit (WrScope     *self,
                    const char  *visit_uuid,
                    GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (visit_uuid != NULL, FALSE);

  if (!is_uuid (visit_uuid))
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_FILTER,
                   _("“%s” is not a visit’s uuid"), visit_uuid);
      return FALSE;
    }

  return add_value (&self->visits, visit_uuid, error);
}

gboolean
wr_scope_add_kind (WrScope     *self,
                   const char  *kind,
                   GError     **error)
{
  g_autofree char *folded = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);

  /* People type these; the ids are lower case. */
  folded = g_ascii_strdown (kind, -1);
  if (!g_strv_contains (wr_visit_kind_get_ids (), folded))
    {
      g_autofree char *kinds = g_strjoinv (", ", (char **) wr_visit_kind_get_ids ());

      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_FILTER,
                   _("“%s” is not a kind of visit; the kinds are %s"), kind, kinds);
      return FALSE;
    }

  return add_value (&self->kinds, folded, error);
}

gboolean
wr_scope_add_regulation (WrScope     *self,
                         const char  *regulation,
                         GError     **error)
{
  g_autofree char *canonical = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (regulation != NULL, FALSE);

  /* "9a" is typed for 9A: the catalogue's schema writes a regulation as
   * its number and a capital letter, and packs keep that form.
   */
  canonical = g_ascii_strup (regulation, -1);
  if (!is_code (canonical))
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_FILTER,
                   _("“%s” is not a regulation; write its number, such as 12 or 9A"), regulation);
      return FALSE;
    }

  return add_value (&self->regulations, canonical, error);
}

gboolean
wr_scope_add_statement (WrScope     *self,
                        const char  *statement,
                        GError     **error)
{
  g_autofree char *canonical = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (statement != NULL, FALSE);

  /* The catalogue's schema writes statement ids in lower case. */
  canonical = g_ascii_strdown (statement, -1);
  if (!is_code (canonical))
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_FILTER,
                   _("“%s” is not a quality statement id, such as safe-ipc"), statement);
      return FALSE;
    }

  return add_value (&self->statements, canonical, error);
}

/**
 * wr_scope_add_evidence:
 * @self: a #WrScope
 * @kind: "regulation", "statement" or "key-question"
 * @ref: its id, such as 12, 9A, safe-ipc or safe
 * @error: return location for a #GError
 *
 * Takes the visits that hold evidence of one node of the CQC framework, as
 * the Evidence page counts it: an observation linked to it directly, or an
 * answer of concern to a question linked to it.
 *
 * Returns: %TRUE if @kind and @ref are well formed
 */
gboolean
wr_scope_add_evidence (WrScope     *self,
                       const char  *kind,
                       const char  *ref,
                       GError     **error)
{
  g_autofree char *canonical = NULL;
  g_autofree char *value = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);
  g_return_val_if_fail (ref != NULL, FALSE);

  if (g_str_equal (kind, "regulation"))
    canonical = g_ascii_strup (ref, -1);
  else if (g_str_equal (kind, "statement") || g_str_equal (kind, "key-question"))
    canonical = g_ascii_strdown (ref, -1);
  else
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_FILTER,
                   _("“%s” is not a kind of evidence; use regulation, statement or key-question"), kind);
      return FALSE;
    }

  if (!is_code (canonical))
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_FILTER,
                   _("“%s” is not a regulation, quality statement or key question id, such as 12, safe-ipc or safe"),
                   ref);
      return FALSE;
    }

  value = g_strconcat (kind, ":", canonical, NULL);
  return add_value (&self->evidence, value, error);
}

/**
 * wr_scope_set_status:
 * @self: a #WrScope
 * @status: (nullable): "draft", "completed", or "all" or %NULL for both
 * @error: return location for a #GError
 *
 * Returns: %TRUE if @status is one of those
 */
gboolean
wr_scope_set_status (WrScope     *self,
                     const char  *status,
                     GError     **error)
{
  g_autofree char *folded = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (status != NULL)
    status = folded = g_ascii_strdown (status, -1);
  if (status != NULL && !g_str_equal (status, "draft") && !g_str_equal (status, "completed") &&
      !g_str_equal (status, "all"))
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_FILTER,
                   _("“%s” is not a status; use draft, completed or all"), status);
      return FALSE;
    }

  g_free (self->status);
  self->status = g_strcmp0 (status, "all") != 0 ? g_strdup (status) : NULL;
  return TRUE;
}

/**
 * wr_scope_set_changed_since:
 * @self: a #WrScope
 * @datetime: (nullable): a date (YYYY-MM-DD, meaning its start here), or a
 *   date and time (YYYY-MM-DDTHH:MM[:SS], with an offset such as +01:00 or
 *   Z, else local time)
 * @error: return location for a #GError
 *
 * Keeps the time written with its offset, as the pack's scope records it.
 *
 * Returns: %TRUE if @datetime is one of those
 */
gboolean
wr_scope_set_changed_since (WrScope     *self,
                            const char  *datetime,
                            GError     **error)
{
  g_autoptr(GDateTime) parsed = NULL;
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();

  g_return_val_if_fail (self != NULL, FALSE);

  if (datetime == NULL)
    {
      g_clear_pointer (&self->changed_since, g_free);
      return TRUE;
    }

  if (wr_scope_is_date (datetime))
    {
      g_autofree char *midnight = g_strconcat (datetime, "T00:00:00", NULL);

      parsed = g_date_time_new_from_iso8601 (midnight, local);
    }
  else if (strlen (datetime) > 10 && datetime[10] == 'T')
    {
      g_autofree char *date = g_strndup (datetime, 10);

      if (wr_scope_is_date (date))
        parsed = g_date_time_new_from_iso8601 (datetime, local);
    }

  if (parsed == NULL)
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_FILTER,
                   _("“%s” is not a date or a time; write YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+HH:MM, such as 2026-03-31T09:00:00+01:00"),
                   datetime);
      return FALSE;
    }

  g_free (self->changed_since);
  if (g_date_time_get_microsecond (parsed) != 0)
    self->changed_since = g_date_time_format (parsed, "%Y-%m-%dT%H:%M:%S.%f%:z");
  else
    self->changed_since = g_date_time_format (parsed, "%Y-%m-%dT%H:%M:%S%:z");
  return TRUE;
}

/**
 * wr_scope_check:
 * @self: a #WrScope
 * @error: return location for a #GError
 *
 * Checks what no single setter can: that the period does not end before
 * it starts.
 *
 * Returns: %TRUE if the filter can select visits
 */
gboolean
wr_scope_check (const WrScope  *self,
                GError        **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->from != NULL && self->to != NULL && strcmp (self->from, self->to) > 0)
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_FILTER,
                   _("The period ends (%s) before it starts (%s); swap the two dates"),
                   self->to, self->from);
      return FALSE;
    }

  return TRUE;
}
