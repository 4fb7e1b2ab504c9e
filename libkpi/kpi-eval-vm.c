/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-eval-vm.c: the row programs of the evaluator, compiled and run.
 *
 * The row-level part of a formula (the expressions and conditions inside
 * the parentheses of its aggregates) is compiled into one small program
 * of instructions over registers (kpi-eval-vm-private.h) and run a chunk
 * of rows at a time, each instruction a tight loop over the chunk:
 *
 * - a subexpression several aggregates share (by canonical key) is
 *   computed once;
 * - a measure leaf is a pointer into its column, not a copy;
 * - a comparison of a dimension with a text, or `in` a list of texts,
 *   is a lookup table indexed by dictionary code: the strings are
 *   compared once per dictionary entry, not once per row;
 * - constants are folded;
 * - conditions are three-valued, as in SQL (B_FALSE, B_UNKNOWN, B_TRUE).
 *
 * Compiling reads the dictionaries (and may build the measure codes and
 * first-seen caches, kpi-eval-cache.c) and running reads the columns: both
 * under the dataset's read lock, which the caller holds. A program belongs
 * to one evaluation. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi-eval-private.h"
#include "kpi-eval-cache-private.h"
#include "kpi-dataset-private.h"

/* ------------------------------------------------------------------------ */
/* Instructions */

typedef enum {
  OP_LOAD_NUM,     /* num = column + row0, or gathered rows */
  OP_LOAD_CODES,   /* codes = column + row0, or gathered rows */
  OP_ADD,
  OP_SUB,
  OP_MUL,
  OP_DIV,
  OP_NEG,
  OP_CMP,          /* numbers */
  OP_NUM_IN,
  OP_LUT,          /* codes -> bool by table, index code + 1 */
  OP_DIM_EQ,       /* codes of two dimensions, through a translation */
  OP_AND,
  OP_OR,
  OP_NOT,
  OP_NUM_PRESENT,
  OP_CODE_PRESENT,
} OpKind;

/* An instruction: dst = op (a, b) over the rows of the chunk, a, b and
 * dst being register indices; the fields after them are the operands
 * that are not registers, fixed at compile time. */
typedef struct
{
  OpKind          op;
  KpiNodeKind     cmp;        /* OP_CMP */
  gboolean        negate;     /* OP_NUM_IN, OP_DIM_EQ */
  guint           dst, a, b;
  const double   *column;     /* OP_LOAD_NUM */
  const guint32  *codes;      /* OP_LOAD_CODES */
  const guint8   *lut;        /* OP_LUT */
  const double   *set;        /* OP_NUM_IN */
  guint           n_set;
  const guint32  *map;        /* OP_DIM_EQ: code in a -> code in b */
} Instr;

void
kpi_eval_program_init (KpiEvalProgram *prog)
{
  prog->regs = g_array_new (FALSE, TRUE, sizeof (KpiEvalReg));
  prog->instrs = g_array_new (FALSE, TRUE, sizeof (Instr));
  prog->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  prog->owned = g_ptr_array_new_with_free_func (g_free);
}

void
kpi_eval_program_clear (KpiEvalProgram *prog)
{
  for (guint r = 0; r < prog->regs->len; r++)
    g_free (REG (prog, r)->buf);
  g_array_free (prog->regs, TRUE);
  g_array_free (prog->instrs, TRUE);
  g_hash_table_unref (prog->by_key);
  g_ptr_array_unref (prog->owned);
}

/* ------------------------------------------------------------------------ */
/* Compiling row expressions */

static guint
new_reg (KpiEvalProgram *prog,
         KpiEvalRegKind  kind,
         gboolean        with_buffer)
{
  KpiEvalReg reg = { 0 };

  reg.kind = kind;
  if (with_buffer)
    {
      reg.buf = g_malloc (kind == R_NUM ? sizeof (double) * CHUNK
                          : kind == R_CODE ? sizeof (guint32) * CHUNK : CHUNK);
      reg.num = reg.buf;
      reg.b = reg.buf;
      reg.codes = reg.buf;
    }
  g_array_append_val (prog->regs, reg);
  return prog->regs->len - 1;
}

