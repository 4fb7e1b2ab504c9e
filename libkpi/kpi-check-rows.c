/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-check-rows.c: what the checks that read rows share */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-check-private.h"
#include "kpi-check-rows-private.h"
#include "kpi-util-private.h"

/* See kpi-check-rows-private.h */
void
kpi_row_range_init (KpiRowRange     *range,
                    const KpiPeriod *period)
{
  range->all = period == NULL;
  range->start = period != NULL ? kpi_period_get_start (period) : G_MININT64;
  range->end = period != NULL ? kpi_period_get_end (period) : G_MAXINT64;
}

/* See kpi-check-rows-private.h */
void
kpi_period_cursor_init (KpiPeriodCursor *cursor,
                        const gint64    *starts,
                        guint            n_periods,
                        gint64           end)
{
  cursor->starts = starts;
  cursor->n_periods = n_periods;
  cursor->end = end;
  cursor->current = -1;
  /* an empty interval: the first look-up searches */
  cursor->current_start = 0;
  cursor->current_end = 0;
}

/* See kpi-check-rows-private.h */
gssize
kpi_period_cursor_find_slow (KpiPeriodCursor *cursor,
                             gint64           time)
{
  gssize i;

  /* the next period is the likeliest, for rows sorted by time */
  if (cursor->current >= 0 && (guint) cursor->current + 1 < cursor->n_periods
      && time >= cursor->starts[cursor->current + 1]
      && ((guint) cursor->current + 2 == cursor->n_periods
          ? time < cursor->end
          : time < cursor->starts[cursor->current + 2]))
    i = cursor->current + 1;
  else
    i = kpi_check_period_index (cursor->starts, cursor->n_periods, cursor->end, time);
  if (i < 0)
    return -1;
  cursor->current = i;
  cursor->current_start = cursor->starts[i];
  cursor->current_end = (guint) i + 1 < cursor->n_periods ? cursor->starts[i + 1] : cursor->end;
  return i;
}

/* See kpi-check-rows-private.h */
void
kpi_affected_periods_init (KpiAffectedPeriods *affected,
                           KpiCalendar        *calendar,
                           KpiGranularity      granularity)
{
  affected->calendar = calendar;
  affected->granularity = granularity;
  affected->periods = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_period_free);
  affected->starts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  affected->last_start = 0;
  affected->last_end = 0;
}

/* See kpi-check-rows-private.h */
void
kpi_affected_periods_add_period (KpiAffectedPeriods *affected,
                                 const KpiPeriod    *period)
{
  gint64 start = kpi_period_get_start (period);

  affected->last_start = start;
  affected->last_end = kpi_period_get_end (period);
  if (g_hash_table_contains (affected->starts, &start))
    return;
  g_hash_table_add (affected->starts, g_memdup2 (&start, sizeof start));
  g_ptr_array_add (affected->periods, kpi_period_copy (period));
}

/* See kpi-check-rows-private.h */
void
kpi_affected_periods_add_slow (KpiAffectedPeriods *affected,
                               gint64              time)
{
  g_autoptr(KpiPeriod) period = kpi_calendar_period_at (affected->calendar, time,
                                                        affected->granularity);

  if (period != NULL)
    kpi_affected_periods_add_period (affected, period);
}

static int
compare_periods (gconstpointer a,
                 gconstpointer b)
{
  const KpiPeriod *pa = *(const KpiPeriod * const *) a;
  const KpiPeriod *pb = *(const KpiPeriod * const *) b;
  gint64 sa = kpi_period_get_start (pa), sb = kpi_period_get_start (pb);

  return sa < sb ? -1 : sa > sb;
}

/* See kpi-check-rows-private.h */
void
kpi_affected_periods_flush (KpiAffectedPeriods *affected,
                            KpiCheckResult     *result,
                            const char         *dimension,
                            const char         *group)
{
  g_ptr_array_sort (affected->periods, compare_periods);
  for (guint i = 0; i < affected->periods->len; i++)
    kpi_check_result_add_affected (result, g_ptr_array_index (affected->periods, i),
                                   dimension, group);
  g_ptr_array_set_size (affected->periods, 0);
  g_hash_table_remove_all (affected->starts);
  affected->last_start = 0;
  affected->last_end = 0;
}

/* See kpi-check-rows-private.h */
void
kpi_affected_periods_clear (KpiAffectedPeriods *affected)
{
  g_clear_pointer (&affected->periods, g_ptr_array_unref);
  g_clear_pointer (&affected->starts, g_hash_table_unref);
}

