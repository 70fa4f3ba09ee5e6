/* wr-review-bar.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-review-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-dates.h"
#include "wr-history-dialog.h"
#include "wr-review-bar.h"
#include "wr-support.h"
#include "wr-wrap-box.h"

/* Under the visit's header: its review (approved, or returned with
 * comments, by whom and when), the quality team's buttons to review a
 * completed visit without reopening it, and the visit's History.
 */
struct _WrReviewBar
{
  GtkBox          parent_instance;

  WrVisitSession *session;
  GtkLabel       *review_label;
  GtkWidget      *approve_button;
  GtkWidget      *return_button;
  GtkTextBuffer  *comments;     /* of the open Return dialog, or NULL */
};

G_DEFINE_FINAL_TYPE (WrReviewBar, wr_review_bar, GTK_TYPE_BOX)

/**
 * wr_review_bar_describe:
 * @store: a #WrStore
 * @visit_uuid: a visit
 *
 * Returns: (transfer full) (nullable): the visit's latest review in words
 *   ("Approved by Jo Hughes, 7 Dec 2026 14:02"), or %NULL if it has none
 */
char *
wr_review_bar_describe (WrStore    *store,
                        const char *visit_uuid)
{
  g_autoptr(WrReview) review = wr_store_get_review (store, visit_uuid, NULL);
  g_autofree char *when = NULL;
  const char *who;

  if (review == NULL)
    return NULL;

  when = wr_date_time_format (review->created);
  who = review->reviewer[0] ? review->reviewer : _("someone");
  if (review->decision == WR_REVIEW_APPROVED)
    return g_strdup_printf (_("Approved by %s, %s"), who, when ? when : review->created);
  if (review->comment[0] != '\0')
    return g_strdup_printf (_("Returned by %s, %s: %s"), who, when ? when : review->created, review->comment);
  return g_strdup_printf (_("Returned by %s, %s"), who, when ? when : review->created);
}

static const char *
visit_uuid (WrReviewBar *self)
{
  return wr_visit_get_uuid (wr_visit_session_get_visit (self->session));
}

/* From the store: the session may learn of a completion after the store
 * says it changed.
 */
static gboolean
is_completed (WrVisitSession *session)
{
  g_autoptr(WrVisit) visit = wr_store_get_visit (wr_visit_session_get_store (session),
                                                 wr_visit_get_uuid (wr_visit_session_get_visit (session)), NULL);

  return visit != NULL && wr_visit_get_status (visit) == WR_VISIT_COMPLETED;
}

static void
refresh (WrReviewBar *self)
{
  g_autofree char *text = NULL;
  gboolean completed;

  if (self->session == NULL)
    return;

  completed = is_completed (self->session);
  text = wr_review_bar_describe (wr_visit_session_get_store (self->session), visit_uuid (self));
  if (text == NULL && completed)
    text = g_strdup (_("Not reviewed yet"));
  gtk_label_set_text (self->review_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->review_label), text != NULL);

  gtk_widget_set_visible (self->approve_button, completed);
  gtk_widget_set_visible (self->return_button, completed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.approve", completed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.return", completed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.history", TRUE);
}

static void
review (WrReviewBar      *self,
        WrReviewDecision  decision,
        const char       *comment)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = wr_store_review_visit (wr_visit_session_get_store (self->session), visit_uuid (self),
                                                 decision, comment, &error);

  refresh (self);
  if (uuid == NULL)
    gtk_label_set_text (self->review_label, error->message);
}

static void
approve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  review (WR_REVIEW_BAR (widget), WR_REVIEW_APPROVED, NULL);
}

static void
comments_changed_cb (GtkTextBuffer    *buffer,
                     AdwMessageDialog *dialog)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  adw_message_dialog_set_response_enabled (dialog, "return", text[0] != '\0');
}

static void
return_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    WrReviewBar      *self)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  if (g_str_equal (response, "return") && self->comments != NULL)
    {
      gtk_text_buffer_get_bounds (self->comments, &start, &end);
      text = gtk_text_buffer_get_text (self->comments, &start, &end, FALSE);
      review (self, WR_REVIEW_RETURNED, text);
    }
  g_clear_object (&self->comments);
  gtk_widget_grab_focus (self->return_button);
}

