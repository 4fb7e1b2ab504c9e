/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Differential test of the formula evaluator against SQLite.
 *
 * Random datasets (seeded: a few thousand rows, three dimensions with
 * small vocabularies, three measures with about 10% missing values, times
 * over two years) are loaded both into a KpiDataset and into an in-memory
 * SQLite table (missing values are NULL). Each formula has its SQL twin;
 * both are computed per day, month, quarter and year (SQL groups by the
 * UTC date with strftime), per channel-like group, and over custom ranges,
 * and must agree to 1e-9 relative for every period, empty ones included:
 * for a period without rows SQL returns no group, so the expected value is
 * the SQL expression over no rows (SELECT expr FROM t WHERE 0), which gives
 * TOTAL() 0, COUNT() 0 and NULL for the rest, as the formulas should --
 * inside the span of time the data covers. A period before the period of
 * the first row or after the period of the last one (SQL's MIN(ts) and
 * MAX(ts)) has no value at all, whatever the formula.
 *
 * SQLite's aggregates skip NULL and its conditions are three-valued, the
 * semantics the formulas promise; x / 0 is NULL there too. */

#include <math.h>
#include <string.h>
#include <check.h>
#include "kpi-test.h"
#include <sqlite3.h>
#include <libkpi/kpi.h>

#include "kpi-formula-private.h"
#include "kpi-formula-corpus.h"

#define pairs kpi_corpus_pairs

/* Keys of the SQL groups, the labels of KpiPeriod */
static const struct { KpiGranularity granularity; const char *key; const char *first; const char *last; } grains[] = {
  { KPI_GRANULARITY_DAY, "strftime('%Y-%m-%d', ts, 'unixepoch')", "2023-12-30", "2026-01-02" },
  { KPI_GRANULARITY_MONTH, "strftime('%Y-%m', ts, 'unixepoch')", "2023-11", "2026-02" },
  { KPI_GRANULARITY_QUARTER,
    "strftime('%Y', ts, 'unixepoch') || '-Q' || ((CAST(strftime('%m', ts, 'unixepoch') AS INTEGER) + 2) / 3)",
    "2023-Q4", "2026-Q1" },
  { KPI_GRANULARITY_YEAR, "strftime('%Y', ts, 'unixepoch')", "2023", "2026" },
};

static sqlite3 *
make_sqlite (const Rows *rows)
{
  sqlite3 *db;
  sqlite3_stmt *st;

  ck_assert_int_eq (sqlite3_open (":memory:", &db), SQLITE_OK);
  ck_assert_int_eq (sqlite3_exec (db, "CREATE TABLE t (ts INTEGER, d1 TEXT, d2 TEXT, d3 TEXT, "
                                      "m1 REAL, m2 REAL, m3 REAL)", NULL, NULL, NULL), SQLITE_OK);
  ck_assert_int_eq (sqlite3_prepare_v2 (db, "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)", -1, &st, NULL), SQLITE_OK);
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  for (gsize i = 0; i < rows->n; i++)
    {
      sqlite3_bind_int64 (st, 1, rows->times[i] / G_USEC_PER_SEC);
      for (int d = 0; d < N_DIMS; d++)
        {
          const char *s = rows->dims[i * N_DIMS + d];
          if (s[0] == '\0')
            sqlite3_bind_null (st, 2 + d);
          else
            sqlite3_bind_text (st, 2 + d, s, -1, SQLITE_STATIC);
        }
      for (int m = 0; m < N_MEAS; m++)
        {
          double v = rows->meas[i * N_MEAS + m];
          if (isnan (v))
            sqlite3_bind_null (st, 5 + m);
          else
            sqlite3_bind_double (st, 5 + m, v);
        }
      ck_assert_int_eq (sqlite3_step (st), SQLITE_DONE);
      sqlite3_reset (st);
    }
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_finalize (st);
  return db;
}

