/* wr-form-library.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wr-form.h"

G_BEGIN_DECLS

typedef enum
{
  WR_FORM_SOURCE_BUILT_IN,
  WR_FORM_SOURCE_USER,
  WR_FORM_SOURCE_PACK,
} WrFormSource;

#define WR_TYPE_FORM_LIBRARY (wr_form_library_get_type ())

G_DECLARE_FINAL_TYPE (WrFormLibrary, wr_form_library, WR, FORM_LIBRARY, GObject)

WrFormLibrary *wr_form_library_new             (WrCatalog      *catalog) G_GNUC_WARN_UNUSED_RESULT;
WrFormLibrary *wr_form_library_new_default     (WrCatalog      *catalog) G_GNUC_WARN_UNUSED_RESULT;
void           wr_form_library_add_folder      (WrFormLibrary  *self,
                                                const char     *folder,
                                                WrFormSource    source);
const char    *wr_form_library_get_user_folder (WrFormLibrary  *self);
GListModel    *wr_form_library_get_forms       (WrFormLibrary  *self);
GPtrArray     *wr_form_library_list_versions   (WrFormLibrary  *self,
                                                const char     *id) G_GNUC_WARN_UNUSED_RESULT;
WrForm        *wr_form_library_lookup          (WrFormLibrary  *self,
                                                const char     *id,
                                                guint           version);
WrForm        *wr_form_library_lookup_default  (WrFormLibrary  *self,
                                                const char     *id);
gboolean       wr_form_library_is_chosen       (WrFormLibrary  *self,
                                                const char     *id);
GPtrArray     *wr_form_library_list_all        (WrFormLibrary  *self) G_GNUC_WARN_UNUSED_RESULT;
gboolean       wr_form_library_get_pack_origin (WrFormLibrary  *self,
                                                WrForm         *form,
                                                const char    **pack,
                                                const char    **device);
WrFormSource   wr_form_library_get_source      (WrFormLibrary  *self,
                                                WrForm         *form);
GPtrArray     *wr_form_library_get_problems    (WrFormLibrary  *self);
WrForm        *wr_form_library_import_file     (WrFormLibrary  *self,
                                                const char     *path,
                                                gboolean       *added,
                                                GError        **error) G_GNUC_WARN_UNUSED_RESULT;
WrForm        *wr_form_library_install_pack_form (WrFormLibrary *self,
                                                GBytes         *bytes,
                                                const char     *pack,
                                                const char     *device,
                                                gboolean       *added,
                                                GError        **error) G_GNUC_WARN_UNUSED_RESULT;
const char    *wr_form_library_get_pack_folder (WrFormLibrary  *self);
void           wr_form_library_set_choices_file (WrFormLibrary *self,
                                                const char     *path);
gboolean       wr_form_library_use_for_new_visits (WrFormLibrary *self,
                                                WrForm         *form,
                                                GError        **error);

const char    *wr_form_source_get_label        (WrFormSource    source);

G_END_DECLS
