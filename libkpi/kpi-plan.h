/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-plan.h: the planned progress of an action plan, against the actual */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <glib-object.h>
#include <libkpi/kpi-version.h>

G_BEGIN_DECLS

/**
 * KPI_PLAN_ERROR:
 *
 * The error domain of [class@Kpi.Plan]: milestones out of order or out of
 * range, an actual progress out of range.
 *
 * Since: 0.1
 */
#define KPI_PLAN_ERROR (kpi_plan_error_quark ())

/**
 * KpiPlanError:
 * @KPI_PLAN_ERROR_DATE_ORDER: the milestone is not after the previous one
 * @KPI_PLAN_ERROR_PERCENT_RANGE: the planned (or actual) percent is not a
 *   number within 0..100
 * @KPI_PLAN_ERROR_PERCENT_DECREASING: the planned percent is below the
 *   previous milestone's
 *
 * Errors of the %KPI_PLAN_ERROR domain.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_PLAN_ERROR_DATE_ORDER,
  KPI_PLAN_ERROR_PERCENT_RANGE,
  KPI_PLAN_ERROR_PERCENT_DECREASING,
} KpiPlanError;

KPI_AVAILABLE_IN_0_1
GQuark kpi_plan_error_quark (void);

typedef struct _KpiPlanProgress KpiPlanProgress;

#define KPI_TYPE_PLAN (kpi_plan_get_type ())
#define KPI_TYPE_PLAN_PROGRESS (kpi_plan_progress_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiPlan, kpi_plan, KPI, PLAN, GObject)

KPI_AVAILABLE_IN_0_1
KpiPlan         *kpi_plan_new                      (const char  *name);
KPI_AVAILABLE_IN_0_1
const char      *kpi_plan_get_name                 (KpiPlan     *self);
KPI_AVAILABLE_IN_0_1
void             kpi_plan_set_name                 (KpiPlan     *self,
                                                    const char  *name);
KPI_AVAILABLE_IN_0_1
gboolean         kpi_plan_add_milestone            (KpiPlan     *self,
                                                    gint64       date,
                                                    double       planned_percent,
                                                    GError     **error);
KPI_AVAILABLE_IN_0_1
guint            kpi_plan_get_n_milestones         (KpiPlan     *self);
KPI_AVAILABLE_IN_0_1
void             kpi_plan_get_milestone            (KpiPlan     *self,
                                                    guint        i,
                                                    gint64      *date,
                                                    double      *percent);
KPI_AVAILABLE_IN_0_1
double           kpi_plan_get_planned_percent      (KpiPlan     *self,
                                                    gint64       at);
KPI_AVAILABLE_IN_0_1
gint64           kpi_plan_get_date_for_percent     (KpiPlan     *self,
                                                    double       percent);
KPI_AVAILABLE_IN_0_1
KpiPlanProgress *kpi_plan_measure_progress         (KpiPlan     *self,
                                                    gint64       at,
                                                    double       actual_percent,
                                                    GError     **error);

KPI_AVAILABLE_IN_0_1
GType            kpi_plan_progress_get_type        (void) G_GNUC_CONST;
KPI_AVAILABLE_IN_0_1
KpiPlanProgress *kpi_plan_progress_ref             (KpiPlanProgress *self);
KPI_AVAILABLE_IN_0_1
void             kpi_plan_progress_unref           (KpiPlanProgress *self);
KPI_AVAILABLE_IN_0_1
gint64           kpi_plan_progress_get_date        (const KpiPlanProgress *self);
KPI_AVAILABLE_IN_0_1
double           kpi_plan_progress_get_planned_percent (const KpiPlanProgress *self);
KPI_AVAILABLE_IN_0_1
double           kpi_plan_progress_get_actual_percent  (const KpiPlanProgress *self);
KPI_AVAILABLE_IN_0_1
double           kpi_plan_progress_get_variance    (const KpiPlanProgress *self);
KPI_AVAILABLE_IN_0_1
double           kpi_plan_progress_get_schedule_variance_days (const KpiPlanProgress *self);
KPI_AVAILABLE_IN_0_1
gboolean         kpi_plan_progress_is_on_schedule  (const KpiPlanProgress *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpiPlanProgress, kpi_plan_progress_unref)

G_END_DECLS
