/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of the period ordinals of kpi-calendar-private.h, which the formula
 * evaluator uses to group millions of rows by period: their definitions,
 * the way back to periods, the batch function against the one-at-a-time
 * one (sorted, shuffled, extreme and DST-boundary times), saturation, and
 * its speed.
 *
 * The library does not export these functions: this program is built from
 * the calendar's sources (see tests/Makefile.am). */

#include <check.h>
#include "kpi-test.h"
#include <stdio.h>
#include <string.h>

#include "kpi.h"
#include "kpi-calendar-private.h"

#define MINUTE G_GINT64_CONSTANT (60000000)
#define HOUR   G_GINT64_CONSTANT (3600000000)
#define DAY    G_GINT64_CONSTANT (86400000000)

static const char *zones[] = {
  "UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "America/Santiago",
};

START_TEST (test_definitions)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 4, NULL);
  gint64 t = kpi_test_utc (2025, 2, 14, 10, 0);
  struct { const char *label; KpiGranularity g; gint64 ordinal; } cases[] = {
    { "1970-01-01", KPI_GRANULARITY_DAY, 0 },
    { "1969-12-31", KPI_GRANULARITY_DAY, -1 },
    { "2025-02-14", KPI_GRANULARITY_DAY, 20133 },
    { "1970-W01", KPI_GRANULARITY_WEEK, 0 },       /* Monday 1969-12-29 */
    { "1969-W52", KPI_GRANULARITY_WEEK, -1 },
    { "2025-02", KPI_GRANULARITY_MONTH, 2025 * 12 + 1 },
    { "1969-12", KPI_GRANULARITY_MONTH, 1969 * 12 + 11 },
    { "2025-Q1", KPI_GRANULARITY_QUARTER, 2025 * 4 },
    { "2025", KPI_GRANULARITY_YEAR, 2025 },
    { "FY2025-Q4", KPI_GRANULARITY_FISCAL_QUARTER, 2025 * 4 + 3 },
    { "FY2026-Q1", KPI_GRANULARITY_FISCAL_QUARTER, 2026 * 4 },
    { "FY2025", KPI_GRANULARITY_FISCAL_YEAR, 2025 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KpiPeriod) p = kpi_test_parse_period (cal, cases[i].label);

      ck_assert_int_eq (kpi_period_get_granularity (p), cases[i].g);
      ck_assert_msg (kpi_period_get_ordinal (p) == cases[i].ordinal, "%s: %" G_GINT64_FORMAT,
                     cases[i].label, kpi_period_get_ordinal (p));
      ck_assert_int_eq (kpi_calendar_ordinal_at (cal, cases[i].g, kpi_period_get_start (p)), cases[i].ordinal);
      ck_assert_int_eq (kpi_calendar_ordinal_at (cal, cases[i].g, kpi_period_get_end (p) - 1), cases[i].ordinal);
      ck_assert_int_eq (kpi_calendar_ordinal_at (cal, cases[i].g, kpi_period_get_end (p)), cases[i].ordinal + 1);
    }

  ck_assert_int_eq (kpi_calendar_ordinal_at (cal, KPI_GRANULARITY_DAY, t), 20133);
  ck_assert_int_eq (kpi_calendar_ordinal_at (cal, KPI_GRANULARITY_FISCAL_YEAR, t), 2025);
  ck_assert_int_eq (kpi_calendar_ordinal_at (cal, KPI_GRANULARITY_FISCAL_YEAR, kpi_test_utc (2025, 4, 1, 0, 0)), 2026);

  /* Local dates: 00:30 in Paris on 1 January 1970 is still 1969 in UTC. */
  {
    g_autoptr(KpiCalendar) paris = kpi_test_calendar_in ("Europe/Paris", 1);
    ck_assert_int_eq (kpi_calendar_ordinal_at (paris, KPI_GRANULARITY_DAY, -30 * MINUTE), 0);
    ck_assert_int_eq (kpi_calendar_ordinal_at (cal, KPI_GRANULARITY_DAY, -30 * MINUTE), -1);
  }
}
END_TEST

