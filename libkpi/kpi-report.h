/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-report.h: a dashboard evaluated for a period, row by row, and its
 * exports */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <gio/gio.h>
#include <libkpi/kpi-version.h>
#include <libkpi/kpi-comparison.h>
#include <libkpi/kpi-dashboard.h>
#include <libkpi/kpi-definitions.h>
#include <libkpi/kpi-indicator.h>
#include <libkpi/kpi-landing.h>
#include <libkpi/kpi-trend.h>
#include <libkpi/kpi-value.h>

G_BEGIN_DECLS

/**
 * KpiTextFlags:
 * @KPI_TEXT_NONE: plain text
 * @KPI_TEXT_COLOR: ANSI colours for the statuses, for a terminal that shows
 *   them; the text reads the same without them
 *
 * How [method@Kpi.Report.to_text] writes.
 *
 * Since: 0.1
 */
typedef enum /*< flags >*/ {
  KPI_TEXT_NONE  = 0,
  KPI_TEXT_COLOR = 1 << 0,
} KpiTextFlags;

#define KPI_TYPE_BUDGET_LINE (kpi_budget_line_get_type ())

/**
 * KpiBudgetLine:
 *
 * One month of a budget dashboard's row: the budget and the actual of the
 * month, their variance, and the same from the start of the year to the
 * end of the month. Immutable.
 *
 * Since: 0.1
 */
typedef struct _KpiBudgetLine KpiBudgetLine;

KPI_AVAILABLE_IN_0_1
GType            kpi_budget_line_get_type              (void) G_GNUC_CONST;
KPI_AVAILABLE_IN_0_1
KpiBudgetLine   *kpi_budget_line_ref                   (KpiBudgetLine *self);
KPI_AVAILABLE_IN_0_1
void             kpi_budget_line_unref                 (KpiBudgetLine *self);
KPI_AVAILABLE_IN_0_1
const KpiPeriod *kpi_budget_line_get_period            (KpiBudgetLine *self);
KPI_AVAILABLE_IN_0_1
double           kpi_budget_line_get_budget            (KpiBudgetLine *self);
KPI_AVAILABLE_IN_0_1
double           kpi_budget_line_get_actual            (KpiBudgetLine *self);
KPI_AVAILABLE_IN_0_1
double           kpi_budget_line_get_variance          (KpiBudgetLine *self);
KPI_AVAILABLE_IN_0_1
double           kpi_budget_line_get_relative_variance (KpiBudgetLine *self);
KPI_AVAILABLE_IN_0_1
double           kpi_budget_line_get_ytd_budget        (KpiBudgetLine *self);
KPI_AVAILABLE_IN_0_1
double           kpi_budget_line_get_ytd_actual        (KpiBudgetLine *self);
KPI_AVAILABLE_IN_0_1
double           kpi_budget_line_get_ytd_variance      (KpiBudgetLine *self);
KPI_AVAILABLE_IN_0_1
KpiClosure       kpi_budget_line_get_closure           (KpiBudgetLine *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpiBudgetLine, kpi_budget_line_unref)

#define KPI_TYPE_REPORT_ROW (kpi_report_row_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiReportRow, kpi_report_row, KPI, REPORT_ROW, GObject)

KPI_AVAILABLE_IN_0_1
KpiIndicator     *kpi_report_row_get_indicator    (KpiReportRow *self);
KPI_AVAILABLE_IN_0_1
KpiDashboardItem *kpi_report_row_get_item         (KpiReportRow *self);
KPI_AVAILABLE_IN_0_1
const char       *kpi_report_row_get_title        (KpiReportRow *self);
KPI_AVAILABLE_IN_0_1
const char       *kpi_report_row_get_perspective  (KpiReportRow *self);
KPI_AVAILABLE_IN_0_1
KpiValue         *kpi_report_row_get_value        (KpiReportRow *self);
KPI_AVAILABLE_IN_0_1
KpiComparison    *kpi_report_row_get_target       (KpiReportRow *self);
KPI_AVAILABLE_IN_0_1
GPtrArray        *kpi_report_row_get_comparisons  (KpiReportRow *self);
KPI_AVAILABLE_IN_0_1
KpiStatus         kpi_report_row_get_status       (KpiReportRow *self);
KPI_AVAILABLE_IN_0_1
double            kpi_report_row_get_score        (KpiReportRow *self);
KPI_AVAILABLE_IN_0_1
KpiTrend         *kpi_report_row_get_trend        (KpiReportRow *self);
KPI_AVAILABLE_IN_0_1
GPtrArray        *kpi_report_row_get_sparkline    (KpiReportRow *self);
KPI_AVAILABLE_IN_0_1
KpiQuality        kpi_report_row_get_quality      (KpiReportRow *self);
KPI_AVAILABLE_IN_0_1
double            kpi_report_row_get_confidence   (KpiReportRow *self);
KPI_AVAILABLE_IN_0_1
char            **kpi_report_row_list_breakdowns  (KpiReportRow *self);
KPI_AVAILABLE_IN_0_1
GPtrArray        *kpi_report_row_get_breakdown    (KpiReportRow *self,
                                                   const char   *dimension);
