/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-uniqueness-check.h: duplicated keys and duplicated rows */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <libkpi/kpi-check.h>

G_BEGIN_DECLS

#define KPI_TYPE_UNIQUENESS_CHECK (kpi_uniqueness_check_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiUniquenessCheck, kpi_uniqueness_check, KPI, UNIQUENESS_CHECK, KpiCheck)

KPI_AVAILABLE_IN_0_1
KpiCheck *kpi_uniqueness_check_new (const char         *dataset_name,
                                    const char * const *fields);

G_END_DECLS
