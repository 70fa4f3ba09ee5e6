/* wr-cli-evidence.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-cli-evidence"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "wr-catalog.h"
#include "wr-cli-filter-private.h"
#include "wr-cli-private.h"
#include "wr-csv.h"
#include "wr-evidence-tree.h"
#include "wr-visit-scores.h"

/* walkround evidence: the CQC framework with what the chosen visits hold
 * for each key question, quality statement and regulation, and its gaps.
 * docs/evidence.md describes the formats; data/schema/evidence.xsd is the
 * XML's schema.
 */

typedef struct
{
  char               *format;
  WrCliFilterOptions  filter;
} Options;

static void
options_clear (Options *options)
{
  g_free (options->format);
  _wr_cli_filter_options_clear (&options->filter);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

typedef struct
{
  WrStore        *store;
  WrCatalog      *catalog;
  WrFormLibrary  *library;
  WrScope        *scope;
  WrEvidenceTree *tree;
} Job;

static gboolean
count_cb (gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  Job *job = data;

  /* Answers of concern are kept with each visit's scores: visits imported
   * since they were last worked out are scored first.
   */
  if (!wr_visit_scores_fill (job->store, job->library, cancellable, NULL, error))
    return FALSE;

  job->tree = wr_evidence_tree_new (job->store, job->catalog, job->library, job->scope, cancellable, error);
  return job->tree != NULL;
}

/* Text ------------------------------------------------------------------------------ */

static void
print_counts (const WrEvidenceNode *node)
{
  const WrEvidenceCounts *c = &node->counts;

  switch (node->gap)
    {
    case WR_EVIDENCE_GAP_NO_EVIDENCE:
      printf ("%s\n", _("no evidence in the period"));
      return;
    case WR_EVIDENCE_GAP_NO_FORM:
      printf ("%s\n", _("no installed form can produce evidence for it"));
      return;
    case WR_EVIDENCE_GAP_NONE:
    default:
      break;
    }

  /* Translators: the evidence of a regulation or quality statement, such as
   * "5 observations (3 good practice, 2 concerns), 1 answer of concern, 4 visits, 3 services, 1 open action" */
  printf (_("%u observations (%u good practice, %u concerns), %u answers of concern, %u visits, %u services, "
            "%u open actions\n"),
          c->observations, c->good, c->concerns, c->answers_of_concern, c->visits, c->services, c->open_actions);
}

static void
print_text (WrEvidenceTree *tree,
            const WrScope  *scope)
{
  gboolean regulations_started = FALSE;

  if (scope->from != NULL || scope->to != NULL)
    printf (_("Evidence by CQC key question, quality statement and regulation, %s to %s\n"),
            scope->from ? scope->from : "…", scope->to ? scope->to : "…");
  else
    printf ("%s\n", _("Evidence by CQC key question, quality statement and regulation, all visits"));

  printf ("\n");
  for (guint i = 0; i < tree->nodes->len; i++)
    {
      const WrEvidenceNode *node = &g_array_index (tree->nodes, WrEvidenceNode, i);

      switch (node->kind)
        {
        case WR_EVIDENCE_KEY_QUESTION:
          printf (_("%s (key question): "), node->title);
          break;
        case WR_EVIDENCE_STATEMENT:
          printf ("  %s, %s: ", node->id, node->title);
          break;
        case WR_EVIDENCE_REGULATION:
        default:
          if (!regulations_started)
            {
              printf ("\n%s\n", _("Regulations:"));
              regulations_started = TRUE;
            }
          printf (_("  Regulation %s, %s: "), node->id, node->title);
          break;
        }
      print_counts (node);
    }

  printf ("\n");
  printf (g_dngettext (GETTEXT_PACKAGE, "%u service not visited", "%u services not visited", tree->not_visited->len),
          tree->not_visited->len);
  printf ("%s\n", tree->not_visited->len ? ":" : "");
  for (guint i = 0; i < tree->not_visited->len; i++)
    {
      WrService *service = g_ptr_array_index (tree->not_visited, i);
      const char *directorate = wr_service_get_directorate (service);

      printf ("  %s%s%s\n", directorate[0] ? directorate : "", directorate[0] ? ": " : "", wr_service_get_name (service));
    }
}

/* CSV ------------------------------------------------------------------------------- */

static void
print_csv (WrEvidenceTree *tree)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char * const header[] = {
    "node", "id", "parent", "title", "observations", "good", "concerns", "answers-of-concern",
    "visits", "services", "open-actions", "gap",
  };

  wr_csv_append_row (out, header, G_N_ELEMENTS (header));
  for (guint i = 0; i < tree->nodes->len; i++)
    {
      const WrEvidenceNode *node = &g_array_index (tree->nodes, WrEvidenceNode, i);
      const WrEvidenceCounts *c = &node->counts;
      g_autofree char *numbers = g_strdup_printf ("%u\x1f%u\x1f%u\x1f%u\x1f%u\x1f%u\x1f%u", c->observations, c->good,
                                                  c->concerns, c->answers_of_concern, c->visits, c->services,
                                                  c->open_actions);
      g_auto(GStrv) n = g_strsplit (numbers, "\x1f", -1);
      const char *cells[] = {
        wr_evidence_node_kind_to_string (node->kind), node->id, node->parent ? node->parent : "", node->title,
        n[0], n[1], n[2], n[3], n[4], n[5], n[6], wr_evidence_gap_to_string (node->gap),
      };

      wr_csv_append_row (out, cells, G_N_ELEMENTS (cells));
    }
  for (guint i = 0; i < tree->not_visited->len; i++)
    {
      WrService *service = g_ptr_array_index (tree->not_visited, i);
      const char *cells[] = {
        "service-not-visited", wr_service_get_uuid (service), wr_service_get_directorate (service),
        wr_service_get_name (service), "", "", "", "", "", "", "", "",
      };

      wr_csv_append_row (out, cells, G_N_ELEMENTS (cells));
    }

  fwrite (out->str, 1, out->len, stdout);
}

