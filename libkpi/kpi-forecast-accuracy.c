/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-forecast-accuracy.c: the accuracy of a forecast against what
 * happened, KpiForecastAccuracy (declared in kpi-forecast-accuracy.h) */

#include "config.h"

#include <math.h>

#include "kpi.h"
#include "kpi-stats-private.h"

/**
 * KpiForecastAccuracy:
 *
 * How good a forecast was, once the actuals are known: the mean absolute
 * percentage error (MAPE), or its symmetric form (sMAPE) when actuals are
 * zero or near zero, the mean error (the bias), the mean absolute
 * deviation of the errors (MAD) and the tracking signal, the running sum
 * of the errors over the MAD. A tracking signal beyond ± a limit
 * (%KPI_DEFAULT_TRACKING_SIGNAL_LIMIT, 4, unless told) flags a forecast
 * that is systematically too low (positive) or too high (negative).
 *
 * With eₜ = actualₜ − forecastₜ over the n pairs where neither is missing:
 *
 * - MAPE = 100/n · Σ |eₜ| / |actualₜ| (NaN when an actual is 0);
 * - sMAPE = 100/n · Σ 2|eₜ| / (|actualₜ| + |forecastₜ|), a pair where
 *   both are 0 counting as no error;
 * - mean error ME = Σ eₜ / n: positive when under-forecasting (the
 *   actuals above the forecasts), negative when over-forecasting;
 * - MAD = Σ |eₜ| / n;
 * - tracking signal = Σ eₜ / MAD = n · ME / MAD, of the sign of the mean
 *   error (NaN when MAD is 0).
 *
 * An accuracy is immutable: it may be shared between threads.
 *
 * ## Example
 *
 * ```c
 * // two years of monthly orders, oldest first
 * const double orders[] = { 80, 85, 95, 100, 110, 120, 115, 105, 100, 95, 110, 140,
 *                           90, 96, 104, 112, 121, 133, 126, 117, 110, 104, 122, 155 };
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiForecaster) forecaster = kpi_forecaster_new ();
 * g_autoptr(KpiForecast) forecast = NULL;
 * g_autoptr(KpiForecastAccuracy) accuracy = NULL;
 * const double *points;
 * gsize n_points;
 *
 * // the last quarter forecast from the 21 months before it, as it was a year earlier:
 * // 95, 110, 140 against 104, 122, 155, errors 9, 12, 15 (MAPE 9.4 %, mean error 12)
 * kpi_forecaster_set_method (forecaster, KPI_FORECAST_METHOD_SEASONAL_NAIVE);
 * forecast = kpi_forecaster_forecast (forecaster, orders, 21, 3, &error);
 * if (forecast == NULL)
 *   g_error ("%s", error->message);
 * points = kpi_forecast_get_points (forecast, &n_points);
 * accuracy = kpi_forecast_accuracy_new (orders + 21, 3, points, n_points, &error);
 * if (accuracy == NULL)
 *   g_error ("%s", error->message);
 * g_print ("MAPE %.1f %%, mean error %.1f, tracking signal %.1f\n",
 *          kpi_forecast_accuracy_get_mape (accuracy), kpi_forecast_accuracy_get_mean_error (accuracy),
 *          kpi_forecast_accuracy_get_tracking_signal (accuracy));
 * ```
 *
 * ```python
 * # two years of monthly orders, oldest first
 * orders = [80, 85, 95, 100, 110, 120, 115, 105, 100, 95, 110, 140,
 *           90, 96, 104, 112, 121, 133, 126, 117, 110, 104, 122, 155]
 * forecaster = Kpi.Forecaster.new()
 * # the last quarter forecast from the 21 months before it, as it was a year earlier:
 * # 95, 110, 140 against 104, 122, 155, errors 9, 12, 15 (MAPE 9.4 %, mean error 12)
 * forecaster.set_method(Kpi.ForecastMethod.SEASONAL_NAIVE)
 * forecast = forecaster.forecast(orders[:21], 3)
 * accuracy = Kpi.ForecastAccuracy.new(orders[21:], forecast.get_points())
 * print(f"MAPE {accuracy.get_mape():.1f} %, mean error {accuracy.get_mean_error():.1f}, "
 *       f"tracking signal {accuracy.get_tracking_signal():.1f}")
 * ```
 *
 * ```js
 * // two years of monthly orders, oldest first
 * const orders = [80, 85, 95, 100, 110, 120, 115, 105, 100, 95, 110, 140,
 *     90, 96, 104, 112, 121, 133, 126, 117, 110, 104, 122, 155];
 * const forecaster = Kpi.Forecaster.new();
 * // the last quarter forecast from the 21 months before it, as it was a year earlier:
 * // 95, 110, 140 against 104, 122, 155, errors 9, 12, 15 (MAPE 9.4 %, mean error 12)
 * forecaster.set_method(Kpi.ForecastMethod.SEASONAL_NAIVE);
 * const forecast = forecaster.forecast(orders.slice(0, 21), 3);
 * const accuracy = Kpi.ForecastAccuracy.new(orders.slice(21), forecast.get_points());
 * print(`MAPE ${accuracy.get_mape().toFixed(1)} %, mean error ${accuracy.get_mean_error().toFixed(1)}, ` +
 *       `tracking signal ${accuracy.get_tracking_signal().toFixed(1)}`);
 * ```
 *
 * Since: 0.1
 */


