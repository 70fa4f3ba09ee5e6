/* wr-cli-answer.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-cli-answer"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "wr-cli-private.h"
#include "wr-form-library.h"
#include "wr-visit-session.h"

/* The member --member names, by uuid or by name in any case. A name two
 * members share is refused with their uuids, to choose from.
 */
static const char *
find_member (WrVisitSession  *session,
             const char      *wanted,
             GError         **error)
{
  GPtrArray *members = wr_visit_session_get_members (session);
  g_autofree char *folded = g_utf8_casefold (wanted, -1);
  g_autoptr(GString) uuids = g_string_new (NULL);
  const char *found = NULL;
  guint n_found = 0;

  for (guint i = 0; i < members->len; i++)
    {
      WrMember *member = g_ptr_array_index (members, i);

      if (g_str_equal (member->uuid, wanted))
        return member->uuid;
    }

  for (guint i = 0; i < members->len; i++)
    {
      WrMember *member = g_ptr_array_index (members, i);
      g_autofree char *name = g_utf8_casefold (member->name, -1);

      if (g_str_equal (name, folded))
        {
          found = member->uuid;
          n_found++;
          g_string_append_printf (uuids, "%s%s", uuids->len > 0 ? ", " : "", member->uuid);
        }
    }

  if (n_found == 1)
    return found;

  if (n_found == 0)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < members->len; i++)
        g_string_append_printf (names, "%s%s", i > 0 ? ", " : "",
                                ((WrMember *) g_ptr_array_index (members, i))->name);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("nobody called “%s” is on the visit's team; the team is: %s"), wanted,
                   members->len > 0 ? names->str : _("nobody yet"));
    }
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                 _("%u members of the team are called “%s”; give the uuid of the one you mean: %s"),
                 n_found, wanted, uuids->str);
  return NULL;
}

/* Where the answer goes, checked as the visit page would: a question of
 * the visit's form that takes an answer, shown, in the member's and the
 * repeat's filling of its section.
 */
/* Whose answer, when --member is left out of a question each member
 * answers: the member this device's user chose in Who Are You? (the
 * window's choice, kept on this device only), said on stderr.
 */
static const char *
find_my_member (WrVisitSession  *session,
                const char      *question_id,
                GError         **error)
{
  WrStore *store = wr_visit_session_get_store (session);
  GPtrArray *members = wr_visit_session_get_members (session);
  g_autofree char *me = NULL;

  if (!(me = wr_store_get_my_member (store, wr_visit_get_uuid (wr_visit_session_get_visit (session)), error)))
    return NULL;

  for (guint i = 0; me[0] != '\0' && i < members->len; i++)
    {
      WrMember *member = g_ptr_array_index (members, i);

      if (g_str_equal (member->uuid, me))
        {
          /* Translators: "walkround answer" without --member, on a question each member answers */
          _wr_cli_printerr (_("answering as %s, who this computer’s user chose to be in Who Are You? on this visit; "
                              "--member NAME answers for someone else"),
                            member->name);
          return member->uuid;
        }
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("each member of the team answers “%s”: say whose answer it is with --member NAME, or choose who "
                 "you are on this visit with Who Are You?… in the visit’s menu in the window"),
               question_id);
  return NULL;
}

static WrQuestion *
find_question (WrVisitSession  *session,
               const char      *question_id,
               const char      *member,
               int              repeat_number,
               const char     **member_uuid,
               guint           *repeat,
               GError         **error)
{
  WrForm *form = wr_visit_session_get_form (session);
  WrFormItem *item = wr_form_lookup_item (form, question_id);
  WrSection *section;

  if (item == NULL || !WR_IS_QUESTION (item) || !wr_question_get_answerable (WR_QUESTION (item)))
    {
      if (item == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("the form “%s” (version %u) has no question “%s”"),
                     wr_form_get_title (form), wr_form_get_version (form), question_id);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("“%s” is a note, which takes no answer"),
                     question_id);
      return NULL;
    }

  section = wr_form_item_get_section (item);
  *member_uuid = NULL;
  if (wr_section_get_per_member (section))
    {
      if (member == NULL)
        *member_uuid = find_my_member (session, question_id, error);
      else
        *member_uuid = find_member (session, member, error);
      if (*member_uuid == NULL)
        return NULL;
    }
  else if (member != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("the team answers “%s” together; leave out --member"), question_id);
      return NULL;
    }

  *repeat = 0;
  if (wr_section_get_repeatable (section))
    {
      guint n = wr_visit_session_get_n_repeats (session, section);

      if (repeat_number <= 0 || (guint) repeat_number > n)
        {
          if (n == 0)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         _("“%s” is in a section filled in for each one of several, and this visit has none yet; "
                           "add one in the window first"),
                         question_id);
          else
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         _("“%s” is in a section filled in for each one of several: say which with --repeat N, "
                           "from 1 to %u"),
                         question_id, n);
          return NULL;
        }
      *repeat = (guint) repeat_number - 1;
    }
  else if (repeat_number != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is asked once a visit; leave out --repeat"), question_id);
      return NULL;
    }

  if (!wr_visit_session_is_shown (session, item, *member_uuid, *repeat))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is hidden by the answers it depends on, so the visit page does not ask it; "
                     "answer those first"),
                   question_id);
      return NULL;
    }

  return WR_QUESTION (item);
}

