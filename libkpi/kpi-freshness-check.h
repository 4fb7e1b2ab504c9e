/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-freshness-check.h: how old the newest data is, and how late rows arrive */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <libkpi/kpi-check.h>

G_BEGIN_DECLS

/**
 * KPI_FRESHNESS_DEFAULT_WARN_DAYS:
 *
 * The age in days above which a [class@Kpi.FreshnessCheck] warns by
 * default: daily data loaded every night is one day old and a bit (the
 * newest rows are yesterday's); above two days, a night's load is missing.
 *
 * Since: 0.1
 */
#define KPI_FRESHNESS_DEFAULT_WARN_DAYS 2.0

/**
 * KPI_FRESHNESS_DEFAULT_FAIL_DAYS:
 *
 * The age in days above which a [class@Kpi.FreshnessCheck] fails by
 * default: a week without new data blinds a weekly review.
 *
 * Since: 0.1
 */
#define KPI_FRESHNESS_DEFAULT_FAIL_DAYS 7.0

/**
 * KPI_FRESHNESS_DEFAULT_LATENCY_PERCENTILE:
 *
 * The percentile of the load latencies a [class@Kpi.FreshnessCheck] judges
 * by default (0.95: the latency that 95 % of the rows beat).
 *
 * Since: 0.1
 */
#define KPI_FRESHNESS_DEFAULT_LATENCY_PERCENTILE 0.95

#define KPI_TYPE_FRESHNESS_CHECK (kpi_freshness_check_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiFreshnessCheck, kpi_freshness_check, KPI, FRESHNESS_CHECK, KpiCheck)

KPI_AVAILABLE_IN_0_1
KpiCheck   *kpi_freshness_check_new                    (const char        *dataset_name);

KPI_AVAILABLE_IN_0_1
const char *kpi_freshness_check_get_load_time_field    (KpiFreshnessCheck *self);
KPI_AVAILABLE_IN_0_1
void        kpi_freshness_check_set_load_time_field    (KpiFreshnessCheck *self,
                                                        const char        *field);
KPI_AVAILABLE_IN_0_1
double      kpi_freshness_check_get_latency_percentile (KpiFreshnessCheck *self);
KPI_AVAILABLE_IN_0_1
void        kpi_freshness_check_set_latency_percentile (KpiFreshnessCheck *self,
                                                        double             percentile);
KPI_AVAILABLE_IN_0_1
double      kpi_freshness_check_get_latency_warn_days  (KpiFreshnessCheck *self);
KPI_AVAILABLE_IN_0_1
double      kpi_freshness_check_get_latency_fail_days  (KpiFreshnessCheck *self);
KPI_AVAILABLE_IN_0_1
void        kpi_freshness_check_set_latency_thresholds (KpiFreshnessCheck *self,
                                                        double             warn_days,
                                                        double             fail_days);
KPI_AVAILABLE_IN_0_1
double      kpi_freshness_check_get_expected_lag_days  (KpiFreshnessCheck *self);
KPI_AVAILABLE_IN_0_1
void        kpi_freshness_check_set_expected_lag_days  (KpiFreshnessCheck *self,
                                                        double             days);

G_END_DECLS
