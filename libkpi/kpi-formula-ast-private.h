/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-formula-ast-private.h: the syntax tree of a parsed formula, shared by
 * the formula module (kpi-formula.c, its lexer, parser and checker) and
 * the evaluator (kpi-eval.c).
 * Not installed, not scanned. */

#pragma once

#include "kpi.h"
#include "kpi-table-private.h"

G_BEGIN_DECLS

/* Deeper trees are refused by the parser, so that every recursive walk of
 * a tree (checker, compiler, evaluator) has a bounded stack. */
#define KPI_FORMULA_MAX_DEPTH 200

typedef enum {
  KPI_NODE_NUMBER,
  KPI_NODE_STRING,
  KPI_NODE_FIELD,
  KPI_NODE_REF,
  KPI_NODE_NEG,
  KPI_NODE_ADD,
  KPI_NODE_SUB,
  KPI_NODE_MUL,
  KPI_NODE_DIV,
  KPI_NODE_EQ,
  KPI_NODE_NE,
  KPI_NODE_LT,
  KPI_NODE_LE,
  KPI_NODE_GT,
  KPI_NODE_GE,
  KPI_NODE_IN,
  KPI_NODE_AND,
  KPI_NODE_OR,
  KPI_NODE_NOT,
  KPI_NODE_AGGREGATE,
  KPI_NODE_PREV,
  KPI_NODE_LAST_YEAR,
} KpiNodeKind;

typedef enum {
  KPI_AGG_SUM,
  KPI_AGG_AVG,
  KPI_AGG_MIN,
  KPI_AGG_MAX,
  KPI_AGG_MEDIAN,
  KPI_AGG_COUNT,
  KPI_AGG_COUNT_DISTINCT,
  KPI_AGG_FIRST,
  KPI_AGG_LAST,
  KPI_AGG_NEW,
  KPI_AGG_RETAINED,
  KPI_AGG_CHURNED,
} KpiAggKind;

/* The type of a row-level expression once fields are resolved. */
typedef enum {
  KPI_ROW_NUMBER,
  KPI_ROW_TEXT,
  KPI_ROW_CONDITION,
} KpiRowType;

typedef struct _KpiNode KpiNode;

struct _KpiNode
{
  KpiNodeKind  kind;
  gsize        pos;       /* byte offset in the text of the operator, function
                           * or operand; see kpi_formula_column() */
  gsize        start;     /* byte offset where the subtree's text starts */
  guint        depth;     /* height of the subtree, leaves are 1 */
  KpiAggKind   agg;       /* KPI_NODE_AGGREGATE */
  gboolean     negate;    /* KPI_NODE_IN: `not in` */
  int          offset;    /* KPI_NODE_PREV: how many periods back, >= 1 */
  double       number;    /* KPI_NODE_NUMBER */
  char        *text;      /* string literal, field name or indicator id */
  KpiNode     *by;        /* KPI_NODE_AGGREGATE inside snapshot(): the
                           * entity field (nullable) */
  KpiNode     *a;         /* operand; aggregate: argument (nullable) */
  KpiNode     *b;         /* operand; aggregate: where condition (nullable) */
  KpiNode    **items;     /* KPI_NODE_IN: the literals */
  guint        n_items;
};

struct _KpiFormula
{
  gatomicrefcount  ref_count;
  char            *text;
  KpiNode         *root;
  GPtrArray       *nodes;       /* owns every node */
  GPtrArray       *fields;      /* char*, distinct, in order of appearance */
  GPtrArray       *references;  /* char*, distinct, in order of appearance */
};

/* The 1-based column (in characters) of byte offset @pos of the text. */
guint        kpi_formula_column        (KpiFormula       *formula,
                                        gsize             pos);

/* A KPI_FORMULA_ERROR at byte @pos of the text: the message @format
 * says, after the position ("column 12: "). */
GError      *kpi_formula_error_new_valist (KpiFormula      *formula,
                                           KpiFormulaError  code,
                                           gsize            pos,
                                           const char      *format,
                                           va_list          args) G_GNUC_PRINTF (4, 0);

/* Name of an aggregate as written in formulas ("count_distinct"). */
const char  *kpi_formula_agg_name      (KpiAggKind        agg);

/* Whether an aggregate takes a field (count_distinct, new, retained,
 * churned) rather than a value. */
gboolean     kpi_formula_agg_takes_field (KpiAggKind      agg);

/* Whether @node is a condition (a comparison, in, and, or, not), which is
 * not a value, and the other way round. */
gboolean     kpi_formula_is_condition  (const KpiNode    *node);

/* The operator of a node as written ("+", "<=", "not in" is "in"). */
const char  *kpi_formula_operator_name (KpiNodeKind       kind);

/* Appends a canonical description of @node to @out: two subtrees with the
 * same key compute the same thing (used to compute shared aggregates and
 * shared row expressions once). */
void         kpi_formula_append_key    (const KpiNode    *node,
                                        GString          *out);

/* The type of row-level node @node against @table, whose fields
 * kpi_formula_check() has accepted. */
KpiRowType   kpi_formula_row_type      (const KpiNode    *node,
                                        KpiTable         *table);

G_END_DECLS
