/* wr-report-html.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-report-html"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "wr-catalog-entry.h"
#include "wr-dates.h"
#include "wr-form.h"
#include "wr-pack-error.h"
#include "wr-pack-format.h"
#include "wr-report-html-private.h"
#include "wr-xml-private.h"

#define PACK_NS WR_PACK_NAMESPACE

/* A repeatable section with more questions than this is shown as a
 * table per repeat, as on the PDF's pages (wr-report-pages.c).
 */
#define MAX_TABLE_COLUMNS 4

/* Only these are shown inline as data: URIs; browsers show them all, and
 * none of them can hold a script.
 */
static const char * const shown_image_types[] = { "image/jpeg", "image/png", "image/gif", "image/webp", NULL };

typedef struct
{
  goffset offset;
  gsize   length;
} Chunk;

typedef struct
{
  char  *service;     /* the service's name, to sort by */
  char  *service_uuid;
  char  *started;
  Chunk  chunk;
} VisitEntry;

typedef struct
{
  guint visit;        /* an index into visits, for its date */
  Chunk chunk;
} EvidenceEntry;

typedef struct
{
  char  *due;         /* YYYY-MM-DD, or NULL: last */
  guint  visit;
  Chunk  chunk;
} ActionEntry;

typedef struct
{
  guint draft;
  guint completed;
  guint all;
} KindCount;

struct _WrReportHtml
{
  char          *organisation;
  char          *marking;

  /* From the pack's own records, before its visits. */
  char          *created;
  char          *generator;
  GPtrArray     *scope_from;   /* at most one each, but kept as lists */
  GPtrArray     *scope_to;
  GPtrArray     *scope_services;
  GPtrArray     *scope_kinds;
  GPtrArray     *scope_regulations;
  GPtrArray     *scope_statements;
  char          *scope_status;
  char          *scope_changed_since;
  guint          scope_n_visits;

  /* The spool: every visit's article, every observation as evidence and
   * every open action's row, in the order they were read.
   */
  char          *spool_path;
  GFileIOStream *spool;
  goffset        spool_size;
  GString       *buffer;

  GArray        *visits;       /* VisitEntry */
  GHashTable    *evidence;     /* "regulation 12", "statement …", "theme …" → GArray of EvidenceEntry */
  GArray        *open_actions; /* ActionEntry */

  GHashTable    *kinds;        /* visit kind → KindCount */
  GHashTable    *kind_labels;  /* visit kind → its name */
  GHashTable    *observation_kinds;  /* kind title → count, of the observations grouped */
  GHashTable    *services;     /* uuids of the services visited */
  guint          n_observations;
  guint          n_actions[3]; /* open, done, dropped */
  guint          n_all_actions;
  gboolean       any_theme;
};

/* Freeing ------------------------------------------------------------------- */

static void
visit_entry_clear (VisitEntry *entry)
{
  g_free (entry->service);
  g_free (entry->service_uuid);
  g_free (entry->started);
}

static void
action_entry_clear (ActionEntry *entry)
{
  g_free (entry->due);
}

void
_wr_report_html_free (WrReportHtml *self)
{
  if (self == NULL)
    return;

  g_free (self->organisation);
  g_free (self->marking);
  g_free (self->created);
  g_free (self->generator);
  g_clear_pointer (&self->scope_from, g_ptr_array_unref);
  g_clear_pointer (&self->scope_to, g_ptr_array_unref);
  g_clear_pointer (&self->scope_services, g_ptr_array_unref);
  g_clear_pointer (&self->scope_kinds, g_ptr_array_unref);
  g_clear_pointer (&self->scope_regulations, g_ptr_array_unref);
  g_clear_pointer (&self->scope_statements, g_ptr_array_unref);
  g_free (self->scope_status);
  g_free (self->scope_changed_since);

  if (self->spool != NULL)
    {
      g_io_stream_close (G_IO_STREAM (self->spool), NULL, NULL);
      g_clear_object (&self->spool);
    }
  if (self->spool_path != NULL)
    g_unlink (self->spool_path);
  g_free (self->spool_path);
  if (self->buffer != NULL)
    g_string_free (self->buffer, TRUE);

  g_clear_pointer (&self->visits, g_array_unref);
  g_clear_pointer (&self->evidence, g_hash_table_unref);
  g_clear_pointer (&self->open_actions, g_array_unref);
  g_clear_pointer (&self->kinds, g_hash_table_unref);
  g_clear_pointer (&self->kind_labels, g_hash_table_unref);
  g_clear_pointer (&self->observation_kinds, g_hash_table_unref);
  g_clear_pointer (&self->services, g_hash_table_unref);
  g_free (self);
}

/**
 * _wr_report_html_new:
 * @organisation: (nullable): for the header
 * @marking: (nullable): for the header and the footer
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): a report to add visits to, with
 *   its spool made, or %NULL if no temporary file could be made
 */
WrReportHtml *
_wr_report_html_new (const char  *organisation,
                     const char  *marking,
                     GError     **error)
{
  g_autoptr(WrReportHtml) self = g_new0 (WrReportHtml, 1);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFile) file = NULL;

  self->organisation = g_strdup (organisation != NULL ? organisation : "");
  self->marking = g_strdup (marking != NULL ? marking : "");
  self->scope_from = g_ptr_array_new_with_free_func (g_free);
  self->scope_to = g_ptr_array_new_with_free_func (g_free);
  self->scope_services = g_ptr_array_new_with_free_func (g_free);
  self->scope_kinds = g_ptr_array_new_with_free_func (g_free);
  self->scope_regulations = g_ptr_array_new_with_free_func (g_free);
  self->scope_statements = g_ptr_array_new_with_free_func (g_free);
  self->buffer = g_string_new (NULL);
  self->visits = g_array_new (FALSE, FALSE, sizeof (VisitEntry));
  g_array_set_clear_func (self->visits, (GDestroyNotify) visit_entry_clear);
  self->evidence = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  self->open_actions = g_array_new (FALSE, FALSE, sizeof (ActionEntry));
  g_array_set_clear_func (self->open_actions, (GDestroyNotify) action_entry_clear);
  self->kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->kind_labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->observation_kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->services = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* The spool holds what the pack holds: it is made readable by its
   * owner only (g_file_new_tmp() makes it 0600) and removed at the end.
   */
  if (!(file = g_file_new_tmp ("walkround-report-XXXXXX.html", &self->spool, &local_error)))
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_WRITE,
                   _("Could not make a temporary file for the report: %s"), local_error->message);
      return NULL;
    }
  self->spool_path = g_file_get_path (file);

  return g_steal_pointer (&self);
}

/* Writing HTML ---------------------------------------------------------------- */

/* Text from a pack is untrusted: &, <, >, " and ' are all escaped, so
 * that it is text in an element and in an attribute alike.
 */
static void
append_text (GString    *out,
             const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  g_string_append (out, escaped);
}

/* Text with its line breaks kept as <br>, so that it reads the same
 * without the style sheet.
 */
static void
append_lines (GString    *out,
              const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (out, "<br>");
      append_text (out, lines[i]);
    }
}

static void
append_element (GString    *out,
                const char *open,
                const char *text,
                const char *close)
{
  g_string_append (out, open);
  append_lines (out, text);
  g_string_append (out, close);
}

/* "4 March 2026" in a <time> element, for a date or the date of a time. */
static char *
date_words (const char *value)
{
  g_autofree char *day = NULL;

  if (value == NULL || strlen (value) < 10)
    return g_strdup (value != NULL ? value : "");
  day = g_strndup (value, 10);
  return wr_date_format_long (day);
}

static void
append_date (GString    *out,
             const char *value,
             gboolean    plain)
{
  g_autofree char *words = date_words (value);
  g_autofree char *day = value != NULL ? g_strndup (value, 10) : NULL;

  if (plain || day == NULL)
    {
      append_text (out, words);
      return;
    }
  g_string_append (out, "<time datetime=\"");
  append_text (out, day);
  g_string_append (out, "\">");
  append_text (out, words);
  g_string_append (out, "</time>");
}

/* The time of day on the clock of the place it was recorded: "10:15". */
static void
append_time (GString    *out,
             const char *value)
{
  g_autofree char *clock = NULL;

  if (value == NULL || strlen (value) < 16)
    return;
  clock = g_strndup (value + 11, 5);
  g_string_append (out, "<time datetime=\"");
  append_text (out, value);
  g_string_append (out, "\">");
  append_text (out, clock);
  g_string_append (out, "</time>");
}

