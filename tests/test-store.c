/* test-store.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "wr-platform.h"
#include "wr-store-private.h"

#define FORM_SHA "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

typedef struct
{
  char    *dir;
  char    *path;
  WrStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* G_TEST_OPTION_ISOLATE_DIRS gives each test its own fresh data home. */
  fixture->dir = g_build_filename (g_get_user_data_dir (), "walkround", NULL);
  fixture->path = g_build_filename (fixture->dir, "walkround.db", NULL);
  fixture->store = wr_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (WR_IS_STORE (fixture->store));
  wr_store_set_user (fixture->store, "Test Visitor");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->store != NULL)
    g_assert_finalize_object (fixture->store);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static char *
query_text (WrStore    *store,
            const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static gint64
query_int (WrStore    *store,
           const char *sql)
{
  g_autofree char *text = query_text (store, sql);

  g_assert_nonnull (text);
  return g_ascii_strtoll (text, NULL, 10);
}

/* Inserts a row into @table whose @column is @value, its other columns
 * what the constraints accept, and takes it out again: SQLITE_OK, or why
 * not. The database needs a service, a visit and an observation.
 */
static int
insert_with (WrStore    *store,
             const char *table,
             const char *column,
             const char *value)
{
  static const struct { const char *table; const char *sql; const char *defaults[4]; } rows[] = {
    { "visits", "INSERT INTO visits (uuid, kind, form_id, form_version, form_sha256, service_id, started,"
                " start_date, device_id, created, modified)"
                " VALUES ('check-row', :kind, 'f', 1, 's', (SELECT min (id) FROM services), 't', 'd', 'dev', 'c', 'm')",
      { ":kind", "custom" } },
    { "observations", "INSERT INTO observations (uuid, visit_id, text, kind, voice, created, modified, device_id)"
                      " VALUES ('check-row', (SELECT min (id) FROM visits), 'x', :kind, :voice, 'c', 'm', 'dev')",
      { ":kind", "idea", ":voice", "" } },
    { "observation_links", "INSERT INTO observation_links (observation_id, kind, ref)"
                           " VALUES ((SELECT min (id) FROM observations), :kind, 'check-row')",
      { ":kind", "theme" } },
    { "actions", "INSERT INTO actions (uuid, visit_id, text, status, created, modified, device_id)"
                 " VALUES ('check-row', (SELECT min (id) FROM visits), 'x', :status, 'c', 'm', 'dev')",
      { ":status", "open" } },
  };
  sqlite3 *db = _wr_store_get_db (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *name = g_strconcat (":", column, NULL);
  g_autofree char *undo = NULL;
  int rc;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      if (!g_str_equal (rows[i].table, table))
        continue;
      g_assert_cmpint (sqlite3_prepare_v2 (db, rows[i].sql, -1, &stmt, NULL), ==, SQLITE_OK);
      for (guint j = 0; j < G_N_ELEMENTS (rows[i].defaults) && rows[i].defaults[j] != NULL; j += 2)
        sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, rows[i].defaults[j]),
                           rows[i].defaults[j + 1], -1, SQLITE_STATIC);
    }
  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_bind_parameter_index (stmt, name), >, 0);
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, name), value, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return sqlite3_extended_errcode (db);

  undo = g_strdup_printf ("DELETE FROM %s WHERE %s = 'check-row'", table,
                          g_str_equal (table, "observation_links") ? "ref" : "uuid");
  g_assert_cmpint (sqlite3_exec (db, undo, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  return SQLITE_OK;
}

/* Schema 9: the checks of a kind or status against a list. */
static const char * const list_checks[] = {
  "visits", "kind", "quality-visit", "ned-visit", "fifteen-steps", "self-assessment", "custom", NULL,
  "observations", "kind", "good-practice", "concern", "think-about", "idea", "quote", NULL,
  "observations", "voice", "", "patient", "carer", "staff", "visitor", NULL,
  "observation_links", "kind", "regulation", "statement", "key-question", "theme", NULL,
  "actions", "status", "open", "done", "dropped", NULL,
};

/* Saving a row of these tables does not make SQLite build a temporary
 * table of a check's list, as "x IN (three or more)" did: in this
 * connection's schema too, not only in the file.
 */
static void
assert_no_list_tables (WrStore *store)
{
  for (guint i = 0; i < G_N_ELEMENTS (list_checks); i++)
    {
      g_autofree char *explain = g_strdup_printf ("EXPLAIN INSERT INTO %s (%s) VALUES (?)",
                                                  list_checks[i], list_checks[i + 1]);
      g_autoptr(sqlite3_stmt) stmt = NULL;
      guint n_opcodes = 0;
      int rc;

      g_assert_cmpint (sqlite3_prepare_v2 (_wr_store_get_db (store), explain, -1, &stmt, NULL), ==, SQLITE_OK);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), !=, "OpenEphemeral");
          n_opcodes++;
        }
      g_assert_cmpint (rc, ==, SQLITE_DONE);
      g_assert_cmpuint (n_opcodes, >, 10);
      while (list_checks[i] != NULL)
        i++;
    }
}

/* ...and the checks accept and refuse what they did. */
static void
assert_list_checks (WrStore *store)
{
  for (guint i = 0; i < G_N_ELEMENTS (list_checks); i++)
    {
      const char *table = list_checks[i];
      const char *column = list_checks[i + 1];

      for (i += 2; list_checks[i] != NULL; i++)
        g_assert_cmpint (insert_with (store, table, column, list_checks[i]), ==, SQLITE_OK);
      g_assert_cmpint (insert_with (store, table, column, "bogus"), ==, SQLITE_CONSTRAINT_CHECK);
      g_assert_cmpint (insert_with (store, table, column, "Theme"), ==, SQLITE_CONSTRAINT_CHECK);
    }
  assert_no_list_tables (store);
}

static WrService *
add_service (WrStore    *store,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  WrServiceFields fields = { .name = name, .directorate = "Medicine", .site = "General Hospital" };
  WrService *service = wr_store_add_service (store, &fields, &error);

  g_assert_no_error (error);
  g_assert_nonnull (service);
  return service;
}

static WrVisit *
start_visit (WrStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrService) service = add_service (store, "Ward 7");
  WrVisitFields fields = {
    .kind = "quality-visit",
    .form_id = "quality-visit",
    .form_version = 1,
    .form_sha256 = FORM_SHA,
    .service_id = wr_service_get_id (service),
  };
  WrVisit *visit = wr_store_create_visit (store, &fields, &error);

  g_assert_no_error (error);
  g_assert_nonnull (visit);
  return visit;
}

static void
test_open_creates_private_file (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *device_id = NULL;
  GStatBuf st;

  /* Windows files have no such modes (wr-platform.c). */
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  if (wr_platform_has_file_modes ())
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (fixture->dir, &st), ==, 0);
  if (wr_platform_has_file_modes ())
    g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  mode = query_text (fixture->store, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (query_int (fixture->store, "PRAGMA synchronous"), ==, 2);
  g_assert_cmpint (query_int (fixture->store, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (query_int (fixture->store, "PRAGMA page_size"), ==, 16384);
  g_assert_cmpint (query_int (fixture->store, "PRAGMA user_version"), ==, _wr_store_schema_get_latest_version ());
  g_assert_null (wr_store_get_backup_path (fixture->store));
  assert_no_list_tables (fixture->store);

  /* The device id is made once and kept. */
  device_id = g_strdup (wr_store_get_device_id (fixture->store));
  g_assert_true (g_uuid_string_is_valid (device_id));
  g_assert_finalize_object (fixture->store);
  fixture->store = wr_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wr_store_get_device_id (fixture->store), ==, device_id);
}

static void
assert_file_equals (const char *path,
                    const char *contents,
                    gsize       length)
{
  g_autofree char *now = NULL;
  gsize now_length;

  g_assert_true (g_file_get_contents (path, &now, &now_length, NULL));
  g_assert_cmpmem (now, now_length, contents, length);
}

static void
test_damaged_file_kept (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = NULL;
  /* Canonical, as the message names it (on Windows, with \ only). */
  g_autofree char *path = g_canonicalize_filename ("walkround.db", g_get_user_data_dir ());
  g_autofree char *junk = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  gboolean copy_found = FALSE;
  gsize length = 64 * 1024;

  /* Something that is not a database at all, as a disk error might leave. */
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  junk = g_malloc (length);
  for (gsize i = 0; i < length; i++)
    junk[i] = (char) (i * 7919 % 251);
  g_assert_true (g_file_set_contents (path, junk, length, NULL));

  store = wr_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "damaged"));

  /* Not a byte changed, and a copy is kept beside it. */
  assert_file_equals (path, junk, length);
  dir = g_dir_open (g_get_user_data_dir (), 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_prefix (name, "walkround.db.damaged-"))
        {
          g_autofree char *copy = g_build_filename (g_get_user_data_dir (), name, NULL);

          assert_file_equals (copy, junk, length);
          copy_found = TRUE;
        }
    }
  g_assert_true (copy_found);
}

