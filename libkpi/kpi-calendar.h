/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-calendar.h: time zone, fiscal year and the periods they define */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <glib-object.h>
#include <libkpi/kpi-version.h>
#include <libkpi/kpi-period.h>

G_BEGIN_DECLS

/**
 * KPI_CALENDAR_ERROR:
 *
 * The error domain of #KpiCalendar: labels that do not parse, settings
 * and ranges that are not valid.
 *
 * Since: 0.1
 */
#define KPI_CALENDAR_ERROR (kpi_calendar_error_quark ())

/**
 * KpiCalendarError:
 * @KPI_CALENDAR_ERROR_INVALID_LABEL: the text is not a period label
 * @KPI_CALENDAR_ERROR_OUT_OF_RANGE: the period is outside the years 1..9999
 *   (or, for a fiscal period, its fiscal year is)
 * @KPI_CALENDAR_ERROR_INVALID_MONTH: the month in which the fiscal year
 *   starts is not 1 to 12
 * @KPI_CALENDAR_ERROR_INVALID_RANGE: a custom period ends before it starts
 *
 * Errors of the %KPI_CALENDAR_ERROR domain.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_CALENDAR_ERROR_INVALID_LABEL,
  KPI_CALENDAR_ERROR_OUT_OF_RANGE,
  KPI_CALENDAR_ERROR_INVALID_MONTH,
  KPI_CALENDAR_ERROR_INVALID_RANGE,
} KpiCalendarError;

KPI_AVAILABLE_IN_0_1
GQuark kpi_calendar_error_quark (void);

#define KPI_TYPE_CALENDAR (kpi_calendar_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiCalendar, kpi_calendar, KPI, CALENDAR, GObject)

KPI_AVAILABLE_IN_0_1
KpiCalendar *kpi_calendar_new                   (GTimeZone      *time_zone,
                                                 guint           fiscal_year_start_month,
                                                 GError        **error);
KPI_AVAILABLE_IN_0_1
GTimeZone   *kpi_calendar_get_time_zone         (KpiCalendar    *self);
KPI_AVAILABLE_IN_0_1
guint        kpi_calendar_get_fiscal_year_start_month (KpiCalendar *self);
KPI_AVAILABLE_IN_0_1
gint64       kpi_calendar_get_now               (KpiCalendar    *self);
KPI_AVAILABLE_IN_0_1
void         kpi_calendar_set_now               (KpiCalendar    *self,
                                                 gint64          now);

KPI_AVAILABLE_IN_0_1
KpiPeriod   *kpi_calendar_period_at             (KpiCalendar    *self,
                                                 gint64          time,
                                                 KpiGranularity  granularity);
KPI_AVAILABLE_IN_0_1
KpiPeriod   *kpi_calendar_parse_period          (KpiCalendar    *self,
                                                 const char     *label,
                                                 GError        **error);
KPI_AVAILABLE_IN_0_1
KpiPeriod   *kpi_calendar_custom_period         (KpiCalendar    *self,
                                                 gint64          start,
                                                 gint64          end,
                                                 GError        **error);
KPI_AVAILABLE_IN_0_1
KpiPeriod   *kpi_calendar_offset                (KpiCalendar    *self,
                                                 const KpiPeriod *period,
                                                 int             n);
KPI_AVAILABLE_IN_0_1
KpiPeriod   *kpi_calendar_next                  (KpiCalendar    *self,
                                                 const KpiPeriod *period);
KPI_AVAILABLE_IN_0_1
KpiPeriod   *kpi_calendar_previous              (KpiCalendar    *self,
                                                 const KpiPeriod *period);
KPI_AVAILABLE_IN_0_1
KpiPeriod   *kpi_calendar_same_period_last_year (KpiCalendar    *self,
                                                 const KpiPeriod *period);
KPI_AVAILABLE_IN_0_1
KpiPeriod   *kpi_calendar_to_date               (KpiCalendar    *self,
                                                 KpiGranularity  granularity,
                                                 gint64          time);
KPI_AVAILABLE_IN_0_1
GPtrArray   *kpi_calendar_list_periods          (KpiCalendar    *self,
                                                 const KpiPeriod *first,
                                                 const KpiPeriod *last);

G_END_DECLS
