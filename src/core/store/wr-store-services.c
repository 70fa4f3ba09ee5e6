/* wr-store-services.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wr-service-private.h"
#include "wr-store-private.h"

#define MAX_FIELD_LENGTH 200

#define SERVICE_COLUMNS WR_STORE_SERVICE_COLUMNS

static WrService *
service_from_row (sqlite3_stmt *stmt)
{
  return _wr_store_service_from_row (stmt);
}

/* A row of WR_STORE_SERVICE_COLUMNS as a service. */
WrService *
_wr_store_service_from_row (sqlite3_stmt *stmt)
{
  WrServiceFields fields = {
    .name = _wr_store_column_text (stmt, 2),
    .directorate = _wr_store_column_text (stmt, 3),
    .site = _wr_store_column_text (stmt, 4),
    .type = _wr_store_column_text (stmt, 5),
    .cqc_location_id = _wr_store_column_text (stmt, 6),
  };

  return _wr_service_new (sqlite3_column_int64 (stmt, 0),
                          _wr_store_column_text (stmt, 1),
                          &fields,
                          sqlite3_column_int (stmt, 7));
}

static gboolean
check_field (const char  *value,
             const char  *label,
             GError     **error)
{
  if (value != NULL && g_utf8_strlen (value, -1) > MAX_FIELD_LENGTH)
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID,
                   _("The %s is longer than %d characters"), label, MAX_FIELD_LENGTH);
      return FALSE;
    }

  if (value != NULL && !g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID,
                   _("The %s is not valid text"), label);
      return FALSE;
    }

  return TRUE;
}

/* CQC location ids look like 1-123456789. */
static gboolean
is_cqc_location_id (const char *id)
{
  const char *p;

  if (!g_str_has_prefix (id, "1-") || strlen (id) < 5 || strlen (id) > 16)
    return FALSE;

  for (p = id + 2; *p; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }

  return TRUE;
}

/* Trims each field, so that " Ward 7 " and "Ward 7" are the same service. */
static gboolean
normalise_fields (const WrServiceFields  *in,
                  char                  **out,
                  GError                **error)
{
  const char *values[] = { in->name, in->directorate, in->site, in->type, in->cqc_location_id };
  /* Translators: these name the fields of a service in error messages */
  const char *labels[] = { N_("name"), N_("directorate"), N_("site"), N_("service type"), N_("CQC location id") };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      if (!check_field (values[i], _(labels[i]), error))
        return FALSE;
      out[i] = g_strstrip (g_strdup (values[i] ? values[i] : ""));
    }

  if (out[0][0] == '\0')
    {
      g_set_error_literal (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID,
                           _("A service needs a name"));
      return FALSE;
    }

  if (out[4][0] != '\0' && !is_cqc_location_id (out[4]))
    {
      g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_INVALID,
                   _("“%s” is not a CQC location id; they look like 1-123456789"), out[4]);
      return FALSE;
    }

  return TRUE;
}

static void
free_fields (char **fields)
{
  for (guint i = 0; i < 5; i++)
    g_clear_pointer (&fields[i], g_free);
}

gboolean
_wr_store_check_service_fields (const WrServiceFields  *fields,
                                GError                **error)
{
  char *norm[5] = { NULL, };
  gboolean ok = normalise_fields (fields, norm, error);

  free_fields (norm);
  return ok;
}