/* walkround answer VISIT-UUID QUESTION-ID [VALUE] [--member NAME|UUID]
 * [--repeat N] [--comment TEXT] [--clear]: one answer, saved as the visit
 * page saves it, with its audit entry. Without --member, a member's own
 * answer is that of whom this device's user said they are, as on the
 * visit page.
 */
int
_wr_cli_answer (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = NULL;
  g_autoptr(WrFormLibrary) library = NULL;
  g_autoptr(WrVisitSession) session = NULL;
  g_autofree char *member = NULL;
  g_autofree char *comment = NULL;
  g_autofree char *value = NULL;
  const char *member_uuid = NULL;
  const char *visit_uuid;
  const char *question_id;
  WrQuestion *question;
  gboolean clear = FALSE;
  int repeat_number = 0;
  guint repeat = 0;
  GOptionEntry entries[] = {
    { "member", 'm', 0, G_OPTION_ARG_STRING, &member,
      N_("Whose answer, in a section each member answers: a name on the team, or its uuid (without it, the "
         "member chosen on this computer in Who Are You?)"), N_("NAME") },
    { "repeat", 'r', 0, G_OPTION_ARG_INT, &repeat_number,
      N_("Which filling of a section filled in for each one of several, from 1"), N_("N") },
    { "comment", 'c', 0, G_OPTION_ARG_STRING, &comment, N_("The answer's comment (\"\" clears it)"), N_("TEXT") },
    { "clear", 0, 0, G_OPTION_ARG_NONE, &clear, N_("Clear the answer instead of giving one"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("VISIT-UUID QUESTION-ID [VALUE]"));
  g_option_context_set_summary (context,
                                _("Saves one answer to a draft visit exactly as the visit page would: the same checks, "
                                  "the same audit entry. A choice is given by its value or its label, several choices "
                                  "by their values separated by spaces or commas, a date as 31/12/2026 or 2026-12-31. "
                                  "In a section each member answers for themselves, the answer is --member's, or "
                                  "else that of the member this computer's user chose in Who Are You? for the "
                                  "visit, which it says. "
                                  "Exits 0 once saved, 1 if the answer was refused (an unknown visit or question, a "
                                  "completed visit, an answer the question does not take, a member's own answer "
                                  "with no member given or chosen) and 2 if the command line is wrong."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, TRUE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_USAGE;
    }
  if (argc < 3 || argc > 4 || (argc == 3 && !clear && comment == NULL) || (argc == 4 && clear))
    {
      _wr_cli_printerr (argc == 4 && clear ? _("give a value or --clear, not both; see “walkround answer --help”")
                                           : _("answer takes a visit, a question and a value (or --clear, or "
                                               "--comment); see “walkround answer --help”"));
      return WR_CLI_EXIT_USAGE;
    }
  visit_uuid = argv[1];
  question_id = argv[2];

  library = wr_form_library_new_default (NULL);
  if (!(store = wr_store_open_default (&error)))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }
  wr_store_set_user (store, g_get_real_name ());

  if (!(session = wr_visit_session_new (store, library, visit_uuid, &error)))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }
  if (wr_visit_session_get_read_only (session))
    {
      _wr_cli_printerr (_("visit %s is completed, so its answers no longer change; reopen it in the window to "
                          "change them"),
                        visit_uuid);
      return WR_CLI_EXIT_FAIL;
    }
  if (!(question = find_question (session, question_id, member, repeat_number, &member_uuid, &repeat, &error)))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }

  if (argc == 4 && !(value = wr_question_read_answer (question, argv[3], &error)))
    {
      _wr_cli_printerr ("%s: %s", question_id, error->message);
      return WR_CLI_EXIT_FAIL;
    }

  if ((argc == 4 || clear) && !wr_visit_session_set_answer (session, question, member_uuid, repeat, value, &error))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }
  if (comment != NULL && !wr_visit_session_set_comment (session, question, member_uuid, repeat, comment, &error))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }

  if (argc == 4 && value[0] != '\0')
    printf ("%s = %s\n", question_id, value);
  else if (argc == 4 || clear)
    /* Translators: what "walkround answer --clear" prints; %s is a question id */
    printf (_("%s cleared\n"), question_id);
  if (comment != NULL)
    /* Translators: what "walkround answer --comment" prints; %s is a question id */
    printf (_("%s comment saved\n"), question_id);

  return WR_CLI_EXIT_OK;
}
