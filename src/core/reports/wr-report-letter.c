/* wr-report-letter.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-report-letter"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-pack-error.h"
#include "wr-report-letter-private.h"

/* The feedback letter a ward or service receives after a NED or 15 Steps
 * visit: short, in plain words, leading with what went well. It is made
 * from the visit's report model, so it says what the report says, and it
 * is laid out by the report's pages for the PDF and printing, or written
 * as HTML for an email.
 */

typedef struct
{
  char *text;
  char *note;   /* nullable: a theme, or whose words */
} Item;

typedef struct
{
  char      *heading;
  char      *intro;   /* nullable */
  GPtrArray *items;   /* Item */
} Section;

struct _WrReportLetter
{
  char      *service;
  char      *kind_label;
  char      *date;
  char      *title;
  char      *greeting;
  GPtrArray *sections;   /* Section */
  GPtrArray *actions;    /* WrReportAction, borrowed from the visit */
  char      *next;       /* what follows the actions */
  char      *closing;
  guint      n_left_out;
};

static void
item_free (Item *item)
{
  g_free (item->text);
  g_free (item->note);
  g_free (item);
}

static void
section_free (Section *section)
{
  g_free (section->heading);
  g_free (section->intro);
  g_ptr_array_unref (section->items);
  g_free (section);
}

void
_wr_report_letter_free (WrReportLetter *letter)
{
  if (letter == NULL)
    return;

  g_free (letter->service);
  g_free (letter->kind_label);
  g_free (letter->date);
  g_free (letter->title);
  g_free (letter->greeting);
  g_clear_pointer (&letter->sections, g_ptr_array_unref);
  g_clear_pointer (&letter->actions, g_ptr_array_unref);
  g_free (letter->next);
  g_free (letter->closing);
  g_free (letter);
}

static Section *
add_section (WrReportLetter *letter,
             const char     *heading,
             const char     *intro)
{
  Section *section = g_new0 (Section, 1);

  section->heading = g_strdup (heading);
  section->intro = g_strdup (intro);
  section->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  g_ptr_array_add (letter->sections, section);
  return section;
}

/* A patient's or carer's words go to the ward only when the author has
 * ticked them in: they may say who spoke.
 */
static gboolean
is_private_voice (const WrReportObservation *observation)
{
  return g_strcmp0 (observation->voice, "patient") == 0 || g_strcmp0 (observation->voice, "carer") == 0;
}

static gboolean
is_included (const WrReportObservation *observation,
             const char * const        *include_quotes,
             gboolean                   all_quotes)
{
  if (!is_private_voice (observation) || all_quotes)
    return TRUE;
  return include_quotes != NULL && observation->uuid != NULL &&
         g_strv_contains (include_quotes, observation->uuid);
}

static gboolean
is_kind (const WrReportObservation *observation,
         const char                *kinds)
{
  g_auto(GStrv) list = g_strsplit (kinds, " ", -1);

  return observation->kind != NULL && g_strv_contains ((const char * const *) list, observation->kind);
}

static gboolean
is_service_user (const WrReportObservation *observation)
{
  return g_strcmp0 (observation->member_role, "service-user") == 0 ||
         g_strcmp0 (observation->member_role, "carer") == 0;
}

static void
add_items (Section                   *section,
           const WrReportVisit       *visit,
           const char                *kinds,
           gboolean                   fifteen_steps,
           int                        service_users,   /* -1 any, 0 not, 1 only */
           const char * const        *include_quotes,
           gboolean                   all_quotes)
{
  for (guint i = 0; i < visit->observations->len; i++)
    {
      WrReportObservation *observation = g_ptr_array_index (visit->observations, i);
      Item *item;

      if (!is_kind (observation, kinds) || !is_included (observation, include_quotes, all_quotes))
        continue;
      if (service_users >= 0 && is_service_user (observation) != (service_users == 1))
        continue;

      item = g_new0 (Item, 1);
      item->text = g_strdup (observation->text);
      if (fifteen_steps && observation->theme != NULL)
        item->note = g_strdup (observation->theme);
      else if (g_strcmp0 (observation->kind, "quote") == 0 && observation->context != NULL)
        item->note = g_strdup (observation->context);
      g_ptr_array_add (section->items, item);
    }
}

static guint
count_left_out (const WrReportVisit *visit,
                const char * const  *include_quotes,
                gboolean             all_quotes)
{
  guint n = 0;

  for (guint i = 0; i < visit->observations->len; i++)
    n += !is_included (g_ptr_array_index (visit->observations, i), include_quotes, all_quotes);
  return n;
}

