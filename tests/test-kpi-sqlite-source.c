/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of the SQLite table source (kpi-sqlite-source.c, private): files
 * written with the sqlite3 API in a temporary directory, loaded, and the
 * sums compared with SQLite's own; names that need quoting; the errors
 * (missing file and table, a bad value named by row and column, BLOBs);
 * all or nothing; and the generated sample orders, through SQLite and
 * back, against the same CSV loaded directly. */

#include <math.h>
#include <string.h>
#include <check.h>
#include <sqlite3.h>
#include <glib/gstdio.h>
#include "kpi-test.h"
#include <libkpi/kpi.h>

#include "kpi-sqlite-source-private.h"

/* ------------------------------------------------------------------------ */
/* Helpers */

typedef struct
{
  char *dir;
} TempDir;

static TempDir temp;

static void
setup (void)
{
  GError *error = NULL;

  temp.dir = g_dir_make_tmp ("kpi-sqlite-XXXXXX", &error);
  ck_assert_msg (temp.dir != NULL, "%s", error ? error->message : "");
}

static void
remove_tree (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_dir_close (d);
  g_rmdir (dir);
}

static void
teardown (void)
{
  remove_tree (temp.dir);
  g_clear_pointer (&temp.dir, g_free);
}

/* The file @name in the temporary directory, made by running @sql;
 * returns its path, to free. */