static KpiDataset *
make_dataset (const Rows *rows, gsize first, gsize n)
{
  KpiDataset *ds = kpi_dataset_new ("ts");
  static const char *names[] = { "d1", "d2", "d3", "m1", "m2", "m3" };

  for (int c = 0; c < 6; c++)
    ck_assert (kpi_dataset_add_column (ds, names[c], c < 3 ? KPI_COLUMN_DIMENSION : KPI_COLUMN_MEASURE, NULL));
  if (n > 0)
    ck_assert (kpi_dataset_append_rows (ds, rows->times + first, n, rows->dims + first * N_DIMS, n * N_DIMS,
                                        rows->meas + first * N_MEAS, n * N_MEAS, NULL));
  return ds;
}

/* One SQL value: NAN for NULL */
static double
column_value (sqlite3_stmt *st, int col)
{
  return sqlite3_column_type (st, col) == SQLITE_NULL ? NAN : sqlite3_column_double (st, col);
}

static double
sql_empty_value (sqlite3 *db, const char *expr)
{
  char *q = g_strdup_printf ("SELECT %s FROM t WHERE 0", expr);
  sqlite3_stmt *st;
  double v;

  ck_assert_int_eq (sqlite3_prepare_v2 (db, q, -1, &st, NULL), SQLITE_OK);
  ck_assert_int_eq (sqlite3_step (st), SQLITE_ROW);
  v = column_value (st, 0);
  sqlite3_finalize (st);
  g_free (q);
  return v;
}

/* The span of the data by SQL (seconds): the first and the last row. */
typedef struct { gint64 min, max; } Span;

static Span
sql_span (sqlite3 *db)
{
  sqlite3_stmt *st;
  Span span;

  ck_assert_int_eq (sqlite3_prepare_v2 (db, "SELECT MIN(ts), MAX(ts) FROM t", -1, &st, NULL), SQLITE_OK);
  ck_assert_int_eq (sqlite3_step (st), SQLITE_ROW);
  span.min = sqlite3_column_int64 (st, 0);
  span.max = sqlite3_column_int64 (st, 1);
  sqlite3_finalize (st);
  return span;
}

/* Whether the data covers some of @period: the period holds the first row
 * or ends after it, and starts at or before the last row. */
static gboolean
covers (Span span, const KpiPeriod *period)
{
  return span.min < kpi_period_get_end (period) / G_USEC_PER_SEC &&
         span.max >= kpi_period_get_start (period) / G_USEC_PER_SEC;
}

/* key[\t group] -> value, for every group SQL returns */
static GHashTable *
sql_values (sqlite3 *db, const char *key, const char *expr, gboolean by_d1)
{
  GHashTable *out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  char *q = by_d1 ? g_strdup_printf ("SELECT %s AS k, d1, %s FROM t GROUP BY k, d1", key, expr)
                  : g_strdup_printf ("SELECT %s AS k, NULL, %s FROM t GROUP BY k", key, expr);
  sqlite3_stmt *st;
  int rc;

  ck_assert_msg (sqlite3_prepare_v2 (db, q, -1, &st, NULL) == SQLITE_OK, "%s: %s", q, sqlite3_errmsg (db));
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      const char *k = (const char *) sqlite3_column_text (st, 0);
      const char *g = (const char *) sqlite3_column_text (st, 1);
      double *v = g_new (double, 1);

      *v = column_value (st, 2);
      g_hash_table_insert (out, g_strdup_printf ("%s\t%s", k, g != NULL ? g : ""), v);
    }
  ck_assert_int_eq (rc, SQLITE_DONE);
  sqlite3_finalize (st);
  g_free (q);
  return out;
}

static gboolean
agree (double got, double want)
{
  if (isnan (want) || isnan (got))
    return isnan (want) && isnan (got);
  return fabs (got - want) <= 1e-9 * MAX (MAX (fabs (got), fabs (want)), 1e-3);
}

static guint n_compared;