static void
test_too_new_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "newer.db", NULL);
  g_autofree char *before = NULL;
  gsize length;
  sqlite3 *db;

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE future (x); PRAGMA user_version = 999;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_file_get_contents (path, &before, &length, NULL));

  store = wr_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer version of Walkround"));
  assert_file_equals (path, before, length);
}

static void
test_not_a_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = NULL;

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  store = wr_store_open (g_get_user_data_dir (), &error);
  g_assert_null (store);
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_OPEN);
}

static void
test_services (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrService) ward = add_service (fixture->store, "  Ward 7 ");
  g_autoptr(WrService) clinic = add_service (fixture->store, "Audiology clinic");
  g_autoptr(WrService) renamed = NULL;
  g_autoptr(WrService) bad = NULL;
  g_autoptr(GListModel) live = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(WrService) first = NULL;
  WrServiceFields fields = { .name = "Ward 7 (Elderly care)", .type = "Inpatient ward", .cqc_location_id = "1-108458789" };
  WrServiceFields no_name = { .name = "   " };
  WrServiceFields bad_cqc = { .name = "Ward 8", .cqc_location_id = "RX1-01" };

  g_assert_cmpstr (wr_service_get_name (ward), ==, "Ward 7");
  g_assert_true (g_uuid_string_is_valid (wr_service_get_uuid (ward)));

  /* The id handed back is the service's own, whatever else was written. */
  {
    g_autoptr(WrVisit) visit = start_visit (fixture->store);
    g_autoptr(WrService) later = add_service (fixture->store, "Later ward");
    g_autoptr(WrService) read_back = wr_store_get_service (fixture->store, wr_service_get_id (later), &error);

    g_assert_no_error (error);
    g_assert_cmpstr (wr_service_get_name (read_back), ==, "Later ward");
    g_assert_true (wr_store_set_service_archived (fixture->store, wr_service_get_id (later), TRUE, &error));
  }

  renamed = wr_store_update_service (fixture->store, wr_service_get_id (ward), &fields, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wr_service_get_name (renamed), ==, "Ward 7 (Elderly care)");
  g_assert_cmpstr (wr_service_get_cqc_location_id (renamed), ==, "1-108458789");
  g_assert_cmpstr (wr_service_get_uuid (renamed), ==, wr_service_get_uuid (ward));

  bad = wr_store_add_service (fixture->store, &no_name, &error);
  g_assert_null (bad);
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  bad = wr_store_add_service (fixture->store, &bad_cqc, &error);
  g_assert_null (bad);
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "RX1-01"));
  g_clear_error (&error);

  g_assert_true (wr_store_set_service_archived (fixture->store, wr_service_get_id (clinic), TRUE, &error));
  g_assert_no_error (error);
  live = wr_store_list_services (fixture->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (live), ==, 2);
  all = wr_store_list_services (fixture->store, TRUE, &error);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 4);
  first = g_list_model_get_item (all, 0);
  g_assert_cmpstr (wr_service_get_name (first), ==, "Audiology clinic");
  g_assert_true (wr_service_get_archived (first));

  /* Four created (one by start_visit), all five fields of one changed (the
   * update left directorate and site empty), two archived.
   */
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM audit_log WHERE entity = 'service'"), ==, 11);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM audit_log WHERE field = 'directorate'"
                                              " AND old_value = 'Medicine' AND new_value = ''"), ==, 1);
}

static void
test_visit_lifecycle (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrVisit) visit = start_visit (fixture->store);
  g_autoptr(WrVisit) completed = NULL;
  g_autoptr(WrVisit) reopened = NULL;
  const char *uuid = wr_visit_get_uuid (visit);
  WrAnswerKey key = { .question_id = "env-clean" };

  g_assert_cmpint (wr_visit_get_status (visit), ==, WR_VISIT_DRAFT);
  g_assert_cmpuint (wr_visit_get_revision (visit), ==, 1);
  g_assert_cmpstr (wr_visit_get_service_name (visit), ==, "Ward 7");
  g_assert_cmpstr (wr_visit_get_device_id (visit), ==, wr_store_get_device_id (fixture->store));
  g_assert_true (g_str_has_prefix (wr_visit_get_started (visit), wr_visit_get_start_date (visit)));

  g_assert_true (wr_store_set_answer (fixture->store, uuid, &key, "yes", FALSE, &error));
  g_assert_no_error (error);

  g_assert_true (wr_store_complete_visit (fixture->store, uuid, &error));
  g_assert_no_error (error);
  completed = wr_store_get_visit (fixture->store, uuid, &error);
  g_assert_cmpint (wr_visit_get_status (completed), ==, WR_VISIT_COMPLETED);
  g_assert_nonnull (wr_visit_get_ended (completed));

  /* A completed visit is read only, and completing it twice is an error. */
  g_assert_false (wr_store_set_answer (fixture->store, uuid, &key, "no", FALSE, &error));
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (wr_store_complete_visit (fixture->store, uuid, &error));
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Reopening is audited and makes a new revision. */
  g_assert_true (wr_store_reopen_visit (fixture->store, uuid, &error));
  g_assert_no_error (error);
  reopened = wr_store_get_visit (fixture->store, uuid, &error);
  g_assert_cmpint (wr_visit_get_status (reopened), ==, WR_VISIT_DRAFT);
  g_assert_cmpuint (wr_visit_get_revision (reopened), ==, 2);
  g_assert_true (wr_store_set_answer (fixture->store, uuid, &key, "no", FALSE, &error));
  g_assert_cmpint (query_int (fixture->store,
                              "SELECT count (*) FROM audit_log WHERE field = 'status' AND who = 'Test Visitor'"), ==, 2);
}

static void
test_visit_refused (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrService) service = add_service (fixture->store, "Ward 9");
  g_autoptr(WrVisit) visit = NULL;
  WrVisitFields fields = {
    .kind = "inspection", .form_id = "x", .form_version = 1, .form_sha256 = FORM_SHA,
    .service_id = wr_service_get_id (service),
  };

  visit = wr_store_create_visit (fixture->store, &fields, &error);
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID);
  g_clear_error (&error);

  fields.kind = "ned-visit";
  fields.form_sha256 = "not a digest";
  visit = wr_store_create_visit (fixture->store, &fields, &error);
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID);
  g_clear_error (&error);

  fields.form_sha256 = FORM_SHA;
  fields.service_id = 12345;
  visit = wr_store_create_visit (fixture->store, &fields, &error);
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (wr_store_set_service_archived (fixture->store, wr_service_get_id (service), TRUE, NULL));
  fields.service_id = wr_service_get_id (service);
  visit = wr_store_create_visit (fixture->store, &fields, &error);
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "archived"));
  g_assert_null (visit);

  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM visits"), ==, 0);
}

static void
test_visit_start_date (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrService) service = add_service (fixture->store, "Night team");
  g_autoptr(GTimeZone) bst = g_time_zone_new_offset (3600);
  g_autoptr(GDateTime) late = g_date_time_new (bst, 2026, 3, 31, 23, 30, 0);
  g_autoptr(WrVisit) visit = NULL;
  WrVisitFields fields = {
    .kind = "ned-visit", .form_id = "ned-visit", .form_version = 2, .form_sha256 = FORM_SHA,
    .service_id = wr_service_get_id (service), .started = late,
  };

  /* 23:30 local on 31 March belongs to that day (and that financial year),
   * though it is already 1 April somewhere else.
   */
  visit = wr_store_create_visit (fixture->store, &fields, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wr_visit_get_started (visit), ==, "2026-03-31T23:30:00+01:00");
  g_assert_cmpstr (wr_visit_get_start_date (visit), ==, "2026-03-31");
}

static WrAnswer *
find_answer (GPtrArray  *answers,
             const char *question_id,
             const char *member_uuid)
{
  for (guint i = 0; i < answers->len; i++)
    {
      WrAnswer *answer = g_ptr_array_index (answers, i);

      if (g_str_equal (answer->question_id, question_id) && g_str_equal (answer->member_uuid, member_uuid))
        return answer;
    }
  return NULL;
}

