/* wr-walk-page.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-walk-page"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-a11y.h"
#include "wr-observation-dialog.h"
#include "wr-observations.h"
#include "wr-question-row.h"
#include "wr-walk-page.h"

/* Walk mode: one member of a 15 Steps team (a patient, a carer, a
 * volunteer) records their own impressions, one part of the form at a
 * time, over the whole window. It shows the member's per-member sections
 * only (about you, first impressions, the four themes, the setting's
 * questions), in large controls, with Back and Next and where they are
 * in words. There is nothing to break: no menu, no settings, no delete,
 * no actions. Answers are saved through the visit session as the visit
 * page saves them; observations are the member's own. Each time the part
 * changes the keyboard goes to its heading, so a screen reader says
 * where the member is.
 */

struct _WrWalkPage
{
  AdwBin          parent_instance;

  WrVisitSession *session;
  char           *member_uuid;
  char           *member_name;
  GPtrArray      *steps;          /* WrSection, not owned: the form has them */
  guint           step;

  AdwWindowTitle *title;
  GtkWidget      *scrolled;
  GtkWidget      *heading;        /* focusable, so that the keyboard lands there */
  GtkLabel       *heading_label;
  GtkLabel       *progress_label;
  GtkLabel       *guidance_label;
  GtkWidget      *items_box;
  GtkLabel       *status_label;
  GtkWidget      *back_button;
  GtkWidget      *next_button;
  GPtrArray      *rows;           /* WrQuestionRow of the part shown */
  GPtrArray      *prompt_lists;   /* GtkBox under each prompt of the part shown */
};

G_DEFINE_FINAL_TYPE (WrWalkPage, wr_walk_page, ADW_TYPE_BIN)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void show_step (WrWalkPage *self,
                       guint       step);

/* A section on one of the four 15 Steps themes says it is evidence for
 * that theme alone; first impressions speak for all four.
 */
static gboolean
is_theme (WrSection *section)
{
  const WrEvidence *evidence = wr_form_item_get_own_evidence (WR_FORM_ITEM (section));

  return evidence != NULL && evidence->themes != NULL && evidence->themes[0] != NULL && evidence->themes[1] == NULL;
}

/* The member's parts, as the form and the answers so far show them. */
static void
find_steps (WrWalkPage *self)
{
  WrForm *form = wr_visit_session_get_form (self->session);

  g_ptr_array_set_size (self->steps, 0);
  for (guint s = 0; s < wr_form_get_n_sections (form); s++)
    {
      WrSection *section = wr_form_get_section (form, s);

      if (wr_section_get_per_member (section) &&
          wr_visit_session_is_shown (self->session, WR_FORM_ITEM (section), self->member_uuid, 0))
        g_ptr_array_add (self->steps, section);
    }
}

