/* wr-form-item.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "wr-condition.h"
#include "wr-text.h"

G_BEGIN_DECLS

typedef enum
{
  WR_FORM_ITEM_SECTION,
  WR_FORM_ITEM_GROUP,
  WR_FORM_ITEM_QUESTION,
  WR_FORM_ITEM_OBSERVATIONS,
} WrFormItemKind;

/* What an answer is evidence for: lists of catalogue ids, each ending with
 * %NULL and never %NULL itself.
 */
typedef struct
{
  const char * const *regulations;
  const char * const *statements;
  const char * const *key_questions;
  const char * const *themes;
  const char * const *categories;
} WrEvidence;

typedef struct _WrSection WrSection;

#define WR_TYPE_FORM_ITEM (wr_form_item_get_type ())

G_DECLARE_DERIVABLE_TYPE (WrFormItem, wr_form_item, WR, FORM_ITEM, GObject)

struct _WrFormItemClass
{
  GObjectClass parent_class;

  /*< private >*/
  gpointer _reserved[4];
};

WrFormItemKind     wr_form_item_get_kind           (WrFormItem *self);
const char        *wr_form_item_get_id             (WrFormItem *self);
const char        *wr_form_item_get_label          (WrFormItem *self);
const char        *wr_form_item_get_guidance       (WrFormItem *self);
const WrText      *wr_form_item_get_label_text     (WrFormItem *self);
const WrText      *wr_form_item_get_guidance_text  (WrFormItem *self);
WrFormItem        *wr_form_item_get_parent         (WrFormItem *self);
WrSection         *wr_form_item_get_section        (WrFormItem *self);
guint              wr_form_item_get_n_children     (WrFormItem *self);
WrFormItem        *wr_form_item_get_child          (WrFormItem *self,
                                                    guint       index);
const WrCondition *wr_form_item_get_relevant       (WrFormItem *self);
const WrEvidence  *wr_form_item_get_evidence       (WrFormItem *self);
const WrEvidence  *wr_form_item_get_own_evidence   (WrFormItem *self);
guint              wr_form_item_get_index          (WrFormItem *self);
guint              wr_form_item_get_depth          (WrFormItem *self);
guint              wr_form_item_get_line           (WrFormItem *self);
gboolean           wr_form_item_contains           (WrFormItem *self,
                                                    WrFormItem *other);

G_END_DECLS
