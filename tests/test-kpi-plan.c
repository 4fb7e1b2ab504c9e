/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of KpiPlan and KpiPlanProgress: "did project Apollo go as
 * planned?", worked out by hand. */

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>
#include "kpi-test.h"
#include <libkpi/kpi.h>

/* Midnight UTC of a day of 2026. */
static gint64
day (int month,
     int d)
{
  return kpi_test_utc (2026, month, d, 0, 0);
}

/* Apollo: 0 % on 1 January, 50 % on 31 January, 100 % on 31 March. */
static KpiPlan *
apollo (void)
{
  KpiPlan *plan = kpi_plan_new ("Apollo");
  gint64 jan1 = day (1, 1);
  gint64 jan31 = day (1, 31);
  gint64 mar31 = day (3, 31);
  g_autoptr(GError) error = NULL;

  ck_assert (kpi_plan_add_milestone (plan, jan1, 0, &error));
  ck_assert (kpi_plan_add_milestone (plan, jan31, 50, &error));
  ck_assert (kpi_plan_add_milestone (plan, mar31, 100, &error));
  g_assert_no_error (error);
  return plan;
}

START_TEST (test_behind)
{
  /* On 31 January Apollo is at 40 % instead of 50 %: −10 points.
   * The plan rises 50 points in the 30 days of January, so 40 % was due
   * 0.8 × 30 = 24 days after 1 January, on 25 January: 6 days behind. */
  g_autoptr(KpiPlan) plan = apollo ();
  gint64 jan31 = day (1, 31);
  gint64 jan25 = day (1, 25);
  g_autoptr(KpiPlanProgress) p = kpi_plan_measure_progress (plan, jan31, 40, NULL);
  gint64 due = kpi_plan_get_date_for_percent (plan, 40);

  kpi_test_assert_close (kpi_plan_progress_get_planned_percent (p), 50, 1e-12);
  kpi_test_assert_close (kpi_plan_progress_get_actual_percent (p), 40, 0);
  kpi_test_assert_close (kpi_plan_progress_get_variance (p), -10, 1e-12);
  kpi_test_assert_close (kpi_plan_progress_get_schedule_variance_days (p), -6, 1e-9);
  ck_assert (!kpi_plan_progress_is_on_schedule (p));
  ck_assert_int_eq (due, jan25);
  ck_assert_int_eq (kpi_plan_progress_get_date (p), jan31);
}
END_TEST

START_TEST (test_ahead)
{
  /* On 15 February (15 of the 59 days from 31 January to 31 March) the
   * plan is at 50 + 50 × 15/59 = 62.7119 %; Apollo is at 70 %: +7.2881
   * points. The plan reaches 70 % 20/50 × 59 = 23.6 days after 31
   * January, 8.6 days after 15 February: 8.6 days ahead. */
  g_autoptr(KpiPlan) plan = apollo ();
  gint64 feb15 = day (2, 15);
  g_autoptr(KpiPlanProgress) p = kpi_plan_measure_progress (plan, feb15, 70, NULL);

  kpi_test_assert_close (kpi_plan_progress_get_planned_percent (p), 50 + 50 * 15.0 / 59, 1e-9);
  kpi_test_assert_close (kpi_plan_progress_get_variance (p), 70 - (50 + 50 * 15.0 / 59), 1e-9);
  kpi_test_assert_close (kpi_plan_progress_get_schedule_variance_days (p), 8.6, 1e-9);
  ck_assert (kpi_plan_progress_is_on_schedule (p));
}
END_TEST

