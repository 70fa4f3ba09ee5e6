/* wr-cli-forms.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "wr-cli-private.h"
#include "wr-form-library.h"

/* Parses a subcommand's options; prints the problem and returns FALSE on a
 * usage error. --help prints the help and exits.
 */
static gboolean
parse_options (GOptionContext   *context,
               int              *argc,
               char           ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      _wr_cli_printerr ("%s", error->message);
      return FALSE;
    }

  return TRUE;
}

static WrCatalog *
load_catalog (void)
{
  g_autoptr(GError) error = NULL;
  WrCatalog *catalog;

  if (!(catalog = wr_catalog_get_default (&error)))
    _wr_cli_printerr ("%s", error->message);

  return catalog;
}

/* walkround validate-form FILE... */
int
_wr_cli_validate_form (int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE…"));
  WrCatalog *catalog;
  gboolean all_valid = TRUE;

  g_option_context_set_summary (context,
                                _("Checks Walkround form files. Each problem is printed as\n"
                                  "FILE:LINE: message, and each valid file as FILE: OK.\n"
                                  "Exits with 0 if every file is valid, 1 if any is not."));

  if (!parse_options (context, &argc, &argv))
    return WR_CLI_EXIT_USAGE;

  if (argc < 2)
    {
      _wr_cli_printerr (_("validate-form needs at least one form file; run “walkround validate-form --help”"));
      return WR_CLI_EXIT_USAGE;
    }

  if (!(catalog = load_catalog ()))
    return WR_CLI_EXIT_FAIL;

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WrForm) form = NULL;
      g_autoptr(GPtrArray) problems = NULL;

      if ((form = wr_form_new_from_file (argv[i], catalog, &error)))
        {
          guint n = wr_form_get_n_questions (form);
          g_autofree char *questions = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u question", "%u questions", n), n);

          printf (_("%s: OK: %s version %u, %s, %s\n"),
                  argv[i], wr_form_get_id (form), wr_form_get_version (form),
                  wr_form_kind_to_string (wr_form_get_kind (form)), questions);
          continue;
        }

      all_valid = FALSE;
      problems = wr_form_check_file (argv[i], catalog);
      if (problems->len == 0)
        fprintf (stderr, "%s\n", error->message);
      for (guint j = 0; j < problems->len; j++)
        fprintf (stderr, "%s\n", ((GError *) g_ptr_array_index (problems, j))->message);
    }

  fflush (stdout);

  return all_valid ? WR_CLI_EXIT_OK : WR_CLI_EXIT_FAIL;
}

static int
text_width (const char *text)
{
  return (int) g_utf8_strlen (text, -1);
}

static void
print_cell (const char *text,
            int         width)
{
  printf ("%s%*s  ", text, MAX (width - text_width (text), 0), "");
}

/* "pack" and where it came from: "pack ward7.xml", or "pack" alone. */
static char *
describe_origin (WrFormLibrary *library,
                 WrForm        *form)
{
  const char *pack = NULL;
  const char *device = NULL;

  if (!wr_form_library_get_pack_origin (library, form, &pack, &device))
    {
      if (wr_form_library_get_source (library, form) == WR_FORM_SOURCE_BUILT_IN)
        return g_strdup (_("Walkround’s built-in forms"));
      /* Translators: a form the user added: the file it is in */
      return g_strdup_printf (_("your forms folder (%s)"),
                              wr_form_get_path (form) != NULL ? wr_form_get_path (form) : wr_form_get_id (form));
    }

  if (pack != NULL && device != NULL)
    /* Translators: where a form came from: the pack's file, and the device that wrote it */
    return g_strdup_printf (_("the pack %s, written by device %s"), pack, device);
  if (pack != NULL)
    return g_strdup_printf (_("the pack %s"), pack);
  if (device != NULL)
    return g_strdup_printf (_("a pack written by device %s"), device);
  return g_strdup (_("a pack"));
}

/* walkround forms use ID VERSION */
static int
forms_use (WrFormLibrary  *library,
           int             argc,
           char          **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *origin = NULL;
  g_autofree char *before_origin = NULL;
  WrForm *form;
  WrForm *before;
  guint64 version = 0;

  if (argc != 3 || !g_ascii_string_to_unsigned (argv[2], 10, 1, G_MAXUINT, &version, NULL))
    {
      _wr_cli_printerr (_("forms use takes a form’s id and a version, such as “walkround forms use quality-visit 2”"));
      return WR_CLI_EXIT_USAGE;
    }

  if (!(form = wr_form_library_lookup (library, argv[1], (guint) version)))
    {
      _wr_cli_printerr (_("form “%s” version %u is not installed; “walkround forms” lists those that are"),
                        argv[1], (guint) version);
      return WR_CLI_EXIT_FAIL;
    }

  before = wr_form_library_lookup_default (library, argv[1]);
  if (before == form)
    {
      printf (_("New visits already use “%s” version %u.\n"), wr_form_get_id (form), wr_form_get_version (form));
      fflush (stdout);
      return WR_CLI_EXIT_OK;
    }
  if (before != NULL)
    before_origin = describe_origin (library, before);

  if (!wr_form_library_use_for_new_visits (library, form, &error))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }

  origin = describe_origin (library, form);
  /* Translators: after "walkround forms use": the form, its version and where it came from */
  printf (_("New visits on “%s” (%s) now use version %u, from %s; visits already recorded keep theirs.\n"),
          wr_form_get_title (form), wr_form_get_id (form), wr_form_get_version (form), origin);
  if (before != NULL)
    /* Translators: how to undo "walkround forms use" */
    printf (_("They used version %u, from %s; “walkround forms use %s %u” goes back to it.\n"),
            wr_form_get_version (before), before_origin, wr_form_get_id (before), wr_form_get_version (before));
  fflush (stdout);

  return WR_CLI_EXIT_OK;
}