static guint
const_num_reg (KpiEvalProgram *prog,
               double          value)
{
  guint r = new_reg (prog, R_NUM, TRUE);
  KpiEvalReg *reg = REG (prog, r);
  double *d = reg->buf;

  reg->is_const = TRUE;
  reg->cval = value;
  for (guint i = 0; i < CHUNK; i++)
    d[i] = value;
  return r;
}

static guint
const_bool_reg (KpiEvalProgram *prog,
                guint8          value)
{
  guint r = new_reg (prog, R_BOOL, TRUE);

  memset (REG (prog, r)->buf, value, CHUNK);
  REG (prog, r)->is_const = TRUE;
  REG (prog, r)->cval = value;
  return r;
}

static guint
emit (KpiEvalProgram *prog,
      Instr          *instr)
{
  g_array_append_val (prog->instrs, *instr);
  return instr->dst;
}

static int
text_compare (KpiNodeKind cmp, int order)
{
  switch (cmp)
    {
    case KPI_NODE_EQ: return order == 0;
    case KPI_NODE_NE: return order != 0;
    case KPI_NODE_LT: return order < 0;
    case KPI_NODE_LE: return order <= 0;
    case KPI_NODE_GT: return order > 0;
    case KPI_NODE_GE: return order >= 0;
    default: g_assert_not_reached ();
    }
  return 0;
}

static KpiNodeKind
flip_comparison (KpiNodeKind cmp)
{
  switch (cmp)
    {
    case KPI_NODE_LT: return KPI_NODE_GT;
    case KPI_NODE_LE: return KPI_NODE_GE;
    case KPI_NODE_GT: return KPI_NODE_LT;
    case KPI_NODE_GE: return KPI_NODE_LE;
    default: return cmp;
    }
}

static KpiColumn *
field_column (KpiEval *ev, const KpiNode *field)
{
  int index = kpi_table_lookup (ev->table, field->text);

  g_assert (index >= 0);
  return kpi_table_column (ev->table, index);
}

static guint compile_row (KpiEval *ev, const KpiNode *node);

/* A lookup table over the dictionary of dimension @col: entry code + 1 is
 * the truth of the comparison for that value, entry 0 (missing) unknown. */
static guint8 *
new_lut (KpiEval   *ev,
         KpiColumn *col)
{
  guint n = kpi_dict_get_size (col->dict);
  guint8 *lut = g_malloc0 (n + 1);

  lut[0] = B_UNKNOWN;
  g_ptr_array_add (ev->cur->owned, lut);
  return lut;
}

static guint
compile_text_comparison (KpiEval       *ev,
                         const KpiNode *node)
{
  KpiEvalProgram *prog = ev->cur;
  const KpiNode *a = node->a, *b = node->b;
  KpiNodeKind cmp = node->kind;
  Instr in = { 0 };

  if (a->kind == KPI_NODE_STRING && b->kind == KPI_NODE_STRING)
    return const_bool_reg (prog, text_compare (cmp, strcmp (a->text, b->text)) ? B_TRUE : B_FALSE);

  if (a->kind == KPI_NODE_FIELD && b->kind == KPI_NODE_FIELD)
    {
      /* Translate the codes of a into codes of b once, then compare codes. */
      KpiColumn *ca = field_column (ev, a), *cb = field_column (ev, b);
      guint n = kpi_dict_get_size (ca->dict);
      guint32 *map = g_new (guint32, MAX (n, 1));

      for (guint k = 0; k < n; k++)
        {
          const char *s = kpi_dict_get (ca->dict, k);
          map[k] = kpi_dict_lookup (cb->dict, s, strlen (s));
          if (map[k] == KPI_DIMENSION_MISSING)
            map[k] = KPI_DIMENSION_MISSING - 1;   /* matches no code of b */
        }
      g_ptr_array_add (prog->owned, map);
      in.op = OP_DIM_EQ;
      in.a = compile_row (ev, a);
      in.b = compile_row (ev, b);
      in.map = map;
      in.negate = cmp == KPI_NODE_NE;
      in.dst = new_reg (prog, R_BOOL, TRUE);
      return emit (prog, &in);
    }

  if (a->kind == KPI_NODE_STRING)
    {
      const KpiNode *t = a;
      a = b;
      b = t;
      cmp = flip_comparison (cmp);
    }

  {
    KpiColumn *col = field_column (ev, a);
    guint8 *lut = new_lut (ev, col);
    guint n = kpi_dict_get_size (col->dict);

    for (guint k = 0; k < n; k++)
      lut[k + 1] = text_compare (cmp, strcmp (kpi_dict_get (col->dict, k), b->text)) ? B_TRUE : B_FALSE;
    in.op = OP_LUT;
    in.a = compile_row (ev, a);
    in.lut = lut;
    in.dst = new_reg (prog, R_BOOL, TRUE);
    return emit (prog, &in);
  }
}

