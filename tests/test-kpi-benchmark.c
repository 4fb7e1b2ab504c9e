/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of KpiBenchmark: monthly tables, yearly budgets phased evenly, by
 * working days and seasonally, stocks, previous period and last year (leap
 * February), a partial month compared like for like, provenance, the
 * small base derived from history, errors. */

#include <math.h>
#include <string.h>
#include <check.h>
#include "kpi-test.h"
#include <libkpi/kpi.h>

/* Online orders: February and March of 2023, 2024 (leap year) and 2025. */
static const char orders_csv[] =
  "date,channel,amount\n"
  "2023-02-10,online,70\n"
  "2023-02-28,online,50\n"
  "2023-03-05,online,200\n"
  "2023-03-20,online,1000\n"
  "2024-02-10,online,100\n"
  "2024-02-29,online,80\n"
  "2024-03-10,online,300\n"
  "2025-02-05,online,100\n"
  "2025-02-20,online,300\n"
  "2025-03-03,online,150\n"
  "2025-03-20,online,999\n"
  "2025-03-21,store,5000\n";

/* The generated budget.csv format: one row per month and channel. */
static const char budget_csv[] =
  "date,channel,revenue,cost\n"
  "2025-01-01,online,1000,600\n"
  "2025-01-01,store,500,300\n"
  "2025-02-01,online,1200,700\n"
  "2025-02-01,store,600,400\n"
  "2025-03-01,online,3100,1800\n"
  "2025-03-01,store,700,400\n";

/* The generated targets.csv format. */
static const char targets_csv[] =
  "date,indicator,target\n"
  "2025-01-01,revenue,1100\n"
  "2025-01-01,gross_margin_rate,0.34\n"
  "2025-02-01,revenue,1300\n"
  "2025-02-01,gross_margin_rate,0.34\n";

/* A yearly budget: one row for 2025. */
static const char yearly_csv[] =
  "date,channel,revenue,cost\n"
  "2025-01-01,online,120000,70000\n"
  "2025-01-01,store,60000,40000\n";

static const char * const holidays_2025[] = { "2025-01-01", "2025-05-01", "2025-12-25", NULL };

static KpiIndicator *
online_revenue (KpiDataset *orders)
{
  KpiIndicator *indicator = kpi_indicator_new ("online_revenue",
                                               "sum(amount where channel = \"online\")", NULL);

  ck_assert_ptr_nonnull (indicator);
  kpi_indicator_set_dataset (indicator, orders);
  kpi_indicator_set_unit (indicator, "EUR");
  return indicator;
}

static KpiBenchmark *
budget_benchmark (KpiDataset *table)
{
  g_autoptr(GError) error = NULL;
  KpiBenchmark *budget = kpi_table_benchmark_new (KPI_BENCHMARK_KIND_BUDGET, table,
                                                  "sum(revenue where channel = \"online\")",
                                                  &error);

  g_assert_no_error (error);
  ck_assert_ptr_nonnull (budget);
  kpi_benchmark_set_source_name (budget, "budget.csv");
  return budget;
}

/* The benchmark's provenance is @expected. */
static void
assert_provenance (KpiBenchmark *benchmark,
                   const char   *expected)
{
  g_autofree char *provenance = kpi_benchmark_dup_provenance (benchmark);

  ck_assert_str_eq (provenance, expected);
}

/* Evaluates @benchmark for @label. */
static double
reference (KpiBenchmark *benchmark,
           KpiIndicator *indicator,
           KpiCalendar  *cal,
           const char   *label)
{
  g_autoptr(KpiContext) ctx_cal = kpi_context_new (cal);
  g_autoptr(GError) error = NULL;
  g_autoptr(KpiPeriod) p = kpi_test_parse_period (cal, label);
  g_autoptr(KpiValue) v = kpi_benchmark_evaluate (benchmark, indicator, ctx_cal, p, &error);

  g_assert_no_error (error);
  ck_assert_ptr_nonnull (v);
  return kpi_value_get_value (v);
}

static KpiComparison *
compare (KpiBenchmark *benchmark,
         KpiIndicator *indicator,
         KpiCalendar  *cal,
         const char   *label)
{
  g_autoptr(KpiContext) ctx_cal = kpi_context_new (cal);
  g_autoptr(GError) error = NULL;
  g_autoptr(KpiPeriod) p = kpi_test_parse_period (cal, label);
  KpiComparison *c = kpi_benchmark_compare (benchmark, indicator, ctx_cal, p, &error);

  g_assert_no_error (error);
  ck_assert_ptr_nonnull (c);
  return c;
}

START_TEST (test_monthly_table)
{
  g_autoptr(KpiCalendar) cal = kpi_test_calendar_at ("2025-06-01T00:00:00Z", 1);
  g_autoptr(KpiDataset) orders = kpi_test_load (orders_csv, NULL);
  g_autoptr(KpiDataset) table = kpi_test_load (budget_csv, NULL);
  g_autoptr(KpiIndicator) revenue = online_revenue (orders);
  g_autoptr(KpiBenchmark) budget = budget_benchmark (table);
  g_autoptr(KpiComparison) february = NULL;

  ck_assert_int_eq (kpi_benchmark_get_kind (budget), KPI_BENCHMARK_KIND_BUDGET);
  ck_assert_int_eq (kpi_table_benchmark_get_source_granularity (KPI_TABLE_BENCHMARK (budget)), KPI_GRANULARITY_MONTH);
  ck_assert_ptr_eq (kpi_table_benchmark_get_table (KPI_TABLE_BENCHMARK (budget)), table);
  ck_assert_str_eq (kpi_table_benchmark_get_formula (KPI_TABLE_BENCHMARK (budget)), "sum(revenue where channel = \"online\")");

  /* The online budget of February 2025 is 1 200; of Q1, 1 000 + 1 200 +
   * 3 100 = 5 300 (the formula over the quarter adds the months). */
  kpi_test_assert_close_rel (reference (budget, revenue, cal, "2025-02"), 1200, 1e-9);
  kpi_test_assert_close_rel (reference (budget, revenue, cal, "2025-Q1"), 5300, 1e-9);
  /* No row for April: no budget was set, which is not a budget of 0 (the
   * formula's sum over no rows): the reference is missing. */
  ck_assert (isnan (reference (budget, revenue, cal, "2025-04")));

  /* February 2025 online: 100 + 300 = 400 against 1 200: delta -800,
   * relative change -800/1200, attainment 400/1200 = 1/3, off track. */
  february = compare (budget, revenue, cal, "2025-02");
  kpi_test_assert_close_rel (kpi_value_get_value (kpi_comparison_get_actual (february)), 400, 1e-9);
  kpi_test_assert_close_rel (kpi_value_get_value (kpi_comparison_get_reference (february)), 1200, 1e-9);
  kpi_test_assert_close_rel (kpi_comparison_get_delta (february), -800, 1e-9);
  kpi_test_assert_close_rel (kpi_comparison_get_relative_change (february), -800.0 / 1200, 1e-9);
  kpi_test_assert_close_rel (kpi_comparison_get_attainment (february), 1.0 / 3, 1e-9);
  ck_assert_int_eq (kpi_comparison_get_status (february), KPI_STATUS_OFF_TRACK);
  ck_assert_int_eq (kpi_comparison_get_kind (february), KPI_BENCHMARK_KIND_BUDGET);
  ck_assert (!(kpi_comparison_get_flags (february) & KPI_COMPARISON_FLAG_PARTIAL_PERIOD));
  ck_assert_str_eq (kpi_comparison_get_provenance (february),
                    "budget.csv, sum(revenue where channel = \"online\")");
}
END_TEST

