/* wr-window.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-window"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-a11y.h"
#include "wr-actions-page.h"
#include "wr-application.h"
#include "wr-collect-dialog.h"
#include "wr-conflicts-dialog.h"
#include "wr-evidence-page.h"
#include "wr-export-dialog.h"
#include "wr-forms-page.h"
#include "wr-import-dialog.h"
#include "wr-new-visit-dialog.h"
#include "wr-services-page.h"
#include "wr-summary-page.h"
#include "wr-visit-page.h"
#include "wr-feedback-dialog.h"
#include "wr-print.h"
#include "wr-visits-page.h"
#include "wr-walk-page.h"
#include "wr-window-private.h"

struct _WrWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkWidget            *content_pane;
  GtkListBox           *sidebar;
  GtkStack             *stack;
  AdwWindowTitle       *content_title;
  GtkRevealer          *store_error_revealer;
  GtkLabel             *store_error_label;
  WrServicesPage       *services_page;  /* these are built when first shown */
  WrActionsPage        *actions_page;
  WrVisitsPage         *visits_page;
  WrFormsPage          *forms_page;
  WrEvidencePage       *evidence_page;
  WrSummaryPage        *summary_page;
  AdwBin               *visits_slot;
  AdwBin               *evidence_slot;
  AdwBin               *actions_slot;
  AdwBin               *services_slot;
  AdwBin               *forms_slot;
  AdwBin               *summary_slot;
  GtkStack             *main_stack;
  AdwBin               *visit_slot;
  WrVisitPage          *visit_page;    /* built when a visit first opens */
  GtkWidget            *back_button;
  GtkWidget            *primary_menu_button;
  GtkStack             *window_stack; /* the leaflet, or walk mode over all of it */
  GtkWidget            *walk_page;    /* while a member walks */
  AdwToast             *last_toast;   /* weak, for tests */
  gboolean              painted;      /* the first frame is on screen */
  GCancellable         *counting;     /* the conflicts being counted */
  guint                 n_conflicts;
  gulong                paint_handler;

  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (WrWindow, wr_window, ADW_TYPE_APPLICATION_WINDOW)

/* The sidebar is made from the stack's own pages, so adding a page to the
 * template adds its row.
 */
static GtkWidget *
create_sidebar_row (gpointer item,
                    gpointer user_data)
{
  GtkStackPage *page = item;
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *label;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (gtk_stack_page_get_icon_name (page)));
  label = gtk_label_new (gtk_stack_page_get_title (page));
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), label);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, gtk_stack_page_get_name (page));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, gtk_stack_page_get_title (page),
                                  -1);

  return row;
}

static GtkListBoxRow *
find_row (WrWindow   *self,
          const char *page_name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX_ROW (child) && g_strcmp0 (gtk_widget_get_name (child), page_name) == 0)
        return GTK_LIST_BOX_ROW (child);
    }

  return NULL;
}

static void update_title (WrWindow *self);

/* The visit being recorded, if any: the visit page is built the first
 * time a visit opens.
 */
static WrVisitSession *
current_session (WrWindow *self)
{
  return self->visit_page != NULL ? wr_visit_page_get_session (self->visit_page) : NULL;
}

/* Leaves the visit being recorded (saving any typing first) for the pages. */
static void
close_visit (WrWindow *self)
{
  GtkWidget *focus;
  gboolean focus_in_visit;

  if (current_session (self) == NULL)
    return;

  focus = gtk_root_get_focus (GTK_ROOT (self));
  focus_in_visit = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->visit_page));

  wr_visit_page_set_session (self->visit_page, NULL);
  gtk_stack_set_visible_child_name (self->main_stack, "pages");
  update_title (self);

  /* The keyboard goes on in the page shown, not nowhere. */
  if (focus_in_visit)
    gtk_widget_child_focus (gtk_stack_get_visible_child (self->stack), GTK_DIR_TAB_FORWARD);
}

static void
sidebar_row_activated_cb (WrWindow      *self,
                          GtkListBoxRow *row)
{
  close_visit (self);
  gtk_stack_set_visible_child_name (self->stack, gtk_widget_get_name (GTK_WIDGET (row)));
  adw_leaflet_set_visible_child (self->leaflet, self->content_pane);
}

/* Moving through the sidebar with the arrow keys selects each row: the
 * page follows, as it does for a click or Enter.
 */
static void
sidebar_row_selected_cb (WrWindow      *self,
                         GtkListBoxRow *row)
{
  const char *name;

  if (row == NULL)
    return;

  name = gtk_widget_get_name (GTK_WIDGET (row));
  if (g_strcmp0 (name, gtk_stack_get_visible_child_name (self->stack)) == 0)
    return;

  close_visit (self);
  gtk_stack_set_visible_child_name (self->stack, name);
}

/* Escape leaves a visit, as it leaves a page in GNOME apps. It is caught
 * before the page sees it, or a toast showing (which takes Escape to
 * hide) would keep the person in the visit; elsewhere it goes on as usual.
 */
static gboolean
escape_pressed_cb (GtkWidget *widget,
                   GVariant  *args,
                   gpointer   user_data)
{
  WrWindow *self = WR_WINDOW (widget);

  /* Walk mode asks first: a member may press it by mistake. */
  if (self->walk_page != NULL)
    {
      wr_walk_page_ask_to_leave (WR_WALK_PAGE (self->walk_page));
      return TRUE;
    }

  if (current_session (self) == NULL)
    return FALSE;

  close_visit (self);
  return TRUE;
}

/* Walk mode ------------------------------------------------------------------ */

/* What walk mode leaves out: nothing in the window behind it changes. */
static const char * const walk_disabled[] = {
  "win.go-back", "win.show-page", "win.new-visit", "win.export-pack", "win.import-pack", "win.resolve-conflicts",
  "win.resolve-visit-conflicts",
};

