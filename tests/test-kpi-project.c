/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test-kpi-project.c: KpiProject, the progress of a project from the
 * weekly status reports of its tasks */

#include "kpi-test.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define DAY G_TIME_SPAN_DAY

/* ------------------------------------------------------------------------
 * A tiny log, by hand
 * ------------------------------------------------------------------------ */

/* A task log with the sample's columns. */
static KpiDataset *
new_log (void)
{
  KpiDataset *log = kpi_dataset_new ("date");
  const char *dimensions[] = { "project", "milestone", "team", "task", "planned_start", "planned_end" };
  const char *measures[] = { "planned_effort", "spent", "remaining", "done" };

  for (guint i = 0; i < G_N_ELEMENTS (dimensions); i++)
    ck_assert (kpi_dataset_add_column (log, dimensions[i], KPI_COLUMN_DIMENSION, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (measures); i++)
    ck_assert (kpi_dataset_add_column (log, measures[i], KPI_COLUMN_MEASURE, NULL));
  return log;
}

static void
append_report (KpiDataset *log,
               gint64      date,
               const char *milestone,
               const char *team,
               const char *task,
               const char *start,
               const char *end,
               double      effort,
               double      spent,
               double      remaining,
               double      done)
{
  const char *dimensions[] = { "apollo", milestone, team, task, start, end };
  const double measures[] = { effort, spent, remaining, done };
  GError *error = NULL;

  ck_assert_msg (kpi_dataset_append_row (log, date, dimensions, G_N_ELEMENTS (dimensions),
                                         measures, G_N_ELEMENTS (measures), &error),
                 "%s", error != NULL ? error->message : "");
}

/* Two reports (Monday 6 and 13 January 2025) of three tasks:
 *
 *   T1 team-a M1  6..10 Jan (5 working days)  40 h: 0/40/0, then 44/0/done
 *   T2 team-b M1  6..17 Jan (10 working days) 80 h: 0/80/0, then 30/50/0
 *   T3 team-a M2 13..17 Jan (5 working days)  80 h: 0/80/0, then 0/80/0
 *
 * (spent/remaining/done) and two milestones planned for 17 January, not
 * reached. */
static KpiContext *
tiny_context (void)
{
  g_autoptr(KpiDataset) log = new_log ();
  g_autoptr(KpiDataset) milestones = kpi_dataset_new ("planned_date");
  gint64 r1 = kpi_test_utc (2025, 1, 6, 0, 0), r2 = kpi_test_utc (2025, 1, 13, 0, 0);
  KpiContext *context = kpi_context_new (NULL);

  append_report (log, r1, "M1", "team-a", "T1", "2025-01-06", "2025-01-10", 40, 0, 40, 0);
  append_report (log, r1, "M1", "team-b", "T2", "2025-01-06", "2025-01-17", 80, 0, 80, 0);
  append_report (log, r1, "M2", "team-a", "T3", "2025-01-13", "2025-01-17", 80, 0, 80, 0);
  append_report (log, r2, "M1", "team-a", "T1", "2025-01-06", "2025-01-10", 40, 44, 0, 1);
  append_report (log, r2, "M1", "team-b", "T2", "2025-01-06", "2025-01-17", 80, 30, 50, 0);
  append_report (log, r2, "M2", "team-a", "T3", "2025-01-13", "2025-01-17", 80, 0, 80, 0);

  ck_assert (kpi_dataset_add_column (milestones, "milestone", KPI_COLUMN_DIMENSION, NULL));
  ck_assert (kpi_dataset_add_column (milestones, "actual_date", KPI_COLUMN_DIMENSION, NULL));
  ck_assert (kpi_dataset_append_row (milestones, kpi_test_utc (2025, 1, 17, 0, 0),
                                     (const char *[]) { "M1", "" }, 2, NULL, 0, NULL));
  ck_assert (kpi_dataset_append_row (milestones, kpi_test_utc (2025, 1, 17, 0, 0),
                                     (const char *[]) { "M2", "" }, 2, NULL, 0, NULL));

  kpi_context_add_dataset (context, "project_tasks", log);
  kpi_context_add_dataset (context, "project_milestones", milestones);
  return context;
}

static KpiProjectStatus *
measure_ok (KpiContext *context,
            gint64      as_of)
{
  g_autoptr(KpiProject) project = kpi_project_new ("apollo");
  GError *error = NULL;
  KpiProjectStatus *status = kpi_project_measure (project, context, as_of, &error);

  ck_assert_msg (status != NULL, "%s", error != NULL ? error->message : "");
  return status;
}

static const KpiTaskStatus *
task_at (const KpiProjectStatus *status,
         guint                   i)
{
  GPtrArray *tasks = kpi_project_status_get_tasks (status);

  ck_assert_uint_gt (tasks->len, i);
  return g_ptr_array_index (tasks, i);
}

static const KpiMilestoneStatus *
milestone_at (const KpiProjectStatus *status,
              guint                   i)
{
  GPtrArray *milestones = kpi_project_status_get_milestones (status);

  ck_assert_uint_gt (milestones->len, i);
  return g_ptr_array_index (milestones, i);
}

START_TEST (test_worked_out)
{
  g_autoptr(KpiContext) context = tiny_context ();
  /* Tuesday noon: the last report is Monday's */
  g_autoptr(KpiProjectStatus) status = measure_ok (context, kpi_test_utc (2025, 1, 14, 12, 0));
  const KpiTaskStatus *t1, *t2, *t3;
  const KpiMilestoneStatus *m1, *m2;
  GPtrArray *bias;

  ck_assert_str_eq (kpi_project_status_get_project (status), "apollo");
  ck_assert_int_eq (kpi_project_status_get_as_of (status), kpi_test_utc (2025, 1, 13, 0, 0));
  /* planned before 13 January: T1 whole (40), T2 5 of its 10 days (40),
   * T3 nothing: 80 of 200 h = 40 %. Earned: T1 done 40, T2 30/(30+50)
   * of 80 = 30, T3 0: 70 of 200 h = 35 %. */
  kpi_test_assert_close (kpi_project_status_get_planned_percent (status), 40.0, 1e-9);
  kpi_test_assert_close (kpi_project_status_get_actual_percent (status), 35.0, 1e-9);
  /* The plan puts 16 h on each day of 6..10 January (T1 8 + T2 8), so
   * it had 64 h at the start of Friday 10 and reached the 70 h earned
   * 6/16 of the way through that Friday: 10.375 January, 2.625 days
   * before the report. */
  kpi_test_assert_close (kpi_project_status_get_schedule_variance_days (status), -2.625, 1e-9);

  ck_assert_uint_eq (kpi_project_status_get_tasks (status)->len, 3);
  t1 = task_at (status, 0);
  t2 = task_at (status, 1);
  t3 = task_at (status, 2);
  ck_assert_str_eq (kpi_task_status_get_task (t1), "T1");
  ck_assert_str_eq (kpi_task_status_get_team (t2), "team-b");
  ck_assert_str_eq (kpi_task_status_get_milestone (t3), "M2");
  ck_assert_int_eq (kpi_task_status_get_planned_start (t2), kpi_test_utc (2025, 1, 6, 0, 0));
  ck_assert_int_eq (kpi_task_status_get_planned_end (t2), kpi_test_utc (2025, 1, 17, 0, 0));
  kpi_test_assert_close (kpi_task_status_get_planned_effort (t2), 80, 0);
  kpi_test_assert_close (kpi_task_status_get_spent (t2), 30, 0);
  kpi_test_assert_close (kpi_task_status_get_remaining (t2), 50, 0);
  ck_assert (kpi_task_status_is_done (t1));
  ck_assert (!kpi_task_status_is_done (t2));
  kpi_test_assert_close (kpi_task_status_get_planned_percent (t1), 100, 1e-9);
  kpi_test_assert_close (kpi_task_status_get_actual_percent (t1), 100, 1e-9);
  kpi_test_assert_close (kpi_task_status_get_planned_percent (t2), 50, 1e-9);
  kpi_test_assert_close (kpi_task_status_get_actual_percent (t2), 37.5, 1e-9);
  kpi_test_assert_close (kpi_task_status_get_planned_percent (t3), 0, 1e-9);
  kpi_test_assert_close (kpi_task_status_get_actual_percent (t3), 0, 1e-9);
  /* T1 done by the report of 13 January: finished on Friday 10, its
   * planned end. T2, 8 h a day, had 24 h at the start of Thursday 9 and
   * its 30 h earned 6/8 of the way through it: 9.75 January, 3.25 days
   * behind. T3 is not due and not started: on plan. */
  kpi_test_assert_close (kpi_task_status_get_variance_days (t1), 0, 1e-9);
  kpi_test_assert_close (kpi_task_status_get_variance_days (t2), -3.25, 1e-9);
  kpi_test_assert_close (kpi_task_status_get_variance_days (t3), 0, 1e-9);

  ck_assert_uint_eq (kpi_project_status_get_milestones (status)->len, 2);
  m1 = milestone_at (status, 0);
  m2 = milestone_at (status, 1);
  ck_assert_str_eq (kpi_milestone_status_get_name (m1), "M1");
  ck_assert_int_eq (kpi_milestone_status_get_planned_date (m1), kpi_test_utc (2025, 1, 17, 0, 0));
  ck_assert_int_eq (kpi_milestone_status_get_actual_date (m1), KPI_TIME_UNSET);
  ck_assert (!kpi_milestone_status_is_done (m1));
  /* M1: (40 + 40) / 120 planned, (40 + 30) / 120 earned */
  kpi_test_assert_close (kpi_milestone_status_get_planned_percent (m1), 200.0 / 3, 1e-9);
  kpi_test_assert_close (kpi_milestone_status_get_actual_percent (m1), 175.0 / 3, 1e-9);
  /* team-b spent 30 h in the 5 working days between the reports: 6 h a
   * day; its 50 h left take 9 working days from Monday 13: Thursday 23,
   * 6 days after the 17th. */
  ck_assert_int_eq (kpi_milestone_status_get_forecast_date (m1), kpi_test_utc (2025, 1, 23, 0, 0));
  kpi_test_assert_close (kpi_milestone_status_get_variance_days (m1), -6, 0);
  /* M2: team-a spent 44 h in 5 days, 8.8 h a day; T3's 80 h take
   * 80 / 8.8 = 9.1, so 10 working days: Friday 24, 7 days late. */
  kpi_test_assert_close (kpi_milestone_status_get_planned_percent (m2), 0, 1e-9);
  kpi_test_assert_close (kpi_milestone_status_get_actual_percent (m2), 0, 1e-9);
  ck_assert_int_eq (kpi_milestone_status_get_forecast_date (m2), kpi_test_utc (2025, 1, 24, 0, 0));
  kpi_test_assert_close (kpi_milestone_status_get_variance_days (m2), -7, 0);

  /* team-a's one estimate scored: T1 had 44 h left on the 6th, estimated
   * 40: error +4, tracking signal 4 / 4 = +1. team-b finished nothing. */
  bias = kpi_project_status_get_estimate_bias (status);
  ck_assert_uint_eq (bias->len, 2);
  ck_assert_str_eq (kpi_estimate_bias_get_team (g_ptr_array_index (bias, 0)), "team-a");
  ck_assert_uint_eq (kpi_estimate_bias_get_n_estimates (g_ptr_array_index (bias, 0)), 1);
  kpi_test_assert_close (kpi_estimate_bias_get_tracking_signal (g_ptr_array_index (bias, 0)), 1, 1e-12);
  kpi_test_assert_close (kpi_estimate_bias_get_mean_error (g_ptr_array_index (bias, 0)), 4, 1e-12);
  ck_assert (!kpi_estimate_bias_is_biased (g_ptr_array_index (bias, 0)));
  ck_assert_str_eq (kpi_estimate_bias_get_team (g_ptr_array_index (bias, 1)), "team-b");
  ck_assert_uint_eq (kpi_estimate_bias_get_n_estimates (g_ptr_array_index (bias, 1)), 0);
  ck_assert (isnan (kpi_estimate_bias_get_tracking_signal (g_ptr_array_index (bias, 1))));

  ck_assert_str_eq (kpi_project_status_get_summary (status),
                    "apollo: 35 % done against 40 % planned, 3 days behind; "
                    "M2 forecast 2025-01-24, 7 days late");
}
END_TEST

/* At the first report nothing was planned nor done yet. */
START_TEST (test_first_report)
{
  g_autoptr(KpiContext) context = tiny_context ();
  g_autoptr(KpiProjectStatus) status = measure_ok (context, kpi_test_utc (2025, 1, 10, 0, 0));

  ck_assert_int_eq (kpi_project_status_get_as_of (status), kpi_test_utc (2025, 1, 6, 0, 0));
  kpi_test_assert_close (kpi_project_status_get_planned_percent (status), 0, 0);
  kpi_test_assert_close (kpi_project_status_get_actual_percent (status), 0, 0);
  kpi_test_assert_close (kpi_project_status_get_schedule_variance_days (status), 0, 0);
  ck_assert (!kpi_task_status_is_done (task_at (status, 0)));
  kpi_test_assert_close (kpi_task_status_get_spent (task_at (status, 0)), 0, 0);
}
END_TEST

static char *
measure_error (KpiContext *context,
               gint64      as_of,
               int         code)
{
  g_autoptr(KpiProject) project = kpi_project_new ("apollo");
  g_autoptr(KpiProjectStatus) status = NULL;
  GError *error = NULL;
  char *message;

  status = kpi_project_measure (project, context, as_of, &error);
  ck_assert_ptr_null (status);
  ck_assert_msg (g_error_matches (error, KPI_PROJECT_ERROR, code), "%s (code %d)",
                 error != NULL ? error->message : "no error", error != NULL ? error->code : -1);
  ck_assert (g_utf8_validate (error->message, -1, NULL));
  message = g_strdup (error->message);
  g_error_free (error);
  return message;
}

START_TEST (test_before_first_report)
{
  g_autoptr(KpiContext) context = tiny_context ();
  g_autofree char *message = measure_error (context, kpi_test_utc (2025, 1, 5, 23, 59),
                                            KPI_PROJECT_ERROR_NO_REPORT);

  ck_assert_str_eq (message, "project_tasks: no report of “apollo” on or before 2025-01-05: "
                             "the first is on 2025-01-06");
}
END_TEST

START_TEST (test_negative_remaining)
{
  g_autoptr(KpiContext) context = tiny_context ();
  g_autoptr(KpiDataset) log = kpi_context_lookup_dataset (context, "project_tasks");
  g_autofree char *message = NULL;

  /* the 7th row */
  append_report (log, kpi_test_utc (2025, 1, 20, 0, 0), "M1", "team-b", "T2", "2025-01-06",
                 "2025-01-17", 80, 40, -3, 0);
  message = measure_error (context, kpi_test_utc (2025, 2, 1, 0, 0), KPI_PROJECT_ERROR_INVALID_VALUE);
  ck_assert_str_eq (message, "project_tasks: row 7, column “remaining”: -3 is negative: "
                             "expected the estimate of the hours still needed, 0 or more");
  /* a report before it is still read */
  {
    g_autoptr(KpiProjectStatus) status = measure_ok (context, kpi_test_utc (2025, 1, 13, 0, 0));

    kpi_test_assert_close (kpi_project_status_get_actual_percent (status), 35.0, 1e-9);
  }
}
END_TEST

START_TEST (test_bad_input)
{
  g_autoptr(KpiContext) context = tiny_context ();
  g_autoptr(KpiDataset) log = kpi_context_lookup_dataset (context, "project_tasks");
  g_autoptr(KpiDataset) milestones = kpi_context_lookup_dataset (context, "project_milestones");
  g_autoptr(KpiContext) no_milestones = kpi_context_new (NULL);
  g_autoptr(KpiContext) no_done = kpi_context_new (NULL);
  g_autoptr(KpiDataset) partial = kpi_test_load ("date,project,milestone,team,task,planned_start,"
                                                 "planned_end,planned_effort,spent,remaining\n"
                                                 "2025-01-06,apollo,M1,a,T1,2025-01-06,2025-01-10,8,0,8\n",
                                                 NULL);
  g_autofree char *message = NULL;

  kpi_context_add_dataset (no_milestones, "project_tasks", log);
  message = measure_error (no_milestones, kpi_test_utc (2025, 2, 1, 0, 0), KPI_PROJECT_ERROR_NO_DATASET);
  kpi_test_assert_contains (message, "no dataset “project_milestones”");
  g_clear_pointer (&message, g_free);

  kpi_context_add_dataset (no_done, "project_tasks", partial);
  kpi_context_add_dataset (no_done, "project_milestones", milestones);
  message = measure_error (no_done, kpi_test_utc (2025, 2, 1, 0, 0), KPI_PROJECT_ERROR_MISSING_COLUMN);
  ck_assert_str_eq (message, "project_tasks: no column “done” of done flags (numbers, 0 or 1)");
  g_clear_pointer (&message, g_free);

  /* a planned end that is not a date, row 7 */
  append_report (log, kpi_test_utc (2025, 1, 20, 0, 0), "M1", "team-b", "T2", "2025-01-06",
                 "soon", 80, 40, 3, 0);
  message = measure_error (context, kpi_test_utc (2025, 2, 1, 0, 0), KPI_PROJECT_ERROR_INVALID_VALUE);
  ck_assert_str_eq (message, "project_tasks: row 7, column “planned_end”: “soon” is not a date: "
                             "expected a date such as 2025-03-17");
}
END_TEST

START_TEST (test_unknown_project)
{
  g_autoptr(KpiContext) context = tiny_context ();
  g_autoptr(KpiProject) gemini = kpi_project_new ("gemini");
  g_autoptr(KpiProject) only = kpi_project_new (NULL);
  g_autoptr(KpiProjectStatus) status = NULL;
  GError *error = NULL;

  ck_assert_ptr_null (kpi_project_measure (gemini, context, kpi_test_utc (2025, 2, 1, 0, 0), &error));
  ck_assert (g_error_matches (error, KPI_PROJECT_ERROR, KPI_PROJECT_ERROR_UNKNOWN_PROJECT));
  g_clear_error (&error);
  /* no name: the log's only project */
  status = kpi_project_measure (only, context, kpi_test_utc (2025, 2, 1, 0, 0), &error);
  ck_assert_msg (status != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_str_eq (kpi_project_status_get_project (status), "apollo");
}
END_TEST

START_TEST (test_properties)
{
  g_autoptr(KpiProject) project = kpi_project_new ("apollo");
  guint notified = 0;

  g_signal_connect (project, "notify::tasks-dataset-name", G_CALLBACK (kpi_test_count_notify), &notified);
  ck_assert_str_eq (kpi_project_get_name (project), "apollo");
  ck_assert_str_eq (kpi_project_get_tasks_dataset_name (project), "project_tasks");
  ck_assert_str_eq (kpi_project_get_milestones_dataset_name (project), "project_milestones");
  kpi_project_set_tasks_dataset_name (project, "tasks");
  kpi_project_set_tasks_dataset_name (project, "tasks");
  ck_assert_uint_eq (notified, 1);
  ck_assert_str_eq (kpi_project_get_tasks_dataset_name (project), "tasks");
  kpi_project_set_tasks_dataset_name (project, NULL);
  ck_assert_str_eq (kpi_project_get_tasks_dataset_name (project), "project_tasks");
  kpi_project_set_milestones_dataset_name (project, "ms");
  ck_assert_str_eq (kpi_project_get_milestones_dataset_name (project), "ms");
}
END_TEST

/* ------------------------------------------------------------------------
 * The generated sample data
 * ------------------------------------------------------------------------ */

static KpiProjectStatus *
measure_sample (const char *dir)
{
  g_autofree char *tasks_path = g_build_filename (dir, "project_tasks.csv", NULL);
  g_autofree char *milestones_path = g_build_filename (dir, "project_milestones.csv", NULL);
  g_autoptr(KpiDataset) tasks = kpi_dataset_new ("date");
  g_autoptr(KpiDataset) milestones = kpi_dataset_new ("planned_date");
  g_autoptr(KpiContext) context = kpi_context_new (NULL);
  GError *error = NULL;

  ck_assert_msg (kpi_dataset_load_path (tasks, tasks_path, NULL, &error), "%s", error ? error->message : "");
  ck_assert_msg (kpi_dataset_load_path (milestones, milestones_path, NULL, &error), "%s",
                 error ? error->message : "");
  kpi_context_add_dataset (context, "project_tasks", tasks);
  kpi_context_add_dataset (context, "project_milestones", milestones);
  /* long after the last report */
  return measure_ok (context, kpi_test_utc (2030, 1, 1, 0, 0));
}

/* The rows of project_milestones.csv, read here without the library:
 * name, planned and actual day (0 when empty), as UTC instants. */
typedef struct
{
  char   name[16];
  gint64 planned, actual;
} CsvMilestone;

static gint64
parse_day (const char *text)
{
  int y, m, d;

  if (text[0] == '\0')
    return 0;
  ck_assert_int_eq (sscanf (text, "%d-%d-%d", &y, &m, &d), 3);
  return kpi_test_utc (y, m, d, 0, 0);
}

static guint
read_milestones_csv (const char   *dir,
                     CsvMilestone *out,
                     guint         max)
{
  g_autofree char *path = g_build_filename (dir, "project_milestones.csv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  ck_assert (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  ck_assert_str_eq (lines[0], "milestone,planned_date,actual_date");
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], ",", -1);

      ck_assert_uint_eq (g_strv_length (cells), 3);
      ck_assert_uint_lt (n, max);
      g_strlcpy (out[n].name, cells[0], sizeof out[n].name);
      out[n].planned = parse_day (cells[1]);
      out[n].actual = parse_day (cells[2]);
      n++;
    }
  return n;
}

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
  g_autoptr(KpiProjectStatus) status = NULL;
  CsvMilestone csv[16];
  JsonObject *anomaly;
  GPtrArray *milestones, *bias;
  guint n, n_reached = 0, n_biased = 0;

  ck_assert_msg (dir != NULL, "KPI_TEST_DATA is not set");
  anomaly = remaining_work_anomaly (parser, dir);
  n = read_milestones_csv (dir, csv, G_N_ELEMENTS (csv));
  status = measure_sample (dir);

  /* every milestone of the file, with its dates */
  milestones = kpi_project_status_get_milestones (status);
  ck_assert_uint_eq (milestones->len, n);
  for (guint i = 0; i < n; i++)
    {
      const KpiMilestoneStatus *m = g_ptr_array_index (milestones, i);

      ck_assert_str_eq (kpi_milestone_status_get_name (m), csv[i].name);
      ck_assert_int_eq (kpi_milestone_status_get_planned_date (m), csv[i].planned);
      if (csv[i].actual != 0)
        {
          /* 3 to 15 weeks late (docs/sample-data.md) */
          double late = -kpi_milestone_status_get_variance_days (m);

          ck_assert_int_eq (kpi_milestone_status_get_actual_date (m), csv[i].actual);
          ck_assert_msg (late >= 3 * 7 && late <= 15 * 7, "%s: %g days late", csv[i].name, late);
          n_reached++;
        }
      else
        {
          /* not reached: forecast after the last report, and late */
          ck_assert (!kpi_milestone_status_is_done (m));
          ck_assert_int_gt (kpi_milestone_status_get_forecast_date (m),
                            kpi_project_status_get_as_of (status));
          ck_assert_double_lt (kpi_milestone_status_get_variance_days (m), -3 * 7);
        }
    }
  ck_assert_uint_gt (n_reached, 0);
  ck_assert_uint_lt (n_reached, n);
  ck_assert_double_lt (kpi_project_status_get_schedule_variance_days (status), -21);

  /* team-b biased as the manifest measured it, the others not */
  bias = kpi_project_status_get_estimate_bias (status);
  ck_assert_uint_eq (bias->len, 3);
  for (guint i = 0; i < bias->len; i++)
    {
      const KpiEstimateBias *b = g_ptr_array_index (bias, i);

      if (g_strcmp0 (kpi_estimate_bias_get_team (b), json_object_get_string_member (anomaly, "team")) == 0)
        {
          ck_assert (kpi_estimate_bias_is_biased (b));
          kpi_test_assert_close (kpi_estimate_bias_get_tracking_signal (b),
                                 json_object_get_double_member (anomaly, "tracking_signal"), 0.05 + 1e-9);
          ck_assert_uint_eq (kpi_estimate_bias_get_n_estimates (b),
                             (guint) json_object_get_int_member (anomaly, "estimates_scored"));
          ck_assert_double_gt (kpi_estimate_bias_get_mean_error (b), 0);
          n_biased++;
        }
      else
        {
          ck_assert_msg (!kpi_estimate_bias_is_biased (b), "%s", kpi_estimate_bias_get_team (b));
          ck_assert_double_le (fabs (kpi_estimate_bias_get_tracking_signal (b)), 1.3);
        }
    }
  ck_assert_uint_eq (n_biased, 1);
  kpi_test_assert_contains (kpi_project_status_get_summary (status),
                            "; team-b under-estimates the remaining work (tracking signal +240)");
}
END_TEST