typedef double  V2D __attribute__ ((vector_size (16)));
typedef gint64  V2L __attribute__ ((vector_size (16)));
typedef guint64 V2UL __attribute__ ((vector_size (16)));
typedef guint32 V4U __attribute__ ((vector_size (16)));
typedef gint32  V4I __attribute__ ((vector_size (16)));

/* Lane counters of 32 bits are added up before they could overflow */
#define LANE_BLOCK ((gsize) 1 << 28)

/* See kpi-check-rows-private.h */
guint64
kpi_check_rows_count_nan (const double *v,
                          gsize         n)
{
  V2L k0 = { 0 }, k1 = { 0 }, k2 = { 0 }, k3 = { 0 };
  guint64 count = 0;
  gsize i = 0;

  /* four vectors at a time: the loads, not the compares, are the limit */
  for (; i + 8 <= n; i += 8)
    {
      V2D a, b, c, d;

      memcpy (&a, v + i, sizeof a);
      memcpy (&b, v + i + 2, sizeof b);
      memcpy (&c, v + i + 4, sizeof c);
      memcpy (&d, v + i + 6, sizeof d);
      k0 -= a != a;
      k1 -= b != b;
      k2 -= c != c;
      k3 -= d != d;
    }
  for (; i < n; i++)
    count += isnan (v[i]) ? 1 : 0;
  for (int l = 0; l < 2; l++)
    count += (guint64) (k0[l] + k1[l] + k2[l] + k3[l]);
  return count;
}

/* See kpi-check-rows-private.h */
guint64
kpi_check_rows_count_code (const guint32 *codes,
                           gsize          n,
                           guint32        code)
{
  V4U target = { code, code, code, code };
  guint64 count = 0;
  gsize i = 0;

  while (i + 8 <= n)
    {
      V4I k0 = { 0 }, k1 = { 0 };
      gsize end = i + MIN (n - i, LANE_BLOCK) / 8 * 8;

      for (; i < end; i += 8)
        {
          V4U a, b;

          memcpy (&a, codes + i, sizeof a);
          memcpy (&b, codes + i + 4, sizeof b);
          k0 -= (V4I) (a == target);
          k1 -= (V4I) (b == target);
        }
      for (int l = 0; l < 4; l++)
        count += (guint64) k0[l] + (guint64) k1[l];
    }
  for (; i < n; i++)
    count += codes[i] == code;
  return count;
}

/* See kpi-check-rows-private.h */
guint64
kpi_check_rows_count_outside (const double *v,
                              gsize         n,
                              double        lo,
                              double        hi,
                              guint64      *n_nan)
{
  V2D vlo = { lo, lo }, vhi = { hi, hi };
  V2L out0 = { 0 }, out1 = { 0 }, nan0 = { 0 }, nan1 = { 0 };
  guint64 out = 0, nan = 0;
  gsize i = 0;

  for (; i + 4 <= n; i += 4)
    {
      V2D a, b;

      memcpy (&a, v + i, sizeof a);
      memcpy (&b, v + i + 2, sizeof b);
      /* NaN is outside every range: counted in both, taken off below */
      out0 -= ~((a >= vlo) & (a <= vhi));
      out1 -= ~((b >= vlo) & (b <= vhi));
      nan0 -= a != a;
      nan1 -= b != b;
    }
  for (; i < n; i++)
    {
      nan += isnan (v[i]) ? 1 : 0;
      out += (v[i] >= lo && v[i] <= hi) ? 0 : 1;
    }
  for (int l = 0; l < 2; l++)
    {
      out += (guint64) (out0[l] + out1[l]);
      nan += (guint64) (nan0[l] + nan1[l]);
    }
  *n_nan = nan;
  return out - nan;
}

/* See kpi-check-rows-private.h */
gboolean
kpi_check_rows_increasing (const double *v,
                           gsize         n)
{
  V2L ok = { -1, -1 };
  gsize i = 0;

  if (n < 2)
    return n == 0 || !isnan (v[0]);
  for (; i + 3 <= n; i += 2)
    {
      V2D a, b;

      memcpy (&a, v + i, sizeof a);
      memcpy (&b, v + i + 1, sizeof b);
      ok &= a < b;
    }
  for (; i + 1 < n; i++)
    if (!(v[i] < v[i + 1]))
      return FALSE;
  return ok[0] != 0 && ok[1] != 0;
}

