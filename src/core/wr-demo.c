/* wr-demo.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-demo"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <string.h>

#include "wr-condition.h"
#include "wr-demo.h"
#include "wr-form.h"
#include "wr-observations.h"
#include "wr-question.h"
#include "wr-section.h"
#include "wr-store-private.h"
#include "wr-visit-scores.h"
#include "wr-visit-list.h"

/* Fictional but believable visits for trying Walkround, screenshots and
 * benchmarks: the same for a seed and a day. Answers follow each form's
 * conditions, so hidden questions stay unanswered; completed visits have
 * every required answer. Visits are committed 200 at a time, so killing the
 * process loses at most the batch in hand, and never damages the file.
 */

#define BATCH 200

static const struct {
  const char *name;
  const char *directorate;
  const char *site;
  const char *type;
} services[] = {
  { "Ward 7 (Care of older people)", "Medicine", "General Hospital", "Inpatient ward" },
  { "Ward 12 (Respiratory)", "Medicine", "General Hospital", "Inpatient ward" },
  { "Acute medical unit", "Medicine", "General Hospital", "Assessment unit" },
  { "Emergency department", "Urgent care", "General Hospital", "Emergency department" },
  { "Children's ward", "Women and children", "General Hospital", "Inpatient ward" },
  { "Maternity unit", "Women and children", "General Hospital", "Maternity" },
  { "Surgical ward 3", "Surgery", "General Hospital", "Inpatient ward" },
  { "Day surgery unit", "Surgery", "Riverside Hospital", "Day unit" },
  { "Audiology clinic", "Surgery", "Riverside Hospital", "Outpatient clinic" },
  { "Eye clinic", "Surgery", "Riverside Hospital", "Outpatient clinic" },
  { "Maple Ward (Adult mental health)", "Mental health", "Maple House", "Inpatient ward" },
  { "Willow Ward (Older adult mental health)", "Mental health", "Maple House", "Inpatient ward" },
  { "Community mental health team East", "Mental health", "Eastgate Centre", "Community team" },
  { "District nursing team North", "Community", "Northfield Clinic", "Community team" },
  { "Stroke rehabilitation unit", "Community", "Riverside Hospital", "Inpatient ward" },
  { "Outpatient physiotherapy", "Community", "Northfield Clinic", "Outpatient clinic" },
  { "Riverside Surgery", "Primary care", "Riverside", "GP practice" },
  { "Hill Street Medical Centre", "Primary care", "Hill Street", "GP practice" },
  { "Oakfield Family Practice", "Primary care", "Oakfield", "GP practice" },
  { "Canal Side Health Centre", "Primary care", "Canal Side", "GP practice" },
};

static const char * const first_names[] = {
  "Alex", "Sam", "Priya", "Jo", "Morgan", "Chris", "Amara", "Tom", "Fatima", "Gareth", "Leah", "Kwame",
  "Nadia", "Owen", "Ruth", "Hassan", "Ellie", "Dev", "Megan", "Ioana",
};
static const char * const last_names[] = {
  "Patel", "Jones", "Okafor", "Smith", "Khan", "Williams", "Nowak", "Brown", "Ahmed", "Taylor", "Evans",
  "Murphy", "Singh", "Clarke", "Mensah", "Wright",
};

static const char * const positive_text[] = {
  "Staff were friendly and introduced themselves.",
  "The ward was calm and well organised.",
  "Patients said they felt listened to.",
  "Clean, bright and easy to find our way around.",
  "The team knew each patient by name and what mattered to them.",
  "Information boards were up to date and easy to read.",
  "A carer told us she was kept informed every day.",
  "Call bells were answered quickly while we were there.",
};
static const char * const concern_text[] = {
  "Two call bells rang for several minutes before anyone came.",
  "The sluice room door was propped open.",
  "Some patients did not have water within reach.",
  "The staffing board did not match the staff on duty.",
  "A fire door was blocked by equipment.",
  "Several patients said they did not know their discharge plan.",
  "Hand gel at the entrance was empty.",
  "The bay was noisy and there was nowhere quiet for relatives.",
};
static const char * const idea_text[] = {
  "A welcome leaflet for visitors with the ward routine.",
  "Photos of the team with their roles by the entrance.",
  "A quiet room for relatives to take a break.",
  "Signs in larger print for people with poor sight.",
  "Ask patients what they would change, each week.",
};
static const char * const quote_text[] = {
  "“They treat my mum like family here.”",
  "“I never know who my nurse is today.”",
  "“The food has got much better since the summer.”",
  "“I was scared when I came in, but everyone explained what was happening.”",
  "“We are short again tonight, but we manage.”",
};
static const char * const action_text[] = {
  "Repair the call bell in bay 3",
  "Refill the hand gel stations at the entrance and check them daily",
  "Update the staffing board at each shift change",
  "Review the discharge information given to patients",
  "Move equipment away from the fire door and brief the team",
  "Share the results of the falls audit at the team meeting",
  "Put up visiting times in larger print at the entrance",
  "Arrange a quiet space for relatives",
};
static const char * const owners[] = {
  "Ward manager", "Matron", "Estates", "Practice manager", "Head of nursing", "Infection prevention team",
  "Patient experience lead",
};