static void
return_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  WrReviewBar *self = WR_REVIEW_BAR (widget);
  GtkWidget *dialog;
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Return the Visit with Comments?"),
                                   _("Say what the visitors should add or change. The visit stays completed; "
                                     "they reopen it to change it."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "return", _("_Return"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "return", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "return", FALSE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_widget_add_css_class (view, "card");
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Comments"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 96);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);

  g_set_object (&self->comments, gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)));
  g_signal_connect_object (self->comments, "changed", G_CALLBACK (comments_changed_cb), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (return_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (view);
}

static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  WrReviewBar *self = WR_REVIEW_BAR (widget);
  GtkWidget *dialog;

  if (self->session == NULL)
    return;

  dialog = wr_history_dialog_new (self->session);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
store_changed_cb (WrReviewBar *self,
                  const char  *entity,
                  const char  *uuid)
{
  if (self->session != NULL && g_strcmp0 (uuid, visit_uuid (self)) == 0)
    refresh (self);
}

static void
wr_review_bar_dispose (GObject *object)
{
  WrReviewBar *self = WR_REVIEW_BAR (object);

  wr_review_bar_set_session (self, NULL);
  g_clear_object (&self->comments);

  G_OBJECT_CLASS (wr_review_bar_parent_class)->dispose (object);
}

static void
wr_review_bar_class_init (WrReviewBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wr_review_bar_dispose;

  gtk_widget_class_install_action (widget_class, "review.approve", NULL, approve_action);
  gtk_widget_class_install_action (widget_class, "review.return", NULL, return_action);
  gtk_widget_class_install_action (widget_class, "review.history", NULL, history_action);
}

static GtkWidget *
button (const char *label,
        const char *action)
{
  GtkWidget *widget = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (widget), action);
  return widget;
}

static void
wr_review_bar_init (WrReviewBar *self)
{
  GtkWidget *buttons = wr_wrap_box_new ();
  GtkWidget *history;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);
  gtk_widget_set_margin_start (GTK_WIDGET (self), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 12);

  self->review_label = g_object_new (GTK_TYPE_LABEL, "accessible-role", GTK_ACCESSIBLE_ROLE_STATUS, NULL);
  gtk_label_set_xalign (self->review_label, 0);
  gtk_label_set_wrap (self->review_label, TRUE);
  gtk_label_set_wrap_mode (self->review_label, PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (GTK_WIDGET (self->review_label), "review-status");
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->review_label));

  wr_wrap_box_set_column_spacing (WR_WRAP_BOX (buttons), 6);
  wr_wrap_box_set_row_spacing (WR_WRAP_BOX (buttons), 6);
  self->approve_button = button (_("A_pprove"), "review.approve");
  self->return_button = button (_("Return _with Comments…"), "review.return");
  history = button (_("_History…"), "review.history");
  wr_wrap_box_append (WR_WRAP_BOX (buttons), self->approve_button);
  wr_wrap_box_append (WR_WRAP_BOX (buttons), self->return_button);
  wr_wrap_box_append (WR_WRAP_BOX (buttons), history);
  gtk_box_append (GTK_BOX (self), buttons);
}

GtkWidget *
wr_review_bar_new (void)
{
  return g_object_new (WR_TYPE_REVIEW_BAR, NULL);
}

/**
 * wr_review_bar_add_button:
 * @self: a #WrReviewBar
 * @button: a widget without a parent
 *
 * Puts @button in the bar's row of buttons, before the review's own, so
 * that the visit's buttons and History share one row that wraps as the
 * window narrows (History alone on a row of its own for a draft, once).
 */
void
wr_review_bar_add_button (WrReviewBar *self,
                          GtkWidget   *button)
{
  g_return_if_fail (WR_IS_REVIEW_BAR (self));
  g_return_if_fail (GTK_IS_WIDGET (button));
  g_return_if_fail (gtk_widget_get_parent (button) == NULL);

  gtk_widget_insert_before (button, gtk_widget_get_parent (self->approve_button), self->approve_button);
}

/**
 * wr_review_bar_set_session:
 * @self: a #WrReviewBar
 * @session: (nullable): the visit shown
 */
void
wr_review_bar_set_session (WrReviewBar    *self,
                           WrVisitSession *session)
{
  g_return_if_fail (WR_IS_REVIEW_BAR (self));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (wr_visit_session_get_store (self->session), store_changed_cb, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_object (wr_visit_session_get_store (session), "changed", G_CALLBACK (store_changed_cb), self,
                               G_CONNECT_SWAPPED);
      refresh (self);
    }
}
