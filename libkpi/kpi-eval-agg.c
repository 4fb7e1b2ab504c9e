/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-eval-agg.c: the aggregates of an evaluation (sum, count, min, max,
 * avg, median, first, last, the distinct family): their accumulators, one
 * entry per slot, fed a chunk of rows at a time by the scan, and the
 * per-slot results made from them, with the flags saying why a result is
 * missing.
 *
 * Each aggregate kind has its own loop over the chunk. sum() and avg()
 * call the vector kernels of kpi-eval-kernels.c; the others are scalar
 * loops that scatter to the slots. The distinct family (count_distinct,
 * new, retained, churned) keeps a set of codes per slot, as a bitset or,
 * when the bitsets would take too much memory, as (slot, code) pairs
 * sorted at the end.
 *
 * The accumulators belong to one evaluation: no lock. They are fed while
 * the caller holds the dataset's read lock (the registers point into the
 * columns); the results read no row. */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kpi-eval-private.h"
#include "kpi-stats-private.h"

/* Distinct counts keep one bitset of dictionary codes per slot; above this
 * many bytes they collect (slot, code) pairs and sort them instead. */
#define DISTINCT_BITSET_MAX ((gsize) 256 << 20)

/* ------------------------------------------------------------------------ */
/* Accumulators */

/* The aggregate @node, before it is compiled: its kind and node only. */
KpiEvalAgg *
kpi_eval_agg_new (const KpiNode *node)
{
  KpiEvalAgg *a = g_new0 (KpiEvalAgg, 1);

  a->kind = node->agg;
  a->node = node;
  return a;
}

void
kpi_eval_agg_alloc (KpiEval    *ev,
                    KpiEvalAgg *a)
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

void
kpi_eval_agg_free (gpointer p)
{
  KpiEvalAgg *a = p;

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
/* Accumulating one chunk */

/* Slots per chunk up to which a masked pass per slot beats one scalar
 * pass that scatters to the slots. */
#define MAX_MASKED_SLOTS 4

static void
acc_sum (KpiEvalAgg         *a,
         const KpiEvalChunk *ch,
         const double       *v,
         const guint8       *f,
         const KpiSumFunc   *kernels)
{
  guint n = ch->n;

  if (ch->slots == NULL)
    {
      double s = 0, c = 0;
      guint64 m = kernels[f != NULL] (v, f, NULL, 0, n, &s, &c);

      kpi_two_sum (&a->s[ch->slot], &a->c[ch->slot], s);
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

          kpi_two_sum (&a->s[t], &a->c[t], s);
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
      kpi_two_sum (&a->s[slot], &a->c[slot], ok ? x : 0.0);
    }
}

static void
acc_count (KpiEvalAgg         *a,
           const KpiEvalChunk *ch,
           const guint8       *f)
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
acc_extremum (KpiEvalAgg         *a,
              const KpiEvalChunk *ch,
              const double       *v,
              const guint8       *f,
              gboolean            is_max)
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
acc_median (KpiEvalAgg         *a,
            const KpiEvalChunk *ch,
            const double       *v,
            const guint8       *f)
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
acc_first_last (KpiEvalAgg         *a,
                const KpiEvalChunk *ch,
                const double       *v,
                const guint8       *f,
                gboolean            last)
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
acc_distinct (KpiEvalAgg         *a,
              const KpiEvalChunk *ch,
              const guint32      *codes,
              const guint8       *f,
              guint32             trash)
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

void
kpi_eval_accumulate_chunk (KpiEval            *ev,
                           const KpiEvalChunk *ch,
                           const guint32      *by)
{
  KpiEvalProgram *prog = by != NULL ? &ev->sprog : &ev->prog;

  for (guint k = 0; k < ev->aggs->len; k++)
    {
      KpiEvalAgg *a = g_ptr_array_index (ev->aggs, k);
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
/* Results */

static int
compare_u64 (gconstpointer a,
             gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

/* The per-slot sets of codes of a distinct aggregate, read by the
 * results: its bitsets (a->bits), or, when it collected pairs, sorted runs
 * of a code array made from them by finish_distinct(). */
typedef struct
{
  const KpiEvalAgg *a;
  const guint32    *codes;    /* pairs: the codes, sorted per slot */
  const gsize      *offsets;  /* pairs: slot s is codes[offsets[s]..offsets[s+1]) */
} Sets;

static guint64
set_size (const Sets *sets, gsize slot)
{
  const KpiEvalAgg *a = sets->a;
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
  const KpiEvalAgg *a = sets->a;
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
  const KpiEvalAgg *a = sets->a;
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
finish_distinct (KpiEval    *ev,
                 KpiEvalAgg *a)
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
          kpi_eval_agg_set_result (a, slot, (double) set_size (&sets, slot), 0);
          break;
        case KPI_AGG_NEW:
          kpi_eval_agg_set_result (a, slot, (double) set_count_new (&sets, slot, g_array_index (ev->starts, gint64, p)), 0);
          break;
        default:
          pp = g_array_index (ev->prev_of, int, p);
          if (pp < 0)
            kpi_eval_agg_set_result (a, slot, NAN, KPI_VALUE_FLAG_MISSING_INPUT);
          else
            {
              gsize prev_slot = (gsize) pp * ev->G + slot % ev->G;
              guint64 common = set_common (&sets, slot, prev_slot);
              kpi_eval_agg_set_result (a, slot, (double) (a->kind == KPI_AGG_RETAINED ? common
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
void
kpi_eval_agg_apply_coverage (KpiEval    *ev,
                             KpiEvalAgg *a)
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

void
kpi_eval_agg_finish (KpiEval    *ev,
                     KpiEvalAgg *a)
{
  gsize n_real = ev->n_slots - 1;

  if (a->kind == KPI_AGG_COUNT_DISTINCT || a->kind == KPI_AGG_NEW ||
      a->kind == KPI_AGG_RETAINED || a->kind == KPI_AGG_CHURNED)
    {
      finish_distinct (ev, a);
      kpi_eval_agg_apply_coverage (ev, a);
      return;
    }

  for (gsize slot = 0; slot < n_real; slot++)
    {
      guint64 n = a->n[slot];

      switch (a->kind)
        {
        case KPI_AGG_SUM:
          kpi_eval_agg_set_result (a, slot, isfinite (a->s[slot]) ? a->s[slot] + a->c[slot] : a->s[slot], 0);
          break;
        case KPI_AGG_COUNT:
          kpi_eval_agg_set_result (a, slot, (double) n, 0);
          break;
        case KPI_AGG_AVG:
          if (n == 0)
            kpi_eval_agg_set_result (a, slot, NAN, KPI_VALUE_FLAG_NO_DATA);
          else
            kpi_eval_agg_set_result (a, slot, isfinite (a->s[slot]) ? (a->s[slot] + a->c[slot]) / (double) n : a->s[slot], 0);
          break;
        case KPI_AGG_MEDIAN:
          if (n == 0)
            kpi_eval_agg_set_result (a, slot, NAN, KPI_VALUE_FLAG_NO_DATA);
          else
            {
              GArray *vals = a->vals[slot];

              kpi_eval_agg_set_result (a, slot, kpi_median_inplace ((double *) (gpointer) vals->data, vals->len), 0);
            }
          break;
        default:   /* min, max, first, last: the kept value */
          if (n == 0)
            kpi_eval_agg_set_result (a, slot, NAN, KPI_VALUE_FLAG_NO_DATA);
          else
            kpi_eval_agg_set_result (a, slot, a->s[slot], 0);
          break;
        }
    }
  kpi_eval_agg_apply_coverage (ev, a);
}
