/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-report-private.h: what the exports of a report read besides its
 * public getters. Not installed, not scanned. */

#pragma once

#include "kpi.h"

G_BEGIN_DECLS

/* The name of the benchmark of the target comparison (NULL without one),
 * and of the @index-th comparison of kpi_report_row_get_comparisons(). */
const char *kpi_report_row_get_target_name     (KpiReportRow *self);
const char *kpi_report_row_get_comparison_name (KpiReportRow *self,
                                                guint         index);
/* The time zone of the calendar the report was made with (its dates are
 * written in it). */
GTimeZone  *kpi_report_get_time_zone           (KpiReport    *self);

G_END_DECLS
