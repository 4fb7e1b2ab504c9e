/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Formulas pushed down to the database, three ways.
 *
 * The rows of the differential corpus (kpi-formula-corpus.c) are kept in
 * memory, written to an SQLite file and to a PostgreSQL table (the server
 * tests/pg-server.sh starts, KPI_TEST_PG); the two tables are attached to
 * datasets (no rows read), whose formulas are then compiled to SQL and run
 * by the database (kpi-eval-sql.c). Every formula of the corpus, plus the
 * entity aggregates, median(), prev(), last_year() and references, is
 * evaluated by the three for days, weeks, months, quarters, years and
 * fiscal quarters (fiscal year from April), in UTC, Europe/Paris (DST) and
 * America/New_York, without and with a breakdown (two values, "other" and
 * the missing group), and the values must be equal to 1e-12 relative, the
 * flags and sample sizes equal.
 *
 * PostgreSQL: the PostgreSQL leg runs when KPI_TEST_PG names a server; it
 * is skipped (with the reason) only when configure found no server
 * binaries, and fails when it did. */

#include "config.h"

#include <math.h>
#include <string.h>
#include <check.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <libpq-fe.h>
#include "kpi-test.h"
#include <libkpi/kpi.h>

#include "kpi-formula-private.h"
#include "kpi-formula-corpus.h"

/* Removes @name from the temporary directory @dir. */
static void
remove_file (const char *dir,
             const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_unlink (path);
}

/* The formulas beyond the corpus: what only the evaluator knows how to
 * compute (no SQL twin needed here: the in-memory engine is the
 * reference) */
static const char *extras[] = {
  "new(d3)",
  "new(d3 where m1 > 100)",
  "retained(d3)",
  "churned(d3)",
  "retained(d3 where d2 = \"x\") + churned(d1)",
  "count_distinct(d3) - retained(d3)",
  "new(m2)",
  "prev(sum(m1))",
  "sum(m1) + prev(sum(m1), 2)",
  "last_year(count())",
  "count() / last_year(count()) - 1",
  "count(\"x\") + count(d2) + count(m3)",
  "max(m1 / m2)",
  "sum(m1 * 0.1 + 3 where d3 in (\"c1\", \"c2\", \"c30\") or d1 > \"b\")",
  "count(\"b\" < \"a\" or 1 = 1)",
  NULL,
};

/* PostgreSQL only */
static const char *pg_extras[] = {
  "median(m1)",
  "median(m2 where d1 = \"a\") + avg(m2)",
  NULL,
};

static const char *zones[] = { "UTC", "Europe/Paris", "America/New_York" };

static const KpiGranularity grains[] = {
  KPI_GRANULARITY_DAY, KPI_GRANULARITY_WEEK, KPI_GRANULARITY_MONTH,
  KPI_GRANULARITY_QUARTER, KPI_GRANULARITY_YEAR, KPI_GRANULARITY_FISCAL_QUARTER,
};

static const char *column_names[] = { "d1", "d2", "d3", "m1", "m2", "m3" };

/* ------------------------------------------------------------------------ */
/* The three sources */

typedef enum {
  TIME_EPOCH,        /* INTEGER seconds (SQLite), bigint (PostgreSQL) */
  TIME_TEXT_Z,       /* 2024-03-05T12:34:56Z */
  TIME_TEXT_OFFSET,  /* 2024-03-05T13:34:56+01:00, offsets varying */
  TIME_TEXT_LOCAL,   /* 2024-03-05 12:34:56, UTC by the options */
  TIME_TIMESTAMPTZ,  /* PostgreSQL */
  TIME_TIMESTAMP,    /* PostgreSQL, UTC by the options */
  TIME_DATE,         /* PostgreSQL date */
} TimeStorage;

/* A value as text for a time of @storage */
static char *
time_text (gint64 us, TimeStorage storage, guint i)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);

  switch (storage)
    {
    case TIME_TEXT_Z:
      return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
    case TIME_TEXT_OFFSET:
    case TIME_TIMESTAMPTZ:
      {
        static const char *offsets[] = { "+01:00", "-05:00", "+05:30", "+00:00" };
        g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (offsets[i % 4]);
        g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
        g_autofree char *s = g_date_time_format (local, "%Y-%m-%dT%H:%M:%S");
        return g_strconcat (s, offsets[i % 4], NULL);
      }
    case TIME_TEXT_LOCAL:
    case TIME_TIMESTAMP:
      return g_date_time_format (utc, "%Y-%m-%d %H:%M:%S");
    case TIME_DATE:
      return g_date_time_format (utc, "%Y-%m-%d");
    default:
      return g_strdup_printf ("%" G_GINT64_FORMAT, us / G_USEC_PER_SEC);
    }
}

static char *
quote_identifier (const char *name)
{
  GString *s = g_string_new ("\"");

  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
  return g_string_free (s, FALSE);
}

/* The names of a table: its own, the time column's, the other columns' */
typedef struct
{
  const char *table;
  const char *time;
  const char *cols[6];
} Names;

static const Names plain_names = { "orders", "ts", { "d1", "d2", "d3", "m1", "m2", "m3" } };
static const Names hostile_names = {
  "o\"r;ders", "t\"s; --", { "dé\"p; DROP", "d2'--", "客户", "m1\"); DROP TABLE x; --", "m 2", "m3;" }
};

/* Dimension values made hostile: quotes, semicolons, Unicode */
static const char *
hostile_value (const char *v)
{
  if (strcmp (v, "a") == 0)
    return "a'; DROP TABLE \"orders\"; --";
  if (strcmp (v, "b") == 0)
    return "bé\"b";
  if (strcmp (v, "x") == 0)
    return "x;y";
  return v;
}

static char *
sqlite_path (const char *dir, const char *name)
{
  return g_build_filename (dir, name, NULL);
}