static GtkWidget *
text_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
say (WrWalkPage *self,
     const char *text,
     gboolean    is_error)
{
  gtk_label_set_text (self->status_label, text);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static void
refresh_rows (WrWalkPage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    wr_question_row_refresh (g_ptr_array_index (self->rows, i));
}

static void
row_saved_cb (WrQuestionRow *row,
              const char    *message,
              WrWalkPage    *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (now, "%H:%M");
  g_autofree char *text = NULL;

  if (message != NULL)
    {
      text = g_strdup_printf (_("Not saved: %s"), message);
      say (self, text, TRUE);
      return;
    }

  /* Translators: %s is a time such as 14:30 */
  text = g_strdup_printf (_("Saved at %s"), time);
  say (self, text, FALSE);
  refresh_rows (self);
}

/* What the member wrote at a prompt, to read: changing or removing it is
 * for the visit page.
 */
static void
fill_prompt_list (WrWalkPage *self,
                  GtkWidget  *list)
{
  WrFormItem *item = g_object_get_data (G_OBJECT (list), "item");
  GPtrArray *observations = wr_visit_session_list_observations_at (self->session, item, self->member_uuid, 0);
  GtkWidget *child;
  guint n = 0;

  while ((child = gtk_widget_get_first_child (list)))
    gtk_box_remove (GTK_BOX (list), child);

  for (guint i = 0; observations != NULL && i < observations->len; i++)
    {
      WrObservation *o = g_ptr_array_index (observations, i);

      if (g_strcmp0 (wr_observation_get_member_uuid (o), self->member_uuid) != 0)
        continue;
      gtk_box_append (GTK_BOX (list), text_label (wr_observation_get_text (o), "walk-noticed"));
      n++;
    }
  gtk_widget_set_visible (list, n > 0);
}

static void
refresh_prompt_lists (WrWalkPage *self)
{
  for (guint i = 0; i < self->prompt_lists->len; i++)
    fill_prompt_list (self, g_ptr_array_index (self->prompt_lists, i));
}

static void
add_noticed_clicked_cb (GtkButton  *button,
                        WrWalkPage *self)
{
  WrFormItem *item = g_object_get_data (G_OBJECT (button), "item");
  WrObservationDialog *dialog = wr_observation_dialog_new (self->session, item, self->member_uuid, 0);

  wr_observation_dialog_set_simple (dialog);
  wr_a11y_present_dialog (GTK_WINDOW (dialog), GTK_WIDGET (button));
}

static GtkWidget *
prompt_new (WrWalkPage *self,
            WrFormItem *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = text_label (wr_form_item_get_label (item), "heading");
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Add What You Noticed…"));
  GtkWidget *list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  /* Translators: %s is a prompt such as "What made a good impression?" */
  g_autofree char *name = g_strdup_printf (_("Add what you noticed: %s"), wr_form_item_get_label (item));
  /* Translators: %s is a prompt; the list of what the member wrote there */
  g_autofree char *list_name = g_strdup_printf (_("What you noticed: %s"), wr_form_item_get_label (item));

  gtk_widget_add_css_class (box, "walk-prompt");
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data (G_OBJECT (button), "item", item);
  g_signal_connect (button, "clicked", G_CALLBACK (add_noticed_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), button);

  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, list_name, -1);
  g_object_set_data (G_OBJECT (list), "item", item);
  g_ptr_array_add (self->prompt_lists, list);
  fill_prompt_list (self, list);
  gtk_box_append (GTK_BOX (box), list);
  return box;
}

/* The questions and prompts of @parent, for the member. */
static void
build_items (WrWalkPage *self,
             GtkWidget  *container,
             WrFormItem *parent)
{
  for (guint i = 0; i < wr_form_item_get_n_children (parent); i++)
    {
      WrFormItem *item = wr_form_item_get_child (parent, i);

      switch (wr_form_item_get_kind (item))
        {
        case WR_FORM_ITEM_QUESTION:
          {
            WrQuestionRow *row = wr_question_row_new (self->session, WR_QUESTION (item), self->member_uuid, 0);

            wr_question_row_set_simple (row);
            g_signal_connect (row, "saved", G_CALLBACK (row_saved_cb), self);
            g_ptr_array_add (self->rows, row);
            gtk_box_append (GTK_BOX (container), GTK_WIDGET (row));
            break;
          }

        case WR_FORM_ITEM_GROUP:
          {
            GtkWidget *group = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);

            gtk_box_append (GTK_BOX (group), text_label (wr_form_item_get_label (item), "title-4"));
            build_items (self, group, item);
            gtk_widget_set_visible (group, wr_visit_session_is_shown (self->session, item, self->member_uuid, 0));
            gtk_box_append (GTK_BOX (container), group);
            break;
          }

        case WR_FORM_ITEM_OBSERVATIONS:
          gtk_box_append (GTK_BOX (container), prompt_new (self, item));
          break;

        case WR_FORM_ITEM_SECTION:
        default:
          break;
        }
    }
}

static void
flush_rows (WrWalkPage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    wr_question_row_flush (g_ptr_array_index (self->rows, i));
}

