/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of KpiComparison: deltas, relative and point changes, attainment by
 * direction, status bands and their edges, scores, why-flags and the text.
 * Every expected number is worked out by hand in a comment. */

#include <float.h>
#include <math.h>
#include <string.h>
#include <check.h>
#include "kpi-test.h"
#include <libkpi/kpi.h>

static KpiIndicator *
indicator (const char   *id,
           KpiDirection  direction,
           const char   *unit,
           int           decimals)
{
  KpiIndicator *ind = kpi_indicator_new (id, "sum(amount)", NULL);

  kpi_comparison_policy_set_direction (kpi_indicator_get_policy (ind), direction);
  kpi_indicator_set_unit (ind, unit);
  kpi_indicator_set_decimals (ind, decimals);
  return ind;
}

static KpiValue *
value (double        x,
       KpiValueFlags flags)
{
  return kpi_value_new (NULL, x, 10, flags);
}

/* The indicator each comparison was made for, for its unit and decimals
 * when the tests format what remains (a dashboard does the same). */
static GHashTable *made_for;

/* @min_base negative: the policy's own (NaN to kpi_comparison_new) */
static KpiComparison *
compare (KpiIndicator *ind,
         double        actual,
         double        reference,
         double        min_base)
{
  g_autoptr(KpiValue) a = isnan (actual) ? kpi_value_new_missing (NULL, 0, KPI_VALUE_FLAG_NO_DATA)
                                         : value (actual, KPI_VALUE_FLAG_NONE);
  g_autoptr(KpiValue) r = isnan (reference) ? kpi_value_new_missing (NULL, 0, KPI_VALUE_FLAG_NO_DATA)
                                            : value (reference, KPI_VALUE_FLAG_NONE);
  KpiComparison *c = kpi_comparison_new (kpi_indicator_get_policy (ind), a, r, KPI_BENCHMARK_KIND_TARGET,
                                         min_base < 0 ? NAN : min_base, NULL);

  if (made_for == NULL)
    made_for = g_hash_table_new (NULL, NULL);
  g_hash_table_insert (made_for, c, ind);
  return c;
}

/* What remains, in the unit of the comparison's indicator; @decimals
 * negative: the indicator's, or the library's default in points. */
static char *
remaining (KpiComparison *c,
           int            decimals)
{
  KpiIndicator *ind = g_hash_table_lookup (made_for, c);
  KpiComparisonPolicy *policy = kpi_indicator_get_policy (ind);
  const char *unit = kpi_indicator_get_unit (ind);
  if (decimals < 0 && !kpi_comparison_policy_is_rate (policy))
    decimals = kpi_indicator_get_decimals (ind);
  return kpi_comparison_format_remaining (c, unit, decimals);
}

static void
assert_text (char       *text,
             const char *expected)
{
  ck_assert_str_eq (text, expected);
  g_free (text);
}

START_TEST (test_higher_is_better)
{
  g_autoptr(KpiIndicator) revenue = indicator ("revenue", KPI_DIRECTION_HIGHER_IS_BETTER, "EUR", 0);
  g_autoptr(KpiComparison) c = compare (revenue, 87600, 100000, -1);

  ck_assert_int_eq (kpi_comparison_get_kind (c), KPI_BENCHMARK_KIND_TARGET);
  ck_assert_int_eq (kpi_comparison_get_direction (c), KPI_DIRECTION_HIGHER_IS_BETTER);
  ck_assert (kpi_value_get_value (kpi_comparison_get_actual (c)) == 87600);
  ck_assert (kpi_value_get_value (kpi_comparison_get_reference (c)) == 100000);
  /* 87 600 − 100 000 = −12 400; −12 400 / 100 000 = −0.124 */
  ck_assert (kpi_comparison_get_delta (c) == -12400);
  kpi_test_assert_close_rel (kpi_comparison_get_relative_change (c), -0.124, 1e-9);
  /* not a rate: no point change */
  ck_assert (isnan (kpi_comparison_get_point_change (c)));
  /* 87 600 / 100 000 = 0.876 < 0.9: off track;
   * score −0.5 + (0.876 − 0.9) / (1.0 − 0.9) = −0.5 − 0.24 = −0.74 */
  kpi_test_assert_close_rel (kpi_comparison_get_attainment (c), 0.876, 1e-9);
  ck_assert (!kpi_comparison_is_favourable (c));
  ck_assert_int_eq (kpi_comparison_get_status (c), KPI_STATUS_OFF_TRACK);
  kpi_test_assert_close_rel (kpi_comparison_get_score (c), -0.74, 1e-9);
  ck_assert (kpi_comparison_get_remaining (c) == 12400);
  ck_assert_int_eq (kpi_comparison_get_flags (c), KPI_COMPARISON_FLAG_NONE);
  assert_text (kpi_comparison_format_change (c, 1), "\xe2\x88\x92" "12.4 %");
  assert_text (remaining (c, -1), "12 400 € to go");

  ck_assert_ptr_null (kpi_comparison_get_provenance (c));
  {
    g_autoptr(KpiValue) a = value (87600, KPI_VALUE_FLAG_NONE);
    g_autoptr(KpiValue) r = value (100000, KPI_VALUE_FLAG_NONE);
    g_autoptr(KpiComparison) sourced =
      kpi_comparison_new (kpi_indicator_get_policy (revenue), a, r, KPI_BENCHMARK_KIND_TARGET, NAN,
                          "targets.csv, sum(target where indicator = \"revenue\")");

    ck_assert_str_eq (kpi_comparison_get_provenance (sourced),
                      "targets.csv, sum(target where indicator = \"revenue\")");
  }
}
END_TEST

START_TEST (test_above_target)
{
  g_autoptr(KpiIndicator) revenue = indicator ("revenue", KPI_DIRECTION_HIGHER_IS_BETTER, "EUR", 0);
  g_autoptr(KpiComparison) c = compare (revenue, 112400, 100000, -1);

  /* +12 400, +12.4 %, attainment 1.124: on track;
   * score −0.5 + (1.124 − 0.9) / 0.1 = 1.74, clamped to 1 */
  ck_assert (kpi_comparison_get_delta (c) == 12400);
  ck_assert (kpi_comparison_is_favourable (c));
  ck_assert_int_eq (kpi_comparison_get_status (c), KPI_STATUS_ON_TRACK);
  ck_assert (kpi_comparison_get_score (c) == 1.0);
  ck_assert (kpi_comparison_get_remaining (c) == 0);
  assert_text (kpi_comparison_format_change (c, 1), "+12.4 %");
  assert_text (kpi_comparison_format_change (c, 0), "+12 %");
  assert_text (remaining (c, -1), "reached");
}
END_TEST