typedef struct
{
  GRand       *rand;
  GRand       *ids;          /* for uuids: see wr_demo_fill() */
  WrStore     *store;
  WrForm      *form;
  GHashTable  *answers;      /* "question\x1fmember\x1frepeat" → value, of this visit */
  const char  *member;       /* the context while generating */
  const char  *repeat_uuid;
  WrSection   *section;
  gboolean     complete;
  guint        n_answered;   /* required questions shown and answered, of this visit */
  guint        n_required;
  WrDemoCounts *counts;
  GRand       *photo_rand;   /* its own, so that photos change no other content of a seed */
  GPtrArray   *photos;       /* GBytes: the few JPEGs photos are taken from */
} Gen;

/* One in PHOTO_ONE_IN visits has a photo or two. */
#define PHOTO_ONE_IN 6
#define N_PHOTOS 6

static const char * const photo_captions[] = {
  "Bay 3 from the door", "Fire exit kept clear", "Hand gel at the entrance", "Notice board in the corridor",
  "Clutter in the sluice", "Day room after lunch", "Welcome board with the team's names",
};

static char *
make_uuid (GRand *rand)
{
  guint32 w[4];

  for (guint i = 0; i < 4; i++)
    w[i] = g_rand_int (rand);

  /* Version 4, variant 1, as random ones are. */
  return g_strdup_printf ("%08x-%04x-4%03x-%04x-%04x%08x",
                          w[0], w[1] >> 16, w[1] & 0xfff, (w[2] >> 16 & 0x3fff) | 0x8000,
                          w[2] & 0xffff, w[3]);
}

static const char *
pick (GRand              *rand,
      const char * const *list,
      guint               n)
{
  return list[g_rand_int_range (rand, 0, (gint32) n)];
}

#define PICK(rand, array) pick (rand, array, G_N_ELEMENTS (array))

static char *
answer_key (const char *question_id,
            const char *member,
            const char *repeat_uuid)
{
  return g_strjoin ("\x1f", question_id, member ? member : "", repeat_uuid ? repeat_uuid : "", NULL);
}

/* What a condition sees: the answer in the same member's and repeat's
 * context when the question is in the section being filled in.
 */
static const char *
lookup_cb (const char *question_id,
           gpointer    data)
{
  Gen *gen = data;
  WrQuestion *question = wr_form_lookup_question (gen->form, question_id);
  WrSection *section;
  g_autofree char *key = NULL;

  if (question == NULL)
    return NULL;
  section = wr_form_item_get_section (WR_FORM_ITEM (question));
  key = answer_key (question_id,
                    wr_section_get_per_member (section) ? gen->member : "",
                    section == gen->section && wr_section_get_repeatable (section) ? gen->repeat_uuid : "");

  return g_hash_table_lookup (gen->answers, key);
}

static gboolean
shown (Gen        *gen,
       WrFormItem *item)
{
  for (; item != NULL; item = wr_form_item_get_parent (item))
    {
      const WrCondition *relevant = wr_form_item_get_relevant (item);

      if (relevant != NULL && !wr_condition_evaluate (relevant, lookup_cb, gen))
        return FALSE;
    }

  return TRUE;
}

