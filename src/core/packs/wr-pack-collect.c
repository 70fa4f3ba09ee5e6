/* wr-pack-collect.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-pack-collect"

#include "config.h"

#include <glib/gi18n.h>

#include "wr-pack-collect.h"
#include "wr-pack-error.h"

/* Collecting a team's packs: the lead imports the packs the members wrote
 * on their own devices, one after another. Each pack is one transaction,
 * as any import: a refused pack changes nothing and the others still go
 * in, since the members' packs do not depend on each other. The window's
 * Collect and `walkround import A B C` both come here.
 */

void
wr_pack_collected_free (WrPackCollected *collected)
{
  if (collected == NULL)
    return;

  g_free (collected->path);
  g_free (collected->signer_fingerprint);
  g_free (collected->signer_device);
  g_free (collected->opened_by);
  g_clear_pointer (&collected->forms, g_ptr_array_unref);
  g_clear_error (&collected->error);
  g_free (collected);
}

/**
 * wr_pack_collect:
 * @reader: the reader to import with (its dry-run setting holds)
 * @paths: (array zero-terminated=1): the packs, in the order to import them
 * @cancellable: (nullable): stops between packs, and rolls back the one
 *   being read
 * @n_done: (nullable): set atomically to the number of packs handled, for
 *   progress from another thread
 * @results: (element-type WrPackCollected): gets a #WrPackCollected for
 *   each pack handled, imported or refused
 * @error: return location for a #GError
 *
 * Imports each of @paths in its own transaction. A pack that is refused
 * (damaged, invalid, changed after it was written) has its error in its
 * result, and the next one is read.
 *
 * Returns: %FALSE only when cancelled (%G_IO_ERROR_CANCELLED): the packs
 *   in @results before then stay imported, the one being read is rolled
 *   back, and those after it are not read
 */
gboolean
wr_pack_collect (WrPackReader        *reader,
                 const char * const  *paths,
                 GCancellable        *cancellable,
                 guint               *n_done,
                 GPtrArray           *results,
                 GError             **error)
{
  g_return_val_if_fail (WR_IS_PACK_READER (reader), FALSE);
  g_return_val_if_fail (paths != NULL, FALSE);
  g_return_val_if_fail (results != NULL, FALSE);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(WrPackCollected) collected = g_new0 (WrPackCollected, 1);
      g_autoptr(GError) local_error = NULL;
      const char *fingerprint = NULL;
      const char *device = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      collected->path = g_strdup (paths[i]);
      if (!wr_pack_reader_import_file (reader, paths[i], cancellable, &collected->counts, &local_error))
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          memset (&collected->counts, 0, sizeof collected->counts);
          collected->error = g_steal_pointer (&local_error);
        }
      else
        {
          GPtrArray *forms = wr_pack_reader_get_new_forms (reader);

          collected->forms = g_ptr_array_new_with_free_func (g_object_unref);
          for (guint j = 0; forms != NULL && j < forms->len; j++)
            g_ptr_array_add (collected->forms, g_object_ref (g_ptr_array_index (forms, j)));
        }
      /* Who signed it, taken or refused as untrusted (the reader knows
       * once it has checked the signature): an unknown device's pack can
       * be collected again once the user trusts it.
       */
      if ((collected->error == NULL || g_error_matches (collected->error, WR_PACK_ERROR, WR_PACK_ERROR_UNTRUSTED)) &&
          wr_pack_reader_get_signer (reader, &fingerprint, &device, &collected->signer_trust))
        {
          collected->signer_fingerprint = g_strdup (fingerprint);
          collected->signer_device = g_strdup (device);
          collected->signer_expected = wr_pack_reader_get_signer_expected (reader);
        }
      if (collected->error == NULL || g_error_matches (collected->error, WR_PACK_ERROR, WR_PACK_ERROR_UNTRUSTED))
        collected->opened_by = g_strdup (wr_pack_reader_get_opened_by (reader));
      g_ptr_array_add (results, g_steal_pointer (&collected));
      if (n_done != NULL)
        g_atomic_int_set ((gint *) n_done, (gint) (i + 1));
    }

  return TRUE;
}

/**
 * wr_pack_collect_sum:
 * @results: (element-type WrPackCollected): what wr_pack_collect() did
 * @total: (out) (optional): the counts of the packs imported, added up
 * @n_imported: (out) (optional): how many packs were imported
 * @n_refused: (out) (optional): how many were refused
 */
/**
 * wr_pack_collected_is_unknown_device:
 * @collected: what importing one pack did
 *
 * Returns: whether the pack was refused only because a device this
 *   database has never seen signed it (not a revoked one, nor a bad
 *   signature): trusting that device would let it in
 */
