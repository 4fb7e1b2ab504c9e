/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-dataset-columns.c: reading the values of a dataset's columns.
 *
 * Whole columns in place for C (valid until rows are added), one cell at a
 * time, and copies for bindings and other threads.  These read the table
 * through the interface the evaluator uses (kpi-dataset-private.h): the
 * functions that give copies hold the read lock while they copy; those that
 * give the columns in place or one cell do not, and their caller must not
 * let rows be added meanwhile (see KpiDataset's documentation on threads). */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-dataset-private.h"
#include "kpi-table-private.h"

/* The column called @name if it holds @kind, else NULL */
static KpiColumn *
find_column (KpiTable      *table,
             const char    *name,
             KpiColumnKind  kind)
{
  int i = kpi_table_lookup (table, name);
  KpiColumn *column;

  if (i < 0)
    return NULL;
  column = kpi_table_column (table, i);
  return column->kind == kind ? column : NULL;
}

/**
 * kpi_dataset_get_times:
 * @self: a dataset
 * @n_rows: (out): the number of rows
 *
 * Gives the time column in place: one time per row, in microseconds since
 * the Unix epoch (UTC), in row order (which need not be time order). The
 * array is valid until rows are added.
 *
 * Returns: (array length=n_rows) (transfer none) (nullable): the times, or
 *   %NULL when there are no rows
 *
 * Since: 0.1
 */
const gint64 *
kpi_dataset_get_times (KpiDataset *self,
                       gsize      *n_rows)
{
  KpiTable *table;

  g_return_val_if_fail (KPI_IS_DATASET (self), NULL);
  table = kpi_dataset_get_table (self);

  *n_rows = table->n_rows;
  if (table->n_rows == 0)
    return NULL;
  return kpi_table_column (table, table->time_index)->times;
}

/**
 * kpi_dataset_get_measure:
 * @self: a dataset
 * @column: the name of a measure column
 * @n_rows: (out): the number of rows
 *
 * Gives a measure column in place, one double per row. A missing value is
 * a NaN (test it with isnan(), or `x != x`); no present value is ever NaN
 * or infinite. The array is valid until rows are added.
 *
 * Returns: (array length=n_rows) (transfer none) (nullable): the values, or
 *   %NULL when there are no rows or @column is not a measure column
 *
 * Since: 0.1
 */
const double *
kpi_dataset_get_measure (KpiDataset *self,
                         const char *column,
                         gsize      *n_rows)
{
  KpiTable *table;
  KpiColumn *c;

  g_return_val_if_fail (KPI_IS_DATASET (self), NULL);
  g_return_val_if_fail (column != NULL, NULL);
  table = kpi_dataset_get_table (self);

  c = find_column (table, column, KPI_COLUMN_MEASURE);
  *n_rows = c != NULL ? table->n_rows : 0;
  return c != NULL && table->n_rows > 0 ? c->values : NULL;
}

/**
 * kpi_dataset_get_dimension_codes:
 * @self: a dataset
 * @column: the name of a dimension column
 * @n_rows: (out): the number of rows
 *
 * Gives a dimension column in place, one code per row: an index into
 * [method@Kpi.Dataset.get_dimension_dictionary], or %KPI_DIMENSION_MISSING.
 * The array is valid until rows are added.
 *
 * Returns: (array length=n_rows) (transfer none) (nullable): the codes, or
 *   %NULL when there are no rows or @column is not a dimension column
 *
 * Since: 0.1
 */
const guint32 *
kpi_dataset_get_dimension_codes (KpiDataset *self,
                                 const char *column,
                                 gsize      *n_rows)
{
  KpiTable *table;
  KpiColumn *c;

  g_return_val_if_fail (KPI_IS_DATASET (self), NULL);
  g_return_val_if_fail (column != NULL, NULL);
  table = kpi_dataset_get_table (self);

  c = find_column (table, column, KPI_COLUMN_DIMENSION);
  *n_rows = c != NULL ? table->n_rows : 0;
  return c != NULL && table->n_rows > 0 ? c->codes : NULL;
}

/**
 * kpi_dataset_get_dimension_dictionary:
 * @self: a dataset
 * @column: the name of a dimension column
 * @n_values: (out): the number of distinct values
 *
 * Gives the distinct values of a dimension column, in order of first
 * appearance: the value of code `i` is element `i`. The empty string (a
 * missing value) is never among them. The array is valid until rows are
 * added.
 *
 * Returns: (array length=n_values) (transfer none) (nullable): the values,
 *   or %NULL if @column is not a dimension column
 *
 * Since: 0.1
 */
const char * const *
kpi_dataset_get_dimension_dictionary (KpiDataset *self,
                                      const char *column,
                                      gsize      *n_values)
{
  KpiTable *table;
  KpiColumn *c;

  g_return_val_if_fail (KPI_IS_DATASET (self), NULL);
  g_return_val_if_fail (column != NULL, NULL);
  table = kpi_dataset_get_table (self);

  c = find_column (table, column, KPI_COLUMN_DIMENSION);
  *n_values = c != NULL ? kpi_dict_get_size (c->dict) : 0;
  return c != NULL ? kpi_dict_get_strings (c->dict) : NULL;
}

/**
 * kpi_dataset_get_time:
 * @self: a dataset
 * @row: a row index, below [method@Kpi.Dataset.get_n_rows]
 *
 * Gets the time of a row.
 *
 * Returns: the time of the row, in microseconds since the Unix epoch (UTC)
 *
 * Since: 0.1
 */
gint64
kpi_dataset_get_time (KpiDataset *self,
                      guint       row)
{
  KpiTable *table;

  g_return_val_if_fail (KPI_IS_DATASET (self), 0);
  table = kpi_dataset_get_table (self);
  g_return_val_if_fail (row < table->n_rows, 0);

  return kpi_table_column (table, table->time_index)->times[row];
}

/**
 * kpi_dataset_get_measure_value:
 * @self: a dataset
 * @column: the name of a measure column
 * @row: a row index, below [method@Kpi.Dataset.get_n_rows]
 * @value: (out) (optional): the value, or 0 when missing
 *
 * Reads one measure cell.
 *
 * Returns: %TRUE if the cell holds a value, %FALSE if it is missing (or
 *   there is no such column or row)
 *
 * Since: 0.1
 */
gboolean
kpi_dataset_get_measure_value (KpiDataset *self,
                               const char *column,
                               guint       row,
                               double     *value)
{
  KpiTable *table;
  KpiColumn *c;
  double v;

  if (value != NULL)
    *value = 0.0;
  g_return_val_if_fail (KPI_IS_DATASET (self), FALSE);
  g_return_val_if_fail (column != NULL, FALSE);
  table = kpi_dataset_get_table (self);

  c = find_column (table, column, KPI_COLUMN_MEASURE);
  if (c == NULL || row >= table->n_rows)
    return FALSE;
  v = c->values[row];
  if (isnan (v))
    return FALSE;
  if (value != NULL)
    *value = v;
  return TRUE;
}

/**
 * kpi_dataset_get_dimension_value:
 * @self: a dataset
 * @column: the name of a dimension column
 * @row: a row index, below [method@Kpi.Dataset.get_n_rows]
 *
 * Reads one dimension cell.
 *
 * Returns: (nullable): the value, or %NULL when it is missing (or there is
 *   no such column or row)
 *
 * Since: 0.1
 */
const char *
kpi_dataset_get_dimension_value (KpiDataset *self,
                                 const char *column,
                                 guint       row)
{
  KpiTable *table;
  KpiColumn *c;

  g_return_val_if_fail (KPI_IS_DATASET (self), NULL);
  g_return_val_if_fail (column != NULL, NULL);
  table = kpi_dataset_get_table (self);

  c = find_column (table, column, KPI_COLUMN_DIMENSION);
  if (c == NULL || row >= table->n_rows)
    return NULL;
  return kpi_dict_get (c->dict, c->codes[row]);
}

/**
 * kpi_dataset_dup_dimension_values:
 * @self: a dataset
 * @column: the name of a dimension column
 *
 * Copies a dimension column out as strings, one per row, a missing value
 * being the empty string. Meant for bindings and small datasets: C code
 * reads [method@Kpi.Dataset.get_dimension_codes] instead.
 *
 * Returns: (transfer full) (array zero-terminated=1) (nullable): the values,
 *   or %NULL if @column is not a dimension column
 *
 * Since: 0.1
 */
char **
kpi_dataset_dup_dimension_values (KpiDataset *self,
                                  const char *column)
{
  KpiTable *table;
  KpiColumn *c;
  char **values;

  g_return_val_if_fail (KPI_IS_DATASET (self), NULL);
  g_return_val_if_fail (column != NULL, NULL);
  table = kpi_dataset_get_table (self);

  kpi_dataset_read_lock (self);
  c = find_column (table, column, KPI_COLUMN_DIMENSION);
  if (c == NULL)
    {
      kpi_dataset_read_unlock (self);
      return NULL;
    }
  values = g_new (char *, table->n_rows + 1);
  for (gsize row = 0; row < table->n_rows; row++)
    {
      const char *s = kpi_dict_get (c->dict, c->codes[row]);
      values[row] = g_strdup (s != NULL ? s : "");
    }
  values[table->n_rows] = NULL;
  kpi_dataset_read_unlock (self);
  return values;
}

/**
 * kpi_dataset_dup_dimension_dictionary:
 * @self: a dataset
 * @column: the name of a dimension column
 *
 * Copies the distinct values of a dimension, in the order of their codes
 * (the order of first appearance): what
 * [method@Kpi.Dataset.get_dimension_dictionary] gives in place, as a copy
 * that rows appended in another thread cannot invalidate.
 *
 * Returns: (transfer full) (array zero-terminated=1) (nullable): the
 *   values, or %NULL if @column is not a dimension column
 *
 * Since: 0.1
 */
char **
kpi_dataset_dup_dimension_dictionary (KpiDataset *self,
                                      const char *column)
{
  KpiTable *table;
  KpiColumn *c;
  char **values;

  g_return_val_if_fail (KPI_IS_DATASET (self), NULL);
  g_return_val_if_fail (column != NULL, NULL);
  table = kpi_dataset_get_table (self);

  kpi_dataset_read_lock (self);
  c = find_column (table, column, KPI_COLUMN_DIMENSION);
  values = NULL;
  if (c != NULL)
    {
      guint n = kpi_dict_get_size (c->dict);

      values = g_new (char *, n + 1);
      for (guint i = 0; i < n; i++)
        values[i] = g_strdup (kpi_dict_get (c->dict, i));
      values[n] = NULL;
    }
  kpi_dataset_read_unlock (self);
  return values;
}

/**
 * kpi_dataset_get_column_currency:
 * @self: a dataset
 * @column: a column name
 *
 * Gets the currency of a measure column's amounts: the ISO 4217 code of the
 * symbol or code a load found with them (`1 234,56 €` gives `EUR`, `$`
 * gives `USD`, `£` `GBP`, `¥` `JPY`, `CHF 12` `CHF`). A load whose amounts
 * are in another currency than the column's is refused, and so is a load
 * that mixes currencies in a column.
 *
 * Returns: (nullable): the ISO 4217 code, or %NULL when no amount of the
 *   column was written with a currency, or there is no such measure column
 *
 * Since: 0.1
 */
const char *
kpi_dataset_get_column_currency (KpiDataset *self,
                                 const char *column)
{
  const char *currency = NULL;
  KpiTable *table;
  int i;

  g_return_val_if_fail (KPI_IS_DATASET (self), NULL);
  g_return_val_if_fail (column != NULL, NULL);

  /* The string, once set, stays for the life of the dataset */
  kpi_dataset_read_lock (self);
  table = kpi_dataset_get_table (self);
  i = kpi_table_lookup (table, column);
  if (i >= 0)
    currency = kpi_table_column (table, i)->currency;
  kpi_dataset_read_unlock (self);
  return currency;
}
