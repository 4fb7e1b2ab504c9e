/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-watch.h: watch rules (a threshold crossed, a flat series, key accounts
 * lapsing) and the alerts they raise */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <glib-object.h>
#include <libkpi/kpi-version.h>
#include <libkpi/kpi-period.h>
#include <libkpi/kpi-context.h>
#include <libkpi/kpi-comparison.h>

G_BEGIN_DECLS

/**
 * KPI_WATCH_ERROR:
 *
 * The error domain of [class@Kpi.Watch]. Errors are from the
 * #KpiWatchError enumeration.
 *
 * Since: 0.1
 */
#define KPI_WATCH_ERROR (kpi_watch_error_quark ())

/**
 * KpiWatchError:
 * @KPI_WATCH_ERROR_UNKNOWN_INDICATOR: the context has no indicator of that id
 * @KPI_WATCH_ERROR_UNKNOWN_DATASET: the context has no dataset of that name
 * @KPI_WATCH_ERROR_UNKNOWN_COLUMN: the dataset has no column of that name
 * @KPI_WATCH_ERROR_COLUMN_KIND: the column is not of the kind its role
 *   needs: the entity and group-by columns are dimensions, the amount a
 *   measure
 * @KPI_WATCH_ERROR_UNKNOWN_GROUP: the group-by column never holds the group
 * @KPI_WATCH_ERROR_INVALID_PARAMETER: a setting out of range or missing: an
 *   indicator watch without an indicator, a threshold without a bound,
 *   fewer than three periods, a negative tolerance, a factor that is not
 *   positive, a group without a group-by column, a custom period where a
 *   series of periods is needed
 *
 * Errors of the %KPI_WATCH_ERROR domain.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_WATCH_ERROR_UNKNOWN_INDICATOR,
  KPI_WATCH_ERROR_UNKNOWN_DATASET,
  KPI_WATCH_ERROR_UNKNOWN_COLUMN,
  KPI_WATCH_ERROR_COLUMN_KIND,
  KPI_WATCH_ERROR_UNKNOWN_GROUP,
  KPI_WATCH_ERROR_INVALID_PARAMETER,
} KpiWatchError;

KPI_AVAILABLE_IN_0_1
GQuark kpi_watch_error_quark (void);

/**
 * KpiWatchKind:
 * @KPI_WATCH_KIND_THRESHOLD: an indicator crossing a threshold (stock below
 *   a critical point)
 * @KPI_WATCH_KIND_STAGNATION: an indicator flat over its recent periods
 *   (the average basket of a channel that has not moved for months)
 * @KPI_WATCH_KIND_LAPSING_ACCOUNTS: key accounts whose silence is long
 *   against their usual interval between orders
 *
 * What a [class@Kpi.Watch] looks for. The nicks (`threshold`,
 * `stagnation`, `lapsing-accounts`) are the names a definitions file uses.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_WATCH_KIND_THRESHOLD,
  KPI_WATCH_KIND_STAGNATION,
  KPI_WATCH_KIND_LAPSING_ACCOUNTS,
} KpiWatchKind;

/**
 * KPI_WATCH_DEFAULT_PERIODS:
 *
 * How many recent periods a stagnation watch looks at by default: 4.
 *
 * Since: 0.1
 */
#define KPI_WATCH_DEFAULT_PERIODS 4

/**
 * KPI_WATCH_DEFAULT_TOLERANCE:
 *
 * The relative distance from their mean within which the values of a
 * stagnation watch are called flat by default: 0.02 (± 2 %).
 *
 * Since: 0.1
 */
#define KPI_WATCH_DEFAULT_TOLERANCE 0.02

/**
 * KPI_WATCH_DEFAULT_TOP:
 *
 * How many of the largest accounts a lapsing-accounts watch follows by
 * default: 20.
 *
 * Since: 0.1
 */
#define KPI_WATCH_DEFAULT_TOP 20

/**
 * KPI_WATCH_DEFAULT_FACTOR:
 *
 * How many of its usual intervals between orders an account may stay
 * silent before a lapsing-accounts watch calls it lapsing, by default: 3.
 *
 * Since: 0.1
 */
#define KPI_WATCH_DEFAULT_FACTOR 3.0

/**
 * KPI_WATCH_DEFAULT_MIN_ORDERS:
 *
 * The fewest orders an account needs for a lapsing-accounts watch to judge
 * its rhythm, by default: 3.
 *
 * Since: 0.1
 */
#define KPI_WATCH_DEFAULT_MIN_ORDERS 3

/* KpiAlert */

typedef struct _KpiAlert KpiAlert;

#define KPI_TYPE_ALERT (kpi_alert_get_type ())

