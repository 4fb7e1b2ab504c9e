/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of the data-quality core: KpiCheck (a subclass written here, as an
 * application would), KpiCheckResult and its scope, KpiCheckSuite (checks
 * files, runs, progress, cancellation) and the findings that follow the
 * numbers: which values a finding taints, the confidence, the closure of
 * each period, and what an indicator reads. */

#include <math.h>
#include <string.h>
#include <check.h>
#include <json-glib/json-glib.h>
#include "kpi-test.h"
#include <libkpi/kpi.h>

/* ------------------------------------------------------------------------
 * A check written as an application would: rows whose `amount` is above
 * `limit` are unexpected; each day that has one is in the scope. */

#define KPI_TYPE_TEST_LIMIT_CHECK (kpi_test_limit_check_get_type ())
G_DECLARE_FINAL_TYPE (KpiTestLimitCheck, kpi_test_limit_check, KPI, TEST_LIMIT_CHECK, KpiCheck)

struct _KpiTestLimitCheck
{
  KpiCheck parent_instance;
  double   limit;
};

G_DEFINE_FINAL_TYPE (KpiTestLimitCheck, kpi_test_limit_check, KPI_TYPE_CHECK)

enum { PROP_LIMIT = 1 };

static void
limit_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  if (id == PROP_LIMIT)
    g_value_set_double (value, KPI_TEST_LIMIT_CHECK (object)->limit);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
}

