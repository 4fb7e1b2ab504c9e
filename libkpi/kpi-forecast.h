/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-forecast.h: forecasts of the next periods, and the accuracy of a
 * forecast against what happened */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <glib-object.h>
#include <libkpi/kpi-version.h>

G_BEGIN_DECLS

/**
 * KPI_DEFAULT_FORECAST_SEASON_LENGTH:
 *
 * The number of periods in a season when none is given
 * ([property@Kpi.Forecaster:season-length] set to 0): 12, monthly data with
 * a yearly season.
 *
 * Since: 0.1
 */
#define KPI_DEFAULT_FORECAST_SEASON_LENGTH 12

/**
 * KPI_DEFAULT_FORECAST_CONFIDENCE_LEVEL:
 *
 * The confidence level of prediction intervals when none is given
 * ([property@Kpi.Forecaster:confidence-level] set to NaN): 0.95, a future
 * value falls within the interval 95 times in 100.
 *
 * Since: 0.1
 */
#define KPI_DEFAULT_FORECAST_CONFIDENCE_LEVEL 0.95

/**
 * KPI_FORECAST_MAX_HORIZON:
 *
 * The largest number of periods a [class@Kpi.Forecaster] forecasts: 10 000.
 * A longer horizon fails with %KPI_FORECAST_ERROR_INVALID_PARAMETER rather
 * than allocating what a mistyped number asks for.
 *
 * Since: 0.1
 */
#define KPI_FORECAST_MAX_HORIZON 10000

/**
 * KPI_DEFAULT_TRACKING_SIGNAL_LIMIT:
 *
 * The control limit of the tracking signal when none is given (NaN to
 * [method@Kpi.ForecastAccuracy.get_bias_direction]): a tracking signal
 * beyond ±4 says a forecast is systematically off, the classic limit of
 * Brown's tracking signal. Limits from 3 to 6 are common; a lower one
 * flags a bias sooner, and more often by chance.
 *
 * Since: 0.1
 */
#define KPI_DEFAULT_TRACKING_SIGNAL_LIMIT 4.0

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

/**
 * KpiForecastBias:
 * @KPI_FORECAST_BIAS_NONE: no systematic bias (the tracking signal is
 *   within ± the limit, %KPI_DEFAULT_TRACKING_SIGNAL_LIMIT by default, or
 *   undefined)
 * @KPI_FORECAST_BIAS_UNDER_FORECASTING: the forecasts are systematically
 *   below the actuals (tracking signal above the limit)
 * @KPI_FORECAST_BIAS_OVER_FORECASTING: the forecasts are systematically
 *   above the actuals (tracking signal below − the limit)
 *
 * Whether a forecast is systematically off, by its tracking signal
 * ([method@Kpi.ForecastAccuracy.get_bias_direction]).
 *
 * Since: 0.1
 */
typedef enum {
  KPI_FORECAST_BIAS_NONE,
  KPI_FORECAST_BIAS_UNDER_FORECASTING,
  KPI_FORECAST_BIAS_OVER_FORECASTING,
} KpiForecastBias;

typedef struct _KpiForecast KpiForecast;
typedef struct _KpiForecastAccuracy KpiForecastAccuracy;

#define KPI_TYPE_FORECAST (kpi_forecast_get_type ())
#define KPI_TYPE_FORECAST_ACCURACY (kpi_forecast_accuracy_get_type ())
#define KPI_TYPE_FORECASTER (kpi_forecaster_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiForecaster, kpi_forecaster, KPI, FORECASTER, GObject)

KPI_AVAILABLE_IN_0_1
KpiForecaster     *kpi_forecaster_new                   (void);
KPI_AVAILABLE_IN_0_1
KpiForecastMethod  kpi_forecaster_get_method            (KpiForecaster *self);
KPI_AVAILABLE_IN_0_1
void               kpi_forecaster_set_method            (KpiForecaster *self,
                                                         KpiForecastMethod method);
KPI_AVAILABLE_IN_0_1
guint              kpi_forecaster_get_season_length     (KpiForecaster *self);
KPI_AVAILABLE_IN_0_1
void               kpi_forecaster_set_season_length     (KpiForecaster *self,
                                                         guint          season_length);