START_TEST (test_zero_base)
{
  g_autoptr(KpiIndicator) revenue = indicator ("revenue", KPI_DIRECTION_HIGHER_IS_BETTER, "EUR", 0);
  g_autoptr(KpiComparison) up = compare (revenue, 500, 0, 1000);
  g_autoptr(KpiComparison) down = compare (revenue, -10, 0, -1);
  g_autoptr(KpiComparison) flat = compare (revenue, 0, 0, -1);

  /* 500 against 0: the delta is 500, the relative change undefined (not
   * 0 %, not +100 %, not infinity); zero base, not small base even below
   * the minimum base of 1 000 */
  ck_assert (kpi_comparison_get_delta (up) == 500);
  ck_assert (isnan (kpi_comparison_get_relative_change (up)));
  ck_assert (isnan (kpi_comparison_get_attainment (up)));
  ck_assert_int_eq (kpi_comparison_get_flags (up), KPI_COMPARISON_FLAG_ZERO_BASE);
  /* no attainment: a favourable variance is on track, score +0.5 */
  ck_assert (kpi_comparison_is_favourable (up));
  ck_assert_int_eq (kpi_comparison_get_status (up), KPI_STATUS_ON_TRACK);
  ck_assert (kpi_comparison_get_score (up) == 0.5);
  assert_text (kpi_comparison_format_change (up, 1), "n/a (zero base)");
  assert_text (remaining (up, -1), "reached");

  /* −10 against 0: unfavourable: off track, score −1; opposite signs? 0
   * has no sign, so no sign change */
  ck_assert (!kpi_comparison_is_favourable (down));
  ck_assert_int_eq (kpi_comparison_get_status (down), KPI_STATUS_OFF_TRACK);
  ck_assert (kpi_comparison_get_score (down) == -1.0);
  ck_assert_int_eq (kpi_comparison_get_flags (down), KPI_COMPARISON_FLAG_ZERO_BASE);
  assert_text (remaining (down, -1), "10 € to go");

  /* 0 against 0: delta 0 is favourable */
  ck_assert (kpi_comparison_get_delta (flat) == 0);
  ck_assert_int_eq (kpi_comparison_get_status (flat), KPI_STATUS_ON_TRACK);
  assert_text (kpi_comparison_format_change (flat, 1), "n/a (zero base)");
}
END_TEST

START_TEST (test_negative_base)
{
  g_autoptr(KpiIndicator) profit = indicator ("profit", KPI_DIRECTION_HIGHER_IS_BETTER, "EUR", 0);
  g_autoptr(KpiComparison) smaller_loss = compare (profit, -50, -100, -1);
  g_autoptr(KpiComparison) to_profit = compare (profit, 20, -100, -1);
  g_autoptr(KpiComparison) to_loss = compare (profit, -20, 100, -1);

  /* a loss of 100 becoming a loss of 50: delta +50, on |−100| = +50 %
   * (−50 / −100 would say −50 %); the base is negative: sign change */
  ck_assert (kpi_comparison_get_delta (smaller_loss) == 50);
  ck_assert (kpi_comparison_get_relative_change (smaller_loss) == 0.5);
  ck_assert_int_eq (kpi_comparison_get_flags (smaller_loss), KPI_COMPARISON_FLAG_SIGN_CHANGE);
  /* no attainment against a negative reference: favourable → on track */
  ck_assert (isnan (kpi_comparison_get_attainment (smaller_loss)));
  ck_assert_int_eq (kpi_comparison_get_status (smaller_loss), KPI_STATUS_ON_TRACK);
  ck_assert (kpi_comparison_get_score (smaller_loss) == 0.5);
  assert_text (kpi_comparison_format_change (smaller_loss, 1), "+50.0 %");

  /* −100 → +20: delta 120, 120 / 100 = +120 % */
  ck_assert (kpi_comparison_get_delta (to_profit) == 120);
  ck_assert (kpi_comparison_get_relative_change (to_profit) == 1.2);
  ck_assert_int_eq (kpi_comparison_get_flags (to_profit), KPI_COMPARISON_FLAG_SIGN_CHANGE);

  /* +100 → −20: opposite signs; delta −120, −120 %; attainment −20 / 100 =
   * −0.2, off track, score −0.5 + (−0.2 − 0.9) / 0.1 = −11.5 → −1 */
  ck_assert (kpi_comparison_get_delta (to_loss) == -120);
  ck_assert (kpi_comparison_get_relative_change (to_loss) == -1.2);
  ck_assert_int_eq (kpi_comparison_get_flags (to_loss), KPI_COMPARISON_FLAG_SIGN_CHANGE);
  kpi_test_assert_close_rel (kpi_comparison_get_attainment (to_loss), -0.2, 1e-9);
  ck_assert_int_eq (kpi_comparison_get_status (to_loss), KPI_STATUS_OFF_TRACK);
  ck_assert (kpi_comparison_get_score (to_loss) == -1.0);
  assert_text (kpi_comparison_format_change (to_loss, 1), "\xe2\x88\x92" "120.0 %");
}
END_TEST

START_TEST (test_small_base_explicit)
{
  g_autoptr(KpiIndicator) revenue = indicator ("revenue", KPI_DIRECTION_HIGHER_IS_BETTER, "EUR", 0);
  g_autoptr(KpiComparison) flagged = compare (revenue, 7000, 1000, 5000);
  g_autoptr(KpiComparison) no_min = compare (revenue, 7000, 1000, 0);
  g_autoptr(KpiComparison) at_min = compare (revenue, 7000, 5000, 5000);
  g_autoptr(KpiComparison) negative = compare (revenue, 7000, -1000, 5000);

  /* +600 % on a 1 000 € start: (7 000 − 1 000) / 1 000 = 6; the base
   * 1 000 is below the minimum of 5 000 */
  ck_assert (kpi_comparison_get_relative_change (flagged) == 6.0);
  ck_assert_int_eq (kpi_comparison_get_flags (flagged), KPI_COMPARISON_FLAG_SMALL_BASE);
  assert_text (kpi_comparison_format_change (flagged, 0), "+600 %");
  /* a minimum of 0 tests nothing; a base equal to the minimum is not below it */
  ck_assert_int_eq (kpi_comparison_get_flags (no_min), KPI_COMPARISON_FLAG_NONE);
  ck_assert_int_eq (kpi_comparison_get_flags (at_min), KPI_COMPARISON_FLAG_NONE);
  /* |−1 000| < 5 000, and the base is negative */
  ck_assert_int_eq (kpi_comparison_get_flags (negative),
                    KPI_COMPARISON_FLAG_SMALL_BASE | KPI_COMPARISON_FLAG_SIGN_CHANGE);
}
END_TEST

START_TEST (test_small_base_indicator)
{
  g_autoptr(KpiIndicator) revenue = indicator ("revenue", KPI_DIRECTION_HIGHER_IS_BETTER, "EUR", 0);
  g_autoptr(KpiComparison) unset = NULL;
  g_autoptr(KpiComparison) from_indicator = NULL;
  g_autoptr(KpiComparison) from_indicator_nan = NULL;
  g_autoptr(KpiComparison) overridden = NULL;

  /* not set on the indicator: no test */
  ck_assert (isnan (kpi_comparison_policy_get_small_base (kpi_indicator_get_policy (revenue))));
  unset = compare (revenue, 7000, 1000, -1);
  ck_assert_int_eq (kpi_comparison_get_flags (unset), KPI_COMPARISON_FLAG_NONE);

  kpi_comparison_policy_set_small_base (kpi_indicator_get_policy (revenue), 5000, NULL);
  /* a negative (or NaN) min_base takes the indicator's 5 000 */
  from_indicator = compare (revenue, 7000, 1000, -1);
  ck_assert_int_eq (kpi_comparison_get_flags (from_indicator), KPI_COMPARISON_FLAG_SMALL_BASE);
  from_indicator_nan = compare (revenue, 7000, 1000, NAN);
  ck_assert_int_eq (kpi_comparison_get_flags (from_indicator_nan), KPI_COMPARISON_FLAG_SMALL_BASE);
  /* an explicit 500 overrides it: 1 000 is not below 500 */
  overridden = compare (revenue, 7000, 1000, 500);
  ck_assert_int_eq (kpi_comparison_get_flags (overridden), KPI_COMPARISON_FLAG_NONE);
}
END_TEST

