/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-benchmark.c: a reference an indicator is judged against (the base
 * class: comparisons, like for like, the derived small base, accuracy) */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-benchmark-private.h"
#include "kpi-calendar-private.h"
#include "kpi-comparison-private.h"
#include "kpi-phasing-private.h"
#include "kpi-stats-private.h"
#include "kpi-util-private.h"

/**
 * KpiBenchmark:
 *
 * A reference for an indicator: a target, a budget, the previous period,
 * the same period last year, a forecast, a peer figure, a plan. It is an
 * abstract class; the library's references are its subclasses:
 *
 * - [class@Kpi.ConstantBenchmark]: the same figure for every period, such
 *   as a conversion-rate target of 0.34;
 * - [class@Kpi.TableBenchmark]: a table per period, such as `budget.csv`
 *   (`date,channel,revenue,cost`), and a formula computed over it for the
 *   period, such as `sum(revenue where channel = "online")`;
 * - [class@Kpi.OffsetBenchmark]: the indicator itself one period or one
 *   year back;
 * - [class@Kpi.ForecastBenchmark]: a forecast of the indicator from its own
 *   history;
 * - [class@Kpi.PlanBenchmark]: an action plan's curve.
 *
 * An application adds its own by subclassing it and implementing
 * [vfunc@Kpi.Benchmark.evaluate] (and [vfunc@Kpi.Benchmark.describe] for
 * the provenance), in C or in Python:
 *
 * ```python
 * class IndustryBenchmark(Kpi.Benchmark):
 *     def __init__(self, figures):
 *         super().__init__(kind=Kpi.BenchmarkKind.PEER)
 *         self.figures = figures                  # {"2025-03": 0.031, ...}
 *
 *     def do_evaluate(self, indicator, context, period):
 *         figure = self.figures.get(period.get_label())
 *         if figure is None:
 *             return Kpi.Value.new_missing(period, 0, Kpi.ValueFlags.NO_DATA)
 *         return Kpi.Value.new(period, figure, 0, Kpi.ValueFlags.NONE)
 *
 *     def do_describe(self):
 *         return "industry survey"
 * ```
 *
 * ## Comparisons
 *
 * [method@Kpi.Benchmark.compare] computes the indicator and the reference
 * for a period and compares them ([struct@Kpi.Comparison], judged by the
 * indicator's [class@Kpi.ComparisonPolicy]). Two things are done there:
 *
 * - a period that is not over (it contains the calendar's
 *   [property@Kpi.Calendar:now]) is compared like for like: the actual is
 *   the period to date ([method@Kpi.Calendar.to_date]), and the reference
 *   is computed for that part ([vfunc@Kpi.Benchmark.evaluate_part]): an
 *   offset takes the same stretch of the previous period or of last year;
 *   a figure for the whole period (a table, a constant, a forecast) is
 *   pro-rated by the share of the elapsed part if it is a flow
 *   ([method@Kpi.Phasing.get_share] with the benchmark's phasing, even
 *   phasing when none is set); a level (a stock phasing, or without a
 *   phasing a rate) is not. The comparison has
 *   %KPI_COMPARISON_FLAG_PARTIAL_PERIOD;
 * - when the policy's [property@Kpi.ComparisonPolicy:small-base] is not set
 *   (NaN), the minimum base is derived from the indicator's history:
 *   [property@Kpi.ComparisonPolicy:small-base-fraction] (10 %) of the
 *   median of the absolute values of the indicator over the
 *   [property@Kpi.ComparisonPolicy:small-base-periods] (12) periods before
 *   the period, those outside the data left out. With fewer than 3 values
 *   there, no small-base test is made.
 *
 * ## Provenance
 *
 * Every comparison says where its reference came from
 * ([method@Kpi.Comparison.get_provenance]): the benchmark's description
 * ([method@Kpi.Benchmark.dup_provenance]: `budget.csv (version 2025-v3),
 * sum(revenue where channel = "online"), phased by working days from
 * years`, `previous period`, `constant 0.34`) and how the period was made
 * like for like.
 *
 * ## Threads
 *
 * A benchmark may be used by several comparisons at once, from several
 * threads; [method@Kpi.Benchmark.compare_series_async] runs one in a
 * worker thread. Its settings are meant to be changed by one thread while
 * no comparison runs.
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

typedef struct
{
  KpiBenchmarkKind  kind;
  char             *name;
  char             *source_name;
  char             *version;
  KpiPhasing       *phasing;
} KpiBenchmarkPrivate;

enum {
  PROP_0,
  PROP_KIND,
  PROP_NAME,
  PROP_SOURCE_NAME,
  PROP_VERSION,
  PROP_PHASING,
  PROP_PROVENANCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (KpiBenchmark, kpi_benchmark, G_TYPE_OBJECT)

/**
 * kpi_benchmark_error_quark:
 *
 * The error domain of [class@Kpi.Benchmark], %KPI_BENCHMARK_ERROR.
 *
 * Returns: the quark of the domain
 *
 * Since: 0.1
 */
