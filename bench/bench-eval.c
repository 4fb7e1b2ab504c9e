/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bench-eval.c: how fast libkpi evaluates indicators month by month over a
 * large orders dataset, next to two references computing the same numbers
 * from the same data in the same run, single-threaded:
 *
 *  - SQLite: the equivalent SQL over an in-memory database loaded through
 *    the C API (only the queries are timed, not the load);
 *  - the floor: a plain hand-written C loop over the dataset's columns
 *    (kpi_dataset_get_times/get_measure/get_dimension_codes): the rows are
 *    sorted by time, so it finds where each month starts in the times
 *    (binary search on a table of month starts) and loops over each
 *    month's rows with its accumulators in registers.
 *
 * Every libkpi result is compared with SQLite's (and the floor's) month by
 * month: a benchmark that computes something else is worthless.
 *
 * Then the incremental case: append one day of rows to a dataset and
 * re-evaluate the current month, at several sizes of history.
 *
 * The data is the orders.csv of tools/kpi-sample-data, generated once into
 * DIR/orders-N.csv.  Run by `make bench`; see bench/README.md.
 *
 * Exit status: 0 when every step ran, whatever the figures (a result that
 * differs from SQLite's is printed with ✘, not turned into a failure);
 * 1 when something failed to run.
 */

#include <libkpi/kpi.h>

#include "bench-common.h"
#include <glib/gstdio.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef BENCH_HAVE_SQLITE
#include <sqlite3.h>
#endif

#define TARGET_VS_SQLITE 10.0   /* libkpi at least this many times faster */
#define TARGET_VS_FLOOR   3.0   /* libkpi at most this many times the floor */
#define TOLERANCE         1e-9  /* relative, libkpi against SQLite */

/* Command line */
static gint64 opt_rows = 10000000;
static char *opt_dir = NULL;
static char *opt_generator = NULL;
static int opt_repeat = 5;
static int opt_sqlite_repeat = 0;
static char *opt_incremental = NULL;
static gboolean opt_no_sqlite = FALSE;
static gboolean opt_keep = FALSE;

static const GOptionEntry entries[] = {
  { "rows", 0, 0, G_OPTION_ARG_INT64, &opt_rows, "Orders to generate (default 10000000)", "N" },
  { "dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_dir, "Directory of the data files orders-N.csv", "DIR" },
  { "generator", 0, 0, G_OPTION_ARG_FILENAME, &opt_generator, "Path of tools/kpi-sample-data", "PATH" },
  { "repeat", 0, 0, G_OPTION_ARG_INT, &opt_repeat, "Timed runs of libkpi and the floor, best kept (default 5)", "K" },
  { "sqlite-repeat", 0, 0, G_OPTION_ARG_INT, &opt_sqlite_repeat, "Timed runs of each SQL query (default: K up to 1 million rows, else 1)", "K" },
  { "incremental-sizes", 0, 0, G_OPTION_ARG_STRING, &opt_incremental, "Sizes of history for the incremental case (default 1000000,N; 0: skip)", "N,N,..." },
  { "no-sqlite", 0, 0, G_OPTION_ARG_NONE, &opt_no_sqlite, "Skip SQLite", NULL },
  { "keep", 0, 0, G_OPTION_ARG_NONE, &opt_keep, "Keep the data files this run generated", NULL },
  { NULL, 0, 0, 0, NULL, NULL, NULL }
};

/* One contender's time for one query: the first run (libkpi only: it
 * fills the dataset's caches) and the best of the others.  Wall and CPU
 * times are kept apart; on a quiet machine they are equal, on a busy one
 * the CPU time is the fairer figure (see the note printed). */
typedef struct {
  double first_wall;
  double first_cpu;
  double best_wall;
  double best_cpu;
  int    runs;
} Timing;

static void
timing_init (Timing *t)
{
  t->first_wall = t->first_cpu = -1;
  t->best_wall = t->best_cpu = G_MAXDOUBLE;
  t->runs = 0;
}

static void
timing_add (Timing *t,
            double  wall,
            double  cpu,
            gboolean first)
{
  if (first)
    {
      t->first_wall = wall;
      t->first_cpu = cpu;
      return;
    }
  t->best_wall = MIN (t->best_wall, wall);
  t->best_cpu = MIN (t->best_cpu, cpu);
  t->runs++;
}

static gboolean
timing_valid (const Timing *t)
{
  return t->runs > 0;
}

/* --------------------------------------------------------------------- */
/* The data files                                                        */
/* --------------------------------------------------------------------- */

/* Removes a directory and the files directly inside it. */

/* The data files of this run, and whether it generated them (they are
 * deleted at the end unless --keep). */
typedef struct {
  GPtrArray *paths;
  GArray    *generated;   /* gboolean */
} DataFiles;

static const char *
data_file (DataFiles  *files,
           gint64      rows,
           GError    **error)
{
  char *name = g_strdup_printf ("orders-%" G_GINT64_FORMAT ".csv", rows);
  char *path;
  gboolean generated;

  for (guint i = 0; i < files->paths->len; i++)
    if (g_str_has_suffix (g_ptr_array_index (files->paths, i), name))
      {
        g_free (name);
        return g_ptr_array_index (files->paths, i);
      }
  g_free (name);

  path = bench_ensure_data_file (opt_dir, rows, opt_generator, &generated, error);
  if (path == NULL)
    return NULL;
  g_ptr_array_add (files->paths, path);
  g_array_append_val (files->generated, generated);
  return path;
}

/* --------------------------------------------------------------------- */
/* Months                                                                */
/* --------------------------------------------------------------------- */

/* The months the data covers, in UTC: n + 1 boundaries in µs since the
 * epoch and the "YYYY-MM" key of each month (SQLite's substr(date, 1, 7)). */
typedef struct {
  guint    n;
  gint64  *start;
  char   **key;
} Months;

static gint64
month_start (int year,
             int month)
{
  GDateTime *dt = g_date_time_new_utc (year, month, 1, 0, 0, 0);
  gint64 t = g_date_time_to_unix (dt) * G_USEC_PER_SEC;

  g_date_time_unref (dt);
  return t;
}

static void
year_month_at (gint64  t,
               int    *year,
               int    *month)
{
  /* Floor division: times before 1970 are negative. */
  gint64 s = t >= 0 ? t / G_USEC_PER_SEC : -((-t + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  GDateTime *dt = g_date_time_new_from_unix_utc (s);

  *year = g_date_time_get_year (dt);
  *month = g_date_time_get_month (dt);
  g_date_time_unref (dt);
}

static Months *
months_new (gint64 min_time,
            gint64 max_time)
{
  Months *mo = g_new0 (Months, 1);
  int y0, m0, y1, m1;

  year_month_at (min_time, &y0, &m0);
  year_month_at (max_time, &y1, &m1);
  mo->n = (guint) ((y1 - y0) * 12 + (m1 - m0) + 1);
  mo->start = g_new (gint64, mo->n + 1);
  mo->key = g_new0 (char *, mo->n + 1);
  for (guint i = 0; i <= mo->n; i++)
    {
      int k = (m0 - 1) + (int) i;

      mo->start[i] = month_start (y0 + k / 12, k % 12 + 1);
      if (i < mo->n)
        mo->key[i] = g_strdup_printf ("%04d-%02d", y0 + k / 12, k % 12 + 1);
    }
  return mo;
}

static void
months_free (Months *mo)
{
  g_free (mo->start);
  g_strfreev (mo->key);
  g_free (mo);
}

/* --------------------------------------------------------------------- */
/* Loading                                                               */
/* --------------------------------------------------------------------- */

static KpiDataset *
load_dataset (const char  *path,
              GError     **error)
{
  KpiDataset *ds = kpi_dataset_new (NULL);
  double t0 = bench_now_seconds ();

  if (!kpi_dataset_load_path (ds, path, NULL, error))
    {
      g_object_unref (ds);
      return NULL;
    }
  printf ("  (loaded %u rows in %.2f s)\n", kpi_dataset_get_n_rows (ds),
          bench_now_seconds () - t0);
  return ds;
}

static KpiDataset *
load_csv_bytes (const char  *data,
                gsize        length,
                GError     **error)
{
  KpiLoadOptions *options = kpi_load_options_new ();
  KpiDataset *ds = kpi_dataset_new (NULL);
  gboolean ok;

  kpi_load_options_set_format (options, KPI_FILE_FORMAT_CSV);
  ok = kpi_dataset_load_data (ds, (const guint8 *) data, length, options, error);
  g_object_unref (options);
  if (!ok)
    g_clear_object (&ds);
  return ds;
}

/* --------------------------------------------------------------------- */
/* The floor: hand-written loops over the columns                        */
/* --------------------------------------------------------------------- */

typedef struct {
  gsize          n_rows;
  const gint64  *times;
  const double  *amount;
  const double  *cost;
  const guint32 *customer;
  const guint32 *channel;
  gsize          n_customers;   /* size of the customer dictionary */
  guint32        online;        /* code of "online", or KPI_DIMENSION_MISSING */
  gboolean       sorted;        /* by time: the loops need it */
} Columns;

static gboolean
columns_init (Columns     *c,
              KpiDataset  *ds,
              GError     **error)
{
  gsize n, n_channels = 0;
  const char * const *channels;

  memset (c, 0, sizeof *c);
  c->times = kpi_dataset_get_times (ds, &c->n_rows);
  c->amount = kpi_dataset_get_measure (ds, "amount", &n);
  c->cost = kpi_dataset_get_measure (ds, "cost", &n);
  c->customer = kpi_dataset_get_dimension_codes (ds, "customer", &n);
  c->channel = kpi_dataset_get_dimension_codes (ds, "channel", &n);
  if (c->amount == NULL || c->cost == NULL || c->customer == NULL || c->channel == NULL)
    {
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_UNKNOWN_COLUMN,
                   "the dataset lacks one of the columns amount, cost, customer, channel");
      return FALSE;
    }
  kpi_dataset_get_dimension_dictionary (ds, "customer", &c->n_customers);
  channels = kpi_dataset_get_dimension_dictionary (ds, "channel", &n_channels);
  c->online = KPI_DIMENSION_MISSING;
  for (gsize i = 0; i < n_channels; i++)
    if (strcmp (channels[i], "online") == 0)
      c->online = (guint32) i;
  c->sorted = TRUE;
  for (gsize r = 1; r < c->n_rows && c->sorted; r++)
    c->sorted = c->times[r - 1] <= c->times[r];
  return TRUE;
}

typedef void (*FloorFunc) (const Columns *c,
                           const Months  *mo,
                           double        *out);

/* The first row at or after @t: the rows are sorted by time. */
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

/* The rows of month m are bounds[m] .. bounds[m + 1] - 1: the month of a
 * row comes from its µs time and the table of month starts, found once per
 * month boundary rather than once per row.  Each loop below then runs over
 * one month's rows with its accumulators in registers: the best a plain
 * loop can do. */
static gsize *
month_bounds (const Columns *c,
              const Months  *mo)
{
  gsize *bounds = g_new (gsize, mo->n + 1);

  for (guint i = 0; i < mo->n; i++)
    bounds[i] = lower_bound (c->times, c->n_rows, mo->start[i]);
  bounds[mo->n] = c->n_rows;
  return bounds;
}

/* @x if @keep and @x is a number, else 0, without a branch: the channel
 * of a row is a coin toss that a branch would mispredict half the time. */
static inline double
select_number (double   x,
               gboolean keep)
{
  guint64 bits, mask = -(guint64) ((keep != 0) & (x == x));

  memcpy (&bits, &x, sizeof bits);
  bits &= mask;
  memcpy (&x, &bits, sizeof x);
  return x;
}

static void
floor_online_revenue (const Columns *c,
                      const Months  *mo,
                      double        *out)
{
  gsize *bounds = month_bounds (c, mo);

  for (guint m = 0; m < mo->n; m++)
    {
      double sum = 0;

      for (gsize r = bounds[m]; r < bounds[m + 1]; r++)
        sum += select_number (c->amount[r], c->channel[r] == c->online);
      out[m] = sum;
    }
  g_free (bounds);
}

static void
floor_revenue (const Columns *c,
               const Months  *mo,
               double        *out)
{
  gsize *bounds = month_bounds (c, mo);

  for (guint m = 0; m < mo->n; m++)
    {
      double sum = 0;

      for (gsize r = bounds[m]; r < bounds[m + 1]; r++)
        if (!isnan (c->amount[r]))
          sum += c->amount[r];
      out[m] = sum;
    }
  g_free (bounds);
}

/* Counting rows needs no loop over them. */
static void
floor_count (const Columns *c,
             const Months  *mo,
             double        *out)
{
  gsize *bounds = month_bounds (c, mo);

  for (guint m = 0; m < mo->n; m++)
    out[m] = (double) (bounds[m + 1] - bounds[m]);
  g_free (bounds);
}

static void
floor_margin_rate (const Columns *c,
                   const Months  *mo,
                   double        *out)
{
  gsize *bounds = month_bounds (c, mo);

  for (guint m = 0; m < mo->n; m++)
    {
      double amount = 0, cost = 0;

      for (gsize r = bounds[m]; r < bounds[m + 1]; r++)
        {
          if (!isnan (c->amount[r]))
            amount += c->amount[r];
          if (!isnan (c->cost[r]))
            cost += c->cost[r];
        }
      out[m] = amount != 0 ? (amount - cost) / amount : NAN;
    }
  g_free (bounds);
}

static void
floor_basket (const Columns *c,
              const Months  *mo,
              double        *out)
{
  gsize *bounds = month_bounds (c, mo);

  for (guint m = 0; m < mo->n; m++)
    {
      double amount = 0;
      gsize count = bounds[m + 1] - bounds[m];

      for (gsize r = bounds[m]; r < bounds[m + 1]; r++)
        if (!isnan (c->amount[r]))
          amount += c->amount[r];
      out[m] = count != 0 ? amount / (double) count : NAN;
    }
  g_free (bounds);
}

/* Distinct counts keep one bit per customer code (a month's bitset of 400 000
 * customers is 50 KB: it stays in the cache); the code of a missing value
 * is skipped. */
#define BIT_WORDS(n) (((n) + 63) / 64)
#define TEST_AND_SET(bits, code, was_set)                     \
  G_STMT_START {                                              \
    guint64 *word_ = &(bits)[(code) >> 6];                    \
    guint64 mask_ = G_GUINT64_CONSTANT (1) << ((code) & 63);  \
    (was_set) = (*word_ & mask_) != 0;                        \
    *word_ |= mask_;                                          \
  } G_STMT_END

/* Sets the bits of the customers of rows [first, last); returns how many
 * were not set before. */
static gsize
mark_customers (const Columns *c,
                guint64       *bits,
                gsize          first,
                gsize          last)
{
  gsize count = 0;

  for (gsize r = first; r < last; r++)
    {
      guint32 code = c->customer[r];
      gboolean was_set;

      if (code == KPI_DIMENSION_MISSING)
        continue;
      TEST_AND_SET (bits, code, was_set);
      count += !was_set;
    }
  return count;
}

/* Distinct customers per month: a bitset cleared at each month. */
static void
floor_active (const Columns *c,
              const Months  *mo,
              double        *out)
{
  gsize *bounds = month_bounds (c, mo);
  gsize words = BIT_WORDS (MAX (c->n_customers, 1));
  guint64 *bits = g_new (guint64, words);

  for (guint m = 0; m < mo->n; m++)
    {
      memset (bits, 0, words * sizeof (guint64));
      out[m] = (double) mark_customers (c, bits, bounds[m], bounds[m + 1]);
    }
  g_free (bits);
  g_free (bounds);
}

/* New customers: the rows are sorted, so a customer's first row is their
 * first row ever: one bitset over the whole run. */
static void
floor_new (const Columns *c,
           const Months  *mo,
           double        *out)
{
  gsize *bounds = month_bounds (c, mo);
  guint64 *seen = g_new0 (guint64, BIT_WORDS (MAX (c->n_customers, 1)));

  for (guint m = 0; m < mo->n; m++)
    out[m] = (double) mark_customers (c, seen, bounds[m], bounds[m + 1]);
  g_free (seen);
  g_free (bounds);
}

/* Retention: customers of month m - 1 back in month m, over the customers
 * of month m - 1: the bitsets of this month and the previous one. */
static void
floor_retention (const Columns *c,
                 const Months  *mo,
                 double        *out)
{
  gsize *bounds = month_bounds (c, mo);
  gsize words = BIT_WORDS (MAX (c->n_customers, 1));
  guint64 *previous = g_new0 (guint64, words);
  guint64 *current = g_new (guint64, words);
  gsize previous_active = 0;

  for (guint m = 0; m < mo->n; m++)
    {
      gsize active = 0, retained = 0;
      guint64 *swap;

      memset (current, 0, words * sizeof (guint64));
      for (gsize r = bounds[m]; r < bounds[m + 1]; r++)
        {
          guint32 code = c->customer[r];
          gboolean was_set;

          if (code == KPI_DIMENSION_MISSING)
            continue;
          TEST_AND_SET (current, code, was_set);
          /* Without a branch: whether a row is a customer's first of the
           * month is hard to predict. */
          active += !was_set;
          retained += (guint) !was_set & (guint) ((previous[code >> 6] >> (code & 63)) & 1);
        }
      /* The month before the first has no rows: 0 / 0, missing. */
      out[m] = previous_active != 0 ? (double) retained / (double) previous_active : NAN;
      previous_active = active;
      swap = previous;
      previous = current;
      current = swap;
    }
  g_free (previous);
  g_free (current);
  g_free (bounds);
}

/* --------------------------------------------------------------------- */
/* The queries                                                           */
/* --------------------------------------------------------------------- */

typedef struct {
  const char *id;        /* catalogue id, or a name */
  const char *title;
  const char *formula;   /* NULL: the catalogue's */
  const char *sql;       /* rows (month 'YYYY-MM', value) */
  gboolean    absent_is_zero;  /* a month SQL returns no row for is 0 */
  FloorFunc   floor;
} Query;

#define MONTH "substr(date, 1, 7)"
#define PREV_MONTH(m) "strftime('%Y-%m', " m " || '-01', '-1 month')"

static const Query single_queries[] = {
  { "online_revenue", "revenue for one channel",
    "sum(amount where channel = \"online\")",
    "SELECT " MONTH " AS m, SUM(amount) FROM orders WHERE channel = 'online' GROUP BY m",
    TRUE, floor_online_revenue },
  { "active_customers", "active customers",
    "count_distinct(customer)",
    "SELECT " MONTH " AS m, COUNT(DISTINCT customer) FROM orders GROUP BY m",
    TRUE, floor_active },
  { "gross_margin_rate", "gross margin rate",
    "(sum(amount) - sum(cost)) / sum(amount)",
    "SELECT " MONTH " AS m, (SUM(amount) - SUM(cost)) / SUM(amount) FROM orders GROUP BY m",
    FALSE, floor_margin_rate },
};

/* Retention in SQL: one row per customer and month, the customer's
 * previous month of activity by LAG(), then per month the customers whose
 * previous month is the month before, over that month's customers.  (The
 * self-join of the (month, customer) pairs, the textbook form, gives the
 * same numbers and was about 20 % slower with SQLite 3.40.) */
static const Query catalogue_queries[] = {
  { "revenue", NULL, NULL,
    "SELECT " MONTH " AS m, SUM(amount) FROM orders GROUP BY m",
    TRUE, floor_revenue },
  { "sales_count", NULL, NULL,
    "SELECT " MONTH " AS m, COUNT(*) FROM orders GROUP BY m",
    TRUE, floor_count },
  { "active_customers", NULL, NULL,
    "SELECT " MONTH " AS m, COUNT(DISTINCT customer) FROM orders GROUP BY m",
    TRUE, floor_active },
  { "new_customers", NULL, NULL,
    "SELECT m, COUNT(*) FROM "
    "(SELECT substr(MIN(date), 1, 7) AS m FROM orders GROUP BY customer) GROUP BY m",
    TRUE, floor_new },
  { "gross_margin_rate", NULL, NULL,
    "SELECT " MONTH " AS m, (SUM(amount) - SUM(cost)) / SUM(amount) FROM orders GROUP BY m",
    FALSE, floor_margin_rate },
  { "average_basket", NULL, NULL,
    "SELECT " MONTH " AS m, SUM(amount) / COUNT(*) FROM orders GROUP BY m",
    FALSE, floor_basket },
  { "retention_rate", NULL, NULL,
    "WITH cm AS (SELECT DISTINCT customer, " MONTH " AS m FROM orders), "
    "l AS (SELECT m, LAG(m) OVER (PARTITION BY customer ORDER BY m) AS pm FROM cm), "
    "a AS (SELECT m, COUNT(*) AS n, TOTAL(pm = " PREV_MONTH ("m") ") AS r FROM l GROUP BY m) "
    "SELECT a.m, CAST(a.r AS REAL) / p.n FROM a LEFT JOIN a AS p ON p.m = " PREV_MONTH ("a.m"),
    FALSE, floor_retention },
};

/* Results of one query: one number per month, NaN when missing. */
typedef struct {
  double *v;
  gboolean valid;
} Series;

static void
series_init (Series *s,
             guint   n)
{
  s->v = g_new (double, n);
  for (guint i = 0; i < n; i++)
    s->v[i] = NAN;
  s->valid = FALSE;
}

static void
series_clear (Series *s)
{
  g_clear_pointer (&s->v, g_free);
  s->valid = FALSE;
}

/* Whether two series are equal to TOLERANCE (relative); @max_diff gets the
 * largest relative difference, @where the first month that differs. */
static gboolean
series_equal (const Series *a,
              const Series *b,
              guint         n,
              double       *max_diff,
              int          *where)
{
  gboolean equal = TRUE;

  *max_diff = 0;
  *where = -1;
  for (guint i = 0; i < n; i++)
    {
      double x = a->v[i], y = b->v[i], d;

      if (isnan (x) || isnan (y))
        d = isnan (x) && isnan (y) ? 0 : G_MAXDOUBLE;
      else if (x == y)
        d = 0;
      else
        d = fabs (x - y) / MAX (fabs (x), fabs (y));
      *max_diff = MAX (*max_diff, d);
      if (d > TOLERANCE && equal)
        {
          equal = FALSE;
          *where = (int) i;
        }
    }
  return equal;
}

/* --------------------------------------------------------------------- */
/* libkpi                                                                */
/* --------------------------------------------------------------------- */

typedef struct {
  KpiCalendar *calendar;
  KpiContext  *context;    /* of the calendar */
  KpiPeriod   *first;
  KpiPeriod   *last;
  Months      *months;
} Range;

static gboolean
libkpi_series (KpiIndicator  *indicator,
               const Range   *range,
               Series        *out,
               double        *wall,
               double        *cpu,
               GError       **error)
{
  GPtrArray *values;
  double t0 = bench_now_seconds (), c0 = bench_cpu_seconds ();

  values = kpi_indicator_evaluate_series (indicator, range->context,
                                          range->first, range->last, error);
  *wall = bench_now_seconds () - t0;
  *cpu = bench_cpu_seconds () - c0;
  if (values == NULL)
    return FALSE;

  if (values->len != range->months->n)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%s: %u values for %u months", kpi_indicator_get_id (indicator),
                   values->len, range->months->n);
      g_ptr_array_unref (values);
      return FALSE;
    }
  for (guint i = 0; i < values->len; i++)
    {
      const KpiValue *value = g_ptr_array_index (values, i);
      double x;

      if (kpi_period_get_start (kpi_value_get_period (value)) != range->months->start[i])
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "%s: value %u is not for %s", kpi_indicator_get_id (indicator),
                       i, range->months->key[i]);
          g_ptr_array_unref (values);
          return FALSE;
        }
      out->v[i] = kpi_value_get_number (value, &x) ? x : NAN;
    }
  out->valid = TRUE;
  g_ptr_array_unref (values);
  return TRUE;
}

