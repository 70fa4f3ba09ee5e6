/* wr-cli-private.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "wr-cli.h"

G_BEGIN_DECLS

/* One function per subcommand; larger ones live in their own wr-cli-NAME.c. */
int _wr_cli_help          (int argc, char **argv);
int _wr_cli_version       (int argc, char **argv);
int _wr_cli_forms         (int argc, char **argv);
int _wr_cli_validate_form (int argc, char **argv);
int _wr_cli_check         (int argc, char **argv);
int _wr_cli_demo          (int argc, char **argv);
int _wr_cli_export        (int argc, char **argv);
int _wr_cli_import        (int argc, char **argv);
int _wr_cli_devices       (int argc, char **argv);
int _wr_cli_import_services (int argc, char **argv);
int _wr_cli_report        (int argc, char **argv);
int _wr_cli_settings      (int argc, char **argv);
int _wr_cli_conflicts     (int argc, char **argv);
int _wr_cli_summary       (int argc, char **argv);
int _wr_cli_evidence      (int argc, char **argv);
int _wr_cli_answer        (int argc, char **argv);
int _wr_cli_server        (int argc, char **argv);
int _wr_cli_sync          (int argc, char **argv);
int _wr_cli_team_key      (int argc, char **argv);

void _wr_cli_printerr (const char *format,
                       ...) G_GNUC_PRINTF (1, 2);
void _wr_cli_append_escaped (GString    *out,
                             const char *format,
                             ...) G_GNUC_PRINTF (2, 3);

/* Long work, run by _wr_cli_run_job() in a worker thread (wr-cli-job.c). */
typedef gboolean (*WrCliJobFunc)         (gpointer       data,
                                          GCancellable  *cancellable,
                                          GError       **error);
/* How far it has got, as a line for a terminal, or NULL. */
typedef char    *(*WrCliJobProgressFunc) (gpointer       data);

int _wr_cli_run_job (WrCliJobFunc          func,
                     WrCliJobProgressFunc  progress,
                     gpointer              data,
                     const char           *stopped,
                     const char           *failed);

G_END_DECLS
