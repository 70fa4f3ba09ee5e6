/* wr-service-private.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wr-service.h"

G_BEGIN_DECLS

WrService *_wr_service_new (gint64                 id,
                            const char            *uuid,
                            const WrServiceFields *fields,
                            gboolean               archived);

G_END_DECLS
