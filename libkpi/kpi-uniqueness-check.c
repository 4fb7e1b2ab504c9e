/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-uniqueness-check.c: duplicated keys and duplicated rows */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-check-rows-private.h"
#include "kpi-util-private.h"

/**
 * KpiUniquenessCheck:
 *
 * A check that rows are not duplicated: that no two rows have the same
 * key ([property@Kpi.Check:fields], such as `order_id`), or, with no
 * fields, that no two rows are the same in every column (an export that
 * wrote a batch twice).
 *
 * Of the rows that share a key, the first is the original and the others
 * are its copies (duplicates); the check counts the copies, among the rows
 * whose key is not missing (a row with a missing key field is counted
 * missing, and is not compared):
 *
 *     observed = copies / (rows − missing)
 *
 * A duplicated key is a defect (the order is counted twice in every sum),
 * so by default the first copy fails: [property@Kpi.Check:mostly] is 1
 * and the thresholds are unset. A lower `mostly` tolerates a share of
 * copies; thresholds then warn (or fail) within it.
 *
 * Copies that follow each other in the data are told as batches, which is
 * how duplicates usually come (an import run twice, a page of an export
 * repeated): `25 duplicated rows on 2025-03-12 (order_id 11486 … 11510);
 * none expected`. A finding is about whole rows (every field: a copy is
 * counted in every indicator over the dataset) on the days of the copies;
 * its samples are the copies, shown by [property@Kpi.Check:key-fields]
 * (by the key when none are set). Without a key and without key fields,
 * a message names the copies by their row numbers, counted from 1 as in
 * the data file (the header excluded).
 *
 * The check makes one pass over the key columns, hashing each row's
 * values (64 bits; rows whose hashes are equal are compared value by
 * value, so a collision is never taken for a copy) with two shortcuts:
 * keys that run in order (an order id, a date and a rep) are compared
 * with the row before, and the few places where the order breaks are
 * merged; whole rows are compared within each time (rows that differ in
 * time are not copies), when the data is sorted by time, hashed by their
 * two most varied columns (measures, then the dimensions with the most
 * values). Otherwise one hash table holds every row. On 10 million orders
 * a check of order ids costs about what a sum of the amounts does; one of
 * whole rows, which reads 8 columns and looks every row up, 30 to 35
 * times that.
 *
 * ## Example
 *
 * ```c
 * const char * const key[] = { "order_id", NULL };
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 * g_autoptr(KpiContext) context = kpi_context_new (NULL);
 * g_autoptr(KpiCheck) check = kpi_uniqueness_check_new ("orders", key);
 * g_autoptr(KpiCheckResult) result = NULL;
 * g_autofree char *status = NULL;
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_context_add_dataset (context, "orders", orders);
 * result = kpi_check_run (check, context, NULL, &error);
 * if (result == NULL)
 *   g_error ("%s", error->message);
 * status = g_enum_to_string (KPI_TYPE_CHECK_STATUS, kpi_check_result_get_status (result));
 * g_print ("%s: %s\n", status, kpi_check_result_get_message (result));
 * ```
 *
 * ```python
 * orders = Kpi.Dataset.new("date")
 * orders.load_path("orders.csv", None)
 * context = Kpi.Context.new(None)
 * context.add_dataset("orders", orders)
 * check = Kpi.UniquenessCheck.new("orders", ["order_id"])
 * result = check.run(context, None)
 * print(f"{result.get_status().value_name}: {result.get_message()}")
 * ```
 *
 * ```js
 * import GObject from 'gi://GObject';
 *
 * const orders = Kpi.Dataset.new('date');
 * orders.load_path('orders.csv', null);
 * const context = Kpi.Context.new(null);
 * context.add_dataset('orders', orders);
 * const check = Kpi.UniquenessCheck.new('orders', ['order_id']);
 * const result = check.run(context, null);
 * print(`${GObject.enum_to_string(Kpi.CheckStatus, result.get_status())}: ${result.get_message()}`);
 * ```
 *
 * Since: 0.1
 */

struct _KpiUniquenessCheck
{
  KpiCheck parent_instance;
};

G_DEFINE_FINAL_TYPE (KpiUniquenessCheck, kpi_uniqueness_check, KPI_TYPE_CHECK)

/* Runs of keys in order beyond which the merge gives way to a hash table */
#define MAX_RUNS 64
/* Keys in order are checked this many at a time */
#define RUN_BLOCK 1024
/* Rows hashed together, column by column, before they are looked up */
#define HASH_BLOCK 256
/* How many rows ahead a look-up prefetches its slot */
#define PREFETCH_DISTANCE 8
/* How many batches a message names */
#define SHOWN_BATCHES 3

typedef struct
{
  KpiColumnKind  kind;
  const gint64  *times;
  const double  *values;
  const guint32 *codes;
} Column;