static char *
make_value (Gen        *gen,
            WrQuestion *question,
            const char *visit_date)
{
  GRand *rand = gen->rand;
  guint n = wr_question_get_n_choices (question);
  double minimum = 0;
  double maximum = 20;

  switch (wr_question_get_question_type (question))
    {
    case WR_QUESTION_YES_NO_NA:
      {
        /* Mostly met, some not, a few not applicable. */
        int roll = g_rand_int_range (rand, 0, 100);

        return g_strdup (roll < 78 ? "yes" : roll < 92 ? "no" : "na");
      }

    case WR_QUESTION_RATING:
      {
        /* Skewed to the better end of the scale. */
        guint a = (guint) g_rand_int_range (rand, 0, (gint32) n);
        guint b = (guint) g_rand_int_range (rand, 0, (gint32) n);

        return g_strdup (wr_question_get_choice_value (question, MAX (a, b)));
      }

    case WR_QUESTION_CHOICE:
      {
        /* Earlier options are the commoner ones. */
        guint a = (guint) g_rand_int_range (rand, 0, (gint32) n);
        guint b = (guint) g_rand_int_range (rand, 0, (gint32) n);

        return g_strdup (wr_question_get_choice_value (question, MIN (a, b)));
      }

    case WR_QUESTION_MULTI_CHOICE:
      {
        g_autoptr(GString) value = g_string_new (NULL);

        for (guint i = 0; i < n; i++)
          {
            if (g_rand_int_range (rand, 0, 100) < 40 || (i + 1 == n && value->len == 0))
              g_string_append_printf (value, "%s%s", value->len ? " " : "", wr_question_get_choice_value (question, i));
          }
        return g_string_free (g_steal_pointer (&value), FALSE);
      }

    case WR_QUESTION_TEXT:
      return g_strdup (g_rand_int_range (rand, 0, 100) < 70 ? PICK (rand, positive_text) : PICK (rand, concern_text));

    case WR_QUESTION_NUMBER:
      {
        int value;

        wr_question_get_minimum (question, &minimum);
        if (!wr_question_get_maximum (question, &maximum))
          maximum = minimum + 20;
        value = g_rand_int_range (rand, (gint32) minimum, (gint32) MIN (maximum, minimum + 30) + 1);
        return g_strdup_printf ("%d", value);
      }

    case WR_QUESTION_DATE:
      return g_strdup (visit_date);

    case WR_QUESTION_NOTE:
    default:
      return NULL;
    }
}

/* Fills in the items of one section for one member and repeat, in form
 * order so that each condition sees the answers before it.
 */
static gboolean
fill_section (Gen         *gen,
              gint64       visit_id,
              WrSection   *section,
              const char  *visit_date,
              const char  *modified,
              const char  *device_id,
              GError     **error)
{
  guint n = wr_form_get_n_items (gen->form);

  gen->section = section;

  for (guint i = 0; i < n; i++)
    {
      WrFormItem *item = wr_form_get_item (gen->form, i);
      WrQuestion *question;
      g_autofree char *value = NULL;
      WrAnswerKey key;

      if (wr_form_item_get_section (item) != section || !WR_IS_QUESTION (item))
        continue;
      question = WR_QUESTION (item);
      if (!wr_question_get_answerable (question) || !shown (gen, item))
        continue;
      if (wr_question_get_required (question))
        gen->n_required++;

      /* Drafts leave gaps; completed visits skip only optional questions. */
      if ((!gen->complete || !wr_question_get_required (question)) && g_rand_int_range (gen->rand, 0, 100) < 15)
        continue;

      if (!(value = make_value (gen, question, visit_date)))
        continue;
      if (wr_question_get_required (question))
        gen->n_answered++;

      key = (WrAnswerKey) { wr_form_item_get_id (item), gen->member, gen->repeat_uuid };
      if (!_wr_store_bulk_answer (gen->store, visit_id, &key, value,
                                  g_rand_int_range (gen->rand, 0, 100) < 8 ? PICK (gen->rand, positive_text) : NULL,
                                  wr_question_get_question_type (question) == WR_QUESTION_TEXT,
                                  modified, device_id, error))
        return FALSE;

      g_hash_table_insert (gen->answers, answer_key (key.question_id, key.member_uuid, key.repeat_uuid),
                           g_steal_pointer (&value));
      gen->counts->n_answers++;
    }

  return TRUE;
}

static const char *
form_for_kind (const char *kind)
{
  if (g_str_equal (kind, "self-assessment"))
    return "practice-self-assessment";
  return kind;
}

