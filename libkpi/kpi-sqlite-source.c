/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-sqlite-source.c: a dataset's rows from a table of an SQLite file
 * given by its path (the definitions file's sqlite sources).
 *
 * A case of the loader of database tables (kpi-database-load.c): the file
 * is opened as a KpiDatabase for the load, the rows read through it, and
 * the table committed as a CSV load's is. */

#include "config.h"

#include "kpi-database-private.h"
#include "kpi-dataset-private.h"
#include "kpi-load-options-private.h"
#include "kpi-sqlite-source-private.h"
#include "kpi-util-private.h"

KpiTable *
kpi_sqlite_table_parse (const KpiLoadContext  *ctx,
                        const char            *path,
                        const char            *table,
                        GError               **error)
{
  g_autoptr(KpiDatabase) db = NULL;
  const char *source;

  g_return_val_if_fail (ctx != NULL && ctx->options != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  source = ctx->source_name != NULL ? ctx->source_name : "<database>";
  db = kpi_database_open_sqlite_path (path, source, ctx->cancellable, error);
  if (db == NULL)
    return NULL;
  return kpi_database_table_parse (ctx, db, table, NULL, error);
}

gboolean
kpi_dataset_load_sqlite_table (KpiDataset      *self,
                               const char      *path,
                               const char      *table,
                               KpiLoadOptions  *options,
                               GCancellable    *cancellable,
                               GError         **error)
{
  g_autoptr(KpiLoadOptions) own = NULL;
  g_autofree char *source = NULL;
  g_autofree char *table_shown = NULL;
  g_autofree char *where = NULL;
  KpiLoadContext ctx = { 0 };
  KpiTable *schema;
  KpiTable *parsed;
  const char *name;
  gint64 start, end;

  g_return_val_if_fail (KPI_IS_DATASET (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (options == NULL || KPI_IS_LOAD_OPTIONS (options), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options == NULL)
    {
      /* Without options, the dataset's own time column name */
      options = own = kpi_load_options_new ();
      kpi_load_options_set_time_column (own, kpi_dataset_get_time_column (self), NULL);
    }
  name = kpi_load_options_get_source_name (options);
  /* Messages quote it: a path in another encoding than UTF-8 must not
   * make them invalid. */
  source = kpi_text_for_message (name != NULL ? name : path, -1, 0);

  schema = kpi_dataset_dup_schema (self);
  ctx.source_name = source;
  ctx.options = options;
  ctx.existing = schema;
  ctx.cancellable = cancellable;
  parsed = kpi_sqlite_table_parse (&ctx, path, table, error);
  g_clear_pointer (&schema, kpi_table_free);
  if (parsed == NULL)
    return FALSE;

  /* The commit's messages (columns that do not fit) name the table too */
  table_shown = kpi_text_for_message (table, -1, KPI_MESSAGE_QUOTE_CHARS);
  where = g_strdup_printf ("%s: table “%s”", source, table_shown);
  kpi_load_options_get_coverage (options, &start, &end);
  return kpi_dataset_commit_table (self, parsed, where, start, end,
                                   kpi_load_options_get_data_as_of (options), error);
}