/* The columns that make a row's identity */
typedef struct
{
  Column *columns;
  guint   n_columns;
} Key;

/* ------------------------------------------------------------------------
 * Keys: missing, equal, ordered, hashed
 * ------------------------------------------------------------------------ */

static inline gboolean
key_is_missing (const Key *key,
                guint      row)
{
  for (guint c = 0; c < key->n_columns; c++)
    {
      const Column *col = &key->columns[c];

      if (col->kind == KPI_COLUMN_MEASURE ? isnan (col->values[row])
          : col->kind == KPI_COLUMN_DIMENSION ? col->codes[row] == KPI_DIMENSION_MISSING
          : FALSE)
        return TRUE;
    }
  return FALSE;
}

/* Equal in every column; two missing values are equal (whole rows that
 * are copies byte for byte, empty fields included) */
static inline gboolean
key_equal (const Key *key,
           guint      a,
           guint      b)
{
  for (guint c = 0; c < key->n_columns; c++)
    {
      const Column *col = &key->columns[c];

      switch (col->kind)
        {
        case KPI_COLUMN_TIME:
          if (col->times[a] != col->times[b])
            return FALSE;
          break;
        case KPI_COLUMN_DIMENSION:
          if (col->codes[a] != col->codes[b])
            return FALSE;
          break;
        case KPI_COLUMN_MEASURE:
        default:
          {
            double x = col->values[a], y = col->values[b];
            if (!(x == y || (isnan (x) && isnan (y))))
              return FALSE;
          }
          break;
        }
    }
  return TRUE;
}

/* An order of keys without missing values: any total order consistent
 * with equality will do (codes are compared as numbers, not as text) */
static inline int
key_compare (const Key *key,
             guint      a,
             guint      b)
{
  for (guint c = 0; c < key->n_columns; c++)
    {
      const Column *col = &key->columns[c];

      switch (col->kind)
        {
        case KPI_COLUMN_TIME:
          if (col->times[a] != col->times[b])
            return col->times[a] < col->times[b] ? -1 : 1;
          break;
        case KPI_COLUMN_DIMENSION:
          if (col->codes[a] != col->codes[b])
            return col->codes[a] < col->codes[b] ? -1 : 1;
          break;
        case KPI_COLUMN_MEASURE:
        default:
          if (col->values[a] != col->values[b])
            return col->values[a] < col->values[b] ? -1 : 1;
          break;
        }
    }
  return 0;
}

/* The bits of a double that equal doubles share: 0 and -0, every NaN */
static inline guint64
double_bits (double x)
{
  guint64 bits;

  /* without branches: selects, not jumps */
  memcpy (&bits, &x, sizeof bits);
  bits &= -(guint64) (x != 0.0);
  return x == x ? bits : G_GUINT64_CONSTANT (0x7ff8000000000000);
}

static inline guint64
hash_mix (guint64 h,
          guint64 v)
{
  h ^= v;
  h *= G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  return h ^ (h >> 32);
}

/* The finaliser of MurmurHash3: every bit of the input moves every bit of
 * the output, so both halves of the hash can be used apart */
static inline guint64
hash_finish (guint64 h)
{
  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);
  h ^= h >> 33;
  return h;
}

/* The hashes of @n rows, column by column (each column is read in
 * order, once) */
static void
hash_rows (const Key   *key,
           const guint *rows,
           guint        n,
           guint64     *hashes)
{
  for (guint i = 0; i < n; i++)
    hashes[i] = G_GUINT64_CONSTANT (0x2545f4914f6cdd1d);
  for (guint c = 0; c < key->n_columns; c++)
    {
      const Column *col = &key->columns[c];

      switch (col->kind)
        {
        case KPI_COLUMN_TIME:
          for (guint i = 0; i < n; i++)
            hashes[i] = hash_mix (hashes[i], (guint64) col->times[rows[i]]);
          break;
        case KPI_COLUMN_DIMENSION:
          for (guint i = 0; i < n; i++)
            hashes[i] = hash_mix (hashes[i], col->codes[rows[i]]);
          break;
        case KPI_COLUMN_MEASURE:
        default:
          for (guint i = 0; i < n; i++)
            hashes[i] = hash_mix (hashes[i], double_bits (col->values[rows[i]]));
          break;
        }
    }
  for (guint i = 0; i < n; i++)
    hashes[i] = hash_finish (hashes[i]);
}

/* ------------------------------------------------------------------------
 * The hash table: open addressing, linear probing
 * ------------------------------------------------------------------------ */

typedef struct
{
  guint32 row1;   /* the row + 1; 0: empty */
  guint32 tag;    /* the high half of its hash */
} Slot;

/* The slots hold rows from @floor on: a slot that holds an earlier row
 * (of an earlier time, when the rows are compared time by time) is
 * empty, so that the table is not cleared between times. */
typedef struct
{
  Slot  *slots;
  gsize  capacity;   /* allocated */
  gsize  mask;       /* in use: mask + 1 slots, a power of two */
  guint  floor;
} Table;

