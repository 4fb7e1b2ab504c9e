/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of KpiCalendar: construction and properties; the periods it makes
 * and their labels; ISO weeks and 53-week years; leap days; month-end
 * clamping of to-date periods; days of 23 and 25 hours in Europe/Paris,
 * America/New_York and America/Santiago (where midnight itself moves);
 * fiscal years starting in January, April, October and December; years
 * before 1970 and the limits 1..9999; parsing, with the labels that must be
 * refused; navigation; and a differential check against GDateTime. */

#include <check.h>
#include "kpi-test.h"
#include <string.h>
#include <libkpi/kpi.h>

#define SECOND G_GINT64_CONSTANT (1000000)
#define MINUTE G_GINT64_CONSTANT (60000000)
#define HOUR   G_GINT64_CONSTANT (3600000000)
#define DAY    G_GINT64_CONSTANT (86400000000)

/* A local time that exists once (not in a gap, not repeated). */
static gint64
local (GTimeZone *tz, int y, int m, int d, int h, int min)
{
  g_autoptr(GDateTime) dt = g_date_time_new (tz, y, m, d, h, min, 0);

  ck_assert_ptr_nonnull (dt);
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static char *
show (gint64 time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (time / G_USEC_PER_SEC);

  return dt ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : g_strdup_printf ("%" G_GINT64_FORMAT, time);
}

#define assert_period(p, label, start, end) assert_period_at (__LINE__, p, label, start, end)

static void
assert_period_at (int              line,
                  const KpiPeriod *period,
                  const char      *label,
                  gint64           start,
                  gint64           end)
{
  g_autofree char *s1 = NULL, *s2 = NULL, *e1 = NULL, *e2 = NULL;

  ck_assert_msg (period != NULL, "line %d: no period, expected %s", line, label);
  ck_assert_msg (g_str_equal (kpi_period_get_label (period), label),
                 "line %d: label %s, expected %s", line, kpi_period_get_label (period), label);
  s1 = show (kpi_period_get_start (period));
  s2 = show (start);
  e1 = show (kpi_period_get_end (period));
  e2 = show (end);
  ck_assert_msg (kpi_period_get_start (period) == start,
                 "line %d: %s starts at %s, expected %s", line, label, s1, s2);
  ck_assert_msg (kpi_period_get_end (period) == end,
                 "line %d: %s ends at %s, expected %s", line, label, e1, e2);
}

static gint64
length (const KpiPeriod *period)
{
  return kpi_period_get_end (period) - kpi_period_get_start (period);
}

/* The label of a period, freed with it: for chains of navigation. */
static char *
label_of (KpiPeriod *period)
{
  char *label;

  ck_assert_ptr_nonnull (period);
  label = g_strdup (kpi_period_get_label (period));
  kpi_period_free (period);
  return label;
}

START_TEST (test_construct)
{
  g_autoptr(KpiCalendar) plain = g_object_new (KPI_TYPE_CALENDAR, NULL);
  g_autoptr(KpiCalendar) paris = kpi_test_calendar_in ("Europe/Paris", 10);
  g_autoptr(GTimeZone) tz = NULL;
  GParamSpec *pspec;
  guint month = 0;
  gint64 now = -1;

  /* Defaults: UTC, fiscal year = calendar year, real clock. */
  ck_assert_str_eq (g_time_zone_get_identifier (kpi_calendar_get_time_zone (plain)), "UTC");
  ck_assert_uint_eq (kpi_calendar_get_fiscal_year_start_month (plain), 1);
  ck_assert_int_eq (kpi_calendar_get_now (plain), 0);

  g_object_get (paris, "time-zone", &tz, "fiscal-year-start-month", &month, "now", &now, NULL);
  ck_assert_str_eq (g_time_zone_get_identifier (tz), "Europe/Paris");
  ck_assert_uint_eq (month, 10);
  ck_assert_int_eq (now, 0);

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (paris), "time-zone");
  ck_assert (pspec->flags & G_PARAM_CONSTRUCT_ONLY);
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (paris), "fiscal-year-start-month");
  ck_assert (pspec->flags & G_PARAM_CONSTRUCT_ONLY);
  ck_assert_uint_eq (G_PARAM_SPEC_UINT (pspec)->minimum, 1);
  ck_assert_uint_eq (G_PARAM_SPEC_UINT (pspec)->maximum, 12);

  {
    g_autoptr(KpiCalendar) utc_cal = kpi_calendar_new (NULL, 1, NULL);
    ck_assert_str_eq (g_time_zone_get_identifier (kpi_calendar_get_time_zone (utc_cal)), "UTC");
  }
}
END_TEST

START_TEST (test_now_property)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  guint notified = 0;
  gint64 now = 0;

  g_signal_connect (cal, "notify::now", G_CALLBACK (kpi_test_count_notify), &notified);
  kpi_calendar_set_now (cal, kpi_test_utc (2025, 3, 14, 12, 0));
  ck_assert_uint_eq (notified, 1);
  kpi_calendar_set_now (cal, kpi_test_utc (2025, 3, 14, 12, 0));
  ck_assert_uint_eq (notified, 1);   /* unchanged: no notification */
  g_object_set (cal, "now", kpi_test_utc (2025, 3, 15, 12, 0), NULL);
  ck_assert_uint_eq (notified, 2);
  g_object_get (cal, "now", &now, NULL);
  ck_assert_int_eq (now, kpi_test_utc (2025, 3, 15, 12, 0));
  kpi_calendar_set_now (cal, 0);
  ck_assert_int_eq (kpi_calendar_get_now (cal), 0);
  ck_assert_uint_eq (notified, 3);
}
END_TEST

/* ------------------------------------------------------------------------
 * Periods and labels
 * ------------------------------------------------------------------------ */

START_TEST (test_period_at_utc)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 4, NULL);
  gint64 t = kpi_test_utc (2025, 2, 14, 10, 0);
  struct { KpiGranularity g; const char *label; gint64 start, end; } cases[] = {
    { KPI_GRANULARITY_DAY, "2025-02-14", kpi_test_utc (2025, 2, 14, 0, 0), kpi_test_utc (2025, 2, 15, 0, 0) },
    { KPI_GRANULARITY_WEEK, "2025-W07", kpi_test_utc (2025, 2, 10, 0, 0), kpi_test_utc (2025, 2, 17, 0, 0) },
    { KPI_GRANULARITY_MONTH, "2025-02", kpi_test_utc (2025, 2, 1, 0, 0), kpi_test_utc (2025, 3, 1, 0, 0) },
    { KPI_GRANULARITY_QUARTER, "2025-Q1", kpi_test_utc (2025, 1, 1, 0, 0), kpi_test_utc (2025, 4, 1, 0, 0) },
    { KPI_GRANULARITY_YEAR, "2025", kpi_test_utc (2025, 1, 1, 0, 0), kpi_test_utc (2026, 1, 1, 0, 0) },
    { KPI_GRANULARITY_FISCAL_QUARTER, "FY2025-Q4", kpi_test_utc (2025, 1, 1, 0, 0), kpi_test_utc (2025, 4, 1, 0, 0) },
    { KPI_GRANULARITY_FISCAL_YEAR, "FY2025", kpi_test_utc (2024, 4, 1, 0, 0), kpi_test_utc (2025, 4, 1, 0, 0) },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KpiPeriod) p = kpi_calendar_period_at (cal, t, cases[i].g);

      assert_period (p, cases[i].label, cases[i].start, cases[i].end);
      ck_assert_int_eq (kpi_period_get_granularity (p), cases[i].g);
      /* The first and the last instant belong to it; the end does not. */
      {
        g_autoptr(KpiPeriod) first = kpi_calendar_period_at (cal, cases[i].start, cases[i].g);
        g_autoptr(KpiPeriod) last = kpi_calendar_period_at (cal, cases[i].end - 1, cases[i].g);
        g_autoptr(KpiPeriod) after = kpi_calendar_period_at (cal, cases[i].end, cases[i].g);
        ck_assert (kpi_period_equal (first, p));
        ck_assert (kpi_period_equal (last, p));
        ck_assert (!kpi_period_equal (after, p));
      }
    }
}
END_TEST

START_TEST (test_iso_weeks)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  g_autoptr(KpiPeriod) w = NULL;
  g_autoptr(KpiPeriod) first = NULL, last = NULL;
  g_autoptr(GPtrArray) weeks = NULL;
  GError *error = NULL;
  struct { int y, m, d; const char *label; } days[] = {
    { 2024, 12, 30, "2025-W01" },   /* a Monday in December starts next year's week 1 */
    { 2024, 12, 29, "2024-W52" },
    { 2021, 1, 3, "2020-W53" },     /* a Sunday in January ends last year's week 53 */
    { 2021, 1, 4, "2021-W01" },
    { 2027, 1, 1, "2026-W53" },
    { 2026, 12, 31, "2026-W53" },
    { 2008, 12, 29, "2009-W01" },
    { 2010, 1, 3, "2009-W53" },
    { 2005, 1, 2, "2004-W53" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (days); i++)
    {
      g_autoptr(KpiPeriod) p = kpi_calendar_period_at (cal, kpi_test_utc (days[i].y, days[i].m, days[i].d, 12, 0),
                                                       KPI_GRANULARITY_WEEK);
      ck_assert_str_eq (kpi_period_get_label (p), days[i].label);
      ck_assert_int_eq (length (p), 7 * DAY);
    }

  /* Weeks run Monday to Monday. */
  w = kpi_test_parse_period (cal, "2025-W01");
  assert_period (w, "2025-W01", kpi_test_utc (2024, 12, 30, 0, 0), kpi_test_utc (2025, 1, 6, 0, 0));

  /* 2020 and 2026 have 53 weeks, 2025 has 52. */
  {
    g_autoptr(KpiPeriod) w53 = kpi_test_parse_period (cal, "2020-W53");
    g_autoptr(KpiPeriod) w53b = kpi_test_parse_period (cal, "2026-W53");
    g_autofree char *after = label_of (kpi_calendar_next (cal, w53));
    g_autofree char *before = NULL;
    g_autoptr(KpiPeriod) w01 = kpi_test_parse_period (cal, "2021-W01");

    assert_period (w53, "2020-W53", kpi_test_utc (2020, 12, 28, 0, 0), kpi_test_utc (2021, 1, 4, 0, 0));
    assert_period (w53b, "2026-W53", kpi_test_utc (2026, 12, 28, 0, 0), kpi_test_utc (2027, 1, 4, 0, 0));
    ck_assert_str_eq (after, "2021-W01");
    before = label_of (kpi_calendar_previous (cal, w01));
    ck_assert_str_eq (before, "2020-W53");
  }
  ck_assert_ptr_null (kpi_calendar_parse_period (cal, "2025-W53", &error));
  ck_assert (g_error_matches (error, KPI_CALENDAR_ERROR, KPI_CALENDAR_ERROR_INVALID_LABEL));
  g_clear_error (&error);

  first = kpi_test_parse_period (cal, "2020-W01");
  last = kpi_test_parse_period (cal, "2020-W53");
  weeks = kpi_calendar_list_periods (cal, first, last);
  ck_assert_uint_eq (weeks->len, 53);
  g_clear_pointer (&first, kpi_period_free);
  g_clear_pointer (&last, kpi_period_free);
  g_clear_pointer (&weeks, g_ptr_array_unref);
  first = kpi_test_parse_period (cal, "2025-W01");
  last = kpi_calendar_period_at (cal, kpi_test_utc (2025, 12, 28, 12, 0), KPI_GRANULARITY_WEEK);
  weeks = kpi_calendar_list_periods (cal, first, last);
  ck_assert_str_eq (kpi_period_get_label (last), "2025-W52");
  ck_assert_uint_eq (weeks->len, 52);
}
END_TEST

