/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of the freshness, contributor coverage and end-of-period checks:
 * hand-worked cases with their edges, the anomalies seeded in the
 * generated sample data (named as anomalies.json names them), and the
 * clean sample, on which nothing may be found. */

#include <math.h>
#include <stdio.h>
#include <check.h>
#include <json-glib/json-glib.h>
#include "kpi-test.h"
#include <libkpi/kpi.h>

#define DAY (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

/* Runs @check on @dataset, known as @name in a context with @calendar;
 * the run must not fail. */
static KpiCheckResult *
run_on (KpiCheck    *check,
        KpiDataset  *dataset,
        const char  *name,
        KpiCalendar *calendar)
{
  g_autoptr(KpiContext) context = kpi_context_new (calendar);
  GError *error = NULL;
  KpiCheckResult *result;

  kpi_context_add_dataset (context, name, dataset);
  kpi_check_set_dataset_name (check, name);
  result = kpi_check_run (check, context, NULL, &error);
  ck_assert_msg (error == NULL, "%s", error != NULL ? error->message : "");
  ck_assert_ptr_nonnull (result);
  ck_assert (g_utf8_validate (kpi_check_result_get_message (result), -1, NULL));
  ck_assert_msg (strstr (kpi_check_result_get_message (result), "nan") == NULL
                 && strstr (kpi_check_result_get_message (result), "inf") == NULL,
                 "%s", kpi_check_result_get_message (result));
  return result;
}

/* Runs @check on @dataset: the run must fail with @code of
 * KPI_CHECK_ERROR; returns the message, to free. */
static char *
run_error (KpiCheck   *check,
           KpiDataset *dataset,
           int         code)
{
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2026-01-01T00:00:00Z", 1);
  g_autoptr(KpiContext) context = kpi_context_new (calendar);
  GError *error = NULL;
  char *message;

  kpi_context_add_dataset (context, "data", dataset);
  kpi_check_set_dataset_name (check, "data");
  ck_assert_ptr_null (kpi_check_run (check, context, NULL, &error));
  ck_assert_ptr_nonnull (error);
  ck_assert_msg (g_error_matches (error, KPI_CHECK_ERROR, code), "%s", error->message);
  ck_assert (g_utf8_validate (error->message, -1, NULL));
  message = g_strdup (error->message);
  g_error_free (error);
  return message;
}

/* Whether the scope of @result holds @label (for @group of @dimension,
 * or no group). */
static gboolean
has_affected (KpiCheckResult *result,
              const char     *label,
              const char     *dimension,
              const char     *group)
{
  for (guint i = 0; i < kpi_check_result_get_n_affected (result); i++)
    {
      const char *d, *g;
      const KpiPeriod *p = kpi_check_result_get_affected (result, i, &d, &g);

      if (p != NULL && strcmp (kpi_period_get_label (p), label) == 0
          && g_strcmp0 (d, dimension) == 0 && g_strcmp0 (g, group) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The object of the anomaly @id in @dir's anomalies.json. */
static JsonObject *
anomaly (const char *dir,
         const char *id)
{
  g_autofree char *path = g_build_filename (dir, "anomalies.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  GError *error = NULL;
  JsonArray *list;

  ck_assert_msg (json_parser_load_from_file (parser, path, &error), "%s",
                 error != NULL ? error->message : "");
  list = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "anomalies");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *o = json_array_get_object_element (list, i);

      if (strcmp (json_object_get_string_member (o, "id"), id) == 0)
        return json_object_ref (o);
    }
  ck_abort_msg ("no anomaly %s in %s", id, path);
  return NULL;
}

/* The file @name of the sample in @dir, loaded. */
static KpiDataset *
load_sample (const char *dir,
             const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  KpiDataset *dataset = kpi_dataset_new (NULL);
  GError *error = NULL;

  ck_assert_msg (kpi_dataset_load_path (dataset, path, NULL, &error), "%s",
                 error != NULL ? error->message : "");
  return dataset;
}

/* The date @days after @year-@month-@day, as text. */
static char *
date_plus (int year,
           int month,
           int day,
           int days)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, 0, 0, 0);
  g_autoptr(GDateTime) later = g_date_time_add_days (dt, days);

  return g_date_time_format (later, "%Y-%m-%d");
}

/* ------------------------------------------------------------------------
 * KpiFreshnessCheck
 * ------------------------------------------------------------------------ */

static const char two_days_csv[] =
  "date,channel\n"
  "2025-03-01,a\n"
  "2025-03-10,b\n";

/* Newest row 2025-03-10 (midnight), now 2025-03-12 12:00: the age is 2.5
 * days, above the default warning age (2) and within the failure age (7).
 * The row of the 10th stands for its day: the data stops at the 11th
 * 00:00, so in days the 11th and the 12th are missing, not the 10th. */
START_TEST (test_freshness_age_warns)
{
  g_autoptr(KpiDataset) data = kpi_test_load (two_days_csv, NULL);
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-03-12T12:00:00Z", 1);
  g_autoptr(KpiCheck) check = kpi_freshness_check_new (NULL);
  g_autoptr(KpiCheckResult) result = NULL;
  g_autoptr(KpiPeriod) march = kpi_test_parse_period (calendar, "2025-03");
  g_autoptr(KpiPeriod) february = kpi_test_parse_period (calendar, "2025-02");
  double min, max;

  ck_assert_int_eq (kpi_check_get_warn_threshold (check), 2);
  ck_assert_int_eq (kpi_check_get_fail_threshold (check), 7);
  kpi_check_set_granularity (check, KPI_GRANULARITY_DAY);
  result = run_on (check, data, "orders", calendar);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_WARN);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 2.5, 1e-12);
  kpi_check_result_get_expected (result, &min, &max);
  ck_assert (isnan (min));
  ck_assert (max == 2);
  kpi_test_assert_contains (kpi_check_result_get_message (result),
                            "newest record 2025-03-10 is 2.5 days old at 2025-03-12 12:00, "
                            "above the warning age of 2 days; no data from 2025-03-11");
  ck_assert_uint_eq (kpi_check_result_get_n_affected (result), 2);
  ck_assert (has_affected (result, "2025-03-11", NULL, NULL));
  ck_assert (has_affected (result, "2025-03-12", NULL, NULL));
  ck_assert (!has_affected (result, "2025-03-10", NULL, NULL));
  /* whole rows: any field of March is affected, February is not */
  ck_assert_ptr_null (kpi_check_result_get_fields (result)[0]);
  ck_assert (kpi_check_result_affects (result, "orders", NULL, march, NULL, NULL));
  ck_assert (!kpi_check_result_affects (result, "orders", NULL, february, NULL, NULL));
  ck_assert_uint_eq (kpi_check_result_get_element_count (result), 2);
  /* the sample is the newest row */
  ck_assert_uint_eq (kpi_check_result_get_n_samples (result), 1);
  ck_assert_uint_eq (kpi_check_result_get_sample_row (result, 0), 1);
}
END_TEST

/* The same rows at other times: 1 day old passes (nothing missing: the
 * 10th's data reaches the 11th 00:00, which is now); 10 days old fails,
 * with March (by month, the default granularity) in the scope. */
START_TEST (test_freshness_thresholds)
{
  g_autoptr(KpiDataset) data = kpi_test_load (two_days_csv, NULL);
  g_autoptr(KpiCalendar) day_after = kpi_test_calendar_at ("2025-03-11T00:00:00Z", 1);
  g_autoptr(KpiCalendar) later = kpi_test_calendar_at ("2025-03-20T00:00:00Z", 1);
  g_autoptr(KpiCheck) check = kpi_freshness_check_new (NULL);
  g_autoptr(KpiCheckResult) pass = NULL;
  g_autoptr(KpiCheckResult) fail = NULL;
  g_autoptr(KpiCheckResult) none = NULL;

  pass = run_on (check, data, "orders", day_after);
  ck_assert_int_eq (kpi_check_result_get_status (pass), KPI_CHECK_STATUS_PASS);
  kpi_test_assert_close (kpi_check_result_get_observed (pass), 1.0, 1e-12);
  ck_assert_uint_eq (kpi_check_result_get_n_affected (pass), 0);
  ck_assert_uint_eq (kpi_check_result_get_n_samples (pass), 0);
  kpi_test_assert_contains (kpi_check_result_get_message (pass), "within the warning age of 2 days");

  fail = run_on (check, data, "orders", later);
  ck_assert_int_eq (kpi_check_result_get_status (fail), KPI_CHECK_STATUS_FAIL);
  kpi_test_assert_close (kpi_check_result_get_observed (fail), 10.0, 1e-12);
  kpi_test_assert_contains (kpi_check_result_get_message (fail), "above the failure age of 7 days");
  ck_assert_uint_eq (kpi_check_result_get_n_affected (fail), 1);
  ck_assert (has_affected (fail, "2025-03", NULL, NULL));

  /* No thresholds: nothing to break */
  kpi_check_set_thresholds (check, NAN, NAN);
  none = run_on (check, data, "orders", later);
  ck_assert_int_eq (kpi_check_result_get_status (none), KPI_CHECK_STATUS_PASS);
}
END_TEST

