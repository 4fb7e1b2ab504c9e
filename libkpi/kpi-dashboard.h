/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-dashboard.h: a manager's selection of indicators, and what is
 * compared, broken down and watched on it */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <gio/gio.h>
#include <libkpi/kpi-version.h>
#include <libkpi/kpi-context.h>
#include <libkpi/kpi-check-suite.h>
#include <libkpi/kpi-watch.h>
#include <libkpi/kpi-funnel.h>

typedef struct _KpiDefinitions KpiDefinitions;

G_BEGIN_DECLS

/**
 * KpiDashboardType:
 * @KPI_DASHBOARD_TYPE_STRATEGIC: a balanced scorecard over a long horizon:
 *   perspectives, weighted indicators, scores rolled up
 * @KPI_DASHBOARD_TYPE_BUDGET: budget against actual per month, the year to
 *   date and the year-end landing, over a medium horizon
 * @KPI_DASHBOARD_TYPE_OPERATIONAL: the progress of an action plan over a
 *   short horizon
 *
 * The three kinds of dashboard, by the decisions they serve.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_DASHBOARD_TYPE_STRATEGIC,
  KPI_DASHBOARD_TYPE_BUDGET,
  KPI_DASHBOARD_TYPE_OPERATIONAL,
} KpiDashboardType;

/**
 * KpiAdvisoryKind:
 * @KPI_ADVISORY_TOO_FEW_INDICATORS: fewer than 5 indicators
 * @KPI_ADVISORY_TOO_MANY_INDICATORS: more than 9 indicators: a report, not
 *   a dashboard
 * @KPI_ADVISORY_MISSING_KIND: a strategic dashboard has no indicator of
 *   one of the four kinds
 * @KPI_ADVISORY_NO_TARGET: a performance indicator without a target
 * @KPI_ADVISORY_UNCHECKED_DATA: an indicator reads a dataset that no
 *   quality check looks at
 * @KPI_ADVISORY_UNKNOWN_DATASET: an indicator reads a dataset that does
 *   not exist
 * @KPI_ADVISORY_UNKNOWN_INDICATOR: an item names an indicator the context
 *   does not have
 * @KPI_ADVISORY_UNKNOWN_BENCHMARK: an item names a benchmark that does not
 *   exist
 * @KPI_ADVISORY_UNKNOWN_PERSPECTIVE: an item of a strategic dashboard has
 *   no perspective, or one the dashboard does not list
 * @KPI_ADVISORY_NO_PROJECT: an operational dashboard has no project
 *
 * What [method@Kpi.Dashboard.validate] can find.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_ADVISORY_TOO_FEW_INDICATORS,
  KPI_ADVISORY_TOO_MANY_INDICATORS,
  KPI_ADVISORY_MISSING_KIND,
  KPI_ADVISORY_NO_TARGET,
  KPI_ADVISORY_UNCHECKED_DATA,
  KPI_ADVISORY_UNKNOWN_DATASET,
  KPI_ADVISORY_UNKNOWN_INDICATOR,
  KPI_ADVISORY_UNKNOWN_BENCHMARK,
  KPI_ADVISORY_UNKNOWN_PERSPECTIVE,
  KPI_ADVISORY_NO_PROJECT,
} KpiAdvisoryKind;

#define KPI_TYPE_ADVISORY (kpi_advisory_get_type ())

/**
 * KpiAdvisory:
 *
 * One thing [method@Kpi.Dashboard.validate] found: its kind, what it is
 * about and a sentence saying so. Immutable.
 *
 * Since: 0.1
 */
typedef struct _KpiAdvisory KpiAdvisory;

KPI_AVAILABLE_IN_0_1
GType            kpi_advisory_get_type      (void) G_GNUC_CONST;
KPI_AVAILABLE_IN_0_1
KpiAdvisory     *kpi_advisory_new           (KpiAdvisoryKind    kind,
                                             const char        *dashboard_id,
                                             const char        *subject,
                                             const char        *message);
