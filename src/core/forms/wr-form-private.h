/* wr-form-private.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wr-form.h"

G_BEGIN_DECLS

/* The loader fills these in; nothing changes them afterwards. */

struct _WrText
{
  guint   n;
  char  **languages;  /* languages[0] is the form's own language */
  char  **texts;
};

WrText       *_wr_text_new           (void);
void          _wr_text_add           (WrText        *self,
                                      const char    *language,
                                      const char    *text);
void          _wr_text_free          (WrText        *self);
char         *_wr_text_normalize_paragraphs (const char *text);

struct _WrCondition
{
  WrConditionOp   op;
  char           *question_id;
  char          **values;
  WrCondition   **children;
  guint           n_children;
  guint           target;   /* the index of the question it tests */
};

WrCondition  *_wr_condition_new      (WrConditionOp  op);
void          _wr_condition_add_child (WrCondition  *self,
                                      WrCondition   *child);
void          _wr_condition_free     (WrCondition   *self);

/* Evaluates with a lookup that is given each leaf, so that the caller can
 * use the leaf's resolved target instead of looking up its id.
 */
typedef const char *(*WrConditionLeafLookup) (const WrCondition *leaf,
                                              gpointer           user_data);
gboolean      _wr_condition_evaluate (const WrCondition     *self,
                                      WrConditionLeafLookup  lookup,
                                      gpointer               user_data);

WrEvidence   *_wr_evidence_new       (GStrv          regulations,
                                      GStrv          statements,
                                      GStrv          key_questions,
                                      GStrv          themes,
                                      GStrv          categories);
WrEvidence   *_wr_evidence_merge     (const WrEvidence *inherited,
                                      const WrEvidence *own);
WrEvidence   *_wr_evidence_ref       (WrEvidence    *self);
void          _wr_evidence_unref     (WrEvidence    *self);
gboolean      _wr_evidence_is_empty  (const WrEvidence *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrEvidence, _wr_evidence_unref)

typedef struct
{
  WrFormItemKind  kind;
  char           *id;
  WrText         *label;
  WrText         *guidance;
  WrEvidence     *own_evidence;
  WrEvidence     *evidence;
  WrCondition    *relevant;
  WrFormItem     *parent;      /* not owned */
  WrSection      *section;     /* not owned */
  GPtrArray      *children;
  guint           index;
  guint           last_index;  /* the index of its last descendant */
  guint           depth;
  guint           line;
} WrFormItemPrivate;

WrFormItemPrivate *_wr_form_item_get_private (WrFormItem *self);
void               _wr_form_item_add_child   (WrFormItem *self,
                                              WrFormItem *child);
void               _wr_form_item_detach      (WrFormItem *self);

struct _WrSection
{
  WrFormItem  parent_instance;

  char       *domain;
  guint       min_count;
  guint       max_count;
  guint       repeatable : 1;
  guint       per_member : 1;
  guint       request_support : 1;
  guint       scored : 1;
};

struct _WrQuestion
{
  WrFormItem      parent_instance;

  WrQuestionType  type;
  WrText         *required_message;
  char          **choice_values;
  WrText        **choice_labels;
  guint           n_choices;
  double          minimum;
  double          maximum;
  double          score_weight;
  char          **score_met;
  char          **score_not_applicable;
  WrTextSize      text_size;
  guint           required : 1;
  guint           has_minimum : 1;
  guint           has_maximum : 1;
  guint           integer : 1;
  guint           scored : 1;
};

struct _WrObservations
{
  WrFormItem   parent_instance;

  char       **kinds;
  char       **voices;
};

struct _WrForm
{
  GObject      parent_instance;

  char        *id;
  guint        version;
  WrFormKind   kind;
  char        *language;
  gboolean     scoring;
  WrText      *title;
  WrText      *description;
  char       **roles;
  char        *sha256;
  GBytes      *bytes;
  char        *path;
  GPtrArray   *sections;
  GPtrArray   *items;       /* every item in file order; items[i] has index i */
  GHashTable  *items_by_id;
  guint        n_questions;
};

WrForm       *_wr_form_new           (void);
void          _wr_form_add_item      (WrForm        *self,
                                      WrFormItem    *item);

/* For tests: reads, parses and validates against the schema only. */
gboolean      _wr_form_check_schema  (const char    *path,
                                      GError       **error);

G_END_DECLS