static guint
compile_in (KpiEval       *ev,
            const KpiNode *node)
{
  KpiEvalProgram *prog = ev->cur;
  Instr in = { 0 };

  if (kpi_formula_row_type (node->a, ev->table) == KPI_ROW_TEXT)
    {
      if (node->a->kind == KPI_NODE_STRING)
        {
          gboolean member = FALSE;
          for (guint i = 0; i < node->n_items; i++)
            member |= strcmp (node->items[i]->text, node->a->text) == 0;
          return const_bool_reg (prog, member != node->negate ? B_TRUE : B_FALSE);
        }
      {
        KpiColumn *col = field_column (ev, node->a);
        guint8 *lut = new_lut (ev, col);
        guint n = kpi_dict_get_size (col->dict);

        for (guint k = 0; k < n; k++)
          lut[k + 1] = node->negate ? B_TRUE : B_FALSE;
        for (guint i = 0; i < node->n_items; i++)
          {
            const char *s = node->items[i]->text;
            guint32 code = kpi_dict_lookup (col->dict, s, strlen (s));
            if (code != KPI_DIMENSION_MISSING)
              lut[code + 1] = node->negate ? B_FALSE : B_TRUE;
          }
        in.op = OP_LUT;
        in.a = compile_row (ev, node->a);
        in.lut = lut;
        in.dst = new_reg (prog, R_BOOL, TRUE);
        return emit (prog, &in);
      }
    }

  {
    double *set = g_new (double, node->n_items);

    for (guint i = 0; i < node->n_items; i++)
      set[i] = node->items[i]->number;
    g_ptr_array_add (prog->owned, set);
    in.op = OP_NUM_IN;
    in.a = compile_row (ev, node->a);
    in.set = set;
    in.n_set = node->n_items;
    in.negate = node->negate;
    in.dst = new_reg (prog, R_BOOL, TRUE);
    return emit (prog, &in);
  }
}

static double
fold (KpiNodeKind kind, double x, double y)
{
  switch (kind)
    {
    case KPI_NODE_ADD: return x + y;
    case KPI_NODE_SUB: return x - y;
    case KPI_NODE_MUL: return x * y;
    case KPI_NODE_DIV: return y == 0 ? NAN : x / y;
    default: g_assert_not_reached ();
    }
  return NAN;
}

