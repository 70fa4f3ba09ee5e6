/* wr-service-filter.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-service-filter"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-a11y.h"
#include "wr-service-filter.h"

/* A drop-down of "All Services" and the services of the store, by name,
 * which the Visits and Actions pages filter by. It follows the store: a
 * service added or renamed shows at once, and if the one chosen goes, the
 * choice goes back to all services.
 *
 * GTK 4.8 sizes a drop-down to the whole text of the item chosen, and a
 * long service name would make the window wider than a phone: the button
 * ellipsizes the name, while the pop-up shows whole names with a check
 * mark by the chosen one, as GTK's own drop-downs do.
 */
struct _WrServiceFilter
{
  AdwBin       parent_instance;

  GtkDropDown *dropdown;

  WrStore     *store;
  GPtrArray   *uuids;         /* parallel to the drop-down's items, after "All" */
  char        *service_uuid;  /* the one chosen, or NULL for all */
  char        *label;
  gboolean     include_archived;
  gboolean     reloading;
};

G_DEFINE_FINAL_TYPE (WrServiceFilter, wr_service_filter, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_INCLUDE_ARCHIVED,
  PROP_SERVICE_UUID,
  PROP_LABEL,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* Reads the choice from the drop-down, and says so if it changed. */
static void
update_service_uuid (WrServiceFilter *self)
{
  guint selected = gtk_drop_down_get_selected (self->dropdown);
  const char *uuid = NULL;

  if (selected > 0 && selected != GTK_INVALID_LIST_POSITION && selected - 1 < self->uuids->len)
    uuid = g_ptr_array_index (self->uuids, selected - 1);

  if (g_strcmp0 (uuid, self->service_uuid) == 0)
    return;

  g_free (self->service_uuid);
  self->service_uuid = g_strdup (uuid);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SERVICE_UUID]);
}

static void
selected_changed_cb (WrServiceFilter *self)
{
  if (!self->reloading)
    update_service_uuid (self);
}

static void
reload (WrServiceFilter *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GListModel) services = NULL;
  g_autoptr(GError) error = NULL;
  guint keep = 0;

  g_ptr_array_set_size (self->uuids, 0);
  gtk_string_list_append (names, _("All Services"));

  if (self->store != NULL &&
      !(services = wr_store_list_services (self->store, self->include_archived, &error)))
    g_warning ("Could not list the services: %s", error->message);

  for (guint i = 0; services && i < g_list_model_get_n_items (services); i++)
    {
      g_autoptr(WrService) service = g_list_model_get_item (services, i);

      gtk_string_list_append (names, wr_service_get_name (service));
      g_ptr_array_add (self->uuids, g_strdup (wr_service_get_uuid (service)));
      if (g_strcmp0 (self->service_uuid, wr_service_get_uuid (service)) == 0)
        keep = i + 1;
    }

  self->reloading = TRUE;
  gtk_drop_down_set_model (self->dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->dropdown, keep);
  self->reloading = FALSE;
  update_service_uuid (self);
}

static void
store_changed_cb (WrServiceFilter *self,
                  const char      *entity)
{
  if (g_str_equal (entity, "service"))
    reload (self);
}

static void
update_check_cb (GtkDropDown *dropdown,
                 GParamSpec  *pspec,
                 GtkListItem *item)
{
  GtkWidget *check = gtk_widget_get_last_child (gtk_list_item_get_child (item));
  gboolean chosen = gtk_drop_down_get_selected_item (dropdown) == gtk_list_item_get_item (item);

  gtk_widget_set_opacity (check, chosen ? 1.0 : 0.0);
}

static void
setup_item_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               WrServiceFilter          *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *check = g_object_new (GTK_TYPE_IMAGE,
                                   "icon-name", "object-select-symbolic",
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                   NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), check);
  gtk_list_item_set_child (item, box);
}

static void
bind_item_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              WrServiceFilter          *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *label = gtk_widget_get_first_child (box);
  GtkWidget *check = gtk_widget_get_last_child (box);
  gboolean in_popup = gtk_widget_get_ancestor (box, GTK_TYPE_POPOVER) != NULL;

  gtk_label_set_text (GTK_LABEL (label), gtk_string_object_get_string (gtk_list_item_get_item (item)));
  /* The button asks for no more room than the other filters; the pop-up
   * shows whole names, as wide as the longest.
   */
  gtk_label_set_ellipsize (GTK_LABEL (label), in_popup ? PANGO_ELLIPSIZE_NONE : PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), in_popup ? -1 : 20);
  gtk_widget_set_visible (check, in_popup);
  if (in_popup)
    {
      g_signal_connect (self->dropdown, "notify::selected-item", G_CALLBACK (update_check_cb), item);
      update_check_cb (self->dropdown, NULL, item);
    }
}

static void
unbind_item_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                WrServiceFilter          *self)
{
  g_signal_handlers_disconnect_by_func (self->dropdown, update_check_cb, item);
}