static const char * const *
roles_for_kind (const char *kind)
{
  static const char * const ned[] = { "ned", "governor", "ned", NULL };
  static const char * const fifteen[] = { "service-user", "carer", "non-clinical-staff", "ned", NULL };
  static const char * const quality[] = { "clinician", "quality-team", "clinician", NULL };
  static const char * const practice[] = { "clinician", "non-clinical-staff", NULL };

  if (g_str_equal (kind, "ned-visit"))
    return ned;
  if (g_str_equal (kind, "fifteen-steps"))
    return fifteen;
  if (g_str_equal (kind, "self-assessment"))
    return practice;
  return quality;
}

/* A small made-up picture of a room (a wall, a floor, a door and a
 * window, in colours from @rand), as a JPEG: the same for the same @rand.
 */
static GBytes *
make_photo (GRand *rand)
{
  enum { W = 96, H = 72 };
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, W, H);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guint32 wall = g_rand_int (rand) | 0x808080;
  guint32 floor = g_rand_int (rand) & 0x7f7f7f;
  guint32 door = g_rand_int (rand);
  int door_x = g_rand_int_range (rand, 4, W - 28);
  int window_x = (door_x + 40) % (W - 24);
  gchar *buffer = NULL;
  gsize size = 0;

  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      {
        guint32 colour = y >= H * 2 / 3 ? floor : wall;
        guint8 *p = pixels + y * stride + x * 3;

        if (x >= door_x && x < door_x + 18 && y >= H / 4 && y < H * 2 / 3)
          colour = door;
        else if (x >= window_x && x < window_x + 20 && y >= H / 6 && y < H / 2)
          colour = 0xbfdfff;
        /* A little shading, so that it looks lit from the left. */
        p[0] = (guint8) (((colour >> 16) & 0xff) * (W * 2 - x) / (W * 2));
        p[1] = (guint8) (((colour >> 8) & 0xff) * (W * 2 - x) / (W * 2));
        p[2] = (guint8) ((colour & 0xff) * (W * 2 - x) / (W * 2));
      }
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "jpeg", NULL, "quality", "80", NULL))
    return NULL;
  return g_bytes_new_take (buffer, size);
}

static gboolean
add_photos (Gen         *gen,
            gint64       visit_id,
            const char  *modified,
            const char  *device_id,
            GError     **error)
{
  GRand *rand = gen->photo_rand;
  guint n_items = wr_form_get_n_items (gen->form);
  guint n;

  if (gen->photos->len == 0 || g_rand_int_range (rand, 0, PHOTO_ONE_IN) != 0)
    return TRUE;

  n = (guint) g_rand_int_range (rand, 1, 3);
  for (guint i = 0; i < n; i++)
    {
      WrFormItem *item = wr_form_get_item (gen->form, (guint) g_rand_int_range (rand, 0, (gint32) n_items));
      GBytes *photo = g_ptr_array_index (gen->photos, g_rand_int_range (rand, 0, (gint32) gen->photos->len));
      g_autofree char *uuid = make_uuid (rand);
      g_autofree char *name = g_strdup_printf ("photo-%u.jpg", g_rand_int_range (rand, 1000, 10000));

      if (!_wr_store_bulk_attachment (gen->store, visit_id, uuid,
                                      WR_IS_QUESTION (item) ? wr_form_item_get_id (item) : NULL,
                                      name, "image/jpeg", photo, PICK (rand, photo_captions),
                                      modified, device_id, error))
        return FALSE;
      gen->counts->n_photos++;
    }
  return TRUE;
}