/* The dataset's data-as-of time wins over its newest row, and the message
 * says so: as of 2025-03-11 04:48 at 2025-03-12 12:00 is 31.2 hours, 1.3
 * days. */
START_TEST (test_freshness_data_as_of)
{
  g_autoptr(KpiDataset) data = kpi_test_load (two_days_csv, NULL);
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-03-12T12:00:00Z", 1);
  g_autoptr(KpiCheck) check = kpi_freshness_check_new (NULL);
  g_autoptr(KpiCheckResult) result = NULL;

  kpi_dataset_set_data_as_of (data, kpi_test_utc (2025, 3, 11, 4, 48));
  result = run_on (check, data, "orders", calendar);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_PASS);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 1.3, 1e-12);
  kpi_test_assert_contains (kpi_check_result_get_message (result),
                            "data as of 2025-03-11 04:48 (the dataset's data-as-of) is 1.3 days old");
  ck_assert (kpi_check_result_get_data_as_of (result) == kpi_test_utc (2025, 3, 11, 4, 48));
}
END_TEST

/* A newest row with a time stands for itself, not for its day: at 14:00
 * on the 10th, seen at 14:00 on the 11th (1 day), with a warning age of
 * half a day, the 10th itself misses data. */
START_TEST (test_freshness_timestamps)
{
  g_autoptr(KpiDataset) data = kpi_test_load ("date,channel\n2025-03-01T08:00:00Z,a\n"
                                               "2025-03-10T14:00:00Z,b\n", NULL);
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-03-11T14:00:00Z", 1);
  g_autoptr(KpiCheck) check = kpi_freshness_check_new (NULL);
  g_autoptr(KpiCheckResult) result = NULL;

  kpi_check_set_thresholds (check, 0.5, 3);
  kpi_check_set_granularity (check, KPI_GRANULARITY_DAY);
  result = run_on (check, data, "orders", calendar);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_WARN);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 1.0, 1e-12);
  kpi_test_assert_contains (kpi_check_result_get_message (result),
                            "newest record 2025-03-10 14:00 is 1.0 days old at 2025-03-11 14:00");
  ck_assert_uint_eq (kpi_check_result_get_n_affected (result), 2);
  ck_assert (has_affected (result, "2025-03-10", NULL, NULL));
  ck_assert (has_affected (result, "2025-03-11", NULL, NULL));
}
END_TEST

/* Edges: data newer than now (a negative age passes), and no data at all
 * (nothing says how recent it is). */
START_TEST (test_freshness_edges)
{
  g_autoptr(KpiDataset) data = kpi_test_load (two_days_csv, NULL);
  g_autoptr(KpiDataset) empty = kpi_dataset_new (NULL);
  g_autoptr(KpiCalendar) before = kpi_test_calendar_at ("2025-03-08T00:00:00Z", 1);
  g_autoptr(KpiCheck) check = kpi_freshness_check_new (NULL);
  g_autoptr(KpiCheckResult) future = NULL;
  g_autoptr(KpiCheckResult) nothing = NULL;

  future = run_on (check, data, "orders", before);
  ck_assert_int_eq (kpi_check_result_get_status (future), KPI_CHECK_STATUS_PASS);
  kpi_test_assert_close (kpi_check_result_get_observed (future), -2.0, 1e-12);
  kpi_test_assert_contains (kpi_check_result_get_message (future), "is 2.0 days after now (2025-03-08)");
  ck_assert_uint_eq (kpi_check_result_get_n_affected (future), 0);

  nothing = run_on (check, empty, "orders", before);
  ck_assert_int_eq (kpi_check_result_get_status (nothing), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  ck_assert (isnan (kpi_check_result_get_observed (nothing)));
  kpi_test_assert_contains (kpi_check_result_get_message (nothing), "no rows and no data-as-of time");
}
END_TEST

/* Latency from a column of load times (text): the rows were loaded 0.5,
 * 1, 10, 1 and 2 days after their date, one has no load time and one a
 * load time that is not a time. The 95th percentile, interpolated at
 * 0.95 × (5 − 1) = 3.8 between the sorted 2 and 10: 2 + 0.8 × 8 = 8.4
 * days, above the failure latency of 7; the age (2 days) passes, so the
 * latency is what is observed. One row (10 days) is later than the
 * warning latency of 2: it is the sample. Rows as late as that leave
 * incomplete the periods from the newest load time (2025-03-12) minus
 * 8.4 days (2025-03-03 14:24) to now: March. */
START_TEST (test_freshness_latency)
{
  g_autoptr(KpiDataset) data =
    kpi_test_load ("date,order_id,loaded_at\n"
                   "2025-03-01,1,2025-03-01T12:00:00Z\n"
                   "2025-03-01,2,2025-03-02\n"
                   "2025-03-02,3,2025-03-03\n"
                   "2025-03-02,4,2025-03-12T00:00:00Z\n"
                   "2025-03-10,5,2025-03-12\n"
                   "2025-03-10,6,\n"
                   "2025-03-10,7,yesterday\n", NULL);
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-03-12T00:00:00Z", 1);
  g_autoptr(KpiCheck) check = kpi_freshness_check_new (NULL);
  g_autoptr(KpiCheckResult) result = NULL;
  const char *keys[] = { "order_id", NULL };

  kpi_freshness_check_set_load_time_field (KPI_FRESHNESS_CHECK (check), "loaded_at");
  kpi_check_set_key_fields (check, keys);
  result = run_on (check, data, "orders", calendar);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_FAIL);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 8.4, 1e-9);
  kpi_test_assert_contains (kpi_check_result_get_message (result),
                            "newest record 2025-03-10 is 2.0 days old");
  kpi_test_assert_contains (kpi_check_result_get_message (result),
                            "load latency p95 8.4 days, above the failure latency of 7 days "
                            "(1 of 5 rows later than 2 days); 2 rows without a load time");
  ck_assert_uint_eq (kpi_check_result_get_element_count (result), 7);
  ck_assert_uint_eq (kpi_check_result_get_missing_count (result), 2);
  ck_assert_uint_eq (kpi_check_result_get_unexpected_count (result), 1);
  ck_assert_uint_eq (kpi_check_result_get_n_samples (result), 1);
  ck_assert_str_eq (kpi_check_result_get_sample_keys (result, 0)[0], "4");
  ck_assert (has_affected (result, "2025-03", NULL, NULL));

  /* The median instead: 1 day, within both latencies; the age (2 days)
   * is what is observed then. */
  kpi_freshness_check_set_latency_percentile (KPI_FRESHNESS_CHECK (check), 0.5);
  g_clear_object (&result);
  result = run_on (check, data, "orders", calendar);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_PASS);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 2.0, 1e-12);
  kpi_test_assert_contains (kpi_check_result_get_message (result), "load latency p50 1.0 days");
}
END_TEST

/* Load times as seconds since the epoch (a measure): two rows loaded 3
 * and 4 days after their date; p95 at 0.95 × 1 = 0.95: 3 + 0.95 = 3.95
 * days, a warning. */
START_TEST (test_freshness_latency_seconds)
{
  g_autoptr(GString) csv = g_string_new ("date,loaded\n");
  g_autoptr(KpiDataset) data = NULL;
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-03-11T00:00:00Z", 1);
  g_autoptr(KpiCheck) check = kpi_freshness_check_new (NULL);
  g_autoptr(KpiCheckResult) result = NULL;

  g_string_append_printf (csv, "2025-03-01,%" G_GINT64_FORMAT "\n",
                          kpi_test_utc (2025, 3, 4, 0, 0) / G_USEC_PER_SEC);
  g_string_append_printf (csv, "2025-03-10,%" G_GINT64_FORMAT "\n",
                          kpi_test_utc (2025, 3, 14, 0, 0) / G_USEC_PER_SEC);
  data = kpi_test_load (csv->str, NULL);
  g_object_set (check, "load-time-field", "loaded", NULL);
  result = run_on (check, data, "orders", calendar);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_WARN);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 3.95, 1e-9);
  ck_assert_uint_eq (kpi_check_result_get_unexpected_count (result), 2);
}
END_TEST

/* Overdue periods: monthly figures, due 5 days after the month ends. The
 * data stops at the end of 31 January; on 10 March February is overdue
 * (due 6 March), March is not over. With lenient age thresholds, the
 * overdue month alone makes a warning. */
