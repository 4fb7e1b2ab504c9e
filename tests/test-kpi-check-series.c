/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of the checks over an indicator's series: KpiOutlierCheck
 * (modified z-score, Hampel filter) and KpiSeasonalCheck (residuals of a
 * classical decomposition), worked by hand, at their edges, and on the
 * generated sample (the seeded spike found, the clean data passing). */

#include <math.h>
#include <check.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include "kpi-test.h"
#include <libkpi/kpi.h>
#include "kpi-series-check-private.h"

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

/* A CSV of one row a day from 2025-01-01: date,channel,amount,cost with
 * amount = @values[i] (NaN: empty) and cost = 1. */
static void
append_days (GString      *csv,
             const char   *channel,
             const double *values,
             gsize         n)
{
  g_autoptr(GDate) date = g_date_new_dmy (1, G_DATE_JANUARY, 2025);

  for (gsize i = 0; i < n; i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE] = "";

      if (!isnan (values[i]))
        g_ascii_formatd (buf, sizeof buf, "%.15g", values[i]);
      g_string_append_printf (csv, "%04d-%02d-%02d,%s,%s,1\n",
                              g_date_get_year (date), g_date_get_month (date),
                              g_date_get_day (date), channel, buf);
      g_date_add_days (date, 1);
    }
}

static KpiDataset *
days_dataset (const double *values,
              gsize         n)
{
  g_autoptr(GString) csv = g_string_new ("date,channel,amount,cost\n");

  append_days (csv, "online", values, n);
  return kpi_test_load (csv->str, NULL);
}

/* A context whose "now" is after every test's data, holding @dataset as
 * "orders". */
static KpiContext *
context_with (KpiDataset *dataset)
{
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2030-01-01T00:00:00Z", 1);
  KpiContext *context = kpi_context_new (calendar);

  if (dataset != NULL)
    kpi_context_add_dataset (context, "orders", dataset);
  return context;
}

static KpiCheckResult *
run_ok (KpiCheck   *check,
        KpiContext *context)
{
  GError *error = NULL;
  KpiCheckResult *result = kpi_check_run (check, context, NULL, &error);

  ck_assert_msg (error == NULL, "%s", error != NULL ? error->message : "");
  ck_assert_ptr_nonnull (result);
  ck_assert (g_utf8_validate (kpi_check_result_get_message (result), -1, NULL));
  ck_assert_ptr_null (strstr (kpi_check_result_get_message (result), "nan"));
  ck_assert_ptr_null (strstr (kpi_check_result_get_message (result), "inf"));
  return result;
}

static KpiCheck *
day_check (GType       type,
           const char *formula)
{
  KpiCheck *check = g_object_new (type, "dataset-name", "orders", "formula", formula,
                                  "id", "amounts", NULL);

  kpi_check_set_granularity (check, KPI_GRANULARITY_DAY);
  return check;
}

/* ------------------------------------------------------------------------
 * The robust spread
 * ------------------------------------------------------------------------ */

START_TEST (test_spread_worked)
{
  /* 1 2 3 4 100: median 3, |x − 3| = 2 1 0 1 97, MAD 1: σ̂ = 1.4826 */
  double a[] = { 4, 100, 1, 3, 2 };
  /* 5 5 5 5 9 1: median 5, |x − 5| = 0 0 0 0 4 4, MAD 0: the mean
   * absolute deviation 8/6 × 1.2533141373155 = 1.67108551642067 */
  double b[] = { 5, 9, 5, 1, 5, 5 };
  double c[] = { 7, 7, 7 };
  double median;

  kpi_test_assert_close (kpi_series_spread (a, G_N_ELEMENTS (a), 1.4826, &median), 1.4826, 1e-12);
  ck_assert (median == 3);
  kpi_test_assert_close (kpi_series_spread (b, G_N_ELEMENTS (b), 1.4826, &median),
                         1.67108551642067, 1e-12);
  ck_assert (median == 5);
  ck_assert (kpi_series_spread (c, G_N_ELEMENTS (c), 1.4826, &median) == 0);
  ck_assert (median == 7);
}
END_TEST

/* ------------------------------------------------------------------------
 * KpiOutlierCheck
 * ------------------------------------------------------------------------ */

/* Ten days, the last one high:
 *   100 102 98 101 99 100 103 97 100 150
 * sorted 97 98 99 100 100 100 101 102 103 150: median 100;
 * |x − 100| = 0 2 2 1 1 0 3 3 0 50, sorted 0 0 0 1 1 2 2 3 3 50: MAD 1.5;
 * M(150) = 0.6745 × 50 / 1.5 = 22.48333, beyond 15: a failure. The next
 * largest, 103 and 97, score ±0.6745 × 3 / 1.5 = ±1.349. */
