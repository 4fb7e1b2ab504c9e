/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of the checks that read rows: KpiCompletenessCheck,
 * KpiValidityCheck, KpiUniquenessCheck and KpiVolumeCheck. Hand-worked
 * cases (the numbers in the comments), the edges, a differential test of
 * the duplicate finder against a plain hash set, the seeded anomalies of
 * the generated sample (named as anomalies.json names them) and its clean
 * twin, which must raise nothing. */

#include <math.h>
#include <check.h>
#include <json-glib/json-glib.h>
#include "kpi-test.h"
#include <libkpi/kpi.h>

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

/* A context whose calendar (UTC) says it is 2026-06-01: every period of
 * the test data is over. */
static KpiContext *
context_with (KpiDataset *dataset)
{
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2026-06-01T00:00:00Z", 1);
  KpiContext *context = kpi_context_new (calendar);

  if (dataset != NULL)
    kpi_context_add_dataset (context, "orders", dataset);
  return context;
}

/* Runs @check over @dataset (as "orders"); must succeed. */
static KpiCheckResult *
run_ok (KpiCheck   *check,
        KpiDataset *dataset)
{
  g_autoptr(KpiContext) context = context_with (dataset);
  GError *error = NULL;
  KpiCheckResult *result = kpi_check_run (check, context, NULL, &error);

  ck_assert_msg (error == NULL, "%s", error ? error->message : "");
  ck_assert_ptr_nonnull (result);
  ck_assert (g_utf8_validate (kpi_check_result_get_message (result), -1, NULL));
  ck_assert_msg (strstr (kpi_check_result_get_message (result), "nan") == NULL
                 && strstr (kpi_check_result_get_message (result), "inf") == NULL,
                 "%s", kpi_check_result_get_message (result));
  return result;
}

/* Runs @check over @dataset: must fail with @code of KPI_CHECK_ERROR and
 * a message that contains @needle. */
static void
run_error (KpiCheck   *check,
           KpiDataset *dataset,
           int         code,
           const char *needle)
{
  g_autoptr(KpiContext) context = context_with (dataset);
  GError *error = NULL;
  KpiCheckResult *result = kpi_check_run (check, context, NULL, &error);

  ck_assert_ptr_null (result);
  ck_assert_ptr_nonnull (error);
  ck_assert_msg (g_error_matches (error, KPI_CHECK_ERROR, code), "%s %d: %s",
                 g_quark_to_string (error->domain), error->code, error->message);
  ck_assert (g_utf8_validate (error->message, -1, NULL));
  kpi_test_assert_contains (error->message, needle);
  g_error_free (error);
}

/* The scope of @result as text: "2025-01-06,2025-02-03", a group as
 * "2025-W09 channel=store" */
static char *
affected_text (KpiCheckResult *result)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < kpi_check_result_get_n_affected (result); i++)
    {
      const char *dimension, *group;
      const KpiPeriod *p = kpi_check_result_get_affected (result, i, &dimension, &group);

      if (i > 0)
        g_string_append_c (text, ',');
      g_string_append (text, p != NULL ? kpi_period_get_label (p) : "*");
      if (dimension != NULL)
        g_string_append_printf (text, " %s=%s", dimension, group);
    }
  return g_string_free (text, FALSE);
}

#define assert_affected(result, expected)                               \
  G_STMT_START {                                                        \
    g_autofree char *_text = affected_text (result);                    \
    ck_assert_str_eq (_text, expected);                                 \
  } G_STMT_END

/* The fields of @result as "a,b" */
static char *
fields_text (KpiCheckResult *result)
{
  return g_strjoinv (",", (char **) kpi_check_result_get_fields (result));
}

#define assert_fields(result, expected)                                 \
  G_STMT_START {                                                        \
    g_autofree char *_text = fields_text (result);                      \
    ck_assert_str_eq (_text, expected);                                 \
  } G_STMT_END

/* The sample rows of @result as "1,2,5" and their first keys as "2,3,6" */
static char *
samples_text (KpiCheckResult *result,
              gboolean        keys)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < kpi_check_result_get_n_samples (result); i++)
    {
      const char * const *k = kpi_check_result_get_sample_keys (result, i);

      if (i > 0)
        g_string_append_c (text, ',');
      if (keys)
        g_string_append (text, k[0] != NULL ? k[0] : "-");
      else
        g_string_append_printf (text, "%u", kpi_check_result_get_sample_row (result, i));
    }
  return g_string_free (text, FALSE);
}

#define assert_samples(result, rows, keys)                              \
  G_STMT_START {                                                        \
    g_autofree char *_rows = samples_text (result, FALSE);              \
    g_autofree char *_keys = samples_text (result, TRUE);               \
    ck_assert_str_eq (_rows, rows);                                     \
    if (keys != NULL)                                                   \
      ck_assert_str_eq (_keys, (const char *) keys);                    \
  } G_STMT_END

static void
assert_counts (KpiCheckResult *result,
               guint           element,
               guint           missing,
               guint           unexpected)
{
  ck_assert_uint_eq (kpi_check_result_get_element_count (result), element);
  ck_assert_uint_eq (kpi_check_result_get_missing_count (result), missing);
  ck_assert_uint_eq (kpi_check_result_get_unexpected_count (result), unexpected);
}

/* A period of the test calendar */
static KpiPeriod *
period (const char *label)
{
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2026-06-01T00:00:00Z", 1);

  return kpi_test_parse_period (calendar, label);
}

/* The generated sample: $KPI_TEST_DATA, or $KPI_TEST_DATA_CLEAN with
 * @clean (NULL when that is not set: the test is skipped). */
static char *
sample_dir (gboolean clean)
{
  const char *dir = g_getenv (clean ? "KPI_TEST_DATA_CLEAN" : "KPI_TEST_DATA");

  if (clean && (dir == NULL || *dir == '\0'))
    {
      g_printerr ("KPI_TEST_DATA_CLEAN is not set: the clean-data case is skipped\n");
      return NULL;
    }
  ck_assert_msg (dir != NULL, "KPI_TEST_DATA is not set");
  return g_strdup (dir);
}

static KpiDataset *
load_orders (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "orders.csv", NULL);
  KpiDataset *orders = kpi_dataset_new ("date");
  GError *error = NULL;

  ck_assert_msg (kpi_dataset_load_path (orders, path, NULL, &error), "%s",
                 error ? error->message : "");
  return orders;
}

/* The seeded anomaly @id of the sample in @dir (anomalies.json), to free
 * with json_object_unref */
static JsonObject *
anomaly (const char *dir,
         const char *id)
{
  g_autofree char *path = g_build_filename (dir, "anomalies.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  GError *error = NULL;
  JsonArray *anomalies;

  ck_assert_msg (json_parser_load_from_file (parser, path, &error), "%s",
                 error ? error->message : "");
  anomalies = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                            "anomalies");
  for (guint i = 0; i < json_array_get_length (anomalies); i++)
    {
      JsonObject *a = json_array_get_object_element (anomalies, i);

      if (g_strcmp0 (json_object_get_string_member (a, "id"), id) == 0)
        return json_object_ref (a);
    }
  ck_abort_msg ("no anomaly %s in %s", id, path);
  return NULL;
}

/* ------------------------------------------------------------------------
 * Completeness
 * ------------------------------------------------------------------------ */

/* Ten orders; channel is missing in row 1 (1 of 10), amount in rows 2
 * and 5 (2 of 10). */
static const char completeness_csv[] =
  "date,order_id,channel,amount\n"
  "2025-01-06,1,online,10\n"
  "2025-01-06,2,,20\n"
  "2025-01-07,3,store,\n"
  "2025-01-07,4,online,40\n"
  "2025-02-03,5,mobile,50\n"
  "2025-02-03,6,online,\n"
  "2025-02-04,7,store,70\n"
  "2025-03-03,8,online,80\n"
  "2025-03-03,9,mobile,90\n"
  "2025-03-04,10,store,100\n";