static void
write_sqlite (const Rows  *rows,
              const char  *path,
              const Names *names,
              TimeStorage  storage,
              gboolean     hostile)
{
  sqlite3 *db;
  sqlite3_stmt *st;
  GString *sql = g_string_new ("CREATE TABLE ");
  g_autofree char *table = quote_identifier (names->table);
  g_autofree char *time = quote_identifier (names->time);

  g_unlink (path);
  ck_assert_int_eq (sqlite3_open (path, &db), SQLITE_OK);
  g_string_append_printf (sql, "%s (%s %s", table, time, storage == TIME_EPOCH ? "INTEGER" : "TEXT");
  for (int c = 0; c < 6; c++)
    {
      g_autofree char *q = quote_identifier (names->cols[c]);
      g_string_append_printf (sql, ", %s %s", q, c < 3 ? "TEXT" : c == 4 ? "INTEGER" : "REAL");
    }
  g_string_append (sql, ")");
  ck_assert_msg (sqlite3_exec (db, sql->str, NULL, NULL, NULL) == SQLITE_OK, "%s", sqlite3_errmsg (db));
  g_string_free (sql, TRUE);
  sql = g_string_new (NULL);
  g_string_append_printf (sql, "INSERT INTO %s VALUES (?, ?, ?, ?, ?, ?, ?)", table);
  ck_assert_int_eq (sqlite3_prepare_v2 (db, sql->str, -1, &st, NULL), SQLITE_OK);
  g_string_free (sql, TRUE);
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  for (gsize i = 0; i < rows->n; i++)
    {
      if (storage == TIME_EPOCH)
        sqlite3_bind_int64 (st, 1, rows->times[i] / G_USEC_PER_SEC);
      else
        sqlite3_bind_text (st, 1, time_text (rows->times[i], storage, i), -1, g_free);
      for (int d = 0; d < N_DIMS; d++)
        {
          const char *s = rows->dims[i * N_DIMS + d];
          if (s[0] == '\0')
            sqlite3_bind_null (st, 2 + d);
          else
            sqlite3_bind_text (st, 2 + d, hostile ? hostile_value (s) : s, -1, SQLITE_STATIC);
        }
      for (int m = 0; m < N_MEAS; m++)
        {
          double v = rows->meas[i * N_MEAS + m];
          if (isnan (v))
            sqlite3_bind_null (st, 5 + m);
          else if (m == 1)
            sqlite3_bind_int64 (st, 5 + m, (gint64) v);
          else
            sqlite3_bind_double (st, 5 + m, v);
        }
      ck_assert_int_eq (sqlite3_step (st), SQLITE_DONE);
      sqlite3_reset (st);
    }
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_finalize (st);
  sqlite3_close (db);
}

static PGconn *
pg_connect (void)
{
  const char *conninfo = g_getenv ("KPI_TEST_PG");
  PGconn *conn;

  if (conninfo == NULL || conninfo[0] == '\0')
    return NULL;
  conn = PQconnectdb (conninfo);
  ck_assert_msg (PQstatus (conn) == CONNECTION_OK, "%s", PQerrorMessage (conn));
  return conn;
}

static void
pg_exec (PGconn *conn, const char *sql)
{
  PGresult *res = PQexec (conn, sql);

  ck_assert_msg (PQresultStatus (res) == PGRES_COMMAND_OK || PQresultStatus (res) == PGRES_COPY_IN,
                 "%s: %s", sql, PQerrorMessage (conn));
  PQclear (res);
}

/* COPY text format: backslash, tab and newline escaped */
static void
copy_field (GString *line, const char *s)
{
  if (s == NULL)
    {
      g_string_append (line, "\\N");
      return;
    }
  for (; *s != '\0'; s++)
    {
      if (*s == '\\' || *s == '\t' || *s == '\n' || *s == '\r')
        g_string_append_c (line, '\\');
      g_string_append_c (line, *s == '\t' ? 't' : *s == '\n' ? 'n' : *s == '\r' ? 'r' : *s);
    }
}

static void
write_pg (PGconn      *conn,
          const Rows  *rows,
          const Names *names,
          TimeStorage  storage,
          gboolean     hostile)
{
  g_autofree char *table = quote_identifier (names->table);
  g_autofree char *time = quote_identifier (names->time);
  GString *sql = g_string_new (NULL);
  PGresult *res;

  g_string_append_printf (sql, "DROP TABLE IF EXISTS %s", table);
  pg_exec (conn, sql->str);
  g_string_truncate (sql, 0);
  g_string_append_printf (sql, "CREATE TABLE %s (%s %s", table, time,
                          storage == TIME_EPOCH ? "bigint" : storage == TIME_TIMESTAMPTZ ? "timestamptz"
                          : storage == TIME_TIMESTAMP ? "timestamp" : storage == TIME_DATE ? "date" : "text");
  for (int c = 0; c < 6; c++)
    {
      g_autofree char *q = quote_identifier (names->cols[c]);
      g_string_append_printf (sql, ", %s %s", q, c < 3 ? "text" : c == 4 ? "integer" : "double precision");
    }
  g_string_append (sql, ")");
  pg_exec (conn, sql->str);
  g_string_truncate (sql, 0);
  g_string_append_printf (sql, "COPY %s FROM STDIN", table);
  res = PQexec (conn, sql->str);
  ck_assert_msg (PQresultStatus (res) == PGRES_COPY_IN, "%s", PQerrorMessage (conn));
  PQclear (res);
  for (gsize i = 0; i < rows->n; i++)
    {
      g_autofree char *t = time_text (rows->times[i], storage, i);

      g_string_truncate (sql, 0);
      copy_field (sql, t);
      for (int d = 0; d < N_DIMS; d++)
        {
          const char *s = rows->dims[i * N_DIMS + d];
          g_string_append_c (sql, '\t');
          copy_field (sql, s[0] == '\0' ? NULL : hostile ? hostile_value (s) : s);
        }
      for (int m = 0; m < N_MEAS; m++)
        {
          double v = rows->meas[i * N_MEAS + m];
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          g_string_append_c (sql, '\t');
          copy_field (sql, isnan (v) ? NULL : m == 1 ? g_ascii_formatd (buf, sizeof buf, "%.0f", v)
                                                     : g_ascii_dtostr (buf, sizeof buf, v));
        }
      g_string_append_c (sql, '\n');
      ck_assert_int_eq (PQputCopyData (conn, sql->str, sql->len), 1);
    }
  ck_assert_int_eq (PQputCopyEnd (conn, NULL), 1);
  res = PQgetResult (conn);
  ck_assert_msg (PQresultStatus (res) == PGRES_COMMAND_OK, "%s", PQerrorMessage (conn));
  PQclear (res);
  while ((res = PQgetResult (conn)) != NULL)
    PQclear (res);
  g_string_free (sql, TRUE);
}

