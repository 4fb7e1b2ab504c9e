/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-formula-checker.c: what a parsed formula means for a dataset
 *
 * The questions the formula module answers about a parsed formula: does
 * it fit a dataset (every field a column, values of the right kind: the
 * sum of a dimension is refused), which texts it compares a dimension with
 * that the dimension never held (probable typos, as warnings), and does it
 * add up over time. The parser (kpi-formula-parser.c) has already refused
 * what needs no dataset. */

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "kpi-formula-ast-private.h"
#include "kpi-formula-checker-private.h"
#include "kpi-dataset-private.h"
#include "kpi-suggest-private.h"

/* ------------------------------------------------------------------------ */
/* Checking against a dataset */

/* One check: the formula (for the columns of its errors), the columns it is
 * checked against, and where the first error goes. */
typedef struct
{
  KpiFormula *formula;
  KpiTable   *table;
  GError    **error;
} Checker;

static gboolean
check_error (Checker         *c,
             KpiFormulaError  code,
             gsize            pos,
             const char      *format,
             ...) G_GNUC_PRINTF (4, 5);

static gboolean
check_error (Checker         *c,
             KpiFormulaError  code,
             gsize            pos,
             const char      *format,
             ...)
{
  va_list args;
  GError *error;

  va_start (args, format);
  error = kpi_formula_error_new_valist (c->formula, code, pos, format, args);
  va_end (args);
  g_propagate_error (c->error, error);
  return FALSE;
}

KpiRowType
kpi_formula_row_type (const KpiNode *node,
                      KpiTable      *table)
{
  switch (node->kind)
    {
    case KPI_NODE_NUMBER:
      return KPI_ROW_NUMBER;
    case KPI_NODE_STRING:
      return KPI_ROW_TEXT;
    case KPI_NODE_FIELD:
      {
        int index = kpi_table_lookup (table, node->text);
        g_return_val_if_fail (index >= 0, KPI_ROW_NUMBER);
        return kpi_table_column (table, index)->kind == KPI_COLUMN_DIMENSION
               ? KPI_ROW_TEXT : KPI_ROW_NUMBER;
      }
    default:
      return kpi_formula_is_condition (node) ? KPI_ROW_CONDITION : KPI_ROW_NUMBER;
    }
}

/* How a row-level value reads in a type error. */
static char *
describe_value (Checker       *c,
                const KpiNode *node)
{
  if (node->kind == KPI_NODE_FIELD)
    return g_strdup_printf ("“%s”", node->text);
  if (node->kind == KPI_NODE_STRING)
    return g_strdup_printf ("the text “%s”", node->text);
  return g_strdup ("the value");
}

