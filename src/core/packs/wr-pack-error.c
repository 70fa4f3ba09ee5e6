/* wr-pack-error.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "wr-pack-error.h"

G_DEFINE_QUARK (wr-pack-error-quark, wr_pack_error)
