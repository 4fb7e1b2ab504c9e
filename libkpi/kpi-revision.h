/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-revision.h: one value a store recorded for a period, and when */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <glib-object.h>
#include <libkpi/kpi-version.h>
#include <libkpi/kpi-value.h>

G_BEGIN_DECLS

/**
 * KpiRevisionKind:
 * @KPI_REVISION_KIND_PROVISIONAL: the value was recorded while its period
 *   was not final yet (its closure was open, provisional, overdue or
 *   unknown): it may still change as late data comes in, and that is not a
 *   restatement
 * @KPI_REVISION_KIND_FINAL: the value was recorded with a final period
 *   ([enum@Kpi.Closure]), and no final value had been recorded for it
 *   before
 * @KPI_REVISION_KIND_RESTATED: the value differs from a final one recorded
 *   before it: the history of a closed period was rewritten
 *
 * What a [struct@Kpi.Revision] is in the history of a period's value
 * ([method@Kpi.Store.record_values]).
 *
 * Since: 0.1
 */
typedef enum {
  KPI_REVISION_KIND_PROVISIONAL,
  KPI_REVISION_KIND_FINAL,
  KPI_REVISION_KIND_RESTATED,
} KpiRevisionKind;

typedef struct _KpiRevision KpiRevision;

#define KPI_TYPE_REVISION (kpi_revision_get_type ())

KPI_AVAILABLE_IN_0_1
GType            kpi_revision_get_type        (void) G_GNUC_CONST;

KPI_AVAILABLE_IN_0_1
KpiRevision     *kpi_revision_new             (KpiValue          *value,
                                               KpiRevisionKind    kind,
                                               gint64             recorded_at);
KPI_AVAILABLE_IN_0_1
KpiRevision     *kpi_revision_ref             (KpiRevision       *self);
KPI_AVAILABLE_IN_0_1
void             kpi_revision_unref           (KpiRevision       *self);

KPI_AVAILABLE_IN_0_1
KpiValue        *kpi_revision_get_value       (const KpiRevision *self);
KPI_AVAILABLE_IN_0_1
KpiRevisionKind  kpi_revision_get_kind        (const KpiRevision *self);
KPI_AVAILABLE_IN_0_1
gint64           kpi_revision_get_recorded_at (const KpiRevision *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpiRevision, kpi_revision_unref)

G_END_DECLS
