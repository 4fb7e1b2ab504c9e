/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of KpiReport: a strategic dashboard over the generated sample
 * (values, targets and scores against independent computations, the
 * duplicated batch's quality), a budget dashboard's year to date, a
 * partial month compared like for like and projected, errors,
 * cancellation, progress, the conversion funnel, and the JSON, CSV and
 * text exports. */

#include <math.h>
#include <string.h>
#include <check.h>
#include <json-glib/json-glib.h>
#include "kpi-test.h"
#include <libkpi/kpi.h>

/* ------------------------------------------------------------------------ */
/* The sample's definitions, built as an application would */

static char *
sample_path (const char *name)
{
  const char *dir = g_getenv ("KPI_TEST_DATA");

  ck_assert_msg (dir != NULL, "KPI_TEST_DATA is not set");
  return g_build_filename (dir, name, NULL);
}

static void
add_dataset (KpiDefinitions *defs,
             const char     *name,
             const char     *file)
{
  g_autofree char *path = sample_path (file);
  g_autoptr(KpiDataset) dataset = kpi_dataset_new ("date");
  g_autoptr(GError) error = NULL;

  ck_assert_msg (kpi_dataset_load_path (dataset, path, NULL, &error), "%s",
                 error ? error->message : "");
  ck_assert_msg (kpi_definitions_add_dataset (defs, name, dataset, NULL, NULL, &error), "%s",
                 error ? error->message : "");
}

static KpiIndicator *
add_indicator (KpiDefinitions   *defs,
               const char       *id,
               const char       *title,
               const char       *dataset,
               const char       *formula,
               KpiIndicatorKind  kind)
{
  g_autoptr(GError) error = NULL;
  KpiIndicator *indicator = kpi_indicator_new (id, formula, &error);

  g_assert_no_error (error);
  kpi_indicator_set_title (indicator, title);
  kpi_indicator_set_dataset_name (indicator, dataset);
  kpi_indicator_set_kind (indicator, kind);
  kpi_context_add_indicator (kpi_definitions_get_context (defs), indicator);
  return indicator;   /* the context holds one too */
}

static void
add_table_benchmark (KpiDefinitions   *defs,
                     const char       *name,
                     KpiBenchmarkKind  kind,
                     const char       *dataset,
                     const char       *formula)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KpiDataset) table = kpi_definitions_lookup_dataset (defs, dataset);
  g_autoptr(KpiBenchmark) b = kpi_table_benchmark_new (kind, table, formula, &error);

  g_assert_no_error (error);
  kpi_benchmark_set_name (b, name);
  ck_assert (kpi_definitions_add_benchmark (defs, b, &error));
}

/* Orders, NPS, targets and budget of the sample; revenue, new customers,
 * gross margin rate and NPS with their targets; a budget; a check that
 * the orders have no duplicated row. @now is the calendar's now. */
static KpiDefinitions *
sample_definitions (const char *now)
{
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at (now, 1);
  KpiDefinitions *defs = kpi_definitions_new (calendar);
  g_autoptr(KpiIndicator) revenue = NULL;
  g_autoptr(KpiIndicator) new_customers = NULL;
  g_autoptr(KpiIndicator) margin = NULL;
  g_autoptr(KpiIndicator) nps = NULL;
  g_autoptr(KpiCheck) unique = kpi_uniqueness_check_new ("orders", NULL);
  g_autoptr(GError) error = NULL;

  add_dataset (defs, "orders", "orders.csv");
  add_dataset (defs, "nps", "nps.csv");
  add_dataset (defs, "targets", "targets.csv");
  add_dataset (defs, "budget", "budget.csv");

  revenue = add_indicator (defs, "revenue", "Revenue", "orders", "sum(amount)",
                           KPI_INDICATOR_KIND_PERFORMANCE);
  kpi_indicator_set_unit (revenue, "€");
  kpi_indicator_set_decimals (revenue, 0);
  new_customers = add_indicator (defs, "new_customers", "New customers", "orders",
                                 "new(customer)", KPI_INDICATOR_KIND_PERFORMANCE);
  margin = add_indicator (defs, "gross_margin_rate", "Gross margin", "orders",
                          "(sum(amount) - sum(cost)) / sum(amount)", KPI_INDICATOR_KIND_PERFORMANCE);
  kpi_indicator_set_unit (margin, "ratio");
  kpi_indicator_set_decimals (margin, 3);
  nps = add_indicator (defs, "nps", "NPS", "nps",
                       "100 * (count(score >= 9) - count(score <= 6)) / count()",
                       KPI_INDICATOR_KIND_PERFORMANCE);
  kpi_indicator_set_unit (nps, "points");
  kpi_indicator_set_decimals (nps, 1);

  add_table_benchmark (defs, "revenue_target", KPI_BENCHMARK_KIND_TARGET, "targets",
                       "sum(target where indicator = \"revenue\")");
  add_table_benchmark (defs, "new_customers_target", KPI_BENCHMARK_KIND_TARGET, "targets",
                       "sum(target where indicator = \"new_customers\")");
  add_table_benchmark (defs, "margin_target", KPI_BENCHMARK_KIND_TARGET, "targets",
                       "sum(target where indicator = \"gross_margin_rate\")");
  add_table_benchmark (defs, "nps_target", KPI_BENCHMARK_KIND_TARGET, "targets",
                       "sum(target where indicator = \"nps\")");
  add_table_benchmark (defs, "revenue_budget", KPI_BENCHMARK_KIND_BUDGET, "budget",
                       "sum(revenue)");

  kpi_check_set_id (unique, "orders_unique");
  ck_assert (kpi_check_suite_add (kpi_definitions_get_checks (defs), unique, &error));
  return defs;
}

static void
add_item (KpiDashboard *board,
          const char   *indicator,
          const char   *perspective,
          double        weight,
          const char   *target)
{
  g_autoptr(KpiDashboardItem) item = kpi_dashboard_item_new (indicator);
  g_autoptr(GError) error = NULL;

  kpi_dashboard_item_set_perspective (item, perspective);
  ck_assert (kpi_dashboard_item_set_weight (item, weight, &error));
  kpi_dashboard_item_set_target (item, target);
  ck_assert (kpi_dashboard_add_item (board, item, &error));
}

