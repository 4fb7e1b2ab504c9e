/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-dataset.c: a columnar in-memory table */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-dataset-private.h"
#include "kpi-load-options-private.h"
#include "kpi-parse-private.h"
#include "kpi-table-private.h"
#include "kpi-util-private.h"

/**
 * KpiDataset:
 *
 * A columnar in-memory table: the rows that indicators are computed from.
 *
 * A dataset has one time column, which holds instants as microseconds since
 * the Unix epoch in UTC, any number of dimension columns, which hold strings
 * (stored once each, the rows holding small integer codes), and any number
 * of measure columns, which hold doubles. A missing measure is distinct from
 * 0; a missing dimension is the empty string.
 *
 * Rows come from CSV or JSON, loaded from a path, a #GFile, a
 * #GInputStream or memory, synchronously or in a thread
 * ([method@Kpi.Dataset.load_file_async]), or are appended one by one or in
 * batches ([method@Kpi.Dataset.append_row], [method@Kpi.Dataset.append_rows]).
 * The first load of an empty dataset defines its columns; later loads and
 * appends must fit them. A load or an append that fails changes nothing.
 *
 * C code reads whole columns in place ([method@Kpi.Dataset.get_measure],
 * [method@Kpi.Dataset.get_dimension_codes]); bindings get them as arrays.
 *
 * ## Coverage
 *
 * A dataset holds data for a span of time, its coverage: a month without
 * a sale inside it had no sales (a sum of 0), while a month before the
 * export starts is unknown. By default the coverage runs from the start of
 * the period that holds the first row to the end of the period that holds
 * the last row, or to [property@Kpi.Dataset:data-as-of] when that is set
 * (the data is complete up to that instant). An export known to start or
 * end elsewhere says so with [method@Kpi.Dataset.set_coverage]. Indicators
 * evaluate to a missing value flagged %KPI_VALUE_FLAG_NO_DATA for a period
 * wholly outside the coverage, and flag %KPI_VALUE_FLAG_PARTIAL_PERIOD a
 * period it covers in part ([method@Kpi.Dataset.get_period_coverage]).
 *
 * ```python
 * from gi.repository import Kpi
 *
 * orders = Kpi.Dataset.new("date")
 * orders.load_path("orders.csv", None)
 * amounts = orders.get_measure("amount")
 * print(orders.get_n_rows(), "orders,", sum(a for a in amounts if a == a))
 * ```
 *
 * Since: 0.1
 */

struct _KpiDataset
{
  GObject     parent_instance;

  /* Readers (evaluations, in any thread) share the table; writers
   * (appends, loads, schema and coverage changes) wait for them. Signals
   * are emitted with the lock released, so that their handlers may read. */
  GRWLock     lock;
  KpiTable   *table;
  /* Derived per-row data, built by readers under a mutex of its own (see
   * kpi-dataset-private.h). */
  GMutex      cache_lock;
  GHashTable *caches;   /* key -> CacheEntry */
  /* The coverage set by the user (KPI_TIME_UNSET: from the rows), and the
   * instant up to which the data is complete (KPI_TIME_UNSET: unknown). */
  gint64      coverage_start;
  gint64      coverage_end;
  gint64      data_as_of;
};

typedef struct
{
  gpointer       data;
  GDestroyNotify destroy;
} CacheEntry;

static void
cache_entry_free (gpointer p)
{
  CacheEntry *entry = p;

  if (entry->destroy != NULL)
    entry->destroy (entry->data);
  g_free (entry);
}

enum {
  PROP_0,
  PROP_TIME_COLUMN,
  PROP_N_ROWS,
  PROP_N_COLUMNS,
  PROP_MIN_TIME,
  PROP_MAX_TIME,
  PROP_COVERAGE_START,
  PROP_COVERAGE_END,
  PROP_DATA_AS_OF,
  N_PROPS
};

enum {
  ROWS_ADDED,
  LOAD_PROGRESS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KpiDataset, kpi_dataset, G_TYPE_OBJECT)

G_DEFINE_QUARK (kpi-dataset-error-quark, kpi_dataset_error)

static void
kpi_dataset_finalize (GObject *object)
{
  KpiDataset *self = KPI_DATASET (object);

  kpi_table_free (self->table);
  g_hash_table_unref (self->caches);
  g_rw_lock_clear (&self->lock);
  g_mutex_clear (&self->cache_lock);

  G_OBJECT_CLASS (kpi_dataset_parent_class)->finalize (object);
}

