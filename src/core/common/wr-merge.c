/* wr-merge.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Merging a visit row by row, by causal history rather than by clocks on
 * walls.
 *
 * Every change to a row is a version, named by the device that made it
 * and that device's change number for the visit (a "dot"). Each copy of a
 * visit keeps a version vector, its clock: for each device, the highest
 * change of it the copy has seen. A copy that has seen a change either
 * still holds it or holds what replaced it, because deletions are versions
 * too (with no content) and are kept.
 *
 * Merging their copy into ours, row by row, keeps:
 *
 * - each version both hold;
 * - each version only one holds that the other has not seen: the other
 *   has not replaced it. One the other has seen and no longer holds was
 *   replaced by a change made after it, and is dropped.
 *
 * So two devices that changed different rows never conflict; a row changed
 * on both since their common state ends with both versions, a conflict,
 * shown until someone resolves it; and a resolution, a new change made
 * with both in sight, replaces both everywhere it goes. The result does
 * not depend on the order of merges, nor on how often one is repeated:
 * every copy that has seen the same changes holds the same versions, and
 * shows the same one first (wr_version_order()).
 *
 * Two exceptions guard against losing what this cannot tell apart:
 *
 * - The same change (device and number) with different content on each
 *   side was not made by Walkround, which never numbers two changes
 *   alike: a copy was edited by hand, or a database restored from an old
 *   backup. Both versions are kept, a conflict.
 * - A version numbered 0 was written before Walkround kept histories, so
 *   a clock that names its device does not prove it was seen. It is
 *   dropped only for a numbered version of the same row, and kept beside
 *   another version numbered 0.
 *
 * Nothing here can stop a forged copy from claiming changes it never saw;
 * signatures on packs are for that.
 */

#define G_LOG_DOMAIN "wr-merge"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "wr-merge.h"

/* Clocks ------------------------------------------------------------------------------ */

/* A copy's clock names its visit's devices, a handful: a sorted array. */
typedef struct
{
  char    *device;
  guint64  counter;
} Entry;

struct _WrClock
{
  GArray *entries;  /* of Entry, by device in byte order */
};

/* A clock in text is at most this long: ten thousand devices on one visit
 * is a forged copy, not a team.
 */
#define MAX_CLOCK_ENTRIES 10000
#define MAX_DEVICE_LENGTH 100

static void
clear_entry (gpointer data)
{
  g_free (((Entry *) data)->device);
}

WrClock *
wr_clock_new (void)
{
  WrClock *self = g_new0 (WrClock, 1);

  self->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_array_set_clear_func (self->entries, clear_entry);
  return self;
}

WrClock *
wr_clock_copy (const WrClock *self)
{
  WrClock *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = wr_clock_new ();
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry entry = g_array_index (self->entries, Entry, i);

      entry.device = g_strdup (entry.device);
      g_array_append_val (copy->entries, entry);
    }
  return copy;
}

void
wr_clock_free (WrClock *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->entries);
  g_free (self);
}

guint
wr_clock_get_n (const WrClock *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->entries->len;
}

/**
 * wr_clock_get_entry:
 * @self: a #WrClock
 * @index: from 0 to wr_clock_get_n() - 1, devices in byte order
 * @counter: (out) (optional): the device's highest change seen
 *
 * Returns: (transfer none): the device
 */
const char *
wr_clock_get_entry (const WrClock *self,
                    guint          index,
                    guint64       *counter)
{
  const Entry *entry;

  g_return_val_if_fail (self != NULL && index < self->entries->len, NULL);

  entry = &g_array_index (self->entries, Entry, index);
  if (counter != NULL)
    *counter = entry->counter;
  return entry->device;
}

/* Where @device is, or would go: sets *found. */
static guint
find_entry (const WrClock *self,
            const char    *device,
            gboolean      *found)
{
  guint low = 0;
  guint high = self->entries->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      int cmp = strcmp (g_array_index (self->entries, Entry, middle).device, device);

      if (cmp == 0)
        {
          *found = TRUE;
          return middle;
        }
      if (cmp < 0)
        low = middle + 1;
      else
        high = middle;
    }

  *found = FALSE;
  return low;
}

/**
 * wr_clock_lookup:
 * @self: a #WrClock
 * @device: a device id
 * @counter: (out) (optional): its highest change seen
 *
 * Returns: whether @self names @device at all
 */
gboolean
wr_clock_lookup (const WrClock *self,
                 const char    *device,
                 guint64       *counter)
{
  gboolean found;
  guint index;

  g_return_val_if_fail (self != NULL && device != NULL, FALSE);

  index = find_entry (self, device, &found);
  if (counter != NULL)
    *counter = found ? g_array_index (self->entries, Entry, index).counter : 0;
  return found;
}

