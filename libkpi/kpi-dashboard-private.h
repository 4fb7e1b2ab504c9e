/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-dashboard-private.h: what a dashboard and its items share. Not
 * installed, not scanned. */

#pragma once

#include "kpi.h"

G_BEGIN_DECLS

struct _KpiDashboardItem
{
  GObject               parent_instance;

  char                 *indicator_id;
  char                 *perspective;
  double                weight;
  char                 *target;
  char                 *budget;
  char                **comparisons;
  char                **breakdowns;       /* NULL: the dashboard's */
  KpiComparisonPolicy  *policy;           /* NULL: the indicator's */
};

/* Replaces *@field by a copy of @value unless they are equal; whether it
 * changed (a property to notify). */
gboolean kpi_dashboard_strv_set (char               ***field,
                                 const char * const   *value);

G_END_DECLS
