/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-value.h: one computed number and what is known about it */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <glib-object.h>
#include <libkpi/kpi-version.h>
#include <libkpi/kpi-period.h>

G_BEGIN_DECLS

/**
 * KpiValueFlags:
 * @KPI_VALUE_FLAG_NONE: nothing to report
 * @KPI_VALUE_FLAG_PARTIAL_PERIOD: the period has not ended yet, or the
 *   dataset's coverage holds only part of it
 *   ([method@Kpi.Dataset.get_period_coverage])
 * @KPI_VALUE_FLAG_DIVISION_BY_ZERO: a division by zero made the value missing
 * @KPI_VALUE_FLAG_NO_DATA: the value is missing for want of data: the
 *   period is outside the span of time the dataset holds data for (its
 *   coverage, [method@Kpi.Dataset.get_period_coverage]), or an aggregate
 *   that needs rows (an average, a minimum, a median...) had none
 * @KPI_VALUE_FLAG_LOW_SAMPLE: fewer rows than the indicator's minimum
 *   sample size went into the value
 * @KPI_VALUE_FLAG_MISSING_INPUT: a value the formula needed (another
 *   indicator, an earlier period) was missing
 * @KPI_VALUE_FLAG_OVERFLOW: the result was too large for a double (or
 *   undefined, such as infinity minus infinity), so the value is missing
 * @KPI_VALUE_FLAG_UNKNOWN_VALUE: the formula compares a dimension with a
 *   value the dimension has never held (`channel = "onlin"`), which is
 *   probably a typo: [method@Kpi.Value.get_warnings] names the value and
 *   its near miss. The value is computed all the same (the value may
 *   appear in tomorrow's data).
 *
 * Why a [struct@Kpi.Value] is missing, or should be read with care.
 *
 * Since: 0.1
 */
typedef enum /*< flags >*/ {
  KPI_VALUE_FLAG_NONE             = 0,
  KPI_VALUE_FLAG_PARTIAL_PERIOD   = 1 << 0,
  KPI_VALUE_FLAG_DIVISION_BY_ZERO = 1 << 1,
  KPI_VALUE_FLAG_NO_DATA          = 1 << 2,
  KPI_VALUE_FLAG_LOW_SAMPLE       = 1 << 3,
  KPI_VALUE_FLAG_MISSING_INPUT    = 1 << 4,
  KPI_VALUE_FLAG_OVERFLOW         = 1 << 5,
  KPI_VALUE_FLAG_UNKNOWN_VALUE    = 1 << 6,
} KpiValueFlags;

/**
 * KpiGroupKind:
 * @KPI_GROUP_KIND_NONE: the value is not part of a breakdown
 * @KPI_GROUP_KIND_VALUE: the rows of one value of the dimension
 *   ([method@Kpi.Value.get_group] names it)
 * @KPI_GROUP_KIND_OTHER: the rows of every value a top-n breakdown left
 *   out, taken together
 * @KPI_GROUP_KIND_MISSING: the rows where the dimension is missing
 *
 * Which rows the value of a breakdown was computed from. The kind tells the
 * groups apart: a dimension may well hold a value called `other`.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_GROUP_KIND_NONE,
  KPI_GROUP_KIND_VALUE,
  KPI_GROUP_KIND_OTHER,
  KPI_GROUP_KIND_MISSING,
} KpiGroupKind;

/**
 * KpiClosure:
 * @KPI_CLOSURE_UNKNOWN: the dataset does not say when its periods close
 *   ([property@Kpi.Dataset:expected-lag] is unset), or the value has no
 *   period
 * @KPI_CLOSURE_OPEN: the period is not over
 * @KPI_CLOSURE_PROVISIONAL: the period is over, but its data may still
 *   come in: the dataset's expected lag has not passed since its end
 * @KPI_CLOSURE_FINAL: the period is over, the expected lag has passed and
 *   the data reaches the period's end
 * @KPI_CLOSURE_OVERDUE: the expected lag has passed, and the data still
 *   stops before the period's end
 *
 * Where a period's figures stand: figures arrive days after a month ends
 * (5 to 10 days for most sources), so a month just over is provisional
 * before it is final, and overdue when its data is late.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_CLOSURE_UNKNOWN,
  KPI_CLOSURE_OPEN,
  KPI_CLOSURE_PROVISIONAL,
  KPI_CLOSURE_FINAL,
  KPI_CLOSURE_OVERDUE,
} KpiClosure;

/**
 * KpiQuality:
 * @KPI_QUALITY_UNCHECKED: no check was attached to the evaluation
 * @KPI_QUALITY_GOOD: checks were run and no finding affects the value
 * @KPI_QUALITY_WARNING: a warning affects the value (and no failure)
 * @KPI_QUALITY_FAILED: a failed check affects the value
 *
 * What the data-quality checks say of a value
 * ([method@Kpi.CheckSuite.annotate]).
 *
 * Since: 0.1
 */