/* "Theme 2 of 4 · Step 4 of 7", or "Step 1 of 7" before the themes. */
static char *
progress_text (WrWalkPage *self,
               guint       step)
{
  guint theme = 0;
  guint n_themes = 0;

  for (guint i = 0; i < self->steps->len; i++)
    if (is_theme (g_ptr_array_index (self->steps, i)))
      {
        n_themes++;
        if (i <= step)
          theme = n_themes;
      }

  if (is_theme (g_ptr_array_index (self->steps, step)))
    /* Translators: where the member is on a walk: "Theme 2 of 4 · Step 4 of 7" */
    return g_strdup_printf (_("Theme %u of %u · Step %u of %u"), theme, n_themes, step + 1, self->steps->len);
  /* Translators: where the member is on a walk, outside the four themes */
  return g_strdup_printf (_("Step %u of %u"), step + 1, self->steps->len);
}

static void
show_step (WrWalkPage *self,
           guint       step)
{
  WrSection *section;
  const char *guidance;
  g_autofree char *progress = NULL;
  g_autofree char *heading_name = NULL;
  gboolean last;
  GtkWidget *child;

  flush_rows (self);
  find_steps (self);
  if (self->steps->len == 0)
    return;
  step = MIN (step, self->steps->len - 1);
  self->step = step;
  section = g_ptr_array_index (self->steps, step);
  last = step + 1 == self->steps->len;

  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->prompt_lists, 0);
  while ((child = gtk_widget_get_first_child (self->items_box)))
    gtk_box_remove (GTK_BOX (self->items_box), child);

  progress = progress_text (self, step);
  gtk_label_set_text (self->progress_label, progress);
  gtk_label_set_text (self->heading_label, wr_form_item_get_label (WR_FORM_ITEM (section)));
  /* Translators: what a screen reader says on reaching a part of the walk:
   * "Is it safe? Theme 2 of 4 · Step 4 of 7"
   */
  heading_name = g_strdup_printf (_("%s %s"), wr_form_item_get_label (WR_FORM_ITEM (section)), progress);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->heading), GTK_ACCESSIBLE_PROPERTY_LABEL, heading_name, -1);

  guidance = wr_form_item_get_guidance (WR_FORM_ITEM (section));
  gtk_label_set_text (self->guidance_label, guidance ? guidance : "");
  gtk_widget_set_visible (GTK_WIDGET (self->guidance_label), guidance != NULL);

  build_items (self, self->items_box, WR_FORM_ITEM (section));
  refresh_rows (self);

  gtk_widget_set_sensitive (self->back_button, step > 0);
  gtk_button_set_label (GTK_BUTTON (self->next_button), last ? _("_Finish") : _("_Next"));
  wr_a11y_set_tooltip (self->next_button, last ? _("Finish the walk and go back to the visit")
                                               : _("Go on to the next part"));

  /* The keyboard, and so a screen reader, goes to where the member is. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled)), 0.0);
  gtk_widget_grab_focus (self->heading);
}

static void
finish (WrWalkPage *self)
{
  flush_rows (self);
  g_signal_emit (self, signals [FINISHED], 0);
}

static void
next_clicked_cb (WrWalkPage *self)
{
  if (self->step + 1 >= self->steps->len)
    finish (self);
  else
    show_step (self, self->step + 1);
}

static void
back_clicked_cb (WrWalkPage *self)
{
  if (self->step > 0)
    show_step (self, self->step - 1);
}

static void
leave_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   WrWalkPage       *self)
{
  if (g_strcmp0 (response, "stop") == 0)
    finish (self);
}

/**
 * wr_walk_page_ask_to_leave:
 * @self: a #WrWalkPage
 *
 * Asks whether to stop the walk (Escape, or Stop Walk…), and goes back to
 * the visit if so. What was given is saved either way.
 */
void
wr_walk_page_ask_to_leave (WrWalkPage *self)
{
  GtkWidget *dialog;
  GtkRoot *root;

  g_return_if_fail (WR_IS_WALK_PAGE (self));

  flush_rows (self);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Stop the Walk?"),
                                   _("What you have given so far is saved. The visit page shows it, "
                                     "and walk mode can carry on from there later."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Walking"),
                                    "stop", _("_Stop Walk"),
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (leave_response_cb), self, 0);
  wr_a11y_present_dialog (GTK_WINDOW (dialog), gtk_root_get_focus (root));
}

