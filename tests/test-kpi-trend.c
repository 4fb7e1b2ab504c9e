/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of KpiTrend: Theil–Sen slope, Mann–Kendall test (exact and normal
 * approximation, ties), stagnation, missing values, false positives on
 * noise. */

#include <math.h>
#include <string.h>
#include <check.h>
#include "kpi-test.h"
#include <libkpi/kpi.h>

#define assert_close(a, b, tol) \
  ck_assert_msg (fabs ((a) - (b)) <= (tol), "%s = %.12g, expected %.12g", #a, (double) (a), (double) (b))

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
   * Not significant; spread (14 − 10)/12 = 0.333 > 0.05: fluctuating. */
  const double y[] = { 10, 12, 11, 14, 13 };
  g_autoptr(KpiTrend) t = kpi_trend_analyze (y, G_N_ELEMENTS (y), 0, 0);

  ck_assert_int_eq (kpi_trend_get_s (t), 6);
  ck_assert (kpi_trend_is_exact (t));
  assert_close (kpi_trend_get_p_value (t), 28.0 / 120.0, 1e-12);
  assert_close (kpi_trend_get_variance (t), 300.0 / 18.0, 1e-12);
  assert_close (kpi_trend_get_z (t), 5.0 / sqrt (300.0 / 18.0), 1e-12);
  assert_close (kpi_trend_get_tau (t), 0.6, 1e-12);
  assert_close (kpi_trend_get_slope (t), 0.875, 1e-12);
  assert_close (kpi_trend_get_intercept (t), 10, 1e-12);
  assert_close (kpi_trend_get_spread (t), 4.0 / 12.0, 1e-12);
  ck_assert_uint_eq (kpi_trend_get_n_values (t), 5);
  ck_assert_int_eq (kpi_trend_get_direction (t), KPI_TREND_DIRECTION_FLUCTUATING);
}
END_TEST

START_TEST (test_exact_extremes)
{
  /* Strictly falling, n = 8: only the reversed order reaches S = −28, and
   * only the sorted one +28: p = 2/8! = 2/40320. */
  const double y[] = { 80, 71, 66, 60, 52, 47, 40, 33 };
  g_autoptr(KpiTrend) t = kpi_trend_analyze (y, G_N_ELEMENTS (y), 0, 0);

  ck_assert_int_eq (kpi_trend_get_s (t), -28);
  assert_close (kpi_trend_get_p_value (t), 2.0 / 40320.0, 1e-15);
  assert_close (kpi_trend_get_tau (t), -1, 1e-12);
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
  t = kpi_trend_analyze (y, 30, 0, 0);

  ck_assert (!kpi_trend_is_exact (t));
  assert_close (kpi_trend_get_slope (t), 2.5, 0.1);
  assert_close (kpi_trend_get_intercept (t), 100, 1.5);
  ck_assert (kpi_trend_get_p_value (t) < 1e-9);
  ck_assert (kpi_trend_get_tau (t) > 0.9);
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
      long_ = kpi_trend_analyze (y, 24, 0.05, 0);
      short_ = kpi_trend_analyze (y, 8, 0.05, 0);
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
   * with n = 6 (S odd) every permutation has |S| >= 1, so p = 1. Spread:
   * (52.40 − 51.90) / median 52.15 = 0.0096 <= 0.05: stagnating. */
  const double basket[] = { 52.10, 52.40, 51.90, 52.30, 52.00, 52.20 };
  g_autoptr(KpiTrend) t = kpi_trend_analyze (basket, 6, 0, 0);
  g_autoptr(KpiTrend) strict = kpi_trend_analyze (basket, 6, 0, 0.005);

  ck_assert_int_eq (kpi_trend_get_s (t), -1);
  assert_close (kpi_trend_get_p_value (t), 1, 1e-12);
  assert_close (kpi_trend_get_spread (t), 0.5 / 52.15, 1e-12);
  assert_close (kpi_trend_get_significance (t), 0.05, 0);
  assert_close (kpi_trend_get_stagnation_tolerance (t), 0.05, 0);
  ck_assert_int_eq (kpi_trend_get_direction (t), KPI_TREND_DIRECTION_STAGNATING);
  ck_assert_str_eq (kpi_trend_direction_to_string (KPI_TREND_DIRECTION_STAGNATING), "stagnating");
  /* Half a percent of tolerance: the same series fluctuates. */
  ck_assert_int_eq (kpi_trend_get_direction (strict), KPI_TREND_DIRECTION_FLUCTUATING);
  ck_assert_str_eq (kpi_trend_direction_to_string (KPI_TREND_DIRECTION_FLUCTUATING), "fluctuating");
}
END_TEST