/* The dataset of the rows in memory, named as @names */
static KpiDataset *
memory_dataset (const Rows *rows, const Names *names, gboolean hostile)
{
  KpiDataset *ds = kpi_dataset_new (names->time);
  const char **dims = g_new (const char *, rows->n * N_DIMS);

  for (int c = 0; c < 6; c++)
    ck_assert (kpi_dataset_add_column (ds, names->cols[c], c < 3 ? KPI_COLUMN_DIMENSION : KPI_COLUMN_MEASURE, NULL));
  for (gsize i = 0; i < rows->n * N_DIMS; i++)
    dims[i] = hostile ? hostile_value (rows->dims[i]) : rows->dims[i];
  ck_assert (kpi_dataset_append_rows (ds, rows->times, rows->n, dims, rows->n * N_DIMS,
                                      rows->meas, rows->n * N_MEAS, NULL));
  g_free (dims);
  return ds;
}

static KpiLoadOptions *
options_for (const Names *names)
{
  KpiLoadOptions *options = kpi_load_options_new ();

  ck_assert (kpi_load_options_set_time_column (options, names->time, NULL));
  for (int c = 0; c < 6; c++)
    kpi_load_options_set_column_kind (options, names->cols[c], c < 3 ? KPI_COLUMN_DIMENSION : KPI_COLUMN_MEASURE);
  return options;
}

static KpiDataset *
attach_in_zone (KpiDatabase *db, const Names *names, GTimeZone *zone)
{
  g_autoptr(KpiLoadOptions) options = options_for (names);
  KpiDataset *ds = kpi_dataset_new (names->time);
  GError *error = NULL;

  kpi_load_options_set_time_zone (options, zone);
  ck_assert_msg (kpi_dataset_attach_table (ds, db, names->table, options, NULL, &error),
                 "%s", error != NULL ? error->message : "");
  return ds;
}

static KpiDataset *
attach (KpiDatabase *db, const Names *names)
{
  g_autoptr(KpiLoadOptions) options = options_for (names);
  KpiDataset *ds = kpi_dataset_new (names->time);
  GError *error = NULL;

  ck_assert_msg (kpi_dataset_attach_table (ds, db, names->table, options, NULL, &error),
                 "%s", error != NULL ? error->message : "");
  return ds;
}

/* ------------------------------------------------------------------------ */
/* Comparing */

static guint n_compared;

static void
assert_same (const char *what,
             KpiValue   *want,
             KpiValue   *got)
{
  double w = kpi_value_get_value (want), g = kpi_value_get_value (got);

  ck_assert_msg (isnan (w) == isnan (g) &&
                 (isnan (w) || fabs (w - g) <= 1e-12 * MAX (fabs (w), fabs (g))),
                 "%s: in memory %.17g, in the database %.17g", what, w, g);
  ck_assert_msg (kpi_value_get_flags (want) == kpi_value_get_flags (got),
                 "%s: in memory flags %#x, in the database %#x", what,
                 kpi_value_get_flags (want), kpi_value_get_flags (got));
  ck_assert_msg (kpi_value_get_sample_size (want) == kpi_value_get_sample_size (got),
                 "%s: in memory %u rows, in the database %u",
                 what, kpi_value_get_sample_size (want), kpi_value_get_sample_size (got));
  n_compared++;
}

/* The breakdown of @ds by its first dimension: the values "a" and "b"
 * (or their hostile forms) each a group, every other value "other", the
 * rows without one the last group. */
static guint32 *
group_map (KpiDataset *ds, const Names *names, gboolean hostile, gsize *len)
{
  const char * const *dict = kpi_dataset_get_dimension_dictionary (ds, names->cols[0], len);
  guint32 *map = g_new (guint32, MAX (*len, 1));

  for (gsize c = 0; c < *len; c++)
    map[c] = strcmp (dict[c], hostile ? hostile_value ("a") : "a") == 0 ? 0
             : strcmp (dict[c], hostile ? hostile_value ("b") : "b") == 0 ? 1 : 2;
  return map;
}

/* Evaluates @formula over @n datasets (the first in memory) for @periods,
 * without and with the breakdown, and compares the others with it. */
