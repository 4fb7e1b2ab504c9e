/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-database.h: a connection to an SQLite file or a PostgreSQL database */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <gio/gio.h>
#include <libkpi/kpi-version.h>

G_BEGIN_DECLS

/**
 * KpiSqlDialect:
 * @KPI_SQL_DIALECT_SQLITE: an SQLite database file (libsqlite3)
 * @KPI_SQL_DIALECT_POSTGRESQL: a PostgreSQL server (libpq), or an engine
 *   that speaks its protocol and its SQL
 *
 * The kind of database a #KpiDatabase is connected to, which is the SQL
 * it speaks.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_SQL_DIALECT_SQLITE,
  KPI_SQL_DIALECT_POSTGRESQL,
} KpiSqlDialect;

/**
 * KpiPushdown:
 * @KPI_PUSHDOWN_REQUIRE: a formula over a dataset attached to a database
 *   is evaluated in the database; one that cannot be (a construct the SQL
 *   compiler does not translate) fails with an error naming the construct
 * @KPI_PUSHDOWN_FETCH: a formula that cannot be evaluated in the database
 *   fetches the rows of the relation into memory and is evaluated there
 *
 * What an evaluation over an attached dataset
 * ([method@Kpi.Dataset.attach_table]) does with a formula that cannot be
 * pushed down to the database ([property@Kpi.Dataset:pushdown]).
 *
 * Since: 0.1
 */
typedef enum {
  KPI_PUSHDOWN_REQUIRE,
  KPI_PUSHDOWN_FETCH,
} KpiPushdown;

#define KPI_TYPE_DATABASE (kpi_database_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiDatabase, kpi_database, KPI, DATABASE, GObject)

KPI_AVAILABLE_IN_0_1
KpiDatabase   *kpi_database_open         (const char    *uri,
                                          GCancellable  *cancellable,
                                          GError       **error);
KPI_AVAILABLE_IN_0_1
KpiSqlDialect  kpi_database_get_dialect  (KpiDatabase   *self);
KPI_AVAILABLE_IN_0_1
const char    *kpi_database_get_uri      (KpiDatabase   *self);
KPI_AVAILABLE_IN_0_1
const char    *kpi_database_get_name     (KpiDatabase   *self);
KPI_AVAILABLE_IN_0_1
char         **kpi_database_list_tables  (KpiDatabase   *self,
                                          GCancellable  *cancellable,
                                          GError       **error);
KPI_AVAILABLE_IN_0_1
void           kpi_database_close        (KpiDatabase   *self);
KPI_AVAILABLE_IN_0_1
gboolean       kpi_database_is_closed    (KpiDatabase   *self);

G_END_DECLS
