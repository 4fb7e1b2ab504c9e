/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-landing.h: where the year will land, against its budget */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <glib-object.h>
#include <libkpi/kpi-version.h>
#include <libkpi/kpi-indicator.h>
#include <libkpi/kpi-benchmark.h>
#include <libkpi/kpi-comparison.h>
#include <libkpi/kpi-forecast.h>

G_BEGIN_DECLS

/**
 * KPI_LANDING_ERROR:
 *
 * Error domain of year-end landings. Errors in this domain are from the
 * [error@Kpi.LandingError] enumeration.
 *
 * Since: 0.1
 */
#define KPI_LANDING_ERROR (kpi_landing_error_quark ())

/**
 * KpiLandingError:
 * @KPI_LANDING_ERROR_NOT_ADDITIVE: the indicator's value for a year is not
 *   the sum of its months (a ratio, a distinct count, an average), so a
 *   year cannot be completed with forecast months
 * @KPI_LANDING_ERROR_INVALID_PERIOD: the period is not a year or a fiscal
 *   year, or is too early to have a history (the years 1 to 3)
 *
 * Why a landing could not be computed.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_LANDING_ERROR_NOT_ADDITIVE,
  KPI_LANDING_ERROR_INVALID_PERIOD,
} KpiLandingError;

KPI_AVAILABLE_IN_0_1
GQuark kpi_landing_error_quark (void);

typedef struct _KpiLanding KpiLanding;

#define KPI_TYPE_LANDING (kpi_landing_get_type ())

KPI_AVAILABLE_IN_0_1
GType            kpi_landing_get_type                (void) G_GNUC_CONST;

KPI_AVAILABLE_IN_0_1
KpiLanding      *kpi_landing_compute                 (KpiIndicator    *indicator,
                                                      KpiCalendar     *calendar,
                                                      const KpiPeriod *year,
                                                      KpiBenchmark    *budget,
                                                      KpiForecaster   *forecaster,
                                                      GError         **error);
KPI_AVAILABLE_IN_0_1
KpiLanding      *kpi_landing_ref                     (KpiLanding      *self);
KPI_AVAILABLE_IN_0_1
void             kpi_landing_unref                   (KpiLanding      *self);

KPI_AVAILABLE_IN_0_1
const KpiPeriod *kpi_landing_get_period              (KpiLanding      *self);
KPI_AVAILABLE_IN_0_1
guint            kpi_landing_get_n_closed_periods    (KpiLanding      *self);
KPI_AVAILABLE_IN_0_1
guint            kpi_landing_get_n_forecast_periods  (KpiLanding      *self);
KPI_AVAILABLE_IN_0_1
double           kpi_landing_get_actual_to_date      (KpiLanding      *self);
KPI_AVAILABLE_IN_0_1
double           kpi_landing_get_forecast_remaining  (KpiLanding      *self);
KPI_AVAILABLE_IN_0_1
double           kpi_landing_get_value               (KpiLanding      *self);
KPI_AVAILABLE_IN_0_1
double           kpi_landing_get_lower               (KpiLanding      *self);
KPI_AVAILABLE_IN_0_1
double           kpi_landing_get_upper               (KpiLanding      *self);
KPI_AVAILABLE_IN_0_1
double           kpi_landing_get_budget              (KpiLanding      *self);
KPI_AVAILABLE_IN_0_1
KpiForecast     *kpi_landing_get_forecast            (KpiLanding      *self);
KPI_AVAILABLE_IN_0_1
KpiComparison   *kpi_landing_get_comparison          (KpiLanding      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpiLanding, kpi_landing_unref)

G_END_DECLS
