/* wr-store-notes.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Observations, actions and attachments: what a visit adds beside its answers. */

#define G_LOG_DOMAIN "wr-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wr-action-private.h"
#include "wr-observation-private.h"
#include "wr-store-private.h"

#define MAX_TEXT_LENGTH    20000
#define MAX_SHORT_LENGTH   200
#define MAX_LINKS          50

static const char * const observation_kinds[] = { "good-practice", "concern", "think-about", "idea", "quote", NULL };
static const char * const voices[] = { "", "patient", "carer", "staff", "visitor", NULL };

void
wr_attachment_free (WrAttachment *attachment)
{
  if (attachment == NULL)
    return;
  g_free (attachment->uuid);
  g_free (attachment->question_id);
  g_free (attachment->file_name);
  g_free (attachment->media_type);
  g_free (attachment->sha256);
  g_free (attachment->caption);
  g_free (attachment);
}

static const char *
or_empty (const char *text)
{
  return text ? text : "";
}

/* Catalogue ids are checked against the catalogue by whoever offers them;
 * here only their shape, so nothing odd reaches the file.
 */
static gboolean
is_ref (const char *ref)
{
  gsize len = strlen (ref);

  if (len == 0 || len > 64)
    return FALSE;
  for (const char *p = ref; *p; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-')
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_refs (const char * const  *refs,
            GError             **error)
{
  guint n = 0;

  for (; refs != NULL && refs[n] != NULL; n++)
    {
      if (!is_ref (refs[n]))
        {
          g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID,
                       _("“%s” is not a regulation, quality statement, key question or theme id"), refs[n]);
          return FALSE;
        }
    }

  if (n > MAX_LINKS)
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID,
                   _("An observation can link to at most %d items of evidence"), MAX_LINKS);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_observation (const WrObservationFields  *fields,
                   GError                    **error)
{
  g_autofree char *trimmed = NULL;

  if (!_wr_store_check_text (fields->text, MAX_TEXT_LENGTH, _("observation"), error) ||
      !_wr_store_check_text (fields->category, MAX_SHORT_LENGTH, _("evidence category"), error))
    return FALSE;

  trimmed = g_strstrip (g_strdup (or_empty (fields->text)));
  if (trimmed[0] == '\0')
    {
      g_set_error_literal (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID, _("Write what you saw or heard"));
      return FALSE;
    }
  if (fields->kind == NULL || !g_strv_contains (observation_kinds, fields->kind))
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID,
                   _("“%s” is not a kind of observation"), or_empty (fields->kind));
      return FALSE;
    }
  if (!g_strv_contains (voices, or_empty (fields->voice)))
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID,
                   _("“%s” is not whose voice an observation can be"), fields->voice);
      return FALSE;
    }

  return check_refs (fields->regulations, error) &&
         check_refs (fields->statements, error) &&
         check_refs (fields->key_questions, error) &&
         check_refs (fields->themes, error);
}