START_TEST (test_sample_clean)
{
  const char *dir = g_getenv ("KPI_TEST_DATA_CLEAN");
  g_autoptr(KpiProjectStatus) status = NULL;
  CsvMilestone csv[16];
  GPtrArray *milestones, *bias;
  guint n;

  ck_assert_msg (dir != NULL, "KPI_TEST_DATA_CLEAN is not set");
  n = read_milestones_csv (dir, csv, G_N_ELEMENTS (csv));
  status = measure_sample (dir);

  /* every milestone reached 0 to 7 days late (docs/sample-data.md) */
  milestones = kpi_project_status_get_milestones (status);
  ck_assert_uint_eq (milestones->len, n);
  for (guint i = 0; i < n; i++)
    {
      const KpiMilestoneStatus *m = g_ptr_array_index (milestones, i);
      double late = -kpi_milestone_status_get_variance_days (m);

      ck_assert_int_eq (kpi_milestone_status_get_planned_date (m), csv[i].planned);
      ck_assert (kpi_milestone_status_is_done (m));
      ck_assert_int_eq (kpi_milestone_status_get_actual_date (m), csv[i].actual);
      ck_assert_msg (late >= 0 && late <= 7, "%s: %g days late", csv[i].name, late);
      kpi_test_assert_close (kpi_milestone_status_get_actual_percent (m), 100, 1e-9);
    }
  kpi_test_assert_close (kpi_project_status_get_actual_percent (status), 100, 1e-9);
  ck_assert_double_ge (kpi_project_status_get_schedule_variance_days (status), -7);
  ck_assert_double_le (kpi_project_status_get_schedule_variance_days (status), 0);

  bias = kpi_project_status_get_estimate_bias (status);
  ck_assert_uint_eq (bias->len, 3);
  for (guint i = 0; i < bias->len; i++)
    ck_assert_msg (!kpi_estimate_bias_is_biased (g_ptr_array_index (bias, i)), "%s",
                   kpi_estimate_bias_get_team (g_ptr_array_index (bias, i)));
  ck_assert_ptr_null (strstr (kpi_project_status_get_summary (status), "estimates"));
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "worked-out", test_worked_out },
    { "first-report", test_first_report },
    { "before-first-report", test_before_first_report },
    { "negative-remaining", test_negative_remaining },
    { "bad-input", test_bad_input },
    { "unknown-project", test_unknown_project },
    { "properties", test_properties },
    { "sample-seeded", test_sample_seeded },
    { "sample-clean", test_sample_clean },
  };

  return kpi_test_run ("project", cases, G_N_ELEMENTS (cases), 60);
}
