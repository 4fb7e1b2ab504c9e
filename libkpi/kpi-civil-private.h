/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-civil-private.h: proleptic Gregorian arithmetic, ISO weeks, fiscal
 * years and the ordinals of periods over local days (kpi-civil.c).
 *
 * Not installed, not scanned.
 *
 * Days are counted since 1970-01-01 (1969-12-31 is -1), months as
 * ordinals year * 12 + month - 1; the ordinals of each granularity are
 * those of kpi-calendar-private.h. Everything here is a pure function of
 * integers: no time zone, no allocation, safe from any thread. */

#pragma once

#include "kpi.h"

G_BEGIN_DECLS

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

static inline gint64
kpi_floor_div (gint64 a,
               gint64 b)
{
  gint64 q = a / b;

  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static inline gint64
kpi_floor_mod (gint64 a,
               gint64 b)
{
  return a - kpi_floor_div (a, b) * b;
}

/* Days since 1970-01-01 of a civil date (m 1..12, d 1..31), any year. */
gint64 kpi_days_from_civil     (gint64 y,
                                int    m,
                                int    d);
/* The civil date of a day since 1970-01-01. */
void   kpi_civil_from_days     (gint64  days,
                                gint64 *year,
                                int    *month,
                                int    *day);
/* The number of days of month @m (1..12) of year @y: 28 to 31. */
int    kpi_days_in_month       (gint64 y,
                                int    m);
/* The first day, and the length in days, of a month ordinal
 * (year * 12 + month - 1). */
gint64 kpi_month_first_day     (gint64 month_ordinal);
int    kpi_month_length        (gint64 month_ordinal);
/* 52 or 53: the weeks of the ISO week-year @y. */
int    kpi_iso_weeks_in_year   (gint64 y);
/* Week ordinals: weeks since Monday 1969-12-29, the start of 1970-W01;
 * a week belongs to the week-year of its Thursday. */
gint64 kpi_iso_week_ordinal    (gint64 week_year,
                                int    week);
void   kpi_iso_week_of_ordinal (gint64  ordinal,
                                gint64 *week_year,
                                int    *week);

/* Any granularity but CUSTOM (a natural period has an ordinal). */
gboolean kpi_granularity_is_natural     (KpiGranularity granularity);
/* A natural granularity made of whole months (not DAY nor WEEK). */
gboolean kpi_granularity_is_month_based (KpiGranularity granularity);
/* The largest |ordinal| of a granularity the arithmetic takes: DAYS_LIMIT
 * days' worth of its periods. */
gint64   kpi_ordinal_limit              (KpiGranularity granularity);
/* The first month ordinal and the number of months of a month-based
 * period. */
void     kpi_natural_months             (guint           fiscal_year_start_month,
                                         KpiGranularity  granularity,
                                         gint64          ordinal,
                                         gint64         *first_month,
                                         int            *n_months);
/* The first day of a natural period and the first day of the next one. */
void     kpi_natural_days               (guint           fiscal_year_start_month,
                                         KpiGranularity  granularity,
                                         gint64          ordinal,
                                         gint64         *first,
                                         gint64         *next);
/* The ordinal of the natural period that holds a local day. */
gint64   kpi_ordinal_of_day             (guint          fiscal_year_start_month,
                                         KpiGranularity granularity,
                                         gint64         days);
/* The year a label writes: the calendar year of a day, a month, a
 * quarter; the ISO week-year of a week; the fiscal year of a fiscal
 * period. */
gint64   kpi_label_year                 (KpiGranularity granularity,
                                         gint64         ordinal);
/* Whether a natural period lies within the years 1 to 9999 and its label
 * writes a year of four digits. */
gboolean kpi_natural_in_range           (guint          fiscal_year_start_month,
                                         KpiGranularity granularity,
                                         gint64         ordinal);

G_END_DECLS
