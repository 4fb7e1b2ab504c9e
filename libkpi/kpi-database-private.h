/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-database-private.h: what the dataset loaders and the SQL evaluator
 * (pushed-down formulas) need of a database connection (KpiDatabase,
 * kpi-database.c, with one backend per dialect: kpi-database-sqlite.c,
 * kpi-database-pg.c), and of a dataset attached to a table or query of
 * one (a "remote" dataset: columns and dictionaries, no rows).
 *
 * This is the contract between the connection layer and the SQL
 * compiler: both are written against it.  Not installed, not scanned. */

#pragma once

#include "kpi.h"

G_BEGIN_DECLS

/* ------------------------------------------------------------------------ */
/* Parameters and values */

typedef enum {
  KPI_SQL_NULL,
  KPI_SQL_INTEGER,      /* gint64 */
  KPI_SQL_REAL,         /* double */
  KPI_SQL_TEXT,         /* UTF-8 */
} KpiSqlType;

/* A value bound to a placeholder. Never pasted into the SQL text. */
typedef struct
{
  KpiSqlType  type;
  gint64      i;
  double      d;
  char       *s;        /* owned */
} KpiSqlValue;

/* A new array of KpiSqlValue that frees the strings of its values. */
GArray     *kpi_sql_params_new        (void);
/* Appends a value to @params and its placeholder to @sql ("$3" in
 * PostgreSQL, "?3" in SQLite: 1-based, in order of appending), with the
 * cast PostgreSQL needs to type it ("$3::bigint", "$3::float8",
 * "$3::text"). */
void        kpi_sql_add_int           (GString       *sql,
                                       KpiSqlDialect  dialect,
                                       GArray        *params,
                                       gint64         value);
void        kpi_sql_add_real          (GString       *sql,
                                       KpiSqlDialect  dialect,
                                       GArray        *params,
                                       double         value);
void        kpi_sql_add_text          (GString       *sql,
                                       KpiSqlDialect  dialect,
                                       GArray        *params,
                                       const char    *value);
/* Appends @name as a quoted identifier ("a""b"), whatever it holds. */
void        kpi_sql_add_identifier    (GString       *sql,
                                       const char    *name);

/* ------------------------------------------------------------------------ */
/* Queries */

typedef struct _KpiSqlCursor KpiSqlCursor;

/* Runs @sql with @params (nullable: none) on @db's connection.  The
 * connection is the cursor's until kpi_sql_cursor_free(): other queries on
 * @db wait (one connection, used by one thread at a time).  Rows stream:
 * PostgreSQL through a cursor or single-row mode, SQLite step by step;
 * @cancellable is checked every few thousand rows and cancels the query
 * on the server.  Errors: G_IO_ERROR (connection, server), with the
 * server's message, and KPI_DATASET_ERROR_PARSE for SQL the server
 * refuses (the message quotes the server's). */
KpiSqlCursor *kpi_database_query      (KpiDatabase   *db,
                                       const char    *sql,
                                       GArray        *params,
                                       GCancellable  *cancellable,
                                       GError       **error);
/* Moves to the next row: TRUE on a row, FALSE at the end or on error
 * (@error set then). */
gboolean    kpi_sql_cursor_next       (KpiSqlCursor  *cursor,
                                       GError       **error);
guint       kpi_sql_cursor_get_n_columns (KpiSqlCursor *cursor);
const char *kpi_sql_cursor_get_column_name (KpiSqlCursor *cursor,
                                            guint         column);
/* The declared type of a column, lower case ("double precision",
 * "timestamp with time zone", "text"; SQLite: the declared type, "" for
 * an expression). */
const char *kpi_sql_cursor_get_column_decl (KpiSqlCursor *cursor,
                                            guint         column);
/* The value of the current row: its type, and as each type. */
KpiSqlType  kpi_sql_cursor_get_type   (KpiSqlCursor  *cursor,
                                       guint          column);
gint64      kpi_sql_cursor_get_int    (KpiSqlCursor  *cursor,
                                       guint          column);
double      kpi_sql_cursor_get_real   (KpiSqlCursor  *cursor,
                                       guint          column);
const char *kpi_sql_cursor_get_text   (KpiSqlCursor  *cursor,
                                       guint          column,
                                       gsize         *length);
/* Ends the query (cancelling what is left of it) and frees the
 * connection for the next. */
