/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of KpiLanding: the year-end landing of closed months plus the
 * forecast of the open ones, against a full-year budget. */

#include <math.h>
#include <check.h>
#include "kpi-test.h"
#include <libkpi/kpi.h>

/* One order a month, on the 15th, from @first_year-@first_month to
 * 2025-09: amount = 10 × the month number (January 10 … September 90), so
 * 2025 has closed 10 + 20 + … + 90 = 450 by the end of September. */
static KpiDataset *
monthly_orders (int first_year,
                int first_month)
{
  g_autoptr(GString) csv = g_string_new ("date,amount\n");

  for (int y = first_year, m = first_month; y < 2025 || (y == 2025 && m <= 9); )
    {
      g_string_append_printf (csv, "%04d-%02d-15,%d\n", y, m, 10 * m);
      if (++m == 13)
        m = 1, y++;
    }
  return kpi_test_load (csv->str, NULL);
}

static KpiIndicator *
revenue_of (KpiDataset *dataset)
{
  KpiIndicator *revenue = kpi_indicator_new ("revenue", "sum(amount)", NULL);

  kpi_indicator_set_dataset (revenue, dataset);
  return revenue;
}

static KpiForecaster *
naive (void)
{
  return g_object_new (KPI_TYPE_FORECASTER, "method", KPI_FORECAST_METHOD_NAIVE, NULL);
}

START_TEST (test_naive_worked)
{
  g_autoptr(KpiDataset) orders = monthly_orders (2024, 1);
  g_autoptr(KpiIndicator) revenue = revenue_of (orders);
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-10-15T12:00:00Z", 1);
  g_autoptr(KpiContext) ctx_calendar = kpi_context_new (calendar);
  g_autoptr(KpiPeriod) year = kpi_calendar_parse_period (calendar, "2025", NULL);
  g_autoptr(KpiBenchmark) budget = kpi_constant_benchmark_new (KPI_BENCHMARK_KIND_BUDGET, 800, NULL);
  g_autoptr(KpiForecaster) forecaster = naive ();
  g_autoptr(KpiLanding) landing = NULL;
  KpiComparison *comparison;
  GError *error = NULL;
  double v, lo, hi;

  landing = kpi_landing_compute (revenue, ctx_calendar, year, budget, forecaster, &error);
  ck_assert_ptr_null (error);
  ck_assert_str_eq (kpi_period_get_label (kpi_landing_get_period (landing)), "2025");
  /* January to September are closed; October (current) to December open. */
  ck_assert_uint_eq (kpi_landing_get_n_closed_periods (landing), 9);
  ck_assert_uint_eq (kpi_landing_get_n_forecast_periods (landing), 3);
  ck_assert_double_eq (kpi_landing_get_actual_to_date (landing), 450);
  /* The naive forecast repeats September: 3 × 90 = 270; 450 + 270 = 720. */
  ck_assert_double_eq (kpi_landing_get_forecast_remaining (landing), 270);
  v = kpi_landing_get_value (landing);
  ck_assert_double_eq (v, 720);
  lo = kpi_landing_get_lower (landing);
  hi = kpi_landing_get_upper (landing);
  ck_assert (lo < v && v < hi);
  ck_assert_double_eq_tol (hi - v, v - lo, 1e-9);   /* naive intervals are symmetric */
  ck_assert_int_eq (kpi_forecast_get_method (kpi_landing_get_forecast (landing)),
                    KPI_FORECAST_METHOD_NAIVE);
  ck_assert_uint_eq (kpi_forecast_get_horizon (kpi_landing_get_forecast (landing)), 3);

  /* 720 / 800 = 0.9: exactly on the at-risk edge, which is inclusive. */
  ck_assert_double_eq (kpi_landing_get_budget (landing), 800);
  comparison = kpi_landing_get_comparison (landing);
  ck_assert_ptr_nonnull (comparison);
  ck_assert_int_eq (kpi_comparison_get_kind (comparison), KPI_BENCHMARK_KIND_BUDGET);
  ck_assert_double_eq (kpi_comparison_get_delta (comparison), -80);
  ck_assert_double_eq_tol (kpi_comparison_get_attainment (comparison), 0.9, 1e-12);
  ck_assert_int_eq (kpi_comparison_get_status (comparison), KPI_STATUS_AT_RISK);
  ck_assert_double_eq (kpi_comparison_get_remaining (comparison), 80);
  ck_assert_ptr_nonnull (strstr (kpi_comparison_get_provenance (comparison),
                                 "9 months actual + 3 forecast"));
}
END_TEST