START_TEST (test_modified_z_worked)
{
  const double values[] = { 100, 102, 98, 101, 99, 100, 103, 97, 100, 150 };
  g_autoptr(KpiDataset) orders = days_dataset (values, G_N_ELEMENTS (values));
  g_autoptr(KpiContext) context = context_with (orders);
  g_autoptr(KpiCheck) check = day_check (KPI_TYPE_OUTLIER_CHECK, "sum(amount)");
  g_autoptr(KpiCheckResult) result = NULL;
  const char *dimension = "x", *group = "x";
  const KpiPeriod *affected;
  double lo, hi;

  kpi_outlier_check_set_method (KPI_OUTLIER_CHECK (check), KPI_OUTLIER_METHOD_MODIFIED_Z);
  kpi_check_set_key_fields (check, (const char *[]) { "date", "amount", NULL });
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_FAIL);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 22.48333333333333, 1e-9);
  kpi_check_result_get_expected (result, &lo, &hi);
  ck_assert (isnan (lo));
  ck_assert (hi == 10);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "2025-01-10: 150, 1.5× the median of the 10 days (100); "
                    "modified z 22.5, beyond the failure threshold 15");
  ck_assert_uint_eq (kpi_check_result_get_element_count (result), 10);
  ck_assert_uint_eq (kpi_check_result_get_missing_count (result), 0);
  ck_assert_uint_eq (kpi_check_result_get_unexpected_count (result), 1);
  ck_assert_str_eq (kpi_check_result_get_check_type (result), "outlier");
  ck_assert_str_eq (kpi_check_result_get_dataset_name (result), "orders");
  ck_assert_str_eq (kpi_check_result_get_fields (result)[0], "amount");
  ck_assert_ptr_null (kpi_check_result_get_fields (result)[1]);
  ck_assert_uint_eq (kpi_check_result_get_n_affected (result), 1);
  affected = kpi_check_result_get_affected (result, 0, &dimension, &group);
  ck_assert_str_eq (kpi_period_get_label (affected), "2025-01-10");
  ck_assert_ptr_null (dimension);
  ck_assert_ptr_null (group);
  /* the sample is the row of that day */
  ck_assert_uint_eq (kpi_check_result_get_n_samples (result), 1);
  ck_assert_uint_eq (kpi_check_result_get_sample_row (result, 0), 9);
  ck_assert_str_eq (kpi_check_result_get_sample_keys (result, 0)[0], "2025-01-10");
  ck_assert_str_eq (kpi_check_result_get_sample_keys (result, 0)[1], "150");

  /* With a lower failure threshold the same score still fails; above the
   * score, it passes and names the largest. */
  kpi_check_set_thresholds (check, 25, 30);
  g_clear_object (&result);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_PASS);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "no outlier among 10 values: the largest modified z is 22.5 (2025-01-10), within 25");
  ck_assert_uint_eq (kpi_check_result_get_unexpected_count (result), 0);
  ck_assert_uint_eq (kpi_check_result_get_n_affected (result), 0);
  ck_assert_uint_eq (kpi_check_result_get_n_samples (result), 0);
}
END_TEST

/* A trend, 10 20 … 150, with 500 instead of 80 on the 8th day.
 *
 * Hampel, 3 days on each side: around the 8th, 50 60 70 500 90 100 110,
 * median 90, |x − 90| = 40 30 20 410 0 10 20, MAD 20: (500 − 90) /
 * (1.4826 × 20) = 13.82706, beyond 10 (a warning), 5.6 times 90.
 * Its neighbours are on the trend: the 7th, 70 among 40 50 60 70 500 90
 * 100, is the median (0); the first, 10 among 10 20 30 40 (the window cut
 * at the start), scores (10 − 25) / (1.4826 × 10) = −1.01174.
 *
 * The modified z over the whole series misses it: median 90, MAD 40 (the
 * trend widens it), M = 0.6745 × 410 / 40 = 6.91363, within 10. */
START_TEST (test_hampel_worked)
{
  double values[15];
  g_autoptr(KpiDataset) orders = NULL;
  g_autoptr(KpiContext) context = NULL;
  g_autoptr(KpiCheck) check = day_check (KPI_TYPE_OUTLIER_CHECK, "sum(amount)");
  g_autoptr(KpiCheckResult) result = NULL;

  for (guint i = 0; i < 15; i++)
    values[i] = 10.0 * (i + 1);
  values[7] = 500;
  orders = days_dataset (values, 15);
  context = context_with (orders);

  ck_assert_int_eq (kpi_outlier_check_get_method (KPI_OUTLIER_CHECK (check)), KPI_OUTLIER_METHOD_HAMPEL);
  kpi_outlier_check_set_window (KPI_OUTLIER_CHECK (check), 3);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_WARN);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 13.82706056927020, 1e-9);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "2025-01-08: 500, 5.6× the median of the 7 days around it (90); "
                    "robust z 13.8, beyond the warning threshold 10");
  ck_assert_uint_eq (kpi_check_result_get_unexpected_count (result), 1);

  /* Every other day within ±1.02: a threshold of 1.02 flags only the
   * 8th; one of 1 flags the first day too (−1.01174). */
  kpi_check_set_thresholds (check, 1.02, 100);
  g_clear_object (&result);
  result = run_ok (check, context);
  ck_assert_uint_eq (kpi_check_result_get_unexpected_count (result), 1);
  kpi_check_set_thresholds (check, 1, 100);
  g_clear_object (&result);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_WARN);
  ck_assert_uint_ge (kpi_check_result_get_unexpected_count (result), 2);
  kpi_test_assert_contains (kpi_check_result_get_message (result), "values beyond 1 in all");

  kpi_check_set_thresholds (check, 10, 15);
  kpi_outlier_check_set_method (KPI_OUTLIER_CHECK (check), KPI_OUTLIER_METHOD_MODIFIED_Z);
  g_clear_object (&result);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_PASS);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 6.913625, 1e-9);
}
END_TEST

/* Group by group: the same ten days in two channels, the spike of
 * test_modified_z_worked in online only. The finding is about online on
 * 2025-01-10: it taints that value of an indicator over amount, not the
 * store's, not another day's, not an indicator over cost. */
