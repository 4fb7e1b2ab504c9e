/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-calendar-zone.c: instants and local dates in the calendar's zone
 *
 * Where a period starts and ends is a question about local midnights;
 * this file answers it: the UTC offset at an instant, the instant of a
 * local time (through the gaps and repeats of DST changes), the bounds of
 * the natural period holding an instant, and the ordinals of
 * kpi-calendar-private.h that the evaluator groups rows by. In a zone of
 * one offset for all time (UTC, +05:30) the answers are arithmetic;
 * otherwise GTimeZone is asked for the offsets, with UTC-to-local queries
 * only (they are unambiguous). */

#include "config.h"

#include "kpi.h"
#include "kpi-calendar-private.h"
#include "kpi-calendar-zone-private.h"
#include "kpi-civil-private.h"

/* The UTC offset at an instant, in µs. */
gint64
kpi_calendar_offset_at (KpiCalendar *self,
                        gint64       time)
{
  int interval;

  if (self->fixed)
    return self->fixed_offset;
  interval = g_time_zone_find_interval (self->time_zone, G_TIME_TYPE_UNIVERSAL,
                                        kpi_floor_div (time, USEC_PER_SEC));
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
gint64
kpi_calendar_from_local (KpiCalendar *self,
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

  offsets[0] = kpi_calendar_offset_at (self, naive - USEC_PER_DAY);
  offsets[1] = kpi_calendar_offset_at (self, naive);
  offsets[2] = kpi_calendar_offset_at (self, naive + USEC_PER_DAY);
  min_offset = max_offset = offsets[0];
  for (int i = 0; i < 3; i++)
    {
      gint64 candidate = naive - offsets[i];

      min_offset = MIN (min_offset, offsets[i]);
      max_offset = MAX (max_offset, offsets[i]);
      if ((i > 0 && offsets[i] == offsets[i - 1]) || (i == 2 && offsets[2] == offsets[0]))
        continue;
      if (kpi_calendar_offset_at (self, candidate) == offsets[i] && candidate < best)
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

      if (mid + kpi_calendar_offset_at (self, mid) >= naive)
        hi = mid;
      else
        lo = mid;
    }
  return hi;
}

/* The first instant of a local day. */
gint64
kpi_calendar_day_start (KpiCalendar *self,
                        gint64       days)
{
  return kpi_calendar_from_local (self, days * USEC_PER_DAY, NULL);
}

/* The bounds of a natural period: the first instants of its first day and
 * of the day after its last. */
void
kpi_calendar_natural_bounds (KpiCalendar    *self,
                             KpiGranularity  granularity,
                             gint64          ordinal,
                             gint64         *start,
                             gint64         *end)
{
  gint64 first, next;

  kpi_natural_days (self->fiscal_year_start_month, granularity, ordinal, &first, &next);
  *start = kpi_calendar_day_start (self, first);
  *end = kpi_calendar_day_start (self, next);
}

/* The ordinal and the bounds of the period of @granularity holding @time. */
gint64
kpi_calendar_locate (KpiCalendar    *self,
                     KpiGranularity  granularity,
                     gint64          time,
                     gint64         *start,
                     gint64         *end)
{
  gint64 naive, ordinal;

  time = CLAMP (time, -TIME_LIMIT, TIME_LIMIT);
  naive = time + kpi_calendar_offset_at (self, time);
  ordinal = kpi_ordinal_of_day (self->fiscal_year_start_month, granularity,
                                kpi_floor_div (naive, USEC_PER_DAY));
  kpi_calendar_natural_bounds (self, granularity, ordinal, start, end);

  /* When the clocks go back across midnight, an instant's local date can be
   * the day before although the next day has begun: the period is the one
   * whose bounds hold the instant. (Bounded loops: a zone's offset never
   * moves by more than a day.) */
  for (int i = 0; i < 2 && time >= *end; i++)
    kpi_calendar_natural_bounds (self, granularity, ++ordinal, start, end);
  for (int i = 0; i < 2 && time < *start; i++)
    kpi_calendar_natural_bounds (self, granularity, --ordinal, start, end);
  return ordinal;
}

/* The local day of an instant (by the bounds of days, see
 * kpi_calendar_locate()), and whether the instant is that day's first. */
gint64
kpi_calendar_local_day (KpiCalendar *self,
                        gint64       time,
                        gboolean    *is_start)
{
  gint64 start, end, days;

  days = kpi_calendar_locate (self, KPI_GRANULARITY_DAY, time, &start, &end);
  if (is_start)
    *is_start = time == start;
  return days;
}

/* The local wall-clock time of an instant, except that the first instant
 * of a day is its midnight even where the zone skips midnight: so that
 * kpi_calendar_from_local() gives the same instant back, and shifting it
 * by days lands on the first instant of another day. */
gint64
kpi_calendar_local_point (KpiCalendar *self,
                          gint64       time)
{
  gboolean is_start;
  gint64 days = kpi_calendar_local_day (self, time, &is_start);

  if (is_start)
    return days * USEC_PER_DAY;
  return time + kpi_calendar_offset_at (self, time);
}

/* What the mapping caches, computed once when the calendar is constructed
 * (its zone never changes afterwards): whether the zone has one offset for
 * all time, and the first instants of the years 1 and 10000. */
void
kpi_calendar_init_zone (KpiCalendar *self)
{
  int first, last;

  /* GTimeZone numbers its intervals in time order: one interval from the
   * first instant to the last means one offset for all time. */
  first = g_time_zone_find_interval (self->time_zone, G_TIME_TYPE_UNIVERSAL,
                                     -TIME_LIMIT / USEC_PER_SEC);
  last = g_time_zone_find_interval (self->time_zone, G_TIME_TYPE_UNIVERSAL,
                                    TIME_LIMIT / USEC_PER_SEC);
  self->fixed = first == last;
  self->fixed_offset = (gint64) g_time_zone_get_offset (self->time_zone, first) * USEC_PER_SEC;

  self->min_time = kpi_calendar_day_start (self, DAY_MIN);
  self->max_time = kpi_calendar_day_start (self, DAY_END);
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
  g_return_val_if_fail (kpi_granularity_is_natural (granularity), 0);

  return kpi_calendar_locate (self, granularity, time, &start, &end);
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
  g_return_if_fail (kpi_granularity_is_natural (granularity));
  g_return_if_fail (start != NULL && end != NULL);

  limit = kpi_ordinal_limit (granularity);
  kpi_calendar_natural_bounds (self, granularity, CLAMP (ordinal, -limit, limit), start, end);
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
  /* The cache of one period, the last one found: times of a dataset come
   * mostly sorted, so most rows fall in the period of the row before and
   * cost two comparisons. [start, end) are its bounds (an empty interval
   * to start with), value its ordinal minus @base. */
  gint64 start = 1, end = 0;
  gint32 value = 0;

  g_return_if_fail (KPI_IS_CALENDAR (self));
  g_return_if_fail (kpi_granularity_is_natural (granularity));
  g_return_if_fail (n == 0 || (times != NULL && out != NULL));

  for (gsize i = 0; i < n; i++)
    {
      gint64 time = times[i];

      if (G_UNLIKELY (time < start || time >= end))
        value = saturated_difference (kpi_calendar_locate (self, granularity, time, &start, &end),
                                      base);
      out[i] = value;
    }
}
