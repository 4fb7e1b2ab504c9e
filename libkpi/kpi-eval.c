/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-eval.c: the vectorized evaluator of formulas: kpi_formula_evaluate(),
 * its period table, planning and combining.
 *
 * A formula is evaluated in three phases:
 *
 * 1. Planning walks the tree with the list of periods each subtree is
 *    needed for (prev() and last_year() shift the list), collecting the
 *    distinct periods into a table and the distinct aggregates (by
 *    canonical key: sum(amount) written twice is computed once).
 *
 * 2. Scanning compiles the row expressions and conditions of every
 *    aggregate into one small program over chunks of rows (common
 *    subexpressions shared, a measure leaf is a pointer into its column, a
 *    dimension predicate a lookup table indexed by dictionary code), then
 *    runs it once over the rows and feeds accumulators indexed by slot =
 *    period * n_groups + group. A time-sorted table is scanned period by
 *    period over row ranges found by binary search, so recomputing the
 *    current month costs the month's rows; other tables are scanned in
 *    full, each row's period found from its period ordinal (cached with the
 *    dataset and extended when rows are appended).
 *
 * 3. Combining walks the tree again over the per-slot results, with the
 *    arithmetic, offsets and references of the period level.
 *
 * The parts, each in a file of its own, share the state of an evaluation
 * (KpiEval, kpi-eval-private.h):
 *
 * - kpi-eval.c: the entry point, the period table, phases 1 and 3;
 * - kpi-eval-vm.c: the row programs, compiled and run (phase 2);
 * - kpi-eval-scan.c: the scan over chunks of rows (phase 2);
 * - kpi-eval-agg.c: the aggregates' accumulators and results (phase 2);
 * - kpi-eval-kernels.c: the vector summation kernels of sum() and avg();
 * - kpi-eval-cache.c: the per-row data kept with the dataset (period
 *   ordinals, measure codes, first-seen times).
 *
 * Locks: the dataset's read lock is held from the start of
 * kpi_formula_evaluate() to the end of phase 2 (the table cannot grow
 * meanwhile, and what the evaluation read stays valid); the caches are
 * found and extended under the dataset's cache lock (kpi-eval-cache.c).
 * Phase 3 holds no lock: references to other indicators are evaluated
 * with their own, so that an evaluation never takes the read lock twice.
 * Everything else belongs to the evaluation, in the calling thread. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi-formula-private.h"
#include "kpi-formula-checker-private.h"
#include "kpi-formula-ast-private.h"
#include "kpi-dataset-private.h"
#include "kpi-calendar-private.h"
#include "kpi-eval-private.h"
#include "kpi-database-private.h"

/* A number of the period level, while combining: one per period (of the
 * context) and group. */
typedef struct
{
  double v;       /* NAN: missing */
  guint  flags;   /* why it is missing */
} PV;

/* ------------------------------------------------------------------------ */
/* The period table */

static guint
period_hash (gconstpointer p)
{
  const KpiPeriod *period = p;
  guint64 s = (guint64) kpi_period_get_start (period);
  guint64 e = (guint64) kpi_period_get_end (period);
  guint64 h = s * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15) ^ (e + kpi_period_get_granularity (period));

  return (guint) (h ^ (h >> 32));
}

static gboolean
period_equal (gconstpointer a,
              gconstpointer b)
{
  return kpi_period_get_granularity (a) == kpi_period_get_granularity (b) &&
         kpi_period_get_start (a) == kpi_period_get_start (b) &&
         kpi_period_get_end (a) == kpi_period_get_end (b);
}

/* Index of @period in the table, adding a copy when new. */
static int
intern_period (KpiEval         *ev,
               const KpiPeriod *period)
{
  gpointer found = g_hash_table_lookup (ev->period_index, period);
  KpiPeriod *copy;
  gint64 start, end;
  int none = -2;

  if (found != NULL)
    return GPOINTER_TO_INT (found) - 1;
  copy = kpi_period_copy (period);
  g_ptr_array_add (ev->periods, copy);
  g_hash_table_insert (ev->period_index, copy, GINT_TO_POINTER (ev->periods->len));
  g_array_append_val (ev->prev_of, none);
  start = kpi_period_get_start (copy);
  end = kpi_period_get_end (copy);
  g_array_append_val (ev->starts, start);
  g_array_append_val (ev->ends, end);
  return ev->periods->len - 1;
}