static void
set_walking (WrWindow *self,
             gboolean  walking)
{
  for (guint i = 0; i < G_N_ELEMENTS (walk_disabled); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), walk_disabled[i], !walking);
}

/* Back to the visit, built again from the store with what was given. */
static void
walk_finished_cb (WrWindow   *self,
                  WrWalkPage *walk)
{
  WrVisitSession *session = current_session (self);
  g_autofree char *uuid = session ? g_strdup (wr_visit_get_uuid (wr_visit_session_get_visit (session))) : NULL;
  /* Translators: %s is the name of the member who walked */
  g_autofree char *saved = g_strdup_printf (_("%s’s walk is saved"), wr_walk_page_get_member_name (walk));

  set_walking (self, FALSE);
  gtk_stack_set_visible_child_name (self->window_stack, "main");
  gtk_stack_remove (self->window_stack, self->walk_page);
  self->walk_page = NULL;
  if (uuid != NULL)
    {
      wr_visit_page_set_session (self->visit_page, NULL);
      wr_window_open_visit (self, uuid);
    }
  wr_window_add_toast (self, saved);
}

static void
visit_walk_cb (WrWindow   *self,
               const char *member_uuid)
{
  WrVisitSession *session = current_session (self);

  if (session == NULL || self->walk_page != NULL)
    return;

  self->walk_page = wr_walk_page_new (session, member_uuid);
  g_signal_connect_object (self->walk_page, "finished", G_CALLBACK (walk_finished_cb), self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->window_stack, self->walk_page, "walk");
  gtk_stack_set_visible_child (self->window_stack, self->walk_page);
  set_walking (self, TRUE);
  /* Nothing lies over Back and Next. */
  if (self->last_toast != NULL)
    adw_toast_dismiss (self->last_toast);
  gtk_widget_grab_focus (wr_walk_page_get_heading (WR_WALK_PAGE (self->walk_page)));
}

/* Walk mode goes over the whole window, sidebar and all. */
static void
add_window_stack (WrWindow *self)
{
  GtkWidget *leaflet = GTK_WIDGET (self->leaflet);

  self->window_stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_hhomogeneous (self->window_stack, FALSE);
  gtk_stack_set_vhomogeneous (self->window_stack, FALSE);
  g_object_ref (leaflet);
  adw_toast_overlay_set_child (self->toast_overlay, GTK_WIDGET (self->window_stack));
  gtk_stack_add_named (self->window_stack, leaflet, "main");
  g_object_unref (leaflet);
}

static void
update_title (WrWindow *self)
{
  WrVisitSession *session = current_session (self);
  GtkWidget *child = gtk_stack_get_visible_child (self->stack);

  if (session != NULL)
    adw_window_title_set_title (self->content_title, wr_visit_get_service_name (wr_visit_session_get_visit (session)));
  else if (child != NULL)
    adw_window_title_set_title (self->content_title,
                                gtk_stack_page_get_title (gtk_stack_get_page (self->stack, child)));

  gtk_widget_set_visible (self->back_button, session != NULL || adw_leaflet_get_folded (self->leaflet));
}

static void store_changed_cb (WrWindow *self);
static void page_add_toast_cb (WrWindow *self,
                               AdwToast *toast);
static void open_visit_cb (WrWindow   *self,
                           const char *visit_uuid);
static void new_visit_requested_cb (WrWindow *self);
static void revisit_cb (WrWindow   *self,
                        const char *visit_uuid);
static void visit_deleted_cb (WrWindow   *self,
                              const char *visit_uuid);
static void visit_share_cb (WrWindow   *self,
                            const char *visit_uuid);
static void visit_collect_cb (WrWindow   *self,
                              const char *visit_uuid);

/* Each page is built the first time it is shown, and none before the
 * window's first frame: the window comes at once, and the page it opens
 * on (the Visits page, with its filters) is built in the moment after,
 * while the database opens on a thread of its own.
 */
static void follow_export_dialog (WrWindow       *self,
                                  WrExportDialog *dialog);

