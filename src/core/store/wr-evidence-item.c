/* wr-evidence-item.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-evidence-item"

#include "config.h"

#include "wr-evidence-item.h"
#include "wr-evidence-item-private.h"

struct _WrEvidenceItem
{
  GObject parent_instance;

  gboolean answer;
  char    *text;
  char    *kind;
  char    *voice;
  char    *question_id;
  guint    repeat_index;
  char    *visit_uuid;
  char    *visit_kind;
  char    *form_id;
  guint    form_version;
  char    *service_name;
  char    *date;
  char    *roles;
};

G_DEFINE_FINAL_TYPE (WrEvidenceItem, wr_evidence_item, G_TYPE_OBJECT)

static void
wr_evidence_item_finalize (GObject *object)
{
  WrEvidenceItem *self = (WrEvidenceItem *)object;

  g_free (self->text);
  g_free (self->kind);
  g_free (self->voice);
  g_free (self->question_id);
  g_free (self->visit_uuid);
  g_free (self->visit_kind);
  g_free (self->form_id);
  g_free (self->service_name);
  g_free (self->date);
  g_free (self->roles);

  G_OBJECT_CLASS (wr_evidence_item_parent_class)->finalize (object);
}

static void
wr_evidence_item_class_init (WrEvidenceItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = wr_evidence_item_finalize;
}

static void
wr_evidence_item_init (WrEvidenceItem *self)
{
}

static char *
text_or_empty (sqlite3_stmt *stmt,
               int           i)
{
  const char *text = (const char *) sqlite3_column_text (stmt, i);

  return g_strdup (text != NULL ? text : "");
}

/* Columns: what (0 observation, 1 answer), text, kind, voice,
 * question id, repeat index, visit uuid, visit kind, form id, form
 * version, service name, start date, roles.
 */
WrEvidenceItem *
_wr_evidence_item_new_from_row (sqlite3_stmt *stmt)
{
  WrEvidenceItem *self = g_object_new (WR_TYPE_EVIDENCE_ITEM, NULL);

  self->answer = sqlite3_column_int (stmt, 0) != 0;
  self->text = text_or_empty (stmt, 1);
  self->kind = text_or_empty (stmt, 2);
  self->voice = text_or_empty (stmt, 3);
  self->question_id = text_or_empty (stmt, 4);
  self->repeat_index = (guint) MAX (sqlite3_column_int64 (stmt, 5), 0);
  self->visit_uuid = text_or_empty (stmt, 6);
  self->visit_kind = text_or_empty (stmt, 7);
  self->form_id = text_or_empty (stmt, 8);
  self->form_version = (guint) MAX (sqlite3_column_int64 (stmt, 9), 0);
  self->service_name = text_or_empty (stmt, 10);
  self->date = text_or_empty (stmt, 11);
  self->roles = text_or_empty (stmt, 12);

  return self;
}

gboolean
wr_evidence_item_is_answer (WrEvidenceItem *self)
{
  g_return_val_if_fail (WR_IS_EVIDENCE_ITEM (self), FALSE);

  return self->answer;
}

#define GETTER(type, name) \
  type \
  wr_evidence_item_get_##name (WrEvidenceItem *self) \
  { \
    g_return_val_if_fail (WR_IS_EVIDENCE_ITEM (self), 0); \
    return self->name; \
  }

GETTER (const char *, text)
GETTER (const char *, kind)
GETTER (const char *, voice)
GETTER (const char *, question_id)
GETTER (guint, repeat_index)
GETTER (const char *, visit_uuid)
GETTER (const char *, visit_kind)
GETTER (const char *, form_id)
GETTER (guint, form_version)
GETTER (const char *, service_name)
GETTER (const char *, date)
GETTER (const char *, roles)

#undef GETTER