/* The context of an offset node: its period for each entry of @ctx. */
static int *
shift_context (KpiEval       *ev,
               const KpiNode *node,
               const int     *ctx,
               guint          n_ctx)
{
  int *out = g_new (int, MAX (n_ctx, 1));

  for (guint i = 0; i < n_ctx; i++)
    {
      KpiPeriod *q;

      out[i] = -1;
      if (ctx[i] < 0)
        continue;
      if (node->kind == KPI_NODE_PREV)
        q = kpi_calendar_offset (ev->req->calendar, g_ptr_array_index (ev->periods, ctx[i]),
                                 -node->offset);
      else
        q = kpi_calendar_same_period_last_year (ev->req->calendar,
                                                g_ptr_array_index (ev->periods, ctx[i]));
      if (q != NULL)
        {
          out[i] = intern_period (ev, q);
          kpi_period_free (q);
        }
    }
  return out;
}

/* ------------------------------------------------------------------------ */
/* Phase 1: planning */

/* Both tree walks carry a context: for each of the request's @n_ctx
 * periods, the index in the period table of the period a subtree is
 * evaluated for (the request's period, shifted by the prev() and
 * last_year() above the subtree), or -1 where a shift has no period. */
static void
plan (KpiEval       *ev,
      const KpiNode *node,
      const int     *ctx,
      guint          n_ctx)
{
  switch (node->kind)
    {
    case KPI_NODE_AGGREGATE:
      {
        KpiEvalAgg *a = g_hash_table_lookup (ev->agg_by_node, node);

        if (a == NULL)
          {
            GString *key = g_string_new (NULL);

            kpi_formula_append_key (node, key);
            a = g_hash_table_lookup (ev->agg_by_key, key->str);
            if (a == NULL)
              {
                a = kpi_eval_agg_new (node);
                g_ptr_array_add (ev->aggs, a);
                g_hash_table_insert (ev->agg_by_key, g_string_free (key, FALSE), a);
              }
            else
              g_string_free (key, TRUE);
            g_hash_table_insert (ev->agg_by_node, (gpointer) node, a);
          }
        if (a->kind == KPI_AGG_RETAINED || a->kind == KPI_AGG_CHURNED)
          for (guint i = 0; i < n_ctx; i++)
            {
              KpiPeriod *q;
              int pp = -1;

              if (ctx[i] < 0 || g_array_index (ev->prev_of, int, ctx[i]) != -2)
                continue;
              q = kpi_calendar_previous (ev->req->calendar, g_ptr_array_index (ev->periods, ctx[i]));
              if (q != NULL)
                {
                  pp = intern_period (ev, q);
                  kpi_period_free (q);
                }
              g_array_index (ev->prev_of, int, ctx[i]) = pp;
            }
      }
      return;

    case KPI_NODE_PREV:
    case KPI_NODE_LAST_YEAR:
      {
        int *shifted = shift_context (ev, node, ctx, n_ctx);
        plan (ev, node->a, shifted, n_ctx);
        g_free (shifted);
      }
      return;

    case KPI_NODE_NUMBER:
    case KPI_NODE_REF:
      return;

    default:
      if (node->a != NULL)
        plan (ev, node->a, ctx, n_ctx);
      if (node->b != NULL)
        plan (ev, node->b, ctx, n_ctx);
      return;
    }
}

/* ------------------------------------------------------------------------ */
/* Phase 3: combining, over arrays of n_ctx * G values */

