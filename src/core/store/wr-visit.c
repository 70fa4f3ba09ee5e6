/* wr-visit.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-visit"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-store-private.h"

#include "wr-visit-private.h"

/* A snapshot of one visit's row, made by the store. */
struct _WrVisit
{
  GObject        parent_instance;

  gint64         id;
  char          *uuid;
  char          *kind;
  char          *form_id;
  guint          form_version;
  char          *form_sha256;
  gint64         service_id;
  char          *service_name;
  char          *started;
  char          *start_date;
  char          *ended;
  WrVisitStatus  status;
  guint          revision;
  char          *device_id;
  char          *modified;
  char          *team;
  guint          n_answered;
  int            n_required;  /* -1 until the visit is first counted */
  double         score;       /* percent; < 0 when the visit has none */
  guint          n_unseen;    /* changes made elsewhere its completion had not seen */
  gboolean       placeholder;
};

G_DEFINE_FINAL_TYPE (WrVisit, wr_visit, G_TYPE_OBJECT)

static const char * const kind_ids[] = {
  "quality-visit", "ned-visit", "fifteen-steps", "self-assessment", "custom", NULL,
};

static const char * const kind_labels[] = {
  N_("Quality visit"),
  N_("Non-executive director visit"),
  N_("15 Steps walk"),
  N_("Self-assessment"),
  N_("Other visit"),
};

/**
 * wr_visit_kind_get_ids:
 *
 * Returns: (transfer none): the kinds of visit, NULL-terminated
 */
const char * const *
wr_visit_kind_get_ids (void)
{
  return kind_ids;
}

/**
 * wr_visit_kind_get_label:
 * @kind: a kind of visit, such as "ned-visit"
 *
 * Returns: (transfer none): its name in the user's language
 */
const char *
wr_visit_kind_get_label (const char *kind)
{
  for (guint i = 0; kind != NULL && kind_ids[i] != NULL; i++)
    {
      if (g_str_equal (kind, kind_ids[i]))
        return g_dgettext (GETTEXT_PACKAGE, kind_labels[i]);
    }

  return g_dgettext (GETTEXT_PACKAGE, kind_labels[G_N_ELEMENTS (kind_labels) - 1]);
}

enum {
  PROP_0,
  PROP_UUID,
  PROP_KIND,
  PROP_SERVICE_NAME,
  PROP_STARTED,
  PROP_STATUS,
  PROP_REVISION,
  PROP_TEAM,
  PROP_N_ANSWERED,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
wr_visit_finalize (GObject *object)
{
  WrVisit *self = (WrVisit *)object;

  g_clear_pointer (&self->uuid, g_free);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->form_id, g_free);
  g_clear_pointer (&self->form_sha256, g_free);
  g_clear_pointer (&self->service_name, g_free);
  g_clear_pointer (&self->started, g_free);
  g_clear_pointer (&self->start_date, g_free);
  g_clear_pointer (&self->ended, g_free);
  g_clear_pointer (&self->device_id, g_free);
  g_clear_pointer (&self->modified, g_free);
  g_clear_pointer (&self->team, g_free);

  G_OBJECT_CLASS (wr_visit_parent_class)->finalize (object);
}

static void
wr_visit_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  WrVisit *self = WR_VISIT (object);

  switch (prop_id)
    {
    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;

    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;

    case PROP_SERVICE_NAME:
      g_value_set_string (value, self->service_name);
      break;

    case PROP_STARTED:
      g_value_set_string (value, self->started);
      break;

    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;

    case PROP_REVISION:
      g_value_set_uint (value, self->revision);
      break;

    case PROP_TEAM:
      g_value_set_string (value, self->team);
      break;

    case PROP_N_ANSWERED:
      g_value_set_uint (value, self->n_answered);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wr_visit_class_init (WrVisitClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = wr_visit_finalize;
  object_class->get_property = wr_visit_get_property;

  properties [PROP_UUID] = g_param_spec_string ("uuid", NULL, NULL, NULL, flags);
  properties [PROP_KIND] = g_param_spec_string ("kind", NULL, NULL, NULL, flags);
  properties [PROP_SERVICE_NAME] = g_param_spec_string ("service-name", NULL, NULL, NULL, flags);
  properties [PROP_STARTED] = g_param_spec_string ("started", NULL, NULL, NULL, flags);
  properties [PROP_STATUS] = g_param_spec_int ("status", NULL, NULL,
                                               WR_VISIT_DRAFT, WR_VISIT_COMPLETED, WR_VISIT_DRAFT, flags);
  properties [PROP_REVISION] = g_param_spec_uint ("revision", NULL, NULL, 1, G_MAXUINT, 1, flags);
  properties [PROP_TEAM] = g_param_spec_string ("team", NULL, NULL, NULL, flags);
  properties [PROP_N_ANSWERED] = g_param_spec_uint ("n-answered", NULL, NULL, 0, G_MAXUINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wr_visit_init (WrVisit *self)
{
}

WrVisit *
_wr_visit_new_from_row (sqlite3_stmt *stmt)
{
  WrVisit *self = g_object_new (WR_TYPE_VISIT, NULL);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->uuid = _wr_store_column_dup (stmt, 1);
  self->kind = _wr_store_column_dup (stmt, 2);
  self->form_id = _wr_store_column_dup (stmt, 3);
  self->form_version = (guint) sqlite3_column_int (stmt, 4);
  self->form_sha256 = _wr_store_column_dup (stmt, 5);
  self->service_id = sqlite3_column_int64 (stmt, 6);
  self->service_name = _wr_store_column_dup (stmt, 7);
  self->started = _wr_store_column_dup (stmt, 8);
  self->start_date = _wr_store_column_dup (stmt, 9);
  self->ended = _wr_store_column_dup (stmt, 10);
  self->status = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 11), "completed") == 0
                 ? WR_VISIT_COMPLETED : WR_VISIT_DRAFT;
  self->revision = (guint) sqlite3_column_int (stmt, 12);
  self->device_id = _wr_store_column_dup (stmt, 13);
  self->modified = _wr_store_column_dup (stmt, 14);
  self->team = g_strdup (sqlite3_column_text (stmt, 15) ? (const char *) sqlite3_column_text (stmt, 15) : "");
  self->n_answered = (guint) sqlite3_column_int (stmt, 16);
  self->n_required = sqlite3_column_type (stmt, 17) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 17);
  if (sqlite3_column_type (stmt, 19) != SQLITE_NULL && sqlite3_column_double (stmt, 19) > 0)
    self->score = 100.0 * sqlite3_column_double (stmt, 18) / sqlite3_column_double (stmt, 19);
  else
    self->score = -1;
  self->n_unseen = (guint) sqlite3_column_int (stmt, 20);

  return self;
}

