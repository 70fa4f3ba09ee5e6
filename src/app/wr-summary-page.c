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
#include "wr-support.h"
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

/* A group of figures, found again by its title at each refresh: its rows
 * in order, those used by this refresh counted in n_used.
 */
typedef struct
{
  AdwPreferencesGroup *group;
  GPtrArray           *rows;       /* AdwActionRow, or AdwExpanderRow */
  guint                n_used;
  GtkWidget           *card;       /* the chart's card, if it has one */
  GtkWidget           *chart;
  GtkWidget           *table;      /* the GtkGrid of the chart's figures */
  GtkWidget           *scroller;   /* …which scrolls sideways */
} Section;

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
  GHashTable    *sections;    /* title → Section */
  Section       *section;     /* the one being filled */
};

G_DEFINE_FINAL_TYPE (WrSummaryPage, wr_summary_page, ADW_TYPE_BIN)

enum {
  ADD_TOAST,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void refresh (WrSummaryPage *self);

/* Tables and rows ------------------------------------------------------------------- */

/* The page is built once and then updated: a refresh sets the texts of
 * the rows, labels and charts already there, and adds or removes only the
 * rows a list gains or loses. Building hundreds of widgets again at each
 * change of period would cost more than counting a year of visits.
 */

static void
section_free (Section *section)
{
  g_ptr_array_unref (section->rows);
  g_free (section);
}

/* Sets @grid's cells, @cells row by row, the first row the header, the
 * first column text and the others numbers, reusing its labels.
 */
static void
update_table (GtkGrid   *grid,
              GPtrArray *cells,
              guint      n_columns)
{
  guint n_rows = cells->len / n_columns;
  GtkWidget *child;

  /* Cells outside the new shape go. */
  child = gtk_widget_get_first_child (GTK_WIDGET (grid));
  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);
      int column, row;

      gtk_grid_query_child (grid, child, &column, &row, NULL, NULL);
      if ((guint) column >= n_columns || (guint) row >= n_rows)
        gtk_grid_remove (grid, child);
      child = next;
    }

  for (guint i = 0; i < cells->len; i++)
    {
      guint row = i / n_columns;
      guint column = i % n_columns;
      GtkWidget *label = gtk_grid_get_child_at (grid, column, row);

      if (label == NULL)
        {
          label = gtk_label_new (NULL);
          gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0.0f : 1.0f);
          if (row == 0)
            {
              /* Long headings ("Non-executive director visit") wrap, so
               * that the table fits a window where it can.
               */
              gtk_widget_add_css_class (label, "heading");
              gtk_label_set_wrap (GTK_LABEL (label), TRUE);
              gtk_label_set_max_width_chars (GTK_LABEL (label), 12);
              gtk_label_set_justify (GTK_LABEL (label), column == 0 ? GTK_JUSTIFY_LEFT : GTK_JUSTIFY_RIGHT);
              gtk_widget_set_valign (label, GTK_ALIGN_END);
            }
          else if (column > 0)
            gtk_widget_add_css_class (label, "numeric");
          gtk_grid_attach (grid, label, column, row, 1, 1);
        }
      gtk_label_set_text (GTK_LABEL (label), g_ptr_array_index (cells, i));
    }
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

/* Removes the rows the last refresh used and this one did not. */
static void
trim_section (Section *section)
{
  while (section->rows->len > section->n_used)
    {
      GtkWidget *row = g_ptr_array_steal_index (section->rows, section->rows->len - 1);

      adw_preferences_group_remove (section->group, row);
    }
}

static Section *
add_group (WrSummaryPage *self,
           const char    *title,
           const char    *description)
{
  Section *section = g_hash_table_lookup (self->sections, title);

  if (self->section != NULL)
    trim_section (self->section);

  if (section == NULL)
    {
      section = g_new0 (Section, 1);
      section->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      section->rows = g_ptr_array_new ();
      adw_preferences_group_set_title (section->group, title);
      gtk_box_append (self->figures_box, GTK_WIDGET (section->group));
      g_hash_table_insert (self->sections, g_strdup (title), section);
    }
  adw_preferences_group_set_description (section->group, description);
  section->n_used = 0;
  self->section = section;
  return section;
}