/* Makes room for @n rows, from row @floor on, at a load of at most two
 * thirds. */
static void
table_reserve (Table *table,
               gsize  n,
               guint  floor)
{
  gsize size = 16;

  while (size < n + n / 2)
    size <<= 1;
  if (size > table->capacity)
    {
      g_free (table->slots);
      table->slots = g_new0 (Slot, size);
      table->capacity = size;
    }
  table->mask = size - 1;
  table->floor = floor;
}

/* Looks @row up by its @hash (of some of the key's columns): the row + 1
 * of an earlier row equal in every column of @key, or 0 after adding
 * @row. *@steps counts the slots passed over. */
static inline guint32
table_insert (Table     *table,
              const Key *key,
              guint      row,
              guint64    hash,
              guint64   *steps)
{
  gsize i = hash & table->mask;
  guint32 tag = (guint32) (hash >> 32);

  for (;;)
    {
      Slot *s = &table->slots[i];

      if (s->row1 <= table->floor)
        {
          s->row1 = row + 1;
          s->tag = tag;
          return 0;
        }
      if (s->tag == tag && key_equal (key, s->row1 - 1, row))
        return s->row1;
      (*steps)++;
      i = (i + 1) & table->mask;
    }
}

static inline void
mark (guint64 *copies,
      guint    row)
{
  copies[row / 64] |= G_GUINT64_CONSTANT (1) << (row % 64);
}

/* Looks up @n rows (ascending) in @table, hashed by the columns of
 * @hashed, compared by those of @key, marking those seen before as
 * copies. Returns the slots passed over. */
static guint64
table_insert_rows (Table       *table,
                   const Key   *hashed,
                   const Key   *key,
                   const guint *rows,
                   guint        n,
                   guint64     *copies)
{
  guint64 hashes[HASH_BLOCK];
  guint64 steps = 0;

  for (guint b = 0; b < n; b += HASH_BLOCK)
    {
      guint m = MIN (HASH_BLOCK, n - b);

      hash_rows (hashed, rows + b, m, hashes);
      for (guint i = 0; i < m; i++)
        {
          if (i + PREFETCH_DISTANCE < m)
            __builtin_prefetch (&table->slots[hashes[i + PREFETCH_DISTANCE] & table->mask]);
          if (table_insert (table, key, rows[b + i], hashes[i], &steps) != 0)
            mark (copies, rows[b + i]);
        }
    }
  return steps;
}

/* ------------------------------------------------------------------------
 * The pass
 * ------------------------------------------------------------------------ */

typedef struct
{
  const Key     *key;
  const Key     *hashed;      /* the columns hashed, within a time: some of
                               * the key's, the most varied */
  gboolean       key_mode;    /* rows with a missing key are left out */
  const gint64  *times;
  guint          n_rows;
  KpiRowRange    range;
  GCancellable  *cancellable;
  guint64       *copies;      /* one bit per row */
  guint64        n_in;        /* rows in the range */
  guint64        missing;     /* of them, with a missing key */
} Pass;

static inline gboolean
pass_includes (const Pass *pass,
               guint       row)
{
  return kpi_row_range_contains (&pass->range, pass->times[row])
         && (!pass->key_mode || !key_is_missing (pass->key, row));
}

/* The first row at or after @row, up to @last, that the pass includes;
 * @last + 1 when there is none */
static inline guint
next_included (const Pass *pass,
               guint       row,
               guint       last)
{
  while (row <= last && !pass_includes (pass, row))
    row++;
  return row;
}

typedef struct
{
  guint first;   /* its first and last rows included */
  guint last;
} Run;

/* The first row of @run whose key is not below that of @target, or
 * run->last + 1 */
static guint
run_lower_bound (const Pass *pass,
                 const Run  *run,
                 guint       target)
{
  guint lo = run->first, hi = run->last + 1;

  /* invariant: the included rows before lo are below the target; the
   * first included row at or after hi is not */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      guint m = next_included (pass, mid, run->last);

      if (m > run->last || key_compare (pass->key, m, target) >= 0)
        hi = mid;
      else
        lo = m + 1;
    }
  return next_included (pass, lo, run->last);
}

/* Marks the rows of @later whose key is in @earlier (both in order) */
static gboolean
merge_runs (const Pass  *pass,
            const Run   *earlier,
            const Run   *later,
            GError     **error)
{
  const Key *key = pass->key;
  guint lo = key_compare (key, earlier->first, later->first) >= 0 ? earlier->first : later->first;
  guint hi = key_compare (key, earlier->last, later->last) <= 0 ? earlier->last : later->last;
  guint e = run_lower_bound (pass, earlier, lo);
  guint l = run_lower_bound (pass, later, lo);
  guint steps = 0;

  while (e <= earlier->last && l <= later->last
         && key_compare (key, e, hi) <= 0 && key_compare (key, l, hi) <= 0)
    {
      int c = key_compare (key, e, l);

      if (++steps % KPI_CHECK_ROWS_CHUNK == 0
          && g_cancellable_set_error_if_cancelled (pass->cancellable, error))
        return FALSE;
      if (c < 0)
        e = next_included (pass, e + 1, earlier->last);
      else
        {
          if (c == 0)
            mark (pass->copies, l);
          l = next_included (pass, l + 1, later->last);
        }
    }
  return TRUE;
}

