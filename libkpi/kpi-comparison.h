/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-comparison.h: an actual against one reference */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <glib-object.h>
#include <libkpi/kpi-version.h>
#include <libkpi/kpi-value.h>
#include <libkpi/kpi-comparison-policy.h>

G_BEGIN_DECLS

/**
 * KpiBenchmarkKind:
 * @KPI_BENCHMARK_KIND_TARGET: an objective set for the period
 * @KPI_BENCHMARK_KIND_BUDGET: the budgeted figure for the period
 * @KPI_BENCHMARK_KIND_FORECAST: a forecast of the period
 * @KPI_BENCHMARK_KIND_PREVIOUS_PERIOD: the indicator one period back
 * @KPI_BENCHMARK_KIND_LAST_YEAR: the indicator over the same period last year
 * @KPI_BENCHMARK_KIND_PEER: a peer's or the industry's figure
 * @KPI_BENCHMARK_KIND_PLAN: a plan curve (planned progress by date)
 *
 * What a reference is: what a [struct@Kpi.Comparison] compared the actual
 * with.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_BENCHMARK_KIND_TARGET,
  KPI_BENCHMARK_KIND_BUDGET,
  KPI_BENCHMARK_KIND_FORECAST,
  KPI_BENCHMARK_KIND_PREVIOUS_PERIOD,
  KPI_BENCHMARK_KIND_LAST_YEAR,
  KPI_BENCHMARK_KIND_PEER,
  KPI_BENCHMARK_KIND_PLAN,
} KpiBenchmarkKind;

/**
 * KpiStatus:
 * @KPI_STATUS_UNKNOWN: the actual or the reference is missing
 * @KPI_STATUS_ON_TRACK: the attainment is at or above the indicator's
 *   on-track threshold (100 % by default)
 * @KPI_STATUS_AT_RISK: the attainment is at or above the at-risk threshold
 *   (90 % by default) but below the on-track one
 * @KPI_STATUS_OFF_TRACK: the attainment is below the at-risk threshold
 *
 * Where an actual stands against its reference, from tolerance bands on
 * the attainment. Each edge belongs to the better band: exactly 90 % is at
 * risk, exactly 100 % is on track.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_STATUS_UNKNOWN,
  KPI_STATUS_ON_TRACK,
  KPI_STATUS_AT_RISK,
  KPI_STATUS_OFF_TRACK,
} KpiStatus;

/**
 * KpiComparisonFlags:
 * @KPI_COMPARISON_FLAG_NONE: nothing to report
 * @KPI_COMPARISON_FLAG_NO_ACTUAL: the actual is missing
 * @KPI_COMPARISON_FLAG_NO_REFERENCE: the reference is missing
 * @KPI_COMPARISON_FLAG_ZERO_BASE: the reference is 0, so the relative
 *   change (and the attainment) is undefined
 * @KPI_COMPARISON_FLAG_SMALL_BASE: the reference is not 0 but its absolute
 *   value is below the minimum base: a large relative change means little
 * @KPI_COMPARISON_FLAG_SIGN_CHANGE: the reference is negative, or the actual
 *   and the reference have opposite signs
 * @KPI_COMPARISON_FLAG_PARTIAL_PERIOD: the period of the actual is not over
 *   (it was compared like for like)
 * @KPI_COMPARISON_FLAG_LOW_SAMPLE: the actual or the reference was computed
 *   from fewer rows than the indicator's minimum sample
 *
 * Why a [struct@Kpi.Comparison] must be read with care.
 *
 * Since: 0.1
 */
typedef enum /*< flags >*/ {
  KPI_COMPARISON_FLAG_NONE           = 0,
  KPI_COMPARISON_FLAG_NO_ACTUAL      = 1 << 0,
  KPI_COMPARISON_FLAG_NO_REFERENCE   = 1 << 1,
  KPI_COMPARISON_FLAG_ZERO_BASE      = 1 << 2,
  KPI_COMPARISON_FLAG_SMALL_BASE     = 1 << 3,
  KPI_COMPARISON_FLAG_SIGN_CHANGE    = 1 << 4,
  KPI_COMPARISON_FLAG_PARTIAL_PERIOD = 1 << 5,
  KPI_COMPARISON_FLAG_LOW_SAMPLE     = 1 << 6,
} KpiComparisonFlags;

