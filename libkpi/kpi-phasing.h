/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-phasing.h: spreading a yearly or quarterly figure over shorter periods */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <glib-object.h>
#include <libkpi/kpi-version.h>
#include <libkpi/kpi-period.h>
#include <libkpi/kpi-calendar.h>

G_BEGIN_DECLS

/**
 * KPI_PHASING_ERROR:
 *
 * The error domain of [class@Kpi.Phasing]: holidays and profiles that
 * cannot be used. Its codes are the #KpiPhasingError enumeration.
 *
 * Since: 0.1
 */
#define KPI_PHASING_ERROR (kpi_phasing_error_quark ())

/**
 * KpiPhasingError:
 * @KPI_PHASING_ERROR_INVALID_DATE: a holiday is not an ISO 8601 date
 *   (`YYYY-MM-DD`)
 * @KPI_PHASING_ERROR_INVALID_PROFILE: a seasonal profile is not 12
 *   positive, finite monthly weights
 *
 * Errors of the %KPI_PHASING_ERROR domain.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_PHASING_ERROR_INVALID_DATE,    /*< nick=invalid-date >*/
  KPI_PHASING_ERROR_INVALID_PROFILE, /*< nick=invalid-profile >*/
} KpiPhasingError;

/**
 * KpiPhasingMethod:
 * @KPI_PHASING_METHOD_EVEN: every month weighs the same; within a month
 *   every day weighs the same (a day weighs 1 / the days of its month)
 * @KPI_PHASING_METHOD_WORKING_DAYS: Monday to Friday weigh 1, except the
 *   holidays ([method@Kpi.Phasing.set_holidays]); Saturdays, Sundays and
 *   holidays weigh 0
 * @KPI_PHASING_METHOD_SEASONAL: each month weighs its weight in the
 *   seasonal profile ([method@Kpi.Phasing.set_profile]), spread evenly over
 *   its days
 *
 * How a figure for a long period is spread over its parts.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_PHASING_METHOD_EVEN,
  KPI_PHASING_METHOD_WORKING_DAYS,
  KPI_PHASING_METHOD_SEASONAL,
} KpiPhasingMethod;

/**
 * KpiMeasureType:
 * @KPI_MEASURE_TYPE_FLOW: a quantity over the period (revenue, number of
 *   sales): a part of the period gets its share of it
 * @KPI_MEASURE_TYPE_STOCK: a level at any time (headcount, a balance, the
 *   open pipeline): a part of the period has the same level
 *
 * Whether a figure adds up over time.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_MEASURE_TYPE_FLOW,
  KPI_MEASURE_TYPE_STOCK,
} KpiMeasureType;

KPI_AVAILABLE_IN_0_1
GQuark kpi_phasing_error_quark (void);

#define KPI_TYPE_PHASING (kpi_phasing_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiPhasing, kpi_phasing, KPI, PHASING, GObject)

KPI_AVAILABLE_IN_0_1
KpiPhasing       *kpi_phasing_new              (KpiPhasingMethod    method);

KPI_AVAILABLE_IN_0_1
KpiPhasingMethod  kpi_phasing_get_method       (KpiPhasing         *self);
KPI_AVAILABLE_IN_0_1
void              kpi_phasing_set_method       (KpiPhasing         *self,
                                                KpiPhasingMethod    method);
KPI_AVAILABLE_IN_0_1
KpiMeasureType    kpi_phasing_get_measure_type (KpiPhasing         *self);
KPI_AVAILABLE_IN_0_1
void              kpi_phasing_set_measure_type (KpiPhasing         *self,
                                                KpiMeasureType      measure_type);

KPI_AVAILABLE_IN_0_1
gboolean          kpi_phasing_set_holidays     (KpiPhasing         *self,
                                                const char * const *dates,
                                                GError            **error);
KPI_AVAILABLE_IN_0_1
char            **kpi_phasing_dup_holidays     (KpiPhasing         *self);
KPI_AVAILABLE_IN_0_1
gboolean          kpi_phasing_set_profile      (KpiPhasing         *self,
                                                const double       *weights,
                                                gsize               n_weights,
                                                GError            **error);
KPI_AVAILABLE_IN_0_1
const double     *kpi_phasing_get_profile      (KpiPhasing         *self,
                                                gsize              *n_weights);

KPI_AVAILABLE_IN_0_1
double            kpi_phasing_get_share        (KpiPhasing         *self,
                                                KpiCalendar        *calendar,
                                                const KpiPeriod    *whole,
                                                const KpiPeriod    *part);
KPI_AVAILABLE_IN_0_1
double            kpi_phasing_spread           (KpiPhasing         *self,
                                                KpiCalendar        *calendar,
                                                double              value,
                                                const KpiPeriod    *whole,
                                                const KpiPeriod    *part);

G_END_DECLS
