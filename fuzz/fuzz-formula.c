/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* fuzz-formula.c: the formula language, from the text to the numbers.
 *
 * The input is the text of a formula (up to its first NUL). A formula
 * that parses must: keep its text; answer the questions about itself
 * (fields, references, additivity, reach); parse the same in parentheses
 * (the same canonical key, the one the evaluator shares work by); be
 * checked against a small fixed dataset; and, as an indicator of a
 * context that has other indicators to refer to, evaluate over a few
 * months, a quarter and a breakdown into values that are missing or
 * finite, never inf or nan. Every refusal is a GError. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fuzz-common.h"
#include "kpi-formula-ast-private.h"

static char *
formula_key (KpiFormula *formula)
{
  GString *key = g_string_new (NULL);

  kpi_formula_append_key (formula->root, key);
  return g_string_free (key, FALSE);
}

static void
check_values (GPtrArray  *values,
              const char *what)
{
  for (guint i = 0; i < values->len; i++)
    {
      KpiValue *value = g_ptr_array_index (values, i);

      if (!kpi_value_is_missing (value))
        kpi_fuzz_assert (isfinite (kpi_value_get_value (value)), "%s, value %u: %g", what, i,
                         kpi_value_get_value (value));
    }
}

static void
evaluate (const char *text)
{
  KpiCalendar *calendar = kpi_fuzz_calendar ();
  g_autoptr(KpiContext) context = kpi_fuzz_new_context ();
  g_autoptr(KpiIndicator) indicator = NULL;
  g_autoptr(KpiPeriod) january = kpi_calendar_parse_period (calendar, "2025-01", NULL);
  g_autoptr(KpiPeriod) april = kpi_calendar_parse_period (calendar, "2025-04", NULL);
  g_autoptr(KpiPeriod) quarter = kpi_calendar_parse_period (calendar, "2025-Q1", NULL);
  g_autoptr(GPtrArray) series = NULL;
  g_autoptr(GPtrArray) breakdown = NULL;
  g_autoptr(KpiValue) value = NULL;
  g_autoptr(KpiValue) total = NULL;
  GError *error = NULL;

  indicator = kpi_indicator_new ("fuzz", text, &error);
  kpi_fuzz_assert (indicator != NULL, "a formula that parses makes no indicator: %s", error->message);
  kpi_indicator_set_dataset_name (indicator, "orders");
  /* @fuzz in the formula: a cycle, which the evaluation must refuse */
  kpi_context_add_indicator (context, indicator);

  series = kpi_indicator_evaluate_series (indicator, context, january, april, &error);
  if (series == NULL)
    {
      kpi_fuzz_expect_error (&error, "the series");
      return;
    }
  kpi_fuzz_assert (series->len == 4, "%u values for four months", series->len);
  check_values (series, "the series");

  value = kpi_indicator_evaluate (indicator, context, quarter, &error);
  if (value == NULL)
    kpi_fuzz_expect_error (&error, "the quarter");
  else if (!kpi_value_is_missing (value))
    kpi_fuzz_assert (isfinite (kpi_value_get_value (value)), "the quarter: %g", kpi_value_get_value (value));

  breakdown = kpi_indicator_evaluate_breakdown (indicator, context, january, "channel", 2, &total, &error);
  if (breakdown == NULL)
    kpi_fuzz_expect_error (&error, "the breakdown");
  else
    {
      check_values (breakdown, "the breakdown");
      kpi_fuzz_assert (total != NULL, "a breakdown without its total");
    }
}

KPI_FUZZ_HARNESS (formula)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(KpiFormula) formula = NULL;
  g_autoptr(KpiFormula) wrapped = NULL;
  g_autoptr(KpiDataset) dataset = NULL;
  g_autofree char *wrapped_text = NULL;
  g_autofree char *key = NULL;
  g_auto(GStrv) fields = NULL;
  g_auto(GStrv) references = NULL;
  g_auto(GStrv) bad_values = NULL;
  guint periods_back = 0;
  gboolean last_year = FALSE, history = FALSE;
  GError *error = NULL;

  kpi_fuzz_init ();
  formula = kpi_formula_parse (text, &error);
  if (formula == NULL)
    {
      kpi_fuzz_assert (error != NULL && error->domain == KPI_FORMULA_ERROR,
                       "a parse failed with %s", error != NULL ? g_quark_to_string (error->domain) : "no error");
      kpi_fuzz_expect_error (&error, "the parse");
      return 0;
    }
  kpi_fuzz_assert (strcmp (kpi_formula_get_text (formula), text) == 0, "the text changed");
  fields = kpi_formula_list_fields (formula);
  references = kpi_formula_list_references (formula);
  (void) kpi_formula_is_additive (formula);
  (void) kpi_formula_reads_rows (formula);
  kpi_formula_get_reach (formula, &periods_back, &last_year, &history);
  key = formula_key (formula);

  /* in parentheses: the same formula, or one too deep */
  wrapped_text = g_strconcat ("(", text, ")", NULL);
  wrapped = kpi_formula_parse (wrapped_text, &error);
  if (wrapped != NULL)
    {
      g_autofree char *wrapped_key = formula_key (wrapped);

      kpi_fuzz_assert (strcmp (key, wrapped_key) == 0, "“%s” is “%s” in parentheses, “%s” without",
                       text, wrapped_key, key);
    }
  else
    {
      kpi_fuzz_assert (strstr (error->message, "too complex") != NULL,
                       "“%s” parses, but not in parentheses: %s", text, error->message);
      g_clear_error (&error);
    }

  dataset = kpi_fuzz_new_dataset ();
  if (!kpi_formula_check (formula, dataset, &error))
    kpi_fuzz_expect_error (&error, "the check");
  else
    bad_values = kpi_formula_check_values (formula, dataset);

  evaluate (text);
  return 0;
}
