/* wr-cli-filter.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-cli-filter"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wr-catalog.h"
#include "wr-cli-filter-private.h"
#include "wr-cli-private.h"

/* The options that choose visits, shared by the commands that take
 * "the export filters". Each value is checked by WrScope; services,
 * regulations and statements are also looked up, so that a typing mistake
 * says so instead of giving an empty result.
 */

void
_wr_cli_filter_options_clear (WrCliFilterOptions *options)
{
  g_clear_pointer (&options->from, g_free);
  g_clear_pointer (&options->to, g_free);
  g_clear_pointer (&options->services, g_strfreev);
  g_clear_pointer (&options->kinds, g_strfreev);
  g_clear_pointer (&options->regulations, g_strfreev);
  g_clear_pointer (&options->statements, g_strfreev);
  g_clear_pointer (&options->evidence, g_strfreev);
  g_clear_pointer (&options->status, g_free);
  g_clear_pointer (&options->changed_since, g_free);
  g_clear_pointer (&options->visits, g_strfreev);
}

void
_wr_cli_filter_add_options (GOptionContext     *context,
                            WrCliFilterOptions *options)
{
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &options->from, N_("Only visits that started on or after this day"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &options->to, N_("Only visits that started on or before this day"), N_("YYYY-MM-DD") },
    { "service", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->services, N_("Only visits to this service, by name or uuid (repeat for more)"), N_("SERVICE") },
    { "kind", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->kinds, N_("Only visits of this kind: quality-visit, ned-visit, fifteen-steps, self-assessment or custom (repeat for more)"), N_("KIND") },
    { "regulation", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->regulations, N_("Only visits with an observation linked to this regulation, such as 12 or 9A (repeat for more)"), N_("N") },
    { "statement", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->statements, N_("Only visits with an observation linked to this quality statement, such as safe-ipc (repeat for more)"), N_("ID") },
    { "evidence-of", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->evidence, N_("Only visits holding evidence of this regulation, quality statement or key question (an observation linked to it or an answer of concern), such as regulation:12, statement:safe-ipc or key-question:safe (repeat for more)"), N_("KIND:ID") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &options->status, N_("Only draft or completed visits, or all (the default)"), N_("draft|completed|all") },
    { "changed-since", 0, 0, G_OPTION_ARG_STRING, &options->changed_since, N_("Only visits changed at or after this time"), N_("DATETIME") },
    { "visit", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->visits, N_("Only this visit, by uuid (repeat for more)"), N_("UUID") },
    { NULL }
  };

  /* GOption copies the entries, so they may live on this stack. */
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

gboolean
_wr_cli_filter_is_set (const WrCliFilterOptions *options)
{
  return options->from != NULL || options->to != NULL || options->services != NULL ||
         options->kinds != NULL || options->regulations != NULL || options->statements != NULL ||
         options->evidence != NULL || options->status != NULL || options->changed_since != NULL ||
         options->visits != NULL;
}

/* Says which option a value came from, since the filter cannot know. */
static gboolean
option_error (const char *option,
              GError     *error)
{
  _wr_cli_printerr ("%s: %s", option, error->message);
  g_error_free (error);
  return FALSE;
}

/* A service may be named by its uuid or, as people know it, its name in
 * any case.
 */
static const char *
find_service (GListModel *services,
              const char *wanted)
{
  g_autofree char *folded = g_utf8_casefold (wanted, -1);
  guint n = g_list_model_get_n_items (services);
  const char *found = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WrService) service = g_list_model_get_item (services, i);
      g_autofree char *name = g_utf8_casefold (wr_service_get_name (service), -1);

      if (g_str_equal (wr_service_get_uuid (service), wanted))
        return wr_service_get_uuid (service);
      if (found == NULL && g_str_equal (name, folded))
        found = wr_service_get_uuid (service);
    }

  return found;
}

static gboolean
add_services (WrScope  *filter,
              WrStore  *store,
              char    **wanted)
{
  g_autoptr(GListModel) services = NULL;
  GError *error = NULL;

  if (wanted == NULL)
    return TRUE;

  if (!(services = wr_store_list_services (store, TRUE, &error)))
    return option_error ("--service", error);

  for (guint i = 0; wanted[i] != NULL; i++)
    {
      const char *uuid = find_service (services, wanted[i]);

      if (uuid == NULL)
        {
          _wr_cli_printerr (_("--service: there is no service named “%s” or with that uuid; give a service’s name as the Services page shows it, or its uuid"),
                            wanted[i]);
          return FALSE;
        }
      if (!wr_scope_add_service (filter, uuid, &error))
        return option_error ("--service", error);
    }

  return TRUE;
}

/* The first @max ids of a kind of catalogue entry, for an error message. */
static char *
list_ids (WrCatalog     *catalog,
          WrCatalogKind  kind,
          guint          max)
{
  g_autoptr(GString) list = g_string_new (NULL);
  GListModel *entries = wr_catalog_list (catalog, kind);
  guint n = g_list_model_get_n_items (entries);

  for (guint i = 0; i < n && i < max; i++)
    {
      g_autoptr(WrCatalogEntry) entry = g_list_model_get_item (entries, i);

      if (list->len > 0)
        g_string_append (list, ", ");
      g_string_append (list, wr_catalog_entry_get_id (entry));
    }
  if (n > max)
    g_string_append (list, ", …");

  return g_string_free (g_steal_pointer (&list), FALSE);
}

