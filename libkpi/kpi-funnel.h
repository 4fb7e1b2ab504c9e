/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-funnel.h: ordered stages over an entity key, and the weighted pipeline */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <glib-object.h>
#include <libkpi/kpi-version.h>
#include <libkpi/kpi-dataset.h>
#include <libkpi/kpi-period.h>
#include <libkpi/kpi-calendar.h>

G_BEGIN_DECLS

/**
 * KPI_FUNNEL_ERROR:
 *
 * The error domain of #KpiFunnel. Errors are from the #KpiFunnelError
 * enumeration.
 *
 * Since: 0.1
 */
#define KPI_FUNNEL_ERROR (kpi_funnel_error_quark ())

/**
 * KpiFunnelError:
 * @KPI_FUNNEL_ERROR_INVALID_STAGES: the list of stages is empty, or holds an
 *   empty or duplicate name
 * @KPI_FUNNEL_ERROR_UNKNOWN_COLUMN: the dataset has no column of that name
 * @KPI_FUNNEL_ERROR_COLUMN_KIND: the column is not of the kind its role
 *   needs: the entity, stage and group columns are dimensions, the amount
 *   and probability columns are measures
 * @KPI_FUNNEL_ERROR_INVALID_PROBABILITY: a stage probability is not a
 *   number between 0 and 1
 * @KPI_FUNNEL_ERROR_NO_AMOUNT: the weighted pipeline needs an amount column
 *   ([method@Kpi.Funnel.set_amount_column])
 * @KPI_FUNNEL_ERROR_NO_PROBABILITY: the weighted pipeline needs a
 *   probability column ([method@Kpi.Funnel.set_probability_column]) or
 *   stage probabilities ([method@Kpi.Funnel.set_stage_probability])
 *
 * Errors of the %KPI_FUNNEL_ERROR domain.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_FUNNEL_ERROR_INVALID_STAGES,
  KPI_FUNNEL_ERROR_UNKNOWN_COLUMN,
  KPI_FUNNEL_ERROR_COLUMN_KIND,
  KPI_FUNNEL_ERROR_INVALID_PROBABILITY,
  KPI_FUNNEL_ERROR_NO_AMOUNT,
  KPI_FUNNEL_ERROR_NO_PROBABILITY,
} KpiFunnelError;

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

KPI_AVAILABLE_IN_0_1
GQuark kpi_funnel_error_quark (void);

/* KpiFunnelResult */

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

/* KpiFunnelPipeline */

typedef struct _KpiFunnelPipeline KpiFunnelPipeline;

#define KPI_TYPE_FUNNEL_PIPELINE (kpi_funnel_pipeline_get_type ())

KPI_AVAILABLE_IN_0_1
GType              kpi_funnel_pipeline_get_type     (void) G_GNUC_CONST;
KPI_AVAILABLE_IN_0_1
KpiFunnelPipeline *kpi_funnel_pipeline_ref          (KpiFunnelPipeline *self);
KPI_AVAILABLE_IN_0_1
void               kpi_funnel_pipeline_unref        (KpiFunnelPipeline *self);

KPI_AVAILABLE_IN_0_1
gint64             kpi_funnel_pipeline_get_at       (const KpiFunnelPipeline *self);
KPI_AVAILABLE_IN_0_1
double             kpi_funnel_pipeline_get_weighted_amount (const KpiFunnelPipeline *self);
KPI_AVAILABLE_IN_0_1
double             kpi_funnel_pipeline_get_open_amount     (const KpiFunnelPipeline *self);
KPI_AVAILABLE_IN_0_1
guint              kpi_funnel_pipeline_get_n_open          (const KpiFunnelPipeline *self);
KPI_AVAILABLE_IN_0_1
guint              kpi_funnel_pipeline_get_n_without_amount (const KpiFunnelPipeline *self);
KPI_AVAILABLE_IN_0_1
guint              kpi_funnel_pipeline_get_n_without_probability (const KpiFunnelPipeline *self);
KPI_AVAILABLE_IN_0_1
guint              kpi_funnel_pipeline_get_n_stages        (const KpiFunnelPipeline *self);
KPI_AVAILABLE_IN_0_1
const char        *kpi_funnel_pipeline_get_stage_name      (const KpiFunnelPipeline *self,
                                                            guint                    stage);
