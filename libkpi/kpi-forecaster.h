/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-forecaster.h: KpiForecaster, which forecasts the next periods of a
 * series, and its defaults */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <glib-object.h>
#include <libkpi/kpi-version.h>
#include <libkpi/kpi-forecast.h>

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


G_END_DECLS
