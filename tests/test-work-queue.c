/* test-work-queue.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The bounded hand-off between the pack reader's and writer's threads:
 * order, the bound, spares, closing, stopping and waiting for idle.
 */

#include "config.h"

#include <glib.h>

#include "wr-work-queue-private.h"

#define N_ITEMS 10000
#define MAX_IN_FLIGHT 3

static gint n_freed;

static void
free_item (gpointer item)
{
  g_atomic_int_inc (&n_freed);
  g_free (item);
}

typedef struct
{
  WrWorkQueue *queue;
  gint         most_in_flight;
  gint         in_flight;
} Shared;

static gpointer
produce (gpointer data)
{
  Shared *shared = data;

  for (guint i = 0; i < N_ITEMS; i++)
    {
      guint *item = _wr_work_queue_take_spare (shared->queue);

      if (item == NULL)
        item = g_new (guint, 1);
      *item = i;
      g_atomic_int_inc (&shared->in_flight);
      g_assert_true (_wr_work_queue_push (shared->queue, item));
    }
  _wr_work_queue_close (shared->queue);

  return NULL;
}

static void
test_order_and_bound (void)
{
  Shared shared = { _wr_work_queue_new (MAX_IN_FLIGHT, MAX_IN_FLIGHT + 1, free_item), 0, 0 };
  GThread *thread;
  guint *item;
  guint expected = 0;

  n_freed = 0;
  thread = g_thread_new ("producer", produce, &shared);
  while ((item = _wr_work_queue_pop (shared.queue)) != NULL)
    {
      gint in_flight = g_atomic_int_get (&shared.in_flight);

      /* Counted before the push that may wait: one more than the bound. */
      g_assert_cmpint (in_flight, <=, MAX_IN_FLIGHT + 1);
      g_assert_cmpuint (*item, ==, expected++);
      if (expected % 7 == 0)
        g_usleep (10);
      g_atomic_int_add (&shared.in_flight, -1);
      _wr_work_queue_done (shared.queue, item);
    }
  g_thread_join (thread);

  g_assert_cmpuint (expected, ==, N_ITEMS);
  g_assert_cmpuint (_wr_work_queue_get_backlog (shared.queue), ==, 0);
  _wr_work_queue_wait_idle (shared.queue);
  _wr_work_queue_free (shared.queue);
  /* Spares made the most of the items: few were ever freed or made. */
  g_assert_cmpint (n_freed, <=, 2 * (MAX_IN_FLIGHT + 1));
}

static gpointer
push_until_stopped (gpointer data)
{
  WrWorkQueue *queue = data;
  guint pushed = 0;

  while (_wr_work_queue_push (queue, g_new0 (guint, 1)))
    pushed++;

  return GUINT_TO_POINTER (pushed);
}

static void
test_stop (void)
{
  WrWorkQueue *queue = _wr_work_queue_new (2, 0, free_item);
  GThread *thread;
  gpointer item;

  n_freed = 0;
  thread = g_thread_new ("producer", push_until_stopped, queue);
  item = _wr_work_queue_pop (queue);
  g_assert_nonnull (item);
  _wr_work_queue_done (queue, item);
  g_assert_cmpint (g_atomic_int_get (&n_freed), ==, 1);

  /* The producer is waiting for room, or soon will be: stopping lets it go. */
  _wr_work_queue_stop (queue);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (thread)), >=, 1);
  g_assert_false (_wr_work_queue_push (queue, g_new0 (guint, 1)));
  _wr_work_queue_free (queue);
}

static gpointer
consume_slowly (gpointer data)
{
  WrWorkQueue *queue = data;
  gpointer item;

  while ((item = _wr_work_queue_pop (queue)) != NULL)
    {
      g_usleep (1000);
      _wr_work_queue_done (queue, item);
    }

  return NULL;
}

static void
test_wait_idle (void)
{
  WrWorkQueue *queue = _wr_work_queue_new (4, 0, free_item);
  GThread *thread = g_thread_new ("consumer", consume_slowly, queue);

  n_freed = 0;
  for (guint i = 0; i < 20; i++)
    g_assert_true (_wr_work_queue_push (queue, g_new0 (guint, 1)));
  _wr_work_queue_wait_idle (queue);
  g_assert_cmpint (g_atomic_int_get (&n_freed), ==, 20);
  g_assert_cmpuint (_wr_work_queue_get_backlog (queue), ==, 0);

  _wr_work_queue_close (queue);
  g_thread_join (thread);
  _wr_work_queue_free (queue);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/walkround/work-queue/order-and-bound", test_order_and_bound);
  g_test_add_func ("/walkround/work-queue/stop", test_stop);
  g_test_add_func ("/walkround/work-queue/wait-idle", test_wait_idle);

  return g_test_run ();
}