static gboolean
time_floor (FloorFunc      floor,
            const Columns *columns,
            const Months  *months,
            Series        *out,
            Timing        *timing)
{
  if (!columns->sorted)
    return FALSE;
  for (int i = 0; i < opt_repeat; i++)
    {
      double t0 = bench_now_seconds (), c0 = bench_cpu_seconds ();

      floor (columns, months, out->v);
      timing_add (timing, bench_now_seconds () - t0, bench_cpu_seconds () - c0, FALSE);
    }
  out->valid = TRUE;
  return TRUE;
}

/* --------------------------------------------------------------------- */
/* SQLite                                                                */
/* --------------------------------------------------------------------- */

#ifdef BENCH_HAVE_SQLITE

static int
months_lookup (const Months *mo,
               const char   *key)
{
  for (guint i = 0; i < mo->n; i++)
    if (strcmp (mo->key[i], key) == 0)
      return (int) i;
  return -1;
}

static gboolean
sqlite_fail (sqlite3     *db,
             const char  *what,
             GError     **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "SQLite: %s: %s",
               what, sqlite3_errmsg (db));
  return FALSE;
}

/* Splits the next line of the mapped file at its commas. */
static gboolean
next_csv_line (const char **p,
               const char  *end,
               const char **fields,
               int         *lengths,
               int          n_fields)
{
  const char *s = *p;
  const char *eol;
  int f = 0;

  if (s >= end)
    return FALSE;
  eol = memchr (s, '\n', end - s);
  if (eol == NULL)
    eol = end;
  *p = eol + 1;
  if (eol > s && eol[-1] == '\r')
    eol--;
  while (f < n_fields)
    {
      const char *comma = memchr (s, ',', eol - s);
      const char *stop = comma != NULL ? comma : eol;

      fields[f] = s;
      lengths[f] = (int) (stop - s);
      f++;
      if (comma == NULL)
        break;
      s = comma + 1;
    }
  return f == n_fields;
}

