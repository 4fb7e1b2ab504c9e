/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-landing.c: where the year will land, against its budget */

#include "config.h"

#include <math.h>

#include "kpi-landing.h"
#include "kpi-formula-ast-private.h"
#include "kpi-benchmark-private.h"
#include "kpi-calendar-private.h"

/**
 * KpiLanding:
 *
 * The year-end landing of a budget dashboard: what the year will add up to
 * if the months still to come follow the forecast, set against the
 * full-year budget.
 *
 * The landing is the sum of the months already closed (their actual
 * values) and the forecast of the months still open, the current one
 * included: a month that has started is forecast whole rather than counted
 * half done. The forecast comes from a [class@Kpi.Forecaster] run over
 * the monthly history of the indicator up to the last closed month
 * (Holt–Winters with a yearly season once two years of history exist).
 * The prediction interval of the landing adds the bounds of the months
 * forecast: the errors of consecutive months of one series move together
 * far more often than they cancel, so the sum of the bounds is the prudent
 * reading (it is wider than an interval that assumed independent months).
 *
 * Only an additive indicator (a sum or a count, or a sum of them) can be
 * completed that way: the margin rate of a year is not the sum of the
 * monthly rates, and customers active in the year are not the sum of the
 * monthly active customers. [func@Kpi.Landing.compute] refuses the others
 * with %KPI_LANDING_ERROR_NOT_ADDITIVE.
 *
 * Since: 0.1
 */

struct _KpiLanding
{
  gatomicrefcount  ref_count;
  KpiPeriod       *period;
  guint            n_closed;
  guint            n_forecast;
  double           actual_to_date;
  double           forecast_remaining;
  double           value;
  double           lower;
  double           upper;
  double           budget;
  KpiForecast     *forecast;     /* nullable */
  KpiComparison   *comparison;   /* nullable */
};

G_DEFINE_BOXED_TYPE (KpiLanding, kpi_landing, kpi_landing_ref, kpi_landing_unref)

G_DEFINE_QUARK (kpi-landing-error-quark, kpi_landing_error)

/* Months of history handed to the forecaster: three yearly seasons. */
#define HISTORY_MONTHS 36

/* Whether the value of @node over a period is the sum of its values over
 * the months making up the period. References to other indicators are not
 * followed, so they count as not additive. */
static gboolean
node_is_additive (const KpiNode *node)
{
  switch (node->kind)
    {
    case KPI_NODE_AGGREGATE:
      return node->agg == KPI_AGG_SUM || node->agg == KPI_AGG_COUNT;
    case KPI_NODE_NEG:
      return node_is_additive (node->a);
    case KPI_NODE_ADD:
    case KPI_NODE_SUB:
      return node_is_additive (node->a) && node_is_additive (node->b);
    case KPI_NODE_MUL:
      return (node->a->kind == KPI_NODE_NUMBER && node_is_additive (node->b)) ||
             (node->b->kind == KPI_NODE_NUMBER && node_is_additive (node->a));
    case KPI_NODE_DIV:
      return node->b->kind == KPI_NODE_NUMBER && node_is_additive (node->a);
    default:
      return FALSE;
    }
}

