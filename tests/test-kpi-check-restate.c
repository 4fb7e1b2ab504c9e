/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of the restatement, reconciliation and Benford checks: hand-worked
 * cases with their edges, the seeded anomalies of the sample data found
 * with the defaults and named as anomalies.json names them, and the clean
 * sample data passing. */

#include <math.h>
#include <check.h>
#include <json-glib/json-glib.h>
#include "kpi-test.h"
#include <libkpi/kpi.h>

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

/* A UTC context holding each NULL-terminated (name, CSV text) pair. */
static KpiContext *
context_with (const char *name,
              ...)
{
  KpiContext *context = kpi_context_new (NULL);
  va_list ap;

  va_start (ap, name);
  for (; name != NULL; name = va_arg (ap, const char *))
    {
      const char *csv = va_arg (ap, const char *);
      g_autoptr(KpiDataset) dataset = kpi_test_load (csv, NULL);

      kpi_context_add_dataset (context, name, dataset);
    }
  va_end (ap);
  return context;
}

/* Runs @check, which must give a result. */
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

/* Runs @check, which must fail with @code of KPI_CHECK_ERROR (or of
 * @domain); returns the message, to free. */
static char *
run_error (KpiCheck   *check,
           KpiContext *context,
           GQuark      domain,
           int         code)
{
  GError *error = NULL;
  KpiCheckResult *result = kpi_check_run (check, context, NULL, &error);
  char *message;

  ck_assert_ptr_null (result);
  ck_assert_msg (g_error_matches (error, domain, code), "expected %s %d, got %s",
                 g_quark_to_string (domain), code, error != NULL ? error->message : "no error");
  ck_assert (g_utf8_validate (error->message, -1, NULL));
  message = g_strdup (error->message);
  g_error_free (error);
  return message;
}

/* The label of the affected entry @i of @result, with its group. */
static char *
affected_text (KpiCheckResult *result,
               guint           i)
{
  const char *dimension, *group;
  const KpiPeriod *period = kpi_check_result_get_affected (result, i, &dimension, &group);

  return g_strdup_printf ("%s%s%s", period != NULL ? kpi_period_get_label (period) : "*",
                          group != NULL ? " " : "", group != NULL ? group : "");
}

/* The sample data set the build made ($KPI_TEST_DATA), or the clean one. */
static const char *
sample_dir (gboolean clean)
{
  const char *dir = g_getenv (clean ? "KPI_TEST_DATA_CLEAN" : "KPI_TEST_DATA");

  ck_assert_msg (dir != NULL, "%s is not set", clean ? "KPI_TEST_DATA_CLEAN" : "KPI_TEST_DATA");
  return dir;
}

static KpiDataset *
load_sample (const char *dir,
             const char *file)
{
  g_autofree char *path = g_build_filename (dir, file, NULL);
  KpiDataset *dataset = kpi_dataset_new (NULL);
  GError *error = NULL;

  ck_assert_msg (kpi_dataset_load_path (dataset, path, NULL, &error), "%s: %s", path,
                 error != NULL ? error->message : "");
  return dataset;
}

/* The object of anomalies.json in @dir whose "id" is @id. */
static JsonObject *
anomaly (JsonParser *parser,
         const char *dir,
         const char *id)
{
  g_autofree char *path = g_build_filename (dir, "anomalies.json", NULL);
  GError *error = NULL;
  JsonArray *anomalies;

  ck_assert_msg (json_parser_load_from_file (parser, path, &error), "%s", error ? error->message : "");
  anomalies = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                            "anomalies");
  for (guint i = 0; i < json_array_get_length (anomalies); i++)
    {
      JsonObject *a = json_array_get_object_element (anomalies, i);

      if (g_strcmp0 (json_object_get_string_member (a, "id"), id) == 0)
        return a;
    }
  ck_abort_msg ("anomalies.json has no %s", id);
  return NULL;
}

/* ------------------------------------------------------------------------
 * Restatement: two exports
 * ------------------------------------------------------------------------ */

/* What was reported: up to 1 March 2025. */
static const char reported_csv[] =
  "date,id,shop,amount\n"
  "2025-01-10,1,a,10\n"
  "2025-01-20,2,b,20\n"
  "2025-02-05,3,a,30\n"
  "2025-02-15,4,b,40\n"
  "2025-03-01,5,a,50\n";

/* The data now: id 2's amount changed (January), id 4 removed and id 6
 * added (February), ids 7 and 8 came after the reference's end. */