struct _KpiForecastAccuracy
{
  gatomicrefcount ref_count;
  guint           n_pairs;
  double          mape;
  double          smape;
  gboolean        uses_smape;
  double          mean_error;
  double          mad;
  double          tracking_signal;
};

G_DEFINE_BOXED_TYPE (KpiForecastAccuracy, kpi_forecast_accuracy,
                     kpi_forecast_accuracy_ref, kpi_forecast_accuracy_unref)

/* An actual is near zero, and the MAPE not to be trusted, below this share
 * of the mean absolute actual (a billionth): its percentage error would
 * outweigh all the others. */
#define NEAR_ZERO_SHARE 1e-9

/**
 * kpi_forecast_accuracy_new:
 * @actuals: (array length=n_actuals): what happened, one value per period
 * @n_actuals: the number of actuals
 * @forecasts: (array length=n_forecasts): what was forecast for the same
 *   periods
 * @n_forecasts: the number of forecasts, equal to @n_actuals, at most
 *   %G_MAXUINT
 * @error: return location for a #GError
 *
 * Measures the accuracy of a forecast (see [struct@Kpi.ForecastAccuracy]).
 * Pairs where either number is missing (NaN) are skipped. Arrays of
 * different lengths give %KPI_FORECAST_ERROR_LENGTH_MISMATCH; no pair
 * left, %KPI_FORECAST_ERROR_NOT_ENOUGH_DATA; a mean error or a mean
 * absolute deviation beyond the range of doubles (numbers near
 * ±1.8e308), %KPI_FORECAST_ERROR_OUT_OF_RANGE.
 *
 * Returns: (transfer full): the accuracy, or %NULL with @error set
 *
 * Since: 0.1
 */