/* A row with a figure at its end. */
static GtkWidget *
new_count_row (void)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (NULL);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "title-4");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  g_object_set_data (G_OBJECT (row), "figure", label);
  return row;
}

static void
set_count_row (GtkWidget  *row,
               const char *title,
               const char *subtitle,
               guint       count)
{
  g_autofree char *text = g_strdup_printf ("%u", count);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle ? subtitle : "");
  gtk_label_set_text (g_object_get_data (G_OBJECT (row), "figure"), text);
}

static GtkWidget *
add_count_row (Section    *section,
               const char *title,
               const char *subtitle,
               guint       count)
{
  GtkWidget *row;

  if (section->n_used < section->rows->len && ADW_IS_ACTION_ROW (g_ptr_array_index (section->rows, section->n_used)))
    row = g_ptr_array_index (section->rows, section->n_used);
  else
    {
      /* The rows after this one are of another sort: they go. */
      while (section->rows->len > section->n_used)
        adw_preferences_group_remove (section->group,
                                      g_ptr_array_steal_index (section->rows, section->rows->len - 1));
      row = new_count_row ();
      g_ptr_array_add (section->rows, row);
      adw_preferences_group_add (section->group, row);
    }
  set_count_row (row, title, subtitle, count);
  section->n_used++;
  return row;
}

/* A chart on a card, with its figures as a table below it, made the first
 * time; @cells fill the table (see update_table()).
 */
static GtkWidget *
add_chart (Section    *section,
           GType       type,
           const char *name,
           const char *table_name,
           GPtrArray  *cells,
           guint       n_columns)
{
  if (section->chart == NULL)
    {
      section->card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      gtk_widget_add_css_class (section->card, "card");
      section->chart = g_object_new (type, NULL);
      gtk_widget_set_margin_start (section->chart, 12);
      gtk_widget_set_margin_end (section->chart, 12);
      gtk_widget_set_margin_top (section->chart, 12);
      gtk_widget_set_margin_bottom (section->chart, 12);
      gtk_accessible_update_property (GTK_ACCESSIBLE (section->chart), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      /* A chart narrower than its cells can be scrolls sideways, as its
       * table does, rather than widen a narrow window.
       */
      {
        GtkWidget *scroller = gtk_scrolled_window_new ();

        gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
        gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
        gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), section->chart);
        gtk_box_append (GTK_BOX (section->card), scroller);
      }
      adw_preferences_group_add (section->group, section->card);

      section->table = gtk_grid_new ();
      gtk_grid_set_column_spacing (GTK_GRID (section->table), 18);
      gtk_grid_set_row_spacing (GTK_GRID (section->table), 4);
      /* Room for the overlay scroll bar under the last row. */
      gtk_widget_set_margin_bottom (section->table, 10);
      gtk_accessible_update_property (GTK_ACCESSIBLE (section->table), GTK_ACCESSIBLE_PROPERTY_LABEL, table_name, -1);
      section->scroller = gtk_scrolled_window_new ();
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (section->scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
      gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (section->scroller), TRUE);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (section->scroller), section->table);
      gtk_widget_set_margin_top (section->scroller, 12);
      adw_preferences_group_add (section->group, section->scroller);
    }
  gtk_widget_set_visible (section->card, TRUE);
  gtk_widget_set_visible (section->scroller, TRUE);
  update_table (GTK_GRID (section->table), cells, n_columns);
  return section->chart;
}

static void
hide_chart (Section *section)
{
  if (section->chart == NULL)
    return;
  gtk_widget_set_visible (section->card, FALSE);
  gtk_widget_set_visible (section->scroller, FALSE);
}