static void
compare_granularity (KpiDataset  *ds,
                     KpiCalendar *cal,
                     sqlite3     *db,
                     guint        g,
                     gboolean     by_d1)
{
  g_autoptr(KpiPeriod) first = kpi_calendar_parse_period (cal, grains[g].first, NULL);
  g_autoptr(KpiPeriod) last = kpi_calendar_parse_period (cal, grains[g].last, NULL);
  g_autoptr(GPtrArray) periods = kpi_calendar_list_periods (cal, first, last);
  KpiEvalRequest req = { 0 };
  gsize n_codes = 0;
  const char * const *dict = kpi_dataset_get_dimension_dictionary (ds, "d1", &n_codes);
  guint32 *map = g_new (guint32, MAX (n_codes, 1));
  Span span = sql_span (db);
  guint G;

  req.dataset = ds;
  req.calendar = cal;
  req.periods = periods;
  if (by_d1)
    {
      /* one group per value, plus one for the rows without d1 */
      for (gsize c = 0; c < n_codes; c++)
        map[c] = c;
      req.group_by = "d1";
      req.group_map = map;
      req.group_map_len = n_codes;
      req.missing_slot = n_codes;
      req.n_groups = n_codes + 1;
    }
  G = MAX (req.n_groups, 1);

  for (gsize f = 0; f < kpi_corpus_n_pairs; f++)
    {
      GError *error = NULL;
      g_autoptr(KpiFormula) formula = kpi_formula_parse (pairs[f].kpi, &error);
      GPtrArray *values;
      GHashTable *sql;
      double empty;

      ck_assert_msg (formula != NULL, "%s: %s", pairs[f].kpi, error ? error->message : "");
      values = kpi_formula_evaluate (formula, &req, &error);
      ck_assert_msg (values != NULL, "%s: %s", pairs[f].kpi, error ? error->message : "");
      ck_assert_uint_eq (values->len, periods->len * G);
      sql = sql_values (db, grains[g].key, pairs[f].sql, by_d1);
      empty = sql_empty_value (db, pairs[f].sql);

      for (guint p = 0; p < periods->len; p++)
        for (guint k = 0; k < G; k++)
          {
            const KpiPeriod *period = g_ptr_array_index (periods, p);
            const char *label = kpi_period_get_label (period);
            const char *group = by_d1 && k < n_codes ? dict[k] : "";
            char *key = g_strdup_printf ("%s\t%s", label, group);
            double *want = g_hash_table_lookup (sql, key);
            KpiValue *value = g_ptr_array_index (values, p * G + k);
            double got = kpi_value_get_value (value);

            if (!covers (span, period))
              {
                ck_assert_msg (isnan (got) && (kpi_value_get_flags (value) & KPI_VALUE_FLAG_NO_DATA),
                               "%s, %s: outside the data, libkpi %.17g", pairs[f].kpi, key, got);
                g_free (key);
                n_compared++;
                continue;
              }
            ck_assert_msg (agree (got, want != NULL ? *want : empty),
                           "%s by %s%s, %s: libkpi %.17g, SQLite %.17g (%s)", pairs[f].kpi,
                           grains[g].key, by_d1 ? " and d1" : "", key, got,
                           want != NULL ? *want : empty, want != NULL ? "group" : "no rows");
            g_free (key);
            n_compared++;
          }
      g_hash_table_unref (sql);
      g_ptr_array_unref (values);
    }
  g_free (map);
}

/* Custom ranges, months and a quarter in one request: each period against
 * SQL over the rows of its [start, end). */
