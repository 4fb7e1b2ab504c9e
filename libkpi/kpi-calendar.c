/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-calendar.c: time zone, fiscal year and the periods they define */

#include "config.h"

#include <string.h>

#include "kpi.h"
#include "kpi-calendar-private.h"
#include "kpi-period-private.h"
#include "kpi-util-private.h"

/**
 * KpiCalendar:
 *
 * The calendar that cuts time into periods: days, ISO weeks, months,
 * quarters, years, fiscal quarters and fiscal years, in one time zone.
 *
 * Times are microseconds since the Unix epoch, in UTC, as in a
 * [class@Kpi.Dataset]. A period is the half-open interval `[start, end)`
 * between two local midnights of the calendar's
 * [property@Kpi.Calendar:time-zone] (UTC by default), so a day is 23 or 25
 * hours long when the clocks change. A day starts at its first instant
 * (where a zone skips midnight, at the end of the gap; where midnight comes
 * twice, at the first one) and ends when the next day starts, so that days
 * never overlap nor leave gaps, even where a zone once moved its clocks
 * back across midnight.
 *
 * - Weeks are ISO 8601 weeks, Monday to Monday, numbered in the ISO
 *   week-year: 2024-12-30 is in `2025-W01`, 2021-01-03 in `2020-W53`. A year
 *   has 52 or 53 weeks.
 * - The fiscal year starts on the 1st of
 *   [property@Kpi.Calendar:fiscal-year-start-month] and is named after the
 *   calendar year in which it ends: when it starts in April, `FY2025` runs
 *   from 2024-04-01 to 2025-03-31; when it starts in January, `FY2025` is
 *   the calendar year 2025. Fiscal quarters count from the start of the
 *   fiscal year: `FY2025-Q1` is April to June 2024.
 * - To-date periods (month-to-date and the like, see
 *   [method@Kpi.Calendar.to_date]) run from the start of a natural period to
 *   an instant, and are always partial.
 * - Labels and periods round-trip: [method@Kpi.Calendar.parse_period] reads
 *   what [method@Kpi.Period.get_label] writes (see #KpiGranularity).
 *
 * The calendar is proleptic Gregorian, and periods are limited to the
 * years 1 to 9999, the years a label writes with four digits: functions
 * return %NULL for a period outside them. A fiscal period is in range when
 * it lies within those years and so does its fiscal year: with a fiscal
 * year starting in April, `FY10000` would start in April 9999, so the
 * fiscal quarters and years of April to December 9999 are out of range
 * (as `FY0001-Q1`, April to June of the year 0, is), and so is an ISO week
 * that runs into the year 10000 (`9999-W52`).
 *
 * ```python
 * from gi.repository import GLib, Kpi
 *
 * calendar = Kpi.Calendar.new(GLib.TimeZone.new_identifier("Europe/Paris"), 4)
 * week = calendar.parse_period("2025-W01")       # 2024-12-30 .. 2025-01-05
 * mtd = calendar.to_date(Kpi.Granularity.MONTH, GLib.get_real_time())
 * base = calendar.previous(mtd)                   # the same days last month
 * ```
 *
 * Since: 0.1
 */

struct _KpiCalendar
{
  GObject     parent_instance;

  GTimeZone  *time_zone;
  guint       fiscal_year_start_month;
  gint64      now;

  /* A zone with one offset for all time (UTC, +05:30): local times are
   * computed arithmetically, without asking GTimeZone. */
  gboolean    fixed;
  gint64      fixed_offset;   /* µs */

  /* The first instants of 0001-01-01 and of 10000-01-01, local: periods
   * must lie between them. */
  gint64      min_time;
  gint64      max_time;
};

enum {
  PROP_0,
  PROP_TIME_ZONE,
  PROP_FISCAL_YEAR_START_MONTH,
  PROP_NOW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KpiCalendar, kpi_calendar, G_TYPE_OBJECT)

/**
 * kpi_calendar_error_quark:
 *
 * The error domain of [class@Kpi.Calendar], %KPI_CALENDAR_ERROR: labels
 * that [method@Kpi.Calendar.parse_period] cannot read.
 *
 * Returns: the quark of the domain
 *
 * Since: 0.1
 */
G_DEFINE_QUARK (kpi-calendar-error-quark, kpi_calendar_error)

#define USEC_PER_SEC    G_GINT64_CONSTANT (1000000)
#define USEC_PER_MINUTE G_GINT64_CONSTANT (60000000)
#define USEC_PER_HOUR   G_GINT64_CONSTANT (3600000000)
#define USEC_PER_DAY    G_GINT64_CONSTANT (86400000000)

/* Times are clamped to ±40,000,000 days (about ±109,000 years) before any
 * arithmetic, and ordinals to ±50,000,000 days' worth: far beyond the years
 * 1..9999 of periods, far below where gint64 microseconds overflow. */
#define TIME_LIMIT      (G_GINT64_CONSTANT (40000000) * USEC_PER_DAY)
#define DAYS_LIMIT      G_GINT64_CONSTANT (50000000)

/* Days since 1970-01-01 of 0001-01-01 and of 10000-01-01. */
#define DAY_MIN         G_GINT64_CONSTANT (-719162)
#define DAY_END         G_GINT64_CONSTANT (2932897)

/* Longer labels are refused before being looked at: the longest valid one,
 * two date-times with microseconds and offsets with seconds, is 70 bytes. */
#define LABEL_MAX_LENGTH 128

/* ------------------------------------------------------------------------
 * Proleptic Gregorian arithmetic on days since 1970-01-01 (H. Hinnant's
 * algorithms: exact for any year, no tables, no floating point).
 * ------------------------------------------------------------------------ */

static inline gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static inline gint64
floor_mod (gint64 a,
           gint64 b)
{
  return a - floor_div (a, b) * b;
}

static gint64
days_from_civil (gint64 y,
                 int    m,
                 int    d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = floor_div (y, 400);
  yoe = y - era * 400;
  doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void
civil_from_days (gint64  days,
                 gint64 *year,
                 int    *month,
                 int    *day)
{
  gint64 z = days + 719468;
  gint64 era = floor_div (z, 146097);
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;

  *day = (int) (doy - (153 * mp + 2) / 5 + 1);
  *month = (int) (mp < 10 ? mp + 3 : mp - 9);
  *year = yoe + era * 400 + (*month <= 2);
}

static gboolean
is_leap_year (gint64 y)
{
  return floor_mod (y, 4) == 0 && (floor_mod (y, 100) != 0 || floor_mod (y, 400) == 0);
}

static int
days_in_month (gint64 y,
               int    m)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  return m == 2 && is_leap_year (y) ? 29 : days[m - 1];
}

/* Month ordinal: year * 12 + month - 1. */
static gint64
month_first_day (gint64 month_ordinal)
{
  return days_from_civil (floor_div (month_ordinal, 12),
                          (int) floor_mod (month_ordinal, 12) + 1, 1);
}

static int
month_length (gint64 month_ordinal)
{
  return days_in_month (floor_div (month_ordinal, 12), (int) floor_mod (month_ordinal, 12) + 1);
}

/* 0 for Monday ... 6 for Sunday; 1970-01-01 was a Thursday. */
static int
weekday (gint64 days)
{
  return (int) floor_mod (days + 3, 7);
}

static int
iso_weeks_in_year (gint64 y)
{
  int jan1 = weekday (days_from_civil (y, 1, 1));

  /* A year has 53 weeks when it has 53 Thursdays. */
  return jan1 == 3 || (jan1 == 2 && is_leap_year (y)) ? 53 : 52;
}

/* Week ordinal: weeks since Monday 1969-12-29, the start of 1970-W01. */
static gint64
iso_week_ordinal (gint64 week_year,
                  int    week)
{
  gint64 jan4 = days_from_civil (week_year, 1, 4);
  gint64 monday = jan4 - weekday (jan4) + (gint64) (week - 1) * 7;

  return floor_div (monday + 3, 7);
}

static void
iso_week_of_ordinal (gint64  ordinal,
                     gint64 *week_year,
                     int    *week)
{
  /* A week belongs to the year of its Thursday. */
  gint64 thursday = ordinal * 7;
  int m, d;

  civil_from_days (thursday, week_year, &m, &d);
  *week = (int) ((thursday - days_from_civil (*week_year, 1, 1)) / 7 + 1);
}

/* ------------------------------------------------------------------------
 * Granularities: ordinals, first days, labels
 * ------------------------------------------------------------------------ */

static gboolean
is_natural (KpiGranularity granularity)
{
  return (int) granularity >= KPI_GRANULARITY_DAY &&
         granularity < KPI_GRANULARITY_CUSTOM;
}

static gboolean
is_month_based (KpiGranularity granularity)
{
  return granularity != KPI_GRANULARITY_DAY && granularity != KPI_GRANULARITY_WEEK;
}