START_TEST (test_freshness_overdue)
{
  g_autoptr(KpiDataset) data = kpi_test_load ("date,revenue\n2024-12-31,10\n2025-01-31,12\n", NULL);
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-03-10T00:00:00Z", 1);
  g_autoptr(KpiCalendar) early = kpi_test_calendar_at ("2025-03-05T00:00:00Z", 1);
  g_autoptr(KpiCheck) check = kpi_freshness_check_new (NULL);
  g_autoptr(KpiCheckResult) result = NULL;
  g_autoptr(KpiCheckResult) not_yet = NULL;

  kpi_check_set_thresholds (check, 60, 90);
  g_object_set (check, "expected-lag-days", 5.0, NULL);
  result = run_on (check, data, "budget", calendar);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_WARN);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 38.0, 1e-12);
  kpi_test_assert_contains (kpi_check_result_get_message (result),
                            "no data from 2025-02-01 (2025-02, 2025-03); overdue: 2025-02 "
                            "(due 5 days after its end)");
  ck_assert (has_affected (result, "2025-02", NULL, NULL));
  ck_assert (has_affected (result, "2025-03", NULL, NULL));

  /* On 5 March, February is not due yet */
  not_yet = run_on (check, data, "budget", early);
  ck_assert_int_eq (kpi_check_result_get_status (not_yet), KPI_CHECK_STATUS_PASS);
  ck_assert (strstr (kpi_check_result_get_message (not_yet), "overdue") == NULL);
}
END_TEST

START_TEST (test_freshness_errors)
{
  g_autoptr(KpiDataset) data = kpi_test_load ("date,loaded_at\n2025-03-01,2025-03-02\n", NULL);
  g_autoptr(KpiCheck) check = kpi_freshness_check_new (NULL);
  g_autofree char *time_column = NULL;
  g_autofree char *unknown = NULL;
  g_autofree char *order = NULL;

  kpi_check_set_id (check, "orders_fresh");
  kpi_freshness_check_set_load_time_field (KPI_FRESHNESS_CHECK (check), "date");
  time_column = run_error (check, data, KPI_CHECK_ERROR_INVALID);
  kpi_test_assert_contains (time_column, "orders_fresh: the load time field “date” is the time of the rows");

  kpi_freshness_check_set_load_time_field (KPI_FRESHNESS_CHECK (check), "loaded_on");
  unknown = run_error (check, data, KPI_CHECK_ERROR_UNKNOWN_FIELD);
  kpi_test_assert_contains (unknown, "unknown field “loaded_on”; did you mean “loaded_at”?");

  kpi_freshness_check_set_load_time_field (KPI_FRESHNESS_CHECK (check), "loaded_at");
  kpi_freshness_check_set_latency_thresholds (KPI_FRESHNESS_CHECK (check), 3, 1);
  order = run_error (check, data, KPI_CHECK_ERROR_INVALID);
  kpi_test_assert_contains (order, "the latency warning threshold (3 days) is above");

  {
    g_autoptr(KpiCheck) lost = kpi_freshness_check_new ("nowhere");
    g_autoptr(KpiContext) context = kpi_context_new (NULL);
    GError *error = NULL;

    ck_assert_ptr_null (kpi_check_run (lost, context, NULL, &error));
    ck_assert (g_error_matches (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_NO_DATASET));
    g_clear_error (&error);
  }
}
END_TEST

/* The late source of the sample: with now the day after the orders' last
 * day, marketing.csv (which ends lag_days early) is flagged, the orders
 * are not; the scope holds the month of the missing days. On the clean
 * sample, marketing runs to the end too and passes. */
START_TEST (test_freshness_sample_data)
{
  const char *dir = g_getenv ("KPI_TEST_DATA");
  const char *clean_dir = g_getenv ("KPI_TEST_DATA_CLEAN");
  g_autoptr(JsonObject) late = NULL;
  g_autoptr(KpiDataset) orders = NULL;
  g_autoptr(KpiDataset) marketing = NULL;
  g_autoptr(KpiCalendar) calendar = NULL;
  g_autoptr(KpiCheck) check = kpi_freshness_check_new (NULL);
  g_autoptr(KpiCheckResult) on_orders = NULL;
  g_autoptr(KpiCheckResult) on_marketing = NULL;
  g_autofree char *newest = NULL;
  g_autofree char *now = NULL;
  g_autofree char *first_missing = NULL;
  const char *expected_last;
  int y, m, d;
  gint64 lag;

  ck_assert_msg (dir != NULL, "KPI_TEST_DATA is not set");
  late = anomaly (dir, "late_source");
  ck_assert_str_eq (json_object_get_string_member (late, "file"), "marketing.csv");
  expected_last = json_object_get_string_member (late, "expected_last_date");
  lag = json_object_get_int_member (late, "lag_days");
  ck_assert_int_eq (sscanf (expected_last, "%d-%d-%d", &y, &m, &d), 3);
  now = date_plus (y, m, d, 1);
  {
    g_autofree char *iso = g_strconcat (now, "T00:00:00Z", NULL);
    calendar = kpi_test_calendar_at (iso, 1);
  }

  orders = load_sample (dir, "orders.csv");
  marketing = load_sample (dir, "marketing.csv");
  on_orders = run_on (check, orders, "orders", calendar);
  ck_assert_int_eq (kpi_check_result_get_status (on_orders), KPI_CHECK_STATUS_PASS);
  kpi_test_assert_close (kpi_check_result_get_observed (on_orders), 1.0, 1e-12);

  on_marketing = run_on (check, marketing, "marketing", calendar);
  ck_assert (kpi_check_result_is_finding (on_marketing));
  kpi_test_assert_close (kpi_check_result_get_observed (on_marketing), lag + 1.0, 1e-12);
  newest = g_strdup_printf ("newest record %s is %.1f days old at %s",
                            json_object_get_string_member (late, "last_date"), lag + 1.0, now);
  kpi_test_assert_contains (kpi_check_result_get_message (on_marketing), newest);
  first_missing = date_plus (y, m, d, 1 - (int) lag);
  kpi_test_assert_contains (kpi_check_result_get_message (on_marketing), first_missing);
  {
    g_autofree char *month = g_strdup_printf ("%04d-%02d", y, m);
    ck_assert (has_affected (on_marketing, month, NULL, NULL));
  }

  if (clean_dir == NULL)
    {
      /* KPI_TEST_DATA_CLEAN is not set: the clean half is skipped */
      g_printerr ("# KPI_TEST_DATA_CLEAN is not set: clean sample skipped\n");
      return;
    }
  {
    g_autoptr(KpiDataset) clean = load_sample (clean_dir, "marketing.csv");
    g_autoptr(KpiCheckResult) on_clean = run_on (check, clean, "marketing", calendar);

    ck_assert_int_eq (kpi_check_result_get_status (on_clean), KPI_CHECK_STATUS_PASS);
  }
}
END_TEST

/* ------------------------------------------------------------------------
 * KpiContributorCoverageCheck
 * ------------------------------------------------------------------------ */

/* One row a day for each of @reps from 2025-01-01 to @last (a day count
 * from 1 January 2025, excluded), except that @quiet has none from the day
 * @quiet_from on (a day count too). */
static KpiDataset *
daily_reps (const char * const *reps,
            int                 last,
            const char         *quiet,
            int                 quiet_from)
{
  g_autoptr(GString) csv = g_string_new ("date,rep,amount\n");

  for (int day = 0; day < last; day++)
    {
      g_autofree char *date = date_plus (2025, 1, 1, day);

      for (guint r = 0; reps[r] != NULL; r++)
        if (quiet == NULL || strcmp (reps[r], quiet) != 0 || day < quiet_from)
          g_string_append_printf (csv, "%s,%s,10\n", date, reps[r]);
    }
  return kpi_test_load (csv->str, NULL);
}

/* A, B and C every day of January to April 2025, but C nothing from 1
 * March. January has no history (not judged); February expects A, B, C
 * (seen in January); March and April find C silent: their history has C
 * active on 59 of 59 days (a = 59/60; April's history leaves March out,
 * silent) and the silences are 31 and 61 days long: (1/60)^31 and
 * (1/60)^61, far below 0.05 / 3 (C is judged in 3 periods). The rate
 * before: 59 rows in 59 days, 1.0 a day. */
