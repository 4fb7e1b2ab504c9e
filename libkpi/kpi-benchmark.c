/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-benchmark.c: a reference an indicator is judged against */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kpi.h"
#include "kpi-phasing-private.h"
#include "kpi-benchmark-private.h"
#include "kpi-calendar-private.h"
#include "kpi-util-private.h"
#include "kpi-formula-private.h"

/**
 * KpiBenchmark:
 *
 * A reference for an indicator: a target, a budget, the previous period,
 * the same period last year, a peer figure... Its values come from
 *
 * - a constant ([ctor@Kpi.Benchmark.new_constant]): the same figure for
 *   every period, such as a conversion-rate target of 0.34;
 * - a table per period ([ctor@Kpi.Benchmark.new_table]): a dataset such as
 *   `budget.csv` (`date,channel,revenue,cost`, one row per month and
 *   channel) and a formula computed over it for the period, such as
 *   `sum(revenue where channel = "online")`;
 * - the indicator itself one period or one year back
 *   ([ctor@Kpi.Benchmark.new_offset]);
 * - a forecast of the indicator from its own history
 *   ([ctor@Kpi.Benchmark.new_forecast]): for each period, a
 *   [class@Kpi.Forecaster] run over the periods before it that are over;
 * - an action plan's curve ([ctor@Kpi.Benchmark.new_plan]): the percent
 *   complete planned at the end of the period, or now in the current one,
 *   for an indicator of actual percent complete.
 *
 * How good an external forecast (a table of kind
 * %KPI_BENCHMARK_KIND_FORECAST) or the model's own forecast has been is
 * measured by [method@Kpi.Benchmark.measure_accuracy].
 *
 * ```c
 * g_autoptr(KpiBenchmark) budget =
 *   kpi_benchmark_new_table (KPI_BENCHMARK_KIND_BUDGET, budget_table,
 *                            "sum(revenue where channel = \"online\")", &error);
 * kpi_benchmark_set_source_name (budget, "budget.csv");
 * kpi_benchmark_set_version (budget, "2025-v3");
 * g_autoptr(KpiComparison) c =
 *   kpi_benchmark_compare (budget, online_revenue, calendar, march, &error);
 * ```
 *
 * ## Tables given by longer periods
 *
 * [property@Kpi.Benchmark:source-granularity] says what periods the
 * table's figures are given for (months by default). Asked for a period
 * made of whole source periods (a quarter of a monthly budget), the formula
 * is computed over the whole period, which adds flows up; for a stock
 * (the phasing's [property@Kpi.Phasing:measure-type] is
 * %KPI_MEASURE_TYPE_STOCK) the value is the mean of the source periods'
 * values. Asked for a shorter period (a month of a yearly budget, a
 * month-to-date), the value is the sum over the source periods S that
 * overlap the period P of the figure of S spread to P by the
 * [property@Kpi.Benchmark:phasing] ([method@Kpi.Phasing.spread]; for a stock,
 * the mean of the spread figures weighted by the overlap): without a
 * phasing this fails with %KPI_BENCHMARK_ERROR_NEEDS_PHASING.
 *
 * ## Comparisons
 *
 * [method@Kpi.Benchmark.compare] computes the indicator and the reference
 * for a period and compares them ([struct@Kpi.Comparison]). Two things are
 * done there:
 *
 * - a period that is not over (it contains the calendar's
 *   [property@Kpi.Calendar:now]) is compared like for like: the actual is
 *   the period to date ([method@Kpi.Calendar.to_date]); an offset
 *   reference is the same stretch of the previous period or of last year
 *   (the month to 14 March against the month to 14 February); a table or
 *   constant reference of a flow is pro-rated by the share of the elapsed
 *   part ([method@Kpi.Phasing.get_share] with the benchmark's phasing, even
 *   phasing when none is set). Levels are not pro-rated: a stock phasing,
 *   or, without a phasing, a rate indicator ([property@Kpi.Indicator:rate]).
 *   The comparison has %KPI_COMPARISON_FLAG_PARTIAL_PERIOD;
 * - when the indicator's [property@Kpi.Indicator:small-base] is not set
 *   (NaN), the minimum base is derived from its history: 10 % of the median
 *   of the absolute values of the indicator over the 12 periods before the
 *   period (same granularity, missing values skipped). With fewer than 3
 *   values there, no small-base test is made.
 *
 * ## Provenance
 *
 * Every comparison says where its reference came from
 * ([method@Kpi.Comparison.get_provenance]): `budget.csv (version 2025-v3),
 * sum(revenue where channel = "online"), phased by working days from
 * years`, `previous period`, `same period last year`, `constant 0.34`; a
 * partial period adds how it was made like for like.
 *
 * Since: 0.1
 */

typedef enum {
  SOURCE_CONSTANT,
  SOURCE_TABLE,
  SOURCE_OFFSET,
  SOURCE_FORECAST,
  SOURCE_PLAN,
} SourceType;

struct _KpiBenchmark
{
  GObject           parent_instance;

  SourceType        source;
  KpiBenchmarkKind  kind;
  double            constant;
  KpiDataset       *table;
  KpiIndicator     *table_indicator;   /* the formula over the table */
  KpiForecaster    *forecaster;        /* SOURCE_FORECAST */
  KpiPlan          *plan;              /* SOURCE_PLAN */
  char             *name;
  char             *source_name;
  char             *version;
  KpiPhasing       *phasing;
  KpiGranularity    source_granularity;
  char             *provenance;
};

enum {
  PROP_0,
  PROP_KIND,
  PROP_NAME,
  PROP_SOURCE_NAME,
  PROP_VERSION,
  PROP_PHASING,
  PROP_SOURCE_GRANULARITY,
  PROP_PROVENANCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KpiBenchmark, kpi_benchmark, G_TYPE_OBJECT)

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