/* walkround forms [--all] | use ID VERSION */
int
_wr_cli_forms (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("[use ID VERSION]"));
  g_autoptr(WrFormLibrary) library = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  const char *headers[] = { C_("column", "ID"), C_("column", "VERSION"), C_("column", "KIND"),
                            C_("column", "SOURCE"), C_("column", "DEFAULT"), C_("column", "TITLE") };
  int widths[G_N_ELEMENTS (headers)] = { 0 };
  gboolean all = FALSE;
  GPtrArray *problems;
  WrCatalog *catalog;
  guint n_from_packs = 0;
  const GOptionEntry entries[] = {
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all, N_("Every version, as without it (kept for scripts)"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("Lists every version of every form Walkround has: the built-in ones, those in\n"
                                  "the forms folder of your data folder, and those that came in evidence packs\n"
                                  "(each with its pack and device, where known). DEFAULT marks the version new\n"
                                  "visits use: the highest built-in or user version, unless another was chosen.\n"
                                  "A pack's form is installed for the visits recorded on it and is never the\n"
                                  "default on its own. Forms that could not be loaded are listed on standard\n"
                                  "error with the reason.\n"
                                  "\n"
                                  "“walkround forms use ID VERSION” makes that version the one new visits use,\n"
                                  "whatever its source; choosing the version used before undoes it. Visits\n"
                                  "already recorded keep their version."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!parse_options (context, &argc, &argv))
    return WR_CLI_EXIT_USAGE;

  if (argc > 1 && !g_str_equal (argv[1], "use"))
    {
      _wr_cli_printerr (_("forms takes no arguments but “use ID VERSION”; run “walkround forms --help”"));
      return WR_CLI_EXIT_USAGE;
    }

  if (!(catalog = load_catalog ()))
    return WR_CLI_EXIT_FAIL;

  library = wr_form_library_new_default (catalog);
  if (argc > 1)
    return forms_use (library, argc - 1, argv + 1);

  rows = wr_form_library_list_all (library);

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    widths[i] = text_width (headers[i]);

  for (guint i = 0; i < rows->len; i++)
    {
      WrForm *form = g_ptr_array_index (rows, i);
      g_autofree char *version = g_strdup_printf ("%u", wr_form_get_version (form));

      widths[0] = MAX (widths[0], text_width (wr_form_get_id (form)));
      widths[1] = MAX (widths[1], text_width (version));
      widths[2] = MAX (widths[2], text_width (wr_form_kind_to_string (wr_form_get_kind (form))));
      widths[3] = MAX (widths[3], text_width (wr_form_source_get_label (wr_form_library_get_source (library, form))));
      widths[4] = MAX (widths[4], text_width (C_("form", "default")));
    }

  if (rows->len > 0)
    {
      for (guint i = 0; i + 1 < G_N_ELEMENTS (headers); i++)
        print_cell (headers[i], widths[i]);
      printf ("%s\n", headers[G_N_ELEMENTS (headers) - 1]);
    }
  else
    printf ("%s\n", _("No forms are installed."));

  for (guint i = 0; i < rows->len; i++)
    {
      WrForm *form = g_ptr_array_index (rows, i);
      g_autofree char *version = g_strdup_printf ("%u", wr_form_get_version (form));
      gboolean is_default = wr_form_library_lookup_default (library, wr_form_get_id (form)) == form;

      print_cell (wr_form_get_id (form), widths[0]);
      print_cell (version, widths[1]);
      print_cell (wr_form_kind_to_string (wr_form_get_kind (form)), widths[2]);
      print_cell (wr_form_source_get_label (wr_form_library_get_source (library, form)), widths[3]);
      /* Translators: marks the version of a form that new visits use */
      print_cell (is_default ? C_("form", "default") : "-", widths[4]);
      printf ("%s\n", wr_form_get_title (form));
      if (wr_form_library_get_source (library, form) == WR_FORM_SOURCE_PACK)
        n_from_packs++;
    }

  /* Where each pack's form came from, after the table that scripts read. */
  if (n_from_packs > 0)
    printf ("\n");
  for (guint i = 0; i < rows->len; i++)
    {
      WrForm *form = g_ptr_array_index (rows, i);
      g_autofree char *origin = NULL;

      if (wr_form_library_get_source (library, form) != WR_FORM_SOURCE_PACK)
        continue;
      origin = describe_origin (library, form);
      /* Translators: a line under "walkround forms" for each form that came in a pack */
      printf (_("%s version %u came in %s\n"), wr_form_get_id (form), wr_form_get_version (form), origin);
    }

  fflush (stdout);

  problems = wr_form_library_get_problems (library);
  if (problems->len > 0)
    {
      _wr_cli_printerr (g_dngettext (GETTEXT_PACKAGE, "%u form could not be loaded:",
                                     "%u forms could not be loaded:", problems->len),
                        problems->len);
      for (guint i = 0; i < problems->len; i++)
        fprintf (stderr, "%s\n", ((GError *) g_ptr_array_index (problems, i))->message);
    }

  return WR_CLI_EXIT_OK;
}
