/* wr-question.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-form"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "wr-dates.h"

#include "wr-form-private.h"

/* One question of a form. Answers are stored as text: "yes", "no" or "na"
 * for yes-no-na; the point value for rating; the option value for choice;
 * the picked option values separated by spaces for multi-choice; the
 * words for text; the number as written in C locale for number; YYYY-MM-DD
 * for date. A note has no answer.
 */

G_DEFINE_FINAL_TYPE (WrQuestion, wr_question, WR_TYPE_FORM_ITEM)

static const char * const empty_strv[] = { NULL };

static const char * const type_names[] = {
  "yes-no-na", "rating", "choice", "multi-choice", "text", "number", "date", "note",
};

static void
wr_question_finalize (GObject *object)
{
  WrQuestion *self = (WrQuestion *)object;

  g_clear_pointer (&self->required_message, _wr_text_free);
  for (guint i = 0; i < self->n_choices; i++)
    {
      g_free (self->choice_values[i]);
      _wr_text_free (self->choice_labels[i]);
    }
  g_clear_pointer (&self->choice_values, g_free);
  g_clear_pointer (&self->choice_labels, g_free);
  g_clear_pointer (&self->score_met, g_strfreev);
  g_clear_pointer (&self->score_not_applicable, g_strfreev);

  G_OBJECT_CLASS (wr_question_parent_class)->finalize (object);
}

static void
wr_question_class_init (WrQuestionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wr_question_finalize;
}

static void
wr_question_init (WrQuestion *self)
{
  _wr_form_item_get_private (WR_FORM_ITEM (self))->kind = WR_FORM_ITEM_QUESTION;
  self->score_weight = 1.0;
}

WrQuestionType
wr_question_get_question_type (WrQuestion *self)
{
  g_return_val_if_fail (WR_IS_QUESTION (self), 0);

  return self->type;
}

/**
 * wr_question_get_answerable:
 * @self: a #WrQuestion
 *
 * Returns: %TRUE unless the question is a note, which has no answer
 */
gboolean
wr_question_get_answerable (WrQuestion *self)
{
  g_return_val_if_fail (WR_IS_QUESTION (self), FALSE);

  return self->type != WR_QUESTION_NOTE;
}

/**
 * wr_question_get_required:
 * @self: a #WrQuestion
 *
 * Returns: %TRUE if a visit cannot be completed without an answer while
 *   the question is shown
 */
gboolean
wr_question_get_required (WrQuestion *self)
{
  g_return_val_if_fail (WR_IS_QUESTION (self), FALSE);

  return self->required;
}

/**
 * wr_question_get_required_message:
 * @self: a #WrQuestion
 *
 * Returns: (transfer none): what to say when a required question has no
 *   answer: the form's own message in the user's language, or a standard one
 */
const char *
wr_question_get_required_message (WrQuestion *self)
{
  g_return_val_if_fail (WR_IS_QUESTION (self), NULL);

  if (self->required_message != NULL)
    return wr_text_get (self->required_message);

  return _("This question needs an answer");
}

/**
 * wr_question_get_n_choices:
 * @self: a #WrQuestion
 *
 * The answers to pick from: Yes, No and Not applicable for yes-no-na, the
 * points of a rating from lowest to highest, the options of a choice or
 * multi-choice. Other types have none.
 *
 * Returns: the number of choices
 */
guint
wr_question_get_n_choices (WrQuestion *self)
{
  g_return_val_if_fail (WR_IS_QUESTION (self), 0);

  return self->n_choices;
}

/**
 * wr_question_get_choice_value:
 * @self: a #WrQuestion
 * @index: below wr_question_get_n_choices()
 *
 * Returns: (transfer none): the value stored for the choice, e.g. "na",
 *   "3" or "partly-compliant"
 */
const char *
wr_question_get_choice_value (WrQuestion *self,
                              guint       index)
{
  g_return_val_if_fail (WR_IS_QUESTION (self), NULL);
  g_return_val_if_fail (index < self->n_choices, NULL);

  return self->choice_values[index];
}