START_TEST (test_lower_is_better)
{
  g_autoptr(KpiIndicator) cac = indicator ("cac", KPI_DIRECTION_LOWER_IS_BETTER, "EUR", 2);
  g_autoptr(KpiComparison) over = compare (cac, 120, 100, -1);
  g_autoptr(KpiComparison) under = compare (cac, 95, 100, -1);
  g_autoptr(KpiComparison) edge = compare (cac, 100, 90, -1);

  /* CAC 120 against a target of 100: delta +20 (+20 %), unfavourable;
   * attainment 100 / 120 = 0.8333 < 0.9: off track;
   * score −0.5 + (0.8333 − 0.9) / 0.1 = −1.1667 → −1; 20 € to go */
  ck_assert (kpi_comparison_get_delta (over) == 20);
  kpi_test_assert_close_rel (kpi_comparison_get_relative_change (over), 0.2, 1e-9);
  kpi_test_assert_close_rel (kpi_comparison_get_attainment (over), 100.0 / 120.0, 1e-9);
  ck_assert (!kpi_comparison_is_favourable (over));
  ck_assert_int_eq (kpi_comparison_get_status (over), KPI_STATUS_OFF_TRACK);
  ck_assert (kpi_comparison_get_score (over) == -1.0);
  ck_assert (kpi_comparison_get_remaining (over) == 20);
  assert_text (remaining (over, -1), "20.00 € to go");
  assert_text (kpi_comparison_format_change (over, 1), "+20.0 %");

  /* 95 against 100: favourable; 100 / 95 = 1.0526: on track;
   * score −0.5 + 0.1526 / 0.1 = 1.026 → 1 */
  ck_assert (kpi_comparison_is_favourable (under));
  kpi_test_assert_close_rel (kpi_comparison_get_attainment (under), 100.0 / 95.0, 1e-9);
  ck_assert_int_eq (kpi_comparison_get_status (under), KPI_STATUS_ON_TRACK);
  ck_assert (kpi_comparison_get_score (under) == 1.0);
  ck_assert (kpi_comparison_get_remaining (under) == 0);

  /* 100 against 90: 90 / 100 = 0.9 exactly: at risk, score −0.5 */
  ck_assert (kpi_comparison_get_attainment (edge) == 0.9);
  ck_assert_int_eq (kpi_comparison_get_status (edge), KPI_STATUS_AT_RISK);
  ck_assert (kpi_comparison_get_score (edge) == -0.5);
}
END_TEST

START_TEST (test_lower_is_better_zero_actual)
{
  g_autoptr(KpiIndicator) complaints = indicator ("complaints", KPI_DIRECTION_LOWER_IS_BETTER, "count", 0);
  g_autoptr(KpiComparison) none = compare (complaints, 0, 5, -1);
  g_autoptr(KpiComparison) six = compare (complaints, 6, 5, -1);

  /* 0 complaints against a target of 5: perfect, but 5 / 0 is no number:
   * attainment undefined, favourable, so on track with score +0.5 */
  ck_assert (kpi_comparison_get_delta (none) == -5);
  ck_assert (kpi_comparison_get_relative_change (none) == -1.0);
  ck_assert (isnan (kpi_comparison_get_attainment (none)));
  ck_assert (kpi_comparison_is_favourable (none));
  ck_assert_int_eq (kpi_comparison_get_status (none), KPI_STATUS_ON_TRACK);
  ck_assert (kpi_comparison_get_score (none) == 0.5);
  ck_assert_int_eq (kpi_comparison_get_flags (none), KPI_COMPARISON_FLAG_NONE);
  assert_text (remaining (none, -1), "reached");
  assert_text (kpi_comparison_format_change (none, 1), "\xe2\x88\x92" "100.0 %");

  /* 6 against 5: 5 / 6 = 0.8333: off track; 1 to go (a count: no unit) */
  kpi_test_assert_close_rel (kpi_comparison_get_attainment (six), 5.0 / 6.0, 1e-9);
  ck_assert_int_eq (kpi_comparison_get_status (six), KPI_STATUS_OFF_TRACK);
  assert_text (remaining (six, -1), "1 to go");
}
END_TEST

START_TEST (test_rate_points)
{
  g_autoptr(KpiIndicator) conversion = indicator ("conversion", KPI_DIRECTION_HIGHER_IS_BETTER, "ratio", 3);
  g_autoptr(KpiIndicator) percent = indicator ("margin_pct", KPI_DIRECTION_HIGHER_IS_BETTER, "percent", 1);
  g_autoptr(KpiIndicator) nps = indicator ("nps", KPI_DIRECTION_HIGHER_IS_BETTER, "score", 0);
  g_autoptr(KpiComparison) up = NULL;
  g_autoptr(KpiComparison) short_of = NULL;
  g_autoptr(KpiComparison) pct = NULL;
  g_autoptr(KpiComparison) nps_down = NULL;
  g_autoptr(KpiComparison) zero = NULL;

  kpi_comparison_policy_set_rate_scale (kpi_indicator_get_policy (conversion), KPI_RATE_SCALE_FRACTION);
  kpi_comparison_policy_set_rate_scale (kpi_indicator_get_policy (percent), KPI_RATE_SCALE_PERCENT);
  kpi_comparison_policy_set_rate_scale (kpi_indicator_get_policy (nps), KPI_RATE_SCALE_POINTS);

  /* 0.34 → 0.36: (0.36 − 0.34) × 100 = +2.0 percentage points (the
   * relative change, 0.02 / 0.34 = +5.9 %, is not what is shown) */
  up = compare (conversion, 0.36, 0.34, -1);
  kpi_test_assert_close_rel (kpi_comparison_get_point_change (up), 2.0, 1e-9);
  kpi_test_assert_close_rel (kpi_comparison_get_relative_change (up), 0.02 / 0.34, 1e-9);
  assert_text (kpi_comparison_format_change (up, 1), "+2.0 pp");
  /* 0.34 against a target of 0.36: 0.02 to go, in points */
  short_of = compare (conversion, 0.34, 0.36, -1);
  kpi_test_assert_close_rel (kpi_comparison_get_point_change (short_of), -2.0, 1e-9);
  assert_text (kpi_comparison_format_change (short_of, 1), "\xe2\x88\x92" "2.0 pp");
  assert_text (remaining (short_of, -1), "2.0 pp to go");
  /* already in percent: 34 → 31 is −3 points, not −300 */
  pct = compare (percent, 31, 34, -1);
  ck_assert (kpi_comparison_get_point_change (pct) == -3.0);
  assert_text (kpi_comparison_format_change (pct, 1), "\xe2\x88\x92" "3.0 pp");
  /* an NPS moves in points: 30 → 25 = −5 points */
  nps_down = compare (nps, 25, 30, -1);
  ck_assert (kpi_comparison_get_point_change (nps_down) == -5.0);
  assert_text (kpi_comparison_format_change (nps_down, 1), "\xe2\x88\x92" "5.0 pts");
  assert_text (remaining (nps_down, 0), "5 pts to go");
  /* from a zero rate the change in points is still defined: +5.0 pp */
  zero = compare (conversion, 0.05, 0, -1);
  kpi_test_assert_close_rel (kpi_comparison_get_point_change (zero), 5.0, 1e-9);
  ck_assert (isnan (kpi_comparison_get_relative_change (zero)));
  assert_text (kpi_comparison_format_change (zero, 1), "+5.0 pp");
}
END_TEST

