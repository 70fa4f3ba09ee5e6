/* wr-role.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The roles a visitor can have on a visit team. Their ids are stable and
 * appear in forms, the database and evidence packs.
 */
guint       wr_role_get_n_roles (void);
const char *wr_role_get_id      (guint       index);
const char *wr_role_get_label   (guint       index);
int         wr_role_find        (const char *id);

G_END_DECLS
