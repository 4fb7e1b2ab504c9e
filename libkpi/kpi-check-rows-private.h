/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-check-rows-private.h: what the checks that read rows share
 * (completeness, validity, uniqueness, volume): the periods of the data,
 * a row's period without a search per row, the periods a finding affects,
 * values as a message shows them. Not installed, not scanned. */

#pragma once

#include "kpi-check.h"

G_BEGIN_DECLS

/* How many rows a check reads between two looks at its cancellable. */
#define KPI_CHECK_ROWS_CHUNK 65536u

/* The rows a check reads: those whose time lies in [start, end), all of
 * them when @all (no period set on the check). */
typedef struct
{
  gboolean all;
  gint64   start;
  gint64   end;
} KpiRowRange;

/* The rows of @period (nullable: all of them). */
void kpi_row_range_init (KpiRowRange     *range,
                         const KpiPeriod *period);

static inline gboolean
kpi_row_range_contains (const KpiRowRange *range,
                        gint64             time)
{
  return range->all || (time >= range->start && time < range->end);
}

/* The index of the period that holds a time among contiguous periods,
 * remembering the last one found: rows sorted by time cost a comparison
 * each, not a binary search. */
typedef struct
{
  const gint64 *starts;     /* n_periods starts, ascending */
  guint         n_periods;
  gint64        end;        /* the end of the last period */
  gssize        current;    /* the last index found, -1 for none */
  gint64        current_start;
  gint64        current_end;
} KpiPeriodCursor;

void   kpi_period_cursor_init (KpiPeriodCursor *cursor,
                               const gint64    *starts,
                               guint            n_periods,
                               gint64           end);
gssize kpi_period_cursor_find_slow (KpiPeriodCursor *cursor,
                                    gint64           time);

/* The index of the period holding @time, -1 when it is outside them all. */
static inline gssize
kpi_period_cursor_find (KpiPeriodCursor *cursor,
                        gint64           time)
{
  if (time >= cursor->current_start && time < cursor->current_end)
    return cursor->current;
  return kpi_period_cursor_find_slow (cursor, time);
}

/* The periods a finding affects, gathered row by row: the period of
 * @granularity that holds each time added, each period once, given to the
 * result oldest first. */
typedef struct
{
  KpiCalendar    *calendar;     /* not owned */
  KpiGranularity  granularity;
  GPtrArray      *periods;      /* of KpiPeriod */
  GHashTable     *starts;       /* the starts of those periods */
  gint64          last_start;   /* the last period added */
  gint64          last_end;
} KpiAffectedPeriods;

void kpi_affected_periods_init     (KpiAffectedPeriods *affected,
                                    KpiCalendar        *calendar,
                                    KpiGranularity      granularity);
void kpi_affected_periods_add_slow (KpiAffectedPeriods *affected,
                                    gint64              time);
/* Adds the period that holds @time. */
static inline void
kpi_affected_periods_add (KpiAffectedPeriods *affected,
                          gint64              time)
{
  if (time >= affected->last_start && time < affected->last_end)
    return;
  kpi_affected_periods_add_slow (affected, time);
}
/* Adds @period itself. */
void kpi_affected_periods_add_period (KpiAffectedPeriods *affected,
                                      const KpiPeriod    *period);
/* Adds the periods to @result (with @dimension and @group, nullable),
 * oldest first, and forgets them. */
void kpi_affected_periods_flush    (KpiAffectedPeriods *affected,
                                    KpiCheckResult     *result,
                                    const char         *dimension,
                                    const char         *group);
void kpi_affected_periods_clear    (KpiAffectedPeriods *affected);

/* Loops over whole columns, in vectors (GCC's vector extensions, as the
 * evaluator's kernels): a check that finds nothing reads its columns at
 * the speed of a sum. */

/* How many of v[0..n) are NaN (missing). */
guint64  kpi_check_rows_count_nan        (const double  *v,
                                          gsize          n);
/* How many of codes[0..n) are @code. */
guint64  kpi_check_rows_count_code       (const guint32 *codes,
                                          gsize          n,
                                          guint32        code);
/* How many of v[0..n) are outside [lo, hi], NaN left out; *@n_nan is set
 * to the NaN. */
guint64  kpi_check_rows_count_outside    (const double  *v,
                                          gsize          n,
                                          double         lo,
                                          double         hi,
                                          guint64       *n_nan);
/* Whether v[0] < v[1] < … < v[n − 1] (no NaN). */
gboolean kpi_check_rows_increasing       (const double  *v,
                                          gsize          n);
/* Whether t[0] <= t[1] <= … <= t[n − 1]. */
gboolean kpi_check_rows_sorted           (const gint64  *t,
                                          gsize          n);
/* The first index in [@from, @to) whose time is at least @time, in times
 * sorted in order; @to when there is none. */
gsize    kpi_check_rows_lower_bound      (const gint64  *t,
                                          gsize          from,
                                          gsize          to,
                                          gint64         time);

/* The label of the day that holds @time in @calendar (`2025-03-12`). */
char *kpi_check_rows_day_label (KpiCalendar *calendar,
                                gint64       time);

/* The value of @column at @row as a message shows it: a measure as its
 * shortest decimal form (`11486`, `102.79`), a dimension's value quoted
 * (“online”, made valid UTF-8), a time as its day when it is midnight in
 * @calendar, else in ISO 8601; a missing value as `(missing)`. */
char *kpi_check_rows_format_cell (KpiDataset  *dataset,
                                  KpiCalendar *calendar,
                                  guint        column,
                                  guint        row);

/* A double for a message: the shortest of %.*g with @digits significant
 * digits, with a `.` whatever the locale. */
char *kpi_check_rows_format_number (double value,
                                    int    digits);

/* A share (0.0006) as a percentage for a message (`0.06 %`). */
char *kpi_check_rows_format_share (double share);

/* The name a message gives the check: its id (valid UTF-8), or "check". */
char *kpi_check_rows_name (KpiCheck *check);

G_END_DECLS
