/* wr-evidence-page.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-evidence-page"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-a11y.h"
#include "wr-catalog.h"
#include "wr-dates.h"
#include "wr-evidence-item.h"
#include "wr-evidence-page.h"
#include "wr-evidence-tree.h"
#include "wr-export-dialog.h"
#include "wr-role.h"
#include "wr-service-filter.h"
#include "wr-visit.h"
#include "wr-wrap-box.h"

/* The CQC framework with the evidence the chosen visits hold for each
 * node (key question → quality statement, and the regulations), its gaps
 * told apart, and the services not visited; a node's observations and
 * answers of concern listed beside it, a page at a time. Everything is
 * counted on a thread of its own, on a connection of its own, so the
 * window never waits for it.
 */

/* Items are listed this many at a time: a regulation of a large trust's
 * year has thousands.
 */
#define ITEMS_PAGE 200

struct _WrEvidencePage
{
  AdwBin           parent_instance;

  GtkDropDown     *period_dropdown;
  WrServiceFilter *service_filter;
  GtkDropDown     *kind_dropdown;
  GtkDropDown     *status_dropdown;
  GtkWidget       *export_button;
  GtkWidget       *import_button;
  GtkWidget       *conflicts_button;
  AdwLeaflet      *leaflet;
  GtkWidget       *tree_pane;
  GtkWidget       *items_pane;
  GtkLabel        *tree_status_label;
  GtkListView     *tree_view;
  GtkExpander     *not_visited_expander;
  GtkLabel        *not_visited_label;
  GtkWidget       *back_button;
  GtkLabel        *node_title_label;
  GtkLabel        *node_summary_label;
  GtkStack        *items_stack;
  AdwStatusPage   *items_status;
  GtkListView     *items_view;
  GtkButton       *more_button;

  WrStore         *store;
  WrFormLibrary   *library;
  WrCatalog       *catalog;
  char            *today;

  WrStore         *tree_reader;    /* the tree's own connection, one task at a time */
  GCancellable    *tree_cancellable;
  gboolean         tree_again;
  WrEvidenceTree  *tree;
  WrScope         *scope;          /* the filters the tree was counted with */
  GtkStringList   *nodes;          /* a row per node: its index in tree->nodes, or "" for a heading */
  GtkSingleSelection *selection;
  guint            refresh_source;

  WrStore         *items_reader;
  GCancellable    *items_cancellable;  /* the listing under way, one at a time */
  gboolean         items_again;        /* list again once it has stopped */
  gboolean         items_again_more;
  GListStore      *items;
  guint            items_total;
  char            *node_kind;      /* the node listed, or NULL */
  char            *node_id;
  char            *node_title;
  char            *want_kind;      /* a node to select once the tree is counted */
  char            *want_id;
};

G_DEFINE_FINAL_TYPE (WrEvidencePage, wr_evidence_page, ADW_TYPE_BIN)

enum {
  ADD_TOAST,
  OPEN_VISIT,
  EXPORT_DIALOG,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void load_items (WrEvidencePage *self,
                        gboolean        more);

static void
toast (WrEvidencePage *self,
       const char     *message)
{
  g_autoptr(AdwToast) toast = adw_toast_new (message);

  g_signal_emit (self, signals [ADD_TOAST], 0, toast);
}

/* The filters ------------------------------------------------------------------ */

static WrScope *
build_scope (WrEvidencePage *self)
{
  g_autoptr(WrScope) scope = wr_scope_new ();
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  const char * const *kinds = wr_visit_kind_get_ids ();
  const char *service = wr_service_filter_get_service_uuid (self->service_filter);
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);
  guint status = gtk_drop_down_get_selected (self->status_dropdown);

  wr_period_get_range (gtk_drop_down_get_selected (self->period_dropdown), self->today, &from, &to);
  if (from != NULL)
    wr_scope_set_from (scope, from, NULL);
  if (to != NULL)
    wr_scope_set_to (scope, to, NULL);
  if (service != NULL)
    wr_scope_add_service (scope, service, NULL);
  if (kind > 0 && kind != GTK_INVALID_LIST_POSITION && kind - 1 < g_strv_length ((GStrv) kinds))
    wr_scope_add_kind (scope, kinds[kind - 1], NULL);
  if (status == 1)
    wr_scope_set_status (scope, "completed", NULL);
  else if (status == 2)
    wr_scope_set_status (scope, "draft", NULL);

  return g_steal_pointer (&scope);
}

static char *
describe_period (const WrScope *scope)
{
  if (scope->from != NULL && scope->to != NULL)
    {
      g_autoptr(GDateTime) from = wr_date_parse (scope->from);
      g_autoptr(GDateTime) to = wr_date_parse (scope->to);
      g_autofree char *a = from ? g_date_time_format (from, "%-d %b %Y") : g_strdup (scope->from);
      g_autofree char *b = to ? g_date_time_format (to, "%-d %b %Y") : g_strdup (scope->to);

      /* Translators: a period, such as "1 Apr 2026 to 31 Mar 2027" */
      return g_strdup_printf (_("%s to %s"), a, b);
    }
  if (scope->from != NULL)
    return g_strdup_printf (_("since %s"), scope->from);
  return g_strdup (_("all time"));
}

/* Counting the tree -------------------------------------------------------------- */

typedef struct
{
  WrStore       *reader;
  WrCatalog     *catalog;
  WrFormLibrary *library;
  WrScope       *scope;
  gint64         started;
} TreeJob;

