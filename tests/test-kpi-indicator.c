/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of KpiIndicator: properties, formulas, evaluation for one period, a
 * series with empty periods, breakdowns, flags. */

#include <math.h>
#include <check.h>
#include "kpi-test.h"
#include <libkpi/kpi.h>

static const char orders_csv[] =
  "date,customer,channel,amount,cost\n"
  "2025-01-05,C1,online,100,60\n"
  "2025-01-10,C2,store,200,150\n"
  "2025-01-20,C1,,50,30\n"
  "2025-03-01,C3,store,60,45\n"
  "2025-03-15,C4,online,40,\n";

START_TEST (test_properties)
{
  g_autoptr(KpiIndicator) indicator = NULL;
  g_autofree char *formula = NULL;
  GError *error = NULL;

  indicator = kpi_indicator_new ("gross_margin_rate", "(sum(amount) - sum(cost)) / sum(amount)", &error);
  ck_assert_ptr_null (error);
  ck_assert_str_eq (kpi_indicator_get_id (indicator), "gross_margin_rate");
  ck_assert_str_eq (kpi_indicator_get_title (indicator), "gross_margin_rate");  /* id by default */
  kpi_indicator_set_title (indicator, "Gross margin rate");
  kpi_indicator_set_unit (indicator, "ratio");
  kpi_comparison_policy_set_direction (kpi_indicator_get_policy (indicator), KPI_DIRECTION_HIGHER_IS_BETTER);
  kpi_indicator_set_kind (indicator, KPI_INDICATOR_KIND_PERFORMANCE);
  kpi_indicator_set_decimals (indicator, 3);
  g_object_get (indicator, "formula", &formula, NULL);
  ck_assert_str_eq (formula, "(sum(amount) - sum(cost)) / sum(amount)");
  ck_assert_str_eq (kpi_indicator_get_title (indicator), "Gross margin rate");
  ck_assert_int_eq (kpi_indicator_get_decimals (indicator), 3);
  ck_assert_int_eq (kpi_indicator_get_granularity (indicator), KPI_GRANULARITY_MONTH);

  /* A bad formula leaves the old one in place. */
  ck_assert (!kpi_indicator_set_formula (indicator, "sum(amount", &error));
  ck_assert (g_error_matches (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_SYNTAX));
  g_clear_error (&error);
  ck_assert_str_eq (kpi_indicator_get_formula (indicator), "(sum(amount) - sum(cost)) / sum(amount)");
}
END_TEST

START_TEST (test_bad_ids)
{
  GError *error = NULL;

  ck_assert_ptr_null (kpi_indicator_new ("2fast", "count()", &error));
  ck_assert (error != NULL);
  g_clear_error (&error);
  ck_assert_ptr_null (kpi_indicator_new ("a-b", "count()", &error));
  g_clear_error (&error);
  /* An id that is not UTF-8 is shown as valid UTF-8 (issue 16). */
  ck_assert_ptr_null (kpi_indicator_new ("\xed\xa0\x80x", "count()", &error));
  ck_assert (g_error_matches (error, KPI_INDICATOR_ERROR, KPI_INDICATOR_ERROR_INVALID_ID));
  ck_assert (g_utf8_validate (error->message, -1, NULL));
  ck_assert_msg (g_str_has_prefix (error->message, "“\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdx” is not an indicator id"),
                 "%s", error->message);
  g_clear_error (&error);
  ck_assert_ptr_null (kpi_indicator_new ("ok", "count(", &error));
  ck_assert (g_error_matches (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_SYNTAX));
  g_clear_error (&error);
}
END_TEST

