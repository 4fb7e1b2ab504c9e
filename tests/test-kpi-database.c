/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of KpiDatabase (kpi-database*.c): opening SQLite files and
 * PostgreSQL servers, listing their tables, queries with bound
 * parameters and the rows' types, the errors (missing file, bad
 * connection string, SQL refused, a password never shown), one query at
 * a time, cancellation, and the SQL of a row's time in microseconds.
 *
 * PostgreSQL: the server of tests/pg-server.sh, whose connection string
 * is in KPI_TEST_PG (make check starts it).  Without it the PostgreSQL
 * cases fail when KPI_TEST_PG_REQUIRED is set (configure found the
 * server's binaries), else they pass saying they were skipped. */

#include <math.h>
#include <string.h>
#include <unistd.h>
#include <check.h>
#include <sqlite3.h>
#include <glib/gstdio.h>
#include "kpi-test.h"
#include <libkpi/kpi.h>

#include "kpi-database-private.h"
#include "kpi-test-db.h"

/* ------------------------------------------------------------------------ */
/* Helpers */

/* Runs @sql (one row, one value) and returns the value as text, or
 * "NULL"; to free. */
static char *
query_text (KpiDatabase *db,
            const char  *sql,
            GArray      *params)
{
  g_autoptr(KpiSqlCursor) cursor = NULL;
  GError *error = NULL;
  char *text;

  cursor = kpi_database_query (db, sql, params, NULL, &error);
  ck_assert_msg (cursor != NULL, "%s: %s", sql, error ? error->message : "");
  ck_assert_msg (kpi_sql_cursor_next (cursor, &error), "%s: no row (%s)", sql,
                 error ? error->message : "");
  switch (kpi_sql_cursor_get_type (cursor, 0))
    {
    case KPI_SQL_NULL:
      text = g_strdup ("NULL");
      break;
    case KPI_SQL_INTEGER:
      text = g_strdup_printf ("%" G_GINT64_FORMAT, kpi_sql_cursor_get_int (cursor, 0));
      break;
    case KPI_SQL_REAL:
      text = g_strdup_printf ("%.17g", kpi_sql_cursor_get_real (cursor, 0));
      break;
    case KPI_SQL_TEXT:
    default:
      text = g_strdup (kpi_sql_cursor_get_text (cursor, 0, NULL));
      break;
    }
  ck_assert (!kpi_sql_cursor_next (cursor, &error));
  ck_assert_ptr_null (error);
  return text;
}

static gint64
query_int (KpiDatabase *db,
           const char  *sql,
           GArray      *params)
{
  g_autofree char *text = query_text (db, sql, params);

  ck_assert_msg (strcmp (text, "NULL") != 0, "%s: NULL", sql);
  return g_ascii_strtoll (text, NULL, 10);
}

/* Opening @uri fails with @code of @domain; returns the message, to free */
static char *
open_error (const char *uri,
            GQuark      domain,
            int         code)
{
  GError *error = NULL;
  KpiDatabase *db = kpi_database_open (uri, NULL, &error);
  char *message;

  ck_assert_ptr_null (db);
  ck_assert_ptr_nonnull (error);
  if (!g_error_matches (error, domain, code))
    ck_abort_msg ("%s: expected %s %d, got %s %d: %s", uri, g_quark_to_string (domain), code,
                  g_quark_to_string (error->domain), error->code, error->message);
  ck_assert (g_utf8_validate (error->message, -1, NULL));
  message = g_strdup (error->message);
  g_error_free (error);
  return message;
}

/* ------------------------------------------------------------------------ */
/* SQLite */

START_TEST (test_open_sqlite)
{
  g_autofree char *path = kpi_test_db_make_sqlite ("crm.db",
    "CREATE TABLE orders (date TEXT, amount REAL);"
    "CREATE TABLE \"ta\"\"b;le\" (x INTEGER PRIMARY KEY AUTOINCREMENT);"
    "CREATE VIEW \"vué\" AS SELECT * FROM orders;");
  g_autofree char *uri1 = g_strconcat ("sqlite:", path, NULL);
  g_autofree char *uri2 = g_strconcat ("sqlite://", path, NULL);
  const char *uris[] = { path, uri1, uri2 };
  GError *error = NULL;

  ck_assert (g_path_is_absolute (path));
  for (guint i = 0; i < G_N_ELEMENTS (uris); i++)
    {
      g_autoptr(KpiDatabase) db = kpi_database_open (uris[i], NULL, &error);
      g_auto(GStrv) tables = NULL;

      ck_assert_msg (db != NULL, "%s: %s", uris[i], error ? error->message : "");
      ck_assert_int_eq (kpi_database_get_dialect (db), KPI_SQL_DIALECT_SQLITE);
      ck_assert_str_eq (kpi_database_get_uri (db), uris[i]);
      ck_assert_str_eq (kpi_database_get_name (db), path);
      tables = kpi_database_list_tables (db, NULL, &error);
      ck_assert_ptr_nonnull (tables);
      /* sqlite_sequence (of AUTOINCREMENT) is SQLite's, not a table to read */
      ck_assert_uint_eq (g_strv_length (tables), 3);
      ck_assert_str_eq (tables[0], "orders");
      ck_assert_str_eq (tables[1], "ta\"b;le");
      ck_assert_str_eq (tables[2], "vué");
      ck_assert (!kpi_database_is_closed (db));
      kpi_database_close (db);
      ck_assert (kpi_database_is_closed (db));
      ck_assert_ptr_null (kpi_database_list_tables (db, NULL, &error));
      ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED));
      g_clear_error (&error);
    }
}
END_TEST