static void
tree_job_free (TreeJob *job)
{
  g_clear_object (&job->reader);
  g_clear_object (&job->catalog);
  g_clear_object (&job->library);
  g_clear_pointer (&job->scope, wr_scope_free);
  g_free (job);
}

static void
tree_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TreeJob *job = task_data;
  GError *error = NULL;
  WrEvidenceTree *tree;

  tree = wr_evidence_tree_new (job->reader, job->catalog, job->library, job->scope, cancellable, &error);
  if (tree == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, tree, (GDestroyNotify) wr_evidence_tree_free);
}

static const WrEvidenceNode *
node_at (WrEvidencePage *self,
         guint           position)
{
  const char *index = self->nodes ? gtk_string_list_get_string (self->nodes, position) : NULL;
  guint64 i;

  if (index == NULL || index[0] == '\0' || self->tree == NULL)
    return NULL;
  i = g_ascii_strtoull (index, NULL, 10);
  if (i >= self->tree->nodes->len)
    return NULL;
  return &g_array_index (self->tree->nodes, WrEvidenceNode, i);
}

static char *
node_title (const WrEvidenceNode *node)
{
  if (node->kind == WR_EVIDENCE_REGULATION)
    /* Translators: a regulation's number, then its title */
    return g_strdup_printf (_("Regulation %s: %s"), node->id, node->title);
  return g_strdup (node->title);
}

static char *
describe_counts (const WrEvidenceNode *node)
{
  const WrEvidenceCounts *c = &node->counts;
  g_autoptr(GString) text = g_string_new (NULL);

  if (node->gap == WR_EVIDENCE_GAP_NO_FORM)
    return g_strdup (_("No installed form can give evidence for it"));
  if (node->gap == WR_EVIDENCE_GAP_NO_EVIDENCE)
    return g_strdup (_("No evidence in this period"));

  if (c->observations > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u observation (%u good, %u concerns)",
                                               "%u observations (%u good, %u concerns)", c->observations),
                            c->observations, c->good, c->concerns);
  if (c->answers_of_concern > 0)
    {
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u answer of concern", "%u answers of concern",
                                                 c->answers_of_concern), c->answers_of_concern);
    }
  g_string_append (text, " · ");
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u visit", "%u visits", c->visits), c->visits);
  g_string_append (text, " · ");
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u service", "%u services", c->services), c->services);
  if (c->open_actions > 0)
    {
      g_string_append (text, " · ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u open action", "%u open actions",
                                                 c->open_actions), c->open_actions);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
show_not_visited (WrEvidencePage *self)
{
  g_autoptr(GString) names = g_string_new (NULL);
  GPtrArray *services = self->tree->not_visited;
  g_autofree char *title = NULL;

  for (guint i = 0; i < services->len; i++)
    {
      WrService *service = g_ptr_array_index (services, i);
      const char *directorate = wr_service_get_directorate (service);

      if (names->len > 0)
        g_string_append_c (names, '\n');
      if (directorate != NULL && directorate[0] != '\0')
        g_string_append_printf (names, "%s (%s)", wr_service_get_name (service), directorate);
      else
        g_string_append (names, wr_service_get_name (service));
    }

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u _service not visited in the period",
                                        "%u _services not visited in the period", services->len),
                           services->len);
  gtk_expander_set_label (self->not_visited_expander, title);
  {
    /* GTK 4.8 reads an expander by its type's name, not its label. */
    g_autofree char *spoken = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u service not visited in the period",
                                                            "%u services not visited in the period", services->len),
                                               services->len);

    gtk_accessible_update_property (GTK_ACCESSIBLE (self->not_visited_expander), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    spoken, -1);
  }
  gtk_label_set_text (self->not_visited_label, names->str);
  gtk_widget_set_visible (GTK_WIDGET (self->not_visited_expander), services->len > 0);
}

static void start_tree (WrEvidencePage *self);

