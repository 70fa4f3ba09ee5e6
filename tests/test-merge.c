/* test-merge.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Row-by-row merging by causal history (src/core/common/wr-merge.c).
 *
 * The property test simulates devices that edit, delete, resolve and
 * exchange copies of shared visits in random orders, then lets every
 * device see every copy, and checks that all hold the same visits, that
 * no change was lost unless one made after seeing it replaced it, and
 * that every conflict left is between changes made without seeing each
 * other. It runs WALKROUND_MERGE_CASES cases (2000 unless set) from the
 * seed WALKROUND_MERGE_SEED (fixed unless set): a failure names the seed
 * of its case, to run it again alone with WALKROUND_MERGE_CASES=1.
 */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "wr-merge.h"

/* Clocks ------------------------------------------------------------------------------ */

static void
test_clock_text (void)
{
  g_autoptr(WrClock) clock = wr_clock_new ();
  g_autoptr(WrClock) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint64 counter;
  const char *bad[] = {
    "a", "a:", ":1", "a:1 ", " a:1", "a:1  b:2", "a:01", "a:-1", "a:1x", "a b:1", "a:1 a:2",
    "a:99999999999999999999", "a:9223372036854775808", "d\xc3\xa9vice:1", "a:1,b:2",
  };

  g_assert_true (wr_clock_covers (clock, "x", 0) == FALSE);
  wr_clock_advance (clock, "device-b", 3);
  wr_clock_advance (clock, "device-a", 0);
  wr_clock_advance (clock, "device-b", 2);
  g_assert_true (wr_clock_lookup (clock, "device-b", &counter));
  g_assert_cmpuint (counter, ==, 3);
  g_assert_true (wr_clock_covers (clock, "device-a", 0));
  g_assert_false (wr_clock_covers (clock, "device-a", 1));
  g_assert_true (wr_clock_covers (clock, "device-b", 3));
  g_assert_false (wr_clock_covers (clock, "device-b", 4));
  g_assert_false (wr_clock_covers (clock, "device-c", 0));

  text = wr_clock_to_string (clock);
  g_assert_cmpstr (text, ==, "device-a:0 device-b:3");
  read = wr_clock_from_string ("device-b:3 device-a:0", &error);
  g_assert_no_error (error);
  g_assert_true (wr_clock_equal (read, clock));
  g_clear_pointer (&read, wr_clock_free);
  read = wr_clock_from_string ("", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wr_clock_get_n (read), ==, 0);
  g_clear_pointer (&read, wr_clock_free);
  read = wr_clock_from_string ("a:9223372036854775807", &error);
  g_assert_no_error (error);
  g_clear_pointer (&read, wr_clock_free);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      read = wr_clock_from_string (bad[i], &error);
      if (read != NULL)
        g_error ("“%s” was read as a clock", bad[i]);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_test_message ("%s: %s", bad[i], error->message);
      g_clear_error (&error);
    }
}

/* Helpers ----------------------------------------------------------------------------- */

static GBytes *
bytes (const char *text)
{
  return text != NULL ? g_bytes_new (text, strlen (text)) : NULL;
}

static void
write_text (WrMergeState  *history,
            const char *key,
            const char *device,
            const char *text)
{
  g_autoptr(GBytes) content = bytes (text);

  wr_merge_state_write (history, key, device, content);
}

/* The row's versions as "TEXT|TEXT", the shown first; "-" for a deletion. */
static char *
shown (WrMergeState  *history,
       const char *key)
{
  GPtrArray *versions = wr_merge_state_get_versions (history, key);
  GString *out = g_string_new (NULL);

  for (guint i = 0; versions != NULL && i < versions->len; i++)
    {
      WrVersion *v = g_ptr_array_index (versions, i);

      if (i > 0)
        g_string_append_c (out, '|');
      if (v->content == NULL)
        g_string_append_c (out, '-');
      else
        g_string_append_len (out, g_bytes_get_data (v->content, NULL), g_bytes_get_size (v->content));
    }
  return g_string_free (out, FALSE);
}

#define assert_shown(history, key, expected) \
  G_STMT_START { \
    g_autofree char *_got = shown ((history), (key)); \
    g_assert_cmpstr (_got, ==, (expected)); \
  } G_STMT_END

static WrMergeState *
merged (const WrMergeState *into,
        const WrMergeState *from,
        WrMergeCounts   *counts)
{
  WrMergeState *result = wr_merge_state_copy (into);

  wr_merge_state_merge (result, from, NULL, NULL, counts);
  return result;
}

/* The scenario of the issue ------------------------------------------------------------ */

