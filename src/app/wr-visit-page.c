/* wr-visit-page.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-visit-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wr-a11y.h"
#include "wr-action-dialog.h"
#include "wr-catalog.h"
#include "wr-conflicts-dialog.h"
#include "wr-dates.h"
#include "wr-observation-dialog.h"
#include "wr-observations.h"
#include "wr-photo.h"
#include "wr-question-row.h"
#include "wr-review-bar.h"
#include "wr-role.h"
#include "wr-support-row.h"
#include "wr-visit-page.h"
#include "wr-wrap-box.h"

/* A visit being recorded: its header, and its form's sections with a row
 * per question, built from the form. Per-member sections get a block for
 * each person on the team. A repeatable section is a list with a line for
 * each time it was filled in, built only when scrolled to, and the one
 * repeat that is open below it with its question rows: a checklist of a
 * thousand beds costs one bed's rows. Repeats can be added, moved and
 * removed. Every answer is saved as it is given, and the header says so.
 */

#define NO_REPEAT G_MAXUINT

/* A repeatable section on the page. */
typedef struct
{
  WrVisitPage        *page;       /* not a reference: the page owns the view */
  WrSection          *section;
  GtkStringList      *uuids;      /* the repeats, in order */
  GtkListItemFactory *factory;
  GtkWidget          *scroller;
  GtkGridView        *list;       /* a reference, to disconnect from */
  GtkWidget          *open_box;   /* the open repeat: heading, buttons, rows */
  guint               open;       /* which repeat is open, or NO_REPEAT */
  GPtrArray          *bound;      /* GtkListItem: the lines built now */
  int                 line_height; /* as laid out, once known */
  guint               measure_tick;
  guint               scroll_tick;
  guint               scroll_frames;
} RepeatView;

/* A part of the page shown only when its conditions hold. */
typedef struct
{
  GtkWidget  *widget;
  WrFormItem *item;
  char       *member_uuid;
  guint       repeat;
} Conditional;

struct _WrVisitPage
{
  AdwBin          parent_instance;

  GtkLabel       *service_label;
  GtkLabel       *details_label;
  GtkLabel       *team_label;
  GtkLabel       *score_label;
  GtkLabel       *status_label;
  GtkLabel       *saved_label;
  GtkWidget      *complete_button;
  GtkWidget      *reopen_button;
  GtkWidget      *more_button;
  GtkRevealer    *gaps_revealer;
  GtkRevealer    *newer_revealer;
  GtkLabel       *newer_label;
  GtkButton      *newer_button;
  GtkRevealer    *conflicts_revealer;
  GtkLabel       *conflicts_label;
  GtkWidget      *conflicts_button;
  GCancellable   *conflicts_counting;  /* this visit's conflicts being counted */
  GtkRevealer    *completion_revealer;
  GtkLabel       *completion_label;
  GtkWidget      *complete_again_button;
  GtkWidget      *completion_reopen_button;
  GtkLabel       *gaps_label;
  GtkListBox     *gaps_list;
  GtkBox         *sections_box;
  GtkScrolledWindow *scrolled;

  char           *gaps_shown;
  guint           opening_tick;  /* until the page is laid out, once opened */
  guint           opening_frames;
  WrQuestionRow  *opening_row;   /* not a reference: only compared */
  guint           opening_still;    /* the missing answers listed, while shown */

  WrVisitSession *session;
  GPtrArray      *rows;          /* WrQuestionRow, in form order */
  GArray         *conditionals;  /* Conditional */
  GHashTable     *progress;      /* WrSection → GtkLabel */
  GHashTable     *section_scores; /* WrSection → GtkLabel, for scored sections */
  GHashTable     *section_bodies; /* WrSection → GtkBox */
  GHashTable     *repeat_views;  /* WrSection → RepeatView */
  GPtrArray      *prompt_notes;  /* GtkBox under each observation prompt built now */
  GtkWidget      *notes_box;     /* observations, actions and attachments */
  GtkWidget      *previous_box;  /* the last visit's open actions */
  GtkWidget      *review_bar;    /* the review and History, under the header's buttons */
  GtkWidget      *walk_button;   /* Walk Mode…, on 15 Steps drafts */
  char           *me;            /* who this device's user is on the team, or NULL */
};

G_DEFINE_FINAL_TYPE (WrVisitPage, wr_visit_page, ADW_TYPE_BIN)

enum {
  ADD_TOAST,
  REVISIT,
  DELETED,
  WALK,
  SHARE,
  COLLECT,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void refresh        (WrVisitPage *self);
static void open_at_first_unanswered (WrVisitPage *self);
static void update_gaps    (WrVisitPage *self);
static void update_scores  (WrVisitPage *self);
static void update_walk    (WrVisitPage *self);
static void update_conflicts (WrVisitPage *self);
static void update_completion (WrVisitPage *self);
static void update_team      (WrVisitPage *self);
static GtkWidget *notes_list (GtkWidget  *box,
                              const char *title);
static void build_section  (WrVisitPage *self,
                            WrSection   *section);
static void rebuild_notes  (WrVisitPage *self);

static void
conditional_clear (Conditional *c)
{
  g_clear_pointer (&c->member_uuid, g_free);
}

static void
add_toast (WrVisitPage *self,
           const char  *title)
{
  g_autoptr(AdwToast) toast = adw_toast_new (title);

  g_signal_emit (self, signals [ADD_TOAST], 0, toast);
}

/* What happened (an error, the visit completed) stays in the header's
 * status line after its toast goes, where a screen reader finds it: GTK
 * 4.8 has no gtk_accessible_announce().
 */
static void
tell (WrVisitPage *self,
      const char  *text,
      gboolean     is_error)
{
  gtk_label_set_text (self->saved_label, text);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->saved_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->saved_label), "error");
  add_toast (self, text);
}

typedef gboolean (*UndoFunc) (WrVisitPage *self, const char *uuid, GError **error);

typedef struct
{
  WrVisitPage *page;
  UndoFunc     undo;
  char        *uuid;
} Undo;

static void
undo_free (gpointer data)
{
  Undo *undo = data;

  g_clear_object (&undo->page);
  g_free (undo->uuid);
  g_free (undo);
}

static void
undo_clicked_cb (AdwToast *toast,
                 Undo     *undo)
{
  g_autoptr(GError) error = NULL;

  if (undo->page->session != NULL && !undo->undo (undo->page, undo->uuid, &error))
    add_toast (undo->page, error->message);
}

/* A toast saying what was removed, with Undo to bring it back. */
static void
add_undo_toast (WrVisitPage *self,
                const char  *title,
                UndoFunc     func,
                const char  *uuid)
{
  g_autoptr(AdwToast) toast = adw_toast_new (title);
  Undo *undo = g_new0 (Undo, 1);

  undo->page = g_object_ref (self);
  undo->undo = func;
  undo->uuid = g_strdup (uuid);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_clicked_cb), undo,
                         (GClosureNotify) (void (*) (void)) undo_free, 0);
  g_signal_emit (self, signals [ADD_TOAST], 0, toast);
}

static void
watch (WrVisitPage *self,
       GtkWidget   *widget,
       WrFormItem  *item,
       const char  *member_uuid,
       guint        repeat)
{
  Conditional c = { widget, item, g_strdup (member_uuid), repeat };

  g_array_append_val (self->conditionals, c);
}

/* What was saved -------------------------------------------------------------- */

/* The header says when the visit was last saved: "Saved at 14:30" today,
 * with the day before that.
 */
static void
show_saved_time (WrVisitPage *self,
                 GDateTime   *when)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) local = g_date_time_to_local (when);
  g_autofree char *time = g_date_time_format (local, "%H:%M");
  g_autofree char *text = NULL;

  if (g_date_time_get_year (local) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    /* Translators: %s is a time such as 14:30 */
    text = g_strdup_printf (_("Saved at %s"), time);
  else
    {
      g_autofree char *iso = g_date_time_format (local, "%Y-%m-%d");
      g_autofree char *day = wr_date_format (iso);

      /* Translators: %s is a day such as 3 December 2026, then a time such as 14:30 */
      text = g_strdup_printf (_("Saved on %s at %s"), day, time);
    }
  gtk_label_set_text (self->saved_label, text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->saved_label), "error");
}

/* When the visit opens: the time it was last changed. */
static void
show_last_saved (WrVisitPage *self)
{
  const char *modified = wr_visit_get_modified (wr_visit_session_get_visit (self->session));
  g_autoptr(GDateTime) when = modified ? g_date_time_new_from_iso8601 (modified, NULL) : NULL;

  if (when != NULL)
    show_saved_time (self, when);
  else
    gtk_label_set_text (self->saved_label, "");
}

static void add_note_row (WrVisitPage *self, GtkWidget *list, const char *title, const char *subtitle,
                          const char *edit_action, const char *edit_name, const char *remove_action,
                          const char *remove_name, const char *uuid);
static char *first_words (const char *text);

/* The title of an observation kind, as the catalogue names it. */
static const char *
observation_kind_title (const char *kind)
{
  WrCatalog *catalog = wr_catalog_get_default (NULL);
  WrCatalogEntry *entry = catalog && kind ? wr_catalog_lookup (catalog, WR_CATALOG_OBSERVATION_KIND, kind) : NULL;

  return entry ? wr_catalog_entry_get_title (entry) : kind;
}

/* The observations written at a prompt, under it, to edit or remove. */
static void
fill_prompt_notes (WrVisitPage *self,
                   GtkWidget   *list)
{
  WrFormItem *item = g_object_get_data (G_OBJECT (list), "item");
  const char *member = g_object_get_data (G_OBJECT (list), "member");
  guint repeat = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (list), "repeat"));
  GPtrArray *observations = wr_visit_session_list_observations_at (self->session, item, member, repeat);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (list)))
    gtk_list_box_remove (GTK_LIST_BOX (list), child);

  for (guint i = 0; observations && i < observations->len; i++)
    {
      WrObservation *o = g_ptr_array_index (observations, i);
      g_autofree char *words = first_words (wr_observation_get_text (o));
      g_autofree char *edit_name = g_strdup_printf (_("Edit observation: %s"), words);
      g_autofree char *remove_name = g_strdup_printf (_("Remove observation: %s"), words);

      add_note_row (self, list, wr_observation_get_text (o), observation_kind_title (wr_observation_get_kind (o)),
                    "visit.edit-observation", edit_name, "visit.remove-observation", remove_name,
                    wr_observation_get_uuid (o));
    }
  gtk_widget_set_visible (list, observations != NULL && observations->len > 0);
}

static GtkWidget *
prompt_notes_new (WrVisitPage *self,
                  WrFormItem  *item,
                  const char  *member_uuid,
                  guint        repeat)
{
  GtkWidget *box = gtk_list_box_new ();
  /* Translators: %s is an observation prompt of the form; the list of what was written there */
  g_autofree char *name = g_strdup_printf (_("Saved about: %s"), wr_form_item_get_label (item));

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (box), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (box, "boxed-list");
  gtk_widget_add_css_class (box, "saved-notes");
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data (G_OBJECT (box), "item", item);
  g_object_set_data_full (G_OBJECT (box), "member", g_strdup (member_uuid), g_free);
  g_object_set_data (G_OBJECT (box), "repeat", GUINT_TO_POINTER (repeat));
  g_ptr_array_add (self->prompt_notes, box);
  fill_prompt_notes (self, box);
  return box;
}

/* After an observation or action was added, edited or removed: each
 * question and prompt built now shows what is saved about it. The
 * session reads the notes once for all of them.
 */
static void
refresh_saved_notes (WrVisitPage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      WrQuestionRow *row = g_ptr_array_index (self->rows, i);

      if (wr_question_get_answerable (wr_question_row_get_question (row)))
        wr_question_row_refresh_notes (row);
    }
  for (guint i = 0; i < self->prompt_notes->len; i++)
    fill_prompt_notes (self, g_ptr_array_index (self->prompt_notes, i));
}

static void
row_saved_cb (WrQuestionRow *row,
              const char    *message,
              WrVisitPage   *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *text = NULL;

  if (message != NULL)
    {
      text = g_strdup_printf (_("Not saved: %s"), message);
      gtk_label_set_text (self->saved_label, text);
      gtk_widget_add_css_class (GTK_WIDGET (self->saved_label), "error");
      add_toast (self, text);
      return;
    }

  show_saved_time (self, now);
  refresh (self);
}

static void
row_add_observation_cb (WrQuestionRow *row,
                        WrVisitPage   *self)
{
  WrObservationDialog *dialog = wr_observation_dialog_new (self->session,
                                                           WR_FORM_ITEM (wr_question_row_get_question (row)),
                                                           wr_question_row_get_member (row),
                                                           wr_question_row_get_repeat (row));

  wr_a11y_present_dialog (GTK_WINDOW (dialog), GTK_WIDGET (row));
}