/* --evidence-of KIND:ID, with the catalogue's own id. */
static gboolean
add_nodes (WrScope   *filter,
           WrCatalog *catalog,
           char     **nodes)
{
  static const struct { const char *name; WrCatalogKind kind; } kinds[] = {
    { "regulation", WR_CATALOG_REGULATION },
    { "statement", WR_CATALOG_STATEMENT },
    { "key-question", WR_CATALOG_KEY_QUESTION },
  };
  GError *error = NULL;

  for (guint i = 0; nodes != NULL && nodes[i] != NULL; i++)
    {
      const char *colon = strchr (nodes[i], ':');
      g_autofree char *kind = colon ? g_ascii_strdown (nodes[i], colon - nodes[i]) : NULL;
      WrCatalogEntry *entry = NULL;
      guint k;

      for (k = 0; kind != NULL && k < G_N_ELEMENTS (kinds); k++)
        if (g_str_equal (kind, kinds[k].name))
          break;
      if (kind == NULL || k == G_N_ELEMENTS (kinds))
        {
          _wr_cli_printerr (_("--evidence-of: “%s” is not KIND:ID; write regulation:12, statement:safe-ipc or key-question:safe"),
                            nodes[i]);
          return FALSE;
        }
      if (!(entry = wr_catalog_lookup_any_case (catalog, kinds[k].kind, colon + 1)))
        {
          _wr_cli_printerr (_("--evidence-of: the catalogue has no %s “%s”"), kinds[k].name, colon + 1);
          return FALSE;
        }
      if (!wr_scope_add_evidence (filter, kinds[k].name, wr_catalog_entry_get_id (entry), &error))
        return option_error ("--evidence-of", error);
    }

  return TRUE;
}

static gboolean
add_evidence (WrScope  *filter,
              char    **regulations,
              char    **statements,
              char    **nodes)
{
  WrCatalog *catalog;
  GError *error = NULL;

  if (regulations == NULL && statements == NULL && nodes == NULL)
    return TRUE;

  if (!(catalog = wr_catalog_get_default (&error)))
    {
      _wr_cli_printerr ("%s", error->message);
      g_error_free (error);
      return FALSE;
    }

  /* People type "9a" for 9A; the scope, and so the pack, takes the
   * catalogue's own id.
   */
  for (guint i = 0; regulations != NULL && regulations[i] != NULL; i++)
    {
      WrCatalogEntry *entry = wr_catalog_lookup_any_case (catalog, WR_CATALOG_REGULATION, regulations[i]);

      if (entry == NULL)
        {
          g_autofree char *ids = list_ids (catalog, WR_CATALOG_REGULATION, 50);

          _wr_cli_printerr (_("--regulation: “%s” is not a regulation; the regulations are %s"), regulations[i], ids);
          return FALSE;
        }
      if (!wr_scope_add_regulation (filter, wr_catalog_entry_get_id (entry), &error))
        return option_error ("--regulation", error);
    }

  for (guint i = 0; statements != NULL && statements[i] != NULL; i++)
    {
      WrCatalogEntry *entry = wr_catalog_lookup_any_case (catalog, WR_CATALOG_STATEMENT, statements[i]);

      if (entry == NULL)
        {
          g_autofree char *ids = list_ids (catalog, WR_CATALOG_STATEMENT, 8);

          _wr_cli_printerr (_("--statement: “%s” is not a quality statement id; they are such as %s"), statements[i], ids);
          return FALSE;
        }
      if (!wr_scope_add_statement (filter, wr_catalog_entry_get_id (entry), &error))
        return option_error ("--statement", error);
    }

  return add_nodes (filter, catalog, nodes);
}

/**
 * _wr_cli_filter_build:
 * @options: the parsed options
 * @store: the store, to find services by name
 * @filter: the filter to fill in
 *
 * Returns: %TRUE if every option is valid; otherwise the problem has been
 *   printed, naming the option
 */
gboolean
_wr_cli_filter_build (const WrCliFilterOptions *options,
                      WrStore                  *store,
                      WrScope             *filter)
{
  GError *error = NULL;

  if (!wr_scope_set_from (filter, options->from, &error))
    return option_error ("--from", error);
  if (!wr_scope_set_to (filter, options->to, &error))
    return option_error ("--to", error);
  for (guint i = 0; options->kinds != NULL && options->kinds[i] != NULL; i++)
    {
      if (!wr_scope_add_kind (filter, options->kinds[i], &error))
        return option_error ("--kind", error);
    }
  if (!wr_scope_set_status (filter, options->status, &error))
    return option_error ("--status", error);
  if (!wr_scope_set_changed_since (filter, options->changed_since, &error))
    return option_error ("--changed-since", error);
  if (!wr_scope_check (filter, &error))
    return option_error ("--from/--to", error);
  for (guint i = 0; options->visits != NULL && options->visits[i] != NULL; i++)
    {
      g_autoptr(WrVisit) visit = NULL;

      if (!wr_scope_add_visit (filter, options->visits[i], &error))
        return option_error ("--visit", error);
      /* A mistyped uuid says so, rather than make an empty report. */
      if (!(visit = wr_store_get_visit (store, options->visits[i], &error)))
        return option_error ("--visit", error);
    }

  return add_evidence (filter, options->regulations, options->statements, options->evidence) &&
         add_services (filter, store, options->services);
}
