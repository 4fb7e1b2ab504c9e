/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-database-backend-private.h: what kpi-database.c asks of each of its
 * backends (kpi-database-sqlite.c, kpi-database-pg.c), and the cursor
 * they share.  Nothing else includes it: the rest of the library goes
 * through kpi-database-private.h.  Not installed, not scanned. */

#pragma once

#include "kpi-database-private.h"

G_BEGIN_DECLS

/* What a cursor of one backend does; the rest of KpiSqlCursor is common. */
typedef struct
{
  gboolean    (*next)     (KpiSqlCursor *cursor,
                           GError      **error);
  KpiSqlType  (*get_type) (KpiSqlCursor *cursor,
                           guint         column);
  gint64      (*get_int)  (KpiSqlCursor *cursor,
                           guint         column);
  double      (*get_real) (KpiSqlCursor *cursor,
                           guint         column);
  const char *(*get_text) (KpiSqlCursor *cursor,
                           guint         column,
                           gsize        *length);
  gboolean    (*is_blob)  (KpiSqlCursor *cursor,
                           guint         column);
  /* Ends the query (cancels what is left of it) and frees the backend's
   * part of @cursor, not @cursor itself. */
  void        (*finish)   (KpiSqlCursor *cursor);
} KpiSqlCursorClass;

/* A backend's cursor starts with this (its first member). */
struct _KpiSqlCursor
{
  const KpiSqlCursorClass *klass;
  KpiDatabase  *db;             /* owned; its connection is ours until freed */
  guint         n_columns;
  char        **names;          /* n_columns, UTF-8 */
  char        **decls;          /* n_columns, lower case, "" when unknown */
  GCancellable *cancellable;    /* owned, or NULL */
  gboolean      done;           /* past the last row, or failed */
};

typedef struct
{
  KpiSqlDialect dialect;
  /* Opens @target (a path or a libpq connection string); the connection,
   * or NULL with @error set.  @shown names the database in messages. */
  gpointer      (*open)        (const char    *target,
                                const char    *shown,
                                GCancellable  *cancellable,
                                GError       **error);
  void          (*close)       (gpointer       connection);
  /* Runs @sql; a new cursor of the backend with klass, the columns and
   * the first row's state set (kpi-database.c fills in db and cancellable
   * before it returns it). */
  KpiSqlCursor *(*query)       (gpointer       connection,
                                const char    *shown,
                                const char    *sql,
                                GArray        *params,
                                GCancellable  *cancellable,
                                GError       **error);
  /* The SQL listing the names of the tables and views, one column */
  const char    *list_tables_sql;
  /* The SQL giving the name(s) of the primary key column(s) of the table
   * bound as the only parameter (its plain name), one row each */
  const char    *primary_key_sql;
} KpiDatabaseBackend;

extern const KpiDatabaseBackend kpi_database_sqlite_backend;
extern const KpiDatabaseBackend kpi_database_pg_backend;

/* The name of the database of a PostgreSQL connection, for messages */
char       *kpi_database_pg_name   (gpointer    connection);

/* Lower case copy of a declared type ("" for NULL) */
char       *kpi_sql_decl_normalize (const char *decl);

G_END_DECLS
