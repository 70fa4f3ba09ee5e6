/* wr-task-progress.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What a dialog that runs one long task in a worker thread needs around
 * it: the task's cancellable, a label and progress bar that show how far
 * the worker has got, Cancel, and closing while it works. A worker must
 * finish (and roll back, if cancelled) before its window goes, so closing
 * cancels the task and hides the window, and the task's callback destroys
 * it.
 *
 * The window owns its WrTaskProgress: it calls wr_task_progress_abandon()
 * in dispose and wr_task_progress_free() in finalize, which a running task
 * delays until its callback has run, since the task holds the window.
 */

#define G_LOG_DOMAIN "wr-task-progress"

#include "config.h"

#include "wr-task-progress.h"

/* How often the progress bar asks the worker how far it has got. */
#define PROGRESS_INTERVAL_MS 100

struct _WrTaskProgress
{
  /* Not owned: the window owns this helper, and the widgets. */
  GtkWindow          *window;
  GtkLabel           *label;
  GtkProgressBar     *bar;

  /* While a task runs. */
  GTask              *task;
  GCancellable       *cancellable;
  WrTaskProgressFunc  poll;
  guint               poll_source;
  gboolean            closing;
};

/**
 * wr_task_progress_new:
 * @window: the dialog that runs the tasks
 * @label: where a task's title goes
 * @bar: where its progress goes
 *
 * Returns: (transfer full): a helper for @window, which keeps it
 */
WrTaskProgress *
wr_task_progress_new (GtkWindow      *window,
                      GtkLabel       *label,
                      GtkProgressBar *bar)
{
  WrTaskProgress *self;

  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);
  g_return_val_if_fail (GTK_IS_LABEL (label), NULL);
  g_return_val_if_fail (GTK_IS_PROGRESS_BAR (bar), NULL);

  self = g_new0 (WrTaskProgress, 1);
  self->window = window;
  self->label = label;
  self->bar = bar;

  return self;
}

/**
 * wr_task_progress_free:
 * @self: a #WrTaskProgress
 *
 * Frees @self. Call it only when no task can still call back, as in the
 * window's finalize.
 */
void
wr_task_progress_free (WrTaskProgress *self)
{
  if (self == NULL)
    return;

  wr_task_progress_abandon (self);
  g_clear_object (&self->task);
  g_clear_object (&self->cancellable);
  g_free (self);
}

static gboolean
poll_cb (gpointer data)
{
  WrTaskProgress *self = data;
  g_autofree char *text = NULL;
  double fraction;

  g_assert (self->task != NULL);

  fraction = self->poll (g_task_get_task_data (self->task), &text);
  if (text != NULL)
    gtk_progress_bar_set_text (self->bar, text);
  if (fraction < 0)
    gtk_progress_bar_pulse (self->bar);
  else
    gtk_progress_bar_set_fraction (self->bar, MIN (fraction, 1.0));

  return G_SOURCE_CONTINUE;
}

/**
 * wr_task_progress_start:
 * @self: a #WrTaskProgress
 * @title: what the task does, shown above the progress bar
 * @poll: asked how far the task has got, with the task's data
 * @callback: called when the task is done; it must first call
 *   wr_task_progress_finish()
 * @user_data: for @callback
 *
 * Shows @title and an empty progress bar, and makes a task of the window
 * that the caller gives its data and runs in a thread.
 *
 * Returns: (transfer full): the task
 */
GTask *
wr_task_progress_start (WrTaskProgress      *self,
                        const char          *title,
                        WrTaskProgressFunc   poll,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->window != NULL, NULL);
  g_return_val_if_fail (self->task == NULL, NULL);
  g_return_val_if_fail (poll != NULL, NULL);

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self->window, self->cancellable, callback, user_data);
  self->task = g_object_ref (task);
  self->poll = poll;
  self->closing = FALSE;

  gtk_label_set_text (self->label, title);
  gtk_progress_bar_set_fraction (self->bar, 0);
  gtk_progress_bar_set_text (self->bar, NULL);
  self->poll_source = g_timeout_add (PROGRESS_INTERVAL_MS, poll_cb, self);

  return task;
}

/**
 * wr_task_progress_is_busy:
 * @self: a #WrTaskProgress
 *
 * Returns: whether a task runs
 */
gboolean
wr_task_progress_is_busy (WrTaskProgress *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->task != NULL;
}

/**
 * wr_task_progress_finish:
 * @self: a #WrTaskProgress
 *
 * Called first in the task's callback: the task is done, and its progress
 * no longer shown.
 *
 * Returns: %TRUE if the window was closed while the task ran: the caller
 *   then destroys it rather than showing the result
 */
gboolean
wr_task_progress_finish (WrTaskProgress *self)
{
  gboolean closed;

  g_return_val_if_fail (self != NULL, TRUE);

  closed = self->closing || self->window == NULL;
  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_clear_object (&self->task);
  g_clear_object (&self->cancellable);
  self->poll = NULL;
  self->closing = FALSE;

  return closed;
}

/**
 * wr_task_progress_cancel:
 * @self: a #WrTaskProgress
 *
 * For Cancel: stops a running task, whose callback then says it was
 * cancelled, and the window stays.
 *
 * Returns: %FALSE if no task runs, so Cancel should close the window
 */
gboolean
wr_task_progress_cancel (WrTaskProgress *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->cancellable == NULL)
    return FALSE;

  g_cancellable_cancel (self->cancellable);
  return TRUE;
}

/**
 * wr_task_progress_close_request:
 * @self: a #WrTaskProgress
 *
 * For the window's #GtkWindow::close-request: while a task runs, cancels
 * it and hides the window, which the task's callback destroys (see
 * wr_task_progress_finish()).
 *
 * Returns: %TRUE if the window must stay until the task is done
 */
gboolean
wr_task_progress_close_request (WrTaskProgress *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->cancellable == NULL || self->window == NULL)
    return FALSE;

  self->closing = TRUE;
  g_cancellable_cancel (self->cancellable);
  gtk_widget_set_visible (GTK_WIDGET (self->window), FALSE);
  return TRUE;
}

/**
 * wr_task_progress_abandon:
 * @self: a #WrTaskProgress
 *
 * For the window's dispose: cancels a running task and lets go of the
 * window and its widgets, which are going; wr_task_progress_finish() then
 * returns %TRUE. Safe to call more than once.
 */
void
wr_task_progress_abandon (WrTaskProgress *self)
{
  g_return_if_fail (self != NULL);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->poll_source, g_source_remove);
  self->window = NULL;
  self->label = NULL;
  self->bar = NULL;
}