static void
row_add_action_cb (WrQuestionRow *row,
                   WrVisitPage   *self)
{
  WrActionDialog *dialog = wr_action_dialog_new (self->session, WR_FORM_ITEM (wr_question_row_get_question (row)),
                                                 wr_question_row_get_repeat (row));

  wr_a11y_present_dialog (GTK_WINDOW (dialog), GTK_WIDGET (row));
}

typedef struct
{
  WrVisitPage *page;
  char        *question_id;
} AttachJob;

static void
attach_job_free (AttachJob *job)
{
  g_clear_object (&job->page);
  g_free (job->question_id);
  g_free (job);
}

/* The file was read and, if a photo, cleaned in a worker thread. */
static void
attachment_read_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  AttachJob *job = user_data;
  WrVisitPage *self = job->page;
  g_autoptr(GError) error = NULL;
  g_autoptr(WrAttachmentFile) file = wr_attachment_file_read_finish (G_FILE (object), result, &error);
  g_autofree char *uuid = NULL;
  g_autofree char *said = NULL;

  if (file != NULL && self->session != NULL)
    {
      uuid = wr_store_add_attachment (wr_visit_session_get_store (self->session),
                                      wr_visit_get_uuid (wr_visit_session_get_visit (self->session)),
                                      job->question_id, file->file_name, file->media_type,
                                      file->data, NULL, &error);
      if (uuid != NULL)
        said = wr_photo_describe_changes (file->file_name, file->changes);
    }

  if (error != NULL)
    tell (self, error->message, TRUE);
  else if (said != NULL)
    tell (self, said, FALSE);
  attach_job_free (job);
}

static void
attach_files (WrVisitPage  *self,
              const char   *question_id,
              GListModel   *files,
              WrPhotoFlags  flags)
{
  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);
      AttachJob *job = g_new0 (AttachJob, 1);

      job->page = g_object_ref (self);
      job->question_id = g_strdup (question_id);
      wr_attachment_file_read_async (file, flags, NULL, attachment_read_cb, job);
    }
}

/**
 * wr_visit_page_attach_files:
 * @self: a #WrVisitPage
 * @question_id: the question the files belong to
 * @files: (element-type GFile): photos or documents
 *
 * Reads each file off the main loop, removes a photo's location and camera
 * details and turns it upright, and keeps it with the visit.
 */
void
wr_visit_page_attach_files (WrVisitPage *self,
                            const char  *question_id,
                            GListModel  *files)
{
  g_return_if_fail (WR_IS_VISIT_PAGE (self));

  attach_files (self, question_id, files, WR_PHOTO_FLAGS_NONE);
}

static void
attach_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    AttachJob       *job)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      const char *keep = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "keep-details");

      attach_files (job->page, job->question_id, files,
                    g_strcmp0 (keep, "true") == 0 ? WR_PHOTO_FLAGS_KEEP_ORIGINAL : WR_PHOTO_FLAGS_NONE);
    }

  attach_job_free (job);
  g_object_unref (chooser);
}

static void
row_attach_cb (WrQuestionRow *row,
               WrVisitPage   *self)
{
  GtkFileChooserNative *chooser;
  AttachJob *job = g_new0 (AttachJob, 1);

  job->page = g_object_ref (self);
  job->question_id = g_strdup (wr_form_item_get_id (WR_FORM_ITEM (wr_question_row_get_question (row))));

  chooser = gtk_file_chooser_native_new (_("Attach Photos or Documents"),
                                         GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  /* Photos lose their location and camera details unless this is ticked. */
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "keep-details",
                               _("Keep photos’ location and camera details"), NULL, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (attach_response_cb), job);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* visit.add-observation-at (prompt id, member uuid or "", repeat): an
 * observation written at one of the form's observation prompts.
 */
static void
add_observation_at_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  WrVisitPage *self = WR_VISIT_PAGE (widget);
  WrObservationDialog *dialog;
  const char *item_id;
  const char *member;
  WrFormItem *item;
  guint repeat;

  g_variant_get (param, "(&s&su)", &item_id, &member, &repeat);
  if (self->session == NULL ||
      !(item = wr_form_lookup_item (wr_visit_session_get_form (self->session), item_id)))
    return;

  dialog = wr_observation_dialog_new (self->session, item, member[0] ? member : NULL, repeat);
  wr_a11y_present_dialog (GTK_WINDOW (dialog), widget);
}

static GtkWidget *
text_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* The items inside @parent, for one member and repeat. */
static void
build_items (WrVisitPage *self,
             GtkWidget   *container,
             WrFormItem  *parent,
             const char  *member_uuid,
             guint        repeat)
{
  for (guint i = 0; i < wr_form_item_get_n_children (parent); i++)
    {
      WrFormItem *item = wr_form_item_get_child (parent, i);

      switch (wr_form_item_get_kind (item))
        {
        case WR_FORM_ITEM_QUESTION:
          {
            WrQuestionRow *row = wr_question_row_new (self->session, WR_QUESTION (item), member_uuid, repeat);

            g_signal_connect (row, "saved", G_CALLBACK (row_saved_cb), self);
            g_signal_connect (row, "add-observation", G_CALLBACK (row_add_observation_cb), self);
            g_signal_connect (row, "add-action", G_CALLBACK (row_add_action_cb), self);
            g_signal_connect (row, "attach", G_CALLBACK (row_attach_cb), self);
            g_ptr_array_add (self->rows, row);
            gtk_box_append (GTK_BOX (container), GTK_WIDGET (row));
            break;
          }

        case WR_FORM_ITEM_GROUP:
          {
            GtkWidget *group = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

            gtk_widget_add_css_class (group, "visit-group");
            gtk_box_append (GTK_BOX (group), text_label (wr_form_item_get_label (item), "heading"));
            if (wr_form_item_get_guidance (item))
              gtk_box_append (GTK_BOX (group), text_label (wr_form_item_get_guidance (item), "dim-label"));
            build_items (self, group, item, member_uuid, repeat);
            watch (self, group, item, member_uuid, repeat);
            gtk_box_append (GTK_BOX (container), group);
            break;
          }

        case WR_FORM_ITEM_OBSERVATIONS:
          {
            /* The button goes under the prompt when both do not fit. */
            GtkWidget *box = wr_wrap_box_new ();
            GtkWidget *label = text_label (wr_form_item_get_label (item), NULL);
            GtkWidget *button = gtk_button_new_with_mnemonic (_("Add _Observation…"));

            wr_wrap_box_set_column_spacing (WR_WRAP_BOX (box), 12);
            wr_wrap_box_set_row_spacing (WR_WRAP_BOX (box), 6);
            gtk_widget_add_css_class (box, "question-row");
            gtk_widget_set_hexpand (label, TRUE);
            wr_wrap_box_append (WR_WRAP_BOX (box), label);
            gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
            gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "visit.add-observation-at");
            gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ssu)", wr_form_item_get_id (item),
                                              member_uuid ? member_uuid : "", repeat);
            wr_wrap_box_append (WR_WRAP_BOX (box), button);
            watch (self, box, item, member_uuid, repeat);
            gtk_box_append (GTK_BOX (container), box);
            gtk_box_append (GTK_BOX (container), prompt_notes_new (self, item, member_uuid, repeat));
            break;
          }

        case WR_FORM_ITEM_SECTION:
        default:
          break;
        }
    }
}

static GtkWidget *
block (const char *heading)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "visit-block");
  if (heading != NULL)
    gtk_box_append (GTK_BOX (box), text_label (heading, "heading"));
  return box;
}

/* Rows of a section that were removed must not be refreshed any more; what
 * they hold that is waiting for a pause in typing is saved first.
 */
static void
forget_rows_in (WrVisitPage *self,
                GtkWidget   *body)
{
  for (guint i = self->rows->len; i > 0; i--)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i - 1);

      if (gtk_widget_is_ancestor (row, body))
        {
          wr_question_row_flush (WR_QUESTION_ROW (row));
          g_ptr_array_remove_index (self->rows, i - 1);
        }
    }
  for (guint i = self->conditionals->len; i > 0; i--)
    {
      Conditional *c = &g_array_index (self->conditionals, Conditional, i - 1);

      if (c->widget != body && gtk_widget_is_ancestor (c->widget, body))
        g_array_remove_index (self->conditionals, i - 1);
    }
  for (guint i = self->prompt_notes->len; i > 0; i--)
    {
      if (gtk_widget_is_ancestor (g_ptr_array_index (self->prompt_notes, i - 1), body))
        g_ptr_array_remove_index (self->prompt_notes, i - 1);
    }
}

static void
repeat_view_free (RepeatView *view)
{
  /* The list may outlive the view by a moment, when something else holds
   * it: it must not call back into a view that is gone.
   */
  if (view->measure_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (view->list), view->measure_tick);
  if (view->scroll_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (view->list), view->scroll_tick);
  g_signal_handlers_disconnect_by_data (view->factory, view);
  g_signal_handlers_disconnect_by_data (view->list, view);
  g_clear_object (&view->list);
  g_clear_object (&view->factory);
  g_clear_object (&view->uuids);
  g_clear_pointer (&view->bound, g_ptr_array_unref);
  g_free (view);
}

static char *
repeat_heading (RepeatView *view,
                guint       repeat)
{
  /* Translators: a numbered filling of a repeatable section, "Rooms 2" */
  return g_strdup_printf (_("%s %u"), wr_form_item_get_label (WR_FORM_ITEM (view->section)), repeat + 1);
}

/* What a line last told a screen reader. */
static G_DEFINE_QUARK (wr-visit-page-spoken, spoken)

/* A line of the list says which repeat it is, how much of it is answered
 * and whether it is the open one, and a screen reader says all of that.
 */
static void
update_line (RepeatView  *view,
             GtkListItem *item)
{
  WrVisitSession *session = view->page->session;
  guint repeat = gtk_list_item_get_position (item);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (view->uuids));
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *icon = gtk_widget_get_first_child (box);
  GtkWidget *title = gtk_widget_get_next_sibling (icon);
  GtkWidget *status = gtk_widget_get_next_sibling (title);
  gboolean open = repeat == view->open;
  g_autofree char *heading = NULL;
  g_autofree char *counted = NULL;
  g_autofree char *spoken = NULL;
  guint answered;
  guint questions;

  if (session == NULL || repeat >= n)
    return;

  heading = repeat_heading (view, repeat);
  wr_visit_session_count_answered (session, view->section, NULL, repeat, &answered, &questions);
  /* Translators: how much of one repeat of a section is answered, "4 of 6 answered" */
  counted = g_strdup_printf (_("%u of %u answered"), answered, questions);
  if (open)
    /* Translators: what a screen reader says for the open repeat of a section:
     * "Bed 12, repeat 12 of 1000, 4 of 6 answered, open"
     */
    spoken = g_strdup_printf (_("%s, repeat %u of %u, %s, open"), heading, repeat + 1, n, counted);
  else
    /* Translators: what a screen reader says for a repeat of a section, which
     * Enter opens: "Bed 12, repeat 12 of 1000, 4 of 6 answered"
     */
    spoken = g_strdup_printf (_("%s, repeat %u of %u, %s"), heading, repeat + 1, n, counted);

  /* Lines are updated after every saved answer: only what changed is
   * set, so that unchanged lines are not laid out again.
   */
  if (g_strcmp0 (g_object_get_qdata (G_OBJECT (box), spoken_quark ()), spoken) == 0)
    return;

  gtk_image_set_from_icon_name (GTK_IMAGE (icon), open ? "pan-down-symbolic" : "pan-end-symbolic");
  gtk_inscription_set_text (GTK_INSCRIPTION (title), heading);
  gtk_inscription_set_text (GTK_INSCRIPTION (status), counted);
  if (open)
    gtk_widget_add_css_class (box, "open");
  else
    gtk_widget_remove_css_class (box, "open");
  wr_a11y_label_list_item (item, spoken);
  g_object_set_qdata_full (G_OBJECT (box), spoken_quark (), g_steal_pointer (&spoken), g_free);
}

/* Only the lines built now: as many as fit on screen. */
static void
update_lines (RepeatView *view)
{
  for (guint i = 0; i < view->bound->len; i++)
    update_line (view, g_ptr_array_index (view->bound, i));
}

static void
line_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               RepeatView               *view)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *title = gtk_inscription_new (NULL);
  GtkWidget *status = gtk_inscription_new (NULL);

  /* Lines are made and bound as the list scrolls, so each is kept
   * cheap: inscriptions lay out only what they show.
   */
  gtk_widget_add_css_class (box, "repeat-line");
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (title), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (title), 6);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (title), 20);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (status), 16);
  gtk_inscription_set_xalign (GTK_INSCRIPTION (status), 1.0f);
  gtk_widget_add_css_class (status, "dim-label");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), status);
  gtk_list_item_set_child (item, box);
}