/* Empty sections are dropped: a letter says only what there is to say. */
static void
drop_empty_sections (WrReportLetter *letter)
{
  for (guint i = letter->sections->len; i > 0; i--)
    {
      Section *section = g_ptr_array_index (letter->sections, i - 1);

      if (section->items->len == 0)
        g_ptr_array_remove_index (letter->sections, i - 1);
    }
}

/**
 * _wr_report_letter_new:
 * @visit: a NED or 15 Steps visit's model
 * @include_quotes: (nullable): the uuids of the observations in a
 *   patient's or carer's voice to put in; the others are left out
 * @all_quotes: put them all in
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the letter, or %NULL with
 *   %WR_PACK_ERROR_WRITE for a visit of another kind
 */
WrReportLetter *
_wr_report_letter_new (const WrReportVisit  *visit,
                       const char * const   *include_quotes,
                       gboolean              all_quotes,
                       GError              **error)
{
  gboolean fifteen_steps = g_strcmp0 (visit->kind, "fifteen-steps") == 0;
  WrReportLetter *letter;

  if (!fifteen_steps && g_strcmp0 (visit->kind, "ned-visit") != 0)
    {
      g_set_error (error, WR_PACK_ERROR, WR_PACK_ERROR_WRITE,
                   _("The feedback letter is for NED and 15 Steps visits; the visit %s to %s is a %s"),
                   visit->uuid, visit->service, visit->kind_label);
      return NULL;
    }

  letter = g_new0 (WrReportLetter, 1);
  letter->service = g_strdup (visit->service);
  letter->kind_label = g_strdup (visit->kind_label);
  letter->date = g_strdup (visit->date);
  letter->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) section_free);
  letter->actions = g_ptr_array_ref (visit->actions);
  letter->n_left_out = count_left_out (visit, include_quotes, all_quotes);

  /* TRANSLATORS: the title of the letter a ward receives after a visit */
  letter->title = g_strdup_printf (_("Feedback for %s"), visit->service);

  if (fifteen_steps)
    {
      letter->greeting = g_strdup_printf (_("Thank you for welcoming our 15 Steps team to %s on %s. We looked "
                                            "at the ward as a patient, carer or visitor would on their first "
                                            "steps in. This is what we found, starting with what went well."),
                                          visit->service, visit->date);
      add_items (add_section (letter, _("What went well"), NULL), visit, "good-practice", TRUE, 0,
                 include_quotes, all_quotes);
      add_items (add_section (letter, _("Things to think about"), NULL), visit, "concern think-about", TRUE, 0,
                 include_quotes, all_quotes);
      add_items (add_section (letter, _("Ideas"), NULL), visit, "idea", TRUE, 0, include_quotes, all_quotes);
      add_items (add_section (letter, _("The service users’ view"),
                              _("What the service users and carers on our team noticed.")),
                 visit, "good-practice concern think-about idea", TRUE, 1, include_quotes, all_quotes);
      add_items (add_section (letter, _("What people told us"), NULL), visit, "quote", TRUE, -1,
                 include_quotes, all_quotes);
      letter->next = g_strdup (_("This feedback goes three ways, as the 15 Steps Challenge asks: to the ward team, "
                                 "to the trust’s 15 Steps sponsor and to the board. We will share what went well "
                                 "and come back to see how things have moved on."));
    }
  else
    {
      letter->greeting = g_strdup_printf (_("Thank you for welcoming us to %s on %s. This letter sets out what "
                                            "we saw and heard, what could be better, and what will happen next."),
                                          visit->service, visit->date);
      add_items (add_section (letter, _("What went well"), NULL), visit, "good-practice", FALSE, -1,
                 include_quotes, all_quotes);
      add_items (add_section (letter, _("What could be better"), NULL), visit, "concern think-about", FALSE, -1,
                 include_quotes, all_quotes);
      add_items (add_section (letter, _("Ideas"), NULL), visit, "idea", FALSE, -1, include_quotes, all_quotes);
      add_items (add_section (letter, _("What people told us"), NULL), visit, "quote", FALSE, -1,
                 include_quotes, all_quotes);
      letter->next = g_strdup (_("We will report this visit to the board, and follow up the actions above with "
                                 "the people named."));
    }
  drop_empty_sections (letter);

  if (visit->members->len > 0)
    {
      g_autoptr(GString) names_text = g_string_new (NULL);
      g_autofree char *names = NULL;

      for (guint i = 0; i < visit->members->len; i++)
        g_string_append_printf (names_text, "%s%s", i > 0 ? ", " : "",
                                (const char *) g_ptr_array_index (visit->members, i));
      names = g_string_free (g_steal_pointer (&names_text), FALSE);

      /* TRANSLATORS: the end of the letter, then the visiting team's names */
      letter->closing = g_strdup_printf (_("With thanks,\n%s"), names);
    }
  else
    letter->closing = g_strdup (_("With thanks"));

  return letter;
}

