/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of KpiTrend: Theil–Sen slope, Mann–Kendall test (exact and normal
 * approximation, ties), robust stagnation (drift and MAD spread), missing
 * values, false positives on noise, parameters out of range. */

#include <math.h>
#include <string.h>
#include <check.h>
#include "kpi-test.h"
#include <libkpi/kpi.h>

/* The trend of a series with parameters that are in range: no error. */
static KpiTrend *
analyze (const double *values,
         gsize         n_values,
         double        significance,
         double        tolerance)
{
  g_autoptr(GError) error = NULL;
  KpiTrend *trend = kpi_trend_analyze (values, n_values, significance, tolerance, &error);

  ck_assert_msg (error == NULL, "%s", error->message);
  ck_assert_ptr_nonnull (trend);
  return trend;
}

START_TEST (test_worked_out_exact)
{
  /* y = 10, 12, 11, 14, 13 at x = 0..4.
   * S over the 10 pairs: from 10: +4; from 12: −1 +1 +1 = +1;
   * from 11: +2; from 14: −1. S = 6.
   * Exact p (n = 5, no ties): S = 10 − 2k for a permutation with k
   * inversions; the Mahonian numbers for n = 5 are
   * 1 4 9 15 20 22 20 15 9 4 1 (k = 0..10, sum 120). |S| >= 6 means
   * k <= 2 or k >= 8: (1 + 4 + 9) × 2 = 28, p = 28/120 = 0.2333...
   * Var(S) = 5·4·15/18 = 16.667; z = (6 − 1)/√16.667 = 1.224745.
   * tau = 6/10 = 0.6.
   * Pairwise slopes: 2, 0.5, 4/3, 0.75, −1, 1, 1/3, 3, 1, −1; sorted
   * −1 −1 1/3 0.5 0.75 | 1 1 4/3 2 3: median (0.75 + 1)/2 = 0.875.
   * Intercept: median of y − 0.875x = 10, 11.125, 9.25, 11.375, 9.5: 10.
   * Not significant. Median 12, |y − 12| sorted 0 1 1 2 2, upper quartile
   * (position 0.75 × 4 = 3) 2: spread 2 / 12 = 0.1667; drift 0.875 × 4
   * periods / 12 = 0.2917; both above 0.05: fluctuating. */
  const double y[] = { 10, 12, 11, 14, 13 };
  g_autoptr(KpiTrend) t = analyze (y, G_N_ELEMENTS (y), NAN, NAN);

  kpi_test_assert_close (kpi_trend_get_mann_kendall_statistic (t), 6, 0);
  ck_assert (kpi_trend_is_p_value_exact (t));
  kpi_test_assert_close (kpi_trend_get_p_value (t), 28.0 / 120.0, 1e-12);
  kpi_test_assert_close (kpi_trend_get_mann_kendall_variance (t), 300.0 / 18.0, 1e-12);
  kpi_test_assert_close (kpi_trend_get_z_score (t), 5.0 / sqrt (300.0 / 18.0), 1e-12);
  kpi_test_assert_close (kpi_trend_get_kendall_tau (t), 0.6, 1e-12);
  kpi_test_assert_close (kpi_trend_get_slope (t), 0.875, 1e-12);
  kpi_test_assert_close (kpi_trend_get_intercept (t), 10, 1e-12);
  kpi_test_assert_close (kpi_trend_get_spread (t), 2.0 / 12.0, 1e-12);
  kpi_test_assert_close (kpi_trend_get_drift (t), 0.875 * 4 / 12.0, 1e-12);
  ck_assert_uint_eq (kpi_trend_get_n_values (t), 5);
  ck_assert_int_eq (kpi_trend_get_direction (t), KPI_TREND_DIRECTION_FLUCTUATING);
}
END_TEST

START_TEST (test_exact_extremes)
{
  /* Strictly falling, n = 8: only the reversed order reaches S = −28, and
   * only the sorted one +28: p = 2/8! = 2/40320. */
  const double y[] = { 80, 71, 66, 60, 52, 47, 40, 33 };
  g_autoptr(KpiTrend) t = analyze (y, G_N_ELEMENTS (y), NAN, NAN);

  kpi_test_assert_close (kpi_trend_get_mann_kendall_statistic (t), -28, 0);
  kpi_test_assert_close (kpi_trend_get_p_value (t), 2.0 / 40320.0, 1e-15);
  kpi_test_assert_close (kpi_trend_get_kendall_tau (t), -1, 1e-12);
  ck_assert_int_eq (kpi_trend_get_direction (t), KPI_TREND_DIRECTION_FALLING);
  ck_assert_str_eq (kpi_trend_direction_to_string (kpi_trend_get_direction (t)), "falling");
}
END_TEST