/* Up to six lines show whole and more scroll in six lines' room: a list
 * view asks only for the height of the lines it has made, so the room is
 * asked for here, once a line's height is known.
 */
static void
fit_lines (RepeatView *view)
{
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (view->scroller);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (view->uuids));
  int height = (int) MIN (MAX (n, 1), 6) * view->line_height;

  if (view->line_height <= 0)
    return;

  /* The minimum may never exceed the maximum, even for a moment. */
  gtk_scrolled_window_set_min_content_height (scroller, -1);
  gtk_scrolled_window_set_max_content_height (scroller, height);
  gtk_scrolled_window_set_min_content_height (scroller, height);
}

/* Each frame until a line has been laid out. */
static gboolean
measure_line_cb (GtkWidget     *list,
                 GdkFrameClock *clock,
                 gpointer       data)
{
  RepeatView *view = data;

  for (guint i = 0; i < view->bound->len && view->line_height <= 0; i++)
    {
      GtkWidget *child = gtk_list_item_get_child (g_ptr_array_index (view->bound, i));

      view->line_height = gtk_widget_get_height (gtk_widget_get_parent (child));
    }
  if (view->line_height <= 0)
    return G_SOURCE_CONTINUE;

  view->measure_tick = 0;
  fit_lines (view);
  return G_SOURCE_REMOVE;
}

static void
line_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              RepeatView               *view)
{
  g_ptr_array_add (view->bound, item);
  update_line (view, item);

  /* Lines are bound while the list is laid out, and measured after. */
  if (view->line_height <= 0 && view->measure_tick == 0)
    view->measure_tick = gtk_widget_add_tick_callback (GTK_WIDGET (view->list), measure_line_cb, view, NULL);
}

static void
line_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                RepeatView               *view)
{
  g_ptr_array_remove_fast (view->bound, item);
}

/* A flat icon button for @action with @target, which a screen reader
 * names @spoken: the visit page's per-repeat and per-note buttons.
 */
static GtkWidget *
icon_action_button (const char *icon,
                    const char *tooltip,
                    const char *spoken,
                    const char *action,
                    GVariant   *target)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  wr_a11y_set_tooltip (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  return button;
}

/* Builds the open repeat's heading, buttons and question rows, and drops
 * those of the repeat open before.
 */
static void
show_open_repeat (RepeatView *view)
{
  WrVisitPage *self = view->page;
  const char *id = wr_form_item_get_id (WR_FORM_ITEM (view->section));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (view->uuids));
  guint r = view->open;
  g_autofree char *heading = NULL;
  g_autofree char *spoken = NULL;
  GtkWidget *child;
  GtkWidget *top;
  GtkWidget *label;

  forget_rows_in (self, view->open_box);
  while ((child = gtk_widget_get_first_child (view->open_box)))
    gtk_box_remove (GTK_BOX (view->open_box), child);

  gtk_widget_set_visible (view->scroller, n > 0);
  fit_lines (view);
  gtk_widget_set_visible (view->open_box, r != NO_REPEAT);
  if (r == NO_REPEAT)
    return;

  heading = repeat_heading (view, r);
  top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  label = text_label (heading, "heading");
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (top), label);
  if (r > 0)
    {
      /* Translators: %s is a numbered repeat, "Rooms 2" */
      spoken = g_strdup_printf (_("Move %s Up"), heading);
      gtk_box_append (GTK_BOX (top), icon_action_button ("go-up-symbolic", _("Move Up"), spoken, "visit.move-repeat",
                                                         g_variant_new ("(suu)", id, r, r - 1)));
      g_clear_pointer (&spoken, g_free);
    }
  if (r + 1 < n)
    {
      /* Translators: %s is a numbered repeat, "Rooms 2" */
      spoken = g_strdup_printf (_("Move %s Down"), heading);
      gtk_box_append (GTK_BOX (top), icon_action_button ("go-down-symbolic", _("Move Down"), spoken, "visit.move-repeat",
                                                         g_variant_new ("(suu)", id, r, r + 1)));
      g_clear_pointer (&spoken, g_free);
    }
  /* Translators: %s is a numbered repeat, "Rooms 2" */
  spoken = g_strdup_printf (_("Remove %s"), heading);
  gtk_box_append (GTK_BOX (top), icon_action_button ("user-trash-symbolic", _("Remove"), spoken, "visit.remove-repeat",
                                                     g_variant_new ("(su)", id, r)));
  gtk_box_append (GTK_BOX (view->open_box), top);
  build_items (self, view->open_box, WR_FORM_ITEM (view->section), NULL, r);
}

static void refresh_rows (WrVisitPage *self);

/* A line just added, or a list that just grew, is placed only when the
 * list is next laid out: scrolling to the open repeat again for a few
 * frames brings it into sight wherever it ends up.
 */
static gboolean
scroll_to_open_cb (GtkWidget     *list,
                   GdkFrameClock *clock,
                   gpointer       data)
{
  RepeatView *view = data;

  if (view->open != NO_REPEAT && view->open < g_list_model_get_n_items (G_LIST_MODEL (view->uuids)))
    gtk_widget_activate_action (list, "list.scroll-to-item", "u", view->open);
  if (++view->scroll_frames < 3)
    return G_SOURCE_CONTINUE;

  view->scroll_tick = 0;
  return G_SOURCE_REMOVE;
}

/* Opens @repeat (or none) in place of the repeat open before: its rows
 * are built, the other's are dropped, and the list scrolls to it.
 */
static void
open_repeat (RepeatView *view,
             guint       repeat)
{
  view->open = repeat;
  show_open_repeat (view);
  refresh_rows (view->page);
  update_lines (view);
  if (repeat == NO_REPEAT)
    return;

  gtk_widget_activate_action (GTK_WIDGET (view->list), "list.scroll-to-item", "u", repeat);
  view->scroll_frames = 0;
  if (view->scroll_tick == 0)
    view->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (view->list), scroll_to_open_cb, view, NULL);
}

static void
line_activated_cb (GtkGridView *list,
                   guint        position,
                   RepeatView  *view)
{
  if (position != view->open)
    open_repeat (view, position);
}

/* The list of @section's repeats, the open one below it and a button to
 * add one. The first repeat is open to begin with.
 */
static void
build_repeats (WrVisitPage *self,
               WrSection   *section,
               GtkWidget   *body)
{
  RepeatView *view = g_new0 (RepeatView, 1);
  const char *title = wr_form_item_get_label (WR_FORM_ITEM (section));
  guint n = wr_visit_session_get_n_repeats (self->session, section);
  g_autofree const char **uuids = g_new0 (const char *, n + 1);
  g_autofree char *add_label = g_strdup_printf (_("Add to “%s”"), title);
  g_autofree char *list_label = g_strdup_printf (_("Repeats of “%s”"), title);
  GtkWidget *add;

  for (guint r = 0; r < n; r++)
    uuids[r] = wr_visit_session_get_repeat_uuid (self->session, section, r);

  view->page = self;
  view->section = section;
  view->uuids = gtk_string_list_new (uuids);
  view->bound = g_ptr_array_new ();
  view->open = n > 0 ? 0 : NO_REPEAT;
  view->factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (view->factory, "setup", G_CALLBACK (line_setup_cb), view);
  g_signal_connect (view->factory, "bind", G_CALLBACK (line_bind_cb), view);
  g_signal_connect (view->factory, "unbind", G_CALLBACK (line_unbind_cb), view);

  /* A grid of one column rather than a GtkListView: GTK 4.8's list view
   * keeps 200 lines built around what is in sight, the grid view 30 rows,
   * which is what makes opening a thousand repeats fit in a frame. Each
   * line carries its full label for screen readers, which meet a grid of
   * one column.
   */
  view->list = GTK_GRID_VIEW (g_object_ref_sink (gtk_grid_view_new (NULL, NULL)));
  gtk_grid_view_set_max_columns (view->list, 1);
  {
    /* The model comes last, so that no lines are made for seven columns. */
    g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (view->uuids)));

    gtk_grid_view_set_factory (view->list, view->factory);
    gtk_grid_view_set_model (view->list, GTK_SELECTION_MODEL (selection));
  }
  gtk_grid_view_set_single_click_activate (view->list, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (view->list), "repeat-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (view->list), GTK_ACCESSIBLE_PROPERTY_LABEL, list_label, -1);
  g_signal_connect (view->list, "activate", G_CALLBACK (line_activated_cb), view);

  /* The list scrolls by itself, so only the lines in sight are built. */
  view->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (view->scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (view->scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (view->scroller), 240);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (view->scroller), GTK_WIDGET (view->list));
  gtk_widget_add_css_class (view->scroller, "card");
  gtk_box_append (GTK_BOX (body), view->scroller);

  view->open_box = block (NULL);
  gtk_box_append (GTK_BOX (body), view->open_box);

  add = gtk_button_new_with_label (add_label);
  gtk_widget_set_halign (add, GTK_ALIGN_START);
  gtk_widget_add_css_class (add, "repeat-add");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "visit.add-repeat");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (add), "s", wr_form_item_get_id (WR_FORM_ITEM (section)));
  gtk_box_append (GTK_BOX (body), add);

  g_hash_table_insert (self->repeat_views, section, view);
  show_open_repeat (view);
}

static RepeatView *
lookup_repeat_view (WrVisitPage *self,
                    const char  *section_id)
{
  WrFormItem *section;

  if (self->session == NULL ||
      !(section = wr_form_lookup_item (wr_visit_session_get_form (self->session), section_id)) ||
      !WR_IS_SECTION (section))
    return NULL;
  return g_hash_table_lookup (self->repeat_views, section);
}

/* The open repeat's first question, ready to answer. */
static void
focus_open_repeat (RepeatView *view)
{
  GtkWidget *child;

  for (child = gtk_widget_get_first_child (view->open_box); child; child = gtk_widget_get_next_sibling (child))
    {
      if (WR_IS_QUESTION_ROW (child) && gtk_widget_get_visible (child) &&
          wr_question_row_focus_answer (WR_QUESTION_ROW (child)))
        return;
    }
}

static void
add_repeat_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  WrVisitPage *self = WR_VISIT_PAGE (widget);
  RepeatView *view = lookup_repeat_view (self, g_variant_get_string (param, NULL));
  g_autoptr(GError) error = NULL;
  guint n;

  if (view == NULL)
    return;

  wr_visit_page_flush (self);
  if (!wr_visit_session_add_repeat (self->session, view->section, &error))
    {
      tell (self, error->message, TRUE);
      return;
    }

  /* One line and one repeat's rows are made; the others stay as they are. */
  n = wr_visit_session_get_n_repeats (self->session, view->section);
  gtk_string_list_append (view->uuids, wr_visit_session_get_repeat_uuid (self->session, view->section, n - 1));
  open_repeat (view, n - 1);
  refresh (self);
  focus_open_repeat (view);
}

static gboolean restore_repeat (WrVisitPage *self, const char *uuid, GError **error);

static void
remove_repeat_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  WrVisitPage *self = WR_VISIT_PAGE (widget);
  const char *section_id;
  guint repeat;
  RepeatView *view;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *title = NULL;
  guint n;

  g_variant_get (param, "(&su)", &section_id, &repeat);
  if (!(view = lookup_repeat_view (self, section_id)) ||
      repeat >= g_list_model_get_n_items (G_LIST_MODEL (view->uuids)))
    return;

  wr_visit_page_flush (self);
  uuid = g_strdup (wr_visit_session_get_repeat_uuid (self->session, view->section, repeat));
  heading = repeat_heading (view, repeat);
  title = g_strdup_printf (_("%s removed"), heading);
  if (!wr_visit_session_remove_repeat (self->session, view->section, repeat, &error))
    {
      tell (self, error->message, TRUE);
      return;
    }
  add_undo_toast (self, title, restore_repeat, uuid);
  /* What was written in the repeat has no place on the page any more. */
  rebuild_notes (self);

  /* The repeats after it move up one, and the open one's rows with them. */
  gtk_string_list_remove (view->uuids, repeat);
  n = g_list_model_get_n_items (G_LIST_MODEL (view->uuids));
  if (n == 0)
    view->open = NO_REPEAT;
  else if (view->open == repeat)
    view->open = MIN (repeat, n - 1);
  else if (view->open != NO_REPEAT && view->open > repeat)
    view->open--;
  open_repeat (view, view->open);
  refresh (self);
}

