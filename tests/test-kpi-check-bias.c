/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test-kpi-check-bias.c: KpiEstimateBiasCheck, the tracking signal of
 * estimates against what happened */

#include "kpi-test.h"

#include <json-glib/json-glib.h>

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

static KpiContext *
context_with (const char *name,
              KpiDataset *dataset)
{
  KpiContext *context = kpi_context_new (NULL);

  kpi_context_add_dataset (context, name, dataset);
  return context;
}

/* A remaining-work check of the dataset "tasks": task, remaining, spent,
 * done, grouped by team. */
static KpiCheck *
tasks_check (void)
{
  KpiCheck *check = kpi_estimate_bias_check_new ("tasks", KPI_ESTIMATE_BIAS_MODE_REMAINING_WORK,
                                                 "task", "remaining");

  kpi_estimate_bias_check_set_spent_field (KPI_ESTIMATE_BIAS_CHECK (check), "spent");
  kpi_estimate_bias_check_set_done_field (KPI_ESTIMATE_BIAS_CHECK (check), "done");
  kpi_check_set_group_by (check, "team");
  return check;
}

/* An outcome check of the dataset "opportunities": opportunity,
 * probability × amount, stage, grouped by rep. */
static KpiCheck *
pipeline_check (void)
{
  KpiCheck *check = kpi_estimate_bias_check_new ("opportunities", KPI_ESTIMATE_BIAS_MODE_OUTCOME,
                                                 "opportunity", "probability");

  kpi_estimate_bias_check_set_amount_field (KPI_ESTIMATE_BIAS_CHECK (check), "amount");
  kpi_estimate_bias_check_set_stage_field (KPI_ESTIMATE_BIAS_CHECK (check), "stage");
  kpi_check_set_group_by (check, "rep");
  return check;
}

static KpiCheckResult *
run_ok (KpiCheck   *check,
        KpiContext *context)
{
  GError *error = NULL;
  KpiCheckResult *result = kpi_check_run (check, context, NULL, &error);

  ck_assert_msg (result != NULL, "%s", error != NULL ? error->message : "no result");
  ck_assert (g_utf8_validate (kpi_check_result_get_message (result), -1, NULL));
  ck_assert_ptr_null (strstr (kpi_check_result_get_message (result), "nan"));
  ck_assert_ptr_null (strstr (kpi_check_result_get_message (result), "inf"));
  return result;
}

static void
assert_run_error (KpiCheck   *check,
                  KpiContext *context,
                  int         code,
                  const char *needle)
{
  GError *error = NULL;
  KpiCheckResult *result = kpi_check_run (check, context, NULL, &error);

  ck_assert_ptr_null (result);
  ck_assert_msg (g_error_matches (error, KPI_CHECK_ERROR, code), "expected code %d, got %s",
                 code, error != NULL ? error->message : "no error");
  ck_assert (g_utf8_validate (error->message, -1, NULL));
  kpi_test_assert_contains (error->message, needle);
  g_error_free (error);
}

/* Two tasks of team x done, one of team y never done (hand-worked in
 * test_remaining_work_worked_out). */
static const char TASKS[] =
  "date,task,team,spent,remaining,done\n"
  "2025-01-06,A,x,0,10,0\n"    /* row 0 */
  "2025-01-06,B,x,0,5,0\n"     /* row 1 */
  "2025-01-06,C,y,0,5,0\n"     /* row 2 */
  "2025-01-13,A,x,4,8,0\n"     /* row 3 */
  "2025-01-13,B,x,3,4,0\n"     /* row 4 */
  "2025-01-13,C,y,2,5,0\n"     /* row 5 */
  "2025-01-20,A,x,9,2,0\n"     /* row 6 */
  "2025-01-20,B,x,6,0,1\n"     /* row 7 */
  "2025-01-27,A,x,12,0,1\n";   /* row 8 */

/* ------------------------------------------------------------------------
 * Remaining work, by hand
 * ------------------------------------------------------------------------ */