START_TEST (test_curve_ends)
{
  /* 0 before the first milestone, the last percent after the last one;
   * exactly the milestone's percent on its date. A plan that stops at 80 %
   * never reaches 90 %: no date, no schedule variance. */
  g_autoptr(KpiPlan) plan = apollo ();
  g_autoptr(KpiPlan) partial = kpi_plan_new (NULL);
  gint64 dec = kpi_test_utc (2025, 12, 15, 0, 0);
  gint64 jan31 = day (1, 31);
  gint64 jan1 = day (1, 1);
  gint64 june = day (6, 1);
  gint64 first;
  g_autoptr(KpiPlanProgress) p = NULL;
  g_autoptr(GError) error = NULL;

  kpi_test_assert_close (kpi_plan_get_planned_percent (plan, dec), 0, 0);
  kpi_test_assert_close (kpi_plan_get_planned_percent (plan, jan31), 50, 1e-12);
  kpi_test_assert_close (kpi_plan_get_planned_percent (plan, june), 100, 0);
  first = kpi_plan_get_date_for_percent (plan, 0);
  ck_assert_int_eq (first, jan1);
  ck_assert_int_eq (kpi_plan_get_date_for_percent (plan, 100.5), KPI_TIME_UNSET);

  ck_assert (isnan (kpi_plan_get_planned_percent (partial, june)));
  ck_assert_int_eq (kpi_plan_get_date_for_percent (partial, 10), KPI_TIME_UNSET);
  ck_assert (kpi_plan_add_milestone (partial, jan1, 20, &error));
  ck_assert (kpi_plan_add_milestone (partial, jan31, 80, &error));
  /* the plan starts at 20 % on 1 January: 0 the day before */
  kpi_test_assert_close (kpi_plan_get_planned_percent (partial, dec), 0, 0);
  kpi_test_assert_close (kpi_plan_get_planned_percent (partial, jan1), 20, 0);
  p = kpi_plan_measure_progress (partial, june, 90, NULL);
  kpi_test_assert_close (kpi_plan_progress_get_variance (p), 10, 1e-12);
  ck_assert (isnan (kpi_plan_progress_get_schedule_variance_days (p)));
  ck_assert (kpi_plan_progress_is_on_schedule (p));
}
END_TEST

START_TEST (test_plateau)
{
  /* A plateau: 50 % on 31 January and still on 28 February. 50 % is first
   * reached on 31 January; on 28 February at 50 % the project is 28 days
   * behind the first date the plan got there. */
  g_autoptr(KpiPlan) plan = kpi_plan_new ("Plateau");
  gint64 jan1 = day (1, 1);
  gint64 jan31 = day (1, 31);
  gint64 feb28 = day (2, 28);
  gint64 reached;
  g_autoptr(KpiPlanProgress) p = NULL;
  g_autoptr(GError) error = NULL;

  ck_assert (kpi_plan_add_milestone (plan, jan1, 0, &error));
  ck_assert (kpi_plan_add_milestone (plan, jan31, 50, &error));
  ck_assert (kpi_plan_add_milestone (plan, feb28, 50, &error));
  reached = kpi_plan_get_date_for_percent (plan, 50);
  ck_assert_int_eq (reached, jan31);
  p = kpi_plan_measure_progress (plan, feb28, 50, NULL);
  kpi_test_assert_close (kpi_plan_progress_get_schedule_variance_days (p), -28, 1e-9);
  kpi_test_assert_close (kpi_plan_progress_get_variance (p), 0, 0);
  ck_assert (kpi_plan_progress_is_on_schedule (p));
}
END_TEST

