/* wr-pack-digest.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <libxml/xmlreader.h>

G_BEGIN_DECLS

/* The SHA-256 of a visit in an evidence pack, over a canonical
 * serialisation of its elements, attributes and text that does not depend
 * on how the XML is formatted (docs/evidence-pack.md, "The visit digest").
 * The writer feeds it what it writes and the reader what it reads, so both
 * agree by construction.
 */
typedef struct _WrPackDigest WrPackDigest;

/* The name of the element whose digest the visit carries, and of the
 * element of attachment bytes; both are left out of the digest.
 */
#define WR_PACK_DIGEST_ELEMENT "digest"
#define WR_PACK_DATA_ELEMENT   "data"

WrPackDigest *wr_pack_digest_new           (void) G_GNUC_WARN_UNUSED_RESULT;
void          wr_pack_digest_free          (WrPackDigest *self);
void          wr_pack_digest_start_element (WrPackDigest *self,
                                            const char   *name);
void          wr_pack_digest_attribute     (WrPackDigest *self,
                                            const char   *name,
                                            const char   *value);
void          wr_pack_digest_attribute_len (WrPackDigest *self,
                                            const char   *name,
                                            const char   *value,
                                            gsize         len);
void          wr_pack_digest_text          (WrPackDigest *self,
                                            const char   *text,
                                            gssize        len);
void          wr_pack_digest_end_element   (WrPackDigest *self);
void          wr_pack_digest_feed_node     (WrPackDigest  *self,
                                            xmlTextReader *reader);
char         *wr_pack_digest_finish        (WrPackDigest *self) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrPackDigest, wr_pack_digest_free)

G_END_DECLS
