/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-forecast.c: the forecast a forecaster gives, KpiForecast (points,
 * prediction intervals, the method and parameters used, a description),
 * and the error domain of forecasts. The forecaster that makes it is in
 * kpi-forecaster.c, its methods in kpi-forecast-methods.c, the accuracy of
 * a forecast in kpi-forecast-accuracy.c. */

#include "config.h"

#include <math.h>

#include "kpi.h"
#include "kpi-forecast-private.h"

/**
 * KpiForecast:
 *
 * The forecast of the next periods made by a [class@Kpi.Forecaster]: a
 * point and a prediction interval per period, the method actually used,
 * its parameters and a description of it all, the provenance a benchmark
 * shows. A forecast is immutable: it may be shared between threads.
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
 *
 * // the method chosen by a backtest (the default), then the next quarter
 * forecast = kpi_forecaster_forecast (forecaster, orders, G_N_ELEMENTS (orders), 3, &error);
 * if (forecast == NULL)
 *   g_error ("%s", error->message);
 * g_print ("%s\n", kpi_forecast_get_description (forecast));
 * for (guint i = 0; i < kpi_forecast_get_horizon (forecast); i++)
 *   g_print ("%.0f (%.0f to %.0f at %.0f %%)\n", kpi_forecast_get_point (forecast, i),
 *            kpi_forecast_get_lower (forecast, i), kpi_forecast_get_upper (forecast, i),
 *            100 * kpi_forecast_get_confidence_level (forecast));
 * ```
 *
 * ```python
 * # two years of monthly orders, oldest first
 * orders = [80, 85, 95, 100, 110, 120, 115, 105, 100, 95, 110, 140,
 *           90, 96, 104, 112, 121, 133, 126, 117, 110, 104, 122, 155]
 * forecaster = Kpi.Forecaster.new()
 * # the method chosen by a backtest (the default), then the next quarter
 * forecast = forecaster.forecast(orders, 3)
 * print(forecast.get_description())
 * for i in range(forecast.get_horizon()):
 *     print(f"{forecast.get_point(i):.0f} ({forecast.get_lower(i):.0f} to {forecast.get_upper(i):.0f} "
 *           f"at {100 * forecast.get_confidence_level():.0f} %)")
 * ```
 *
 * ```js
 * // two years of monthly orders, oldest first
 * const orders = [80, 85, 95, 100, 110, 120, 115, 105, 100, 95, 110, 140,
 *     90, 96, 104, 112, 121, 133, 126, 117, 110, 104, 122, 155];
 * const forecaster = Kpi.Forecaster.new();
 * // the method chosen by a backtest (the default), then the next quarter
 * const forecast = forecaster.forecast(orders, 3);
 * print(forecast.get_description());
 * for (let i = 0; i < forecast.get_horizon(); i++) {
 *     print(`${forecast.get_point(i).toFixed(0)} (${forecast.get_lower(i).toFixed(0)} to ` +
 *           `${forecast.get_upper(i).toFixed(0)} at ${(100 * forecast.get_confidence_level()).toFixed(0)} %)`);
 * }
 * ```
 *
 * Since: 0.1
 */

/**
 * kpi_forecast_error_quark:
 *
 * The error domain of forecasts and their accuracy, %KPI_FORECAST_ERROR;
 * its codes are the #KpiForecastError enumeration.
 *
 * Returns: the quark of the domain
 *
 * Since: 0.1
 */
G_DEFINE_QUARK (kpi-forecast-error-quark, kpi_forecast_error)

G_DEFINE_BOXED_TYPE (KpiForecast, kpi_forecast, kpi_forecast_ref, kpi_forecast_unref)

/**
 * kpi_forecast_ref:
 * @self: a forecast
 *
 * Takes a reference to @self.
 *
 * Returns: (transfer full): @self
 *
 * Since: 0.1
 */
