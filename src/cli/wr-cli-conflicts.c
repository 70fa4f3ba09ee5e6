/* wr-cli-conflicts.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-cli-conflicts"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "wr-cli-private.h"
#include "wr-pack-reader.h"
#include "wr-row-conflict.h"
#include "wr-store.h"

/* walkround conflicts [list] [--visit UUID]
 * walkround conflicts keep-ours ID
 * walkround conflicts use-theirs ID [--version N]
 *
 * What merging packs kept because two devices changed it apart, and the
 * user's choice, headless. A row in conflict (a visit merged row by row)
 * has the id "r" and a number; a whole visit in conflict (a pack from
 * before histories, at the same revision with other content) "v" and a
 * number. "ours" is the version shown now, the one exports carry;
 * "theirs" the other, or with several, the one --version names. A
 * completed visit that devices changed without having seen its completion
 * has the id "c" and a number: "ours" completes it again as it now is,
 * "theirs" reopens it. A team member or a repeat removed while devices
 * that had not seen the removal recorded inside it has the id "d" and a
 * number: "ours" keeps it removed, "theirs" brings it back.
 */

static int
list (WrStore    *store,
      const char *visit_uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = wr_pack_list_row_conflicts (store, visit_uuid, &error);
  g_autoptr(GPtrArray) visits = NULL;
  g_autoptr(GPtrArray) completions = NULL;
  g_autoptr(GPtrArray) removals = NULL;

  if (rows == NULL || !(visits = wr_pack_list_conflicts (store, &error)) ||
      !(completions = wr_store_list_completion_conflicts (store, visit_uuid, &error)) ||
      !(removals = wr_store_list_deletion_conflicts (store, visit_uuid, &error)))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }

  for (guint i = 0; i < visits->len; i++)
    {
      const WrPackConflict *conflict = g_ptr_array_index (visits, i);

      if (visit_uuid != NULL && !g_str_equal (visit_uuid, conflict->visit_uuid))
        continue;
      /* Translators: a whole visit in conflict; the id, the visit, its revision, the pack */
      printf (_("v%" G_GINT64_FORMAT "\tvisit %s\twhole visit, revision %u, from %s\n"), conflict->id,
              conflict->visit_uuid, conflict->revision, conflict->source);
    }

  for (guint i = 0; i < completions->len; i++)
    {
      const WrCompletionConflict *conflict = g_ptr_array_index (completions, i);

      /* Translators: a completed visit changed elsewhere; the id, the visit, the device, how many rows */
      printf (ngettext ("c%" G_GINT64_FORMAT "\tvisit %s\tcompleted by device %s without %u change made elsewhere\n",
                        "c%" G_GINT64_FORMAT "\tvisit %s\tcompleted by device %s without %u changes made elsewhere\n",
                        conflict->rows->len),
              conflict->id, conflict->visit_uuid, conflict->completed_by, conflict->rows->len);
      for (guint j = 0; j < conflict->rows->len; j++)
        printf ("\t%s\n", (const char *) g_ptr_array_index (conflict->rows, j));
    }

  for (guint i = 0; i < removals->len; i++)
    {
      const WrDeletionConflict *conflict = g_ptr_array_index (removals, i);

      if (g_str_equal (conflict->row, "member"))
        /* Translators: a team member removed while others recorded for them; the id, the visit, the member's
         * uuid, the device that removed them, how many rows
         */
        printf (ngettext ("d%" G_GINT64_FORMAT "\tvisit %s\tmember %s removed by device %s without %u change made "
                          "elsewhere\n",
                          "d%" G_GINT64_FORMAT "\tvisit %s\tmember %s removed by device %s without %u changes made "
                          "elsewhere\n",
                          conflict->rows->len),
                conflict->id, conflict->visit_uuid, conflict->uuid, conflict->deleted_by, conflict->rows->len);
      else
        /* Translators: a repeat removed while others recorded in it; the id, the visit, the repeat's uuid, the
         * device that removed it, how many rows
         */
        printf (ngettext ("d%" G_GINT64_FORMAT "\tvisit %s\trepeat %s removed by device %s without %u change made "
                          "elsewhere\n",
                          "d%" G_GINT64_FORMAT "\tvisit %s\trepeat %s removed by device %s without %u changes made "
                          "elsewhere\n",
                          conflict->rows->len),
                conflict->id, conflict->visit_uuid, conflict->uuid, conflict->deleted_by, conflict->rows->len);
      for (guint j = 0; j < conflict->rows->len; j++)
        printf ("\t%s\n", (const char *) g_ptr_array_index (conflict->rows, j));
    }

  for (guint i = 0; i < rows->len; i++)
    {
      const WrPackRowConflict *conflict = g_ptr_array_index (rows, i);

      printf ("r%" G_GINT64_FORMAT "\tvisit %s\t%s\n", conflict->id, conflict->visit_uuid, conflict->key);
      for (guint j = 0; j < conflict->versions->len; j++)
        {
          const WrPackRowVersion *version = g_ptr_array_index (conflict->versions, j);
          g_autofree char *what = wr_pack_row_version_describe (version);
          g_autofree char *origin = wr_row_version_describe_origin (store, conflict->visit_uuid, version);

          /* Who wrote it and when, in people's words, goes last, after a
           * tab: what scripts read before it stays as it was.
           */
          if (j == 0)
            /* Translators: the version of a row in conflict that is shown; the device, its change, what it
             * holds, and who wrote it when ("Priya Jones (device 3f2a1b2c…) · 7 Dec 2026, 09:30")
             */
            printf (_("\tshown (ours)\tdevice %s, change %" G_GUINT64_FORMAT ": %s\tby %s\n"), version->device,
                    version->change, what, origin);
          else
            /* Translators: another version of a row in conflict; its number, the device, its change, what it
             * holds, and who wrote it when
             */
            printf (_("\t%u (theirs)\tdevice %s, change %" G_GUINT64_FORMAT ": %s\tby %s\n"), j, version->device,
                    version->change, what, origin);
        }
    }

  if (rows->len == 0 && visits->len == 0 && completions->len == 0 && removals->len == 0)
    _wr_cli_printerr (_("no conflicts"));

  return WR_CLI_EXIT_OK;
}

