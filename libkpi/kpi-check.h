/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-check.h: a data-quality check, the abstract class */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <gio/gio.h>
#include <libkpi/kpi-version.h>
#include <libkpi/kpi-period.h>
#include <libkpi/kpi-dataset.h>
#include <libkpi/kpi-context.h>
#include <libkpi/kpi-check-result.h>

G_BEGIN_DECLS

/**
 * KPI_CHECK_ERROR:
 *
 * The error domain of [class@Kpi.Check] and [class@Kpi.CheckSuite].
 * Errors are from the #KpiCheckError enumeration.
 *
 * Since: 0.1
 */
#define KPI_CHECK_ERROR (kpi_check_error_quark ())

/**
 * KpiCheckError:
 * @KPI_CHECK_ERROR_NO_DATASET: the check has no dataset, or its dataset
 *   name is not known to the context
 * @KPI_CHECK_ERROR_UNKNOWN_FIELD: a field the check reads is not a column
 *   of the dataset (the message suggests a near miss)
 * @KPI_CHECK_ERROR_INVALID: the check's settings do not make sense (a
 *   warning threshold beyond the failure threshold, a pattern that is not
 *   a regular expression, a measure where a dimension is needed)
 * @KPI_CHECK_ERROR_PARSE: a checks file is not what it should be; the
 *   message starts with the JSON path
 * @KPI_CHECK_ERROR_NO_RESULT: a subclass's run gave neither a result nor
 *   an error
 *
 * Errors of the %KPI_CHECK_ERROR domain.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_CHECK_ERROR_NO_DATASET,
  KPI_CHECK_ERROR_UNKNOWN_FIELD,
  KPI_CHECK_ERROR_INVALID,
  KPI_CHECK_ERROR_PARSE,
  KPI_CHECK_ERROR_NO_RESULT,
} KpiCheckError;

KPI_AVAILABLE_IN_0_1
GQuark kpi_check_error_quark (void);

#define KPI_TYPE_CHECK (kpi_check_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_DERIVABLE_TYPE (KpiCheck, kpi_check, KPI, CHECK, GObject)

/**
 * KpiCheckClass:
 * @parent_class: the parent class
 * @run: checks the data and says what it found; every check implements
 *   it. It returns a new result, or %NULL with @error set when the check
 *   cannot run. [method@Kpi.Check.run] fills in what the result does not
 *   say (the check's id, the dataset, the fields, the times).
 *
 * The virtual methods of [class@Kpi.Check], which applications override
 * in C or in Python to add their own checks. @run may be called from a
 * worker thread ([method@Kpi.CheckSuite.run_async]).
 *
 * Since: 0.1
 */
struct _KpiCheckClass
{
  GObjectClass parent_class;

  KpiCheckResult * (*run) (KpiCheck      *self,
                           KpiContext    *context,
                           GCancellable  *cancellable,
                           GError       **error);

  /*< private >*/
  gpointer padding[12];
};

KPI_AVAILABLE_IN_0_1
const char         *kpi_check_get_id              (KpiCheck      *self);
KPI_AVAILABLE_IN_0_1
void                kpi_check_set_id              (KpiCheck      *self,
                                                   const char    *id);
KPI_AVAILABLE_IN_0_1
const char         *kpi_check_get_description     (KpiCheck      *self);
KPI_AVAILABLE_IN_0_1
void                kpi_check_set_description     (KpiCheck      *self,
                                                   const char    *description);
KPI_AVAILABLE_IN_0_1
KpiDataset         *kpi_check_get_dataset         (KpiCheck      *self);
KPI_AVAILABLE_IN_0_1
void                kpi_check_set_dataset         (KpiCheck      *self,
                                                   KpiDataset    *dataset);
KPI_AVAILABLE_IN_0_1
const char         *kpi_check_get_dataset_name    (KpiCheck      *self);
KPI_AVAILABLE_IN_0_1
void                kpi_check_set_dataset_name    (KpiCheck      *self,
                                                   const char    *dataset_name);