START_TEST (test_linear_with_noise)
{
  /* y = 100 + 2.5 t + uniform noise in ±1 over 30 periods: Theil–Sen
   * finds the slope within a few hundredths, and the trend is certain. */
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  double y[30];
  g_autoptr(KpiTrend) t = NULL;

  for (int i = 0; i < 30; i++)
    y[i] = 100 + 2.5 * i + g_rand_double_range (rand, -1, 1);
  t = analyze (y, 30, NAN, NAN);

  ck_assert (!kpi_trend_is_p_value_exact (t));
  kpi_test_assert_close (kpi_trend_get_slope (t), 2.5, 0.1);
  kpi_test_assert_close (kpi_trend_get_intercept (t), 100, 1.5);
  ck_assert (kpi_trend_get_p_value (t) < 1e-9);
  ck_assert (kpi_trend_get_kendall_tau (t) > 0.9);
  ck_assert_int_eq (kpi_trend_get_direction (t), KPI_TREND_DIRECTION_RISING);
  ck_assert_str_eq (kpi_trend_direction_to_string (KPI_TREND_DIRECTION_RISING), "rising");
}
END_TEST

START_TEST (test_noise_false_positives)
{
  /* Pure noise, 200 seeds, 24 periods (normal approximation) and 8
   * periods (exact test): at the 5 % level the false positive rate stays
   * at or below 8 %, that is 16 of 200 (the expected count is 10; an
   * approximation without continuity correction or a one-sided p-value
   * doubled wrongly would go beyond). */
  guint positives_24 = 0, positives_8 = 0;

  for (guint32 seed = 1; seed <= 200; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      double y[24];
      g_autoptr(KpiTrend) long_ = NULL;
      g_autoptr(KpiTrend) short_ = NULL;

      for (int i = 0; i < 24; i++)
        y[i] = 50 + g_rand_double_range (rand, -5, 5);
      long_ = analyze (y, 24, 0.05, 0);
      short_ = analyze (y, 8, 0.05, 0);
      if (kpi_trend_get_direction (long_) == KPI_TREND_DIRECTION_RISING ||
          kpi_trend_get_direction (long_) == KPI_TREND_DIRECTION_FALLING)
        positives_24++;
      if (kpi_trend_get_direction (short_) == KPI_TREND_DIRECTION_RISING ||
          kpi_trend_get_direction (short_) == KPI_TREND_DIRECTION_FALLING)
        positives_8++;
    }
  ck_assert_msg (positives_24 <= 16, "%u false trends in 200 (24 periods)", positives_24);
  ck_assert_msg (positives_8 <= 16, "%u false trends in 200 (8 periods)", positives_8);
}
END_TEST

START_TEST (test_stagnating_basket)
{
  /* The average basket over six months, within ±1 % of 52: S = −1, and
   * with n = 6 (S odd) every permutation has |S| >= 1, so p = 1.
   * Median 52.15; |y − m| sorted .05 .05 .15 .15 .25 .25, upper quartile
   * at the position 0.75 × 5 = 3.75: .15 + .75 × .10 = .225: spread
   * .225 / 52.15 = 0.00431. The 15 pairwise slopes sorted:
   * −.5 −.3 −.1333 −.1 −.05 −.05 −.05 [−.025] .02 .05 .0667 .1 .2 .3 .4,
   * median −0.025 (52.00 − 52.10 over 4): drift 0.025 × 5 / 52.15 =
   * 0.0024. Both <= 0.05: stagnating. */
  const double basket[] = { 52.10, 52.40, 51.90, 52.30, 52.00, 52.20 };
  g_autoptr(KpiTrend) t = analyze (basket, 6, NAN, NAN);
  g_autoptr(KpiTrend) strict = analyze (basket, 6, NAN, 0.004);

  kpi_test_assert_close (kpi_trend_get_mann_kendall_statistic (t), -1, 0);
  kpi_test_assert_close (kpi_trend_get_p_value (t), 1, 1e-12);
  kpi_test_assert_close (kpi_trend_get_slope (t), -0.025, 1e-12);
  kpi_test_assert_close (kpi_trend_get_spread (t), 0.225 / 52.15, 1e-12);
  kpi_test_assert_close (kpi_trend_get_drift (t), 0.025 * 5 / 52.15, 1e-12);
  kpi_test_assert_close (kpi_trend_get_significance (t), 0.05, 0);
  kpi_test_assert_close (kpi_trend_get_stagnation_tolerance (t), 0.05, 0);
  ck_assert_int_eq (kpi_trend_get_direction (t), KPI_TREND_DIRECTION_STAGNATING);
  ck_assert_str_eq (kpi_trend_direction_to_string (KPI_TREND_DIRECTION_STAGNATING), "stagnating");
  /* A tolerance of 0.4 %: the spread, 0.43 %, is above it: fluctuating. */
  ck_assert_int_eq (kpi_trend_get_direction (strict), KPI_TREND_DIRECTION_FLUCTUATING);
  ck_assert_str_eq (kpi_trend_direction_to_string (KPI_TREND_DIRECTION_FLUCTUATING), "fluctuating");
}
END_TEST