static void
compare_formula (KpiDataset  **ds,
                 const char  **legs,
                 guint         n,
                 KpiCalendar  *cal,
                 GPtrArray    *periods,
                 const char   *text,
                 const Names  *names,
                 gboolean      hostile)
{
  GError *error = NULL;
  g_autoptr(KpiFormula) formula = kpi_formula_parse (text, &error);

  ck_assert_msg (formula != NULL, "%s: %s", text, error != NULL ? error->message : "");
  for (int by = 0; by < 2; by++)
    {
      GPtrArray *want = NULL;

      for (guint k = 0; k < n; k++)
        {
          KpiEvalRequest req = { 0 };
          g_autofree guint32 *map = NULL;
          GPtrArray *got;

          req.dataset = ds[k];
          req.calendar = cal;
          req.periods = periods;
          req.min_sample = 30;
          if (by)
            {
              map = group_map (ds[k], names, hostile, &req.group_map_len);
              req.group_by = names->cols[0];
              req.group_map = map;
              req.missing_slot = 3;
              req.n_groups = 4;
            }
          got = kpi_formula_evaluate (formula, &req, &error);
          ck_assert_msg (got != NULL, "%s (%s): %s", text, legs[k], error != NULL ? error->message : "");
          if (k == 0)
            {
              want = got;
              continue;
            }
          ck_assert_uint_eq (got->len, want->len);
          for (guint i = 0; i < got->len; i++)
            {
              const KpiPeriod *p = kpi_value_get_period (g_ptr_array_index (want, i));
              g_autofree char *what = g_strdup_printf ("%s in %s, %s %s%s%u", text, legs[k],
                                                       kpi_period_get_label (p),
                                                       g_time_zone_get_identifier (kpi_calendar_get_time_zone (cal)),
                                                       by ? ", group " : "", by ? i % 4 : 0);
              assert_same (what, g_ptr_array_index (want, i), g_ptr_array_index (got, i));
            }
          g_ptr_array_unref (got);
        }
      g_ptr_array_unref (want);
    }
}

static GPtrArray *
periods_of (KpiCalendar *cal, KpiGranularity granularity)
{
  /* from before the first row to after the last one */
  g_autoptr(KpiPeriod) first = kpi_calendar_period_at (cal, G_GINT64_CONSTANT (1703030400) * G_USEC_PER_SEC,
                                                       granularity);   /* 2023-12-20 */
  g_autoptr(KpiPeriod) last = kpi_calendar_period_at (cal, G_GINT64_CONSTANT (1768003200) * G_USEC_PER_SEC,
                                                      granularity);    /* 2026-01-10 */

  return kpi_calendar_list_periods (cal, first, last);
}

static gboolean
pg_expected (void)
{
#ifdef HAVE_PG_SERVER
  return TRUE;
#else
  return FALSE;
#endif
}

/* The PostgreSQL database of the tests, or NULL (and the test says why it
 * skips) when there is none to be had */
static KpiDatabase *
open_pg (void)
{
  const char *conninfo = g_getenv ("KPI_TEST_PG");
  GError *error = NULL;
  KpiDatabase *db;

  if (conninfo == NULL || conninfo[0] == '\0')
    {
      ck_assert_msg (!pg_expected (), "KPI_TEST_PG is not set, and configure found PostgreSQL: "
                     "run the tests through make check, which starts tests/pg-server.sh");
      g_printerr ("# skipping the PostgreSQL leg: configure found no PostgreSQL server binaries\n");
      return NULL;
    }
  db = kpi_database_open (conninfo, NULL, &error);
  ck_assert_msg (db != NULL, "%s", error != NULL ? error->message : "");
  return db;
}

/* ------------------------------------------------------------------------ */
/* Tests */

/* The corpus, three ways, over every granularity, zone and breakdown.
 * _i: 0 plain names, 1 hostile names and values. */
START_TEST (test_three_ways)
{
  gboolean hostile = _i == 1;
  gboolean valgrind = kpi_test_under_valgrind ();
  const Names *names = hostile ? &hostile_names : &plain_names;
  g_autofree char *dir = g_dir_make_tmp ("kpi-pushdown-XXXXXX", NULL);
  g_autofree char *path = sqlite_path (dir, "orders.db");
  g_autofree char *uri = g_strconcat ("sqlite:", path, NULL);
  g_autoptr(KpiDatabase) lite = NULL;
  g_autoptr(KpiDatabase) pg = NULL;
  KpiDataset *ds[3];
  const char *legs[3] = { "memory", "SQLite", "PostgreSQL" };
  PGconn *conn;
  guint n = 2;
  Rows rows;
  GError *error = NULL;

  kpi_corpus_make_rows (&rows, 2000 + _i, _i == 0);
  write_sqlite (&rows, path, names, TIME_EPOCH, hostile);
  lite = kpi_database_open (uri, NULL, &error);
  ck_assert_msg (lite != NULL, "%s", error != NULL ? error->message : "");
  ds[0] = memory_dataset (&rows, names, hostile);
  ds[1] = attach (lite, names);
  ck_assert_ptr_nonnull (kpi_dataset_get_database (ds[1]));

  pg = open_pg ();
  conn = pg_connect ();
  if (pg != NULL)
    {
      write_pg (conn, &rows, names, hostile ? TIME_TIMESTAMPTZ : TIME_EPOCH, hostile);
      ds[2] = attach (pg, names);
      n = 3;
    }

  n_compared = 0;
  for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
    for (guint g = 0; g < G_N_ELEMENTS (grains); g++)
      {
        g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zones[z]);
        g_autoptr(KpiCalendar) cal = kpi_calendar_new (tz, grains[g] == KPI_GRANULARITY_FISCAL_QUARTER ? 4 : 1, NULL);
        g_autoptr(GPtrArray) periods = periods_of (cal, grains[g]);

        /* days: one zone (700 periods a formula, three times) */
        if (grains[g] == KPI_GRANULARITY_DAY && (z != 1 || valgrind))
          continue;
        /* under valgrind (some 50 times slower), the DST zone by month and
         * fiscal quarter: the same code paths, each zone's and grain's
         * values are the other passes' (make check, the sanitizers) */
        if (valgrind && (z != 1 || (grains[g] != KPI_GRANULARITY_MONTH &&
                                    grains[g] != KPI_GRANULARITY_FISCAL_QUARTER)))
          continue;
        /* hostile names: months and fiscal quarters suffice */
        if (hostile && grains[g] != KPI_GRANULARITY_MONTH && grains[g] != KPI_GRANULARITY_FISCAL_QUARTER)
          continue;
        for (gsize f = 0; f < kpi_corpus_n_pairs; f++)
          {
            const char *text = kpi_corpus_pairs[f].kpi;
            g_autofree char *renamed = NULL;

            if (hostile)
              {
                /* the fields under their hostile names, backquoted */
                GString *s = g_string_new (text);
                for (int c = 0; c < 6; c++)
                  {
                    char placeholder[8];
                    g_snprintf (placeholder, sizeof placeholder, "\x01%d", c);
                    g_string_replace (s, column_names[c], placeholder, 0);
                  }
                for (int c = 0; c < 6; c++)
                  {
                    g_autofree char *q = g_strdup_printf ("`%s`", names->cols[c]);
                    char placeholder[8];
                    g_snprintf (placeholder, sizeof placeholder, "\x01%d", c);
                    g_string_replace (s, placeholder, q, 0);
                  }
                g_string_replace (s, "\"a\"", "\"a'; DROP TABLE \\\"orders\\\"; --\"", 0);
                renamed = g_string_free (s, FALSE);
                text = renamed;
              }
            compare_formula (ds, legs, n, cal, periods, text, names, hostile);
          }
        for (guint f = 0; !hostile && extras[f] != NULL; f++)
          compare_formula (ds, legs, n, cal, periods, extras[f], names, hostile);
        for (guint f = 0; !hostile && n == 3 && pg_extras[f] != NULL; f++)
          {
            KpiDataset *two[2] = { ds[0], ds[2] };
            const char *two_legs[2] = { legs[0], legs[2] };
            compare_formula (two, two_legs, 2, cal, periods, pg_extras[f], names, hostile);
          }
      }
  ck_assert_uint_gt (n_compared, valgrind ? 500 : hostile ? 1000 : 10000);

  for (guint k = 0; k < n; k++)
    g_object_unref (ds[k]);
  if (conn != NULL)
    PQfinish (conn);
  g_unlink (path);
  g_rmdir (dir);
  kpi_corpus_rows_free (&rows);
}
END_TEST