START_TEST (test_iso_weeks_vs_gdatetime)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  gint64 t = kpi_test_utc (1899, 12, 20, 12, 0);
  gint64 stop = kpi_test_utc (2041, 1, 10, 0, 0);
  int n53 = 0;

  /* Every day of 140 years against GDateTime's %G-W%V. */
  for (; t < stop; t += DAY)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t / G_USEC_PER_SEC);
      g_autofree char *expected = g_date_time_format (dt, "%G-W%V");
      g_autoptr(KpiPeriod) p = kpi_calendar_period_at (cal, t, KPI_GRANULARITY_WEEK);

      ck_assert_str_eq (kpi_period_get_label (p), expected);
      if (g_date_time_get_day_of_week (dt) == 1 && g_date_time_get_week_of_year (dt) == 53)
        n53++;
    }
  /* 71 years out of 400 have 53 weeks: about 25 in 140 years. */
  ck_assert_int_eq (n53, 25);
}
END_TEST

START_TEST (test_week_same_period_last_year)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  struct { const char *from, *to; } cases[] = {
    { "2026-W53", "2025-W52" },   /* 2025 has no week 53 */
    { "2020-W53", "2019-W52" },
    { "2015-W53", "2014-W52" },   /* 53-week years are 5 or 6 years apart */
    { "2016-W52", "2015-W52" },
    { "2021-W10", "2020-W10" },
    { "2025-W01", "2024-W01" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KpiPeriod) p = kpi_test_parse_period (cal, cases[i].from);
      g_autofree char *ly = label_of (kpi_calendar_same_period_last_year (cal, p));

      ck_assert_str_eq (ly, cases[i].to);
    }
}
END_TEST

START_TEST (test_leap_days)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  g_autoptr(KpiPeriod) feb25 = kpi_test_parse_period (cal, "2025-02");
  g_autoptr(KpiPeriod) feb24 = kpi_calendar_same_period_last_year (cal, feb25);
  GError *error = NULL;

  ck_assert_int_eq (length (feb25), 28 * DAY);
  assert_period (feb24, "2024-02", kpi_test_utc (2024, 2, 1, 0, 0), kpi_test_utc (2024, 3, 1, 0, 0));
  ck_assert_int_eq (length (feb24), 29 * DAY);

  {
    g_autoptr(KpiPeriod) leap = kpi_test_parse_period (cal, "2024-02-29");
    g_autoptr(KpiPeriod) ly = kpi_calendar_same_period_last_year (cal, leap);
    g_autofree char *next = label_of (kpi_calendar_next (cal, leap));
    g_autoptr(KpiPeriod) day28 = kpi_test_parse_period (cal, "2024-02-28");
    g_autofree char *after28 = label_of (kpi_calendar_next (cal, day28));
    g_autoptr(KpiPeriod) mar1 = kpi_test_parse_period (cal, "2025-03-01");
    g_autofree char *ly_mar1 = label_of (kpi_calendar_same_period_last_year (cal, mar1));

    assert_period (ly, "2023-02-28", kpi_test_utc (2023, 2, 28, 0, 0), kpi_test_utc (2023, 3, 1, 0, 0));
    ck_assert_str_eq (next, "2024-03-01");
    ck_assert_str_eq (after28, "2024-02-29");
    ck_assert_str_eq (ly_mar1, "2024-03-01");
  }

  /* Century rules: 1900 and 2100 are not leap years, 1600 and 2000 are. */
  {
    const char *months[] = { "1600-02", "1900-02", "2000-02", "2100-02" };
    const int days[] = { 29, 28, 29, 28 };

    for (gsize i = 0; i < G_N_ELEMENTS (months); i++)
      {
        g_autoptr(KpiPeriod) p = kpi_test_parse_period (cal, months[i]);
        ck_assert_int_eq (length (p), days[i] * DAY);
      }
  }
  ck_assert_ptr_null (kpi_calendar_parse_period (cal, "2100-02-29", &error));
  ck_assert (g_error_matches (error, KPI_CALENDAR_ERROR, KPI_CALENDAR_ERROR_INVALID_LABEL));
  g_clear_error (&error);
  ck_assert_ptr_null (kpi_calendar_parse_period (cal, "2023-02-29", &error));
  g_clear_error (&error);
  {
    g_autoptr(KpiPeriod) p = kpi_test_parse_period (cal, "2000-02-29");
    ck_assert_int_eq (kpi_period_get_start (p), kpi_test_utc (2000, 2, 29, 0, 0));
  }
}
END_TEST

START_TEST (test_month_end_clamping)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  struct { gint64 at; KpiGranularity g; const char *label, *previous; gint64 prev_end; } cases[] = {
    /* The same days of the previous month... */
    { kpi_test_utc (2025, 3, 14, 15, 30), KPI_GRANULARITY_MONTH, "2025-03..2025-03-14T15:30Z",
      "2025-02..2025-02-14T15:30Z", kpi_test_utc (2025, 2, 14, 15, 30) },
    { kpi_test_utc (2025, 3, 28, 15, 0), KPI_GRANULARITY_MONTH, "2025-03..2025-03-28T15:00Z",
      "2025-02..2025-02-28T15:00Z", kpi_test_utc (2025, 2, 28, 15, 0) },
    /* ...but 29, 30 or 31 March minus one month is the whole of February... */
    { kpi_test_utc (2025, 3, 31, 15, 0), KPI_GRANULARITY_MONTH, "2025-03..2025-03-31T15:00Z",
      "2025-02..2025-02-28", kpi_test_utc (2025, 3, 1, 0, 0) },
    { kpi_test_utc (2025, 3, 29, 15, 0), KPI_GRANULARITY_MONTH, "2025-03..2025-03-29T15:00Z",
      "2025-02..2025-02-28", kpi_test_utc (2025, 3, 1, 0, 0) },
    /* ...which has 29 days in a leap year. */
    { kpi_test_utc (2024, 3, 31, 15, 0), KPI_GRANULARITY_MONTH, "2024-03..2024-03-31T15:00Z",
      "2024-02..2024-02-29", kpi_test_utc (2024, 3, 1, 0, 0) },
    { kpi_test_utc (2024, 3, 29, 15, 0), KPI_GRANULARITY_MONTH, "2024-03..2024-03-29T15:00Z",
      "2024-02..2024-02-29T15:00Z", kpi_test_utc (2024, 2, 29, 15, 0) },
    /* An end at midnight: the days before it, included. */
    { kpi_test_utc (2025, 3, 15, 0, 0), KPI_GRANULARITY_MONTH, "2025-03..2025-03-14",
      "2025-02..2025-02-14", kpi_test_utc (2025, 2, 15, 0, 0) },
    /* 31 May in the second quarter: 31 February does not exist either. */
    { kpi_test_utc (2025, 5, 31, 12, 0), KPI_GRANULARITY_QUARTER, "2025-Q2..2025-05-31T12:00Z",
      "2025-Q1..2025-02-28", kpi_test_utc (2025, 3, 1, 0, 0) },
    { kpi_test_utc (2025, 5, 14, 12, 0), KPI_GRANULARITY_QUARTER, "2025-Q2..2025-05-14T12:00Z",
      "2025-Q1..2025-02-14T12:00Z", kpi_test_utc (2025, 2, 14, 12, 0) },
    /* 31 January minus one month is 31 December. */
    { kpi_test_utc (2025, 1, 31, 10, 0), KPI_GRANULARITY_MONTH, "2025-01..2025-01-31T10:00Z",
      "2024-12..2024-12-31T10:00Z", kpi_test_utc (2024, 12, 31, 10, 0) },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KpiPeriod) td = kpi_calendar_to_date (cal, cases[i].g, cases[i].at);
      g_autoptr(KpiPeriod) prev = kpi_calendar_previous (cal, td);

      ck_assert_str_eq (kpi_period_get_label (td), cases[i].label);
      ck_assert_int_eq (kpi_period_get_end (td), cases[i].at);
      ck_assert_str_eq (kpi_period_get_label (prev), cases[i].previous);
      ck_assert_int_eq (kpi_period_get_end (prev), cases[i].prev_end);
      ck_assert_int_eq (kpi_period_get_granularity (prev), KPI_GRANULARITY_CUSTOM);
      ck_assert (kpi_period_is_partial (prev));
    }

  /* Two months back from 31 January: November has 30 days. */
  {
    g_autoptr(KpiPeriod) td = kpi_calendar_to_date (cal, KPI_GRANULARITY_MONTH, kpi_test_utc (2025, 1, 31, 10, 0));
    g_autoptr(KpiPeriod) nov = kpi_calendar_offset (cal, td, -2);
    g_autoptr(KpiPeriod) feb = kpi_calendar_offset (cal, td, 1);
    assert_period (nov, "2024-11..2024-11-30", kpi_test_utc (2024, 11, 1, 0, 0), kpi_test_utc (2024, 12, 1, 0, 0));
    assert_period (feb, "2025-02..2025-02-28", kpi_test_utc (2025, 2, 1, 0, 0), kpi_test_utc (2025, 3, 1, 0, 0));
  }
}
END_TEST

START_TEST (test_to_date_last_year)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  struct { gint64 at; KpiGranularity g; const char *label, *last_year; gint64 ly_end; } cases[] = {
    /* Year-to-date to 14 March: the same dates last year, leap day included. */
    { kpi_test_utc (2025, 3, 14, 15, 30), KPI_GRANULARITY_YEAR, "2025..2025-03-14T15:30Z",
      "2024..2024-03-14T15:30Z", kpi_test_utc (2024, 3, 14, 15, 30) },
    /* Through 29 February: the whole of February 2023. */
    { kpi_test_utc (2024, 2, 29, 12, 0), KPI_GRANULARITY_YEAR, "2024..2024-02-29T12:00Z",
      "2023..2023-02-28", kpi_test_utc (2023, 3, 1, 0, 0) },
    { kpi_test_utc (2024, 3, 1, 0, 0), KPI_GRANULARITY_YEAR, "2024..2024-02-29",
      "2023..2023-02-28", kpi_test_utc (2023, 3, 1, 0, 0) },
    { kpi_test_utc (2024, 2, 29, 12, 0), KPI_GRANULARITY_MONTH, "2024-02..2024-02-29T12:00Z",
      "2023-02..2023-02-28", kpi_test_utc (2023, 3, 1, 0, 0) },
    { kpi_test_utc (2025, 2, 14, 9, 0), KPI_GRANULARITY_QUARTER, "2025-Q1..2025-02-14T09:00Z",
      "2024-Q1..2024-02-14T09:00Z", kpi_test_utc (2024, 2, 14, 9, 0) },
    /* Week-to-date: same weekday of the same week number. */
    { kpi_test_utc (2026, 12, 31, 9, 0), KPI_GRANULARITY_WEEK, "2026-W53..2026-12-31T09:00Z",
      "2025-W52..2025-12-25T09:00Z", kpi_test_utc (2025, 12, 25, 9, 0) },
    /* Day-to-date on a leap day. */
    { kpi_test_utc (2024, 2, 29, 8, 0), KPI_GRANULARITY_DAY, "2024-02-29..2024-02-29T08:00Z",
      "2023-02-28..2023-02-28T08:00Z", kpi_test_utc (2023, 2, 28, 8, 0) },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KpiPeriod) td = kpi_calendar_to_date (cal, cases[i].g, cases[i].at);
      g_autoptr(KpiPeriod) ly = kpi_calendar_same_period_last_year (cal, td);

      ck_assert_str_eq (kpi_period_get_label (td), cases[i].label);
      ck_assert_str_eq (kpi_period_get_label (ly), cases[i].last_year);
      ck_assert_int_eq (kpi_period_get_end (ly), cases[i].ly_end);
    }
}
END_TEST