KpiForecastAccuracy *
kpi_forecast_accuracy_new (const double  *actuals,
                           gsize          n_actuals,
                           const double  *forecasts,
                           gsize          n_forecasts,
                           GError       **error)
{
  KpiForecastAccuracy *self;
  double sum_error = 0, sum_abs = 0, sum_ape = 0, sum_sape = 0, sum_abs_actual = 0;
  gboolean zero_actual = FALSE;
  double min_abs_actual = G_MAXDOUBLE, scale = 0;
  gsize n = 0;

  g_return_val_if_fail (actuals != NULL || n_actuals == 0, NULL);
  g_return_val_if_fail (forecasts != NULL || n_forecasts == 0, NULL);
  g_return_val_if_fail (n_actuals <= G_MAXUINT, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_actuals != n_forecasts)
    {
      g_set_error (error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_LENGTH_MISMATCH,
                   "%" G_GSIZE_FORMAT " actuals but %" G_GSIZE_FORMAT " forecasts: "
                   "expected one forecast for each actual",
                   n_actuals, n_forecasts);
      return NULL;
    }

  /* Everything is measured on the numbers divided by a power of two near
   * the largest of them (exact), so that differences and sums of numbers
   * near ±1.8e308 do not overflow; the ratios do not depend on it. */
  for (gsize i = 0; i < n_actuals; i++)
    if (isfinite (actuals[i]) && isfinite (forecasts[i]))
      {
        double pair[2] = { actuals[i], forecasts[i] };

        scale = MAX (scale, kpi_power_of_two_scale (pair, 2));
      }

  for (gsize i = 0; i < n_actuals; i++)
    {
      double a = actuals[i] / scale, f = forecasts[i] / scale, e = a - f;

      if (!isfinite (a) || !isfinite (f))
        continue;
      n++;
      sum_error += e;
      sum_abs += fabs (e);
      sum_abs_actual += fabs (a);
      min_abs_actual = MIN (min_abs_actual, fabs (a));
      if (a == 0)
        zero_actual = TRUE;
      else
        sum_ape += fabs (e) / fabs (a);
      if (fabs (a) + fabs (f) > 0)
        sum_sape += 2 * fabs (e) / (fabs (a) + fabs (f));
    }
  if (n == 0)
    {
      g_set_error_literal (error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_NOT_ENOUGH_DATA,
                           "no pair of actual and forecast without a missing value");
      return NULL;
    }
  if (!isfinite (sum_error / n * scale) || !isfinite (sum_abs / n * scale))
    {
      g_set_error_literal (error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_OUT_OF_RANGE,
                           "the errors of the forecast are beyond the range of "
                           "double-precision numbers");
      return NULL;
    }

  self = g_new0 (KpiForecastAccuracy, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->n_pairs = (guint) n;
  self->mape = zero_actual ? NAN : 100.0 * sum_ape / n;
  self->smape = 100.0 * sum_sape / n;
  self->uses_smape = zero_actual || min_abs_actual < NEAR_ZERO_SHARE * (sum_abs_actual / n);
  self->mean_error = sum_error / n * scale;
  self->mad = sum_abs / n * scale;
  self->tracking_signal = sum_abs > 0 ? sum_error / (sum_abs / n) : NAN;
  return self;
}

/**
 * kpi_forecast_accuracy_ref:
 * @self: an accuracy
 *
 * Takes a reference to @self.
 *
 * Returns: (transfer full): @self
 *
 * Since: 0.1
 */
KpiForecastAccuracy *
kpi_forecast_accuracy_ref (KpiForecastAccuracy *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * kpi_forecast_accuracy_unref:
 * @self: (transfer full): an accuracy
 *
 * Drops a reference to @self, freeing it when it was the last.
 *
 * Since: 0.1
 */
void
kpi_forecast_accuracy_unref (KpiForecastAccuracy *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    g_free (self);
}

/**
 * kpi_forecast_accuracy_get_n_pairs:
 * @self: an accuracy
 *
 * Gets the number of pairs measured: those without a missing number.
 *
 * Returns: the number of pairs
 *
 * Since: 0.1
 */
guint
kpi_forecast_accuracy_get_n_pairs (const KpiForecastAccuracy *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_pairs;
}

/**
 * kpi_forecast_accuracy_get_mape:
 * @self: an accuracy
 *
 * Gets the mean absolute percentage error, in percent.
 *
 * Returns: the MAPE, or NaN when an actual is 0
 *
 * Since: 0.1
 */
double
kpi_forecast_accuracy_get_mape (const KpiForecastAccuracy *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->mape;
}

/**
 * kpi_forecast_accuracy_get_smape:
 * @self: an accuracy
 *
 * Gets the symmetric mean absolute percentage error, in percent (0 to
 * 200).
 *
 * Returns: the sMAPE
 *
 * Since: 0.1
 */
double
kpi_forecast_accuracy_get_smape (const KpiForecastAccuracy *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->smape;
}

/**
 * kpi_forecast_accuracy_get_uses_smape:
 * @self: an accuracy
 *
 * Whether the error to show is the sMAPE rather than the MAPE: when an
 * actual is 0, or its absolute value is below 10⁻⁹ times the mean
 * absolute actual, where percentage errors blow up.
 *
 * Returns: %TRUE when [method@Kpi.ForecastAccuracy.get_percentage_error]
 *   is the sMAPE
 *
 * Since: 0.1
 */
gboolean
kpi_forecast_accuracy_get_uses_smape (const KpiForecastAccuracy *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->uses_smape;
}

/**
 * kpi_forecast_accuracy_get_percentage_error:
 * @self: an accuracy
 *
 * Gets the percentage error to show: the sMAPE when
 * [method@Kpi.ForecastAccuracy.get_uses_smape], the MAPE otherwise. It is
 * always a number: the sMAPE is there for the actuals of 0 that leave the
 * MAPE undefined.
 *
 * Returns: the MAPE or the sMAPE, in percent
 *
 * Since: 0.1
 */
double
kpi_forecast_accuracy_get_percentage_error (const KpiForecastAccuracy *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->uses_smape ? self->smape : self->mape;
}

/**
 * kpi_forecast_accuracy_get_mean_error:
 * @self: an accuracy
 *
 * Gets the mean error, the bias of the forecast: the mean of actual −
 * forecast, in the unit of the values. It has the sign of the tracking
 * signal.
 *
 * Returns: the mean error: positive when under-forecasting (the actuals
 *   above the forecasts), negative when over-forecasting
 *
 * Since: 0.1
 */
double
kpi_forecast_accuracy_get_mean_error (const KpiForecastAccuracy *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->mean_error;
}

/**
 * kpi_forecast_accuracy_get_mean_absolute_deviation:
 * @self: an accuracy
 *
 * Gets the mean absolute deviation of the errors (the MAD of the tracking
 * signal; not the median absolute deviation of the outlier checks): the
 * mean of |actual − forecast|, in the unit of the values.
 *
 * Returns: the mean absolute deviation
 *
 * Since: 0.1
 */
double
kpi_forecast_accuracy_get_mean_absolute_deviation (const KpiForecastAccuracy *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->mad;
}

/**
 * kpi_forecast_accuracy_get_tracking_signal:
 * @self: an accuracy
 *
 * Gets the tracking signal, Σ(actual − forecast) / MAD: the cumulative
 * error in units of the typical error, positive when the actuals are above
 * the forecasts.
 *
 * Returns: the tracking signal, or NaN when the MAD is 0 (a perfect
 *   forecast)
 *
 * Since: 0.1
 */
double
kpi_forecast_accuracy_get_tracking_signal (const KpiForecastAccuracy *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->tracking_signal;
}

/**
 * kpi_forecast_accuracy_get_bias_direction:
 * @self: an accuracy
 * @limit: the control limit of the tracking signal, a number of at least
 *   0; NaN for the default, %KPI_DEFAULT_TRACKING_SIGNAL_LIMIT (4)
 *
 * Whether the forecast is systematically off: under-forecasting when the
 * tracking signal is above @limit, over-forecasting when it is below
 * −@limit, neither when it is within ±@limit or undefined (a perfect
 * forecast). A limit of 0 flags any signal that is not 0; an infinite one
 * never flags a bias. A negative @limit is a programming error.
 *
 * Returns: the bias direction
 *
 * Since: 0.1
 */
KpiForecastBias
kpi_forecast_accuracy_get_bias_direction (const KpiForecastAccuracy *self,
                                          double                     limit)
{
  g_return_val_if_fail (self != NULL, KPI_FORECAST_BIAS_NONE);
  g_return_val_if_fail (isnan (limit) || limit >= 0, KPI_FORECAST_BIAS_NONE);

  if (isnan (limit))
    limit = KPI_DEFAULT_TRACKING_SIGNAL_LIMIT;
  if (self->tracking_signal > limit)
    return KPI_FORECAST_BIAS_UNDER_FORECASTING;
  if (self->tracking_signal < -limit)
    return KPI_FORECAST_BIAS_OVER_FORECASTING;
  return KPI_FORECAST_BIAS_NONE;
}