START_TEST (test_targets_table)
{
  g_autoptr(KpiCalendar) cal = kpi_test_calendar_at ("2025-06-01T00:00:00Z", 1);
  g_autoptr(KpiDataset) orders = kpi_test_load (orders_csv, NULL);
  g_autoptr(KpiDataset) table = kpi_test_load (targets_csv, NULL);
  g_autoptr(KpiIndicator) revenue = online_revenue (orders);
  g_autoptr(KpiBenchmark) target = NULL;
  g_autoptr(KpiComparison) february = NULL;
  g_autoptr(GError) error = NULL;

  target = kpi_table_benchmark_new (KPI_BENCHMARK_KIND_TARGET, table,
                                    "sum(target where indicator = \"revenue\")", &error);
  g_assert_no_error (error);
  /* 400 against the target 1 300: attainment 400/1300. */
  february = compare (target, revenue, cal, "2025-02");
  kpi_test_assert_close_rel (kpi_value_get_value (kpi_comparison_get_reference (february)), 1300, 1e-9);
  kpi_test_assert_close_rel (kpi_comparison_get_attainment (february), 400.0 / 1300, 1e-9);
  ck_assert_int_eq (kpi_comparison_get_kind (february), KPI_BENCHMARK_KIND_TARGET);
  /* No source name: the provenance says "table". */
  ck_assert_str_eq (kpi_comparison_get_provenance (february),
                    "table, sum(target where indicator = \"revenue\")");
}
END_TEST

START_TEST (test_yearly_even)
{
  g_autoptr(KpiCalendar) cal = kpi_test_calendar_at ("2026-06-01T00:00:00Z", 1);
  g_autoptr(KpiContext) ctx_cal = kpi_context_new (cal);
  g_autoptr(KpiDataset) orders = kpi_test_load (orders_csv, NULL);
  g_autoptr(KpiDataset) table = kpi_test_load (yearly_csv, NULL);
  g_autoptr(KpiIndicator) revenue = online_revenue (orders);
  g_autoptr(KpiBenchmark) budget = budget_benchmark (table);
  g_autoptr(KpiPhasing) even = kpi_phasing_new (KPI_PHASING_METHOD_EVEN);
  g_autoptr(KpiComparison) march = NULL;
  g_autoptr(KpiPeriod) p = NULL;
  g_autoptr(GError) error = NULL;

  kpi_table_benchmark_set_source_granularity (KPI_TABLE_BENCHMARK (budget), KPI_GRANULARITY_YEAR);
  /* The whole year needs no phasing: 120 000. */
  kpi_test_assert_close_rel (reference (budget, revenue, cal, "2025"), 120000, 1e-9);

  /* A month of a yearly budget without a phasing is an error. */
  p = kpi_test_parse_period (cal, "2025-03");
  ck_assert_ptr_null (kpi_benchmark_evaluate (budget, revenue, ctx_cal, p, &error));
  g_assert_error (error, KPI_BENCHMARK_ERROR, KPI_BENCHMARK_ERROR_NEEDS_PHASING);
  g_clear_error (&error);
  ck_assert_ptr_null (kpi_benchmark_compare (budget, revenue, ctx_cal, p, &error));
  g_assert_error (error, KPI_BENCHMARK_ERROR, KPI_BENCHMARK_ERROR_NEEDS_PHASING);
  g_clear_error (&error);

  /* Evenly: 120 000 / 12 = 10 000 a month, 30 000 a quarter. */
  kpi_benchmark_set_phasing (budget, even);
  kpi_test_assert_close_rel (reference (budget, revenue, cal, "2025-03"), 10000, 1e-9);
  kpi_test_assert_close_rel (reference (budget, revenue, cal, "2025-02"), 10000, 1e-9);
  kpi_test_assert_close_rel (reference (budget, revenue, cal, "2025-Q2"), 30000, 1e-9);
  /* A day of March: 10 000 / 31. */
  kpi_test_assert_close_rel (reference (budget, revenue, cal, "2025-03-14"), 10000.0 / 31, 1e-9);

  march = compare (budget, revenue, cal, "2025-03");
  /* March 2025 online: 150 + 999 = 1 149 against 10 000. */
  kpi_test_assert_close_rel (kpi_comparison_get_delta (march), 1149 - 10000, 1e-9);
  ck_assert_str_eq (kpi_comparison_get_provenance (march),
                    "budget.csv, sum(revenue where channel = \"online\"), "
                    "phased evenly from years");
}
END_TEST

START_TEST (test_yearly_working_days)
{
  g_autoptr(KpiCalendar) cal = kpi_test_calendar_at ("2026-06-01T00:00:00Z", 1);
  g_autoptr(KpiDataset) orders = kpi_test_load (orders_csv, NULL);
  g_autoptr(KpiDataset) table = kpi_test_load (yearly_csv, NULL);
  g_autoptr(KpiIndicator) revenue = online_revenue (orders);
  g_autoptr(KpiBenchmark) budget = budget_benchmark (table);
  g_autoptr(KpiPhasing) working = kpi_phasing_new (KPI_PHASING_METHOD_WORKING_DAYS);
  g_autoptr(KpiComparison) january = NULL;

  ck_assert (kpi_phasing_set_holidays (working, holidays_2025, NULL));
  kpi_table_benchmark_set_source_granularity (KPI_TABLE_BENCHMARK (budget), KPI_GRANULARITY_YEAR);
  kpi_benchmark_set_phasing (budget, working);
  kpi_benchmark_set_version (budget, "2025-v3");
  /* 258 working days in 2025 (261 weekdays - 3 holidays); January has 22
   * (23 weekdays - 1 January), Q1 22 + 20 + 21 = 63. */
  kpi_test_assert_close_rel (reference (budget, revenue, cal, "2025-01"), 120000.0 * 22 / 258, 1e-9);
  kpi_test_assert_close_rel (reference (budget, revenue, cal, "2025-Q1"), 120000.0 * 63 / 258, 1e-9);

  january = compare (budget, revenue, cal, "2025-01");
  ck_assert_str_eq (kpi_comparison_get_provenance (january),
                    "budget.csv (version 2025-v3), sum(revenue where channel = \"online\"), "
                    "phased by working days from years");
  assert_provenance (budget,
                    "budget.csv (version 2025-v3), sum(revenue where channel = \"online\"), "
                    "phased by working days from years");
}
END_TEST