static int
compare_run_starts (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  const Pass *pass = user_data;

  return key_compare (pass->key, ((const Run *) a)->first, ((const Run *) b)->first);
}

/* Keys that run in order: a copy follows its original, or is in another
 * run of keys in order, found by merging the runs whose keys overlap.
 * FALSE with nothing marked when the keys are too far from an order for
 * that to pay (the caller hashes them), or with @error set. */
static gboolean
dedupe_runs (Pass     *pass,
             gboolean *done,
             GError  **error)
{
  const Key *key = pass->key;
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (Run));
  g_autoptr(GArray) by_start = NULL;
  Run run = { 0, 0 };
  gboolean in_run = FALSE;
  guint64 work = 0;
  /* the common key, one measure: its own loop */
  const double *values = key->n_columns == 1 && key->columns[0].kind == KPI_COLUMN_MEASURE
                         ? key->columns[0].values : NULL;

  *done = FALSE;
  for (guint c0 = 0; c0 < pass->n_rows; c0 += KPI_CHECK_ROWS_CHUNK)
    {
      guint to = MIN (pass->n_rows, c0 + KPI_CHECK_ROWS_CHUNK);

      if (g_cancellable_set_error_if_cancelled (pass->cancellable, error))
        return FALSE;
      for (guint r = c0; r < to; )
        {
          guint end = to;

          /* one measure, all rows: a block of keys rising from the last
           * one, and no missing key, is seen at once, in vectors */
          if (values != NULL && pass->range.all)
            {
              end = MIN (to, r + RUN_BLOCK);
              if (in_run && values[run.last] < values[r]
                  && kpi_check_rows_increasing (values + r, end - r))
                {
                  pass->n_in += end - r;
                  run.last = end - 1;
                  r = end;
                  continue;
                }
            }
          for (; r < end; r++)
            {
              int c;

              if (!pass->range.all && !kpi_row_range_contains (&pass->range, pass->times[r]))
                continue;
              pass->n_in++;
              if (values != NULL ? isnan (values[r]) : key_is_missing (key, r))
                {
                  pass->missing++;
                  continue;
                }
              if (!in_run)
                {
                  run.first = run.last = r;
                  in_run = TRUE;
                  continue;
                }
              if (values != NULL)
                {
                  double x = values[run.last], y = values[r];
                  c = x < y ? -1 : x > y ? 1 : 0;
                }
              else
                c = key_compare (key, run.last, r);
              if (c == 0)
                mark (pass->copies, r);
              else if (c > 0)
                {
                  g_array_append_val (runs, run);
                  if (runs->len >= MAX_RUNS)
                    return TRUE;
                  run.first = r;
                }
              run.last = r;
            }
        }
    }
  if (in_run)
    g_array_append_val (runs, run);

  /* The runs whose keys overlap, in order of their first keys: a run
   * overlaps those that start before it ends. Their rows bound the work
   * of the merges: beyond a few passes' worth, hashing is cheaper. */
  by_start = g_array_copy (runs);
  g_array_sort_with_data (by_start, compare_run_starts, pass);
  for (guint i = 0; i < by_start->len; i++)
    for (guint j = i + 1; j < by_start->len; j++)
      {
        const Run *a = &g_array_index (by_start, Run, i);
        const Run *b = &g_array_index (by_start, Run, j);

        if (key_compare (key, b->first, a->last) > 0)
          break;
        work += (guint64) (a->last - a->first + 1) + (b->last - b->first + 1);
      }
  if (work > 4 * (guint64) pass->n_rows + 1024)
    return TRUE;

  for (guint i = 0; i < by_start->len; i++)
    for (guint j = i + 1; j < by_start->len; j++)
      {
        const Run *a = &g_array_index (by_start, Run, i);
        const Run *b = &g_array_index (by_start, Run, j);

        if (key_compare (key, b->first, a->last) > 0)
          break;
        if (!(a->first < b->first ? merge_runs (pass, a, b, error)
                                  : merge_runs (pass, b, a, error)))
          return FALSE;
      }
  *done = TRUE;
  return TRUE;
}

/* Whole rows, the data sorted by time: copies have the same time, so each
 * time's rows are compared among themselves, in a table that stays in the
 * cache, hashed by a few of their columns (all are compared when hashes
 * meet; all are hashed for a time where those few do not tell its rows
 * apart). FALSE with nothing marked when the data is not sorted, or with
 * @error set. */
