/* wr-cli-import.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-cli-import"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "wr-cli-private.h"
#include "wr-pack-collect.h"
#include "wr-pack-reader.h"

typedef struct
{
  WrPackReader       *reader;
  const char         *path;
  WrPackImportCounts *counts;
} Import;

static gboolean
import_cb (gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  Import *import = data;

  return wr_pack_reader_import_file (import->reader, import->path, cancellable, import->counts, error);
}

static char *
progress_cb (gpointer data)
{
  Import *import = data;
  guint n_visits = 0;
  guint64 done = 0;
  guint64 total = 0;

  wr_pack_reader_get_progress (import->reader, &n_visits, &done, &total);
  if (total == 0)
    return NULL;

  /* Translators: how far "walkround import" has got: visits read, and how much of the pack */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u visit read (%u%%)", "%u visits read (%u%%)", n_visits),
                          n_visits, (guint) (100 * done / total));
}

/* Several packs, such as a team's: one after another, each in its own
 * transaction (wr-pack-collect.c).
 */
typedef struct
{
  WrPackReader        *reader;
  const char * const  *paths;
  guint                n_paths;
  guint                n_done;
  GPtrArray           *results;
} Collect;

static gboolean
collect_cb (gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  Collect *collect = data;

  return wr_pack_collect (collect->reader, collect->paths, cancellable, &collect->n_done, collect->results, error);
}

static char *
collect_progress_cb (gpointer data)
{
  Collect *collect = data;
  guint n_done = (guint) g_atomic_int_get ((gint *) &collect->n_done);
  guint n_visits = 0;
  guint64 done = 0;
  guint64 total = 0;

  wr_pack_reader_get_progress (collect->reader, &n_visits, &done, &total);
  if (total == 0 || n_done >= collect->n_paths)
    return NULL;

  /* Translators: how far "walkround import A B C" has got: which pack, and how much of it */
  return g_strdup_printf (_("pack %u of %u: %u%%"), n_done + 1, collect->n_paths, (guint) (100 * done / total));
}

static void
print_counts (const char               *prefix,
              const WrPackImportCounts *counts)
{
  if (prefix != NULL)
    printf ("%s: ", prefix);
  /* Translators: the result of "walkround import"; keep the four counts in this order */
  printf (_("%u new, %u updated, %u unchanged, %u conflicts\n"),
          counts->n_new, counts->n_updated, counts->n_unchanged, counts->n_conflicts);
  if (counts->n_rows_added + counts->n_rows_updated + counts->n_row_conflicts > 0)
    {
      if (prefix != NULL)
        printf ("%s: ", prefix);
      /* Translators: a second line of "walkround import": what merging visits row by row did */
      printf (_("rows merged: %u added, %u updated, %u in conflict\n"),
              counts->n_rows_added, counts->n_rows_updated, counts->n_row_conflicts);
    }
  /* In order with the refusals on standard error, on a terminal. */
  fflush (stdout);
}

/* The forms a pack added, or would add, after its counts: each for the
 * pack's visits only, since new visits keep the forms they used.
 */
static void
print_forms (const char *prefix,
             GPtrArray  *forms)
{
  for (guint i = 0; forms != NULL && i < forms->len; i++)
    {
      WrForm *form = g_ptr_array_index (forms, i);

      if (prefix != NULL)
        printf ("%s: ", prefix);
      /* Translators: a line of "walkround import" for each form a pack brings: id, version, title */
      printf (_("new form: %s version %u, “%s”, for the visits in this pack only\n"),
              wr_form_get_id (form), wr_form_get_version (form), wr_form_get_title (form));
    }
  fflush (stdout);
}

static void
print_forms_hint (guint n_forms)
{
  if (n_forms == 0)
    return;
  /* Translators: after the forms "walkround import" lists; keep “walkround forms use ID VERSION” as it is */
  printf ("%s\n", g_dngettext (GETTEXT_PACKAGE,
                               "new visits keep the forms they used; “walkround forms use ID VERSION” makes "
                               "this one the default",
                               "new visits keep the forms they used; “walkround forms use ID VERSION” makes "
                               "one of these the default",
                               n_forms));
  fflush (stdout);
}

/* Who signed the pack, and what that means here: in a dry run, what
 * importing it would need; after an import, a device it trusted. A
 * sealed pack says which key here opened it first.
 */
