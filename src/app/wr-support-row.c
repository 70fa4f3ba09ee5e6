/* wr-support-row.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-support-row"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-a11y.h"
#include "wr-support-row.h"
#include "wr-support.h"

/* Under a self-assessment section marked request-support: a "Request
 * support" switch and a note of what would help. Switching it on asks for
 * support in the section's domain, off withdraws the request; the note is
 * saved as it is typed, after a pause. On a completed visit both are
 * read-only, and the row says where the team has got with the request.
 */
struct _WrSupportRow
{
  AdwBin           parent_instance;

  WrVisitSession  *session;
  char            *section_id;
  char            *domain;

  AdwActionRow    *switch_row;
  GtkSwitch       *toggle;
  AdwEntryRow     *note_row;
  guint            save_source;
  gboolean         loading;
};

G_DEFINE_FINAL_TYPE (WrSupportRow, wr_support_row, ADW_TYPE_BIN)

#define SAVE_DELAY_MS 600

static const char *
visit_uuid (WrSupportRow *self)
{
  return wr_visit_get_uuid (wr_visit_session_get_visit (self->session));
}

static void
show_error (WrSupportRow *self,
            const GError *error)
{
  adw_action_row_set_subtitle (self->switch_row, error->message);
}

/* The section's request, or NULL. */
static WrSupportRequest *
find_request (WrSupportRow *self)
{
  g_autoptr(GPtrArray) requests = NULL;
  WrSupportRequest *found = NULL;

  requests = wr_store_list_support_requests (wr_visit_session_get_store (self->session), visit_uuid (self), NULL);
  for (guint i = 0; requests != NULL && i < requests->len; i++)
    {
      WrSupportRequest *request = g_ptr_array_index (requests, i);

      if (g_str_equal (request->section_id, self->section_id))
        found = g_ptr_array_steal_index (requests, i);
      if (found != NULL)
        break;
    }

  return found;
}

/* From the store: the session may learn of a completion after the store
 * says it changed.
 */
static gboolean
is_completed (WrVisitSession *session)
{
  g_autoptr(WrVisit) visit = wr_store_get_visit (wr_visit_session_get_store (session),
                                                 wr_visit_get_uuid (wr_visit_session_get_visit (session)), NULL);

  return visit == NULL || wr_visit_get_status (visit) == WR_VISIT_COMPLETED;
}

static void
load (WrSupportRow *self)
{
  g_autoptr(WrSupportRequest) request = find_request (self);
  gboolean read_only = is_completed (self->session);
  g_autofree char *subtitle = NULL;

  self->loading = TRUE;
  gtk_switch_set_active (self->toggle, request != NULL);
  if (request != NULL && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->note_row)), request->text) != 0 &&
      self->save_source == 0)
    gtk_editable_set_text (GTK_EDITABLE (self->note_row), request->text);
  self->loading = FALSE;

  if (request != NULL && request->owner[0] != '\0')
    subtitle = g_strdup_printf (_("Support: %s · %s"), wr_support_status_get_label (request->status), request->owner);
  else if (request != NULL)
    subtitle = g_strdup_printf (_("Support: %s"), wr_support_status_get_label (request->status));
  else
    subtitle = g_strdup (_("Ask the quality team for support with this domain"));
  adw_action_row_set_subtitle (self->switch_row, subtitle);

  gtk_widget_set_sensitive (GTK_WIDGET (self->toggle), !read_only);
  gtk_editable_set_editable (GTK_EDITABLE (self->note_row), !read_only);
  gtk_widget_set_visible (GTK_WIDGET (self->note_row), request != NULL);
}

static void
save_note (WrSupportRow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;

  g_clear_handle_id (&self->save_source, g_source_remove);
  if (self->session == NULL || !gtk_switch_get_active (self->toggle) || is_completed (self->session))
    return;

  uuid = wr_store_request_support (wr_visit_session_get_store (self->session), visit_uuid (self), self->section_id,
                                   self->domain, gtk_editable_get_text (GTK_EDITABLE (self->note_row)), &error);
  if (uuid == NULL)
    show_error (self, error);
}

static gboolean
save_cb (gpointer data)
{
  WrSupportRow *self = data;

  self->save_source = 0;
  save_note (self);
  return G_SOURCE_REMOVE;
}

static void
note_changed_cb (WrSupportRow *self)
{
  if (self->loading)
    return;
  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add (SAVE_DELAY_MS, save_cb, self);
}

