/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-comparison-policy.h: how an indicator's numbers are judged */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <glib-object.h>
#include <libkpi/kpi-version.h>

G_BEGIN_DECLS

/**
 * KPI_COMPARISON_ERROR:
 *
 * The error domain of comparisons and their policies. Errors are from the
 * #KpiComparisonError enumeration.
 *
 * Since: 0.1
 */
#define KPI_COMPARISON_ERROR (kpi_comparison_error_quark ())

/**
 * KpiComparisonError:
 * @KPI_COMPARISON_ERROR_INVALID_SETTING: a setting of a
 *   [class@Kpi.ComparisonPolicy] out of its range (a threshold that is not
 *   a positive number, an at-risk threshold above the on-track one, a
 *   negative small base)
 *
 * Errors of the %KPI_COMPARISON_ERROR domain.
 *
 * Since: 0.1
 */
typedef enum /*< prefix=KPI_COMPARISON_ERROR >*/ {
  KPI_COMPARISON_ERROR_INVALID_SETTING,
} KpiComparisonError;

KPI_AVAILABLE_IN_0_1
GQuark kpi_comparison_error_quark (void);

/**
 * KpiDirection:
 * @KPI_DIRECTION_HIGHER_IS_BETTER: more is good (revenue, NPS)
 * @KPI_DIRECTION_LOWER_IS_BETTER: less is good (acquisition cost,
 *   complaints, churn)
 * @KPI_DIRECTION_WITHIN_BAND: good between a low and a high bound (stock
 *   levels, delivery times)
 *
 * Which way an indicator improves.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_DIRECTION_HIGHER_IS_BETTER,
  KPI_DIRECTION_LOWER_IS_BETTER,
  KPI_DIRECTION_WITHIN_BAND,
} KpiDirection;

/**
 * KpiRateScale:
 * @KPI_RATE_SCALE_NONE: not a rate: a change reads as a relative change
 *   (`+12.4 %`)
 * @KPI_RATE_SCALE_FRACTION: a rate written as a fraction (0.34 is 34 %):
 *   a change reads in percentage points, the difference × 100 (`+2.0 pp`)
 * @KPI_RATE_SCALE_PERCENT: a rate written in percent (34 is 34 %): a change
 *   reads in percentage points, the difference as it is
 * @KPI_RATE_SCALE_POINTS: a score such as a net promoter score: a change
 *   reads in points (`−2.2 pts`)
 *
 * How the values of an indicator that is a rate or a score are written,
 * which says how a change between two of them reads: a rate that goes
 * from 34 % to 36 % has gained 2 percentage points, not 5.9 %.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_RATE_SCALE_NONE,
  KPI_RATE_SCALE_FRACTION,
  KPI_RATE_SCALE_PERCENT,
  KPI_RATE_SCALE_POINTS,
} KpiRateScale;

/**
 * KPI_DEFAULT_ON_TRACK_THRESHOLD:
 *
 * The attainment from which a comparison is on track by default
 * ([property@Kpi.ComparisonPolicy:on-track-threshold]): 100 %.
 *
 * Since: 0.1
 */
#define KPI_DEFAULT_ON_TRACK_THRESHOLD 1.0

/**
 * KPI_DEFAULT_AT_RISK_THRESHOLD:
 *
 * The attainment from which a comparison is at risk (below it: off track)
 * by default ([property@Kpi.ComparisonPolicy:at-risk-threshold]): 90 %.
 *
 * Since: 0.1
 */
#define KPI_DEFAULT_AT_RISK_THRESHOLD 0.9

/**
 * KPI_DEFAULT_SMALL_BASE_FRACTION:
 *
 * The share of the median of recent absolute values below which a base is
 * small, when the small base is derived from history
 * ([property@Kpi.ComparisonPolicy:small-base-fraction]): 10 %.
 *
 * Since: 0.1
 */
#define KPI_DEFAULT_SMALL_BASE_FRACTION 0.1