/* Devices A and B start from the same copy; A changes one answer and B
 * another. A third device that takes A's copy and then B's, or B's and
 * then A's, keeps both changes, with no conflict, and the same visit.
 */
static void
test_two_devices_different_answers (void)
{
  g_autoptr(WrMergeState) origin = wr_merge_state_new ();
  g_autoptr(WrMergeState) a = NULL;
  g_autoptr(WrMergeState) b = NULL;
  g_autoptr(WrMergeState) third_ab = wr_merge_state_new ();
  g_autoptr(WrMergeState) third_ba = wr_merge_state_new ();
  WrMergeCounts counts;

  write_text (origin, "answer q1", "lead", "no");
  write_text (origin, "answer q2", "lead", "no");
  a = wr_merge_state_copy (origin);
  b = wr_merge_state_copy (origin);
  write_text (a, "answer q1", "device-a", "yes");
  write_text (b, "answer q2", "device-b", "yes");

  wr_merge_state_merge (third_ab, a, NULL, NULL, &counts);
  g_assert_cmpuint (counts.n_added, ==, 2);
  wr_merge_state_merge (third_ab, b, NULL, NULL, &counts);
  g_assert_cmpuint (counts.n_added, ==, 0);
  g_assert_cmpuint (counts.n_updated, ==, 1);
  g_assert_cmpuint (counts.n_conflicts, ==, 0);
  assert_shown (third_ab, "answer q1", "yes");
  assert_shown (third_ab, "answer q2", "yes");

  wr_merge_state_merge (third_ba, b, NULL, NULL, NULL);
  wr_merge_state_merge (third_ba, a, NULL, NULL, &counts);
  g_assert_cmpuint (counts.n_updated, ==, 1);
  g_assert_cmpuint (counts.n_conflicts, ==, 0);
  g_assert_true (wr_merge_state_equal (third_ab, third_ba));

  /* Merged again, nothing changes. */
  wr_merge_state_merge (third_ab, a, NULL, NULL, &counts);
  g_assert_cmpuint (counts.n_added + counts.n_updated + counts.n_conflicts, ==, 0);
  g_assert_true (wr_merge_state_equal (third_ab, third_ba));
}

/* The same answer changed on both: a conflict, both kept, the same one
 * shown on every device; resolving it is a change that replaces both.
 */
static void
test_conflict_and_resolution (void)
{
  g_autoptr(WrMergeState) origin = wr_merge_state_new ();
  g_autoptr(WrMergeState) a = NULL;
  g_autoptr(WrMergeState) b = NULL;
  g_autoptr(WrMergeState) ab = NULL;
  g_autoptr(WrMergeState) ba = NULL;
  WrMergeCounts counts;

  write_text (origin, "answer q1", "lead", "no");
  a = wr_merge_state_copy (origin);
  b = wr_merge_state_copy (origin);
  write_text (a, "answer q1", "device-a", "yes");
  write_text (b, "answer q1", "device-b", "mostly");

  ab = merged (a, b, &counts);
  g_assert_cmpuint (counts.n_conflicts, ==, 1);
  g_assert_cmpuint (counts.n_same_change, ==, 0);
  ba = merged (b, a, NULL);
  g_assert_true (wr_merge_state_equal (ab, ba));
  /* Both change 1 of their device: the later device id is shown. */
  assert_shown (ab, "answer q1", "mostly|yes");

  /* A resolves it, keeping its own; B takes the resolution and its
   * conflict is gone.
   */
  write_text (ab, "answer q1", "device-a", "yes");
  assert_shown (ab, "answer q1", "yes");
  wr_merge_state_merge (ba, ab, NULL, NULL, &counts);
  g_assert_cmpuint (counts.n_updated, ==, 1);
  assert_shown (ba, "answer q1", "yes");
  g_assert_true (wr_merge_state_equal (ab, ba));

  /* B's old copy, merged again, brings nothing back. */
  wr_merge_state_merge (ab, b, NULL, NULL, &counts);
  g_assert_cmpuint (counts.n_added + counts.n_updated + counts.n_conflicts, ==, 0);
  assert_shown (ab, "answer q1", "yes");
}

/* A deletion on one device and an edit on another is a conflict: neither
 * a resurrection nor a silent loss. A deletion seen by the editor is not.
 */
