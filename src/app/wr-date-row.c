/* wr-date-row.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-date-row"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-a11y.h"
#include "wr-date-row.h"
#include "wr-dates.h"

/* An entry row for a date, typed day first ("31/12/2026", "31 Dec 2026")
 * or chosen from a calendar. Beside the text it says the date it
 * understood ("Thursday 31 December 2026"), or that it understood none,
 * so a person sees what will be saved before saving it; the date itself
 * is given as YYYY-MM-DD, as it is stored.
 */
struct _WrDateRow
{
  AdwEntryRow  parent_instance;

  GtkLabel    *understood;
  GtkCalendar *calendar;
  GtkWidget   *calendar_button;
  gboolean     choosing;
};

G_DEFINE_FINAL_TYPE (WrDateRow, wr_date_row, ADW_TYPE_ENTRY_ROW)

static void
text_changed_cb (WrDateRow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self))));
  g_autofree char *date = NULL;
  g_autofree char *shown = NULL;

  if (text[0] == '\0')
    {
      gtk_label_set_text (self->understood, "");
      gtk_widget_remove_css_class (GTK_WIDGET (self->understood), "error");
      return;
    }

  if ((date = wr_date_read (text, NULL)) != NULL)
    {
      shown = wr_date_format_long (date);
      gtk_widget_remove_css_class (GTK_WIDGET (self->understood), "error");
    }
  else
    {
      shown = g_strdup (_("Not a date"));
      gtk_widget_add_css_class (GTK_WIDGET (self->understood), "error");
    }
  gtk_label_set_text (self->understood, shown);
}

/* The calendar opens on the date typed, or today. */
static void
calendar_shown_cb (WrDateRow *self)
{
  g_autofree char *date = wr_date_read (gtk_editable_get_text (GTK_EDITABLE (self)), NULL);
  g_autofree char *today = wr_date_today ();
  g_autoptr(GDateTime) day = wr_date_parse (date ? date : today);

  self->choosing = TRUE;
  if (day != NULL)
    gtk_calendar_select_day (self->calendar, day);
  self->choosing = FALSE;
}

static void
day_selected_cb (WrDateRow *self)
{
  g_autoptr(GDateTime) day = NULL;
  g_autofree char *date = NULL;

  if (self->choosing)
    return;

  day = gtk_calendar_get_date (self->calendar);
  date = g_date_time_format (day, "%Y-%m-%d");
  wr_date_row_set_date (self, date);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->calendar_button));
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
wr_date_row_class_init (WrDateRowClass *klass)
{
}

static void
wr_date_row_init (WrDateRow *self)
{
  GtkWidget *popover = gtk_popover_new ();

  self->understood = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->understood), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->understood), "date-understood");
  gtk_label_set_ellipsize (self->understood, PANGO_ELLIPSIZE_END);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (self), GTK_WIDGET (self->understood));

  self->calendar = GTK_CALENDAR (gtk_calendar_new ());
  gtk_popover_set_child (GTK_POPOVER (popover), GTK_WIDGET (self->calendar));
  g_signal_connect_object (popover, "show", G_CALLBACK (calendar_shown_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->calendar, "day-selected", G_CALLBACK (day_selected_cb), self, G_CONNECT_SWAPPED);

  self->calendar_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->calendar_button), "x-office-calendar-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->calendar_button), popover);
  gtk_widget_set_valign (self->calendar_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->calendar_button, "flat");
  wr_a11y_set_tooltip (self->calendar_button, _("Choose a Date"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->calendar_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Choose a date from a calendar"), -1);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (self), self->calendar_button);

  g_signal_connect (self, "changed", G_CALLBACK (text_changed_cb), NULL);
}

GtkWidget *
wr_date_row_new (void)
{
  return g_object_new (WR_TYPE_DATE_ROW, NULL);
}

/**
 * wr_date_row_get_date:
 * @self: a #WrDateRow
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the date typed or chosen, as
 *   YYYY-MM-DD; "" when the row is empty; %NULL with @error set (see
 *   wr_date_read()) when what is typed is not a date
 */
char *
wr_date_row_get_date (WrDateRow  *self,
                      GError    **error)
{
  const char *text;

  g_return_val_if_fail (WR_IS_DATE_ROW (self), NULL);

  text = gtk_editable_get_text (GTK_EDITABLE (self));
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return wr_date_read (text, error);

  return g_strdup ("");
}

/**
 * wr_date_row_set_date:
 * @self: a #WrDateRow
 * @date: (nullable): a date as YYYY-MM-DD, or %NULL or "" for none
 *
 * Shows @date as it is typed, day first.
 */
void
wr_date_row_set_date (WrDateRow  *self,
                      const char *date)
{
  g_autofree char *text = NULL;

  g_return_if_fail (WR_IS_DATE_ROW (self));

  text = date != NULL && date[0] != '\0' ? wr_date_format_numeric (date) : g_strdup ("");
  gtk_editable_set_text (GTK_EDITABLE (self), text);
}
