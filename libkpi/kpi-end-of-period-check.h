/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-end-of-period-check.h: figures pushed into the last days of a period */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <libkpi/kpi-check.h>

G_BEGIN_DECLS

/**
 * KPI_END_OF_PERIOD_DEFAULT_LAST_DAYS:
 *
 * The days at the end of a period whose share a [class@Kpi.EndOfPeriodCheck]
 * watches by default: the last working week.
 *
 * Since: 0.1
 */
#define KPI_END_OF_PERIOD_DEFAULT_LAST_DAYS 5

/**
 * KPI_END_OF_PERIOD_DEFAULT_MIN_ROWS:
 *
 * The rows a contributor needs in a period for a [class@Kpi.EndOfPeriodCheck]
 * to judge its share there, by default: below 20, one row more or less in
 * the last days moves the share by 5 points or more.
 *
 * Since: 0.1
 */
#define KPI_END_OF_PERIOD_DEFAULT_MIN_ROWS 20

/**
 * KPI_END_OF_PERIOD_DEFAULT_MIN_HISTORY:
 *
 * The earlier periods a contributor needs for a [class@Kpi.EndOfPeriodCheck]
 * to know their usual share, by default: four (a year of quarters).
 *
 * Since: 0.1
 */
#define KPI_END_OF_PERIOD_DEFAULT_MIN_HISTORY 4

/**
 * KPI_END_OF_PERIOD_DEFAULT_MAD_FLOOR:
 *
 * The least median absolute deviation a [class@Kpi.EndOfPeriodCheck]
 * divides by, by default: one point of share (0.01).
 *
 * Since: 0.1
 */
#define KPI_END_OF_PERIOD_DEFAULT_MAD_FLOOR 0.01

#define KPI_TYPE_END_OF_PERIOD_CHECK (kpi_end_of_period_check_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiEndOfPeriodCheck, kpi_end_of_period_check, KPI, END_OF_PERIOD_CHECK, KpiCheck)

KPI_AVAILABLE_IN_0_1
KpiCheck   *kpi_end_of_period_check_new             (const char          *dataset_name,
                                                     const char          *field,
                                                     const char          *group_by);

KPI_AVAILABLE_IN_0_1
guint       kpi_end_of_period_check_get_last_days   (KpiEndOfPeriodCheck *self);
KPI_AVAILABLE_IN_0_1
void        kpi_end_of_period_check_set_last_days   (KpiEndOfPeriodCheck *self,
                                                     guint                last_days);
KPI_AVAILABLE_IN_0_1
guint       kpi_end_of_period_check_get_min_rows    (KpiEndOfPeriodCheck *self);
KPI_AVAILABLE_IN_0_1
void        kpi_end_of_period_check_set_min_rows    (KpiEndOfPeriodCheck *self,
                                                     guint                min_rows);
KPI_AVAILABLE_IN_0_1
guint       kpi_end_of_period_check_get_min_history (KpiEndOfPeriodCheck *self);
KPI_AVAILABLE_IN_0_1
void        kpi_end_of_period_check_set_min_history (KpiEndOfPeriodCheck *self,
                                                     guint                min_history);
KPI_AVAILABLE_IN_0_1
double      kpi_end_of_period_check_get_mad_floor   (KpiEndOfPeriodCheck *self);
KPI_AVAILABLE_IN_0_1
void        kpi_end_of_period_check_set_mad_floor   (KpiEndOfPeriodCheck *self,
                                                     double               mad_floor);
KPI_AVAILABLE_IN_0_1
const char *kpi_end_of_period_check_get_row_noun    (KpiEndOfPeriodCheck *self);
KPI_AVAILABLE_IN_0_1
void        kpi_end_of_period_check_set_row_noun    (KpiEndOfPeriodCheck *self,
                                                     const char          *row_noun);

G_END_DECLS
