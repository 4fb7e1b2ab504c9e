/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-table-benchmark.c: figures per period from a table */

#include "config.h"

#include <math.h>

#include "kpi.h"
#include "kpi-benchmark-private.h"
#include "kpi-formula-private.h"
#include "kpi-phasing-private.h"
#include "kpi-util-private.h"

/**
 * KpiTableBenchmark:
 *
 * A reference read from a table per period: a dataset such as `budget.csv`
 * (`date,channel,revenue,cost`, one row per month and channel) or the
 * generated `targets.csv`, and a formula of the formula language computed
 * over it for the period, such as `sum(revenue where channel = "online")`.
 * A period without any row in the table has no reference, not a reference
 * of 0 (the formula's empty sum).
 *
 * ```c
 * g_autoptr(KpiBenchmark) budget =
 *   kpi_table_benchmark_new (KPI_BENCHMARK_KIND_BUDGET, budget_table,
 *                            "sum(revenue where channel = \"online\")", &error);
 * kpi_benchmark_set_source_name (budget, "budget.csv");
 * kpi_benchmark_set_version (budget, "2025-v3");
 * ```
 *
 * ## Tables given by longer periods
 *
 * [property@Kpi.TableBenchmark:source-granularity] says what periods the
 * table's figures are given for (months by default). Asked for a period
 * made of whole source periods (a quarter of a monthly budget), the formula
 * is computed over the whole period, which adds flows up; for a stock
 * (the phasing's [property@Kpi.Phasing:measure-type] is
 * %KPI_MEASURE_TYPE_STOCK) the value is the mean of the source periods'
 * values. Asked for a shorter period (a month of a yearly budget, a
 * month-to-date), the value is the sum over the source periods S that
 * overlap the period P of the figure of S spread to P by the
 * [property@Kpi.Benchmark:phasing] ([method@Kpi.Phasing.spread]; for a
 * stock, the mean of the spread figures weighted by the overlap): without
 * a phasing this fails with %KPI_BENCHMARK_ERROR_NEEDS_PHASING, except for
 * the part of a current period compared like for like, which is spread
 * evenly.
 *
 * ## Example
 *
 * ```c
 * const char *targets_csv = "date,indicator,target\n"
 *                           "2025-01-01,revenue,300\n2025-02-01,revenue,250\n2025-03-01,revenue,250\n";
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 * g_autoptr(KpiDataset) targets = kpi_dataset_new ("date");
 * g_autoptr(KpiIndicator) revenue = kpi_indicator_new ("revenue", "sum(amount)", NULL);
 * g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
 * g_autoptr(KpiContext) context = kpi_context_new (calendar);
 * g_autoptr(KpiPeriod) february = kpi_calendar_parse_period (calendar, "2025-02", NULL);
 * g_autoptr(KpiBenchmark) target = NULL;
 * g_autoptr(KpiComparison) comparison = NULL;
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error) ||
 *     !kpi_dataset_load_data (targets, (const guint8 *) targets_csv, strlen (targets_csv), NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_indicator_set_dataset (revenue, orders);
 * target = kpi_table_benchmark_new (KPI_BENCHMARK_KIND_TARGET, targets,
 *                                   "sum(target where indicator = \"revenue\")", &error);
 * if (target == NULL ||
 *     (comparison = kpi_benchmark_compare (target, revenue, context, february, &error)) == NULL)
 *   g_error ("%s", error->message);
 * g_print ("%g against %g: %s\n", kpi_value_get_value (kpi_comparison_get_actual (comparison)),
 *          kpi_value_get_value (kpi_comparison_get_reference (comparison)),
 *          kpi_status_to_string (kpi_comparison_get_status (comparison)));
 * ```
 *
 * ```python
 * targets_csv = """date,indicator,target
 * 2025-01-01,revenue,300
 * 2025-02-01,revenue,250
 * 2025-03-01,revenue,250
 * """
 * orders = Kpi.Dataset.new("date")
 * orders.load_path("orders.csv", None)
 * targets = Kpi.Dataset.new("date")
 * targets.load_data(targets_csv.encode(), None)
 * revenue = Kpi.Indicator.new("revenue", "sum(amount)")
 * revenue.set_dataset(orders)
 * calendar = Kpi.Calendar.new(None, 1)
 * context = Kpi.Context.new(calendar)
 * target = Kpi.TableBenchmark.new(Kpi.BenchmarkKind.TARGET, targets, 'sum(target where indicator = "revenue")')
 * comparison = target.compare(revenue, context, calendar.parse_period("2025-02"))
 * print(f"{comparison.get_actual().get_value():g} against {comparison.get_reference().get_value():g}: "
 *       + Kpi.status_to_string(comparison.get_status()))
 * ```
 *
 * ```js
 * const targetsCsv = `date,indicator,target
 * 2025-01-01,revenue,300
 * 2025-02-01,revenue,250
 * 2025-03-01,revenue,250
 * `;
 * const orders = Kpi.Dataset.new('date');
 * orders.load_path('orders.csv', null);
 * const targets = Kpi.Dataset.new('date');
 * targets.load_data(new TextEncoder().encode(targetsCsv), null);
 * const revenue = Kpi.Indicator.new('revenue', 'sum(amount)');
 * revenue.set_dataset(orders);
 * const calendar = Kpi.Calendar.new(null, 1);
 * const context = Kpi.Context.new(calendar);
 * const target = Kpi.TableBenchmark.new(Kpi.BenchmarkKind.TARGET, targets, 'sum(target where indicator = "revenue")');
 * const comparison = target.compare(revenue, context, calendar.parse_period('2025-02'));
 * print(`${comparison.get_actual().get_value()} against ${comparison.get_reference().get_value()}: ` +
 *       Kpi.status_to_string(comparison.get_status()));
 * ```
 *
 * Since: 0.1
 */