static void
tree_counted_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  WrEvidencePage *self = WR_EVIDENCE_PAGE (object);
  TreeJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(WrEvidenceTree) tree = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GStrvBuilder) rows = NULL;
  g_auto(GStrv) strv = NULL;
  g_autofree char *period = NULL;
  g_autofree char *status = NULL;
  guint with_evidence = 0, no_evidence = 0, no_form = 0;
  guint select = GTK_INVALID_LIST_POSITION;
  gboolean regulations = FALSE;

  g_clear_object (&self->tree_cancellable);
  if (self->nodes == NULL)
    return;  /* disposed */
  if (self->tree_again)
    {
      start_tree (self);
      return;
    }
  if (tree == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_label_set_text (self->tree_status_label, error->message);
          toast (self, error->message);
        }
      return;
    }

  g_debug ("Evidence tree counted in %.0f ms", (g_get_monotonic_time () - job->started) / 1000.0);

  g_clear_pointer (&self->tree, wr_evidence_tree_free);
  g_clear_pointer (&self->scope, wr_scope_free);
  self->tree = g_steal_pointer (&tree);
  self->scope = wr_scope_copy (job->scope);

  rows = g_strv_builder_new ();
  for (guint i = 0; i < self->tree->nodes->len; i++)
    {
      const WrEvidenceNode *node = &g_array_index (self->tree->nodes, WrEvidenceNode, i);
      g_autofree char *index = g_strdup_printf ("%u", i);

      if (node->kind == WR_EVIDENCE_REGULATION && !regulations)
        {
          g_strv_builder_add (rows, "");
          regulations = TRUE;
        }
      g_strv_builder_add (rows, index);
      if (node->kind != WR_EVIDENCE_KEY_QUESTION)
        {
          with_evidence += node->gap == WR_EVIDENCE_GAP_NONE;
          no_evidence += node->gap == WR_EVIDENCE_GAP_NO_EVIDENCE;
          no_form += node->gap == WR_EVIDENCE_GAP_NO_FORM;
        }
    }
  strv = g_strv_builder_end (rows);

  /* The node listed before stays listed, if it is still there. */
  if (self->want_kind == NULL && self->node_kind != NULL)
    {
      self->want_kind = g_strdup (self->node_kind);
      self->want_id = g_strdup (self->node_id);
    }
  for (guint r = 0; strv[r] != NULL && self->want_kind != NULL; r++)
    {
      const WrEvidenceNode *node;
      guint64 i;

      if (strv[r][0] == '\0')
        continue;
      i = g_ascii_strtoull (strv[r], NULL, 10);
      node = &g_array_index (self->tree->nodes, WrEvidenceNode, i);
      if (g_str_equal (wr_evidence_node_kind_to_string (node->kind), self->want_kind) &&
          g_str_equal (node->id, self->want_id))
        select = r;
    }
  g_clear_pointer (&self->want_kind, g_free);
  g_clear_pointer (&self->want_id, g_free);

  g_signal_handlers_block_matched (self->selection, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_string_list_splice (self->nodes, 0, g_list_model_get_n_items (G_LIST_MODEL (self->nodes)),
                          (const char * const *) strv);
  gtk_single_selection_set_selected (self->selection, select);
  g_signal_handlers_unblock_matched (self->selection, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);

  period = describe_period (self->scope);
  /* Translators: the first %s is a period; then counts of regulations and statements */
  status = g_strdup_printf (_("%s: %u with evidence, %u with none in the period, %u that no installed form covers"),
                            period, with_evidence, no_evidence, no_form);
  gtk_label_set_text (self->tree_status_label, status);
  show_not_visited (self);

  if (select != GTK_INVALID_LIST_POSITION)
    {
      const WrEvidenceNode *node = node_at (self, select);

      g_free (self->node_title);
      self->node_title = node_title (node);
      load_items (self, FALSE);
    }
  else
    {
      g_clear_pointer (&self->node_kind, g_free);
      g_clear_pointer (&self->node_id, g_free);
      load_items (self, FALSE);
    }
}

static void
start_tree (WrEvidencePage *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  TreeJob *job;

  self->tree_again = FALSE;
  if (self->store == NULL || self->catalog == NULL)
    return;

  /* One count at a time on the tree's connection: a newer filter cancels
   * the count under way and starts again once it has stopped.
   */
  if (self->tree_cancellable != NULL)
    {
      self->tree_again = TRUE;
      g_cancellable_cancel (self->tree_cancellable);
      return;
    }

  if (self->tree_reader == NULL && !(self->tree_reader = wr_store_open_another (self->store, &error)))
    {
      gtk_label_set_text (self->tree_status_label, error->message);
      return;
    }

  job = g_new0 (TreeJob, 1);
  job->reader = g_object_ref (self->tree_reader);
  job->catalog = g_object_ref (self->catalog);
  job->library = self->library ? g_object_ref (self->library) : NULL;
  job->scope = build_scope (self);
  job->started = g_get_monotonic_time ();

  gtk_label_set_text (self->tree_status_label, _("Counting the evidence…"));
  self->tree_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->tree_cancellable, tree_counted_cb, NULL);
  g_task_set_source_tag (task, start_tree);
  g_task_set_task_data (task, job, (GDestroyNotify) tree_job_free);
  g_task_run_in_thread (task, tree_worker);
}

static gboolean
refresh_cb (gpointer user_data)
{
  WrEvidencePage *self = user_data;

  self->refresh_source = 0;
  start_tree (self);
  return G_SOURCE_REMOVE;
}

static void
filter_changed_cb (WrEvidencePage *self)
{
  start_tree (self);
}

/* Saves come in bursts while a visit is recorded: count once they stop. */
static void
store_changed_cb (WrEvidencePage *self)
{
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->refresh_source = g_timeout_add (500, refresh_cb, self);
}

/* Listing a node's evidence -------------------------------------------------------- */

typedef struct
{
  WrStore *reader;
  WrScope *scope;
  char    *kind;
  char    *id;
  guint    offset;
  guint    total;
} ItemsJob;

static void
items_job_free (ItemsJob *job)
{
  g_clear_object (&job->reader);
  g_clear_pointer (&job->scope, wr_scope_free);
  g_free (job->kind);
  g_free (job->id);
  g_free (job);
}

static void
items_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ItemsJob *job = task_data;
  GError *error = NULL;
  GPtrArray *items;

  items = wr_store_list_evidence_items (job->reader, job->scope, job->kind, job->id, job->offset, ITEMS_PAGE,
                                        &job->total, cancellable, &error);
  if (items == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
}

static void
update_more_button (WrEvidencePage *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  g_autofree char *label = NULL;

  if (shown < self->items_total)
    {
      /* Translators: how many are shown, of how many in all */
      label = g_strdup_printf (_("Show _More (%u of %u Shown)"), shown, self->items_total);
      gtk_button_set_label (self->more_button, label);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->more_button), shown < self->items_total);
}