static void
toggled_cb (WrSupportRow *self)
{
  g_autoptr(GError) error = NULL;
  WrStore *store;
  gboolean ok;

  if (self->loading || self->session == NULL)
    return;

  g_clear_handle_id (&self->save_source, g_source_remove);
  store = wr_visit_session_get_store (self->session);
  if (gtk_switch_get_active (self->toggle))
    {
      g_autofree char *uuid = wr_store_request_support (store, visit_uuid (self), self->section_id, self->domain,
                                                        gtk_editable_get_text (GTK_EDITABLE (self->note_row)), &error);
      ok = uuid != NULL;
    }
  else
    ok = wr_store_withdraw_support (store, visit_uuid (self), self->section_id, &error);

  if (!ok)
    {
      load (self);
      show_error (self, error);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->note_row), gtk_switch_get_active (self->toggle));
  if (gtk_switch_get_active (self->toggle))
    gtk_widget_grab_focus (GTK_WIDGET (self->note_row));
}

static void
store_changed_cb (WrSupportRow *self,
                  const char   *entity,
                  const char   *uuid)
{
  if (self->session == NULL || g_strcmp0 (uuid, visit_uuid (self)) != 0)
    return;
  if (g_str_equal (entity, "support-request") || g_str_equal (entity, "visit"))
    load (self);
}

/**
 * wr_support_row_flush:
 * @self: a #WrSupportRow
 *
 * Saves at once a note waiting for its pause.
 */
void
wr_support_row_flush (WrSupportRow *self)
{
  g_return_if_fail (WR_IS_SUPPORT_ROW (self));

  if (self->save_source != 0)
    save_note (self);
}

static void
wr_support_row_dispose (GObject *object)
{
  WrSupportRow *self = WR_SUPPORT_ROW (object);

  if (self->session != NULL)
    {
      wr_support_row_flush (self);
      g_signal_handlers_disconnect_by_func (wr_visit_session_get_store (self->session), store_changed_cb, self);
    }
  g_clear_handle_id (&self->save_source, g_source_remove);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (wr_support_row_parent_class)->dispose (object);
}

static void
wr_support_row_finalize (GObject *object)
{
  WrSupportRow *self = WR_SUPPORT_ROW (object);

  g_free (self->section_id);
  g_free (self->domain);

  G_OBJECT_CLASS (wr_support_row_parent_class)->finalize (object);
}

static void
wr_support_row_class_init (WrSupportRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wr_support_row_dispose;
  object_class->finalize = wr_support_row_finalize;
}

static void
wr_support_row_init (WrSupportRow *self)
{
  GtkWidget *list = gtk_list_box_new ();
  GtkEventController *focus;

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Support"), -1);

  self->toggle = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->toggle), GTK_ALIGN_CENTER);

  self->switch_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->switch_row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->switch_row), _("Request support"));
  adw_action_row_add_suffix (self->switch_row, GTK_WIDGET (self->toggle));
  adw_action_row_set_activatable_widget (self->switch_row, GTK_WIDGET (self->toggle));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Request support"), -1);
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->switch_row));

  self->note_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->note_row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->note_row), _("What support would help?"));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->note_row));

  adw_bin_set_child (ADW_BIN (self), list);

  g_signal_connect_object (self->toggle, "notify::active", G_CALLBACK (toggled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->note_row, "changed", G_CALLBACK (note_changed_cb), self, G_CONNECT_SWAPPED);

  /* Leaving the note saves it at once: the next thing may be Complete. */
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "leave", G_CALLBACK (wr_support_row_flush), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->note_row), focus);
}

/**
 * wr_support_row_new:
 * @session: the visit
 * @section: a section marked request-support
 *
 * Returns: (transfer floating): the section's "Request support" switch and note
 */
GtkWidget *
wr_support_row_new (WrVisitSession *session,
                    WrSection      *section)
{
  WrSupportRow *self;

  g_return_val_if_fail (WR_IS_VISIT_SESSION (session), NULL);
  g_return_val_if_fail (WR_IS_SECTION (section), NULL);

  self = g_object_new (WR_TYPE_SUPPORT_ROW, NULL);
  self->session = g_object_ref (session);
  self->section_id = g_strdup (wr_form_item_get_id (WR_FORM_ITEM (section)));
  self->domain = g_strdup (wr_section_get_domain (section));

  g_signal_connect_object (wr_visit_session_get_store (session), "changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  load (self);

  return GTK_WIDGET (self);
}