static gboolean
add_notes (Gen         *gen,
           gint64       visit_id,
           const char  *kind,
           GDateTime   *started,
           const char  *today,
           const char  *modified,
           const char  *device_id,
           GError     **error)
{
  GRand *rand = gen->rand;
  guint n_observations = (guint) g_rand_int_range (rand, 0, 5);
  guint n_actions = (guint) g_rand_int_range (rand, 0, 3);
  guint n_items = wr_form_get_n_items (gen->form);

  for (guint i = 0; i < n_observations; i++)
    {
      int roll = g_rand_int_range (rand, 0, 100);
      gboolean fifteen = g_str_equal (kind, "fifteen-steps");
      const char *obs_kind = roll < 45 ? "good-practice" : roll < 70 ? (fifteen ? "think-about" : "concern")
                             : roll < 85 ? "idea" : "quote";
      const char *text = g_str_equal (obs_kind, "good-practice") ? PICK (rand, positive_text)
                         : g_str_equal (obs_kind, "idea") ? PICK (rand, idea_text)
                         : g_str_equal (obs_kind, "quote") ? PICK (rand, quote_text) : PICK (rand, concern_text);
      WrFormItem *item = wr_form_get_item (gen->form, (guint) g_rand_int_range (rand, 0, (gint32) n_items));
      const WrEvidence *evidence = wr_form_item_get_evidence (item);
      static const char * const voices[] = { "", "patient", "carer", "staff", "visitor" };
      g_autofree char *uuid = make_uuid (gen->ids);
      WrObservationFields fields = {
        .question_id = WR_IS_QUESTION (item) ? wr_form_item_get_id (item) : NULL,
        .text = text,
        .kind = obs_kind,
        .voice = g_str_equal (obs_kind, "quote") ? pick (rand, voices + 1, G_N_ELEMENTS (voices) - 1)
                                                  : PICK (rand, voices),
      };

      if (evidence != NULL)
        {
          fields.regulations = evidence->regulations;
          fields.statements = evidence->statements;
          fields.key_questions = evidence->key_questions;
          fields.themes = evidence->themes;
          fields.category = evidence->categories && evidence->categories[0] ? evidence->categories[0] : NULL;
        }

      if (!_wr_store_bulk_observation (gen->store, visit_id, uuid, &fields, modified, device_id, error))
        return FALSE;
      gen->counts->n_observations++;
    }

  for (guint i = 0; i < n_actions; i++)
    {
      g_autoptr(GDateTime) due_time = g_date_time_add_days (started, g_rand_int_range (rand, 14, 91));
      g_autofree char *due = g_date_time_format (due_time, "%Y-%m-%d");
      g_autofree char *uuid = make_uuid (gen->ids);
      int roll = g_rand_int_range (rand, 0, 100);
      const char *status = "open";
      WrActionFields fields = {
        .text = PICK (rand, action_text),
        .owner = PICK (rand, owners),
        .due = due,
      };

      /* Past their date most are done, some dropped, some overdue. */
      if (strcmp (due, today) < 0)
        status = roll < 70 ? "done" : roll < 80 ? "dropped" : "open";

      if (!_wr_store_bulk_action (gen->store, visit_id, uuid, &fields, status, modified, device_id, error))
        return FALSE;
      gen->counts->n_actions++;
    }

  return TRUE;
}

