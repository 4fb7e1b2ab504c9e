/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-store-private.h: what the files of KpiStore share: the connection,
 * its prepared statements and transactions, errors, periods.
 *
 * Not installed, not scanned.  kpi-store.c holds the schema and every
 * statement's SQL; kpi-store-values.c the values and fingerprints,
 * kpi-store-results.c the check results. */

#pragma once

#include <sqlite3.h>

#include "kpi.h"

G_BEGIN_DECLS

/* The statements of the store, prepared on first use (their SQL is in
 * kpi-store.c). */
typedef enum {
  KPI_STORE_STMT_BEGIN_READ,
  KPI_STORE_STMT_BEGIN_WRITE,
  KPI_STORE_STMT_COMMIT,
  KPI_STORE_STMT_ROLLBACK,
  KPI_STORE_STMT_HEADER,
  KPI_STORE_STMT_PERIOD_INSERT,
  KPI_STORE_STMT_PERIOD_FIND,
  KPI_STORE_STMT_SERIES_INSERT,
  KPI_STORE_STMT_SERIES_FIND,
  KPI_STORE_STMT_REVISION_LATEST,
  KPI_STORE_STMT_REVISION_INSERT,
  KPI_STORE_STMT_REVISION_AS_OF,
  KPI_STORE_STMT_REVISION_LIST,
  KPI_STORE_STMT_FINGERPRINT_LATEST,
  KPI_STORE_STMT_FINGERPRINT_INSERT,
  KPI_STORE_STMT_FINGERPRINT_AS_OF,
  KPI_STORE_STMT_RESULT_INSERT,
  KPI_STORE_STMT_AFFECTED_INSERT,
  KPI_STORE_STMT_RESULT_LIST,
  KPI_STORE_STMT_RESULT_LIST_CHECK,
  KPI_STORE_STMT_AFFECTED_LIST,
  KPI_STORE_N_STMTS
} KpiStoreStmt;

/* The columns of a period, as the statements select them from `periods p`:
 * label, granularity, base, ordinal, start, end, partial, time_zone,
 * fiscal_year_start_month (kpi_store_period_read()). */
#define KPI_STORE_N_PERIOD_COLUMNS 9

struct _KpiStore
{
  GObject        parent_instance;

  char          *path;
  char          *display;        /* the path, valid UTF-8, for messages */
  gboolean       initialized;
  GError        *init_error;     /* nullable: why the store did not open */

  /* Guards everything below: one call at a time uses the connection, from
   * the first statement of its transaction to the last. */
  GMutex         lock;
  sqlite3       *db;             /* NULL until opened */
  sqlite3_stmt  *stmts[KPI_STORE_N_STMTS];
};

/* What every call but the getters requires: the store opened. */
#define KPI_STORE_USABLE(self) (KPI_IS_STORE (self) && (self)->db != NULL)

/* Sets @error from the connection's last error: "PATH: WHAT: SQLite's
 * message", in the code that says what it means for a store. */
void          kpi_store_set_sqlite_error  (KpiStore      *self,
                                           const char    *what,
                                           GError       **error);
/* Sets a KPI_STORE_ERROR_CORRUPT: "PATH: WHAT does not read back". */
void          kpi_store_set_corrupt_error (KpiStore      *self,
                                           GError       **error,
                                           const char    *format,
                                           ...) G_GNUC_PRINTF (3, 4);

/* The prepared statement @id, reset, with no value bound; NULL with
 * @error set when it cannot be prepared. */
sqlite3_stmt *kpi_store_stmt_get          (KpiStore      *self,
                                           KpiStoreStmt   id,
                                           GError       **error);
/* Done with @stmt (nullable): resets it (a statement left pending would
 * keep its read transaction open) and drops its bindings. */
void          kpi_store_stmt_release      (sqlite3_stmt  *stmt);
/* Steps @stmt to its end (an INSERT, a BEGIN) and releases it. */
gboolean      kpi_store_stmt_run          (KpiStore      *self,
                                           sqlite3_stmt  *stmt,
                                           const char    *what,
                                           GError       **error);

/* Transactions: a writer takes the write lock at once (BEGIN IMMEDIATE).
 * kpi_store_rollback() ends a transaction that failed; what failed is
 * already in an error. */
gboolean      kpi_store_begin             (KpiStore      *self,
                                           gboolean       write,
                                           GError       **error);
gboolean      kpi_store_commit            (KpiStore      *self,
                                           GError       **error);
void          kpi_store_rollback          (KpiStore      *self);

/* Binds the NUL-terminated @text (copied), or NULL. */
void          kpi_store_bind_text         (sqlite3_stmt  *stmt,
                                           int            index,
                                           const char    *text);

/* Enumerations are stored by their nicks. */
const char   *kpi_store_enum_nick         (GType          type,
                                           int            value);
/* The value of the nick @text (nullable) into *@value; FALSE when it is
 * not one (a row changed by hand). */
gboolean      kpi_store_enum_from_nick    (GType          type,
                                           const char    *text,
                                           int           *value);

/* A name to record under (an indicator id, a dataset name): not empty,
 * and valid UTF-8, since the store's text is. */
gboolean      kpi_store_check_name        (const char    *what,
                                           const char    *name,
                                           GError       **error);
/* An instant for messages: ISO 8601 in UTC. */
char         *kpi_store_instant_text      (gint64         t);

/* The row id of @period in the periods table, added if new. */
gboolean      kpi_store_period_id         (KpiStore         *self,
                                           const KpiPeriod  *period,
                                           sqlite3_int64    *id,
                                           GError          **error);
/* The period in the KPI_STORE_N_PERIOD_COLUMNS columns of @stmt from
 * @col, rebuilt as the calendar that made it made it. */
KpiPeriod    *kpi_store_period_read       (KpiStore      *self,
                                           sqlite3_stmt  *stmt,
                                           int            col,
                                           GError       **error);

G_END_DECLS