static void
limit_set_property (GObject *object, guint id, const GValue *value, GParamSpec *pspec)
{
  if (id == PROP_LIMIT)
    KPI_TEST_LIMIT_CHECK (object)->limit = g_value_get_double (value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
}

static KpiCheckResult *
limit_run (KpiCheck      *check,
           KpiContext    *context,
           GCancellable  *cancellable G_GNUC_UNUSED,
           GError       **error)
{
  KpiTestLimitCheck *self = KPI_TEST_LIMIT_CHECK (check);
  g_autoptr(KpiDataset) dataset = kpi_check_dup_dataset (check, context, error);
  KpiCalendar *calendar = kpi_context_get_calendar (context);
  const char *fields[] = { "amount", NULL };
  KpiCheckResult *result;
  guint n, bad = 0, missing = 0;

  if (dataset == NULL || !kpi_check_lookup_field (check, dataset, "amount", NULL, error))
    return NULL;
  result = kpi_check_result_new (KPI_CHECK_STATUS_PASS, NULL);
  n = kpi_dataset_get_n_rows (dataset);
  for (guint r = 0; r < n; r++)
    {
      double x;

      if (!kpi_dataset_get_measure_value (dataset, "amount", r, &x))
        {
          missing++;
          continue;
        }
      if (x > self->limit)
        {
          g_autoptr(KpiPeriod) day = kpi_calendar_period_at (calendar, kpi_dataset_get_time (dataset, r),
                                                             KPI_GRANULARITY_DAY);
          bad++;
          kpi_check_result_add_affected (result, day, NULL, NULL);
          kpi_check_add_sample (check, result, dataset, r);
        }
    }
  kpi_check_result_set_counts (result, n, missing, bad);
  kpi_check_result_set_status (result, kpi_check_grade_rows (check, n, missing, bad));
  kpi_check_result_set_fields (result, fields);
  kpi_check_result_set_expected (result, NAN, self->limit);
  return result;
}

static void
kpi_test_limit_check_class_init (KpiTestLimitCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = limit_get_property;
  object_class->set_property = limit_set_property;
  KPI_CHECK_CLASS (klass)->run = limit_run;
  g_object_class_install_property (object_class, PROP_LIMIT,
    g_param_spec_double ("limit", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 1000,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
}

static void
kpi_test_limit_check_init (KpiTestLimitCheck *self)
{
  self->limit = 1000;
}

/* ------------------------------------------------------------------------
 * Data: orders in March and April 2025, survey answers in March. */

static const char orders_csv[] =
  "date,order_id,channel,amount,cost\n"
  "2025-03-03,1,online,100,60\n"
  "2025-03-12,2,online,5000,3000\n"    /* above the limit: 12 March */
  "2025-03-20,3,store,200,120\n"
  "2025-04-02,4,online,300,180\n"
  "2025-04-15,5,store,400,240\n";

static const char nps_csv[] =
  "date,channel,score\n"
  "2025-03-05,online,9\n"
  "2025-03-25,store,7\n";

typedef struct
{
  KpiCalendar *calendar;
  KpiContext  *context;
  KpiDataset  *orders;
  KpiDataset  *nps;
} Fixture;

static void
fixture_init (Fixture    *f,
              const char *now)
{
  f->calendar = kpi_test_calendar_at (now, 1);
  f->context = kpi_context_new (f->calendar);
  f->orders = kpi_test_load (orders_csv, NULL);
  f->nps = kpi_test_load (nps_csv, NULL);
  kpi_context_add_dataset (f->context, "orders", f->orders);
  kpi_context_add_dataset (f->context, "nps", f->nps);
}

static void
fixture_clear (Fixture *f)
{
  g_clear_object (&f->nps);
  g_clear_object (&f->orders);
  g_clear_object (&f->context);
  g_clear_object (&f->calendar);
}

static KpiCheck *
limit_check (const char *id,
             double      limit)
{
  return g_object_new (KPI_TYPE_TEST_LIMIT_CHECK, "id", id, "dataset-name", "orders",
                       "limit", limit, "key-fields", (const char * const[]) { "order_id", "date", NULL },
                       NULL);
}

static KpiIndicator *
indicator (Fixture    *f,
           const char *id,
           const char *formula,
           const char *dataset_name)
{
  g_autoptr(GError) error = NULL;
  KpiIndicator *ind = kpi_indicator_new (id, formula, &error);

  ck_assert_msg (ind != NULL, "%s", error ? error->message : "");
  if (dataset_name != NULL)
    kpi_indicator_set_dataset_name (ind, dataset_name);
  kpi_context_add_indicator (f->context, ind);
  return ind;
}

/* ------------------------------------------------------------------------ */

START_TEST (test_result_basics)
{
  g_autoptr(KpiCheckResult) r = kpi_check_result_new (KPI_CHECK_STATUS_WARN, "two rows");
  g_autoptr(KpiCalendar) cal = kpi_test_calendar_at ("2025-06-01T00:00:00Z", 1);
  g_autoptr(KpiPeriod) march = kpi_test_parse_period (cal, "2025-03");
  g_autoptr(KpiPeriod) march12 = kpi_test_parse_period (cal, "2025-03-12");
  g_autoptr(KpiPeriod) april = kpi_test_parse_period (cal, "2025-04");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  const char *amount[] = { "amount", NULL };
  const char *cost[] = { "cost", NULL };
  const char *keys[] = { "O1", "2025-03-12", NULL };
  const char *dimension = NULL, *group = NULL;
  JsonObject *o;

  ck_assert (kpi_check_result_is_finding (r));
  /* unexpected among what is not missing: 2 of (10 - 2) */
  kpi_check_result_set_counts (r, 10, 2, 2);
  kpi_test_assert_close (kpi_check_result_get_unexpected_fraction (r), 0.25, 1e-12);
  kpi_check_result_add_sample (r, 7, keys);
  ck_assert_uint_eq (kpi_check_result_get_n_samples (r), 1);
  ck_assert_uint_eq (kpi_check_result_get_sample_row (r, 0), 7);
  ck_assert_str_eq (kpi_check_result_get_sample_keys (r, 0)[0], "O1");

  kpi_check_result_set_dataset_name (r, "orders");
  kpi_check_result_set_fields (r, amount);
  kpi_check_result_add_affected (r, march12, "channel", "online");
  ck_assert (kpi_check_result_get_affected (r, 0, &dimension, &group) != NULL);
  ck_assert_str_eq (dimension, "channel");
  ck_assert_str_eq (group, "online");

  /* the scope: same dataset, a field in common, overlapping period, same group */
  ck_assert (kpi_check_result_affects (r, "orders", amount, march, NULL, NULL));
  ck_assert (kpi_check_result_affects (r, "orders", NULL, march, NULL, NULL));
  ck_assert (kpi_check_result_affects (r, "orders", amount, march, "channel", "online"));
  ck_assert (!kpi_check_result_affects (r, "orders", amount, march, "channel", "store"));
  ck_assert (kpi_check_result_affects (r, "orders", amount, march, "region", "north"));
  ck_assert (!kpi_check_result_affects (r, "orders", amount, april, NULL, NULL));
  ck_assert (!kpi_check_result_affects (r, "orders", cost, march, NULL, NULL));
  ck_assert (!kpi_check_result_affects (r, "nps", amount, march, NULL, NULL));
  /* a pass is no finding */
  kpi_check_result_set_status (r, KPI_CHECK_STATUS_PASS);
  ck_assert (!kpi_check_result_affects (r, "orders", amount, march, NULL, NULL));
  kpi_check_result_set_status (r, KPI_CHECK_STATUS_FAIL);

  json = kpi_check_result_to_json (r);
  ck_assert (json_parser_load_from_data (parser, json, -1, NULL));
  o = json_node_get_object (json_parser_get_root (parser));
  ck_assert_str_eq (json_object_get_string_member (o, "status"), "fail");
  ck_assert_int_eq (json_object_get_int_member (o, "unexpected_count"), 2);
  kpi_test_assert_close (json_object_get_double_member (o, "unexpected_fraction"), 0.25, 1e-12);
  ck_assert (json_node_is_null (json_object_get_member (o, "observed")));
  ck_assert_str_eq (json_object_get_string_member (
                      json_array_get_object_element (json_object_get_array_member (o, "affected"), 0),
                      "period"), "2025-03-12");

  /* every element missing: no fraction */
  kpi_check_result_set_counts (r, 3, 3, 0);
  ck_assert (isnan (kpi_check_result_get_unexpected_fraction (r)));
}
END_TEST

START_TEST (test_grade)
{
  g_autoptr(KpiCheck) check = limit_check ("c", 1000);

  /* no thresholds: passes whatever is observed, NaN is nothing to judge */
  ck_assert_int_eq (kpi_check_grade (check, 1e9), KPI_CHECK_STATUS_PASS);
  ck_assert_int_eq (kpi_check_grade (check, NAN), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  kpi_check_set_thresholds (check, 2, 7);
  ck_assert_int_eq (kpi_check_grade (check, 2), KPI_CHECK_STATUS_PASS);    /* at the bound: not above */
  ck_assert_int_eq (kpi_check_grade (check, 2.5), KPI_CHECK_STATUS_WARN);
  ck_assert_int_eq (kpi_check_grade (check, 7.5), KPI_CHECK_STATUS_FAIL);

  /* rows: mostly 0.95 of 20 present rows lets one through (19/20 = 0.95),
   * not two; missing rows do not count */
  kpi_check_set_thresholds (check, NAN, NAN);
  kpi_check_set_mostly (check, 0.95);
  ck_assert_int_eq (kpi_check_grade_rows (check, 25, 5, 1), KPI_CHECK_STATUS_PASS);
  ck_assert_int_eq (kpi_check_grade_rows (check, 25, 5, 2), KPI_CHECK_STATUS_FAIL);
  ck_assert_int_eq (kpi_check_grade_rows (check, 5, 5, 0), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  /* and a warning threshold on the unexpected share */
  kpi_check_set_thresholds (check, 0.01, NAN);
  ck_assert_int_eq (kpi_check_grade_rows (check, 20, 0, 1), KPI_CHECK_STATUS_WARN);
  kpi_check_set_mostly (check, 1.0);
  ck_assert_int_eq (kpi_check_grade_rows (check, 20, 0, 1), KPI_CHECK_STATUS_FAIL);
  ck_assert_int_eq (kpi_check_grade_rows (check, 20, 0, 0), KPI_CHECK_STATUS_PASS);
}
END_TEST

START_TEST (test_run_fills_in)
{
  Fixture f = { 0 };
  g_autoptr(KpiCheck) check = limit_check ("big_orders", 1000);
  g_autoptr(KpiCheck) direct = NULL;
  g_autoptr(KpiCheckResult) r = NULL;
  g_autoptr(GError) error = NULL;

  fixture_init (&f, "2025-05-01T00:00:00Z");
  r = kpi_check_run (check, f.context, NULL, &error);
  ck_assert_ptr_null (error);
  ck_assert_int_eq (kpi_check_result_get_status (r), KPI_CHECK_STATUS_FAIL);
  ck_assert_str_eq (kpi_check_result_get_check_id (r), "big_orders");
  ck_assert_str_eq (kpi_check_result_get_check_type (r), "test-limit");
  ck_assert_str_eq (kpi_check_result_get_dataset_name (r), "orders");
  ck_assert_int_eq (kpi_check_result_get_evaluated_at (r), kpi_test_utc (2025, 5, 1, 0, 0));
  ck_assert_int_eq (kpi_check_result_get_data_as_of (r), kpi_test_utc (2025, 4, 15, 0, 0));
  ck_assert_uint_eq (kpi_check_result_get_unexpected_count (r), 1);
  /* the sample shows the key fields */
  ck_assert_str_eq (kpi_check_result_get_sample_keys (r, 0)[0], "2");
  ck_assert_str_eq (kpi_check_result_get_sample_keys (r, 0)[1], "2025-03-12");
  g_clear_object (&r);

  /* a dataset set directly gets the name the context gives it */
  direct = g_object_new (KPI_TYPE_TEST_LIMIT_CHECK, "id", "direct", "dataset", f.orders, NULL);
  r = kpi_check_run (direct, f.context, NULL, &error);
  ck_assert_ptr_null (error);
  ck_assert_str_eq (kpi_check_result_get_dataset_name (r), "orders");
  g_clear_object (&r);

  /* settings that make no sense, an unknown dataset, a cancelled run */
  kpi_check_set_thresholds (check, 5, 1);
  ck_assert_ptr_null (kpi_check_run (check, f.context, NULL, &error));
  ck_assert (g_error_matches (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID));
  kpi_test_assert_contains (error->message, "warning threshold");
  g_clear_error (&error);
  kpi_check_set_thresholds (check, NAN, NAN);
  kpi_check_set_dataset_name (check, "order");
  ck_assert_ptr_null (kpi_check_run (check, f.context, NULL, &error));
  ck_assert (g_error_matches (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_NO_DATASET));
  kpi_test_assert_contains (error->message, "big_orders: unknown dataset “order”; did you mean “orders”?");
  g_clear_error (&error);
  kpi_check_set_dataset_name (check, "nps");
  ck_assert_ptr_null (kpi_check_run (check, f.context, NULL, &error));
  ck_assert (g_error_matches (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_UNKNOWN_FIELD));
  kpi_test_assert_contains (error->message, "big_orders: unknown field “amount”");
  g_clear_error (&error);
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    g_cancellable_cancel (cancellable);
    ck_assert_ptr_null (kpi_check_run (check, f.context, cancellable, &error));
    ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  }
  fixture_clear (&f);
}
END_TEST

START_TEST (test_list_periods)
{
  Fixture f = { 0 };
  g_autoptr(KpiCheck) check = limit_check ("c", 1);
  g_autoptr(GPtrArray) periods = NULL;
  g_autoptr(KpiDataset) empty = kpi_dataset_new (NULL);
  g_autoptr(KpiPeriod) q2 = NULL;

  fixture_init (&f, "2025-05-01T00:00:00Z");
  periods = kpi_check_list_periods (check, f.context, f.orders);
  ck_assert_uint_eq (periods->len, 2);
  ck_assert_str_eq (kpi_period_get_label (g_ptr_array_index (periods, 0)), "2025-03");
  ck_assert_str_eq (kpi_period_get_label (g_ptr_array_index (periods, 1)), "2025-04");
  g_clear_pointer (&periods, g_ptr_array_unref);

  /* the coverage, when set, rules */
  ck_assert (kpi_dataset_set_coverage (f.orders, kpi_test_utc (2025, 1, 1, 0, 0),
                                       kpi_test_utc (2025, 7, 1, 0, 0), NULL));
  kpi_check_set_granularity (check, KPI_GRANULARITY_QUARTER);
  periods = kpi_check_list_periods (check, f.context, f.orders);
  ck_assert_uint_eq (periods->len, 2);
  ck_assert_str_eq (kpi_period_get_label (g_ptr_array_index (periods, 1)), "2025-Q2");
  g_clear_pointer (&periods, g_ptr_array_unref);

  /* a period set: that one only; no rows: none */
  q2 = kpi_test_parse_period (f.calendar, "2025-Q2");
  kpi_check_set_period (check, q2);
  periods = kpi_check_list_periods (check, f.context, f.orders);
  ck_assert_uint_eq (periods->len, 1);
  g_clear_pointer (&periods, g_ptr_array_unref);
  kpi_check_set_period (check, NULL);
  periods = kpi_check_list_periods (check, f.context, empty);
  ck_assert_uint_eq (periods->len, 0);
  fixture_clear (&f);
}
END_TEST

static KpiCheckSuite *
load_suite_ok (const char *json)
{
  KpiCheckSuite *suite = kpi_check_suite_new ();
  g_autoptr(GError) error = NULL;

  if (!kpi_check_suite_load_data (suite, json, -1, NULL, &error))
    ck_abort_msg ("%s", error->message);
  return suite;
}

static void
assert_load_error (const char *json,
                   const char *message)
{
  g_autoptr(KpiCheckSuite) suite = load_suite_ok ("{\"checks\": [{\"type\": \"KpiTestLimitCheck\", \"id\": \"first\"}]}");
  g_autoptr(GError) error = NULL;

  ck_assert (!kpi_check_suite_load_data (suite, json, -1, NULL, &error));
  ck_assert_msg (g_error_matches (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_PARSE), "%s", error->message);
  ck_assert (g_utf8_validate (error->message, -1, NULL));
  ck_assert_msg (strstr (error->message, message) != NULL, "“%s” lacks “%s”", error->message, message);
  /* all or nothing: the suite keeps its one check */
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (suite)), 1);
}

/* Found by fuzzing (fuzz/regressions/fuzz-checks): a nesting deep enough
 * to overflow json-glib's recursion, and a second value json-glib would
 * drop and leak, are refused where they start. */
START_TEST (test_checks_file_deep_and_trailing)
{
  g_autofree char *brackets = g_strnfill (200000, '[');
  g_autofree char *deep = g_strconcat ("{\"checks\": ", brackets, NULL);

  g_type_ensure (KPI_TYPE_TEST_LIMIT_CHECK);
  assert_load_error (deep, "1:75: not a JSON document: nesting deeper than 64 levels");
  assert_load_error ("{\"checks\": []} []", "1:16: not a JSON document: unexpected data after the first value");
  /* an unpaired surrogate escape (found by fuzz-checks): json-glib's bytes
   * for it are not UTF-8, and the id carried them into every result */
  assert_load_error ("{\"checks\": [{\"type\": \"KpiTestLimitCheck\", \"id\": \"big\\ud800s\"}]}",
                     "$.checks[0].id: text that is not UTF-8");
}
END_TEST

START_TEST (test_checks_file)
{
  g_autoptr(KpiCheckSuite) suite = NULL;
  g_autoptr(KpiCheck) check = NULL;

  g_type_ensure (KPI_TYPE_TEST_LIMIT_CHECK);
  suite = load_suite_ok ("{ \"indicators\": [],\n"
                         "  \"checks\": [ { \"type\": \"KpiTestLimitCheck\", \"id\": \"big\",\n"
                         "    \"dataset\": \"orders\", \"limit\": 4000, \"warn\": 0.1, \"fail\": null,\n"
                         "    \"mostly\": 0.9, \"key_fields\": [\"order_id\"], \"granularity\": \"week\",\n"
                         "    \"period\": \"2025-03\", \"max_samples\": 3, \"group_by\": \"channel\" } ] }");
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (suite)), 1);
  check = kpi_check_suite_lookup (suite, "big");
  ck_assert_str_eq (kpi_check_get_dataset_name (check), "orders");
  kpi_test_assert_close (KPI_TEST_LIMIT_CHECK (check)->limit, 4000, 0);
  kpi_test_assert_close (kpi_check_get_warn_threshold (check), 0.1, 0);
  ck_assert (isnan (kpi_check_get_fail_threshold (check)));
  kpi_test_assert_close (kpi_check_get_mostly (check), 0.9, 0);
  ck_assert_str_eq (kpi_check_get_key_fields (check)[0], "order_id");
  ck_assert_int_eq (kpi_check_get_granularity (check), KPI_GRANULARITY_WEEK);
  ck_assert_str_eq (kpi_period_get_label (kpi_check_get_period (check)), "2025-03");
  ck_assert_uint_eq (kpi_check_get_max_samples (check), 3);
  ck_assert_str_eq (kpi_check_get_group_by (check), "channel");

  /* a catalogue without checks declares none; a bare array is a checks file */
  g_clear_object (&suite);
  suite = load_suite_ok ("{\"indicators\": []}");
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (suite)), 0);
  g_clear_object (&suite);
  suite = load_suite_ok ("[{\"type\": \"KpiTestLimitCheck\", \"id\": \"a\"}]");
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (suite)), 1);

  assert_load_error ("{\"checks\": [\n  {\"type\": }]}", "2:12: not a JSON document");
  assert_load_error ("{\"checks\": {}}", "$.checks: expected an array, found an object");
  assert_load_error ("\"x\"", "$: expected an object with a “checks” array");
  assert_load_error ("{\"checks\": [3]}", "$.checks[0]: expected an object, found a number");
  assert_load_error ("{\"checks\": [{\"id\": \"x\"}]}", "$.checks[0].type: expected the kind of check");
  assert_load_error ("{\"checks\": [{\"type\": \"KpiNoSuchCheck\", \"id\": \"x\"}]}",
                     "$.checks[0].type: unknown type of check “KpiNoSuchCheck”");
  assert_load_error ("{\"checks\": [{\"type\": \"GObject\", \"id\": \"x\"}]}",
                     "unknown type of check “GObject”");
  assert_load_error ("{\"checks\": [{\"type\": \"KpiTestLimitCheck\", \"id\": \"x\", \"datset\": \"o\"}]}",
                     "$.checks[0].datset: unknown key for a check of type KpiTestLimitCheck; did you mean “dataset”?");
  assert_load_error ("{\"checks\": [{\"type\": \"KpiTestLimitCheck\", \"id\": \"x\", \"dataset_name\": \"o\"}]}",
                     "$.checks[0].dataset_name: unknown key");
  assert_load_error ("{\"checks\": [{\"type\": \"KpiTestLimitCheck\", \"id\": \"x\", \"limit\": \"a\"}]}",
                     "$.checks[0].limit: expected a number, found a string");
  assert_load_error ("{\"checks\": [{\"type\": \"KpiTestLimitCheck\", \"id\": \"x\", \"mostly\": 2}]}",
                     "$.checks[0].mostly: 2 is out of range: expected 0 to 1");
  assert_load_error ("{\"checks\": [{\"type\": \"KpiTestLimitCheck\", \"id\": \"x\", \"max_samples\": 1.5}]}",
                     "$.checks[0].max_samples: expected a whole number, found 1.5");
  assert_load_error ("{\"checks\": [{\"type\": \"KpiTestLimitCheck\", \"id\": \"x\", \"granularity\": \"mont\"}]}",
                     "$.checks[0].granularity: unknown value “mont”; did you mean “month”?");
  assert_load_error ("{\"checks\": [{\"type\": \"KpiTestLimitCheck\", \"id\": \"x\", \"granularity\": \"custom\"}]}",
                     "$.checks[0].granularity: unknown value “custom”");
  assert_load_error ("{\"checks\": [{\"type\": \"KpiTestLimitCheck\", \"id\": \"x\", \"period\": \"2025-13\"}]}",
                     "$.checks[0].period: ");
  assert_load_error ("{\"checks\": [{\"type\": \"KpiTestLimitCheck\", \"id\": \"x\", \"fields\": [1]}]}",
                     "$.checks[0].fields[0]: expected a string, found a number");
  assert_load_error ("{\"checks\": [{\"type\": \"KpiTestLimitCheck\"}]}", "$.checks[0].id: every check needs an id");
  assert_load_error ("{\"checks\": [{\"type\": \"KpiTestLimitCheck\", \"id\": \"first\"}]}",
                     "$.checks[0].id: the suite has a check “first” already");
  /* the first check good, the second bad: neither is added */
  assert_load_error ("{\"checks\": [{\"type\": \"KpiTestLimitCheck\", \"id\": \"ok\"},"
                     " {\"type\": \"KpiTestLimitCheck\", \"id\": \"ok\"}]}",
                     "$.checks[1].id: the suite has a check “ok” already");
  assert_load_error ("{\"checks\": [{\"type\": \"KpiTestLimitCheck\", \"id\": \"x\", \"\\u00e9\\u0001\": 1}]}",
                     "$.checks[0].é\\x01: unknown key");
}
END_TEST

