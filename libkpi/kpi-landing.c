/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-landing.c: where the year will land, against its budget */

#include "config.h"

#include <math.h>

#include "kpi-landing.h"
#include "kpi-benchmark-private.h"
#include "kpi-calendar-private.h"
#include "kpi-forecast-private.h"
#include "kpi-stats-private.h"
#include "kpi-util-private.h"

/**
 * KpiLanding:
 *
 * The year-end landing of a budget dashboard: what the year will add up to
 * if the months still to come follow the method that would have done best
 * in the past, set against the full-year budget.
 *
 * The landing is the sum of the months already closed (their actual
 * values) and the forecast of the months still open, the current one
 * included: a month that has started is forecast whole rather than counted
 * half done. The history is the monthly series of the indicator over the
 * %KPI_LANDING_HISTORY_MONTHS months (three years) before the year and
 * its closed months (without the leading months before the data
 * starts).
 *
 * How the open months are forecast is chosen by a rolling-origin backtest,
 * when the [class@Kpi.Forecaster] given is automatic (the default). The
 * candidates ([enum@Kpi.LandingMethod]) are the forecaster's methods —
 * naive, seasonal naive, Holt, damped trend, Holt–Winters — each as soon
 * as the history is long enough for it (1 value, one season, 3, 4 and two
 * seasons), and, when a budget is given, the budget run-rate: the actual
 * to date plus the budget of the open months times the attainment to date
 * (actual over budget of the closed months of the year, or of the twelve
 * months before when none is closed yet). The run-rate takes part when the
 * budget's months add up to its year (a budget phased by month: not a
 * constant, a plan or a forecast) and every month it needs has a budget.
 *
 * The backtest asks each candidate to do what the landing does, from
 * earlier origins: from the first o months of the history, forecast the
 * months o … o + h − 1 (h is the number of months the landing forecasts)
 * and add up those of them that fall in the year (for a year that has not
 * started, the months before it are skipped, as in the landing itself). A
 * candidate takes part when it can do so from at least three origins; all
 * of them are scored on the same origins, from the latest of their first
 * possible origins to the last one whose months are all closed. The error
 * of a candidate is the mean absolute error of those totals, in the unit
 * of the indicator — how far its landing would have been off, on average.
 * The lowest error wins; a tie (within one part in 10⁹) goes to the
 * simpler method, in the order naive, seasonal naive, budget run-rate,
 * Holt, damped trend, Holt–Winters. Everything is deterministic. With fewer
 * than two candidates to compare, the landing takes the forecaster's
 * automatic choice (see [class@Kpi.Forecaster]). A forecaster set to one
 * method is obeyed, and the backtest is still run for the table of
 * candidates.
 *
 * [method@Kpi.Landing.get_description] names the method chosen and its
 * backtest error against the others'; [method@Kpi.Landing.get_candidates]
 * gives every candidate with the landing it gives and its backtest error,
 * so that a dashboard can show the spread.
 *
 * The prediction interval of a landing made by one of the forecaster's
 * methods adds the bounds of the months forecast: the errors of
 * consecutive months of one series move together far more often than they
 * cancel, so the sum of the bounds is the prudent reading (it is wider
 * than an interval that assumed independent months). The budget run-rate
 * has no model of its own: its interval is the landing ± t·RMSE, the root
 * mean square of its backtest errors times the quantile of Student's t
 * with as many degrees of freedom as origins, at the forecaster's
 * confidence level.
 *
 * Only an additive indicator (a sum or a count, or a sum of them) can be
 * completed that way: the margin rate of a year is not the sum of the
 * monthly rates, and customers active in the year are not the sum of the
 * monthly active customers. [func@Kpi.Landing.compute] refuses the others
 * with %KPI_LANDING_ERROR_NOT_ADDITIVE.
 *
 * A landing and its candidates never change once computed: they may be
 * shared between threads.
 *
 * ## Example
 *
 * ```c
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 * g_autoptr(KpiIndicator) revenue = kpi_indicator_new ("revenue", "sum(amount)", NULL);
 * g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
 * g_autoptr(KpiContext) context = kpi_context_new (calendar);
 * g_autoptr(KpiPeriod) april = kpi_calendar_parse_period (calendar, "2025-04", NULL);
 * g_autoptr(KpiPeriod) year = kpi_calendar_parse_period (calendar, "2025", NULL);
 * g_autoptr(KpiBenchmark) budget = kpi_constant_benchmark_new (KPI_BENCHMARK_KIND_BUDGET, 2400, NULL);
 * g_autoptr(KpiForecaster) naive = kpi_forecaster_new ();
 * g_autoptr(KpiLanding) landing = NULL;
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_indicator_set_dataset (revenue, orders);
 * kpi_calendar_set_now (calendar, kpi_period_get_start (april)); // January to March are closed
 * kpi_forecaster_set_method (naive, KPI_FORECAST_METHOD_NAIVE); // three months are too few for a trend
 * landing = kpi_landing_compute (revenue, context, year, budget, naive, &error);
 * if (landing == NULL)
 *   g_error ("%s", error->message);
 * g_print ("%s\n", kpi_landing_get_description (landing));
 * g_print ("%.0f (%.0f to %.0f) against a budget of %.0f\n", kpi_landing_get_value (landing),
 *          kpi_landing_get_lower (landing), kpi_landing_get_upper (landing),
 *          kpi_landing_get_budget (landing));
 * ```
 *
 * ```python
 * orders = Kpi.Dataset.new("date")
 * orders.load_path("orders.csv", None)
 * revenue = Kpi.Indicator.new("revenue", "sum(amount)")
 * revenue.set_dataset(orders)
 * calendar = Kpi.Calendar.new(None, 1)
 * context = Kpi.Context.new(calendar)
 * calendar.set_now(calendar.parse_period("2025-04").get_start())  # January to March are closed
 * budget = Kpi.ConstantBenchmark.new(Kpi.BenchmarkKind.BUDGET, 2400)
 * naive = Kpi.Forecaster.new()
 * naive.set_method(Kpi.ForecastMethod.NAIVE)  # three months are too few for a trend
 * landing = Kpi.Landing.compute(revenue, context, calendar.parse_period("2025"), budget, naive)
 * print(landing.get_description())
 * print(f"{landing.get_value():.0f} ({landing.get_lower():.0f} to {landing.get_upper():.0f})"
 *       f" against a budget of {landing.get_budget():.0f}")
 * ```
 *
 * ```js
 * const orders = Kpi.Dataset.new('date');
 * orders.load_path('orders.csv', null);
 * const revenue = Kpi.Indicator.new('revenue', 'sum(amount)');
 * revenue.set_dataset(orders);
 * const calendar = Kpi.Calendar.new(null, 1);
 * const context = Kpi.Context.new(calendar);
 * calendar.set_now(calendar.parse_period('2025-04').get_start()); // January to March are closed
 * const budget = Kpi.ConstantBenchmark.new(Kpi.BenchmarkKind.BUDGET, 2400);
 * const naive = Kpi.Forecaster.new();
 * naive.set_method(Kpi.ForecastMethod.NAIVE); // three months are too few for a trend
 * const landing = Kpi.Landing.compute(revenue, context, calendar.parse_period('2025'), budget, naive);
 * print(landing.get_description());
 * print(`${landing.get_value().toFixed(0)} (${landing.get_lower().toFixed(0)} to ` +
 *       `${landing.get_upper().toFixed(0)}) against a budget of ${landing.get_budget().toFixed(0)}`);
 * ```
 *
 * Since: 0.1
 */

