/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-restatement-check.c: reported periods whose rows changed afterwards */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-check-private.h"
#include "kpi-suggest-private.h"
#include "kpi-util-private.h"

/**
 * KpiRestatementCheck:
 *
 * Finds periods that were reported and whose rows changed afterwards:
 * history that was silently rewritten. A month's revenue was shown on 5
 * July; if June's orders have been edited since, the June figure of every
 * report made since then differs from the one people read.
 *
 * The check compares the dataset with what was reported, in one of two
 * ways:
 *
 * - **Two exports** ([property@Kpi.RestatementCheck:reference-dataset-name]):
 *   an earlier export of the same source (`orders_as_of_2025-07-05.csv`)
 *   against the checked one (`orders.csv`). The periods
 *   ([property@Kpi.Check:granularity], a month by default) from the
 *   reference's first period to the end of its data are compared; rows of
 *   the checked dataset after the reference's data end are new, not a
 *   restatement. With [property@Kpi.Check:key-fields] (`order_id`), rows
 *   are matched by key, and each period counts its rows *changed* (a key
 *   in both, with a value that differs), *added* (a key the reference did
 *   not have) and *removed*; a key held by several rows pairs its rows in
 *   the order of the data. Without key fields, the rows of a period are
 *   compared as a multiset: a changed row counts as one removed and one
 *   added. The compared columns are those both datasets have (the same
 *   name and kind). For each restated period, the message gives the sums
 *   of [property@Kpi.Check:fields] before and after (by default every
 *   measure both datasets have, the key fields excepted):
 *   `2025-06: 37 rows changed, sum(amount) 97180.29 → 97067.08 (-0.1 %)`.
 *   The end of the reference's data is its coverage end
 *   ([method@Kpi.Dataset.set_coverage]) when set, else the time of its
 *   last row (that instant included); its start is its coverage start
 *   when set, else the start of the period of its first row. A last period
 *   that the reference holds in part (July, in an export of 5 July) is
 *   compared over that part only.
 * - **Fingerprints** ([property@Kpi.RestatementCheck:fingerprints]): the
 *   fingerprints of the periods recorded when they were reported
 *   ([func@Kpi.RestatementCheck.compute_fingerprints], kept for instance in
 *   a history store). Each listed period's fingerprint is computed again
 *   from the dataset and compared; which rows changed is not known then,
 *   and the message gives the row count and sums before and after, read
 *   from the recorded text: `2025-06: fingerprint differs; rows 818 → 818,
 *   sum(amount) 97180.29 → 97067.08 (-0.1 %)`; the sums are those the
 *   recorded fingerprints hold, and [property@Kpi.Check:group-by] does not
 *   apply. Record the fingerprints of closed periods only: a period that
 *   was still open when recorded differs as soon as its next row arrives.
 *
 * A fingerprint is text that describes itself and says its version:
 * `v1;rows=818;sum.amount=97180.29;sum.cost=63171.61;hash=697a84f653a96367`:
 * the number of rows, the sum of each field (to 15 significant digits;
 * field names are percent-escaped), and a
 * 64-bit hash of the rows that does not depend on their order: the sum,
 * modulo 2⁶⁴, of a hash of each row. A row's hash covers every column: the
 * value of a measure as its 64 bits (a missing value and −0 each
 * normalised), a 64-bit hash of a dimension's text, and the time, each
 * mixed with a hash of its column's name (the time column's whatever its
 * name) by the finaliser of splitmix64; their sum is mixed again.
 * It tells a changed period from an unchanged one, except with a
 * probability of about 2⁻⁶⁴; it is meant to detect edits, not to resist
 * forgery. A column added to the dataset changes every fingerprint.
 *
 * The result: [property@Kpi.CheckResult:observed] is the number of
 * restated periods, graded by the thresholds; by default any restated
 * period fails (the warning threshold is unset, the failure threshold is
 * 0), because a reported figure that no longer matches its data is what
 * this check is for: correct the history or restate the figures openly.
 * Each restated period is in the result's scope (and each group of it
 * with [property@Kpi.Check:group-by], from the rows that differ); its
 * fields are the columns that changed, or none (whole rows) when rows
 * were added, removed or moved to another time. The counts are over rows:
 * the element count is the number of rows compared (pairs, added and
 * removed), the unexpected count the rows changed, added and removed (in
 * fingerprint mode: the rows of the restated periods), and the samples
 * are changed and added rows of the checked dataset.
 *
 * In C:
 *
 * ```c
 * g_autoptr(KpiCheck) check = kpi_restatement_check_new ("orders", "orders_snapshot");
 * const char *keys[] = { "order_id", NULL };
 *
 * kpi_check_set_key_fields (check, keys);
 * result = kpi_check_run (check, context, NULL, &error);
 * // FAIL: 1 period restated since “orders_snapshot”: 2025-06: 37 rows changed, …
 * ```
 *
 * In Python:
 *
 * ```python
 * check = Kpi.RestatementCheck.new("orders", "orders_snapshot")
 * check.set_key_fields(["order_id"])
 * result = check.run(context, None)
 * print(result.get_message())
 *
 * # or against the fingerprints recorded when June was reported
 * june = Kpi.RestatementCheck.compute_fingerprints(reported, None, Kpi.Granularity.MONTH, ["amount"])
 * check = Kpi.RestatementCheck(dataset_name="orders", fingerprints=[f for f in june if f.startswith("2025-06=")])
 * ```
 *
 * ## Example
 *
 * ```c
 * const char * const key[] = { "order_id", NULL };
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 * g_autoptr(KpiDataset) reported = kpi_dataset_new ("date");
 * g_autoptr(KpiContext) context = kpi_context_new (NULL);
 * g_autoptr(KpiCheck) check = kpi_restatement_check_new ("orders", "reported");
 * g_autoptr(KpiCheckResult) result = NULL;
 * g_autofree char *status = NULL;
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_context_add_dataset (context, "orders", orders);
 * if (!kpi_dataset_load_path (reported, "orders.csv", NULL, &error)) // the orders as last reported
 *   g_error ("%s", error->message);
 * kpi_context_add_dataset (context, "reported", reported);
 * kpi_check_set_key_fields (check, key);
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
 * check = Kpi.RestatementCheck.new("orders", "reported")
 * reported = Kpi.Dataset.new("date")
 * reported.load_path("orders.csv", None)  # the orders as last reported
 * context.add_dataset("reported", reported)
 * check.set_key_fields(["order_id"])
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
 * const check = Kpi.RestatementCheck.new('orders', 'reported');
 * const reported = Kpi.Dataset.new('date');
 * reported.load_path('orders.csv', null); // the orders as last reported
 * context.add_dataset('reported', reported);
 * check.set_key_fields(['order_id']);
 * const result = check.run(context, null);
 * print(`${GObject.enum_to_string(Kpi.CheckStatus, result.get_status())}: ${result.get_message()}`);
 * ```
 *
 * Since: 0.1
 */

struct _KpiRestatementCheck
{
  KpiCheck   parent_instance;

  char      *reference_dataset_name;
  char     **fingerprints;            /* never NULL */
};

enum {
  PROP_0,
  PROP_REFERENCE_DATASET_NAME,
  PROP_FINGERPRINTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KpiRestatementCheck, kpi_restatement_check, KPI_TYPE_CHECK)

#define FINGERPRINT_VERSION "v1"
#define CANCEL_EVERY        65536u
#define MAX_LISTED_PERIODS  5u

/* ------------------------------------------------------------------------ */
/* Hashing rows                                                             */

#define ROW_SEED          G_GUINT64_CONSTANT (0x243f6a8885a308d3)
#define KEY_SEED          G_GUINT64_CONSTANT (0x13198a2e03707344)
#define TEXT_SEED         G_GUINT64_CONSTANT (0xa4093822299f31d0)
#define MISSING_MEASURE   G_GUINT64_CONSTANT (0xfff8000000000001)   /* a NaN no value has */
#define MISSING_DIMENSION G_GUINT64_CONSTANT (0x082efa98ec4e6c89)
#define TIME_SALT         G_GUINT64_CONSTANT (0xbe5466cf34e90c6c)

/* splitmix64's finaliser: a bijection of 64-bit words whose every output
 * bit depends on every input bit. */