static void
print_signer (const char    *prefix,
              gboolean       is_signed,
              const char    *fingerprint,
              const char    *device,
              WrDeviceTrust  trust,
              gboolean       expected,
              const char    *opened_by,
              gboolean       dry_run,
              gboolean       trust_new_device,
              gboolean       allow_unsigned)
{
  if (device == NULL || device[0] == '\0')
    device = "?";

  if (opened_by != NULL && dry_run)
    {
      if (prefix != NULL)
        printf ("%s: ", prefix);
      /* Translators: "walkround import --dry-run" of a sealed pack: the key here that opens it */
      printf (_("sealed; opened with the key %s\n"), opened_by);
    }

  if (!is_signed)
    {
      if (dry_run && prefix != NULL)
        printf ("%s: ", prefix);
      if (dry_run && !allow_unsigned)
        /* Translators: "walkround import --dry-run" of a pack without a signature */
        printf (_("the pack is not signed: importing it needs --allow-unsigned\n"));
      else if (dry_run)
        printf (_("the pack is not signed\n"));
      fflush (stdout);
      return;
    }

  if (!dry_run && trust != WR_DEVICE_TRUST_UNKNOWN && !expected)
    return;
  if (prefix != NULL)
    printf ("%s: ", prefix);
  if (trust == WR_DEVICE_TRUST_REVOKED)
    /* Translators: "walkround import --dry-run" of a pack from a revoked device */
    printf (_("signed by device %s, key %s, revoked here: the pack is refused\n"), device, fingerprint);
  else if (expected && dry_run)
    /* Translators: "walkround import --dry-run" of the first pack of a key trusted by its fingerprint */
    printf (_("signed by device %s, key %s, trusted here by its fingerprint before its first pack\n"), device,
            fingerprint);
  else if (expected)
    /* Translators: after "walkround import" of the first pack of a key trusted by its fingerprint */
    printf (_("trusted device %s, key %s, by the fingerprint trusted before: its key is recorded\n"), device,
            fingerprint);
  else if (trust == WR_DEVICE_TRUST_UNKNOWN && dry_run && !trust_new_device)
    /* Translators: "walkround import --dry-run" of a pack from a device this database does not know */
    printf (_("signed by device %s, unknown here, with the key %s: check this fingerprint with the device’s owner; "
              "--trust-new-device would trust it and import what is said above\n"),
            device, fingerprint);
  else if (trust == WR_DEVICE_TRUST_UNKNOWN && dry_run)
    printf (_("signed by device %s, unknown here, with the key %s, which the import would trust\n"), device, fingerprint);
  else if (trust == WR_DEVICE_TRUST_UNKNOWN)
    /* Translators: after "walkround import --trust-new-device" */
    printf (_("trusted device %s, key %s, which signed the pack\n"), device, fingerprint);
  else
    printf (_("signed by device %s, key %s, trusted here\n"), device, fingerprint);
  fflush (stdout);
}

static void
print_reader_signer (WrPackReader *reader,
                     gboolean      dry_run,
                     gboolean      trust_new_device,
                     gboolean      allow_unsigned)
{
  const char *fingerprint = NULL;
  const char *device = NULL;
  WrDeviceTrust trust = WR_DEVICE_TRUST_UNKNOWN;
  gboolean is_signed = wr_pack_reader_get_signer (reader, &fingerprint, &device, &trust);

  print_signer (NULL, is_signed, fingerprint, device, trust, wr_pack_reader_get_signer_expected (reader),
                wr_pack_reader_get_opened_by (reader), dry_run, trust_new_device, allow_unsigned);
}

static int
import_several (WrPackReader        *reader,
                const char * const  *paths,
                gboolean             dry_run,
                gboolean             trust_new_device,
                gboolean             allow_unsigned)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) wr_pack_collected_free);
  WrPackImportCounts total;
  guint n_refused = 0;
  guint n_forms = 0;
  Collect collect = { reader, paths, g_strv_length ((char **) paths), 0, results };
  int status;

  status = _wr_cli_run_job (collect_cb, collect_progress_cb, &collect,
                            _("Stopped; the pack being read was not imported, nor those after it"), NULL);

  /* Each pack handled, imported or refused, then the total. */
  for (guint i = 0; i < results->len; i++)
    {
      const WrPackCollected *collected = g_ptr_array_index (results, i);

      if (collected->error == NULL)
        {
          print_counts (collected->path, &collected->counts);
          print_signer (collected->path, collected->signer_fingerprint != NULL, collected->signer_fingerprint,
                        collected->signer_device, collected->signer_trust, collected->signer_expected,
                        collected->opened_by, dry_run, trust_new_device, allow_unsigned);
          print_forms (collected->path, collected->forms);
          n_forms += collected->forms != NULL ? collected->forms->len : 0;
        }
      else
        {
          _wr_cli_printerr ("%s", collected->error->message);
          _wr_cli_printerr (_("%s: refused; nothing of it was imported"), collected->path);
          /* A revoked device's pack: who signed it, in the dry run's lines. */
          if (dry_run && collected->signer_fingerprint != NULL && collected->signer_trust == WR_DEVICE_TRUST_REVOKED)
            print_signer (collected->path, TRUE, collected->signer_fingerprint, collected->signer_device,
                          collected->signer_trust, FALSE, NULL, dry_run, trust_new_device, allow_unsigned);
        }
    }
  if (status != WR_CLI_EXIT_OK)
    return status;

  wr_pack_collect_sum (results, &total, NULL, &n_refused);
  /* Translators: the start of the last line of "walkround import A B C", before the counts */
  print_counts (_("total"), &total);
  print_forms_hint (n_forms);
  if (dry_run)
    _wr_cli_printerr (_("a dry run: nothing was changed"));
  else if (total.n_conflicts > 0)
    _wr_cli_printerr (_("visits in conflict are kept beside yours; choose a side for each in the window"));

  return n_refused > 0 ? WR_CLI_EXIT_FAIL : WR_CLI_EXIT_OK;
}