static void
move_repeat_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  WrVisitPage *self = WR_VISIT_PAGE (widget);
  const char *section_id;
  guint repeat;
  guint position;
  guint open;
  RepeatView *view;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  const char *moved[2] = { NULL, NULL };
  guint n;

  g_variant_get (param, "(&suu)", &section_id, &repeat, &position);
  if (!(view = lookup_repeat_view (self, section_id)) ||
      repeat >= (n = g_list_model_get_n_items (G_LIST_MODEL (view->uuids))) || position >= n)
    return;

  wr_visit_page_flush (self);
  uuid = g_strdup (wr_visit_session_get_repeat_uuid (self->session, view->section, repeat));
  if (!wr_visit_session_move_repeat (self->session, view->section, repeat, position, &error))
    {
      tell (self, error->message, TRUE);
      return;
    }

  moved[0] = uuid;
  gtk_string_list_remove (view->uuids, repeat);
  gtk_string_list_splice (view->uuids, position, 0, moved);

  /* The open repeat stays open wherever it now is. */
  open = view->open;
  if (open == repeat)
    open = position;
  else if (open != NO_REPEAT)
    {
      if (open > repeat)
        open--;
      if (open >= position)
        open++;
    }
  open_repeat (view, open);
  refresh (self);
}

/* Where @member_uuid is on the team, or G_MAXUINT. */
static guint
member_index (WrVisitPage *self,
              const char  *member_uuid)
{
  GPtrArray *members = wr_visit_session_get_members (self->session);

  for (guint i = 0; member_uuid != NULL && i < members->len; i++)
    if (g_str_equal (((WrMember *) g_ptr_array_index (members, i))->uuid, member_uuid))
      return i;
  return G_MAXUINT;
}

/* "Priya Jones (Patient)", and ", you" for the person using this device. */
static char *
member_heading (WrVisitPage *self,
                WrMember    *member)
{
  int role = wr_role_find (member->role);
  const char *role_label = role >= 0 ? wr_role_get_label ((guint) role) : member->role;

  if (g_strcmp0 (member->uuid, self->me) == 0)
    /* Translators: the heading of a member's own answers on their own device: "Priya Jones (Patient), you" */
    return g_strdup_printf (_("%s (%s), you"), member->name, role_label);
  return g_strdup_printf ("%s (%s)", member->name, role_label);
}

/* Builds the body of @section: once, per member, or as a list of repeats. */
static void
build_section (WrVisitPage *self,
               WrSection   *section)
{
  GtkWidget *body = g_hash_table_lookup (self->section_bodies, section);
  GPtrArray *members = wr_visit_session_get_members (self->session);

  if (wr_section_get_per_member (section))
    {
      if (members->len == 0)
        gtk_box_append (GTK_BOX (body),
                        text_label (_("Each person on the team answers this section for themselves. "
                                      "The visit has no team yet."), "dim-label"));

      /* The person using this device answers for themselves first. */
      for (guint n = 0; n < members->len; n++)
        {
          guint me = member_index (self, self->me);
          guint m = me == G_MAXUINT ? n : n == 0 ? me : n <= me ? n - 1 : n;
          WrMember *member = g_ptr_array_index (members, m);
          g_autofree char *heading = member_heading (self, member);
          GtkWidget *box = block (heading);

          build_items (self, box, WR_FORM_ITEM (section), member->uuid, 0);
          gtk_box_append (GTK_BOX (body), box);
        }
      return;
    }

  if (!wr_section_get_repeatable (section))
    {
      build_items (self, body, WR_FORM_ITEM (section), NULL, 0);
      return;
    }

  build_repeats (self, section, body);
}

/* A revisit shows what the last visit to the service left open, so the
 * team can see what has changed since.
 */
static void
rebuild_previous (WrVisitPage *self)
{
  WrStore *store = wr_visit_session_get_store (self->session);
  g_autoptr(WrVisit) previous = wr_store_find_previous_visit (store,
                                                              wr_visit_get_uuid (wr_visit_session_get_visit (self->session)),
                                                              NULL);
  g_autoptr(GListModel) actions = NULL;
  g_autofree char *when = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *list;
  GtkWidget *child;
  guint n_open = 0;

  while ((child = gtk_widget_get_first_child (self->previous_box)))
    gtk_box_remove (GTK_BOX (self->previous_box), child);
  gtk_widget_set_visible (self->previous_box, FALSE);

  if (previous == NULL || !(actions = wr_store_list_actions (store, wr_visit_get_uuid (previous), NULL)))
    return;

  when = wr_date_format (wr_visit_get_start_date (previous));
  heading = g_strdup_printf (_("Still open from the last visit, on %s"), when);
  list = notes_list (self->previous_box, heading);
  for (guint i = 0; i < g_list_model_get_n_items (actions); i++)
    {
      g_autoptr(WrAction) action = g_list_model_get_item (actions, i);
      g_autofree char *due = wr_action_get_due (action) ? wr_date_format (wr_action_get_due (action)) : NULL;
      g_autofree char *subtitle = g_strdup_printf ("%s%s%s", wr_action_get_owner (action),
                                                   due ? " · " : "", due ? due : "");
      GtkWidget *row;

      if (wr_action_get_status (action) != WR_ACTION_OPEN)
        continue;
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), wr_action_get_text (action));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
      n_open++;
    }

  gtk_widget_set_visible (self->previous_box, n_open > 0);
}

/* The widgets go first: the repeat lists call back into their views
 * until they are gone.
 */
static void
clear_sections (WrVisitPage *self)
{
  GtkWidget *child;

  for (guint i = 0; i < self->rows->len; i++)
    wr_question_row_flush (g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->prompt_notes, 0);
  g_array_set_size (self->conditionals, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sections_box))))
    gtk_box_remove (self->sections_box, child);
  g_hash_table_remove_all (self->progress);
  g_hash_table_remove_all (self->section_scores);
  g_hash_table_remove_all (self->section_bodies);
  g_hash_table_remove_all (self->repeat_views);
}

/* A section where a practice may ask for support gets its switch. */
static void
append_support_row (WrVisitPage *self,
                    GtkWidget   *box,
                    WrSection   *section)
{
  if (wr_section_get_request_support (section))
    gtk_box_append (GTK_BOX (box), wr_support_row_new (self->session, section));
}

static void
build (WrVisitPage *self)
{
  WrForm *form = wr_visit_session_get_form (self->session);

  clear_sections (self);

  self->previous_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_box_append (self->sections_box, self->previous_box);
  rebuild_previous (self);

  for (guint s = 0; s < wr_form_get_n_sections (form); s++)
    {
      WrSection *section = wr_form_get_section (form, s);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
      GtkWidget *progress = text_label (NULL, "caption");
      GtkWidget *body = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
      const char *guidance = wr_form_item_get_guidance (WR_FORM_ITEM (section));

      gtk_widget_add_css_class (box, "visit-section");
      gtk_box_append (GTK_BOX (box), text_label (wr_form_item_get_label (WR_FORM_ITEM (section)), "title-3"));
      gtk_box_append (GTK_BOX (box), progress);
      if (wr_section_get_scored (section))
        {
          GtkWidget *score = text_label (NULL, "caption");

          gtk_widget_add_css_class (score, "visit-score");
          gtk_box_append (GTK_BOX (box), score);
          g_hash_table_insert (self->section_scores, section, score);
        }
      if (guidance != NULL)
        gtk_box_append (GTK_BOX (box), text_label (guidance, "dim-label"));
      gtk_box_append (GTK_BOX (box), body);
      append_support_row (self, box, section);
      gtk_box_append (self->sections_box, box);

      g_hash_table_insert (self->progress, section, progress);
      g_hash_table_insert (self->section_bodies, section, body);
      watch (self, box, WR_FORM_ITEM (section), NULL, 0);
      build_section (self, section);
    }

  self->notes_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_box_append (self->sections_box, self->notes_box);
  rebuild_notes (self);
}

/* A team on several devices ------------------------------------------------------ */

/* Share with the Team… and Collect from the Team… are for a draft with a
 * team; Who Are You?… for any visit with one.
 */
static void
update_team (WrVisitPage *self)
{
  gboolean team = self->session != NULL && wr_visit_session_get_members (self->session)->len > 0;
  gboolean draft = self->session != NULL && !wr_visit_session_get_read_only (self->session);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "visit.share", team && draft);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "visit.collect", team && draft);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "visit.choose-me", team);
}

static void
load_me (WrVisitPage *self)
{
  g_autoptr(GError) error = NULL;
  WrStore *store = wr_visit_session_get_store (self->session);
  g_autofree char *me = wr_store_get_my_member (store, wr_visit_get_uuid (wr_visit_session_get_visit (self->session)),
                                                &error);

  if (me == NULL)
    g_message ("Could not read who you are on the team: %s", error->message);
  g_clear_pointer (&self->me, g_free);
  if (me != NULL && me[0] != '\0')
    self->me = g_steal_pointer (&me);
}

static void
me_response_cb (AdwMessageDialog *dialog,
                const char       *response,
                WrVisitPage      *self)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *members;
  WrMember *member;
  guint64 index;

  if (self->session == NULL || !g_str_has_prefix (response, "member-") ||
      !g_ascii_string_to_unsigned (response + strlen ("member-"), 10, 0, G_MAXUINT, &index, NULL))
    return;

  members = wr_visit_session_get_members (self->session);
  if (index >= members->len)
    return;
  member = g_ptr_array_index (members, index);
  if (!wr_store_set_my_member (wr_visit_session_get_store (self->session),
                               wr_visit_get_uuid (wr_visit_session_get_visit (self->session)), member->uuid, &error))
    {
      tell (self, error->message, TRUE);
      return;
    }

  /* The member's own answers come first now. */
  wr_visit_page_flush (self);
  g_clear_pointer (&self->me, g_free);
  self->me = g_strdup (member->uuid);
  build (self);
  refresh (self);
  {
    /* Translators: said once a person has said who they are on a team visit */
    g_autofree char *text = g_strdup_printf (_("You are %s on this visit, on this computer"), member->name);

    tell (self, text, FALSE);
  }
}

/* Who are you? A button for each member of the team; the answer is kept
 * on this device only.
 */
static void
ask_who (WrVisitPage *self,
         GtkWidget   *give_back_to)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GPtrArray *members = wr_visit_session_get_members (self->session);
  guint me = member_index (self, self->me);
  g_autofree char *preselected = g_strdup_printf ("member-%u", me == G_MAXUINT ? 0 : me);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Who Are You?"),
                                   _("This visit is recorded by its team, each on their own computer. Choose "
                                     "yourself: the questions each member answers for themselves start with "
                                     "yours. Only this computer keeps your choice."));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Not Now"));
  for (guint i = 0; i < members->len; i++)
    {
      WrMember *member = g_ptr_array_index (members, i);
      int role = wr_role_find (member->role);
      g_autofree char *id = g_strdup_printf ("member-%u", i);
      g_autofree char *label = g_strdup_printf ("%s (%s)", member->name,
                                                role >= 0 ? wr_role_get_label ((guint) role) : member->role);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), id, label);
    }
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), preselected);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (me_response_cb), self, 0);
  wr_a11y_present_dialog (GTK_WINDOW (dialog), give_back_to);
}

static void
choose_me_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  WrVisitPage *self = WR_VISIT_PAGE (widget);

  if (self->session != NULL && wr_visit_session_get_members (self->session)->len > 0)
    ask_who (self, self->more_button);
}

/* A draft with a team that came from another computer asks who is using
 * this one, until they say. On the computer that started the visit
 * nobody is asked: Who Are You?… in the menu is there for them.
 */
static void
ask_who_if_new_here (WrVisitPage *self)
{
  WrVisit *visit = wr_visit_session_get_visit (self->session);
  WrStore *store = wr_visit_session_get_store (self->session);

  if (self->me != NULL || wr_visit_session_get_read_only (self->session) ||
      wr_visit_session_get_members (self->session)->len == 0 ||
      g_strcmp0 (wr_visit_get_device_id (visit), wr_store_get_device_id (store)) == 0 ||
      !GTK_IS_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))))
    return;

  ask_who (self, GTK_WIDGET (self));
}

/* Share and Collect hand the visit to the window, with what is typed
 * saved first: it goes into the pack, or is merged with the team's.
 */
static void
emit_for_visit (WrVisitPage *self,
                guint        signal)
{
  if (self->session == NULL)
    return;
  wr_visit_page_flush (self);
  g_signal_emit (self, signal, 0, wr_visit_get_uuid (wr_visit_session_get_visit (self->session)));
}

static void
share_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  emit_for_visit (WR_VISIT_PAGE (widget), signals [SHARE]);
}

static void
collect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  emit_for_visit (WR_VISIT_PAGE (widget), signals [COLLECT]);
}

/**
 * wr_visit_page_get_me:
 * @self: a #WrVisitPage
 *
 * Returns: (nullable): the member this device's user said they are on the
 *   visit's team
 */
const char *
wr_visit_page_get_me (WrVisitPage *self)
{
  g_return_val_if_fail (WR_IS_VISIT_PAGE (self), NULL);
  return self->me;
}

/* Walk mode ------------------------------------------------------------------- */