static inline guint64
mix64 (guint64 x)
{
  x ^= x >> 30;
  x *= G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  x ^= x >> 27;
  x *= G_GUINT64_CONSTANT (0x94d049bb133111eb);
  x ^= x >> 31;
  return x;
}

/* A 64-bit hash of @text, eight bytes at a time (read little-endian, so
 * that a fingerprint is the same on every machine), its length first. */
static guint64
hash_text (const char *text)
{
  gsize len = strlen (text);
  guint64 h = mix64 (TEXT_SEED ^ len);

  for (; len >= 8; text += 8, len -= 8)
    {
      guint64 w;

      memcpy (&w, text, 8);
      h = mix64 (h ^ GUINT64_FROM_LE (w));
    }
  if (len > 0)
    {
      guint64 w = 0;

      for (gsize i = 0; i < len; i++)
        w |= (guint64) (guchar) text[i] << (8 * i);
      h = mix64 (h ^ w);
    }
  return h;
}

static inline guint64
measure_bits (double x)
{
  guint64 bits;

  if (isnan (x))
    return MISSING_MEASURE;
  if (x == 0.0)
    x = 0.0;   /* −0 is 0 */
  memcpy (&bits, &x, sizeof bits);
  return bits;
}

typedef struct
{
  char               *name;
  KpiColumnKind       kind;
  guint64             salt;         /* the name's and kind's hash */
  const gint64       *times;
  const double       *values;
  const guint32      *codes;
  const char * const *dict;
  guint64            *code_hashes;  /* one per dictionary value */
} HashColumn;

/* The columns a row's hash covers: the time first (whatever its name),
 * then the others in the order of their names. */
typedef struct
{
  guint       n;
  HashColumn *cols;
} RowHasher;

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
hash_column_init (HashColumn *c,
                  KpiDataset *dataset,
                  const char *name,
                  KpiColumnKind kind)
{
  gsize n_rows, n_dict;

  c->name = g_strdup (name);
  c->kind = kind;
  switch (kind)
    {
    case KPI_COLUMN_TIME:
      c->salt = TIME_SALT;
      c->times = kpi_dataset_get_times (dataset, &n_rows);
      break;
    case KPI_COLUMN_MEASURE:
      c->salt = mix64 (hash_text (name) ^ (guint64) kind);
      c->values = kpi_dataset_get_measure (dataset, name, &n_rows);
      break;
    case KPI_COLUMN_DIMENSION:
    default:
      c->salt = mix64 (hash_text (name) ^ (guint64) kind);
      c->codes = kpi_dataset_get_dimension_codes (dataset, name, &n_rows);
      c->dict = kpi_dataset_get_dimension_dictionary (dataset, name, &n_dict);
      c->code_hashes = g_new (guint64, MAX (n_dict, 1));
      for (gsize k = 0; k < n_dict; k++)
        c->code_hashes[k] = hash_text (c->dict[k]);
      break;
    }
}

/* Sets up @h over the time column of @dataset when @with_time, then the
 * columns @names (which @dataset has; its time column is skipped there),
 * sorted by name. */
static void
row_hasher_init (RowHasher          *h,
                 KpiDataset         *dataset,
                 const char * const *names,
                 gboolean            with_time)
{
  g_autofree const char **sorted = NULL;
  guint n = names != NULL ? g_strv_length ((char **) names) : 0, m = 0;

  sorted = g_new0 (const char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      KpiColumnKind kind;

      if (kpi_dataset_lookup_column (dataset, names[i], NULL, &kind) && kind != KPI_COLUMN_TIME)
        sorted[m++] = names[i];
    }
  qsort (sorted, m, sizeof (char *), compare_names);

  h->n = 0;
  h->cols = g_new0 (HashColumn, m + 1);
  if (with_time)
    hash_column_init (&h->cols[h->n++], dataset, kpi_dataset_get_time_column (dataset),
                      KPI_COLUMN_TIME);
  for (guint i = 0; i < m; i++)
    {
      KpiColumnKind kind;

      kpi_dataset_lookup_column (dataset, sorted[i], NULL, &kind);
      hash_column_init (&h->cols[h->n++], dataset, sorted[i], kind);
    }
}

static void
row_hasher_clear (RowHasher *h)
{
  for (guint i = 0; i < h->n; i++)
    {
      g_free (h->cols[i].name);
      g_free (h->cols[i].code_hashes);
    }
  g_clear_pointer (&h->cols, g_free);
  h->n = 0;
}

static inline guint64
column_value (const HashColumn *c,
              guint             row)
{
  switch (c->kind)
    {
    case KPI_COLUMN_TIME:
      return (guint64) c->times[row];
    case KPI_COLUMN_MEASURE:
      return measure_bits (c->values[row]);
    case KPI_COLUMN_DIMENSION:
    default:
      return c->codes[row] == KPI_DIMENSION_MISSING ? MISSING_DIMENSION
                                                    : c->code_hashes[c->codes[row]];
    }
}

/* A row's hash: each column's value mixed with the column's salt, apart
 * (the processor computes them side by side), added up, and the sum mixed
 * again, so that the sum over rows of a period does not decompose by
 * column (two rows swapping their amounts change it). */
static inline guint64
row_hash (const RowHasher *h,
          guint            row,
          guint64          seed)
{
  guint64 x = seed;

  for (guint i = 0; i < h->n; i++)
    x += mix64 (column_value (&h->cols[i], row) ^ h->cols[i].salt);
  return mix64 (x);
}

/* Whether column @c holds the same value in @row_a (of side a) as column
 * @d in @row_b. */
static gboolean
column_equal (const HashColumn *c,
              guint             row_a,
              const HashColumn *d,
              guint             row_b)
{
  switch (c->kind)
    {
    case KPI_COLUMN_TIME:
      return c->times[row_a] == d->times[row_b];
    case KPI_COLUMN_MEASURE:
      return measure_bits (c->values[row_a]) == measure_bits (d->values[row_b]);
    case KPI_COLUMN_DIMENSION:
    default:
      if (c->codes[row_a] == KPI_DIMENSION_MISSING || d->codes[row_b] == KPI_DIMENSION_MISSING)
        return c->codes[row_a] == d->codes[row_b];
      return strcmp (c->dict[c->codes[row_a]], d->dict[d->codes[row_b]]) == 0;
    }
}

/* ------------------------------------------------------------------------ */
/* Periods and one pass over a dataset                                      */

/* The starts of @periods (contiguous, ascending), for kpi_check_period_index(). */
static gint64 *
period_starts (GPtrArray *periods,
               gint64    *end)
{
  gint64 *starts = g_new (gint64, MAX (periods->len, 1));

  for (guint i = 0; i < periods->len; i++)
    starts[i] = kpi_period_get_start (g_ptr_array_index (periods, i));
  *end = periods->len > 0 ? kpi_period_get_end (g_ptr_array_index (periods, periods->len - 1)) : 0;
  return starts;
}

typedef struct
{
  guint64 key;      /* the key fields' hash, 0 without key fields */
  guint64 hash;     /* the whole row's */
  guint32 row;
  guint32 period;
} Entry;

/* One pass over a dataset: per period, its rows, the sum of their hashes
 * and the sums of the fields; and, with @keep_entries, an entry per row
 * in the window. */
typedef struct
{
  KpiDataset      *dataset;
  const RowHasher *hasher;
  const RowHasher *keyer;        /* nullable */
  const double   **fields;
  guint            n_fields;
  const gint64    *starts;
  guint            n_periods;
  gint64           end;
  gint64           window_start;
  gint64           window_end;
  /* out: n_periods each; sums n_periods × n_fields × (sum, compensation) */
  guint64         *rows;
  guint64         *hash;
  double          *sums;
  gboolean         keep_entries;
  Entry           *entries;      /* one per row in the window, when kept */
  gsize            n_entries;
} Scan;