static KpiDashboard *
scorecard (void)
{
  KpiDashboard *board = kpi_dashboard_new ("sales", KPI_DASHBOARD_TYPE_STRATEGIC);

  kpi_dashboard_set_title (board, "Sales scorecard");
  kpi_dashboard_set_owner (board, "Ada");
  kpi_dashboard_set_role (board, "sales director");
  add_item (board, "revenue", "financial", 2, "revenue_target");
  add_item (board, "gross_margin_rate", "financial", 1, "margin_target");
  add_item (board, "new_customers", "customer", 1, "new_customers_target");
  add_item (board, "nps", "customer", 1, "nps_target");
  return board;
}

static KpiReport *
evaluate_ok (KpiDashboard   *board,
             KpiDefinitions *defs,
             const char     *label)
{
  g_autoptr(KpiPeriod) period = NULL;
  g_autoptr(GError) error = NULL;
  KpiReport *report;

  if (label != NULL)
    period = kpi_test_parse_period (kpi_definitions_get_calendar (defs), label);
  report = kpi_dashboard_evaluate (board, defs, period, NULL, &error);
  ck_assert_msg (report != NULL, "%s", error ? error->message : "");
  return report;
}

static KpiReportRow *
row_of (KpiReport  *report,
        const char *indicator_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (report));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KpiReportRow) row = g_list_model_get_item (G_LIST_MODEL (report), i);

      if (strcmp (kpi_indicator_get_id (kpi_report_row_get_indicator (row)), indicator_id) == 0)
        return row;   /* the report holds it */
    }
  ck_abort_msg ("no row for %s", indicator_id);
  return NULL;
}

/* ------------------------------------------------------------------------ */

START_TEST (test_strategic_rows)
{
  g_autoptr(KpiDefinitions) defs = sample_definitions ("2026-01-15T00:00:00Z");
  g_autoptr(KpiDashboard) board = scorecard ();
  g_autoptr(KpiReport) report = evaluate_ok (board, defs, "2025-09");
  KpiContext *ctx = kpi_definitions_get_context (defs);
  g_autoptr(KpiPeriod) september = kpi_test_parse_period (kpi_definitions_get_calendar (defs), "2025-09");
  g_autoptr(KpiIndicator) revenue = kpi_context_lookup_indicator (ctx, "revenue");
  g_autoptr(KpiBenchmark) target = kpi_definitions_lookup_benchmark (defs, "revenue_target");
  g_autoptr(KpiValue) expected = NULL;
  g_autoptr(KpiComparison) expected_target = NULL;
  g_autoptr(GError) error = NULL;
  KpiReportRow *row;
  KpiComparison *c;

  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (report)), 4);
  ck_assert_str_eq (kpi_period_get_label (kpi_report_get_period (report)), "2025-09");

  /* The revenue row: kpi_indicator_evaluate's value, kpi_benchmark_compare's target */
  row = row_of (report, "revenue");
  expected = kpi_indicator_evaluate (revenue, ctx, september, &error);
  g_assert_no_error (error);
  ck_assert (kpi_value_get_value (kpi_report_row_get_value (row)) ==
             kpi_value_get_value (expected));
  expected_target = kpi_benchmark_compare (target, revenue, ctx, september, &error);
  g_assert_no_error (error);
  c = kpi_report_row_get_target (row);
  ck_assert_ptr_nonnull (c);
  ck_assert (kpi_value_get_value (kpi_comparison_get_reference (c)) ==
             kpi_value_get_value (kpi_comparison_get_reference (expected_target)));
  ck_assert (kpi_comparison_get_attainment (c) == kpi_comparison_get_attainment (expected_target));
  ck_assert_int_eq (kpi_comparison_get_status (c), kpi_comparison_get_status (expected_target));
  ck_assert_int_eq (kpi_report_row_get_status (row), kpi_comparison_get_status (expected_target));
  ck_assert (kpi_report_row_get_score (row) == kpi_comparison_get_score (expected_target));
  ck_assert_str_eq (kpi_report_row_get_title (row), "Revenue");
  ck_assert_str_eq (kpi_report_row_get_perspective (row), "financial");
  /* no partial period: no projection */
  ck_assert (isnan (kpi_report_row_get_projection (row)));

  /* The default comparisons: previous period (August), then last year */
  ck_assert_uint_eq (kpi_report_row_get_comparisons (row)->len, 2);
  c = g_ptr_array_index (kpi_report_row_get_comparisons (row), 0);
  ck_assert_int_eq (kpi_comparison_get_kind (c), KPI_BENCHMARK_KIND_PREVIOUS_PERIOD);
  ck_assert_str_eq (kpi_period_get_label (kpi_value_get_period (kpi_comparison_get_reference (c))),
                    "2025-08");
  c = g_ptr_array_index (kpi_report_row_get_comparisons (row), 1);
  ck_assert_int_eq (kpi_comparison_get_kind (c), KPI_BENCHMARK_KIND_LAST_YEAR);
  ck_assert_str_eq (kpi_period_get_label (kpi_value_get_period (kpi_comparison_get_reference (c))),
                    "2024-09");

  /* Sparkline: the 12 months to September 2025, the last the row's value */
  {
    GPtrArray *spark = kpi_report_row_get_sparkline (row);

    ck_assert_uint_eq (spark->len, 12);
    ck_assert_str_eq (kpi_period_get_label (kpi_value_get_period (g_ptr_array_index (spark, 0))),
                      "2024-10");
    ck_assert_ptr_eq (g_ptr_array_index (spark, 11), kpi_report_row_get_value (row));
    /* 12 closed months: a trend over all of them */
    ck_assert_ptr_nonnull (kpi_report_row_get_trend (row));
    ck_assert_uint_eq (kpi_trend_get_n_values (kpi_report_row_get_trend (row)), 12);
  }
  ck_assert_uint_eq (kpi_report_row_get_budget_lines (row)->len, 0);
  ck_assert_ptr_null (kpi_report_row_get_landing (row));
  ck_assert_ptr_null (kpi_report_row_get_notes (row)[0]);
}
END_TEST