/**
 * KpiLandingCandidate:
 *
 * One way of completing the year that a [struct@Kpi.Landing] considered:
 * its method, the landing it gives and the error of its backtest.
 *
 * ## Example
 *
 * ```c
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 * g_autoptr(KpiIndicator) revenue = kpi_indicator_new ("revenue", "sum(amount)", NULL);
 * g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
 * g_autoptr(KpiContext) context = kpi_context_new (calendar);
 * g_autoptr(KpiPeriod) april = kpi_calendar_parse_period (calendar, "2025-04", NULL);
 * g_autoptr(KpiPeriod) year = kpi_calendar_parse_period (calendar, "2025", NULL);
 * g_autoptr(KpiBenchmark) budget = kpi_constant_benchmark_new (KPI_BENCHMARK_KIND_BUDGET, 2400, NULL);
 * g_autoptr(KpiForecaster) naive = kpi_forecaster_new ();
 * g_autoptr(KpiLanding) landing = NULL;
 * g_autoptr(GPtrArray) candidates = NULL;
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_indicator_set_dataset (revenue, orders);
 * kpi_calendar_set_now (calendar, kpi_period_get_start (april)); // January to March are closed
 * kpi_forecaster_set_method (naive, KPI_FORECAST_METHOD_NAIVE); // three months are too few for a trend
 * landing = kpi_landing_compute (revenue, context, year, budget, naive, &error);
 * if (landing == NULL)
 *   g_error ("%s", error->message);
 * // every way of completing the year it considered (Holt carries the fall since January on)
 * candidates = kpi_landing_get_candidates (landing);
 * for (guint i = 0; i < candidates->len; i++)
 *   {
 *     KpiLandingCandidate *candidate = g_ptr_array_index (candidates, i);
 *     g_print ("%s: %.0f\n", kpi_landing_method_to_string (kpi_landing_candidate_get_method (candidate)),
 *              kpi_landing_candidate_get_value (candidate));
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
 * calendar.set_now(calendar.parse_period("2025-04").get_start())  # January to March are closed
 * budget = Kpi.ConstantBenchmark.new(Kpi.BenchmarkKind.BUDGET, 2400)
 * naive = Kpi.Forecaster.new()
 * naive.set_method(Kpi.ForecastMethod.NAIVE)  # three months are too few for a trend
 * landing = Kpi.Landing.compute(revenue, context, calendar.parse_period("2025"), budget, naive)
 * # every way of completing the year it considered (Holt carries the fall since January on)
 * for candidate in landing.get_candidates():
 *     print(f"{Kpi.landing_method_to_string(candidate.get_method())}: {candidate.get_value():.0f}")
 * ```
 *
 * ```js
 * const orders = Kpi.Dataset.new('date');
 * orders.load_path('orders.csv', null);
 * const revenue = Kpi.Indicator.new('revenue', 'sum(amount)');
 * revenue.set_dataset(orders);
 * const calendar = Kpi.Calendar.new(null, 1);
 * const context = Kpi.Context.new(calendar);
 * calendar.set_now(calendar.parse_period('2025-04').get_start()); // January to March are closed
 * const budget = Kpi.ConstantBenchmark.new(Kpi.BenchmarkKind.BUDGET, 2400);
 * const naive = Kpi.Forecaster.new();
 * naive.set_method(Kpi.ForecastMethod.NAIVE); // three months are too few for a trend
 * const landing = Kpi.Landing.compute(revenue, context, calendar.parse_period('2025'), budget, naive);
 * // every way of completing the year it considered (Holt carries the fall since January on)
 * for (const candidate of landing.get_candidates())
 *     print(`${Kpi.landing_method_to_string(candidate.get_method())}: ${candidate.get_value().toFixed(0)}`);
 * ```
 *
 * Since: 0.1
 */

struct _KpiLandingCandidate
{
  gatomicrefcount   ref_count;
  KpiLandingMethod  method;
  char             *description;
  double            value;
  double            backtest_error;
  guint             n_backtest_origins;
};