START_TEST (test_zero_median)
{
  /* Median 0: the spread is absolute; only a constant series stagnates. */
  const double zeros[] = { 0, 0, 0, 0, 0 };
  const double around[] = { -1, 1, 0, -1, 1, 0 };
  g_autoptr(KpiTrend) flat = kpi_trend_analyze (zeros, 5, 0, 0);
  g_autoptr(KpiTrend) moving = kpi_trend_analyze (around, 6, 0, 0);

  ck_assert_int_eq (kpi_trend_get_s (flat), 0);
  assert_close (kpi_trend_get_p_value (flat), 1, 0);
  assert_close (kpi_trend_get_slope (flat), 0, 0);
  ck_assert_int_eq (kpi_trend_get_direction (flat), KPI_TREND_DIRECTION_STAGNATING);
  assert_close (kpi_trend_get_spread (moving), 2, 0);
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
  g_autoptr(KpiTrend) t = kpi_trend_analyze (y, 6, 0, 0);

  ck_assert_int_eq (kpi_trend_get_s (t), 11);
  ck_assert (!kpi_trend_is_exact (t));
  assert_close (kpi_trend_get_variance (t), 426.0 / 18.0, 1e-12);
  assert_close (kpi_trend_get_z (t), 2.055566129482595, 1e-12);
  assert_close (kpi_trend_get_p_value (t), 0.039824355364810736, 1e-12);
  assert_close (kpi_trend_get_tau (t), 0.8563488385776753, 1e-12);
  ck_assert_int_eq (kpi_trend_get_direction (t), KPI_TREND_DIRECTION_RISING);
}
END_TEST

START_TEST (test_missing_values)
{
  /* Missing values (an infinity counts as one) keep the positions of the
   * others: y = x + 1 at x = 0, 2, 3, 5, 6, so the slope is 1 per period
   * (not 1.5 per value) and the intercept 1. S = 10 of 10 pairs: exact
   * p = 2/5! = 1/60. */
  const double y[] = { 1, NAN, 3, 4, INFINITY, 6, 7 };
  g_autoptr(KpiTrend) t = kpi_trend_analyze (y, G_N_ELEMENTS (y), 0, 0);

  ck_assert_uint_eq (kpi_trend_get_n_values (t), 5);
  assert_close (kpi_trend_get_slope (t), 1, 1e-12);
  assert_close (kpi_trend_get_intercept (t), 1, 1e-12);
  ck_assert_int_eq (kpi_trend_get_s (t), 10);
  assert_close (kpi_trend_get_p_value (t), 1.0 / 60.0, 1e-12);
  ck_assert_int_eq (kpi_trend_get_direction (t), KPI_TREND_DIRECTION_RISING);
}
END_TEST

START_TEST (test_too_few)
{
  /* Fewer than 4 values that are not missing: unknown, but the slope of
   * what there is is still there. */
  const double three[] = { 1, 2, NAN, 3 };
  const double none[] = { NAN, NAN };
  g_autoptr(KpiTrend) t = kpi_trend_analyze (three, 4, 0, 0);
  g_autoptr(KpiTrend) empty = kpi_trend_analyze (none, 2, 0, 0);
  g_autoptr(KpiTrend) null = kpi_trend_analyze (NULL, 0, 0, 0);

  ck_assert_int_eq (kpi_trend_get_direction (t), KPI_TREND_DIRECTION_UNKNOWN);
  ck_assert_uint_eq (kpi_trend_get_n_values (t), 3);
  /* pairs (0,1) 1, (0,3) 2/3, (1,3) 1/2: median 2/3 */
  assert_close (kpi_trend_get_slope (t), 2.0 / 3.0, 1e-12);
  ck_assert_int_eq (kpi_trend_get_direction (empty), KPI_TREND_DIRECTION_UNKNOWN);
  ck_assert_uint_eq (kpi_trend_get_n_values (empty), 0);
  ck_assert (isnan (kpi_trend_get_slope (empty)));
  ck_assert (isnan (kpi_trend_get_p_value (empty)));
  ck_assert_int_eq (kpi_trend_get_direction (null), KPI_TREND_DIRECTION_UNKNOWN);
  ck_assert_str_eq (kpi_trend_direction_to_string (KPI_TREND_DIRECTION_UNKNOWN), "unknown");
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
  t = kpi_trend_analyze_values (values, 0, 0);
  ck_assert_uint_eq (kpi_trend_get_n_values (t), 4);
  assert_close (kpi_trend_get_slope (t), 10, 1e-12);
  /* S = 6 of 6 pairs: exact p = 2/4! */
  assert_close (kpi_trend_get_p_value (t), 2.0 / 24.0, 1e-12);
  ck_assert_int_eq (kpi_trend_get_direction (t), KPI_TREND_DIRECTION_FLUCTUATING);

  /* boxed and reference counted */
  copy = g_boxed_copy (KPI_TYPE_TREND, t);
  ck_assert_ptr_eq (copy, t);
  g_boxed_free (KPI_TYPE_TREND, kpi_trend_ref (t));
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
    { "values", test_values },
  };

  return kpi_test_run ("trend", cases, G_N_ELEMENTS (cases), 0);
}