START_TEST (test_zero_median)
{
  /* Median 0: drift and spread are absolute; only a series where both are
   * 0 stagnates. Around 0: |y − 0| sorted 0 0 1 1 1 1, spread 1. */
  const double zeros[] = { 0, 0, 0, 0, 0 };
  const double around[] = { -1, 1, 0, -1, 1, 0 };
  g_autoptr(KpiTrend) flat = analyze (zeros, 5, NAN, NAN);
  g_autoptr(KpiTrend) moving = analyze (around, 6, NAN, NAN);

  kpi_test_assert_close (kpi_trend_get_mann_kendall_statistic (flat), 0, 0);
  kpi_test_assert_close (kpi_trend_get_p_value (flat), 1, 0);
  kpi_test_assert_close (kpi_trend_get_slope (flat), 0, 0);
  ck_assert_int_eq (kpi_trend_get_direction (flat), KPI_TREND_DIRECTION_STAGNATING);
  kpi_test_assert_close (kpi_trend_get_spread (moving), 1, 1e-12);
  ck_assert_int_eq (kpi_trend_get_direction (moving), KPI_TREND_DIRECTION_FLUCTUATING);
}
END_TEST

START_TEST (test_ties)
{
  /* y = 4, 5, 5, 6, 6, 6: S = 5 (from 4) + 3 + 3 (from each 5) = 11.
   * Ties: a group of two 5s and one of three 6s, so the exact table does
   * not apply; Var(S) = [6·5·17 − 2·1·9 − 3·2·11]/18 = (510 − 18 − 66)/18
   * = 426/18 = 23.667; z = (11 − 1)/√23.667 = 2.055566;
   * p = erfc(z/√2) = 0.039824. tau-b = 11/√(15 × (15 − 1 − 3)) = 0.856349. */
  const double y[] = { 4, 5, 5, 6, 6, 6 };
  g_autoptr(KpiTrend) t = analyze (y, 6, NAN, NAN);

  kpi_test_assert_close (kpi_trend_get_mann_kendall_statistic (t), 11, 0);
  ck_assert (!kpi_trend_is_p_value_exact (t));
  kpi_test_assert_close (kpi_trend_get_mann_kendall_variance (t), 426.0 / 18.0, 1e-12);
  kpi_test_assert_close (kpi_trend_get_z_score (t), 2.055566129482595, 1e-12);
  kpi_test_assert_close (kpi_trend_get_p_value (t), 0.039824355364810736, 1e-12);
  kpi_test_assert_close (kpi_trend_get_kendall_tau (t), 0.8563488385776753, 1e-12);
  ck_assert_int_eq (kpi_trend_get_direction (t), KPI_TREND_DIRECTION_RISING);
}
END_TEST

START_TEST (test_missing_values)
{
  /* Missing values (an infinity counts as one) keep the positions of the
   * others: y = x + 1 at x = 0, 2, 3, 5, 6, so the slope is 1 per period
   * (not 1.5 per value) and the intercept 1. S = 10 of 10 pairs: exact
   * p = 2/5! = 1/60. The drift spans the 6 periods from the first value
   * to the last: 1 × 6 / median 4 = 1.5. */
  const double y[] = { 1, NAN, 3, 4, INFINITY, 6, 7 };
  g_autoptr(KpiTrend) t = analyze (y, G_N_ELEMENTS (y), NAN, NAN);

  ck_assert_uint_eq (kpi_trend_get_n_values (t), 5);
  kpi_test_assert_close (kpi_trend_get_slope (t), 1, 1e-12);
  kpi_test_assert_close (kpi_trend_get_intercept (t), 1, 1e-12);
  kpi_test_assert_close (kpi_trend_get_drift (t), 1.5, 1e-12);
  kpi_test_assert_close (kpi_trend_get_mann_kendall_statistic (t), 10, 0);
  kpi_test_assert_close (kpi_trend_get_p_value (t), 1.0 / 60.0, 1e-12);
  ck_assert_int_eq (kpi_trend_get_direction (t), KPI_TREND_DIRECTION_RISING);
}
END_TEST