/* A 15 Steps draft with a team can be walked by one of its members. */
static void
update_walk (WrVisitPage *self)
{
  gboolean walkable = self->session != NULL &&
                      wr_form_get_kind (wr_visit_session_get_form (self->session)) == WR_FORM_KIND_FIFTEEN_STEPS;
  gboolean can_walk = walkable && !wr_visit_session_get_read_only (self->session) &&
                      wr_visit_session_get_members (self->session)->len > 0;

  gtk_widget_set_visible (self->walk_button, walkable && !wr_visit_session_get_read_only (self->session));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "visit.walk", can_walk);
  wr_a11y_set_tooltip (self->walk_button, can_walk ? _("One theme at a time, in large print, for a member of the team")
                                                   : _("Add the team to the visit first"));
}

static void
walk_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  WrVisitPage      *self)
{
  GPtrArray *members;
  guint64 index;

  if (self->session == NULL || !g_str_has_prefix (response, "member-") ||
      !g_ascii_string_to_unsigned (response + strlen ("member-"), 10, 0, G_MAXUINT, &index, NULL))
    return;

  members = wr_visit_session_get_members (self->session);
  if (index < members->len)
    {
      wr_visit_page_flush (self);
      g_signal_emit (self, signals [WALK], 0, ((WrMember *) g_ptr_array_index (members, index))->uuid);
    }
}

/* Walk Mode…: who is walking? A button for each member of the team. */
static void
walk_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  WrVisitPage *self = WR_VISIT_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GPtrArray *members;
  GtkWidget *dialog;

  if (self->session == NULL)
    return;

  members = wr_visit_session_get_members (self->session);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Who Is Walking?"),
                                   _("Walk mode shows one part of the walk at a time, in large print, with "
                                     "Back and Next. What the person gives is saved as theirs."));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  for (guint i = 0; i < members->len; i++)
    {
      WrMember *member = g_ptr_array_index (members, i);
      int role = wr_role_find (member->role);
      g_autofree char *id = g_strdup_printf ("member-%u", i);
      g_autofree char *label = g_strdup_printf ("%s (%s)", member->name,
                                                role >= 0 ? wr_role_get_label ((guint) role) : member->role);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), id, label);
    }
  /* The person using this device is who usually walks with it. */
  {
    guint me = member_index (self, self->me);
    g_autofree char *preselected = g_strdup_printf ("member-%u", me == G_MAXUINT ? 0 : me);

    adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), preselected);
  }
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (walk_response_cb), self, 0);
  wr_a11y_present_dialog (GTK_WINDOW (dialog), self->walk_button);
}

static void
add_walk_button (WrVisitPage *self)
{
  self->walk_button = gtk_button_new_with_mnemonic (_("_Walk Mode…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->walk_button), "visit.walk");
  gtk_widget_set_visible (self->walk_button, FALSE);
  wr_review_bar_add_button (WR_REVIEW_BAR (self->review_bar), self->walk_button);
}

static gboolean
restore_observation (WrVisitPage *self, const char *uuid, GError **error)
{
  return wr_store_delete_observation (wr_visit_session_get_store (self->session), uuid, FALSE, error);
}

static gboolean
restore_action (WrVisitPage *self, const char *uuid, GError **error)
{
  return wr_store_delete_action (wr_visit_session_get_store (self->session), uuid, FALSE, error);
}

static gboolean
restore_attachment (WrVisitPage *self, const char *uuid, GError **error)
{
  return wr_store_delete_attachment (wr_visit_session_get_store (self->session), uuid, FALSE, error);
}

/* visit.remove-observation, visit.remove-action and visit.remove-attachment
 * take the uuid of what they remove, and offer Undo.
 */
static void
remove_note_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  WrVisitPage *self = WR_VISIT_PAGE (widget);
  const char *uuid = g_variant_get_string (param, NULL);
  g_autoptr(GError) error = NULL;
  WrStore *store;
  gboolean ok;

  if (self->session == NULL)
    return;

  store = wr_visit_session_get_store (self->session);
  if (g_str_equal (action_name, "visit.remove-observation"))
    {
      if ((ok = wr_store_delete_observation (store, uuid, TRUE, &error)))
        add_undo_toast (self, _("Observation removed"), restore_observation, uuid);
    }
  else if (g_str_equal (action_name, "visit.remove-action"))
    {
      if ((ok = wr_store_delete_action (store, uuid, TRUE, &error)))
        add_undo_toast (self, _("Action removed"), restore_action, uuid);
    }
  else if ((ok = wr_store_delete_attachment (store, uuid, TRUE, &error)))
    add_undo_toast (self, _("Attachment removed"), restore_attachment, uuid);

  if (!ok)
    tell (self, error->message, TRUE);
}

/* The first few words of @text, to tell one row's buttons from another's
 * when they are read out.
 */
static char *
first_words (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text ? text : "", " \t\n", -1);
  g_autoptr(GString) out = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; words[i] != NULL && n < 6; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, words[i]);
      n++;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* @edit_action and @edit_name are NULL where the note cannot be edited;
 * @edit_name and @remove_name are what a screen reader says of the
 * buttons.
 */
static void
add_note_row (WrVisitPage *self,
              GtkWidget   *list,
              const char  *title,
              const char  *subtitle,
              const char  *edit_action,
              const char  *edit_name,
              const char  *remove_action,
              const char  *remove_name,
              const char  *uuid)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  if (edit_action != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               icon_action_button ("document-edit-symbolic", _("Edit"), edit_name, edit_action,
                                                   g_variant_new_string (uuid)));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             icon_action_button ("user-trash-symbolic", _("Remove"), remove_name, remove_action,
                                                 g_variant_new_string (uuid)));
  gtk_list_box_append (GTK_LIST_BOX (list), row);
}

static GtkWidget *
notes_list (GtkWidget  *box,
            const char *title)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_box_append (GTK_BOX (box), text_label (title, "title-3"));
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_box_append (GTK_BOX (box), list);
  return list;
}

/* The visit's observations, actions and attachments, at the end. */
static void
rebuild_notes (WrVisitPage *self)
{
  WrStore *store = wr_visit_session_get_store (self->session);
  const char *uuid = wr_visit_get_uuid (wr_visit_session_get_visit (self->session));
  g_autoptr(GListModel) observations = wr_store_list_observations (store, uuid, NULL);
  g_autoptr(GListModel) actions = wr_store_list_actions (store, uuid, NULL);
  g_autoptr(GPtrArray) attachments = wr_store_list_attachments (store, uuid, NULL);
  GtkWidget *child;
  GtkWidget *list;

  while ((child = gtk_widget_get_first_child (self->notes_box)))
    gtk_box_remove (GTK_BOX (self->notes_box), child);

  /* What was written at a question or prompt is shown there; here only
   * what is about the whole visit, or has lost its place (a question the
   * form's version no longer asks, a member or repeat since removed).
   */
  list = NULL;
  if (observations && g_list_model_get_n_items (observations) > 0)
    {
      for (guint i = 0; i < g_list_model_get_n_items (observations); i++)
        {
          g_autoptr(WrObservation) o = g_list_model_get_item (observations, i);
          g_autofree char *words = first_words (wr_observation_get_text (o));
          /* Translators: the name read out for an observation's Edit button. */
          g_autofree char *edit_name = g_strdup_printf (_("Edit observation: %s"), words);
          /* Translators: the name read out for an observation's Remove button. */
          g_autofree char *remove_name = g_strdup_printf (_("Remove observation: %s"), words);

          if (wr_visit_session_has_place_for_note (self->session, wr_observation_get_question_id (o),
                                                   wr_observation_get_member_uuid (o),
                                                   wr_observation_get_repeat_uuid (o)))
            continue;
          if (list == NULL)
            list = notes_list (self->notes_box, _("Observations"));
          add_note_row (self, list, wr_observation_get_text (o),
                        observation_kind_title (wr_observation_get_kind (o)),
                        "visit.edit-observation", edit_name, "visit.remove-observation", remove_name,
                        wr_observation_get_uuid (o));
        }
    }

  list = NULL;
  if (actions && g_list_model_get_n_items (actions) > 0)
    {
      for (guint i = 0; i < g_list_model_get_n_items (actions); i++)
        {
          g_autoptr(WrAction) a = g_list_model_get_item (actions, i);
          g_autofree char *due = wr_action_get_due (a) ? wr_date_format (wr_action_get_due (a)) : NULL;
          g_autofree char *subtitle = g_strdup_printf ("%s%s%s", wr_action_get_owner (a),
                                                       due ? " · " : "", due ? due : "");
          g_autofree char *words = first_words (wr_action_get_text (a));
          /* Translators: the name read out for an action's Edit button. */
          g_autofree char *edit_name = g_strdup_printf (_("Edit action: %s"), words);
          /* Translators: the name read out for an action's Remove button. */
          g_autofree char *remove_name = g_strdup_printf (_("Remove action: %s"), words);

          if (wr_visit_session_has_place_for_note (self->session, wr_action_get_question_id (a), NULL,
                                                   wr_action_get_repeat_uuid (a)))
            continue;
          if (list == NULL)
            list = notes_list (self->notes_box, _("Actions"));
          add_note_row (self, list, wr_action_get_text (a), subtitle, "visit.edit-action", edit_name,
                        "visit.remove-action", remove_name, wr_action_get_uuid (a));
        }
    }

  if (attachments && attachments->len > 0)
    {
      list = notes_list (self->notes_box, _("Attachments"));
      for (guint i = 0; i < attachments->len; i++)
        {
          WrAttachment *a = g_ptr_array_index (attachments, i);
          g_autofree char *size = g_format_size ((guint64) a->size);
          g_autofree char *subtitle = g_strdup_printf ("%s · %s", a->media_type, size);
          const char *name = a->file_name[0] ? a->file_name : a->uuid;
          /* Translators: the name read out for an attachment's Remove button. */
          g_autofree char *remove_name = g_strdup_printf (_("Remove attachment: %s"), name);

          add_note_row (self, list, name, subtitle, NULL, NULL, "visit.remove-attachment", remove_name, a->uuid);
        }
    }
}

static void
update_header (WrVisitPage *self)
{
  WrVisit *visit = wr_visit_session_get_visit (self->session);
  WrForm *form = wr_visit_session_get_form (self->session);
  gboolean read_only = wr_visit_session_get_read_only (self->session);
  g_autofree char *started = wr_date_time_format (wr_visit_get_started (visit));
  g_autofree char *details = g_strdup_printf ("%s · %s", started, wr_form_get_title (form));
  GPtrArray *members = wr_visit_session_get_members (self->session);
  g_autoptr(GString) team = g_string_new (NULL);

  for (guint i = 0; i < members->len; i++)
    g_string_append_printf (team, "%s%s", i ? ", " : "", ((WrMember *) g_ptr_array_index (members, i))->name);

  gtk_label_set_text (self->service_label, wr_visit_get_service_name (visit));
  gtk_label_set_text (self->details_label, details);
  {
    guint me = member_index (self, self->me);

    if (me != G_MAXUINT)
      /* Translators: after the team's names in a visit's header: "Alex Lead, Priya Jones · You are Priya Jones" */
      g_string_append_printf (team, _(" · You are %s"), ((WrMember *) g_ptr_array_index (members, me))->name);
  }
  gtk_label_set_text (self->team_label, team->len ? team->str : _("No team recorded"));
  gtk_label_set_text (self->status_label, read_only ? _("Completed") : _("Draft"));
  if (read_only)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "completed");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "completed");

  {
    WrForm *newer = wr_visit_session_get_newer_form (self->session);

    if (newer != NULL)
      {
        g_autofree char *text = g_strdup_printf (_("This draft uses version %u of its form; version %u is installed."),
                                                 wr_form_get_version (form), wr_form_get_version (newer));
        g_autofree char *button = g_strdup_printf (_("_Move to Version %u…"), wr_form_get_version (newer));

        gtk_label_set_text (self->newer_label, text);
        gtk_button_set_label (self->newer_button, button);
      }
    /* Hidden, not only folded away, so that it never widens the page. */
    gtk_widget_set_visible (GTK_WIDGET (self->newer_revealer), newer != NULL);
    gtk_revealer_set_reveal_child (self->newer_revealer, newer != NULL);
  }

  gtk_widget_set_visible (self->complete_button, !read_only);
  gtk_widget_set_visible (self->reopen_button, read_only);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "visit.add-observation", !read_only);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "visit.add-observation-at", !read_only);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "visit.add-action", !read_only);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "visit.add-repeat", !read_only);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "visit.remove-repeat", !read_only);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "visit.move-repeat", !read_only);
  /* A completed visit's observations change only after Reopen. Its
   * actions are follow-up: they are edited (reassigned, re-dated) without
   * reopening, here as on the Actions page, and the change is audited.
   */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "visit.edit-observation", !read_only);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "visit.edit-action", self->session != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "visit.remove-observation", !read_only);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "visit.remove-action", !read_only);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "visit.remove-attachment", !read_only);
}

/* Scores ---------------------------------------------------------------------- */