static void
stop_clicked_cb (WrWalkPage *self)
{
  wr_walk_page_ask_to_leave (self);
}

static void
store_changed_cb (WrWalkPage *self,
                  const char *entity,
                  const char *visit_uuid)
{
  if (g_strcmp0 (visit_uuid, wr_visit_get_uuid (wr_visit_session_get_visit (self->session))) == 0 &&
      g_str_equal (entity, "observation"))
    refresh_prompt_lists (self);
}

static GtkWidget *
nav_button (const char *label,
            GCallback   callback,
            WrWalkPage *self)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_add_css_class (button, "pill");
  gtk_widget_set_hexpand (button, TRUE);
  g_signal_connect_swapped (button, "clicked", callback, self);
  return button;
}

static void
wr_walk_page_dispose (GObject *object)
{
  WrWalkPage *self = (WrWalkPage *)object;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (wr_visit_session_get_store (self->session), store_changed_cb, self);
  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (wr_walk_page_parent_class)->dispose (object);
}

static void
wr_walk_page_finalize (GObject *object)
{
  WrWalkPage *self = (WrWalkPage *)object;

  g_clear_pointer (&self->member_uuid, g_free);
  g_clear_pointer (&self->member_name, g_free);
  g_clear_pointer (&self->steps, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->prompt_lists, g_ptr_array_unref);

  G_OBJECT_CLASS (wr_walk_page_parent_class)->finalize (object);
}

static void
wr_walk_page_class_init (WrWalkPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wr_walk_page_dispose;
  object_class->finalize = wr_walk_page_finalize;

  /**
   * WrWalkPage::finished:
   *
   * The member finished or stopped the walk: back to the visit.
   */
  signals [FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
wr_walk_page_init (WrWalkPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *stop = gtk_button_new_with_mnemonic (_("_Stop Walk…"));
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *nav = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *nav_clamp = adw_clamp_new ();

  self->steps = g_ptr_array_new ();
  self->rows = g_ptr_array_new ();
  self->prompt_lists = g_ptr_array_new ();

  gtk_widget_add_css_class (GTK_WIDGET (self), "walk-page");

  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Walk Mode"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  g_signal_connect_swapped (stop, "clicked", G_CALLBACK (stop_clicked_cb), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), stop);
  /* No closing, minimising or maximising the window from here: the
   * member leaves walk mode (Stop Walk…, Escape or Finish), and the room
   * goes to the title at 360 pixels with Larger Text.
   */
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_box_append (GTK_BOX (box), header);

  self->progress_label = GTK_LABEL (text_label (NULL, "walk-progress"));
  self->heading_label = GTK_LABEL (text_label (NULL, "title-1"));
  /* A label takes the keyboard only when it is selectable, which would
   * select its text: the heading is a box that can take it.
   */
  self->heading = g_object_new (GTK_TYPE_BOX, "orientation", GTK_ORIENTATION_VERTICAL, "spacing", 6,
                                "accessible-role", GTK_ACCESSIBLE_ROLE_HEADING, "focusable", TRUE, NULL);
  gtk_widget_add_css_class (self->heading, "walk-heading");
  gtk_box_append (GTK_BOX (self->heading), GTK_WIDGET (self->progress_label));
  gtk_box_append (GTK_BOX (self->heading), GTK_WIDGET (self->heading_label));
  gtk_box_append (GTK_BOX (content), self->heading);

  self->guidance_label = GTK_LABEL (text_label (NULL, "guidance"));
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->guidance_label));

  self->items_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_box_append (GTK_BOX (content), self->items_box);

  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 24);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 640);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (self->scrolled, TRUE);
  gtk_widget_add_css_class (self->scrolled, "walk-body");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), clamp);
  gtk_box_append (GTK_BOX (box), self->scrolled);

  /* Back and Next stay in sight at the bottom, however long the part. */
  self->status_label = GTK_LABEL (text_label (NULL, "caption"));
  g_object_set (self->status_label, "accessible-role", GTK_ACCESSIBLE_ROLE_STATUS, NULL);
  gtk_widget_set_margin_start (GTK_WIDGET (self->status_label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->status_label), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->status_label), 6);
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status_label));

  self->back_button = nav_button (_("_Back"), G_CALLBACK (back_clicked_cb), self);
  self->next_button = nav_button (_("_Next"), G_CALLBACK (next_clicked_cb), self);
  gtk_widget_add_css_class (self->next_button, "suggested-action");
  wr_a11y_set_tooltip (self->back_button, _("Go back to the part before"));
  gtk_box_append (GTK_BOX (nav), self->back_button);
  gtk_box_append (GTK_BOX (nav), self->next_button);
  gtk_widget_add_css_class (nav, "walk-nav");
  gtk_widget_add_css_class (nav, "walk-body");
  adw_clamp_set_maximum_size (ADW_CLAMP (nav_clamp), 640);
  adw_clamp_set_child (ADW_CLAMP (nav_clamp), nav);
  gtk_box_append (GTK_BOX (box), nav_clamp);

  adw_bin_set_child (ADW_BIN (self), box);
}