START_TEST (test_completeness_worked)
{
  g_autoptr(KpiDataset) orders = kpi_test_load (completeness_csv, NULL);
  g_autoptr(KpiCheck) check = kpi_completeness_check_new ("orders", NULL);
  const char *key[] = { "order_id", NULL };
  g_autoptr(KpiCheckResult) result = NULL;
  double min, max;

  /* the defaults: any missing value warns, above 1 % fails */
  ck_assert (kpi_check_get_warn_threshold (check) == 0.0);
  ck_assert (kpi_check_get_fail_threshold (check) == 0.01);
  kpi_check_set_key_fields (check, key);

  /* Every field: order_id 0/10, channel 1/10, amount 2/10: the worst is
   * 0.2 > 0.01, a failure; both channel and amount are above 0. */
  result = run_ok (check, orders);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_FAIL);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 0.2, 1e-15);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "amount: 2 of 10 values missing (20 %); channel: 1 of 10 values missing (10 %); "
                    "at most 1 % expected");
  kpi_check_result_get_expected (result, &min, &max);
  ck_assert (min == 0.0 && max == 0.01);
  /* 10 rows × 3 fields, 3 cells missing */
  assert_counts (result, 30, 3, 0);
  assert_fields (result, "channel,amount");
  /* the days of the missing values: channel 01-06, amount 01-07, 02-03 */
  assert_affected (result, "2025-01-06,2025-01-07,2025-02-03");
  assert_samples (result, "1,2,5", "2,3,6");
  ck_assert_str_eq (kpi_check_result_get_check_type (result), "completeness");
  g_clear_object (&result);

  /* Warn above 15 %, fail above 50 %: 0.2 warns, and only amount is
   * above 15 % (channel's 10 % is not part of the finding). */
  kpi_check_set_thresholds (check, 0.15, 0.5);
  result = run_ok (check, orders);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_WARN);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "amount: 2 of 10 values missing (20 %); at most 15 % expected");
  assert_fields (result, "amount");
  assert_affected (result, "2025-01-07,2025-02-03");
  assert_samples (result, "2,5", "3,6");
  g_clear_object (&result);

  /* Above both thresholds: a pass that names the worst field */
  kpi_check_set_thresholds (check, 0.25, 0.5);
  result = run_ok (check, orders);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_PASS);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "worst amount: 20 % of its values missing; at most 25 % expected");
  ck_assert (!kpi_check_result_affects (result, "orders", NULL, NULL, NULL, NULL));
  ck_assert_uint_eq (kpi_check_result_get_n_samples (result), 0);
}
END_TEST

START_TEST (test_completeness_fields)
{
  g_autoptr(KpiDataset) orders = kpi_test_load (completeness_csv, NULL);
  const char *fields[] = { "order_id", "channel", NULL };
  const char *mistyped[] = { "amout", NULL };
  g_autoptr(KpiCheck) check = kpi_completeness_check_new ("orders", fields);
  g_autoptr(KpiCheckResult) result = run_ok (check, orders);
  g_autoptr(KpiPeriod) march = period ("2025-03");
  const char *revenue_fields[] = { "amount", NULL };

  /* order_id 0/10, channel 1/10 */
  kpi_test_assert_close (kpi_check_result_get_observed (result), 0.1, 1e-15);
  assert_fields (result, "channel");
  assert_counts (result, 20, 1, 0);
  /* a finding about channel taints what reads channel, not the revenue */
  ck_assert (kpi_check_result_affects (result, "orders", fields, march, NULL, NULL) == FALSE);
  {
    g_autoptr(KpiPeriod) january = period ("2025-01");
    ck_assert (kpi_check_result_affects (result, "orders", fields, january, NULL, NULL));
    ck_assert (!kpi_check_result_affects (result, "orders", revenue_fields, january, NULL, NULL));
  }
  g_clear_object (&result);

  /* A near miss is named */
  kpi_check_set_fields (check, mistyped);
  run_error (check, orders, KPI_CHECK_ERROR_UNKNOWN_FIELD, "did you mean “amount”?");
}
END_TEST

START_TEST (test_completeness_per_period)
{
  g_autoptr(KpiDataset) orders = kpi_test_load (completeness_csv, NULL);
  g_autoptr(KpiCheck) check = kpi_completeness_check_new ("orders", NULL);
  g_autoptr(KpiCheckResult) result = NULL;
  g_autoptr(KpiPeriod) february = period ("2025-02");
  g_autoptr(KpiPeriod) may = period ("2025-05");

  /* Month by month: January 4 rows (channel 1, amount 1: 25 % each),
   * February 3 rows (amount 1: 33.3 %), March 3 rows (none). */
  kpi_completeness_check_set_per_period (KPI_COMPLETENESS_CHECK (check), TRUE);
  result = run_ok (check, orders);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_FAIL);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 1.0 / 3.0, 1e-15);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "amount in 2025-02: 1 of 3 values missing (33.3 %); "
                    "channel in 2025-01: 1 of 4 values missing (25 %); "
                    "amount in 2025-01: 1 of 4 values missing (25 %); at most 1 % expected");
  assert_affected (result, "2025-01,2025-02");
  assert_fields (result, "channel,amount");
  g_clear_object (&result);

  /* February only, the share over its rows */
  kpi_completeness_check_set_per_period (KPI_COMPLETENESS_CHECK (check), FALSE);
  kpi_check_set_period (check, february);
  result = run_ok (check, orders);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 1.0 / 3.0, 1e-15);
  assert_counts (result, 9, 1, 0);
  assert_affected (result, "2025-02-03");
  g_clear_object (&result);

  /* A period without rows: nothing to judge */
  kpi_check_set_period (check, may);
  result = run_ok (check, orders);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  ck_assert_str_eq (kpi_check_result_get_message (result), "no rows in 2025-05");
  g_clear_object (&result);
  kpi_completeness_check_set_per_period (KPI_COMPLETENESS_CHECK (check), TRUE);
  result = run_ok (check, orders);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
}
END_TEST

START_TEST (test_completeness_edges)
{
  g_autoptr(KpiDataset) only_dates = kpi_test_load ("date\n2025-01-01\n", NULL);
  g_autoptr(KpiDataset) empty = kpi_dataset_new ("date");
  g_autoptr(KpiDataset) all_missing = kpi_test_load ("date,amount,channel\n2025-01-01,,\n2025-01-02,,\n", NULL);
  g_autoptr(KpiDataset) clean = kpi_test_load ("date,amount\n2025-01-01,1\n", NULL);
  g_autoptr(KpiCheck) check = kpi_completeness_check_new ("orders", NULL);
  g_autoptr(KpiCheck) no_name = kpi_completeness_check_new ("ordres", NULL);
  g_autoptr(KpiCheckResult) result = NULL;

  result = run_ok (check, only_dates);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  kpi_test_assert_contains (kpi_check_result_get_message (result), "no field to check");
  g_clear_object (&result);

  ck_assert (kpi_dataset_add_column (empty, "amount", KPI_COLUMN_MEASURE, NULL));
  result = run_ok (check, empty);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  ck_assert_str_eq (kpi_check_result_get_message (result), "no rows to check");
  ck_assert (isnan (kpi_check_result_get_observed (result)));
  g_clear_object (&result);

  /* Every value missing: a share of 1, not a division by zero */
  result = run_ok (check, all_missing);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_FAIL);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 1.0, 0);
  g_clear_object (&result);

  /* One row, nothing missing */
  result = run_ok (check, clean);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_PASS);
  ck_assert_str_eq (kpi_check_result_get_message (result), "no value missing in 1 field over 1 row");
  g_clear_object (&result);

  /* An unknown dataset, with a near miss */
  run_error (no_name, clean, KPI_CHECK_ERROR_NO_DATASET, "did you mean “orders”?");
}
END_TEST

/* ------------------------------------------------------------------------
 * Validity
 * ------------------------------------------------------------------------ */

/* amount: 0, 1, 5, 10, 11 and one missing; channel: one missing, two
 * misspelt; rep: R7, R07b and x do not match R[0-9]{2} */
static const char validity_csv[] =
  "date,order_id,channel,rep,amount\n"
  "2025-01-06,1,online,R01,0\n"
  "2025-01-06,2,onlin,R7,1\n"
  "2025-01-07,3,store,R07b,5\n"
  "2025-01-07,4,,x,10\n"
  "2025-02-03,5,Online,R12,11\n"
  "2025-02-03,6,online,R03,\n";

