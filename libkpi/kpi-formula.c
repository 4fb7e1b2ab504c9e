/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-formula.c: the formula language: KpiFormula and its public API
 *
 * The documentation of the language, the KpiFormula boxed type and its
 * public functions, and the helpers about the tree that every part uses
 * (columns of positions, errors at a position, node kinds, canonical
 * keys). The work is done apart, one concept a file: the lexer
 * (kpi-formula-lexer.c), the parser (kpi-formula-parser.c), the checker
 * against a dataset (kpi-formula-checker.c); the evaluation is
 * kpi-eval.c's. */

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "kpi-formula.h"
#include "kpi-formula-ast-private.h"
#include "kpi-formula-checker-private.h"
#include "kpi-formula-parser-private.h"
#include "kpi-dataset-private.h"
#include "kpi-formula-private.h"

/**
 * KpiFormula:
 *
 * How an indicator is computed from the rows of a [class@Kpi.Dataset]: a
 * small language meant to be written by the people who read the
 * dashboard.
 *
 * ```
 * sum(amount where channel = "online")
 * (sum(amount) - sum(cost)) / sum(amount)
 * count_distinct(customer)
 * 100 * (count(score >= 9) - count(score <= 6)) / count()
 * prev(sum(amount)), last_year(sum(amount))
 * @marketing_spend / @new_customers
 * ```
 *
 * ## Values
 *
 * A formula computes one number per period (and per group of a
 * breakdown). Outside aggregates only such period-level values are
 * allowed: numbers (`12`, `0.5`, `1e6`), aggregates, `prev()` and
 * `last_year()`, references to other indicators (`@id`) and the
 * arithmetic `+ - * /` (with unary minus and parentheses) between them.
 *
 * Inside an aggregate, expressions are computed row by row over the
 * fields (the columns of the dataset): arithmetic over measures,
 * comparisons `= != < <= > >=` (also written `==` and `<>`), `x in ("a",
 * "b")`, `x not in (1, 2)`, `and`, `or`, `not`. Text literals are written
 * in double quotes, with `\"` and `\\` as the only escapes. A field name
 * is a letter or `_` followed by letters, digits or `_`; names that are
 * not (spaces, keywords) are written between backquotes: `` `unit price` ``.
 * Dimensions (text) compare with text, measures with numbers; two
 * dimensions compare with `=` and `!=` only. Text order is byte order.
 *
 * Keywords and function names are case-insensitive (`SUM`, `Where`);
 * field names and indicator ids are not.
 *
 * ## Aggregates
 *
 * Every aggregate takes an optional `where` condition inside its
 * parentheses: `sum(amount - cost where channel = "online")`.
 *
 * - `sum(e)`, `avg(e)`, `min(e)`, `max(e)`, `median(e)` (the mean of the two
 *   middle values for an even count)
 * - `count()`: rows; `count(condition)`: rows meeting the condition;
 *   `count(e)`: rows where the value of `e` is not missing; `count(where
 *   condition)` is the same as `count(condition)`
 * - `count_distinct(field)`: distinct values
 * - `first(e)`, `last(e)`: the value of the earliest (latest) row by time;
 *   between rows of the same time, the first (last) row appended
 * - `new(field)`: distinct values whose first row in the whole dataset
 *   (whatever the `where`) falls in the period, counted among the rows of
 *   the period that pass the `where`
 * - `retained(field)`: distinct values present in the previous period and
 *   in this one; `churned(field)`: present in the previous period and not
 *   in this one. The `where` (and the group of a breakdown) applies to the
 *   rows of both periods.
 *
 * ## Levels: the latest row of each entity
 *
 * `snapshot(entity, aggregate)` computes the aggregate (`sum`, `avg`, `min`,
 * `max`, `median`, `count` or `count_distinct`) over one row per value of
 * the field `entity`: its latest row at or before the end of the period,
 * from every period up to it, not only this one. Between rows of the same
 * time, the last appended wins. The aggregate's `where` applies to those
 * latest rows, so
 *
 * ```
 * snapshot(opportunity, sum(amount * probability
 *                           where stage in ("lead", "qualified", "proposal", "negotiation")))
 * ```
 *
 * is the open weighted pipeline at the end of the period: each
 * opportunity in its current stage, the ones won or lost left out. Such a
 * value is a level (a balance, a headcount), not a flow: a quarter's is the
 * one at the end of the quarter, and levels of several periods are never
 * added up. In a breakdown, an entity counts in the group of its latest row.
 *
 * ## Missing values
 *
 * Aggregates skip missing values. Conditions follow SQL: a comparison with
 * a missing value is unknown, `not` unknown is unknown, `unknown and false`
 * is false, `unknown or true` is true, and a row counts only when its
 * condition is true. So with a missing channel, both `channel = "x"` and
 * `channel != "x"` leave the row out. A row-level division by zero is a
 * missing value, as in SQL.
 *
 * `sum` and `count` of no rows are 0; the other aggregates of no rows are
 * missing, with %KPI_VALUE_FLAG_NO_DATA. A division by zero gives a missing
 * value with %KPI_VALUE_FLAG_DIVISION_BY_ZERO, a result too large for a
 * double one with %KPI_VALUE_FLAG_OVERFLOW: no value is ever infinite or
 * NaN.
 *
 * The sample size of a value ([method@Kpi.Value.get_sample_size]) is the
 * largest number of rows that went into one of the formula's aggregates
 * for the period (and group): rows that met the aggregate's conditions and
 * had a value. Aggregates inside `prev()` and `last_year()` are about
 * other periods and do not count; references count with their own sample
 * size.
 *
 * ## Other periods and other indicators
 *
 * `prev(e)` is `e` computed for the previous period, `prev(e, n)` for the
 * period `n` periods back, `last_year(e)` for the same period one year
 * earlier. `@id` is the value of the indicator `id` for the same period
 * and group.
 *
 * A formula never changes once parsed: it may be shared between threads.
 *
 * ## Example
 *
 * ```c
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 * g_autoptr(KpiFormula) share = NULL;
 * g_autoptr(KpiFormula) typo = NULL;
 * g_auto(GStrv) fields = NULL;
 * g_autofree char *list = NULL;
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * share = kpi_formula_parse ("sum(amount where channel = \"online\") / sum(amount)", NULL);
 * fields = kpi_formula_list_fields (share);
 * list = g_strjoinv (", ", fields);
 * g_print ("reads %s; additive: %d\n", list, kpi_formula_is_additive (share));
 * // a formula can be checked against a dataset before it is evaluated
 * typo = kpi_formula_parse ("sum(amount where chanel = 1)", NULL);
 * if (!kpi_formula_check (typo, orders, &error))
 *   g_print ("%s\n", error->message);
 * ```
 *
 * ```python
 * orders = Kpi.Dataset.new("date")
 * orders.load_path("orders.csv", None)
 * formula = Kpi.Formula.parse('sum(amount where channel = "online") / sum(amount)')
 * print("reads", formula.list_fields(), "additive:", formula.is_additive())
 * # a formula can be checked against a dataset before it is evaluated
 * try:
 *     Kpi.Formula.parse("sum(amount where chanel = 1)").check(orders)
 * except GLib.Error as error:
 *     print(error.message)
 * ```
 *
 * ```js
 * const orders = Kpi.Dataset.new('date');
 * orders.load_path('orders.csv', null);
 * const formula = Kpi.Formula.parse('sum(amount where channel = "online") / sum(amount)');
 * print(`reads ${formula.list_fields()}, additive: ${formula.is_additive()}`);
 * // a formula can be checked against a dataset before it is evaluated
 * try {
 *     Kpi.Formula.parse('sum(amount where chanel = 1)').check(orders);
 * } catch (error) {
 *     print(error.message);
 * }
 * ```
 *
 * Since: 0.1
 */