/* walkround import FILE... [--dry-run]. Each pack is one transaction:
 * Ctrl+C rolls back the one being read and leaves the database as it was
 * before it, as does a process killed half-way.
 */
int
_wr_cli_import (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = NULL;
  g_autoptr(WrFormLibrary) library = NULL;
  g_autoptr(WrPackReader) reader = NULL;
  WrPackImportCounts counts = { 0 };
  GPtrArray *new_forms;
  Import import;
  int status;
  gboolean dry_run = FALSE;
  gboolean trust_new_device = FALSE;
  gboolean allow_unsigned = FALSE;
  GOptionEntry entries[] = {
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run, N_("Say what the import would do, and change nothing"), NULL },
    { "trust-new-device", 0, 0, G_OPTION_ARG_NONE, &trust_new_device,
      N_("Trust the device that signed the pack if this database does not know it yet (check its fingerprint first)"),
      NULL },
    { "allow-unsigned", 0, 0, G_OPTION_ARG_NONE, &allow_unsigned,
      N_("Import packs without a signature (from Walkround before packs were signed)"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("FILE..."));
  g_option_context_set_summary (context, _("Imports the visits of an evidence pack, with the forms and services they "
                                           "need. Visits are merged by uuid and revision: a newer revision replaces "
                                           "ours, and the same revision with other content is kept beside ours as a "
                                           "conflict for you to resolve. A form that a pack brings is installed for "
                                           "its visits only: new visits keep the forms they used, and the forms "
                                           "added are listed after the counts (“walkround forms use ID VERSION” "
                                           "makes one the default). A pack that is invalid or was changed after "
                                           "it was written changes nothing. Every pack is signed by the device that "
                                           "wrote it: a pack from a device this database does not trust is refused "
                                           "(--dry-run shows its fingerprint; --trust-new-device trusts it), one "
                                           "from a revoked device always, and one without a signature unless "
                                           "--allow-unsigned. Several packs, such as those a team's "
                                           "members wrote on their own devices, are imported one after another, "
                                           "each on its own: a refused one changes nothing and the others are "
                                           "still imported; a line for each, then the total. Exits 0 when every "
                                           "pack was imported, 1 if any was refused and 2 if the command line is "
                                           "wrong."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, TRUE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_USAGE;
    }
  if (argc < 2)
    {
      _wr_cli_printerr (_("import takes one or more evidence pack files; see “walkround import --help”"));
      return WR_CLI_EXIT_USAGE;
    }

  library = wr_form_library_new_default (NULL);
  if (!(store = wr_store_open_default (&error)))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }
  wr_store_set_user (store, g_get_real_name ());

  reader = wr_pack_reader_new (store, library);
  wr_pack_reader_set_dry_run (reader, dry_run);
  wr_pack_reader_set_trust_new_device (reader, trust_new_device);
  wr_pack_reader_set_allow_unsigned (reader, allow_unsigned);
  if (argc > 2)
    {
      g_autoptr(GPtrArray) paths = g_ptr_array_new ();

      for (int i = 1; i < argc; i++)
        g_ptr_array_add (paths, argv[i]);
      g_ptr_array_add (paths, NULL);
      return import_several (reader, (const char * const *) paths->pdata, dry_run, trust_new_device, allow_unsigned);
    }

  import.reader = reader;
  import.path = argv[1];
  import.counts = &counts;
  if ((status = _wr_cli_run_job (import_cb, progress_cb, &import, _("Stopped; nothing was imported"),
                                 _("nothing was imported"))) != 0)
    {
      const char *fingerprint = NULL;
      const char *device = NULL;
      WrDeviceTrust trust = WR_DEVICE_TRUST_UNKNOWN;

      /* A revoked device's pack: who signed it, as a dry run says. */
      if (dry_run && status == WR_CLI_EXIT_FAIL && wr_pack_reader_get_signer (reader, &fingerprint, &device, &trust) &&
          trust == WR_DEVICE_TRUST_REVOKED)
        print_signer (NULL, TRUE, fingerprint, device, trust, FALSE, NULL, dry_run, trust_new_device, allow_unsigned);
      return status;
    }

  print_counts (NULL, &counts);
  print_reader_signer (reader, dry_run, trust_new_device, allow_unsigned);
  new_forms = wr_pack_reader_get_new_forms (reader);
  print_forms (NULL, new_forms);
  print_forms_hint (new_forms != NULL ? new_forms->len : 0);
  if (dry_run)
    _wr_cli_printerr (_("a dry run: nothing was changed"));
  else if (counts.n_conflicts > 0)
    _wr_cli_printerr (_("what two devices changed apart is kept beside yours; choose a side for each in the window "
                        "or with “walkround conflicts”"));

  return WR_CLI_EXIT_OK;
}