static char *
make_db (const char *name,
         const char *sql)
{
  char *path = g_build_filename (temp.dir, name, NULL);
  sqlite3 *db = NULL;
  char *message = NULL;

  ck_assert_int_eq (sqlite3_open (path, &db), SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    ck_abort_msg ("%s: %s", sql, message);
  sqlite3_close (db);
  return path;
}

/* The double SQLite computes for @sql (one row, one value) on @path */
static double
sql_double (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  double value;

  ck_assert_int_eq (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
  ck_assert_msg (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK, "%s: %s",
                 sql, sqlite3_errmsg (db));
  ck_assert_int_eq (sqlite3_step (stmt), SQLITE_ROW);
  value = sqlite3_column_type (stmt, 0) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static KpiDataset *
load_ok (const char     *path,
         const char     *table,
         KpiLoadOptions *options)
{
  KpiDataset *dataset = kpi_dataset_new (NULL);
  GError *error = NULL;

  if (!kpi_dataset_load_sqlite_table (dataset, path, table, options, NULL, &error))
    ck_abort_msg ("load failed: %s", error ? error->message : "no error set");
  ck_assert_ptr_null (error);
  return dataset;
}

/* Loads @table of @path into @dataset: the load must fail with @code of
 * @domain and a valid UTF-8 message, which is returned (to free). */
static char *
load_error (KpiDataset     *dataset,
            const char     *path,
            const char     *table,
            KpiLoadOptions *options,
            GQuark          domain,
            int             code)
{
  GError *error = NULL;
  char *message;

  ck_assert (!kpi_dataset_load_sqlite_table (dataset, path, table, options, NULL, &error));
  ck_assert_ptr_nonnull (error);
  if (!g_error_matches (error, domain, code))
    ck_abort_msg ("expected %s %d, got %s %d: %s", g_quark_to_string (domain), code,
                  g_quark_to_string (error->domain), error->code, error->message);
  ck_assert (g_utf8_validate (error->message, -1, NULL));
  message = g_strdup (error->message);
  g_error_free (error);
  return message;
}

/* The value of the formula @formula over @dataset for the period @label
 * (a UTC calendar; "now" long after the data) */
static double
evaluate (KpiDataset *dataset,
          const char *formula,
          const char *label)
{
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2030-01-01T00:00:00Z", 1);
  g_autoptr(KpiContext) context = kpi_context_new (calendar);
  g_autoptr(KpiIndicator) indicator = kpi_indicator_new ("x", formula, NULL);
  g_autoptr(KpiPeriod) period = kpi_test_parse_period (calendar, label);
  g_autoptr(KpiValue) value = NULL;
  GError *error = NULL;

  kpi_indicator_set_dataset (indicator, dataset);
  value = kpi_indicator_evaluate (indicator, context, period, &error);
  ck_assert_msg (value != NULL, "%s: %s", formula, error ? error->message : "");
  return kpi_value_get_value (value);
}

static KpiColumnKind
column_kind (KpiDataset *dataset,
             const char *name)
{
  guint index;
  KpiColumnKind kind;

  ck_assert_msg (kpi_dataset_lookup_column (dataset, name, &index, &kind), "no column %s", name);
  return kind;
}

static void
count_rows_added (KpiDataset *dataset,
                  guint       position,
                  guint       n_rows,
                  gpointer    counter)
{
  (void) dataset;
  (void) position;
  (void) n_rows;
  (*(guint *) counter)++;
}

static const char orders_sql[] =
  "CREATE TABLE orders (date TEXT, region TEXT, amount REAL, qty INTEGER);"
  "INSERT INTO orders VALUES ('2025-01-05', 'north', 100.5, 2);"
  "INSERT INTO orders VALUES ('2025-01-20', 'south', 50.25, 1);"
  "INSERT INTO orders VALUES ('2025-01-31T23:30:00', 'north', NULL, 3);"
  "INSERT INTO orders VALUES ('2025-02-03', NULL, 80, NULL);"
  "INSERT INTO orders VALUES ('2025-02-28 12:00', 'south', 19.75, 4);"
  "INSERT INTO orders VALUES ('2025-03-01', 'north', 60, 1);";

/* ------------------------------------------------------------------------ */

START_TEST (test_orders_sums_by_month)
{
  g_autofree char *path = make_db ("orders.db", orders_sql);
  g_autoptr(KpiDataset) dataset = load_ok (path, "orders", NULL);
  static const char *const months[] = { "2025-01", "2025-02", "2025-03" };

  ck_assert_uint_eq (kpi_dataset_get_n_rows (dataset), 6);
  ck_assert_int_eq (column_kind (dataset, "date"), KPI_COLUMN_TIME);
  ck_assert_int_eq (column_kind (dataset, "region"), KPI_COLUMN_DIMENSION);
  ck_assert_int_eq (column_kind (dataset, "amount"), KPI_COLUMN_MEASURE);
  ck_assert_int_eq (column_kind (dataset, "qty"), KPI_COLUMN_MEASURE);

  /* Against SQLite's own sums and counts by month (by hand: January
   * 100.5 + 50.25 = 150.75 over 2 amounts, 6 items, 3 regions; February
   * 99.75, 4 items, 1 region: the NULL one is the missing group) */
  for (guint m = 0; m < G_N_ELEMENTS (months); m++)
    {
      static const struct { const char *kpi; const char *sql; } pairs[] = {
        { "sum(amount)", "total(amount)" },
        { "sum(qty)", "total(qty)" },
        { "count(amount)", "count(amount)" },
        { "count(region)", "count(region)" },
        { "count()", "count(*)" },
        { "count(where region = \"north\")", "count(CASE WHEN region = 'north' THEN 1 END)" },
      };

      for (guint p = 0; p < G_N_ELEMENTS (pairs); p++)
        {
          g_autofree char *sql = g_strdup_printf ("SELECT %s FROM orders WHERE substr(date, 1, 7) = '%s'",
                                                  pairs[p].sql, months[m]);

          ck_assert_double_eq (evaluate (dataset, pairs[p].kpi, months[m]), sql_double (path, sql));
        }
    }
  ck_assert_double_eq (evaluate (dataset, "sum(amount)", "2025-01"), 150.75);
  ck_assert_double_eq (evaluate (dataset, "count(region)", "2025-02"), 1);
  /* The NULL amount is missing, not 0 */
  ck_assert (!kpi_dataset_get_measure_value (dataset, "amount", 2, NULL));
  ck_assert_ptr_null (kpi_dataset_get_dimension_value (dataset, "region", 3));
}
END_TEST

START_TEST (test_hostile_names)
{
  g_autofree char *path = make_db ("we\"ird.db",
                                   "CREATE TABLE \"we\"\"ird; tab\" (\"date\" TEXT, \"montant €\" REAL, "
                                   "\"ré\"\"gion\" TEXT);"
                                   "CREATE TABLE we (date TEXT, x REAL);"
                                   "INSERT INTO \"we\"\"ird; tab\" VALUES ('2025-01-02', 10.5, 'a\"b');"
                                   "INSERT INTO \"we\"\"ird; tab\" VALUES ('2025-01-03', 4.5, 'c');");
  g_autoptr(KpiDataset) dataset = load_ok (path, "we\"ird; tab", NULL);

  ck_assert_uint_eq (kpi_dataset_get_n_rows (dataset), 2);
  ck_assert_int_eq (column_kind (dataset, "montant €"), KPI_COLUMN_MEASURE);
  ck_assert_int_eq (column_kind (dataset, "ré\"gion"), KPI_COLUMN_DIMENSION);
  ck_assert_str_eq (kpi_dataset_get_dimension_value (dataset, "ré\"gion", 0), "a\"b");
  ck_assert_double_eq (evaluate (dataset, "sum(`montant €`)", "2025-01"), 15);

  /* A name SQLite allows and a dataset does not: empty */
  {
    g_autofree char *unnamed = make_db ("unnamed.db", "CREATE TABLE t (date TEXT, \"\" REAL);");
    g_autoptr(KpiDataset) other = kpi_dataset_new (NULL);
    g_autofree char *message = load_error (other, unnamed, "t", NULL, KPI_DATASET_ERROR,
                                           KPI_DATASET_ERROR_SCHEMA);

    kpi_test_assert_contains (message, ": table “t”: empty name of column 2: expected a name");
  }
  /* A view, which has no rowid: read as a table */
  {
    g_autofree char *with_view = make_db ("view.db",
                                          "CREATE TABLE t (date TEXT, amount REAL);"
                                          "INSERT INTO t VALUES ('2025-01-02', 2), ('2025-02-02', 3);"
                                          "CREATE VIEW january AS SELECT * FROM t WHERE date < '2025-02';");
    g_autoptr(KpiDataset) view = load_ok (with_view, "january", NULL);

    ck_assert_uint_eq (kpi_dataset_get_n_rows (view), 1);
  }
}
END_TEST

START_TEST (test_missing_file)
{
  g_autoptr(KpiDataset) dataset = kpi_dataset_new (NULL);
  g_autofree char *path = g_build_filename (temp.dir, "nothere.db", NULL);
  g_autofree char *message = load_error (dataset, path, "orders", NULL,
                                         G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_autofree char *expected = g_strdup_printf ("%s: no such file", path);

  ck_assert_str_eq (message, expected);
  /* Read-only: never created */
  ck_assert (!g_file_test (path, G_FILE_TEST_EXISTS));
  g_free (message);
  message = load_error (dataset, temp.dir, "orders", NULL, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  kpi_test_assert_contains (message, "is a directory");
}
END_TEST

START_TEST (test_missing_table)
{
  g_autofree char *path = make_db ("orders.db", orders_sql);
  g_autofree char *empty = make_db ("empty.db", "");
  g_autoptr(KpiDataset) dataset = kpi_dataset_new (NULL);
  g_autofree char *message = load_error (dataset, path, "ordres", NULL,
                                         G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_autofree char *expected = g_strdup_printf ("%s: no table “ordres”: expected one of the "
                                               "database's 1 tables and views; did you mean "
                                               "“orders”?", path);

  ck_assert_str_eq (message, expected);
  g_free (message);
  message = load_error (dataset, empty, "orders", NULL, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  kpi_test_assert_contains (message, "the database has no table");
  /* As SQLite finds names: ASCII case aside */
  {
    g_autoptr(KpiDataset) upper = load_ok (path, "ORDERS", NULL);

    ck_assert_uint_eq (kpi_dataset_get_n_rows (upper), 6);
  }
}
END_TEST

START_TEST (test_not_a_database)
{
  g_autofree char *path = kpi_test_write_temp (temp.dir, "orders.csv",
                                               "date,amount\n2025-01-01,1\n", -1);
  g_autoptr(KpiDataset) dataset = kpi_dataset_new (NULL);
  g_autofree char *message = load_error (dataset, path, "orders", NULL,
                                         KPI_DATASET_ERROR, KPI_DATASET_ERROR_PARSE);

  kpi_test_assert_contains (message, "not an SQLite database");
}
END_TEST

START_TEST (test_bad_date_names_row_and_column)
{
  /* Rowids 5, 17, 30: the bad date is the second row read, rowid 17 */
  g_autofree char *path = make_db ("orders.db",
                                   "CREATE TABLE orders (date TEXT, amount REAL);"
                                   "INSERT INTO orders (rowid, date, amount) VALUES (5, '2025-01-01', 1);"
                                   "INSERT INTO orders (rowid, date, amount) VALUES (17, '2025-13-01', 2);"
                                   "INSERT INTO orders (rowid, date, amount) VALUES (30, '2025-01-03', 3);"
                                   "CREATE TABLE keyed (k TEXT PRIMARY KEY, date TEXT, amount REAL) WITHOUT ROWID;"
                                   "INSERT INTO keyed VALUES ('a', '2025-01-01', 1);"
                                   "INSERT INTO keyed VALUES ('b', '2025-01-02', 2);"
                                   "INSERT INTO keyed VALUES ('c', NULL, 3);"
                                   "CREATE VIEW keyed_view AS SELECT * FROM keyed ORDER BY k;"
                                   "CREATE TABLE epoch_text (date TEXT, amount REAL);"
                                   "INSERT INTO epoch_text VALUES ('1726048522', 1);");
  g_autoptr(KpiDataset) dataset = kpi_dataset_new (NULL);
  g_autofree char *message = load_error (dataset, path, "orders", NULL,
                                         KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_TIME);
  g_autofree char *expected = g_strdup_printf ("%s: table “orders”, row 17, column “date”: "
                                               "invalid date “2025-13-01”: expected an ISO 8601 "
                                               "date (YYYY-MM-DD) or date-time (seconds since the "
                                               "Unix epoch are read from numbers, not from text)", path);

  ck_assert_str_eq (message, expected);
  ck_assert_uint_eq (kpi_dataset_get_n_rows (dataset), 0);
  ck_assert_uint_eq (kpi_dataset_get_n_columns (dataset), 1);

  /* Seconds stored as text are not read as seconds, and the message says
   * where they are */
  g_free (message);
  message = load_error (dataset, path, "epoch_text", NULL, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_TIME);
  ck_assert_msg (g_str_has_suffix (message, "column “date”: invalid date “1726048522”: expected an ISO 8601 "
                                   "date (YYYY-MM-DD) or date-time (seconds since the Unix epoch are read "
                                   "from numbers, not from text)"), "%s", message);

  /* A single-column primary key names the row by its value */
  g_free (message);
  message = load_error (dataset, path, "keyed", NULL,
                        KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_TIME);
  kpi_test_assert_contains (message, ": table “keyed”, row k=c, column “date”: "
                            "no value in the time column");
  /* Without a rowid nor a key (a view), the rows are counted as read */
  g_free (message);
  message = load_error (dataset, path, "keyed_view", NULL,
                        KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_TIME);
  kpi_test_assert_contains (message, ": table “keyed_view”, row 3 (in the order read), "
                            "column “date”: no value in the time column");
}
END_TEST

START_TEST (test_failed_load_leaves_dataset)
{
  GString *sql = g_string_new ("CREATE TABLE good (date TEXT, region TEXT, amount REAL);"
                               "INSERT INTO good VALUES ('2025-01-05', 'north', 10);"
                               "INSERT INTO good VALUES ('2025-01-06', 'south', 20);"
                               "CREATE TABLE later (date TEXT, region TEXT, amount REAL);"
                               "CREATE TABLE wider (date TEXT, region TEXT, amount REAL, extra REAL);"
                               "INSERT INTO wider VALUES ('2025-02-01', 'east', 1, 2);"
                               "BEGIN;");
  g_autofree char *path = NULL;
  g_autoptr(KpiDataset) dataset = NULL;
  g_autofree char *message = NULL;
  g_autofree char *expected = NULL;
  guint rows_added = 0;

  /* 10000 good rows (new regions among them), then a bad amount */
  for (guint i = 0; i < 10000; i++)
    g_string_append_printf (sql, "INSERT INTO later VALUES ('2025-02-%02u', 'r%u', %u);",
                            1 + i % 28, i % 50, i);
  g_string_append (sql, "INSERT INTO later VALUES ('2025-03-01', 'north', 'n/a'); COMMIT;");
  path = make_db ("orders.db", sql->str);
  g_string_free (sql, TRUE);

  dataset = load_ok (path, "good", NULL);
  g_signal_connect (dataset, "rows-added", G_CALLBACK (count_rows_added), &rows_added);
  /* The dataset's amount is a measure: the text is an error, not a new
   * kind, at rowid 10001 */
  message = load_error (dataset, path, "later", NULL,
                        KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_NUMBER);
  expected = g_strdup_printf ("%s: table “later”, row 10001, column “amount”: invalid number "
                              "“n/a” in a measure column: expected a number, or NULL", path);
  ck_assert_str_eq (message, expected);
  g_free (message);
  /* Columns that do not fit the dataset: refused at the commit */
  message = load_error (dataset, path, "wider", NULL, KPI_DATASET_ERROR, KPI_DATASET_ERROR_SCHEMA);
  kpi_test_assert_contains (message, ": table “wider”: ");

  ck_assert_uint_eq (rows_added, 0);
  ck_assert_uint_eq (kpi_dataset_get_n_rows (dataset), 2);
  ck_assert_uint_eq (kpi_dataset_get_n_columns (dataset), 3);
  ck_assert_double_eq (evaluate (dataset, "sum(amount)", "2025"), 30);
  {
    gsize n_values = 0;

    kpi_dataset_get_dimension_dictionary (dataset, "region", &n_values);
    ck_assert_uint_eq (n_values, 2);
  }
}
END_TEST

START_TEST (test_blob_column)
{
  g_autofree char *path = make_db ("orders.db",
                                   "CREATE TABLE orders (date TEXT, amount REAL, payload BLOB);"
                                   "INSERT INTO orders VALUES ('2025-01-01', 1, NULL);"
                                   "INSERT INTO orders VALUES ('2025-01-02', 2, x'00ff10');");
  g_autoptr(KpiDataset) dataset = kpi_dataset_new (NULL);
  g_autofree char *message = load_error (dataset, path, "orders", NULL,
                                         KPI_DATASET_ERROR, KPI_DATASET_ERROR_PARSE);
  g_autofree char *expected = g_strdup_printf ("%s: table “orders”, row 2, column “payload”: "
                                               "a BLOB of 3 bytes: expected text or a number "
                                               "(BLOB values cannot be loaded)", path);

  ck_assert_str_eq (message, expected);
}
END_TEST

START_TEST (test_kinds_as_csv)
{
  /* What a CSV loader would make of the same values: text that reads as
   * numbers is a measure, text that does not a dimension (numbers then
   * written as SQLite writes them); a column of NULLs follows its
   * declared type; the options and the dataset's own columns win. */
  g_autofree char *path = make_db ("kinds.db",
                                   "CREATE TABLE t (date TEXT, num_text TEXT, mixed TEXT, "
                                   "  nulls_text VARCHAR(10), nulls_real REAL, code INTEGER, "
                                   "  forced REAL, empty_text TEXT);"
                                   "INSERT INTO t VALUES ('2025-01-01', '12.5', 'A1', NULL, NULL, 42, 7, '');"
                                   "INSERT INTO t VALUES ('2025-01-02', ' 7 ', 7, NULL, NULL, 43, 8.5, NULL);"
                                   "CREATE TABLE u (date TEXT, code INTEGER);"
                                   "INSERT INTO u VALUES ('2025-01-01', 42);");
  g_autoptr(KpiLoadOptions) options = kpi_load_options_new ();
  g_autoptr(KpiDataset) dataset = NULL;
  g_autoptr(KpiDataset) shaped = kpi_dataset_new (NULL);
  GError *error = NULL;
  double value;

  kpi_load_options_set_column_kind (options, "forced", KPI_COLUMN_DIMENSION);
  dataset = load_ok (path, "t", options);
  ck_assert_int_eq (column_kind (dataset, "num_text"), KPI_COLUMN_MEASURE);
  ck_assert (kpi_dataset_get_measure_value (dataset, "num_text", 1, &value));
  ck_assert_double_eq (value, 7);
  ck_assert_int_eq (column_kind (dataset, "mixed"), KPI_COLUMN_DIMENSION);
  ck_assert_str_eq (kpi_dataset_get_dimension_value (dataset, "mixed", 1), "7");
  ck_assert_int_eq (column_kind (dataset, "nulls_text"), KPI_COLUMN_DIMENSION);
  ck_assert_int_eq (column_kind (dataset, "nulls_real"), KPI_COLUMN_MEASURE);
  ck_assert_int_eq (column_kind (dataset, "code"), KPI_COLUMN_MEASURE);
  ck_assert_int_eq (column_kind (dataset, "forced"), KPI_COLUMN_DIMENSION);
  ck_assert_str_eq (kpi_dataset_get_dimension_value (dataset, "forced", 1), "8.5");
  /* Empty text is missing, as an empty CSV field */
  ck_assert_int_eq (column_kind (dataset, "empty_text"), KPI_COLUMN_MEASURE);
  ck_assert (!kpi_dataset_get_measure_value (dataset, "empty_text", 0, NULL));

  /* The dataset's own kind wins over the INTEGER values */
  ck_assert (kpi_dataset_add_column (shaped, "code", KPI_COLUMN_DIMENSION, &error));
  ck_assert_msg (kpi_dataset_load_sqlite_table (shaped, path, "u", NULL, NULL, &error),
                 "%s", error ? error->message : "");
  ck_assert_int_eq (column_kind (shaped, "code"), KPI_COLUMN_DIMENSION);
  ck_assert_str_eq (kpi_dataset_get_dimension_value (shaped, "code", 0), "42");
}
END_TEST

START_TEST (test_times_and_zone)
{
  /* 1735689600 s is 2025-01-01T00:00:00Z; texts without an offset are
   * Paris times (UTC+1 in winter), those with one keep it */
  g_autofree char *path = make_db ("times.db",
                                   "CREATE TABLE t (date, amount REAL);"
                                   "INSERT INTO t VALUES ('2025-01-31T23:30:00', 1);"
                                   "INSERT INTO t VALUES ('2025-01-31T23:30:00Z', 2);"
                                   "INSERT INTO t VALUES (1735689600, 3);"
                                   "INSERT INTO t VALUES (1735689600.25, 4);"
                                   "INSERT INTO t VALUES ('2025-02-01', 5);");
  g_autoptr(KpiLoadOptions) options = kpi_load_options_new ();
  g_autoptr(GTimeZone) paris = kpi_test_time_zone ("Europe/Paris");
  g_autoptr(KpiDataset) dataset = NULL;

  kpi_load_options_set_time_zone (options, paris);
  dataset = load_ok (path, "t", options);
  ck_assert_int_eq (kpi_dataset_get_time (dataset, 0), kpi_test_utc (2025, 1, 31, 22, 30));
  ck_assert_int_eq (kpi_dataset_get_time (dataset, 1), kpi_test_utc (2025, 1, 31, 23, 30));
  ck_assert_int_eq (kpi_dataset_get_time (dataset, 2), kpi_test_utc (2025, 1, 1, 0, 0));
  ck_assert_int_eq (kpi_dataset_get_time (dataset, 3), kpi_test_utc (2025, 1, 1, 0, 0) + 250000);
  ck_assert_int_eq (kpi_dataset_get_time (dataset, 4), kpi_test_utc (2025, 1, 31, 23, 0));

  /* Seconds beyond the year 9999 */
  {
    g_autofree char *far = make_db ("far.db", "CREATE TABLE t (date INTEGER, amount REAL);"
                                              "INSERT INTO t VALUES (253402300800, 1);");
    g_autoptr(KpiDataset) other = kpi_dataset_new (NULL);
    g_autofree char *message = load_error (other, far, "t", NULL, KPI_DATASET_ERROR,
                                           KPI_DATASET_ERROR_INVALID_TIME);

    kpi_test_assert_contains (message, "row 1, column “date”: 253402300800 seconds since the "
                              "Unix epoch: expected a time between the years 0 and 9999");
  }
}
END_TEST

START_TEST (test_time_column_and_options)
{
  g_autofree char *path = make_db ("orders.db",
                                   "CREATE TABLE t (day TEXT, amount REAL);"
                                   "INSERT INTO t VALUES ('2025-01-10', 1);"
                                   "INSERT INTO t VALUES ('2025-01-20', 2);");
  g_autoptr(KpiLoadOptions) options = kpi_load_options_new ();
  g_autoptr(KpiDataset) dataset = kpi_dataset_new (NULL);
  g_autofree char *message = load_error (dataset, path, "t", NULL, KPI_DATASET_ERROR,
                                         KPI_DATASET_ERROR_NO_TIME_COLUMN);
  g_autofree char *expected = g_strdup_printf ("%s: table “t”: no time column “date”: expected a "
                                               "column of that name (see the time-column option); "
                                               "did you mean “day”?", path);
  gint64 start, end;

  ck_assert_str_eq (message, expected);
  g_clear_object (&dataset);

  /* The time column, the coverage and the data-as-of time from the options */
  ck_assert (kpi_load_options_set_time_column (options, "day", NULL));
  ck_assert (kpi_load_options_set_coverage (options, kpi_test_utc (2025, 1, 1, 0, 0),
                                            kpi_test_utc (2025, 2, 1, 0, 0), NULL));
  kpi_load_options_set_data_as_of (options, kpi_test_utc (2025, 2, 2, 6, 0));
  dataset = kpi_dataset_new ("day");
  ck_assert (kpi_dataset_load_sqlite_table (dataset, path, "t", options, NULL, NULL));
  kpi_dataset_get_coverage (dataset, &start, &end);
  ck_assert_int_eq (start, kpi_test_utc (2025, 1, 1, 0, 0));
  ck_assert_int_eq (end, kpi_test_utc (2025, 2, 1, 0, 0));
  ck_assert_int_eq (kpi_dataset_get_data_as_of (dataset), kpi_test_utc (2025, 2, 2, 6, 0));
  /* Without options, the dataset's own time column */
  ck_assert (kpi_dataset_load_sqlite_table (dataset, path, "t", NULL, NULL, NULL));
  ck_assert_uint_eq (kpi_dataset_get_n_rows (dataset), 4);
}
END_TEST

START_TEST (test_cancelled)
{
  g_autofree char *path = make_db ("orders.db", orders_sql);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(KpiDataset) dataset = kpi_dataset_new (NULL);
  GError *error = NULL;

  g_cancellable_cancel (cancellable);
  ck_assert (!kpi_dataset_load_sqlite_table (dataset, path, "orders", NULL, cancellable, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_clear_error (&error);
  ck_assert_uint_eq (kpi_dataset_get_n_rows (dataset), 0);
}
END_TEST

/* The generated sample orders.csv into an SQLite table (prepared inserts
 * in one transaction), loaded back: the same rows, and revenue by month
 * through an indicator equal to the CSV's, to the last bit. */
START_TEST (test_sample_orders_round_trip)
{
  const char *dir = g_getenv ("KPI_TEST_DATA");
  g_autofree char *csv = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *db_path = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(KpiDataset) from_csv = kpi_dataset_new (NULL);
  g_autoptr(KpiDataset) from_db = NULL;
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2030-01-01T00:00:00Z", 1);
  g_autoptr(KpiContext) context = kpi_context_new (calendar);
  g_autoptr(KpiPeriod) first = NULL;
  g_autoptr(KpiPeriod) last = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *insert = NULL;
  GError *error = NULL;
  gint64 min_time, max_time;
  guint n_rows = 0;

  ck_assert_msg (dir != NULL, "KPI_TEST_DATA is not set");
  csv = g_build_filename (dir, "orders.csv", NULL);
  ck_assert_msg (kpi_dataset_load_path (from_csv, csv, NULL, &error), "%s",
                 error ? error->message : "");
  ck_assert (g_file_get_contents (csv, &contents, NULL, NULL));
  /* Plain fields: a split on commas is the CSV's reading */
  ck_assert_ptr_null (strchr (contents, '"'));
  lines = g_strsplit (contents, "\n", -1);
  ck_assert_str_eq (lines[0], "date,order_id,customer,channel,region,rep,amount,cost");

  db_path = g_build_filename (temp.dir, "orders.db", NULL);
  ck_assert_int_eq (sqlite3_open (db_path, &db), SQLITE_OK);
  ck_assert_int_eq (sqlite3_exec (db, "CREATE TABLE orders (date TEXT, order_id INTEGER, "
                                  "customer TEXT, channel TEXT, region TEXT, rep TEXT, "
                                  "amount REAL, cost REAL); BEGIN", NULL, NULL, NULL), SQLITE_OK);
  ck_assert_int_eq (sqlite3_prepare_v2 (db, "INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                        -1, &insert, NULL), SQLITE_OK);
  for (guint l = 1; lines[l] != NULL; l++)
    {
      g_auto(GStrv) fields = NULL;

      if (lines[l][0] == '\0')
        continue;
      fields = g_strsplit (lines[l], ",", -1);
      ck_assert_uint_eq (g_strv_length (fields), 8);
      for (int f = 0; f < 8; f++)
        {
          char *end = NULL;
          double number;

          if (fields[f][0] == '\0')
            sqlite3_bind_null (insert, f + 1);
          else if (f == 6 || f == 7)
            {
              /* strtod rounds correctly, as the CSV parser does */
              number = g_ascii_strtod (fields[f], &end);
              ck_assert_msg (*end == '\0', "line %u: %s", l + 1, fields[f]);
              sqlite3_bind_double (insert, f + 1, number);
            }
          else if (f == 1)
            sqlite3_bind_int64 (insert, f + 1, g_ascii_strtoll (fields[f], NULL, 10));
          else
            sqlite3_bind_text (insert, f + 1, fields[f], -1, SQLITE_TRANSIENT);
        }
      ck_assert_int_eq (sqlite3_step (insert), SQLITE_DONE);
      sqlite3_reset (insert);
      n_rows++;
    }
  sqlite3_finalize (insert);
  ck_assert_int_eq (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close (db);

  from_db = load_ok (db_path, "orders", NULL);
  ck_assert_uint_eq (kpi_dataset_get_n_rows (from_db), n_rows);
  ck_assert_uint_eq (kpi_dataset_get_n_rows (from_db), kpi_dataset_get_n_rows (from_csv));
  ck_assert_uint_eq (kpi_dataset_get_n_columns (from_db), kpi_dataset_get_n_columns (from_csv));
  for (guint c = 0; c < kpi_dataset_get_n_columns (from_csv); c++)
    {
      const char *name = kpi_dataset_get_column_name (from_csv, c);

      ck_assert_int_eq (column_kind (from_db, name), kpi_dataset_get_column_kind (from_csv, c));
    }

  ck_assert (kpi_dataset_get_time_range (from_csv, &min_time, &max_time));
  first = kpi_calendar_period_at (calendar, min_time, KPI_GRANULARITY_MONTH);
  last = kpi_calendar_period_at (calendar, max_time, KPI_GRANULARITY_MONTH);
  {
    static const char *const formulas[] = {
      "sum(amount)", "sum(amount - cost where channel = \"online\")", "count(region)",
    };

    for (guint f = 0; f < G_N_ELEMENTS (formulas); f++)
      {
        g_autoptr(KpiIndicator) on_csv = kpi_indicator_new ("revenue", formulas[f], NULL);
        g_autoptr(KpiIndicator) on_db = kpi_indicator_new ("revenue", formulas[f], NULL);
        g_autoptr(GPtrArray) csv_values = NULL;
        g_autoptr(GPtrArray) db_values = NULL;

        kpi_indicator_set_dataset (on_csv, from_csv);
        kpi_indicator_set_dataset (on_db, from_db);
        csv_values = kpi_indicator_evaluate_series (on_csv, context, first, last, &error);
        ck_assert_ptr_nonnull (csv_values);
        db_values = kpi_indicator_evaluate_series (on_db, context, first, last, &error);
        ck_assert_ptr_nonnull (db_values);
        ck_assert_uint_eq (csv_values->len, db_values->len);
        ck_assert_uint_gt (csv_values->len, 6);
        for (guint i = 0; i < csv_values->len; i++)
          {
            double a = kpi_value_get_value (g_ptr_array_index (csv_values, i));
            double b = kpi_value_get_value (g_ptr_array_index (db_values, i));

            /* Exactly: the same doubles summed in the same order */
            ck_assert_msg (a == b || (isnan (a) && isnan (b)), "%s, month %u: %.17g != %.17g",
                           formulas[f], i, a, b);
          }
      }
  }
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "orders_sums_by_month", test_orders_sums_by_month },
    { "hostile_names", test_hostile_names },
    { "missing_file", test_missing_file },
    { "missing_table", test_missing_table },
    { "not_a_database", test_not_a_database },
    { "bad_date_names_row_and_column", test_bad_date_names_row_and_column },
    { "failed_load_leaves_dataset", test_failed_load_leaves_dataset },
    { "blob_column", test_blob_column },
    { "kinds_as_csv", test_kinds_as_csv },
    { "times_and_zone", test_times_and_zone },
    { "time_column_and_options", test_time_column_and_options },
    { "cancelled", test_cancelled },
    { "sample_orders_round_trip", test_sample_orders_round_trip },
  };
  Suite *suite = suite_create ("sqlite-source");

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TCase *tc = tcase_create (cases[i].name);

      tcase_add_checked_fixture (tc, setup, teardown);
      tcase_set_timeout (tc, 60);
      tcase_add_test (tc, cases[i].test);
      suite_add_tcase (suite, tc);
    }
  return kpi_test_run_suite (suite);
}
