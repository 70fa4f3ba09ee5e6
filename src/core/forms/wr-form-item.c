/* wr-form-item.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-form"

#include "config.h"

#include "wr-form-private.h"

/* An item of a form: a section, a group, a question or a place for
 * observations. Groups are plain WrFormItems; the others are subclasses.
 * Each item is a list model of the items inside it, so a tree list model
 * can show a form as it is. Items never change once loaded and belong to
 * their form: keep a reference to the form while using its items.
 */

static void wr_form_item_list_model_init (GListModelInterface *iface);

G_DEFINE_TYPE_WITH_CODE (WrFormItem, wr_form_item, G_TYPE_OBJECT,
                         G_ADD_PRIVATE (WrFormItem)
                         G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, wr_form_item_list_model_init))

enum {
  PROP_0,
  PROP_ID,
  PROP_LABEL,
  PROP_GUIDANCE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* Evidence ------------------------------------------------------------------ */

typedef struct
{
  WrEvidence  pub;
  GStrv       lists[5];
} EvidenceBox;

static void
evidence_box_clear (gpointer data)
{
  EvidenceBox *box = data;

  for (guint i = 0; i < G_N_ELEMENTS (box->lists); i++)
    g_strfreev (box->lists[i]);
}

static WrEvidence *
evidence_box_publish (EvidenceBox *box)
{
  for (guint i = 0; i < G_N_ELEMENTS (box->lists); i++)
    {
      if (box->lists[i] == NULL)
        box->lists[i] = g_new0 (char *, 1);
    }

  box->pub.regulations = (const char * const *) box->lists[0];
  box->pub.statements = (const char * const *) box->lists[1];
  box->pub.key_questions = (const char * const *) box->lists[2];
  box->pub.themes = (const char * const *) box->lists[3];
  box->pub.categories = (const char * const *) box->lists[4];

  return &box->pub;
}

/* Takes the lists, each of which may be %NULL. */
WrEvidence *
_wr_evidence_new (GStrv regulations,
                  GStrv statements,
                  GStrv key_questions,
                  GStrv themes,
                  GStrv categories)
{
  EvidenceBox *box = g_atomic_rc_box_new0 (EvidenceBox);

  box->lists[0] = regulations;
  box->lists[1] = statements;
  box->lists[2] = key_questions;
  box->lists[3] = themes;
  box->lists[4] = categories;

  return evidence_box_publish (box);
}

static GStrv
merge_lists (const char * const *first,
             const char * const *second)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const char * const *lists[] = { first, second };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      for (guint j = 0; lists[i][j] != NULL; j++)
        {
          if (g_hash_table_add (seen, (gpointer) lists[i][j]))
            g_strv_builder_add (builder, lists[i][j]);
        }
    }

  return g_strv_builder_end (builder);
}

/* The links of an item: those of its section and groups, then its own. */
WrEvidence *
_wr_evidence_merge (const WrEvidence *inherited,
                    const WrEvidence *own)
{
  return _wr_evidence_new (merge_lists (inherited->regulations, own->regulations),
                           merge_lists (inherited->statements, own->statements),
                           merge_lists (inherited->key_questions, own->key_questions),
                           merge_lists (inherited->themes, own->themes),
                           merge_lists (inherited->categories, own->categories));
}

WrEvidence *
_wr_evidence_ref (WrEvidence *self)
{
  return (WrEvidence *) g_atomic_rc_box_acquire ((EvidenceBox *) self);
}

void
_wr_evidence_unref (WrEvidence *self)
{
  if (self != NULL)
    g_atomic_rc_box_release_full ((EvidenceBox *) self, evidence_box_clear);
}

gboolean
_wr_evidence_is_empty (const WrEvidence *self)
{
  return self->regulations[0] == NULL && self->statements[0] == NULL &&
         self->key_questions[0] == NULL && self->themes[0] == NULL &&
         self->categories[0] == NULL;
}

/* The item ---------------------------------------------------------------- */

WrFormItemPrivate *
_wr_form_item_get_private (WrFormItem *self)
{
  return wr_form_item_get_instance_private (self);
}

void
_wr_form_item_add_child (WrFormItem *self,
                         WrFormItem *child)
{
  WrFormItemPrivate *priv = wr_form_item_get_instance_private (self);

  if (priv->children == NULL)
    priv->children = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (priv->children, g_object_ref (child));
}

/* Called when the form goes, so that an item someone still holds never
 * points at a parent that is gone.
 */
void
_wr_form_item_detach (WrFormItem *self)
{
  WrFormItemPrivate *priv = wr_form_item_get_instance_private (self);

  priv->parent = NULL;
  priv->section = NULL;
}