guint
_wr_report_letter_get_n_left_out (const WrReportLetter *letter)
{
  return letter->n_left_out;
}

/* The PDF and printing -------------------------------------------------------- */

void
_wr_report_pages_add_letter (WrReportPages        *pages,
                             const WrReportLetter *letter)
{
  static const double widths[] = { 0.5, 0.25, 0.25 };
  const char *header[] = { _("What will be done"), _("Who"), _("By when") };

  _wr_report_pages_begin_document (pages, letter->service, letter->kind_label, letter->date);
  _wr_report_pages_add_text (pages, WR_REPORT_TEXT_TITLE, letter->title);
  _wr_report_pages_add_text (pages, WR_REPORT_TEXT_BODY, letter->greeting);

  for (guint s = 0; s < letter->sections->len; s++)
    {
      Section *section = g_ptr_array_index (letter->sections, s);

      _wr_report_pages_add_text (pages, WR_REPORT_TEXT_HEADING, section->heading);
      if (section->intro != NULL)
        _wr_report_pages_add_text (pages, WR_REPORT_TEXT_BODY, section->intro);
      for (guint i = 0; i < section->items->len; i++)
        {
          Item *item = g_ptr_array_index (section->items, i);

          _wr_report_pages_add_text (pages, WR_REPORT_TEXT_QUOTE, item->text);
          if (item->note != NULL)
            _wr_report_pages_add_text (pages, WR_REPORT_TEXT_SMALL, item->note);
        }
    }

  _wr_report_pages_add_text (pages, WR_REPORT_TEXT_HEADING, _("What will happen next"));
  if (letter->actions->len == 0)
    _wr_report_pages_add_text (pages, WR_REPORT_TEXT_BODY, _("No actions were agreed on the visit."));
  else
    {
      _wr_report_pages_add_row (pages, header, widths, 3, TRUE);
      for (guint i = 0; i < letter->actions->len; i++)
        {
          WrReportAction *action = g_ptr_array_index (letter->actions, i);
          const char *cells[] = { action->text, action->owner != NULL ? action->owner : "",
                                  action->due != NULL ? action->due : "" };

          _wr_report_pages_add_row (pages, cells, widths, 3, FALSE);
        }
      _wr_report_pages_end_table (pages);
    }
  _wr_report_pages_add_text (pages, WR_REPORT_TEXT_BODY, letter->next);
  _wr_report_pages_add_space (pages, 12.0);
  _wr_report_pages_add_text (pages, WR_REPORT_TEXT_BODY, letter->closing);

  _wr_report_pages_end_document (pages);
}

/* HTML, for an email ---------------------------------------------------------- */

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  g_string_append (out, escaped);
}

/* Text with line breaks kept, each line escaped. */
static void
append_lines (GString    *out,
              const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (out, "<br>");
      append_escaped (out, lines[i]);
    }
}