START_TEST (test_group_by)
{
  const double online[] = { 100, 102, 98, 101, 99, 100, 103, 97, 100, 150 };
  const double store[] = { 50, 51, 49, 50, 52, 48, 50, 51, 49, 50 };
  g_autoptr(GString) csv = g_string_new ("date,channel,amount,cost\n");
  g_autoptr(KpiDataset) orders = NULL;
  g_autoptr(KpiContext) context = NULL;
  g_autoptr(KpiCheck) check = day_check (KPI_TYPE_OUTLIER_CHECK, "sum(amount)");
  g_autoptr(KpiCheckResult) result = NULL;
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2030-01-01T00:00:00Z", 1);
  g_autoptr(KpiPeriod) day = kpi_test_parse_period (calendar, "2025-01-10");
  g_autoptr(KpiPeriod) other_day = kpi_test_parse_period (calendar, "2025-01-09");
  g_autoptr(KpiPeriod) month = kpi_test_parse_period (calendar, "2025-01");
  const char *amount[] = { "amount", NULL }, *cost[] = { "cost", NULL };
  const char *dimension, *group;

  append_days (csv, "store", store, G_N_ELEMENTS (store));
  append_days (csv, "online", online, G_N_ELEMENTS (online));
  orders = kpi_test_load (csv->str, NULL);
  context = context_with (orders);

  kpi_outlier_check_set_method (KPI_OUTLIER_CHECK (check), KPI_OUTLIER_METHOD_MODIFIED_Z);
  kpi_check_set_group_by (check, "channel");
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_FAIL);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "2025-01-10 online: 150, 1.5× the median of the 10 days (100); "
                    "modified z 22.5, beyond the failure threshold 15");
  ck_assert_uint_eq (kpi_check_result_get_element_count (result), 20);
  ck_assert_uint_eq (kpi_check_result_get_unexpected_count (result), 1);
  ck_assert_uint_eq (kpi_check_result_get_n_affected (result), 1);
  kpi_check_result_get_affected (result, 0, &dimension, &group);
  ck_assert_str_eq (dimension, "channel");
  ck_assert_str_eq (group, "online");
  /* the online row of that day, the 20th of the file */
  ck_assert_uint_eq (kpi_check_result_get_n_samples (result), 1);
  ck_assert_uint_eq (kpi_check_result_get_sample_row (result, 0), 19);

  ck_assert (kpi_check_result_affects (result, "orders", amount, day, "channel", "online"));
  ck_assert (kpi_check_result_affects (result, "orders", amount, month, NULL, NULL));
  ck_assert (!kpi_check_result_affects (result, "orders", amount, day, "channel", "store"));
  ck_assert (!kpi_check_result_affects (result, "orders", amount, other_day, "channel", "online"));
  ck_assert (!kpi_check_result_affects (result, "orders", cost, day, "channel", "online"));
  ck_assert (!kpi_check_result_affects (result, "nps", amount, day, NULL, NULL));

  /* The store (48 … 52) alone has nothing out of line: its largest score
   * is 0.6745 × 2 / 1 = 1.349 (median 50, MAD 1). */
  {
    g_autoptr(KpiCheck) store_only = day_check (KPI_TYPE_OUTLIER_CHECK,
                                                "sum(amount where channel = \"store\")");
    g_autoptr(KpiCheckResult) store_result = NULL;

    kpi_outlier_check_set_method (KPI_OUTLIER_CHECK (store_only), KPI_OUTLIER_METHOD_MODIFIED_Z);
    store_result = run_ok (store_only, context);
    ck_assert_int_eq (kpi_check_result_get_status (store_result), KPI_CHECK_STATUS_PASS);
    kpi_test_assert_close (kpi_check_result_get_observed (store_result), 1.349, 1e-9);
  }
}
END_TEST

/* Ties with the median make a MAD of 0: 20 days of 100, one of 130 and
 * one of 90. Median 100, mean absolute deviation (30 + 10) / 22 =
 * 1.818182, σ̂ = 1.2533141 × 1.818182 = 2.278753: 130 scores 13.16510 (a
 * warning), 90 scores −4.38837. All equal: no spread, nothing judged. */
START_TEST (test_mad_zero)
{
  double values[22];
  g_autoptr(KpiDataset) orders = NULL;
  g_autoptr(KpiDataset) flat = NULL;
  g_autoptr(KpiContext) context = NULL;
  g_autoptr(KpiContext) flat_context = NULL;
  g_autoptr(KpiCheck) check = day_check (KPI_TYPE_OUTLIER_CHECK, "sum(amount)");
  g_autoptr(KpiCheckResult) result = NULL;

  for (guint i = 0; i < 22; i++)
    values[i] = 100;
  values[20] = 130;
  values[21] = 90;
  orders = days_dataset (values, 22);
  context = context_with (orders);
  kpi_outlier_check_set_method (KPI_OUTLIER_CHECK (check), KPI_OUTLIER_METHOD_MODIFIED_Z);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_WARN);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 13.16509525324728, 1e-9);
  kpi_test_assert_contains (kpi_check_result_get_message (result), "2025-01-21: 130, 1.3× the median");

  values[20] = values[21] = 100;
  flat = days_dataset (values, 22);
  flat_context = context_with (flat);
  g_clear_object (&result);
  result = run_ok (check, flat_context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "no outlier to look for: all 22 values are equal: no spread to judge an outlier against");
  ck_assert (isnan (kpi_check_result_get_observed (result)));

  /* The Hampel filter takes a flat window as no outlier (every value is
   * its median), and the flat series passes. */
  kpi_outlier_check_set_method (KPI_OUTLIER_CHECK (check), KPI_OUTLIER_METHOD_HAMPEL);
  kpi_outlier_check_set_window (KPI_OUTLIER_CHECK (check), 3);
  g_clear_object (&result);
  result = run_ok (check, flat_context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_PASS);
  ck_assert (kpi_check_result_get_observed (result) == 0);
}
END_TEST

/* Too short a series: 5 days for a modified z-score (7 needed), 20 for a
 * Hampel window of 14 days a side (29 needed). */
START_TEST (test_too_few)
{
  const double values[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 };
  g_autoptr(KpiDataset) five = days_dataset (values, 5);
  g_autoptr(KpiDataset) twenty = days_dataset (values, 20);
  g_autoptr(KpiContext) five_context = context_with (five);
  g_autoptr(KpiContext) twenty_context = context_with (twenty);
  g_autoptr(KpiCheck) check = day_check (KPI_TYPE_OUTLIER_CHECK, "sum(amount)");
  g_autoptr(KpiCheckResult) result = NULL;

  kpi_outlier_check_set_method (KPI_OUTLIER_CHECK (check), KPI_OUTLIER_METHOD_MODIFIED_Z);
  result = run_ok (check, five_context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "no outlier to look for: 5 values, 7 needed for a modified z-score");
  ck_assert_uint_eq (kpi_check_result_get_element_count (result), 5);

  kpi_outlier_check_set_method (KPI_OUTLIER_CHECK (check), KPI_OUTLIER_METHOD_HAMPEL);
  g_clear_object (&result);
  result = run_ok (check, twenty_context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "no outlier to look for: 20 values, 29 needed for a window of 14 days on each side");

  /* One row */
  {
    g_autoptr(KpiDataset) one = days_dataset (values, 1);
    g_autoptr(KpiContext) one_context = context_with (one);

    g_clear_object (&result);
    result = run_ok (check, one_context);
    ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
    kpi_test_assert_contains (kpi_check_result_get_message (result), "1 value, 29 needed");
  }
}
END_TEST