/**
 * wr_walk_page_new:
 * @session: a draft visit whose form has per-member sections
 * @member_uuid: the member who is walking
 *
 * Returns: (transfer floating): walk mode for @member_uuid, at its first part
 */
GtkWidget *
wr_walk_page_new (WrVisitSession *session,
                  const char     *member_uuid)
{
  WrWalkPage *self;
  GPtrArray *members;
  g_autofree char *title = NULL;

  g_return_val_if_fail (WR_IS_VISIT_SESSION (session), NULL);
  g_return_val_if_fail (member_uuid != NULL, NULL);

  self = g_object_new (WR_TYPE_WALK_PAGE, NULL);
  self->session = g_object_ref (session);
  self->member_uuid = g_strdup (member_uuid);

  members = wr_visit_session_get_members (session);
  for (guint i = 0; i < members->len; i++)
    {
      WrMember *member = g_ptr_array_index (members, i);

      if (g_str_equal (member->uuid, member_uuid))
        self->member_name = g_strdup (member->name);
    }

  /* Translators: the title of walk mode: "Walk: Sam Patel" */
  title = g_strdup_printf (_("Walk: %s"), self->member_name ? self->member_name : "");
  adw_window_title_set_title (self->title, title);
  adw_window_title_set_subtitle (self->title, wr_visit_get_service_name (wr_visit_session_get_visit (session)));
  g_signal_connect_object (wr_visit_session_get_store (session), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);

  show_step (self, 0);
  return GTK_WIDGET (self);
}

const char *
wr_walk_page_get_member (WrWalkPage *self)
{
  g_return_val_if_fail (WR_IS_WALK_PAGE (self), NULL);
  return self->member_uuid;
}

const char *
wr_walk_page_get_member_name (WrWalkPage *self)
{
  g_return_val_if_fail (WR_IS_WALK_PAGE (self), NULL);
  return self->member_name ? self->member_name : "";
}

guint
wr_walk_page_get_step (WrWalkPage *self)
{
  g_return_val_if_fail (WR_IS_WALK_PAGE (self), 0);
  return self->step;
}

guint
wr_walk_page_get_n_steps (WrWalkPage *self)
{
  g_return_val_if_fail (WR_IS_WALK_PAGE (self), 0);
  return self->steps->len;
}

/**
 * wr_walk_page_get_heading:
 * @self: a #WrWalkPage
 *
 * Returns: (transfer none): the heading of the part shown, which has the
 *   keyboard whenever the part changes
 */
GtkWidget *
wr_walk_page_get_heading (WrWalkPage *self)
{
  g_return_val_if_fail (WR_IS_WALK_PAGE (self), NULL);
  return self->heading;
}

/**
 * wr_walk_page_flush:
 * @self: a #WrWalkPage
 *
 * Saves at once whatever typing is waiting for its pause.
 */
void
wr_walk_page_flush (WrWalkPage *self)
{
  g_return_if_fail (WR_IS_WALK_PAGE (self));
  flush_rows (self);
}
