/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-outlier-check.h: values of an indicator's series out of line with
 * the others (modified z-score, Hampel filter) */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <libkpi/kpi-check.h>

G_BEGIN_DECLS

/**
 * KpiOutlierMethod:
 * @KPI_OUTLIER_METHOD_MODIFIED_Z: Iglewicz and Hoaglin's modified z-score,
 *   0.6745 (x − median) / MAD, the median and the MAD taken over the
 *   whole series
 * @KPI_OUTLIER_METHOD_HAMPEL: the Hampel filter, (x − m) / (1.4826 MAD)
 *   where m and the MAD are those of the values within
 *   [property@Kpi.OutlierCheck:window] periods on each side: each value is
 *   judged against its neighbours, so that a trend or the months of a
 *   yearly cycle do not look like outliers
 *
 * How a [class@Kpi.OutlierCheck] scores a value.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_OUTLIER_METHOD_MODIFIED_Z,
  KPI_OUTLIER_METHOD_HAMPEL,
} KpiOutlierMethod;

#define KPI_TYPE_OUTLIER_CHECK (kpi_outlier_check_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiOutlierCheck, kpi_outlier_check, KPI, OUTLIER_CHECK, KpiCheck)

KPI_AVAILABLE_IN_0_1
KpiCheck         *kpi_outlier_check_new               (const char       *dataset_name,
                                                       const char       *formula);
KPI_AVAILABLE_IN_0_1
KpiCheck         *kpi_outlier_check_new_for_indicator (const char       *indicator_id);

KPI_AVAILABLE_IN_0_1
const char       *kpi_outlier_check_get_indicator_id  (KpiOutlierCheck  *self);
KPI_AVAILABLE_IN_0_1
void              kpi_outlier_check_set_indicator_id  (KpiOutlierCheck  *self,
                                                       const char       *indicator_id);
KPI_AVAILABLE_IN_0_1
const char       *kpi_outlier_check_get_formula       (KpiOutlierCheck  *self);
KPI_AVAILABLE_IN_0_1
void              kpi_outlier_check_set_formula       (KpiOutlierCheck  *self,
                                                       const char       *formula);
KPI_AVAILABLE_IN_0_1
KpiOutlierMethod  kpi_outlier_check_get_method        (KpiOutlierCheck  *self);
KPI_AVAILABLE_IN_0_1
void              kpi_outlier_check_set_method        (KpiOutlierCheck  *self,
                                                       KpiOutlierMethod  method);
KPI_AVAILABLE_IN_0_1
guint             kpi_outlier_check_get_window        (KpiOutlierCheck  *self);
KPI_AVAILABLE_IN_0_1
void              kpi_outlier_check_set_window        (KpiOutlierCheck  *self,
                                                       guint             window);

G_END_DECLS