static void
test_answers (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrVisit) visit = start_visit (fixture->store);
  g_autoptr(GPtrArray) answers = NULL;
  g_autofree char *member = NULL;
  const char *uuid = wr_visit_get_uuid (visit);
  const char *sneaky = "'); DROP TABLE visits; --";
  WrAnswerKey team = { .question_id = "first-impression" };
  WrAnswerKey own = { .question_id = "first-impression" };
  gint64 audit_before;
  WrAnswer *answer;

  member = wr_store_add_member (fixture->store, uuid, "Sam Carer", "carer", &error);
  g_assert_no_error (error);
  own.member_uuid = member;

  g_assert_true (wr_store_set_answer (fixture->store, uuid, &team, "Bright and welcoming", TRUE, &error));
  g_assert_true (wr_store_set_answer (fixture->store, uuid, &own, sneaky, TRUE, &error));
  g_assert_true (wr_store_set_answer_comment (fixture->store, uuid, &team, "Staff smiled at the door", &error));
  g_assert_no_error (error);

  /* Saving the same value again writes and logs nothing. */
  audit_before = query_int (fixture->store, "SELECT count (*) FROM audit_log");
  g_assert_true (wr_store_set_answer (fixture->store, uuid, &team, "Bright and welcoming", TRUE, &error));
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM audit_log"), ==, audit_before);

  answers = wr_store_list_answers (fixture->store, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (answers->len, ==, 2);
  answer = find_answer (answers, "first-impression", "");
  g_assert_cmpstr (answer->value, ==, "Bright and welcoming");
  g_assert_cmpstr (answer->comment, ==, "Staff smiled at the door");
  answer = find_answer (answers, "first-impression", member);
  g_assert_cmpstr (answer->value, ==, sneaky);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM visits"), ==, 1);

  /* Free text and comments can be searched. */
  g_assert_cmpint (query_int (fixture->store,
                              "SELECT count (*) FROM text_index WHERE text_index MATCH 'smiled'"), ==, 1);
  g_assert_cmpint (query_int (fixture->store,
                              "SELECT count (*) FROM text_index WHERE text_index MATCH 'welcoming'"), ==, 1);

  /* Clearing keeps the row (with its comment) but drops the value. */
  g_assert_true (wr_store_set_answer (fixture->store, uuid, &team, NULL, TRUE, &error));
  g_clear_pointer (&answers, g_ptr_array_unref);
  answers = wr_store_list_answers (fixture->store, uuid, &error);
  answer = find_answer (answers, "first-impression", "");
  g_assert_null (answer->value);
  g_assert_cmpint (query_int (fixture->store,
                              "SELECT count (*) FROM text_index WHERE text_index MATCH 'welcoming'"), ==, 0);

  /* Each change is in the audit log with its old and new value. */
  g_assert_cmpint (query_int (fixture->store,
                              "SELECT count (*) FROM audit_log WHERE entity = 'answer'"
                              " AND old_value = 'Bright and welcoming' AND new_value IS NULL"), ==, 1);
}

static void
test_members (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrVisit) visit = start_visit (fixture->store);
  g_autoptr(GPtrArray) members = NULL;
  g_autofree char *ned = NULL;
  g_autofree char *carer = NULL;
  g_autofree char *nobody = NULL;
  const char *uuid = wr_visit_get_uuid (visit);
  WrMember *member;

  ned = wr_store_add_member (fixture->store, uuid, "Alex Director", "ned", &error);
  g_assert_no_error (error);
  carer = wr_store_add_member (fixture->store, uuid, " Sam Carer ", "carer", &error);
  g_assert_no_error (error);
  nobody = wr_store_add_member (fixture->store, uuid, "Pat", "inspector", &error);
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID);
  g_assert_null (nobody);
  g_clear_error (&error);

  members = wr_store_list_members (fixture->store, uuid, &error);
  g_assert_cmpuint (members->len, ==, 2);
  member = g_ptr_array_index (members, 1);
  g_assert_cmpstr (member->name, ==, "Sam Carer");
  g_assert_cmpstr (member->role, ==, "carer");

  g_assert_true (wr_store_remove_member (fixture->store, uuid, ned, &error));
  g_assert_no_error (error);
  g_assert_false (wr_store_remove_member (fixture->store, uuid, ned, &error));
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_NOT_FOUND);
  g_clear_pointer (&members, g_ptr_array_unref);
  members = wr_store_list_members (fixture->store, uuid, NULL);
  g_assert_cmpuint (members->len, ==, 1);
}

/* Who this device's user is on a team: kept here only, for a member of
 * the team, forgotten when they leave it. The visit itself is unchanged.
 */
static void
test_my_member (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrVisit) visit = start_visit (fixture->store);
  g_autoptr(WrVisit) other = start_visit (fixture->store);
  g_autoptr(WrVisit) before = NULL;
  g_autoptr(WrVisit) after = NULL;
  g_autofree char *lead = NULL;
  g_autofree char *carer = NULL;
  g_autofree char *me = NULL;
  const char *uuid = wr_visit_get_uuid (visit);

  lead = wr_store_add_member (fixture->store, uuid, "Alex Lead", "ned", &error);
  g_assert_no_error (error);
  carer = wr_store_add_member (fixture->store, uuid, "Sam Carer", "carer", &error);
  g_assert_no_error (error);

  me = wr_store_get_my_member (fixture->store, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (me, ==, "");
  g_clear_pointer (&me, g_free);

  before = wr_store_get_visit (fixture->store, uuid, &error);
  g_assert_true (wr_store_set_my_member (fixture->store, uuid, carer, &error));
  g_assert_no_error (error);
  me = wr_store_get_my_member (fixture->store, uuid, &error);
  g_assert_cmpstr (me, ==, carer);
  g_clear_pointer (&me, g_free);

  /* Not a change to the visit: packs never carry it. */
  after = wr_store_get_visit (fixture->store, uuid, &error);
  g_assert_cmpuint (wr_visit_get_revision (after), ==, wr_visit_get_revision (before));
  g_assert_cmpstr (wr_visit_get_modified (after), ==, wr_visit_get_modified (before));

  /* Another visit's member, or no member, is refused; the choice stays. */
  g_assert_false (wr_store_set_my_member (fixture->store, wr_visit_get_uuid (other), carer, &error));
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (wr_store_set_my_member (fixture->store, uuid, "no-such-member", &error));
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  me = wr_store_get_my_member (fixture->store, uuid, NULL);
  g_assert_cmpstr (me, ==, carer);
  g_clear_pointer (&me, g_free);
  me = wr_store_get_my_member (fixture->store, wr_visit_get_uuid (other), NULL);
  g_assert_cmpstr (me, ==, "");
  g_clear_pointer (&me, g_free);

  /* A member who left the team is nobody's choice any more. */
  g_assert_true (wr_store_remove_member (fixture->store, uuid, carer, &error));
  me = wr_store_get_my_member (fixture->store, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (me, ==, "");
  g_clear_pointer (&me, g_free);

  g_assert_true (wr_store_set_my_member (fixture->store, uuid, lead, &error));
  g_assert_true (wr_store_set_my_member (fixture->store, uuid, NULL, &error));
  g_assert_no_error (error);
  me = wr_store_get_my_member (fixture->store, uuid, NULL);
  g_assert_cmpstr (me, ==, "");
}

static void
test_delete_and_restore (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrVisit) visit = start_visit (fixture->store);
  g_autoptr(WrVisit) gone = NULL;
  g_autoptr(WrVisit) back = NULL;
  const char *uuid = wr_visit_get_uuid (visit);
  WrAnswerKey key = { .question_id = "q1" };

  g_assert_true (wr_store_set_answer (fixture->store, uuid, &key, "yes", FALSE, &error));
  g_assert_true (wr_store_delete_visit (fixture->store, uuid, &error));
  g_assert_no_error (error);
  gone = wr_store_get_visit (fixture->store, uuid, &error);
  g_assert_null (gone);
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Undo brings it back with its answers. */
  g_assert_true (wr_store_restore_visit (fixture->store, uuid, &error));
  g_assert_no_error (error);
  back = wr_store_get_visit (fixture->store, uuid, &error);
  g_assert_nonnull (back);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM answers WHERE value = 'yes'"), ==, 1);
}

static void
test_audit_log_append_only (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(WrVisit) visit = start_visit (fixture->store);
  sqlite3 *db = _wr_store_get_db (fixture->store);
  gint64 rows = query_int (fixture->store, "SELECT count (*) FROM audit_log");

  g_assert_cmpint (rows, >, 0);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE audit_log SET who = 'someone else'", NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM audit_log", NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM audit_log"), ==, rows);
}

