/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-benchmark-private.h: what the benchmark classes share, and what
 * landings borrow. Not installed, not scanned. */

#pragma once

#include "kpi.h"

G_BEGIN_DECLS

/* "target", "previous period", "same period last year"... */
const char     *kpi_benchmark_kind_name       (KpiBenchmarkKind  kind);
/* "evenly", "by working days", "seasonally" */
const char     *kpi_phasing_method_words      (KpiPhasingMethod  method);

/* The provenance changed (a subclass's setting). */
void            kpi_benchmark_notify_provenance (KpiBenchmark   *self);

/* Whether the figures are flows or stocks: the phasing's; without one, a
 * rate indicator's reference is a level, anything else a flow. */
KpiMeasureType  kpi_benchmark_measure_type    (KpiBenchmark     *self,
                                               KpiIndicator     *indicator);
/* The benchmark's phasing, or an even one of the measure type above. */
KpiPhasing     *kpi_benchmark_dup_phasing_for (KpiBenchmark     *self,
                                               KpiIndicator     *indicator);
/* Whether @part is not the whole of @period. */
gboolean        kpi_benchmark_is_part         (const KpiPeriod  *period,
                                               const KpiPeriod  *part);
/* The figure @whole of @period for @part: a flow times the phasing's share
 * of @part (and "pro-rated … to PART" in @detail), a level as it is. */
KpiValue       *kpi_benchmark_pro_rate        (KpiBenchmark     *self,
                                               KpiIndicator     *indicator,
                                               KpiContext       *context,
                                               KpiValue         *whole,
                                               const KpiPeriod  *period,
                                               const KpiPeriod  *part,
                                               char            **detail);

/* The history a forecast may learn from in @series (the values of
 * consecutive periods, oldest first): the periods over at @now and known
 * (a prefix of @series, whose length goes to @n_closed: periods over but
 * after the data's coverage are to be forecast too), without the leading
 * ones that have no rows (before the data starts). The values are borrowed
 * from @series. */
/* The smallest base a relative change is meaningful on, for the
 * indicator's value over @period: the policy's, or NaN when it has one
 * (kpi_comparison_new() applies it), else derived from the periods before
 * @period as kpi_benchmark_compare() does. */
gboolean        kpi_benchmark_derive_min_base (KpiIndicator     *indicator,
                                               KpiContext       *context,
                                               const KpiPeriod  *period,
                                               double           *min_base,
                                               GError          **error);

/* How many periods before a value's its small base is derived from (0
 * when the indicator's policy sets its own), and the small base derived
 * from their values, in order (NaN when the policy sets its own): what
 * kpi_benchmark_derive_min_base() does with values the caller already
 * has. */
guint           kpi_benchmark_min_base_periods (KpiIndicator     *indicator);
double          kpi_benchmark_min_base_of_values (KpiIndicator     *indicator,
                                                  KpiValue * const *values,
                                                  guint             n_values);

/* kpi_benchmark_compare() with what the caller already has: the actual
 * value of the period (to date when it is not over) and the minimum base
 * of kpi_benchmark_derive_min_base(), each %NULL to compute it. A report
 * comparing one value with several benchmarks computes them once. */
KpiComparison  *kpi_benchmark_compare_given   (KpiBenchmark     *self,
                                               KpiIndicator     *indicator,
                                               KpiContext       *context,
                                               const KpiPeriod  *period,
                                               KpiValue         *given_actual,
                                               const double     *given_min_base,
                                               GError          **error);

GPtrArray      *kpi_forecast_history          (GPtrArray        *series,
                                               gint64            now,
                                               guint            *n_closed);

G_END_DECLS