/* Keeps the @warnings (nullable) that are new */
static void
add_warnings (KpiEval            *ev,
              const char * const *warnings)
{
  for (gsize i = 0; warnings != NULL && warnings[i] != NULL; i++)
    {
      gboolean seen = FALSE;

      for (guint k = 0; k < ev->warnings->len && !seen; k++)
        seen = strcmp (g_ptr_array_index (ev->warnings, k), warnings[i]) == 0;
      if (!seen)
        g_ptr_array_add (ev->warnings, g_strdup (warnings[i]));
    }
}

/* The values of `@id` (@node) for the context @ctx, from the request's
 * resolver; an error is kept in ev->error (the first one only). */
static PV *
resolve_reference (KpiEval       *ev,
                   const KpiNode *node,
                   const int     *ctx,
                   guint          n_ctx,
                   guint64       *sample)
{
  PV *out = g_new (PV, (gsize) MAX (n_ctx, 1) * ev->G);
  KpiEvalRequest sub = *ev->req;
  GPtrArray *periods = g_ptr_array_new ();
  GPtrArray *values;
  GError *error = NULL;
  guint j = 0;

  for (gsize i = 0; i < (gsize) n_ctx * ev->G; i++)
    {
      out[i].v = NAN;
      out[i].flags = KPI_VALUE_FLAG_MISSING_INPUT;
    }
  for (guint i = 0; i < n_ctx; i++)
    if (ctx[i] >= 0)
      g_ptr_array_add (periods, g_ptr_array_index (ev->periods, ctx[i]));
  /* The first error wins: once a reference failed (`@a + @b` with neither
   * known), the others are not resolved, nor their errors set over it. */
  if (periods->len == 0 || ev->error != NULL)
    {
      g_ptr_array_free (periods, TRUE);
      return out;
    }

  if (ev->req->resolve == NULL)
    {
      /* The evaluator knows no indicators: the layer above resolves them
       * (kpi-indicator-eval.c, through a context). */
      g_set_error (&ev->error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "column %u: “@%s” is a reference to an indicator, which nothing resolves here",
                   kpi_formula_column (ev->formula, node->pos), node->text);
      g_ptr_array_free (periods, TRUE);
      return out;
    }
  sub.periods = periods;
  values = ev->req->resolve (node->text, &sub, ev->req->resolve_data, &error);
  if (values == NULL)
    {
      /* the resolver's contract: NULL comes with an error */
      if (G_UNLIKELY (error == NULL))
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     "column %u: the reference “@%s” could not be resolved",
                     kpi_formula_column (ev->formula, node->pos), node->text);
      g_propagate_error (&ev->error, error);
      g_ptr_array_free (periods, TRUE);
      return out;
    }
  /* The resolver is ours (kpi-indicator-eval.c): the layout is known. */
  g_assert (values->len == periods->len * ev->G);

  for (guint i = 0; i < n_ctx; i++)
    {
      if (ctx[i] < 0)
        continue;
      for (guint g = 0; g < ev->G; g++)
        {
          KpiValue *value = g_ptr_array_index (values, j * ev->G + g);
          double x;

          if (kpi_value_get_number (value, &x))
            {
              out[(gsize) i * ev->G + g].v = x;
              out[(gsize) i * ev->G + g].flags = 0;
            }
          add_warnings (ev, kpi_value_get_warnings (value));
          if (sample != NULL)
            sample[(gsize) i * ev->G + g] = MAX (sample[(gsize) i * ev->G + g],
                                                 kpi_value_get_sample_size (value));
        }
      j++;
    }
  g_ptr_array_unref (values);
  g_ptr_array_free (periods, TRUE);
  return out;
}

/* The values of @node for the context @ctx: n_ctx * G of them, context
 * entry major (a new array). @sample (nullable), of the same layout, is
 * raised to the sample size of each aggregate and reference met: the
 * largest is the value's. */