START_TEST (test_dst_paris)
{
  g_autoptr(GTimeZone) tz = kpi_test_time_zone ("Europe/Paris");
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (tz, 1, NULL);
  g_autoptr(KpiPeriod) spring = kpi_test_parse_period (cal, "2025-03-30");
  g_autoptr(KpiPeriod) autumn = kpi_test_parse_period (cal, "2025-10-26");
  g_autoptr(KpiPeriod) march = kpi_test_parse_period (cal, "2025-03");
  g_autoptr(KpiPeriod) october = kpi_test_parse_period (cal, "2025-10");
  g_autoptr(KpiPeriod) w13 = kpi_test_parse_period (cal, "2025-W13");
  g_autoptr(KpiPeriod) w43 = kpi_test_parse_period (cal, "2025-W43");
  g_autoptr(GPtrArray) days = NULL;
  gint64 total = 0;

  /* 23 hours: midnight is 23:00Z the day before, the next one 22:00Z. */
  assert_period (spring, "2025-03-30", kpi_test_utc (2025, 3, 29, 23, 0), kpi_test_utc (2025, 3, 30, 22, 0));
  ck_assert_int_eq (length (spring), 23 * HOUR);
  assert_period (autumn, "2025-10-26", kpi_test_utc (2025, 10, 25, 22, 0), kpi_test_utc (2025, 10, 26, 23, 0));
  ck_assert_int_eq (length (autumn), 25 * HOUR);
  ck_assert_int_eq (length (march), (31 * 24 - 1) * HOUR);
  ck_assert_int_eq (length (october), (31 * 24 + 1) * HOUR);
  ck_assert_int_eq (length (w13), (7 * 24 - 1) * HOUR);
  ck_assert_int_eq (length (w43), (7 * 24 + 1) * HOUR);

  /* 02:30 happens twice on 26 October: 00:30Z (CEST) and 01:30Z (CET). */
  {
    g_autoptr(KpiPeriod) first = kpi_calendar_period_at (cal, kpi_test_utc (2025, 10, 26, 0, 30), KPI_GRANULARITY_DAY);
    g_autoptr(KpiPeriod) second = kpi_calendar_period_at (cal, kpi_test_utc (2025, 10, 26, 1, 30), KPI_GRANULARITY_DAY);
    g_autoptr(KpiPeriod) before = kpi_calendar_period_at (cal, kpi_test_utc (2025, 10, 25, 21, 59), KPI_GRANULARITY_DAY);
    g_autoptr(KpiPeriod) a = kpi_calendar_custom_period (cal, kpi_period_get_start (autumn), kpi_test_utc (2025, 10, 26, 0, 30), NULL);
    g_autoptr(KpiPeriod) b = kpi_calendar_custom_period (cal, kpi_period_get_start (autumn), kpi_test_utc (2025, 10, 26, 1, 30), NULL);
    g_autoptr(KpiPeriod) a2 = NULL, b2 = NULL;

    ck_assert (kpi_period_equal (first, autumn));
    ck_assert (kpi_period_equal (second, autumn));
    ck_assert_str_eq (kpi_period_get_label (before), "2025-10-25");
    /* The offset tells the two 02:30 apart, and they read back. */
    ck_assert_str_eq (kpi_period_get_label (a), "2025-10-26..2025-10-26T02:30+02:00");
    ck_assert_str_eq (kpi_period_get_label (b), "2025-10-26..2025-10-26T02:30+01:00");
    a2 = kpi_test_parse_period (cal, kpi_period_get_label (a));
    b2 = kpi_test_parse_period (cal, kpi_period_get_label (b));
    ck_assert (kpi_period_equal (a, a2));
    ck_assert (kpi_period_equal (b, b2));
    ck_assert_int_eq (kpi_period_get_end (b2) - kpi_period_get_end (a2), HOUR);
  }

  /* The days of March add up to the month. */
  {
    g_autoptr(KpiPeriod) d1 = kpi_test_parse_period (cal, "2025-03-01");
    g_autoptr(KpiPeriod) d31 = kpi_test_parse_period (cal, "2025-03-31");
    days = kpi_calendar_list_periods (cal, d1, d31);
  }
  ck_assert_uint_eq (days->len, 31);
  for (guint i = 0; i < days->len; i++)
    {
      KpiPeriod *d = g_ptr_array_index (days, i);
      total += length (d);
      if (i > 0)
        ck_assert_int_eq (kpi_period_get_start (d), kpi_period_get_end (g_ptr_array_index (days, i - 1)));
    }
  ck_assert_int_eq (total, length (march));

  /* A week of whole days moves by 7 days, midnight to midnight. */
  {
    g_autoptr(KpiPeriod) range = kpi_test_parse_period (cal, "2025-03-24..2025-03-30");
    g_autoptr(KpiPeriod) next = kpi_calendar_next (cal, range);
    g_autoptr(KpiPeriod) prev = kpi_calendar_previous (cal, range);

    ck_assert_int_eq (length (range), (7 * 24 - 1) * HOUR);
    assert_period (next, "2025-03-31..2025-04-06", local (tz, 2025, 3, 31, 0, 0), local (tz, 2025, 4, 7, 0, 0));
    assert_period (prev, "2025-03-17..2025-03-23", local (tz, 2025, 3, 17, 0, 0), local (tz, 2025, 3, 24, 0, 0));
  }

  /* Day-to-date: the same wall-clock time the day before, which had one
   * hour less. */
  {
    g_autoptr(KpiPeriod) dtd = kpi_calendar_to_date (cal, KPI_GRANULARITY_DAY, kpi_test_utc (2025, 3, 31, 10, 0));
    g_autoptr(KpiPeriod) prev = kpi_calendar_previous (cal, dtd);

    assert_period (dtd, "2025-03-31..2025-03-31T12:00+02:00", kpi_test_utc (2025, 3, 30, 22, 0), kpi_test_utc (2025, 3, 31, 10, 0));
    assert_period (prev, "2025-03-30..2025-03-30T12:00+02:00", kpi_test_utc (2025, 3, 29, 23, 0), kpi_test_utc (2025, 3, 30, 10, 0));
    ck_assert_int_eq (length (prev), 11 * HOUR);
  }
}
END_TEST

START_TEST (test_dst_new_york)
{
  g_autoptr(GTimeZone) tz = kpi_test_time_zone ("America/New_York");
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (tz, 1, NULL);
  g_autoptr(KpiPeriod) spring = kpi_test_parse_period (cal, "2025-03-09");
  g_autoptr(KpiPeriod) autumn = kpi_test_parse_period (cal, "2025-11-02");

  assert_period (spring, "2025-03-09", kpi_test_utc (2025, 3, 9, 5, 0), kpi_test_utc (2025, 3, 10, 4, 0));
  ck_assert_int_eq (length (spring), 23 * HOUR);
  assert_period (autumn, "2025-11-02", kpi_test_utc (2025, 11, 2, 4, 0), kpi_test_utc (2025, 11, 3, 5, 0));
  ck_assert_int_eq (length (autumn), 25 * HOUR);

  /* 01:30 EDT (05:30Z) and 01:30 EST (06:30Z). */
  {
    g_autoptr(KpiPeriod) edt = kpi_calendar_period_at (cal, kpi_test_utc (2025, 11, 2, 5, 30), KPI_GRANULARITY_DAY);
    g_autoptr(KpiPeriod) est = kpi_calendar_period_at (cal, kpi_test_utc (2025, 11, 2, 6, 30), KPI_GRANULARITY_DAY);
    g_autoptr(KpiPeriod) dtd = kpi_calendar_to_date (cal, KPI_GRANULARITY_DAY, kpi_test_utc (2025, 11, 2, 6, 30));
    g_autoptr(KpiPeriod) week = kpi_calendar_period_at (cal, kpi_test_utc (2025, 11, 2, 6, 30), KPI_GRANULARITY_WEEK);

    ck_assert (kpi_period_equal (edt, autumn));
    ck_assert (kpi_period_equal (est, autumn));
    ck_assert_str_eq (kpi_period_get_label (dtd), "2025-11-02..2025-11-02T01:30-05:00");
    /* Sunday 2 November ends week 44. */
    assert_period (week, "2025-W44", kpi_test_utc (2025, 10, 27, 4, 0), kpi_test_utc (2025, 11, 3, 5, 0));
  }

  /* 02:30 on 9 March does not exist. */
  {
    GError *error = NULL;
    ck_assert_ptr_null (kpi_calendar_parse_period (cal, "2025-03-09T02:30..2025-03-10", &error));
    ck_assert (g_error_matches (error, KPI_CALENDAR_ERROR, KPI_CALENDAR_ERROR_INVALID_LABEL));
    ck_assert_ptr_nonnull (strstr (error->message, "America/New_York"));
    g_clear_error (&error);
  }
}
END_TEST

START_TEST (test_midnight_dst_santiago)
{
  /* Chile moves its clocks at midnight.  On 7 September 2025 midnight never
   * comes (00:00 -04 is 01:00 -03): the day starts at its first instant.
   * On 6 April 2025, 00:00 -03 is the instant the clocks go back to 23:00
   * -04: the 5th gets the repeated hour and midnight comes once, at 04:00Z. */
  g_autoptr(KpiCalendar) cal = kpi_test_calendar_in ("America/Santiago", 1);
  g_autoptr(KpiPeriod) sep6 = kpi_test_parse_period (cal, "2025-09-06");
  g_autoptr(KpiPeriod) sep7 = kpi_test_parse_period (cal, "2025-09-07");
  g_autoptr(KpiPeriod) apr5 = kpi_test_parse_period (cal, "2025-04-05");
  g_autoptr(KpiPeriod) apr6 = kpi_test_parse_period (cal, "2025-04-06");

  assert_period (sep6, "2025-09-06", kpi_test_utc (2025, 9, 6, 4, 0), kpi_test_utc (2025, 9, 7, 4, 0));
  assert_period (sep7, "2025-09-07", kpi_test_utc (2025, 9, 7, 4, 0), kpi_test_utc (2025, 9, 8, 3, 0));
  ck_assert_int_eq (length (sep7), 23 * HOUR);
  assert_period (apr5, "2025-04-05", kpi_test_utc (2025, 4, 5, 3, 0), kpi_test_utc (2025, 4, 6, 4, 0));
  ck_assert_int_eq (length (apr5), 25 * HOUR);
  assert_period (apr6, "2025-04-06", kpi_test_utc (2025, 4, 6, 4, 0), kpi_test_utc (2025, 4, 7, 4, 0));

  /* Both 23:30 of the 5th, told apart by their offsets. */
  {
    g_autoptr(KpiPeriod) first = kpi_calendar_to_date (cal, KPI_GRANULARITY_DAY, kpi_test_utc (2025, 4, 6, 2, 30));
    g_autoptr(KpiPeriod) second = kpi_calendar_to_date (cal, KPI_GRANULARITY_DAY, kpi_test_utc (2025, 4, 6, 3, 30));
    g_autoptr(KpiPeriod) back = NULL;

    ck_assert_str_eq (kpi_period_get_label (first), "2025-04-05..2025-04-05T23:30-03:00");
    ck_assert_str_eq (kpi_period_get_label (second), "2025-04-05..2025-04-05T23:30-04:00");
    back = kpi_test_parse_period (cal, kpi_period_get_label (second));
    ck_assert (kpi_period_equal (back, second));
  }

  /* A range starting on the day without midnight. */
  {
    g_autoptr(KpiPeriod) range = kpi_test_parse_period (cal, "2025-09-07..2025-09-13");
    g_autoptr(KpiPeriod) prev = kpi_calendar_previous (cal, range);
    assert_period (prev, "2025-08-31..2025-09-06", kpi_test_utc (2025, 8, 31, 4, 0), kpi_test_utc (2025, 9, 7, 4, 0));
  }
}
END_TEST