static void
ensure_page (WrWindow   *self,
             const char *name)
{
  GtkWidget *page = NULL;
  AdwBin *slot = NULL;

  if (!self->painted)
    return;

  if (g_strcmp0 (name, "visits") == 0 && self->visits_page == NULL)
    {
      page = g_object_new (WR_TYPE_VISITS_PAGE, NULL);
      self->visits_page = WR_VISITS_PAGE (page);
      slot = self->visits_slot;
      g_signal_connect_object (page, "open-visit", G_CALLBACK (open_visit_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (page, "new-visit", G_CALLBACK (new_visit_requested_cb), self, G_CONNECT_SWAPPED);
    }
  else if (g_strcmp0 (name, "actions") == 0 && self->actions_page == NULL)
    {
      page = g_object_new (WR_TYPE_ACTIONS_PAGE, NULL);
      self->actions_page = WR_ACTIONS_PAGE (page);
      slot = self->actions_slot;
      g_signal_connect_object (page, "open-visit", G_CALLBACK (open_visit_cb), self, G_CONNECT_SWAPPED);
    }
  else if (g_strcmp0 (name, "evidence") == 0 && self->evidence_page == NULL)
    {
      page = g_object_new (WR_TYPE_EVIDENCE_PAGE, NULL);
      self->evidence_page = WR_EVIDENCE_PAGE (page);
      slot = self->evidence_slot;
      g_signal_connect_object (page, "open-visit", G_CALLBACK (open_visit_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (page, "export-dialog", G_CALLBACK (follow_export_dialog), self, G_CONNECT_SWAPPED);
    }
  else if (g_strcmp0 (name, "services") == 0 && self->services_page == NULL)
    {
      page = g_object_new (WR_TYPE_SERVICES_PAGE, NULL);
      self->services_page = WR_SERVICES_PAGE (page);
      slot = self->services_slot;
    }
  else if (g_strcmp0 (name, "summary") == 0 && self->summary_page == NULL)
    {
      page = g_object_new (WR_TYPE_SUMMARY_PAGE, NULL);
      self->summary_page = WR_SUMMARY_PAGE (page);
      slot = self->summary_slot;
    }
  else if (g_strcmp0 (name, "forms") == 0 && self->forms_page == NULL)
    {
      page = g_object_new (WR_TYPE_FORMS_PAGE, NULL);
      self->forms_page = WR_FORMS_PAGE (page);
      slot = self->forms_slot;
    }

  if (page == NULL)
    return;

  g_signal_connect_object (page, "add-toast", G_CALLBACK (page_add_toast_cb), self, G_CONNECT_SWAPPED);
  adw_bin_set_child (slot, page);
  if (gtk_window_get_application (GTK_WINDOW (self)) != NULL)
    store_changed_cb (self);
}

static void
stack_visible_child_cb (WrWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);
  GtkListBoxRow *row;

  if (name == NULL || self->content_title == NULL)
    return;

  ensure_page (self, name);
  update_title (self);

  if ((row = find_row (self, name)) != NULL && gtk_list_box_get_selected_row (self->sidebar) != row)
    gtk_list_box_select_row (self->sidebar, row);

  if (self->settings != NULL)
    g_settings_set_string (self->settings, "page", name);
}

/* The leaflet unfolds while it lays itself out, with the sizes its panes
 * asked for while folded, when the sidebar's header bar still had the
 * window's buttons. The header bar drops them then, but asks to be
 * measured again too late for that layout, and the sidebar stayed some
 * 430 pixels wide after the window was narrowed and widened again. The
 * next frame lays it out with its own width.
 */
static gboolean
measure_again_cb (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       data)
{
  gtk_widget_queue_resize (widget);
  return G_SOURCE_REMOVE;
}

static void
leaflet_folded_cb (WrWindow *self)
{
  update_title (self);

  /* In a folded window a selected row would hide that tapping it again
   * goes forward, so the sidebar shows no selection there.
   */
  if (adw_leaflet_get_folded (self->leaflet))
    gtk_list_box_set_selection_mode (self->sidebar, GTK_SELECTION_NONE);
  else
    {
      gtk_list_box_set_selection_mode (self->sidebar, GTK_SELECTION_BROWSE);
      stack_visible_child_cb (self);
      gtk_widget_add_tick_callback (GTK_WIDGET (self->leaflet), measure_again_cb, NULL, NULL);
    }
}

static void
show_toast (WrWindow *self,
            AdwToast *toast)
{
  g_set_weak_pointer (&self->last_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
page_add_toast_cb (WrWindow *self,
                   AdwToast *toast)
{
  show_toast (self, g_object_ref (toast));
}

static void
conflicts_counted_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  WrWindow *self = user_data;   /* not a reference: a count is cancelled when it goes */
  g_autoptr(GError) error = NULL;
  WrConflictsCount count;

  if (!wr_conflicts_count_finish (result, &count, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("Could not count the conflicts: %s", error->message);
      return;
    }

  self->n_conflicts = count.n_visits + count.n_rows + count.n_removals;
  if (self->evidence_page != NULL)
    wr_evidence_page_set_n_conflicts (self->evidence_page, self->n_conflicts);
}

/* The Evidence page offers to resolve the conflicts imports left, if any:
 * whole visits and rows, counted in a worker thread since that reads each
 * visit in conflict. A count started before is dropped.
 */
static void
update_conflicts (WrWindow *self)
{
  WrApplication *app = WR_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  WrStore *store = app ? wr_application_get_store (app) : NULL;

  g_cancellable_cancel (self->counting);
  g_clear_object (&self->counting);
  if (store == NULL)
    {
      self->n_conflicts = 0;
      if (self->evidence_page != NULL)
        wr_evidence_page_set_n_conflicts (self->evidence_page, 0);
      return;
    }

  self->counting = g_cancellable_new ();
  wr_conflicts_count_async (store, NULL, self->counting, conflicts_counted_cb, self);
}

/* Hands the database to the pages once it is open, or says plainly why it
 * could not be opened: nothing is written while that message shows.
 */
static void
store_changed_cb (WrWindow *self)
{
  WrApplication *app = WR_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  WrStore *store = wr_application_get_store (app);
  const GError *error = wr_application_get_store_error (app);

  /* Filling the pages waits for the window's first frame: people see a
   * window at once, and its lists a moment later.
   */
  if (!self->painted)
    return;

  if (self->services_page != NULL)
    wr_services_page_set_store (self->services_page, store);
  if (self->actions_page != NULL)
    wr_actions_page_set_store (self->actions_page, store);
  if (self->visits_page != NULL)
    wr_visits_page_set_store (self->visits_page, store);
  if (self->summary_page != NULL)
    wr_summary_page_set_store (self->summary_page, store);
  if (self->forms_page != NULL)
    wr_forms_page_set_library (self->forms_page, wr_application_get_library (app));
  if (self->evidence_page != NULL)
    wr_evidence_page_set_store (self->evidence_page, store, wr_application_get_library (app));

  update_conflicts (self);
  if (error != NULL)
    gtk_label_set_text (self->store_error_label, error->message);
  gtk_revealer_set_reveal_child (self->store_error_revealer, error != NULL);
}

static void
go_back_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  WrWindow *self = WR_WINDOW (widget);

  /* From a visit back to the list it came from; else to the sidebar. */
  if (current_session (self) != NULL)
    close_visit (self);
  else
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/**
 * wr_window_open_visit:
 * @self: a #WrWindow
 * @visit_uuid: the visit to record
 *
 * Shows the visit, or says in a toast why it cannot be opened.
 */
void
wr_window_open_visit (WrWindow   *self,
                      const char *visit_uuid)
{
  WrApplication *app = WR_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr(WrVisitSession) session = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (WR_IS_WINDOW (self));

  if (wr_application_get_store (app) == NULL || wr_application_get_library (app) == NULL)
    return;

  session = wr_visit_session_new (wr_application_get_store (app), wr_application_get_library (app),
                                  visit_uuid, &error);
  if (session == NULL)
    {
      wr_window_add_toast (self, error->message);
      return;
    }

  if (self->visit_page == NULL)
    {
      self->visit_page = g_object_new (WR_TYPE_VISIT_PAGE, NULL);
      g_signal_connect_object (self->visit_page, "add-toast", G_CALLBACK (page_add_toast_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->visit_page, "revisit", G_CALLBACK (revisit_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->visit_page, "deleted", G_CALLBACK (visit_deleted_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->visit_page, "walk", G_CALLBACK (visit_walk_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->visit_page, "share", G_CALLBACK (visit_share_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->visit_page, "collect", G_CALLBACK (visit_collect_cb), self, G_CONNECT_SWAPPED);
      adw_bin_set_child (self->visit_slot, GTK_WIDGET (self->visit_page));
    }
  wr_visit_page_set_session (self->visit_page, session);
  /* The feedback letter is for NED and 15 Steps visits only. */
  {
    const char *kind = wr_visit_get_kind (wr_visit_session_get_visit (session));

    gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.visit-feedback",
                                   g_str_equal (kind, "ned-visit") || g_str_equal (kind, "fifteen-steps"));
  }
  gtk_stack_set_visible_child_name (self->main_stack, "visit");
  adw_leaflet_set_visible_child (self->leaflet, self->content_pane);
  update_title (self);
}

static void
open_visit_cb (WrWindow   *self,
               const char *visit_uuid)
{
  wr_window_open_visit (self, visit_uuid);
}

static void
new_visit_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  WrWindow *self = WR_WINDOW (widget);
  WrApplication *app = WR_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  WrNewVisitDialog *dialog;

  if (wr_application_get_store (app) == NULL || wr_application_get_library (app) == NULL)
    return;

  dialog = wr_new_visit_dialog_new (wr_application_get_store (app), wr_application_get_library (app));
  g_signal_connect_object (dialog, "started", G_CALLBACK (open_visit_cb), self, G_CONNECT_SWAPPED);
  /* The keyboard comes back to the button that opened it. */
  wr_a11y_present_dialog (GTK_WINDOW (dialog), GTK_WIDGET (self));
}

static void
exported_cb (WrWindow   *self,
             const char *path,
             guint       n_visits)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u visit to %s",
                                                         "Exported %u visits to %s", n_visits),
                                            n_visits, name);

  wr_window_add_toast (self, title);
}

static void
report_shown_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autofree char *path = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error))
    {
      g_autofree char *title = g_strdup_printf (_("Could not open the report in a web browser (%s). It is saved as %s"),
                                                error->message, path);

      wr_window_add_toast (WR_WINDOW (object), title);
    }
}

static void
report_written_cb (WrWindow   *self,
                   const char *path)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);

  gtk_show_uri_full (GTK_WINDOW (self), uri, GDK_CURRENT_TIME, NULL, report_shown_cb, g_strdup (path));
}

