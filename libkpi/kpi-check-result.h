/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-check-result.h: what one data-quality check found */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <gio/gio.h>
#include <libkpi/kpi-version.h>
#include <libkpi/kpi-period.h>

G_BEGIN_DECLS

/**
 * KpiCheckStatus:
 * @KPI_CHECK_STATUS_PASS: the data met the expectation
 * @KPI_CHECK_STATUS_WARN: the observed value crossed the warning threshold
 *   but not the failure threshold
 * @KPI_CHECK_STATUS_FAIL: the observed value crossed the failure threshold
 * @KPI_CHECK_STATUS_ERROR: the check could not run (a field that is not in
 *   the dataset, a dataset that cannot be found); the message says why
 * @KPI_CHECK_STATUS_INSUFFICIENT_DATA: there were too few rows or too
 *   short a history to judge (an empty period, all values missing, less
 *   than the two seasons a seasonal fit needs)
 *
 * The verdict of a [class@Kpi.Check]. Only %KPI_CHECK_STATUS_WARN and
 * %KPI_CHECK_STATUS_FAIL are findings: they taint the values whose inputs
 * they touch ([method@Kpi.CheckSuite.annotate]).
 *
 * Since: 0.1
 */
typedef enum {
  KPI_CHECK_STATUS_PASS,
  KPI_CHECK_STATUS_WARN,
  KPI_CHECK_STATUS_FAIL,
  KPI_CHECK_STATUS_ERROR,
  KPI_CHECK_STATUS_INSUFFICIENT_DATA,
} KpiCheckStatus;

#define KPI_TYPE_CHECK_RESULT (kpi_check_result_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiCheckResult, kpi_check_result, KPI, CHECK_RESULT, GObject)

KPI_AVAILABLE_IN_0_1
KpiCheckResult *kpi_check_result_new             (KpiCheckStatus        status,
                                                  const char           *message);

KPI_AVAILABLE_IN_0_1
KpiCheckStatus  kpi_check_result_get_status      (KpiCheckResult       *self);
KPI_AVAILABLE_IN_0_1
void            kpi_check_result_set_status      (KpiCheckResult       *self,
                                                  KpiCheckStatus        status);
KPI_AVAILABLE_IN_0_1
gboolean        kpi_check_result_is_finding      (KpiCheckResult       *self);
KPI_AVAILABLE_IN_0_1
const char     *kpi_check_result_get_message     (KpiCheckResult       *self);
KPI_AVAILABLE_IN_0_1
void            kpi_check_result_set_message     (KpiCheckResult       *self,
                                                  const char           *message);
KPI_AVAILABLE_IN_0_1
const char     *kpi_check_result_get_check_id    (KpiCheckResult       *self);
KPI_AVAILABLE_IN_0_1
void            kpi_check_result_set_check_id    (KpiCheckResult       *self,
                                                  const char           *check_id);
KPI_AVAILABLE_IN_0_1
const char     *kpi_check_result_get_check_type  (KpiCheckResult       *self);
KPI_AVAILABLE_IN_0_1
void            kpi_check_result_set_check_type  (KpiCheckResult       *self,
                                                  const char           *check_type);

KPI_AVAILABLE_IN_0_1
double          kpi_check_result_get_observed    (KpiCheckResult       *self);
KPI_AVAILABLE_IN_0_1
void            kpi_check_result_set_observed    (KpiCheckResult       *self,
                                                  double                observed);
KPI_AVAILABLE_IN_0_1
void            kpi_check_result_get_expected    (KpiCheckResult       *self,
                                                  double               *min,
                                                  double               *max);
KPI_AVAILABLE_IN_0_1
void            kpi_check_result_set_expected    (KpiCheckResult       *self,
                                                  double                min,
                                                  double                max);

KPI_AVAILABLE_IN_0_1
guint           kpi_check_result_get_element_count    (KpiCheckResult  *self);
KPI_AVAILABLE_IN_0_1
guint           kpi_check_result_get_missing_count    (KpiCheckResult  *self);
KPI_AVAILABLE_IN_0_1
guint           kpi_check_result_get_unexpected_count (KpiCheckResult  *self);
KPI_AVAILABLE_IN_0_1
double          kpi_check_result_get_unexpected_fraction (KpiCheckResult *self);
KPI_AVAILABLE_IN_0_1
void            kpi_check_result_set_counts      (KpiCheckResult       *self,
                                                  guint                 element_count,
                                                  guint                 missing_count,
                                                  guint                 unexpected_count);

KPI_AVAILABLE_IN_0_1
void            kpi_check_result_add_sample      (KpiCheckResult       *self,
                                                  guint                 row,
                                                  const char * const   *keys);
KPI_AVAILABLE_IN_0_1
guint           kpi_check_result_get_n_samples   (KpiCheckResult       *self);
KPI_AVAILABLE_IN_0_1
guint           kpi_check_result_get_sample_row  (KpiCheckResult       *self,
                                                  guint                 index);
KPI_AVAILABLE_IN_0_1
const char * const *kpi_check_result_get_sample_keys (KpiCheckResult   *self,
                                                      guint             index);

KPI_AVAILABLE_IN_0_1
const char     *kpi_check_result_get_dataset_name (KpiCheckResult      *self);
KPI_AVAILABLE_IN_0_1
void            kpi_check_result_set_dataset_name (KpiCheckResult      *self,
                                                   const char          *dataset_name);
KPI_AVAILABLE_IN_0_1
const char * const *kpi_check_result_get_fields  (KpiCheckResult       *self);
KPI_AVAILABLE_IN_0_1
void            kpi_check_result_set_fields      (KpiCheckResult       *self,
                                                  const char * const   *fields);
KPI_AVAILABLE_IN_0_1
void            kpi_check_result_add_affected    (KpiCheckResult       *self,
                                                  const KpiPeriod      *period,
                                                  const char           *dimension,
                                                  const char           *group);
KPI_AVAILABLE_IN_0_1
guint           kpi_check_result_get_n_affected  (KpiCheckResult       *self);
KPI_AVAILABLE_IN_0_1
const KpiPeriod *kpi_check_result_get_affected   (KpiCheckResult       *self,
                                                  guint                 index,
                                                  const char          **dimension,
                                                  const char          **group);
KPI_AVAILABLE_IN_0_1
gboolean        kpi_check_result_affects         (KpiCheckResult       *self,
                                                  const char           *dataset_name,
                                                  const char * const   *fields,
                                                  const KpiPeriod      *period,
                                                  const char           *dimension,
                                                  const char           *group);

KPI_AVAILABLE_IN_0_1
gint64          kpi_check_result_get_evaluated_at (KpiCheckResult      *self);
KPI_AVAILABLE_IN_0_1
void            kpi_check_result_set_evaluated_at (KpiCheckResult      *self,
                                                   gint64               evaluated_at);
KPI_AVAILABLE_IN_0_1
gint64          kpi_check_result_get_data_as_of  (KpiCheckResult       *self);
KPI_AVAILABLE_IN_0_1
void            kpi_check_result_set_data_as_of  (KpiCheckResult       *self,
                                                  gint64                data_as_of);

KPI_AVAILABLE_IN_0_1
char           *kpi_check_result_to_json         (KpiCheckResult       *self);

G_END_DECLS