static void
count_progress (KpiCheckSuite *suite G_GNUC_UNUSED,
                guint          done,
                guint          total,
                gpointer       data)
{
  guint *calls = data;

  ck_assert_uint_eq (done, *calls + 1);
  ck_assert_uint_eq (total, 3);
  (*calls)++;
}

START_TEST (test_suite_run)
{
  Fixture f = { 0 };
  g_autoptr(KpiCheckSuite) suite = kpi_check_suite_new ();
  g_autoptr(KpiCheck) a = limit_check ("big", 1000);
  g_autoptr(KpiCheck) b = limit_check ("lost", 1000);
  g_autoptr(KpiCheck) c = limit_check ("small", 10000);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  g_autoptr(GError) error = NULL;
  guint calls = 0;

  fixture_init (&f, "2025-05-01T00:00:00Z");
  ck_assert_ptr_null (kpi_check_suite_dup_results (suite));
  kpi_check_set_dataset_name (b, "customers");
  ck_assert (kpi_check_suite_add (suite, a, NULL));
  ck_assert (kpi_check_suite_add (suite, b, NULL));
  ck_assert (kpi_check_suite_add (suite, c, NULL));
  ck_assert (!kpi_check_suite_add (suite, a, &error));
  kpi_test_assert_contains (error->message, "the suite has a check “big” already");
  g_clear_error (&error);

  g_signal_connect (suite, "progress", G_CALLBACK (count_progress), &calls);
  results = kpi_check_suite_run (suite, f.context, NULL, &error);
  ck_assert_ptr_null (error);
  ck_assert_uint_eq (calls, 3);
  ck_assert_uint_eq (results->len, 3);
  ck_assert_int_eq (kpi_check_result_get_status (g_ptr_array_index (results, 0)), KPI_CHECK_STATUS_FAIL);
  /* a check that cannot run is an error result; the others still run */
  ck_assert_int_eq (kpi_check_result_get_status (g_ptr_array_index (results, 1)), KPI_CHECK_STATUS_ERROR);
  kpi_test_assert_contains (kpi_check_result_get_message (g_ptr_array_index (results, 1)),
                            "lost: unknown dataset “customers”");
  ck_assert_str_eq (kpi_check_result_get_check_id (g_ptr_array_index (results, 1)), "lost");
  ck_assert_int_eq (kpi_check_result_get_status (g_ptr_array_index (results, 2)), KPI_CHECK_STATUS_PASS);
  kept = kpi_check_suite_dup_results (suite);
  ck_assert_uint_eq (kept->len, 3);
  ck_assert_ptr_eq (g_ptr_array_index (kept, 0), g_ptr_array_index (results, 0));
  fixture_clear (&f);
}
END_TEST

