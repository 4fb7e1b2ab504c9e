/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-reconciliation-check.h: two sources of one figure that must agree */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <libkpi/kpi-check.h>

G_BEGIN_DECLS

#define KPI_TYPE_RECONCILIATION_CHECK (kpi_reconciliation_check_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiReconciliationCheck, kpi_reconciliation_check, KPI, RECONCILIATION_CHECK, KpiCheck)

KPI_AVAILABLE_IN_0_1
KpiCheck   *kpi_reconciliation_check_new                    (const char             *dataset_name,
                                                             const char             *formula,
                                                             const char             *other_dataset_name,
                                                             const char             *other_formula);

KPI_AVAILABLE_IN_0_1
const char *kpi_reconciliation_check_get_formula            (KpiReconciliationCheck *self);
KPI_AVAILABLE_IN_0_1
void        kpi_reconciliation_check_set_formula            (KpiReconciliationCheck *self,
                                                             const char             *formula);
KPI_AVAILABLE_IN_0_1
const char *kpi_reconciliation_check_get_other_dataset_name (KpiReconciliationCheck *self);
KPI_AVAILABLE_IN_0_1
void        kpi_reconciliation_check_set_other_dataset_name (KpiReconciliationCheck *self,
                                                             const char             *name);
KPI_AVAILABLE_IN_0_1
const char *kpi_reconciliation_check_get_other_formula      (KpiReconciliationCheck *self);
KPI_AVAILABLE_IN_0_1
void        kpi_reconciliation_check_set_other_formula      (KpiReconciliationCheck *self,
                                                             const char             *formula);
KPI_AVAILABLE_IN_0_1
double      kpi_reconciliation_check_get_abs_tolerance      (KpiReconciliationCheck *self);
KPI_AVAILABLE_IN_0_1
void        kpi_reconciliation_check_set_abs_tolerance      (KpiReconciliationCheck *self,
                                                             double                  tolerance);
KPI_AVAILABLE_IN_0_1
double      kpi_reconciliation_check_get_rel_tolerance      (KpiReconciliationCheck *self);
KPI_AVAILABLE_IN_0_1
void        kpi_reconciliation_check_set_rel_tolerance      (KpiReconciliationCheck *self,
                                                             double                  tolerance);

G_END_DECLS
