/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-eval.c: the vectorized evaluator of formulas.
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
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kpi-formula-private.h"
#include "kpi-formula-checker-private.h"
#include "kpi-formula-ast-private.h"
#include "kpi-dataset-private.h"
#include "kpi-calendar-private.h"
#include "kpi-stats-private.h"

#define CHUNK 2048

/* Three-valued logic, SQL's: a condition on a missing value is unknown.
 * With this encoding and = min, or = max, not = 2 - x. */
#define B_FALSE   0
#define B_UNKNOWN 1
#define B_TRUE    2

/* Distinct counts keep one bitset of dictionary codes per slot; above this
 * many bytes they collect (slot, code) pairs and sort them instead. */
#define DISTINCT_BITSET_MAX ((gsize) 256 << 20)

/* ------------------------------------------------------------------------ */
/* Program: registers and instructions over one chunk of rows */

typedef enum {
  R_NUM,
  R_BOOL,
  R_CODE,
} RegKind;

typedef struct
{
  RegKind         kind;
  gboolean        is_const;
  double          cval;       /* R_NUM constant */
  const double   *num;        /* this chunk's values */
  const guint8   *b;
  const guint32  *codes;
  gpointer        buf;        /* owned storage, CHUNK elements */
} Reg;

typedef enum {
  OP_LOAD_NUM,     /* num = column + row0 */
  OP_LOAD_CODES,   /* codes = column + row0 */
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

typedef struct
{
  GArray     *regs;      /* Reg */
  GArray     *instrs;    /* Instr */
  GHashTable *by_key;    /* canonical key -> reg index + 1 */
  GPtrArray  *owned;     /* tables the instructions point to */
} Program;

#define REG(prog, i) (&g_array_index ((prog)->regs, Reg, (i)))

static void
program_init (Program *prog)
{
  prog->regs = g_array_new (FALSE, TRUE, sizeof (Reg));
  prog->instrs = g_array_new (FALSE, TRUE, sizeof (Instr));
  prog->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  prog->owned = g_ptr_array_new_with_free_func (g_free);
}

static void
program_clear (Program *prog)
{
  for (guint r = 0; r < prog->regs->len; r++)
    g_free (REG (prog, r)->buf);
  g_array_free (prog->regs, TRUE);
  g_array_free (prog->instrs, TRUE);
  g_hash_table_unref (prog->by_key);
  g_ptr_array_unref (prog->owned);
}

/* ------------------------------------------------------------------------ */
/* Aggregates */

typedef struct
{
  KpiAggKind      kind;
  const KpiNode  *node;
  int             value_reg;    /* R_NUM or -1 */
  int             filter_reg;   /* R_BOOL or -1 */
  int             code_reg;     /* R_CODE (distinct family) or -1 */
  guint           n_codes;      /* distinct family */
  const gint64   *first_seen;   /* KPI_AGG_NEW: code -> time of first row */
  /* snapshot(): the codes of the entity column (NULL for other aggregates),
   * whose latest row per entity the aggregate is taken over */
  const guint32  *by_codes;
  guint           n_by;

  /* Accumulators, one per slot (the last slot is a trash slot) */
  double         *s;            /* sum; min/max: the extremum; first/last: value */
  double         *c;            /* Neumaier compensation */
  guint64        *n;            /* rows that went in */
  gint64         *t;            /* first/last: time of the kept row */
  GArray        **vals;         /* median: the values */
  guint64        *bits;         /* distinct: bitsets */
  gsize           words;
  GArray         *pairs;        /* distinct: slot << 32 | code */

  gsize           n_slots;

  /* Results */
  double         *result;       /* NAN when missing */
  guint8         *rflags;       /* KpiValueFlags of missing results */
} Agg;

/* ------------------------------------------------------------------------ */
/* Evaluation state */

/* A compensated sum of the rows that count: see SUM_MASKED_BODY */
typedef guint64 (*SumFunc) (const double *v, const guint8 *f, const guint32 *sl,
                            guint32 target, guint n, double *s, double *c);

typedef struct
{
  KpiFormula            *formula;
  const KpiEvalRequest  *req;
  KpiDataset            *dataset;
  KpiTable              *table;
  gsize                  n_rows;
  const gint64          *times;
  guint                  G;           /* groups, at least 1 */
  const guint32         *group_codes; /* NULL: no breakdown */

  GPtrArray             *periods;     /* KpiPeriod*, owned: the period table */
  GHashTable            *period_index;/* KpiPeriod* -> index + 1 */
  GArray                *prev_of;     /* gint per period: -2 unknown, -1 none */
  GArray                *starts;      /* gint64 per period */
  GArray                *ends;
  guint8                *cover;       /* KpiCoverage per period */

  GPtrArray             *aggs;        /* Agg* */
  GHashTable            *agg_by_key;  /* key -> Agg* */
  GHashTable            *agg_by_node; /* KpiNode* -> Agg* */
  gsize                  n_slots;     /* periods * G, plus the trash slot */

  Program                prog;        /* over ranges of rows */
  Program                sprog;       /* snapshot(): over gathered rows */
  Program               *cur;         /* the one being compiled into */
  const SumFunc         *kernels;     /* for this processor: plain,
                                       * filtered, slotted, both */
  guint32               *group_lut;   /* code + 1 -> group, G: none */
  GPtrArray             *warnings;    /* char*: unknown values, those of
                                       * referenced indicators too */
  GCancellable          *cancellable; /* checked once a chunk */
  GError                *error;
} Eval;

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
intern_period (Eval            *ev,
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
shift_context (Eval          *ev,
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
/* Dataset caches: per-row data derived from appended-only columns, kept
 * with the dataset and extended, never rebuilt, when rows are appended. */

typedef struct
{
  gint64  base;
  gsize   n;
  gsize   cap;
  gint32 *ord;
} OrdinalCache;

static void
ordinal_cache_free (gpointer p)
{
  OrdinalCache *cache = p;

  g_free (cache->ord);
  g_free (cache);
}

/* The period ordinal (minus the cache's base) of every row, for
 * @granularity in the calendar of the request. Keyed by what ordinals
 * depend on (zone, fiscal year), not by calendar object, so that calendars
 * alike share it and a freed calendar leaves nothing stale behind. */
static const gint32 *
ensure_ordinals (Eval           *ev,
                 KpiGranularity  granularity,
                 gint64         *base)
{
  KpiCalendar *cal = ev->req->calendar;
  GTimeZone *tz = kpi_calendar_get_time_zone (cal);
  char *key = g_strdup_printf ("kpi-eval/ordinals/%s/%u/%d",
                               g_time_zone_get_identifier (tz),
                               kpi_calendar_get_fiscal_year_start_month (cal),
                               (int) granularity);
  OrdinalCache *cache;

  kpi_dataset_lock_caches (ev->dataset);
  cache = kpi_dataset_get_cache (ev->dataset, key);
  if (cache == NULL)
    {
      cache = g_new0 (OrdinalCache, 1);
      cache->base = ev->n_rows > 0 ? kpi_calendar_ordinal_at (cal, granularity, ev->table->min_time) : 0;
      kpi_dataset_set_cache (ev->dataset, key, cache, ordinal_cache_free);
    }
  g_free (key);

  if (cache->n < ev->n_rows)
    {
      if (cache->cap < ev->n_rows)
        {
          cache->cap = MAX (ev->n_rows, cache->cap + cache->cap / 2);
          cache->ord = g_renew (gint32, cache->ord, cache->cap);
        }
      kpi_calendar_ordinals (cal, granularity, ev->times + cache->n, ev->n_rows - cache->n,
                             cache->ord + cache->n, cache->base);
      cache->n = ev->n_rows;
    }
  kpi_dataset_unlock_caches (ev->dataset);
  *base = cache->base;
  return cache->ord;
}

/* Dense codes for the values of a measure, so that distinct counts of a
 * measure work like those of a dimension. */
typedef struct
{
  gsize    n;
  gsize    cap;
  guint32 *codes;
  guint64 *keys;      /* open addressing: value bits, or EMPTY */
  guint32 *slots;     /* code of keys[i] */
  gsize    mask;
  guint32  n_codes;
} MeasureCodes;

#define KEY_EMPTY G_GUINT64_CONSTANT (0xFFFFFFFFFFFFFFFF)  /* a NaN: never a key */

static void
measure_codes_free (gpointer p)
{
  MeasureCodes *mc = p;

  g_free (mc->codes);
  g_free (mc->keys);
  g_free (mc->slots);
  g_free (mc);
}

static guint32
measure_code (MeasureCodes *mc,
              double        v)
{
  guint64 bits;
  gsize i;

  if (isnan (v))
    return KPI_DIMENSION_MISSING;
  if (v == 0)
    v = 0;  /* -0 and 0 are one value */
  memcpy (&bits, &v, sizeof bits);
  if ((gsize) (mc->n_codes + 1) * 2 > mc->mask + 1)
    {
      gsize old = mc->mask + 1;
      guint64 *keys = mc->keys;
      guint32 *slots = mc->slots;

      mc->mask = old * 2 - 1;
      mc->keys = g_new (guint64, mc->mask + 1);
      mc->slots = g_new (guint32, mc->mask + 1);
      memset (mc->keys, 0xff, sizeof (guint64) * (mc->mask + 1));
      for (gsize k = 0; k < old; k++)
        if (keys[k] != KEY_EMPTY)
          {
            gsize j = (keys[k] * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 20 & mc->mask;
            while (mc->keys[j] != KEY_EMPTY)
              j = (j + 1) & mc->mask;
            mc->keys[j] = keys[k];
            mc->slots[j] = slots[k];
          }
      g_free (keys);
      g_free (slots);
    }
  i = (bits * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 20 & mc->mask;
  while (mc->keys[i] != KEY_EMPTY)
    {
      if (mc->keys[i] == bits)
        return mc->slots[i];
      i = (i + 1) & mc->mask;
    }
  mc->keys[i] = bits;
  mc->slots[i] = mc->n_codes;
  return mc->n_codes++;
}

static MeasureCodes *
ensure_measure_codes (Eval      *ev,
                      KpiColumn *col)
{
  char *key = g_strdup_printf ("kpi-eval/measure-codes/%s", col->name);
  MeasureCodes *mc;

  kpi_dataset_lock_caches (ev->dataset);
  mc = kpi_dataset_get_cache (ev->dataset, key);
  if (mc == NULL)
    {
      mc = g_new0 (MeasureCodes, 1);
      mc->mask = 63;
      mc->keys = g_new (guint64, 64);
      mc->slots = g_new (guint32, 64);
      memset (mc->keys, 0xff, sizeof (guint64) * 64);
      kpi_dataset_set_cache (ev->dataset, key, mc, measure_codes_free);
    }
  g_free (key);
  if (mc->n < ev->n_rows)
    {
      if (mc->cap < ev->n_rows)
        {
          mc->cap = MAX (ev->n_rows, mc->cap + mc->cap / 2);
          mc->codes = g_renew (guint32, mc->codes, mc->cap);
        }
      for (gsize r = mc->n; r < ev->n_rows; r++)
        mc->codes[r] = measure_code (mc, col->values[r]);
      mc->n = ev->n_rows;
    }
  kpi_dataset_unlock_caches (ev->dataset);
  return mc;
}

/* The time of the first row of each code, over the whole dataset. */
typedef struct
{
  gsize   n;
  guint   n_codes;
  gint64 *first;
} FirstSeen;

static void
first_seen_free (gpointer p)
{
  FirstSeen *fs = p;

  g_free (fs->first);
  g_free (fs);
}

static const gint64 *
ensure_first_seen (Eval          *ev,
                   const char    *column,
                   const guint32 *codes,
                   guint          n_codes)
{
  char *key = g_strdup_printf ("kpi-eval/first-seen/%s", column);
  FirstSeen *fs;

  kpi_dataset_lock_caches (ev->dataset);
  fs = kpi_dataset_get_cache (ev->dataset, key);
  if (fs == NULL)
    {
      fs = g_new0 (FirstSeen, 1);
      kpi_dataset_set_cache (ev->dataset, key, fs, first_seen_free);
    }
  g_free (key);
  if (fs->n_codes < n_codes)
    {
      fs->first = g_renew (gint64, fs->first, n_codes);
      for (guint c = fs->n_codes; c < n_codes; c++)
        fs->first[c] = G_MAXINT64;
      fs->n_codes = n_codes;
    }
  for (gsize r = fs->n; r < ev->n_rows; r++)
    {
      guint32 c = codes[r];
      if (c != KPI_DIMENSION_MISSING && ev->times[r] < fs->first[c])
        fs->first[c] = ev->times[r];
    }
  fs->n = MAX (fs->n, ev->n_rows);
  kpi_dataset_unlock_caches (ev->dataset);
  return fs->first;
}

/* ------------------------------------------------------------------------ */
/* Compiling row expressions */

static guint
new_reg (Program *prog,
         RegKind  kind,
         gboolean with_buffer)
{
  Reg reg = { 0 };

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
const_num_reg (Program *prog,
               double   value)
{
  guint r = new_reg (prog, R_NUM, TRUE);
  Reg *reg = REG (prog, r);
  double *d = reg->buf;

  reg->is_const = TRUE;
  reg->cval = value;
  for (guint i = 0; i < CHUNK; i++)
    d[i] = value;
  return r;
}

static guint
const_bool_reg (Program *prog,
                guint8   value)
{
  guint r = new_reg (prog, R_BOOL, TRUE);

  memset (REG (prog, r)->buf, value, CHUNK);
  REG (prog, r)->is_const = TRUE;
  REG (prog, r)->cval = value;
  return r;
}

static guint
emit (Program *prog,
      Instr   *instr)
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
field_column (Eval *ev, const KpiNode *field)
{
  int index = kpi_table_lookup (ev->table, field->text);

  g_assert (index >= 0);
  return kpi_table_column (ev->table, index);
}

static guint compile_row (Eval *ev, const KpiNode *node);

/* A lookup table over the dictionary of dimension @col: entry code + 1 is
 * the truth of the comparison for that value, entry 0 (missing) unknown. */
static guint8 *
new_lut (Eval      *ev,
         KpiColumn *col)
{
  guint n = kpi_dict_get_size (col->dict);
  guint8 *lut = g_malloc0 (n + 1);

  lut[0] = B_UNKNOWN;
  g_ptr_array_add (ev->cur->owned, lut);
  return lut;
}

static guint
compile_text_comparison (Eval          *ev,
                         const KpiNode *node)
{
  Program *prog = ev->cur;
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
compile_in (Eval          *ev,
            const KpiNode *node)
{
  Program *prog = ev->cur;
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
compile_uncached (Eval          *ev,
                  const KpiNode *node)
{
  Program *prog = ev->cur;
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
compile_row (Eval          *ev,
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
compile_and (Eval  *ev,
             guint  a,
             guint  b)
{
  Instr in = { 0 };

  in.op = OP_AND;
  in.a = a;
  in.b = b;
  in.dst = new_reg (ev->cur, R_BOOL, TRUE);
  return emit (ev->cur, &in);
}

static guint
compile_present (Eval  *ev,
                 guint  value)
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
compile_entity (Eval *ev,
                Agg  *agg)
{
  KpiColumn *col = field_column (ev, agg->node->by);

  if (col->kind == KPI_COLUMN_DIMENSION)
    {
      agg->by_codes = col->codes;
      agg->n_by = kpi_dict_get_size (col->dict);
    }
  else
    {
      MeasureCodes *mc = ensure_measure_codes (ev, col);
      agg->by_codes = mc->codes;
      agg->n_by = mc->n_codes;
    }
}

static void
compile_aggregate (Eval *ev,
                   Agg  *agg)
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
          {
            MeasureCodes *mc = ensure_measure_codes (ev, col);
            codes = mc->codes;
            agg->n_codes = mc->n_codes;
          }
        if (agg->kind == KPI_AGG_NEW)
          agg->first_seen = ensure_first_seen (ev, col->name, codes, agg->n_codes);
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

/* Runs @prog over the @n rows from @row0, or over the @n rows listed in
 * @rows (gathered into the load registers' buffers) when it is not NULL. */
static void
run_program (Program        *prog,
             gsize           row0,
             guint           n,
             const guint32  *rows)
{
  for (guint k = 0; k < prog->instrs->len; k++)
    {
      const Instr *in = &g_array_index (prog->instrs, Instr, k);
      Reg *d = REG (prog, in->dst);
      const Reg *a = REG (prog, in->a), *b = REG (prog, in->b);
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

/* ------------------------------------------------------------------------ */
/* Accumulating one chunk */

typedef struct
{
  gsize           row0;
  guint           n;
  guint32         slot;     /* when slots == NULL */
  const guint32  *slots;    /* else the slot of each row (trash: n_slots - 1) */
  guint32         slot_lo;  /* slots other than the trash are in */
  guint32         slot_n;   /* [slot_lo, slot_lo + slot_n) */
  const gint64   *times;    /* of the chunk's rows */
} Chunk;

/* Compensated summation. Each addition s + x is split exactly into its
 * rounded result and its rounding error (Knuth's TwoSum, which needs no
 * comparison of magnitudes and so no branch), the errors being summed on
 * the side: the accuracy of Neumaier's algorithm, a few ulps of the exact
 * sum whatever the number of terms, at the speed of vector code. */
static inline void
two_sum (double *s,
         double *c,
         double  x)
{
  double t = *s + x;
  double z = t - *s;

  *c += (*s - (t - z)) + (x - z);
  *s = t;
}

typedef double V2 __attribute__ ((vector_size (16)));
typedef gint64 V2I __attribute__ ((vector_size (16)));
/* Lane masks, set where the condition byte p[l] is true, or where the
 * slot p[l] is the target t. SSE2 has no widening to quadwords: scalar
 * code is best there; AVX2 has one instruction for it. */
#define FMASK2(p) ((V2I) { -(gint64) ((p)[0] == B_TRUE), -(gint64) ((p)[1] == B_TRUE) })
#define SMASK2(p, t) ((V2I) { -(gint64) ((p)[0] == (t)), -(gint64) ((p)[1] == (t)) })

/* Adds to (*s, *c) the values v[0..n) of the rows that count, reading the
 * column in place: value present, condition f true when FILTERED, slot sl
 * equal to the target when SLOTTED. 2 * W lanes in two vectors of W
 * doubles: one compensated sum is bound by the latency of its additions,
 * several are not. A row that does not count adds +0 through a bit mask,
 * with no branch: conditions on real data are unpredictable. Returns the
 * number of rows that counted. */
#define SUM_MASKED_BODY(VEC, VECI, FMASK, SMASK, W, FILTERED, SLOTTED) \
  VEC s0 = { 0 }, s1 = { 0 }, c0 = { 0 }, c1 = { 0 }; \
  VECI k0 = { 0 }, k1 = { 0 }; \
  guint64 count = 0; \
  guint i = 0; \
  \
  for (; i + 2 * (W) <= n; i += 2 * (W)) \
    { \
      VEC a, b, t, z; \
      VECI ma, mb; \
      \
      memcpy (&a, v + i, sizeof a); \
      memcpy (&b, v + i + (W), sizeof b); \
      ma = a == a;   /* all ones unless NaN */ \
      mb = b == b; \
      if (FILTERED) \
        { \
          ma &= FMASK (f + i); \
          mb &= FMASK (f + i + (W)); \
        } \
      if (SLOTTED) \
        { \
          ma &= SMASK (sl + i, target); \
          mb &= SMASK (sl + i + (W), target); \
        } \
      a = (VEC) ((VECI) a & ma); \
      b = (VEC) ((VECI) b & mb); \
      k0 -= ma; \
      k1 -= mb; \
      t = s0 + a; \
      z = t - s0; \
      c0 += (s0 - (t - z)) + (a - z); \
      s0 = t; \
      t = s1 + b; \
      z = t - s1; \
      c1 += (s1 - (t - z)) + (b - z); \
      s1 = t; \
    } \
  for (; i < n; i++) \
    if (!isnan (v[i]) && (!(FILTERED) || f[i] == B_TRUE) && (!(SLOTTED) || sl[i] == target)) \
      { \
        two_sum (s, c, v[i]); \
        count++; \
      } \
  for (int l = 0; l < (W); l++) \
    { \
      two_sum (s, c, s0[l]); \
      two_sum (s, c, s1[l]); \
      *c += c0[l] + c1[l]; \
      count += k0[l] + k1[l]; \
    } \
  return count;

#define SUM_KERNEL(NAME, ATTR, VEC, VECI, FMASK, SMASK, W, FILTERED, SLOTTED) \
  ATTR static guint64 \
  NAME (const double *v, const guint8 *f, const guint32 *sl, guint32 target, \
        guint n, double *s, double *c) \
  { \
    SUM_MASKED_BODY (VEC, VECI, FMASK, SMASK, W, FILTERED, SLOTTED) \
  }

SUM_KERNEL (sum_2, , V2, V2I, FMASK2, SMASK2, 2, FALSE, FALSE)
SUM_KERNEL (sum_f_2, , V2, V2I, FMASK2, SMASK2, 2, TRUE, FALSE)
SUM_KERNEL (sum_s_2, , V2, V2I, FMASK2, SMASK2, 2, FALSE, TRUE)
SUM_KERNEL (sum_fs_2, , V2, V2I, FMASK2, SMASK2, 2, TRUE, TRUE)

static const SumFunc kernels_2[4] = { sum_2, sum_f_2, sum_s_2, sum_fs_2 };

#if defined(__x86_64__) && defined(__GNUC__)
/* Twice the lanes where the processor has AVX2, chosen at run time: the
 * library is built for any x86-64. */
typedef double V4 __attribute__ ((vector_size (32)));
typedef gint64 V4I __attribute__ ((vector_size (32)));
typedef guint8 V4B __attribute__ ((vector_size (4)));
typedef guint32 V4U __attribute__ ((vector_size (16)));

static inline __attribute__ ((target ("avx2"), always_inline)) V4I
fmask4 (const guint8 *p)
{
  V4B b;

  memcpy (&b, p, sizeof b);
  return __builtin_convertvector (b, V4I) == B_TRUE;
}

static inline __attribute__ ((target ("avx2"), always_inline)) V4I
smask4 (const guint32 *p, guint32 t)
{
  V4U u;

  memcpy (&u, p, sizeof u);
  return __builtin_convertvector (u, V4I) == (gint64) t;
}

#define AVX2 __attribute__ ((target ("avx2")))
SUM_KERNEL (sum_4, AVX2, V4, V4I, fmask4, smask4, 4, FALSE, FALSE)
SUM_KERNEL (sum_f_4, AVX2, V4, V4I, fmask4, smask4, 4, TRUE, FALSE)
SUM_KERNEL (sum_s_4, AVX2, V4, V4I, fmask4, smask4, 4, FALSE, TRUE)
SUM_KERNEL (sum_fs_4, AVX2, V4, V4I, fmask4, smask4, 4, TRUE, TRUE)

static const SumFunc kernels_4[4] = { sum_4, sum_f_4, sum_s_4, sum_fs_4 };

static gboolean
have_avx2 (void)
{
  /* KPI_NO_AVX2: a test hook, so that both kernels are tested */
  __builtin_cpu_init ();
  return __builtin_cpu_supports ("avx2") && g_getenv ("KPI_NO_AVX2") == NULL;
}
#endif

/* Slots per chunk up to which a masked pass per slot beats one scalar
 * pass that scatters to the slots. */
#define MAX_MASKED_SLOTS 4

static void
acc_sum (Agg            *a,
         const Chunk    *ch,
         const double   *v,
         const guint8   *f,
         const SumFunc  *kernels)
{
  guint n = ch->n;

  if (ch->slots == NULL)
    {
      double s = 0, c = 0;
      guint64 m = kernels[f != NULL] (v, f, NULL, 0, n, &s, &c);

      two_sum (&a->s[ch->slot], &a->c[ch->slot], s);
      a->c[ch->slot] += c;
      a->n[ch->slot] += m;
      return;
    }

  if (ch->slot_n <= MAX_MASKED_SLOTS)
    {
      /* A breakdown into a few groups: a vector pass per group */
      for (guint32 t = ch->slot_lo; t < ch->slot_lo + ch->slot_n; t++)
        {
          double s = 0, c = 0;
          guint64 m = kernels[2 + (f != NULL)] (v, f, ch->slots, t, n, &s, &c);

          two_sum (&a->s[t], &a->c[t], s);
          a->c[t] += c;
          a->n[t] += m;
        }
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      guint32 slot = ch->slots[i];
      double x = v[i];
      gboolean ok = (f == NULL || f[i] == B_TRUE) & !isnan (x);

      a->n[slot] += ok;
      two_sum (&a->s[slot], &a->c[slot], ok ? x : 0.0);
    }
}

static void
acc_count (Agg          *a,
           const Chunk  *ch,
           const guint8 *f)
{
  guint n = ch->n;

  if (ch->slots == NULL)
    {
      guint64 cnt = 0;

      if (f == NULL)
        cnt = n;
      else
        for (guint i = 0; i < n; i++)
          cnt += f[i] == B_TRUE;
      a->n[ch->slot] += cnt;
      return;
    }
  if (f == NULL)
    for (guint i = 0; i < n; i++)
      a->n[ch->slots[i]]++;
  else
    for (guint i = 0; i < n; i++)
      a->n[ch->slots[i]] += f[i] == B_TRUE;
}

#define SLOT_AT(ch, i) ((ch)->slots != NULL ? (ch)->slots[i] : (ch)->slot)

static void
acc_extremum (Agg          *a,
              const Chunk  *ch,
              const double *v,
              const guint8 *f,
              gboolean      is_max)
{
  for (guint i = 0; i < ch->n; i++)
    {
      guint32 slot = SLOT_AT (ch, i);
      double x = v[i];

      if ((f != NULL && f[i] != B_TRUE) || isnan (x))
        continue;
      if (a->n[slot]++ == 0 || (is_max ? x > a->s[slot] : x < a->s[slot]))
        a->s[slot] = x;
    }
}

static void
acc_median (Agg          *a,
            const Chunk  *ch,
            const double *v,
            const guint8 *f)
{
  for (guint i = 0; i < ch->n; i++)
    {
      guint32 slot = SLOT_AT (ch, i);

      if ((f != NULL && f[i] != B_TRUE) || isnan (v[i]))
        continue;
      if (a->vals[slot] == NULL)
        a->vals[slot] = g_array_new (FALSE, FALSE, sizeof (double));
      g_array_append_val (a->vals[slot], v[i]);
      a->n[slot]++;
    }
}

static void
acc_first_last (Agg          *a,
                const Chunk  *ch,
                const double *v,
                const guint8 *f,
                gboolean      last)
{
  for (guint i = 0; i < ch->n; i++)
    {
      guint32 slot = SLOT_AT (ch, i);
      gint64 t = ch->times[i];

      if ((f != NULL && f[i] != B_TRUE) || isnan (v[i]))
        continue;
      /* Rows come in row order: on equal times the first keeps the earlier
       * row, the last takes the later one. */
      if (a->n[slot]++ == 0 || (last ? t >= a->t[slot] : t < a->t[slot]))
        {
          a->t[slot] = t;
          a->s[slot] = v[i];
        }
    }
}

static void
acc_distinct (Agg           *a,
              const Chunk   *ch,
              const guint32 *codes,
              const guint8  *f,
              guint32        trash)
{
  guint n = ch->n;

  if (a->bits != NULL)
    {
      if (ch->slots == NULL)
        {
          guint64 *bits = a->bits + (gsize) ch->slot * a->words;
          guint64 cnt = 0;

          for (guint i = 0; i < n; i++)
            {
              guint32 c = codes[i];
              if (c == KPI_DIMENSION_MISSING || (f != NULL && f[i] != B_TRUE))
                continue;
              bits[c >> 6] |= G_GUINT64_CONSTANT (1) << (c & 63);
              cnt++;
            }
          a->n[ch->slot] += cnt;
          return;
        }
      for (guint i = 0; i < n; i++)
        {
          guint32 c = codes[i], slot = ch->slots[i];
          if (c == KPI_DIMENSION_MISSING || (f != NULL && f[i] != B_TRUE))
            continue;
          a->bits[(gsize) slot * a->words + (c >> 6)] |= G_GUINT64_CONSTANT (1) << (c & 63);
          a->n[slot]++;
        }
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      guint32 c = codes[i], slot = SLOT_AT (ch, i);
      guint64 pair;

      if (c == KPI_DIMENSION_MISSING || (f != NULL && f[i] != B_TRUE) || slot == trash)
        continue;
      pair = (guint64) slot << 32 | c;
      g_array_append_val (a->pairs, pair);
      a->n[slot]++;
    }
}

/* Feeds the chunk to the aggregates of the program that ran over it: the
 * plain ones (@by NULL), or the snapshot() ones over entity codes @by. */
static void
accumulate_chunk (Eval           *ev,
                  const Chunk    *ch,
                  const guint32  *by)
{
  Program *prog = by != NULL ? &ev->sprog : &ev->prog;

  for (guint k = 0; k < ev->aggs->len; k++)
    {
      Agg *a = g_ptr_array_index (ev->aggs, k);
      const double *v;
      const guint8 *f;

      if (a->by_codes != by)
        continue;
      v = a->value_reg >= 0 ? REG (prog, a->value_reg)->num : NULL;
      f = a->filter_reg >= 0 ? REG (prog, a->filter_reg)->b : NULL;

      switch (a->kind)
        {
        case KPI_AGG_SUM:
        case KPI_AGG_AVG:
          acc_sum (a, ch, v, f, ev->kernels);
          break;
        case KPI_AGG_COUNT:
          acc_count (a, ch, f);
          break;
        case KPI_AGG_MIN:
        case KPI_AGG_MAX:
          acc_extremum (a, ch, v, f, a->kind == KPI_AGG_MAX);
          break;
        case KPI_AGG_MEDIAN:
          acc_median (a, ch, v, f);
          break;
        case KPI_AGG_FIRST:
        case KPI_AGG_LAST:
          acc_first_last (a, ch, v, f, a->kind == KPI_AGG_LAST);
          break;
        default:
          acc_distinct (a, ch, REG (prog, a->code_reg)->codes, f, ev->n_slots - 1);
          break;
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Scanning */

/* The group slot of each row of a chunk, added to @base; rows outside
 * every group go to the trash slot. */
static void
group_slots (Eval    *ev,
             gsize    row0,
             guint    n,
             guint32  base,
             guint32 *slots)
{
  const guint32 *codes = ev->group_codes + row0;
  const guint32 *lut = ev->group_lut;
  guint32 trash = ev->n_slots - 1;

  for (guint i = 0; i < n; i++)
    {
      /* code + 1 wraps KPI_DIMENSION_MISSING to entry 0 */
      guint32 g = lut[(guint32) (codes[i] + 1)];
      slots[i] = g < ev->G ? base + g : trash;
    }
}

/* The group of each dictionary code (entry code + 1; entry 0 for rows
 * without a value), ev->G for none. */
static guint32 *
make_group_lut (Eval      *ev,
                KpiColumn *col)
{
  const KpiEvalRequest *req = ev->req;
  guint n = kpi_dict_get_size (col->dict);
  guint32 *lut = g_new (guint32, (gsize) n + 1);

  lut[0] = req->missing_slot < ev->G ? req->missing_slot : ev->G;
  for (guint c = 0; c < n; c++)
    lut[c + 1] = c < req->group_map_len && req->group_map[c] < ev->G ? req->group_map[c] : ev->G;
  return lut;
}

static gsize
lower_bound (const gint64 *times,
             gsize         n,
             gint64        t)
{
  gsize lo = 0, hi = n;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;
      if (times[mid] < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Sorted table: each period is a row range. */
static void
scan_sorted (Eval *ev)
{
  guint32 *slots = g_new (guint32, CHUNK);

  for (guint p = 0; p < ev->periods->len; p++)
    {
      gsize lo = lower_bound (ev->times, ev->n_rows, g_array_index (ev->starts, gint64, p));
      gsize hi = lower_bound (ev->times, ev->n_rows, g_array_index (ev->ends, gint64, p));

      for (gsize row0 = lo; row0 < hi && !g_cancellable_is_cancelled (ev->cancellable); row0 += CHUNK)
        {
          Chunk ch = { 0 };

          ch.row0 = row0;
          ch.n = (guint) MIN ((gsize) CHUNK, hi - row0);
          ch.times = ev->times + row0;
          ch.slot = p * ev->G;
          if (ev->group_codes != NULL)
            {
              group_slots (ev, row0, ch.n, p * ev->G, slots);
              ch.slots = slots;
              ch.slot_lo = p * ev->G;
              ch.slot_n = ev->G;
            }
          run_program (&ev->prog, row0, ch.n, NULL);
          accumulate_chunk (ev, &ch, NULL);
        }
    }
  g_free (slots);
}

/* A family of periods no two of which overlap, so that a row belongs to
 * at most one: the periods of one natural granularity (found by ordinal),
 * or custom periods (found by binary search over their starts). */
typedef struct
{
  KpiGranularity  granularity;   /* KPI_GRANULARITY_CUSTOM: by interval */
  GArray         *members;       /* period indices */
  /* by ordinal */
  gint64          min_ord;
  gint32         *lut;           /* ordinal - min_ord -> period, or -1 */
  gsize           lut_len;
  /* by interval, sorted by start */
  gint64         *starts;
  gint64         *ends;
  int            *index;
} Family;

static int
compare_by_start (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  Eval *ev = user_data;
  gint64 sa = g_array_index (ev->starts, gint64, *(const int *) a);
  gint64 sb = g_array_index (ev->starts, gint64, *(const int *) b);

  return sa < sb ? -1 : sa > sb;
}

static void family_free (gpointer p);

static GPtrArray *
make_families (Eval *ev)
{
  GPtrArray *families = g_ptr_array_new_with_free_func (family_free);
  GArray *custom = g_array_new (FALSE, FALSE, sizeof (int));

  for (guint p = 0; p < ev->periods->len; p++)
    {
      const KpiPeriod *period = g_ptr_array_index (ev->periods, p);
      KpiGranularity g = kpi_period_get_granularity (period);
      Family *fam = NULL;
      int pi = p;

      if (g != KPI_GRANULARITY_CUSTOM)
        {
          /* Found by ordinal only if it is the request calendar's period
           * of that ordinal (not a period of another time zone). */
          gint64 start, end;

          kpi_calendar_ordinal_bounds (ev->req->calendar, g, kpi_period_get_ordinal (period), &start, &end);
          if (start != kpi_period_get_start (period) || end != kpi_period_get_end (period))
            g = KPI_GRANULARITY_CUSTOM;
        }
      if (g == KPI_GRANULARITY_CUSTOM)
        {
          g_array_append_val (custom, pi);
          continue;
        }
      for (guint k = 0; k < families->len && fam == NULL; k++)
        if (((Family *) g_ptr_array_index (families, k))->granularity == g)
          fam = g_ptr_array_index (families, k);
      if (fam == NULL)
        {
          fam = g_new0 (Family, 1);
          fam->granularity = g;
          fam->members = g_array_new (FALSE, FALSE, sizeof (int));
          g_ptr_array_add (families, fam);
        }
      g_array_append_val (fam->members, pi);
    }

  /* Ordinal lookup tables */
  for (guint k = 0; k < families->len; k++)
    {
      Family *fam = g_ptr_array_index (families, k);
      gint64 lo = G_MAXINT64, hi = G_MININT64;

      for (guint i = 0; i < fam->members->len; i++)
        {
          gint64 o = kpi_period_get_ordinal (g_ptr_array_index (ev->periods, g_array_index (fam->members, int, i)));
          lo = MIN (lo, o);
          hi = MAX (hi, o);
        }
      if (hi - lo >= (1 << 24))
        {
          /* Periods too far apart for a table (years apart by day):
           * treat them as intervals, which need no table. */
          for (guint i = 0; i < fam->members->len; i++)
            g_array_append_val (custom, g_array_index (fam->members, int, i));
          g_ptr_array_remove_index (families, k--);
          continue;
        }
      fam->min_ord = lo;
      fam->lut_len = hi - lo + 1;
      fam->lut = g_new (gint32, fam->lut_len);
      memset (fam->lut, 0xff, sizeof (gint32) * fam->lut_len);
      for (guint i = 0; i < fam->members->len; i++)
        {
          int p = g_array_index (fam->members, int, i);
          fam->lut[kpi_period_get_ordinal (g_ptr_array_index (ev->periods, p)) - lo] = p;
        }
    }

  /* Interval families: greedy, first family whose last period ends before
   * the next one starts. */
  g_array_sort_with_data (custom, compare_by_start, ev);
  {
    GPtrArray *open = g_ptr_array_new ();

    for (guint i = 0; i < custom->len; i++)
      {
        int p = g_array_index (custom, int, i);
        gint64 start = g_array_index (ev->starts, gint64, p);
        Family *fam = NULL;

        for (guint k = 0; k < open->len && fam == NULL; k++)
          {
            Family *f = g_ptr_array_index (open, k);
            int last = g_array_index (f->members, int, f->members->len - 1);
            if (g_array_index (ev->ends, gint64, last) <= start)
              fam = f;
          }
        if (fam == NULL)
          {
            fam = g_new0 (Family, 1);
            fam->granularity = KPI_GRANULARITY_CUSTOM;
            fam->members = g_array_new (FALSE, FALSE, sizeof (int));
            g_ptr_array_add (open, fam);
            g_ptr_array_add (families, fam);
          }
        g_array_append_val (fam->members, p);
      }
    for (guint k = 0; k < open->len; k++)
      {
        Family *fam = g_ptr_array_index (open, k);
        guint m = fam->members->len;

        fam->starts = g_new (gint64, m);
        fam->ends = g_new (gint64, m);
        fam->index = g_new (int, m);
        for (guint i = 0; i < m; i++)
          {
            int p = g_array_index (fam->members, int, i);
            fam->starts[i] = g_array_index (ev->starts, gint64, p);
            fam->ends[i] = g_array_index (ev->ends, gint64, p);
            fam->index[i] = p;
          }
      }
    g_ptr_array_free (open, TRUE);
  }
  g_array_free (custom, TRUE);
  return families;
}

static void
family_free (gpointer p)
{
  Family *fam = p;

  g_array_free (fam->members, TRUE);
  g_free (fam->lut);
  g_free (fam->starts);
  g_free (fam->ends);
  g_free (fam->index);
  g_free (fam);
}

/* Unsorted table: one full pass per family, the period of each row found
 * from its cached ordinal (or its time). */
static void
scan_unsorted (Eval *ev)
{
  GPtrArray *families = make_families (ev);
  guint32 *slots = g_new (guint32, CHUNK);
  int *pidx = g_new (int, CHUNK);
  guint32 trash = ev->n_slots - 1;

  for (guint k = 0; k < families->len; k++)
    {
      Family *fam = g_ptr_array_index (families, k);
      const gint32 *ord = NULL;
      gint64 base = 0, shift = 0;

      if (fam->granularity != KPI_GRANULARITY_CUSTOM)
        {
          ord = ensure_ordinals (ev, fam->granularity, &base);
          shift = base - fam->min_ord;
        }

      for (gsize row0 = 0; row0 < ev->n_rows && !g_cancellable_is_cancelled (ev->cancellable); row0 += CHUNK)
        {
          guint n = (guint) MIN ((gsize) CHUNK, ev->n_rows - row0);
          guint32 lo_slot = trash, hi_slot = 0;
          Chunk ch = { 0 };

          if (ord != NULL)
            for (guint i = 0; i < n; i++)
              {
                gint64 o = (gint64) ord[row0 + i] + shift;
                pidx[i] = (guint64) o < fam->lut_len ? fam->lut[o] : -1;
              }
          else
            for (guint i = 0; i < n; i++)
              {
                gint64 t = ev->times[row0 + i];
                gsize m = fam->members->len, lo = 0, hi = m;

                /* the last period starting at or before t */
                while (lo < hi)
                  {
                    gsize mid = lo + (hi - lo) / 2;
                    if (fam->starts[mid] <= t)
                      lo = mid + 1;
                    else
                      hi = mid;
                  }
                pidx[i] = lo > 0 && t < fam->ends[lo - 1] ? fam->index[lo - 1] : -1;
              }

          if (ev->group_codes != NULL)
            {
              group_slots (ev, row0, n, 0, slots);
              for (guint i = 0; i < n; i++)
                {
                  if (pidx[i] < 0)
                    slots[i] = trash;
                  else if (slots[i] != trash)
                    slots[i] += pidx[i] * ev->G;
                }
            }
          else
            for (guint i = 0; i < n; i++)
              slots[i] = pidx[i] < 0 ? trash : (guint32) pidx[i];
          for (guint i = 0; i < n; i++)
            if (slots[i] != trash)
              {
                lo_slot = MIN (lo_slot, slots[i]);
                hi_slot = MAX (hi_slot, slots[i]);
              }
          if (lo_slot == trash)
            continue;   /* no row of this family's periods */

          ch.row0 = row0;
          ch.n = n;
          ch.slots = slots;
          ch.slot_lo = lo_slot;
          ch.slot_n = hi_slot - lo_slot + 1;
          /* Mostly sorted data (late rows appended out of order) have
           * whole chunks in one slot: they take the vector kernels. */
          if (slots[0] != trash && slots[n - 1] == slots[0])
            {
              guint i = 1;
              while (i < n && slots[i] == slots[0])
                i++;
              if (i == n)
                {
                  ch.slot = slots[0];
                  ch.slots = NULL;
                }
            }
          ch.times = ev->times + row0;
          run_program (&ev->prog, row0, n, NULL);
          accumulate_chunk (ev, &ch, NULL);
        }
    }

  g_free (slots);
  g_free (pidx);
  g_ptr_array_free (families, TRUE);
}

/* snapshot(): rows in time order (ties in row order), for the sweep. */
static int
compare_rows_by_time (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  const gint64 *times = user_data;
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  if (times[x] != times[y])
    return times[x] < times[y] ? -1 : 1;
  return x < y ? -1 : x > y;
}

static int
compare_u32 (gconstpointer a,
             gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

static int
compare_by_end (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  Eval *ev = user_data;
  gint64 ea = g_array_index (ev->ends, gint64, *(const int *) a);
  gint64 eb = g_array_index (ev->ends, gint64, *(const int *) b);

  return ea < eb ? -1 : ea > eb;
}

/* The snapshot() aggregates over entity codes @entity: one sweep over the
 * rows in time order keeps the latest row of each entity; at the end of
 * each period (in order of their ends) the latest rows are gathered and
 * run through the snapshot program. */
static void
scan_snapshot (Eval          *ev,
               const guint32 *entity,
               guint          n_entities)
{
  gsize n = ev->n_rows, next = 0;
  guint32 *order = NULL;
  guint32 *latest = g_new0 (guint32, MAX (n_entities, 1));   /* row + 1, 0: none */
  guint32 *rows = g_new (guint32, MAX (n_entities, 1));
  guint32 *slots = g_new (guint32, CHUNK);
  int *by_end = g_new (int, MAX (ev->periods->len, 1));
  guint32 trash = ev->n_slots - 1;

  if (!ev->table->sorted)
    {
      order = g_new (guint32, MAX (n, 1));
      for (gsize r = 0; r < n; r++)
        order[r] = (guint32) r;
      g_qsort_with_data (order, (gint) n, sizeof (guint32), compare_rows_by_time, (gpointer) ev->times);
    }
  for (guint p = 0; p < ev->periods->len; p++)
    by_end[p] = (int) p;
  g_qsort_with_data (by_end, (gint) ev->periods->len, sizeof (int), compare_by_end, ev);

  for (guint k = 0; k < ev->periods->len && !g_cancellable_is_cancelled (ev->cancellable); k++)
    {
      int p = by_end[k];
      gint64 end = g_array_index (ev->ends, gint64, p);
      guint m = 0;

      for (; next < n; next++)
        {
          guint32 r = order != NULL ? order[next] : (guint32) next;
          guint32 e = entity[r];

          if (ev->times[r] >= end)
            break;
          if (e != KPI_DIMENSION_MISSING)
            latest[e] = r + 1;
        }
      if (ev->cover[p] == KPI_COVERAGE_NONE)
        continue;
      for (guint e = 0; e < n_entities; e++)
        if (latest[e] != 0)
          rows[m++] = latest[e] - 1;
      /* In row order: the gathers read the columns forwards. */
      qsort (rows, m, sizeof (guint32), compare_u32);

      for (guint c0 = 0; c0 < m; c0 += CHUNK)
        {
          Chunk ch = { 0 };

          ch.n = MIN (CHUNK, m - c0);
          ch.slot = (guint32) p * ev->G;
          if (ev->group_codes != NULL)
            {
              for (guint i = 0; i < ch.n; i++)
                {
                  /* code + 1 wraps KPI_DIMENSION_MISSING to entry 0 */
                  guint32 g = ev->group_lut[(guint32) (ev->group_codes[rows[c0 + i]] + 1)];
                  slots[i] = g < ev->G ? (guint32) p * ev->G + g : trash;
                }
              ch.slots = slots;
              ch.slot_lo = (guint32) p * ev->G;
              ch.slot_n = ev->G;
            }
          run_program (&ev->sprog, 0, ch.n, rows + c0);
          accumulate_chunk (ev, &ch, entity);
        }
    }

  g_free (order);
  g_free (latest);
  g_free (rows);
  g_free (slots);
  g_free (by_end);
}

/* Every family of snapshot() aggregates, one sweep per entity column. */
static void
scan_snapshots (Eval *ev)
{
  GPtrArray *done = g_ptr_array_new ();

  for (guint k = 0; k < ev->aggs->len; k++)
    {
      Agg *a = g_ptr_array_index (ev->aggs, k);

      if (a->by_codes == NULL || g_ptr_array_find (done, a->by_codes, NULL))
        continue;
      g_ptr_array_add (done, (gpointer) a->by_codes);
      scan_snapshot (ev, a->by_codes, a->n_by);
    }
  g_ptr_array_free (done, TRUE);
}

/* ------------------------------------------------------------------------ */
/* Results of aggregates */

static int
compare_u64 (gconstpointer a,
             gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

static inline void
set_result (Agg    *a,
            gsize   slot,
            double  v,
            guint   flags)
{
  if (isfinite (v))
    {
      a->result[slot] = v;
      a->rflags[slot] = 0;
    }
  else
    {
      a->result[slot] = NAN;
      a->rflags[slot] = flags != 0 ? flags : KPI_VALUE_FLAG_OVERFLOW;
    }
}

/* Per-slot sets of codes, as bitsets or as sorted runs of a code array. */
typedef struct
{
  const Agg      *a;
  const guint32  *codes;    /* pairs: the codes, sorted per slot */
  const gsize    *offsets;  /* pairs: slot s is codes[offsets[s]..offsets[s+1]) */
} Sets;

static guint64
set_size (const Sets *sets, gsize slot)
{
  const Agg *a = sets->a;
  guint64 n = 0;

  if (a->bits != NULL)
    {
      const guint64 *b = a->bits + slot * a->words;
      for (gsize w = 0; w < a->words; w++)
        n += __builtin_popcountll (b[w]);
      return n;
    }
  return sets->offsets[slot + 1] - sets->offsets[slot];
}

static guint64
set_count_new (const Sets *sets, gsize slot, gint64 start)
{
  const Agg *a = sets->a;
  guint64 n = 0;

  if (a->bits != NULL)
    {
      const guint64 *b = a->bits + slot * a->words;
      for (gsize w = 0; w < a->words; w++)
        for (guint64 x = b[w]; x != 0; x &= x - 1)
          n += a->first_seen[w * 64 + __builtin_ctzll (x)] >= start;
      return n;
    }
  for (gsize i = sets->offsets[slot]; i < sets->offsets[slot + 1]; i++)
    n += a->first_seen[sets->codes[i]] >= start;
  return n;
}

static guint64
set_common (const Sets *sets, gsize s1, gsize s2)
{
  const Agg *a = sets->a;
  guint64 n = 0;

  if (a->bits != NULL)
    {
      const guint64 *b1 = a->bits + s1 * a->words, *b2 = a->bits + s2 * a->words;
      for (gsize w = 0; w < a->words; w++)
        n += __builtin_popcountll (b1[w] & b2[w]);
      return n;
    }
  {
    gsize i = sets->offsets[s1], ie = sets->offsets[s1 + 1];
    gsize j = sets->offsets[s2], je = sets->offsets[s2 + 1];

    while (i < ie && j < je)
      {
        if (sets->codes[i] < sets->codes[j])
          i++;
        else if (sets->codes[i] > sets->codes[j])
          j++;
        else
          {
            n++;
            i++;
            j++;
          }
      }
  }
  return n;
}

static void
finish_distinct (Eval *ev,
                 Agg  *a)
{
  Sets sets = { a, NULL, NULL };
  guint32 *codes = NULL;
  gsize *offsets = NULL;
  gsize n_real = ev->n_slots - 1;

  if (a->bits == NULL)
    {
      /* Sort the pairs by slot then code, drop duplicates, index by slot. */
      guint64 *pairs = (guint64 *) (gpointer) a->pairs->data;
      gsize m = 0;

      if (a->pairs->len > 0)
        qsort (pairs, a->pairs->len, sizeof (guint64), compare_u64);
      codes = g_new (guint32, MAX (a->pairs->len, 1));
      offsets = g_new0 (gsize, ev->n_slots + 1);
      for (gsize i = 0; i < a->pairs->len; i++)
        if (i == 0 || pairs[i] != pairs[i - 1])
          {
            codes[m++] = (guint32) pairs[i];
            offsets[(pairs[i] >> 32) + 1]++;
          }
      for (gsize s = 0; s < ev->n_slots; s++)
        offsets[s + 1] += offsets[s];
      sets.codes = codes;
      sets.offsets = offsets;
    }

  for (gsize slot = 0; slot < n_real; slot++)
    {
      guint p = slot / ev->G;
      int pp;

      switch (a->kind)
        {
        case KPI_AGG_COUNT_DISTINCT:
          set_result (a, slot, (double) set_size (&sets, slot), 0);
          break;
        case KPI_AGG_NEW:
          set_result (a, slot, (double) set_count_new (&sets, slot, g_array_index (ev->starts, gint64, p)), 0);
          break;
        default:
          pp = g_array_index (ev->prev_of, int, p);
          if (pp < 0)
            set_result (a, slot, NAN, KPI_VALUE_FLAG_MISSING_INPUT);
          else
            {
              gsize prev_slot = (gsize) pp * ev->G + slot % ev->G;
              guint64 common = set_common (&sets, slot, prev_slot);
              set_result (a, slot, (double) (a->kind == KPI_AGG_RETAINED ? common
                                             : set_size (&sets, prev_slot) - common), 0);
            }
          break;
        }
    }
  g_free (codes);
  g_free (offsets);
}

/* A period the dataset does not cover has no value, whatever rows fall in
 * it: not the 0 of an empty sum. retained() and churned() need the
 * previous period covered as well. */
static void
apply_coverage (Eval *ev,
                Agg  *a)
{
  gsize n_real = ev->n_slots - 1;

  for (gsize slot = 0; slot < n_real; slot++)
    {
      guint p = slot / ev->G;
      gboolean none = ev->cover[p] == KPI_COVERAGE_NONE;

      if (!none && (a->kind == KPI_AGG_RETAINED || a->kind == KPI_AGG_CHURNED))
        {
          int pp = g_array_index (ev->prev_of, int, p);
          none = pp >= 0 && ev->cover[pp] == KPI_COVERAGE_NONE;
        }
      if (none)
        {
          a->result[slot] = NAN;
          a->rflags[slot] = KPI_VALUE_FLAG_NO_DATA;
          a->n[slot] = 0;
        }
    }
}

static void
finish_aggregate (Eval *ev,
                  Agg  *a)
{
  gsize n_real = ev->n_slots - 1;

  if (a->kind == KPI_AGG_COUNT_DISTINCT || a->kind == KPI_AGG_NEW ||
      a->kind == KPI_AGG_RETAINED || a->kind == KPI_AGG_CHURNED)
    {
      finish_distinct (ev, a);
      apply_coverage (ev, a);
      return;
    }

  for (gsize slot = 0; slot < n_real; slot++)
    {
      guint64 n = a->n[slot];

      switch (a->kind)
        {
        case KPI_AGG_SUM:
          set_result (a, slot, isfinite (a->s[slot]) ? a->s[slot] + a->c[slot] : a->s[slot], 0);
          break;
        case KPI_AGG_COUNT:
          set_result (a, slot, (double) n, 0);
          break;
        case KPI_AGG_AVG:
          if (n == 0)
            set_result (a, slot, NAN, KPI_VALUE_FLAG_NO_DATA);
          else
            set_result (a, slot, isfinite (a->s[slot]) ? (a->s[slot] + a->c[slot]) / (double) n : a->s[slot], 0);
          break;
        case KPI_AGG_MEDIAN:
          if (n == 0)
            set_result (a, slot, NAN, KPI_VALUE_FLAG_NO_DATA);
          else
            {
              GArray *vals = a->vals[slot];

              set_result (a, slot, kpi_median_inplace ((double *) (gpointer) vals->data, vals->len), 0);
            }
          break;
        default:   /* min, max, first, last: the kept value */
          if (n == 0)
            set_result (a, slot, NAN, KPI_VALUE_FLAG_NO_DATA);
          else
            set_result (a, slot, a->s[slot], 0);
          break;
        }
    }
  apply_coverage (ev, a);
}

static Agg *
agg_new (Eval          *ev,
         const KpiNode *node)
{
  Agg *a = g_new0 (Agg, 1);

  a->kind = node->agg;
  a->node = node;
  return a;
}

static void
agg_alloc (Eval *ev,
           Agg  *a)
{
  gsize n = ev->n_slots;

  a->n_slots = n;
  a->n = g_new0 (guint64, n);
  a->result = g_new (double, n);
  a->rflags = g_new0 (guint8, n);
  switch (a->kind)
    {
    case KPI_AGG_SUM:
    case KPI_AGG_AVG:
      a->s = g_new0 (double, n);
      a->c = g_new0 (double, n);
      break;
    case KPI_AGG_MIN:
    case KPI_AGG_MAX:
      a->s = g_new0 (double, n);
      break;
    case KPI_AGG_FIRST:
    case KPI_AGG_LAST:
      a->s = g_new0 (double, n);
      a->t = g_new0 (gint64, n);
      break;
    case KPI_AGG_MEDIAN:
      a->vals = g_new0 (GArray *, n);
      break;
    case KPI_AGG_COUNT:
      break;
    default:
      {
        const char *env = g_getenv ("KPI_DISTINCT_BITSET_MAX");   /* a test hook */
        gsize limit = env != NULL ? g_ascii_strtoull (env, NULL, 10) : DISTINCT_BITSET_MAX;

        a->words = (a->n_codes + 63) / 64;
        if (a->words > 0 && n <= limit / 8 / a->words)
          a->bits = g_new0 (guint64, n * a->words);
        else
          a->pairs = g_array_new (FALSE, FALSE, sizeof (guint64));
      }
      break;
    }
}

static void
agg_free (gpointer p)
{
  Agg *a = p;

  if (a->vals != NULL)
    {
      for (gsize s = 0; s < a->n_slots; s++)
        if (a->vals[s] != NULL)
          g_array_free (a->vals[s], TRUE);
      g_free (a->vals);
    }
  g_free (a->s);
  g_free (a->c);
  g_free (a->n);
  g_free (a->t);
  g_free (a->bits);
  if (a->pairs != NULL)
    g_array_free (a->pairs, TRUE);
  g_free (a->result);
  g_free (a->rflags);
  g_free (a);
}

/* ------------------------------------------------------------------------ */
/* Phase 1: planning */

static void
plan (Eval          *ev,
      const KpiNode *node,
      const int     *ctx,
      guint          n_ctx)
{
  switch (node->kind)
    {
    case KPI_NODE_AGGREGATE:
      {
        Agg *a = g_hash_table_lookup (ev->agg_by_node, node);

        if (a == NULL)
          {
            GString *key = g_string_new (NULL);

            kpi_formula_append_key (node, key);
            a = g_hash_table_lookup (ev->agg_by_key, key->str);
            if (a == NULL)
              {
                a = agg_new (ev, node);
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
add_warnings (Eval               *ev,
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

static PV *
resolve_reference (Eval          *ev,
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

static PV *
combine (Eval          *ev,
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
        Agg *a = g_hash_table_lookup (ev->agg_by_node, node);

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
group_names (Eval *ev)
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

GPtrArray *
kpi_formula_evaluate (KpiFormula            *formula,
                      const KpiEvalRequest  *request,
                      GError               **error)
{
  Eval ev = { 0 };
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
  kpi_dataset_read_lock (request->dataset);
  if (!kpi_formula_check_tree (formula, kpi_dataset_get_table (request->dataset), error))
    {
      kpi_dataset_read_unlock (request->dataset);
      return NULL;
    }

  ev.formula = formula;
  ev.req = request;
  ev.cancellable = request->cancellable;
  ev.dataset = request->dataset;
  ev.table = kpi_dataset_get_table (request->dataset);
  ev.n_rows = ev.table->n_rows;
  ev.times = kpi_table_column (ev.table, ev.table->time_index)->times;
  ev.G = MAX (request->n_groups, 1);
#if defined(__x86_64__) && defined(__GNUC__)
  if (have_avx2 ())
    ev.kernels = kernels_4;
  else
#endif
    ev.kernels = kernels_2;

  if (request->group_by != NULL)
    {
      int index = kpi_table_lookup (ev.table, request->group_by);

      if (index < 0)
        {
          kpi_dataset_read_unlock (request->dataset);
          g_set_error (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_UNKNOWN_FIELD,
                       "unknown field “%s” to break down by", request->group_by);
          return NULL;
        }
      if (kpi_table_column (ev.table, index)->kind != KPI_COLUMN_DIMENSION)
        {
          kpi_dataset_read_unlock (request->dataset);
          g_set_error (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_NOT_A_DIMENSION,
                       "cannot break down by “%s”: it is not a dimension", request->group_by);
          return NULL;
        }
      ev.group_codes = kpi_table_column (ev.table, index)->codes;
      ev.group_lut = make_group_lut (&ev, kpi_table_column (ev.table, index));
    }

  /* Values compared with dimensions that never held them: warnings that
   * every value of the evaluation carries. */
  ev.warnings = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  {
    g_auto(GStrv) unknown = kpi_formula_list_unknown_values (formula, ev.table);
    add_warnings (&ev, (const char * const *) unknown);
  }
  ev.periods = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_period_free);
  ev.period_index = g_hash_table_new (period_hash, period_equal);
  ev.prev_of = g_array_new (FALSE, FALSE, sizeof (int));
  ev.starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  ev.ends = g_array_new (FALSE, FALSE, sizeof (gint64));
  ev.aggs = g_ptr_array_new_with_free_func (agg_free);
  ev.agg_by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ev.agg_by_node = g_hash_table_new (NULL, NULL);
  program_init (&ev.prog);
  program_init (&ev.sprog);
  ev.cur = &ev.prog;

  /* Phase 1 */
  n_root = request->periods->len;
  root = g_new (int, MAX (n_root, 1));
  for (guint i = 0; i < n_root; i++)
    root[i] = intern_period (&ev, g_ptr_array_index (request->periods, i));
  plan (&ev, formula->root, root, n_root);

  /* Phase 2 */
  ev.n_slots = (gsize) ev.periods->len * ev.G + 1;
  if (ev.n_slots >= G_MAXUINT32)
    {
      g_set_error (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_TYPE,
                   "too many periods (%u) times groups (%u) in one evaluation",
                   ev.periods->len, ev.G);
      goto out;
    }
  for (guint k = 0; k < ev.aggs->len; k++)
    {
      Agg *a = g_ptr_array_index (ev.aggs, k);
      compile_aggregate (&ev, a);
      agg_alloc (&ev, a);
    }
  ev.cover = g_new (guint8, MAX (ev.periods->len, 1));
  for (guint p = 0; p < ev.periods->len; p++)
    ev.cover[p] = kpi_dataset_cover (ev.dataset, g_array_index (ev.starts, gint64, p),
                                     g_array_index (ev.ends, gint64, p));
  if (ev.n_rows > 0 && ev.aggs->len > 0)
    {
      gboolean plain = FALSE, snapshots = FALSE;

      for (guint k = 0; k < ev.aggs->len; k++)
        {
          Agg *a = g_ptr_array_index (ev.aggs, k);
          plain |= a->by_codes == NULL;
          snapshots |= a->by_codes != NULL;
        }
      if (plain && ev.table->sorted)
        scan_sorted (&ev);
      else if (plain)
        scan_unsorted (&ev);
      if (snapshots)
        scan_snapshots (&ev);
    }
  for (guint k = 0; k < ev.aggs->len; k++)
    finish_aggregate (&ev, g_ptr_array_index (ev.aggs, k));
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
  g_clear_pointer (&ev.warnings, g_ptr_array_unref);
  g_free (ev.cover);
  g_free (ev.group_lut);
  g_free (names);
  g_free (values);
  g_free (sample);
  g_free (root);
  g_ptr_array_unref (ev.aggs);
  g_hash_table_unref (ev.agg_by_key);
  g_hash_table_unref (ev.agg_by_node);
  program_clear (&ev.prog);
  program_clear (&ev.sprog);
  g_hash_table_unref (ev.period_index);
  g_ptr_array_unref (ev.periods);
  g_array_free (ev.prev_of, TRUE);
  g_array_free (ev.starts, TRUE);
  g_array_free (ev.ends, TRUE);
  return result;
}