START_TEST (test_strategic_scores)
{
  g_autoptr(KpiDefinitions) defs = sample_definitions ("2026-01-15T00:00:00Z");
  g_autoptr(KpiDashboard) board = scorecard ();
  g_autoptr(KpiReport) report = NULL;
  g_autoptr(KpiDashboardItem) extra = kpi_dashboard_item_new ("nps_untargeted");
  g_autoptr(KpiIndicator) untargeted = NULL;
  g_auto(GStrv) perspectives = NULL;
  g_autoptr(GError) error = NULL;
  double s_rev, s_gm, s_new, s_nps, financial, customer;
  guint n_scored, n_missing;

  /* a customer indicator without a target: counted in n_missing, not as 0 */
  untargeted = add_indicator (defs, "nps_untargeted", "NPS (no target)", "nps",
                              "100 * (count(score >= 9) - count(score <= 6)) / count()",
                              KPI_INDICATOR_KIND_CONTEXT);
  kpi_dashboard_item_set_perspective (extra, "customer");
  ck_assert (kpi_dashboard_add_item (board, extra, &error));
  report = evaluate_ok (board, defs, "2025-09");

  s_rev = kpi_report_row_get_score (row_of (report, "revenue"));
  s_gm = kpi_report_row_get_score (row_of (report, "gross_margin_rate"));
  s_new = kpi_report_row_get_score (row_of (report, "new_customers"));
  s_nps = kpi_report_row_get_score (row_of (report, "nps"));
  ck_assert (!isnan (s_rev) && !isnan (s_gm) && !isnan (s_new) && !isnan (s_nps));
  ck_assert (isnan (kpi_report_row_get_score (row_of (report, "nps_untargeted"))));
  ck_assert_int_eq (kpi_report_row_get_status (row_of (report, "nps_untargeted")), KPI_STATUS_UNKNOWN);

  /* financial: revenue weighs 2, margin 1 */
  financial = (2 * s_rev + 1 * s_gm) / 3;
  kpi_test_assert_close (kpi_report_get_perspective_score (report, "financial", &n_scored, &n_missing),
                         financial, 1e-12);
  ck_assert_uint_eq (n_scored, 2);
  ck_assert_uint_eq (n_missing, 0);
  /* customer: the untargeted row is missing, not a 0 */
  customer = (s_new + s_nps) / 2;
  kpi_test_assert_close (kpi_report_get_perspective_score (report, "customer", &n_scored, &n_missing),
                         customer, 1e-12);
  ck_assert_uint_eq (n_scored, 2);
  ck_assert_uint_eq (n_missing, 1);
  /* no row: NaN */
  ck_assert (isnan (kpi_report_get_perspective_score (report, "learning-and-growth",
                                                      &n_scored, &n_missing)));
  ck_assert_uint_eq (n_scored + n_missing, 0);
  /* overall: perspectives weighted by all their rows' weights, 3 and 3 */
  kpi_test_assert_close (kpi_report_get_score (report), (3 * financial + 3 * customer) / 6, 1e-12);

  perspectives = kpi_report_list_perspectives (report);
  ck_assert_uint_eq (g_strv_length (perspectives), 4);
  ck_assert_str_eq (perspectives[0], "financial");
}
END_TEST

/* The duplicated batch of 2025-03-12: a failed check taints March's
 * revenue, not NPS, which reads another dataset. */
START_TEST (test_quality_duplicated_batch)
{
  g_autoptr(KpiDefinitions) defs = sample_definitions ("2026-01-15T00:00:00Z");
  g_autoptr(KpiDashboard) board = scorecard ();
  g_autoptr(KpiReport) march = evaluate_ok (board, defs, "2025-03");
  g_autoptr(KpiReport) september = NULL;
  KpiReportRow *row;

  row = row_of (march, "revenue");
  ck_assert_int_eq (kpi_report_row_get_quality (row), KPI_QUALITY_FAILED);
  kpi_test_assert_close (kpi_report_row_get_confidence (row), 0.5, 1e-12);
  ck_assert_uint_eq (kpi_value_get_findings (kpi_report_row_get_value (row))->len, 1);
  row = row_of (march, "nps");
  ck_assert_int_eq (kpi_report_row_get_quality (row), KPI_QUALITY_GOOD);
  ck_assert_int_eq (kpi_report_get_quality (march), KPI_QUALITY_FAILED);
  kpi_test_assert_close (kpi_report_get_confidence (march), 0.5, 1e-12);
  ck_assert_uint_eq (kpi_report_get_check_results (march)->len, 1);

  /* September's revenue is clean; its sparkline's March point is not */
  september = evaluate_ok (board, defs, "2025-09");
  row = row_of (september, "revenue");
  ck_assert_int_eq (kpi_report_row_get_quality (row), KPI_QUALITY_GOOD);
  {
    GPtrArray *spark = kpi_report_row_get_sparkline (row);
    KpiValue *v = g_ptr_array_index (spark, 5);

    ck_assert_str_eq (kpi_period_get_label (kpi_value_get_period (v)), "2025-03");
    ck_assert_int_eq (kpi_value_get_quality (v), KPI_QUALITY_FAILED);
    ck_assert_int_eq (kpi_value_get_quality (g_ptr_array_index (spark, 6)), KPI_QUALITY_GOOD);
  }
}
END_TEST

