/* wr-cli-summary.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-cli-summary"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wr-catalog.h"
#include "wr-cli-period-private.h"
#include "wr-cli-private.h"
#include "wr-csv.h"
#include "wr-dates.h"
#include "wr-role.h"
#include "wr-summary.h"
#include "wr-support.h"

/* walkround summary: the figures of a financial year or any period, for
 * the Quality Account and the quality team's year report. The formats are
 * described in docs/summary.md; the XML one has a schema,
 * data/schema/summary.xsd.
 */

/* The regulations and statements with most concerns that are listed. */
#define MAX_CONCERNS 10

typedef struct
{
  char      *format;
  char      *year;
  char      *from;
  char      *to;
} Options;

static void
options_clear (Options *options)
{
  g_free (options->format);
  g_free (options->year);
  g_free (options->from);
  g_free (options->to);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

typedef struct
{
  WrStore   *store;
  WrScope   *scope;
  char      *today;
  WrSummary *summary;
} Job;

static gboolean
summarise_cb (gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  Job *job = data;

  job->summary = wr_store_summarise (job->store, job->scope, job->today, cancellable, error);
  return job->summary != NULL;
}

/* Every month of the period, YYYY-MM, in order. */
static GPtrArray *
list_months (const char *from,
             const char *to)
{
  GPtrArray *months = g_ptr_array_new_with_free_func (g_free);
  int year = atoi (from);
  int month = atoi (from + 5);
  int last_year = atoi (to);
  int last_month = atoi (to + 5);

  while (year < last_year || (year == last_year && month <= last_month))
    {
      g_ptr_array_add (months, g_strdup_printf ("%04d-%02d", year, month));
      if (++month > 12)
        {
          month = 1;
          year++;
        }
    }

  return months;
}

static void
count_month (WrSummary  *summary,
             const char *month,
             guint      *visits,
             guint      *completed)
{
  *visits = *completed = 0;
  for (guint i = 0; i < summary->months->len; i++)
    {
      WrSummaryRow *row = g_ptr_array_index (summary->months, i);

      if (g_str_equal (row->group, month))
        {
          *visits += row->count;
          *completed += row->completed;
        }
    }
}

static const char *
catalog_title (WrCatalog     *catalog,
               WrCatalogKind  kind,
               const char    *id)
{
  WrCatalogEntry *entry = catalog != NULL ? wr_catalog_lookup (catalog, kind, id) : NULL;

  return entry != NULL ? wr_catalog_entry_get_title (entry) : id;
}

/* Support requests of one domain, by status (WrSupportStatus order). */
typedef struct
{
  const char *domain;
  guint       total;
  guint       by_status[WR_SUPPORT_N_STATUSES];
} SupportDomain;

/* The summary's support requests by domain, in its order (by domain id). */
static GArray *
support_domains (const WrSummary *summary,
                 SupportDomain   *all)
{
  GArray *domains = g_array_new (FALSE, TRUE, sizeof (SupportDomain));

  memset (all, 0, sizeof *all);
  for (guint i = 0; i < summary->support_requests->len; i++)
    {
      WrSummaryRow *row = g_ptr_array_index (summary->support_requests, i);
      SupportDomain *domain = domains->len > 0 ? &g_array_index (domains, SupportDomain, domains->len - 1) : NULL;
      WrSupportStatus status;

      if (domain == NULL || g_strcmp0 (domain->domain, row->group) != 0)
        {
          g_array_set_size (domains, domains->len + 1);
          domain = &g_array_index (domains, SupportDomain, domains->len - 1);
          domain->domain = row->group != NULL ? row->group : "";
        }
      if (!wr_support_status_from_string (row->key, &status))
        continue;
      domain->total += row->count;
      domain->by_status[status] += row->count;
      all->total += row->count;
      all->by_status[status] += row->count;
    }

  return domains;
}

static const char *
role_label (const char *role)
{
  int index = wr_role_find (role);

  return index >= 0 ? wr_role_get_label ((guint) index) : role;
}

/* Services by directorate: how many, how many visited. */
typedef struct
{
  const char *directorate;
  guint       n_services;
  guint       n_visited;
  guint       first;       /* index of its first service row */
} Directorate;

static GArray *
list_directorates (WrSummary *summary,
                   guint     *n_services,
                   guint     *n_visited)
{
  GArray *list = g_array_new (FALSE, TRUE, sizeof (Directorate));

  *n_services = *n_visited = 0;
  for (guint i = 0; i < summary->services->len; i++)
    {
      WrSummaryRow *row = g_ptr_array_index (summary->services, i);
      Directorate *last = list->len ? &g_array_index (list, Directorate, list->len - 1) : NULL;

      if (last == NULL || g_utf8_collate (last->directorate, row->group) != 0)
        {
          Directorate added = { row->group, 0, 0, i };

          g_array_append_val (list, added);
          last = &g_array_index (list, Directorate, list->len - 1);
        }
      last->n_services++;
      (*n_services)++;
      if (row->count > 0)
        {
          last->n_visited++;
          (*n_visited)++;
        }
    }

  return list;
}

/* Text ------------------------------------------------------------------------------ */

static void
print_text (WrSummary *summary,
            WrCatalog *catalog,
            const char *title)
{
  g_autoptr(GPtrArray) months = list_months (summary->from, summary->to);
  g_autoptr(GArray) directorates = NULL;
  g_autofree char *from = wr_date_format (summary->from);
  g_autofree char *to = wr_date_format (summary->to);
  guint n_services, n_visited, shown;

  printf (_("Summary of %s: %s to %s\n"), title, from, to);

  printf ("\n");
  printf (_("Visits: %u (%u completed, %u draft)\n"), summary->n_visits, summary->n_completed, summary->n_draft);
  for (guint i = 0; i < summary->kinds->len; i++)
    {
      WrSummaryRow *row = g_ptr_array_index (summary->kinds, i);

      printf (_("  %s: %u (%u completed)\n"), wr_visit_kind_get_label (row->key), row->count, row->completed);
    }

  printf ("\n%s\n", _("Visits by month:"));
  for (guint m = 0; m < months->len; m++)
    {
      const char *month = g_ptr_array_index (months, m);
      g_autoptr(GString) kinds = g_string_new (NULL);
      guint visits, completed;

      count_month (summary, month, &visits, &completed);
      for (guint i = 0; i < summary->months->len; i++)
        {
          WrSummaryRow *row = g_ptr_array_index (summary->months, i);

          if (g_str_equal (row->group, month))
            g_string_append_printf (kinds, "%s%s %u", kinds->len ? ", " : " — ", wr_visit_kind_get_label (row->key),
                                    row->count);
        }
      printf (_("  %s: %u (%u completed)%s\n"), month, visits, completed, kinds->str);
    }

  directorates = list_directorates (summary, &n_services, &n_visited);
  printf ("\n");
  printf (_("Services visited: %u of %u\n"), n_visited, n_services);
  for (guint d = 0; d < directorates->len; d++)
    {
      Directorate *directorate = &g_array_index (directorates, Directorate, d);
      g_autoptr(GString) not_visited = g_string_new (NULL);

      for (guint i = directorate->first; i < directorate->first + directorate->n_services; i++)
        {
          WrSummaryRow *row = g_ptr_array_index (summary->services, i);

          if (row->count == 0)
            g_string_append_printf (not_visited, "%s%s", not_visited->len ? ", " : "", row->key);
        }
      printf (_("  %s: %u of %u visited\n"), directorate->directorate[0] ? directorate->directorate : _("No directorate"),
              directorate->n_visited, directorate->n_services);
      if (not_visited->len > 0)
        printf (_("    not visited: %s\n"), not_visited->str);
    }

  printf ("\n%s\n", _("Who took part (participations by role):"));
  if (summary->roles->len == 0)
    printf ("  %s\n", _("none"));
  for (guint i = 0; i < summary->roles->len; i++)
    {
      WrSummaryRow *row = g_ptr_array_index (summary->roles, i);

      printf ("  %s: %u\n", role_label (row->key), row->count);
    }

  printf ("\n%s\n", _("Observations by kind:"));
  if (summary->observations->len == 0)
    printf ("  %s\n", _("none"));
  for (guint i = 0; i < summary->observations->len; i++)
    {
      WrSummaryRow *row = g_ptr_array_index (summary->observations, i);

      printf ("  %s: %u\n", catalog_title (catalog, WR_CATALOG_OBSERVATION_KIND, row->key), row->count);
    }

  printf ("\n");
  printf (_("Actions: %u raised, %u done, %u dropped, %u open (%u overdue)\n"), summary->n_actions,
          summary->n_actions_done, summary->n_actions_dropped, summary->n_actions_open, summary->n_actions_overdue);

  {
    SupportDomain all;
    g_autoptr(GArray) domains = support_domains (summary, &all);

    printf ("\n");
    printf (_("Support requests: %u (%u new, %u in progress, %u given, %u closed)\n"), all.total,
            all.by_status[WR_SUPPORT_NEW], all.by_status[WR_SUPPORT_IN_PROGRESS], all.by_status[WR_SUPPORT_GIVEN],
            all.by_status[WR_SUPPORT_CLOSED]);
    for (guint i = 0; i < domains->len; i++)
      {
        SupportDomain *domain = &g_array_index (domains, SupportDomain, i);

        printf (_("  %s: %u (%u new, %u in progress, %u given, %u closed)\n"),
                domain->domain[0] ? catalog_title (catalog, WR_CATALOG_DOMAIN, domain->domain) : _("No domain"),
                domain->total, domain->by_status[WR_SUPPORT_NEW], domain->by_status[WR_SUPPORT_IN_PROGRESS],
                domain->by_status[WR_SUPPORT_GIVEN], domain->by_status[WR_SUPPORT_CLOSED]);
      }
  }

  for (guint pass = 0; pass < 2; pass++)
    {
      const char *group = pass == 0 ? "regulation" : "statement";

      printf ("\n%s\n", pass == 0 ? _("Regulations with most concerns:") : _("Quality statements with most concerns:"));
      shown = 0;
      for (guint i = 0; i < summary->concerns->len && shown < MAX_CONCERNS; i++)
        {
          WrSummaryRow *row = g_ptr_array_index (summary->concerns, i);

          if (!g_str_equal (row->group, group))
            continue;
          if (pass == 0)
            printf (_("  Regulation %s, %s: %u\n"), row->key,
                    catalog_title (catalog, WR_CATALOG_REGULATION, row->key), row->count);
          else
            printf ("  %s, %s: %u\n", row->key, catalog_title (catalog, WR_CATALOG_STATEMENT, row->key), row->count);
          shown++;
        }
      if (shown == 0)
        printf ("  %s\n", _("none"));
    }
}

/* CSV ------------------------------------------------------------------------------- */

static void
csv_row (GString    *out,
         const char *figure,
         const char *group,
         const char *key,
         guint       count,
         int         completed)
{
  g_autofree char *count_text = g_strdup_printf ("%u", count);
  g_autofree char *completed_text = completed >= 0 ? g_strdup_printf ("%d", completed) : g_strdup ("");
  const char *cells[] = { figure, group ? group : "", key ? key : "", count_text, completed_text };

  wr_csv_append_row (out, cells, G_N_ELEMENTS (cells));
}

static void
print_csv (WrSummary *summary)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) months = list_months (summary->from, summary->to);
  const char * const header[] = { "figure", "group", "key", "count", "completed" };
  guint shown[2] = { 0, 0 };

  wr_csv_append_row (out, header, G_N_ELEMENTS (header));
  {
    const char *period[] = { "period", summary->from, summary->to, "", "" };

    wr_csv_append_row (out, period, G_N_ELEMENTS (period));
  }
  csv_row (out, "visits", NULL, "total", summary->n_visits, (int) summary->n_completed);
  csv_row (out, "visits", NULL, "draft", summary->n_draft, -1);
  for (guint i = 0; i < summary->kinds->len; i++)
    {
      WrSummaryRow *row = g_ptr_array_index (summary->kinds, i);

      csv_row (out, "kind", NULL, row->key, row->count, (int) row->completed);
    }
  for (guint m = 0; m < months->len; m++)
    {
      const char *month = g_ptr_array_index (months, m);
      guint visits, completed;

      count_month (summary, month, &visits, &completed);
      csv_row (out, "month", month, "total", visits, (int) completed);
      for (guint i = 0; i < summary->months->len; i++)
        {
          WrSummaryRow *row = g_ptr_array_index (summary->months, i);

          if (g_str_equal (row->group, month))
            csv_row (out, "month", month, row->key, row->count, (int) row->completed);
        }
    }
  for (guint i = 0; i < summary->services->len; i++)
    {
      WrSummaryRow *row = g_ptr_array_index (summary->services, i);

      csv_row (out, "service", row->group, row->key, row->count, (int) row->completed);
    }
  for (guint i = 0; i < summary->roles->len; i++)
    {
      WrSummaryRow *row = g_ptr_array_index (summary->roles, i);

      csv_row (out, "role", NULL, row->key, row->count, (int) row->completed);
    }
  for (guint i = 0; i < summary->observations->len; i++)
    {
      WrSummaryRow *row = g_ptr_array_index (summary->observations, i);

      csv_row (out, "observation", NULL, row->key, row->count, (int) row->completed);
    }
  csv_row (out, "actions", NULL, "raised", summary->n_actions, -1);
  csv_row (out, "actions", NULL, "open", summary->n_actions_open, -1);
  csv_row (out, "actions", NULL, "done", summary->n_actions_done, -1);
  csv_row (out, "actions", NULL, "dropped", summary->n_actions_dropped, -1);
  csv_row (out, "actions", NULL, "overdue", summary->n_actions_overdue, -1);
  for (guint i = 0; i < summary->support_requests->len; i++)
    {
      WrSummaryRow *row = g_ptr_array_index (summary->support_requests, i);

      csv_row (out, "support", row->group, row->key, row->count, -1);
    }
  for (guint i = 0; i < summary->concerns->len; i++)
    {
      WrSummaryRow *row = g_ptr_array_index (summary->concerns, i);
      guint pass = g_str_equal (row->group, "regulation") ? 0 : 1;

      if (shown[pass]++ < MAX_CONCERNS)
        csv_row (out, "concerns", row->group, row->key, row->count, (int) row->completed);
    }

  fwrite (out->str, 1, out->len, stdout);
}