START_TEST (test_remaining_work_worked_out)
{
  g_autoptr(KpiDataset) ds = kpi_test_load (TASKS, NULL);
  g_autoptr(KpiContext) context = context_with ("tasks", ds);
  g_autoptr(KpiCheck) check = tasks_check ();
  g_autoptr(KpiCheckResult) result = NULL;
  const KpiPeriod *period;
  const char *dimension, *group;
  const char * const *keys;
  double min, max;

  /* A finishes at 12 hours: left at its reports 12 − 0, 12 − 4, 12 − 9 =
   * 12, 8, 3 against 10, 8, 2: errors +2, 0, +1. B finishes at 6: left
   * 6, 3 against 5, 4: +1, −1. C is never done: not scored.
   * Team x: Σe = 3, Σ|e| = 5, n = 5, MAD = 1, TS = 3 / 1 = +3. */
  kpi_estimate_bias_check_set_min_estimates (KPI_ESTIMATE_BIAS_CHECK (check), 5);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_PASS);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 3.0, 1e-12);
  kpi_test_assert_contains (kpi_check_result_get_message (result), "no bias beyond ±4");
  kpi_test_assert_contains (kpi_check_result_get_message (result),
                            "x: tracking signal +3.0 over 5 estimates of 2 entities");
  kpi_check_result_get_expected (result, &min, &max);
  ck_assert (isnan (min));
  kpi_test_assert_close (max, 4.0, 0);
  ck_assert_uint_eq (kpi_check_result_get_n_affected (result), 0);
  g_clear_object (&result);

  /* a warning beyond ±2: x is biased, under-estimated by Σe / Σactual =
   * 3 / (12 + 8 + 3 + 6 + 3) = 9.4 %, mean error 3 / 5 = +0.6 */
  kpi_check_set_thresholds (check, 2, 10);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_WARN);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "x: tracking signal +3.0 over 5 estimates of 2 entities, beyond ±2: "
                    "remaining work under-estimated by 9 % on average (mean error +0.6)");
  /* 9 rows read, none missing, the 5 estimates of x unexpected */
  ck_assert_uint_eq (kpi_check_result_get_element_count (result), 9);
  ck_assert_uint_eq (kpi_check_result_get_missing_count (result), 0);
  ck_assert_uint_eq (kpi_check_result_get_unexpected_count (result), 5);
  /* the scope: the estimate field, January for team x */
  ck_assert_str_eq (kpi_check_result_get_fields (result)[0], "remaining");
  ck_assert_ptr_null (kpi_check_result_get_fields (result)[1]);
  ck_assert_uint_eq (kpi_check_result_get_n_affected (result), 1);
  period = kpi_check_result_get_affected (result, 0, &dimension, &group);
  ck_assert_str_eq (kpi_period_get_label (period), "2025-01");
  ck_assert_str_eq (dimension, "team");
  ck_assert_str_eq (group, "x");
  /* the sample: the estimate that missed the most, A's first (+2) */
  ck_assert_uint_eq (kpi_check_result_get_n_samples (result), 1);
  ck_assert_uint_eq (kpi_check_result_get_sample_row (result, 0), 0);
  keys = kpi_check_result_get_sample_keys (result, 0);
  ck_assert_str_eq (keys[0], "2025-01-06");
  ck_assert_str_eq (keys[1], "A");
  ck_assert_str_eq (keys[2], "10");
  g_clear_object (&result);

  /* the default minimum, 8: not enough estimates */
  kpi_estimate_bias_check_set_min_estimates (KPI_ESTIMATE_BIAS_CHECK (check), 8);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  ck_assert (isnan (kpi_check_result_get_observed (result)));
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "x: 5 scored estimates, fewer than the 8 needed to judge a bias "
                    "(the most of 1 group)");
}
END_TEST

START_TEST (test_remaining_work_z_score)
{
  g_autoptr(KpiDataset) ds = kpi_test_load (TASKS, NULL);
  g_autoptr(KpiContext) context = context_with ("tasks", ds);
  g_autoptr(KpiCheck) check = tasks_check ();
  g_autoptr(KpiCheckResult) result = NULL;

  /* Same errors; per task: E_A = 2 + 0 + 1 = 3, E_B = 1 − 1 = 0.
   * z = Σe / √(E_A² + E_B²) = 3 / √9 = +1. */
  kpi_estimate_bias_check_set_min_estimates (KPI_ESTIMATE_BIAS_CHECK (check), 5);
  kpi_estimate_bias_check_set_statistic (KPI_ESTIMATE_BIAS_CHECK (check),
                                         KPI_ESTIMATE_BIAS_STATISTIC_Z_SCORE);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_PASS);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 1.0, 1e-12);
  kpi_test_assert_contains (kpi_check_result_get_message (result), "x: z-score +1.0 over 5");
}
END_TEST

START_TEST (test_no_group_by)
{
  g_autoptr(KpiDataset) ds = kpi_test_load (TASKS, NULL);
  g_autoptr(KpiContext) context = context_with ("tasks", ds);
  g_autoptr(KpiCheck) check = tasks_check ();
  g_autoptr(KpiCheckResult) result = NULL;
  const char *dimension = "?", *group = "?";

  /* the whole data: the same 5 estimates (C is never done), TS +3 */
  kpi_check_set_group_by (check, NULL);
  kpi_estimate_bias_check_set_min_estimates (KPI_ESTIMATE_BIAS_CHECK (check), 5);
  kpi_check_set_thresholds (check, 2.5, NAN);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_WARN);
  ck_assert (g_str_has_prefix (kpi_check_result_get_message (result),
                               "tracking signal +3.0 over 5 estimates of 2 entities, beyond ±2.5"));
  ck_assert_uint_eq (kpi_check_result_get_n_affected (result), 1);
  kpi_check_result_get_affected (result, 0, &dimension, &group);
  ck_assert_ptr_null (dimension);
  ck_assert_ptr_null (group);
}
END_TEST

START_TEST (test_every_error_the_same)
{
  g_autoptr(KpiDataset) ds = NULL;
  g_autoptr(KpiContext) context = NULL;
  g_autoptr(KpiCheck) check = tasks_check ();
  g_autoptr(KpiCheckResult) result = NULL;
  g_autoptr(GString) csv = g_string_new ("date,task,team,spent,remaining,done\n");

  /* One task of 10 reports, 10 hours a week, done at 100 hours: at report
   * k (0..9) it has spent 10k and 100 − 10k is left; the team says 2
   * hours less every week, so every error is +2. The MAD is 2 (the mean
   * of |e|, not the spread around the mean, which is 0): TS = 10 × 2 / 2
   * = +10 = n, beyond the failure threshold, 6. Under-estimated by
   * Σe / Σactual = 20 / 550 = 3.6 %. */
  for (int k = 0; k <= 10; k++)
    g_string_append_printf (csv, "2025-02-%02d,T,w,%d,%d,%d\n", 1 + k, 10 * k,
                            k < 10 ? 100 - 10 * k - 2 : 0, k == 10);
  ds = kpi_test_load (csv->str, NULL);
  context = context_with ("tasks", ds);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_FAIL);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 10.0, 1e-12);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "w: tracking signal +10.0 over 10 estimates of 1 entity, beyond ±6: "
                    "remaining work under-estimated by 4 % on average (mean error +2.0)");
  g_clear_object (&result);

  /* the z-score of one entity is ±1 whatever its errors: its estimates
   * are one piece of evidence */
  kpi_estimate_bias_check_set_statistic (KPI_ESTIMATE_BIAS_CHECK (check),
                                         KPI_ESTIMATE_BIAS_STATISTIC_Z_SCORE);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_PASS);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 1.0, 1e-12);
}
END_TEST

