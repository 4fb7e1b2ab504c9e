/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-benford-check.h: first digits against Benford's law */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <libkpi/kpi-check.h>

G_BEGIN_DECLS

#define KPI_TYPE_BENFORD_CHECK (kpi_benford_check_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiBenfordCheck, kpi_benford_check, KPI, BENFORD_CHECK, KpiCheck)

KPI_AVAILABLE_IN_0_1
KpiCheck *kpi_benford_check_new            (const char      *dataset_name,
                                            const char      *field);

KPI_AVAILABLE_IN_0_1
double    kpi_benford_check_get_min_value  (KpiBenfordCheck *self);
KPI_AVAILABLE_IN_0_1
void      kpi_benford_check_set_min_value  (KpiBenfordCheck *self,
                                            double           min_value);
KPI_AVAILABLE_IN_0_1
guint     kpi_benford_check_get_min_sample (KpiBenfordCheck *self);
KPI_AVAILABLE_IN_0_1
void      kpi_benford_check_set_min_sample (KpiBenfordCheck *self,
                                            guint            min_sample);

G_END_DECLS
