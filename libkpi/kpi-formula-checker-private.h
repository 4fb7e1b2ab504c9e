/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-formula-checker-private.h: what a parsed formula means for a
 * dataset (kpi-formula-checker.c), for the public API of kpi-formula.c.
 *
 * Not installed, not scanned. */

#pragma once

#include "kpi-formula-ast-private.h"

G_BEGIN_DECLS

/* kpi_formula_check() against the columns of @table. */
gboolean  kpi_formula_check_tree          (KpiFormula     *formula,
                                           KpiTable       *table,
                                           GError        **error);
/* Whether @node over a period is the sum of its values over the parts of
 * the period (kpi_formula_is_additive()). */
gboolean  kpi_formula_node_is_additive    (const KpiNode  *node);
/* kpi_formula_check_values() against the dictionaries of @table. */
char    **kpi_formula_list_unknown_values (KpiFormula     *self,
                                           KpiTable       *table);

G_END_DECLS