static void
append_date_time (GString    *out,
                  const char *value)
{
  append_date (out, value, FALSE);
  if (value != NULL && strlen (value) >= 16)
    {
      g_string_append (out, ", ");
      append_time (out, value);
    }
}

static void
append_heading (GString    *out,
                guint       level,
                const char *id,
                const char *text)
{
  g_string_append_printf (out, "<h%u", level);
  if (id != NULL)
    {
      g_string_append (out, " id=\"");
      append_text (out, id);
      g_string_append_c (out, '"');
    }
  g_string_append_c (out, '>');
  append_text (out, text);
  g_string_append_printf (out, "</h%u>\n", level);
}

/* A photo as the PDF shows it: the image, scaled to the page by the
 * style sheet, and its caption.
 */
static void
append_photo (GString             *out,
              const WrReportPhoto *photo)
{
  g_autofree char *base64 = NULL;

  if (photo->bytes == NULL || g_bytes_get_size (photo->bytes) == 0 ||
      photo->media_type == NULL || !g_strv_contains (shown_image_types, photo->media_type))
    {
      g_autofree char *words = NULL;

      /* TRANSLATORS: %s is a photo's caption or file name, %s its type */
      words = g_strdup_printf (_("Photo “%s” (%s): this report cannot show it."), photo->caption,
                               photo->media_type != NULL ? photo->media_type : "");
      append_element (out, "<p class=\"photo-missing\">", words, "</p>\n");
      return;
    }

  base64 = g_base64_encode (g_bytes_get_data (photo->bytes, NULL), g_bytes_get_size (photo->bytes));
  g_string_append (out, "<figure><img src=\"data:");
  g_string_append (out, photo->media_type);
  g_string_append (out, ";base64,");
  g_string_append (out, base64);
  g_string_append (out, "\" alt=\"");
  append_text (out, photo->caption);
  g_string_append (out, "\">");
  append_element (out, "<figcaption>", photo->caption, "</figcaption>");
  g_string_append (out, "</figure>\n");
}

static void
append_photos (GString   *out,
               GPtrArray *photos)
{
  for (guint i = 0; photos != NULL && i < photos->len; i++)
    append_photo (out, g_ptr_array_index (photos, i));
}

/* A visit ----------------------------------------------------------------------- */

static void
append_fact (GString    *out,
             const char *term,
             const char *value)
{
  append_element (out, "<dt>", term, "</dt>");
  append_element (out, "<dd>", value, "</dd>\n");
}

static void
append_facts (GString             *out,
              const WrReportVisit *visit)
{
  g_string_append (out, "<dl class=\"visit-facts\">\n");

  append_element (out, "<dt>", _("When"), "</dt><dd>");
  append_date_time (out, visit->started);
  if (visit->ended != NULL && strlen (visit->ended) >= 16)
    {
      /* TRANSLATORS: between a visit's start and its end: "10:15 to 11:30" */
      g_string_append_printf (out, " %s ", _("to"));
      append_time (out, visit->ended);
    }
  g_string_append (out, "</dd>\n");

  if (visit->revision > 1)
    {
      /* TRANSLATORS: a visit's status and its revision: "Completed (revision 3)" */
      g_autofree char *status = g_strdup_printf (_("%s (revision %u)"), visit->status, visit->revision);

      append_fact (out, _("Status"), status);
    }
  else
    append_fact (out, _("Status"), visit->status);

  if (visit->score != NULL)
    {
      g_autoptr(GString) score = g_string_new (NULL);
      g_autoptr(GString) by_section = g_string_new (NULL);

      for (guint s = 0; s < visit->sections->len; s++)
        {
          WrReportSection *section = g_ptr_array_index (visit->sections, s);

          if (section->score != NULL)
            g_string_append_printf (by_section, "%s%s %s%%", by_section->len ? "; " : "", section->title,
                                    section->score);
        }
      /* TRANSLATORS: a visit's compliance score, in percent */
      g_string_append_printf (score, _("%s%% of applicable answers met"), visit->score);
      if (by_section->len > 0)
        /* TRANSLATORS: after a visit's score, each section's */
        g_string_append_printf (score, _(" (by section: %s)"), by_section->str);
      append_fact (out, _("Score"), score->str);
    }

  if (visit->form_version != NULL)
    {
      /* TRANSLATORS: a form's title and its version: "Quality visit, version 3" */
      g_autofree char *form = g_strdup_printf (_("%s, version %s"), visit->form_title != NULL ? visit->form_title : "",
                                               visit->form_version);

      append_fact (out, _("Form"), form);
    }
  else
    append_fact (out, _("Form"), visit->form_title != NULL ? visit->form_title : "");
  if (visit->team != NULL && visit->team[0] != '\0')
    append_fact (out, _("Team"), visit->team);

  g_string_append (out, "</dl>\n");
}

/* A caption that says what a table is to a screen reader, hidden on the
 * page where the heading above the table says it already.
 */
static void
append_caption (GString    *out,
                const char *text)
{
  append_element (out, "<caption class=\"visually-hidden\">", text, "</caption>\n");
}

static void
append_answers (GString               *out,
                const WrReportSection *section)
{
  g_string_append (out, "<table class=\"answers\">\n");
  append_caption (out, section->title);
  g_string_append_printf (out, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                               "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
                          _("Question"), _("Answer"), _("Comment"));

  for (guint i = 0; i < section->answers->len; i++)
    {
      WrReportAnswer *answer = g_ptr_array_index (section->answers, i);

      append_element (out, "<tr><th scope=\"row\">", answer->question, "</th>");
      append_element (out, "<td>", answer->value, "</td>");
      append_element (out, "<td>", answer->comment, "</td></tr>\n");
      if (answer->photos->len > 0)
        {
          g_string_append (out, "<tr class=\"photos\"><td colspan=\"3\">");
          append_photos (out, answer->photos);
          g_string_append (out, "</td></tr>\n");
        }
    }

  g_string_append (out, "</tbody>\n</table>\n");
}

/* Repeats or members as a table, a row each; wide tables scroll on a
 * narrow screen, inside a region the keyboard can reach.
 */
static void
append_table (GString               *out,
              const WrReportSection *section)
{
  g_string_append (out, "<div class=\"wide\" role=\"region\" tabindex=\"0\" aria-label=\"");
  append_text (out, section->title);
  g_string_append (out, "\">\n<table class=\"repeats\">\n");
  append_caption (out, section->title);
  append_element (out, "<thead><tr><th scope=\"col\">", section->row_heading, "</th>");
  for (guint i = 0; i < section->columns->len; i++)
    append_element (out, "<th scope=\"col\">", g_ptr_array_index (section->columns, i), "</th>");
  g_string_append (out, "</tr></thead>\n<tbody>\n");

  for (guint r = 0; r < section->rows->len; r++)
    {
      WrReportRow *row = g_ptr_array_index (section->rows, r);

      append_element (out, "<tr><th scope=\"row\">", row->label, "</th>");
      for (guint i = 0; i < row->cells->len; i++)
        append_element (out, "<td>", g_ptr_array_index (row->cells, i), "</td>");
      g_string_append (out, "</tr>\n");
    }

  g_string_append (out, "</tbody>\n</table>\n</div>\n");
}

/* Many questions: a small table per repeat, as on the PDF's pages. */
static void
append_table_by_row (GString               *out,
                     const WrReportSection *section)
{
  for (guint r = 0; r < section->rows->len; r++)
    {
      WrReportRow *row = g_ptr_array_index (section->rows, r);
      g_autofree char *title = g_strdup_printf ("%s %s", section->row_heading, row->label);
      g_autofree char *caption = g_strdup_printf ("%s: %s", section->title, title);

      g_string_append (out, "<table class=\"answers repeat\">\n");
      append_element (out, "<caption>", caption, "</caption>\n");
      g_string_append_printf (out, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n"
                                   "<tbody>\n",
                              _("Question"), _("Answer"));
      for (guint i = 0; i < row->cells->len; i++)
        {
          append_element (out, "<tr><th scope=\"row\">", g_ptr_array_index (section->columns, i), "</th>");
          append_element (out, "<td>", g_ptr_array_index (row->cells, i), "</td></tr>\n");
        }
      g_string_append (out, "</tbody>\n</table>\n");
    }
}