/* The history is the KPI_LANDING_HISTORY_MONTHS months before the year
 * and its closed months: with data from 2020, 2022-01 … 2025-09, 36 + 9
 * = 45 months; with data from 2023-07, the 18 months before the year
 * that have data and the 9 closed ones, 27. */
START_TEST (test_history_months)
{
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-10-15T12:00:00Z", 1);
  g_autoptr(KpiContext) context = kpi_context_new (calendar);
  g_autoptr(KpiPeriod) year = kpi_calendar_parse_period (calendar, "2025", NULL);
  g_autoptr(KpiForecaster) forecaster = naive ();
  g_autoptr(KpiDataset) long_orders = monthly_orders (2020, 1);
  g_autoptr(KpiDataset) short_orders = monthly_orders (2023, 7);
  g_autoptr(KpiIndicator) long_revenue = revenue_of (long_orders);
  g_autoptr(KpiIndicator) short_revenue = revenue_of (short_orders);
  g_autoptr(KpiLanding) long_landing = NULL;
  g_autoptr(KpiLanding) short_landing = NULL;

  ck_assert_int_eq (KPI_LANDING_HISTORY_MONTHS, 36);
  long_landing = kpi_landing_compute (long_revenue, context, year, NULL, forecaster, NULL);
  ck_assert_ptr_nonnull (long_landing);
  ck_assert_uint_eq (kpi_forecast_get_n_history (kpi_landing_get_forecast (long_landing)),
                     KPI_LANDING_HISTORY_MONTHS + 9);
  short_landing = kpi_landing_compute (short_revenue, context, year, NULL, forecaster, NULL);
  ck_assert_ptr_nonnull (short_landing);
  ck_assert_uint_eq (kpi_forecast_get_n_history (kpi_landing_get_forecast (short_landing)), 18 + 9);
}
END_TEST

START_TEST (test_year_over)
{
  g_autoptr(KpiDataset) orders = monthly_orders (2024, 1);
  g_autoptr(KpiIndicator) revenue = revenue_of (orders);
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2026-02-01T00:00:00Z", 1);
  g_autoptr(KpiContext) ctx_calendar = kpi_context_new (calendar);
  g_autoptr(KpiPeriod) year = kpi_calendar_parse_period (calendar, "2025", NULL);
  g_autoptr(KpiLanding) landing = NULL;
  GError *error = NULL;

  /* No budget, no forecast: the year lands on its actual value (October to
   * December are closed months without orders: an empty sum, 0, since the
   * export is said to cover the whole year). */
  {
    g_autoptr(KpiPeriod) y2026 = kpi_calendar_parse_period (calendar, "2026", NULL);
    ck_assert (kpi_dataset_set_coverage (orders, KPI_TIME_UNSET, kpi_period_get_start (y2026), NULL));
  }
  landing = kpi_landing_compute (revenue, ctx_calendar, year, NULL, NULL, &error);
  ck_assert_ptr_null (error);
  ck_assert_uint_eq (kpi_landing_get_n_closed_periods (landing), 12);
  ck_assert_uint_eq (kpi_landing_get_n_forecast_periods (landing), 0);
  ck_assert_ptr_null (kpi_landing_get_forecast (landing));
  ck_assert_ptr_null (kpi_landing_get_comparison (landing));
  ck_assert_double_eq (kpi_landing_get_value (landing), 450);
  ck_assert_double_eq (kpi_landing_get_lower (landing), 450);
  ck_assert_double_eq (kpi_landing_get_upper (landing), 450);
  ck_assert (isnan (kpi_landing_get_budget (landing)));
  ck_assert_int_eq (kpi_landing_get_method (landing), KPI_LANDING_METHOD_ACTUAL);
  ck_assert (isnan (kpi_landing_get_backtest_error (landing)));
  {
    g_autoptr(GPtrArray) candidates = kpi_landing_get_candidates (landing);

    ck_assert_uint_eq (candidates->len, 0);
  }
}
END_TEST