/* A pack written says so; a report written opens in the browser. */
static void
follow_export_dialog (WrWindow       *self,
                      WrExportDialog *dialog)
{
  g_signal_connect_object (dialog, "exported", G_CALLBACK (exported_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "report-written", G_CALLBACK (report_written_cb), self, G_CONNECT_SWAPPED);
}

static void
export_pack_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  WrWindow *self = WR_WINDOW (widget);
  WrApplication *app = WR_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  WrExportDialog *dialog;

  if (wr_application_get_store (app) == NULL || wr_application_get_library (app) == NULL)
    return;

  dialog = wr_export_dialog_new (wr_application_get_store (app), wr_application_get_library (app), NULL);
  follow_export_dialog (self, dialog);
  /* The keyboard comes back to the button that opened it. */
  wr_a11y_present_dialog (GTK_WINDOW (dialog), GTK_WIDGET (self));
}

/* Printing -------------------------------------------------------------------- */

/* The visit being recorded, as the PDF report has it. */
static void
print_visit_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  WrWindow *self = WR_WINDOW (widget);
  WrApplication *app = WR_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  WrVisitSession *session = current_session (self);
  g_autoptr(WrScope) scope = wr_scope_new ();
  g_autoptr(GError) error = NULL;

  if (session == NULL || wr_application_get_library (app) == NULL)
    return;

  /* What is typed is saved first, so that it is printed. */
  wr_visit_page_flush (self->visit_page);
  if (!wr_scope_add_visit (scope, wr_visit_get_uuid (wr_visit_session_get_visit (session)), &error))
    {
      wr_window_add_toast (self, error->message);
      return;
    }
  wr_print_visits (GTK_WINDOW (self), wr_visit_session_get_store (session), wr_application_get_library (app),
                   scope, NULL, _("Walkround visit"));
}

static void
feedback_saved_cb (WrWindow   *self,
                   const char *path)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *message = g_strdup_printf (_("Saved the feedback letter as %s"), name);

  wr_window_add_toast (self, message);
}