/**
 * kpi_formula_error_quark:
 *
 * The error domain of [struct@Kpi.Formula], %KPI_FORMULA_ERROR; its codes
 * are the #KpiFormulaError enumeration.
 *
 * Returns: the quark of the domain
 *
 * Since: 0.1
 */
G_DEFINE_QUARK (kpi-formula-error-quark, kpi_formula_error)

G_DEFINE_BOXED_TYPE (KpiFormula, kpi_formula, kpi_formula_ref, kpi_formula_unref)

/* ------------------------------------------------------------------------ */
/* The tree: positions, errors, node kinds */

guint
kpi_formula_column (KpiFormula *formula,
                    gsize       pos)
{
  /* The text was validated as UTF-8 up to at least @pos. */
  return (guint) g_utf8_pointer_to_offset (formula->text, formula->text + pos) + 1;
}

/* Messages start with the position, "column 12: " (1-based, in
 * characters), as every position in the library's messages does. The
 * format is trusted; the arguments (a field name, a text) are substituted
 * once, so that a "%" in them cannot be taken for a conversion. */
GError *
kpi_formula_error_new_valist (KpiFormula      *formula,
                              KpiFormulaError  code,
                              gsize            pos,
                              const char      *format,
                              va_list          args)
{
  char *what, *msg;
  GError *error;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  what = g_strdup_vprintf (format, args);
#pragma GCC diagnostic pop
  msg = g_strdup_printf ("column %u: %s", kpi_formula_column (formula, pos), what);
  error = g_error_new_literal (KPI_FORMULA_ERROR, code, msg);
  g_free (what);
  g_free (msg);
  return error;
}

