/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-project.h: did a project go as planned? Its progress from the weekly
 * status reports of its tasks */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <glib-object.h>
#include <libkpi/kpi-version.h>
#include <libkpi/kpi-context.h>

G_BEGIN_DECLS

/**
 * KPI_PROJECT_ERROR:
 *
 * The error domain of [class@Kpi.Project]: a dataset or a column missing,
 * a value that is not what a status report holds, no report to read.
 *
 * Since: 0.1
 */
#define KPI_PROJECT_ERROR (kpi_project_error_quark ())

/**
 * KpiProjectError:
 * @KPI_PROJECT_ERROR_NO_DATASET: the context has no dataset of that name
 * @KPI_PROJECT_ERROR_MISSING_COLUMN: a dataset has no column of that name,
 *   or not of the kind expected
 * @KPI_PROJECT_ERROR_INVALID_VALUE: a cell holds a value a status report
 *   cannot hold (a negative remaining work, a date that is not one, a task
 *   that ends before it starts)
 * @KPI_PROJECT_ERROR_NO_REPORT: the log has no report of the project on or
 *   before the date asked for
 * @KPI_PROJECT_ERROR_UNKNOWN_PROJECT: the log has no row of the project,
 *   or several projects when none was named
 *
 * Errors of the %KPI_PROJECT_ERROR domain.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_PROJECT_ERROR_NO_DATASET,
  KPI_PROJECT_ERROR_MISSING_COLUMN,
  KPI_PROJECT_ERROR_INVALID_VALUE,
  KPI_PROJECT_ERROR_NO_REPORT,
  KPI_PROJECT_ERROR_UNKNOWN_PROJECT,
} KpiProjectError;

KPI_AVAILABLE_IN_0_1
GQuark kpi_project_error_quark (void);

typedef struct _KpiProjectStatus KpiProjectStatus;
typedef struct _KpiMilestoneStatus KpiMilestoneStatus;
typedef struct _KpiTaskStatus KpiTaskStatus;
typedef struct _KpiEstimateBias KpiEstimateBias;

#define KPI_TYPE_PROJECT (kpi_project_get_type ())
#define KPI_TYPE_PROJECT_STATUS (kpi_project_status_get_type ())
#define KPI_TYPE_MILESTONE_STATUS (kpi_milestone_status_get_type ())
#define KPI_TYPE_TASK_STATUS (kpi_task_status_get_type ())
#define KPI_TYPE_ESTIMATE_BIAS (kpi_estimate_bias_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiProject, kpi_project, KPI, PROJECT, GObject)

KPI_AVAILABLE_IN_0_1
KpiProject       *kpi_project_new                         (const char *name);
KPI_AVAILABLE_IN_0_1
const char       *kpi_project_get_name                    (KpiProject *self);
KPI_AVAILABLE_IN_0_1
const char       *kpi_project_get_tasks_dataset_name      (KpiProject *self);
KPI_AVAILABLE_IN_0_1
void              kpi_project_set_tasks_dataset_name      (KpiProject *self,
                                                           const char *name);
KPI_AVAILABLE_IN_0_1
const char       *kpi_project_get_milestones_dataset_name (KpiProject *self);
KPI_AVAILABLE_IN_0_1
void              kpi_project_set_milestones_dataset_name (KpiProject *self,
                                                           const char *name);
KPI_AVAILABLE_IN_0_1
KpiProjectStatus *kpi_project_measure                     (KpiProject  *self,
                                                           KpiContext  *context,
                                                           gint64       as_of,
                                                           GError     **error);

/* The status */
KPI_AVAILABLE_IN_0_1
GType             kpi_project_status_get_type             (void) G_GNUC_CONST;
KPI_AVAILABLE_IN_0_1
KpiProjectStatus *kpi_project_status_ref                  (KpiProjectStatus       *self);
KPI_AVAILABLE_IN_0_1
void              kpi_project_status_unref                (KpiProjectStatus       *self);
KPI_AVAILABLE_IN_0_1
const char       *kpi_project_status_get_project          (const KpiProjectStatus *self);
KPI_AVAILABLE_IN_0_1
gint64            kpi_project_status_get_as_of            (const KpiProjectStatus *self);
KPI_AVAILABLE_IN_0_1
double            kpi_project_status_get_planned_percent  (const KpiProjectStatus *self);
KPI_AVAILABLE_IN_0_1
double            kpi_project_status_get_actual_percent   (const KpiProjectStatus *self);
KPI_AVAILABLE_IN_0_1
double            kpi_project_status_get_schedule_variance_days (const KpiProjectStatus *self);
KPI_AVAILABLE_IN_0_1
GPtrArray        *kpi_project_status_get_milestones       (const KpiProjectStatus *self);
KPI_AVAILABLE_IN_0_1
GPtrArray        *kpi_project_status_get_tasks            (const KpiProjectStatus *self);
KPI_AVAILABLE_IN_0_1
GPtrArray        *kpi_project_status_get_estimate_bias    (const KpiProjectStatus *self);
KPI_AVAILABLE_IN_0_1
const char       *kpi_project_status_get_summary          (const KpiProjectStatus *self);

