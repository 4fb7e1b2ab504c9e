/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-phasing-private.h: phasing over plain time ranges, for KpiBenchmark.
 * Not installed, not scanned. */

#pragma once

#include "kpi.h"

G_BEGIN_DECLS

/* Weighs [start, end): @weight the phasing weight, @profile_days the sum of
 * the days' profile weights (days and parts of days), @days the number of
 * days. Any out pointer may be NULL. */
void   kpi_phasing_weigh        (KpiPhasing  *self,
                                 KpiCalendar *calendar,
                                 gint64       start,
                                 gint64       end,
                                 double      *weight,
                                 double      *profile_days,
                                 double      *days);

/* kpi_phasing_get_share and kpi_phasing_spread over time ranges. */
double kpi_phasing_share_range  (KpiPhasing  *self,
                                 KpiCalendar *calendar,
                                 gint64       whole_start,
                                 gint64       whole_end,
                                 gint64       part_start,
                                 gint64       part_end);
double kpi_phasing_spread_range (KpiPhasing  *self,
                                 KpiCalendar *calendar,
                                 double       value,
                                 gint64       whole_start,
                                 gint64       whole_end,
                                 gint64       part_start,
                                 gint64       part_end);

G_END_DECLS