START_TEST (test_yearly_seasonal)
{
  g_autoptr(KpiCalendar) cal = kpi_test_calendar_at ("2026-06-01T00:00:00Z", 1);
  g_autoptr(KpiDataset) orders = kpi_test_load (orders_csv, NULL);
  g_autoptr(KpiDataset) table = kpi_test_load (yearly_csv, NULL);
  g_autoptr(KpiIndicator) revenue = online_revenue (orders);
  g_autoptr(KpiBenchmark) budget = budget_benchmark (table);
  g_autoptr(KpiPhasing) seasonal = kpi_phasing_new (KPI_PHASING_METHOD_SEASONAL);
  const double profile[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };

  ck_assert (kpi_phasing_set_profile (seasonal, profile, 12, NULL));
  kpi_table_benchmark_set_source_granularity (KPI_TABLE_BENCHMARK (budget), KPI_GRANULARITY_YEAR);
  kpi_benchmark_set_phasing (budget, seasonal);
  /* The profile adds up to 78: December 12/78 of 120 000, Q1 (1+2+3)/78. */
  kpi_test_assert_close_rel (reference (budget, revenue, cal, "2025-12"), 120000.0 * 12 / 78, 1e-9);
  kpi_test_assert_close_rel (reference (budget, revenue, cal, "2025-Q1"), 120000.0 * 6 / 78, 1e-9);
  assert_provenance (budget,
                    "budget.csv, sum(revenue where channel = \"online\"), "
                    "phased seasonally from years");
}
END_TEST

START_TEST (test_quarterly_target)
{
  static const char quarterly_csv[] =
    "date,indicator,target\n"
    "2025-01-01,revenue,30000\n"
    "2025-04-01,revenue,60000\n";
  g_autoptr(KpiCalendar) cal = kpi_test_calendar_at ("2026-06-01T00:00:00Z", 1);
  g_autoptr(KpiDataset) orders = kpi_test_load (orders_csv, NULL);
  g_autoptr(KpiDataset) table = kpi_test_load (quarterly_csv, NULL);
  g_autoptr(KpiIndicator) revenue = online_revenue (orders);
  g_autoptr(KpiBenchmark) target = NULL;
  g_autoptr(KpiPhasing) even = kpi_phasing_new (KPI_PHASING_METHOD_EVEN);

  target = kpi_table_benchmark_new (KPI_BENCHMARK_KIND_TARGET, table,
                                    "sum(target where indicator = \"revenue\")", NULL);
  ck_assert_ptr_nonnull (target);
  kpi_table_benchmark_set_source_granularity (KPI_TABLE_BENCHMARK (target), KPI_GRANULARITY_QUARTER);
  kpi_benchmark_set_phasing (target, even);
  /* 30 000 for Q1: 10 000 a month; 60 000 for Q2: 20 000 a month. */
  kpi_test_assert_close_rel (reference (target, revenue, cal, "2025-03"), 10000, 1e-9);
  kpi_test_assert_close_rel (reference (target, revenue, cal, "2025-04"), 20000, 1e-9);
  /* ISO week 2025-W14 runs Monday 31 March to Sunday 6 April: 1 day of
   * March (10 000 / 31) and 6 days of April (20 000 × 6/30). */
  kpi_test_assert_close_rel (reference (target, revenue, cal, "2025-W14"), 10000.0 / 31 + 20000.0 * 6 / 30, 1e-9);
  /* The half year is two whole quarters: 90 000, no phasing needed. */
  kpi_benchmark_set_phasing (target, NULL);
  kpi_test_assert_close_rel (reference (target, revenue, cal, "2025-01-01..2025-06-30"), 90000, 1e-9);
}
END_TEST

START_TEST (test_stock)
{
  static const char headcount_csv[] =
    "date,team,headcount\n"
    "2025-01-01,sales,10\n"
    "2025-02-01,sales,12\n"
    "2025-03-01,sales,14\n"
    "2025-03-01,support,6\n";
  static const char yearly_headcount_csv[] =
    "date,team,headcount\n"
    "2025-01-01,sales,50\n";
  g_autoptr(KpiCalendar) cal = kpi_test_calendar_at ("2026-06-01T00:00:00Z", 1);
  g_autoptr(KpiDataset) orders = kpi_test_load (orders_csv, NULL);
  g_autoptr(KpiDataset) monthly = kpi_test_load (headcount_csv, NULL);
  g_autoptr(KpiDataset) yearly = kpi_test_load (yearly_headcount_csv, NULL);
  g_autoptr(KpiIndicator) indicator = online_revenue (orders);
  g_autoptr(KpiBenchmark) plan = NULL;
  g_autoptr(KpiBenchmark) plan_year = NULL;
  g_autoptr(KpiPhasing) stock = kpi_phasing_new (KPI_PHASING_METHOD_EVEN);
  const char *formula = "sum(headcount where team = \"sales\")";

  kpi_phasing_set_measure_type (stock, KPI_MEASURE_TYPE_STOCK);
  plan = kpi_table_benchmark_new (KPI_BENCHMARK_KIND_PLAN, monthly, formula, NULL);
  kpi_benchmark_set_phasing (plan, stock);
  /* A quarter of a monthly stock is the mean of its months: (10+12+14)/3. */
  kpi_test_assert_close_rel (reference (plan, indicator, cal, "2025-Q1"), 12, 1e-9);
  /* The sum over teams is still a sum: sales + support in March = 20. */
  ck_assert_ptr_nonnull (plan_year = kpi_table_benchmark_new (KPI_BENCHMARK_KIND_PLAN, monthly,
                                                              "sum(headcount)", NULL));
  kpi_test_assert_close_rel (reference (plan_year, indicator, cal, "2025-03"), 20, 1e-9);
  g_clear_object (&plan_year);

  /* A yearly level of 50 is 50 in March and in any day. */
  plan_year = kpi_table_benchmark_new (KPI_BENCHMARK_KIND_PLAN, yearly, formula, NULL);
  kpi_table_benchmark_set_source_granularity (KPI_TABLE_BENCHMARK (plan_year), KPI_GRANULARITY_YEAR);
  kpi_benchmark_set_phasing (plan_year, stock);
  kpi_test_assert_close_rel (reference (plan_year, indicator, cal, "2025-03"), 50, 1e-9);
  kpi_test_assert_close_rel (reference (plan_year, indicator, cal, "2025-03-14"), 50, 1e-9);
}
END_TEST

