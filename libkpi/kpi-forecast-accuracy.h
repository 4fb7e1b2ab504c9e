/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-forecast-accuracy.h: the accuracy of a forecast against what
 * happened, KpiForecastAccuracy, and the tracking signal's limit */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <glib-object.h>
#include <libkpi/kpi-version.h>
#include <libkpi/kpi-forecast.h>

G_BEGIN_DECLS

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

typedef struct _KpiForecastAccuracy KpiForecastAccuracy;

#define KPI_TYPE_FORECAST_ACCURACY (kpi_forecast_accuracy_get_type ())

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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpiForecastAccuracy, kpi_forecast_accuracy_unref)

G_END_DECLS