static void
on_run_done (GObject      *source,
             GAsyncResult *res,
             gpointer      data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (res);
  (void) source;
}

START_TEST (test_suite_run_async)
{
  Fixture f = { 0 };
  g_autoptr(KpiCheckSuite) suite = kpi_check_suite_new ();
  g_autoptr(KpiCheck) a = limit_check ("big", 1000);
  g_autoptr(KpiCheck) b = limit_check ("b", 1000);
  g_autoptr(KpiCheck) c = limit_check ("c", 1000);
  g_autoptr(GAsyncResult) res = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  guint calls = 0;

  fixture_init (&f, "2025-05-01T00:00:00Z");
  kpi_check_suite_add (suite, a, NULL);
  kpi_check_suite_add (suite, b, NULL);
  kpi_check_suite_add (suite, c, NULL);
  g_signal_connect (suite, "progress", G_CALLBACK (count_progress), &calls);
  kpi_check_suite_run_async (suite, f.context, NULL, on_run_done, &res);
  while (res == NULL)
    g_main_context_iteration (NULL, TRUE);
  results = kpi_check_suite_run_finish (suite, res, &error);
  ck_assert_ptr_null (error);
  ck_assert_uint_eq (results->len, 3);
  /* progress came in this thread, before the callback's turn ended */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  ck_assert_uint_eq (calls, 3);
  g_clear_object (&res);

  g_cancellable_cancel (cancellable);
  kpi_check_suite_run_async (suite, f.context, cancellable, on_run_done, &res);
  while (res == NULL)
    g_main_context_iteration (NULL, TRUE);
  ck_assert_ptr_null (kpi_check_suite_run_finish (suite, res, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  fixture_clear (&f);
}
END_TEST

static KpiValue *
value_for (GPtrArray  *values,
           const char *label,
           const char *group)
{
  for (guint i = 0; i < values->len; i++)
    {
      KpiValue *v = g_ptr_array_index (values, i);

      if (strcmp (kpi_period_get_label (kpi_value_get_period (v)), label) == 0
          && g_strcmp0 (kpi_value_get_group (v), group) == 0)
        return v;
    }
  ck_abort_msg ("no value for %s %s", label, group ? group : "");
  return NULL;
}

START_TEST (test_findings_follow_numbers)
{
  Fixture f = { 0 };
  g_autoptr(KpiCheckSuite) suite = kpi_check_suite_new ();
  g_autoptr(KpiCheck) big = limit_check ("big", 1000);
  g_autoptr(KpiIndicator) revenue = NULL, cost = NULL, sales = NULL, nps = NULL, growth = NULL, ratio = NULL;
  g_autoptr(KpiPeriod) march = NULL, april = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GError) error = NULL;
  KpiValue *v;

  fixture_init (&f, "2025-06-01T00:00:00Z");
  revenue = indicator (&f, "revenue", "sum(amount)", "orders");
  cost = indicator (&f, "cost", "sum(cost)", "orders");
  sales = indicator (&f, "sales", "count()", "orders");
  nps = indicator (&f, "nps", "avg(score)", "nps");
  growth = indicator (&f, "growth", "@revenue / prev(@revenue) - 1", NULL);
  ratio = indicator (&f, "per_answer", "@revenue / @nps", NULL);
  march = kpi_test_parse_period (f.calendar, "2025-03");
  april = kpi_test_parse_period (f.calendar, "2025-04");
  kpi_check_suite_add (suite, big, NULL);

  /* the 12 March order fails the check: March revenue is tainted, April's
   * is not */
  values = kpi_check_suite_evaluate_series (suite, revenue, f.context, march, april, &error);
  ck_assert_ptr_null (error);
  v = value_for (values, "2025-03", NULL);
  ck_assert_int_eq (kpi_value_get_quality (v), KPI_QUALITY_FAILED);
  kpi_test_assert_close (kpi_value_get_confidence (v), 0.5, 1e-12);
  ck_assert_uint_eq (kpi_value_get_findings (v)->len, 1);
  ck_assert_str_eq (kpi_check_result_get_check_id (g_ptr_array_index (kpi_value_get_findings (v), 0)), "big");
  kpi_test_assert_close (kpi_value_get_value (v), 5300, 0);   /* the number is kept */
  v = value_for (values, "2025-04", NULL);
  ck_assert_int_eq (kpi_value_get_quality (v), KPI_QUALITY_GOOD);
  kpi_test_assert_close (kpi_value_get_confidence (v), 1, 0);
  ck_assert_ptr_null (kpi_value_get_findings (v));
  g_clear_pointer (&values, g_ptr_array_unref);

  /* a finding about `amount` leaves sum(cost) alone; a count reads whole
   * rows; the survey answers are another dataset */
  values = kpi_check_suite_evaluate_series (suite, cost, f.context, march, march, &error);
  ck_assert_int_eq (kpi_value_get_quality (value_for (values, "2025-03", NULL)), KPI_QUALITY_GOOD);
  g_clear_pointer (&values, g_ptr_array_unref);
  values = kpi_check_suite_evaluate_series (suite, sales, f.context, march, march, &error);
  ck_assert_int_eq (kpi_value_get_quality (value_for (values, "2025-03", NULL)), KPI_QUALITY_FAILED);
  g_clear_pointer (&values, g_ptr_array_unref);
  values = kpi_check_suite_evaluate_series (suite, nps, f.context, march, march, &error);
  ck_assert_int_eq (kpi_value_get_quality (value_for (values, "2025-03", NULL)), KPI_QUALITY_GOOD);
  g_clear_pointer (&values, g_ptr_array_unref);

  /* through references and prev(): April's growth reads March revenue */
  values = kpi_check_suite_evaluate_series (suite, growth, f.context, april, april, &error);
  ck_assert_ptr_null (error);
  ck_assert_int_eq (kpi_value_get_quality (value_for (values, "2025-04", NULL)), KPI_QUALITY_FAILED);
  g_clear_pointer (&values, g_ptr_array_unref);
  values = kpi_check_suite_evaluate_series (suite, ratio, f.context, march, april, &error);
  ck_assert_ptr_null (error);
  ck_assert_int_eq (kpi_value_get_quality (value_for (values, "2025-03", NULL)), KPI_QUALITY_FAILED);
  ck_assert_int_eq (kpi_value_get_quality (value_for (values, "2025-04", NULL)), KPI_QUALITY_GOOD);
  g_clear_pointer (&values, g_ptr_array_unref);
  fixture_clear (&f);
}
END_TEST

/* A check whose finding is about one group: the online channel in
 * March, a warning. */
static KpiCheckResult *
online_run (KpiCheck      *check G_GNUC_UNUSED,
            KpiContext    *context,
            GCancellable  *cancellable G_GNUC_UNUSED,
            GError       **error G_GNUC_UNUSED)
{
  KpiCheckResult *r = kpi_check_result_new (KPI_CHECK_STATUS_WARN, "online looks odd in March");
  g_autoptr(KpiPeriod) march = kpi_calendar_parse_period (kpi_context_get_calendar (context), "2025-03", NULL);

  kpi_check_result_add_affected (r, march, "channel", "online");
  return r;
}

START_TEST (test_findings_by_group)
{
  Fixture f = { 0 };
  g_autoptr(KpiCheckSuite) suite = kpi_check_suite_new ();
  g_autoptr(KpiCheck) check = limit_check ("online_odd", 1000);
  g_autoptr(KpiCheck) big = limit_check ("big", 1000);
  g_autoptr(KpiIndicator) revenue = NULL;
  g_autoptr(KpiPeriod) march = NULL;
  g_autoptr(GPtrArray) values = NULL, annotated = NULL, results = NULL;
  g_autoptr(GError) error = NULL;
  KpiCheckClass *klass;
  KpiValue *v;

  fixture_init (&f, "2025-06-01T00:00:00Z");
  revenue = indicator (&f, "revenue", "sum(amount)", "orders");
  march = kpi_test_parse_period (f.calendar, "2025-03");
  /* swap the run of this one instance's class for the group finding: a
   * class of its own would do the same, with more code */
  klass = g_type_class_ref (KPI_TYPE_TEST_LIMIT_CHECK);
  kpi_check_suite_add (suite, check, NULL);
  {
    KpiCheckResult * (*saved) (KpiCheck *, KpiContext *, GCancellable *, GError **) = klass->run;
    klass->run = online_run;
    results = kpi_check_suite_run (suite, f.context, NULL, &error);
    klass->run = saved;
  }
  g_type_class_unref (klass);
  ck_assert_ptr_null (error);
  kpi_check_result_set_dataset_name (g_ptr_array_index (results, 0), "orders");

  values = kpi_indicator_evaluate_breakdown (revenue, f.context, march, "channel", 0, NULL, &error);
  ck_assert_ptr_null (error);
  annotated = kpi_check_suite_annotate (suite, revenue, f.context, (KpiValue * const *) values->pdata,
                                        values->len, "channel", &error);
  ck_assert_ptr_null (error);
  v = value_for (annotated, "2025-03", "online");
  ck_assert_int_eq (kpi_value_get_quality (v), KPI_QUALITY_WARNING);
  kpi_test_assert_close (kpi_value_get_confidence (v), 0.8, 1e-12);
  v = value_for (annotated, "2025-03", "store");
  ck_assert_int_eq (kpi_value_get_quality (v), KPI_QUALITY_GOOD);
  g_clear_pointer (&annotated, g_ptr_array_unref);

  /* run again with the real run for both checks: each finds the 12 March
   * order, in every group: two failures, 0.5 × 0.5 */
  g_clear_pointer (&results, g_ptr_array_unref);
  kpi_check_suite_add (suite, big, NULL);
  results = kpi_check_suite_run (suite, f.context, NULL, &error);
  ck_assert_ptr_null (error);
  annotated = kpi_check_suite_annotate (suite, revenue, f.context, (KpiValue * const *) values->pdata,
                                        values->len, "channel", &error);
  v = value_for (annotated, "2025-03", "online");
  ck_assert_int_eq (kpi_value_get_quality (v), KPI_QUALITY_FAILED);
  kpi_test_assert_close (kpi_value_get_confidence (v), 0.25, 1e-12);
  v = value_for (annotated, "2025-03", "store");
  kpi_test_assert_close (kpi_value_get_confidence (v), 0.25, 1e-12);
  fixture_clear (&f);
}
END_TEST

START_TEST (test_closure)
{
  static const struct { const char *now; KpiClosure march; KpiClosure april; double confidence_march; } cases[] = {
    /* 10 days of lag; the data ends with 15 April */
    { "2025-03-20T00:00:00Z", KPI_CLOSURE_OPEN, KPI_CLOSURE_OPEN, 1.0 },
    { "2025-04-05T00:00:00Z", KPI_CLOSURE_PROVISIONAL, KPI_CLOSURE_OPEN, 0.9 },
    { "2025-04-11T00:00:00Z", KPI_CLOSURE_FINAL, KPI_CLOSURE_OPEN, 1.0 },
    { "2025-05-05T00:00:00Z", KPI_CLOSURE_FINAL, KPI_CLOSURE_PROVISIONAL, 1.0 },
    /* April is over by more than the lag, and the data stops on the 15th */
    { "2025-05-11T00:00:00Z", KPI_CLOSURE_FINAL, KPI_CLOSURE_OVERDUE, 1.0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Fixture f = { 0 };
      g_autoptr(KpiIndicator) revenue = NULL;
      g_autoptr(KpiCheckSuite) suite = kpi_check_suite_new ();
      g_autoptr(KpiPeriod) march = NULL, april = NULL;
      g_autoptr(GPtrArray) values = NULL;
      g_autoptr(GError) error = NULL;

      fixture_init (&f, cases[i].now);
      revenue = indicator (&f, "revenue", "sum(cost)", "orders");
      march = kpi_test_parse_period (f.calendar, "2025-03");
      april = kpi_test_parse_period (f.calendar, "2025-04");
      /* without a lag, nobody knows */
      values = kpi_indicator_evaluate_series (revenue, f.context, march, april, &error);
      ck_assert_int_eq (kpi_value_get_closure (g_ptr_array_index (values, 0)), KPI_CLOSURE_UNKNOWN);
      g_clear_pointer (&values, g_ptr_array_unref);

      kpi_dataset_set_expected_lag (f.orders, 10 * G_TIME_SPAN_DAY);
      values = kpi_check_suite_evaluate_series (suite, revenue, f.context, march, april, &error);
      ck_assert_ptr_null (error);
      ck_assert_msg (kpi_value_get_closure (g_ptr_array_index (values, 0)) == cases[i].march,
                     "%s: March is %d", cases[i].now, kpi_value_get_closure (g_ptr_array_index (values, 0)));
      ck_assert_msg (kpi_value_get_closure (g_ptr_array_index (values, 1)) == cases[i].april,
                     "%s: April is %d", cases[i].now, kpi_value_get_closure (g_ptr_array_index (values, 1)));
      kpi_test_assert_close (kpi_value_get_confidence (g_ptr_array_index (values, 0)), cases[i].confidence_march, 1e-12);
      if (cases[i].april == KPI_CLOSURE_OVERDUE)
        kpi_test_assert_close (kpi_value_get_confidence (g_ptr_array_index (values, 1)), 0.5, 1e-12);
      /* data-as-of says the data is complete to the end of April */
      g_clear_pointer (&values, g_ptr_array_unref);
      kpi_dataset_set_data_as_of (f.orders, kpi_test_utc (2025, 5, 1, 0, 0));
      values = kpi_indicator_evaluate_series (revenue, f.context, april, april, &error);
      ck_assert_int_ne (kpi_value_get_closure (g_ptr_array_index (values, 0)), KPI_CLOSURE_OVERDUE);
      fixture_clear (&f);
    }
}
END_TEST

START_TEST (test_indicator_reads)
{
  Fixture f = { 0 };
  g_autoptr(KpiIndicator) revenue = NULL, growth = NULL, yoy = NULL, fresh = NULL, mixed = NULL, a = NULL, b = NULL;
  g_autoptr(KpiPeriod) april = NULL;
  g_autoptr(GPtrArray) periods = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) datasets = NULL, fields = NULL;
  guint back;
  gboolean last_year, history;

  fixture_init (&f, "2025-06-01T00:00:00Z");
  revenue = indicator (&f, "revenue", "sum(amount where channel = \"online\")", "orders");
  growth = indicator (&f, "growth", "@revenue / prev(@revenue, 2)", NULL);
  yoy = indicator (&f, "yoy", "sum(cost) / last_year(sum(cost))", "orders");
  fresh = indicator (&f, "fresh", "new(order_id)", "orders");
  mixed = indicator (&f, "mixed", "@revenue / avg(score)", "nps");
  april = kpi_test_parse_period (f.calendar, "2025-04");

  {
    g_autoptr(KpiFormula) formula = kpi_formula_parse ("prev(sum(x) + prev(sum(y), 2)) + retained(c)", NULL);
    kpi_formula_get_reach (formula, &back, &last_year, &history);
    ck_assert_uint_eq (back, 3);
    ck_assert (!last_year && !history);
  }

  datasets = kpi_indicator_list_datasets (mixed, f.context, &error);
  ck_assert_ptr_null (error);
  ck_assert_uint_eq (g_strv_length (datasets), 2);
  ck_assert_str_eq (datasets[0], "nps");
  ck_assert_str_eq (datasets[1], "orders");
  fields = kpi_indicator_list_fields (mixed, f.context, "orders", &error);
  ck_assert_uint_eq (g_strv_length (fields), 2);
  ck_assert_str_eq (fields[0], "amount");
  ck_assert_str_eq (fields[1], "channel");

  periods = kpi_indicator_list_periods_read (growth, f.context, "orders", april, &error);
  ck_assert_uint_eq (periods->len, 3);   /* April, March, February */
  ck_assert_str_eq (kpi_period_get_label (g_ptr_array_index (periods, 2)), "2025-02");
  g_clear_pointer (&periods, g_ptr_array_unref);
  periods = kpi_indicator_list_periods_read (yoy, f.context, "orders", april, &error);
  ck_assert_uint_eq (periods->len, 2);
  ck_assert_str_eq (kpi_period_get_label (g_ptr_array_index (periods, 1)), "2024-04");
  g_clear_pointer (&periods, g_ptr_array_unref);
  periods = kpi_indicator_list_periods_read (fresh, f.context, "orders", april, &error);
  ck_assert_uint_eq (periods->len, 2);
  ck_assert_int_eq (kpi_period_get_end (g_ptr_array_index (periods, 1)), kpi_period_get_start (april));
  g_clear_pointer (&periods, g_ptr_array_unref);
  periods = kpi_indicator_list_periods_read (revenue, f.context, "nps", april, &error);
  ck_assert_uint_eq (periods->len, 0);
  g_clear_pointer (&periods, g_ptr_array_unref);

  /* references the context does not have, and cycles, are errors */
  a = indicator (&f, "a", "@b + 1", NULL);
  b = indicator (&f, "b", "@a + 1", NULL);
  ck_assert_ptr_null (kpi_indicator_list_datasets (a, f.context, &error));
  ck_assert (g_error_matches (error, KPI_CONTEXT_ERROR, KPI_CONTEXT_ERROR_CYCLE));
  g_clear_error (&error);
  {
    g_autoptr(KpiIndicator) lost = indicator (&f, "lost", "@nothing * 2", NULL);
    ck_assert_ptr_null (kpi_indicator_list_datasets (lost, f.context, &error));
    ck_assert (g_error_matches (error, KPI_CONTEXT_ERROR, KPI_CONTEXT_ERROR_UNKNOWN_INDICATOR));
  }
  fixture_clear (&f);
}
END_TEST

/* ------------------------------------------------------------------------
 * The crm catalogue's checks over the generated sample, read on the day
 * after the export. */

static const char * const sample_files[][2] = {
  { "orders", "orders.csv" },
  { "marketing", "marketing.csv" },
  { "nps", "nps.csv" },
  { "project_tasks", "project_tasks.csv" },
  { "orders_as_of", "orders_as_of_2025-07-05.csv" },
};

static GPtrArray *
run_sample_checks (const char     *variable,
                   KpiContext    **context_out,
                   KpiCheckSuite **suite_out)
{
  const char *dir = g_getenv (variable);
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2026-01-01T00:00:00Z", 1);
  g_autoptr(KpiContext) context = kpi_context_new (calendar);
  g_autoptr(KpiCatalog) catalog = kpi_catalog_new ();
  g_autoptr(KpiCheckSuite) suite = kpi_check_suite_new ();
  g_autoptr(GError) error = NULL;
  GPtrArray *results;

  ck_assert_msg (dir != NULL, "%s is not set", variable);
  ck_assert (kpi_catalog_load_builtin (catalog, "crm", NULL));
  kpi_context_add_catalog (context, catalog);
  for (gsize i = 0; i < G_N_ELEMENTS (sample_files); i++)
    {
      g_autoptr(KpiDataset) dataset = kpi_dataset_new (NULL);
      g_autofree char *path = g_build_filename (dir, sample_files[i][1], NULL);

      ck_assert_msg (kpi_dataset_load_path (dataset, path, NULL, &error), "%s", error ? error->message : "");
      kpi_context_add_dataset (context, sample_files[i][0], dataset);
    }
  ck_assert (kpi_check_suite_load_builtin (suite, "crm", calendar, &error));
  results = kpi_check_suite_run (suite, context, NULL, &error);
  ck_assert_ptr_null (error);
  if (context_out != NULL)
    *context_out = g_steal_pointer (&context);
  if (suite_out != NULL)
    *suite_out = g_steal_pointer (&suite);
  return results;
}

static KpiCheckResult *
result_of (GPtrArray  *results,
           const char *id)
{
  for (guint i = 0; i < results->len; i++)
    if (g_strcmp0 (kpi_check_result_get_check_id (g_ptr_array_index (results, i)), id) == 0)
      return g_ptr_array_index (results, i);
  ck_abort_msg ("no result of %s", id);
  return NULL;
}

static JsonObject *
sample_anomaly (JsonParser *parser,
                const char *id)
{
  g_autofree char *path = g_build_filename (g_getenv ("KPI_TEST_DATA"), "anomalies.json", NULL);
  JsonArray *list;

  ck_assert (json_parser_load_from_file (parser, path, NULL));
  list = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "anomalies");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *a = json_array_get_object_element (list, i);
      if (g_strcmp0 (json_object_get_string_member (a, "id"), id) == 0)
        return a;
    }
  ck_abort_msg ("no anomaly %s", id);
  return NULL;
}

