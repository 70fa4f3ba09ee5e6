/* wr-pack-stored-digest.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The digest a stored visit would have in a pack, for the merge: a pack's
 * visit at our revision is unchanged only if it has this digest.
 *
 * It feeds WrPackDigest what wr-pack-writer.c writes for a visit, read
 * with the same cursors (wr-store-export.c), in the same order, with the
 * same rules: empty optional fields left out, text that XML cannot carry
 * as U+FFFD. Without the XML around it, it costs a fraction of an export.
 * tests/test-pack-reader.c checks that both agree on every demo visit.
 */

#define G_LOG_DOMAIN "wr-pack-reader"

#include "config.h"

#include "wr-pack-digest.h"
#include "wr-pack-reader-private.h"
#include "wr-store-private.h"

typedef struct
{
  WrStore      *store;
  WrPackDigest *digest;
  GString      *safe;
  gboolean      open;    /* the current section (<team>…) has started */
} Feed;

/* As the writer's safe_text(): invalid UTF-8 and characters XML 1.0
 * cannot carry become U+FFFD. The usual text passes after one scan.
 */
static const char *
safe_text (Feed       *feed,
           const char *text)
{
  g_autofree char *valid = NULL;
  gboolean ok = g_utf8_validate (text, -1, NULL);

  for (const guchar *p = (const guchar *) text; ok && *p != '\0'; p++)
    {
      if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') ||
          (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)))
        ok = FALSE;
    }
  if (ok)
    return text;

  valid = g_utf8_make_valid (text, -1);
  g_string_truncate (feed->safe, 0);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF)
        c = 0xFFFD;
      g_string_append_unichar (feed->safe, c);
    }

  return feed->safe->str;
}

static void
attr (Feed       *feed,
      const char *name,
      const char *value)
{
  wr_pack_digest_attribute (feed->digest, name, safe_text (feed, value));
}

static void
attr_opt (Feed       *feed,
          const char *name,
          const char *value)
{
  if (value != NULL && value[0] != '\0')
    attr (feed, name, value);
}

static void
attr_int (Feed       *feed,
          const char *name,
          gint64      value)
{
  char text[24];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  attr (feed, name, text);
}

static void
text_element (Feed       *feed,
              const char *name,
              const char *value)
{
  wr_pack_digest_start_element (feed->digest, name);
  if (value[0] != '\0')
    wr_pack_digest_text (feed->digest, safe_text (feed, value), -1);
  wr_pack_digest_end_element (feed->digest);
}

static void
text_element_opt (Feed       *feed,
                  const char *name,
                  const char *value)
{
  if (value != NULL && value[0] != '\0')
    text_element (feed, name, value);
}

/* A section element (<team>) is there only if it has rows. */
static void
section_row (Feed       *feed,
             const char *name)
{
  if (!feed->open)
    wr_pack_digest_start_element (feed->digest, name);
  feed->open = TRUE;
}

static void
section_end (Feed *feed)
{
  if (feed->open)
    wr_pack_digest_end_element (feed->digest);
  feed->open = FALSE;
}

static gboolean
member_cb (const WrExportMember  *row,
           gpointer               user_data,
           GError               **error)
{
  Feed *feed = user_data;

  section_row (feed, "team");
  wr_pack_digest_start_element (feed->digest, "member");
  attr (feed, "uuid", row->uuid);
  attr (feed, "name", row->name);
  attr (feed, "role", row->role);
  attr_int (feed, "position", row->position);
  wr_pack_digest_end_element (feed->digest);

  return TRUE;
}

static gboolean
repeat_cb (const WrExportRepeat  *row,
           gpointer               user_data,
           GError               **error)
{
  Feed *feed = user_data;

  section_row (feed, "repeats");
  wr_pack_digest_start_element (feed->digest, "repeat");
  attr (feed, "uuid", row->uuid);
  attr (feed, "section", row->section_id);
  attr_int (feed, "position", row->position);
  attr (feed, "modified", row->modified);
  wr_pack_digest_end_element (feed->digest);

  return TRUE;
}

static gboolean
answer_cb (const WrExportAnswer  *row,
           gpointer               user_data,
           GError               **error)
{
  Feed *feed = user_data;

  section_row (feed, "answers");
  wr_pack_digest_start_element (feed->digest, "answer");
  attr (feed, "question", row->question_id);
  attr_opt (feed, "member", row->member_uuid);
  attr_opt (feed, "repeat", row->repeat_uuid);
  if (row->free_text)
    attr (feed, "free-text", "true");
  attr (feed, "modified", row->modified);
  attr (feed, "device", row->device_id);
  if (row->value != NULL)
    text_element (feed, "value", row->value);
  text_element_opt (feed, "comment", row->comment);
  wr_pack_digest_end_element (feed->digest);

  return TRUE;
}

static gboolean
link_cb (const WrExportLink  *row,
         gpointer             user_data,
         GError             **error)
{
  Feed *feed = user_data;

  wr_pack_digest_start_element (feed->digest, "link");
  attr (feed, "kind", row->kind);
  attr (feed, "ref", row->ref);
  wr_pack_digest_end_element (feed->digest);

  return TRUE;
}