static gint64
ordinal_limit (KpiGranularity granularity)
{
  switch (granularity)
    {
    case KPI_GRANULARITY_DAY:
      return DAYS_LIMIT;
    case KPI_GRANULARITY_WEEK:
      return DAYS_LIMIT / 7;
    case KPI_GRANULARITY_MONTH:
      return DAYS_LIMIT / 31;
    case KPI_GRANULARITY_QUARTER:
    case KPI_GRANULARITY_FISCAL_QUARTER:
      return DAYS_LIMIT / 92;
    case KPI_GRANULARITY_YEAR:
    case KPI_GRANULARITY_FISCAL_YEAR:
    case KPI_GRANULARITY_CUSTOM:
    default:
      return DAYS_LIMIT / 366;
    }
}

static gint64
fiscal_year_of (KpiCalendar *self,
                gint64       year,
                int          month)
{
  /* Named after the calendar year in which it ends. */
  return self->fiscal_year_start_month == 1 || month < (int) self->fiscal_year_start_month
         ? year : year + 1;
}

static gint64
fiscal_year_first_month (KpiCalendar *self,
                         gint64       fiscal_year)
{
  if (self->fiscal_year_start_month == 1)
    return fiscal_year * 12;
  return (fiscal_year - 1) * 12 + self->fiscal_year_start_month - 1;
}

/* The first month and the number of months of a month-based period. */
static void
natural_months (KpiCalendar    *self,
                KpiGranularity  granularity,
                gint64          ordinal,
                gint64         *first_month,
                int            *n_months)
{
  switch (granularity)
    {
    case KPI_GRANULARITY_MONTH:
      *first_month = ordinal;
      *n_months = 1;
      break;
    case KPI_GRANULARITY_QUARTER:
      *first_month = ordinal * 3;
      *n_months = 3;
      break;
    case KPI_GRANULARITY_YEAR:
      *first_month = ordinal * 12;
      *n_months = 12;
      break;
    case KPI_GRANULARITY_FISCAL_QUARTER:
      *first_month = fiscal_year_first_month (self, floor_div (ordinal, 4)) +
                     floor_mod (ordinal, 4) * 3;
      *n_months = 3;
      break;
    case KPI_GRANULARITY_FISCAL_YEAR:
      *first_month = fiscal_year_first_month (self, ordinal);
      *n_months = 12;
      break;
    case KPI_GRANULARITY_DAY:
    case KPI_GRANULARITY_WEEK:
    case KPI_GRANULARITY_CUSTOM:
    default:
      g_assert_not_reached ();
    }
}

/* The first day of the period and the first day of the next one. */
static void
natural_days (KpiCalendar    *self,
              KpiGranularity  granularity,
              gint64          ordinal,
              gint64         *first,
              gint64         *next)
{
  if (granularity == KPI_GRANULARITY_DAY)
    {
      *first = ordinal;
      *next = ordinal + 1;
    }
  else if (granularity == KPI_GRANULARITY_WEEK)
    {
      *first = ordinal * 7 - 3;
      *next = *first + 7;
    }
  else
    {
      gint64 month;
      int n_months;

      natural_months (self, granularity, ordinal, &month, &n_months);
      *first = month_first_day (month);
      *next = month_first_day (month + n_months);
    }
}

static gint64
ordinal_of_day (KpiCalendar    *self,
                KpiGranularity  granularity,
                gint64          days)
{
  gint64 y;
  int m, d;

  if (granularity == KPI_GRANULARITY_DAY)
    return days;
  if (granularity == KPI_GRANULARITY_WEEK)
    return floor_div (days + 3, 7);

  civil_from_days (days, &y, &m, &d);
  switch (granularity)
    {
    case KPI_GRANULARITY_MONTH:
      return y * 12 + m - 1;
    case KPI_GRANULARITY_QUARTER:
      return y * 4 + (m - 1) / 3;
    case KPI_GRANULARITY_YEAR:
      return y;
    case KPI_GRANULARITY_FISCAL_QUARTER:
      return fiscal_year_of (self, y, m) * 4 +
             ((m - (int) self->fiscal_year_start_month + 12) % 12) / 3;
    case KPI_GRANULARITY_FISCAL_YEAR:
      return fiscal_year_of (self, y, m);
    case KPI_GRANULARITY_DAY:
    case KPI_GRANULARITY_WEEK:
    case KPI_GRANULARITY_CUSTOM:
    default:
      g_assert_not_reached ();
    }
}

/* The year a label writes: the calendar year of a day, a month, a quarter;
 * the ISO week-year of a week; the fiscal year of a fiscal period. */
static gint64
label_year (KpiGranularity granularity,
            gint64         ordinal)
{
  gint64 y;
  int m, d;

  switch (granularity)
    {
    case KPI_GRANULARITY_DAY:
      civil_from_days (ordinal, &y, &m, &d);
      return y;
    case KPI_GRANULARITY_WEEK:
      iso_week_of_ordinal (ordinal, &y, &d);
      return y;
    case KPI_GRANULARITY_MONTH:
      return floor_div (ordinal, 12);
    case KPI_GRANULARITY_QUARTER:
    case KPI_GRANULARITY_FISCAL_QUARTER:
      return floor_div (ordinal, 4);
    case KPI_GRANULARITY_YEAR:
    case KPI_GRANULARITY_FISCAL_YEAR:
      return ordinal;
    case KPI_GRANULARITY_CUSTOM:
    default:
      g_assert_not_reached ();
    }
}

/* A natural period is in range when it lies within the years 1 to 9999 and
 * its label writes a year of four digits: every period the calendar makes
 * has a label that reads back.  The second condition only bites fiscal
 * periods: with a fiscal year starting in April, FY10000 would start in
 * April 9999, and its quarters of 9999 are out of range, as is FY0001-Q1
 * (April to June of the year 0). */
static gboolean
natural_in_range (KpiCalendar    *self,
                  KpiGranularity  granularity,
                  gint64          ordinal)
{
  gint64 first, next, year;

  if (ordinal < -ordinal_limit (granularity) || ordinal > ordinal_limit (granularity))
    return FALSE;
  natural_days (self, granularity, ordinal, &first, &next);
  if (first < DAY_MIN || next > DAY_END)
    return FALSE;
  year = label_year (granularity, ordinal);
  return year >= 1 && year <= 9999;
}

static void
append_date (GString *s,
             gint64   days)
{
  gint64 y;
  int m, d;

  civil_from_days (days, &y, &m, &d);
  g_string_append_printf (s, "%04d-%02d-%02d", (int) y, m, d);
}