START_TEST (test_too_few)
{
  /* Fewer than 4 values that are not missing: unknown, but the slope of
   * what there is is still there. */
  const double three[] = { 1, 2, NAN, 3 };
  const double none[] = { NAN, NAN };
  g_autoptr(KpiTrend) t = analyze (three, 4, NAN, NAN);
  g_autoptr(KpiTrend) empty = analyze (none, 2, NAN, NAN);
  g_autoptr(KpiTrend) null = analyze (NULL, 0, NAN, NAN);

  ck_assert_int_eq (kpi_trend_get_direction (t), KPI_TREND_DIRECTION_UNKNOWN);
  ck_assert_uint_eq (kpi_trend_get_n_values (t), 3);
  /* pairs (0,1) 1, (0,3) 2/3, (1,3) 1/2: median 2/3 */
  kpi_test_assert_close (kpi_trend_get_slope (t), 2.0 / 3.0, 1e-12);
  ck_assert_int_eq (kpi_trend_get_direction (empty), KPI_TREND_DIRECTION_UNKNOWN);
  ck_assert_uint_eq (kpi_trend_get_n_values (empty), 0);
  ck_assert (isnan (kpi_trend_get_slope (empty)));
  ck_assert (isnan (kpi_trend_get_p_value (empty)));
  ck_assert (isnan (kpi_trend_get_spread (empty)));
  ck_assert (isnan (kpi_trend_get_drift (empty)));
  /* every statistic of the test is NaN, not 0, when it was not computed */
  ck_assert (isnan (kpi_trend_get_mann_kendall_statistic (empty)));
  ck_assert (isnan (kpi_trend_get_mann_kendall_variance (empty)));
  ck_assert (isnan (kpi_trend_get_z_score (empty)));
  ck_assert (isnan (kpi_trend_get_kendall_tau (empty)));
  ck_assert (isnan (kpi_trend_get_mann_kendall_statistic (null)));
  ck_assert_int_eq (kpi_trend_get_direction (null), KPI_TREND_DIRECTION_UNKNOWN);
  ck_assert_str_eq (kpi_trend_direction_to_string (KPI_TREND_DIRECTION_UNKNOWN), "unknown");
}
END_TEST

/* KPI_TREND_MIN_VALUES is the threshold itself: a constant series (which
 * stagnates once there are enough values) of one value fewer is unknown,
 * of exactly that many it stagnates, however many values are missing
 * around them. */
START_TEST (test_min_values)
{
  double y[2 * KPI_TREND_MIN_VALUES];
  gsize n = 0;

  ck_assert_int_eq (KPI_TREND_MIN_VALUES, 4);
  for (guint i = 0; i + 1 < KPI_TREND_MIN_VALUES; i++)
    {
      y[n++] = 7;
      y[n++] = NAN;
    }
  {
    g_autoptr(KpiTrend) fewer = analyze (y, n, NAN, NAN);

    ck_assert_uint_eq (kpi_trend_get_n_values (fewer), KPI_TREND_MIN_VALUES - 1);
    ck_assert_int_eq (kpi_trend_get_direction (fewer), KPI_TREND_DIRECTION_UNKNOWN);
  }
  y[n++] = 7;
  {
    g_autoptr(KpiTrend) enough = analyze (y, n, NAN, NAN);

    ck_assert_uint_eq (kpi_trend_get_n_values (enough), KPI_TREND_MIN_VALUES);
    ck_assert_int_eq (kpi_trend_get_direction (enough), KPI_TREND_DIRECTION_STAGNATING);
  }
}
END_TEST

