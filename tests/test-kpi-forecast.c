/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of KpiForecaster, KpiForecast and KpiForecastAccuracy: the normal
 * quantile, a Holt forecast worked out by hand, the automatic choice of
 * method, intervals, missing values, errors, and accuracy measures worked
 * out by hand. The Holt–Winters recursion is checked against an
 * independent implementation in tests/python/test_forecast.py. */

#include <math.h>
#include <string.h>
#include <check.h>
#include "kpi-test.h"
#include <libkpi/kpi.h>

#include "kpi-stats-private.h"

#define assert_close(a, b, tol) \
  ck_assert_msg (fabs ((a) - (b)) <= (tol), "%s = %.12g, expected %.12g", #a, (double) (a), (double) (b))

#define Z975 1.959963984540054

START_TEST (test_normal_quantile)
{
  /* Known quantiles of the standard normal distribution. */
  assert_close (kpi_normal_quantile (0.975), Z975, 1e-9);
  assert_close (kpi_normal_quantile (0.025), -Z975, 1e-9);
  assert_close (kpi_normal_quantile (0.5), 0, 1e-12);
  assert_close (kpi_normal_quantile (0.9), 1.2815515655446004, 1e-9);
  assert_close (kpi_normal_quantile (0.995), 2.5758293035489004, 1e-9);
  assert_close (kpi_normal_quantile (0.001), -3.090232306167813, 1e-9);
  assert_close (kpi_normal_quantile (1e-10), -6.361340902404056, 1e-7);
  assert_close (kpi_normal_cdf (Z975), 0.975, 1e-12);
  ck_assert (isnan (kpi_normal_quantile (0)));
  ck_assert (isnan (kpi_normal_quantile (1)));
}
END_TEST

START_TEST (test_holt_by_hand)
{
  /* Holt, α = β = 0.5, y = 10, 12, 15, 17.
   * level₀ = 10, trend₀ = 12 − 10 = 2.
   * t=1: forecast 12, error 0 (not counted); level 0.5·12 + 0.5·12 = 12;
   *      trend 0.5·(12 − 10) + 0.5·2 = 2.
   * t=2: forecast 14, error 1; level 0.5·15 + 0.5·14 = 14.5;
   *      trend 0.5·(14.5 − 12) + 0.5·2 = 2.25.
   * t=3: forecast 16.75, error 0.25; level 0.5·17 + 0.5·16.75 = 16.875;
   *      trend 0.5·(16.875 − 14.5) + 0.5·2.25 = 2.3125.
   * Forecasts: 16.875 + 2.3125 = 19.1875, then 21.5.
   * σ = √((1² + 0.25²)/2) = √0.53125 = 0.7288689.
   * h=1: ±1.959964·σ = ±1.4285570.
   * h=2: β' = αβ = 0.25; multiplier 1 + 1·(0.25 + 0.5·0.25·2 +
   *      0.0625·2·3/6) = 1.5625, √ = 1.25: ±1.7856962. */
  const double y[] = { 10, 12, 15, 17 };
  g_autoptr(KpiForecaster) forecaster = kpi_forecaster_new ();
  g_autoptr(KpiForecast) f = NULL;
  g_autoptr(GError) error = NULL;
  const double *points;
  gsize n_points = 0;

  kpi_forecaster_set_method (forecaster, KPI_FORECAST_METHOD_HOLT);
  kpi_forecaster_set_alpha (forecaster, 0.5);
  kpi_forecaster_set_beta (forecaster, 0.5);
  f = kpi_forecaster_forecast (forecaster, y, 4, 2, &error);
  g_assert_no_error (error);

  ck_assert_int_eq (kpi_forecast_get_method (f), KPI_FORECAST_METHOD_HOLT);
  ck_assert_uint_eq (kpi_forecast_get_horizon (f), 2);
  ck_assert_uint_eq (kpi_forecast_get_n_history (f), 4);
  points = kpi_forecast_get_points (f, &n_points);
  ck_assert_uint_eq (n_points, 2);
  assert_close (points[0], 19.1875, 1e-12);
  assert_close (points[1], 21.5, 1e-12);
  assert_close (kpi_forecast_get_point (f, 1), 21.5, 1e-12);
  assert_close (kpi_forecast_get_sigma (f), sqrt (0.53125), 1e-12);
  assert_close (kpi_forecast_get_upper (f, 0) - 19.1875, 1.4285569636852968, 1e-8);
  assert_close (19.1875 - kpi_forecast_get_lower (f, 0), 1.4285569636852968, 1e-8);
  assert_close (kpi_forecast_get_upper (f, 1) - 21.5, 1.7856962046066207, 1e-8);
  assert_close (kpi_forecast_get_alpha (f), 0.5, 0);
  assert_close (kpi_forecast_get_beta (f), 0.5, 0);
  ck_assert (isnan (kpi_forecast_get_gamma (f)));
  ck_assert_uint_eq (kpi_forecast_get_season_length (f), 0);
  assert_close (kpi_forecast_get_confidence_level (f), 0.95, 0);
  ck_assert_str_eq (kpi_forecast_get_description (f),
                    "Holt linear trend (α=0.50, β=0.50) on 4 periods");
}
END_TEST

static double
seasonal (int t)
{
  /* 36 months: a trend of 3 a month, a yearly pattern, a little wobble
   * that does not repeat. */
  static const double pattern[12] = { -20, -15, -5, 0, 5, 10, 25, 20, 5, 0, -10, -15 };
  return 200 + 3 * t + pattern[t % 12] + 2 * sin (t * 1.7);
}

START_TEST (test_auto_choice)
{
  g_autoptr(KpiForecaster) forecaster = kpi_forecaster_new ();
  double y[36];
  g_autoptr(KpiForecast) hw = NULL;
  g_autoptr(KpiForecast) holt = NULL;
  g_autoptr(KpiForecast) naive = NULL;
  g_autoptr(GError) error = NULL;

  for (int t = 0; t < 36; t++)
    y[t] = seasonal (t);

  ck_assert_int_eq (kpi_forecaster_get_method (forecaster), KPI_FORECAST_METHOD_AUTO);
  ck_assert_uint_eq (kpi_forecaster_get_season_length (forecaster), 12);
  ck_assert (isnan (kpi_forecaster_get_alpha (forecaster)));

  /* two full years: Holt–Winters */
  hw = kpi_forecaster_forecast (forecaster, y, 24, 12, &error);
  g_assert_no_error (error);
  ck_assert_int_eq (kpi_forecast_get_method (hw), KPI_FORECAST_METHOD_HOLT_WINTERS);
  ck_assert_uint_eq (kpi_forecast_get_season_length (hw), 12);
  ck_assert (kpi_forecast_get_alpha (hw) > 0 && kpi_forecast_get_alpha (hw) < 1);
  ck_assert (kpi_forecast_get_gamma (hw) > 0 && kpi_forecast_get_gamma (hw) < 1);
  ck_assert (g_str_has_prefix (kpi_forecast_get_description (hw),
                               "Holt–Winters additive (season 12, α="));
  ck_assert (g_str_has_suffix (kpi_forecast_get_description (hw), ") on 24 periods"));
  /* It has learnt the season: the year ahead peaks in July or August
   * (pattern +25, +20) and is lowest in January (−20 and the lowest
   * trend), which a method without season could not forecast. */
  {
    guint top = 0, bottom = 0;

    for (guint h = 1; h < 12; h++)
      {
        if (kpi_forecast_get_point (hw, h) > kpi_forecast_get_point (hw, top))
          top = h;
        if (kpi_forecast_get_point (hw, h) < kpi_forecast_get_point (hw, bottom))
          bottom = h;
      }
    ck_assert_msg (top == 6 || top == 7, "peak at %u", top);
    ck_assert_uint_eq (bottom, 0);
  }
  /* And it is accurate: the year ahead is within a few units of the line
   * and pattern without the wobble (±2). With seasonal indices that kept
   * the first year's trend (yᵢ − its mean) and the level in the middle of
   * the season, the same forecast was up to 27 off. */
  {
    static const double pattern[12] = { -20, -15, -5, 0, 5, 10, 25, 20, 5, 0, -10, -15 };

    for (guint h = 0; h < 12; h++)
      {
        double truth = 200 + 3 * (24 + h) + pattern[h];
        ck_assert_msg (fabs (kpi_forecast_get_point (hw, h) - truth) < 4,
                       "month %u: %g against %g", 24 + h, kpi_forecast_get_point (hw, h), truth);
      }
  }

  /* one year: Holt */
  holt = kpi_forecaster_forecast (forecaster, y, 12, 3, &error);
  g_assert_no_error (error);
  ck_assert_int_eq (kpi_forecast_get_method (holt), KPI_FORECAST_METHOD_HOLT);
  ck_assert (isnan (kpi_forecast_get_gamma (holt)));

  /* two values: naive */
  naive = kpi_forecaster_forecast (forecaster, y, 2, 3, &error);
  g_assert_no_error (error);
  ck_assert_int_eq (kpi_forecast_get_method (naive), KPI_FORECAST_METHOD_NAIVE);
  assert_close (kpi_forecast_get_point (naive, 2), y[1], 0);
  ck_assert (isnan (kpi_forecast_get_alpha (naive)));
  ck_assert_str_eq (kpi_forecast_get_description (naive), "Naive (last value) on 2 periods");
}
END_TEST

START_TEST (test_intervals_widen)
{
  g_autoptr(KpiForecaster) forecaster = kpi_forecaster_new ();
  double y[36];
  g_autoptr(KpiForecast) f = NULL;
  g_autoptr(KpiForecast) narrow = NULL;
  g_autoptr(GError) error = NULL;
  double previous = 0;

  for (int t = 0; t < 36; t++)
    y[t] = seasonal (t);
  f = kpi_forecaster_forecast (forecaster, y, 36, 24, &error);
  g_assert_no_error (error);
  ck_assert (kpi_forecast_get_sigma (f) > 0);
  for (guint h = 0; h < 24; h++)
    {
      double width = kpi_forecast_get_upper (f, h) - kpi_forecast_get_lower (f, h);

      ck_assert (kpi_forecast_get_lower (f, h) < kpi_forecast_get_point (f, h));
      ck_assert (kpi_forecast_get_point (f, h) < kpi_forecast_get_upper (f, h));
      ck_assert_msg (width >= previous, "width %g at h=%u after %g", width, h + 1, previous);
      previous = width;
    }

  /* An 80 % interval is narrower, by z(0.9)/z(0.975) at h = 1. */
  kpi_forecaster_set_confidence_level (forecaster, 0.8);
  narrow = kpi_forecaster_forecast (forecaster, y, 36, 1, &error);
  g_assert_no_error (error);
  assert_close ((kpi_forecast_get_upper (narrow, 0) - kpi_forecast_get_point (narrow, 0)) /
                (kpi_forecast_get_upper (f, 0) - kpi_forecast_get_point (f, 0)),
                1.2815515655446004 / Z975, 1e-9);
}
END_TEST

START_TEST (test_linear_recovered)
{
  /* y = 5 + 3t, noiseless, 12 values: Holt with estimated parameters
   * forecasts the line exactly (every one-step error is 0). */
  g_autoptr(KpiForecaster) forecaster = kpi_forecaster_new ();
  g_autoptr(KpiForecast) f = NULL;
  g_autoptr(GError) error = NULL;
  double y[12];

  for (int t = 0; t < 12; t++)
    y[t] = 5 + 3 * t;
  f = kpi_forecaster_forecast (forecaster, y, 12, 4, &error);
  g_assert_no_error (error);
  ck_assert_int_eq (kpi_forecast_get_method (f), KPI_FORECAST_METHOD_HOLT);
  for (guint h = 0; h < 4; h++)
    assert_close (kpi_forecast_get_point (f, h), 5 + 3 * (12 + h), 1e-9);
  assert_close (kpi_forecast_get_sigma (f), 0, 1e-9);
}
END_TEST

START_TEST (test_estimation_beats_grid)
{
  /* Estimated parameters give a one-step error no larger than any fixed
   * choice on the coarse grid. */
  double y[36];
  g_autoptr(KpiForecaster) estimated = kpi_forecaster_new ();
  g_autoptr(KpiForecast) best = NULL;
  g_autoptr(GError) error = NULL;

  for (int t = 0; t < 36; t++)
    y[t] = seasonal (t);
  best = kpi_forecaster_forecast (estimated, y, 36, 1, &error);
  g_assert_no_error (error);
  for (double a = 0.1; a < 1; a += 0.4)
    for (double b = 0.1; b < 1; b += 0.4)
      for (double g = 0.1; g < 1; g += 0.4)
        {
          g_autoptr(KpiForecaster) fixed = kpi_forecaster_new ();
          g_autoptr(KpiForecast) f = NULL;

          g_object_set (fixed, "alpha", a, "beta", b, "gamma", g, NULL);
          f = kpi_forecaster_forecast (fixed, y, 36, 1, &error);
          g_assert_no_error (error);
          assert_close (kpi_forecast_get_alpha (f), a, 0);
          ck_assert (kpi_forecast_get_sigma (best) <= kpi_forecast_get_sigma (f) + 1e-12);
        }
}
END_TEST

START_TEST (test_seasonal_naive)
{
  /* Season 4: y = 1 2 3 4 | 2 3 4 5. Forecasts repeat the last season:
   * 2 3 4 5 2 3. Errors y_t − y_(t−4) = 1 1 1 1: σ = 1.
   * h=1..4: ±1.959964·σ; h=5..6 (k = 1): ±1.959964·σ·√2. */
  const double y[] = { 1, 2, 3, 4, 2, 3, 4, 5 };
  const double expected[] = { 2, 3, 4, 5, 2, 3 };
  g_autoptr(KpiForecaster) forecaster = kpi_forecaster_new ();
  g_autoptr(KpiForecast) f = NULL;
  g_autoptr(GError) error = NULL;

  g_object_set (forecaster, "method", KPI_FORECAST_METHOD_SEASONAL_NAIVE,
                "season-length", 4, NULL);
  f = kpi_forecaster_forecast (forecaster, y, 8, 6, &error);
  g_assert_no_error (error);
  ck_assert_int_eq (kpi_forecast_get_method (f), KPI_FORECAST_METHOD_SEASONAL_NAIVE);
  for (guint h = 0; h < 6; h++)
    assert_close (kpi_forecast_get_point (f, h), expected[h], 0);
  assert_close (kpi_forecast_get_sigma (f), 1, 1e-12);
  assert_close (kpi_forecast_get_upper (f, 3) - 5, Z975, 1e-9);
  assert_close (kpi_forecast_get_upper (f, 4) - 2, Z975 * G_SQRT2, 1e-9);
  ck_assert_str_eq (kpi_forecast_get_description (f), "Seasonal naive (season 4) on 8 periods");
}
END_TEST

START_TEST (test_naive_intervals)
{
  /* Naive on 5, 7: one error of 2, σ = 2; h = 4: ±1.959964·2·√4. */
  const double y[] = { 5, 7 };
  const double one[] = { 5 };
  g_autoptr(KpiForecaster) forecaster = kpi_forecaster_new ();
  g_autoptr(KpiForecast) f = NULL;
  g_autoptr(KpiForecast) single = NULL;
  g_autoptr(GError) error = NULL;

  f = kpi_forecaster_forecast (forecaster, y, 2, 4, &error);
  g_assert_no_error (error);
  assert_close (kpi_forecast_get_sigma (f), 2, 0);
  assert_close (kpi_forecast_get_upper (f, 3), 7 + Z975 * 4, 1e-9);
  assert_close (kpi_forecast_get_lower (f, 3), 7 - Z975 * 4, 1e-9);

  /* One value: a forecast, but no error to measure the interval by. */
  single = kpi_forecaster_forecast (forecaster, one, 1, 1, &error);
  g_assert_no_error (error);
  assert_close (kpi_forecast_get_point (single, 0), 5, 0);
  ck_assert (isnan (kpi_forecast_get_sigma (single)));
  ck_assert (isnan (kpi_forecast_get_lower (single, 0)));
  ck_assert (isnan (kpi_forecast_get_upper (single, 0)));
}
END_TEST

START_TEST (test_missing_history)
{
  /* Two leading missing values dropped, the inner one interpolated
   * (between 10 and 14: 12): Holt with α = β = 0.5 on 10 12 14 16 is a
   * straight line, forecast 18 and 20. */
  const double y[] = { NAN, NAN, 10, NAN, 14, 16 };
  g_autoptr(KpiForecaster) forecaster = kpi_forecaster_new ();
  g_autoptr(KpiForecast) f = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_value_unref);
  g_autoptr(KpiForecast) from_values = NULL;

  g_object_set (forecaster, "method", KPI_FORECAST_METHOD_HOLT, "alpha", 0.5, "beta", 0.5, NULL);
  f = kpi_forecaster_forecast (forecaster, y, 6, 2, &error);
  g_assert_no_error (error);
  ck_assert_uint_eq (kpi_forecast_get_n_history (f), 4);
  assert_close (kpi_forecast_get_point (f, 0), 18, 1e-12);
  assert_close (kpi_forecast_get_point (f, 1), 20, 1e-12);
  ck_assert_str_eq (kpi_forecast_get_description (f),
                    "Holt linear trend (α=0.50, β=0.50) on 4 periods; "
                    "2 leading missing values dropped; 1 missing value interpolated");

  /* The same from indicator values, a missing value in place of NaN. */
  for (guint i = 0; i < G_N_ELEMENTS (y); i++)
    g_ptr_array_add (values, isnan (y[i]) ? kpi_value_new_missing (NULL, 0, KPI_VALUE_FLAG_NO_DATA)
                                          : kpi_value_new (NULL, y[i], 1, KPI_VALUE_FLAG_NONE));
  from_values = kpi_forecaster_forecast_values (forecaster, values, 2, &error);
  g_assert_no_error (error);
  assert_close (kpi_forecast_get_point (from_values, 1), 20, 1e-12);
}
END_TEST