START_TEST (test_coverage_silent)
{
  const char *reps[] = { "A", "B", "C", NULL };
  g_autoptr(KpiDataset) data = daily_reps (reps, 120, "C", 59);   /* 1 March is day 59 */
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-05-15T00:00:00Z", 1);
  g_autoptr(KpiCheck) check = kpi_contributor_coverage_check_new (NULL, "rep");
  g_autoptr(KpiCheckResult) result = NULL;
  g_autoptr(KpiPeriod) march = kpi_test_parse_period (calendar, "2025-03");
  g_autoptr(KpiPeriod) february = kpi_test_parse_period (calendar, "2025-02");
  const char *keys[] = { "date", "rep", NULL };
  const char *amount[] = { "amount", NULL };

  kpi_check_set_key_fields (check, keys);
  result = run_on (check, data, "orders", calendar);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_FAIL);
  ck_assert (kpi_check_result_get_observed (result) == 1);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "C: no row since 2025-03-01 (last 2025-02-28); 1.0 rows a day before; "
                    "silent in 2025-03, 2025-04");
  ck_assert_uint_eq (kpi_check_result_get_element_count (result), 9);
  ck_assert_uint_eq (kpi_check_result_get_unexpected_count (result), 2);
  ck_assert_uint_eq (kpi_check_result_get_n_affected (result), 2);
  ck_assert (has_affected (result, "2025-03", "rep", "C"));
  ck_assert (has_affected (result, "2025-04", "rep", "C"));
  /* C's values and the totals of March, not A's, not February */
  ck_assert (kpi_check_result_affects (result, "orders", amount, march, "rep", "C"));
  ck_assert (kpi_check_result_affects (result, "orders", amount, march, NULL, NULL));
  ck_assert (!kpi_check_result_affects (result, "orders", amount, march, "rep", "A"));
  ck_assert (!kpi_check_result_affects (result, "orders", amount, february, NULL, NULL));
  /* the sample is C's last row */
  ck_assert_uint_eq (kpi_check_result_get_n_samples (result), 1);
  ck_assert_str_eq (kpi_check_result_get_sample_keys (result, 0)[0], "2025-02-28");
  ck_assert_str_eq (kpi_check_result_get_sample_keys (result, 0)[1], "C");

  /* Tolerating one silent contributor (warn 0, fail 1): a warning */
  kpi_check_set_thresholds (check, 0, 1);
  g_clear_object (&result);
  result = run_on (check, data, "orders", calendar);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_WARN);

  /* The row noun */
  kpi_check_set_thresholds (check, 0, 0);
  g_object_set (check, "row-noun", "order", NULL);
  g_clear_object (&result);
  result = run_on (check, data, "orders", calendar);
  kpi_test_assert_contains (kpi_check_result_get_message (result),
                            "C: no order since 2025-03-01 (last 2025-02-28); 1.0 orders a day before");
}
END_TEST

/* Everyone reports: a pass, which says how many (contributor, period)
 * pairs were judged (February to April, 3 reps: 9). */
START_TEST (test_coverage_pass)
{
  const char *reps[] = { "A", "B", "C", NULL };
  g_autoptr(KpiDataset) data = daily_reps (reps, 120, NULL, 0);
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-05-15T00:00:00Z", 1);
  g_autoptr(KpiCheck) check = kpi_contributor_coverage_check_new (NULL, "rep");
  g_autoptr(KpiCheckResult) result = run_on (check, data, "orders", calendar);

  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_PASS);
  ck_assert (kpi_check_result_get_observed (result) == 0);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "every expected contributor (rep) reported: 9 checks of a contributor "
                    "in a period, from 2025-02 to 2025-04");
  ck_assert_uint_eq (kpi_check_result_get_n_affected (result), 0);
}
END_TEST

/* The first period has no history: one month of data gives no verdict;
 * with two, the second is judged against the first. */
START_TEST (test_coverage_first_period)
{
  const char *reps[] = { "A", "C", NULL };
  g_autoptr(KpiDataset) january = daily_reps (reps, 31, NULL, 0);
  g_autoptr(KpiDataset) two = daily_reps (reps, 59, "C", 31);
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-05-15T00:00:00Z", 1);
  g_autoptr(KpiCheck) check = kpi_contributor_coverage_check_new (NULL, "rep");
  g_autoptr(KpiCheckResult) one = run_on (check, january, "orders", calendar);
  g_autoptr(KpiCheckResult) second = NULL;

  ck_assert_int_eq (kpi_check_result_get_status (one), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  ck_assert (isnan (kpi_check_result_get_observed (one)));
  ck_assert_str_eq (kpi_check_result_get_message (one),
                    "no period has a history of contributors before it (1 period of data from 2025-01)");

  second = run_on (check, two, "orders", calendar);
  ck_assert_int_eq (kpi_check_result_get_status (second), KPI_CHECK_STATUS_FAIL);
  ck_assert (has_affected (second, "2025-02", "rep", "C"));
  kpi_test_assert_contains (kpi_check_result_get_message (second), "1.0 rows a day before");
}
END_TEST

/* A rep who enters a batch of 3 rows on Fridays only (2025-01-03 is a
 * Friday), next to a daily one. Data to Wednesday 2 April: April has
 * begun, and W's last batch was on Friday 28 March. W was active on 13 of
 * the 90 days of January to March: a = 13/91; silent since 29 March, 5
 * days to 3 April: (78/91)^5 = 0.46, nothing to report. If W's last batch
 * was on 7 March (active on 10 days: a = 10/91), silent 26 days by 3
 * April: (81/91)^26 = 0.049, still above 0.05 / 3 (W is judged in
 * February, March and April), but not above 0.2 / 3. With the data to 30
 * April, April is whole, and W had rows in each of January, February and
 * March: silent. */
static KpiDataset *
fridays (int last_day,
         int last_friday)
{
  g_autoptr(GString) csv = g_string_new ("date,rep\n");

  for (int day = 0; day < last_day; day++)
    {
      g_autofree char *date = date_plus (2025, 1, 1, day);

      g_string_append_printf (csv, "%s,A\n", date);
      if (day % 7 == 2 && day <= last_friday)
        g_string_append_printf (csv, "%s,W\n%s,W\n%s,W\n", date, date, date);
    }
  return kpi_test_load (csv->str, NULL);
}

START_TEST (test_coverage_partial_period)
{
  /* day 91 is 2 April, 86 is 28 March, 65 is 7 March, 119 is 30 April */
  g_autoptr(KpiDataset) wednesday = fridays (92, 86);
  g_autoptr(KpiDataset) three_weeks = fridays (92, 65);
  g_autoptr(KpiDataset) month = fridays (120, 65);
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-05-15T00:00:00Z", 1);
  g_autoptr(KpiCheck) check = kpi_contributor_coverage_check_new (NULL, "rep");
  g_autoptr(KpiCheckResult) r1 = run_on (check, wednesday, "orders", calendar);
  g_autoptr(KpiCheckResult) r2 = run_on (check, three_weeks, "orders", calendar);
  g_autoptr(KpiCheckResult) r3 = run_on (check, month, "orders", calendar);
  g_autoptr(KpiCheckResult) loose = NULL;

  ck_assert_int_eq (kpi_check_result_get_status (r1), KPI_CHECK_STATUS_PASS);
  ck_assert_int_eq (kpi_check_result_get_status (r2), KPI_CHECK_STATUS_PASS);
  ck_assert_int_eq (kpi_check_result_get_status (r3), KPI_CHECK_STATUS_FAIL);
  /* 3 rows on each of 10 Fridays in 90 days: 0.3 rows a day */
  ck_assert_str_eq (kpi_check_result_get_message (r3),
                    "W: no row since 2025-03-08 (last 2025-03-07); 0.3 rows a day before; "
                    "silent in 2025-04");

  kpi_contributor_coverage_check_set_significance (KPI_CONTRIBUTOR_COVERAGE_CHECK (check), 0.2);
  loose = run_on (check, three_weeks, "orders", calendar);
  ck_assert_int_eq (kpi_check_result_get_status (loose), KPI_CHECK_STATUS_FAIL);
  ck_assert (has_affected (loose, "2025-04", "rep", "W"));
}
END_TEST

/* Stores that send one figure a month, on the 1st: too rare for a
 * silence to be unlikely by chance (February to April: a = 3/90; 60 days
 * without a row, 2 April to 31 May: (87/90)^60 = 0.13), but "paris" sent
 * one in each of the three months before May and none in May, which the
 * data covers whole: silent (3 rows in 89 days: 0.034 a day). With the
 * data to 20 May only, May is not over: nothing yet. */
START_TEST (test_coverage_monthly_reporter)
{
  g_autoptr(GString) csv = g_string_new ("date,store,revenue\n");
  g_autoptr(KpiDataset) whole = NULL;
  g_autoptr(KpiDataset) partial = NULL;
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-06-15T00:00:00Z", 1);
  g_autoptr(KpiCheck) check = kpi_contributor_coverage_check_new (NULL, "store");
  g_autoptr(KpiCheckResult) r1 = NULL;
  g_autoptr(KpiCheckResult) r2 = NULL;

  for (int m = 1; m <= 5; m++)
    g_string_append_printf (csv, "2025-%02d-01,lyon,10\n", m);
  for (int m = 1; m <= 4; m++)
    g_string_append_printf (csv, "2025-%02d-01,paris,20\n", m);
  g_string_append (csv, "2025-05-20,lyon,5\n");
  partial = kpi_test_load (csv->str, NULL);
  g_string_append (csv, "2025-05-31,lyon,5\n");
  whole = kpi_test_load (csv->str, NULL);

  r1 = run_on (check, whole, "sales", calendar);
  ck_assert_int_eq (kpi_check_result_get_status (r1), KPI_CHECK_STATUS_FAIL);
  ck_assert_str_eq (kpi_check_result_get_message (r1),
                    "paris: no row since 2025-04-02 (last 2025-04-01); 0.034 rows a day before; "
                    "silent in 2025-05");
  r2 = run_on (check, partial, "sales", calendar);
  ck_assert_int_eq (kpi_check_result_get_status (r2), KPI_CHECK_STATUS_PASS);
}
END_TEST

/* A list of expected contributors: judged from the first period, and Z,
 * who is not in the data at all, is silent in the whole periods (January
 * to March), not in April, which the data (to 2 April) covers in part. */
START_TEST (test_coverage_expected_list)
{
  const char *reps[] = { "A", NULL };
  const char *expected[] = { "A", "Z", NULL };
  g_autoptr(KpiDataset) data = daily_reps (reps, 92, NULL, 0);
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-05-15T00:00:00Z", 1);
  g_autoptr(KpiCheck) check = kpi_contributor_coverage_check_new (NULL, "rep");
  g_autoptr(KpiCheckResult) result = NULL;

  g_object_set (check, "expected", expected, NULL);
  ck_assert_str_eq (kpi_contributor_coverage_check_get_expected (KPI_CONTRIBUTOR_COVERAGE_CHECK (check))[1], "Z");
  result = run_on (check, data, "orders", calendar);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_FAIL);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "Z: no row in the data; silent in 2025-01 to 2025-03");
  ck_assert_uint_eq (kpi_check_result_get_element_count (result), 8);   /* 2 × 4 months */
  ck_assert_uint_eq (kpi_check_result_get_unexpected_count (result), 3);
  ck_assert (has_affected (result, "2025-01", "rep", "Z"));
  ck_assert (!has_affected (result, "2025-04", "rep", "Z"));
  ck_assert_uint_eq (kpi_check_result_get_n_samples (result), 0);
}
END_TEST