START_TEST (test_previous_and_last_year)
{
  g_autoptr(KpiCalendar) cal = kpi_test_calendar_at ("2026-06-01T00:00:00Z", 1);
  g_autoptr(KpiContext) ctx_cal = kpi_context_new (cal);
  g_autoptr(KpiDataset) orders = kpi_test_load (orders_csv, NULL);
  g_autoptr(KpiIndicator) revenue = online_revenue (orders);
  g_autoptr(KpiBenchmark) previous = kpi_offset_benchmark_new (KPI_BENCHMARK_KIND_PREVIOUS_PERIOD, NULL);
  g_autoptr(KpiBenchmark) last_year = kpi_offset_benchmark_new (KPI_BENCHMARK_KIND_LAST_YEAR, NULL);
  g_autoptr(KpiComparison) c = NULL;
  g_autoptr(KpiPeriod) p = NULL;
  g_autoptr(KpiValue) v = NULL;

  /* March 2025 (150 + 999 = 1 149) against February 2025 (100 + 300). */
  c = compare (previous, revenue, cal, "2025-03");
  kpi_test_assert_close_rel (kpi_value_get_value (kpi_comparison_get_reference (c)), 400, 1e-9);
  kpi_test_assert_close_rel (kpi_comparison_get_delta (c), 749, 1e-9);
  ck_assert_str_eq (kpi_period_get_label (kpi_value_get_period (kpi_comparison_get_reference (c))),
                    "2025-02");
  ck_assert_str_eq (kpi_comparison_get_provenance (c), "previous period");
  ck_assert_int_eq (kpi_comparison_get_kind (c), KPI_BENCHMARK_KIND_PREVIOUS_PERIOD);
  g_clear_pointer (&c, kpi_comparison_unref);

  /* Leap February: 2024-02 (29 days: 100 + 80 = 180) against 2023-02 (28
   * days: 70 + 50 = 120): +60, +50 %. */
  c = compare (last_year, revenue, cal, "2024-02");
  kpi_test_assert_close_rel (kpi_value_get_value (kpi_comparison_get_actual (c)), 180, 1e-9);
  kpi_test_assert_close_rel (kpi_value_get_value (kpi_comparison_get_reference (c)), 120, 1e-9);
  kpi_test_assert_close_rel (kpi_comparison_get_relative_change (c), 0.5, 1e-9);
  ck_assert_str_eq (kpi_comparison_get_provenance (c), "same period last year");
  g_clear_pointer (&c, kpi_comparison_unref);

  /* The day 29 February 2024 (80) against 28 February 2023 (50). */
  p = kpi_test_parse_period (cal, "2024-02-29");
  v = kpi_benchmark_evaluate (last_year, revenue, ctx_cal, p, NULL);
  ck_assert_str_eq (kpi_period_get_label (kpi_value_get_period (v)), "2023-02-28");
  kpi_test_assert_close_rel (kpi_value_get_value (v), 50, 1e-9);
  c = compare (last_year, revenue, cal, "2024-02-29");
  kpi_test_assert_close_rel (kpi_comparison_get_delta (c), 30, 1e-9);
  g_clear_pointer (&c, kpi_comparison_unref);

  /* February 2025 against the leap February 2024: 400 against 180. */
  c = compare (last_year, revenue, cal, "2025-02");
  kpi_test_assert_close_rel (kpi_comparison_get_delta (c), 220, 1e-9);
}
END_TEST

START_TEST (test_partial_month)
{
  /* Now is midnight starting 15 March 2025: 14 days of March are over. */
  g_autoptr(KpiCalendar) cal = kpi_test_calendar_at ("2025-03-15T00:00:00Z", 1);
  g_autoptr(KpiDataset) orders = kpi_test_load (orders_csv, NULL);
  g_autoptr(KpiDataset) table = kpi_test_load (budget_csv, NULL);
  g_autoptr(KpiIndicator) revenue = online_revenue (orders);
  g_autoptr(KpiIndicator) rate = NULL;
  g_autoptr(KpiBenchmark) previous = kpi_offset_benchmark_new (KPI_BENCHMARK_KIND_PREVIOUS_PERIOD, NULL);
  g_autoptr(KpiBenchmark) last_year = kpi_offset_benchmark_new (KPI_BENCHMARK_KIND_LAST_YEAR, NULL);
  g_autoptr(KpiBenchmark) budget = budget_benchmark (table);
  g_autoptr(KpiBenchmark) constant = kpi_constant_benchmark_new (KPI_BENCHMARK_KIND_TARGET, 3100, NULL);
  g_autoptr(KpiBenchmark) rate_target = kpi_constant_benchmark_new (KPI_BENCHMARK_KIND_TARGET, 0.34, NULL);
  g_autoptr(KpiPhasing) working = kpi_phasing_new (KPI_PHASING_METHOD_WORKING_DAYS);
  g_autoptr(KpiComparison) c = NULL;

  /* Month to date: 150 (3 March; the rows of 20 March are not in it).
   * Previous period like for like: 1 to 14 February = 100 (5 February). */
  c = compare (previous, revenue, cal, "2025-03");
  ck_assert (kpi_comparison_get_flags (c) & KPI_COMPARISON_FLAG_PARTIAL_PERIOD);
  kpi_test_assert_close_rel (kpi_value_get_value (kpi_comparison_get_actual (c)), 150, 1e-9);
  kpi_test_assert_close_rel (kpi_value_get_value (kpi_comparison_get_reference (c)), 100, 1e-9);
  kpi_test_assert_close_rel (kpi_comparison_get_relative_change (c), 0.5, 1e-9);
  ck_assert_str_eq (kpi_period_get_label (kpi_value_get_period (kpi_comparison_get_reference (c))),
                    "2025-02..2025-02-14");
  ck_assert_str_eq (kpi_comparison_get_provenance (c),
                    "previous period, like for like: 2025-02..2025-02-14");
  g_clear_pointer (&c, kpi_comparison_unref);

  /* Last year: 1 to 14 March 2024 = 300 (10 March). */
  c = compare (last_year, revenue, cal, "2025-03");
  kpi_test_assert_close_rel (kpi_value_get_value (kpi_comparison_get_reference (c)), 300, 1e-9);
  kpi_test_assert_close_rel (kpi_comparison_get_relative_change (c), -0.5, 1e-9);
  g_clear_pointer (&c, kpi_comparison_unref);

  /* The March budget, 3 100, pro-rated evenly: 3 100 × 14/31 = 1 400. */
  c = compare (budget, revenue, cal, "2025-03");
  ck_assert (kpi_comparison_get_flags (c) & KPI_COMPARISON_FLAG_PARTIAL_PERIOD);
  kpi_test_assert_close_rel (kpi_value_get_value (kpi_comparison_get_reference (c)), 1400, 1e-9);
  kpi_test_assert_close_rel (kpi_comparison_get_delta (c), 150 - 1400, 1e-9);
  ck_assert_str_eq (kpi_comparison_get_provenance (c),
                    "budget.csv, sum(revenue where channel = \"online\"), "
                    "phased evenly from months, to 2025-03..2025-03-14");
  g_clear_pointer (&c, kpi_comparison_unref);

  /* By working days: March 2025 has 21, 1 to 14 March 10 (3-7, 10-14):
   * 3 100 × 10/21. */
  kpi_benchmark_set_phasing (budget, working);
  c = compare (budget, revenue, cal, "2025-03");
  kpi_test_assert_close_rel (kpi_value_get_value (kpi_comparison_get_reference (c)), 3100.0 * 10 / 21, 1e-9);
  g_clear_pointer (&c, kpi_comparison_unref);

  /* A constant flow target is pro-rated the same way: 1 400. */
  c = compare (constant, revenue, cal, "2025-03");
  kpi_test_assert_close_rel (kpi_value_get_value (kpi_comparison_get_reference (c)), 1400, 1e-9);
  ck_assert_str_eq (kpi_comparison_get_provenance (c),
                    "constant 3100, pro-rated evenly to 2025-03..2025-03-14");
  g_clear_pointer (&c, kpi_comparison_unref);

  /* A rate is a level: its target is not pro-rated. Margin rate to date:
   * 150 of online revenue at 0.3 → the target stays 0.34. */
  rate = kpi_indicator_new ("online_share",
                            "sum(amount where channel = \"online\") / sum(amount)", NULL);
  kpi_indicator_set_dataset (rate, orders);
  kpi_comparison_policy_set_rate_scale (kpi_indicator_get_policy (rate), KPI_RATE_SCALE_FRACTION);
  c = compare (rate_target, rate, cal, "2025-03");
  kpi_test_assert_close_rel (kpi_value_get_value (kpi_comparison_get_reference (c)), 0.34, 1e-9);
  /* Only online rows up to 14 March: a share of 1. */
  kpi_test_assert_close_rel (kpi_value_get_value (kpi_comparison_get_actual (c)), 1, 1e-9);
  ck_assert_str_eq (kpi_comparison_get_provenance (c), "constant 0.34");
  g_clear_pointer (&c, kpi_comparison_unref);

  /* February is over: no partial flag, the whole month (400). */
  c = compare (previous, revenue, cal, "2025-02");
  ck_assert (!(kpi_comparison_get_flags (c) & KPI_COMPARISON_FLAG_PARTIAL_PERIOD));
  kpi_test_assert_close_rel (kpi_value_get_value (kpi_comparison_get_actual (c)), 400, 1e-9);
}
END_TEST