START_TEST (test_values)
{
  /* From indicator values: a missing value is skipped like a NaN. */
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_value_unref);
  g_autoptr(KpiTrend) t = NULL;
  g_autoptr(KpiTrend) copy = NULL;
  const double y[] = { 10, 20, -1, 40, 50 };

  for (guint i = 0; i < G_N_ELEMENTS (y); i++)
    g_ptr_array_add (values, y[i] < 0 ? kpi_value_new_missing (NULL, 0, KPI_VALUE_FLAG_NO_DATA)
                                       : kpi_value_new (NULL, y[i], 1, KPI_VALUE_FLAG_NONE));
  t = kpi_trend_analyze_values (values, NAN, NAN, NULL);
  ck_assert_ptr_nonnull (t);
  ck_assert_uint_eq (kpi_trend_get_n_values (t), 4);
  kpi_test_assert_close (kpi_trend_get_slope (t), 10, 1e-12);
  /* S = 6 of 6 pairs: exact p = 2/4! */
  kpi_test_assert_close (kpi_trend_get_p_value (t), 2.0 / 24.0, 1e-12);
  ck_assert_int_eq (kpi_trend_get_direction (t), KPI_TREND_DIRECTION_FLUCTUATING);

  /* boxed and reference counted */
  copy = g_boxed_copy (KPI_TYPE_TREND, t);
  ck_assert_ptr_eq (copy, t);
  g_boxed_free (KPI_TYPE_TREND, kpi_trend_ref (t));
}
END_TEST

START_TEST (test_one_odd_month)
{
  /* An average basket flat within ±1.5 % but for one month at +19 % (the
   * sample's online spike of May 2025). S: from 100: +1 +1 −1 +1 +1 = 3;
   * from 101: +1 −1 −1 +1 = 0; from 119: −3; from 99: +2; from 100.5:
   * +1; S = 3.
   * Exact p for n = 6 (Mahonian numbers 1 5 14 29 49 71 90 101 101 90 71
   * 49 29 14 5 1): S = 15 − 2k = 3 at k = 6; |S| >= 3 for k <= 6 or k >=
   * 9: 2 × 259 / 720 = 0.7194. Not significant.
   * The range, 20 / 100.75 = 19.9 %, said "fluctuating". Robustly: median
   * 100.75, |y − m| sorted .25 .25 .75 .75 1.75 18.25, upper quartile .75
   * + .75 × 1 = 1.5, spread 1.5 / 100.75 = 1.49 % (the 18.25 does not
   * count); pairwise slopes sorted −20 −9.25 −5.83 −1
   * −.33 −.17 .125 [.125] .3 1 1 1.25 1.5 9.5 18, median 0.125, drift
   * 0.125 × 5 / 100.75 = 0.62 %: stagnating. */
  const double basket[] = { 100, 101, 119, 99, 100.5, 101.5 };
  g_autoptr(KpiTrend) t = analyze (basket, G_N_ELEMENTS (basket), NAN, NAN);

  kpi_test_assert_close (kpi_trend_get_mann_kendall_statistic (t), 3, 0);
  kpi_test_assert_close (kpi_trend_get_p_value (t), 518.0 / 720.0, 1e-12);
  kpi_test_assert_close (kpi_trend_get_slope (t), 0.125, 1e-12);
  kpi_test_assert_close (kpi_trend_get_spread (t), 1.5 / 100.75, 1e-12);
  kpi_test_assert_close (kpi_trend_get_drift (t), 0.125 * 5 / 100.75, 1e-12);
  ck_assert_int_eq (kpi_trend_get_direction (t), KPI_TREND_DIRECTION_STAGNATING);
}
END_TEST

START_TEST (test_rising_with_one_dip)
{
  /* +1.5 a month from 100, one month down at 94: S = 3 + 2 + 1 + 2 + 1 =
   * 9, exact p = 2 × (1 + 5 + 14 + 29) / 720 = 0.1361: not significant.
   * Median 102.25, |y − m| sorted .75 .75 2.25 3.75 5.25 8.25, upper
   * quartile 3.75 + .75 × 1.5 = 4.875, spread 4.875 / 102.25 = 4.77 %,
   * within 5 %: the spread alone would call it stagnating. But ten of the 15 pairwise slopes are 1.5 (the others
   * −9 −3.75 −2 6.75 12), so the slope is 1.5 and the drift 1.5 × 5 /
   * 102.25 = 7.33 % > 5 %: fluctuating, not stagnating. */
  const double y[] = { 100, 101.5, 103, 94, 106, 107.5 };
  g_autoptr(KpiTrend) t = analyze (y, G_N_ELEMENTS (y), NAN, NAN);
  g_autoptr(KpiTrend) loose = analyze (y, G_N_ELEMENTS (y), NAN, 0.08);

  kpi_test_assert_close (kpi_trend_get_mann_kendall_statistic (t), 9, 0);
  kpi_test_assert_close (kpi_trend_get_p_value (t), 98.0 / 720.0, 1e-12);
  kpi_test_assert_close (kpi_trend_get_slope (t), 1.5, 1e-12);
  kpi_test_assert_close (kpi_trend_get_spread (t), 4.875 / 102.25, 1e-12);
  kpi_test_assert_close (kpi_trend_get_drift (t), 7.5 / 102.25, 1e-12);
  ck_assert_int_eq (kpi_trend_get_direction (t), KPI_TREND_DIRECTION_FLUCTUATING);
  /* with a tolerance of 8 %, a drift of 7.33 % is stagnation */
  ck_assert_int_eq (kpi_trend_get_direction (loose), KPI_TREND_DIRECTION_STAGNATING);
}
END_TEST

