/* wr-summary-page.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-summary-page"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "wr-a11y.h"
#include "wr-bar-chart.h"
#include "wr-catalog.h"
#include "wr-date-row.h"
#include "wr-dates.h"
#include "wr-heat-map.h"
#include "wr-role.h"
#include "wr-summary-page.h"
#include "wr-visit.h"

/* The Summary page: the figures of a financial year (or any period) that
 * the Quality Account and the quality team's year report need, counted by
 * the core (wr_store_summarise(), as `walkround summary` counts them) on a
 * connection of the page's own in a worker thread, and shown as rows,
 * two charts and the charts' figures as tables.
 */

/* The financial years offered: this one and the ones before it. */
#define N_YEARS 6
/* The regulations and statements with most concerns that are listed. */
#define MAX_CONCERNS 10

struct _WrSummaryPage
{
  AdwBin         parent_instance;

  AdwComboRow   *period_row;
  WrDateRow     *from_row;
  WrDateRow     *to_row;
  GtkSpinner    *spinner;
  GtkLabel      *status_label;
  GtkBox        *figures_box;

  WrStore       *store;
  WrStore       *reader;      /* the worker's connection */
  GCancellable  *running;
  gboolean       again;       /* the period changed while counting */
  guint          changed_id;  /* a refresh after the database changed */
  char          *today;
  guint          first_year;  /* the financial year offered first */
  WrSummary     *summary;     /* the figures shown */
};

G_DEFINE_FINAL_TYPE (WrSummaryPage, wr_summary_page, ADW_TYPE_BIN)

static void refresh (WrSummaryPage *self);

/* Tables and rows ------------------------------------------------------------------- */

/* A table of labels: @cells row by row, the first row the header, the
 * first column text and the others numbers. It scrolls sideways when the
 * window is narrower than it.
 */
static GtkWidget *
new_table (const char *name,
           GPtrArray  *cells,
           guint       n_columns)
{
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();

  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_widget_add_css_class (grid, "summary-table");
  gtk_accessible_update_property (GTK_ACCESSIBLE (grid), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);

  for (guint i = 0; i < cells->len; i++)
    {
      guint row = i / n_columns;
      guint column = i % n_columns;
      GtkWidget *label = gtk_label_new (g_ptr_array_index (cells, i));

      gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0.0f : 1.0f);
      if (row == 0)
        gtk_widget_add_css_class (label, "heading");
      else if (column > 0)
        gtk_widget_add_css_class (label, "numeric");
      gtk_grid_attach (GTK_GRID (grid), label, column, row, 1, 1);
    }

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), grid);
  gtk_widget_set_margin_top (scroller, 12);
  return scroller;
}

static void
add_cell (GPtrArray  *cells,
          const char *text)
{
  g_ptr_array_add (cells, g_strdup (text));
}

static void
add_number (GPtrArray *cells,
            guint      number)
{
  g_ptr_array_add (cells, g_strdup_printf ("%u", number));
}

static AdwPreferencesGroup *
add_group (WrSummaryPage *self,
           const char    *title,
           const char    *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_box_append (self->figures_box, group);
  return ADW_PREFERENCES_GROUP (group);
}

/* A row with a figure at its end. */
static GtkWidget *
new_count_row (const char *title,
               const char *subtitle,
               guint       count)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *text = g_strdup_printf ("%u", count);
  GtkWidget *label = gtk_label_new (text);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "title-4");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

static void
add_count_row (AdwPreferencesGroup *group,
               const char          *title,
               const char          *subtitle,
               guint                count)
{
  adw_preferences_group_add (group, new_count_row (title, subtitle, count));
}

/* A chart on a card, with its figures as a table below it. */
static void
add_chart (AdwPreferencesGroup *group,
           GtkWidget           *chart,
           const char          *name,
           GtkWidget           *table)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_margin_start (chart, 12);
  gtk_widget_set_margin_end (chart, 12);
  gtk_widget_set_margin_top (chart, 12);
  gtk_widget_set_margin_bottom (chart, 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_box_append (GTK_BOX (card), chart);
  adw_preferences_group_add (group, card);
  adw_preferences_group_add (group, table);
}

static const char *
catalog_title (WrCatalog     *catalog,
               WrCatalogKind  kind,
               const char    *id)
{
  WrCatalogEntry *entry = catalog != NULL ? wr_catalog_lookup (catalog, kind, id) : NULL;

  return entry != NULL ? wr_catalog_entry_get_title (entry) : id;
}