static void
wr_service_filter_dispose (GObject *object)
{
  WrServiceFilter *self = (WrServiceFilter *)object;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
  g_clear_object (&self->store);
  /* The child goes first, so that AdwBin and the template never both unparent it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WR_TYPE_SERVICE_FILTER);

  G_OBJECT_CLASS (wr_service_filter_parent_class)->dispose (object);
}

static void
wr_service_filter_finalize (GObject *object)
{
  WrServiceFilter *self = (WrServiceFilter *)object;

  g_clear_pointer (&self->uuids, g_ptr_array_unref);
  g_clear_pointer (&self->service_uuid, g_free);
  g_clear_pointer (&self->label, g_free);

  G_OBJECT_CLASS (wr_service_filter_parent_class)->finalize (object);
}

static void
wr_service_filter_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  WrServiceFilter *self = WR_SERVICE_FILTER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_INCLUDE_ARCHIVED:
      g_value_set_boolean (value, self->include_archived);
      break;

    case PROP_SERVICE_UUID:
      g_value_set_string (value, self->service_uuid);
      break;

    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wr_service_filter_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  WrServiceFilter *self = WR_SERVICE_FILTER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      wr_service_filter_set_store (self, g_value_get_object (value));
      break;

    case PROP_INCLUDE_ARCHIVED:
      wr_service_filter_set_include_archived (self, g_value_get_boolean (value));
      break;

    case PROP_SERVICE_UUID:
      wr_service_filter_set_service_uuid (self, g_value_get_string (value));
      break;

    case PROP_LABEL:
      wr_service_filter_set_label (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wr_service_filter_class_init (WrServiceFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wr_service_filter_dispose;
  object_class->finalize = wr_service_filter_finalize;
  object_class->get_property = wr_service_filter_get_property;
  object_class->set_property = wr_service_filter_set_property;

  properties [PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         WR_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * WrServiceFilter:include-archived:
   *
   * Whether archived services are offered too: their visits are no longer
   * listed, but their actions may still be open.
   */
  properties [PROP_INCLUDE_ARCHIVED] =
    g_param_spec_boolean ("include-archived", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * WrServiceFilter:service-uuid:
   *
   * The service chosen, or %NULL for all services.
   */
  properties [PROP_SERVICE_UUID] =
    g_param_spec_string ("service-uuid", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * WrServiceFilter:label:
   *
   * What a screen reader says for the drop-down, such as "Show visits to
   * this service".
   */
  properties [PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/wr-service-filter.ui");
  gtk_widget_class_bind_template_child (widget_class, WrServiceFilter, dropdown);
  gtk_widget_class_bind_template_callback (widget_class, selected_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_item_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_item_cb);
  gtk_widget_class_bind_template_callback (widget_class, unbind_item_cb);
  gtk_widget_class_set_css_name (widget_class, "servicefilter");
}

static void
wr_service_filter_init (WrServiceFilter *self)
{
  self->uuids = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));
  wr_a11y_name_drop_downs (GTK_WIDGET (self->dropdown));
  reload (self);
}

GtkWidget *
wr_service_filter_new (void)
{
  return g_object_new (WR_TYPE_SERVICE_FILTER, NULL);
}

/**
 * wr_service_filter_get_store:
 * @self: a #WrServiceFilter
 *
 * Returns: (transfer none) (nullable): the store whose services are offered
 */
WrStore *
wr_service_filter_get_store (WrServiceFilter *self)
{
  g_return_val_if_fail (WR_IS_SERVICE_FILTER (self), NULL);

  return self->store;
}

/**
 * wr_service_filter_set_store:
 * @self: a #WrServiceFilter
 * @store: (nullable): the open database
 */
void
wr_service_filter_set_store (WrServiceFilter *self,
                             WrStore         *store)
{
  g_return_if_fail (WR_IS_SERVICE_FILTER (self));
  g_return_if_fail (store == NULL || WR_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STORE]);
}

gboolean
wr_service_filter_get_include_archived (WrServiceFilter *self)
{
  g_return_val_if_fail (WR_IS_SERVICE_FILTER (self), FALSE);

  return self->include_archived;
}

void
wr_service_filter_set_include_archived (WrServiceFilter *self,
                                        gboolean         include_archived)
{
  g_return_if_fail (WR_IS_SERVICE_FILTER (self));

  include_archived = !!include_archived;
  if (self->include_archived == include_archived)
    return;

  self->include_archived = include_archived;
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_INCLUDE_ARCHIVED]);
}

/**
 * wr_service_filter_get_service_uuid:
 * @self: a #WrServiceFilter
 *
 * Returns: (nullable): the service chosen, or %NULL for all services
 */
const char *
wr_service_filter_get_service_uuid (WrServiceFilter *self)
{
  g_return_val_if_fail (WR_IS_SERVICE_FILTER (self), NULL);

  return self->service_uuid;
}

/**
 * wr_service_filter_set_service_uuid:
 * @self: a #WrServiceFilter
 * @service_uuid: (nullable): a service to choose, or %NULL for all
 *
 * A service the drop-down does not offer chooses all services.
 */
void
wr_service_filter_set_service_uuid (WrServiceFilter *self,
                                    const char      *service_uuid)
{
  guint position = 0;

  g_return_if_fail (WR_IS_SERVICE_FILTER (self));

  for (guint i = 0; service_uuid != NULL && i < self->uuids->len; i++)
    if (g_str_equal (g_ptr_array_index (self->uuids, i), service_uuid))
      position = i + 1;

  gtk_drop_down_set_selected (self->dropdown, position);
}

const char *
wr_service_filter_get_label (WrServiceFilter *self)
{
  g_return_val_if_fail (WR_IS_SERVICE_FILTER (self), NULL);

  return self->label;
}

/**
 * wr_service_filter_set_label:
 * @self: a #WrServiceFilter
 * @label: (nullable): what a screen reader says for the drop-down
 *
 * The drop-down is what takes the focus, so the label goes on it (and
 * from it to its button), not on the filter around it.
 */
void
wr_service_filter_set_label (WrServiceFilter *self,
                             const char      *label)
{
  g_return_if_fail (WR_IS_SERVICE_FILTER (self));

  if (g_strcmp0 (self->label, label) == 0)
    return;

  g_free (self->label);
  self->label = g_strdup (label);
  if (label != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LABEL]);
}