/* "previous period", "same period last year", "target"... */
static const char *
kind_name (KpiBenchmarkKind kind)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (KPI_TYPE_BENCHMARK_KIND);
  GEnumValue *value = g_enum_get_value (klass, kind);

  switch (kind)
    {
    case KPI_BENCHMARK_KIND_PREVIOUS_PERIOD: return "previous period";
    case KPI_BENCHMARK_KIND_LAST_YEAR: return "same period last year";
    default: return value != NULL ? value->value_nick : "unknown kind";
    }
}

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

static const char *
method_words (KpiPhasingMethod method)
{
  switch (method)
    {
    case KPI_PHASING_METHOD_WORKING_DAYS: return "by working days";
    case KPI_PHASING_METHOD_SEASONAL: return "seasonally";
    case KPI_PHASING_METHOD_EVEN:
    default: return "evenly";
    }
}

/* What the values are, without phasing. */
static void
append_source (KpiBenchmark *self,
               GString      *s)
{
  switch (self->source)
    {
    case SOURCE_CONSTANT:
      {
        g_autoptr(KpiValue) v = kpi_value_new (NULL, self->constant, 0, KPI_VALUE_FLAG_NONE);
        g_autofree char *text = kpi_value_format (v, KPI_DECIMALS_SHORTEST);

        g_string_append_printf (s, "constant %s", text);
      }
      break;
    case SOURCE_TABLE:
      g_string_append (s, self->source_name != NULL ? self->source_name : "table");
      if (self->version != NULL)
        g_string_append_printf (s, " (version %s)", self->version);
      g_string_append_printf (s, ", %s", kpi_indicator_get_formula (self->table_indicator));
      break;
    case SOURCE_FORECAST:
      g_string_append (s, "forecast from the indicator's history");
      break;
    case SOURCE_PLAN:
      g_string_append_printf (s, "plan “%s”", kpi_plan_get_name (self->plan) != NULL
                                                ? kpi_plan_get_name (self->plan) : "");
      break;
    case SOURCE_OFFSET:
    default:
      g_string_append (s, self->kind == KPI_BENCHMARK_KIND_LAST_YEAR
                          ? "same period last year" : "previous period");
      break;
    }
}

static void
append_phasing (KpiBenchmark *self,
                GString      *s,
                KpiPhasing   *phasing)
{
  g_string_append_printf (s, ", phased %s from %s",
                          method_words (kpi_phasing_get_method (phasing)),
                          granularity_plural (self->source == SOURCE_TABLE
                                              ? self->source_granularity
                                              : KPI_GRANULARITY_CUSTOM));
}

static void
update_provenance (KpiBenchmark *self)
{
  GString *s = g_string_new (NULL);

  append_source (self, s);
  if (self->phasing != NULL && self->source == SOURCE_TABLE)
    append_phasing (self, s, self->phasing);
  if (g_strcmp0 (s->str, self->provenance) == 0)
    {
      g_string_free (s, TRUE);
      return;
    }
  g_free (self->provenance);
  self->provenance = g_string_free (s, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVENANCE]);
}

static void
kpi_benchmark_finalize (GObject *object)
{
  KpiBenchmark *self = KPI_BENCHMARK (object);

  g_clear_object (&self->table);
  g_clear_object (&self->table_indicator);
  g_clear_object (&self->forecaster);
  g_clear_object (&self->plan);
  g_free (self->name);
  g_free (self->source_name);
  g_free (self->version);
  g_clear_object (&self->phasing);
  g_free (self->provenance);

  G_OBJECT_CLASS (kpi_benchmark_parent_class)->finalize (object);
}

static void
kpi_benchmark_constructed (GObject *object)
{
  G_OBJECT_CLASS (kpi_benchmark_parent_class)->constructed (object);

  /* A benchmark made with g_object_new() is a constant with no value. */
  update_provenance (KPI_BENCHMARK (object));
}