/* The letter a NED or 15 Steps visit's service receives. */
static void
visit_feedback_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  WrWindow *self = WR_WINDOW (widget);
  WrApplication *app = WR_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  WrVisitSession *session = current_session (self);
  WrFeedbackDialog *dialog;
  WrVisit *visit;

  if (session == NULL || wr_application_get_library (app) == NULL)
    return;

  visit = wr_visit_session_get_visit (session);
  if (!g_str_equal (wr_visit_get_kind (visit), "ned-visit") && !g_str_equal (wr_visit_get_kind (visit), "fifteen-steps"))
    {
      wr_window_add_toast (self, _("The feedback letter is for NED and 15 Steps visits"));
      return;
    }

  wr_visit_page_flush (self->visit_page);
  dialog = wr_feedback_dialog_new (wr_visit_session_get_store (session), wr_application_get_library (app),
                                   wr_visit_get_uuid (visit));
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (feedback_saved_cb), self, G_CONNECT_SWAPPED);
  wr_a11y_present_dialog (GTK_WINDOW (dialog), GTK_WIDGET (self));
}

/* The visits the Visits page shows, with its search and filters. */
static void
print_visits_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  WrWindow *self = WR_WINDOW (widget);
  WrApplication *app = WR_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  GListModel *visits = self->visits_page != NULL ? wr_visits_page_get_model (self->visits_page) : NULL;
  g_autoptr(WrScope) scope = wr_scope_new ();
  guint n = visits != NULL ? g_list_model_get_n_items (visits) : 0;

  if (wr_application_get_store (app) == NULL || wr_application_get_library (app) == NULL)
    return;

  if (n == 0)
    {
      wr_window_add_toast (self, _("No visits to print: the list is empty"));
      return;
    }
  if (n > WR_REPORT_MAX_HTML_VISITS)
    {
      g_autofree char *message = g_strdup_printf (_("The list shows %u visits, too many to print (at most %u). "
                                                    "Choose a shorter period, a service or a kind of visit."),
                                                  n, WR_REPORT_MAX_HTML_VISITS);

      wr_window_add_toast (self, message);
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WrVisit) visit = g_list_model_get_item (visits, i);

      wr_scope_add_visit (scope, wr_visit_get_uuid (visit), NULL);
    }
  wr_print_visits (GTK_WINDOW (self), wr_application_get_store (app), wr_application_get_library (app), scope,
                   NULL, _("Walkround visits"));
}

/* A conflict resolved changes the visit: the count, and the visit if it
 * is open, are read again.
 */
static void
conflicts_resolved_cb (WrWindow *self)
{
  update_conflicts (self);
  if (self->visit_page != NULL && current_session (self) != NULL)
    wr_visit_page_reload (self->visit_page);
}

static void
open_conflicts (WrWindow   *self,
                const char *visit_uuid)
{
  WrApplication *app = WR_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  WrConflictsDialog *dialog;

  if (wr_application_get_store (app) == NULL)
    return;

  if (self->visit_page != NULL)
    wr_visit_page_flush (self->visit_page);
  dialog = wr_conflicts_dialog_new (wr_application_get_store (app), wr_application_get_library (app), visit_uuid);
  g_signal_connect_object (dialog, "resolved", G_CALLBACK (conflicts_resolved_cb), self, G_CONNECT_SWAPPED);
  /* The keyboard comes back to the button that opened it. */
  wr_a11y_present_dialog (GTK_WINDOW (dialog), GTK_WIDGET (self));
}

static void
resolve_conflicts_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  open_conflicts (WR_WINDOW (widget), NULL);
}

/* win.resolve-visit-conflicts (s): one visit's, from its page's banner. */
static void
resolve_visit_conflicts_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  open_conflicts (WR_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
imported_cb (WrWindow                 *self,
             const WrPackImportCounts *counts)
{
  g_autofree char *title = NULL;
  AdwToast *toast;

  /* Translators: after an import; each %u is a number of visits */
  title = g_strdup_printf (_("Imported: %u new, %u updated, %u unchanged, %u conflicts"),
                           counts->n_new, counts->n_updated, counts->n_unchanged, counts->n_conflicts);
  if (counts->n_forms_installed > 0)
    {
      g_autofree char *visits = g_steal_pointer (&title);

      /* Translators: after an import's counts, when the pack brought forms */
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s; %u form for the pack’s visits only",
                                            "%s; %u forms for the pack’s visits only", counts->n_forms_installed),
                               visits, counts->n_forms_installed);
    }
  toast = adw_toast_new (title);
  if (counts->n_conflicts > 0)
    {
      adw_toast_set_button_label (toast, _("_Resolve"));
      adw_toast_set_action_name (toast, "win.resolve-conflicts");
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
    }
  show_toast (self, toast);
  update_conflicts (self);
}

/* A team on several devices ------------------------------------------------- */

static void
shared_cb (WrWindow   *self,
           const char *path,
           guint       n_visits)
{
  g_autofree char *name = g_path_get_basename (path);
  /* Translators: after Share with the Team…; %s is the pack's file name */
  g_autofree char *title = g_strdup_printf (_("Saved %s: each member imports it on their own computer"), name);

  wr_window_add_toast (self, title);
}

/**
 * _wr_window_share_visit:
 * @self: a #WrWindow
 * @visit_uuid: a draft visit with a team
 * @path: the pack to write
 *
 * Writes the pack a team's other members import on their own devices:
 * the visit, its form, service and team, and the answers given so far,
 * in the background with progress and Cancel (the export dialog's job).
 */