static void
append_observation_text (GString                   *out,
                         const WrReportObservation *observation)
{
  if (g_strcmp0 (observation->kind, "quote") == 0)
    append_element (out, "<blockquote><p>", observation->text, "</p></blockquote>\n");
  else
    append_element (out, "<p class=\"observation-text\">", observation->text, "</p>\n");
}

static void
append_observations (GString             *out,
                     const WrReportVisit *visit)
{
  if (visit->observations->len == 0)
    return;

  append_heading (out, 5, NULL, _("Observations"));
  for (guint g = 0; g < visit->groups->len; g++)
    {
      WrReportObservationGroup *group = g_ptr_array_index (visit->groups, g);
      g_autofree char *title = g_strdup_printf ("%s (%u)", group->title, group->items->len);

      append_heading (out, 6, NULL, title);
      g_string_append (out, "<ul class=\"observations\">\n");
      for (guint i = 0; i < group->items->len; i++)
        {
          WrReportObservation *observation = g_ptr_array_index (group->items, i);

          g_string_append (out, "<li>");
          append_observation_text (out, observation);
          if (observation->context != NULL)
            append_element (out, "<p class=\"meta\">", observation->context, "</p>");
          g_string_append (out, "</li>\n");
        }
      g_string_append (out, "</ul>\n");
    }
}

static void
append_actions (GString             *out,
                const WrReportVisit *visit)
{
  if (visit->actions->len == 0)
    return;

  append_heading (out, 5, NULL, _("Actions"));
  g_string_append (out, "<table class=\"actions\">\n");
  append_caption (out, _("Actions"));
  g_string_append_printf (out, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
                          _("Action"), _("Owner"), _("Due"), _("Status"));
  for (guint i = 0; i < visit->actions->len; i++)
    {
      WrReportAction *action = g_ptr_array_index (visit->actions, i);

      append_element (out, "<tr><th scope=\"row\">", action->text, "</th>");
      append_element (out, "<td>", action->owner, "</td>");
      append_element (out, "<td>", action->due, "</td>");
      append_element (out, "<td>", action->status, "</td></tr>\n");
    }
  g_string_append (out, "</tbody>\n</table>\n");
}

static void
append_visit (GString             *out,
              const WrReportVisit *visit)
{
  g_autofree char *heading_id = g_strdup_printf ("visit-%s-heading", visit->uuid);
  g_autofree char *kind = g_strcmp0 (visit->status_id, "draft") == 0
                        /* TRANSLATORS: a visit's kind, in a heading, when it is a draft */
                        ? g_strdup_printf (_("%s (draft)"), visit->kind_label)
                        : g_strdup (visit->kind_label);

  g_string_append (out, "<article class=\"visit\" id=\"visit-");
  append_text (out, visit->uuid);
  g_string_append (out, "\" aria-labelledby=\"");
  append_text (out, heading_id);
  g_string_append (out, "\">\n<h4 id=\"");
  append_text (out, heading_id);
  g_string_append (out, "\">");
  append_date (out, visit->started, FALSE);
  g_string_append (out, ": ");
  append_text (out, kind);
  g_string_append (out, "</h4>\n");

  append_facts (out, visit);

  for (guint s = 0; s < visit->sections->len; s++)
    {
      WrReportSection *section = g_ptr_array_index (visit->sections, s);
      g_autofree char *title = section->score != NULL
                             /* TRANSLATORS: a section's title and its score in percent */
                             ? g_strdup_printf (_("%s — %s%%"), section->title, section->score)
                             : g_strdup (section->title);

      append_heading (out, 5, NULL, title);
      if (section->columns == NULL)
        append_answers (out, section);
      else if (section->columns->len <= MAX_TABLE_COLUMNS)
        append_table (out, section);
      else
        append_table_by_row (out, section);
      append_photos (out, section->photos);
    }

  append_observations (out, visit);
  append_actions (out, visit);

  if (visit->photos->len > 0)
    {
      append_heading (out, 5, NULL, _("Photos"));
      append_photos (out, visit->photos);
    }
  if (visit->documents->len > 0)
    {
      append_heading (out, 5, NULL, _("Other attachments"));
      append_element (out, "<p>", _("These are in the evidence pack, not in this report:"), "</p>\n<ul>\n");
      for (guint i = 0; i < visit->documents->len; i++)
        append_element (out, "<li>", g_ptr_array_index (visit->documents, i), "</li>\n");
      g_string_append (out, "</ul>\n");
    }

  g_string_append (out, "</article>\n");
}

/* An observation as evidence, under a regulation, statement or theme. */
static void
append_evidence (GString                   *out,
                 const WrReportVisit       *visit,
                 const WrReportObservation *observation)
{
  g_string_append (out, "<li><p class=\"meta\">");
  append_text (out, visit->service);
  g_string_append (out, ", <a href=\"#visit-");
  append_text (out, visit->uuid);
  g_string_append (out, "\">");
  append_date (out, visit->started, FALSE);
  g_string_append (out, "</a></p>\n<p class=\"observation-kind\"><strong>");
  append_text (out, observation->kind_title);
  g_string_append (out, "</strong>");
  if (observation->context != NULL)
    {
      g_string_append (out, " · ");
      append_text (out, observation->context);
    }
  g_string_append (out, "</p>\n");
  append_observation_text (out, observation);
  g_string_append (out, "</li>\n");
}

static void
append_open_action (GString             *out,
                    const WrReportVisit *visit,
                    const WrReportAction *action)
{
  append_element (out, "<tr><th scope=\"row\">", action->text, "</th>");
  append_element (out, "<td>", action->owner != NULL ? action->owner : _("Nobody named"), "</td>");
  append_element (out, "<td>", action->due != NULL ? action->due : _("No date"), "</td>");
  append_element (out, "<td>", visit->service, "</td>");
  g_string_append (out, "<td><a href=\"#visit-");
  append_text (out, visit->uuid);
  g_string_append (out, "\">");
  append_date (out, visit->started, FALSE);
  g_string_append (out, "</a></td></tr>\n");
}

/* The spool ----------------------------------------------------------------------- */

static gboolean
spool_buffer (WrReportHtml  *self,
              Chunk         *chunk,
              GError       **error)
{
  GOutputStream *stream = g_io_stream_get_output_stream (G_IO_STREAM (self->spool));
  g_autoptr(GError) local_error = NULL;

  chunk->offset = self->spool_size;
  chunk->length = self->buffer->len;
  if (!g_output_stream_write_all (stream, self->buffer->str, self->buffer->len, NULL, NULL, &local_error))
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_WRITE,
                   _("Could not write the report’s temporary file “%s”: %s"), self->spool_path,
                   local_error->message);
      return FALSE;
    }
  self->spool_size += self->buffer->len;
  g_string_truncate (self->buffer, 0);

  return TRUE;
}

static void
add_evidence_entry (WrReportHtml *self,
                    const char   *kind,
                    const char   *ref,
                    guint         visit,
                    const Chunk  *chunk)
{
  g_autofree char *key = g_strdup_printf ("%s %s", kind, ref);
  EvidenceEntry entry = { visit, *chunk };
  GArray *list;

  if (!(list = g_hash_table_lookup (self->evidence, key)))
    {
      list = g_array_new (FALSE, FALSE, sizeof (EvidenceEntry));
      g_hash_table_insert (self->evidence, g_steal_pointer (&key), list);
    }
  g_array_append_val (list, entry);
}

static gboolean
contains (GPtrArray  *list,
          const char *value)
{
  return g_ptr_array_find_with_equal_func (list, value, g_str_equal, NULL);
}

/* A report of some regulations or quality statements (the scope names
 * them) groups as evidence only the observations linked to one of them:
 * the visits' other observations stay in each visit.
 */
static gboolean
is_evidence (WrReportHtml              *self,
             const WrReportObservation *observation)
{
  if (self->scope_regulations->len == 0 && self->scope_statements->len == 0)
    return TRUE;

  for (guint i = 0; i < observation->regulations->len; i++)
    {
      if (contains (self->scope_regulations, g_ptr_array_index (observation->regulations, i)))
        return TRUE;
    }
  for (guint i = 0; i < observation->statements->len; i++)
    {
      if (contains (self->scope_statements, g_ptr_array_index (observation->statements, i)))
        return TRUE;
    }

  return FALSE;
}