/* The check's period: only that period is judged (its history still
 * counts); a period outside the data has nothing to judge. */
START_TEST (test_coverage_period)
{
  const char *reps[] = { "A", "B", "C", NULL };
  g_autoptr(KpiDataset) data = daily_reps (reps, 120, "C", 59);
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-05-15T00:00:00Z", 1);
  g_autoptr(KpiCheck) check = kpi_contributor_coverage_check_new (NULL, "rep");
  g_autoptr(KpiPeriod) april = kpi_test_parse_period (calendar, "2025-04");
  g_autoptr(KpiPeriod) later = kpi_test_parse_period (calendar, "2026-01");
  g_autoptr(KpiCheckResult) result = NULL;
  g_autoptr(KpiCheckResult) outside = NULL;

  kpi_check_set_period (check, april);
  result = run_on (check, data, "orders", calendar);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_FAIL);
  ck_assert_uint_eq (kpi_check_result_get_element_count (result), 3);
  ck_assert_uint_eq (kpi_check_result_get_n_affected (result), 1);
  ck_assert (has_affected (result, "2025-04", "rep", "C"));
  /* April's history (January to March, C active only until February):
   * C's silence runs from 1 March */
  kpi_test_assert_contains (kpi_check_result_get_message (result), "C: no row since 2025-03-01");

  kpi_check_set_period (check, later);
  outside = run_on (check, data, "orders", calendar);
  ck_assert_int_eq (kpi_check_result_get_status (outside), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  kpi_test_assert_contains (kpi_check_result_get_message (outside), "no contributor to expect in 2026-01");
}
END_TEST

START_TEST (test_coverage_errors)
{
  const char *reps[] = { "A", NULL };
  g_autoptr(KpiDataset) data = daily_reps (reps, 40, NULL, 0);
  g_autoptr(KpiDataset) empty = kpi_dataset_new (NULL);
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-05-15T00:00:00Z", 1);
  g_autoptr(KpiCheck) none = kpi_contributor_coverage_check_new (NULL, NULL);
  g_autoptr(KpiCheck) measure = kpi_contributor_coverage_check_new (NULL, "amount");
  g_autoptr(KpiCheck) typo = kpi_contributor_coverage_check_new (NULL, "reps");
  g_autoptr(KpiCheck) check = kpi_contributor_coverage_check_new (NULL, "rep");
  g_autofree char *m1 = run_error (none, data, KPI_CHECK_ERROR_INVALID);
  g_autofree char *m2 = run_error (measure, data, KPI_CHECK_ERROR_INVALID);
  g_autofree char *m3 = run_error (typo, data, KPI_CHECK_ERROR_UNKNOWN_FIELD);
  g_autoptr(KpiCheckResult) nothing = NULL;

  kpi_test_assert_contains (m1, "no contributors: expected group-by to name a dimension");
  kpi_test_assert_contains (m2, "the contributors “amount” are not a dimension");
  kpi_test_assert_contains (m3, "did you mean “rep”?");

  /* No rows (the column exists): no contributor to follow */
  ck_assert (kpi_dataset_add_column (empty, "rep", KPI_COLUMN_DIMENSION, NULL));
  nothing = run_on (check, empty, "orders", calendar);
  ck_assert_int_eq (kpi_check_result_get_status (nothing), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  kpi_test_assert_contains (kpi_check_result_get_message (nothing), "no rows");
}
END_TEST

/* The rep who stops reporting in the sample: named with the first day of
 * their silence and their last order date as anomalies.json gives them,
 * silent in every month from `from` to the end; the clean sample passes. */
START_TEST (test_coverage_sample_data)
{
  const char *dir = g_getenv ("KPI_TEST_DATA");
  const char *clean_dir = g_getenv ("KPI_TEST_DATA_CLEAN");
  g_autoptr(JsonObject) stop = NULL;
  g_autoptr(KpiDataset) orders = NULL;
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2026-01-01T00:00:00Z", 1);
  g_autoptr(KpiCheck) check = kpi_contributor_coverage_check_new (NULL, "rep");
  g_autoptr(KpiCheckResult) result = NULL;
  g_autofree char *named = NULL;
  const char *rep, *from;
  int y, m, d;

  ck_assert_msg (dir != NULL, "KPI_TEST_DATA is not set");
  stop = anomaly (dir, "rep_stops_reporting");
  rep = json_object_get_string_member (stop, "rep");
  from = json_object_get_string_member (stop, "from");
  orders = load_sample (dir, "orders.csv");
  g_object_set (check, "row-noun", "order", NULL);
  result = run_on (check, orders, "orders", calendar);

  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_FAIL);
  ck_assert (kpi_check_result_get_observed (result) == 1);
  named = g_strdup_printf ("%s: no order since %s (last %s); ", rep, from,
                           json_object_get_string_member (stop, "last_order_date"));
  ck_assert_msg (g_str_has_prefix (kpi_check_result_get_message (result), named),
                 "%s", kpi_check_result_get_message (result));
  kpi_test_assert_contains (kpi_check_result_get_message (result), " orders a day before; silent in ");
  /* every month from `from` to December 2025 */
  ck_assert_int_eq (sscanf (from, "%d-%d-%d", &y, &m, &d), 3);
  for (; y < 2026; m = m == 12 ? 1 : m + 1, y += m == 1)
    {
      g_autofree char *month = g_strdup_printf ("%04d-%02d", y, m);
      ck_assert_msg (has_affected (result, month, "rep", rep), "%s not affected", month);
    }
  ck_assert_uint_eq (kpi_check_result_get_n_affected (result),
                     kpi_check_result_get_unexpected_count (result));

  if (clean_dir == NULL)
    {
      g_printerr ("# KPI_TEST_DATA_CLEAN is not set: clean sample skipped\n");
      return;
    }
  {
    g_autoptr(KpiDataset) clean = load_sample (clean_dir, "orders.csv");
    g_autoptr(KpiCheckResult) on_clean = run_on (check, clean, "orders", calendar);

    ck_assert_msg (kpi_check_result_get_status (on_clean) == KPI_CHECK_STATUS_PASS,
                   "%s", kpi_check_result_get_message (on_clean));
  }
}
END_TEST

/* ------------------------------------------------------------------------
 * KpiEndOfPeriodCheck
 * ------------------------------------------------------------------------ */

/* Rows of @rep in the quarter that starts @year-@month-01: @first rows on
 * its first days (1st to 4th), @last on its last day, @middle on days 11
 * to 30 of its first month. */
