/* wr-text.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A text of a form in one or more languages: a title, label, guidance or
 * message. It belongs to its form and lives as long as the form does.
 */
typedef struct _WrText WrText;

const char *wr_text_get               (const WrText        *self);
const char *wr_text_get_for_languages (const WrText        *self,
                                       const char * const  *languages);
guint       wr_text_get_n_languages   (const WrText        *self);
const char *wr_text_get_language      (const WrText        *self,
                                       guint                index);
const char *wr_text_get_nth           (const WrText        *self,
                                       guint                index);

G_END_DECLS