/**
 * wr_question_get_choice_label:
 * @self: a #WrQuestion
 * @index: below wr_question_get_n_choices()
 *
 * Returns: (transfer none): the label of the choice in the user's language
 */
const char *
wr_question_get_choice_label (WrQuestion *self,
                              guint       index)
{
  g_return_val_if_fail (WR_IS_QUESTION (self), NULL);
  g_return_val_if_fail (index < self->n_choices, NULL);

  if (self->choice_labels[index] != NULL)
    return wr_text_get (self->choice_labels[index]);

  /* Yes-no-na questions take their labels from Walkround's translations. */
  switch (index)
    {
    case 0:
      return C_("answer", "Yes");
    case 1:
      return C_("answer", "No");
    case 2:
    default:
      return C_("answer", "Not applicable");
    }
}

/**
 * wr_question_find_choice:
 * @self: a #WrQuestion
 * @value: a stored value
 *
 * Returns: the index of the choice with @value, or -1
 */
int
wr_question_find_choice (WrQuestion *self,
                         const char *value)
{
  g_return_val_if_fail (WR_IS_QUESTION (self), -1);

  for (guint i = 0; value != NULL && i < self->n_choices; i++)
    {
      if (g_str_equal (self->choice_values[i], value))
        return (int) i;
    }

  return -1;
}

/* The choice whose value is @text, or failing that whose label is, in any
 * case: a spreadsheet may say "Yes" where the form stores "yes".
 */
static int
find_value_or_label (WrQuestion *self,
                     const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);
  int index = wr_question_find_choice (self, text);

  for (guint i = 0; index < 0 && i < self->n_choices; i++)
    {
      g_autofree char *label = g_utf8_casefold (wr_question_get_choice_label (self, i), -1);

      if (g_str_equal (label, folded))
        index = (int) i;
    }
  return index;
}

static void
set_no_such_choice (WrQuestion  *self,
                    const char  *text,
                    GError     **error)
{
  g_autoptr(GString) values = g_string_new (NULL);

  for (guint i = 0; i < self->n_choices; i++)
    g_string_append_printf (values, "%s%s", i > 0 ? ", " : "", self->choice_values[i]);
  g_set_error (error, WR_FORM_ERROR, WR_FORM_ERROR_ANSWER,
               _("“%s” is not one of this question's answers: %s"), text, values->str);
}

/**
 * wr_question_read_answer:
 * @self: a #WrQuestion that takes an answer
 * @text: an answer as a person typed it
 * @error: return location for a #GError
 *
 * Reads an answer the way the visit page takes it, for those who give it
 * as text (the command line, a spreadsheet): a number within the
 * question's limits, a date day first or as YYYY-MM-DD, a choice by its
 * value or its label, several choices by value separated by spaces,
 * commas or semicolons. Spaces around it are dropped. Errors are
 * %WR_FORM_ERROR_ANSWER, in words a person can act on.
 *
 * Returns: (transfer full): the answer as it is stored (a date as
 *   YYYY-MM-DD, choices in the form's order), "" for none, or %NULL
 */