/* Missing values are skipped and counted: an average over a day whose
 * amount is missing has no value. With all of them missing there is
 * nothing to judge; without rows at all, no period. */
START_TEST (test_missing)
{
  double values[12] = { 100, 102, 98, NAN, 101, 99, 100, 103, NAN, 97, 100, 150 };
  double none[8] = { NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN };
  g_autoptr(KpiDataset) orders = days_dataset (values, 12);
  g_autoptr(KpiDataset) missing = days_dataset (none, 8);
  g_autoptr(KpiDataset) empty = kpi_dataset_new ("date");
  g_autoptr(KpiContext) context = context_with (orders);
  g_autoptr(KpiContext) missing_context = context_with (missing);
  g_autoptr(KpiContext) empty_context = context_with (empty);
  g_autoptr(KpiCheck) check = day_check (KPI_TYPE_OUTLIER_CHECK, "avg(amount)");
  g_autoptr(KpiCheckResult) result = NULL;

  /* the ten values of test_modified_z_worked, in the same order: 22.48 */
  kpi_outlier_check_set_method (KPI_OUTLIER_CHECK (check), KPI_OUTLIER_METHOD_MODIFIED_Z);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_FAIL);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 22.48333333333333, 1e-9);
  ck_assert_uint_eq (kpi_check_result_get_element_count (result), 12);
  ck_assert_uint_eq (kpi_check_result_get_missing_count (result), 2);

  g_clear_object (&result);
  result = run_ok (check, missing_context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  ck_assert_uint_eq (kpi_check_result_get_element_count (result), 8);
  ck_assert_uint_eq (kpi_check_result_get_missing_count (result), 8);
  kpi_test_assert_contains (kpi_check_result_get_message (result), "0 values, 7 needed");

  ck_assert (kpi_dataset_add_column (empty, "amount", KPI_COLUMN_MEASURE, NULL));
  g_clear_object (&result);
  result = run_ok (check, empty_context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  ck_assert_uint_eq (kpi_check_result_get_element_count (result), 0);
  ck_assert_str_eq (kpi_check_result_get_message (result), "no outlier to look for: no period to judge");

  /* group by group, where the dimension is always empty */
  {
    g_autoptr(KpiDataset) no_channel = kpi_dataset_new ("date");
    g_autoptr(KpiContext) no_channel_context = context_with (no_channel);
    const char *channel[] = { "" };
    const double amount[] = { 1 };

    ck_assert (kpi_dataset_add_column (no_channel, "channel", KPI_COLUMN_DIMENSION, NULL));
    ck_assert (kpi_dataset_add_column (no_channel, "amount", KPI_COLUMN_MEASURE, NULL));
    for (int day = 1; day <= 3; day++)
      ck_assert (kpi_dataset_append_row (no_channel, kpi_test_utc (2025, 1, day, 0, 0),
                                         channel, 1, amount, 1, NULL));

    kpi_check_set_group_by (check, "channel");
    g_clear_object (&result);
    result = run_ok (check, no_channel_context);
    ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
    ck_assert_str_eq (kpi_check_result_get_message (result),
                      "no outlier to look for: no group to judge: “channel” is empty in every row");
  }
}
END_TEST

/* The check's period: its days are judged against the whole series (the
 * spike of the 10th is found in a check of 2025-01-10, and not in one of
 * 2025-01-09); a period outside the data has no value to judge. */
START_TEST (test_period)
{
  const double values[] = { 100, 102, 98, 101, 99, 100, 103, 97, 100, 150 };
  g_autoptr(KpiDataset) orders = days_dataset (values, G_N_ELEMENTS (values));
  g_autoptr(KpiContext) context = context_with (orders);
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2030-01-01T00:00:00Z", 1);
  g_autoptr(KpiPeriod) tenth = kpi_test_parse_period (calendar, "2025-01-10");
  g_autoptr(KpiPeriod) ninth = kpi_test_parse_period (calendar, "2025-01-09");
  g_autoptr(KpiPeriod) later = kpi_test_parse_period (calendar, "2026-03");
  g_autoptr(KpiCheck) check = day_check (KPI_TYPE_OUTLIER_CHECK, "sum(amount)");
  g_autoptr(KpiCheckResult) result = NULL;

  kpi_outlier_check_set_method (KPI_OUTLIER_CHECK (check), KPI_OUTLIER_METHOD_MODIFIED_Z);
  kpi_check_set_period (check, tenth);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_FAIL);
  ck_assert_uint_eq (kpi_check_result_get_element_count (result), 1);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 22.48333333333333, 1e-9);

  kpi_check_set_period (check, ninth);
  g_clear_object (&result);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_PASS);
  ck_assert_uint_eq (kpi_check_result_get_element_count (result), 1);
  ck_assert (kpi_check_result_get_observed (result) == 0);   /* 100 is the median */

  /* March 2026, 31 days past the data: all missing */
  kpi_check_set_period (check, later);
  g_clear_object (&result);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  ck_assert_uint_eq (kpi_check_result_get_element_count (result), 31);
  ck_assert_uint_eq (kpi_check_result_get_missing_count (result), 31);
}
END_TEST

/* Twelve weeks and three days (to a Wednesday): without a coverage, the
 * last row's week counts whole (as the dataset says of it), and its three
 * days make an outlier; with the coverage ending on the Thursday, that
 * week is partial, not judged, counted as missing. */