START_TEST (test_open_errors)
{
  g_autofree char *missing = g_build_filename (kpi_test_db_dir (), "missing.db", NULL);
  g_autofree char *text = kpi_test_write_temp (kpi_test_db_dir (), "text.db",
                                               "date,amount\n2025-01-01,3\n", -1);
  g_autofree char *message = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *refused = NULL;

  message = open_error (missing, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  expected = g_strdup_printf ("%s: no such file", missing);
  ck_assert_str_eq (message, expected);
  /* Never created */
  ck_assert (!g_file_test (missing, G_FILE_TEST_EXISTS));
  g_free (message);
  message = open_error (kpi_test_db_dir (), G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_free (message);
  message = open_error (text, KPI_DATASET_ERROR, KPI_DATASET_ERROR_PARSE);
  kpi_test_assert_contains (message, "not an SQLite database");
  g_free (message);
  message = open_error ("mysql://db/crm", G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  kpi_test_assert_contains (message, "“mysql”");
  g_free (message);
  message = open_error ("", G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);

  /* A server that is not there: refused, and the password is never shown */
  g_free (message);
  refused = g_strdup_printf ("host=%s dbname=crm user=kpi password=s3cr3t connect_timeout=5",
                             kpi_test_db_dir ());
  message = open_error (refused, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  ck_assert (strstr (message, "s3cr3t") == NULL);
  kpi_test_assert_contains (message, "password=***");
  g_free (message);
  g_free (refused);
  refused = g_strdup_printf ("postgresql://kpi:s3cr3t@%%2Fnonexistent%%2Fkpi/crm");
  message = open_error (refused, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  ck_assert (strstr (message, "s3cr3t") == NULL);
  kpi_test_assert_contains (message, "postgresql://kpi:***@");
  g_free (message);
  /* A connection string libpq cannot read */
  message = open_error ("host=/tmp dbname='unterminated password=s3cr3t", G_IO_ERROR,
                        G_IO_ERROR_FAILED);
  ck_assert (strstr (message, "s3cr3t") == NULL);
}
END_TEST

START_TEST (test_mask_uri)
{
  static const struct { const char *uri, *masked; } cases[] = {
    { "postgresql://u:pw@h/db", "postgresql://u:***@h/db" },
    { "postgres://u:p@w@h:5432/db?sslmode=disable", "postgres://u:***@h:5432/db?sslmode=disable" },
    { "postgresql://u@h/db?password=pw&sslmode=x", "postgresql://u@h/db?password=***&sslmode=x" },
    { "postgresql://h/db", "postgresql://h/db" },
    { "host=h password=pw dbname=d", "host=h password=*** dbname=d" },
    { "host=h password = 'p w\\'x' dbname=d", "host=h password=*** dbname=d" },
    { "password=pw", "password=***" },
    { "host=h oldpassword=x", "host=h oldpassword=x" },
    { "sqlite:orders.db", "sqlite:orders.db" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *masked = kpi_database_mask_uri (cases[i].uri);

      ck_assert_str_eq (masked, cases[i].masked);
    }
}
END_TEST

/* Parameters are bound, never pasted: hostile text comes back as it went */
static void
check_params (KpiDatabase *db)
{
  static const char *const texts[] = {
    "plain", "it's", "a\"b", "x'); DROP TABLE t; --", "ünï©ødé ✓", "$1 ?1 ?", "",
  };
  KpiSqlDialect dialect = kpi_database_get_dialect (db);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GString) sql = g_string_new ("SELECT ");
      g_autoptr(GArray) params = kpi_sql_params_new ();
      g_autofree char *back = NULL;

      kpi_sql_add_text (sql, dialect, params, texts[i]);
      back = query_text (db, sql->str, params);
      ck_assert_str_eq (back, texts[i]);
    }
  {
    g_autoptr(GString) sql = g_string_new ("SELECT ");
    g_autoptr(GArray) params = kpi_sql_params_new ();

    kpi_sql_add_int (sql, dialect, params, G_GINT64_CONSTANT (9007199254740993));
    g_string_append (sql, " + ");
    kpi_sql_add_int (sql, dialect, params, 1);
    ck_assert_int_eq (query_int (db, sql->str, params), G_GINT64_CONSTANT (9007199254740994));
  }
  {
    g_autoptr(GString) sql = g_string_new ("SELECT ");
    g_autoptr(GArray) params = kpi_sql_params_new ();
    g_autoptr(KpiSqlCursor) cursor = NULL;

    kpi_sql_add_real (sql, dialect, params, 0.1);
    g_string_append (sql, " * 3 AS ");
    kpi_sql_add_identifier (sql, "tri\"ple ✓");
    cursor = kpi_database_query (db, sql->str, params, NULL, NULL);
    ck_assert_ptr_nonnull (cursor);
    ck_assert_uint_eq (kpi_sql_cursor_get_n_columns (cursor), 1);
    ck_assert_str_eq (kpi_sql_cursor_get_column_name (cursor, 0), "tri\"ple ✓");
    ck_assert (kpi_sql_cursor_next (cursor, NULL));
    ck_assert_int_eq (kpi_sql_cursor_get_type (cursor, 0), KPI_SQL_REAL);
    /* The same double as C's 0.1 * 3, not 0.3: exactly what was bound */
    ck_assert (kpi_sql_cursor_get_real (cursor, 0) == 0.1 * 3);
  }
}

START_TEST (test_sqlite_query)
{
  g_autofree char *path = kpi_test_db_make_sqlite ("q.db",
    "CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n NUMERIC);"
    "INSERT INTO t VALUES (42, 2.5, 'hé', x'00ff', NULL);");
  g_autoptr(KpiDatabase) db = kpi_database_open (path, NULL, NULL);
  g_autoptr(KpiSqlCursor) cursor = NULL;
  GError *error = NULL;
  gsize length = 0;

  ck_assert_ptr_nonnull (db);
  check_params (db);

  cursor = kpi_database_query (db, "SELECT i, r, s, b, n, i + 1 AS e FROM t", NULL, NULL, &error);
  ck_assert_ptr_nonnull (cursor);
  ck_assert_uint_eq (kpi_sql_cursor_get_n_columns (cursor), 6);
  ck_assert_str_eq (kpi_sql_cursor_get_column_decl (cursor, 0), "integer");
  ck_assert_str_eq (kpi_sql_cursor_get_column_decl (cursor, 2), "text");
  ck_assert_str_eq (kpi_sql_cursor_get_column_decl (cursor, 5), "");
  ck_assert_str_eq (kpi_sql_cursor_get_column_name (cursor, 5), "e");
  ck_assert (kpi_sql_cursor_next (cursor, &error));
  ck_assert_int_eq (kpi_sql_cursor_get_type (cursor, 0), KPI_SQL_INTEGER);
  ck_assert_int_eq (kpi_sql_cursor_get_int (cursor, 0), 42);
  ck_assert_int_eq (kpi_sql_cursor_get_type (cursor, 1), KPI_SQL_REAL);
  ck_assert (kpi_sql_cursor_get_real (cursor, 1) == 2.5);
  ck_assert_int_eq (kpi_sql_cursor_get_type (cursor, 2), KPI_SQL_TEXT);
  ck_assert_str_eq (kpi_sql_cursor_get_text (cursor, 2, &length), "hé");
  ck_assert_uint_eq (length, 3);
  ck_assert (!kpi_sql_cursor_is_blob (cursor, 2));
  ck_assert (kpi_sql_cursor_is_blob (cursor, 3));
  kpi_sql_cursor_get_text (cursor, 3, &length);
  ck_assert_uint_eq (length, 2);
  ck_assert_int_eq (kpi_sql_cursor_get_type (cursor, 4), KPI_SQL_NULL);
  ck_assert (!kpi_sql_cursor_next (cursor, &error));
  ck_assert_ptr_null (error);
  /* Past the end, still the end */
  ck_assert (!kpi_sql_cursor_next (cursor, &error));
  ck_assert_ptr_null (error);
}
END_TEST

/* SQL the database refuses is a parse error quoting the database */
static void
check_refused (KpiDatabase *db)
{
  GError *error = NULL;

  ck_assert_ptr_null (kpi_database_query (db, "SELEC 1", NULL, NULL, &error));
  ck_assert_msg (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_PARSE), "%s",
                 error->message);
  kpi_test_assert_contains (error->message, "the database refused the query: ");
  kpi_test_assert_contains (error->message, "syntax error");
  g_clear_error (&error);
  ck_assert_ptr_null (kpi_database_query (db, "SELECT * FROM no_such_table", NULL, NULL,
                                          &error));
  ck_assert_msg (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_PARSE), "%s",
                 error->message);
  kpi_test_assert_contains (error->message, "no_such_table");
  g_clear_error (&error);
  /* And the connection takes the next query */
  ck_assert_int_eq (query_int (db, "SELECT 7", NULL), 7);
}

/* A second query of the same thread while a cursor reads is refused (it
 * would wait for itself); once the cursor is freed, it runs. */
static void
check_one_at_a_time (KpiDatabase *db)
{
  g_autoptr(KpiSqlCursor) first = NULL;
  GError *error = NULL;

  first = kpi_database_query (db, "SELECT 1 UNION ALL SELECT 2", NULL, NULL, &error);
  ck_assert_ptr_nonnull (first);
  ck_assert (kpi_sql_cursor_next (first, NULL));
  ck_assert_ptr_null (kpi_database_query (db, "SELECT 3", NULL, NULL, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BUSY));
  g_clear_error (&error);
  g_clear_pointer (&first, kpi_sql_cursor_free);
  ck_assert_int_eq (query_int (db, "SELECT 3", NULL), 3);
}

typedef struct
{
  KpiDatabase *db;
  gint64       sum;
} ThreadJob;

static gpointer
sum_in_thread (gpointer data)
{
  ThreadJob *job = data;

  for (int i = 0; i < 20; i++)
    job->sum += query_int (job->db, "SELECT 1000 + 1", NULL);
  return NULL;
}

/* Threads sharing a connection take turns */
static void
check_threads (KpiDatabase *db)
{
  ThreadJob jobs[4];
  GThread *threads[4];

  for (guint i = 0; i < 4; i++)
    {
      jobs[i].db = db;
      jobs[i].sum = 0;
      threads[i] = g_thread_new ("query", sum_in_thread, &jobs[i]);
    }
  for (guint i = 0; i < 4; i++)
    {
      g_thread_join (threads[i]);
      ck_assert_int_eq (jobs[i].sum, 20 * 1001);
    }
}

START_TEST (test_sqlite_errors_and_turns)
{
  g_autofree char *path = kpi_test_db_make_sqlite ("e.db", "CREATE TABLE t (x);");
  g_autoptr(KpiDatabase) db = kpi_database_open (path, NULL, NULL);

  ck_assert_ptr_nonnull (db);
  check_refused (db);
  check_one_at_a_time (db);
  check_threads (db);
}
END_TEST

static gboolean
cancel_later (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static gpointer
cancel_thread (gpointer data)
{
  g_usleep (200 * 1000);
  g_cancellable_cancel (data);
  return NULL;
}

/* A long query is cancelled on the way (not after it ends), and the
 * connection takes the next query. */
static void
check_cancel (KpiDatabase *db,
              const char  *long_sql)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(KpiSqlCursor) cursor = NULL;
  GError *error = NULL;
  GThread *thread = g_thread_new ("cancel", cancel_thread, cancellable);
  gint64 start = g_get_monotonic_time ();

  (void) cancel_later;
  cursor = kpi_database_query (db, long_sql, NULL, cancellable, &error);
  if (cursor != NULL)
    while (kpi_sql_cursor_next (cursor, &error))
      ;
  g_thread_join (thread);
  ck_assert_msg (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED), "%s",
                 error != NULL ? error->message : "not cancelled");
  ck_assert_int_lt (g_get_monotonic_time () - start, 5 * G_USEC_PER_SEC);
  g_clear_error (&error);
  g_clear_pointer (&cursor, kpi_sql_cursor_free);
  ck_assert_int_eq (query_int (db, "SELECT 5", NULL), 5);

  /* Cancelled before: nothing runs */
  ck_assert_ptr_null (kpi_database_query (db, "SELECT 1", NULL, cancellable, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_clear_error (&error);
}

START_TEST (test_sqlite_cancel)
{
  g_autofree char *path = kpi_test_db_make_sqlite ("c.db", "CREATE TABLE t (x);");
  g_autoptr(KpiDatabase) db = kpi_database_open (path, NULL, NULL);

  ck_assert_ptr_nonnull (db);
  /* Some seconds of work for SQLite, one row at the end */
  check_cancel (db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                    "WHERE i < 1000000000) SELECT sum(i) FROM n");
}
END_TEST

/* A cursor freed before its last row: the rest is dropped */
static void
check_free_early (KpiDatabase *db,
                  const char  *many_rows)
{
  g_autoptr(KpiSqlCursor) cursor = kpi_database_query (db, many_rows, NULL, NULL, NULL);
  gint64 start = g_get_monotonic_time ();

  ck_assert_ptr_nonnull (cursor);
  for (int i = 0; i < 10; i++)
    ck_assert (kpi_sql_cursor_next (cursor, NULL));
  g_clear_pointer (&cursor, kpi_sql_cursor_free);
  ck_assert_int_eq (query_int (db, "SELECT 9", NULL), 9);
  ck_assert_int_lt (g_get_monotonic_time () - start, 5 * G_USEC_PER_SEC);
}

/* kpi_time_us(time, zone) reads as the loaders do */
START_TEST (test_sqlite_time_us)
{
  g_autofree char *path = kpi_test_db_make_sqlite ("t.db",
    "CREATE TABLE t (k INTEGER PRIMARY KEY, d);"
    "INSERT INTO t VALUES (1, '2025-07-01'), (2, '2025-07-01T10:30:00+02:00'),"
    "  (3, 1751328000), (4, 1751328000.25), (5, NULL), (6, 'not a date'), (7, '');");
  g_autoptr(KpiDatabase) db = kpi_database_open (path, NULL, NULL);
  g_autoptr(GTimeZone) paris = kpi_test_time_zone ("Europe/Paris");
  KpiDatasetRemote remote = { 0 };
  struct { int k; const char *expected; } cases[] = {
    /* Midnight in Paris in summer: 22:00 UTC the day before */
    { 1, NULL }, { 2, NULL }, { 3, NULL }, { 4, NULL }, { 5, "NULL" }, { 6, "NULL" },
    { 7, "NULL" },
  };
  g_autofree char *e1 = g_strdup_printf ("%" G_GINT64_FORMAT,
                                         kpi_test_utc (2025, 6, 30, 22, 0));
  g_autofree char *e2 = g_strdup_printf ("%" G_GINT64_FORMAT,
                                         kpi_test_utc (2025, 7, 1, 8, 30));
  /* 1751328000 s is 2025-07-01T00:00:00Z */
  g_autofree char *e3 = g_strdup_printf ("%" G_GINT64_FORMAT,
                                         kpi_test_utc (2025, 7, 1, 0, 0));
  g_autofree char *e4 = g_strdup_printf ("%" G_GINT64_FORMAT,
                                         kpi_test_utc (2025, 7, 1, 0, 0) + 250000);

  ck_assert_ptr_nonnull (db);
  cases[0].expected = e1;
  cases[1].expected = e2;
  cases[2].expected = e3;
  cases[3].expected = e4;
  remote.db = db;
  remote.relation = (char *) "\"t\"";
  remote.time_column = (char *) "d";
  remote.time_kind = KPI_SQL_TIME_TEXT;
  remote.time_zone = paris;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) sql = g_string_new ("SELECT ");
      g_autoptr(GArray) params = kpi_sql_params_new ();
      g_autofree char *value = NULL;

      kpi_sql_add_time_us (sql, &remote, params);
      g_string_append (sql, " FROM t WHERE k = ");
      kpi_sql_add_int (sql, KPI_SQL_DIALECT_SQLITE, params, cases[i].k);
      value = query_text (db, sql->str, params);
      ck_assert_msg (strcmp (value, cases[i].expected) == 0, "row %d: %s, expected %s",
                     cases[i].k, value, cases[i].expected);
    }
  /* An unknown zone is an error of the query */
  {
    GError *error = NULL;
    g_autoptr(KpiSqlCursor) cursor =
      kpi_database_query (db, "SELECT kpi_time_us('2025-01-01', 'Nowhere/Atlantis')", NULL,
                          NULL, &error);

    ck_assert_ptr_null (cursor);
    ck_assert_ptr_nonnull (error);
    kpi_test_assert_contains (error->message, "unknown time zone");
    g_error_free (error);
  }
  check_free_early (db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                        "WHERE i < 100000000) SELECT i FROM n");
}
END_TEST

/* ------------------------------------------------------------------------ */
/* PostgreSQL */

START_TEST (test_pg_open_and_list)
{
  g_autoptr(KpiDatabase) db = kpi_test_db_open_pg ();
  g_auto(GStrv) tables = NULL;
  g_autofree char *with_password = NULL;
  GError *error = NULL;

  if (db == NULL)
    return;
  ck_assert_int_eq (kpi_database_get_dialect (db), KPI_SQL_DIALECT_POSTGRESQL);
  ck_assert_str_eq (kpi_database_get_name (db), "kpitest");
  kpi_test_db_exec (db, "CREATE TABLE orders (date date, amount numeric);\n"
                        "CREATE TABLE \"ta\"\"b;le\" (x int PRIMARY KEY);\n"
                        "CREATE VIEW \"vué\" AS SELECT * FROM orders;");
  tables = kpi_database_list_tables (db, NULL, &error);
  ck_assert_ptr_nonnull (tables);
  ck_assert_uint_eq (g_strv_length (tables), 3);
  ck_assert (g_strv_contains ((const char * const *) tables, "orders"));
  ck_assert (g_strv_contains ((const char * const *) tables, "ta\"b;le"));
  ck_assert (g_strv_contains ((const char * const *) tables, "vué"));

  /* The server trusts local users: a password is ignored, and masked */
  with_password = g_strdup_printf ("%s password=s3cr3t", kpi_test_db_pg_conninfo ());
  {
    g_autoptr(KpiDatabase) other = kpi_database_open (with_password, NULL, &error);

    ck_assert_msg (other != NULL, "%s", error ? error->message : "");
    ck_assert (strstr (kpi_database_get_uri (other), "s3cr3t") == NULL);
    kpi_test_assert_contains (kpi_database_get_uri (other), "password=***");
  }
  /* A database that does not exist */
  {
    g_autofree char *bad = g_strdup_printf ("%s dbname=no_such_db",
                                            kpi_test_db_pg_conninfo ());
    g_autofree char *message = open_error (bad, G_IO_ERROR, G_IO_ERROR_FAILED);

    kpi_test_assert_contains (message, "no_such_db");
  }
}
END_TEST

START_TEST (test_pg_query)
{
  g_autoptr(KpiDatabase) db = kpi_test_db_open_pg ();
  g_autoptr(KpiSqlCursor) cursor = NULL;
  GError *error = NULL;
  static const char *const decls[] = {
    "smallint", "integer", "bigint", "real", "double precision", "numeric", "text",
    "character varying", "character", "date", "timestamp without time zone",
    "timestamp with time zone", "boolean", "bytea",
  };

  if (db == NULL)
    return;
  check_params (db);
  cursor = kpi_database_query (db,
    "SELECT 1::int2, 2::int4, 9007199254740993::int8, 0.5::float4, 0.1::float8, "
    "12345678901234567890.5::numeric, 'hé'::text, 'v'::varchar(3), 'c'::char(2), "
    "'2025-02-14'::date, '2025-02-14 09:30:00.25'::timestamp, "
    "'2025-02-14 09:30:00+01'::timestamptz, true, '\\x00ff'::bytea, NULL::int",
    NULL, NULL, &error);
  ck_assert_msg (cursor != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (kpi_sql_cursor_get_n_columns (cursor), 15);
  for (guint i = 0; i < G_N_ELEMENTS (decls); i++)
    ck_assert_str_eq (kpi_sql_cursor_get_column_decl (cursor, i), decls[i]);
  ck_assert (kpi_sql_cursor_next (cursor, &error));
  ck_assert_int_eq (kpi_sql_cursor_get_type (cursor, 0), KPI_SQL_INTEGER);
  ck_assert_int_eq (kpi_sql_cursor_get_int (cursor, 0), 1);
  ck_assert_int_eq (kpi_sql_cursor_get_int (cursor, 2), G_GINT64_CONSTANT (9007199254740993));
  ck_assert_int_eq (kpi_sql_cursor_get_type (cursor, 3), KPI_SQL_REAL);
  ck_assert (kpi_sql_cursor_get_real (cursor, 3) == 0.5);
  ck_assert (kpi_sql_cursor_get_real (cursor, 4) == 0.1);
  ck_assert_int_eq (kpi_sql_cursor_get_type (cursor, 5), KPI_SQL_REAL);
  ck_assert (kpi_sql_cursor_get_real (cursor, 5) == 12345678901234567890.5);
  ck_assert_int_eq (kpi_sql_cursor_get_type (cursor, 6), KPI_SQL_TEXT);
  ck_assert_str_eq (kpi_sql_cursor_get_text (cursor, 6, NULL), "hé");
  ck_assert_str_eq (kpi_sql_cursor_get_text (cursor, 9, NULL), "2025-02-14");
  ck_assert_str_eq (kpi_sql_cursor_get_text (cursor, 10, NULL), "2025-02-14 09:30:00.25");
  /* The session's zone is UTC */
  ck_assert_str_eq (kpi_sql_cursor_get_text (cursor, 11, NULL), "2025-02-14 08:30:00+00");
  ck_assert_int_eq (kpi_sql_cursor_get_type (cursor, 12), KPI_SQL_INTEGER);
  ck_assert_int_eq (kpi_sql_cursor_get_int (cursor, 12), 1);
  ck_assert (kpi_sql_cursor_is_blob (cursor, 13));
  ck_assert (!kpi_sql_cursor_is_blob (cursor, 6));
  ck_assert_int_eq (kpi_sql_cursor_get_type (cursor, 14), KPI_SQL_NULL);
  ck_assert (!kpi_sql_cursor_next (cursor, &error));
  ck_assert_ptr_null (error);
  g_clear_pointer (&cursor, kpi_sql_cursor_free);

  /* No rows: the columns still */
  cursor = kpi_database_query (db, "SELECT 1 AS a, 'x' AS b WHERE false", NULL, NULL, &error);
  ck_assert_ptr_nonnull (cursor);
  ck_assert_uint_eq (kpi_sql_cursor_get_n_columns (cursor), 2);
  ck_assert_str_eq (kpi_sql_cursor_get_column_name (cursor, 1), "b");
  ck_assert (!kpi_sql_cursor_next (cursor, &error));
  ck_assert_ptr_null (error);
}
END_TEST

START_TEST (test_pg_errors_and_turns)
{
  g_autoptr(KpiDatabase) db = kpi_test_db_open_pg ();

  if (db == NULL)
    return;
  check_refused (db);
  check_one_at_a_time (db);
  check_threads (db);
  check_free_early (db, "SELECT i FROM generate_series(1, 50000000) AS i");
}
END_TEST

START_TEST (test_pg_cancel)
{
  g_autoptr(KpiDatabase) db = kpi_test_db_open_pg ();

  if (db == NULL)
    return;
  check_cancel (db, "SELECT pg_sleep(30)");
}
END_TEST

/* The SQL of a time in microseconds, for each way PostgreSQL stores one */
START_TEST (test_pg_time_us)
{
  g_autoptr(KpiDatabase) db = kpi_test_db_open_pg ();
  g_autoptr(GTimeZone) paris = kpi_test_time_zone ("Europe/Paris");
  g_autoptr(GTimeZone) plus2 = g_time_zone_new_identifier ("+02:00");
  struct {
    const char     *column_sql;
    KpiSqlTimeKind  kind;
    GTimeZone      *zone;
    gint64          expected;
  } cases[] = {
    /* Midnight of 1 July in Paris (CEST, +02:00): 22:00 UTC the day before */
    { "'2025-07-01'::date", KPI_SQL_TIME_DATE, paris, kpi_test_utc (2025, 6, 30, 22, 0) },
    /* In winter (CET, +01:00) */
    { "'2025-01-15 10:00:00.5'::timestamp", KPI_SQL_TIME_TIMESTAMP, paris,
      kpi_test_utc (2025, 1, 15, 9, 0) + 500000 },
    { "'2025-01-15 10:00:00+03'::timestamptz", KPI_SQL_TIME_TIMESTAMPTZ, paris,
      kpi_test_utc (2025, 1, 15, 7, 0) },
    { "'2025-07-01T10:30:00+02:00'::text", KPI_SQL_TIME_TEXT, paris,
      kpi_test_utc (2025, 7, 1, 8, 30) },
    { "'2025-07-01 10:30'::text", KPI_SQL_TIME_TEXT, paris,
      kpi_test_utc (2025, 7, 1, 8, 30) },
    { "'2025-07-01'::text", KPI_SQL_TIME_TEXT, paris, kpi_test_utc (2025, 6, 30, 22, 0) },
    { "'2025-07-01T10:30:00Z'::text", KPI_SQL_TIME_TEXT, paris,
      kpi_test_utc (2025, 7, 1, 10, 30) },
    /* A fixed offset zone: +02:00 is east of UTC (PostgreSQL's POSIX
     * reading of "+02:00" would be west) */
    { "'2025-07-01 10:30'::timestamp", KPI_SQL_TIME_TIMESTAMP, plus2,
      kpi_test_utc (2025, 7, 1, 8, 30) },
    { "1751328000::bigint", KPI_SQL_TIME_EPOCH, paris, kpi_test_utc (2025, 7, 1, 0, 0) },
    { "1751328000.25::float8", KPI_SQL_TIME_EPOCH, paris,
      kpi_test_utc (2025, 7, 1, 0, 0) + 250000 },
    { "-0.5::float8", KPI_SQL_TIME_EPOCH, NULL, -500000 },
  };

  if (db == NULL)
    return;
  ck_assert_ptr_nonnull (plus2);
  kpi_test_db_exec (db, "CREATE TABLE t (k int, d date)");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) sql = g_string_new ("SELECT ");
      g_autoptr(GArray) params = kpi_sql_params_new ();
      KpiDatasetRemote remote = { 0 };
      gint64 value;

      remote.db = db;
      remote.relation = (char *) "(SELECT 1) AS q";
      remote.time_column = (char *) "t ✓\"";
      remote.time_kind = cases[i].kind;
      remote.time_zone = cases[i].zone;
      kpi_sql_add_time_us (sql, &remote, params);
      g_string_append_printf (sql, " FROM (SELECT %s AS \"t ✓\"\"\") AS q", cases[i].column_sql);
      value = query_int (db, sql->str, params);
      ck_assert_msg (value == cases[i].expected, "%s: %" G_GINT64_FORMAT ", expected %"
                     G_GINT64_FORMAT, cases[i].column_sql, value, cases[i].expected);
    }
  /* NULL stays NULL */
  {
    g_autoptr(GString) sql = g_string_new ("SELECT ");
    g_autoptr(GArray) params = kpi_sql_params_new ();
    g_autofree char *value = NULL;
    KpiDatasetRemote remote = { 0 };

    remote.db = db;
    remote.time_column = (char *) "d";
    remote.time_kind = KPI_SQL_TIME_DATE;
    remote.time_zone = paris;
    kpi_sql_add_time_us (sql, &remote, params);
    g_string_append (sql, " FROM (SELECT NULL::date AS d) AS q");
    value = query_text (db, sql->str, params);
    ck_assert_str_eq (value, "NULL");
  }
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Loading and attaching, the same on both engines */

/* The same orders in a CSV text, an SQLite file and PostgreSQL, under
 * names that need quoting: the table "or;ders ✓" and the column
 * "ré""gion" */
static const char orders_csv[] =
  "date,order_id,\"ré\"\"gion\",amount\n"
  "2025-01-05,1,north,10.5\n"
  "2025-01-20,2,\"it's; DROP\",20\n"
  "2025-02-03,3,north,\n"
  "2025-02-28T23:30:00+01:00,4,,0.1\n"
  "2025-03-01,5,süd,-3\n";

static const char orders_sqlite[] =
  "CREATE TABLE \"or;ders ✓\" (date TEXT, order_id INTEGER PRIMARY KEY, "
  "  \"ré\"\"gion\" TEXT, amount REAL);"
  "INSERT INTO \"or;ders ✓\" VALUES ('2025-01-05', 1, 'north', 10.5),"
  "  ('2025-01-20', 2, 'it''s; DROP', 20), ('2025-02-03', 3, 'north', NULL),"
  "  ('2025-02-28T23:30:00+01:00', 4, NULL, 0.1), ('2025-03-01', 5, 'süd', -3);";

static const char orders_pg[] =
  "CREATE TABLE \"or;ders ✓\" (date timestamptz, order_id int PRIMARY KEY, "
  "  \"ré\"\"gion\" text, amount numeric);\n"
  "INSERT INTO \"or;ders ✓\" VALUES ('2025-01-05 00:00+00', 1, 'north', 10.5),"
  "  ('2025-01-20 00:00+00', 2, 'it''s; DROP', 20), ('2025-02-03 00:00+00', 3, 'north', NULL),"
  "  ('2025-02-28T23:30:00+01:00', 4, NULL, 0.1), ('2025-03-01 00:00+00', 5, 'süd', -3)";

/* Every column of @a and @b holds the same: names, kinds, values */
static void
assert_same_dataset (KpiDataset *a,
                     KpiDataset *b)
{
  guint n = kpi_dataset_get_n_columns (a);

  ck_assert_uint_eq (kpi_dataset_get_n_rows (a), kpi_dataset_get_n_rows (b));
  ck_assert_uint_eq (n, kpi_dataset_get_n_columns (b));
  for (guint c = 0; c < n; c++)
    {
      const char *name = kpi_dataset_get_column_name (a, c);
      KpiColumnKind kind = kpi_dataset_get_column_kind (a, c), other;
      guint index;

      ck_assert_msg (kpi_dataset_lookup_column (b, name, &index, &other), "no column %s", name);
      ck_assert_msg (kind == other, "column %s: kind %d != %d", name, kind, other);
      for (guint row = 0; row < kpi_dataset_get_n_rows (a); row++)
        switch (kind)
          {
          case KPI_COLUMN_TIME:
            ck_assert_int_eq (kpi_dataset_get_time (a, row), kpi_dataset_get_time (b, row));
            break;
          case KPI_COLUMN_MEASURE:
            {
              double x = NAN, y = NAN;
              gboolean hx = kpi_dataset_get_measure_value (a, name, row, &x);
              gboolean hy = kpi_dataset_get_measure_value (b, name, row, &y);

              ck_assert_msg (hx == hy && (!hx || x == y), "%s row %u: %g != %g", name, row, x, y);
            }
            break;
          case KPI_COLUMN_DIMENSION:
          default:
            /* NULL for the missing group in both */
            ck_assert_pstr_eq (kpi_dataset_get_dimension_value (a, name, row),
                               kpi_dataset_get_dimension_value (b, name, row));
            break;
          }
    }
}

static KpiDataset *
load_table_ok (KpiDatabase    *db,
               const char     *table,
               KpiLoadOptions *options)
{
  KpiDataset *dataset = kpi_dataset_new (NULL);
  GError *error = NULL;

  if (!kpi_dataset_load_table (dataset, db, table, options, NULL, &error))
    ck_abort_msg ("%s", error->message);
  return dataset;
}

/* Loads of @db, which holds the orders: the table and a query, as the CSV */
static void
check_loads (KpiDatabase *db)
{
  g_autoptr(KpiDataset) from_csv = NULL;
  g_autoptr(KpiDataset) from_table = NULL;
  g_autoptr(KpiDataset) from_query = kpi_dataset_new (NULL);
  g_autoptr(KpiLoadOptions) options = kpi_load_options_new ();
  GError *error = NULL;

  /* order_id is a number: a measure, as in the CSV */
  from_csv = kpi_test_load (orders_csv, NULL);
  from_table = load_table_ok (db, "or;ders ✓", NULL);
  assert_same_dataset (from_csv, from_table);
  ck_assert_int_eq (kpi_dataset_get_time (from_table, 3), kpi_test_utc (2025, 2, 28, 22, 30));

  ck_assert_msg (kpi_dataset_load_query (from_query, db,
                                         "SELECT * FROM \"or;ders ✓\" ORDER BY order_id;",
                                         NULL, NULL, &error), "%s",
                 error ? error->message : "");
  assert_same_dataset (from_csv, from_query);

  /* A forced kind wins */
  {
    g_autoptr(KpiDataset) forced = NULL;

    kpi_load_options_set_column_kind (options, "order_id", KPI_COLUMN_DIMENSION);
    forced = load_table_ok (db, "or;ders ✓", options);
    ck_assert_str_eq (kpi_dataset_get_dimension_value (forced, "order_id", 1), "2");
  }
}

/* Errors of @db, which holds the orders and a table "bad" whose row
 * order_id=17 has an amount that is no number */
static void
check_load_errors (KpiDatabase *db,
                   const char  *source)
{
  g_autoptr(KpiDataset) dataset = load_table_ok (db, "or;ders ✓", NULL);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(KpiLoadOptions) named = kpi_load_options_new ();
  g_autofree char *expected = NULL;
  GError *error = NULL;
  guint added = 0;

  g_signal_connect (dataset, "rows-added", G_CALLBACK (kpi_test_count_notify), &added);
  /* A near miss */
  ck_assert (!kpi_dataset_load_table (dataset, db, "or;der ✓", NULL, NULL, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND));
  expected = g_strdup_printf ("%s: no table “or;der ✓”: expected one of the database's 2 "
                              "tables and views; did you mean “or;ders ✓”?", source);
  ck_assert_str_eq (error->message, expected);
  g_clear_error (&error);

  /* The row named by its key, the column; nothing added */
  kpi_load_options_set_source_name (named, "crm");
  kpi_load_options_set_column_kind (named, "amount", KPI_COLUMN_MEASURE);
  ck_assert (!kpi_dataset_load_table (dataset, db, "bad", named, NULL, &error));
  ck_assert_msg (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_NUMBER),
                 "%s", error->message);
  ck_assert_str_eq (error->message, "crm: table “bad”, row order_id=17, column “amount”: "
                    "invalid number “n/a” in a measure column: expected a number, or NULL");
  g_clear_error (&error);
  /* A query's rows are counted */
  ck_assert (!kpi_dataset_load_query (dataset, db,
                                      "SELECT * FROM bad WHERE order_id >= 1 ORDER BY order_id",
                                      named, NULL, &error));
  ck_assert_str_eq (error->message, "crm: query, row 2 (in the order read), column “amount”: "
                    "invalid number “n/a” in a measure column: expected a number, or NULL");
  g_clear_error (&error);
  /* SQL refused */
  ck_assert (!kpi_dataset_load_query (dataset, db, "SELECT nothing FROM", NULL, NULL, &error));
  ck_assert (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_PARSE));
  g_clear_error (&error);
  /* Cancelled */
  g_cancellable_cancel (cancelled);
  ck_assert (!kpi_dataset_load_table (dataset, db, "or;ders ✓", NULL, cancelled, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_clear_error (&error);

  ck_assert_uint_eq (added, 0);
  ck_assert_uint_eq (kpi_dataset_get_n_rows (dataset), 5);
}

static KpiCoverage
coverage_of (KpiDataset *dataset,
             const char *label)
{
  g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
  g_autoptr(KpiPeriod) period = kpi_test_parse_period (calendar, label);

  return kpi_dataset_get_period_coverage (dataset, period);
}

/* An attached dataset: the columns, the dictionaries, the span and
 * coverage, no rows; appends refused; fetched, it is the loaded one */
static void
check_attach (KpiDatabase *db)
{
  g_autoptr(KpiDataset) loaded = load_table_ok (db, "or;ders ✓", NULL);
  g_autoptr(KpiDataset) attached = kpi_dataset_new (NULL);
  g_autoptr(KpiDataset) by_query = kpi_dataset_new (NULL);
  g_auto(GStrv) dictionary = NULL;
  const KpiDatasetRemote *remote;
  gint64 min_time, max_time;
  GError *error = NULL;
  double amount = 1;

  ck_assert_ptr_null (kpi_dataset_get_database (loaded));
  ck_assert_int_eq (kpi_dataset_get_pushdown (attached), KPI_PUSHDOWN_REQUIRE);
  ck_assert_msg (kpi_dataset_attach_table (attached, db, "or;ders ✓", NULL, NULL, &error),
                 "%s", error ? error->message : "");
  ck_assert_ptr_eq (kpi_dataset_get_database (attached), db);
  ck_assert_uint_eq (kpi_dataset_get_n_rows (attached), 0);
  ck_assert_uint_eq (kpi_dataset_get_n_columns (attached), 4);
  ck_assert_int_eq (kpi_dataset_get_column_kind (attached, 0), KPI_COLUMN_TIME);
  for (guint c = 1; c < 4; c++)
    {
      guint index;
      KpiColumnKind kind;

      ck_assert (kpi_dataset_lookup_column (loaded, kpi_dataset_get_column_name (attached, c),
                                            &index, &kind));
      ck_assert_int_eq (kind, kpi_dataset_get_column_kind (attached, c));
    }
  /* The distinct values, in order (the missing group is no value) */
  dictionary = kpi_dataset_dup_dimension_dictionary (attached, "ré\"gion");
  ck_assert_uint_eq (g_strv_length (dictionary), 3);
  ck_assert_str_eq (dictionary[0], "it's; DROP");
  ck_assert_str_eq (dictionary[1], "north");
  ck_assert_str_eq (dictionary[2], "süd");
  /* The relation's span: 5 January to 1 March */
  ck_assert (kpi_dataset_get_time_range (attached, &min_time, &max_time));
  ck_assert_int_eq (min_time, kpi_test_utc (2025, 1, 5, 0, 0));
  ck_assert_int_eq (max_time, kpi_test_utc (2025, 3, 1, 0, 0));
  ck_assert_int_eq (coverage_of (attached, "2024-12"), KPI_COVERAGE_NONE);
  ck_assert_int_eq (coverage_of (attached, "2025-02"), KPI_COVERAGE_FULL);
  ck_assert_int_eq (coverage_of (attached, "2025-03"), KPI_COVERAGE_FULL);
  ck_assert_int_eq (coverage_of (attached, "2025-04"), KPI_COVERAGE_NONE);
  ck_assert_int_eq (coverage_of (attached, "2025-03"), coverage_of (loaded, "2025-03"));
  remote = kpi_dataset_get_remote (attached);
  ck_assert_ptr_nonnull (remote);
  ck_assert_str_eq (remote->time_column, "date");
  ck_assert_uint_eq (remote->unbounded_dimensions->len, 0);
  ck_assert_int_eq (remote->time_kind, kpi_database_get_dialect (db) == KPI_SQL_DIALECT_SQLITE
                    ? KPI_SQL_TIME_TEXT : KPI_SQL_TIME_TIMESTAMPTZ);

  /* No rows may be added to it, nor may it be attached again */
  ck_assert (!kpi_dataset_append_row (attached, 0, NULL, 0, &amount, 1, &error));
  ck_assert (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_ATTACHED));
  kpi_test_assert_contains (error->message, "table “or;ders ✓”");
  g_clear_error (&error);
  ck_assert (!kpi_dataset_load_table (attached, db, "or;ders ✓", NULL, NULL, &error));
  ck_assert (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_ATTACHED));
  g_clear_error (&error);
  ck_assert (!kpi_dataset_attach_table (attached, db, "or;ders ✓", NULL, NULL, &error));
  ck_assert (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_ATTACHED));
  g_clear_error (&error);
  ck_assert (!kpi_dataset_attach_table (loaded, db, "or;ders ✓", NULL, NULL, &error));
  ck_assert (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_ATTACHED));
  g_clear_error (&error);

  /* Fetched: the rows of a load, and an ordinary dataset */
  ck_assert_msg (kpi_dataset_fetch (attached, NULL, &error), "%s", error ? error->message : "");
  ck_assert_ptr_null (kpi_dataset_get_database (attached));
  ck_assert_ptr_null (kpi_dataset_get_remote (attached));
  assert_same_dataset (loaded, attached);
  ck_assert (kpi_dataset_append_row (attached, 0, (const char *[]) { "x" }, 1,
                                     (const double[]) { 1, 2 }, 2, &error));

  /* A query, and a coverage from the options */
  {
    g_autoptr(KpiLoadOptions) options = kpi_load_options_new ();

    kpi_load_options_set_coverage (options, kpi_test_utc (2025, 1, 1, 0, 0),
                                   kpi_test_utc (2025, 5, 1, 0, 0), NULL);
    ck_assert_msg (kpi_dataset_attach_query (by_query, db, "SELECT date, amount FROM "
                                             "\"or;ders ✓\" WHERE amount > 1", options, NULL,
                                             &error), "%s", error ? error->message : "");
    ck_assert_uint_eq (kpi_dataset_get_n_columns (by_query), 2);
    ck_assert_int_eq (coverage_of (by_query, "2025-04"), KPI_COVERAGE_FULL);
    ck_assert (kpi_dataset_get_time_range (by_query, NULL, &max_time));
    ck_assert_int_eq (max_time, kpi_test_utc (2025, 1, 20, 0, 0));
  }
  kpi_dataset_set_pushdown (by_query, KPI_PUSHDOWN_FETCH);
  ck_assert_int_eq (kpi_dataset_get_pushdown (by_query), KPI_PUSHDOWN_FETCH);
}