START_TEST (test_budget_year_to_date)
{
  g_autoptr(KpiDefinitions) defs = sample_definitions ("2026-01-15T00:00:00Z");
  g_autoptr(KpiDashboard) board = kpi_dashboard_new ("budget", KPI_DASHBOARD_TYPE_BUDGET);
  g_autoptr(KpiDashboardItem) item = kpi_dashboard_item_new ("revenue");
  g_autoptr(KpiReport) report = NULL;
  g_autoptr(GError) error = NULL;
  KpiContext *ctx = kpi_definitions_get_context (defs);
  g_autoptr(KpiIndicator) revenue = kpi_context_lookup_indicator (ctx, "revenue");
  g_autoptr(KpiBenchmark) budget = kpi_definitions_lookup_benchmark (defs, "revenue_budget");
  KpiReportRow *row;
  GPtrArray *lines;
  double budget_sum = 0, actual_sum = 0;

  kpi_dashboard_item_set_budget (item, "revenue_budget");
  ck_assert (kpi_dashboard_add_item (board, item, &error));
  report = evaluate_ok (board, defs, "2025-09");
  row = row_of (report, "revenue");

  /* the target comparison is the budget's */
  ck_assert_int_eq (kpi_comparison_get_kind (kpi_report_row_get_target (row)), KPI_BENCHMARK_KIND_BUDGET);

  /* January to September, each month as kpi_benchmark_compare says, the
   * year to date the sum of the lines */
  lines = kpi_report_row_get_budget_lines (row);
  ck_assert_uint_eq (lines->len, 9);
  for (guint i = 0; i < lines->len; i++)
    {
      KpiBudgetLine *line = g_ptr_array_index (lines, i);
      g_autofree char *label = g_strdup_printf ("2025-%02u", i + 1);
      g_autoptr(KpiPeriod) month = kpi_test_parse_period (kpi_definitions_get_calendar (defs), label);
      g_autoptr(KpiComparison) c = kpi_benchmark_compare (budget, revenue, ctx, month, &error);

      g_assert_no_error (error);
      ck_assert_str_eq (kpi_period_get_label (kpi_budget_line_get_period (line)), label);
      ck_assert (kpi_budget_line_get_actual (line) ==
                 kpi_value_get_value (kpi_comparison_get_actual (c)));
      ck_assert (kpi_budget_line_get_budget (line) ==
                 kpi_value_get_value (kpi_comparison_get_reference (c)));
      budget_sum += kpi_budget_line_get_budget (line);
      actual_sum += kpi_budget_line_get_actual (line);
      kpi_test_assert_close (kpi_budget_line_get_ytd_budget (line), budget_sum, 1e-6);
      kpi_test_assert_close (kpi_budget_line_get_ytd_actual (line), actual_sum, 1e-6);
      kpi_test_assert_close (kpi_budget_line_get_variance (line),
                             kpi_budget_line_get_actual (line) - kpi_budget_line_get_budget (line), 1e-9);
    }
  /* the year to date against the indicator over January to September */
  {
    g_autoptr(KpiPeriod) first = kpi_test_parse_period (kpi_definitions_get_calendar (defs), "2025-01");
    g_autoptr(KpiPeriod) ytd = kpi_calendar_custom_period (kpi_definitions_get_calendar (defs),
                                                           kpi_period_get_start (first),
                                                           kpi_period_get_end (kpi_report_get_period (report)),
                                                           &error);
    g_autoptr(KpiValue) v = kpi_indicator_evaluate (revenue, ctx, ytd, &error);

    g_assert_no_error (error);
    kpi_test_assert_close_rel (actual_sum, kpi_value_get_value (v), 1e-12);
  }
  ck_assert_ptr_nonnull (kpi_report_row_get_landing (row));
  ck_assert_str_eq (kpi_period_get_label (kpi_landing_get_period (kpi_report_row_get_landing (row))),
                    "2025");
  /* no perspectives on a budget dashboard: the score is the row's */
  ck_assert (kpi_report_get_score (report) == kpi_report_row_get_score (row));
}
END_TEST

/* Now is 15 September 2025 at midnight: September to date is 1-14
 * September, 14 of its 30 days. */
START_TEST (test_partial_period)
{
  g_autoptr(KpiDefinitions) defs = sample_definitions ("2025-09-15T00:00:00Z");
  g_autoptr(KpiDashboard) board = scorecard ();
  g_autoptr(KpiReport) report = evaluate_ok (board, defs, NULL);
  KpiCalendar *cal = kpi_definitions_get_calendar (defs);
  KpiContext *ctx = kpi_definitions_get_context (defs);
  g_autoptr(KpiIndicator) revenue = kpi_context_lookup_indicator (ctx, "revenue");
  g_autoptr(KpiIndicator) margin = kpi_context_lookup_indicator (ctx, "gross_margin_rate");
  g_autoptr(KpiBenchmark) target = kpi_definitions_lookup_benchmark (defs, "revenue_target");
  g_autoptr(KpiPeriod) to_date = kpi_calendar_to_date (cal, KPI_GRANULARITY_MONTH,
                                                       kpi_calendar_get_now (cal));
  g_autoptr(KpiPeriod) whole = kpi_test_parse_period (cal, "2025-09");
  g_autoptr(KpiValue) expected = NULL;
  g_autoptr(KpiValue) month_target = NULL;
  g_autoptr(GError) error = NULL;
  KpiReportRow *row;
  KpiComparison *c;
  double value;

  ck_assert_str_eq (kpi_period_get_label (kpi_report_get_period (report)), "2025-09");
  ck_assert (kpi_period_is_partial (kpi_report_get_period (report)));

  /* the value to date, not the whole month's (the sample runs to December) */
  row = row_of (report, "revenue");
  expected = kpi_indicator_evaluate (revenue, ctx, to_date, &error);
  g_assert_no_error (error);
  value = kpi_value_get_value (kpi_report_row_get_value (row));
  ck_assert (value == kpi_value_get_value (expected));
  ck_assert_str_eq (kpi_period_get_label (kpi_value_get_period (kpi_report_row_get_value (row))),
                    kpi_period_get_label (to_date));

  /* the target pro-rated evenly: 14/30 of September's */
  month_target = kpi_benchmark_evaluate (target, revenue, ctx, whole, &error);
  g_assert_no_error (error);
  c = kpi_report_row_get_target (row);
  kpi_test_assert_close_rel (kpi_value_get_value (kpi_comparison_get_reference (c)),
                             kpi_value_get_value (month_target) * 14 / 30, 1e-12);
  ck_assert (kpi_comparison_get_flags (c) & KPI_COMPARISON_FLAG_PARTIAL_PERIOD);
  /* August like for like: 1-14 August */
  c = g_ptr_array_index (kpi_report_row_get_comparisons (row), 0);
  ck_assert_str_eq (kpi_period_get_label (kpi_value_get_period (kpi_comparison_get_reference (c))),
                    "2025-08..2025-08-14");

  /* projected: to date × 30/14 */
  kpi_test_assert_close_rel (kpi_report_row_get_projection (row), value * 30 / 14, 1e-12);
  /* a ratio is not projected */
  ck_assert (isnan (kpi_report_row_get_projection (row_of (report, "gross_margin_rate"))));
  (void) margin;

  /* the sparkline ends with the value to date; the trend leaves it out */
  {
    GPtrArray *spark = kpi_report_row_get_sparkline (row);

    ck_assert_ptr_eq (g_ptr_array_index (spark, spark->len - 1), kpi_report_row_get_value (row));
    ck_assert_uint_eq (kpi_trend_get_n_values (kpi_report_row_get_trend (row)), 11);
  }
}
END_TEST