static const char *
directorate_label (const char *directorate)
{
  return directorate != NULL && directorate[0] ? directorate : _("No directorate");
}

/* The figures --------------------------------------------------------------------- */

static void
show_visits (WrSummaryPage *self)
{
  WrSummary *summary = self->summary;
  g_autofree char *description = NULL;
  AdwPreferencesGroup *group;

  /* Translators: the Summary page's visits; the Quality Account reports the completed ones */
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u visit in the period: %u completed, which the Quality Account counts, and %u draft.",
                                              "%u visits in the period: %u completed, which the Quality Account counts, and %u draft.",
                                              summary->n_visits),
                                 summary->n_visits, summary->n_completed, summary->n_draft);
  group = add_group (self, _("Visits"), description);

  for (guint i = 0; i < summary->kinds->len; i++)
    {
      WrSummaryRow *row = g_ptr_array_index (summary->kinds, i);
      g_autofree char *subtitle = NULL;

      if (row->count == 0 && g_str_equal (row->key, "custom"))
        continue;
      /* Translators: under a visit kind on the Summary page; the figure at the end is the completed visits */
      subtitle = g_strdup_printf (_("%u completed, %u draft"), row->completed, row->count - row->completed);
      add_count_row (group, wr_visit_kind_get_label (row->key), subtitle, row->completed);
    }
}

/* Every month of the period, as a date on its first day. */
static GPtrArray *
list_months (const char *from,
             const char *to)
{
  GPtrArray *months = g_ptr_array_new_with_free_func ((GDestroyNotify) g_date_time_unref);
  int year = atoi (from);
  int month = atoi (from + 5);
  int last_year = atoi (to);
  int last_month = atoi (to + 5);

  while (year < last_year || (year == last_year && month <= last_month))
    {
      g_ptr_array_add (months, g_date_time_new_local (year, month, 1, 0, 0, 0));
      if (++month > 12)
        {
          month = 1;
          year++;
        }
    }

  return months;
}

static void
show_months (WrSummaryPage *self)
{
  WrSummary *summary = self->summary;
  g_autoptr(GPtrArray) months = list_months (summary->from, summary->to);
  g_autoptr(GStrvBuilder) short_names = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) long_names = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) series = g_strv_builder_new ();
  g_autoptr(GPtrArray) kinds = g_ptr_array_new ();
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) values = g_array_new (FALSE, TRUE, sizeof (guint));
  g_auto(GStrv) columns = NULL;
  g_auto(GStrv) column_names = NULL;
  g_auto(GStrv) series_names = NULL;
  AdwPreferencesGroup *group;
  GtkWidget *chart;

  /* The kinds with visits in the period, in the usual order. */
  for (guint i = 0; i < summary->kinds->len; i++)
    {
      WrSummaryRow *row = g_ptr_array_index (summary->kinds, i);

      if (row->count == 0)
        continue;
      g_ptr_array_add (kinds, row->key);
      g_strv_builder_add (series, wr_visit_kind_get_label (row->key));
    }

  add_cell (cells, _("Month"));
  for (guint k = 0; k < kinds->len; k++)
    add_cell (cells, wr_visit_kind_get_label (g_ptr_array_index (kinds, k)));
  add_cell (cells, _("All"));

  for (guint m = 0; m < months->len; m++)
    {
      GDateTime *month = g_ptr_array_index (months, m);
      g_autofree char *key = g_date_time_format (month, "%Y-%m");
      /* Translators: a month under a bar of the Summary page's chart, strftime format: "Apr" */
      g_autofree char *short_name = g_date_time_format (month, _("%b"));
      /* Translators: a month in the Summary page's table, strftime format: "April 2026" */
      g_autofree char *long_name = g_date_time_format (month, _("%B %Y"));
      guint total = 0;

      g_strv_builder_add (short_names, short_name);
      g_strv_builder_add (long_names, long_name);
      add_cell (cells, long_name);
      for (guint k = 0; k < kinds->len; k++)
        {
          guint count = 0;

          for (guint i = 0; i < summary->months->len; i++)
            {
              WrSummaryRow *row = g_ptr_array_index (summary->months, i);

              if (g_str_equal (row->group, key) && g_str_equal (row->key, g_ptr_array_index (kinds, k)))
                count = row->count;
            }
          g_array_append_val (values, count);
          add_number (cells, count);
          total += count;
        }
      add_number (cells, total);
    }

  columns = g_strv_builder_end (short_names);
  column_names = g_strv_builder_end (long_names);
  series_names = g_strv_builder_end (series);

  group = add_group (self, _("Visits by Month"), _("Each bar is a month's visits, in parts by kind."));
  chart = wr_bar_chart_new ();
  wr_bar_chart_set_data (WR_BAR_CHART (chart), (const char * const *) columns, (const char * const *) column_names,
                         (const char * const *) series_names, (const guint *) values->data);
  add_chart (group, chart, _("Visits per month, by kind"),
             new_table (_("Visits per month, by kind"), cells, kinds->len + 2));
}