/* XML ------------------------------------------------------------------------------- */

static void
print_xml (WrSummary  *summary,
           const char *today)
{
  g_autoptr(GString) out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  g_autoptr(GPtrArray) months = list_months (summary->from, summary->to);
  g_autoptr(GArray) directorates = NULL;
  guint n_services, n_visited;
  guint shown[2] = { 0, 0 };

  _wr_cli_append_escaped (out, "<summary format-version=\"1\" from=\"%s\" to=\"%s\" today=\"%s\">\n",
                          summary->from, summary->to, today);

  _wr_cli_append_escaped (out, "  <visits total=\"%u\" completed=\"%u\" draft=\"%u\">\n",
                          summary->n_visits, summary->n_completed, summary->n_draft);
  for (guint i = 0; i < summary->kinds->len; i++)
    {
      WrSummaryRow *row = g_ptr_array_index (summary->kinds, i);

      _wr_cli_append_escaped (out, "    <kind id=\"%s\" visits=\"%u\" completed=\"%u\"/>\n", row->key, row->count, row->completed);
    }
  g_string_append (out, "  </visits>\n");

  g_string_append (out, "  <months>\n");
  for (guint m = 0; m < months->len; m++)
    {
      const char *month = g_ptr_array_index (months, m);
      guint visits, completed;

      count_month (summary, month, &visits, &completed);
      _wr_cli_append_escaped (out, "    <month id=\"%s\" visits=\"%u\" completed=\"%u\"", month, visits, completed);
      if (visits == 0)
        {
          g_string_append (out, "/>\n");
          continue;
        }
      g_string_append (out, ">\n");
      for (guint i = 0; i < summary->months->len; i++)
        {
          WrSummaryRow *row = g_ptr_array_index (summary->months, i);

          if (g_str_equal (row->group, month))
            _wr_cli_append_escaped (out, "      <kind id=\"%s\" visits=\"%u\" completed=\"%u\"/>\n", row->key, row->count,
                                    row->completed);
        }
      g_string_append (out, "    </month>\n");
    }
  g_string_append (out, "  </months>\n");

  directorates = list_directorates (summary, &n_services, &n_visited);
  _wr_cli_append_escaped (out, "  <services total=\"%u\" visited=\"%u\" not-visited=\"%u\">\n", n_services, n_visited,
                          n_services - n_visited);
  for (guint d = 0; d < directorates->len; d++)
    {
      Directorate *directorate = &g_array_index (directorates, Directorate, d);

      _wr_cli_append_escaped (out, "    <directorate name=\"%s\" services=\"%u\" visited=\"%u\" not-visited=\"%u\">\n",
                              directorate->directorate, directorate->n_services, directorate->n_visited,
                              directorate->n_services - directorate->n_visited);
      for (guint i = directorate->first; i < directorate->first + directorate->n_services; i++)
        {
          WrSummaryRow *row = g_ptr_array_index (summary->services, i);

          _wr_cli_append_escaped (out, "      <service name=\"%s\" visits=\"%u\" completed=\"%u\"/>\n", row->key, row->count,
                                  row->completed);
        }
      g_string_append (out, "    </directorate>\n");
    }
  g_string_append (out, "  </services>\n");

  {
    guint total = 0;

    for (guint i = 0; i < summary->roles->len; i++)
      total += ((WrSummaryRow *) g_ptr_array_index (summary->roles, i))->count;
    _wr_cli_append_escaped (out, "  <participations total=\"%u\">\n", total);
    for (guint i = 0; i < summary->roles->len; i++)
      {
        WrSummaryRow *row = g_ptr_array_index (summary->roles, i);

        _wr_cli_append_escaped (out, "    <role id=\"%s\" participations=\"%u\"/>\n", row->key, row->count);
      }
    g_string_append (out, "  </participations>\n");

    total = 0;
    for (guint i = 0; i < summary->observations->len; i++)
      total += ((WrSummaryRow *) g_ptr_array_index (summary->observations, i))->count;
    _wr_cli_append_escaped (out, "  <observations total=\"%u\">\n", total);
    for (guint i = 0; i < summary->observations->len; i++)
      {
        WrSummaryRow *row = g_ptr_array_index (summary->observations, i);

        _wr_cli_append_escaped (out, "    <kind id=\"%s\" observations=\"%u\"/>\n", row->key, row->count);
      }
    g_string_append (out, "  </observations>\n");
  }

  _wr_cli_append_escaped (out, "  <actions raised=\"%u\" open=\"%u\" done=\"%u\" dropped=\"%u\" overdue=\"%u\"/>\n",
                          summary->n_actions, summary->n_actions_open, summary->n_actions_done, summary->n_actions_dropped,
                          summary->n_actions_overdue);

  g_string_append (out, "  <most-concerns>\n");
  for (guint i = 0; i < summary->concerns->len; i++)
    {
      WrSummaryRow *row = g_ptr_array_index (summary->concerns, i);
      guint pass = g_str_equal (row->group, "regulation") ? 0 : 1;

      if (shown[pass]++ < MAX_CONCERNS)
        _wr_cli_append_escaped (out, "    <%s id=\"%s\" concerns=\"%u\"/>\n", pass == 0 ? "regulation" : "statement", row->key,
                                row->count);
    }
  g_string_append (out, "  </most-concerns>\n");

  {
    SupportDomain all;
    g_autoptr(GArray) domains = support_domains (summary, &all);

    _wr_cli_append_escaped (out, "  <support-requests total=\"%u\" new=\"%u\" in-progress=\"%u\" given=\"%u\" closed=\"%u\">\n",
                            all.total, all.by_status[WR_SUPPORT_NEW], all.by_status[WR_SUPPORT_IN_PROGRESS],
                            all.by_status[WR_SUPPORT_GIVEN], all.by_status[WR_SUPPORT_CLOSED]);
    for (guint i = 0; i < domains->len; i++)
      {
        SupportDomain *domain = &g_array_index (domains, SupportDomain, i);

        _wr_cli_append_escaped (out, "    <domain id=\"%s\" requests=\"%u\" new=\"%u\" in-progress=\"%u\" given=\"%u\" closed=\"%u\"/>\n",
                                domain->domain, domain->total, domain->by_status[WR_SUPPORT_NEW],
                                domain->by_status[WR_SUPPORT_IN_PROGRESS], domain->by_status[WR_SUPPORT_GIVEN],
                                domain->by_status[WR_SUPPORT_CLOSED]);
      }
    g_string_append (out, "  </support-requests>\n");
  }
  g_string_append (out, "</summary>\n");

  fwrite (out->str, 1, out->len, stdout);
}

