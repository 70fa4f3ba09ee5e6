/* test-date-row.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The date row of the action and export dialogs: a date typed day first
 * or chosen from its calendar, the date understood shown beside it, and
 * given back as YYYY-MM-DD.
 */

#include "config.h"

#include "wr-date-row.h"
#include "wr-dates.h"
#include "wr-test-utils.h"

static const char *
understood (WrDateRow *row)
{
  GtkWidget *label = wr_test_find_with_class (GTK_WIDGET (row), "date-understood");

  g_assert_true (GTK_IS_LABEL (label));
  return gtk_label_get_text (GTK_LABEL (label));
}

static void
test_typed (void)
{
  WrDateRow *row = WR_DATE_ROW (wr_date_row_new ());
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL;
  g_autofree char *empty = NULL;

  wr_date_row_set_date (row, "2026-04-01");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "01/04/2026");
  g_assert_cmpstr (understood (row), ==, "Wednesday 1 April 2026");

  gtk_editable_set_text (GTK_EDITABLE (row), "31 Dec 26");
  g_assert_cmpstr (understood (row), ==, "Thursday 31 December 2026");
  date = wr_date_row_get_date (row, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (date, ==, "2026-12-31");

  gtk_editable_set_text (GTK_EDITABLE (row), "12/31/2026");
  g_assert_cmpstr (understood (row), ==, "Not a date");
  g_assert_true (gtk_widget_has_css_class (wr_test_find_with_class (GTK_WIDGET (row), "date-understood"), "error"));
  g_assert_null (wr_date_row_get_date (row, &error));
  g_assert_error (error, WR_DATE_ERROR, WR_DATE_ERROR_INVALID);

  /* Empty is no date, which is not a mistake. */
  gtk_editable_set_text (GTK_EDITABLE (row), "  ");
  empty = wr_date_row_get_date (row, NULL);
  g_assert_cmpstr (empty, ==, "");
  g_assert_cmpstr (understood (row), ==, "");
  wr_date_row_set_date (row, NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");

  wr_test_show_and_finalize (GTK_WIDGET (row));
}

static void
test_calendar (void)
{
  GtkWidget *window = gtk_window_new ();
  WrDateRow *row = WR_DATE_ROW (wr_date_row_new ());
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *button;
  GtkCalendar *calendar;
  g_autoptr(GDateTime) shown = NULL;
  g_autoptr(GDateTime) day = g_date_time_new_local (2026, 5, 15, 0, 0, 0);
  g_autofree char *date = NULL;

  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (row));
  gtk_window_set_child (GTK_WINDOW (window), list);
  gtk_window_present (GTK_WINDOW (window));
  g_object_add_weak_pointer (G_OBJECT (row), (gpointer *) &row);
  wr_date_row_set_date (row, "2026-03-31");
  wr_test_wait_for_paint (window);

  /* The calendar is named for a screen reader, and opens on the date typed. */
  button = wr_test_find_descendant (GTK_WIDGET (row), GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (button);
  gtk_test_accessible_assert_property (button, GTK_ACCESSIBLE_PROPERTY_LABEL, "Choose a date from a calendar");
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  calendar = GTK_CALENDAR (wr_test_find_descendant (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button))),
                                                    GTK_TYPE_CALENDAR));
  g_assert_nonnull (calendar);
  shown = gtk_calendar_get_date (calendar);
  g_assert_cmpint (g_date_time_get_year (shown), ==, 2026);
  g_assert_cmpint (g_date_time_get_month (shown), ==, 3);
  g_assert_cmpint (g_date_time_get_day_of_month (shown), ==, 31);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "31/03/2026");

  /* Choosing a day writes it in the row and closes the calendar. */
  gtk_calendar_select_day (calendar, day);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "15/05/2026");
  date = wr_date_row_get_date (row, NULL);
  g_assert_cmpstr (date, ==, "2026-05-15");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)))));

  gtk_window_destroy (GTK_WINDOW (window));
  wr_test_iterate ();
  g_assert_null (row);
}

int
main (int   argc,
      char *argv[])
{
  wr_test_init_display (&argc, &argv);

  g_test_add_func ("/walkround/date-row/typed", test_typed);
  g_test_add_func ("/walkround/date-row/calendar", test_calendar);

  return g_test_run ();
}