G_DEFINE_BOXED_TYPE (KpiLandingCandidate, kpi_landing_candidate,
                     kpi_landing_candidate_ref, kpi_landing_candidate_unref)

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
  KpiLandingMethod method;
  char            *description;
  double           backtest_error;
  guint            n_backtest_origins;
  GPtrArray       *candidates;   /* of KpiLandingCandidate */
};

G_DEFINE_BOXED_TYPE (KpiLanding, kpi_landing, kpi_landing_ref, kpi_landing_unref)

/**
 * kpi_landing_error_quark:
 *
 * The error domain of [struct@Kpi.Landing], %KPI_LANDING_ERROR; its codes
 * are the #KpiLandingError enumeration.
 *
 * Returns: the quark of the domain
 *
 * Since: 0.1
 */
G_DEFINE_QUARK (kpi-landing-error-quark, kpi_landing_error)

#define MONTHS_PER_YEAR 12

/* The months of a phased budget must add up to its year within this
 * relative tolerance (rounding in the phasing) for the run-rate to use
 * them. */
#define BUDGET_SUM_TOLERANCE 1e-9

static KpiLanding *
landing_alloc (const KpiPeriod *period)
{
  KpiLanding *self = g_new0 (KpiLanding, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->period = kpi_period_copy (period);
  self->budget = NAN;
  self->backtest_error = NAN;
  self->candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_landing_candidate_unref);
  return self;
}

/* ------------------------------------------------------------------------ */
/* The candidates and their backtest                                        */
/* ------------------------------------------------------------------------ */

/* The candidates, simplest first: the order breaks ties. */
static const KpiLandingMethod landing_methods[] = {
  KPI_LANDING_METHOD_NAIVE,
  KPI_LANDING_METHOD_SEASONAL_NAIVE,
  KPI_LANDING_METHOD_BUDGET_RUN_RATE,
  KPI_LANDING_METHOD_HOLT,
  KPI_LANDING_METHOD_DAMPED_TREND,
  KPI_LANDING_METHOD_HOLT_WINTERS,
};
#define N_LANDING_METHODS G_N_ELEMENTS (landing_methods)

static KpiForecastMethod
forecast_method_of (KpiLandingMethod method)
{
  switch (method)
    {
    case KPI_LANDING_METHOD_NAIVE:
      return KPI_FORECAST_METHOD_NAIVE;
    case KPI_LANDING_METHOD_SEASONAL_NAIVE:
      return KPI_FORECAST_METHOD_SEASONAL_NAIVE;
    case KPI_LANDING_METHOD_HOLT:
      return KPI_FORECAST_METHOD_HOLT;
    case KPI_LANDING_METHOD_HOLT_WINTERS:
      return KPI_FORECAST_METHOD_HOLT_WINTERS;
    case KPI_LANDING_METHOD_DAMPED_TREND:
      return KPI_FORECAST_METHOD_DAMPED_TREND;
    case KPI_LANDING_METHOD_ACTUAL:
    case KPI_LANDING_METHOD_BUDGET_RUN_RATE:
    default:
      return KPI_FORECAST_METHOD_AUTO;
    }
}

static KpiLandingMethod
landing_method_of (KpiForecastMethod method)
{
  for (guint i = 0; i < N_LANDING_METHODS; i++)
    if (forecast_method_of (landing_methods[i]) == method)
      return landing_methods[i];
  g_return_val_if_reached (KPI_LANDING_METHOD_NAIVE);
}

/* What the landing needs to know of the history to backtest. */
typedef struct
{
  KpiForecaster *forecaster;
  const double  *y;          /* the prepared history, y[0] at series index first_y */
  gsize          n;
  gsize          first_y;
  guint          horizon;    /* months forecast after the last closed one */
  guint          skip;       /* the first of them, before the year */
  const double  *budget;     /* nullable: the budget of each month of the series */
} History;

typedef struct
{
  KpiLandingMethod  method;
  gboolean          available;   /* it can complete the year */
  gsize             first;       /* its first backtest origin */
  gboolean          scored;      /* it took part in the backtest */
  double            error;       /* mean absolute error of the totals */
  double            rms;         /* root mean square of the same */
  double            remaining;   /* its forecast of the open months */
  double            lower;
  double            upper;
  KpiForecast      *forecast;    /* the forecaster's methods */
  char             *description;
} Entry;

/* The attainment to date at series index @j: actual over budget of the
 * months of @j's year before @j, or of the (up to) twelve months before
 * @j when none of its year is known. FALSE when there is no such month, a
 * budget is missing or the budget to date is not positive. */
static gboolean
attainment_at (const History *hist,
               gsize          j,
               double        *attainment,
               guint         *n_months,
               gboolean      *whole_year)
{
  gsize from = MAX (j - j % MONTHS_PER_YEAR, hist->first_y);
  double actual = 0, budget = 0;

  *whole_year = FALSE;
  if (from >= j)
    {
      from = j >= hist->first_y + MONTHS_PER_YEAR ? j - MONTHS_PER_YEAR : hist->first_y;
      *whole_year = TRUE;
    }
  if (from >= j)
    return FALSE;
  for (gsize i = from; i < j; i++)
    {
      if (!isfinite (hist->budget[i]))
        return FALSE;
      actual += hist->y[i - hist->first_y];
      budget += hist->budget[i];
    }
  if (!(budget > 0))
    return FALSE;
  *attainment = actual / budget;
  *n_months = j - from;
  return isfinite (*attainment);
}

/* The run-rate forecast of the months of the year among the @hist->horizon
 * months from the origin @o (o months of history known). */