static gboolean
dedupe_by_time (Pass     *pass,
                gboolean *done,
                GError  **error)
{
  Table table = { NULL, 0, 0, 0 };
  g_autofree guint *rows = g_new (guint, HASH_BLOCK);
  guint r = 0, checked = KPI_CHECK_ROWS_CHUNK;

  *done = FALSE;
  while (r < pass->n_rows)
    {
      gint64 t = pass->times[r];
      guint end = r + 1;

      if (checked >= KPI_CHECK_ROWS_CHUNK)
        {
          checked = 0;
          if (g_cancellable_set_error_if_cancelled (pass->cancellable, error))
            {
              g_free (table.slots);
              return FALSE;
            }
        }

      while (end < pass->n_rows && pass->times[end] == t)
        end++;
      if (end < pass->n_rows && pass->times[end] < t)
        {
          /* not sorted: undo, and let the caller hash every row */
          memset (pass->copies, 0, (pass->n_rows / 64 + 1) * sizeof (guint64));
          pass->n_in = 0;
          g_free (table.slots);
          return TRUE;
        }
      if (kpi_row_range_contains (&pass->range, t))
        {
          pass->n_in += end - r;
          if (end - r == 2)
            {
              if (key_equal (pass->key, r, r + 1))
                mark (pass->copies, r + 1);
            }
          else if (end - r > 2)
            {
              const Key *hashed = pass->hashed;

              for (;;)
                {
                  guint64 steps = 0;

                  table_reserve (&table, end - r, r);
                  for (guint b = r; b < end; b += HASH_BLOCK)
                    {
                      guint m = MIN (HASH_BLOCK, end - b);

                      for (guint i = 0; i < m; i++)
                        rows[i] = b + i;
                      steps += table_insert_rows (&table, hashed, pass->key, rows, m, pass->copies);
                    }
                  /* rows alike in the columns hashed make long chains:
                   * again with every column */
                  if (hashed == pass->key || steps <= 4 * (guint64) (end - r) + 64)
                    break;
                  hashed = pass->key;
                  for (guint k = r; k < end; k++)
                    pass->copies[k / 64] &= ~(G_GUINT64_CONSTANT (1) << (k % 64));
                  memset (table.slots, 0, (table.mask + 1) * sizeof (Slot));
                }
            }
        }
      checked += end - r;
      r = end;
    }
  g_free (table.slots);
  *done = TRUE;
  return TRUE;
}

/* Every row in one table */
static gboolean
dedupe_hash (Pass    *pass,
             GError **error)
{
  Table table = { NULL, 0, 0, 0 };
  g_autofree guint *rows = g_new (guint, KPI_CHECK_ROWS_CHUNK);
  guint64 n = 0;

  if (pass->range.all && !pass->key_mode)
    n = pass->n_rows;
  else
    for (guint r = 0; r < pass->n_rows; r++)
      n += pass_includes (pass, r);
  table_reserve (&table, n, 0);

  pass->n_in = 0;
  pass->missing = 0;
  for (guint c0 = 0; c0 < pass->n_rows; c0 += KPI_CHECK_ROWS_CHUNK)
    {
      guint to = MIN (pass->n_rows, c0 + KPI_CHECK_ROWS_CHUNK), k = 0;

      if (g_cancellable_set_error_if_cancelled (pass->cancellable, error))
        {
          g_free (table.slots);
          return FALSE;
        }
      for (guint r = c0; r < to; r++)
        {
          if (!kpi_row_range_contains (&pass->range, pass->times[r]))
            continue;
          pass->n_in++;
          if (pass->key_mode && key_is_missing (pass->key, r))
            {
              pass->missing++;
              continue;
            }
          rows[k++] = r;
        }
      table_insert_rows (&table, pass->key, pass->key, rows, k, pass->copies);
    }
  g_free (table.slots);
  return TRUE;
}

/* ------------------------------------------------------------------------
 * The result
 * ------------------------------------------------------------------------ */

typedef struct
{
  guint first;   /* rows */
  guint last;
  guint count;
} Batch;

/* How a message names a row: its key fields' values, or its row number */
static char *
name_row (KpiDataset  *dataset,
          KpiCalendar *calendar,
          const guint *columns,
          guint        n_columns,
          guint        row)
{
  GString *text;

  if (n_columns == 0)
    return g_strdup_printf ("%u", row + 1);
  if (n_columns == 1)
    return kpi_check_rows_format_cell (dataset, calendar, columns[0], row);
  text = g_string_new ("(");
  for (guint c = 0; c < n_columns; c++)
    {
      g_autofree char *v = kpi_check_rows_format_cell (dataset, calendar, columns[c], row);

      g_string_append_printf (text, "%s%s", c > 0 ? ", " : "", v);
    }
  g_string_append_c (text, ')');
  return g_string_free (text, FALSE);
}