START_TEST (test_errors)
{
  const double y[] = { 1, 2, 3, 4, NAN };
  double months[23];
  g_autoptr(KpiForecaster) forecaster = kpi_forecaster_new ();
  GError *error = NULL;

  for (int t = 0; t < 23; t++)
    months[t] = seasonal (t);

  /* nothing */
  ck_assert_ptr_null (kpi_forecaster_forecast (forecaster, NULL, 0, 1, &error));
  g_assert_error (error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_NOT_ENOUGH_DATA);
  g_clear_error (&error);
  /* nothing but missing values: the last one is missing */
  ck_assert_ptr_null (kpi_forecaster_forecast (forecaster, y + 4, 1, 1, &error));
  g_assert_error (error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_MISSING_VALUE);
  g_clear_error (&error);
  /* a missing last value, named by its index */
  ck_assert_ptr_null (kpi_forecaster_forecast (forecaster, y, 5, 1, &error));
  g_assert_error (error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_MISSING_VALUE);
  ck_assert (strstr (error->message, "index 4") != NULL);
  g_clear_error (&error);
  /* horizon 0 */
  ck_assert_ptr_null (kpi_forecaster_forecast (forecaster, y, 4, 0, &error));
  g_assert_error (error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_INVALID_PARAMETER);
  g_clear_error (&error);
  /* Holt–Winters asked for with 23 months, one short of two seasons */
  kpi_forecaster_set_method (forecaster, KPI_FORECAST_METHOD_HOLT_WINTERS);
  ck_assert_ptr_null (kpi_forecaster_forecast (forecaster, months, 23, 1, &error));
  g_assert_error (error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_NOT_ENOUGH_DATA);
  g_clear_error (&error);
  /* Holt with two values */
  kpi_forecaster_set_method (forecaster, KPI_FORECAST_METHOD_HOLT);
  ck_assert_ptr_null (kpi_forecaster_forecast (forecaster, y, 2, 1, &error));
  g_assert_error (error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_NOT_ENOUGH_DATA);
  g_clear_error (&error);
  /* seasonal naive with less than a season */
  kpi_forecaster_set_method (forecaster, KPI_FORECAST_METHOD_SEASONAL_NAIVE);
  ck_assert_ptr_null (kpi_forecaster_forecast (forecaster, months, 11, 1, &error));
  g_assert_error (error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_NOT_ENOUGH_DATA);
  g_clear_error (&error);
  /* a confidence level of 1 */
  kpi_forecaster_set_method (forecaster, KPI_FORECAST_METHOD_NAIVE);
  kpi_forecaster_set_confidence_level (forecaster, 1.0);
  ck_assert_ptr_null (kpi_forecaster_forecast (forecaster, y, 4, 1, &error));
  g_assert_error (error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_INVALID_PARAMETER);
  g_clear_error (&error);
}
END_TEST