START_TEST (test_series_with_empty_period)
{
  g_autoptr(KpiDataset) dataset = kpi_test_load (orders_csv, NULL);
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-03-20T12:00:00Z", 1);
  g_autoptr(KpiContext) ctx_calendar = kpi_context_new (calendar);
  g_autoptr(KpiIndicator) revenue = kpi_indicator_new ("revenue", "sum(amount)", NULL);
  g_autoptr(KpiIndicator) basket = kpi_indicator_new ("basket", "avg(amount)", NULL);
  g_autoptr(KpiPeriod) jan = kpi_calendar_parse_period (calendar, "2025-01", NULL);
  g_autoptr(KpiPeriod) mar = kpi_calendar_parse_period (calendar, "2025-03", NULL);
  g_autoptr(GPtrArray) values = NULL;
  GError *error = NULL;
  KpiValue *feb;

  kpi_indicator_set_dataset (revenue, dataset);
  kpi_indicator_set_dataset (basket, dataset);
  values = kpi_indicator_evaluate_series (revenue, ctx_calendar, jan, mar, &error);
  ck_assert_ptr_null (error);
  ck_assert_uint_eq (values->len, 3);
  ck_assert_double_eq (kpi_value_get_value (g_ptr_array_index (values, 0)), 350);
  feb = g_ptr_array_index (values, 1);
  ck_assert_str_eq (kpi_period_get_label (kpi_value_get_period (feb)), "2025-02");
  ck_assert (!kpi_value_is_missing (feb));           /* a sum of no rows is 0 */
  ck_assert_double_eq (kpi_value_get_value (feb), 0);
  ck_assert_uint_eq (kpi_value_get_sample_size (feb), 0);
  /* March is not over on 20 March. */
  ck_assert (kpi_value_get_flags (g_ptr_array_index (values, 2)) & KPI_VALUE_FLAG_PARTIAL_PERIOD);
  ck_assert (!(kpi_value_get_flags (g_ptr_array_index (values, 0)) & KPI_VALUE_FLAG_PARTIAL_PERIOD));
  g_clear_pointer (&values, g_ptr_array_unref);

  values = kpi_indicator_evaluate_series (basket, ctx_calendar, jan, mar, &error);
  feb = g_ptr_array_index (values, 1);
  ck_assert (kpi_value_is_missing (feb));            /* an average of no rows is not 0 */
  ck_assert (kpi_value_get_flags (feb) & KPI_VALUE_FLAG_NO_DATA);
}
END_TEST

START_TEST (test_unknown_field)
{
  g_autoptr(KpiDataset) dataset = kpi_test_load (orders_csv, NULL);
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2026-01-01T00:00:00Z", 1);
  g_autoptr(KpiContext) ctx_calendar = kpi_context_new (calendar);
  g_autoptr(KpiIndicator) typo = kpi_indicator_new ("typo", "sum(amout)", NULL);
  g_autoptr(KpiIndicator) orphan = kpi_indicator_new ("orphan", "count()", NULL);
  g_autoptr(KpiPeriod) jan = kpi_calendar_parse_period (calendar, "2025-01", NULL);
  GError *error = NULL;

  kpi_indicator_set_dataset (typo, dataset);
  ck_assert_ptr_null (kpi_indicator_evaluate (typo, ctx_calendar, jan, &error));
  ck_assert (g_error_matches (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_UNKNOWN_FIELD));
  ck_assert_ptr_nonnull (strstr (error->message, "amount"));   /* did you mean */
  g_clear_error (&error);

  ck_assert_ptr_null (kpi_indicator_evaluate (orphan, ctx_calendar, jan, &error));
  ck_assert (g_error_matches (error, KPI_CONTEXT_ERROR, KPI_CONTEXT_ERROR_UNKNOWN_DATASET));
  g_clear_error (&error);
}
END_TEST

START_TEST (test_low_sample)
{
  g_autoptr(KpiDataset) dataset = kpi_test_load (orders_csv, NULL);
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2026-01-01T00:00:00Z", 1);
  g_autoptr(KpiContext) ctx_calendar = kpi_context_new (calendar);
  g_autoptr(KpiIndicator) basket = kpi_indicator_new ("basket", "sum(amount) / count()", NULL);
  g_autoptr(KpiPeriod) jan = kpi_calendar_parse_period (calendar, "2025-01", NULL);
  g_autoptr(KpiValue) value = NULL;

  kpi_indicator_set_dataset (basket, dataset);
  kpi_indicator_set_min_sample (basket, 5);
  value = kpi_indicator_evaluate (basket, ctx_calendar, jan, NULL);
  ck_assert_uint_eq (kpi_value_get_sample_size (value), 3);
  ck_assert (kpi_value_get_flags (value) & KPI_VALUE_FLAG_LOW_SAMPLE);
  ck_assert_double_eq_tol (kpi_value_get_value (value), 350.0 / 3, 1e-12);
}
END_TEST

