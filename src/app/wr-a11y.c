/* wr-a11y.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "wr-a11y.h"

/**
 * wr_a11y_name_drop_downs:
 * @root: a widget
 *
 * GTK 4.8 gives a #GtkDropDown's inner toggle button no name of its own, so a
 * screen reader landing on it says only "toggle button".  This makes every
 * drop-down at or under @root name its button after itself (the button is
 * labelled by the drop-down), so the accessible label the drop-down has —
 * from a UI file or code — is read on the button too. A drop-down named
 * only by a relation, such as a mnemonic label's, needs
 * wr_a11y_label_drop_down() instead.
 */
void
wr_a11y_name_drop_downs (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_DROP_DOWN (root))
    {
      for (GtkWidget *child = gtk_widget_get_first_child (root);
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          if (GTK_IS_TOGGLE_BUTTON (child))
            gtk_accessible_update_relation (GTK_ACCESSIBLE (child),
                                            GTK_ACCESSIBLE_RELATION_LABELLED_BY, root, NULL,
                                            -1);
        }
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    wr_a11y_name_drop_downs (child);
}

/**
 * wr_a11y_label_drop_down:
 * @dropdown: a #GtkDropDown
 * @label: the widget that names it, such as its mnemonic label
 *
 * GTK 4.8 follows one labelled-by relation, not a chain of them: a button
 * labelled by a drop-down that is itself labelled by a label is read as
 * "GtkDropDown". This labels the drop-down and its button by @label
 * directly; use it, rather than wr_a11y_name_drop_downs(), for a drop-down
 * that has no accessible label of its own.
 */
void
wr_a11y_label_drop_down (GtkDropDown *dropdown,
                         GtkWidget   *label)
{
  g_return_if_fail (GTK_IS_DROP_DOWN (dropdown));
  g_return_if_fail (GTK_IS_WIDGET (label));

  gtk_accessible_update_relation (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (dropdown));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_TOGGLE_BUTTON (child))
        gtk_accessible_update_relation (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
    }
}

/**
 * wr_a11y_label_list_item:
 * @item: a bound #GtkListItem
 * @label: what a screen reader should say for the row
 *
 * A #GtkListView row is what takes the focus, so it is what a screen reader
 * reads; GTK 4.8 has no gtk_list_item_set_accessible_label() (4.12), so the
 * label goes on the row widget that holds the item's child.
 */
void
wr_a11y_label_list_item (GtkListItem *item,
                         const char  *label)
{
  GtkWidget *child;
  GtkWidget *row;

  g_return_if_fail (GTK_IS_LIST_ITEM (item));

  if ((child = gtk_list_item_get_child (item)) == NULL ||
      (row = gtk_widget_get_parent (child)) == NULL)
    return;

  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* Tooltips without the wait.
 *
 * GTK 4.8's gtk_widget_set_tooltip_text() on a visible widget asks the
 * display where the pointer is, and on X11 waits for the answer: a round
 * trip to the X server each time, 0.2 ms on an idle machine and much more
 * on a busy one. A question's row has five icon buttons with tooltips, and
 * the window's first frame ten. These keep the text on the widget and give
 * it when GTK asks for a tooltip, which costs nothing until then.
 */

static GQuark
tooltip_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("wr-a11y-tooltip");

  return quark;
}

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  const char *text = wr_a11y_get_tooltip (widget);

  if (text == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/**
 * wr_a11y_set_tooltip:
 * @widget: a widget
 * @text: (nullable): the tooltip, or %NULL for none
 *
 * Gives @widget the tooltip @text, as gtk_widget_set_tooltip_text() does
 * (it is the accessible description too), without a round trip to the
 * display server.
 */
void
wr_a11y_set_tooltip (GtkWidget  *widget,
                     const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (text != NULL && text[0] == '\0')
    text = NULL;

  if (g_object_get_qdata (G_OBJECT (widget), tooltip_quark ()) == NULL && text != NULL)
    g_signal_connect (widget, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
  g_object_set_qdata_full (G_OBJECT (widget), tooltip_quark (), g_strdup (text), g_free);
  gtk_widget_set_has_tooltip (widget, text != NULL);
  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

/**
 * wr_a11y_get_tooltip:
 * @widget: a widget
 *
 * Returns: (nullable): the tooltip wr_a11y_set_tooltip() gave @widget
 */
const char *
wr_a11y_get_tooltip (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  return g_object_get_qdata (G_OBJECT (widget), tooltip_quark ());
}