static void
show_services (WrSummaryPage *self)
{
  WrSummary *summary = self->summary;
  AdwPreferencesGroup *group;
  GtkWidget *expander = NULL;
  const char *current = NULL;
  guint n_visited = 0;
  guint first = 0;
  g_autofree char *description = NULL;

  for (guint i = 0; i < summary->services->len; i++)
    n_visited += ((WrSummaryRow *) g_ptr_array_index (summary->services, i))->count > 0;
  /* Translators: on the Summary page */
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u service visited in the period.",
                                              "%u of %u services visited in the period.", summary->services->len),
                                 n_visited, summary->services->len);
  group = add_group (self, _("Services Visited"), description);

  /* One row per directorate, opening on its services. */
  for (guint i = 0; i <= summary->services->len; i++)
    {
      WrSummaryRow *row = i < summary->services->len ? g_ptr_array_index (summary->services, i) : NULL;

      if (row == NULL || current == NULL || g_utf8_collate (current, row->group) != 0)
        {
          if (expander != NULL)
            {
              guint n = 0, visited = 0;
              g_autofree char *subtitle = NULL;

              for (guint j = first; j < i; j++)
                {
                  n++;
                  visited += ((WrSummaryRow *) g_ptr_array_index (summary->services, j))->count > 0;
                }
              /* Translators: under a directorate on the Summary page */
              subtitle = g_strdup_printf (_("%u of %u visited"), visited, n);
              adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
            }
          if (row == NULL)
            break;
          expander = adw_expander_row_new ();
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), directorate_label (row->group));
          adw_preferences_group_add (group, expander);
          current = row->group;
          first = i;
        }

      {
        g_autofree char *subtitle = NULL;
        GtkWidget *service;

        if (row->count == 0)
          subtitle = g_strdup (_("Not visited"));
        else
          /* Translators: under a service on the Summary page */
          subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u visit, %u completed", "%u visits, %u completed",
                                                   row->count),
                                      row->count, row->completed);
        service = new_count_row (row->key, subtitle, row->count);
        if (row->count == 0)
          gtk_widget_add_css_class (service, "not-visited");
        adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), service);
      }
    }
}

static void
show_roles (WrSummaryPage *self)
{
  WrSummary *summary = self->summary;
  AdwPreferencesGroup *group;

  group = add_group (self, _("Who Took Part"),
                     _("Participations by role: each visit counts each member of its team once."));
  if (summary->roles->len == 0)
    add_count_row (group, _("Nobody"), NULL, 0);
  for (guint i = 0; i < summary->roles->len; i++)
    {
      WrSummaryRow *row = g_ptr_array_index (summary->roles, i);
      int index = wr_role_find (row->key);

      add_count_row (group, index >= 0 ? wr_role_get_label ((guint) index) : row->key, NULL, row->count);
    }
}

static void
show_observations (WrSummaryPage *self,
                   WrCatalog     *catalog)
{
  WrSummary *summary = self->summary;
  AdwPreferencesGroup *group = add_group (self, _("Observations"), NULL);

  if (summary->observations->len == 0)
    add_count_row (group, _("None"), NULL, 0);
  for (guint i = 0; i < summary->observations->len; i++)
    {
      WrSummaryRow *row = g_ptr_array_index (summary->observations, i);

      add_count_row (group, catalog_title (catalog, WR_CATALOG_OBSERVATION_KIND, row->key), NULL, row->count);
    }
}

