/* wr-work-queue.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-work-queue"

#include "config.h"

#include "wr-work-queue-private.h"

/* One lock and one condition for everything: there are two threads, and
 * each item is a large batch (hundreds of kilobytes), so the hand-off is
 * rare and never contended for long.
 */
struct _WrWorkQueue
{
  GMutex          lock;
  GCond           cond;
  GQueue          waiting;       /* pushed, not yet popped */
  GQueue          spare;         /* done, kept to be filled again */
  guint           in_flight;     /* pushed, not yet done */
  guint           max_in_flight;
  guint           max_spare;
  GDestroyNotify  free_item;
  gboolean        stopped;       /* the consumer wants no more */
  gboolean        closed;        /* the producer has pushed its last */
};

/**
 * _wr_work_queue_new:
 * @max_in_flight: how many items may be pushed and not yet done, from 1
 * @max_spare: how many done items to keep for _wr_work_queue_take_spare()
 * @free_item: frees an item the queue drops
 *
 * Returns: (transfer full): a new queue
 */
WrWorkQueue *
_wr_work_queue_new (guint          max_in_flight,
                    guint          max_spare,
                    GDestroyNotify free_item)
{
  WrWorkQueue *self;

  g_return_val_if_fail (max_in_flight > 0, NULL);
  g_return_val_if_fail (free_item != NULL, NULL);

  self = g_new0 (WrWorkQueue, 1);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  g_queue_init (&self->waiting);
  g_queue_init (&self->spare);
  self->max_in_flight = max_in_flight;
  self->max_spare = max_spare;
  self->free_item = free_item;

  return self;
}

/* Frees the queue and the items it holds; no thread may be using it. */
void
_wr_work_queue_free (WrWorkQueue *self)
{
  if (self == NULL)
    return;

  g_queue_clear_full (&self->waiting, self->free_item);
  g_queue_clear_full (&self->spare, self->free_item);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}

/**
 * _wr_work_queue_push:
 * @self: a #WrWorkQueue
 * @item: (transfer full): the work
 *
 * Hands @item to the consumer, first waiting while as many items as the
 * queue allows are in flight.
 *
 * Returns: %FALSE if the consumer has stopped (@item is freed then)
 */
gboolean
_wr_work_queue_push (WrWorkQueue *self,
                     gpointer     item)
{
  gboolean ok;

  g_mutex_lock (&self->lock);
  while (self->in_flight >= self->max_in_flight && !self->stopped)
    g_cond_wait (&self->cond, &self->lock);
  ok = !self->stopped;
  if (ok)
    {
      g_queue_push_tail (&self->waiting, item);
      self->in_flight++;
      g_cond_broadcast (&self->cond);
    }
  g_mutex_unlock (&self->lock);

  if (!ok)
    self->free_item (item);

  return ok;
}

/**
 * _wr_work_queue_pop:
 * @self: a #WrWorkQueue
 *
 * Waits for the next item. Give it back with _wr_work_queue_done().
 *
 * Returns: (transfer full) (nullable): the next item, or %NULL once the
 *   producer has closed the queue and every item has been popped
 */
gpointer
_wr_work_queue_pop (WrWorkQueue *self)
{
  gpointer item;

  g_mutex_lock (&self->lock);
  while (g_queue_is_empty (&self->waiting) && !self->closed)
    g_cond_wait (&self->cond, &self->lock);
  item = g_queue_pop_head (&self->waiting);
  g_mutex_unlock (&self->lock);

  return item;
}

/* The consumer is done with @item: it is kept as a spare or freed, and
 * then makes room for the producer. Only the consumer adds spares, so
 * there is still room for one after the lock is let go.
 */
void
_wr_work_queue_done (WrWorkQueue *self,
                     gpointer     item)
{
  gboolean keep;

  g_mutex_lock (&self->lock);
  keep = g_queue_get_length (&self->spare) < self->max_spare;
  g_mutex_unlock (&self->lock);

  /* Freed before it counts as done, so that once
   * _wr_work_queue_wait_idle() returns nothing of it is left.
   */
  if (!keep)
    self->free_item (item);

  g_mutex_lock (&self->lock);
  g_assert (self->in_flight > 0);
  if (keep)
    g_queue_push_tail (&self->spare, item);
  self->in_flight--;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

/**
 * _wr_work_queue_take_spare:
 * @self: a #WrWorkQueue
 *
 * Returns: (transfer full) (nullable): an item done with, to fill again
 */
gpointer
_wr_work_queue_take_spare (WrWorkQueue *self)
{
  gpointer item;

  g_mutex_lock (&self->lock);
  item = g_queue_pop_head (&self->spare);
  g_mutex_unlock (&self->lock);

  return item;
}

/* How many items wait to be popped. */
guint
_wr_work_queue_get_backlog (WrWorkQueue *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = g_queue_get_length (&self->waiting);
  g_mutex_unlock (&self->lock);

  return n;
}

/* Waits until every item pushed is done. */
void
_wr_work_queue_wait_idle (WrWorkQueue *self)
{
  g_mutex_lock (&self->lock);
  while (self->in_flight > 0)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);
}

/* The producer has pushed its last: _wr_work_queue_pop() returns NULL
 * once the items waiting are popped.
 */
void
_wr_work_queue_close (WrWorkQueue *self)
{
  g_mutex_lock (&self->lock);
  self->closed = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

/* The consumer wants no more: a push waiting or to come returns FALSE. */
void
_wr_work_queue_stop (WrWorkQueue *self)
{
  g_mutex_lock (&self->lock);
  self->stopped = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}
