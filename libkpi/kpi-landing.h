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
#include <libkpi/kpi-forecaster.h>

G_BEGIN_DECLS

/**
 * KPI_LANDING_HISTORY_MONTHS:
 *
 * How many months before the year a [struct@Kpi.Landing] takes as the
 * history of its forecasts and backtest, besides the closed months of the
 * year: 36, three yearly seasons (the months before the indicator's data
 * starts are left out).
 *
 * Since: 0.1
 */
#define KPI_LANDING_HISTORY_MONTHS 36

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

/**
 * KpiLandingMethod:
 * @KPI_LANDING_METHOD_ACTUAL: no month is left to forecast: the year is
 *   over and lands on its actual value
 * @KPI_LANDING_METHOD_NAIVE: the open months repeat the last closed one
 *   (%KPI_FORECAST_METHOD_NAIVE)
 * @KPI_LANDING_METHOD_SEASONAL_NAIVE: the open months repeat the same
 *   months one season earlier (%KPI_FORECAST_METHOD_SEASONAL_NAIVE)
 * @KPI_LANDING_METHOD_HOLT: Holt's linear trend
 *   (%KPI_FORECAST_METHOD_HOLT)
 * @KPI_LANDING_METHOD_HOLT_WINTERS: Holt–Winters additive
 *   (%KPI_FORECAST_METHOD_HOLT_WINTERS)
 * @KPI_LANDING_METHOD_DAMPED_TREND: additive damped trend
 *   (%KPI_FORECAST_METHOD_DAMPED_TREND)
 * @KPI_LANDING_METHOD_BUDGET_RUN_RATE: the actual to date plus the budget
 *   of the open months times the attainment to date (actual over budget
 *   of the closed months of the year)
 *
 * How a [struct@Kpi.Landing] completes the year: one of the forecaster's
 * methods, or the budget's run-rate.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_LANDING_METHOD_ACTUAL,
  KPI_LANDING_METHOD_NAIVE,
  KPI_LANDING_METHOD_SEASONAL_NAIVE,
  KPI_LANDING_METHOD_HOLT,
  KPI_LANDING_METHOD_HOLT_WINTERS,
  KPI_LANDING_METHOD_DAMPED_TREND,
  KPI_LANDING_METHOD_BUDGET_RUN_RATE,
} KpiLandingMethod;

typedef struct _KpiLanding KpiLanding;
typedef struct _KpiLandingCandidate KpiLandingCandidate;

#define KPI_TYPE_LANDING (kpi_landing_get_type ())
#define KPI_TYPE_LANDING_CANDIDATE (kpi_landing_candidate_get_type ())

KPI_AVAILABLE_IN_0_1
GType            kpi_landing_get_type                (void) G_GNUC_CONST;

KPI_AVAILABLE_IN_0_1
KpiLanding      *kpi_landing_compute                 (KpiIndicator    *indicator,
                                                      KpiContext      *context,
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
KPI_AVAILABLE_IN_0_1
KpiLandingMethod kpi_landing_get_method              (KpiLanding      *self);
KPI_AVAILABLE_IN_0_1
const char      *kpi_landing_get_description         (KpiLanding      *self);
KPI_AVAILABLE_IN_0_1
double           kpi_landing_get_backtest_error      (KpiLanding      *self);
KPI_AVAILABLE_IN_0_1
guint            kpi_landing_get_n_backtest_origins  (KpiLanding      *self);
KPI_AVAILABLE_IN_0_1
GPtrArray       *kpi_landing_get_candidates          (KpiLanding      *self);

KPI_AVAILABLE_IN_0_1
const char      *kpi_landing_method_to_string        (KpiLandingMethod method);

KPI_AVAILABLE_IN_0_1
GType                kpi_landing_candidate_get_type          (void) G_GNUC_CONST;
KPI_AVAILABLE_IN_0_1
KpiLandingCandidate *kpi_landing_candidate_ref               (KpiLandingCandidate *self);
KPI_AVAILABLE_IN_0_1
void                 kpi_landing_candidate_unref             (KpiLandingCandidate *self);
KPI_AVAILABLE_IN_0_1
KpiLandingMethod     kpi_landing_candidate_get_method        (const KpiLandingCandidate *self);
KPI_AVAILABLE_IN_0_1
const char          *kpi_landing_candidate_get_description   (const KpiLandingCandidate *self);
KPI_AVAILABLE_IN_0_1
double               kpi_landing_candidate_get_value         (const KpiLandingCandidate *self);
KPI_AVAILABLE_IN_0_1
double               kpi_landing_candidate_get_backtest_error (const KpiLandingCandidate *self);
KPI_AVAILABLE_IN_0_1
guint                kpi_landing_candidate_get_n_backtest_origins (const KpiLandingCandidate *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpiLanding, kpi_landing_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpiLandingCandidate, kpi_landing_candidate_unref)

G_END_DECLS
