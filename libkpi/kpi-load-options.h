/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-load-options.h: how a file is read into a dataset */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <glib-object.h>
#include <libkpi/kpi-version.h>

G_BEGIN_DECLS

/**
 * KpiFileFormat:
 * @KPI_FILE_FORMAT_AUTO: guess from the file name (`.csv`, `.tsv`, `.json`,
 *   `.jsonl`, `.ndjson`) or, failing that, from the first bytes
 * @KPI_FILE_FORMAT_CSV: delimited text (RFC 4180) with a header row
 * @KPI_FILE_FORMAT_JSON: a JSON array of objects, one object per row
 * @KPI_FILE_FORMAT_JSON_LINES: JSON Lines: one object per line
 *
 * The format of the data a #KpiDataset loads.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_FILE_FORMAT_AUTO,
  KPI_FILE_FORMAT_CSV,
  KPI_FILE_FORMAT_JSON,
  KPI_FILE_FORMAT_JSON_LINES,
} KpiFileFormat;

/**
 * KpiColumnKind:
 * @KPI_COLUMN_TIME: the time column: instants, stored as microseconds since
 *   the Unix epoch, UTC
 * @KPI_COLUMN_DIMENSION: a dimension: strings, dictionary-encoded
 * @KPI_COLUMN_MEASURE: a measure: doubles, where missing is distinct from 0
 *
 * What a column of a #KpiDataset holds.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_COLUMN_TIME,
  KPI_COLUMN_DIMENSION,
  KPI_COLUMN_MEASURE,
} KpiColumnKind;

#define KPI_TYPE_LOAD_OPTIONS (kpi_load_options_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiLoadOptions, kpi_load_options, KPI, LOAD_OPTIONS, GObject)

KPI_AVAILABLE_IN_0_1
KpiLoadOptions *kpi_load_options_new                 (void);

KPI_AVAILABLE_IN_0_1
KpiFileFormat   kpi_load_options_get_format          (KpiLoadOptions *self);
KPI_AVAILABLE_IN_0_1
void            kpi_load_options_set_format          (KpiLoadOptions *self,
                                                      KpiFileFormat   format);

KPI_AVAILABLE_IN_0_1
const char     *kpi_load_options_get_delimiter       (KpiLoadOptions *self);
KPI_AVAILABLE_IN_0_1
gboolean        kpi_load_options_set_delimiter       (KpiLoadOptions *self,
                                                      const char     *delimiter,
                                                      GError        **error);

KPI_AVAILABLE_IN_0_1
const char     *kpi_load_options_get_decimal_separator  (KpiLoadOptions *self);
KPI_AVAILABLE_IN_0_1
gboolean        kpi_load_options_set_decimal_separator  (KpiLoadOptions *self,
                                                         const char     *separator,
                                                         GError        **error);

KPI_AVAILABLE_IN_0_1
const char     *kpi_load_options_get_thousands_separator (KpiLoadOptions *self);
KPI_AVAILABLE_IN_0_1
gboolean        kpi_load_options_set_thousands_separator (KpiLoadOptions *self,
                                                          const char     *separator,
                                                          GError        **error);

KPI_AVAILABLE_IN_0_1
const char     *kpi_load_options_get_time_column     (KpiLoadOptions *self);
KPI_AVAILABLE_IN_0_1
gboolean        kpi_load_options_set_time_column     (KpiLoadOptions *self,
                                                      const char     *column,
                                                      GError        **error);

KPI_AVAILABLE_IN_0_1
GTimeZone      *kpi_load_options_get_time_zone       (KpiLoadOptions *self);
KPI_AVAILABLE_IN_0_1
void            kpi_load_options_set_time_zone       (KpiLoadOptions *self,
                                                      GTimeZone      *time_zone);

KPI_AVAILABLE_IN_0_1
const char     *kpi_load_options_get_source_name     (KpiLoadOptions *self);
KPI_AVAILABLE_IN_0_1
void            kpi_load_options_set_source_name     (KpiLoadOptions *self,
                                                      const char     *name);

KPI_AVAILABLE_IN_0_1
void            kpi_load_options_set_column_kind     (KpiLoadOptions *self,
                                                      const char     *column,
                                                      KpiColumnKind   kind);
KPI_AVAILABLE_IN_0_1
gboolean        kpi_load_options_get_column_kind     (KpiLoadOptions *self,
                                                      const char     *column,
                                                      KpiColumnKind  *kind);
KPI_AVAILABLE_IN_0_1
gboolean        kpi_load_options_set_coverage        (KpiLoadOptions *self,
                                                      gint64          start,
                                                      gint64          end,
                                                      GError        **error);
KPI_AVAILABLE_IN_0_1
void            kpi_load_options_get_coverage        (KpiLoadOptions *self,
                                                      gint64         *start,
                                                      gint64         *end);
KPI_AVAILABLE_IN_0_1
gint64          kpi_load_options_get_data_as_of      (KpiLoadOptions *self);
KPI_AVAILABLE_IN_0_1
void            kpi_load_options_set_data_as_of      (KpiLoadOptions *self,
                                                      gint64          data_as_of);
KPI_AVAILABLE_IN_0_1
void            kpi_load_options_use_french_numbers  (KpiLoadOptions *self);

/* Dates */
KPI_AVAILABLE_IN_0_1
gboolean        kpi_load_options_set_date_format     (KpiLoadOptions *self,
                                                      const char     *column,
                                                      const char     *format,
                                                      GError        **error);
KPI_AVAILABLE_IN_0_1
const char     *kpi_load_options_get_date_format     (KpiLoadOptions *self,
                                                      const char     *column);

/* Number styles and percentages */
KPI_AVAILABLE_IN_0_1
gboolean        kpi_load_options_set_number_style    (KpiLoadOptions *self,
                                                      const char     *style,
                                                      GError        **error);
KPI_AVAILABLE_IN_0_1
const char     *kpi_load_options_get_number_style    (KpiLoadOptions *self);
KPI_AVAILABLE_IN_0_1
void            kpi_load_options_set_percent_column  (KpiLoadOptions *self,
                                                      const char     *column,
                                                      gboolean        percent);
KPI_AVAILABLE_IN_0_1
gboolean        kpi_load_options_get_percent_column  (KpiLoadOptions *self,
                                                      const char     *column);

G_END_DECLS