static KpiLanding *
landing_alloc (const KpiPeriod *period)
{
  KpiLanding *self = g_new0 (KpiLanding, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->period = kpi_period_copy (period);
  self->budget = NAN;
  return self;
}

/**
 * kpi_landing_compute:
 * @indicator: an additive indicator (a sum or a count)
 * @calendar: the calendar, whose [property@Kpi.Calendar:now] says which
 *   months are closed
 * @year: a year or fiscal year
 * @budget: (nullable): the full-year budget (or target) to land against
 * @forecaster: (nullable): how to forecast the open months; %NULL uses a
 *   new [class@Kpi.Forecaster] with its defaults (automatic method, yearly
 *   season of 12 months, 95 % interval)
 * @error: return location for a #GError
 *
 * Computes where @year will land: the actual value of its closed months
 * plus the forecast of its open months, with a prediction interval, and,
 * when @budget is given, the comparison of that landing with the budget of
 * the whole year (a [struct@Kpi.Comparison] of kind
 * %KPI_BENCHMARK_KIND_BUDGET whose provenance says how many months are
 * actual and which model forecast the rest).
 *
 * A year that is over has no open month and lands on its actual value; a
 * year that has not started is forecast whole.
 *
 * Returns: (transfer full): the landing, or %NULL with @error set: the
 *   indicator is not additive (%KPI_LANDING_ERROR_NOT_ADDITIVE), @year is
 *   not a year (%KPI_LANDING_ERROR_INVALID_PERIOD), the history is too
 *   short to forecast (%KPI_FORECAST_ERROR), or an evaluation failed
 *
 * Since: 0.1
 */
KpiLanding *
kpi_landing_compute (KpiIndicator     *indicator,
                     KpiCalendar      *calendar,
                     const KpiPeriod  *year,
                     KpiBenchmark     *budget,
                     KpiForecaster    *forecaster,
                     GError          **error)
{
  g_autoptr(KpiLanding) self = NULL;
  g_autoptr(KpiFormula) formula = NULL;
  g_autoptr(KpiPeriod) first_month = NULL;
  g_autoptr(KpiPeriod) last_month = NULL;
  g_autoptr(KpiPeriod) history_start = NULL;
  g_autoptr(GPtrArray) series = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(KpiForecaster) own_forecaster = NULL;
  g_autoptr(KpiValue) landing_value = NULL;
  g_autoptr(GString) provenance = NULL;
  KpiGranularity granularity;
  gint64 now;
  guint n_months, n_history_months;
  guint64 sample_size = 0;
  gboolean actual_missing = FALSE;

  g_return_val_if_fail (KPI_IS_INDICATOR (indicator), NULL);
  g_return_val_if_fail (KPI_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (year != NULL, NULL);
  g_return_val_if_fail (budget == NULL || KPI_IS_BENCHMARK (budget), NULL);
  g_return_val_if_fail (forecaster == NULL || KPI_IS_FORECASTER (forecaster), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  granularity = kpi_period_get_granularity (year);
  if (granularity != KPI_GRANULARITY_YEAR && granularity != KPI_GRANULARITY_FISCAL_YEAR)
    {
      g_set_error (error, KPI_LANDING_ERROR, KPI_LANDING_ERROR_INVALID_PERIOD,
                   "cannot compute the landing of “%s”: expected a year or a fiscal year",
                   kpi_period_get_label (year));
      return NULL;
    }

  formula = kpi_formula_parse (kpi_indicator_get_formula (indicator), error);
  if (formula == NULL)
    return NULL;
  if (!node_is_additive (formula->root))
    {
      g_set_error (error, KPI_LANDING_ERROR, KPI_LANDING_ERROR_NOT_ADDITIVE,
                   "indicator “%s” (%s) is not the sum of its months: a year-end "
                   "landing needs a sum or a count",
                   kpi_indicator_get_id (indicator), kpi_indicator_get_formula (indicator));
      return NULL;
    }

  self = landing_alloc (year);
  now = kpi_calendar_get_present (calendar);

  first_month = kpi_calendar_period_at (calendar, kpi_period_get_start (year),
                                        KPI_GRANULARITY_MONTH);
  last_month = kpi_calendar_period_at (calendar, kpi_period_get_end (year) - 1,
                                       KPI_GRANULARITY_MONTH);
  history_start = kpi_calendar_offset (calendar, first_month, -HISTORY_MONTHS);
  if (history_start == NULL)
    {
      g_set_error (error, KPI_LANDING_ERROR, KPI_LANDING_ERROR_INVALID_PERIOD,
                   "cannot compute the landing of “%s”: its history would start "
                   "before the year 1", kpi_period_get_label (year));
      return NULL;
    }
  series = kpi_indicator_evaluate_series (indicator, calendar, history_start,
                                          last_month, error);
  if (series == NULL)
    return NULL;
  g_assert (series->len > HISTORY_MONTHS);
  n_months = series->len - HISTORY_MONTHS;

  /* Closed months form a prefix of the series: the history the forecast
   * learns from. The year's closed months are counted at their actual
   * value; every open month up to the end of the year is forecast (months
   * between the last closed one and the year, for a year not started yet,
   * are forecast too but belong to no landing). */
  history = kpi_forecast_history (series, now, &n_history_months);
  for (guint i = HISTORY_MONTHS; i < n_history_months; i++)
    {
      KpiValue *v = g_ptr_array_index (series, i);
      double x;

      self->n_closed++;
      sample_size += kpi_value_get_sample_size (v);
      if (kpi_value_get_number (v, &x))
        self->actual_to_date += x;
      else
        actual_missing = TRUE;
    }
  self->n_forecast = n_months - self->n_closed;

  if (self->n_forecast > 0)
    {
      guint horizon = series->len - n_history_months;

      if (forecaster == NULL)
        forecaster = own_forecaster = kpi_forecaster_new ();
      self->forecast = kpi_forecaster_forecast_values (forecaster, history, horizon, error);
      if (self->forecast == NULL)
        return NULL;
      for (guint h = horizon - self->n_forecast; h < horizon; h++)
        {
          self->forecast_remaining += kpi_forecast_get_point (self->forecast, h);
          self->lower += kpi_forecast_get_lower (self->forecast, h);
          self->upper += kpi_forecast_get_upper (self->forecast, h);
        }
    }

  if (actual_missing)
    {
      self->value = self->lower = self->upper = NAN;
      landing_value = kpi_value_new_missing (year, sample_size, KPI_VALUE_FLAG_MISSING_INPUT);
    }
  else
    {
      self->value = self->actual_to_date + self->forecast_remaining;
      self->lower += self->actual_to_date;
      self->upper += self->actual_to_date;
      landing_value = kpi_value_new (year, self->value, sample_size, KPI_VALUE_FLAG_NONE);
    }

  if (budget != NULL)
    {
      g_autoptr(KpiValue) reference = kpi_benchmark_evaluate (budget, indicator, calendar,
                                                              year, error);
      if (reference == NULL)
        return NULL;
      self->budget = kpi_value_get_value (reference);
      self->comparison = kpi_comparison_new (indicator, landing_value, reference,
                                             KPI_BENCHMARK_KIND_BUDGET, -1);

      provenance = g_string_new (NULL);
      g_string_append_printf (provenance, "%s landing: %u month%s actual",
                              kpi_period_get_label (year), self->n_closed,
                              self->n_closed == 1 ? "" : "s");
      if (self->forecast != NULL)
        g_string_append_printf (provenance, " + %u forecast by %s", self->n_forecast,
                                kpi_forecast_get_description (self->forecast));
      if (kpi_benchmark_get_provenance (budget) != NULL)
        g_string_append_printf (provenance, "; budget: %s",
                                kpi_benchmark_get_provenance (budget));
      kpi_comparison_set_provenance (self->comparison, provenance->str);
    }

  return g_steal_pointer (&self);
}

/**
 * kpi_landing_ref:
 * @self: a landing
 *
 * Takes a reference.
 *
 * Returns: (transfer full): @self
 *
 * Since: 0.1
 */
KpiLanding *
kpi_landing_ref (KpiLanding *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * kpi_landing_unref:
 * @self: (transfer full): a landing
 *
 * Drops a reference; the landing is freed with the last one.
 *
 * Since: 0.1
 */
void
kpi_landing_unref (KpiLanding *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  kpi_period_free (self->period);
  g_clear_pointer (&self->forecast, kpi_forecast_unref);
  g_clear_pointer (&self->comparison, kpi_comparison_unref);
  g_free (self);
}

/**
 * kpi_landing_get_period:
 * @self: a landing
 *
 * Gets the year the landing is for.
 *
 * Returns: (transfer none): the year
 *
 * Since: 0.1
 */
const KpiPeriod *
kpi_landing_get_period (KpiLanding *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->period;
}

/**
 * kpi_landing_get_n_closed_periods:
 * @self: a landing
 *
 * Gets how many months of the year are closed (counted at their actual
 * value).
 *
 * Returns: the number of closed months
 *
 * Since: 0.1
 */
guint
kpi_landing_get_n_closed_periods (KpiLanding *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_closed;
}

/**
 * kpi_landing_get_n_forecast_periods:
 * @self: a landing
 *
 * Gets how many months of the year are forecast: the open months, the
 * current one included.
 *
 * Returns: the number of forecast months
 *
 * Since: 0.1
 */
guint
kpi_landing_get_n_forecast_periods (KpiLanding *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_forecast;
}

/**
 * kpi_landing_get_actual_to_date:
 * @self: a landing
 *
 * Gets the sum of the actual values of the closed months.
 *
 * Returns: the actual value to date (0 when no month is closed)
 *
 * Since: 0.1
 */
double
kpi_landing_get_actual_to_date (KpiLanding *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->actual_to_date;
}

/**
 * kpi_landing_get_forecast_remaining:
 * @self: a landing
 *
 * Gets the sum of the forecasts of the open months.
 *
 * Returns: the forecast of the rest of the year (0 when the year is over)
 *
 * Since: 0.1
 */
double
kpi_landing_get_forecast_remaining (KpiLanding *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->forecast_remaining;
}

/**
 * kpi_landing_get_value:
 * @self: a landing
 *
 * Gets where the year lands: the actual value to date plus the forecast
 * of the rest of the year.
 *
 * Returns: the landing, or NaN when a closed month has no value
 *
 * Since: 0.1
 */
double
kpi_landing_get_value (KpiLanding *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->value;
}

/**
 * kpi_landing_get_lower:
 * @self: a landing
 *
 * Gets the lower bound of the landing's prediction interval (at the
 * forecaster's confidence level).
 *
 * Returns: the lower bound, or NaN when the landing is missing
 *
 * Since: 0.1
 */
double
kpi_landing_get_lower (KpiLanding *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->lower;
}

/**
 * kpi_landing_get_upper:
 * @self: a landing
 *
 * Gets the upper bound of the landing's prediction interval (at the
 * forecaster's confidence level).
 *
 * Returns: the upper bound, or NaN when the landing is missing
 *
 * Since: 0.1
 */
double
kpi_landing_get_upper (KpiLanding *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->upper;
}

/**
 * kpi_landing_get_budget:
 * @self: a landing
 *
 * Gets the budget of the whole year.
 *
 * Returns: the budget, or NaN when no budget was given or it has no value
 *
 * Since: 0.1
 */
double
kpi_landing_get_budget (KpiLanding *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->budget;
}

/**
 * kpi_landing_get_forecast:
 * @self: a landing
 *
 * Gets the forecast behind the landing, one point per month from the
 * month after the last closed one: its last
 * [method@Kpi.Landing.get_n_forecast_periods] points are the open months
 * of the year (earlier points, if any, are months before a year that has
 * not started).
 *
 * Returns: (transfer none) (nullable): the forecast, or %NULL when the
 *   year is over
 *
 * Since: 0.1
 */
KpiForecast *
kpi_landing_get_forecast (KpiLanding *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->forecast;
}

/**
 * kpi_landing_get_comparison:
 * @self: a landing
 *
 * Gets the comparison of the landing with the full-year budget: the
 * status says whether the year will reach its budget.
 *
 * Returns: (transfer none) (nullable): the comparison, or %NULL when no
 *   budget was given
 *
 * Since: 0.1
 */
KpiComparison *
kpi_landing_get_comparison (KpiLanding *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->comparison;
}
