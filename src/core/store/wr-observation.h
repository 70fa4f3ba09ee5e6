/* wr-observation.h
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What a visitor saw or heard, in their words. Lists are NULL-terminated
 * and may be NULL. Kinds: good-practice, concern, think-about, idea, quote;
 * voices: patient, carer, staff, visitor (or "" when not said).
 */
typedef struct
{
  const char         *question_id;
  const char         *member_uuid;
  const char         *repeat_uuid;
  const char         *text;
  const char         *kind;
  const char         *voice;
  const char         *category;
  const char * const *regulations;
  const char * const *statements;
  const char * const *key_questions;
  const char * const *themes;
} WrObservationFields;

#define WR_TYPE_OBSERVATION (wr_observation_get_type ())

G_DECLARE_FINAL_TYPE (WrObservation, wr_observation, WR, OBSERVATION, GObject)

const char         *wr_observation_get_uuid          (WrObservation *self);
const char         *wr_observation_get_visit_uuid    (WrObservation *self);
const char         *wr_observation_get_question_id   (WrObservation *self);
const char         *wr_observation_get_member_uuid   (WrObservation *self);
const char         *wr_observation_get_repeat_uuid   (WrObservation *self);
const char         *wr_observation_get_text          (WrObservation *self);
const char         *wr_observation_get_kind          (WrObservation *self);
const char         *wr_observation_get_voice         (WrObservation *self);
const char         *wr_observation_get_category      (WrObservation *self);
const char * const *wr_observation_get_regulations   (WrObservation *self);
const char * const *wr_observation_get_statements    (WrObservation *self);
const char * const *wr_observation_get_key_questions (WrObservation *self);
const char * const *wr_observation_get_themes        (WrObservation *self);
const char         *wr_observation_get_modified      (WrObservation *self);

G_END_DECLS