static void
compare_ranges (KpiDataset  *ds,
                KpiCalendar *cal,
                sqlite3     *db,
                guint32      seed)
{
  GRand *r = g_rand_new_with_seed (seed * 31 + 5);
  g_autoptr(GPtrArray) periods = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_period_free);
  KpiEvalRequest req = { 0 };
  gint64 t0 = G_GINT64_CONSTANT (1704067200);
  Span span = sql_span (db);

  for (int i = 0; i < 6; i++)
    {
      gint64 a = t0 + g_rand_int_range (r, -10, 731) * G_GINT64_CONSTANT (86400) + g_rand_int_range (r, 0, 86400);
      gint64 b = a + g_rand_int_range (r, 0, 120) * G_GINT64_CONSTANT (86400) + g_rand_int_range (r, 0, 86400);
      g_ptr_array_add (periods, kpi_calendar_custom_period (cal, a * G_USEC_PER_SEC, b * G_USEC_PER_SEC, NULL));
    }
  g_ptr_array_add (periods, kpi_calendar_parse_period (cal, "2024-02", NULL));
  g_ptr_array_add (periods, kpi_calendar_parse_period (cal, "2025-Q2", NULL));
  g_ptr_array_add (periods, kpi_calendar_parse_period (cal, "2024-W10", NULL));
  g_ptr_array_add (periods, kpi_calendar_parse_period (cal, "2025-03", NULL));
  req.dataset = ds;
  req.calendar = cal;
  req.periods = periods;

  for (gsize f = 0; f < kpi_corpus_n_pairs; f++)
    {
      GError *error = NULL;
      g_autoptr(KpiFormula) formula = kpi_formula_parse (pairs[f].kpi, &error);
      GPtrArray *values = kpi_formula_evaluate (formula, &req, &error);
      char *q = g_strdup_printf ("SELECT %s FROM t WHERE ts >= ?1 AND ts < ?2", pairs[f].sql);
      sqlite3_stmt *st;

      ck_assert_msg (values != NULL, "%s: %s", pairs[f].kpi, error ? error->message : "");
      ck_assert_int_eq (sqlite3_prepare_v2 (db, q, -1, &st, NULL), SQLITE_OK);
      for (guint p = 0; p < periods->len; p++)
        {
          const KpiPeriod *period = g_ptr_array_index (periods, p);
          double want, got = kpi_value_get_value (g_ptr_array_index (values, p));

          /* seconds: the random bounds are whole seconds */
          sqlite3_bind_int64 (st, 1, kpi_period_get_start (period) / G_USEC_PER_SEC);
          sqlite3_bind_int64 (st, 2, kpi_period_get_end (period) / G_USEC_PER_SEC);
          ck_assert_int_eq (sqlite3_step (st), SQLITE_ROW);
          want = column_value (st, 0);
          sqlite3_reset (st);
          if (!covers (span, period))
            want = NAN;
          ck_assert_msg (agree (got, want), "%s over %s: libkpi %.17g, SQLite %.17g",
                         pairs[f].kpi, kpi_period_get_label (period), got, want);
          n_compared++;
        }
      sqlite3_finalize (st);
      g_free (q);
      g_ptr_array_unref (values);
    }
  g_rand_free (r);
}

/* snapshot(entity, agg): the aggregate over the latest row of each entity
 * before the end of the period, in SQL a window over the rows before the
 * end (ROW_NUMBER by time then insertion order, latest first). */
static const struct { const char *entity; const char *kpi; const char *sql; } snapshots[] = {
  { "d3", "snapshot(d3, sum(m1))", "TOTAL(m1)" },
  { "d3", "snapshot(d3, count())", "COUNT(*)" },
  { "d3", "snapshot(d3, avg(m2 where d2 = \"x\"))", "AVG(CASE WHEN d2 = 'x' THEN m2 END)" },
  { "d3", "snapshot(d3, count_distinct(d1))", "COUNT(DISTINCT d1)" },
  { "d3", "snapshot(d3, max(m3 where m1 > 100))", "MAX(CASE WHEN m1 > 100 THEN m3 END)" },
  { "d3", "snapshot(d3, median(m2))", NULL },
  { "d1", "snapshot(d1, sum(m1 * m3 where d2 != \"a\"))", "TOTAL(CASE WHEN d2 <> 'a' THEN m1 * m3 END)" },
  { "m2", "snapshot(m2, count(m1 > 0))", "COUNT(CASE WHEN m1 > 0 THEN 1 END)" },
};