START_TEST (test_breakdown_missing_group)
{
  g_autoptr(KpiDataset) dataset = kpi_test_load (orders_csv, NULL);
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2026-01-01T00:00:00Z", 1);
  g_autoptr(KpiContext) ctx_calendar = kpi_context_new (calendar);
  g_autoptr(KpiIndicator) revenue = kpi_indicator_new ("revenue", "sum(amount)", NULL);
  g_autoptr(KpiPeriod) q1 = kpi_calendar_parse_period (calendar, "2025-Q1", NULL);
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(KpiValue) total = NULL;
  GError *error = NULL;

  kpi_indicator_set_dataset (revenue, dataset);
  groups = kpi_indicator_evaluate_breakdown (revenue, ctx_calendar, q1, "channel", 0, &total, &error);
  ck_assert_ptr_null (error);
  /* store 260, online 140, (missing) 50 */
  ck_assert_uint_eq (groups->len, 3);
  ck_assert_str_eq (kpi_value_get_group (g_ptr_array_index (groups, 0)), "store");
  ck_assert_double_eq (kpi_value_get_value (g_ptr_array_index (groups, 0)), 260);
  ck_assert_str_eq (kpi_value_get_group (g_ptr_array_index (groups, 1)), "online");
  ck_assert_str_eq (kpi_value_get_group (g_ptr_array_index (groups, 2)), "(missing)");
  ck_assert_double_eq (kpi_value_get_value (g_ptr_array_index (groups, 2)), 50);
  ck_assert_double_eq (kpi_value_get_value (total), 450);

  g_clear_pointer (&groups, g_ptr_array_unref);
  groups = kpi_indicator_evaluate_breakdown (revenue, ctx_calendar, q1, "amount", 0, NULL, &error);
  ck_assert_ptr_null (groups);
  ck_assert (g_error_matches (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_NOT_A_DIMENSION));
  g_clear_error (&error);
}
END_TEST