/* The year is over but the export ends in September: October to December
 * are not known, not zeros. They are forecast (naive: September's 90). */
START_TEST (test_year_over_data_ends)
{
  g_autoptr(KpiDataset) orders = monthly_orders (2024, 1);
  g_autoptr(KpiIndicator) revenue = revenue_of (orders);
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2026-02-01T00:00:00Z", 1);
  g_autoptr(KpiContext) ctx_calendar = kpi_context_new (calendar);
  g_autoptr(KpiPeriod) year = kpi_calendar_parse_period (calendar, "2025", NULL);
  g_autoptr(KpiForecaster) forecaster = naive ();
  g_autoptr(KpiLanding) landing = NULL;
  GError *error = NULL;

  landing = kpi_landing_compute (revenue, ctx_calendar, year, NULL, forecaster, &error);
  ck_assert_ptr_null (error);
  ck_assert_uint_eq (kpi_landing_get_n_closed_periods (landing), 9);
  ck_assert_uint_eq (kpi_landing_get_n_forecast_periods (landing), 3);
  /* 10 + 20 + ... + 90 = 450, and 3 × 90 */
  ck_assert_double_eq (kpi_landing_get_actual_to_date (landing), 450);
  ck_assert_double_eq (kpi_landing_get_value (landing), 450 + 3 * 90);
}
END_TEST

START_TEST (test_year_not_started)
{
  g_autoptr(KpiDataset) orders = monthly_orders (2024, 1);
  g_autoptr(KpiIndicator) revenue = revenue_of (orders);
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-10-15T12:00:00Z", 1);
  g_autoptr(KpiContext) ctx_calendar = kpi_context_new (calendar);
  g_autoptr(KpiPeriod) year = kpi_calendar_parse_period (calendar, "2026", NULL);
  g_autoptr(KpiForecaster) forecaster = naive ();
  g_autoptr(KpiLanding) landing = NULL;
  GError *error = NULL;

  /* The last closed month is September 2025: the forecast runs 15 months
   * (October 2025 to December 2026) and 2026 is its last 12: 12 × 90. */
  landing = kpi_landing_compute (revenue, ctx_calendar, year, NULL, forecaster, &error);
  ck_assert_ptr_null (error);
  ck_assert_uint_eq (kpi_landing_get_n_closed_periods (landing), 0);
  ck_assert_uint_eq (kpi_landing_get_n_forecast_periods (landing), 12);
  ck_assert_uint_eq (kpi_forecast_get_horizon (kpi_landing_get_forecast (landing)), 15);
  ck_assert_double_eq (kpi_landing_get_actual_to_date (landing), 0);
  ck_assert_double_eq (kpi_landing_get_value (landing), 1080);
}
END_TEST

START_TEST (test_fiscal_year)
{
  g_autoptr(KpiDataset) orders = monthly_orders (2024, 1);
  g_autoptr(KpiIndicator) revenue = revenue_of (orders);
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-10-15T12:00:00Z", 4);
  g_autoptr(KpiContext) ctx_calendar = kpi_context_new (calendar);
  g_autoptr(KpiPeriod) year = kpi_calendar_parse_period (calendar, "FY2026", NULL);
  g_autoptr(KpiForecaster) forecaster = naive ();
  g_autoptr(KpiLanding) landing = NULL;
  GError *error = NULL;

  /* FY2026 runs April 2025 to March 2026. Closed: April to September 2025,
   * 40 + 50 + 60 + 70 + 80 + 90 = 390; six open months at 90: 540. */
  landing = kpi_landing_compute (revenue, ctx_calendar, year, NULL, forecaster, &error);
  ck_assert_ptr_null (error);
  ck_assert_uint_eq (kpi_landing_get_n_closed_periods (landing), 6);
  ck_assert_uint_eq (kpi_landing_get_n_forecast_periods (landing), 6);
  ck_assert_double_eq (kpi_landing_get_actual_to_date (landing), 390);
  ck_assert_double_eq (kpi_landing_get_value (landing), 930);
}
END_TEST