START_TEST (test_provenance)
{
  g_autoptr(KpiDataset) table = kpi_test_load (budget_csv, NULL);
  g_autoptr(KpiBenchmark) constant = kpi_constant_benchmark_new (KPI_BENCHMARK_KIND_TARGET, 0.34, NULL);
  g_autoptr(KpiBenchmark) big = kpi_constant_benchmark_new (KPI_BENCHMARK_KIND_PEER, 1250000, NULL);
  g_autoptr(KpiBenchmark) previous = kpi_offset_benchmark_new (KPI_BENCHMARK_KIND_PREVIOUS_PERIOD, NULL);
  g_autoptr(KpiBenchmark) last_year = kpi_offset_benchmark_new (KPI_BENCHMARK_KIND_LAST_YEAR, NULL);
  g_autoptr(KpiBenchmark) budget = budget_benchmark (table);
  g_autofree char *text = NULL;
  int notified = 0;

  assert_provenance (constant, "constant 0.34");
  assert_provenance (big, "constant 1250000");
  assert_provenance (previous, "previous period");
  assert_provenance (last_year, "same period last year");
  assert_provenance (budget,
                    "budget.csv, sum(revenue where channel = \"online\")");

  g_signal_connect_swapped (budget, "notify::provenance", G_CALLBACK (g_atomic_int_inc), &notified);
  kpi_benchmark_set_version (budget, "2025-v3");
  kpi_benchmark_set_version (budget, "2025-v3");  /* unchanged: no notify */
  kpi_benchmark_set_name (budget, "Budget 2025");  /* not in the provenance */
  ck_assert_int_eq (notified, 1);
  g_object_get (budget, "provenance", &text, NULL);
  ck_assert_str_eq (text, "budget.csv (version 2025-v3), sum(revenue where channel = \"online\")");
  ck_assert_str_eq (kpi_benchmark_get_name (budget), "Budget 2025");
  ck_assert_str_eq (kpi_benchmark_get_version (budget), "2025-v3");
  ck_assert_str_eq (kpi_benchmark_get_source_name (budget), "budget.csv");
}
END_TEST

/* Online amounts 1 000 a month in 2024 except 50 in December, 400 in
 * January 2025. */
static KpiDataset *
history (void)
{
  KpiDataset *dataset = kpi_dataset_new ("date");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  const char *dims[] = { "online" };

  ck_assert (kpi_dataset_add_column (dataset, "channel", KPI_COLUMN_DIMENSION, NULL));
  ck_assert (kpi_dataset_add_column (dataset, "amount", KPI_COLUMN_MEASURE, NULL));
  for (int m = 1; m <= 13; m++)
    {
      g_autoptr(GDateTime) dt = g_date_time_new (utc, m <= 12 ? 2024 : 2025, m <= 12 ? m : 1,
                                                 10, 0, 0, 0);
      double amount = m < 12 ? 1000 : m == 12 ? 50 : 400;

      ck_assert (kpi_dataset_append_row (dataset, g_date_time_to_unix (dt) * G_USEC_PER_SEC,
                                         dims, 1, &amount, 1, NULL));
    }
  return dataset;
}

START_TEST (test_small_base)
{
  g_autoptr(KpiCalendar) cal = kpi_test_calendar_at ("2026-06-01T00:00:00Z", 1);
  g_autoptr(KpiDataset) orders = history ();
  g_autoptr(KpiIndicator) revenue = online_revenue (orders);
  g_autoptr(KpiIndicator) basket = NULL;
  g_autoptr(KpiDataset) two = NULL;
  g_autoptr(KpiDataset) three = NULL;
  g_autoptr(KpiBenchmark) previous = kpi_offset_benchmark_new (KPI_BENCHMARK_KIND_PREVIOUS_PERIOD, NULL);
  g_autoptr(KpiComparison) c = NULL;

  ck_assert (isnan (kpi_comparison_policy_get_small_base (kpi_indicator_get_policy (revenue))));
  /* January 2025 (400) against December 2024 (50): +700 %. The 12 months
   * before January 2025 are eleven 1 000 and one 50: median 1 000, so the
   * minimum base is 100 and 50 is a small base. */
  c = compare (previous, revenue, cal, "2025-01");
  kpi_test_assert_close_rel (kpi_comparison_get_relative_change (c), 7, 1e-9);
  ck_assert (kpi_comparison_get_flags (c) & KPI_COMPARISON_FLAG_SMALL_BASE);
  g_clear_pointer (&c, kpi_comparison_unref);

  /* December 2024 (50) against November (1 000): the base is not small. */
  c = compare (previous, revenue, cal, "2024-12");
  ck_assert (!(kpi_comparison_get_flags (c) & KPI_COMPARISON_FLAG_SMALL_BASE));
  g_clear_pointer (&c, kpi_comparison_unref);

  /* The indicator's own minimum (10) wins over the derived one. */
  kpi_comparison_policy_set_small_base (kpi_indicator_get_policy (revenue), 10, NULL);
  c = compare (previous, revenue, cal, "2025-01");
  ck_assert (!(kpi_comparison_get_flags (c) & KPI_COMPARISON_FLAG_SMALL_BASE));
  g_clear_pointer (&c, kpi_comparison_unref);

  /* Fewer than 3 values of history: no test. The average amount is
   * missing in months without rows: March 2024 against February (5) has
   * only January (1 000) and February in its history. */
  two = kpi_test_load ("date,channel,amount\n"
                       "2024-01-10,online,1000\n"
                       "2024-02-10,online,5\n"
                       "2024-03-10,online,1000\n", NULL);
  basket = kpi_indicator_new ("basket", "avg(amount)", NULL);
  kpi_indicator_set_dataset (basket, two);
  c = compare (previous, basket, cal, "2024-03");
  kpi_test_assert_close_rel (kpi_comparison_get_delta (c), 995, 1e-9);
  ck_assert (!(kpi_comparison_get_flags (c) & KPI_COMPARISON_FLAG_SMALL_BASE));
  g_clear_pointer (&c, kpi_comparison_unref);
  g_clear_object (&basket);

  /* With a third value (December 2023: 1 000), the median of 1 000, 1 000
   * and 5 is 1 000: the minimum base is 100 and 5 is small. */
  three = kpi_test_load ("date,channel,amount\n"
                         "2023-12-10,online,1000\n"
                         "2024-01-10,online,1000\n"
                         "2024-02-10,online,5\n"
                         "2024-03-10,online,1000\n", NULL);
  basket = kpi_indicator_new ("basket", "avg(amount)", NULL);
  kpi_indicator_set_dataset (basket, three);
  c = compare (previous, basket, cal, "2024-03");
  ck_assert (kpi_comparison_get_flags (c) & KPI_COMPARISON_FLAG_SMALL_BASE);
}
END_TEST