/* "Score 84%: 21 of 25 answers met, 2 not applicable" for a section, or
 * "Visit score 84%: …" for the whole visit (@scope NULL), as the form's
 * scoring rules count it: hidden and N/A answers left out.
 */
static char *
score_text (WrVisitPage *self,
            WrFormItem  *scope)
{
  WrScore score;
  double percent;

  if (!wr_visit_session_get_score (self->session, scope, &score) || !wr_score_get_percent (&score, &percent))
    return g_strdup (scope ? _("Score: none yet") : _("Visit score: none yet"));

  if (score.n_not_applicable > 0)
    return scope
           /* Translators: a section's score: "Score 84%: 21 of 25 answers met, 2 not applicable" */
           ? g_strdup_printf (_("Score %.0f%%: %u of %u answers met, %u not applicable"), percent,
                              score.n_met, score.n_applicable, score.n_not_applicable)
           /* Translators: a visit's score: "Visit score 84%: 21 of 25 answers met, 2 not applicable" */
           : g_strdup_printf (_("Visit score %.0f%%: %u of %u answers met, %u not applicable"), percent,
                              score.n_met, score.n_applicable, score.n_not_applicable);
  return scope
         /* Translators: a section's score: "Score 84%: 21 of 25 answers met" */
         ? g_strdup_printf (_("Score %.0f%%: %u of %u answers met"), percent, score.n_met, score.n_applicable)
         /* Translators: a visit's score: "Visit score 84%: 21 of 25 answers met" */
         : g_strdup_printf (_("Visit score %.0f%%: %u of %u answers met"), percent, score.n_met, score.n_applicable);
}

/* The visit's score in the header and each scored section's under its
 * title, as the answers stand: called after every saved answer.
 */
static void
update_scores (WrVisitPage *self)
{
  GHashTableIter iter;
  gpointer section;
  gpointer label;
  g_autofree char *visit_text = NULL;
  gboolean scored = g_hash_table_size (self->section_scores) > 0;

  g_hash_table_iter_init (&iter, self->section_scores);
  while (g_hash_table_iter_next (&iter, &section, &label))
    {
      g_autofree char *text = score_text (self, section);

      if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
        gtk_label_set_text (label, text);
    }

  if (scored)
    {
      visit_text = score_text (self, NULL);
      if (g_strcmp0 (gtk_label_get_text (self->score_label), visit_text) != 0)
        gtk_label_set_text (self->score_label, visit_text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->score_label), scored);
}

/* What the conditions show of the rows built now. */
static void
refresh_rows (WrVisitPage *self)
{
  if (self->session == NULL)
    return;

  for (guint i = 0; i < self->conditionals->len; i++)
    {
      Conditional *c = &g_array_index (self->conditionals, Conditional, i);

      gtk_widget_set_visible (c->widget, wr_visit_session_is_shown (self->session, c->item, c->member_uuid, c->repeat));
    }

  for (guint i = 0; i < self->rows->len; i++)
    wr_question_row_refresh (g_ptr_array_index (self->rows, i));
}

static void
refresh (WrVisitPage *self)
{
  GHashTableIter iter;
  gpointer section;
  gpointer label;
  gpointer view;

  if (self->session == NULL)
    return;

  refresh_rows (self);

  g_hash_table_iter_init (&iter, self->repeat_views);
  while (g_hash_table_iter_next (&iter, &section, &view))
    update_lines (view);

  g_hash_table_iter_init (&iter, self->progress);
  while (g_hash_table_iter_next (&iter, &section, &label))
    {
      guint answered;
      guint required;
      g_autofree char *text = NULL;

      wr_visit_session_count_required (self->session, section, &answered, &required);
      if (required > 0)
        text = g_strdup_printf (_("%u of %u required answers given"), answered, required);
      gtk_label_set_text (label, text);
      gtk_widget_set_visible (label, text != NULL);
    }

  update_header (self);
  update_completion (self);
  update_scores (self);
  update_gaps (self);
  update_walk (self);
  update_team (self);
}

static WrQuestionRow *
find_row (WrVisitPage *self,
          WrFormItem  *item,
          const char  *member_uuid,
          guint        repeat)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      WrQuestionRow *row = g_ptr_array_index (self->rows, i);

      if (WR_FORM_ITEM (wr_question_row_get_question (row)) == item &&
          wr_question_row_get_repeat (row) == repeat &&
          g_strcmp0 (wr_question_row_get_member (row), member_uuid) == 0)
        return row;
    }
  return NULL;
}

/* Goes to a question that still needs an answer, opening its repeat
 * first when it is in one that is not open.
 */
static void
go_to_question_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  WrVisitPage *self = WR_VISIT_PAGE (widget);
  const char *question_id;
  const char *member_uuid;
  guint repeat;
  WrFormItem *item;
  RepeatView *view;
  WrQuestionRow *row;

  g_variant_get (param, "(&s&su)", &question_id, &member_uuid, &repeat);
  if (self->session == NULL ||
      !(item = wr_form_lookup_item (wr_visit_session_get_form (self->session), question_id)))
    return;

  view = g_hash_table_lookup (self->repeat_views, wr_form_item_get_section (item));
  if (view != NULL && view->open != repeat &&
      repeat < g_list_model_get_n_items (G_LIST_MODEL (view->uuids)))
    open_repeat (view, repeat);

  if ((row = find_row (self, item, member_uuid, repeat)))
    wr_question_row_focus_answer (row);
}

/* The list of missing answers ---------------------------------------------------- */

/* What @gaps are, to tell whether the list shown is still right. */
static char *
gaps_key (GArray *gaps)
{
  GString *key = g_string_new (NULL);

  for (guint i = 0; i < gaps->len; i++)
    {
      WrVisitGap *gap = &g_array_index (gaps, WrVisitGap, i);

      g_string_append_printf (key, "%s\x1f%s\x1f%u\n", wr_form_item_get_id (gap->item),
                              gap->member_uuid ? gap->member_uuid : "-", gap->repeat);
    }
  return g_string_free (key, FALSE);
}

/* Lists what is missing, each with a button that goes to it; the first
 * such button, or NULL.
 */
static GtkWidget *
fill_gaps (WrVisitPage *self,
           GArray      *gaps)
{
  g_autofree char *heading = NULL;
  GtkWidget *first_go = NULL;
  GtkWidget *child;

  g_free (self->gaps_shown);
  self->gaps_shown = gaps_key (gaps);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->gaps_list))))
    gtk_list_box_remove (self->gaps_list, child);

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u required answer is missing before the visit can be completed",
                                          "%u required answers are missing before the visit can be completed",
                                          gaps->len), gaps->len);
  gtk_label_set_text (self->gaps_label, heading);

  for (guint i = 0; i < gaps->len && i < 50; i++)
    {
      WrVisitGap *gap = &g_array_index (gaps, WrVisitGap, i);
      RepeatView *view = g_hash_table_lookup (self->repeat_views, wr_form_item_get_section (gap->item));
      GtkWidget *line = adw_action_row_new ();
      const char *label = wr_form_item_get_label (gap->item);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (line), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (line), label);
      if (WR_IS_SECTION (gap->item))
        adw_action_row_set_subtitle (ADW_ACTION_ROW (line),
                                     gap->member_uuid == NULL ? _("Add the team to the visit first")
                                                              : _("Fill this section in more times"));
      else if (view != NULL)
        {
          g_autofree char *which = repeat_heading (view, gap->repeat);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (line), which);
        }
      if (WR_IS_QUESTION (gap->item))
        {
          GtkWidget *go = gtk_button_new_with_label (_("Go to Question"));
          g_autofree char *spoken = g_strdup_printf (_("Go to question: %s"), label);

          gtk_accessible_update_property (GTK_ACCESSIBLE (go), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
          if (first_go == NULL)
            first_go = go;
          gtk_widget_set_valign (go, GTK_ALIGN_CENTER);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (go), "visit.go-to-question");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (go), "(ssu)", wr_form_item_get_id (gap->item),
                                            gap->member_uuid ? gap->member_uuid : "", gap->repeat);
          adw_action_row_add_suffix (ADW_ACTION_ROW (line), go);
        }
      gtk_list_box_append (self->gaps_list, line);
    }

  return first_go;
}

static void
show_gaps (WrVisitPage *self,
           GArray      *gaps)
{
  GtkWidget *first_go = fill_gaps (self, gaps);

  gtk_revealer_set_reveal_child (self->gaps_revealer, TRUE);

  /* The person must act on the list: the keyboard goes to it. */
  if (first_go != NULL)
    gtk_widget_grab_focus (first_go);
  else
    gtk_widget_child_focus (GTK_WIDGET (self->gaps_list), GTK_DIR_TAB_FORWARD);
}

static void
hide_gaps (WrVisitPage *self)
{
  gtk_revealer_set_reveal_child (self->gaps_revealer, FALSE);
  g_clear_pointer (&self->gaps_shown, g_free);
}

/* Once shown, the list follows the answers: an answer given leaves it,
 * a question a new answer makes required joins it, and when nothing is
 * missing it says so, with the keyboard left where it is.
 */
static void
update_gaps (WrVisitPage *self)
{
  g_autoptr(GArray) gaps = NULL;
  g_autofree char *key = NULL;

  if (self->gaps_shown == NULL || wr_visit_session_get_read_only (self->session))
    return;

  gaps = wr_visit_session_list_gaps (self->session);
  key = gaps_key (gaps);
  if (g_str_equal (key, self->gaps_shown))
    return;

  if (gaps->len == 0)
    {
      GtkWidget *child;

      g_free (self->gaps_shown);
      self->gaps_shown = g_steal_pointer (&key);
      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->gaps_list))))
        gtk_list_box_remove (self->gaps_list, child);
      gtk_label_set_text (self->gaps_label, _("Every required answer is given: the visit can be completed"));
      return;
    }
  fill_gaps (self, gaps);
}

static void
complete_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      WrVisitPage      *self)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "complete"))
    return;

  if (!wr_visit_session_complete (self->session, &error))
    {
      tell (self, error->message, TRUE);
      refresh (self);
      return;
    }

  tell (self, _("Visit completed"), FALSE);
  refresh (self);
  /* The Complete button has gone: the keyboard goes on from Reopen. */
  gtk_widget_grab_focus (GTK_WIDGET (self->reopen_button));
}

static void
complete_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  WrVisitPage *self = WR_VISIT_PAGE (widget);
  g_autoptr(GArray) gaps = NULL;
  GtkWidget *dialog;

  wr_visit_page_flush (self);
  gaps = wr_visit_session_list_gaps (self->session);
  if (gaps->len > 0)
    {
      show_gaps (self, gaps);
      return;
    }
  hide_gaps (self);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Complete the Visit?"),
                                   _("A completed visit can no longer be changed. You can reopen it later; "
                                     "reopening is recorded and makes a new revision."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "complete", _("_Complete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "complete", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "complete");
  g_signal_connect (dialog, "response", G_CALLBACK (complete_response_cb), self);
  wr_a11y_present_dialog (GTK_WINDOW (dialog), widget);
}

static void
reopen_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    WrVisitPage      *self)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "reopen"))
    return;

  if (!wr_visit_session_reopen (self->session, &error))
    tell (self, error->message, TRUE);
  refresh (self);
}

static void
reopen_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  WrVisitPage *self = WR_VISIT_PAGE (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Reopen the Visit?"),
                                   _("Its answers can then be changed again. Reopening is recorded with your "
                                     "name, and the visit gets a new revision so that evidence packs tell the "
                                     "new answers from the old."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "reopen", _("_Reopen"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reopen", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (reopen_response_cb), self);
  wr_a11y_present_dialog (GTK_WINDOW (dialog), widget);
}

static void
revisit_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  WrVisitPage *self = WR_VISIT_PAGE (widget);

  wr_visit_page_flush (self);
  g_signal_emit (self, signals [REVISIT], 0, wr_visit_get_uuid (wr_visit_session_get_visit (self->session)));
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    WrVisitPage      *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;

  if (!g_str_equal (response, "delete") || self->session == NULL)
    return;

  uuid = g_strdup (wr_visit_get_uuid (wr_visit_session_get_visit (self->session)));
  if (!wr_store_delete_visit (wr_visit_session_get_store (self->session), uuid, &error))
    {
      tell (self, error->message, TRUE);
      return;
    }

  /* The window leaves the visit and offers Undo. */
  g_signal_emit (self, signals [DELETED], 0, uuid);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  WrVisitPage *self = WR_VISIT_PAGE (widget);
  GtkWidget *dialog;

  wr_visit_page_flush (self);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Delete the Visit?"),
                                   _("The visit, its answers, observations, actions and attachments leave the "
                                     "lists. Undo brings them back."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (delete_response_cb), self);
  wr_a11y_present_dialog (GTK_WINDOW (dialog), widget);
}

static void
move_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  WrVisitPage      *self)
{
  g_autoptr(GError) error = NULL;
  WrForm *newer;

  if (!g_str_equal (response, "move") || self->session == NULL ||
      !(newer = wr_visit_session_get_newer_form (self->session)))
    return;

  if (!wr_visit_session_move_to_form (self->session, newer, &error))
    {
      tell (self, error->message, TRUE);
      return;
    }

  build (self);
  refresh (self);
}