START_TEST (test_validity_range)
{
  g_autoptr(KpiDataset) orders = kpi_test_load (validity_csv, NULL);
  g_autoptr(KpiCheck) check = kpi_validity_check_new ("orders", "amount");
  KpiValidityCheck *validity = KPI_VALIDITY_CHECK (check);
  const char *key[] = { "order_id", NULL };
  g_autoptr(KpiCheckResult) result = NULL;
  const char *amount[] = { "amount", NULL };
  const char *channel[] = { "channel", NULL };
  g_autoptr(KpiPeriod) january = period ("2025-01");
  g_autoptr(KpiPeriod) march = period ("2025-03");

  kpi_check_set_key_fields (check, key);
  kpi_validity_check_set_min (validity, 1);
  kpi_validity_check_set_max (validity, 10);

  /* [1, 10]: 0 and 11 are out, of the 5 amounts not missing: 0.4; mostly
   * is 1, so that fails */
  result = run_ok (check, orders);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_FAIL);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 0.4, 1e-15);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "amount: 2 of 5 values not within [1, 10] (40 %; none expected): "
                    "0 on 2025-01-06, 11 on 2025-02-03");
  assert_counts (result, 6, 1, 2);
  assert_fields (result, "amount");
  assert_affected (result, "2025-01-06,2025-02-03");
  assert_samples (result, "0,4", "1,5");
  ck_assert (kpi_check_result_affects (result, "orders", amount, january, NULL, NULL));
  ck_assert (!kpi_check_result_affects (result, "orders", channel, january, NULL, NULL));
  ck_assert (!kpi_check_result_affects (result, "orders", amount, march, NULL, NULL));
  g_clear_object (&result);

  /* mostly 0.6: 3 of 5 pass, enough; 0.7: not */
  kpi_check_set_mostly (check, 0.6);
  result = run_ok (check, orders);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_PASS);
  kpi_test_assert_contains (kpi_check_result_get_message (result), "(40 %; at most 40 % expected)");
  g_clear_object (&result);
  kpi_check_set_mostly (check, 0.7);
  result = run_ok (check, orders);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_FAIL);
  g_clear_object (&result);
  /* within mostly, a threshold on the share still warns */
  kpi_check_set_mostly (check, 0.5);
  kpi_check_set_thresholds (check, 0.1, NAN);
  result = run_ok (check, orders);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_WARN);
  g_clear_object (&result);
  kpi_check_set_thresholds (check, NAN, NAN);
  kpi_check_set_mostly (check, 1.0);

  /* (1, 10]: 1 is out too, 3 of 5 */
  kpi_validity_check_set_strict_min (validity, TRUE);
  result = run_ok (check, orders);
  ck_assert_uint_eq (kpi_check_result_get_unexpected_count (result), 3);
  kpi_test_assert_contains (kpi_check_result_get_message (result), "not within (1, 10]");
  g_clear_object (&result);

  /* (1, 10): 10 too; then only "below 10": 10 and 11 */
  kpi_validity_check_set_strict_max (validity, TRUE);
  result = run_ok (check, orders);
  ck_assert_uint_eq (kpi_check_result_get_unexpected_count (result), 4);
  g_clear_object (&result);
  kpi_validity_check_set_min (validity, NAN);
  result = run_ok (check, orders);
  ck_assert_uint_eq (kpi_check_result_get_unexpected_count (result), 2);
  kpi_test_assert_contains (kpi_check_result_get_message (result), "not below 10");
  g_clear_object (&result);

  /* at least 5: 0 and 1 */
  kpi_validity_check_set_min (validity, 5);
  kpi_validity_check_set_strict_min (validity, FALSE);
  kpi_validity_check_set_max (validity, INFINITY);
  ck_assert (isnan (kpi_validity_check_get_max (validity)));
  result = run_ok (check, orders);
  ck_assert_uint_eq (kpi_check_result_get_unexpected_count (result), 2);
  kpi_test_assert_contains (kpi_check_result_get_message (result), "not at least 5");
}
END_TEST

START_TEST (test_validity_dimension)
{
  g_autoptr(KpiDataset) orders = kpi_test_load (validity_csv, NULL);
  g_autoptr(KpiCheck) check = kpi_validity_check_new ("orders", "channel");
  g_autoptr(KpiCheck) reps = kpi_validity_check_new ("orders", "rep");
  const char *allowed[] = { "online", "store", NULL };
  g_autoptr(KpiCheckResult) result = NULL;

  /* channel in {online, store}: onlin and Online are not, of the 5 that
   * are not missing */
  kpi_validity_check_set_allowed (KPI_VALIDITY_CHECK (check), allowed);
  result = run_ok (check, orders);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_FAIL);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 0.4, 1e-15);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "channel: 2 of 5 values not in {“online”, “store”} (40 %; none expected): "
                    "“onlin” ×1, “Online” ×1");
  assert_counts (result, 6, 1, 2);
  assert_affected (result, "2025-01-06,2025-02-03");
  assert_samples (result, "1,4", "onlin,Online");
  g_clear_object (&result);

  /* and matching [a-z]+: the same two fail, no more */
  kpi_validity_check_set_pattern (KPI_VALIDITY_CHECK (check), "[a-z]+");
  result = run_ok (check, orders);
  ck_assert_uint_eq (kpi_check_result_get_unexpected_count (result), 2);
  kpi_test_assert_contains (kpi_check_result_get_message (result),
                            "not in {“online”, “store”} and matching “[a-z]+”");
  g_clear_object (&result);

  /* The whole value must match: R7, R07b and x do not, of 6 */
  kpi_validity_check_set_pattern (KPI_VALIDITY_CHECK (reps), "R[0-9]{2}");
  result = run_ok (reps, orders);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 0.5, 1e-15);
  assert_samples (result, "1,2,3", NULL);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "rep: 3 of 6 values not matching “R[0-9]{2}” (50 %; none expected): "
                    "“R7” ×1, “R07b” ×1, “x” ×1");
  g_clear_object (&result);

  /* An alternative is matched whole too: R07b matches R07b|R0 */
  kpi_validity_check_set_pattern (KPI_VALIDITY_CHECK (reps), "R0|R07b|R[0-9]{2}");
  result = run_ok (reps, orders);
  ck_assert_uint_eq (kpi_check_result_get_unexpected_count (result), 2);
  g_clear_object (&result);

  /* All pass */
  kpi_validity_check_set_pattern (KPI_VALIDITY_CHECK (reps), ".+");
  result = run_ok (reps, orders);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_PASS);
  ck_assert_str_eq (kpi_check_result_get_message (result), "rep: all 6 values matching “.+”");
  ck_assert (!kpi_check_result_is_finding (result));
}
END_TEST

START_TEST (test_validity_settings)
{
  g_autoptr(KpiDataset) orders = kpi_test_load (validity_csv, NULL);
  g_autoptr(KpiCheck) amount = kpi_validity_check_new ("orders", "amount");
  g_autoptr(KpiCheck) channel = kpi_validity_check_new ("orders", "channel");
  g_autoptr(KpiCheck) date = kpi_validity_check_new ("orders", "date");
  const char *allowed[] = { "online", NULL };
  const char *two[] = { "amount", "channel", NULL };
  g_autoptr(KpiDataset) all_missing = kpi_test_load ("date,amount\n2025-01-01,\n", NULL);
  g_autoptr(KpiCheckResult) result = NULL;

  run_error (amount, orders, KPI_CHECK_ERROR_INVALID, "no rule to check “amount” against");

  kpi_validity_check_set_min (KPI_VALIDITY_CHECK (amount), 10);
  kpi_validity_check_set_max (KPI_VALIDITY_CHECK (amount), 1);
  run_error (amount, orders, KPI_CHECK_ERROR_INVALID, "min and max leave no valid value (within [10, 1])");
  kpi_validity_check_set_max (KPI_VALIDITY_CHECK (amount), 10);
  kpi_validity_check_set_strict_max (KPI_VALIDITY_CHECK (amount), TRUE);
  run_error (amount, orders, KPI_CHECK_ERROR_INVALID, "min and max leave no valid value (within [10, 10))");
  kpi_validity_check_set_strict_max (KPI_VALIDITY_CHECK (amount), FALSE);

  kpi_validity_check_set_allowed (KPI_VALIDITY_CHECK (amount), allowed);
  run_error (amount, orders, KPI_CHECK_ERROR_INVALID, "allowed is for dimensions, and “amount” is a measure");
  kpi_validity_check_set_allowed (KPI_VALIDITY_CHECK (amount), NULL);
  kpi_validity_check_set_pattern (KPI_VALIDITY_CHECK (amount), "[0-9]+");
  run_error (amount, orders, KPI_CHECK_ERROR_INVALID, "pattern is for dimensions");
  kpi_validity_check_set_pattern (KPI_VALIDITY_CHECK (amount), NULL);

  kpi_validity_check_set_min (KPI_VALIDITY_CHECK (channel), 1);
  run_error (channel, orders, KPI_CHECK_ERROR_INVALID, "min and max are for measures, and “channel” is a dimension");
  kpi_validity_check_set_min (KPI_VALIDITY_CHECK (channel), NAN);
  kpi_validity_check_set_pattern (KPI_VALIDITY_CHECK (channel), "[a-");
  run_error (channel, orders, KPI_CHECK_ERROR_INVALID, "pattern “[a-” is not a regular expression: ");

  kpi_validity_check_set_min (KPI_VALIDITY_CHECK (date), 1);
  run_error (date, orders, KPI_CHECK_ERROR_INVALID, "“date” is the time column");

  kpi_check_set_fields (amount, two);
  run_error (amount, orders, KPI_CHECK_ERROR_INVALID, "a validity check reads one field; fields has 2");
  kpi_check_set_fields (amount, NULL);
  run_error (amount, orders, KPI_CHECK_ERROR_INVALID, "fields has 0");

  /* All missing: nothing to judge */
  kpi_check_set_fields (amount, (const char *[]) { "amount", NULL });
  result = run_ok (amount, all_missing);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  ck_assert_str_eq (kpi_check_result_get_message (result), "amount: all 1 values are missing");
  assert_counts (result, 1, 1, 0);
}
END_TEST

