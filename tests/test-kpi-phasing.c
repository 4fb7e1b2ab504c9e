/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of KpiPhasing: a yearly or quarterly figure spread over months and
 * parts of months evenly, by working days, by a seasonal profile; stocks;
 * a time zone with daylight saving time. */

#include <math.h>
#include <string.h>
#include <check.h>
#include "kpi-test.h"
#include <libkpi/kpi.h>

static const char * const holidays_2025[] = { "2025-01-01", "2025-05-01", "2025-12-25", NULL };

static double
spread (KpiPhasing  *phasing,
        KpiCalendar *cal,
        double       value,
        const char  *whole,
        const char  *part)
{
  g_autoptr(KpiPeriod) w = kpi_test_parse_period (cal, whole);
  g_autoptr(KpiPeriod) p = kpi_test_parse_period (cal, part);

  return kpi_phasing_spread (phasing, cal, value, w, p);
}

static double
share (KpiPhasing  *phasing,
       KpiCalendar *cal,
       const char  *whole,
       const char  *part)
{
  g_autoptr(KpiPeriod) w = kpi_test_parse_period (cal, whole);
  g_autoptr(KpiPeriod) p = kpi_test_parse_period (cal, part);

  return kpi_phasing_get_share (phasing, cal, w, p);
}

START_TEST (test_even_year)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  g_autoptr(KpiPhasing) phasing = kpi_phasing_new (KPI_PHASING_METHOD_EVEN);
  double total = 0;

  ck_assert_int_eq (kpi_phasing_get_method (phasing), KPI_PHASING_METHOD_EVEN);
  ck_assert_int_eq (kpi_phasing_get_measure_type (phasing), KPI_MEASURE_TYPE_FLOW);
  /* 120 000 for 2025, evenly: 120 000 / 12 = 10 000 each month, February
   * (28 days) as much as March (31 days). */
  for (int m = 1; m <= 12; m++)
    {
      g_autofree char *label = g_strdup_printf ("2025-%02d", m);
      double v = spread (phasing, cal, 120000, "2025", label);

      kpi_test_assert_close_rel (v, 10000, 1e-9);
      total += v;
    }
  kpi_test_assert_close_rel (total, 120000, 1e-9);
  /* Outside the whole: nothing. */
  kpi_test_assert_close_rel (spread (phasing, cal, 120000, "2025", "2026-01"), 0, 1e-9);
  /* A quarter is 3 months: 120 000 × 3/12 = 30 000. */
  kpi_test_assert_close_rel (spread (phasing, cal, 120000, "2025", "2025-Q2"), 30000, 1e-9);
  /* A day of February: 10 000 / 28. */
  kpi_test_assert_close_rel (spread (phasing, cal, 120000, "2025", "2025-02-14"), 10000.0 / 28, 1e-9);
}
END_TEST

START_TEST (test_working_days)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  g_autoptr(KpiPhasing) phasing = kpi_phasing_new (KPI_PHASING_METHOD_WORKING_DAYS);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) dup = NULL;
  double total = 0;

  ck_assert (kpi_phasing_set_holidays (phasing, holidays_2025, &error));
  g_assert_no_error (error);
  dup = kpi_phasing_dup_holidays (phasing);
  ck_assert_uint_eq (g_strv_length (dup), 3);

  /* 2025 has 261 weekdays (Python: sum(d.weekday() < 5 for d in 2025)),
   * minus 3 holidays on weekdays (Wed 1 Jan, Thu 1 May, Thu 25 Dec) = 258.
   * January: 23 weekdays - 1 January = 22, so 120 000 × 22/258. */
  kpi_test_assert_close_rel (share (phasing, cal, "2025", "2025-01"), 22.0 / 258, 1e-9);
  kpi_test_assert_close_rel (spread (phasing, cal, 120000, "2025", "2025-01"), 120000.0 * 22 / 258, 1e-9);
  /* May: 22 weekdays - 1 May = 21; February: 20 weekdays, no holiday. */
  kpi_test_assert_close_rel (spread (phasing, cal, 120000, "2025", "2025-05"), 120000.0 * 21 / 258, 1e-9);
  kpi_test_assert_close_rel (spread (phasing, cal, 120000, "2025", "2025-02"), 120000.0 * 20 / 258, 1e-9);
  for (int m = 1; m <= 12; m++)
    {
      g_autofree char *label = g_strdup_printf ("2025-%02d", m);
      total += spread (phasing, cal, 120000, "2025", label);
    }
  kpi_test_assert_close_rel (total, 120000, 1e-9);
  /* A Saturday (4 January 2025) weighs nothing. */
  kpi_test_assert_close_rel (spread (phasing, cal, 120000, "2025", "2025-01-04"), 0, 1e-9);
  /* A whole that weighs nothing: its share is undefined, not 0. */
  ck_assert (isnan (share (phasing, cal, "2025-01-04", "2025-01-04")));
  ck_assert (isnan (spread (phasing, cal, 100, "2025-01-01", "2025-01-01")));
  /* Without holidays, 1 January is a working day again: 23/261. */
  ck_assert (kpi_phasing_set_holidays (phasing, NULL, &error));
  kpi_test_assert_close_rel (share (phasing, cal, "2025", "2025-01"), 23.0 / 261, 1e-9);
}
END_TEST