START_TEST (test_seasonal_history)
{
  /* From January 2023: 33 months of history (y[0] is January 2023), three
   * months to forecast. Every candidate can be backtested, Holt–Winters
   * (24 values) from the fewest origins: all are compared on the origins
   * 24 … 30 (January to July 2025), each forecasting the total of the three
   * months from there. The series repeats itself every year exactly
   * (10 × month): seasonal naive forecasts every total without error, and
   * so does Holt–Winters at best: the tie goes to the simpler. October to
   * December: 100 + 110 + 120; 450 + 330 = 780.
   *
   * Naive forecasts three times the month before the origin:
   *   origin 24 (January):   3 × 120 = 360 against 10 + 20 + 30 = 60: 300
   *   origins 25 … 30:        3 × 10m against 10(m+1) + 10(m+2) + 10(m+3)
   *                           (m the month before): 60 each
   * mean absolute error (300 + 6 × 60) / 7 = 94.2857; it lands at
   * 450 + 3 × 90 = 720. */
  g_autoptr(KpiDataset) orders = monthly_orders (2023, 1);
  g_autoptr(KpiIndicator) revenue = revenue_of (orders);
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-10-15T12:00:00Z", 1);
  g_autoptr(KpiContext) ctx_calendar = kpi_context_new (calendar);
  g_autoptr(KpiPeriod) year = kpi_calendar_parse_period (calendar, "2025", NULL);
  g_autoptr(KpiLanding) landing = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  static const KpiLandingMethod order[] = {
    KPI_LANDING_METHOD_NAIVE, KPI_LANDING_METHOD_SEASONAL_NAIVE, KPI_LANDING_METHOD_HOLT,
    KPI_LANDING_METHOD_DAMPED_TREND, KPI_LANDING_METHOD_HOLT_WINTERS,
  };
  GError *error = NULL;

  landing = kpi_landing_compute (revenue, ctx_calendar, year, NULL, NULL, &error);
  ck_assert_ptr_null (error);
  ck_assert_int_eq (kpi_landing_get_method (landing), KPI_LANDING_METHOD_SEASONAL_NAIVE);
  ck_assert_int_eq (kpi_forecast_get_method (kpi_landing_get_forecast (landing)),
                    KPI_FORECAST_METHOD_SEASONAL_NAIVE);
  ck_assert_double_eq (kpi_landing_get_value (landing), 780);
  ck_assert_double_eq (kpi_landing_get_backtest_error (landing), 0);
  ck_assert_uint_eq (kpi_landing_get_n_backtest_origins (landing), 7);
  ck_assert (kpi_landing_get_lower (landing) <= kpi_landing_get_value (landing));
  ck_assert (kpi_landing_get_value (landing) <= kpi_landing_get_upper (landing));
  ck_assert_msg (g_str_has_prefix (kpi_landing_get_description (landing),
                                   "Seasonal naive (season 12) on 33 periods, chosen by a "
                                   "backtest over 7 origins: mean absolute error of the "
                                   "3-month total 0 (against naive 94.3, Holt "),
                 "%s", kpi_landing_get_description (landing));

  /* No budget: no run-rate; the others, simplest first. */
  candidates = kpi_landing_get_candidates (landing);
  ck_assert_uint_eq (candidates->len, G_N_ELEMENTS (order));
  for (guint i = 0; i < candidates->len; i++)
    {
      KpiLandingCandidate *c = g_ptr_array_index (candidates, i);

      ck_assert_int_eq (kpi_landing_candidate_get_method (c), order[i]);
      ck_assert_uint_eq (kpi_landing_candidate_get_n_backtest_origins (c), 7);
      ck_assert (isfinite (kpi_landing_candidate_get_backtest_error (c)));
      ck_assert (kpi_landing_candidate_get_backtest_error (c) >= 0);
    }
  ck_assert_double_eq_tol (kpi_landing_candidate_get_backtest_error (g_ptr_array_index (candidates, 0)),
                           660.0 / 7, 1e-9);
  ck_assert_double_eq (kpi_landing_candidate_get_value (g_ptr_array_index (candidates, 0)), 720);
  ck_assert_str_eq (kpi_landing_candidate_get_description (g_ptr_array_index (candidates, 0)),
                    "Naive (last value) on 33 periods");
  ck_assert_double_eq (kpi_landing_candidate_get_value (g_ptr_array_index (candidates, 1)), 780);
  ck_assert_double_eq_tol (kpi_landing_candidate_get_value (g_ptr_array_index (candidates, 4)), 780, 15);
}
END_TEST