static void
show_actions (WrSummaryPage *self)
{
  WrSummary *summary = self->summary;
  AdwPreferencesGroup *group = add_group (self, _("Actions"), _("The actions raised on the period’s visits."));

  add_count_row (group, _("Raised"), NULL, summary->n_actions);
  add_count_row (group, _("Done"), NULL, summary->n_actions_done);
  add_count_row (group, _("Open"), NULL, summary->n_actions_open);
  add_count_row (group, _("Overdue"), _("Open, and due before today"), summary->n_actions_overdue);
  add_count_row (group, _("Dropped"), NULL, summary->n_actions_dropped);
}

static void
show_concerns (WrSummaryPage *self,
               WrCatalog     *catalog)
{
  WrSummary *summary = self->summary;

  for (guint pass = 0; pass < 2; pass++)
    {
      const char *kind = pass == 0 ? "regulation" : "statement";
      AdwPreferencesGroup *group;
      guint shown = 0;

      group = pass == 0 ? add_group (self, _("Regulations with Most Concerns"),
                                     _("Concerns observed, by the regulation they are linked to."))
                        : add_group (self, _("Quality Statements with Most Concerns"),
                                     _("Concerns observed, by the quality statement they are linked to."));
      for (guint i = 0; i < summary->concerns->len && shown < MAX_CONCERNS; i++)
        {
          WrSummaryRow *row = g_ptr_array_index (summary->concerns, i);
          g_autofree char *title = NULL;

          if (!g_str_equal (row->group, kind))
            continue;
          if (pass == 0)
            /* Translators: a regulation on the Summary page: "Regulation 12", then its title */
            title = g_strdup_printf (_("Regulation %s"), row->key);
          add_count_row (group, pass == 0 ? title : catalog_title (catalog, WR_CATALOG_STATEMENT, row->key),
                         pass == 0 ? catalog_title (catalog, WR_CATALOG_REGULATION, row->key) : NULL, row->count);
          shown++;
        }
      if (shown == 0)
        add_count_row (group, _("None"), NULL, 0);
    }
}

/* Concerns by regulation (columns, those with any) and directorate
 * (rows, every directorate with services).
 */
static void
show_concern_map (WrSummaryPage *self,
                  WrCatalog     *catalog)
{
  WrSummary *summary = self->summary;
  g_autoptr(GPtrArray) directorates = g_ptr_array_new ();
  g_autoptr(GPtrArray) regulations = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GStrvBuilder) rows = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) columns = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) column_names = g_strv_builder_new ();
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) values = g_array_new (FALSE, TRUE, sizeof (guint));
  GListModel *listed = catalog != NULL ? wr_catalog_list (catalog, WR_CATALOG_REGULATION) : NULL;
  g_auto(GStrv) row_names = NULL;
  g_auto(GStrv) column_ids = NULL;
  g_auto(GStrv) column_long = NULL;
  AdwPreferencesGroup *group;
  GtkWidget *map;

  for (guint i = 0; i < summary->services->len; i++)
    {
      WrSummaryRow *row = g_ptr_array_index (summary->services, i);

      if (directorates->len == 0 || g_utf8_collate (g_ptr_array_index (directorates, directorates->len - 1), row->group) != 0)
        g_ptr_array_add (directorates, row->group);
    }
  for (guint i = 0; i < summary->concern_map->len; i++)
    {
      WrSummaryRow *row = g_ptr_array_index (summary->concern_map, i);

      if (!g_ptr_array_find_with_equal_func (directorates, row->group, g_str_equal, NULL))
        g_ptr_array_add (directorates, row->group);
    }

  /* The regulations in the catalogue's order, then any it does not know. */
  for (guint i = 0; listed != NULL && i < g_list_model_get_n_items (listed); i++)
    {
      g_autoptr(WrCatalogEntry) entry = g_list_model_get_item (listed, i);
      const char *id = wr_catalog_entry_get_id (entry);

      for (guint j = 0; j < summary->concern_map->len; j++)
        if (g_str_equal (((WrSummaryRow *) g_ptr_array_index (summary->concern_map, j))->key, id))
          {
            g_ptr_array_add (regulations, g_strdup (id));
            break;
          }
    }
  for (guint j = 0; j < summary->concern_map->len; j++)
    {
      const char *id = ((WrSummaryRow *) g_ptr_array_index (summary->concern_map, j))->key;

      if (!g_ptr_array_find_with_equal_func (regulations, id, g_str_equal, NULL))
        g_ptr_array_add (regulations, g_strdup (id));
    }

  group = add_group (self, _("Concerns by Regulation and Directorate"),
                     _("Each cell counts the concerns linked to a regulation on visits to a directorate’s services; "
                       "the darker, the more."));
  if (regulations->len == 0)
    {
      add_count_row (group, _("No concern linked to a regulation"), NULL, 0);
      return;
    }

  add_cell (cells, _("Directorate"));
  for (guint c = 0; c < regulations->len; c++)
    {
      /* Translators: a regulation in the heat map's description and table: "Regulation 12" */
      g_autofree char *name = g_strdup_printf (_("Regulation %s"), (char *) g_ptr_array_index (regulations, c));

      g_strv_builder_add (columns, g_ptr_array_index (regulations, c));
      g_strv_builder_add (column_names, name);
      add_cell (cells, g_ptr_array_index (regulations, c));
    }
  for (guint r = 0; r < directorates->len; r++)
    {
      const char *directorate = g_ptr_array_index (directorates, r);

      g_strv_builder_add (rows, directorate_label (directorate));
      add_cell (cells, directorate_label (directorate));
      for (guint c = 0; c < regulations->len; c++)
        {
          guint count = 0;

          for (guint j = 0; j < summary->concern_map->len; j++)
            {
              WrSummaryRow *row = g_ptr_array_index (summary->concern_map, j);

              if (g_strcmp0 (row->group, directorate) == 0 && g_str_equal (row->key, g_ptr_array_index (regulations, c)))
                count = row->count;
            }
          g_array_append_val (values, count);
          add_number (cells, count);
        }
    }

  row_names = g_strv_builder_end (rows);
  column_ids = g_strv_builder_end (columns);
  column_long = g_strv_builder_end (column_names);
  map = wr_heat_map_new ();
  wr_heat_map_set_data (WR_HEAT_MAP (map), (const char * const *) row_names, (const char * const *) column_ids,
                        (const char * const *) column_long, (const guint *) values->data);
  add_chart (group, map, _("Concerns by regulation and directorate"),
             new_table (_("Concerns by regulation (columns) and directorate (rows)"), cells, regulations->len + 1));
}