static void
scan_init (Scan            *s,
           KpiDataset      *dataset,
           const RowHasher *hasher,
           const double   **fields,
           guint            n_fields,
           const gint64    *starts,
           guint            n_periods,
           gint64           end)
{
  memset (s, 0, sizeof *s);
  s->dataset = dataset;
  s->hasher = hasher;
  s->fields = fields;
  s->n_fields = n_fields;
  s->starts = starts;
  s->n_periods = n_periods;
  s->end = end;
  s->window_start = n_periods > 0 ? starts[0] : 0;
  s->window_end = end;
  s->rows = g_new0 (guint64, MAX (n_periods, 1));
  s->hash = g_new0 (guint64, MAX (n_periods, 1));
  s->sums = g_new0 (double, MAX (n_periods * n_fields * 2, 1));
}

static void
scan_clear (Scan *s)
{
  g_clear_pointer (&s->rows, g_free);
  g_clear_pointer (&s->hash, g_free);
  g_clear_pointer (&s->sums, g_free);
  g_clear_pointer (&s->entries, g_free);
}

/* Neumaier's compensated sum: a period's sum does not depend much on the
 * order of its rows. */
static inline void
sum_add (double *sum,
         double  x)
{
  double t = sum[0] + x;

  if (fabs (sum[0]) >= fabs (x))
    sum[1] += (sum[0] - t) + x;
  else
    sum[1] += (x - t) + sum[0];
  sum[0] = t;
}

static inline double
scan_sum (const Scan *s,
          guint       period,
          guint       field)
{
  const double *sum = &s->sums[(period * s->n_fields + field) * 2];

  return sum[0] + sum[1];
}

static gboolean
scan_run (Scan          *s,
          GCancellable  *cancellable,
          GError       **error)
{
  gsize n_rows, last = 0;
  const gint64 *times = kpi_dataset_get_times (s->dataset, &n_rows);

  if (s->n_periods == 0)
    return TRUE;
  if (s->keep_entries)
    s->entries = g_new (Entry, MAX (n_rows, 1));
  for (gsize row = 0; row < n_rows; row++)
    {
      gint64 t = times[row];
      gssize p;
      guint64 h;

      if (row % CANCEL_EVERY == CANCEL_EVERY - 1
          && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (t < s->window_start || t >= s->window_end)
        continue;
      /* rows come mostly in time order: try the last row's period first */
      if (t >= s->starts[last] && t < (last + 1 < s->n_periods ? s->starts[last + 1] : s->end))
        p = last;
      else if ((p = kpi_check_period_index (s->starts, s->n_periods, s->end, t)) < 0)
        continue;
      last = p;
      h = row_hash (s->hasher, row, ROW_SEED);
      s->rows[p]++;
      s->hash[p] += h;   /* modulo 2^64: the order of the rows does not matter */
      for (guint f = 0; f < s->n_fields; f++)
        if (!isnan (s->fields[f][row]))
          sum_add (&s->sums[(p * s->n_fields + f) * 2], s->fields[f][row]);
      if (s->keep_entries)
        {
          Entry *e = &s->entries[s->n_entries++];

          /* without key fields, rows are matched within their period */
          e->key = s->keyer != NULL ? row_hash (s->keyer, row, KEY_SEED)
                                    : mix64 (h ^ mix64 ((guint64) p + KEY_SEED));
          e->hash = h;
          e->row = (guint32) row;
          e->period = (guint32) p;
        }
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Fingerprint text                                                         */

/* @x to 15 significant digits, which a double always holds: a sum is
 * there for people to read (the hash tells a change). */
static void
append_number (GString *text,
               double   x)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (text, g_ascii_formatd (buf, sizeof buf, "%.15g", x == 0.0 ? 0.0 : x));
}

/* "v1;rows=N;sum.FIELD=X;...;hash=HEX" */
static char *
format_fingerprint (guint64             rows,
                    guint64             hash,
                    const char * const *field_names,
                    const double       *sums)
{
  GString *text = g_string_new (FINGERPRINT_VERSION);

  g_string_append_printf (text, ";rows=%" G_GUINT64_FORMAT, rows);
  for (guint f = 0; field_names != NULL && field_names[f] != NULL; f++)
    {
      g_autofree char *name = g_uri_escape_string (field_names[f], NULL, FALSE);

      g_string_append_printf (text, ";sum.%s=", name);
      append_number (text, sums[f]);
    }
  g_string_append_printf (text, ";hash=%016" G_GINT64_MODIFIER "x", hash);
  return g_string_free (text, FALSE);
}

typedef struct
{
  KpiPeriod *period;
  guint64    rows;
  guint64    hash;
  GPtrArray *sum_names;    /* of char *: the fields summed */
  GArray    *sum_values;   /* of double */
  /* computed again */
  guint64    now_rows;
  guint64    now_hash;
  guint      index;        /* in the periods of its granularity */
} Fingerprint;

static void
fingerprint_clear (gpointer data)
{
  Fingerprint *fp = data;

  g_clear_pointer (&fp->period, kpi_period_free);
  g_clear_pointer (&fp->sum_names, g_ptr_array_unref);
  g_clear_pointer (&fp->sum_values, g_array_unref);
}

/* Reads the recorded fingerprint @entry ("LABEL=v1;..."). */
static gboolean
parse_fingerprint (const char   *check_id,
                   guint         index,
                   const char   *entry,
                   KpiCalendar  *calendar,
                   Fingerprint  *fp,
                   GError      **error)
{
  const char *eq = strchr (entry, '=');
  g_autofree char *label = NULL;
  g_auto(GStrv) parts = NULL;
  gboolean has_rows = FALSE, has_hash = FALSE;
  GError *local_error = NULL;

  fp->sum_names = g_ptr_array_new_with_free_func (g_free);
  fp->sum_values = g_array_new (FALSE, FALSE, sizeof (double));

  if (eq == NULL || eq == entry)
    {
      g_autofree char *quoted = kpi_text_for_message (entry, -1, KPI_MESSAGE_QUOTE_CHARS);

      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: fingerprints[%u]: “%s” is not PERIOD=FINGERPRINT",
                   check_id, index, quoted);
      return FALSE;
    }
  label = g_strndup (entry, eq - entry);
  fp->period = kpi_calendar_parse_period (calendar, label, &local_error);
  if (fp->period == NULL)
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: fingerprints[%u]: %s", check_id, index, local_error->message);
      g_error_free (local_error);
      return FALSE;
    }
  if (kpi_period_get_granularity (fp->period) == KPI_GRANULARITY_CUSTOM)
    {
      g_autofree char *quoted = kpi_text_for_message (label, -1, KPI_MESSAGE_QUOTE_CHARS);

      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: fingerprints[%u]: “%s” is not a day, week, month, quarter or year",
                   check_id, index, quoted);
      return FALSE;
    }

  parts = g_strsplit (eq + 1, ";", -1);
  if (g_strcmp0 (parts[0], FINGERPRINT_VERSION) != 0)
    {
      g_autofree char *quoted = kpi_text_for_message (parts[0] != NULL ? parts[0] : "",
                                                      -1, KPI_MESSAGE_QUOTE_CHARS);

      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: fingerprints[%u]: %s: version “%s” is not known (this library reads "
                   FINGERPRINT_VERSION ")", check_id, index, kpi_period_get_label (fp->period),
                   quoted);
      return FALSE;
    }
  for (guint i = 1; parts[i] != NULL; i++)
    {
      const char *part = parts[i];
      const char *value = strchr (part, '=');
      gboolean ok = FALSE;

      if (value != NULL)
        {
          value++;
          if (g_str_has_prefix (part, "rows="))
            ok = has_rows = g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT64, &fp->rows, NULL);
          else if (g_str_has_prefix (part, "hash="))
            ok = has_hash = strlen (value) == 16
                            && g_ascii_string_to_unsigned (value, 16, 0, G_MAXUINT64, &fp->hash, NULL);
          else if (g_str_has_prefix (part, "sum.") && value - part > 5)
            {
              g_autofree char *escaped = g_strndup (part + 4, value - 1 - (part + 4));
              char *name = g_uri_unescape_string (escaped, NULL);
              char *end = NULL;
              double x = g_ascii_strtod (value, &end);

              ok = name != NULL && *value != '\0' && end != NULL && *end == '\0';
              if (ok)
                {
                  g_ptr_array_add (fp->sum_names, name);
                  g_array_append_val (fp->sum_values, x);
                }
              else
                g_free (name);
            }
          else
            ok = TRUE;   /* a part a later v1 writer may add: not ours to judge */
        }
      if (!ok)
        {
          g_autofree char *quoted = kpi_text_for_message (part, -1, KPI_MESSAGE_QUOTE_CHARS);

          g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                       "%s: fingerprints[%u]: %s: “%s” is not NAME=VALUE",
                       check_id, index, kpi_period_get_label (fp->period), quoted);
          return FALSE;
        }
    }
  if (!has_rows || !has_hash)
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: fingerprints[%u]: %s: the fingerprint has no %s",
                   check_id, index, kpi_period_get_label (fp->period),
                   !has_rows ? "row count (rows=)" : "hash (hash=)");
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Fields                                                                   */