/* A monthly budget from January 2024 to December 2025: 10 × the month
 * number, both years. */
static KpiBenchmark *
monthly_budget (void)
{
  g_autoptr(GString) csv = g_string_new ("date,budget\n");
  g_autoptr(KpiDataset) table = kpi_dataset_new (NULL);
  KpiBenchmark *budget;

  for (int y = 2024; y <= 2025; y++)
    for (int m = 1; m <= 12; m++)
      g_string_append_printf (csv, "%04d-%02d-01,%d\n", y, m, 10 * m);
  ck_assert (kpi_dataset_load_data (table, (const guint8 *) csv->str, csv->len, NULL, NULL));
  budget = kpi_table_benchmark_new (KPI_BENCHMARK_KIND_BUDGET, table, "sum(budget)", NULL);
  ck_assert_ptr_nonnull (budget);
  return budget;
}

START_TEST (test_run_rate)
{
  /* Orders of 10 × month in 2024 and 11 × month in 2025 (January to
   * September): 10 % above a budget of 10 × month both years. 21 months of
   * history; the candidates are compared on the origins 12 … 18 (January
   * to July 2025; seasonal naive needs 12 values), each forecasting the
   * total of three months:
   *
   * - budget run-rate: from January (no month of 2025 closed) the
   *   attainment of the twelve months before, 2024: 100 %, so 10 + 20 + 30
   *   = 60 against 11 + 22 + 33 = 66: 6 off; from February on, the
   *   attainment of 2025 to date, 110 %, exact: error 6 / 7 = 0.857;
   * - seasonal naive: last year's three months, 10 % low: 6, 9, 12 … 24
   *   off, error 105 / 7 = 15.
   *
   * The run-rate wins: 2025 lands at 11 × 45 = 495 actual + 110 % of the
   * budget of October to December (330) = 363: 858. Its interval is
   * ± t(0.975, 7 origins) × RMSE = 2.364624 × √(36/7) = 5.36259. */
  g_autoptr(GString) csv = g_string_new ("date,amount\n");
  g_autoptr(KpiDataset) orders = kpi_dataset_new (NULL);
  g_autoptr(KpiIndicator) revenue = NULL;
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-10-15T12:00:00Z", 1);
  g_autoptr(KpiContext) ctx_calendar = kpi_context_new (calendar);
  g_autoptr(KpiPeriod) year = kpi_calendar_parse_period (calendar, "2025", NULL);
  g_autoptr(KpiBenchmark) budget = monthly_budget ();
  g_autoptr(KpiLanding) landing = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  KpiLandingCandidate *run_rate = NULL, *seasonal = NULL;
  double width = 2.364624251592785 * sqrt (36.0 / 7);
  GError *error = NULL;

  for (int m = 1; m <= 12; m++)
    g_string_append_printf (csv, "2024-%02d-15,%d\n", m, 10 * m);
  for (int m = 1; m <= 9; m++)
    g_string_append_printf (csv, "2025-%02d-15,%d\n", m, 11 * m);
  ck_assert (kpi_dataset_load_data (orders, (const guint8 *) csv->str, csv->len, NULL, NULL));
  revenue = revenue_of (orders);

  landing = kpi_landing_compute (revenue, ctx_calendar, year, budget, NULL, &error);
  ck_assert_ptr_null (error);
  ck_assert_int_eq (kpi_landing_get_method (landing), KPI_LANDING_METHOD_BUDGET_RUN_RATE);
  ck_assert_ptr_null (kpi_landing_get_forecast (landing));
  ck_assert_double_eq_tol (kpi_landing_get_value (landing), 858, 1e-9);
  ck_assert_double_eq_tol (kpi_landing_get_forecast_remaining (landing), 363, 1e-9);
  ck_assert_double_eq_tol (kpi_landing_get_backtest_error (landing), 6.0 / 7, 1e-9);
  ck_assert_uint_eq (kpi_landing_get_n_backtest_origins (landing), 7);
  ck_assert_double_eq_tol (kpi_landing_get_upper (landing) - 858, width, 1e-6);
  ck_assert_double_eq_tol (858 - kpi_landing_get_lower (landing), width, 1e-6);
  ck_assert_double_eq (kpi_landing_get_budget (landing), 780);
  ck_assert_int_eq (kpi_comparison_get_status (kpi_landing_get_comparison (landing)),
                    KPI_STATUS_ON_TRACK);
  ck_assert_msg (g_str_has_prefix (kpi_landing_get_description (landing),
                                   "Budget run-rate (110.0 % of the budget over the 9 months "
                                   "of the year), chosen by a backtest over 7 origins: mean "
                                   "absolute error of the 3-month total 0.857 (against naive "),
                 "%s", kpi_landing_get_description (landing));
  ck_assert (strstr (kpi_landing_get_description (landing), ", seasonal naive 15, Holt ") != NULL);
  ck_assert_msg (strstr (kpi_comparison_get_provenance (kpi_landing_get_comparison (landing)),
                         "2025 landing: 9 months actual + 3 forecast by Budget run-rate") != NULL,
                 "%s", kpi_comparison_get_provenance (kpi_landing_get_comparison (landing)));

  candidates = kpi_landing_get_candidates (landing);
  ck_assert_uint_eq (candidates->len, 5);   /* not Holt–Winters: 21 values */
  for (guint i = 0; i < candidates->len; i++)
    {
      KpiLandingCandidate *c = g_ptr_array_index (candidates, i);

      if (kpi_landing_candidate_get_method (c) == KPI_LANDING_METHOD_BUDGET_RUN_RATE)
        run_rate = c;
      if (kpi_landing_candidate_get_method (c) == KPI_LANDING_METHOD_SEASONAL_NAIVE)
        seasonal = c;
    }
  ck_assert_ptr_nonnull (run_rate);
  ck_assert_ptr_eq (g_ptr_array_index (candidates, 2), run_rate);
  ck_assert_double_eq_tol (kpi_landing_candidate_get_value (run_rate), 858, 1e-9);
  ck_assert_double_eq_tol (kpi_landing_candidate_get_backtest_error (seasonal), 15, 1e-9);
  /* seasonal naive: 495 + 100 + 110 + 120 */
  ck_assert_double_eq_tol (kpi_landing_candidate_get_value (seasonal), 825, 1e-9);
}
END_TEST

