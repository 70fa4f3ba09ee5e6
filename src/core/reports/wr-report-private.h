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

G_BEGIN_DECLS

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
char       *_wr_report_child_text            (xmlNode      *node,
                                              const char   *name);

G_END_DECLS