START_TEST (test_pure_noise)
{
  /* 200 seeds of 12 periods. Uniform noise of ±20 % around 100: three
   * deviations in four are expected below 15 %, three times the
   * tolerance; a draw with nine months of twelve within ±5 % of the
   * median is rare, but happens (seed 13: once in 200). Noise of ±1 %
   * always stagnates when the test finds no trend (at most 16 false
   * trends in 200 at 5 %, as in noise-false-positives). */
  guint stagnating_wide = 0, fluctuating_narrow = 0, trends_narrow = 0;

  for (guint32 seed = 1; seed <= 200; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      double wide[12], narrow[12];
      g_autoptr(KpiTrend) w = NULL;
      g_autoptr(KpiTrend) n = NULL;
      KpiTrendDirection d;

      for (int i = 0; i < 12; i++)
        {
          wide[i] = 100 + g_rand_double_range (rand, -20, 20);
          narrow[i] = 100 + g_rand_double_range (rand, -1, 1);
        }
      w = analyze (wide, 12, NAN, NAN);
      n = analyze (narrow, 12, NAN, NAN);
      if (kpi_trend_get_direction (w) == KPI_TREND_DIRECTION_STAGNATING)
        stagnating_wide++;
      d = kpi_trend_get_direction (n);
      if (d == KPI_TREND_DIRECTION_FLUCTUATING)
        fluctuating_narrow++;
      else if (d != KPI_TREND_DIRECTION_STAGNATING)
        trends_narrow++;
    }
  ck_assert_msg (stagnating_wide <= 2, "%u noisy series stagnate", stagnating_wide);
  ck_assert_msg (fluctuating_narrow == 0, "%u flat series fluctuate", fluctuating_narrow);
  ck_assert_msg (trends_narrow <= 16, "%u false trends in 200", trends_narrow);
}
END_TEST

START_TEST (test_a_third_off)
{
  /* Four months of twelve about 20 % below the others is not one odd
   * month. Median 99.5; |y − m| sorted .5 .5 .5 .5 .5 .5 1.5 1.5 18.5
   * 19.5 19.5 20.5; the upper quartile at 0.75 × 11 = 8.25 is 18.5 + .25
   * = 18.75: spread 18.8 %, fluctuating. (The median of the deviations,
   * the MAD, is 1: scaled to a standard deviation, 1.4826 / 99.5 = 1.5 %,
   * it would have called this stagnating.) */
  const double y[] = { 100, 101, 80, 99, 100, 81, 101, 100, 79, 99, 100, 80 };
  g_autoptr(KpiTrend) t = analyze (y, G_N_ELEMENTS (y), NAN, NAN);

  kpi_test_assert_close (kpi_trend_get_spread (t), 18.75 / 99.5, 1e-12);
  ck_assert_int_eq (kpi_trend_get_direction (t), KPI_TREND_DIRECTION_FLUCTUATING);
}
END_TEST

START_TEST (test_constant)
{
  /* Every pair is tied: S = 0, Var(S) = [5·4·15 − 5·4·15] / 18 = 0, z = 0,
   * p = 1; tau-b = 0 / √(10 × (10 − 10)) is undefined: NaN (not 0).
   * Slope 0, deviations 0: drift and spread 0: stagnating. */
  const double y[] = { 7, 7, 7, 7, 7 };
  g_autoptr(KpiTrend) t = analyze (y, G_N_ELEMENTS (y), NAN, NAN);

  kpi_test_assert_close (kpi_trend_get_mann_kendall_statistic (t), 0, 0);
  ck_assert (kpi_trend_get_mann_kendall_variance (t) == 0);
  ck_assert (kpi_trend_get_z_score (t) == 0);
  ck_assert (kpi_trend_get_p_value (t) == 1);
  ck_assert (isnan (kpi_trend_get_kendall_tau (t)));
  ck_assert (kpi_trend_get_slope (t) == 0);
  ck_assert (kpi_trend_get_spread (t) == 0);
  ck_assert (kpi_trend_get_drift (t) == 0);
  ck_assert_int_eq (kpi_trend_get_direction (t), KPI_TREND_DIRECTION_STAGNATING);
}
END_TEST