START_TEST (test_every_error_zero)
{
  g_autoptr(KpiDataset) ds = NULL;
  g_autoptr(KpiContext) context = NULL;
  g_autoptr(KpiCheck) check = tasks_check ();
  g_autoptr(KpiCheckResult) result = NULL;
  g_autoptr(GString) csv = g_string_new ("date,task,team,spent,remaining,done\n");

  /* Every estimate exactly right: Σe = 0 and MAD = 0. 0 / 0 is taken as
   * a tracking signal of 0 (no bias), not as a missing value. */
  for (int k = 0; k <= 8; k++)
    g_string_append_printf (csv, "2025-02-%02d,T,w,%d,%d,%d\n", 1 + k, 5 * k,
                            40 - 5 * k, k == 8);
  ds = kpi_test_load (csv->str, NULL);
  context = context_with ("tasks", ds);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_PASS);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 0.0, 0);
  kpi_test_assert_contains (kpi_check_result_get_message (result),
                            "w: tracking signal 0.0 over 8 estimates of 1 entity (mean error 0.0)");
  g_clear_object (&result);

  kpi_estimate_bias_check_set_statistic (KPI_ESTIMATE_BIAS_CHECK (check),
                                         KPI_ESTIMATE_BIAS_STATISTIC_Z_SCORE);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_PASS);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 0.0, 0);
}
END_TEST

START_TEST (test_never_done)
{
  g_autoptr(KpiDataset) ds = NULL;
  g_autoptr(KpiContext) context = NULL;
  g_autoptr(KpiCheck) check = tasks_check ();
  g_autoptr(KpiCheckResult) result = NULL;

  /* Nothing is finished, so no estimate can be scored: the work left is
   * not known yet. */
  ds = kpi_test_load ("date,task,team,spent,remaining,done\n"
                      "2025-01-06,C,y,0,5,0\n"
                      "2025-01-13,C,y,2,5,0\n"
                      "2025-01-13,D,y,0,7,0\n", NULL);
  context = context_with ("tasks", ds);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "no estimate to score: none of the 2 entities with estimates is done "
                    "(done: “done” is not 0 on its last report)");
  g_clear_object (&result);
  g_clear_object (&context);
  g_clear_object (&ds);

  /* a task done, then reopened: not finished */
  ds = kpi_test_load ("date,task,team,spent,remaining,done\n"
                      "2025-01-06,C,y,0,5,0\n"
                      "2025-01-13,C,y,5,0,1\n"
                      "2025-01-20,C,y,6,3,0\n", NULL);
  context = context_with ("tasks", ds);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  kpi_test_assert_contains (kpi_check_result_get_message (result),
                            "the only entity with estimates is not done");
}
END_TEST

START_TEST (test_no_rows)
{
  g_autoptr(KpiDataset) ds = kpi_dataset_new ("date");
  g_autoptr(KpiContext) context = context_with ("tasks", ds);
  g_autoptr(KpiCheck) check = tasks_check ();
  g_autoptr(KpiCheckResult) result = NULL;
  GError *error = NULL;

  /* the columns, and no row */
  ck_assert (kpi_dataset_add_column (ds, "task", KPI_COLUMN_DIMENSION, &error));
  ck_assert (kpi_dataset_add_column (ds, "team", KPI_COLUMN_DIMENSION, &error));
  ck_assert (kpi_dataset_add_column (ds, "spent", KPI_COLUMN_MEASURE, &error));
  ck_assert (kpi_dataset_add_column (ds, "remaining", KPI_COLUMN_MEASURE, &error));
  ck_assert (kpi_dataset_add_column (ds, "done", KPI_COLUMN_MEASURE, &error));
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  ck_assert_str_eq (kpi_check_result_get_message (result), "no rows: no estimate to judge");
  ck_assert (isnan (kpi_check_result_get_observed (result)));
}
END_TEST

START_TEST (test_missing_values)
{
  g_autoptr(KpiDataset) ds = NULL;
  g_autoptr(KpiContext) context = NULL;
  g_autoptr(KpiCheck) check = tasks_check ();
  g_autoptr(KpiCheckResult) result = NULL;

  /* TASKS with holes: A's second report has no estimate, B's first no
   * spent, C's first no team, and an extra row has no task. Scored: A's
   * +2 and +1, B's −1: Σe = 2, Σ|e| = 4, MAD = 4 / 3, TS = 2 / (4 / 3)
   * = +1.5. Missing: 4 rows. */
  ds = kpi_test_load ("date,task,team,spent,remaining,done\n"
                      "2025-01-06,A,x,0,10,0\n"
                      "2025-01-06,B,x,,5,0\n"
                      "2025-01-06,C,,0,5,0\n"
                      "2025-01-06,,x,0,5,0\n"
                      "2025-01-13,A,x,4,,0\n"
                      "2025-01-13,B,x,3,4,0\n"
                      "2025-01-13,C,y,2,5,0\n"
                      "2025-01-20,A,x,9,2,0\n"
                      "2025-01-20,B,x,6,0,1\n"
                      "2025-01-27,A,x,12,0,1\n", NULL);
  context = context_with ("tasks", ds);
  kpi_estimate_bias_check_set_min_estimates (KPI_ESTIMATE_BIAS_CHECK (check), 3);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_PASS);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 1.5, 1e-12);
  ck_assert_uint_eq (kpi_check_result_get_element_count (result), 10);
  ck_assert_uint_eq (kpi_check_result_get_missing_count (result), 4);
  kpi_test_assert_contains (kpi_check_result_get_message (result), "; 4 rows with a missing value");
  g_clear_object (&result);
  g_clear_object (&context);
  g_clear_object (&ds);

  /* every estimate missing */
  ds = kpi_test_load ("date,task,team,spent,remaining,done\n"
                      "2025-01-06,A,x,0,,0\n"
                      "2025-01-13,A,x,4,,0\n"
                      "2025-01-20,A,x,9,0,1\n", NULL);
  context = context_with ("tasks", ds);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "no estimate to score in 3 rows; 2 rows with a missing value");
}
END_TEST

