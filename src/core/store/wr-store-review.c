/* wr-store-review.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Support requests, reviews and a visit's history.
 *
 * A support request is part of what a practice records on its
 * self-assessment: it is made, changed and withdrawn only on a draft. Its
 * status and owner are the team's follow-up, changed on a completed visit
 * too, as are reviews. Every change is in the audit log, and marks the
 * visit modified, so that an incremental pack (--changed-since) carries it.
 */

#define G_LOG_DOMAIN "wr-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wr-store-private.h"
#include "wr-support.h"

#define MAX_TEXT_LENGTH  20000
#define MAX_SHORT_LENGTH 200

static const char * const support_statuses[] = { "new", "in-progress", "given", "closed" };
static const char * const review_decisions[] = { "approved", "returned" };

void
wr_support_request_free (WrSupportRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->uuid);
  g_free (request->visit_uuid);
  g_free (request->section_id);
  g_free (request->domain);
  g_free (request->text);
  g_free (request->requested);
  g_free (request->owner);
  g_free (request->modified);
  g_free (request->device_id);
  g_free (request->service_name);
  g_free (request->visit_started);
  g_free (request->form_id);
  g_free (request);
}

void
wr_review_free (WrReview *review)
{
  if (review == NULL)
    return;
  g_free (review->uuid);
  g_free (review->reviewer);
  g_free (review->comment);
  g_free (review->created);
  g_free (review->device_id);
  g_free (review);
}

void
wr_history_entry_free (WrHistoryEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->at);
  g_free (entry->who);
  g_free (entry->device_id);
  g_free (entry->entity);
  g_free (entry->entity_id);
  g_free (entry->field);
  g_free (entry->old_value);
  g_free (entry->new_value);
  g_free (entry);
}

const char *
wr_support_status_to_string (WrSupportStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (support_statuses), NULL);

  return support_statuses[status];
}

gboolean
wr_support_status_from_string (const char      *text,
                               WrSupportStatus *status)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (support_statuses); i++)
    {
      if (g_str_equal (text, support_statuses[i]))
        {
          *status = (WrSupportStatus) i;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * wr_support_status_get_label:
 * @status: a status
 *
 * Returns: the status in words, translated
 */
const char *
wr_support_status_get_label (WrSupportStatus status)
{
  switch (status)
    {
    case WR_SUPPORT_NEW: return _("New");
    case WR_SUPPORT_IN_PROGRESS: return _("In progress");
    case WR_SUPPORT_GIVEN: return _("Given");
    case WR_SUPPORT_CLOSED: return _("Closed");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
wr_review_decision_to_string (WrReviewDecision decision)
{
  g_return_val_if_fail ((guint) decision < G_N_ELEMENTS (review_decisions), NULL);

  return review_decisions[decision];
}

gboolean
wr_review_decision_from_string (const char       *text,
                                WrReviewDecision *decision)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (review_decisions); i++)
    {
      if (g_str_equal (text, review_decisions[i]))
        {
          *decision = (WrReviewDecision) i;
          return TRUE;
        }
    }
  return FALSE;
}

static const char *
or_empty (const char *text)
{
  return text ? text : "";
}

/* Section and domain ids are the form's: only their shape is checked,
 * as packs have it ([a-z0-9][a-z0-9-]*).
 */
static gboolean
is_id (const char *id)
{
  gsize len = strlen (id);

  if (len == 0 || len > 64)
    return FALSE;
  for (const char *p = id; *p; p++)
    {
      if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || (*p == '-' && p != id)))
        return FALSE;
    }
  return TRUE;
}

/**
 * wr_store_request_support:
 * @self: a #WrStore
 * @visit_uuid: a draft visit
 * @section_id: the form section (marked request-support) it is asked in
 * @domain: (nullable): the section's catalogue domain
 * @text: (nullable): what is asked
 * @error: return location for a #GError
 *
 * Asks for support in a section: adds a request, or changes what the
 * section's request asks. Audited.
 *
 * Returns: (transfer full): the request's uuid, or %NULL with @error set
 */