/* The time column stored as text (ISO, with and without offsets), as an
 * epoch, and in PostgreSQL as date, timestamp and timestamptz: the
 * attached dataset against its own rows fetched into memory. */
START_TEST (test_time_storage)
{
  static const TimeStorage lite_kinds[] = { TIME_EPOCH, TIME_TEXT_Z, TIME_TEXT_OFFSET, TIME_TEXT_LOCAL };
  static const TimeStorage pg_kinds[] = { TIME_TEXT_OFFSET, TIME_TIMESTAMP, TIME_TIMESTAMPTZ, TIME_EPOCH };
  g_autofree char *dir = g_dir_make_tmp ("kpi-pushdown-XXXXXX", NULL);
  g_autofree char *path = sqlite_path (dir, "times.db");
  g_autofree char *uri = g_strconcat ("sqlite:", path, NULL);
  g_autoptr(KpiDatabase) pg = open_pg ();
  PGconn *conn = pg_connect ();
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (tz, 1, NULL);
  static const char *formulas[] = { "count()", "sum(m1 where d1 = \"a\")", "new(d3)", "retained(d3)" };
  Rows rows;

  kpi_corpus_make_rows (&rows, 77, FALSE);
  n_compared = 0;
  for (guint backend = 0; backend < 2; backend++)
    for (guint k = 0; k < 4; k++)
      {
        g_autoptr(KpiDatabase) db = NULL;
        KpiDataset *ds[2];
        const char *legs[2] = { "fetched", backend == 0 ? "SQLite" : "PostgreSQL" };
        GError *error = NULL;

        if (backend == 0)
          {
            write_sqlite (&rows, path, &plain_names, lite_kinds[k], FALSE);
            db = kpi_database_open (uri, NULL, &error);
          }
        else
          {
            if (pg == NULL)
              break;
            write_pg (conn, &rows, &plain_names, pg_kinds[k], FALSE);
            db = g_object_ref (pg);
          }
        ck_assert_msg (db != NULL, "%s", error != NULL ? error->message : "");
        ds[0] = attach (db, &plain_names);
        ck_assert_msg (kpi_dataset_fetch (ds[0], NULL, &error), "%s", error != NULL ? error->message : "");
        ck_assert_ptr_null (kpi_dataset_get_database (ds[0]));
        ds[1] = attach (db, &plain_names);
        for (guint g = 1; g < 4; g++)
          {
            g_autoptr(GPtrArray) periods = periods_of (cal, grains[g]);
            for (guint f = 0; f < G_N_ELEMENTS (formulas); f++)
              compare_formula (ds, legs, 2, cal, periods, formulas[f], &plain_names, FALSE);
          }
        g_object_unref (ds[0]);
        g_object_unref (ds[1]);
        if (backend == 0)
          {
            kpi_database_close (db);
            g_unlink (path);
          }
      }
  ck_assert_uint_gt (n_compared, 500);
  if (conn != NULL)
    PQfinish (conn);
  g_rmdir (dir);
  kpi_corpus_rows_free (&rows);
}
END_TEST

/* PostgreSQL timestamp and date columns read in a DST zone, where the
 * pushed-down query compares the raw column with bounds converted in C:
 * wall times every 7 minutes over the weekends of the clocks' changes in
 * Paris (through the skipped hour and twice through the repeated one),
 * against the same rows fetched (the loaders' reading). The calendars cut
 * days where the changes are: at 01:15 UTC ("-01:15"), the middle of
 * Paris' skipped hour (02:30 read as its end, 01:00 UTC, is the day
 * before; PostgreSQL's own AT TIME ZONE reads it as 01:30 UTC, the day
 * after), in Paris itself and in New York. */