static void
count_visit (WrReportHtml        *self,
             const WrReportVisit *visit)
{
  const char *kind = visit->kind != NULL ? visit->kind : "";
  KindCount *count;

  if (!(count = g_hash_table_lookup (self->kinds, kind)))
    {
      count = g_new0 (KindCount, 1);
      g_hash_table_insert (self->kinds, g_strdup (kind), count);
      g_hash_table_insert (self->kind_labels, g_strdup (kind),
                           g_strdup (visit->kind_label != NULL ? visit->kind_label : kind));
    }
  count->all++;
  if (g_strcmp0 (visit->status_id, "draft") == 0)
    count->draft++;
  else if (g_strcmp0 (visit->status_id, "completed") == 0)
    count->completed++;

  if (visit->service_uuid != NULL)
    g_hash_table_add (self->services, g_strdup (visit->service_uuid));

  for (guint i = 0; i < visit->actions->len; i++)
    {
      WrReportAction *action = g_ptr_array_index (visit->actions, i);

      self->n_all_actions++;
      if (g_strcmp0 (action->status_id, "open") == 0)
        self->n_actions[0]++;
      else if (g_strcmp0 (action->status_id, "done") == 0)
        self->n_actions[1]++;
      else if (g_strcmp0 (action->status_id, "dropped") == 0)
        self->n_actions[2]++;
    }
}

/**
 * _wr_report_html_add_visit:
 * @self: the report
 * @visit: the next visit of the pack, as its model
 * @error: return location for a #GError
 *
 * Renders the visit, its observations as evidence and its open actions
 * into the spool, and counts them for the summary.
 *
 * Returns: %TRUE unless the spool could not be written
 */
gboolean
_wr_report_html_add_visit (WrReportHtml         *self,
                           const WrReportVisit  *visit,
                           GError              **error)
{
  VisitEntry entry = { 0 };
  guint index = self->visits->len;

  append_visit (self->buffer, visit);
  if (!spool_buffer (self, &entry.chunk, error))
    return FALSE;
  entry.service = g_strdup (visit->service);
  entry.service_uuid = g_strdup (visit->service_uuid);
  entry.started = g_strdup (visit->started != NULL ? visit->started : "");
  g_array_append_val (self->visits, entry);

  count_visit (self, visit);

  for (guint i = 0; i < visit->observations->len; i++)
    {
      WrReportObservation *observation = g_ptr_array_index (visit->observations, i);
      Chunk chunk;

      if (!is_evidence (self, observation))
        continue;

      append_evidence (self->buffer, visit, observation);
      if (!spool_buffer (self, &chunk, error))
        return FALSE;

      self->n_observations++;
      g_hash_table_insert (self->observation_kinds, g_strdup (observation->kind_title),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->observation_kinds,
                                                                                      observation->kind_title)) + 1));

      for (guint r = 0; r < observation->regulations->len; r++)
        add_evidence_entry (self, "regulation", g_ptr_array_index (observation->regulations, r), index, &chunk);
      if (observation->regulations->len == 0)
        add_evidence_entry (self, "regulation", "", index, &chunk);
      for (guint s = 0; s < observation->statements->len; s++)
        add_evidence_entry (self, "statement", g_ptr_array_index (observation->statements, s), index, &chunk);
      for (guint t = 0; t < observation->themes->len; t++)
        {
          add_evidence_entry (self, "theme", g_ptr_array_index (observation->themes, t), index, &chunk);
          self->any_theme = TRUE;
        }
    }

  for (guint i = 0; i < visit->actions->len; i++)
    {
      WrReportAction *action = g_ptr_array_index (visit->actions, i);
      ActionEntry action_entry = { NULL, index, { 0, 0 } };

      if (g_strcmp0 (action->status_id, "open") != 0)
        continue;
      append_open_action (self->buffer, visit, action);
      if (!spool_buffer (self, &action_entry.chunk, error))
        return FALSE;
      action_entry.due = g_strdup (action->due_date);
      g_array_append_val (self->open_actions, action_entry);
    }

  return TRUE;
}

static void
add_texts (GPtrArray  *list,
           xmlNode    *scope,
           const char *name,
           const char *attribute)
{
  for (xmlNode *node = scope->children; node != NULL; node = node->next)
    {
      char *value;

      if (!_wr_xml_is_element (node, PACK_NS, name))
        continue;
      value = attribute != NULL ? _wr_xml_get_attribute (node, attribute) : g_strstrip (_wr_xml_get_text (node));
      if (value != NULL)
        g_ptr_array_add (list, value);
    }
}

/**
 * _wr_report_html_set_pack:
 * @self: the report
 * @record: a record of the pack that is not a visit
 *
 * Takes what the report says of the pack itself: when it was written and
 * by what, and the filters it was made with.
 */
void
_wr_report_html_set_pack (WrReportHtml *self,
                          xmlNode      *record)
{
  if (self->created == NULL && record->doc != NULL && xmlDocGetRootElement (record->doc) != NULL)
    self->created = _wr_xml_get_attribute (xmlDocGetRootElement (record->doc), "created");

  if (_wr_xml_is_element (record, PACK_NS, "generator"))
    {
      g_autofree char *name = _wr_xml_get_attribute (record, "name");
      g_autofree char *version = _wr_xml_get_attribute (record, "version");

      g_free (self->generator);
      self->generator = g_strdup_printf ("%s %s", name != NULL ? name : "", version != NULL ? version : "");
    }
  else if (_wr_xml_is_element (record, PACK_NS, "scope"))
    {
      g_autoptr(GPtrArray) status = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) visits = g_ptr_array_new_with_free_func (g_free);

      add_texts (self->scope_from, record, "from", NULL);
      add_texts (self->scope_to, record, "to", NULL);
      add_texts (self->scope_services, record, "service", "uuid");
      add_texts (self->scope_kinds, record, "kind", NULL);
      add_texts (self->scope_regulations, record, "regulation", NULL);
      add_texts (self->scope_statements, record, "statement", NULL);
      add_texts (status, record, "status", NULL);
      add_texts (changed, record, "changed-since", NULL);
      add_texts (visits, record, "visit", NULL);
      if (status->len > 0)
        self->scope_status = g_strdup (g_ptr_array_index (status, 0));
      if (changed->len > 0)
        self->scope_changed_since = g_strdup (g_ptr_array_index (changed, 0));
      self->scope_n_visits = visits->len;
    }
}

/* Putting it together ------------------------------------------------------------- */

typedef struct
{
  WrReportHtml          *self;
  WrReportHtmlWriteFunc  write;
  gpointer               user_data;
  GString               *out;
} Writer;

static gboolean
writer_flush (Writer  *writer,
              GError **error)
{
  gboolean ok = writer->write (writer->out->str, writer->out->len, writer->user_data, error);

  g_string_truncate (writer->out, 0);
  return ok;
}

/* Copies a spooled part into the report. */
static gboolean
writer_copy (Writer       *writer,
             const Chunk  *chunk,
             GError      **error)
{
  WrReportHtml *self = writer->self;
  GInputStream *stream = g_io_stream_get_input_stream (G_IO_STREAM (self->spool));
  g_autoptr(GError) local_error = NULL;
  gsize start = writer->out->len;
  gsize got = 0;

  g_string_set_size (writer->out, start + chunk->length);
  if (!g_seekable_seek (G_SEEKABLE (self->spool), chunk->offset, G_SEEK_SET, NULL, &local_error) ||
      !g_input_stream_read_all (stream, writer->out->str + start, chunk->length, &got, NULL, &local_error) ||
      got != chunk->length)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_WRITE,
                   _("Could not read the report’s temporary file “%s”: %s"), self->spool_path,
                   local_error != NULL ? local_error->message : _("it is shorter than was written"));
      return FALSE;
    }

  return writer->out->len < 256 * 1024 || writer_flush (writer, error);
}