static void
kpi_benchmark_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KpiBenchmark *self = KPI_BENCHMARK (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_SOURCE_NAME:
      g_value_set_string (value, self->source_name);
      break;
    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;
    case PROP_PHASING:
      g_value_set_object (value, self->phasing);
      break;
    case PROP_SOURCE_GRANULARITY:
      g_value_set_enum (value, self->source_granularity);
      break;
    case PROP_PROVENANCE:
      g_value_set_string (value, kpi_benchmark_get_provenance (self));
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

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
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
    case PROP_SOURCE_GRANULARITY:
      kpi_benchmark_set_source_granularity (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_benchmark_class_init (KpiBenchmarkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = kpi_benchmark_constructed;
  object_class->finalize = kpi_benchmark_finalize;
  object_class->get_property = kpi_benchmark_get_property;
  object_class->set_property = kpi_benchmark_set_property;

  /**
   * KpiBenchmark:kind:
   *
   * What the reference is: a target, a budget, the previous period... It
   * is set when the benchmark is made (for an offset benchmark it says
   * which offset).
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
   * Where a table's figures come from (`budget.csv`), for the provenance;
   * `table` when unset.
   *
   * Since: 0.1
   */
  properties[PROP_SOURCE_NAME] = g_param_spec_string ("source-name", NULL, NULL, NULL, rw);
  /**
   * KpiBenchmark:version:
   *
   * The version of the table (`2025-v3`), for the provenance, or %NULL.
   *
   * Since: 0.1
   */
  properties[PROP_VERSION] = g_param_spec_string ("version", NULL, NULL, NULL, rw);
  /**
   * KpiBenchmark:phasing:
   *
   * How a table's figures are spread over periods shorter than
   * [property@Kpi.Benchmark:source-granularity], and whether they are flows
   * or stocks; %NULL for none (flows, and asking a shorter period fails).
   *
   * Since: 0.1
   */
  properties[PROP_PHASING] =
    g_param_spec_object ("phasing", NULL, NULL, KPI_TYPE_PHASING, rw);
  /**
   * KpiBenchmark:source-granularity:
   *
   * The periods a table gives its figures for: %KPI_GRANULARITY_MONTH for
   * a monthly budget, %KPI_GRANULARITY_YEAR for a yearly one.
   *
   * Since: 0.1
   */
  properties[PROP_SOURCE_GRANULARITY] =
    g_param_spec_enum ("source-granularity", NULL, NULL, KPI_TYPE_GRANULARITY,
                       KPI_GRANULARITY_MONTH, rw);
  /**
   * KpiBenchmark:provenance:
   *
   * Where the values come from, in words: `budget.csv (version 2025-v3),
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
  self->source_granularity = KPI_GRANULARITY_MONTH;
  self->constant = NAN;
}

/**
 * kpi_benchmark_new_constant:
 * @kind: what the reference is (usually %KPI_BENCHMARK_KIND_TARGET or
 *   %KPI_BENCHMARK_KIND_PEER)
 * @value: the figure, the same for every period (NaN: no reference)
 *
 * Creates a benchmark of one figure for any period. In a period that is not
 * over, a flow is pro-rated to date (see [class@Kpi.Benchmark]).
 *
 * Returns: (transfer full): a new benchmark
 *
 * Since: 0.1
 */
KpiBenchmark *
kpi_benchmark_new_constant (KpiBenchmarkKind kind,
                            double           value)
{
  KpiBenchmark *self = g_object_new (KPI_TYPE_BENCHMARK, "kind", kind, NULL);

  self->source = SOURCE_CONSTANT;
  self->constant = isfinite (value) ? value : NAN;
  update_provenance (self);
  return self;
}

/**
 * kpi_benchmark_new_table:
 * @kind: what the reference is (usually %KPI_BENCHMARK_KIND_BUDGET or
 *   %KPI_BENCHMARK_KIND_TARGET)
 * @table: the figures, by period: `budget.csv`, `targets.csv`
 * @formula: the formula computed over @table for a period, such as
 *   `sum(revenue where channel = "online")` or
 *   `sum(target where indicator = "revenue")`
 * @error: return location for a #GError
 *
 * Creates a benchmark whose value for a period is @formula computed over
 * the rows of @table in that period. A period without any row in @table
 * has no reference (a missing value with %KPI_VALUE_FLAG_NO_DATA): a
 * target that was not set is not a target of 0. The formula must fit @table now: a
 * syntax error, an unknown column or a reference to another indicator
 * fails with %KPI_FORMULA_ERROR.
 *
 * Returns: (transfer full) (nullable): a new benchmark, or %NULL on error
 *
 * Since: 0.1
 */
KpiBenchmark *
kpi_benchmark_new_table (KpiBenchmarkKind   kind,
                         KpiDataset        *table,
                         const char        *formula,
                         GError           **error)
{
  g_autoptr(KpiFormula) parsed = NULL;
  g_auto(GStrv) references = NULL;
  g_autoptr(KpiIndicator) indicator = NULL;
  KpiBenchmark *self;

  g_return_val_if_fail (KPI_IS_DATASET (table), NULL);
  g_return_val_if_fail (formula != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (kind == KPI_BENCHMARK_KIND_PREVIOUS_PERIOD || kind == KPI_BENCHMARK_KIND_LAST_YEAR)
    {
      g_set_error (error, KPI_BENCHMARK_ERROR, KPI_BENCHMARK_ERROR_INVALID_KIND,
                   "a table gives targets, budgets, forecasts, peer figures or plans, not the %s "
                   "(an offset benchmark computes that)", kind_name (kind));
      return NULL;
    }
  parsed = kpi_formula_parse (formula, error);
  if (parsed == NULL)
    return NULL;
  references = kpi_formula_list_references (parsed);
  if (references != NULL && references[0] != NULL)
    {
      g_set_error (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_UNKNOWN_INDICATOR,
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

  self = g_object_new (KPI_TYPE_BENCHMARK, "kind", kind, NULL);
  self->source = SOURCE_TABLE;
  self->table = g_object_ref (table);
  self->table_indicator = g_steal_pointer (&indicator);
  update_provenance (self);
  return self;
}

/**
 * kpi_benchmark_new_offset:
 * @kind: %KPI_BENCHMARK_KIND_PREVIOUS_PERIOD or
 *   %KPI_BENCHMARK_KIND_LAST_YEAR
 * @error: return location for a #GError
 *
 * Creates a benchmark that is the indicator itself one period back
 * ([method@Kpi.Calendar.previous]) or one year back
 * ([method@Kpi.Calendar.same_period_last_year]: February 2024 against
 * February 2023, and the day 29 February 2024 against 28 February 2023).
 *
 * Returns: (transfer full) (nullable): a new benchmark, or %NULL with
 *   %KPI_BENCHMARK_ERROR_INVALID_KIND for another kind
 *
 * Since: 0.1
 */
KpiBenchmark *
kpi_benchmark_new_offset (KpiBenchmarkKind   kind,
                          GError           **error)
{
  KpiBenchmark *self;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (kind != KPI_BENCHMARK_KIND_PREVIOUS_PERIOD && kind != KPI_BENCHMARK_KIND_LAST_YEAR)
    {
      g_set_error (error, KPI_BENCHMARK_ERROR, KPI_BENCHMARK_ERROR_INVALID_KIND,
                   "an offset benchmark is the previous period or the same period last year, not a %s",
                   kind_name (kind));
      return NULL;
    }

  self = g_object_new (KPI_TYPE_BENCHMARK, "kind", kind, NULL);
  self->source = SOURCE_OFFSET;
  update_provenance (self);
  return self;
}

/**
 * kpi_benchmark_new_forecast:
 * @forecaster: (nullable): how to forecast; %NULL uses a new
 *   [class@Kpi.Forecaster] with its defaults (automatic method, a season of
 *   12 periods, 95 % intervals)
 *
 * Creates a benchmark of kind %KPI_BENCHMARK_KIND_FORECAST whose value for
 * a period is the forecast of the indicator made from the periods before
 * it: up to 36 periods of the same granularity, only those that are over
 * at the calendar's [property@Kpi.Calendar:now] (a period further ahead is
 * forecast that many steps ahead), starting at the first period with rows.
 * The comparison's provenance names the model and its parameters for that
 * period. A period with no history before it (the first of the data) has
 * no reference: a missing value. Set the forecaster's [property@Kpi.Forecaster:season-length] to
 * suit the indicator's granularity (12 for months, 4 for quarters).
 *
 * Returns: (transfer full): a new benchmark
 *
 * Since: 0.1
 */
KpiBenchmark *
kpi_benchmark_new_forecast (KpiForecaster *forecaster)
{
  KpiBenchmark *self;

  g_return_val_if_fail (forecaster == NULL || KPI_IS_FORECASTER (forecaster), NULL);

  self = g_object_new (KPI_TYPE_BENCHMARK, "kind", KPI_BENCHMARK_KIND_FORECAST, NULL);
  self->source = SOURCE_FORECAST;
  self->forecaster = forecaster != NULL ? g_object_ref (forecaster) : kpi_forecaster_new ();
  update_provenance (self);
  return self;
}

/**
 * kpi_benchmark_new_plan:
 * @plan: the action plan, whose milestones give the planned percent
 *   complete by date
 *
 * Creates a benchmark of kind %KPI_BENCHMARK_KIND_PLAN for an indicator of
 * actual percent complete (such as `last(progress)` over a dataset of
 * progress reports): its value for a period is the percent the plan
 * expects at the end of the period, or at the calendar's
 * [property@Kpi.Calendar:now] in the period not over yet
 * ([method@Kpi.Plan.get_planned_percent]). Percent complete is a level,
 * never pro-rated. The schedule variance in days is
 * [method@Kpi.Plan.measure_progress]'s.
 *
 * Returns: (transfer full): a new benchmark
 *
 * Since: 0.1
 */
KpiBenchmark *
kpi_benchmark_new_plan (KpiPlan *plan)
{
  KpiBenchmark *self;

  g_return_val_if_fail (KPI_IS_PLAN (plan), NULL);

  self = g_object_new (KPI_TYPE_BENCHMARK, "kind", KPI_BENCHMARK_KIND_PLAN, NULL);
  self->source = SOURCE_PLAN;
  self->plan = g_object_ref (plan);
  update_provenance (self);
  return self;
}

/**
 * kpi_benchmark_get_kind:
 * @self: a benchmark
 *
 * Returns: what the reference is
 *
 * Since: 0.1
 */
KpiBenchmarkKind
kpi_benchmark_get_kind (KpiBenchmark *self)
{
  g_return_val_if_fail (KPI_IS_BENCHMARK (self), KPI_BENCHMARK_KIND_TARGET);
  return self->kind;
}

static void
set_string (KpiBenchmark  *self,
            char         **field,
            const char    *value,
            guint          prop)
{
  if (!kpi_set_str (field, value))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  update_provenance (self);
}

/**
 * kpi_benchmark_get_name:
 * @self: a benchmark
 *
 * Returns: (nullable): the name people read
 *
 * Since: 0.1
 */
const char *
kpi_benchmark_get_name (KpiBenchmark *self)
{
  g_return_val_if_fail (KPI_IS_BENCHMARK (self), NULL);
  return self->name;
}

/**
 * kpi_benchmark_set_name:
 * @self: a benchmark
 * @name: (nullable): the name people read (`Budget 2025`)
 *
 * Sets [property@Kpi.Benchmark:name].
 *
 * Since: 0.1
 */
void
kpi_benchmark_set_name (KpiBenchmark *self,
                        const char   *name)
{
  g_return_if_fail (KPI_IS_BENCHMARK (self));
  set_string (self, &self->name, name, PROP_NAME);
}

/**
 * kpi_benchmark_get_source_name:
 * @self: a benchmark
 *
 * Returns: (nullable): where a table's figures come from
 *
 * Since: 0.1
 */
const char *
kpi_benchmark_get_source_name (KpiBenchmark *self)
{
  g_return_val_if_fail (KPI_IS_BENCHMARK (self), NULL);
  return self->source_name;
}

/**
 * kpi_benchmark_set_source_name:
 * @self: a benchmark
 * @source_name: (nullable): where the figures come from (`budget.csv`)
 *
 * Sets [property@Kpi.Benchmark:source-name], which the provenance names.
 *
 * Since: 0.1
 */
void
kpi_benchmark_set_source_name (KpiBenchmark *self,
                               const char   *source_name)
{
  g_return_if_fail (KPI_IS_BENCHMARK (self));
  set_string (self, &self->source_name, source_name, PROP_SOURCE_NAME);
}

/**
 * kpi_benchmark_get_version:
 * @self: a benchmark
 *
 * Returns: (nullable): the version of the table
 *
 * Since: 0.1
 */
const char *
kpi_benchmark_get_version (KpiBenchmark *self)
{
  g_return_val_if_fail (KPI_IS_BENCHMARK (self), NULL);
  return self->version;
}

/**
 * kpi_benchmark_set_version:
 * @self: a benchmark
 * @version: (nullable): the version of the table (`2025-v3`)
 *
 * Sets [property@Kpi.Benchmark:version], which the provenance names.
 *
 * Since: 0.1
 */
void
kpi_benchmark_set_version (KpiBenchmark *self,
                           const char   *version)
{
  g_return_if_fail (KPI_IS_BENCHMARK (self));
  set_string (self, &self->version, version, PROP_VERSION);
}

/**
 * kpi_benchmark_get_phasing:
 * @self: a benchmark
 *
 * Returns: (transfer none) (nullable): how figures are spread over
 *   shorter periods
 *
 * Since: 0.1
 */
KpiPhasing *
kpi_benchmark_get_phasing (KpiBenchmark *self)
{
  g_return_val_if_fail (KPI_IS_BENCHMARK (self), NULL);
  return self->phasing;
}

/**
 * kpi_benchmark_set_phasing:
 * @self: a benchmark
 * @phasing: (nullable): how figures are spread over shorter periods
 *
 * Sets [property@Kpi.Benchmark:phasing]. The benchmark keeps a reference:
 * changing the phasing later changes the values.
 *
 * Since: 0.1
 */
void
kpi_benchmark_set_phasing (KpiBenchmark *self,
                           KpiPhasing   *phasing)
{
  g_return_if_fail (KPI_IS_BENCHMARK (self));
  g_return_if_fail (phasing == NULL || KPI_IS_PHASING (phasing));

  if (!g_set_object (&self->phasing, phasing))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASING]);
  update_provenance (self);
}

/**
 * kpi_benchmark_get_source_granularity:
 * @self: a benchmark
 *
 * Returns: the periods a table gives its figures for
 *
 * Since: 0.1
 */
KpiGranularity
kpi_benchmark_get_source_granularity (KpiBenchmark *self)
{
  g_return_val_if_fail (KPI_IS_BENCHMARK (self), KPI_GRANULARITY_MONTH);
  return self->source_granularity;
}

/**
 * kpi_benchmark_set_source_granularity:
 * @self: a benchmark
 * @granularity: the periods a table gives its figures for (not
 *   %KPI_GRANULARITY_CUSTOM)
 *
 * Sets [property@Kpi.Benchmark:source-granularity].
 *
 * Since: 0.1
 */
void
kpi_benchmark_set_source_granularity (KpiBenchmark   *self,
                                      KpiGranularity  granularity)
{
  g_return_if_fail (KPI_IS_BENCHMARK (self));
  g_return_if_fail (granularity < KPI_GRANULARITY_CUSTOM);

  if (self->source_granularity == granularity)
    return;
  self->source_granularity = granularity;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE_GRANULARITY]);
  update_provenance (self);
}

/**
 * kpi_benchmark_get_table:
 * @self: a benchmark
 *
 * Returns: (transfer none) (nullable): the table of a table benchmark
 *
 * Since: 0.1
 */
KpiDataset *
kpi_benchmark_get_table (KpiBenchmark *self)
{
  g_return_val_if_fail (KPI_IS_BENCHMARK (self), NULL);
  return self->table;
}

/**
 * kpi_benchmark_get_formula:
 * @self: a benchmark
 *
 * Returns: (nullable): the formula of a table benchmark
 *
 * Since: 0.1
 */
const char *
kpi_benchmark_get_formula (KpiBenchmark *self)
{
  g_return_val_if_fail (KPI_IS_BENCHMARK (self), NULL);
  return self->table_indicator != NULL ? kpi_indicator_get_formula (self->table_indicator) : NULL;
}

/**
 * kpi_benchmark_get_provenance:
 * @self: a benchmark
 *
 * Where the values come from, in words ([property@Kpi.Benchmark:provenance]).
 *
 * Returns: the provenance
 *
 * Since: 0.1
 */
const char *
kpi_benchmark_get_provenance (KpiBenchmark *self)
{
  g_return_val_if_fail (KPI_IS_BENCHMARK (self), NULL);
  return self->provenance;
}

/* The measure type of the figures: the phasing's; without one, a rate
 * indicator's reference is a level, anything else a flow. */
static KpiMeasureType
measure_type (KpiBenchmark *self,
              KpiIndicator *indicator)
{
  if (self->phasing != NULL)
    return kpi_phasing_get_measure_type (self->phasing);
  return indicator != NULL && kpi_indicator_get_rate (indicator)
    ? KPI_MEASURE_TYPE_STOCK : KPI_MEASURE_TYPE_FLOW;
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
 * periods longer than @period (NULL: fail); *phased set when it was used. */
static KpiValue *
table_value (KpiBenchmark     *self,
             KpiCalendar      *calendar,
             const KpiPeriod  *period,
             KpiPhasing       *phasing,
             KpiMeasureType    type,
             gboolean         *phased,
             GError          **error)
{
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
          g_autoptr(KpiValue) v = kpi_indicator_evaluate (self->table_indicator, calendar,
                                                          period, error);
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
      values = kpi_indicator_evaluate_series (self->table_indicator, calendar, first, last, error);
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
        return with_warnings (kpi_value_new_missing (period, sample, KPI_VALUE_FLAG_MISSING_INPUT), values);
      return with_warnings (kpi_value_new (period, total / weights, sample, KPI_VALUE_FLAG_NONE), values);
    }

  if (phasing == NULL)
    {
      g_set_error (error, KPI_BENCHMARK_ERROR, KPI_BENCHMARK_ERROR_NEEDS_PHASING,
                   "%s gives figures by %s: the figure for %s needs a phasing "
                   "to spread them",
                   self->source_name != NULL ? self->source_name : "the table",
                   granularity_plural (self->source_granularity),
                   kpi_period_get_label (period));
      return NULL;
    }

  /* Spread each overlapping source period's figure to the period. */
  *phased = TRUE;
  values = kpi_indicator_evaluate_series (self->table_indicator, calendar, first, last, error);
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
    return with_warnings (kpi_value_new_missing (period, sample, flags), values);
  if (type == KPI_MEASURE_TYPE_STOCK)
    {
      if (!(weights > 0))
        return with_warnings (kpi_value_new_missing (period, sample, KPI_VALUE_FLAG_NO_DATA), values);
      total /= weights;
    }
  return with_warnings (kpi_value_new (period, total, sample, flags), values);
}

static KpiPeriod *
offset_period (KpiBenchmark    *self,
               KpiCalendar     *calendar,
               const KpiPeriod *period,
               GError         **error)
{
  KpiPeriod *p = self->kind == KPI_BENCHMARK_KIND_LAST_YEAR
    ? kpi_calendar_same_period_last_year (calendar, period)
    : kpi_calendar_previous (calendar, period);

  if (p == NULL)
    g_set_error (error, KPI_BENCHMARK_ERROR, KPI_BENCHMARK_ERROR_OUT_OF_RANGE,
                 "the %s of %s is outside the years 1 to 9999",
                 self->kind == KPI_BENCHMARK_KIND_LAST_YEAR ? "same period last year" : "previous period",
                 kpi_period_get_label (period));
  return p;
}

/* Periods of history a forecast benchmark learns from: three seasons of
 * months. */
#define FORECAST_HISTORY 36

GPtrArray *
kpi_forecast_history (GPtrArray *series,
                      gint64     now,
                      guint     *n_closed)
{
  GPtrArray *history = g_ptr_array_new ();
  guint closed = 0, first_data = 0;

  while (closed < series->len &&
         kpi_period_get_end (kpi_value_get_period (g_ptr_array_index (series, closed))) <= now)
    closed++;
  /* Periods over but after the data (an export that ends in September,
   * read in February) are not known: they are to be forecast. */
  while (closed > 0 &&
         kpi_value_is_missing (g_ptr_array_index (series, closed - 1)) &&
         (kpi_value_get_flags (g_ptr_array_index (series, closed - 1)) & KPI_VALUE_FLAG_NO_DATA))
    closed--;
  while (first_data < closed &&
         kpi_value_get_sample_size (g_ptr_array_index (series, first_data)) == 0)
    first_data++;
  for (guint i = first_data; i < closed; i++)
    g_ptr_array_add (history, g_ptr_array_index (series, i));
  *n_closed = closed;
  return history;
}

/* The forecast of @indicator for @period from the closed periods before
 * it; @description (nullable) receives the model that made it. */
static KpiValue *
forecast_value (KpiBenchmark     *self,
                KpiIndicator     *indicator,
                KpiCalendar      *calendar,
                const KpiPeriod  *period,
                char            **description,
                GError          **error)
{
  g_autoptr(KpiPeriod) first = kpi_calendar_offset (calendar, period, -FORECAST_HISTORY);
  g_autoptr(KpiPeriod) last = kpi_calendar_previous (calendar, period);
  g_autoptr(GPtrArray) series = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(KpiForecast) forecast = NULL;
  g_autoptr(GError) local_error = NULL;
  guint n_closed;

  if (first == NULL || last == NULL)
    {
      g_set_error (error, KPI_BENCHMARK_ERROR, KPI_BENCHMARK_ERROR_OUT_OF_RANGE,
                   "the history of %s is outside the years 1 to 9999",
                   kpi_period_get_label (period));
      return NULL;
    }
  series = kpi_indicator_evaluate_series (indicator, calendar, first, last, error);
  if (series == NULL)
    return NULL;
  history = kpi_forecast_history (series, kpi_calendar_get_present (calendar), &n_closed);

  /* One step ahead of the last period over is the first after it; the
   * period asked is (series->len - n_closed + 1) steps ahead. */
  forecast = kpi_forecaster_forecast_values (self->forecaster, history,
                                             series->len - n_closed + 1, &local_error);
  if (g_error_matches (local_error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_NOT_ENOUGH_DATA))
    {
      /* The first periods of the data have no history to forecast from:
       * no reference, as an offset before the data starts. */
      return kpi_value_new_missing (period, history->len, KPI_VALUE_FLAG_NO_DATA);
    }
  if (forecast == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (description != NULL)
    *description = g_strdup (kpi_forecast_get_description (forecast));
  return kpi_value_new (period,
                        kpi_forecast_get_point (forecast, kpi_forecast_get_horizon (forecast) - 1),
                        history->len, KPI_VALUE_FLAG_NONE);
}

/* The reference for @period; @phasing as for table_value. */
static KpiValue *
evaluate (KpiBenchmark     *self,
          KpiIndicator     *indicator,
          KpiCalendar      *calendar,
          const KpiPeriod  *period,
          KpiPhasing       *phasing,
          gboolean         *phased,
          GError          **error)
{
  switch (self->source)
    {
    case SOURCE_CONSTANT:
      return kpi_value_new (period, self->constant, 0, KPI_VALUE_FLAG_NONE);
    case SOURCE_TABLE:
      return table_value (self, calendar, period, phasing,
                          measure_type (self, indicator), phased, error);
    case SOURCE_FORECAST:
      return forecast_value (self, indicator, calendar, period, NULL, error);
    case SOURCE_PLAN:
      {
        gint64 at = MIN (kpi_period_get_end (period), kpi_calendar_get_present (calendar));

        return kpi_value_new (period, kpi_plan_get_planned_percent (self->plan, at),
                              0, KPI_VALUE_FLAG_NONE);
      }
    case SOURCE_OFFSET:
    default:
      {
        g_autoptr(KpiPeriod) back = offset_period (self, calendar, period, error);

        if (back == NULL)
          return NULL;
        return kpi_indicator_evaluate (indicator, calendar, back, error);
      }
    }
}

/**
 * kpi_benchmark_evaluate:
 * @self: a benchmark
 * @indicator: the indicator the reference is for (offset benchmarks
 *   compute it; others read whether it is a rate)
 * @calendar: the calendar of @period
 * @period: a period
 * @error: return location for a #GError
 *
 * Computes the reference for @period: the constant, the table's formula
 * for @period (spread by the phasing from longer source periods), or the
 * indicator one period or one year back (the value is then that of the
 * earlier period). A period that is not over gets the reference of the
 * whole period here: [method@Kpi.Benchmark.compare] is what compares it
 * like for like.
 *
 * Returns: (transfer full) (nullable): the reference, missing when it is
 *   not known, or %NULL on error: a formula that does not fit the table
 *   (%KPI_FORMULA_ERROR), a shorter period than the table's without a
 *   phasing (%KPI_BENCHMARK_ERROR_NEEDS_PHASING)
 *
 * Since: 0.1
 */
KpiValue *
kpi_benchmark_evaluate (KpiBenchmark     *self,
                        KpiIndicator     *indicator,
                        KpiCalendar      *calendar,
                        const KpiPeriod  *period,
                        GError          **error)
{
  gboolean phased = FALSE;

  g_return_val_if_fail (KPI_IS_BENCHMARK (self), NULL);
  g_return_val_if_fail (KPI_IS_INDICATOR (indicator), NULL);
  g_return_val_if_fail (KPI_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (period != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return evaluate (self, indicator, calendar, period, self->phasing, &phased, error);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* 10 % of the median |value| of the indicator over the 12 periods before
 * @period; 0 (no test) with fewer than 3 values or for a custom period. */
static gboolean
derive_min_base (KpiIndicator     *indicator,
                 KpiCalendar      *calendar,
                 const KpiPeriod  *period,
                 double           *min_base,
                 GError          **error)
{
  g_autoptr(KpiPeriod) first = NULL;
  g_autoptr(KpiPeriod) last = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GArray) numbers = NULL;
  double median;

  *min_base = 0;
  if (kpi_period_get_granularity (period) == KPI_GRANULARITY_CUSTOM)
    return TRUE;
  first = kpi_calendar_offset (calendar, period, -12);
  last = kpi_calendar_offset (calendar, period, -1);
  if (first == NULL || last == NULL)
    return TRUE;
  values = kpi_indicator_evaluate_series (indicator, calendar, first, last, error);
  if (values == NULL)
    return FALSE;
  numbers = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < values->len; i++)
    {
      double x;

      if (kpi_value_get_number (g_ptr_array_index (values, i), &x))
        {
          x = fabs (x);
          g_array_append_val (numbers, x);
        }
    }
  if (numbers->len < 3)
    return TRUE;
  g_array_sort (numbers, compare_doubles);
  if (numbers->len % 2 == 1)
    median = g_array_index (numbers, double, numbers->len / 2);
  else
    median = (g_array_index (numbers, double, numbers->len / 2 - 1) +
              g_array_index (numbers, double, numbers->len / 2)) / 2;
  *min_base = 0.1 * median;
  return TRUE;
}

/**
 * kpi_benchmark_compare:
 * @self: a benchmark
 * @indicator: the indicator to judge
 * @calendar: the calendar of @period
 * @period: a period
 * @error: return location for a #GError
 *
 * Computes @indicator for @period and compares it with the reference
 * ([struct@Kpi.Comparison], whose provenance says where the reference came
 * from). A period that is not over is compared like for like, and the
 * small-base minimum is derived from the indicator's history when the
 * indicator has none: see [class@Kpi.Benchmark].
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
                       KpiCalendar      *calendar,
                       const KpiPeriod  *period,
                       GError          **error)
{
  g_autoptr(KpiPeriod) elapsed = NULL;
  g_autoptr(KpiValue) actual = NULL;
  g_autoptr(KpiValue) reference = NULL;
  g_autoptr(KpiPhasing) even = NULL;
  KpiComparison *comparison;
  const KpiPeriod *asked = period;
  KpiPhasing *phasing = self->phasing;
  g_autofree char *model = NULL;
  KpiMeasureType type;
  gboolean partial, phased = FALSE;
  double min_base = -1;
  GString *provenance;

  g_return_val_if_fail (KPI_IS_BENCHMARK (self), NULL);
  g_return_val_if_fail (KPI_IS_INDICATOR (indicator), NULL);
  g_return_val_if_fail (KPI_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (period != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  type = measure_type (self, indicator);
  partial = kpi_period_is_partial (period);
  if (partial && kpi_period_get_granularity (period) != KPI_GRANULARITY_CUSTOM)
    {
      /* The current period: up to now, against the same stretch. */
      gint64 now = kpi_calendar_get_present (calendar);

      elapsed = kpi_calendar_to_date (calendar, kpi_period_get_granularity (period), now);
      if (elapsed != NULL)
        asked = elapsed;
    }

  actual = kpi_indicator_evaluate (indicator, calendar, asked, error);
  if (actual == NULL)
    return NULL;

  if (partial && phasing == NULL)
    {
      /* Pro-rate by elapsed days when no phasing says otherwise. */
      even = kpi_phasing_new (KPI_PHASING_METHOD_EVEN);
      kpi_phasing_set_measure_type (even, type);
      phasing = even;
    }

  if (self->source == SOURCE_FORECAST || (partial && self->source == SOURCE_CONSTANT))
    {
      /* A figure for the whole period (a constant, a forecast): in the
       * current period a flow is pro-rated to date. */
      g_autoptr(KpiValue) whole = self->source == SOURCE_FORECAST
        ? forecast_value (self, indicator, calendar, period, &model, error)
        : kpi_value_new (period, self->constant, 0, KPI_VALUE_FLAG_NONE);
      double value;

      if (whole == NULL)
        return NULL;
      value = kpi_value_get_value (whole);
      if (!kpi_value_is_missing (whole) && partial && type == KPI_MEASURE_TYPE_FLOW)
        {
          value *= kpi_phasing_share_range (phasing, calendar,
                                            kpi_period_get_start (period),
                                            kpi_period_get_end (period),
                                            kpi_period_get_start (asked),
                                            kpi_period_get_end (asked));
          phased = TRUE;
        }
      if (kpi_value_is_missing (whole))
        reference = kpi_value_new_missing (asked, 0, kpi_value_get_flags (whole));
      else
        reference = kpi_value_new (asked, value, kpi_value_get_sample_size (whole),
                                   KPI_VALUE_FLAG_NONE);
    }
  else
    {
      reference = evaluate (self, indicator, calendar, asked, phasing, &phased, error);
      if (reference == NULL)
        return NULL;
    }

  if (isnan (kpi_indicator_get_small_base (indicator)) &&
      !derive_min_base (indicator, calendar, period, &min_base, error))
    return NULL;

  comparison = kpi_comparison_new (indicator, actual, reference, self->kind, min_base);

  provenance = g_string_new (NULL);
  if (model != NULL)
    g_string_append_printf (provenance, "forecast by %s", model);
  else
    append_source (self, provenance);
  if (self->source == SOURCE_TABLE && phased)
    append_phasing (self, provenance, phasing);
  if (partial && self->source == SOURCE_OFFSET)
    {
      const KpiPeriod *p = kpi_value_get_period (reference);

      g_string_append_printf (provenance, ", like for like: %s",
                              kpi_period_get_label (p != NULL ? p : asked));
    }
  else if (partial && (self->source == SOURCE_CONSTANT || self->source == SOURCE_FORECAST) && phased)
    g_string_append_printf (provenance, ", pro-rated %s to %s",
                            method_words (kpi_phasing_get_method (phasing)),
                            kpi_period_get_label (asked));
  else if (partial && phased)
    g_string_append_printf (provenance, ", to %s", kpi_period_get_label (asked));
  kpi_comparison_set_provenance (comparison, provenance->str);
  g_string_free (provenance, TRUE);
  return comparison;
}

/**
 * kpi_benchmark_compare_series:
 * @self: a benchmark
 * @indicator: the indicator to judge
 * @calendar: the calendar of the periods
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
                              KpiCalendar      *calendar,
                              const KpiPeriod  *first,
                              const KpiPeriod  *last,
                              GError          **error)
{
  g_autoptr(GPtrArray) periods = NULL;
  g_autoptr(GPtrArray) result = NULL;

  g_return_val_if_fail (KPI_IS_BENCHMARK (self), NULL);
  g_return_val_if_fail (KPI_IS_INDICATOR (indicator), NULL);
  g_return_val_if_fail (KPI_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (first != NULL && last != NULL, NULL);
  g_return_val_if_fail (kpi_period_get_granularity (first) == kpi_period_get_granularity (last), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  periods = kpi_calendar_list_periods (calendar, first, last);
  result = g_ptr_array_new_full (periods->len, (GDestroyNotify) kpi_comparison_unref);
  for (guint i = 0; i < periods->len; i++)
    {
      KpiComparison *c = kpi_benchmark_compare (self, indicator, calendar,
                                                g_ptr_array_index (periods, i), error);
      if (c == NULL)
        return NULL;
      g_ptr_array_add (result, c);
    }
  return g_steal_pointer (&result);
}

/**
 * kpi_benchmark_measure_accuracy:
 * @self: a benchmark, usually of kind %KPI_BENCHMARK_KIND_FORECAST (an
 *   external forecast given as a table, or [ctor@Kpi.Benchmark.new_forecast])
 * @indicator: the indicator that was forecast
 * @calendar: the calendar of the periods
 * @first: the first period
 * @last: the last period, of the same granularity as @first
 * @error: return location for a #GError
 *
 * Measures how good the benchmark has been as a forecast of @indicator over
 * the periods from @first to @last that are over (a period not over yet
 * has no actual to judge it by): MAPE (or sMAPE when actuals come near
 * zero), bias and tracking signal ([struct@Kpi.ForecastAccuracy]: a
 * tracking signal beyond ±4 says the forecast is systematically under or
 * over the actuals). Periods where the actual or the forecast is missing
 * are left out.
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
                                KpiCalendar      *calendar,
                                const KpiPeriod  *first,
                                const KpiPeriod  *last,
                                GError          **error)
{
  g_autoptr(GPtrArray) periods = NULL;
  g_autoptr(GArray) actuals = NULL;
  g_autoptr(GArray) forecasts = NULL;
  gint64 now;

  g_return_val_if_fail (KPI_IS_BENCHMARK (self), NULL);
  g_return_val_if_fail (KPI_IS_INDICATOR (indicator), NULL);
  g_return_val_if_fail (KPI_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (first != NULL && last != NULL, NULL);
  g_return_val_if_fail (kpi_period_get_granularity (first) == kpi_period_get_granularity (last), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

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
      actual = kpi_indicator_evaluate (indicator, calendar, p, error);
      if (actual == NULL)
        return NULL;
      forecast = kpi_benchmark_evaluate (self, indicator, calendar, p, error);
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
