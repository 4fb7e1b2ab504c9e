/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-indicator.h: a named, documented formula over a dataset */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <glib-object.h>
#include <libkpi/kpi-version.h>
#include <libkpi/kpi-dataset.h>
#include <libkpi/kpi-calendar.h>
#include <libkpi/kpi-formula.h>
#include <libkpi/kpi-value.h>

G_BEGIN_DECLS

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
KpiDirection     kpi_indicator_get_direction     (KpiIndicator     *self);
KPI_AVAILABLE_IN_0_1
void             kpi_indicator_set_direction     (KpiIndicator     *self,
                                                  KpiDirection      direction);
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
guint64          kpi_indicator_get_min_sample    (KpiIndicator     *self);
KPI_AVAILABLE_IN_0_1
void             kpi_indicator_set_min_sample    (KpiIndicator     *self,
                                                  guint64           min_sample);
KPI_AVAILABLE_IN_0_1
gboolean         kpi_indicator_get_rate          (KpiIndicator     *self);
KPI_AVAILABLE_IN_0_1
void             kpi_indicator_set_rate          (KpiIndicator     *self,
                                                  gboolean          rate);
KPI_AVAILABLE_IN_0_1
double           kpi_indicator_get_on_track_threshold (KpiIndicator *self);
KPI_AVAILABLE_IN_0_1
double           kpi_indicator_get_at_risk_threshold  (KpiIndicator *self);
KPI_AVAILABLE_IN_0_1
void             kpi_indicator_set_tolerance     (KpiIndicator     *self,
                                                  double            on_track,
                                                  double            at_risk);
KPI_AVAILABLE_IN_0_1
double           kpi_indicator_get_small_base    (KpiIndicator     *self);
KPI_AVAILABLE_IN_0_1
void             kpi_indicator_set_small_base    (KpiIndicator     *self,
                                                  double            small_base);

KPI_AVAILABLE_IN_0_1
KpiValue        *kpi_indicator_evaluate          (KpiIndicator     *self,
                                                  KpiCalendar      *calendar,
                                                  const KpiPeriod  *period,
                                                  GError          **error);
KPI_AVAILABLE_IN_0_1
GPtrArray       *kpi_indicator_evaluate_series   (KpiIndicator     *self,
                                                  KpiCalendar      *calendar,
                                                  const KpiPeriod  *first,
                                                  const KpiPeriod  *last,
                                                  GError          **error);
KPI_AVAILABLE_IN_0_1
GPtrArray       *kpi_indicator_evaluate_breakdown (KpiIndicator    *self,
                                                   KpiCalendar     *calendar,
                                                   const KpiPeriod *period,
                                                   const char      *dimension,
                                                   guint            top_n,
                                                   KpiValue       **total,
                                                   GError         **error);

G_END_DECLS