static guint
compile_uncached (KpiEval       *ev,
                  const KpiNode *node)
{
  KpiEvalProgram *prog = ev->cur;
  Instr in = { 0 };

  switch (node->kind)
    {
    case KPI_NODE_NUMBER:
      return const_num_reg (prog, node->number);

    case KPI_NODE_STRING:
      /* Only reached as the argument of count(): a text is never missing. */
      return const_bool_reg (prog, B_TRUE);

    case KPI_NODE_FIELD:
      {
        KpiColumn *col = field_column (ev, node);

        /* A range of rows is read in place; gathered rows need room. */
        if (col->kind == KPI_COLUMN_MEASURE)
          {
            in.op = OP_LOAD_NUM;
            in.column = col->values;
            in.dst = new_reg (prog, R_NUM, prog == &ev->sprog);
          }
        else
          {
            in.op = OP_LOAD_CODES;
            in.codes = col->codes;
            in.dst = new_reg (prog, R_CODE, prog == &ev->sprog);
          }
        return emit (prog, &in);
      }

    case KPI_NODE_NEG:
      in.a = compile_row (ev, node->a);
      if (REG (prog, in.a)->is_const)
        return const_num_reg (prog, -REG (prog, in.a)->cval);
      in.op = OP_NEG;
      in.dst = new_reg (prog, R_NUM, TRUE);
      return emit (prog, &in);

    case KPI_NODE_ADD:
    case KPI_NODE_SUB:
    case KPI_NODE_MUL:
    case KPI_NODE_DIV:
      in.a = compile_row (ev, node->a);
      in.b = compile_row (ev, node->b);
      if (REG (prog, in.a)->is_const && REG (prog, in.b)->is_const)
        return const_num_reg (prog, fold (node->kind, REG (prog, in.a)->cval, REG (prog, in.b)->cval));
      in.op = node->kind == KPI_NODE_ADD ? OP_ADD : node->kind == KPI_NODE_SUB ? OP_SUB
              : node->kind == KPI_NODE_MUL ? OP_MUL : OP_DIV;
      in.dst = new_reg (prog, R_NUM, TRUE);
      return emit (prog, &in);

    case KPI_NODE_EQ:
    case KPI_NODE_NE:
    case KPI_NODE_LT:
    case KPI_NODE_LE:
    case KPI_NODE_GT:
    case KPI_NODE_GE:
      if (kpi_formula_row_type (node->a, ev->table) == KPI_ROW_TEXT)
        return compile_text_comparison (ev, node);
      in.op = OP_CMP;
      in.cmp = node->kind;
      in.a = compile_row (ev, node->a);
      in.b = compile_row (ev, node->b);
      in.dst = new_reg (prog, R_BOOL, TRUE);
      return emit (prog, &in);

    case KPI_NODE_IN:
      return compile_in (ev, node);

    case KPI_NODE_AND:
    case KPI_NODE_OR:
      in.op = node->kind == KPI_NODE_AND ? OP_AND : OP_OR;
      in.a = compile_row (ev, node->a);
      in.b = compile_row (ev, node->b);
      in.dst = new_reg (prog, R_BOOL, TRUE);
      return emit (prog, &in);

    case KPI_NODE_NOT:
      in.op = OP_NOT;
      in.a = compile_row (ev, node->a);
      in.dst = new_reg (prog, R_BOOL, TRUE);
      return emit (prog, &in);

    default:
      g_assert_not_reached ();
    }
  return 0;
}

/* Compiles a row-level subtree once per canonical key, so that the
 * conditions and values shared by several aggregates are computed once. */
static guint
compile_row (KpiEval       *ev,
             const KpiNode *node)
{
  GString *key = g_string_new (NULL);
  gpointer found;
  guint r;

  kpi_formula_append_key (node, key);
  found = g_hash_table_lookup (ev->cur->by_key, key->str);
  if (found != NULL)
    {
      g_string_free (key, TRUE);
      return GPOINTER_TO_UINT (found) - 1;
    }
  r = compile_uncached (ev, node);
  g_hash_table_insert (ev->cur->by_key, g_string_free (key, FALSE), GUINT_TO_POINTER (r + 1));
  return r;
}

/* and of two conditions, for count(condition where condition) */
static guint
compile_and (KpiEval *ev,
             guint    a,
             guint    b)
{
  Instr in = { 0 };

  in.op = OP_AND;
  in.a = a;
  in.b = b;
  in.dst = new_reg (ev->cur, R_BOOL, TRUE);
  return emit (ev->cur, &in);
}