static gboolean
run_rate_total (const History *hist,
                gsize          o,
                double        *total,
                double        *attainment,
                guint         *n_months,
                gboolean      *whole_year)
{
  gsize j = hist->first_y + o;
  double budget = 0;

  if (!attainment_at (hist, j, attainment, n_months, whole_year))
    return FALSE;
  for (guint h = hist->skip; h < hist->horizon; h++)
    {
      if (!isfinite (hist->budget[j + h]))
        return FALSE;
      budget += hist->budget[j + h];
    }
  *total = budget * *attainment;
  return isfinite (*total);
}

/* The sum of the months of the year among the forecasts @points. */
static double
year_total (const double *points,
            const History *hist)
{
  double total = 0;

  for (guint h = hist->skip; h < hist->horizon; h++)
    total += points[h];
  return total;
}

/* Makes @forecast (nullable, taken) the forecast of the candidate @e: what
 * it lands at, its interval, its description. */
static void
entry_take_forecast (Entry         *e,
                     KpiForecast   *forecast,
                     const History *hist)
{
  g_clear_pointer (&e->forecast, kpi_forecast_unref);
  g_clear_pointer (&e->description, g_free);
  e->available = FALSE;
  if (forecast == NULL)
    return;
  e->remaining = e->lower = e->upper = 0;
  for (guint h = hist->skip; h < hist->horizon; h++)
    {
      e->remaining += kpi_forecast_get_point (forecast, h);
      e->lower += kpi_forecast_get_lower (forecast, h);
      e->upper += kpi_forecast_get_upper (forecast, h);
    }
  /* Bounds are NaN (by design) without one-step errors to measure σ by;
   * sums that overflow make the candidate unusable. */
  if (!isfinite (e->remaining) || isinf (e->lower) || isinf (e->upper))
    {
      kpi_forecast_unref (forecast);
      return;
    }
  e->available = TRUE;
  e->forecast = forecast;
  e->description = g_strdup (kpi_forecast_get_description (forecast));
}

/* Where each candidate could start and what it lands at from the whole
 * history. */
static void
prepare_entry (Entry         *e,
               const History *hist,
               gsize          n_dropped,
               gsize          n_interpolated)
{
  e->error = e->rms = NAN;
  if (e->method == KPI_LANDING_METHOD_BUDGET_RUN_RATE)
    {
      double attainment;
      guint n_months;
      gboolean whole_year;
      gsize last;

      if (hist->budget == NULL ||
          !run_rate_total (hist, hist->n, &e->remaining, &attainment, &n_months, &whole_year))
        return;
      e->available = TRUE;
      e->lower = e->upper = NAN;
      e->description =
        g_strdup_printf ("Budget run-rate (%.1f %% of the budget over %s%u month%s)",
                         100 * attainment, whole_year ? "the last " : "the ", n_months,
                         whole_year ? (n_months == 1 ? "" : "s")
                                    : (n_months == 1 ? " of the year" : "s of the year"));
      /* Its first origin: the earliest from which it can forecast from
       * every origin on. */
      e->first = G_MAXSIZE;
      if (hist->n < hist->horizon + 1)
        return;
      last = hist->n - hist->horizon;
      for (gsize o = last + 1; o-- > 1; )
        {
          double total;

          if (!run_rate_total (hist, o, &total, &attainment, &n_months, &whole_year))
            break;
          e->first = o;
        }
      return;
    }

  e->first = kpi_forecast_method_min_history (forecast_method_of (e->method),
                                              kpi_forecaster_get_season_length (hist->forecaster));
  if (hist->n < e->first)
    return;
  /* NULL when its forecast is beyond the range of doubles: not a
   * candidate. */
  entry_take_forecast (e, kpi_forecaster_forecast_prepared (hist->forecaster,
                                                            forecast_method_of (e->method),
                                                            hist->y, hist->n, hist->horizon,
                                                            n_dropped, n_interpolated, NULL),
                       hist);
}

/* Scores the candidates that can start early enough on the origins they
 * share; returns the number of origins (0 when fewer than two candidates
 * could be compared). */
static gsize
backtest (Entry         *entries,
          const History *hist)
{
  gsize first = 0, last, n_origins;
  guint n_scored = 0;
  double scale;
  g_autofree double *forecasts = NULL;
  g_autofree double *actual = NULL;

  if (hist->n < hist->horizon + 1)
    return 0;
  last = hist->n - hist->horizon;
  for (guint i = 0; i < N_LANDING_METHODS; i++)
    {
      Entry *e = &entries[i];

      e->scored = e->available && e->first <= last &&
                  last - e->first + 1 >= KPI_BACKTEST_MIN_ORIGINS;
      if (e->scored)
        {
          n_scored++;
          first = MAX (first, e->first);
        }
    }
  if (n_scored < 2)
    goto none;

  n_origins = last - first + 1;
  /* Squares of errors near 1e300 overflow: they are summed divided by a
   * power of two near the largest value (exact). */
  scale = kpi_power_of_two_scale (hist->y, hist->n);
  forecasts = g_new (double, n_origins * hist->horizon);
  actual = g_new (double, n_origins);
  for (gsize o = first; o <= last; o++)
    actual[o - first] = year_total (hist->y + o, hist);

  n_scored = 0;
  for (guint i = 0; i < N_LANDING_METHODS; i++)
    {
      Entry *e = &entries[i];
      double sum_abs = 0, sum_sq = 0;

      if (!e->scored)
        continue;
      if (e->method != KPI_LANDING_METHOD_BUDGET_RUN_RATE &&
          !kpi_forecaster_backtest (hist->forecaster, forecast_method_of (e->method),
                                    hist->y, hist->n, first, last, hist->horizon, forecasts))
        {
          e->scored = FALSE;
          continue;
        }
      for (gsize o = first; o <= last; o++)
        {
          double total, err, attainment;
          guint n_months;
          gboolean whole_year;

          if (e->method == KPI_LANDING_METHOD_BUDGET_RUN_RATE)
            {
              if (!run_rate_total (hist, o, &total, &attainment, &n_months, &whole_year))
                g_assert_not_reached ();
            }
          else
            total = year_total (forecasts + (o - first) * hist->horizon, hist);
          err = total / scale - actual[o - first] / scale;
          sum_abs += fabs (err);
          sum_sq += err * err;
        }
      e->error = sum_abs / n_origins * scale;
      e->rms = sqrt (sum_sq / n_origins) * scale;
      if (!isfinite (e->error) || !isfinite (e->rms))
        {
          e->scored = FALSE;
          e->error = e->rms = NAN;
          continue;
        }
      n_scored++;
    }
  if (n_scored >= 2)
    return n_origins;

none:
  /* Nothing to compare: no candidate keeps a backtest error. */
  for (guint i = 0; i < N_LANDING_METHODS; i++)
    {
      entries[i].scored = FALSE;
      entries[i].error = entries[i].rms = NAN;
    }
  return 0;
}

