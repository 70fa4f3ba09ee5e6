/* wr-observation.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-observation"

#include "config.h"

#include "wr-store-private.h"

#include "wr-observation-private.h"

/* A snapshot of one observation's row, made by the store. */
struct _WrObservation
{
  GObject   parent_instance;

  char     *uuid;
  char     *visit_uuid;
  char     *question_id;
  char     *member_uuid;
  char     *repeat_uuid;
  char     *text;
  char     *kind;
  char     *voice;
  char     *category;
  char     *modified;
  GStrv     regulations;
  GStrv     statements;
  GStrv     key_questions;
  GStrv     themes;
};

G_DEFINE_FINAL_TYPE (WrObservation, wr_observation, G_TYPE_OBJECT)

static void
wr_observation_finalize (GObject *object)
{
  WrObservation *self = (WrObservation *)object;

  g_clear_pointer (&self->uuid, g_free);
  g_clear_pointer (&self->visit_uuid, g_free);
  g_clear_pointer (&self->question_id, g_free);
  g_clear_pointer (&self->member_uuid, g_free);
  g_clear_pointer (&self->repeat_uuid, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->voice, g_free);
  g_clear_pointer (&self->category, g_free);
  g_clear_pointer (&self->modified, g_free);
  g_clear_pointer (&self->regulations, g_strfreev);
  g_clear_pointer (&self->statements, g_strfreev);
  g_clear_pointer (&self->key_questions, g_strfreev);
  g_clear_pointer (&self->themes, g_strfreev);

  G_OBJECT_CLASS (wr_observation_parent_class)->finalize (object);
}

static void
wr_observation_class_init (WrObservationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = wr_observation_finalize;
}

static void
wr_observation_init (WrObservation *self)
{
}

WrObservation *
_wr_observation_new_from_row (sqlite3_stmt *stmt)
{
  WrObservation *self = g_object_new (WR_TYPE_OBSERVATION, NULL);

  self->uuid = _wr_store_column_dup (stmt, 0);
  self->visit_uuid = _wr_store_column_dup (stmt, 1);
  self->question_id = _wr_store_column_dup (stmt, 2);
  self->member_uuid = _wr_store_column_dup (stmt, 3);
  self->repeat_uuid = _wr_store_column_dup (stmt, 4);
  self->text = _wr_store_column_dup (stmt, 5);
  self->kind = _wr_store_column_dup (stmt, 6);
  self->voice = _wr_store_column_dup (stmt, 7);
  self->category = _wr_store_column_dup (stmt, 8);
  self->modified = _wr_store_column_dup (stmt, 9);
  self->regulations = _wr_store_column_strv (stmt, 10);
  self->statements = _wr_store_column_strv (stmt, 11);
  self->key_questions = _wr_store_column_strv (stmt, 12);
  self->themes = _wr_store_column_strv (stmt, 13);

  return self;
}

#define GETTER(type, name) \
  type \
  wr_observation_get_##name (WrObservation *self) \
  { \
    g_return_val_if_fail (WR_IS_OBSERVATION (self), NULL); \
    return (type) self->name; \
  }

GETTER (const char *, uuid)
GETTER (const char *, visit_uuid)
GETTER (const char *, question_id)
GETTER (const char *, member_uuid)
GETTER (const char *, repeat_uuid)
GETTER (const char *, text)
GETTER (const char *, kind)
GETTER (const char *, voice)
GETTER (const char *, category)
GETTER (const char *, modified)
GETTER (const char * const *, regulations)
GETTER (const char * const *, statements)
GETTER (const char * const *, key_questions)
GETTER (const char * const *, themes)

#undef GETTER