static void
compare_snapshots (KpiDataset  *ds,
                   KpiCalendar *cal,
                   sqlite3     *db,
                   gboolean     by_d1)
{
  g_autoptr(KpiPeriod) first = kpi_calendar_parse_period (cal, "2023-11", NULL);
  g_autoptr(KpiPeriod) last = kpi_calendar_parse_period (cal, "2026-02", NULL);
  g_autoptr(GPtrArray) periods = kpi_calendar_list_periods (cal, first, last);
  KpiEvalRequest req = { 0 };
  gsize n_codes = 0;
  const char * const *dict = kpi_dataset_get_dimension_dictionary (ds, "d1", &n_codes);
  guint32 *map = g_new (guint32, MAX (n_codes, 1));
  Span span = sql_span (db);
  guint G;

  req.dataset = ds;
  req.calendar = cal;
  req.periods = periods;
  if (by_d1)
    {
      for (gsize c = 0; c < n_codes; c++)
        map[c] = c;
      req.group_by = "d1";
      req.group_map = map;
      req.group_map_len = n_codes;
      req.missing_slot = n_codes;
      req.n_groups = n_codes + 1;
    }
  G = MAX (req.n_groups, 1);

  for (gsize f = 0; f < G_N_ELEMENTS (snapshots); f++)
    {
      GError *error = NULL;
      g_autoptr(KpiFormula) formula = kpi_formula_parse (snapshots[f].kpi, &error);
      GPtrArray *values;
      char *q;
      sqlite3_stmt *st;

      if (snapshots[f].sql == NULL)
        continue;   /* no MEDIAN in SQLite: the C cases check it */
      ck_assert_msg (formula != NULL, "%s: %s", snapshots[f].kpi, error ? error->message : "");
      values = kpi_formula_evaluate (formula, &req, &error);
      ck_assert_msg (values != NULL, "%s: %s", snapshots[f].kpi, error ? error->message : "");
      q = g_strdup_printf ("SELECT %s, %s FROM (SELECT t.*, ROW_NUMBER () OVER "
                           "(PARTITION BY %s ORDER BY ts DESC, rowid DESC) AS rn FROM t "
                           "WHERE ts < ?1 AND %s IS NOT NULL) WHERE rn = 1 %s",
                           by_d1 ? "d1" : "NULL", snapshots[f].sql, snapshots[f].entity,
                           snapshots[f].entity, by_d1 ? "GROUP BY d1" : "");
      ck_assert_msg (sqlite3_prepare_v2 (db, q, -1, &st, NULL) == SQLITE_OK, "%s: %s", q, sqlite3_errmsg (db));
      for (guint p = 0; p < periods->len; p++)
        {
          const KpiPeriod *period = g_ptr_array_index (periods, p);
          gboolean covered = covers (span, period);
          g_autoptr(GHashTable) want = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          double empty = sql_empty_value (db, snapshots[f].sql);
          int rc;

          sqlite3_bind_int64 (st, 1, kpi_period_get_end (period) / G_USEC_PER_SEC);
          while ((rc = sqlite3_step (st)) == SQLITE_ROW)
            {
              const char *g = (const char *) sqlite3_column_text (st, 0);
              double *v = g_new (double, 1);
              *v = column_value (st, 1);
              g_hash_table_insert (want, g_strdup (g != NULL ? g : ""), v);
            }
          ck_assert_int_eq (rc, SQLITE_DONE);
          sqlite3_reset (st);
          for (guint k = 0; k < G; k++)
            {
              KpiValue *value = g_ptr_array_index (values, p * G + k);
              const char *group = by_d1 && k < n_codes ? dict[k] : "";
              double *w = g_hash_table_lookup (want, group);
              double expected = !covered ? NAN : w != NULL ? *w : empty;

              ck_assert_msg (agree (kpi_value_get_value (value), expected),
                             "%s%s, %s %s: libkpi %.17g, SQLite %.17g", snapshots[f].kpi,
                             by_d1 ? " by d1" : "", kpi_period_get_label (period), group,
                             kpi_value_get_value (value), expected);
              n_compared++;
            }
        }
      sqlite3_finalize (st);
      g_free (q);
      g_ptr_array_unref (values);
    }
  g_free (map);
}