START_TEST (test_comparison_settings)
{
  g_autoptr(KpiIndicator) conversion = kpi_indicator_new ("conversion", "count(won) / count()", NULL);
  g_autoptr(KpiIndicator) other = kpi_indicator_new ("other", "count()", NULL);
  g_autoptr(KpiComparisonPolicy) shared = NULL;
  KpiComparisonPolicy *policy = kpi_indicator_get_policy (conversion);
  guint rate_notes = 0, on_track_notes = 0, at_risk_notes = 0, small_base_notes = 0, policy_notes = 0;
  KpiRateScale scale = KPI_RATE_SCALE_NONE;
  double on_track = 0, at_risk = 0, small_base = 0;
  GError *error = NULL;

  /* defaults: not a rate, bands at 100 % and 90 %, no small base, which is
   * derived from 10 % of the median of 12 periods */
  ck_assert (!kpi_comparison_policy_is_rate (policy));
  ck_assert (kpi_comparison_policy_get_on_track_threshold (policy) == KPI_DEFAULT_ON_TRACK_THRESHOLD);
  ck_assert (kpi_comparison_policy_get_at_risk_threshold (policy) == KPI_DEFAULT_AT_RISK_THRESHOLD);
  ck_assert (isnan (kpi_comparison_policy_get_small_base (policy)));
  ck_assert (kpi_comparison_policy_get_small_base_fraction (policy) == 0.1);
  ck_assert_uint_eq (kpi_comparison_policy_get_small_base_periods (policy), 12);
  ck_assert_int_eq (kpi_comparison_policy_get_direction (policy), KPI_DIRECTION_HIGHER_IS_BETTER);

  g_signal_connect (policy, "notify::rate-scale", G_CALLBACK (kpi_test_count_notify), &rate_notes);
  g_signal_connect (policy, "notify::on-track-threshold", G_CALLBACK (kpi_test_count_notify), &on_track_notes);
  g_signal_connect (policy, "notify::at-risk-threshold", G_CALLBACK (kpi_test_count_notify), &at_risk_notes);
  g_signal_connect (policy, "notify::small-base", G_CALLBACK (kpi_test_count_notify), &small_base_notes);

  kpi_comparison_policy_set_rate_scale (policy, KPI_RATE_SCALE_FRACTION);
  kpi_comparison_policy_set_rate_scale (policy, KPI_RATE_SCALE_FRACTION);
  ck_assert_uint_eq (rate_notes, 1);
  ck_assert (kpi_comparison_policy_is_rate (policy));
  /* both thresholds move: one notification each */
  ck_assert (kpi_comparison_policy_set_thresholds (policy, 0.95, 0.8, NULL));
  ck_assert_uint_eq (on_track_notes, 1);
  ck_assert_uint_eq (at_risk_notes, 1);
  /* only the at-risk threshold moves */
  ck_assert (kpi_comparison_policy_set_thresholds (policy, 0.95, 0.85, NULL));
  ck_assert_uint_eq (on_track_notes, 1);
  ck_assert_uint_eq (at_risk_notes, 2);
  ck_assert (kpi_comparison_policy_set_small_base (policy, 0.05, NULL));
  ck_assert (kpi_comparison_policy_set_small_base (policy, 0.05, NULL));
  ck_assert_uint_eq (small_base_notes, 1);

  g_object_get (policy, "rate-scale", &scale, "on-track-threshold", &on_track,
                "at-risk-threshold", &at_risk, "small-base", &small_base, NULL);
  ck_assert_int_eq (scale, KPI_RATE_SCALE_FRACTION);
  ck_assert (on_track == 0.95);
  ck_assert (at_risk == 0.85);
  ck_assert (small_base == 0.05);

  /* NaN unsets the small base, through the setter or the property */
  ck_assert (kpi_comparison_policy_set_small_base (policy, NAN, NULL));
  ck_assert (isnan (kpi_comparison_policy_get_small_base (policy)));
  ck_assert_uint_eq (small_base_notes, 2);
  g_object_set (policy, "small-base", 10.0, NULL);
  g_object_set (policy, "small-base", (double) NAN, NULL);
  ck_assert (isnan (kpi_comparison_policy_get_small_base (policy)));

  /* setting one threshold as a property keeps the pair ordered */
  g_object_set (policy, "on-track-threshold", 0.7, NULL);
  ck_assert (kpi_comparison_policy_get_on_track_threshold (policy) == 0.7);
  ck_assert (kpi_comparison_policy_get_at_risk_threshold (policy) == 0.7);
  g_object_set (policy, "at-risk-threshold", 0.9, NULL);
  ck_assert (kpi_comparison_policy_get_on_track_threshold (policy) == 0.9);
  ck_assert (kpi_comparison_policy_get_at_risk_threshold (policy) == 0.9);

  /* Values a user types are refused with a GError, the policy unchanged */
  ck_assert (!kpi_comparison_policy_set_thresholds (policy, 0.8, 0.9, &error));
  g_assert_error (error, KPI_COMPARISON_ERROR, KPI_COMPARISON_ERROR_INVALID_SETTING);
  g_clear_error (&error);
  ck_assert (!kpi_comparison_policy_set_thresholds (policy, NAN, 0.5, &error));
  g_clear_error (&error);
  ck_assert (!kpi_comparison_policy_set_small_base (policy, -1, &error));
  g_clear_error (&error);
  ck_assert (!kpi_comparison_policy_set_small_base_rule (policy, 1.5, 12, &error));
  g_clear_error (&error);
  ck_assert (!kpi_comparison_policy_set_small_base_rule (policy, 0.1, 2, &error));
  g_clear_error (&error);
  ck_assert (kpi_comparison_policy_get_on_track_threshold (policy) == 0.9);

  /* A policy may be shared: the indicator is told it changed */
  g_signal_connect (other, "notify::policy", G_CALLBACK (kpi_test_count_notify), &policy_notes);
  shared = kpi_comparison_policy_copy (policy);
  kpi_indicator_set_policy (other, shared);
  kpi_indicator_set_policy (other, shared);
  ck_assert_uint_eq (policy_notes, 1);
  ck_assert_ptr_eq (kpi_indicator_get_policy (other), shared);
  ck_assert_int_eq (kpi_comparison_policy_get_rate_scale (shared), KPI_RATE_SCALE_FRACTION);
  ck_assert (kpi_comparison_policy_get_at_risk_threshold (shared) == 0.9);
}
END_TEST