static const char now_csv[] =
  "date,id,shop,amount\n"
  "2025-01-10,1,a,10\n"
  "2025-01-20,2,b,25\n"
  "2025-02-05,3,a,30\n"
  "2025-02-20,6,a,60\n"
  "2025-03-01,5,a,50\n"
  "2025-03-10,7,b,70\n"
  "2025-04-01,8,a,80\n";

static KpiCheck *
restatement (const char *key)
{
  KpiCheck *check = kpi_restatement_check_new ("now", "reported");
  const char *keys[] = { key, NULL };

  if (key != NULL)
    kpi_check_set_key_fields (check, keys);
  return check;
}

/* By key: January has 1 row changed (sum 10 + 20 = 30 → 10 + 25 = 35,
 * +16.7 %), February 1 added and 1 removed (30 + 40 = 70 → 30 + 60 = 90,
 * +28.6 %), March (compared up to the reference's last row, 1 March) is
 * as reported; the rows of 10 March and April are new. Two periods
 * restated: observed 2 > 0, a failure. Rows compared: the pairs 1, 2, 3
 * and 5, the added 6 and the removed 4: 6; unexpected: 3. */
START_TEST (test_restatement_by_key)
{
  g_autoptr(KpiContext) context = context_with ("reported", reported_csv, "now", now_csv, NULL);
  g_autoptr(KpiCheck) check = restatement ("id");
  g_autoptr(KpiCheckResult) result = run_ok (check, context);
  double lo, hi;

  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_FAIL);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "2 periods restated since “reported”: "
                    "2025-01: 1 row changed, sum(amount) 30.00 → 35.00 (+16.7 %); "
                    "2025-02: 1 row added, 1 row removed, sum(amount) 70.00 → 90.00 (+28.6 %)");
  ck_assert (kpi_check_result_get_observed (result) == 2);
  kpi_check_result_get_expected (result, &lo, &hi);
  ck_assert (lo == 0 && hi == 0);
  ck_assert_uint_eq (kpi_check_result_get_element_count (result), 6);
  ck_assert_uint_eq (kpi_check_result_get_missing_count (result), 0);
  ck_assert_uint_eq (kpi_check_result_get_unexpected_count (result), 3);
  /* rows added and removed: whole rows */
  ck_assert_ptr_null (kpi_check_result_get_fields (result)[0]);
  ck_assert_uint_eq (kpi_check_result_get_n_affected (result), 2);
  ck_assert_str_eq (kpi_period_get_label (kpi_check_result_get_affected (result, 0, NULL, NULL)), "2025-01");
  ck_assert_str_eq (kpi_period_get_label (kpi_check_result_get_affected (result, 1, NULL, NULL)), "2025-02");
  /* the changed row (id 2, row 1) and the added one (id 6, row 3) */
  ck_assert_uint_eq (kpi_check_result_get_n_samples (result), 2);
  ck_assert_uint_eq (kpi_check_result_get_sample_row (result, 0), 1);
  ck_assert_str_eq (kpi_check_result_get_sample_keys (result, 0)[0], "2");
  ck_assert_uint_eq (kpi_check_result_get_sample_row (result, 1), 3);
  ck_assert_str_eq (kpi_check_result_get_sample_keys (result, 1)[0], "6");
  ck_assert_str_eq (kpi_check_result_get_check_type (result), "restatement");

  /* The finding taints January and February of the checked dataset, not
   * March. */
  {
    g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
    g_autoptr(KpiPeriod) jan = kpi_test_parse_period (calendar, "2025-01");
    g_autoptr(KpiPeriod) mar = kpi_test_parse_period (calendar, "2025-03");
    const char *amount[] = { "amount", NULL };

    ck_assert (kpi_check_result_affects (result, "now", amount, jan, NULL, NULL));
    ck_assert (!kpi_check_result_affects (result, "now", amount, mar, NULL, NULL));
    ck_assert (!kpi_check_result_affects (result, "reported", amount, jan, NULL, NULL));
  }
}
END_TEST

/* Only values changed: the scope is the changed fields. A dimension
 * changed is a field too. A row moved to another month is changed in
 * both months, and makes the finding about whole rows. */
