/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-offset-benchmark.c: the indicator one period or one year back */

#include "config.h"

#include "kpi.h"
#include "kpi-benchmark-private.h"

/**
 * KpiOffsetBenchmark:
 *
 * A reference that is the indicator itself one period back
 * ([method@Kpi.Calendar.previous]) or one year back
 * ([method@Kpi.Calendar.same_period_last_year]: February 2024 against
 * February 2023, and the day 29 February 2024 against 28 February 2023).
 * In a period that is not over, it is the same stretch of the earlier
 * period: the month to 14 March against the month to 14 February. Before
 * the data starts there is no reference (the earlier period is outside the
 * dataset's coverage), not a reference of 0.
 *
 * ## Example
 *
 * ```c
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 * g_autoptr(KpiIndicator) revenue = kpi_indicator_new ("revenue", "sum(amount)", NULL);
 * g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
 * g_autoptr(KpiContext) context = kpi_context_new (calendar);
 * g_autoptr(KpiPeriod) february = kpi_calendar_parse_period (calendar, "2025-02", NULL);
 * g_autoptr(KpiBenchmark) target = kpi_constant_benchmark_new (KPI_BENCHMARK_KIND_TARGET, 250, NULL);
 * g_autoptr(KpiBenchmark) previous = kpi_offset_benchmark_new (KPI_BENCHMARK_KIND_PREVIOUS_PERIOD, NULL);
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_indicator_set_dataset (revenue, orders);
 * for (guint i = 0; i < 2; i++)
 *   {
 *     KpiBenchmark *benchmark = i == 0 ? target : previous;
 *     g_autoptr(KpiComparison) comparison =
 *       kpi_benchmark_compare (benchmark, revenue, context, february, &error);
 *
 *     if (comparison == NULL)
 *       g_error ("%s", error->message);
 *     g_print ("%g: %+g\n", kpi_value_get_value (kpi_comparison_get_reference (comparison)),
 *              kpi_comparison_get_delta (comparison));
 *   }
 * ```
 *
 * ```python
 * orders = Kpi.Dataset.new("date")
 * orders.load_path("orders.csv", None)
 * revenue = Kpi.Indicator.new("revenue", "sum(amount)")
 * revenue.set_dataset(orders)
 * calendar = Kpi.Calendar.new(None, 1)
 * context = Kpi.Context.new(calendar)
 * february = calendar.parse_period("2025-02")
 * target = Kpi.ConstantBenchmark.new(Kpi.BenchmarkKind.TARGET, 250)
 * previous = Kpi.OffsetBenchmark.new(Kpi.BenchmarkKind.PREVIOUS_PERIOD)
 * for benchmark in (target, previous):
 *     comparison = benchmark.compare(revenue, context, february)
 *     print(benchmark.get_kind().value_nick, comparison.get_reference().get_value(),
 *           comparison.get_delta(), comparison.get_status().value_nick)
 * ```
 *
 * ```js
 * const orders = Kpi.Dataset.new('date');
 * orders.load_path('orders.csv', null);
 * const revenue = Kpi.Indicator.new('revenue', 'sum(amount)');
 * revenue.set_dataset(orders);
 * const calendar = Kpi.Calendar.new(null, 1);
 * const context = Kpi.Context.new(calendar);
 * const february = calendar.parse_period('2025-02');
 * const target = Kpi.ConstantBenchmark.new(Kpi.BenchmarkKind.TARGET, 250);
 * const previous = Kpi.OffsetBenchmark.new(Kpi.BenchmarkKind.PREVIOUS_PERIOD);
 * for (const benchmark of [target, previous]) {
 *     const comparison = benchmark.compare(revenue, context, february);
 *     print(`${comparison.get_reference().get_value()}: ${comparison.get_delta()}`);
 * }
 * ```
 *
 * Since: 0.1
 */

struct _KpiOffsetBenchmark
{
  KpiBenchmark parent_instance;
};

G_DEFINE_FINAL_TYPE (KpiOffsetBenchmark, kpi_offset_benchmark, KPI_TYPE_BENCHMARK)