static void
test_deletion (void)
{
  g_autoptr(WrMergeState) origin = wr_merge_state_new ();
  g_autoptr(WrMergeState) a = NULL;
  g_autoptr(WrMergeState) b = NULL;
  g_autoptr(WrMergeState) ab = NULL;
  WrMergeCounts counts;

  write_text (origin, "observation o1", "lead", "Cluttered corridor");
  a = wr_merge_state_copy (origin);
  b = wr_merge_state_copy (origin);
  write_text (a, "observation o1", "device-a", NULL);
  write_text (b, "observation o1", "device-b", "Cluttered corridor by bay 3");

  ab = merged (a, b, &counts);
  g_assert_cmpuint (counts.n_conflicts, ==, 1);
  assert_shown (ab, "observation o1", "Cluttered corridor by bay 3|-");

  /* Deleted after seeing the edit: gone everywhere, and stays gone. */
  write_text (ab, "observation o1", "device-a", NULL);
  wr_merge_state_merge (b, ab, NULL, NULL, &counts);
  g_assert_cmpuint (counts.n_updated, ==, 1);
  assert_shown (b, "observation o1", "-");
  wr_merge_state_merge (ab, origin, NULL, NULL, &counts);
  assert_shown (ab, "observation o1", "-");
}

/* The same change with different content (a pack edited by hand) is a
 * conflict, never a silent replacement.
 */
static void
test_same_change_other_content (void)
{
  g_autoptr(WrMergeState) ours = wr_merge_state_new ();
  g_autoptr(WrMergeState) forged = wr_merge_state_new ();
  WrMergeCounts counts;
  g_autoptr(GBytes) real = bytes ("A patient fell");
  g_autoptr(GBytes) fake = bytes ("Nothing happened");

  wr_merge_state_add_version (ours, "observation o1", "device-a", 4, real);
  wr_merge_state_add_version (forged, "observation o1", "device-a", 4, fake);
  {
    g_autoptr(WrClock) clock = wr_clock_from_string ("device-a:4", NULL);

    wr_merge_state_set_clock (ours, clock);
    wr_merge_state_set_clock (forged, clock);
  }

  wr_merge_state_merge (ours, forged, NULL, NULL, &counts);
  g_assert_cmpuint (counts.n_conflicts, ==, 1);
  g_assert_cmpuint (counts.n_same_change, ==, 1);
  assert_shown (ours, "observation o1", "Nothing happened|A patient fell");
}

/* Rows written before histories (change 0): a later change that saw them
 * replaces them; two of them that differ are both kept; one that the
 * other copy simply lacks is kept.
 */
static void
test_before_histories (void)
{
  g_autoptr(WrMergeState) a = wr_merge_state_new ();
  g_autoptr(WrMergeState) b = NULL;
  g_autoptr(WrMergeState) c = wr_merge_state_new ();
  g_autoptr(GBytes) old = bytes ("no");
  g_autoptr(GBytes) other = bytes ("yes");
  g_autoptr(WrClock) clock = wr_clock_from_string ("device-x:0 device-y:0", NULL);
  WrMergeCounts counts;

  wr_merge_state_add_version (a, "answer q1", "device-x", 0, old);
  wr_merge_state_add_version (a, "answer q2", "device-x", 0, old);
  wr_merge_state_set_clock (a, clock);
  b = wr_merge_state_copy (a);
  write_text (b, "answer q1", "device-b", "mostly");
  wr_merge_state_merge (a, b, NULL, NULL, &counts);
  g_assert_cmpuint (counts.n_updated, ==, 1);
  g_assert_cmpuint (counts.n_conflicts, ==, 0);
  assert_shown (a, "answer q1", "mostly");

  /* C had another old answer to q2 from another device, and no q3. */
  wr_merge_state_add_version (c, "answer q2", "device-y", 0, other);
  wr_merge_state_add_version (c, "answer q3", "device-y", 0, other);
  wr_merge_state_set_clock (c, clock);
  wr_merge_state_merge (a, c, NULL, NULL, &counts);
  g_assert_cmpuint (counts.n_conflicts, ==, 1);
  g_assert_cmpuint (counts.n_added, ==, 1);
  assert_shown (a, "answer q2", "yes|no");
  assert_shown (a, "answer q3", "yes");
}

/* The property test --------------------------------------------------------------------- */

#define N_VISITS 2

typedef struct
{
  char      *device;
  guint64    counter;
  int        visit;
  char      *key;
  char      *text;     /* NULL: a deletion */
  WrClock   *context;  /* what its device had seen when it made it */
} Change;

static void
change_free (Change *change)
{
  g_free (change->device);
  g_free (change->key);
  g_free (change->text);
  wr_clock_free (change->context);
  g_free (change);
}

typedef struct
{
  GRand      *rand;
  guint       n_devices;
  char      **devices;
  WrMergeState **copies;       /* [device * N_VISITS + visit], NULL until received */
  GPtrArray  *changes;      /* of Change */
  GHashTable *by_dot;       /* "visit device:counter" → Change */
  guint       n_keys;
  guint       n_merges;
} World;

