/* wr-heat-map.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-heat-map"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-heat-map.h"

/* A heat map: rows (directorates) by columns (regulations), each cell
 * shaded by its count against the largest, with the count written in it.
 * Drawn with cairo in the theme's colours: the shade is libadwaita's
 * error colour over the window, and the text the widget's foreground (or
 * the error colour's own foreground on dark cells), so it reads in light,
 * dark and high-contrast themes. A screen reader gets every cell that is
 * not empty as the accessible description; the page shows a table too.
 */

struct _WrHeatMap
{
  GtkWidget  parent_instance;

  GStrv      rows;
  GStrv      columns;
  GStrv      column_names;
  guint     *values;        /* row by row: values[row * n_columns + column] */
  guint      n_rows;
  guint      n_columns;
  char      *description;
};

G_DEFINE_FINAL_TYPE (WrHeatMap, wr_heat_map, GTK_TYPE_WIDGET)

#define GAP 2
#define MIN_CELL 22
#define LABEL_MIN 72

static void
lookup (GtkWidget  *widget,
        const char *name,
        const char *fallback,
        GdkRGBA    *rgba)
{
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, rgba))
    gdk_rgba_parse (rgba, fallback);
}

static int
line_height (GtkWidget *widget)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, "0");
  int h;

  pango_layout_get_pixel_size (layout, NULL, &h);
  return h;
}

static int
widest_row_label (WrHeatMap *self)
{
  int widest = 0;

  for (guint r = 0; r < self->n_rows; r++)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->rows[r]);
      int w;

      pango_layout_get_pixel_size (layout, &w, NULL);
      widest = MAX (widest, w);
    }
  return widest;
}

static void
wr_heat_map_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  WrHeatMap *self = WR_HEAT_MAP (widget);
  int cell = line_height (widget) + 12;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = LABEL_MIN + GAP + (int) MAX (self->n_columns, 1) * (MIN_CELL + GAP);
      *natural = MAX (*minimum, MIN (widest_row_label (self), 240) + 8 + (int) self->n_columns * (40 + GAP));
    }
  else
    *minimum = *natural = ((int) self->n_rows + 1) * (cell + GAP);
}

static void
wr_heat_map_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  WrHeatMap *self = WR_HEAT_MAP (widget);
  int width = gtk_widget_get_width (widget);
  int cell_h = line_height (widget) + 12;
  GdkRGBA fg, hot, hot_fg;
  guint max = 1;
  int label_w;
  double cell_w;
  cairo_t *cr;

  if (self->n_rows == 0 || self->n_columns == 0 || width <= 0)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  lookup (widget, "error_bg_color", "#c01c28", &hot);
  lookup (widget, "error_fg_color", "#ffffff", &hot_fg);
  for (guint i = 0; i < self->n_rows * self->n_columns; i++)
    max = MAX (max, self->values[i]);

  /* The rows' labels take what the cells leave, at most two fifths. */
  label_w = CLAMP (widest_row_label (self) + 8, LABEL_MIN, MAX (LABEL_MIN, width * 2 / 5));
  label_w = MIN (label_w, width - (int) self->n_columns * (MIN_CELL + GAP));
  label_w = MAX (label_w, LABEL_MIN);
  cell_w = (double) (width - label_w) / self->n_columns - GAP;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, gtk_widget_get_height (widget)));

  /* The columns' labels along the top. */
  for (guint c = 0; c < self->n_columns; c++)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, self->columns[c]);
      int w, h;

      pango_layout_get_pixel_size (layout, &w, &h);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_move_to (cr, label_w + c * (cell_w + GAP) + (cell_w - w) / 2, (cell_h - h) / 2.0);
      pango_cairo_show_layout (cr, layout);
    }

  for (guint r = 0; r < self->n_rows; r++)
    {
      double y = (r + 1) * (cell_h + GAP);
      g_autoptr(PangoLayout) label = gtk_widget_create_pango_layout (widget, self->rows[r]);
      int h;

      pango_layout_set_width (label, (label_w - 8) * PANGO_SCALE);
      pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (label, NULL, &h);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_move_to (cr, 0, y + (cell_h - h) / 2.0);
      pango_cairo_show_layout (cr, label);

      for (guint c = 0; c < self->n_columns; c++)
        {
          guint value = self->values[r * self->n_columns + c];
          double x = label_w + c * (cell_w + GAP);
          double share = (double) value / max;
          double alpha = value == 0 ? 0 : 0.15 + 0.85 * share;

          if (value == 0)
            cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.06);
          else
            cairo_set_source_rgba (cr, hot.red, hot.green, hot.blue, alpha);
          cairo_rectangle (cr, x, y, cell_w, cell_h);
          cairo_fill (cr);

          if (value > 0)
            {
              g_autofree char *text = g_strdup_printf ("%u", value);
              g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
              int w, th;

              pango_layout_get_pixel_size (layout, &w, &th);
              if (w + 2 > cell_w)
                continue;
              gdk_cairo_set_source_rgba (cr, alpha > 0.55 ? &hot_fg : &fg);
              cairo_move_to (cr, x + (cell_w - w) / 2, y + (cell_h - th) / 2.0);
              pango_cairo_show_layout (cr, layout);
            }
        }
    }

  cairo_destroy (cr);
}