START_TEST (test_method_set)
{
  /* A forecaster set to one method is obeyed, and the table still has
   * every candidate with its backtest error; a constant budget (800 for
   * the year and for every month alike) is no budget phased by month:
   * no run-rate. */
  g_autoptr(KpiDataset) orders = monthly_orders (2024, 1);
  g_autoptr(KpiIndicator) revenue = revenue_of (orders);
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-10-15T12:00:00Z", 1);
  g_autoptr(KpiContext) ctx_calendar = kpi_context_new (calendar);
  g_autoptr(KpiPeriod) year = kpi_calendar_parse_period (calendar, "2025", NULL);
  g_autoptr(KpiBenchmark) budget = kpi_constant_benchmark_new (KPI_BENCHMARK_KIND_BUDGET, 800, NULL);
  g_autoptr(KpiForecaster) forecaster = naive ();
  g_autoptr(KpiLanding) landing = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  GError *error = NULL;

  landing = kpi_landing_compute (revenue, ctx_calendar, year, budget, forecaster, &error);
  ck_assert_ptr_null (error);
  ck_assert_int_eq (kpi_landing_get_method (landing), KPI_LANDING_METHOD_NAIVE);
  ck_assert_double_eq (kpi_landing_get_value (landing), 720);
  ck_assert (g_str_has_prefix (kpi_landing_get_description (landing),
                               "Naive (last value) on 21 periods; its backtest over 7 origins: "));
  candidates = kpi_landing_get_candidates (landing);
  ck_assert_uint_eq (candidates->len, 4);
  for (guint i = 0; i < candidates->len; i++)
    ck_assert_int_ne (kpi_landing_candidate_get_method (g_ptr_array_index (candidates, i)),
                      KPI_LANDING_METHOD_BUDGET_RUN_RATE);
  ck_assert_str_eq (kpi_landing_method_to_string (KPI_LANDING_METHOD_BUDGET_RUN_RATE),
                    "budget run-rate");
  ck_assert_str_eq (kpi_landing_method_to_string (KPI_LANDING_METHOD_DAMPED_TREND),
                    "damped trend");
}
END_TEST

