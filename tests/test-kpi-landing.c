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
  KpiDataset *dataset = kpi_dataset_new (NULL);

  for (int y = first_year, m = first_month; y < 2025 || (y == 2025 && m <= 9); )
    {
      g_string_append_printf (csv, "%04d-%02d-15,%d\n", y, m, 10 * m);
      if (++m == 13)
        m = 1, y++;
    }
  ck_assert (kpi_dataset_load_data (dataset, (const guint8 *) csv->str, csv->len, NULL, NULL));
  return dataset;
}

static KpiCalendar *
calendar_at (const char *now,
             guint       fiscal_start)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (now, utc);
  KpiCalendar *calendar = kpi_calendar_new (utc, fiscal_start, NULL);

  kpi_calendar_set_now (calendar, g_date_time_to_unix (dt) * G_USEC_PER_SEC);
  return calendar;
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
  g_autoptr(KpiCalendar) calendar = calendar_at ("2025-10-15T12:00:00Z", 1);
  g_autoptr(KpiPeriod) year = kpi_calendar_parse_period (calendar, "2025", NULL);
  g_autoptr(KpiBenchmark) budget = kpi_benchmark_new_constant (KPI_BENCHMARK_KIND_BUDGET, 800);
  g_autoptr(KpiForecaster) forecaster = naive ();
  g_autoptr(KpiLanding) landing = NULL;
  KpiComparison *comparison;
  GError *error = NULL;
  double v, lo, hi;

  landing = kpi_landing_compute (revenue, calendar, year, budget, forecaster, &error);
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

START_TEST (test_year_over)
{
  g_autoptr(KpiDataset) orders = monthly_orders (2024, 1);
  g_autoptr(KpiIndicator) revenue = revenue_of (orders);
  g_autoptr(KpiCalendar) calendar = calendar_at ("2026-02-01T00:00:00Z", 1);
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
  landing = kpi_landing_compute (revenue, calendar, year, NULL, NULL, &error);
  ck_assert_ptr_null (error);
  ck_assert_uint_eq (kpi_landing_get_n_closed_periods (landing), 12);
  ck_assert_uint_eq (kpi_landing_get_n_forecast_periods (landing), 0);
  ck_assert_ptr_null (kpi_landing_get_forecast (landing));
  ck_assert_ptr_null (kpi_landing_get_comparison (landing));
  ck_assert_double_eq (kpi_landing_get_value (landing), 450);
  ck_assert_double_eq (kpi_landing_get_lower (landing), 450);
  ck_assert_double_eq (kpi_landing_get_upper (landing), 450);
  ck_assert (isnan (kpi_landing_get_budget (landing)));
}
END_TEST

START_TEST (test_year_not_started)
{
  g_autoptr(KpiDataset) orders = monthly_orders (2024, 1);
  g_autoptr(KpiIndicator) revenue = revenue_of (orders);
  g_autoptr(KpiCalendar) calendar = calendar_at ("2025-10-15T12:00:00Z", 1);
  g_autoptr(KpiPeriod) year = kpi_calendar_parse_period (calendar, "2026", NULL);
  g_autoptr(KpiForecaster) forecaster = naive ();
  g_autoptr(KpiLanding) landing = NULL;
  GError *error = NULL;

  /* The last closed month is September 2025: the forecast runs 15 months
   * (October 2025 to December 2026) and 2026 is its last 12: 12 × 90. */
  landing = kpi_landing_compute (revenue, calendar, year, NULL, forecaster, &error);
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
  g_autoptr(KpiCalendar) calendar = calendar_at ("2025-10-15T12:00:00Z", 4);
  g_autoptr(KpiPeriod) year = kpi_calendar_parse_period (calendar, "FY2026", NULL);
  g_autoptr(KpiForecaster) forecaster = naive ();
  g_autoptr(KpiLanding) landing = NULL;
  GError *error = NULL;

  /* FY2026 runs April 2025 to March 2026. Closed: April to September 2025,
   * 40 + 50 + 60 + 70 + 80 + 90 = 390; six open months at 90: 540. */
  landing = kpi_landing_compute (revenue, calendar, year, NULL, forecaster, &error);
  ck_assert_ptr_null (error);
  ck_assert_uint_eq (kpi_landing_get_n_closed_periods (landing), 6);
  ck_assert_uint_eq (kpi_landing_get_n_forecast_periods (landing), 6);
  ck_assert_double_eq (kpi_landing_get_actual_to_date (landing), 390);
  ck_assert_double_eq (kpi_landing_get_value (landing), 930);
}
END_TEST