static void
wr_heat_map_css_changed (GtkWidget         *widget,
                         GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (wr_heat_map_parent_class)->css_changed (widget, change);
  gtk_widget_queue_draw (widget);
}

static void
wr_heat_map_finalize (GObject *object)
{
  WrHeatMap *self = (WrHeatMap *) object;

  g_clear_pointer (&self->rows, g_strfreev);
  g_clear_pointer (&self->columns, g_strfreev);
  g_clear_pointer (&self->column_names, g_strfreev);
  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (wr_heat_map_parent_class)->finalize (object);
}

static void
wr_heat_map_class_init (WrHeatMapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = wr_heat_map_finalize;
  widget_class->measure = wr_heat_map_measure;
  widget_class->snapshot = wr_heat_map_snapshot;
  widget_class->css_changed = wr_heat_map_css_changed;

  gtk_widget_class_set_css_name (widget_class, "heatmap");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
wr_heat_map_init (WrHeatMap *self)
{
}

GtkWidget *
wr_heat_map_new (void)
{
  return g_object_new (WR_TYPE_HEAT_MAP, NULL);
}

/* "Medicine: Regulation 12 4, Regulation 17 2. Surgery: none." */
static char *
describe (WrHeatMap *self)
{
  GString *text = g_string_new (NULL);

  for (guint r = 0; r < self->n_rows; r++)
    {
      gboolean first = TRUE;

      if (r > 0)
        g_string_append (text, " ");
      g_string_append_printf (text, "%s:", self->rows[r]);
      for (guint c = 0; c < self->n_columns; c++)
        {
          guint value = self->values[r * self->n_columns + c];

          if (value == 0)
            continue;
          g_string_append_printf (text, "%s %s %u", first ? "" : ",", self->column_names[c], value);
          first = FALSE;
        }
      if (first)
        /* Translators: a row of the heat map with no concern, after its name and a colon */
        g_string_append_printf (text, " %s", _("none"));
      g_string_append (text, ".");
    }

  return g_string_free (text, FALSE);
}

/**
 * wr_heat_map_set_data:
 * @self: a #WrHeatMap
 * @rows: (array zero-terminated=1): the rows' labels
 * @columns: (array zero-terminated=1): the columns' short labels
 * @column_names: (array zero-terminated=1): their long names, for a
 *   screen reader; as many as @columns
 * @values: row by row, one value per column
 *
 * Shows the figures, and gives them as the accessible description.
 */
void
wr_heat_map_set_data (WrHeatMap          *self,
                      const char * const *rows,
                      const char * const *columns,
                      const char * const *column_names,
                      const guint        *values)
{
  g_return_if_fail (WR_IS_HEAT_MAP (self));
  g_return_if_fail (rows != NULL && columns != NULL && column_names != NULL);

  g_auto(GStrv) old_rows = self->rows;
  guint old_columns = self->n_columns;

  g_strfreev (self->columns);
  g_strfreev (self->column_names);
  g_free (self->values);
  self->rows = g_strdupv ((char **) rows);
  self->columns = g_strdupv ((char **) columns);
  self->column_names = g_strdupv ((char **) column_names);
  self->n_rows = g_strv_length (self->rows);
  self->n_columns = g_strv_length (self->columns);
  g_return_if_fail (g_strv_length (self->column_names) == self->n_columns);
  self->values = g_memdup2 (values, sizeof (guint) * MAX (self->n_rows * self->n_columns, 1));

  g_free (self->description);
  self->description = describe (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description, -1);

  /* The size follows the rows' names and the number of columns only. */
  if (old_rows == NULL || !g_strv_equal ((const char * const *) old_rows, (const char * const *) self->rows) ||
      old_columns != self->n_columns)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
wr_heat_map_get_value (WrHeatMap *self,
                       guint      row,
                       guint      column)
{
  g_return_val_if_fail (WR_IS_HEAT_MAP (self), 0);
  g_return_val_if_fail (row < self->n_rows && column < self->n_columns, 0);

  return self->values[row * self->n_columns + column];
}

/**
 * wr_heat_map_get_description:
 *
 * Returns: the figures in words, as a screen reader gets them
 */
const char *
wr_heat_map_get_description (WrHeatMap *self)
{
  g_return_val_if_fail (WR_IS_HEAT_MAP (self), NULL);

  return self->description ? self->description : "";
}