/* _i: the seed. Even seeds have their rows in time order, odd ones not;
 * seeds 4 and 5 count distinct values by sorted pairs, not bitsets. */
START_TEST (test_against_sqlite)
{
  guint32 seed = 1000 + _i;
  gboolean sorted = _i % 2 == 0;
  Rows rows;
  sqlite3 *db;
  KpiDataset *ds;
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);   /* UTC */
  gsize half;

  if (_i >= 4)
    g_setenv ("KPI_DISTINCT_BITSET_MAX", "0", TRUE);
  kpi_corpus_make_rows (&rows, seed, sorted);
  db = make_sqlite (&rows);

  /* Half the rows, an evaluation (which fills the dataset's caches), then
   * the other half: the caches must be extended, not trusted. */
  half = rows.n / 2;
  ds = make_dataset (&rows, 0, half);
  {
    g_autoptr(KpiFormula) f = kpi_formula_parse ("count_distinct(d3) + count_distinct(m2) + sum(m1)", NULL);
    g_autoptr(GPtrArray) periods = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_period_free);
    KpiEvalRequest req = { 0 };
    GPtrArray *v;

    for (guint g = 0; g < G_N_ELEMENTS (grains); g++)
      g_ptr_array_add (periods, kpi_calendar_parse_period (cal, grains[g].last, NULL));
    req.dataset = ds;
    req.calendar = cal;
    req.periods = periods;
    v = kpi_formula_evaluate (f, &req, NULL);
    ck_assert_ptr_nonnull (v);
    g_ptr_array_unref (v);
  }
  ck_assert (kpi_dataset_append_rows (ds, rows.times + half, rows.n - half, rows.dims + half * N_DIMS,
                                      (rows.n - half) * N_DIMS, rows.meas + half * N_MEAS,
                                      (rows.n - half) * N_MEAS, NULL));

  n_compared = 0;
  for (guint g = 0; g < G_N_ELEMENTS (grains); g++)
    {
      /* Days are 700 periods of a few rows each: under valgrind, where
       * SQLite alone takes minutes over them, months and up suffice. */
      if (grains[g].granularity == KPI_GRANULARITY_DAY && kpi_test_under_valgrind ())
        continue;
      compare_granularity (ds, cal, db, g, FALSE);
      compare_granularity (ds, cal, db, g, TRUE);
    }
  compare_ranges (ds, cal, db, seed);
  compare_snapshots (ds, cal, db, FALSE);
  if (!kpi_test_under_valgrind ())
    compare_snapshots (ds, cal, db, TRUE);
  /* days, months, quarters, years, by d1 too: tens of thousands of values */
  ck_assert_uint_gt (n_compared, kpi_test_under_valgrind () ? 1000 : 10000);

  g_object_unref (ds);
  sqlite3_close (db);
  kpi_corpus_rows_free (&rows);
  g_unsetenv ("KPI_DISTINCT_BITSET_MAX");
}
END_TEST

static Suite *
sqlite_suite (void)
{
  Suite *s = suite_create ("formula-sqlite");
  TCase *tc = tcase_create ("against-sqlite");

  tcase_set_timeout (tc, 3000);
  /* Under valgrind, one seed: unsorted rows, distinct counts by pairs
   * (the other paths run under ASan and in the plain build). */
  if (kpi_test_under_valgrind ())
    tcase_add_loop_test (tc, test_against_sqlite, 5, 6);
  else
    tcase_add_loop_test (tc, test_against_sqlite, 0, 6);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return kpi_test_run_suite (sqlite_suite ());
}