/* ------------------------------------------------------------------------
 * Uniqueness
 * ------------------------------------------------------------------------ */

/* order_id 2 comes back in row 3, 1 in row 5; the keys run 1 2 3 | 2 4 |
 * 1 5: three runs in order, merged */
static const char uniqueness_csv[] =
  "date,order_id,channel,amount\n"
  "2025-01-06,1,online,10\n"
  "2025-01-06,2,store,20\n"
  "2025-01-07,3,online,30\n"
  "2025-01-07,2,store,20\n"
  "2025-01-08,4,online,40\n"
  "2025-01-08,1,mobile,11\n"
  "2025-01-09,5,online,50\n";

START_TEST (test_uniqueness_keys)
{
  g_autoptr(KpiDataset) orders = kpi_test_load (uniqueness_csv, NULL);
  const char *key[] = { "order_id", NULL };
  const char *date_channel[] = { "date", "channel", NULL };
  const char *amount[] = { "amount", NULL };
  g_autoptr(KpiCheck) check = kpi_uniqueness_check_new ("orders", key);
  g_autoptr(KpiCheckResult) result = NULL;
  g_autoptr(KpiPeriod) january = period ("2025-01");
  g_autoptr(KpiPeriod) february = period ("2025-02");

  /* rows 3 and 5 are copies: 2 of 7, in two batches (not consecutive) */
  result = run_ok (check, orders);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_FAIL);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 2.0 / 7.0, 1e-15);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "2 duplicated rows in 2 batches: 1 on 2025-01-07 (order_id 2), "
                    "1 on 2025-01-08 (order_id 1); none expected");
  assert_counts (result, 7, 0, 2);
  assert_samples (result, "3,5", "2,1");
  assert_affected (result, "2025-01-07,2025-01-08");
  /* a copy is in every sum: whole rows */
  assert_fields (result, "");
  ck_assert (kpi_check_result_affects (result, "orders", amount, january, NULL, NULL));
  ck_assert (!kpi_check_result_affects (result, "orders", amount, february, NULL, NULL));
  g_clear_object (&result);

  /* 2 of 7 is within mostly 0.7 */
  kpi_check_set_mostly (check, 0.7);
  result = run_ok (check, orders);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_PASS);
  kpi_test_assert_contains (kpi_check_result_get_message (result), "; 28.6 % of the rows, at most 30 % expected");
  g_clear_object (&result);
  kpi_check_set_mostly (check, 1.0);

  /* (date, channel) is unique */
  kpi_check_set_fields (check, date_channel);
  result = run_ok (check, orders);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_PASS);
  ck_assert_str_eq (kpi_check_result_get_message (result), "no duplicated (date, channel) among 7 rows");
  g_clear_object (&result);

  /* channel alone: online ×4, store ×2, mobile: 3 + 1 copies; the rows
   * of January 7 and 8 only (period): online, store, online, mobile → 1 */
  kpi_check_set_fields (check, (const char *[]) { "channel", NULL });
  result = run_ok (check, orders);
  ck_assert_uint_eq (kpi_check_result_get_unexpected_count (result), 4);
  g_clear_object (&result);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2026-06-01T00:00:00Z", 1);
    g_autoptr(KpiPeriod) days = kpi_calendar_custom_period (calendar, kpi_test_utc (2025, 1, 7, 0, 0),
                                                            kpi_test_utc (2025, 1, 9, 0, 0), &error);

    ck_assert_ptr_nonnull (days);
    kpi_check_set_period (check, days);
    result = run_ok (check, orders);
    assert_counts (result, 4, 0, 1);
    assert_samples (result, "4", "online");
  }
}
END_TEST

/* Whole rows: row 1 repeats row 0; row 3 repeats row 2, missing values
 * included; row 4 differs from it by its amount, row 5 from row 0 by its
 * date; row 6 repeats row 5 */
static const char rows_csv[] =
  "date,order_id,channel,amount\n"
  "2025-01-06,1,online,10\n"
  "2025-01-06,1,online,10\n"
  "2025-01-06,2,,\n"
  "2025-01-06,2,,\n"
  "2025-01-06,2,,5\n"
  "2025-01-07,1,online,10\n"
  "2025-01-07,1,online,10\n";

START_TEST (test_uniqueness_rows)
{
  g_autoptr(KpiDataset) orders = kpi_test_load (rows_csv, NULL);
  g_autoptr(KpiCheck) check = kpi_uniqueness_check_new ("orders", NULL);
  const char *key[] = { "order_id", NULL };
  g_autoptr(KpiCheckResult) result = run_ok (check, orders);

  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_FAIL);
  assert_counts (result, 7, 0, 3);
  assert_samples (result, "1,3,6", NULL);
  /* without a key, the copies are named by their rows, from 1 */
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "3 duplicated rows in 3 batches: 1 on 2025-01-06 (row 2), 1 on 2025-01-06 (row 4), "
                    "1 on 2025-01-07 (row 7); none expected");
  assert_affected (result, "2025-01-06,2025-01-07");
  g_clear_object (&result);

  /* with key fields, by their keys */
  kpi_check_set_key_fields (check, key);
  result = run_ok (check, orders);
  kpi_test_assert_contains (kpi_check_result_get_message (result), "1 on 2025-01-06 (order_id 1), ");
  assert_samples (result, "1,3,6", "1,2,1");
}
END_TEST

/* Whole rows are hashed by two of their columns within a time (the
 * measures first): 300 rows of one day alike in both measures, told apart
 * by a dimension only, are hashed again by every column; rows 150 and 299
 * repeat rows 10 and 20 */
START_TEST (test_uniqueness_alike)
{
  g_autoptr(GString) csv = g_string_new ("date,tag,quantity,price\n");
  g_autoptr(KpiDataset) orders = NULL;
  g_autoptr(KpiCheck) check = kpi_uniqueness_check_new ("orders", NULL);
  g_autoptr(KpiCheckResult) result = NULL;

  for (guint r = 0; r < 300; r++)
    g_string_append_printf (csv, "2025-01-06,T%u,1,2\n", r == 150 ? 10 : r == 299 ? 20 : r);
  g_string_append (csv, "2025-01-07,T10,1,2\n");
  orders = kpi_test_load (csv->str, NULL);
  result = run_ok (check, orders);
  assert_counts (result, 301, 0, 2);
  assert_samples (result, "150,299", NULL);
  assert_affected (result, "2025-01-06");
}
END_TEST

/* A missing key is neither unique nor a copy */
START_TEST (test_uniqueness_edges)
{
  g_autoptr(KpiDataset) orders = kpi_test_load ("date,order_id\n2025-01-06,1\n2025-01-06,\n"
                                                "2025-01-06,\n2025-01-07,1\n", NULL);
  g_autoptr(KpiDataset) one = kpi_test_load ("date,order_id\n2025-01-06,1\n", NULL);
  g_autoptr(KpiDataset) no_key = kpi_test_load ("date,order_id\n2025-01-06,\n2025-01-07,\n", NULL);
  g_autoptr(KpiDataset) empty = kpi_dataset_new ("date");
  const char *key[] = { "order_id", NULL };
  g_autoptr(KpiCheck) check = kpi_uniqueness_check_new ("orders", key);
  g_autoptr(KpiCheckResult) result = run_ok (check, orders);

  /* 4 rows, 2 without a key, 1 copy of the other 2 */
  assert_counts (result, 4, 2, 1);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 0.5, 0);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "1 duplicated row on 2025-01-07 (order_id 1); none expected");
  g_clear_object (&result);

  result = run_ok (check, one);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  ck_assert_str_eq (kpi_check_result_get_message (result), "one row with a key: nothing to compare it with");
  g_clear_object (&result);
  result = run_ok (check, no_key);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  ck_assert_str_eq (kpi_check_result_get_message (result), "all 2 rows miss a key field");
  g_clear_object (&result);
  ck_assert (kpi_dataset_add_column (empty, "order_id", KPI_COLUMN_MEASURE, NULL));
  result = run_ok (check, empty);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  ck_assert_str_eq (kpi_check_result_get_message (result), "no rows to check");
}
END_TEST