struct _KpiTableBenchmark
{
  KpiBenchmark     parent_instance;

  KpiDataset      *table;
  KpiIndicator    *table_indicator;   /* the formula over the table */
  KpiGranularity   source_granularity;
};

enum {
  PROP_0,
  PROP_TABLE,
  PROP_FORMULA,
  PROP_SOURCE_GRANULARITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KpiTableBenchmark, kpi_table_benchmark, KPI_TYPE_BENCHMARK)

static const char *
granularity_plural (KpiGranularity granularity)
{
  switch (granularity)
    {
    case KPI_GRANULARITY_DAY: return "days";
    case KPI_GRANULARITY_WEEK: return "weeks";
    case KPI_GRANULARITY_MONTH: return "months";
    case KPI_GRANULARITY_QUARTER: return "quarters";
    case KPI_GRANULARITY_YEAR: return "years";
    case KPI_GRANULARITY_FISCAL_QUARTER: return "fiscal quarters";
    case KPI_GRANULARITY_FISCAL_YEAR: return "fiscal years";
    case KPI_GRANULARITY_CUSTOM:
    default: return "periods";
    }
}

static void
kpi_table_benchmark_finalize (GObject *object)
{
  KpiTableBenchmark *self = KPI_TABLE_BENCHMARK (object);

  g_clear_object (&self->table);
  g_clear_object (&self->table_indicator);

  G_OBJECT_CLASS (kpi_table_benchmark_parent_class)->finalize (object);
}