/* See kpi-check-rows-private.h */
gboolean
kpi_check_rows_sorted (const gint64 *t,
                       gsize         n)
{
  V2UL bad = { 0, 0 };
  gsize i = 0;

  /* b − a is negative where the order breaks: its sign bit (instants are
   * within ±2⁵⁸ µs, no difference overflows; SSE2 has no 64-bit compare) */
  for (; i + 3 <= n; i += 2)
    {
      V2UL a, b;

      memcpy (&a, t + i, sizeof a);
      memcpy (&b, t + i + 1, sizeof b);
      bad |= (b - a) >> 63;
    }
  for (; i + 1 < n; i++)
    if (t[i] > t[i + 1])
      return FALSE;
  return bad[0] == 0 && bad[1] == 0;
}

/* See kpi-check-rows-private.h */
gsize
kpi_check_rows_lower_bound (const gint64 *t,
                            gsize         from,
                            gsize         to,
                            gint64        time)
{
  while (from < to)
    {
      gsize mid = from + (to - from) / 2;

      if (t[mid] < time)
        from = mid + 1;
      else
        to = mid;
    }
  return from;
}

/* See kpi-check-rows-private.h */
char *
kpi_check_rows_day_label (KpiCalendar *calendar,
                          gint64       time)
{
  g_autoptr(KpiPeriod) day = kpi_calendar_period_at (calendar, time, KPI_GRANULARITY_DAY);

  return g_strdup (day != NULL ? kpi_period_get_label (day) : "?");
}

/* See kpi-check-rows-private.h */
char *
kpi_check_rows_format_number (double value,
                              int    digits)
{
  char format[16];
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return g_strdup ("?");
  g_snprintf (format, sizeof format, "%%.%dg", CLAMP (digits, 1, 17));
  return g_strdup (g_ascii_formatd (buf, sizeof buf, format, value));
}

/* See kpi-check-rows-private.h */
char *
kpi_check_rows_format_share (double share)
{
  g_autofree char *number = NULL;
  double percent = share * 100.0;

  /* two significant digits, but no exponent and no rounding to 0 of a
   * share that is not 0 */
  if (percent != 0.0 && fabs (percent) < 0.01)
    return g_strdup (percent > 0 ? "< 0.01 %" : "> -0.01 %");
  if (fabs (percent) >= 10.0)
    number = kpi_check_rows_format_number (round (percent * 10.0) / 10.0, 4);
  else
    number = kpi_check_rows_format_number (percent, 2);
  return g_strdup_printf ("%s %%", number);
}

/* See kpi-check-rows-private.h */
char *
kpi_check_rows_format_cell (KpiDataset  *dataset,
                            KpiCalendar *calendar,
                            guint        column,
                            guint        row)
{
  const char *name = kpi_dataset_get_column_name (dataset, column);

  switch (kpi_dataset_get_column_kind (dataset, column))
    {
    case KPI_COLUMN_TIME:
      {
        gint64 t = kpi_dataset_get_time (dataset, row);
        g_autoptr(KpiPeriod) day = kpi_calendar_period_at (calendar, t, KPI_GRANULARITY_DAY);
        g_autoptr(GDateTime) dt = NULL;

        if (day != NULL && kpi_period_get_start (day) == t)
          return g_strdup (kpi_period_get_label (day));
        dt = g_date_time_new_from_unix_utc (t / G_USEC_PER_SEC);
        return dt != NULL ? g_date_time_format_iso8601 (dt) : g_strdup ("?");
      }
    case KPI_COLUMN_DIMENSION:
      {
        const char *v = kpi_dataset_get_dimension_value (dataset, name, row);
        g_autofree char *text = NULL;

        if (v == NULL || *v == '\0')
          return g_strdup ("(missing)");
        text = kpi_text_for_message (v, -1, KPI_MESSAGE_QUOTE_CHARS);
        return g_strdup_printf ("“%s”", text);
      }
    case KPI_COLUMN_MEASURE:
    default:
      {
        double x;

        if (!kpi_dataset_get_measure_value (dataset, name, row, &x))
          return g_strdup ("(missing)");
        return kpi_check_rows_format_number (x, 15);
      }
    }
}

/* See kpi-check-rows-private.h */
char *
kpi_check_rows_name (KpiCheck *check)
{
  const char *id = kpi_check_get_id (check);

  return id != NULL ? kpi_text_for_message (id, -1, KPI_MESSAGE_QUOTE_CHARS) : g_strdup ("check");
}
