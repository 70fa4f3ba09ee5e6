/* wr-action.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-action"

#include "config.h"

#include "wr-store-private.h"

#include <string.h>

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
  char           *repeat_uuid;
  char           *modified;
  char           *visit_date;
  gboolean        placeholder;
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
  g_clear_pointer (&self->repeat_uuid, g_free);
  g_clear_pointer (&self->modified, g_free);
  g_clear_pointer (&self->visit_date, g_free);

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

  self->uuid = _wr_store_column_dup (stmt, 1);
  self->visit_uuid = _wr_store_column_dup (stmt, 2);
  self->service_name = _wr_store_column_dup (stmt, 3);
  self->text = _wr_store_column_dup (stmt, 4);
  self->owner = _wr_store_column_dup (stmt, 5);
  self->due = _wr_store_column_dup (stmt, 6);
  if (!wr_action_status_from_string ((const char *) sqlite3_column_text (stmt, 7), &self->status))
    self->status = WR_ACTION_OPEN;
  self->observation_uuid = _wr_store_column_dup (stmt, 8);
  self->question_id = _wr_store_column_dup (stmt, 9);
  self->modified = _wr_store_column_dup (stmt, 10);
  self->visit_date = _wr_store_column_dup (stmt, 11);
  self->repeat_uuid = _wr_store_column_dup (stmt, 12);

  return self;
}

/* Stands in for a row that could not be read, so a list has no hole. */
WrAction *
_wr_action_new_placeholder (gint64 id)
{
  WrAction *self = g_object_new (WR_TYPE_ACTION, NULL);

  self->uuid = g_strdup ("");
  self->visit_uuid = g_strdup ("");
  self->service_name = g_strdup ("");
  self->text = g_strdup ("");
  self->owner = g_strdup ("");
  self->observation_uuid = g_strdup ("");
  self->question_id = g_strdup ("");
  self->repeat_uuid = g_strdup ("");
  self->modified = g_strdup ("");
  self->visit_date = g_strdup ("");
  self->placeholder = TRUE;

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
GETTER (const char *, repeat_uuid, NULL)
GETTER (const char *, modified, NULL)
GETTER (const char *, visit_date, NULL)

gboolean
wr_action_is_placeholder (WrAction *self)
{
  g_return_val_if_fail (WR_IS_ACTION (self), FALSE);
  return self->placeholder;
}

/**
 * wr_action_is_overdue:
 * @self: a #WrAction
 * @today: (nullable): the date as YYYY-MM-DD, or %NULL for today
 *
 * Returns: whether the action is open and its due date has passed
 */
gboolean
wr_action_is_overdue (WrAction   *self,
                      const char *today)
{
  g_autofree char *now = NULL;

  g_return_val_if_fail (WR_IS_ACTION (self), FALSE);

  if (self->status != WR_ACTION_OPEN || self->due == NULL)
    return FALSE;
  if (today == NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_new_now_local ();
      today = now = g_date_time_format (local, "%Y-%m-%d");
    }

  return strcmp (self->due, today) < 0;
}

#undef GETTER