START_TEST (test_fallback)
{
  /* Values so large that the mean of the first season overflows: the
   * automatic method cannot fit Holt–Winters and falls back to seasonal
   * naive (whose season-to-season differences are 0 here). */
  double y[8];
  g_autoptr(KpiForecaster) forecaster = kpi_forecaster_new ();
  g_autoptr(KpiForecast) f = NULL;
  g_autoptr(GError) error = NULL;

  for (int t = 0; t < 8; t++)
    y[t] = (t % 4 < 2 ? 1 : -1) * 1.7e308;
  kpi_forecaster_set_season_length (forecaster, 4);
  f = kpi_forecaster_forecast (forecaster, y, 8, 2, &error);
  g_assert_no_error (error);
  ck_assert_int_eq (kpi_forecast_get_method (f), KPI_FORECAST_METHOD_SEASONAL_NAIVE);
  assert_close (kpi_forecast_get_point (f, 0), 1.7e308, 0);
  ck_assert (strstr (kpi_forecast_get_description (f), "Holt–Winters could not be fitted") != NULL);
}
END_TEST

static void
count_notify (guint *count)
{
  (*count)++;
}

START_TEST (test_properties)
{
  g_autoptr(KpiForecaster) forecaster = kpi_forecaster_new ();
  double alpha = -1, gamma = -1;
  guint notified = 0;

  g_signal_connect_swapped (forecaster, "notify::alpha", G_CALLBACK (count_notify), &notified);
  /* 0 through the property means "estimate": NaN from the getter */
  g_object_get (forecaster, "alpha", &alpha, "gamma", &gamma, NULL);
  assert_close (alpha, 0, 0);
  ck_assert (isnan (kpi_forecaster_get_gamma (forecaster)));
  g_object_set (forecaster, "alpha", 0.3, NULL);
  assert_close (kpi_forecaster_get_alpha (forecaster), 0.3, 0);
  kpi_forecaster_set_alpha (forecaster, NAN);
  g_object_get (forecaster, "alpha", &alpha, NULL);
  assert_close (alpha, 0, 0);
  ck_assert (isnan (kpi_forecaster_get_alpha (forecaster)));
  /* set to 0.3, back to "estimate"; setting NaN again changes nothing */
  kpi_forecaster_set_alpha (forecaster, 0);
  ck_assert_uint_eq (notified, 2);
  kpi_forecaster_set_confidence_level (forecaster, 0.9);
  assert_close (kpi_forecaster_get_confidence_level (forecaster), 0.9, 0);
}
END_TEST