/* A field as a C string (not g_strlcpy: it would measure the rest of the
 * mapped file). */
static void
copy_field (char       *buffer,
            gsize       size,
            const char *field,
            int         length)
{
  gsize n = MIN ((gsize) length, size - 1);

  memcpy (buffer, field, n);
  buffer[n] = '\0';
}

#define ORDERS_HEADER "date,order_id,customer,channel,region,rep,amount,cost"
#define N_ORDER_FIELDS 8

/* Loads orders.csv into a fresh in-memory database, table `orders`, the
 * way a plain SQL user would: dates as the 'YYYY-MM-DD' text of the file,
 * order_id an integer, the dimensions text, the amounts real; one
 * transaction of prepared INSERTs; no index, no pragma. */
static sqlite3 *
sqlite_load (const char  *path,
             guint64     *n_rows,
             GError     **error)
{
  GMappedFile *mapped;
  sqlite3 *db = NULL;
  sqlite3_stmt *insert = NULL;
  const char *p, *end;
  const char *fields[N_ORDER_FIELDS];
  int lengths[N_ORDER_FIELDS];
  guint64 rows = 0;

  mapped = g_mapped_file_new (path, FALSE, error);
  if (mapped == NULL)
    return NULL;
  p = g_mapped_file_get_contents (mapped);
  end = p + g_mapped_file_get_length (mapped);
  if (!g_str_has_prefix (p, ORDERS_HEADER "\n"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s does not start with the header " ORDERS_HEADER, path);
      goto fail;
    }
  p += strlen (ORDERS_HEADER "\n");

  if (sqlite3_open (":memory:", &db) != SQLITE_OK)
    {
      sqlite_fail (db, "open", error);
      goto fail;
    }
  if (sqlite3_exec (db,
                    "CREATE TABLE orders (date TEXT, order_id INTEGER, customer TEXT,"
                    " channel TEXT, region TEXT, rep TEXT, amount REAL, cost REAL);"
                    "BEGIN",
                    NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                          -1, &insert, NULL) != SQLITE_OK)
    {
      sqlite_fail (db, "create", error);
      goto fail;
    }

  while (p < end)
    {
      char number[64];

      if (!next_csv_line (&p, end, fields, lengths, N_ORDER_FIELDS))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s: line %" G_GUINT64_FORMAT " does not have %d fields",
                       path, rows + 2, N_ORDER_FIELDS);
          goto fail;
        }
      sqlite3_bind_text (insert, 1, fields[0], lengths[0], SQLITE_STATIC);
      copy_field (number, sizeof number, fields[1], lengths[1]);
      sqlite3_bind_int64 (insert, 2, g_ascii_strtoll (number, NULL, 10));
      for (int f = 2; f < 6; f++)
        sqlite3_bind_text (insert, f + 1, fields[f], lengths[f], SQLITE_STATIC);
      for (int f = 6; f < 8; f++)
        {
          copy_field (number, sizeof number, fields[f], lengths[f]);
          if (lengths[f] == 0)
            sqlite3_bind_null (insert, f + 1);
          else
            sqlite3_bind_double (insert, f + 1, g_ascii_strtod (number, NULL));
        }
      if (sqlite3_step (insert) != SQLITE_DONE)
        {
          sqlite_fail (db, "insert", error);
          goto fail;
        }
      sqlite3_reset (insert);
      rows++;
    }
  if (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    {
      sqlite_fail (db, "commit", error);
      goto fail;
    }
  sqlite3_finalize (insert);
  g_mapped_file_unref (mapped);
  *n_rows = rows;
  return db;

fail:
  sqlite3_finalize (insert);
  sqlite3_close (db);
  g_mapped_file_unref (mapped);
  return NULL;
}