static gboolean
add_visit (Gen         *gen,
           WrService   *service,
           const char  *kind,
           GDateTime   *started,
           const char  *today,
           const char  *device_id,
           GError     **error)
{
  GRand *rand = gen->rand;
  g_autofree char *uuid = make_uuid (gen->ids);
  g_autofree char *started_text = g_date_time_format (started, "%Y-%m-%dT%H:%M:%S%:z");
  g_autofree char *start_date = g_date_time_format (started, "%Y-%m-%d");
  g_autoptr(GDateTime) end_time = g_date_time_add_minutes (started, g_rand_int_range (rand, 45, 150));
  g_autofree char *ended = g_date_time_format (end_time, "%Y-%m-%dT%H:%M:%S%:z");
  g_autoptr(GDateTime) today_time = NULL;
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_free);
  const char * const *roles = roles_for_kind (kind);
  guint n_members = (guint) g_rand_int_range (rand, 1, (gint32) g_strv_length ((GStrv) roles) + 1);
  WrBulkVisit visit = { NULL, };
  gint64 visit_id;

  /* Older visits are mostly completed; recent ones often still drafts. */
  {
    g_autofree char *iso = g_strconcat (today, "T00:00:00Z", NULL);
    g_autoptr(GDateTime) recent = NULL;
    g_autofree char *recent_date = NULL;

    today_time = g_date_time_new_from_iso8601 (iso, NULL);
    recent = g_date_time_add_days (today_time, -14);
    recent_date = g_date_time_format (recent, "%Y-%m-%d");
    gen->complete = g_rand_int_range (rand, 0, 100) < (strcmp (start_date, recent_date) < 0 ? 92 : 30);
  }

  visit.uuid = uuid;
  visit.kind = kind;
  visit.form_id = wr_form_get_id (gen->form);
  visit.form_version = wr_form_get_version (gen->form);
  visit.form_sha256 = wr_form_get_sha256 (gen->form);
  visit.service_id = wr_service_get_id (service);
  visit.started = started_text;
  visit.start_date = start_date;
  visit.ended = gen->complete ? ended : NULL;
  visit.status = gen->complete ? "completed" : "draft";
  visit.revision = 1;
  visit.device_id = device_id;
  visit.modified = gen->complete ? ended : started_text;

  if (!(visit_id = _wr_store_bulk_visit (gen->store, &visit, error)) ||
      !_wr_store_bulk_audit (gen->store, uuid, "visit", uuid, "created", "demo", error))
    return FALSE;

  for (guint i = 0; i < n_members; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s %s", PICK (rand, first_names), PICK (rand, last_names));
      char *member_uuid = make_uuid (gen->ids);

      g_ptr_array_add (members, member_uuid);
      if (!_wr_store_bulk_member (gen->store, visit_id, member_uuid, name, roles[i], i, error))
        return FALSE;
    }

  g_hash_table_remove_all (gen->answers);
  gen->n_answered = gen->n_required = 0;

  for (guint s = 0; s < wr_form_get_n_sections (gen->form); s++)
    {
      WrSection *section = wr_form_get_section (gen->form, s);

      gen->member = "";
      gen->repeat_uuid = "";
      gen->section = section;
      if (!shown (gen, WR_FORM_ITEM (section)))
        continue;

      if (wr_section_get_per_member (section))
        {
          for (guint m = 0; m < members->len; m++)
            {
              gen->member = g_ptr_array_index (members, m);
              if (shown (gen, WR_FORM_ITEM (section)) &&
                  !fill_section (gen, visit_id, section, start_date, visit.modified, device_id, error))
                return FALSE;
            }
        }
      else if (wr_section_get_repeatable (section))
        {
          guint n = MIN (wr_section_get_min_count (section) + (guint) g_rand_int_range (rand, 0, 3),
                         wr_section_get_max_count (section));

          for (guint r = 0; r < MAX (n, 1); r++)
            {
              g_autofree char *repeat = make_uuid (gen->ids);

              gen->repeat_uuid = repeat;
              if (!_wr_store_bulk_repeat (gen->store, visit_id, wr_form_item_get_id (WR_FORM_ITEM (section)),
                                          repeat, r, visit.modified, error) ||
                  !fill_section (gen, visit_id, section, start_date, visit.modified, device_id, error))
                return FALSE;
            }
          gen->repeat_uuid = "";
        }
      else if (!fill_section (gen, visit_id, section, start_date, visit.modified, device_id, error))
        return FALSE;
    }

  if (!_wr_store_bulk_visit_progress (gen->store, visit_id, gen->n_answered, gen->n_required, error))
    return FALSE;

  gen->counts->n_visits++;
  return add_notes (gen, visit_id, kind, started, today, visit.modified, device_id, error) &&
         add_photos (gen, visit_id, visit.modified, device_id, error);
}

static GPtrArray *
ensure_services (WrStore       *store,
                 GRand         *rand,
                 WrDemoCounts  *counts,
                 GError       **error)
{
  g_autoptr(GListModel) existing = wr_store_list_services (store, FALSE, error);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *now = _wr_store_now ();
  GPtrArray *list;

  if (existing == NULL)
    return NULL;
  for (guint i = 0; i < g_list_model_get_n_items (existing); i++)
    {
      g_autoptr(WrService) service = g_list_model_get_item (existing, i);

      g_hash_table_add (names, (gpointer) g_intern_string (wr_service_get_name (service)));
    }

  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    {
      WrServiceFields fields = { services[i].name, services[i].directorate, services[i].site, services[i].type, NULL };
      g_autofree char *uuid = make_uuid (rand);

      if (g_hash_table_contains (names, g_intern_string (services[i].name)))
        continue;
      if (!_wr_store_bulk_service (store, uuid, &fields, now, error))
        return NULL;
      counts->n_services++;
    }

  list = g_ptr_array_new_with_free_func (g_object_unref);
  g_clear_object (&existing);
  if (!(existing = wr_store_list_services (store, FALSE, error)))
    {
      g_ptr_array_unref (list);
      return NULL;
    }
  for (guint i = 0; i < g_list_model_get_n_items (existing); i++)
    g_ptr_array_add (list, g_list_model_get_item (existing, i));

  return list;
}

/* A batch of made visits, whose full-text entries go into the search
 * indexes together just before it commits, as an import's do.
 */