/* ---- accuracy ---- */

START_TEST (test_accuracy_by_hand)
{
  /* actual    100  120   80  150   50
   * forecast  110  100   90  140   60
   * a − f     −10   20  −10   10  −10    Σ = 0
   * |a − f|    10   20   10   10   10    MAD = 60/5 = 12
   * APE      0.1 0.16667 0.125 0.066667 0.2   MAPE = 100·0.658333/5 = 13.1667 %
   * 2|e|/(|a|+|f|): 20/210 40/220 20/170 20/290 20/110
   *          = 0.095238 0.181818 0.117647 0.068966 0.181818  sMAPE = 12.9097 %
   * bias = mean(f − a) = 0; tracking signal 0/12 = 0: no bias. */
  const double actual[] = { 100, 120, 80, 150, 50 };
  const double forecast[] = { 110, 100, 90, 140, 60 };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpiForecastAccuracy) acc = kpi_forecast_accuracy_new (actual, 5, forecast, 5, &error);

  g_assert_no_error (error);
  ck_assert_uint_eq (kpi_forecast_accuracy_get_n_pairs (acc), 5);
  assert_close (kpi_forecast_accuracy_get_mape (acc), 13.166666666666666, 1e-9);
  assert_close (kpi_forecast_accuracy_get_smape (acc), 12.90974069878735, 1e-9);
  ck_assert (!kpi_forecast_accuracy_get_uses_smape (acc));
  assert_close (kpi_forecast_accuracy_get_error (acc), 13.166666666666666, 1e-9);
  assert_close (kpi_forecast_accuracy_get_bias (acc), 0, 1e-12);
  assert_close (kpi_forecast_accuracy_get_mad (acc), 12, 1e-12);
  assert_close (kpi_forecast_accuracy_get_tracking_signal (acc), 0, 1e-12);
  ck_assert_int_eq (kpi_forecast_accuracy_get_bias_direction (acc), KPI_FORECAST_BIAS_NONE);
}
END_TEST

