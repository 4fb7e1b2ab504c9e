/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-estimate-bias-check.h: estimates that are systematically off what
 * happened (the tracking signal) */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <libkpi/kpi-check.h>

G_BEGIN_DECLS

/**
 * KpiEstimateBiasMode:
 * @KPI_ESTIMATE_BIAS_MODE_REMAINING_WORK: the rows are periodic status
 *   reports of entities (the tasks of a project), each with an estimate
 *   of the work left, the work spent so far and whether the entity is
 *   done; once an entity is done, the work that was really left at each
 *   of its reports is known
 * @KPI_ESTIMATE_BIAS_MODE_OUTCOME: the rows are events of entities (the
 *   stage changes of sales opportunities), each with a probability and an
 *   amount, whose product is the estimate; the truth is the entity's
 *   outcome: its amount if its last event is a win, 0 if a loss
 *
 * What the rows of a [class@Kpi.EstimateBiasCheck] are, and so what each
 * estimate is compared with.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_ESTIMATE_BIAS_MODE_REMAINING_WORK,
  KPI_ESTIMATE_BIAS_MODE_OUTCOME,
} KpiEstimateBiasMode;

/**
 * KpiEstimateBiasStatistic:
 * @KPI_ESTIMATE_BIAS_STATISTIC_AUTO: the statistic that suits the mode:
 *   the tracking signal for %KPI_ESTIMATE_BIAS_MODE_REMAINING_WORK, the
 *   z-score for %KPI_ESTIMATE_BIAS_MODE_OUTCOME
 * @KPI_ESTIMATE_BIAS_STATISTIC_TRACKING_SIGNAL: Brown's tracking signal,
 *   Σ e / MAD: the sum of the errors over their mean absolute value; it
 *   is ± the number of estimates when every error has the same sign
 * @KPI_ESTIMATE_BIAS_STATISTIC_Z_SCORE: the sum of the errors over its
 *   standard deviation if the estimates were unbiased, the estimates of
 *   one entity taken together (Σ e / √(Σⱼ Sⱼ²)): for outcomes, the
 *   spread the probabilities give the errors; for remaining work, the
 *   spread of each entity's summed errors (at most √(entities) in size)
 *
 * How a [class@Kpi.EstimateBiasCheck] measures the bias of a group's
 * estimates (see the class's documentation for when to use which).
 *
 * Since: 0.1
 */
typedef enum {
  KPI_ESTIMATE_BIAS_STATISTIC_AUTO,
  KPI_ESTIMATE_BIAS_STATISTIC_TRACKING_SIGNAL,
  KPI_ESTIMATE_BIAS_STATISTIC_Z_SCORE,
} KpiEstimateBiasStatistic;

/**
 * KPI_ESTIMATE_BIAS_DEFAULT_WARN:
 *
 * The size of the statistic (tracking signal or z-score) above which a
 * [class@Kpi.EstimateBiasCheck] warns by default: 4, the classic limit of
 * the tracking signal (%KPI_DEFAULT_TRACKING_SIGNAL_LIMIT).
 *
 * Since: 0.1
 */
#define KPI_ESTIMATE_BIAS_DEFAULT_WARN 4.0

/**
 * KPI_ESTIMATE_BIAS_DEFAULT_FAIL:
 *
 * The size of the statistic above which a [class@Kpi.EstimateBiasCheck]
 * fails by default: 6, the top of the limits in common use.
 *
 * Since: 0.1
 */
#define KPI_ESTIMATE_BIAS_DEFAULT_FAIL 6.0

/**
 * KPI_ESTIMATE_BIAS_DEFAULT_MIN_ESTIMATES:
 *
 * How many scored estimates a group needs by default before a
 * [class@Kpi.EstimateBiasCheck] judges it: 8 (a tracking signal is at
 * most the number of estimates, so with fewer than 7 it could not reach
 * the failure threshold).
 *
 * Since: 0.1
 */
#define KPI_ESTIMATE_BIAS_DEFAULT_MIN_ESTIMATES 8

#define KPI_TYPE_ESTIMATE_BIAS_CHECK (kpi_estimate_bias_check_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiEstimateBiasCheck, kpi_estimate_bias_check,
                      KPI, ESTIMATE_BIAS_CHECK, KpiCheck)

