/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-forecast.h: the forecast of the next periods, KpiForecast, the
 * forecasting methods and the error domain of forecasts (the forecaster
 * that makes it is in kpi-forecaster.h, the accuracy of a forecast in
 * kpi-forecast-accuracy.h) */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <glib-object.h>
#include <libkpi/kpi-version.h>

G_BEGIN_DECLS

/**
 * KPI_FORECAST_ERROR:
 *
 * The error domain of [class@Kpi.Forecaster] and
 * [struct@Kpi.ForecastAccuracy]: histories too short or with a hole at
 * the end, parameters out of range. Its codes are the #KpiForecastError
 * enumeration.
 *
 * Since: 0.1
 */
#define KPI_FORECAST_ERROR (kpi_forecast_error_quark ())

/**
 * KpiForecastError:
 * @KPI_FORECAST_ERROR_NOT_ENOUGH_DATA: the history is too short for the
 *   method (or, for accuracy, no pair of numbers is left)
 * @KPI_FORECAST_ERROR_MISSING_VALUE: the last value of the history is
 *   missing, so there is nothing to forecast from
 * @KPI_FORECAST_ERROR_INVALID_PARAMETER: a setting is out of range (a
 *   smoothing parameter outside 0..1, a damping parameter outside 0..1, a
 *   confidence level not strictly between 0 and 1, a season of 1 period,
 *   a horizon of 0 or beyond %KPI_FORECAST_MAX_HORIZON periods); NaN, which
 *   asks for the default or an estimate, is never out of range
 * @KPI_FORECAST_ERROR_OUT_OF_RANGE: the result is beyond the range of
 *   double-precision numbers (a forecast, a bound or an error measure of
 *   series near ±1.8e308 would overflow)
 * @KPI_FORECAST_ERROR_LENGTH_MISMATCH: the actuals and the forecasts whose
 *   accuracy is measured are not as many
 *
 * Errors of the %KPI_FORECAST_ERROR domain.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_FORECAST_ERROR_NOT_ENOUGH_DATA,
  KPI_FORECAST_ERROR_MISSING_VALUE,
  KPI_FORECAST_ERROR_INVALID_PARAMETER,
  KPI_FORECAST_ERROR_OUT_OF_RANGE,
  KPI_FORECAST_ERROR_LENGTH_MISMATCH,
} KpiForecastError;

KPI_AVAILABLE_IN_0_1
GQuark kpi_forecast_error_quark (void);

/**
 * KpiForecastMethod:
 * @KPI_FORECAST_METHOD_AUTO: choose by a rolling-origin backtest over the
 *   history: the method whose forecasts of the past periods, each made
 *   from the periods before it, were the closest (see
 *   [class@Kpi.Forecaster])
 * @KPI_FORECAST_METHOD_NAIVE: every future value is the last one
 * @KPI_FORECAST_METHOD_SEASONAL_NAIVE: every future value is the value of
 *   the same season one season earlier
 * @KPI_FORECAST_METHOD_HOLT: Holt's linear trend method (exponential
 *   smoothing of a level and a trend)
 * @KPI_FORECAST_METHOD_HOLT_WINTERS: Holt–Winters additive method (level,
 *   trend and additive seasonality)
 * @KPI_FORECAST_METHOD_DAMPED_TREND: additive damped trend (Gardner and
 *   McKenzie): Holt's method with a trend that fades by a factor φ a
 *   period
 *
 * How a [class@Kpi.Forecaster] forecasts.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_FORECAST_METHOD_AUTO,
  KPI_FORECAST_METHOD_NAIVE,
  KPI_FORECAST_METHOD_SEASONAL_NAIVE,
  KPI_FORECAST_METHOD_HOLT,
  KPI_FORECAST_METHOD_HOLT_WINTERS,
  KPI_FORECAST_METHOD_DAMPED_TREND,
} KpiForecastMethod;

typedef struct _KpiForecast KpiForecast;

#define KPI_TYPE_FORECAST (kpi_forecast_get_type ())

KPI_AVAILABLE_IN_0_1
GType              kpi_forecast_get_type                (void) G_GNUC_CONST;
KPI_AVAILABLE_IN_0_1
KpiForecast       *kpi_forecast_ref                     (KpiForecast   *self);
KPI_AVAILABLE_IN_0_1
void               kpi_forecast_unref                   (KpiForecast   *self);
KPI_AVAILABLE_IN_0_1
KpiForecastMethod  kpi_forecast_get_method              (const KpiForecast *self);
KPI_AVAILABLE_IN_0_1
guint              kpi_forecast_get_horizon             (const KpiForecast *self);
KPI_AVAILABLE_IN_0_1
guint              kpi_forecast_get_n_history           (const KpiForecast *self);
KPI_AVAILABLE_IN_0_1
double             kpi_forecast_get_point               (const KpiForecast *self,
                                                         guint              i);
KPI_AVAILABLE_IN_0_1
double             kpi_forecast_get_lower               (const KpiForecast *self,
                                                         guint              i);
KPI_AVAILABLE_IN_0_1
double             kpi_forecast_get_upper               (const KpiForecast *self,
                                                         guint              i);
KPI_AVAILABLE_IN_0_1
const double      *kpi_forecast_get_points              (const KpiForecast *self,
                                                         gsize             *n_points);
KPI_AVAILABLE_IN_0_1
double             kpi_forecast_get_alpha               (const KpiForecast *self);
KPI_AVAILABLE_IN_0_1
double             kpi_forecast_get_beta                (const KpiForecast *self);
KPI_AVAILABLE_IN_0_1
double             kpi_forecast_get_gamma               (const KpiForecast *self);
KPI_AVAILABLE_IN_0_1
double             kpi_forecast_get_phi                 (const KpiForecast *self);
KPI_AVAILABLE_IN_0_1
guint              kpi_forecast_get_season_length       (const KpiForecast *self);
KPI_AVAILABLE_IN_0_1
double             kpi_forecast_get_residual_standard_deviation (const KpiForecast *self);
KPI_AVAILABLE_IN_0_1
double             kpi_forecast_get_confidence_level    (const KpiForecast *self);
KPI_AVAILABLE_IN_0_1
const char        *kpi_forecast_get_description         (const KpiForecast *self);
KPI_AVAILABLE_IN_0_1
double             kpi_forecast_get_backtest_error      (const KpiForecast *self);
KPI_AVAILABLE_IN_0_1
guint              kpi_forecast_get_n_backtest_origins  (const KpiForecast *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpiForecast, kpi_forecast_unref)

G_END_DECLS