/* The copies a plain hash set of the rows' text finds, as a bitmap */
static GHashTable *
naive_copies (KpiDataset         *dataset,
              const char * const *fields,
              gboolean            skip_missing)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTable *copies = g_hash_table_new (g_direct_hash, g_direct_equal);
  guint n = kpi_dataset_get_n_rows (dataset);

  for (guint r = 0; r < n; r++)
    {
      GString *text = g_string_new (NULL);
      gboolean missing = FALSE;

      for (guint f = 0; fields[f] != NULL; f++)
        {
          double x;
          const char *v;

          if (strcmp (fields[f], "date") == 0)
            g_string_append_printf (text, "%" G_GINT64_FORMAT "|", kpi_dataset_get_time (dataset, r));
          else if ((v = kpi_dataset_get_dimension_value (dataset, fields[f], r)) != NULL)
            {
              missing |= *v == '\0';
              g_string_append_printf (text, "%s|", v);
            }
          else if (kpi_dataset_get_measure_value (dataset, fields[f], r, &x))
            g_string_append_printf (text, "%.17g|", x);
          else
            {
              missing = TRUE;
              g_string_append (text, "-|");
            }
        }
      if (missing && skip_missing)
        {
          g_string_free (text, TRUE);
          continue;
        }
      if (g_hash_table_contains (seen, text->str))
        g_hash_table_add (copies, GUINT_TO_POINTER (r + 1));
      else
        g_hash_table_add (seen, g_strdup (text->str));
      g_string_free (text, TRUE);
    }
  return copies;
}

/* Random rows, against the plain hash set: keys in order with a few
 * breaks (runs merged), keys in no order (hashed), whole rows sorted by
 * time (compared within a day) and shuffled (hashed) */
START_TEST (test_uniqueness_differential)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20251010 + _i);
  g_autoptr(GString) csv = g_string_new ("date,order_id,channel,amount\n");
  const char *channels[] = { "online", "mobile", "store", "" };
  const char *key[] = { "order_id", NULL };
  const char *pair[] = { "channel", "order_id", NULL };
  const char *all[] = { "date", "order_id", "channel", "amount", NULL };
  guint n = 3000, id = 0;
  /* case 0: ids in order with breaks; 1: random ids; 2: sorted by date;
   * 3: shuffled dates */
  int mode = _i % 4;

  for (guint r = 0; r < n; r++)
    {
      int day = mode == 3 ? g_rand_int_range (rand, 1, 29) : 1 + (int) (r * 28 / n);
      char amount[32] = "";

      char id_text[16] = "";

      /* in order, up by 0 or 1, with a step back now and then (about 15
       * runs of keys in order, merged); or anything */
      if (mode == 0)
        id = g_rand_int_range (rand, 0, 200) == 0 ? id - MIN (id, (guint) g_rand_int_range (rand, 0, 60))
                                                  : id + (guint) g_rand_int_range (rand, 0, 2);
      else
        id = (guint) g_rand_int_range (rand, 0, 2500);
      if (g_rand_int_range (rand, 0, 20) != 0)
        g_snprintf (amount, sizeof amount, "%d", g_rand_int_range (rand, 1, 4));
      if (g_rand_int_range (rand, 0, 50) != 0)
        g_snprintf (id_text, sizeof id_text, "%u", id);
      g_string_append_printf (csv, "2025-02-%02d,%s,%s,%s\n", day, id_text,
                              channels[g_rand_int_range (rand, 0, 4)], amount);
    }
  {
    g_autoptr(KpiDataset) orders = kpi_test_load (csv->str, NULL);
    const char * const *cases[] = { key, pair };

    for (guint c = 0; c < 3; c++)
      {
        const char * const *fields = c < 2 ? cases[c] : NULL;
        g_autoptr(KpiCheck) check = kpi_uniqueness_check_new ("orders", fields);
        g_autoptr(GHashTable) expected = naive_copies (orders, fields != NULL ? fields : all, fields != NULL);
        g_autoptr(KpiCheckResult) result = NULL;
        guint found = 0;

        kpi_check_set_max_samples (check, 10000);
        result = run_ok (check, orders);
        ck_assert_uint_eq (kpi_check_result_get_unexpected_count (result), g_hash_table_size (expected));
        for (guint i = 0; i < kpi_check_result_get_n_samples (result); i++)
          {
            guint row = kpi_check_result_get_sample_row (result, i);

            ck_assert_msg (g_hash_table_contains (expected, GUINT_TO_POINTER (row + 1)),
                           "mode %d case %u: row %u is not a copy", mode, c, row);
            found++;
          }
        ck_assert_uint_eq (found, g_hash_table_size (expected));
      }
  }
}
END_TEST

/* ------------------------------------------------------------------------
 * Volume
 * ------------------------------------------------------------------------ */

/* @n_weeks weeks from Monday 2025-01-06 (2025-W02), @counts[i] rows on
 * the Monday of week i, in the channel @channel (NULL: online) */
static void
append_weeks (GString     *csv,
              const guint *counts,
              guint        n_weeks,
              const char  *channel)
{
  g_autoptr(GDateTime) first = g_date_time_new_utc (2025, 1, 6, 0, 0, 0);

  for (guint w = 0; w < n_weeks; w++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (first, 7 * (int) w);

      for (guint i = 0; i < counts[w]; i++)
        g_string_append_printf (csv, "%04d-%02d-%02d,%s\n", g_date_time_get_year (day),
                                g_date_time_get_month (day), g_date_time_get_day_of_month (day),
                                channel != NULL ? channel : "online");
    }
}

static KpiDataset *
weekly (const guint *counts,
        guint        n_weeks)
{
  g_autoptr(GString) csv = g_string_new ("date,channel\n");

  append_weeks (csv, counts, n_weeks, NULL);
  return kpi_test_load (csv->str, NULL);
}

START_TEST (test_volume_worked)
{
  /* Week 7 (2025-W09) has half the rows. Its 8 neighbours, nearest first
   * on both sides (weeks 6, 8, 5, 9, 4, 10, 3, 11): 100 100 98 101 102
   * 99 100 100; median 100, deviations 0 0 2 1 2 1 0 0, MAD 0.5,
   * 1.4826 × MAD = 0.74. Every week's neighbours are within 96..104 but
   * for the 50 (which the median ignores), so their relative spreads
   * are at most 1.4826 × 2 / 100 and r × 100 ≤ 3: the scale is the
   * floor √100 = 10, and z = (50 − 100) / 10 = −5: a warning (4 < 5 ≤ 6). */
  const guint counts[] = { 100, 104, 96, 100, 102, 98, 100, 50, 100, 101, 99, 100 };
  g_autoptr(KpiDataset) orders = weekly (counts, G_N_ELEMENTS (counts));
  g_autoptr(KpiCheck) check = kpi_volume_check_new ("orders", KPI_GRANULARITY_WEEK);
  g_autoptr(KpiCheckResult) result = run_ok (check, orders);
  g_autoptr(KpiPeriod) w09 = period ("2025-W09");
  g_autoptr(KpiPeriod) w10 = period ("2025-W10");
  const char *amount[] = { "amount", NULL };
  double min, max;

  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_WARN);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 5.0, 1e-12);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "2025-W09: 50 rows, median 100 on the 8 weeks around it, robust z −5.0; "
                    "|z| up to 4 expected");
  kpi_check_result_get_expected (result, &min, &max);
  ck_assert (min == 0.0 && max == 4.0);
  /* 12 weeks judged, one beyond */
  assert_counts (result, 12, 0, 1);
  assert_affected (result, "2025-W09");
  /* every field of that week */
  assert_fields (result, "");
  ck_assert (kpi_check_result_affects (result, "orders", amount, w09, NULL, NULL));
  ck_assert (!kpi_check_result_affects (result, "orders", amount, w10, NULL, NULL));
  ck_assert_uint_eq (kpi_check_get_granularity (check), KPI_GRANULARITY_WEEK);
  g_clear_object (&result);

  /* Trailing only: weeks 0..6, 100 104 96 100 102 98 100, median 100,
   * MAD 2: the floor again, z −5 */
  kpi_volume_check_set_centered (KPI_VOLUME_CHECK (check), FALSE);
  result = run_ok (check, orders);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 5.0, 1e-12);
  kpi_test_assert_contains (kpi_check_result_get_message (result), "on the 7 weeks before it");
  /* the first 4 weeks have fewer than 4 weeks before them */
  assert_counts (result, 12, 4, 1);
  kpi_test_assert_contains (kpi_check_result_get_message (result), "(4 weeks without enough history)");
  g_clear_object (&result);

  /* Thresholds 6 and 8: a pass */
  kpi_volume_check_set_centered (KPI_VOLUME_CHECK (check), TRUE);
  kpi_check_set_thresholds (check, 6, 8);
  result = run_ok (check, orders);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_PASS);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "12 weeks, the worst 2025-W09: 50 rows, median 100 on the 8 weeks around it, "
                    "robust z −5.0; |z| up to 6 expected");
}
END_TEST

