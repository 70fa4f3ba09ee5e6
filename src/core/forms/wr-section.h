/* wr-section.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wr-form-item.h"

G_BEGIN_DECLS

/* The most times a repeatable section may be filled in: form.xsd's
 * RepeatMax. A checklist of every bed or record of a large ward fits.
 */
#define WR_SECTION_MAX_COUNT 5000

#define WR_TYPE_SECTION (wr_section_get_type ())

G_DECLARE_FINAL_TYPE (WrSection, wr_section, WR, SECTION, WrFormItem)

const char *wr_section_get_domain          (WrSection *self);
gboolean    wr_section_get_repeatable      (WrSection *self);
guint       wr_section_get_min_count       (WrSection *self);
guint       wr_section_get_max_count       (WrSection *self);
gboolean    wr_section_get_per_member      (WrSection *self);
gboolean    wr_section_get_request_support (WrSection *self);
gboolean    wr_section_get_scored          (WrSection *self);

G_END_DECLS