static void
node_free (gpointer p)
{
  KpiNode *node = p;

  g_free (node->text);
  g_free (node->items);
  g_free (node);
}

gboolean
kpi_formula_is_condition (const KpiNode *node)
{
  switch (node->kind)
    {
    case KPI_NODE_EQ: case KPI_NODE_NE: case KPI_NODE_LT: case KPI_NODE_LE:
    case KPI_NODE_GT: case KPI_NODE_GE: case KPI_NODE_IN: case KPI_NODE_AND:
    case KPI_NODE_OR: case KPI_NODE_NOT:
      return TRUE;
    default:
      return FALSE;
    }
}

const char *
kpi_formula_operator_name (KpiNodeKind kind)
{
  switch (kind)
    {
    case KPI_NODE_ADD: return "+";
    case KPI_NODE_SUB: return "-";
    case KPI_NODE_MUL: return "*";
    case KPI_NODE_DIV: return "/";
    case KPI_NODE_NEG: return "-";
    case KPI_NODE_EQ: return "=";
    case KPI_NODE_NE: return "!=";
    case KPI_NODE_LT: return "<";
    case KPI_NODE_LE: return "<=";
    case KPI_NODE_GT: return ">";
    case KPI_NODE_GE: return ">=";
    case KPI_NODE_IN: return "in";
    case KPI_NODE_AND: return "and";
    case KPI_NODE_OR: return "or";
    case KPI_NODE_NOT: return "not";
    default: return "?";
    }
}

void
kpi_formula_append_key (const KpiNode *node,
                        GString       *out)
{
  switch (node->kind)
    {
    case KPI_NODE_NUMBER:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        g_string_append (out, g_ascii_dtostr (buf, sizeof buf, node->number));
        return;
      }
    case KPI_NODE_STRING:
    case KPI_NODE_FIELD:
    case KPI_NODE_REF:
      /* Length-prefixed: no quoting problem whatever the text holds. */
      g_string_append_printf (out, "%c%zu:", node->kind == KPI_NODE_STRING ? 's'
                                             : node->kind == KPI_NODE_FIELD ? 'f' : 'r',
                              strlen (node->text));
      g_string_append (out, node->text);
      return;
    case KPI_NODE_IN:
      g_string_append (out, node->negate ? "(notin " : "(in ");
      kpi_formula_append_key (node->a, out);
      for (guint i = 0; i < node->n_items; i++)
        {
          g_string_append_c (out, ' ');
          kpi_formula_append_key (node->items[i], out);
        }
      g_string_append_c (out, ')');
      return;
    case KPI_NODE_AGGREGATE:
      if (node->by != NULL)
        {
          g_string_append (out, "(snapshot ");
          kpi_formula_append_key (node->by, out);
          g_string_append_c (out, ' ');
        }
      g_string_append_printf (out, "(%s ", kpi_formula_agg_name (node->agg));
      if (node->a != NULL)
        kpi_formula_append_key (node->a, out);
      g_string_append (out, " where ");
      if (node->b != NULL)
        kpi_formula_append_key (node->b, out);
      g_string_append_c (out, ')');
      if (node->by != NULL)
        g_string_append_c (out, ')');
      return;
    case KPI_NODE_PREV:
      g_string_append_printf (out, "(prev%d ", node->offset);
      kpi_formula_append_key (node->a, out);
      g_string_append_c (out, ')');
      return;
    case KPI_NODE_LAST_YEAR:
      g_string_append (out, "(last_year ");
      kpi_formula_append_key (node->a, out);
      g_string_append_c (out, ')');
      return;
    default:
      g_string_append_printf (out, "(%s ", node->kind == KPI_NODE_NEG
                                             ? "neg" : kpi_formula_operator_name (node->kind));
      kpi_formula_append_key (node->a, out);
      if (node->b != NULL)
        {
          g_string_append_c (out, ' ');
          kpi_formula_append_key (node->b, out);
        }
      g_string_append_c (out, ')');
      return;
    }
}

/* ------------------------------------------------------------------------ */
/* Public API */

