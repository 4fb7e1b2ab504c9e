/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-threshold-watch.h: an indicator beyond a limit (stock below its
 * critical point) */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <libkpi/kpi-indicator-watch.h>

G_BEGIN_DECLS

#define KPI_TYPE_THRESHOLD_WATCH (kpi_threshold_watch_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiThresholdWatch, kpi_threshold_watch, KPI, THRESHOLD_WATCH, KpiIndicatorWatch)

KPI_AVAILABLE_IN_0_1
KpiWatch *kpi_threshold_watch_new       (const char        *id,
                                         const char        *indicator,
                                         double             below,
                                         double             above);

KPI_AVAILABLE_IN_0_1
double    kpi_threshold_watch_get_below (KpiThresholdWatch *self);
KPI_AVAILABLE_IN_0_1
void      kpi_threshold_watch_set_below (KpiThresholdWatch *self,
                                         double             below);
KPI_AVAILABLE_IN_0_1
double    kpi_threshold_watch_get_above (KpiThresholdWatch *self);
KPI_AVAILABLE_IN_0_1
void      kpi_threshold_watch_set_above (KpiThresholdWatch *self,
                                         double             above);

G_END_DECLS
