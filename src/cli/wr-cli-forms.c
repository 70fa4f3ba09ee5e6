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

/* walkround forms [--all] */
int
_wr_cli_forms (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(WrFormLibrary) library = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  const char *headers[] = { C_("column", "ID"), C_("column", "VERSION"), C_("column", "KIND"),
                            C_("column", "SOURCE"), C_("column", "TITLE") };
  int widths[G_N_ELEMENTS (headers)] = { 0 };
  gboolean all = FALSE;
  GListModel *forms;
  GPtrArray *problems;
  WrCatalog *catalog;
  const GOptionEntry entries[] = {
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all, N_("List every version, not only the newest of each form"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("Lists the forms Walkround has: the built-in ones and those in the\n"
                                  "forms folder of your data folder. Forms that could not be loaded are\n"
                                  "listed on standard error with the reason."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!parse_options (context, &argc, &argv))
    return WR_CLI_EXIT_USAGE;

  if (argc > 1)
    {
      _wr_cli_printerr (_("forms takes no arguments; run “walkround forms --help”"));
      return WR_CLI_EXIT_USAGE;
    }

  if (!(catalog = load_catalog ()))
    return WR_CLI_EXIT_FAIL;

  library = wr_form_library_new_default (catalog);
  forms = wr_form_library_get_forms (library);

  for (guint i = 0; i < g_list_model_get_n_items (forms); i++)
    {
      g_autoptr(WrForm) form = g_list_model_get_item (forms, i);

      if (all)
        {
          g_autoptr(GPtrArray) versions = wr_form_library_list_versions (library, wr_form_get_id (form));

          for (guint j = 0; j < versions->len; j++)
            g_ptr_array_add (rows, g_object_ref (g_ptr_array_index (versions, j)));
        }
      else
        g_ptr_array_add (rows, g_steal_pointer (&form));
    }

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

      print_cell (wr_form_get_id (form), widths[0]);
      print_cell (version, widths[1]);
      print_cell (wr_form_kind_to_string (wr_form_get_kind (form)), widths[2]);
      print_cell (wr_form_source_get_label (wr_form_library_get_source (library, form)), widths[3]);
      printf ("%s\n", wr_form_get_title (form));
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