START_TEST (test_local_times)
{
  static const TimeStorage kinds[] = { TIME_TIMESTAMP, TIME_DATE };
  static const char *cal_zones[] = { "-01:15", "Europe/Paris", "America/New_York" };
  static const char *formulas[] = { "count()", "sum(m1 where d1 = \"a\")", "new(d3)", "retained(d3)" };
  g_autoptr(KpiDatabase) pg = open_pg ();
  PGconn *conn = pg_connect ();
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  const gint64 spring = G_GINT64_CONSTANT (1711670400) * G_USEC_PER_SEC;  /* 2024-03-29 00:00 wall */
  const gint64 autumn = G_GINT64_CONSTANT (1729814400) * G_USEC_PER_SEC;  /* 2024-10-25 00:00 wall */
  Rows rows;

  if (pg == NULL)
    return;
  kpi_corpus_make_rows (&rows, 78, FALSE);
  /* the first 2 × 1000 rows 7 minutes apart from each Friday (4.9 days),
   * the others where they were */
  ck_assert_uint_gt (rows.n, 2000);
  for (gsize i = 0; i < 2000; i++)
    rows.times[i] = (i < 1000 ? spring : autumn) + (gint64) (i % 1000) * 7 * 60 * G_USEC_PER_SEC;
  n_compared = 0;
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      KpiDataset *ds[2];
      const char *legs[2] = { "fetched", "PostgreSQL" };
      GError *error = NULL;

      write_pg (conn, &rows, &plain_names, kinds[k], FALSE);
      ds[0] = attach_in_zone (pg, &plain_names, paris);
      ck_assert_msg (kpi_dataset_fetch (ds[0], NULL, &error), "%s", error != NULL ? error->message : "");
      ds[1] = attach_in_zone (pg, &plain_names, paris);
      for (guint z = 0; z < G_N_ELEMENTS (cal_zones); z++)
        {
          g_autoptr(GTimeZone) tz = NULL;

          /* under valgrind, Paris's calendar: the same paths */
          if (kpi_test_under_valgrind () && z != 1)
            continue;
          tz = g_time_zone_new_identifier (cal_zones[z]);
          g_autoptr(KpiCalendar) cal = kpi_calendar_new (tz, 1, NULL);

          for (guint g = 0; g < 3; g++)
            {
              g_autoptr(GPtrArray) periods = periods_of (cal, grains[g]);
              for (guint f = 0; f < G_N_ELEMENTS (formulas); f++)
                compare_formula (ds, legs, 2, cal, periods, formulas[f], &plain_names, FALSE);
            }
        }
      g_object_unref (ds[0]);
      g_object_unref (ds[1]);
    }
  ck_assert_uint_gt (n_compared, kpi_test_under_valgrind () ? 1500 : 5000);
  PQfinish (conn);
  kpi_corpus_rows_free (&rows);
}
END_TEST

/* A database of @rows, attached, and a context with it under @name */
static KpiDataset *
sqlite_dataset (const Rows *rows, const char *dir, const char *file, KpiDatabase **db)
{
  g_autofree char *path = sqlite_path (dir, file);
  g_autofree char *uri = g_strconcat ("sqlite:", path, NULL);

  write_sqlite (rows, path, &plain_names, TIME_EPOCH, FALSE);
  *db = kpi_database_open (uri, NULL, NULL);
  ck_assert_ptr_nonnull (*db);
  return attach (*db, &plain_names);
}

/* `@id` across two tables: an indicator of one attached dataset divided by
 * an indicator of another, against the same over the rows in memory. */
START_TEST (test_references)
{
  g_autofree char *dir = g_dir_make_tmp ("kpi-pushdown-XXXXXX", NULL);
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  g_autoptr(KpiPeriod) first = kpi_calendar_parse_period (cal, "2024-01", NULL);
  g_autoptr(KpiPeriod) last = kpi_calendar_parse_period (cal, "2025-12", NULL);
  g_autoptr(KpiDatabase) db1 = NULL;
  g_autoptr(KpiDatabase) db2 = NULL;
  g_autoptr(GPtrArray) want = NULL;
  g_autoptr(GPtrArray) got = NULL;
  Rows orders, spend;
  GError *error = NULL;

  kpi_corpus_make_rows (&orders, 11, TRUE);
  kpi_corpus_make_rows (&spend, 12, FALSE);
  for (int way = 0; way < 2; way++)
    {
      g_autoptr(KpiContext) ctx = kpi_context_new (cal);
      g_autoptr(KpiIndicator) cac = kpi_indicator_new ("cac", "@spend / new(d3)", NULL);
      g_autoptr(KpiIndicator) sp = kpi_indicator_new ("spend", "sum(m1 where d2 != \"y\") + prev(count())", NULL);
      g_autoptr(KpiDataset) o = way == 0 ? memory_dataset (&orders, &plain_names, FALSE)
                                         : sqlite_dataset (&orders, dir, "orders.db", &db1);
      g_autoptr(KpiDataset) s = way == 0 ? memory_dataset (&spend, &plain_names, FALSE)
                                         : sqlite_dataset (&spend, dir, "spend.db", &db2);

      kpi_context_add_dataset (ctx, "orders", o);
      kpi_context_add_dataset (ctx, "spend", s);
      kpi_indicator_set_dataset_name (cac, "orders");
      kpi_indicator_set_dataset_name (sp, "spend");
      kpi_context_add_indicator (ctx, cac);
      kpi_context_add_indicator (ctx, sp);
      if (way == 0)
        want = kpi_indicator_evaluate_series (cac, ctx, first, last, &error);
      else
        got = kpi_indicator_evaluate_series (cac, ctx, first, last, &error);
      ck_assert_msg (error == NULL, "%s", error != NULL ? error->message : "");
    }
  ck_assert_uint_eq (want->len, 24);
  ck_assert_uint_eq (got->len, 24);
  n_compared = 0;
  for (guint i = 0; i < 24; i++)
    assert_same ("@spend / new(d3)", g_ptr_array_index (want, i), g_ptr_array_index (got, i));
  /* not all missing: a comparison of numbers */
  ck_assert (!isnan (kpi_value_get_value (g_ptr_array_index (got, 5))));
  kpi_database_close (db1);
  kpi_database_close (db2);
  remove_file (dir, "orders.db");
  remove_file (dir, "spend.db");
  g_rmdir (dir);
  kpi_corpus_rows_free (&orders);
  kpi_corpus_rows_free (&spend);
}
END_TEST