START_TEST (test_sample_seeded)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(KpiContext) context = NULL;
  g_autoptr(KpiCheckSuite) suite = NULL;
  g_autoptr(JsonParser) p1 = json_parser_new (), p2 = json_parser_new (), p3 = json_parser_new ();
  g_autoptr(JsonParser) p4 = json_parser_new (), p5 = json_parser_new (), p6 = json_parser_new ();
  g_autoptr(JsonParser) p7 = json_parser_new ();
  JsonObject *batch = NULL, *silent = NULL, *push = NULL, *spike = NULL, *month = NULL, *late = NULL, *bias = NULL;
  g_autofree char *expect = NULL;
  g_autoptr(KpiIndicator) revenue = NULL;
  g_autoptr(KpiPeriod) first = NULL, last = NULL;
  g_autoptr(GPtrArray) values = NULL;
  KpiCheckResult *r;

  results = run_sample_checks ("KPI_TEST_DATA", &context, &suite);
  batch = sample_anomaly (p1, "duplicated_batch");
  silent = sample_anomaly (p2, "rep_stops_reporting");
  push = sample_anomaly (p3, "end_of_quarter_concentration");
  spike = sample_anomaly (p4, "outlier_spike");
  month = sample_anomaly (p5, "rewritten_month");
  late = sample_anomaly (p6, "late_source");
  bias = sample_anomaly (p7, "underestimated_remaining_work");

  r = result_of (results, "order_ids_unique");
  ck_assert_int_eq (kpi_check_result_get_status (r), KPI_CHECK_STATUS_FAIL);
  expect = g_strdup_printf ("%" G_GINT64_FORMAT " duplicated rows on %s",
                            json_object_get_int_member (batch, "rows"), json_object_get_string_member (batch, "date"));
  kpi_test_assert_contains (kpi_check_result_get_message (r), expect);
  g_free (g_steal_pointer (&expect));

  r = result_of (results, "reps_reporting");
  ck_assert_int_eq (kpi_check_result_get_status (r), KPI_CHECK_STATUS_FAIL);
  expect = g_strdup_printf ("%s: no order since %s", json_object_get_string_member (silent, "rep"),
                            json_object_get_string_member (silent, "from"));
  ck_assert (g_str_has_prefix (kpi_check_result_get_message (r), expect));
  g_free (g_steal_pointer (&expect));

  r = result_of (results, "reps_quarter_end");
  ck_assert_int_eq (kpi_check_result_get_status (r), KPI_CHECK_STATUS_FAIL);
  expect = g_strdup_printf ("%s: ", json_object_get_string_member (push, "rep"));
  ck_assert (g_str_has_prefix (kpi_check_result_get_message (r), expect));
  kpi_test_assert_contains (kpi_check_result_get_message (r), json_object_get_string_member (push, "quarter"));
  g_free (g_steal_pointer (&expect));

  r = result_of (results, "daily_revenue_outliers");
  ck_assert_int_eq (kpi_check_result_get_status (r), KPI_CHECK_STATUS_FAIL);
  expect = g_strdup_printf ("%s %s: ", json_object_get_string_member (spike, "date"),
                            json_object_get_string_member (spike, "channel"));
  ck_assert (g_str_has_prefix (kpi_check_result_get_message (r), expect));
  g_free (g_steal_pointer (&expect));

  r = result_of (results, "orders_restated");
  ck_assert_int_eq (kpi_check_result_get_status (r), KPI_CHECK_STATUS_FAIL);
  expect = g_strdup_printf ("%s: %" G_GINT64_FORMAT " rows changed", json_object_get_string_member (month, "month"),
                            json_object_get_int_member (month, "rows_changed"));
  kpi_test_assert_contains (kpi_check_result_get_message (r), expect);
  g_free (g_steal_pointer (&expect));

  r = result_of (results, "marketing_fresh");
  ck_assert_int_eq (kpi_check_result_get_status (r), KPI_CHECK_STATUS_WARN);
  kpi_test_assert_contains (kpi_check_result_get_message (r), json_object_get_string_member (late, "last_date"));

  r = result_of (results, "project_estimates");
  ck_assert_int_eq (kpi_check_result_get_status (r), KPI_CHECK_STATUS_FAIL);
  ck_assert (g_str_has_prefix (kpi_check_result_get_message (r), json_object_get_string_member (bias, "team")));

  ck_assert_int_eq (kpi_check_result_get_status (result_of (results, "orders_fresh")), KPI_CHECK_STATUS_PASS);
  ck_assert_int_eq (kpi_check_result_get_status (result_of (results, "nps_scores_valid")), KPI_CHECK_STATUS_PASS);

  /* March revenue is tainted by the batch, April's is not */
  revenue = kpi_context_lookup_indicator (context, "revenue");
  first = kpi_test_parse_period (kpi_context_get_calendar (context), "2025-03");
  last = kpi_test_parse_period (kpi_context_get_calendar (context), "2025-04");
  values = kpi_check_suite_evaluate_series (suite, revenue, context, first, last, NULL);
  ck_assert_int_eq (kpi_value_get_quality (g_ptr_array_index (values, 0)), KPI_QUALITY_FAILED);
  ck_assert_int_eq (kpi_value_get_quality (g_ptr_array_index (values, 1)), KPI_QUALITY_GOOD);
}
END_TEST

