/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-dataset.h: a columnar in-memory table */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <gio/gio.h>
#include <libkpi/kpi-version.h>
#include <libkpi/kpi-load-options.h>
#include <libkpi/kpi-database.h>
#include <libkpi/kpi-period.h>
#include <libkpi/kpi-calendar.h>

G_BEGIN_DECLS

/**
 * KPI_DATASET_ERROR:
 *
 * The error domain of #KpiDataset: loading and appending. Errors are from
 * the #KpiDatasetError enumeration.
 *
 * Since: 0.1
 */
#define KPI_DATASET_ERROR (kpi_dataset_error_quark ())

/**
 * KpiDatasetError:
 * @KPI_DATASET_ERROR_FAILED: another failure
 * @KPI_DATASET_ERROR_PARSE: the text is not well-formed CSV or JSON: an
 *   unterminated quote, a row with the wrong number of fields, a JSON syntax
 *   error, a value of a type a column cannot hold
 * @KPI_DATASET_ERROR_INVALID_NUMBER: a value of a measure column is not a number
 * @KPI_DATASET_ERROR_INVALID_TIME: a value of the time column is not an
 *   ISO 8601 date or date-time
 * @KPI_DATASET_ERROR_NO_TIME_COLUMN: the data has no column of the expected
 *   time column name
 * @KPI_DATASET_ERROR_ENCODING: the data is not UTF-8 text
 * @KPI_DATASET_ERROR_EMPTY: the data holds no header row
 * @KPI_DATASET_ERROR_SCHEMA: the columns do not fit the dataset: a duplicate
 *   or empty column name, columns that differ from those the dataset already
 *   has, the wrong number of values for a row
 * @KPI_DATASET_ERROR_UNKNOWN_COLUMN: no column of that name and kind
 * @KPI_DATASET_ERROR_INVALID_OPTION: a #KpiLoadOptions setter was given a
 *   value the option cannot take (a delimiter of two characters, a decimal
 *   separator that is not `.` or `,`...)
 * @KPI_DATASET_ERROR_INVALID_COVERAGE: a coverage that ends before it
 *   starts ([method@Kpi.Dataset.set_coverage])
 * @KPI_DATASET_ERROR_ATTACHED: the dataset is attached to a database
 *   ([method@Kpi.Dataset.attach_table]): rows cannot be added to it before
 *   [method@Kpi.Dataset.fetch] loads the database's, nor can a dataset
 *   with rows, or attached already, be attached
 *
 * Errors of the %KPI_DATASET_ERROR domain.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_DATASET_ERROR_FAILED,
  KPI_DATASET_ERROR_PARSE,
  KPI_DATASET_ERROR_INVALID_NUMBER,
  KPI_DATASET_ERROR_INVALID_TIME,
  KPI_DATASET_ERROR_NO_TIME_COLUMN,
  KPI_DATASET_ERROR_ENCODING,
  KPI_DATASET_ERROR_EMPTY,
  KPI_DATASET_ERROR_SCHEMA,
  KPI_DATASET_ERROR_UNKNOWN_COLUMN,
  KPI_DATASET_ERROR_INVALID_OPTION,
  KPI_DATASET_ERROR_INVALID_COVERAGE,
  KPI_DATASET_ERROR_ATTACHED,
} KpiDatasetError;

/**
 * KpiCoverage:
 * @KPI_COVERAGE_NONE: the period is outside the span of time the dataset
 *   holds data for: an indicator has no value there
 *   (%KPI_VALUE_FLAG_NO_DATA), not a value of 0
 * @KPI_COVERAGE_PARTIAL: the dataset holds data for part of the period
 *   only: values are flagged %KPI_VALUE_FLAG_PARTIAL_PERIOD
 * @KPI_COVERAGE_FULL: the dataset holds data for the whole period: a sum
 *   over no rows is a true 0
 *
 * How much of a period the data of a #KpiDataset covers
 * ([method@Kpi.Dataset.get_period_coverage]).
 *
 * Since: 0.1
 */
typedef enum {
  KPI_COVERAGE_NONE,
  KPI_COVERAGE_PARTIAL,
  KPI_COVERAGE_FULL,
} KpiCoverage;

/**
 * KPI_DIMENSION_MISSING:
 *
 * The code of a missing (empty) value in the codes of a dimension column.
 *
 * Since: 0.1
 */
#define KPI_DIMENSION_MISSING ((guint32) 0xFFFFFFFFU)

KPI_AVAILABLE_IN_0_1
GQuark kpi_dataset_error_quark (void);

#define KPI_TYPE_DATASET (kpi_dataset_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiDataset, kpi_dataset, KPI, DATASET, GObject)

KPI_AVAILABLE_IN_0_1
KpiDataset         *kpi_dataset_new                  (const char     *time_column);

/* Schema */
KPI_AVAILABLE_IN_0_1
const char         *kpi_dataset_get_time_column      (KpiDataset     *self);
KPI_AVAILABLE_IN_0_1
gboolean            kpi_dataset_add_column           (KpiDataset     *self,
                                                      const char     *name,
                                                      KpiColumnKind   kind,
                                                      GError        **error);