START_TEST (test_period)
{
  g_autoptr(KpiDataset) ds = kpi_test_load (TASKS, NULL);
  g_autoptr(KpiContext) context = context_with ("tasks", ds);
  g_autoptr(KpiCheck) check = tasks_check ();
  g_autoptr(KpiCheckResult) result = NULL;
  g_autoptr(KpiPeriod) week = kpi_test_parse_period (kpi_context_get_calendar (context), "2025-W03");
  g_autoptr(KpiPeriod) week2 = kpi_test_parse_period (kpi_context_get_calendar (context), "2025-W06");
  const KpiPeriod *period;

  /* Only the reports of 2025-W03 (13-19 January) are scored, against the
   * outcomes read from all the rows: A's 8 − 8 = 0 and B's 3 − 4 = −1.
   * Σe = −1, Σ|e| = 1, MAD = 1 / 2, TS = −2. */
  kpi_check_set_period (check, week);
  kpi_check_set_granularity (check, KPI_GRANULARITY_WEEK);
  kpi_estimate_bias_check_set_min_estimates (KPI_ESTIMATE_BIAS_CHECK (check), 2);
  kpi_check_set_thresholds (check, 1, NAN);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_WARN);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 2.0, 1e-12);
  kpi_test_assert_contains (kpi_check_result_get_message (result),
                            "x: tracking signal −2.0 over 2 estimates of 2 entities, beyond ±1: "
                            "remaining work over-estimated by 9 % on average (mean error −0.5)");
  ck_assert_uint_eq (kpi_check_result_get_element_count (result), 3);
  ck_assert_uint_eq (kpi_check_result_get_n_affected (result), 1);
  period = kpi_check_result_get_affected (result, 0, NULL, NULL);
  ck_assert (kpi_period_equal (period, week));
  g_clear_object (&result);

  /* a week with no row */
  kpi_check_set_period (check, week2);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  ck_assert_str_eq (kpi_check_result_get_message (result), "no estimate to score in 0 rows of 2025-W06");
}
END_TEST

START_TEST (test_errors)
{
  g_autoptr(KpiDataset) ds = kpi_test_load (TASKS, NULL);
  g_autoptr(KpiContext) context = context_with ("tasks", ds);
  g_autoptr(KpiCheck) check = tasks_check ();

  kpi_check_set_id (check, "apollo_bias");
  kpi_estimate_bias_check_set_estimate_field (KPI_ESTIMATE_BIAS_CHECK (check), "remainig");
  assert_run_error (check, context, KPI_CHECK_ERROR_UNKNOWN_FIELD,
                    "apollo_bias: unknown field “remainig”; did you mean “remaining”?");
  kpi_estimate_bias_check_set_estimate_field (KPI_ESTIMATE_BIAS_CHECK (check), NULL);
  assert_run_error (check, context, KPI_CHECK_ERROR_INVALID,
                    "apollo_bias: no estimate-field: expected the name of a measure column");
  kpi_estimate_bias_check_set_estimate_field (KPI_ESTIMATE_BIAS_CHECK (check), "team");
  assert_run_error (check, context, KPI_CHECK_ERROR_INVALID,
                    "apollo_bias: the estimate-field “team” is not a measure");
  kpi_estimate_bias_check_set_estimate_field (KPI_ESTIMATE_BIAS_CHECK (check), "remaining");
  kpi_estimate_bias_check_set_entity_field (KPI_ESTIMATE_BIAS_CHECK (check), "spent");
  assert_run_error (check, context, KPI_CHECK_ERROR_INVALID,
                    "apollo_bias: the entity-field “spent” is not a dimension");
  kpi_estimate_bias_check_set_entity_field (KPI_ESTIMATE_BIAS_CHECK (check), "task");
  kpi_estimate_bias_check_set_done_field (KPI_ESTIMATE_BIAS_CHECK (check), NULL);
  assert_run_error (check, context, KPI_CHECK_ERROR_INVALID, "apollo_bias: no done-field");
  kpi_estimate_bias_check_set_done_field (KPI_ESTIMATE_BIAS_CHECK (check), "done");
  kpi_check_set_group_by (check, "spent");
  assert_run_error (check, context, KPI_CHECK_ERROR_INVALID,
                    "apollo_bias: the group-by “spent” is not a dimension");
  kpi_check_set_group_by (check, "team");

  /* the outcome mode needs an amount and a stage */
  kpi_estimate_bias_check_set_mode (KPI_ESTIMATE_BIAS_CHECK (check), KPI_ESTIMATE_BIAS_MODE_OUTCOME);
  assert_run_error (check, context, KPI_CHECK_ERROR_INVALID, "apollo_bias: no amount-field");
  kpi_estimate_bias_check_set_amount_field (KPI_ESTIMATE_BIAS_CHECK (check), "spent");
  kpi_estimate_bias_check_set_stage_field (KPI_ESTIMATE_BIAS_CHECK (check), "team");
  {
    const char * const both[] = { "won", "x", NULL };
    const char * const lost[] = { "x", NULL };

    kpi_estimate_bias_check_set_won_values (KPI_ESTIMATE_BIAS_CHECK (check), both);
    kpi_estimate_bias_check_set_lost_values (KPI_ESTIMATE_BIAS_CHECK (check), lost);
    assert_run_error (check, context, KPI_CHECK_ERROR_INVALID,
                      "apollo_bias: “x” is both a won and a lost value");
  }

  /* no dataset of that name */
  kpi_check_set_dataset_name (check, "taks");
  assert_run_error (check, context, KPI_CHECK_ERROR_NO_DATASET, "unknown dataset “taks”");
}
END_TEST

