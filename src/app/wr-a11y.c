/* wr-a11y.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

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

/* Names for the rows of a drop-down's list.
 *
 * libadwaita 1.2's AdwComboRow (and GtkDropDown) fill their pop-up list
 * with rows a screen reader finds no name for: GTK 4.8 does not read a
 * row's name from the label inside it. This list factory builds the same
 * row (the text and a check mark on the chosen one) and names it.
 */

static char *
item_text (GObject  *owner,
           gpointer  item)
{
  g_autoptr(GtkExpression) expression = NULL;
  g_auto(GValue) value = G_VALUE_INIT;

  g_object_get (owner, "expression", &expression, NULL);
  if (expression != NULL && gtk_expression_evaluate (expression, item, &value) && G_VALUE_HOLDS_STRING (&value))
    return g_value_dup_string (&value);
  if (GTK_IS_STRING_OBJECT (item))
    return g_strdup (gtk_string_object_get_string (item));
  return NULL;
}

static void
show_check (GObject     *owner,
            GParamSpec  *pspec,
            GtkListItem *list_item)
{
  g_autoptr(GObject) selected = NULL;
  GtkWidget *check = gtk_widget_get_last_child (gtk_list_item_get_child (list_item));

  if (!GTK_IS_IMAGE (check))
    return;
  g_object_get (owner, "selected-item", &selected, NULL);
  gtk_widget_set_opacity (check, selected != NULL && selected == gtk_list_item_get_item (list_item) ? 1.0 : 0.0);
}

static GtkWidget *
setup_item (GtkListItem *list_item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (list_item, box);
  return box;
}

/* The chosen item, shown in the row or on the button. */
static void
setup_current_item_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *list_item,
                       GObject                  *owner)
{
  setup_item (list_item);
}

/* An item of the pop-up list, with a check mark on the chosen one. */
static void
setup_named_item_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     GObject                  *owner)
{
  GtkWidget *box = setup_item (list_item);

  gtk_label_set_ellipsize (GTK_LABEL (gtk_widget_get_first_child (box)), PANGO_ELLIPSIZE_NONE);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("object-select-symbolic"));
}

static void
bind_named_item_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    GObject                  *owner)
{
  g_autofree char *text = item_text (owner, gtk_list_item_get_item (list_item));

  gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (gtk_list_item_get_child (list_item))),
                      text ? text : "");
  wr_a11y_label_list_item (list_item, text ? text : "");
  show_check (owner, NULL, list_item);
  g_signal_connect_object (owner, "notify::selected-item", G_CALLBACK (show_check), list_item, 0);
}

static void
unbind_named_item_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      GObject                  *owner)
{
  g_signal_handlers_disconnect_by_func (owner, show_check, list_item);
}

/**
 * wr_a11y_name_list_items:
 * @owner: a #GtkDropDown or an #AdwComboRow
 *
 * Gives @owner's pop-up list rows, and the chosen item it shows, names a
 * screen reader can read: the text of @owner's expression, or of the
 * #GtkStringObject items of a string list.
 */
void
wr_a11y_name_list_items (gpointer owner)
{
  g_autoptr(GtkListItemFactory) current = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) list = gtk_signal_list_item_factory_new ();

  g_return_if_fail (GTK_IS_DROP_DOWN (owner) || ADW_IS_COMBO_ROW (owner));

  /* The factories live no longer than their owner, which the handlers take. */
  g_signal_connect (current, "setup", G_CALLBACK (setup_current_item_cb), owner);
  g_signal_connect (current, "bind", G_CALLBACK (bind_named_item_cb), owner);
  g_signal_connect (current, "unbind", G_CALLBACK (unbind_named_item_cb), owner);
  g_signal_connect (list, "setup", G_CALLBACK (setup_named_item_cb), owner);
  g_signal_connect (list, "bind", G_CALLBACK (bind_named_item_cb), owner);
  g_signal_connect (list, "unbind", G_CALLBACK (unbind_named_item_cb), owner);
  g_object_set (owner, "factory", current, "list-factory", list, NULL);
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

/* Buttons with a mnemonic.
 *
 * GTK 4.8 names a button with a mnemonic twice over: by its label, which
 * names it as the mnemonic's target, and by the accessible label
 * gtk_button_set_label() gives it, underscore and all. A screen reader says
 * "_New Visit New Visit". Only the first is wanted, so the second is
 * dropped whenever the button's label is set.
 */

