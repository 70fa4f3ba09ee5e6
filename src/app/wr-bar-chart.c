/* wr-bar-chart.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-bar-chart"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-bar-chart.h"

/* A stacked bar chart: one bar per column (a month), one coloured part
 * per series (a visit kind), a legend above and a scale beside. It is
 * drawn with cairo in the theme's own colours: the text and grid in the
 * widget's foreground colour, the series in libadwaita's palette, which
 * reads on a light and a dark background alike. A screen reader gets the
 * same figures as its accessible description; the page shows them as a
 * table too.
 */

struct _WrBarChart
{
  GtkWidget  parent_instance;

  GStrv      columns;       /* short labels under the bars: "Apr" */
  GStrv      column_names;  /* long ones, for the description: "April 2026" */
  GStrv      series;
  guint     *values;        /* column by column: values[column * n_series + series] */
  guint      n_columns;
  guint      n_series;
  char      *description;
};

G_DEFINE_FINAL_TYPE (WrBarChart, wr_bar_chart, GTK_TYPE_WIDGET)

#define PAD 6
#define SWATCH 12
#define MIN_BAR_SLOT 14

/* The palette of libadwaita 1.2 (named colours of its style sheet), in an
 * order whose neighbours differ in hue and lightness.
 */
static const struct { const char *name; const char *fallback; } palette[] = {
  { "blue_3", "#3584e4" },
  { "orange_3", "#ff7800" },
  { "green_4", "#2ec27e" },
  { "purple_3", "#9141ac" },
  { "yellow_5", "#e5a50a" },
  { "brown_3", "#986a44" },
  { "red_3", "#e01b24" },
};

static void
series_colour (GtkWidget *widget,
               guint      series,
               GdkRGBA   *rgba)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  guint i = series % G_N_ELEMENTS (palette);

  if (!gtk_style_context_lookup_color (context, palette[i].name, rgba))
    gdk_rgba_parse (rgba, palette[i].fallback);
}

static guint
column_total (WrBarChart *self,
              guint       column)
{
  guint total = 0;

  for (guint s = 0; s < self->n_series; s++)
    total += self->values[column * self->n_series + s];
  return total;
}

/* A round top for the scale: 1, 2 or 5 times a power of ten, at least
 * @max.
 */
static guint
nice_top (guint max)
{
  guint step = 1;

  if (max <= 4)
    return 4;
  while (TRUE)
    {
      if (step * 4 >= max)
        return step * 4;
      if (step * 8 >= max)
        return step * 8;
      if (step * 20 >= max)
        return step * 20;
      step *= 10;
    }
}

static void
wr_bar_chart_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  WrBarChart *self = WR_BAR_CHART (widget);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, "0");
  int line;

  pango_layout_get_pixel_size (layout, NULL, &line);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 60 + (int) MAX (self->n_columns, 1) * MIN_BAR_SLOT;
      *natural = MAX (*minimum, 60 + (int) self->n_columns * 48);
    }
  else
    {
      /* The legend may wrap in a narrow chart: room for three lines. */
      *minimum = 8 * line + 80;
      *natural = *minimum + 60;
    }
}

/* Draws the legend from the top, wrapping; returns its height. */
static int
draw_legend (WrBarChart *self,
             cairo_t    *cr,
             int         width,
             const GdkRGBA *fg)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int x = 0, y = 0, line = 0;

  for (guint s = 0; s < self->n_series; s++)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, self->series[s]);
      GdkRGBA colour;
      int w, h;

      pango_layout_get_pixel_size (layout, &w, &h);
      line = MAX (line, h);
      if (x > 0 && x + SWATCH + 4 + w > width)
        {
          x = 0;
          y += line + 2;
        }
      series_colour (widget, s, &colour);
      gdk_cairo_set_source_rgba (cr, &colour);
      cairo_rectangle (cr, x, y + (h - SWATCH) / 2.0, SWATCH, SWATCH);
      cairo_fill (cr);
      gdk_cairo_set_source_rgba (cr, fg);
      cairo_move_to (cr, x + SWATCH + 4, y);
      pango_cairo_show_layout (cr, layout);
      x += SWATCH + 4 + w + 12;
    }

  return self->n_series > 0 ? y + line + PAD : 0;
}

