/* test-action-list.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "wr-action-list.h"
#include "wr-store-private.h"

#define FORM_SHA "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static WrStore *store;
static WrService *ward;
static WrService *clinic;

static void
add_visit_with_actions (WrService  *service,
                        guint       n,
                        const char *owner,
                        const char *first_due)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrVisit) visit = NULL;
  WrVisitFields fields = {
    .kind = "ned-visit", .form_id = "ned-visit", .form_version = 1, .form_sha256 = FORM_SHA,
    .service_id = wr_service_get_id (service),
  };

  visit = wr_store_create_visit (store, &fields, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("Action %u for %s", i, wr_service_get_name (service));
      g_autofree char *due = g_strdup_printf ("%.8s%02u", first_due, i + 1);
      WrActionFields action = { .text = text, .owner = owner, .due = i % 4 == 3 ? NULL : due };
      g_autofree char *uuid = wr_store_add_action (store, wr_visit_get_uuid (visit), &action, &error);

      g_assert_no_error (error);
      if (i % 5 == 4)
        g_assert_true (wr_store_set_action_status (store, uuid, WR_ACTION_DONE, &error));
    }
}

static guint
count (WrActionList         *list,
       const WrActionFilter *filter)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (wr_action_list_set_filter (list, filter, &error));
  g_assert_no_error (error);
  return g_list_model_get_n_items (G_LIST_MODEL (list));
}

static void
test_filters_and_order (void)
{
  g_autoptr(WrActionList) list = wr_action_list_new (store);
  g_autoptr(WrAction) first = NULL;
  g_autoptr(WrAction) last = NULL;
  const char *open[] = { "open", NULL };
  const char *done[] = { "done", NULL };
  const char *clinic_only[] = { wr_service_get_uuid (clinic), NULL };

  /* 20 on the ward (owner Ward manager), 10 at the clinic (Clinic lead);
   * every fifth done, every fourth without a due date.
   */
  g_assert_cmpuint (count (list, NULL), ==, 30);
  g_assert_cmpuint (count (list, &(WrActionFilter) { .statuses = open }), ==, 24);
  g_assert_cmpuint (count (list, &(WrActionFilter) { .statuses = done }), ==, 6);
  g_assert_cmpuint (count (list, &(WrActionFilter) { .service_uuids = clinic_only }), ==, 10);
  g_assert_cmpuint (count (list, &(WrActionFilter) { .owner = "manager" }), ==, 20);
  g_assert_cmpuint (count (list, &(WrActionFilter) { .text = "clinic" }), ==, 10);

  /* Overdue on 5 December: open, with a due date before then. Each ward
   * visit has three (due on the 1st, 2nd and 3rd); the clinic's are due
   * from 1 January.
   */
  g_assert_cmpuint (count (list, &(WrActionFilter) { .overdue_on = "2026-12-05" }), ==, 6);

  /* Soonest due first; those with no due date last. */
  g_assert_cmpuint (count (list, NULL), ==, 30);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (wr_action_get_due (first), ==, "2026-12-01");
  g_assert_true (wr_action_is_overdue (first, "2026-12-05"));
  g_assert_false (wr_action_is_overdue (first, "2026-11-30"));
  last = g_list_model_get_item (G_LIST_MODEL (list), 29);
  g_assert_null (wr_action_get_due (last));
  g_assert_cmpstr (wr_action_get_service_name (first), ==, "Ward 7");
  g_assert_nonnull (wr_action_get_visit_date (first));

  /* By service: the clinic's ten first. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(WrAction) by_service = NULL;

    g_assert_true (wr_action_list_set_sort (list, WR_ACTION_SORT_SERVICE, &error));
    g_assert_no_error (error);
    by_service = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_assert_cmpstr (wr_action_get_service_name (by_service), ==, "Audiology clinic");
    g_assert_true (wr_action_list_set_sort (list, WR_ACTION_SORT_NEWEST, &error));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 30);
  }
}

static void
test_follows_status_changes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrActionList) list = wr_action_list_new (store);
  g_autoptr(WrAction) action = NULL;
  const char *open[] = { "open", NULL };
  guint before = count (list, &(WrActionFilter) { .statuses = open });

  action = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_true (wr_store_set_action_status (store, wr_action_get_uuid (action), WR_ACTION_DROPPED, &error));
  g_assert_true (wr_action_list_reload (list, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, before - 1);
  g_assert_true (wr_store_set_action_status (store, wr_action_get_uuid (action), WR_ACTION_OPEN, &error));
}

/* A deleted visit's actions leave every order of the list, and come back
 * with Undo.
 */
