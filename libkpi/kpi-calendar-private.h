/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-calendar-private.h: period ordinals, for the formula evaluator.
 *
 * Not installed, not scanned.
 *
 * An evaluator over millions of rows cannot make a KpiPeriod per row.  It
 * maps each row's time to the integer ordinal of its period instead, then
 * groups by ordinal.  Consecutive periods of a granularity have consecutive
 * ordinals, so "the previous period" is ordinal - 1 and a series with empty
 * periods is every ordinal from the first to the last:
 *
 *   DAY             days since 1970-01-01, in local dates (1969-12-31 is -1)
 *   WEEK            ISO weeks since the week of Monday 1969-12-29 (1970-W01
 *                   is 0); the week's Monday is ordinal * 7 - 3 in days
 *   MONTH           year * 12 + month - 1
 *   QUARTER         year * 4 + quarter - 1
 *   YEAR            year
 *   FISCAL_QUARTER  fiscal_year * 4 + fiscal_quarter - 1
 *   FISCAL_YEAR     the fiscal year's number (FY2025 is 2025)
 *
 * Ordinals are defined for any local date of the proleptic Gregorian
 * calendar, not only for years 1 to 9999; times are clamped to ±2^62 µs
 * (about ±146,000 years) first.  CUSTOM has no ordinal.
 *
 * A calendar may convert times from several threads at once: its zone and
 * fiscal year never change, and these functions keep their caches on the
 * stack. */

#pragma once

#include "kpi.h"

G_BEGIN_DECLS

/* The ordinal of the period of @granularity that contains @time. */
/* The present of @self: its [property@Kpi.Calendar:now], or the real
 * clock when that is 0. */
gint64      kpi_calendar_get_present         (KpiCalendar    *self);

gint64      kpi_calendar_ordinal_at          (KpiCalendar    *self,
                                              KpiGranularity  granularity,
                                              gint64          time);

/* The period with that ordinal, or NULL if it is outside years 1..9999. */
KpiPeriod  *kpi_calendar_period_from_ordinal (KpiCalendar    *self,
                                              KpiGranularity  granularity,
                                              gint64          ordinal);

/* The bounds [*start, *end) of the period with that ordinal, without making
 * a KpiPeriod (no label, no range check beyond the clamping of ordinals). */
void        kpi_calendar_ordinal_bounds      (KpiCalendar    *self,
                                              KpiGranularity  granularity,
                                              gint64          ordinal,
                                              gint64         *start,
                                              gint64         *end);

/* The ordinal of a natural period (not CUSTOM). */
gint64      kpi_period_get_ordinal           (const KpiPeriod *self);

/* For each of the @n times, writes the ordinal of its period minus @base to
 * @out, saturated to [G_MININT32, G_MAXINT32]: choose @base (the ordinal of
 * the first period of interest) so that the differences fit.
 *
 * Fast on mostly sorted times: the bounds of the last period found are kept
 * and only a time outside them is looked up again.  In a zone of constant
 * offset (UTC, +05:30) the lookup is arithmetic; in other zones it asks
 * GTimeZone for the offset. */
void        kpi_calendar_ordinals            (KpiCalendar    *self,
                                              KpiGranularity  granularity,
                                              const gint64   *times,
                                              gsize           n,
                                              gint32         *out,
                                              gint64          base);

G_END_DECLS