START_TEST (test_properties)
{
  g_autoptr(KpiCheck) check = kpi_estimate_bias_check_new ("t", KPI_ESTIMATE_BIAS_MODE_OUTCOME,
                                                           "opportunity", "probability");
  KpiEstimateBiasCheck *bias = KPI_ESTIMATE_BIAS_CHECK (check);
  g_auto(GStrv) won = NULL;
  guint notified = 0;
  KpiEstimateBiasMode mode;
  guint min;

  /* the defaults */
  kpi_test_assert_close (kpi_check_get_warn_threshold (check), 4.0, 0);
  kpi_test_assert_close (kpi_check_get_fail_threshold (check), 6.0, 0);
  ck_assert_int_eq (kpi_estimate_bias_check_get_mode (bias), KPI_ESTIMATE_BIAS_MODE_OUTCOME);
  ck_assert_int_eq (kpi_estimate_bias_check_get_statistic (bias), KPI_ESTIMATE_BIAS_STATISTIC_AUTO);
  ck_assert_uint_eq (kpi_estimate_bias_check_get_min_estimates (bias), 8);
  ck_assert_str_eq (kpi_estimate_bias_check_get_won_values (bias)[0], "won");
  ck_assert_ptr_null (kpi_estimate_bias_check_get_won_values (bias)[1]);
  ck_assert_str_eq (kpi_estimate_bias_check_get_lost_values (bias)[0], "lost");
  ck_assert_str_eq (kpi_estimate_bias_check_get_entity_field (bias), "opportunity");
  ck_assert_str_eq (kpi_estimate_bias_check_get_estimate_field (bias), "probability");
  ck_assert_ptr_null (kpi_estimate_bias_check_get_spent_field (bias));

  /* properties by name, as a checks file sets them; notified once */
  g_signal_connect (check, "notify", G_CALLBACK (kpi_test_count_notify), &notified);
  g_object_set (check, "mode", KPI_ESTIMATE_BIAS_MODE_REMAINING_WORK, "min-estimates", 12,
                "won-values", (const char * const []) { "closed-won", NULL }, NULL);
  ck_assert_uint_eq (notified, 3);
  g_object_set (check, "mode", KPI_ESTIMATE_BIAS_MODE_REMAINING_WORK, NULL);
  ck_assert_uint_eq (notified, 3);
  g_object_get (check, "mode", &mode, "min-estimates", &min, "won-values", &won, NULL);
  ck_assert_int_eq (mode, KPI_ESTIMATE_BIAS_MODE_REMAINING_WORK);
  ck_assert_uint_eq (min, 12);
  ck_assert_str_eq (won[0], "closed-won");

  /* the enumerations' nicks, as a checks file names them */
  {
    GEnumClass *modes = g_type_class_ref (KPI_TYPE_ESTIMATE_BIAS_MODE);
    GEnumClass *statistics = g_type_class_ref (KPI_TYPE_ESTIMATE_BIAS_STATISTIC);

    ck_assert_int_eq (g_enum_get_value_by_nick (modes, "remaining-work")->value,
                      KPI_ESTIMATE_BIAS_MODE_REMAINING_WORK);
    ck_assert_int_eq (g_enum_get_value_by_nick (modes, "outcome")->value,
                      KPI_ESTIMATE_BIAS_MODE_OUTCOME);
    ck_assert_int_eq (g_enum_get_value_by_nick (statistics, "tracking-signal")->value,
                      KPI_ESTIMATE_BIAS_STATISTIC_TRACKING_SIGNAL);
    ck_assert_int_eq (g_enum_get_value_by_nick (statistics, "z-score")->value,
                      KPI_ESTIMATE_BIAS_STATISTIC_Z_SCORE);
    g_type_class_unref (modes);
    g_type_class_unref (statistics);
  }
}
END_TEST