/**
 * wr_clock_advance:
 * @self: a #WrClock
 * @device: a device id
 * @counter: a change of it now seen
 *
 * Notes that @device's changes up to @counter are seen; a clock never goes
 * back.
 */
void
wr_clock_advance (WrClock    *self,
                  const char *device,
                  guint64     counter)
{
  gboolean found;
  guint index;

  g_return_if_fail (self != NULL && device != NULL);

  index = find_entry (self, device, &found);
  if (found)
    {
      Entry *entry = &g_array_index (self->entries, Entry, index);

      entry->counter = MAX (entry->counter, counter);
    }
  else
    {
      Entry entry = { g_strdup (device), counter };

      g_array_insert_val (self->entries, index, entry);
    }
}

/**
 * wr_clock_join:
 * @self: a #WrClock
 * @other: another
 *
 * Makes @self what has been seen by either.
 */
void
wr_clock_join (WrClock       *self,
               const WrClock *other)
{
  g_return_if_fail (self != NULL && other != NULL);

  for (guint i = 0; i < other->entries->len; i++)
    {
      const Entry *entry = &g_array_index (other->entries, Entry, i);

      wr_clock_advance (self, entry->device, entry->counter);
    }
}

/**
 * wr_clock_covers:
 * @self: a #WrClock
 * @device: the device of a change
 * @counter: its number
 *
 * Returns: whether a copy with this clock has seen the change
 */
gboolean
wr_clock_covers (const WrClock *self,
                 const char    *device,
                 guint64        counter)
{
  guint64 seen;

  g_return_val_if_fail (self != NULL && device != NULL, FALSE);

  return wr_clock_lookup (self, device, &seen) && counter <= seen;
}

gboolean
wr_clock_equal (const WrClock *a,
                const WrClock *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a->entries->len != b->entries->len)
    return FALSE;
  for (guint i = 0; i < a->entries->len; i++)
    {
      const Entry *x = &g_array_index (a->entries, Entry, i);
      const Entry *y = &g_array_index (b->entries, Entry, i);

      if (x->counter != y->counter || strcmp (x->device, y->device) != 0)
        return FALSE;
    }
  return TRUE;
}

/**
 * wr_clock_to_string:
 * @self: a #WrClock
 *
 * Returns: (transfer full): "DEVICE:N DEVICE:N …", by device in byte
 *   order; "" for an empty clock
 */
char *
wr_clock_to_string (const WrClock *self)
{
  GString *text;

  g_return_val_if_fail (self != NULL, NULL);

  text = g_string_new (NULL);
  for (guint i = 0; i < self->entries->len; i++)
    {
      const Entry *entry = &g_array_index (self->entries, Entry, i);

      g_string_append_printf (text, "%s%s:%" G_GUINT64_FORMAT, i > 0 ? " " : "", entry->device, entry->counter);
    }
  return g_string_free (text, FALSE);
}

static gboolean
is_device (const char *text,
           gsize       len)
{
  if (len == 0 || len > MAX_DEVICE_LENGTH)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (text[i]) && text[i] != '-' && text[i] != '_' && text[i] != '.')
      return FALSE;
  return TRUE;
}

/**
 * wr_clock_from_string:
 * @text: what wr_clock_to_string() writes
 * @error: return location for a #GError
 *
 * Reads a clock, in any order of devices. Errors are
 * G_IO_ERROR_INVALID_DATA, with a message that says what is wrong.
 *
 * Returns: (transfer full): the clock, or %NULL
 */