START_TEST (test_bad_milestones)
{
  g_autoptr(KpiPlan) plan = apollo ();
  gint64 mar31 = day (3, 31);
  gint64 feb1 = day (2, 1);
  gint64 apr30 = day (4, 30);
  gint64 date = KPI_TIME_UNSET;
  GError *error = NULL;
  double percent = -1;
  guint notified = 0;
  g_autofree char *name = NULL;

  g_signal_connect (plan, "notify::n-milestones", G_CALLBACK (kpi_test_count_notify), &notified);

  /* the same date as the last milestone, and an earlier one */
  ck_assert (!kpi_plan_add_milestone (plan, mar31, 100, &error));
  g_assert_error (error, KPI_PLAN_ERROR, KPI_PLAN_ERROR_DATE_ORDER);
  g_clear_error (&error);
  ck_assert (!kpi_plan_add_milestone (plan, feb1, 100, &error));
  g_assert_error (error, KPI_PLAN_ERROR, KPI_PLAN_ERROR_DATE_ORDER);
  g_clear_error (&error);
  /* out of 0..100, or not a number */
  ck_assert (!kpi_plan_add_milestone (plan, apr30, 120, &error));
  g_assert_error (error, KPI_PLAN_ERROR, KPI_PLAN_ERROR_PERCENT_RANGE);
  g_clear_error (&error);
  ck_assert (!kpi_plan_add_milestone (plan, apr30, NAN, &error));
  g_assert_error (error, KPI_PLAN_ERROR, KPI_PLAN_ERROR_PERCENT_RANGE);
  g_clear_error (&error);
  /* going back */
  ck_assert (!kpi_plan_add_milestone (plan, apr30, 90, &error));
  g_assert_error (error, KPI_PLAN_ERROR, KPI_PLAN_ERROR_PERCENT_DECREASING);
  g_clear_error (&error);

  ck_assert_uint_eq (kpi_plan_get_n_milestones (plan), 3);
  ck_assert_uint_eq (notified, 0);
  /* staying at 100 % is fine */
  ck_assert (kpi_plan_add_milestone (plan, apr30, 100, &error));
  g_assert_no_error (error);
  ck_assert_uint_eq (notified, 1);
  ck_assert_uint_eq (kpi_plan_get_n_milestones (plan), 4);

  kpi_plan_get_milestone (plan, 1, &date, &percent);
  ck_assert_int_eq (date, day (1, 31));
  kpi_test_assert_close (percent, 50, 0);
  g_object_get (plan, "name", &name, NULL);
  ck_assert_str_eq (name, "Apollo");
  ck_assert_str_eq (kpi_plan_get_name (plan), "Apollo");
}
END_TEST

/* An actual percent that someone typed out of 0..100 is a GError, not a
 * progress of 150 % nor a critical; the messages are sentences in lower
 * case that say what was expected. */
START_TEST (test_bad_actual_percent)
{
  g_autoptr(KpiPlan) plan = apollo ();
  gint64 jan31 = day (1, 31);
  gint64 jan1 = day (1, 1);
  double bad[] = { 150, -1, NAN, INFINITY };
  GError *error = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      ck_assert_ptr_null (kpi_plan_measure_progress (plan, jan31, bad[i], &error));
      g_assert_error (error, KPI_PLAN_ERROR, KPI_PLAN_ERROR_PERCENT_RANGE);
      g_clear_error (&error);
    }
  ck_assert_ptr_null (kpi_plan_measure_progress (plan, jan31, 150, &error));
  ck_assert_str_eq (error->message, "the actual percent 150 is not within 0..100: expected a "
                                    "percent of the work complete, from 0 to 100");
  g_clear_error (&error);
  ck_assert_ptr_null (kpi_plan_measure_progress (plan, jan31, NAN, &error));
  ck_assert_str_eq (error->message, "the actual percent (missing) is not within 0..100: expected a "
                                    "percent of the work complete, from 0 to 100");
  g_clear_error (&error);

  /* the bounds themselves are fine */
  {
    g_autoptr(KpiPlanProgress) none = kpi_plan_measure_progress (plan, jan31, 0, &error);
    g_autoptr(KpiPlanProgress) all = kpi_plan_measure_progress (plan, jan31, 100, &error);

    ck_assert_ptr_null (error);
    ck_assert_ptr_nonnull (none);
    ck_assert_ptr_nonnull (all);
  }

  ck_assert (!kpi_plan_add_milestone (plan, jan1, 10, &error));
  ck_assert_msg (g_str_has_prefix (error->message, "the milestone of 2026-01-01T00:00:00Z is not after "
                                   "the previous one, of 2026-03-31T00:00:00Z"), "%s", error->message);
  g_clear_error (&error);
}
END_TEST