/* "order_id", "(rep, date)", "rows" */
static char *
name_key (KpiDataset  *dataset,
          const guint *columns,
          guint        n_columns)
{
  GString *text;

  if (n_columns == 0)
    return g_strdup ("rows");
  if (n_columns == 1)
    return kpi_text_for_message (kpi_dataset_get_column_name (dataset, columns[0]), -1,
                                 KPI_MESSAGE_QUOTE_CHARS);
  text = g_string_new ("(");
  for (guint c = 0; c < n_columns; c++)
    {
      g_autofree char *name = kpi_text_for_message (kpi_dataset_get_column_name (dataset, columns[c]),
                                                    -1, KPI_MESSAGE_QUOTE_CHARS);

      g_string_append_printf (text, "%s%s", c > 0 ? ", " : "", name);
    }
  g_string_append_c (text, ')');
  return g_string_free (text, FALSE);
}

/* "25 duplicated rows on 2025-03-12 (order_id 11486 … 11510)", or with
 * @short_form "25 on 2025-03-12 (…)" */
static void
describe_batch (GString      *message,
                const Batch  *batch,
                gboolean      short_form,
                KpiDataset   *dataset,
                KpiCalendar  *calendar,
                const gint64 *times,
                const guint  *columns,
                guint         n_columns)
{
  g_autofree char *first_day = kpi_check_rows_day_label (calendar, times[batch->first]);
  g_autofree char *last_day = kpi_check_rows_day_label (calendar, times[batch->last]);
  g_autofree char *key = name_key (dataset, columns, n_columns);
  g_autofree char *first = name_row (dataset, calendar, columns, n_columns, batch->first);
  g_autofree char *last = name_row (dataset, calendar, columns, n_columns, batch->last);

  g_string_append_printf (message, "%u", batch->count);
  if (!short_form)
    g_string_append_printf (message, " duplicated row%s", batch->count == 1 ? "" : "s");
  g_string_append_printf (message, " on %s", first_day);
  if (strcmp (first_day, last_day) != 0)
    g_string_append_printf (message, " … %s", last_day);
  if (batch->count == 1 || strcmp (first, last) == 0)
    g_string_append_printf (message, " (%s %s)", n_columns == 0 ? "row" : key, first);
  else
    g_string_append_printf (message, " (%s %s … %s)", key, first, last);
}

