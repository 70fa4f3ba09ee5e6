/* wr-visits-page.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-visits-page"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-a11y.h"
#include "wr-dates.h"
#include "wr-service-filter.h"
#include "wr-support.h"
#include "wr-visit-list.h"
#include "wr-visits-page-private.h"
#include "wr-wrap-box.h"

/* The list of visits, however many there are: search, kind, status,
 * service, period and order are applied by WrVisitList in SQL, and rows are
 * built only for what is on screen.
 */
struct _WrVisitsPage
{
  AdwBin          parent_instance;

  GtkSearchEntry *search_entry;
  GtkWidget      *new_button;
  GtkDropDown    *kind_dropdown;
  GtkDropDown    *status_dropdown;
  WrServiceFilter *service_filter;
  GtkDropDown    *period_dropdown;
  GtkDropDown    *sort_dropdown;
  GtkStack       *stack;
  GtkListView    *list_view;

  WrStore        *store;
  WrVisitList    *visits;
  char           *today;          /* set by tests; NULL means the real date */
  guint           period_year;    /* the financial year period_dropdown's labels count from */
  guint           reload_source;
};

G_DEFINE_FINAL_TYPE (WrVisitsPage, wr_visits_page, ADW_TYPE_BIN)

enum {
  ADD_TOAST,
  OPEN_VISIT,
  NEW_VISIT,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void
show_error (WrVisitsPage *self,
            const GError *error)
{
  g_autoptr(AdwToast) toast = adw_toast_new (error->message);

  g_signal_emit (self, signals [ADD_TOAST], 0, toast);
}

static gboolean
has_any_visit (WrVisitsPage *self)
{
  g_autoptr(WrVisitList) all = wr_visit_list_new (self->store);

  return wr_visit_list_reload (all, NULL) && g_list_model_get_n_items (G_LIST_MODEL (all)) > 0;
}

static void filter_changed_cb (WrVisitsPage *self);

static char *
get_today (WrVisitsPage *self)
{
  return self->today ? g_strdup (self->today) : wr_date_today ();
}

/* The years in the list are named, so they move on each 1 April. */
static void
reload_periods (WrVisitsPage *self,
                const char   *today)
{
  g_autoptr(GtkStringList) names = NULL;
  g_auto(GStrv) labels = NULL;
  guint year = wr_date_financial_year (today);
  guint selected = gtk_drop_down_get_selected (self->period_dropdown);

  if (year == self->period_year)
    return;
  self->period_year = year;

  labels = wr_period_list_labels (today);
  names = gtk_string_list_new ((const char * const *) labels);

  g_signal_handlers_block_by_func (self->period_dropdown, filter_changed_cb, self);
  gtk_drop_down_set_model (self->period_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->period_dropdown, selected < WR_PERIOD_N_PERIODS ? selected : WR_PERIOD_ANY);
  g_signal_handlers_unblock_by_func (self->period_dropdown, filter_changed_cb, self);
}

static void
refilter (WrVisitsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *today = get_today (self);
  g_autofree char *from_date = NULL;
  g_autofree char *to_date = NULL;
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);
  guint status = gtk_drop_down_get_selected (self->status_dropdown);
  const char *service = wr_service_filter_get_service_uuid (self->service_filter);
  const char * const *kind_ids = wr_visit_kind_get_ids ();
  const char *kinds[2] = { NULL, NULL };
  const char *statuses[2] = { NULL, NULL };
  const char *services[2] = { NULL, NULL };
  WrVisitFilter filter = { NULL, };

  reload_periods (self, today);
  if (self->visits == NULL)
    return;