START_TEST (test_volume_flat)
{
  /* A constant history (MAD 0) is not a spread of 0: week 7's 90 against
   * 100 everywhere else is z = −10 / √100 = −1, a pass */
  const guint counts[] = { 100, 100, 100, 100, 100, 100, 100, 90, 100, 100, 100, 100 };
  g_autoptr(KpiDataset) orders = weekly (counts, G_N_ELEMENTS (counts));
  g_autoptr(KpiCheck) check = kpi_volume_check_new ("orders", KPI_GRANULARITY_WEEK);
  g_autoptr(KpiCheckResult) result = run_ok (check, orders);

  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_PASS);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 1.0, 1e-12);
  assert_counts (result, 12, 0, 0);
}
END_TEST

START_TEST (test_volume_zeros)
{
  /* Rows in weeks 0 (5 rows) and 6 (3 rows) of 12 covered: both have
   * neighbours with no rows at all (median 0, MAD 0), nothing to measure
   * them by: too short a history; the empty weeks are at z 0 */
  const guint counts[] = { 5, 0, 0, 0, 0, 0, 3 };
  g_autoptr(KpiDataset) orders = weekly (counts, G_N_ELEMENTS (counts));
  g_autoptr(KpiCheck) check = kpi_volume_check_new ("orders", KPI_GRANULARITY_WEEK);
  g_autoptr(KpiCheckResult) result = NULL;

  ck_assert (kpi_dataset_set_coverage (orders, kpi_test_utc (2025, 1, 6, 0, 0),
                                       kpi_test_utc (2025, 3, 31, 0, 0), NULL));
  result = run_ok (check, orders);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_PASS);
  ck_assert (kpi_check_result_get_observed (result) == 0.0);
  assert_counts (result, 12, 2, 0);
  kpi_test_assert_contains (kpi_check_result_get_message (result), "(2 weeks without enough history)");
}
END_TEST

START_TEST (test_volume_edges)
{
  const guint three[] = { 10, 12, 11 };
  g_autoptr(KpiDataset) short_data = weekly (three, G_N_ELEMENTS (three));
  const guint counts[] = { 100, 104, 96, 100, 102, 98, 100, 50, 100, 101, 99, 100 };
  g_autoptr(KpiDataset) orders = weekly (counts, G_N_ELEMENTS (counts));
  g_autoptr(KpiCheck) check = kpi_volume_check_new ("orders", KPI_GRANULARITY_WEEK);
  g_autoptr(KpiCheckResult) result = NULL;
  g_autoptr(KpiPeriod) later = period ("2030-01");
  g_autoptr(KpiPeriod) february = period ("2025-02");
  g_autoptr(KpiDataset) empty = kpi_dataset_new ("date");

  /* Three weeks: none has 4 neighbours */
  result = run_ok (check, short_data);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "too short a history: none of the 3 weeks has 4 of its 8 neighbours with rows counted");
  assert_counts (result, 3, 3, 0);
  g_clear_object (&result);
  kpi_volume_check_set_min_history (KPI_VOLUME_CHECK (check), 2);
  result = run_ok (check, short_data);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_PASS);
  g_clear_object (&result);
  kpi_volume_check_set_min_history (KPI_VOLUME_CHECK (check), 4);

  /* The weeks that meet February only: W05 (from January 27) .. W09,
   * with the others as neighbours */
  kpi_check_set_period (check, february);
  result = run_ok (check, orders);
  assert_counts (result, 5, 0, 1);
  assert_affected (result, "2025-W09");
  g_clear_object (&result);

  /* A period the data does not reach */
  kpi_check_set_period (check, later);
  result = run_ok (check, orders);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  ck_assert_str_eq (kpi_check_result_get_message (result), "no weeks of 2030-01 in the data");
  g_clear_object (&result);
  kpi_check_set_period (check, NULL);

  /* Data up to Wednesday of the last week: that week is partial, neither
   * judged nor a neighbour */
  kpi_dataset_set_data_as_of (orders, kpi_test_utc (2025, 3, 26, 0, 0));
  result = run_ok (check, orders);
  assert_counts (result, 11, 0, 1);
  g_clear_object (&result);

  ck_assert (kpi_dataset_add_column (empty, "channel", KPI_COLUMN_DIMENSION, NULL));
  result = run_ok (check, empty);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  ck_assert_str_eq (kpi_check_result_get_message (result), "no whole weeks in the data to count rows in");
  g_clear_object (&result);

  /* A group_by whose values are all missing */
  {
    g_autoptr(KpiDataset) no_group = kpi_dataset_new ("date");
    const char *missing[] = { "" };

    ck_assert (kpi_dataset_add_column (no_group, "channel", KPI_COLUMN_DIMENSION, NULL));
    ck_assert (kpi_dataset_append_row (no_group, kpi_test_utc (2025, 1, 6, 0, 0), missing, 1, NULL, 0, NULL));
    ck_assert (kpi_dataset_append_row (no_group, kpi_test_utc (2025, 1, 13, 0, 0), missing, 1, NULL, 0, NULL));
    kpi_check_set_group_by (check, "channel");
    result = run_ok (check, no_group);
    ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
    ck_assert_str_eq (kpi_check_result_get_message (result),
                      "no group to count rows in: every value of “channel” is missing");
    g_clear_object (&result);
    kpi_check_set_group_by (check, NULL);
  }

  /* Settings */
  kpi_volume_check_set_min_history (KPI_VOLUME_CHECK (check), 9);
  run_error (check, orders, KPI_CHECK_ERROR_INVALID, "min-history (9) is above history (8)");
  kpi_volume_check_set_min_history (KPI_VOLUME_CHECK (check), 4);
  kpi_check_set_group_by (check, "date");
  run_error (check, orders, KPI_CHECK_ERROR_INVALID, "group_by “date” is not a dimension");
  kpi_check_set_group_by (check, "chanel");
  run_error (check, orders, KPI_CHECK_ERROR_UNKNOWN_FIELD, "did you mean “channel”?");
}
END_TEST

START_TEST (test_volume_groups)
{
  /* online steady; the store has no row in week 7: against its 100 a
   * week, z = −100 / 10 = −10, a failure for the store only */
  const guint online[] = { 200, 204, 196, 200, 202, 198, 200, 200, 200, 201, 199, 200 };
  const guint store[] = { 100, 104, 96, 100, 102, 98, 100, 0, 100, 101, 99, 100 };
  g_autoptr(GString) csv = g_string_new ("date,channel\n");
  g_autoptr(KpiDataset) orders = NULL;
  g_autoptr(KpiCheck) check = kpi_volume_check_new ("orders", KPI_GRANULARITY_WEEK);
  g_autoptr(KpiCheckResult) result = NULL;
  g_autoptr(KpiPeriod) w09 = period ("2025-W09");
  const char *channel[] = { "channel", NULL };

  append_weeks (csv, online, G_N_ELEMENTS (online), "online");
  append_weeks (csv, store, G_N_ELEMENTS (store), "store");
  orders = kpi_test_load (csv->str, NULL);
  kpi_check_set_group_by (check, "channel");
  result = run_ok (check, orders);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_FAIL);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 10.0, 1e-12);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "2025-W09 (channel “store”): 0 rows, median 100 on the 8 weeks around it, "
                    "robust z −10.0; |z| up to 6 expected");
  assert_affected (result, "2025-W09 channel=store");
  assert_counts (result, 24, 0, 1);
  ck_assert (kpi_check_result_affects (result, "orders", channel, w09, "channel", "store"));
  ck_assert (!kpi_check_result_affects (result, "orders", channel, w09, "channel", "online"));
  ck_assert (kpi_check_result_affects (result, "orders", channel, w09, NULL, NULL));
}
END_TEST