static WrMergeState **
copy_of (World *world,
         guint  device,
         int    visit)
{
  return &world->copies[device * N_VISITS + visit];
}

static char *
dot_key (int         visit,
         const char *device,
         guint64     counter)
{
  return g_strdup_printf ("%d %s:%" G_GUINT64_FORMAT, visit, device, counter);
}

static void
record (World      *world,
        guint       device,
        int         visit,
        const char *key,
        const char *text)
{
  WrMergeState *history = *copy_of (world, device, visit);
  g_autoptr(GBytes) content = bytes (text);
  Change *change = g_new0 (Change, 1);

  change->device = g_strdup (world->devices[device]);
  change->visit = visit;
  change->key = g_strdup (key);
  change->text = g_strdup (text);
  change->context = wr_clock_copy (wr_merge_state_get_clock (history));
  change->counter = wr_merge_state_write (history, key, world->devices[device], content);
  g_ptr_array_add (world->changes, change);
  g_hash_table_insert (world->by_dot, dot_key (visit, change->device, change->counter), change);
}

/* A merge, checked on the way: merging is the same either way round, and
 * merging again changes nothing.
 */
static void
send (World *world,
      guint  from,
      guint  to,
      int    visit)
{
  WrMergeState *theirs = *copy_of (world, from, visit);
  WrMergeState **ours = copy_of (world, to, visit);
  WrMergeCounts counts;

  if (theirs == NULL || from == to)
    return;
  if (*ours == NULL)
    *ours = wr_merge_state_new ();

  if (g_rand_int_range (world->rand, 0, 8) == 0)
    {
      g_autoptr(WrMergeState) other_way = merged (theirs, *ours, NULL);

      wr_merge_state_merge (*ours, theirs, NULL, NULL, NULL);
      g_assert_true (wr_merge_state_equal (*ours, other_way));
      wr_merge_state_merge (*ours, theirs, NULL, NULL, &counts);
      g_assert_cmpuint (counts.n_added + counts.n_updated + counts.n_conflicts, ==, 0);
    }
  else
    wr_merge_state_merge (*ours, theirs, NULL, NULL, NULL);
  world->n_merges++;
}

static void
random_step (World *world)
{
  guint device = g_rand_int_range (world->rand, 0, world->n_devices);
  int visit = g_rand_int_range (world->rand, 0, N_VISITS);
  WrMergeState *history = *copy_of (world, device, visit);
  int roll = g_rand_int_range (world->rand, 0, 100);

  if (roll < 35)
    {
      /* Send one's copy to another, as a pack would. */
      send (world, device, g_rand_int_range (world->rand, 0, world->n_devices), visit);
      return;
    }
  if (history == NULL)
    return;

  if (roll < 45)
    {
      /* Resolve a conflict this device sees, keeping one side or writing
       * anew.
       */
      g_autoptr(GPtrArray) keys = wr_merge_state_list_keys (history);

      for (guint i = 0; i < keys->len; i++)
        {
          const char *key = g_ptr_array_index (keys, i);
          GPtrArray *versions = wr_merge_state_get_versions (history, key);

          if (versions->len > 1)
            {
              WrVersion *kept = g_ptr_array_index (versions, g_rand_int_range (world->rand, 0, versions->len));
              g_autofree char *text = kept->content ? g_strndup (g_bytes_get_data (kept->content, NULL),
                                                                 g_bytes_get_size (kept->content)) : NULL;
              g_autofree char *key_copy = g_strdup (key);

              record (world, device, visit, key_copy, text);
              break;
            }
        }
    }
  else
    {
      /* Edit a row (a new one now and then), or delete it. */
      g_autofree char *key = g_strdup_printf ("row %u", g_rand_int_range (world->rand, 0, world->n_keys));
      g_autofree char *text = g_strdup_printf ("%s wrote %u", world->devices[device], g_rand_int (world->rand));

      record (world, device, visit, key, roll < 55 ? NULL : text);
    }
}

/* Whether @change survives, or a change made after seeing it replaced it
 * in what survives.
 */
static void
assert_not_lost (World  *world,
                 Change *change)
{
  WrMergeState *history = *copy_of (world, 0, change->visit);
  GPtrArray *versions = wr_merge_state_get_versions (history, change->key);

  g_assert_nonnull (versions);
  for (guint i = 0; i < versions->len; i++)
    {
      WrVersion *v = g_ptr_array_index (versions, i);
      g_autofree char *key = dot_key (change->visit, v->device, v->counter);
      Change *survivor = g_hash_table_lookup (world->by_dot, key);

      g_assert_nonnull (survivor);
      if (survivor == change)
        return;
      if (wr_clock_covers (survivor->context, change->device, change->counter))
        return;
    }
  g_error ("%s's change %" G_GUINT64_FORMAT " to “%s” of visit %d was lost", change->device, change->counter,
           change->key, change->visit);
}