START_TEST (test_restatement_changed_fields)
{
  static const char amount_csv[] =
    "date,id,shop,amount\n"
    "2025-01-10,1,a,10\n"
    "2025-01-20,2,b,25\n"
    "2025-02-05,3,a,30\n"
    "2025-02-15,4,b,40\n"
    "2025-03-01,5,a,50\n";
  static const char shop_csv[] =
    "date,id,shop,amount\n"
    "2025-01-10,1,a,10\n"
    "2025-01-20,2,b,20\n"
    "2025-02-05,3,c,30\n"
    "2025-02-15,4,b,40\n"
    "2025-03-01,5,a,50\n";
  static const char moved_csv[] =
    "date,id,shop,amount\n"
    "2025-01-10,1,a,10\n"
    "2025-02-01,2,b,20\n"
    "2025-02-05,3,a,30\n"
    "2025-02-15,4,b,40\n"
    "2025-03-01,5,a,50\n";
  g_autoptr(KpiContext) context = context_with ("reported", reported_csv, "amount", amount_csv,
                                                "shop", shop_csv, "moved", moved_csv, NULL);
  g_autoptr(KpiCheck) check = restatement ("id");
  g_autoptr(KpiCheckResult) by_amount = NULL;
  g_autoptr(KpiCheckResult) by_shop = NULL;
  g_autoptr(KpiCheckResult) moved = NULL;
  const char * const *fields;

  kpi_check_set_dataset_name (check, "amount");
  by_amount = run_ok (check, context);
  fields = kpi_check_result_get_fields (by_amount);
  ck_assert_str_eq (fields[0], "amount");
  ck_assert_ptr_null (fields[1]);
  ck_assert (kpi_check_result_get_observed (by_amount) == 1);

  kpi_check_set_dataset_name (check, "shop");
  by_shop = run_ok (check, context);
  fields = kpi_check_result_get_fields (by_shop);
  ck_assert_str_eq (fields[0], "shop");
  ck_assert_ptr_null (fields[1]);
  /* the sums did not change: only the count is said */
  ck_assert_str_eq (kpi_check_result_get_message (by_shop),
                    "1 period restated since “reported”: 2025-02: 1 row changed");

  kpi_check_set_dataset_name (check, "moved");
  moved = run_ok (check, context);
  ck_assert (kpi_check_result_get_observed (moved) == 2);
  ck_assert_ptr_null (kpi_check_result_get_fields (moved)[0]);
  ck_assert_str_eq (kpi_check_result_get_message (moved),
                    "2 periods restated since “reported”: "
                    "2025-01: 1 row changed, sum(amount) 30.00 → 10.00 (-66.7 %); "
                    "2025-02: 1 row changed, sum(amount) 70.00 → 90.00 (+28.6 %)");
}
END_TEST

/* Without key fields the rows of a period are a multiset: the changed row
 * of January is one removed and one added. (With no fields set, the sums
 * are those of every measure, id included: the id is no key here.) */
START_TEST (test_restatement_without_keys)
{
  g_autoptr(KpiContext) context = context_with ("reported", reported_csv, "now", now_csv, NULL);
  g_autoptr(KpiCheck) check = restatement (NULL);
  g_autoptr(KpiCheckResult) result = NULL;
  g_autoptr(KpiCheckResult) all_sums = run_ok (check, context);
  const char *amount[] = { "amount", NULL };

  /* February: sum(id) 3 + 4 = 7 → 3 + 6 = 9 */
  kpi_test_assert_contains (kpi_check_result_get_message (all_sums),
                            "2025-02: 1 row added, 1 row removed, sum(id) 7.00 → 9.00 (+28.6 %), "
                            "sum(amount) 70.00 → 90.00 (+28.6 %)");
  kpi_check_set_fields (check, amount);
  result = run_ok (check, context);

  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_FAIL);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "2 periods restated since “reported”: "
                    "2025-01: 1 row added, 1 row removed, sum(amount) 30.00 → 35.00 (+16.7 %); "
                    "2025-02: 1 row added, 1 row removed, sum(amount) 70.00 → 90.00 (+28.6 %) "
                    "(with no key fields to match rows, a changed row is one removed and one added)");
  /* pairs 1, 3 and 5; added 2 and 6, removed 2 and 4 */
  ck_assert_uint_eq (kpi_check_result_get_element_count (result), 7);
  ck_assert_uint_eq (kpi_check_result_get_unexpected_count (result), 4);
}
END_TEST

/* A key held by several rows pairs them in order: a batch loaded twice in
 * both exports is no restatement, a third copy is a row added (10 + 10 +
 * 20 = 40 → 50, +25 %). Periods
 * by group: the affected groups are those of the rows that differ. */