START_TEST (test_accuracy_zero_actual)
{
  /* A zero actual: MAPE is undefined, sMAPE shown.
   * 2·1/(0+1) = 2, 2·2/(10+12) = 0.181818, 2·2/(20+18) = 0.105263:
   * sMAPE = 100·2.287081/3 = 76.2360 %. A pair with a NaN is skipped. */
  const double actual[] = { 0, 10, NAN, 20 };
  const double forecast[] = { 1, 12, 5, 18 };
  const double tiny_actual[] = { 1e-12, 100, 200 };
  const double tiny_forecast[] = { 1, 100, 200 };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpiForecastAccuracy) acc = kpi_forecast_accuracy_new (actual, 4, forecast, 4, &error);
  g_autoptr(KpiForecastAccuracy) tiny = NULL;

  g_assert_no_error (error);
  ck_assert_uint_eq (kpi_forecast_accuracy_get_n_pairs (acc), 3);
  ck_assert (isnan (kpi_forecast_accuracy_get_mape (acc)));
  ck_assert (kpi_forecast_accuracy_get_uses_smape (acc));
  assert_close (kpi_forecast_accuracy_get_error (acc), 76.23604465709728, 1e-9);

  /* near zero (below 1e-9 × the mean |actual| of 100): sMAPE too */
  tiny = kpi_forecast_accuracy_new (tiny_actual, 3, tiny_forecast, 3, &error);
  g_assert_no_error (error);
  ck_assert (kpi_forecast_accuracy_get_uses_smape (tiny));
  ck_assert (isfinite (kpi_forecast_accuracy_get_mape (tiny)));
}
END_TEST

