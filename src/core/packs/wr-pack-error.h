/* wr-pack-error.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The error domain of evidence packs, shared by the writer and the reader. */
#define WR_PACK_ERROR (wr_pack_error_quark ())

typedef enum
{
  WR_PACK_ERROR_WRITE,        /* the pack or its temporary file cannot be written */
  WR_PACK_ERROR_FORM_MISSING, /* a visit's form file is not installed, or has changed */
  WR_PACK_ERROR_READ,         /* the pack cannot be read */
  WR_PACK_ERROR_PARSE,        /* not well-formed XML, or over a limit */
  WR_PACK_ERROR_VERSION,      /* another namespace or format version */
  WR_PACK_ERROR_INVALID,      /* does not follow data/schema/evidence-pack.xsd */
  WR_PACK_ERROR_DIGEST,       /* a visit's or an attachment's digest does not match */
  WR_PACK_ERROR_KEY,          /* this database's signing key file is missing, unreadable or damaged */
  WR_PACK_ERROR_SIGNATURE,    /* the pack's signature does not match what it carries */
  WR_PACK_ERROR_UNTRUSTED,    /* signed by a device this database does not trust, or has revoked */
  WR_PACK_ERROR_UNSIGNED,     /* the pack has no signature, and unsigned packs were not allowed */
  WR_PACK_ERROR_SEALED,       /* a sealed pack damaged or cut short */
  WR_PACK_ERROR_SEALED_FOR_OTHERS, /* a sealed pack for none of this database's keys */
} WrPackError;

GQuark wr_pack_error_quark (void);

G_END_DECLS