START_TEST (test_partial_week)
{
  g_autoptr(GString) csv = g_string_new ("date,amount\n");
  g_autoptr(GDate) date = g_date_new_dmy (6, G_DATE_JANUARY, 2025);   /* a Monday */
  g_autoptr(KpiDataset) orders = NULL;
  g_autoptr(KpiContext) context = NULL;
  g_autoptr(KpiCheck) check = g_object_new (KPI_TYPE_OUTLIER_CHECK, "dataset-name", "orders",
                                            "formula", "sum(amount)", "granularity",
                                            KPI_GRANULARITY_WEEK, "method",
                                            KPI_OUTLIER_METHOD_MODIFIED_Z, NULL);
  g_autoptr(KpiCheckResult) result = NULL;
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2030-01-01T00:00:00Z", 1);
  g_autoptr(KpiPeriod) first = kpi_test_parse_period (calendar, "2025-01-06");
  g_autoptr(KpiPeriod) last = NULL;

  for (guint i = 0; i < 7 * 12 + 3; i++)
    {
      g_string_append_printf (csv, "%04d-%02d-%02d,%u\n", g_date_get_year (date),
                              g_date_get_month (date), g_date_get_day (date), 100 + (i * 7) % 5);
      g_date_add_days (date, 1);
    }
  orders = kpi_test_load (csv->str, NULL);
  context = context_with (orders);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_FAIL);
  kpi_test_assert_contains (kpi_check_result_get_message (result), "2025-W14: ");
  ck_assert_uint_eq (kpi_check_result_get_element_count (result), 13);
  ck_assert_uint_eq (kpi_check_result_get_missing_count (result), 0);

  last = kpi_test_parse_period (calendar, "2025-04-02");
  ck_assert (kpi_dataset_set_coverage (orders, kpi_period_get_start (first),
                                       kpi_period_get_end (last), NULL));
  g_clear_object (&result);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_PASS);
  ck_assert_uint_eq (kpi_check_result_get_element_count (result), 13);
  ck_assert_uint_eq (kpi_check_result_get_missing_count (result), 1);
}
END_TEST

/* An indicator of the context: its dataset's name and its formula's
 * fields are the scope. */
START_TEST (test_indicator)
{
  const double values[] = { 100, 102, 98, 101, 99, 100, 103, 97, 100, 150 };
  g_autoptr(KpiDataset) orders = days_dataset (values, G_N_ELEMENTS (values));
  g_autoptr(KpiContext) context = context_with (orders);
  g_autoptr(KpiIndicator) margin = kpi_indicator_new ("margin", "sum(amount) - sum(cost)", NULL);
  g_autoptr(KpiCheck) check = kpi_outlier_check_new_for_indicator ("margin");
  g_autoptr(KpiCheckResult) result = NULL;
  const char * const *fields;

  kpi_indicator_set_dataset_name (margin, "orders");
  kpi_context_add_indicator (context, margin);
  kpi_check_set_granularity (check, KPI_GRANULARITY_DAY);
  kpi_outlier_check_set_method (KPI_OUTLIER_CHECK (check), KPI_OUTLIER_METHOD_MODIFIED_Z);
  ck_assert_str_eq (kpi_outlier_check_get_indicator_id (KPI_OUTLIER_CHECK (check)), "margin");
  result = run_ok (check, context);
  /* amount − 1: the same deviations, the same 22.48 */
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_FAIL);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 22.48333333333333, 1e-9);
  kpi_test_assert_contains (kpi_check_result_get_message (result), "2025-01-10: 149, ");
  ck_assert_str_eq (kpi_check_result_get_dataset_name (result), "orders");
  fields = kpi_check_result_get_fields (result);
  ck_assert_str_eq (fields[0], "amount");
  ck_assert_str_eq (fields[1], "cost");
  ck_assert_ptr_null (fields[2]);
}
END_TEST

START_TEST (test_errors)
{
  const double values[] = { 100, 102, 98, 101, 99, 100, 103, 97, 100, 150 };
  g_autoptr(KpiDataset) orders = days_dataset (values, G_N_ELEMENTS (values));
  g_autoptr(KpiContext) context = context_with (orders);
  g_autoptr(KpiIndicator) revenue = kpi_indicator_new ("revenue", "sum(amount)", NULL);
  g_autoptr(KpiCheck) check = day_check (KPI_TYPE_OUTLIER_CHECK, "sum(amout)");
  g_autoptr(KpiCheck) seasonal = day_check (KPI_TYPE_SEASONAL_CHECK, "sum(amount)");
  GError *error = NULL;

  kpi_indicator_set_dataset_name (revenue, "orders");
  kpi_context_add_indicator (context, revenue);

  ck_assert_ptr_null (kpi_check_run (check, context, NULL, &error));
  g_assert_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_UNKNOWN_FIELD);
  ck_assert_str_eq (error->message, "amounts: unknown field “amout”; did you mean “amount”?");
  g_clear_error (&error);

  kpi_outlier_check_set_formula (KPI_OUTLIER_CHECK (check), "sum(amount");
  ck_assert_ptr_null (kpi_check_run (check, context, NULL, &error));
  ck_assert (error->domain == KPI_FORMULA_ERROR);
  ck_assert (g_str_has_prefix (error->message, "amounts: "));
  g_clear_error (&error);

  kpi_outlier_check_set_formula (KPI_OUTLIER_CHECK (check), NULL);
  ck_assert_ptr_null (kpi_check_run (check, context, NULL, &error));
  g_assert_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID);
  ck_assert_str_eq (error->message, "amounts: no series to judge: set an indicator-id or a formula");
  g_clear_error (&error);

  kpi_outlier_check_set_indicator_id (KPI_OUTLIER_CHECK (check), "revenu");
  ck_assert_ptr_null (kpi_check_run (check, context, NULL, &error));
  g_assert_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID);
  ck_assert_str_eq (error->message, "amounts: unknown indicator “revenu”; did you mean “revenue”?");
  g_clear_error (&error);

  kpi_outlier_check_set_formula (KPI_OUTLIER_CHECK (check), "sum(amount)");
  ck_assert_ptr_null (kpi_check_run (check, context, NULL, &error));
  g_assert_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID);
  ck_assert_str_eq (error->message, "amounts: set an indicator-id or a formula, not both");
  g_clear_error (&error);

  kpi_outlier_check_set_indicator_id (KPI_OUTLIER_CHECK (check), NULL);
  kpi_check_set_group_by (check, "amount");
  ck_assert_ptr_null (kpi_check_run (check, context, NULL, &error));
  g_assert_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID);
  ck_assert_str_eq (error->message, "amounts: cannot judge group by group on “amount”: it is not a dimension");
  g_clear_error (&error);

  kpi_check_set_group_by (check, "chanel");
  ck_assert_ptr_null (kpi_check_run (check, context, NULL, &error));
  g_assert_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_UNKNOWN_FIELD);
  kpi_test_assert_contains (error->message, "did you mean “channel”?");
  g_clear_error (&error);

  kpi_check_set_group_by (check, NULL);
  kpi_check_set_dataset_name (check, "order");
  kpi_check_set_granularity (check, KPI_GRANULARITY_DAY);
  ck_assert_ptr_null (kpi_check_run (check, context, NULL, &error));
  g_assert_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_NO_DATASET);
  g_clear_error (&error);

  kpi_check_set_granularity (seasonal, KPI_GRANULARITY_YEAR);
  ck_assert_ptr_null (kpi_check_run (seasonal, context, NULL, &error));
  g_assert_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID);
  ck_assert_str_eq (error->message, "amounts: years have no season of their own: set a season-length");
  g_clear_error (&error);
  kpi_seasonal_check_set_season_length (KPI_SEASONAL_CHECK (seasonal), 1);
  ck_assert_ptr_null (kpi_check_run (seasonal, context, NULL, &error));
  g_assert_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID);
  g_clear_error (&error);
}
END_TEST