char *
wr_question_read_answer (WrQuestion  *self,
                         const char  *text,
                         GError     **error)
{
  g_autofree char *stripped = NULL;
  double minimum;
  double maximum;

  g_return_val_if_fail (WR_IS_QUESTION (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (!wr_question_get_answerable (self))
    {
      g_set_error_literal (error, WR_FORM_ERROR, WR_FORM_ERROR_ANSWER, _("This is a note, which takes no answer"));
      return NULL;
    }

  /* Text is kept as written, line breaks and spaces included. */
  if (self->type == WR_QUESTION_TEXT)
    return g_strdup (text);

  stripped = g_strstrip (g_strdup (text));
  if (stripped[0] == '\0')
    return g_steal_pointer (&stripped);

  switch (self->type)
    {
    case WR_QUESTION_NUMBER:
      {
        char *end = NULL;
        double number = g_ascii_strtod (stripped, &end);

        if (end == stripped || *end != '\0' || isnan (number) || isinf (number))
          g_set_error_literal (error, WR_FORM_ERROR, WR_FORM_ERROR_ANSWER, _("Write a number, such as 12 or 3.5"));
        else if (self->integer && number != (double) (gint64) number)
          g_set_error_literal (error, WR_FORM_ERROR, WR_FORM_ERROR_ANSWER, _("Write a whole number"));
        else if (wr_question_get_minimum (self, &minimum) && number < minimum)
          g_set_error (error, WR_FORM_ERROR, WR_FORM_ERROR_ANSWER, _("The smallest answer is %g"), minimum);
        else if (wr_question_get_maximum (self, &maximum) && number > maximum)
          g_set_error (error, WR_FORM_ERROR, WR_FORM_ERROR_ANSWER, _("The largest answer is %g"), maximum);
        else
          return g_steal_pointer (&stripped);
        return NULL;
      }

    case WR_QUESTION_DATE:
      {
        g_autoptr(GError) date_error = NULL;
        char *date = wr_date_read (stripped, &date_error);

        if (date == NULL)
          g_set_error_literal (error, WR_FORM_ERROR, WR_FORM_ERROR_ANSWER, date_error->message);
        return date;
      }

    case WR_QUESTION_YES_NO_NA:
    case WR_QUESTION_RATING:
    case WR_QUESTION_CHOICE:
      {
        int index = find_value_or_label (self, stripped);

        if (index < 0)
          {
            set_no_such_choice (self, stripped, error);
            return NULL;
          }
        return g_strdup (self->choice_values[index]);
      }

    case WR_QUESTION_MULTI_CHOICE:
      {
        g_auto(GStrv) parts = g_strsplit_set (stripped, " ,;", -1);
        g_autofree gboolean *chosen = g_new0 (gboolean, self->n_choices + 1);
        g_autoptr(GString) value = g_string_new (NULL);

        for (guint i = 0; parts[i] != NULL; i++)
          {
            int index;

            if (parts[i][0] == '\0')
              continue;
            if ((index = wr_question_find_choice (self, parts[i])) < 0)
              {
                set_no_such_choice (self, parts[i], error);
                return NULL;
              }
            chosen[index] = TRUE;
          }
        for (guint i = 0; i < self->n_choices; i++)
          if (chosen[i])
            g_string_append_printf (value, "%s%s", value->len > 0 ? " " : "", self->choice_values[i]);
        return g_string_free (g_steal_pointer (&value), FALSE);
      }

    case WR_QUESTION_TEXT:
    case WR_QUESTION_NOTE:
    default:
      return g_steal_pointer (&stripped);
    }
}

/**
 * wr_question_get_minimum:
 * @self: a number #WrQuestion
 * @minimum: (out) (optional): the lowest answer allowed
 *
 * Returns: %TRUE if the question has a minimum
 */
gboolean
wr_question_get_minimum (WrQuestion *self,
                         double     *minimum)
{
  g_return_val_if_fail (WR_IS_QUESTION (self), FALSE);

  if (minimum != NULL)
    *minimum = self->has_minimum ? self->minimum : 0.0;

  return self->has_minimum;
}

/**
 * wr_question_get_maximum:
 * @self: a number #WrQuestion
 * @maximum: (out) (optional): the highest answer allowed
 *
 * Returns: %TRUE if the question has a maximum
 */
gboolean
wr_question_get_maximum (WrQuestion *self,
                         double     *maximum)
{
  g_return_val_if_fail (WR_IS_QUESTION (self), FALSE);

  if (maximum != NULL)
    *maximum = self->has_maximum ? self->maximum : 0.0;

  return self->has_maximum;
}

/**
 * wr_question_get_integer:
 * @self: a number #WrQuestion
 *
 * Returns: %TRUE if the answer must be a whole number
 */
gboolean
wr_question_get_integer (WrQuestion *self)
{
  g_return_val_if_fail (WR_IS_QUESTION (self), FALSE);

  return self->integer;
}

/**
 * wr_question_get_text_size:
 * @self: a text #WrQuestion
 *
 * Returns: whether the answer is one line or a large box for paragraphs
 */
WrTextSize
wr_question_get_text_size (WrQuestion *self)
{
  g_return_val_if_fail (WR_IS_QUESTION (self), WR_TEXT_SIZE_SHORT);

  return self->text_size;
}

/**
 * wr_question_get_scored:
 * @self: a #WrQuestion
 *
 * Returns: %TRUE if the question counts towards the compliance score
 */
gboolean
wr_question_get_scored (WrQuestion *self)
{
  g_return_val_if_fail (WR_IS_QUESTION (self), FALSE);

  return self->scored;
}

/**
 * wr_question_get_score_weight:
 * @self: a #WrQuestion
 *
 * Returns: how much the question counts (1 unless the form says otherwise)
 */
double
wr_question_get_score_weight (WrQuestion *self)
{
  g_return_val_if_fail (WR_IS_QUESTION (self), 0.0);

  return self->scored ? self->score_weight : 0.0;
}

/**
 * wr_question_get_score_met:
 * @self: a #WrQuestion
 *
 * Returns: (transfer none): the values that count as met; empty when the
 *   question is not scored
 */
const char * const *
wr_question_get_score_met (WrQuestion *self)
{
  g_return_val_if_fail (WR_IS_QUESTION (self), NULL);

  return self->score_met != NULL ? (const char * const *) self->score_met : empty_strv;
}

/**
 * wr_question_get_score_not_applicable:
 * @self: a #WrQuestion
 *
 * Returns: (transfer none): the values left out of the score, besides "na"
 *   for a yes-no-na question
 */
const char * const *
wr_question_get_score_not_applicable (WrQuestion *self)
{
  g_return_val_if_fail (WR_IS_QUESTION (self), NULL);

  return self->score_not_applicable != NULL ? (const char * const *) self->score_not_applicable : empty_strv;
}

/**
 * wr_question_score_answer:
 * @self: a #WrQuestion
 * @answer: (nullable): the stored answer
 *
 * Says how @answer counts, whether or not the question is shown: a hidden
 * question does not count, which #WrFormState takes care of.
 *
 * Returns: %WR_SCORE_NONE if the question is not scored, @answer is empty
 *   or is not one of the question's values; otherwise met, not met or not
 *   applicable ("na" for a yes-no-na question is always not applicable)
 */
WrScoreOutcome
wr_question_score_answer (WrQuestion *self,
                          const char *answer)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (WR_IS_QUESTION (self), WR_SCORE_NONE);

  if (!self->scored || wr_answer_is_empty (answer))
    return WR_SCORE_NONE;

  value = g_strstrip (g_strdup (answer));
  if (wr_question_find_choice (self, value) < 0)
    return WR_SCORE_NONE;

  if (self->type == WR_QUESTION_YES_NO_NA && g_str_equal (value, "na"))
    return WR_SCORE_NOT_APPLICABLE;
  if (self->score_not_applicable != NULL && g_strv_contains ((const char * const *) self->score_not_applicable, value))
    return WR_SCORE_NOT_APPLICABLE;
  if (self->score_met != NULL && g_strv_contains ((const char * const *) self->score_met, value))
    return WR_SCORE_MET;

  return WR_SCORE_NOT_MET;
}

/**
 * wr_question_type_to_string:
 * @type: a #WrQuestionType
 *
 * Returns: (transfer none): the type as a form writes it, e.g. "yes-no-na"
 */
const char *
wr_question_type_to_string (WrQuestionType type)
{
  g_return_val_if_fail (type < G_N_ELEMENTS (type_names), NULL);

  return type_names[type];
}

/**
 * wr_question_type_from_string:
 * @string: a type as a form writes it
 * @type: (out): the type
 *
 * Returns: %TRUE if @string is a question type
 */
gboolean
wr_question_type_from_string (const char     *string,
                              WrQuestionType *type)
{
  for (guint i = 0; string != NULL && i < G_N_ELEMENTS (type_names); i++)
    {
      if (g_str_equal (string, type_names[i]))
        {
          *type = i;
          return TRUE;
        }
    }

  return FALSE;
}