START_TEST (test_band_edges)
{
  g_autoptr(KpiIndicator) sales = indicator ("sales", KPI_DIRECTION_HIGHER_IS_BETTER, "count", 0);
  static const struct { double actual, reference; KpiStatus status; double score; } cases[] = {
    /* 100 / 100 = 1.0: on track, score −0.5 + 0.1 / 0.1 = +0.5 */
    { 100, 100, KPI_STATUS_ON_TRACK, 0.5 },
    /* 90 / 100 = 0.9 (exact in binary: the same double as 0.9): at risk,
     * score −0.5 */
    { 90, 100, KPI_STATUS_AT_RISK, -0.5 },
    /* 0.09 / 0.1 is 0.8999999999999999, one ulp below 0.9: the 1e-12
     * relative tolerance keeps it at risk */
    { 0.09, 0.1, KPI_STATUS_AT_RISK, -0.5 },
    /* 89.99 / 100 = 0.8999: off track, score −0.5 − 0.0001 / 0.1 = −0.501 */
    { 89.99, 100, KPI_STATUS_OFF_TRACK, -0.501 },
    /* 95 / 100 = 0.95: half way: score 0 */
    { 95, 100, KPI_STATUS_AT_RISK, 0.0 },
    /* 99.99 / 100: just below on track, score −0.5 + 0.0999 / 0.1 = 0.499 */
    { 99.99, 100, KPI_STATUS_AT_RISK, 0.499 },
    /* 80 / 100: −0.5 − 1 = −1.5 → −1 */
    { 80, 100, KPI_STATUS_OFF_TRACK, -1.0 },
    /* 105 / 100: −0.5 + 0.15 / 0.1 = 1.0 */
    { 105, 100, KPI_STATUS_ON_TRACK, 1.0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KpiComparison) c = compare (sales, cases[i].actual, cases[i].reference, -1);

      ck_assert_msg (kpi_comparison_get_status (c) == cases[i].status,
                     "%g / %g: %s", cases[i].actual, cases[i].reference,
                     kpi_status_to_string (kpi_comparison_get_status (c)));
      kpi_test_assert_close_rel (kpi_comparison_get_score (c), cases[i].score, 1e-9);
    }
}
END_TEST

START_TEST (test_custom_tolerance)
{
  g_autoptr(KpiIndicator) sales = indicator ("sales", KPI_DIRECTION_HIGHER_IS_BETTER, "count", 0);
  g_autoptr(KpiComparison) c95 = NULL;
  g_autoptr(KpiComparison) c80 = NULL;
  g_autoptr(KpiComparison) c79 = NULL;
  g_autoptr(KpiComparison) c90 = NULL;

  kpi_comparison_policy_set_thresholds (kpi_indicator_get_policy (sales), 0.95, 0.8, NULL);
  ck_assert (kpi_comparison_policy_get_on_track_threshold (kpi_indicator_get_policy (sales)) == 0.95);
  ck_assert (kpi_comparison_policy_get_at_risk_threshold (kpi_indicator_get_policy (sales)) == 0.8);
  /* 95 / 100 = 0.95: on track, +0.5 */
  c95 = compare (sales, 95, 100, -1);
  ck_assert_int_eq (kpi_comparison_get_status (c95), KPI_STATUS_ON_TRACK);
  kpi_test_assert_close_rel (kpi_comparison_get_score (c95), 0.5, 1e-9);
  /* 80 / 100 = 0.8: at risk, −0.5 */
  c80 = compare (sales, 80, 100, -1);
  ck_assert_int_eq (kpi_comparison_get_status (c80), KPI_STATUS_AT_RISK);
  kpi_test_assert_close_rel (kpi_comparison_get_score (c80), -0.5, 1e-9);
  /* 79 / 100: off track, −0.5 − 0.01 / 0.15 = −0.5667 */
  c79 = compare (sales, 79, 100, -1);
  ck_assert_int_eq (kpi_comparison_get_status (c79), KPI_STATUS_OFF_TRACK);
  kpi_test_assert_close_rel (kpi_comparison_get_score (c79), -0.5 - 0.01 / 0.15, 1e-9);
  /* 90 / 100: −0.5 + 0.1 / 0.15 = 0.1667 */
  c90 = compare (sales, 90, 100, -1);
  ck_assert_int_eq (kpi_comparison_get_status (c90), KPI_STATUS_AT_RISK);
  kpi_test_assert_close_rel (kpi_comparison_get_score (c90), -0.5 + 0.1 / 0.15, 1e-9);
}
END_TEST

START_TEST (test_within_band)
{
  g_autoptr(KpiIndicator) stock = indicator ("stock_days", KPI_DIRECTION_WITHIN_BAND, "days", 0);
  g_autoptr(KpiComparison) on = compare (stock, 30, 30, -1);
  g_autoptr(KpiComparison) edge = compare (stock, 33, 30, -1);
  g_autoptr(KpiComparison) low = compare (stock, 25, 30, -1);

  /* on the reference: 1 − 0 / 30 = 1: on track, nothing remains */
  ck_assert (kpi_comparison_get_attainment (on) == 1.0);
  ck_assert_int_eq (kpi_comparison_get_status (on), KPI_STATUS_ON_TRACK);
  assert_text (remaining (on, -1), "reached");
  /* 33 against 30: 1 − 3 / 30 = 0.9: at risk; |3| ≤ (1 − 0.9) × 30 = 3:
   * favourable; 3 days to move back to the on-track band (|3| − 0 × 30) */
  kpi_test_assert_close_rel (kpi_comparison_get_attainment (edge), 0.9, 1e-9);
  ck_assert_int_eq (kpi_comparison_get_status (edge), KPI_STATUS_AT_RISK);
  ck_assert (kpi_comparison_is_favourable (edge));
  ck_assert (kpi_comparison_get_remaining (edge) == 3);
  assert_text (remaining (edge, -1), "3 days to go");
  /* 25 against 30: 1 − 5 / 30 = 0.8333: off track, unfavourable */
  kpi_test_assert_close_rel (kpi_comparison_get_attainment (low), 1 - 5.0 / 30, 1e-9);
  ck_assert_int_eq (kpi_comparison_get_status (low), KPI_STATUS_OFF_TRACK);
  ck_assert (!kpi_comparison_is_favourable (low));
}
END_TEST

