/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-funnel-result.h: the counts of a funnel for one period */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <glib-object.h>
#include <libkpi/kpi-version.h>
#include <libkpi/kpi-period.h>

G_BEGIN_DECLS

/**
 * KpiFunnelBasis:
 * @KPI_FUNNEL_BASIS_COHORT: the entities that entered the funnel in the
 *   period (their first event of any stage is in it), followed through all
 *   their events, whenever these happen. Counts never grow from one stage
 *   to the next, so conversions are true conversion rates.
 * @KPI_FUNNEL_BASIS_PERIOD: the stages reached in the period: for each
 *   stage, the entities that reached it for the first time in the period,
 *   whenever they entered. Counts add up across periods, but a later stage
 *   may count more entities than an earlier one (they entered before the
 *   period), so stage-to-stage ratios are throughput ratios, capped at 1
 *   and flagged with %KPI_FUNNEL_FLAG_CLAMPED when they would exceed it.
 *
 * Which entities and events a [struct@Kpi.FunnelResult] counts.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_FUNNEL_BASIS_COHORT,
  KPI_FUNNEL_BASIS_PERIOD,
} KpiFunnelBasis;

/**
 * KpiFunnelFlags:
 * @KPI_FUNNEL_FLAG_NONE: nothing to report
 * @KPI_FUNNEL_FLAG_PARTIAL_PERIOD: the period had not ended at the time of
 *   the evaluation: counts may still grow
 * @KPI_FUNNEL_FLAG_DIVISION_BY_ZERO: a conversion is missing because no
 *   entity reached the stage it starts from
 * @KPI_FUNNEL_FLAG_CLAMPED: a ratio would have been above 1 (a later stage
 *   counted more entities than an earlier one, which only the period basis
 *   allows) and is reported as 1
 * @KPI_FUNNEL_FLAG_UNKNOWN_STAGE: a stage of the funnel is a value the
 *   stage column has never held (`"Won"` where the data says `won`),
 *   probably a typo: it counts no entity, and
 *   [method@Kpi.FunnelResult.get_warnings] names it with its near miss
 *
 * What to know before reading a conversion of a [struct@Kpi.FunnelResult].
 *
 * Since: 0.1
 */
typedef enum /*< flags >*/ {
  KPI_FUNNEL_FLAG_NONE             = 0,
  KPI_FUNNEL_FLAG_PARTIAL_PERIOD   = 1 << 0,
  KPI_FUNNEL_FLAG_DIVISION_BY_ZERO = 1 << 1,
  KPI_FUNNEL_FLAG_CLAMPED          = 1 << 2,
  KPI_FUNNEL_FLAG_UNKNOWN_STAGE    = 1 << 3,
} KpiFunnelFlags;

typedef struct _KpiFunnelResult KpiFunnelResult;

#define KPI_TYPE_FUNNEL_RESULT (kpi_funnel_result_get_type ())

KPI_AVAILABLE_IN_0_1
GType             kpi_funnel_result_get_type        (void) G_GNUC_CONST;
KPI_AVAILABLE_IN_0_1
KpiFunnelResult  *kpi_funnel_result_ref             (KpiFunnelResult *self);
KPI_AVAILABLE_IN_0_1
void              kpi_funnel_result_unref           (KpiFunnelResult *self);

KPI_AVAILABLE_IN_0_1
KpiFunnelBasis    kpi_funnel_result_get_basis       (const KpiFunnelResult *self);
KPI_AVAILABLE_IN_0_1
const KpiPeriod  *kpi_funnel_result_get_period      (const KpiFunnelResult *self);
KPI_AVAILABLE_IN_0_1
gboolean          kpi_funnel_result_get_as_of       (const KpiFunnelResult *self,
                                                     gint64                *as_of);
KPI_AVAILABLE_IN_0_1
const char       *kpi_funnel_result_get_group       (const KpiFunnelResult *self);
KPI_AVAILABLE_IN_0_1
KpiFunnelFlags    kpi_funnel_result_get_flags       (const KpiFunnelResult *self);
KPI_AVAILABLE_IN_0_1
const char * const *kpi_funnel_result_get_warnings (const KpiFunnelResult *self);
KPI_AVAILABLE_IN_0_1
guint             kpi_funnel_result_get_n_entities  (const KpiFunnelResult *self);
KPI_AVAILABLE_IN_0_1
guint             kpi_funnel_result_get_n_ignored_rows (const KpiFunnelResult *self);

KPI_AVAILABLE_IN_0_1
guint             kpi_funnel_result_get_n_stages    (const KpiFunnelResult *self);
KPI_AVAILABLE_IN_0_1
const char       *kpi_funnel_result_get_stage_name  (const KpiFunnelResult *self,
                                                     guint                  stage);
KPI_AVAILABLE_IN_0_1
guint             kpi_funnel_result_get_stage_count (const KpiFunnelResult *self,
                                                     guint                  stage);
KPI_AVAILABLE_IN_0_1
const guint      *kpi_funnel_result_get_counts      (const KpiFunnelResult *self,
                                                     gsize                 *n_stages);
KPI_AVAILABLE_IN_0_1
gboolean          kpi_funnel_result_get_conversion  (const KpiFunnelResult *self,
                                                     guint                  stage,
                                                     double                *rate);
KPI_AVAILABLE_IN_0_1
KpiFunnelFlags    kpi_funnel_result_get_conversion_flags (const KpiFunnelResult *self,
                                                          guint                  stage);
KPI_AVAILABLE_IN_0_1
const double     *kpi_funnel_result_get_conversions (const KpiFunnelResult *self,
                                                     gsize                 *n_conversions);
KPI_AVAILABLE_IN_0_1
gboolean          kpi_funnel_result_get_overall_conversion (const KpiFunnelResult *self,
                                                            double                *rate);
KPI_AVAILABLE_IN_0_1
int               kpi_funnel_result_get_biggest_drop_off (const KpiFunnelResult *self);
KPI_AVAILABLE_IN_0_1
int               kpi_funnel_result_get_biggest_relative_drop_off (const KpiFunnelResult *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpiFunnelResult, kpi_funnel_result_unref)

G_END_DECLS
