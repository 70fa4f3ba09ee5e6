/* wr-core-test-utils.c: helpers for the tests without a display.
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <string.h>

/* Test support only: the code itself leaves the system to wr-platform.c. */
#ifdef G_OS_WIN32
# include <windows.h>
/* What a killed child exits with: 128 + SIGKILL, as a shell reports it. */
# define KILLED_EXIT_CODE 137
#else
# include <signal.h>
# include <sys/wait.h>
#endif

#include "wr-core-test-utils.h"
#include "wr-device-key.h"
#include "wr-store-private.h"

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
  WrForm *form = wr_form_library_lookup_default (library, form_id);
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

/**
 * wr_test_add_repeats:
 * @store: the database
 * @visit_uuid: a draft visit
 * @section_id: a repeatable section of its form
 * @n: how many repeats to add
 * @answer_ids: (nullable): yes-no-na questions of the section to answer
 *   "yes" in every other repeat, from the first
 *
 * Adds the repeats in one transaction, as the demo does: a visit with a
 * thousand repeats is made in a moment, not a thousand synced writes.
 */
void
wr_test_add_repeats (WrStore            *store,
                     const char         *visit_uuid,
                     const char         *section_id,
                     guint               n,
                     const char * const *answer_ids)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *now = _wr_store_now ();
  gint64 visit_id = 0;
  guint first = 0;
  g_autoptr(GPtrArray) existing = wr_store_list_repeats (store, visit_uuid, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < existing->len; i++)
    first += g_str_equal (((WrRepeat *) g_ptr_array_index (existing, i))->section_id, section_id);

  g_assert_true (_wr_store_begin (store, &error));
  g_assert_true (_wr_store_begin_visit_change (store, visit_uuid, now, &visit_id, &error));
  for (guint r = 0; r < n; r++)
    {
      g_autofree char *uuid = g_uuid_string_random ();

      g_assert_true (_wr_store_bulk_repeat (store, visit_id, section_id, uuid, first + r, now, &error));
      for (guint q = 0; answer_ids != NULL && answer_ids[q] != NULL && r % 2 == 0; q++)
        {
          WrAnswerKey key = { answer_ids[q], "", uuid };

          g_assert_true (_wr_store_bulk_answer (store, visit_id, &key, "yes", NULL, FALSE, now, "test", &error));
        }
    }
  g_assert_true (_wr_store_commit (store, &error));
  g_assert_no_error (error);
}

/* The exit code in a wait status from g_spawn_sync(), on Linux and on
 * Windows alike (where the status is the code itself); a process killed
 * by a signal fails the test.
 */
int
wr_test_exit_status (int wait_status)
{
  g_autoptr(GError) error = NULL;

  if (g_spawn_check_wait_status (wait_status, &error))
    return 0;
  g_assert_true (error->domain == G_SPAWN_EXIT_ERROR);
  return error->code;
}

/* Kills @pid at once, as a power cut would stop it (SIGKILL on Linux,
 * TerminateProcess on Windows), and waits for it. The caller still
 * closes @pid.
 *
 * Returns: whether the kill ended it, rather than its own exit before
 */
gboolean
wr_test_kill (GPid pid)
{
#ifdef G_OS_WIN32
  DWORD code = 0;

  TerminateProcess (pid, KILLED_EXIT_CODE);  /* fails if it has exited */
  g_assert_cmpuint (WaitForSingleObject (pid, INFINITE), ==, WAIT_OBJECT_0);
  g_assert_true (GetExitCodeProcess (pid, &code));
  return code == KILLED_EXIT_CODE;
#else
  int status = 0;

  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  return WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL;
#endif
}

