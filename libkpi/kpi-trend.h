/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-trend.h: is a series rising, falling, stagnating or fluctuating? */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <glib-object.h>
#include <libkpi/kpi-version.h>

G_BEGIN_DECLS

/**
 * KPI_DEFAULT_TREND_SIGNIFICANCE:
 *
 * The significance level a trend is judged at when none is given (NaN to
 * [func@Kpi.Trend.analyze]): a Mann–Kendall p-value below 0.05 makes the
 * trend rising or falling.
 *
 * Since: 0.1
 */
#define KPI_DEFAULT_TREND_SIGNIFICANCE 0.05

/**
 * KPI_DEFAULT_TREND_STAGNATION_TOLERANCE:
 *
 * The stagnation tolerance of a trend when none is given (NaN to
 * [func@Kpi.Trend.analyze]): a series without a significant trend
 * stagnates when its drift and its spread are both at most 0.05 (5 %) of
 * its level.
 *
 * Since: 0.1
 */
#define KPI_DEFAULT_TREND_STAGNATION_TOLERANCE 0.05

/**
 * KPI_TREND_MIN_VALUES:
 *
 * The fewest values that are not missing a [struct@Kpi.Trend] concludes
 * from: 4. With fewer, its direction is %KPI_TREND_DIRECTION_UNKNOWN (the
 * statistics are still computed from two values on). Three values could
 * not show a trend anyway: the smallest two-sided Mann–Kendall p-value
 * they can have is 1/3.
 *
 * Since: 0.1
 */
#define KPI_TREND_MIN_VALUES 4

/**
 * KPI_TREND_ERROR:
 *
 * The error domain of [struct@Kpi.Trend]: a significance level or a
 * stagnation tolerance out of range. Its codes are the #KpiTrendError
 * enumeration.
 *
 * Since: 0.1
 */
#define KPI_TREND_ERROR (kpi_trend_error_quark ())

/**
 * KpiTrendError:
 * @KPI_TREND_ERROR_INVALID_PARAMETER: a parameter is out of range (a
 *   significance level not strictly between 0 and 1, a stagnation
 *   tolerance that is negative or infinite); NaN, the default, is never
 *   out of range
 *
 * Errors of the %KPI_TREND_ERROR domain.
 *
 * Since: 0.1
 */
typedef enum /*< prefix=KPI_TREND_ERROR >*/ {
  KPI_TREND_ERROR_INVALID_PARAMETER,
} KpiTrendError;

KPI_AVAILABLE_IN_0_1
GQuark kpi_trend_error_quark (void);

/**
 * KpiTrendDirection:
 * @KPI_TREND_DIRECTION_UNKNOWN: too few values to tell (fewer than
 *   %KPI_TREND_MIN_VALUES, four, that are not missing)
 * @KPI_TREND_DIRECTION_RISING: a significant upward trend
 * @KPI_TREND_DIRECTION_FALLING: a significant downward trend
 * @KPI_TREND_DIRECTION_STAGNATING: no significant trend, the robust line
 *   hardly moves across the window and the values stay close to their
 *   median, but for an odd period or two (an average basket that has not
 *   moved for six months)
 * @KPI_TREND_DIRECTION_FLUCTUATING: no significant trend, but the values
 *   move a lot, or drift more than the tolerance
 *
 * What [struct@Kpi.Trend] concludes about a series.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_TREND_DIRECTION_UNKNOWN,
  KPI_TREND_DIRECTION_RISING,
  KPI_TREND_DIRECTION_FALLING,
  KPI_TREND_DIRECTION_STAGNATING,
  KPI_TREND_DIRECTION_FLUCTUATING,
} KpiTrendDirection;

typedef struct _KpiTrend KpiTrend;

#define KPI_TYPE_TREND (kpi_trend_get_type ())

KPI_AVAILABLE_IN_0_1
GType              kpi_trend_get_type             (void) G_GNUC_CONST;

KPI_AVAILABLE_IN_0_1
KpiTrend          *kpi_trend_analyze              (const double *values,
                                                   gsize         n_values,
                                                   double        significance,
                                                   double        stagnation_tolerance,
                                                   GError      **error);
KPI_AVAILABLE_IN_0_1
KpiTrend          *kpi_trend_analyze_values       (GPtrArray    *values,
                                                   double        significance,
                                                   double        stagnation_tolerance,
                                                   GError      **error);
KPI_AVAILABLE_IN_0_1
KpiTrend          *kpi_trend_ref                  (KpiTrend     *self);
KPI_AVAILABLE_IN_0_1
void               kpi_trend_unref                (KpiTrend     *self);

KPI_AVAILABLE_IN_0_1
KpiTrendDirection  kpi_trend_get_direction        (const KpiTrend *self);
KPI_AVAILABLE_IN_0_1
double             kpi_trend_get_slope            (const KpiTrend *self);
KPI_AVAILABLE_IN_0_1
double             kpi_trend_get_intercept        (const KpiTrend *self);
KPI_AVAILABLE_IN_0_1
double             kpi_trend_get_p_value          (const KpiTrend *self);
KPI_AVAILABLE_IN_0_1
double             kpi_trend_get_kendall_tau      (const KpiTrend *self);
KPI_AVAILABLE_IN_0_1
double             kpi_trend_get_mann_kendall_statistic (const KpiTrend *self);
KPI_AVAILABLE_IN_0_1
double             kpi_trend_get_mann_kendall_variance  (const KpiTrend *self);
KPI_AVAILABLE_IN_0_1
double             kpi_trend_get_z_score          (const KpiTrend *self);
KPI_AVAILABLE_IN_0_1
gboolean           kpi_trend_is_p_value_exact     (const KpiTrend *self);
KPI_AVAILABLE_IN_0_1
guint              kpi_trend_get_n_values         (const KpiTrend *self);
KPI_AVAILABLE_IN_0_1
double             kpi_trend_get_spread           (const KpiTrend *self);
KPI_AVAILABLE_IN_0_1
double             kpi_trend_get_drift            (const KpiTrend *self);
KPI_AVAILABLE_IN_0_1
double             kpi_trend_get_significance     (const KpiTrend *self);
KPI_AVAILABLE_IN_0_1
double             kpi_trend_get_stagnation_tolerance (const KpiTrend *self);

KPI_AVAILABLE_IN_0_1
const char        *kpi_trend_direction_to_string  (KpiTrendDirection direction);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpiTrend, kpi_trend_unref)

G_END_DECLS