G_DEFINE_QUARK (kpi-benchmark-error-quark, kpi_benchmark_error)

const char *
kpi_benchmark_kind_name (KpiBenchmarkKind kind)
{
  switch (kind)
    {
    case KPI_BENCHMARK_KIND_TARGET: return "target";
    case KPI_BENCHMARK_KIND_BUDGET: return "budget";
    case KPI_BENCHMARK_KIND_FORECAST: return "forecast";
    case KPI_BENCHMARK_KIND_PREVIOUS_PERIOD: return "previous period";
    case KPI_BENCHMARK_KIND_LAST_YEAR: return "same period last year";
    case KPI_BENCHMARK_KIND_PEER: return "peer";
    case KPI_BENCHMARK_KIND_PLAN: return "plan";
    default: return "unknown kind";
    }
}

const char *
kpi_phasing_method_words (KpiPhasingMethod method)
{
  switch (method)
    {
    case KPI_PHASING_METHOD_WORKING_DAYS: return "by working days";
    case KPI_PHASING_METHOD_SEASONAL: return "seasonally";
    case KPI_PHASING_METHOD_EVEN:
    default: return "evenly";
    }
}

void
kpi_benchmark_notify_provenance (KpiBenchmark *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVENANCE]);
}

static void
kpi_benchmark_finalize (GObject *object)
{
  KpiBenchmarkPrivate *priv = kpi_benchmark_get_instance_private (KPI_BENCHMARK (object));

  g_free (priv->name);
  g_free (priv->source_name);
  g_free (priv->version);
  g_clear_object (&priv->phasing);

  G_OBJECT_CLASS (kpi_benchmark_parent_class)->finalize (object);
}

