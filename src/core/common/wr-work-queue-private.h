/* wr-work-queue-private.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A bounded hand-off of work from one thread to another: the pack reader's
 * parser to its import, the pack writer's reader of rows to its writing
 * thread. The producer waits while @max_in_flight items are pushed and not
 * yet done, so that memory stays bounded when the consumer is slower; done
 * items can be kept for the producer to fill again.
 */
typedef struct _WrWorkQueue WrWorkQueue;

WrWorkQueue *_wr_work_queue_new         (guint           max_in_flight,
                                         guint           max_spare,
                                         GDestroyNotify  free_item);
void         _wr_work_queue_free        (WrWorkQueue    *self);
gboolean     _wr_work_queue_push        (WrWorkQueue    *self,
                                         gpointer        item);
gpointer     _wr_work_queue_pop         (WrWorkQueue    *self);
void         _wr_work_queue_done        (WrWorkQueue    *self,
                                         gpointer        item);
gpointer     _wr_work_queue_take_spare  (WrWorkQueue    *self);
guint        _wr_work_queue_get_backlog (WrWorkQueue    *self);
void         _wr_work_queue_wait_idle   (WrWorkQueue    *self);
void         _wr_work_queue_close       (WrWorkQueue    *self);
void         _wr_work_queue_stop        (WrWorkQueue    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrWorkQueue, _wr_work_queue_free)

G_END_DECLS