/* In range only: years of four digits. */
static char *
natural_label (KpiCalendar    *self,
               KpiGranularity  granularity,
               gint64          ordinal)
{
  GString *s = g_string_sized_new (16);
  gint64 y;
  int n;

  switch (granularity)
    {
    case KPI_GRANULARITY_DAY:
      append_date (s, ordinal);
      break;
    case KPI_GRANULARITY_WEEK:
      iso_week_of_ordinal (ordinal, &y, &n);
      g_string_append_printf (s, "%04d-W%02d", (int) y, n);
      break;
    case KPI_GRANULARITY_MONTH:
      g_string_append_printf (s, "%04d-%02d", (int) floor_div (ordinal, 12),
                              (int) floor_mod (ordinal, 12) + 1);
      break;
    case KPI_GRANULARITY_QUARTER:
      g_string_append_printf (s, "%04d-Q%d", (int) floor_div (ordinal, 4),
                              (int) floor_mod (ordinal, 4) + 1);
      break;
    case KPI_GRANULARITY_YEAR:
      g_string_append_printf (s, "%04d", (int) ordinal);
      break;
    case KPI_GRANULARITY_FISCAL_QUARTER:
      g_string_append_printf (s, "FY%04d-Q%d", (int) floor_div (ordinal, 4),
                              (int) floor_mod (ordinal, 4) + 1);
      break;
    case KPI_GRANULARITY_FISCAL_YEAR:
      g_string_append_printf (s, "FY%04d", (int) ordinal);
      break;
    case KPI_GRANULARITY_CUSTOM:
    default:
      g_assert_not_reached ();
    }
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------------------
 * Local time
 *
 * "naive" times are local wall-clock times counted like UTC ones:
 * microseconds since 1970-01-01T00:00 local.
 * ------------------------------------------------------------------------ */

/* The UTC offset at an instant, in µs. */
static gint64
offset_at (KpiCalendar *self,
           gint64       time)
{
  int interval;

  if (self->fixed)
    return self->fixed_offset;
  interval = g_time_zone_find_interval (self->time_zone, G_TIME_TYPE_UNIVERSAL,
                                        floor_div (time, USEC_PER_SEC));
  return (gint64) g_time_zone_get_offset (self->time_zone, interval) * USEC_PER_SEC;
}

/* The first instant whose local time is @naive or later.  That is the
 * instant of @naive when it exists once, its first occurrence when the
 * clocks go back over it, and the end of the gap when the clocks jump over
 * it (then *exists is FALSE).
 *
 * Only UTC-to-local queries are used (they are unambiguous): the candidate
 * instants are @naive minus each offset in force within a day of it, and a
 * candidate is right when its own offset is the one it was made with. */
static gint64
from_local (KpiCalendar *self,
            gint64       naive,
            gboolean    *exists)
{
  gint64 offsets[3];
  gint64 best = G_MAXINT64, min_offset, max_offset, lo, hi;
  gboolean found = FALSE;

  if (self->fixed)
    {
      if (exists)
        *exists = TRUE;
      return naive - self->fixed_offset;
    }

  offsets[0] = offset_at (self, naive - USEC_PER_DAY);
  offsets[1] = offset_at (self, naive);
  offsets[2] = offset_at (self, naive + USEC_PER_DAY);
  min_offset = max_offset = offsets[0];
  for (int i = 0; i < 3; i++)
    {
      gint64 candidate = naive - offsets[i];

      min_offset = MIN (min_offset, offsets[i]);
      max_offset = MAX (max_offset, offsets[i]);
      if ((i > 0 && offsets[i] == offsets[i - 1]) || (i == 2 && offsets[2] == offsets[0]))
        continue;
      if (offset_at (self, candidate) == offsets[i] && candidate < best)
        {
          best = candidate;
          found = TRUE;
        }
    }

  if (exists)
    *exists = found;
  if (found)
    return best;

  /* In a gap: the local time before the transition is earlier than @naive,
   * after it later; find the transition. */
  lo = naive - max_offset;
  hi = naive - min_offset;
  while (hi - lo > 1)
    {
      gint64 mid = lo + (hi - lo) / 2;

      if (mid + offset_at (self, mid) >= naive)
        hi = mid;
      else
        lo = mid;
    }
  return hi;
}

/* The first instant of a local day. */
static gint64
day_start (KpiCalendar *self,
           gint64       days)
{
  return from_local (self, days * USEC_PER_DAY, NULL);
}

static void
ordinal_bounds (KpiCalendar    *self,
                KpiGranularity  granularity,
                gint64          ordinal,
                gint64         *start,
                gint64         *end)
{
  gint64 first, next;

  natural_days (self, granularity, ordinal, &first, &next);
  *start = day_start (self, first);
  *end = day_start (self, next);
}

/* The ordinal and the bounds of the period of @granularity holding @time. */
static gint64
locate (KpiCalendar    *self,
        KpiGranularity  granularity,
        gint64          time,
        gint64         *start,
        gint64         *end)
{
  gint64 naive, ordinal;

  time = CLAMP (time, -TIME_LIMIT, TIME_LIMIT);
  naive = time + offset_at (self, time);
  ordinal = ordinal_of_day (self, granularity, floor_div (naive, USEC_PER_DAY));
  ordinal_bounds (self, granularity, ordinal, start, end);

  /* When the clocks go back across midnight, an instant's local date can be
   * the day before although the next day has begun: the period is the one
   * whose bounds hold the instant. (Bounded loops: a zone's offset never
   * moves by more than a day.) */
  for (int i = 0; i < 2 && time >= *end; i++)
    ordinal_bounds (self, granularity, ++ordinal, start, end);
  for (int i = 0; i < 2 && time < *start; i++)
    ordinal_bounds (self, granularity, --ordinal, start, end);
  return ordinal;
}

/* The local day of an instant (by the bounds of days, see locate()), and
 * whether the instant is that day's first. */
static gint64
local_day (KpiCalendar *self,
           gint64       time,
           gboolean    *is_start)
{
  gint64 start, end, days;

  days = locate (self, KPI_GRANULARITY_DAY, time, &start, &end);
  if (is_start)
    *is_start = time == start;
  return days;
}

/* The local wall-clock time of an instant, except that the first instant
 * of a day is its midnight even where the zone skips midnight: so that
 * from_local() gives the same instant back, and shifting it by days lands
 * on the first instant of another day. */
static gint64
local_point (KpiCalendar *self,
             gint64       time)
{
  gboolean is_start;
  gint64 days = local_day (self, time, &is_start);

  if (is_start)
    return days * USEC_PER_DAY;
  return time + offset_at (self, time);
}

/* An instant as `2025-02-14T15:30+01:00`: seconds and microseconds only
 * when not zero, the offset always (an hour repeats when the clocks go
 * back), `Z` for a zero offset. */
static void
append_date_time (KpiCalendar *self,
                  GString     *s,
                  gint64       time)
{
  gint64 offset = offset_at (self, time);
  gint64 naive = time + offset;
  gint64 days = floor_div (naive, USEC_PER_DAY);
  gint64 tod = naive - days * USEC_PER_DAY;
  int hour = (int) (tod / USEC_PER_HOUR);
  int minute = (int) (tod / USEC_PER_MINUTE % 60);
  int second = (int) (tod / USEC_PER_SEC % 60);
  int usec = (int) (tod % USEC_PER_SEC);
  gint64 abs_offset;

  append_date (s, days);
  g_string_append_printf (s, "T%02d:%02d", hour, minute);
  if (second != 0 || usec != 0)
    g_string_append_printf (s, ":%02d", second);
  if (usec != 0)
    {
      int digits = 6;

      while (usec % 10 == 0)
        {
          usec /= 10;
          digits--;
        }
      g_string_append_printf (s, ".%0*d", digits, usec);
    }

  if (offset == 0)
    {
      g_string_append_c (s, 'Z');
      return;
    }
  abs_offset = (offset < 0 ? -offset : offset) / USEC_PER_SEC;
  g_string_append_printf (s, "%c%02d:%02d", offset < 0 ? '-' : '+',
                          (int) (abs_offset / 3600), (int) (abs_offset / 60 % 60));
  /* Local mean times before 1900 have offsets in seconds (Paris: +00:09:21). */
  if (abs_offset % 60 != 0)
    g_string_append_printf (s, ":%02d", (int) (abs_offset % 60));
}

/* An instant for a message: a local date-time with its offset, or a count
 * of microseconds for one beyond the times the calendar computes with. */
static char *
shown_instant (KpiCalendar *self,
               gint64       time)
{
  GString *s;

  if (time < -TIME_LIMIT || time > TIME_LIMIT)
    return g_strdup_printf ("%" G_GINT64_FORMAT " µs since the Unix epoch", time);
  s = g_string_new (NULL);
  append_date_time (self, s, time);
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------------------
 * Making periods
 * ------------------------------------------------------------------------ */

/* The calendar's now, or the real clock when it is 0. */
gint64
kpi_calendar_get_present (KpiCalendar *self)
{
  return self->now != 0 ? self->now : g_get_real_time ();
}

static gboolean
contains_now (KpiCalendar *self,
              gint64       start,
              gint64       end)
{
  gint64 now = kpi_calendar_get_present (self);

  return start <= now && now < end;
}

/* NULL if outside the years 1..9999. */
static KpiPeriod *
make_natural (KpiCalendar    *self,
              KpiGranularity  granularity,
              gint64          ordinal)
{
  gint64 start, end;

  if (!natural_in_range (self, granularity, ordinal))
    return NULL;
  ordinal_bounds (self, granularity, ordinal, &start, &end);
  return kpi_period_new_internal (granularity, granularity, ordinal, start, end,
                                  natural_label (self, granularity, ordinal),
                                  contains_now (self, start, end),
                                  self->time_zone, self->fiscal_year_start_month);
}

/* `START..END`, see KpiGranularity.  @base_label is the label of the
 * natural period a to-date period runs from, NULL for a plain range. */
static char *
custom_label (KpiCalendar *self,
              const char  *base_label,
              gint64       start,
              gint64       end)
{
  GString *s = g_string_sized_new (48);
  gboolean start_is_midnight, end_is_midnight;
  gint64 start_day = local_day (self, start, &start_is_midnight);
  gint64 end_day = local_day (self, end, &end_is_midnight);

  if (base_label != NULL)
    g_string_append (s, base_label);
  else if (start_is_midnight)
    append_date (s, start_day);
  else
    append_date_time (self, s, start);

  g_string_append (s, "..");

  /* A date names its whole day: an end at a midnight is the day before,
   * included.  An empty period has no such day: its end is an instant. */
  if (end > start && end_is_midnight)
    append_date (s, end_day - 1);
  else
    append_date_time (self, s, end);

  return g_string_free (s, FALSE);
}

/* From the start of the natural period (@base, @base_ordinal) to @end,
 * which must lie within it.  NULL if outside the years 1..9999. */
static KpiPeriod *
make_to_date (KpiCalendar    *self,
              KpiGranularity  base,
              gint64          base_ordinal,
              gint64          end)
{
  g_autofree char *base_label = NULL;
  gint64 start, base_end;

  if (!natural_in_range (self, base, base_ordinal))
    return NULL;
  ordinal_bounds (self, base, base_ordinal, &start, &base_end);
  g_assert (start <= end && end <= base_end);

  base_label = natural_label (self, base, base_ordinal);
  return kpi_period_new_internal (KPI_GRANULARITY_CUSTOM, base, base_ordinal, start, end,
                                  custom_label (self, base_label, start, end),
                                  TRUE, self->time_zone, self->fiscal_year_start_month);
}

/* A custom period [start, end): a day-to-date when it runs from a local
 * midnight to an instant of that same day (the label cannot tell them
 * apart, so they are one thing), else a plain range.  NULL if outside the
 * years 1..9999. */
static KpiPeriod *
make_custom (KpiCalendar *self,
             gint64       start,
             gint64       end)
{
  gint64 day_begin, day_end, days;

  g_assert (start <= end);
  if (start < self->min_time || start >= self->max_time || end > self->max_time)
    return NULL;

  days = locate (self, KPI_GRANULARITY_DAY, start, &day_begin, &day_end);
  if (start == day_begin && end < day_end)
    return make_to_date (self, KPI_GRANULARITY_DAY, days, end);

  return kpi_period_new_internal (KPI_GRANULARITY_CUSTOM, KPI_GRANULARITY_CUSTOM, 0,
                                  start, end, custom_label (self, NULL, start, end),
                                  contains_now (self, start, end),
                                  self->time_zone, self->fiscal_year_start_month);
}

/* A period must be navigated by a calendar of its own zone and fiscal
 * year, or its ordinals and instants would mean something else. */
static gboolean
period_is_ours (KpiCalendar     *self,
                const KpiPeriod *period)
{
  gboolean fiscal = period->granularity == KPI_GRANULARITY_FISCAL_QUARTER ||
                    period->granularity == KPI_GRANULARITY_FISCAL_YEAR ||
                    period->base == KPI_GRANULARITY_FISCAL_QUARTER ||
                    period->base == KPI_GRANULARITY_FISCAL_YEAR;

  if (fiscal && period->fiscal_year_start_month != self->fiscal_year_start_month)
    return FALSE;
  return period->time_zone == self->time_zone ||
         g_strcmp0 (g_time_zone_get_identifier (period->time_zone),
                    g_time_zone_get_identifier (self->time_zone)) == 0;
}

/* ------------------------------------------------------------------------
 * To-date periods carried to another natural period
 * ------------------------------------------------------------------------ */

/* Where the end of a to-date period falls within its natural period, in
 * calendar terms (day of the month and wall-clock time rather than elapsed
 * microseconds), so that "the same days last month" keeps its meaning
 * across months of different lengths and days of 23 or 25 hours. */
typedef struct {
  gboolean at_end;       /* the whole natural period */
  gint64   day_index;    /* DAY, WEEK: days since the first day */
  gint64   month_index;  /* month-based: months since the first month */
  int      mday;         /* month-based: day of the month, 1..31 */
  gint64   tod;          /* µs since local midnight */
} Position;

static void
position_of (KpiCalendar     *self,
             const KpiPeriod *period,
             Position        *pos)
{
  gint64 start, end, first, next, days;
  gboolean is_start;

  memset (pos, 0, sizeof *pos);
  ordinal_bounds (self, period->base, period->ordinal, &start, &end);
  if (period->end >= end)
    {
      pos->at_end = TRUE;
      return;
    }

  days = local_day (self, period->end, &is_start);
  pos->tod = is_start ? 0 : CLAMP (period->end + offset_at (self, period->end) - days * USEC_PER_DAY,
                                   0, USEC_PER_DAY - 1);
  natural_days (self, period->base, period->ordinal, &first, &next);
  if (!is_month_based (period->base))
    pos->day_index = days - first;
  else
    {
      gint64 y, first_month;
      int m, n_months;

      civil_from_days (days, &y, &m, &pos->mday);
      natural_months (self, period->base, period->ordinal, &first_month, &n_months);
      pos->month_index = y * 12 + m - 1 - first_month;
    }
}

/* The end instant at @pos within the natural period (@base, @ordinal).  A
 * day of the month that the target month lacks (31 March carried to
 * February) is clamped to the end of that month. */
static gint64
apply_position (KpiCalendar    *self,
                KpiGranularity  base,
                gint64          ordinal,
                const Position *pos)
{
  gint64 start, end, first, next, e;

  ordinal_bounds (self, base, ordinal, &start, &end);
  if (pos->at_end)
    return end;

  natural_days (self, base, ordinal, &first, &next);
  if (!is_month_based (base))
    e = from_local (self, (first + pos->day_index) * USEC_PER_DAY + pos->tod, NULL);
  else
    {
      gint64 first_month, month;
      int n_months;

      natural_months (self, base, ordinal, &first_month, &n_months);
      month = first_month + pos->month_index;
      if (pos->mday > month_length (month))
        e = day_start (self, month_first_day (month + 1));
      else
        e = from_local (self, (month_first_day (month) + pos->mday - 1) * USEC_PER_DAY + pos->tod,
                        NULL);
    }
  return CLAMP (e, start, end);
}

/* The to-date @period carried to the natural period of ordinal @target. */
static KpiPeriod *
carry_to_date (KpiCalendar     *self,
               const KpiPeriod *period,
               gint64           target)
{
  Position pos;

  if (!natural_in_range (self, period->base, target))
    return NULL;
  position_of (self, period, &pos);
  return make_to_date (self, period->base, target,
                       apply_position (self, period->base, target, &pos));
}

/* The ordinal of the same natural period one year earlier. */
static gint64
last_year_ordinal (KpiGranularity granularity,
                   gint64         ordinal)
{
  gint64 y;
  int m, d, week;

  switch (granularity)
    {
    case KPI_GRANULARITY_DAY:
      /* Same date; 29 February becomes 28 February. */
      civil_from_days (ordinal, &y, &m, &d);
      return days_from_civil (y - 1, m, MIN (d, days_in_month (y - 1, m)));
    case KPI_GRANULARITY_WEEK:
      /* Same week number of the previous week-year; week 53 becomes 52
       * when that year has no week 53. */
      iso_week_of_ordinal (ordinal, &y, &week);
      return iso_week_ordinal (y - 1, MIN (week, iso_weeks_in_year (y - 1)));
    case KPI_GRANULARITY_MONTH:
      return ordinal - 12;
    case KPI_GRANULARITY_QUARTER:
    case KPI_GRANULARITY_FISCAL_QUARTER:
      return ordinal - 4;
    case KPI_GRANULARITY_YEAR:
    case KPI_GRANULARITY_FISCAL_YEAR:
      return ordinal - 1;
    case KPI_GRANULARITY_CUSTOM:
    default:
      g_assert_not_reached ();
    }
}

/* An instant's local date and time one year earlier, 29 February becoming
 * 28 February. */
static gint64
local_last_year (KpiCalendar *self,
                 gint64       naive)
{
  gint64 days = floor_div (naive, USEC_PER_DAY);
  gint64 tod = naive - days * USEC_PER_DAY;
  gint64 y;
  int m, d;

  civil_from_days (days, &y, &m, &d);
  days = days_from_civil (y - 1, m, MIN (d, days_in_month (y - 1, m)));
  return days * USEC_PER_DAY + tod;
}

/* ------------------------------------------------------------------------
 * Parsing labels
 * ------------------------------------------------------------------------ */

typedef enum {
  TOKEN_NATURAL,    /* granularity and ordinal */
  TOKEN_DATE_TIME,  /* an instant */
} TokenKind;

typedef struct {
  TokenKind       kind;
  KpiGranularity  granularity;
  gint64          ordinal;
  gint64          time;
} Token;

/* Exactly @n ASCII digits. */
static gboolean
read_digits (const char **p,
             const char  *end,
             int          n,
             int         *value)
{
  int v = 0;

  if (end - *p < n)
    return FALSE;
  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      v = v * 10 + ((*p)[i] - '0');
    }
  *p += n;
  *value = v;
  return TRUE;
}

static gboolean
read_char (const char **p,
           const char  *end,
           char         c)
{
  if (*p < end && **p == c)
    {
      (*p)++;
      return TRUE;
    }
  return FALSE;
}

/* `THH:MM[:SS[.ffffff]][Z|±HH:MM[:SS]]` after a date, into a local time
 * (µs since midnight) and an offset (µs) when one is written. */
static gboolean
read_time (const char **p,
           const char  *end,
           gint64      *tod,
           gboolean    *has_offset,
           gint64      *offset,
           char       **reason)
{
  int hour, minute, second = 0, usec = 0, oh, om, os = 0;
  char sign;

  if (!read_digits (p, end, 2, &hour) || !read_char (p, end, ':') ||
      !read_digits (p, end, 2, &minute))
    return FALSE;
  if (read_char (p, end, ':'))
    {
      if (!read_digits (p, end, 2, &second))
        return FALSE;
      if (read_char (p, end, '.'))
        {
          int n = 0;

          while (*p < end && g_ascii_isdigit (**p) && n < 6)
            {
              usec = usec * 10 + (**p - '0');
              (*p)++;
              n++;
            }
          if (n == 0 || (*p < end && g_ascii_isdigit (**p)))
            return FALSE;
          for (; n < 6; n++)
            usec *= 10;
        }
    }
  if (hour > 23 || minute > 59 || second > 59)
    {
      *reason = g_strdup ("hours run from 00 to 23, minutes and seconds from 00 to 59");
      return FALSE;
    }
  *tod = hour * USEC_PER_HOUR + minute * USEC_PER_MINUTE + second * USEC_PER_SEC + usec;

  *has_offset = FALSE;
  *offset = 0;
  if (read_char (p, end, 'Z'))
    {
      *has_offset = TRUE;
      return TRUE;
    }
  if (*p >= end || (**p != '+' && **p != '-'))
    return TRUE;
  sign = *(*p)++;
  if (!read_digits (p, end, 2, &oh) || !read_char (p, end, ':') || !read_digits (p, end, 2, &om))
    return FALSE;
  if (read_char (p, end, ':') && !read_digits (p, end, 2, &os))
    return FALSE;
  if (oh > 23 || om > 59 || os > 59)
    {
      *reason = g_strdup ("a UTC offset is less than 24 hours");
      return FALSE;
    }
  *has_offset = TRUE;
  *offset = (oh * 3600 + om * 60 + os) * USEC_PER_SEC * (sign == '-' ? -1 : 1);
  return TRUE;
}

/* The label or date-time of one token, its year aside: see parse_token(). */
static gboolean
parse_token_text (KpiCalendar  *self,
                  const char   *p,
                  const char   *end,
                  Token        *token,
                  int          *out_year,
                  int          *code,
                  char        **reason)
{
  gboolean fiscal = FALSE;
  int year, n, month, day, more;

  *code = KPI_CALENDAR_ERROR_INVALID_LABEL;
  memset (token, 0, sizeof *token);
  token->kind = TOKEN_NATURAL;

  if (end - p >= 2 && p[0] == 'F' && p[1] == 'Y')
    {
      fiscal = TRUE;
      p += 2;
    }
  if (!read_digits (&p, end, 4, &year))
    return FALSE;
  /* A year of more than four digits (FY10000-Q1) is read whole, so that a
   * label the calendar would write if its range went further is said to be
   * out of range rather than not a label. */
  for (n = 0; n < 5 && p < end && g_ascii_isdigit (*p); n++)
    {
      if (!read_digits (&p, end, 1, &more))
        return FALSE;
      year = year * 10 + more;
    }
  if (p < end && g_ascii_isdigit (*p))
    return FALSE;
  *out_year = year;
  if (year == 0)
    {
      *code = KPI_CALENDAR_ERROR_OUT_OF_RANGE;
      return FALSE;
    }

  if (p == end)
    {
      token->granularity = fiscal ? KPI_GRANULARITY_FISCAL_YEAR : KPI_GRANULARITY_YEAR;
      token->ordinal = year;
      return TRUE;
    }
  if (!read_char (&p, end, '-'))
    return FALSE;

  if (read_char (&p, end, 'Q'))
    {
      if (!read_digits (&p, end, 1, &n) || p != end)
        return FALSE;
      if (n < 1 || n > 4)
        {
          *reason = g_strdup ("quarters run from Q1 to Q4");
          return FALSE;
        }
      token->granularity = fiscal ? KPI_GRANULARITY_FISCAL_QUARTER : KPI_GRANULARITY_QUARTER;
      token->ordinal = (gint64) year * 4 + n - 1;
      return TRUE;
    }
  if (fiscal)
    return FALSE;

  if (read_char (&p, end, 'W'))
    {
      if (!read_digits (&p, end, 2, &n) || p != end)
        return FALSE;
      if (n < 1 || n > iso_weeks_in_year (year))
        {
          *reason = g_strdup_printf ("the ISO week-year %04d has weeks W01 to W%02d",
                                     year, iso_weeks_in_year (year));
          return FALSE;
        }
      token->granularity = KPI_GRANULARITY_WEEK;
      token->ordinal = iso_week_ordinal (year, n);
      return TRUE;
    }

  if (!read_digits (&p, end, 2, &month))
    return FALSE;
  if (month < 1 || month > 12)
    {
      *reason = g_strdup ("months run from 01 to 12");
      return FALSE;
    }
  if (p == end)
    {
      token->granularity = KPI_GRANULARITY_MONTH;
      token->ordinal = (gint64) year * 12 + month - 1;
      return TRUE;
    }

  if (!read_char (&p, end, '-') || !read_digits (&p, end, 2, &day))
    return FALSE;
  if (day < 1 || day > days_in_month (year, month))
    {
      *reason = g_strdup_printf ("%04d-%02d has %d days", year, month, days_in_month (year, month));
      return FALSE;
    }
  token->granularity = KPI_GRANULARITY_DAY;
  token->ordinal = days_from_civil (year, month, day);
  if (p == end)
    return TRUE;

  if (read_char (&p, end, 'T'))
    {
      gint64 tod, offset, naive;
      gboolean has_offset, exists = TRUE;

      if (!read_time (&p, end, &tod, &has_offset, &offset, reason) || p != end)
        return FALSE;
      token->kind = TOKEN_DATE_TIME;
      if (year > 9999)
        return TRUE;   /* out of range, and too far for arithmetic in µs */
      naive = token->ordinal * USEC_PER_DAY + tod;
      token->time = has_offset ? naive - offset : from_local (self, naive, &exists);
      if (!exists)
        {
          *reason = g_strdup_printf ("that local time does not exist in %s (the clocks jump over it)",
                                     g_time_zone_get_identifier (self->time_zone));
          return FALSE;
        }
      return TRUE;
    }
  return FALSE;
}

/* One label, or one side of `START..END`: a natural period's label or a
 * date-time.  On failure, returns the error code and may set @reason. */
static gboolean
parse_token (KpiCalendar  *self,
             const char   *p,
             const char   *end,
             Token        *token,
             int          *code,
             char        **reason)
{
  int year = 0;

  if (!parse_token_text (self, p, end, token, &year, code, reason))
    return FALSE;
  if (year > 9999)
    {
      *code = KPI_CALENDAR_ERROR_OUT_OF_RANGE;
      return FALSE;
    }
  return TRUE;
}

/* The text of a label for an error message: valid UTF-8, not too long. */
static char *
shown_label (const char *label)
{
  return kpi_text_for_message (label, -1, 48);
}

static void
set_label_error (GError     **error,
                 int          code,
                 const char  *label,
                 const char  *reason)
{
  g_autofree char *shown = shown_label (label);

  if (code == KPI_CALENDAR_ERROR_OUT_OF_RANGE)
    g_set_error (error, KPI_CALENDAR_ERROR, code,
                 "“%s” is outside the years 0001 to 9999", shown);
  else
    g_set_error (error, KPI_CALENDAR_ERROR, code,
                 "“%s” is not a period label%s%s; expected a day (2025-02-14), "
                 "an ISO week (2025-W07), a month (2025-02), a quarter (2025-Q1), "
                 "a year (2025), a fiscal year (FY2025), a fiscal quarter (FY2025-Q3), "
                 "or a range START..END such as 2025-02-01..2025-02-14 (the last day "
                 "included), 2025-02..2025-02-14 (a month-to-date) or "
                 "2025-02-01T09:00+01:00..2025-02-01T17:30+01:00",
                 shown, reason ? ": " : "", reason ? reason : "");
}

/* The end of `START..END`: a date (its whole day included) or an instant. */
static gboolean
token_end (KpiCalendar *self,
           const Token *token,
           gint64      *time)
{
  if (token->kind == TOKEN_DATE_TIME)
    *time = token->time;
  else if (token->granularity == KPI_GRANULARITY_DAY)
    *time = day_start (self, token->ordinal + 1);
  else
    return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------ */

static void
kpi_calendar_constructed (GObject *object)
{
  KpiCalendar *self = KPI_CALENDAR (object);
  int first, last;

  G_OBJECT_CLASS (kpi_calendar_parent_class)->constructed (object);

  if (self->time_zone == NULL)
    self->time_zone = g_time_zone_new_utc ();

  /* GTimeZone numbers its intervals in time order: one interval from the
   * first instant to the last means one offset for all time. */
  first = g_time_zone_find_interval (self->time_zone, G_TIME_TYPE_UNIVERSAL,
                                     -TIME_LIMIT / USEC_PER_SEC);
  last = g_time_zone_find_interval (self->time_zone, G_TIME_TYPE_UNIVERSAL,
                                    TIME_LIMIT / USEC_PER_SEC);
  self->fixed = first == last;
  self->fixed_offset = (gint64) g_time_zone_get_offset (self->time_zone, first) * USEC_PER_SEC;

  self->min_time = day_start (self, DAY_MIN);
  self->max_time = day_start (self, DAY_END);
}

static void
kpi_calendar_finalize (GObject *object)
{
  KpiCalendar *self = KPI_CALENDAR (object);

  g_clear_pointer (&self->time_zone, g_time_zone_unref);

  G_OBJECT_CLASS (kpi_calendar_parent_class)->finalize (object);
}

static void
kpi_calendar_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KpiCalendar *self = KPI_CALENDAR (object);

  switch (prop_id)
    {
    case PROP_TIME_ZONE:
      g_value_set_boxed (value, self->time_zone);
      break;
    case PROP_FISCAL_YEAR_START_MONTH:
      g_value_set_uint (value, self->fiscal_year_start_month);
      break;
    case PROP_NOW:
      g_value_set_int64 (value, self->now);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_calendar_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  KpiCalendar *self = KPI_CALENDAR (object);

  switch (prop_id)
    {
    case PROP_TIME_ZONE:
      self->time_zone = g_value_dup_boxed (value);
      break;
    case PROP_FISCAL_YEAR_START_MONTH:
      self->fiscal_year_start_month = g_value_get_uint (value);
      break;
    case PROP_NOW:
      kpi_calendar_set_now (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_calendar_class_init (KpiCalendarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = kpi_calendar_constructed;
  object_class->finalize = kpi_calendar_finalize;
  object_class->get_property = kpi_calendar_get_property;
  object_class->set_property = kpi_calendar_set_property;

  /**
   * KpiCalendar:time-zone:
   *
   * The time zone whose midnights bound the periods. %NULL when
   * constructing means UTC; reading the property never gives %NULL.
   *
   * Since: 0.1
   */
  properties[PROP_TIME_ZONE] =
    g_param_spec_boxed ("time-zone", NULL, NULL,
                        G_TYPE_TIME_ZONE,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * KpiCalendar:fiscal-year-start-month:
   *
   * The month in which the fiscal year starts, 1 (January, the fiscal year
   * is the calendar year) to 12. A fiscal year is named after the calendar
   * year in which it ends: when it starts in April (4), `FY2025` runs from
   * 2024-04-01 to 2025-03-31.
   *
   * A value outside 1 to 12 given to g_object_new() is refused by GObject
   * with a warning (a programmer error); for a month that comes from a user,
   * call kpi_calendar_new(), which reports it as a #GError.
   *
   * Since: 0.1
   */
  properties[PROP_FISCAL_YEAR_START_MONTH] =
    g_param_spec_uint ("fiscal-year-start-month", NULL, NULL,
                       1, 12, 1,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * KpiCalendar:now:
   *
   * The present, in microseconds since the Unix epoch (UTC), used to mark
   * the periods that contain it as partial
   * ([method@Kpi.Period.is_partial]); 0 means the real clock
   * (g_get_real_time()). Set it to evaluate a dashboard as of a given time,
   * or to make tests reproducible.
   *
   * Since: 0.1
   */
  properties[PROP_NOW] =
    g_param_spec_int64 ("now", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_calendar_init (KpiCalendar *self)
{
  self->fiscal_year_start_month = 1;
}

/* ------------------------------------------------------------------------
 * Public API
 * ------------------------------------------------------------------------ */

/**
 * kpi_calendar_new:
 * @time_zone: (nullable): the time zone of the periods, or %NULL for UTC
 * @fiscal_year_start_month: the month in which the fiscal year starts, 1
 *   (January) to 12
 * @error: return location for a #GError
 *
 * Creates a calendar. See [property@Kpi.Calendar:time-zone] and
 * [property@Kpi.Calendar:fiscal-year-start-month]. A month outside 1 to
 * 12, as a user may type it, fails with %KPI_CALENDAR_ERROR_INVALID_MONTH.
 *
 * Returns: (transfer full): a new calendar, or %NULL with @error set
 *
 * Since: 0.1
 */
KpiCalendar *
kpi_calendar_new (GTimeZone  *time_zone,
                  guint       fiscal_year_start_month,
                  GError    **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (fiscal_year_start_month < 1 || fiscal_year_start_month > 12)
    {
      g_set_error (error, KPI_CALENDAR_ERROR, KPI_CALENDAR_ERROR_INVALID_MONTH,
                   "%u is not a month: expected the month in which the fiscal "
                   "year starts, from 1 (January) to 12 (December)",
                   fiscal_year_start_month);
      return NULL;
    }
  return g_object_new (KPI_TYPE_CALENDAR,
                       "time-zone", time_zone,
                       "fiscal-year-start-month", fiscal_year_start_month,
                       NULL);
}

/**
 * kpi_calendar_get_time_zone:
 * @self: a calendar
 *
 * Gets the time zone of the calendar.
 *
 * Returns: (transfer none): the time zone (UTC unless another was given)
 *
 * Since: 0.1
 */
GTimeZone *
kpi_calendar_get_time_zone (KpiCalendar *self)
{
  g_return_val_if_fail (KPI_IS_CALENDAR (self), NULL);

  return self->time_zone;
}

/**
 * kpi_calendar_get_fiscal_year_start_month:
 * @self: a calendar
 *
 * Gets the month in which the fiscal year starts.
 *
 * Returns: 1 (January) to 12
 *
 * Since: 0.1
 */
guint
kpi_calendar_get_fiscal_year_start_month (KpiCalendar *self)
{
  g_return_val_if_fail (KPI_IS_CALENDAR (self), 1);

  return self->fiscal_year_start_month;
}

/**
 * kpi_calendar_get_now:
 * @self: a calendar
 *
 * Gets [property@Kpi.Calendar:now].
 *
 * Returns: microseconds since the Unix epoch, or 0 for the real clock
 *
 * Since: 0.1
 */
gint64
kpi_calendar_get_now (KpiCalendar *self)
{
  g_return_val_if_fail (KPI_IS_CALENDAR (self), 0);

  return self->now;
}

/**
 * kpi_calendar_set_now:
 * @self: a calendar
 * @now: microseconds since the Unix epoch (UTC), or 0 for the real clock
 *
 * Sets the present that decides which periods are partial (see
 * [property@Kpi.Calendar:now]). Periods already made keep their flag.
 *
 * Since: 0.1
 */
void
kpi_calendar_set_now (KpiCalendar *self,
                      gint64       now)
{
  g_return_if_fail (KPI_IS_CALENDAR (self));

  if (self->now == now)
    return;
  self->now = now;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOW]);
}

/**
 * kpi_calendar_period_at:
 * @self: a calendar
 * @time: microseconds since the Unix epoch (UTC)
 * @granularity: any granularity but %KPI_GRANULARITY_CUSTOM
 *
 * Finds the period of @granularity that contains an instant: its day,
 * ISO week, month, quarter, year, fiscal quarter or fiscal year in the
 * calendar's time zone. Both instants of the hour repeated when the clocks
 * go back belong to the day of their local date; the period always holds
 * @time (start <= @time < end).
 *
 * Returns: (transfer full) (nullable): the period, or %NULL if it is
 *   outside the years 1 to 9999
 *
 * Since: 0.1
 */
KpiPeriod *
kpi_calendar_period_at (KpiCalendar    *self,
                        gint64          time,
                        KpiGranularity  granularity)
{
  gint64 start, end, ordinal;

  g_return_val_if_fail (KPI_IS_CALENDAR (self), NULL);
  g_return_val_if_fail (is_natural (granularity), NULL);

  if (time < self->min_time || time >= self->max_time)
    return NULL;
  ordinal = locate (self, granularity, time, &start, &end);
  return make_natural (self, granularity, ordinal);
}

/**
 * kpi_calendar_parse_period:
 * @self: a calendar
 * @label: a period label
 * @error: return location for a #GError
 *
 * Reads a period label (see #KpiGranularity): `2025-02-14`, `2025-W07`,
 * `2025-02`, `2025-Q1`, `2025`, `FY2025`, `FY2025-Q3`, or a custom period
 * `START..END` such as `2025-02-01..2025-02-14` (the last day included),
 * the month-to-date `2025-02..2025-02-14T15:30+01:00` or the range
 * `2025-02-01T09:00+01:00..2025-02-01T17:30+01:00`. Date-times may also be
 * written without an offset, in the calendar's time zone (the first one when
 * the clocks go back over it); one that the clocks jump over is refused.
 *
 * Every label that [method@Kpi.Period.get_label] writes reads back as the
 * same period. Anything else fails with %KPI_CALENDAR_ERROR_INVALID_LABEL
 * (such as `2025-W54`, `2025-13`, `2025-02-30`, `FY2025-Q5`, lower case,
 * spaces, an end before the start, the end of a to-date period past its
 * natural period), or %KPI_CALENDAR_ERROR_OUT_OF_RANGE for a period outside
 * the years 1 to 9999.
 *
 * Returns: (transfer full): the period, or %NULL with @error set
 *
 * Since: 0.1
 */
KpiPeriod *
kpi_calendar_parse_period (KpiCalendar  *self,
                           const char   *label,
                           GError      **error)
{
  g_autofree char *reason = NULL;
  const char *end, *dots;
  Token a, b;
  gint64 start, stop, base_start, base_end;
  KpiPeriod *period;
  int code;

  g_return_val_if_fail (KPI_IS_CALENDAR (self), NULL);
  g_return_val_if_fail (label != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  end = label + strnlen (label, LABEL_MAX_LENGTH + 1);
  if (*label == '\0' || *end != '\0')
    {
      set_label_error (error, KPI_CALENDAR_ERROR_INVALID_LABEL, label,
                       *label == '\0' ? "it is empty" : "it is too long");
      return NULL;
    }

  dots = strstr (label, "..");
  if (dots == NULL)
    {
      if (!parse_token (self, label, end, &a, &code, &reason))
        goto fail;
      if (a.kind != TOKEN_NATURAL)
        {
          code = KPI_CALENDAR_ERROR_INVALID_LABEL;
          reason = g_strdup ("an instant is not a period");
          goto fail;
        }
      period = make_natural (self, a.granularity, a.ordinal);
      if (period == NULL)
        {
          code = KPI_CALENDAR_ERROR_OUT_OF_RANGE;
          goto fail;
        }
      return period;
    }

  if (!parse_token (self, label, dots, &a, &code, &reason) ||
      !parse_token (self, dots + 2, end, &b, &code, &reason))
    goto fail;
  if (!token_end (self, &b, &stop))
    {
      code = KPI_CALENDAR_ERROR_INVALID_LABEL;
      reason = g_strdup ("a range ends with a date or a date-time");
      goto fail;
    }

  if (a.kind == TOKEN_NATURAL && a.granularity != KPI_GRANULARITY_DAY)
    {
      /* A to-date period: from the start of that natural period. */
      if (!natural_in_range (self, a.granularity, a.ordinal))
        {
          code = KPI_CALENDAR_ERROR_OUT_OF_RANGE;
          goto fail;
        }
      ordinal_bounds (self, a.granularity, a.ordinal, &base_start, &base_end);
      if (stop < base_start || stop > base_end)
        {
          code = KPI_CALENDAR_ERROR_INVALID_LABEL;
          reason = g_strdup ("a to-date period ends within the period it starts with");
          goto fail;
        }
      return make_to_date (self, a.granularity, a.ordinal, stop);
    }

  start = a.kind == TOKEN_NATURAL ? day_start (self, a.ordinal) : a.time;
  if (stop < start)
    {
      code = KPI_CALENDAR_ERROR_INVALID_LABEL;
      reason = g_strdup ("it ends before it starts");
      goto fail;
    }
  period = make_custom (self, start, stop);
  if (period == NULL)
    {
      code = KPI_CALENDAR_ERROR_OUT_OF_RANGE;
      goto fail;
    }
  return period;

fail:
  set_label_error (error, code, label, reason);
  return NULL;
}

/**
 * kpi_calendar_custom_period:
 * @self: a calendar
 * @start: the first instant, in microseconds since the Unix epoch (UTC)
 * @end: the first instant after the period; not before @start
 * @error: return location for a #GError
 *
 * Makes a custom period `[start, end)`. Its label writes each bound as a
 * date when it is a local midnight (the end as the day before, included)
 * and as a date-time with its offset otherwise:
 * `2025-02-01..2025-02-14`, `2025-02-01T09:00+01:00..2025-02-03`.
 *
 * A period from a local midnight to an instant of that same day is a
 * day-to-date period, as [method@Kpi.Calendar.to_date] makes with
 * %KPI_GRANULARITY_DAY (its label reads back as one).
 *
 * An @end before @start fails with %KPI_CALENDAR_ERROR_INVALID_RANGE, a
 * period outside the years 1 to 9999 with
 * %KPI_CALENDAR_ERROR_OUT_OF_RANGE.
 *
 * Returns: (transfer full): the period, or %NULL with @error set
 *
 * Since: 0.1
 */
KpiPeriod *
kpi_calendar_custom_period (KpiCalendar  *self,
                            gint64        start,
                            gint64        end,
                            GError      **error)
{
  KpiPeriod *period;

  g_return_val_if_fail (KPI_IS_CALENDAR (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (end < start)
    {
      g_autofree char *shown_start = shown_instant (self, start);
      g_autofree char *shown_end = shown_instant (self, end);

      g_set_error (error, KPI_CALENDAR_ERROR, KPI_CALENDAR_ERROR_INVALID_RANGE,
                   "the period ends at %s, before it starts at %s: expected an "
                   "end at or after the start", shown_end, shown_start);
      return NULL;
    }
  period = make_custom (self, start, end);
  if (period == NULL)
    {
      g_autofree char *shown_start = shown_instant (self, start);
      g_autofree char *shown_end = shown_instant (self, end);

      g_set_error (error, KPI_CALENDAR_ERROR, KPI_CALENDAR_ERROR_OUT_OF_RANGE,
                   "the period from %s to %s is outside the years 0001 to 9999",
                   shown_start, shown_end);
    }
  return period;
}

/**
 * kpi_calendar_offset:
 * @self: the calendar that made @period
 * @period: a period
 * @n: how many periods later (negative: earlier)
 *
 * Moves a period by @n periods of its own kind:
 *
 * - a natural period (day, week, month, ...) becomes the @n-th next one:
 *   `2025-01` moved by -1 is `2024-12`, `2020-W53` moved by 1 is
 *   `2021-W01`;
 * - a to-date period becomes the same stretch of the @n-th next natural
 *   period, measured in calendar terms: the same day of the month (of the
 *   week, of the quarter's month...) and the same local time. When that day
 *   does not exist (31 March moved to February), the period runs to the end
 *   of that month. `2025-03..2025-03-14T15:30+01:00` moved by -1 is
 *   `2025-02..2025-02-14T15:30+01:00`; `2025-03..2025-03-31T15:00+02:00`
 *   moved by -1 is the whole of February, `2025-02..2025-02-28`;
 * - a plain range moves by its own length in local time, so that ranges
 *   moved by 1, 2, 3 follow each other: a range of 7 whole days moves by 7
 *   days, midnight to midnight, across a change of the clocks.
 *
 * Returns: (transfer full) (nullable): the moved period, or %NULL if it
 *   would be outside the years 1 to 9999
 *
 * Since: 0.1
 */
KpiPeriod *
kpi_calendar_offset (KpiCalendar     *self,
                     const KpiPeriod *period,
                     int              n)
{
  gint64 from, to, length, shift;

  g_return_val_if_fail (KPI_IS_CALENDAR (self), NULL);
  g_return_val_if_fail (period != NULL, NULL);
  g_return_val_if_fail (period_is_ours (self, period), NULL);

  if (period->granularity != KPI_GRANULARITY_CUSTOM)
    return make_natural (self, period->granularity, period->ordinal + n);
  if (period->base != KPI_GRANULARITY_CUSTOM)
    return carry_to_date (self, period, period->ordinal + n);

  from = local_point (self, period->start);
  to = local_point (self, period->end);
  length = to - from;
  if (__builtin_mul_overflow (length, (gint64) n, &shift) ||
      shift > 2 * TIME_LIMIT || shift < -2 * TIME_LIMIT ||
      from + shift < -TIME_LIMIT || to + shift > TIME_LIMIT)
    return NULL;
  return make_custom (self, from_local (self, from + shift, NULL),
                      from_local (self, to + shift, NULL));
}

/**
 * kpi_calendar_next:
 * @self: the calendar that made @period
 * @period: a period
 *
 * The period after @period: [method@Kpi.Calendar.offset] by 1.
 *
 * Returns: (transfer full) (nullable): the next period, or %NULL if it
 *   would be outside the years 1 to 9999
 *
 * Since: 0.1
 */
KpiPeriod *
kpi_calendar_next (KpiCalendar     *self,
                   const KpiPeriod *period)
{
  return kpi_calendar_offset (self, period, 1);
}

/**
 * kpi_calendar_previous:
 * @self: the calendar that made @period
 * @period: a period
 *
 * The period before @period: [method@Kpi.Calendar.offset] by -1. For a
 * month-to-date, the same days of the previous month.
 *
 * Returns: (transfer full) (nullable): the previous period, or %NULL if it
 *   would be outside the years 1 to 9999
 *
 * Since: 0.1
 */
KpiPeriod *
kpi_calendar_previous (KpiCalendar     *self,
                       const KpiPeriod *period)
{
  return kpi_calendar_offset (self, period, -1);
}

/**
 * kpi_calendar_same_period_last_year:
 * @self: the calendar that made @period
 * @period: a period
 *
 * The period to compare @period with one year earlier:
 *
 * - a day: the same date, 29 February becoming 28 February;
 * - an ISO week: the same week number of the previous week-year, week 53
 *   becoming week 52 when that year has only 52 weeks;
 * - a month, a quarter, a year, a fiscal quarter or a fiscal year: the same
 *   one a year earlier (`2025-02` gives `2024-02`, 29 days long);
 * - a to-date period: the same stretch of that earlier natural period, in
 *   calendar terms as for [method@Kpi.Calendar.offset]: the year-to-date
 *   to 14 March 2025 gives the one to 14 March 2024, leap day included; the
 *   month-to-date to 29 February 2024 gives the whole of February 2023;
 * - a plain range: the same local dates and times a year earlier, 29
 *   February becoming 28 February (`2024-01-01..2024-02-29` gives
 *   `2023-01-01..2023-02-28`).
 *
 * Returns: (transfer full) (nullable): the period a year earlier, or %NULL
 *   if it would be outside the years 1 to 9999
 *
 * Since: 0.1
 */
KpiPeriod *
kpi_calendar_same_period_last_year (KpiCalendar     *self,
                                    const KpiPeriod *period)
{
  gint64 start, end, end_day;
  gboolean end_is_midnight;

  g_return_val_if_fail (KPI_IS_CALENDAR (self), NULL);
  g_return_val_if_fail (period != NULL, NULL);
  g_return_val_if_fail (period_is_ours (self, period), NULL);

  if (period->granularity != KPI_GRANULARITY_CUSTOM)
    return make_natural (self, period->granularity,
                         last_year_ordinal (period->granularity, period->ordinal));
  if (period->base != KPI_GRANULARITY_CUSTOM)
    return carry_to_date (self, period, last_year_ordinal (period->base, period->ordinal));

  start = from_local (self, local_last_year (self, local_point (self, period->start)), NULL);
  /* An end written as a date is its last day, included: keep that day
   * (2024-02-28 stays 2023-02-28, it does not become 2023-02-27). */
  end_day = local_day (self, period->end, &end_is_midnight);
  if (period->end > period->start && end_is_midnight)
    end = day_start (self, floor_div (local_last_year (self, (end_day - 1) * USEC_PER_DAY),
                                      USEC_PER_DAY) + 1);
  else
    end = from_local (self, local_last_year (self, local_point (self, period->end)), NULL);
  return make_custom (self, start, MAX (start, end));
}

/**
 * kpi_calendar_to_date:
 * @self: a calendar
 * @granularity: the period to date: %KPI_GRANULARITY_MONTH for a
 *   month-to-date, %KPI_GRANULARITY_YEAR for a year-to-date, ... (not
 *   %KPI_GRANULARITY_CUSTOM)
 * @time: the end of the period, excluded, in microseconds since the Unix
 *   epoch (UTC): usually the present
 *
 * Makes a to-date period: from the start of the period of @granularity
 * that contains @time, to @time. It is a %KPI_GRANULARITY_CUSTOM period,
 * always partial ([method@Kpi.Period.is_partial]), and its label starts
 * with the label of the natural period: the month-to-date at 15:30 on 14
 * March 2025 in Paris is `2025-03..2025-03-14T15:30+01:00`, the one at
 * midnight starting 15 March `2025-03..2025-03-14`, the quarter-to-date
 * `2025-Q1..2025-03-14T15:30+01:00`, the day-to-date
 * `2025-03-14..2025-03-14T15:30+01:00`. At the first instant of a period
 * the period to date is empty.
 *
 * [method@Kpi.Calendar.previous] and
 * [method@Kpi.Calendar.same_period_last_year] give the same stretch of
 * another period, to compare like with like.
 *
 * Returns: (transfer full) (nullable): the to-date period, or %NULL if it
 *   is outside the years 1 to 9999
 *
 * Since: 0.1
 */
KpiPeriod *
kpi_calendar_to_date (KpiCalendar    *self,
                      KpiGranularity  granularity,
                      gint64          time)
{
  gint64 start, end, ordinal;

  g_return_val_if_fail (KPI_IS_CALENDAR (self), NULL);
  g_return_val_if_fail (is_natural (granularity), NULL);

  if (time < self->min_time || time >= self->max_time)
    return NULL;
  ordinal = locate (self, granularity, time, &start, &end);
  return make_to_date (self, granularity, ordinal, time);
}

/**
 * kpi_calendar_list_periods:
 * @self: the calendar that made @first and @last
 * @first: the first period
 * @last: the last period, of the same granularity as @first (not
 *   %KPI_GRANULARITY_CUSTOM)
 *
 * Lists every period from @first to @last, both included, in order, with
 * no gaps: the rows of a series, empty periods included. The list is empty
 * when @last comes before @first.
 *
 * The array frees its periods: unref it and they go with it.
 *
 * Returns: (transfer container) (element-type KpiPeriod): the periods
 *
 * Since: 0.1
 */
GPtrArray *
kpi_calendar_list_periods (KpiCalendar     *self,
                           const KpiPeriod *first,
                           const KpiPeriod *last)
{
  GPtrArray *periods;

  g_return_val_if_fail (KPI_IS_CALENDAR (self), NULL);
  g_return_val_if_fail (first != NULL && last != NULL, NULL);
  g_return_val_if_fail (first->granularity == last->granularity, NULL);
  g_return_val_if_fail (first->granularity != KPI_GRANULARITY_CUSTOM, NULL);
  g_return_val_if_fail (period_is_ours (self, first) && period_is_ours (self, last), NULL);

  /* (transfer container), not full: the array owns its periods through its
   * free function, and bindings that take the elements of a "full" array
   * free them a second time with it. */
  periods = g_ptr_array_new_full (last->ordinal >= first->ordinal
                                   ? (guint) MIN (last->ordinal - first->ordinal + 1, G_MAXINT32)
                                   : 0,
                                   (GDestroyNotify) kpi_period_free);
  for (gint64 ordinal = first->ordinal; ordinal <= last->ordinal; ordinal++)
    g_ptr_array_add (periods, make_natural (self, first->granularity, ordinal));
  return periods;
}

/* ------------------------------------------------------------------------
 * Private API: ordinals (kpi-calendar-private.h)
 * ------------------------------------------------------------------------ */

gint64
kpi_calendar_ordinal_at (KpiCalendar    *self,
                         KpiGranularity  granularity,
                         gint64          time)
{
  gint64 start, end;

  g_return_val_if_fail (KPI_IS_CALENDAR (self), 0);
  g_return_val_if_fail (is_natural (granularity), 0);

  return locate (self, granularity, time, &start, &end);
}

KpiPeriod *
kpi_calendar_period_from_ordinal (KpiCalendar    *self,
                                  KpiGranularity  granularity,
                                  gint64          ordinal)
{
  g_return_val_if_fail (KPI_IS_CALENDAR (self), NULL);
  g_return_val_if_fail (is_natural (granularity), NULL);

  return make_natural (self, granularity, ordinal);
}

void
kpi_calendar_ordinal_bounds (KpiCalendar    *self,
                             KpiGranularity  granularity,
                             gint64          ordinal,
                             gint64         *start,
                             gint64         *end)
{
  gint64 limit;

  g_return_if_fail (KPI_IS_CALENDAR (self));
  g_return_if_fail (is_natural (granularity));
  g_return_if_fail (start != NULL && end != NULL);

  limit = ordinal_limit (granularity);
  ordinal_bounds (self, granularity, CLAMP (ordinal, -limit, limit), start, end);
}

static inline gint32
saturated_difference (gint64 ordinal,
                      gint64 base)
{
  /* |ordinal| is small: these bounds cannot overflow, ordinal - base can. */
  if (base <= ordinal - G_MAXINT32)
    return G_MAXINT32;
  if (base >= ordinal - G_MININT32)
    return G_MININT32;
  return (gint32) (ordinal - base);
}

void
kpi_calendar_ordinals (KpiCalendar    *self,
                       KpiGranularity  granularity,
                       const gint64   *times,
                       gsize           n,
                       gint32         *out,
                       gint64          base)
{
  /* The bounds of the last period found: an empty interval to start. */
  gint64 start = 1, end = 0;
  gint32 value = 0;

  g_return_if_fail (KPI_IS_CALENDAR (self));
  g_return_if_fail (is_natural (granularity));
  g_return_if_fail (n == 0 || (times != NULL && out != NULL));

  for (gsize i = 0; i < n; i++)
    {
      gint64 time = times[i];

      if (G_UNLIKELY (time < start || time >= end))
        value = saturated_difference (locate (self, granularity, time, &start, &end), base);
      out[i] = value;
    }
}