KPI_AVAILABLE_IN_0_1
double             kpi_forecaster_get_confidence_level  (KpiForecaster *self);
KPI_AVAILABLE_IN_0_1
void               kpi_forecaster_set_confidence_level  (KpiForecaster *self,
                                                         double         level);
KPI_AVAILABLE_IN_0_1
double             kpi_forecaster_get_alpha             (KpiForecaster *self);
KPI_AVAILABLE_IN_0_1
void               kpi_forecaster_set_alpha             (KpiForecaster *self,
                                                         double         alpha);
KPI_AVAILABLE_IN_0_1
double             kpi_forecaster_get_beta              (KpiForecaster *self);
KPI_AVAILABLE_IN_0_1
void               kpi_forecaster_set_beta              (KpiForecaster *self,
                                                         double         beta);
KPI_AVAILABLE_IN_0_1
double             kpi_forecaster_get_gamma             (KpiForecaster *self);
KPI_AVAILABLE_IN_0_1
void               kpi_forecaster_set_gamma             (KpiForecaster *self,
                                                         double         gamma);
KPI_AVAILABLE_IN_0_1
double             kpi_forecaster_get_phi               (KpiForecaster *self);
KPI_AVAILABLE_IN_0_1
void               kpi_forecaster_set_phi               (KpiForecaster *self,
                                                         double         phi);
KPI_AVAILABLE_IN_0_1
KpiForecast       *kpi_forecaster_forecast              (KpiForecaster *self,
                                                         const double  *history,
                                                         gsize          n_history,
                                                         guint          horizon,
                                                         GError       **error);
KPI_AVAILABLE_IN_0_1
KpiForecast       *kpi_forecaster_forecast_values       (KpiForecaster *self,
                                                         GPtrArray     *values,
                                                         guint          horizon,
                                                         GError       **error);

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

KPI_AVAILABLE_IN_0_1
GType                kpi_forecast_accuracy_get_type     (void) G_GNUC_CONST;
KPI_AVAILABLE_IN_0_1
KpiForecastAccuracy *kpi_forecast_accuracy_new          (const double *actuals,
                                                         gsize         n_actuals,
                                                         const double *forecasts,
                                                         gsize         n_forecasts,
                                                         GError      **error);
KPI_AVAILABLE_IN_0_1
KpiForecastAccuracy *kpi_forecast_accuracy_ref          (KpiForecastAccuracy *self);
KPI_AVAILABLE_IN_0_1
void                 kpi_forecast_accuracy_unref        (KpiForecastAccuracy *self);
KPI_AVAILABLE_IN_0_1
guint                kpi_forecast_accuracy_get_n_pairs  (const KpiForecastAccuracy *self);
KPI_AVAILABLE_IN_0_1
double               kpi_forecast_accuracy_get_mape     (const KpiForecastAccuracy *self);
KPI_AVAILABLE_IN_0_1
double               kpi_forecast_accuracy_get_smape    (const KpiForecastAccuracy *self);
KPI_AVAILABLE_IN_0_1
gboolean             kpi_forecast_accuracy_get_uses_smape (const KpiForecastAccuracy *self);
KPI_AVAILABLE_IN_0_1
double               kpi_forecast_accuracy_get_percentage_error (const KpiForecastAccuracy *self);
KPI_AVAILABLE_IN_0_1
double               kpi_forecast_accuracy_get_mean_error (const KpiForecastAccuracy *self);
KPI_AVAILABLE_IN_0_1
double               kpi_forecast_accuracy_get_mean_absolute_deviation (const KpiForecastAccuracy *self);
KPI_AVAILABLE_IN_0_1
double               kpi_forecast_accuracy_get_tracking_signal (const KpiForecastAccuracy *self);
KPI_AVAILABLE_IN_0_1
KpiForecastBias      kpi_forecast_accuracy_get_bias_direction  (const KpiForecastAccuracy *self,
                                                                double                     limit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpiForecast, kpi_forecast_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpiForecastAccuracy, kpi_forecast_accuracy_unref)

G_END_DECLS
