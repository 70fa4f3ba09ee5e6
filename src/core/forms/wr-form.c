/* wr-form.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-form"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-form-private.h"

/* A form definition loaded from XML (see data/schema/form.xsd). A form is
 * a list model of its sections. It never changes once loaded, so it may be
 * read from any thread; its SHA-256 names the exact bytes it came from.
 */

static void wr_form_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WrForm, wr_form, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, wr_form_list_model_init))

G_DEFINE_QUARK (wr-form-error-quark, wr_form_error)

enum {
  PROP_0,
  PROP_ID,
  PROP_VERSION,
  PROP_TITLE,
  PROP_DESCRIPTION,
  PROP_SHA256,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static const char * const empty_strv[] = { NULL };

static const struct {
  const char *id;
  const char *label;
} kinds[] = {
  { "quality-visit",   N_("Quality visit") },
  { "ned-visit",       N_("Non-executive director visit") },
  { "fifteen-steps",   N_("15 Steps Challenge") },
  { "self-assessment", N_("Self-assessment") },
  { "custom",          N_("Custom") },
};

static void
wr_form_finalize (GObject *object)
{
  WrForm *self = (WrForm *)object;

  for (guint i = 0; self->items != NULL && i < self->items->len; i++)
    _wr_form_item_detach (g_ptr_array_index (self->items, i));

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->title, _wr_text_free);
  g_clear_pointer (&self->description, _wr_text_free);
  g_clear_pointer (&self->roles, g_strfreev);
  g_clear_pointer (&self->sha256, g_free);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->items_by_id, g_hash_table_unref);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (wr_form_parent_class)->finalize (object);
}