/* The article's warning: +600 % on a small start. About 50 000 a month
 * from January to May 2025, then 1 000 in June and 7 000 in July. The 12
 * months before July hold six months of data (the six before are outside
 * the data, not zeros): 1 000 and five times about 50 000, median 50 000,
 * so the minimum base is 5 000 and June's 1 000 is a small base. Counting
 * the months before the data as 0 made the median (0 + 1 000) / 2 and the
 * minimum base 50, and the +600 % went unflagged. */
START_TEST (test_small_base_from_data)
{
  g_autoptr(KpiCalendar) cal = kpi_test_calendar_at ("2026-06-01T00:00:00Z", 1);
  g_autoptr(KpiDataset) orders = kpi_test_load ("date,channel,amount\n"
                                                "2025-01-15,online,50000\n"
                                                "2025-02-15,online,49000\n"
                                                "2025-03-15,online,51000\n"
                                                "2025-04-15,online,50500\n"
                                                "2025-05-15,online,49500\n"
                                                "2025-06-15,online,1000\n"
                                                "2025-07-15,online,7000\n", NULL);
  g_autoptr(KpiIndicator) revenue = online_revenue (orders);
  g_autoptr(KpiBenchmark) previous = kpi_offset_benchmark_new (KPI_BENCHMARK_KIND_PREVIOUS_PERIOD, NULL);
  g_autoptr(KpiComparison) c = NULL;

  c = compare (previous, revenue, cal, "2025-07");
  kpi_test_assert_close_rel (kpi_comparison_get_relative_change (c), 6, 1e-9);
  ck_assert_msg (kpi_comparison_get_flags (c) & KPI_COMPARISON_FLAG_SMALL_BASE,
                 "flags %x", kpi_comparison_get_flags (c));
  g_clear_pointer (&c, kpi_comparison_unref);

  /* January against December 2024, before the data: no reference at all
   * (not a zero base, not "on track") */
  c = compare (previous, revenue, cal, "2025-01");
  ck_assert (kpi_value_is_missing (kpi_comparison_get_reference (c)));
  ck_assert (kpi_value_get_flags (kpi_comparison_get_reference (c)) & KPI_VALUE_FLAG_NO_DATA);
  ck_assert (kpi_comparison_get_flags (c) & KPI_COMPARISON_FLAG_NO_REFERENCE);
  ck_assert (!(kpi_comparison_get_flags (c) & KPI_COMPARISON_FLAG_ZERO_BASE));
  ck_assert_int_eq (kpi_comparison_get_status (c), KPI_STATUS_UNKNOWN);
}
END_TEST

START_TEST (test_compare_series)
{
  g_autoptr(KpiCalendar) cal = kpi_test_calendar_at ("2025-06-01T00:00:00Z", 1);
  g_autoptr(KpiContext) ctx_cal = kpi_context_new (cal);
  g_autoptr(KpiDataset) orders = kpi_test_load (orders_csv, NULL);
  g_autoptr(KpiDataset) table = kpi_test_load (budget_csv, NULL);
  g_autoptr(KpiIndicator) revenue = online_revenue (orders);
  g_autoptr(KpiBenchmark) budget = budget_benchmark (table);
  g_autoptr(KpiPeriod) first = kpi_test_parse_period (cal, "2025-01");
  g_autoptr(KpiPeriod) last = kpi_test_parse_period (cal, "2025-03");
  g_autoptr(GPtrArray) series = NULL;
  g_autoptr(GError) error = NULL;
  const double actual[] = { 0, 400, 1149 }, budgeted[] = { 1000, 1200, 3100 };

  series = kpi_benchmark_compare_series (budget, revenue, ctx_cal, first, last, &error);
  g_assert_no_error (error);
  ck_assert_uint_eq (series->len, 3);
  for (guint i = 0; i < 3; i++)
    {
      KpiComparison *c = g_ptr_array_index (series, i);

      kpi_test_assert_close_rel (kpi_value_get_value (kpi_comparison_get_actual (c)), actual[i], 1e-9);
      kpi_test_assert_close_rel (kpi_value_get_value (kpi_comparison_get_reference (c)), budgeted[i], 1e-9);
      ck_assert_int_eq (kpi_comparison_get_status (c), KPI_STATUS_OFF_TRACK);
    }
}
END_TEST

START_TEST (test_errors)
{
  g_autoptr(KpiDataset) table = kpi_test_load (budget_csv, NULL);
  g_autoptr(GError) error = NULL;

  ck_assert_ptr_null (kpi_table_benchmark_new (KPI_BENCHMARK_KIND_BUDGET, table,
                                               "sum(revenue", &error));
  g_assert_error (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_SYNTAX);
  g_clear_error (&error);
  ck_assert_ptr_null (kpi_table_benchmark_new (KPI_BENCHMARK_KIND_BUDGET, table,
                                               "sum(revenu where channel = \"online\")", &error));
  g_assert_error (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_UNKNOWN_FIELD);
  ck_assert_ptr_nonnull (strstr (error->message, "revenu"));
  g_clear_error (&error);
  ck_assert_ptr_null (kpi_table_benchmark_new (KPI_BENCHMARK_KIND_BUDGET, table,
                                               "sum(revenue where region = \"west\")", &error));
  g_assert_error (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_UNKNOWN_FIELD);
  g_clear_error (&error);
  ck_assert_ptr_null (kpi_table_benchmark_new (KPI_BENCHMARK_KIND_BUDGET, table,
                                               "sum(revenue) / @orders", &error));
  g_assert_error (error, KPI_BENCHMARK_ERROR, KPI_BENCHMARK_ERROR_REFERENCE);
  g_clear_error (&error);

  /* Kinds that do not fit the source: an error, not a critical */
  ck_assert_ptr_null (kpi_offset_benchmark_new (KPI_BENCHMARK_KIND_TARGET, &error));
  g_assert_error (error, KPI_BENCHMARK_ERROR, KPI_BENCHMARK_ERROR_INVALID_KIND);
  ck_assert_ptr_nonnull (strstr (error->message, "not a target"));
  g_clear_error (&error);
  ck_assert_ptr_null (kpi_table_benchmark_new (KPI_BENCHMARK_KIND_LAST_YEAR, table,
                                               "sum(revenue)", &error));
  g_assert_error (error, KPI_BENCHMARK_ERROR, KPI_BENCHMARK_ERROR_INVALID_KIND);
  ck_assert_ptr_nonnull (strstr (error->message, "same period last year"));
}
END_TEST