START_TEST (test_cancelled)
{
  g_autoptr(KpiDataset) ds = kpi_test_load (TASKS, NULL);
  g_autoptr(KpiContext) context = context_with ("tasks", ds);
  g_autoptr(KpiCheck) check = tasks_check ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GError *error = NULL;

  g_cancellable_cancel (cancellable);
  ck_assert_ptr_null (kpi_check_run (check, context, cancellable, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_error_free (error);
}
END_TEST

/* ------------------------------------------------------------------------
 * Outcomes, by hand
 * ------------------------------------------------------------------------ */

static const char OPPORTUNITIES[] =
  "date,opportunity,stage,amount,probability,rep\n"
  "2025-01-02,O1,lead,1000,0.1,r\n"          /* row 0 */
  "2025-01-02,O2,lead,3000,0.1,r\n"          /* row 1 */
  "2025-01-03,O3,lead,500,0.1,r\n"           /* row 2 */
  "2025-01-10,O1,proposal,1000,0.5,r\n"      /* row 3 */
  "2025-01-12,O2,lost,3000,0,r\n"            /* row 4 */
  "2025-02-20,O1,won,1000,1,r\n"             /* row 5 */
  "2025-02-21,O3,qualified,500,0.25,r\n";    /* row 6 */

START_TEST (test_outcome_worked_out)
{
  g_autoptr(KpiDataset) ds = kpi_test_load (OPPORTUNITIES, NULL);
  g_autoptr(KpiContext) context = context_with ("opportunities", ds);
  g_autoptr(KpiCheck) check = pipeline_check ();
  g_autoptr(KpiCheckResult) result = NULL;
  const char *group;

  /* O1 is won at 1000: its lead (0.1 × 1000 = 100) and proposal (500)
   * events err by +900 and +500; its won event is the outcome, not an
   * estimate. O2 is lost: its lead (0.1 × 3000 = 300) errs by −300. O3 is
   * still open: not scored.
   * Σe = 1100, n = 3. If the probabilities are right, an event's error
   * has a standard deviation of A √(p (1 − p)): 1000 × 0.3 = 300 and
   * 1000 × 0.5 = 500 for O1, whose errors count as one (S1 = 800),
   * 3000 × 0.3 = 900 for O2: z = 1100 / √(800² + 900²) = 1100 / √1 450 000
   * = 0.9135. Under-estimated by Σe / Σactual = 1100 / (1000 + 1000 + 0) = 55 %,
   * mean error 1100 / 3 = +366.7. */
  kpi_estimate_bias_check_set_min_estimates (KPI_ESTIMATE_BIAS_CHECK (check), 3);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_PASS);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 1100.0 / sqrt (1.45e6), 1e-12);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "no bias beyond ±4: 1 group judged, the largest r: z-score +0.9 over 3 "
                    "estimates of 2 entities (mean error +366.7)");
  g_clear_object (&result);

  /* The tracking signal: Σ|e| = 1700, MAD = 566.7, TS = 1100 / 566.7 =
   * 1.94; a warning beyond ±1.5, in January only (the estimates scored
   * are of 2 and 10 January; O3's of February is open) */
  kpi_estimate_bias_check_set_statistic (KPI_ESTIMATE_BIAS_CHECK (check),
                                         KPI_ESTIMATE_BIAS_STATISTIC_TRACKING_SIGNAL);
  kpi_check_set_thresholds (check, 1.5, 3);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_WARN);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 3300.0 / 1700.0, 1e-12);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "r: tracking signal +1.9 over 3 estimates of 2 entities, beyond ±1.5: "
                    "weighted amounts under-estimated by 55 % on average (mean error +366.7)");
  ck_assert_uint_eq (kpi_check_result_get_n_affected (result), 1);
  ck_assert_str_eq (kpi_period_get_label (kpi_check_result_get_affected (result, 0, NULL, &group)),
                    "2025-01");
  ck_assert_str_eq (group, "r");
  ck_assert_str_eq (kpi_check_result_get_fields (result)[0], "probability");
  /* the sample: O1's lead, which missed by 900 */
  ck_assert_uint_eq (kpi_check_result_get_sample_row (result, 0), 0);
  g_clear_object (&result);

  /* O1 won under another name */
  {
    const char * const won[] = { "closed-won", NULL };

    kpi_estimate_bias_check_set_won_values (KPI_ESTIMATE_BIAS_CHECK (check), won);
    kpi_estimate_bias_check_set_min_estimates (KPI_ESTIMATE_BIAS_CHECK (check), 1);
    result = run_ok (check, context);
    /* "won" is now an open stage: O1's last event is an estimate of
     * 1 × 1000 of an opportunity that is not closed. Only O2's −300 is
     * scored: TS = −300 / 300 = −1. */
    kpi_test_assert_close (kpi_check_result_get_observed (result), 1.0, 1e-12);
    kpi_test_assert_contains (kpi_check_result_get_message (result),
                              "r: tracking signal −1.0 over 1 estimate of 1 entity");
  }
}
END_TEST

START_TEST (test_outcome_nothing_closed)
{
  g_autoptr(KpiDataset) ds = NULL;
  g_autoptr(KpiContext) context = NULL;
  g_autoptr(KpiCheck) check = pipeline_check ();
  g_autoptr(KpiCheckResult) result = NULL;

  ds = kpi_test_load ("date,opportunity,stage,amount,probability,rep\n"
                      "2025-01-02,O1,lead,1000,0.1,r\n"
                      "2025-01-02,O2,lead,2000,0.1,s\n"
                      "2025-01-10,O1,proposal,1000,0.5,r\n", NULL);
  context = context_with ("opportunities", ds);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_INSUFFICIENT_DATA);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "no estimate to score: none of the 2 entities with estimates is closed "
                    "(closed: the “stage” of its last event is a won or lost value)");
}
END_TEST

START_TEST (test_outcome_entity_changes_group)
{
  g_autoptr(KpiDataset) ds = NULL;
  g_autoptr(KpiContext) context = NULL;
  g_autoptr(KpiCheck) check = pipeline_check ();
  g_autoptr(KpiCheckResult) result = NULL;

  /* O1 is handed from r to s between its two open events; it is won at
   * 1000. r's estimate 100 errs by +900 (spread 1000 √(0.1 × 0.9) = 300):
   * z = 900 / 300 = 3. s's 500 errs by +500 (spread 500), and O2 (s) is
   * lost, its 200 erring by −200 (spread 2000 × 0.3 = 600): Σe = 300,
   * z = 300 / √(500² + 600²) = 0.384. */
  ds = kpi_test_load ("date,opportunity,stage,amount,probability,rep\n"
                      "2025-01-02,O1,lead,1000,0.1,r\n"
                      "2025-01-02,O2,lead,2000,0.1,s\n"
                      "2025-01-10,O1,proposal,1000,0.5,s\n"
                      "2025-01-12,O2,lost,2000,0,s\n"
                      "2025-02-20,O1,won,1000,1,s\n", NULL);
  context = context_with ("opportunities", ds);
  kpi_estimate_bias_check_set_min_estimates (KPI_ESTIMATE_BIAS_CHECK (check), 1);
  kpi_check_set_thresholds (check, 0.9, NAN);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_WARN);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 3.0, 1e-12);
  kpi_test_assert_contains (kpi_check_result_get_message (result),
                            "r: z-score +3.0 over 1 estimate of 1 entity");
  ck_assert_ptr_null (strstr (kpi_check_result_get_message (result), "also"));
  g_clear_object (&result);

  kpi_check_set_group_by (check, NULL);
  kpi_check_set_thresholds (check, 4, 6);
  /* whole data: O1's spreads add up, 300 + 500 = 800; O2's 600:
   * z = (900 + 500 − 200) / √(800² + 600²) = 1200 / 1000 = 1.2 */
  result = run_ok (check, context);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 1.2, 1e-12);
  g_clear_object (&result);

  kpi_check_set_group_by (check, "rep");
  kpi_check_set_thresholds (check, 0.3, NAN);
  result = run_ok (check, context);
  /* both groups beyond 0.3: r first (+3.0), then s (+0.384) */
  kpi_test_assert_contains (kpi_check_result_get_message (result), "; also s: +0.4 over 2");
}
END_TEST