void
_wr_window_share_visit (WrWindow   *self,
                        const char *visit_uuid,
                        const char *path)
{
  WrApplication *app = WR_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr(WrScope) scope = wr_scope_new ();
  g_autoptr(GError) error = NULL;
  WrExportDialog *dialog;

  if (wr_application_get_store (app) == NULL || wr_application_get_library (app) == NULL)
    return;
  if (!wr_scope_add_visit (scope, visit_uuid, &error))
    {
      wr_window_add_toast (self, error->message);
      return;
    }

  dialog = wr_export_dialog_new (wr_application_get_store (app), wr_application_get_library (app), NULL);
  wr_export_dialog_set_fixed_scope (dialog, scope,
                                    _("This visit, its form, service and team, and the answers given so far: "
                                      "each member imports it, records on their own computer, and sends "
                                      "their pack back to collect."));
  gtk_window_set_title (GTK_WINDOW (dialog), _("Share with the Team"));
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "exported", G_CALLBACK (shared_cb), self, G_CONNECT_SWAPPED);
  wr_a11y_present_dialog (GTK_WINDOW (dialog), GTK_WIDGET (self));
  wr_export_dialog_export (dialog, path);
}

/* "Ward 7 15 Steps 2026-12-07 team.xml": what, where and when, with
 * nothing a file system refuses.
 */
static char *
team_pack_name (WrVisit *visit)
{
  /* Translators: the file name Share with the Team… offers: service, kind of visit, date */
  g_autofree char *name = g_strdup_printf (_("%s %s %s team.xml"), wr_visit_get_service_name (visit),
                                           wr_visit_kind_get_label (wr_visit_get_kind (visit)),
                                           wr_visit_get_start_date (visit));

  return g_strdelimit (g_steal_pointer (&name), "/\\:*?\"<>|", '-');
}

static void
share_chooser_cb (GtkNativeDialog *chooser,
                  int              response,
                  WrWindow        *self)
{
  const char *visit_uuid = g_object_get_data (G_OBJECT (chooser), "visit-uuid");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        _wr_window_share_visit (self, visit_uuid, path);
      else
        wr_window_add_toast (self, _("Choose a file on this computer to save the pack in."));
    }
  g_object_unref (chooser);
}

static GtkFileFilter *
packs_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Evidence packs (XML)"));
  gtk_file_filter_add_suffix (filter, "xml");
  return filter;
}

static void
visit_share_cb (WrWindow   *self,
                const char *visit_uuid)
{
  WrVisitSession *session = current_session (self);
  g_autoptr(GtkFileFilter) filter = packs_filter ();
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  if (session == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Share with the Team"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  name = team_pack_name (wr_visit_session_get_visit (session));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data_full (G_OBJECT (chooser), "visit-uuid", g_strdup (visit_uuid), g_free);
  g_signal_connect (chooser, "response", G_CALLBACK (share_chooser_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The members' answers are in the database now: the visit is read again. */
static void
collected_cb (WrWindow   *self,
              const char *summary,
              guint       n_conflicts)
{
  WrVisitSession *session = current_session (self);
  g_autofree char *uuid = session ? g_strdup (wr_visit_get_uuid (wr_visit_session_get_visit (session))) : NULL;
  AdwToast *toast = adw_toast_new (summary);

  if (uuid != NULL && self->walk_page == NULL)
    {
      wr_visit_page_set_session (self->visit_page, NULL);
      wr_window_open_visit (self, uuid);
    }
  if (n_conflicts > 0)
    {
      adw_toast_set_button_label (toast, _("_Resolve"));
      adw_toast_set_action_name (toast, "win.resolve-conflicts");
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
    }
  show_toast (self, toast);
  update_conflicts (self);
}

/**
 * _wr_window_collect_packs:
 * @self: a #WrWindow
 * @paths: (array zero-terminated=1): the team's packs
 *
 * Imports the packs one after another, with progress and Cancel, and
 * shows what each did.
 *
 * Returns: (transfer none) (nullable): the dialog doing it
 */
GtkWindow *
_wr_window_collect_packs (WrWindow           *self,
                          const char * const *paths)
{
  WrApplication *app = WR_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  WrCollectDialog *dialog;

  if (wr_application_get_store (app) == NULL || wr_application_get_library (app) == NULL ||
      paths == NULL || paths[0] == NULL)
    return NULL;

  dialog = wr_collect_dialog_new (wr_application_get_store (app), wr_application_get_library (app), paths);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "collected", G_CALLBACK (collected_cb), self, G_CONNECT_SWAPPED);
  wr_a11y_present_dialog (GTK_WINDOW (dialog), GTK_WIDGET (self));
  return GTK_WINDOW (dialog);
}

static void
collect_chooser_cb (GtkNativeDialog *chooser,
                    int              response,
                    WrWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) paths = NULL;

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          g_autofree char *path = g_file_get_path (file);

          if (path != NULL)
            g_strv_builder_add (builder, path);
        }
      paths = g_strv_builder_end (builder);
      if (paths[0] != NULL)
        _wr_window_collect_packs (self, (const char * const *) paths);
      else
        wr_window_add_toast (self, _("Choose packs on this computer to collect."));
    }
  g_object_unref (chooser);
}

static void
visit_collect_cb (WrWindow   *self,
                  const char *visit_uuid)
{
  g_autoptr(GtkFileFilter) filter = packs_filter ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Collect from the Team"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("C_ollect"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (collect_chooser_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/**
 * wr_window_import_pack:
 * @self: a #WrWindow
 * @path: an evidence pack
 *
 * Checks the pack and shows what importing it would do, to confirm.
 */
void
wr_window_import_pack (WrWindow   *self,
                       const char *path)
{
  WrApplication *app = WR_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  WrImportDialog *dialog;

  g_return_if_fail (WR_IS_WINDOW (self));

  if (wr_application_get_store (app) == NULL || wr_application_get_library (app) == NULL)
    return;

  dialog = wr_import_dialog_new (wr_application_get_store (app), wr_application_get_library (app), path);
  g_signal_connect_object (dialog, "imported", G_CALLBACK (imported_cb), self, G_CONNECT_SWAPPED);
  /* The keyboard comes back to the button that opened it. */
  wr_a11y_present_dialog (GTK_WINDOW (dialog), GTK_WIDGET (self));
}

static void
import_chooser_response_cb (GtkNativeDialog *chooser,
                            int              response,
                            WrWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        wr_window_import_pack (self, path);
    }

  g_object_unref (chooser);
}