/* Instants are microseconds since the epoch: before 1970, at the epoch
 * itself, to the microsecond, and beyond the years a GDateTime holds. */
START_TEST (test_instants)
{
  g_autoptr(KpiPlan) plan = kpi_plan_new ("Around the epoch");
  g_autoptr(KpiPlan) far = kpi_plan_new ("Far");
  g_autoptr(KpiPlanProgress) p = NULL;
  gint64 ten_days = 10 * G_TIME_SPAN_DAY;
  GError *error = NULL;

  /* 0 % ten days before the epoch, 100 % ten days after: 50 % is due at
   * the epoch itself, which get_date_for_percent() cannot tell from
   * "never" (KPI_TIME_UNSET) but measure_progress() measures: at the
   * epoch, 50 % done is on schedule to the day. */
  ck_assert (kpi_plan_add_milestone (plan, -ten_days, 0, &error));
  ck_assert (kpi_plan_add_milestone (plan, ten_days, 100, &error));
  g_assert_no_error (error);
  kpi_test_assert_close (kpi_plan_get_planned_percent (plan, 0), 50, 0);
  kpi_test_assert_close (kpi_plan_get_planned_percent (plan, -ten_days / 2), 25, 0);
  ck_assert_int_eq (kpi_plan_get_date_for_percent (plan, 25), -ten_days / 2);
  ck_assert_int_eq (kpi_plan_get_date_for_percent (plan, 50), KPI_TIME_UNSET);
  p = kpi_plan_measure_progress (plan, 0, 50, &error);
  g_assert_no_error (error);
  kpi_test_assert_close (kpi_plan_progress_get_schedule_variance_days (p), 0, 0);
  ck_assert_int_eq (kpi_plan_progress_get_date (p), 0);
  g_clear_pointer (&p, kpi_plan_progress_unref);

  /* One microsecond apart is "after"; the message shows microseconds. */
  ck_assert (kpi_plan_add_milestone (plan, ten_days + 1, 100, &error));
  ck_assert (!kpi_plan_add_milestone (plan, ten_days + 1, 100, &error));
  g_assert_error (error, KPI_PLAN_ERROR, KPI_PLAN_ERROR_DATE_ORDER);
  ck_assert_str_eq (error->message, "the milestone of 1970-01-11T00:00:00.000001Z is not after the "
                    "previous one, of 1970-01-11T00:00:00.000001Z: expected milestones in date order");
  g_clear_error (&error);

  /* From the first to the last instant a gint64 holds: the middle is
   * found without overflow, and a date beyond the year 9999 is named by
   * its microseconds. */
  ck_assert (kpi_plan_add_milestone (far, G_MININT64, 0, &error));
  ck_assert (kpi_plan_add_milestone (far, G_MAXINT64, 100, &error));
  g_assert_no_error (error);
  kpi_test_assert_close (kpi_plan_get_planned_percent (far, 0), 50, 1e-9);
  ck_assert (llabs (kpi_plan_get_date_for_percent (far, 75) - G_MAXINT64 / 2) < 4096);
  ck_assert (!kpi_plan_add_milestone (far, 0, 100, &error));
  ck_assert_msg (g_str_has_prefix (error->message, "the milestone of 1970-01-01T00:00:00Z is not after the "
                                   "previous one, of 9223372036854775807 µs after the epoch"),
                 "%s", error->message);
  g_clear_error (&error);
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "behind", test_behind },
    { "ahead", test_ahead },
    { "curve-ends", test_curve_ends },
    { "plateau", test_plateau },
    { "bad-milestones", test_bad_milestones },
    { "bad-actual-percent", test_bad_actual_percent },
    { "instants", test_instants },
  };

  return kpi_test_run ("plan", cases, G_N_ELEMENTS (cases), 0);
}