START_TEST (test_sqlite_load_and_attach)
{
  g_autofree char *sql = g_strconcat (orders_sqlite,
    "CREATE TABLE bad (date TEXT, order_id INTEGER PRIMARY KEY, amount);"
    "INSERT INTO bad VALUES ('2025-01-01', 1, 1), ('2025-01-02', 17, 'n/a');", NULL);
  g_autofree char *path = kpi_test_db_make_sqlite ("orders.db", sql);
  g_autoptr(KpiDatabase) db = kpi_database_open (path, NULL, NULL);

  ck_assert_ptr_nonnull (db);
  check_loads (db);
  check_load_errors (db, path);
  check_attach (db);
}
END_TEST

START_TEST (test_pg_load_and_attach)
{
  g_autoptr(KpiDatabase) db = kpi_test_db_open_pg ();

  if (db == NULL)
    return;
  kpi_test_db_exec (db, orders_pg);
  kpi_test_db_exec (db, "CREATE TABLE bad (date date, order_id int PRIMARY KEY, amount text);\n"
                        "INSERT INTO bad VALUES ('2025-01-01', 1, '1'), ('2025-01-02', 17, 'n/a')");
  check_loads (db);
  check_load_errors (db, "kpitest");
  check_attach (db);
}
END_TEST

/* A dimension of SQLite that mixes storage classes: 0 and 0.0 (one value
 * to DISTINCT, which compares numbers as numbers) are two values of the
 * loaded dataset, "0" and "0.0", and so of the attached one's dictionary
 * (found by fuzz/fuzz-sql-rows: the attached dataset had
 * "0.0" only) */
