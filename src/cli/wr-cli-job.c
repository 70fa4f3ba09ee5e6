/* wr-cli-job.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* How a command runs its long work: in a worker thread, while the main
 * thread waits for it, for Ctrl+C (SIGINT) or SIGTERM, which cancel it
 * (Ctrl+C, Ctrl+Break or closing the console on Windows: wr-platform.c),
 * and for the moment to show how far it has got. Export, import and
 * report all run their work here, so that each stops the same way: the
 * work sees its GCancellable, cleans up after itself (no half file, no
 * half import), and the command says it stopped and exits 1.
 */

#define G_LOG_DOMAIN "wr-cli-job"

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "wr-cli-private.h"
#include "wr-platform.h"

/* How often progress is shown on a terminal. */
#define PROGRESS_INTERVAL_MS 250

typedef struct
{
  WrCliJobFunc          func;
  WrCliJobProgressFunc  progress;
  gpointer              data;
  char                 *shown;    /* the line on the terminal, if any */
} Job;

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;

  if (job->func (job->data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
job_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
progress_cb (gpointer data)
{
  Job *job = data;
  g_autofree char *text = job->progress (job->data);

  if (text != NULL && g_strcmp0 (text, job->shown) != 0)
    {
      fprintf (stderr, "\r%s\033[K", text);
      fflush (stderr);
      g_free (job->shown);
      job->shown = g_steal_pointer (&text);
    }

  return G_SOURCE_CONTINUE;
}

static GSource *
add_source (GSource      *source,
            GSourceFunc   func,
            gpointer      data,
            GMainContext *context)
{
  g_source_set_callback (source, func, data, NULL);
  g_source_attach (source, context);
  return source;
}

/**
 * _wr_cli_run_job:
 * @func: the work, run in a worker thread; it must stop soon after its
 *   cancellable is cancelled, leaving nothing half done, and then fail
 *   with %G_IO_ERROR_CANCELLED
 * @progress: (nullable): asked on the main thread how far @func has got,
 *   shown on standard error only if that is a terminal
 * @data: for @func and @progress
 * @stopped: the line to print if Ctrl+C or SIGTERM stopped the work,
 *   such as "Stopped; no pack was written"
 * @failed: (nullable): a line to print after the error's own, if @func
 *   failed
 *
 * Runs @func in a worker thread while this one waits for it, and for
 * SIGINT and SIGTERM, which cancel it.
 *
 * Returns: the exit code: %WR_CLI_EXIT_OK if @func succeeded, else
 *   %WR_CLI_EXIT_FAIL once the error or @stopped is printed
 */
int
_wr_cli_run_job (WrCliJobFunc          func,
                 WrCliJobProgressFunc  progress,
                 gpointer              data,
                 const char           *stopped,
                 const char           *failed)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(WrPlatformInterrupts) interrupts = NULL;
  g_autoptr(GSource) ticker = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  Job job = { func, progress, data, NULL };

  g_return_val_if_fail (func != NULL, WR_CLI_EXIT_FAIL);
  g_return_val_if_fail (stopped != NULL, WR_CLI_EXIT_FAIL);

  g_main_context_push_thread_default (context);

  interrupts = wr_platform_cancel_on_interrupt (cancellable, context);
  if (progress != NULL && isatty (STDERR_FILENO))
    ticker = add_source (g_timeout_source_new (PROGRESS_INTERVAL_MS), progress_cb, &job, context);

  task = g_task_new (NULL, cancellable, job_done_cb, &result);
  g_task_set_source_tag (task, _wr_cli_run_job);
  g_task_set_task_data (task, &job, NULL);
  /* What the work did counts, even if Ctrl+C came as it finished: a pack
   * that was written is there, and the command says so.
   */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, job_thread);

  while (result == NULL)
    g_main_context_iteration (context, TRUE);

  if (ticker != NULL)
    g_source_destroy (ticker);
  g_clear_pointer (&interrupts, wr_platform_interrupts_free);
  g_main_context_pop_thread_default (context);

  if (job.shown != NULL)
    fputs ("\r\033[K", stderr);
  g_free (job.shown);

  if (g_task_propagate_boolean (G_TASK (result), &error))
    return WR_CLI_EXIT_OK;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _wr_cli_printerr ("%s", stopped);
  else
    {
      _wr_cli_printerr ("%s", error->message);
      if (failed != NULL)
        _wr_cli_printerr ("%s", failed);
    }

  return WR_CLI_EXIT_FAIL;
}
