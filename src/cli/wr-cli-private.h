/* wr-cli-private.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

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
int _wr_cli_report        (int argc, char **argv);

void _wr_cli_printerr (const char *format,
                       ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
