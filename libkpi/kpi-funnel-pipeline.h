/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-funnel-pipeline.h: the open pipeline of a funnel at an instant */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <glib-object.h>
#include <libkpi/kpi-version.h>

G_BEGIN_DECLS

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

G_END_DECLS