START_TEST (test_restatement_duplicates_and_groups)
{
  static const char twice_csv[] =
    "date,id,shop,amount\n"
    "2025-01-10,1,a,10\n"
    "2025-01-10,1,a,10\n"
    "2025-01-20,2,b,20\n";
  static const char thrice_csv[] =
    "date,id,shop,amount\n"
    "2025-01-10,1,a,10\n"
    "2025-01-10,1,a,10\n"
    "2025-01-10,1,a,10\n"
    "2025-01-20,2,b,20\n";
  g_autoptr(KpiContext) context = context_with ("reported", twice_csv, "now", twice_csv,
                                                "thrice", thrice_csv, "changed", now_csv,
                                                "before", reported_csv, NULL);
  g_autoptr(KpiCheck) check = restatement ("id");
  g_autoptr(KpiCheckResult) same = run_ok (check, context);
  g_autoptr(KpiCheckResult) third = NULL;
  g_autoptr(KpiCheckResult) grouped = NULL;

  ck_assert_int_eq (kpi_check_result_get_status (same), KPI_CHECK_STATUS_PASS);
  ck_assert_str_eq (kpi_check_result_get_message (same),
                    "no restatement: 1 period (3 rows) match the reference “reported”");
  ck_assert (kpi_check_result_get_observed (same) == 0);
  ck_assert_uint_eq (kpi_check_result_get_n_affected (same), 0);

  kpi_check_set_dataset_name (check, "thrice");
  third = run_ok (check, context);
  ck_assert_str_eq (kpi_check_result_get_message (third),
                    "1 period restated since “reported”: 2025-01: 1 row added, sum(amount) 40.00 → 50.00 (+25.0 %)");

  /* January: id 2 of shop b changed; February: id 6 of shop a added, id 4
   * of shop b removed */
  kpi_check_set_dataset_name (check, "changed");
  kpi_restatement_check_set_reference_dataset_name (KPI_RESTATEMENT_CHECK (check), "before");
  kpi_check_set_group_by (check, "shop");
  grouped = run_ok (check, context);
  ck_assert_uint_eq (kpi_check_result_get_n_affected (grouped), 3);
  for (guint i = 0; i < 3; i++)
    {
      static const char * const expected[] = { "2025-01 b", "2025-02 a", "2025-02 b" };
      g_autofree char *text = affected_text (grouped, i);
      const char *dimension;

      ck_assert_str_eq (text, expected[i]);
      kpi_check_result_get_affected (grouped, i, &dimension, NULL);
      ck_assert_str_eq (dimension, "shop");
    }
}
END_TEST

/* The check's period narrows the comparison; a period the reference does
 * not hold, an empty reference: nothing was reported, insufficient data.
 * The thresholds decide: one restated period with a failure threshold of
 * 1 is only a warning. */
START_TEST (test_restatement_period_and_edges)
{
  g_autoptr(KpiContext) context = context_with ("reported", reported_csv, "now", now_csv,
                                                "empty", "date,id,shop,amount\n", NULL);
  g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
  g_autoptr(KpiPeriod) feb = kpi_test_parse_period (calendar, "2025-02");
  g_autoptr(KpiPeriod) may = kpi_test_parse_period (calendar, "2025-05");
  g_autoptr(KpiCheck) check = restatement ("id");
  g_autoptr(KpiCheckResult) only_feb = NULL;
  g_autoptr(KpiCheckResult) warned = NULL;
  g_autoptr(KpiCheckResult) nothing = NULL;
  g_autoptr(KpiCheckResult) empty = NULL;

  kpi_check_set_period (check, feb);
  only_feb = run_ok (check, context);
  ck_assert (kpi_check_result_get_observed (only_feb) == 1);
  ck_assert_uint_eq (kpi_check_result_get_n_affected (only_feb), 1);

  kpi_check_set_thresholds (check, 0, 1);
  warned = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (warned), KPI_CHECK_STATUS_WARN);

  kpi_check_set_period (check, may);
  nothing = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (nothing), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  ck_assert_str_eq (kpi_check_result_get_message (nothing),
                    "the reference “reported” has no data in 2025-05: nothing was reported to compare with");

  kpi_check_set_period (check, NULL);
  kpi_restatement_check_set_reference_dataset_name (KPI_RESTATEMENT_CHECK (check), "empty");
  empty = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (empty), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  kpi_test_assert_contains (kpi_check_result_get_message (empty), "“empty” has no rows");
}
END_TEST

/* ------------------------------------------------------------------------ */

int
main (void)
{
  const KpiTestCase cases[] = {
    { "restatement-by-key", test_restatement_by_key },
    { "restatement-changed-fields", test_restatement_changed_fields },
    { "restatement-without-keys", test_restatement_without_keys },
    { "restatement-duplicates-and-groups", test_restatement_duplicates_and_groups },
    { "restatement-period-and-edges", test_restatement_period_and_edges },
  };

  (void) run_error;
  (void) sample_dir;
  (void) load_sample;
  (void) anomaly;
  return kpi_test_run ("check-restate", cases, G_N_ELEMENTS (cases), 0);
}