static PV *
combine (KpiEval       *ev,
         const KpiNode *node,
         const int     *ctx,
         guint          n_ctx,
         guint64       *sample)
{
  gsize m = (gsize) n_ctx * ev->G;
  PV *out;

  switch (node->kind)
    {
    case KPI_NODE_NUMBER:
      out = g_new (PV, MAX (m, 1));
      for (gsize i = 0; i < m; i++)
        {
          out[i].v = node->number;
          out[i].flags = 0;
        }
      return out;

    case KPI_NODE_AGGREGATE:
      {
        KpiEvalAgg *a = g_hash_table_lookup (ev->agg_by_node, node);

        out = g_new (PV, MAX (m, 1));
        for (guint i = 0; i < n_ctx; i++)
          for (guint g = 0; g < ev->G; g++)
            {
              gsize k = (gsize) i * ev->G + g;

              if (ctx[i] < 0)
                {
                  out[k].v = NAN;
                  out[k].flags = KPI_VALUE_FLAG_MISSING_INPUT;
                  continue;
                }
              {
                gsize slot = (gsize) ctx[i] * ev->G + g;
                out[k].v = a->result[slot];
                out[k].flags = a->rflags[slot];
                if (sample != NULL)
                  sample[k] = MAX (sample[k], a->n[slot]);
              }
            }
        return out;
      }

    case KPI_NODE_REF:
      return resolve_reference (ev, node, ctx, n_ctx, sample);

    case KPI_NODE_PREV:
    case KPI_NODE_LAST_YEAR:
      {
        int *shifted = shift_context (ev, node, ctx, n_ctx);

        /* The sample size is the current period's: not passed down. */
        out = combine (ev, node->a, shifted, n_ctx, NULL);
        g_free (shifted);
        for (gsize i = 0; i < m; i++)
          if (isnan (out[i].v))
            out[i].flags = KPI_VALUE_FLAG_MISSING_INPUT;
        return out;
      }

    case KPI_NODE_NEG:
      out = combine (ev, node->a, ctx, n_ctx, sample);
      for (gsize i = 0; i < m; i++)
        out[i].v = -out[i].v;
      return out;

    case KPI_NODE_ADD:
    case KPI_NODE_SUB:
    case KPI_NODE_MUL:
    case KPI_NODE_DIV:
      {
        PV *y;

        out = combine (ev, node->a, ctx, n_ctx, sample);
        y = combine (ev, node->b, ctx, n_ctx, sample);
        for (gsize i = 0; i < m; i++)
          {
            double a = out[i].v, b = y[i].v, r;

            if (isnan (a) || isnan (b))
              {
                out[i].v = NAN;
                out[i].flags = (isnan (a) ? out[i].flags : 0) | (isnan (b) ? y[i].flags : 0);
                continue;
              }
            switch (node->kind)
              {
              case KPI_NODE_ADD: r = a + b; break;
              case KPI_NODE_SUB: r = a - b; break;
              case KPI_NODE_MUL: r = a * b; break;
              default:
                if (b == 0)
                  {
                    out[i].v = NAN;
                    out[i].flags = KPI_VALUE_FLAG_DIVISION_BY_ZERO;
                    continue;
                  }
                r = a / b;
                break;
              }
            out[i].v = isfinite (r) ? r : NAN;
            out[i].flags = isfinite (r) ? 0 : KPI_VALUE_FLAG_OVERFLOW;
          }
        g_free (y);
        return out;
      }

    default:
      g_assert_not_reached ();
    }
  return NULL;
}

/* ------------------------------------------------------------------------ */

static gboolean
has_sources (const KpiNode *node)
{
  if (node->kind == KPI_NODE_AGGREGATE || node->kind == KPI_NODE_REF)
    return TRUE;
  if (node->kind == KPI_NODE_PREV || node->kind == KPI_NODE_LAST_YEAR)
    return FALSE;   /* other periods: not this period's sample */
  return (node->a != NULL && has_sources (node->a)) ||
         (node->b != NULL && has_sources (node->b));
}

/* The name of each group slot: the dimension value when exactly one maps
 * to the slot, else none (the caller names buckets such as "other"). */
