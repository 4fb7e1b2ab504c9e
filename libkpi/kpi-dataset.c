/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-dataset.c: a columnar in-memory table: the object, its columns,
 * appends, coverage and locking.
 *
 * The rows themselves are a KpiTable (kpi-table.c): columns, dimension
 * dictionaries.  Reading the columns' values is in kpi-dataset-columns.c,
 * loading files and streams in kpi-dataset-load.c; both go through
 * kpi-dataset-private.h, so that every write to the dataset, and every
 * lock it takes as a writer, is in this file. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-database-private.h"
#include "kpi-dataset-private.h"
#include "kpi-load-options-private.h"
#include "kpi-table-private.h"

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
 * ## Threads
 *
 * A dataset may be read and evaluated from several threads at once. An
 * append, a load's final step, a new column or a change of the coverage
 * waits for the evaluations in progress, and they wait for it. The columns
 * given in place ([method@Kpi.Dataset.get_measure] and its kin) and the
 * values of single cells are read without waiting: a thread that reads
 * them while another one appends must take the copies
 * ([method@Kpi.Dataset.dup_dimension_values]) or arrange that no rows are
 * added meanwhile. Signals are emitted in the thread that made the change.
 *
 * ## Example
 *
 * ```c
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * g_print ("%u rows\n", kpi_dataset_get_n_rows (orders));
 * ```
 *
 * ```python
 * orders = Kpi.Dataset.new("date")
 * orders.load_path("orders.csv", None)
 * print(orders.props.n_rows, "rows")
 * print(list(orders.get_measure("amount")))
 * ```
 *
 * ```js
 * const orders = Kpi.Dataset.new('date');
 * orders.load_path('orders.csv', null);
 * print(`${orders.n_rows} rows`);
 * print(orders.get_measure('amount').join(', '));
 * ```
 *
 * Since: 0.1
 */

/* Two locks, and what each guards:
 *
 * - lock, a GRWLock, guards the table (its columns, rows, dictionaries
 *   and time range) and the three times below.  The writers, all in this
 *   file, hold it for writing: kpi_dataset_add_column(), append_rows_locked()
 *   (kpi_dataset_append_rows()), kpi_dataset_commit_table() (the end of a
 *   load), kpi_dataset_set_coverage() and kpi_dataset_set_data_as_of().
 *   Readers hold it for reading: evaluations in any thread (through
 *   kpi_dataset_read_lock() of kpi-dataset-private.h) and the getters
 *   that copy or count: lookup_column, list_columns, get_n_rows,
 *   get_period_coverage, dup_dimension_values, dup_dimension_dictionary.
 *   The other getters (of the columns in place, of one cell, of the time
 *   range, the coverage or a property) take no lock: see "Threads" above.
 *   Signals and notifications are emitted with the lock released, so that
 *   their handlers may read; no one holds it while calling a function that
 *   takes it (a GRWLock is not recursive).
 *
 * - cache_lock, a GMutex, guards caches: derived per-row data that
 *   readers build and extend while they hold the read lock (several may
 *   at once), so that one of them builds an entry and the others wait for
 *   it.  Taken inside the read lock, never the other way round.
 *
 * table itself (the pointer) never changes after construction: a load
 * merges into it in place (kpi_table_append). */
struct _KpiDataset
{
  GObject     parent_instance;