START_TEST (test_outcome_probabilities)
{
  g_autoptr(KpiDataset) ds = NULL;
  g_autoptr(KpiContext) context = NULL;
  g_autoptr(KpiCheck) check = pipeline_check ();
  g_autoptr(KpiCheckResult) result = NULL;

  /* O1 was committed at a probability of 1 and lost: an error of −1000.
   * Its spread takes p as 0.99: 1000 × √(0.99 × 0.01) = 99.50, and
   * z = −1000 / 99.50 = −10.05, a failure rather than an infinity. O2's
   * probability is a percentage, not a probability: not scored. */
  ds = kpi_test_load ("date,opportunity,stage,amount,probability,rep\n"
                      "2025-01-02,O1,commit,1000,1,r\n"
                      "2025-01-02,O2,lead,1000,25,r\n"
                      "2025-01-10,O1,lost,1000,0,r\n"
                      "2025-01-10,O2,lost,1000,0,r\n", NULL);
  context = context_with ("opportunities", ds);
  kpi_estimate_bias_check_set_min_estimates (KPI_ESTIMATE_BIAS_CHECK (check), 1);
  result = run_ok (check, context);
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_FAIL);
  kpi_test_assert_close (kpi_check_result_get_observed (result), 1.0 / sqrt (0.99 * 0.01), 1e-12);
  ck_assert_str_eq (kpi_check_result_get_message (result),
                    "r: z-score \u221210.1 over 1 estimate of 1 entity, beyond ±6: weighted amounts "
                    "over-estimated, against an actual total of 0 (mean error \u22121000.0); "
                    "1 row with a probability outside 0 to 1");
  ck_assert_uint_eq (kpi_check_result_get_missing_count (result), 1);
}
END_TEST

/* ------------------------------------------------------------------------
 * The generated sample data
 * ------------------------------------------------------------------------ */

static KpiDataset *
load_sample (const char *dir,
             const char *file)
{
  g_autofree char *path = g_build_filename (dir, file, NULL);
  KpiDataset *ds = kpi_dataset_new ("date");
  GError *error = NULL;

  ck_assert_msg (kpi_dataset_load_path (ds, path, NULL, &error), "%s: %s", path,
                 error != NULL ? error->message : "");
  return ds;
}

/* The manifest's underestimated_remaining_work anomaly. */
static JsonObject *
remaining_work_anomaly (JsonParser *parser,
                        const char *dir)
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

      if (g_strcmp0 (json_object_get_string_member (a, "id"), "underestimated_remaining_work") == 0)
        return a;
    }
  ck_abort_msg ("%s has no underestimated_remaining_work", path);
  return NULL;
}

START_TEST (test_sample_seeded)
{
  const char *dir = g_getenv ("KPI_TEST_DATA");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(KpiDataset) tasks = NULL;
  g_autoptr(KpiContext) context = NULL;
  g_autoptr(KpiCheck) check = tasks_check ();
  g_autoptr(KpiCheckResult) result = NULL;
  g_autofree char *expected = NULL;
  JsonObject *anomaly;
  JsonArray *task_ids;
  const char *team;
  double ts;
  guint scored;

  ck_assert_msg (dir != NULL, "KPI_TEST_DATA is not set");
  anomaly = remaining_work_anomaly (parser, dir);
  team = json_object_get_string_member (anomaly, "team");
  ts = json_object_get_double_member (anomaly, "tracking_signal");
  scored = (guint) json_object_get_int_member (anomaly, "estimates_scored");
  task_ids = json_object_get_array_member (anomaly, "task_ids");

  tasks = load_sample (dir, "project_tasks.csv");
  context = context_with ("tasks", tasks);
  result = run_ok (check, context);

  /* found with the defaults, the team named, the manifest's tracking
   * signal (rounded to 0.1 there) over the manifest's estimates */
  ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_FAIL);
  kpi_test_assert_close (kpi_check_result_get_observed (result), fabs (ts), 0.05 + 1e-9);
  expected = g_strdup_printf ("%s: tracking signal +", team);
  ck_assert_msg (g_str_has_prefix (kpi_check_result_get_message (result), expected),
                 "“%s” does not start with “%s”", kpi_check_result_get_message (result), expected);
  {
    g_autofree char *over = g_strdup_printf (" over %u estimates", scored);

    kpi_test_assert_contains (kpi_check_result_get_message (result), over);
  }
  kpi_test_assert_contains (kpi_check_result_get_message (result), "remaining work under-estimated by");
  ck_assert_uint_eq (kpi_check_result_get_unexpected_count (result), scored);
  /* only that team is biased: the scope names it, month by month */
  ck_assert_uint_gt (kpi_check_result_get_n_affected (result), 0);
  for (guint i = 0; i < kpi_check_result_get_n_affected (result); i++)
    {
      const char *dimension, *group;

      ck_assert_ptr_nonnull (kpi_check_result_get_affected (result, i, &dimension, &group));
      ck_assert_str_eq (dimension, "team");
      ck_assert_str_eq (group, team);
    }
  ck_assert_ptr_null (strstr (kpi_check_result_get_message (result), "also"));
  /* the sample row is one of the team's tasks */
  ck_assert_uint_eq (kpi_check_result_get_n_samples (result), 1);
  {
    const char *task = kpi_check_result_get_sample_keys (result, 0)[1];
    gboolean found = FALSE;

    for (guint i = 0; i < json_array_get_length (task_ids); i++)
      found |= g_strcmp0 (json_array_get_string_element (task_ids, i), task) == 0;
    ck_assert_msg (found, "%s is not a task of %s", task, team);
  }
  /* and it taints what reads the estimates of that team */
  ck_assert (kpi_check_result_affects (result, "tasks", (const char * const []) { "remaining", NULL },
                                       kpi_check_result_get_affected (result, 0, NULL, NULL),
                                       "team", team));
  ck_assert (!kpi_check_result_affects (result, "tasks", (const char * const []) { "remaining", NULL },
                                        kpi_check_result_get_affected (result, 0, NULL, NULL),
                                        "team", "team-a"));
  ck_assert (!kpi_check_result_affects (result, "tasks", (const char * const []) { "spent", NULL },
                                        NULL, NULL, NULL));
}
END_TEST