/* The generated sample: budget.csv against orders.csv, month by month. */
START_TEST (test_generated_sample)
{
  const char *dir = g_getenv ("KPI_TEST_DATA");
  g_autoptr(KpiCalendar) cal = kpi_test_calendar_at ("2030-01-01T00:00:00Z", 1);
  g_autoptr(KpiContext) ctx_cal = kpi_context_new (cal);
  g_autoptr(KpiDataset) orders = kpi_dataset_new (NULL);
  g_autoptr(KpiDataset) table = kpi_dataset_new (NULL);
  g_autoptr(KpiIndicator) revenue = NULL;
  g_autoptr(KpiBenchmark) budget = NULL;
  g_autoptr(KpiPeriod) first = NULL;
  g_autoptr(KpiPeriod) last = NULL;
  g_autoptr(GPtrArray) series = NULL;
  g_autofree char *orders_path = NULL;
  g_autofree char *budget_path = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL)
    return;
  orders_path = g_build_filename (dir, "orders.csv", NULL);
  budget_path = g_build_filename (dir, "budget.csv", NULL);
  if (!g_file_test (budget_path, G_FILE_TEST_EXISTS))
    return;
  ck_assert (kpi_dataset_load_path (orders, orders_path, NULL, &error));
  ck_assert (kpi_dataset_load_path (table, budget_path, NULL, &error));
  revenue = online_revenue (orders);
  budget = budget_benchmark (table);
  first = kpi_test_parse_period (cal, "2024-01");
  last = kpi_test_parse_period (cal, "2025-12");
  series = kpi_benchmark_compare_series (budget, revenue, ctx_cal, first, last, &error);
  g_assert_no_error (error);
  ck_assert_uint_eq (series->len, 24);
  /* docs/sample-data.md: every month is within ±10 % of the budget except
   * May 2025 online (an outlier spike, about +17 %). */
  for (guint i = 0; i < series->len; i++)
    {
      KpiComparison *c = g_ptr_array_index (series, i);
      const char *label = kpi_period_get_label (kpi_value_get_period (kpi_comparison_get_actual (c)));
      double change = kpi_comparison_get_relative_change (c);

      if (g_str_equal (label, "2025-05"))
        ck_assert_msg (change > 0.10, "%s: %g", label, change);
      else
        ck_assert_msg (fabs (change) <= 0.10, "%s: %g", label, change);
    }
}
END_TEST

/* Revenue growing by 10 a month: 100 in January 2024, on the first of
 * each month, to December 2025 (2025-03 is 100 + 10 × 14 = 240). */
static KpiDataset *
linear_months (void)
{
  g_autoptr(GString) csv = g_string_new ("date,amount\n");

  for (int i = 0; i < 24; i++)
    g_string_append_printf (csv, "%d-%02d-01,%d\n", 2024 + i / 12, 1 + i % 12, 100 + 10 * i);
  return kpi_test_load (csv->str, NULL);
}

static KpiForecaster *
holt (void)
{
  return g_object_new (KPI_TYPE_FORECASTER, "method", KPI_FORECAST_METHOD_HOLT,
                       "alpha", 0.5, "beta", 0.5, NULL);
}

START_TEST (test_forecast_benchmark)
{
  g_autoptr(KpiDataset) orders = linear_months ();
  g_autoptr(KpiIndicator) revenue = kpi_indicator_new ("revenue", "sum(amount)", NULL);
  g_autoptr(KpiForecaster) forecaster = holt ();
  g_autoptr(KpiBenchmark) forecast = kpi_forecast_benchmark_new (forecaster);
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-06-16T00:00:00Z", 1);
  g_autoptr(KpiContext) ctx_calendar = kpi_context_new (calendar);
  g_autoptr(KpiPeriod) march = kpi_calendar_parse_period (calendar, "2025-03", NULL);
  g_autoptr(KpiPeriod) june = kpi_calendar_parse_period (calendar, "2025-06", NULL);
  g_autoptr(KpiPeriod) august = kpi_calendar_parse_period (calendar, "2025-08", NULL);
  g_autoptr(KpiComparison) c = NULL;
  g_autoptr(KpiValue) ahead = NULL;
  GError *error = NULL;

  kpi_indicator_set_dataset (revenue, orders);
  ck_assert_int_eq (kpi_benchmark_get_kind (forecast), KPI_BENCHMARK_KIND_FORECAST);
  assert_provenance (forecast, "forecast");

  /* Holt on an exact line (level₀ = y₀, trend₀ = y₁ − y₀ = 10) forecasts
   * the line whatever α and β: March 2025 from January 2024 to February
   * 2025 is 240, the actual. */
  c = kpi_benchmark_compare (forecast, revenue, ctx_calendar, march, &error);
  ck_assert_ptr_null (error);
  kpi_test_assert_close_rel (kpi_value_get_value (kpi_comparison_get_reference (c)), 240, 1e-9);
  kpi_test_assert_close_rel (kpi_comparison_get_attainment (c), 1.0, 1e-9);
  ck_assert_int_eq (kpi_comparison_get_status (c), KPI_STATUS_ON_TRACK);
  ck_assert (g_str_has_prefix (kpi_comparison_get_provenance (c),
                               "forecast by Holt linear trend (α=0.50, β=0.50) on 14 periods"));
  g_clear_pointer (&c, kpi_comparison_unref);

  /* August is three steps ahead of May, the last month over on 16 June:
   * 260 + 3 × 10 = 290 (the rows of June to August are not looked at). */
  ahead = kpi_benchmark_evaluate (forecast, revenue, ctx_calendar, august, &error);
  ck_assert_ptr_null (error);
  kpi_test_assert_close_rel (kpi_value_get_value (ahead), 290, 1e-9);

  /* June is half over (15 days of 30): its forecast, 270, is pro-rated to
   * 135, and the actual is June to date (the row of 1 June, 270). */
  c = kpi_benchmark_compare (forecast, revenue, ctx_calendar, june, &error);
  ck_assert_ptr_null (error);
  kpi_test_assert_close_rel (kpi_value_get_value (kpi_comparison_get_reference (c)), 135, 1e-9);
  kpi_test_assert_close_rel (kpi_value_get_value (kpi_comparison_get_actual (c)), 270, 1e-9);
  ck_assert (kpi_comparison_get_flags (c) & KPI_COMPARISON_FLAG_PARTIAL_PERIOD);
  ck_assert_ptr_nonnull (strstr (kpi_comparison_get_provenance (c), "pro-rated evenly"));
}
END_TEST