static guint
compile_present (KpiEval *ev,
                 guint    value)
{
  Instr in = { 0 };

  if (REG (ev->cur, value)->kind == R_BOOL)
    return const_bool_reg (ev->cur, B_TRUE);   /* count("text") */
  in.op = REG (ev->cur, value)->kind == R_NUM ? OP_NUM_PRESENT : OP_CODE_PRESENT;
  in.a = value;
  in.dst = new_reg (ev->cur, R_BOOL, TRUE);
  return emit (ev->cur, &in);
}

/* The entity codes of snapshot(entity, ...): a dimension's own, or dense
 * codes for the values of a measure. */
static void
compile_entity (KpiEval    *ev,
                KpiEvalAgg *agg)
{
  KpiColumn *col = field_column (ev, agg->node->by);

  if (col->kind == KPI_COLUMN_DIMENSION)
    {
      agg->by_codes = col->codes;
      agg->n_by = kpi_dict_get_size (col->dict);
    }
  else
    agg->by_codes = kpi_eval_cache_measure_codes (ev->dataset, col, &agg->n_by);
}

void
kpi_eval_compile_aggregate (KpiEval    *ev,
                            KpiEvalAgg *agg)
{
  const KpiNode *node = agg->node;
  int where;

  /* snapshot() aggregates run over rows gathered period by period: a
   * program of their own, so that the scan of ranges does not compute
   * their expressions for nothing. */
  ev->cur = node->by != NULL ? &ev->sprog : &ev->prog;
  if (node->by != NULL)
    compile_entity (ev, agg);
  where = node->b != NULL ? (int) compile_row (ev, node->b) : -1;

  agg->value_reg = agg->filter_reg = agg->code_reg = -1;
  switch (agg->kind)
    {
    case KPI_AGG_COUNT:
      if (node->a != NULL)
        {
          guint arg = compile_row (ev, node->a);
          guint cond = REG (ev->cur, arg)->kind == R_BOOL ? arg : compile_present (ev, arg);
          agg->filter_reg = where >= 0 ? (int) compile_and (ev, cond, where) : (int) cond;
        }
      else
        agg->filter_reg = where;
      break;

    case KPI_AGG_COUNT_DISTINCT:
    case KPI_AGG_NEW:
    case KPI_AGG_RETAINED:
    case KPI_AGG_CHURNED:
      {
        KpiColumn *col = field_column (ev, node->a);
        const guint32 *codes;
        Instr in = { 0 };

        if (col->kind == KPI_COLUMN_DIMENSION)
          {
            codes = col->codes;
            agg->n_codes = kpi_dict_get_size (col->dict);
          }
        else
          codes = kpi_eval_cache_measure_codes (ev->dataset, col, &agg->n_codes);
        if (agg->kind == KPI_AGG_NEW)
          agg->first_seen = kpi_eval_cache_first_seen (ev->dataset, col->name, codes, agg->n_codes);
        /* Not through compile_row: measure codes are not the measure. */
        in.op = OP_LOAD_CODES;
        in.codes = codes;
        in.dst = new_reg (ev->cur, R_CODE, ev->cur == &ev->sprog);
        agg->code_reg = emit (ev->cur, &in);
        agg->filter_reg = where;
      }
      break;

    default:
      agg->value_reg = compile_row (ev, node->a);
      agg->filter_reg = where;
      break;
    }
}

/* ------------------------------------------------------------------------ */
/* Running */

