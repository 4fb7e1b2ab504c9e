/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-calendar-zone-private.h: the calendar's fields, and the mapping
 * between instants and local dates in its time zone (kpi-calendar-zone.c).
 *
 * Not installed, not scanned.
 *
 * "naive" times are local wall-clock times counted like UTC ones:
 * microseconds since 1970-01-01T00:00 local. */

#pragma once

#include "kpi.h"

G_BEGIN_DECLS

/* The calendar's fields. kpi-calendar.c sets them when it constructs the
 * calendar (and `now` in kpi_calendar_set_now()); the zone mapping
 * (kpi-calendar-zone.c) and the labels (kpi-period-label.c) only read
 * them. */
struct _KpiCalendar
{
  GObject     parent_instance;

  GTimeZone  *time_zone;                /* never NULL once constructed */
  guint       fiscal_year_start_month;  /* 1 (January) to 12 */
  gint64      now;                      /* the present; 0: the real clock */

  /* A zone with one offset for all time (UTC, +05:30): local times are
   * computed arithmetically, without asking GTimeZone. */
  gboolean    fixed;
  gint64      fixed_offset;   /* µs */

  /* The first instants of 0001-01-01 and of 10000-01-01, local: periods
   * must lie between them. */
  gint64      min_time;
  gint64      max_time;
};

/* The UTC offset at an instant, in µs. */
gint64 kpi_calendar_offset_at      (KpiCalendar *self,
                                    gint64       time);
/* The first instant whose local time is @naive or later: the instant of
 * @naive, its first occurrence when the clocks go back over it, or the
 * end of the gap (and FALSE in @exists) when they jump over it. */
gint64 kpi_calendar_from_local     (KpiCalendar *self,
                                    gint64       naive,
                                    gboolean    *exists);
/* The first instant of a local day. */
gint64 kpi_calendar_day_start      (KpiCalendar *self,
                                    gint64       days);
/* The bounds [*start, *end) of a natural period (no clamping of the
 * ordinal: see kpi_calendar_ordinal_bounds() for that). */
void   kpi_calendar_natural_bounds (KpiCalendar    *self,
                                    KpiGranularity  granularity,
                                    gint64          ordinal,
                                    gint64         *start,
                                    gint64         *end);
/* The ordinal and the bounds of the natural period that holds @time. */
gint64 kpi_calendar_locate         (KpiCalendar    *self,
                                    KpiGranularity  granularity,
                                    gint64          time,
                                    gint64         *start,
                                    gint64         *end);
/* The local day of an instant, and whether it is that day's first. */
gint64 kpi_calendar_local_day      (KpiCalendar *self,
                                    gint64       time,
                                    gboolean    *is_start);
/* The local wall-clock time of an instant ("naive" µs), the first instant
 * of a day being its midnight even where the zone skips midnight. */
gint64 kpi_calendar_local_point    (KpiCalendar *self,
                                    gint64       time);
/* Fills the fields the mapping caches (fixed, fixed_offset, min_time,
 * max_time), once the time zone is set. */
void   kpi_calendar_init_zone      (KpiCalendar *self);

G_END_DECLS