KPI_AVAILABLE_IN_0_1
guint              kpi_funnel_pipeline_get_stage_n_open    (const KpiFunnelPipeline *self,
                                                            guint                    stage);
KPI_AVAILABLE_IN_0_1
double             kpi_funnel_pipeline_get_stage_open_amount (const KpiFunnelPipeline *self,
                                                              guint                    stage);
KPI_AVAILABLE_IN_0_1
double             kpi_funnel_pipeline_get_stage_weighted_amount (const KpiFunnelPipeline *self,
                                                                  guint                    stage);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpiFunnelPipeline, kpi_funnel_pipeline_unref)

/* KpiFunnel */

#define KPI_TYPE_FUNNEL (kpi_funnel_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiFunnel, kpi_funnel, KPI, FUNNEL, GObject)

KPI_AVAILABLE_IN_0_1
KpiFunnel          *kpi_funnel_new                   (KpiDataset          *events,
                                                      const char          *entity_column,
                                                      const char          *stage_column,
                                                      const char * const  *stages,
                                                      gsize                n_stages,
                                                      GError             **error);

KPI_AVAILABLE_IN_0_1
KpiDataset         *kpi_funnel_get_dataset           (KpiFunnel           *self);
KPI_AVAILABLE_IN_0_1
const char         *kpi_funnel_get_entity_column     (KpiFunnel           *self);
KPI_AVAILABLE_IN_0_1
const char         *kpi_funnel_get_stage_column      (KpiFunnel           *self);
KPI_AVAILABLE_IN_0_1
guint               kpi_funnel_get_n_stages          (KpiFunnel           *self);
KPI_AVAILABLE_IN_0_1
const char * const *kpi_funnel_get_stages            (KpiFunnel           *self);

KPI_AVAILABLE_IN_0_1
gboolean            kpi_funnel_set_amount_column     (KpiFunnel           *self,
                                                      const char          *column,
                                                      GError             **error);
KPI_AVAILABLE_IN_0_1
const char         *kpi_funnel_get_amount_column     (KpiFunnel           *self);
KPI_AVAILABLE_IN_0_1
gboolean            kpi_funnel_set_probability_column (KpiFunnel          *self,
                                                      const char          *column,
                                                      GError             **error);
KPI_AVAILABLE_IN_0_1
const char         *kpi_funnel_get_probability_column (KpiFunnel          *self);
KPI_AVAILABLE_IN_0_1
gboolean            kpi_funnel_set_stage_probability (KpiFunnel           *self,
                                                      const char          *stage,
                                                      double               probability,
                                                      GError             **error);
KPI_AVAILABLE_IN_0_1
void                kpi_funnel_set_closed_stages     (KpiFunnel           *self,
                                                      const char * const  *stages,
                                                      gsize                n_stages);
KPI_AVAILABLE_IN_0_1
gboolean            kpi_funnel_is_closed_stage       (KpiFunnel           *self,
                                                      const char          *stage);

KPI_AVAILABLE_IN_0_1
KpiFunnelResult    *kpi_funnel_evaluate              (KpiFunnel           *self,
                                                      KpiCalendar         *calendar,
                                                      const KpiPeriod     *period,
                                                      KpiFunnelBasis       basis,
                                                      GError             **error);
KPI_AVAILABLE_IN_0_1
GPtrArray          *kpi_funnel_evaluate_by           (KpiFunnel           *self,
                                                      KpiCalendar         *calendar,
                                                      const KpiPeriod     *period,
                                                      KpiFunnelBasis       basis,
                                                      const char          *group_column,
                                                      GError             **error);

KPI_AVAILABLE_IN_0_1
KpiFunnelPipeline  *kpi_funnel_weighted_pipeline     (KpiFunnel           *self,
                                                      gint64               at,
                                                      GError             **error);
KPI_AVAILABLE_IN_0_1
KpiFunnelPipeline  *kpi_funnel_weighted_pipeline_at_end (KpiFunnel        *self,
                                                      const KpiPeriod     *period,
                                                      GError             **error);

G_END_DECLS