static void
items_listed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  WrEvidencePage *self = WR_EVIDENCE_PAGE (object);
  ItemsJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = g_task_propagate_pointer (G_TASK (result), &error);
  gboolean stale = g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result)));

  g_clear_object (&self->items_cancellable);
  if (self->items == NULL)
    return;  /* disposed */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "evidence.show-more", TRUE);
  if (self->items_again)
    {
      load_items (self, self->items_again_more);
      return;
    }
  if (stale || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (items == NULL)
    {
      toast (self, error->message);
      return;
    }

  self->items_total = job->total;
  if (job->offset == 0)
    g_list_store_remove_all (self->items);
  g_list_store_splice (self->items, g_list_model_get_n_items (G_LIST_MODEL (self->items)), 0, items->pdata, items->len);
  gtk_stack_set_visible_child_name (self->items_stack, "list");
  update_more_button (self);
}

static void
update_node_header (WrEvidencePage *self,
                    const WrEvidenceNode *node)
{
  gboolean any = node != NULL && node->gap == WR_EVIDENCE_GAP_NONE;

  gtk_label_set_text (self->node_title_label, node ? self->node_title : _("Choose a regulation or a quality statement"));
  if (node != NULL)
    {
      g_autofree char *counts = describe_counts (node);

      gtk_label_set_text (self->node_summary_label, counts);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->node_summary_label), node != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "evidence.export-node", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "evidence.report-node", any);
}

static const WrEvidenceNode *
selected_node (WrEvidencePage *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);

  return position != GTK_INVALID_LIST_POSITION ? node_at (self, position) : NULL;
}

/* Lists the selected node's evidence, from the start or the next page. */
static void
load_items (WrEvidencePage *self,
            gboolean        more)
{
  const WrEvidenceNode *node = selected_node (self);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  ItemsJob *job;

  self->items_again = FALSE;
  if (self->items_cancellable != NULL)
    g_cancellable_cancel (self->items_cancellable);

  update_node_header (self, node);
  if (node == NULL || node->gap != WR_EVIDENCE_GAP_NONE)
    {
      g_list_store_remove_all (self->items);
      self->items_total = 0;
      update_more_button (self);
      if (node == NULL)
        {
          adw_status_page_set_title (self->items_status, _("Evidence by Regulation and Quality Statement"));
          adw_status_page_set_description (self->items_status,
                                           _("Choose a key question, a quality statement or a regulation to list its observations and answers of concern."));
        }
      else if (node->gap == WR_EVIDENCE_GAP_NO_EVIDENCE)
        {
          adw_status_page_set_title (self->items_status, _("No Evidence in This Period"));
          adw_status_page_set_description (self->items_status,
                                           _("An installed form can link observations or answers to it, but no visit chosen by the filters did."));
        }
      else
        {
          adw_status_page_set_title (self->items_status, _("No Form Covers This"));
          adw_status_page_set_description (self->items_status,
                                           _("No installed form links a question or an observation to it, so no visit can give evidence for it. Add a form that does on the Forms page."));
        }
      gtk_stack_set_visible_child_name (self->items_stack, "none");
      return;
    }

  /* Pages are listed one after another on the same connection, one at a
   * time: a newer choice cancels the listing under way and starts once
   * it has stopped.
   */
  if (self->items_cancellable != NULL)
    {
      self->items_again = TRUE;
      self->items_again_more = more;
      return;
    }
  if (self->items_reader == NULL && !(self->items_reader = wr_store_open_another (self->store, &error)))
    {
      toast (self, error->message);
      return;
    }

  job = g_new0 (ItemsJob, 1);
  job->reader = g_object_ref (self->items_reader);
  job->scope = wr_scope_copy (self->scope);
  job->kind = g_strdup (wr_evidence_node_kind_to_string (node->kind));
  job->id = g_strdup (node->id);
  job->offset = more ? g_list_model_get_n_items (G_LIST_MODEL (self->items)) : 0;

  self->items_cancellable = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "evidence.show-more", FALSE);
  task = g_task_new (self, self->items_cancellable, items_listed_cb, NULL);
  g_task_set_source_tag (task, load_items);
  g_task_set_task_data (task, job, (GDestroyNotify) items_job_free);
  g_task_run_in_thread (task, items_worker);
}

static void
selection_changed_cb (WrEvidencePage *self)
{
  const WrEvidenceNode *node = selected_node (self);

  g_clear_pointer (&self->node_kind, g_free);
  g_clear_pointer (&self->node_id, g_free);
  g_clear_pointer (&self->node_title, g_free);
  if (node != NULL)
    {
      self->node_kind = g_strdup (wr_evidence_node_kind_to_string (node->kind));
      self->node_id = g_strdup (node->id);
      self->node_title = node_title (node);
    }
  load_items (self, FALSE);
}

static void
tree_activated_cb (WrEvidencePage *self,
                   guint           position)
{
  if (node_at (self, position) == NULL)
    return;
  if (gtk_single_selection_get_selected (self->selection) != position)
    gtk_single_selection_set_selected (self->selection, position);
  if (adw_leaflet_get_folded (self->leaflet))
    {
      adw_leaflet_set_visible_child (self->leaflet, self->items_pane);
      gtk_widget_grab_focus (GTK_WIDGET (self->items_view));
    }
}

