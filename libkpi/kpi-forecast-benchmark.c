/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-forecast-benchmark.c: a forecast of the indicator from its history */

#include "config.h"

#include "kpi.h"
#include "kpi-benchmark-private.h"
#include "kpi-calendar-private.h"

/**
 * KpiForecastBenchmark:
 *
 * A reference that is a forecast of the indicator from its own history:
 * for each period, a [class@Kpi.Forecaster] run over the periods before it
 * that are over and have data (at most [const@Kpi.FORECAST_BENCHMARK_HISTORY]
 * of them). The first periods of the data, with too little history, have
 * no reference. The comparison's provenance names the model
 * ("forecast by Holt linear trend (α=0.31, β=0.05) on 21 periods").
 *
 * ## Example
 *
 * ```c
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 * g_autoptr(KpiIndicator) revenue = kpi_indicator_new ("revenue", "sum(amount)", NULL);
 * g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
 * g_autoptr(KpiContext) context = kpi_context_new (calendar);
 * g_autoptr(KpiPeriod) march = kpi_calendar_parse_period (calendar, "2025-03", NULL);
 * g_autoptr(KpiForecaster) naive = kpi_forecaster_new ();
 * g_autoptr(KpiBenchmark) forecast = NULL;
 * g_autoptr(KpiComparison) comparison = NULL;
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_indicator_set_dataset (revenue, orders);
 * kpi_forecaster_set_method (naive, KPI_FORECAST_METHOD_NAIVE); // two months are too few for more
 * forecast = kpi_forecast_benchmark_new (naive);
 * comparison = kpi_benchmark_compare (forecast, revenue, context, march, &error);
 * if (comparison == NULL)
 *   g_error ("%s", error->message);
 * g_print ("%g against %g (%s)\n", kpi_value_get_value (kpi_comparison_get_actual (comparison)),
 *          kpi_value_get_value (kpi_comparison_get_reference (comparison)),
 *          kpi_comparison_get_provenance (comparison));
 * ```
 *
 * ```python
 * orders = Kpi.Dataset.new("date")
 * orders.load_path("orders.csv", None)
 * revenue = Kpi.Indicator.new("revenue", "sum(amount)")
 * revenue.set_dataset(orders)
 * calendar = Kpi.Calendar.new(None, 1)
 * context = Kpi.Context.new(calendar)
 * naive = Kpi.Forecaster.new()
 * naive.set_method(Kpi.ForecastMethod.NAIVE)  # two months are too few for more
 * forecast = Kpi.ForecastBenchmark.new(naive)
 * comparison = forecast.compare(revenue, context, calendar.parse_period("2025-03"))
 * print(f"{comparison.get_actual().get_value():g} against {comparison.get_reference().get_value():g}"
 *       f" ({comparison.get_provenance()})")
 * ```
 *
 * ```js
 * const orders = Kpi.Dataset.new('date');
 * orders.load_path('orders.csv', null);
 * const revenue = Kpi.Indicator.new('revenue', 'sum(amount)');
 * revenue.set_dataset(orders);
 * const calendar = Kpi.Calendar.new(null, 1);
 * const context = Kpi.Context.new(calendar);
 * const naive = Kpi.Forecaster.new();
 * naive.set_method(Kpi.ForecastMethod.NAIVE); // two months are too few for more
 * const forecast = Kpi.ForecastBenchmark.new(naive);
 * const comparison = forecast.compare(revenue, context, calendar.parse_period('2025-03'));
 * print(`${comparison.get_actual().get_value()} against ${comparison.get_reference().get_value()}` +
 *       ` (${comparison.get_provenance()})`);
 * ```
 *
 * Since: 0.1
 */


struct _KpiForecastBenchmark
{
  KpiBenchmark   parent_instance;

  KpiForecaster *forecaster;
};

enum {
  PROP_0,
  PROP_FORECASTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KpiForecastBenchmark, kpi_forecast_benchmark, KPI_TYPE_BENCHMARK)

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

static void
kpi_forecast_benchmark_finalize (GObject *object)
{
  g_clear_object (&KPI_FORECAST_BENCHMARK (object)->forecaster);

  G_OBJECT_CLASS (kpi_forecast_benchmark_parent_class)->finalize (object);
}

