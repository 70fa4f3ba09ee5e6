/* wr-wrap-box.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-wrap-box"

#include "config.h"

#include "wr-wrap-box.h"

/* Lays its children out in a row, at their natural widths, starting a new
 * row when the next one does not fit: the toolbars of the pages, which
 * must fit a phone-width window as well as a wide one.
 *
 * GtkFlowBox does this too, but it is a list: it wraps each child in a
 * focusable GtkFlowBoxChild (a Tab stop where Enter does nothing before
 * each button), and measuring it for the first frame of the window took
 * longer than the rest of the Visits page. Here the children are the
 * widgets themselves, and each is measured once per width.
 */
struct _WrWrapBox
{
  GtkWidget parent_instance;

  guint     column_spacing;
  guint     row_spacing;
};

G_DEFINE_FINAL_TYPE (WrWrapBox, wr_wrap_box, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_COLUMN_SPACING,
  PROP_ROW_SPACING,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* A child's width in a row of @width (-1: a row without end): its natural
 * width, or all of the row if that is less, but never under its minimum.
 */
static int
child_width (GtkWidget *child,
             int        width)
{
  int minimum, natural;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);

  return width < 0 ? natural : MAX (minimum, MIN (natural, width));
}

/* Walks the visible children in rows of @width (-1: one row), calling
 * @place for each with its row's top, and returns the height of it all.
 * With @place NULL it only measures.
 */
typedef void (*PlaceFunc) (GtkWidget *child,
                           int        x,
                           int        y,
                           int        width,
                           int        height,
                           gpointer   data);

static int
lay_out (WrWrapBox *self,
         int        width,
         PlaceFunc  place,
         gpointer   data)
{
  GtkWidget *row_start = gtk_widget_get_first_child (GTK_WIDGET (self));
  int y = 0;
  gboolean first_row = TRUE;

  while (row_start != NULL)
    {
      GtkWidget *child;
      GtkWidget *row_end = NULL;
      int x = 0, row_height = 0;
      guint n = 0;

      /* Which children fit on this row, and how tall it is. */
      for (child = row_start; child != NULL; child = gtk_widget_get_next_sibling (child))
        {
          int w, minimum, natural;

          if (!gtk_widget_should_layout (child))
            continue;

          w = child_width (child, width);
          if (n > 0 && width >= 0 && x + (int) self->column_spacing + w > width)
            break;

          x += (n > 0 ? (int) self->column_spacing : 0) + w;
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, w, &minimum, &natural, NULL, NULL);
          row_height = MAX (row_height, natural);
          n++;
        }
      row_end = child;

      if (n == 0)
        break;

      if (!first_row)
        y += self->row_spacing;
      first_row = FALSE;

      if (place != NULL)
        {
          x = 0;
          for (child = row_start; child != row_end; child = gtk_widget_get_next_sibling (child))
            {
              int w;

              if (!gtk_widget_should_layout (child))
                continue;

              w = child_width (child, width);
              place (child, x, y, w, row_height, data);
              x += w + (int) self->column_spacing;
            }
        }

      y += row_height;
      row_start = row_end;
    }

  return y;
}

static GtkSizeRequestMode
wr_wrap_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
wr_wrap_box_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  WrWrapBox *self = WR_WRAP_BOX (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      guint n = 0;

      /* At least the widest child; at most all of them in one row. */
      *minimum = *natural = 0;
      for (GtkWidget *child = gtk_widget_get_first_child (widget);
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int child_minimum, child_natural;

          if (!gtk_widget_should_layout (child))
            continue;

          gtk_widget_measure (child, orientation, -1, &child_minimum, &child_natural, NULL, NULL);
          *minimum = MAX (*minimum, child_minimum);
          *natural += (n++ > 0 ? (int) self->column_spacing : 0) + child_natural;
        }
    }
  else
    *minimum = *natural = lay_out (self, for_size, NULL, NULL);
}