static void
wr_form_item_finalize (GObject *object)
{
  WrFormItem *self = (WrFormItem *)object;
  WrFormItemPrivate *priv = wr_form_item_get_instance_private (self);

  g_clear_pointer (&priv->id, g_free);
  g_clear_pointer (&priv->label, _wr_text_free);
  g_clear_pointer (&priv->guidance, _wr_text_free);
  g_clear_pointer (&priv->own_evidence, _wr_evidence_unref);
  g_clear_pointer (&priv->evidence, _wr_evidence_unref);
  g_clear_pointer (&priv->relevant, _wr_condition_free);
  g_clear_pointer (&priv->children, g_ptr_array_unref);

  G_OBJECT_CLASS (wr_form_item_parent_class)->finalize (object);
}

static void
wr_form_item_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  WrFormItem *self = WR_FORM_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, wr_form_item_get_id (self));
      break;

    case PROP_LABEL:
      g_value_set_string (value, wr_form_item_get_label (self));
      break;

    case PROP_GUIDANCE:
      g_value_set_string (value, wr_form_item_get_guidance (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wr_form_item_class_init (WrFormItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wr_form_item_finalize;
  object_class->get_property = wr_form_item_get_property;

  properties [PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_GUIDANCE] =
    g_param_spec_string ("guidance", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wr_form_item_init (WrFormItem *self)
{
  WrFormItemPrivate *priv = wr_form_item_get_instance_private (self);

  priv->kind = WR_FORM_ITEM_GROUP;
}

static GType
wr_form_item_get_item_type (GListModel *model)
{
  return WR_TYPE_FORM_ITEM;
}

static guint
wr_form_item_get_n_items (GListModel *model)
{
  return wr_form_item_get_n_children (WR_FORM_ITEM (model));
}

static gpointer
wr_form_item_get_item (GListModel *model,
                       guint       position)
{
  WrFormItemPrivate *priv = wr_form_item_get_instance_private (WR_FORM_ITEM (model));

  if (priv->children == NULL || position >= priv->children->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (priv->children, position));
}

static void
wr_form_item_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = wr_form_item_get_item_type;
  iface->get_n_items = wr_form_item_get_n_items;
  iface->get_item = wr_form_item_get_item;
}

WrFormItemKind
wr_form_item_get_kind (WrFormItem *self)
{
  WrFormItemPrivate *priv = wr_form_item_get_instance_private (self);

  g_return_val_if_fail (WR_IS_FORM_ITEM (self), 0);

  return priv->kind;
}

/**
 * wr_form_item_get_id:
 * @self: a #WrFormItem
 *
 * Returns: (transfer none): the item's id, unique in its form; answers are
 *   stored under a question's id
 */
const char *
wr_form_item_get_id (WrFormItem *self)
{
  WrFormItemPrivate *priv = wr_form_item_get_instance_private (self);

  g_return_val_if_fail (WR_IS_FORM_ITEM (self), NULL);

  return priv->id;
}

/**
 * wr_form_item_get_label:
 * @self: a #WrFormItem
 *
 * Returns: (transfer none): what the item shows, in the user's language: a
 *   section's or group's title, a question's label, the prompt of a place
 *   for observations
 */
const char *
wr_form_item_get_label (WrFormItem *self)
{
  WrFormItemPrivate *priv = wr_form_item_get_instance_private (self);

  g_return_val_if_fail (WR_IS_FORM_ITEM (self), NULL);

  return priv->label != NULL ? wr_text_get (priv->label) : "";
}

/**
 * wr_form_item_get_guidance:
 * @self: a #WrFormItem
 *
 * Guidance is plain text: paragraphs are separated by a blank line and a
 * line starting with "- " is a bullet point.
 *
 * Returns: (transfer none) (nullable): the guidance in the user's
 *   language, or %NULL if the item has none
 */
const char *
wr_form_item_get_guidance (WrFormItem *self)
{
  WrFormItemPrivate *priv = wr_form_item_get_instance_private (self);

  g_return_val_if_fail (WR_IS_FORM_ITEM (self), NULL);

  return priv->guidance != NULL ? wr_text_get (priv->guidance) : NULL;
}

/**
 * wr_form_item_get_label_text:
 * @self: a #WrFormItem
 *
 * Returns: (transfer none): the label in every language the form gives it
 */
const WrText *
wr_form_item_get_label_text (WrFormItem *self)
{
  WrFormItemPrivate *priv = wr_form_item_get_instance_private (self);

  g_return_val_if_fail (WR_IS_FORM_ITEM (self), NULL);

  return priv->label;
}

/**
 * wr_form_item_get_guidance_text:
 * @self: a #WrFormItem
 *
 * Returns: (transfer none) (nullable): the guidance in every language the
 *   form gives it
 */
const WrText *
wr_form_item_get_guidance_text (WrFormItem *self)
{
  WrFormItemPrivate *priv = wr_form_item_get_instance_private (self);

  g_return_val_if_fail (WR_IS_FORM_ITEM (self), NULL);

  return priv->guidance;
}

/**
 * wr_form_item_get_parent:
 * @self: a #WrFormItem
 *
 * Returns: (transfer none) (nullable): the section or group the item is
 *   in; %NULL for a section
 */
WrFormItem *
wr_form_item_get_parent (WrFormItem *self)
{
  WrFormItemPrivate *priv = wr_form_item_get_instance_private (self);

  g_return_val_if_fail (WR_IS_FORM_ITEM (self), NULL);

  return priv->parent;
}

/**
 * wr_form_item_get_section:
 * @self: a #WrFormItem
 *
 * Returns: (transfer none): the section the item is in; a section is its
 *   own section
 */
WrSection *
wr_form_item_get_section (WrFormItem *self)
{
  WrFormItemPrivate *priv = wr_form_item_get_instance_private (self);

  g_return_val_if_fail (WR_IS_FORM_ITEM (self), NULL);

  return priv->section;
}

guint
wr_form_item_get_n_children (WrFormItem *self)
{
  WrFormItemPrivate *priv = wr_form_item_get_instance_private (self);

  g_return_val_if_fail (WR_IS_FORM_ITEM (self), 0);

  return priv->children != NULL ? priv->children->len : 0;
}

/**
 * wr_form_item_get_child:
 * @self: a section or group
 * @index: below wr_form_item_get_n_children()
 *
 * Returns: (transfer none): the @index-th item inside @self, in form order
 */
WrFormItem *
wr_form_item_get_child (WrFormItem *self,
                        guint       index)
{
  WrFormItemPrivate *priv = wr_form_item_get_instance_private (self);

  g_return_val_if_fail (WR_IS_FORM_ITEM (self), NULL);
  g_return_val_if_fail (priv->children != NULL && index < priv->children->len, NULL);

  return g_ptr_array_index (priv->children, index);
}

/**
 * wr_form_item_get_relevant:
 * @self: a #WrFormItem
 *
 * The item's own condition. The item is also hidden whenever its section or
 * one of its groups is; #WrFormState answers whether an item is shown.
 *
 * Returns: (transfer none) (nullable): the condition under which the item
 *   is shown, or %NULL if it has none
 */
const WrCondition *
wr_form_item_get_relevant (WrFormItem *self)
{
  WrFormItemPrivate *priv = wr_form_item_get_instance_private (self);

  g_return_val_if_fail (WR_IS_FORM_ITEM (self), NULL);

  return priv->relevant;
}

/**
 * wr_form_item_get_evidence:
 * @self: a #WrFormItem
 *
 * Returns: (transfer none): what an answer here is evidence for: the links
 *   of the item's section and groups, then its own, each once
 */
const WrEvidence *
wr_form_item_get_evidence (WrFormItem *self)
{
  WrFormItemPrivate *priv = wr_form_item_get_instance_private (self);

  g_return_val_if_fail (WR_IS_FORM_ITEM (self), NULL);

  return priv->evidence;
}

/**
 * wr_form_item_get_own_evidence:
 * @self: a #WrFormItem
 *
 * Returns: (transfer none): the links the item's own <evidence> gives
 */
const WrEvidence *
wr_form_item_get_own_evidence (WrFormItem *self)
{
  WrFormItemPrivate *priv = wr_form_item_get_instance_private (self);

  g_return_val_if_fail (WR_IS_FORM_ITEM (self), NULL);

  return priv->own_evidence;
}

/**
 * wr_form_item_get_index:
 * @self: a #WrFormItem
 *
 * Returns: the item's position among all the items of its form, in file
 *   order; wr_form_get_item() gives it back
 */
guint
wr_form_item_get_index (WrFormItem *self)
{
  WrFormItemPrivate *priv = wr_form_item_get_instance_private (self);

  g_return_val_if_fail (WR_IS_FORM_ITEM (self), 0);

  return priv->index;
}

/**
 * wr_form_item_get_depth:
 * @self: a #WrFormItem
 *
 * Returns: 0 for a section, 1 for the items in a section, and so on
 */
guint
wr_form_item_get_depth (WrFormItem *self)
{
  WrFormItemPrivate *priv = wr_form_item_get_instance_private (self);

  g_return_val_if_fail (WR_IS_FORM_ITEM (self), 0);

  return priv->depth;
}

/**
 * wr_form_item_get_line:
 * @self: a #WrFormItem
 *
 * Returns: the line of the form's file the item starts on
 */
guint
wr_form_item_get_line (WrFormItem *self)
{
  WrFormItemPrivate *priv = wr_form_item_get_instance_private (self);

  g_return_val_if_fail (WR_IS_FORM_ITEM (self), 0);

  return priv->line;
}

/**
 * wr_form_item_contains:
 * @self: a #WrFormItem
 * @other: another item of the same form
 *
 * Returns: %TRUE if @other is @self or inside it
 */
gboolean
wr_form_item_contains (WrFormItem *self,
                       WrFormItem *other)
{
  WrFormItemPrivate *priv = wr_form_item_get_instance_private (self);
  WrFormItemPrivate *other_priv;

  g_return_val_if_fail (WR_IS_FORM_ITEM (self), FALSE);
  g_return_val_if_fail (WR_IS_FORM_ITEM (other), FALSE);

  other_priv = wr_form_item_get_instance_private (other);

  return other_priv->index >= priv->index && other_priv->index <= priv->last_index;
}
