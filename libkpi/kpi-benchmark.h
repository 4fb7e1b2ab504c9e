/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-benchmark.h: a reference an indicator is judged against */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <glib-object.h>
#include <libkpi/kpi-version.h>
#include <libkpi/kpi-period.h>
#include <libkpi/kpi-calendar.h>
#include <libkpi/kpi-dataset.h>
#include <libkpi/kpi-value.h>
#include <libkpi/kpi-indicator.h>
#include <libkpi/kpi-comparison.h>
#include <libkpi/kpi-phasing.h>
#include <libkpi/kpi-forecast.h>
#include <libkpi/kpi-plan.h>

G_BEGIN_DECLS

/**
 * KPI_BENCHMARK_ERROR:
 *
 * The error domain of [class@Kpi.Benchmark]. Errors are from the
 * #KpiBenchmarkError enumeration; formulas that do not fit their table fail
 * with %KPI_FORMULA_ERROR.
 *
 * Since: 0.1
 */
#define KPI_BENCHMARK_ERROR (kpi_benchmark_error_quark ())

/**
 * KpiBenchmarkError:
 * @KPI_BENCHMARK_ERROR_NEEDS_PHASING: the table gives figures for periods
 *   longer than the one asked (a yearly budget asked for a month), and the
 *   benchmark has no [property@Kpi.Benchmark:phasing] to spread them
 * @KPI_BENCHMARK_ERROR_OUT_OF_RANGE: the reference period (one period or
 *   one year back) is outside the years 1 to 9999
 * @KPI_BENCHMARK_ERROR_INVALID_KIND: the kind does not fit the source: an
 *   offset is the previous period or last year, a table is not
 *
 * Errors of the %KPI_BENCHMARK_ERROR domain.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_BENCHMARK_ERROR_NEEDS_PHASING,
  KPI_BENCHMARK_ERROR_OUT_OF_RANGE,
  KPI_BENCHMARK_ERROR_INVALID_KIND,
} KpiBenchmarkError;

KPI_AVAILABLE_IN_0_1
GQuark kpi_benchmark_error_quark (void);

#define KPI_TYPE_BENCHMARK (kpi_benchmark_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiBenchmark, kpi_benchmark, KPI, BENCHMARK, GObject)

KPI_AVAILABLE_IN_0_1
KpiBenchmark     *kpi_benchmark_new_constant          (KpiBenchmarkKind  kind,
                                                       double            value);
KPI_AVAILABLE_IN_0_1
KpiBenchmark     *kpi_benchmark_new_table             (KpiBenchmarkKind  kind,
                                                       KpiDataset       *table,
                                                       const char       *formula,
                                                       GError          **error);
KPI_AVAILABLE_IN_0_1
KpiBenchmark     *kpi_benchmark_new_offset            (KpiBenchmarkKind  kind,
                                                       GError          **error);

KPI_AVAILABLE_IN_0_1
KpiBenchmark     *kpi_benchmark_new_forecast          (KpiForecaster    *forecaster);
KPI_AVAILABLE_IN_0_1
KpiBenchmark     *kpi_benchmark_new_plan              (KpiPlan          *plan);
KPI_AVAILABLE_IN_0_1
KpiBenchmarkKind  kpi_benchmark_get_kind              (KpiBenchmark     *self);
KPI_AVAILABLE_IN_0_1
const char       *kpi_benchmark_get_name              (KpiBenchmark     *self);
KPI_AVAILABLE_IN_0_1
void              kpi_benchmark_set_name              (KpiBenchmark     *self,
                                                       const char       *name);
KPI_AVAILABLE_IN_0_1
const char       *kpi_benchmark_get_source_name       (KpiBenchmark     *self);
KPI_AVAILABLE_IN_0_1
void              kpi_benchmark_set_source_name       (KpiBenchmark     *self,
                                                       const char       *source_name);
KPI_AVAILABLE_IN_0_1
const char       *kpi_benchmark_get_version           (KpiBenchmark     *self);
KPI_AVAILABLE_IN_0_1
void              kpi_benchmark_set_version           (KpiBenchmark     *self,
                                                       const char       *version);
KPI_AVAILABLE_IN_0_1
KpiPhasing       *kpi_benchmark_get_phasing           (KpiBenchmark     *self);
KPI_AVAILABLE_IN_0_1
void              kpi_benchmark_set_phasing           (KpiBenchmark     *self,
                                                       KpiPhasing       *phasing);
KPI_AVAILABLE_IN_0_1
KpiGranularity    kpi_benchmark_get_source_granularity (KpiBenchmark    *self);
KPI_AVAILABLE_IN_0_1
void              kpi_benchmark_set_source_granularity (KpiBenchmark    *self,
                                                        KpiGranularity   granularity);
KPI_AVAILABLE_IN_0_1
KpiDataset       *kpi_benchmark_get_table             (KpiBenchmark     *self);
KPI_AVAILABLE_IN_0_1
const char       *kpi_benchmark_get_formula           (KpiBenchmark     *self);
KPI_AVAILABLE_IN_0_1
const char       *kpi_benchmark_get_provenance        (KpiBenchmark     *self);

KPI_AVAILABLE_IN_0_1
KpiValue         *kpi_benchmark_evaluate              (KpiBenchmark     *self,
                                                       KpiIndicator     *indicator,
                                                       KpiCalendar      *calendar,
                                                       const KpiPeriod  *period,
                                                       GError          **error);
KPI_AVAILABLE_IN_0_1
KpiComparison    *kpi_benchmark_compare               (KpiBenchmark     *self,
                                                       KpiIndicator     *indicator,
                                                       KpiCalendar      *calendar,
                                                       const KpiPeriod  *period,
                                                       GError          **error);
KPI_AVAILABLE_IN_0_1
GPtrArray        *kpi_benchmark_compare_series        (KpiBenchmark     *self,
                                                       KpiIndicator     *indicator,
                                                       KpiCalendar      *calendar,
                                                       const KpiPeriod  *first,
                                                       const KpiPeriod  *last,
                                                       GError          **error);

KPI_AVAILABLE_IN_0_1
KpiForecastAccuracy *kpi_benchmark_measure_accuracy (KpiBenchmark     *self,
                                                     KpiIndicator     *indicator,
                                                     KpiCalendar      *calendar,
                                                     const KpiPeriod  *first,
                                                     const KpiPeriod  *last,
                                                     GError          **error);

G_END_DECLS