/**
 * KPI_DEFAULT_SMALL_BASE_PERIODS:
 *
 * How many periods before the one compared the small base is derived from
 * by default ([property@Kpi.ComparisonPolicy:small-base-periods]): 12, a
 * year of months.
 *
 * Since: 0.1
 */
#define KPI_DEFAULT_SMALL_BASE_PERIODS 12

/**
 * KPI_SMALL_BASE_MIN_PERIODS:
 *
 * The fewest periods with data a small base is derived from: 3. With
 * fewer of the [property@Kpi.ComparisonPolicy:small-base-periods] periods
 * before the one compared having data, no base is small; and the policy
 * refuses to look back over fewer periods
 * ([method@Kpi.ComparisonPolicy.set_small_base_rule]).
 *
 * Since: 0.1
 */
#define KPI_SMALL_BASE_MIN_PERIODS 3

/**
 * KPI_SMALL_BASE_MAX_PERIODS:
 *
 * The most periods a small base is derived from: 10 000.
 * [method@Kpi.ComparisonPolicy.set_small_base_rule] refuses more rather
 * than evaluate what a mistyped number asks for.
 *
 * Since: 0.1
 */
#define KPI_SMALL_BASE_MAX_PERIODS 10000

#define KPI_TYPE_COMPARISON_POLICY (kpi_comparison_policy_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiComparisonPolicy, kpi_comparison_policy, KPI, COMPARISON_POLICY, GObject)

KPI_AVAILABLE_IN_0_1
KpiComparisonPolicy *kpi_comparison_policy_new                  (void);
KPI_AVAILABLE_IN_0_1
KpiComparisonPolicy *kpi_comparison_policy_copy                 (KpiComparisonPolicy  *self);

KPI_AVAILABLE_IN_0_1
KpiDirection         kpi_comparison_policy_get_direction        (KpiComparisonPolicy  *self);
KPI_AVAILABLE_IN_0_1
void                 kpi_comparison_policy_set_direction        (KpiComparisonPolicy  *self,
                                                                 KpiDirection          direction);
KPI_AVAILABLE_IN_0_1
double               kpi_comparison_policy_get_on_track_threshold (KpiComparisonPolicy *self);
KPI_AVAILABLE_IN_0_1
double               kpi_comparison_policy_get_at_risk_threshold  (KpiComparisonPolicy *self);
KPI_AVAILABLE_IN_0_1
gboolean             kpi_comparison_policy_set_thresholds       (KpiComparisonPolicy  *self,
                                                                 double                on_track,
                                                                 double                at_risk,
                                                                 GError              **error);
KPI_AVAILABLE_IN_0_1
double               kpi_comparison_policy_get_small_base       (KpiComparisonPolicy  *self);
KPI_AVAILABLE_IN_0_1
gboolean             kpi_comparison_policy_set_small_base       (KpiComparisonPolicy  *self,
                                                                 double                small_base,
                                                                 GError              **error);
KPI_AVAILABLE_IN_0_1
double               kpi_comparison_policy_get_small_base_fraction (KpiComparisonPolicy *self);
KPI_AVAILABLE_IN_0_1
guint                kpi_comparison_policy_get_small_base_periods  (KpiComparisonPolicy *self);
KPI_AVAILABLE_IN_0_1
gboolean             kpi_comparison_policy_set_small_base_rule  (KpiComparisonPolicy  *self,
                                                                 double                fraction,
                                                                 guint                 periods,
                                                                 GError              **error);
KPI_AVAILABLE_IN_0_1
KpiRateScale         kpi_comparison_policy_get_rate_scale       (KpiComparisonPolicy  *self);
KPI_AVAILABLE_IN_0_1
void                 kpi_comparison_policy_set_rate_scale       (KpiComparisonPolicy  *self,
                                                                 KpiRateScale          rate_scale);
KPI_AVAILABLE_IN_0_1
gboolean             kpi_comparison_policy_is_rate              (KpiComparisonPolicy  *self);

G_END_DECLS