  GRWLock     lock;
  KpiTable   *table;          /* lock */
  GMutex      cache_lock;
  GHashTable *caches;         /* cache_lock; key -> CacheEntry */
  /* The coverage set by the user (KPI_TIME_UNSET: from the rows), and the
   * instant up to which the data is complete (KPI_TIME_UNSET: unknown);
   * all three lock. */
  gint64      coverage_start;
  gint64      coverage_end;
  gint64      data_as_of;
  GTimeSpan   expected_lag;   /* lock; -1: unknown */
  /* The delimiter of the last CSV load ("" before any): lock */
  char        csv_delimiter[2];
  /* The relation of a database the dataset is attached to (no rows in
   * memory then), and the span of its times; lock. */
  KpiDatasetRemote *remote;
  gboolean    remote_has_rows;
  gint64      remote_min_time;
  gint64      remote_max_time;
  KpiPushdown pushdown;       /* atomic */
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
  PROP_EXPECTED_LAG,
  PROP_PUSHDOWN,
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

/**
 * kpi_dataset_error_quark:
 *
 * The error domain of [class@Kpi.Dataset], %KPI_DATASET_ERROR; its codes
 * are the #KpiDatasetError enumeration.
 *
 * Returns: the quark of the domain
 *
 * Since: 0.1
 */
G_DEFINE_QUARK (kpi-dataset-error-quark, kpi_dataset_error)

static void
kpi_dataset_finalize (GObject *object)
{
  KpiDataset *self = KPI_DATASET (object);

  kpi_table_free (self->table);
  kpi_dataset_remote_free (self->remote);
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
    case PROP_EXPECTED_LAG:
      g_value_set_int64 (value, kpi_dataset_get_expected_lag (self));
      break;
    case PROP_PUSHDOWN:
      g_value_set_enum (value, kpi_dataset_get_pushdown (self));
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
    case PROP_EXPECTED_LAG:
      kpi_dataset_set_expected_lag (self, g_value_get_int64 (value));
      break;
    case PROP_PUSHDOWN:
      kpi_dataset_set_pushdown (self, g_value_get_enum (value));
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

  /**
   * KpiDataset:expected-lag:
   *
   * How long after a period ends its data is expected to be complete (the
   * figures of a month arrive 5 to 10 days after it ends), in
   * microseconds, or -1 (the default) when the dataset does not say.
   * Evaluations use it to tell each value's period open, provisional,
   * final or overdue ([method@Kpi.Value.get_closure]).
   *
   * Since: 0.1
   */
  properties[PROP_EXPECTED_LAG] =
    g_param_spec_int64 ("expected-lag", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KpiDataset:pushdown:
   *
   * What an evaluation does with a formula that cannot be evaluated in the
   * database a dataset is attached to ([method@Kpi.Dataset.attach_table]):
   * fail naming what cannot be (%KPI_PUSHDOWN_REQUIRE, the default), or
   * fetch the rows and evaluate it in memory (%KPI_PUSHDOWN_FETCH).
   * Without effect on a dataset of rows in memory.
   *
   * Since: 0.1
   */
  properties[PROP_PUSHDOWN] =
    g_param_spec_enum ("pushdown", NULL, NULL, KPI_TYPE_PUSHDOWN, KPI_PUSHDOWN_REQUIRE,
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
  self->expected_lag = -1;
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
 * Gets the name of the time column.
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
static gboolean check_not_attached (KpiDataset  *self,
                                    GError     **error);
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
  if (!check_not_attached (self, error))
    return FALSE;

  kpi_table_add_column (self->table, name, kind);
  return TRUE;
}

/**
 * kpi_dataset_get_n_columns:
 * @self: a dataset
 *
 * Gets the number of columns, the time column included.
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
 * Gets the name of a column.
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
 * Gets what a column holds.
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
 * kpi_dataset_get_csv_delimiter:
 * @self: a dataset
 *
 * Gets the field delimiter of the last CSV data loaded: the one the load
 * options gave, or the one the loader detected (see
 * [property@Kpi.LoadOptions:delimiter]).
 *
 * Returns: (nullable): the delimiter, one character (`,`, `;`, a tab,
 *   `|`…), or %NULL when no CSV data was loaded
 *
 * Since: 0.1
 */
const char *
kpi_dataset_get_csv_delimiter (KpiDataset *self)
{
  g_return_val_if_fail (KPI_IS_DATASET (self), NULL);

  return self->csv_delimiter[0] != '\0' ? self->csv_delimiter : NULL;
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
 * Gets the number of rows.
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

/* The span of the rows' times: of the rows in memory, or of the relation
 * of a database an attached dataset stands for.  Under the lock. */
static gboolean
time_range_locked (KpiDataset *self,
                   gint64     *min_time,
                   gint64     *max_time)
{
  if (self->table->n_rows > 0)
    {
      *min_time = self->table->min_time;
      *max_time = self->table->max_time;
      return TRUE;
    }
  if (self->remote != NULL && self->remote_has_rows)
    {
      *min_time = self->remote_min_time;
      *max_time = self->remote_max_time;
      return TRUE;
    }
  return FALSE;
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

  gint64 first = 0, last = 0;

  g_return_val_if_fail (KPI_IS_DATASET (self), FALSE);

  g_rw_lock_reader_lock (&self->lock);
  has_rows = time_range_locked (self, &first, &last);
  g_rw_lock_reader_unlock (&self->lock);
  if (min_time != NULL)
    *min_time = first;
  if (max_time != NULL)
    *max_time = last;
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

  if (!kpi_coverage_check (start, end, error))
    return FALSE;
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

/**
 * kpi_dataset_get_expected_lag:
 * @self: a dataset
 *
 * Gets [property@Kpi.Dataset:expected-lag].
 *
 * Returns: how long after a period ends its data is complete, in
 *   microseconds, or -1 when unknown
 *
 * Since: 0.1
 */
GTimeSpan
kpi_dataset_get_expected_lag (KpiDataset *self)
{
  GTimeSpan lag;

  g_return_val_if_fail (KPI_IS_DATASET (self), -1);

  g_rw_lock_reader_lock (&self->lock);
  lag = self->expected_lag;
  g_rw_lock_reader_unlock (&self->lock);
  return lag;
}

/**
 * kpi_dataset_set_expected_lag:
 * @self: a dataset
 * @lag: how long after a period ends its data is complete, in
 *   microseconds (`7 * G_TIME_SPAN_DAY`), or -1 when unknown
 *
 * Sets [property@Kpi.Dataset:expected-lag].
 *
 * Since: 0.1
 */
void
kpi_dataset_set_expected_lag (KpiDataset *self,
                              GTimeSpan   lag)
{
  gboolean changed;

  g_return_if_fail (KPI_IS_DATASET (self));
  g_return_if_fail (lag >= -1);

  g_rw_lock_writer_lock (&self->lock);
  changed = self->expected_lag != lag;
  self->expected_lag = lag;
  g_rw_lock_writer_unlock (&self->lock);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPECTED_LAG]);
}

/**
 * kpi_dataset_get_data_end:
 * @self: a dataset
 * @calendar: (nullable): the calendar whose days the rows are in (UTC when
 *   %NULL)
 *
 * Where the data stops: the end of the coverage
 * ([method@Kpi.Dataset.set_coverage]) or [property@Kpi.Dataset:data-as-of],
 * whichever comes first, or, when neither is set, the end of the day that
 * holds the newest row. A period that ends after it is not all in yet.
 *
 * Returns: an instant in microseconds since the Unix epoch, or
 *   %KPI_TIME_UNSET for a dataset with no rows and no coverage
 *
 * Since: 0.1
 */
gint64
kpi_dataset_get_data_end (KpiDataset  *self,
                          KpiCalendar *calendar)
{
  gint64 end_at, min_time = 0, max_time = 0;
  gboolean has_rows;

  g_return_val_if_fail (KPI_IS_DATASET (self), KPI_TIME_UNSET);
  g_return_val_if_fail (calendar == NULL || KPI_IS_CALENDAR (calendar), KPI_TIME_UNSET);

  g_rw_lock_reader_lock (&self->lock);
  end_at = self->coverage_end;
  if (self->data_as_of != KPI_TIME_UNSET &&
      (end_at == KPI_TIME_UNSET || self->data_as_of < end_at))
    end_at = self->data_as_of;
  has_rows = time_range_locked (self, &min_time, &max_time);
  g_rw_lock_reader_unlock (&self->lock);

  if (end_at == KPI_TIME_UNSET && has_rows)
    {
      g_autoptr(KpiCalendar) utc = calendar == NULL ? kpi_calendar_new (NULL, 1, NULL) : NULL;
      g_autoptr(KpiPeriod) day = kpi_calendar_period_at (calendar != NULL ? calendar : utc,
                                                         max_time, KPI_GRANULARITY_DAY);

      end_at = day != NULL ? kpi_period_get_end (day) : max_time + 1;
    }
  return end_at;
}

KpiCoverage
kpi_dataset_cover (KpiDataset *self,
                   gint64      start,
                   gint64      end)
{
  gboolean partial = FALSE;
  gint64 min_time = 0, max_time = 0;
  /* The rows in memory, or the relation an attached dataset stands for */
  gboolean has_rows = time_range_locked (self, &min_time, &max_time);
  gint64 end_at;

  /* The start: an instant set, or the first row, whose whole period counts
   * (a month of data that begins on the 3rd is a month of data). */
  if (self->coverage_start != KPI_TIME_UNSET)
    {
      if (end <= self->coverage_start)
        return KPI_COVERAGE_NONE;
      partial |= start < self->coverage_start;
    }
  else if (!has_rows)
    return KPI_COVERAGE_NONE;
  else if (end <= min_time)
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
  else if (!has_rows)
    return KPI_COVERAGE_NONE;
  else if (start > max_time)
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


/**
 * kpi_dataset_dup_column_bytes:
 * @self: a dataset
 * @column: the name of a column
 *
 * Gives a column's memory without a copy, as bindings can hold it: the
 * time column's microseconds (#gint64), a measure's doubles (NaN for a
 * missing value, as [method@Kpi.Dataset.get_measure] gives them) or a
 * dimension's codes (#guint32, as
 * [method@Kpi.Dataset.get_dimension_codes] gives them), one per row, in
 * the machine's byte order. Python's `numpy.frombuffer()` makes an array
 * of it that shares the memory.
 *
 * Unlike the pointers of [method@Kpi.Dataset.get_measure], the bytes stay
 * valid however the dataset changes afterwards, and after it is
 * finalized: they hold the rows the column had when they were taken
 * (rows added later are not in them; the column moves to new memory
 * when it grows past its capacity, and the bytes keep the old one).
 *
 * Returns: (transfer full) (nullable): the column's bytes (empty when
 *   there are no rows), or %NULL when there is no column named @column
 *
 * Since: 0.1
 */
GBytes *
kpi_dataset_dup_column_bytes (KpiDataset *self,
                              const char *column)
{
  GBytes *bytes = NULL;
  int index;

  g_return_val_if_fail (KPI_IS_DATASET (self), NULL);
  g_return_val_if_fail (column != NULL, NULL);

  /* A writer's lock: the first export changes who owns the column's
   * memory. */
  g_rw_lock_writer_lock (&self->lock);
  index = kpi_table_lookup (self->table, column);
  if (index >= 0)
    bytes = kpi_table_export_column (self->table, index);
  g_rw_lock_writer_unlock (&self->lock);
  return bytes;
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
  ok = check_not_attached (self, error) &&
       append_rows_locked (self, times, n_rows, dimensions, n_dimension_values,
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
/* The dataset's side of a load (kpi-dataset-load.c) */

void
kpi_dataset_emit_load_progress (KpiDataset *self,
                                guint64     done,
                                guint64     total)
{
  g_signal_emit (self, signals[LOAD_PROGRESS], 0, done, total);
}

/* Merges a parsed table into the dataset, or fails leaving it unchanged;
 * then takes the coverage and data-as-of time the load gives. */
gboolean
kpi_dataset_commit_table (KpiDataset  *self,
                          KpiTable    *parsed,
                          const char  *source_name,
                          gint64       coverage_start,
                          gint64       coverage_end,
                          gint64       data_as_of,
                          GError     **error)
{
  gint64 start = coverage_start, end = coverage_end;
  GError *local_error = NULL;
  gsize position;
  guint n_columns;
  gsize n_new = parsed->n_rows;
  gboolean columns_changed;

  g_rw_lock_writer_lock (&self->lock);
  position = self->table->n_rows;
  n_columns = kpi_table_n_columns (self->table);
  if (!check_not_attached (self, &local_error) ||
      !kpi_table_check_compatible (self->table, parsed, &local_error) ||
      !check_row_capacity (self, n_new, &local_error))
    {
      g_rw_lock_writer_unlock (&self->lock);
      g_set_error (error, local_error->domain, local_error->code,
                   "%s: %s", source_name, local_error->message);
      g_error_free (local_error);
      kpi_table_free (parsed);
      return FALSE;
    }

  /* The load's coverage over the dataset's: refused before anything
   * changes when the two ends do not fit together. */
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

  if (parsed->csv_delimiter != 0)
    self->csv_delimiter[0] = parsed->csv_delimiter;
  kpi_table_append (self->table, parsed);
  columns_changed = n_columns != kpi_table_n_columns (self->table);
  g_rw_lock_writer_unlock (&self->lock);
  /* Each takes the write lock again, and notifies once it let it go. */
  kpi_dataset_set_coverage (self, start, end, NULL);
  if (data_as_of != KPI_TIME_UNSET)
    kpi_dataset_set_data_as_of (self, data_as_of);
  notify_rows_added (self, position, n_new, columns_changed);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* A dataset attached to a relation of a database (kpi-database-load.c) */

/* Refuses rows (and columns) for a dataset whose rows are in a database:
 * they would not be there when it is evaluated.  Under the write lock. */
static gboolean
check_not_attached (KpiDataset  *self,
                    GError     **error)
{
  if (self->remote == NULL)
    return TRUE;
  g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_ATTACHED,
               "the dataset is attached to %s of the database %s: its rows are in the "
               "database, expected kpi_dataset_fetch() to load them before rows are added",
               self->remote->what, kpi_database_get_name (self->remote->db));
  return FALSE;
}

gboolean
kpi_dataset_commit_remote (KpiDataset        *self,
                           KpiTable          *columns,
                           KpiDatasetRemote  *remote,
                           gboolean           has_rows,
                           gint64             min_time,
                           gint64             max_time,
                           gint64             coverage_start,
                           gint64             coverage_end,
                           gint64             data_as_of,
                           GError           **error)
{
  gboolean ok;

  /* The columns first (a dataset without rows and columns only) */
  if (self->table->n_rows > 0 || self->remote != NULL)
    {
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_ATTACHED,
                   "%s: %s", remote->source_name,
                   self->remote != NULL ? "the dataset is attached to a database already: "
                                          "expected a new dataset"
                                        : "the dataset holds rows: expected a dataset without "
                                          "rows to attach to a database");
      kpi_table_free (columns);
      kpi_dataset_remote_free (remote);
      return FALSE;
    }
  ok = kpi_dataset_commit_table (self, columns, remote->source_name, coverage_start,
                                 coverage_end, data_as_of, error);
  if (!ok)
    {
      kpi_dataset_remote_free (remote);
      return FALSE;
    }
  g_rw_lock_writer_lock (&self->lock);
  kpi_dataset_remote_free (self->remote);
  self->remote = remote;
  self->remote_has_rows = has_rows;
  self->remote_min_time = min_time;
  self->remote_max_time = max_time;
  g_rw_lock_writer_unlock (&self->lock);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIN_TIME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_TIME]);
  return TRUE;
}

KpiDatasetRemote *
kpi_dataset_steal_remote (KpiDataset *self)
{
  KpiDatasetRemote *remote;

  g_rw_lock_writer_lock (&self->lock);
  remote = g_steal_pointer (&self->remote);
  g_rw_lock_writer_unlock (&self->lock);
  return remote;
}

void
kpi_dataset_restore_remote (KpiDataset       *self,
                            KpiDatasetRemote *remote)
{
  g_rw_lock_writer_lock (&self->lock);
  g_assert (self->remote == NULL);
  self->remote = remote;
  g_rw_lock_writer_unlock (&self->lock);
}

const KpiDatasetRemote *
kpi_dataset_get_remote (KpiDataset *self)
{
  g_return_val_if_fail (KPI_IS_DATASET (self), NULL);
  return self->remote;
}

/**
 * kpi_dataset_get_database:
 * @self: a dataset
 *
 * The database a dataset is attached to ([method@Kpi.Dataset.attach_table],
 * [method@Kpi.Dataset.attach_query]), where its rows are and where its
 * formulas are evaluated.
 *
 * Returns: (transfer none) (nullable): the database, or %NULL for a
 *   dataset of rows in memory (also once [method@Kpi.Dataset.fetch] has
 *   loaded them)
 *
 * Since: 0.1
 */
KpiDatabase *
kpi_dataset_get_database (KpiDataset *self)
{
  KpiDatabase *db;

  g_return_val_if_fail (KPI_IS_DATASET (self), NULL);
  g_rw_lock_reader_lock (&self->lock);
  db = self->remote != NULL ? self->remote->db : NULL;
  g_rw_lock_reader_unlock (&self->lock);
  return db;
}

/**
 * kpi_dataset_get_pushdown:
 * @self: a dataset
 *
 * Gets what an evaluation does with a formula that cannot be evaluated in
 * the database the dataset is attached to.
 *
 * Returns: [property@Kpi.Dataset:pushdown]
 *
 * Since: 0.1
 */
KpiPushdown
kpi_dataset_get_pushdown (KpiDataset *self)
{
  g_return_val_if_fail (KPI_IS_DATASET (self), KPI_PUSHDOWN_REQUIRE);
  return (KpiPushdown) g_atomic_int_get ((int *) &self->pushdown);
}

/**
 * kpi_dataset_set_pushdown:
 * @self: a dataset
 * @pushdown: what to do with a formula that cannot be evaluated in the
 *   database
 *
 * Sets [property@Kpi.Dataset:pushdown].
 *
 * Since: 0.1
 */
void
kpi_dataset_set_pushdown (KpiDataset  *self,
                          KpiPushdown  pushdown)
{
  g_return_if_fail (KPI_IS_DATASET (self));
  g_return_if_fail (pushdown == KPI_PUSHDOWN_REQUIRE || pushdown == KPI_PUSHDOWN_FETCH);

  if ((KpiPushdown) g_atomic_int_exchange ((int *) &self->pushdown, pushdown) != pushdown)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PUSHDOWN]);
}