static void
kpi_benchmark_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KpiBenchmark *self = KPI_BENCHMARK (object);
  KpiBenchmarkPrivate *priv = kpi_benchmark_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, priv->kind);
      break;
    case PROP_NAME:
      g_value_set_string (value, priv->name);
      break;
    case PROP_SOURCE_NAME:
      g_value_set_string (value, priv->source_name);
      break;
    case PROP_VERSION:
      g_value_set_string (value, priv->version);
      break;
    case PROP_PHASING:
      g_value_set_object (value, priv->phasing);
      break;
    case PROP_PROVENANCE:
      g_value_take_string (value, kpi_benchmark_dup_provenance (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_benchmark_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KpiBenchmark *self = KPI_BENCHMARK (object);
  KpiBenchmarkPrivate *priv = kpi_benchmark_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_KIND:
      priv->kind = g_value_get_enum (value);
      break;
    case PROP_NAME:
      kpi_benchmark_set_name (self, g_value_get_string (value));
      break;
    case PROP_SOURCE_NAME:
      kpi_benchmark_set_source_name (self, g_value_get_string (value));
      break;
    case PROP_VERSION:
      kpi_benchmark_set_version (self, g_value_get_string (value));
      break;
    case PROP_PHASING:
      kpi_benchmark_set_phasing (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The measure type of the figures: the phasing's; without one, a rate
 * indicator's reference is a level, anything else a flow. */
KpiMeasureType
kpi_benchmark_measure_type (KpiBenchmark *self,
                            KpiIndicator *indicator)
{
  KpiBenchmarkPrivate *priv = kpi_benchmark_get_instance_private (self);

  if (priv->phasing != NULL)
    return kpi_phasing_get_measure_type (priv->phasing);
  return indicator != NULL && kpi_comparison_policy_is_rate (kpi_indicator_get_policy (indicator))
    ? KPI_MEASURE_TYPE_STOCK : KPI_MEASURE_TYPE_FLOW;
}

KpiPhasing *
kpi_benchmark_dup_phasing_for (KpiBenchmark *self,
                               KpiIndicator *indicator)
{
  KpiBenchmarkPrivate *priv = kpi_benchmark_get_instance_private (self);
  KpiPhasing *even;

  if (priv->phasing != NULL)
    return g_object_ref (priv->phasing);
  /* Pro-rated by elapsed days when no phasing says otherwise. */
  even = kpi_phasing_new (KPI_PHASING_METHOD_EVEN);
  kpi_phasing_set_measure_type (even, kpi_benchmark_measure_type (self, indicator));
  return even;
}

gboolean
kpi_benchmark_is_part (const KpiPeriod *period,
                       const KpiPeriod *part)
{
  return kpi_period_get_start (period) != kpi_period_get_start (part) ||
         kpi_period_get_end (period) != kpi_period_get_end (part);
}

KpiValue *
kpi_benchmark_pro_rate (KpiBenchmark     *self,
                        KpiIndicator     *indicator,
                        KpiContext       *context,
                        KpiValue         *whole,
                        const KpiPeriod  *period,
                        const KpiPeriod  *part,
                        char            **detail)
{
  g_autoptr(KpiPhasing) phasing = NULL;
  double share;

  if (kpi_value_is_missing (whole))
    return kpi_value_new_missing (part, kpi_value_get_sample_size (whole), kpi_value_get_flags (whole));
  if (kpi_benchmark_measure_type (self, indicator) != KPI_MEASURE_TYPE_FLOW)
    return kpi_value_new (part, kpi_value_get_value (whole), kpi_value_get_sample_size (whole),
                          KPI_VALUE_FLAG_NONE);
  phasing = kpi_benchmark_dup_phasing_for (self, indicator);
  share = kpi_phasing_share_range (phasing, kpi_context_get_calendar (context),
                                   kpi_period_get_start (period), kpi_period_get_end (period),
                                   kpi_period_get_start (part), kpi_period_get_end (part));
  if (detail != NULL)
    *detail = g_strdup_printf (", pro-rated %s to %s",
                               kpi_phasing_method_words (kpi_phasing_get_method (phasing)),
                               kpi_period_get_label (part));
  return kpi_value_new (part, kpi_value_get_value (whole) * share,
                        kpi_value_get_sample_size (whole), KPI_VALUE_FLAG_NONE);
}

/* What a virtual method gave, or NULL with an error: one that returns
 * neither a value nor an error (a JavaScript subclass called from a worker
 * thread, which gjs refuses) must not pass for success. Takes @value and
 * @local_error. */
static KpiValue *
check_vfunc_value (KpiBenchmark     *self,
                   const KpiPeriod  *period,
                   KpiValue         *value,
                   GError           *local_error,
                   GError          **error)
{
  if (value != NULL && local_error != NULL)
    g_clear_error (&local_error);
  if (value == NULL && local_error == NULL)
    local_error = g_error_new (KPI_BENCHMARK_ERROR, KPI_BENCHMARK_ERROR_NO_VALUE,
                               "the benchmark %s gave no value for %s and no error",
                               G_OBJECT_TYPE_NAME (self), kpi_period_get_label (period));
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return value;
}

static KpiValue *
kpi_benchmark_real_evaluate_part (KpiBenchmark     *self,
                                  KpiIndicator     *indicator,
                                  KpiContext       *context,
                                  const KpiPeriod  *period,
                                  const KpiPeriod  *part,
                                  char            **detail,
                                  GError          **error)
{
  g_autoptr(KpiValue) whole = kpi_benchmark_evaluate (self, indicator, context, period, error);

  if (whole == NULL)
    return NULL;
  if (!kpi_benchmark_is_part (period, part))
    return g_steal_pointer (&whole);
  return kpi_benchmark_pro_rate (self, indicator, context, whole, period, part, detail);
}

static char *
kpi_benchmark_real_describe (KpiBenchmark *self)
{
  KpiBenchmarkPrivate *priv = kpi_benchmark_get_instance_private (self);

  if (priv->source_name != NULL)
    return g_strdup (priv->source_name);
  return g_strdup (kpi_benchmark_kind_name (priv->kind));
}

static void
kpi_benchmark_class_init (KpiBenchmarkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kpi_benchmark_finalize;
  object_class->get_property = kpi_benchmark_get_property;
  object_class->set_property = kpi_benchmark_set_property;

  klass->evaluate_part = kpi_benchmark_real_evaluate_part;
  klass->describe = kpi_benchmark_real_describe;

  /**
   * KpiBenchmark:kind:
   *
   * What the reference is: a target, a budget, the previous period... It
   * is set when the benchmark is made.
   *
   * Since: 0.1
   */
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, KPI_TYPE_BENCHMARK_KIND,
                       KPI_BENCHMARK_KIND_TARGET,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KpiBenchmark:name:
   *
   * The name people read (`Budget 2025`), or %NULL.
   *
   * Since: 0.1
   */
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, rw);
  /**
   * KpiBenchmark:source-name:
   *
   * Where the figures come from (`budget.csv`), for the provenance, or
   * %NULL.
   *
   * Since: 0.1
   */
  properties[PROP_SOURCE_NAME] = g_param_spec_string ("source-name", NULL, NULL, NULL, rw);
  /**
   * KpiBenchmark:version:
   *
   * The version of the figures (`2025-v3`), for the provenance, or %NULL.
   *
   * Since: 0.1
   */
  properties[PROP_VERSION] = g_param_spec_string ("version", NULL, NULL, NULL, rw);
  /**
   * KpiBenchmark:phasing:
   *
   * How a figure for a period is spread over its parts (a yearly budget's
   * months, the days of a month to date), and whether it is a flow or a
   * stock; %NULL for none (flows spread evenly where a part is asked).
   *
   * Since: 0.1
   */
  properties[PROP_PHASING] =
    g_param_spec_object ("phasing", NULL, NULL, KPI_TYPE_PHASING, rw);
  /**
   * KpiBenchmark:provenance:
   *
   * Where the values come from, in words
   * ([vfunc@Kpi.Benchmark.describe]): `budget.csv (version 2025-v3),
   * sum(revenue where channel = "online"), phased by working days from
   * years`, `previous period`, `same period last year`, `constant 0.34`.
   *
   * Since: 0.1
   */
  properties[PROP_PROVENANCE] =
    g_param_spec_string ("provenance", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_benchmark_init (KpiBenchmark *self)
{
}

/**
 * kpi_benchmark_get_kind:
 * @self: a benchmark
 *
 * Gets what the reference of the benchmark is.
 *
 * Returns: what the reference is
 *
 * Since: 0.1
 */
KpiBenchmarkKind
kpi_benchmark_get_kind (KpiBenchmark *self)
{
  KpiBenchmarkPrivate *priv;

  g_return_val_if_fail (KPI_IS_BENCHMARK (self), KPI_BENCHMARK_KIND_TARGET);
  priv = kpi_benchmark_get_instance_private (self);
  return priv->kind;
}

/* The source name and the version are part of the provenance; the name
 * people read is not. */
static void
set_string (KpiBenchmark  *self,
            char         **field,
            const char    *value,
            guint          prop)
{
  if (!kpi_set_str (field, value))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  if (prop != PROP_NAME)
    kpi_benchmark_notify_provenance (self);
}

/**
 * kpi_benchmark_get_name:
 * @self: a benchmark
 *
 * Gets the value of [property@Kpi.Benchmark:name].
 *
 * Returns: (nullable): [property@Kpi.Benchmark:name]
 *
 * Since: 0.1
 */
const char *
kpi_benchmark_get_name (KpiBenchmark *self)
{
  KpiBenchmarkPrivate *priv;

  g_return_val_if_fail (KPI_IS_BENCHMARK (self), NULL);
  priv = kpi_benchmark_get_instance_private (self);
  return priv->name;
}

/**
 * kpi_benchmark_set_name:
 * @self: a benchmark
 * @name: (nullable): the name people read
 *
 * Sets [property@Kpi.Benchmark:name].
 *
 * Since: 0.1
 */
void
kpi_benchmark_set_name (KpiBenchmark *self,
                        const char   *name)
{
  KpiBenchmarkPrivate *priv;

  g_return_if_fail (KPI_IS_BENCHMARK (self));
  priv = kpi_benchmark_get_instance_private (self);
  set_string (self, &priv->name, name, PROP_NAME);
}

/**
 * kpi_benchmark_get_source_name:
 * @self: a benchmark
 *
 * Gets the value of [property@Kpi.Benchmark:source-name].
 *
 * Returns: (nullable): [property@Kpi.Benchmark:source-name]
 *
 * Since: 0.1
 */
const char *
kpi_benchmark_get_source_name (KpiBenchmark *self)
{
  KpiBenchmarkPrivate *priv;

  g_return_val_if_fail (KPI_IS_BENCHMARK (self), NULL);
  priv = kpi_benchmark_get_instance_private (self);
  return priv->source_name;
}

/**
 * kpi_benchmark_set_source_name:
 * @self: a benchmark
 * @source_name: (nullable): where the figures come from
 *
 * Sets [property@Kpi.Benchmark:source-name].
 *
 * Since: 0.1
 */
void
kpi_benchmark_set_source_name (KpiBenchmark *self,
                               const char   *source_name)
{
  KpiBenchmarkPrivate *priv;

  g_return_if_fail (KPI_IS_BENCHMARK (self));
  priv = kpi_benchmark_get_instance_private (self);
  set_string (self, &priv->source_name, source_name, PROP_SOURCE_NAME);
}

/**
 * kpi_benchmark_get_version:
 * @self: a benchmark
 *
 * Gets the value of [property@Kpi.Benchmark:version].
 *
 * Returns: (nullable): [property@Kpi.Benchmark:version]
 *
 * Since: 0.1
 */
const char *
kpi_benchmark_get_version (KpiBenchmark *self)
{
  KpiBenchmarkPrivate *priv;

  g_return_val_if_fail (KPI_IS_BENCHMARK (self), NULL);
  priv = kpi_benchmark_get_instance_private (self);
  return priv->version;
}

/**
 * kpi_benchmark_set_version:
 * @self: a benchmark
 * @version: (nullable): the version of the figures
 *
 * Sets [property@Kpi.Benchmark:version].
 *
 * Since: 0.1
 */
void
kpi_benchmark_set_version (KpiBenchmark *self,
                           const char   *version)
{
  KpiBenchmarkPrivate *priv;

  g_return_if_fail (KPI_IS_BENCHMARK (self));
  priv = kpi_benchmark_get_instance_private (self);
  set_string (self, &priv->version, version, PROP_VERSION);
}

/**
 * kpi_benchmark_get_phasing:
 * @self: a benchmark
 *
 * Gets the value of [property@Kpi.Benchmark:phasing].
 *
 * Returns: (transfer none) (nullable): [property@Kpi.Benchmark:phasing]
 *
 * Since: 0.1
 */
KpiPhasing *
kpi_benchmark_get_phasing (KpiBenchmark *self)
{
  KpiBenchmarkPrivate *priv;

  g_return_val_if_fail (KPI_IS_BENCHMARK (self), NULL);
  priv = kpi_benchmark_get_instance_private (self);
  return priv->phasing;
}

/**
 * kpi_benchmark_set_phasing:
 * @self: a benchmark
 * @phasing: (nullable): how figures are spread over shorter periods
 *
 * Sets [property@Kpi.Benchmark:phasing].
 *
 * Since: 0.1
 */
void
kpi_benchmark_set_phasing (KpiBenchmark *self,
                           KpiPhasing   *phasing)
{
  KpiBenchmarkPrivate *priv;

  g_return_if_fail (KPI_IS_BENCHMARK (self));
  g_return_if_fail (phasing == NULL || KPI_IS_PHASING (phasing));

  priv = kpi_benchmark_get_instance_private (self);
  if (!g_set_object (&priv->phasing, phasing))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASING]);
  kpi_benchmark_notify_provenance (self);
}

/**
 * kpi_benchmark_dup_provenance:
 * @self: a benchmark
 *
 * Says where the values come from, in words
 * ([property@Kpi.Benchmark:provenance]).
 *
 * Returns: (transfer full): the description
 *
 * Since: 0.1
 */
char *
kpi_benchmark_dup_provenance (KpiBenchmark *self)
{
  char *text;

  g_return_val_if_fail (KPI_IS_BENCHMARK (self), NULL);

  text = KPI_BENCHMARK_GET_CLASS (self)->describe (self);
  return text != NULL ? text : g_strdup (kpi_benchmark_kind_name (kpi_benchmark_get_kind (self)));
}

/**
 * kpi_benchmark_evaluate:
 * @self: a benchmark
 * @indicator: the indicator the reference is for (offsets and forecasts
 *   compute it; others read its policy, whether it is a rate)
 * @context: where the indicator's names lead, and the calendar of @period
 * @period: a period
 * @error: return location for a #GError
 *
 * Computes the reference for the whole of @period
 * ([vfunc@Kpi.Benchmark.evaluate]). A period that is not over gets the
 * reference of the whole period here: [method@Kpi.Benchmark.compare] is
 * what compares it like for like.
 *
 * Returns: (transfer full) (nullable): the reference, missing when it is
 *   not known, or %NULL on error
 *
 * Since: 0.1
 */
KpiValue *
kpi_benchmark_evaluate (KpiBenchmark     *self,
                        KpiIndicator     *indicator,
                        KpiContext       *context,
                        const KpiPeriod  *period,
                        GError          **error)
{
  KpiBenchmarkClass *klass;
  KpiValue *value;
  GError *local_error = NULL;

  g_return_val_if_fail (KPI_IS_BENCHMARK (self), NULL);
  g_return_val_if_fail (KPI_IS_INDICATOR (indicator), NULL);
  g_return_val_if_fail (KPI_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (period != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  klass = KPI_BENCHMARK_GET_CLASS (self);
  g_return_val_if_fail (klass->evaluate != NULL, NULL);
  value = klass->evaluate (self, indicator, context, period, &local_error);
  return check_vfunc_value (self, period, value, local_error, error);
}

/* The small base of the values of the periods before a value's: a
 * fraction of their median size, 0 (no test) with fewer than
 * KPI_SMALL_BASE_MIN_PERIODS of them with a number. */
static double
min_base_of_values (const KpiPolicySettings *settings,
                    KpiValue * const        *values,
                    guint                    n_values)
{
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < n_values; i++)
    {
      double x;

      if (kpi_value_get_number (values[i], &x))
        {
          x = fabs (x);
          g_array_append_val (numbers, x);
        }
    }
  if (numbers->len < KPI_SMALL_BASE_MIN_PERIODS)
    return 0;
  return settings->small_base_fraction *
         kpi_median_inplace ((double *) (gpointer) numbers->data, numbers->len);
}

/* [share, median] of the @periods periods before @period with data:
 * 0 (no test) with fewer than KPI_SMALL_BASE_MIN_PERIODS values or for a
 * custom period. */
static gboolean
derive_min_base (KpiIndicator     *indicator,
                 KpiContext       *context,
                 const KpiPeriod  *period,
                 const KpiPolicySettings *settings,
                 double           *min_base,
                 GError          **error)
{
  KpiCalendar *calendar = kpi_context_get_calendar (context);
  g_autoptr(KpiPeriod) first = NULL;
  g_autoptr(KpiPeriod) last = NULL;
  g_autoptr(GPtrArray) values = NULL;

  *min_base = 0;
  if (kpi_period_get_granularity (period) == KPI_GRANULARITY_CUSTOM)
    return TRUE;
  first = kpi_calendar_offset (calendar, period, -(int) settings->small_base_periods);
  last = kpi_calendar_offset (calendar, period, -1);
  if (first == NULL || last == NULL)
    return TRUE;
  values = kpi_indicator_evaluate_series (indicator, context, first, last, error);
  if (values == NULL)
    return FALSE;
  *min_base = min_base_of_values (settings, (KpiValue * const *) values->pdata, values->len);
  return TRUE;
}

/**
 * kpi_benchmark_compare:
 * @self: a benchmark
 * @indicator: the indicator to judge
 * @context: where the indicator's names lead, and the calendar of @period
 * @period: a period
 * @error: return location for a #GError
 *
 * Computes @indicator for @period and compares it with the reference
 * ([struct@Kpi.Comparison], whose provenance says where the reference came
 * from), judged by the indicator's [class@Kpi.ComparisonPolicy]. A period
 * that is not over is compared like for like, and the small-base minimum
 * is derived from the indicator's history when the policy has none: see
 * [class@Kpi.Benchmark].
 *
 * Returns: (transfer full) (nullable): the comparison, or %NULL on error
 *   (as [method@Kpi.Indicator.evaluate] and
 *   [method@Kpi.Benchmark.evaluate])
 *
 * Since: 0.1
 */
KpiComparison *
kpi_benchmark_compare (KpiBenchmark     *self,
                       KpiIndicator     *indicator,
                       KpiContext       *context,
                       const KpiPeriod  *period,
                       GError          **error)
{
  g_return_val_if_fail (KPI_IS_BENCHMARK (self), NULL);
  g_return_val_if_fail (KPI_IS_INDICATOR (indicator), NULL);
  g_return_val_if_fail (KPI_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (period != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return kpi_benchmark_compare_given (self, indicator, context, period, NULL, NULL, error);
}

gboolean
kpi_benchmark_derive_min_base (KpiIndicator     *indicator,
                               KpiContext       *context,
                               const KpiPeriod  *period,
                               double           *min_base,
                               GError          **error)
{
  KpiPolicySettings settings;

  *min_base = NAN;
  kpi_comparison_policy_snapshot (kpi_indicator_get_policy (indicator), &settings);
  if (!isnan (settings.small_base))
    return TRUE;
  return derive_min_base (indicator, context, period, &settings, min_base, error);
}

guint
kpi_benchmark_min_base_periods (KpiIndicator *indicator)
{
  KpiPolicySettings settings;

  kpi_comparison_policy_snapshot (kpi_indicator_get_policy (indicator), &settings);
  return isnan (settings.small_base) ? settings.small_base_periods : 0;
}

double
kpi_benchmark_min_base_of_values (KpiIndicator     *indicator,
                                  KpiValue * const *values,
                                  guint             n_values)
{
  KpiPolicySettings settings;

  kpi_comparison_policy_snapshot (kpi_indicator_get_policy (indicator), &settings);
  if (!isnan (settings.small_base))
    return NAN;
  return min_base_of_values (&settings, values, n_values);
}

KpiComparison *
kpi_benchmark_compare_given (KpiBenchmark     *self,
                             KpiIndicator     *indicator,
                             KpiContext       *context,
                             const KpiPeriod  *period,
                             KpiValue         *given_actual,
                             const double     *given_min_base,
                             GError          **error)
{
  KpiCalendar *calendar;
  g_autoptr(KpiPeriod) elapsed = NULL;
  g_autoptr(KpiValue) actual = NULL;
  g_autoptr(KpiValue) reference = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *source = NULL;
  g_autofree char *provenance = NULL;
  const KpiPeriod *asked = period;
  double min_base = NAN;
  GError *local_error = NULL;

  calendar = kpi_context_get_calendar (context);
  if (kpi_period_is_partial (period) && kpi_period_get_granularity (period) != KPI_GRANULARITY_CUSTOM)
    {
      /* The current period: up to now, against the same stretch. */
      elapsed = kpi_calendar_to_date (calendar, kpi_period_get_granularity (period),
                                      kpi_calendar_get_present (calendar));
      if (elapsed != NULL)
        asked = elapsed;
    }

  if (given_actual != NULL)
    actual = kpi_value_ref (given_actual);
  else if ((actual = kpi_indicator_evaluate (indicator, context, asked, error)) == NULL)
    return NULL;
  reference = KPI_BENCHMARK_GET_CLASS (self)->evaluate_part (self, indicator, context, period,
                                                             asked, &detail, &local_error);
  reference = check_vfunc_value (self, asked, reference, local_error, error);
  if (reference == NULL)
    return NULL;

  if (given_min_base != NULL)
    min_base = *given_min_base;
  else if (!kpi_benchmark_derive_min_base (indicator, context, period, &min_base, error))
    return NULL;

  source = kpi_benchmark_dup_provenance (self);
  provenance = g_strconcat (source, detail != NULL ? detail : "", NULL);
  return kpi_comparison_new (kpi_indicator_get_policy (indicator), actual, reference,
                             kpi_benchmark_get_kind (self), min_base, provenance);
}

static GPtrArray *
compare_series (KpiBenchmark     *self,
                KpiIndicator     *indicator,
                KpiContext       *context,
                const KpiPeriod  *first,
                const KpiPeriod  *last,
                GCancellable     *cancellable,
                GError          **error)
{
  g_autoptr(GPtrArray) periods = NULL;
  g_autoptr(GPtrArray) result = NULL;

  if (kpi_period_get_granularity (first) != kpi_period_get_granularity (last))
    {
      g_set_error (error, KPI_CALENDAR_ERROR, KPI_CALENDAR_ERROR_INVALID_RANGE,
                   "a series runs from a period to another of the same granularity, not from %s to %s",
                   kpi_period_get_label (first), kpi_period_get_label (last));
      return NULL;
    }
  periods = kpi_calendar_list_periods (kpi_context_get_calendar (context), first, last);
  result = g_ptr_array_new_full (periods->len, (GDestroyNotify) kpi_comparison_unref);
  for (guint i = 0; i < periods->len; i++)
    {
      KpiComparison *c;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      c = kpi_benchmark_compare (self, indicator, context, g_ptr_array_index (periods, i), error);
      if (c == NULL)
        return NULL;
      g_ptr_array_add (result, c);
    }
  return g_steal_pointer (&result);
}

/**
 * kpi_benchmark_compare_series:
 * @self: a benchmark
 * @indicator: the indicator to judge
 * @context: where the indicator's names lead, and the calendar of the
 *   periods
 * @first: the first period
 * @last: the last period, of the same granularity as @first
 * @error: return location for a #GError
 *
 * [method@Kpi.Benchmark.compare] for every period from @first to @last.
 *
 * Returns: (transfer container) (element-type KpiComparison) (nullable):
 *   one comparison per period, in order, or %NULL on error
 *
 * Since: 0.1
 */
GPtrArray *
kpi_benchmark_compare_series (KpiBenchmark     *self,
                              KpiIndicator     *indicator,
                              KpiContext       *context,
                              const KpiPeriod  *first,
                              const KpiPeriod  *last,
                              GError          **error)
{
  g_return_val_if_fail (KPI_IS_BENCHMARK (self), NULL);
  g_return_val_if_fail (KPI_IS_INDICATOR (indicator), NULL);
  g_return_val_if_fail (KPI_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (first != NULL && last != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return compare_series (self, indicator, context, first, last, NULL, error);
}

typedef struct
{
  KpiIndicator *indicator;
  KpiContext   *context;
  KpiPeriod    *first;
  KpiPeriod    *last;
} CompareJob;

static void
compare_job_free (gpointer data)
{
  CompareJob *job = data;

  g_object_unref (job->indicator);
  g_object_unref (job->context);
  kpi_period_free (job->first);
  kpi_period_free (job->last);
  g_free (job);
}

static GPtrArray *
compare_job_run (gpointer       source,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  CompareJob *job = data;

  return compare_series (source, job->indicator, job->context, job->first, job->last,
                         cancellable, error);
}

/**
 * kpi_benchmark_compare_series_async:
 * @self: a benchmark
 * @indicator: the indicator to judge
 * @context: where the indicator's names lead, and the calendar of the
 *   periods
 * @first: the first period
 * @last: the last period, of the same granularity as @first
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the comparisons are made
 * @user_data: data for @callback
 *
 * Runs [method@Kpi.Benchmark.compare_series] in a worker thread (for one
 * period, pass it as @first and @last); the callback is called in the
 * thread-default main context of this call and gets the comparisons from
 * [method@Kpi.Benchmark.compare_series_finish].
 *
 * Since: 0.1
 */
void
kpi_benchmark_compare_series_async (KpiBenchmark        *self,
                                    KpiIndicator        *indicator,
                                    KpiContext          *context,
                                    const KpiPeriod     *first,
                                    const KpiPeriod     *last,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  CompareJob *job;

  g_return_if_fail (KPI_IS_BENCHMARK (self));
  g_return_if_fail (KPI_IS_INDICATOR (indicator));
  g_return_if_fail (KPI_IS_CONTEXT (context));
  g_return_if_fail (first != NULL && last != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = g_new0 (CompareJob, 1);
  job->indicator = g_object_ref (indicator);
  job->context = g_object_ref (context);
  job->first = kpi_period_copy (first);
  job->last = kpi_period_copy (last);
  kpi_task_run_in_thread (self, kpi_benchmark_compare_series_async, job, compare_job_free,
                          compare_job_run, cancellable, callback, user_data);
}

/**
 * kpi_benchmark_compare_series_finish:
 * @self: a benchmark
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Gets the result of [method@Kpi.Benchmark.compare_series_async].
 *
 * Returns: (transfer container) (element-type KpiComparison) (nullable):
 *   one comparison per period, or %NULL with @error set
 *   (%G_IO_ERROR_CANCELLED when cancelled)
 *
 * Since: 0.1
 */
GPtrArray *
kpi_benchmark_compare_series_finish (KpiBenchmark  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (KPI_IS_BENCHMARK (self), NULL);

  return kpi_task_finish (self, result, kpi_benchmark_compare_series_async, error);
}

/**
 * kpi_benchmark_measure_accuracy:
 * @self: a benchmark, usually a forecast (an external forecast given as a
 *   [class@Kpi.TableBenchmark] of kind %KPI_BENCHMARK_KIND_FORECAST, or a
 *   [class@Kpi.ForecastBenchmark])
 * @indicator: the indicator that was forecast
 * @context: where the indicator's names lead, and the calendar of the
 *   periods
 * @first: the first period
 * @last: the last period, of the same granularity as @first
 * @error: return location for a #GError
 *
 * Measures how good the benchmark has been as a forecast of @indicator over
 * the periods from @first to @last that are over (a period not over yet
 * has no actual to judge it by): MAPE (or sMAPE when actuals come near
 * zero), bias and tracking signal ([struct@Kpi.ForecastAccuracy]).
 * Periods where the actual or the forecast is missing are left out.
 *
 * Returns: (transfer full) (nullable): the accuracy, or %NULL on error: an
 *   evaluation failed, or no period has both an actual and a forecast
 *   (%KPI_FORECAST_ERROR_NOT_ENOUGH_DATA)
 *
 * Since: 0.1
 */
KpiForecastAccuracy *
kpi_benchmark_measure_accuracy (KpiBenchmark     *self,
                                KpiIndicator     *indicator,
                                KpiContext       *context,
                                const KpiPeriod  *first,
                                const KpiPeriod  *last,
                                GError          **error)
{
  KpiCalendar *calendar;
  g_autoptr(GPtrArray) periods = NULL;
  g_autoptr(GArray) actuals = NULL;
  g_autoptr(GArray) forecasts = NULL;
  gint64 now;

  g_return_val_if_fail (KPI_IS_BENCHMARK (self), NULL);
  g_return_val_if_fail (KPI_IS_INDICATOR (indicator), NULL);
  g_return_val_if_fail (KPI_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (first != NULL && last != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (kpi_period_get_granularity (first) != kpi_period_get_granularity (last))
    {
      g_set_error (error, KPI_CALENDAR_ERROR, KPI_CALENDAR_ERROR_INVALID_RANGE,
                   "a series runs from a period to another of the same granularity, not from %s to %s",
                   kpi_period_get_label (first), kpi_period_get_label (last));
      return NULL;
    }
  calendar = kpi_context_get_calendar (context);
  now = kpi_calendar_get_present (calendar);
  periods = kpi_calendar_list_periods (calendar, first, last);
  actuals = g_array_sized_new (FALSE, FALSE, sizeof (double), periods->len);
  forecasts = g_array_sized_new (FALSE, FALSE, sizeof (double), periods->len);
  for (guint i = 0; i < periods->len; i++)
    {
      const KpiPeriod *p = g_ptr_array_index (periods, i);
      g_autoptr(KpiValue) actual = NULL;
      g_autoptr(KpiValue) forecast = NULL;
      double a, f;

      if (kpi_period_get_end (p) > now)
        break;
      actual = kpi_indicator_evaluate (indicator, context, p, error);
      if (actual == NULL)
        return NULL;
      forecast = kpi_benchmark_evaluate (self, indicator, context, p, error);
      if (forecast == NULL)
        return NULL;
      a = kpi_value_get_value (actual);
      f = kpi_value_get_value (forecast);
      g_array_append_val (actuals, a);
      g_array_append_val (forecasts, f);
    }
  return kpi_forecast_accuracy_new ((const double *) actuals->data, actuals->len,
                                    (const double *) forecasts->data, forecasts->len,
                                    error);
}
