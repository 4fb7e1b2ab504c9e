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
 * ## Example
 *
 * ```c
 * const char * const kinds[] = { "provisional", "final", "restated" };
 * const char * const days[] = { "2025-03-01", "2025-04-01" };
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 * g_autoptr(KpiIndicator) revenue = kpi_indicator_new ("revenue", "sum(amount)", NULL);
 * g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
 * g_autoptr(KpiContext) context = kpi_context_new (calendar);
 * g_autoptr(KpiPeriod) february = kpi_calendar_parse_period (calendar, "2025-02", NULL);
 * g_autoptr(KpiStore) store = kpi_store_open ("history.db", &error); // an SQLite file, made when missing
 * g_autoptr(GPtrArray) revisions = NULL;
 *
 * if (store == NULL || !kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_dataset_set_expected_lag (orders, 5 * G_TIME_SPAN_DAY); // a month is complete 5 days after its end
 * kpi_indicator_set_dataset (revenue, orders);
 * // February's revenue recorded on 1 March, before it is complete, then on 1 April
 * for (guint i = 0; i < G_N_ELEMENTS (days); i++)
 *   {
 *     g_autoptr(KpiPeriod) day = kpi_calendar_parse_period (calendar, days[i], NULL);
 *     g_autoptr(KpiValue) value = NULL;
 *     kpi_calendar_set_now (calendar, kpi_period_get_start (day));
 *     value = kpi_indicator_evaluate (revenue, context, february, &error);
 *     if (value == NULL ||
 *         !kpi_store_record_values (store, "revenue", &value, 1, kpi_period_get_start (day), &error))
 *       g_error ("%s", error->message);
 *   }
 * revisions = kpi_store_list_revisions (store, "revenue", "2025-02", NULL, &error);
 * if (revisions == NULL)
 *   g_error ("%s", error->message);
 * for (guint i = 0; i < revisions->len; i++)
 *   {
 *     KpiRevision *revision = g_ptr_array_index (revisions, i);
 *     g_print ("%g, %s\n", kpi_value_get_value (kpi_revision_get_value (revision)),
 *              kinds[kpi_revision_get_kind (revision)]);
 *   }
 * ```
 *
 * ```python
 * kinds = ["provisional", "final", "restated"]
 * orders = Kpi.Dataset.new("date")
 * orders.load_path("orders.csv", None)
 * orders.set_expected_lag(5 * GLib.TIME_SPAN_DAY)  # a month is complete 5 days after its end
 * revenue = Kpi.Indicator.new("revenue", "sum(amount)")
 * revenue.set_dataset(orders)
 * calendar = Kpi.Calendar.new(None, 1)
 * context = Kpi.Context.new(calendar)
 * february = calendar.parse_period("2025-02")
 * store = Kpi.Store.open("history.db")  # an SQLite file, made when missing
 * # February's revenue recorded on 1 March, before it is complete, then on 1 April
 * for day in ("2025-03-01", "2025-04-01"):
 *     now = calendar.parse_period(day).get_start()
 *     calendar.set_now(now)
 *     store.record_values("revenue", [revenue.evaluate(context, february)], now)
 * for revision in store.list_revisions("revenue", "2025-02", None):
 *     print(f"{revision.get_value().get_value():g}, {kinds[revision.get_kind()]}")
 * ```
 *
 * ```js
 * const kinds = ['provisional', 'final', 'restated'];
 * const orders = Kpi.Dataset.new('date');
 * orders.load_path('orders.csv', null);
 * orders.set_expected_lag(5 * GLib.TIME_SPAN_DAY); // a month is complete 5 days after its end
 * const revenue = Kpi.Indicator.new('revenue', 'sum(amount)');
 * revenue.set_dataset(orders);
 * const calendar = Kpi.Calendar.new(null, 1);
 * const context = Kpi.Context.new(calendar);
 * const february = calendar.parse_period('2025-02');
 * const store = Kpi.Store.open('history.db'); // an SQLite file, made when missing
 * // February's revenue recorded on 1 March, before it is complete, then on 1 April
 * for (const day of ['2025-03-01', '2025-04-01']) {
 *     const now = calendar.parse_period(day).get_start();
 *     calendar.set_now(now);
 *     store.record_values('revenue', [revenue.evaluate(context, february)], now);
 * }
 * for (const revision of store.list_revisions('revenue', '2025-02', null))
 *     print(`${revision.get_value().get_value()}, ${kinds[revision.get_kind()]}`);
 * ```
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