START_TEST (test_clock_back_across_midnight)
{
  /* When Alaska became American, Sitka moved its clocks from +14:58:47 to
   * -09:01:13 at 15:30 on 19 October 1867 (00:31:13Z): the wall clock went
   * back to 15:30 on the 18th.  The 19th began at its first midnight and a
   * day only ends when the next one begins, so the 19th lasts 48 hours, and
   * an instant whose wall clock reads the 18th again belongs to it. */
  g_autoptr(KpiCalendar) cal = kpi_test_calendar_in ("America/Sitka", 1);
  gint64 sec13 = 13 * SECOND;
  gint64 t = kpi_test_utc (1867, 10, 19, 5, 0);   /* 19:58:47 on the 18th, wall clock */
  g_autoptr(KpiPeriod) d18 = kpi_test_parse_period (cal, "1867-10-18");
  g_autoptr(KpiPeriod) d19 = kpi_test_parse_period (cal, "1867-10-19");
  g_autoptr(KpiPeriod) at = kpi_calendar_period_at (cal, t, KPI_GRANULARITY_DAY);
  g_autoptr(KpiPeriod) dtd = kpi_calendar_to_date (cal, KPI_GRANULARITY_DAY, t);
  g_autoptr(KpiPeriod) back = NULL;

  assert_period (d18, "1867-10-18", kpi_test_utc (1867, 10, 17, 9, 1) + sec13, kpi_test_utc (1867, 10, 18, 9, 1) + sec13);
  assert_period (d19, "1867-10-19", kpi_test_utc (1867, 10, 18, 9, 1) + sec13, kpi_test_utc (1867, 10, 20, 9, 1) + sec13);
  ck_assert_int_eq (length (d19), 48 * HOUR);
  ck_assert (kpi_period_equal (at, d19));
  ck_assert_str_eq (kpi_period_get_label (dtd), "1867-10-19..1867-10-18T19:58:47-09:01:13");
  back = kpi_test_parse_period (cal, kpi_period_get_label (dtd));
  ck_assert (kpi_period_equal (back, dtd));
}
END_TEST

START_TEST (test_fiscal_april)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 4, NULL);
  g_autoptr(KpiPeriod) fy = kpi_test_parse_period (cal, "FY2025");
  g_autoptr(KpiPeriod) q1 = kpi_test_parse_period (cal, "FY2025-Q1");
  g_autoptr(KpiPeriod) q3 = kpi_test_parse_period (cal, "FY2025-Q3");
  g_autoptr(KpiPeriod) q4 = kpi_test_parse_period (cal, "FY2025-Q4");
  g_autoptr(KpiPeriod) q2b = kpi_test_parse_period (cal, "FY2026-Q2");
  g_autoptr(GPtrArray) list = NULL;
  const char *expected[] = { "FY2025-Q1", "FY2025-Q2", "FY2025-Q3", "FY2025-Q4", "FY2026-Q1", "FY2026-Q2" };

  assert_period (fy, "FY2025", kpi_test_utc (2024, 4, 1, 0, 0), kpi_test_utc (2025, 4, 1, 0, 0));
  assert_period (q1, "FY2025-Q1", kpi_test_utc (2024, 4, 1, 0, 0), kpi_test_utc (2024, 7, 1, 0, 0));
  assert_period (q3, "FY2025-Q3", kpi_test_utc (2024, 10, 1, 0, 0), kpi_test_utc (2025, 1, 1, 0, 0));
  assert_period (q4, "FY2025-Q4", kpi_test_utc (2025, 1, 1, 0, 0), kpi_test_utc (2025, 4, 1, 0, 0));

  {
    g_autoptr(KpiPeriod) a = kpi_calendar_period_at (cal, kpi_test_utc (2025, 3, 31, 23, 59), KPI_GRANULARITY_FISCAL_YEAR);
    g_autoptr(KpiPeriod) b = kpi_calendar_period_at (cal, kpi_test_utc (2025, 4, 1, 0, 0), KPI_GRANULARITY_FISCAL_YEAR);
    g_autoptr(KpiPeriod) c = kpi_calendar_period_at (cal, kpi_test_utc (2025, 4, 1, 0, 0), KPI_GRANULARITY_FISCAL_QUARTER);
    g_autoptr(KpiPeriod) d = kpi_calendar_period_at (cal, kpi_test_utc (2024, 12, 31, 12, 0), KPI_GRANULARITY_FISCAL_QUARTER);
    g_autofree char *next = label_of (kpi_calendar_next (cal, q4));
    g_autofree char *prev = label_of (kpi_calendar_previous (cal, q1));
    g_autoptr(KpiPeriod) ly = kpi_calendar_same_period_last_year (cal, q3);

    ck_assert_str_eq (kpi_period_get_label (a), "FY2025");
    ck_assert_str_eq (kpi_period_get_label (b), "FY2026");
    ck_assert_str_eq (kpi_period_get_label (c), "FY2026-Q1");
    ck_assert_str_eq (kpi_period_get_label (d), "FY2025-Q3");
    ck_assert_str_eq (next, "FY2026-Q1");
    ck_assert_str_eq (prev, "FY2024-Q4");
    assert_period (ly, "FY2024-Q3", kpi_test_utc (2023, 10, 1, 0, 0), kpi_test_utc (2024, 1, 1, 0, 0));
  }

  list = kpi_calendar_list_periods (cal, q1, q2b);
  ck_assert_uint_eq (list->len, G_N_ELEMENTS (expected));
  for (guint i = 0; i < list->len; i++)
    ck_assert_str_eq (kpi_period_get_label (g_ptr_array_index (list, i)), expected[i]);

  /* Fiscal year-to-date, and the same stretch a year earlier. */
  {
    g_autoptr(KpiPeriod) fytd = kpi_calendar_to_date (cal, KPI_GRANULARITY_FISCAL_YEAR, kpi_test_utc (2025, 2, 14, 0, 0));
    g_autoptr(KpiPeriod) ly = kpi_calendar_same_period_last_year (cal, fytd);
    g_autoptr(KpiPeriod) fqtd = kpi_calendar_to_date (cal, KPI_GRANULARITY_FISCAL_QUARTER, kpi_test_utc (2025, 2, 14, 0, 0));
    g_autoptr(KpiPeriod) prev = kpi_calendar_previous (cal, fqtd);

    assert_period (fytd, "FY2025..2025-02-13", kpi_test_utc (2024, 4, 1, 0, 0), kpi_test_utc (2025, 2, 14, 0, 0));
    assert_period (ly, "FY2024..2024-02-13", kpi_test_utc (2023, 4, 1, 0, 0), kpi_test_utc (2024, 2, 14, 0, 0));
    assert_period (fqtd, "FY2025-Q4..2025-02-13", kpi_test_utc (2025, 1, 1, 0, 0), kpi_test_utc (2025, 2, 14, 0, 0));
    assert_period (prev, "FY2025-Q3..2024-11-13", kpi_test_utc (2024, 10, 1, 0, 0), kpi_test_utc (2024, 11, 14, 0, 0));
  }
}
END_TEST

START_TEST (test_fiscal_october_december)
{
  g_autoptr(KpiCalendar) oct = kpi_calendar_new (NULL, 10, NULL);
  g_autoptr(KpiCalendar) dec = kpi_calendar_new (NULL, 12, NULL);
  g_autoptr(KpiPeriod) fy = kpi_test_parse_period (oct, "FY2025");
  g_autoptr(KpiPeriod) q1 = kpi_test_parse_period (oct, "FY2025-Q1");
  g_autoptr(KpiPeriod) q4 = kpi_test_parse_period (oct, "FY2025-Q4");
  g_autoptr(KpiPeriod) fy_dec = kpi_test_parse_period (dec, "FY2025");
  g_autoptr(KpiPeriod) q2_dec = kpi_test_parse_period (dec, "FY2025-Q2");

  assert_period (fy, "FY2025", kpi_test_utc (2024, 10, 1, 0, 0), kpi_test_utc (2025, 10, 1, 0, 0));
  assert_period (q1, "FY2025-Q1", kpi_test_utc (2024, 10, 1, 0, 0), kpi_test_utc (2025, 1, 1, 0, 0));
  assert_period (q4, "FY2025-Q4", kpi_test_utc (2025, 7, 1, 0, 0), kpi_test_utc (2025, 10, 1, 0, 0));
  {
    g_autoptr(KpiPeriod) a = kpi_calendar_period_at (oct, kpi_test_utc (2024, 12, 31, 12, 0), KPI_GRANULARITY_FISCAL_QUARTER);
    g_autoptr(KpiPeriod) b = kpi_calendar_period_at (oct, kpi_test_utc (2024, 9, 30, 12, 0), KPI_GRANULARITY_FISCAL_QUARTER);
    g_autoptr(KpiPeriod) c = kpi_calendar_period_at (oct, kpi_test_utc (2025, 10, 1, 0, 0), KPI_GRANULARITY_FISCAL_YEAR);
    ck_assert_str_eq (kpi_period_get_label (a), "FY2025-Q1");
    ck_assert_str_eq (kpi_period_get_label (b), "FY2024-Q4");
    ck_assert_str_eq (kpi_period_get_label (c), "FY2026");
  }

  assert_period (fy_dec, "FY2025", kpi_test_utc (2024, 12, 1, 0, 0), kpi_test_utc (2025, 12, 1, 0, 0));
  assert_period (q2_dec, "FY2025-Q2", kpi_test_utc (2025, 3, 1, 0, 0), kpi_test_utc (2025, 6, 1, 0, 0));
  {
    g_autoptr(KpiPeriod) a = kpi_calendar_period_at (dec, kpi_test_utc (2024, 12, 1, 0, 0), KPI_GRANULARITY_FISCAL_QUARTER);
    ck_assert_str_eq (kpi_period_get_label (a), "FY2025-Q1");
  }
}
END_TEST

START_TEST (test_fiscal_january)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  g_autoptr(KpiPeriod) fy = kpi_test_parse_period (cal, "FY2025");
  g_autoptr(KpiPeriod) year = kpi_test_parse_period (cal, "2025");
  g_autoptr(KpiPeriod) fq3 = kpi_test_parse_period (cal, "FY2025-Q3");
  g_autoptr(KpiPeriod) q3 = kpi_test_parse_period (cal, "2025-Q3");

  ck_assert_int_eq (kpi_period_get_start (fy), kpi_period_get_start (year));
  ck_assert_int_eq (kpi_period_get_end (fy), kpi_period_get_end (year));
  assert_period (fq3, "FY2025-Q3", kpi_period_get_start (q3), kpi_period_get_end (q3));
  assert_period (q3, "2025-Q3", kpi_test_utc (2025, 7, 1, 0, 0), kpi_test_utc (2025, 10, 1, 0, 0));
}
END_TEST

