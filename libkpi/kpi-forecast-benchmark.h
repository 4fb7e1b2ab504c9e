/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-forecast-benchmark.h: a forecast of the indicator from its history */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <libkpi/kpi-benchmark.h>
#include <libkpi/kpi-forecaster.h>

G_BEGIN_DECLS

/**
 * KPI_FORECAST_BENCHMARK_HISTORY:
 *
 * How many periods of history a [class@Kpi.ForecastBenchmark] hands to its
 * forecaster: 36, three yearly seasons of months.
 *
 * Since: 0.1
 */
#define KPI_FORECAST_BENCHMARK_HISTORY 36

#define KPI_TYPE_FORECAST_BENCHMARK (kpi_forecast_benchmark_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiForecastBenchmark, kpi_forecast_benchmark, KPI, FORECAST_BENCHMARK, KpiBenchmark)

KPI_AVAILABLE_IN_0_1
KpiBenchmark  *kpi_forecast_benchmark_new            (KpiForecaster        *forecaster);
KPI_AVAILABLE_IN_0_1
KpiForecaster *kpi_forecast_benchmark_get_forecaster (KpiForecastBenchmark *self);

G_END_DECLS
