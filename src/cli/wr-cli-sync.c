/* wr-cli-sync.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-cli-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "wr-cli-private.h"

#ifdef HAVE_LIBPQ
#include "wr-form-library.h"
#include "wr-store.h"
#include "wr-sync.h"

typedef struct
{
  WrSync       *sync;
  WrSyncCounts  counts;
} Run;

static gboolean
sync_cb (gpointer       data,
         GCancellable  *cancellable,
         GError       **error)
{
  Run *run = data;

  return wr_sync_run (run->sync, cancellable, &run->counts, error);
}

static char *
progress_cb (gpointer data)
{
  Run *run = data;
  gboolean receiving = FALSE;
  guint done = 0;
  guint total = 0;

  wr_sync_get_progress (run->sync, &receiving, &done, &total);
  if (total == 0)
    return NULL;
  if (receiving)
    /* Translators: how far "walkround sync" has got */
    return g_strdup_printf (_("received %u of %u visits"), done, total);
  return g_strdup_printf (_("sending: %u of %u changed visits"), done, total);
}
#endif

/* walkround sync [--server URI [--save]] */
int
_wr_cli_sync (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *server = NULL;
  gboolean save = FALSE;
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server,
      N_("The organisation store’s libpq connection URI, instead of the one saved"), N_("URI") },
    { "save", 0, 0, G_OPTION_ARG_NONE, &save,
      N_("Keep --server as this data folder’s organisation store"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("Syncs this data folder with the organisation store: receives and merges the\n"
                                  "visits other devices sent that this one has not had, by the rules packs merge\n"
                                  "by, then sends the visits changed here that the store has not had. Prints\n"
                                  "“sent N, received N, conflicts N” first. A sync cut at any point keeps what it\n"
                                  "received, and the next one goes on from there.\n"
                                  "\n"
                                  "The store is the one saved with --server URI --save (or in Preferences),\n"
                                  "or --server URI for this sync only. Passwords come from ~/.pgpass or\n"
                                  "PGPASSWORD; over the network the server’s certificate is checked\n"
                                  "(sslmode=verify-full). A device sends only once the quality team trusts it\n"
                                  "(“walkround server trust-device”).\n"
                                  "\n"
                                  "Exits 0 on success, 1 if the store could not be reached or refused, and 2 if\n"
                                  "the command line is wrong."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_USAGE;
    }
  if (argc != 1)
    {
      _wr_cli_printerr (_("sync takes no arguments; see “walkround sync --help”"));
      return WR_CLI_EXIT_USAGE;
    }
  if (save && server == NULL)
    {
      _wr_cli_printerr (_("--save needs --server URI"));
      return WR_CLI_EXIT_USAGE;
    }

#ifdef HAVE_LIBPQ
  {
    g_autoptr(WrStore) store = NULL;
    g_autoptr(WrFormLibrary) library = NULL;
    g_autoptr(WrSync) sync = NULL;
    g_autofree char *uri = NULL;
    Run run = { NULL, { 0 } };
    int status;

    if (!(store = wr_store_open_default (&error)))
      {
        _wr_cli_printerr ("%s", error->message);
        return WR_CLI_EXIT_FAIL;
      }
    wr_store_set_user (store, g_get_real_name ());

    if (server != NULL)
      uri = g_strdup (server);
    else if (!(uri = wr_sync_get_saved_server (store, &error)))
      {
        _wr_cli_printerr ("%s", error->message);
        return WR_CLI_EXIT_FAIL;
      }
    if (uri[0] == '\0')
      {
        _wr_cli_printerr (_("No organisation store is saved for this data folder: run "
                            "“walkround sync --server URI --save” once"));
        return WR_CLI_EXIT_USAGE;
      }
    if (save && !wr_sync_save_server (store, uri, &error))
      {
        _wr_cli_printerr ("%s", error->message);
        return WR_CLI_EXIT_FAIL;
      }

    library = wr_form_library_new_default (NULL);
    sync = wr_sync_new (store, library, uri);
    run.sync = sync;
    status = _wr_cli_run_job (sync_cb, progress_cb, &run, _("Stopped; what was received is kept"),
                              _("what was received until then is kept; sync again to go on"));

    /* Translators: the first line of "walkround sync", whatever happened */
    printf (_("sent %u, received %u, conflicts %u\n"), run.counts.n_sent, run.counts.n_received,
            run.counts.n_conflicts);
    if (run.counts.n_not_allowed > 0)
      printf (g_dngettext (GETTEXT_PACKAGE,
                           "%u visit was not sent: another user’s, whose team you are not on\n",
                           "%u visits were not sent: another user’s, whose team you are not on\n",
                           run.counts.n_not_allowed), run.counts.n_not_allowed);
    if (run.counts.n_refused > 0)
      printf (g_dngettext (GETTEXT_PACKAGE,
                           "%u visit received was refused (a revoked device’s, or changed after it was signed)\n",
                           "%u visits received were refused (a revoked device’s, or changed after they were signed)\n",
                           run.counts.n_refused), run.counts.n_refused);
    fflush (stdout);
    if (status == WR_CLI_EXIT_OK && run.counts.n_conflicts > 0)
      _wr_cli_printerr (_("what two devices changed apart is kept beside yours; choose a side for each in the window "
                          "or with “walkround conflicts”"));
    return status;
  }
#else
  _wr_cli_printerr (_("this Walkround was built without the organisation store (libpq)"));
  return WR_CLI_EXIT_FAIL;
#endif
}