START_TEST (test_before_1970)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  g_autoptr(KpiCalendar) paris = kpi_test_calendar_in ("Europe/Paris", 1);
  g_autoptr(KpiPeriod) eve = kpi_calendar_period_at (cal, -1, KPI_GRANULARITY_DAY);
  g_autoptr(KpiPeriod) w = kpi_calendar_period_at (cal, kpi_test_utc (1969, 1, 1, 12, 0), KPI_GRANULARITY_WEEK);
  g_autoptr(KpiPeriod) q = kpi_calendar_period_at (cal, kpi_test_utc (1969, 12, 31, 23, 59), KPI_GRANULARITY_QUARTER);
  g_autoptr(KpiPeriod) jan1900 = kpi_test_parse_period (paris, "1900-01");
  g_autoptr(KpiPeriod) y1 = kpi_test_parse_period (cal, "0001-01-01");
  g_autoptr(KpiPeriod) w1 = kpi_test_parse_period (cal, "0001-W01");

  assert_period (eve, "1969-12-31", -DAY, 0);
  assert_period (w, "1969-W01", kpi_test_utc (1968, 12, 30, 0, 0), kpi_test_utc (1969, 1, 6, 0, 0));
  assert_period (q, "1969-Q4", kpi_test_utc (1969, 10, 1, 0, 0), kpi_test_utc (1970, 1, 1, 0, 0));

  /* Paris kept its local mean time, +00:09:21, until 1911. */
  assert_period (jan1900, "1900-01", kpi_test_utc (1899, 12, 31, 23, 50) + 39 * SECOND,
                 kpi_test_utc (1900, 1, 31, 23, 50) + 39 * SECOND);
  {
    g_autoptr(KpiPeriod) dtd = kpi_calendar_to_date (paris, KPI_GRANULARITY_DAY,
                                                     kpi_period_get_start (jan1900) + HOUR);
    g_autoptr(KpiPeriod) back = NULL;
    ck_assert_str_eq (kpi_period_get_label (dtd), "1900-01-01..1900-01-01T01:00+00:09:21");
    back = kpi_test_parse_period (paris, kpi_period_get_label (dtd));
    ck_assert (kpi_period_equal (back, dtd));
  }

  /* Year 1 is the first; 1 January of year 1 was a Monday. */
  ck_assert_int_eq (kpi_period_get_start (y1), kpi_test_utc (1, 1, 1, 0, 0));
  assert_period (w1, "0001-W01", kpi_test_utc (1, 1, 1, 0, 0), kpi_test_utc (1, 1, 8, 0, 0));
  ck_assert_ptr_null (kpi_calendar_previous (cal, y1));
  ck_assert_ptr_null (kpi_calendar_same_period_last_year (cal, y1));
  {
    g_autoptr(KpiPeriod) p = kpi_calendar_period_at (cal, kpi_test_utc (1600, 2, 29, 6, 0), KPI_GRANULARITY_DAY);
    g_autofree char *ly = label_of (kpi_calendar_same_period_last_year (cal, p));
    ck_assert_str_eq (kpi_period_get_label (p), "1600-02-29");
    ck_assert_str_eq (ly, "1599-02-28");
  }
}
END_TEST

START_TEST (test_out_of_range)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 4, NULL);
  g_autoptr(KpiPeriod) last_month = kpi_test_parse_period (cal, "9999-12");
  g_autoptr(KpiPeriod) first_month = kpi_test_parse_period (cal, "0001-01");
  g_autoptr(KpiPeriod) year = kpi_test_parse_period (cal, "2025");
  g_autoptr(KpiPeriod) range = kpi_test_parse_period (cal, "2025-01-01..2025-01-31");
  g_autoptr(KpiPeriod) mtd = kpi_calendar_to_date (cal, KPI_GRANULARITY_MONTH, kpi_test_utc (2025, 1, 14, 0, 0));
  GError *error = NULL;

  ck_assert_ptr_null (kpi_calendar_period_at (cal, G_MAXINT64, KPI_GRANULARITY_DAY));
  ck_assert_ptr_null (kpi_calendar_period_at (cal, G_MININT64, KPI_GRANULARITY_YEAR));
  ck_assert_ptr_null (kpi_calendar_to_date (cal, KPI_GRANULARITY_MONTH, G_MAXINT64));
  ck_assert_ptr_null (kpi_calendar_custom_period (cal, G_MININT64, G_MAXINT64, NULL));
  /* The last fiscal year ends in 9999: this instant's FY10000 does not fit. */
  ck_assert_ptr_null (kpi_calendar_period_at (cal, kpi_test_utc (9999, 6, 1, 0, 0), KPI_GRANULARITY_FISCAL_YEAR));
  ck_assert_ptr_null (kpi_calendar_next (cal, last_month));
  ck_assert_ptr_null (kpi_calendar_previous (cal, first_month));
  ck_assert_ptr_null (kpi_calendar_offset (cal, year, 8000));
  ck_assert_ptr_null (kpi_calendar_offset (cal, year, G_MININT));
  ck_assert_ptr_null (kpi_calendar_offset (cal, range, G_MAXINT));
  ck_assert_ptr_null (kpi_calendar_offset (cal, mtd, G_MAXINT));

  {
    const char *labels[] = { "0000", "0000-01", "FY0001", "9999-W52", "FY0000-Q1", "0000-12-31..2025-01-01",
                             /* labels of periods after 9999, in the form the calendar writes */
                             "20250", "10000-01", "FY10000-Q1", "FY10000", "10000-W01", "10000-01-01",
                             "9999-12-01..10000-01-01", "10000-01-01T00:00Z..10000-01-02",
                             "FY10000-Q1..9999-05-14", "999999999-Q4" };
    for (gsize i = 0; i < G_N_ELEMENTS (labels); i++)
      {
        ck_assert_ptr_null (kpi_calendar_parse_period (cal, labels[i], &error));
        ck_assert_msg (g_error_matches (error, KPI_CALENDAR_ERROR, KPI_CALENDAR_ERROR_OUT_OF_RANGE),
                       "%s: %s", labels[i], error->message);
        g_clear_error (&error);
      }
  }
}
END_TEST

/* ------------------------------------------------------------------------
 * The edges of the range: every period the calendar makes has a label
 * that reads back (issue 16)
 * ------------------------------------------------------------------------ */

static const KpiGranularity natural_granularities[] = {
  KPI_GRANULARITY_DAY, KPI_GRANULARITY_WEEK, KPI_GRANULARITY_MONTH, KPI_GRANULARITY_QUARTER,
  KPI_GRANULARITY_YEAR, KPI_GRANULARITY_FISCAL_QUARTER, KPI_GRANULARITY_FISCAL_YEAR,
};

/* @p (when made) reads back from its label as itself. */
static void
assert_reads_back (KpiCalendar     *cal,
                   const KpiPeriod *p)
{
  GError *error = NULL;
  g_autoptr(KpiPeriod) again = NULL;

  if (p == NULL)
    return;
  again = kpi_calendar_parse_period (cal, kpi_period_get_label (p), &error);
  ck_assert_msg (again != NULL, "“%s” (fiscal year from month %u, %s) does not read back: %s",
                 kpi_period_get_label (p), kpi_calendar_get_fiscal_year_start_month (cal),
                 g_time_zone_get_identifier (kpi_calendar_get_time_zone (cal)),
                 error ? error->message : "");
  ck_assert_msg (kpi_period_equal (p, again), "“%s” reads back as “%s” [%" G_GINT64_FORMAT ", %"
                 G_GINT64_FORMAT ") instead of [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                 kpi_period_get_label (p), kpi_period_get_label (again),
                 kpi_period_get_start (again), kpi_period_get_end (again),
                 kpi_period_get_start (p), kpi_period_get_end (p));
}

/* Around one day, for every granularity: the period holding it, its
 * neighbours, a to-date period in it: each reads back, and the range has
 * no hole (where offset() stops, period_at() finds nothing either). */
static void
check_edge_day (KpiCalendar     *cal,
                const KpiPeriod *day)
{
  gint64 t = kpi_period_get_start (day);

  for (gsize g = 0; g < G_N_ELEMENTS (natural_granularities); g++)
    {
      KpiGranularity granularity = natural_granularities[g];
      g_autoptr(KpiPeriod) p = kpi_calendar_period_at (cal, t, granularity);
      g_autoptr(KpiPeriod) next = NULL;
      g_autoptr(KpiPeriod) previous = NULL;
      g_autoptr(KpiPeriod) to_date = NULL;

      if (granularity == KPI_GRANULARITY_DAY)
        ck_assert_ptr_nonnull (p);
      if (p == NULL)
        {
          /* Nothing of that granularity holds the day: no to-date either. */
          ck_assert_ptr_null (kpi_calendar_to_date (cal, granularity, t + HOUR));
          continue;
        }
      ck_assert (kpi_period_contains (p, t));
      assert_reads_back (cal, p);

      next = kpi_calendar_next (cal, p);
      previous = kpi_calendar_previous (cal, p);
      assert_reads_back (cal, next);
      assert_reads_back (cal, previous);
      if (next == NULL)
        {
          g_autoptr(KpiPeriod) after = kpi_calendar_period_at (cal, kpi_period_get_end (p), granularity);
          ck_assert_msg (after == NULL, "after “%s”, next() says nothing but period_at() says “%s”",
                         kpi_period_get_label (p), kpi_period_get_label (after));
        }
      if (previous == NULL)
        {
          g_autoptr(KpiPeriod) before = kpi_calendar_period_at (cal, kpi_period_get_start (p) - 1, granularity);
          ck_assert_msg (before == NULL, "before “%s”, previous() says nothing but period_at() says “%s”",
                         kpi_period_get_label (p), kpi_period_get_label (before));
        }

      to_date = kpi_calendar_to_date (cal, granularity, MIN (t + HOUR, kpi_period_get_end (p)));
      ck_assert_ptr_nonnull (to_date);
      assert_reads_back (cal, to_date);
    }
}

START_TEST (test_range_edges_read_back)
{
  const guint fiscal_start = (guint) _i + 1;
  /* UTC; Paris, whose local mean time of year 1 is +00:09:21; the first
   * zone to see a day. */
  const char *zones[] = { "UTC", "Europe/Paris", "Pacific/Kiritimati" };
  /* Enough days for the first and the last fiscal years of any start:
   * FY9999 starts in December 9998 at the earliest; 426 days from
   * 9998-11-01 to the end. */
  const char *firsts[] = { "0001-01-01", "9998-11-01" };
  const int n_days = kpi_test_under_valgrind () ? 110 : 430;

  for (gsize z = 0; z < G_N_ELEMENTS (zones); z++)
    {
      g_autoptr(KpiCalendar) cal = kpi_test_calendar_in (zones[z], fiscal_start);

      for (gsize e = 0; e < G_N_ELEMENTS (firsts); e++)
        {
          g_autoptr(KpiPeriod) day = kpi_test_parse_period (cal, firsts[e]);

          /* From the first day on, and to the last day (9999-12-31). */
          if (e == 1 && kpi_test_under_valgrind ())
            {
              g_autoptr(KpiPeriod) late = kpi_test_parse_period (cal, "9999-09-23");
              g_clear_pointer (&day, kpi_period_free);
              day = g_steal_pointer (&late);
            }
          for (int i = 0; day != NULL && i < n_days; i++)
            {
              KpiPeriod *next;

              check_edge_day (cal, day);
              next = kpi_calendar_next (cal, day);
              if (next == NULL)
                ck_assert_str_eq (kpi_period_get_label (day), "9999-12-31");
              kpi_period_free (day);
              day = next;
            }
          if (e == 1)
            ck_assert_ptr_null (day);
        }
    }
}
END_TEST

/* The case of issue 16: fiscal years from April. FY10000-Q1 would be April
 * to June 9999, inside the years 1..9999, but its label has a fiscal year of
 * five digits: the range ends where the labels do, with FY9999. */