/**
 * kpi_formula_parse:
 * @text: the formula, UTF-8
 * @error: return location for a #GError
 *
 * Parses @text (see [struct@Kpi.Formula] for the language). Errors are in
 * the %KPI_FORMULA_ERROR domain and give the 1-based column (counted in
 * characters) of the problem: syntax errors, unknown functions (with a
 * suggestion when a name is close: `did you mean “count_distinct”?`) and
 * type errors that do not depend on a dataset, such as a field outside an
 * aggregate. Fields are checked against a dataset by
 * [method@Kpi.Formula.check].
 *
 * Returns: (transfer full) (nullable): the formula, or %NULL on error
 *
 * Since: 0.1
 */
KpiFormula *
kpi_formula_parse (const char  *text,
                   GError     **error)
{
  KpiFormula *formula;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  formula = g_new0 (KpiFormula, 1);
  g_atomic_ref_count_init (&formula->ref_count);
  formula->text = g_strdup (text);
  formula->nodes = g_ptr_array_new_with_free_func (node_free);
  formula->fields = g_ptr_array_new_with_free_func (g_free);
  formula->references = g_ptr_array_new_with_free_func (g_free);

  formula->root = kpi_formula_parse_tree (formula, error);
  if (formula->root == NULL)
    {
      kpi_formula_unref (formula);
      return NULL;
    }
  return formula;
}

/**
 * kpi_formula_ref:
 * @self: a formula
 *
 * Takes a reference to @self.
 *
 * Returns: (transfer full): @self
 *
 * Since: 0.1
 */
KpiFormula *
kpi_formula_ref (KpiFormula *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * kpi_formula_unref:
 * @self: (transfer full): a formula
 *
 * Drops a reference to @self, freeing it when it was the last.
 *
 * Since: 0.1
 */
void
kpi_formula_unref (KpiFormula *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->text);
  g_ptr_array_unref (self->nodes);
  g_ptr_array_unref (self->fields);
  g_ptr_array_unref (self->references);
  g_free (self);
}

/**
 * kpi_formula_get_text:
 * @self: a formula
 *
 * Gets the text @self was parsed from.
 *
 * Returns: (transfer none): the text of the formula
 *
 * Since: 0.1
 */
const char *
kpi_formula_get_text (KpiFormula *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->text;
}

static char **
dup_names (GPtrArray *names)
{
  char **out = g_new (char *, names->len + 1);

  for (guint i = 0; i < names->len; i++)
    out[i] = g_strdup (g_ptr_array_index (names, i));
  out[names->len] = NULL;
  return out;
}

/**
 * kpi_formula_list_fields:
 * @self: a formula
 *
 * Lists the fields (dataset columns) @self reads, each once, in the order
 * they first appear in the text.
 *
 * Returns: (transfer full) (array zero-terminated=1): the field names
 *
 * Since: 0.1
 */
char **
kpi_formula_list_fields (KpiFormula *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return dup_names (self->fields);
}

/**
 * kpi_formula_list_references:
 * @self: a formula
 *
 * Lists the indicators @self refers to with `@id`, each once, in the order
 * they first appear in the text.
 *
 * Returns: (transfer full) (array zero-terminated=1): the indicator ids
 *
 * Since: 0.1
 */
char **
kpi_formula_list_references (KpiFormula *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return dup_names (self->references);
}

/**
 * kpi_formula_check:
 * @self: a formula
 * @dataset: the dataset the formula will be computed from
 * @error: return location for a #GError
 *
 * Checks that @self fits @dataset: every field is a column
 * (%KPI_FORMULA_ERROR_UNKNOWN_FIELD, with a suggestion when a column has a
 * close name: `column 5: unknown field “amout”; did you mean “amount”?`),
 * and values have the right kind (%KPI_FORMULA_ERROR_TYPE: the sum of a
 * dimension, a dimension compared with a number...). References to other
 * indicators are not checked here.
 *
 * Returns: %TRUE when @self can be computed from @dataset
 *
 * Since: 0.1
 */
