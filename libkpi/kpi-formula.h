/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-formula.h: the formula language of indicators */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <glib-object.h>
#include <libkpi/kpi-version.h>
#include <libkpi/kpi-dataset.h>
#include <libkpi/kpi-calendar.h>
#include <libkpi/kpi-value.h>

G_BEGIN_DECLS

/**
 * KPI_FORMULA_ERROR:
 *
 * The error domain of formulas: parsing and checking them against a
 * dataset. Errors are from the #KpiFormulaError enumeration; messages give
 * the 1-based column of the problem.
 *
 * Since: 0.1
 */
#define KPI_FORMULA_ERROR (kpi_formula_error_quark ())

/**
 * KpiFormulaError:
 * @KPI_FORMULA_ERROR_SYNTAX: the text is not a formula
 * @KPI_FORMULA_ERROR_UNKNOWN_FIELD: a field is not a column of the dataset
 * @KPI_FORMULA_ERROR_UNKNOWN_FUNCTION: no function of that name
 * @KPI_FORMULA_ERROR_TYPE: a value of the wrong kind: the sum of a dimension,
 *   a text compared with a number, a row value outside an aggregate
 * @KPI_FORMULA_ERROR_NOT_A_DIMENSION: a breakdown by a column that is not
 *   a dimension
 * @KPI_FORMULA_ERROR_NOT_PUSHABLE: a formula over a dataset attached to a
 *   database that the database cannot evaluate (first(), last(),
 *   snapshot(), median() in SQLite), with the dataset's pushdown set to
 *   require it
 *
 * Errors of the %KPI_FORMULA_ERROR domain.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_FORMULA_ERROR_SYNTAX,
  KPI_FORMULA_ERROR_UNKNOWN_FIELD,
  KPI_FORMULA_ERROR_UNKNOWN_FUNCTION,
  KPI_FORMULA_ERROR_TYPE,
  KPI_FORMULA_ERROR_NOT_A_DIMENSION,
  KPI_FORMULA_ERROR_NOT_PUSHABLE,
} KpiFormulaError;

KPI_AVAILABLE_IN_0_1
GQuark kpi_formula_error_quark (void);

typedef struct _KpiFormula KpiFormula;

#define KPI_TYPE_FORMULA (kpi_formula_get_type ())

KPI_AVAILABLE_IN_0_1
GType        kpi_formula_get_type            (void) G_GNUC_CONST;

KPI_AVAILABLE_IN_0_1
KpiFormula  *kpi_formula_parse               (const char   *text,
                                              GError      **error);
KPI_AVAILABLE_IN_0_1
KpiFormula  *kpi_formula_ref                 (KpiFormula   *self);
KPI_AVAILABLE_IN_0_1
void         kpi_formula_unref               (KpiFormula   *self);
KPI_AVAILABLE_IN_0_1
const char  *kpi_formula_get_text            (KpiFormula   *self);
KPI_AVAILABLE_IN_0_1
char       **kpi_formula_list_fields         (KpiFormula   *self);
KPI_AVAILABLE_IN_0_1
char       **kpi_formula_list_references     (KpiFormula   *self);
KPI_AVAILABLE_IN_0_1
gboolean     kpi_formula_check               (KpiFormula   *self,
                                              KpiDataset   *dataset,
                                              GError      **error);
KPI_AVAILABLE_IN_0_1
gboolean     kpi_formula_is_additive         (KpiFormula   *self);
KPI_AVAILABLE_IN_0_1
gboolean     kpi_formula_reads_rows          (KpiFormula   *self);
KPI_AVAILABLE_IN_0_1
void         kpi_formula_get_reach           (KpiFormula   *self,
                                              guint        *periods_back,
                                              gboolean     *last_year,
                                              gboolean     *history);
KPI_AVAILABLE_IN_0_1
char       **kpi_formula_check_values        (KpiFormula   *self,
                                              KpiDataset   *dataset);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpiFormula, kpi_formula_unref)

G_END_DECLS
