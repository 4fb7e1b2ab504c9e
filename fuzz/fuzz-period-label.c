/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* fuzz-period-label.c: period labels (kpi_calendar_parse_period).
 *
 * The first byte picks the calendar: its time zone (UTC, DST zones, a
 * half-hour DST, a quarter-hour offset, the date line) and the month its
 * fiscal year starts; the rest is the label. A label that reads must give
 * a period whose own label reads back as the same period (the calendar
 * promises it), that holds its start, that a natural period finds again
 * from its start, and whose neighbours (next, previous, a year before,
 * thirteen on) are periods of the same calendar or NULL at the edge of
 * the years 1 to 9999. */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"

static KpiCalendar *calendars[6 * 12];

static KpiCalendar *
calendar_for (guint8 byte)
{
  guint index = byte % G_N_ELEMENTS (calendars);

  if (calendars[index] == NULL)
    calendars[index] = kpi_calendar_new (kpi_fuzz_time_zone (index / 12), 1 + index % 12, NULL);
  return calendars[index];
}

/* @period's label reads back as @period. */
static void
check_round_trip (KpiCalendar     *calendar,
                  const KpiPeriod *period,
                  const char      *what)
{
  const char *label = kpi_period_get_label (period);
  g_autoptr(KpiPeriod) again = NULL;
  GError *error = NULL;

  kpi_fuzz_assert (label != NULL && g_utf8_validate (label, -1, NULL), "%s: no label", what);
  again = kpi_calendar_parse_period (calendar, label, &error);
  kpi_fuzz_assert (again != NULL, "%s: “%s” does not read back: %s", what, label, error->message);
  kpi_fuzz_assert (kpi_period_equal (again, period), "%s: “%s” reads back as “%s”", what, label,
                   kpi_period_get_label (again));
  kpi_fuzz_assert (kpi_period_get_start (again) == kpi_period_get_start (period) &&
                   kpi_period_get_end (again) == kpi_period_get_end (period),
                   "%s: “%s” reads back with other bounds", what, label);
}

/* Empty only when @period is, or when @may_be_empty: the same local times
 * a year earlier of a range shorter than a change of the clocks may all
 * fall in its gap (2025-03-31T02:30..02:34 in Paris a year before), which
 * the calendar reads as an empty range rather than inventing one. */
static void
check_neighbour (KpiCalendar     *calendar,
                 const KpiPeriod *period,
                 KpiPeriod       *neighbour,
                 gboolean         may_be_empty,
                 const char      *what)
{
  if (neighbour == NULL)
    return;
  kpi_fuzz_assert (kpi_period_get_start (neighbour) < kpi_period_get_end (neighbour) ||
                   kpi_period_get_start (period) == kpi_period_get_end (period) || may_be_empty,
                   "%s of “%s”: an empty period", what, kpi_period_get_label (period));
  check_round_trip (calendar, neighbour, what);
  kpi_period_free (neighbour);
}

KPI_FUZZ_HARNESS (period_label)
{
  KpiFuzzInput input = { data, size };
  KpiCalendar *calendar;
  g_autofree char *label = NULL;
  g_autoptr(KpiPeriod) period = NULL;
  KpiGranularity granularity;
  gint64 start, end;
  GError *error = NULL;

  kpi_fuzz_init ();
  calendar = calendar_for (kpi_fuzz_take_byte (&input));
  label = kpi_fuzz_take_rest (&input, NULL);

  period = kpi_calendar_parse_period (calendar, label, &error);
  if (period == NULL)
    {
      kpi_fuzz_assert (error != NULL && error->domain == KPI_CALENDAR_ERROR,
                       "“%s” refused with %s", label, error != NULL ? g_quark_to_string (error->domain) : "no error");
      kpi_fuzz_expect_error (&error, "the label");
      return 0;
    }

  start = kpi_period_get_start (period);
  end = kpi_period_get_end (period);
  granularity = kpi_period_get_granularity (period);
  /* an empty custom period (START..START) is one */
  kpi_fuzz_assert (start < end || (start == end && granularity == KPI_GRANULARITY_CUSTOM),
                   "“%s”: an empty period", label);
  kpi_fuzz_assert (kpi_period_contains (period, start) == (start < end) && !kpi_period_contains (period, end),
                   "“%s” does not hold its start, or holds its end", label);
  check_round_trip (calendar, period, "the period");

  if (granularity != KPI_GRANULARITY_CUSTOM && !kpi_period_is_partial (period))
    {
      g_autoptr(KpiPeriod) found = kpi_calendar_period_at (calendar, start, granularity);

      kpi_fuzz_assert (found != NULL && kpi_period_equal (found, period),
                       "“%s”: its start is in “%s”", label, found != NULL ? kpi_period_get_label (found) : "nothing");
    }

  check_neighbour (calendar, period, kpi_calendar_next (calendar, period), FALSE, "the next");
  check_neighbour (calendar, period, kpi_calendar_previous (calendar, period), FALSE, "the previous");
  check_neighbour (calendar, period, kpi_calendar_same_period_last_year (calendar, period),
                   kpi_period_get_granularity (period) == KPI_GRANULARITY_CUSTOM &&
                   kpi_period_get_end (period) - kpi_period_get_start (period) <= G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC,
                   "a year before");
  check_neighbour (calendar, period, kpi_calendar_offset (calendar, period, 13), FALSE, "13 on");
  check_neighbour (calendar, period, kpi_calendar_offset (calendar, period, -13), FALSE, "13 back");

  if (granularity != KPI_GRANULARITY_CUSTOM)
    {
      g_autoptr(KpiPeriod) later = kpi_calendar_offset (calendar, period, 3);

      if (later != NULL && kpi_period_get_granularity (later) == granularity)
        {
          g_autoptr(GPtrArray) list = kpi_calendar_list_periods (calendar, period, later);

          kpi_fuzz_assert (list != NULL && list->len >= 1, "“%s”: no periods up to three on", label);
        }
    }
  return 0;
}
