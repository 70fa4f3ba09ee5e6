/* wr-actions-page.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-actions-page"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-a11y.h"
#include "wr-action-dialog.h"
#include "wr-action-list.h"
#include "wr-actions-page.h"
#include "wr-dates.h"
#include "wr-service-filter.h"
#include "wr-support-list.h"
#include "wr-wrap-box.h"

/* Every action agreed on every visit, to follow up: filter by status,
 * owner, service and overdue, and change an action's status in its row.
 */
struct _WrActionsPage
{
  AdwBin          parent_instance;

  GtkSearchEntry *search_entry;
  GtkEntry       *owner_entry;
  GtkDropDown    *status_dropdown;
  WrServiceFilter *service_filter;
  GtkToggleButton *overdue_button;
  GtkDropDown    *sort_dropdown;
  GtkStack       *stack;
  GtkListView    *list_view;
  GtkWidget      *support_list;   /* practices' support requests, above the actions */

  WrStore        *store;
  WrActionList   *actions;
  char           *today;
  guint           refilter_source;
};

G_DEFINE_FINAL_TYPE (WrActionsPage, wr_actions_page, ADW_TYPE_BIN)

enum {
  ADD_TOAST,
  OPEN_VISIT,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* The order of status_dropdown's items; the last is "any". */
static const char * const status_ids[] = { "open", "done", "dropped" };

static void
show_error (WrActionsPage *self,
            const GError  *error)
{
  g_autoptr(AdwToast) toast = adw_toast_new (error->message);

  g_signal_emit (self, signals [ADD_TOAST], 0, toast);
}

static gboolean
has_any_action (WrActionsPage *self)
{
  g_autoptr(WrActionList) all = wr_action_list_new (self->store);

  return wr_action_list_reload (all, NULL) && g_list_model_get_n_items (G_LIST_MODEL (all)) > 0;
}

static void
refilter (WrActionsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *owner = NULL;
  guint status = gtk_drop_down_get_selected (self->status_dropdown);
  const char *service = wr_service_filter_get_service_uuid (self->service_filter);
  const char *statuses[2] = { NULL, NULL };
  const char *services[2] = { NULL, NULL };
  WrActionFilter filter = { NULL, };

  if (self->actions == NULL)
    return;

  if (status < G_N_ELEMENTS (status_ids))
    {
      statuses[0] = status_ids[status];
      filter.statuses = statuses;
    }
  if (service != NULL)
    {
      services[0] = service;
      filter.service_uuids = services;
    }
  filter.owner = gtk_editable_get_text (GTK_EDITABLE (self->owner_entry));
  filter.text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_clear_pointer (&self->today, g_free);
  self->today = wr_date_today ();
  if (gtk_toggle_button_get_active (self->overdue_button))
    filter.overdue_on = self->today;

  if (!wr_action_list_set_filter (self->actions, &filter, &error))
    {
      show_error (self, error);
      return;
    }

  if (g_list_model_get_n_items (G_LIST_MODEL (self->actions)) > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else
    gtk_stack_set_visible_child_name (self->stack, has_any_action (self) ? "no-match" : "none");
}

static void
filter_changed_cb (WrActionsPage *self)
{
  refilter (self);
}

static void
sort_changed_cb (WrActionsPage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->actions != NULL &&
      !wr_action_list_set_sort (self->actions, gtk_drop_down_get_selected (self->sort_dropdown), &error))
    show_error (self, error);
}

static void
row_status_changed_cb (GtkDropDown   *dropdown,
                       GParamSpec    *pspec,
                       WrActionsPage *self)
{
  WrAction *action = g_object_get_data (G_OBJECT (dropdown), "action");
  guint selected = gtk_drop_down_get_selected (dropdown);
  g_autoptr(GError) error = NULL;

  if (action == NULL || self->store == NULL || wr_action_is_placeholder (action) ||
      selected >= G_N_ELEMENTS (status_ids) || selected == (guint) wr_action_get_status (action))
    return;

  if (!wr_store_set_action_status (self->store, wr_action_get_uuid (action), (WrActionStatus) selected, &error))
    show_error (self, error);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              WrActionsPage            *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *text = gtk_label_new (NULL);
  GtkWidget *meta = gtk_label_new (NULL);
  GtkWidget *status = gtk_drop_down_new_from_strings ((const char *[]) { _("Open"), _("Done"), _("Dropped"), NULL });
  GtkWidget *edit;
  GtkWidget *visit;

  wr_a11y_name_drop_downs (status);

  gtk_widget_set_margin_top (box, 9);
  gtk_widget_set_margin_bottom (box, 9);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_xalign (GTK_LABEL (text), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (meta), TRUE);
  gtk_label_set_xalign (GTK_LABEL (meta), 0.0f);
  gtk_widget_add_css_class (meta, "caption");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (labels), text);
  gtk_box_append (GTK_BOX (labels), meta);