START_TEST (test_item_policy)
{
  g_autoptr(KpiDefinitions) defs = sample_definitions ("2026-01-15T00:00:00Z");
  g_autoptr(KpiDashboard) board = kpi_dashboard_new ("strict", KPI_DASHBOARD_TYPE_STRATEGIC);
  g_autoptr(KpiDashboardItem) item = kpi_dashboard_item_new ("revenue");
  g_autoptr(KpiComparisonPolicy) strict = kpi_comparison_policy_new ();
  g_autoptr(KpiReport) lenient_report = NULL;
  g_autoptr(KpiReport) strict_report = NULL;
  g_autoptr(GError) error = NULL;
  KpiComparison *lenient, *judged;

  kpi_dashboard_item_set_target (item, "revenue_target");
  ck_assert (kpi_dashboard_add_item (board, item, &error));
  lenient_report = evaluate_ok (board, defs, "2025-09");
  lenient = kpi_report_row_get_target (row_of (lenient_report, "revenue"));

  /* thresholds no month can reach: off track whatever the attainment */
  ck_assert (kpi_comparison_policy_set_thresholds (strict, 10, 9, &error));
  kpi_dashboard_item_set_policy (item, strict);
  strict_report = evaluate_ok (board, defs, "2025-09");
  judged = kpi_report_row_get_target (row_of (strict_report, "revenue"));
  ck_assert (kpi_comparison_get_attainment (judged) == kpi_comparison_get_attainment (lenient));
  ck_assert_int_ne (kpi_comparison_get_status (lenient), KPI_STATUS_OFF_TRACK);
  ck_assert_int_eq (kpi_comparison_get_status (judged), KPI_STATUS_OFF_TRACK);
  ck_assert_str_eq (kpi_comparison_get_provenance (judged), kpi_comparison_get_provenance (lenient));
}
END_TEST

START_TEST (test_breakdowns)
{
  g_autoptr(KpiDefinitions) defs = sample_definitions ("2026-01-15T00:00:00Z");
  g_autoptr(KpiDashboard) board = scorecard ();
  const char *dims[] = { "channel", "region", NULL };
  g_autoptr(KpiReport) report = NULL;
  g_auto(GStrv) listed = NULL;
  KpiReportRow *row;
  GPtrArray *groups;
  double sum = 0;

  kpi_dashboard_set_breakdowns (board, dims);
  report = evaluate_ok (board, defs, "2025-09");

  /* revenue by channel (3) and region (4); the groups add up to the total */
  row = row_of (report, "revenue");
  listed = kpi_report_row_list_breakdowns (row);
  ck_assert_uint_eq (g_strv_length (listed), 2);
  groups = kpi_report_row_get_breakdown (row, "channel");
  ck_assert_uint_eq (groups->len, 3);
  for (guint i = 0; i < groups->len; i++)
    sum += kpi_value_get_value (g_ptr_array_index (groups, i));
  kpi_test_assert_close_rel (sum, kpi_value_get_value (kpi_report_row_get_value (row)), 1e-12);
  ck_assert_uint_eq (kpi_report_row_get_breakdown (row, "region")->len, 4);
  ck_assert_int_eq (kpi_value_get_quality (g_ptr_array_index (groups, 0)), KPI_QUALITY_GOOD);

  /* nps.csv has a channel, no region: skipped, and said */
  row = row_of (report, "nps");
  ck_assert_ptr_nonnull (kpi_report_row_get_breakdown (row, "channel"));
  ck_assert_ptr_null (kpi_report_row_get_breakdown (row, "region"));
  ck_assert_ptr_nonnull (kpi_report_row_get_notes (row)[0]);
  kpi_test_assert_contains (kpi_report_row_get_notes (row)[0], "“region”");
  kpi_test_assert_contains (kpi_report_row_get_notes (row)[0], "“nps”");
}
END_TEST

START_TEST (test_errors)
{
  g_autoptr(KpiDefinitions) defs = sample_definitions ("2026-01-15T00:00:00Z");
  g_autoptr(KpiDashboard) board = scorecard ();
  g_autoptr(KpiDashboardItem) typo = kpi_dashboard_item_new ("revenu");
  g_autoptr(KpiDashboardItem) broken_item = kpi_dashboard_item_new ("broken");
  g_autoptr(KpiIndicator) broken = NULL;
  g_autoptr(KpiReport) report = NULL;
  g_autoptr(GError) error = NULL;
  KpiReportRow *row;

  /* an indicator that cannot be evaluated: a missing value and a note */
  broken = add_indicator (defs, "broken", "Broken", "orders", "sum(no_such_column)",
                          KPI_INDICATOR_KIND_STEERING);
  ck_assert (kpi_dashboard_add_item (board, broken_item, &error));
  report = evaluate_ok (board, defs, "2025-09");
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (report)), 5);
  row = row_of (report, "broken");
  ck_assert (kpi_value_is_missing (kpi_report_row_get_value (row)));
  kpi_test_assert_contains (kpi_report_row_get_notes (row)[0], "“broken” could not be evaluated");
  kpi_test_assert_contains (kpi_report_row_get_notes (row)[0], "no_such_column");
  ck_assert (!kpi_value_is_missing (kpi_report_row_get_value (row_of (report, "revenue"))));
  g_clear_object (&report);

  /* an unknown indicator: an error naming the dashboard and the item */
  ck_assert (kpi_dashboard_add_item (board, typo, &error));
  report = kpi_dashboard_evaluate (board, defs, NULL, NULL, &error);
  ck_assert_ptr_null (report);
  ck_assert (g_error_matches (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_NOT_FOUND));
  ck_assert_str_eq (error->message, "dashboard “sales”, item 6: unknown indicator “revenu”");
  g_clear_error (&error);
  kpi_dashboard_remove_item (board, "revenu");

  /* an unknown benchmark */
  kpi_dashboard_item_set_target (kpi_dashboard_lookup_item (board, "nps"), "nps_targt");
  report = kpi_dashboard_evaluate (board, defs, NULL, NULL, &error);
  ck_assert_ptr_null (report);
  ck_assert_str_eq (error->message,
                    "dashboard “sales”, item 4 (“nps”): the target is an unknown benchmark “nps_targt”");
}
END_TEST