/* Every literal of a formula is a bound parameter: the SQL the evaluation
 * runs holds none of them, and lists them after it. */
START_TEST (test_explain_binds)
{
  g_autofree char *dir = g_dir_make_tmp ("kpi-pushdown-XXXXXX", NULL);
  g_autoptr(KpiDatabase) db = NULL;
  g_autoptr(KpiDataset) ds = NULL;
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  g_autoptr(KpiContext) ctx = kpi_context_new (cal);
  g_autoptr(KpiIndicator) ind = NULL;
  g_autoptr(GPtrArray) periods = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_period_free);
  g_autofree char *sql = NULL;
  GError *error = NULL;
  Rows rows;
  const char *body;

  kpi_corpus_make_rows (&rows, 5, TRUE);
  ds = sqlite_dataset (&rows, dir, "e.db", &db);
  ind = kpi_indicator_new ("x", "sum(m1 * 12345.5 where d1 = \"secret'value\" and m2 in (271828, 314159)) "
                                "/ count(d2 > \"zzz-literal\") + 42424242", &error);
  ck_assert_ptr_nonnull (ind);
  kpi_indicator_set_dataset (ind, ds);
  g_ptr_array_add (periods, kpi_calendar_parse_period (cal, "2024-03", NULL));
  g_ptr_array_add (periods, kpi_calendar_parse_period (cal, "2024-Q2", NULL));
  sql = kpi_indicator_explain (ind, ctx, periods, &error);
  ck_assert_msg (sql != NULL, "%s", error != NULL ? error->message : "");
  /* the query, before the list of parameters */
  body = strstr (sql, "\n-- ?1 = ");
  ck_assert_ptr_nonnull (body);
  {
    g_autofree char *query = g_strndup (sql, body - sql);
    static const char *literals[] = { "12345", "secret", "271828", "314159", "zzz-literal" };

    for (guint i = 0; i < G_N_ELEMENTS (literals); i++)
      {
        ck_assert_msg (strstr (query, literals[i]) == NULL, "“%s” in the SQL:\n%s", literals[i], query);
        ck_assert_msg (strstr (body, literals[i]) != NULL, "“%s” not among the parameters:\n%s", literals[i], body);
      }
    /* the constant of the period level is not SQL's */
    ck_assert_ptr_null (strstr (sql, "42424242"));
    ck_assert_ptr_nonnull (strstr (query, "\"m1\""));
    ck_assert_ptr_nonnull (strstr (body, "'secret''value'"));
  }
  /* 2024-03-01T00:00Z, the start of the first period, is bound */
  ck_assert_ptr_nonnull (strstr (body, "= 1709251200000000"));

  /* A breakdown's query: the rows put in their groups by the values of
   * d1, bound; a measure is no dimension */
  {
    g_autofree char *by = kpi_indicator_explain_breakdown (ind, ctx, periods, "d1", &error);
    g_autofree char *none = NULL;

    ck_assert_msg (by != NULL, "%s", error != NULL ? error->message : "");
    ck_assert_ptr_null (strstr (sql, "IS NULL THEN"));
    ck_assert_ptr_nonnull (strstr (by, "IS NULL THEN"));
    ck_assert_ptr_nonnull (strstr (by, "IN (?"));
    ck_assert_ptr_nonnull (strstr (by, "= 'a'\n"));
    none = kpi_indicator_explain_breakdown (ind, ctx, periods, "m1", &error);
    ck_assert_ptr_null (none);
    ck_assert (g_error_matches (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_NOT_A_DIMENSION));
    g_clear_error (&error);
  }

  /* Not attached: no SQL */
  {
    g_autoptr(KpiDataset) mem = memory_dataset (&rows, &plain_names, FALSE);
    g_autofree char *none = NULL;

    kpi_indicator_set_dataset (ind, mem);
    none = kpi_indicator_explain (ind, ctx, periods, &error);
    ck_assert_ptr_null (none);
    ck_assert (g_error_matches (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_NOT_PUSHABLE));
    g_clear_error (&error);
  }
  kpi_database_close (db);
  remove_file (dir, "e.db");
  g_rmdir (dir);
  kpi_corpus_rows_free (&rows);
}
END_TEST

/* last(), first(), snapshot() and, in SQLite, median(): an error naming
 * the construct and its column, or, with the pushdown set to fetch, the
 * rows fetched and the formula evaluated in memory. */
