/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-period.h: a half-open interval of time with a granularity */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <glib-object.h>
#include <libkpi/kpi-version.h>

G_BEGIN_DECLS

/**
 * KpiGranularity:
 * @KPI_GRANULARITY_DAY: a calendar day, midnight to midnight in the
 *   calendar's time zone (23 or 25 hours on DST changes); label `2025-02-14`
 * @KPI_GRANULARITY_WEEK: an ISO 8601 week, Monday to Monday; label
 *   `2025-W07` (the ISO week-year: 2024-12-30 is in `2025-W01`)
 * @KPI_GRANULARITY_MONTH: a calendar month; label `2025-02`
 * @KPI_GRANULARITY_QUARTER: a calendar quarter; label `2025-Q1`
 * @KPI_GRANULARITY_YEAR: a calendar year; label `2025`
 * @KPI_GRANULARITY_FISCAL_QUARTER: a quarter of the fiscal year; label
 *   `FY2025-Q3`
 * @KPI_GRANULARITY_FISCAL_YEAR: a fiscal year, named after the calendar
 *   year in which it ends; label `FY2025`
 * @KPI_GRANULARITY_CUSTOM: any other interval: a range such as
 *   `2025-02-01..2025-02-14` (the last day included), or a to-date period
 *   such as the month-to-date `2025-02..2025-02-14` (see below)
 *
 * The size of a [struct@Kpi.Period].
 *
 * Labels of custom periods are `START..END`:
 *
 * - START is a date (`2025-02-01`, from its first instant), a date-time
 *   with its UTC offset (`2025-02-01T09:00+01:00`), or, for a to-date period,
 *   the label of the natural period it runs from (`2025-02`, `2025-Q1`,
 *   `2025`, `2025-W07`, `FY2025`, `FY2025-Q3`; a day-to-date starts with its
 *   date, see below);
 * - END is a date, the last day included (`2025-02-14`: up to the midnight
 *   that starts 15 February), or a date-time with its UTC offset, the first
 *   instant excluded (`2025-02-14T15:30+01:00`, `2025-02-14T15:30Z` in UTC;
 *   seconds and microseconds are written only when not zero).
 *
 * Date-times carry their offset so that a label names one instant even in
 * the hour repeated when the clocks go back. A custom period from a local
 * midnight to an instant before the next midnight is a day-to-date period
 * (`2025-02-14..2025-02-14T15:30+01:00`).
 *
 * Since: 0.1
 */
typedef enum {
  KPI_GRANULARITY_DAY,
  KPI_GRANULARITY_WEEK,
  KPI_GRANULARITY_MONTH,
  KPI_GRANULARITY_QUARTER,
  KPI_GRANULARITY_YEAR,
  KPI_GRANULARITY_FISCAL_QUARTER,
  KPI_GRANULARITY_FISCAL_YEAR,
  KPI_GRANULARITY_CUSTOM,
} KpiGranularity;

/**
 * KPI_TIME_UNSET:
 *
 * The value of an optional instant that is not set: an open end, a default
 * that follows the data or the clock. Instants are microseconds since the
 * Unix epoch, UTC, in a #gint64, and an optional one is 0 when unset (so
 * the first microsecond of 1970 cannot be named there), a value every
 * language holds exactly.
 *
 * Since: 0.1
 */
#define KPI_TIME_UNSET 0

typedef struct _KpiPeriod KpiPeriod;

#define KPI_TYPE_PERIOD (kpi_period_get_type ())

KPI_AVAILABLE_IN_0_1
GType           kpi_period_get_type        (void) G_GNUC_CONST;

KPI_AVAILABLE_IN_0_1
KpiPeriod      *kpi_period_copy            (const KpiPeriod *self);
KPI_AVAILABLE_IN_0_1
void            kpi_period_free            (KpiPeriod       *self);

KPI_AVAILABLE_IN_0_1
KpiGranularity  kpi_period_get_granularity (const KpiPeriod *self);
KPI_AVAILABLE_IN_0_1
gint64          kpi_period_get_start       (const KpiPeriod *self);
KPI_AVAILABLE_IN_0_1
gint64          kpi_period_get_end         (const KpiPeriod *self);
KPI_AVAILABLE_IN_0_1
const char     *kpi_period_get_label       (const KpiPeriod *self);
KPI_AVAILABLE_IN_0_1
gboolean        kpi_period_is_partial      (const KpiPeriod *self);
KPI_AVAILABLE_IN_0_1
gboolean        kpi_period_contains        (const KpiPeriod *self,
                                            gint64           time);
KPI_AVAILABLE_IN_0_1
gboolean        kpi_period_equal           (const KpiPeriod *a,
                                            const KpiPeriod *b);
KPI_AVAILABLE_IN_0_1
int             kpi_period_compare         (const KpiPeriod *a,
                                            const KpiPeriod *b);
KPI_AVAILABLE_IN_0_1
guint           kpi_period_hash            (const KpiPeriod *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpiPeriod, kpi_period_free)

G_END_DECLS
