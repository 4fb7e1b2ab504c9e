/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-restatement-check.h: reported periods whose rows changed afterwards */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <libkpi/kpi-check.h>

G_BEGIN_DECLS

#define KPI_TYPE_RESTATEMENT_CHECK (kpi_restatement_check_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiRestatementCheck, kpi_restatement_check, KPI, RESTATEMENT_CHECK, KpiCheck)

KPI_AVAILABLE_IN_0_1
KpiCheck           *kpi_restatement_check_new        (const char          *dataset_name,
                                                      const char          *reference_dataset_name);

KPI_AVAILABLE_IN_0_1
const char         *kpi_restatement_check_get_reference_dataset_name (KpiRestatementCheck *self);
KPI_AVAILABLE_IN_0_1
void                kpi_restatement_check_set_reference_dataset_name (KpiRestatementCheck *self,
                                                                      const char          *name);
KPI_AVAILABLE_IN_0_1
const char * const *kpi_restatement_check_get_fingerprints (KpiRestatementCheck *self);
KPI_AVAILABLE_IN_0_1
void                kpi_restatement_check_set_fingerprints (KpiRestatementCheck *self,
                                                            const char * const  *fingerprints);

KPI_AVAILABLE_IN_0_1
char              **kpi_restatement_check_compute_fingerprints (KpiDataset          *dataset,
                                                                KpiCalendar         *calendar,
                                                                KpiGranularity       granularity,
                                                                const char * const  *fields,
                                                                GError             **error);

G_END_DECLS
