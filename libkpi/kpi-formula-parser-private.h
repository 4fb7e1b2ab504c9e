/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-formula-parser-private.h: parsing the text of a formula
 * (kpi-formula-parser.c), for kpi_formula_parse().
 *
 * Not installed, not scanned. */

#pragma once

#include "kpi-formula-ast-private.h"

G_BEGIN_DECLS

/* Parses formula->text (which kpi_formula_parse() set, with empty arrays
 * of nodes, fields and references): gives the root of the tree, its nodes
 * in formula->nodes (which owns them) and the names the formula reads in
 * formula->fields and formula->references; or NULL with @error set, in
 * the KPI_FORMULA_ERROR domain. */
KpiNode *kpi_formula_parse_tree (KpiFormula  *formula,
                                 GError     **error);

G_END_DECLS