static void
wr_bar_chart_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  WrBarChart *self = WR_BAR_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;
  GdkRGBA fg;
  guint max = 0, top;
  int legend, scale_w = 0, label_h, plot_top, plot_bottom, plot_left;
  double slot;
  guint every = 1;

  if (self->n_columns == 0 || width <= 0 || height <= 0)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  legend = draw_legend (self, cr, width, &fg);

  for (guint c = 0; c < self->n_columns; c++)
    max = MAX (max, column_total (self, c));
  top = nice_top (max);

  /* The scale's labels: 0, a quarter, … the top. */
  for (guint i = 0; i <= 4; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", top / 4 * i);
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
      int w;

      pango_layout_get_pixel_size (layout, &w, &label_h);
      scale_w = MAX (scale_w, w);
    }
  plot_left = scale_w + PAD;
  plot_top = legend + label_h / 2;
  plot_bottom = height - label_h - PAD;
  if (plot_bottom <= plot_top)
    {
      cairo_destroy (cr);
      return;
    }
  slot = (double) (width - plot_left) / self->n_columns;

  /* The grid, faint, under the bars. */
  for (guint i = 0; i <= 4; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", top / 4 * i);
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
      double y = plot_bottom - (double) (plot_bottom - plot_top) * i / 4;
      int w, h;

      pango_layout_get_pixel_size (layout, &w, &h);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * 0.7);
      cairo_move_to (cr, scale_w - w, y - h / 2.0);
      pango_cairo_show_layout (cr, layout);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * (i == 0 ? 0.5 : 0.15));
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, plot_left, (int) y + 0.5);
      cairo_line_to (cr, width, (int) y + 0.5);
      cairo_stroke (cr);
    }

  /* The bars, each part in its series' colour, bottom up. */
  for (guint c = 0; c < self->n_columns; c++)
    {
      double x = plot_left + c * slot + slot * 0.15;
      double bar_w = MAX (slot * 0.7, 2);
      double y = plot_bottom;

      for (guint s = 0; s < self->n_series; s++)
        {
          guint value = self->values[c * self->n_series + s];
          double h = (double) (plot_bottom - plot_top) * value / top;
          GdkRGBA colour;

          if (value == 0)
            continue;
          series_colour (widget, s, &colour);
          gdk_cairo_set_source_rgba (cr, &colour);
          cairo_rectangle (cr, x, y - h, bar_w, h);
          cairo_fill (cr);
          y -= h;
        }
    }

  /* The columns' labels, every other one (or fewer) when they would touch. */
  {
    int widest = 0;

    for (guint c = 0; c < self->n_columns; c++)
      {
        g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, self->columns[c]);
        int w;

        pango_layout_get_pixel_size (layout, &w, NULL);
        widest = MAX (widest, w);
      }
    while (every < self->n_columns && slot * every < widest + 4)
      every++;
  }
  gdk_cairo_set_source_rgba (cr, &fg);
  for (guint c = 0; c < self->n_columns; c += every)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, self->columns[c]);
      int w;

      pango_layout_get_pixel_size (layout, &w, NULL);
      cairo_move_to (cr, plot_left + c * slot + (slot - w) / 2, plot_bottom + PAD / 2);
      pango_cairo_show_layout (cr, layout);
    }

  cairo_destroy (cr);
}

static void
wr_bar_chart_css_changed (GtkWidget         *widget,
                          GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (wr_bar_chart_parent_class)->css_changed (widget, change);
  /* A change of theme (dark, high contrast) changes the colours drawn. */
  gtk_widget_queue_draw (widget);
}

static void
wr_bar_chart_finalize (GObject *object)
{
  WrBarChart *self = (WrBarChart *) object;

  g_clear_pointer (&self->columns, g_strfreev);
  g_clear_pointer (&self->column_names, g_strfreev);
  g_clear_pointer (&self->series, g_strfreev);
  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (wr_bar_chart_parent_class)->finalize (object);
}

