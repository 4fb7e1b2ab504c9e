/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-validity-check.h: values within a range, in a set, matching a
 * pattern */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <libkpi/kpi-check.h>

G_BEGIN_DECLS

#define KPI_TYPE_VALIDITY_CHECK (kpi_validity_check_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiValidityCheck, kpi_validity_check, KPI, VALIDITY_CHECK, KpiCheck)

KPI_AVAILABLE_IN_0_1
KpiCheck           *kpi_validity_check_new            (const char         *dataset_name,
                                                       const char         *field);
KPI_AVAILABLE_IN_0_1
double              kpi_validity_check_get_min        (KpiValidityCheck   *self);
KPI_AVAILABLE_IN_0_1
void                kpi_validity_check_set_min        (KpiValidityCheck   *self,
                                                       double              min);
KPI_AVAILABLE_IN_0_1
double              kpi_validity_check_get_max        (KpiValidityCheck   *self);
KPI_AVAILABLE_IN_0_1
void                kpi_validity_check_set_max        (KpiValidityCheck   *self,
                                                       double              max);
KPI_AVAILABLE_IN_0_1
gboolean            kpi_validity_check_get_strict_min (KpiValidityCheck   *self);
KPI_AVAILABLE_IN_0_1
void                kpi_validity_check_set_strict_min (KpiValidityCheck   *self,
                                                       gboolean            strict_min);
KPI_AVAILABLE_IN_0_1
gboolean            kpi_validity_check_get_strict_max (KpiValidityCheck   *self);
KPI_AVAILABLE_IN_0_1
void                kpi_validity_check_set_strict_max (KpiValidityCheck   *self,
                                                       gboolean            strict_max);
KPI_AVAILABLE_IN_0_1
const char * const *kpi_validity_check_get_allowed    (KpiValidityCheck   *self);
KPI_AVAILABLE_IN_0_1
void                kpi_validity_check_set_allowed    (KpiValidityCheck   *self,
                                                       const char * const *allowed);
KPI_AVAILABLE_IN_0_1
const char         *kpi_validity_check_get_pattern    (KpiValidityCheck   *self);
KPI_AVAILABLE_IN_0_1
void                kpi_validity_check_set_pattern    (KpiValidityCheck   *self,
                                                       const char         *pattern);

G_END_DECLS
