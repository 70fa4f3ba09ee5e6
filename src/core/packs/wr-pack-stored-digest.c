/* wr-pack-stored-digest.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The digest a stored visit would have in a pack, for the merge: a pack's
 * visit at our revision is unchanged only if it has this digest.
 *
 * It is the writer's own walk (_wr_pack_writer_visit_digest()): the same
 * rows, elements and attributes, without the XML and the attachments'
 * bytes. Which answers are hidden depends on the visit's form, so the
 * forms are those given with _wr_pack_stored_digest_set_forms(), or else
 * the installed and the user's forms (wr_form_library_new_default()),
 * loaded the first time they are needed and kept with the store.
 */

#define G_LOG_DOMAIN "wr-pack-reader"

#include "config.h"

#include "wr-pack-reader-private.h"
#include "wr-pack-writer-private.h"

static GQuark
hiding_quark (void)
{
  static gsize quark;

  if (g_once_init_enter (&quark))
    g_once_init_leave (&quark, (gsize) g_quark_from_static_string ("wr-pack-stored-digest-hiding"));
  return (GQuark) quark;
}

/**
 * _wr_pack_stored_digest_set_forms:
 * @store: a #WrStore
 * @library: the forms its visits were recorded on
 *
 * Says which forms _wr_pack_stored_digest() evaluates the visits of
 * @store with. Like the store, use it from one thread at a time.
 */
void
_wr_pack_stored_digest_set_forms (WrStore       *store,
                                  WrFormLibrary *library)
{
  g_return_if_fail (WR_IS_STORE (store));
  g_return_if_fail (WR_IS_FORM_LIBRARY (library));

  g_object_set_qdata_full (G_OBJECT (store), hiding_quark (), _wr_pack_hiding_new (library),
                           (GDestroyNotify) _wr_pack_hiding_free);
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
/**
 * _wr_pack_stored_hiding:
 * @store: a #WrStore
 *
 * Returns: (transfer none): which answers of @store's visits are hidden,
 *   as _wr_pack_stored_digest() works it out
 */
WrPackHiding *
_wr_pack_stored_hiding (WrStore *store)
{
  WrPackHiding *hiding = g_object_get_qdata (G_OBJECT (store), hiding_quark ());

  if (hiding == NULL)
    {
      g_autoptr(WrFormLibrary) library = wr_form_library_new_default (NULL);

      _wr_pack_stored_digest_set_forms (store, library);
      hiding = g_object_get_qdata (G_OBJECT (store), hiding_quark ());
    }

  return hiding;
}

char *
_wr_pack_stored_digest (WrStore  *store,
                        gint64    visit_id,
                        GError  **error)
{
  return _wr_pack_writer_visit_digest (store, _wr_pack_stored_hiding (store), visit_id, error);
}