START_TEST (test_sqlite_attach_mixed_dimension)
{
  g_autofree char *path = kpi_test_db_make_sqlite ("mixed.db",
    "CREATE TABLE t (date TEXT, code, amount REAL);"
    "INSERT INTO t VALUES ('2025-01-01', 0.0, 1), ('2025-01-02', 0, 2), ('2025-01-03', 'x', 3),"
    " ('2025-01-04', 2.5, 4), ('2025-01-05', NULL, 5);");
  g_autoptr(KpiDatabase) db = kpi_database_open (path, NULL, NULL);
  g_autoptr(KpiDataset) loaded = load_table_ok (db, "t", NULL);
  g_autoptr(KpiDataset) attached = kpi_dataset_new ("date");
  g_auto(GStrv) want = NULL;
  g_auto(GStrv) got = NULL;
  GError *error = NULL;

  ck_assert (kpi_dataset_attach_table (attached, db, "t", NULL, NULL, &error));
  want = kpi_dataset_dup_dimension_dictionary (loaded, "code");
  got = kpi_dataset_dup_dimension_dictionary (attached, "code");
  /* in the order read, and in SQLite's order of text */
  ck_assert_uint_eq (g_strv_length (want), 4);
  ck_assert_str_eq (want[0], "0.0");
  ck_assert_str_eq (want[1], "0");
  ck_assert_str_eq (want[2], "x");
  ck_assert_str_eq (want[3], "2.5");
  ck_assert_uint_eq (g_strv_length (got), 4);
  ck_assert_str_eq (got[0], "0");
  ck_assert_str_eq (got[1], "0.0");
  ck_assert_str_eq (got[2], "2.5");
  ck_assert_str_eq (got[3], "x");
}
END_TEST

