/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-period.c: a half-open interval of time with a granularity */

#include "config.h"

#include <string.h>

#include "kpi.h"
#include "kpi-period-private.h"
#include "kpi-calendar-private.h"

/**
 * KpiPeriod:
 *
 * A half-open interval of time, `[start, end)`, with a granularity and a
 * label: the day `2025-02-14`, the ISO week `2025-W07`, the month `2025-02`,
 * the quarter `2025-Q1`, the year `2025`, the fiscal year `FY2025` and its
 * quarter `FY2025-Q3`, or a custom range such as the month-to-date
 * `2025-03..2025-03-14`.
 *
 * Instants are microseconds since the Unix epoch, in UTC. The boundaries of
 * days, weeks, months, quarters and years are midnights in the time zone of
 * the [class@Kpi.Calendar] that made the period, so a day is 23 or 25 hours
 * long when the clocks change.
 *
 * Periods are made by a calendar ([method@Kpi.Calendar.period_at],
 * [method@Kpi.Calendar.parse_period], [method@Kpi.Calendar.to_date], ...)
 * and navigated with the same calendar ([method@Kpi.Calendar.next],
 * [method@Kpi.Calendar.same_period_last_year], ...). A period never
 * changes once made, like any plain value; copy it with
 * [method@Kpi.Period.copy].
 *
 * ## Example
 *
 * ```c
 * g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
 * g_autoptr(KpiPeriod) quarter = kpi_calendar_parse_period (calendar, "2025-Q1", NULL);
 * g_autoptr(KpiPeriod) next = kpi_calendar_next (calendar, quarter);
 * // 2025-02-14, 00:00 UTC, in microseconds since the Unix epoch
 * gint64 valentine = G_GINT64_CONSTANT (1739491200) * G_USEC_PER_SEC;
 *
 * g_print ("%s contains 14 February: %d; then comes %s\n",
 *          kpi_period_get_label (quarter),
 *          kpi_period_contains (quarter, valentine),
 *          kpi_period_get_label (next));
 * ```
 *
 * ```python
 * from datetime import datetime, timezone
 *
 * calendar = Kpi.Calendar.new(None, 1)
 * quarter = calendar.parse_period("2025-Q1")
 * valentine = int(datetime(2025, 2, 14, tzinfo=timezone.utc).timestamp()) * 1_000_000
 * print(quarter.get_label(), "contains 14 February:", quarter.contains(valentine))
 * print("then comes", calendar.next(quarter).get_label())
 * ```
 *
 * ```js
 * const calendar = Kpi.Calendar.new(null, 1);
 * const quarter = calendar.parse_period('2025-Q1');
 * const valentine = Date.UTC(2025, 1, 14) * 1000;  // microseconds since the epoch
 * print(`${quarter.get_label()} contains 14 February: ${quarter.contains(valentine)}`);
 * print(`then comes ${calendar.next(quarter).get_label()}`);
 * ```
 *
 * Since: 0.1
 */

G_DEFINE_BOXED_TYPE (KpiPeriod, kpi_period, kpi_period_copy, kpi_period_free)

KpiPeriod *
kpi_period_new_internal (KpiGranularity  granularity,
                         KpiGranularity  base,
                         gint64          ordinal,
                         gint64          start,
                         gint64          end,
                         char           *label,
                         gboolean        partial,
                         GTimeZone      *time_zone,
                         guint           fiscal_year_start_month)
{
  KpiPeriod *self = g_new0 (KpiPeriod, 1);

  g_assert (start <= end);
  g_assert (label != NULL);

  self->granularity = granularity;
  self->base = base;
  self->ordinal = ordinal;
  self->start = start;
  self->end = end;
  self->label = label;
  self->partial = partial;
  self->time_zone = g_time_zone_ref (time_zone);
  self->fiscal_year_start_month = fiscal_year_start_month;
  return self;
}

/**
 * kpi_period_copy:
 * @self: a period
 *
 * Copies a period.
 *
 * Returns: (transfer full): a new period equal to @self
 *
 * Since: 0.1
 */
KpiPeriod *
kpi_period_copy (const KpiPeriod *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return kpi_period_new_internal (self->granularity, self->base, self->ordinal,
                                  self->start, self->end, g_strdup (self->label),
                                  self->partial, self->time_zone,
                                  self->fiscal_year_start_month);
}

/**
 * kpi_period_free:
 * @self: (nullable): a period
 *
 * Frees a period. Does nothing when @self is %NULL.
 *
 * Since: 0.1
 */
void
kpi_period_free (KpiPeriod *self)
{
  if (self == NULL)
    return;

  g_free (self->label);
  g_time_zone_unref (self->time_zone);
  g_free (self);
}

/**
 * kpi_period_get_granularity:
 * @self: a period
 *
 * Gets the granularity of the period. To-date periods (month-to-date and
 * the like) and ranges made with [method@Kpi.Calendar.custom_period] are
 * %KPI_GRANULARITY_CUSTOM.
 *
 * Returns: the granularity
 *
 * Since: 0.1
 */
KpiGranularity
kpi_period_get_granularity (const KpiPeriod *self)
{
  g_return_val_if_fail (self != NULL, KPI_GRANULARITY_CUSTOM);

  return self->granularity;
}