START_TEST (test_sample_clean)
{
  g_autoptr(GPtrArray) results = run_sample_checks ("KPI_TEST_DATA_CLEAN", NULL, NULL);

  ck_assert_uint_eq (results->len, 14);
  for (guint i = 0; i < results->len; i++)
    {
      KpiCheckResult *r = g_ptr_array_index (results, i);

      ck_assert_msg (kpi_check_result_get_status (r) == KPI_CHECK_STATUS_PASS, "%s: %s",
                     kpi_check_result_get_check_id (r), kpi_check_result_get_message (r));
    }
}
END_TEST

/* ------------------------------------------------------------------------
 * Robustness: no checks file and no dataset crashes a check. */

/* Every kind of check, with only what a checks file would give it, over
 * datasets at the edges: no row, one row, every value missing, a time
 * column only. Each runs to a result (whatever the status) or fails with
 * a GError; messages are valid UTF-8. */
START_TEST (test_every_kind_at_the_edges)
{
  static const char * const edge_csv[] = {
    "date,order_id,channel,rep,amount\n",
    "date,order_id,channel,rep,amount\n2025-03-12,1,online,R01,10\n",
    "date,order_id,channel,rep,amount\n2025-03-12,,,,\n2025-03-13,,,,\n2025-04-01,,,,\n",
    "date\n2025-03-12\n2025-04-12\n",
  };
  g_auto(GStrv) types = kpi_check_suite_list_types ();
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-06-01T00:00:00Z", 1);

  ck_assert_uint_eq (g_strv_length (types), 13);
  for (gsize e = 0; e < G_N_ELEMENTS (edge_csv); e++)
    {
      g_autoptr(KpiContext) context = kpi_context_new (calendar);
      g_autoptr(KpiDataset) dataset = kpi_dataset_new (NULL);
      g_autoptr(GError) load_error = NULL;

      /* the loader types an all-empty column as it can; what it makes of
       * it is not this test's business */
      if (!kpi_test_load_text (dataset, edge_csv[e], strlen (edge_csv[e]), NULL, &load_error))
        ck_abort_msg ("edge %zu: %s", e, load_error->message);
      kpi_context_add_dataset (context, "orders", dataset);
      kpi_context_add_dataset (context, "orders_as_of", dataset);
      for (guint t = 0; types[t] != NULL; t++)
        for (guint variant = 0; variant < 3; variant++)
          {
            g_autoptr(GError) error = NULL;
            g_autoptr(KpiCheck) check = kpi_check_suite_new_check (types[t], &error);
            g_autoptr(KpiCheckResult) result = NULL;
            const char *amount[] = { "amount", NULL };

            ck_assert_ptr_nonnull (check);
            kpi_check_set_id (check, types[t]);
            kpi_check_set_dataset_name (check, "orders");
            /* as a file would set them: nothing, a measure, a measure and
             * a dimension to group by */
            if (variant >= 1)
              kpi_check_set_fields (check, amount);
            if (variant == 2)
              kpi_check_set_group_by (check, "rep");
            if (g_object_class_find_property (G_OBJECT_GET_CLASS (check), "formula") != NULL)
              g_object_set (check, "formula", "sum(amount)", NULL);
            if (g_object_class_find_property (G_OBJECT_GET_CLASS (check), "reference-dataset-name") != NULL)
              g_object_set (check, "reference-dataset-name", "orders_as_of", NULL);
            if (g_object_class_find_property (G_OBJECT_GET_CLASS (check), "other-dataset-name") != NULL)
              g_object_set (check, "other-dataset-name", "orders", NULL);
            result = kpi_check_run (check, context, NULL, &error);
            if (result == NULL)
              {
                ck_assert_msg (error != NULL, "%s, edge %zu: no result and no error", types[t], e);
                ck_assert (g_utf8_validate (error->message, -1, NULL));
                continue;
              }
            ck_assert_ptr_null (error);
            ck_assert_int_le (kpi_check_result_get_status (result), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
            ck_assert_msg (kpi_check_result_get_message (result) != NULL, "%s, edge %zu: no message", types[t], e);
            ck_assert (g_utf8_validate (kpi_check_result_get_message (result), -1, NULL));
            /* no number printed as nan or inf */
            ck_assert_msg (!g_regex_match_simple ("\\b-?(nan|inf)\\b", kpi_check_result_get_message (result),
                                                  G_REGEX_CASELESS, 0),
                           "%s, edge %zu: %s", types[t], e, kpi_check_result_get_message (result));
          }
    }
}
END_TEST

/* The crm catalogue's checks, each byte changed in turn: every text loads
 * whole or fails with a parse error, never anything else. */
START_TEST (test_checks_file_mutations)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data ("/org/libkpi/catalog/crm.json", 0, NULL);
  gsize length;
  const char *data;
  g_autofree char *copy = NULL;
  const char replacements[] = { '"', '}', ',', 'x', '\0', '\xff' };
  guint loaded = 0, refused = 0;
  gsize step;

  ck_assert_ptr_nonnull (bytes);
  data = g_bytes_get_data (bytes, &length);
  copy = g_memdup2 (data, length);
  /* the checks are the end of the file: change its bytes there (a sample
   * of them: the sanitizer and valgrind builds run this in seconds too) */
  step = kpi_test_under_valgrind () ? 211 : 29;
  for (gsize i = length > 9000 ? length - 9000 : 0; i < length; i += step)
    for (gsize r = 0; r < G_N_ELEMENTS (replacements); r++)
      {
        g_autoptr(KpiCheckSuite) suite = kpi_check_suite_new ();
        g_autoptr(GError) error = NULL;
        char saved = copy[i];

        copy[i] = replacements[r];
        if (kpi_check_suite_load_data (suite, copy, length, NULL, &error))
          loaded++;
        else
          {
            ck_assert_msg (g_error_matches (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_PARSE),
                           "byte %zu: %s", i, error->message);
            ck_assert (g_utf8_validate (error->message, -1, NULL));
            ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (suite)), 0);
            refused++;
          }
        copy[i] = saved;
      }
  ck_assert_uint_gt (loaded, 0);
  ck_assert_uint_gt (refused, 0);
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "result-basics", test_result_basics },
    { "grade", test_grade },
    { "run-fills-in", test_run_fills_in },
    { "list-periods", test_list_periods },
    { "checks-file", test_checks_file },
    { "suite-run", test_suite_run },
    { "suite-run-async", test_suite_run_async },
    { "findings-follow-numbers", test_findings_follow_numbers },
    { "findings-by-group", test_findings_by_group },
    { "closure", test_closure },
    { "indicator-reads", test_indicator_reads },
    { "sample-seeded", test_sample_seeded },
    { "sample-clean", test_sample_clean },
    { "every-kind-at-the-edges", test_every_kind_at_the_edges },
    { "checks-file-mutations", test_checks_file_mutations },
    { "checks-file-deep-and-trailing", test_checks_file_deep_and_trailing },
  };

  /* the sample cases run the 14 crm checks over 20 000 orders: seconds in
   * the sanitizer build, more than Check's default of 4 */
  return kpi_test_run ("check", cases, G_N_ELEMENTS (cases), 120);
}