gboolean
kpi_formula_check (KpiFormula  *self,
                   KpiDataset  *dataset,
                   GError     **error)
{
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (KPI_IS_DATASET (dataset), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  kpi_dataset_read_lock (dataset);
  ok = kpi_formula_check_tree (self, kpi_dataset_get_table (dataset), error);
  kpi_dataset_read_unlock (dataset);
  return ok;
}

/* The reach of the subtree at @node, offsets of the enclosing prev()s
 * added: see kpi_formula_get_reach(). */
static void
reach_of (const KpiNode *node,
          guint          back,
          guint         *max_back,
          gboolean      *last_year,
          gboolean      *history)
{
  if (node == NULL)
    return;
  switch (node->kind)
    {
    case KPI_NODE_PREV:
      back += (guint) node->offset;
      break;
    case KPI_NODE_LAST_YEAR:
      *last_year = TRUE;
      break;
    case KPI_NODE_AGGREGATE:
      if (node->by != NULL || node->agg == KPI_AGG_NEW)
        *history = TRUE;   /* snapshot() and new() read every earlier row */
      else if (node->agg == KPI_AGG_RETAINED || node->agg == KPI_AGG_CHURNED)
        *max_back = MAX (*max_back, back + 1);
      break;
    default:
      break;
    }
  *max_back = MAX (*max_back, back);
  reach_of (node->a, back, max_back, last_year, history);
  reach_of (node->b, back, max_back, last_year, history);
  reach_of (node->by, back, max_back, last_year, history);
  for (guint i = 0; i < node->n_items; i++)
    reach_of (node->items[i], back, max_back, last_year, history);
}

/**
 * kpi_formula_get_reach:
 * @self: a formula
 * @periods_back: (out) (optional): how many periods before the one
 *   computed the formula reads (`prev(x, 3)`: 3; `retained(customer)`: 1)
 * @last_year: (out) (optional): whether it reads the same periods a year
 *   earlier (`last_year()`)
 * @history: (out) (optional): whether it reads every row before the
 *   period (`new()`, `snapshot()`)
 *
 * Tells which periods the value of a period reads, besides that period:
 * what a data-quality finding in another period can taint. References to
 * other indicators (`@id`) are not followed here
 * ([method@Kpi.Indicator.list_periods_read] does).
 *
 * Since: 0.1
 */
void
kpi_formula_get_reach (KpiFormula *self,
                       guint      *periods_back,
                       gboolean   *last_year,
                       gboolean   *history)
{
  guint back = 0;
  gboolean ly = FALSE, hist = FALSE;

  g_return_if_fail (self != NULL);

  reach_of (self->root, 0, &back, &ly, &hist);
  if (periods_back != NULL)
    *periods_back = back;
  if (last_year != NULL)
    *last_year = ly;
  if (history != NULL)
    *history = hist;
}

/**
 * kpi_formula_reads_rows:
 * @self: a formula
 *
 * Tells whether the formula reads rows of a dataset (it has an aggregate),
 * or only combines numbers and other indicators
 * (`@marketing_spend / @new_customers`), and so needs no dataset of its
 * own.
 *
 * Returns: %TRUE when the formula has an aggregate
 *
 * Since: 0.1
 */
gboolean
kpi_formula_reads_rows (KpiFormula *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->nodes->len; i++)
    if (((KpiNode *) g_ptr_array_index (self->nodes, i))->kind == KPI_NODE_AGGREGATE)
      return TRUE;
  return FALSE;
}

/**
 * kpi_formula_is_additive:
 * @self: a formula
 *
 * Tells whether the formula adds up over time: whether its value for a
 * period is the sum of its values for the parts of the period (a year is
 * its twelve months). Sums and counts are, and so are their sums,
 * differences and multiples by a number (`sum(amount) - sum(cost)`,
 * `sum(amount) / 1000`). Ratios, averages, distinct counts, levels
 * (`snapshot()`), offsets and references to other indicators are not: a
 * year-end landing or a total over periods must not add their values up.
 *
 * Returns: %TRUE when the formula is additive over time
 *
 * Since: 0.1
 */
gboolean
kpi_formula_is_additive (KpiFormula *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return kpi_formula_node_is_additive (self->root);
}

/**
 * kpi_formula_check_values:
 * @self: a formula
 * @dataset: the dataset it reads
 *
 * Finds the texts the formula compares a dimension with (`channel =
 * "onlin"`, `stage in ("Won", "lost")`) that the dimension has never held:
 * probably typos, which would otherwise give a sum of 0 or a count of
 * nothing without a word. These are warnings, not errors: a value may
 * appear in tomorrow's data. Evaluations flag their values with
 * %KPI_VALUE_FLAG_UNKNOWN_VALUE and carry the same sentences
 * ([method@Kpi.Value.get_warnings]).
 *
 * Returns: (transfer full) (nullable) (array zero-terminated=1): one
 *   sentence per unknown value, with its near miss when there is one
 *   (`channel has no value “onlin”; did you mean “online”?`), or %NULL
 *   when every value is known
 *
 * Since: 0.1
 */
char **
kpi_formula_check_values (KpiFormula *self,
                          KpiDataset *dataset)
{
  char **warnings;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (KPI_IS_DATASET (dataset), NULL);

  kpi_dataset_read_lock (dataset);
  warnings = kpi_formula_list_unknown_values (self, kpi_dataset_get_table (dataset));
  kpi_dataset_read_unlock (dataset);
  return warnings;
}