/* The properties, as a checks file sets them (by name, the enum by its
 * nick), with their defaults and notifications. */
START_TEST (test_properties)
{
  g_autoptr(KpiCheck) outliers = kpi_outlier_check_new ("orders", "sum(amount)");
  g_autoptr(KpiCheck) seasonal = kpi_seasonal_check_new ("orders", "count()");
  GParamSpec *pspec;
  GValue value = G_VALUE_INIT;
  guint notified = 0;
  char *formula = NULL;

  ck_assert (kpi_check_get_warn_threshold (outliers) == 10);
  ck_assert (kpi_check_get_fail_threshold (outliers) == 15);
  ck_assert (kpi_check_get_warn_threshold (seasonal) == 10);
  ck_assert (kpi_check_get_fail_threshold (seasonal) == 15);
  ck_assert_str_eq (kpi_check_get_dataset_name (outliers), "orders");
  ck_assert_str_eq (kpi_outlier_check_get_formula (KPI_OUTLIER_CHECK (outliers)), "sum(amount)");
  ck_assert_uint_eq (kpi_outlier_check_get_window (KPI_OUTLIER_CHECK (outliers)), 0);
  ck_assert_uint_eq (kpi_seasonal_check_get_season_length (KPI_SEASONAL_CHECK (seasonal)), 0);

  /* "method": "modified-z" in a file */
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (outliers), "method");
  ck_assert_ptr_nonnull (pspec);
  g_value_init (&value, pspec->value_type);
  g_value_set_enum (&value, g_enum_get_value_by_nick (g_type_class_peek (pspec->value_type),
                                                      "modified-z")->value);
  g_signal_connect (outliers, "notify", G_CALLBACK (kpi_test_count_notify), &notified);
  g_object_set_property (G_OBJECT (outliers), "method", &value);
  g_value_unset (&value);
  ck_assert_int_eq (kpi_outlier_check_get_method (KPI_OUTLIER_CHECK (outliers)),
                    KPI_OUTLIER_METHOD_MODIFIED_Z);
  g_object_set (outliers, "window", 5, "indicator-id", "revenue", NULL);
  g_object_set (outliers, "window", 5, NULL);   /* no change, no notification */
  ck_assert_uint_eq (notified, 3);
  g_object_get (seasonal, "formula", &formula, NULL);
  ck_assert_str_eq (formula, "count()");
  g_free (formula);
  g_object_set (seasonal, "season-length", 4, NULL);
  ck_assert_uint_eq (kpi_seasonal_check_get_season_length (KPI_SEASONAL_CHECK (seasonal)), 4);
}
END_TEST

START_TEST (test_cancelled)
{
  const double values[] = { 100, 102, 98, 101, 99, 100, 103, 97, 100, 150 };
  g_autoptr(KpiDataset) orders = days_dataset (values, G_N_ELEMENTS (values));
  g_autoptr(KpiContext) context = context_with (orders);
  g_autoptr(KpiCheck) check = day_check (KPI_TYPE_OUTLIER_CHECK, "sum(amount)");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GError *error = NULL;

  g_cancellable_cancel (cancellable);
  kpi_check_set_group_by (check, "channel");
  ck_assert_ptr_null (kpi_check_run (check, context, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
}
END_TEST

/* ------------------------------------------------------------------------
 * KpiSeasonalCheck
 * ------------------------------------------------------------------------ */

/* A season of 3 days over 12 days, 10 20 30 each time, but 50 on the 8th
 * (index 7):
 *   x  10 20 30 10 20 30 10 50 30 10 20 30
 * trend, the centred mean of 3 (indices 1 to 10):
 *   T  –  20 20 20 20 20 30 30 30 20 20 –
 * x − T by position in the season (index mod 3):
 *   0: −10 −20 −10 (indices 3 6 9), mean −13.333
 *   1: 0 0 20 0 (1 4 7 10), mean 5
 *   2: 10 10 0 (2 5 8), mean 6.667
 * less their mean, −0.556: S = −12.778, 5.556, 7.222.
 * Residuals x − T − S, indices 1 to 10:
 *   −5.556 2.778 2.778 −5.556 2.778 −7.222 14.444 −7.222 2.778 −5.556
 * median −1.389, |r − median| = 4.167 (7 times), 5.833 (twice), 15.833:
 * MAD 4.1667, σ̂ = 1.4826 × 4.1667 = 6.1775.
 * The 8th scores 14.444 / 6.1775 = 2.33823; its fit is 30 + 5.556 =
 * 35.556. The last day (index 11), past the centred trend: the line
 * through T = 30 20 20 (indices 8 to 10), slope −5, gives T = 13.333 and
 * a residual 30 − 13.333 − 7.222 = 9.444, 1.52885; the first day, on
 * the flat line 20 20 20, 10 − 20 + 12.778 = 2.778, 0.44966. */
START_TEST (test_seasonal_worked)
{
  const double values[] = { 10, 20, 30, 10, 20, 30, 10, 50, 30, 10, 20, 30 };
  g_autoptr(KpiDataset) orders = days_dataset (values, G_N_ELEMENTS (values));
  g_autoptr(KpiContext) context = context_with (orders);
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2030-01-01T00:00:00Z", 1);
  g_autoptr(KpiPeriod) last = kpi_test_parse_period (calendar, "2025-01-12");
  g_autoptr(KpiPeriod) first = kpi_test_parse_period (calendar, "2025-01-01");
  g_autoptr(KpiCheck) check = day_check (KPI_TYPE_SEASONAL_CHECK, "sum(amount)");
  g_autoptr(KpiCheckResult) result = NULL;

  kpi_seasonal_check_set_season_length (KPI_SEASONAL_CHECK (check), 3);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_PASS);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 2.338234634, 1e-8);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "no seasonal anomaly among 12 values: the largest residual z is 2.3 (2025-01-08), within 10");

  kpi_check_set_thresholds (check, 2, 3);
  g_clear_object (&result);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_WARN);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "2025-01-08: 50, 1.4× what the trend and the 3-day season give (35.56); "
                    "residual z 2.3, beyond the warning threshold 2");
  ck_assert_uint_eq (kpi_check_result_get_unexpected_count (result), 1);

  /* the ends, one day at a time */
  kpi_check_set_period (check, last);
  g_clear_object (&result);
  result = run_ok (check, context);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 1.528845721, 1e-8);
  kpi_check_set_period (check, first);
  g_clear_object (&result);
  result = run_ok (check, context);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 0.449660510, 1e-8);
}
END_TEST