/* An expanding row of @section, reused, whose own rows are kept on it. */
static GtkWidget *
add_expander_row (Section    *section,
                  const char *title)
{
  GtkWidget *row;

  if (section->n_used < section->rows->len && ADW_IS_EXPANDER_ROW (g_ptr_array_index (section->rows, section->n_used)))
    row = g_ptr_array_index (section->rows, section->n_used);
  else
    {
      while (section->rows->len > section->n_used)
        adw_preferences_group_remove (section->group,
                                      g_ptr_array_steal_index (section->rows, section->rows->len - 1));
      row = adw_expander_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      g_object_set_data_full (G_OBJECT (row), "rows", g_ptr_array_new (), (GDestroyNotify) g_ptr_array_unref);
      g_ptr_array_add (section->rows, row);
      adw_preferences_group_add (section->group, row);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  section->n_used++;
  return row;
}

/* Sets the rows of @expander from the @n_used first, keeping those. */
static GtkWidget *
expander_count_row (GtkWidget  *expander,
                    guint       index,
                    const char *title,
                    const char *subtitle,
                    guint       count)
{
  GPtrArray *rows = g_object_get_data (G_OBJECT (expander), "rows");
  GtkWidget *row;

  if (index < rows->len)
    row = g_ptr_array_index (rows, index);
  else
    {
      row = new_count_row ();
      g_ptr_array_add (rows, row);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
    }
  set_count_row (row, title, subtitle, count);
  return row;
}

static void
trim_expander (GtkWidget *expander,
               guint      n_used)
{
  GPtrArray *rows = g_object_get_data (G_OBJECT (expander), "rows");

  while (rows->len > n_used)
    adw_expander_row_remove (ADW_EXPANDER_ROW (expander), g_ptr_array_steal_index (rows, rows->len - 1));
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
  Section *group;

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
  Section *group;
  GtkWidget *chart;
  gboolean by_year;

  /* The kinds with visits in the period, in the usual order. */
  for (guint i = 0; i < summary->kinds->len; i++)
    {
      WrSummaryRow *row = g_ptr_array_index (summary->kinds, i);

      if (row->count == 0)
        continue;
      g_ptr_array_add (kinds, row->key);
      g_strv_builder_add (series, wr_visit_kind_get_label (row->key));
    }

  /* Over more than two years, a bar a year: a bar a month would be too
   * thin to see, and its table too long to read.
   */
  by_year = months->len > 24;
  add_cell (cells, by_year ? _("Year") : _("Month"));
  for (guint k = 0; k < kinds->len; k++)
    add_cell (cells, wr_visit_kind_get_label (g_ptr_array_index (kinds, k)));
  add_cell (cells, _("All"));

  for (guint m = 0; m < months->len; m++)
    {
      GDateTime *month = g_ptr_array_index (months, m);
      g_autofree char *key = g_date_time_format (month, by_year ? "%Y" : "%Y-%m");
      g_autofree char *short_name = NULL;
      g_autofree char *long_name = NULL;
      guint total = 0;

      if (by_year && m > 0 && g_date_time_get_month (month) != 1)
        continue;
      if (by_year)
        {
          short_name = g_strdup (key);
          long_name = g_strdup (key);
        }
      else
        {
          /* Translators: a month under a bar of the Summary page's chart, strftime format: "Apr" */
          short_name = g_date_time_format (month, _("%b"));
          /* Translators: a month in the Summary page's table, strftime format: "April 2026" */
          long_name = g_date_time_format (month, _("%B %Y"));
        }

      g_strv_builder_add (short_names, short_name);
      g_strv_builder_add (long_names, long_name);
      add_cell (cells, long_name);
      for (guint k = 0; k < kinds->len; k++)
        {
          guint count = 0;

          for (guint i = 0; i < summary->months->len; i++)
            {
              WrSummaryRow *row = g_ptr_array_index (summary->months, i);

              if (g_str_has_prefix (row->group, key) && g_str_equal (row->key, g_ptr_array_index (kinds, k)))
                count += row->count;
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

  group = add_group (self, _("Visits by Month"),
                     by_year ? _("Over more than two years, each bar is a calendar year’s visits, in parts by kind.")
                             : _("Each bar is a month’s visits, in parts by kind."));
  chart = add_chart (group, WR_TYPE_BAR_CHART, _("Visits per month, by kind"), _("Visits per month, by kind"), cells,
                     kinds->len + 2);
  wr_bar_chart_set_data (WR_BAR_CHART (chart), (const char * const *) columns, (const char * const *) column_names,
                         (const char * const *) series_names, (const guint *) values->data);
}

static void
show_services (WrSummaryPage *self)
{
  WrSummary *summary = self->summary;
  Section *group;
  guint n_visited = 0;
  g_autofree char *description = NULL;

  for (guint i = 0; i < summary->services->len; i++)
    n_visited += ((WrSummaryRow *) g_ptr_array_index (summary->services, i))->count > 0;
  /* Translators: on the Summary page */
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u service visited in the period.",
                                              "%u of %u services visited in the period.", summary->services->len),
                                 n_visited, summary->services->len);
  group = add_group (self, _("Services Visited"), description);

  /* One row per directorate (the services come sorted by directorate),
   * opening on its services.
   */
  for (guint first = 0; first < summary->services->len;)
    {
      const char *directorate = ((WrSummaryRow *) g_ptr_array_index (summary->services, first))->group;
      GtkWidget *expander = add_expander_row (group, directorate_label (directorate));
      g_autofree char *subtitle = NULL;
      guint visited = 0;
      guint i;

      for (i = first; i < summary->services->len; i++)
        {
          WrSummaryRow *row = g_ptr_array_index (summary->services, i);
          g_autofree char *service_subtitle = NULL;
          GtkWidget *service;

          if (g_utf8_collate (directorate, row->group) != 0)
            break;
          if (row->count == 0)
            service_subtitle = g_strdup (_("Not visited"));
          else
            /* Translators: under a service on the Summary page */
            service_subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u visit, %u completed",
                                                             "%u visits, %u completed", row->count),
                                                row->count, row->completed);
          service = expander_count_row (expander, i - first, row->key, service_subtitle, row->count);
          if (row->count == 0)
            gtk_widget_add_css_class (service, "not-visited");
          else
            gtk_widget_remove_css_class (service, "not-visited");
          visited += row->count > 0;
        }
      trim_expander (expander, i - first);

      /* Translators: under a directorate on the Summary page */
      subtitle = g_strdup_printf (_("%u of %u visited"), visited, i - first);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
      /* libadwaita 1.2 gives an expander row no name of its own. */
      {
        g_autofree char *name = g_strdup_printf ("%s: %s", directorate_label (directorate), subtitle);

        gtk_accessible_update_property (GTK_ACCESSIBLE (expander), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      }
      first = i;
    }
}

static void
show_roles (WrSummaryPage *self)
{
  WrSummary *summary = self->summary;
  Section *group;

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
  Section *group = add_group (self, _("Observations"), NULL);

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
  Section *group = add_group (self, _("Actions"), _("The actions raised on the period’s visits."));

  add_count_row (group, _("Raised"), NULL, summary->n_actions);
  add_count_row (group, _("Done"), NULL, summary->n_actions_done);
  add_count_row (group, _("Open"), NULL, summary->n_actions_open);
  add_count_row (group, _("Overdue"), _("Open, and due before today"), summary->n_actions_overdue);
  add_count_row (group, _("Dropped"), NULL, summary->n_actions_dropped);
}

/* Support requests from practices' self-assessments: a row per domain,
 * with its requests by status, in the order a request goes through them.
 */
static void
show_support (WrSummaryPage *self,
              WrCatalog     *catalog)
{
  WrSummary *summary = self->summary;
  Section *group = add_group (self, _("Support Requests"),
                              _("What practices asked for on their self-assessments, by area and status."));
  guint i = 0;

  if (summary->support_requests->len == 0)
    add_count_row (group, _("None"), NULL, 0);

  /* The rows come sorted by domain, then status. */
  while (i < summary->support_requests->len)
    {
      const char *domain = ((WrSummaryRow *) g_ptr_array_index (summary->support_requests, i))->group;
      guint counts[WR_SUPPORT_CLOSED + 1] = { 0, };
      g_autoptr(GString) statuses = g_string_new (NULL);
      guint total = 0;

      for (; i < summary->support_requests->len; i++)
        {
          WrSummaryRow *row = g_ptr_array_index (summary->support_requests, i);
          WrSupportStatus status;

          if (g_strcmp0 (row->group, domain) != 0)
            break;
          if (wr_support_status_from_string (row->key, &status))
            counts[status] += row->count;
          total += row->count;
        }
      for (guint s = WR_SUPPORT_NEW; s <= WR_SUPPORT_CLOSED; s++)
        if (counts[s] > 0)
          {
            if (statuses->len > 0)
              g_string_append (statuses, " · ");
            /* Translators: a status of support requests and how many have it, e.g. "In progress 3" */
            g_string_append_printf (statuses, _("%s %u"), wr_support_status_get_label ((WrSupportStatus) s), counts[s]);
          }
      add_count_row (group, domain != NULL && *domain != '\0' ? catalog_title (catalog, WR_CATALOG_DOMAIN, domain)
                                                              : _("No area given"),
                     statuses->str, total);
    }
}

static void
show_concerns (WrSummaryPage *self,
               WrCatalog     *catalog)
{
  WrSummary *summary = self->summary;

  for (guint pass = 0; pass < 2; pass++)
    {
      const char *kind = pass == 0 ? "regulation" : "statement";
      Section *group;
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
  Section *group;
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
      hide_chart (group);
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
  map = add_chart (group, WR_TYPE_HEAT_MAP, _("Concerns by regulation and directorate"),
                   _("Concerns by regulation (columns) and directorate (rows)"), cells, regulations->len + 1);
  wr_heat_map_set_data (WR_HEAT_MAP (map), (const char * const *) row_names, (const char * const *) column_ids,
                        (const char * const *) column_long, (const guint *) values->data);
}

static void
show_summary (WrSummaryPage *self)
{
  WrCatalog *catalog = wr_catalog_get_default (NULL);

  show_visits (self);
  show_months (self);
  show_services (self);
  show_roles (self);
  show_observations (self, catalog);
  show_actions (self);
  show_support (self, catalog);
  show_concerns (self, catalog);
  show_concern_map (self, catalog);
  trim_section (self->section);
  self->section = NULL;
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
refresh_soon (WrSummaryPage *self)
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
    g_signal_handlers_disconnect_by_func (self->store, refresh_soon, self);
  if (self->running != NULL)
    g_cancellable_cancel (self->running);
  g_set_object (&self->store, store);
  g_clear_object (&self->reader);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (refresh_soon), self, G_CONNECT_SWAPPED);
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

  g_signal_handlers_block_by_func (self->from_row, refresh_soon, self);
  g_signal_handlers_block_by_func (self->to_row, refresh_soon, self);
  wr_date_row_set_date (self->from_row, from);
  wr_date_row_set_date (self->to_row, to);
  g_signal_handlers_unblock_by_func (self->from_row, refresh_soon, self);
  g_signal_handlers_unblock_by_func (self->to_row, refresh_soon, self);
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
    g_signal_handlers_disconnect_by_func (self->store, refresh_soon, self);
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
  g_clear_pointer (&self->sections, g_hash_table_unref);
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

  /**
   * WrSummaryPage::add-toast:
   * @toast: what to tell the user
   *
   * The page asks its window to show a toast, as every page may; the
   * figures' own troubles are said in the page's status line.
   */
  signals [ADD_TOAST] =
    g_signal_new ("add-toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);

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
  self->sections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) section_free);
  wr_a11y_name_list_items (self->period_row);
  fill_periods (self);
  g_signal_connect_object (self->period_row, "notify::selected", G_CALLBACK (period_changed_cb), self,
                           G_CONNECT_SWAPPED);
  /* A date being typed is counted once the typing pauses, not at each
   * key (and not refused while it is half written).
   */
  g_signal_connect_object (self->from_row, "changed", G_CALLBACK (refresh_soon), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->to_row, "changed", G_CALLBACK (refresh_soon), self, G_CONNECT_SWAPPED);
}