static void
folded_cb (WrEvidencePage *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  gtk_widget_set_visible (self->back_button, folded);
  /* A tap on a narrow screen opens the node; a wide one shows it beside. */
  gtk_list_view_set_single_click_activate (self->tree_view, folded);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  WrEvidencePage *self = WR_EVIDENCE_PAGE (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->tree_pane);
  gtk_widget_grab_focus (GTK_WIDGET (self->tree_view));
}

static void
show_more_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  load_items (WR_EVIDENCE_PAGE (widget), TRUE);
}

/* The rows ------------------------------------------------------------------------ */

static void
setup_node_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *counts = gtk_label_new (NULL);

  /* Wrapped at about 40 characters, so that the tree takes a third of a
   * wide window and the evidence the rest.
   */
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (title), 40);
  gtk_label_set_xalign (GTK_LABEL (counts), 0);
  gtk_label_set_wrap (GTK_LABEL (counts), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (counts), 40);
  gtk_widget_add_css_class (counts, "caption");
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), counts);
  gtk_list_item_set_child (item, box);
}

static void
bind_node_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  WrEvidencePage *self = user_data;
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *counts = gtk_widget_get_next_sibling (title);
  const WrEvidenceNode *node = node_at (self, gtk_list_item_get_position (item));
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  g_autofree char *accessible = NULL;

  gtk_widget_remove_css_class (title, "heading");
  gtk_widget_remove_css_class (counts, "dim-label");
  gtk_widget_remove_css_class (counts, "warning");
  gtk_widget_remove_css_class (box, "evidence-statement");

  if (node == NULL)
    {
      /* The heading above the regulations. */
      gtk_label_set_text (GTK_LABEL (title), _("Regulations"));
      gtk_widget_add_css_class (title, "heading");
      gtk_widget_set_visible (counts, FALSE);
      gtk_widget_set_margin_start (box, 0);
      gtk_list_item_set_selectable (item, FALSE);
      gtk_list_item_set_activatable (item, FALSE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (box)),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Regulations"), -1);
      return;
    }

  name = node_title (node);
  text = describe_counts (node);
  gtk_list_item_set_selectable (item, TRUE);
  gtk_list_item_set_activatable (item, TRUE);
  gtk_label_set_text (GTK_LABEL (title), name);
  gtk_label_set_text (GTK_LABEL (counts), text);
  gtk_widget_set_visible (counts, TRUE);
  if (node->kind == WR_EVIDENCE_KEY_QUESTION)
    gtk_widget_add_css_class (title, "heading");
  gtk_widget_set_margin_start (box, node->kind == WR_EVIDENCE_STATEMENT && node->parent ? 18 : 0);
  if (node->gap == WR_EVIDENCE_GAP_NO_FORM)
    gtk_widget_add_css_class (counts, "dim-label");
  else if (node->gap == WR_EVIDENCE_GAP_NO_EVIDENCE)
    gtk_widget_add_css_class (counts, "warning");

  accessible = g_strdup_printf ("%s: %s", name, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (box)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static void
setup_item_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *head = gtk_label_new (NULL);
  GtkWidget *text = gtk_label_new (NULL);
  GtkWidget *foot = gtk_label_new (NULL);

  for (GtkWidget *label = head; label != NULL; label = label == head ? text : label == text ? foot : NULL)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_label_set_lines (GTK_LABEL (text), 4);
  gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (head, "caption-heading");
  gtk_widget_add_css_class (foot, "caption");
  gtk_widget_add_css_class (foot, "dim-label");
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_item_set_child (item, box);
}

static const char *
catalog_title (WrCatalog     *catalog,
               WrCatalogKind  kind,
               const char    *id)
{
  WrCatalogEntry *entry = catalog && id && id[0] ? wr_catalog_lookup (catalog, kind, id) : NULL;

  return entry ? wr_catalog_entry_get_title (entry) : id;
}