static void
wr_form_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  WrForm *self = WR_FORM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_VERSION:
      g_value_set_uint (value, self->version);
      break;

    case PROP_TITLE:
      g_value_set_string (value, wr_form_get_title (self));
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, wr_form_get_description (self));
      break;

    case PROP_SHA256:
      g_value_set_string (value, self->sha256);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wr_form_class_init (WrFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wr_form_finalize;
  object_class->get_property = wr_form_get_property;

  properties [PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_VERSION] =
    g_param_spec_uint ("version", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_SHA256] =
    g_param_spec_string ("sha256", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wr_form_init (WrForm *self)
{
  self->sections = g_ptr_array_new ();
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->items_by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

static GType
wr_form_get_item_type (GListModel *model)
{
  return WR_TYPE_SECTION;
}

static guint
wr_form_get_n_list_items (GListModel *model)
{
  return WR_FORM (model)->sections->len;
}

static gpointer
wr_form_get_list_item (GListModel *model,
                       guint       position)
{
  WrForm *self = WR_FORM (model);

  if (position >= self->sections->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->sections, position));
}

static void
wr_form_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = wr_form_get_item_type;
  iface->get_n_items = wr_form_get_n_list_items;
  iface->get_item = wr_form_get_list_item;
}

WrForm *
_wr_form_new (void)
{
  return g_object_new (WR_TYPE_FORM, NULL);
}

/* Items are added in file order, parents before what is inside them. */
void
_wr_form_add_item (WrForm     *self,
                   WrFormItem *item)
{
  WrFormItemPrivate *priv = _wr_form_item_get_private (item);

  priv->index = self->items->len;
  priv->last_index = priv->index;
  g_ptr_array_add (self->items, g_object_ref (item));
  g_hash_table_insert (self->items_by_id, priv->id, item);

  if (WR_IS_SECTION (item))
    g_ptr_array_add (self->sections, item);
  else if (WR_IS_QUESTION (item) && wr_question_get_answerable (WR_QUESTION (item)))
    self->n_questions++;

  for (WrFormItem *parent = priv->parent; parent != NULL; parent = _wr_form_item_get_private (parent)->parent)
    _wr_form_item_get_private (parent)->last_index = priv->index;
}

const char *
wr_form_get_id (WrForm *self)
{
  g_return_val_if_fail (WR_IS_FORM (self), NULL);

  return self->id;
}

guint
wr_form_get_version (WrForm *self)
{
  g_return_val_if_fail (WR_IS_FORM (self), 0);

  return self->version;
}

WrFormKind
wr_form_get_kind (WrForm *self)
{
  g_return_val_if_fail (WR_IS_FORM (self), WR_FORM_KIND_CUSTOM);

  return self->kind;
}

/**
 * wr_form_get_language:
 * @self: a #WrForm
 *
 * Returns: (transfer none): the language the form is written in, e.g. "en-GB"
 */
const char *
wr_form_get_language (WrForm *self)
{
  g_return_val_if_fail (WR_IS_FORM (self), NULL);

  return self->language;
}

/**
 * wr_form_get_scoring:
 * @self: a #WrForm
 *
 * Returns: %TRUE if the form gives a compliance score
 */
gboolean
wr_form_get_scoring (WrForm *self)
{
  g_return_val_if_fail (WR_IS_FORM (self), FALSE);

  return self->scoring;
}

/**
 * wr_form_get_title:
 * @self: a #WrForm
 *
 * Returns: (transfer none): the form's name in the user's language
 */
const char *
wr_form_get_title (WrForm *self)
{
  g_return_val_if_fail (WR_IS_FORM (self), NULL);

  return self->title != NULL ? wr_text_get (self->title) : self->id;
}

/**
 * wr_form_get_description:
 * @self: a #WrForm
 *
 * Returns: (transfer none) (nullable): what the form is for, in the user's
 *   language, as paragraphs like guidance
 */
const char *
wr_form_get_description (WrForm *self)
{
  g_return_val_if_fail (WR_IS_FORM (self), NULL);

  return self->description != NULL ? wr_text_get (self->description) : NULL;
}

/**
 * wr_form_get_title_text:
 * @self: a #WrForm
 *
 * Returns: (transfer none): the title in every language the form has
 */
const WrText *
wr_form_get_title_text (WrForm *self)
{
  g_return_val_if_fail (WR_IS_FORM (self), NULL);

  return self->title;
}

/**
 * wr_form_get_description_text:
 * @self: a #WrForm
 *
 * Returns: (transfer none) (nullable): the description in every language
 */
const WrText *
wr_form_get_description_text (WrForm *self)
{
  g_return_val_if_fail (WR_IS_FORM (self), NULL);

  return self->description;
}

/**
 * wr_form_get_roles:
 * @self: a #WrForm
 *
 * Returns: (transfer none): the roles the form is meant for (see
 *   wr_role_find()); empty if it is for everyone
 */
const char * const *
wr_form_get_roles (WrForm *self)
{
  g_return_val_if_fail (WR_IS_FORM (self), NULL);

  return self->roles != NULL ? (const char * const *) self->roles : empty_strv;
}

/**
 * wr_form_get_sha256:
 * @self: a #WrForm
 *
 * Returns: (transfer none): the SHA-256 of the exact bytes of the file, as
 *   64 lower-case hexadecimal digits
 */
const char *
wr_form_get_sha256 (WrForm *self)
{
  g_return_val_if_fail (WR_IS_FORM (self), NULL);

  return self->sha256;
}

/**
 * wr_form_get_bytes:
 * @self: a #WrForm
 *
 * Returns: (transfer none): the exact bytes the form was loaded from, to
 *   embed in an evidence pack
 */
GBytes *
wr_form_get_bytes (WrForm *self)
{
  g_return_val_if_fail (WR_IS_FORM (self), NULL);

  return self->bytes;
}

/**
 * wr_form_get_path:
 * @self: a #WrForm
 *
 * Returns: (transfer none) (nullable): the file the form was loaded from
 */
const char *
wr_form_get_path (WrForm *self)
{
  g_return_val_if_fail (WR_IS_FORM (self), NULL);

  return self->path;
}

guint
wr_form_get_n_sections (WrForm *self)
{
  g_return_val_if_fail (WR_IS_FORM (self), 0);

  return self->sections->len;
}

/**
 * wr_form_get_section:
 * @self: a #WrForm
 * @index: below wr_form_get_n_sections()
 *
 * Returns: (transfer none): the @index-th section
 */
WrSection *
wr_form_get_section (WrForm *self,
                     guint   index)
{
  g_return_val_if_fail (WR_IS_FORM (self), NULL);
  g_return_val_if_fail (index < self->sections->len, NULL);

  return g_ptr_array_index (self->sections, index);
}

/**
 * wr_form_get_n_items:
 * @self: a #WrForm
 *
 * Returns: the number of sections, groups, questions and observations
 */
guint
wr_form_get_n_items (WrForm *self)
{
  g_return_val_if_fail (WR_IS_FORM (self), 0);

  return self->items->len;
}

/**
 * wr_form_get_item:
 * @self: a #WrForm
 * @index: below wr_form_get_n_items()
 *
 * Returns: (transfer none): the @index-th item in file order; sections come
 *   before what is inside them
 */
WrFormItem *
wr_form_get_item (WrForm *self,
                  guint   index)
{
  g_return_val_if_fail (WR_IS_FORM (self), NULL);
  g_return_val_if_fail (index < self->items->len, NULL);

  return g_ptr_array_index (self->items, index);
}

/**
 * wr_form_get_n_questions:
 * @self: a #WrForm
 *
 * Returns: the number of questions that take an answer (notes left out)
 */
guint
wr_form_get_n_questions (WrForm *self)
{
  g_return_val_if_fail (WR_IS_FORM (self), 0);

  return self->n_questions;
}

/**
 * wr_form_lookup_item:
 * @self: a #WrForm
 * @id: an item id
 *
 * Returns: (transfer none) (nullable): the section, group, question or
 *   observations with @id
 */
WrFormItem *
wr_form_lookup_item (WrForm     *self,
                     const char *id)
{
  g_return_val_if_fail (WR_IS_FORM (self), NULL);

  return id != NULL ? g_hash_table_lookup (self->items_by_id, id) : NULL;
}

/**
 * wr_form_lookup_question:
 * @self: a #WrForm
 * @id: a question id
 *
 * Returns: (transfer none) (nullable): the question with @id
 */
WrQuestion *
wr_form_lookup_question (WrForm     *self,
                         const char *id)
{
  WrFormItem *item = wr_form_lookup_item (self, id);

  return WR_IS_QUESTION (item) ? WR_QUESTION (item) : NULL;
}

/**
 * wr_form_kind_to_string:
 * @kind: a #WrFormKind
 *
 * Returns: (transfer none): the kind as a form writes it, e.g. "ned-visit"
 */
const char *
wr_form_kind_to_string (WrFormKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kinds), NULL);

  return kinds[kind].id;
}

/**
 * wr_form_kind_from_string:
 * @string: a kind as a form writes it
 * @kind: (out): the kind
 *
 * Returns: %TRUE if @string is a kind
 */
gboolean
wr_form_kind_from_string (const char *string,
                          WrFormKind *kind)
{
  for (guint i = 0; string != NULL && i < G_N_ELEMENTS (kinds); i++)
    {
      if (g_str_equal (string, kinds[i].id))
        {
          *kind = i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * wr_form_kind_get_label:
 * @kind: a #WrFormKind
 *
 * Returns: (transfer none): the kind's name in the user's language
 */
const char *
wr_form_kind_get_label (WrFormKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kinds), NULL);

  return g_dgettext (GETTEXT_PACKAGE, kinds[kind].label);
}