KpiForecast *
kpi_forecast_ref (KpiForecast *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * kpi_forecast_unref:
 * @self: (transfer full): a forecast
 *
 * Drops a reference to @self, freeing it when it was the last.
 *
 * Since: 0.1
 */
void
kpi_forecast_unref (KpiForecast *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->points);
  g_free (self->lower);
  g_free (self->upper);
  g_free (self->description);
  g_free (self);
}

/**
 * kpi_forecast_get_method:
 * @self: a forecast
 *
 * Gets the method actually used: never %KPI_FORECAST_METHOD_AUTO.
 *
 * Returns: the method
 *
 * Since: 0.1
 */
KpiForecastMethod
kpi_forecast_get_method (const KpiForecast *self)
{
  g_return_val_if_fail (self != NULL, KPI_FORECAST_METHOD_AUTO);

  return self->method;
}

/**
 * kpi_forecast_get_horizon:
 * @self: a forecast
 *
 * Gets the number of periods forecast.
 *
 * Returns: the horizon
 *
 * Since: 0.1
 */
guint
kpi_forecast_get_horizon (const KpiForecast *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->horizon;
}

/**
 * kpi_forecast_get_n_history:
 * @self: a forecast
 *
 * Gets the number of past periods the forecast was made from, after the
 * leading missing values were dropped.
 *
 * Returns: the length of the history used
 *
 * Since: 0.1
 */
guint
kpi_forecast_get_n_history (const KpiForecast *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_history;
}

/**
 * kpi_forecast_get_point:
 * @self: a forecast
 * @i: the period, 0 for the first after the history
 *
 * Gets the forecast of a period.
 *
 * Returns: the point forecast
 *
 * Since: 0.1
 */
double
kpi_forecast_get_point (const KpiForecast *self,
                        guint              i)
{
  g_return_val_if_fail (self != NULL, NAN);
  g_return_val_if_fail (i < self->horizon, NAN);

  return self->points[i];
}

/**
 * kpi_forecast_get_lower:
 * @self: a forecast
 * @i: the period, 0 for the first after the history
 *
 * Gets the lower bound of the prediction interval of a period.
 *
 * Returns: the lower bound, or NaN when there were too few values to
 *   measure the one-step errors
 *
 * Since: 0.1
 */
double
kpi_forecast_get_lower (const KpiForecast *self,
                        guint              i)
{
  g_return_val_if_fail (self != NULL, NAN);
  g_return_val_if_fail (i < self->horizon, NAN);

  return self->lower[i];
}

/**
 * kpi_forecast_get_upper:
 * @self: a forecast
 * @i: the period, 0 for the first after the history
 *
 * Gets the upper bound of the prediction interval of a period.
 *
 * Returns: the upper bound, or NaN when there were too few values to
 *   measure the one-step errors
 *
 * Since: 0.1
 */
double
kpi_forecast_get_upper (const KpiForecast *self,
                        guint              i)
{
  g_return_val_if_fail (self != NULL, NAN);
  g_return_val_if_fail (i < self->horizon, NAN);

  return self->upper[i];
}

/**
 * kpi_forecast_get_points:
 * @self: a forecast
 * @n_points: (out) (optional): return location for the number of points
 *
 * Gets all the point forecasts.
 *
 * Returns: (transfer none) (array length=n_points): the points, one per
 *   period of the horizon
 *
 * Since: 0.1
 */
const double *
kpi_forecast_get_points (const KpiForecast *self,
                         gsize             *n_points)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (n_points != NULL)
    *n_points = self->horizon;
  return self->points;
}

/**
 * kpi_forecast_get_alpha:
 * @self: a forecast
 *
 * Gets the level smoothing parameter used, given or estimated.
 *
 * Returns: α, or NaN for the naive methods
 *
 * Since: 0.1
 */
double
kpi_forecast_get_alpha (const KpiForecast *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->alpha;
}

