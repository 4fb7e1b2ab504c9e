/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-completeness-check.h: the share of missing values per field */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <libkpi/kpi-check.h>

G_BEGIN_DECLS

/**
 * KPI_DEFAULT_COMPLETENESS_WARN_THRESHOLD:
 *
 * The share of missing values of a field above which a
 * [class@Kpi.CompletenessCheck] warns by default: 0, any missing value.
 *
 * Since: 0.1
 */
#define KPI_DEFAULT_COMPLETENESS_WARN_THRESHOLD 0.0

/**
 * KPI_DEFAULT_COMPLETENESS_FAIL_THRESHOLD:
 *
 * The share of missing values of a field above which a
 * [class@Kpi.CompletenessCheck] fails by default: 1 %.
 *
 * Since: 0.1
 */
#define KPI_DEFAULT_COMPLETENESS_FAIL_THRESHOLD 0.01

#define KPI_TYPE_COMPLETENESS_CHECK (kpi_completeness_check_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiCompletenessCheck, kpi_completeness_check, KPI, COMPLETENESS_CHECK, KpiCheck)

KPI_AVAILABLE_IN_0_1
KpiCheck *kpi_completeness_check_new            (const char           *dataset_name,
                                                 const char * const   *fields);
KPI_AVAILABLE_IN_0_1
gboolean  kpi_completeness_check_get_per_period (KpiCompletenessCheck *self);
KPI_AVAILABLE_IN_0_1
void      kpi_completeness_check_set_per_period (KpiCompletenessCheck *self,
                                                 gboolean              per_period);

G_END_DECLS