typedef enum {
  KPI_QUALITY_UNCHECKED,
  KPI_QUALITY_GOOD,
  KPI_QUALITY_WARNING,
  KPI_QUALITY_FAILED,
} KpiQuality;

/**
 * KPI_DECIMALS_SHORTEST:
 *
 * A number of decimals that asks for as many as give the number back
 * exactly: the shortest text that reads back as the same double (`0.1`,
 * `0.3333333333333333`, `1e+21`), for files and for people who want every
 * digit. It is -1, the one negative number of decimals
 * ([method@Kpi.Value.format]).
 *
 * Since: 0.1
 */
#define KPI_DECIMALS_SHORTEST (-1)

/**
 * KPI_MAX_DECIMALS:
 *
 * The most decimals an indicator displays
 * ([property@Kpi.Indicator:decimals]; a catalog refuses more) and a
 * comparison prints ([method@Kpi.Comparison.format_change],
 * [method@Kpi.Comparison.format_remaining] print this many when asked for
 * more): 15, the decimal digits a double always carries.
 *
 * Since: 0.1
 */
#define KPI_MAX_DECIMALS 15

typedef struct _KpiValue KpiValue;

#define KPI_TYPE_VALUE (kpi_value_get_type ())

KPI_AVAILABLE_IN_0_1
GType            kpi_value_get_type        (void) G_GNUC_CONST;

KPI_AVAILABLE_IN_0_1
KpiValue        *kpi_value_new             (const KpiPeriod *period,
                                            double           value,
                                            guint            sample_size,
                                            KpiValueFlags    flags);
KPI_AVAILABLE_IN_0_1
KpiValue        *kpi_value_new_missing     (const KpiPeriod *period,
                                            guint            sample_size,
                                            KpiValueFlags    flags);
KPI_AVAILABLE_IN_0_1
KpiValue        *kpi_value_ref             (KpiValue        *self);
KPI_AVAILABLE_IN_0_1
void             kpi_value_unref           (KpiValue        *self);

KPI_AVAILABLE_IN_0_1
const KpiPeriod *kpi_value_get_period      (const KpiValue  *self);
KPI_AVAILABLE_IN_0_1
gboolean         kpi_value_is_missing      (const KpiValue  *self);
KPI_AVAILABLE_IN_0_1
double           kpi_value_get_value       (const KpiValue  *self);
KPI_AVAILABLE_IN_0_1
gboolean         kpi_value_get_number      (const KpiValue  *self,
                                            double          *value);
KPI_AVAILABLE_IN_0_1
guint            kpi_value_get_sample_size (const KpiValue  *self);
KPI_AVAILABLE_IN_0_1
KpiValueFlags    kpi_value_get_flags       (const KpiValue  *self);
KPI_AVAILABLE_IN_0_1
const char      *kpi_value_get_group       (const KpiValue  *self);
KPI_AVAILABLE_IN_0_1
KpiGroupKind     kpi_value_get_group_kind  (const KpiValue  *self);
KPI_AVAILABLE_IN_0_1
const char * const *kpi_value_get_warnings (const KpiValue *self);
KPI_AVAILABLE_IN_0_1
KpiClosure       kpi_value_get_closure     (const KpiValue  *self);
KPI_AVAILABLE_IN_0_1
KpiQuality       kpi_value_get_quality     (const KpiValue  *self);
KPI_AVAILABLE_IN_0_1
double           kpi_value_get_confidence  (const KpiValue  *self);
KPI_AVAILABLE_IN_0_1
GPtrArray       *kpi_value_get_findings    (const KpiValue  *self);

KPI_AVAILABLE_IN_0_1
char            *kpi_value_format          (const KpiValue  *self,
                                            int              decimals);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpiValue, kpi_value_unref)

G_END_DECLS