START_TEST (test_seasonal_history)
{
  /* From January 2023: 33 months of history, two full seasons, so the
   * default forecaster picks Holt–Winters. The series repeats itself every
   * year exactly (10 × month), so the forecast of October to December is
   * close to 100, 110 and 120. */
  g_autoptr(KpiDataset) orders = monthly_orders (2023, 1);
  g_autoptr(KpiIndicator) revenue = revenue_of (orders);
  g_autoptr(KpiCalendar) calendar = calendar_at ("2025-10-15T12:00:00Z", 1);
  g_autoptr(KpiPeriod) year = kpi_calendar_parse_period (calendar, "2025", NULL);
  g_autoptr(KpiLanding) landing = NULL;
  GError *error = NULL;

  landing = kpi_landing_compute (revenue, calendar, year, NULL, NULL, &error);
  ck_assert_ptr_null (error);
  ck_assert_int_eq (kpi_forecast_get_method (kpi_landing_get_forecast (landing)),
                    KPI_FORECAST_METHOD_HOLT_WINTERS);
  /* 450 + 100 + 110 + 120 = 780 */
  ck_assert_double_eq_tol (kpi_landing_get_value (landing), 780, 15);
  ck_assert (kpi_landing_get_lower (landing) <= kpi_landing_get_value (landing));
  ck_assert (kpi_landing_get_value (landing) <= kpi_landing_get_upper (landing));
}
END_TEST

START_TEST (test_errors)
{
  g_autoptr(KpiDataset) orders = monthly_orders (2024, 1);
  g_autoptr(KpiDataset) empty = kpi_dataset_new (NULL);
  g_autoptr(KpiIndicator) basket = kpi_indicator_new ("basket", "sum(amount) / count()", NULL);
  g_autoptr(KpiIndicator) revenue = revenue_of (orders);
  g_autoptr(KpiIndicator) nothing = kpi_indicator_new ("nothing", "sum(amount)", NULL);
  g_autoptr(KpiCalendar) calendar = calendar_at ("2025-10-15T12:00:00Z", 1);
  g_autoptr(KpiPeriod) year = kpi_calendar_parse_period (calendar, "2025", NULL);
  g_autoptr(KpiPeriod) month = kpi_calendar_parse_period (calendar, "2025-10", NULL);
  GError *error = NULL;

  /* An average basket is not the sum of monthly baskets. */
  kpi_indicator_set_dataset (basket, orders);
  ck_assert_ptr_null (kpi_landing_compute (basket, calendar, year, NULL, NULL, &error));
  ck_assert (g_error_matches (error, KPI_LANDING_ERROR, KPI_LANDING_ERROR_NOT_ADDITIVE));
  ck_assert_ptr_nonnull (strstr (error->message, "basket"));
  g_clear_error (&error);

  ck_assert_ptr_null (kpi_landing_compute (revenue, calendar, month, NULL, NULL, &error));
  ck_assert (g_error_matches (error, KPI_LANDING_ERROR, KPI_LANDING_ERROR_INVALID_PERIOD));
  ck_assert_ptr_nonnull (strstr (error->message, "2025-10"));
  g_clear_error (&error);

  /* The history of year 2 would start before the year 1. */
  {
    g_autoptr(KpiPeriod) early = kpi_calendar_parse_period (calendar, "0002", NULL);

    ck_assert_ptr_nonnull (early);
    ck_assert_ptr_null (kpi_landing_compute (revenue, calendar, early, NULL, NULL, &error));
    ck_assert (g_error_matches (error, KPI_LANDING_ERROR, KPI_LANDING_ERROR_INVALID_PERIOD));
    g_clear_error (&error);
  }

  /* No row at all: nothing to forecast from. */
  ck_assert (kpi_dataset_add_column (empty, "amount", KPI_COLUMN_MEASURE, NULL));
  kpi_indicator_set_dataset (nothing, empty);
  ck_assert_ptr_null (kpi_landing_compute (nothing, calendar, year, NULL, NULL, &error));
  ck_assert (g_error_matches (error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_NOT_ENOUGH_DATA));
  g_clear_error (&error);
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "naive-worked", test_naive_worked },
    { "year-over", test_year_over },
    { "year-not-started", test_year_not_started },
    { "fiscal-year", test_fiscal_year },
    { "seasonal-history", test_seasonal_history },
    { "errors", test_errors },
  };

  return kpi_test_run ("landing", cases, G_N_ELEMENTS (cases), 0);
}