START_TEST (test_missing_values)
{
  g_autoptr(KpiIndicator) revenue = indicator ("revenue", KPI_DIRECTION_HIGHER_IS_BETTER, "EUR", 0);
  g_autoptr(KpiComparison) no_actual = compare (revenue, NAN, 100, -1);
  g_autoptr(KpiComparison) no_reference = compare (revenue, 100, NAN, -1);
  g_autoptr(KpiValue) v = value (100, KPI_VALUE_FLAG_NONE);
  g_autoptr(KpiComparison) null_reference = kpi_comparison_new (kpi_indicator_get_policy (revenue), v, NULL, KPI_BENCHMARK_KIND_BUDGET, NAN, NULL);
  g_autoptr(KpiComparison) nothing = kpi_comparison_new (kpi_indicator_get_policy (revenue), NULL, NULL, KPI_BENCHMARK_KIND_PEER, NAN, NULL);
  KpiComparison *all[] = { no_actual, no_reference, null_reference, nothing };

  ck_assert_int_eq (kpi_comparison_get_flags (no_actual), KPI_COMPARISON_FLAG_NO_ACTUAL);
  ck_assert_int_eq (kpi_comparison_get_flags (no_reference), KPI_COMPARISON_FLAG_NO_REFERENCE);
  ck_assert_int_eq (kpi_comparison_get_flags (null_reference), KPI_COMPARISON_FLAG_NO_REFERENCE);
  ck_assert_int_eq (kpi_comparison_get_flags (nothing),
                    KPI_COMPARISON_FLAG_NO_ACTUAL | KPI_COMPARISON_FLAG_NO_REFERENCE);
  /* a missing value is still a value */
  ck_assert (kpi_value_is_missing (kpi_comparison_get_reference (null_reference)));
  ck_assert (kpi_value_is_missing (kpi_comparison_get_actual (nothing)));
  for (gsize i = 0; i < G_N_ELEMENTS (all); i++)
    {
      ck_assert_int_eq (kpi_comparison_get_status (all[i]), KPI_STATUS_UNKNOWN);
      ck_assert (isnan (kpi_comparison_get_score (all[i])));
      ck_assert (isnan (kpi_comparison_get_delta (all[i])));
      ck_assert (isnan (kpi_comparison_get_relative_change (all[i])));
      ck_assert (isnan (kpi_comparison_get_attainment (all[i])));
      ck_assert (isnan (kpi_comparison_get_remaining (all[i])));
      ck_assert (!kpi_comparison_is_favourable (all[i]));
      assert_text (kpi_comparison_format_change (all[i], 1), "n/a");
      assert_text (kpi_comparison_format_remaining (all[i], "EUR", -1), "n/a");
    }
  /* a reference of 0 is still a zero base when the actual is missing */
  {
    g_autoptr(KpiComparison) c = compare (revenue, NAN, 0, -1);
    ck_assert_int_eq (kpi_comparison_get_flags (c),
                      KPI_COMPARISON_FLAG_NO_ACTUAL | KPI_COMPARISON_FLAG_ZERO_BASE);
    ck_assert_int_eq (kpi_comparison_get_status (c), KPI_STATUS_UNKNOWN);
  }
}
END_TEST

START_TEST (test_value_flags)
{
  g_autoptr(KpiIndicator) revenue = indicator ("revenue", KPI_DIRECTION_HIGHER_IS_BETTER, "EUR", 0);
  g_autoptr(KpiValue) partial = value (40000, KPI_VALUE_FLAG_PARTIAL_PERIOD);
  g_autoptr(KpiValue) low = value (38000, KPI_VALUE_FLAG_LOW_SAMPLE);
  g_autoptr(KpiValue) partial_low = value (38000, KPI_VALUE_FLAG_PARTIAL_PERIOD | KPI_VALUE_FLAG_LOW_SAMPLE);
  g_autoptr(KpiValue) plain = value (38000, KPI_VALUE_FLAG_NONE);
  g_autoptr(KpiComparison) c1 = kpi_comparison_new (kpi_indicator_get_policy (revenue), partial, low, KPI_BENCHMARK_KIND_PREVIOUS_PERIOD, NAN, NULL);
  g_autoptr(KpiComparison) c2 = kpi_comparison_new (kpi_indicator_get_policy (revenue), plain, partial_low, KPI_BENCHMARK_KIND_LAST_YEAR, NAN, NULL);
  g_autoptr(KpiComparison) c3 = kpi_comparison_new (kpi_indicator_get_policy (revenue), low, plain, KPI_BENCHMARK_KIND_LAST_YEAR, NAN, NULL);

  /* the actual's partial period, the reference's low sample */
  ck_assert_int_eq (kpi_comparison_get_flags (c1),
                    KPI_COMPARISON_FLAG_PARTIAL_PERIOD | KPI_COMPARISON_FLAG_LOW_SAMPLE);
  ck_assert_int_eq (kpi_comparison_get_kind (c1), KPI_BENCHMARK_KIND_PREVIOUS_PERIOD);
  /* only the actual's period makes the comparison partial */
  ck_assert_int_eq (kpi_comparison_get_flags (c2), KPI_COMPARISON_FLAG_LOW_SAMPLE);
  ck_assert_int_eq (kpi_comparison_get_flags (c3), KPI_COMPARISON_FLAG_LOW_SAMPLE);
  /* flags do not change the numbers: 40 000 / 38 000 − 1 = +5.3 % */
  assert_text (kpi_comparison_format_change (c1, 1), "+5.3 %");
}
END_TEST

START_TEST (test_format)
{
  g_autoptr(KpiIndicator) eur = indicator ("revenue", KPI_DIRECTION_HIGHER_IS_BETTER, "EUR", 2);
  g_autoptr(KpiIndicator) usd = indicator ("revenue_usd", KPI_DIRECTION_HIGHER_IS_BETTER, "USD", 0);
  g_autoptr(KpiIndicator) chf = indicator ("revenue_chf", KPI_DIRECTION_HIGHER_IS_BETTER, "CHF", 0);
  g_autoptr(KpiComparison) big = compare (eur, 1000, 1235567.891, -1);
  g_autoptr(KpiComparison) tiny = compare (eur, 100.0001, 100, -1);
  g_autoptr(KpiComparison) dollars = compare (usd, 600, 1600, -1);
  g_autoptr(KpiComparison) francs = compare (chf, 999, 1000, -1);

  /* 1 235 567.891 − 1 000 = 1 234 567.891 */
  assert_text (remaining (big, -1), "1 234 567.89 € to go");
  assert_text (remaining (big, 0), "1 234 568 € to go");
  /* (1 000 − 1 235 567.891) / 1 235 567.891 = −0.99919 */
  assert_text (kpi_comparison_format_change (big, 2), "\xe2\x88\x92" "99.92 %");
  /* +0.0001 %: rounds to zero, but is not 0: it keeps its sign */
  assert_text (kpi_comparison_format_change (tiny, 1), "+0.0 %");
  assert_text (kpi_comparison_format_change (tiny, 4), "+0.0001 %");
  assert_text (remaining (dollars, -1), "1 000 $ to go");
  assert_text (remaining (francs, -1), "1 CHF to go");
  assert_text (kpi_comparison_format_change (francs, -1), "\xe2\x88\x92" "0.1 %");
}
END_TEST

START_TEST (test_signed_zero)
{
  g_autoptr(KpiIndicator) budget = indicator ("revenue", KPI_DIRECTION_HIGHER_IS_BETTER, "EUR", 0);
  g_autoptr(KpiIndicator) conversion = indicator ("conversion", KPI_DIRECTION_HIGHER_IS_BETTER, "ratio", 3);
  g_autoptr(KpiIndicator) nps = indicator ("nps", KPI_DIRECTION_HIGHER_IS_BETTER, "score", 0);
  g_autoptr(KpiComparison) under = compare (budget, 475005, 475026, -1);
  g_autoptr(KpiComparison) over = compare (budget, 475047, 475026, -1);
  g_autoptr(KpiComparison) on = compare (budget, 475026, 475026, -1);
  g_autoptr(KpiComparison) pp_up = NULL, pp_down = NULL, pp_zero = NULL, pts_up = NULL, pts_down = NULL;

  /* −21 on 475 026: −0.0044 %, 0.0 at one decimal but not 0: "−0.0 %",
   * next to "at risk" (attainment 475 005 / 475 026 = 0.99996 < 1) */
  assert_text (kpi_comparison_format_change (under, 1), "\xe2\x88\x92" "0.0 %");
  ck_assert_int_eq (kpi_comparison_get_status (under), KPI_STATUS_AT_RISK);
  assert_text (kpi_comparison_format_change (under, 3), "\xe2\x88\x92" "0.004 %");
  assert_text (kpi_comparison_format_change (over, 1), "+0.0 %");
  assert_text (kpi_comparison_format_change (over, 0), "+0 %");
  /* only a change of exactly 0 has no sign */
  assert_text (kpi_comparison_format_change (on, 1), "0.0 %");

  kpi_comparison_policy_set_rate_scale (kpi_indicator_get_policy (conversion), KPI_RATE_SCALE_FRACTION);
  kpi_comparison_policy_set_rate_scale (kpi_indicator_get_policy (nps), KPI_RATE_SCALE_POINTS);
  /* 0.34 → 0.34001: +0.001 pp; → 0.33999: −0.001 pp */
  pp_up = compare (conversion, 0.34001, 0.34, -1);
  pp_down = compare (conversion, 0.33999, 0.34, -1);
  pp_zero = compare (conversion, 0.34, 0.34, -1);
  assert_text (kpi_comparison_format_change (pp_up, 1), "+0.0 pp");
  assert_text (kpi_comparison_format_change (pp_down, 1), "\xe2\x88\x92" "0.0 pp");
  assert_text (kpi_comparison_format_change (pp_zero, 1), "0.0 pp");
  /* an NPS of 30 → 30.01 / 29.99: ±0.01 points */
  pts_up = compare (nps, 30.01, 30, -1);
  pts_down = compare (nps, 29.99, 30, -1);
  assert_text (kpi_comparison_format_change (pts_up, 1), "+0.0 pts");
  assert_text (kpi_comparison_format_change (pts_down, 0), "\xe2\x88\x92" "0 pts");
}
END_TEST