static void
append_period (GString      *out,
               WrReportHtml *self,
               gboolean      plain)
{
  const char *from = self->scope_from->len > 0 ? g_ptr_array_index (self->scope_from, 0) : NULL;
  const char *to = self->scope_to->len > 0 ? g_ptr_array_index (self->scope_to, 0) : NULL;
  g_autoptr(GString) from_words = g_string_new (NULL);
  g_autoptr(GString) to_words = g_string_new (NULL);

  append_date (from_words, from, plain);
  append_date (to_words, to, plain);

  /* The dates are HTML already; the words around them are escaped. */
  if (from != NULL && to != NULL)
    {
      g_string_append (out, from_words->str);
      g_string_append_c (out, ' ');
      /* TRANSLATORS: between the two dates of a report's period */
      append_text (out, _("to"));
      g_string_append_c (out, ' ');
      g_string_append (out, to_words->str);
    }
  else if (from != NULL)
    {
      /* TRANSLATORS: before the first date of a report's period, when it has no end */
      append_text (out, _("From"));
      g_string_append_c (out, ' ');
      g_string_append (out, from_words->str);
    }
  else if (to != NULL)
    {
      /* TRANSLATORS: before the last date of a report's period, when it has no start */
      append_text (out, _("Up to"));
      g_string_append_c (out, ' ');
      g_string_append (out, to_words->str);
    }
  else
    append_text (out, _("All dates"));
}

static char *
kind_label (const char *kind)
{
  WrFormKind value;

  return g_strdup (kind != NULL && wr_form_kind_from_string (kind, &value) ? wr_form_kind_get_label (value) : kind);
}

static char *
regulation_title (WrCatalog  *catalog,
                  const char *id)
{
  WrCatalogEntry *entry = wr_catalog_lookup (catalog, WR_CATALOG_REGULATION, id);

  /* TRANSLATORS: a regulation's number and its title: "Regulation 12: Safe care and treatment" */
  return entry != NULL ? g_strdup_printf (_("Regulation %s: %s"), id, wr_catalog_entry_get_title (entry))
                       /* TRANSLATORS: a regulation the catalogue does not know, by its number */
                       : g_strdup_printf (_("Regulation %s"), id);
}

static const char *
statement_title (WrCatalog  *catalog,
                 const char *id)
{
  WrCatalogEntry *entry = wr_catalog_lookup (catalog, WR_CATALOG_STATEMENT, id);

  return entry != NULL ? wr_catalog_entry_get_title (entry) : id;
}

static void
append_list_fact (GString      *out,
                  const char   *term,
                  GPtrArray    *values,
                  const char   *separator)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < values->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? separator : "", (const char *) g_ptr_array_index (values, i));
  append_fact (out, term, text->str);
}

static void
append_scope (GString      *out,
              WrReportHtml *self,
              WrReportPack *pack)
{
  WrCatalog *catalog = _wr_report_pack_get_catalog (pack);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  g_string_append (out, "<dl class=\"scope\">\n");
  append_element (out, "<dt>", _("Period"), "</dt><dd>");
  append_period (out, self, FALSE);
  g_string_append (out, "</dd>\n");

  for (guint i = 0; i < self->scope_services->len; i++)
    {
      const char *name = _wr_report_pack_lookup_service (pack, g_ptr_array_index (self->scope_services, i));

      g_ptr_array_add (names, g_strdup (name != NULL ? name : g_ptr_array_index (self->scope_services, i)));
    }
  if (names->len > 0)
    append_list_fact (out, _("Services"), names, ", ");
  else
    append_fact (out, _("Services"), _("All services"));

  g_ptr_array_set_size (names, 0);
  for (guint i = 0; i < self->scope_kinds->len; i++)
    g_ptr_array_add (names, kind_label (g_ptr_array_index (self->scope_kinds, i)));
  if (names->len > 0)
    append_list_fact (out, _("Kinds of visit"), names, ", ");
  else
    append_fact (out, _("Kinds of visit"), _("All kinds"));

  if (self->scope_regulations->len > 0)
    {
      g_ptr_array_set_size (names, 0);
      for (guint i = 0; i < self->scope_regulations->len; i++)
        g_ptr_array_add (names, regulation_title (catalog, g_ptr_array_index (self->scope_regulations, i)));
      append_list_fact (out, _("Regulations"), names, "; ");
    }
  if (self->scope_statements->len > 0)
    {
      g_ptr_array_set_size (names, 0);
      for (guint i = 0; i < self->scope_statements->len; i++)
        g_ptr_array_add (names, g_strdup (statement_title (catalog, g_ptr_array_index (self->scope_statements, i))));
      append_list_fact (out, _("Quality statements"), names, "; ");
    }

  append_fact (out, _("Status"), g_strcmp0 (self->scope_status, "draft") == 0 ? _("Drafts only")
                                 : g_strcmp0 (self->scope_status, "completed") == 0 ? _("Completed visits only")
                                 : _("Drafts and completed visits"));

  if (self->scope_changed_since != NULL)
    {
      append_element (out, "<dt>", _("Changed since"), "</dt><dd>");
      append_date_time (out, self->scope_changed_since);
      g_string_append (out, "</dd>\n");
    }
  if (self->scope_n_visits > 0)
    {
      g_autofree char *chosen = g_strdup_printf (ngettext ("%u visit, chosen one by one",
                                                           "%u visits, chosen one by one", self->scope_n_visits),
                                                 self->scope_n_visits);

      append_fact (out, _("Visits chosen"), chosen);
    }

  append_element (out, "<dt>", _("Pack written"), "</dt><dd>");
  append_date_time (out, self->created);
  g_string_append (out, "</dd>\n");
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *now_text = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");

    append_element (out, "<dt>", _("Report made"), "</dt><dd>");
    append_date_time (out, now_text);
    g_string_append (out, "</dd>\n");
  }
  g_string_append (out, "</dl>\n");
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* A table's keys, sorted; they stay owned by the table. */
static GPtrArray *
sorted_keys (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_strings);
  return keys;
}

static void
append_count_row (GString    *out,
                  const char *label,
                  guint       n)
{
  append_element (out, "<tr><th scope=\"row\">", label, "</th>");
  g_string_append_printf (out, "<td class=\"number\">%u</td></tr>\n", n);
}

static void
append_summary (GString      *out,
                WrReportHtml *self)
{
  guint n_visits = self->visits->len;
  guint n_services = g_hash_table_size (self->services);
  g_autoptr(GPtrArray) keys = NULL;
  g_autofree char *visits = NULL;
  g_autofree char *services = NULL;
  g_autofree char *observations = NULL;
  g_autofree char *actions = NULL;
  g_autofree char *sentence = NULL;
  KindCount all = { 0 };

  g_string_append (out, "<section id=\"summary\" aria-labelledby=\"summary-heading\">\n");
  append_heading (out, 2, "summary-heading", _("Summary"));

  if (n_visits == 0)
    {
      append_element (out, "<p>", _("No visit is in the pack: none matched the filters it was made with."), "</p>\n");
      g_string_append (out, "</section>\n");
      return;
    }

  visits = g_strdup_printf (ngettext ("%u visit", "%u visits", n_visits), n_visits);
  services = g_strdup_printf (ngettext ("%u service", "%u services", n_services), n_services);
  observations = g_strdup_printf (ngettext ("%u observation", "%u observations", self->n_observations),
                                  self->n_observations);
  actions = g_strdup_printf (ngettext ("%u action", "%u actions", self->n_all_actions), self->n_all_actions);
  /* TRANSLATORS: "40 visits to 12 services, with 310 observations and 52 actions, of which 20 open." */
  sentence = g_strdup_printf (_("%s to %s, with %s and %s, of which %u open."), visits, services, observations,
                              actions, self->n_actions[0]);
  append_element (out, "<p>", sentence, "</p>\n");

  /* Visits by kind, in the order of the kinds' ids. */
  keys = sorted_keys (self->kinds);
  g_string_append (out, "<table>\n");
  append_element (out, "<caption>", _("Visits by kind and status"), "</caption>\n");
  g_string_append_printf (out, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\" class=\"number\">%s</th>"
                               "<th scope=\"col\" class=\"number\">%s</th><th scope=\"col\" class=\"number\">%s"
                               "</th></tr></thead>\n<tbody>\n",
                          _("Kind of visit"), _("Draft"), _("Completed"), _("All"));
  for (guint i = 0; i < keys->len; i++)
    {
      KindCount *count = g_hash_table_lookup (self->kinds, g_ptr_array_index (keys, i));

      append_element (out, "<tr><th scope=\"row\">", g_hash_table_lookup (self->kind_labels, g_ptr_array_index (keys, i)),
                      "</th>");
      g_string_append_printf (out, "<td class=\"number\">%u</td><td class=\"number\">%u</td>"
                                   "<td class=\"number\">%u</td></tr>\n",
                              count->draft, count->completed, count->all);
      all.draft += count->draft;
      all.completed += count->completed;
      all.all += count->all;
    }
  append_element (out, "</tbody>\n<tfoot><tr><th scope=\"row\">", _("All kinds"), "</th>");
  g_string_append_printf (out, "<td class=\"number\">%u</td><td class=\"number\">%u</td>"
                               "<td class=\"number\">%u</td></tr></tfoot>\n</table>\n",
                          all.draft, all.completed, all.all);

  if (self->n_observations > 0)
    {
      g_autoptr(GPtrArray) kinds = sorted_keys (self->observation_kinds);

      g_string_append (out, "<table>\n");
      append_element (out, "<caption>", _("Observations by kind"), "</caption>\n");
      g_string_append_printf (out, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\" class=\"number\">%s"
                                   "</th></tr></thead>\n<tbody>\n",
                              _("Kind of observation"), _("Number"));
      for (guint i = 0; i < kinds->len; i++)
        append_count_row (out, g_ptr_array_index (kinds, i),
                          GPOINTER_TO_UINT (g_hash_table_lookup (self->observation_kinds, g_ptr_array_index (kinds, i))));
      g_string_append (out, "</tbody>\n</table>\n");
    }

  if (self->n_all_actions > 0)
    {
      g_string_append (out, "<table>\n");
      append_element (out, "<caption>", _("Actions by status"), "</caption>\n");
      g_string_append_printf (out, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\" class=\"number\">%s"
                                   "</th></tr></thead>\n<tbody>\n",
                              _("Status"), _("Number"));
      append_count_row (out, _("Open"), self->n_actions[0]);
      append_count_row (out, _("Done"), self->n_actions[1]);
      append_count_row (out, _("Dropped"), self->n_actions[2]);
      g_string_append (out, "</tbody>\n</table>\n");
    }

  g_string_append (out, "</section>\n");
}