START_TEST (test_sample_clean)
{
  const char *dir = g_getenv ("KPI_TEST_DATA_CLEAN");
  g_autoptr(KpiDataset) tasks = NULL;
  g_autoptr(KpiContext) context = NULL;
  g_autoptr(KpiCheck) check = tasks_check ();
  g_autoptr(KpiCheckResult) result = NULL;

  ck_assert_msg (dir != NULL, "KPI_TEST_DATA_CLEAN is not set");
  tasks = load_sample (dir, "project_tasks.csv");
  context = context_with ("tasks", tasks);
  result = run_ok (check, context);
  /* the honest teams: within ±1.3 (docs/sample-data.md) */
  ck_assert_msg (kpi_check_result_get_status (result) == KPI_CHECK_STATUS_PASS, "%s",
                 kpi_check_result_get_message (result));
  ck_assert_double_le (kpi_check_result_get_observed (result), 1.3);
  ck_assert_uint_eq (kpi_check_result_get_n_affected (result), 0);
  kpi_test_assert_contains (kpi_check_result_get_message (result), "3 groups judged");
}
END_TEST

/* The pipeline of the sample: no anomaly is seeded in opportunities.csv,
 * the same file in both data sets. */
START_TEST (test_sample_pipeline)
{
  const char *dirs[] = { g_getenv ("KPI_TEST_DATA"), g_getenv ("KPI_TEST_DATA_CLEAN") };

  for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autoptr(KpiDataset) opportunities = NULL;
      g_autoptr(KpiContext) context = NULL;
      g_autoptr(KpiCheck) check = pipeline_check ();
      g_autoptr(KpiCheckResult) result = NULL;

      ck_assert_msg (dirs[d] != NULL, "KPI_TEST_DATA or KPI_TEST_DATA_CLEAN is not set");
      opportunities = load_sample (dirs[d], "opportunities.csv");
      context = context_with ("opportunities", opportunities);
      result = run_ok (check, context);
      /* the z-score of each of the 24 reps is within ±4 */
      ck_assert_msg (kpi_check_result_get_status (result) == KPI_CHECK_STATUS_PASS, "%s",
                     kpi_check_result_get_message (result));
      kpi_test_assert_contains (kpi_check_result_get_message (result), "24 groups judged");
      g_clear_object (&result);

      /* The tracking signal of the same errors drifts with the number of
       * estimates when the outcomes are won or lost: every rep is far
       * beyond ±6 (the sample's stage probabilities are also above its
       * conversion rates: what the reps win is about 0.7 of the weighted
       * pipeline). */
      kpi_estimate_bias_check_set_statistic (KPI_ESTIMATE_BIAS_CHECK (check),
                                             KPI_ESTIMATE_BIAS_STATISTIC_TRACKING_SIGNAL);
      result = run_ok (check, context);
      ck_assert_int_eq (kpi_check_result_get_status (result), KPI_CHECK_STATUS_FAIL);
      ck_assert_double_gt (kpi_check_result_get_observed (result), 20);
    }
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "remaining-work-worked-out", test_remaining_work_worked_out },
    { "remaining-work-z-score", test_remaining_work_z_score },
    { "no-group-by", test_no_group_by },
    { "every-error-the-same", test_every_error_the_same },
    { "every-error-zero", test_every_error_zero },
    { "never-done", test_never_done },
    { "no-rows", test_no_rows },
    { "missing-values", test_missing_values },
    { "period", test_period },
    { "errors", test_errors },
    { "properties", test_properties },
    { "cancelled", test_cancelled },
    { "outcome-worked-out", test_outcome_worked_out },
    { "outcome-nothing-closed", test_outcome_nothing_closed },
    { "outcome-entity-changes-group", test_outcome_entity_changes_group },
    { "outcome-probabilities", test_outcome_probabilities },
    { "sample-seeded", test_sample_seeded },
    { "sample-clean", test_sample_clean },
    { "sample-pipeline", test_sample_pipeline },
  };

  return kpi_test_run ("check-bias", cases, G_N_ELEMENTS (cases), 60);
}
