/* wr-forms-page.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wr-form-library.h"

G_BEGIN_DECLS

#define WR_TYPE_FORMS_PAGE (wr_forms_page_get_type ())

G_DECLARE_FINAL_TYPE (WrFormsPage, wr_forms_page, WR, FORMS_PAGE, AdwBin)

void           wr_forms_page_set_library       (WrFormsPage   *self,
                                                WrFormLibrary *library);
WrFormLibrary *wr_forms_page_get_library       (WrFormsPage   *self);
WrForm        *wr_forms_page_get_selected_form (WrFormsPage   *self);
void           wr_forms_page_import_file       (WrFormsPage   *self,
                                                GFile         *file);

G_END_DECLS