START_TEST (test_accuracy_bias)
{
  /* Forecasts always below: errors 10 12 15 18 20 25, Σ = 100,
   * MAD = 100/6, tracking signal = 100/(100/6) = 6 > 4: under-forecasting;
   * bias = −100/6. The mirror image over-forecasts, signal −6. */
  const double actual[] = { 110, 112, 115, 118, 120, 125 };
  const double low[] = { 100, 100, 100, 100, 100, 100 };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpiForecastAccuracy) under = kpi_forecast_accuracy_new (actual, 6, low, 6, &error);
  g_autoptr(KpiForecastAccuracy) over = kpi_forecast_accuracy_new (low, 6, actual, 6, &error);

  g_assert_no_error (error);
  assert_close (kpi_forecast_accuracy_get_tracking_signal (under), 6, 1e-12);
  assert_close (kpi_forecast_accuracy_get_bias (under), -100.0 / 6, 1e-12);
  ck_assert_int_eq (kpi_forecast_accuracy_get_bias_direction (under),
                    KPI_FORECAST_BIAS_UNDER_FORECASTING);
  assert_close (kpi_forecast_accuracy_get_tracking_signal (over), -6, 1e-12);
  ck_assert_int_eq (kpi_forecast_accuracy_get_bias_direction (over),
                    KPI_FORECAST_BIAS_OVER_FORECASTING);
}
END_TEST