/* Visits by service name, then by when they started; the order they
 * were read in between equals.
 */
static int
compare_visits (gconstpointer a,
                gconstpointer b)
{
  const VisitEntry *x = *(const VisitEntry * const *) a;
  const VisitEntry *y = *(const VisitEntry * const *) b;
  int order = g_utf8_collate (x->service, y->service);

  if (order == 0)
    order = g_strcmp0 (x->service_uuid, y->service_uuid);
  if (order == 0)
    order = strcmp (x->started, y->started);
  return order != 0 ? order : (x < y ? -1 : x > y);
}

static gboolean
write_visits (Writer        *writer,
              WrReportPack  *pack,
              GError       **error)
{
  WrReportHtml *self = writer->self;
  g_autoptr(GPtrArray) order = g_ptr_array_sized_new (self->visits->len);
  const char *service = NULL;

  g_string_append (writer->out, "<section id=\"visits\" aria-labelledby=\"visits-heading\">\n");
  append_heading (writer->out, 2, "visits-heading", _("Visits by service"));
  if (self->visits->len == 0)
    append_element (writer->out, "<p>", _("The pack has no visits."), "</p>\n");

  for (guint i = 0; i < self->visits->len; i++)
    g_ptr_array_add (order, &g_array_index (self->visits, VisitEntry, i));
  g_ptr_array_sort (order, compare_visits);

  for (guint i = 0; i < order->len; i++)
    {
      VisitEntry *entry = g_ptr_array_index (order, i);

      if (service == NULL || g_strcmp0 (service, entry->service_uuid) != 0)
        {
          g_autofree char *id = g_strdup_printf ("service-%s", entry->service_uuid != NULL ? entry->service_uuid : "");
          g_autofree char *about = NULL;

          if (service != NULL)
            g_string_append (writer->out, "</section>\n");
          service = entry->service_uuid != NULL ? entry->service_uuid : "";
          g_string_append (writer->out, "<section class=\"service\" aria-labelledby=\"");
          append_text (writer->out, id);
          g_string_append (writer->out, "\">\n");
          append_heading (writer->out, 3, id, entry->service);
          if ((about = _wr_report_pack_lookup_service_about (pack, entry->service_uuid)) != NULL)
            append_element (writer->out, "<p class=\"meta\">", about, "</p>\n");
        }
      if (!writer_copy (writer, &entry->chunk, error))
        return FALSE;
    }
  if (service != NULL)
    g_string_append (writer->out, "</section>\n");

  g_string_append (writer->out, "</section>\n");
  return TRUE;
}

static int
compare_evidence (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  GArray *visits = user_data;
  const EvidenceEntry *x = a;
  const EvidenceEntry *y = b;
  int order = strcmp (g_array_index (visits, VisitEntry, x->visit).started,
                      g_array_index (visits, VisitEntry, y->visit).started);

  return order != 0 ? order : (x->chunk.offset < y->chunk.offset ? -1 : x->chunk.offset > y->chunk.offset);
}

/* A heading and the observations under it, by the date of their visit. */
static gboolean
write_group (Writer      *writer,
             const char  *key,
             const char  *id,
             const char  *title,
             guint        level,
             GError     **error)
{
  GArray *list = g_hash_table_lookup (writer->self->evidence, key);
  g_autoptr(GString) html_id = g_string_new (NULL);

  if (list == NULL || list->len == 0)
    return TRUE;

  /* An id from a pack is untrusted: only what is safe in an id stays. */
  for (const char *c = id; *c != '\0'; c++)
    g_string_append_c (html_id, g_ascii_isalnum (*c) || *c == '-' ? *c : '_');

  g_array_sort_with_data (list, compare_evidence, writer->self->visits);
  g_string_append (writer->out, "<section class=\"evidence\" aria-labelledby=\"");
  g_string_append (writer->out, html_id->str);
  g_string_append (writer->out, "\">\n");
  append_heading (writer->out, level, html_id->str, title);
  g_string_append (writer->out, "<ul class=\"observations\">\n");
  for (guint i = 0; i < list->len; i++)
    {
      if (!writer_copy (writer, &g_array_index (list, EvidenceEntry, i).chunk, error))
        return FALSE;
    }
  g_string_append (writer->out, "</ul>\n</section>\n");

  /* Written once only, even when a catalogue lists it twice. */
  g_hash_table_remove (writer->self->evidence, key);
  return TRUE;
}

/* The refs of @kind with evidence that the catalogue does not know, sorted. */
static GPtrArray *
unknown_refs (WrReportHtml  *self,
              WrCatalog     *catalog,
              WrCatalogKind  catalog_kind,
              const char    *kind)
{
  GPtrArray *refs = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *prefix = g_strdup_printf ("%s ", kind);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->evidence);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *ref = (const char *) key + strlen (prefix);

      if (g_str_has_prefix (key, prefix) && ref[0] != '\0' && wr_catalog_lookup (catalog, catalog_kind, ref) == NULL)
        g_ptr_array_add (refs, g_strdup (ref));
    }
  g_ptr_array_sort (refs, compare_strings);
  return refs;
}

static gboolean
write_regulations (Writer        *writer,
                   WrCatalog     *catalog,
                   GError       **error)
{
  WrReportHtml *self = writer->self;
  GListModel *regulations = wr_catalog_list (catalog, WR_CATALOG_REGULATION);
  g_autoptr(GPtrArray) unknown = unknown_refs (self, catalog, WR_CATALOG_REGULATION, "regulation");

  g_string_append (writer->out, "<section id=\"regulations\" aria-labelledby=\"regulations-heading\">\n");
  append_heading (writer->out, 2, "regulations-heading", _("Observations by regulation"));
  append_element (writer->out, "<p>",
                  _("The fundamental standards: Health and Social Care Act 2008 (Regulated Activities) "
                    "Regulations 2014, Part 3."), "</p>\n");
  if (self->n_observations == 0)
    append_element (writer->out, "<p>", _("The pack has no observations."), "</p>\n");

  for (guint i = 0; i < g_list_model_get_n_items (regulations) + unknown->len; i++)
    {
      g_autoptr(WrCatalogEntry) entry = i < g_list_model_get_n_items (regulations)
                                      ? g_list_model_get_item (regulations, i) : NULL;
      const char *id = entry != NULL ? wr_catalog_entry_get_id (entry)
                                     : g_ptr_array_index (unknown, i - g_list_model_get_n_items (regulations));
      g_autofree char *key = g_strdup_printf ("regulation %s", id);
      g_autofree char *html_id = g_strdup_printf ("regulation-%s", id);
      g_autofree char *title = regulation_title (catalog, id);

      if (self->scope_regulations->len > 0 && !contains (self->scope_regulations, id))
        continue;
      if (!write_group (writer, key, html_id, title, 3, error))
        return FALSE;
    }
  if (!write_group (writer, "regulation ", "regulation-none", _("Not linked to a regulation"), 3, error))
    return FALSE;

  g_string_append (writer->out, "</section>\n");
  return TRUE;
}