static void
drop_raw_label (GtkButton *button)
{
  if (gtk_button_get_use_underline (button) && gtk_button_get_label (button) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static void
button_label_changed_cb (GtkButton  *button,
                         GParamSpec *pspec,
                         gpointer    user_data)
{
  drop_raw_label (button);
}

static void
watch_button (GtkButton *button)
{
  static GQuark watched;

  if (G_UNLIKELY (watched == 0))
    watched = g_quark_from_static_string ("wr-a11y-label-watched");
  if (g_object_get_qdata (G_OBJECT (button), watched) == NULL)
    {
      g_object_set_qdata (G_OBJECT (button), watched, GINT_TO_POINTER (TRUE));
      g_signal_connect (button, "notify::label", G_CALLBACK (button_label_changed_cb), NULL);
      g_signal_connect (button, "notify::use-underline", G_CALLBACK (button_label_changed_cb), NULL);
    }
  drop_raw_label (button);
}

static void
watch_buttons_in (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget))
    watch_button (GTK_BUTTON (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    watch_buttons_in (child);
}

/* GTK's print dialog.
 *
 * GtkPrintOperation builds GtkPrintUnixDialog itself, and in GTK 4.8 it
 * tells a screen reader little: its check and radio buttons are named
 * with their mnemonic's underscore ("_All Pages"); a printer's options
 * are drop-downs and entries inside a box that their label names, which
 * GTK does not pass on; no drop-down's button has a name; and the entries
 * for a page range and a time to print at have none. The dialog is
 * mended when it is realized, with its hidden tabs, and again each time
 * another printer is chosen, which rebuilds the printer's options.
 */

static char *
strip_mnemonic (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '_' && p[1] != '_')
        continue;
      if (*p == '_')
        p++;
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/* The label whose mnemonic is @widget, or else the box holding @widget. */
static GtkWidget *
find_mnemonic_label (GtkWidget *widget)
{
  GtkWidget *targets[] = { widget, gtk_widget_get_parent (widget) };

  for (gsize i = 0; i < G_N_ELEMENTS (targets) && targets[i] != NULL; i++)
    {
      GList *labels = gtk_widget_list_mnemonic_labels (targets[i]);
      GtkWidget *label = labels != NULL ? labels->data : NULL;

      g_list_free (labels);
      if (label != NULL)
        return label;
    }

  return NULL;
}

static void
name_check_button (GtkCheckButton *check)
{
  const char *label = gtk_check_button_get_label (check);
  g_autofree char *text = NULL;

  if (label == NULL || !gtk_check_button_get_use_underline (check))
    return;
  text = strip_mnemonic (label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static void
mend_print_widget (GtkWidget *widget)
{
  GtkWidget *label;
  GtkWidget *before;

  if (GTK_IS_CHECK_BUTTON (widget))
    name_check_button (GTK_CHECK_BUTTON (widget));
  else if (GTK_IS_DROP_DOWN (widget))
    {
      if ((label = find_mnemonic_label (widget)))
        wr_a11y_label_drop_down (GTK_DROP_DOWN (widget), label);
      else
        wr_a11y_name_drop_downs (widget);
    }
  else if (GTK_IS_ENTRY (widget))
    {
      before = gtk_widget_get_prev_sibling (widget);
      if ((label = find_mnemonic_label (widget)))
        gtk_accessible_update_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
      else if (GTK_IS_CHECK_BUTTON (before) && gtk_check_button_get_label (GTK_CHECK_BUTTON (before)) != NULL)
        {
          /* The radio button that chooses what the entry holds ("Pages:"). */
          g_autofree char *text = strip_mnemonic (gtk_check_button_get_label (GTK_CHECK_BUTTON (before)));

          gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          g_strstrip (g_strdelimit (text, ":", ' ')), -1);
        }
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    mend_print_widget (child);
}

static void
print_dialog_printer_changed_cb (GtkWidget  *dialog,
                                 GParamSpec *pspec,
                                 gpointer    user_data)
{
  mend_print_widget (dialog);
}

static void
watch_print_dialog (GtkWidget *dialog)
{
  static GQuark watched;

  if (G_UNLIKELY (watched == 0))
    watched = g_quark_from_static_string ("wr-a11y-print-dialog-watched");
  if (g_object_get_qdata (G_OBJECT (dialog), watched) == NULL)
    {
      g_object_set_qdata (G_OBJECT (dialog), watched, GINT_TO_POINTER (TRUE));
      g_signal_connect (dialog, "notify::selected-printer", G_CALLBACK (print_dialog_printer_changed_cb), NULL);
    }
  mend_print_widget (dialog);
}

/* A button is mended when it is realized; a window, or a page (an
 * AdwBin), mends its hidden buttons too, which a screen reader finds
 * although they are not realized.
 */
static gboolean
widget_realized_cb (GSignalInvocationHint *hint,
                    guint                  n_values,
                    const GValue          *values,
                    gpointer               user_data)
{
  GtkWidget *widget = g_value_get_object (&values[0]);

  if (GTK_IS_ROOT (widget) && g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkPrintUnixDialog"))
    watch_print_dialog (widget);
  if (GTK_IS_ROOT (widget) || ADW_IS_BIN (widget))
    watch_buttons_in (widget);
  else if (GTK_IS_BUTTON (widget))
    watch_button (GTK_BUTTON (widget));

  return TRUE;
}

/**
 * wr_a11y_init:
 *
 * Mends, for every widget the application shows, what GTK 4.8 tells a
 * screen reader wrong: the names of buttons with a mnemonic, and those of
 * the controls of GTK's print dialog. Call
 * it once GTK is initialised; calling it again does nothing.
 */
void
wr_a11y_init (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      /* The signal exists once the class does, which no widget may have made yet. */
      g_type_class_unref (g_type_class_ref (GTK_TYPE_WIDGET));
      g_signal_add_emission_hook (g_signal_lookup ("realize", GTK_TYPE_WIDGET), 0,
                                  widget_realized_cb, NULL, NULL);
      g_once_init_leave (&done, 1);
    }
}

/* Dialogs give the focus back ------------------------------------------------- */

typedef struct
{
  GWeakRef opener;
  GWeakRef focus;   /* what had the keyboard when the dialog opened */
} Opener;

static void
opener_free (gpointer data)
{
  Opener *opener = data;

  g_weak_ref_clear (&opener->opener);
  g_weak_ref_clear (&opener->focus);
  g_free (opener);
}

/* A widget the keyboard can go back to: still in a window and shown. */
static gboolean
can_take_focus (GtkWidget *widget)
{
  return widget != NULL && gtk_widget_get_root (widget) != NULL && gtk_widget_get_mapped (widget) &&
         gtk_widget_is_sensitive (widget);
}

static void
dialog_unmapped_cb (GtkWidget *dialog,
                    Opener    *opener)
{
  g_autoptr(GtkWidget) focus = g_weak_ref_get (&opener->focus);
  g_autoptr(GtkWidget) widget = g_weak_ref_get (&opener->opener);
  GtkWidget *target = can_take_focus (focus) ? focus
                      : can_take_focus (widget) && !GTK_IS_ROOT (widget) && gtk_widget_get_focusable (widget)
                      ? widget : NULL;
  GtkRoot *root;

  GtkWidget *now;

  g_signal_handlers_disconnect_by_func (dialog, dialog_unmapped_cb, opener);
  if (target == NULL || !GTK_IS_WINDOW (root = gtk_widget_get_root (target)))
    return;

  /* The dialog's answer may have sent the keyboard on (Complete to
   * Reopen): it stays there.
   */
  now = gtk_root_get_focus (root);
  if (now == NULL || now == focus || !gtk_widget_get_mapped (now))
    gtk_widget_grab_focus (target);
  /* A ring shows where the keyboard is, whether the dialog was opened
   * with a key or a click.
   */
  gtk_window_set_focus_visible (GTK_WINDOW (root), TRUE);
}

/**
 * wr_a11y_present_dialog:
 * @dialog: a dialog
 * @opener: the control that opens it
 *
 * Shows @dialog over @opener's window. Once it closes, the keyboard goes
 * back to the control that had it when the dialog opened (usually
 * @opener), or to @opener if it takes the focus itself, with its focus
 * ring shown: GTK 4.8 leaves it wherever the window last had it, with no
 * ring after a click. When neither is there any more (the dialog's
 * answer removed or hid it), the focus stays where the answer put it.
 */
void
wr_a11y_present_dialog (GtkWindow *dialog,
                        GtkWidget *opener)
{
  GtkRoot *root;
  Opener *data;

  g_return_if_fail (GTK_IS_WINDOW (dialog));
  g_return_if_fail (GTK_IS_WIDGET (opener));

  root = gtk_widget_get_root (opener);
  data = g_new0 (Opener, 1);
  g_weak_ref_init (&data->opener, opener);
  g_weak_ref_init (&data->focus, GTK_IS_ROOT (root) ? gtk_root_get_focus (root) : NULL);
  if (GTK_IS_WINDOW (root) && GTK_WIDGET (root) != GTK_WIDGET (dialog))
    gtk_window_set_transient_for (dialog, GTK_WINDOW (root));
  g_signal_connect_data (dialog, "unmap", G_CALLBACK (dialog_unmapped_cb), data,
                         (GClosureNotify) (void (*) (void)) opener_free, 0);
  gtk_window_present (dialog);
}
