/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-comparison-private.h: a policy's settings read at once.
 * Not installed, not scanned. */

#pragma once

#include "kpi.h"

G_BEGIN_DECLS

typedef struct
{
  KpiDirection  direction;
  double        on_track;
  double        at_risk;
  double        small_base;           /* NaN: derived */
  double        small_base_fraction;
  guint         small_base_periods;
  KpiRateScale  rate_scale;
} KpiPolicySettings;

/* Every setting of @self, under its lock: what a comparison or a benchmark
 * made in another thread judges by. */
void kpi_comparison_policy_snapshot (KpiComparisonPolicy *self,
                                     KpiPolicySettings   *settings);

G_END_DECLS