/* XML ------------------------------------------------------------------------------- */

static void
append_node (GString              *out,
             const WrEvidenceNode *node,
             const char           *indent,
             gboolean              close)
{
  const WrEvidenceCounts *c = &node->counts;

  _wr_cli_append_escaped (out,
                          "%s<%s id=\"%s\" title=\"%s\" observations=\"%u\" good=\"%u\" concerns=\"%u\""
                          " answers-of-concern=\"%u\" visits=\"%u\" services=\"%u\" open-actions=\"%u\" gap=\"%s\"%s>\n",
                          indent, wr_evidence_node_kind_to_string (node->kind), node->id, node->title, c->observations,
                          c->good, c->concerns, c->answers_of_concern, c->visits, c->services, c->open_actions,
                          wr_evidence_gap_to_string (node->gap), close ? "/" : "");
}

static void
print_xml (WrEvidenceTree *tree,
           const WrScope  *scope)
{
  g_autoptr(GString) out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<evidence format-version=\"1\"");
  gboolean in_key_question = FALSE;

  if (scope->from != NULL)
    _wr_cli_append_escaped (out, " from=\"%s\"", scope->from);
  if (scope->to != NULL)
    _wr_cli_append_escaped (out, " to=\"%s\"", scope->to);
  _wr_cli_append_escaped (out, " status=\"%s\">\n", scope->status ? scope->status : "all");

  for (guint i = 0; i < tree->nodes->len; i++)
    {
      const WrEvidenceNode *node = &g_array_index (tree->nodes, WrEvidenceNode, i);
      const WrEvidenceNode *next = i + 1 < tree->nodes->len ? &g_array_index (tree->nodes, WrEvidenceNode, i + 1) : NULL;
      gboolean has_children = node->kind == WR_EVIDENCE_KEY_QUESTION && next != NULL &&
                              next->kind == WR_EVIDENCE_STATEMENT && g_strcmp0 (next->parent, node->id) == 0;

      if (in_key_question && (node->kind != WR_EVIDENCE_STATEMENT || node->parent == NULL))
        {
          g_string_append (out, "  </key-question>\n");
          in_key_question = FALSE;
        }
      append_node (out, node, in_key_question ? "    " : "  ", !has_children);
      if (has_children)
        in_key_question = TRUE;
    }
  if (in_key_question)
    g_string_append (out, "  </key-question>\n");

  _wr_cli_append_escaped (out, "  <services-not-visited count=\"%u\"", tree->not_visited->len);
  g_string_append (out, tree->not_visited->len ? ">\n" : "/>\n");
  for (guint i = 0; i < tree->not_visited->len; i++)
    {
      WrService *service = g_ptr_array_index (tree->not_visited, i);

      _wr_cli_append_escaped (out, "    <service id=\"%s\" name=\"%s\" directorate=\"%s\"/>\n", wr_service_get_uuid (service),
                              wr_service_get_name (service), wr_service_get_directorate (service));
    }
  if (tree->not_visited->len)
    g_string_append (out, "  </services-not-visited>\n");
  g_string_append (out, "</evidence>\n");

  fwrite (out->str, 1, out->len, stdout);
}