static void
import_pack_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  g_autoptr(GtkFileFilter) xml = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Import Evidence Pack"), GTK_WINDOW (widget),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (xml, _("Evidence packs (XML)"));
  gtk_file_filter_add_suffix (xml, "xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), xml);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (import_chooser_response_cb), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* A new visit to the same service, on the newest version of the same form,
 * with the same team: the dialog opens filled in, to check and start.
 */
static void
revisit_cb (WrWindow   *self,
            const char *visit_uuid)
{
  WrApplication *app = WR_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  WrVisitSession *session = current_session (self);
  WrVisit *visit;
  GPtrArray *members;
  WrNewVisitDialog *dialog;

  if (session == NULL || wr_application_get_store (app) == NULL)
    return;

  visit = wr_visit_session_get_visit (session);
  members = wr_visit_session_get_members (session);
  dialog = wr_new_visit_dialog_new (wr_application_get_store (app), wr_application_get_library (app));
  wr_new_visit_dialog_select_form (dialog, wr_visit_get_form_id (visit));
  wr_new_visit_dialog_select_service (dialog, wr_visit_get_service_id (visit));
  /* The dialog starts with the user; the team replaces that. */
  wr_new_visit_dialog_clear_team (dialog);
  for (guint i = 0; i < members->len; i++)
    {
      WrMember *member = g_ptr_array_index (members, i);

      wr_new_visit_dialog_add_member (dialog, member->name, member->role);
    }
  g_signal_connect_object (dialog, "started", G_CALLBACK (open_visit_cb), self, G_CONNECT_SWAPPED);
  /* The keyboard comes back to the button that opened it. */
  wr_a11y_present_dialog (GTK_WINDOW (dialog), GTK_WIDGET (self));
}

static void
undo_delete_cb (WrWindow *self,
                AdwToast *toast)
{
  WrApplication *app = WR_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  const char *uuid = g_object_get_data (G_OBJECT (toast), "visit-uuid");
  g_autoptr(GError) error = NULL;

  if (wr_application_get_store (app) != NULL &&
      !wr_store_restore_visit (wr_application_get_store (app), uuid, &error))
    wr_window_add_toast (self, error->message);
}

static void
visit_deleted_cb (WrWindow   *self,
                  const char *visit_uuid)
{
  AdwToast *toast = adw_toast_new (_("Visit deleted"));

  close_visit (self);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data_full (G_OBJECT (toast), "visit-uuid", g_strdup (visit_uuid), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_delete_cb), self, G_CONNECT_SWAPPED);
  show_toast (self, toast);
}

static void
new_visit_requested_cb (WrWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.new-visit", NULL);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  wr_window_show_page (WR_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
save_window_state (WrWindow *self)
{
  int width;
  int height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set (self->settings, "window-size", "(ii)", width, height);
    }
  g_settings_apply (self->settings);
}

static gboolean
wr_window_close_request (GtkWindow *window)
{
  /* Typing waiting for its pause is saved before the window goes. */
  if (WR_WINDOW (window)->visit_page != NULL)
    wr_visit_page_flush (WR_WINDOW (window)->visit_page);
  if (WR_WINDOW (window)->walk_page != NULL)
    wr_walk_page_flush (WR_WALK_PAGE (WR_WINDOW (window)->walk_page));
  save_window_state (WR_WINDOW (window));

  return GTK_WINDOW_CLASS (wr_window_parent_class)->close_request (window);
}

static void
wr_window_constructed (GObject *object)
{
  WrWindow *self = (WrWindow *)object;
  g_autofree char *page = NULL;
  int width;
  int height;

  G_OBJECT_CLASS (wr_window_parent_class)->constructed (object);

  g_settings_get (self->settings, "window-size", "(ii)", &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  page = g_settings_get_string (self->settings, "page");
  if (gtk_stack_get_child_by_name (self->stack, page) != NULL)
    gtk_stack_set_visible_child_name (self->stack, page);
  stack_visible_child_cb (self);

}

static void
wr_window_dispose (GObject *object)
{
  WrWindow *self = (WrWindow *)object;

  g_clear_weak_pointer (&self->last_toast);
  g_cancellable_cancel (self->counting);
  g_clear_object (&self->counting);
  if (self->paint_handler != 0 && gtk_widget_get_frame_clock (GTK_WIDGET (self)) != NULL)
    g_clear_signal_handler (&self->paint_handler, gtk_widget_get_frame_clock (GTK_WIDGET (self)));
  /* Inside their slots, so they go with the template. */
  self->actions_page = NULL;
  self->services_page = NULL;
  self->forms_page = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), WR_TYPE_WINDOW);

  G_OBJECT_CLASS (wr_window_parent_class)->dispose (object);
}

static void
wr_window_finalize (GObject *object)
{
  WrWindow *self = (WrWindow *)object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (wr_window_parent_class)->finalize (object);
}