START_TEST (test_volume_days)
{
  /* 20 weeks of days with a weekly profile (Sunday 0.8 of a Monday) and
   * a repeating wobble of ±1.5 % and ±3 %, about 140 rows a day: the
   * Wednesdays run 142 138 144 140 136, again and again. One of them,
   * 2025-03-19 (day 72, a 142), keeps half its rows: 71. Its neighbours
   * (weeks 9, 11, 8, 12, 7, 13, 6, 14 of the Wednesdays) are 136 138 140
   * 144 144 140 138 136: median 139, MAD 2, 1.4826 × MAD = 3.0; the
   * floor √139 = 11.79 is the scale (the series' relative spread is
   * about 2 %, 2.8 rows), z = (71 − 139) / 11.79 = −5.77: a warning.
   * Without the cut, a pass. */
  const double week[] = { 1.0, 1.0, 1.0, 1.0, 1.05, 0.9, 0.8 };
  g_autoptr(GString) csv = g_string_new ("date\n");
  g_autoptr(GString) cut = g_string_new ("date\n");
  g_autoptr(KpiCheck) check = kpi_volume_check_new ("orders", KPI_GRANULARITY_DAY);
  g_autoptr(KpiCheckResult) result = NULL;
  g_autoptr(GDateTime) start = g_date_time_new_utc (2025, 1, 6, 0, 0, 0);

  for (int d = 0; d < 140; d++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (start, d);
      g_autofree char *label = g_date_time_format (day, "%Y-%m-%d");
      guint n = (guint) lround (140 * week[d % 7] * (1.0 + 0.03 * ((d * 7919) % 5 - 2) / 2.0));

      for (guint i = 0; i < n; i++)
        {
          g_string_append_printf (csv, "%s\n", label);
          /* 2025-03-19, a Wednesday: day 72 */
          if (d != 72 || i % 2 == 0)
            g_string_append_printf (cut, "%s\n", label);
        }
    }
  {
    g_autoptr(KpiDataset) whole = kpi_test_load (csv->str, NULL);
    g_autoptr(KpiDataset) halved = kpi_test_load (cut->str, NULL);

    /* same weekday by default */
    ck_assert_uint_eq (kpi_volume_check_get_season_length (KPI_VOLUME_CHECK (check)), 0);
    result = run_ok (check, whole);
    ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_PASS);
    ck_assert_double_lt (kpi_check_result_get_observed (result), 1.0);
    g_clear_object (&result);

    result = run_ok (check, halved);
    ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_WARN);
    assert_affected (result, "2025-03-19");
    kpi_test_assert_close (kpi_check_result_get_observed (result), 68.0 / sqrt (139.0), 1e-12);
    kpi_test_assert_contains (kpi_check_result_get_message (result),
                              "2025-03-19: 71 rows, median 139 on the 8 Wednesdays around it, robust z −5.8");
    g_clear_object (&result);

    /* Compared with the days next to it instead, the weekly profile
     * widens the spread of the neighbours, and the cut is lost in it:
     * why a day is compared with the same weekday by default */
    kpi_volume_check_set_season_length (KPI_VOLUME_CHECK (check), 1);
    result = run_ok (check, halved);
    ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_PASS);
    kpi_test_assert_contains (kpi_check_result_get_message (result),
                              "the worst 2025-03-19: 71 rows, median 131 on the 8 days around it");
  }
}
END_TEST

/* ------------------------------------------------------------------------
 * The generated sample
 * ------------------------------------------------------------------------ */

START_TEST (test_sample_duplicated_batch)
{
  g_autofree char *dir = sample_dir (FALSE);
  g_autoptr(KpiDataset) orders = load_orders (dir);
  g_autoptr(JsonObject) batch = anomaly (dir, "duplicated_batch");
  const char *key[] = { "order_id", NULL };
  g_autoptr(KpiCheck) check = kpi_uniqueness_check_new ("orders", key);
  g_autoptr(KpiCheck) rows = kpi_uniqueness_check_new ("orders", NULL);
  g_autoptr(KpiCheckResult) result = NULL;
  g_autofree char *expected = NULL;
  const char *date = json_object_get_string_member (batch, "date");
  guint n = (guint) json_object_get_int_member (batch, "rows");
  guint copy_first = (guint) json_object_get_int_member (batch, "copy_first_row");

  /* With the defaults: the batch, named as anomalies.json names it */
  kpi_check_set_max_samples (check, 1000);
  result = run_ok (check, orders);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_FAIL);
  expected = g_strdup_printf ("%u duplicated rows on %s (order_id %" G_GINT64_FORMAT " … %"
                              G_GINT64_FORMAT "); none expected", n, date,
                              json_object_get_int_member (batch, "order_id_first"),
                              json_object_get_int_member (batch, "order_id_last"));
  ck_assert_str_eq (kpi_check_result_get_message (result), expected);
  ck_assert_uint_eq (kpi_check_result_get_unexpected_count (result), n);
  assert_affected (result, date);
  /* the copies: 1-based data rows copy_first_row … in the manifest */
  ck_assert_uint_eq (kpi_check_result_get_n_samples (result), n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT,
                                             json_object_get_int_member (batch, "order_id_first") + i);

      ck_assert_uint_eq (kpi_check_result_get_sample_row (result, i), copy_first - 1 + i);
      ck_assert_str_eq (kpi_check_result_get_sample_keys (result, i)[0], id);
    }
  g_clear_object (&result);

  /* The copies are whole rows too */
  result = run_ok (rows, orders);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_FAIL);
  ck_assert_uint_eq (kpi_check_result_get_unexpected_count (result), n);
  g_free (expected);
  expected = g_strdup_printf ("%u duplicated rows on %s (rows %u … %u); none expected", n, date,
                              copy_first, copy_first + n - 1);
  ck_assert_str_eq (kpi_check_result_get_message (result), expected);
}
END_TEST

START_TEST (test_sample_volume)
{
  g_autofree char *dir = sample_dir (FALSE);
  g_autoptr(KpiDataset) orders = load_orders (dir);
  g_autoptr(JsonObject) batch = anomaly (dir, "duplicated_batch");
  g_autoptr(JsonObject) push = anomaly (dir, "end_of_quarter_concentration");
  g_autoptr(KpiCheck) check = kpi_volume_check_new ("orders", KPI_GRANULARITY_DAY);
  g_autoptr(KpiCheckResult) result = run_ok (check, orders);
  const char *date = json_object_get_string_member (batch, "date");
  const char *from = json_object_get_string_member (push, "window_start");
  const char *to = json_object_get_string_member (push, "window_end");
  gboolean found = FALSE;

  /* With the defaults, the day of the duplicated batch (its rows doubled
   * at 20 000 orders) is found; every day found is a seeded anomaly: that
   * day, or a day of R03's end-of-quarter push */
  ck_assert (kpi_check_result_is_finding (result));
  for (guint i = 0; i < kpi_check_result_get_n_affected (result); i++)
    {
      const char *label = kpi_period_get_label (kpi_check_result_get_affected (result, i, NULL, NULL));

      if (strcmp (label, date) == 0)
        found = TRUE;
      else
        ck_assert_msg (strcmp (label, from) >= 0 && strcmp (label, to) <= 0,
                       "%s is no seeded anomaly: %s", label, kpi_check_result_get_message (result));
    }
  ck_assert_msg (found, "%s not found: %s", date, kpi_check_result_get_message (result));
  kpi_test_assert_contains (kpi_check_result_get_message (result), date);
}
END_TEST