static KpiPeriod *
offset_period (KpiBenchmark     *self,
               KpiContext       *context,
               const KpiPeriod  *period,
               GError          **error)
{
  KpiCalendar *calendar = kpi_context_get_calendar (context);
  gboolean last_year = kpi_benchmark_get_kind (self) == KPI_BENCHMARK_KIND_LAST_YEAR;
  KpiPeriod *p = last_year ? kpi_calendar_same_period_last_year (calendar, period)
                           : kpi_calendar_previous (calendar, period);

  if (p == NULL)
    g_set_error (error, KPI_BENCHMARK_ERROR, KPI_BENCHMARK_ERROR_OUT_OF_RANGE,
                 "the %s of %s is outside the years 1 to 9999",
                 kpi_benchmark_kind_name (kpi_benchmark_get_kind (self)),
                 kpi_period_get_label (period));
  return p;
}

static KpiValue *
kpi_offset_benchmark_evaluate (KpiBenchmark     *self,
                               KpiIndicator     *indicator,
                               KpiContext       *context,
                               const KpiPeriod  *period,
                               GError          **error)
{
  g_autoptr(KpiPeriod) back = offset_period (self, context, period, error);

  if (back == NULL)
    return NULL;
  return kpi_indicator_evaluate (indicator, context, back, error);
}

static KpiValue *
kpi_offset_benchmark_evaluate_part (KpiBenchmark     *self,
                                    KpiIndicator     *indicator,
                                    KpiContext       *context,
                                    const KpiPeriod  *period,
                                    const KpiPeriod  *part,
                                    char            **detail,
                                    GError          **error)
{
  g_autoptr(KpiPeriod) back = NULL;

  if (!kpi_benchmark_is_part (period, part))
    return kpi_offset_benchmark_evaluate (self, indicator, context, period, error);
  /* Like for like: the same stretch of the earlier period. */
  back = offset_period (self, context, part, error);
  if (back == NULL)
    return NULL;
  *detail = g_strdup_printf (", like for like: %s", kpi_period_get_label (back));
  return kpi_indicator_evaluate (indicator, context, back, error);
}

static char *
kpi_offset_benchmark_describe (KpiBenchmark *self)
{
  return g_strdup (kpi_benchmark_kind_name (kpi_benchmark_get_kind (self)));
}

static void
kpi_offset_benchmark_class_init (KpiOffsetBenchmarkClass *klass)
{
  KpiBenchmarkClass *benchmark_class = KPI_BENCHMARK_CLASS (klass);

  benchmark_class->evaluate = kpi_offset_benchmark_evaluate;
  benchmark_class->evaluate_part = kpi_offset_benchmark_evaluate_part;
  benchmark_class->describe = kpi_offset_benchmark_describe;
}

static void
kpi_offset_benchmark_init (KpiOffsetBenchmark *self G_GNUC_UNUSED)
{
}

/**
 * kpi_offset_benchmark_new:
 * @kind: %KPI_BENCHMARK_KIND_PREVIOUS_PERIOD or
 *   %KPI_BENCHMARK_KIND_LAST_YEAR
 * @error: return location for a #GError
 *
 * Creates a benchmark that is the indicator itself one period back or one
 * year back.
 *
 * Returns: (transfer full) (nullable): a new benchmark, or %NULL with
 *   %KPI_BENCHMARK_ERROR_INVALID_KIND for another kind
 *
 * Since: 0.1
 */
KpiBenchmark *
kpi_offset_benchmark_new (KpiBenchmarkKind   kind,
                          GError           **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (kind != KPI_BENCHMARK_KIND_PREVIOUS_PERIOD && kind != KPI_BENCHMARK_KIND_LAST_YEAR)
    {
      g_set_error (error, KPI_BENCHMARK_ERROR, KPI_BENCHMARK_ERROR_INVALID_KIND,
                   "an offset benchmark is the previous period or the same period last year, not a %s",
                   kpi_benchmark_kind_name (kind));
      return NULL;
    }
  return g_object_new (KPI_TYPE_OFFSET_BENCHMARK, "kind", kind, NULL);
}