  /* Item 0 of each drop-down is "any". */
  if (kind > 0 && kind != GTK_INVALID_LIST_POSITION && kind - 1 < g_strv_length ((GStrv) kind_ids))
    {
      kinds[0] = kind_ids[kind - 1];
      filter.kinds = kinds;
    }
  if (status == 1 || status == 2)
    {
      statuses[0] = status == 1 ? "draft" : "completed";
      filter.statuses = statuses;
    }
  if (service != NULL)
    {
      services[0] = service;
      filter.service_uuids = services;
    }
  wr_period_get_range (gtk_drop_down_get_selected (self->period_dropdown), today, &from_date, &to_date);
  filter.from_date = from_date;
  filter.to_date = to_date;
  filter.text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (!wr_visit_list_set_filter (self->visits, &filter, &error))
    {
      show_error (self, error);
      return;
    }

  if (g_list_model_get_n_items (G_LIST_MODEL (self->visits)) > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else
    gtk_stack_set_visible_child_name (self->stack, has_any_visit (self) ? "no-match" : "none");
}

static void
filter_changed_cb (WrVisitsPage *self)
{
  refilter (self);
}

static void
sort_changed_cb (WrVisitsPage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->visits != NULL &&
      !wr_visit_list_set_sort (self->visits, gtk_drop_down_get_selected (self->sort_dropdown), &error))
    show_error (self, error);
}

static gboolean
reload_idle_cb (gpointer data)
{
  WrVisitsPage *self = data;

  self->reload_source = 0;
  refilter (self);

  return G_SOURCE_REMOVE;
}

/* Several changes in a row (typing saves once a second) need one reload.
 * The service filter follows the services by itself.
 */
static void
store_changed_cb (WrVisitsPage *self,
                  const char   *entity)
{
  if (self->reload_source == 0)
    self->reload_source = g_idle_add (reload_idle_cb, self);
}

static void
visit_activated_cb (WrVisitsPage *self,
                    guint         position)
{
  g_autoptr(WrVisit) visit = g_list_model_get_item (G_LIST_MODEL (self->visits), position);

  if (visit != NULL && !wr_visit_is_placeholder (visit))
    g_signal_emit (self, signals [OPEN_VISIT], 0, wr_visit_get_uuid (visit));
}

static void
new_visit_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  g_signal_emit (widget, signals [NEW_VISIT], 0);
}

static GtkWidget *
add_label (GtkWidget  *box,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (box), label);

  return label;
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              WrVisitsPage             *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *side = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);

  gtk_widget_set_margin_top (box, 9);
  gtk_widget_set_margin_bottom (box, 9);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_hexpand (labels, TRUE);

  add_label (labels, "heading");   /* the service */
  add_label (labels, NULL);        /* date and kind */
  add_label (labels, "dim-label"); /* the team */
  gtk_widget_set_valign (side, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (add_label (side, "visit-status")), 1.0f);
  gtk_label_set_xalign (GTK_LABEL (add_label (side, "caption")), 1.0f);  /* progress */

  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), side);
  gtk_list_item_set_child (item, box);
}

/* As the visit page counts, once the visit has been counted; until then
 * (a visit from an older Walkround or a pack), or when nothing is required,
 * how many answers it has.
 */
static char *
count_text (WrVisit *visit)
{
  guint answered, required;

  if (wr_visit_get_progress (visit, &answered, &required) && required > 0)
    /* Translators: required answers given, out of those the visit asks for */
    return g_strdup_printf (_("%u of %u required answers"), answered, required);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u answer", "%u answers", wr_visit_get_n_answered (visit)),
                          wr_visit_get_n_answered (visit));
}

/* The count, and beside it the visit's score when its form scores it. */
static char *
progress_text (WrVisit *visit)
{
  g_autofree char *count = count_text (visit);
  double percent;

  if (!wr_visit_get_score (visit, &percent))
    return g_steal_pointer (&count);

  /* Rounded down, so that 100% means every applicable answer met.
   * Translators: the answers count, then the visit's compliance score, such as "12 of 12 required answers · score 92%"
   */
  return g_strdup_printf (_("%s · score %d%%"), count, (int) percent);
}

