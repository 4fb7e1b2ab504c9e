/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-stagnation-watch.h: an indicator flat over its recent periods (the
 * average basket of a channel that has not moved for months) */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <libkpi/kpi-indicator-watch.h>

G_BEGIN_DECLS

/**
 * KPI_STAGNATION_WATCH_DEFAULT_PERIODS:
 *
 * How many recent periods a stagnation watch looks at by default: 4.
 *
 * Since: 0.1
 */
#define KPI_STAGNATION_WATCH_DEFAULT_PERIODS 4

/**
 * KPI_STAGNATION_WATCH_DEFAULT_TOLERANCE:
 *
 * The relative distance from their mean within which the values of a
 * stagnation watch are called flat by default: 0.02 (± 2 %).
 *
 * Since: 0.1
 */
#define KPI_STAGNATION_WATCH_DEFAULT_TOLERANCE 0.02

#define KPI_TYPE_STAGNATION_WATCH (kpi_stagnation_watch_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiStagnationWatch, kpi_stagnation_watch, KPI, STAGNATION_WATCH, KpiIndicatorWatch)

KPI_AVAILABLE_IN_0_1
KpiWatch *kpi_stagnation_watch_new           (const char         *id,
                                              const char         *indicator);

KPI_AVAILABLE_IN_0_1
guint     kpi_stagnation_watch_get_periods   (KpiStagnationWatch *self);
KPI_AVAILABLE_IN_0_1
void      kpi_stagnation_watch_set_periods   (KpiStagnationWatch *self,
                                              guint               periods);
KPI_AVAILABLE_IN_0_1
double    kpi_stagnation_watch_get_tolerance (KpiStagnationWatch *self);
KPI_AVAILABLE_IN_0_1
void      kpi_stagnation_watch_set_tolerance (KpiStagnationWatch *self,
                                              double              tolerance);

G_END_DECLS