KPI_AVAILABLE_IN_0_1
double            kpi_report_row_get_projection   (KpiReportRow *self);
KPI_AVAILABLE_IN_0_1
GPtrArray        *kpi_report_row_get_budget_lines (KpiReportRow *self);
KPI_AVAILABLE_IN_0_1
KpiLanding       *kpi_report_row_get_landing      (KpiReportRow *self);
KPI_AVAILABLE_IN_0_1
const char * const *kpi_report_row_get_notes      (KpiReportRow *self);
KPI_AVAILABLE_IN_0_1
GPtrArray        *kpi_report_row_get_alerts       (KpiReportRow *self);

#define KPI_TYPE_REPORT (kpi_report_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiReport, kpi_report, KPI, REPORT, GObject)

KPI_AVAILABLE_IN_0_1
KpiReport       *kpi_dashboard_evaluate          (KpiDashboard        *dashboard,
                                                  KpiDefinitions      *definitions,
                                                  const KpiPeriod     *period,
                                                  GCancellable        *cancellable,
                                                  GError             **error);
KPI_AVAILABLE_IN_0_1
void             kpi_dashboard_evaluate_async    (KpiDashboard        *dashboard,
                                                  KpiDefinitions      *definitions,
                                                  const KpiPeriod     *period,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
KPI_AVAILABLE_IN_0_1
KpiReport       *kpi_dashboard_evaluate_finish   (KpiDashboard        *dashboard,
                                                  GAsyncResult        *result,
                                                  GError             **error);

KPI_AVAILABLE_IN_0_1
KpiDashboard    *kpi_report_get_dashboard        (KpiReport           *self);
KPI_AVAILABLE_IN_0_1
const KpiPeriod *kpi_report_get_period           (KpiReport           *self);
KPI_AVAILABLE_IN_0_1
gint64           kpi_report_get_as_of            (KpiReport           *self);
KPI_AVAILABLE_IN_0_1
gint64           kpi_report_get_data_as_of       (KpiReport           *self);
KPI_AVAILABLE_IN_0_1
KpiQuality       kpi_report_get_quality          (KpiReport           *self);
KPI_AVAILABLE_IN_0_1
double           kpi_report_get_confidence       (KpiReport           *self);
KPI_AVAILABLE_IN_0_1
double           kpi_report_get_score            (KpiReport           *self);
KPI_AVAILABLE_IN_0_1
char           **kpi_report_list_perspectives    (KpiReport           *self);
KPI_AVAILABLE_IN_0_1
double           kpi_report_get_perspective_score (KpiReport          *self,
                                                  const char          *perspective,
                                                  guint               *n_scored,
                                                  guint               *n_missing);
KPI_AVAILABLE_IN_0_1
GPtrArray       *kpi_report_get_check_results    (KpiReport           *self);
KPI_AVAILABLE_IN_0_1
GPtrArray       *kpi_report_get_alerts           (KpiReport           *self);
KPI_AVAILABLE_IN_0_1
KpiProjectStatus *kpi_report_get_project_status  (KpiReport           *self);
KPI_AVAILABLE_IN_0_1
KpiFunnelResult *kpi_report_get_funnel           (KpiReport           *self);

KPI_AVAILABLE_IN_0_1
char            *kpi_report_to_json              (KpiReport           *self,
                                                  gsize               *length);
KPI_AVAILABLE_IN_0_1
char            *kpi_report_to_csv               (KpiReport           *self,
                                                  gsize               *length);
KPI_AVAILABLE_IN_0_1
char            *kpi_report_to_text              (KpiReport           *self,
                                                  KpiTextFlags         flags);

/* The HTML page (kpi-report-html.c) */
KPI_AVAILABLE_IN_0_1
char            *kpi_report_to_html              (KpiReport           *self,
                                                  gsize               *length);

G_END_DECLS