/* Runs @sql, whose rows are (month, value), into @out. */
static gboolean
sqlite_series (sqlite3       *db,
               const Query   *query,
               const Months  *months,
               Series        *out,
               double        *wall,
               double        *cpu,
               GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  double t0 = bench_now_seconds (), c0 = bench_cpu_seconds ();
  int rc;

  for (guint i = 0; i < months->n; i++)
    out->v[i] = query->absent_is_zero ? 0 : NAN;

  if (sqlite3_prepare_v2 (db, query->sql, -1, &stmt, NULL) != SQLITE_OK)
    return sqlite_fail (db, query->id, error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      int i = key != NULL ? months_lookup (months, key) : -1;

      if (i < 0)
        continue;
      out->v[i] = sqlite3_column_type (stmt, 1) == SQLITE_NULL
        ? NAN : sqlite3_column_double (stmt, 1);
    }
  sqlite3_finalize (stmt);
  *wall = bench_now_seconds () - t0;
  *cpu = bench_cpu_seconds () - c0;
  if (rc != SQLITE_DONE)
    return sqlite_fail (db, query->id, error);
  out->valid = TRUE;
  return TRUE;
}

#endif /* BENCH_HAVE_SQLITE */

/* --------------------------------------------------------------------- */
/* Report                                                                */
/* --------------------------------------------------------------------- */

typedef struct {
  char   *name;
  Timing  libkpi;
  Timing  sqlite;
  Timing  floor;
  int     same_sqlite;   /* 1 equal, 0 differs, -1 not compared */
  int     same_floor;
} Row;

static const char *
pass_miss (gboolean pass)
{
  return pass ? "PASS" : "MISS";
}

static const char *
check_mark (int same)
{
  return same > 0 ? "✔" : same == 0 ? "✘" : "-";
}

static void
print_ms (const Timing *t,
          gboolean      first)
{
  if (first ? t->first_cpu < 0 : !timing_valid (t))
    printf (" %10s", "-");
  else
    printf (" %10.3f", 1e3 * (first ? t->first_cpu : t->best_cpu));
}

/* Prints the line of one query in the summary table: CPU milliseconds, and
 * the ratios from them. */
static void
print_row (const Row *row)
{
  printf ("  %-24s", row->name);
  print_ms (&row->libkpi, TRUE);
  print_ms (&row->libkpi, FALSE);
  print_ms (&row->sqlite, FALSE);
  print_ms (&row->floor, FALSE);
  if (timing_valid (&row->libkpi) && timing_valid (&row->sqlite))
    {
      double x = row->sqlite.best_cpu / row->libkpi.best_cpu;
      printf (" %8.1f× %s", x, pass_miss (x >= TARGET_VS_SQLITE));
    }
  else
    printf (" %14s", "-");
  if (timing_valid (&row->libkpi) && timing_valid (&row->floor))
    {
      double x = row->libkpi.best_cpu / row->floor.best_cpu;
      printf (" %8.1f× %s", x, pass_miss (x <= TARGET_VS_FLOOR));
    }
  else
    printf (" %14s", "n/a");
  printf ("   %s  %s\n", check_mark (row->same_sqlite), check_mark (row->same_floor));
}

static void
print_detail (const char   *who,
              const Timing *t)
{
  if (!timing_valid (t))
    return;
  printf ("    %-7s", who);
  if (t->first_wall >= 0)
    printf (" first %.4f s (CPU %.4f s),", t->first_wall, t->first_cpu);
  printf (" best of %d %.4f s (CPU %.4f s)\n", t->runs, t->best_wall, t->best_cpu);
}

/* Compares the libkpi series with SQLite's and the floor's, prints the
 * verdict, fills row->same_*. */