static char *
describe_roles (const char *roles)
{
  g_auto(GStrv) ids = g_strsplit (roles, ",", -1);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      int role = wr_role_find (ids[i]);

      if (ids[i][0] == '\0')
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, role >= 0 ? wr_role_get_label ((guint) role) : ids[i]);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
bind_item_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  WrEvidencePage *self = user_data;
  WrEvidenceItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *head = gtk_widget_get_first_child (gtk_list_item_get_child (list_item));
  GtkWidget *text = gtk_widget_get_next_sibling (head);
  GtkWidget *foot = gtk_widget_get_next_sibling (text);
  g_autoptr(GDateTime) date = wr_date_parse (wr_evidence_item_get_date (item));
  g_autofree char *day = date ? g_date_time_format (date, "%-d %b %Y") : g_strdup (wr_evidence_item_get_date (item));
  g_autofree char *head_text = NULL;
  g_autofree char *body = NULL;
  g_autofree char *foot_text = NULL;
  g_autofree char *accessible = NULL;
  g_autofree char *roles = describe_roles (wr_evidence_item_get_roles (item));
  const char *kind;
  const char *who;

  if (wr_evidence_item_is_answer (item))
    {
      WrForm *form = self->library ? wr_form_library_lookup (self->library, wr_evidence_item_get_form_id (item),
                                                             wr_evidence_item_get_form_version (item)) : NULL;
      WrFormItem *question = form ? wr_form_lookup_item (form, wr_evidence_item_get_question_id (item)) : NULL;
      const char *label = question ? wr_form_item_get_label (question) : wr_evidence_item_get_question_id (item);

      kind = _("Answer of concern");
      if (wr_evidence_item_get_repeat_index (item) > 0)
        /* Translators: a question, then which filling of a repeated section it was answered in */
        body = g_strdup_printf (_("%s (filling %u)"), label, wr_evidence_item_get_repeat_index (item) + 1);
      else
        body = g_strdup_printf (_("Not met: %s"), label);
      who = roles;
    }
  else
    {
      const char *voice = wr_evidence_item_get_voice (item);

      kind = catalog_title (self->catalog, WR_CATALOG_OBSERVATION_KIND, wr_evidence_item_get_kind (item));
      body = g_strdup (wr_evidence_item_get_text (item));
      who = voice[0] != '\0' ? catalog_title (self->catalog, WR_CATALOG_VOICE, voice) : roles;
    }

  /* Translators: the kind of evidence, the date of its visit and the service */
  head_text = g_strdup_printf (_("%s · %s · %s"), kind, day, wr_evidence_item_get_service_name (item));
  if (who != NULL && who[0] != '\0')
    foot_text = g_strdup_printf ("%s · %s", wr_visit_kind_get_label (wr_evidence_item_get_visit_kind (item)), who);
  else
    foot_text = g_strdup (wr_visit_kind_get_label (wr_evidence_item_get_visit_kind (item)));

  gtk_label_set_text (GTK_LABEL (head), head_text);
  gtk_label_set_text (GTK_LABEL (text), body);
  gtk_label_set_text (GTK_LABEL (foot), foot_text);
  gtk_widget_remove_css_class (head, "error");
  gtk_widget_remove_css_class (head, "success");
  if (wr_evidence_item_is_answer (item) || g_str_equal (wr_evidence_item_get_kind (item), "concern"))
    gtk_widget_add_css_class (head, "error");
  else if (g_str_equal (wr_evidence_item_get_kind (item), "good-practice"))
    gtk_widget_add_css_class (head, "success");

  accessible = g_strdup_printf ("%s. %s. %s", head_text, body, foot_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (gtk_list_item_get_child (list_item))),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static void
item_activated_cb (WrEvidencePage *self,
                   guint           position)
{
  g_autoptr(WrEvidenceItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), position);

  if (item != NULL)
    g_signal_emit (self, signals [OPEN_VISIT], 0, wr_evidence_item_get_visit_uuid (item));
}

/* Exporting a node's evidence ---------------------------------------------------------- */

static WrExportDialog *
open_node_dialog (WrEvidencePage *self)
{
  const WrEvidenceNode *node = selected_node (self);
  g_autoptr(WrScope) scope = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *period = NULL;
  g_autofree char *description = NULL;
  WrExportDialog *dialog;
  GtkRoot *root;

  if (node == NULL || self->scope == NULL || self->store == NULL || self->library == NULL)
    return NULL;

  scope = wr_scope_copy (self->scope);
  if (!wr_scope_add_evidence (scope, wr_evidence_node_kind_to_string (node->kind), node->id, &error))
    {
      toast (self, error->message);
      return NULL;
    }

  period = describe_period (scope);
  /* Translators: the first %s names a regulation or quality statement, the second a period */
  description = g_strdup_printf (_("The visits holding the evidence of “%s” (its observations and answers of concern), %s, with the filters of the Evidence page."),
                                 self->node_title, period);
  dialog = wr_export_dialog_new (self->store, self->library, self->today);
  wr_export_dialog_set_fixed_scope (dialog, scope, description);
  /* What it exports or reports is followed up as the window's own dialog's. */
  g_signal_emit (self, signals [EXPORT_DIALOG], 0, dialog);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
export_node_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  open_node_dialog (WR_EVIDENCE_PAGE (widget));
}

static void
report_node_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  WrExportDialog *dialog = open_node_dialog (WR_EVIDENCE_PAGE (widget));

  if (dialog != NULL)
    wr_export_dialog_write_report (dialog);
}

/* The page ------------------------------------------------------------------------ */

static void
fill_dropdowns (WrEvidencePage *self)
{
  g_auto(GStrv) periods = wr_period_list_labels (self->today);
  g_autoptr(GtkStringList) period_list = gtk_string_list_new ((const char * const *) periods);
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  const char * const *ids = wr_visit_kind_get_ids ();

  gtk_string_list_append (kinds, _("Any Kind of Visit"));
  for (guint i = 0; ids[i] != NULL; i++)
    gtk_string_list_append (kinds, wr_visit_kind_get_label (ids[i]));

  g_signal_handlers_block_matched (self->period_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  g_signal_handlers_block_matched (self->kind_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_drop_down_set_model (self->period_dropdown, G_LIST_MODEL (period_list));
  gtk_drop_down_set_selected (self->period_dropdown, WR_PERIOD_THIS_YEAR);
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (kinds));
  g_signal_handlers_unblock_matched (self->period_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  g_signal_handlers_unblock_matched (self->kind_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
}

static void
wr_evidence_page_dispose (GObject *object)
{
  WrEvidencePage *self = (WrEvidencePage *)object;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->tree_cancellable != NULL)
    g_cancellable_cancel (self->tree_cancellable);
  if (self->items_cancellable != NULL)
    g_cancellable_cancel (self->items_cancellable);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), WR_TYPE_EVIDENCE_PAGE);

  g_clear_object (&self->tree_cancellable);
  g_clear_object (&self->items_cancellable);
  g_clear_object (&self->selection);
  g_clear_object (&self->nodes);
  g_clear_object (&self->items);
  g_clear_object (&self->tree_reader);
  g_clear_object (&self->items_reader);
  g_clear_object (&self->store);
  g_clear_object (&self->library);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (wr_evidence_page_parent_class)->dispose (object);
}

