/* wr-observations.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wr-form-item.h"

G_BEGIN_DECLS

#define WR_TYPE_OBSERVATIONS (wr_observations_get_type ())

/* A place in a form where the visitor adds free observations. */
G_DECLARE_FINAL_TYPE (WrObservations, wr_observations, WR, OBSERVATIONS, WrFormItem)

const char * const *wr_observations_get_kinds  (WrObservations *self);
const char * const *wr_observations_get_voices (WrObservations *self);

G_END_DECLS