START_TEST (test_from_ordinal)
{
  for (gsize z = 0; z < G_N_ELEMENTS (zones); z++)
    {
      g_autoptr(KpiCalendar) cal = kpi_test_calendar_in (zones[z], 10);

      for (int g = KPI_GRANULARITY_DAY; g < KPI_GRANULARITY_CUSTOM; g++)
        {
          gint64 first = kpi_calendar_ordinal_at (cal, g, kpi_test_utc (2019, 12, 25, 12, 0));
          g_autoptr(KpiPeriod) prev = NULL;

          for (gint64 o = first; o < first + 60; o++)
            {
              g_autoptr(KpiPeriod) p = kpi_calendar_period_from_ordinal (cal, g, o);
              gint64 start, end;

              ck_assert_int_eq (kpi_period_get_ordinal (p), o);
              kpi_calendar_ordinal_bounds (cal, g, o, &start, &end);
              ck_assert_int_eq (start, kpi_period_get_start (p));
              ck_assert_int_eq (end, kpi_period_get_end (p));
              ck_assert_int_eq (kpi_calendar_ordinal_at (cal, g, start), o);
              ck_assert_int_eq (kpi_calendar_ordinal_at (cal, g, end - 1), o);
              if (prev != NULL)
                {
                  g_autoptr(KpiPeriod) next = kpi_calendar_next (cal, prev);
                  ck_assert (kpi_period_equal (next, p));
                  ck_assert_int_eq (kpi_period_get_start (p), kpi_period_get_end (prev));
                }
              g_clear_pointer (&prev, kpi_period_free);
              prev = g_steal_pointer (&p);
            }
        }

      ck_assert_ptr_null (kpi_calendar_period_from_ordinal (cal, KPI_GRANULARITY_YEAR, 0));
      ck_assert_ptr_null (kpi_calendar_period_from_ordinal (cal, KPI_GRANULARITY_YEAR, 10000));
      ck_assert_ptr_null (kpi_calendar_period_from_ordinal (cal, KPI_GRANULARITY_DAY, G_MAXINT64));
      ck_assert_ptr_null (kpi_calendar_period_from_ordinal (cal, KPI_GRANULARITY_MONTH, G_MININT64));
    }
}
END_TEST

static gint32
expected_value (gint64 ordinal, gint64 base)
{
  /* Independent of the library's saturation: in 128-bit-free terms. */
  if (base < 0 && ordinal > G_MAXINT64 + base)
    return G_MAXINT32;
  if (base > 0 && ordinal < G_MININT64 + base)
    return G_MININT32;
  return (gint32) CLAMP (ordinal - base, G_MININT32, G_MAXINT32);
}

static void
check_batch (KpiCalendar *cal, KpiGranularity g, const gint64 *times, gsize n, gint64 base)
{
  g_autofree gint32 *out = g_new (gint32, n);

  kpi_calendar_ordinals (cal, g, times, n, out, base);
  for (gsize i = 0; i < n; i++)
    {
      gint32 expected = expected_value (kpi_calendar_ordinal_at (cal, g, times[i]), base);
      ck_assert_msg (out[i] == expected, "granularity %d, time %" G_GINT64_FORMAT ": %d, expected %d",
                     g, times[i], out[i], expected);
    }
}

static gboolean
under_a_slow_tool (void)
{
#if defined(__SANITIZE_ADDRESS__)
  return TRUE;
#else
  return kpi_test_under_valgrind ();
#endif
}

START_TEST (test_batch_matches_single)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  /* Under valgrind or ASan, a tenth of the times over the same span. */
  gsize n = under_a_slow_tool () ? 2000 : 20000;
  gint64 step = (20000 / n) * 97 * MINUTE;
  g_autofree gint64 *sorted = g_new (gint64, n);
  g_autofree gint64 *shuffled = g_new (gint64, n);
  gint64 extremes[] = {
    0, -1, G_MININT64, G_MAXINT64, G_MININT64 + 1, G_MAXINT64 - 1, 0, kpi_test_utc (2025, 3, 30, 1, 0),
    kpi_test_utc (1, 1, 1, 0, 0) - 1, kpi_test_utc (9999, 12, 31, 23, 59), G_MAXINT64, -1,
  };

  /* Every 97 minutes over three and a half years, then the same shuffled. */
  gint64 first = kpi_test_utc (2023, 7, 1, 0, 0);

  for (gsize i = 0; i < n; i++)
    sorted[i] = shuffled[i] = first + (gint64) i * step;
  for (gsize i = n - 1; i > 0; i--)
    {
      gsize j = g_rand_int_range (rand, 0, (gint32) i + 1);
      gint64 tmp = shuffled[i];
      shuffled[i] = shuffled[j];
      shuffled[j] = tmp;
    }

  for (gsize z = 0; z < G_N_ELEMENTS (zones); z++)
    {
      g_autoptr(KpiCalendar) cal = kpi_test_calendar_in (zones[z], 4);

      for (int g = KPI_GRANULARITY_DAY; g < KPI_GRANULARITY_CUSTOM; g++)
        {
          gint64 base = kpi_calendar_ordinal_at (cal, g, sorted[0]);

          check_batch (cal, g, sorted, n, base);
          check_batch (cal, g, shuffled, n, base);
          check_batch (cal, g, extremes, G_N_ELEMENTS (extremes), 0);
          check_batch (cal, g, extremes, G_N_ELEMENTS (extremes), base);
        }
    }
}
END_TEST