START_TEST (test_very_short)
{
  /* Five values, one odd: S = 2 − 1 − 2 + 1 = 0 (exact p = 1). Median
   * 100.5, |y − m| sorted 0 .5 .5 1 29.5, upper quartile (position 3) 1:
   * spread 1 / 100.5 = 1.0 %; slopes sorted −30.5 −14.75 −.75 −1/6
   * [−1/6 .125] 1 1 15 29, median −0.0208, drift 0.0208 × 4 / 100.5 =
   * 0.08 %: stagnating. With four values the odd one is a quarter of the
   * series and counts: |y − m| sorted .5 .5 1 29.5, upper quartile at
   * 2.25: 1 + .25 × 28.5 = 8.125, spread 8.1 %: fluctuating. Three
   * values: unknown, with the measures (|y − m| sorted 0 .5 30, upper
   * quartile at 1.5: 15.25). */
  const double five[] = { 100, 101, 130, 99.5, 100.5 };
  const double three[] = { 100, 130, 99.5 };
  g_autoptr(KpiTrend) t5 = analyze (five, 5, NAN, NAN);
  g_autoptr(KpiTrend) t4 = analyze (five, 4, NAN, NAN);
  g_autoptr(KpiTrend) t3 = analyze (three, 3, NAN, NAN);

  kpi_test_assert_close (kpi_trend_get_mann_kendall_statistic (t5), 0, 0);
  kpi_test_assert_close (kpi_trend_get_spread (t5), 1 / 100.5, 1e-12);
  kpi_test_assert_close (kpi_trend_get_drift (t5), (1.0 / 6 - 0.125) / 2 * 4 / 100.5, 1e-12);
  ck_assert_int_eq (kpi_trend_get_direction (t5), KPI_TREND_DIRECTION_STAGNATING);
  kpi_test_assert_close (kpi_trend_get_spread (t4), 8.125 / 100.5, 1e-12);
  ck_assert_int_eq (kpi_trend_get_direction (t4), KPI_TREND_DIRECTION_FLUCTUATING);
  kpi_test_assert_close (kpi_trend_get_spread (t3), 15.25 / 100, 1e-12);
  ck_assert_int_eq (kpi_trend_get_direction (t3), KPI_TREND_DIRECTION_UNKNOWN);
}
END_TEST

