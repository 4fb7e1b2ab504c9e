/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-indicator-watch.h: a watch rule over an indicator, as a whole or by
 * group, the abstract class of the threshold and stagnation watches */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <libkpi/kpi-watch.h>

G_BEGIN_DECLS

#define KPI_TYPE_INDICATOR_WATCH (kpi_indicator_watch_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_DERIVABLE_TYPE (KpiIndicatorWatch, kpi_indicator_watch, KPI, INDICATOR_WATCH, KpiWatch)

/**
 * KpiIndicatorWatchClass:
 * @parent_class: the parent class
 *
 * The class of [class@Kpi.IndicatorWatch]; its subclasses implement
 * [vfunc@Kpi.Watch.evaluate].
 *
 * Since: 0.1
 */
struct _KpiIndicatorWatchClass
{
  KpiWatchClass parent_class;

  /*< private >*/
  gpointer padding[8];
};

KPI_AVAILABLE_IN_0_1
const char   *kpi_indicator_watch_get_indicator (KpiIndicatorWatch *self);
KPI_AVAILABLE_IN_0_1
void          kpi_indicator_watch_set_indicator (KpiIndicatorWatch *self,
                                                 const char        *indicator);
KPI_AVAILABLE_IN_0_1
const char   *kpi_indicator_watch_get_group_by  (KpiIndicatorWatch *self);
KPI_AVAILABLE_IN_0_1
void          kpi_indicator_watch_set_group_by  (KpiIndicatorWatch *self,
                                                 const char        *group_by);
KPI_AVAILABLE_IN_0_1
const char   *kpi_indicator_watch_get_group     (KpiIndicatorWatch *self);
KPI_AVAILABLE_IN_0_1
void          kpi_indicator_watch_set_group     (KpiIndicatorWatch *self,
                                                 const char        *group);

G_END_DECLS