START_TEST (test_forecast_accuracy)
{
  g_autoptr(KpiDataset) orders = linear_months ();
  /* An external forecast 5 above every actual of January to May 2025
   * (actuals 220, 230, 240, 250, 260), and one for June that is not over. */
  g_autoptr(KpiDataset) external = kpi_test_load ("date,forecast\n"
                                                  "2025-01-01,225\n2025-02-01,235\n2025-03-01,245\n"
                                                  "2025-04-01,255\n2025-05-01,265\n2025-06-01,999\n", NULL);
  g_autoptr(KpiIndicator) revenue = kpi_indicator_new ("revenue", "sum(amount)", NULL);
  g_autoptr(KpiBenchmark) table = NULL;
  g_autoptr(KpiForecaster) forecaster = holt ();
  g_autoptr(KpiBenchmark) model = kpi_forecast_benchmark_new (forecaster);
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-06-16T00:00:00Z", 1);
  g_autoptr(KpiContext) ctx_calendar = kpi_context_new (calendar);
  g_autoptr(KpiPeriod) january = kpi_calendar_parse_period (calendar, "2025-01", NULL);
  g_autoptr(KpiPeriod) december = kpi_calendar_parse_period (calendar, "2025-12", NULL);
  g_autoptr(KpiPeriod) june = kpi_calendar_parse_period (calendar, "2025-06", NULL);
  g_autoptr(KpiForecastAccuracy) accuracy = NULL;
  GError *error = NULL;
  double mape;

  kpi_indicator_set_dataset (revenue, orders);
  table = kpi_table_benchmark_new (KPI_BENCHMARK_KIND_FORECAST, external, "sum(forecast)", &error);
  ck_assert_ptr_null (error);

  /* Only January to May are over: 5 pairs, each error actual − forecast
   * = −5. Mean error mean(actual − forecast) = −5, MAD = 5, tracking signal
   * Σ(actual − forecast) / MAD = −25 / 5 = −5: beyond −4, over-forecasting.
   * MAPE = 100 × mean(5 / actual). */
  accuracy = kpi_benchmark_measure_accuracy (table, revenue, ctx_calendar, january, december, &error);
  ck_assert_ptr_null (error);
  ck_assert_uint_eq (kpi_forecast_accuracy_get_n_pairs (accuracy), 5);
  kpi_test_assert_close_rel (kpi_forecast_accuracy_get_mean_error (accuracy), -5, 1e-9);
  kpi_test_assert_close_rel (kpi_forecast_accuracy_get_mean_absolute_deviation (accuracy), 5, 1e-9);
  kpi_test_assert_close_rel (kpi_forecast_accuracy_get_tracking_signal (accuracy), -5, 1e-9);
  ck_assert_int_eq (kpi_forecast_accuracy_get_bias_direction (accuracy, NAN),
                    KPI_FORECAST_BIAS_OVER_FORECASTING);
  mape = 100 * (5.0 / 220 + 5.0 / 230 + 5.0 / 240 + 5.0 / 250 + 5.0 / 260) / 5;
  kpi_test_assert_close_rel (kpi_forecast_accuracy_get_mape (accuracy), mape, 1e-9);
  g_clear_pointer (&accuracy, kpi_forecast_accuracy_unref);

  /* The model's own forecasts, one step ahead each month, are exact on a
   * line: no error at all. */
  accuracy = kpi_benchmark_measure_accuracy (model, revenue, ctx_calendar, january, december, &error);
  ck_assert_ptr_null (error);
  ck_assert_uint_eq (kpi_forecast_accuracy_get_n_pairs (accuracy), 5);
  kpi_test_assert_close_rel (kpi_forecast_accuracy_get_mape (accuracy), 0, 1e-9);
  ck_assert_int_eq (kpi_forecast_accuracy_get_bias_direction (accuracy, NAN), KPI_FORECAST_BIAS_NONE);
  g_clear_pointer (&accuracy, kpi_forecast_accuracy_unref);

  /* Nothing is over from June on: nothing to judge. */
  ck_assert_ptr_null (kpi_benchmark_measure_accuracy (table, revenue, ctx_calendar, june, december, &error));
  ck_assert (g_error_matches (error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_NOT_ENOUGH_DATA));
  g_clear_error (&error);
}
END_TEST

static GDateTime *
utc (const char *iso)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_utc ();

  return g_date_time_new_from_iso8601 (iso, zone);
}

START_TEST (test_plan_benchmark)
{
  /* Did project Apollo go as planned? Progress reports, and a plan of 0 %
   * on 1 January, 50 % on 1 February, 100 % on 1 April (59 days later). */
  g_autoptr(KpiDataset) reports = kpi_test_load ("date,progress\n"
                                                 "2025-01-10,10\n2025-01-24,30\n2025-01-31,40\n"
                                                 "2025-02-10,55\n", NULL);
  g_autoptr(KpiIndicator) progress = kpi_indicator_new ("apollo", "last(progress)", NULL);
  g_autoptr(KpiPlan) plan = kpi_plan_new ("Apollo");
  g_autoptr(GDateTime) d1 = utc ("2025-01-01T00:00:00Z");
  g_autoptr(GDateTime) d2 = utc ("2025-02-01T00:00:00Z");
  g_autoptr(GDateTime) d3 = utc ("2025-04-01T00:00:00Z");
  g_autoptr(KpiBenchmark) planned = NULL;
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-02-15T00:00:00Z", 1);
  g_autoptr(KpiContext) ctx_calendar = kpi_context_new (calendar);
  g_autoptr(KpiPeriod) january = kpi_calendar_parse_period (calendar, "2025-01", NULL);
  g_autoptr(KpiPeriod) february = kpi_calendar_parse_period (calendar, "2025-02", NULL);
  g_autoptr(KpiComparison) c = NULL;
  GError *error = NULL;

  kpi_indicator_set_dataset (progress, reports);
  kpi_indicator_set_unit (progress, "%");
  kpi_comparison_policy_set_rate_scale (kpi_indicator_get_policy (progress), KPI_RATE_SCALE_PERCENT);
  ck_assert (kpi_plan_add_milestone (plan, g_date_time_to_unix (d1) * G_USEC_PER_SEC, 0, NULL));
  ck_assert (kpi_plan_add_milestone (plan, g_date_time_to_unix (d2) * G_USEC_PER_SEC, 50, NULL));
  ck_assert (kpi_plan_add_milestone (plan, g_date_time_to_unix (d3) * G_USEC_PER_SEC, 100, NULL));
  planned = kpi_plan_benchmark_new (plan);
  ck_assert_int_eq (kpi_benchmark_get_kind (planned), KPI_BENCHMARK_KIND_PLAN);
  assert_provenance (planned, "plan “Apollo”");

  /* End of January: 40 % done against 50 % planned: −10 points,
   * attainment 0.8, off track. */
  c = kpi_benchmark_compare (planned, progress, ctx_calendar, january, &error);
  ck_assert_ptr_null (error);
  kpi_test_assert_close_rel (kpi_value_get_value (kpi_comparison_get_reference (c)), 50, 1e-9);
  kpi_test_assert_close_rel (kpi_comparison_get_point_change (c), -10, 1e-9);
  kpi_test_assert_close_rel (kpi_comparison_get_attainment (c), 0.8, 1e-9);
  ck_assert_int_eq (kpi_comparison_get_status (c), KPI_STATUS_OFF_TRACK);
  g_clear_pointer (&c, kpi_comparison_unref);

  /* On 15 February (14 days into the 59 from 50 % to 100 %) the plan
   * expects 50 + 50 × 14/59 ≈ 61.86 %, not pro-rated: a level. */
  c = kpi_benchmark_compare (planned, progress, ctx_calendar, february, &error);
  ck_assert_ptr_null (error);
  kpi_test_assert_close_rel (kpi_value_get_value (kpi_comparison_get_reference (c)), 50 + 50 * 14.0 / 59, 1e-9);
  kpi_test_assert_close_rel (kpi_value_get_value (kpi_comparison_get_actual (c)), 55, 1e-9);
  ck_assert (kpi_comparison_get_flags (c) & KPI_COMPARISON_FLAG_PARTIAL_PERIOD);
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "monthly-table", test_monthly_table },
    { "targets-table", test_targets_table },
    { "yearly-even", test_yearly_even },
    { "yearly-working-days", test_yearly_working_days },
    { "yearly-seasonal", test_yearly_seasonal },
    { "quarterly-target", test_quarterly_target },
    { "stock", test_stock },
    { "previous-and-last-year", test_previous_and_last_year },
    { "partial-month", test_partial_month },
    { "provenance", test_provenance },
    { "small-base", test_small_base },
    { "small-base-from-data", test_small_base_from_data },
    { "compare-series", test_compare_series },
    { "errors", test_errors },
    { "generated-sample", test_generated_sample },
    { "forecast-benchmark", test_forecast_benchmark },
    { "forecast-accuracy", test_forecast_accuracy },
    { "plan-benchmark", test_plan_benchmark },
  };

  return kpi_test_run ("benchmark", cases, G_N_ELEMENTS (cases), 0);
}
