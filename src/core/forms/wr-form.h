/* wr-form.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "wr-catalog.h"
#include "wr-condition.h"
#include "wr-form-item.h"
#include "wr-observations.h"
#include "wr-question.h"
#include "wr-section.h"
#include "wr-text.h"

G_BEGIN_DECLS

#define WR_FORM_ERROR (wr_form_error_quark ())

/* Why a form was refused, in the order the loader checks. Every message is
 * `FILE:LINE: what to change`.
 */
typedef enum
{
  WR_FORM_ERROR_READ,        /* missing, unreadable, not a regular file */
  WR_FORM_ERROR_LIMIT,       /* too large, too deep, too many items */
  WR_FORM_ERROR_ENCODING,    /* not UTF-8 */
  WR_FORM_ERROR_MALFORMED,   /* not well-formed XML */
  WR_FORM_ERROR_DOCTYPE,     /* has a DOCTYPE */
  WR_FORM_ERROR_NOT_A_FORM,  /* another root element or namespace, an ODK XForm */
  WR_FORM_ERROR_SCHEMA,      /* does not follow data/schema/form.xsd */
  WR_FORM_ERROR_INVALID,     /* breaks a rule the schema cannot check */
  WR_FORM_ERROR_INSTALL,     /* Walkround's own schema or catalogue is missing */
  WR_FORM_ERROR_NOT_FOUND,   /* no such form in the library */
  WR_FORM_ERROR_EXISTS,      /* another form has the same id and version */
  WR_FORM_ERROR_WRITE,       /* the user's forms folder cannot be written */
  WR_FORM_ERROR_ANSWER,      /* not an answer the question takes */
} WrFormError;

typedef enum
{
  WR_FORM_KIND_QUALITY_VISIT,
  WR_FORM_KIND_NED_VISIT,
  WR_FORM_KIND_FIFTEEN_STEPS,
  WR_FORM_KIND_SELF_ASSESSMENT,
  WR_FORM_KIND_CUSTOM,
} WrFormKind;

/* The most items (sections, groups, questions and observations) in a form. */
#define WR_FORM_MAX_ITEMS 5000

#define WR_TYPE_FORM (wr_form_get_type ())

G_DECLARE_FINAL_TYPE (WrForm, wr_form, WR, FORM, GObject)

GQuark              wr_form_error_quark         (void);

WrForm             *wr_form_new_from_file       (const char     *path,
                                                 WrCatalog      *catalog,
                                                 GError        **error) G_GNUC_WARN_UNUSED_RESULT;
WrForm             *wr_form_new_from_bytes      (GBytes         *bytes,
                                                 const char     *file_name,
                                                 WrCatalog      *catalog,
                                                 GError        **error) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray          *wr_form_check_file          (const char     *path,
                                                 WrCatalog      *catalog) G_GNUC_WARN_UNUSED_RESULT;

const char         *wr_form_get_id              (WrForm         *self);
guint               wr_form_get_version         (WrForm         *self);
WrFormKind          wr_form_get_kind            (WrForm         *self);
const char         *wr_form_get_language        (WrForm         *self);
gboolean            wr_form_get_scoring         (WrForm         *self);
const char         *wr_form_get_title           (WrForm         *self);
const char         *wr_form_get_description     (WrForm         *self);
const WrText       *wr_form_get_title_text      (WrForm         *self);
const WrText       *wr_form_get_description_text (WrForm        *self);
const char * const *wr_form_get_roles           (WrForm         *self);
const char         *wr_form_get_sha256          (WrForm         *self);
GBytes             *wr_form_get_bytes           (WrForm         *self);
const char         *wr_form_get_path            (WrForm         *self);

guint               wr_form_get_n_sections      (WrForm         *self);
WrSection          *wr_form_get_section         (WrForm         *self,
                                                 guint           index);
guint               wr_form_get_n_items         (WrForm         *self);
WrFormItem         *wr_form_get_item            (WrForm         *self,
                                                 guint           index);
guint               wr_form_get_n_questions     (WrForm         *self);
WrFormItem         *wr_form_lookup_item         (WrForm         *self,
                                                 const char     *id);
WrQuestion         *wr_form_lookup_question     (WrForm         *self,
                                                 const char     *id);

const char         *wr_form_kind_to_string      (WrFormKind      kind);
gboolean            wr_form_kind_from_string    (const char     *string,
                                                 WrFormKind     *kind);
const char         *wr_form_kind_get_label      (WrFormKind      kind);

G_END_DECLS