void
_wr_report_letter_append_html_start (GString    *out,
                                     const char *title,
                                     const char *organisation,
                                     const char *marking)
{
  /* The language the letter's words are in: that of the translation in
   * use, not of the locale (C.UTF-8 would give "c", no language at all).
   */
  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"");
  /* Translators: the BCP 47 tag of your language (e.g. "cy", "pl"), for
   * screen readers to read the HTML feedback letter in.
   */
  append_escaped (out, C_("HTML lang attribute", "en-GB"));
  g_string_append (out, "\">\n<head>\n<meta charset=\"utf-8\">\n"
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                        "<meta name=\"generator\" content=\"Walkround " PACKAGE_VERSION "\">\n<title>");
  append_escaped (out, title);
  g_string_append (out, "</title>\n<style>\n"
                        "body { font-family: system-ui, sans-serif; line-height: 1.5; max-width: 40rem; margin: 0 auto; "
                        "padding: 1rem; color: #1a1a1a; background: #fff; }\n"
                        ".marking { text-align: center; font-weight: bold; letter-spacing: 0.05em; }\n"
                        ".organisation { font-weight: bold; }\n"
                        "blockquote { margin: 0.5rem 0; padding-left: 0.75rem; border-left: 3px solid #595959; }\n"
                        ".note { color: #4d4d4d; font-size: 0.875rem; }\n"
                        "table { border-collapse: collapse; width: 100%; }\n"
                        "th, td { border: 1px solid #595959; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }\n"
                        "article + article { border-top: 2px solid #595959; margin-top: 2rem; }\n"
                        "</style>\n</head>\n<body>\n<header>\n");
  if (marking != NULL && marking[0] != '\0')
    {
      g_string_append (out, "<p class=\"marking\">");
      append_escaped (out, marking);
      g_string_append (out, "</p>\n");
    }
  if (organisation != NULL && organisation[0] != '\0')
    {
      g_string_append (out, "<p class=\"organisation\">");
      append_escaped (out, organisation);
      g_string_append (out, "</p>\n");
    }
  g_string_append (out, "</header>\n<main>\n");
}

void
_wr_report_letter_append_html_end (GString    *out,
                                   const char *marking)
{
  g_string_append (out, "</main>\n<footer>\n");
  if (marking != NULL && marking[0] != '\0')
    {
      g_string_append (out, "<p class=\"marking\">");
      append_escaped (out, marking);
      g_string_append (out, "</p>\n");
    }
  g_string_append (out, "</footer>\n</body>\n</html>\n");
}

void
_wr_report_letter_append_html (const WrReportLetter *letter,
                               GString              *out)
{
  g_string_append (out, "<article>\n<h1>");
  append_escaped (out, letter->title);
  g_string_append (out, "</h1>\n<p>");
  append_escaped (out, letter->kind_label);
  g_string_append (out, ", ");
  append_escaped (out, letter->date);
  g_string_append (out, "</p>\n<p>");
  append_escaped (out, letter->greeting);
  g_string_append (out, "</p>\n");

  for (guint s = 0; s < letter->sections->len; s++)
    {
      Section *section = g_ptr_array_index (letter->sections, s);

      g_string_append (out, "<h2>");
      append_escaped (out, section->heading);
      g_string_append (out, "</h2>\n");
      if (section->intro != NULL)
        {
          g_string_append (out, "<p>");
          append_escaped (out, section->intro);
          g_string_append (out, "</p>\n");
        }
      for (guint i = 0; i < section->items->len; i++)
        {
          Item *item = g_ptr_array_index (section->items, i);

          g_string_append (out, "<blockquote><p>");
          append_lines (out, item->text);
          g_string_append (out, "</p>");
          if (item->note != NULL)
            {
              g_string_append (out, "<p class=\"note\">");
              append_escaped (out, item->note);
              g_string_append (out, "</p>");
            }
          g_string_append (out, "</blockquote>\n");
        }
    }

  g_string_append (out, "<h2>");
  append_escaped (out, _("What will happen next"));
  g_string_append (out, "</h2>\n");
  if (letter->actions->len == 0)
    {
      g_string_append (out, "<p>");
      append_escaped (out, _("No actions were agreed on the visit."));
      g_string_append (out, "</p>\n");
    }
  else
    {
      g_string_append (out, "<table>\n<thead><tr><th scope=\"col\">");
      append_escaped (out, _("What will be done"));
      g_string_append (out, "</th><th scope=\"col\">");
      append_escaped (out, _("Who"));
      g_string_append (out, "</th><th scope=\"col\">");
      append_escaped (out, _("By when"));
      g_string_append (out, "</th></tr></thead>\n<tbody>\n");
      for (guint i = 0; i < letter->actions->len; i++)
        {
          WrReportAction *action = g_ptr_array_index (letter->actions, i);

          g_string_append (out, "<tr><td>");
          append_lines (out, action->text);
          g_string_append (out, "</td><td>");
          append_escaped (out, action->owner);
          g_string_append (out, "</td><td>");
          append_escaped (out, action->due);
          g_string_append (out, "</td></tr>\n");
        }
      g_string_append (out, "</tbody>\n</table>\n");
    }
  g_string_append (out, "<p>");
  append_escaped (out, letter->next);
  g_string_append (out, "</p>\n<p>");
  append_lines (out, letter->closing);
  g_string_append (out, "</p>\n</article>\n");
}