START_TEST (test_not_pushable)
{
  static const struct { const char *formula; const char *words; } cases[] = {
    { "sum(m1) + last(m2)", "column 11: last() cannot be evaluated in the database" },
    { "first(m3 where d1 = \"a\")", "column 1: first() cannot" },
    { "count() - snapshot(d3, sum(m1))", "column 24: snapshot() cannot" },
    { "median(m1)", "column 1: median() cannot be evaluated in the database: SQLite has no median" },
  };
  g_autofree char *dir = g_dir_make_tmp ("kpi-pushdown-XXXXXX", NULL);
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  g_autoptr(GPtrArray) periods = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_period_free);
  Rows rows;

  kpi_corpus_make_rows (&rows, 9, FALSE);
  g_ptr_array_add (periods, kpi_calendar_parse_period (cal, "2024-05", NULL));
  g_ptr_array_add (periods, kpi_calendar_parse_period (cal, "2025-05", NULL));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KpiDatabase) db = NULL;
      g_autoptr(KpiDataset) ds = sqlite_dataset (&rows, dir, "n.db", &db);
      g_autoptr(KpiDataset) mem = memory_dataset (&rows, &plain_names, FALSE);
      g_autoptr(KpiFormula) formula = kpi_formula_parse (cases[i].formula, NULL);
      KpiEvalRequest req = { 0 };
      GError *error = NULL;
      GPtrArray *values, *want;

      req.dataset = ds;
      req.calendar = cal;
      req.periods = periods;
      ck_assert_int_eq (kpi_dataset_get_pushdown (ds), KPI_PUSHDOWN_REQUIRE);
      values = kpi_formula_evaluate (formula, &req, &error);
      ck_assert_ptr_null (values);
      ck_assert (g_error_matches (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_NOT_PUSHABLE));
      ck_assert_msg (strstr (error->message, cases[i].words) != NULL, "%s", error->message);
      ck_assert_msg (strstr (error->message, "pushdown to fetch") != NULL, "%s", error->message);
      g_clear_error (&error);
      ck_assert_ptr_nonnull (kpi_dataset_get_database (ds));

      kpi_dataset_set_pushdown (ds, KPI_PUSHDOWN_FETCH);
      values = kpi_formula_evaluate (formula, &req, &error);
      ck_assert_msg (values != NULL, "%s", error != NULL ? error->message : "");
      ck_assert_ptr_null (kpi_dataset_get_database (ds));   /* fetched */
      req.dataset = mem;
      want = kpi_formula_evaluate (formula, &req, NULL);
      for (guint k = 0; k < values->len; k++)
        assert_same (cases[i].formula, g_ptr_array_index (want, k), g_ptr_array_index (values, k));
      g_ptr_array_unref (values);
      g_ptr_array_unref (want);
      kpi_database_close (db);
      remove_file (dir, "n.db");
    }
  g_rmdir (dir);
  kpi_corpus_rows_free (&rows);
}
END_TEST

/* A table (or a query reading one) named as one of the query's CTEs
 * (kpi_rows, kpi_periods, kpi_e<k>): the CTEs take other names, rather
 * than hiding the table (SQLite refused the query, "circular reference:
 * kpi_rows"; found by fuzz/fuzz-sql-rows). */
START_TEST (test_cte_names)
{
  static const char *tables[] = { "kpi_rows", "kpi_periods", "KPI_E0", "kpi_e1" };
  static const char *formulas[] = { "sum(m1)", "count()", "new(d3) + retained(d3 where m2 > 0)" };
  g_autofree char *dir = g_dir_make_tmp ("kpi-pushdown-XXXXXX", NULL);
  g_autofree char *path = sqlite_path (dir, "cte.db");
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  g_autoptr(GPtrArray) periods = periods_of (cal, KPI_GRANULARITY_MONTH);
  const char *legs[] = { "memory", "table", "query" };
  Rows rows;

  kpi_corpus_make_rows (&rows, 14, FALSE);
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      Names names = plain_names;
      g_autoptr(KpiDatabase) db = NULL;
      g_autoptr(KpiLoadOptions) options = NULL;
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s", tables[t]);
      KpiDataset *ds[3];
      GError *error = NULL;

      names.table = tables[t];
      write_sqlite (&rows, path, &names, TIME_EPOCH, FALSE);
      db = kpi_database_open (path, NULL, &error);
      ck_assert_msg (db != NULL, "%s", error != NULL ? error->message : "");
      options = options_for (&names);
      ds[0] = memory_dataset (&rows, &names, FALSE);
      ds[1] = attach (db, &names);
      ds[2] = kpi_dataset_new (names.time);
      ck_assert_msg (kpi_dataset_attach_query (ds[2], db, sql, options, NULL, &error),
                     "%s", error != NULL ? error->message : "");
      for (guint f = 0; f < G_N_ELEMENTS (formulas); f++)
        compare_formula (ds, legs, 3, cal, periods, formulas[f], &names, FALSE);
      for (guint k = 0; k < 3; k++)
        g_object_unref (ds[k]);
      kpi_database_close (db);
    }
  g_unlink (path);
  g_rmdir (dir);
  kpi_corpus_rows_free (&rows);
}
END_TEST

static Suite *
pushdown_suite (void)
{
  Suite *s = suite_create ("formula-pushdown");
  TCase *tc = tcase_create ("three-ways");

  tcase_set_timeout (tc, 3000);
  tcase_add_loop_test (tc, test_three_ways, 0, 2);
  suite_add_tcase (s, tc);
  tc = tcase_create ("time-storage");
  tcase_set_timeout (tc, 600);   /* valgrind and ASan are slow */
  tcase_add_test (tc, test_time_storage);
  suite_add_tcase (s, tc);
  tc = tcase_create ("local-times");
  tcase_set_timeout (tc, 600);   /* valgrind and ASan are slow */
  tcase_add_test (tc, test_local_times);
  suite_add_tcase (s, tc);
  tc = tcase_create ("references");
  tcase_set_timeout (tc, 600);   /* valgrind and ASan are slow */
  tcase_add_test (tc, test_references);
  suite_add_tcase (s, tc);
  tc = tcase_create ("explain");
  tcase_set_timeout (tc, 600);   /* valgrind and ASan are slow */
  tcase_add_test (tc, test_explain_binds);
  suite_add_tcase (s, tc);
  tc = tcase_create ("not-pushable");
  tcase_set_timeout (tc, 600);   /* valgrind and ASan are slow */
  tcase_add_test (tc, test_not_pushable);
  suite_add_tcase (s, tc);
  tc = tcase_create ("cte-names");
  tcase_set_timeout (tc, 600);   /* valgrind and ASan are slow */
  tcase_add_test (tc, test_cte_names);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return kpi_test_run_suite (pushdown_suite ());
}
