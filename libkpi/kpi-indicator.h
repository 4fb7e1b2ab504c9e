/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-indicator.h: a named, documented formula over a dataset */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <gio/gio.h>
#include <libkpi/kpi-version.h>
#include <libkpi/kpi-dataset.h>
#include <libkpi/kpi-calendar.h>
#include <libkpi/kpi-formula.h>
#include <libkpi/kpi-value.h>
#include <libkpi/kpi-context.h>
#include <libkpi/kpi-comparison-policy.h>

G_BEGIN_DECLS

/**
 * KPI_INDICATOR_ERROR:
 *
 * The error domain of [class@Kpi.Indicator]'s definitions. Errors are from
 * the #KpiIndicatorError enumeration; a formula that does not parse fails
 * with %KPI_FORMULA_ERROR.
 *
 * Since: 0.1
 */
#define KPI_INDICATOR_ERROR (kpi_indicator_error_quark ())

/**
 * KpiIndicatorError:
 * @KPI_INDICATOR_ERROR_INVALID_ID: the id is not letters, digits and
 *   underscores not starting with a digit
 *
 * Errors of the %KPI_INDICATOR_ERROR domain.
 *
 * Since: 0.1
 */
typedef enum /*< prefix=KPI_INDICATOR_ERROR >*/ {
  KPI_INDICATOR_ERROR_INVALID_ID,
} KpiIndicatorError;

KPI_AVAILABLE_IN_0_1
GQuark kpi_indicator_error_quark (void);

