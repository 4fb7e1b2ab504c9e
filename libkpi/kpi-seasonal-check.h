/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-seasonal-check.h: values of an indicator's series that depart from
 * its seasonal pattern */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <libkpi/kpi-check.h>

G_BEGIN_DECLS

#define KPI_TYPE_SEASONAL_CHECK (kpi_seasonal_check_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiSeasonalCheck, kpi_seasonal_check, KPI, SEASONAL_CHECK, KpiCheck)

KPI_AVAILABLE_IN_0_1
KpiCheck   *kpi_seasonal_check_new                (const char       *dataset_name,
                                                   const char       *formula);
KPI_AVAILABLE_IN_0_1
KpiCheck   *kpi_seasonal_check_new_for_indicator  (const char       *indicator_id);

KPI_AVAILABLE_IN_0_1
const char *kpi_seasonal_check_get_indicator_id   (KpiSeasonalCheck *self);
KPI_AVAILABLE_IN_0_1
void        kpi_seasonal_check_set_indicator_id   (KpiSeasonalCheck *self,
                                                   const char       *indicator_id);
KPI_AVAILABLE_IN_0_1
const char *kpi_seasonal_check_get_formula        (KpiSeasonalCheck *self);
KPI_AVAILABLE_IN_0_1
void        kpi_seasonal_check_set_formula        (KpiSeasonalCheck *self,
                                                   const char       *formula);
KPI_AVAILABLE_IN_0_1
guint       kpi_seasonal_check_get_season_length  (KpiSeasonalCheck *self);
KPI_AVAILABLE_IN_0_1
void        kpi_seasonal_check_set_season_length  (KpiSeasonalCheck *self,
                                                   guint             season_length);

G_END_DECLS