static void
wr_evidence_page_finalize (GObject *object)
{
  WrEvidencePage *self = (WrEvidencePage *)object;

  g_clear_pointer (&self->tree, wr_evidence_tree_free);
  g_clear_pointer (&self->scope, wr_scope_free);
  g_free (self->today);
  g_free (self->node_kind);
  g_free (self->node_id);
  g_free (self->node_title);
  g_free (self->want_kind);
  g_free (self->want_id);

  G_OBJECT_CLASS (wr_evidence_page_parent_class)->finalize (object);
}

static void
wr_evidence_page_class_init (WrEvidencePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (WR_TYPE_WRAP_BOX);
  g_type_ensure (WR_TYPE_SERVICE_FILTER);

  object_class->dispose = wr_evidence_page_dispose;
  object_class->finalize = wr_evidence_page_finalize;

  signals [ADD_TOAST] =
    g_signal_new ("add-toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  /**
   * WrEvidencePage::open-visit:
   * @uuid: the visit that holds the evidence
   *
   * Asks for the visit to be opened.
   */
  signals [OPEN_VISIT] =
    g_signal_new ("open-visit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * WrEvidencePage::export-dialog:
   * @dialog: an export dialog the page has opened for a node's evidence
   *
   * Hands @dialog to whoever follows up exports and reports (the window:
   * a toast for a pack written, the browser for a report).
   */
  signals [EXPORT_DIALOG] =
    g_signal_new ("export-dialog", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, WR_TYPE_EXPORT_DIALOG);

  gtk_widget_class_install_action (widget_class, "evidence.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "evidence.show-more", NULL, show_more_action);
  gtk_widget_class_install_action (widget_class, "evidence.export-node", NULL, export_node_action);
  gtk_widget_class_install_action (widget_class, "evidence.report-node", NULL, report_node_action);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/wr-evidence-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WrEvidencePage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WrEvidencePage, service_filter);
  gtk_widget_class_bind_template_child (widget_class, WrEvidencePage, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WrEvidencePage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WrEvidencePage, export_button);
  gtk_widget_class_bind_template_child (widget_class, WrEvidencePage, import_button);
  gtk_widget_class_bind_template_child (widget_class, WrEvidencePage, conflicts_button);
  gtk_widget_class_bind_template_child (widget_class, WrEvidencePage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, WrEvidencePage, tree_pane);
  gtk_widget_class_bind_template_child (widget_class, WrEvidencePage, items_pane);
  gtk_widget_class_bind_template_child (widget_class, WrEvidencePage, tree_status_label);
  gtk_widget_class_bind_template_child (widget_class, WrEvidencePage, tree_view);
  gtk_widget_class_bind_template_child (widget_class, WrEvidencePage, not_visited_expander);
  gtk_widget_class_bind_template_child (widget_class, WrEvidencePage, not_visited_label);
  gtk_widget_class_bind_template_child (widget_class, WrEvidencePage, back_button);
  gtk_widget_class_bind_template_child (widget_class, WrEvidencePage, node_title_label);
  gtk_widget_class_bind_template_child (widget_class, WrEvidencePage, node_summary_label);
  gtk_widget_class_bind_template_child (widget_class, WrEvidencePage, items_stack);
  gtk_widget_class_bind_template_child (widget_class, WrEvidencePage, items_status);
  gtk_widget_class_bind_template_child (widget_class, WrEvidencePage, items_view);
  gtk_widget_class_bind_template_child (widget_class, WrEvidencePage, more_button);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_cb);
}

static void
wr_evidence_page_init (WrEvidencePage *self)
{
  g_autoptr(GtkListItemFactory) node_factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) item_factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) no_selection = NULL;

  self->today = wr_date_today ();
  self->catalog = wr_catalog_get_default (NULL);
  if (self->catalog != NULL)
    g_object_ref (self->catalog);

  gtk_widget_init_template (GTK_WIDGET (self));

  wr_a11y_set_tooltip (GTK_WIDGET (self->period_dropdown), _("Period"));
  wr_a11y_set_tooltip (GTK_WIDGET (self->service_filter), _("Service"));
  wr_a11y_set_tooltip (GTK_WIDGET (self->kind_dropdown), _("Kind of visit"));
  wr_a11y_set_tooltip (GTK_WIDGET (self->status_dropdown), _("Status"));
  wr_a11y_set_tooltip (self->back_button, _("Back"));
  wr_a11y_set_tooltip (self->export_button, _("Export an evidence pack of the visits you choose"));
  wr_a11y_set_tooltip (self->import_button, _("Import an evidence pack made on another computer"));
  fill_dropdowns (self);

  self->nodes = gtk_string_list_new (NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->nodes)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect (node_factory, "setup", G_CALLBACK (setup_node_cb), self);
  g_signal_connect (node_factory, "bind", G_CALLBACK (bind_node_cb), self);
  gtk_list_view_set_factory (self->tree_view, node_factory);
  gtk_list_view_set_model (self->tree_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->tree_view, "activate", G_CALLBACK (tree_activated_cb), self, G_CONNECT_SWAPPED);

  self->items = g_list_store_new (WR_TYPE_EVIDENCE_ITEM);
  no_selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->items)));
  g_signal_connect (item_factory, "setup", G_CALLBACK (setup_item_cb), self);
  g_signal_connect (item_factory, "bind", G_CALLBACK (bind_item_cb), self);
  gtk_list_view_set_factory (self->items_view, item_factory);
  gtk_list_view_set_model (self->items_view, GTK_SELECTION_MODEL (no_selection));
  gtk_list_view_set_single_click_activate (self->items_view, TRUE);
  g_signal_connect_object (self->items_view, "activate", G_CALLBACK (item_activated_cb), self, G_CONNECT_SWAPPED);

  wr_a11y_name_drop_downs (GTK_WIDGET (self));
  wr_a11y_name_list_items (self->period_dropdown);
  wr_a11y_name_list_items (self->kind_dropdown);
  wr_a11y_name_list_items (self->status_dropdown);
  update_node_header (self, NULL);
  gtk_stack_set_visible_child_name (self->items_stack, "none");
  folded_cb (self);
}