static void
test_observations (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrVisit) visit = start_visit (fixture->store);
  g_autoptr(GListModel) list = NULL;
  g_autoptr(WrObservation) seen = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *bad = NULL;
  const char *regulations[] = { "10", "9A", NULL };
  const char *statements[] = { "caring-kindness-compassion-dignity", NULL };
  const char *odd_refs[] = { "12; DROP", NULL };
  WrObservationFields fields = {
    .question_id = "dignity-curtains",
    .text = "A nurse drew the curtains before helping a patient to wash",
    .kind = "good-practice",
    .voice = "staff",
    .regulations = regulations,
    .statements = statements,
  };

  uuid = wr_store_add_observation (fixture->store, wr_visit_get_uuid (visit), &fields, &error);
  g_assert_no_error (error);

  list = wr_store_list_observations (fixture->store, wr_visit_get_uuid (visit), &error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  seen = g_list_model_get_item (list, 0);
  g_assert_cmpstr (wr_observation_get_uuid (seen), ==, uuid);
  g_assert_cmpstr (wr_observation_get_voice (seen), ==, "staff");
  g_assert_cmpuint (g_strv_length ((GStrv) wr_observation_get_regulations (seen)), ==, 2);
  g_assert_true (g_strv_contains (wr_observation_get_regulations (seen), "9A"));
  g_assert_cmpstr (wr_observation_get_statements (seen)[0], ==, "caring-kindness-compassion-dignity");
  g_assert_cmpuint (g_strv_length ((GStrv) wr_observation_get_themes (seen)), ==, 0);
  g_assert_cmpint (query_int (fixture->store,
                              "SELECT count (*) FROM text_index WHERE text_index MATCH 'curtains'"), ==, 1);

  /* Editing replaces its links; the evidence page finds it by regulation. */
  regulations[1] = NULL;
  fields.kind = "concern";
  g_assert_true (wr_store_update_observation (fixture->store, uuid, &fields, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->store,
                              "SELECT count (*) FROM observation_links WHERE kind = 'regulation'"), ==, 1);

  fields.regulations = odd_refs;
  bad = wr_store_add_observation (fixture->store, wr_visit_get_uuid (visit), &fields, &error);
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID);
  g_assert_null (bad);
  g_clear_error (&error);
  fields.regulations = NULL;
  fields.kind = "rumour";
  bad = wr_store_add_observation (fixture->store, wr_visit_get_uuid (visit), &fields, &error);
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Deleted, then back with Undo. */
  g_assert_true (wr_store_delete_observation (fixture->store, uuid, TRUE, &error));
  g_clear_object (&list);
  list = wr_store_list_observations (fixture->store, wr_visit_get_uuid (visit), &error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 0);
  g_assert_true (wr_store_delete_observation (fixture->store, uuid, FALSE, &error));
  g_clear_object (&list);
  list = wr_store_list_observations (fixture->store, wr_visit_get_uuid (visit), &error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
}

static void
test_actions (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrVisit) visit = start_visit (fixture->store);
  g_autoptr(GListModel) list = NULL;
  g_autoptr(WrAction) action = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *bad = NULL;
  WrActionFields fields = { .text = "Fix the broken call bell in bay 3", .owner = "Ward manager", .due = "2026-12-31" };
  WrActionFields bad_date = { .text = "Something", .due = "31/12/2026" };

  uuid = wr_store_add_action (fixture->store, wr_visit_get_uuid (visit), &fields, &error);
  g_assert_no_error (error);
  bad = wr_store_add_action (fixture->store, wr_visit_get_uuid (visit), &bad_date, &error);
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "YYYY-MM-DD"));
  g_clear_error (&error);

  /* Actions are followed up after the visit is completed. */
  g_assert_true (wr_store_complete_visit (fixture->store, wr_visit_get_uuid (visit), &error));
  g_assert_true (wr_store_set_action_status (fixture->store, uuid, WR_ACTION_DONE, &error));
  g_assert_no_error (error);
  /* Reassigned and re-dated too, each change in the audit log. */
  fields.owner = "Matron";
  fields.due = "2027-01-31";
  g_assert_true (wr_store_update_action (fixture->store, uuid, &fields, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->store,
                              "SELECT count (*) FROM audit_log WHERE entity = 'action' AND field = 'owner'"
                              " AND old_value = 'Ward manager' AND new_value = 'Matron'"), ==, 1);
  g_assert_cmpint (query_int (fixture->store,
                              "SELECT count (*) FROM audit_log WHERE entity = 'action' AND field = 'due'"
                              " AND old_value = '2026-12-31' AND new_value = '2027-01-31'"), ==, 1);
  /* The visit stays completed. */
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM visits WHERE status = 'completed'"), ==, 1);

  list = wr_store_list_actions (fixture->store, wr_visit_get_uuid (visit), &error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  action = g_list_model_get_item (list, 0);
  g_assert_cmpint (wr_action_get_status (action), ==, WR_ACTION_DONE);
  g_assert_cmpstr (wr_action_get_due (action), ==, "2027-01-31");
  g_assert_cmpstr (wr_action_get_owner (action), ==, "Matron");
  g_assert_cmpstr (wr_action_get_service_name (action), ==, "Ward 7");
  g_assert_cmpint (query_int (fixture->store,
                              "SELECT count (*) FROM audit_log WHERE entity = 'action' AND field = 'status'"
                              " AND old_value = 'open' AND new_value = 'done'"), ==, 1);
}

static void
test_attachments (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrVisit) visit = start_visit (fixture->store);
  g_autoptr(GBytes) photo = g_bytes_new_static ("\x89PNG\r\n\x1a\n fake photo", 20);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GBytes) empty_back = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *empty_uuid = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, photo);
  WrAttachment *attachment;

  uuid = wr_store_add_attachment (fixture->store, wr_visit_get_uuid (visit), "env-clean", "bay3.png",
                                  "image/png", photo, "Bay 3 from the door", &error);
  g_assert_no_error (error);
  empty_uuid = wr_store_add_attachment (fixture->store, wr_visit_get_uuid (visit), NULL, "empty.txt",
                                        "text/plain", empty, NULL, &error);
  g_assert_no_error (error);
  bad = wr_store_add_attachment (fixture->store, wr_visit_get_uuid (visit), NULL, "x", "not a type",
                                 photo, NULL, &error);
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID);
  g_clear_error (&error);

  list = wr_store_list_attachments (fixture->store, wr_visit_get_uuid (visit), &error);
  g_assert_cmpuint (list->len, ==, 2);
  attachment = g_ptr_array_index (list, 0);
  g_assert_cmpstr (attachment->sha256, ==, sha);
  g_assert_cmpint (attachment->size, ==, 20);
  g_assert_cmpstr (attachment->caption, ==, "Bay 3 from the door");

  back = wr_store_get_attachment_data (fixture->store, uuid, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, photo));
  empty_back = wr_store_get_attachment_data (fixture->store, empty_uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (empty_back), ==, 0);

  /* Damage to the stored bytes is noticed, not passed on. */
  g_assert_cmpint (sqlite3_exec (_wr_store_get_db (fixture->store),
                                 "UPDATE attachments SET data = zeroblob (20) WHERE file_name = 'bay3.png'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_pointer (&back, g_bytes_unref);
  back = wr_store_get_attachment_data (fixture->store, uuid, &error);
  g_assert_null (back);
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_DAMAGED);
}

/* A row's change number or position, by uuid. */
static gint64
row_field (WrStore    *store,
           const char *table,
           const char *field,
           const char *uuid)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE uuid = '%s'", field, table, uuid);

  return query_int (store, sql);
}

/* The uuids of @list (of WrRepeat or WrMember, both uuid first), joined
 * by spaces.
 */