KPI_AVAILABLE_IN_0_1
guint               kpi_dataset_get_n_columns        (KpiDataset     *self);
KPI_AVAILABLE_IN_0_1
const char         *kpi_dataset_get_column_name      (KpiDataset     *self,
                                                      guint           index);
KPI_AVAILABLE_IN_0_1
KpiColumnKind       kpi_dataset_get_column_kind      (KpiDataset     *self,
                                                      guint           index);
KPI_AVAILABLE_IN_0_1
gboolean            kpi_dataset_lookup_column        (KpiDataset     *self,
                                                      const char     *name,
                                                      guint          *index,
                                                      KpiColumnKind  *kind);
KPI_AVAILABLE_IN_0_1
char              **kpi_dataset_list_columns         (KpiDataset     *self,
                                                      KpiColumnKind   kind);

/* Rows and time span */
KPI_AVAILABLE_IN_0_1
guint               kpi_dataset_get_n_rows           (KpiDataset     *self);
KPI_AVAILABLE_IN_0_1
gboolean            kpi_dataset_get_time_range       (KpiDataset     *self,
                                                      gint64         *min_time,
                                                      gint64         *max_time);
KPI_AVAILABLE_IN_0_1
gboolean            kpi_dataset_set_coverage         (KpiDataset     *self,
                                                      gint64          start,
                                                      gint64          end,
                                                      GError        **error);
KPI_AVAILABLE_IN_0_1
void                kpi_dataset_get_coverage         (KpiDataset     *self,
                                                      gint64         *start,
                                                      gint64         *end);
KPI_AVAILABLE_IN_0_1
gint64              kpi_dataset_get_data_as_of       (KpiDataset     *self);
KPI_AVAILABLE_IN_0_1
GTimeSpan           kpi_dataset_get_expected_lag     (KpiDataset     *self);
KPI_AVAILABLE_IN_0_1
void                kpi_dataset_set_expected_lag     (KpiDataset     *self,
                                                      GTimeSpan       lag);
KPI_AVAILABLE_IN_0_1
gint64              kpi_dataset_get_data_end         (KpiDataset     *self,
                                                      KpiCalendar    *calendar);
KPI_AVAILABLE_IN_0_1
void                kpi_dataset_set_data_as_of       (KpiDataset     *self,
                                                      gint64          data_as_of);
KPI_AVAILABLE_IN_0_1
KpiCoverage         kpi_dataset_get_period_coverage  (KpiDataset     *self,
                                                      const KpiPeriod *period);
KPI_AVAILABLE_IN_0_1
gsize               kpi_dataset_get_memory_size      (KpiDataset     *self);

/* Columns, zero-copy */
KPI_AVAILABLE_IN_0_1
const gint64       *kpi_dataset_get_times            (KpiDataset     *self,
                                                      gsize          *n_rows);
KPI_AVAILABLE_IN_0_1
const double       *kpi_dataset_get_measure          (KpiDataset     *self,
                                                      const char     *column,
                                                      gsize          *n_rows);
KPI_AVAILABLE_IN_0_1
const guint32      *kpi_dataset_get_dimension_codes  (KpiDataset     *self,
                                                      const char     *column,
                                                      gsize          *n_rows);
KPI_AVAILABLE_IN_0_1
const char * const *kpi_dataset_get_dimension_dictionary (KpiDataset *self,
                                                          const char *column,
                                                          gsize      *n_values);
KPI_AVAILABLE_IN_0_1
GBytes             *kpi_dataset_dup_column_bytes     (KpiDataset     *self,
                                                      const char     *column);

/* Cells, and copies for bindings */
KPI_AVAILABLE_IN_0_1
gint64              kpi_dataset_get_time             (KpiDataset     *self,
                                                      guint           row);
KPI_AVAILABLE_IN_0_1
gboolean            kpi_dataset_get_measure_value    (KpiDataset     *self,
                                                      const char     *column,
                                                      guint           row,
                                                      double         *value);
KPI_AVAILABLE_IN_0_1
const char         *kpi_dataset_get_dimension_value  (KpiDataset     *self,
                                                      const char     *column,
                                                      guint           row);
KPI_AVAILABLE_IN_0_1
char              **kpi_dataset_dup_dimension_values (KpiDataset     *self,
                                                      const char     *column);
KPI_AVAILABLE_IN_0_1
char              **kpi_dataset_dup_dimension_dictionary (KpiDataset *self,
                                                          const char *column);

/* Appending */
KPI_AVAILABLE_IN_0_1
gboolean            kpi_dataset_append_row           (KpiDataset     *self,
                                                      gint64          time,
                                                      const char * const *dimensions,
                                                      gsize           n_dimensions,
                                                      const double   *measures,
                                                      gsize           n_measures,
                                                      GError        **error);