  gtk_widget_set_valign (status, GTK_ALIGN_CENTER);
  wr_a11y_set_tooltip (status, _("Status"));
  g_signal_connect (status, "notify::selected", G_CALLBACK (row_status_changed_cb), self);

  edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  gtk_widget_add_css_class (edit, "flat");
  gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
  wr_a11y_set_tooltip (edit, _("Edit: what, who and by when"));

  visit = gtk_button_new_from_icon_name ("go-jump-symbolic");
  gtk_widget_add_css_class (visit, "flat");
  gtk_widget_set_valign (visit, GTK_ALIGN_CENTER);
  wr_a11y_set_tooltip (visit, _("Open the visit that raised it"));

  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), edit);
  gtk_box_append (GTK_BOX (box), visit);
  gtk_box_append (GTK_BOX (box), status);
  gtk_list_item_set_child (item, box);
  /* Enter or a double click on the row edits the action. */
  gtk_list_item_set_activatable (item, TRUE);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             WrActionsPage            *self)
{
  WrAction *action = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *labels = gtk_widget_get_first_child (box);
  GtkWidget *text = gtk_widget_get_first_child (labels);
  GtkWidget *meta = gtk_widget_get_next_sibling (text);
  GtkWidget *edit = gtk_widget_get_next_sibling (labels);
  GtkWidget *visit = gtk_widget_get_next_sibling (edit);
  GtkWidget *status = gtk_widget_get_last_child (box);
  g_autoptr(GString) line = g_string_new (wr_action_get_service_name (action));
  gboolean overdue = wr_action_is_overdue (action, self->today);
  g_autofree char *accessible = NULL;

  if (wr_action_get_owner (action)[0])
    g_string_append_printf (line, " · %s", wr_action_get_owner (action));
  if (wr_action_get_due (action) != NULL)
    {
      g_autofree char *due = wr_date_format (wr_action_get_due (action));

      g_string_append (line, " · ");
      g_string_append_printf (line, overdue ? _("overdue since %s") : _("due %s"), due);
    }

  gtk_label_set_text (GTK_LABEL (text), wr_action_get_text (action));
  gtk_label_set_text (GTK_LABEL (meta), line->str);
  if (overdue)
    gtk_widget_add_css_class (meta, "error");
  else
    gtk_widget_remove_css_class (meta, "error");

  g_object_set_data (G_OBJECT (status), "action", NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (status), wr_action_get_status (action));
  g_object_set_data_full (G_OBJECT (status), "action", g_object_ref (action), g_object_unref);
  /* A row that could not be read has nothing to follow up until the list
   * is reloaded.
   */
  gtk_widget_set_sensitive (status, !wr_action_is_placeholder (action));

  accessible = g_strdup_printf (_("Status of “%s”"), wr_action_get_text (action));
  gtk_accessible_update_property (GTK_ACCESSIBLE (status), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_clear_pointer (&accessible, g_free);

  /* Each row's buttons act on its own action, by its place in the list
   * and its visit's uuid.
   */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (edit), "u", gtk_list_item_get_position (item));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "actions.edit");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (visit), "s", wr_action_get_visit_uuid (action));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (visit), "actions.open-visit");
  gtk_widget_set_sensitive (edit, !wr_action_is_placeholder (action));
  gtk_widget_set_sensitive (visit, !wr_action_is_placeholder (action));
  accessible = g_strdup_printf (_("Edit “%s”"), wr_action_get_text (action));
  gtk_accessible_update_property (GTK_ACCESSIBLE (edit), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_clear_pointer (&accessible, g_free);
  accessible = g_strdup_printf (_("Open the visit that raised “%s”"), wr_action_get_text (action));
  gtk_accessible_update_property (GTK_ACCESSIBLE (visit), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_clear_pointer (&accessible, g_free);

  accessible = g_strdup_printf ("%s, %s, %s", wr_action_get_text (action), line->str,
                                gtk_string_object_get_string (gtk_drop_down_get_selected_item (GTK_DROP_DOWN (status))));
  wr_a11y_label_list_item (item, accessible);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               WrActionsPage            *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *status = gtk_widget_get_last_child (box);

  g_object_set_data (G_OBJECT (status), "action", NULL);
}

static gboolean
refilter_idle_cb (gpointer data)
{
  WrActionsPage *self = data;

  self->refilter_source = 0;
  refilter (self);

  return G_SOURCE_REMOVE;
}

/* Reloads once the current event is over: a change often comes from a row
 * of the list itself, which must not be replaced under its own feet, and
 * several changes in a row need only one reload.
 */
static void
store_changed_cb (WrActionsPage *self,
                  const char    *entity)
{
  if ((g_str_equal (entity, "action") || g_str_equal (entity, "visit") || g_str_equal (entity, "service")) &&
      self->refilter_source == 0)
    self->refilter_source = g_idle_add (refilter_idle_cb, self);
}

static void
wr_actions_page_dispose (GObject *object)
{
  WrActionsPage *self = (WrActionsPage *)object;

  wr_actions_page_set_store (self, NULL);
  g_clear_handle_id (&self->refilter_source, g_source_remove);
  /* The child goes first, so that AdwBin and the template never both unparent it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WR_TYPE_ACTIONS_PAGE);

  G_OBJECT_CLASS (wr_actions_page_parent_class)->dispose (object);
}

/* Opens the action at @position of the list to edit, wherever its visit
 * is: actions are followed up after their visit is completed.
 */
static void
edit_position (WrActionsPage *self,
               guint          position)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (self->list_view));
  g_autoptr(WrAction) action = NULL;
  WrActionDialog *dialog;
  GtkRoot *root;

  if (self->store == NULL || model == NULL || position >= g_list_model_get_n_items (model))
    return;

  action = g_list_model_get_item (model, position);
  if (action == NULL || wr_action_is_placeholder (action))
    return;

  dialog = wr_action_dialog_new_for_store (self->store, action);
  if ((root = gtk_widget_get_root (GTK_WIDGET (self))) != NULL && GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  edit_position (WR_ACTIONS_PAGE (widget), g_variant_get_uint32 (param));
}

static void
row_activated_cb (WrActionsPage *self,
                  guint          position)
{
  edit_position (self, position);
}

static void
open_visit_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  g_signal_emit (widget, signals [OPEN_VISIT], 0, g_variant_get_string (param, NULL));
}

