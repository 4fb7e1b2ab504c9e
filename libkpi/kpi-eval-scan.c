/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-eval-scan.c: the scan of the evaluator: the rows, a chunk at a time,
 * through the row program, into the aggregates' accumulators, each row to
 * the slot of its period and group.
 *
 * - A time-sorted table is scanned period by period over row ranges
 *   found by binary search (scan_sorted), so that recomputing the current
 *   month costs the month's rows.
 * - Another table is scanned in full once per family of periods that do
 *   not overlap (scan_unsorted), each row's period found from its period
 *   ordinal (kpi-eval-cache.c) or, for custom periods, by binary search.
 * - snapshot() aggregates take the latest row of each entity at the end
 *   of each period: one sweep over the rows in time order per entity
 *   column, gathering those rows into chunks (scan_snapshot).
 *
 * The caller holds the dataset's read lock throughout: the scan reads the
 * columns, and the ordinal cache it asks for is only valid under it.
 * Cancellation is checked once a chunk (once a period for snapshots): a
 * cancelled scan stops early, and kpi_formula_evaluate() fails. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "kpi-eval-private.h"
#include "kpi-eval-cache-private.h"
#include "kpi-calendar-private.h"

/* The group slot of each row of a chunk, added to @base; rows outside
 * every group go to the trash slot. */
static void
group_slots (KpiEval *ev,
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

guint32 *
kpi_eval_group_lut_new (KpiEval   *ev,
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

/* The first of the @n rows of sorted @times at or after @t */
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
scan_sorted (KpiEval *ev)
{
  guint32 *slots = g_new (guint32, CHUNK);

  for (guint p = 0; p < ev->periods->len; p++)
    {
      gsize lo = lower_bound (ev->times, ev->n_rows, g_array_index (ev->starts, gint64, p));
      gsize hi = lower_bound (ev->times, ev->n_rows, g_array_index (ev->ends, gint64, p));

      for (gsize row0 = lo; row0 < hi && !g_cancellable_is_cancelled (ev->cancellable); row0 += CHUNK)
        {
          KpiEvalChunk ch = { 0 };

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
          kpi_eval_program_run (&ev->prog, row0, ch.n, NULL);
          kpi_eval_accumulate_chunk (ev, &ch, NULL);
        }
    }
  g_free (slots);
}

/* A family of periods no two of which overlap, so that a row belongs to
 * at most one and one pass over an unsorted table feeds them all: the
 * periods of one natural granularity in the request's calendar (a row's
 * period found by its cached ordinal, through a table), or periods of any
 * other kind (found by binary search over their starts). */
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
  int            *index;         /* the period of starts[i], ends[i] */
} Family;

static int
compare_by_start (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  KpiEval *ev = user_data;
  gint64 sa = g_array_index (ev->starts, gint64, *(const int *) a);
  gint64 sb = g_array_index (ev->starts, gint64, *(const int *) b);

  return sa < sb ? -1 : sa > sb;
}

static void family_free (gpointer p);

static GPtrArray *
make_families (KpiEval *ev)
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
scan_unsorted (KpiEval *ev)
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
          ord = kpi_eval_cache_ordinals (ev->dataset, ev->req->calendar, fam->granularity, &base);
          shift = base - fam->min_ord;
        }

      for (gsize row0 = 0; row0 < ev->n_rows && !g_cancellable_is_cancelled (ev->cancellable); row0 += CHUNK)
        {
          guint n = (guint) MIN ((gsize) CHUNK, ev->n_rows - row0);
          guint32 lo_slot = trash, hi_slot = 0;
          KpiEvalChunk ch = { 0 };

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
          kpi_eval_program_run (&ev->prog, row0, n, NULL);
          kpi_eval_accumulate_chunk (ev, &ch, NULL);
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
compare_by_end (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  KpiEval *ev = user_data;
  gint64 ea = g_array_index (ev->ends, gint64, *(const int *) a);
  gint64 eb = g_array_index (ev->ends, gint64, *(const int *) b);

  return ea < eb ? -1 : ea > eb;
}

/* The snapshot() aggregates over entity codes @entity: one sweep over the
 * rows in time order keeps the latest row of each entity; at the end of
 * each period (in order of their ends) the latest rows are gathered and
 * run through the snapshot program. */
static void
scan_snapshot (KpiEval       *ev,
               const guint32 *entity,
               guint          n_entities)
{
  gsize n = ev->n_rows, next = 0, n_words = (n + 63) / 64;
  guint32 *order = NULL;
  guint32 *latest = g_new0 (guint32, MAX (n_entities, 1));   /* row + 1, 0: none */
  /* the rows that are some entity's latest, as bits in row order: the
   * gather below reads them forwards without sorting them each period */
  guint64 *live = g_new0 (guint64, MAX (n_words, 1));
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
            {
              if (latest[e] != 0)
                live[(latest[e] - 1) >> 6] &= ~(G_GUINT64_CONSTANT (1) << ((latest[e] - 1) & 63));
              latest[e] = r + 1;
              live[r >> 6] |= G_GUINT64_CONSTANT (1) << (r & 63);
            }
        }
      if (ev->cover[p] == KPI_COVERAGE_NONE)
        continue;
      /* In row order: the gathers read the columns forwards. */
      for (gsize w = 0; w < n_words; w++)
        for (guint64 bits = live[w]; bits != 0; bits &= bits - 1)
          rows[m++] = (guint32) (w * 64 + (gsize) __builtin_ctzll (bits));

      for (guint c0 = 0; c0 < m; c0 += CHUNK)
        {
          KpiEvalChunk ch = { 0 };

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
          kpi_eval_program_run (&ev->sprog, 0, ch.n, rows + c0);
          kpi_eval_accumulate_chunk (ev, &ch, entity);
        }
    }

  g_free (order);
  g_free (latest);
  g_free (live);
  g_free (rows);
  g_free (slots);
  g_free (by_end);
}

/* Every family of snapshot() aggregates, one sweep per entity column. */
static void
scan_snapshots (KpiEval *ev)
{
  GPtrArray *done = g_ptr_array_new ();

  for (guint k = 0; k < ev->aggs->len; k++)
    {
      KpiEvalAgg *a = g_ptr_array_index (ev->aggs, k);

      if (a->by_codes == NULL || g_ptr_array_find (done, a->by_codes, NULL))
        continue;
      g_ptr_array_add (done, (gpointer) a->by_codes);
      scan_snapshot (ev, a->by_codes, a->n_by);
    }
  g_ptr_array_free (done, TRUE);
}

void
kpi_eval_scan (KpiEval *ev)
{
  gboolean plain = FALSE, snapshots = FALSE;

  if (ev->n_rows == 0 || ev->aggs->len == 0)
    return;
  for (guint k = 0; k < ev->aggs->len; k++)
    {
      KpiEvalAgg *a = g_ptr_array_index (ev->aggs, k);
      plain |= a->by_codes == NULL;
      snapshots |= a->by_codes != NULL;
    }
  if (plain && ev->table->sorted)
    scan_sorted (ev);
  else if (plain)
    scan_unsorted (ev);
  if (snapshots)
    scan_snapshots (ev);
}
