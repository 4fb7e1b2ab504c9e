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
GPtrArray *
kpi_check_rows_list_periods (KpiCalendar    *calendar,
                             KpiDataset     *dataset,
                             KpiGranularity  granularity)
{
  g_autoptr(KpiPeriod) first = NULL;
  g_autoptr(KpiPeriod) last = NULL;
  gint64 start = KPI_TIME_UNSET, end = KPI_TIME_UNSET, min_time, max_time;
  gboolean has_rows;

  kpi_dataset_get_coverage (dataset, &start, &end);
  has_rows = kpi_dataset_get_time_range (dataset, &min_time, &max_time);
  if (start == KPI_TIME_UNSET && has_rows)
    start = min_time;
  if (end == KPI_TIME_UNSET && has_rows)
    end = max_time + 1;
  if (start == KPI_TIME_UNSET || end == KPI_TIME_UNSET || end <= start)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_period_free);

  first = kpi_calendar_period_at (calendar, start, granularity);
  last = kpi_calendar_period_at (calendar, end - 1, granularity);
  if (first == NULL || last == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_period_free);
  return kpi_calendar_list_periods (calendar, first, last);
}

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