START_TEST (test_batch_saturation)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  gint64 times[] = { kpi_test_utc (2025, 1, 1, 0, 0), kpi_test_utc (1, 1, 1, 0, 0), G_MAXINT64, G_MININT64 };
  gint32 out[G_N_ELEMENTS (times)];
  gint64 bases[] = { G_MININT64, G_MAXINT64, G_MININT32, G_MAXINT32, 0, -G_GINT64_CONSTANT (3000000000) };

  for (gsize b = 0; b < G_N_ELEMENTS (bases); b++)
    for (int g = KPI_GRANULARITY_DAY; g < KPI_GRANULARITY_CUSTOM; g++)
      check_batch (cal, g, times, G_N_ELEMENTS (times), bases[b]);

  kpi_calendar_ordinals (cal, KPI_GRANULARITY_DAY, times, 2, out, G_MININT64);
  ck_assert_int_eq (out[0], G_MAXINT32);
  kpi_calendar_ordinals (cal, KPI_GRANULARITY_DAY, times, 2, out, G_MAXINT64);
  ck_assert_int_eq (out[0], G_MININT32);
  kpi_calendar_ordinals (cal, KPI_GRANULARITY_DAY, times, 1, out, 20089);
  ck_assert_int_eq (out[0], 0);

  /* Nothing to do. */
  kpi_calendar_ordinals (cal, KPI_GRANULARITY_DAY, NULL, 0, NULL, 0);
}
END_TEST

START_TEST (test_batch_boundaries)
{
  /* Around every day boundary of 2025 in Paris, one microsecond apart, in
   * order and backwards: the cached bounds must switch exactly there. */
  g_autoptr(KpiCalendar) cal = kpi_test_calendar_in ("Europe/Paris", 1);

  for (int g = KPI_GRANULARITY_DAY; g <= KPI_GRANULARITY_WEEK; g++)
    {
      g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(KpiPeriod) first = kpi_test_parse_period (cal, g == KPI_GRANULARITY_DAY ? "2025-01-01" : "2025-W01");
      gint64 o0 = kpi_period_get_ordinal (first);
      g_autofree gint32 *out = NULL;

      for (gint64 o = o0; o < o0 + (g == KPI_GRANULARITY_DAY ? 365 : 52); o++)
        {
          gint64 start, end, t;
          kpi_calendar_ordinal_bounds (cal, g, o, &start, &end);
          t = start - 1;
          g_array_append_val (times, t);
          g_array_append_val (times, start);
          t = start + HOUR;
          g_array_append_val (times, t);
          t = end - 1;
          g_array_append_val (times, t);
        }
      out = g_new (gint32, times->len);
      kpi_calendar_ordinals (cal, g, (gint64 *) times->data, times->len, out, o0);
      for (guint i = 0; i < times->len; i++)
        ck_assert_int_eq (out[i], (gint32) (i / 4) - (i % 4 == 0 ? 1 : 0));

      /* Backwards. */
      for (guint i = 0; i < times->len / 2; i++)
        {
          gint64 tmp = g_array_index (times, gint64, i);
          g_array_index (times, gint64, i) = g_array_index (times, gint64, times->len - 1 - i);
          g_array_index (times, gint64, times->len - 1 - i) = tmp;
        }
      check_batch (cal, g, (gint64 *) times->data, times->len, o0);
    }
}
END_TEST

START_TEST (test_batch_large)
{
  /* A long run of sorted times, one every 9.5 seconds (as a dataset of
   * orders would be), by day and by month, in UTC and in Paris: the batch
   * agrees with one-at-a-time ordinals at both ends and at every DST
   * change.  How fast it is belongs to the benchmarks, not here. */
  const gsize n = under_a_slow_tool () ? 200000 : 3000000;
  gint64 *times = g_new (gint64, n);
  gint32 *out = g_new (gint32, n);
  struct { const char *zone; KpiGranularity g; } runs[] = {
    { "UTC", KPI_GRANULARITY_DAY },
    { "UTC", KPI_GRANULARITY_MONTH },
    { "Europe/Paris", KPI_GRANULARITY_DAY },
    { "Europe/Paris", KPI_GRANULARITY_WEEK },
  };

  gint64 first = kpi_test_utc (2023, 1, 1, 0, 0);

  for (gsize i = 0; i < n; i++)
    times[i] = first + (gint64) i * 9500000;

  for (gsize r = 0; r < G_N_ELEMENTS (runs); r++)
    {
      g_autoptr(KpiCalendar) cal = kpi_test_calendar_in (runs[r].zone, 1);
      gint64 base = kpi_calendar_ordinal_at (cal, runs[r].g, times[0]);

      kpi_calendar_ordinals (cal, runs[r].g, times, n, out, base);
      ck_assert_int_eq (out[0], 0);
      ck_assert_int_eq (out[n - 1], (gint32) (kpi_calendar_ordinal_at (cal, runs[r].g, times[n - 1]) - base));
      /* Every thousandth time, against the one-at-a-time answer. */
      for (gsize i = 0; i < n; i += 997)
        ck_assert_int_eq (out[i], (gint32) (kpi_calendar_ordinal_at (cal, runs[r].g, times[i]) - base));
    }
  g_free (times);
  g_free (out);
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "definitions", test_definitions },
    { "from-ordinal", test_from_ordinal },
    { "batch-matches-single", test_batch_matches_single },
    { "batch-saturation", test_batch_saturation },
    { "batch-boundaries", test_batch_boundaries },
    { "batch-large", test_batch_large },
  };

  return kpi_test_run ("calendar-ordinals", cases, G_N_ELEMENTS (cases), 600);
}
