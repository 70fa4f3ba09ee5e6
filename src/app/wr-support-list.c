/* wr-support-list.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-support-list"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-a11y.h"
#include "wr-catalog.h"
#include "wr-dates.h"
#include "wr-support-list.h"
#include "wr-support.h"
#include "wr-wrap-box.h"

/* The Actions page's support requests: each practice's request (its
 * domain, what it asked, when), whose status and owner the team sets in
 * the row, on a completed visit too. An expander, so that the actions
 * keep the page when there are many.
 */
struct _WrSupportList
{
  AdwBin       parent_instance;

  WrStore     *store;
  GtkExpander *expander;
  GtkLabel    *heading;
  GtkListBox  *list;
  GtkScrolledWindow *scrolled;
  guint        n_requests;
  gboolean     filling;
  gboolean     saving;     /* a row's own change: its rows stay */
  guint        fill_source;
};

G_DEFINE_FINAL_TYPE (WrSupportList, wr_support_list, ADW_TYPE_BIN)

enum {
  OPEN_VISIT,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static GQuark
uuid_quark (void)
{
  return g_quark_from_static_string ("wr-support-list-uuid");
}

static const char *
domain_title (const char *domain)
{
  WrCatalog *catalog = wr_catalog_get_default (NULL);
  WrCatalogEntry *entry = catalog != NULL && domain[0] ? wr_catalog_lookup (catalog, WR_CATALOG_DOMAIN, domain) : NULL;

  if (entry != NULL)
    return wr_catalog_entry_get_title (entry);
  return domain[0] ? domain : _("No domain");
}

#define FEW_REQUESTS 3

static void fill (WrSupportList *self);

/* The row's status and owner, saved together. */
static void
save_row (WrSupportList *self,
          GtkWidget     *row)
{
  GtkDropDown *status = g_object_get_data (G_OBJECT (row), "status");
  GtkEditable *owner = g_object_get_data (G_OBJECT (row), "owner");
  const char *uuid = g_object_get_qdata (G_OBJECT (row), uuid_quark ());
  g_autoptr(GError) error = NULL;

  if (self == NULL || self->filling || self->store == NULL)
    return;
  self->saving = TRUE;
  if (!wr_store_update_support_request (self->store, uuid, (WrSupportStatus) gtk_drop_down_get_selected (status),
                                        gtk_editable_get_text (owner), &error))
    gtk_label_set_text (g_object_get_data (G_OBJECT (row), "subtitle"), error->message);
  self->saving = FALSE;
}

static void
status_changed_cb (GtkDropDown *status,
                   GParamSpec  *pspec,
                   GtkWidget   *row)
{
  save_row (WR_SUPPORT_LIST (gtk_widget_get_ancestor (row, WR_TYPE_SUPPORT_LIST)), row);
}

static void
owner_activate_cb (GtkEntry  *owner,
                   GtkWidget *row)
{
  save_row (WR_SUPPORT_LIST (gtk_widget_get_ancestor (row, WR_TYPE_SUPPORT_LIST)), row);
}

static void
owner_focus_leave_cb (GtkEventControllerFocus *controller,
                      GtkWidget               *row)
{
  WrSupportList *self = WR_SUPPORT_LIST (gtk_widget_get_ancestor (row, WR_TYPE_SUPPORT_LIST));

  if (self != NULL)
    save_row (self, row);
}

static void
open_visit_cb (GtkButton *button,
               GtkWidget *row)
{
  WrSupportList *self = WR_SUPPORT_LIST (gtk_widget_get_ancestor (row, WR_TYPE_SUPPORT_LIST));

  g_signal_emit (self, signals [OPEN_VISIT], 0, g_object_get_data (G_OBJECT (row), "visit"));
}

static GtkWidget *
text_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* A request: the practice and domain, what was asked and when, and
 * under them the team's status, owner and a way to the visit, which wrap
 * below one another in a narrow window.
 */
static GtkWidget *
request_row (WrSupportList          *self,
             const WrSupportRequest *request)
{
  static const char *statuses[WR_SUPPORT_N_STATUSES + 1];
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *controls = wr_wrap_box_new ();
  GtkWidget *status;
  GtkWidget *owner = gtk_entry_new ();
  GtkWidget *open = gtk_button_new_with_mnemonic (_("Open _Visit"));
  GtkEventController *focus = gtk_event_controller_focus_new ();
  g_autofree char *when = wr_date_time_format (request->requested);
  g_autofree char *title = g_strdup_printf ("%s · %s", request->service_name, domain_title (request->domain));
  g_autofree char *subtitle = NULL;
  g_autofree char *status_name = NULL;
  g_autofree char *owner_name = NULL;
  g_autofree char *open_name = NULL;
  g_autofree char *row_name = NULL;

  for (guint i = 0; i < WR_SUPPORT_N_STATUSES; i++)
    statuses[i] = wr_support_status_get_label ((WrSupportStatus) i);
  status = gtk_drop_down_new_from_strings (statuses);

  subtitle = g_strdup_printf (_("Asked %s: %s"), when ? when : request->requested,
                              request->text[0] ? request->text : _("nothing written about what would help"));
  gtk_box_append (GTK_BOX (box), text_label (title, "heading"));
  {
    GtkWidget *label = text_label (subtitle, "dim-label");

    gtk_box_append (GTK_BOX (box), label);
    g_object_set_data (G_OBJECT (row), "subtitle", label);
  }
  gtk_widget_set_margin_top (box, 9);
  gtk_widget_set_margin_bottom (box, 9);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  row_name = g_strdup_printf ("%s. %s", title, subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, row_name, -1);
  g_object_set_qdata_full (G_OBJECT (row), uuid_quark (), g_strdup (request->uuid), g_free);
  g_object_set_data_full (G_OBJECT (row), "visit", g_strdup (request->visit_uuid), g_free);
  g_object_set_data_full (G_OBJECT (row), "title", g_strdup (title), g_free);

  status_name = g_strdup_printf (_("Status of the support request of %s"), title);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (status), request->status);
  gtk_accessible_update_property (GTK_ACCESSIBLE (status), GTK_ACCESSIBLE_PROPERTY_LABEL, status_name, -1);
  wr_a11y_set_tooltip (status, _("Status"));
  g_object_set_data (G_OBJECT (row), "status", status);