/* The best scored candidate: the lowest error, ties (within one part in
 * 10⁹) to the simpler. */
static Entry *
best_entry (Entry *entries)
{
  Entry *best = NULL;

  for (guint i = 0; i < N_LANDING_METHODS; i++)
    if (entries[i].scored &&
        (best == NULL || entries[i].error < best->error * (1 - KPI_BACKTEST_TIE_TOLERANCE)))
      best = &entries[i];
  return best;
}

static void
entry_clear (Entry *e)
{
  g_clear_pointer (&e->forecast, kpi_forecast_unref);
  g_clear_pointer (&e->description, g_free);
}

static void
set_out_of_range (GError **error)
{
  g_set_error_literal (error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_OUT_OF_RANGE,
                       "the landing is beyond the range of double-precision numbers");
}

/* Completes the year from the prepared history: chooses the method, fills
 * the forecast part of @self, its description and its candidates. */
static gboolean
complete_year (KpiLanding    *self,
               const History *hist,
               gsize          n_dropped,
               gsize          n_interpolated,
               GError       **error)
{
  Entry entries[N_LANDING_METHODS] = { { 0, }, };
  KpiForecastMethod asked = kpi_forecaster_get_method (hist->forecaster);
  g_autoptr(KpiForecast) fallback = NULL;
  g_autoptr(GString) description = g_string_new (NULL);
  Entry *chosen = NULL;
  gsize n_origins;
  gboolean ok = FALSE;

  for (guint i = 0; i < N_LANDING_METHODS; i++)
    {
      entries[i].method = landing_methods[i];
      prepare_entry (&entries[i], hist, n_dropped, n_interpolated);
    }
  n_origins = backtest (entries, hist);

  if (asked != KPI_FORECAST_METHOD_AUTO)
    {
      for (guint i = 0; i < N_LANDING_METHODS; i++)
        if (forecast_method_of (entries[i].method) == asked)
          chosen = &entries[i];
      g_assert (chosen != NULL);
      if (!chosen->available)
        {
          /* Let the forecaster say why: too short a history, or out of
           * the range of doubles. */
          fallback = kpi_forecaster_forecast_prepared (hist->forecaster, asked, hist->y, hist->n,
                                                       hist->horizon, n_dropped, n_interpolated,
                                                       error);
          if (fallback != NULL)
            set_out_of_range (error);
          goto out;
        }
    }
  else if (n_origins > 0)
    chosen = best_entry (entries);
  else
    {
      /* Too short a history to compare landings: the forecaster's own
       * automatic choice, which backtests one-step forecasts or goes by
       * the length of the history. */
      fallback = kpi_forecaster_forecast_prepared (hist->forecaster, KPI_FORECAST_METHOD_AUTO,
                                                   hist->y, hist->n, hist->horizon,
                                                   n_dropped, n_interpolated, error);
      if (fallback == NULL)
        goto out;
      for (guint i = 0; i < N_LANDING_METHODS; i++)
        if (entries[i].method == landing_method_of (kpi_forecast_get_method (fallback)))
          chosen = &entries[i];
      entry_take_forecast (chosen, g_steal_pointer (&fallback), hist);
      if (!chosen->available)
        {
          set_out_of_range (error);
          goto out;
        }
    }

  self->method = chosen->method;
  self->forecast = chosen->forecast != NULL ? kpi_forecast_ref (chosen->forecast) : NULL;
  self->forecast_remaining = chosen->remaining;
  if (chosen->method == KPI_LANDING_METHOD_BUDGET_RUN_RATE)
    {
      double level = kpi_forecaster_get_confidence_level (hist->forecaster);
      double width = kpi_student_t_quantile ((1 + level) / 2, n_origins) * chosen->rms;

      self->lower = chosen->remaining - width;
      self->upper = chosen->remaining + width;
    }
  else
    {
      self->lower = chosen->lower;
      self->upper = chosen->upper;
    }
  if (chosen->scored)
    {
      self->backtest_error = chosen->error;
      self->n_backtest_origins = n_origins;
    }

  g_string_append (description, chosen->description);
  if (chosen->scored)
    {
      g_autofree char *err = kpi_forecast_format_number (chosen->error);
      gboolean first = TRUE;

      g_string_append_printf (description, "%s over %" G_GSIZE_FORMAT " origins: mean "
                              "absolute error of the %u-month total %s",
                              asked == KPI_FORECAST_METHOD_AUTO ? ", chosen by a backtest"
                                                                : "; its backtest",
                              n_origins, hist->horizon - hist->skip, err);
      for (guint i = 0; i < N_LANDING_METHODS; i++)
        {
          g_autofree char *other = NULL;

          if (!entries[i].scored || &entries[i] == chosen)
            continue;
          other = kpi_forecast_format_number (entries[i].error);
          g_string_append_printf (description, "%s %s %s", first ? " (against" : ",",
                                  kpi_landing_method_to_string (entries[i].method), other);
          first = FALSE;
        }
      if (!first)
        g_string_append (description, ")");
    }
  self->description = g_string_free (g_steal_pointer (&description), FALSE);

  for (guint i = 0; i < N_LANDING_METHODS; i++)
    {
      Entry *e = &entries[i];
      KpiLandingCandidate *c;

      if (!e->available)
        continue;
      c = g_new0 (KpiLandingCandidate, 1);
      g_atomic_ref_count_init (&c->ref_count);
      c->method = e->method;
      c->description = g_steal_pointer (&e->description);
      c->value = e->remaining;   /* the actual to date is added by the caller */
      c->backtest_error = e->scored ? e->error : NAN;
      c->n_backtest_origins = e->scored ? n_origins : 0;
      g_ptr_array_add (self->candidates, c);
    }
  ok = TRUE;

out:
  for (guint i = 0; i < N_LANDING_METHODS; i++)
    entry_clear (&entries[i]);
  return ok;
}

