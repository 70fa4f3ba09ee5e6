/* wr-pack-schema.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <libxml/xmlschemas.h>

G_BEGIN_DECLS

/* The evidence pack schema, split for speed between libxml2 and
 * Walkround (see wr-pack-schema.c): libxml2 checks everything but the
 * pattern facets and the identity constraints, which Walkround checks.
 */
typedef struct _WrPackSchema WrPackSchema;

/* The pattern facets that a pack's values of one element or attribute
 * must match.
 */
typedef struct _WrPackCheck WrPackCheck;

WrPackSchema      *_wr_pack_schema_get            (GError            **error);
WrPackSchema      *_wr_pack_schema_load           (const char         *path,
                                                   GError            **error);
void               _wr_pack_schema_free           (WrPackSchema       *self);
xmlSchema         *_wr_pack_schema_get_xsd        (WrPackSchema       *self);
const WrPackCheck *_wr_pack_schema_lookup         (WrPackSchema       *self,
                                                   const char         *element,
                                                   const char         *attribute);
gboolean           _wr_pack_schema_check          (const WrPackCheck  *check,
                                                   const char         *value,
                                                   gsize               len);
char              *_wr_pack_schema_describe       (const WrPackCheck  *check,
                                                   const char         *element,
                                                   const char         *attribute,
                                                   const char         *value,
                                                   gsize               len);
guint              _wr_pack_schema_count_patterns (WrPackSchema       *self);

/* For tests: the hand-written matcher of a pattern, if Walkround has one. */
typedef gboolean (*WrPackMatcher) (const char *value,
                                   gsize       len);
WrPackMatcher      _wr_pack_schema_fast_matcher   (const char         *pattern);

G_END_DECLS
