/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-test-db.h: what the C tests of database sources share: a
 * temporary directory for SQLite files, and a fresh schema of the test
 * PostgreSQL server (tests/pg-server.sh) for each test case.
 *
 * KPI_TEST_PG holds the server's connection string (make check starts the
 * server).  Without it, a PostgreSQL test case fails when
 * KPI_TEST_PG_REQUIRED is set (configure found PostgreSQL: the server
 * should have been there), and is skipped otherwise, saying so. */

#pragma once

#include <string.h>
#include <unistd.h>
#include <check.h>
#include <sqlite3.h>
#include <glib/gstdio.h>
#include <libkpi/kpi.h>

#include "kpi-database-private.h"

static char *kpi_test_db_temp_dir;
static char *kpi_test_db_schema;

static inline void
kpi_test_db_setup (void)
{
  GError *error = NULL;

  kpi_test_db_temp_dir = g_dir_make_tmp ("kpi-db-XXXXXX", &error);
  ck_assert_msg (kpi_test_db_temp_dir != NULL, "%s", error ? error->message : "");
}

static inline const char *
kpi_test_db_dir (void)
{
  return kpi_test_db_temp_dir;
}

static inline const char *
kpi_test_db_pg_conninfo (void)
{
  const char *conninfo = g_getenv ("KPI_TEST_PG");

  return conninfo != NULL && conninfo[0] != '\0' ? conninfo : NULL;
}

/* Runs @sql, statements separated by ";\n" (so that a ';' inside a
 * quoted name is not an end), one at a time on @db; each must succeed. */
static inline void
kpi_test_db_exec (KpiDatabase *db,
                  const char  *sql)
{
  g_auto(GStrv) statements = g_strsplit (sql, ";\n", -1);

  for (guint i = 0; statements[i] != NULL; i++)
    {
      g_autoptr(KpiSqlCursor) cursor = NULL;
      GError *error = NULL;

      if (g_strstrip (statements[i])[0] == '\0')
        continue;
      cursor = kpi_database_query (db, statements[i], NULL, NULL, &error);
      ck_assert_msg (cursor != NULL, "%s: %s", statements[i], error ? error->message : "");
      while (kpi_sql_cursor_next (cursor, &error))
        ;
      ck_assert_msg (error == NULL, "%s: %s", statements[i], error->message);
    }
}

static inline void
kpi_test_db_remove_tree (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        kpi_test_db_remove_tree (path);
      else
        g_unlink (path);
    }
  g_dir_close (d);
  g_rmdir (dir);
}

static inline void
kpi_test_db_teardown (void)
{
  if (kpi_test_db_schema != NULL)
    {
      g_autoptr(KpiDatabase) db = kpi_database_open (kpi_test_db_pg_conninfo (), NULL, NULL);
      g_autofree char *drop = g_strdup_printf ("DROP SCHEMA IF EXISTS %s CASCADE",
                                               kpi_test_db_schema);

      if (db != NULL)
        kpi_test_db_exec (db, drop);
      g_clear_pointer (&kpi_test_db_schema, g_free);
    }
  kpi_test_db_remove_tree (kpi_test_db_temp_dir);
  g_clear_pointer (&kpi_test_db_temp_dir, g_free);
}

/* The SQLite file @name in the temporary directory, made by running
 * @sql; returns its absolute path, to free. */
static inline char *
kpi_test_db_make_sqlite (const char *name,
                         const char *sql)
{
  char *path = g_build_filename (kpi_test_db_temp_dir, name, NULL);
  sqlite3 *db = NULL;
  char *message = NULL;

  ck_assert_int_eq (sqlite3_open (path, &db), SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    ck_abort_msg ("%s: %s", sql, message);
  sqlite3_close (db);
  return path;
}

/* A connection to a new, empty schema of the test server (the only one
 * of its search_path), dropped at the end of the test case; NULL when
 * there is no server and none is required (the case passes, skipped). */
static inline KpiDatabase *
kpi_test_db_open_pg (void)
{
  static guint counter;
  const char *conninfo = kpi_test_db_pg_conninfo ();
  g_autofree char *create = NULL;
  g_autofree char *with_path = NULL;
  KpiDatabase *db;
  GError *error = NULL;

  if (conninfo == NULL)
    {
      ck_assert_msg (g_getenv ("KPI_TEST_PG_REQUIRED") == NULL,
                     "KPI_TEST_PG is not set but PostgreSQL is installed: expected "
                     "make check to start tests/pg-server.sh");
      printf ("# skip: no PostgreSQL server (KPI_TEST_PG is not set)\n");
      return NULL;
    }
  kpi_test_db_schema = g_strdup_printf ("kpi_c_%d_%u", (int) getpid (), ++counter);
  db = kpi_database_open (conninfo, NULL, &error);
  ck_assert_msg (db != NULL, "%s: %s", conninfo, error ? error->message : "");
  create = g_strdup_printf ("DROP SCHEMA IF EXISTS %s CASCADE;\nCREATE SCHEMA %s",
                            kpi_test_db_schema, kpi_test_db_schema);
  kpi_test_db_exec (db, create);
  g_object_unref (db);
  with_path = g_strdup_printf ("%s options='-c search_path=%s'", conninfo, kpi_test_db_schema);
  db = kpi_database_open (with_path, NULL, &error);
  ck_assert_msg (db != NULL, "%s: %s", with_path, error ? error->message : "");
  return db;
}