static void
place_child (GtkWidget *child,
             int        x,
             int        y,
             int        width,
             int        height,
             gpointer   data)
{
  WrWrapBox *self = data;
  int box_width = gtk_widget_get_width (GTK_WIDGET (self));

  if (gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL)
    x = box_width - x - width;

  gtk_widget_size_allocate (child, &(GtkAllocation) { x, y, width, height }, -1);
}

static void
wr_wrap_box_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  lay_out (WR_WRAP_BOX (widget), width, place_child, widget);
}

static void
wr_wrap_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (wr_wrap_box_parent_class)->dispose (object);
}

static void
wr_wrap_box_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  WrWrapBox *self = WR_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_COLUMN_SPACING:
      g_value_set_uint (value, self->column_spacing);
      break;

    case PROP_ROW_SPACING:
      g_value_set_uint (value, self->row_spacing);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wr_wrap_box_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  WrWrapBox *self = WR_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_COLUMN_SPACING:
      wr_wrap_box_set_column_spacing (self, g_value_get_uint (value));
      break;

    case PROP_ROW_SPACING:
      wr_wrap_box_set_row_spacing (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wr_wrap_box_class_init (WrWrapBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wr_wrap_box_dispose;
  object_class->get_property = wr_wrap_box_get_property;
  object_class->set_property = wr_wrap_box_set_property;

  widget_class->get_request_mode = wr_wrap_box_get_request_mode;
  widget_class->measure = wr_wrap_box_measure;
  widget_class->size_allocate = wr_wrap_box_size_allocate;

  properties [PROP_COLUMN_SPACING] =
    g_param_spec_uint ("column-spacing", NULL, NULL,
                       0, G_MAXINT16, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_ROW_SPACING] =
    g_param_spec_uint ("row-spacing", NULL, NULL,
                       0, G_MAXINT16, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "wrapbox");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
wr_wrap_box_init (WrWrapBox *self)
{
}

GtkWidget *
wr_wrap_box_new (void)
{
  return g_object_new (WR_TYPE_WRAP_BOX, NULL);
}

/**
 * wr_wrap_box_append:
 * @self: a #WrWrapBox
 * @child: a widget without a parent
 *
 * Adds @child after the others.
 */
void
wr_wrap_box_append (WrWrapBox *self,
                    GtkWidget *child)
{
  g_return_if_fail (WR_IS_WRAP_BOX (self));
  g_return_if_fail (GTK_IS_WIDGET (child));
  g_return_if_fail (gtk_widget_get_parent (child) == NULL);

  gtk_widget_insert_before (child, GTK_WIDGET (self), NULL);
}

guint
wr_wrap_box_get_column_spacing (WrWrapBox *self)
{
  g_return_val_if_fail (WR_IS_WRAP_BOX (self), 0);
  return self->column_spacing;
}

/**
 * wr_wrap_box_set_column_spacing:
 * @self: a #WrWrapBox
 * @spacing: pixels between children in a row
 */
void
wr_wrap_box_set_column_spacing (WrWrapBox *self,
                                guint      spacing)
{
  g_return_if_fail (WR_IS_WRAP_BOX (self));

  if (self->column_spacing == spacing)
    return;

  self->column_spacing = spacing;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_COLUMN_SPACING]);
}

guint
wr_wrap_box_get_row_spacing (WrWrapBox *self)
{
  g_return_val_if_fail (WR_IS_WRAP_BOX (self), 0);
  return self->row_spacing;
}

/**
 * wr_wrap_box_set_row_spacing:
 * @self: a #WrWrapBox
 * @spacing: pixels between rows
 */
void
wr_wrap_box_set_row_spacing (WrWrapBox *self,
                             guint      spacing)
{
  g_return_if_fail (WR_IS_WRAP_BOX (self));

  if (self->row_spacing == spacing)
    return;

  self->row_spacing = spacing;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ROW_SPACING]);
}