START_TEST (test_parameters)
{
  /* What a user can type: a level strictly between 0 and 1, a tolerance
   * of at least 0 and finite; NaN, and only NaN, asks for the defaults
   * (a level of 0 is no level: an error, not the default). */
  const double y[] = { 1, 2, 3, 4, 5 };
  const double bad_levels[] = { 0, 2, 1, -0.05, INFINITY, -INFINITY };
  const double bad_tolerances[] = { -0.01, INFINITY, -INFINITY };
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_value_unref);

  for (gsize i = 0; i < G_N_ELEMENTS (bad_levels); i++)
    {
      g_autoptr(GError) error = NULL;
      KpiTrend *t = kpi_trend_analyze (y, 5, bad_levels[i], NAN, &error);

      ck_assert_ptr_null (t);
      ck_assert (g_error_matches (error, KPI_TREND_ERROR, KPI_TREND_ERROR_INVALID_PARAMETER));
      ck_assert_msg (strstr (error->message, "significance level") != NULL, "%s", error->message);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad_tolerances); i++)
    {
      g_autoptr(GError) error = NULL;
      KpiTrend *t = kpi_trend_analyze (y, 5, NAN, bad_tolerances[i], &error);

      ck_assert_ptr_null (t);
      ck_assert (g_error_matches (error, KPI_TREND_ERROR, KPI_TREND_ERROR_INVALID_PARAMETER));
      ck_assert_msg (strstr (error->message, "stagnation tolerance") != NULL, "%s", error->message);
    }
  {
    g_autoptr(GError) error = NULL;

    ck_assert_ptr_null (kpi_trend_analyze (y, 5, 2, NAN, &error));
    ck_assert_str_eq (error->message, "the significance level is 2; expected a number "
                      "strictly between 0 and 1 (or NaN for the default, 0.05)");
    g_clear_error (&error);
    ck_assert_ptr_null (kpi_trend_analyze (y, 5, NAN, -1, &error));
    ck_assert_str_eq (error->message, "the stagnation tolerance is -1; expected a finite "
                      "number of at least 0 (or NaN for the default, 0.05)");
  }
  /* the same checks from indicator values, with an empty series */
  {
    g_autoptr(GError) error = NULL;

    ck_assert_ptr_null (kpi_trend_analyze_values (values, 0.05, -1, &error));
    ck_assert (g_error_matches (error, KPI_TREND_ERROR, KPI_TREND_ERROR_INVALID_PARAMETER));
  }
  /* defaults: NaN; a level and a tolerance in range are kept */
  {
    g_autoptr(KpiTrend) nan = analyze (y, 5, NAN, NAN);
    g_autoptr(KpiTrend) given = analyze (y, 5, 0.01, 0.2);

    kpi_test_assert_close (KPI_DEFAULT_TREND_SIGNIFICANCE, 0.05, 0);
    kpi_test_assert_close (KPI_DEFAULT_TREND_STAGNATION_TOLERANCE, 0.05, 0);
    kpi_test_assert_close (kpi_trend_get_significance (nan), KPI_DEFAULT_TREND_SIGNIFICANCE, 0);
    kpi_test_assert_close (kpi_trend_get_stagnation_tolerance (nan), KPI_DEFAULT_TREND_STAGNATION_TOLERANCE, 0);
    kpi_test_assert_close (kpi_trend_get_significance (given), 0.01, 0);
    kpi_test_assert_close (kpi_trend_get_stagnation_tolerance (given), 0.2, 0);
    /* 1..5 rising: exact p = 2/5! = 0.0167, below 0.05 but not below 0.01 */
    ck_assert_int_eq (kpi_trend_get_direction (nan), KPI_TREND_DIRECTION_RISING);
    ck_assert_int_eq (kpi_trend_get_direction (given), KPI_TREND_DIRECTION_FLUCTUATING);
  }
  /* A tolerance of 0 is a tolerance, not the default: only a series that
   * does not move at all stagnates. 5, 5.1, 5, 5.1, 5, 5.1: S = 6 − 3 = 3,
   * not significant; of the 15 pairwise slopes 3 are negative and 6 are 0,
   * so the median slope is 0 and the drift 0. Every value is 0.05 from the
   * median 5.05: a spread of 0.05 / 5.05 ≈ 1 %, within the default 5 %
   * (stagnating) but above 0 (fluctuating). A constant series stagnates
   * even at 0. */
  {
    const double wobble[] = { 5, 5.1, 5, 5.1, 5, 5.1 };
    const double flat[] = { 5, 5, 5, 5, 5 };
    g_autoptr(KpiTrend) loose = analyze (wobble, 6, NAN, NAN);
    g_autoptr(KpiTrend) strict = analyze (wobble, 6, NAN, 0);
    g_autoptr(KpiTrend) constant = analyze (flat, 5, NAN, 0);

    kpi_test_assert_close (kpi_trend_get_mann_kendall_statistic (strict), 3, 0);
    kpi_test_assert_close (kpi_trend_get_drift (strict), 0, 0);
    kpi_test_assert_close (kpi_trend_get_spread (strict), 0.05 / 5.05, 1e-12);
    kpi_test_assert_close (kpi_trend_get_stagnation_tolerance (strict), 0, 0);
    ck_assert_int_eq (kpi_trend_get_direction (loose), KPI_TREND_DIRECTION_STAGNATING);
    ck_assert_int_eq (kpi_trend_get_direction (strict), KPI_TREND_DIRECTION_FLUCTUATING);
    ck_assert_int_eq (kpi_trend_get_direction (constant), KPI_TREND_DIRECTION_STAGNATING);
  }
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "worked-out-exact", test_worked_out_exact },
    { "exact-extremes", test_exact_extremes },
    { "linear-with-noise", test_linear_with_noise },
    { "noise-false-positives", test_noise_false_positives },
    { "stagnating-basket", test_stagnating_basket },
    { "zero-median", test_zero_median },
    { "ties", test_ties },
    { "missing-values", test_missing_values },
    { "too-few", test_too_few },
    { "min-values", test_min_values },
    { "values", test_values },
    { "one-odd-month", test_one_odd_month },
    { "rising-with-one-dip", test_rising_with_one_dip },
    { "pure-noise", test_pure_noise },
    { "a-third-off", test_a_third_off },
    { "constant", test_constant },
    { "very-short", test_very_short },
    { "parameters", test_parameters },
  };

  return kpi_test_run ("trend", cases, G_N_ELEMENTS (cases), 0);
}