static void
wr_bar_chart_class_init (WrBarChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = wr_bar_chart_finalize;
  widget_class->measure = wr_bar_chart_measure;
  widget_class->snapshot = wr_bar_chart_snapshot;
  widget_class->css_changed = wr_bar_chart_css_changed;

  gtk_widget_class_set_css_name (widget_class, "barchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
wr_bar_chart_init (WrBarChart *self)
{
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
}

GtkWidget *
wr_bar_chart_new (void)
{
  return g_object_new (WR_TYPE_BAR_CHART, NULL);
}

/* "April 2026: 12 (Quality visit 5, NED visit 7). May 2026: none." */
static char *
describe (WrBarChart *self)
{
  GString *text = g_string_new (NULL);

  for (guint c = 0; c < self->n_columns; c++)
    {
      guint total = column_total (self, c);
      gboolean first = TRUE;

      if (c > 0)
        g_string_append (text, " ");
      if (total == 0)
        {
          /* Translators: a month with no visit in the chart's description, such as "May 2026: none." */
          g_string_append_printf (text, _("%s: none."), self->column_names[c]);
          continue;
        }
      /* Translators: a month's total in the chart's description, such as "April 2026: 12" */
      g_string_append_printf (text, _("%s: %u"), self->column_names[c], total);
      g_string_append (text, " (");
      for (guint s = 0; s < self->n_series; s++)
        {
          guint value = self->values[c * self->n_series + s];

          if (value == 0)
            continue;
          if (!first)
            g_string_append (text, ", ");
          g_string_append_printf (text, "%s %u", self->series[s], value);
          first = FALSE;
        }
      g_string_append (text, ").");
    }

  return g_string_free (text, FALSE);
}

/**
 * wr_bar_chart_set_data:
 * @self: a #WrBarChart
 * @columns: (array zero-terminated=1): the bars' short labels
 * @column_names: (array zero-terminated=1): their long names, for a
 *   screen reader; as many as @columns
 * @series: (array zero-terminated=1): the parts' names, for the legend
 * @values: column by column, one value per series
 *
 * Shows the figures, and gives them as the accessible description.
 */
void
wr_bar_chart_set_data (WrBarChart         *self,
                       const char * const *columns,
                       const char * const *column_names,
                       const char * const *series,
                       const guint        *values)
{
  g_return_if_fail (WR_IS_BAR_CHART (self));
  g_return_if_fail (columns != NULL && column_names != NULL && series != NULL);

  guint old_columns = self->n_columns;
  guint old_series = self->n_series;

  g_strfreev (self->columns);
  g_strfreev (self->column_names);
  g_strfreev (self->series);
  g_free (self->values);
  self->columns = g_strdupv ((char **) columns);
  self->column_names = g_strdupv ((char **) column_names);
  self->series = g_strdupv ((char **) series);
  self->n_columns = g_strv_length (self->columns);
  self->n_series = g_strv_length (self->series);
  g_return_if_fail (g_strv_length (self->column_names) == self->n_columns);
  self->values = g_memdup2 (values, sizeof (guint) * MAX (self->n_columns * self->n_series, 1));

  g_free (self->description);
  self->description = describe (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description, -1);

  /* The size follows the number of bars and parts only. */
  if (old_columns != self->n_columns || old_series != self->n_series)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
wr_bar_chart_get_n_columns (WrBarChart *self)
{
  g_return_val_if_fail (WR_IS_BAR_CHART (self), 0);

  return self->n_columns;
}

guint
wr_bar_chart_get_value (WrBarChart *self,
                        guint       column,
                        guint       series)
{
  g_return_val_if_fail (WR_IS_BAR_CHART (self), 0);
  g_return_val_if_fail (column < self->n_columns && series < self->n_series, 0);

  return self->values[column * self->n_series + series];
}

/**
 * wr_bar_chart_get_description:
 *
 * Returns: the figures in words, as a screen reader gets them
 */
const char *
wr_bar_chart_get_description (WrBarChart *self)
{
  g_return_val_if_fail (WR_IS_BAR_CHART (self), NULL);

  return self->description ? self->description : "";
}