WrClock *
wr_clock_from_string (const char  *text,
                      GError     **error)
{
  g_autoptr(WrClock) clock = wr_clock_new ();
  const char *p = text;

  g_return_val_if_fail (text != NULL, NULL);

  while (*p != '\0')
    {
      const char *space = strchr (p, ' ');
      const char *end = space != NULL ? space : p + strlen (p);
      const char *colon = memchr (p, ':', end - p);
      g_autofree char *device = NULL;
      guint64 counter;
      char *number_end;

      if (colon == NULL || !is_device (p, colon - p) || colon + 1 == end || !g_ascii_isdigit (colon[1]) ||
          (colon[1] == '0' && colon + 2 != end))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("“%.*s” is not a device and a change number, as in “%s”"),
                       (int) MIN (end - p, 120), p, "3b23b107-f790-4a23-abf3-9e39fc526c50:12");
          return NULL;
        }

      device = g_strndup (p, colon - p);
      errno = 0;
      counter = g_ascii_strtoull (colon + 1, &number_end, 10);
      if (number_end != end || errno != 0 || counter > G_MAXINT64)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("device %s's change number “%.*s” is not a number Walkround writes"),
                       device, (int) MIN (end - colon - 1, 40), colon + 1);
          return NULL;
        }
      if (wr_clock_lookup (clock, device, NULL))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("device %s is named twice"), device);
          return NULL;
        }
      if (clock->entries->len >= MAX_CLOCK_ENTRIES)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("more than %d devices changed one visit, which no visit has"), MAX_CLOCK_ENTRIES);
          return NULL;
        }
      wr_clock_advance (clock, device, counter);

      if (space == NULL)
        break;
      p = space + 1;
      if (*p == '\0' || *p == ' ')
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("devices are separated by one space, with none at the end"));
          return NULL;
        }
    }

  return g_steal_pointer (&clock);
}

/* Versions ---------------------------------------------------------------------------- */

WrVersion *
wr_version_new (const char *device,
                guint64     counter,
                GBytes     *content)
{
  WrVersion *self;

  g_return_val_if_fail (device != NULL, NULL);

  self = g_new0 (WrVersion, 1);
  self->device = g_strdup (device);
  self->counter = counter;
  self->content = content != NULL ? g_bytes_ref (content) : NULL;
  return self;
}

WrVersion *
wr_version_copy (const WrVersion *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return wr_version_new (self->device, self->counter, self->content);
}

void
wr_version_free (WrVersion *self)
{
  if (self == NULL)
    return;
  g_free (self->device);
  g_clear_pointer (&self->content, g_bytes_unref);
  g_free (self);
}

static gboolean
same_change (const WrVersion *a,
             const WrVersion *b)
{
  return a->counter == b->counter && strcmp (a->device, b->device) == 0;
}

static gboolean
same_content (const WrVersion *a,
              const WrVersion *b)
{
  if (a->content == NULL || b->content == NULL)
    return a->content == b->content;
  return g_bytes_equal (a->content, b->content);
}

/**
 * wr_version_order:
 * @a: a version
 * @b: another of the same row
 *
 * The order in which a row's versions are shown, the same on every
 * device: the higher change number first, then the device id later in
 * byte order, then (the same change with different content) content
 * before a deletion and the content later in byte order.
 *
 * Returns: < 0 if @a comes first, > 0 if @b does, 0 if they are the same
 */
int
wr_version_order (const WrVersion *a,
                  const WrVersion *b)
{
  int cmp;

  if (a->counter != b->counter)
    return a->counter > b->counter ? -1 : 1;
  if ((cmp = strcmp (a->device, b->device)) != 0)
    return -cmp;
  if (a->content == NULL || b->content == NULL)
    return (a->content == NULL) - (b->content == NULL);
  return -g_bytes_compare (a->content, b->content);
}

static int
order_cb (gconstpointer a,
          gconstpointer b)
{
  return wr_version_order (*(WrVersion * const *) a, *(WrVersion * const *) b);
}

/* Histories --------------------------------------------------------------------------- */

struct _WrMergeState
{
  WrClock    *clock;
  GHashTable *rows;  /* key → GPtrArray of WrVersion, in wr_version_order() */
};

static GPtrArray *
versions_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) wr_version_free);
}

WrMergeState *
wr_merge_state_new (void)
{
  WrMergeState *self = g_new0 (WrMergeState, 1);

  self->clock = wr_clock_new ();
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  return self;
}

void
wr_merge_state_free (WrMergeState *self)
{
  if (self == NULL)
    return;
  wr_clock_free (self->clock);
  g_hash_table_unref (self->rows);
  g_free (self);
}

WrMergeState *
wr_merge_state_copy (const WrMergeState *self)
{
  WrMergeState *copy;
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_return_val_if_fail (self != NULL, NULL);

  copy = wr_merge_state_new ();
  wr_merge_state_set_clock (copy, self->clock);
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *versions = value;
      GPtrArray *copied = versions_new ();

      for (guint i = 0; i < versions->len; i++)
        g_ptr_array_add (copied, wr_version_copy (g_ptr_array_index (versions, i)));
      g_hash_table_insert (copy->rows, g_strdup (key), copied);
    }
  return copy;
}

const WrClock *
wr_merge_state_get_clock (const WrMergeState *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->clock;
}

/**
 * wr_merge_state_set_clock:
 * @self: a #WrMergeState
 * @clock: what the copy has seen
 *
 * Sets the clock of a history read from a store or a pack.
 */