/* Says exactly which answers moving to the newer version would drop
 * before doing it.
 */
static void
move_to_newer_form_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  WrVisitPage *self = WR_VISIT_PAGE (widget);
  WrForm *newer = wr_visit_session_get_newer_form (self->session);
  g_autoptr(GPtrArray) dropped = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (newer == NULL)
    return;

  wr_visit_page_flush (self);
  dropped = wr_visit_session_list_dropped (self->session, newer);
  if (dropped->len == 0)
    g_string_append (body, _("Every answer given so far is kept."));
  else
    {
      g_string_append (body, g_dngettext (GETTEXT_PACKAGE,
                                          "The new version no longer asks this question, so its answer will be dropped:",
                                          "The new version no longer asks these questions, so their answers will be dropped:",
                                          dropped->len));
      for (guint i = 0; i < dropped->len; i++)
        g_string_append_printf (body, "\n• %s", wr_form_item_get_label (g_ptr_array_index (dropped, i)));
      g_string_append (body, "\n");
      g_string_append (body, _("Every other answer is kept."));
    }

  heading = g_strdup_printf (_("Move to Version %u of the Form?"), wr_form_get_version (newer));
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading, body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "move", _("_Move"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "move",
                                              dropped->len ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (move_response_cb), self);
  wr_a11y_present_dialog (GTK_WINDOW (dialog), widget);
}

static void
add_observation_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  WrVisitPage *self = WR_VISIT_PAGE (widget);
  WrObservationDialog *dialog = wr_observation_dialog_new (self->session, NULL, NULL, 0);

  wr_a11y_present_dialog (GTK_WINDOW (dialog), widget);
}

static void
add_action_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  WrVisitPage *self = WR_VISIT_PAGE (widget);
  WrActionDialog *dialog = wr_action_dialog_new (self->session, NULL, 0);

  wr_a11y_present_dialog (GTK_WINDOW (dialog), widget);
}

/* The item of @model whose uuid, by @get_uuid, is @uuid; or NULL. */
static gpointer
find_note (GListModel  *model,
           const char *(*get_uuid) (gpointer),
           const char  *uuid)
{
  for (guint i = 0; model && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (get_uuid (item), uuid) == 0)
        return g_steal_pointer (&item);
    }

  return NULL;
}

/* visit.edit-observation and visit.edit-action take the uuid of what they
 * edit, and open its dialog filled in.
 */
static void
edit_note_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  WrVisitPage *self = WR_VISIT_PAGE (widget);
  const char *uuid = g_variant_get_string (param, NULL);
  const char *visit_uuid;
  g_autoptr(GListModel) notes = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *dialog = NULL;
  WrStore *store;

  if (self->session == NULL)
    return;

  store = wr_visit_session_get_store (self->session);
  visit_uuid = wr_visit_get_uuid (wr_visit_session_get_visit (self->session));
  if (g_str_equal (action_name, "visit.edit-observation"))
    {
      g_autoptr(WrObservation) observation = NULL;

      notes = wr_store_list_observations (store, visit_uuid, &error);
      observation = find_note (notes, (const char *(*) (gpointer)) wr_observation_get_uuid, uuid);
      if (observation != NULL)
        dialog = GTK_WINDOW (wr_observation_dialog_new_for_observation (self->session, observation));
    }
  else
    {
      g_autoptr(WrAction) action = NULL;

      notes = wr_store_list_actions (store, visit_uuid, &error);
      action = find_note (notes, (const char *(*) (gpointer)) wr_action_get_uuid, uuid);
      if (action != NULL)
        dialog = GTK_WINDOW (wr_action_dialog_new_for_action (self->session, action));
    }

  if (dialog == NULL)
    {
      tell (self, error ? error->message : _("It was removed in the meantime"), TRUE);
      return;
    }

  wr_a11y_present_dialog (dialog, widget);
}

/* Rows in conflict --------------------------------------------------------------- */

static void
conflicts_counted_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  WrVisitPage *self = user_data;   /* not a reference: a count is cancelled when it goes */
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  WrConflictsCount count;
  guint n;

  if (!wr_conflicts_count_finish (result, &count, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("Could not count the visit's conflicts: %s", error->message);
      return;
    }

  n = count.n_rows + count.n_visits + count.n_removals;
  if (n > 0)
    {
      if (count.n_visits == 0 && count.n_removals == 0 && count.n_answers == count.n_rows)
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%u answer was changed on two devices: choose which to keep.",
                                             "%u answers were changed on two devices: choose which to keep.", n), n);
      else
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%u part of this visit was changed on two devices: choose which to keep.",
                                             "%u parts of this visit were changed on two devices: choose which to keep.",
                                             n), n);
      gtk_label_set_text (self->conflicts_label, text);
      /* Translators: the accessible name of the conflicts banner's button; %s is the banner's text */
      name = g_strdup_printf (_("Choose which to keep: %s"), text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->conflicts_button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }
  /* Hidden, not only folded away, so that it never widens the page. */
  gtk_widget_set_visible (GTK_WIDGET (self->conflicts_revealer), n > 0);
  gtk_revealer_set_reveal_child (self->conflicts_revealer, n > 0);
}

/* A banner when merging packs left rows of this visit in conflict: counted
 * in a worker thread, as the window counts them all.
 */
static void
update_conflicts (WrVisitPage *self)
{
  g_cancellable_cancel (self->conflicts_counting);
  g_clear_object (&self->conflicts_counting);

  if (self->session == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->conflicts_revealer), FALSE);
      gtk_revealer_set_reveal_child (self->conflicts_revealer, FALSE);
      return;
    }

  self->conflicts_counting = g_cancellable_new ();
  wr_conflicts_count_async (wr_visit_session_get_store (self->session),
                            wr_visit_get_uuid (wr_visit_session_get_visit (self->session)),
                            self->conflicts_counting, conflicts_counted_cb, self);
}

/* A banner when other devices changed this completed visit without having
 * seen its completion (packs brought the changes): the team completes it
 * again as it now is, or reopens it.
 */
static void
update_completion (WrVisitPage *self)
{
  WrVisit *visit = self->session != NULL ? wr_visit_session_get_visit (self->session) : NULL;
  guint n = visit != NULL && wr_visit_get_status (visit) == WR_VISIT_COMPLETED ? wr_visit_get_n_unseen_changes (visit) : 0;

  if (n > 0)
    {
      g_autofree char *text = NULL;
      g_autofree char *again = NULL;
      g_autofree char *reopen = NULL;

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "This visit was completed while %u part of it was being changed on "
                                           "another device. It includes the change now: complete it again, or "
                                           "reopen it to look.",
                                           "This visit was completed while %u parts of it were being changed on "
                                           "another device. It includes the changes now: complete it again, or "
                                           "reopen it to look.", n), n);
      gtk_label_set_text (self->completion_label, text);
      /* Translators: accessible names of the completion banner's buttons; %s is the banner's text */
      again = g_strdup_printf (_("Complete again: %s"), text);
      reopen = g_strdup_printf (_("Reopen: %s"), text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->complete_again_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      again, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->completion_reopen_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      reopen, -1);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->completion_revealer), n > 0);
  gtk_revealer_set_reveal_child (self->completion_revealer, n > 0);
}

static void
complete_again_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  WrVisitPage *self = WR_VISIT_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->session == NULL)
    return;
  if (!wr_visit_session_complete_again (self->session, &error))
    tell (self, error->message, TRUE);
  else
    tell (self, _("Completed again, with the changes made on the other device"), FALSE);
  refresh (self);
}

/* The window opens the dialog, for this visit's conflicts only. */
static void
resolve_conflicts_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  WrVisitPage *self = WR_VISIT_PAGE (widget);

  if (self->session == NULL)
    return;

  gtk_widget_activate_action (widget, "win.resolve-visit-conflicts", "s",
                              wr_visit_get_uuid (wr_visit_session_get_visit (self->session)));
}

/**
 * wr_visit_page_reload:
 * @self: a #WrVisitPage
 *
 * Reads the visit again after it changed elsewhere (a conflict resolved),
 * and shows it as it is now.
 */
void
wr_visit_page_reload (WrVisitPage *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (WR_IS_VISIT_PAGE (self));

  if (self->session == NULL)
    return;

  if (!wr_visit_session_reload (self->session, &error))
    {
      tell (self, error->message, TRUE);
      return;
    }
  build (self);
  refresh (self);
  rebuild_notes (self);
  update_conflicts (self);
}

static void
store_changed_cb (WrVisitPage *self,
                  const char  *entity,
                  const char  *visit_uuid)
{
  if (self->session == NULL ||
      g_strcmp0 (visit_uuid, wr_visit_get_uuid (wr_visit_session_get_visit (self->session))) != 0)
    return;

  if (g_str_equal (entity, "observation") || g_str_equal (entity, "action") || g_str_equal (entity, "attachment"))
    rebuild_notes (self);
  if (g_str_equal (entity, "observation") || g_str_equal (entity, "action"))
    refresh_saved_notes (self);
}

/* Opens the repeat @uuid, wherever it is. */
static void
open_repeat_by_uuid (WrVisitPage *self,
                     const char  *uuid)
{
  GHashTableIter iter;
  gpointer section;
  gpointer data;

  g_hash_table_iter_init (&iter, self->repeat_views);
  while (g_hash_table_iter_next (&iter, &section, &data))
    {
      RepeatView *view = data;
      guint n = g_list_model_get_n_items (G_LIST_MODEL (view->uuids));

      for (guint r = 0; r < n; r++)
        {
          if (g_str_equal (gtk_string_list_get_string (view->uuids, r), uuid))
            {
              open_repeat (view, r);
              return;
            }
        }
    }
}

/* Brings a removed repeat back, with its answers, and rebuilds the page. */
static gboolean
restore_repeat (WrVisitPage  *self,
                const char   *uuid,
                GError      **error)
{
  if (!wr_store_delete_repeat (wr_visit_session_get_store (self->session),
                               wr_visit_get_uuid (wr_visit_session_get_visit (self->session)),
                               uuid, FALSE, error) ||
      !wr_visit_session_reload (self->session, error))
    return FALSE;

  build (self);
  refresh (self);
  open_repeat_by_uuid (self, uuid);
  return TRUE;
}