static void
show_summary (WrSummaryPage *self)
{
  WrCatalog *catalog = wr_catalog_get_default (NULL);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->figures_box))))
    gtk_box_remove (self->figures_box, child);

  show_visits (self);
  show_months (self);
  show_services (self);
  show_roles (self);
  show_observations (self, catalog);
  show_actions (self);
  /* Support requests by domain and status go here, after the actions,
   * once the core counts them (issue 17's support requests).
   */
  show_concerns (self, catalog);
  show_concern_map (self, catalog);
}

/* Counting ------------------------------------------------------------------------ */

typedef struct
{
  WrStore *store;
  WrScope *scope;
  char    *today;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->store);
  g_clear_pointer (&job->scope, wr_scope_free);
  g_free (job->today);
  g_free (job);
}

static void
summarise_worker (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  WrSummary *summary;

  /* The catalogue is loaded here the first time, off the main loop. */
  wr_catalog_get_default (NULL);
  if ((summary = wr_store_summarise (job->store, job->scope, job->today, cancellable, &error)))
    g_task_return_pointer (task, summary, (GDestroyNotify) wr_summary_free);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
set_busy (WrSummaryPage *self,
          gboolean       busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

static void
summarised_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  WrSummaryPage *self = WR_SUMMARY_PAGE (object);
  g_autoptr(GError) error = NULL;
  WrSummary *summary = g_task_propagate_pointer (G_TASK (result), &error);

  g_clear_object (&self->running);
  if (self->again)
    {
      g_clear_pointer (&summary, wr_summary_free);
      refresh (self);
      return;
    }
  /* Cancelled and not to be counted again: the page is going away. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (summary == NULL)
    {
      gtk_label_set_text (self->status_label, error->message);
      return;
    }

  {
    g_autofree char *from = wr_date_format_long (summary->from);
    g_autofree char *to = wr_date_format_long (summary->to);
    /* Translators: above the Summary page's figures: "From 1 April 2026 to 31 March 2027" */
    g_autofree char *text = g_strdup_printf (_("From %s to %s"), from, to);

    gtk_label_set_text (self->status_label, text);
  }
  g_clear_pointer (&self->summary, wr_summary_free);
  self->summary = summary;
  show_summary (self);
}

/* The period chosen, or %FALSE with @error set when the dates typed are
 * not a period.
 */