static void
compare (Row          *row,
         const Series *libkpi,
         const Series *sqlite,
         const Series *floor,
         const Months *months)
{
  const Series *reference = sqlite->valid ? sqlite : libkpi;
  double diff;
  int where;

  row->same_sqlite = row->same_floor = -1;
  if (libkpi->valid && sqlite->valid)
    {
      row->same_sqlite = series_equal (libkpi, sqlite, months->n, &diff, &where);
      if (row->same_sqlite)
        printf ("    libkpi = SQLite ✔ (%u months, largest relative difference %.1e)\n",
                months->n, diff);
      else
        printf ("    libkpi ≠ SQLite ✘ first in %s: libkpi %.17g, SQLite %.17g\n",
                months->key[where], libkpi->v[where], sqlite->v[where]);
    }
  if (floor->valid && reference->valid)
    {
      row->same_floor = series_equal (floor, reference, months->n, &diff, &where);
      if (!row->same_floor)
        printf ("    floor ≠ %s ✘ first in %s: floor %.17g, %s %.17g\n",
                reference == sqlite ? "SQLite" : "libkpi", months->key[where],
                floor->v[where], reference == sqlite ? "SQLite" : "libkpi",
                reference->v[where]);
    }
}

/* --------------------------------------------------------------------- */
/* Evaluation: the queries                                               */
/* --------------------------------------------------------------------- */

typedef struct {
  const char *path;
  Range       range;
  void       *db;      /* sqlite3 *, or NULL */
  int         sqlite_runs;
  GPtrArray  *rows;    /* Row */
} Bench;

static void
row_free (gpointer p)
{
  Row *row = p;

  g_free (row->name);
  g_free (row);
}

static Row *
row_new (const char *name)
{
  Row *row = g_new0 (Row, 1);

  row->name = g_strdup (name);
  timing_init (&row->libkpi);
  timing_init (&row->sqlite);
  timing_init (&row->floor);
  row->same_sqlite = row->same_floor = -1;
  return row;
}

static gboolean
run_sqlite (Bench        *bench,
            const Query  *query,
            Series       *out,
            Timing       *timing,
            GError      **error)
{
#ifdef BENCH_HAVE_SQLITE
  for (int i = 0; bench->db != NULL && i < bench->sqlite_runs; i++)
    {
      double wall, cpu;

      if (!sqlite_series (bench->db, query, bench->range.months, out, &wall, &cpu, error))
        return FALSE;
      timing_add (timing, wall, cpu, FALSE);
    }
#endif
  return TRUE;
}

/* One of the single queries: a fresh dataset (so that the first evaluation
 * finds no cache; @preloaded, if given, is one that nothing has evaluated
 * yet, and is consumed), libkpi first + best of K, the floor, SQLite. */
static gboolean
run_single_query (Bench        *bench,
                  int           number,
                  const Query  *query,
                  KpiDataset   *preloaded,
                  GError      **error)
{
  const Months *months = bench->range.months;
  Row *row = row_new (query->id);
  KpiDataset *ds;
  KpiIndicator *indicator = NULL;
  Columns columns;
  Series libkpi, sqlite, floor;
  gboolean ok = FALSE;

  g_ptr_array_add (bench->rows, row);
  series_init (&libkpi, months->n);
  series_init (&sqlite, months->n);
  series_init (&floor, months->n);

  printf ("\n%d. %s: %s\n", number, query->title, query->formula);
  ds = preloaded != NULL ? preloaded : load_dataset (bench->path, error);
  if (ds == NULL)
    goto out;
  indicator = kpi_indicator_new (query->id, query->formula, error);
  if (indicator == NULL)
    goto out;
  kpi_indicator_set_dataset (indicator, ds);

  for (int i = 0; i <= opt_repeat; i++)
    {
      double wall, cpu;

      if (!libkpi_series (indicator, &bench->range, &libkpi, &wall, &cpu, error))
        goto out;
      timing_add (&row->libkpi, wall, cpu, i == 0);
    }
  print_detail ("libkpi", &row->libkpi);

  if (!columns_init (&columns, ds, error))
    goto out;
  if (time_floor (query->floor, &columns, months, &floor, &row->floor))
    print_detail ("floor", &row->floor);
  else
    printf ("    floor   n/a: the rows are not sorted by time\n");

  if (!run_sqlite (bench, query, &sqlite, &row->sqlite, error))
    goto out;
  if (timing_valid (&row->sqlite))
    {
      printf ("    SQL     %s\n", query->sql);
      print_detail ("SQLite", &row->sqlite);
    }

  compare (row, &libkpi, &sqlite, &floor, months);
  ok = TRUE;

out:
  g_clear_object (&indicator);
  g_clear_object (&ds);
  series_clear (&libkpi);
  series_clear (&sqlite);
  series_clear (&floor);
  return ok;
}

/* The seven catalogue indicators: first = the first evaluation of each on
 * a fresh dataset, added up; best = the best of K rounds of the seven. */
static gboolean
run_catalogue (Bench   *bench,
               int      number,
               GError **error)
{
  const Months *months = bench->range.months;
  const guint n = G_N_ELEMENTS (catalogue_queries);
  Row *total = row_new ("7 catalogue indicators");
  Row *rows[G_N_ELEMENTS (catalogue_queries)];
  KpiIndicator *indicators[G_N_ELEMENTS (catalogue_queries)] = { NULL };
  Series libkpi[G_N_ELEMENTS (catalogue_queries)];
  Series sqlite[G_N_ELEMENTS (catalogue_queries)];
  Series floor[G_N_ELEMENTS (catalogue_queries)];
  KpiCatalog *catalog = kpi_catalog_new ();
  KpiDataset *ds = NULL;
  Columns columns;
  gboolean ok = FALSE;

  printf ("\n%d. seven indicators of the crm catalogue, over the orders dataset\n", number);
  for (guint q = 0; q < n; q++)
    {
      char *name = g_strdup_printf ("  %s", catalogue_queries[q].id);

      rows[q] = row_new (name);
      g_free (name);
      series_init (&libkpi[q], months->n);
      series_init (&sqlite[q], months->n);
      series_init (&floor[q], months->n);
    }

  if (!kpi_catalog_load_builtin (catalog, "crm", error))
    goto out;
  ds = load_dataset (bench->path, error);
  if (ds == NULL)
    goto out;
  kpi_catalog_add_dataset (catalog, "orders", ds);
  /* the catalogue's indicators name their dataset: the context resolves
   * it (and their references) through the catalogue */
  kpi_context_add_catalog (bench->range.context, catalog);
  for (guint q = 0; q < n; q++)
    {
      indicators[q] = kpi_catalog_lookup (catalog, catalogue_queries[q].id);
      if (indicators[q] == NULL)
        {
          g_set_error (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_NOT_FOUND,
                       "the crm catalogue has no indicator %s", catalogue_queries[q].id);
          goto out;
        }
      printf ("    %-18s %s\n", catalogue_queries[q].id,
              kpi_indicator_get_formula (indicators[q]));
    }

  for (int i = 0; i <= opt_repeat; i++)
    {
      double round_wall = 0, round_cpu = 0;

      for (guint q = 0; q < n; q++)
        {
          double wall, cpu;

          if (!libkpi_series (indicators[q], &bench->range, &libkpi[q], &wall, &cpu, error))
            goto out;
          timing_add (&rows[q]->libkpi, wall, cpu, i == 0);
          round_wall += wall;
          round_cpu += cpu;
        }
      timing_add (&total->libkpi, round_wall, round_cpu, i == 0);
    }
  print_detail ("libkpi", &total->libkpi);

  if (!columns_init (&columns, ds, error))
    goto out;
  if (columns.sorted)
    {
      for (int i = 0; i < opt_repeat; i++)
        {
          double round_wall = 0, round_cpu = 0;

          for (guint q = 0; q < n; q++)
            {
              double t0 = bench_now_seconds (), c0 = bench_cpu_seconds ();
              double wall, cpu;

              catalogue_queries[q].floor (&columns, months, floor[q].v);
              wall = bench_now_seconds () - t0;
              cpu = bench_cpu_seconds () - c0;
              timing_add (&rows[q]->floor, wall, cpu, FALSE);
              round_wall += wall;
              round_cpu += cpu;
              floor[q].valid = TRUE;
            }
          timing_add (&total->floor, round_wall, round_cpu, FALSE);
        }
      print_detail ("floor", &total->floor);
    }
  else
    printf ("    floor   n/a: the rows are not sorted by time\n");

#ifdef BENCH_HAVE_SQLITE
  for (int i = 0; bench->db != NULL && i < bench->sqlite_runs; i++)
    {
      double round_wall = 0, round_cpu = 0;

      for (guint q = 0; q < n; q++)
        {
          double wall, cpu;

          if (!sqlite_series (bench->db, &catalogue_queries[q], months, &sqlite[q],
                              &wall, &cpu, error))
            goto out;
          timing_add (&rows[q]->sqlite, wall, cpu, FALSE);
          round_wall += wall;
          round_cpu += cpu;
        }
      timing_add (&total->sqlite, round_wall, round_cpu, FALSE);
    }
  if (timing_valid (&total->sqlite))
    {
      printf ("    SQL     one query per indicator, for instance retention_rate:\n"
              "            %s\n", catalogue_queries[n - 1].sql);
      print_detail ("SQLite", &total->sqlite);
    }
#endif

  total->same_sqlite = total->same_floor = -1;
  for (guint q = 0; q < n; q++)
    {
      printf ("  %s:\n", catalogue_queries[q].id);
      compare (rows[q], &libkpi[q], &sqlite[q], &floor[q], months);
      if (rows[q]->same_sqlite >= 0)
        total->same_sqlite = (total->same_sqlite != 0) && rows[q]->same_sqlite;
      if (rows[q]->same_floor >= 0)
        total->same_floor = (total->same_floor != 0) && rows[q]->same_floor;
    }
  ok = TRUE;

out:
  g_ptr_array_add (bench->rows, total);
  for (guint q = 0; q < n; q++)
    {
      g_ptr_array_add (bench->rows, rows[q]);
      series_clear (&libkpi[q]);
      series_clear (&sqlite[q]);
      series_clear (&floor[q]);
    }
  g_clear_object (&ds);
  g_object_unref (catalog);
  return ok;
}