void
kpi_eval_program_run (KpiEvalProgram *prog,
                      gsize           row0,
                      guint           n,
                      const guint32  *rows)
{
  for (guint k = 0; k < prog->instrs->len; k++)
    {
      const Instr *in = &g_array_index (prog->instrs, Instr, k);
      KpiEvalReg *d = REG (prog, in->dst);
      const KpiEvalReg *a = REG (prog, in->a), *b = REG (prog, in->b);
      double *dn = d->buf;
      guint8 *db = d->buf;

      switch (in->op)
        {
        case OP_LOAD_NUM:
          if (rows == NULL)
            d->num = in->column + row0;
          else
            for (guint i = 0; i < n; i++)
              dn[i] = in->column[rows[i]];
          break;
        case OP_LOAD_CODES:
          if (rows == NULL)
            d->codes = in->codes + row0;
          else
            {
              guint32 *dc = d->buf;
              for (guint i = 0; i < n; i++)
                dc[i] = in->codes[rows[i]];
            }
          break;
        case OP_ADD:
          for (guint i = 0; i < n; i++)
            dn[i] = a->num[i] + b->num[i];
          break;
        case OP_SUB:
          for (guint i = 0; i < n; i++)
            dn[i] = a->num[i] - b->num[i];
          break;
        case OP_MUL:
          for (guint i = 0; i < n; i++)
            dn[i] = a->num[i] * b->num[i];
          break;
        case OP_DIV:
          /* A row divided by zero is missing, as in SQL. */
          for (guint i = 0; i < n; i++)
            dn[i] = b->num[i] == 0 ? NAN : a->num[i] / b->num[i];
          break;
        case OP_NEG:
          for (guint i = 0; i < n; i++)
            dn[i] = -a->num[i];
          break;
        case OP_CMP:
          {
            const double *x = a->num, *y = b->num;
#define CMP_LOOP(OP) \
            for (guint i = 0; i < n; i++) \
              db[i] = isnan (x[i]) || isnan (y[i]) ? B_UNKNOWN : (x[i] OP y[i]) ? B_TRUE : B_FALSE;
            switch (in->cmp)
              {
              case KPI_NODE_EQ: CMP_LOOP (==); break;
              case KPI_NODE_NE: CMP_LOOP (!=); break;
              case KPI_NODE_LT: CMP_LOOP (<); break;
              case KPI_NODE_LE: CMP_LOOP (<=); break;
              case KPI_NODE_GT: CMP_LOOP (>); break;
              case KPI_NODE_GE: CMP_LOOP (>=); break;
              default: g_assert_not_reached ();
              }
#undef CMP_LOOP
          }
          break;
        case OP_NUM_IN:
          for (guint i = 0; i < n; i++)
            {
              double x = a->num[i];
              guint8 r = B_FALSE;

              if (isnan (x))
                {
                  db[i] = B_UNKNOWN;
                  continue;
                }
              for (guint j = 0; j < in->n_set; j++)
                if (x == in->set[j])
                  r = B_TRUE;
              db[i] = in->negate ? B_TRUE - r : r;
            }
          break;
        case OP_LUT:
          {
            const guint32 *codes = a->codes;
            const guint8 *lut = in->lut;
            /* code + 1 wraps KPI_DIMENSION_MISSING to entry 0 */
            for (guint i = 0; i < n; i++)
              db[i] = lut[(guint32) (codes[i] + 1)];
          }
          break;
        case OP_DIM_EQ:
          for (guint i = 0; i < n; i++)
            {
              guint32 x = a->codes[i], y = b->codes[i];
              if (x == KPI_DIMENSION_MISSING || y == KPI_DIMENSION_MISSING)
                db[i] = B_UNKNOWN;
              else
                db[i] = ((in->map[x] == y) != in->negate) ? B_TRUE : B_FALSE;
            }
          break;
        case OP_AND:
          for (guint i = 0; i < n; i++)
            db[i] = MIN (a->b[i], b->b[i]);
          break;
        case OP_OR:
          for (guint i = 0; i < n; i++)
            db[i] = MAX (a->b[i], b->b[i]);
          break;
        case OP_NOT:
          for (guint i = 0; i < n; i++)
            db[i] = B_TRUE - a->b[i];
          break;
        case OP_NUM_PRESENT:
          for (guint i = 0; i < n; i++)
            db[i] = isnan (a->num[i]) ? B_FALSE : B_TRUE;
          break;
        case OP_CODE_PRESENT:
          for (guint i = 0; i < n; i++)
            db[i] = a->codes[i] == KPI_DIMENSION_MISSING ? B_FALSE : B_TRUE;
          break;
        default:
          g_assert_not_reached ();
        }
    }
}