static gboolean
get_period (WrSummaryPage  *self,
            char          **from,
            char          **to,
            GError        **error)
{
  guint selected = adw_combo_row_get_selected (self->period_row);

  if (selected < N_YEARS)
    {
      *from = wr_date_financial_year_start (self->first_year - selected);
      *to = wr_date_financial_year_end (self->first_year - selected);
      return TRUE;
    }

  if (!(*from = wr_date_row_get_date (self->from_row, error)))
    return FALSE;
  if (!(*to = wr_date_row_get_date (self->to_row, error)))
    {
      g_clear_pointer (from, g_free);
      return FALSE;
    }
  if (g_strcmp0 (*from, *to) > 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("The period ends before it starts."));
      g_clear_pointer (from, g_free);
      g_clear_pointer (to, g_free);
      return FALSE;
    }
  return TRUE;
}

static void
refresh (WrSummaryPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  Job *job;

  self->again = FALSE;
  if (self->store == NULL)
    return;
  if (self->running != NULL)
    {
      /* One count at a time on the page's connection: the one under way
       * stops, and the new one starts when it has.
       */
      self->again = TRUE;
      g_cancellable_cancel (self->running);
      return;
    }

  if (!get_period (self, &from, &to, &error))
    {
      gtk_label_set_text (self->status_label, error->message);
      return;
    }
  if (self->reader == NULL && !(self->reader = wr_store_open_another (self->store, &error)))
    {
      gtk_label_set_text (self->status_label, error->message);
      return;
    }

  job = g_new0 (Job, 1);
  job->store = g_object_ref (self->reader);
  job->scope = wr_scope_new ();
  job->today = g_strdup (self->today);
  if (!wr_scope_set_from (job->scope, from, &error) || !wr_scope_set_to (job->scope, to, &error))
    {
      gtk_label_set_text (self->status_label, error->message);
      job_free (job);
      return;
    }

  self->running = g_cancellable_new ();
  set_busy (self, TRUE);
  task = g_task_new (self, self->running, summarised_cb, NULL);
  g_task_set_source_tag (task, refresh);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, summarise_worker);
}

static void
period_changed_cb (WrSummaryPage *self)
{
  gboolean other = adw_combo_row_get_selected (self->period_row) >= N_YEARS;

  gtk_widget_set_visible (GTK_WIDGET (self->from_row), other);
  gtk_widget_set_visible (GTK_WIDGET (self->to_row), other);
  refresh (self);
}

