/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-volume-check.h: each period's row count against its neighbours */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <libkpi/kpi-check.h>

G_BEGIN_DECLS

/**
 * KPI_DEFAULT_VOLUME_HISTORY:
 *
 * How many periods of the same kind a [class@Kpi.VolumeCheck] compares a
 * period's row count with by default: 8 (eight weeks of the same
 * weekday, at day level).
 *
 * Since: 0.1
 */
#define KPI_DEFAULT_VOLUME_HISTORY 8

/**
 * KPI_DEFAULT_VOLUME_MIN_HISTORY:
 *
 * How many of those periods a [class@Kpi.VolumeCheck] needs at least to
 * judge a period by default: 4. With fewer, the period has insufficient
 * data.
 *
 * Since: 0.1
 */
#define KPI_DEFAULT_VOLUME_MIN_HISTORY 4

/**
 * KPI_DEFAULT_VOLUME_WARN_THRESHOLD:
 *
 * The robust z-score (in absolute value) above which a
 * [class@Kpi.VolumeCheck] warns by default: 4.
 *
 * Since: 0.1
 */
#define KPI_DEFAULT_VOLUME_WARN_THRESHOLD 4.0

/**
 * KPI_DEFAULT_VOLUME_FAIL_THRESHOLD:
 *
 * The robust z-score (in absolute value) above which a
 * [class@Kpi.VolumeCheck] fails by default: 6.
 *
 * Since: 0.1
 */
#define KPI_DEFAULT_VOLUME_FAIL_THRESHOLD 6.0

#define KPI_TYPE_VOLUME_CHECK (kpi_volume_check_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiVolumeCheck, kpi_volume_check, KPI, VOLUME_CHECK, KpiCheck)

KPI_AVAILABLE_IN_0_1
KpiCheck *kpi_volume_check_new               (const char     *dataset_name,
                                              KpiGranularity  granularity);
KPI_AVAILABLE_IN_0_1
guint     kpi_volume_check_get_history       (KpiVolumeCheck *self);
KPI_AVAILABLE_IN_0_1
void      kpi_volume_check_set_history       (KpiVolumeCheck *self,
                                              guint           history);
KPI_AVAILABLE_IN_0_1
guint     kpi_volume_check_get_min_history   (KpiVolumeCheck *self);
KPI_AVAILABLE_IN_0_1
void      kpi_volume_check_set_min_history   (KpiVolumeCheck *self,
                                              guint           min_history);
KPI_AVAILABLE_IN_0_1
guint     kpi_volume_check_get_season_length (KpiVolumeCheck *self);
KPI_AVAILABLE_IN_0_1
void      kpi_volume_check_set_season_length (KpiVolumeCheck *self,
                                              guint           season_length);
KPI_AVAILABLE_IN_0_1
gboolean  kpi_volume_check_get_centered      (KpiVolumeCheck *self);
KPI_AVAILABLE_IN_0_1
void      kpi_volume_check_set_centered      (KpiVolumeCheck *self,
                                              gboolean        centered);

G_END_DECLS