/* Looks up a measure @field of @dataset; @what names who asks. */
static gboolean
lookup_measure (const char  *what,
                KpiDataset  *dataset,
                const char  *field,
                GError     **error)
{
  KpiColumnKind kind;
  g_autofree char *quoted = kpi_text_for_message (field, -1, KPI_MESSAGE_QUOTE_CHARS);

  if (!kpi_dataset_lookup_column (dataset, field, NULL, &kind))
    {
      g_auto(GStrv) names = g_new0 (char *, kpi_dataset_get_n_columns (dataset) + 1);
      g_autofree char *suffix = NULL;

      for (guint i = 0; i < kpi_dataset_get_n_columns (dataset); i++)
        names[i] = g_strdup (kpi_dataset_get_column_name (dataset, i));
      suffix = kpi_suggest_suffix (field, (const char * const *) names,
                                   kpi_dataset_get_n_columns (dataset), "");
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_UNKNOWN_FIELD,
                   "%s: unknown field “%s”%s", what, quoted, suffix);
      return FALSE;
    }
  if (kind != KPI_COLUMN_MEASURE)
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: field “%s” is not a measure: it has no sum", what, quoted);
      return FALSE;
    }
  return TRUE;
}

static const double **
field_columns (KpiDataset         *dataset,
               const char * const *names)
{
  guint n = g_strv_length ((char **) names);
  const double **columns = g_new0 (const double *, MAX (n, 1));

  for (guint f = 0; f < n; f++)
    {
      gsize n_rows;

      columns[f] = kpi_dataset_get_measure (dataset, names[f], &n_rows);
    }
  return columns;
}

/**
 * kpi_restatement_check_compute_fingerprints:
 * @dataset: a dataset
 * @calendar: (nullable): the calendar of the periods (%NULL: UTC)
 * @granularity: the periods' granularity (not %KPI_GRANULARITY_CUSTOM)
 * @fields: (array zero-terminated=1) (nullable): the measures whose sums
 *   the fingerprints hold; %NULL for every measure of @dataset
 * @error: return location for a #GError
 *
 * Computes the fingerprint of every period of @dataset, from the period
 * of its data's start to the period of its end (its coverage, or its
 * first and last rows), empty periods included, as `LABEL=FINGERPRINT`
 * entries: `2025-06=v1;rows=818;sum.amount=97180.29;sum.cost=63171.61;hash=697a84f653a96367`.
 * The fingerprint (described with [class@Kpi.RestatementCheck]) does not
 * depend on the order of the rows nor of the columns; any change to a
 * row's value, time, or to the number of rows changes it.
 *
 * Record the entries when the periods are reported (the last period may
 * not be over: keep those of closed periods), and give them back to
 * [property@Kpi.RestatementCheck:fingerprints] to find the periods
 * restated since.
 *
 * Returns: (transfer full) (array zero-terminated=1): the entries, oldest
 *   period first (none for a dataset with no rows and no coverage), or
 *   %NULL with %KPI_CHECK_ERROR_UNKNOWN_FIELD or %KPI_CHECK_ERROR_INVALID
 *   (a field that is not a measure)
 *
 * Since: 0.1
 */
