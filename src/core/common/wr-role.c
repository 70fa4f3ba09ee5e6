/* wr-role.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-role"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-role.h"

static const struct {
  const char *id;
  const char *label;
} roles[] = {
  { "ned",                N_("Non-executive director") },
  { "governor",           N_("Governor") },
  { "service-user",       N_("Service user") },
  { "carer",              N_("Carer") },
  { "clinician",          N_("Clinician") },
  { "non-clinical-staff", N_("Non-clinical staff") },
  { "quality-team",       N_("Quality team") },
};

guint
wr_role_get_n_roles (void)
{
  return G_N_ELEMENTS (roles);
}

const char *
wr_role_get_id (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (roles), NULL);

  return roles[index].id;
}

/**
 * wr_role_get_label:
 * @index: a role below wr_role_get_n_roles()
 *
 * Returns: (transfer none): the role's name in the user's language
 */
const char *
wr_role_get_label (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (roles), NULL);

  return g_dgettext (GETTEXT_PACKAGE, roles[index].label);
}

/**
 * wr_role_find:
 * @id: a role id such as "ned"
 *
 * Returns: the index of the role, or -1 if @id is not a role
 */
int
wr_role_find (const char *id)
{
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (roles); i++)
    {
      if (g_str_equal (roles[i].id, id))
        return (int) i;
    }

  return -1;
}