static char *
uuids_of (GPtrArray *list)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_nonnull (list);
  for (guint i = 0; i < list->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? " " : "", *(char **) g_ptr_array_index (list, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
list_repeats (WrStore    *store,
              const char *visit_uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = wr_store_list_repeats (store, visit_uuid, &error);

  g_assert_no_error (error);
  return uuids_of (list);
}

static char *
list_members (WrStore    *store,
              const char *visit_uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = wr_store_list_members (store, visit_uuid, &error);

  g_assert_no_error (error);
  return uuids_of (list);
}

static gboolean
add_exported_repeat_cb (const WrExportRepeat  *row,
                        gpointer               user_data,
                        GError               **error)
{
  GString *out = user_data;

  g_string_append_printf (out, "%s%s", out->len > 0 ? " " : "", row->uuid);
  return TRUE;
}

static gboolean
add_exported_member_cb (const WrExportMember  *row,
                        gpointer               user_data,
                        GError               **error)
{
  GString *out = user_data;

  g_string_append_printf (out, "%s%s", out->len > 0 ? " " : "", row->uuid);
  return TRUE;
}

static gint64
visit_id_of (WrStore    *store,
             const char *visit_uuid)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  gint64 visit_id = 0;

  g_assert_true (_wr_store_find_visit (store, visit_uuid, &visit_id, &status, &error));
  g_assert_no_error (error);
  return visit_id;
}

/* The repeats (or members) as a pack carries them, in its order. */
static char *
export_rows (WrStore    *store,
             const char *visit_uuid,
             gboolean    members)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  gint64 visit_id = visit_id_of (store, visit_uuid);

  if (members)
    g_assert_true (_wr_store_export_members (store, visit_id, add_exported_member_cb, out, &error));
  else
    g_assert_true (_wr_store_export_repeats (store, visit_id, add_exported_repeat_cb, out, &error));
  g_assert_no_error (error);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A repeat (or, with no section, a member) written as an import writes
 * one: as another device added it, at a position this device may have
 * given one of its own too.
 */
static void
import_row (WrStore    *store,
            const char *visit_uuid,
            const char *section_id,
            const char *uuid,
            guint       position)
{
  g_autoptr(GError) error = NULL;
  gint64 visit_id = visit_id_of (store, visit_uuid);

  g_assert_true (_wr_store_begin (store, &error));
  g_assert_true (_wr_store_import_begin_texts (store, &error));
  if (section_id != NULL)
    g_assert_true (_wr_store_bulk_repeat (store, visit_id, section_id, uuid, position, "2026-06-01T10:00:00+01:00",
                                          &error));
  else
    g_assert_true (_wr_store_bulk_member (store, visit_id, uuid, uuid, "ned", position, &error));
  g_assert_true (_wr_store_import_index_texts (store, &error));
  g_assert_true (_wr_store_commit (store, &error));
  g_assert_no_error (error);
}

#define assert_order(actual_owned, ...) \
  G_STMT_START { \
    g_autofree char *actual_ = (actual_owned); \
    const char *parts_[] = { __VA_ARGS__, NULL }; \
    g_autofree char *expected_ = g_strjoinv (" ", (char **) parts_); \
    g_assert_cmpstr (actual_, ==, expected_); \
  } G_STMT_END

/* Adding, removing, bringing back and moving repeats: each changes the
 * repeat's own row, and no other's.
 */
static void
test_repeats (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrVisit) visit = start_visit (fixture->store);
  const char *uuid = wr_visit_get_uuid (visit);
  char *rooms[4];
  gint64 changes[4];

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *value = g_strdup_printf ("room %u", i);
      WrAnswerKey key = { .question_id = "room-name" };

      rooms[i] = wr_store_add_repeat (fixture->store, uuid, "rooms", &error);
      g_assert_no_error (error);
      g_assert_cmpint (row_field (fixture->store, "repeats", "position", rooms[i]), ==, i);
      key.repeat_uuid = rooms[i];
      g_assert_true (wr_store_set_answer (fixture->store, uuid, &key, value, TRUE, &error));
    }
  for (guint i = 0; i < 3; i++)
    changes[i] = row_field (fixture->store, "repeats", "change_number", rooms[i]);

  /* Removed, the first is gone from the list, with its answer kept; the
   * others' rows are as they were: the same positions, no change.
   */
  g_assert_true (wr_store_delete_repeat (fixture->store, uuid, rooms[0], TRUE, &error));
  g_assert_no_error (error);
  assert_order (list_repeats (fixture->store, uuid), rooms[1], rooms[2]);
  for (guint i = 1; i < 3; i++)
    {
      g_assert_cmpint (row_field (fixture->store, "repeats", "position", rooms[i]), ==, i);
      g_assert_cmpint (row_field (fixture->store, "repeats", "change_number", rooms[i]), ==, changes[i]);
    }
  g_assert_cmpint (row_field (fixture->store, "repeats", "change_number", rooms[0]), >, changes[2]);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM answers WHERE value = 'room 0'"), ==, 1);

  /* Undo brings it back where it was, and changes only it. */
  g_assert_true (wr_store_delete_repeat (fixture->store, uuid, rooms[0], FALSE, &error));
  g_assert_no_error (error);
  assert_order (list_repeats (fixture->store, uuid), rooms[0], rooms[1], rooms[2]);
  g_assert_cmpint (row_field (fixture->store, "repeats", "position", rooms[0]), ==, 0);
  for (guint i = 1; i < 3; i++)
    g_assert_cmpint (row_field (fixture->store, "repeats", "change_number", rooms[i]), ==, changes[i]);

  /* A new one goes after every position the section has had here, a
   * removed repeat's included, so that Undo never finds its place taken.
   */
  g_assert_true (wr_store_delete_repeat (fixture->store, uuid, rooms[2], TRUE, &error));
  rooms[3] = wr_store_add_repeat (fixture->store, uuid, "rooms", &error);
  g_assert_no_error (error);
  g_assert_cmpint (row_field (fixture->store, "repeats", "position", rooms[3]), ==, 3);
  g_assert_true (wr_store_delete_repeat (fixture->store, uuid, rooms[2], FALSE, &error));
  g_assert_no_error (error);
  assert_order (list_repeats (fixture->store, uuid), rooms[0], rooms[1], rooms[2], rooms[3]);
  for (guint i = 0; i < 4; i++)
    changes[i] = row_field (fixture->store, "repeats", "change_number", rooms[i]);

  /* Moved last, it takes the next position; moved to where there is a
   * gap, the middle of the gap. Only the moved repeat changes.
   */
  g_assert_true (wr_store_move_repeat (fixture->store, uuid, rooms[0], 3, &error));
  g_assert_no_error (error);
  assert_order (list_repeats (fixture->store, uuid), rooms[1], rooms[2], rooms[3], rooms[0]);
  g_assert_cmpint (row_field (fixture->store, "repeats", "position", rooms[0]), ==, 4);
  g_assert_true (wr_store_move_repeat (fixture->store, uuid, rooms[3], 0, &error));
  g_assert_no_error (error);
  assert_order (list_repeats (fixture->store, uuid), rooms[3], rooms[1], rooms[2], rooms[0]);
  g_assert_cmpint (row_field (fixture->store, "repeats", "position", rooms[3]), ==, 0);
  for (guint i = 1; i < 3; i++)
    {
      g_assert_cmpint (row_field (fixture->store, "repeats", "position", rooms[i]), ==, i);
      g_assert_cmpint (row_field (fixture->store, "repeats", "change_number", rooms[i]), ==, changes[i]);
    }

  g_assert_false (wr_store_move_repeat (fixture->store, uuid, "no-such-repeat", 0, &error));
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_NOT_FOUND);

  for (guint i = 0; i < 4; i++)
    g_free (rooms[i]);
}

#define UUID_A "00000000-0000-4000-8000-00000000000a"
#define UUID_B "00000000-0000-4000-8000-00000000000b"
#define UUID_C "00000000-0000-4000-8000-00000000000c"
#define UUID_E "00000000-0000-4000-8000-00000000000e"

/* Two devices each added a repeat at position 1: once merged, both are
 * there, and every device lists and exports them by uuid, not in the order
 * its database happened to store them. Moving one gives it a position
 * between its new neighbours', and moves others only when they leave no
 * room.
 */