void
wr_merge_state_set_clock (WrMergeState     *self,
                      const WrClock *clock)
{
  g_return_if_fail (self != NULL && clock != NULL);

  wr_clock_free (self->clock);
  self->clock = wr_clock_copy (clock);
}

/**
 * wr_merge_state_add_version:
 * @self: a #WrMergeState
 * @key: the row: any text that names it the same way on every device
 * @device: the device of the change
 * @counter: its number
 * @content: (nullable): the row as written, %NULL for a deletion
 *
 * Adds a version read from a store or a pack. The clock is not changed:
 * set it with wr_merge_state_set_clock() (it covers every version a copy
 * holds, but a reader that trusts a copy less may check that itself).
 */
void
wr_merge_state_add_version (WrMergeState  *self,
                        const char *key,
                        const char *device,
                        guint64     counter,
                        GBytes     *content)
{
  GPtrArray *versions;

  g_return_if_fail (self != NULL && key != NULL && device != NULL);

  versions = g_hash_table_lookup (self->rows, key);
  if (versions == NULL)
    {
      versions = versions_new ();
      g_hash_table_insert (self->rows, g_strdup (key), versions);
    }
  g_ptr_array_add (versions, wr_version_new (device, counter, content));
  g_ptr_array_sort (versions, order_cb);
}

/**
 * wr_merge_state_get_versions:
 * @self: a #WrMergeState
 * @key: a row
 *
 * Returns: (transfer none) (nullable) (element-type WrVersion): the row's
 *   versions, the one shown first; more than one is a conflict. %NULL if
 *   the copy has no such row.
 */
GPtrArray *
wr_merge_state_get_versions (const WrMergeState *self,
                         const char      *key)
{
  g_return_val_if_fail (self != NULL && key != NULL, NULL);
  return g_hash_table_lookup (self->rows, key);
}

static int
compare_keys_cb (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * wr_merge_state_list_keys:
 * @self: a #WrMergeState
 *
 * Returns: (transfer container) (element-type utf8): the rows' keys, in
 *   byte order; the strings belong to @self
 */
GPtrArray *
wr_merge_state_list_keys (const WrMergeState *self)
{
  GPtrArray *keys;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (self != NULL, NULL);

  keys = g_ptr_array_sized_new (g_hash_table_size (self->rows));
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_keys_cb);
  return keys;
}

/**
 * wr_merge_state_write:
 * @self: a #WrMergeState
 * @key: a row
 * @device: this device
 * @content: (nullable): the row as written now, %NULL to delete it
 *
 * A change made here: the row's new version replaces every version it
 * had, a conflict included (writing is how a conflict is resolved), and
 * takes the device's next change number for the visit.
 *
 * Returns: the change's number
 */
guint64
wr_merge_state_write (WrMergeState  *self,
                  const char *key,
                  const char *device,
                  GBytes     *content)
{
  GPtrArray *versions;
  guint64 counter;

  g_return_val_if_fail (self != NULL && key != NULL && device != NULL, 0);

  wr_clock_lookup (self->clock, device, &counter);
  counter++;
  wr_clock_advance (self->clock, device, counter);

  versions = versions_new ();
  g_ptr_array_add (versions, wr_version_new (device, counter, content));
  g_hash_table_replace (self->rows, g_strdup (key), versions);
  return counter;
}