static void
wr_visit_page_dispose (GObject *object)
{
  WrVisitPage *self = (WrVisitPage *)object;

  wr_visit_page_set_session (self, NULL);
  g_cancellable_cancel (self->conflicts_counting);
  g_clear_object (&self->conflicts_counting);
  if (self->opening_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->opening_tick);
  self->opening_tick = 0;
  /* The child goes first, so that AdwBin and the template never both unparent it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WR_TYPE_VISIT_PAGE);

  G_OBJECT_CLASS (wr_visit_page_parent_class)->dispose (object);
}

static void
wr_visit_page_finalize (GObject *object)
{
  WrVisitPage *self = (WrVisitPage *)object;

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->prompt_notes, g_ptr_array_unref);
  g_clear_pointer (&self->gaps_shown, g_free);
  g_clear_pointer (&self->me, g_free);
  g_clear_pointer (&self->conditionals, g_array_unref);
  g_clear_pointer (&self->progress, g_hash_table_unref);
  g_clear_pointer (&self->section_scores, g_hash_table_unref);
  g_clear_pointer (&self->section_bodies, g_hash_table_unref);
  g_clear_pointer (&self->repeat_views, g_hash_table_unref);

  G_OBJECT_CLASS (wr_visit_page_parent_class)->finalize (object);
}

static void
wr_visit_page_class_init (WrVisitPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (WR_TYPE_WRAP_BOX);

  object_class->dispose = wr_visit_page_dispose;
  object_class->finalize = wr_visit_page_finalize;

  signals [ADD_TOAST] =
    g_signal_new ("add-toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  /**
   * WrVisitPage::revisit:
   * @visit_uuid: the visit to start again from
   */
  signals [REVISIT] =
    g_signal_new ("revisit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * WrVisitPage::deleted:
   * @visit_uuid: the visit just deleted, which Undo can restore
   */
  signals [DELETED] =
    g_signal_new ("deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * WrVisitPage::walk:
   * @member_uuid: the member who is to walk
   */
  signals [WALK] =
    g_signal_new ("walk", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_install_action (widget_class, "visit.walk", NULL, walk_action);

  /**
   * WrVisitPage::share:
   * @visit_uuid: the draft to write a pack of, for the team's other devices
   */
  signals [SHARE] =
    g_signal_new ("share", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * WrVisitPage::collect:
   * @visit_uuid: the draft whose team's packs are to be imported
   */
  signals [COLLECT] =
    g_signal_new ("collect", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_install_action (widget_class, "visit.share", NULL, share_action);
  gtk_widget_class_install_action (widget_class, "visit.collect", NULL, collect_action);
  gtk_widget_class_install_action (widget_class, "visit.choose-me", NULL, choose_me_action);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/wr-visit-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WrVisitPage, newer_revealer);
  gtk_widget_class_bind_template_child (widget_class, WrVisitPage, newer_label);
  gtk_widget_class_bind_template_child (widget_class, WrVisitPage, newer_button);
  gtk_widget_class_bind_template_child (widget_class, WrVisitPage, conflicts_revealer);
  gtk_widget_class_bind_template_child (widget_class, WrVisitPage, conflicts_label);
  gtk_widget_class_bind_template_child (widget_class, WrVisitPage, conflicts_button);
  gtk_widget_class_bind_template_child (widget_class, WrVisitPage, completion_revealer);
  gtk_widget_class_bind_template_child (widget_class, WrVisitPage, completion_label);
  gtk_widget_class_bind_template_child (widget_class, WrVisitPage, complete_again_button);
  gtk_widget_class_bind_template_child (widget_class, WrVisitPage, completion_reopen_button);
  gtk_widget_class_bind_template_child (widget_class, WrVisitPage, service_label);
  gtk_widget_class_bind_template_child (widget_class, WrVisitPage, details_label);
  gtk_widget_class_bind_template_child (widget_class, WrVisitPage, team_label);
  gtk_widget_class_bind_template_child (widget_class, WrVisitPage, score_label);
  gtk_widget_class_bind_template_child (widget_class, WrVisitPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, WrVisitPage, saved_label);
  gtk_widget_class_bind_template_child (widget_class, WrVisitPage, complete_button);
  gtk_widget_class_bind_template_child (widget_class, WrVisitPage, reopen_button);
  gtk_widget_class_bind_template_child (widget_class, WrVisitPage, more_button);
  gtk_widget_class_bind_template_child (widget_class, WrVisitPage, gaps_revealer);
  gtk_widget_class_bind_template_child (widget_class, WrVisitPage, gaps_label);
  gtk_widget_class_bind_template_child (widget_class, WrVisitPage, gaps_list);
  gtk_widget_class_bind_template_child (widget_class, WrVisitPage, sections_box);
  gtk_widget_class_bind_template_child (widget_class, WrVisitPage, scrolled);

  gtk_widget_class_install_action (widget_class, "visit.complete", NULL, complete_action);
  gtk_widget_class_install_action (widget_class, "visit.reopen", NULL, reopen_action);
  gtk_widget_class_install_action (widget_class, "visit.add-observation", NULL, add_observation_action);
  gtk_widget_class_install_action (widget_class, "visit.add-action", NULL, add_action_action);
  gtk_widget_class_install_action (widget_class, "visit.revisit", NULL, revisit_action);
  gtk_widget_class_install_action (widget_class, "visit.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "visit.move-to-newer-form", NULL, move_to_newer_form_action);
  gtk_widget_class_install_action (widget_class, "visit.resolve-conflicts", NULL, resolve_conflicts_action);
  gtk_widget_class_install_action (widget_class, "visit.complete-again", NULL, complete_again_action);
  gtk_widget_class_install_action (widget_class, "visit.add-repeat", "s", add_repeat_action);
  gtk_widget_class_install_action (widget_class, "visit.remove-repeat", "(su)", remove_repeat_action);
  gtk_widget_class_install_action (widget_class, "visit.move-repeat", "(suu)", move_repeat_action);
  gtk_widget_class_install_action (widget_class, "visit.go-to-question", "(ssu)", go_to_question_action);
  gtk_widget_class_install_action (widget_class, "visit.add-observation-at", "(ssu)", add_observation_at_action);
  gtk_widget_class_install_action (widget_class, "visit.edit-observation", "s", edit_note_action);
  gtk_widget_class_install_action (widget_class, "visit.edit-action", "s", edit_note_action);
  gtk_widget_class_install_action (widget_class, "visit.remove-observation", "s", remove_note_action);
  gtk_widget_class_install_action (widget_class, "visit.remove-action", "s", remove_note_action);
  gtk_widget_class_install_action (widget_class, "visit.remove-attachment", "s", remove_note_action);
}

/* Below the header's buttons: the review, its buttons and History. */
static void
add_review_bar (WrVisitPage *self)
{
  GtkWidget *header = gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (self->service_label)));
  GtkWidget *buttons = gtk_widget_get_next_sibling (header);
  GtkWidget *child;

  self->review_bar = wr_review_bar_new ();
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (header)), self->review_bar, buttons);

  /* The visit's buttons and the review's share one row, which wraps. */
  while ((child = gtk_widget_get_first_child (buttons)))
    {
      g_object_ref (child);
      gtk_widget_unparent (child);
      wr_review_bar_add_button (WR_REVIEW_BAR (self->review_bar), child);
      g_object_unref (child);
    }
  gtk_box_remove (GTK_BOX (gtk_widget_get_parent (header)), buttons);
}

/* The header (service, date, team, buttons, review, missing answers)
 * scrolls with the questions: at 360 pixels with Larger Text it took
 * half of the page for good. Everything above the questions goes into
 * the scrolled box, above them; the template keeps its layout.
 */
static void
scroll_header_with_questions (WrVisitPage *self)
{
  GtkWidget *outer = gtk_widget_get_parent (GTK_WIDGET (self->scrolled));
  GtkWidget *questions = gtk_widget_get_parent (GTK_WIDGET (self->sections_box));
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *child;

  /* The clamp, not the viewport the scrolled window made for it: that
   * goes with the old child, and would take the clamp with it.
   */
  g_object_ref (questions);
  gtk_scrolled_window_set_child (self->scrolled, content);
  while ((child = gtk_widget_get_first_child (outer)) != GTK_WIDGET (self->scrolled))
    {
      g_object_ref (child);
      gtk_box_remove (GTK_BOX (outer), child);
      gtk_box_append (GTK_BOX (content), child);
      g_object_unref (child);
    }
  gtk_box_append (GTK_BOX (content), questions);
  g_object_unref (questions);
}

static void
wr_visit_page_init (WrVisitPage *self)
{
  self->rows = g_ptr_array_new ();
  self->prompt_notes = g_ptr_array_new ();
  self->conditionals = g_array_new (FALSE, FALSE, sizeof (Conditional));
  g_array_set_clear_func (self->conditionals, (GDestroyNotify) conditional_clear);
  self->progress = g_hash_table_new (NULL, NULL);
  self->section_scores = g_hash_table_new (NULL, NULL);
  self->section_bodies = g_hash_table_new (NULL, NULL);
  self->repeat_views = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) repeat_view_free);

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Printing, the feedback letter, the team's sharing, Revisit and Delete
   * wait in a menu: the red Delete is never beside Complete, and the
   * buttons fit a narrow window. The tooltip (the button's accessible
   * description too) says what the menu holds.
   */
  wr_a11y_set_tooltip (self->more_button,
                       /* Translators: the tooltip of the visit page's menu button: what its menu holds */
                       _("Visit menu: print, feedback, share with the team, collect, who you are, revisit, delete"));
  add_review_bar (self);
  add_walk_button (self);
  scroll_header_with_questions (self);
}

/**
 * wr_visit_page_set_session:
 * @self: a #WrVisitPage
 * @session: (nullable): the visit to show
 */
void
wr_visit_page_set_session (WrVisitPage    *self,
                           WrVisitSession *session)
{
  g_return_if_fail (WR_IS_VISIT_PAGE (self));

  if (self->session == session)
    return;

  if (self->session != NULL)
    {
      wr_visit_page_flush (self);
      g_signal_handlers_disconnect_by_func (wr_visit_session_get_store (self->session), store_changed_cb, self);
    }
  g_set_object (&self->session, session);
  hide_gaps (self);
  wr_review_bar_set_session (WR_REVIEW_BAR (self->review_bar), session);
  gtk_label_set_text (self->saved_label, "");

  g_clear_pointer (&self->me, g_free);
  update_conflicts (self);
  if (session == NULL)
    {
      clear_sections (self);
      update_team (self);
      return;
    }

  g_signal_connect_object (wr_visit_session_get_store (session), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  load_me (self);
  build (self);
  refresh (self);
  show_last_saved (self);
  open_at_first_unanswered (self);
  ask_who_if_new_here (self);
}

/* Where a visit opens ----------------------------------------------------------- */

/* The first question still to answer, shown and in form order: the rows
 * built now, which are every question but those of closed repeats.
 */
static WrQuestionRow *
first_unanswered_row (WrVisitPage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      WrQuestionRow *row = g_ptr_array_index (self->rows, i);
      WrQuestion *question = wr_question_row_get_question (row);
      const char *member = wr_question_row_get_member (row);
      guint repeat = wr_question_row_get_repeat (row);

      if (wr_question_get_answerable (question) &&
          wr_visit_session_is_shown (self->session, WR_FORM_ITEM (question), member, repeat) &&
          wr_answer_is_empty (wr_visit_session_get_answer (self->session, question, member, repeat)))
        return row;
    }
  return NULL;
}

/* Scrolls so that @widget is near the top of the page; FALSE if it is
 * there already.
 */
static gboolean
scroll_to_widget (WrVisitPage *self,
                  GtkWidget   *widget)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled);
  graphene_rect_t bounds;
  double value;

  if (!gtk_widget_compute_bounds (widget, gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (self->sections_box))),
                                  &bounds))
    return FALSE;
  value = MIN (MAX (0.0, bounds.origin.y - 12.0),
               gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
  if (ABS (gtk_adjustment_get_value (adjustment) - value) < 1.0)
    return FALSE;
  gtk_adjustment_set_value (adjustment, value);
  return TRUE;
}

/* A visit opens at its first unanswered question, with the keyboard
 * there, once the page is laid out; a visit with every answer given, or
 * a completed one, opens at its top.
 */
static gboolean
opening_tick_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       data)
{
  WrVisitPage *self = WR_VISIT_PAGE (widget);
  WrQuestionRow *row;

  if (self->session == NULL)
    {
      self->opening_tick = 0;
      return G_SOURCE_REMOVE;
    }
  if (wr_visit_session_get_read_only (self->session) || !(row = first_unanswered_row (self)))
    {
      self->opening_tick = 0;
      return G_SOURCE_REMOVE;
    }
  /* The rows of a visit just opened are laid out a frame or two later,
   * and may move again as the text above them wraps to its width: the
   * page scrolls to the question until it stays put.
   */
  if (gtk_widget_get_height (GTK_WIDGET (row)) <= 0 && ++self->opening_frames < 30)
    return G_SOURCE_CONTINUE;

  /* The keyboard first, as the viewport scrolls to what takes it. */
  if (self->opening_row != row)
    {
      self->opening_row = row;
      wr_question_row_focus_answer (row);
    }
  else
    {
      /* Once the person moves on, the page leaves them be. */
      GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

      if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (row)))
        {
          self->opening_tick = 0;
          return G_SOURCE_REMOVE;
        }
    }

  /* Done once the question has stayed put for a few frames. */
  if (scroll_to_widget (self, GTK_WIDGET (row)))
    self->opening_still = 0;
  else
    self->opening_still++;
  if (self->opening_still < 3 && ++self->opening_frames < 60)
    return G_SOURCE_CONTINUE;

  self->opening_tick = 0;
  return G_SOURCE_REMOVE;
}

static void
open_at_first_unanswered (WrVisitPage *self)
{
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled), 0.0);
  self->opening_frames = 0;
  self->opening_row = NULL;
  self->opening_still = 0;
  if (self->opening_tick == 0)
    self->opening_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), opening_tick_cb, NULL, NULL);
}

WrVisitSession *
wr_visit_page_get_session (WrVisitPage *self)
{
  g_return_val_if_fail (WR_IS_VISIT_PAGE (self), NULL);
  return self->session;
}

/**
 * wr_visit_page_flush:
 * @self: a #WrVisitPage
 *
 * Saves at once whatever typing is waiting for its pause.
 */
void
wr_visit_page_flush (WrVisitPage *self)
{
  g_return_if_fail (WR_IS_VISIT_PAGE (self));

  for (guint i = 0; self->rows && i < self->rows->len; i++)
    wr_question_row_flush (g_ptr_array_index (self->rows, i));
}

/**
 * wr_visit_page_get_rows:
 * @self: a #WrVisitPage
 *
 * Returns: (transfer none) (element-type WrQuestionRow): the question rows
 */
GPtrArray *
wr_visit_page_get_rows (WrVisitPage *self)
{
  g_return_val_if_fail (WR_IS_VISIT_PAGE (self), NULL);
  return self->rows;
}