static gboolean
changed_timeout_cb (gpointer user_data)
{
  WrSummaryPage *self = user_data;

  self->changed_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

/* Saving a visit changes the database many times a minute: the figures
 * follow a moment after the last change, not at each.
 */
static void
store_changed_cb (WrSummaryPage *self)
{
  g_clear_handle_id (&self->changed_id, g_source_remove);
  self->changed_id = g_timeout_add (500, changed_timeout_cb, self);
}

static void
fill_periods (WrSummaryPage *self)
{
  g_autoptr(GtkStringList) periods = gtk_string_list_new (NULL);

  self->first_year = wr_date_financial_year (self->today);
  for (guint i = 0; i < N_YEARS; i++)
    {
      g_autofree char *label = wr_date_financial_year_label (self->first_year - i);
      /* Translators: a period on the Summary page, such as "Financial year 2026–27" */
      g_autofree char *text = g_strdup_printf (i == 0 ? _("This financial year, %s") : _("Financial year %s"), label);

      gtk_string_list_append (periods, text);
    }
  gtk_string_list_append (periods, _("Other Period"));

  g_signal_handlers_block_by_func (self->period_row, period_changed_cb, self);
  adw_combo_row_set_model (self->period_row, G_LIST_MODEL (periods));
  adw_combo_row_set_selected (self->period_row, 0);
  g_signal_handlers_unblock_by_func (self->period_row, period_changed_cb, self);

  {
    g_autofree char *from = wr_date_financial_year_start (self->first_year);
    g_autofree char *to = wr_date_financial_year_end (self->first_year);

    wr_date_row_set_date (self->from_row, from);
    wr_date_row_set_date (self->to_row, to);
  }
}

/* Public API ---------------------------------------------------------------------- */

/**
 * wr_summary_page_set_store:
 * @self: a #WrSummaryPage
 * @store: (nullable): the database, or %NULL while none is open
 *
 * Counts the figures of the period chosen, and again a moment after the
 * database changes.
 */
void
wr_summary_page_set_store (WrSummaryPage *self,
                           WrStore       *store)
{
  g_return_if_fail (WR_IS_SUMMARY_PAGE (self));
  g_return_if_fail (store == NULL || WR_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
  if (self->running != NULL)
    g_cancellable_cancel (self->running);
  g_set_object (&self->store, store);
  g_clear_object (&self->reader);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  refresh (self);
}

/**
 * wr_summary_page_set_today:
 * @self: a #WrSummaryPage
 * @today: YYYY-MM-DD
 *
 * Sets the day the page takes as today (tests use it): which financial
 * years it offers, and which open actions are overdue.
 */
void
wr_summary_page_set_today (WrSummaryPage *self,
                           const char    *today)
{
  g_return_if_fail (WR_IS_SUMMARY_PAGE (self));
  g_return_if_fail (wr_scope_is_date (today));

  g_free (self->today);
  self->today = g_strdup (today);
  fill_periods (self);
  period_changed_cb (self);
}

/**
 * wr_summary_page_set_period:
 * @self: a #WrSummaryPage
 * @from: the first day, YYYY-MM-DD
 * @to: the last day, YYYY-MM-DD
 *
 * Chooses "Other Period" with these days, as typed in its rows.
 */
void
wr_summary_page_set_period (WrSummaryPage *self,
                            const char    *from,
                            const char    *to)
{
  g_return_if_fail (WR_IS_SUMMARY_PAGE (self));

  g_signal_handlers_block_by_func (self->from_row, refresh, self);
  g_signal_handlers_block_by_func (self->to_row, refresh, self);
  wr_date_row_set_date (self->from_row, from);
  wr_date_row_set_date (self->to_row, to);
  g_signal_handlers_unblock_by_func (self->from_row, refresh, self);
  g_signal_handlers_unblock_by_func (self->to_row, refresh, self);
  if (adw_combo_row_get_selected (self->period_row) != N_YEARS)
    adw_combo_row_set_selected (self->period_row, N_YEARS);
  else
    refresh (self);
}

/**
 * wr_summary_page_get_busy:
 *
 * Returns: whether the figures are being counted
 */
gboolean
wr_summary_page_get_busy (WrSummaryPage *self)
{
  g_return_val_if_fail (WR_IS_SUMMARY_PAGE (self), FALSE);

  return self->running != NULL || self->changed_id != 0;
}

/**
 * wr_summary_page_get_summary:
 *
 * Returns: (nullable): the figures shown
 */
const WrSummary *
wr_summary_page_get_summary (WrSummaryPage *self)
{
  g_return_val_if_fail (WR_IS_SUMMARY_PAGE (self), NULL);

  return self->summary;
}

/* GObject ------------------------------------------------------------------------- */

static void
wr_summary_page_dispose (GObject *object)
{
  WrSummaryPage *self = (WrSummaryPage *) object;

  if (self->running != NULL)
    g_cancellable_cancel (self->running);
  g_clear_handle_id (&self->changed_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
  g_clear_object (&self->store);
  g_clear_object (&self->reader);

  gtk_widget_dispose_template (GTK_WIDGET (self), WR_TYPE_SUMMARY_PAGE);

  G_OBJECT_CLASS (wr_summary_page_parent_class)->dispose (object);
}

static void
wr_summary_page_finalize (GObject *object)
{
  WrSummaryPage *self = (WrSummaryPage *) object;

  g_clear_object (&self->running);
  g_clear_pointer (&self->summary, wr_summary_free);
  g_free (self->today);

  G_OBJECT_CLASS (wr_summary_page_parent_class)->finalize (object);
}

static void
wr_summary_page_class_init (WrSummaryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wr_summary_page_dispose;
  object_class->finalize = wr_summary_page_finalize;

  g_type_ensure (WR_TYPE_DATE_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/walkround/Walkround/ui/wr-summary-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WrSummaryPage, period_row);
  gtk_widget_class_bind_template_child (widget_class, WrSummaryPage, from_row);
  gtk_widget_class_bind_template_child (widget_class, WrSummaryPage, to_row);
  gtk_widget_class_bind_template_child (widget_class, WrSummaryPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, WrSummaryPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, WrSummaryPage, figures_box);
}

static void
wr_summary_page_init (WrSummaryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->today = wr_date_today ();
  wr_a11y_name_list_items (self->period_row);
  fill_periods (self);
  g_signal_connect_object (self->period_row, "notify::selected", G_CALLBACK (period_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->from_row, "changed", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->to_row, "changed", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
}
