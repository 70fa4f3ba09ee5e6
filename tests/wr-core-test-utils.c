/* wr-core-test-utils.c: helpers for the tests without a display.
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "wr-core-test-utils.h"

/**
 * wr_test_new_session:
 * @store: the database
 * @library: where @form_id is found
 * @form_id: the form, at its newest version
 * @n_members: how many team members to add ("Member 1"…, carers)
 *
 * Returns: (transfer full): a session on a new draft visit of a new service
 */
WrVisitSession *
wr_test_new_session (WrStore       *store,
                     WrFormLibrary *library,
                     const char    *form_id,
                     guint          n_members)
{
  g_autoptr(GError) error = NULL;
  WrForm *form = wr_form_library_lookup_newest (library, form_id);
  WrServiceFields service_fields = { .name = "Ward 7" };
  g_autoptr(WrService) service = wr_store_add_service (store, &service_fields, &error);
  g_autoptr(WrVisit) visit = NULL;
  WrVisitFields fields = { NULL, };
  WrVisitSession *session;

  g_assert_no_error (error);
  g_assert_nonnull (form);
  fields.kind = wr_form_kind_to_string (wr_form_get_kind (form));
  fields.form_id = wr_form_get_id (form);
  fields.form_version = wr_form_get_version (form);
  fields.form_sha256 = wr_form_get_sha256 (form);
  fields.service_id = wr_service_get_id (service);
  visit = wr_store_create_visit (store, &fields, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < n_members; i++)
    {
      g_autofree char *name = g_strdup_printf ("Member %u", i + 1);
      g_autofree char *uuid = wr_store_add_member (store, wr_visit_get_uuid (visit), name, "carer", &error);

      g_assert_no_error (error);
    }

  session = wr_visit_session_new (store, library, wr_visit_get_uuid (visit), &error);
  g_assert_no_error (error);
  return session;
}