static gboolean
observation_cb (const WrExportObservation  *row,
                gpointer                    user_data,
                GError                    **error)
{
  Feed *feed = user_data;

  section_row (feed, "observations");
  wr_pack_digest_start_element (feed->digest, "observation");
  attr (feed, "uuid", row->uuid);
  attr (feed, "kind", row->kind);
  attr_opt (feed, "voice", row->voice);
  attr_opt (feed, "category", row->category);
  attr_opt (feed, "question", row->question_id);
  attr_opt (feed, "member", row->member_uuid);
  attr_opt (feed, "repeat", row->repeat_uuid);
  attr (feed, "created", row->created);
  attr (feed, "modified", row->modified);
  attr (feed, "device", row->device_id);
  text_element (feed, "text", row->text);
  if (!_wr_store_export_links (feed->store, row->id, link_cb, feed, error))
    return FALSE;
  wr_pack_digest_end_element (feed->digest);

  return TRUE;
}

static gboolean
action_cb (const WrExportAction  *row,
           gpointer               user_data,
           GError               **error)
{
  Feed *feed = user_data;

  section_row (feed, "actions");
  wr_pack_digest_start_element (feed->digest, "action");
  attr (feed, "uuid", row->uuid);
  attr (feed, "status", row->status);
  attr_opt (feed, "owner", row->owner);
  attr_opt (feed, "due", row->due);
  attr_opt (feed, "observation", row->observation_uuid);
  attr_opt (feed, "question", row->question_id);
  attr (feed, "created", row->created);
  attr (feed, "modified", row->modified);
  attr (feed, "device", row->device_id);
  text_element (feed, "text", row->text);
  wr_pack_digest_end_element (feed->digest);

  return TRUE;
}

/* The bytes are not part of the digest: their size and SHA-256 are. */
static gboolean
attachment_cb (const WrExportAttachment  *row,
               gpointer                   user_data,
               GError                   **error)
{
  Feed *feed = user_data;

  section_row (feed, "attachments");
  wr_pack_digest_start_element (feed->digest, "attachment");
  attr (feed, "uuid", row->uuid);
  attr_opt (feed, "question", row->question_id);
  attr_opt (feed, "file-name", row->file_name);
  attr (feed, "media-type", row->media_type);
  attr_int (feed, "size", row->size);
  attr (feed, "sha256", row->sha256);
  attr (feed, "created", row->created);
  attr (feed, "modified", row->modified);
  attr (feed, "device", row->device_id);
  text_element_opt (feed, "caption", row->caption);
  wr_pack_digest_end_element (feed->digest);

  return TRUE;
}

static gboolean
visit_cb (const WrExportVisit  *row,
          gpointer              user_data,
          GError              **error)
{
  Feed *feed = user_data;
  WrStore *store = feed->store;

  wr_pack_digest_start_element (feed->digest, "visit");
  attr (feed, "uuid", row->uuid);
  attr_int (feed, "revision", row->revision);
  attr (feed, "kind", row->kind);
  attr (feed, "status", row->status);
  attr (feed, "started", row->started);
  attr_opt (feed, "ended", row->ended);
  attr (feed, "form", row->form_id);
  attr_int (feed, "form-version", row->form_version);
  attr (feed, "form-sha256", row->form_sha256);
  attr (feed, "service", row->service_uuid);
  attr (feed, "device", row->device_id);
  attr (feed, "created", row->created);
  attr (feed, "modified", row->modified);

  if (!_wr_store_export_members (store, row->id, member_cb, feed, error))
    return FALSE;
  section_end (feed);
  if (!_wr_store_export_repeats (store, row->id, repeat_cb, feed, error))
    return FALSE;
  section_end (feed);
  if (!_wr_store_export_answers (store, row->id, answer_cb, feed, error))
    return FALSE;
  section_end (feed);
  if (!_wr_store_export_observations (store, row->id, observation_cb, feed, error))
    return FALSE;
  section_end (feed);
  if (!_wr_store_export_actions (store, row->id, action_cb, feed, error))
    return FALSE;
  section_end (feed);
  if (!_wr_store_export_attachments (store, row->id, attachment_cb, feed, error))
    return FALSE;
  section_end (feed);

  wr_pack_digest_end_element (feed->digest);

  return TRUE;
}

/**
 * _wr_pack_stored_digest:
 * @store: a #WrStore
 * @visit_id: a visit's row id
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the visit's digest as an export would write
 *   it, or %NULL with @error set
 */
char *
_wr_pack_stored_digest (WrStore  *store,
                        gint64    visit_id,
                        GError  **error)
{
  g_autoptr(WrPackDigest) digest = wr_pack_digest_new ();
  g_autoptr(GString) safe = g_string_new (NULL);
  Feed feed = { store, digest, safe, FALSE };

  if (!_wr_store_import_read_visit (store, visit_id, visit_cb, &feed, error))
    return NULL;

  return wr_pack_digest_finish (digest);
}