/* Stands in for a row that could not be read, so that a list never has a
 * hole; the list logs why.
 */
WrVisit *
_wr_visit_new_placeholder (gint64 id)
{
  WrVisit *self = g_object_new (WR_TYPE_VISIT, NULL);

  self->id = id;
  self->uuid = g_strdup ("");
  self->kind = g_strdup ("custom");
  self->form_id = g_strdup ("");
  self->form_sha256 = g_strdup ("");
  self->service_name = g_strdup ("");
  self->started = g_strdup ("");
  self->start_date = g_strdup ("");
  self->revision = 1;
  self->device_id = g_strdup ("");
  self->modified = g_strdup ("");
  self->team = g_strdup ("");
  self->placeholder = TRUE;

  self->n_required = -1;
  self->score = -1;
  return self;
}

#define GETTER(type, name, fallback) \
  type \
  wr_visit_get_##name (WrVisit *self) \
  { \
    g_return_val_if_fail (WR_IS_VISIT (self), fallback); \
    return self->name; \
  }

GETTER (gint64, id, 0)
GETTER (const char *, uuid, NULL)
GETTER (const char *, kind, NULL)
GETTER (const char *, form_id, NULL)
GETTER (guint, form_version, 0)
GETTER (const char *, form_sha256, NULL)
GETTER (gint64, service_id, 0)
GETTER (const char *, service_name, NULL)
GETTER (const char *, started, NULL)
GETTER (const char *, start_date, NULL)
GETTER (const char *, ended, NULL)
GETTER (WrVisitStatus, status, WR_VISIT_DRAFT)
GETTER (guint, revision, 0)
GETTER (const char *, device_id, NULL)
GETTER (const char *, modified, NULL)
GETTER (const char *, team, NULL)
GETTER (guint, n_answered, 0)

/**
 * wr_visit_get_progress:
 * @self: a #WrVisit
 * @answered: (out) (optional): how many required questions are answered
 * @required: (out) (optional): how many required questions the visit shows
 *
 * The counts are those the visit page last made. A visit not opened since
 * it was made by an older Walkround, or imported, has none yet.
 * wr_visit_get_n_answered() is the answered count when @required is more
 * than 0, and otherwise simply how many answers the visit has.
 *
 * Returns: whether the visit has been counted
 */
gboolean
wr_visit_get_progress (WrVisit *self,
                       guint   *answered,
                       guint   *required)
{
  g_return_val_if_fail (WR_IS_VISIT (self), FALSE);

  if (answered)
    *answered = self->n_required > 0 ? self->n_answered : 0;
  if (required)
    *required = (guint) MAX (self->n_required, 0);
  return self->n_required >= 0;
}

/**
 * wr_visit_get_n_unseen_changes:
 * @self: a #WrVisit
 *
 * A completed visit that devices changed without having seen its
 * completion (packs brought the changes here): how many of its rows they
 * changed. It stays completed, with the changes, until it is completed
 * again or reopened.
 *
 * Returns: the number of rows, 0 if none
 */
guint
wr_visit_get_n_unseen_changes (WrVisit *self)
{
  g_return_val_if_fail (WR_IS_VISIT (self), 0);

  return self->n_unseen;
}

/**
 * wr_visit_get_score:
 * @self: a #WrVisit
 * @percent: (out) (optional): the visit's compliance score, 0 to 100
 *
 * The score its form gives its answers (N/A and hidden answers left out),
 * as the store keeps it.
 *
 * Returns: %FALSE if the visit has no score: its form is not scored,
 *   nothing applicable is answered, or it has not been scored yet
 */
gboolean
wr_visit_get_score (WrVisit *self,
                    double  *percent)
{
  g_return_val_if_fail (WR_IS_VISIT (self), FALSE);

  if (percent)
    *percent = MAX (self->score, 0);
  return self->score >= 0;
}

gboolean
wr_visit_is_placeholder (WrVisit *self)
{
  g_return_val_if_fail (WR_IS_VISIT (self), FALSE);
  return self->placeholder;
}

#undef GETTER