gboolean
wr_pack_collected_is_unknown_device (const WrPackCollected *collected)
{
  g_return_val_if_fail (collected != NULL, FALSE);

  return g_error_matches (collected->error, WR_PACK_ERROR, WR_PACK_ERROR_UNTRUSTED) &&
         collected->signer_fingerprint != NULL && collected->signer_trust == WR_DEVICE_TRUST_UNKNOWN;
}

void
wr_pack_collect_sum (GPtrArray          *results,
                     WrPackImportCounts *total,
                     guint              *n_imported,
                     guint              *n_refused)
{
  WrPackImportCounts sum = { 0 };
  guint imported = 0;
  guint refused = 0;

  g_return_if_fail (results != NULL);

  for (guint i = 0; i < results->len; i++)
    {
      const WrPackCollected *collected = g_ptr_array_index (results, i);
      const WrPackImportCounts *counts = &collected->counts;

      if (collected->error != NULL)
        {
          refused++;
          continue;
        }
      imported++;
      sum.n_new += counts->n_new;
      sum.n_updated += counts->n_updated;
      sum.n_unchanged += counts->n_unchanged;
      sum.n_older += counts->n_older;
      sum.n_conflicts += counts->n_conflicts;
      sum.n_services_added += counts->n_services_added;
      sum.n_forms_installed += counts->n_forms_installed;
      sum.n_rows_added += counts->n_rows_added;
      sum.n_rows_updated += counts->n_rows_updated;
      sum.n_row_conflicts += counts->n_row_conflicts;
    }

  if (total != NULL)
    *total = sum;
  if (n_imported != NULL)
    *n_imported = imported;
  if (n_refused != NULL)
    *n_refused = refused;
}

/**
 * wr_pack_collect_describe_counts:
 * @counts: what one import, or several added up, did
 *
 * Returns: (transfer full): "14 entries added, 3 updated, 0 in conflict;
 *   0 new visits, 2 updated, 0 unchanged, 0 conflicts", the entries (rows
 *   merged into visits this database had) only when there are any, and
 *   "; 1 form for the packs’ visits only" after them when packs brought forms
 */
char *
wr_pack_collect_describe_counts (const WrPackImportCounts *counts)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (counts != NULL, NULL);

  /* What the members recorded, merged into visits this database had. */
  if (counts->n_rows_added + counts->n_rows_updated + counts->n_row_conflicts > 0)
    {
      /* Translators: what collecting packs merged: answers, observations, actions, members… ("entries") */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "%u entry added, %u updated, %u in conflict; ",
                                                 "%u entries added, %u updated, %u in conflict; ",
                                                 counts->n_rows_added),
                              counts->n_rows_added, counts->n_rows_updated, counts->n_row_conflicts);
    }
  /* Translators: what collecting packs did to the visits; keep the four counts in this order */
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                             "%u new visit, %u updated, %u unchanged, %u conflicts",
                                             "%u new visits, %u updated, %u unchanged, %u conflicts",
                                             counts->n_new),
                          counts->n_new, counts->n_updated, counts->n_unchanged, counts->n_conflicts);
  /* Forms come last, and only when a pack brought one: new visits keep theirs. */
  if (counts->n_forms_installed > 0)
    /* Translators: after what collecting packs did, when they brought forms */
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "; %u form for the packs’ visits only",
                                               "; %u forms for the packs’ visits only", counts->n_forms_installed),
                            counts->n_forms_installed);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * wr_pack_collect_describe:
 * @results: (element-type WrPackCollected): what wr_pack_collect() did
 *
 * Returns: (transfer full): one line for people: "2 packs: 14 entries
 *   added, 3 updated, 0 in conflict; 0 new visits, 2 updated, 0 unchanged,
 *   0 conflicts", with how many were refused
 */
char *
wr_pack_collect_describe (GPtrArray *results)
{
  WrPackImportCounts total;
  guint imported;
  guint refused;
  g_autofree char *counts = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (results != NULL, NULL);

  wr_pack_collect_sum (results, &total, &imported, &refused);
  counts = wr_pack_collect_describe_counts (&total);
  /* Translators: what collecting a team's packs did, "2 packs: …"; %s is what they did */
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u pack: %s", "%u packs: %s", imported),
                          imported, counts);
  if (refused > 0)
    {
      g_string_append (text, "; ");
      /* Translators: how many of the packs chosen were refused, after the counts */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u refused", "%u refused", refused), refused);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}