static gboolean
has_evidence (WrReportHtml *self,
              const char   *kind,
              const char   *ref)
{
  g_autofree char *key = g_strdup_printf ("%s %s", kind, ref);

  return g_hash_table_contains (self->evidence, key);
}

static gboolean
write_statements (Writer     *writer,
                  WrCatalog  *catalog,
                  GError    **error)
{
  WrReportHtml *self = writer->self;
  GListModel *key_questions = wr_catalog_list (catalog, WR_CATALOG_KEY_QUESTION);
  GListModel *statements = wr_catalog_list (catalog, WR_CATALOG_STATEMENT);
  g_autoptr(GPtrArray) unknown = unknown_refs (self, catalog, WR_CATALOG_STATEMENT, "statement");
  gboolean any = FALSE;
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->evidence);
  while (!any && g_hash_table_iter_next (&iter, &key, NULL))
    any = g_str_has_prefix (key, "statement ");

  g_string_append (writer->out, "<section id=\"statements\" aria-labelledby=\"statements-heading\">\n");
  append_heading (writer->out, 2, "statements-heading", _("Observations by quality statement"));
  append_element (writer->out, "<p>", _("CQC’s quality statements, under the five key questions."), "</p>\n");
  if (!any)
    append_element (writer->out, "<p>", _("No observation is linked to a quality statement."), "</p>\n");

  for (guint k = 0; any && k < g_list_model_get_n_items (key_questions); k++)
    {
      g_autoptr(WrCatalogEntry) key_question = g_list_model_get_item (key_questions, k);
      const char *kq = wr_catalog_entry_get_id (key_question);
      gboolean open = FALSE;

      for (guint s = 0; s < g_list_model_get_n_items (statements); s++)
        {
          g_autoptr(WrCatalogEntry) statement = g_list_model_get_item (statements, s);
          const char *id = wr_catalog_entry_get_id (statement);
          g_autofree char *group = g_strdup_printf ("statement %s", id);
          g_autofree char *html_id = g_strdup_printf ("statement-%s", id);

          if (g_strcmp0 (wr_catalog_entry_get_key_question (statement), kq) != 0 ||
              (self->scope_statements->len > 0 && !contains (self->scope_statements, id)) ||
              !has_evidence (self, "statement", id))
            continue;
          if (!open)
            {
              g_autofree char *kq_id = g_strdup_printf ("key-question-%s", kq);

              g_string_append (writer->out, "<section class=\"key-question\" aria-labelledby=\"");
              append_text (writer->out, kq_id);
              g_string_append (writer->out, "\">\n");
              append_heading (writer->out, 3, kq_id, wr_catalog_entry_get_title (key_question));
              open = TRUE;
            }
          if (!write_group (writer, group, html_id, wr_catalog_entry_get_title (statement), 4, error))
            return FALSE;
        }
      if (open)
        g_string_append (writer->out, "</section>\n");
    }

  for (guint i = 0; i < unknown->len; i++)
    {
      const char *id = g_ptr_array_index (unknown, i);
      g_autofree char *group = g_strdup_printf ("statement %s", id);
      g_autofree char *html_id = g_strdup_printf ("statement-%s", id);

      if (self->scope_statements->len > 0 && !contains (self->scope_statements, id))
        continue;
      if (!write_group (writer, group, html_id, id, 3, error))
        return FALSE;
    }

  g_string_append (writer->out, "</section>\n");
  return TRUE;
}

static gboolean
write_themes (Writer     *writer,
              WrCatalog  *catalog,
              GError    **error)
{
  GListModel *themes = wr_catalog_list (catalog, WR_CATALOG_THEME);
  g_autoptr(GPtrArray) unknown = unknown_refs (writer->self, catalog, WR_CATALOG_THEME, "theme");
  guint n_known = g_list_model_get_n_items (themes);

  if (!writer->self->any_theme)
    return TRUE;

  g_string_append (writer->out, "<section id=\"themes\" aria-labelledby=\"themes-heading\">\n");
  append_heading (writer->out, 2, "themes-heading", _("Observations by 15 Steps theme"));
  for (guint i = 0; i < n_known + unknown->len; i++)
    {
      g_autoptr(WrCatalogEntry) entry = i < n_known ? g_list_model_get_item (themes, i) : NULL;
      const char *id = entry != NULL ? wr_catalog_entry_get_id (entry) : g_ptr_array_index (unknown, i - n_known);
      g_autofree char *group = g_strdup_printf ("theme %s", id);
      g_autofree char *html_id = g_strdup_printf ("theme-%s", id);

      if (!write_group (writer, group, html_id, entry != NULL ? wr_catalog_entry_get_title (entry) : id, 3, error))
        return FALSE;
    }
  g_string_append (writer->out, "</section>\n");
  return TRUE;
}

/* Soonest due first, those with no date last. */
static int
compare_actions (gconstpointer a,
                 gconstpointer b)
{
  const ActionEntry *x = a;
  const ActionEntry *y = b;
  int order;

  if ((x->due == NULL) != (y->due == NULL))
    return x->due == NULL ? 1 : -1;
  order = g_strcmp0 (x->due, y->due);
  return order != 0 ? order : (x->chunk.offset < y->chunk.offset ? -1 : x->chunk.offset > y->chunk.offset);
}

static gboolean
write_open_actions (Writer  *writer,
                    GError **error)
{
  GArray *actions = writer->self->open_actions;

  g_string_append (writer->out, "<section id=\"actions\" aria-labelledby=\"actions-heading\">\n");
  append_heading (writer->out, 2, "actions-heading", _("Open actions"));
  if (actions->len == 0)
    {
      append_element (writer->out, "<p>", _("No action is open."), "</p>\n</section>\n");
      return TRUE;
    }

  g_array_sort (actions, compare_actions);
  g_string_append (writer->out, "<table class=\"open-actions\">\n");
  append_element (writer->out, "<caption>", _("Open actions, soonest due first"), "</caption>\n");
  g_string_append_printf (writer->out, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                                       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                                       "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
                          _("Action"), _("Owner"), _("Due"), _("Service"), _("Visit"));
  for (guint i = 0; i < actions->len; i++)
    {
      if (!writer_copy (writer, &g_array_index (actions, ActionEntry, i).chunk, error))
        return FALSE;
    }
  g_string_append (writer->out, "</tbody>\n</table>\n</section>\n");
  return TRUE;
}

/* The style: system fonts and colours, so that it follows the reader's
 * settings; photos scaled to the page; and a print style that keeps each
 * row, observation and photo on one page.
 */
