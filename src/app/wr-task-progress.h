/* wr-task-progress.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Asked on the main thread, several times a second, how far a worker has
 * got: returns the fraction done, or a negative number while that is not
 * known (the bar then pulses); may set @text to a new string for the bar.
 */
typedef double (*WrTaskProgressFunc) (gpointer   task_data,
                                      char     **text);

typedef struct _WrTaskProgress WrTaskProgress;

WrTaskProgress *wr_task_progress_new           (GtkWindow           *window,
                                                GtkLabel            *label,
                                                GtkProgressBar      *bar) G_GNUC_WARN_UNUSED_RESULT;
void            wr_task_progress_free          (WrTaskProgress      *self);
GTask          *wr_task_progress_start         (WrTaskProgress      *self,
                                                const char          *title,
                                                WrTaskProgressFunc   poll,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data) G_GNUC_WARN_UNUSED_RESULT;
gboolean        wr_task_progress_is_busy       (WrTaskProgress      *self);
gboolean        wr_task_progress_finish        (WrTaskProgress      *self);
gboolean        wr_task_progress_cancel        (WrTaskProgress      *self);
gboolean        wr_task_progress_close_request (WrTaskProgress      *self);
void            wr_task_progress_abandon       (WrTaskProgress      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrTaskProgress, wr_task_progress_free)

G_END_DECLS