/* A milestone */
KPI_AVAILABLE_IN_0_1
GType               kpi_milestone_status_get_type         (void) G_GNUC_CONST;
KPI_AVAILABLE_IN_0_1
KpiMilestoneStatus *kpi_milestone_status_ref              (KpiMilestoneStatus       *self);
KPI_AVAILABLE_IN_0_1
void                kpi_milestone_status_unref            (KpiMilestoneStatus       *self);
KPI_AVAILABLE_IN_0_1
const char         *kpi_milestone_status_get_name         (const KpiMilestoneStatus *self);
KPI_AVAILABLE_IN_0_1
gint64              kpi_milestone_status_get_planned_date (const KpiMilestoneStatus *self);
KPI_AVAILABLE_IN_0_1
gint64              kpi_milestone_status_get_actual_date  (const KpiMilestoneStatus *self);
KPI_AVAILABLE_IN_0_1
gint64              kpi_milestone_status_get_forecast_date (const KpiMilestoneStatus *self);
KPI_AVAILABLE_IN_0_1
double              kpi_milestone_status_get_variance_days (const KpiMilestoneStatus *self);
KPI_AVAILABLE_IN_0_1
double              kpi_milestone_status_get_planned_percent (const KpiMilestoneStatus *self);
KPI_AVAILABLE_IN_0_1
double              kpi_milestone_status_get_actual_percent (const KpiMilestoneStatus *self);
KPI_AVAILABLE_IN_0_1
gboolean            kpi_milestone_status_is_done          (const KpiMilestoneStatus *self);

/* A task */
KPI_AVAILABLE_IN_0_1
GType          kpi_task_status_get_type               (void) G_GNUC_CONST;
KPI_AVAILABLE_IN_0_1
KpiTaskStatus *kpi_task_status_ref                    (KpiTaskStatus       *self);
KPI_AVAILABLE_IN_0_1
void           kpi_task_status_unref                  (KpiTaskStatus       *self);
KPI_AVAILABLE_IN_0_1
const char    *kpi_task_status_get_task               (const KpiTaskStatus *self);
KPI_AVAILABLE_IN_0_1
const char    *kpi_task_status_get_milestone          (const KpiTaskStatus *self);
KPI_AVAILABLE_IN_0_1
const char    *kpi_task_status_get_team               (const KpiTaskStatus *self);
KPI_AVAILABLE_IN_0_1
gint64         kpi_task_status_get_planned_start      (const KpiTaskStatus *self);
KPI_AVAILABLE_IN_0_1
gint64         kpi_task_status_get_planned_end        (const KpiTaskStatus *self);
KPI_AVAILABLE_IN_0_1
double         kpi_task_status_get_planned_effort     (const KpiTaskStatus *self);
KPI_AVAILABLE_IN_0_1
double         kpi_task_status_get_spent              (const KpiTaskStatus *self);
KPI_AVAILABLE_IN_0_1
double         kpi_task_status_get_remaining          (const KpiTaskStatus *self);
KPI_AVAILABLE_IN_0_1
double         kpi_task_status_get_planned_percent    (const KpiTaskStatus *self);
KPI_AVAILABLE_IN_0_1
double         kpi_task_status_get_actual_percent     (const KpiTaskStatus *self);
KPI_AVAILABLE_IN_0_1
gboolean       kpi_task_status_is_done                (const KpiTaskStatus *self);
KPI_AVAILABLE_IN_0_1
double         kpi_task_status_get_variance_days      (const KpiTaskStatus *self);

/* The estimates of a team */
KPI_AVAILABLE_IN_0_1
GType            kpi_estimate_bias_get_type             (void) G_GNUC_CONST;
KPI_AVAILABLE_IN_0_1
KpiEstimateBias *kpi_estimate_bias_ref                  (KpiEstimateBias       *self);
KPI_AVAILABLE_IN_0_1
void             kpi_estimate_bias_unref                (KpiEstimateBias       *self);
KPI_AVAILABLE_IN_0_1
const char      *kpi_estimate_bias_get_team             (const KpiEstimateBias *self);
KPI_AVAILABLE_IN_0_1
double           kpi_estimate_bias_get_tracking_signal  (const KpiEstimateBias *self);
KPI_AVAILABLE_IN_0_1
double           kpi_estimate_bias_get_mean_error       (const KpiEstimateBias *self);
KPI_AVAILABLE_IN_0_1
guint            kpi_estimate_bias_get_n_estimates      (const KpiEstimateBias *self);
KPI_AVAILABLE_IN_0_1
gboolean         kpi_estimate_bias_is_biased            (const KpiEstimateBias *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpiProjectStatus, kpi_project_status_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpiMilestoneStatus, kpi_milestone_status_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpiTaskStatus, kpi_task_status_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpiEstimateBias, kpi_estimate_bias_unref)

G_END_DECLS