START_TEST (test_accuracy_perfect_and_errors)
{
  const double a[] = { 1, 2, 3 };
  const double nan2[] = { NAN, NAN };
  GError *error = NULL;
  KpiForecastAccuracy *acc;

  /* a perfect forecast: MAD 0, no tracking signal, no bias flagged */
  acc = kpi_forecast_accuracy_new (a, 3, a, 3, &error);
  g_assert_no_error (error);
  assert_close (kpi_forecast_accuracy_get_mape (acc), 0, 0);
  assert_close (kpi_forecast_accuracy_get_mad (acc), 0, 0);
  ck_assert (isnan (kpi_forecast_accuracy_get_tracking_signal (acc)));
  ck_assert_int_eq (kpi_forecast_accuracy_get_bias_direction (acc), KPI_FORECAST_BIAS_NONE);
  kpi_forecast_accuracy_unref (acc);

  ck_assert_ptr_null (kpi_forecast_accuracy_new (a, 3, a, 2, &error));
  g_assert_error (error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_INVALID_PARAMETER);
  g_clear_error (&error);
  ck_assert_ptr_null (kpi_forecast_accuracy_new (a, 2, nan2, 2, &error));
  g_assert_error (error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_NOT_ENOUGH_DATA);
  g_clear_error (&error);
  ck_assert_ptr_null (kpi_forecast_accuracy_new (NULL, 0, NULL, 0, &error));
  g_assert_error (error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_NOT_ENOUGH_DATA);
  g_clear_error (&error);
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "normal-quantile", test_normal_quantile },
    { "holt-by-hand", test_holt_by_hand },
    { "auto-choice", test_auto_choice },
    { "intervals-widen", test_intervals_widen },
    { "linear-recovered", test_linear_recovered },
    { "estimation-beats-grid", test_estimation_beats_grid },
    { "seasonal-naive", test_seasonal_naive },
    { "naive-intervals", test_naive_intervals },
    { "missing-history", test_missing_history },
    { "errors", test_errors },
    { "fallback", test_fallback },
    { "properties", test_properties },
    { "accuracy-by-hand", test_accuracy_by_hand },
    { "accuracy-zero-actual", test_accuracy_zero_actual },
    { "accuracy-bias", test_accuracy_bias },
    { "accuracy-perfect-and-errors", test_accuracy_perfect_and_errors },
  };

  return kpi_test_run ("forecast", cases, G_N_ELEMENTS (cases), 0);
}