static void
kpi_forecast_benchmark_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_FORECASTER:
      g_value_set_object (value, KPI_FORECAST_BENCHMARK (object)->forecaster);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_forecast_benchmark_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  KpiForecastBenchmark *self = KPI_FORECAST_BENCHMARK (object);

  switch (prop_id)
    {
    case PROP_FORECASTER:
      g_set_object (&self->forecaster, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_forecast_benchmark_constructed (GObject *object)
{
  KpiForecastBenchmark *self = KPI_FORECAST_BENCHMARK (object);

  G_OBJECT_CLASS (kpi_forecast_benchmark_parent_class)->constructed (object);
  if (self->forecaster == NULL)
    self->forecaster = kpi_forecaster_new ();
}

/* The forecast of @indicator for @period from the closed periods before
 * it; @model (nullable) receives the model that made it. */
static KpiValue *
forecast_value (KpiForecastBenchmark  *self,
                KpiIndicator          *indicator,
                KpiContext            *context,
                const KpiPeriod       *period,
                char                 **model,
                GError               **error)
{
  KpiCalendar *calendar = kpi_context_get_calendar (context);
  g_autoptr(KpiPeriod) first = kpi_calendar_offset (calendar, period, -KPI_FORECAST_BENCHMARK_HISTORY);
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
  series = kpi_indicator_evaluate_series (indicator, context, first, last, error);
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
  if (model != NULL)
    *model = g_strdup (kpi_forecast_get_description (forecast));
  return kpi_value_new (period,
                        kpi_forecast_get_point (forecast, kpi_forecast_get_horizon (forecast) - 1),
                        history->len, KPI_VALUE_FLAG_NONE);
}

static KpiValue *
kpi_forecast_benchmark_evaluate (KpiBenchmark     *self,
                                 KpiIndicator     *indicator,
                                 KpiContext       *context,
                                 const KpiPeriod  *period,
                                 GError          **error)
{
  return forecast_value (KPI_FORECAST_BENCHMARK (self), indicator, context, period, NULL, error);
}

static KpiValue *
kpi_forecast_benchmark_evaluate_part (KpiBenchmark     *self,
                                      KpiIndicator     *indicator,
                                      KpiContext       *context,
                                      const KpiPeriod  *period,
                                      const KpiPeriod  *part,
                                      char            **detail,
                                      GError          **error)
{
  g_autofree char *model = NULL;
  g_autofree char *pro_rated = NULL;
  g_autoptr(KpiValue) whole = forecast_value (KPI_FORECAST_BENCHMARK (self), indicator, context,
                                              period, &model, error);
  KpiValue *value;

  if (whole == NULL)
    return NULL;
  /* A forecast is of the whole period: a flow is pro-rated to date. */
  value = kpi_benchmark_is_part (period, part)
    ? kpi_benchmark_pro_rate (self, indicator, context, whole, period, part, &pro_rated)
    : kpi_value_ref (whole);
  if (model != NULL)
    *detail = g_strconcat (" by ", model, pro_rated, NULL);
  else
    *detail = g_steal_pointer (&pro_rated);
  return value;
}

static char *
kpi_forecast_benchmark_describe (KpiBenchmark *self G_GNUC_UNUSED)
{
  return g_strdup ("forecast");
}

static void
kpi_forecast_benchmark_class_init (KpiForecastBenchmarkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KpiBenchmarkClass *benchmark_class = KPI_BENCHMARK_CLASS (klass);

  object_class->finalize = kpi_forecast_benchmark_finalize;
  object_class->get_property = kpi_forecast_benchmark_get_property;
  object_class->set_property = kpi_forecast_benchmark_set_property;
  object_class->constructed = kpi_forecast_benchmark_constructed;
  benchmark_class->evaluate = kpi_forecast_benchmark_evaluate;
  benchmark_class->evaluate_part = kpi_forecast_benchmark_evaluate_part;
  benchmark_class->describe = kpi_forecast_benchmark_describe;

  /**
   * KpiForecastBenchmark:forecaster:
   *
   * The forecaster run over the history of each period.
   *
   * Since: 0.1
   */
  properties[PROP_FORECASTER] =
    g_param_spec_object ("forecaster", NULL, NULL, KPI_TYPE_FORECASTER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_forecast_benchmark_init (KpiForecastBenchmark *self G_GNUC_UNUSED)
{
}

/**
 * kpi_forecast_benchmark_new:
 * @forecaster: (nullable): how to forecast, or %NULL for a forecaster with
 *   the automatic choice of method
 *
 * Creates a benchmark that forecasts the indicator from its own history,
 * of kind %KPI_BENCHMARK_KIND_FORECAST. How good it has been is measured by
 * [method@Kpi.Benchmark.measure_accuracy].
 *
 * Returns: (transfer full): a new benchmark
 *
 * Since: 0.1
 */
KpiBenchmark *
kpi_forecast_benchmark_new (KpiForecaster *forecaster)
{
  g_return_val_if_fail (forecaster == NULL || KPI_IS_FORECASTER (forecaster), NULL);

  return g_object_new (KPI_TYPE_FORECAST_BENCHMARK, "kind", KPI_BENCHMARK_KIND_FORECAST,
                       "forecaster", forecaster, NULL);
}

/**
 * kpi_forecast_benchmark_get_forecaster:
 * @self: a forecast benchmark
 *
 * Gets the forecaster.
 *
 * Returns: (transfer none): the forecaster
 *
 * Since: 0.1
 */
KpiForecaster *
kpi_forecast_benchmark_get_forecaster (KpiForecastBenchmark *self)
{
  g_return_val_if_fail (KPI_IS_FORECAST_BENCHMARK (self), NULL);
  return self->forecaster;
}