START_TEST (test_invalid_forecaster)
{
  /* What a user may set wrong in the forecaster fails the landing with the
   * forecaster's error, even when the year is over and nothing is
   * forecast. */
  g_autoptr(KpiDataset) orders = monthly_orders (2024, 1);
  g_autoptr(KpiIndicator) revenue = revenue_of (orders);
  g_autoptr(KpiCalendar) open = kpi_test_calendar_at ("2025-10-15T12:00:00Z", 1);
  g_autoptr(KpiContext) ctx_open = kpi_context_new (open);
  g_autoptr(KpiCalendar) over = kpi_test_calendar_at ("2026-02-01T00:00:00Z", 1);
  g_autoptr(KpiContext) ctx_over = kpi_context_new (over);
  g_autoptr(KpiPeriod) year = kpi_calendar_parse_period (open, "2025", NULL);
  g_autoptr(KpiForecaster) forecaster = kpi_forecaster_new ();
  GError *error = NULL;

  kpi_forecaster_set_confidence_level (forecaster, 1.5);
  ck_assert_ptr_null (kpi_landing_compute (revenue, ctx_open, year, NULL, forecaster, &error));
  g_assert_error (error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_INVALID_PARAMETER);
  ck_assert_str_eq (error->message, "the confidence level must be strictly between 0 and 1, not 1.5");
  g_clear_error (&error);
  ck_assert_ptr_null (kpi_landing_compute (revenue, ctx_over, year, NULL, forecaster, &error));
  g_assert_error (error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_INVALID_PARAMETER);
  g_clear_error (&error);
  kpi_forecaster_set_confidence_level (forecaster, 0.95);
  g_object_set (forecaster, "season-length", 1, NULL);
  ck_assert_ptr_null (kpi_landing_compute (revenue, ctx_open, year, NULL, forecaster, &error));
  g_assert_error (error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_INVALID_PARAMETER);
  g_clear_error (&error);
}
END_TEST

START_TEST (test_huge_values)
{
  /* Orders of 1e300 × the month number: every candidate fits (the
   * forecaster divides the history by a power of two first), and no
   * number of the landing is infinite or NaN. */
  g_autoptr(GString) csv = g_string_new ("date,amount\n");
  g_autoptr(KpiDataset) orders = kpi_dataset_new (NULL);
  g_autoptr(KpiIndicator) revenue = NULL;
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-10-15T12:00:00Z", 1);
  g_autoptr(KpiContext) ctx_calendar = kpi_context_new (calendar);
  g_autoptr(KpiPeriod) year = kpi_calendar_parse_period (calendar, "2025", NULL);
  g_autoptr(KpiLanding) landing = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  GError *error = NULL;

  for (int y = 2023; y <= 2025; y++)
    for (int m = 1; m <= (y == 2025 ? 9 : 12); m++)
      g_string_append_printf (csv, "%04d-%02d-15,%de299\n", y, m, 10 * m);
  ck_assert (kpi_dataset_load_data (orders, (const guint8 *) csv->str, csv->len, NULL, NULL));
  revenue = revenue_of (orders);
  landing = kpi_landing_compute (revenue, ctx_calendar, year, NULL, NULL, &error);
  ck_assert_ptr_null (error);
  ck_assert_double_eq_tol (kpi_landing_get_value (landing), 780e299, 1e287);
  ck_assert (isfinite (kpi_landing_get_lower (landing)) && isfinite (kpi_landing_get_upper (landing)));
  ck_assert (strstr (kpi_landing_get_description (landing), "nan") == NULL);
  ck_assert (strstr (kpi_landing_get_description (landing), "inf") == NULL);
  candidates = kpi_landing_get_candidates (landing);
  ck_assert_uint_eq (candidates->len, 5);
  for (guint i = 0; i < candidates->len; i++)
    {
      KpiLandingCandidate *c = g_ptr_array_index (candidates, i);

      ck_assert (isfinite (kpi_landing_candidate_get_value (c)));
      ck_assert (isfinite (kpi_landing_candidate_get_backtest_error (c)));
      ck_assert (strstr (kpi_landing_candidate_get_description (c), "nan") == NULL);
    }

  /* 3e307 a month: nine closed months already add up to more than the
   * largest double: an error, not an infinite landing. */
  {
    g_autoptr(GString) edge = g_string_new ("date,amount\n");
    g_autoptr(KpiDataset) edge_orders = kpi_dataset_new (NULL);
    g_autoptr(KpiIndicator) edge_revenue = NULL;

    for (int y = 2024; y <= 2025; y++)
      for (int m = 1; m <= (y == 2025 ? 9 : 12); m++)
        g_string_append_printf (edge, "%04d-%02d-15,3e307\n", y, m);
    ck_assert (kpi_dataset_load_data (edge_orders, (const guint8 *) edge->str, edge->len, NULL, NULL));
    edge_revenue = revenue_of (edge_orders);
    ck_assert_ptr_null (kpi_landing_compute (edge_revenue, ctx_calendar, year, NULL, NULL, &error));
    ck_assert (g_error_matches (error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_OUT_OF_RANGE));
    g_clear_error (&error);
  }
}
END_TEST

