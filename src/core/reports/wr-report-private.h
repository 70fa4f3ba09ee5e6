/* wr-report-private.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libxml/tree.h>

#include "wr-catalog.h"
#include "wr-form.h"
#include "wr-report.h"

G_BEGIN_DECLS

/* The tables, in the order of WR_REPORT_CSV_VISITS and the others. */
#define WR_REPORT_N_TABLES 4

/* One row of a table, with its cells as they are. */
typedef gboolean (*WrReportRowFunc)  (guint                table,
                                      const char * const  *cells,
                                      guint                n_cells,
                                      gpointer             user_data,
                                      GError             **error);

gboolean            _wr_report_read_tables     (const char          *pack_path,
                                                WrReportRowFunc      func,
                                                gpointer             user_data,
                                                GCancellable        *cancellable,
                                                GError             **error);
const char * const *_wr_report_get_columns     (guint                table,
                                                guint               *n_columns);

/* What the report's writers share while they read one pack (wr-report.c):
 * the forms its visits used and the names of its services. The HTML
 * report, the CSV tables and the model of a visit (wr-report-model.c) all
 * word answers, values, members and scores through these, so that the
 * formats say the same.
 */
typedef struct _WrReportPack WrReportPack;

WrCatalog  *_wr_report_pack_get_catalog      (WrReportPack *pack);
WrForm     *_wr_report_pack_get_form         (WrReportPack *pack,
                                              xmlNode      *visit);
const char *_wr_report_pack_get_service_name (WrReportPack *pack,
                                              xmlNode      *visit);
const char *_wr_report_pack_lookup_service   (WrReportPack *pack,
                                              const char   *uuid);
char       *_wr_report_pack_lookup_service_about (WrReportPack *pack,
                                                  const char   *uuid);
WrQuestion *_wr_report_find_question         (WrReportPack *pack,
                                              xmlNode      *visit,
                                              const char   *question_id);
char       *_wr_report_describe_value        (WrQuestion   *question,
                                              const char   *value);
char       *_wr_report_score_visit           (WrReportPack *pack,
                                              xmlNode      *visit,
                                              char        **section_scores);
char       *_wr_report_member_name           (xmlNode      *visit,
                                              const char   *uuid);
gboolean    _wr_report_is_shown_answer       (xmlNode      *node);
gboolean    _wr_report_is_shown_observation  (xmlNode      *visit,
                                              xmlNode      *node);
char       *_wr_report_child_text            (xmlNode      *node,
                                              const char   *name);

G_END_DECLS