static void
count_progress (KpiDashboard *board,
                guint         done,
                guint         total,
                gpointer      user_data)
{
  guint *calls = user_data;

  ck_assert_uint_eq (done, calls[0] + 1);
  ck_assert_uint_eq (total, 4);
  calls[0]++;
}

static void
cancel_on_progress (KpiDashboard *board,
                    guint         done,
                    guint         total,
                    gpointer      user_data)
{
  g_cancellable_cancel (user_data);
}

static void
on_evaluated (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

START_TEST (test_progress_cancel_async)
{
  g_autoptr(KpiDefinitions) defs = sample_definitions ("2026-01-15T00:00:00Z");
  g_autoptr(KpiDashboard) board = scorecard ();
  g_autoptr(KpiPeriod) period = kpi_test_parse_period (kpi_definitions_get_calendar (defs), "2025-09");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(KpiReport) report = NULL;
  g_autoptr(KpiReport) async_report = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint calls[1] = { 0 };
  gulong id;

  /* progress after each item */
  id = g_signal_connect (board, "progress", G_CALLBACK (count_progress), calls);
  report = kpi_dashboard_evaluate (board, defs, period, NULL, &error);
  g_assert_no_error (error);
  ck_assert_uint_eq (calls[0], 4);
  g_signal_handler_disconnect (board, id);

  /* cancelled after the first item */
  id = g_signal_connect (board, "progress", G_CALLBACK (cancel_on_progress), cancellable);
  ck_assert_ptr_null (kpi_dashboard_evaluate (board, defs, period, cancellable, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_clear_error (&error);
  g_signal_handler_disconnect (board, id);

  /* in a thread, progress in this main context, the same numbers */
  calls[0] = 0;
  id = g_signal_connect (board, "progress", G_CALLBACK (count_progress), calls);
  kpi_dashboard_evaluate_async (board, defs, period, NULL, on_evaluated, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  async_report = kpi_dashboard_evaluate_finish (board, result, &error);
  g_assert_no_error (error);
  while (calls[0] < 4)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (board, id);
  ck_assert (kpi_value_get_value (kpi_report_row_get_value (row_of (async_report, "revenue"))) ==
             kpi_value_get_value (kpi_report_row_get_value (row_of (report, "revenue"))));
  g_clear_object (&result);

  /* cancelled before it starts */
  g_cancellable_cancel (cancellable);
  kpi_dashboard_evaluate_async (board, defs, period, cancellable, on_evaluated, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  ck_assert_ptr_null (kpi_dashboard_evaluate_finish (board, result, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
}
END_TEST

START_TEST (test_json)
{
  g_autoptr(KpiDefinitions) defs = sample_definitions ("2026-01-15T00:00:00Z");
  g_autoptr(KpiDashboard) board = scorecard ();
  const char *dims[] = { "channel", "region", NULL };
  g_autoptr(KpiReport) report = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  JsonObject *root, *row;
  JsonArray *rows;
  gsize length;

  kpi_dashboard_set_breakdowns (board, dims);
  report = evaluate_ok (board, defs, "2025-09");
  json = kpi_report_to_json (report, &length);
  ck_assert_uint_eq (strlen (json), length);
  /* no bare nan or infinity ("financial" has "nan" in it) */
  ck_assert_ptr_null (strstr (json, ": nan"));
  ck_assert_ptr_null (strstr (json, ", nan"));
  ck_assert_ptr_null (strstr (json, "[nan"));
  ck_assert_ptr_null (strstr (json, "inf,"));
  ck_assert_ptr_null (strstr (json, "NaN"));
  ck_assert_msg (json_parser_load_from_data (parser, json, length, &error), "%s",
                 error ? error->message : "");
  root = json_node_get_object (json_parser_get_root (parser));
  ck_assert_str_eq (json_object_get_string_member (root, "dashboard"), "sales");
  ck_assert_str_eq (json_object_get_string_member (root, "type"), "strategic");
  ck_assert_str_eq (json_object_get_string_member (root, "owner"), "Ada");
  ck_assert_str_eq (json_object_get_string_member (root, "period"), "2025-09");
  ck_assert_str_eq (json_object_get_string_member (root, "as_of"), "2026-01-15T00:00:00Z");
  ck_assert (json_object_get_double_member (root, "score") == kpi_report_get_score (report));
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (root, "perspectives")), 4);
  /* learning and growth has no row: a null score */
  ck_assert (json_node_is_null (json_object_get_member (
    json_array_get_object_element (json_object_get_array_member (root, "perspectives"), 3), "score")));
  rows = json_object_get_array_member (root, "rows");
  ck_assert_uint_eq (json_array_get_length (rows), 4);
  row = json_array_get_object_element (rows, 0);
  ck_assert_str_eq (json_object_get_string_member (row, "indicator"), "revenue");
  /* numbers read back exactly */
  ck_assert (json_object_get_double_member (row, "value") ==
             kpi_value_get_value (kpi_report_row_get_value (row_of (report, "revenue"))));
  ck_assert (json_object_get_double_member (json_object_get_object_member (row, "target"), "attainment") ==
             kpi_comparison_get_attainment (kpi_report_row_get_target (row_of (report, "revenue"))));
  ck_assert_str_eq (json_object_get_string_member (json_object_get_object_member (row, "target"),
                                                   "benchmark"), "revenue_target");
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (row, "sparkline")), 12);
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (
    json_object_get_object_member (row, "breakdowns"), "channel")), 3);
  /* no projection for a closed month: null */
  ck_assert (json_node_is_null (json_object_get_member (row, "projection")));
  /* the 2-decimal margin target is 0.34, not 0.34000000000000002 */
  ck_assert_ptr_nonnull (strstr (json, "\"reference\": 0.34,"));
  /* nps has a note about region */
  row = json_array_get_object_element (rows, 3);
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (row, "notes")), 1);
}
END_TEST