/**
 * kpi_forecast_get_beta:
 * @self: a forecast
 *
 * Gets the trend smoothing parameter used (the β of the component form,
 * bₜ = β(ℓₜ − ℓₜ₋₁) + (1 − β)bₜ₋₁).
 *
 * Returns: β, or NaN for the naive methods
 *
 * Since: 0.1
 */
double
kpi_forecast_get_beta (const KpiForecast *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->beta;
}

/**
 * kpi_forecast_get_gamma:
 * @self: a forecast
 *
 * Gets the seasonal smoothing parameter used.
 *
 * Returns: γ, or NaN for methods without a smoothed season
 *
 * Since: 0.1
 */
double
kpi_forecast_get_gamma (const KpiForecast *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->gamma;
}

/**
 * kpi_forecast_get_phi:
 * @self: a forecast
 *
 * Gets the damping parameter used by the damped trend, given or estimated.
 *
 * Returns: φ, or NaN for the other methods
 *
 * Since: 0.1
 */
double
kpi_forecast_get_phi (const KpiForecast *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->phi;
}

/**
 * kpi_forecast_get_season_length:
 * @self: a forecast
 *
 * Gets the season length used by a seasonal method.
 *
 * Returns: the number of periods in a season, or 0 for a method without
 *   season
 *
 * Since: 0.1
 */
guint
kpi_forecast_get_season_length (const KpiForecast *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->season_length;
}

/**
 * kpi_forecast_get_residual_standard_deviation:
 * @self: a forecast
 *
 * Gets the residual standard deviation σ: the root mean square of the
 * one-step-ahead errors over the history, which scales the prediction
 * intervals.
 *
 * Returns: σ, or NaN when the history is too short to have one-step errors
 *
 * Since: 0.1
 */
double
kpi_forecast_get_residual_standard_deviation (const KpiForecast *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->sigma;
}

/**
 * kpi_forecast_get_confidence_level:
 * @self: a forecast
 *
 * Gets the confidence level of the prediction intervals: the
 * forecaster's [property@Kpi.Forecaster:confidence-level].
 *
 * Returns: the level, such as 0.95
 *
 * Since: 0.1
 */
double
kpi_forecast_get_confidence_level (const KpiForecast *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->confidence_level;
}

/**
 * kpi_forecast_get_description:
 * @self: a forecast
 *
 * Gets a description of how the forecast was made, for people: "Holt–Winters
 * additive (season 12, α=0.31, β=0.02, γ=0.10) on 36 periods", followed,
 * when %KPI_FORECAST_METHOD_AUTO chose it by a backtest, by the backtest's
 * figures ("; chosen by a backtest over 12 origins: mean absolute error
 * 4.2 (against naive 19.8, seasonal naive 7.1, Holt 15.3, damped trend
 * 14.9)"), whether a method whose forecast overflowed gave way to another,
 * and what was done to the history (missing values dropped or
 * interpolated).
 *
 * Returns: (transfer none): the description
 *
 * Since: 0.1
 */
const char *
kpi_forecast_get_description (const KpiForecast *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->description;
}

/**
 * kpi_forecast_get_backtest_error:
 * @self: a forecast
 *
 * Gets the error by which %KPI_FORECAST_METHOD_AUTO chose the method: the
 * mean absolute error, in the unit of the series, of the method's
 * forecasts of the past periods in the backtest (see
 * [class@Kpi.Forecaster]).
 *
 * Returns: the backtest error, or NaN when the method was set, or chosen
 *   by the length of the history because too few methods could be
 *   backtested
 *
 * Since: 0.1
 */
double
kpi_forecast_get_backtest_error (const KpiForecast *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->backtest_error;
}

/**
 * kpi_forecast_get_n_backtest_origins:
 * @self: a forecast
 *
 * Gets the number of origins of the backtest that chose the method: the
 * forecasts made from each of them were compared with what followed.
 *
 * Returns: the number of origins, 0 when the method was not chosen by a
 *   backtest
 *
 * Since: 0.1
 */
guint
kpi_forecast_get_n_backtest_origins (const KpiForecast *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_backtest_origins;
}