START_TEST (test_seasonal)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  g_autoptr(KpiPhasing) phasing = kpi_phasing_new (KPI_PHASING_METHOD_SEASONAL);
  g_autoptr(GError) error = NULL;
  const double profile[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };

  /* Before a profile is set, seasonal is even. */
  kpi_test_assert_close_rel (spread (phasing, cal, 120000, "2025", "2025-02"), 10000, 1e-9);
  ck_assert (kpi_phasing_set_profile (phasing, profile, 12, &error));
  g_assert_no_error (error);
  /* The profile adds up to 1 + 2 + ... + 12 = 78: December gets 12/78 of
   * 120 000 = 18 461.538..., January 1/78. */
  kpi_test_assert_close_rel (spread (phasing, cal, 120000, "2025", "2025-12"), 120000.0 * 12 / 78, 1e-9);
  kpi_test_assert_close_rel (spread (phasing, cal, 120000, "2025", "2025-01"), 120000.0 / 78, 1e-9);
  /* 1 to 10 March: 3/78 of the year, times 10 of March's 31 days. */
  kpi_test_assert_close_rel (spread (phasing, cal, 120000, "2025", "2025-03-01..2025-03-10"),
                             120000.0 * 3 / 78 * 10 / 31, 1e-9);
  /* Q4 = (10 + 11 + 12) / 78 of the year. */
  kpi_test_assert_close_rel (spread (phasing, cal, 78, "2025", "2025-Q4"), 33, 1e-9);
}
END_TEST

START_TEST (test_quarter_to_months)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  g_autoptr(KpiPhasing) even = kpi_phasing_new (KPI_PHASING_METHOD_EVEN);
  g_autoptr(KpiPhasing) working = kpi_phasing_new (KPI_PHASING_METHOD_WORKING_DAYS);

  /* 30 000 for Q1 2025, evenly: 10 000 a month. */
  kpi_test_assert_close_rel (spread (even, cal, 30000, "2025-Q1", "2025-01"), 10000, 1e-9);
  kpi_test_assert_close_rel (spread (even, cal, 30000, "2025-Q1", "2025-03"), 10000, 1e-9);
  kpi_test_assert_close_rel (spread (even, cal, 30000, "2025-Q1", "2025-04"), 0, 1e-9);
  /* By working days with 1 January off: Q1 has 22 + 20 + 21 = 63, so
   * February gets 30 000 × 20/63 = 9 523.809... */
  ck_assert (kpi_phasing_set_holidays (working, holidays_2025, NULL));
  kpi_test_assert_close_rel (spread (working, cal, 30000, "2025-Q1", "2025-02"), 30000.0 * 20 / 63, 1e-9);
  kpi_test_assert_close_rel (spread (working, cal, 30000, "2025-Q1", "2025-01"), 30000.0 * 22 / 63, 1e-9);
}
END_TEST

START_TEST (test_stock)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  g_autoptr(KpiPhasing) phasing = kpi_phasing_new (KPI_PHASING_METHOD_EVEN);
  const double profile[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };

  kpi_phasing_set_measure_type (phasing, KPI_MEASURE_TYPE_STOCK);
  /* A headcount of 50 for 2025 is 50 in any month or day of 2025... */
  kpi_test_assert_close_rel (spread (phasing, cal, 50, "2025", "2025-03"), 50, 1e-9);
  kpi_test_assert_close_rel (spread (phasing, cal, 50, "2025", "2025-03-14"), 50, 1e-9);
  kpi_test_assert_close_rel (spread (phasing, cal, 50, "2025", "2025-Q3"), 50, 1e-9);
  /* ...and unknown outside it. */
  ck_assert (isnan (spread (phasing, cal, 50, "2025", "2026-01")));

  /* Seasonal stock: scaled by the month's profile over the year's mean
   * profile per day, (1×31 + 2×28 + 3×31 + 4×30 + 5×31 + 6×30 + 7×31 +
   * 8×31 + 9×30 + 10×31 + 11×30 + 12×31) / 365 = 2382/365: December is
   * 50 × 12 / (2382/365) = 91.939... */
  kpi_phasing_set_method (phasing, KPI_PHASING_METHOD_SEASONAL);
  ck_assert (kpi_phasing_set_profile (phasing, profile, 12, NULL));
  kpi_test_assert_close_rel (spread (phasing, cal, 50, "2025", "2025-12"), 50.0 * 12 * 365 / 2382, 1e-9);
  /* The share of a stock is still the share of the weights. */
  kpi_test_assert_close_rel (share (phasing, cal, "2025", "2025-12"), 12.0 / 78, 1e-9);
}
END_TEST