  owner_name = g_strdup_printf (_("Owner of the support request of %s"), title);
  gtk_editable_set_text (GTK_EDITABLE (owner), request->owner);
  gtk_entry_set_placeholder_text (GTK_ENTRY (owner), _("Owner"));
  gtk_editable_set_width_chars (GTK_EDITABLE (owner), 14);
  gtk_accessible_update_property (GTK_ACCESSIBLE (owner), GTK_ACCESSIBLE_PROPERTY_LABEL, owner_name, -1);
  g_object_set_data (G_OBJECT (row), "owner", owner);

  open_name = g_strdup_printf (_("Open the visit of %s"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (open), GTK_ACCESSIBLE_PROPERTY_LABEL, open_name, -1);

  wr_wrap_box_set_column_spacing (WR_WRAP_BOX (controls), 6);
  wr_wrap_box_set_row_spacing (WR_WRAP_BOX (controls), 6);
  gtk_widget_set_margin_top (controls, 6);
  wr_wrap_box_append (WR_WRAP_BOX (controls), status);
  wr_wrap_box_append (WR_WRAP_BOX (controls), owner);
  wr_wrap_box_append (WR_WRAP_BOX (controls), open);
  gtk_box_append (GTK_BOX (box), controls);

  g_signal_connect (status, "notify::selected", G_CALLBACK (status_changed_cb), row);
  g_signal_connect (owner, "activate", G_CALLBACK (owner_activate_cb), row);
  g_signal_connect (focus, "leave", G_CALLBACK (owner_focus_leave_cb), row);
  gtk_widget_add_controller (owner, focus);
  g_signal_connect (open, "clicked", G_CALLBACK (open_visit_cb), row);

  return row;
}

static void
fill (WrSupportList *self)
{
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  GtkWidget *child;

  self->filling = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
    gtk_list_box_remove (self->list, child);
  self->n_requests = 0;

  if (self->store != NULL)
    requests = wr_store_list_support_requests (self->store, NULL, &error);
  for (guint i = 0; requests != NULL && i < requests->len; i++)
    {
      gtk_list_box_append (self->list, request_row (self, g_ptr_array_index (requests, i)));
      self->n_requests++;
    }
  self->filling = FALSE;

  label = g_strdup_printf (ngettext ("%u Support Request", "%u Support Requests", self->n_requests),
                           self->n_requests);
  gtk_label_set_text (self->heading, label);
  gtk_widget_set_visible (GTK_WIDGET (self), self->n_requests > 0);

  /* A few requests are shown whole, however narrow the window; more
   * scroll in a box of their own, so that the actions keep their room.
   */
  if (self->n_requests <= FEW_REQUESTS && gtk_expander_get_child (self->expander) != GTK_WIDGET (self->list))
    {
      g_object_ref (self->list);
      gtk_scrolled_window_set_child (self->scrolled, NULL);
      gtk_expander_set_child (self->expander, GTK_WIDGET (self->list));
      g_object_unref (self->list);
    }
  else if (self->n_requests > FEW_REQUESTS && gtk_expander_get_child (self->expander) == GTK_WIDGET (self->list))
    {
      g_object_ref (self->list);
      gtk_expander_set_child (self->expander, NULL);
      gtk_scrolled_window_set_child (self->scrolled, GTK_WIDGET (self->list));
      gtk_expander_set_child (self->expander, GTK_WIDGET (self->scrolled));
      g_object_unref (self->list);
    }
  wr_a11y_name_drop_downs (GTK_WIDGET (self->list));
}

static gboolean
fill_cb (gpointer data)
{
  WrSupportList *self = data;

  self->fill_source = 0;
  fill (self);
  return G_SOURCE_REMOVE;
}

/* Rows are rebuilt once the change's signal is over: never under the
 * feet of the drop-down or entry that made it.
 */
static void
store_changed_cb (WrSupportList *self,
                  const char    *entity,
                  const char    *visit_uuid)
{
  if (!g_str_equal (entity, "support-request") && !g_str_equal (entity, "visit"))
    return;
  if (self->saving && g_str_equal (entity, "support-request"))
    return;
  if (self->fill_source == 0)
    self->fill_source = g_idle_add (fill_cb, self);
}

static void
wr_support_list_dispose (GObject *object)
{
  WrSupportList *self = WR_SUPPORT_LIST (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
  g_clear_object (&self->store);
  g_clear_handle_id (&self->fill_source, g_source_remove);
  g_clear_object (&self->scrolled);

  G_OBJECT_CLASS (wr_support_list_parent_class)->dispose (object);
}

static void
wr_support_list_class_init (WrSupportListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wr_support_list_dispose;

  /**
   * WrSupportList::open-visit:
   * @uuid: the visit the request was made on
   */
  signals [OPEN_VISIT] =
    g_signal_new ("open-visit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
wr_support_list_init (WrSupportList *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Support requests"), -1);
  gtk_widget_set_margin_start (GTK_WIDGET (self->list), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self->list), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->list), 6);

  /* Kept while the list is shown without it. */
  self->scrolled = GTK_SCROLLED_WINDOW (g_object_ref_sink (scrolled));
  gtk_scrolled_window_set_child (self->scrolled, GTK_WIDGET (self->list));
  gtk_scrolled_window_set_policy (self->scrolled, GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (self->scrolled, 300);

  self->expander = GTK_EXPANDER (gtk_expander_new (NULL));
  self->heading = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->heading), "heading");
  gtk_expander_set_label_widget (self->expander, GTK_WIDGET (self->heading));
  gtk_expander_set_expanded (self->expander, TRUE);
  gtk_expander_set_child (self->expander, scrolled);
  gtk_widget_set_margin_start (GTK_WIDGET (self->expander), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self->expander), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->expander), 6);
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->expander));

  fill (self);
}

GtkWidget *
wr_support_list_new (void)
{
  return g_object_new (WR_TYPE_SUPPORT_LIST, NULL);
}

/**
 * wr_support_list_set_store:
 * @self: a #WrSupportList
 * @store: (nullable): the open database
 */
void
wr_support_list_set_store (WrSupportList *self,
                           WrStore       *store)
{
  g_return_if_fail (WR_IS_SUPPORT_LIST (self));

  if (self->store == store)
    return;
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  if (self->list != NULL)
    fill (self);
}

/**
 * wr_support_list_get_n_requests:
 * @self: a #WrSupportList
 *
 * Returns: how many requests it lists
 */
guint
wr_support_list_get_n_requests (WrSupportList *self)
{
  g_return_val_if_fail (WR_IS_SUPPORT_LIST (self), 0);

  return self->n_requests;
}