static void
quarter_rows (GString    *csv,
              const char *rep,
              int         year,
              int         month,
              int         first,
              int         middle,
              int         last)
{
  g_autoptr(GDateTime) start = g_date_time_new_utc (year, month, 1, 0, 0, 0);
  g_autoptr(GDateTime) next = g_date_time_add_months (start, 3);
  g_autoptr(GDateTime) last_day = g_date_time_add_days (next, -1);
  g_autofree char *end = g_date_time_format (last_day, "%Y-%m-%d");

  for (int i = 0; i < first; i++)
    g_string_append_printf (csv, "%04d-%02d-%02d,%s,10\n", year, month, 1 + i % 4, rep);
  for (int i = 0; i < middle; i++)
    g_string_append_printf (csv, "%04d-%02d-%02d,%s,10\n", year, month, 11 + i % 20, rep);
  for (int i = 0; i < last; i++)
    g_string_append_printf (csv, "%s,%s,10\n", end, rep);
}

/* Six quarters, 2024-Q1 to 2025-Q2, of 20 rows for reps A and B: usually
 * 4 rows on the first days (a share of 0.2), 15 in the middle and 1 on
 * the last day (0.05). A books 12 of 2025-Q1's 20 rows on its last day
 * (0.6) and none of 2025-Q2's in its first days (0).
 *
 * 2025-Q1, A: the history is four shares of 0.05 (median 0.05, MAD 0); the
 * divisor is the largest of the MAD (0), the floor (0.01) and the noise
 * of a share of 20 rows, 0.6745 × √(0.05 × 0.95 / 20) = 0.6745 × 0.0487340;
 * z = 0.6745 × (0.6 − 0.05) / (0.6745 × 0.0487340) = 0.55 / 0.0487340 =
 * 11.28576, above the failure threshold (10). 2025-Q2 starts with a share
 * of 0 against a usual 0.2: z = −0.2 / √(0.2 × 0.8 / 20) = −2.236, at
 * least 2 below: a reversal, noted, and 2025-Q2 is in the scope. B's
 * shares equal their history: z = 0. Judged: A and B in 2025-Q1 and
 * 2025-Q2 (A's 2025-Q2 against the four 2024 quarters, 2025-Q1 being a
 * push): 4. */
static KpiDataset *
pushed_quarter (void)
{
  g_autoptr(GString) csv = g_string_new ("date,rep,amount\n");
  const char *reps[] = { "A", "B" };

  for (int r = 0; r < 2; r++)
    {
      for (int q = 0; q < 4; q++)
        quarter_rows (csv, reps[r], 2024, 1 + 3 * q, 4, 15, 1);
      if (r == 0)
        {
          quarter_rows (csv, "A", 2025, 1, 4, 4, 12);
          quarter_rows (csv, "A", 2025, 4, 0, 19, 1);
        }
      else
        {
          quarter_rows (csv, "B", 2025, 1, 4, 15, 1);
          quarter_rows (csv, "B", 2025, 4, 4, 15, 1);
        }
    }
  return kpi_test_load (csv->str, NULL);
}

START_TEST (test_end_of_period_push)
{
  g_autoptr(KpiDataset) data = pushed_quarter ();
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-08-01T00:00:00Z", 1);
  g_autoptr(KpiCheck) check = kpi_end_of_period_check_new (NULL, NULL, "rep");
  g_autoptr(KpiCheckResult) result = NULL;
  g_autoptr(KpiPeriod) q1 = kpi_test_parse_period (calendar, "2025-Q1");
  g_autoptr(KpiPeriod) q4 = kpi_test_parse_period (calendar, "2024-Q4");
  const char *keys[] = { "date", "rep", NULL };
  double z = 0.55 / sqrt (0.05 * 0.95 / 20);

  ck_assert_int_eq (kpi_check_get_granularity (check), KPI_GRANULARITY_QUARTER);
  kpi_check_set_key_fields (check, keys);
  result = run_on (check, data, "orders", calendar);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_FAIL);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 11.28576, 1e-5);
  kpi_test_assert_close (kpi_check_result_get_observed (result), z, 1e-9);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "A: 60.0 % of 2025-Q1's rows (12 of 20) in its last 5 days, 2025-03-27 to "
                    "2025-03-31, against a usual 5.0 %; robust z 11.3 above the failure threshold "
                    "of 10; 2025-Q2 starts 100 % below its usual (0.0 % in its first 5 days "
                    "against 20.0 %)");
  ck_assert_uint_eq (kpi_check_result_get_element_count (result), 4);
  ck_assert_uint_eq (kpi_check_result_get_unexpected_count (result), 1);
  ck_assert_uint_eq (kpi_check_result_get_n_affected (result), 2);
  ck_assert (has_affected (result, "2025-Q1", "rep", "A"));
  ck_assert (has_affected (result, "2025-Q2", "rep", "A"));
  ck_assert (kpi_check_result_affects (result, "orders", NULL, q1, "rep", "A"));
  ck_assert (!kpi_check_result_affects (result, "orders", NULL, q1, "rep", "B"));
  ck_assert (!kpi_check_result_affects (result, "orders", NULL, q4, "rep", "A"));
  /* the samples are the 12 rows of the window */
  ck_assert_uint_eq (kpi_check_result_get_n_samples (result), 12);
  ck_assert_str_eq (kpi_check_result_get_sample_keys (result, 0)[0], "2025-03-31");
  ck_assert_str_eq (kpi_check_result_get_sample_keys (result, 0)[1], "A");
}
END_TEST

/* The same data: a MAD floor of 0.1 makes the divisor 0.1, so z = 0.6745
 * × 0.55 / 0.1 = 3.71, a pass; a lower failure threshold (3) fails. */
START_TEST (test_end_of_period_floor)
{
  g_autoptr(KpiDataset) data = pushed_quarter ();
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-08-01T00:00:00Z", 1);
  g_autoptr(KpiCheck) check = kpi_end_of_period_check_new (NULL, NULL, "rep");
  g_autoptr(KpiCheckResult) result = NULL;
  g_autoptr(KpiCheckResult) strict = NULL;

  g_object_set (check, "mad-floor", 0.1, NULL);
  result = run_on (check, data, "orders", calendar);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_PASS);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 0.6744897501960817 * 0.55 / 0.1, 1e-9);
  kpi_test_assert_contains (kpi_check_result_get_message (result),
                            "highest share in the last days: A in 2025-Q1, 60.0 % in its last 5 days "
                            "against a usual 5.0 % (robust z 3.7), within the warning threshold of 5");

  kpi_check_set_thresholds (check, 2, 3);
  strict = run_on (check, data, "orders", calendar);
  ck_assert_int_eq (kpi_check_result_get_status (strict), KPI_CHECK_STATUS_FAIL);
  kpi_test_assert_contains (kpi_check_result_get_message (strict), "above the failure threshold of 3");
}
END_TEST

/* The sum of a measure: the shares are of the amounts. One rep, five
 * quarters of 20 rows of 10 (1 on the last day: 0.05), then a quarter
 * whose last-day row is worth 1 000: 1 000 / (19 × 10 + 1 000) = 0.8403.
 * Its effective rows: (Σx)² / Σx² = 1190² / (19 × 100 + 10⁶) = 1.4134;
 * the noise of a share of 1.41 rows, 0.6745 × √(0.05 × 0.95 / 1.4134) =
 * 0.6745 × 0.18332, is the divisor: z = (0.8403 − 0.05) / 0.18332 = 4.31:
 * a pass. Counting rows instead, the quarter is like the others: z = 0. */
START_TEST (test_end_of_period_amount)
{
  g_autoptr(GString) csv = g_string_new ("date,rep,amount\n");
  g_autoptr(KpiDataset) data = NULL;
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-08-01T00:00:00Z", 1);
  g_autoptr(KpiCheck) by_amount = kpi_end_of_period_check_new (NULL, "amount", "rep");
  g_autoptr(KpiCheck) by_rows = kpi_end_of_period_check_new (NULL, NULL, "rep");
  g_autoptr(KpiCheckResult) r1 = NULL;
  g_autoptr(KpiCheckResult) r2 = NULL;
  double share = 1000.0 / 1190.0;
  double n_eff = 1190.0 * 1190.0 / (19 * 100.0 + 1e6);

  for (int q = 0; q < 4; q++)
    quarter_rows (csv, "A", 2024, 1 + 3 * q, 4, 15, 1);
  quarter_rows (csv, "A", 2025, 1, 4, 15, 0);
  g_string_append (csv, "2025-03-31,A,1000\n");
  data = kpi_test_load (csv->str, NULL);

  r1 = run_on (by_amount, data, "orders", calendar);
  ck_assert_int_eq (kpi_check_result_get_status (r1), KPI_CHECK_STATUS_PASS);
  kpi_test_assert_close (kpi_check_result_get_observed (r1),
                         (share - 0.05) / sqrt (0.05 * 0.95 / n_eff), 1e-9);
  kpi_test_assert_close (kpi_check_result_get_observed (r1), 4.3113, 1e-3);
  kpi_test_assert_contains (kpi_check_result_get_message (r1), "84.0 % in its last 5 days");

  r2 = run_on (by_rows, data, "orders", calendar);
  kpi_test_assert_close (kpi_check_result_get_observed (r2), 0.0, 1e-12);
}
END_TEST

