/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-period-private.h: what a KpiPeriod holds.
 *
 * Not installed, not scanned.  Only KpiCalendar makes periods: it knows the
 * time zone and the fiscal year that give a period its instants and label. */

#pragma once

#include "kpi.h"

G_BEGIN_DECLS

struct _KpiPeriod
{
  KpiGranularity  granularity;
  /* Natural periods: their own granularity.  Custom periods: the granularity
   * of the natural period that a to-date period runs from (a month for a
   * month-to-date), or KPI_GRANULARITY_CUSTOM for a plain range. */
  KpiGranularity  base;
  /* Natural periods: their ordinal (see kpi-calendar-private.h).  To-date
   * periods: the ordinal of the natural period they run from.  Else 0. */
  gint64          ordinal;
  gint64          start;        /* µs since the epoch, included */
  gint64          end;          /* µs since the epoch, excluded */
  char           *label;
  gboolean        partial;
  /* The calendar that made the period, so that another calendar (another
   * zone, another fiscal year) refuses to navigate from it. */
  GTimeZone      *time_zone;
  guint           fiscal_year_start_month;
};

/* Takes @label. */
KpiPeriod *kpi_period_new_internal (KpiGranularity  granularity,
                                    KpiGranularity  base,
                                    gint64          ordinal,
                                    gint64          start,
                                    gint64          end,
                                    char           *label,
                                    gboolean        partial,
                                    GTimeZone      *time_zone,
                                    guint           fiscal_year_start_month);

G_END_DECLS