START_TEST (test_remaining_units)
{
  g_autoptr(KpiIndicator) margin = indicator ("margin_pct", KPI_DIRECTION_HIGHER_IS_BETTER, "percent", 1);
  g_autoptr(KpiIndicator) margin_sign = indicator ("margin_sign", KPI_DIRECTION_HIGHER_IS_BETTER, "%", 0);
  g_autoptr(KpiIndicator) score = indicator ("satisfaction", KPI_DIRECTION_HIGHER_IS_BETTER, "score", 0);
  g_autoptr(KpiIndicator) points = indicator ("loyalty", KPI_DIRECTION_HIGHER_IS_BETTER, "points", 2);
  g_autoptr(KpiIndicator) rate = indicator ("margin_rate", KPI_DIRECTION_HIGHER_IS_BETTER, "percent", 1);
  g_autoptr(KpiComparison) c1 = compare (margin, 31, 34, -1);
  g_autoptr(KpiComparison) c2 = compare (margin_sign, 31, 34, -1);
  g_autoptr(KpiComparison) c3 = NULL;
  g_autoptr(KpiComparison) c4 = NULL;
  g_autoptr(KpiComparison) c5 = NULL;

  /* scores and points are said to be so by their rate scale */
  kpi_comparison_policy_set_rate_scale (kpi_indicator_get_policy (score), KPI_RATE_SCALE_POINTS);
  kpi_comparison_policy_set_rate_scale (kpi_indicator_get_policy (points), KPI_RATE_SCALE_POINTS);
  c3 = compare (score, 25, 30, -1);
  c4 = compare (points, 25, 30, -1);

  /* 34 % − 31 % is 3 percentage points, whether the indicator is a rate
   * or not ("3.0 % to go" would read as relative); the indicator's
   * decimals unless it is a rate (one) */
  assert_text (remaining (c1, -1), "3.0 pp to go");
  assert_text (remaining (c2, -1), "3 pp to go");
  /* scores and points move in points, as their changes do */
  assert_text (remaining (c3, -1), "5 pts to go");
  assert_text (remaining (c4, 2), "5.00 pts to go");
  kpi_comparison_policy_set_rate_scale (kpi_indicator_get_policy (rate), KPI_RATE_SCALE_PERCENT);
  c5 = compare (rate, 31, 34, -1);
  assert_text (remaining (c5, -1), "3.0 pp to go");
  /* a non-rate percent still changes in percent: (31 − 34) / 34 */
  assert_text (kpi_comparison_format_change (c1, 1), "\xe2\x88\x92" "8.8 %");
}
END_TEST

START_TEST (test_remaining_rounds_to_zero)
{
  g_autoptr(KpiIndicator) eur = indicator ("revenue", KPI_DIRECTION_HIGHER_IS_BETTER, "EUR", 2);
  g_autoptr(KpiIndicator) conversion = indicator ("conversion", KPI_DIRECTION_HIGHER_IS_BETTER, "ratio", 3);
  g_autoptr(KpiComparison) cents = compare (eur, 100, 100.001, -1);
  g_autoptr(KpiComparison) pp = NULL;

  /* 0.001 € to go: not reached, less than a cent */
  assert_text (remaining (cents, -1), "< 0.01 € to go");
  assert_text (remaining (cents, 0), "< 1 € to go");
  assert_text (remaining (cents, 3), "0.001 € to go");
  /* 0.000001 below 0.34: 0.0001 pp */
  kpi_comparison_policy_set_rate_scale (kpi_indicator_get_policy (conversion), KPI_RATE_SCALE_FRACTION);
  pp = compare (conversion, 0.339999, 0.34, -1);
  assert_text (remaining (pp, -1), "< 0.1 pp to go");
}
END_TEST

START_TEST (test_decimals)
{
  g_autoptr(KpiIndicator) eur = indicator ("revenue", KPI_DIRECTION_HIGHER_IS_BETTER, "EUR", 15);
  g_autoptr(KpiComparison) c = compare (eur, 1, 3, -1);

  /* (1 − 3) / 3 = −0.66666666666666663 as a double: any negative number
   * is the default (one decimal); more than 15 decimals print 15 */
  assert_text (kpi_comparison_format_change (c, -7), "\xe2\x88\x92" "66.7 %");
  assert_text (kpi_comparison_format_change (c, G_MAXINT), "\xe2\x88\x92" "66.666666666666663 %");
  assert_text (kpi_comparison_format_change (c, 15), "\xe2\x88\x92" "66.666666666666663 %");
  assert_text (remaining (c, G_MININT), "2.000000000000000 € to go");
  assert_text (remaining (c, 99), "2.000000000000000 € to go");
  assert_text (remaining (c, 0), "2 € to go");
}
END_TEST

