/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-report-private.h: what the exports of a report read besides its
 * public getters. Not installed, not scanned. */

#pragma once

#include "kpi.h"

G_BEGIN_DECLS

/* A row is made by the evaluation (kpi-report.c) and read through its
 * getters (kpi-report-row.c). */
struct _KpiReportRow
{
  GObject           parent_instance;

  KpiIndicator     *indicator;
  KpiDashboardItem *item;
  char             *title;
  char             *perspective;
  KpiValue         *value;
  KpiComparison    *target;        /* nullable */
  char             *target_name;
  GPtrArray        *comparisons;   /* of KpiComparison */
  GPtrArray        *comparison_names;  /* of char *, as comparisons */
  KpiTrend         *trend;         /* nullable */
  GPtrArray        *sparkline;     /* of KpiValue */
  GPtrArray        *dimensions;    /* of char *, NULL-terminated */
  GPtrArray        *breakdowns;    /* of GPtrArray of KpiValue, as dimensions */
  double            projection;
  GPtrArray        *budget_lines;  /* of KpiBudgetLine */
  KpiLanding       *landing;       /* nullable */
  GPtrArray        *notes;         /* of char *, NULL-terminated */
  GPtrArray        *alerts;        /* of KpiAlert */
};

KpiBudgetLine *kpi_report_budget_line_new (const KpiPeriod *period,
                                           double           budget,
                                           double           actual,
                                           double           relative_variance,
                                           double           ytd_budget,
                                           double           ytd_actual,
                                           KpiClosure       closure);
/* A programming error (a critical) returns NULL without a GError. */
const char    *kpi_report_message_of      (const GError    *error);
/* Adds a note to the row: what the report could not do for it, and why. */
void           kpi_report_row_note        (KpiReportRow    *self,
                                           const char      *format,
                                           ...) G_GNUC_PRINTF (2, 3);

/* The name of the benchmark of the target comparison (NULL without one),
 * and of the @index-th comparison of kpi_report_row_get_comparisons(). */
const char *kpi_report_row_get_target_name     (KpiReportRow *self);
const char *kpi_report_row_get_comparison_name (KpiReportRow *self,
                                                guint         index);
/* The time zone of the calendar the report was made with (its dates are
 * written in it). */
GTimeZone  *kpi_report_get_time_zone           (KpiReport    *self);

G_END_DECLS
