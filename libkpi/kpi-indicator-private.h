/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-indicator-private.h: not installed, not scanned */

#pragma once

#include "kpi.h"
#include "kpi-formula-private.h"

G_BEGIN_DECLS

/* Whether @id is an indicator id: letters, digits and underscores, not
 * starting with a digit (ASCII, so valid UTF-8). */
gboolean    kpi_indicator_id_is_valid  (const char    *id);

/* The catalog an indicator belongs to (a weak link): it resolves `@id`
 * references and the dataset named by dataset-name. */
void        kpi_indicator_set_catalog  (KpiIndicator  *self,
                                        KpiCatalog    *catalog);
KpiCatalog *kpi_indicator_get_catalog  (KpiIndicator  *self);
KpiFormula *kpi_indicator_get_parsed   (KpiIndicator  *self);
/* The dataset the indicator reads: its own, or its catalog's by name. */
KpiDataset *kpi_indicator_resolve_dataset (KpiIndicator *self,
                                           GError      **error);

/* Evaluates @self for the periods and grouping of @request (whose dataset
 * is ignored: the indicator's own is used), with @stack the ids being
 * evaluated (for cycle detection). Layout as kpi_formula_evaluate. */
GPtrArray  *kpi_indicator_evaluate_request (KpiIndicator         *self,
                                            const KpiEvalRequest *request,
                                            GPtrArray            *stack,
                                            GError              **error);

G_END_DECLS