/* walkround summary [--year YYYY | --from DATE --to DATE] [--format text|csv|xml] */
int
_wr_cli_summary (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  WrCatalog *catalog;
  g_auto(Options) options = { NULL };
  g_auto(WrCliPeriod) period = { NULL };
  Job job = { NULL };
  int status;
  GOptionEntry entries[] = {
    { "year", 'y', 0, G_OPTION_ARG_STRING, &options.year, N_("The financial year that starts on 1 April of YYYY (the default: the current one)"), N_("YYYY") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &options.from, N_("The first day of the period, with --to"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &options.to, N_("The last day of the period, with --from"), N_("YYYY-MM-DD") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &options.format, N_("text to read (the default), csv for a spreadsheet, xml for other programs"), N_("text|csv|xml") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Prints the figures of a financial year (1 April to 31 March) or of "
                                           "any period, for the Quality Account: visits by kind and by month, "
                                           "completed and draft; services visited and not visited, by "
                                           "directorate; participations by role; observations by kind; actions "
                                           "raised, done and overdue; the regulations and quality statements "
                                           "with most concerns; and support requests by domain and status. A visit belongs to the day it started, and both "
                                           "days of a period count. The formats are described in "
                                           "docs/summary.md. Exits 0 on success, 1 if the figures could not be "
                                           "read and 2 if the command line is wrong."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_USAGE;
    }
  if (argc > 1)
    {
      _wr_cli_printerr (_("summary takes only options, not “%s”; see “walkround summary --help”"), argv[1]);
      return WR_CLI_EXIT_USAGE;
    }
  if (options.format == NULL)
    options.format = g_strdup ("text");
  if (!g_str_equal (options.format, "text") && !g_str_equal (options.format, "csv") &&
      !g_str_equal (options.format, "xml"))
    {
      _wr_cli_printerr (_("--format: “%s” is not a summary format; use text, csv or xml"), options.format);
      return WR_CLI_EXIT_USAGE;
    }
  if (!_wr_cli_period_parse (options.year, options.from, options.to, &period))
    return WR_CLI_EXIT_USAGE;

  job.today = wr_date_today ();
  job.scope = wr_scope_new ();
  if (!wr_scope_set_from (job.scope, period.from, &error) || !wr_scope_set_to (job.scope, period.to, &error))
    g_assert_not_reached ();
  if (!(job.store = wr_store_open_default (&error)))
    {
      _wr_cli_printerr ("%s", error->message);
      status = WR_CLI_EXIT_FAIL;
      goto out;
    }

  status = _wr_cli_run_job (summarise_cb, NULL, &job, _("Stopped; nothing was printed"), NULL);
  if (status != WR_CLI_EXIT_OK)
    goto out;

  /* The catalogue names regulations and statements; without it, ids do. */
  catalog = wr_catalog_get_default (NULL);
  if (g_str_equal (options.format, "xml"))
    print_xml (job.summary, job.today);
  else if (g_str_equal (options.format, "csv"))
    print_csv (job.summary);
  else
    print_text (job.summary, catalog, period.title);
  fflush (stdout);

out:
  g_clear_object (&job.store);
  g_clear_pointer (&job.scope, wr_scope_free);
  g_clear_pointer (&job.summary, wr_summary_free);
  g_clear_pointer (&job.today, g_free);
  return status;
}