/* "Completed", and the quality team's review of it, if any. */
static char *
status_text (WrVisitsPage *self,
             WrVisit      *visit)
{
  g_autoptr(WrReview) review = NULL;

  if (wr_visit_get_status (visit) != WR_VISIT_COMPLETED)
    return g_strdup (_("Draft"));
  if (self->store != NULL && !wr_visit_is_placeholder (visit))
    review = wr_store_get_review (self->store, wr_visit_get_uuid (visit), NULL);
  if (review == NULL)
    return g_strdup (_("Completed"));
  return g_strdup (review->decision == WR_REVIEW_APPROVED ? _("Completed · Approved") : _("Completed · Returned"));
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             WrVisitsPage             *self)
{
  WrVisit *visit = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *labels = gtk_widget_get_first_child (box);
  GtkWidget *service = gtk_widget_get_first_child (labels);
  GtkWidget *when = gtk_widget_get_next_sibling (service);
  GtkWidget *team = gtk_widget_get_next_sibling (when);
  GtkWidget *status = gtk_widget_get_first_child (gtk_widget_get_last_child (box));
  GtkWidget *progress = gtk_widget_get_next_sibling (status);
  gboolean completed = wr_visit_get_status (visit) == WR_VISIT_COMPLETED;
  g_autofree char *started = wr_date_time_format (wr_visit_get_started (visit));
  g_autofree char *when_text = g_strdup_printf ("%s · %s", started, wr_visit_kind_get_label (wr_visit_get_kind (visit)));
  g_autofree char *answered = progress_text (visit);
  g_autofree char *status_words = status_text (self, visit);
  g_autofree char *accessible = NULL;

  gtk_label_set_text (GTK_LABEL (service), wr_visit_get_service_name (visit));
  gtk_label_set_text (GTK_LABEL (when), when_text);
  gtk_label_set_text (GTK_LABEL (team), wr_visit_get_team (visit)[0] ? wr_visit_get_team (visit) : _("No team recorded"));
  gtk_label_set_text (GTK_LABEL (status), status_words);
  gtk_label_set_text (GTK_LABEL (progress), answered);
  if (completed)
    gtk_widget_add_css_class (status, "completed");
  else
    gtk_widget_remove_css_class (status, "completed");

  /* One sentence for a screen reader, rather than five fragments. */
  accessible = g_strdup_printf ("%s, %s, %s, %s", wr_visit_get_service_name (visit), when_text,
                                completed ? _("completed") : _("draft"), answered);
  if (completed && !g_str_equal (status_words, _("Completed")))
    {
      g_autofree char *with_review = g_strdup_printf ("%s, %s", accessible, status_words);

      g_free (accessible);
      accessible = g_steal_pointer (&with_review);
    }
  wr_a11y_label_list_item (item, accessible);
}

