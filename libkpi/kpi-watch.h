/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-watch.h: a watch rule, the abstract class, and the alerts watch
 * rules raise */

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
 * @KPI_WATCH_ERROR_UNKNOWN_TYPE: no kind of watch rule has that name
 *   ([ctor@Kpi.Watch.new_for_type])
 * @KPI_WATCH_ERROR_NO_RESULT: a subclass's evaluate gave neither alerts
 *   nor an error
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
  KPI_WATCH_ERROR_UNKNOWN_TYPE,
  KPI_WATCH_ERROR_NO_RESULT,
} KpiWatchError;

KPI_AVAILABLE_IN_0_1
GQuark kpi_watch_error_quark (void);

/* KpiWatch */

#define KPI_TYPE_WATCH (kpi_watch_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_DERIVABLE_TYPE (KpiWatch, kpi_watch, KPI, WATCH, GObject)

/**
 * KpiWatchClass:
 * @parent_class: the parent class
 * @evaluate: evaluates the rule for a period; every watch rule implements
 *   it. It returns the alerts (an empty array when nothing deserves
 *   attention), made with kpi_alert_new(), or %NULL with @error set when
 *   the rule cannot be evaluated.
 *
 * The virtual methods of [class@Kpi.Watch], which applications override
 * in C or in Python to add their own watch rules. @evaluate may be called
 * from several threads at once, for different periods.
 *
 * Since: 0.1
 */
struct _KpiWatchClass
{
  GObjectClass parent_class;

  GPtrArray * (*evaluate) (KpiWatch         *self,
                           KpiContext       *context,
                           const KpiPeriod  *period,
                           GError          **error);

  /*< private >*/
  gpointer padding[12];
};

KPI_AVAILABLE_IN_0_1
KpiWatch     *kpi_watch_new_for_type     (const char      *type,
                                          const char      *id,
                                          GError         **error);
KPI_AVAILABLE_IN_0_1
char        **kpi_watch_list_types       (void);

KPI_AVAILABLE_IN_0_1
const char   *kpi_watch_get_id           (KpiWatch        *self);
KPI_AVAILABLE_IN_0_1
void          kpi_watch_set_id           (KpiWatch        *self,
                                          const char      *id);
KPI_AVAILABLE_IN_0_1
const char   *kpi_watch_get_title        (KpiWatch        *self);
KPI_AVAILABLE_IN_0_1
void          kpi_watch_set_title        (KpiWatch        *self,
                                          const char      *title);

KPI_AVAILABLE_IN_0_1
GPtrArray    *kpi_watch_evaluate         (KpiWatch        *self,
                                          KpiContext      *context,
                                          const KpiPeriod *period,
                                          GError         **error);

/* KpiAlert */

typedef struct _KpiAlert KpiAlert;

#define KPI_TYPE_ALERT (kpi_alert_get_type ())

KPI_AVAILABLE_IN_0_1
GType         kpi_alert_get_type         (void) G_GNUC_CONST;
KPI_AVAILABLE_IN_0_1
KpiAlert     *kpi_alert_new              (KpiWatch       *watch,
                                          KpiStatus       status,
                                          const char     *indicator_id,
                                          const char     *subject,
                                          const char     *message,
                                          double          value,
                                          double          threshold,
                                          gint64          since);
KPI_AVAILABLE_IN_0_1
KpiAlert     *kpi_alert_ref              (KpiAlert       *self);
KPI_AVAILABLE_IN_0_1
void          kpi_alert_unref            (KpiAlert       *self);
KPI_AVAILABLE_IN_0_1
const char   *kpi_alert_get_watch_id     (const KpiAlert *self);
KPI_AVAILABLE_IN_0_1
const char   *kpi_alert_get_watch_type   (const KpiAlert *self);
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

G_END_DECLS
