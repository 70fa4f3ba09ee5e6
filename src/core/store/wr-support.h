/* wr-support.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wr-store.h"

G_BEGIN_DECLS

/* Support requests, reviews and a visit's history (wr-store-review.c). */

typedef enum
{
  WR_SUPPORT_NEW,
  WR_SUPPORT_IN_PROGRESS,
  WR_SUPPORT_GIVEN,
  WR_SUPPORT_CLOSED,
} WrSupportStatus;

#define WR_SUPPORT_N_STATUSES 4

/* A practice asking for support in one domain of its self-assessment: a
 * form section marked request-support. The team sets its status and owner.
 */
typedef struct
{
  char            *uuid;
  char            *visit_uuid;
  char            *section_id;
  char            *domain;         /* the section's catalogue domain, or "" */
  char            *text;           /* what was asked */
  char            *requested;      /* when */
  WrSupportStatus  status;
  char            *owner;
  char            *modified;
  char            *device_id;
  char            *service_name;   /* the practice */
  char            *visit_started;
  char            *form_id;
} WrSupportRequest;

void wr_support_request_free (WrSupportRequest *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrSupportRequest, wr_support_request_free)

typedef enum
{
  WR_REVIEW_APPROVED,
  WR_REVIEW_RETURNED,
} WrReviewDecision;

/* The quality team's review of a completed visit. */
typedef struct
{
  char             *uuid;
  WrReviewDecision  decision;
  char             *reviewer;
  char             *comment;
  char             *created;
  char             *device_id;
} WrReview;

void wr_review_free (WrReview *review);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrReview, wr_review_free)

/* One entry of this device's audit log about a visit. */
typedef struct
{
  char *at;
  char *who;
  char *device_id;
  char *entity;      /* "visit", "answer", "observation", "action", "review"… */
  char *entity_id;
  char *field;
  char *old_value;   /* or NULL */
  char *new_value;   /* or NULL */
} WrHistoryEntry;

void wr_history_entry_free (WrHistoryEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrHistoryEntry, wr_history_entry_free)

const char *wr_support_status_to_string   (WrSupportStatus   status);
gboolean    wr_support_status_from_string (const char       *text,
                                           WrSupportStatus  *status);
const char *wr_support_status_get_label   (WrSupportStatus   status);
const char *wr_review_decision_to_string  (WrReviewDecision  decision);
gboolean    wr_review_decision_from_string (const char       *text,
                                            WrReviewDecision *decision);

char       *wr_store_request_support      (WrStore          *self,
                                           const char       *visit_uuid,
                                           const char       *section_id,
                                           const char       *domain,
                                           const char       *text,
                                           GError          **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    wr_store_withdraw_support     (WrStore          *self,
                                           const char       *visit_uuid,
                                           const char       *section_id,
                                           GError          **error);
gboolean    wr_store_update_support_request (WrStore        *self,
                                             const char     *request_uuid,
                                             WrSupportStatus status,
                                             const char     *owner,
                                             GError        **error);
GPtrArray  *wr_store_list_support_requests (WrStore         *self,
                                            const char      *visit_uuid,
                                            GError         **error) G_GNUC_WARN_UNUSED_RESULT;

char       *wr_store_review_visit         (WrStore          *self,
                                           const char       *visit_uuid,
                                           WrReviewDecision  decision,
                                           const char       *comment,
                                           GError          **error) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray  *wr_store_list_reviews         (WrStore          *self,
                                           const char       *visit_uuid,
                                           GError          **error) G_GNUC_WARN_UNUSED_RESULT;
WrReview   *wr_store_get_review           (WrStore          *self,
                                           const char       *visit_uuid,
                                           GError          **error) G_GNUC_WARN_UNUSED_RESULT;

GPtrArray  *wr_store_list_history         (WrStore          *self,
                                           const char       *visit_uuid,
                                           GError          **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
