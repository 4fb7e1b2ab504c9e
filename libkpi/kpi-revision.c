/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-revision.c: one value a store recorded for a period, and when */

#include "config.h"

#include "kpi.h"

/**
 * KpiRevision:
 *
 * One value a [class@Kpi.Store] recorded for an indicator, a period (and a
 * group), with the time it was recorded and what it was: a provisional
 * figure, the final one, or a restatement of a final one
 * ([enum@Kpi.RevisionKind]).
 *
 * [method@Kpi.Store.list_revisions] gives the revisions of a period,
 * oldest first: what was said about June on 3 July, on 12 July, and since.
 *
 * Revisions are immutable and reference counted: they may be shared
 * between threads.
 *
 * Since: 0.1
 */

struct _KpiRevision
{
  gatomicrefcount  ref_count;
  KpiValue        *value;
  KpiRevisionKind  kind;
  gint64           recorded_at;
};

G_DEFINE_BOXED_TYPE (KpiRevision, kpi_revision, kpi_revision_ref, kpi_revision_unref)

/**
 * kpi_revision_new:
 * @value: the value recorded
 * @kind: what it was in the history of its period
 * @recorded_at: when it was recorded, in microseconds since the Unix epoch
 *
 * Creates a revision. [method@Kpi.Store.list_revisions] makes them; an
 * application may make its own, to show history that comes from elsewhere
 * in the same way.
 *
 * Returns: (transfer full): a new revision
 *
 * Since: 0.1
 */
KpiRevision *
kpi_revision_new (KpiValue        *value,
                  KpiRevisionKind  kind,
                  gint64           recorded_at)
{
  KpiRevision *self;

  g_return_val_if_fail (value != NULL, NULL);
  g_return_val_if_fail (kind <= KPI_REVISION_KIND_RESTATED, NULL);

  self = g_new0 (KpiRevision, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->value = kpi_value_ref (value);
  self->kind = kind;
  self->recorded_at = recorded_at;
  return self;
}

/**
 * kpi_revision_ref:
 * @self: a revision
 *
 * Takes a reference to @self.
 *
 * Returns: (transfer full): @self
 *
 * Since: 0.1
 */
KpiRevision *
kpi_revision_ref (KpiRevision *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * kpi_revision_unref:
 * @self: (transfer full): a revision
 *
 * Drops a reference to @self, freeing it when it was the last.
 *
 * Since: 0.1
 */
void
kpi_revision_unref (KpiRevision *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  kpi_value_unref (self->value);
  g_free (self);
}

/**
 * kpi_revision_get_value:
 * @self: a revision
 *
 * Gets the value recorded: its number or the fact that it was missing,
 * its flags, sample size, group and the closure of its period then.
 *
 * Returns: (transfer none): the value
 *
 * Since: 0.1
 */
KpiValue *
kpi_revision_get_value (const KpiRevision *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->value;
}

/**
 * kpi_revision_get_kind:
 * @self: a revision
 *
 * Gets what the revision was: provisional, final or restated.
 *
 * Returns: the kind
 *
 * Since: 0.1
 */
KpiRevisionKind
kpi_revision_get_kind (const KpiRevision *self)
{
  g_return_val_if_fail (self != NULL, KPI_REVISION_KIND_PROVISIONAL);

  return self->kind;
}

/**
 * kpi_revision_get_recorded_at:
 * @self: a revision
 *
 * Gets when the value was recorded.
 *
 * Returns: the instant, in microseconds since the Unix epoch
 *
 * Since: 0.1
 */
gint64
kpi_revision_get_recorded_at (const KpiRevision *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->recorded_at;
}
