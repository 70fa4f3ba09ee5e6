/* wr-action.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-action"

#include "config.h"

#include "wr-store-private.h"

#include "wr-action-private.h"

/* A snapshot of one action's row, made by the store. */
struct _WrAction
{
  GObject         parent_instance;

  char           *uuid;
  char           *visit_uuid;
  char           *service_name;
  char           *text;
  char           *owner;
  char           *due;
  WrActionStatus  status;
  char           *observation_uuid;
  char           *question_id;
  char           *modified;
};

G_DEFINE_FINAL_TYPE (WrAction, wr_action, G_TYPE_OBJECT)

static const char * const status_names[] = { "open", "done", "dropped" };

const char *
wr_action_status_to_string (WrActionStatus status)
{
  g_return_val_if_fail (status <= WR_ACTION_DROPPED, NULL);

  return status_names[status];
}

gboolean
wr_action_status_from_string (const char     *text,
                              WrActionStatus *status)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (status_names); i++)
    {
      if (g_str_equal (text, status_names[i]))
        {
          *status = (WrActionStatus) i;
          return TRUE;
        }
    }

  return FALSE;
}

static void
wr_action_finalize (GObject *object)
{
  WrAction *self = (WrAction *)object;

  g_clear_pointer (&self->uuid, g_free);
  g_clear_pointer (&self->visit_uuid, g_free);
  g_clear_pointer (&self->service_name, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->owner, g_free);
  g_clear_pointer (&self->due, g_free);
  g_clear_pointer (&self->observation_uuid, g_free);
  g_clear_pointer (&self->question_id, g_free);
  g_clear_pointer (&self->modified, g_free);

  G_OBJECT_CLASS (wr_action_parent_class)->finalize (object);
}

static void
wr_action_class_init (WrActionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = wr_action_finalize;
}

static void
wr_action_init (WrAction *self)
{
}

WrAction *
_wr_action_new_from_row (sqlite3_stmt *stmt)
{
  WrAction *self = g_object_new (WR_TYPE_ACTION, NULL);

  self->uuid = _wr_store_column_dup (stmt, 0);
  self->visit_uuid = _wr_store_column_dup (stmt, 1);
  self->service_name = _wr_store_column_dup (stmt, 2);
  self->text = _wr_store_column_dup (stmt, 3);
  self->owner = _wr_store_column_dup (stmt, 4);
  self->due = _wr_store_column_dup (stmt, 5);
  if (!wr_action_status_from_string ((const char *) sqlite3_column_text (stmt, 6), &self->status))
    self->status = WR_ACTION_OPEN;
  self->observation_uuid = _wr_store_column_dup (stmt, 7);
  self->question_id = _wr_store_column_dup (stmt, 8);
  self->modified = _wr_store_column_dup (stmt, 9);

  return self;
}

#define GETTER(type, name, fallback) \
  type \
  wr_action_get_##name (WrAction *self) \
  { \
    g_return_val_if_fail (WR_IS_ACTION (self), fallback); \
    return self->name; \
  }

GETTER (const char *, uuid, NULL)
GETTER (const char *, visit_uuid, NULL)
GETTER (const char *, service_name, NULL)
GETTER (const char *, text, NULL)
GETTER (const char *, owner, NULL)
GETTER (const char *, due, NULL)
GETTER (WrActionStatus, status, WR_ACTION_OPEN)
GETTER (const char *, observation_uuid, NULL)
GETTER (const char *, question_id, NULL)
GETTER (const char *, modified, NULL)

#undef GETTER