START_TEST (test_extreme_magnitudes)
{
  g_autoptr(KpiIndicator) revenue = indicator ("revenue", KPI_DIRECTION_HIGHER_IS_BETTER, "EUR", 0);
  g_autoptr(KpiIndicator) cost = indicator ("cost", KPI_DIRECTION_LOWER_IS_BETTER, "EUR", 0);
  g_autoptr(KpiIndicator) band = indicator ("stock", KPI_DIRECTION_WITHIN_BAND, "days", 0);
  g_autoptr(KpiIndicator) conversion = indicator ("conversion", KPI_DIRECTION_HIGHER_IS_BETTER, "ratio", 3);
  g_autoptr(KpiComparison) opposite = compare (revenue, DBL_MAX, -1.7e308, -1);
  g_autoptr(KpiComparison) huge_up = compare (revenue, 1.7e308, 1, -1);
  g_autoptr(KpiComparison) huge_down = compare (revenue, -1.7e308, 1, -1);
  g_autoptr(KpiComparison) subnormal = compare (revenue, 1, DBL_TRUE_MIN, -1);
  g_autoptr(KpiComparison) subnormal_neg = compare (revenue, -1, DBL_TRUE_MIN, -1);
  g_autoptr(KpiComparison) cheap = compare (cost, DBL_TRUE_MIN, 1, -1);
  g_autoptr(KpiComparison) far = compare (band, 1, DBL_TRUE_MIN, -1);
  g_autoptr(KpiComparison) band_opposite = compare (band, DBL_MAX, -DBL_MAX, -1);
  g_autoptr(KpiComparison) rate_big = NULL, rate_over = NULL;
  g_autofree char *up = NULL, *down = NULL, *to_go = NULL;

  /* DBL_MAX against −1.7e308: a − r overflows, but (a − r) / |r| =
   * a / |r| + 1 = 1.0574665 + 1 = +205.75 %; the delta is missing, what
   * remains is 0 (reached) */
  ck_assert (isnan (kpi_comparison_get_delta (opposite)));
  kpi_test_assert_close_rel (kpi_comparison_get_relative_change (opposite), DBL_MAX / 1.7e308 + 1, 1e-9);
  assert_text (kpi_comparison_format_change (opposite, 2), "+205.75 %");
  ck_assert_int_eq (kpi_comparison_get_status (opposite), KPI_STATUS_ON_TRACK);
  assert_text (remaining (opposite, -1), "reached");

  /* 1.7e308 against 1: the relative change fits (1.7e308) but × 100 does
   * not: the percent is printed from its digits (311 of them) */
  up = kpi_comparison_format_change (huge_up, 1);
  down = kpi_comparison_format_change (huge_down, 1);
  ck_assert_msg (g_str_has_prefix (up, "+16 999 999 999 999 999 "), "%s", up);
  ck_assert_msg (g_str_has_suffix (up, "00.0 %"), "%s", up);
  ck_assert_msg (g_str_has_prefix (down, "\xe2\x88\x92" "16 999 999 999 999 999 "), "%s", down);
  ck_assert (strstr (up, "inf") == NULL && strstr (down, "inf") == NULL);

  /* 1 against the smallest subnormal: 1 / 4.9e−324 overflows: no number,
   * but infinitely beyond the on-track edge: on track, score +1 (not the
   * +0.5 of an undefined attainment); −1 against it: off track, −1 */
  ck_assert (isnan (kpi_comparison_get_attainment (subnormal)));
  ck_assert (isnan (kpi_comparison_get_relative_change (subnormal)));
  ck_assert_int_eq (kpi_comparison_get_status (subnormal), KPI_STATUS_ON_TRACK);
  ck_assert (kpi_comparison_get_score (subnormal) == 1.0);
  assert_text (kpi_comparison_format_change (subnormal, 1), "n/a");
  ck_assert_int_eq (kpi_comparison_get_status (subnormal_neg), KPI_STATUS_OFF_TRACK);
  ck_assert (kpi_comparison_get_score (subnormal_neg) == -1.0);
  /* lower is better: 1 / 4.9e−324 overflows the same way */
  ck_assert (isnan (kpi_comparison_get_attainment (cheap)));
  ck_assert_int_eq (kpi_comparison_get_status (cheap), KPI_STATUS_ON_TRACK);
  ck_assert (kpi_comparison_get_score (cheap) == 1.0);
  /* within a band, 1 − |1| / 4.9e−324 = −∞: off track, −1 */
  ck_assert_int_eq (kpi_comparison_get_status (far), KPI_STATUS_OFF_TRACK);
  ck_assert (kpi_comparison_get_score (far) == -1.0);
  /* within a band, DBL_MAX against −DBL_MAX: |a − r| / |r| = 2 computed
   * without a − r: attainment 1 − 2 = −1, unfavourable, off track */
  kpi_test_assert_close_rel (kpi_comparison_get_attainment (band_opposite), -1.0, 1e-9);
  ck_assert (!kpi_comparison_is_favourable (band_opposite));
  ck_assert_int_eq (kpi_comparison_get_status (band_opposite), KPI_STATUS_OFF_TRACK);
  assert_text (remaining (band_opposite, -1), "n/a");

  /* a rate with 1e307 to go (9.99999999999999986e306 as a double): 1e309
   * points does not fit a double, but prints, digit for digit; a − r
   * overflowing for a rate: no change in points */
  kpi_comparison_policy_set_rate_scale (kpi_indicator_get_policy (conversion), KPI_RATE_SCALE_FRACTION);
  rate_big = compare (conversion, 0, 1e307, -1);
  to_go = remaining (rate_big, 0);
  ck_assert_msg (g_str_has_prefix (to_go, "999 999 999 999 999 986 ") && g_str_has_suffix (to_go, " pp to go"), "%s", to_go);
  ck_assert (isnan (kpi_comparison_get_point_change (rate_big)));
  ck_assert (kpi_comparison_get_delta (rate_big) == -1e307);
  rate_over = compare (conversion, -DBL_MAX, DBL_MAX, -1);
  assert_text (kpi_comparison_format_change (rate_over, 1), "n/a");
  assert_text (remaining (rate_over, 1), "n/a");
}
END_TEST

/* What must hold for any comparison, whatever its numbers */
static void
check_properties (KpiComparison *c,
                  int            decimals)
{
  g_autofree char *change = kpi_comparison_format_change (c, decimals);
  g_autofree char *to_go = remaining (c, decimals);
  g_autofree char *change_lower = g_ascii_strdown (change, -1);
  g_autofree char *remaining_lower = g_ascii_strdown (to_go, -1);
  double score = kpi_comparison_get_score (c);
  const double numbers[] = {
    kpi_comparison_get_delta (c), kpi_comparison_get_relative_change (c),
    kpi_comparison_get_point_change (c), kpi_comparison_get_attainment (c),
    kpi_comparison_get_remaining (c),
  };

  ck_assert (g_utf8_validate (change, -1, NULL) && g_utf8_validate (to_go, -1, NULL));
  ck_assert_msg (strstr (change_lower, "inf") == NULL && strstr (change_lower, "nan") == NULL, "%s", change);
  ck_assert_msg (strstr (remaining_lower, "inf") == NULL && strstr (remaining_lower, "nan") == NULL,
                 "%s", to_go);
  /* a text that is not "n/a" has digits */
  ck_assert_msg (g_str_has_prefix (change, "n/a") || strpbrk (change, "0123456789") != NULL, "%s", change);
  for (gsize k = 0; k < G_N_ELEMENTS (numbers); k++)
    ck_assert_msg (!isinf (numbers[k]), "number %" G_GSIZE_FORMAT " is infinite", k);
  if (!isnan (kpi_comparison_get_remaining (c)))
    ck_assert (kpi_comparison_get_remaining (c) >= 0);
  /* a score is in −1..1, or NaN exactly when the status is unknown */
  if (kpi_comparison_get_status (c) == KPI_STATUS_UNKNOWN)
    ck_assert (isnan (score));
  else
    ck_assert_msg (score >= -1 && score <= 1, "score %g", score);
}