KPI_AVAILABLE_IN_0_1
GType         kpi_alert_get_type         (void) G_GNUC_CONST;
KPI_AVAILABLE_IN_0_1
KpiAlert     *kpi_alert_ref              (KpiAlert       *self);
KPI_AVAILABLE_IN_0_1
void          kpi_alert_unref            (KpiAlert       *self);
KPI_AVAILABLE_IN_0_1
const char   *kpi_alert_get_watch_id     (const KpiAlert *self);
KPI_AVAILABLE_IN_0_1
KpiWatchKind  kpi_alert_get_kind         (const KpiAlert *self);
KPI_AVAILABLE_IN_0_1
const char   *kpi_alert_get_indicator_id (const KpiAlert *self);
KPI_AVAILABLE_IN_0_1
const char   *kpi_alert_get_subject      (const KpiAlert *self);
KPI_AVAILABLE_IN_0_1
const char   *kpi_alert_get_message      (const KpiAlert *self);
KPI_AVAILABLE_IN_0_1
KpiStatus     kpi_alert_get_status       (const KpiAlert *self);
KPI_AVAILABLE_IN_0_1
double        kpi_alert_get_value        (const KpiAlert *self);
KPI_AVAILABLE_IN_0_1
double        kpi_alert_get_threshold    (const KpiAlert *self);
KPI_AVAILABLE_IN_0_1
gint64        kpi_alert_get_since        (const KpiAlert *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpiAlert, kpi_alert_unref)

/* KpiWatch */

#define KPI_TYPE_WATCH (kpi_watch_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiWatch, kpi_watch, KPI, WATCH, GObject)

KPI_AVAILABLE_IN_0_1
KpiWatch     *kpi_watch_new              (const char      *id,
                                          KpiWatchKind     kind);

KPI_AVAILABLE_IN_0_1
const char   *kpi_watch_get_id           (KpiWatch        *self);
KPI_AVAILABLE_IN_0_1
void          kpi_watch_set_id           (KpiWatch        *self,
                                          const char      *id);
KPI_AVAILABLE_IN_0_1
KpiWatchKind  kpi_watch_get_kind         (KpiWatch        *self);
KPI_AVAILABLE_IN_0_1
const char   *kpi_watch_get_title        (KpiWatch        *self);
KPI_AVAILABLE_IN_0_1
void          kpi_watch_set_title        (KpiWatch        *self,
                                          const char      *title);
KPI_AVAILABLE_IN_0_1
const char   *kpi_watch_get_indicator    (KpiWatch        *self);
KPI_AVAILABLE_IN_0_1
void          kpi_watch_set_indicator    (KpiWatch        *self,
                                          const char      *indicator);
KPI_AVAILABLE_IN_0_1
const char   *kpi_watch_get_group_by     (KpiWatch        *self);
KPI_AVAILABLE_IN_0_1
void          kpi_watch_set_group_by     (KpiWatch        *self,
                                          const char      *group_by);
KPI_AVAILABLE_IN_0_1
const char   *kpi_watch_get_group        (KpiWatch        *self);
KPI_AVAILABLE_IN_0_1
void          kpi_watch_set_group        (KpiWatch        *self,
                                          const char      *group);
KPI_AVAILABLE_IN_0_1
double        kpi_watch_get_below        (KpiWatch        *self);
KPI_AVAILABLE_IN_0_1
void          kpi_watch_set_below        (KpiWatch        *self,
                                          double           below);
KPI_AVAILABLE_IN_0_1
double        kpi_watch_get_above        (KpiWatch        *self);
KPI_AVAILABLE_IN_0_1
void          kpi_watch_set_above        (KpiWatch        *self,
                                          double           above);
KPI_AVAILABLE_IN_0_1
guint         kpi_watch_get_periods      (KpiWatch        *self);
KPI_AVAILABLE_IN_0_1
void          kpi_watch_set_periods      (KpiWatch        *self,
                                          guint            periods);
KPI_AVAILABLE_IN_0_1
double        kpi_watch_get_tolerance    (KpiWatch        *self);
KPI_AVAILABLE_IN_0_1
void          kpi_watch_set_tolerance    (KpiWatch        *self,
                                          double           tolerance);
KPI_AVAILABLE_IN_0_1
const char   *kpi_watch_get_dataset      (KpiWatch        *self);
KPI_AVAILABLE_IN_0_1
void          kpi_watch_set_dataset      (KpiWatch        *self,
                                          const char      *dataset);
KPI_AVAILABLE_IN_0_1
const char   *kpi_watch_get_entity       (KpiWatch        *self);
KPI_AVAILABLE_IN_0_1
void          kpi_watch_set_entity       (KpiWatch        *self,
                                          const char      *entity);
KPI_AVAILABLE_IN_0_1
const char   *kpi_watch_get_amount       (KpiWatch        *self);
KPI_AVAILABLE_IN_0_1
void          kpi_watch_set_amount       (KpiWatch        *self,
                                          const char      *amount);
KPI_AVAILABLE_IN_0_1
guint         kpi_watch_get_top          (KpiWatch        *self);
KPI_AVAILABLE_IN_0_1
void          kpi_watch_set_top          (KpiWatch        *self,
                                          guint            top);
KPI_AVAILABLE_IN_0_1
double        kpi_watch_get_factor       (KpiWatch        *self);
KPI_AVAILABLE_IN_0_1
void          kpi_watch_set_factor       (KpiWatch        *self,
                                          double           factor);
KPI_AVAILABLE_IN_0_1
guint         kpi_watch_get_min_orders   (KpiWatch        *self);
KPI_AVAILABLE_IN_0_1
void          kpi_watch_set_min_orders   (KpiWatch        *self,
                                          guint            min_orders);

KPI_AVAILABLE_IN_0_1
GPtrArray    *kpi_watch_evaluate         (KpiWatch        *self,
                                          KpiContext      *context,
                                          const KpiPeriod *period,
                                          GError         **error);

G_END_DECLS