/* @n months from 2022-01 on a yearly pattern (an additive one: 800 to
 * 1700), growing by 5 a month, with a deterministic noise of −5 … 5, June
 * 2023 (the 18th month) 300 above its season. */
static KpiDataset *
monthly_orders (int n)
{
  static const double pattern[12] = { 80, 85, 100, 105, 110, 120, 115, 100, 105, 110, 130, 170 };
  g_autoptr(GString) csv = g_string_new ("date,amount\n");

  for (int t = 0; t < n; t++)
    {
      double x = pattern[t % 12] * 10 + 5 * t + ((t * 37) % 11 - 5);

      if (t == 17)
        x += 300;
      g_string_append_printf (csv, "%04d-%02d-15,%.2f\n", 2022 + t / 12, t % 12 + 1, x);
    }
  return kpi_test_load (csv->str, NULL);
}

/* Four years of months: the June found with the default thresholds (and
 * the Python test checks the residuals against statsmodels), named, and
 * nothing else; 35 months are too short a history (36: two seasons and
 * half a season at each end). */
START_TEST (test_seasonal_month)
{
  g_autoptr(KpiDataset) orders = monthly_orders (48);
  g_autoptr(KpiDataset) short_orders = monthly_orders (35);
  g_autoptr(KpiContext) context = context_with (orders);
  g_autoptr(KpiContext) short_context = context_with (short_orders);
  g_autoptr(KpiCheck) check = kpi_seasonal_check_new ("orders", "sum(amount)");
  g_autoptr(KpiCheckResult) result = NULL;

  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_FAIL);
  kpi_test_assert_contains (kpi_check_result_get_message (result), "2023-06: ");
  kpi_test_assert_contains (kpi_check_result_get_message (result), "12-month season");
  ck_assert_uint_eq (kpi_check_result_get_unexpected_count (result), 1);
  ck_assert_uint_eq (kpi_check_result_get_element_count (result), 48);
  ck_assert_str_eq (kpi_period_get_label (kpi_check_result_get_affected (result, 0, NULL, NULL)),
                    "2023-06");

  g_clear_object (&result);
  result = run_ok (check, short_context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  kpi_test_assert_contains (kpi_check_result_get_message (result), "35 months of history, 36 needed");
}
END_TEST

/* Too short a history: 19 days for a 7-day season (20 needed: two
 * seasons, and 3 days at each end that the centred average of 7 cannot
 * reach). */
START_TEST (test_seasonal_too_short)
{
  double values[20];
  g_autoptr(KpiDataset) orders = NULL;
  g_autoptr(KpiDataset) longer = NULL;
  g_autoptr(KpiContext) context = NULL;
  g_autoptr(KpiContext) longer_context = NULL;
  g_autoptr(KpiCheck) check = day_check (KPI_TYPE_SEASONAL_CHECK, "sum(amount)");
  g_autoptr(KpiCheckResult) result = NULL;

  for (guint i = 0; i < 20; i++)
    values[i] = 100 + 10 * (i % 7) + (i * 3) % 5;
  orders = days_dataset (values, 19);
  context = context_with (orders);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "no seasonal anomaly to look for: 19 days of history, 20 needed: two seasons "
                    "of 7, and half a season at each end for the centred trend");

  longer = days_dataset (values, 20);
  longer_context = context_with (longer);
  g_clear_object (&result);
  result = run_ok (check, longer_context);
  ck_assert_int_ne (kpi_check_result_get_status (result), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
}
END_TEST

/* An exact season leaves residuals of rounding only: nothing to judge by. */
START_TEST (test_seasonal_exact)
{
  double values[28];
  g_autoptr(KpiDataset) orders = NULL;
  g_autoptr(KpiContext) context = NULL;
  g_autoptr(KpiCheck) check = day_check (KPI_TYPE_SEASONAL_CHECK, "sum(amount)");
  g_autoptr(KpiCheckResult) result = NULL;

  for (guint i = 0; i < 28; i++)
    values[i] = 100.1 + 10.3 * (i % 7);
  orders = days_dataset (values, 28);
  context = context_with (orders);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "no seasonal anomaly to look for: the seasonal fit leaves no spread in the "
                    "residuals to judge against");
}
END_TEST

/* ------------------------------------------------------------------------
 * The generated sample
 * ------------------------------------------------------------------------ */

static KpiContext *
sample_context (const char *variable)
{
  const char *dir = g_getenv (variable);
  g_autoptr(KpiDataset) orders = kpi_dataset_new (NULL);
  g_autofree char *path = NULL;
  GError *error = NULL;

  if (dir == NULL)
    return NULL;
  path = g_build_filename (dir, "orders.csv", NULL);
  if (!kpi_dataset_load_path (orders, path, NULL, &error))
    ck_abort_msg ("%s: %s", path, error->message);
  return context_with (orders);
}