static const char css[] =
  ":root { color-scheme: light dark; }\n"
  "body { font-family: system-ui, sans-serif; line-height: 1.5; max-width: 60rem; margin: 0 auto; "
  "padding: 1rem 1.5rem; color: CanvasText; background: Canvas; overflow-wrap: break-word; }\n"
  "h1, h2, h3, h4, h5, h6 { line-height: 1.25; }\n"
  "h2 { margin-top: 2.5rem; border-bottom: 2px solid currentColor; padding-bottom: 0.25rem; }\n"
  "h3 { margin-top: 2rem; }\n"
  "h4 { margin-bottom: 0.5rem; }\n"
  "h5 { font-size: 1rem; margin: 1.25rem 0 0.25rem; }\n"
  "h6 { font-size: 1rem; font-weight: normal; font-style: italic; margin: 0.75rem 0 0.25rem; }\n"
  ".period { font-size: 1.25rem; margin-top: -0.5rem; }\n"
  "dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.125rem 1rem; margin: 0.5rem 0; }\n"
  "dt { font-weight: bold; }\n"
  "dd { margin: 0; }\n"
  "table { border-collapse: collapse; margin: 0.5rem 0 1rem; width: 100%; }\n"
  "caption { text-align: left; font-weight: bold; padding-bottom: 0.25rem; }\n"
  "th, td { text-align: left; vertical-align: top; border: 1px solid GrayText; padding: 0.25rem 0.5rem; }\n"
  "tbody th { font-weight: normal; }\n"
  "thead th, tfoot th, tfoot td { font-weight: bold; }\n"
  "table.answers tbody th { width: 45%; }\n"
  ".number { text-align: right; font-variant-numeric: tabular-nums; }\n"
  ".wide { overflow-x: auto; }\n"
  ".visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); "
  "white-space: nowrap; }\n"
  ".visit { border-top: 1px solid GrayText; padding-top: 0.5rem; margin-top: 1.5rem; }\n"
  "/* Quieter than the text, yet at least 4.5:1 against the page (WCAG 2.2 AA):\n"
  "   GrayText is #808080 in Chromium, 3.9:1 on white. */\n"
  ".meta { color: #595959; }\n"
  "@media (prefers-color-scheme: dark) { .meta { color: #b0b0b0; } }\n"
  "ul.observations { list-style: none; padding: 0; }\n"
  "ul.observations > li { border-left: 4px solid GrayText; padding-left: 0.75rem; margin: 0.75rem 0; }\n"
  "ul.observations p { margin: 0.125rem 0; }\n"
  "blockquote { margin: 0.25rem 0 0.25rem 1rem; font-style: italic; }\n"
  "figure { margin: 0.5rem 0 1rem; }\n"
  "figure img { display: block; max-width: 100%; max-height: 40rem; height: auto; }\n"
  "figcaption { font-size: 0.875rem; }\n"
  "nav ol { columns: 2; }\n"
  "footer { margin-top: 3rem; border-top: 1px solid GrayText; font-size: 0.875rem; }\n"
  ".marking { text-align: center; font-weight: bold; letter-spacing: 0.05em; }\n"
  ".organisation { font-weight: bold; margin-bottom: 0; }\n"
  "@media (max-width: 30rem) {\n"
  "  body { padding: 0.5rem 0.75rem; }\n"
  "  dl { grid-template-columns: 1fr; }\n"
  "  dd { margin-bottom: 0.25rem; }\n"
  "  nav ol { columns: 1; }\n"
  "  th, td { padding: 0.25rem; }\n"
  "}\n"
  "@media print {\n"
  "  :root { color-scheme: light; }\n"
  "  body { max-width: none; padding: 0; font-size: 10.5pt; color: black; background: white; }\n"
  "  nav { display: none; }\n"
  "  a { color: inherit; text-decoration: none; }\n"
  "  h2 { break-before: page; }\n"
  "  #summary h2 { break-before: auto; }\n"
  "  h2, h3, h4, h5, h6, caption { break-after: avoid; }\n"
  "  tr, .visit dl, ul.observations > li, figure { break-inside: avoid; }\n"
  "  .wide { overflow: visible; }\n"
  "  th, td { border-color: black; }\n"
  "  .meta { color: #333; }\n"
  "}\n";

static void
append_head (GString      *out,
             WrReportHtml *self)
{
  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"" WR_REPORT_LANGUAGE "\">\n<head>\n<meta charset=\"UTF-8\">\n"
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                        "<meta name=\"generator\" content=\"Walkround " PACKAGE_VERSION "\">\n<title>");
  /* TRANSLATORS: the report's title, before its period */
  append_text (out, _("Evidence report: "));
  append_period (out, self, TRUE);
  g_string_append (out, "</title>\n<style>\n");
  g_string_append (out, css);
  g_string_append (out, "</style>\n</head>\n<body>\n<header>\n");
  if (self->marking[0] != '\0')
    append_element (out, "<p class=\"marking\">", self->marking, "</p>\n");
  if (self->organisation[0] != '\0')
    append_element (out, "<p class=\"organisation\">", self->organisation, "</p>\n");
  append_element (out, "<h1>", _("Evidence report"), "</h1>\n<p class=\"period\">");
  append_period (out, self, FALSE);
  g_string_append (out, "</p>\n");
}

static void
append_contents (GString      *out,
                 WrReportHtml *self)
{
  static const struct { const char *href; const char *title; } items[] = {
    { "#summary", N_("Summary") },
    { "#visits", N_("Visits by service") },
    { "#regulations", N_("Observations by regulation") },
    { "#statements", N_("Observations by quality statement") },
    { "#themes", N_("Observations by 15 Steps theme") },
    { "#actions", N_("Open actions") },
  };

  g_string_append (out, "<nav aria-labelledby=\"contents-heading\">\n");
  append_heading (out, 2, "contents-heading", _("Contents"));
  g_string_append (out, "<ol>\n");
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      if (g_str_equal (items[i].href, "#themes") && !self->any_theme)
        continue;
      g_string_append_printf (out, "<li><a href=\"%s\">", items[i].href);
      append_text (out, _(items[i].title));
      g_string_append (out, "</a></li>\n");
    }
  g_string_append (out, "</ol>\n</nav>\n");
}

static void
append_footer (GString      *out,
               WrReportHtml *self)
{
  g_autoptr(GString) when = g_string_new (NULL);
  g_autofree char *generator = g_markup_escape_text (self->generator != NULL ? self->generator : "", -1);
  g_autofree char *made = NULL;

  append_date_time (when, self->created);
  /* The translation is ours and trusted; what it is filled with is HTML
   * already, the pack's generator escaped.
   */
  /* TRANSLATORS: Walkround's version, the program and version that wrote the pack, and when */
  made = g_strdup_printf (_("Made by Walkround %s from an evidence pack written by %s on %s."), PACKAGE_VERSION,
                          generator, when->str);
  g_string_append (out, "<footer>\n<p>");
  g_string_append (out, made);
  g_string_append_c (out, ' ');
  append_text (out, _("Every visit in the pack was checked against its digest before this report was made."));
  g_string_append (out, "</p>\n");
  if (self->marking[0] != '\0')
    append_element (out, "<p class=\"marking\">", self->marking, "</p>\n");
  g_string_append (out, "</footer>\n</body>\n</html>\n");
}

/**
 * _wr_report_html_finish:
 * @self: the report, with every visit of the pack added
 * @pack: the pack, for its services and catalogue
 * @write: called with each part of the report, in order
 * @user_data: for @write
 * @error: return location for a #GError
 *
 * Writes the whole report: its header and scope, the summary, the visits
 * by service, the observations by regulation, quality statement and
 * theme, and the open actions, the spooled parts copied in order.
 *
 * Returns: %TRUE if every part was written
 */
gboolean
_wr_report_html_finish (WrReportHtml           *self,
                        WrReportPack           *pack,
                        WrReportHtmlWriteFunc   write,
                        gpointer                user_data,
                        GError                **error)
{
  g_autoptr(GString) out = g_string_sized_new (256 * 1024 + 4096);
  g_autoptr(GError) local_error = NULL;
  WrCatalog *catalog = _wr_report_pack_get_catalog (pack);
  Writer writer = { self, write, user_data, out };

  if (!g_output_stream_flush (g_io_stream_get_output_stream (G_IO_STREAM (self->spool)), NULL, &local_error))
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_WRITE,
                   _("Could not write the report’s temporary file “%s”: %s"), self->spool_path,
                   local_error->message);
      return FALSE;
    }

  append_head (out, self);
  append_scope (out, self, pack);
  g_string_append (out, "</header>\n");
  append_contents (out, self);
  g_string_append (out, "<main>\n");
  append_summary (out, self);

  if (!write_visits (&writer, pack, error) ||
      !write_regulations (&writer, catalog, error) ||
      !write_statements (&writer, catalog, error) ||
      !write_themes (&writer, catalog, error) ||
      !write_open_actions (&writer, error))
    return FALSE;

  g_string_append (out, "</main>\n");
  append_footer (out, self);

  return writer_flush (&writer, error);
}