static void
test_repeats_same_position (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrVisit) visit = start_visit (fixture->store);
  const char *uuid = wr_visit_get_uuid (visit);
  g_autofree char *added = NULL;
  gint64 change_e;

  import_row (fixture->store, uuid, "rooms", UUID_B, 1);
  import_row (fixture->store, uuid, "rooms", UUID_A, 1);
  import_row (fixture->store, uuid, "rooms", UUID_C, 0);
  import_row (fixture->store, uuid, "rooms", UUID_E, 5);
  assert_order (list_repeats (fixture->store, uuid), UUID_C, UUID_A, UUID_B, UUID_E);
  assert_order (export_rows (fixture->store, uuid, FALSE), UUID_C, UUID_A, UUID_B, UUID_E);
  change_e = row_field (fixture->store, "repeats", "change_number", UUID_E);

  /* B first: position 0 sorts it ahead of C by uuid. */
  g_assert_true (wr_store_move_repeat (fixture->store, uuid, UUID_B, 0, &error));
  g_assert_no_error (error);
  assert_order (list_repeats (fixture->store, uuid), UUID_B, UUID_C, UUID_A, UUID_E);
  g_assert_cmpint (row_field (fixture->store, "repeats", "position", UUID_B), ==, 0);
  g_assert_cmpint (row_field (fixture->store, "repeats", "change_number", UUID_C), ==, 0);
  g_assert_cmpint (row_field (fixture->store, "repeats", "change_number", UUID_A), ==, 0);

  /* C ahead of B cannot share B's 0: those after it make way, as far as
   * the first that is already behind (E, at 5).
   */
  g_assert_true (wr_store_move_repeat (fixture->store, uuid, UUID_C, 0, &error));
  g_assert_no_error (error);
  assert_order (list_repeats (fixture->store, uuid), UUID_C, UUID_B, UUID_A, UUID_E);
  g_assert_cmpint (row_field (fixture->store, "repeats", "position", UUID_C), ==, 0);
  g_assert_cmpint (row_field (fixture->store, "repeats", "position", UUID_B), ==, 1);
  g_assert_cmpint (row_field (fixture->store, "repeats", "position", UUID_A), ==, 2);
  g_assert_cmpint (row_field (fixture->store, "repeats", "position", UUID_E), ==, 5);
  g_assert_cmpint (row_field (fixture->store, "repeats", "change_number", UUID_E), ==, change_e);

  /* A between C (0) and B (1) shares B's 1, sorting ahead of it. */
  g_assert_true (wr_store_move_repeat (fixture->store, uuid, UUID_A, 1, &error));
  g_assert_no_error (error);
  assert_order (list_repeats (fixture->store, uuid), UUID_C, UUID_A, UUID_B, UUID_E);
  g_assert_cmpint (row_field (fixture->store, "repeats", "position", UUID_A), ==, 1);
  g_assert_cmpint (row_field (fixture->store, "repeats", "position", UUID_B), ==, 1);

  /* Last: the next position. Back between B (1) and E (5): the middle. */
  g_assert_true (wr_store_move_repeat (fixture->store, uuid, UUID_C, 3, &error));
  g_assert_no_error (error);
  assert_order (list_repeats (fixture->store, uuid), UUID_A, UUID_B, UUID_E, UUID_C);
  g_assert_cmpint (row_field (fixture->store, "repeats", "position", UUID_C), ==, 6);
  g_assert_true (wr_store_move_repeat (fixture->store, uuid, UUID_C, 2, &error));
  g_assert_no_error (error);
  assert_order (list_repeats (fixture->store, uuid), UUID_A, UUID_B, UUID_C, UUID_E);
  g_assert_cmpint (row_field (fixture->store, "repeats", "position", UUID_C), ==, 3);
  g_assert_cmpint (row_field (fixture->store, "repeats", "change_number", UUID_E), ==, change_e);
  assert_order (export_rows (fixture->store, uuid, FALSE), UUID_A, UUID_B, UUID_C, UUID_E);

  /* Removing A and bringing it back: the same order. */
  g_assert_true (wr_store_delete_repeat (fixture->store, uuid, UUID_A, TRUE, &error));
  g_assert_no_error (error);
  assert_order (list_repeats (fixture->store, uuid), UUID_B, UUID_C, UUID_E);
  g_assert_true (wr_store_delete_repeat (fixture->store, uuid, UUID_A, FALSE, &error));
  g_assert_no_error (error);
  assert_order (list_repeats (fixture->store, uuid), UUID_A, UUID_B, UUID_C, UUID_E);

  /* With E (5) removed, a new one still goes after it: 6, not 4. */
  g_assert_true (wr_store_delete_repeat (fixture->store, uuid, UUID_E, TRUE, &error));
  g_assert_no_error (error);
  added = wr_store_add_repeat (fixture->store, uuid, "rooms", &error);
  g_assert_no_error (error);
  g_assert_cmpint (row_field (fixture->store, "repeats", "position", added), ==, 6);
  assert_order (list_repeats (fixture->store, uuid), UUID_A, UUID_B, UUID_C, added);
}

/* Members as repeats: by position then uuid; removing one changes no
 * other, and a new one goes after every position the team has had.
 */
static void
test_members_same_position (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrVisit) visit = start_visit (fixture->store);
  const char *uuid = wr_visit_get_uuid (visit);
  g_autofree char *kim = NULL;
  g_autofree char *lee = NULL;
  gint64 change_a;
  gint64 change_b;

  import_row (fixture->store, uuid, NULL, UUID_B, 0);
  import_row (fixture->store, uuid, NULL, UUID_A, 0);
  assert_order (list_members (fixture->store, uuid), UUID_A, UUID_B);
  assert_order (export_rows (fixture->store, uuid, TRUE), UUID_A, UUID_B);

  kim = wr_store_add_member (fixture->store, uuid, "Kim", "carer", &error);
  g_assert_no_error (error);
  g_assert_cmpint (row_field (fixture->store, "team_members", "position", kim), ==, 1);
  change_a = row_field (fixture->store, "team_members", "change_number", UUID_A);
  change_b = row_field (fixture->store, "team_members", "change_number", UUID_B);

  g_assert_true (wr_store_remove_member (fixture->store, uuid, kim, &error));
  g_assert_no_error (error);
  g_assert_true (wr_store_remove_member (fixture->store, uuid, UUID_A, &error));
  g_assert_no_error (error);
  assert_order (list_members (fixture->store, uuid), UUID_B);
  g_assert_cmpint (row_field (fixture->store, "team_members", "position", UUID_B), ==, 0);
  g_assert_cmpint (row_field (fixture->store, "team_members", "change_number", UUID_B), ==, change_b);
  g_assert_cmpint (row_field (fixture->store, "team_members", "change_number", UUID_A), >, change_a);

  lee = wr_store_add_member (fixture->store, uuid, "Lee", "ned", &error);
  g_assert_no_error (error);
  g_assert_cmpint (row_field (fixture->store, "team_members", "position", lee), ==, 2);
  assert_order (list_members (fixture->store, uuid), UUID_B, lee);
  assert_order (export_rows (fixture->store, uuid, TRUE), UUID_B, lee);
}

static void
changed_cb (WrStore    *store,
            const char *entity,
            const char *visit_uuid,
            GString    *log)
{
  g_string_append_printf (log, "%s:%s;", entity, visit_uuid[0] ? "visit" : "none");
}

/* The visits list's count of required answers: kept without touching the
 * visit's modified time or audit log, announced only when it changed, and
 * kept for a completed visit too.
 */