KPI_AVAILABLE_IN_0_1
gboolean            kpi_dataset_append_rows          (KpiDataset     *self,
                                                      const gint64   *times,
                                                      gsize           n_rows,
                                                      const char * const *dimensions,
                                                      gsize           n_dimension_values,
                                                      const double   *measures,
                                                      gsize           n_measure_values,
                                                      GError        **error);

/* Loading */
KPI_AVAILABLE_IN_0_1
gboolean            kpi_dataset_load_path            (KpiDataset     *self,
                                                      const char     *path,
                                                      KpiLoadOptions *options,
                                                      GError        **error);
KPI_AVAILABLE_IN_0_1
gboolean            kpi_dataset_load_file            (KpiDataset     *self,
                                                      GFile          *file,
                                                      KpiLoadOptions *options,
                                                      GCancellable   *cancellable,
                                                      GError        **error);
KPI_AVAILABLE_IN_0_1
gboolean            kpi_dataset_load_stream          (KpiDataset     *self,
                                                      GInputStream   *stream,
                                                      KpiLoadOptions *options,
                                                      GCancellable   *cancellable,
                                                      GError        **error);
KPI_AVAILABLE_IN_0_1
gboolean            kpi_dataset_load_data            (KpiDataset     *self,
                                                      const guint8   *data,
                                                      gsize           length,
                                                      KpiLoadOptions *options,
                                                      GError        **error);
KPI_AVAILABLE_IN_0_1
void                kpi_dataset_load_file_async      (KpiDataset         *self,
                                                      GFile              *file,
                                                      KpiLoadOptions     *options,
                                                      int                 io_priority,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
KPI_AVAILABLE_IN_0_1
gboolean            kpi_dataset_load_file_finish     (KpiDataset     *self,
                                                      GAsyncResult   *result,
                                                      GError        **error);
KPI_AVAILABLE_IN_0_1
void                kpi_dataset_load_stream_async    (KpiDataset         *self,
                                                      GInputStream       *stream,
                                                      KpiLoadOptions     *options,
                                                      int                 io_priority,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
KPI_AVAILABLE_IN_0_1
gboolean            kpi_dataset_load_stream_finish   (KpiDataset     *self,
                                                      GAsyncResult   *result,
                                                      GError        **error);

/* Databases */
KPI_AVAILABLE_IN_0_1
gboolean            kpi_dataset_load_table           (KpiDataset     *self,
                                                      KpiDatabase    *database,
                                                      const char     *table,
                                                      KpiLoadOptions *options,
                                                      GCancellable   *cancellable,
                                                      GError        **error);
KPI_AVAILABLE_IN_0_1
gboolean            kpi_dataset_load_query           (KpiDataset     *self,
                                                      KpiDatabase    *database,
                                                      const char     *sql,
                                                      KpiLoadOptions *options,
                                                      GCancellable   *cancellable,
                                                      GError        **error);
KPI_AVAILABLE_IN_0_1
void                kpi_dataset_load_table_async     (KpiDataset         *self,
                                                      KpiDatabase        *database,
                                                      const char         *table,
                                                      KpiLoadOptions     *options,
                                                      int                 io_priority,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
KPI_AVAILABLE_IN_0_1
gboolean            kpi_dataset_load_table_finish    (KpiDataset     *self,
                                                      GAsyncResult   *result,
                                                      GError        **error);
KPI_AVAILABLE_IN_0_1
void                kpi_dataset_load_query_async     (KpiDataset         *self,
                                                      KpiDatabase        *database,
                                                      const char         *sql,
                                                      KpiLoadOptions     *options,
                                                      int                 io_priority,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
KPI_AVAILABLE_IN_0_1
gboolean            kpi_dataset_load_query_finish    (KpiDataset     *self,
                                                      GAsyncResult   *result,
                                                      GError        **error);
KPI_AVAILABLE_IN_0_1
gboolean            kpi_dataset_attach_table         (KpiDataset     *self,
                                                      KpiDatabase    *database,
                                                      const char     *table,
                                                      KpiLoadOptions *options,
                                                      GCancellable   *cancellable,
                                                      GError        **error);
KPI_AVAILABLE_IN_0_1
gboolean            kpi_dataset_attach_query         (KpiDataset     *self,
                                                      KpiDatabase    *database,
                                                      const char     *sql,
                                                      KpiLoadOptions *options,
                                                      GCancellable   *cancellable,
                                                      GError        **error);
KPI_AVAILABLE_IN_0_1
gboolean            kpi_dataset_fetch                (KpiDataset     *self,
                                                      GCancellable   *cancellable,
                                                      GError        **error);
KPI_AVAILABLE_IN_0_1
KpiDatabase        *kpi_dataset_get_database         (KpiDataset     *self);
KPI_AVAILABLE_IN_0_1
KpiPushdown         kpi_dataset_get_pushdown         (KpiDataset     *self);
KPI_AVAILABLE_IN_0_1
void                kpi_dataset_set_pushdown         (KpiDataset     *self,
                                                      KpiPushdown     pushdown);

G_END_DECLS