static gboolean
begin_batch (WrStore  *store,
             GError  **error)
{
  if (!wr_store_begin_batch (store, error))
    return FALSE;
  if (!_wr_store_import_begin_texts (store, error))
    {
      wr_store_abort_batch (store);
      return FALSE;
    }
  return TRUE;
}

/* On failure nothing of the batch is kept. */
static gboolean
commit_batch (WrStore  *store,
              GError  **error)
{
  if (!_wr_store_import_index_texts (store, error))
    {
      wr_store_abort_batch (store);
      return FALSE;
    }
  return wr_store_commit_batch (store, error);
}

/* Every form is checked before anything is added. Without the data
 * folder no built-in form is there, and the library says where it
 * looked: more use than naming the first form it lacks.
 */
static gboolean
check_form (WrFormLibrary  *library,
            const char     *form_id,
            GError        **error)
{
  GPtrArray *problems;

  if (wr_form_library_lookup_default (library, form_id) != NULL)
    return TRUE;

  problems = wr_form_library_get_problems (library);
  for (guint i = 0; i < problems->len; i++)
    {
      const GError *problem = g_ptr_array_index (problems, i);

      if (g_error_matches (problem, WR_FORM_ERROR, WR_FORM_ERROR_INSTALL))
        {
          g_propagate_error (error, g_error_copy (problem));
          return FALSE;
        }
    }

  g_set_error (error, WR_FORM_ERROR, WR_FORM_ERROR_NOT_FOUND,
               _("The built-in form “%s” is not installed"), form_id);
  return FALSE;
}

/**
 * wr_demo_fill:
 * @store: the store to add to
 * @library: the forms to use (the built-in ones)
 * @options: how many visits, the seed and the day
 * @progress: (nullable) (scope call): told after each batch
 * @user_data: for @progress
 * @cancellable: (nullable): stops between batches
 * @counts: (out caller-allocates) (optional): what was added
 * @error: return location for a #GError
 *
 * Adds fictional services (those missing) and visits with teams, answers,
 * observations and actions, spread over the last three financial years.
 *
 * Returns: %TRUE if everything was added
 */
