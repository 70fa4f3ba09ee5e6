/* test-wrap-box.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The toolbars' wrapping box: children at their natural widths in rows,
 * a new row when the next child does not fit, right to left in a
 * right-to-left language, no wrapper widgets between the box and its
 * children, and no leaks.
 */

#include "config.h"

#include "wr-test-utils.h"
#include "wr-wrap-box.h"

/* A child of a fixed size. */
static GtkWidget *
block (int width,
       int height)
{
  GtkWidget *child = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_widget_set_size_request (child, width, height);

  return child;
}

static WrWrapBox *
new_box (guint n,
         int   width,
         int   height)
{
  WrWrapBox *box = WR_WRAP_BOX (wr_wrap_box_new ());

  wr_wrap_box_set_column_spacing (box, 6);
  wr_wrap_box_set_row_spacing (box, 4);
  for (guint i = 0; i < n; i++)
    wr_wrap_box_append (box, block (width, height));

  return box;
}

static void
assert_child_at (WrWrapBox *box,
                 guint      index,
                 double     x,
                 double     y)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (box));
  graphene_rect_t bounds;

  for (guint i = 0; i < index; i++)
    child = gtk_widget_get_next_sibling (child);
  g_assert_true (gtk_widget_compute_bounds (child, GTK_WIDGET (box), &bounds));
  g_assert_cmpfloat (bounds.origin.x, ==, x);
  g_assert_cmpfloat (bounds.origin.y, ==, y);
}

static void
test_measure (void)
{
  WrWrapBox *box = new_box (5, 100, 30);
  int minimum, natural;

  g_assert_cmpint (gtk_widget_get_request_mode (GTK_WIDGET (box)), ==, GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH);

  /* As narrow as the widest child; as wide as all in one row. */
  gtk_widget_measure (GTK_WIDGET (box), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (minimum, ==, 100);
  g_assert_cmpint (natural, ==, 5 * 100 + 4 * 6);

  /* One row, then two (three and two), then one child to a row. */
  gtk_widget_measure (GTK_WIDGET (box), GTK_ORIENTATION_VERTICAL, 524, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (natural, ==, 30);
  gtk_widget_measure (GTK_WIDGET (box), GTK_ORIENTATION_VERTICAL, 523, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (natural, ==, 30 + 4 + 30);
  gtk_widget_measure (GTK_WIDGET (box), GTK_ORIENTATION_VERTICAL, 312, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (natural, ==, 30 + 4 + 30);
  gtk_widget_measure (GTK_WIDGET (box), GTK_ORIENTATION_VERTICAL, 100, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (natural, ==, 5 * 30 + 4 * 4);

  /* A hidden child takes no room. */
  gtk_widget_set_visible (gtk_widget_get_first_child (GTK_WIDGET (box)), FALSE);
  gtk_widget_measure (GTK_WIDGET (box), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (natural, ==, 4 * 100 + 3 * 6);
  gtk_widget_measure (GTK_WIDGET (box), GTK_ORIENTATION_VERTICAL, 418, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (natural, ==, 30);

  wr_test_show_and_finalize (GTK_WIDGET (box));
}

static void
test_allocate (void)
{
  WrWrapBox *box = new_box (3, 100, 30);

  wr_wrap_box_append (box, block (50, 40));

  /* 320 wide: three blocks of 100 (and 12 of spacing) fit, the fourth
   * starts the next row under the tallest of the first.
   */
  gtk_widget_measure (GTK_WIDGET (box), GTK_ORIENTATION_HORIZONTAL, -1, NULL, NULL, NULL, NULL);
  gtk_widget_size_allocate (GTK_WIDGET (box), &(GtkAllocation) { 0, 0, 320, 74 }, -1);
  assert_child_at (box, 0, 0, 0);
  assert_child_at (box, 1, 106, 0);
  assert_child_at (box, 2, 212, 0);
  assert_child_at (box, 3, 0, 34);

  /* Right to left: the first child at the right. */
  gtk_widget_set_direction (GTK_WIDGET (box), GTK_TEXT_DIR_RTL);
  gtk_widget_size_allocate (GTK_WIDGET (box), &(GtkAllocation) { 0, 0, 320, 74 }, -1);
  assert_child_at (box, 0, 220, 0);
  assert_child_at (box, 3, 270, 34);

  wr_test_show_and_finalize (GTK_WIDGET (box));
}

/* Built from a template as the pages build theirs, each button is the
 * box's own child: one Tab stop each, with nothing between.
 */
static void
test_builder_and_focus (void)
{
  static const char ui[] =
    "<interface>"
    "  <object class='WrWrapBox' id='box'>"
    "    <property name='column-spacing'>6</property>"
    "    <child><object class='GtkButton' id='first'><property name='label'>First</property></object></child>"
    "    <child><object class='GtkButton' id='second'><property name='label'>Second</property></object></child>"
    "  </object>"
    "</interface>";
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box, *first, *second;

  g_type_ensure (WR_TYPE_WRAP_BOX);
  builder = gtk_builder_new_from_string (ui, -1);
  box = GTK_WIDGET (gtk_builder_get_object (builder, "box"));
  first = GTK_WIDGET (gtk_builder_get_object (builder, "first"));
  second = GTK_WIDGET (gtk_builder_get_object (builder, "second"));
  g_assert_cmpuint (wr_wrap_box_get_column_spacing (WR_WRAP_BOX (box)), ==, 6);
  g_assert_true (gtk_widget_get_parent (first) == box);
  g_assert_true (gtk_widget_get_parent (second) == box);

  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  wr_test_wait_for_paint (window);
  gtk_widget_grab_focus (first);
  g_assert_true (gtk_widget_child_focus (window, GTK_DIR_TAB_FORWARD));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == second);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  wr_test_init_display (&argc, &argv);

  g_test_add_func ("/walkround/wrap-box/measure", test_measure);
  g_test_add_func ("/walkround/wrap-box/allocate", test_allocate);
  g_test_add_func ("/walkround/wrap-box/builder-and-focus", test_builder_and_focus);

  return g_test_run ();
}