START_TEST (test_csv_text)
{
  g_autoptr(KpiDefinitions) defs = sample_definitions ("2026-01-15T00:00:00Z");
  g_autoptr(KpiDashboard) board = scorecard ();
  g_autoptr(KpiReport) report = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *text = NULL;
  g_autofree char *coloured = NULL;
  g_auto(GStrv) lines = NULL;
  const char *dims[] = { "channel", NULL };

  kpi_dashboard_set_title (board, "Sales, \"north\"");
  report = evaluate_ok (board, defs, "2025-03");
  csv = kpi_report_to_csv (report, NULL);
  lines = g_strsplit (csv, "\r\n", -1);
  /* header + 4 rows, and the empty string after the last CRLF */
  ck_assert_uint_eq (g_strv_length (lines), 6);
  ck_assert (g_str_has_prefix (lines[0], "dashboard,period,indicator,title,"));
  ck_assert (g_str_has_prefix (lines[1], "sales,2025-03,revenue,Revenue,€,financial,,,"));
  kpi_test_assert_contains (lines[1], ",failed,0.5,");
  g_clear_pointer (&lines, g_strfreev);
  g_clear_pointer (&csv, g_free);

  /* one line per breakdown group more; quoting */
  kpi_dashboard_set_breakdowns (board, dims);
  g_clear_object (&report);
  report = evaluate_ok (board, defs, "2025-03");
  csv = kpi_report_to_csv (report, NULL);
  lines = g_strsplit (csv, "\r\n", -1);
  ck_assert_uint_eq (g_strv_length (lines), 1 + 4 * (1 + 3) + 1);
  ck_assert (g_str_has_prefix (lines[2], "sales,2025-03,revenue,Revenue,€,financial,channel,"));

  text = kpi_report_to_text (report, KPI_TEXT_NONE);
  ck_assert_ptr_null (strchr (text, '\033'));
  ck_assert (g_str_has_prefix (text, "Sales, \"north\" — Ada (sales director) — 2025-03 — data as of "));
  kpi_test_assert_contains (text, "quality: failed (confidence 0.50)");
  kpi_test_assert_contains (text, "\nRevenue ");
  kpi_test_assert_contains (text, "! failed (confidence 0.50)");
  kpi_test_assert_contains (text, "Perspective scores");
  /* the batch's size depends on the sample's size */
  kpi_test_assert_contains (text, "\nFindings\n  Revenue: ");
  kpi_test_assert_contains (text, " duplicated rows on 2025-03-12 ");
  ck_assert_ptr_null (strstr (text, " nan"));
  coloured = kpi_report_to_text (report, KPI_TEXT_COLOR);
  ck_assert_ptr_nonnull (strchr (coloured, '\033'));
}
END_TEST

/* The sample's opportunities through their five stages to won. */
static KpiFunnel *
opportunity_funnel (KpiDefinitions *defs)
{
  static const char * const stages[] = { "lead", "qualified", "proposal", "negotiation", "won" };
  g_autoptr(KpiDataset) opportunities = NULL;
  g_autoptr(GError) error = NULL;
  KpiFunnel *funnel;

  add_dataset (defs, "opportunities", "opportunities.csv");
  opportunities = kpi_definitions_lookup_dataset (defs, "opportunities");
  funnel = kpi_funnel_new (opportunities, "opportunity", "stage", stages, G_N_ELEMENTS (stages), &error);
  ck_assert_msg (funnel != NULL, "%s", error ? error->message : "");
  return funnel;
}

static void
assert_same_counts (KpiFunnelResult *got,
                    KpiFunnelResult *expected)
{
  gsize n_got, n_expected;
  const guint *a = kpi_funnel_result_get_counts (got, &n_got);
  const guint *b = kpi_funnel_result_get_counts (expected, &n_expected);

  ck_assert_uint_eq (n_got, n_expected);
  for (gsize i = 0; i < n_got; i++)
    ck_assert_uint_eq (a[i], b[i]);
  ck_assert_str_eq (kpi_period_get_label (kpi_funnel_result_get_period (got)),
                    kpi_period_get_label (kpi_funnel_result_get_period (expected)));
  ck_assert_int_eq (kpi_funnel_result_get_basis (got), kpi_funnel_result_get_basis (expected));
}

/* The report counts the dashboard's funnel for its period, to date when
 * the period is not over, as kpi_funnel_evaluate() does; without a funnel
 * there is none. */