static KpiCheckResult *
kpi_uniqueness_check_run (KpiCheck      *check,
                          KpiContext    *context,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(KpiDataset) dataset = NULL;
  g_autofree Column *columns = NULL;
  g_autofree guint *name_columns = NULL;
  g_autofree guint64 *copies = NULL;
  g_autoptr(GString) message = g_string_new (NULL);
  g_autoptr(GArray) batches = g_array_new (FALSE, FALSE, sizeof (Batch));
  g_autofree char *key_name = NULL;
  const char * const *fields = kpi_check_get_fields (check);
  const char * const *key_fields = kpi_check_get_key_fields (check);
  const char * const *naming;
  const KpiPeriod *period = kpi_check_get_period (check);
  gboolean key_mode = fields[0] != NULL, done = FALSE;
  KpiCalendar *calendar;
  KpiCheckResult *result;
  KpiCheckStatus status;
  KpiAffectedPeriods days;
  Key key = { NULL, 0 };
  Key hashed = { NULL, 0 };
  Column hashed_columns[2];
  Pass pass = { 0 };
  gsize n_rows = 0;
  guint n_name_columns = 0, n_batches = 0;
  guint64 n_copies = 0;
  double observed, mostly = kpi_check_get_mostly (check);

  dataset = kpi_check_dup_dataset (check, context, error);
  if (dataset == NULL)
    return NULL;
  calendar = kpi_context_get_calendar (context);

  /* The key: the fields, or every column */
  if (key_mode)
    {
      guint n = g_strv_length ((char **) fields);

      columns = g_new0 (Column, n);
      for (guint i = 0; i < n; i++)
        {
          guint column;
          gsize len;

          if (!kpi_check_lookup_field (check, dataset, fields[i], &column, error))
            return NULL;
          columns[i].kind = kpi_dataset_get_column_kind (dataset, column);
          if (columns[i].kind == KPI_COLUMN_TIME)
            columns[i].times = kpi_dataset_get_times (dataset, &len);
          else if (columns[i].kind == KPI_COLUMN_DIMENSION)
            columns[i].codes = kpi_dataset_get_dimension_codes (dataset, fields[i], &len);
          else
            columns[i].values = kpi_dataset_get_measure (dataset, fields[i], &len);
        }
      key.n_columns = n;
    }
  else
    {
      guint n = kpi_dataset_get_n_columns (dataset);

      columns = g_new0 (Column, n);
      for (guint c = 0; c < n; c++)
        {
          const char *name = kpi_dataset_get_column_name (dataset, c);
          Column *col = &columns[key.n_columns];
          gsize len;

          col->kind = kpi_dataset_get_column_kind (dataset, c);
          /* the time column last: rows compared within a time skip it */
          if (col->kind == KPI_COLUMN_TIME)
            continue;
          if (col->kind == KPI_COLUMN_DIMENSION)
            col->codes = kpi_dataset_get_dimension_codes (dataset, name, &len);
          else
            col->values = kpi_dataset_get_measure (dataset, name, &len);
          key.n_columns++;
        }
    }
  key.columns = columns;

  /* The columns that name a copy in messages */
  naming = key_fields[0] != NULL ? key_fields : fields;
  name_columns = g_new0 (guint, g_strv_length ((char **) naming) + 1);
  for (guint i = 0; naming[i] != NULL; i++)
    if (kpi_dataset_lookup_column (dataset, naming[i], &name_columns[n_name_columns], NULL))
      n_name_columns++;

  pass.key = &key;
  pass.hashed = &key;
  if (!key_mode)
    {
      /* hashed within a time: the two most varied columns, measures
       * (amounts, ids) first, then the dimensions with the most values */
      guint best[2] = { G_MAXUINT, G_MAXUINT };
      gsize score[2] = { 0, 0 };

      for (guint c = 0; c < key.n_columns; c++)
        {
          gsize n = G_MAXSIZE;

          if (columns[c].kind == KPI_COLUMN_DIMENSION)
            {
              const char *name = NULL;

              /* the dimension's name, to ask for its dictionary's size */
              for (guint d = 0, k = 0; d < kpi_dataset_get_n_columns (dataset); d++)
                if (kpi_dataset_get_column_kind (dataset, d) != KPI_COLUMN_TIME && k++ == c)
                  name = kpi_dataset_get_column_name (dataset, d);
              kpi_dataset_get_dimension_dictionary (dataset, name, &n);
            }
          if (best[0] == G_MAXUINT || n > score[0])
            {
              best[1] = best[0];
              score[1] = score[0];
              best[0] = c;
              score[0] = n;
            }
          else if (best[1] == G_MAXUINT || n > score[1])
            {
              best[1] = c;
              score[1] = n;
            }
        }
      if (key.n_columns > 2)
        {
          hashed_columns[0] = columns[best[0]];
          hashed_columns[1] = columns[best[1]];
          hashed.columns = hashed_columns;
          hashed.n_columns = 2;
          pass.hashed = &hashed;
        }
    }
  pass.key_mode = key_mode;
  pass.times = kpi_dataset_get_times (dataset, &n_rows);
  pass.n_rows = (guint) n_rows;
  pass.cancellable = cancellable;
  kpi_row_range_init (&pass.range, period);
  copies = g_new0 (guint64, n_rows / 64 + 1);
  pass.copies = copies;

  if (key_mode)
    {
      if (!dedupe_runs (&pass, &done, error))
        return NULL;
      if (!done)
        {
          memset (copies, 0, (n_rows / 64 + 1) * sizeof (guint64));
          if (!dedupe_hash (&pass, error))
            return NULL;
        }
    }
  else
    {
      if (!dedupe_by_time (&pass, &done, error))
        return NULL;
      if (!done)
        {
          /* every row in one table: the time too */
          gsize len;

          columns[key.n_columns].kind = KPI_COLUMN_TIME;
          columns[key.n_columns].times = kpi_dataset_get_times (dataset, &len);
          key.n_columns++;
          if (!dedupe_hash (&pass, error))
            return NULL;
        }
    }

  /* Edges: nothing to compare */
  if (pass.n_in - pass.missing < 2)
    {
      if (pass.n_in == 0 && period != NULL)
        g_string_printf (message, "no rows in %s", kpi_period_get_label (period));
      else if (pass.n_in == 0)
        g_string_printf (message, "no rows to check");
      else if (pass.n_in == pass.missing)
        g_string_printf (message, "all %" G_GUINT64_FORMAT " rows miss a key field", pass.n_in);
      else
        g_string_printf (message, "one row with a key: nothing to compare it with");
      result = kpi_check_result_new (KPI_CHECK_STATUS_INSUFFICIENT_DATA, message->str);
      kpi_check_result_set_fields (result, fields);
      kpi_check_result_set_counts (result, kpi_sample_size_cap (pass.n_in),
                                   kpi_sample_size_cap (MIN (pass.missing, pass.n_in)), 0);
      return result;
    }

  /* The copies, in batches of consecutive rows; their days and samples */
  kpi_affected_periods_init (&days, calendar, KPI_GRANULARITY_DAY);
  {
    Batch batch = { 0, 0, 0 };

    for (gsize w = 0; w < n_rows / 64 + 1; w++)
      {
        guint64 bits = copies[w];

        while (bits != 0)
          {
            guint row = (guint) (w * 64 + (guint) __builtin_ctzll (bits));

            bits &= bits - 1;
            n_copies++;
            kpi_affected_periods_add (&days, pass.times[row]);
            if (batch.count > 0 && row == batch.last + 1)
              {
                batch.last = row;
                batch.count++;
                continue;
              }
            if (batch.count > 0)
              {
                n_batches++;
                if (batches->len < SHOWN_BATCHES)
                  g_array_append_val (batches, batch);
              }
            batch.first = batch.last = row;
            batch.count = 1;
          }
      }
    if (batch.count > 0)
      {
        n_batches++;
        if (batches->len < SHOWN_BATCHES)
          g_array_append_val (batches, batch);
      }
  }

  observed = (double) n_copies / (double) (pass.n_in - pass.missing);
  {
    guint element = kpi_sample_size_cap (pass.n_in);
    guint miss = (guint) MIN (pass.missing, (guint64) element);
    guint bad = (guint) MIN (n_copies, (guint64) (element - miss));

    status = kpi_check_grade_rows (check, element, miss, bad);
    result = kpi_check_result_new (status, "");
    kpi_check_result_set_counts (result, element, miss, bad);
  }

  /* The message */
  key_name = key_mode ? name_key (dataset, name_columns, n_name_columns) : NULL;
  if (n_copies == 0)
    g_string_printf (message, "no duplicated %s among %" G_GUINT64_FORMAT " rows",
                     key_mode ? key_name : "row", pass.n_in - pass.missing);
  else
    {
      g_autofree char *share = kpi_check_rows_format_share (observed);

      if (n_batches == 1)
        describe_batch (message, &g_array_index (batches, Batch, 0), FALSE, dataset, calendar,
                        pass.times, name_columns, n_name_columns);
      else
        {
          g_string_append_printf (message, "%" G_GUINT64_FORMAT " duplicated rows in %u batches: ",
                                  n_copies, n_batches);
          for (guint k = 0; k < batches->len; k++)
            {
              if (k > 0)
                g_string_append (message, ", ");
              describe_batch (message, &g_array_index (batches, Batch, k), TRUE, dataset, calendar,
                              pass.times, name_columns, n_name_columns);
            }
          if (n_batches > batches->len)
            g_string_append_printf (message, " and %u more", n_batches - batches->len);
        }
      if (1.0 - mostly <= 1e-12)
        g_string_append (message, "; none expected");
      else
        {
          g_autofree char *allowed = kpi_check_rows_format_share (1.0 - mostly);
          g_string_append_printf (message, "; %s of the rows, at most %s expected", share, allowed);
        }
    }
  kpi_check_result_set_message (result, message->str);
  kpi_check_result_set_observed (result, observed);
  kpi_check_result_set_expected (result, 0.0, 1.0 - mostly);

  if (!kpi_check_result_is_finding (result))
    {
      kpi_check_result_set_fields (result, fields);
      kpi_affected_periods_clear (&days);
      return result;
    }

  /* A copy is counted in every sum: whole rows, every field */
  kpi_check_result_set_fields (result, NULL);
  kpi_affected_periods_flush (&days, result, NULL, NULL);
  kpi_affected_periods_clear (&days);
  for (gsize w = 0; w < n_rows / 64 + 1; w++)
    {
      guint64 bits = copies[w];
      gboolean full = FALSE;

      while (bits != 0)
        {
          guint row = (guint) (w * 64 + (guint) __builtin_ctzll (bits));

          bits &= bits - 1;
          if (!kpi_check_add_sample (check, result, dataset, row))
            {
              full = TRUE;
              break;
            }
        }
      if (full)
        break;
    }
  return result;
}

static void
kpi_uniqueness_check_class_init (KpiUniquenessCheckClass *klass)
{
  KpiCheckClass *check_class = KPI_CHECK_CLASS (klass);

  check_class->run = kpi_uniqueness_check_run;
}

static void
kpi_uniqueness_check_init (KpiUniquenessCheck *self)
{
  /* mostly (1: the first copy fails) decides; no threshold */
  kpi_check_set_thresholds (KPI_CHECK (self), NAN, NAN);
}

/**
 * kpi_uniqueness_check_new:
 * @dataset_name: (nullable): the name of the dataset to check, as the
 *   context knows it (or set [property@Kpi.Check:dataset])
 * @fields: (array zero-terminated=1) (nullable): the key (`order_id`; a
 *   date and a rep); %NULL or none for whole rows
 *
 * Creates a check that no two rows share a key (or are the same in every
 * column); by default the first copy fails.
 *
 * Returns: (transfer full): a new check
 *
 * Since: 0.1
 */
KpiCheck *
kpi_uniqueness_check_new (const char         *dataset_name,
                          const char * const *fields)
{
  return g_object_new (KPI_TYPE_UNIQUENESS_CHECK,
                       "dataset-name", dataset_name,
                       "fields", fields,
                       NULL);
}