START_TEST (test_partial_month)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  g_autoptr(KpiPhasing) even = kpi_phasing_new (KPI_PHASING_METHOD_EVEN);
  g_autoptr(KpiPhasing) working = kpi_phasing_new (KPI_PHASING_METHOD_WORKING_DAYS);

  /* Month to date at noon on Friday 14 February 2025 (UTC): 13.5 of 28
   * days evenly; by working days Mon 3 .. Thu 13 is 9 days plus half of
   * Friday 14 (Saturday 1 and Sunday 2 weigh 0), of 20: 9.5/20. */
  kpi_test_assert_close_rel (share (even, cal, "2025-02", "2025-02..2025-02-14T12:00Z"), 13.5 / 28, 1e-9);
  kpi_test_assert_close_rel (share (working, cal, "2025-02", "2025-02..2025-02-14T12:00Z"), 9.5 / 20, 1e-9);
  /* Spread of a February budget of 28 000 to the end of 14 February. */
  kpi_test_assert_close_rel (spread (even, cal, 28000, "2025-02", "2025-02..2025-02-14"), 14000, 1e-9);
  /* A year-to-date share of a yearly budget: January (1/12) plus 14/28 of
   * February's 1/12 = 1.5/12. */
  kpi_test_assert_close_rel (share (even, cal, "2025", "2025..2025-02-14"), 1.5 / 12, 1e-9);
}
END_TEST

START_TEST (test_dst)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(KpiCalendar) cal = NULL;
  g_autoptr(KpiCalendar) utc = kpi_calendar_new (NULL, 1, NULL);
  g_autoptr(KpiPhasing) even = kpi_phasing_new (KPI_PHASING_METHOD_EVEN);
  g_autoptr(KpiPeriod) paris_year = NULL;
  g_autoptr(KpiPeriod) utc_january = NULL;

  ck_assert_ptr_nonnull (paris);
  cal = kpi_calendar_new (paris, 1, NULL);
  /* March 2025 in Paris has a 23-hour day (30 March) and is still 1/3 of
   * Q1; October 2025 has a 25-hour day (26 October) and is 1/3 of Q4. */
  kpi_test_assert_close_rel (share (even, cal, "2025-Q1", "2025-03"), 1.0 / 3, 1e-9);
  kpi_test_assert_close_rel (share (even, cal, "2025-Q4", "2025-10"), 1.0 / 3, 1e-9);
  /* The 23-hour day weighs one day of March: 1/31; so does the 25-hour. */
  kpi_test_assert_close_rel (share (even, cal, "2025-03", "2025-03-30"), 1.0 / 31, 1e-9);
  kpi_test_assert_close_rel (share (even, cal, "2025-10", "2025-10-26"), 1.0 / 31, 1e-9);
  /* Midnight to noon on 30 March is 11 real hours of 23 (the clocks jump
   * from 2:00 to 3:00): 11/23 of the day, (11/23)/31 of March. */
  kpi_test_assert_close_rel (share (even, cal, "2025-03", "2025-03-30..2025-03-30T12:00+02:00"),
                             11.0 / 23 / 31, 1e-9);
  /* Days start at midnight in Paris: January in UTC starts an hour after
   * the Paris January, and ends an hour after it, in 1 February Paris
   * time: 31 days less 1 hour of January, plus 1 hour of February. */
  paris_year = kpi_test_parse_period (cal, "2025");
  utc_january = kpi_test_parse_period (utc, "2025-01");
  kpi_test_assert_close_rel (kpi_phasing_get_share (even, cal, paris_year, utc_january),
                             (31 - 1.0 / 24) / 31 / 12 + (1.0 / 24) / 28 / 12, 1e-9);
}
END_TEST