KPI_AVAILABLE_IN_0_1
const char * const *kpi_check_get_fields          (KpiCheck      *self);
KPI_AVAILABLE_IN_0_1
void                kpi_check_set_fields          (KpiCheck      *self,
                                                   const char * const *fields);
KPI_AVAILABLE_IN_0_1
const char * const *kpi_check_get_key_fields      (KpiCheck      *self);
KPI_AVAILABLE_IN_0_1
void                kpi_check_set_key_fields      (KpiCheck      *self,
                                                   const char * const *key_fields);
KPI_AVAILABLE_IN_0_1
const KpiPeriod    *kpi_check_get_period          (KpiCheck      *self);
KPI_AVAILABLE_IN_0_1
void                kpi_check_set_period          (KpiCheck      *self,
                                                   const KpiPeriod *period);
KPI_AVAILABLE_IN_0_1
KpiGranularity      kpi_check_get_granularity     (KpiCheck      *self);
KPI_AVAILABLE_IN_0_1
void                kpi_check_set_granularity     (KpiCheck      *self,
                                                   KpiGranularity granularity);
KPI_AVAILABLE_IN_0_1
const char         *kpi_check_get_group_by        (KpiCheck      *self);
KPI_AVAILABLE_IN_0_1
void                kpi_check_set_group_by        (KpiCheck      *self,
                                                   const char    *dimension);
KPI_AVAILABLE_IN_0_1
double              kpi_check_get_warn_threshold  (KpiCheck      *self);
KPI_AVAILABLE_IN_0_1
double              kpi_check_get_fail_threshold  (KpiCheck      *self);
KPI_AVAILABLE_IN_0_1
void                kpi_check_set_thresholds      (KpiCheck      *self,
                                                   double         warn,
                                                   double         fail);
KPI_AVAILABLE_IN_0_1
double              kpi_check_get_mostly          (KpiCheck      *self);
KPI_AVAILABLE_IN_0_1
void                kpi_check_set_mostly          (KpiCheck      *self,
                                                   double         mostly);
KPI_AVAILABLE_IN_0_1
guint               kpi_check_get_max_samples     (KpiCheck      *self);
KPI_AVAILABLE_IN_0_1
void                kpi_check_set_max_samples     (KpiCheck      *self,
                                                   guint          max_samples);

KPI_AVAILABLE_IN_0_1
KpiCheckResult     *kpi_check_run                 (KpiCheck      *self,
                                                   KpiContext    *context,
                                                   GCancellable  *cancellable,
                                                   GError       **error);

/* For subclasses */
KPI_AVAILABLE_IN_0_1
KpiDataset         *kpi_check_dup_dataset         (KpiCheck      *self,
                                                   KpiContext    *context,
                                                   GError       **error);
KPI_AVAILABLE_IN_0_1
gboolean            kpi_check_lookup_field        (KpiCheck      *self,
                                                   KpiDataset    *dataset,
                                                   const char    *field,
                                                   guint         *column,
                                                   GError       **error);
KPI_AVAILABLE_IN_0_1
GPtrArray          *kpi_check_list_periods        (KpiCheck      *self,
                                                   KpiContext    *context,
                                                   KpiDataset    *dataset);
KPI_AVAILABLE_IN_0_1
KpiCheckStatus      kpi_check_grade               (KpiCheck      *self,
                                                   double         observed);
KPI_AVAILABLE_IN_0_1
KpiCheckStatus      kpi_check_grade_rows          (KpiCheck      *self,
                                                   guint          element_count,
                                                   guint          missing_count,
                                                   guint          unexpected_count);
KPI_AVAILABLE_IN_0_1
gboolean            kpi_check_add_sample          (KpiCheck       *self,
                                                   KpiCheckResult *result,
                                                   KpiDataset     *dataset,
                                                   guint           row);

G_END_DECLS