/* The budget of every month of @series, or NULL when the run-rate cannot
 * use it: a kind that is no budget for a month (a forecast, a plan), an
 * error, or months of the year that do not add up to the year's budget
 * (a constant, a budget given for the year without a phasing). */
static double *
monthly_budget (KpiBenchmark    *budget,
                KpiIndicator    *indicator,
                KpiContext      *context,
                GPtrArray       *series,
                double           year_budget)
{
  KpiBenchmarkKind kind = kpi_benchmark_get_kind (budget);
  g_autofree double *months = NULL;
  double sum = 0;

  if (kind == KPI_BENCHMARK_KIND_FORECAST || kind == KPI_BENCHMARK_KIND_PLAN ||
      !isfinite (year_budget))
    return NULL;
  months = g_new (double, series->len);
  for (guint i = 0; i < series->len; i++)
    {
      const KpiPeriod *month = kpi_value_get_period (g_ptr_array_index (series, i));
      g_autoptr(KpiValue) reference = kpi_benchmark_evaluate (budget, indicator, context,
                                                              month, NULL);

      months[i] = reference != NULL ? kpi_value_get_value (reference) : NAN;
    }
  for (guint i = KPI_LANDING_HISTORY_MONTHS; i < series->len; i++)
    sum += months[i];
  if (!(fabs (sum - year_budget) <= BUDGET_SUM_TOLERANCE * fabs (year_budget)))
    return NULL;
  return g_steal_pointer (&months);
}

/**
 * kpi_landing_compute:
 * @indicator: an additive indicator (a sum or a count)
 * @context: where the indicator's names lead, and the calendar, whose
 *   [property@Kpi.Calendar:now] says which months are closed
 * @year: a year or fiscal year
 * @budget: (nullable): the full-year budget (or target) to land against,
 *   and, when it is phased by month, the budget of the run-rate candidate
 * @forecaster: (nullable): how to forecast the open months; %NULL uses a
 *   new [class@Kpi.Forecaster] with its defaults (automatic method, a
 *   season of %KPI_DEFAULT_FORECAST_SEASON_LENGTH months,
 *   %KPI_DEFAULT_FORECAST_CONFIDENCE_LEVEL intervals)
 * @error: return location for a #GError
 *
 * Computes where @year will land: the actual value of its closed months
 * plus the forecast of its open months by the method a backtest chooses
 * (see [struct@Kpi.Landing]), with a prediction interval, and, when
 * @budget is given, the comparison of that landing with the budget of the
 * whole year (a [struct@Kpi.Comparison] of kind
 * %KPI_BENCHMARK_KIND_BUDGET whose provenance says how many months are
 * actual and how the rest was forecast).
 *
 * A year that is over has no open month and lands on its actual value; a
 * year that has not started is forecast whole.
 *
 * Returns: (transfer full): the landing, or %NULL with @error set: the
 *   indicator is not additive (%KPI_LANDING_ERROR_NOT_ADDITIVE), @year is
 *   not a year (%KPI_LANDING_ERROR_INVALID_PERIOD), the forecaster's
 *   settings are invalid or the history is too short to forecast
 *   (%KPI_FORECAST_ERROR), or an evaluation failed
 *
 * Since: 0.1
 */