START_TEST (test_errors)
{
  g_autoptr(KpiDataset) orders = monthly_orders (2024, 1);
  g_autoptr(KpiDataset) empty = kpi_dataset_new (NULL);
  g_autoptr(KpiIndicator) basket = kpi_indicator_new ("basket", "sum(amount) / count()", NULL);
  g_autoptr(KpiIndicator) revenue = revenue_of (orders);
  g_autoptr(KpiIndicator) nothing = kpi_indicator_new ("nothing", "sum(amount)", NULL);
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-10-15T12:00:00Z", 1);
  g_autoptr(KpiContext) ctx_calendar = kpi_context_new (calendar);
  g_autoptr(KpiPeriod) year = kpi_calendar_parse_period (calendar, "2025", NULL);
  g_autoptr(KpiPeriod) month = kpi_calendar_parse_period (calendar, "2025-10", NULL);
  GError *error = NULL;

  /* An average basket is not the sum of monthly baskets. */
  kpi_indicator_set_dataset (basket, orders);
  ck_assert_ptr_null (kpi_landing_compute (basket, ctx_calendar, year, NULL, NULL, &error));
  ck_assert (g_error_matches (error, KPI_LANDING_ERROR, KPI_LANDING_ERROR_NOT_ADDITIVE));
  ck_assert_ptr_nonnull (strstr (error->message, "basket"));
  g_clear_error (&error);

  ck_assert_ptr_null (kpi_landing_compute (revenue, ctx_calendar, month, NULL, NULL, &error));
  ck_assert (g_error_matches (error, KPI_LANDING_ERROR, KPI_LANDING_ERROR_INVALID_PERIOD));
  ck_assert_ptr_nonnull (strstr (error->message, "2025-10"));
  g_clear_error (&error);

  /* The history of year 2 would start before the year 1. */
  {
    g_autoptr(KpiPeriod) early = kpi_calendar_parse_period (calendar, "0002", NULL);

    ck_assert_ptr_nonnull (early);
    ck_assert_ptr_null (kpi_landing_compute (revenue, ctx_calendar, early, NULL, NULL, &error));
    ck_assert (g_error_matches (error, KPI_LANDING_ERROR, KPI_LANDING_ERROR_INVALID_PERIOD));
    g_clear_error (&error);
  }

  /* No row at all: nothing to forecast from. */
  ck_assert (kpi_dataset_add_column (empty, "amount", KPI_COLUMN_MEASURE, NULL));
  kpi_indicator_set_dataset (nothing, empty);
  ck_assert_ptr_null (kpi_landing_compute (nothing, ctx_calendar, year, NULL, NULL, &error));
  ck_assert (g_error_matches (error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_NOT_ENOUGH_DATA));
  g_clear_error (&error);
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "naive-worked", test_naive_worked },
    { "history-months", test_history_months },
    { "year-over", test_year_over },
    { "year-over-data-ends", test_year_over_data_ends },
    { "year-not-started", test_year_not_started },
    { "fiscal-year", test_fiscal_year },
    { "seasonal-history", test_seasonal_history },
    { "run-rate", test_run_rate },
    { "method-set", test_method_set },
    { "invalid-forecaster", test_invalid_forecaster },
    { "huge-values", test_huge_values },
    { "errors", test_errors },
  };

  return kpi_test_run ("landing", cases, G_N_ELEMENTS (cases), 0);
}