static void
wr_window_class_init (WrWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  static const char * const page_keys[] = { "visits", "actions", "evidence", "summary", "services", "forms" };

  g_type_ensure (WR_TYPE_ACTIONS_PAGE);
  g_type_ensure (WR_TYPE_FORMS_PAGE);
  g_type_ensure (WR_TYPE_SERVICES_PAGE);
  g_type_ensure (WR_TYPE_VISITS_PAGE);
  g_type_ensure (WR_TYPE_VISIT_PAGE);

  object_class->constructed = wr_window_constructed;
  object_class->dispose = wr_window_dispose;
  object_class->finalize = wr_window_finalize;

  window_class->close_request = wr_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/wr-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WrWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WrWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, WrWindow, content_pane);
  gtk_widget_class_bind_template_child (widget_class, WrWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, WrWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, WrWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, WrWindow, store_error_revealer);
  gtk_widget_class_bind_template_child (widget_class, WrWindow, store_error_label);
  gtk_widget_class_bind_template_child (widget_class, WrWindow, services_slot);
  gtk_widget_class_bind_template_child (widget_class, WrWindow, actions_slot);
  gtk_widget_class_bind_template_child (widget_class, WrWindow, visits_slot);
  gtk_widget_class_bind_template_child (widget_class, WrWindow, evidence_slot);
  gtk_widget_class_bind_template_child (widget_class, WrWindow, forms_slot);
  gtk_widget_class_bind_template_child (widget_class, WrWindow, summary_slot);
  gtk_widget_class_bind_template_child (widget_class, WrWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, WrWindow, visit_slot);
  gtk_widget_class_bind_template_child (widget_class, WrWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, WrWindow, primary_menu_button);
  gtk_widget_class_bind_template_callback (widget_class, page_add_toast_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, stack_visible_child_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_cb);

  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.new-visit", NULL, new_visit_action);
  gtk_widget_class_install_action (widget_class, "win.export-pack", NULL, export_pack_action);
  gtk_widget_class_install_action (widget_class, "win.import-pack", NULL, import_pack_action);
  gtk_widget_class_install_action (widget_class, "win.resolve-conflicts", NULL, resolve_conflicts_action);
  gtk_widget_class_install_action (widget_class, "win.resolve-visit-conflicts", "s", resolve_visit_conflicts_action);
  gtk_widget_class_install_action (widget_class, "win.print-visit", NULL, print_visit_action);
  gtk_widget_class_install_action (widget_class, "win.print-visits", NULL, print_visits_action);
  gtk_widget_class_install_action (widget_class, "win.visit-feedback", NULL, visit_feedback_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-visit", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.go-back", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (page_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-page", "s", page_keys[i]);
}

static void
wr_window_init (WrWindow *self)
{
  GtkEventController *escape;

  gtk_widget_init_template (GTK_WIDGET (self));
  add_window_stack (self);

  escape = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (escape, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (escape),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_callback_action_new (escape_pressed_cb, NULL, NULL)));
  /* Alt+Left too: the leaflet would otherwise take it first to show the
   * sidebar, even unfolded, and the visit would stay open.
   */
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (escape),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Left, GDK_ALT_MASK),
                                                          gtk_callback_action_new (escape_pressed_cb, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), escape);

  /* In code, not the template: see wr_a11y_set_tooltip(). */
  wr_a11y_set_tooltip (self->primary_menu_button, _("Main Menu"));
  wr_a11y_set_tooltip (self->back_button, _("Back"));

  self->settings = g_settings_new (APPLICATION_ID);


  gtk_list_box_bind_model (self->sidebar,
                           G_LIST_MODEL (gtk_stack_get_pages (self->stack)),
                           create_sidebar_row, NULL, NULL);
}

static void
first_paint_cb (GdkFrameClock *clock,
                WrWindow      *self)
{
  g_clear_signal_handler (&self->paint_handler, clock);
  self->painted = TRUE;
  wr_application_open_store (WR_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
  ensure_page (self, gtk_stack_get_visible_child_name (self->stack));
  store_changed_cb (self);
}

static void
realized_cb (WrWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (clock != NULL && !self->painted && self->paint_handler == 0)
    self->paint_handler = g_signal_connect (clock, "after-paint", G_CALLBACK (first_paint_cb), self);
}

WrWindow *
wr_window_new (AdwApplication *application)
{
  WrWindow *self;

  g_return_val_if_fail (WR_IS_APPLICATION (application), NULL);

  self = g_object_new (WR_TYPE_WINDOW,
                       "application", application,
                       NULL);

  /* The database opens in the background; the pages get it when it is
   * ready and the window has painted once.
   */
  g_signal_connect_object (application, "notify::store", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "realize", G_CALLBACK (realized_cb), NULL);
  store_changed_cb (self);

  return self;
}

void
wr_window_show_page (WrWindow   *self,
                     const char *page_name)
{
  g_return_if_fail (WR_IS_WINDOW (self));
  g_return_if_fail (page_name != NULL);

  if (gtk_stack_get_child_by_name (self->stack, page_name) == NULL)
    {
      g_warning ("No page named “%s”", page_name);
      return;
    }

  close_visit (self);
  gtk_stack_set_visible_child_name (self->stack, page_name);
  adw_leaflet_set_visible_child (self->leaflet, self->content_pane);
}

void
wr_window_add_toast (WrWindow   *self,
                     const char *title)
{
  g_return_if_fail (WR_IS_WINDOW (self));
  g_return_if_fail (title != NULL);

  show_toast (self, adw_toast_new (title));
}

AdwToast *
_wr_window_get_last_toast (WrWindow *self)
{
  return self->last_toast;
}

const char *
_wr_window_get_visible_page (WrWindow *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

GtkListBox *
_wr_window_get_sidebar (WrWindow *self)
{
  return self->sidebar;
}

AdwLeaflet *
_wr_window_get_leaflet (WrWindow *self)
{
  return self->leaflet;
}