/* --------------------------------------------------------------------- */
/* Incremental: append a day, re-evaluate the current month              */
/* --------------------------------------------------------------------- */

/* A batch of rows for kpi_dataset_append_rows(), in the column order of
 * the dataset it goes to; the strings belong to the dataset it was read
 * from. */
typedef struct {
  gsize        n_rows;
  gint64      *times;
  const char **dimensions;
  gsize        n_dimension_values;
  double      *measures;
  gsize        n_measure_values;
} Batch;

static gboolean
batch_init (Batch       *batch,
            KpiDataset  *from,
            KpiDataset  *to,
            GError     **error)
{
  char **dims = kpi_dataset_list_columns (to, KPI_COLUMN_DIMENSION);
  char **meas = kpi_dataset_list_columns (to, KPI_COLUMN_MEASURE);
  guint n_dims = g_strv_length (dims), n_meas = g_strv_length (meas);
  const gint64 *times;
  gboolean ok = FALSE;

  memset (batch, 0, sizeof *batch);
  times = kpi_dataset_get_times (from, &batch->n_rows);
  batch->times = g_memdup2 (times, sizeof (gint64) * batch->n_rows);
  batch->n_dimension_values = batch->n_rows * n_dims;
  batch->n_measure_values = batch->n_rows * n_meas;
  batch->dimensions = g_new (const char *, MAX (batch->n_dimension_values, 1));
  batch->measures = g_new (double, MAX (batch->n_measure_values, 1));

  for (guint d = 0; d < n_dims; d++)
    {
      gsize n, n_values;
      const guint32 *codes = kpi_dataset_get_dimension_codes (from, dims[d], &n);
      const char * const *dict = kpi_dataset_get_dimension_dictionary (from, dims[d], &n_values);

      if (codes == NULL)
        {
          g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_UNKNOWN_COLUMN,
                       "the appended rows have no dimension %s", dims[d]);
          goto out;
        }
      for (gsize r = 0; r < batch->n_rows; r++)
        batch->dimensions[r * n_dims + d] =
          codes[r] == KPI_DIMENSION_MISSING ? NULL : dict[codes[r]];
    }
  for (guint m = 0; m < n_meas; m++)
    {
      gsize n;
      const double *values = kpi_dataset_get_measure (from, meas[m], &n);

      if (values == NULL)
        {
          g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_UNKNOWN_COLUMN,
                       "the appended rows have no measure %s", meas[m]);
          goto out;
        }
      for (gsize r = 0; r < batch->n_rows; r++)
        batch->measures[r * n_meas + m] = values[r];
    }
  ok = TRUE;

out:
  g_strfreev (dims);
  g_strfreev (meas);
  return ok;
}

static void
batch_clear (Batch *batch)
{
  g_free (batch->times);
  g_free (batch->dimensions);
  g_free (batch->measures);
}

/* Rounds of append + evaluate: each appends the day again, so the month
 * grows by a day's rows each round. */
#define INCREMENTAL_ROUNDS MAX (opt_repeat, 3)

/* What one history of one size gave. */
typedef struct {
  char   *label;
  gint64  size;
  guint   history_rows;
  guint   month_rows;      /* rows of the current month after the append */
  gsize   day_rows;
  double  first_append, first_revenue, first_active;   /* µs */
  double  best_append, best_revenue, best_active;      /* µs */
  double  best_total;
  gboolean checked;
} Incremental;

static double
usec_since (double t0)
{
  return (bench_now_seconds () - t0) * 1e6;
}

/* The revenue and distinct customers of [start, end) by hand, to check
 * libkpi's numbers after the append. */
static void
hand_month (KpiDataset *ds,
            gint64      start,
            gint64      end,
            double     *revenue,
            double     *active,
            guint      *n_rows)
{
  Columns c;
  guint8 *seen;

  columns_init (&c, ds, NULL);
  seen = g_new0 (guint8, MAX (c.n_customers, 1));
  *revenue = 0;
  *active = 0;
  *n_rows = 0;
  for (gsize r = 0; r < c.n_rows; r++)
    if (c.times[r] >= start && c.times[r] < end)
      {
        (*n_rows)++;
        if (!isnan (c.amount[r]))
          *revenue += c.amount[r];
        if (c.customer[r] != KPI_DIMENSION_MISSING && !seen[c.customer[r]])
          {
            seen[c.customer[r]] = 1;
            *active += 1;
          }
      }
  g_free (seen);
}

static gboolean
close_enough (double a,
              double b)
{
  return a == b || fabs (a - b) <= TOLERANCE * MAX (fabs (a), fabs (b));
}

/* Loads @history, then K times: append @tail's rows, evaluate revenue and
 * active customers of @month.  The first round comes right after the load
 * (the columns are exactly full then: the append reallocates them); the
 * next ones append the same day again, as a second batch of that day. */
static gboolean
measure_incremental (const char   *history,
                     gsize         history_length,
                     const char   *tail,
                     gsize         tail_length,
                     KpiCalendar  *calendar,
                     const char   *month,
                     Incremental  *result,
                     GError      **error)
{
  KpiDataset *ds = NULL, *day = NULL;
  KpiIndicator *revenue = NULL, *active = NULL;
  KpiContext *context = NULL;
  KpiPeriod *period = NULL;
  KpiValue *value;
  Batch batch = { 0 };
  gboolean ok = FALSE;

  ds = load_csv_bytes (history, history_length, error);
  if (ds == NULL)
    goto out;
  day = load_csv_bytes (tail, tail_length, error);
  if (day == NULL)
    goto out;
  if (!batch_init (&batch, day, ds, error))
    goto out;
  period = kpi_calendar_parse_period (calendar, month, error);
  if (period == NULL)
    goto out;
  context = kpi_context_new (calendar);
  revenue = kpi_indicator_new ("revenue", "sum(amount)", error);
  if (revenue == NULL)
    goto out;
  active = kpi_indicator_new ("active_customers", "count_distinct(customer)", error);
  if (active == NULL)
    goto out;
  kpi_indicator_set_dataset (revenue, ds);
  kpi_indicator_set_dataset (active, ds);

  result->history_rows = kpi_dataset_get_n_rows (ds);
  result->day_rows = batch.n_rows;
  result->best_append = result->best_revenue = result->best_active = G_MAXDOUBLE;
  result->best_total = G_MAXDOUBLE;

  /* A live application has evaluated the month before the new rows come:
   * whatever it caches is there. */
  for (int i = 0; i < 2; i++)
    {
      value = kpi_indicator_evaluate (revenue, context, period, error);
      if (value == NULL)
        goto out;
      kpi_value_unref (value);
      value = kpi_indicator_evaluate (active, context, period, error);
      if (value == NULL)
        goto out;
      kpi_value_unref (value);
    }

  for (int i = 0; i < INCREMENTAL_ROUNDS; i++)
    {
      double t0, append_us, revenue_us, active_us, r, a;

      t0 = bench_now_seconds ();
      if (!kpi_dataset_append_rows (ds, batch.times, batch.n_rows,
                                    batch.dimensions, batch.n_dimension_values,
                                    batch.measures, batch.n_measure_values, error))
        goto out;
      append_us = usec_since (t0);

      t0 = bench_now_seconds ();
      value = kpi_indicator_evaluate (revenue, context, period, error);
      revenue_us = usec_since (t0);
      if (value == NULL)
        goto out;
      r = kpi_value_get_value (value);
      kpi_value_unref (value);

      t0 = bench_now_seconds ();
      value = kpi_indicator_evaluate (active, context, period, error);
      active_us = usec_since (t0);
      if (value == NULL)
        goto out;
      a = kpi_value_get_value (value);
      kpi_value_unref (value);

      if (i == 0)
        {
          double hand_r, hand_a;

          result->first_append = append_us;
          result->first_revenue = revenue_us;
          result->first_active = active_us;
          hand_month (ds, kpi_period_get_start (period), kpi_period_get_end (period),
                      &hand_r, &hand_a, &result->month_rows);
          result->checked = close_enough (r, hand_r) && close_enough (a, hand_a);
          if (!result->checked)
            printf ("    ✘ after the append libkpi gives revenue %.17g, active %.17g;"
                    " by hand %.17g, %.17g\n", r, a, hand_r, hand_a);
          continue;
        }
      result->best_append = MIN (result->best_append, append_us);
      result->best_revenue = MIN (result->best_revenue, revenue_us);
      result->best_active = MIN (result->best_active, active_us);
      result->best_total = MIN (result->best_total, append_us + revenue_us + active_us);
    }
  ok = TRUE;

out:
  g_clear_object (&revenue);
  g_clear_object (&active);
  g_clear_object (&context);
  g_clear_pointer (&period, kpi_period_free);
  batch_clear (&batch);
  g_clear_object (&day);
  g_clear_object (&ds);
  return ok;
}