/* Edges: too few rows, too short a history, a MAD of 0 without a floor,
 * the partial last period, no rows. */
START_TEST (test_end_of_period_edges)
{
  g_autoptr(KpiDataset) data = pushed_quarter ();
  g_autoptr(KpiDataset) empty = kpi_dataset_new (NULL);
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-08-01T00:00:00Z", 1);
  g_autoptr(KpiCheck) check = kpi_end_of_period_check_new (NULL, NULL, "rep");
  g_autoptr(GString) csv = g_string_new ("date,rep,amount\n");
  g_autoptr(KpiDataset) zeros = NULL;
  g_autoptr(KpiDataset) partial = NULL;

  /* 21 rows needed: no period counts */
  kpi_end_of_period_check_set_min_rows (KPI_END_OF_PERIOD_CHECK (check), 21);
  {
    g_autoptr(KpiCheckResult) r = run_on (check, data, "orders", calendar);
    ck_assert_int_eq (kpi_check_result_get_status (r), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
    ck_assert (isnan (kpi_check_result_get_observed (r)));
    ck_assert_str_eq (kpi_check_result_get_message (r),
                      "no contributor has 4 earlier whole quarters of 21 rows or more to compare "
                      "with (6 quarters of data)");
  }
  /* 6 periods of history needed: there are only 5 */
  kpi_end_of_period_check_set_min_rows (KPI_END_OF_PERIOD_CHECK (check), 20);
  kpi_end_of_period_check_set_min_history (KPI_END_OF_PERIOD_CHECK (check), 6);
  {
    g_autoptr(KpiCheckResult) r = run_on (check, data, "orders", calendar);
    ck_assert_int_eq (kpi_check_result_get_status (r), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  }

  /* A share of 0 every quarter, then 1 row of 20 in the window: median 0,
   * MAD 0, no noise for a share of 0; without the floor, no z-score */
  for (int q = 0; q < 4; q++)
    quarter_rows (csv, "A", 2024, 1 + 3 * q, 4, 16, 0);
  quarter_rows (csv, "A", 2025, 1, 4, 15, 1);
  zeros = kpi_test_load (csv->str, NULL);
  kpi_end_of_period_check_set_min_history (KPI_END_OF_PERIOD_CHECK (check), 4);
  kpi_end_of_period_check_set_mad_floor (KPI_END_OF_PERIOD_CHECK (check), 0);
  {
    g_autoptr(KpiCheckResult) r = run_on (check, zeros, "orders", calendar);
    ck_assert_int_eq (kpi_check_result_get_status (r), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
    kpi_test_assert_contains (kpi_check_result_get_message (r), "a MAD of 0");
  }
  /* With the default floor: z = 0.6745 × 0.05 / 0.01 = 3.37 */
  kpi_end_of_period_check_set_mad_floor (KPI_END_OF_PERIOD_CHECK (check), 0.01);
  {
    g_autoptr(KpiCheckResult) r = run_on (check, zeros, "orders", calendar);
    ck_assert_int_eq (kpi_check_result_get_status (r), KPI_CHECK_STATUS_PASS);
    kpi_test_assert_close (kpi_check_result_get_observed (r), 0.6744897501960817 * 5, 1e-9);
  }

  /* The last quarter not over in the data (to 2025-03-20): not judged */
  g_string_truncate (csv, 0);
  g_string_append (csv, "date,rep,amount\n");
  for (int q = 0; q < 4; q++)
    quarter_rows (csv, "A", 2024, 1 + 3 * q, 4, 15, 1);
  for (int i = 0; i < 30; i++)
    g_string_append (csv, "2025-03-20,A,10\n");
  partial = kpi_test_load (csv->str, NULL);
  {
    g_autoptr(KpiCheckResult) r = run_on (check, partial, "orders", calendar);
    ck_assert_int_eq (kpi_check_result_get_status (r), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  }

  /* No rows (the columns exist) */
  ck_assert (kpi_dataset_add_column (empty, "rep", KPI_COLUMN_DIMENSION, NULL));
  {
    g_autoptr(KpiCheckResult) r = run_on (check, empty, "orders", calendar);
    ck_assert_int_eq (kpi_check_result_get_status (r), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
    kpi_test_assert_contains (kpi_check_result_get_message (r), "no rows");
  }
}
END_TEST

START_TEST (test_end_of_period_errors)
{
  g_autoptr(KpiDataset) data = pushed_quarter ();
  g_autoptr(KpiCheck) two = kpi_end_of_period_check_new (NULL, NULL, "rep");
  g_autoptr(KpiCheck) dimension = kpi_end_of_period_check_new (NULL, "rep", NULL);
  g_autoptr(KpiCheck) not_dimension = kpi_end_of_period_check_new (NULL, NULL, "amount");
  g_autoptr(KpiCheck) week = kpi_end_of_period_check_new (NULL, NULL, "rep");
  g_autoptr(KpiCheck) typo = kpi_end_of_period_check_new (NULL, "amout", "rep");
  const char *fields[] = { "amount", "amount", NULL };
  g_autofree char *m1 = NULL;
  g_autofree char *m2 = NULL;
  g_autofree char *m3 = NULL;
  g_autofree char *m4 = NULL;
  g_autofree char *m5 = NULL;

  kpi_check_set_fields (two, fields);
  m1 = run_error (two, data, KPI_CHECK_ERROR_INVALID);
  kpi_test_assert_contains (m1, "2 fields: expected one measure to sum");
  m2 = run_error (dimension, data, KPI_CHECK_ERROR_INVALID);
  kpi_test_assert_contains (m2, "“rep” is not a measure");
  m3 = run_error (not_dimension, data, KPI_CHECK_ERROR_INVALID);
  kpi_test_assert_contains (m3, "the contributors “amount” are not a dimension");
  kpi_check_set_granularity (week, KPI_GRANULARITY_WEEK);
  kpi_end_of_period_check_set_last_days (KPI_END_OF_PERIOD_CHECK (week), 7);
  m4 = run_error (week, data, KPI_CHECK_ERROR_INVALID);
  kpi_test_assert_contains (m4, "the last 7 days are the whole of");
  m5 = run_error (typo, data, KPI_CHECK_ERROR_UNKNOWN_FIELD);
  kpi_test_assert_contains (m5, "did you mean “amount”?");
}
END_TEST

/* The end-of-quarter push of the sample: R03 in its quarter, with the
 * rows in the window and in the quarter as anomalies.json counts them, and
 * the window's dates; by month too (September). The clean sample passes
 * by quarter and by month, by count and by amount. */
START_TEST (test_end_of_period_sample_data)
{
  const char *dir = g_getenv ("KPI_TEST_DATA");
  const char *clean_dir = g_getenv ("KPI_TEST_DATA_CLEAN");
  g_autoptr(JsonObject) push = NULL;
  g_autoptr(KpiDataset) orders = NULL;
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2026-01-01T00:00:00Z", 1);
  g_autoptr(KpiCheck) check = kpi_end_of_period_check_new (NULL, NULL, "rep");
  g_autoptr(KpiCheckResult) result = NULL;
  g_autoptr(KpiCheckResult) monthly = NULL;
  g_autofree char *named = NULL;
  g_autofree char *window = NULL;
  g_autofree char *month = NULL;
  const char *keys[] = { "date", "rep", NULL };
  const char *rep, *quarter;
  int y, m, d;

  ck_assert_msg (dir != NULL, "KPI_TEST_DATA is not set");
  push = anomaly (dir, "end_of_quarter_concentration");
  rep = json_object_get_string_member (push, "rep");
  quarter = json_object_get_string_member (push, "quarter");
  orders = load_sample (dir, "orders.csv");
  g_object_set (check, "row-noun", "order", NULL);
  kpi_check_set_key_fields (check, keys);
  result = run_on (check, orders, "orders", calendar);

  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_FAIL);
  named = g_strdup_printf ("%s: %.1f %% of %s's orders (%" G_GINT64_FORMAT " of %" G_GINT64_FORMAT ")",
                           rep, 100.0 * json_object_get_int_member (push, "rows_in_window")
                                / json_object_get_int_member (push, "rows_in_quarter"),
                           quarter,
                           json_object_get_int_member (push, "rows_in_window"),
                           json_object_get_int_member (push, "rows_in_quarter"));
  ck_assert_msg (g_str_has_prefix (kpi_check_result_get_message (result), named),
                 "%s lacks %s", kpi_check_result_get_message (result), named);
  window = g_strdup_printf ("in its last 5 days, %s to %s",
                            json_object_get_string_member (push, "window_start"),
                            json_object_get_string_member (push, "window_end"));
  kpi_test_assert_contains (kpi_check_result_get_message (result), window);
  ck_assert (has_affected (result, quarter, "rep", rep));
  ck_assert_uint_eq (kpi_check_result_get_unexpected_count (result), 1);
  /* the samples: rows of the rep in the window (the rows are in time
   * order: found from the window's first row) */
  ck_assert_uint_eq (kpi_check_result_get_n_samples (result),
                     MIN (20, json_object_get_int_member (push, "rows_in_window")));
  for (guint i = 0; i < kpi_check_result_get_n_samples (result); i++)
    {
      const char * const *sample = kpi_check_result_get_sample_keys (result, i);

      ck_assert_str_eq (sample[1], rep);
      ck_assert (strcmp (sample[0], json_object_get_string_member (push, "window_start")) >= 0);
      ck_assert (strcmp (sample[0], json_object_get_string_member (push, "window_end")) <= 0);
    }

  /* By month: the quarter's last month */
  kpi_check_set_granularity (check, KPI_GRANULARITY_MONTH);
  monthly = run_on (check, orders, "orders", calendar);
  ck_assert_int_eq (kpi_check_result_get_status (monthly), KPI_CHECK_STATUS_FAIL);
  ck_assert_int_eq (sscanf (json_object_get_string_member (push, "window_end"), "%d-%d-%d", &y, &m, &d), 3);
  month = g_strdup_printf ("%04d-%02d", y, m);
  ck_assert (has_affected (monthly, month, "rep", rep));

  if (clean_dir == NULL)
    {
      g_printerr ("# KPI_TEST_DATA_CLEAN is not set: clean sample skipped\n");
      return;
    }
  {
    g_autoptr(KpiDataset) clean = load_sample (clean_dir, "orders.csv");
    KpiGranularity granularities[] = { KPI_GRANULARITY_QUARTER, KPI_GRANULARITY_MONTH };
    const char *fields[] = { NULL, "amount" };

    for (guint g = 0; g < G_N_ELEMENTS (granularities); g++)
      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        {
          g_autoptr(KpiCheck) c = kpi_end_of_period_check_new (NULL, fields[f], "rep");
          g_autoptr(KpiCheckResult) r = NULL;

          kpi_check_set_granularity (c, granularities[g]);
          r = run_on (c, clean, "orders", calendar);
          ck_assert_msg (kpi_check_result_get_status (r) == KPI_CHECK_STATUS_PASS,
                         "%s", kpi_check_result_get_message (r));
        }
  }
}
END_TEST

/* A cancelled run stops with G_IO_ERROR_CANCELLED. */
START_TEST (test_cancelled)
{
  const char *reps[] = { "A", NULL };
  g_autoptr(KpiDataset) data = daily_reps (reps, 40, NULL, 0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(KpiContext) context = kpi_context_new (NULL);
  KpiCheck *checks[3];
  GError *error = NULL;

  checks[0] = kpi_freshness_check_new ("data");
  checks[1] = kpi_contributor_coverage_check_new ("data", "rep");
  checks[2] = kpi_end_of_period_check_new ("data", NULL, "rep");
  kpi_context_add_dataset (context, "data", data);
  g_cancellable_cancel (cancellable);
  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      ck_assert_ptr_null (kpi_check_run (checks[i], context, cancellable, &error));
      ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
      g_clear_error (&error);
      g_object_unref (checks[i]);
    }
}
END_TEST

/* Checks are definitions: the same three checks run from four threads at
 * once give the same results; and again while a fifth thread appends
 * rows (the appends wait for the passes over the columns, the passes for
 * the appends), each still finds the seeded anomalies. */
typedef struct
{
  KpiCheck   *checks[3];
  KpiContext *context;
  char       *messages[3];
} Runner;

static gpointer
run_checks (gpointer data)
{
  Runner *runner = data;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(KpiCheckResult) r = kpi_check_run (runner->checks[i], runner->context, NULL, NULL);

      runner->messages[i] = g_strdup (r != NULL ? kpi_check_result_get_message (r) : "error");
    }
  return NULL;
}

/* 300 orders of a new rep, R99, one a day from 1 January 2024. */
static gpointer
append_orders (gpointer data)
{
  KpiDataset *dataset = data;

  for (int i = 0; i < 300; i++)
    {
      const char *dims[] = { "C999999", "online", "north", "R99" };
      double measures[] = { 900000 + i, 10.0, 6.0 };
      GError *error = NULL;

      if (!kpi_dataset_append_row (dataset, kpi_test_utc (2024, 1, 1, 0, 0) + (gint64) i * DAY,
                                   dims, G_N_ELEMENTS (dims), measures, G_N_ELEMENTS (measures), &error))
        ck_abort_msg ("%s", error->message);
    }
  return NULL;
}

static void
run_in_threads (KpiCheck   **checks,
                KpiContext  *context,
                KpiDataset  *append_to,
                Runner      *runners)
{
  GThread *threads[4];
  GThread *appender = NULL;

  for (guint t = 0; t < 4; t++)
    {
      memcpy (runners[t].checks, checks, 3 * sizeof (KpiCheck *));
      runners[t].context = context;
      threads[t] = g_thread_new ("check", run_checks, &runners[t]);
    }
  if (append_to != NULL)
    appender = g_thread_new ("append", append_orders, append_to);
  for (guint t = 0; t < 4; t++)
    g_thread_join (threads[t]);
  if (appender != NULL)
    g_thread_join (appender);
}

START_TEST (test_threads)
{
  const char *dir = g_getenv ("KPI_TEST_DATA");
  g_autoptr(KpiDataset) orders = NULL;
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2026-01-01T00:00:00Z", 1);
  g_autoptr(KpiContext) context = kpi_context_new (calendar);
  Runner runners[4], busy[4];
  KpiCheck *checks[3];
  guint n_rows;

  ck_assert_msg (dir != NULL, "KPI_TEST_DATA is not set");
  orders = load_sample (dir, "orders.csv");
  kpi_context_add_dataset (context, "orders", orders);
  checks[0] = kpi_freshness_check_new ("orders");
  checks[1] = kpi_contributor_coverage_check_new ("orders", "rep");
  checks[2] = kpi_end_of_period_check_new ("orders", NULL, "rep");

  run_in_threads (checks, context, NULL, runners);
  for (guint t = 1; t < 4; t++)
    for (guint i = 0; i < 3; i++)
      ck_assert_str_eq (runners[t].messages[i], runners[0].messages[i]);

  n_rows = kpi_dataset_get_n_rows (orders);
  run_in_threads (checks, context, orders, busy);
  ck_assert_uint_eq (kpi_dataset_get_n_rows (orders), n_rows + 300);
  for (guint t = 0; t < 4; t++)
    {
      kpi_test_assert_contains (busy[t].messages[1], "R07: no row since");
      kpi_test_assert_contains (busy[t].messages[2], "R03: ");
    }

  for (guint t = 0; t < 4; t++)
    for (guint i = 0; i < 3; i++)
      {
        g_free (runners[t].messages[i]);
        g_free (busy[t].messages[i]);
      }
  for (guint i = 0; i < 3; i++)
    g_object_unref (checks[i]);
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "freshness-age-warns", test_freshness_age_warns },
    { "freshness-thresholds", test_freshness_thresholds },
    { "freshness-data-as-of", test_freshness_data_as_of },
    { "freshness-timestamps", test_freshness_timestamps },
    { "freshness-edges", test_freshness_edges },
    { "freshness-latency", test_freshness_latency },
    { "freshness-latency-seconds", test_freshness_latency_seconds },
    { "freshness-overdue", test_freshness_overdue },
    { "freshness-errors", test_freshness_errors },
    { "freshness-sample-data", test_freshness_sample_data },
    { "coverage-silent", test_coverage_silent },
    { "coverage-pass", test_coverage_pass },
    { "coverage-first-period", test_coverage_first_period },
    { "coverage-partial-period", test_coverage_partial_period },
    { "coverage-monthly-reporter", test_coverage_monthly_reporter },
    { "coverage-expected-list", test_coverage_expected_list },
    { "coverage-period", test_coverage_period },
    { "coverage-errors", test_coverage_errors },
    { "coverage-sample-data", test_coverage_sample_data },
    { "end-of-period-push", test_end_of_period_push },
    { "end-of-period-floor", test_end_of_period_floor },
    { "end-of-period-amount", test_end_of_period_amount },
    { "end-of-period-edges", test_end_of_period_edges },
    { "end-of-period-errors", test_end_of_period_errors },
    { "end-of-period-sample-data", test_end_of_period_sample_data },
    { "cancelled", test_cancelled },
    { "threads", test_threads },
  };

  return kpi_test_run ("check-contrib", cases, G_N_ELEMENTS (cases), 60);
}