/* Reopens the completed visit of completion conflict @id. */
static gboolean
reopen (WrStore  *store,
        gint64    id,
        GError  **error)
{
  g_autoptr(GPtrArray) conflicts = wr_store_list_completion_conflicts (store, NULL, error);

  if (conflicts == NULL)
    return FALSE;
  for (guint i = 0; i < conflicts->len; i++)
    {
      const WrCompletionConflict *conflict = g_ptr_array_index (conflicts, i);

      if (conflict->id == id)
        return wr_store_reopen_visit (store, conflict->visit_uuid, error);
    }
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("There is no completed visit changed elsewhere with the id c%" G_GINT64_FORMAT
                 "; it may have been resolved already"),
               id);
  return FALSE;
}

static gboolean
parse_id (const char *text,
          char       *kind,
          gint64     *id)
{
  guint64 number;

  if (text == NULL || (text[0] != 'r' && text[0] != 'v' && text[0] != 'c' && text[0] != 'd') ||
      !g_ascii_string_to_unsigned (text + 1, 10, 1, G_MAXINT64, &number, NULL))
    return FALSE;
  *kind = text[0];
  *id = (gint64) number;
  return TRUE;
}

int
_wr_cli_conflicts (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = NULL;
  g_autofree char *visit_uuid = NULL;
  const char *action;
  int version = 0;
  gboolean ours;
  gboolean ok;
  char kind = 0;
  gint64 id = 0;
  GOptionEntry entries[] = {
    { "visit", 0, 0, G_OPTION_ARG_STRING, &visit_uuid, N_("list: only this visit’s conflicts"), N_("UUID") },
    { "version", 0, 0, G_OPTION_ARG_INT, &version, N_("use-theirs: which of several other versions to keep, from 1"), N_("N") },
    { NULL }
  };

  context = g_option_context_new (N_("[list | keep-ours ID | use-theirs ID]"));
  g_option_context_set_summary (context, _("Lists what merging evidence packs kept because two devices changed "
                                           "it apart, and resolves it. A row in conflict (an answer, an "
                                           "observation, a team member…) has an id like r12; a whole visit "
                                           "from an older pack an id like v3. Each version of a row says what it "
                                           "holds, then who wrote it (the team member recording on that device, "
                                           "or the device) and when. “keep-ours” keeps the version "
                                           "shown now, the one exports carry; “use-theirs” keeps the other "
                                           "(--version N among several). Either is saved as a change of this "
                                           "device, which replaces every version on each device its packs "
                                           "reach. A completed visit that other devices changed without having "
                                           "seen its completion has an id like c7: “keep-ours” completes it "
                                           "again as it now is, “use-theirs” reopens it. A team member or a "
                                           "repeat removed while other devices, not knowing, recorded inside "
                                           "it has an id like d4: “keep-ours” keeps it removed, “use-theirs” "
                                           "brings it back with what was recorded. Exits 0 on success, 1 "
                                           "if it could not be done and 2 if the command line is wrong."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_USAGE;
    }

  action = argc > 1 ? argv[1] : "list";
  if (g_str_equal (action, "list") ? argc > 2 : argc != 3)
    {
      _wr_cli_printerr (_("see “walkround conflicts --help”"));
      return WR_CLI_EXIT_USAGE;
    }
  if (!g_str_equal (action, "list") && !g_str_equal (action, "keep-ours") && !g_str_equal (action, "use-theirs"))
    {
      _wr_cli_printerr (_("“%s” is not list, keep-ours or use-theirs"), action);
      return WR_CLI_EXIT_USAGE;
    }
  if (!g_str_equal (action, "list") && !parse_id (argv[2], &kind, &id))
    {
      _wr_cli_printerr (_("“%s” is not a conflict’s id, such as r12, v3, c7 or d4; “walkround conflicts list” shows them"),
                        argv[2]);
      return WR_CLI_EXIT_USAGE;
    }
  if (version < 0 || (version > 0 && !g_str_equal (action, "use-theirs")))
    {
      _wr_cli_printerr (_("--version goes with use-theirs, and counts from 1"));
      return WR_CLI_EXIT_USAGE;
    }

  if (!(store = wr_store_open_default (&error)))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }
  wr_store_set_user (store, g_get_real_name ());

  if (g_str_equal (action, "list"))
    return list (store, visit_uuid);

  ours = g_str_equal (action, "keep-ours");
  if ((kind == 'c' || kind == 'd') && version > 1)
    ok = FALSE;
  else if (kind == 'd')
    ok = wr_store_resolve_deletion (store, id, !ours, &error);
  else if (kind == 'c')
    ok = ours ? wr_store_complete_again (store, id, &error) : reopen (store, id, &error);
  else if (kind == 'v')
    ok = version <= 1 && wr_pack_resolve_conflict (store, id, ours ? WR_PACK_SIDE_OURS : WR_PACK_SIDE_THEIRS, &error);
  else
    ok = wr_pack_resolve_row_conflict (store, id, ours ? 0 : (guint) MAX (version, 1), &error);
  if (!ok)
    {
      if (error == NULL)
        g_set_error_literal (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                             kind == 'c'   ? _("a completed visit changed elsewhere is completed again or reopened")
                             : kind == 'd' ? _("a removal in conflict is kept or undone")
                                           : _("a whole visit in conflict has one other version"));
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }

  /* Translators: a conflict resolved from the command line; its id */
  if (kind == 'c')
    printf (ours ? _("%s: completed again\n") : _("%s: reopened\n"), argv[2]);
  else if (kind == 'd')
    printf (ours ? _("%s: kept removed\n") : _("%s: brought back\n"), argv[2]);
  else
    printf (ours ? _("%s: kept ours\n") : _("%s: kept theirs\n"), argv[2]);
  return WR_CLI_EXIT_OK;
}