START_TEST (test_fiscal_year_10000)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 4, NULL);
  g_autoptr(KpiPeriod) q3 = kpi_test_parse_period (cal, "FY9999-Q3");
  g_autoptr(KpiPeriod) q4 = kpi_calendar_offset (cal, q3, 1);
  g_autoptr(KpiPeriod) last_day = kpi_test_parse_period (cal, "9999-12-31");
  g_autoptr(KpiPeriod) fy = kpi_test_parse_period (cal, "FY9999");
  g_autoptr(KpiPeriod) first_quarter = NULL;
  GError *error = NULL;

  /* FY9999-Q4 is January to March 9999, the last fiscal quarter. */
  assert_period (q4, "FY9999-Q4", kpi_test_utc (9999, 1, 1, 0, 0), kpi_test_utc (9999, 4, 1, 0, 0));
  ck_assert_ptr_null (kpi_calendar_offset (cal, q3, 2));
  ck_assert_ptr_null (kpi_calendar_next (cal, fy));
  ck_assert_ptr_null (kpi_calendar_period_at (cal, kpi_period_get_start (last_day),
                                              KPI_GRANULARITY_FISCAL_QUARTER));
  ck_assert_ptr_null (kpi_calendar_period_at (cal, kpi_test_utc (9999, 4, 1, 0, 0),
                                              KPI_GRANULARITY_FISCAL_YEAR));
  ck_assert_ptr_null (kpi_calendar_to_date (cal, KPI_GRANULARITY_FISCAL_QUARTER,
                                            kpi_test_utc (9999, 5, 14, 0, 0)));

  /* Those labels are out of range, not malformed. */
  ck_assert_ptr_null (kpi_calendar_parse_period (cal, "FY10000-Q1", &error));
  ck_assert (g_error_matches (error, KPI_CALENDAR_ERROR, KPI_CALENDAR_ERROR_OUT_OF_RANGE));
  ck_assert_str_eq (error->message, "“FY10000-Q1” is outside the years 0001 to 9999");
  g_clear_error (&error);

  /* At the other end, FY0001-Q1 would be April to June of the year 0:
   * the first fiscal quarter is FY0001-Q4, January to March 0001. */
  first_quarter = kpi_calendar_period_at (cal, kpi_test_utc (1, 1, 1, 0, 0), KPI_GRANULARITY_FISCAL_QUARTER);
  assert_period (first_quarter, "FY0001-Q4", kpi_test_utc (1, 1, 1, 0, 0), kpi_test_utc (1, 4, 1, 0, 0));
  ck_assert_ptr_null (kpi_calendar_previous (cal, first_quarter));
  ck_assert_ptr_null (kpi_calendar_parse_period (cal, "FY0001-Q3", &error));
  ck_assert (g_error_matches (error, KPI_CALENDAR_ERROR, KPI_CALENDAR_ERROR_OUT_OF_RANGE));
  g_clear_error (&error);
}
END_TEST

/* What a user may type gets a GError, never a critical. */
START_TEST (test_invalid_arguments)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  GError *error = NULL;
  guint months[] = { 0, 13, G_MAXUINT };

  for (gsize i = 0; i < G_N_ELEMENTS (months); i++)
    {
      KpiCalendar *bad = kpi_calendar_new (NULL, months[i], &error);

      ck_assert_ptr_null (bad);
      ck_assert (g_error_matches (error, KPI_CALENDAR_ERROR, KPI_CALENDAR_ERROR_INVALID_MONTH));
      ck_assert_msg (g_str_has_prefix (error->message, "0 is not a month") || months[i] != 0,
                     "%s", error->message);
      ck_assert_ptr_nonnull (strstr (error->message, "from 1 (January) to 12 (December)"));
      g_clear_error (&error);
    }
  for (guint m = 1; m <= 12; m++)
    {
      g_autoptr(KpiCalendar) good = kpi_calendar_new (NULL, m, &error);

      ck_assert_ptr_null (error);
      ck_assert_uint_eq (kpi_calendar_get_fiscal_year_start_month (good), m);
    }

  /* A range that ends before it starts. */
  ck_assert_ptr_null (kpi_calendar_custom_period (cal, kpi_test_utc (2025, 2, 14, 0, 0),
                                                  kpi_test_utc (2025, 2, 1, 12, 30), &error));
  ck_assert (g_error_matches (error, KPI_CALENDAR_ERROR, KPI_CALENDAR_ERROR_INVALID_RANGE));
  ck_assert_str_eq (error->message, "the period ends at 2025-02-01T12:30Z, before it starts at "
                                    "2025-02-14T00:00Z: expected an end at or after the start");
  g_clear_error (&error);
  /* Outside the years 1..9999. */
  ck_assert_ptr_null (kpi_calendar_custom_period (cal, kpi_test_utc (9999, 12, 1, 0, 0), G_MAXINT64, &error));
  ck_assert (g_error_matches (error, KPI_CALENDAR_ERROR, KPI_CALENDAR_ERROR_OUT_OF_RANGE));
  ck_assert (g_utf8_validate (error->message, -1, NULL));
  ck_assert_ptr_nonnull (strstr (error->message, "from 9999-12-01T00:00Z to"));
  g_clear_error (&error);
}
END_TEST

/* ------------------------------------------------------------------------
 * Parsing
 * ------------------------------------------------------------------------ */

START_TEST (test_parse_round_trip)
{
  const char *zones[] = { "UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe" };
  const char *labels[] = {
    "2025-02-14", "2025-W07", "2025-W01", "2020-W53", "2025-02", "2025-Q1", "2025", "FY2025",
    "FY2025-Q3", "0001-01-01", "9999-12-31", "9999", "1969-12-31",
    "2025-02-01..2025-02-14", "2025-02-14..2025-02-14", "2025-02..2025-02-14",
    "2025-Q1..2025-03-31", "2025..2025-01-01", "2025-W07..2025-02-12", "FY2025..2025-02-13",
    "FY2025-Q3..2024-12-24",
  };

  for (gsize z = 0; z < G_N_ELEMENTS (zones); z++)
    {
      g_autoptr(KpiCalendar) cal = kpi_test_calendar_in (zones[z], 4);

      for (gsize i = 0; i < G_N_ELEMENTS (labels); i++)
        {
          g_autoptr(KpiPeriod) p = kpi_test_parse_period (cal, labels[i]);
          ck_assert_str_eq (kpi_period_get_label (p), labels[i]);
        }

      /* Labels with instants depend on the zone: make them, read them back. */
      for (int g = KPI_GRANULARITY_DAY; g < KPI_GRANULARITY_CUSTOM; g++)
        {
          gint64 at = kpi_test_utc (2025, 3, 30, 1, 17) + 12 * SECOND + 345 * 1000;
          g_autoptr(KpiPeriod) td = kpi_calendar_to_date (cal, g, at);
          g_autoptr(KpiPeriod) back = kpi_test_parse_period (cal, kpi_period_get_label (td));
          g_autoptr(KpiPeriod) range = kpi_calendar_custom_period (cal, at - 3 * DAY, at, NULL);
          g_autoptr(KpiPeriod) back2 = kpi_test_parse_period (cal, kpi_period_get_label (range));

          ck_assert_msg (kpi_period_equal (td, back), "%s: %s", zones[z], kpi_period_get_label (td));
          ck_assert_int_eq (kpi_period_get_end (back), at);
          ck_assert (kpi_period_is_partial (back));
          ck_assert (kpi_period_equal (range, back2));
        }
    }

  /* Seconds and microseconds are written when they are not zero. */
  {
    g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
    gint64 t = kpi_test_utc (2025, 2, 1, 9, 0);
    g_autoptr(KpiPeriod) a = kpi_calendar_custom_period (cal, t, t + 8 * HOUR + 30 * MINUTE, NULL);
    g_autoptr(KpiPeriod) b = kpi_calendar_custom_period (cal, t + 5 * SECOND, t + 5 * SECOND + 500000, NULL);
    g_autoptr(KpiPeriod) c = kpi_calendar_custom_period (cal, t, t + 1, NULL);
    g_autoptr(KpiPeriod) d = kpi_calendar_custom_period (cal, t, t, NULL);
    g_autoptr(KpiPeriod) e = kpi_calendar_custom_period (cal, t, kpi_test_utc (2025, 2, 3, 0, 0), NULL);

    ck_assert_str_eq (kpi_period_get_label (a), "2025-02-01T09:00Z..2025-02-01T17:30Z");
    ck_assert_str_eq (kpi_period_get_label (b), "2025-02-01T09:00:05Z..2025-02-01T09:00:05.5Z");
    ck_assert_str_eq (kpi_period_get_label (c), "2025-02-01T09:00Z..2025-02-01T09:00:00.000001Z");
    ck_assert_str_eq (kpi_period_get_label (d), "2025-02-01T09:00Z..2025-02-01T09:00Z");
    ck_assert_str_eq (kpi_period_get_label (e), "2025-02-01T09:00Z..2025-02-02");
    ck_assert_int_eq (length (d), 0);
    {
      g_autoptr(KpiPeriod) b2 = kpi_test_parse_period (cal, kpi_period_get_label (b));
      g_autoptr(KpiPeriod) c2 = kpi_test_parse_period (cal, kpi_period_get_label (c));
      ck_assert (kpi_period_equal (b, b2));
      ck_assert (kpi_period_equal (c, c2));
    }
  }
}
END_TEST

START_TEST (test_parse_other_forms)
{
  g_autoptr(GTimeZone) tz = kpi_test_time_zone ("Europe/Paris");
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (tz, 1, NULL);
  struct { const char *text, *label; } cases[] = {
    /* Local date-times without an offset are in the calendar's zone. */
    { "2025-03..2025-03-14T15:30", "2025-03..2025-03-14T15:30+01:00" },
    /* Another offset names the same instant. */
    { "2025-03..2025-03-14T19:30+05:00", "2025-03..2025-03-14T15:30+01:00" },
    { "2025-03..2025-03-14T14:30Z", "2025-03..2025-03-14T15:30+01:00" },
    /* A midnight written as a date-time is a date. */
    { "2025-03-01T00:00+01:00..2025-03-14", "2025-03-01..2025-03-14" },
    { "2025-03..2025-03-15T00:00", "2025-03..2025-03-14" },
    /* The repeated hour: the first 02:30 without an offset. */
    { "2025-10-26..2025-10-26T02:30", "2025-10-26..2025-10-26T02:30+02:00" },
    /* An empty to-date period. */
    { "2025-03..2025-02-28", "2025-03..2025-03-01T00:00+01:00" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KpiPeriod) p = kpi_test_parse_period (cal, cases[i].text);
      ck_assert_str_eq (kpi_period_get_label (p), cases[i].label);
    }
}
END_TEST

START_TEST (test_parse_invalid)
{
  g_autoptr(KpiCalendar) cal = kpi_test_calendar_in ("Europe/Paris", 4);
  const char *labels[] = {
    "", "2025-W54", "2025-W00", "2025-W53", "2025-W7", "2025-13", "2025-00", "2025-02-30",
    "2023-02-29", "2025-04-31", "2025-02-00", "FY2025-Q5", "FY2025-Q0", "2025-Q5", "2025-Q0",
    "garbage", "2025-1", "25-01", "2025012345", "202", " 2025", "2025 ", "2025-", "fy2025",
    "2025-w07", "2025-q1", "FY2025-02", "FY2025-W07", "FY", "2025-02-14T", "2025-02-14T25:00",
    "2025-02-14T12:60", "2025-02-14T12:00:61", "2025-02-14T12:00+24:00", "2025-02-14T12:00",
    "2025-02-14..", "..2025-02-14", "..", "2025-02-14..2025-02-13T23:59",
    "2025-02-15..2025-02-13", "2025-03..2025-04-09", "2025-03..2025-02-27",
    "2025-02-01..2025-02", "2025-02-01..2025-W07", "2025-02-01..2025-02-14..2025-02-20",
    "2025-03-30T02:30..2025-03-31", "2025-02-14T12:00:00.1234567Z..2025-02-15",
    "2025-02-14T12:00:00.Z..2025-02-15", "２０２５", "2025\n", "2025-02-14\x01",
    "\xff\xfe", "2025-02-1\xc3",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      GError *error = NULL;
      KpiPeriod *p = kpi_calendar_parse_period (cal, labels[i], &error);

      ck_assert_msg (p == NULL, "“%s” was accepted as %s", labels[i], p ? kpi_period_get_label (p) : "");
      ck_assert_msg (g_error_matches (error, KPI_CALENDAR_ERROR, KPI_CALENDAR_ERROR_INVALID_LABEL),
                     "“%s”: %s", labels[i], error ? error->message : "no error");
      /* The message names the text and lists the accepted forms. */
      ck_assert (g_utf8_validate (error->message, -1, NULL));
      /* (control characters are shown escaped) */
      if (g_utf8_validate (labels[i], -1, NULL) && strpbrk (labels[i], "\n\x01") == NULL)
        {
          g_autofree char *quoted = g_strdup_printf ("“%s”", labels[i]);
          ck_assert_msg (strstr (error->message, quoted) != NULL, "%s", error->message);
        }
      ck_assert_ptr_nonnull (strstr (error->message, "2025-W07"));
      ck_assert_ptr_nonnull (strstr (error->message, "FY2025-Q3"));
      g_clear_error (&error);
    }

  /* Reasons that help. */
  {
    GError *error = NULL;
    ck_assert_ptr_null (kpi_calendar_parse_period (cal, "2025-W54", &error));
    ck_assert_ptr_nonnull (strstr (error->message, "W52"));
    g_clear_error (&error);
    ck_assert_ptr_null (kpi_calendar_parse_period (cal, "2025-02-30", &error));
    ck_assert_ptr_nonnull (strstr (error->message, "28 days"));
    g_clear_error (&error);
  }
}
END_TEST