START_TEST (test_funnel)
{
  g_autoptr(KpiDefinitions) defs = sample_definitions ("2025-09-15T00:00:00Z");
  g_autoptr(KpiDashboard) board = scorecard ();
  g_autoptr(KpiFunnel) funnel = opportunity_funnel (defs);
  KpiCalendar *cal = kpi_definitions_get_calendar (defs);
  g_autoptr(KpiPeriod) to_date = kpi_calendar_to_date (cal, KPI_GRANULARITY_MONTH,
                                                       kpi_calendar_get_now (cal));
  g_autoptr(KpiPeriod) march = kpi_test_parse_period (cal, "2025-03");
  g_autoptr(KpiFunnelResult) expected = NULL;
  g_autoptr(KpiReport) report = NULL;
  g_autoptr(GError) error = NULL;
  KpiFunnelResult *got;
  gsize n;

  report = evaluate_ok (board, defs, NULL);
  ck_assert_ptr_null (kpi_report_get_funnel (report));
  g_clear_object (&report);

  kpi_dashboard_set_funnel (board, funnel);
  ck_assert_ptr_eq (kpi_dashboard_get_funnel (board), funnel);
  ck_assert_int_eq (kpi_dashboard_get_funnel_basis (board), KPI_FUNNEL_BASIS_COHORT);

  /* September to the 15th, on the cohort basis */
  report = evaluate_ok (board, defs, NULL);
  got = kpi_report_get_funnel (report);
  ck_assert_ptr_nonnull (got);
  expected = kpi_funnel_evaluate (funnel, cal, to_date, KPI_FUNNEL_BASIS_COHORT, &error);
  g_assert_no_error (error);
  assert_same_counts (got, expected);
  ck_assert_str_eq (kpi_period_get_label (kpi_funnel_result_get_period (got)), kpi_period_get_label (to_date));
  /* two weeks of the sample's leads: some, not none */
  ck_assert_uint_gt (kpi_funnel_result_get_stage_count (got, 0), 0);
  g_clear_pointer (&expected, kpi_funnel_result_unref);
  g_clear_object (&report);

  /* a month over, on the period basis */
  kpi_dashboard_set_funnel_basis (board, KPI_FUNNEL_BASIS_PERIOD);
  report = evaluate_ok (board, defs, "2025-03");
  got = kpi_report_get_funnel (report);
  expected = kpi_funnel_evaluate (funnel, cal, march, KPI_FUNNEL_BASIS_PERIOD, &error);
  g_assert_no_error (error);
  assert_same_counts (got, expected);
  ck_assert_str_eq (kpi_period_get_label (kpi_funnel_result_get_period (got)), "2025-03");
  kpi_funnel_result_get_counts (got, &n);
  ck_assert_uint_eq (n, 5);
}
END_TEST

/* The exports write the funnel: the JSON's stages with their counts and
 * conversions from the previous stage, the text's "Funnel" section. */
START_TEST (test_funnel_exports)
{
  g_autoptr(KpiDefinitions) defs = sample_definitions ("2026-01-15T00:00:00Z");
  g_autoptr(KpiDashboard) board = scorecard ();
  g_autoptr(KpiFunnel) funnel = opportunity_funnel (defs);
  g_autoptr(KpiReport) report = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;
  g_autofree char *html = NULL;
  g_autofree char *line = NULL;
  KpiFunnelResult *result;
  JsonObject *root, *object;
  JsonArray *stages;
  double rate;

  report = evaluate_ok (board, defs, "2025-06");
  json = kpi_report_to_json (report, NULL);
  ck_assert_msg (json_parser_load_from_data (parser, json, -1, &error), "%s", error ? error->message : "");
  root = json_node_get_object (json_parser_get_root (parser));
  ck_assert (json_node_is_null (json_object_get_member (root, "funnel")));
  g_clear_pointer (&json, g_free);
  g_clear_object (&report);

  kpi_dashboard_set_funnel (board, funnel);
  report = evaluate_ok (board, defs, "2025-06");
  result = kpi_report_get_funnel (report);
  json = kpi_report_to_json (report, NULL);
  ck_assert_msg (json_parser_load_from_data (parser, json, -1, &error), "%s", error ? error->message : "");
  root = json_node_get_object (json_parser_get_root (parser));
  object = json_object_get_object_member (root, "funnel");
  ck_assert_ptr_nonnull (object);
  ck_assert_str_eq (json_object_get_string_member (object, "basis"), "cohort");
  stages = json_object_get_array_member (object, "stages");
  ck_assert_uint_eq (json_array_get_length (stages), 5);
  for (guint i = 0; i < 5; i++)
    {
      JsonObject *stage = json_array_get_object_element (stages, i);

      ck_assert_str_eq (json_object_get_string_member (stage, "stage"),
                        kpi_funnel_result_get_stage_name (result, i));
      ck_assert_int_eq (json_object_get_int_member (stage, "count"),
                        kpi_funnel_result_get_stage_count (result, i));
      /* the first stage has no previous one; the others, count / previous count */
      if (i == 0 || !kpi_funnel_result_get_conversion (result, i - 1, &rate))
        ck_assert (json_node_is_null (json_object_get_member (stage, "conversion")));
      else
        {
          ck_assert (json_object_get_double_member (stage, "conversion") == rate);
          kpi_test_assert_close_rel (rate, (double) kpi_funnel_result_get_stage_count (result, i) /
                                           kpi_funnel_result_get_stage_count (result, i - 1), 1e-12);
        }
    }
  ck_assert_str_eq (json_object_get_string_member (json_array_get_object_element (stages, 0), "stage"), "lead");

  text = kpi_report_to_text (report, KPI_TEXT_NONE);
  kpi_test_assert_contains (text, "\nFunnel (the entities that entered in the period)\n  lead ");
  ck_assert (kpi_funnel_result_get_conversion (result, 0, &rate));
  line = g_strdup_printf ("%8u  %.1f %% of the previous stage\n",
                          kpi_funnel_result_get_stage_count (result, 1), 100 * rate);
  kpi_test_assert_contains (text, line);

  html = kpi_report_to_html (report, NULL);
  kpi_test_assert_contains (html, "<h2>Funnel</h2>");
  /* after the last card */
  ck_assert_ptr_nonnull (g_strrstr (html, "class=\"kpi-card"));
  ck_assert (g_strrstr (html, "class=\"kpi-card") < strstr (html, "<h2>Funnel</h2>"));
  kpi_test_assert_contains (html, "qualified: ");
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "strategic-rows", test_strategic_rows },
    { "strategic-scores", test_strategic_scores },
    { "quality-duplicated-batch", test_quality_duplicated_batch },
    { "budget-year-to-date", test_budget_year_to_date },
    { "partial-period", test_partial_period },
    { "item-policy", test_item_policy },
    { "breakdowns", test_breakdowns },
    { "errors", test_errors },
    { "progress-cancel-async", test_progress_cancel_async },
    { "json", test_json },
    { "csv-text", test_csv_text },
    { "funnel", test_funnel },
    { "funnel-exports", test_funnel_exports },
  };

  return kpi_test_run ("KpiReport", cases, G_N_ELEMENTS (cases), 120);
}