typedef struct _KpiComparison KpiComparison;   /* boxed, reference counted */

#define KPI_TYPE_COMPARISON (kpi_comparison_get_type ())

KPI_AVAILABLE_IN_0_1
GType              kpi_comparison_get_type              (void) G_GNUC_CONST;

KPI_AVAILABLE_IN_0_1
KpiComparison     *kpi_comparison_new                   (KpiComparisonPolicy *policy,
                                                         KpiValue            *actual,
                                                         KpiValue            *reference,
                                                         KpiBenchmarkKind     kind,
                                                         double               min_base,
                                                         const char          *provenance);
KPI_AVAILABLE_IN_0_1
KpiComparison     *kpi_comparison_ref                   (KpiComparison   *self);
KPI_AVAILABLE_IN_0_1
void               kpi_comparison_unref                 (KpiComparison   *self);

KPI_AVAILABLE_IN_0_1
KpiValue          *kpi_comparison_get_actual            (KpiComparison   *self); /* transfer none */
KPI_AVAILABLE_IN_0_1
KpiValue          *kpi_comparison_get_reference         (KpiComparison   *self); /* transfer none */
KPI_AVAILABLE_IN_0_1
KpiBenchmarkKind   kpi_comparison_get_kind              (KpiComparison   *self);
KPI_AVAILABLE_IN_0_1
KpiDirection       kpi_comparison_get_direction         (KpiComparison   *self);
/* actual - reference; NaN when either is missing or it overflows */
KPI_AVAILABLE_IN_0_1
double             kpi_comparison_get_delta             (KpiComparison   *self);
/* (actual - reference) / |reference|, without forming a - r when that overflows;
 * NaN when undefined (zero base, missing) or too large */
KPI_AVAILABLE_IN_0_1
double             kpi_comparison_get_relative_change   (KpiComparison   *self);
/* percentage-point change for rate indicators (NaN for others) */
KPI_AVAILABLE_IN_0_1
double             kpi_comparison_get_point_change      (KpiComparison   *self);
/* actual / reference (reference / actual for lower-is-better); NaN when undefined */
KPI_AVAILABLE_IN_0_1
double             kpi_comparison_get_attainment        (KpiComparison   *self);
/* TRUE when the variance is favourable given the direction (a zero delta is favourable) */
KPI_AVAILABLE_IN_0_1
gboolean           kpi_comparison_is_favourable         (KpiComparison   *self);
/* what remains to reach the reference (>= 0; 0 when reached; NaN when unknown) */
KPI_AVAILABLE_IN_0_1
double             kpi_comparison_get_remaining         (KpiComparison   *self);
KPI_AVAILABLE_IN_0_1
KpiStatus          kpi_comparison_get_status            (KpiComparison   *self);
/* normalised score in -1..1 (NaN when the status is unknown); +1/-1 for an
 * attainment too large for a double */
KPI_AVAILABLE_IN_0_1
double             kpi_comparison_get_score             (KpiComparison   *self);
KPI_AVAILABLE_IN_0_1
KpiComparisonFlags kpi_comparison_get_flags             (KpiComparison   *self);
/* where the reference came from ("budget.csv version 3, phased by working days",
 * "Holt-Winters additive, alpha=0.31 ...", "previous period"); may be NULL */
KPI_AVAILABLE_IN_0_1
const char        *kpi_comparison_get_provenance        (KpiComparison   *self);
/* "+12.4 %", "−3.1 pp", "−0.0 %" (not zero, rounds to it), "12 400 € to go",
 * "3.0 pp to go" for percent units ... (human text, never "inf"/"nan");
 * decimals: negative for the default, at most KPI_MAX_DECIMALS */
KPI_AVAILABLE_IN_0_1
char              *kpi_comparison_format_change         (KpiComparison   *self,
                                                         int              decimals);
KPI_AVAILABLE_IN_0_1
char              *kpi_comparison_format_remaining      (KpiComparison   *self,
                                                         const char      *unit,
                                                         int              decimals);
KPI_AVAILABLE_IN_0_1
const char        *kpi_status_to_string                 (KpiStatus        status); /* "on track", "at risk", "off track", "unknown" */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpiComparison, kpi_comparison_unref)

G_END_DECLS