KPI_AVAILABLE_IN_0_1
KpiAdvisory     *kpi_advisory_ref           (KpiAdvisory       *self);
KPI_AVAILABLE_IN_0_1
void             kpi_advisory_unref         (KpiAdvisory       *self);
KPI_AVAILABLE_IN_0_1
KpiAdvisoryKind  kpi_advisory_get_kind      (const KpiAdvisory *self);
KPI_AVAILABLE_IN_0_1
const char      *kpi_advisory_get_dashboard_id (const KpiAdvisory *self);
KPI_AVAILABLE_IN_0_1
const char      *kpi_advisory_get_subject   (const KpiAdvisory *self);
KPI_AVAILABLE_IN_0_1
const char      *kpi_advisory_get_message   (const KpiAdvisory *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpiAdvisory, kpi_advisory_unref)

#define KPI_TYPE_DASHBOARD_ITEM (kpi_dashboard_item_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiDashboardItem, kpi_dashboard_item, KPI, DASHBOARD_ITEM, GObject)

KPI_AVAILABLE_IN_0_1
KpiDashboardItem  *kpi_dashboard_item_new               (const char        *indicator_id);
KPI_AVAILABLE_IN_0_1
const char        *kpi_dashboard_item_get_indicator_id  (KpiDashboardItem  *self);
KPI_AVAILABLE_IN_0_1
const char        *kpi_dashboard_item_get_perspective   (KpiDashboardItem  *self);
KPI_AVAILABLE_IN_0_1
void               kpi_dashboard_item_set_perspective   (KpiDashboardItem  *self,
                                                         const char        *perspective);
KPI_AVAILABLE_IN_0_1
double             kpi_dashboard_item_get_weight        (KpiDashboardItem  *self);
KPI_AVAILABLE_IN_0_1
gboolean           kpi_dashboard_item_set_weight        (KpiDashboardItem  *self,
                                                         double             weight,
                                                         GError           **error);
KPI_AVAILABLE_IN_0_1
const char        *kpi_dashboard_item_get_target        (KpiDashboardItem  *self);
KPI_AVAILABLE_IN_0_1
void               kpi_dashboard_item_set_target        (KpiDashboardItem  *self,
                                                         const char        *benchmark_id);
KPI_AVAILABLE_IN_0_1
const char        *kpi_dashboard_item_get_budget        (KpiDashboardItem  *self);
KPI_AVAILABLE_IN_0_1
void               kpi_dashboard_item_set_budget        (KpiDashboardItem  *self,
                                                         const char        *benchmark_id);
KPI_AVAILABLE_IN_0_1
const char * const *kpi_dashboard_item_get_comparisons  (KpiDashboardItem  *self);
KPI_AVAILABLE_IN_0_1
void               kpi_dashboard_item_set_comparisons   (KpiDashboardItem  *self,
                                                         const char * const *benchmark_ids);
KPI_AVAILABLE_IN_0_1
const char * const *kpi_dashboard_item_get_breakdowns   (KpiDashboardItem  *self);
KPI_AVAILABLE_IN_0_1
void               kpi_dashboard_item_set_breakdowns    (KpiDashboardItem  *self,
                                                         const char * const *dimensions);
KPI_AVAILABLE_IN_0_1
KpiComparisonPolicy *kpi_dashboard_item_get_policy      (KpiDashboardItem  *self);
KPI_AVAILABLE_IN_0_1
void               kpi_dashboard_item_set_policy        (KpiDashboardItem  *self,
                                                         KpiComparisonPolicy *policy);

#define KPI_TYPE_DASHBOARD (kpi_dashboard_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiDashboard, kpi_dashboard, KPI, DASHBOARD, GObject)

KPI_AVAILABLE_IN_0_1
KpiDashboard     *kpi_dashboard_new                (const char        *id,
                                                    KpiDashboardType   type);
