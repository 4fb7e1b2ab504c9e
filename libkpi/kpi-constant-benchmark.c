/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-constant-benchmark.c: the same figure for every period */

#include "config.h"

#include <math.h>

#include "kpi.h"
#include "kpi-benchmark-private.h"
#include "kpi-util-private.h"

/**
 * KpiConstantBenchmark:
 *
 * A reference that is the same figure for every period: a conversion-rate
 * target of 0.34, a peer's NPS of 31. In a period that is not over, a flow
 * is pro-rated to date ([class@Kpi.Benchmark]).
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

struct _KpiConstantBenchmark
{
  KpiBenchmark parent_instance;

  double value;   /* NaN: no reference */
};

enum {
  PROP_0,
  PROP_VALUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KpiConstantBenchmark, kpi_constant_benchmark, KPI_TYPE_BENCHMARK)

static void
kpi_constant_benchmark_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_set_double (value, KPI_CONSTANT_BENCHMARK (object)->value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_constant_benchmark_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_VALUE:
      {
        double v = g_value_get_double (value);
        KPI_CONSTANT_BENCHMARK (object)->value = isfinite (v) ? v : NAN;
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static KpiValue *
kpi_constant_benchmark_evaluate (KpiBenchmark     *benchmark,
                                 KpiIndicator     *indicator G_GNUC_UNUSED,
                                 KpiContext       *context G_GNUC_UNUSED,
                                 const KpiPeriod  *period,
                                 GError          **error G_GNUC_UNUSED)
{
  KpiConstantBenchmark *self = KPI_CONSTANT_BENCHMARK (benchmark);

  if (isnan (self->value))
    return kpi_value_new_missing (period, 0, KPI_VALUE_FLAG_NO_DATA);
  return kpi_value_new (period, self->value, 0, KPI_VALUE_FLAG_NONE);
}

static char *
kpi_constant_benchmark_describe (KpiBenchmark *benchmark)
{
  KpiConstantBenchmark *self = KPI_CONSTANT_BENCHMARK (benchmark);
  g_autoptr(KpiValue) v = kpi_value_new (NULL, self->value, 0, KPI_VALUE_FLAG_NONE);
  g_autofree char *text = kpi_value_format (v, KPI_DECIMALS_SHORTEST);

  return g_strdup_printf ("constant %s", text);
}

static void
kpi_constant_benchmark_class_init (KpiConstantBenchmarkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KpiBenchmarkClass *benchmark_class = KPI_BENCHMARK_CLASS (klass);

  object_class->get_property = kpi_constant_benchmark_get_property;
  object_class->set_property = kpi_constant_benchmark_set_property;
  benchmark_class->evaluate = kpi_constant_benchmark_evaluate;
  benchmark_class->describe = kpi_constant_benchmark_describe;

  /**
   * KpiConstantBenchmark:value:
   *
   * The figure, the same for every period; NaN for no reference.
   *
   * Since: 0.1
   */
  properties[PROP_VALUE] =
    kpi_param_spec_nan_double ("value", NAN, G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_constant_benchmark_init (KpiConstantBenchmark *self)
{
  self->value = NAN;
}

/**
 * kpi_constant_benchmark_new:
 * @kind: what the reference is (usually %KPI_BENCHMARK_KIND_TARGET or
 *   %KPI_BENCHMARK_KIND_PEER)
 * @value: the figure, the same for every period (NaN: no reference)
 * @error: return location for a #GError
 *
 * Creates a benchmark of one figure for any period. The previous period
 * and last year are computed, not constants: those kinds fail with
 * %KPI_BENCHMARK_ERROR_INVALID_KIND.
 *
 * Returns: (transfer full) (nullable): a new benchmark, or %NULL on error
 *
 * Since: 0.1
 */
KpiBenchmark *
kpi_constant_benchmark_new (KpiBenchmarkKind   kind,
                            double             value,
                            GError           **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (kind == KPI_BENCHMARK_KIND_PREVIOUS_PERIOD || kind == KPI_BENCHMARK_KIND_LAST_YEAR)
    {
      g_set_error (error, KPI_BENCHMARK_ERROR, KPI_BENCHMARK_ERROR_INVALID_KIND,
                   "a constant is a target, a budget, a forecast, a peer figure or a plan, not the %s "
                   "(an offset benchmark computes that)", kpi_benchmark_kind_name (kind));
      return NULL;
    }
  return g_object_new (KPI_TYPE_CONSTANT_BENCHMARK, "kind", kind, "value", value, NULL);
}

/**
 * kpi_constant_benchmark_get_value:
 * @self: a constant benchmark
 *
 * Gets the figure the benchmark holds.
 *
 * Returns: the figure, or NaN for no reference
 *
 * Since: 0.1
 */
double
kpi_constant_benchmark_get_value (KpiConstantBenchmark *self)
{
  g_return_val_if_fail (KPI_IS_CONSTANT_BENCHMARK (self), NAN);
  return self->value;
}