char *
wr_store_request_support (WrStore     *self,
                          const char  *visit_uuid,
                          const char  *section_id,
                          const char  *domain,
                          const char  *text,
                          GError     **error)
{
  g_autoptr(WrCachedStmt) find = NULL;
  g_autoptr(WrCachedStmt) write = NULL;
  g_autofree char *now = _wr_store_now ();
  g_autofree char *uuid = NULL;
  g_autofree char *old_text = NULL;
  gint64 visit_id;
  gint64 id = 0;

  g_return_val_if_fail (WR_IS_STORE (self), NULL);
  g_return_val_if_fail (visit_uuid != NULL && section_id != NULL, NULL);

  if (!is_id (section_id) || (domain != NULL && domain[0] != '\0' && !is_id (domain)))
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID,
                   _("“%s” is not a section of a form"), section_id);
      return NULL;
    }
  if (!_wr_store_check_text (text, MAX_TEXT_LENGTH, _("support request"), error) ||
      !_wr_store_begin (self, error))
    return NULL;

  if (!_wr_store_begin_visit_change (self, visit_uuid, now, &visit_id, error))
    goto fail;

  if (!(find = _wr_store_prepare (self,
                                  "SELECT id, uuid, text FROM support_requests"
                                  " WHERE visit_id = ? AND section_id = ? AND deleted IS NULL",
                                  error)))
    goto fail;
  sqlite3_bind_int64 (find, 1, visit_id);
  sqlite3_bind_text (find, 2, section_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (find) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (find, 0);
      uuid = _wr_store_column_dup (find, 1);
      old_text = _wr_store_column_dup (find, 2);
    }
  sqlite3_reset (find);

  if (id != 0)
    {
      /* Asking the same again changes nothing, the visit's modified time
       * included.
       */
      if (g_strcmp0 (old_text, or_empty (text)) == 0)
        {
          _wr_store_rollback (self);
          return g_steal_pointer (&uuid);
        }
      if (!(write = _wr_store_prepare (self,
                                       "UPDATE support_requests SET text = ?, modified = ?, device_id = ? WHERE id = ?",
                                       error)))
        goto fail;
      sqlite3_bind_text (write, 1, or_empty (text), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (write, 2, now, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (write, 3, wr_store_get_device_id (self), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (write, 4, id);
      if (!_wr_store_step_done (self, write, error) ||
          !_wr_store_mark_change (self, "support_requests", id, error) ||
          !_wr_store_audit (self, visit_uuid, "support-request", uuid, "text", old_text, or_empty (text), error))
        goto fail;
    }
  else
    {
      uuid = g_uuid_string_random ();
      if (!(write = _wr_store_prepare (self,
                                       "INSERT INTO support_requests (uuid, visit_id, section_id, domain, text, requested,"
                                       "                              status, owner, created, modified, device_id)"
                                       " VALUES (?, ?, ?, ?, ?, ?, 'new', '', ?, ?, ?)",
                                       error)))
        goto fail;
      sqlite3_bind_text (write, 1, uuid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (write, 2, visit_id);
      sqlite3_bind_text (write, 3, section_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (write, 4, or_empty (domain), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (write, 5, or_empty (text), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (write, 6, now, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (write, 7, now, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (write, 8, now, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (write, 9, wr_store_get_device_id (self), -1, SQLITE_TRANSIENT);
      if (!_wr_store_step_done (self, write, error) ||
          !_wr_store_mark_change (self, "support_requests", sqlite3_last_insert_rowid (_wr_store_get_db (self)),
                                  error) ||
          !_wr_store_audit (self, visit_uuid, "support-request", uuid, "requested", NULL, section_id, error))
        goto fail;
      if (text != NULL && text[0] != '\0' &&
          !_wr_store_audit (self, visit_uuid, "support-request", uuid, "text", NULL, text, error))
        goto fail;
    }

  if (!_wr_store_commit (self, error))
    goto fail;

  return g_steal_pointer (&uuid);

fail:
  _wr_store_rollback (self);
  return NULL;
}

/**
 * wr_store_withdraw_support:
 * @self: a #WrStore
 * @visit_uuid: a draft visit
 * @section_id: a section
 * @error: return location for a #GError
 *
 * Withdraws the section's support request, if it has one (the switch
 * turned off). Audited.
 *
 * Returns: %TRUE once saved
 */
gboolean
wr_store_withdraw_support (WrStore     *self,
                           const char  *visit_uuid,
                           const char  *section_id,
                           GError     **error)
{
  g_autoptr(WrCachedStmt) find = NULL;
  g_autoptr(WrCachedStmt) write = NULL;
  g_autofree char *now = _wr_store_now ();
  g_autofree char *uuid = NULL;
  gint64 visit_id;
  gint64 id = 0;

  g_return_val_if_fail (WR_IS_STORE (self), FALSE);
  g_return_val_if_fail (visit_uuid != NULL && section_id != NULL, FALSE);

  if (!_wr_store_begin (self, error))
    return FALSE;

  if (!_wr_store_begin_visit_change (self, visit_uuid, now, &visit_id, error))
    goto fail;

  if (!(find = _wr_store_prepare (self,
                                  "SELECT id, uuid FROM support_requests"
                                  " WHERE visit_id = ? AND section_id = ? AND deleted IS NULL",
                                  error)))
    goto fail;
  sqlite3_bind_int64 (find, 1, visit_id);
  sqlite3_bind_text (find, 2, section_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (find) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (find, 0);
      uuid = _wr_store_column_dup (find, 1);
    }
  sqlite3_reset (find);

  /* Nothing to withdraw: the visit's modified time stays. */
  if (id == 0)
    {
      _wr_store_rollback (self);
      return TRUE;
    }

  if (!(write = _wr_store_prepare (self,
                                   "UPDATE support_requests SET deleted = ?1, modified = ?1, device_id = ?2 WHERE id = ?3",
                                   error)))
    goto fail;
  sqlite3_bind_text (write, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (write, 2, wr_store_get_device_id (self), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (write, 3, id);
  if (!_wr_store_step_done (self, write, error) ||
      !_wr_store_mark_change (self, "support_requests", id, error) ||
      !_wr_store_audit (self, visit_uuid, "support-request", uuid, "deleted", NULL, now, error) ||
      !_wr_store_commit (self, error))
    goto fail;

  return TRUE;

fail:
  _wr_store_rollback (self);
  return FALSE;
}

/**
 * wr_store_update_support_request:
 * @self: a #WrStore
 * @request_uuid: a support request
 * @status: where the team has got with it
 * @owner: (nullable): who in the team has it
 * @error: return location for a #GError
 *
 * The team's follow-up of a request, on a completed visit too. Each change
 * is audited.
 *
 * Returns: %TRUE once saved
 */
gboolean
wr_store_update_support_request (WrStore          *self,
                                 const char       *request_uuid,
                                 WrSupportStatus   status,
                                 const char       *owner,
                                 GError          **error)
{
  g_autoptr(WrCachedStmt) find = NULL;
  g_autoptr(WrCachedStmt) write = NULL;
  g_autofree char *now = _wr_store_now ();
  g_autofree char *visit_uuid = NULL;
  g_autofree char *old_status = NULL;
  g_autofree char *old_owner = NULL;
  g_autofree char *new_owner = NULL;
  const char *new_status = wr_support_status_to_string (status);
  gint64 visit_id;
  gint64 id;
  int rc;

  g_return_val_if_fail (WR_IS_STORE (self), FALSE);
  g_return_val_if_fail (request_uuid != NULL && new_status != NULL, FALSE);

  new_owner = g_strstrip (g_strdup (or_empty (owner)));
  if (strpbrk (new_owner, "\n\r\t") != NULL)
    {
      g_set_error_literal (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID, _("The owner must be on one line"));
      return FALSE;
    }
  if (!_wr_store_check_text (new_owner, MAX_SHORT_LENGTH, _("owner"), error) || !_wr_store_begin (self, error))
    return FALSE;

  if (!(find = _wr_store_prepare (self,
                                  "SELECT r.id, v.uuid, r.status, r.owner FROM support_requests r"
                                  " JOIN visits v ON v.id = r.visit_id"
                                  " WHERE r.uuid = ? AND r.deleted IS NULL AND v.deleted IS NULL",
                                  error)))
    goto fail;
  sqlite3_bind_text (find, 1, request_uuid, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (find);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_NOT_FOUND, _("There is no support request %s"), request_uuid);
      else
        _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the support request"));
      goto fail;
    }
  id = sqlite3_column_int64 (find, 0);
  visit_uuid = _wr_store_column_dup (find, 1);
  old_status = _wr_store_column_dup (find, 2);
  old_owner = _wr_store_column_dup (find, 3);
  sqlite3_reset (find);

  if (g_str_equal (old_status, new_status) && g_str_equal (old_owner, new_owner))
    return _wr_store_commit (self, error);

  if (!_wr_store_find_visit (self, visit_uuid, &visit_id, NULL, error) ||
      !_wr_store_touch_visit (self, visit_id, now, error))
    goto fail;

  if (!(write = _wr_store_prepare (self,
                                   "UPDATE support_requests SET status = ?, owner = ?, modified = ?, device_id = ?"
                                   " WHERE id = ?",
                                   error)))
    goto fail;
  sqlite3_bind_text (write, 1, new_status, -1, SQLITE_STATIC);
  sqlite3_bind_text (write, 2, new_owner, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (write, 3, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (write, 4, wr_store_get_device_id (self), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (write, 5, id);
  if (!_wr_store_step_done (self, write, error) ||
      !_wr_store_mark_change (self, "support_requests", id, error))
    goto fail;
  if (!g_str_equal (old_status, new_status) &&
      !_wr_store_audit (self, visit_uuid, "support-request", request_uuid, "status", old_status, new_status, error))
    goto fail;
  if (!g_str_equal (old_owner, new_owner) &&
      !_wr_store_audit (self, visit_uuid, "support-request", request_uuid, "owner", old_owner, new_owner, error))
    goto fail;
  if (!_wr_store_commit (self, error))
    goto fail;

  return TRUE;

fail:
  _wr_store_rollback (self);
  return FALSE;
}

#define REQUEST_COLUMNS \
  "r.uuid, v.uuid, r.section_id, r.domain, r.text, r.requested, r.status, r.owner, r.modified, r.device_id," \
  " s.name, v.started, v.form_id"
#define REQUEST_FROM \
  "support_requests r JOIN visits v ON v.id = r.visit_id JOIN services s ON s.id = v.service_id"

static gpointer
request_from_row (sqlite3_stmt *stmt)
{
  WrSupportRequest *request = g_new0 (WrSupportRequest, 1);

  request->uuid = _wr_store_column_dup (stmt, 0);
  request->visit_uuid = _wr_store_column_dup (stmt, 1);
  request->section_id = _wr_store_column_dup (stmt, 2);
  request->domain = _wr_store_column_dup (stmt, 3);
  request->text = _wr_store_column_dup (stmt, 4);
  request->requested = _wr_store_column_dup (stmt, 5);
  if (!wr_support_status_from_string (_wr_store_column_text (stmt, 6), &request->status))
    request->status = WR_SUPPORT_NEW;
  request->owner = _wr_store_column_dup (stmt, 7);
  request->modified = _wr_store_column_dup (stmt, 8);
  request->device_id = _wr_store_column_dup (stmt, 9);
  request->service_name = _wr_store_column_dup (stmt, 10);
  request->visit_started = _wr_store_column_dup (stmt, 11);
  request->form_id = _wr_store_column_dup (stmt, 12);

  return request;
}

/**
 * wr_store_list_support_requests:
 * @self: a #WrStore
 * @visit_uuid: (nullable): a visit, or %NULL for every visit's
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type WrSupportRequest): the requests
 *   that are not withdrawn, of visits not deleted: a visit's in the order
 *   they were made, or all of them newest first; %NULL with @error set
 */
GPtrArray *
wr_store_list_support_requests (WrStore     *self,
                                const char  *visit_uuid,
                                GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  g_return_val_if_fail (WR_IS_STORE (self), NULL);

  if (visit_uuid != NULL)
    return _wr_store_list_for_visit (self,
                                     "SELECT " REQUEST_COLUMNS " FROM " REQUEST_FROM
                                     " WHERE v.uuid = ? AND r.deleted IS NULL AND v.deleted IS NULL"
                                     " ORDER BY r.requested, r.uuid",
                                     visit_uuid, request_from_row, (GDestroyNotify) wr_support_request_free,
                                     _("Could not read the support requests"), error);

  if (!(stmt = _wr_store_prepare (self,
                                  "SELECT " REQUEST_COLUMNS " FROM " REQUEST_FROM
                                  " WHERE r.deleted IS NULL AND v.deleted IS NULL"
                                  " ORDER BY r.requested DESC, r.uuid",
                                  error)))
    return NULL;

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) wr_support_request_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, request_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the support requests"));
      return NULL;
    }

  return g_steal_pointer (&list);
}

/**
 * wr_store_review_visit:
 * @self: a #WrStore
 * @visit_uuid: a completed visit
 * @decision: approved, or returned with comments
 * @comment: (nullable): the comments; required to return a visit
 * @error: return location for a #GError
 *
 * Records the quality team's review, by the store's user, now. It does not
 * reopen the visit. The latest review is the visit's. Audited.
 *
 * Returns: (transfer full): the review's uuid, or %NULL with @error set
 */
char *
wr_store_review_visit (WrStore           *self,
                       const char        *visit_uuid,
                       WrReviewDecision   decision,
                       const char        *comment,
                       GError           **error)
{
  g_autoptr(WrCachedStmt) insert = NULL;
  g_autofree char *now = _wr_store_now ();
  g_autofree char *status = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *trimmed = g_strstrip (g_strdup (or_empty (comment)));
  const char *what = wr_review_decision_to_string (decision);
  gint64 visit_id;

  g_return_val_if_fail (WR_IS_STORE (self), NULL);
  g_return_val_if_fail (visit_uuid != NULL && what != NULL, NULL);

  if (!_wr_store_check_text (comment, MAX_TEXT_LENGTH, _("review comment"), error))
    return NULL;
  if (decision == WR_REVIEW_RETURNED && trimmed[0] == '\0')
    {
      g_set_error_literal (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID,
                           _("Say why the visit is returned: write your comments"));
      return NULL;
    }
  if (!_wr_store_begin (self, error))
    return NULL;

  if (!_wr_store_find_visit (self, visit_uuid, &visit_id, &status, error))
    goto fail;
  if (!g_str_equal (status, "completed"))
    {
      g_set_error_literal (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID,
                           _("Only a completed visit can be reviewed"));
      goto fail;
    }
  if (!_wr_store_touch_visit (self, visit_id, now, error))
    goto fail;

  if (!(insert = _wr_store_prepare (self,
                                    "INSERT INTO reviews (uuid, visit_id, decision, reviewer, comment, created,"
                                    "                     modified, device_id)"
                                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                    error)))
    goto fail;
  sqlite3_bind_text (insert, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (insert, 2, visit_id);
  sqlite3_bind_text (insert, 3, what, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, or_empty (wr_store_get_user (self)), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 5, or_empty (comment), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 6, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 7, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 8, wr_store_get_device_id (self), -1, SQLITE_TRANSIENT);
  if (!_wr_store_step_done (self, insert, error) ||
      !_wr_store_mark_change (self, "reviews", sqlite3_last_insert_rowid (_wr_store_get_db (self)), error) ||
      !_wr_store_audit (self, visit_uuid, "review", uuid, "decision", NULL, what, error))
    goto fail;
  if (comment != NULL && comment[0] != '\0' &&
      !_wr_store_audit (self, visit_uuid, "review", uuid, "comment", NULL, comment, error))
    goto fail;
  if (!_wr_store_commit (self, error))
    goto fail;

  return g_steal_pointer (&uuid);

fail:
  _wr_store_rollback (self);
  return NULL;
}

static gpointer
review_from_row (sqlite3_stmt *stmt)
{
  WrReview *review = g_new0 (WrReview, 1);

  review->uuid = _wr_store_column_dup (stmt, 0);
  if (!wr_review_decision_from_string (_wr_store_column_text (stmt, 1), &review->decision))
    review->decision = WR_REVIEW_RETURNED;
  review->reviewer = _wr_store_column_dup (stmt, 2);
  review->comment = _wr_store_column_dup (stmt, 3);
  review->created = _wr_store_column_dup (stmt, 4);
  review->device_id = _wr_store_column_dup (stmt, 5);

  return review;
}

#define SELECT_REVIEWS \
  "SELECT r.uuid, r.decision, r.reviewer, r.comment, r.created, r.device_id" \
  " FROM reviews r JOIN visits v ON v.id = r.visit_id WHERE v.uuid = ? AND v.deleted IS NULL"

/**
 * wr_store_list_reviews:
 * @self: a #WrStore
 * @visit_uuid: a visit
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type WrReview): the visit's reviews,
 *   oldest first, or %NULL with @error set
 */
GPtrArray *
wr_store_list_reviews (WrStore     *self,
                       const char  *visit_uuid,
                       GError     **error)
{
  g_return_val_if_fail (WR_IS_STORE (self), NULL);
  g_return_val_if_fail (visit_uuid != NULL, NULL);

  return _wr_store_list_for_visit (self, SELECT_REVIEWS " ORDER BY r.created, r.uuid", visit_uuid,
                                   review_from_row, (GDestroyNotify) wr_review_free,
                                   _("Could not read the reviews"), error);
}

/**
 * wr_store_get_review:
 * @self: a #WrStore
 * @visit_uuid: a visit
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the visit's latest review; %NULL
 *   if it has none, or with @error set
 */
WrReview *
wr_store_get_review (WrStore     *self,
                     const char  *visit_uuid,
                     GError     **error)
{
  g_autoptr(GPtrArray) list = NULL;

  g_return_val_if_fail (WR_IS_STORE (self), NULL);
  g_return_val_if_fail (visit_uuid != NULL, NULL);

  list = _wr_store_list_for_visit (self, SELECT_REVIEWS " ORDER BY r.created DESC, r.uuid DESC LIMIT 1", visit_uuid,
                                   review_from_row, (GDestroyNotify) wr_review_free,
                                   _("Could not read the reviews"), error);
  if (list == NULL || list->len == 0)
    return NULL;

  return g_ptr_array_steal_index (list, 0);
}

static gpointer
history_from_row (sqlite3_stmt *stmt)
{
  WrHistoryEntry *entry = g_new0 (WrHistoryEntry, 1);

  entry->at = _wr_store_column_dup (stmt, 0);
  entry->who = _wr_store_column_dup (stmt, 1);
  entry->device_id = _wr_store_column_dup (stmt, 2);
  entry->entity = _wr_store_column_dup (stmt, 3);
  entry->entity_id = _wr_store_column_dup (stmt, 4);
  entry->field = _wr_store_column_dup (stmt, 5);
  entry->old_value = sqlite3_column_type (stmt, 6) == SQLITE_NULL ? NULL : _wr_store_column_dup (stmt, 6);
  entry->new_value = sqlite3_column_type (stmt, 7) == SQLITE_NULL ? NULL : _wr_store_column_dup (stmt, 7);

  return entry;
}

/**
 * wr_store_list_history:
 * @self: a #WrStore
 * @visit_uuid: a visit
 * @error: return location for a #GError
 *
 * What this device's audit log says of the visit: who changed what, when,
 * from what to what, including completing, reopening, reviews and each
 * import (whose new value names the pack).
 *
 * Returns: (transfer full) (element-type WrHistoryEntry): the entries,
 *   oldest first, or %NULL with @error set
 */
GPtrArray *
wr_store_list_history (WrStore     *self,
                       const char  *visit_uuid,
                       GError     **error)
{
  g_return_val_if_fail (WR_IS_STORE (self), NULL);
  g_return_val_if_fail (visit_uuid != NULL, NULL);

  return _wr_store_list_for_visit (self,
                                   "SELECT at, who, device_id, entity, entity_id, field, old_value, new_value"
                                   " FROM audit_log WHERE visit_uuid = ? ORDER BY id",
                                   visit_uuid, history_from_row, (GDestroyNotify) wr_history_entry_free,
                                   _("Could not read the visit’s history"), error);
}

/* Evidence packs ---------------------------------------------------------------- */

gboolean
_wr_store_export_support_requests (WrStore                     *self,
                                   gint64                       visit_id,
                                   WrExportSupportRequestFunc   func,
                                   gpointer                     user_data,
                                   GError                     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  int rc;

  if (!(stmt = _wr_store_prepare (self,
                                  "SELECT uuid, section_id, domain, text, requested, status, owner, created,"
                                  "       modified, device_id, change_number"
                                  " FROM support_requests WHERE visit_id = ? AND deleted IS NULL"
                                  " ORDER BY created, uuid",
                                  error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, visit_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WrExportSupportRequest row = {
        or_empty (_wr_store_column_text (stmt, 0)), or_empty (_wr_store_column_text (stmt, 1)),
        or_empty (_wr_store_column_text (stmt, 2)), or_empty (_wr_store_column_text (stmt, 3)),
        or_empty (_wr_store_column_text (stmt, 4)), or_empty (_wr_store_column_text (stmt, 5)),
        or_empty (_wr_store_column_text (stmt, 6)), or_empty (_wr_store_column_text (stmt, 7)),
        or_empty (_wr_store_column_text (stmt, 8)), or_empty (_wr_store_column_text (stmt, 9)),
        sqlite3_column_int64 (stmt, 10),
      };

      if (!func (&row, user_data, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the visits"));
      return FALSE;
    }

  return TRUE;
}

gboolean
_wr_store_export_reviews (WrStore             *self,
                          gint64               visit_id,
                          WrExportReviewFunc   func,
                          gpointer             user_data,
                          GError             **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  int rc;

  if (!(stmt = _wr_store_prepare (self,
                                  "SELECT uuid, decision, reviewer, comment, created, modified, device_id, change_number"
                                  " FROM reviews WHERE visit_id = ? ORDER BY created, uuid",
                                  error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, visit_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WrExportReview row = {
        or_empty (_wr_store_column_text (stmt, 0)), or_empty (_wr_store_column_text (stmt, 1)),
        or_empty (_wr_store_column_text (stmt, 2)), or_empty (_wr_store_column_text (stmt, 3)),
        or_empty (_wr_store_column_text (stmt, 4)), or_empty (_wr_store_column_text (stmt, 5)),
        or_empty (_wr_store_column_text (stmt, 6)), sqlite3_column_int64 (stmt, 7),
      };

      if (!func (&row, user_data, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the visits"));
      return FALSE;
    }

  return TRUE;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           column,
           const char   *text)
{
  sqlite3_bind_text (stmt, column, or_empty (text), -1, SQLITE_STATIC);
}

gboolean
_wr_store_import_support_request (WrStore                       *self,
                                  gint64                         visit_id,
                                  const WrExportSupportRequest  *row,
                                  GError                       **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;

  if (!(stmt = _wr_store_prepare (self,
                                  "INSERT INTO support_requests (uuid, visit_id, section_id, domain, text, requested,"
                                  "                              status, owner, created, modified, device_id,"
                                  "                              change_number)"
                                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                  error)))
    return FALSE;
  bind_text (stmt, 1, row->uuid);
  sqlite3_bind_int64 (stmt, 2, visit_id);
  bind_text (stmt, 3, row->section_id);
  bind_text (stmt, 4, row->domain);
  bind_text (stmt, 5, row->text);
  bind_text (stmt, 6, row->requested);
  bind_text (stmt, 7, row->status);
  bind_text (stmt, 8, row->owner);
  bind_text (stmt, 9, row->created);
  bind_text (stmt, 10, row->modified);
  bind_text (stmt, 11, row->device_id);
  sqlite3_bind_int64 (stmt, 12, row->change_number);

  return _wr_store_step_done (self, stmt, error);
}

gboolean
_wr_store_import_review (WrStore               *self,
                         gint64                 visit_id,
                         const WrExportReview  *row,
                         GError               **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;

  if (!(stmt = _wr_store_prepare (self,
                                  "INSERT INTO reviews (uuid, visit_id, decision, reviewer, comment, created,"
                                  "                     modified, device_id, change_number)"
                                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                  error)))
    return FALSE;
  bind_text (stmt, 1, row->uuid);
  sqlite3_bind_int64 (stmt, 2, visit_id);
  bind_text (stmt, 3, row->decision);
  bind_text (stmt, 4, row->reviewer);
  bind_text (stmt, 5, row->comment);
  bind_text (stmt, 6, row->created);
  bind_text (stmt, 7, row->modified);
  bind_text (stmt, 8, row->device_id);
  sqlite3_bind_int64 (stmt, 9, row->change_number);

  return _wr_store_step_done (self, stmt, error);
}
