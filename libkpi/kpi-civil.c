/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-civil.c: proleptic Gregorian arithmetic, ISO weeks, fiscal years
 *
 * Pure functions of integers, for the calendar (kpi-calendar.c) and its
 * labels (kpi-period-label.c): days since 1970-01-01 to and from civil
 * dates (H. Hinnant's algorithms: exact for any year, no tables, no
 * floating point), ISO weeks, and the ordinals of periods in days and
 * months (see kpi-calendar-private.h), fiscal ones included. No time zone
 * and no GObject here: local dates only, so that every rule about dates
 * can be read, and tested, apart from the rules about instants. */

#include "config.h"

#include "kpi-civil-private.h"

/* ------------------------------------------------------------------------
 * Civil dates and ISO weeks
 * ------------------------------------------------------------------------ */

gint64
kpi_days_from_civil (gint64 y,
                     int    m,
                     int    d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = kpi_floor_div (y, 400);
  yoe = y - era * 400;
  doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void
kpi_civil_from_days (gint64  days,
                     gint64 *year,
                     int    *month,
                     int    *day)
{
  gint64 z = days + 719468;
  gint64 era = kpi_floor_div (z, 146097);
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
  return kpi_floor_mod (y, 4) == 0 && (kpi_floor_mod (y, 100) != 0 || kpi_floor_mod (y, 400) == 0);
}

int
kpi_days_in_month (gint64 y,
                   int    m)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  return m == 2 && is_leap_year (y) ? 29 : days[m - 1];
}

/* Month ordinal: year * 12 + month - 1. */
gint64
kpi_month_first_day (gint64 month_ordinal)
{
  return kpi_days_from_civil (kpi_floor_div (month_ordinal, 12),
                              (int) kpi_floor_mod (month_ordinal, 12) + 1, 1);
}

int
kpi_month_length (gint64 month_ordinal)
{
  return kpi_days_in_month (kpi_floor_div (month_ordinal, 12),
                            (int) kpi_floor_mod (month_ordinal, 12) + 1);
}

/* 0 for Monday ... 6 for Sunday; 1970-01-01 was a Thursday. */
static int
weekday (gint64 days)
{
  return (int) kpi_floor_mod (days + 3, 7);
}

int
kpi_iso_weeks_in_year (gint64 y)
{
  int jan1 = weekday (kpi_days_from_civil (y, 1, 1));

  /* A year has 53 weeks when it has 53 Thursdays. */
  return jan1 == 3 || (jan1 == 2 && is_leap_year (y)) ? 53 : 52;
}

/* Week ordinal: weeks since Monday 1969-12-29, the start of 1970-W01. */
gint64
kpi_iso_week_ordinal (gint64 week_year,
                      int    week)
{
  gint64 jan4 = kpi_days_from_civil (week_year, 1, 4);
  gint64 monday = jan4 - weekday (jan4) + (gint64) (week - 1) * 7;

  return kpi_floor_div (monday + 3, 7);
}

void
kpi_iso_week_of_ordinal (gint64  ordinal,
                         gint64 *week_year,
                         int    *week)
{
  /* A week belongs to the year of its Thursday. */
  gint64 thursday = ordinal * 7;
  int m, d;

  kpi_civil_from_days (thursday, week_year, &m, &d);
  *week = (int) ((thursday - kpi_days_from_civil (*week_year, 1, 1)) / 7 + 1);
}

/* ------------------------------------------------------------------------
 * Granularities: ordinals and first days
 * ------------------------------------------------------------------------ */

gboolean
kpi_granularity_is_natural (KpiGranularity granularity)
{
  return (int) granularity >= KPI_GRANULARITY_DAY &&
         granularity < KPI_GRANULARITY_CUSTOM;
}

gboolean
kpi_granularity_is_month_based (KpiGranularity granularity)
{
  return granularity != KPI_GRANULARITY_DAY && granularity != KPI_GRANULARITY_WEEK;
}

