/* wr-report-model-private.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wr-report-private.h"

G_BEGIN_DECLS

/* One visit as a report shows it, in the words of the HTML report and the
 * CSV tables (wr-report-private.h): built from a visit record of a pack
 * once its digest has been checked, and laid out on pages by
 * wr-report-pages.c, for the PDF and for printing alike. It holds text
 * only, ready to show, and the bytes of its photos.
 */

typedef struct
{
  char   *caption;     /* the caption, else the file name */
  char   *media_type;
  GBytes *bytes;
} WrReportPhoto;

typedef struct
{
  char      *question;
  char      *value;    /* in the form's words; "" if only commented */
  char      *comment;  /* nullable */
  GPtrArray *photos;   /* WrReportPhoto, attached at this question */
} WrReportAnswer;

typedef struct
{
  char      *label;    /* the repeat's number or the member's name */
  GPtrArray *cells;    /* char *, one a column; "" when unanswered */
} WrReportRow;

typedef struct
{
  char      *title;
  char      *score;    /* "80.0", or NULL when not scored */
  GPtrArray *answers;  /* WrReportAnswer: a plain section */
  char      *row_heading;  /* a table section (repeats, per member): */
  GPtrArray *columns;  /* char *, the questions, in the form's order */
  GPtrArray *rows;     /* WrReportRow */
  GPtrArray *photos;   /* WrReportPhoto of a table section's questions */
} WrReportSection;

typedef struct
{
  char *uuid;
  char *kind;          /* good-practice, concern, think-about, idea, quote */
  char *voice;         /* patient, carer, staff, visitor or "" */
  char *text;
  char *context;       /* "Patient · At: question" … for a line under it; nullable */
  char *theme;         /* the title of its first 15 Steps theme; nullable */
  char *member_role;   /* the role of the member who wrote it; nullable */
  char *kind_title;    /* the catalogue's title of its kind, else the kind */
  char *voice_title;   /* whose voice, in words; nullable */
  char *question;      /* the label of the question it was written at; nullable */
  GPtrArray *regulations;  /* char *, the refs of its links of each kind, */
  GPtrArray *statements;   /* for the HTML report's evidence by regulation, */
  GPtrArray *themes;       /* statement and 15 Steps theme */
} WrReportObservation;

typedef struct
{
  char *text;
  char *owner;         /* nullable */
  char *due;           /* a date as words; nullable */
  char *status;        /* in words */
  char *due_date;      /* YYYY-MM-DD as the pack has it, to sort by; nullable */
  char *status_id;     /* open, done or dropped */
} WrReportAction;

typedef struct
{
  char *kind;
  char *title;         /* the catalogue's title of the kind */
  GPtrArray *items;    /* WrReportObservation, borrowed from the visit */
} WrReportObservationGroup;

typedef struct
{
  char      *uuid;
  char      *service;
  char      *kind;       /* WrFormKind string */
  char      *kind_label;
  char      *form_title;
  char      *date;       /* the day it started, in words */
  char      *status;     /* in words */
  char      *team;       /* "Name (Role); …" */
  GPtrArray *members;    /* char *, the team's names */
  char      *score;      /* nullable */
  GPtrArray *sections;      /* WrReportSection */
  GPtrArray *observations;  /* WrReportObservation, in the pack's order */
  GPtrArray *groups;        /* WrReportObservationGroup, by kind in the catalogue's order */
  GPtrArray *actions;       /* WrReportAction */
  GPtrArray *photos;        /* WrReportPhoto attached to the visit as a whole */
  GPtrArray *documents;     /* char *, attachments that are not images: their names */

  /* What the HTML report also shows, and sorts and counts by. */
  char      *service_uuid;
  char      *started;        /* ISO 8601, as the pack has it */
  char      *ended;          /* nullable */
  char      *status_id;      /* draft or completed */
  guint      revision;
  char      *form_version;
} WrReportVisit;

WrReportVisit *_wr_report_visit_new  (WrReportPack  *pack,
                                      xmlNode       *visit);
void           _wr_report_visit_free (WrReportVisit *visit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrReportVisit, _wr_report_visit_free)

G_END_DECLS
