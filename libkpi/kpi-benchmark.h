/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-benchmark.h: a reference an indicator is judged against */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <gio/gio.h>
#include <libkpi/kpi-version.h>
#include <libkpi/kpi-period.h>
#include <libkpi/kpi-calendar.h>
#include <libkpi/kpi-dataset.h>
#include <libkpi/kpi-value.h>
#include <libkpi/kpi-indicator.h>
#include <libkpi/kpi-comparison.h>
#include <libkpi/kpi-phasing.h>
#include <libkpi/kpi-forecast-accuracy.h>
#include <libkpi/kpi-plan.h>
#include <libkpi/kpi-context.h>

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
 * @KPI_BENCHMARK_ERROR_REFERENCE: a table's formula refers to an indicator
 *   (`@id`): it reads only its table
 * @KPI_BENCHMARK_ERROR_NO_VALUE: a subclass's evaluation gave neither a
 *   value nor an error (a benchmark written in JavaScript cannot run in the
 *   worker thread of an `_async` call)
 *
 * Errors of the %KPI_BENCHMARK_ERROR domain.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_BENCHMARK_ERROR_NEEDS_PHASING,
  KPI_BENCHMARK_ERROR_OUT_OF_RANGE,
  KPI_BENCHMARK_ERROR_INVALID_KIND,
  KPI_BENCHMARK_ERROR_REFERENCE,
  KPI_BENCHMARK_ERROR_NO_VALUE,
} KpiBenchmarkError;

KPI_AVAILABLE_IN_0_1
GQuark kpi_benchmark_error_quark (void);

#define KPI_TYPE_BENCHMARK (kpi_benchmark_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_DERIVABLE_TYPE (KpiBenchmark, kpi_benchmark, KPI, BENCHMARK, GObject)

/**
 * KpiBenchmarkClass:
 * @parent_class: the parent class
 * @evaluate: computes the reference for a whole period; every benchmark
 *   implements it
 * @evaluate_part: computes the reference for @part, the stretch of
 *   @period compared like for like while @period is not over, and may say
 *   how in @detail (appended to the benchmark's description: `, phased by
 *   working days`); the default evaluates the whole period and pro-rates a
 *   flow by the share of @part ([property@Kpi.Benchmark:phasing], even
 *   when none is set), keeps a level as it is
 * @describe: where the values come from, in words (`budget.csv (version
 *   3), sum(revenue)`, `previous period`); the default is the name of the
 *   kind
 *
 * The virtual methods of [class@Kpi.Benchmark], which applications
 * override in C or in Python to add their own references (a peer's
 * figures, an industry index). They may be called from several threads
 * at once.
 *
 * Since: 0.1
 */
struct _KpiBenchmarkClass
{
  GObjectClass parent_class;

  KpiValue * (*evaluate)      (KpiBenchmark     *self,
                               KpiIndicator     *indicator,
                               KpiContext       *context,
                               const KpiPeriod  *period,
                               GError          **error);
  KpiValue * (*evaluate_part) (KpiBenchmark     *self,
                               KpiIndicator     *indicator,
                               KpiContext       *context,
                               const KpiPeriod  *period,
                               const KpiPeriod  *part,
                               char            **detail,
                               GError          **error);
  char     * (*describe)      (KpiBenchmark     *self);

  /*< private >*/
  gpointer padding[12];
};

KPI_AVAILABLE_IN_0_1
KpiBenchmarkKind  kpi_benchmark_get_kind          (KpiBenchmark     *self);
KPI_AVAILABLE_IN_0_1
const char       *kpi_benchmark_get_name          (KpiBenchmark     *self);
KPI_AVAILABLE_IN_0_1
void              kpi_benchmark_set_name          (KpiBenchmark     *self,
                                                   const char       *name);
KPI_AVAILABLE_IN_0_1
const char       *kpi_benchmark_get_source_name   (KpiBenchmark     *self);
KPI_AVAILABLE_IN_0_1
void              kpi_benchmark_set_source_name   (KpiBenchmark     *self,
                                                   const char       *source_name);
KPI_AVAILABLE_IN_0_1
const char       *kpi_benchmark_get_version       (KpiBenchmark     *self);
KPI_AVAILABLE_IN_0_1
void              kpi_benchmark_set_version       (KpiBenchmark     *self,
                                                   const char       *version);
KPI_AVAILABLE_IN_0_1
KpiPhasing       *kpi_benchmark_get_phasing       (KpiBenchmark     *self);
KPI_AVAILABLE_IN_0_1
void              kpi_benchmark_set_phasing       (KpiBenchmark     *self,
                                                   KpiPhasing       *phasing);
KPI_AVAILABLE_IN_0_1
char             *kpi_benchmark_dup_provenance    (KpiBenchmark     *self);

KPI_AVAILABLE_IN_0_1
KpiValue         *kpi_benchmark_evaluate          (KpiBenchmark     *self,
                                                   KpiIndicator     *indicator,
                                                   KpiContext       *context,
                                                   const KpiPeriod  *period,
                                                   GError          **error);
KPI_AVAILABLE_IN_0_1
KpiComparison    *kpi_benchmark_compare           (KpiBenchmark     *self,
                                                   KpiIndicator     *indicator,
                                                   KpiContext       *context,
                                                   const KpiPeriod  *period,
                                                   GError          **error);
KPI_AVAILABLE_IN_0_1
GPtrArray        *kpi_benchmark_compare_series    (KpiBenchmark     *self,
                                                   KpiIndicator     *indicator,
                                                   KpiContext       *context,
                                                   const KpiPeriod  *first,
                                                   const KpiPeriod  *last,
                                                   GError          **error);
KPI_AVAILABLE_IN_0_1
void              kpi_benchmark_compare_series_async  (KpiBenchmark        *self,
                                                       KpiIndicator        *indicator,
                                                       KpiContext          *context,
                                                       const KpiPeriod     *first,
                                                       const KpiPeriod     *last,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
KPI_AVAILABLE_IN_0_1
GPtrArray        *kpi_benchmark_compare_series_finish (KpiBenchmark        *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
KPI_AVAILABLE_IN_0_1
KpiForecastAccuracy *kpi_benchmark_measure_accuracy (KpiBenchmark     *self,
                                                     KpiIndicator     *indicator,
                                                     KpiContext       *context,
                                                     const KpiPeriod  *first,
                                                     const KpiPeriod  *last,
                                                     GError          **error);

G_END_DECLS