/* The same orders from a CSV, SQLite and PostgreSQL give the same dataset */
START_TEST (test_three_sources_agree)
{
  g_autofree char *path = kpi_test_db_make_sqlite ("orders.db", orders_sqlite);
  g_autoptr(KpiDatabase) sqlite = kpi_database_open (path, NULL, NULL);
  g_autoptr(KpiDatabase) pg = kpi_test_db_open_pg ();
  g_autoptr(KpiDataset) from_csv = kpi_test_load (orders_csv, NULL);
  g_autoptr(KpiDataset) from_sqlite = NULL;
  g_autoptr(KpiDataset) from_pg = NULL;

  if (pg == NULL)
    return;
  kpi_test_db_exec (pg, orders_pg);
  from_sqlite = load_table_ok (sqlite, "or;ders ✓", NULL);
  from_pg = load_table_ok (pg, "or;ders ✓", NULL);
  assert_same_dataset (from_csv, from_sqlite);
  assert_same_dataset (from_csv, from_pg);
  assert_same_dataset (from_sqlite, from_pg);
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "open_sqlite", test_open_sqlite },
    { "open_errors", test_open_errors },
    { "mask_uri", test_mask_uri },
    { "sqlite_query", test_sqlite_query },
    { "sqlite_errors_and_turns", test_sqlite_errors_and_turns },
    { "sqlite_cancel", test_sqlite_cancel },
    { "sqlite_time_us", test_sqlite_time_us },
    { "pg_open_and_list", test_pg_open_and_list },
    { "pg_query", test_pg_query },
    { "pg_errors_and_turns", test_pg_errors_and_turns },
    { "pg_cancel", test_pg_cancel },
    { "pg_time_us", test_pg_time_us },
    { "sqlite_load_and_attach", test_sqlite_load_and_attach },
    { "pg_load_and_attach", test_pg_load_and_attach },
    { "three_sources_agree", test_three_sources_agree },
    { "sqlite_attach_mixed_dimension", test_sqlite_attach_mixed_dimension },
  };
  Suite *suite = suite_create ("database");

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TCase *tc = tcase_create (cases[i].name);

      tcase_add_checked_fixture (tc, kpi_test_db_setup, kpi_test_db_teardown);
      tcase_set_timeout (tc, 60);
      tcase_add_test (tc, cases[i].test);
      suite_add_tcase (suite, tc);
    }
  return kpi_test_run_suite (suite);
}