static char **
group_names (KpiEval *ev)
{
  const KpiEvalRequest *req = ev->req;
  char **names = g_new0 (char *, ev->G);
  guint *count = g_new0 (guint, ev->G);
  KpiColumn *col = kpi_table_column (ev->table, kpi_table_lookup (ev->table, req->group_by));
  guint n = MIN ((gsize) kpi_dict_get_size (col->dict), req->group_map_len);

  for (guint c = 0; c < n; c++)
    {
      guint32 g = req->group_map[c];
      if (g < ev->G && count[g]++ == 0)
        names[g] = (char *) kpi_dict_get (col->dict, c);
    }
  for (guint g = 0; g < ev->G; g++)
    if (count[g] != 1 || g == req->missing_slot)
      names[g] = NULL;
  g_free (count);
  return names;
}

/* Sets up @ev for @formula and @request: checks the formula against the
 * dataset, makes the breakdown's table and the unknown-value warnings.
 * The caller holds the dataset's read lock; on failure @ev holds
 * nothing (eval_clear() is harmless). */
static gboolean
eval_init (KpiEval               *ev,
           KpiFormula            *formula,
           const KpiEvalRequest  *request,
           GError               **error)
{
  memset (ev, 0, sizeof *ev);
  if (!kpi_formula_check_tree (formula, kpi_dataset_get_table (request->dataset), error))
    return FALSE;

  ev->formula = formula;
  ev->req = request;
  ev->cancellable = request->cancellable;
  ev->dataset = request->dataset;
  ev->table = kpi_dataset_get_table (request->dataset);
  ev->n_rows = ev->table->n_rows;
  ev->times = kpi_table_column (ev->table, ev->table->time_index)->times;
  ev->G = MAX (request->n_groups, 1);
  ev->kernels = kpi_eval_sum_kernels ();

  if (request->group_by != NULL)
    {
      int index = kpi_table_lookup (ev->table, request->group_by);

      if (index < 0)
        {
          g_set_error (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_UNKNOWN_FIELD,
                       "unknown field “%s” to break down by", request->group_by);
          return FALSE;
        }
      if (kpi_table_column (ev->table, index)->kind != KPI_COLUMN_DIMENSION)
        {
          g_set_error (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_NOT_A_DIMENSION,
                       "cannot break down by “%s”: it is not a dimension", request->group_by);
          return FALSE;
        }
      ev->group_codes = kpi_table_column (ev->table, index)->codes;
      ev->group_lut = kpi_eval_group_lut_new (ev, kpi_table_column (ev->table, index));
    }

  /* Values compared with dimensions that never held them: warnings that
   * every value of the evaluation carries. */
  ev->warnings = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  {
    g_auto(GStrv) unknown = kpi_formula_list_unknown_values (formula, ev->table);
    add_warnings (ev, (const char * const *) unknown);
  }
  ev->periods = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_period_free);
  ev->period_index = g_hash_table_new (period_hash, period_equal);
  ev->prev_of = g_array_new (FALSE, FALSE, sizeof (int));
  ev->starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  ev->ends = g_array_new (FALSE, FALSE, sizeof (gint64));
  ev->aggs = g_ptr_array_new_with_free_func (kpi_eval_agg_free);
  ev->agg_by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ev->agg_by_node = g_hash_table_new (NULL, NULL);
  kpi_eval_program_init (&ev->prog);
  kpi_eval_program_init (&ev->sprog);
  ev->cur = &ev->prog;
  return TRUE;
}

static void
eval_clear (KpiEval *ev)
{
  g_clear_pointer (&ev->warnings, g_ptr_array_unref);
  g_clear_pointer (&ev->cover, g_free);
  g_clear_pointer (&ev->group_lut, g_free);
  if (ev->aggs == NULL)
    return;
  g_ptr_array_unref (ev->aggs);
  g_hash_table_unref (ev->agg_by_key);
  g_hash_table_unref (ev->agg_by_node);
  kpi_eval_program_clear (&ev->prog);
  kpi_eval_program_clear (&ev->sprog);
  g_hash_table_unref (ev->period_index);
  g_ptr_array_unref (ev->periods);
  g_array_free (ev->prev_of, TRUE);
  g_array_free (ev->starts, TRUE);
  g_array_free (ev->ends, TRUE);
  ev->aggs = NULL;
}