START_TEST (test_parse_long)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  gsize n = 1 << 20;
  char *text = g_malloc (n + 1);
  const char fills[] = { '9', '.', '-', 'W', '\xe9' };

  for (gsize f = 0; f < G_N_ELEMENTS (fills); f++)
    {
      GError *error = NULL;

      memset (text, fills[f], n);
      text[n] = '\0';
      ck_assert_ptr_null (kpi_calendar_parse_period (cal, text, &error));
      ck_assert (g_error_matches (error, KPI_CALENDAR_ERROR, KPI_CALENDAR_ERROR_INVALID_LABEL));
      ck_assert (g_utf8_validate (error->message, -1, NULL));
      /* The text is cut short in the message. */
      ck_assert_uint_lt (strlen (error->message), 1024);
      g_clear_error (&error);
    }

  /* A valid label followed by a long tail. */
  memset (text, ' ', n);
  memcpy (text, "2025-02", 7);
  {
    GError *error = NULL;
    ck_assert_ptr_null (kpi_calendar_parse_period (cal, text, &error));
    g_clear_error (&error);
  }
  g_free (text);
}
END_TEST

/* ------------------------------------------------------------------------
 * Navigation
 * ------------------------------------------------------------------------ */

START_TEST (test_offset)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 4, NULL);
  struct { const char *from; int n; const char *to; } cases[] = {
    { "2025-01", -1, "2024-12" },
    { "2025-01", 13, "2026-02" },
    { "2025-01", 0, "2025-01" },
    { "2025-01", -25, "2022-12" },
    { "2025-Q1", -1, "2024-Q4" },
    { "2025-Q4", 5, "2027-Q1" },
    { "2025", -2025, NULL },
    { "2025", -2024, "0001" },
    { "2025-12-31", 1, "2026-01-01" },
    { "2025-03-01", -1, "2025-02-28" },
    { "2024-03-01", -1, "2024-02-29" },
    { "2025-W52", 1, "2026-W01" },
    { "2026-W52", 1, "2026-W53" },
    { "2026-W53", 1, "2027-W01" },
    { "FY2025-Q4", 1, "FY2026-Q1" },
    { "FY2025", -10, "FY2015" },
    { "2025-02-01..2025-02-14", 1, "2025-02-15..2025-02-28" },
    { "2025-02-01..2025-02-14", -2, "2025-01-04..2025-01-17" },
    { "2025-02-01..2025-02-01", 3, "2025-02-04..2025-02-04" },
    { "2025-02-01T09:00Z..2025-02-01T17:00Z", 1, "2025-02-01T17:00Z..2025-02-02T01:00Z" },
    { "2025-02-01T09:00Z..2025-02-01T17:00Z", -1, "2025-02-01T01:00Z..2025-02-01T09:00Z" },
    { "2025-02..2025-02-14", 1, "2025-03..2025-03-14" },
    { "2025-Q1..2025-02-14", 1, "2025-Q2..2025-05-14" },
    { "2025..2025-02-14", -1, "2024..2024-02-14" },
    { "FY2025..2025-02-14", -1, "FY2024..2024-02-14" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KpiPeriod) p = kpi_test_parse_period (cal, cases[i].from);
      g_autoptr(KpiPeriod) q = kpi_calendar_offset (cal, p, cases[i].n);

      if (cases[i].to == NULL)
        ck_assert_msg (q == NULL, "%s %+d gave %s", cases[i].from, cases[i].n,
                       q ? kpi_period_get_label (q) : "");
      else
        {
          ck_assert_msg (q != NULL, "%s %+d: NULL", cases[i].from, cases[i].n);
          ck_assert_msg (g_str_equal (kpi_period_get_label (q), cases[i].to), "%s %+d gave %s, expected %s",
                         cases[i].from, cases[i].n, kpi_period_get_label (q), cases[i].to);
        }
    }
}
END_TEST

START_TEST (test_same_period_last_year)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 4, NULL);
  struct { const char *from, *to; } cases[] = {
    { "2025-02", "2024-02" },
    { "2025-Q3", "2024-Q3" },
    { "2025", "2024" },
    { "FY2025", "FY2024" },
    { "FY2025-Q2", "FY2024-Q2" },
    { "2025-07-14", "2024-07-14" },
    { "2024-02-29", "2023-02-28" },
    { "2024-01-01..2024-02-28", "2023-01-01..2023-02-28" },
    { "2024-02-01..2024-02-29", "2023-02-01..2023-02-28" },
    { "2025-01-01..2025-02-28", "2024-01-01..2024-02-28" },
    { "2024-02-29T10:00Z..2024-03-02T10:00Z", "2023-02-28T10:00Z..2023-03-02T10:00Z" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KpiPeriod) p = kpi_test_parse_period (cal, cases[i].from);
      g_autofree char *ly = label_of (kpi_calendar_same_period_last_year (cal, p));

      ck_assert_msg (g_str_equal (ly, cases[i].to), "%s gave %s, expected %s", cases[i].from, ly, cases[i].to);
    }
}
END_TEST

START_TEST (test_to_date)
{
  g_autoptr(GTimeZone) tz = kpi_test_time_zone ("Europe/Paris");
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (tz, 4, NULL);
  gint64 at = kpi_test_utc (2025, 3, 14, 14, 30);   /* 15:30 in Paris */
  struct { KpiGranularity g; const char *label; gint64 start; } cases[] = {
    { KPI_GRANULARITY_DAY, "2025-03-14..2025-03-14T15:30+01:00", local (tz, 2025, 3, 14, 0, 0) },
    { KPI_GRANULARITY_WEEK, "2025-W11..2025-03-14T15:30+01:00", local (tz, 2025, 3, 10, 0, 0) },
    { KPI_GRANULARITY_MONTH, "2025-03..2025-03-14T15:30+01:00", local (tz, 2025, 3, 1, 0, 0) },
    { KPI_GRANULARITY_QUARTER, "2025-Q1..2025-03-14T15:30+01:00", local (tz, 2025, 1, 1, 0, 0) },
    { KPI_GRANULARITY_YEAR, "2025..2025-03-14T15:30+01:00", local (tz, 2025, 1, 1, 0, 0) },
    { KPI_GRANULARITY_FISCAL_QUARTER, "FY2025-Q4..2025-03-14T15:30+01:00", local (tz, 2025, 1, 1, 0, 0) },
    { KPI_GRANULARITY_FISCAL_YEAR, "FY2025..2025-03-14T15:30+01:00", local (tz, 2024, 4, 1, 0, 0) },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KpiPeriod) td = kpi_calendar_to_date (cal, cases[i].g, at);

      assert_period (td, cases[i].label, cases[i].start, at);
      ck_assert_int_eq (kpi_period_get_granularity (td), KPI_GRANULARITY_CUSTOM);
      ck_assert (kpi_period_is_partial (td));
    }

  /* At the first instant of a month, the month to date is empty. */
  {
    g_autoptr(KpiPeriod) empty = kpi_calendar_to_date (cal, KPI_GRANULARITY_MONTH, local (tz, 2025, 3, 1, 0, 0));
    g_autoptr(KpiPeriod) back = NULL;
    g_autofree char *prev = NULL;

    assert_period (empty, "2025-03..2025-03-01T00:00+01:00", local (tz, 2025, 3, 1, 0, 0), local (tz, 2025, 3, 1, 0, 0));
    back = kpi_test_parse_period (cal, kpi_period_get_label (empty));
    ck_assert (kpi_period_equal (back, empty));
    prev = label_of (kpi_calendar_previous (cal, empty));
    ck_assert_str_eq (prev, "2025-02..2025-02-01T00:00+01:00");
  }

  /* Week-to-date a week earlier, and a to-date period moved back and forth. */
  {
    g_autoptr(KpiPeriod) wtd = kpi_calendar_to_date (cal, KPI_GRANULARITY_WEEK, at);
    g_autoptr(KpiPeriod) prev = kpi_calendar_previous (cal, wtd);
    g_autoptr(KpiPeriod) again = kpi_calendar_next (cal, prev);

    assert_period (prev, "2025-W10..2025-03-07T15:30+01:00", local (tz, 2025, 3, 3, 0, 0), local (tz, 2025, 3, 7, 15, 30));
    ck_assert (kpi_period_equal (again, wtd));
  }

  /* The month-to-date on 14 April (summer time) against 14 March (winter
   * time): the same wall-clock time, not the same number of hours. */
  {
    g_autoptr(KpiPeriod) mtd = kpi_calendar_to_date (cal, KPI_GRANULARITY_MONTH, local (tz, 2025, 4, 14, 15, 30));
    g_autoptr(KpiPeriod) prev = kpi_calendar_previous (cal, mtd);

    ck_assert_str_eq (kpi_period_get_label (mtd), "2025-04..2025-04-14T15:30+02:00");
    assert_period (prev, "2025-03..2025-03-14T15:30+01:00", local (tz, 2025, 3, 1, 0, 0), local (tz, 2025, 3, 14, 15, 30));
  }
}
END_TEST

START_TEST (test_custom_period)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  g_autoptr(KpiPeriod) fortnight = kpi_calendar_custom_period (cal, kpi_test_utc (2025, 2, 1, 0, 0), kpi_test_utc (2025, 2, 15, 0, 0), NULL);
  g_autoptr(KpiPeriod) midday = kpi_calendar_custom_period (cal, kpi_test_utc (2025, 2, 14, 0, 0), kpi_test_utc (2025, 2, 14, 12, 0), NULL);
  g_autoptr(KpiPeriod) day = kpi_calendar_custom_period (cal, kpi_test_utc (2025, 2, 14, 0, 0), kpi_test_utc (2025, 2, 15, 0, 0), NULL);
  g_autoptr(KpiPeriod) natural = kpi_test_parse_period (cal, "2025-02-14");

  assert_period (fortnight, "2025-02-01..2025-02-14", kpi_test_utc (2025, 2, 1, 0, 0), kpi_test_utc (2025, 2, 15, 0, 0));
  ck_assert_int_eq (kpi_period_get_granularity (fortnight), KPI_GRANULARITY_CUSTOM);
  ck_assert (!kpi_period_is_partial (fortnight));
  /* From a midnight to an instant of the same day: a day-to-date. */
  ck_assert_str_eq (kpi_period_get_label (midday), "2025-02-14..2025-02-14T12:00Z");
  ck_assert (kpi_period_is_partial (midday));
  {
    g_autofree char *next = label_of (kpi_calendar_next (cal, midday));
    ck_assert_str_eq (next, "2025-02-15..2025-02-15T12:00Z");
  }
  /* A custom whole day is not the natural day. */
  ck_assert_str_eq (kpi_period_get_label (day), "2025-02-14..2025-02-14");
  ck_assert (!kpi_period_equal (day, natural));
  ck_assert_int_eq (kpi_period_get_start (day), kpi_period_get_start (natural));
}
END_TEST