void
wr_test_run_clear (WrTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

/**
 * wr_test_run_walkround:
 * @run: where to put what the command did
 * @data_dir: the data folder it works on
 * @first_arg: the command and its arguments, %NULL-terminated
 *
 * Runs $WALKROUND_BIN as a person would at a terminal with no display, in
 * C.UTF-8, and waits for it.
 */
void
wr_test_run_walkround (WrTestRun  *run,
                       const char *data_dir,
                       const char *first_arg,
                       ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  const char *bin = g_getenv ("WALKROUND_BIN");
  const char *arg;
  int wait_status;
  va_list args;

  g_assert_nonnull (bin);

  g_ptr_array_add (argv, (gpointer) bin);
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, (gpointer) data_dir);
  va_start (args, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  run->status = wr_test_exit_status (wait_status);
}

/**
 * wr_test_trust_store:
 * @importer: the database that imports
 * @exporter: the database whose packs it imports
 *
 * Trusts @exporter's signing key in @importer, as the quality team does
 * with a key file (`walkround devices trust`), so that @importer imports
 * @exporter's packs.
 */
void
wr_test_trust_store (WrStore *importer,
                     WrStore *exporter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrDeviceKey) key = NULL;
  g_autoptr(WrDevice) device = NULL;
  g_autofree char *path = NULL;
  int fd;

  key = wr_device_key_get (exporter, &error);
  g_assert_no_error (error);
  fd = g_file_open_tmp ("walkround-key-XXXXXX", &path, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);
  wr_device_key_export (key, path, &error);
  g_assert_no_error (error);
  device = wr_device_trust_key_file (importer, path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (device->fingerprint, ==, wr_device_key_get_fingerprint (key));
  g_unlink (path);
}

/**
 * wr_test_trust_dir:
 * @importer_dir: the data folder of the database that imports
 * @exporter_dir: the data folder of the database whose packs it imports
 *
 * wr_test_trust_store() through the command line: `walkround devices
 * export-key` in one, `walkround devices trust` in the other.
 */
void
wr_test_trust_dir (const char *importer_dir,
                   const char *exporter_dir)
{
  g_auto(WrTestRun) exported = { 0, };
  g_auto(WrTestRun) trusted = { 0, };
  g_autofree char *path = g_build_filename (importer_dir, "trusted.key", NULL);

  g_mkdir_with_parents (importer_dir, 0700);
  wr_test_run_walkround (&exported, exporter_dir, "devices", "export-key", path, NULL);
  g_assert_cmpint (exported.status, ==, 0);
  wr_test_run_walkround (&trusted, importer_dir, "devices", "trust", path, NULL);
  g_assert_cmpint (trusted.status, ==, 0);
  g_assert_true (strstr (trusted.out, "Trusted device") != NULL || strstr (trusted.out, "own key") != NULL);
  g_unlink (path);
}

/**
 * wr_test_assert_valid:
 * @text: an XML document
 * @schema: the file name of a schema in data/schema
 * @scratch_dir: a folder to write @text in
 *
 * Checks @text against @schema with xmllint ($XMLLINT), a validator
 * apart from the code that wrote it; does nothing without xmllint.
 */
void
wr_test_assert_valid (const char *text,
                      const char *schema,
                      const char *scratch_dir)
{
  const char *xmllint = g_getenv ("XMLLINT");
  g_autofree char *schema_path = g_test_build_filename (G_TEST_DIST, "..", "data", "schema", schema, NULL);
  g_autofree char *path = g_build_filename (scratch_dir, "checked.xml", NULL);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { xmllint, "--noout", "--nonet", "--schema", schema_path, path, NULL };
  int status;

  if (xmllint == NULL || xmllint[0] == '\0')
    return;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (wr_test_exit_status (status) != 0)
    g_error ("xmllint refused the document against %s: %s", schema, err);
  g_assert_cmpint (g_unlink (path), ==, 0);
}

/**
 * wr_test_assert_reference_digests:
 * @path: an evidence pack
 *
 * Fails unless build-aux/pack-digest.py, which shares no code with
 * Walkround, finds every visit's stated digest right.
 */
void
wr_test_assert_reference_digests (const char *path)
{
  g_autofree char *python = g_find_program_in_path ("python3");
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "..", "build-aux", "pack-digest.py", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { python, script, path, NULL };
  int status;

  if (python == NULL)
    {
      g_test_message ("python3 is not installed: %s not checked with pack-digest.py", path);
      return;
    }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("pack-digest.py disagrees with %s: %s%s", path, out, err);
}

/* The comment of @question's answer outside any repeat or member, or
 * NULL if it has none.
 */
char *
wr_test_answer_comment (WrStore    *store,
                        const char *visit,
                        const char *question)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) answers = wr_store_list_answers (store, visit, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < answers->len; i++)
    {
      WrAnswer *answer = g_ptr_array_index (answers, i);

      if (g_str_equal (answer->question_id, question) && (answer->member_uuid == NULL || answer->member_uuid[0] == '\0') &&
          (answer->repeat_uuid == NULL || answer->repeat_uuid[0] == '\0'))
        return g_strdup (answer->comment);
    }
  return NULL;
}

void
wr_test_set_answer_comment (WrStore    *store,
                            const char *visit,
                            const char *question,
                            const char *comment)
{
  g_autoptr(GError) error = NULL;
  WrAnswerKey key = { question, NULL, NULL };

  g_assert_true (wr_store_set_answer_comment (store, visit, &key, comment, &error));
  g_assert_no_error (error);
}