/* The outlier_spike object of $KPI_TEST_DATA/anomalies.json */
static JsonObject *
spike_anomaly (JsonParser *parser)
{
  g_autofree char *path = g_build_filename (g_getenv ("KPI_TEST_DATA"), "anomalies.json", NULL);
  GError *error = NULL;
  JsonArray *anomalies;

  if (!json_parser_load_from_file (parser, path, &error))
    ck_abort_msg ("%s: %s", path, error->message);
  anomalies = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                            "anomalies");
  for (guint i = 0; i < json_array_get_length (anomalies); i++)
    {
      JsonObject *a = json_array_get_object_element (anomalies, i);

      if (g_strcmp0 (json_object_get_string_member (a, "id"), "outlier_spike") == 0)
        return a;
    }
  ck_abort_msg ("%s: no outlier_spike", path);
  return NULL;
}

static void
assert_spike_found (KpiCheckResult *result,
                    JsonObject     *spike,
                    KpiDataset     *orders)
{
  const char *date = json_object_get_string_member (spike, "date");
  const char *channel = json_object_get_string_member (spike, "channel");
  g_autofree char *named = g_strdup_printf ("%s %s: ", date, channel);
  char revenue[G_ASCII_DTOSTR_BUF_SIZE];
  const char *dimension, *group;

  g_ascii_formatd (revenue, sizeof revenue, "%.2f",
                   json_object_get_double_member (spike, "revenue"));
  ck_assert_msg (kpi_check_result_get_status (result) == KPI_CHECK_STATUS_FAIL, "%s",
                 kpi_check_result_get_message (result));
  /* the message starts with the day and channel, then the revenue */
  ck_assert (g_str_has_prefix (kpi_check_result_get_message (result), named));
  ck_assert (g_str_has_prefix (kpi_check_result_get_message (result) + strlen (named), revenue));
  /* the only finding, in its scope, with its orders for samples */
  ck_assert_uint_eq (kpi_check_result_get_unexpected_count (result), 1);
  ck_assert_str_eq (kpi_period_get_label (kpi_check_result_get_affected (result, 0, &dimension, &group)),
                    date);
  ck_assert_str_eq (dimension, "channel");
  ck_assert_str_eq (group, channel);
  ck_assert_uint_gt (kpi_check_result_get_n_samples (result), 0);
  for (guint i = 0; i < kpi_check_result_get_n_samples (result); i++)
    {
      guint row = kpi_check_result_get_sample_row (result, i);

      ck_assert_str_eq (kpi_dataset_get_dimension_value (orders, "channel", row), channel);
      ck_assert_str_ne (kpi_check_result_get_sample_keys (result, i)[0], "");
    }
}

START_TEST (test_sample_spike)
{
  g_autoptr(KpiContext) context = sample_context ("KPI_TEST_DATA");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(KpiDataset) orders = NULL;
  JsonObject *spike;

  ck_assert_msg (context != NULL, "KPI_TEST_DATA is not set");
  spike = spike_anomaly (parser);
  orders = kpi_context_lookup_dataset (context, "orders");

  for (guint kind = 0; kind < 3; kind++)
    {
      g_autoptr(KpiCheck) check = NULL;
      g_autoptr(KpiCheckResult) result = NULL;

      if (kind < 2)
        {
          check = kpi_outlier_check_new ("orders", "sum(amount)");
          kpi_outlier_check_set_method (KPI_OUTLIER_CHECK (check),
                                        kind == 0 ? KPI_OUTLIER_METHOD_HAMPEL : KPI_OUTLIER_METHOD_MODIFIED_Z);
        }
      else
        check = kpi_seasonal_check_new ("orders", "sum(amount)");
      kpi_check_set_granularity (check, KPI_GRANULARITY_DAY);
      kpi_check_set_group_by (check, "channel");
      kpi_check_set_key_fields (check, (const char *[]) { "order_id", NULL });
      result = run_ok (check, context);
      assert_spike_found (result, spike, orders);
    }
}
END_TEST

START_TEST (test_sample_clean)
{
  g_autoptr(KpiContext) context = sample_context ("KPI_TEST_DATA_CLEAN");

  if (context == NULL)
    {
      g_printerr ("KPI_TEST_DATA_CLEAN is not set: skipped\n");
      return;
    }
  for (guint kind = 0; kind < 3; kind++)
    {
      g_autoptr(KpiCheck) check = NULL;
      g_autoptr(KpiCheckResult) result = NULL;

      if (kind < 2)
        {
          check = kpi_outlier_check_new ("orders", "sum(amount)");
          kpi_outlier_check_set_method (KPI_OUTLIER_CHECK (check),
                                        kind == 0 ? KPI_OUTLIER_METHOD_HAMPEL : KPI_OUTLIER_METHOD_MODIFIED_Z);
        }
      else
        check = kpi_seasonal_check_new ("orders", "sum(amount)");
      kpi_check_set_granularity (check, KPI_GRANULARITY_DAY);
      kpi_check_set_group_by (check, "channel");
      result = run_ok (check, context);
      ck_assert_msg (kpi_check_result_get_status (result) == KPI_CHECK_STATUS_PASS, "%s",
                     kpi_check_result_get_message (result));
      ck_assert_uint_eq (kpi_check_result_get_element_count (result), 3 * 731);
    }
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "spread-worked", test_spread_worked },
    { "modified-z-worked", test_modified_z_worked },
    { "hampel-worked", test_hampel_worked },
    { "group-by", test_group_by },
    { "mad-zero", test_mad_zero },
    { "too-few", test_too_few },
    { "missing", test_missing },
    { "period", test_period },
    { "partial-week", test_partial_week },
    { "indicator", test_indicator },
    { "errors", test_errors },
    { "properties", test_properties },
    { "cancelled", test_cancelled },
    { "seasonal-worked", test_seasonal_worked },
    { "seasonal-month", test_seasonal_month },
    { "seasonal-too-short", test_seasonal_too_short },
    { "seasonal-exact", test_seasonal_exact },
    { "sample-spike", test_sample_spike },
    { "sample-clean", test_sample_clean },
  };

  return kpi_test_run ("check-series", cases, G_N_ELEMENTS (cases), 60);
}