START_TEST (test_errors)
{
  g_autoptr(KpiPhasing) phasing = kpi_phasing_new (KPI_PHASING_METHOD_WORKING_DAYS);
  g_autoptr(GError) error = NULL;
  const char *bad_dates[] = { "2025-01-01", "2025-02-30", NULL };
  const char *bad_format[] = { "1/5/2025", NULL };
  const char *not_utf8[] = { "2025-12-2\xff", NULL };
  const double eleven[11] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
  const double negative[12] = { 1, 1, 1, 1, 1, -1, 1, 1, 1, 1, 1, 1 };
  g_auto(GStrv) dup = NULL;

  ck_assert (kpi_phasing_set_holidays (phasing, holidays_2025, NULL));
  ck_assert (!kpi_phasing_set_holidays (phasing, bad_dates, &error));
  g_assert_error (error, KPI_PHASING_ERROR, KPI_PHASING_ERROR_INVALID_DATE);
  ck_assert_ptr_nonnull (strstr (error->message, "2025-02-30"));
  g_clear_error (&error);
  ck_assert (!kpi_phasing_set_holidays (phasing, bad_format, &error));
  g_assert_error (error, KPI_PHASING_ERROR, KPI_PHASING_ERROR_INVALID_DATE);
  g_clear_error (&error);
  /* what was typed is quoted, as valid UTF-8 */
  ck_assert (!kpi_phasing_set_holidays (phasing, not_utf8, &error));
  g_assert_error (error, KPI_PHASING_ERROR, KPI_PHASING_ERROR_INVALID_DATE);
  ck_assert_str_eq (error->message, "“2025-12-2\xef\xbf\xbd” is not a date: holidays are written YYYY-MM-DD");
  g_clear_error (&error);
  /* The holidays are those of before the failed calls. */
  dup = kpi_phasing_dup_holidays (phasing);
  ck_assert_uint_eq (g_strv_length (dup), 3);

  ck_assert (!kpi_phasing_set_profile (phasing, eleven, 11, &error));
  g_assert_error (error, KPI_PHASING_ERROR, KPI_PHASING_ERROR_INVALID_PROFILE);
  g_clear_error (&error);
  /* the message says what was found, and what was expected */
  ck_assert (!kpi_phasing_set_profile (phasing, negative, 12, &error));
  g_assert_error (error, KPI_PHASING_ERROR, KPI_PHASING_ERROR_INVALID_PROFILE);
  ck_assert_str_eq (error->message, "the weight of month 6 of the profile is -1: expected a "
                    "number greater than 0");
  g_clear_error (&error);
  {
    double missing[12] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };

    missing[2] = NAN;
    ck_assert (!kpi_phasing_set_profile (phasing, missing, 12, &error));
    ck_assert_str_eq (error->message, "the weight of month 3 of the profile is missing: "
                      "expected a number greater than 0");
  }
}
END_TEST

/* The profile set is the profile got back: 12 equal weights until then,
 * and a refused profile leaves it as it was. */
START_TEST (test_get_profile)
{
  g_autoptr(KpiPhasing) phasing = kpi_phasing_new (KPI_PHASING_METHOD_SEASONAL);
  const double profile[12] = { 8, 8, 9, 9, 8, 7, 5, 4, 8, 9, 10, 15 };
  const double zero[12] = { 0 };
  const double *got;
  gsize n = 0;

  got = kpi_phasing_get_profile (phasing, &n);
  ck_assert_uint_eq (n, 12);
  for (gsize i = 0; i < 12; i++)
    ck_assert (got[i] == 1);
  ck_assert (kpi_phasing_set_profile (phasing, profile, 12, NULL));
  ck_assert (!kpi_phasing_set_profile (phasing, zero, 12, NULL));
  got = kpi_phasing_get_profile (phasing, NULL);
  ck_assert (memcmp (got, profile, sizeof profile) == 0);
}
END_TEST

START_TEST (test_properties)
{
  g_autoptr(KpiPhasing) phasing = kpi_phasing_new (KPI_PHASING_METHOD_EVEN);
  KpiPhasingMethod method;
  guint notified = 0;

  g_signal_connect (phasing, "notify", G_CALLBACK (kpi_test_count_notify), &notified);
  g_object_set (phasing, "method", KPI_PHASING_METHOD_SEASONAL, NULL);
  kpi_phasing_set_method (phasing, KPI_PHASING_METHOD_SEASONAL); /* unchanged: no notify */
  kpi_phasing_set_measure_type (phasing, KPI_MEASURE_TYPE_STOCK);
  ck_assert_uint_eq (notified, 2);
  g_object_get (phasing, "method", &method, NULL);
  ck_assert_int_eq (method, KPI_PHASING_METHOD_SEASONAL);
  ck_assert (G_TYPE_IS_ENUM (KPI_TYPE_PHASING_METHOD));
  ck_assert (G_TYPE_IS_ENUM (KPI_TYPE_MEASURE_TYPE));
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "even-year", test_even_year },
    { "working-days", test_working_days },
    { "seasonal", test_seasonal },
    { "quarter-to-months", test_quarter_to_months },
    { "stock", test_stock },
    { "partial-month", test_partial_month },
    { "dst", test_dst },
    { "errors", test_errors },
    { "get-profile", test_get_profile },
    { "properties", test_properties },
  };

  return kpi_test_run ("phasing", cases, G_N_ELEMENTS (cases), 0);
}