static void
kpi_table_benchmark_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KpiTableBenchmark *self = KPI_TABLE_BENCHMARK (object);

  switch (prop_id)
    {
    case PROP_TABLE:
      g_value_set_object (value, self->table);
      break;
    case PROP_FORMULA:
      g_value_set_string (value, kpi_table_benchmark_get_formula (self));
      break;
    case PROP_SOURCE_GRANULARITY:
      g_value_set_enum (value, self->source_granularity);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_table_benchmark_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  KpiTableBenchmark *self = KPI_TABLE_BENCHMARK (object);

  switch (prop_id)
    {
    case PROP_SOURCE_GRANULARITY:
      kpi_table_benchmark_set_source_granularity (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* @value, flagged with what the table's values warned of: a filter on a
 * value the table never holds (`indicator = "revenu"`) must not pass for
 * a period without a target. Takes @value. */
static KpiValue *
with_warnings (KpiValue  *value,
               GPtrArray *from)
{
  KpiValueFlags flags = kpi_value_get_flags (value);
  KpiValue *flagged;

  for (guint i = 0; i < from->len; i++)
    flags |= kpi_value_get_flags (g_ptr_array_index (from, i)) & KPI_VALUE_FLAG_UNKNOWN_VALUE;
  if (flags == kpi_value_get_flags (value))
    return value;
  flagged = kpi_value_is_missing (value)
    ? kpi_value_new_missing (kpi_value_get_period (value), kpi_value_get_sample_size (value), flags)
    : kpi_value_new (kpi_value_get_period (value), kpi_value_get_value (value),
                     kpi_value_get_sample_size (value), flags);
  for (guint i = 0; i < from->len; i++)
    kpi_value_add_warnings (flagged, kpi_value_get_warnings (g_ptr_array_index (from, i)));
  kpi_value_unref (value);
  return flagged;
}

/* The table's value for @period. @phasing: the phasing to use for source
 * periods longer than @period (NULL: fail); *phased set when it was used.
 * The table's formula is evaluated with @context for its calendar: it
 * reads its own table, no name. */
static KpiValue *
table_value (KpiTableBenchmark  *self,
             KpiContext         *context,
             const KpiPeriod    *period,
             KpiPhasing         *phasing,
             KpiMeasureType      type,
             gboolean           *phased,
             GError            **error)
{
  KpiCalendar *calendar = kpi_context_get_calendar (context);
  gint64 start = kpi_period_get_start (period);
  gint64 end = kpi_period_get_end (period);
  g_autoptr(KpiPeriod) first = NULL;
  g_autoptr(KpiPeriod) last = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  double total = 0, weights = 0;
  guint64 sample = 0;
  KpiValueFlags flags = KPI_VALUE_FLAG_NONE;

  if (end <= start)
    return kpi_value_new_missing (period, 0, KPI_VALUE_FLAG_NO_DATA);

  first = kpi_calendar_period_at (calendar, start, self->source_granularity);
  last = kpi_calendar_period_at (calendar, end - 1, self->source_granularity);
  if (first == NULL || last == NULL)
    {
      g_set_error (error, KPI_BENCHMARK_ERROR, KPI_BENCHMARK_ERROR_OUT_OF_RANGE,
                   "the period %s is outside the years 1 to 9999",
                   kpi_period_get_label (period));
      return NULL;
    }

  if (kpi_period_get_start (first) == start && kpi_period_get_end (last) == end)
    {
      /* Whole source periods: a flow is the formula over the whole period;
       * a stock over several source periods is their mean. */
      if (type == KPI_MEASURE_TYPE_FLOW || kpi_period_equal (first, last))
        {
          g_autoptr(KpiValue) v = kpi_indicator_evaluate (self->table_indicator, context, period, error);
          g_autoptr(GPtrArray) one = NULL;

          if (v == NULL)
            return NULL;
          one = g_ptr_array_new ();
          g_ptr_array_add (one, v);
          /* No row of the table for the period: no target was set, which
           * is not a target of 0 (the formula's empty sum). */
          if (kpi_value_get_sample_size (v) == 0)
            return with_warnings (kpi_value_new_missing (period, 0, KPI_VALUE_FLAG_NO_DATA), one);
          return with_warnings (kpi_value_new (period, kpi_value_get_value (v), kpi_value_get_sample_size (v),
                                               kpi_value_get_flags (v) & ~KPI_VALUE_FLAG_PARTIAL_PERIOD),
                                one);
        }
      values = kpi_indicator_evaluate_series (self->table_indicator, context, first, last, error);
      if (values == NULL)
        return NULL;
      for (guint i = 0; i < values->len; i++)
        {
          KpiValue *v = g_ptr_array_index (values, i);

          sample += kpi_value_get_sample_size (v);
          if (kpi_value_is_missing (v) || kpi_value_get_sample_size (v) == 0)
            continue;
          total += kpi_value_get_value (v);
          weights += 1;
        }
      if (weights == 0)
        return with_warnings (kpi_value_new_missing (period, kpi_sample_size_cap (sample), KPI_VALUE_FLAG_MISSING_INPUT), values);
      return with_warnings (kpi_value_new (period, total / weights, kpi_sample_size_cap (sample), KPI_VALUE_FLAG_NONE), values);
    }

  if (phasing == NULL)
    {
      const char *source = kpi_benchmark_get_source_name (KPI_BENCHMARK (self));

      g_set_error (error, KPI_BENCHMARK_ERROR, KPI_BENCHMARK_ERROR_NEEDS_PHASING,
                   "%s gives figures by %s: the figure for %s needs a phasing "
                   "to spread them",
                   source != NULL ? source : "the table",
                   granularity_plural (self->source_granularity),
                   kpi_period_get_label (period));
      return NULL;
    }

  /* Spread each overlapping source period's figure to the period. */
  *phased = TRUE;
  values = kpi_indicator_evaluate_series (self->table_indicator, context, first, last, error);
  if (values == NULL)
    return NULL;
  sources = kpi_calendar_list_periods (calendar, first, last);
  g_assert (sources->len == values->len);
  for (guint i = 0; i < values->len; i++)
    {
      KpiValue *v = g_ptr_array_index (values, i);
      KpiPeriod *s = g_ptr_array_index (sources, i);
      gint64 s_start = kpi_period_get_start (s), s_end = kpi_period_get_end (s);
      double part;

      sample += kpi_value_get_sample_size (v);
      if (kpi_value_is_missing (v) || kpi_value_get_sample_size (v) == 0)
        {
          flags |= KPI_VALUE_FLAG_MISSING_INPUT;
          continue;
        }
      if (type == KPI_MEASURE_TYPE_FLOW)
        {
          total += kpi_value_get_value (v) *
                   kpi_phasing_share_range (phasing, calendar, s_start, s_end, start, end);
          continue;
        }
      /* A stock: the mean of the spread levels, weighted by the overlap. */
      kpi_phasing_weigh (phasing, calendar, MAX (s_start, start), MIN (s_end, end),
                         NULL, NULL, &part);
      total += part * kpi_phasing_spread_range (phasing, calendar, kpi_value_get_value (v),
                                                s_start, s_end, start, end);
      weights += part;
    }
  if (flags & KPI_VALUE_FLAG_MISSING_INPUT)
    return with_warnings (kpi_value_new_missing (period, kpi_sample_size_cap (sample), flags), values);
  if (type == KPI_MEASURE_TYPE_STOCK)
    {
      if (!(weights > 0))
        return with_warnings (kpi_value_new_missing (period, kpi_sample_size_cap (sample), KPI_VALUE_FLAG_NO_DATA), values);
      total /= weights;
    }
  return with_warnings (kpi_value_new (period, total, kpi_sample_size_cap (sample), flags), values);
}

static KpiValue *
kpi_table_benchmark_evaluate (KpiBenchmark     *benchmark,
                              KpiIndicator     *indicator,
                              KpiContext       *context,
                              const KpiPeriod  *period,
                              GError          **error)
{
  gboolean phased = FALSE;

  return table_value (KPI_TABLE_BENCHMARK (benchmark), context, period,
                      kpi_benchmark_get_phasing (benchmark),
                      kpi_benchmark_measure_type (benchmark, indicator), &phased, error);
}

static KpiValue *
kpi_table_benchmark_evaluate_part (KpiBenchmark     *benchmark,
                                   KpiIndicator     *indicator,
                                   KpiContext       *context,
                                   const KpiPeriod  *period,
                                   const KpiPeriod  *part,
                                   char            **detail,
                                   GError          **error)
{
  KpiTableBenchmark *self = KPI_TABLE_BENCHMARK (benchmark);
  g_autoptr(KpiPhasing) phasing = NULL;
  gboolean partial = kpi_benchmark_is_part (period, part);
  gboolean phased = FALSE;
  KpiValue *value;
  GString *how;

  /* The part of a current period is spread evenly when no phasing says
   * otherwise; a whole period needs the benchmark's own phasing. */
  phasing = partial ? kpi_benchmark_dup_phasing_for (benchmark, indicator)
                    : (kpi_benchmark_get_phasing (benchmark) != NULL
                       ? g_object_ref (kpi_benchmark_get_phasing (benchmark)) : NULL);
  value = table_value (self, context, part, phasing,
                       kpi_benchmark_measure_type (benchmark, indicator), &phased, error);
  if (value == NULL || !phased)
    return value;
  how = g_string_new (NULL);
  if (kpi_benchmark_get_phasing (benchmark) == NULL)
    g_string_append_printf (how, ", phased %s from %s",
                            kpi_phasing_method_words (kpi_phasing_get_method (phasing)),
                            granularity_plural (self->source_granularity));
  if (partial)
    g_string_append_printf (how, ", to %s", kpi_period_get_label (part));
  *detail = g_string_free (how, FALSE);
  return value;
}

static char *
kpi_table_benchmark_describe (KpiBenchmark *benchmark)
{
  KpiTableBenchmark *self = KPI_TABLE_BENCHMARK (benchmark);
  const char *source = kpi_benchmark_get_source_name (benchmark);
  const char *version = kpi_benchmark_get_version (benchmark);
  KpiPhasing *phasing = kpi_benchmark_get_phasing (benchmark);
  GString *s = g_string_new (source != NULL ? source : "table");

  if (version != NULL)
    g_string_append_printf (s, " (version %s)", version);
  g_string_append_printf (s, ", %s", kpi_indicator_get_formula (self->table_indicator));
  if (phasing != NULL)
    g_string_append_printf (s, ", phased %s from %s",
                            kpi_phasing_method_words (kpi_phasing_get_method (phasing)),
                            granularity_plural (self->source_granularity));
  return g_string_free (s, FALSE);
}

static void
kpi_table_benchmark_class_init (KpiTableBenchmarkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KpiBenchmarkClass *benchmark_class = KPI_BENCHMARK_CLASS (klass);

  object_class->finalize = kpi_table_benchmark_finalize;
  object_class->get_property = kpi_table_benchmark_get_property;
  object_class->set_property = kpi_table_benchmark_set_property;
  benchmark_class->evaluate = kpi_table_benchmark_evaluate;
  benchmark_class->evaluate_part = kpi_table_benchmark_evaluate_part;
  benchmark_class->describe = kpi_table_benchmark_describe;

  /**
   * KpiTableBenchmark:table:
   *
   * The table the figures are read from.
   *
   * Since: 0.1
   */
  properties[PROP_TABLE] =
    g_param_spec_object ("table", NULL, NULL, KPI_TYPE_DATASET,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * KpiTableBenchmark:formula:
   *
   * The formula computed over the table for each period.
   *
   * Since: 0.1
   */
  properties[PROP_FORMULA] =
    g_param_spec_string ("formula", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * KpiTableBenchmark:source-granularity:
   *
   * The periods the table gives its figures for: %KPI_GRANULARITY_MONTH
   * for a monthly budget, %KPI_GRANULARITY_YEAR for a yearly one.
   *
   * Since: 0.1
   */
  properties[PROP_SOURCE_GRANULARITY] =
    g_param_spec_enum ("source-granularity", NULL, NULL, KPI_TYPE_GRANULARITY,
                       KPI_GRANULARITY_MONTH,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_table_benchmark_init (KpiTableBenchmark *self)
{
  self->source_granularity = KPI_GRANULARITY_MONTH;
}

/**
 * kpi_table_benchmark_new:
 * @kind: what the reference is (a target, a budget, an external forecast,
 *   a peer figure, a plan)
 * @table: the table the figures are read from
 * @formula: the formula computed over @table for each period, such as
 *   `sum(target where indicator = "revenue")`
 * @error: return location for a #GError
 *
 * Creates a benchmark that reads a table. The formula is checked against
 * the table now: a syntax error or an unknown field fails with
 * %KPI_FORMULA_ERROR, a reference to an indicator with
 * %KPI_BENCHMARK_ERROR_REFERENCE, the previous period and last year (which
 * are computed, not read) with %KPI_BENCHMARK_ERROR_INVALID_KIND.
 *
 * Returns: (transfer full) (nullable): a new benchmark, or %NULL on error
 *
 * Since: 0.1
 */
KpiBenchmark *
kpi_table_benchmark_new (KpiBenchmarkKind   kind,
                         KpiDataset        *table,
                         const char        *formula,
                         GError           **error)
{
  g_autoptr(KpiFormula) parsed = NULL;
  g_auto(GStrv) references = NULL;
  g_autoptr(KpiIndicator) indicator = NULL;
  KpiTableBenchmark *self;

  g_return_val_if_fail (KPI_IS_DATASET (table), NULL);
  g_return_val_if_fail (formula != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (kind == KPI_BENCHMARK_KIND_PREVIOUS_PERIOD || kind == KPI_BENCHMARK_KIND_LAST_YEAR)
    {
      g_set_error (error, KPI_BENCHMARK_ERROR, KPI_BENCHMARK_ERROR_INVALID_KIND,
                   "a table gives targets, budgets, forecasts, peer figures or plans, not the %s "
                   "(an offset benchmark computes that)", kpi_benchmark_kind_name (kind));
      return NULL;
    }
  parsed = kpi_formula_parse (formula, error);
  if (parsed == NULL)
    return NULL;
  references = kpi_formula_list_references (parsed);
  if (references != NULL && references[0] != NULL)
    {
      g_set_error (error, KPI_BENCHMARK_ERROR, KPI_BENCHMARK_ERROR_REFERENCE,
                   "a benchmark table's formula reads only its table, not the "
                   "indicator “@%s”", references[0]);
      return NULL;
    }
  if (!kpi_formula_check (parsed, table, error))
    return NULL;
  indicator = kpi_indicator_new ("benchmark", formula, error);
  if (indicator == NULL)
    return NULL;
  kpi_indicator_set_dataset (indicator, table);

  self = g_object_new (KPI_TYPE_TABLE_BENCHMARK, "kind", kind, NULL);
  self->table = g_object_ref (table);
  self->table_indicator = g_steal_pointer (&indicator);
  return KPI_BENCHMARK (self);
}

/**
 * kpi_table_benchmark_get_table:
 * @self: a table benchmark
 *
 * Gets the table.
 *
 * Returns: (transfer none): the table
 *
 * Since: 0.1
 */
KpiDataset *
kpi_table_benchmark_get_table (KpiTableBenchmark *self)
{
  g_return_val_if_fail (KPI_IS_TABLE_BENCHMARK (self), NULL);
  return self->table;
}

/**
 * kpi_table_benchmark_get_formula:
 * @self: a table benchmark
 *
 * Gets the formula computed over the table.
 *
 * Returns: (nullable): the formula computed over the table
 *
 * Since: 0.1
 */
const char *
kpi_table_benchmark_get_formula (KpiTableBenchmark *self)
{
  g_return_val_if_fail (KPI_IS_TABLE_BENCHMARK (self), NULL);
  return self->table_indicator != NULL ? kpi_indicator_get_formula (self->table_indicator) : NULL;
}

/**
 * kpi_table_benchmark_get_source_granularity:
 * @self: a table benchmark
 *
 * Gets the granularity of the table's rows.
 *
 * Returns: [property@Kpi.TableBenchmark:source-granularity]
 *
 * Since: 0.1
 */
KpiGranularity
kpi_table_benchmark_get_source_granularity (KpiTableBenchmark *self)
{
  g_return_val_if_fail (KPI_IS_TABLE_BENCHMARK (self), KPI_GRANULARITY_MONTH);
  return self->source_granularity;
}

/**
 * kpi_table_benchmark_set_source_granularity:
 * @self: a table benchmark
 * @granularity: the periods the table gives its figures for (not
 *   %KPI_GRANULARITY_CUSTOM)
 *
 * Sets [property@Kpi.TableBenchmark:source-granularity].
 *
 * Since: 0.1
 */
void
kpi_table_benchmark_set_source_granularity (KpiTableBenchmark *self,
                                            KpiGranularity     granularity)
{
  g_return_if_fail (KPI_IS_TABLE_BENCHMARK (self));
  g_return_if_fail (granularity < KPI_GRANULARITY_CUSTOM);

  if (self->source_granularity == granularity)
    return;
  self->source_granularity = granularity;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE_GRANULARITY]);
  kpi_benchmark_notify_provenance (KPI_BENCHMARK (self));
}