static void
kpi_dataset_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  KpiDataset *self = KPI_DATASET (object);

  switch (prop_id)
    {
    case PROP_TIME_COLUMN:
      g_value_set_string (value, kpi_dataset_get_time_column (self));
      break;
    case PROP_N_ROWS:
      g_value_set_uint (value, kpi_dataset_get_n_rows (self));
      break;
    case PROP_N_COLUMNS:
      g_value_set_uint (value, kpi_dataset_get_n_columns (self));
      break;
    case PROP_MIN_TIME:
      g_value_set_int64 (value, self->table->n_rows > 0 ? self->table->min_time : 0);
      break;
    case PROP_MAX_TIME:
      g_value_set_int64 (value, self->table->n_rows > 0 ? self->table->max_time : 0);
      break;
    case PROP_COVERAGE_START:
      g_value_set_int64 (value, self->coverage_start);
      break;
    case PROP_COVERAGE_END:
      g_value_set_int64 (value, self->coverage_end);
      break;
    case PROP_DATA_AS_OF:
      g_value_set_int64 (value, self->data_as_of);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_dataset_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  KpiDataset *self = KPI_DATASET (object);

  switch (prop_id)
    {
    case PROP_TIME_COLUMN:
      {
        const char *name = g_value_get_string (value);
        kpi_table_free (self->table);
        self->table = kpi_table_new (name != NULL && name[0] != '\0' ? name : "date");
      }
      break;
    case PROP_DATA_AS_OF:
      kpi_dataset_set_data_as_of (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_dataset_class_init (KpiDatasetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kpi_dataset_finalize;
  object_class->get_property = kpi_dataset_get_property;
  object_class->set_property = kpi_dataset_set_property;

  /**
   * KpiDataset:time-column:
   *
   * The name of the time column. Loads look for a column of this name
   * unless their [property@Kpi.LoadOptions:time-column] says otherwise; an
   * empty dataset takes the name of the time column of its first load.
   *
   * Since: 0.1
   */
  properties[PROP_TIME_COLUMN] =
    g_param_spec_string ("time-column", NULL, NULL, "date",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * KpiDataset:n-rows:
   *
   * The number of rows.
   *
   * Since: 0.1
   */
  properties[PROP_N_ROWS] =
    g_param_spec_uint ("n-rows", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KpiDataset:n-columns:
   *
   * The number of columns, the time column included.
   *
   * Since: 0.1
   */
  properties[PROP_N_COLUMNS] =
    g_param_spec_uint ("n-columns", NULL, NULL, 1, G_MAXUINT, 1,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KpiDataset:min-time:
   *
   * The earliest time of any row, in microseconds since the Unix epoch
   * (UTC), or 0 when the dataset has no rows.
   *
   * Since: 0.1
   */
  properties[PROP_MIN_TIME] =
    g_param_spec_int64 ("min-time", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KpiDataset:max-time:
   *
   * The latest time of any row, in microseconds since the Unix epoch (UTC),
   * or 0 when the dataset has no rows.
   *
   * Since: 0.1
   */
  properties[PROP_MAX_TIME] =
    g_param_spec_int64 ("max-time", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KpiDataset:coverage-start:
   *
   * The start of the coverage as set by [method@Kpi.Dataset.set_coverage],
   * in microseconds since the Unix epoch (UTC), or %KPI_TIME_UNSET when it
   * follows the rows (the start of the period holding the first row).
   *
   * Since: 0.1
   */
  properties[PROP_COVERAGE_START] =
    g_param_spec_int64 ("coverage-start", NULL, NULL, G_MININT64, G_MAXINT64, KPI_TIME_UNSET,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KpiDataset:coverage-end:
   *
   * The end (excluded) of the coverage as set by
   * [method@Kpi.Dataset.set_coverage], or %KPI_TIME_UNSET when it follows
   * the rows or [property@Kpi.Dataset:data-as-of].
   *
   * Since: 0.1
   */
  properties[PROP_COVERAGE_END] =
    g_param_spec_int64 ("coverage-end", NULL, NULL, G_MININT64, G_MAXINT64, KPI_TIME_UNSET,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KpiDataset:data-as-of:
   *
   * The instant up to which the data is complete (an export made on 5
   * July at 06:00 holds the facts up to then), in microseconds since the
   * Unix epoch (UTC), or %KPI_TIME_UNSET when unknown. Unless
   * [method@Kpi.Dataset.set_coverage] gives an end, the coverage ends
   * there: later periods have no data, and the period that holds it is
   * covered in part.
   *
   * Since: 0.1
   */
  properties[PROP_DATA_AS_OF] =
    g_param_spec_int64 ("data-as-of", NULL, NULL, G_MININT64, G_MAXINT64, KPI_TIME_UNSET,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KpiDataset::rows-added:
   * @self: the dataset
   * @position: the index of the first new row
   * @n_rows: how many rows were added
   *
   * Emitted after rows were appended or loaded, once per append or load, so
   * that a live dashboard can recompute what depends on them.
   *
   * Since: 0.1
   */
  signals[ROWS_ADDED] =
    g_signal_new ("rows-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  /**
   * KpiDataset::load-progress:
   * @self: the dataset
   * @done: bytes read and parsed so far
   * @total: the size of the data, or 0 when unknown
   *
   * Emitted now and then while a load runs (about every megabyte), and once
   * when the data has been read. Asynchronous loads emit it in the thread-default
   * main context of the call.
   *
   * Since: 0.1
   */
  signals[LOAD_PROGRESS] =
    g_signal_new ("load-progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_UINT64);
}

static void
kpi_dataset_init (KpiDataset *self)
{
  g_rw_lock_init (&self->lock);
  g_mutex_init (&self->cache_lock);
  self->table = kpi_table_new ("date");
  self->caches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cache_entry_free);
  self->coverage_start = KPI_TIME_UNSET;
  self->coverage_end = KPI_TIME_UNSET;
  self->data_as_of = KPI_TIME_UNSET;
}

KpiTable *
kpi_dataset_get_table (KpiDataset *self)
{
  return self->table;
}

void
kpi_dataset_read_lock (KpiDataset *self)
{
  g_rw_lock_reader_lock (&self->lock);
}

void
kpi_dataset_read_unlock (KpiDataset *self)
{
  g_rw_lock_reader_unlock (&self->lock);
}

void
kpi_dataset_lock_caches (KpiDataset *self)
{
  g_mutex_lock (&self->cache_lock);
}

void
kpi_dataset_unlock_caches (KpiDataset *self)
{
  g_mutex_unlock (&self->cache_lock);
}

gpointer
kpi_dataset_get_cache (KpiDataset *self,
                       const char *key)
{
  CacheEntry *entry = g_hash_table_lookup (self->caches, key);

  return entry != NULL ? entry->data : NULL;
}

void
kpi_dataset_set_cache (KpiDataset     *self,
                       const char     *key,
                       gpointer        data,
                       GDestroyNotify  destroy)
{
  CacheEntry *entry = g_new (CacheEntry, 1);

  entry->data = data;
  entry->destroy = destroy;
  g_hash_table_replace (self->caches, g_strdup (key), entry);
}

/**
 * kpi_dataset_new:
 * @time_column: (nullable): the name of the time column, or %NULL for `date`
 *
 * Creates an empty dataset: no rows, and no column but the time column.
 *
 * Returns: (transfer full): a new dataset
 *
 * Since: 0.1
 */
KpiDataset *
kpi_dataset_new (const char *time_column)
{
  return g_object_new (KPI_TYPE_DATASET,
                       "time-column", time_column != NULL ? time_column : "date",
                       NULL);
}

/* ------------------------------------------------------------------------ */
/* Schema */

/**
 * kpi_dataset_get_time_column:
 * @self: a dataset
 *
 * Returns: the name of the time column
 *
 * Since: 0.1
 */
const char *
kpi_dataset_get_time_column (KpiDataset *self)
{
  g_return_val_if_fail (KPI_IS_DATASET (self), NULL);
  return kpi_table_column (self->table, self->table->time_index)->name;
}

/**
 * kpi_dataset_add_column:
 * @self: a dataset
 * @name: the name of the new column
 * @kind: %KPI_COLUMN_DIMENSION or %KPI_COLUMN_MEASURE
 * @error: return location for a #GError
 *
 * Adds a column to a dataset that has no rows yet, typically before
 * appending rows to it. Fails with %KPI_DATASET_ERROR_SCHEMA when the
 * dataset already has rows, or a column of that name.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
static gboolean add_column_locked (KpiDataset     *self,
                                   const char     *name,
                                   KpiColumnKind   kind,
                                   GError        **error);

gboolean
kpi_dataset_add_column (KpiDataset     *self,
                        const char     *name,
                        KpiColumnKind   kind,
                        GError        **error)
{
  gboolean ok;

  g_return_val_if_fail (KPI_IS_DATASET (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (kind != KPI_COLUMN_DIMENSION && kind != KPI_COLUMN_MEASURE)
    {
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_SCHEMA,
                   "column “%s”: a dataset has one time column; added columns "
                   "are dimensions or measures", name);
      return FALSE;
    }
  g_rw_lock_writer_lock (&self->lock);
  ok = add_column_locked (self, name, kind, error);
  g_rw_lock_writer_unlock (&self->lock);
  if (ok)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_COLUMNS]);
  return ok;
}

static gboolean
add_column_locked (KpiDataset     *self,
                   const char     *name,
                   KpiColumnKind   kind,
                   GError        **error)
{
  if (name[0] == '\0' || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_SCHEMA,
                   "a column name must be non-empty UTF-8 text");
      return FALSE;
    }
  if (kpi_table_lookup (self->table, name) >= 0)
    {
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_SCHEMA,
                   "the dataset has a column “%s” already", name);
      return FALSE;
    }
  if (self->table->n_rows > 0)
    {
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_SCHEMA,
                   "cannot add column “%s” to a dataset that has rows", name);
      return FALSE;
    }

  kpi_table_add_column (self->table, name, kind);
  return TRUE;
}

/**
 * kpi_dataset_get_n_columns:
 * @self: a dataset
 *
 * Returns: the number of columns, the time column included
 *
 * Since: 0.1
 */
guint
kpi_dataset_get_n_columns (KpiDataset *self)
{
  g_return_val_if_fail (KPI_IS_DATASET (self), 0);
  return kpi_table_n_columns (self->table);
}

/**
 * kpi_dataset_get_column_name:
 * @self: a dataset
 * @index: a column index, below [method@Kpi.Dataset.get_n_columns]
 *
 * Returns: (nullable): the name of the column, or %NULL if @index is out of
 *   range
 *
 * Since: 0.1
 */
const char *
kpi_dataset_get_column_name (KpiDataset *self,
                             guint       index)
{
  g_return_val_if_fail (KPI_IS_DATASET (self), NULL);

  if (index >= kpi_table_n_columns (self->table))
    return NULL;
  return kpi_table_column (self->table, index)->name;
}

/**
 * kpi_dataset_get_column_kind:
 * @self: a dataset
 * @index: a column index, below [method@Kpi.Dataset.get_n_columns]
 *
 * Returns: what the column holds
 *
 * Since: 0.1
 */
KpiColumnKind
kpi_dataset_get_column_kind (KpiDataset *self,
                             guint       index)
{
  g_return_val_if_fail (KPI_IS_DATASET (self), KPI_COLUMN_MEASURE);
  g_return_val_if_fail (index < kpi_table_n_columns (self->table), KPI_COLUMN_MEASURE);

  return kpi_table_column (self->table, index)->kind;
}

/**
 * kpi_dataset_lookup_column:
 * @self: a dataset
 * @name: a column name
 * @index: (out) (optional): the index of the column
 * @kind: (out) (optional): what the column holds
 *
 * Looks a column up by name.
 *
 * Returns: %TRUE if the dataset has a column called @name
 *
 * Since: 0.1
 */
gboolean
kpi_dataset_lookup_column (KpiDataset    *self,
                           const char    *name,
                           guint         *index,
                           KpiColumnKind *kind)
{
  int i;

  g_return_val_if_fail (KPI_IS_DATASET (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  g_rw_lock_reader_lock (&self->lock);
  i = kpi_table_lookup (self->table, name);
  if (i >= 0 && index != NULL)
    *index = (guint) i;
  if (i >= 0 && kind != NULL)
    *kind = kpi_table_column (self->table, i)->kind;
  g_rw_lock_reader_unlock (&self->lock);
  return i >= 0;
}

/**
 * kpi_dataset_list_columns:
 * @self: a dataset
 * @kind: the kind of columns to list
 *
 * Lists the names of the columns of one kind, in schema order.
 *
 * Returns: (transfer full) (array zero-terminated=1): the column names
 *
 * Since: 0.1
 */
char **
kpi_dataset_list_columns (KpiDataset    *self,
                          KpiColumnKind  kind)
{
  GStrvBuilder *builder;

  g_return_val_if_fail (KPI_IS_DATASET (self), NULL);

  builder = g_strv_builder_new ();
  g_rw_lock_reader_lock (&self->lock);
  for (guint i = 0; i < kpi_table_n_columns (self->table); i++)
    {
      KpiColumn *column = kpi_table_column (self->table, i);
      if (column->kind == kind)
        g_strv_builder_add (builder, column->name);
    }
  g_rw_lock_reader_unlock (&self->lock);
  {
    char **names = g_strv_builder_end (builder);
    g_strv_builder_unref (builder);
    return names;
  }
}

/* ------------------------------------------------------------------------ */
/* Rows */

/**
 * kpi_dataset_get_n_rows:
 * @self: a dataset
 *
 * Returns: the number of rows
 *
 * Since: 0.1
 */
guint
kpi_dataset_get_n_rows (KpiDataset *self)
{
  guint n;

  g_return_val_if_fail (KPI_IS_DATASET (self), 0);

  g_rw_lock_reader_lock (&self->lock);
  n = (guint) self->table->n_rows;
  g_rw_lock_reader_unlock (&self->lock);
  return n;
}

/**
 * kpi_dataset_get_time_range:
 * @self: a dataset
 * @min_time: (out) (optional): the earliest time, in microseconds since the
 *   Unix epoch (UTC)
 * @max_time: (out) (optional): the latest time
 *
 * Gives the span of time the rows cover. Both ends are times of rows, so the
 * span is closed: @max_time is the time of the last row, not past it.
 *
 * Returns: %FALSE if the dataset has no rows (and the outputs are 0)
 *
 * Since: 0.1
 */
gboolean
kpi_dataset_get_time_range (KpiDataset *self,
                            gint64     *min_time,
                            gint64     *max_time)
{
  gboolean has_rows;

  g_return_val_if_fail (KPI_IS_DATASET (self), FALSE);

  has_rows = self->table->n_rows > 0;
  if (min_time != NULL)
    *min_time = has_rows ? self->table->min_time : 0;
  if (max_time != NULL)
    *max_time = has_rows ? self->table->max_time : 0;
  return has_rows;
}

/**
 * kpi_dataset_set_coverage:
 * @self: a dataset
 * @start: the first instant the data covers, in microseconds since the
 *   Unix epoch (UTC), or %KPI_TIME_UNSET to follow the rows
 * @end: the instant the coverage ends (excluded), or %KPI_TIME_UNSET to
 *   follow the rows or [property@Kpi.Dataset:data-as-of]
 * @error: return location for a #GError
 *
 * Says what span of time the data covers, for an export known to start or
 * end elsewhere than its first and last rows (an export of the orders
 * since 1 January 2024, whose first order is of 3 January; or one whose
 * last weeks are known to be empty). See the coverage section of
 * [class@Kpi.Dataset].
 *
 * Returns: %TRUE on success; %FALSE with %KPI_DATASET_ERROR_INVALID_COVERAGE
 *   when @end is not after @start
 *
 * Since: 0.1
 */
gboolean
kpi_dataset_set_coverage (KpiDataset  *self,
                          gint64       start,
                          gint64       end,
                          GError     **error)
{
  gboolean start_changed, end_changed;

  g_return_val_if_fail (KPI_IS_DATASET (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (start != KPI_TIME_UNSET && end != KPI_TIME_UNSET && end <= start)
    {
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_COVERAGE,
                   "the coverage must end after it starts (it starts at %" G_GINT64_FORMAT
                   " µs and ends at %" G_GINT64_FORMAT " µs)", start, end);
      return FALSE;
    }
  g_rw_lock_writer_lock (&self->lock);
  start_changed = self->coverage_start != start;
  end_changed = self->coverage_end != end;
  self->coverage_start = start;
  self->coverage_end = end;
  g_rw_lock_writer_unlock (&self->lock);
  if (start_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COVERAGE_START]);
  if (end_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COVERAGE_END]);
  return TRUE;
}

/**
 * kpi_dataset_get_coverage:
 * @self: a dataset
 * @start: (out) (optional): the start set by
 *   [method@Kpi.Dataset.set_coverage], or %KPI_TIME_UNSET
 * @end: (out) (optional): the end set, or %KPI_TIME_UNSET
 *
 * Gets the coverage as it was set; an unset end follows the data. Ask
 * [method@Kpi.Dataset.get_period_coverage] how a period is covered.
 *
 * Since: 0.1
 */
void
kpi_dataset_get_coverage (KpiDataset *self,
                          gint64     *start,
                          gint64     *end)
{
  g_return_if_fail (KPI_IS_DATASET (self));

  if (start != NULL)
    *start = self->coverage_start;
  if (end != NULL)
    *end = self->coverage_end;
}

/**
 * kpi_dataset_get_data_as_of:
 * @self: a dataset
 *
 * Gets [property@Kpi.Dataset:data-as-of].
 *
 * Returns: the instant up to which the data is complete, or
 *   %KPI_TIME_UNSET
 *
 * Since: 0.1
 */
gint64
kpi_dataset_get_data_as_of (KpiDataset *self)
{
  g_return_val_if_fail (KPI_IS_DATASET (self), KPI_TIME_UNSET);

  return self->data_as_of;
}

/**
 * kpi_dataset_set_data_as_of:
 * @self: a dataset
 * @data_as_of: the instant up to which the data is complete, in
 *   microseconds since the Unix epoch (UTC), or %KPI_TIME_UNSET
 *
 * Sets [property@Kpi.Dataset:data-as-of].
 *
 * Since: 0.1
 */
void
kpi_dataset_set_data_as_of (KpiDataset *self,
                            gint64      data_as_of)
{
  gboolean changed;

  g_return_if_fail (KPI_IS_DATASET (self));

  g_rw_lock_writer_lock (&self->lock);
  changed = self->data_as_of != data_as_of;
  self->data_as_of = data_as_of;
  g_rw_lock_writer_unlock (&self->lock);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA_AS_OF]);
}

KpiCoverage
kpi_dataset_cover (KpiDataset *self,
                   gint64      start,
                   gint64      end)
{
  KpiTable *table = self->table;
  gboolean partial = FALSE;
  gint64 end_at;

  /* The start: an instant set, or the first row, whose whole period counts
   * (a month of data that begins on the 3rd is a month of data). */
  if (self->coverage_start != KPI_TIME_UNSET)
    {
      if (end <= self->coverage_start)
        return KPI_COVERAGE_NONE;
      partial |= start < self->coverage_start;
    }
  else if (table->n_rows == 0)
    return KPI_COVERAGE_NONE;
  else if (end <= table->min_time)
    return KPI_COVERAGE_NONE;

  /* The end: an instant set, else the data-as-of time (both excluded),
   * else the last row, whose whole period counts. */
  end_at = self->coverage_end;
  if (self->data_as_of != KPI_TIME_UNSET &&
      (end_at == KPI_TIME_UNSET || self->data_as_of < end_at))
    end_at = self->data_as_of;
  if (end_at != KPI_TIME_UNSET)
    {
      if (start >= end_at)
        return KPI_COVERAGE_NONE;
      partial |= end > end_at;
    }
  else if (table->n_rows == 0)
    return KPI_COVERAGE_NONE;
  else if (start > table->max_time)
    return KPI_COVERAGE_NONE;

  return partial ? KPI_COVERAGE_PARTIAL : KPI_COVERAGE_FULL;
}

/**
 * kpi_dataset_get_period_coverage:
 * @self: a dataset
 * @period: a period
 *
 * Tells how much of @period the data covers: none of it when it ends
 * before the coverage starts or starts after it ends; part of it when the
 * coverage set by [method@Kpi.Dataset.set_coverage] or the
 * [property@Kpi.Dataset:data-as-of] time falls inside it; else all of it.
 * A dataset without rows and without a coverage set covers nothing.
 *
 * Returns: the coverage of @period
 *
 * Since: 0.1
 */
KpiCoverage
kpi_dataset_get_period_coverage (KpiDataset      *self,
                                 const KpiPeriod *period)
{
  KpiCoverage coverage;

  g_return_val_if_fail (KPI_IS_DATASET (self), KPI_COVERAGE_NONE);
  g_return_val_if_fail (period != NULL, KPI_COVERAGE_NONE);

  g_rw_lock_reader_lock (&self->lock);
  coverage = kpi_dataset_cover (self, kpi_period_get_start (period), kpi_period_get_end (period));
  g_rw_lock_reader_unlock (&self->lock);
  return coverage;
}

/**
 * kpi_dataset_get_memory_size:
 * @self: a dataset
 *
 * Estimates the bytes the dataset holds: its columns, dictionaries and
 * bookkeeping.
 *
 * Returns: a size in bytes
 *
 * Since: 0.1
 */
gsize
kpi_dataset_get_memory_size (KpiDataset *self)
{
  g_return_val_if_fail (KPI_IS_DATASET (self), 0);
  return sizeof (KpiDataset) + kpi_table_get_memory_size (self->table);
}

static KpiColumn *
find_column (KpiDataset    *self,
             const char    *name,
             KpiColumnKind  kind)
{
  int i = kpi_table_lookup (self->table, name);
  KpiColumn *column;

  if (i < 0)
    return NULL;
  column = kpi_table_column (self->table, i);
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
  g_return_val_if_fail (KPI_IS_DATASET (self), NULL);

  *n_rows = self->table->n_rows;
  if (self->table->n_rows == 0)
    return NULL;
  return kpi_table_column (self->table, self->table->time_index)->times;
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
  KpiColumn *c;

  g_return_val_if_fail (KPI_IS_DATASET (self), NULL);
  g_return_val_if_fail (column != NULL, NULL);

  c = find_column (self, column, KPI_COLUMN_MEASURE);
  *n_rows = c != NULL ? self->table->n_rows : 0;
  return c != NULL && self->table->n_rows > 0 ? c->values : NULL;
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
  KpiColumn *c;

  g_return_val_if_fail (KPI_IS_DATASET (self), NULL);
  g_return_val_if_fail (column != NULL, NULL);

  c = find_column (self, column, KPI_COLUMN_DIMENSION);
  *n_rows = c != NULL ? self->table->n_rows : 0;
  return c != NULL && self->table->n_rows > 0 ? c->codes : NULL;
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
  KpiColumn *c;

  g_return_val_if_fail (KPI_IS_DATASET (self), NULL);
  g_return_val_if_fail (column != NULL, NULL);

  c = find_column (self, column, KPI_COLUMN_DIMENSION);
  *n_values = c != NULL ? kpi_dict_get_size (c->dict) : 0;
  return c != NULL ? kpi_dict_get_strings (c->dict) : NULL;
}

/**
 * kpi_dataset_get_time:
 * @self: a dataset
 * @row: a row index, below [method@Kpi.Dataset.get_n_rows]
 *
 * Returns: the time of the row, in microseconds since the Unix epoch (UTC)
 *
 * Since: 0.1
 */
gint64
kpi_dataset_get_time (KpiDataset *self,
                      guint       row)
{
  g_return_val_if_fail (KPI_IS_DATASET (self), 0);
  g_return_val_if_fail (row < self->table->n_rows, 0);

  return kpi_table_column (self->table, self->table->time_index)->times[row];
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
  KpiColumn *c;
  double v;

  if (value != NULL)
    *value = 0.0;
  g_return_val_if_fail (KPI_IS_DATASET (self), FALSE);
  g_return_val_if_fail (column != NULL, FALSE);

  c = find_column (self, column, KPI_COLUMN_MEASURE);
  if (c == NULL || row >= self->table->n_rows)
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
  KpiColumn *c;

  g_return_val_if_fail (KPI_IS_DATASET (self), NULL);
  g_return_val_if_fail (column != NULL, NULL);

  c = find_column (self, column, KPI_COLUMN_DIMENSION);
  if (c == NULL || row >= self->table->n_rows)
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
  KpiColumn *c;
  char **values;

  g_return_val_if_fail (KPI_IS_DATASET (self), NULL);
  g_return_val_if_fail (column != NULL, NULL);

  g_rw_lock_reader_lock (&self->lock);
  c = find_column (self, column, KPI_COLUMN_DIMENSION);
  if (c == NULL)
    {
      g_rw_lock_reader_unlock (&self->lock);
      return NULL;
    }
  values = g_new (char *, self->table->n_rows + 1);
  for (gsize row = 0; row < self->table->n_rows; row++)
    {
      const char *s = kpi_dict_get (c->dict, c->codes[row]);
      values[row] = g_strdup (s != NULL ? s : "");
    }
  values[self->table->n_rows] = NULL;
  g_rw_lock_reader_unlock (&self->lock);
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
  KpiColumn *c;
  char **values;

  g_return_val_if_fail (KPI_IS_DATASET (self), NULL);
  g_return_val_if_fail (column != NULL, NULL);

  g_rw_lock_reader_lock (&self->lock);
  c = find_column (self, column, KPI_COLUMN_DIMENSION);
  values = NULL;
  if (c != NULL)
    {
      guint n = kpi_dict_get_size (c->dict);

      values = g_new (char *, n + 1);
      for (guint i = 0; i < n; i++)
        values[i] = g_strdup (kpi_dict_get (c->dict, i));
      values[n] = NULL;
    }
  g_rw_lock_reader_unlock (&self->lock);
  return values;
}

/* ------------------------------------------------------------------------ */
/* Appending */

static void
notify_rows_added (KpiDataset *self,
                   gsize       position,
                   gsize       n_rows,
                   gboolean    columns_changed)
{
  GObject *object = G_OBJECT (self);

  g_object_freeze_notify (object);
  if (columns_changed)
    g_object_notify_by_pspec (object, properties[PROP_N_COLUMNS]);
  if (n_rows > 0)
    {
      g_object_notify_by_pspec (object, properties[PROP_N_ROWS]);
      g_object_notify_by_pspec (object, properties[PROP_MIN_TIME]);
      g_object_notify_by_pspec (object, properties[PROP_MAX_TIME]);
    }
  g_object_thaw_notify (object);
  if (n_rows > 0)
    g_signal_emit (self, signals[ROWS_ADDED], 0, (guint) position, (guint) n_rows);
}

static gboolean
check_row_capacity (KpiDataset *self,
                    gsize       n_new,
                    GError    **error)
{
  /* Row indices are guint in the API. */
  if (n_new > G_MAXUINT - self->table->n_rows)
    {
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_FAILED,
                   "a dataset holds at most %u rows", G_MAXUINT);
      return FALSE;
    }
  return TRUE;
}

/* "the row has 2 dimension values, but the dataset has 3 dimensions
 * (channel, region, rep)": what was given, what the columns want. */
static void
set_arity_error (KpiDataset     *self,
                 GError        **error,
                 KpiColumnKind   kind,
                 gsize           n_rows,
                 gsize           n_given,
                 guint           n_columns)
{
  const char *what = kind == KPI_COLUMN_DIMENSION ? "dimension" : "measure";
  g_autoptr(GString) columns = g_string_new (NULL);
  g_autofree char *given = NULL;
  g_autofree char *has = NULL;

  for (guint i = 0; i < kpi_table_n_columns (self->table); i++)
    {
      KpiColumn *column = kpi_table_column (self->table, i);

      if (column->kind == kind)
        g_string_append_printf (columns, "%s%s", columns->len > 0 ? ", " : "", column->name);
    }
  if (n_columns == 0)
    has = g_strdup_printf ("the dataset has no %s column", what);
  else
    has = g_strdup_printf ("the dataset has %u %s%s (%s)", n_columns, what,
                           n_columns == 1 ? "" : "s", columns->str);

  if (n_rows == 1)
    {
      given = g_strdup_printf ("the row has %" G_GSIZE_FORMAT " %s value%s",
                               n_given, what, n_given == 1 ? "" : "s");
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_SCHEMA, "%s, but %s", given, has);
      return;
    }
  given = g_strdup_printf ("the batch of %" G_GSIZE_FORMAT " rows has %" G_GSIZE_FORMAT
                           " %s value%s", n_rows, n_given, what, n_given == 1 ? "" : "s");
  g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_SCHEMA,
               "%s, but %s: expected %" G_GSIZE_FORMAT " (one per %s and row)",
               given, has, n_rows * n_columns, what);
}

/* Validates a batch completely before anything is written, so that a bad
 * row leaves the dataset as it was. */
static gboolean
validate_batch (KpiDataset         *self,
                gsize               n_rows,
                const char * const *dimensions,
                gsize               n_dimension_values,
                const double       *measures,
                gsize               n_measure_values,
                guint               n_dims,
                guint               n_meas,
                GError            **error)
{
  if (n_dimension_values != n_rows * n_dims)
    {
      set_arity_error (self, error, KPI_COLUMN_DIMENSION, n_rows, n_dimension_values, n_dims);
      return FALSE;
    }
  if (n_measure_values != n_rows * n_meas)
    {
      set_arity_error (self, error, KPI_COLUMN_MEASURE, n_rows, n_measure_values, n_meas);
      return FALSE;
    }
  for (gsize i = 0; i < n_dimension_values; i++)
    {
      if (dimensions[i] != NULL && !g_utf8_validate (dimensions[i], -1, NULL))
        {
          g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_ENCODING,
                       "row %" G_GSIZE_FORMAT ", dimension %" G_GSIZE_FORMAT
                       ": the value is not valid UTF-8",
                       i / n_dims + 1, i % n_dims + 1);
          return FALSE;
        }
    }
  for (gsize i = 0; i < n_measure_values; i++)
    {
      if (isinf (measures[i]))
        {
          g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_NUMBER,
                       "row %" G_GSIZE_FORMAT ", measure %" G_GSIZE_FORMAT
                       ": infinity is not a value (use NaN for a missing value)",
                       i / n_meas + 1, i % n_meas + 1);
          return FALSE;
        }
    }
  return check_row_capacity (self, n_rows, error);
}

/* kpi_dataset_append_rows() with the write lock held; *@position gets the
 * index of the first new row. */
static gboolean
append_rows_locked (KpiDataset         *self,
                    const gint64       *times,
                    gsize               n_rows,
                    const char * const *dimensions,
                    gsize               n_dimension_values,
                    const double       *measures,
                    gsize               n_measure_values,
                    gsize              *position,
                    GError            **error)
{
  KpiTable *table;
  guint n_dims = 0, n_meas = 0;
  gsize base;

  table = self->table;
  for (guint i = 0; i < kpi_table_n_columns (table); i++)
    {
      KpiColumnKind kind = kpi_table_column (table, i)->kind;
      n_dims += kind == KPI_COLUMN_DIMENSION;
      n_meas += kind == KPI_COLUMN_MEASURE;
    }

  if (!validate_batch (self, n_rows, dimensions, n_dimension_values,
                       measures, n_measure_values, n_dims, n_meas, error))
    return FALSE;
  base = table->n_rows;
  *position = base;
  if (n_rows == 0)
    return TRUE;

  kpi_table_reserve (table, base + n_rows);
  for (gsize r = 0; r < n_rows; r++)
    {
      guint d = 0, m = 0;

      for (guint i = 0; i < kpi_table_n_columns (table); i++)
        {
          KpiColumn *column = kpi_table_column (table, i);

          switch (column->kind)
            {
            case KPI_COLUMN_TIME:
              column->times[table->n_rows] = times[r];
              break;
            case KPI_COLUMN_MEASURE:
              column->values[table->n_rows] = measures[r * n_meas + m++];
              break;
            case KPI_COLUMN_DIMENSION:
              {
                const char *s = dimensions[r * n_dims + d++];
                gboolean ok;

                if (s == NULL)
                  s = "";
                ok = kpi_dict_intern (column->dict, s, strlen (s),
                                      &column->codes[table->n_rows]);
                g_assert (ok); /* validated above */
              }
              break;
            default:
              g_assert_not_reached ();
            }
        }
      kpi_table_commit_row (table, times[r]);
    }

  return TRUE;
}

/**
 * kpi_dataset_append_rows:
 * @self: a dataset
 * @times: (array length=n_rows): the time of each row, in microseconds since
 *   the Unix epoch (UTC)
 * @n_rows: the number of rows
 * @dimensions: (array length=n_dimension_values) (nullable): the dimension
 *   values, row by row: for each row one value per dimension column, in the
 *   order of [method@Kpi.Dataset.list_columns]; %NULL or the empty string is
 *   a missing value
 * @n_dimension_values: @n_rows times the number of dimension columns
 * @measures: (array length=n_measure_values) (nullable): the measure values,
 *   row by row, in the order of the measure columns; NaN is a missing value
 * @n_measure_values: @n_rows times the number of measure columns
 * @error: return location for a #GError
 *
 * Appends a batch of rows, emitting [signal@Kpi.Dataset::rows-added] once.
 * If any value is wrong (counts that do not match the columns, text that is
 * not UTF-8, an infinite number) nothing is appended.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_dataset_append_rows (KpiDataset         *self,
                         const gint64       *times,
                         gsize               n_rows,
                         const char * const *dimensions,
                         gsize               n_dimension_values,
                         const double       *measures,
                         gsize               n_measure_values,
                         GError            **error)
{
  gsize position = 0;
  gboolean ok;

  g_return_val_if_fail (KPI_IS_DATASET (self), FALSE);
  g_return_val_if_fail (times != NULL || n_rows == 0, FALSE);
  g_return_val_if_fail (dimensions != NULL || n_dimension_values == 0, FALSE);
  g_return_val_if_fail (measures != NULL || n_measure_values == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_rw_lock_writer_lock (&self->lock);
  ok = append_rows_locked (self, times, n_rows, dimensions, n_dimension_values,
                           measures, n_measure_values, &position, error);
  g_rw_lock_writer_unlock (&self->lock);
  if (ok)
    notify_rows_added (self, position, n_rows, FALSE);
  return ok;
}

/**
 * kpi_dataset_append_row:
 * @self: a dataset
 * @time: the time of the row, in microseconds since the Unix epoch (UTC)
 * @dimensions: (array length=n_dimensions) (nullable): one value per
 *   dimension column, in the order of [method@Kpi.Dataset.list_columns];
 *   %NULL or the empty string is a missing value
 * @n_dimensions: the number of dimension values
 * @measures: (array length=n_measures) (nullable): one value per measure
 *   column, in order; NaN is a missing value
 * @n_measures: the number of measure values
 * @error: return location for a #GError
 *
 * Appends one row, emitting [signal@Kpi.Dataset::rows-added]. Fails with
 * %KPI_DATASET_ERROR_SCHEMA when the numbers of values do not match the
 * columns, and appends nothing.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_dataset_append_row (KpiDataset         *self,
                        gint64              time,
                        const char * const *dimensions,
                        gsize               n_dimensions,
                        const double       *measures,
                        gsize               n_measures,
                        GError            **error)
{
  return kpi_dataset_append_rows (self, &time, 1, dimensions, n_dimensions,
                                  measures, n_measures, error);
}

/* ------------------------------------------------------------------------ */
/* Loading */

/* What a load needs, captured when it starts so that a thread never reads
 * the dataset itself. */
typedef struct
{
  KpiDataset     *dataset;        /* owned */
  KpiLoadOptions *options;        /* owned, a copy */
  KpiTable       *schema;         /* the dataset's columns, no rows */
  char           *source_name;
  GFile          *file;           /* owned, or NULL */
  GInputStream   *stream;         /* owned, or NULL */
  GBytes         *bytes;          /* owned, or NULL */
  GMainContext   *context;        /* where progress is emitted; NULL: at once */
  int             io_priority;
  GCancellable   *cancellable;
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_clear_object (&job->dataset);
  g_clear_object (&job->options);
  kpi_table_free (job->schema);
  g_free (job->source_name);
  g_clear_object (&job->file);
  g_clear_object (&job->stream);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_clear_object (&job->cancellable);
  g_free (job);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadJob, load_job_free)

static KpiTable *
schema_copy (KpiTable *table)
{
  KpiTable *copy = kpi_table_new (kpi_table_column (table, table->time_index)->name);

  for (guint i = 0; i < kpi_table_n_columns (table); i++)
    {
      KpiColumn *column = kpi_table_column (table, i);
      if (i != table->time_index)
        kpi_table_add_column (copy, column->name, column->kind);
    }
  return copy;
}

static KpiLoadOptions *
options_copy (KpiDataset     *self,
              KpiLoadOptions *options)
{
  KpiLoadOptions *copy;

  if (options != NULL)
    return kpi_load_options_copy (options);
  /* Without options, the dataset's own time column name. */
  copy = kpi_load_options_new ();
  kpi_load_options_set_time_column (copy, kpi_dataset_get_time_column (self), NULL);
  return copy;
}

static LoadJob *
load_job_new (KpiDataset     *self,
              KpiLoadOptions *options,
              const char     *default_name,
              GCancellable   *cancellable)
{
  LoadJob *job = g_new0 (LoadJob, 1);
  const char *name = options != NULL ? kpi_load_options_get_source_name (options) : NULL;

  job->dataset = g_object_ref (self);
  job->options = options_copy (self, options);
  job->schema = self->table->n_rows > 0 || kpi_table_n_columns (self->table) > 1
    ? schema_copy (self->table) : NULL;
  /* Messages quote it: a path in another encoding than UTF-8 must not
   * make them invalid. */
  job->source_name = kpi_text_for_message (name != NULL ? name : default_name, -1, 0);
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  return job;
}

static KpiFileFormat
guess_format (KpiLoadOptions *options,
              const char     *name,
              const char     *data,
              gsize           length)
{
  KpiFileFormat format = kpi_load_options_get_format (options);

  if (format != KPI_FILE_FORMAT_AUTO)
    return format;

  if (name != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (name, -1);
      if (g_str_has_suffix (lower, ".jsonl") || g_str_has_suffix (lower, ".ndjson"))
        return KPI_FILE_FORMAT_JSON_LINES;
      if (g_str_has_suffix (lower, ".json"))
        return KPI_FILE_FORMAT_JSON;
      if (g_str_has_suffix (lower, ".csv") || g_str_has_suffix (lower, ".tsv") ||
          g_str_has_suffix (lower, ".txt"))
        return KPI_FILE_FORMAT_CSV;
    }

  /* Sniff: the first non-blank byte after an optional BOM. */
  for (gsize i = (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0) ? 3 : 0; i < length; i++)
    {
      if (g_ascii_isspace (data[i]))
        continue;
      if (data[i] == '[')
        return KPI_FILE_FORMAT_JSON;
      if (data[i] == '{')
        return KPI_FILE_FORMAT_JSON_LINES;
      break;
    }
  return KPI_FILE_FORMAT_CSV;
}

typedef struct
{
  KpiDataset *dataset;
  guint64     done;
  guint64     total;
} Progress;

static gboolean
emit_progress_idle (gpointer data)
{
  Progress *p = data;

  g_signal_emit (p->dataset, signals[LOAD_PROGRESS], 0, p->done, p->total);
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *p = data;

  g_object_unref (p->dataset);
  g_free (p);
}

static void
job_progress (gsize    done,
              gsize    total,
              gpointer user_data)
{
  LoadJob *job = user_data;
  GSource *source;
  Progress *p;

  if (job->context == NULL)
    {
      g_signal_emit (job->dataset, signals[LOAD_PROGRESS], 0, (guint64) done, (guint64) total);
      return;
    }
  p = g_new (Progress, 1);
  p->dataset = g_object_ref (job->dataset);
  p->done = done;
  p->total = total;
  /* Always through a source of the caller's context, never at once: the
   * worker could otherwise own a free default context and emit the
   * signal itself, in its own thread. The task's priority keeps the last
   * report ahead of the completion callback. */
  source = g_idle_source_new ();
  g_source_set_priority (source, job->io_priority);
  g_source_set_callback (source, emit_progress_idle, p, progress_free);
  g_source_set_static_name (source, "[kpi] load progress");
  g_source_attach (source, job->context);
  g_source_unref (source);
}

/* Reads all the job's input into memory. */
static GBytes *
job_read_all (LoadJob  *job,
              GError  **error)
{
  if (job->bytes != NULL)
    return g_bytes_ref (job->bytes);

  if (job->file != NULL)
    {
      g_autofree char *path = g_file_get_path (job->file);

      if (path != NULL)
        {
          /* Local files are mapped, not copied. */
          GError *file_error = NULL;
          GMappedFile *mapped = g_mapped_file_new (path, FALSE, &file_error);
          GBytes *bytes;

          if (mapped == NULL && g_file_test (path, G_FILE_TEST_IS_DIR))
            {
              /* GLib's message would be mmap()'s "No such device". */
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                           "%s: is a directory: expected a CSV, JSON or JSON Lines file",
                           job->source_name);
              g_error_free (file_error);
              return NULL;
            }
          if (mapped == NULL)
            {
              /* GIO's domain, as for every other source of a GFile; the
               * commonest failures in our words, the others in GLib's. */
              GIOErrorEnum code = g_io_error_from_file_error (file_error->code);

              if (code == G_IO_ERROR_NOT_FOUND)
                g_set_error (error, G_IO_ERROR, code, "%s: no such file", job->source_name);
              else if (code == G_IO_ERROR_PERMISSION_DENIED)
                g_set_error (error, G_IO_ERROR, code, "%s: permission denied: the file cannot be read",
                             job->source_name);
              else
                g_set_error_literal (error, G_IO_ERROR, code, file_error->message);
              g_error_free (file_error);
              return NULL;
            }
          bytes = g_mapped_file_get_bytes (mapped);
          g_mapped_file_unref (mapped);
          return bytes;
        }
      else
        {
          char *contents;
          gsize length;

          if (!g_file_load_contents (job->file, job->cancellable, &contents, &length, NULL, error))
            return NULL;
          return g_bytes_new_take (contents, length);
        }
    }

  g_assert (job->stream != NULL);
  {
    g_autoptr(GByteArray) buffer = g_byte_array_new ();
    gsize chunk = 1 << 20;

    for (;;)
      {
        gssize n;
        guint len = buffer->len;

        g_byte_array_set_size (buffer, len + chunk);
        n = g_input_stream_read (job->stream, buffer->data + len, chunk,
                                 job->cancellable, error);
        if (n < 0)
          return NULL;
        g_byte_array_set_size (buffer, len + n);
        if (n == 0)
          break;
      }
    return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
  }
}

/* Runs the parse of a job: may run in a thread. */
static KpiTable *
job_run (LoadJob  *job,
         GError  **error)
{
  g_autoptr(GBytes) bytes = NULL;
  KpiLoadContext ctx = { 0 };
  const char *data;
  gsize length;

  bytes = job_read_all (job, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &length);
  if (data == NULL)
    data = "";

  ctx.source_name = job->source_name;
  ctx.options = job->options;
  ctx.existing = job->schema;
  ctx.cancellable = job->cancellable;
  ctx.progress = job_progress;
  ctx.progress_data = job;

  switch (guess_format (job->options, job->source_name, data, length))
    {
    case KPI_FILE_FORMAT_JSON:
      return kpi_json_parse (&ctx, data, length, FALSE, error);
    case KPI_FILE_FORMAT_JSON_LINES:
      return kpi_json_parse (&ctx, data, length, TRUE, error);
    case KPI_FILE_FORMAT_CSV:
    case KPI_FILE_FORMAT_AUTO:
    default:
      return kpi_csv_parse (&ctx, data, length, error);
    }
}

/* Merges a parsed table into the dataset, or fails leaving it unchanged;
 * then takes the coverage and data-as-of time the options give. */
static gboolean
commit_table (KpiDataset      *self,
              KpiTable        *parsed,
              const char      *source_name,
              KpiLoadOptions  *options,
              GError         **error)
{
  gint64 start, end, as_of;

  GError *local_error = NULL;
  gsize position;
  guint n_columns;
  gsize n_new = parsed->n_rows;
  gboolean columns_changed;

  g_rw_lock_writer_lock (&self->lock);
  position = self->table->n_rows;
  n_columns = kpi_table_n_columns (self->table);
  if (!kpi_table_check_compatible (self->table, parsed, &local_error) ||
      !check_row_capacity (self, n_new, &local_error))
    {
      g_rw_lock_writer_unlock (&self->lock);
      g_set_error (error, local_error->domain, local_error->code,
                   "%s: %s", source_name, local_error->message);
      g_error_free (local_error);
      kpi_table_free (parsed);
      return FALSE;
    }

  /* The options' coverage over the dataset's: refused before anything
   * changes when the two ends do not fit together. */
  kpi_load_options_get_coverage (options, &start, &end);
  if (start == KPI_TIME_UNSET)
    start = self->coverage_start;
  if (end == KPI_TIME_UNSET)
    end = self->coverage_end;
  if (start != KPI_TIME_UNSET && end != KPI_TIME_UNSET && end <= start)
    {
      g_rw_lock_writer_unlock (&self->lock);
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_COVERAGE,
                   "%s: the coverage must end after it starts (the load options and the dataset "
                   "give %" G_GINT64_FORMAT " µs to %" G_GINT64_FORMAT " µs)",
                   source_name, start, end);
      kpi_table_free (parsed);
      return FALSE;
    }

  kpi_table_append (self->table, parsed);
  columns_changed = n_columns != kpi_table_n_columns (self->table);
  g_rw_lock_writer_unlock (&self->lock);
  kpi_dataset_set_coverage (self, start, end, NULL);
  as_of = kpi_load_options_get_data_as_of (options);
  if (as_of != KPI_TIME_UNSET)
    kpi_dataset_set_data_as_of (self, as_of);
  notify_rows_added (self, position, n_new, columns_changed);
  return TRUE;
}

static gboolean
load_sync (KpiDataset  *self,
           LoadJob     *job,
           GError     **error)
{
  KpiTable *parsed = job_run (job, error);

  if (parsed == NULL)
    return FALSE;
  return commit_table (self, parsed, job->source_name, job->options, error);
}

/**
 * kpi_dataset_load_data:
 * @self: a dataset
 * @data: (array length=length) (element-type guint8): the bytes of a CSV or
 *   JSON document
 * @length: the number of bytes
 * @options: (nullable): how to read the data, or %NULL for the defaults
 * @error: return location for a #GError
 *
 * Loads rows from memory. The format is guessed from the first bytes unless
 * @options gives it. See [method@Kpi.Dataset.load_file].
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_dataset_load_data (KpiDataset     *self,
                       const guint8   *data,
                       gsize           length,
                       KpiLoadOptions *options,
                       GError        **error)
{
  g_autoptr(LoadJob) job = NULL;

  g_return_val_if_fail (KPI_IS_DATASET (self), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (options == NULL || KPI_IS_LOAD_OPTIONS (options), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  job = load_job_new (self, options, "<data>", NULL);
  job->bytes = g_bytes_new_static (data != NULL ? data : (const guint8 *) "", length);
  return load_sync (self, job, error);
}

/**
 * kpi_dataset_load_file:
 * @self: a dataset
 * @file: the file to read
 * @options: (nullable): how to read it, or %NULL for the defaults
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Loads the rows of a CSV, JSON or JSON Lines file and appends them to the
 * dataset. An empty dataset takes the file's columns; a dataset that has
 * columns already needs the same columns (by name, in any order).
 *
 * CSV follows RFC 4180: a header row, fields optionally quoted with `"`
 * (which may then hold delimiters, doubled quotes and newlines), UTF-8 with
 * or without a byte order mark. A column is a measure when every non-empty
 * value is a number, else a dimension, unless @options forces it. Times are
 * ISO 8601 dates (`2025-02-14`) or date-times (`2025-02-14T09:30:00`, with
 * or without an offset such as `Z` or `+01:00`); those without an offset are
 * read in [property@Kpi.LoadOptions:time-zone].
 *
 * On failure nothing is added and @error, in the %KPI_DATASET_ERROR domain
 * for bad data, says where (`orders.csv:12:18:` for a line and column of
 * a CSV file, or a JSON path such as `$[12].date`), what was found and what
 * was expected. I/O errors are in the %G_IO_ERROR domain.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_dataset_load_file (KpiDataset     *self,
                       GFile          *file,
                       KpiLoadOptions *options,
                       GCancellable   *cancellable,
                       GError        **error)
{
  g_autoptr(LoadJob) job = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (KPI_IS_DATASET (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (options == NULL || KPI_IS_LOAD_OPTIONS (options), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = g_file_get_parse_name (file);
  job = load_job_new (self, options, name, cancellable);
  job->file = g_object_ref (file);
  return load_sync (self, job, error);
}

/**
 * kpi_dataset_load_path:
 * @self: a dataset
 * @path: (type filename): the path of the file to read
 * @options: (nullable): how to read it, or %NULL for the defaults
 * @error: return location for a #GError
 *
 * Loads the rows of a file given by its path: see
 * [method@Kpi.Dataset.load_file].
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_dataset_load_path (KpiDataset     *self,
                       const char     *path,
                       KpiLoadOptions *options,
                       GError        **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(LoadJob) job = NULL;

  g_return_val_if_fail (KPI_IS_DATASET (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (options == NULL || KPI_IS_LOAD_OPTIONS (options), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  file = g_file_new_for_path (path);
  job = load_job_new (self, options, path, NULL);
  job->file = g_steal_pointer (&file);
  return load_sync (self, job, error);
}

/**
 * kpi_dataset_load_stream:
 * @self: a dataset
 * @stream: the stream to read to its end
 * @options: (nullable): how to read it, or %NULL for the defaults; give its
 *   format, or it is guessed from the first bytes
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Loads rows from a stream: see [method@Kpi.Dataset.load_file]. Error
 * messages call the data `<stream>` unless
 * [property@Kpi.LoadOptions:source-name] names it.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_dataset_load_stream (KpiDataset     *self,
                         GInputStream   *stream,
                         KpiLoadOptions *options,
                         GCancellable   *cancellable,
                         GError        **error)
{
  g_autoptr(LoadJob) job = NULL;

  g_return_val_if_fail (KPI_IS_DATASET (self), FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (options == NULL || KPI_IS_LOAD_OPTIONS (options), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  job = load_job_new (self, options, "<stream>", cancellable);
  job->stream = g_object_ref (stream);
  return load_sync (self, job, error);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadJob *job = task_data;
  GError *error = NULL;
  KpiTable *parsed = job_run (job, &error);

  if (parsed == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, parsed, (GDestroyNotify) kpi_table_free);
}

static void
load_async (KpiDataset          *self,
            LoadJob             *job,
            int                  io_priority,
            GAsyncReadyCallback  callback,
            gpointer             user_data,
            gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (self, job->cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_priority (task, io_priority);
  job->context = g_main_context_ref_thread_default ();
  job->io_priority = io_priority;
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  g_task_run_in_thread (task, load_thread);
}

static gboolean
load_finish (KpiDataset    *self,
             GAsyncResult  *result,
             gpointer       source_tag,
             GError       **error)
{
  GTask *task = G_TASK (result);
  LoadJob *job;
  KpiTable *parsed;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (task) == source_tag, FALSE);

  parsed = g_task_propagate_pointer (task, error);
  if (parsed == NULL)
    return FALSE;
  job = g_task_get_task_data (task);
  /* The dataset may have changed while the thread ran: the compatibility
   * check happens now, in the caller's thread. */
  return commit_table (self, parsed, job->source_name, job->options, error);
}

/**
 * kpi_dataset_load_file_async:
 * @self: a dataset
 * @file: the file to read
 * @options: (nullable): how to read it, or %NULL for the defaults
 * @io_priority: the I/O priority of the request, such as %G_PRIORITY_DEFAULT
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the file has been parsed
 * @user_data: data for @callback
 *
 * Reads and parses a file in a worker thread: see
 * [method@Kpi.Dataset.load_file]. [signal@Kpi.Dataset::load-progress] is
 * emitted in the thread-default main context of this call while it runs.
 * The rows are added to the dataset by [method@Kpi.Dataset.load_file_finish],
 * which @callback must call.
 *
 * Since: 0.1
 */
void
kpi_dataset_load_file_async (KpiDataset          *self,
                             GFile               *file,
                             KpiLoadOptions      *options,
                             int                  io_priority,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  LoadJob *job;
  g_autofree char *name = NULL;

  g_return_if_fail (KPI_IS_DATASET (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (options == NULL || KPI_IS_LOAD_OPTIONS (options));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  name = g_file_get_parse_name (file);
  job = load_job_new (self, options, name, cancellable);
  job->file = g_object_ref (file);
  load_async (self, job, io_priority, callback, user_data, kpi_dataset_load_file_async);
}

/**
 * kpi_dataset_load_file_finish:
 * @self: a dataset
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Kpi.Dataset.load_file_async]: adds the parsed rows to
 * the dataset, or leaves it unchanged and sets @error.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_dataset_load_file_finish (KpiDataset    *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (KPI_IS_DATASET (self), FALSE);
  return load_finish (self, result, kpi_dataset_load_file_async, error);
}

/**
 * kpi_dataset_load_stream_async:
 * @self: a dataset
 * @stream: the stream to read to its end
 * @options: (nullable): how to read it, or %NULL for the defaults
 * @io_priority: the I/O priority of the request, such as %G_PRIORITY_DEFAULT
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the stream has been parsed
 * @user_data: data for @callback
 *
 * Reads and parses a stream in a worker thread: see
 * [method@Kpi.Dataset.load_file_async].
 *
 * Since: 0.1
 */
void
kpi_dataset_load_stream_async (KpiDataset          *self,
                               GInputStream        *stream,
                               KpiLoadOptions      *options,
                               int                  io_priority,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  LoadJob *job;

  g_return_if_fail (KPI_IS_DATASET (self));
  g_return_if_fail (G_IS_INPUT_STREAM (stream));
  g_return_if_fail (options == NULL || KPI_IS_LOAD_OPTIONS (options));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = load_job_new (self, options, "<stream>", cancellable);
  job->stream = g_object_ref (stream);
  load_async (self, job, io_priority, callback, user_data, kpi_dataset_load_stream_async);
}

/**
 * kpi_dataset_load_stream_finish:
 * @self: a dataset
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Kpi.Dataset.load_stream_async].
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_dataset_load_stream_finish (KpiDataset    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (KPI_IS_DATASET (self), FALSE);
  return load_finish (self, result, kpi_dataset_load_stream_async, error);
}