/* Finds in the mapped CSV the start of the first line whose date field is
 * at least @date (the file is sorted by date); @end if none. */
static const char *
find_date (const char *body,
           const char *end,
           const char *date)
{
  gsize len = strlen (date);
  const char *p = body;

  while (p < end && strncmp (p, date, MIN (len, (gsize) (end - p))) < 0)
    {
      const char *eol = memchr (p, '\n', end - p);
      p = eol != NULL ? eol + 1 : end;
    }
  return p;
}

/* For one size: the full history (all days but the last) and a short one
 * (the last month only, without its last day), each given the last day. */
static gboolean
run_incremental_size (DataFiles    *files,
                      gint64        size,
                      KpiCalendar  *calendar,
                      GArray       *results,
                      GError      **error)
{
  const char *path = data_file (files, size, error);
  GMappedFile *mapped;
  const char *data, *end, *body, *last_line, *day_start, *month_start_p;
  char first_date[11], last_date[11], day_before[11], month[8], month_first[11];
  GDate date;
  gsize header_length;
  GString *tail = NULL, *short_history = NULL;
  gboolean ok = FALSE;

  if (path == NULL)
    return FALSE;
  mapped = g_mapped_file_new (path, FALSE, error);
  if (mapped == NULL)
    return FALSE;
  data = g_mapped_file_get_contents (mapped);
  end = data + g_mapped_file_get_length (mapped);
  body = memchr (data, '\n', end - data);
  if (body == NULL || end - body < 12)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: no rows", path);
      goto out;
    }
  body++;
  header_length = body - data;

  /* The last line's date: the day to append. */
  last_line = end - 1;
  while (last_line > body && last_line[-1] != '\n')
    last_line--;
  memcpy (last_date, last_line, 10);
  last_date[10] = '\0';
  memcpy (first_date, body, 10);
  first_date[10] = '\0';
  g_date_clear (&date, 1);
  g_date_set_parse (&date, last_date);
  if (!g_date_valid (&date))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: the last line does not start with a date", path);
      goto out;
    }
  g_date_subtract_days (&date, 1);
  g_date_strftime (day_before, sizeof day_before, "%Y-%m-%d", &date);
  memcpy (month, last_date, 7);
  month[7] = '\0';
  g_snprintf (month_first, sizeof month_first, "%s-01", month);

  day_start = find_date (body, end, last_date);
  month_start_p = find_date (body, day_start, month_first);

  tail = g_string_new_len (data, header_length);
  g_string_append_len (tail, day_start, end - day_start);
  short_history = g_string_new_len (data, header_length);
  g_string_append_len (short_history, month_start_p, day_start - month_start_p);

  for (int v = 0; v < 2; v++)
    {
      Incremental r = { 0 };

      r.size = size;
      r.label = g_strdup_printf ("%" G_GINT64_FORMAT ": %s..%s", size,
                                 v == 0 ? first_date : month_first, day_before);
      printf ("  history %s, then %s ...\n", r.label, last_date);
      if (!(v == 0
            ? measure_incremental (data, day_start - data, tail->str, tail->len,
                                   calendar, month, &r, error)
            : measure_incremental (short_history->str, short_history->len,
                                   tail->str, tail->len, calendar, month, &r, error)))
        {
          g_free (r.label);
          goto out;
        }
      g_array_append_val (results, r);
    }
  ok = TRUE;

out:
  if (tail != NULL)
    g_string_free (tail, TRUE);
  if (short_history != NULL)
    g_string_free (short_history, TRUE);
  g_mapped_file_unref (mapped);
  return ok;
}

static void
print_incremental (GArray *results)
{
  printf ("\nincremental: append one day of rows, then evaluate the current month's"
          " revenue and active customers (µs, wall; first round right after the load,"
          " then best of %d)\n", INCREMENTAL_ROUNDS - 1);
  printf ("  %-32s %9s %8s %8s | %8s %8s %8s %8s | %9s %9s | %7s  %s\n",
          "history", "rows", "day rows", "month", "append", "revenue", "active",
          "total", "1st apnd", "1st total", "ns/mrow", "ok");
  for (guint i = 0; i < results->len; i++)
    {
      const Incremental *r = &g_array_index (results, Incremental, i);

      printf ("  %-32s %9u %8" G_GSIZE_FORMAT " %8u | %8.0f %8.0f %8.0f %8.0f | %9.0f %9.0f | %7.2f  %s\n",
              r->label, r->history_rows, r->day_rows, r->month_rows,
              r->best_append, r->best_revenue, r->best_active, r->best_total,
              r->first_append, r->first_append + r->first_revenue + r->first_active,
              (r->best_revenue + r->best_active) * 1e3 / MAX (r->month_rows, 1),
              check_mark (r->checked));
    }
  printf ("  (month: rows of the current month after the first append; 1st: the"
          " round right after the load; ns/mrow: the two evaluations, best, per row"
          " of that month)\n");

  /* What the figures say, in ratios the reader can check. */
  for (guint i = 0; i + 1 < results->len; i += 2)
    {
      const Incremental *full = &g_array_index (results, Incremental, i);
      const Incremental *part = &g_array_index (results, Incremental, i + 1);

      printf ("  at %" G_GINT64_FORMAT ": %.0f× the history costs %.2f× the time"
              " (append %.2f×, revenue %.2f×, active customers %.2f×)\n",
              full->size, (double) full->history_rows / MAX (part->history_rows, 1),
              full->best_total / part->best_total,
              full->best_append / part->best_append,
              full->best_revenue / part->best_revenue,
              full->best_active / part->best_active);
      printf ("  at %" G_GINT64_FORMAT ": the first append after the load costs %.1f×"
              " the later ones with the full history, %.1f× with the short one\n",
              full->size, full->first_append / full->best_append,
              part->first_append / part->best_append);
    }
  if (results->len >= 4)
    {
      const Incremental *a = &g_array_index (results, Incremental, 0);
      const Incremental *b = &g_array_index (results, Incremental, results->len - 2);

      printf ("  from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT ": %.1f× the day's rows,"
              " %.1f× the month's rows, %.1f× the history: %.2f× the time"
              " (append %.2f×, evaluations %.2f×)\n",
              a->size, b->size, (double) b->day_rows / MAX (a->day_rows, 1),
              (double) b->month_rows / MAX (a->month_rows, 1),
              (double) b->history_rows / MAX (a->history_rows, 1),
              b->best_total / a->best_total, b->best_append / a->best_append,
              (b->best_revenue + b->best_active) / (a->best_revenue + a->best_active));
    }
}

/* --------------------------------------------------------------------- */