/* Phase 1 over the request's periods: the period table and the
 * aggregates; a new array of the index of each request's period. */
static int *
eval_plan (KpiEval *ev)
{
  guint n_root = ev->req->periods->len;
  int *root = g_new (int, MAX (n_root, 1));

  for (guint i = 0; i < n_root; i++)
    root[i] = intern_period (ev, g_ptr_array_index (ev->req->periods, i));
  plan (ev, ev->formula->root, root, n_root);
  ev->n_slots = (gsize) ev->periods->len * ev->G + 1;
  return root;
}

/* Takes the dataset's read lock and sets @ev up. A dataset attached to a
 * database whose formula cannot be pushed down fails, or, when its
 * pushdown property says so, fetches its rows first (then evaluated in
 * memory). Returns with the lock held on success only. */
static gboolean
lock_and_init (KpiEval               *ev,
               KpiFormula            *formula,
               const KpiEvalRequest  *request,
               GError               **error)
{
  GError *local = NULL;

  kpi_dataset_read_lock (request->dataset);
  if (!eval_init (ev, formula, request, error))
    goto fail;
  if (kpi_dataset_get_remote (request->dataset) == NULL ||
      kpi_eval_sql_check (formula, request, &local))
    return TRUE;

  if (kpi_dataset_get_pushdown (request->dataset) != KPI_PUSHDOWN_FETCH)
    {
      g_propagate_error (error, local);
      goto fail;
    }
  g_clear_error (&local);
  eval_clear (ev);
  kpi_dataset_read_unlock (request->dataset);
  if (!kpi_dataset_fetch (request->dataset, request->cancellable, error))
    return FALSE;
  kpi_dataset_read_lock (request->dataset);
  if (eval_init (ev, formula, request, error))
    return TRUE;

fail:
  eval_clear (ev);
  kpi_dataset_read_unlock (request->dataset);
  return FALSE;
}

