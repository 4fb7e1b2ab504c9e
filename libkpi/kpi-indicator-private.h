/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-indicator-private.h: not installed, not scanned */

#pragma once

#include "kpi.h"
#include "kpi-formula-private.h"

G_BEGIN_DECLS

/* Whether @id is an indicator id: letters, digits and underscores, not
 * starting with a digit (ASCII, so valid UTF-8). */
gboolean    kpi_indicator_id_is_valid  (const char    *id);

/* A reference to the formula, taken under the indicator's lock: the
 * definition may change in another thread while an evaluation runs. */
KpiFormula *kpi_indicator_dup_formula  (KpiIndicator  *self);

/* The dataset @self reads without a lookup, taken under the lock with a
 * copy of its dataset name (@dataset_name, NULL if none): the dataset set
 * on it, or, when it has neither a dataset nor a name and its formula reads
 * no rows (`@marketing_spend / @new_customers`: only its references), a new
 * empty dataset. NULL otherwise: the caller looks @dataset_name up, or
 * reports that the indicator has no dataset. */
KpiDataset *kpi_indicator_dup_dataset  (KpiIndicator  *self,
                                        char         **dataset_name);

/* The dataset @self reads in @context: its own, else the one its dataset
 * name resolves to, else (for a formula that reads no row, such as
 * `@marketing_spend / @new_customers`) an empty one. NULL with
 * KPI_CONTEXT_ERROR_UNKNOWN_DATASET, the near miss suggested, otherwise.
 * Transfer full. */
KpiDataset *kpi_indicator_resolve_dataset (KpiIndicator *self,
                                           KpiContext   *context,
                                           GError      **error);

/* Evaluates @self in @context for the periods and grouping of @request
 * (whose dataset is ignored: the indicator's is used), with @stack the ids
 * being evaluated (for cycle detection). Layout as kpi_formula_evaluate. */
GPtrArray  *kpi_indicator_evaluate_request (KpiIndicator         *self,
                                            KpiContext           *context,
                                            const KpiEvalRequest *request,
                                            GPtrArray            *stack,
                                            GError              **error);

/* What an indicator reads of one dataset, through its references: the
 * fields (a set of char *), and the periods around the one computed: that
 * many before, the same a year earlier, every earlier row. */
typedef struct
{
  GHashTable *fields;
  guint       back;
  gboolean    last_year;
  gboolean    history;
} KpiIndicatorReads;

/* Dataset name (as @context knows it) -> KpiIndicatorReads, for @self and
 * the indicators it refers to; NULL with @error set (a reference or
 * dataset @context does not have, a cycle). Once per indicator: what
 * kpi_indicator_list_fields() and kpi_indicator_list_periods_read() give
 * is read from it. */
GHashTable *kpi_indicator_collect_reads (KpiIndicator            *self,
                                         KpiContext              *context,
                                         GError                 **error);

/* The periods @r reads for a value of @period (of KpiPeriod). */
GPtrArray  *kpi_indicator_reads_periods (const KpiIndicatorReads *r,
                                         KpiCalendar             *calendar,
                                         const KpiPeriod         *period);

G_END_DECLS