static GArray *
parse_sizes (const char *text,
             gint64      rows)
{
  GArray *sizes = g_array_new (FALSE, FALSE, sizeof (gint64));
  char **parts;

  if (text == NULL)
    {
      gint64 one_million = 1000000;

      g_array_append_val (sizes, one_million);
      if (rows != one_million)
        g_array_append_val (sizes, rows);
      return sizes;
    }
  parts = g_strsplit (text, ",", -1);
  for (char **p = parts; *p != NULL; p++)
    {
      gint64 n = g_ascii_strtoll (g_strstrip (*p), NULL, 10);

      if (n >= 1000)
        g_array_append_val (sizes, n);
    }
  g_strfreev (parts);
  return sizes;
}

static double
load_average (void)
{
  char *text = NULL;
  double avg = -1;

  if (g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    avg = g_ascii_strtod (text, NULL);
  g_free (text);
  return avg;
}

int
main (int    argc,
      char **argv)
{
  GOptionContext *context;
  GError *error = NULL;
  DataFiles files = {
    g_ptr_array_new_with_free_func (g_free),
    g_array_new (FALSE, FALSE, sizeof (gboolean))
  };
  GTimeZone *utc = g_time_zone_new_utc ();
  Bench bench = { 0 };
  KpiDataset *probe = NULL;
  GArray *sizes = NULL, *incremental = NULL;
  gint64 min_time = 0, max_time = 0;
  const char *sqlite_note = NULL;
  int failures = 0;

  /* Progress lines show up at once even through a pipe (make). */
  setvbuf (stdout, NULL, _IOLBF, 0);

  context = g_option_context_new ("- time libkpi's indicator evaluation against SQLite and a hand-written loop");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-eval: %s\n", error->message);
      return 2;
    }
  g_option_context_free (context);
  if (opt_rows < 1000 || opt_repeat < 1 || opt_dir == NULL)
    {
      g_printerr ("bench-eval: needs --dir, --rows >= 1000 and --repeat >= 1\n");
      return 2;
    }
  if (opt_sqlite_repeat <= 0)
    opt_sqlite_repeat = opt_rows <= 1000000 ? opt_repeat : 1;

  printf ("load average at start: %.2f (%u CPUs online)\n", load_average (),
          g_get_num_processors ());

  bench.path = data_file (&files, opt_rows, &error);
  if (bench.path == NULL)
    {
      g_printerr ("bench-eval: %s\n", error->message);
      return 1;
    }
  bench.rows = g_ptr_array_new_with_free_func (row_free);
  bench.sqlite_runs = opt_sqlite_repeat;

  /* The months the data covers, from a first load. */
  printf ("dataset:  %s\n", bench.path);
  probe = load_dataset (bench.path, &error);
  if (probe == NULL || !kpi_dataset_get_time_range (probe, &min_time, &max_time))
    {
      g_printerr ("bench-eval: %s\n", error != NULL ? error->message : "no rows");
      return 1;
    }
  bench.range.months = months_new (min_time, max_time);
  bench.range.calendar = kpi_calendar_new (utc, 1, NULL);
  bench.range.context = kpi_context_new (bench.range.calendar);
  bench.range.first = kpi_calendar_parse_period (bench.range.calendar,
                                                 bench.range.months->key[0], &error);
  bench.range.last = bench.range.first == NULL ? NULL
    : kpi_calendar_parse_period (bench.range.calendar,
                                 bench.range.months->key[bench.range.months->n - 1], &error);
  if (bench.range.last == NULL)
    {
      g_printerr ("bench-eval: %s\n", error->message);
      return 1;
    }
  printf ("months:   %u, %s .. %s (UTC)\n", bench.range.months->n,
          bench.range.months->key[0], bench.range.months->key[bench.range.months->n - 1]);

  /* SQLite */
#ifdef BENCH_HAVE_SQLITE
  if (opt_no_sqlite)
    sqlite_note = "skipped (--no-sqlite)";
  else
    {
      guint64 n = 0;
      double t0 = bench_now_seconds ();

      printf ("sqlite:   loading into an in-memory database (SQLite %s) ...\n",
              sqlite3_libversion ());
      bench.db = sqlite_load (bench.path, &n, &error);
      if (bench.db == NULL)
        {
          g_printerr ("bench-eval: %s\n", error->message);
          g_clear_error (&error);
          sqlite_note = "skipped: the load failed";
          failures++;
        }
      else
        printf ("sqlite:   %" G_GUINT64_FORMAT " rows in %.1f s (not timed below);"
                " month = substr(date, 1, 7) at query time, no index\n",
                n, bench_now_seconds () - t0);
    }
#else
  sqlite_note = "not built: configure found no sqlite3 development files";
#endif
  if (sqlite_note != NULL)
    printf ("sqlite:   %s\n", sqlite_note);

  /* The queries */
  for (guint q = 0; q < G_N_ELEMENTS (single_queries); q++)
    if (!run_single_query (&bench, (int) q + 1, &single_queries[q],
                           q == 0 ? g_steal_pointer (&probe) : NULL, &error))
      {
        g_printerr ("bench-eval: %s: %s\n", single_queries[q].id, error->message);
        g_clear_error (&error);
        failures++;
      }
  if (!run_catalogue (&bench, (int) G_N_ELEMENTS (single_queries) + 1, &error))
    {
      g_printerr ("bench-eval: catalogue: %s\n", error->message);
      g_clear_error (&error);
      failures++;
    }

#ifdef BENCH_HAVE_SQLITE
  g_clear_pointer (&bench.db, sqlite3_close);
#endif

  /* Incremental */
  sizes = parse_sizes (opt_incremental, opt_rows);
  incremental = g_array_new (FALSE, TRUE, sizeof (Incremental));
  if (sizes->len > 0)
    printf ("\n5. incremental: append the last day, re-evaluate its month\n");
  for (guint i = 0; i < sizes->len; i++)
    if (!run_incremental_size (&files, g_array_index (sizes, gint64, i),
                               bench.range.calendar, incremental, &error))
      {
        g_printerr ("bench-eval: incremental: %s\n", error->message);
        g_clear_error (&error);
        failures++;
      }

  /* Summary */
  printf ("\n%" G_GINT64_FORMAT " orders, %u months, single-threaded; CPU milliseconds,"
          " libkpi best of %d, SQLite best of %d, floor best of %d\n",
          opt_rows, bench.range.months->n, opt_repeat, opt_sqlite_repeat, opt_repeat);
  printf ("  %-24s %10s %10s %10s %10s %14s %14s   %s\n", "query", "libkpi 1st",
          "libkpi", "SQLite", "floor", "SQLite/libkpi", "libkpi/floor", "=SQL =floor");
  for (guint i = 0; i < bench.rows->len; i++)
    print_row (g_ptr_array_index (bench.rows, i));
  for (guint i = 0; i < bench.rows->len; i++)
    {
      const Row *row = g_ptr_array_index (bench.rows, i);

      if (timing_valid (&row->floor) && row->floor.best_cpu < 1e-4)
        printf ("  note: the floor of %s takes under 0.1 ms: it needs no pass over the"
                " rows, so libkpi/floor compares libkpi's fixed cost per evaluation"
                " (%.0f µs) with almost nothing\n",
                row->name + strspn (row->name, " "), 1e6 * row->libkpi.best_cpu);
    }
  if (sqlite_note != NULL)
    printf ("  (SQLite %s)\n", sqlite_note);
  printf ("  (times and ratios are CPU time of the process, which on an idle machine"
          " equals the wall time; the wall times are in the lines above)\n");
  printf ("target: libkpi ≥ %.0f× faster than SQLite, within %.0f× of the floor;"
          " results equal to SQLite's to %.0e (relative)\n",
          TARGET_VS_SQLITE, TARGET_VS_FLOOR, TOLERANCE);
  if (incremental->len > 0)
    print_incremental (incremental);
  printf ("\nload average at end: %.2f (%u CPUs online)\n", load_average (),
          g_get_num_processors ());

  /* Clean up */
  for (guint i = 0; i < incremental->len; i++)
    g_free (g_array_index (incremental, Incremental, i).label);
  g_array_unref (incremental);
  g_array_unref (sizes);
  for (guint i = 0; i < files.paths->len; i++)
    if (g_array_index (files.generated, gboolean, i) && !opt_keep)
      g_unlink (g_ptr_array_index (files.paths, i));
  g_ptr_array_unref (files.paths);
  g_array_unref (files.generated);
  g_ptr_array_unref (bench.rows);
  kpi_period_free (bench.range.first);
  kpi_period_free (bench.range.last);
  g_object_unref (bench.range.context);
  g_object_unref (bench.range.calendar);
  months_free (bench.range.months);
  g_time_zone_unref (utc);
  return failures > 0 ? 1 : 0;
}