KpiLanding *
kpi_landing_compute (KpiIndicator     *indicator,
                     KpiContext       *context,
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
  g_autoptr(KpiValue) reference = NULL;
  g_autoptr(GString) provenance = NULL;
  KpiCalendar *calendar;
  KpiGranularity granularity;
  gint64 now;
  guint n_months, n_history_months, horizon;
  guint64 sample_size = 0;
  gboolean actual_missing = FALSE;

  g_return_val_if_fail (KPI_IS_INDICATOR (indicator), NULL);
  g_return_val_if_fail (KPI_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (year != NULL, NULL);
  g_return_val_if_fail (budget == NULL || KPI_IS_BENCHMARK (budget), NULL);
  g_return_val_if_fail (forecaster == NULL || KPI_IS_FORECASTER (forecaster), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  calendar = kpi_context_get_calendar (context);
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
  if (!kpi_formula_is_additive (formula))
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
  history_start = kpi_calendar_offset (calendar, first_month, -KPI_LANDING_HISTORY_MONTHS);
  if (history_start == NULL)
    {
      g_set_error (error, KPI_LANDING_ERROR, KPI_LANDING_ERROR_INVALID_PERIOD,
                   "cannot compute the landing of “%s”: its history would start "
                   "before the year 1", kpi_period_get_label (year));
      return NULL;
    }
  series = kpi_indicator_evaluate_series (indicator, context, history_start,
                                          last_month, error);
  if (series == NULL)
    return NULL;
  g_assert (series->len == KPI_LANDING_HISTORY_MONTHS + MONTHS_PER_YEAR);
  n_months = series->len - KPI_LANDING_HISTORY_MONTHS;

  /* Closed months form a prefix of the series: the history the forecast
   * learns from. The year's closed months are counted at their actual
   * value; every open month up to the end of the year is forecast (months
   * between the last closed one and the year, for a year not started yet,
   * are forecast too but belong to no landing). */
  history = kpi_forecast_history (series, now, &n_history_months);
  for (guint i = KPI_LANDING_HISTORY_MONTHS; i < n_history_months; i++)
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
  horizon = series->len - n_history_months;

  /* What a user may have set wrong fails even when nothing is left to
   * forecast. */
  if (forecaster == NULL)
    forecaster = own_forecaster = kpi_forecaster_new ();
  if (!kpi_forecaster_check (forecaster, MAX (horizon, 1), error))
    return NULL;

  if (budget != NULL)
    {
      reference = kpi_benchmark_evaluate (budget, indicator, context, year, error);
      if (reference == NULL)
        return NULL;
      self->budget = kpi_value_get_value (reference);
    }

  if (self->n_forecast > 0)
    {
      g_autofree double *numbers = g_new (double, MAX (history->len, 1));
      g_autofree double *y = NULL;
      g_autofree double *months_budget = NULL;
      gsize n = 0, n_dropped, n_interpolated;
      History hist;

      for (guint i = 0; i < history->len; i++)
        numbers[i] = kpi_value_get_value (g_ptr_array_index (history, i));
      y = kpi_forecast_prepare_history (numbers, history->len, &n, &n_dropped,
                                        &n_interpolated, error);
      if (y == NULL)
        return NULL;
      if (budget != NULL)
        months_budget = monthly_budget (budget, indicator, context, series, self->budget);

      hist.forecaster = forecaster;
      hist.y = y;
      hist.n = n;
      hist.first_y = n_history_months - n;
      hist.horizon = horizon;
      hist.skip = horizon - self->n_forecast;
      hist.budget = months_budget;
      if (!complete_year (self, &hist, n_dropped, n_interpolated, error))
        return NULL;
    }
  else
    self->description = g_strdup ("the year is over: its actual value");

  /* A candidate whose landing overflows is none. */
  for (guint i = self->candidates->len; i-- > 0; )
    {
      KpiLandingCandidate *c = g_ptr_array_index (self->candidates, i);

      c->value = actual_missing ? NAN : self->actual_to_date + c->value;
      if (!actual_missing && !isfinite (c->value))
        g_ptr_array_remove_index (self->candidates, i);
    }
  if (actual_missing)
    {
      self->value = self->lower = self->upper = NAN;
      landing_value = kpi_value_new_missing (year, kpi_sample_size_cap (sample_size), KPI_VALUE_FLAG_MISSING_INPUT);
    }
  else
    {
      self->value = self->actual_to_date + self->forecast_remaining;
      self->lower += self->actual_to_date;
      self->upper += self->actual_to_date;
      /* The bounds may be NaN, by design, when the forecast had no
       * one-step error to measure σ by; never infinite. */
      if (!isfinite (self->value) || isinf (self->lower) || isinf (self->upper))
        {
          g_set_error (error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_OUT_OF_RANGE,
                       "the landing of “%s” is beyond the range of double-precision numbers",
                       kpi_period_get_label (year));
          return NULL;
        }
      landing_value = kpi_value_new (year, self->value, kpi_sample_size_cap (sample_size), KPI_VALUE_FLAG_NONE);
    }

  if (budget != NULL)
    {
      g_autofree char *source = kpi_benchmark_dup_provenance (budget);

      provenance = g_string_new (NULL);
      g_string_append_printf (provenance, "%s landing: %u month%s actual",
                              kpi_period_get_label (year), self->n_closed,
                              self->n_closed == 1 ? "" : "s");
      if (self->n_forecast > 0)
        g_string_append_printf (provenance, " + %u forecast by %s", self->n_forecast,
                                self->description);
      g_string_append_printf (provenance, "; budget: %s", source);
      self->comparison = kpi_comparison_new (kpi_indicator_get_policy (indicator), landing_value,
                                             reference, KPI_BENCHMARK_KIND_BUDGET, NAN,
                                             provenance->str);
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
  g_ptr_array_unref (self->candidates);
  g_free (self->description);
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
 *   year is over or the budget run-rate completes it
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

/**
 * kpi_landing_get_method:
 * @self: a landing
 *
 * Gets how the open months were forecast.
 *
 * Returns: the method, %KPI_LANDING_METHOD_ACTUAL when the year is over
 *
 * Since: 0.1
 */
KpiLandingMethod
kpi_landing_get_method (KpiLanding *self)
{
  g_return_val_if_fail (self != NULL, KPI_LANDING_METHOD_ACTUAL);

  return self->method;
}

/**
 * kpi_landing_get_description:
 * @self: a landing
 *
 * Gets how the open months were forecast, for people: the method and its
 * parameters, and when a backtest chose it, its error against the
 * others': "Budget run-rate (101.5 % of the budget over the 9 months of
 * the year), chosen by a backtest over 7 origins: mean absolute error of
 * the 3-month total 20128 (against naive 211761, seasonal naive 61726,
 * Holt 402772, damped trend 338141)".
 *
 * Returns: (transfer none): the description
 *
 * Since: 0.1
 */
const char *
kpi_landing_get_description (KpiLanding *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->description;
}

/**
 * kpi_landing_get_backtest_error:
 * @self: a landing
 *
 * Gets the backtest error of the method that forecast the open months:
 * the mean absolute error, in the unit of the indicator, of the totals it
 * would have forecast for as many months from earlier origins (see
 * [struct@Kpi.Landing]).
 *
 * Returns: the error, or NaN when there was no backtest (too short a
 *   history, or the year is over)
 *
 * Since: 0.1
 */
double
kpi_landing_get_backtest_error (KpiLanding *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->backtest_error;
}

/**
 * kpi_landing_get_n_backtest_origins:
 * @self: a landing
 *
 * Gets the number of origins the candidates were compared on.
 *
 * Returns: the number of origins, 0 when there was no backtest
 *
 * Since: 0.1
 */
guint
kpi_landing_get_n_backtest_origins (KpiLanding *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_backtest_origins;
}

/**
 * kpi_landing_get_candidates:
 * @self: a landing
 *
 * Gets every way of completing the year the landing considered, simplest
 * first (naive, seasonal naive, budget run-rate, Holt, damped trend,
 * Holt–Winters), those the history allows: the landing each one gives and
 * its backtest error, the spread a dashboard may show next to the landing.
 * The method chosen is among them (unless the year is over: then there is
 * none).
 *
 * The array holds a reference to each candidate and drops them when it is
 * freed: free it with g_ptr_array_unref(). (It is annotated `transfer
 * container` because bindings read `transfer full` of an array with a free
 * function as a licence to free every element a second time.)
 *
 * Returns: (transfer container) (element-type KpiLandingCandidate): the
 *   candidates
 *
 * Since: 0.1
 */
GPtrArray *
kpi_landing_get_candidates (KpiLanding *self)
{
  GPtrArray *candidates;

  g_return_val_if_fail (self != NULL, NULL);

  candidates = g_ptr_array_new_full (self->candidates->len,
                                     (GDestroyNotify) kpi_landing_candidate_unref);
  for (guint i = 0; i < self->candidates->len; i++)
    g_ptr_array_add (candidates, kpi_landing_candidate_ref (g_ptr_array_index (self->candidates, i)));
  return candidates;
}

/**
 * kpi_landing_method_to_string:
 * @method: a landing method
 *
 * Gets the name of a landing method, for people: "naive", "seasonal
 * naive", "Holt", "Holt–Winters", "damped trend", "budget run-rate",
 * "actual".
 *
 * Returns: (transfer none): the name
 *
 * Since: 0.1
 */
const char *
kpi_landing_method_to_string (KpiLandingMethod method)
{
  switch (method)
    {
    case KPI_LANDING_METHOD_ACTUAL:
      return "actual";
    case KPI_LANDING_METHOD_NAIVE:
      return "naive";
    case KPI_LANDING_METHOD_SEASONAL_NAIVE:
      return "seasonal naive";
    case KPI_LANDING_METHOD_HOLT:
      return "Holt";
    case KPI_LANDING_METHOD_HOLT_WINTERS:
      return "Holt–Winters";
    case KPI_LANDING_METHOD_DAMPED_TREND:
      return "damped trend";
    case KPI_LANDING_METHOD_BUDGET_RUN_RATE:
      return "budget run-rate";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* ------------------------------------------------------------------------ */
/* Candidates                                                               */
/* ------------------------------------------------------------------------ */

/**
 * kpi_landing_candidate_ref:
 * @self: a candidate
 *
 * Takes a reference.
 *
 * Returns: (transfer full): @self
 *
 * Since: 0.1
 */
KpiLandingCandidate *
kpi_landing_candidate_ref (KpiLandingCandidate *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * kpi_landing_candidate_unref:
 * @self: (transfer full): a candidate
 *
 * Drops a reference; the candidate is freed with the last one.
 *
 * Since: 0.1
 */
void
kpi_landing_candidate_unref (KpiLandingCandidate *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->description);
  g_free (self);
}

/**
 * kpi_landing_candidate_get_method:
 * @self: a candidate
 *
 * Gets the candidate's method.
 *
 * Returns: the method
 *
 * Since: 0.1
 */
KpiLandingMethod
kpi_landing_candidate_get_method (const KpiLandingCandidate *self)
{
  g_return_val_if_fail (self != NULL, KPI_LANDING_METHOD_ACTUAL);

  return self->method;
}

/**
 * kpi_landing_candidate_get_description:
 * @self: a candidate
 *
 * Gets the candidate's method and parameters, for people: "Holt linear
 * trend (α=0.57, β=0.11) on 21 periods", "Budget run-rate (101.5 % of the
 * budget over the 9 months of the year)".
 *
 * Returns: (transfer none): the description
 *
 * Since: 0.1
 */
const char *
kpi_landing_candidate_get_description (const KpiLandingCandidate *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->description;
}

/**
 * kpi_landing_candidate_get_value:
 * @self: a candidate
 *
 * Gets where the year lands by this candidate: the actual value to date
 * plus its forecast of the open months.
 *
 * Returns: the landing, or NaN when a closed month has no value
 *
 * Since: 0.1
 */
double
kpi_landing_candidate_get_value (const KpiLandingCandidate *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->value;
}

/**
 * kpi_landing_candidate_get_backtest_error:
 * @self: a candidate
 *
 * Gets the candidate's backtest error: the mean absolute error of the
 * totals it would have forecast from the backtest's origins.
 *
 * Returns: the error, or NaN when it did not take part in a backtest (too
 *   short a history for it)
 *
 * Since: 0.1
 */
double
kpi_landing_candidate_get_backtest_error (const KpiLandingCandidate *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->backtest_error;
}

/**
 * kpi_landing_candidate_get_n_backtest_origins:
 * @self: a candidate
 *
 * Gets the number of origins of the candidate's backtest: the same for
 * every candidate that took part.
 *
 * Returns: the number of origins, 0 when it did not take part
 *
 * Since: 0.1
 */
guint
kpi_landing_candidate_get_n_backtest_origins (const KpiLandingCandidate *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_backtest_origins;
}