gint64
kpi_ordinal_limit (KpiGranularity granularity)
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
fiscal_year_of (guint  fiscal_year_start_month,
                gint64 year,
                int    month)
{
  /* Named after the calendar year in which it ends. */
  return fiscal_year_start_month == 1 || month < (int) fiscal_year_start_month
         ? year : year + 1;
}

static gint64
fiscal_year_first_month (guint  fiscal_year_start_month,
                         gint64 fiscal_year)
{
  if (fiscal_year_start_month == 1)
    return fiscal_year * 12;
  return (fiscal_year - 1) * 12 + fiscal_year_start_month - 1;
}

/* The first month and the number of months of a month-based period. */
void
kpi_natural_months (guint           fiscal_year_start_month,
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
      *first_month = fiscal_year_first_month (fiscal_year_start_month,
                                              kpi_floor_div (ordinal, 4)) +
                     kpi_floor_mod (ordinal, 4) * 3;
      *n_months = 3;
      break;
    case KPI_GRANULARITY_FISCAL_YEAR:
      *first_month = fiscal_year_first_month (fiscal_year_start_month, ordinal);
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
void
kpi_natural_days (guint           fiscal_year_start_month,
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

      kpi_natural_months (fiscal_year_start_month, granularity, ordinal, &month, &n_months);
      *first = kpi_month_first_day (month);
      *next = kpi_month_first_day (month + n_months);
    }
}

gint64
kpi_ordinal_of_day (guint          fiscal_year_start_month,
                    KpiGranularity granularity,
                    gint64         days)
{
  gint64 y;
  int m, d;

  if (granularity == KPI_GRANULARITY_DAY)
    return days;
  if (granularity == KPI_GRANULARITY_WEEK)
    return kpi_floor_div (days + 3, 7);

  kpi_civil_from_days (days, &y, &m, &d);
  switch (granularity)
    {
    case KPI_GRANULARITY_MONTH:
      return y * 12 + m - 1;
    case KPI_GRANULARITY_QUARTER:
      return y * 4 + (m - 1) / 3;
    case KPI_GRANULARITY_YEAR:
      return y;
    case KPI_GRANULARITY_FISCAL_QUARTER:
      return fiscal_year_of (fiscal_year_start_month, y, m) * 4 +
             ((m - (int) fiscal_year_start_month + 12) % 12) / 3;
    case KPI_GRANULARITY_FISCAL_YEAR:
      return fiscal_year_of (fiscal_year_start_month, y, m);
    case KPI_GRANULARITY_DAY:
    case KPI_GRANULARITY_WEEK:
    case KPI_GRANULARITY_CUSTOM:
    default:
      g_assert_not_reached ();
    }
}

/* The year a label writes: the calendar year of a day, a month, a quarter;
 * the ISO week-year of a week; the fiscal year of a fiscal period. */
gint64
kpi_label_year (KpiGranularity granularity,
                gint64         ordinal)
{
  gint64 y;
  int m, d;

  switch (granularity)
    {
    case KPI_GRANULARITY_DAY:
      kpi_civil_from_days (ordinal, &y, &m, &d);
      return y;
    case KPI_GRANULARITY_WEEK:
      kpi_iso_week_of_ordinal (ordinal, &y, &d);
      return y;
    case KPI_GRANULARITY_MONTH:
      return kpi_floor_div (ordinal, 12);
    case KPI_GRANULARITY_QUARTER:
    case KPI_GRANULARITY_FISCAL_QUARTER:
      return kpi_floor_div (ordinal, 4);
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
gboolean
kpi_natural_in_range (guint          fiscal_year_start_month,
                      KpiGranularity granularity,
                      gint64         ordinal)
{
  gint64 first, next, year;

  if (ordinal < -kpi_ordinal_limit (granularity) || ordinal > kpi_ordinal_limit (granularity))
    return FALSE;
  kpi_natural_days (fiscal_year_start_month, granularity, ordinal, &first, &next);
  if (first < DAY_MIN || next > DAY_END)
    return FALSE;
  year = kpi_label_year (granularity, ordinal);
  return year >= 1 && year <= 9999;
}
