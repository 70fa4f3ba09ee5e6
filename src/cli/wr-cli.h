/* wr-cli.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses shared by every subcommand. */
typedef enum
{
  WR_CLI_EXIT_OK    = 0,
  WR_CLI_EXIT_FAIL  = 1,
  WR_CLI_EXIT_USAGE = 2,
} WrCliExit;

/* A subcommand receives its own name as argv[0] and the words after it. */
typedef int (*WrCliFunc) (int    argc,
                          char **argv);

typedef struct
{
  const char *name;
  const char *synopsis;  /* the arguments, shown after the name in help */
  const char *summary;   /* marked with N_ and translated when shown */
  WrCliFunc   run;
} WrCliCommand;

const WrCliCommand *wr_cli_lookup        (const char *name);
int                 wr_cli_print_help    (const char *command_name);
int                 wr_cli_print_version (void);

G_END_DECLS