/* Inside a write transaction: adds one service from normalised fields. */
static WrService *
insert_service (WrStore     *self,
                char       **norm,
                const char  *now,
                GError     **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  WrServiceFields saved = { norm[0], norm[1], norm[2], norm[3], norm[4] };
  gint64 id;

  stmt = _wr_store_prepare (self,
                            "INSERT INTO services (uuid, name, directorate, site, type, cqc_location_id,"
                            "                      created, modified)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  for (guint i = 0; i < 5; i++)
    sqlite3_bind_text (stmt, 2 + i, norm[i], -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, now, -1, SQLITE_TRANSIENT);

  if (!_wr_store_step_done (self, stmt, error))
    return NULL;
  /* Read before the audit log's own insert changes it. */
  id = sqlite3_last_insert_rowid (_wr_store_get_db (self));

  if (!_wr_store_audit (self, NULL, "service", uuid, "created", NULL, norm[0], error))
    return NULL;

  return _wr_service_new (id, uuid, &saved, FALSE);
}

/**
 * wr_store_add_services:
 * @self: a #WrStore
 * @fields: (array length=n_fields): the services to add
 * @n_fields: how many
 * @error: return location for a #GError
 *
 * Adds several services in one transaction: all of them, or none if any
 * is refused (the error names which, counting from 1).
 *
 * Returns: (transfer full) (element-type WrService): the new services, or
 *   %NULL with @error set
 */
GPtrArray *
wr_store_add_services (WrStore                *self,
                       const WrServiceFields  *fields,
                       guint                   n_fields,
                       GError                **error)
{
  g_autoptr(GPtrArray) services = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *now = _wr_store_now ();

  g_return_val_if_fail (WR_IS_STORE (self), NULL);
  g_return_val_if_fail (fields != NULL || n_fields == 0, NULL);

  if (!_wr_store_begin (self, error))
    return NULL;

  for (guint i = 0; i < n_fields; i++)
    {
      char *norm[5] = { NULL, };
      WrService *service = NULL;

      if (normalise_fields (&fields[i], norm, error))
        service = insert_service (self, norm, now, error);
      free_fields (norm);

      if (service == NULL)
        {
          if (n_fields > 1)
            g_prefix_error (error, _("Service %u: "), i + 1);
          _wr_store_rollback (self);
          return NULL;
        }
      g_ptr_array_add (services, service);
    }

  if (!_wr_store_commit (self, error))
    return NULL;

  return g_steal_pointer (&services);
}

/**
 * wr_store_add_service:
 * @self: a #WrStore
 * @fields: the new service
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the new service, or %NULL with @error set
 */
WrService *
wr_store_add_service (WrStore                *self,
                      const WrServiceFields  *fields,
                      GError                **error)
{
  g_autoptr(GPtrArray) services = NULL;

  g_return_val_if_fail (fields != NULL, NULL);

  if (!(services = wr_store_add_services (self, fields, 1, error)))
    return NULL;

  return g_object_ref (g_ptr_array_index (services, 0));
}

WrService *
wr_store_get_service (WrStore  *self,
                      gint64    service_id,
                      GError  **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (WR_IS_STORE (self), NULL);

  if (!(stmt = _wr_store_prepare (self, "SELECT " SERVICE_COLUMNS " FROM services WHERE id = ?", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, service_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return service_from_row (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, WR_STORE_ERROR, WR_STORE_ERROR_NOT_FOUND,
                 _("There is no service %" G_GINT64_FORMAT), service_id);
  else
    _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the services"));

  return NULL;
}

WrService *
wr_store_update_service (WrStore                *self,
                         gint64                  service_id,
                         const WrServiceFields  *fields,
                         GError                **error)
{
  static const char * const columns[] = { "name", "directorate", "site", "type", "cqc_location_id" };
  g_autoptr(WrService) before = NULL;
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autofree char *now = NULL;
  char *norm[5] = { NULL, };
  WrService *service = NULL;
  const char *old[5];

  g_return_val_if_fail (WR_IS_STORE (self), NULL);
  g_return_val_if_fail (fields != NULL, NULL);

  if (!normalise_fields (fields, norm, error))
    goto out;

  if (!_wr_store_begin (self, error))
    goto out;

  if (!(before = wr_store_get_service (self, service_id, error)))
    goto fail;

  now = _wr_store_now ();
  stmt = _wr_store_prepare (self,
                            "UPDATE services SET name = ?, directorate = ?, site = ?, type = ?,"
                            "                    cqc_location_id = ?, modified = ?"
                            " WHERE id = ?",
                            error);
  if (stmt == NULL)
    goto fail;
  for (guint i = 0; i < 5; i++)
    sqlite3_bind_text (stmt, 1 + i, norm[i], -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, service_id);
  if (!_wr_store_step_done (self, stmt, error))
    goto fail;

  old[0] = wr_service_get_name (before);
  old[1] = wr_service_get_directorate (before);
  old[2] = wr_service_get_site (before);
  old[3] = wr_service_get_service_type (before);
  old[4] = wr_service_get_cqc_location_id (before);
  for (guint i = 0; i < 5; i++)
    {
      if (!g_str_equal (old[i], norm[i]) &&
          !_wr_store_audit (self, NULL, "service", wr_service_get_uuid (before), columns[i],
                            old[i], norm[i], error))
        goto fail;
    }

  if (!_wr_store_commit (self, error))
    goto fail;

  {
    WrServiceFields saved = { norm[0], norm[1], norm[2], norm[3], norm[4] };
    service = _wr_service_new (service_id, wr_service_get_uuid (before), &saved,
                               wr_service_get_archived (before));
  }
  goto out;

fail:
  _wr_store_rollback (self);
out:
  free_fields (norm);
  return service;
}

gboolean
wr_store_set_service_archived (WrStore   *self,
                               gint64     service_id,
                               gboolean   archived,
                               GError   **error)
{
  g_autoptr(WrService) before = NULL;
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autofree char *now = _wr_store_now ();

  g_return_val_if_fail (WR_IS_STORE (self), FALSE);

  if (!_wr_store_begin (self, error))
    return FALSE;

  if (!(before = wr_store_get_service (self, service_id, error)))
    goto fail;

  if (wr_service_get_archived (before) == !!archived)
    return _wr_store_commit (self, error);

  if (!(stmt = _wr_store_prepare (self, "UPDATE services SET archived = ?, modified = ? WHERE id = ?", error)))
    goto fail;
  sqlite3_bind_int (stmt, 1, !!archived);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, service_id);

  if (!_wr_store_step_done (self, stmt, error) ||
      !_wr_store_audit (self, NULL, "service", wr_service_get_uuid (before), "archived",
                        archived ? "0" : "1", archived ? "1" : "0", error) ||
      !_wr_store_commit (self, error))
    goto fail;

  return TRUE;

fail:
  _wr_store_rollback (self);
  return FALSE;
}

/**
 * wr_store_list_services:
 * @self: a #WrStore
 * @include_archived: whether to list archived services too
 * @error: return location for a #GError
 *
 * Services are few (hundreds), so they come as one list sorted by name.
 *
 * Returns: (transfer full): a list of #WrService, or %NULL with @error set
 */
GListModel *
wr_store_list_services (WrStore   *self,
                        gboolean   include_archived,
                        GError   **error)
{
  g_autoptr(WrCachedStmt) stmt = NULL;
  g_autoptr(GListStore) services = g_list_store_new (WR_TYPE_SERVICE);
  int rc;

  g_return_val_if_fail (WR_IS_STORE (self), NULL);

  stmt = _wr_store_prepare (self,
                            "SELECT " SERVICE_COLUMNS " FROM services"
                            " WHERE archived = 0 OR ?"
                            " ORDER BY name COLLATE NOCASE, id",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, !!include_archived);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(WrService) service = service_from_row (stmt);
      g_list_store_append (services, service);
    }

  if (rc != SQLITE_DONE)
    {
      _wr_store_set_error (self, error, WR_STORE_ERROR_READ, _("Could not read the services"));
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&services));
}