static void
test_deleted_visit (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrActionList) list = wr_action_list_new (store);
  g_autoptr(WrAction) action = NULL;
  const char *clinic_only[] = { wr_service_get_uuid (clinic), NULL };
  g_autofree char *visit_uuid = NULL;

  g_assert_cmpuint (count (list, &(WrActionFilter) { .service_uuids = clinic_only }), ==, 10);
  action = g_list_model_get_item (G_LIST_MODEL (list), 0);
  visit_uuid = g_strdup (wr_action_get_visit_uuid (action));
  g_assert_true (wr_store_delete_visit (store, visit_uuid, &error));
  g_assert_no_error (error);

  for (WrActionSort sort = WR_ACTION_SORT_DUE; sort <= WR_ACTION_SORT_SERVICE; sort++)
    {
      g_assert_true (wr_action_list_set_sort (list, sort, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (count (list, NULL), ==, 20);
      g_assert_cmpuint (count (list, &(WrActionFilter) { .service_uuids = clinic_only }), ==, 0);
      g_assert_cmpuint (count (list, &(WrActionFilter) { .text = "clinic" }), ==, 0);
    }

  g_assert_true (wr_store_restore_visit (store, visit_uuid, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count (list, NULL), ==, 30);
}

/* Soonest due first, those with no due date last. */
static gboolean
due_in_order (WrAction *previous,
              WrAction *action)
{
  if (wr_action_get_due (previous) == NULL)
    return wr_action_get_due (action) == NULL;
  return wr_action_get_due (action) == NULL || strcmp (wr_action_get_due (previous), wr_action_get_due (action)) <= 0;
}

/* Each order, with and without filters, gives every action once, sorted. */
static void
test_orders (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrActionList) list = wr_action_list_new (store);
  const char *open[] = { "open", NULL };

  for (WrActionSort sort = WR_ACTION_SORT_DUE; sort <= WR_ACTION_SORT_SERVICE; sort++)
    {
      g_autoptr(WrAction) previous = NULL;
      g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      g_assert_true (wr_action_list_set_sort (list, sort, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (count (list, &(WrActionFilter) { .statuses = open }), ==, 24);
      g_assert_cmpuint (count (list, NULL), ==, 30);

      for (guint i = 0; i < 30; i++)
        {
          g_autoptr(WrAction) action = g_list_model_get_item (G_LIST_MODEL (list), i);

          g_assert_true (g_hash_table_add (seen, g_strdup (wr_action_get_uuid (action))));
          if (previous != NULL && sort == WR_ACTION_SORT_DUE)
            g_assert_true (due_in_order (previous, action));
          if (previous != NULL && sort == WR_ACTION_SORT_SERVICE)
            {
              int by_name = g_strcmp0 (wr_action_get_service_name (previous), wr_action_get_service_name (action));

              g_assert_cmpint (by_name, <=, 0);
              g_assert_true (by_name < 0 || due_in_order (previous, action));
            }
          g_set_object (&previous, action);
        }
    }
}

/* An action that cannot be read when its page is loaded (here, removed
 * from the file behind the list's back) keeps its place as a placeholder,
 * which the Actions page will not let anyone change, until the next
 * reload. Runs last: it takes an action away.
 */
static void
test_placeholder (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrActionList) list = wr_action_list_new (store);
  g_autoptr(WrAction) stale = NULL;
  g_autoptr(WrAction) neighbour = NULL;

  g_assert_true (wr_action_list_set_sort (list, WR_ACTION_SORT_DUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count (list, NULL), ==, 30);
  g_assert_cmpint (sqlite3_exec (_wr_store_get_db (store),
                                 "DELETE FROM actions WHERE id ="
                                 " (SELECT id FROM actions ORDER BY due IS NULL, due, id LIMIT 1)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  stale = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_true (wr_action_is_placeholder (stale));
  neighbour = g_list_model_get_item (G_LIST_MODEL (list), 1);
  g_assert_false (wr_action_is_placeholder (neighbour));

  g_assert_true (wr_action_list_reload (list, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 29);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  WrServiceFields ward_fields = { .name = "Ward 7" };
  WrServiceFields clinic_fields = { .name = "Audiology clinic" };
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* The data is shared by the tests, so it lives outside their own dirs. */
  dir = g_dir_make_tmp ("walkround-actions-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "walkround.db", NULL);
  store = wr_store_open (path, &error);
  g_assert_no_error (error);
  ward = wr_store_add_service (store, &ward_fields, &error);
  clinic = wr_store_add_service (store, &clinic_fields, &error);
  g_assert_no_error (error);
  add_visit_with_actions (ward, 10, "Ward manager", "2026-12-01");
  add_visit_with_actions (ward, 10, "Ward manager", "2026-12-01");
  add_visit_with_actions (clinic, 10, "Clinic lead", "2027-01-01");

  g_test_add_func ("/walkround/action-list/filters-and-order", test_filters_and_order);
  g_test_add_func ("/walkround/action-list/follows-status-changes", test_follows_status_changes);
  g_test_add_func ("/walkround/action-list/deleted-visit", test_deleted_visit);
  g_test_add_func ("/walkround/action-list/orders", test_orders);
  g_test_add_func ("/walkround/action-list/placeholder", test_placeholder);

  status = g_test_run ();

  g_clear_object (&ward);
  g_clear_object (&clinic);
  g_assert_finalize_object (store);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *file = g_strconcat (path, (const char *[]) { "", "-wal", "-shm" }[i], NULL);

      g_remove (file);
    }
  g_remove (dir);

  return status;
}