/**
 * KpiIndicatorKind:
 * @KPI_INDICATOR_KIND_PERFORMANCE: measured against objectives (revenue,
 *   margin)
 * @KPI_INDICATOR_KIND_STEERING: the means put in to reach them (marketing
 *   spend, calls made)
 * @KPI_INDICATOR_KIND_CONTEXT: external data that affects the business or
 *   its market
 * @KPI_INDICATOR_KIND_IMPACT: the effect of the company's actions on its
 *   environment (complaints, NPS)
 *
 * The four kinds of indicator a balanced dashboard holds.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_INDICATOR_KIND_PERFORMANCE,
  KPI_INDICATOR_KIND_STEERING,
  KPI_INDICATOR_KIND_CONTEXT,
  KPI_INDICATOR_KIND_IMPACT,
} KpiIndicatorKind;

#define KPI_TYPE_INDICATOR (kpi_indicator_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiIndicator, kpi_indicator, KPI, INDICATOR, GObject)

KPI_AVAILABLE_IN_0_1
KpiIndicator    *kpi_indicator_new               (const char       *id,
                                                  const char       *formula,
                                                  GError          **error);

KPI_AVAILABLE_IN_0_1
const char      *kpi_indicator_get_id            (KpiIndicator     *self);
KPI_AVAILABLE_IN_0_1
const char      *kpi_indicator_get_title         (KpiIndicator     *self);
KPI_AVAILABLE_IN_0_1
void             kpi_indicator_set_title         (KpiIndicator     *self,
                                                  const char       *title);
KPI_AVAILABLE_IN_0_1
const char      *kpi_indicator_get_description   (KpiIndicator     *self);
KPI_AVAILABLE_IN_0_1
void             kpi_indicator_set_description   (KpiIndicator     *self,
                                                  const char       *description);
KPI_AVAILABLE_IN_0_1
const char      *kpi_indicator_get_unit          (KpiIndicator     *self);
KPI_AVAILABLE_IN_0_1
void             kpi_indicator_set_unit          (KpiIndicator     *self,
                                                  const char       *unit);
KPI_AVAILABLE_IN_0_1
KpiIndicatorKind kpi_indicator_get_kind          (KpiIndicator     *self);
KPI_AVAILABLE_IN_0_1
void             kpi_indicator_set_kind          (KpiIndicator     *self,
                                                  KpiIndicatorKind  kind);
KPI_AVAILABLE_IN_0_1
const char      *kpi_indicator_get_formula       (KpiIndicator     *self);
KPI_AVAILABLE_IN_0_1
gboolean         kpi_indicator_set_formula       (KpiIndicator     *self,
                                                  const char       *formula,
                                                  GError          **error);
KPI_AVAILABLE_IN_0_1
KpiDataset      *kpi_indicator_get_dataset       (KpiIndicator     *self);
KPI_AVAILABLE_IN_0_1
void             kpi_indicator_set_dataset       (KpiIndicator     *self,
                                                  KpiDataset       *dataset);
KPI_AVAILABLE_IN_0_1
const char      *kpi_indicator_get_dataset_name  (KpiIndicator     *self);
KPI_AVAILABLE_IN_0_1
void             kpi_indicator_set_dataset_name  (KpiIndicator     *self,
                                                  const char       *name);
KPI_AVAILABLE_IN_0_1
KpiGranularity   kpi_indicator_get_granularity   (KpiIndicator     *self);
KPI_AVAILABLE_IN_0_1
void             kpi_indicator_set_granularity   (KpiIndicator     *self,
                                                  KpiGranularity    granularity);
KPI_AVAILABLE_IN_0_1
int              kpi_indicator_get_decimals      (KpiIndicator     *self);
KPI_AVAILABLE_IN_0_1
void             kpi_indicator_set_decimals      (KpiIndicator     *self,
                                                  int               decimals);
KPI_AVAILABLE_IN_0_1
guint            kpi_indicator_get_min_sample    (KpiIndicator     *self);
KPI_AVAILABLE_IN_0_1
void             kpi_indicator_set_min_sample    (KpiIndicator     *self,
                                                  guint             min_sample);

KPI_AVAILABLE_IN_0_1
KpiComparisonPolicy *kpi_indicator_get_policy    (KpiIndicator        *self);
KPI_AVAILABLE_IN_0_1
void             kpi_indicator_set_policy        (KpiIndicator        *self,
                                                  KpiComparisonPolicy *policy);

KPI_AVAILABLE_IN_0_1
KpiValue        *kpi_indicator_evaluate          (KpiIndicator     *self,
                                                  KpiContext       *context,
                                                  const KpiPeriod  *period,
                                                  GError          **error);
KPI_AVAILABLE_IN_0_1
GPtrArray       *kpi_indicator_evaluate_series   (KpiIndicator     *self,
                                                  KpiContext       *context,
                                                  const KpiPeriod  *first,
                                                  const KpiPeriod  *last,
                                                  GError          **error);
KPI_AVAILABLE_IN_0_1
void             kpi_indicator_evaluate_series_async  (KpiIndicator        *self,
                                                       KpiContext          *context,
                                                       const KpiPeriod     *first,
                                                       const KpiPeriod     *last,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
KPI_AVAILABLE_IN_0_1
GPtrArray       *kpi_indicator_evaluate_series_finish (KpiIndicator        *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
KPI_AVAILABLE_IN_0_1
char            *kpi_indicator_explain           (KpiIndicator     *self,
                                                  KpiContext       *context,
                                                  GPtrArray        *periods,
                                                  GError          **error);
KPI_AVAILABLE_IN_0_1
char            *kpi_indicator_explain_breakdown (KpiIndicator     *self,
                                                  KpiContext       *context,
                                                  GPtrArray        *periods,
                                                  const char       *dimension,
                                                  GError          **error);
KPI_AVAILABLE_IN_0_1
GPtrArray       *kpi_indicator_evaluate_breakdown (KpiIndicator    *self,
                                                   KpiContext      *context,
                                                   const KpiPeriod *period,
                                                   const char      *dimension,
                                                   guint            top_n,
                                                   KpiValue       **total,
                                                   GError         **error);
KPI_AVAILABLE_IN_0_1
void             kpi_indicator_evaluate_breakdown_async  (KpiIndicator        *self,
                                                          KpiContext          *context,
                                                          const KpiPeriod     *period,
                                                          const char          *dimension,
                                                          guint                top_n,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
KPI_AVAILABLE_IN_0_1
GPtrArray       *kpi_indicator_evaluate_breakdown_finish (KpiIndicator        *self,
                                                          GAsyncResult        *result,
                                                          KpiValue           **total,
                                                          GError             **error);

KPI_AVAILABLE_IN_0_1
char          **kpi_indicator_list_datasets     (KpiIndicator     *self,
                                                 KpiContext       *context,
                                                 GError          **error);
KPI_AVAILABLE_IN_0_1
char          **kpi_indicator_list_fields       (KpiIndicator     *self,
                                                 KpiContext       *context,
                                                 const char       *dataset_name,
                                                 GError          **error);
KPI_AVAILABLE_IN_0_1
GPtrArray      *kpi_indicator_list_periods_read (KpiIndicator     *self,
                                                 KpiContext       *context,
                                                 const char       *dataset_name,
                                                 const KpiPeriod  *period,
                                                 GError          **error);

G_END_DECLS