static gboolean
holds (GPtrArray       *versions,
       const WrVersion *version,
       gboolean         with_content)
{
  for (guint i = 0; versions != NULL && i < versions->len; i++)
    {
      const WrVersion *other = g_ptr_array_index (versions, i);

      if (same_change (other, version) && (!with_content || same_content (other, version)))
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_numbered (GPtrArray *versions)
{
  for (guint i = 0; versions != NULL && i < versions->len; i++)
    if (((WrVersion *) g_ptr_array_index (versions, i))->counter > 0)
      return TRUE;
  return FALSE;
}

/* Whether a copy with @clock and @versions of the row has replaced
 * @version, which it does not hold.
 */
static gboolean
replaced (const WrClock   *clock,
          GPtrArray       *versions,
          const WrVersion *version)
{
  if (!wr_clock_covers (clock, version->device, version->counter))
    return FALSE;
  return version->counter > 0 || has_numbered (versions);
}

/* One row: ours and theirs into @merged. Returns whether the same change
 * with different content was found.
 */
static gboolean
merge_row (GPtrArray     *ours,
           const WrClock *our_clock,
           GPtrArray     *theirs,
           const WrClock *their_clock,
           GPtrArray     *merged)
{
  gboolean same_change_found = FALSE;

  for (guint i = 0; ours != NULL && i < ours->len; i++)
    {
      WrVersion *v = g_ptr_array_index (ours, i);

      if (holds (theirs, v, FALSE) || !replaced (their_clock, theirs, v))
        g_ptr_array_add (merged, wr_version_copy (v));
    }

  for (guint i = 0; theirs != NULL && i < theirs->len; i++)
    {
      WrVersion *v = g_ptr_array_index (theirs, i);

      if (holds (ours, v, TRUE))
        continue;
      if (holds (ours, v, FALSE))
        {
          same_change_found = TRUE;
          g_ptr_array_add (merged, wr_version_copy (v));
        }
      else if (!replaced (our_clock, ours, v))
        g_ptr_array_add (merged, wr_version_copy (v));
    }

  g_ptr_array_sort (merged, order_cb);
  return same_change_found;
}

static gboolean
same_versions (GPtrArray *a,
               GPtrArray *b)
{
  guint n_a = a != NULL ? a->len : 0;
  guint n_b = b != NULL ? b->len : 0;

  if (n_a != n_b)
    return FALSE;
  for (guint i = 0; i < n_a; i++)
    {
      const WrVersion *x = g_ptr_array_index (a, i);
      const WrVersion *y = g_ptr_array_index (b, i);

      if (!same_change (x, y) || !same_content (x, y))
        return FALSE;
    }
  return TRUE;
}

/**
 * wr_merge_state_merge:
 * @self: our copy of a visit
 * @theirs: another copy of it
 * @func: (nullable) (scope call): called for each row the merge changes
 * @user_data: for @func
 * @counts: (out caller-allocates) (optional): what the merge did
 *
 * Merges @theirs into @self row by row (see the top of this file), and
 * joins the clocks. Merging a copy twice, or copies in another order,
 * gives the same result.
 */
void
wr_merge_state_merge (WrMergeState       *self,
                  const WrMergeState *theirs,
                  WrMergeFunc      func,
                  gpointer         user_data,
                  WrMergeCounts   *counts)
{
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GHashTable) all = NULL;
  WrMergeCounts local = { 0, };
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (self != NULL && theirs != NULL);

  /* Every row either holds, in byte order, so that @func sees them in the
   * same order on every device.
   */
  all = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (all, key);
  g_hash_table_iter_init (&iter, theirs->rows);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (all, key);
  keys = g_ptr_array_sized_new (g_hash_table_size (all));
  g_hash_table_iter_init (&iter, all);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_keys_cb);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *row = g_ptr_array_index (keys, i);
      GPtrArray *ours = g_hash_table_lookup (self->rows, row);
      GPtrArray *their_versions = g_hash_table_lookup (theirs->rows, row);
      g_autoptr(GPtrArray) merged = versions_new ();
      WrMergeOutcome outcome;
      gboolean odd;

      odd = merge_row (ours, self->clock, their_versions, theirs->clock, merged);
      if (same_versions (ours, merged))
        continue;

      if (merged->len > 1)
        outcome = WR_MERGE_CONFLICT;
      else if (ours == NULL || ours->len == 0)
        outcome = WR_MERGE_ADDED;
      else
        outcome = WR_MERGE_UPDATED;

      switch (outcome)
        {
        case WR_MERGE_ADDED:
          local.n_added++;
          break;
        case WR_MERGE_UPDATED:
          local.n_updated++;
          break;
        case WR_MERGE_CONFLICT:
          local.n_conflicts++;
          local.n_same_change += odd;
          break;
        case WR_MERGE_UNCHANGED:
        default:
          g_assert_not_reached ();
        }

      /* Insert keeps the key ours already has (which @keys points to). */
      g_hash_table_insert (self->rows, g_strdup (row), g_ptr_array_ref (merged));
      if (func != NULL)
        func (row, outcome, merged, user_data);
    }

  wr_clock_join (self->clock, theirs->clock);
  if (counts != NULL)
    *counts = local;
}

/**
 * wr_merge_state_equal:
 * @a: a history
 * @b: another
 *
 * Returns: whether both have the same clock and the same versions of the
 *   same rows, in the same order
 */
gboolean
wr_merge_state_equal (const WrMergeState *a,
                  const WrMergeState *b)
{
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (!wr_clock_equal (a->clock, b->clock) || g_hash_table_size (a->rows) != g_hash_table_size (b->rows))
    return FALSE;
  g_hash_table_iter_init (&iter, a->rows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!same_versions (value, g_hash_table_lookup (b->rows, key)))
      return FALSE;
  return TRUE;
}