START_TEST (test_list_periods)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  g_autoptr(KpiPeriod) nov = kpi_test_parse_period (cal, "2024-11");
  g_autoptr(KpiPeriod) feb = kpi_test_parse_period (cal, "2025-02");
  g_autoptr(GPtrArray) months = kpi_calendar_list_periods (cal, nov, feb);
  g_autoptr(GPtrArray) none = kpi_calendar_list_periods (cal, feb, nov);
  g_autoptr(GPtrArray) one = kpi_calendar_list_periods (cal, feb, feb);
  const char *expected[] = { "2024-11", "2024-12", "2025-01", "2025-02" };

  ck_assert_uint_eq (months->len, 4);
  for (guint i = 0; i < months->len; i++)
    ck_assert_str_eq (kpi_period_get_label (g_ptr_array_index (months, i)), expected[i]);
  ck_assert_uint_eq (none->len, 0);
  ck_assert_uint_eq (one->len, 1);
  ck_assert (kpi_period_equal (g_ptr_array_index (one, 0), feb));

  /* Partial flags are those of now. */
  kpi_calendar_set_now (cal, kpi_test_utc (2025, 1, 10, 0, 0));
  {
    g_autoptr(GPtrArray) again = kpi_calendar_list_periods (cal, nov, feb);
    ck_assert (!kpi_period_is_partial (g_ptr_array_index (again, 1)));
    ck_assert (kpi_period_is_partial (g_ptr_array_index (again, 2)));
    ck_assert (!kpi_period_is_partial (g_ptr_array_index (again, 3)));
  }
}
END_TEST

START_TEST (test_calendars_of_one_zone)
{
  /* Two calendar objects of the same zone navigate each other's periods. */
  g_autoptr(KpiCalendar) a = kpi_test_calendar_in ("Europe/Paris", 4);
  g_autoptr(KpiCalendar) b = kpi_test_calendar_in ("Europe/Paris", 4);
  g_autoptr(KpiPeriod) p = kpi_test_parse_period (a, "FY2025-Q4");
  g_autofree char *next = label_of (kpi_calendar_next (b, p));

  ck_assert_str_eq (next, "FY2026-Q1");
}
END_TEST

/* ------------------------------------------------------------------------
 * Sweeps: invariants over long stretches of time, several zones
 * ------------------------------------------------------------------------ */

static void
sweep (KpiCalendar *cal, KpiGranularity g, gint64 from, gint64 to)
{
  g_autoptr(KpiPeriod) p = kpi_calendar_period_at (cal, from, g);

  while (kpi_period_get_start (p) < to)
    {
      g_autoptr(KpiPeriod) next = kpi_calendar_next (cal, p);
      g_autoptr(KpiPeriod) back = kpi_calendar_previous (cal, next);
      g_autoptr(KpiPeriod) parsed = kpi_test_parse_period (cal, kpi_period_get_label (p));

      /* Periods tile time: no gap, no overlap. */
      ck_assert_msg (kpi_period_get_start (next) == kpi_period_get_end (p), "gap after %s",
                     kpi_period_get_label (p));
      ck_assert_msg (kpi_period_equal (back, p), "%s", kpi_period_get_label (p));
      ck_assert_msg (kpi_period_equal (parsed, p), "%s", kpi_period_get_label (p));
      ck_assert_int_lt (strcmp (kpi_period_get_label (p), kpi_period_get_label (next)), 0);

      /* Only a day that a zone skipped entirely is empty (and no instant
       * is in it). */
      if (kpi_period_get_end (p) > kpi_period_get_start (p))
        {
          g_autoptr(KpiPeriod) at_start = kpi_calendar_period_at (cal, kpi_period_get_start (p), g);
          g_autoptr(KpiPeriod) at_last = kpi_calendar_period_at (cal, kpi_period_get_end (p) - 1, g);

          ck_assert_msg (kpi_period_equal (at_start, p), "%s", kpi_period_get_label (p));
          ck_assert_msg (kpi_period_equal (at_last, p), "%s", kpi_period_get_label (p));
        }
      else
        ck_assert_int_eq (g, KPI_GRANULARITY_DAY);

      kpi_period_free (g_steal_pointer (&p));
      p = g_steal_pointer (&next);
    }
}

START_TEST (test_sweep)
{
  const char *zones[] = {
    "UTC", "Europe/Paris", "America/New_York", "America/Santiago", "Asia/Kolkata",
    "Pacific/Apia",        /* skipped 30 December 2011 */
    "Australia/Lord_Howe", /* half-hour DST */
    "Africa/Casablanca",   /* DST suspended during Ramadan */
  };
  /* Under valgrind (170 s for all eight) two zones: one with DST, the one
   * with a skipped day; the code paths are the same. */
  const char *few[] = { "Europe/Paris", "Pacific/Apia" };
  gboolean sample = kpi_test_under_valgrind ();
  const char **swept = sample ? few : zones;
  gsize n_zones = sample ? G_N_ELEMENTS (few) : G_N_ELEMENTS (zones);

  for (gsize z = 0; z < n_zones; z++)
    {
      g_autoptr(KpiCalendar) cal = kpi_test_calendar_in (swept[z], 7);

      sweep (cal, KPI_GRANULARITY_DAY, kpi_test_utc (2009, 1, 1, 0, 0), kpi_test_utc (2027, 1, 1, 0, 0));
      sweep (cal, KPI_GRANULARITY_WEEK, kpi_test_utc (1900, 1, 1, 0, 0), kpi_test_utc (2040, 1, 1, 0, 0));
      for (int g = KPI_GRANULARITY_MONTH; g < KPI_GRANULARITY_CUSTOM; g++)
        sweep (cal, g, kpi_test_utc (1850, 1, 1, 0, 0), kpi_test_utc (2100, 1, 1, 0, 0));
    }

  {
    g_autoptr(KpiCalendar) sitka = kpi_test_calendar_in ("America/Sitka", 1);
    sweep (sitka, KPI_GRANULARITY_DAY, kpi_test_utc (1867, 9, 1, 0, 0), kpi_test_utc (1868, 1, 1, 0, 0));
    sweep (sitka, KPI_GRANULARITY_WEEK, kpi_test_utc (1867, 1, 1, 0, 0), kpi_test_utc (1869, 1, 1, 0, 0));
  }
}
END_TEST

START_TEST (test_apia_skipped_day)
{
  /* Samoa crossed the date line: 30 December 2011 never happened there. */
  g_autoptr(KpiCalendar) cal = kpi_test_calendar_in ("Pacific/Apia", 1);
  g_autoptr(KpiPeriod) d29 = kpi_test_parse_period (cal, "2011-12-29");
  g_autoptr(KpiPeriod) d30 = kpi_test_parse_period (cal, "2011-12-30");
  g_autoptr(KpiPeriod) d31 = kpi_test_parse_period (cal, "2011-12-31");

  ck_assert_int_eq (length (d29), 24 * HOUR);
  ck_assert_int_eq (length (d30), 0);   /* an empty day: its start is its end */
  ck_assert_int_eq (kpi_period_get_end (d29), kpi_period_get_start (d31));
  {
    g_autoptr(KpiPeriod) p = kpi_calendar_period_at (cal, kpi_period_get_end (d29), KPI_GRANULARITY_DAY);
    ck_assert_str_eq (kpi_period_get_label (p), "2011-12-31");
  }
}
END_TEST

START_TEST (test_vs_gdatetime)
{
  /* Random instants: the local date, month and year of each, as GDateTime
   * computes them, and the local midnight that starts the day. */
  const char *zones[] = { "UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata",
                          "Australia/Sydney", "America/Los_Angeles", "Europe/London" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20250214);

  for (gsize z = 0; z < G_N_ELEMENTS (zones); z++)
    {
      g_autoptr(GTimeZone) tz = kpi_test_time_zone (zones[z]);
      g_autoptr(KpiCalendar) cal = kpi_calendar_new (tz, 1, NULL);
      gint64 lo = kpi_test_utc (1950, 1, 1, 0, 0), hi = kpi_test_utc (2035, 1, 1, 0, 0);

      for (int i = 0; i < 3000; i++)
        {
          gint64 t = lo + (gint64) (g_rand_double (rand) * (double) (hi - lo));
          g_autoptr(GDateTime) utc_dt = g_date_time_new_from_unix_utc (t / G_USEC_PER_SEC);
          g_autoptr(GDateTime) ldt = g_date_time_to_timezone (utc_dt, tz);
          g_autoptr(GDateTime) midnight = g_date_time_new (tz, g_date_time_get_year (ldt),
                                                           g_date_time_get_month (ldt),
                                                           g_date_time_get_day_of_month (ldt), 0, 0, 0);
          g_autofree char *day = g_date_time_format (ldt, "%Y-%m-%d");
          g_autofree char *week = g_date_time_format (ldt, "%G-W%V");
          g_autofree char *month = g_date_time_format (ldt, "%Y-%m");
          g_autofree char *year = g_date_time_format (ldt, "%Y");
          g_autoptr(KpiPeriod) pd = NULL, pw = NULL, pm = NULL, py = NULL;

          t = t / G_USEC_PER_SEC * G_USEC_PER_SEC;
          pd = kpi_calendar_period_at (cal, t, KPI_GRANULARITY_DAY);
          pw = kpi_calendar_period_at (cal, t, KPI_GRANULARITY_WEEK);
          pm = kpi_calendar_period_at (cal, t, KPI_GRANULARITY_MONTH);
          py = kpi_calendar_period_at (cal, t, KPI_GRANULARITY_YEAR);
          ck_assert_str_eq (kpi_period_get_label (pd), day);
          ck_assert_str_eq (kpi_period_get_label (pw), week);
          ck_assert_str_eq (kpi_period_get_label (pm), month);
          ck_assert_str_eq (kpi_period_get_label (py), year);
          ck_assert_msg (kpi_period_get_start (pd) == g_date_time_to_unix (midnight) * G_USEC_PER_SEC,
                         "%s %s", zones[z], day);
        }
    }
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "construct", test_construct },
    { "now-property", test_now_property },
    { "period-at-utc", test_period_at_utc },
    { "iso-weeks", test_iso_weeks },
    { "iso-weeks-vs-gdatetime", test_iso_weeks_vs_gdatetime },
    { "week-same-period-last-year", test_week_same_period_last_year },
    { "leap-days", test_leap_days },
    { "month-end-clamping", test_month_end_clamping },
    { "to-date-last-year", test_to_date_last_year },
    { "dst-paris", test_dst_paris },
    { "dst-new-york", test_dst_new_york },
    { "midnight-dst-santiago", test_midnight_dst_santiago },
    { "clock-back-across-midnight", test_clock_back_across_midnight },
    { "fiscal-april", test_fiscal_april },
    { "fiscal-october-december", test_fiscal_october_december },
    { "fiscal-january", test_fiscal_january },
    { "before-1970", test_before_1970 },
    { "out-of-range", test_out_of_range },
    { "parse-round-trip", test_parse_round_trip },
    { "parse-other-forms", test_parse_other_forms },
    { "range-edges-read-back", test_range_edges_read_back, 12 },
    { "fiscal-year-10000", test_fiscal_year_10000 },
    { "invalid-arguments", test_invalid_arguments },
    { "parse-invalid", test_parse_invalid },
    { "parse-long", test_parse_long },
    { "offset", test_offset },
    { "same-period-last-year", test_same_period_last_year },
    { "to-date", test_to_date },
    { "custom-period", test_custom_period },
    { "list-periods", test_list_periods },
    { "calendars-of-one-zone", test_calendars_of_one_zone },
    { "sweep", test_sweep },
    { "apia-skipped-day", test_apia_skipped_day },
    { "vs-gdatetime", test_vs_gdatetime },
  };

  /* The sweeps are long under valgrind. */
  return kpi_test_run ("calendar", cases, G_N_ELEMENTS (cases), 600);
}