GPtrArray *
kpi_formula_evaluate (KpiFormula            *formula,
                      const KpiEvalRequest  *request,
                      GError               **error)
{
  KpiEval ev = { 0 };
  GPtrArray *result = NULL;
  int *root = NULL;
  guint n_root;
  PV *values = NULL;
  guint64 *sample = NULL;
  char **names = NULL;
  gboolean locked = TRUE;

  g_return_val_if_fail (formula != NULL, NULL);
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (KPI_IS_DATASET (request->dataset), NULL);
  g_return_val_if_fail (KPI_IS_CALENDAR (request->calendar), NULL);
  g_return_val_if_fail (request->periods != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The table is read from here to the end of the scan: appends and loads
   * wait (references to other indicators are evaluated after it, with the
   * lock released, so that an evaluation never takes it twice). */
  if (!lock_and_init (&ev, formula, request, error))
    return NULL;

  /* Phase 1 */
  n_root = request->periods->len;
  root = eval_plan (&ev);

  /* Phase 2 */
  if (ev.n_slots >= G_MAXUINT32)
    {
      g_set_error (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_TYPE,
                   "too many periods (%u) times groups (%u) in one evaluation",
                   ev.periods->len, ev.G);
      goto out;
    }
  ev.cover = g_new (guint8, MAX (ev.periods->len, 1));
  for (guint p = 0; p < ev.periods->len; p++)
    ev.cover[p] = kpi_dataset_cover (ev.dataset, g_array_index (ev.starts, gint64, p),
                                     g_array_index (ev.ends, gint64, p));
  if (kpi_dataset_get_remote (ev.dataset) != NULL)
    {
      /* In the database: one query for every aggregate (kpi-eval-sql.c) */
      if (!kpi_eval_sql_run (&ev, error))
        goto out;
    }
  else
    {
      for (guint k = 0; k < ev.aggs->len; k++)
        {
          KpiEvalAgg *a = g_ptr_array_index (ev.aggs, k);
          kpi_eval_compile_aggregate (&ev, a);
          kpi_eval_agg_alloc (&ev, a);
        }
      kpi_eval_scan (&ev);
      for (guint k = 0; k < ev.aggs->len; k++)
        kpi_eval_agg_finish (&ev, g_ptr_array_index (ev.aggs, k));
    }
  if (request->group_by != NULL)
    names = group_names (&ev);   /* strings of the dictionary: they do not move */
  kpi_dataset_read_unlock (request->dataset);
  locked = FALSE;
  if (g_cancellable_set_error_if_cancelled (request->cancellable, error))
    goto out;

  /* Phase 3 */
  sample = g_new0 (guint64, (gsize) MAX (n_root, 1) * ev.G);
  values = combine (&ev, formula->root, root, n_root, sample);
  if (ev.error != NULL)
    {
      g_propagate_error (error, ev.error);
      goto out;
    }

  result = g_ptr_array_new_full ((guint) ((gsize) n_root * ev.G), (GDestroyNotify) kpi_value_unref);
  {
    gboolean sourced = has_sources (formula->root);

    for (guint i = 0; i < n_root; i++)
      {
        const KpiPeriod *period = g_ptr_array_index (request->periods, i);
        KpiValueFlags common = kpi_period_is_partial (period) ? KPI_VALUE_FLAG_PARTIAL_PERIOD : 0;

        /* Data for part of the period only: its values are partial too. */
        if (ev.aggs->len > 0 && ev.cover[root[i]] == KPI_COVERAGE_PARTIAL)
          common |= KPI_VALUE_FLAG_PARTIAL_PERIOD;

        for (guint g = 0; g < ev.G; g++)
          {
            gsize k = (gsize) i * ev.G + g;
            KpiValueFlags flags = common;
            KpiValue *value;

            if (sourced && request->min_sample > 0 && sample[k] < request->min_sample)
              flags |= KPI_VALUE_FLAG_LOW_SAMPLE;
            if (ev.warnings->len > 0)
              flags |= KPI_VALUE_FLAG_UNKNOWN_VALUE;
            if (isnan (values[k].v))
              value = kpi_value_new_missing (period, sample[k], flags | values[k].flags);
            else
              value = kpi_value_new (period, values[k].v, sample[k], flags);
            if (names != NULL && names[g] != NULL)
              kpi_value_set_group (value, KPI_GROUP_KIND_VALUE, names[g]);
            if (ev.warnings->len > 0)
              kpi_value_add_warnings (value, (const char * const *) ev.warnings->pdata);
            g_ptr_array_add (result, value);
          }
      }
  }

out:
  if (locked)
    kpi_dataset_read_unlock (request->dataset);
  g_free (names);
  g_free (values);
  g_free (sample);
  g_free (root);
  eval_clear (&ev);
  return result;
}

char *
kpi_formula_explain (KpiFormula            *formula,
                     const KpiEvalRequest  *request,
                     GError               **error)
{
  KpiEval ev = { 0 };
  g_autofree int *root = NULL;
  char *sql = NULL;

  g_return_val_if_fail (formula != NULL, NULL);
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (KPI_IS_DATASET (request->dataset), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  kpi_dataset_read_lock (request->dataset);
  if (kpi_dataset_get_remote (request->dataset) == NULL)
    g_set_error (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_NOT_PUSHABLE,
                 "the dataset is not attached to a database: its formulas are evaluated in memory");
  else if (eval_init (&ev, formula, request, error) && kpi_eval_sql_check (formula, request, error))
    {
      root = eval_plan (&ev);
      sql = kpi_eval_sql_explain (&ev);
    }
  kpi_dataset_read_unlock (request->dataset);
  eval_clear (&ev);
  return sql;
}