/* The limits of the small-base rule and of an indicator's decimals are
 * the public constants: their bounds are taken, one beyond is refused
 * (the message names the range), the property's range is the same. */
START_TEST (test_setting_limits)
{
  g_autoptr(KpiComparisonPolicy) policy = kpi_comparison_policy_new ();
  g_autoptr(KpiIndicator) indicator = kpi_indicator_new ("orders", "count()", NULL);
  GParamSpecInt *decimals;
  GError *error = NULL;

  ck_assert_int_eq (KPI_SMALL_BASE_MIN_PERIODS, 3);
  ck_assert_int_eq (KPI_SMALL_BASE_MAX_PERIODS, 10000);
  ck_assert_int_eq (KPI_MAX_DECIMALS, 15);

  ck_assert (kpi_comparison_policy_set_small_base_rule (policy, 0.1, KPI_SMALL_BASE_MIN_PERIODS, NULL));
  ck_assert_uint_eq (kpi_comparison_policy_get_small_base_periods (policy), KPI_SMALL_BASE_MIN_PERIODS);
  ck_assert (kpi_comparison_policy_set_small_base_rule (policy, 0.1, KPI_SMALL_BASE_MAX_PERIODS, NULL));
  ck_assert_uint_eq (kpi_comparison_policy_get_small_base_periods (policy), KPI_SMALL_BASE_MAX_PERIODS);
  ck_assert (!kpi_comparison_policy_set_small_base_rule (policy, 0.1, KPI_SMALL_BASE_MAX_PERIODS + 1, &error));
  g_assert_error (error, KPI_COMPARISON_ERROR, KPI_COMPARISON_ERROR_INVALID_SETTING);
  ck_assert_str_eq (error->message, "the small base is derived from 3 to 10000 periods (not 10001)");
  g_clear_error (&error);
  ck_assert (!kpi_comparison_policy_set_small_base_rule (policy, 0.1, KPI_SMALL_BASE_MIN_PERIODS - 1, &error));
  g_clear_error (&error);
  ck_assert_uint_eq (kpi_comparison_policy_get_small_base_periods (policy), KPI_SMALL_BASE_MAX_PERIODS);

  kpi_indicator_set_decimals (indicator, KPI_MAX_DECIMALS);
  ck_assert_int_eq (kpi_indicator_get_decimals (indicator), KPI_MAX_DECIMALS);
  decimals = G_PARAM_SPEC_INT (g_object_class_find_property (G_OBJECT_GET_CLASS (indicator), "decimals"));
  ck_assert_int_eq (decimals->minimum, 0);
  ck_assert_int_eq (decimals->maximum, KPI_MAX_DECIMALS);
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "properties", test_properties },
    { "bad-ids", test_bad_ids },
    { "series-with-empty-period", test_series_with_empty_period },
    { "unknown-field", test_unknown_field },
    { "low-sample", test_low_sample },
    { "breakdown-missing-group", test_breakdown_missing_group },
    { "comparison-settings", test_comparison_settings },
    { "setting-limits", test_setting_limits },
  };

  return kpi_test_run ("indicator", cases, G_N_ELEMENTS (cases), 0);
}
