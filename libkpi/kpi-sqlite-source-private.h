/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-sqlite-source-private.h: a dataset's rows from a table (or view) of
 * an SQLite file.  Private until the public API for database sources
 * (SQLite and PostgreSQL) is designed; the two steps below are the shape
 * that API can grow from: a parse that touches no dataset (so that it may
 * run in a worker thread), then the dataset's one-step commit.
 * Not installed, not scanned. */

#pragma once

#include "kpi.h"
#include "kpi-parse-private.h"
#include "kpi-table-private.h"

G_BEGIN_DECLS

/* Reads every row of @table of the SQLite file @path into a new KpiTable.
 * The file is opened read-only and never created.  Column kinds as for a
 * CSV file (kpi-csv.c): the time column is named by the options'
 * time-column ("date" when unset); the kinds of @ctx->existing's columns
 * win, then the options' forced kinds; any other column is a measure when
 * every value is NULL, an INTEGER, a REAL or a TEXT that reads as a number
 * (with the options' decimal and thousands separators), else a dimension.
 * A column of NULLs only is a dimension when its declared type has TEXT
 * affinity (TEXT, CHAR, CLOB), else a measure.
 *
 * Values: times are TEXT ISO 8601 dates or date-times (those without an
 * offset in the options' time zone), or INTEGER or REAL seconds since the
 * Unix epoch; a NULL or empty time is an error.  Measures: NULL or empty
 * text is missing; an infinite REAL is an error.  Dimensions: NULL or
 * empty text is the missing group; numbers take SQLite's text of them.
 * A BLOB anywhere is an error.
 *
 * Errors: G_IO_ERROR_NOT_FOUND for a missing file or table (the message
 * suggests a near-miss among the file's tables and views), G_IO_ERROR for
 * what SQLite cannot read (locked, I/O), G_IO_ERROR_CANCELLED (checked
 * every few thousand rows); KPI_DATASET_ERROR for a file that is not a
 * database or is corrupt (PARSE) and for the data, the message naming
 * the source, the table, the row (its rowid, when the table has one) and
 * the column: "orders.db: table “orders”, row 17, column “date”: invalid
 * date “2025-13-01”: expected an ISO 8601 date (YYYY-MM-DD) or date-time".
 * @ctx->progress is not called (the number of rows is not known ahead). */
KpiTable *kpi_sqlite_table_parse        (const KpiLoadContext  *ctx,
                                         const char            *path,
                                         const char            *table,
                                         GError               **error);

/* Appends the rows of @table of the SQLite file @path to @self, all or
 * nothing (kpi_dataset_commit_table()): on failure the dataset is as it
 * was.  Coverage and data-as-of from @options, as a CSV load applies
 * them.  @options: NULL for the defaults, the time column then being the
 * dataset's.  Messages name the file as @path, or as the options'
 * source-name when set. */
gboolean  kpi_dataset_load_sqlite_table (KpiDataset            *self,
                                         const char            *path,
                                         const char            *table,
                                         KpiLoadOptions        *options,
                                         GCancellable          *cancellable,
                                         GError               **error);

/* The rows of @table (or of the query @sql: one of the two) of @db into a
 * new KpiTable, with the kinds and messages of kpi_dataset_load_table()
 * (kpi-database-load.c); @ctx->progress gets the rows read, total 0. */
KpiTable *kpi_database_table_parse      (const KpiLoadContext  *ctx,
                                         KpiDatabase           *db,
                                         const char            *table,
                                         const char            *sql,
                                         GError               **error);

G_END_DECLS