char **
kpi_restatement_check_compute_fingerprints (KpiDataset          *dataset,
                                            KpiCalendar         *calendar,
                                            KpiGranularity       granularity,
                                            const char * const  *fields,
                                            GError             **error)
{
  g_autoptr(KpiCalendar) own_calendar = NULL;
  g_auto(GStrv) measures = NULL;
  g_auto(GStrv) columns = NULL;
  g_autoptr(GPtrArray) periods = NULL;
  g_autoptr(GPtrArray) out = NULL;
  g_autofree gint64 *starts = NULL;
  g_autofree const double **field_values = NULL;
  g_autofree double *sums = NULL;
  RowHasher hasher;
  Scan scan;
  gint64 start, end, periods_end;
  guint n_fields, n_columns;

  g_return_val_if_fail (KPI_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (calendar == NULL || KPI_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (granularity < KPI_GRANULARITY_CUSTOM, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (fields == NULL)
    fields = (const char * const *) (measures = kpi_dataset_list_columns (dataset, KPI_COLUMN_MEASURE));
  for (guint f = 0; fields[f] != NULL; f++)
    if (!lookup_measure ("fingerprints", dataset, fields[f], error))
      return NULL;
  n_fields = g_strv_length ((char **) fields);

  if (calendar == NULL)
    calendar = own_calendar = kpi_calendar_new (NULL, 1, NULL);
  if (!kpi_check_data_span (dataset, &start, &end, NULL))
    return g_new0 (char *, 1);
  periods = kpi_check_periods_between (calendar, granularity, start, end);
  starts = period_starts (periods, &periods_end);

  n_columns = kpi_dataset_get_n_columns (dataset);
  columns = g_new0 (char *, n_columns + 1);
  for (guint i = 0; i < n_columns; i++)
    columns[i] = g_strdup (kpi_dataset_get_column_name (dataset, i));
  row_hasher_init (&hasher, dataset, (const char * const *) columns, TRUE);
  field_values = field_columns (dataset, fields);
  scan_init (&scan, dataset, &hasher, field_values, n_fields, starts, periods->len, periods_end);
  scan_run (&scan, NULL, NULL);

  out = g_ptr_array_new_with_free_func (g_free);
  sums = g_new0 (double, MAX (n_fields, 1));
  for (guint p = 0; p < periods->len; p++)
    {
      g_autofree char *text = NULL;

      for (guint f = 0; f < n_fields; f++)
        sums[f] = scan_sum (&scan, p, f);
      text = format_fingerprint (scan.rows[p], scan.hash[p], fields, sums);
      g_ptr_array_add (out, g_strdup_printf ("%s=%s",
                                             kpi_period_get_label (g_ptr_array_index (periods, p)),
                                             text));
    }
  g_ptr_array_add (out, NULL);
  scan_clear (&scan);
  row_hasher_clear (&hasher);
  return (char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

/* ------------------------------------------------------------------------ */
/* Messages                                                                 */

static const char *
plural (guint64 n)
{
  return n == 1 ? "" : "s";
}

/* ", sum(amount) 97180.29 → 97067.08 (-0.1 %)", when the sums differ. */
static void
append_sum_change (GString    *text,
                   const char *field,
                   double      before,
                   double      after)
{
  g_autofree char *name = kpi_text_for_message (field, -1, KPI_MESSAGE_QUOTE_CHARS);

  if (fabs (after - before) <= 1e-9 * MAX (1.0, MAX (fabs (before), fabs (after))))
    return;
  g_string_append_printf (text, ", sum(%s) %.2f → %.2f", name, before, after);
  if (before != 0.0 && isfinite (before) && isfinite (after))
    g_string_append_printf (text, " (%+.1f %%)", 100.0 * (after - before) / fabs (before));
}

/* ------------------------------------------------------------------------ */
/* Two exports                                                              */

typedef struct
{
  guint changed;
  guint added;
  guint removed;
} PeriodDiff;

typedef struct
{
  guint       period;
  const char *group;   /* nullable: every group */
} AffectedKey;

/* Sorts @n entries by key, keeping the order of rows of equal keys: a
 * least significant digit radix sort, a byte at a time (256 buckets stay
 * in the cache, where 65536 made every move a miss; and no comparison
 * callback per pair, which made a sort most of the check's time). */
static void
sort_by_key (Entry *entries,
             gsize  n)
{
  g_autofree Entry *tmp = g_new (Entry, MAX (n, 1));
  guint32 counts[8][256] = { { 0, } };
  Entry *from = entries, *to = tmp;

  for (gsize i = 0; i < n; i++)
    for (guint pass = 0; pass < 8; pass++)
      counts[pass][(entries[i].key >> (8 * pass)) & 0xff]++;
  for (guint pass = 0; pass < 8; pass++)
    {
      guint32 *count = counts[pass];
      guint32 offset = 0;
      Entry *swap;

      if (n == 0 || count[(entries[0].key >> (8 * pass)) & 0xff] == n)
        continue;   /* one digit for all: nothing to move */
      for (guint d = 0; d < 256; d++)
        {
          guint32 c = count[d];

          count[d] = offset;
          offset += c;
        }
      for (gsize i = 0; i < n; i++)
        to[count[(from[i].key >> (8 * pass)) & 0xff]++] = from[i];
      swap = from;
      from = to;
      to = swap;
    }
  if (from != entries)
    memcpy (entries, from, n * sizeof (Entry));
}

static int
compare_affected (gconstpointer a,
                  gconstpointer b)
{
  const AffectedKey *x = a, *y = b;

  if (x->period != y->period)
    return x->period < y->period ? -1 : 1;
  if (x->group == NULL || y->group == NULL)
    return (x->group != NULL) - (y->group != NULL);
  return strcmp (x->group, y->group);
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

/* What the comparison of the two exports found. */
typedef struct
{
  PeriodDiff          *diffs;          /* per period */
  gboolean            *col_changed;    /* per compared column */
  gboolean             whole_rows;     /* rows added, removed or moved in time */
  GArray              *affected;       /* of AffectedKey */
  GArray              *sample_rows;    /* rows of the checked dataset */
  guint                pairs;
  /* the group-by column of each side */
  const guint32       *group_codes[2];
  const char * const  *group_dict[2];
} Diff;

static void
note_affected (Diff  *d,
               int    side,
               guint  row,
               guint  period)
{
  AffectedKey k = { period, NULL };

  if (d->group_codes[side] != NULL && d->group_codes[side][row] != KPI_DIMENSION_MISSING)
    k.group = d->group_dict[side][d->group_codes[side][row]];
  g_array_append_val (d->affected, k);
}

static void
compare_pair (Diff            *d,
              const RowHasher *hn,
              const RowHasher *hr,
              const Entry     *a,
              const Entry     *b)
{
  d->pairs++;
  if (a->hash == b->hash && a->period == b->period)
    return;
  d->diffs[a->period].changed++;
  note_affected (d, 0, a->row, a->period);
  if (b->period != a->period)
    {
      d->diffs[b->period].changed++;
      note_affected (d, 1, b->row, b->period);
    }
  g_array_append_val (d->sample_rows, a->row);
  for (guint c = 0; c < hn->n; c++)
    if (!column_equal (&hn->cols[c], a->row, &hr->cols[c], b->row))
      {
        d->col_changed[c] = TRUE;
        if (hn->cols[c].kind == KPI_COLUMN_TIME)
          d->whole_rows = TRUE;
      }
}

static void
note_added (Diff        *d,
            const Entry *a)
{
  d->diffs[a->period].added++;
  d->whole_rows = TRUE;
  note_affected (d, 0, a->row, a->period);
  g_array_append_val (d->sample_rows, a->row);
}

static void
note_removed (Diff        *d,
              const Entry *b)
{
  d->diffs[b->period].removed++;
  d->whole_rows = TRUE;
  note_affected (d, 1, b->row, b->period);
}

/* Matches the rows of the two exports (sorted here) on their keys: the
 * key fields' hash, or, without key fields, the row's own hash and its
 * period (so that the rows of a period are compared as a multiset). */
static void
compare_entries (Diff            *d,
                 const RowHasher *hn,
                 const RowHasher *hr,
                 Scan            *now,
                 Scan            *ref)
{
  gsize i = 0, j = 0;

  sort_by_key (now->entries, now->n_entries);
  sort_by_key (ref->entries, ref->n_entries);
  while (i < now->n_entries && j < ref->n_entries)
    {
      const Entry *a = &now->entries[i];
      const Entry *b = &ref->entries[j];
      int order = a->key < b->key ? -1 : a->key > b->key;

      if (order < 0)
        {
          note_added (d, a);
          i++;
        }
      else if (order > 0)
        {
          note_removed (d, b);
          j++;
        }
      else
        {
          compare_pair (d, hn, hr, a, b);
          i++;
          j++;
        }
    }
  for (; i < now->n_entries; i++)
    note_added (d, &now->entries[i]);
  for (; j < ref->n_entries; j++)
    note_removed (d, &ref->entries[j]);
}

/* The names of the columns other than the time that @dataset and
 * @reference both have, with the same kind. */
static GStrv
common_columns (KpiDataset *dataset,
                KpiDataset *reference)
{
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; i < kpi_dataset_get_n_columns (reference); i++)
    {
      const char *name = kpi_dataset_get_column_name (reference, i);
      KpiColumnKind kind = kpi_dataset_get_column_kind (reference, i), kind_here;

      if (kind != KPI_COLUMN_TIME
          && kpi_dataset_lookup_column (dataset, name, NULL, &kind_here) && kind_here == kind)
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (names, FALSE);
}

static KpiCheckResult *
run_two_exports (KpiRestatementCheck  *self,
                 KpiContext           *context,
                 KpiDataset           *dataset,
                 GCancellable         *cancellable,
                 GError              **error)
{
  KpiCheck *check = KPI_CHECK (self);
  const char *id = kpi_check_display_name (check, "restatement");
  KpiCalendar *calendar = kpi_context_get_calendar (context);
  const char * const *keys = kpi_check_get_key_fields (check);
  const char *group_by = kpi_check_get_group_by (check);
  const KpiPeriod *only = kpi_check_get_period (check);
  g_autoptr(KpiDataset) reference = NULL;
  g_autofree char *ref_name = NULL;
  g_auto(GStrv) columns = NULL;
  g_auto(GStrv) default_fields = NULL;
  g_autoptr(GPtrArray) periods = NULL;
  g_autoptr(GString) message = NULL;
  g_autoptr(GPtrArray) changed_fields = NULL;
  g_autofree gint64 *starts = NULL;
  g_autofree const double **now_fields = NULL;
  g_autofree const double **ref_fields = NULL;
  const char * const *fields;
  RowHasher hn = { 0 }, hr = { 0 }, kn = { 0 }, kr = { 0 };
  Scan sn, sr;
  Diff d = { 0 };
  gint64 win_start, win_end, periods_end;
  gboolean start_from_rows;
  guint n_fields, restated = 0, listed = 0;
  guint64 changed = 0, added = 0, removed = 0;
  KpiCheckResult *result = NULL;
  KpiCheckStatus status;

  /* The reference and what to compare */
  reference = kpi_context_lookup_dataset (context, self->reference_dataset_name);
  if (reference == NULL)
    {
      g_auto(GStrv) names = kpi_context_list_dataset_names (context);
      g_autofree char *quoted = kpi_text_for_message (self->reference_dataset_name, -1,
                                                      KPI_MESSAGE_QUOTE_CHARS);
      g_autofree char *suffix = kpi_suggest_suffix (self->reference_dataset_name,
                                                    (const char * const *) names,
                                                    names != NULL ? g_strv_length (names) : 0, "");

      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_NO_DATASET,
                   "%s: unknown reference dataset “%s”%s", id, quoted, suffix);
      return NULL;
    }
  ref_name = kpi_text_for_message (self->reference_dataset_name, -1, KPI_MESSAGE_QUOTE_CHARS);

  for (guint k = 0; keys[k] != NULL; k++)
    {
      g_autofree char *what = g_strdup_printf ("%s: reference “%s”", id, ref_name);
      g_autofree char *quoted = kpi_text_for_message (keys[k], -1, KPI_MESSAGE_QUOTE_CHARS);
      KpiColumnKind kind, ref_kind;

      if (!kpi_check_lookup_field (check, dataset, keys[k], NULL, error))
        return NULL;
      if (!kpi_dataset_lookup_column (reference, keys[k], NULL, &ref_kind))
        {
          g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_UNKNOWN_FIELD,
                       "%s has no key field “%s”", what, quoted);
          return NULL;
        }
      kpi_dataset_lookup_column (dataset, keys[k], NULL, &kind);
      if (kind != ref_kind)
        {
          g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                       "%s: key field “%s” is not of the same kind in the dataset and in the reference “%s”",
                       id, quoted, ref_name);
          return NULL;
        }
    }
  if (group_by != NULL)
    {
      KpiColumnKind kind;
      g_autofree char *quoted = kpi_text_for_message (group_by, -1, KPI_MESSAGE_QUOTE_CHARS);

      if (!kpi_check_lookup_field (check, dataset, group_by, NULL, error))
        return NULL;
      kpi_dataset_lookup_column (dataset, group_by, NULL, &kind);
      if (kind != KPI_COLUMN_DIMENSION)
        {
          g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                       "%s: group-by “%s” is not a dimension", id, quoted);
          return NULL;
        }
    }

  columns = common_columns (dataset, reference);
  fields = kpi_check_get_fields (check);
  if (fields[0] == NULL)
    {
      GPtrArray *names = g_ptr_array_new ();

      for (guint i = 0; columns[i] != NULL; i++)
        {
          KpiColumnKind kind;

          kpi_dataset_lookup_column (dataset, columns[i], NULL, &kind);
          if (kind == KPI_COLUMN_MEASURE && !g_strv_contains (keys, columns[i]))
            g_ptr_array_add (names, g_strdup (columns[i]));
        }
      g_ptr_array_add (names, NULL);
      fields = (const char * const *) (default_fields = (GStrv) g_ptr_array_free (names, FALSE));
    }
  for (guint f = 0; fields[f] != NULL; f++)
    {
      g_autofree char *what = g_strdup_printf ("%s: reference “%s”", id, ref_name);

      if (!kpi_check_lookup_field (check, dataset, fields[f], NULL, error)
          || !lookup_measure (id, dataset, fields[f], error)
          || !lookup_measure (what, reference, fields[f], error))
        return NULL;
    }
  n_fields = g_strv_length ((char **) fields);

  /* The window: what the reference reported */
  if (!kpi_check_data_span (reference, &win_start, &win_end, &start_from_rows))
    {
      g_autofree char *text = g_strdup_printf ("the reference “%s” has no rows: nothing was reported to compare with",
                                               ref_name);

      result = kpi_check_result_new (KPI_CHECK_STATUS_INSUFFICIENT_DATA, text);
      return result;
    }
  /* the reference reported the period of its first row whole */
  if (start_from_rows)
    {
      g_autoptr(KpiPeriod) first = kpi_calendar_period_at (calendar, win_start,
                                                           kpi_check_get_granularity (check));

      if (first != NULL)
        win_start = kpi_period_get_start (first);
    }
  if (only != NULL)
    {
      periods = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_period_free);
      g_ptr_array_add (periods, kpi_period_copy (only));
      win_start = MAX (win_start, kpi_period_get_start (only));
      win_end = MIN (win_end, kpi_period_get_end (only));
    }
  else
    periods = kpi_check_periods_between (calendar, kpi_check_get_granularity (check), win_start, win_end);
  if (periods->len == 0 || win_start >= win_end)
    {
      g_autofree char *text = g_strdup_printf ("the reference “%s” has no data in %s: nothing was reported to compare with",
                                               ref_name, only != NULL ? kpi_period_get_label (only)
                                                                      : "the years 1 to 9999");

      return kpi_check_result_new (KPI_CHECK_STATUS_INSUFFICIENT_DATA, text);
    }
  starts = period_starts (periods, &periods_end);

  /* One pass over each (the columns in the same order on both sides) */
  row_hasher_init (&hn, dataset, (const char * const *) columns, TRUE);
  row_hasher_init (&hr, reference, (const char * const *) columns, TRUE);
  if (keys[0] != NULL)
    {
      row_hasher_init (&kn, dataset, keys, FALSE);
      row_hasher_init (&kr, reference, keys, FALSE);
    }
  now_fields = field_columns (dataset, fields);
  ref_fields = field_columns (reference, fields);

  scan_init (&sn, dataset, &hn, now_fields, n_fields, starts, periods->len, periods_end);
  scan_init (&sr, reference, &hr, ref_fields, n_fields, starts, periods->len, periods_end);
  sn.window_start = sr.window_start = win_start;
  sn.window_end = sr.window_end = win_end;
  sn.keyer = keys[0] != NULL ? &kn : NULL;
  sr.keyer = keys[0] != NULL ? &kr : NULL;
  sn.keep_entries = sr.keep_entries = TRUE;
  if (!scan_run (&sn, cancellable, error) || !scan_run (&sr, cancellable, error))
    goto out;

  /* Compare */
  d.diffs = g_new0 (PeriodDiff, periods->len);
  d.col_changed = g_new0 (gboolean, MAX (hn.n, 1));
  d.affected = g_array_new (FALSE, FALSE, sizeof (AffectedKey));
  d.sample_rows = g_array_new (FALSE, FALSE, sizeof (guint32));
  if (group_by != NULL)
    {
      gsize n;

      d.group_codes[0] = kpi_dataset_get_dimension_codes (dataset, group_by, &n);
      d.group_dict[0] = kpi_dataset_get_dimension_dictionary (dataset, group_by, &n);
      d.group_codes[1] = kpi_dataset_get_dimension_codes (reference, group_by, &n);
      d.group_dict[1] = kpi_dataset_get_dimension_dictionary (reference, group_by, &n);
    }
  compare_entries (&d, &hn, &hr, &sn, &sr);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  /* Say it */
  message = g_string_new (NULL);
  for (guint p = 0; p < periods->len; p++)
    {
      PeriodDiff *pd = &d.diffs[p];
      const char *sep = "";

      changed += pd->changed;
      added += pd->added;
      removed += pd->removed;
      if (pd->changed + pd->added + pd->removed == 0)
        continue;
      restated++;
      if (++listed > MAX_LISTED_PERIODS)
        continue;
      g_string_append_printf (message, "%s%s: ", listed > 1 ? "; " : "",
                              kpi_period_get_label (g_ptr_array_index (periods, p)));
      if (pd->changed > 0)
        {
          g_string_append_printf (message, "%u row%s changed", pd->changed, plural (pd->changed));
          sep = ", ";
        }
      if (pd->added > 0)
        {
          g_string_append_printf (message, "%s%u row%s added", sep, pd->added, plural (pd->added));
          sep = ", ";
        }
      if (pd->removed > 0)
        g_string_append_printf (message, "%s%u row%s removed", sep, pd->removed, plural (pd->removed));
      for (guint f = 0; f < n_fields; f++)
        append_sum_change (message, fields[f], scan_sum (&sr, p, f), scan_sum (&sn, p, f));
    }
  if (listed > MAX_LISTED_PERIODS)
    g_string_append_printf (message, "; and %u more", listed - MAX_LISTED_PERIODS);
  if (keys[0] == NULL && added > 0 && removed > 0)
    g_string_append (message, " (with no key fields to match rows, a changed row is one removed and one added)");

  if (restated == 0)
    {
      guint64 rows = 0;

      for (guint p = 0; p < periods->len; p++)
        rows += sn.rows[p];
      g_string_printf (message, "no restatement: %u period%s (%" G_GUINT64_FORMAT " row%s) match the reference “%s”",
                       periods->len, plural (periods->len), rows, plural (rows), ref_name);
    }
  else
    {
      g_autofree char *head = g_strdup_printf ("%u period%s restated since “%s”: ", restated,
                                               plural (restated), ref_name);

      g_string_prepend (message, head);
    }

  status = kpi_check_grade (check, restated);
  result = kpi_check_result_new (status, message->str);
  kpi_check_result_set_observed (result, restated);
  kpi_check_result_set_expected (result, 0,
                                 !isnan (kpi_check_get_warn_threshold (check))
                                 ? kpi_check_get_warn_threshold (check)
                                 : kpi_check_get_fail_threshold (check));
  kpi_check_result_set_counts (result,
                               kpi_sample_size_cap (d.pairs + added + removed), 0,
                               kpi_sample_size_cap (changed + added + removed));

  /* the scope: the restated periods (and groups), the changed fields */
  changed_fields = g_ptr_array_new ();
  if (!d.whole_rows)
    for (guint c = 0; c < hn.n; c++)
      if (d.col_changed[c])
        g_ptr_array_add (changed_fields, hn.cols[c].name);
  g_ptr_array_add (changed_fields, NULL);
  kpi_check_result_set_fields (result, restated > 0 ? (const char * const *) changed_fields->pdata
                                                    : fields);
  g_array_sort (d.affected, compare_affected);
  for (guint i = 0; i < d.affected->len; i++)
    {
      AffectedKey *k = &g_array_index (d.affected, AffectedKey, i);

      if (i > 0 && compare_affected (k, k - 1) == 0)
        continue;
      kpi_check_result_add_affected (result, g_ptr_array_index (periods, k->period),
                                     k->group != NULL ? group_by : NULL, k->group);
    }
  g_array_sort (d.sample_rows, compare_rows);
  for (guint i = 0; i < d.sample_rows->len; i++)
    {
      guint32 row = g_array_index (d.sample_rows, guint32, i);

      if (i > 0 && row == g_array_index (d.sample_rows, guint32, i - 1))
        continue;
      if (!kpi_check_add_sample (check, result, dataset, row))
        break;
    }

out:
  scan_clear (&sn);
  scan_clear (&sr);
  row_hasher_clear (&hn);
  row_hasher_clear (&hr);
  row_hasher_clear (&kn);
  row_hasher_clear (&kr);
  g_free (d.diffs);
  g_free (d.col_changed);
  g_clear_pointer (&d.affected, g_array_unref);
  g_clear_pointer (&d.sample_rows, g_array_unref);
  return result;
}

/* ------------------------------------------------------------------------ */
/* Fingerprints                                                             */

static KpiCheckResult *
run_fingerprints (KpiRestatementCheck  *self,
                  KpiContext           *context,
                  KpiDataset           *dataset,
                  GCancellable         *cancellable,
                  GError              **error)
{
  KpiCheck *check = KPI_CHECK (self);
  const char *id = kpi_check_display_name (check, "restatement");
  KpiCalendar *calendar = kpi_context_get_calendar (context);
  g_autoptr(GArray) fps = g_array_new (FALSE, TRUE, sizeof (Fingerprint));
  g_autoptr(GPtrArray) sum_fields = g_ptr_array_new ();
  g_autoptr(GString) message = g_string_new (NULL);
  g_auto(GStrv) columns = NULL;
  g_autofree const double **field_values = NULL;
  RowHasher hasher;
  guint n_columns, restated = 0, listed = 0;
  guint64 rows_now = 0, rows_restated = 0;
  gboolean done[KPI_GRANULARITY_CUSTOM] = { FALSE, };
  KpiCheckResult *result;

  g_array_set_clear_func (fps, fingerprint_clear);
  for (guint i = 0; self->fingerprints[i] != NULL; i++)
    {
      Fingerprint fp = { 0 };

      if (!parse_fingerprint (id, i, self->fingerprints[i], calendar, &fp, error))
        {
          fingerprint_clear (&fp);
          return NULL;
        }
      g_array_append_val (fps, fp);
    }

  /* the fields the recorded fingerprints sum that the dataset still has */
  for (guint i = 0; i < fps->len; i++)
    {
      Fingerprint *fp = &g_array_index (fps, Fingerprint, i);

      for (guint f = 0; f < fp->sum_names->len; f++)
        {
          const char *name = g_ptr_array_index (fp->sum_names, f);
          KpiColumnKind kind;
          gboolean seen = FALSE;

          for (guint s = 0; s < sum_fields->len && !seen; s++)
            seen = strcmp (g_ptr_array_index (sum_fields, s), name) == 0;
          if (!seen && kpi_dataset_lookup_column (dataset, name, NULL, &kind)
              && kind == KPI_COLUMN_MEASURE)
            g_ptr_array_add (sum_fields, (gpointer) name);
        }
    }
  g_ptr_array_add (sum_fields, NULL);
  field_values = field_columns (dataset, (const char * const *) sum_fields->pdata);

  n_columns = kpi_dataset_get_n_columns (dataset);
  columns = g_new0 (char *, n_columns + 1);
  for (guint i = 0; i < n_columns; i++)
    columns[i] = g_strdup (kpi_dataset_get_column_name (dataset, i));
  row_hasher_init (&hasher, dataset, (const char * const *) columns, TRUE);

  /* One pass per granularity the fingerprints are of, over the periods
   * from the first listed to the last */
  for (guint i = 0; i < fps->len; i++)
    {
      Fingerprint *fp = &g_array_index (fps, Fingerprint, i);
      KpiGranularity g = kpi_period_get_granularity (fp->period);
      const KpiPeriod *first = fp->period, *last = fp->period;
      g_autoptr(GPtrArray) periods = NULL;
      g_autofree gint64 *starts = NULL;
      gint64 end;
      Scan scan;

      if (done[g])
        continue;
      done[g] = TRUE;
      for (guint j = i + 1; j < fps->len; j++)
        {
          Fingerprint *other = &g_array_index (fps, Fingerprint, j);

          if (kpi_period_get_granularity (other->period) != g)
            continue;
          if (kpi_period_compare (other->period, first) < 0)
            first = other->period;
          if (kpi_period_compare (other->period, last) > 0)
            last = other->period;
        }
      periods = kpi_calendar_list_periods (calendar, first, last);
      starts = period_starts (periods, &end);
      scan_init (&scan, dataset, &hasher, field_values, sum_fields->len - 1, starts, periods->len, end);
      if (!scan_run (&scan, cancellable, error))
        {
          scan_clear (&scan);
          row_hasher_clear (&hasher);
          return NULL;
        }
      for (guint j = i; j < fps->len; j++)
        {
          Fingerprint *other = &g_array_index (fps, Fingerprint, j);
          gssize p;

          if (kpi_period_get_granularity (other->period) != g)
            continue;
          p = kpi_check_period_index (starts, periods->len, end, kpi_period_get_start (other->period));
          g_assert (p >= 0);
          other->index = p;
          other->now_rows = scan.rows[p];
          other->now_hash = scan.hash[p];
          rows_now += other->now_rows;
          if (other->now_rows == other->rows && other->now_hash == other->hash)
            continue;
          restated++;
          rows_restated += other->now_rows;
          if (++listed > MAX_LISTED_PERIODS)
            continue;
          g_string_append_printf (message, "%s%s: fingerprint differs; rows %" G_GUINT64_FORMAT
                                  " → %" G_GUINT64_FORMAT,
                                  listed > 1 ? "; " : "", kpi_period_get_label (other->period),
                                  other->rows, other->now_rows);
          for (guint f = 0; f < other->sum_names->len; f++)
            {
              const char *name = g_ptr_array_index (other->sum_names, f);

              for (guint s = 0; s + 1 < sum_fields->len; s++)
                if (strcmp (g_ptr_array_index (sum_fields, s), name) == 0)
                  append_sum_change (message, name,
                                     g_array_index (other->sum_values, double, f),
                                     scan_sum (&scan, other->index, s));
            }
        }
      scan_clear (&scan);
    }
  row_hasher_clear (&hasher);

  if (listed > MAX_LISTED_PERIODS)
    g_string_append_printf (message, "; and %u more", listed - MAX_LISTED_PERIODS);
  if (fps->len == 0)
    return kpi_check_result_new (KPI_CHECK_STATUS_INSUFFICIENT_DATA,
                                 "no fingerprint to compare with: the list is empty");
  if (restated == 0)
    g_string_printf (message, "no restatement: the %u period%s fingerprinted (%" G_GUINT64_FORMAT
                     " row%s) are as recorded", fps->len, plural (fps->len), rows_now, plural (rows_now));
  else
    {
      g_autofree char *head = g_strdup_printf ("%u of %u period%s restated since %s fingerprints were recorded: ",
                                               restated, fps->len, plural (fps->len),
                                               fps->len == 1 ? "its" : "their");

      g_string_prepend (message, head);
    }

  result = kpi_check_result_new (kpi_check_grade (check, restated), message->str);
  kpi_check_result_set_observed (result, restated);
  kpi_check_result_set_expected (result, 0,
                                 !isnan (kpi_check_get_warn_threshold (check))
                                 ? kpi_check_get_warn_threshold (check)
                                 : kpi_check_get_fail_threshold (check));
  kpi_check_result_set_counts (result, kpi_sample_size_cap (rows_now), 0,
                               kpi_sample_size_cap (rows_restated));
  /* which fields changed is not known: whole rows */
  kpi_check_result_set_fields (result, NULL);
  for (guint i = 0; i < fps->len; i++)
    {
      Fingerprint *fp = &g_array_index (fps, Fingerprint, i);

      if (fp->now_rows != fp->rows || fp->now_hash != fp->hash)
        kpi_check_result_add_affected (result, fp->period, NULL, NULL);
    }
  return result;
}

/* ------------------------------------------------------------------------ */
/* The class                                                                */

static KpiCheckResult *
kpi_restatement_check_run (KpiCheck      *check,
                           KpiContext    *context,
                           GCancellable  *cancellable,
                           GError       **error)
{
  KpiRestatementCheck *self = KPI_RESTATEMENT_CHECK (check);
  const char *id = kpi_check_display_name (check, "restatement");
  g_autoptr(KpiDataset) dataset = NULL;
  gboolean has_reference = self->reference_dataset_name != NULL;
  gboolean has_fingerprints = self->fingerprints[0] != NULL;

  if (has_reference == has_fingerprints)
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   has_reference
                   ? "%s: both a reference dataset and fingerprints are set: compare with one of them"
                   : "%s: nothing to compare with: set a reference dataset (an earlier export) or the fingerprints recorded when the periods were reported",
                   id);
      return NULL;
    }
  dataset = kpi_check_dup_dataset (check, context, error);
  if (dataset == NULL)
    return NULL;
  if (has_reference)
    return run_two_exports (self, context, dataset, cancellable, error);
  return run_fingerprints (self, context, dataset, cancellable, error);
}