KPI_AVAILABLE_IN_0_1
const char       *kpi_dashboard_get_id             (KpiDashboard      *self);
KPI_AVAILABLE_IN_0_1
KpiDashboardType  kpi_dashboard_get_dashboard_type (KpiDashboard      *self);
KPI_AVAILABLE_IN_0_1
const char       *kpi_dashboard_get_title          (KpiDashboard      *self);
KPI_AVAILABLE_IN_0_1
void              kpi_dashboard_set_title          (KpiDashboard      *self,
                                                    const char        *title);
KPI_AVAILABLE_IN_0_1
const char       *kpi_dashboard_get_owner          (KpiDashboard      *self);
KPI_AVAILABLE_IN_0_1
void              kpi_dashboard_set_owner          (KpiDashboard      *self,
                                                    const char        *owner);
KPI_AVAILABLE_IN_0_1
const char       *kpi_dashboard_get_role           (KpiDashboard      *self);
KPI_AVAILABLE_IN_0_1
void              kpi_dashboard_set_role           (KpiDashboard      *self,
                                                    const char        *role);
KPI_AVAILABLE_IN_0_1
const char * const *kpi_dashboard_get_perspectives (KpiDashboard      *self);
KPI_AVAILABLE_IN_0_1
void              kpi_dashboard_set_perspectives   (KpiDashboard      *self,
                                                    const char * const *perspectives);
KPI_AVAILABLE_IN_0_1
const char * const *kpi_dashboard_get_breakdowns   (KpiDashboard      *self);
KPI_AVAILABLE_IN_0_1
void              kpi_dashboard_set_breakdowns     (KpiDashboard      *self,
                                                    const char * const *dimensions);
KPI_AVAILABLE_IN_0_1
guint             kpi_dashboard_get_history        (KpiDashboard      *self);
KPI_AVAILABLE_IN_0_1
void              kpi_dashboard_set_history        (KpiDashboard      *self,
                                                    guint              n_periods);
KPI_AVAILABLE_IN_0_1
const char       *kpi_dashboard_get_project        (KpiDashboard      *self);
KPI_AVAILABLE_IN_0_1
void              kpi_dashboard_set_project        (KpiDashboard      *self,
                                                    const char        *project);
KPI_AVAILABLE_IN_0_1
KpiFunnel        *kpi_dashboard_get_funnel         (KpiDashboard      *self);
KPI_AVAILABLE_IN_0_1
void              kpi_dashboard_set_funnel         (KpiDashboard      *self,
                                                    KpiFunnel         *funnel);
KPI_AVAILABLE_IN_0_1
KpiFunnelBasis    kpi_dashboard_get_funnel_basis   (KpiDashboard      *self);
KPI_AVAILABLE_IN_0_1
void              kpi_dashboard_set_funnel_basis   (KpiDashboard      *self,
                                                    KpiFunnelBasis     basis);
KPI_AVAILABLE_IN_0_1
gboolean          kpi_dashboard_add_item           (KpiDashboard      *self,
                                                    KpiDashboardItem  *item,
                                                    GError           **error);
KPI_AVAILABLE_IN_0_1
gboolean          kpi_dashboard_remove_item        (KpiDashboard      *self,
                                                    const char        *indicator_id);
KPI_AVAILABLE_IN_0_1
KpiDashboardItem *kpi_dashboard_lookup_item        (KpiDashboard      *self,
                                                    const char        *indicator_id);
KPI_AVAILABLE_IN_0_1
GListModel       *kpi_dashboard_get_watches        (KpiDashboard      *self);
KPI_AVAILABLE_IN_0_1
gboolean          kpi_dashboard_add_watch          (KpiDashboard      *self,
                                                    KpiWatch          *watch,
                                                    GError           **error);
KPI_AVAILABLE_IN_0_1
GPtrArray        *kpi_dashboard_validate           (KpiDashboard      *self,
                                                    KpiDefinitions    *definitions);

G_END_DECLS