/* The row id of a visit, for the index; 0 if there is none. */
static gint64
visit_row_id (WrStore    *self,
                    const char *visit_uuid)
{
  g_autoptr(WrCachedStmt) stmt = _wr_store_prepare (self, "SELECT id FROM visits WHERE uuid = ?", NULL);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, visit_uuid, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

static gboolean
insert_links (WrStore            *self,
              gint64              observation_id,
              const char         *kind,
              const char * const *refs,
              GError            **error)
{
  for (guint i = 0; refs != NULL && refs[i] != NULL; i++)
    {
      g_autoptr(WrCachedStmt) stmt = NULL;

      stmt = _wr_store_prepare (self,
                                "INSERT OR IGNORE INTO observation_links (observation_id, kind, ref) VALUES (?, ?, ?)",
                                error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, observation_id);
      sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, refs[i], -1, SQLITE_TRANSIENT);
      if (!_wr_store_step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
replace_links (WrStore                    *self,
               gint64                      observation_id,
               const WrObservationFields  *fields,
               GError                    **error)
{
  g_autoptr(WrCachedStmt) clear = NULL;

  if (!(clear = _wr_store_prepare (self, "DELETE FROM observation_links WHERE observation_id = ?", error)))
    return FALSE;
  sqlite3_bind_int64 (clear, 1, observation_id);

  return _wr_store_step_done (self, clear, error) &&
         insert_links (self, observation_id, "regulation", fields->regulations, error) &&
         insert_links (self, observation_id, "statement", fields->statements, error) &&
         insert_links (self, observation_id, "key-question", fields->key_questions, error) &&
         insert_links (self, observation_id, "theme", fields->themes, error);
}

/**
 * wr_store_add_observation:
 * @self: a #WrStore
 * @visit_uuid: a draft visit
 * @fields: what was seen or heard, and what it is evidence of
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the new observation's uuid, or %NULL
 */
char *
wr_store_add_observation (WrStore                    *self,
                          const char                 *visit_uuid,
                          const WrObservationFields  *fields,
                          GError                    **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *now = _wr_store_now ();
  gint64 visit_id;
  gint64 id;

  g_return_val_if_fail (WR_IS_STORE (self), NULL);
  g_return_val_if_fail (visit_uuid != NULL && fields != NULL, NULL);

  if (!check_observation (fields, error) || !_wr_store_begin (self, error))
    return NULL;

  if (!_wr_store_begin_visit_change (self, visit_uuid, now, &visit_id, error))
    goto fail;

  stmt = _wr_store_prepare (self,
                            "INSERT INTO observations (uuid, visit_id, question_id, member_uuid, repeat_uuid, text,"
                            "                          kind, voice, category, created, modified, device_id)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, visit_id);
  sqlite3_bind_text (stmt, 3, or_empty (fields->question_id), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, or_empty (fields->member_uuid), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, or_empty (fields->repeat_uuid), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, fields->text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, fields->kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, or_empty (fields->voice), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, or_empty (fields->category), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 10, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 11, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 12, wr_store_get_device_id (self), -1, SQLITE_TRANSIENT);

  if (!_wr_store_step_done (self, stmt, error))
    goto fail;
  id = sqlite3_last_insert_rowid (_wr_store_get_db (self));
  if (!_wr_store_mark_change (self, "observations", id, error) ||
      !replace_links (self, id, fields, error) ||
      !_wr_store_index_text (self, id * 2, visit_id, fields->text, error) ||
      !_wr_store_audit (self, visit_uuid, "observation", uuid, "text", NULL, fields->text, error) ||
      !_wr_store_commit (self, error))
    goto fail;

  return g_steal_pointer (&uuid);

fail:
  _wr_store_rollback (self);
  return NULL;
}

/* Inside a write transaction: finds the row of an observation, action or
 * attachment and its visit. With @must_be_draft, the visit must be a draft
 * (and is marked modified).
 */
static gboolean
find_note (WrStore     *self,
           const char  *select_sql,
           const char  *note_uuid,
           gboolean     must_be_draft,
           const char  *now,
           gint64      *note_id,
           char       **visit_uuid,
           char       **old_text,
           GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  gint64 visit_id;
  int rc;

  if (!(stmt = _wr_store_prepare (self, select_sql, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, note_uuid, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_NOT_FOUND, _("There is nothing with the id %s"), note_uuid);
      else
        _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the visit"));
      return FALSE;
    }

  *note_id = sqlite3_column_int64 (stmt, 0);
  *visit_uuid = _wr_store_column_dup (stmt, 1);
  if (old_text != NULL)
    *old_text = _wr_store_column_dup (stmt, 2);
  sqlite3_reset (stmt);

  if (must_be_draft)
    return _wr_store_begin_visit_change (self, *visit_uuid, now, &visit_id, error);
  return _wr_store_take_change (self, visit_row_id (self, *visit_uuid), error);
}

gboolean
wr_store_update_observation (WrStore                    *self,
                             const char                 *observation_uuid,
                             const WrObservationFields  *fields,
                             GError                    **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autofree char *now = _wr_store_now ();
  g_autofree char *visit_uuid = NULL;
  g_autofree char *old_text = NULL;
  gint64 id;

  g_return_val_if_fail (WR_IS_STORE (self), FALSE);
  g_return_val_if_fail (observation_uuid != NULL && fields != NULL, FALSE);

  if (!check_observation (fields, error) || !_wr_store_begin (self, error))
    return FALSE;

  if (!find_note (self,
                  "SELECT o.id, v.uuid, o.text FROM observations o JOIN visits v ON v.id = o.visit_id"
                  " WHERE o.uuid = ? AND o.deleted IS NULL AND v.deleted IS NULL",
                  observation_uuid, TRUE, now, &id, &visit_uuid, &old_text, error))
    goto fail;

  stmt = _wr_store_prepare (self,
                            "UPDATE observations SET text = ?, kind = ?, voice = ?, category = ?, modified = ?,"
                            "                        device_id = ?"
                            " WHERE id = ?",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, fields->text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, fields->kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, or_empty (fields->voice), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, or_empty (fields->category), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, wr_store_get_device_id (self), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, id);

  if (!_wr_store_step_done (self, stmt, error) ||
      !_wr_store_mark_change (self, "observations", id, error) ||
      !replace_links (self, id, fields, error) ||
      !_wr_store_index_text (self, id * 2, visit_row_id (self, visit_uuid), fields->text, error) ||
      !_wr_store_audit (self, visit_uuid, "observation", observation_uuid, "text", old_text, fields->text, error) ||
      !_wr_store_commit (self, error))
    goto fail;

  return TRUE;

fail:
  _wr_store_rollback (self);
  return FALSE;
}

/* Deletion hides a row and Undo brings it back; either is a change to a
 * draft visit, logged like any other.
 */
/* A deleted observation leaves the search index, so its visit is no
 * longer found by words nobody can see; Undo puts it back.
 */
static gboolean
reindex_observation (WrStore     *self,
                     gint64       id,
                     const char  *visit_uuid,
                     gboolean     deleted,
                     GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;

  if (deleted)
    return _wr_store_index_text (self, id * 2, visit_row_id (self, visit_uuid), NULL, error);

  if (!(stmt = _wr_store_prepare (self, "SELECT text FROM observations WHERE id = ?", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _wr_store_step_done (self, stmt, error);

  return _wr_store_index_text (self, id * 2, visit_row_id (self, visit_uuid),
                               (const char *) sqlite3_column_text (stmt, 0), error);
}

static gboolean
set_note_deleted (WrStore     *self,
                  const char  *table,
                  const char  *entity,
                  const char  *select_sql,
                  const char  *update_sql,
                  const char  *note_uuid,
                  gboolean     deleted,
                  GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autofree char *now = _wr_store_now ();
  g_autofree char *visit_uuid = NULL;
  gint64 id;

  if (!_wr_store_begin (self, error))
    return FALSE;

  if (!find_note (self, select_sql, note_uuid, TRUE, now, &id, &visit_uuid, NULL, error) ||
      !(stmt = _wr_store_prepare (self, update_sql, error)))
    goto fail;
  sqlite3_bind_int (stmt, 1, !!deleted);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, id);

  if (!_wr_store_step_done (self, stmt, error) ||
      !_wr_store_mark_change (self, table, id, error) ||
      (g_str_equal (entity, "observation") && !reindex_observation (self, id, visit_uuid, deleted, error)) ||
      !_wr_store_audit (self, visit_uuid, entity, note_uuid, "deleted",
                        deleted ? NULL : "1", deleted ? "1" : NULL, error) ||
      !_wr_store_commit (self, error))
    goto fail;

  return TRUE;

fail:
  _wr_store_rollback (self);
  return FALSE;
}

gboolean
wr_store_delete_observation (WrStore     *self,
                             const char  *observation_uuid,
                             gboolean     deleted,
                             GError     **error)
{
  g_return_val_if_fail (WR_IS_STORE (self), FALSE);
  g_return_val_if_fail (observation_uuid != NULL, FALSE);

  return set_note_deleted (self, "observations", "observation",
                           "SELECT o.id, v.uuid FROM observations o JOIN visits v ON v.id = o.visit_id"
                           " WHERE o.uuid = ? AND v.deleted IS NULL",
                           "UPDATE observations SET deleted = CASE WHEN ?1 THEN ?2 END, modified = ?2 WHERE id = ?3",
                           observation_uuid, deleted, error);
}

/* The objects of one visit that @sql selects, as a list model. */
static GListModel *
list_visit_objects (WrStore        *self,
                    const char     *sql,
                    const char     *visit_uuid,
                    GType           type,
                    WrStoreRowFunc  from_row,
                    const char     *message,
                    GError        **error)
{
  g_autoptr(GPtrArray) items = NULL;
  GListStore *list;

  if (!(items = _wr_store_list_for_visit (self, sql, visit_uuid, from_row, g_object_unref, message, error)))
    return NULL;

  list = g_list_store_new (type);
  g_list_store_splice (list, 0, 0, items->pdata, items->len);

  return G_LIST_MODEL (list);
}

/**
 * wr_store_list_observations:
 * @self: a #WrStore
 * @visit_uuid: a visit
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the visit's #WrObservation items in the order
 *   they were written, or %NULL with @error set
 */
GListModel *
wr_store_list_observations (WrStore     *self,
                            const char  *visit_uuid,
                            GError     **error)
{
  g_return_val_if_fail (WR_IS_STORE (self), NULL);

  return list_visit_objects (self,
                             "SELECT " WR_OBSERVATION_COLUMNS " FROM " WR_OBSERVATION_FROM
                             " WHERE v.uuid = ? AND o.deleted IS NULL ORDER BY o.id",
                             visit_uuid, WR_TYPE_OBSERVATION, (WrStoreRowFunc) _wr_observation_new_from_row,
                             _("Could not read the observations"), error);
}

static gboolean
is_date (const char *text)
{
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *iso = NULL;

  if (text == NULL || strlen (text) != 10)
    return FALSE;
  iso = g_strconcat (text, "T00:00:00Z", NULL);
  date = g_date_time_new_from_iso8601 (iso, NULL);

  return date != NULL;
}

static gboolean
check_action (const WrActionFields  *fields,
              GError               **error)
{
  g_autofree char *trimmed = NULL;

  if (!_wr_store_check_text (fields->text, MAX_TEXT_LENGTH, _("action"), error) ||
      !_wr_store_check_text (fields->owner, MAX_SHORT_LENGTH, _("owner"), error))
    return FALSE;

  trimmed = g_strstrip (g_strdup (or_empty (fields->text)));
  if (trimmed[0] == '\0')
    {
      g_set_error_literal (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID, _("Say what the action is"));
      return FALSE;
    }
  if (fields->due != NULL && fields->due[0] != '\0' && !is_date (fields->due))
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID,
                   _("“%s” is not a date; write it as YYYY-MM-DD"), fields->due);
      return FALSE;
    }

  return TRUE;
}

static void
bind_due (sqlite3_stmt *stmt,
          int           column,
          const char   *due)
{
  if (due != NULL && due[0] != '\0')
    sqlite3_bind_text (stmt, column, due, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

/**
 * wr_store_add_action:
 * @self: a #WrStore
 * @visit_uuid: a draft visit
 * @fields: what is to be done, by whom and when
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the new action's uuid, or %NULL
 */
char *
wr_store_add_action (WrStore               *self,
                     const char            *visit_uuid,
                     const WrActionFields  *fields,
                     GError               **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *now = _wr_store_now ();
  gint64 visit_id;

  g_return_val_if_fail (WR_IS_STORE (self), NULL);
  g_return_val_if_fail (visit_uuid != NULL && fields != NULL, NULL);

  if (!check_action (fields, error) || !_wr_store_begin (self, error))
    return NULL;

  if (!_wr_store_begin_visit_change (self, visit_uuid, now, &visit_id, error))
    goto fail;

  stmt = _wr_store_prepare (self,
                            "INSERT INTO actions (uuid, visit_id, text, owner, due, observation_uuid, question_id,"
                            "                     created, modified, device_id, repeat_uuid)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, visit_id);
  sqlite3_bind_text (stmt, 3, fields->text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, or_empty (fields->owner), -1, SQLITE_TRANSIENT);
  bind_due (stmt, 5, fields->due);
  sqlite3_bind_text (stmt, 6, or_empty (fields->observation_uuid), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, or_empty (fields->question_id), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 10, wr_store_get_device_id (self), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 11, or_empty (fields->repeat_uuid), -1, SQLITE_TRANSIENT);

  if (!_wr_store_step_done (self, stmt, error) ||
      !_wr_store_mark_change (self, "actions", sqlite3_last_insert_rowid (_wr_store_get_db (self)), error) ||
      !_wr_store_audit (self, visit_uuid, "action", uuid, "text", NULL, fields->text, error) ||
      !_wr_store_commit (self, error))
    goto fail;

  return g_steal_pointer (&uuid);

fail:
  _wr_store_rollback (self);
  return NULL;
}

#define SELECT_ACTION \
  "SELECT a.id, v.uuid, a.text FROM actions a JOIN visits v ON v.id = a.visit_id" \
  " WHERE a.uuid = ? AND v.deleted IS NULL"

gboolean
wr_store_update_action (WrStore               *self,
                        const char            *action_uuid,
                        const WrActionFields  *fields,
                        GError               **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autoptr(WrCachedStmt) old = NULL;
  g_autoptr(WrCachedStmt) touch = NULL;
  g_autofree char *old_owner = NULL;
  g_autofree char *old_due = NULL;
  g_autofree char *now = _wr_store_now ();
  g_autofree char *visit_uuid = NULL;
  g_autofree char *old_text = NULL;
  gint64 id;

  g_return_val_if_fail (WR_IS_STORE (self), FALSE);
  g_return_val_if_fail (action_uuid != NULL && fields != NULL, FALSE);

  if (!check_action (fields, error) || !_wr_store_begin (self, error))
    return FALSE;

  /* Actions are follow-up: they are reassigned and re-dated after their
   * visit is completed too, as their status is; each change is in the
   * audit log. A draft visit is marked modified.
   */
  if (!find_note (self, SELECT_ACTION " AND a.deleted IS NULL", action_uuid, FALSE, now, &id, &visit_uuid,
                  &old_text, error))
    goto fail;

  if (!(old = _wr_store_prepare (self, "SELECT owner, due FROM actions WHERE id = ?", error)))
    goto fail;
  sqlite3_bind_int64 (old, 1, id);
  if (sqlite3_step (old) != SQLITE_ROW)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the action"));
      goto fail;
    }
  old_owner = _wr_store_column_dup (old, 0);
  old_due = _wr_store_column_dup (old, 1);
  sqlite3_reset (old);

  if (!(touch = _wr_store_prepare (self, "UPDATE visits SET modified = ? WHERE uuid = ? AND status = 'draft'", error)))
    goto fail;
  sqlite3_bind_text (touch, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (touch, 2, visit_uuid, -1, SQLITE_TRANSIENT);
  if (!_wr_store_step_done (self, touch, error))
    goto fail;

  stmt = _wr_store_prepare (self,
                            "UPDATE actions SET text = ?, owner = ?, due = ?, observation_uuid = ?, question_id = ?,"
                            "                   modified = ?, device_id = ?"
                            " WHERE id = ?",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, fields->text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, or_empty (fields->owner), -1, SQLITE_TRANSIENT);
  bind_due (stmt, 3, fields->due);
  sqlite3_bind_text (stmt, 4, or_empty (fields->observation_uuid), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, or_empty (fields->question_id), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, wr_store_get_device_id (self), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 8, id);

  if (!_wr_store_step_done (self, stmt, error) ||
      !_wr_store_mark_change (self, "actions", id, error) ||
      !_wr_store_audit (self, visit_uuid, "action", action_uuid, "text", old_text, fields->text, error))
    goto fail;
  if (g_strcmp0 (or_empty (old_owner), or_empty (fields->owner)) != 0 &&
      !_wr_store_audit (self, visit_uuid, "action", action_uuid, "owner", old_owner, or_empty (fields->owner), error))
    goto fail;
  if (g_strcmp0 (or_empty (old_due), or_empty (fields->due)) != 0 &&
      !_wr_store_audit (self, visit_uuid, "action", action_uuid, "due", old_due, fields->due, error))
    goto fail;
  if (!_wr_store_commit (self, error))
    goto fail;

  return TRUE;

fail:
  _wr_store_rollback (self);
  return FALSE;
}

/**
 * wr_store_set_action_status:
 * @self: a #WrStore
 * @action_uuid: an action
 * @status: open, done or dropped
 * @error: return location for a #GError
 *
 * Following an action up is not a change to the visit it came from, so it
 * is allowed on completed visits too. It is logged.
 *
 * Returns: %TRUE once saved
 */
gboolean
wr_store_set_action_status (WrStore         *self,
                            const char      *action_uuid,
                            WrActionStatus   status,
                            GError         **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autofree char *now = _wr_store_now ();
  g_autofree char *visit_uuid = NULL;
  g_autofree char *old_status = NULL;
  const char *new_status = wr_action_status_to_string (status);
  gint64 id;

  g_return_val_if_fail (WR_IS_STORE (self), FALSE);
  g_return_val_if_fail (action_uuid != NULL && new_status != NULL, FALSE);

  if (!_wr_store_begin (self, error))
    return FALSE;

  if (!find_note (self,
                  "SELECT a.id, v.uuid, a.status FROM actions a JOIN visits v ON v.id = a.visit_id"
                  " WHERE a.uuid = ? AND a.deleted IS NULL AND v.deleted IS NULL",
                  action_uuid, FALSE, now, &id, &visit_uuid, &old_status, error))
    goto fail;

  if (g_strcmp0 (old_status, new_status) == 0)
    return _wr_store_commit (self, error);

  if (!(stmt = _wr_store_prepare (self, "UPDATE actions SET status = ?, modified = ?, device_id = ? WHERE id = ?", error)))
    goto fail;
  sqlite3_bind_text (stmt, 1, new_status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, wr_store_get_device_id (self), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, id);

  if (!_wr_store_step_done (self, stmt, error) ||
      !_wr_store_mark_change (self, "actions", id, error) ||
      !_wr_store_audit (self, visit_uuid, "action", action_uuid, "status", old_status, new_status, error) ||
      !_wr_store_commit (self, error))
    goto fail;

  return TRUE;

fail:
  _wr_store_rollback (self);
  return FALSE;
}

gboolean
wr_store_delete_action (WrStore     *self,
                        const char  *action_uuid,
                        gboolean     deleted,
                        GError     **error)
{
  g_return_val_if_fail (WR_IS_STORE (self), FALSE);
  g_return_val_if_fail (action_uuid != NULL, FALSE);

  return set_note_deleted (self, "actions", "action", SELECT_ACTION,
                           "UPDATE actions SET deleted = CASE WHEN ?1 THEN ?2 END, modified = ?2 WHERE id = ?3",
                           action_uuid, deleted, error);
}

/**
 * wr_store_list_actions:
 * @self: a #WrStore
 * @visit_uuid: a visit
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the visit's #WrAction items, or %NULL
 */
GListModel *
wr_store_list_actions (WrStore     *self,
                       const char  *visit_uuid,
                       GError     **error)
{
  g_return_val_if_fail (WR_IS_STORE (self), NULL);

  return list_visit_objects (self,
                             "SELECT " WR_ACTION_COLUMNS " FROM " WR_ACTION_FROM
                             " WHERE v.uuid = ? AND a.deleted IS NULL ORDER BY a.id",
                             visit_uuid, WR_TYPE_ACTION, (WrStoreRowFunc) _wr_action_new_from_row,
                             _("Could not read the actions"), error);
}

static gboolean
is_media_type (const char *text)
{
  const char *slash;

  if (text == NULL || strlen (text) > 100 || !(slash = strchr (text, '/')) || slash == text || slash[1] == '\0')
    return FALSE;
  for (const char *p = text; *p; p++)
    {
      if (!g_ascii_isalnum (*p) && !strchr ("/+-.", *p))
        return FALSE;
    }
  return TRUE;
}

/**
 * wr_store_add_attachment:
 * @self: a #WrStore
 * @visit_uuid: a draft visit
 * @question_id: (nullable): the question it belongs to
 * @file_name: (nullable): the name it had, for saving it again
 * @media_type: such as image/jpeg or application/pdf
 * @data: the bytes, at most %WR_STORE_MAX_ATTACHMENT_SIZE
 * @caption: (nullable): what it shows
 * @error: return location for a #GError
 *
 * Keeps a photo or document in the database, with its SHA-256.
 *
 * Returns: (transfer full): the attachment's uuid, or %NULL
 */
char *
wr_store_add_attachment (WrStore     *self,
                         const char  *visit_uuid,
                         const char  *question_id,
                         const char  *file_name,
                         const char  *media_type,
                         GBytes      *data,
                         const char  *caption,
                         GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *now = _wr_store_now ();
  g_autofree char *sha256 = NULL;
  gconstpointer bytes;
  gsize size;
  gint64 visit_id;

  g_return_val_if_fail (WR_IS_STORE (self), NULL);
  g_return_val_if_fail (visit_uuid != NULL && data != NULL, NULL);

  bytes = g_bytes_get_data (data, &size);
  if (size > WR_STORE_MAX_ATTACHMENT_SIZE)
    {
      g_autofree char *actual = g_format_size (size);
      g_autofree char *limit = g_format_size (WR_STORE_MAX_ATTACHMENT_SIZE);

      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID,
                   _("“%s” is %s; attachments can be at most %s"), or_empty (file_name), actual, limit);
      return NULL;
    }
  if (!is_media_type (media_type))
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID,
                   _("“%s” is not a media type such as image/jpeg"), or_empty (media_type));
      return NULL;
    }
  if (!_wr_store_check_text (file_name, MAX_SHORT_LENGTH, _("file name"), error) ||
      !_wr_store_check_text (caption, MAX_TEXT_LENGTH, _("caption"), error))
    return NULL;

  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);

  if (!_wr_store_begin (self, error))
    return NULL;

  if (!_wr_store_begin_visit_change (self, visit_uuid, now, &visit_id, error))
    goto fail;

  stmt = _wr_store_prepare (self,
                            "INSERT INTO attachments (uuid, visit_id, question_id, file_name, media_type, size,"
                            "                         sha256, caption, data, created, modified, device_id)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, visit_id);
  sqlite3_bind_text (stmt, 3, or_empty (question_id), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, or_empty (file_name), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, media_type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, (sqlite3_int64) size);
  sqlite3_bind_text (stmt, 7, sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, or_empty (caption), -1, SQLITE_TRANSIENT);
  /* An empty file is still a blob, not NULL. */
  sqlite3_bind_blob64 (stmt, 9, size ? bytes : "", size, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 11, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 12, wr_store_get_device_id (self), -1, SQLITE_TRANSIENT);

  if (!_wr_store_step_done (self, stmt, error) ||
      !_wr_store_mark_change (self, "attachments", sqlite3_last_insert_rowid (_wr_store_get_db (self)), error) ||
      !_wr_store_audit (self, visit_uuid, "attachment", uuid, "added", NULL, sha256, error) ||
      !_wr_store_commit (self, error))
    goto fail;

  return g_steal_pointer (&uuid);

fail:
  _wr_store_rollback (self);
  return NULL;
}

gboolean
wr_store_delete_attachment (WrStore     *self,
                            const char  *attachment_uuid,
                            gboolean     deleted,
                            GError     **error)
{
  g_return_val_if_fail (WR_IS_STORE (self), FALSE);
  g_return_val_if_fail (attachment_uuid != NULL, FALSE);

  return set_note_deleted (self, "attachments", "attachment",
                           "SELECT a.id, v.uuid FROM attachments a JOIN visits v ON v.id = a.visit_id"
                           " WHERE a.uuid = ? AND v.deleted IS NULL",
                           "UPDATE attachments SET deleted = CASE WHEN ?1 THEN ?2 END, modified = ?2 WHERE id = ?3",
                           attachment_uuid, deleted, error);
}

static gpointer
attachment_from_row (sqlite3_stmt *stmt)
{
  WrAttachment *attachment = g_new0 (WrAttachment, 1);

  attachment->uuid = _wr_store_column_dup (stmt, 0);
  attachment->question_id = _wr_store_column_dup (stmt, 1);
  attachment->file_name = _wr_store_column_dup (stmt, 2);
  attachment->media_type = _wr_store_column_dup (stmt, 3);
  attachment->size = sqlite3_column_int64 (stmt, 4);
  attachment->sha256 = _wr_store_column_dup (stmt, 5);
  attachment->caption = _wr_store_column_dup (stmt, 6);

  return attachment;
}

/**
 * wr_store_list_attachments:
 * @self: a #WrStore
 * @visit_uuid: a visit
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type WrAttachment): what is attached to
 *   the visit, without the bytes, or %NULL
 */
GPtrArray *
wr_store_list_attachments (WrStore     *self,
                           const char  *visit_uuid,
                           GError     **error)
{
  g_return_val_if_fail (WR_IS_STORE (self), NULL);

  return _wr_store_list_for_visit (self,
                                   "SELECT a.uuid, a.question_id, a.file_name, a.media_type, a.size, a.sha256, a.caption"
                                   " FROM attachments a JOIN visits v ON v.id = a.visit_id"
                                   " WHERE v.uuid = ? AND a.deleted IS NULL ORDER BY a.id",
                                   visit_uuid, attachment_from_row, (GDestroyNotify) wr_attachment_free,
                                   _("Could not read the attachments"), error);
}

/**
 * wr_store_get_attachment_data:
 * @self: a #WrStore
 * @attachment_uuid: an attachment
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the attachment's bytes, checked against its
 *   SHA-256, or %NULL
 */
GBytes *
wr_store_get_attachment_data (WrStore     *self,
                              const char  *attachment_uuid,
                              GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sha256 = NULL;
  int rc;

  g_return_val_if_fail (WR_IS_STORE (self), NULL);

  if (!(stmt = _wr_store_prepare (self, "SELECT data, sha256 FROM attachments WHERE uuid = ?", error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, attachment_uuid, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_NOT_FOUND, _("There is no attachment %s"), attachment_uuid);
      else
        _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the attachment"));
      return NULL;
    }

  bytes = g_bytes_new (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0));
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  if (g_strcmp0 (sha256, _wr_store_column_text (stmt, 1)) != 0)
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_DAMAGED,
                   _("The attachment %s is damaged: its contents no longer match its SHA-256"), attachment_uuid);
      return NULL;
    }

  return g_steal_pointer (&bytes);
}