gboolean
wr_demo_fill (WrStore              *store,
              WrFormLibrary        *library,
              const WrDemoOptions  *options,
              WrDemoProgress        progress,
              gpointer              user_data,
              GCancellable         *cancellable,
              WrDemoCounts         *counts,
              GError              **error)
{
  static const struct {
    const char *kind;
    int         weight;
  } kinds[] = {
    { "quality-visit", 35 }, { "ned-visit", 30 }, { "fifteen-steps", 25 }, { "self-assessment", 10 },
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (options->seed);
  g_autoptr(GRand) ids = NULL;
  g_autoptr(GRand) photo_rand = NULL;
  g_autoptr(GPtrArray) photos = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) all_services = NULL;
  g_autoptr(GPtrArray) practices = g_ptr_array_new ();
  g_autoptr(GPtrArray) others = g_ptr_array_new ();
  g_autoptr(GHashTable) answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GDateTime) today_time = NULL;
  g_autoptr(GDateTime) earliest = NULL;
  g_autofree char *today = NULL;
  g_autofree char *iso = NULL;
  g_autofree char *device_id = NULL;
  WrDemoCounts local = { 0, };
  Gen gen = { NULL, };
  g_autoptr(GTimeZone) zone = NULL;
  int span_days;
  int fy_start;

  g_return_val_if_fail (WR_IS_STORE (store), FALSE);
  g_return_val_if_fail (WR_IS_FORM_LIBRARY (library), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  if (counts == NULL)
    counts = &local;
  memset (counts, 0, sizeof *counts);

  today = options->today ? g_strdup (options->today) : NULL;
  if (today == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      today = g_date_time_format (now, "%Y-%m-%d");
    }
  iso = g_strconcat (today, "T12:00:00Z", NULL);
  if (!(today_time = g_date_time_new_from_iso8601 (iso, NULL)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("“%s” is not a date; write it as YYYY-MM-DD"), today);
      return FALSE;
    }

  if (options->n_visits > 0)
    {
      for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
        {
          if (!check_form (library, form_for_kind (kinds[k].kind), error))
            return FALSE;
        }
    }

  /* The last three financial years, which run from 1 April. */
  fy_start = g_date_time_get_year (today_time) - (g_date_time_get_month (today_time) < 4 ? 1 : 0);
  earliest = g_date_time_new_utc (fy_start - 2, 4, 1, 12, 0, 0);
  span_days = (int) (g_date_time_difference (today_time, earliest) / G_TIME_SPAN_DAY) + 1;

  /* English visits, with their summer time; a machine without time zone
   * data gets UTC, and the same visits an hour apart.
   */
  if (!(zone = g_time_zone_new_identifier ("Europe/London")))
    zone = g_time_zone_new_utc ();

  /* The content follows the seed alone; the uuids also follow how many
   * visits the store has, so running again with the same seed adds new
   * visits rather than clashing with the last run's.
   */
  {
    g_autoptr(WrVisitList) existing = wr_visit_list_new (store);

    if (!wr_visit_list_reload (existing, error))
      return FALSE;
    ids = g_rand_new_with_seed (options->seed ^ (g_list_model_get_n_items (G_LIST_MODEL (existing)) * 2654435761u));
    photo_rand = g_rand_new_with_seed (options->seed ^ (g_list_model_get_n_items (G_LIST_MODEL (existing)) * 2654435761u)
                                       ^ 0x5bd1e995u);
  }

  /* A few pictures, made once, shared by the visits' photos. */
  for (guint i = 0; i < N_PHOTOS && options->n_visits > 0; i++)
    {
      GBytes *photo = make_photo (photo_rand);

      if (photo != NULL)
        g_ptr_array_add (photos, photo);
    }

  /* The visits carry their own device id, as if from visitors' laptops. */
  device_id = make_uuid (ids);

  if (!begin_batch (store, error))
    return FALSE;
  if (!(all_services = ensure_services (store, ids, counts, error)))
    goto fail;
  for (guint i = 0; i < all_services->len; i++)
    {
      WrService *service = g_ptr_array_index (all_services, i);

      g_ptr_array_add (g_str_equal (wr_service_get_service_type (service), "GP practice") ? practices : others, service);
    }
  if (others->len == 0)
    g_ptr_array_extend (others, practices, NULL, NULL);

  gen.rand = rand;
  gen.ids = ids;
  gen.store = store;
  gen.answers = answers;
  gen.counts = counts;
  gen.photo_rand = photo_rand;
  gen.photos = photos;

  for (guint v = 0; v < options->n_visits; v++)
    {
      int roll = g_rand_int_range (rand, 0, 100);
      const char *kind = kinds[G_N_ELEMENTS (kinds) - 1].kind;
      g_autoptr(GDateTime) day = NULL;
      g_autoptr(GDateTime) started = NULL;
      GPtrArray *pool;
      WrService *service;

      for (guint k = 0; k < G_N_ELEMENTS (kinds); roll -= kinds[k].weight, k++)
        {
          if (roll < kinds[k].weight)
            {
              kind = kinds[k].kind;
              break;
            }
        }

      gen.form = wr_form_library_lookup_default (library, form_for_kind (kind));
      if (gen.form == NULL)
        {
          g_set_error (error, WR_FORM_ERROR, WR_FORM_ERROR_NOT_FOUND,
                       _("The built-in form “%s” is not installed"), form_for_kind (kind));
          goto fail;
        }

      pool = g_str_equal (kind, "self-assessment") && practices->len ? practices : others;
      service = g_ptr_array_index (pool, g_rand_int_range (rand, 0, (gint32) pool->len));

      day = g_date_time_add_days (earliest, g_rand_int_range (rand, 0, span_days));
      started = g_date_time_new (zone,
                                 g_date_time_get_year (day), g_date_time_get_month (day),
                                 g_date_time_get_day_of_month (day),
                                 g_rand_int_range (rand, 9, 17), 5 * g_rand_int_range (rand, 0, 12), 0);

      if (!add_visit (&gen, service, kind, started, today, device_id, error))
        goto fail;

      if ((v + 1) % BATCH == 0 || v + 1 == options->n_visits)
        {
          if (!commit_batch (store, error))
            return FALSE;
          if (progress != NULL)
            progress (v + 1, options->n_visits, user_data);
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (v + 1 < options->n_visits && !begin_batch (store, error))
            return FALSE;
        }
    }

  if (options->n_visits == 0 && !commit_batch (store, error))
    return FALSE;

  /* Scored as the visit page scores, from what was stored. */
  return wr_visit_scores_fill (store, library, cancellable, NULL, error);

fail:
  wr_store_abort_batch (store);
  return FALSE;
}