static void
test_visit_progress (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(WrVisit) visit = start_visit (fixture->store);
  g_autoptr(WrVisit) counted = NULL;
  g_autoptr(WrVisit) completed = NULL;
  const char *modified;
  const char *uuid = wr_visit_get_uuid (visit);
  WrAnswerKey key = { .question_id = "env-clean" };
  gint64 n_audited;
  guint answered, required;
  gulong handler;

  g_assert_false (wr_visit_get_progress (visit, &answered, &required));
  g_assert_cmpuint (answered, ==, 0);
  g_assert_cmpuint (required, ==, 0);
  g_assert_true (wr_store_set_answer (fixture->store, uuid, &key, "yes", FALSE, &error));
  g_assert_true (wr_store_complete_visit (fixture->store, uuid, &error));
  g_assert_no_error (error);
  n_audited = query_int (fixture->store, "SELECT count (*) FROM audit_log");
  completed = wr_store_get_visit (fixture->store, uuid, &error);
  modified = wr_visit_get_modified (completed);

  handler = g_signal_connect (fixture->store, "changed", G_CALLBACK (changed_cb), log);
  g_assert_true (wr_store_set_visit_progress (fixture->store, uuid, 1, 4, &error));
  g_assert_true (wr_store_set_visit_progress (fixture->store, uuid, 1, 4, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (log->str, ==, "visit:visit;");
  g_signal_handler_disconnect (fixture->store, handler);

  counted = wr_store_get_visit (fixture->store, uuid, &error);
  g_assert_true (wr_visit_get_progress (counted, &answered, &required));
  g_assert_cmpuint (answered, ==, 1);
  g_assert_cmpuint (required, ==, 4);
  g_assert_cmpuint (wr_visit_get_n_answered (counted), ==, 1);
  g_assert_cmpstr (wr_visit_get_modified (counted), ==, modified);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM audit_log"), ==, n_audited);
  g_clear_object (&counted);

  /* Nothing required: the list shows how many answers there are. */
  g_assert_true (wr_store_set_visit_progress (fixture->store, uuid, 0, 0, &error));
  counted = wr_store_get_visit (fixture->store, uuid, &error);
  g_assert_true (wr_visit_get_progress (counted, &answered, &required));
  g_assert_cmpuint (required, ==, 0);
  g_assert_cmpuint (wr_visit_get_n_answered (counted), ==, 1);
}

/* A second connection for a worker thread: same device and user, and its
 * long read does not stop the first from saving (WAL).
 */
static void
test_open_another (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) other = NULL;
  g_autoptr(WrVisit) visit = start_visit (fixture->store);
  g_autoptr(WrVisit) seen = NULL;
  WrAnswerKey key = { .question_id = "env-clean" };

  other = wr_store_open_another (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wr_store_get_device_id (other), ==, wr_store_get_device_id (fixture->store));
  g_assert_cmpstr (wr_store_get_user (other), ==, wr_store_get_user (fixture->store));
  g_assert_cmpint (query_int (other, "PRAGMA user_version"), ==, query_int (fixture->store, "PRAGMA user_version"));

  g_assert_cmpint (sqlite3_exec (_wr_store_get_db (other), "BEGIN; SELECT count (*) FROM visits;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (wr_store_set_answer (fixture->store, wr_visit_get_uuid (visit), &key, "yes", FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (_wr_store_get_db (other), "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);

  seen = wr_store_get_visit (other, wr_visit_get_uuid (visit), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wr_visit_get_n_answered (seen), ==, 1);

  /* A change made through the other is announced through the first when
   * asked, for lists to reload.
   */
  {
    g_autoptr(GString) log = g_string_new (NULL);
    gulong handler = g_signal_connect (fixture->store, "changed", G_CALLBACK (changed_cb), log);

    g_assert_true (wr_store_set_answer (other, wr_visit_get_uuid (visit), &key, "no", FALSE, &error));
    g_assert_cmpstr (log->str, ==, "");
    wr_store_announce_changes_elsewhere (fixture->store);
    g_assert_cmpstr (log->str, ==, "service:none;visit:none;");
    g_signal_handler_disconnect (fixture->store, handler);
  }
}

static void
test_changed_signal (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(WrVisit) visit = NULL;
  WrAnswerKey key = { .question_id = "q1" };
  gulong handler;

  handler = g_signal_connect (fixture->store, "changed", G_CALLBACK (changed_cb), log);
  visit = start_visit (fixture->store);
  g_assert_cmpstr (log->str, ==, "service:none;visit:visit;");

  /* Once per committed change; nothing for a change that was refused. */
  g_string_truncate (log, 0);
  g_assert_true (wr_store_set_answer (fixture->store, wr_visit_get_uuid (visit), &key, "yes", FALSE, &error));
  g_assert_true (wr_store_set_answer (fixture->store, wr_visit_get_uuid (visit), &key, "yes", FALSE, &error));
  g_assert_true (wr_store_complete_visit (fixture->store, wr_visit_get_uuid (visit), &error));
  g_assert_false (wr_store_set_answer (fixture->store, wr_visit_get_uuid (visit), &key, "no", FALSE, &error));
  g_clear_error (&error);
  g_assert_cmpstr (log->str, ==, "answer:visit;visit:visit;");
  g_signal_handler_disconnect (fixture->store, handler);
}

static void
test_previous_visit (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrService) ward = add_service (fixture->store, "Ward 7");
  g_autoptr(WrService) clinic = add_service (fixture->store, "Clinic");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  const char *dates[] = { "2026-01-10", "2026-03-05", "2026-02-01" };
  gint64 services[] = { wr_service_get_id (ward), wr_service_get_id (ward), wr_service_get_id (clinic) };
  char *uuids[3] = { NULL, };
  g_autoptr(WrVisit) found = NULL;
  g_autoptr(WrVisit) none = NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *iso = g_strconcat (dates[i], "T10:00:00Z", NULL);
      g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (iso, NULL);
      g_autoptr(WrVisit) visit = NULL;
      WrVisitFields fields = { "ned-visit", "ned-visit", 1, FORM_SHA, services[i], when };

      visit = wr_store_create_visit (fixture->store, &fields, &error);
      g_assert_no_error (error);
      uuids[i] = g_strdup (wr_visit_get_uuid (visit));
    }

  /* The last visit to the same service before it, not another service's. */
  found = wr_store_find_previous_visit (fixture->store, uuids[1], &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpstr (wr_visit_get_uuid (found), ==, uuids[0]);
  none = wr_store_find_previous_visit (fixture->store, uuids[0], &error);
  g_assert_no_error (error);
  g_assert_null (none);

  for (guint i = 0; i < 3; i++)
    g_free (uuids[i]);
}

static void
test_batch (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(WrVisit) first = NULL;
  g_autoptr(WrVisit) second = NULL;
  g_autoptr(WrVisit) dropped = NULL;
  WrAnswerKey key = { .question_id = "q1" };
  gulong handler;

  handler = g_signal_connect (fixture->store, "changed", G_CALLBACK (changed_cb), log);

  g_assert_true (wr_store_begin_batch (fixture->store, &error));
  first = start_visit (fixture->store);
  g_assert_true (wr_store_set_answer (fixture->store, wr_visit_get_uuid (first), &key, "yes", FALSE, &error));
  /* One change fails; it alone is undone, and the batch goes on. */
  g_assert_false (wr_store_set_answer (fixture->store, "no-such-visit", &key, "yes", FALSE, &error));
  g_assert_error (error, WR_STORE_ERROR, WR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  second = start_visit (fixture->store);
  g_assert_cmpstr (log->str, ==, "");
  g_assert_true (wr_store_commit_batch (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM visits"), ==, 2);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM answers"), ==, 1);
  g_assert_nonnull (strstr (log->str, "answer:visit;"));

  /* An aborted batch leaves nothing. */
  g_assert_true (wr_store_begin_batch (fixture->store, &error));
  dropped = start_visit (fixture->store);
  wr_store_abort_batch (fixture->store);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM visits"), ==, 2);
  g_signal_handler_disconnect (fixture->store, handler);
}

/* A database made by the first schema opens with every later one: its
 * migrations keep every row, and a backup is kept before they run.
 */
/* The change number a visit's row last took, and the visit's clock for
 * this device.
 */
static gint64
row_change (WrStore    *store,
            const char *table,
            const char *where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT change_number || ' ' || %s FROM %s WHERE %s",
                                          g_str_equal (table, "visits") ? "change_device" : "device_id",
                                          table, where);
  g_autofree char *text = query_text (store, sql);
  g_autofree char *expected_tail = g_strconcat (" ", wr_store_get_device_id (store), NULL);

  /* Every change here is this device's. */
  g_assert_true (g_str_has_suffix (text, expected_tail));
  return g_ascii_strtoll (text, NULL, 10);
}

static gint64
clock_of (WrStore *store)
{
  g_autofree char *sql = g_strdup_printf ("SELECT counter FROM visit_clocks WHERE device_id = '%s'",
                                          wr_store_get_device_id (store));

  return query_int (store, sql);
}

/* Each change to a visit takes this device's next number in the visit's
 * clock, once a transaction, and every row it writes records it: what
 * merging row by row needs. Nothing is numbered for a save that changes
 * nothing. A removed team member is kept, marked deleted.
 */
static void
test_changes_numbered (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrVisit) visit = start_visit (fixture->store);
  const char *uuid = wr_visit_get_uuid (visit);
  WrAnswerKey key = { "env-clean", NULL, NULL };
  WrObservationFields observation = { .text = "Clean bays", .kind = "good-practice" };
  WrActionFields action = { .text = "Share the cleaning rota" };
  g_autofree char *member = NULL;
  g_autofree char *observation_uuid = NULL;
  g_autofree char *action_uuid = NULL;
  g_autofree char *repeat = NULL;
  g_autofree char *modified = NULL;
  g_autoptr(GPtrArray) members = NULL;

  g_assert_cmpint (clock_of (fixture->store), ==, 1);
  g_assert_cmpint (row_change (fixture->store, "visits", "1"), ==, 1);

  g_assert_true (wr_store_set_answer (fixture->store, uuid, &key, "yes", FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (clock_of (fixture->store), ==, 2);
  g_assert_cmpint (row_change (fixture->store, "answers", "question_id = 'env-clean'"), ==, 2);

  /* The same answer again changes nothing, and takes no number. */
  g_assert_true (wr_store_set_answer (fixture->store, uuid, &key, "yes", FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (clock_of (fixture->store), ==, 2);

  g_assert_true (wr_store_set_answer_comment (fixture->store, uuid, &key, "Spotless", &error));
  g_assert_no_error (error);
  g_assert_cmpint (row_change (fixture->store, "answers", "question_id = 'env-clean'"), ==, 3);

  member = wr_store_add_member (fixture->store, uuid, "Sam Lee", "ned", &error);
  g_assert_no_error (error);
  g_assert_cmpint (row_change (fixture->store, "team_members", "1"), ==, 4);
  observation_uuid = wr_store_add_observation (fixture->store, uuid, &observation, &error);
  g_assert_no_error (error);
  g_assert_cmpint (row_change (fixture->store, "observations", "1"), ==, 5);
  g_assert_true (wr_store_delete_observation (fixture->store, observation_uuid, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (row_change (fixture->store, "observations", "1"), ==, 6);
  action_uuid = wr_store_add_action (fixture->store, uuid, &action, &error);
  g_assert_no_error (error);
  g_assert_cmpint (row_change (fixture->store, "actions", "1"), ==, 7);
  repeat = wr_store_add_repeat (fixture->store, uuid, "conversations", &error);
  g_assert_no_error (error);
  g_assert_cmpint (row_change (fixture->store, "repeats", "1"), ==, 8);

  g_assert_true (wr_store_remove_member (fixture->store, uuid, member, &error));
  g_assert_no_error (error);
  g_assert_cmpint (row_change (fixture->store, "team_members", "deleted IS NOT NULL"), ==, 9);
  members = wr_store_list_members (fixture->store, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 0);

  g_assert_true (wr_store_complete_visit (fixture->store, uuid, &error));
  g_assert_no_error (error);
  g_assert_cmpint (row_change (fixture->store, "visits", "1"), ==, 10);

  /* Following up an action on the completed visit is a change to the
   * action, numbered, though the visit is not marked modified.
   */
  modified = query_text (fixture->store, "SELECT modified FROM visits");
  g_assert_true (wr_store_set_action_status (fixture->store, action_uuid, WR_ACTION_DONE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (row_change (fixture->store, "actions", "1"), ==, 11);
  g_assert_cmpint (clock_of (fixture->store), ==, 11);
  {
    g_autofree char *after = query_text (fixture->store, "SELECT modified FROM visits");

    g_assert_cmpstr (after, ==, modified);
  }
  g_assert_cmpint (row_change (fixture->store, "visits", "1"), ==, 10);
}

static void
test_migrate_from_schema_1 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = NULL;
  g_autoptr(WrVisit) visit = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GListModel) observations = NULL;
  g_autoptr(WrObservation) observation = NULL;
  g_autoptr(GListModel) actions = NULL;
  g_autoptr(GBytes) photo = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *sql_path = g_test_build_filename (G_TEST_DIST, "data", "store", "schema-1.sql", NULL);
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "walkround.db", NULL);
  const char *visit_uuid = "d17ad112-8b94-4666-b81e-78b6a7780e24";
  sqlite3 *db;

  g_assert_true (g_file_get_contents (sql_path, &sql, NULL, NULL));
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = wr_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (store, "PRAGMA user_version"), ==, _wr_store_schema_get_latest_version ());
  if (_wr_store_schema_get_latest_version () > 1)
    {
      g_assert_nonnull (wr_store_get_backup_path (store));
      g_assert_true (g_file_test (wr_store_get_backup_path (store), G_FILE_TEST_IS_REGULAR));
    }
  g_assert_cmpstr (wr_store_get_device_id (store), ==, "d64729a3-0cda-4fbc-b2eb-d7995d48ee81");

  visit = wr_store_get_visit (store, visit_uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (wr_visit_get_status (visit), ==, WR_VISIT_COMPLETED);
  g_assert_cmpstr (wr_visit_get_started (visit), ==, "2026-06-15T10:30:00+01:00");
  g_assert_cmpstr (wr_visit_get_service_name (visit), ==, "Ward 7");
  g_assert_cmpstr (wr_visit_get_team (visit), ==, "Sam Carer");

  members = wr_store_list_members (store, visit_uuid, &error);
  g_assert_cmpuint (members->len, ==, 1);
  answers = wr_store_list_answers (store, visit_uuid, &error);
  g_assert_cmpuint (answers->len, ==, 2);
  observations = wr_store_list_observations (store, visit_uuid, &error);
  g_assert_cmpuint (g_list_model_get_n_items (observations), ==, 1);
  observation = g_list_model_get_item (observations, 0);
  g_assert_cmpstr (wr_observation_get_themes (observation)[0], ==, "welcoming");
  actions = wr_store_list_actions (store, visit_uuid, &error);
  g_assert_cmpuint (g_list_model_get_n_items (actions), ==, 1);
  photo = wr_store_get_attachment_data (store, "9ea7bf88-577b-444c-8dae-61d18392767d", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (photo), ==, 11);

  g_assert_cmpint (query_int (store, "SELECT count (*) FROM text_index WHERE text_index MATCH 'gel'"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM text_index WHERE text_index MATCH 'hello'"), ==, 1);
  /* Schema 2 keeps only answers with words in the search index. */
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM text_index"), ==, 2);
  /* Schema 4 lists through an index for each order. */
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM sqlite_schema WHERE type = 'index' AND name IN"
                                     " ('visits_list_by_date', 'visits_list_by_service', 'visits_list_by_kind',"
                                     "  'visits_list_by_status', 'visits_deleted', 'actions_list_by_due',"
                                     "  'actions_list_by_created')"), ==, 7);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM sqlite_schema WHERE name IN ('visits_list', 'actions_list')"), ==, 0);
  /* Schema 5: an entry's row id is its visit's id × 2³² plus 2 × the
   * observation's id, or 2 × the answer's id + 1; removing a row still
   * removes its entry.
   */
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM text_index WHERE rowid IN"
                                     " ((1 << 32) | 2, (1 << 32) | 5)"), ==, 2);
  g_assert_cmpint (query_int (store, "SELECT rowid >> 32 FROM text_index WHERE text_index MATCH 'gel'"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM sqlite_schema WHERE name LIKE 'text_index_4%'"), ==, 0);
  /* An older file keeps its page size. */
  g_assert_cmpint (query_int (store, "PRAGMA page_size"), ==, 4096);
  /* Schema 9 says the same checks another way. */
  assert_list_checks (store);
  {
    g_autofree char *integrity = query_text (store, "PRAGMA integrity_check");

    g_assert_cmpstr (integrity, ==, "ok");
  }
  g_assert_cmpint (sqlite3_exec (_wr_store_get_db (store), "DELETE FROM observations WHERE id = 1",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM text_index WHERE text_index MATCH 'gel'"), ==, 0);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM text_index"), ==, 1);
  /* Schema 6: a visit from before has no progress count until it is
   * opened; the list shows its answers instead.
   */
  g_assert_false (wr_visit_get_progress (visit, NULL, NULL));
  g_assert_cmpuint (wr_visit_get_n_answered (visit), ==, 2);
  /* Schema 7 keeps evidence packs' conflicting visits; there are none yet. */
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM conflicts"), ==, 0);
  /* Schema 8 remembers the contents packs brought; none yet. */
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM seen_digests"), ==, 0);
  /* Schema 12: actions outside repeats. */
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM actions WHERE repeat_uuid = ''"), ==, 1);
  /* Schema 13: rows from before histories are change 0 of the device that
   * wrote them, which the visit's clock names at 0; the team member is
   * the visit's creator's.
   */
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM visit_clocks"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM visit_clocks WHERE counter = 0"
                                     " AND device_id = 'd64729a3-0cda-4fbc-b2eb-d7995d48ee81'"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM visits WHERE change_number = 0"
                                     " AND change_device = device_id"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM team_members m JOIN visits v ON v.id = m.visit_id"
                                     " WHERE m.device_id = v.device_id AND m.modified = v.modified"
                                     " AND m.change_number = 0 AND m.deleted IS NULL"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM answers WHERE change_number <> 0"), ==, 0);

  /* The backup is the database as it was, schema 1. */
  {
    sqlite3 *backup;
    g_autoptr(sqlite3_stmt) stmt = NULL;

    g_assert_cmpint (sqlite3_open_v2 (wr_store_get_backup_path (store), &backup, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (backup, "SELECT (SELECT user_version FROM pragma_user_version),"
                                                 " (SELECT count (*) FROM answers)", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
    g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 2);
    g_clear_pointer (&stmt, sqlite3_finalize);
    sqlite3_close (backup);
  }
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM audit_log WHERE who = 'Quality Lead'"), >, 5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/walkround/store/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("open-creates-private-file", test_open_creates_private_file);
  g_test_add_func ("/walkround/store/damaged-file-kept", test_damaged_file_kept);
  g_test_add_func ("/walkround/store/too-new-refused", test_too_new_refused);
  g_test_add_func ("/walkround/store/not-a-file", test_not_a_file);
  g_test_add_func ("/walkround/store/migrate-from-schema-1", test_migrate_from_schema_1);
  g_test_add ("/walkround/store/changes-numbered", Fixture, NULL, fixture_set_up, test_changes_numbered,
              fixture_tear_down);
  ADD ("services", test_services);
  ADD ("visit-lifecycle", test_visit_lifecycle);
  ADD ("visit-progress", test_visit_progress);
  ADD ("open-another", test_open_another);
  ADD ("visit-refused", test_visit_refused);
  ADD ("visit-start-date", test_visit_start_date);
  ADD ("answers", test_answers);
  ADD ("members", test_members);
  ADD ("my-member", test_my_member);
  ADD ("delete-and-restore", test_delete_and_restore);
  ADD ("audit-log-append-only", test_audit_log_append_only);
  ADD ("observations", test_observations);
  ADD ("actions", test_actions);
  ADD ("attachments", test_attachments);
  ADD ("changed-signal", test_changed_signal);
  ADD ("repeats", test_repeats);
  ADD ("repeats-same-position", test_repeats_same_position);
  ADD ("members-same-position", test_members_same_position);
  ADD ("batch", test_batch);
  ADD ("previous-visit", test_previous_visit);

#undef ADD

  return g_test_run ();
}