static void
wr_actions_page_finalize (GObject *object)
{
  WrActionsPage *self = (WrActionsPage *)object;

  g_clear_pointer (&self->today, g_free);

  G_OBJECT_CLASS (wr_actions_page_parent_class)->finalize (object);
}

static void
wr_actions_page_class_init (WrActionsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (WR_TYPE_WRAP_BOX);

  object_class->dispose = wr_actions_page_dispose;
  object_class->finalize = wr_actions_page_finalize;

  signals [ADD_TOAST] =
    g_signal_new ("add-toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  /**
   * WrActionsPage::open-visit:
   * @uuid: the visit that raised the action
   *
   * Asks for the visit to be opened.
   */
  signals [OPEN_VISIT] =
    g_signal_new ("open-visit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "actions.edit", "u", edit_action);
  gtk_widget_class_install_action (widget_class, "actions.open-visit", "s", open_visit_action);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/wr-actions-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WrActionsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, WrActionsPage, owner_entry);
  gtk_widget_class_bind_template_child (widget_class, WrActionsPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WrActionsPage, service_filter);
  gtk_widget_class_bind_template_child (widget_class, WrActionsPage, overdue_button);
  gtk_widget_class_bind_template_child (widget_class, WrActionsPage, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WrActionsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, WrActionsPage, list_view);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sort_changed_cb);

  g_type_ensure (WR_TYPE_SERVICE_FILTER);
}

static void
support_open_visit_cb (WrActionsPage *self,
                       const char    *visit_uuid)
{
  g_signal_emit (self, signals [OPEN_VISIT], 0, visit_uuid);
}

/* Support requests, under the filters (which are the actions'). */
static void
add_support_list (WrActionsPage *self)
{
  GtkWidget *filters = gtk_widget_get_parent (GTK_WIDGET (self->search_entry));

  self->support_list = wr_support_list_new ();
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (filters)), self->support_list, filters);
  g_signal_connect_object (self->support_list, "open-visit", G_CALLBACK (support_open_visit_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
wr_actions_page_init (WrActionsPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  self->today = wr_date_today ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (row_activated_cb), self, G_CONNECT_SWAPPED);
  wr_a11y_name_drop_downs (GTK_WIDGET (self));

  gtk_stack_set_visible_child_name (self->stack, "none");
  add_support_list (self);
}

/**
 * wr_actions_page_set_store:
 * @self: a #WrActionsPage
 * @store: (nullable): the open database
 */
void
wr_actions_page_set_store (WrActionsPage *self,
                           WrStore       *store)
{
  g_return_if_fail (WR_IS_ACTIONS_PAGE (self));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
  g_set_object (&self->store, store);
  g_clear_object (&self->actions);
  wr_support_list_set_store (WR_SUPPORT_LIST (self->support_list), store);

  if (store != NULL)
    {
      g_autoptr(GtkNoSelection) selection = NULL;

      g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
      self->actions = wr_action_list_new (store);
      selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->actions)));
      gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
      wr_service_filter_set_store (self->service_filter, store);
      refilter (self);
    }
  else
    {
      wr_service_filter_set_store (self->service_filter, NULL);
      gtk_list_view_set_model (self->list_view, NULL);
    }
}

/**
 * wr_actions_page_get_model:
 * @self: a #WrActionsPage
 *
 * Returns: (transfer none) (nullable): the actions shown
 */
GListModel *
wr_actions_page_get_model (WrActionsPage *self)
{
  g_return_val_if_fail (WR_IS_ACTIONS_PAGE (self), NULL);

  return self->actions ? G_LIST_MODEL (self->actions) : NULL;
}