/* walkround evidence [the export filters] [--format text|csv|xml] */
int
_wr_cli_evidence (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Options) options = { NULL };
  Job job = { NULL };
  int status;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &options.format, N_("text to read (the default), csv for a spreadsheet, xml for other programs"), N_("text|csv|xml") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Prints the CQC framework (each key question with its quality "
                                           "statements, then Regulations 9 to 20A) with what the visits chosen by "
                                           "the same filters as “walkround export” hold for each: observations "
                                           "linked to it (good practice and concerns apart), answers of concern "
                                           "(a scored question linked to it answered as not met), the visits and "
                                           "services where it was seen, and the open actions. A node with no "
                                           "evidence says whether none was recorded in the period or no installed "
                                           "form can produce any; the services not visited follow. The formats "
                                           "are described in docs/evidence.md. Exits 0 on success, 1 if the "
                                           "evidence could not be read and 2 if the command line is wrong."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  _wr_cli_filter_add_options (context, &options.filter);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_USAGE;
    }
  if (argc > 1)
    {
      _wr_cli_printerr (_("evidence takes only options, not “%s”; see “walkround evidence --help”"), argv[1]);
      return WR_CLI_EXIT_USAGE;
    }
  if (options.format == NULL)
    options.format = g_strdup ("text");
  if (!g_str_equal (options.format, "text") && !g_str_equal (options.format, "csv") &&
      !g_str_equal (options.format, "xml"))
    {
      _wr_cli_printerr (_("--format: “%s” is not an evidence format; use text, csv or xml"), options.format);
      return WR_CLI_EXIT_USAGE;
    }

  if (!(job.catalog = wr_catalog_get_default (&error)))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }
  if (!(job.store = wr_store_open_default (&error)))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }
  job.scope = wr_scope_new ();
  if (!_wr_cli_filter_build (&options.filter, job.store, job.scope))
    {
      status = WR_CLI_EXIT_USAGE;
      goto out;
    }
  job.library = wr_form_library_new_default (job.catalog);

  status = _wr_cli_run_job (count_cb, NULL, &job, _("Stopped; nothing was printed"), NULL);
  if (status != WR_CLI_EXIT_OK)
    goto out;

  if (g_str_equal (options.format, "xml"))
    print_xml (job.tree, job.scope);
  else if (g_str_equal (options.format, "csv"))
    print_csv (job.tree);
  else
    print_text (job.tree, job.scope);
  fflush (stdout);

out:
  g_clear_object (&job.store);
  g_clear_object (&job.library);
  g_clear_pointer (&job.scope, wr_scope_free);
  g_clear_pointer (&job.tree, wr_evidence_tree_free);
  return status;
}