void        kpi_sql_cursor_free       (KpiSqlCursor  *cursor);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpiSqlCursor, kpi_sql_cursor_free)

/* ------------------------------------------------------------------------ */
/* A dataset attached to a relation of a database */

/* How the time column is stored, which says how SQL turns it into
 * microseconds since the Unix epoch (kpi_sql_add_time_us()). */
typedef enum {
  KPI_SQL_TIME_EPOCH,        /* INTEGER or REAL seconds since the epoch */
  KPI_SQL_TIME_TEXT,         /* ISO 8601 text; without an offset, local
                              * time in the remote's time zone */
  KPI_SQL_TIME_DATE,         /* PostgreSQL date: midnight in the zone */
  KPI_SQL_TIME_TIMESTAMP,    /* PostgreSQL timestamp: local, in the zone */
  KPI_SQL_TIME_TIMESTAMPTZ,  /* PostgreSQL timestamptz: an instant */
} KpiSqlTimeKind;

typedef struct
{
  KpiDatabase    *db;
  char           *relation;     /* SQL of a FROM item: "\"orders\"" or
                                 * "(SELECT ...) AS kpi_q" */
  char           *time_column;
  KpiSqlTimeKind  time_kind;
  GTimeZone      *time_zone;    /* of times without an offset */
  /* The declared column order of the relation; kinds are the dataset's.
   * Measures stored as text are not numbers to SQL: such a column name
   * is listed here and a pushed-down formula that reads it fails. */
  GPtrArray      *text_measures;
  /* Dimensions whose distinct values were too many to keep as the
   * dictionary (kpi_dataset_get_table()'s column has none): they can be
   * counted and compared, not broken down by. */
  GPtrArray      *unbounded_dimensions;
  /* Additions: what kpi_dataset_fetch() needs to load the rows, and
   * messages */
  char           *table;        /* the table, or NULL for a query */
  char           *sql;          /* the query, or NULL for a table */
  char           *what;         /* "table “orders”", or "query" */
  char           *source_name;  /* the database's name, or the options' */
  KpiLoadOptions *options;      /* a copy */
} KpiDatasetRemote;

void        kpi_dataset_remote_free   (KpiDatasetRemote *remote);

/* The relation @self is attached to, or NULL for a dataset of rows in
 * memory (also once kpi_dataset_fetch() has loaded them). */
const KpiDatasetRemote *kpi_dataset_get_remote (KpiDataset *self);

/* Appends an SQL expression of @remote's dialect giving the time of a
 * row of the relation in microseconds since the epoch (an integer), or
 * NULL where the time is NULL.  SQLite: text times go through the
 * function kpi_time_us(text, zone) that the SQLite backend registers on
 * its connection (the same reading as the file loaders). */
void        kpi_sql_add_time_us       (GString                *sql,
                                       const KpiDatasetRemote *remote,
                                       GArray                 *params);

/* ------------------------------------------------------------------------ */
/* Additions of the connection layer (kpi-database.c) */

/* Whether the value of the current row is a BLOB (SQLite) or bytea
 * (PostgreSQL): kpi_sql_cursor_get_type() says KPI_SQL_TEXT of it, and
 * kpi_sql_cursor_get_text() gives its bytes. */
gboolean    kpi_sql_cursor_is_blob    (KpiSqlCursor  *cursor,
                                       guint          column);
/* The SQLite file @path (a path, whatever it looks like), named @shown in
 * messages */
KpiDatabase *kpi_database_open_sqlite_path (const char    *path,
                                            const char    *shown,
                                            GCancellable  *cancellable,
                                            GError       **error);
/* @uri with the password (URI user information, password= keyword or
 * parameter) replaced by "***" */
char       *kpi_database_mask_uri     (const char    *uri);
/* Checks that @table names a table or view of @db, or sets
 * G_IO_ERROR_NOT_FOUND with a near miss among them, the message naming
 * the database as @source (NULL: its name). */
gboolean    kpi_database_find_table   (KpiDatabase   *db,
                                       const char    *table,
                                       const char    *source,
                                       GCancellable  *cancellable,
                                       GError       **error);
/* The names of the primary key columns of @table (none for a view) */
GPtrArray  *kpi_database_get_primary_key (KpiDatabase  *db,
                                          const char   *table,
                                          GCancellable *cancellable,
                                          GError      **error);

G_END_DECLS
