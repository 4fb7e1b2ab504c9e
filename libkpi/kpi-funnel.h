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
#include <libkpi/kpi-funnel-result.h>
#include <libkpi/kpi-funnel-pipeline.h>

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

KPI_AVAILABLE_IN_0_1
GQuark kpi_funnel_error_quark (void);

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