/**
 * wr_evidence_page_set_store:
 * @self: a #WrEvidencePage
 * @store: (nullable): the open database
 * @library: (nullable): the installed forms, which tell the gaps apart
 *   and name the questions of answers of concern
 *
 * Counts the evidence afresh, on a thread of its own.
 */
void
wr_evidence_page_set_store (WrEvidencePage *self,
                            WrStore        *store,
                            WrFormLibrary  *library)
{
  g_return_if_fail (WR_IS_EVIDENCE_PAGE (self));

  g_set_object (&self->library, library);
  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
  g_set_object (&self->store, store);
  g_clear_object (&self->tree_reader);
  g_clear_object (&self->items_reader);
  wr_service_filter_set_store (self->service_filter, store);

  if (store != NULL)
    {
      g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
      start_tree (self);
    }
}

/**
 * wr_evidence_page_set_today:
 * @self: a #WrEvidencePage
 * @today: today's date, YYYY-MM-DD, for the periods
 */
void
wr_evidence_page_set_today (WrEvidencePage *self,
                            const char     *today)
{
  g_return_if_fail (WR_IS_EVIDENCE_PAGE (self));
  g_return_if_fail (wr_scope_is_date (today));

  g_free (self->today);
  self->today = g_strdup (today);
  fill_dropdowns (self);
  start_tree (self);
}

/**
 * wr_evidence_page_set_n_conflicts:
 * @self: a #WrEvidencePage
 * @n_conflicts: how many conflicts imports left
 *
 * Offers to resolve them, if there are any.
 */
void
wr_evidence_page_set_n_conflicts (WrEvidencePage *self,
                                  guint           n_conflicts)
{
  g_autofree char *label = NULL;

  g_return_if_fail (WR_IS_EVIDENCE_PAGE (self));

  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Resolve %u Conflict…", "_Resolve %u Conflicts…",
                                        n_conflicts), n_conflicts);
  gtk_button_set_label (GTK_BUTTON (self->conflicts_button), label);
  gtk_widget_set_visible (self->conflicts_button, n_conflicts > 0);
}

/**
 * wr_evidence_page_select_node:
 * @self: a #WrEvidencePage
 * @kind: "regulation", "statement" or "key-question"
 * @id: its id
 *
 * Lists that node's evidence, now or once the evidence is counted.
 *
 * Returns: %TRUE if the node is shown now
 */
gboolean
wr_evidence_page_select_node (WrEvidencePage *self,
                              const char     *kind,
                              const char     *id)
{
  guint n;

  g_return_val_if_fail (WR_IS_EVIDENCE_PAGE (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->nodes));
  for (guint i = 0; i < n && self->tree_cancellable == NULL; i++)
    {
      const WrEvidenceNode *node = node_at (self, i);

      if (node != NULL && g_str_equal (wr_evidence_node_kind_to_string (node->kind), kind) &&
          g_str_equal (node->id, id))
        {
          gtk_single_selection_set_selected (self->selection, i);
          return TRUE;
        }
    }

  g_free (self->want_kind);
  g_free (self->want_id);
  self->want_kind = g_strdup (kind);
  self->want_id = g_strdup (id);
  return FALSE;
}

/**
 * wr_evidence_page_get_items:
 * @self: a #WrEvidencePage
 *
 * Returns: (transfer none): the evidence items listed
 */
GListModel *
wr_evidence_page_get_items (WrEvidencePage *self)
{
  g_return_val_if_fail (WR_IS_EVIDENCE_PAGE (self), NULL);

  return G_LIST_MODEL (self->items);
}

/**
 * wr_evidence_page_is_busy:
 * @self: a #WrEvidencePage
 *
 * Returns: %TRUE while the evidence is being counted or listed
 */
gboolean
wr_evidence_page_is_busy (WrEvidencePage *self)
{
  g_return_val_if_fail (WR_IS_EVIDENCE_PAGE (self), FALSE);

  return self->tree_cancellable != NULL || self->items_cancellable != NULL || self->refresh_source != 0;
}
