/* wr-visits-page-private.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wr-visits-page.h"

G_BEGIN_DECLS

/* For tests, which must not depend on the day they run. */
void _wr_visits_page_set_today (WrVisitsPage *self,
                                const char   *today);

G_END_DECLS