/**
 * kpi_period_get_start:
 * @self: a period
 *
 * Gets the first instant of the period: the time is in the period.
 *
 * Returns: microseconds since the Unix epoch (UTC)
 *
 * Since: 0.1
 */
gint64
kpi_period_get_start (const KpiPeriod *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->start;
}

/**
 * kpi_period_get_end:
 * @self: a period
 *
 * Gets the end of the period: the first instant after it, which is the
 * start of the next period of the same granularity. For a day this is the
 * next midnight in the calendar's time zone, not the start plus 24 hours.
 *
 * Returns: microseconds since the Unix epoch (UTC), not in the period
 *
 * Since: 0.1
 */
gint64
kpi_period_get_end (const KpiPeriod *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->end;
}

/**
 * kpi_period_get_label:
 * @self: a period
 *
 * Gets the label of the period, as described for #KpiGranularity:
 * `2025-02-14`, `2025-W07`, `2025-02`, `2025-Q1`, `2025`, `FY2025`,
 * `FY2025-Q3`, and for custom periods `START..END`.
 *
 * The label identifies the period in its calendar:
 * [method@Kpi.Calendar.parse_period] gives the same period back.
 *
 * Returns: (transfer none): the label
 *
 * Since: 0.1
 */
const char *
kpi_period_get_label (const KpiPeriod *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->label;
}

/**
 * kpi_period_is_partial:
 * @self: a period
 *
 * Whether the period is known to be incomplete: %TRUE for a to-date period
 * (such as a month-to-date, see [method@Kpi.Calendar.to_date]) and for any
 * period that contained the calendar's [property@Kpi.Calendar:now] (the
 * real clock when it is 0) when the period was made. A value computed over
 * a partial period must not be compared with a whole period as if it were
 * one.
 *
 * The flag is fixed when the period is made: make the period again to know
 * whether it is still partial.
 *
 * Returns: %TRUE if the period is partial
 *
 * Since: 0.1
 */
gboolean
kpi_period_is_partial (const KpiPeriod *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->partial;
}

/**
 * kpi_period_contains:
 * @self: a period
 * @time: microseconds since the Unix epoch (UTC)
 *
 * Whether an instant falls in the period: start <= @time < end.
 *
 * Returns: %TRUE if @time is in the period
 *
 * Since: 0.1
 */
gboolean
kpi_period_contains (const KpiPeriod *self,
                     gint64           time)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->start <= time && time < self->end;
}

/**
 * kpi_period_equal:
 * @a: a period
 * @b: another period
 *
 * Whether two periods are the same: same granularity, same start and end,
 * same label. The partial flag is not compared: it says what was known when
 * the period was made, not which period it is. The second fiscal quarter of
 * a calendar year and the first of a fiscal year starting in April cover
 * the same months but are not equal (`FY2025-Q2` is not `FY2026-Q1`).
 *
 * Returns: %TRUE if @a and @b are equal
 *
 * Since: 0.1
 */
gboolean
kpi_period_equal (const KpiPeriod *a,
                  const KpiPeriod *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  return a->granularity == b->granularity &&
         a->start == b->start &&
         a->end == b->end &&
         g_str_equal (a->label, b->label);
}

/**
 * kpi_period_compare:
 * @a: a period
 * @b: another period
 *
 * Orders periods by start, then by end (the shorter first), then by
 * granularity, then by label: the order of a time series. It is 0 exactly
 * when [method@Kpi.Period.equal] is %TRUE.
 *
 * Returns: a negative number if @a comes before @b, 0 if they are equal, a
 *   positive number if @a comes after @b
 *
 * Since: 0.1
 */
int
kpi_period_compare (const KpiPeriod *a,
                    const KpiPeriod *b)
{
  g_return_val_if_fail (a != NULL, 0);
  g_return_val_if_fail (b != NULL, 0);

  if (a->start != b->start)
    return a->start < b->start ? -1 : 1;
  if (a->end != b->end)
    return a->end < b->end ? -1 : 1;
  if (a->granularity != b->granularity)
    return a->granularity < b->granularity ? -1 : 1;
  return strcmp (a->label, b->label);
}

/**
 * kpi_period_hash:
 * @self: a period
 *
 * A hash of the period, consistent with [method@Kpi.Period.equal], to key
 * a #GHashTable by period.
 *
 * Returns: the hash
 *
 * Since: 0.1
 */
guint
kpi_period_hash (const KpiPeriod *self)
{
  guint64 h;

  g_return_val_if_fail (self != NULL, 0);

  /* The label is a function of the rest within one calendar: mixing the
   * instants and the granularity is enough and cheaper than hashing it. */
  h = (guint64) self->start * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  h ^= (guint64) self->end + G_GUINT64_CONSTANT (0x632BE59BD9B4E019) + (h << 6) + (h >> 2);
  h ^= (guint64) self->granularity * G_GUINT64_CONSTANT (0xC2B2AE3D27D4EB4F);
  return (guint) (h ^ (h >> 32));
}

/* See kpi-calendar-private.h */
gint64
kpi_period_get_ordinal (const KpiPeriod *self)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (self->granularity != KPI_GRANULARITY_CUSTOM, 0);

  return self->ordinal;
}