static gboolean
check_node (Checker *c,
            KpiNode *node)
{
  switch (node->kind)
    {
    case KPI_NODE_NUMBER:
    case KPI_NODE_STRING:
    case KPI_NODE_REF:
      return TRUE;

    case KPI_NODE_FIELD:
      {
        int index = kpi_table_lookup (c->table, node->text);
        guint n = kpi_table_n_columns (c->table);
        const char **names;
        const char *best;

        if (index >= 0)
          {
            if ((guint) index == c->table->time_index)
              return check_error (c, KPI_FORMULA_ERROR_TYPE, node->pos,
                                  "“%s” is the time column: the calendar chooses the rows of each period, formulas cannot use it",
                                  node->text);
            return TRUE;
          }
        names = g_new (const char *, n);
        for (guint i = 0; i < n; i++)
          names[i] = kpi_table_column (c->table, i)->name;
        /* The time column is no suggestion: it cannot be used anyway. */
        names[c->table->time_index] = names[n - 1];
        best = kpi_suggest (node->text, names, n - 1);
        if (best != NULL)
          check_error (c, KPI_FORMULA_ERROR_UNKNOWN_FIELD, node->pos,
                       "unknown field “%s”; did you mean “%s”?", node->text, best);
        else
          check_error (c, KPI_FORMULA_ERROR_UNKNOWN_FIELD, node->pos,
                       "unknown field “%s”", node->text);
        g_free (names);
        return FALSE;
      }

    case KPI_NODE_NEG:
    case KPI_NODE_ADD:
    case KPI_NODE_SUB:
    case KPI_NODE_MUL:
    case KPI_NODE_DIV:
      for (KpiNode *k = node->a; k != NULL; k = k == node->a ? node->b : NULL)
        {
          if (!check_node (c, k))
            return FALSE;
          if (k->kind != KPI_NODE_AGGREGATE && k->kind != KPI_NODE_PREV &&
              k->kind != KPI_NODE_LAST_YEAR && k->kind != KPI_NODE_REF &&
              kpi_formula_row_type (k, c->table) == KPI_ROW_TEXT)
            {
              char *what = describe_value (c, k);
              check_error (c, KPI_FORMULA_ERROR_TYPE, k->pos,
                           "%s is text, but “%s” needs numbers", what,
                           kpi_formula_operator_name (node->kind));
              g_free (what);
              return FALSE;
            }
        }
      return TRUE;

    case KPI_NODE_EQ:
    case KPI_NODE_NE:
    case KPI_NODE_LT:
    case KPI_NODE_LE:
    case KPI_NODE_GT:
    case KPI_NODE_GE:
      {
        KpiRowType ta, tb;

        if (!check_node (c, node->a) || !check_node (c, node->b))
          return FALSE;
        ta = kpi_formula_row_type (node->a, c->table);
        tb = kpi_formula_row_type (node->b, c->table);
        if (ta != tb)
          {
            const KpiNode *text = ta == KPI_ROW_TEXT ? node->a : node->b;
            char *what = describe_value (c, text);
            check_error (c, KPI_FORMULA_ERROR_TYPE, node->pos,
                         "cannot compare text with a number: %s is text%s",
                         what, text->kind == KPI_NODE_FIELD ? " (a dimension)" : "");
            g_free (what);
            return FALSE;
          }
        if (ta == KPI_ROW_TEXT && node->a->kind == KPI_NODE_FIELD &&
            node->b->kind == KPI_NODE_FIELD &&
            node->kind != KPI_NODE_EQ && node->kind != KPI_NODE_NE)
          return check_error (c, KPI_FORMULA_ERROR_TYPE, node->pos,
                              "two dimensions can only be compared with “=” or “!=”");
        return TRUE;
      }

    case KPI_NODE_IN:
      {
        KpiRowType t;

        if (!check_node (c, node->a))
          return FALSE;
        t = kpi_formula_row_type (node->a, c->table);
        for (guint i = 0; i < node->n_items; i++)
          if (kpi_formula_row_type (node->items[i], c->table) != t)
            {
              char *what = describe_value (c, node->a);
              check_error (c, KPI_FORMULA_ERROR_TYPE, node->items[i]->pos,
                           t == KPI_ROW_TEXT
                             ? "the list has a number, but %s is text: write the values in quotes"
                             : "the list has a text, but %s is a number",
                           what);
              g_free (what);
              return FALSE;
            }
        return TRUE;
      }

    case KPI_NODE_AND:
    case KPI_NODE_OR:
      return check_node (c, node->a) && check_node (c, node->b);
    case KPI_NODE_NOT:
    case KPI_NODE_PREV:
    case KPI_NODE_LAST_YEAR:
      return check_node (c, node->a);

    case KPI_NODE_AGGREGATE:
      if (node->by != NULL && !check_node (c, node->by))
        return FALSE;
      if (node->a != NULL)
        {
          if (!check_node (c, node->a))
            return FALSE;
          if (node->agg != KPI_AGG_COUNT && !kpi_formula_agg_takes_field (node->agg) &&
              kpi_formula_row_type (node->a, c->table) == KPI_ROW_TEXT)
            {
              char *what = describe_value (c, node->a);
              if (node->a->kind == KPI_NODE_FIELD)
                check_error (c, KPI_FORMULA_ERROR_TYPE, node->a->pos,
                             "%s needs numbers, but %s is a dimension (text); did you mean count_distinct(%s)?",
                             kpi_formula_agg_name (node->agg), what, node->a->text);
              else
                check_error (c, KPI_FORMULA_ERROR_TYPE, node->a->pos,
                             "%s needs numbers, but %s is text",
                             kpi_formula_agg_name (node->agg), what);
              g_free (what);
              return FALSE;
            }
        }
      if (node->b != NULL && !check_node (c, node->b))
        return FALSE;
      return TRUE;

    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

gboolean
kpi_formula_check_tree (KpiFormula  *formula,
                        KpiTable    *table,
                        GError     **error)
{
  Checker c;

  c.formula = formula;
  c.table = table;
  c.error = error;
  return check_node (&c, formula->root);
}

/* ------------------------------------------------------------------------ */
/* Additivity */

/* Whether @node over a period is the sum of its values over the parts of
 * the period. References are not followed: they count as not additive. */
gboolean
kpi_formula_node_is_additive (const KpiNode *node)
{
  switch (node->kind)
    {
    case KPI_NODE_AGGREGATE:
      return node->by == NULL && (node->agg == KPI_AGG_SUM || node->agg == KPI_AGG_COUNT);
    case KPI_NODE_NEG:
      return kpi_formula_node_is_additive (node->a);
    case KPI_NODE_ADD:
    case KPI_NODE_SUB:
      return kpi_formula_node_is_additive (node->a) && kpi_formula_node_is_additive (node->b);
    case KPI_NODE_MUL:
      return (node->a->kind == KPI_NODE_NUMBER && kpi_formula_node_is_additive (node->b)) ||
             (node->b->kind == KPI_NODE_NUMBER && kpi_formula_node_is_additive (node->a));
    case KPI_NODE_DIV:
      return node->b->kind == KPI_NODE_NUMBER && kpi_formula_node_is_additive (node->a);
    default:
      return FALSE;
    }
}

/* ------------------------------------------------------------------------ */
/* Texts a dimension never held */

/* Adds a warning for @value of dimension @field unless the dimension has
 * held it or the warning is there already. */
static void
check_value (KpiTable   *table,
             const char *field,
             const char *value,
             GPtrArray  *warnings)
{
  int index = kpi_table_lookup (table, field);
  KpiColumn *col;
  const char *near = NULL;
  char *sentence;

  if (index < 0)
    return;
  col = kpi_table_column (table, index);
  if (col->kind != KPI_COLUMN_DIMENSION || value[0] == '\0' ||
      kpi_dict_lookup (col->dict, value, strlen (value)) != KPI_DIMENSION_MISSING)
    return;
  if (kpi_dict_get_size (col->dict) <= KPI_SUGGEST_MAX_CANDIDATES)
    near = kpi_suggest (value, kpi_dict_get_strings (col->dict), kpi_dict_get_size (col->dict));
  if (near != NULL)
    sentence = g_strdup_printf ("%s has no value “%s”; did you mean “%s”?", field, value, near);
  else
    sentence = g_strdup_printf ("%s has no value “%s”", field, value);
  for (guint i = 0; i < warnings->len; i++)
    if (strcmp (g_ptr_array_index (warnings, i), sentence) == 0)
      {
        g_free (sentence);
        return;
      }
  g_ptr_array_add (warnings, sentence);
}

char **
kpi_formula_list_unknown_values (KpiFormula *self,
                                 KpiTable   *table)
{
  GPtrArray *warnings;

  warnings = g_ptr_array_new ();
  for (guint i = 0; i < self->nodes->len; i++)
    {
      const KpiNode *node = g_ptr_array_index (self->nodes, i);

      switch (node->kind)
        {
        case KPI_NODE_EQ:
        case KPI_NODE_NE:
          if (node->a->kind == KPI_NODE_FIELD && node->b->kind == KPI_NODE_STRING)
            check_value (table, node->a->text, node->b->text, warnings);
          else if (node->b->kind == KPI_NODE_FIELD && node->a->kind == KPI_NODE_STRING)
            check_value (table, node->b->text, node->a->text, warnings);
          break;
        case KPI_NODE_IN:
          if (node->a->kind == KPI_NODE_FIELD)
            for (guint k = 0; k < node->n_items; k++)
              if (node->items[k]->kind == KPI_NODE_STRING)
                check_value (table, node->a->text, node->items[k]->text, warnings);
          break;
        default:
          break;
        }
    }
  if (warnings->len == 0)
    {
      g_ptr_array_free (warnings, TRUE);
      return NULL;
    }
  g_ptr_array_add (warnings, NULL);
  return (char **) g_ptr_array_free (warnings, FALSE);
}