/* A day without rows in the sample is found */
START_TEST (test_sample_missing_day)
{
  g_autofree char *dir = sample_dir (FALSE);
  g_autofree char *path = g_build_filename (dir, "orders.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GString) cut = g_string_new (NULL);
  g_autoptr(KpiCheck) check = kpi_volume_check_new ("orders", KPI_GRANULARITY_DAY);
  g_autoptr(KpiCheckResult) result = NULL;
  g_auto(GStrv) lines = NULL;

  ck_assert (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0' && !g_str_has_prefix (lines[i], "2025-06-11,"))
      g_string_append_printf (cut, "%s\n", lines[i]);
  {
    g_autoptr(KpiDataset) orders = kpi_test_load (cut->str, NULL);

    result = run_ok (check, orders);
    ck_assert (kpi_check_result_is_finding (result));
    kpi_test_assert_contains (kpi_check_result_get_message (result), "2025-06-11: 0 rows, median ");
  }
}
END_TEST

START_TEST (test_sample_clean)
{
  g_autofree char *dir = sample_dir (TRUE);
  g_autoptr(KpiDataset) orders = NULL;
  const char *key[] = { "order_id", NULL };
  const char *channels[] = { "online", "mobile", "store", NULL };
  const char *regions[] = { "north", "south", "east", "west", NULL };
  KpiCheck *checks[8];

  if (dir == NULL)
    return;
  orders = load_orders (dir);
  checks[0] = kpi_completeness_check_new ("orders", NULL);
  checks[1] = kpi_completeness_check_new ("orders", NULL);
  kpi_completeness_check_set_per_period (KPI_COMPLETENESS_CHECK (checks[1]), TRUE);
  checks[2] = kpi_uniqueness_check_new ("orders", key);
  checks[3] = kpi_uniqueness_check_new ("orders", NULL);
  checks[4] = kpi_volume_check_new ("orders", KPI_GRANULARITY_DAY);
  checks[5] = kpi_validity_check_new ("orders", "channel");
  kpi_validity_check_set_allowed (KPI_VALIDITY_CHECK (checks[5]), channels);
  checks[6] = kpi_validity_check_new ("orders", "rep");
  kpi_validity_check_set_pattern (KPI_VALIDITY_CHECK (checks[6]), "R[0-9]{2}");
  checks[7] = kpi_validity_check_new ("orders", "region");
  kpi_validity_check_set_allowed (KPI_VALIDITY_CHECK (checks[7]), regions);

  /* With the defaults, nothing is found in the clean data */
  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      g_autoptr(KpiCheckResult) result = run_ok (checks[i], orders);

      ck_assert_msg (kpi_check_result_get_status (result) == KPI_CHECK_STATUS_PASS,
                     "%s: %s", G_OBJECT_TYPE_NAME (checks[i]), kpi_check_result_get_message (result));
      g_object_unref (checks[i]);
    }
}
END_TEST

/* The seeded sample has no missing and no invalid value: those checks
 * pass on it too (they are not what finds its anomalies) */
START_TEST (test_sample_valid)
{
  g_autofree char *dir = sample_dir (FALSE);
  g_autoptr(KpiDataset) orders = load_orders (dir);
  g_autoptr(KpiCheck) complete = kpi_completeness_check_new ("orders", NULL);
  g_autoptr(KpiCheck) amount = kpi_validity_check_new ("orders", "amount");
  g_autoptr(KpiCheckResult) result = run_ok (complete, orders);

  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_PASS);
  g_clear_object (&result);
  /* documented: amounts are clamped to 1 .. 5000 (and the spike stays
   * below) */
  kpi_validity_check_set_min (KPI_VALIDITY_CHECK (amount), 1);
  kpi_validity_check_set_max (KPI_VALIDITY_CHECK (amount), 5000);
  result = run_ok (amount, orders);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_PASS);
}
END_TEST

/* ------------------------------------------------------------------------
 * All of them
 * ------------------------------------------------------------------------ */

/* A cancelled run stops with G_IO_ERROR_CANCELLED: the checks look at the
 * cancellable as they read rows (called through the class, since
 * kpi_check_run() looks at it first) */
START_TEST (test_cancelled)
{
  g_autoptr(KpiDataset) orders = kpi_test_load (validity_csv, NULL);
  g_autoptr(KpiContext) context = context_with (orders);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  const char *key[] = { "order_id", NULL };
  KpiCheck *checks[5];

  checks[0] = kpi_completeness_check_new ("orders", NULL);
  checks[1] = kpi_validity_check_new ("orders", "amount");
  kpi_validity_check_set_min (KPI_VALIDITY_CHECK (checks[1]), 0);
  checks[2] = kpi_uniqueness_check_new ("orders", key);
  checks[3] = kpi_uniqueness_check_new ("orders", NULL);
  checks[4] = kpi_volume_check_new ("orders", KPI_GRANULARITY_DAY);
  g_cancellable_cancel (cancellable);
  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      GError *error = NULL;
      KpiCheckResult *result = KPI_CHECK_GET_CLASS (checks[i])->run (checks[i], context, cancellable, &error);

      ck_assert_ptr_null (result);
      ck_assert_msg (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED), "%s",
                     G_OBJECT_TYPE_NAME (checks[i]));
      g_error_free (error);
      g_object_unref (checks[i]);
    }
}
END_TEST

/* The properties a checks file sets, by name */
START_TEST (test_properties)
{
  const char *allowed[] = { "online", NULL };
  g_autoptr(KpiCheck) volume = g_object_new (KPI_TYPE_VOLUME_CHECK, "dataset-name", "orders",
                                             "history", 6, "min-history", 3, "season-length", 7,
                                             "centered", FALSE, NULL);
  g_autoptr(KpiCheck) validity = g_object_new (KPI_TYPE_VALIDITY_CHECK, "min", 1.0, "max", 2.0,
                                               "strict-min", TRUE, "strict-max", TRUE,
                                               "allowed", allowed, "pattern", "x", NULL);
  g_autoptr(KpiCheck) completeness = g_object_new (KPI_TYPE_COMPLETENESS_CHECK, "per-period", TRUE, NULL);
  guint notified = 0;

  ck_assert_uint_eq (kpi_volume_check_get_history (KPI_VOLUME_CHECK (volume)), 6);
  ck_assert_uint_eq (kpi_volume_check_get_min_history (KPI_VOLUME_CHECK (volume)), 3);
  ck_assert_uint_eq (kpi_volume_check_get_season_length (KPI_VOLUME_CHECK (volume)), 7);
  ck_assert (!kpi_volume_check_get_centered (KPI_VOLUME_CHECK (volume)));
  /* the defaults of a volume check: days, 4 and 6 */
  ck_assert_uint_eq (kpi_check_get_granularity (volume), KPI_GRANULARITY_DAY);
  ck_assert (kpi_check_get_warn_threshold (volume) == KPI_DEFAULT_VOLUME_WARN_THRESHOLD);
  ck_assert (kpi_check_get_fail_threshold (volume) == KPI_DEFAULT_VOLUME_FAIL_THRESHOLD);

  ck_assert (kpi_validity_check_get_min (KPI_VALIDITY_CHECK (validity)) == 1.0);
  ck_assert (kpi_validity_check_get_max (KPI_VALIDITY_CHECK (validity)) == 2.0);
  ck_assert (kpi_validity_check_get_strict_min (KPI_VALIDITY_CHECK (validity)));
  ck_assert (kpi_validity_check_get_strict_max (KPI_VALIDITY_CHECK (validity)));
  ck_assert_str_eq (kpi_validity_check_get_allowed (KPI_VALIDITY_CHECK (validity))[0], "online");
  ck_assert_str_eq (kpi_validity_check_get_pattern (KPI_VALIDITY_CHECK (validity)), "x");
  ck_assert (isnan (kpi_check_get_warn_threshold (validity)));
  ck_assert (kpi_check_get_mostly (validity) == 1.0);

  ck_assert (kpi_completeness_check_get_per_period (KPI_COMPLETENESS_CHECK (completeness)));

  /* notify once per change */
  g_signal_connect (volume, "notify", G_CALLBACK (kpi_test_count_notify), &notified);
  kpi_volume_check_set_history (KPI_VOLUME_CHECK (volume), 6);
  kpi_volume_check_set_history (KPI_VOLUME_CHECK (volume), 9);
  kpi_volume_check_set_centered (KPI_VOLUME_CHECK (volume), TRUE);
  ck_assert_uint_eq (notified, 2);
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "completeness-worked", test_completeness_worked },
    { "completeness-fields", test_completeness_fields },
    { "completeness-per-period", test_completeness_per_period },
    { "completeness-edges", test_completeness_edges },
    { "validity-range", test_validity_range },
    { "validity-dimension", test_validity_dimension },
    { "validity-settings", test_validity_settings },
    { "uniqueness-keys", test_uniqueness_keys },
    { "uniqueness-rows", test_uniqueness_rows },
    { "uniqueness-edges", test_uniqueness_edges },
    { "uniqueness-alike", test_uniqueness_alike },
    { "uniqueness-differential", test_uniqueness_differential, 8 },
    { "volume-worked", test_volume_worked },
    { "volume-flat", test_volume_flat },
    { "volume-zeros", test_volume_zeros },
    { "volume-edges", test_volume_edges },
    { "volume-groups", test_volume_groups },
    { "volume-days", test_volume_days },
    { "sample-duplicated-batch", test_sample_duplicated_batch },
    { "sample-volume", test_sample_volume },
    { "sample-missing-day", test_sample_missing_day },
    { "sample-clean", test_sample_clean },
    { "sample-valid", test_sample_valid },
    { "cancelled", test_cancelled },
    { "properties", test_properties },
  };

  return kpi_test_run ("check-rows", cases, G_N_ELEMENTS (cases), 60);
}