/* Every conflict left is between changes neither made having seen the
 * other.
 */
static void
assert_conflicts_real (World *world,
                       int    visit)
{
  WrMergeState *history = *copy_of (world, 0, visit);
  g_autoptr(GPtrArray) keys = wr_merge_state_list_keys (history);

  for (guint k = 0; k < keys->len; k++)
    {
      GPtrArray *versions = wr_merge_state_get_versions (history, g_ptr_array_index (keys, k));

      for (guint i = 0; i < versions->len; i++)
        for (guint j = 0; j < versions->len; j++)
          {
            WrVersion *a = g_ptr_array_index (versions, i);
            WrVersion *b = g_ptr_array_index (versions, j);
            g_autofree char *a_key = dot_key (visit, a->device, a->counter);
            Change *a_change = g_hash_table_lookup (world->by_dot, a_key);

            if (i != j)
              g_assert_false (wr_clock_covers (a_change->context, b->device, b->counter));
          }
    }
}

static void
run_case (guint32 seed)
{
  World world = { 0, };

  world.rand = g_rand_new_with_seed (seed);
  world.n_devices = g_rand_int_range (world.rand, 3, 6);
  world.n_keys = g_rand_int_range (world.rand, 2, 12);
  world.devices = g_new0 (char *, world.n_devices + 1);
  for (guint i = 0; i < world.n_devices; i++)
    world.devices[i] = g_strdup_printf ("device-%c", 'a' + i);
  world.copies = g_new0 (WrMergeState *, world.n_devices * N_VISITS);
  world.changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  world.by_dot = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* The first device starts each visit. */
  for (int v = 0; v < N_VISITS; v++)
    {
      *copy_of (&world, 0, v) = wr_merge_state_new ();
      record (&world, 0, v, "visit", "draft");
    }

  for (guint step = 0, n = g_rand_int_range (world.rand, 5, 120); step < n; step++)
    random_step (&world);

  /* Everyone sees everything: twice round, every device to every other. */
  for (guint round = 0; round < 2; round++)
    for (guint from = 0; from < world.n_devices; from++)
      for (guint to = 0; to < world.n_devices; to++)
        for (int v = 0; v < N_VISITS; v++)
          send (&world, from, to, v);

  for (int v = 0; v < N_VISITS; v++)
    {
      for (guint d = 1; d < world.n_devices; d++)
        if (!wr_merge_state_equal (*copy_of (&world, 0, v), *copy_of (&world, d, v)))
          g_error ("seed %u: devices a and %c disagree on visit %d", seed, 'a' + d, v);
      assert_conflicts_real (&world, v);
    }
  for (guint i = 0; i < world.changes->len; i++)
    assert_not_lost (&world, g_ptr_array_index (world.changes, i));

  for (guint i = 0; i < world.n_devices * N_VISITS; i++)
    wr_merge_state_free (world.copies[i]);
  g_free (world.copies);
  g_strfreev (world.devices);
  g_ptr_array_unref (world.changes);
  g_hash_table_unref (world.by_dot);
  g_rand_free (world.rand);
}

static void
test_property (void)
{
  const char *seed_text = g_getenv ("WALKROUND_MERGE_SEED");
  const char *cases_text = g_getenv ("WALKROUND_MERGE_CASES");
  guint32 seed = seed_text ? (guint32) g_ascii_strtoull (seed_text, NULL, 10) : 20261207;
  guint n_cases = cases_text ? (guint) g_ascii_strtoull (cases_text, NULL, 10) : 2000;

  g_test_message ("WALKROUND_MERGE_SEED=%u WALKROUND_MERGE_CASES=%u", seed, n_cases);
  for (guint i = 0; i < n_cases; i++)
    run_case (seed + i);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/walkround/merge/clock-text", test_clock_text);
  g_test_add_func ("/walkround/merge/two-devices-different-answers", test_two_devices_different_answers);
  g_test_add_func ("/walkround/merge/conflict-and-resolution", test_conflict_and_resolution);
  g_test_add_func ("/walkround/merge/deletion", test_deletion);
  g_test_add_func ("/walkround/merge/same-change-other-content", test_same_change_other_content);
  g_test_add_func ("/walkround/merge/before-histories", test_before_histories);
  g_test_add_func ("/walkround/merge/property", test_property);

  return g_test_run ();
}