static void
kpi_restatement_check_finalize (GObject *object)
{
  KpiRestatementCheck *self = KPI_RESTATEMENT_CHECK (object);

  g_free (self->reference_dataset_name);
  g_strfreev (self->fingerprints);

  G_OBJECT_CLASS (kpi_restatement_check_parent_class)->finalize (object);
}

static void
kpi_restatement_check_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  KpiRestatementCheck *self = KPI_RESTATEMENT_CHECK (object);

  switch (prop_id)
    {
    case PROP_REFERENCE_DATASET_NAME:
      g_value_set_string (value, self->reference_dataset_name);
      break;
    case PROP_FINGERPRINTS:
      g_value_set_boxed (value, self->fingerprints);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_restatement_check_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  KpiRestatementCheck *self = KPI_RESTATEMENT_CHECK (object);

  switch (prop_id)
    {
    case PROP_REFERENCE_DATASET_NAME:
      kpi_restatement_check_set_reference_dataset_name (self, g_value_get_string (value));
      break;
    case PROP_FINGERPRINTS:
      kpi_restatement_check_set_fingerprints (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_restatement_check_class_init (KpiRestatementCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KpiCheckClass *check_class = KPI_CHECK_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kpi_restatement_check_finalize;
  object_class->get_property = kpi_restatement_check_get_property;
  object_class->set_property = kpi_restatement_check_set_property;
  check_class->run = kpi_restatement_check_run;

  /**
   * KpiRestatementCheck:reference-dataset-name:
   *
   * The name, in the context, of an earlier export of the same source
   * (`orders_as_of_2025-07-05`): what was reported. Set it or
   * [property@Kpi.RestatementCheck:fingerprints], not both.
   *
   * Since: 0.1
   */
  properties[PROP_REFERENCE_DATASET_NAME] =
    g_param_spec_string ("reference-dataset-name", NULL, NULL, NULL, rw);

  /**
   * KpiRestatementCheck:fingerprints:
   *
   * The fingerprints recorded when the periods were reported, as
   * `LABEL=FINGERPRINT` entries
   * ([func@Kpi.RestatementCheck.compute_fingerprints]); the periods may
   * be of any granularity. Set them or
   * [property@Kpi.RestatementCheck:reference-dataset-name], not both.
   *
   * Since: 0.1
   */
  properties[PROP_FINGERPRINTS] =
    g_param_spec_boxed ("fingerprints", NULL, NULL, G_TYPE_STRV, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_restatement_check_init (KpiRestatementCheck *self)
{
  self->fingerprints = g_new0 (char *, 1);
  /* Any restated period fails: a reported figure no longer matches its
   * data. Raise the threshold to tolerate corrections. */
  kpi_check_set_thresholds (KPI_CHECK (self), NAN, 0.0);
}

/**
 * kpi_restatement_check_new:
 * @dataset_name: the name of the dataset to check, as the context knows it
 * @reference_dataset_name: (nullable): the name of an earlier export of it;
 *   %NULL to compare with [property@Kpi.RestatementCheck:fingerprints]
 *   instead
 *
 * Creates a check of the periods restated since they were reported.
 *
 * Returns: (transfer full): a new check
 *
 * Since: 0.1
 */
KpiCheck *
kpi_restatement_check_new (const char *dataset_name,
                           const char *reference_dataset_name)
{
  return g_object_new (KPI_TYPE_RESTATEMENT_CHECK,
                       "dataset-name", dataset_name,
                       "reference-dataset-name", reference_dataset_name,
                       NULL);
}

/**
 * kpi_restatement_check_get_reference_dataset_name:
 * @self: a restatement check
 *
 * Gets the name of the earlier export.
 *
 * Returns: (nullable): the name of the earlier export
 *
 * Since: 0.1
 */
const char *
kpi_restatement_check_get_reference_dataset_name (KpiRestatementCheck *self)
{
  g_return_val_if_fail (KPI_IS_RESTATEMENT_CHECK (self), NULL);

  return self->reference_dataset_name;
}

/**
 * kpi_restatement_check_set_reference_dataset_name:
 * @self: a restatement check
 * @name: (nullable): the name of the earlier export, as the context knows
 *   it
 *
 * Sets [property@Kpi.RestatementCheck:reference-dataset-name].
 *
 * Since: 0.1
 */
void
kpi_restatement_check_set_reference_dataset_name (KpiRestatementCheck *self,
                                                  const char          *name)
{
  g_return_if_fail (KPI_IS_RESTATEMENT_CHECK (self));

  if (kpi_set_str (&self->reference_dataset_name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFERENCE_DATASET_NAME]);
}

/**
 * kpi_restatement_check_get_fingerprints:
 * @self: a restatement check
 *
 * Gets the recorded fingerprints, `LABEL=FINGERPRINT`.
 *
 * Returns: (transfer none) (array zero-terminated=1): the recorded
 *   fingerprints, `LABEL=FINGERPRINT`
 *
 * Since: 0.1
 */
const char * const *
kpi_restatement_check_get_fingerprints (KpiRestatementCheck *self)
{
  g_return_val_if_fail (KPI_IS_RESTATEMENT_CHECK (self), NULL);

  return (const char * const *) self->fingerprints;
}

/**
 * kpi_restatement_check_set_fingerprints:
 * @self: a restatement check
 * @fingerprints: (array zero-terminated=1) (nullable): the fingerprints
 *   recorded when the periods were reported, `LABEL=FINGERPRINT`
 *
 * Sets [property@Kpi.RestatementCheck:fingerprints]. They are read when
 * the check runs, which fails with %KPI_CHECK_ERROR_INVALID on one that
 * is not well formed or of an unknown version.
 *
 * Since: 0.1
 */
void
kpi_restatement_check_set_fingerprints (KpiRestatementCheck *self,
                                        const char * const  *fingerprints)
{
  static const char * const none[] = { NULL };

  g_return_if_fail (KPI_IS_RESTATEMENT_CHECK (self));

  if (fingerprints == NULL)
    fingerprints = none;
  if (g_strv_equal ((const char * const *) self->fingerprints, fingerprints))
    return;
  g_strfreev (self->fingerprints);
  self->fingerprints = g_strdupv ((char **) fingerprints);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINGERPRINTS]);
}