KPI_AVAILABLE_IN_0_1
KpiCheck                *kpi_estimate_bias_check_new                (const char               *dataset_name,
                                                                     KpiEstimateBiasMode       mode,
                                                                     const char               *entity_field,
                                                                     const char               *estimate_field);

KPI_AVAILABLE_IN_0_1
KpiEstimateBiasMode      kpi_estimate_bias_check_get_mode           (KpiEstimateBiasCheck     *self);
KPI_AVAILABLE_IN_0_1
void                     kpi_estimate_bias_check_set_mode           (KpiEstimateBiasCheck     *self,
                                                                     KpiEstimateBiasMode       mode);
KPI_AVAILABLE_IN_0_1
KpiEstimateBiasStatistic kpi_estimate_bias_check_get_statistic      (KpiEstimateBiasCheck     *self);
KPI_AVAILABLE_IN_0_1
void                     kpi_estimate_bias_check_set_statistic      (KpiEstimateBiasCheck     *self,
                                                                     KpiEstimateBiasStatistic  statistic);
KPI_AVAILABLE_IN_0_1
const char              *kpi_estimate_bias_check_get_entity_field   (KpiEstimateBiasCheck     *self);
KPI_AVAILABLE_IN_0_1
void                     kpi_estimate_bias_check_set_entity_field   (KpiEstimateBiasCheck     *self,
                                                                     const char               *entity_field);
KPI_AVAILABLE_IN_0_1
const char              *kpi_estimate_bias_check_get_estimate_field (KpiEstimateBiasCheck     *self);
KPI_AVAILABLE_IN_0_1
void                     kpi_estimate_bias_check_set_estimate_field (KpiEstimateBiasCheck     *self,
                                                                     const char               *estimate_field);
KPI_AVAILABLE_IN_0_1
const char              *kpi_estimate_bias_check_get_spent_field    (KpiEstimateBiasCheck     *self);
KPI_AVAILABLE_IN_0_1
void                     kpi_estimate_bias_check_set_spent_field    (KpiEstimateBiasCheck     *self,
                                                                     const char               *spent_field);
KPI_AVAILABLE_IN_0_1
const char              *kpi_estimate_bias_check_get_done_field     (KpiEstimateBiasCheck     *self);
KPI_AVAILABLE_IN_0_1
void                     kpi_estimate_bias_check_set_done_field     (KpiEstimateBiasCheck     *self,
                                                                     const char               *done_field);
KPI_AVAILABLE_IN_0_1
const char              *kpi_estimate_bias_check_get_amount_field   (KpiEstimateBiasCheck     *self);
KPI_AVAILABLE_IN_0_1
void                     kpi_estimate_bias_check_set_amount_field   (KpiEstimateBiasCheck     *self,
                                                                     const char               *amount_field);
KPI_AVAILABLE_IN_0_1
const char              *kpi_estimate_bias_check_get_stage_field    (KpiEstimateBiasCheck     *self);
KPI_AVAILABLE_IN_0_1
void                     kpi_estimate_bias_check_set_stage_field    (KpiEstimateBiasCheck     *self,
                                                                     const char               *stage_field);
KPI_AVAILABLE_IN_0_1
const char * const      *kpi_estimate_bias_check_get_won_values     (KpiEstimateBiasCheck     *self);
KPI_AVAILABLE_IN_0_1
void                     kpi_estimate_bias_check_set_won_values     (KpiEstimateBiasCheck     *self,
                                                                     const char * const       *values);
KPI_AVAILABLE_IN_0_1
const char * const      *kpi_estimate_bias_check_get_lost_values    (KpiEstimateBiasCheck     *self);
KPI_AVAILABLE_IN_0_1
void                     kpi_estimate_bias_check_set_lost_values    (KpiEstimateBiasCheck     *self,
                                                                     const char * const       *values);
KPI_AVAILABLE_IN_0_1
guint                    kpi_estimate_bias_check_get_min_estimates  (KpiEstimateBiasCheck     *self);
KPI_AVAILABLE_IN_0_1
void                     kpi_estimate_bias_check_set_min_estimates  (KpiEstimateBiasCheck     *self,
                                                                     guint                     min_estimates);

G_END_DECLS