static void
wr_visits_page_dispose (GObject *object)
{
  WrVisitsPage *self = (WrVisitsPage *)object;

  wr_visits_page_set_store (self, NULL);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  /* The child goes first, so that AdwBin and the template never both unparent it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WR_TYPE_VISITS_PAGE);

  G_OBJECT_CLASS (wr_visits_page_parent_class)->dispose (object);
}

static void
wr_visits_page_finalize (GObject *object)
{
  WrVisitsPage *self = (WrVisitsPage *)object;

  g_clear_pointer (&self->today, g_free);

  G_OBJECT_CLASS (wr_visits_page_parent_class)->finalize (object);
}

static void
wr_visits_page_class_init (WrVisitsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (WR_TYPE_WRAP_BOX);

  object_class->dispose = wr_visits_page_dispose;
  object_class->finalize = wr_visits_page_finalize;

  signals [ADD_TOAST] =
    g_signal_new ("add-toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  /**
   * WrVisitsPage::open-visit:
   * @visit_uuid: the visit chosen in the list
   */
  signals [OPEN_VISIT] =
    g_signal_new ("open-visit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * WrVisitsPage::new-visit:
   *
   * The user asked to start a visit.
   */
  signals [NEW_VISIT] =
    g_signal_new ("new-visit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/wr-visits-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WrVisitsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, WrVisitsPage, new_button);
  gtk_widget_class_bind_template_child (widget_class, WrVisitsPage, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WrVisitsPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WrVisitsPage, service_filter);
  gtk_widget_class_bind_template_child (widget_class, WrVisitsPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WrVisitsPage, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WrVisitsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, WrVisitsPage, list_view);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sort_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, visit_activated_cb);

  gtk_widget_class_install_action (widget_class, "visits.new", NULL, new_visit_action);

  g_type_ensure (WR_TYPE_SERVICE_FILTER);
}

static void
wr_visits_page_init (WrVisitsPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  const char * const *kind_ids = wr_visit_kind_get_ids ();
  g_autofree char *today = wr_date_today ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* In code, not the template: see wr_a11y_set_tooltip(). */
  wr_a11y_set_tooltip (self->new_button, _("Start a visit (Ctrl+N)"));
  wr_a11y_set_tooltip (GTK_WIDGET (self->kind_dropdown), _("Kind of visit"));
  wr_a11y_set_tooltip (GTK_WIDGET (self->status_dropdown), _("Status"));
  wr_a11y_set_tooltip (GTK_WIDGET (self->service_filter), _("Service"));
  wr_a11y_set_tooltip (GTK_WIDGET (self->period_dropdown), _("Period"));
  wr_a11y_set_tooltip (GTK_WIDGET (self->sort_dropdown), _("Order"));

  gtk_string_list_append (kinds, _("Any Kind"));
  for (guint i = 0; kind_ids[i] != NULL; i++)
    gtk_string_list_append (kinds, wr_visit_kind_get_label (kind_ids[i]));
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (kinds));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);

  wr_a11y_name_drop_downs (GTK_WIDGET (self));

  reload_periods (self, today);
  gtk_stack_set_visible_child_name (self->stack, "opening");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "visits.new", FALSE);
}

/**
 * wr_visits_page_set_store:
 * @self: a #WrVisitsPage
 * @store: (nullable): the open database
 */
void
wr_visits_page_set_store (WrVisitsPage *self,
                          WrStore      *store)
{
  g_return_if_fail (WR_IS_VISITS_PAGE (self));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
  g_set_object (&self->store, store);
  g_clear_object (&self->visits);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "visits.new", store != NULL);

  if (store != NULL)
    {
      g_autoptr(GtkNoSelection) selection = NULL;

      g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
      self->visits = wr_visit_list_new (store);
      selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->visits)));
      gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
      wr_service_filter_set_store (self->service_filter, store);
      refilter (self);
    }
  else
    {
      wr_service_filter_set_store (self->service_filter, NULL);
      gtk_list_view_set_model (self->list_view, NULL);
      gtk_stack_set_visible_child_name (self->stack, "opening");
    }
}

/**
 * wr_visits_page_get_model:
 * @self: a #WrVisitsPage
 *
 * Returns: (transfer none) (nullable): the visits shown
 */
GListModel *
wr_visits_page_get_model (WrVisitsPage *self)
{
  g_return_val_if_fail (WR_IS_VISITS_PAGE (self), NULL);

  return self->visits ? G_LIST_MODEL (self->visits) : NULL;
}

/**
 * _wr_visits_page_set_today:
 * @self: a #WrVisitsPage
 * @today: (nullable): a date as YYYY-MM-DD, or %NULL for the real date
 *
 * Counts periods such as "This Financial Year" from @today, so that tests
 * do not depend on when they run.
 */
void
_wr_visits_page_set_today (WrVisitsPage *self,
                           const char   *today)
{
  g_return_if_fail (WR_IS_VISITS_PAGE (self));

  g_free (self->today);
  self->today = g_strdup (today);
  refilter (self);
}