START_TEST (test_extreme_properties)
{
  static const double numbers[] = {
    NAN, 0, -0.0, DBL_TRUE_MIN, -DBL_TRUE_MIN, DBL_MIN, -DBL_MIN, 1e-300, -1e-300,
    5, -5, 1e300, -1e300, 1.7e308, -1.7e308, DBL_MAX, -DBL_MAX, DBL_MAX / 2,
  };
  static const KpiDirection directions[] = {
    KPI_DIRECTION_HIGHER_IS_BETTER, KPI_DIRECTION_LOWER_IS_BETTER, KPI_DIRECTION_WITHIN_BAND,
  };
  static const char *units[] = { "EUR", "ratio", "percent", "score", "days" };
  static const int decimals[] = { -1, 0, 2, 15, 1000 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (8);

  for (gsize d = 0; d < G_N_ELEMENTS (directions); d++)
    for (gsize u = 0; u < G_N_ELEMENTS (units); u++)
      for (int rate = 0; rate <= 1; rate++)
        {
          g_autoptr(KpiIndicator) ind = indicator ("x", directions[d], units[u], 2);

          kpi_comparison_policy_set_rate_scale (kpi_indicator_get_policy (ind),
                                                rate ? KPI_RATE_SCALE_FRACTION : KPI_RATE_SCALE_NONE);
          for (gsize i = 0; i < G_N_ELEMENTS (numbers); i++)
            for (gsize j = 0; j < G_N_ELEMENTS (numbers); j++)
              {
                g_autoptr(KpiComparison) c = compare (ind, numbers[i], numbers[j], -1);

                check_properties (c, decimals[(i + j) % G_N_ELEMENTS (decimals)]);
              }
          /* and random pairs: any sign, any exponent */
          for (int k = 0; k < 200; k++)
            {
              double a = ldexp (g_rand_double (rand), g_rand_int_range (rand, -1074, 1025));
              double r = ldexp (g_rand_double (rand), g_rand_int_range (rand, -1074, 1025));
              g_autoptr(KpiComparison) c = NULL;

              a = g_rand_boolean (rand) ? -a : a;
              r = g_rand_boolean (rand) ? -r : r;
              c = compare (ind, a, r, -1);
              check_properties (c, g_rand_int_range (rand, -2, 20));
            }
        }
}
END_TEST

START_TEST (test_never_inf_or_nan)
{
  static const double numbers[] = { NAN, 0, -0.0, 1e-300, -1e-300, 5, -5, 1e300, -1e300 };
  static const KpiDirection directions[] = {
    KPI_DIRECTION_HIGHER_IS_BETTER, KPI_DIRECTION_LOWER_IS_BETTER, KPI_DIRECTION_WITHIN_BAND,
  };

  for (gsize d = 0; d < G_N_ELEMENTS (directions); d++)
    for (int rate = 0; rate <= 1; rate++)
      {
        g_autoptr(KpiIndicator) ind = indicator ("x", directions[d], "EUR", 2);

        kpi_comparison_policy_set_rate_scale (kpi_indicator_get_policy (ind),
                                              rate ? KPI_RATE_SCALE_FRACTION : KPI_RATE_SCALE_NONE);
        for (gsize i = 0; i < G_N_ELEMENTS (numbers); i++)
          for (gsize j = 0; j < G_N_ELEMENTS (numbers); j++)
            {
              g_autoptr(KpiComparison) c = compare (ind, numbers[i], numbers[j], -1);
              g_autofree char *change = kpi_comparison_format_change (c, 1);
              g_autofree char *to_go = remaining (c, -1);
              double score = kpi_comparison_get_score (c);

              ck_assert_msg (strstr (change, "inf") == NULL && strstr (change, "nan") == NULL, "%s", change);
              ck_assert_msg (strstr (to_go, "inf") == NULL && strstr (to_go, "nan") == NULL, "%s", to_go);
              ck_assert (!isinf (kpi_comparison_get_relative_change (c)));
              ck_assert (!isinf (kpi_comparison_get_attainment (c)));
              /* a score is in −1..1, or NaN exactly when the status is unknown */
              if (kpi_comparison_get_status (c) == KPI_STATUS_UNKNOWN)
                ck_assert (isnan (score));
              else
                ck_assert (score >= -1 && score <= 1);
            }
      }
}
END_TEST

START_TEST (test_indicator_snapshot)
{
  g_autoptr(KpiIndicator) sales = indicator ("sales", KPI_DIRECTION_HIGHER_IS_BETTER, "count", 0);
  g_autoptr(KpiComparison) c = compare (sales, 92, 100, -1);

  /* the settings are read when the comparison is made */
  kpi_comparison_policy_set_direction (kpi_indicator_get_policy (sales), KPI_DIRECTION_LOWER_IS_BETTER);
  kpi_comparison_policy_set_thresholds (kpi_indicator_get_policy (sales), 0.9, 0.5, NULL);
  kpi_comparison_policy_set_rate_scale (kpi_indicator_get_policy (sales), KPI_RATE_SCALE_FRACTION);
  ck_assert_int_eq (kpi_comparison_get_direction (c), KPI_DIRECTION_HIGHER_IS_BETTER);
  ck_assert_int_eq (kpi_comparison_get_status (c), KPI_STATUS_AT_RISK);
  ck_assert (isnan (kpi_comparison_get_point_change (c)));
}
END_TEST

START_TEST (test_refcount_and_types)
{
  g_autoptr(KpiIndicator) sales = indicator ("sales", KPI_DIRECTION_HIGHER_IS_BETTER, "count", 0);
  KpiComparison *c = compare (sales, 1, 2, -1);
  KpiComparison *copy;

  ck_assert (G_TYPE_IS_BOXED (KPI_TYPE_COMPARISON));
  copy = g_boxed_copy (KPI_TYPE_COMPARISON, c);
  ck_assert_ptr_eq (copy, c);
  g_boxed_free (KPI_TYPE_COMPARISON, copy);
  ck_assert_ptr_eq (kpi_comparison_ref (c), c);
  kpi_comparison_unref (c);
  kpi_comparison_unref (c);

  ck_assert_str_eq (kpi_status_to_string (KPI_STATUS_ON_TRACK), "on track");
  ck_assert_str_eq (kpi_status_to_string (KPI_STATUS_AT_RISK), "at risk");
  ck_assert_str_eq (kpi_status_to_string (KPI_STATUS_OFF_TRACK), "off track");
  ck_assert_str_eq (kpi_status_to_string (KPI_STATUS_UNKNOWN), "unknown");
  {
    GFlagsClass *flags = g_type_class_ref (KPI_TYPE_COMPARISON_FLAGS);
    GEnumClass *status = g_type_class_ref (KPI_TYPE_STATUS);
    GEnumClass *kind = g_type_class_ref (KPI_TYPE_BENCHMARK_KIND);

    ck_assert_ptr_nonnull (g_flags_get_value_by_nick (flags, "zero-base"));
    ck_assert_ptr_nonnull (g_flags_get_value_by_nick (flags, "partial-period"));
    ck_assert_ptr_nonnull (g_enum_get_value_by_nick (status, "off-track"));
    ck_assert_ptr_nonnull (g_enum_get_value_by_nick (kind, "last-year"));
    g_type_class_unref (flags);
    g_type_class_unref (status);
    g_type_class_unref (kind);
  }
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "higher-is-better", test_higher_is_better },
    { "above-target", test_above_target },
    { "zero-base", test_zero_base },
    { "negative-base", test_negative_base },
    { "small-base-explicit", test_small_base_explicit },
    { "small-base-indicator", test_small_base_indicator },
    { "lower-is-better", test_lower_is_better },
    { "lower-is-better-zero-actual", test_lower_is_better_zero_actual },
    { "rate-points", test_rate_points },
    { "band-edges", test_band_edges },
    { "custom-tolerance", test_custom_tolerance },
    { "within-band", test_within_band },
    { "missing-values", test_missing_values },
    { "value-flags", test_value_flags },
    { "format", test_format },
    { "never-inf-or-nan", test_never_inf_or_nan },
    { "signed-zero", test_signed_zero },
    { "remaining-units", test_remaining_units },
    { "remaining-rounds-to-zero", test_remaining_rounds_to_zero },
    { "decimals", test_decimals },
    { "extreme-magnitudes", test_extreme_magnitudes },
    { "extreme-properties", test_extreme_properties },
    { "indicator-snapshot", test_indicator_snapshot },
    { "refcount-and-types", test_refcount_and_types },
  };

  return kpi_test_run ("comparison", cases, G_N_ELEMENTS (cases), 0);
}
