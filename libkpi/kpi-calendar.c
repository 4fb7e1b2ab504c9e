/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-calendar.c: time zone, fiscal year and the periods they define
 *
 * The KpiCalendar object and its public API: making periods (natural,
 * to-date, custom), moving them (offset, same period last year, the
 * to-date periods carried to another natural period) and listing them.
 * It builds on three parts, one concept each: the date arithmetic of
 * kpi-civil.c (pure functions), the mapping of instants to local dates of
 * kpi-calendar-zone.c (which also holds the ordinals the evaluator uses),
 * and the labels of kpi-period-label.c. */

#include "config.h"

#include <string.h>

#include "kpi.h"
#include "kpi-calendar-private.h"
#include "kpi-calendar-zone-private.h"
#include "kpi-civil-private.h"
#include "kpi-period-label-private.h"
#include "kpi-period-private.h"

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
 * ## Threads
 *
 * A calendar never changes but for its [property@Kpi.Calendar:now]: it may
 * be used from several threads at once. Set the present before sharing it;
 * evaluations running while it moves may see either instant.
 *
 * ## Example
 *
 * ```c
 * g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
 * // a fiscal year from April: FY2025 runs from April 2024 to March 2025
 * g_autoptr(KpiCalendar) calendar = kpi_calendar_new (paris, 4, NULL);
 * g_autoptr(KpiPeriod) q1 = kpi_calendar_parse_period (calendar, "FY2025-Q1", NULL);
 * g_autoptr(KpiPeriod) month = kpi_calendar_period_at (calendar, kpi_period_get_start (q1),
 *                                                      KPI_GRANULARITY_MONTH);
 * g_autoptr(KpiPeriod) before = kpi_calendar_previous (calendar, q1);
 *
 * g_print ("%s starts in %s, after %s\n", kpi_period_get_label (q1),
 *          kpi_period_get_label (month), kpi_period_get_label (before));
 * ```
 *
 * ```python
 * paris = GLib.TimeZone.new_identifier("Europe/Paris")
 * # a fiscal year from April: FY2025 runs from April 2024 to March 2025
 * calendar = Kpi.Calendar.new(paris, 4)
 * q1 = calendar.parse_period("FY2025-Q1")
 * month = calendar.period_at(q1.get_start(), Kpi.Granularity.MONTH)
 * before = calendar.previous(q1)
 * print(q1.get_label(), "starts in", month.get_label(), "after", before.get_label())
 * ```
 *
 * ```js
 * const paris = GLib.TimeZone.new_identifier('Europe/Paris');
 * // a fiscal year from April: FY2025 runs from April 2024 to March 2025
 * const calendar = Kpi.Calendar.new(paris, 4);
 * const q1 = calendar.parse_period('FY2025-Q1');
 * const month = calendar.period_at(q1.get_start(), Kpi.Granularity.MONTH);
 * const before = calendar.previous(q1);
 * print(`${q1.get_label()} starts in ${month.get_label()}, after ${before.get_label()}`);
 * ```
 *
 * Since: 0.1
 */

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

  if (!kpi_natural_in_range (self->fiscal_year_start_month, granularity, ordinal))
    return NULL;
  kpi_calendar_natural_bounds (self, granularity, ordinal, &start, &end);
  return kpi_period_new_internal (granularity, granularity, ordinal, start, end,
                                  kpi_period_label_natural (granularity, ordinal),
                                  contains_now (self, start, end),
                                  self->time_zone, self->fiscal_year_start_month);
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

  if (!kpi_natural_in_range (self->fiscal_year_start_month, base, base_ordinal))
    return NULL;
  kpi_calendar_natural_bounds (self, base, base_ordinal, &start, &base_end);
  g_assert (start <= end && end <= base_end);

  base_label = kpi_period_label_natural (base, base_ordinal);
  return kpi_period_new_internal (KPI_GRANULARITY_CUSTOM, base, base_ordinal, start, end,
                                  kpi_period_label_custom (self, base_label, start, end),
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

  days = kpi_calendar_locate (self, KPI_GRANULARITY_DAY, start, &day_begin, &day_end);
  if (start == day_begin && end < day_end)
    return make_to_date (self, KPI_GRANULARITY_DAY, days, end);

  return kpi_period_new_internal (KPI_GRANULARITY_CUSTOM, KPI_GRANULARITY_CUSTOM, 0,
                                  start, end, kpi_period_label_custom (self, NULL, start, end),
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
  kpi_calendar_natural_bounds (self, period->base, period->ordinal, &start, &end);
  if (period->end >= end)
    {
      pos->at_end = TRUE;
      return;
    }

  days = kpi_calendar_local_day (self, period->end, &is_start);
  pos->tod = is_start ? 0 : CLAMP (period->end + kpi_calendar_offset_at (self, period->end) -
                                   days * USEC_PER_DAY,
                                   0, USEC_PER_DAY - 1);
  kpi_natural_days (self->fiscal_year_start_month, period->base, period->ordinal,
                    &first, &next);
  if (!kpi_granularity_is_month_based (period->base))
    pos->day_index = days - first;
  else
    {
      gint64 y, first_month;
      int m, n_months;

      kpi_civil_from_days (days, &y, &m, &pos->mday);
      kpi_natural_months (self->fiscal_year_start_month, period->base, period->ordinal,
                          &first_month, &n_months);
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

  kpi_calendar_natural_bounds (self, base, ordinal, &start, &end);
  if (pos->at_end)
    return end;

  kpi_natural_days (self->fiscal_year_start_month, base, ordinal, &first, &next);
  if (!kpi_granularity_is_month_based (base))
    e = kpi_calendar_from_local (self, (first + pos->day_index) * USEC_PER_DAY + pos->tod, NULL);
  else
    {
      gint64 first_month, month;
      int n_months;

      kpi_natural_months (self->fiscal_year_start_month, base, ordinal,
                          &first_month, &n_months);
      month = first_month + pos->month_index;
      if (pos->mday > kpi_month_length (month))
        e = kpi_calendar_day_start (self, kpi_month_first_day (month + 1));
      else
        e = kpi_calendar_from_local (self,
                                     (kpi_month_first_day (month) + pos->mday - 1) * USEC_PER_DAY +
                                     pos->tod,
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

  if (!kpi_natural_in_range (self->fiscal_year_start_month, period->base, target))
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
      kpi_civil_from_days (ordinal, &y, &m, &d);
      return kpi_days_from_civil (y - 1, m, MIN (d, kpi_days_in_month (y - 1, m)));
    case KPI_GRANULARITY_WEEK:
      /* Same week number of the previous week-year; week 53 becomes 52
       * when that year has no week 53. */
      kpi_iso_week_of_ordinal (ordinal, &y, &week);
      return kpi_iso_week_ordinal (y - 1, MIN (week, kpi_iso_weeks_in_year (y - 1)));
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
  gint64 days = kpi_floor_div (naive, USEC_PER_DAY);
  gint64 tod = naive - days * USEC_PER_DAY;
  gint64 y;
  int m, d;

  kpi_civil_from_days (days, &y, &m, &d);
  days = kpi_days_from_civil (y - 1, m, MIN (d, kpi_days_in_month (y - 1, m)));
  return days * USEC_PER_DAY + tod;
}

/* ------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------ */

static void
kpi_calendar_constructed (GObject *object)
{
  KpiCalendar *self = KPI_CALENDAR (object);

  G_OBJECT_CLASS (kpi_calendar_parent_class)->constructed (object);

  if (self->time_zone == NULL)
    self->time_zone = g_time_zone_new_utc ();
  kpi_calendar_init_zone (self);
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
  g_return_val_if_fail (kpi_granularity_is_natural (granularity), NULL);

  if (time < self->min_time || time >= self->max_time)
    return NULL;
  ordinal = kpi_calendar_locate (self, granularity, time, &start, &end);
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
  KpiLabelToken a, b;
  gint64 start, stop, base_start, base_end;
  KpiPeriod *period;
  int code;

  g_return_val_if_fail (KPI_IS_CALENDAR (self), NULL);
  g_return_val_if_fail (label != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  end = label + strnlen (label, KPI_PERIOD_LABEL_MAX_LENGTH + 1);
  if (*label == '\0' || *end != '\0')
    {
      kpi_period_label_set_error (error, KPI_CALENDAR_ERROR_INVALID_LABEL, label,
                                  *label == '\0' ? "it is empty" : "it is too long");
      return NULL;
    }

  dots = strstr (label, "..");
  if (dots == NULL)
    {
      if (!kpi_period_label_parse_token (self, label, end, &a, &code, &reason))
        goto fail;
      if (a.kind != KPI_LABEL_NATURAL)
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

  if (!kpi_period_label_parse_token (self, label, dots, &a, &code, &reason) ||
      !kpi_period_label_parse_token (self, dots + 2, end, &b, &code, &reason))
    goto fail;
  if (!kpi_period_label_token_end (self, &b, &stop))
    {
      code = KPI_CALENDAR_ERROR_INVALID_LABEL;
      reason = g_strdup ("a range ends with a date or a date-time");
      goto fail;
    }

  if (a.kind == KPI_LABEL_NATURAL && a.granularity != KPI_GRANULARITY_DAY)
    {
      /* A to-date period: from the start of that natural period. */
      if (!kpi_natural_in_range (self->fiscal_year_start_month, a.granularity, a.ordinal))
        {
          code = KPI_CALENDAR_ERROR_OUT_OF_RANGE;
          goto fail;
        }
      kpi_calendar_natural_bounds (self, a.granularity, a.ordinal, &base_start, &base_end);
      if (stop < base_start || stop > base_end)
        {
          code = KPI_CALENDAR_ERROR_INVALID_LABEL;
          reason = g_strdup ("a to-date period ends within the period it starts with");
          goto fail;
        }
      return make_to_date (self, a.granularity, a.ordinal, stop);
    }

  start = a.kind == KPI_LABEL_NATURAL ? kpi_calendar_day_start (self, a.ordinal) : a.time;
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
  kpi_period_label_set_error (error, code, label, reason);
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
      g_autofree char *shown_start = kpi_period_label_instant (self, start);
      g_autofree char *shown_end = kpi_period_label_instant (self, end);

      g_set_error (error, KPI_CALENDAR_ERROR, KPI_CALENDAR_ERROR_INVALID_RANGE,
                   "the period ends at %s, before it starts at %s: expected an "
                   "end at or after the start", shown_end, shown_start);
      return NULL;
    }
  period = make_custom (self, start, end);
  if (period == NULL)
    {
      g_autofree char *shown_start = kpi_period_label_instant (self, start);
      g_autofree char *shown_end = kpi_period_label_instant (self, end);

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

  from = kpi_calendar_local_point (self, period->start);
  to = kpi_calendar_local_point (self, period->end);
  length = to - from;
  if (__builtin_mul_overflow (length, (gint64) n, &shift) ||
      shift > 2 * TIME_LIMIT || shift < -2 * TIME_LIMIT ||
      from + shift < -TIME_LIMIT || to + shift > TIME_LIMIT)
    return NULL;
  return make_custom (self, kpi_calendar_from_local (self, from + shift, NULL),
                      kpi_calendar_from_local (self, to + shift, NULL));
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

  start = kpi_calendar_from_local (self,
                                   local_last_year (self, kpi_calendar_local_point (self, period->start)),
                                   NULL);
  /* An end written as a date is its last day, included: keep that day
   * (2024-02-28 stays 2023-02-28, it does not become 2023-02-27). */
  end_day = kpi_calendar_local_day (self, period->end, &end_is_midnight);
  if (period->end > period->start && end_is_midnight)
    end = kpi_calendar_day_start (self,
                                  kpi_floor_div (local_last_year (self, (end_day - 1) * USEC_PER_DAY),
                                                 USEC_PER_DAY) + 1);
  else
    end = kpi_calendar_from_local (self,
                                   local_last_year (self, kpi_calendar_local_point (self, period->end)),
                                   NULL);
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
  g_return_val_if_fail (kpi_granularity_is_natural (granularity), NULL);

  if (time < self->min_time || time >= self->max_time)
    return NULL;
  ordinal = kpi_calendar_locate (self, granularity, time, &start, &end);
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
 * Private API: periods from ordinals (kpi-calendar-private.h; the other
 * ordinal functions are in kpi-calendar-zone.c)
 * ------------------------------------------------------------------------ */

KpiPeriod *
kpi_calendar_period_from_ordinal (KpiCalendar    *self,
                                  KpiGranularity  granularity,
                                  gint64          ordinal)
{
  g_return_val_if_fail (KPI_IS_CALENDAR (self), NULL);
  g_return_val_if_fail (kpi_granularity_is_natural (granularity), NULL);

  return make_natural (self, granularity, ordinal);
}
