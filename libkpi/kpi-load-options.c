/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-load-options.c: how a file is read into a dataset */

#include "config.h"

#include <string.h>

#include "kpi.h"
#include "kpi-load-options-private.h"
#include "kpi-parse-date-private.h"
#include "kpi-util-private.h"

/* The characters of a delimiter or separator a message quotes: a setting
 * of one character, shown whole when someone typed a few. */
#define SHOWN_SETTING_CHARS 16

/**
 * KpiLoadOptions:
 *
 * How [method@Kpi.Dataset.load_file] and its siblings read data: the format,
 * the CSV delimiter, how numbers are written, which column holds the time and
 * in which time zone dates without an offset are read, and which columns are
 * forced to be dimensions or measures.
 *
 * The defaults read what most tools write: comma-separated (or `;`, tab
 * or `|`: the delimiter is detected), UTF-8, a `.` decimal point, a time column named `date`, dates in UTC, and column kinds
 * guessed from the data (a column is a measure when every non-empty value is
 * a number). For a French-language export:
 *
 * ```c
 * KpiLoadOptions *options = kpi_load_options_new ();
 * kpi_load_options_set_delimiter (options, ";", NULL);
 * kpi_load_options_set_number_style (options, "french", NULL);
 * ```
 *
 * Amounts may carry a currency symbol (`€`, `$`, `£`, `¥`) or ISO 4217
 * code (`EUR`, `USD`, `CHF`…) before or after the number, with or without
 * a space; the column then records it
 * ([method@Kpi.Dataset.get_column_currency]), and a column that mixes
 * currencies is refused. Accounting negatives `(1 234,56)`, a trailing
 * minus `1234,56-` and a leading `+` are read too. A value written with a
 * `%` sign is read only in a column declared as percentages
 * ([method@Kpi.LoadOptions.set_percent_column]), as a fraction: `12,5 %`
 * is 0.125.
 *
 * Options that a user chooses (a delimiter typed in a form, a time column
 * given on a command line) are checked by their setters, which report a
 * value they cannot take as a #GError (%KPI_DATASET_ERROR_INVALID_OPTION).
 *
 * Dates are read as ISO 8601 (`2025-02-19`, `2025-02-19T14:05:00+01:00`)
 * or, when a column's values are not, as numeric dates day first
 * (`19/02/2025`) or month first (`2/19/2025 2:05 PM`) as the values
 * decide; a column whose every value reads both ways is refused, naming
 * the two readings. [method@Kpi.LoadOptions.set_date_format] says how
 * dates are written instead, month names and spreadsheet serial dates
 * included.
 *
 * Numeric identifiers (customer numbers, postcodes) are labels, not
 * quantities: force them to be dimensions with
 * [method@Kpi.LoadOptions.set_column_kind].
 *
 * ## Example
 *
 * ```c
 * // a French export: semicolons, decimal commas, spaces between thousands
 * const char *export_csv = "jour;commande;montant\n2025-01-05;1;1 234,50\n2025-01-10;2;980,25\n";
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("jour");
 * g_autoptr(KpiLoadOptions) options = kpi_load_options_new ();
 * const double *amounts = NULL;
 * gsize n_rows = 0;
 *
 * kpi_load_options_use_french_numbers (options);
 * kpi_load_options_set_column_kind (options, "commande", KPI_COLUMN_DIMENSION);
 * if (!kpi_load_options_set_delimiter (options, ";", &error) ||
 *     !kpi_load_options_set_time_column (options, "jour", &error) ||
 *     !kpi_dataset_load_data (orders, (const guint8 *) export_csv, strlen (export_csv), options, &error))
 *   g_error ("%s", error->message);
 * amounts = kpi_dataset_get_measure (orders, "montant", &n_rows);
 * g_print ("%g + %g\n", amounts[0], amounts[1]);
 * ```
 *
 * ```python
 * # a French export: semicolons, decimal commas, spaces between thousands
 * export_csv = "jour;commande;montant\n2025-01-05;1;1 234,50\n2025-01-10;2;980,25\n"
 * orders = Kpi.Dataset.new("jour")
 * options = Kpi.LoadOptions.new()
 * options.use_french_numbers()
 * options.set_column_kind("commande", Kpi.ColumnKind.DIMENSION)
 * options.set_delimiter(";")
 * options.set_time_column("jour")
 * orders.load_data(export_csv.encode(), options)
 * amounts = orders.get_measure("montant")
 * print(f"{amounts[0]:g} + {amounts[1]:g}")
 * ```
 *
 * ```js
 * // a French export: semicolons, decimal commas, spaces between thousands
 * const exportCsv = 'jour;commande;montant\n2025-01-05;1;1 234,50\n2025-01-10;2;980,25\n';
 * const orders = Kpi.Dataset.new('jour');
 * const options = Kpi.LoadOptions.new();
 * options.use_french_numbers();
 * options.set_column_kind('commande', Kpi.ColumnKind.DIMENSION);
 * options.set_delimiter(';');
 * options.set_time_column('jour');
 * orders.load_data(new TextEncoder().encode(exportCsv), options);
 * const amounts = orders.get_measure('montant');
 * print(`${amounts[0]} + ${amounts[1]}`);
 * ```
 *
 * Since: 0.1
 */

struct _KpiLoadOptions
{
  GObject        parent_instance;

  KpiFileFormat  format;
  char          *delimiter;
  char          *decimal_separator;
  char          *thousands_separator;
  char          *time_column;
  GTimeZone     *time_zone;
  char          *source_name;
  GHashTable    *column_kinds;   /* name -> GINT_TO_POINTER (kind + 1) */
  gint64         coverage_start; /* KPI_TIME_UNSET: leave the dataset's */
  gint64         coverage_end;
  gint64         data_as_of;

  /* Dates */
  char          *date_format;    /* every time column's, or NULL: detect */
  GHashTable    *date_formats;   /* column name -> format */
  /* Numbers (see "Number styles and percentages" below) */
  GHashTable    *percent_columns; /* names, a set */
};

enum {
  PROP_0,
  PROP_FORMAT,
  PROP_DELIMITER,
  PROP_DECIMAL_SEPARATOR,
  PROP_THOUSANDS_SEPARATOR,
  PROP_TIME_COLUMN,
  PROP_TIME_ZONE,
  PROP_SOURCE_NAME,
  PROP_COVERAGE_START,
  PROP_COVERAGE_END,
  PROP_DATA_AS_OF,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KpiLoadOptions, kpi_load_options, G_TYPE_OBJECT)

static void
kpi_load_options_finalize (GObject *object)
{
  KpiLoadOptions *self = KPI_LOAD_OPTIONS (object);

  g_free (self->delimiter);
  g_free (self->decimal_separator);
  g_free (self->thousands_separator);
  g_free (self->time_column);
  g_time_zone_unref (self->time_zone);
  g_free (self->source_name);
  g_hash_table_unref (self->column_kinds);
  g_free (self->date_format);
  g_hash_table_unref (self->date_formats);
  g_hash_table_unref (self->percent_columns);

  G_OBJECT_CLASS (kpi_load_options_parent_class)->finalize (object);
}

static void
kpi_load_options_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KpiLoadOptions *self = KPI_LOAD_OPTIONS (object);

  switch (prop_id)
    {
    case PROP_FORMAT:
      g_value_set_enum (value, self->format);
      break;
    case PROP_DELIMITER:
      g_value_set_string (value, self->delimiter);
      break;
    case PROP_DECIMAL_SEPARATOR:
      g_value_set_string (value, self->decimal_separator);
      break;
    case PROP_THOUSANDS_SEPARATOR:
      g_value_set_string (value, self->thousands_separator);
      break;
    case PROP_TIME_COLUMN:
      g_value_set_string (value, self->time_column);
      break;
    case PROP_TIME_ZONE:
      g_value_set_boxed (value, self->time_zone);
      break;
    case PROP_SOURCE_NAME:
      g_value_set_string (value, self->source_name);
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

static const char *
property_setter (guint prop_id)
{
  switch (prop_id)
    {
    case PROP_DELIMITER: return "delimiter";
    case PROP_DECIMAL_SEPARATOR: return "decimal_separator";
    case PROP_THOUSANDS_SEPARATOR: return "thousands_separator";
    case PROP_TIME_COLUMN: return "time_column";
    default: return "…";
    }
}

static void
kpi_load_options_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KpiLoadOptions *self = KPI_LOAD_OPTIONS (object);
  GError *error = NULL;

  switch (prop_id)
    {
    case PROP_FORMAT:
      kpi_load_options_set_format (self, g_value_get_enum (value));
      break;
    case PROP_DELIMITER:
      kpi_load_options_set_delimiter (self, g_value_get_string (value), &error);
      break;
    case PROP_DECIMAL_SEPARATOR:
      kpi_load_options_set_decimal_separator (self, g_value_get_string (value), &error);
      break;
    case PROP_THOUSANDS_SEPARATOR:
      kpi_load_options_set_thousands_separator (self, g_value_get_string (value), &error);
      break;
    case PROP_TIME_COLUMN:
      kpi_load_options_set_time_column (self, g_value_get_string (value), &error);
      break;
    case PROP_TIME_ZONE:
      kpi_load_options_set_time_zone (self, g_value_get_boxed (value));
      break;
    case PROP_SOURCE_NAME:
      kpi_load_options_set_source_name (self, g_value_get_string (value));
      break;
    case PROP_DATA_AS_OF:
      kpi_load_options_set_data_as_of (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }

  /* A property cannot report a GError: a value that the setter refuses is
   * a programmer error here, and the option keeps its value. Values that
   * come from users go through the setters, which report one. */
  if (error != NULL)
    {
      g_critical ("KpiLoadOptions:%s: %s (the value is refused; "
                  "kpi_load_options_set_%s() reports this as a GError)",
                  pspec->name, error->message, property_setter (prop_id));
      g_error_free (error);
    }
}

static void
kpi_load_options_class_init (KpiLoadOptionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kpi_load_options_finalize;
  object_class->get_property = kpi_load_options_get_property;
  object_class->set_property = kpi_load_options_set_property;

  /**
   * KpiLoadOptions:format:
   *
   * The format of the data; %KPI_FILE_FORMAT_AUTO guesses it from the file
   * name, then from the first bytes.
   *
   * Since: 0.1
   */
  properties[PROP_FORMAT] =
    g_param_spec_enum ("format", NULL, NULL,
                       KPI_TYPE_FILE_FORMAT, KPI_FILE_FORMAT_AUTO,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KpiLoadOptions:delimiter:
   *
   * The field delimiter of CSV data: one ASCII character other than a quote,
   * a carriage return or a newline, such as `,`, `;`, `|` or a tab; or
   * %NULL (the default) to detect it: the loader then chooses among `,`,
   * `;`, a tab and `|` (in that order of preference) the one that gives
   * the header and the first 50 rows the same number of fields, more than
   * one, and reads a file that none fits with `,` (a `.tsv` file with a
   * tab). [method@Kpi.Dataset.get_csv_delimiter] tells which one a load
   * used.
   *
   * Setting the property to another value is a programmer error: the value
   * is refused with a critical warning. For a value that comes from a user,
   * call [method@Kpi.LoadOptions.set_delimiter], which reports it as a
   * #GError. The same holds for the other string options.
   *
   * Since: 0.1
   */
  properties[PROP_DELIMITER] =
    g_param_spec_string ("delimiter", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KpiLoadOptions:decimal-separator:
   *
   * The decimal separator of numbers in CSV data: `.` or `,`, not the
   * [property@Kpi.LoadOptions:thousands-separator]. See
   * [method@Kpi.LoadOptions.set_decimal_separator] for a value that comes
   * from a user.
   *
   * Since: 0.1
   */
  properties[PROP_DECIMAL_SEPARATOR] =
    g_param_spec_string ("decimal-separator", NULL, NULL, ".",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KpiLoadOptions:thousands-separator:
   *
   * The separator of digit groups in numbers of CSV data, or the empty
   * string for none (the default): one of ` `, `.`, `,` or `'`, or the
   * no-break spaces U+00A0 and U+202F, or the apostrophe U+2019. A space
   * (of any of the three kinds) accepts the three, as spreadsheets write
   * them; an apostrophe accepts `'` and `’`.
   * It must differ from the decimal separator. See
   * [method@Kpi.LoadOptions.set_thousands_separator] for a value that comes
   * from a user.
   *
   * Since: 0.1
   */
  properties[PROP_THOUSANDS_SEPARATOR] =
    g_param_spec_string ("thousands-separator", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KpiLoadOptions:time-column:
   *
   * The name of the column that holds the time of each row: non-empty
   * UTF-8 text. See [method@Kpi.LoadOptions.set_time_column] for a value
   * that comes from a user.
   *
   * Since: 0.1
   */
  properties[PROP_TIME_COLUMN] =
    g_param_spec_string ("time-column", NULL, NULL, "date",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KpiLoadOptions:time-zone:
   *
   * The time zone of dates and date-times written without an offset: the
   * date `2025-03-30` is midnight of that day in this zone.
   *
   * Since: 0.1
   */
  properties[PROP_TIME_ZONE] =
    g_param_spec_boxed ("time-zone", NULL, NULL, G_TYPE_TIME_ZONE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KpiLoadOptions:source-name:
   *
   * The name by which error messages call the data; by default the path of
   * the file, or `<stream>` and `<data>` for streams and memory.
   *
   * Since: 0.1
   */
  properties[PROP_SOURCE_NAME] =
    g_param_spec_string ("source-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KpiLoadOptions:coverage-start:
   *
   * The start of the span of time the data covers, given to the dataset
   * on a successful load ([method@Kpi.Dataset.set_coverage]), or
   * %KPI_TIME_UNSET to leave the dataset's as it is. Set with
   * [method@Kpi.LoadOptions.set_coverage].
   *
   * Since: 0.1
   */
  properties[PROP_COVERAGE_START] =
    g_param_spec_int64 ("coverage-start", NULL, NULL, G_MININT64, G_MAXINT64, KPI_TIME_UNSET,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KpiLoadOptions:coverage-end:
   *
   * The end (excluded) of the span of time the data covers, given to the
   * dataset on a successful load, or %KPI_TIME_UNSET.
   *
   * Since: 0.1
   */
  properties[PROP_COVERAGE_END] =
    g_param_spec_int64 ("coverage-end", NULL, NULL, G_MININT64, G_MAXINT64, KPI_TIME_UNSET,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KpiLoadOptions:data-as-of:
   *
   * The instant up to which the data is complete (when the export was
   * made), given to the dataset on a successful load
   * ([property@Kpi.Dataset:data-as-of]), or %KPI_TIME_UNSET.
   *
   * Since: 0.1
   */
  properties[PROP_DATA_AS_OF] =
    g_param_spec_int64 ("data-as-of", NULL, NULL, G_MININT64, G_MAXINT64, KPI_TIME_UNSET,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_load_options_init (KpiLoadOptions *self)
{
  self->format = KPI_FILE_FORMAT_AUTO;
  self->delimiter = NULL;   /* detected */
  self->decimal_separator = g_strdup (".");
  self->thousands_separator = g_strdup ("");
  self->time_column = g_strdup ("date");
  self->time_zone = g_time_zone_new_utc ();
  self->column_kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->coverage_start = KPI_TIME_UNSET;
  self->coverage_end = KPI_TIME_UNSET;
  self->data_as_of = KPI_TIME_UNSET;
  self->date_formats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->percent_columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * kpi_load_options_new:
 *
 * Creates load options with the defaults: automatic format, the CSV
 * delimiter detected, `.` decimal separator, no thousands separator, a time column named `date`,
 * UTC, column kinds guessed.
 *
 * Returns: (transfer full): new load options
 *
 * Since: 0.1
 */
KpiLoadOptions *
kpi_load_options_new (void)
{
  return g_object_new (KPI_TYPE_LOAD_OPTIONS, NULL);
}

/**
 * kpi_load_options_get_format:
 * @self: load options
 *
 * Gets the format to read.
 *
 * Returns: the format to read, see [property@Kpi.LoadOptions:format]
 *
 * Since: 0.1
 */
KpiFileFormat
kpi_load_options_get_format (KpiLoadOptions *self)
{
  g_return_val_if_fail (KPI_IS_LOAD_OPTIONS (self), KPI_FILE_FORMAT_AUTO);
  return self->format;
}

/**
 * kpi_load_options_set_format:
 * @self: load options
 * @format: the format to read
 *
 * Sets [property@Kpi.LoadOptions:format].
 *
 * Since: 0.1
 */
void
kpi_load_options_set_format (KpiLoadOptions *self,
                             KpiFileFormat   format)
{
  g_return_if_fail (KPI_IS_LOAD_OPTIONS (self));
  g_return_if_fail (format >= KPI_FILE_FORMAT_AUTO && format <= KPI_FILE_FORMAT_JSON_LINES);

  if (self->format == format)
    return;
  self->format = format;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORMAT]);
}

static void
set_string (KpiLoadOptions *self,
            char          **field,
            const char     *value,
            guint           prop_id)
{
  if (kpi_set_str (field, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/**
 * kpi_load_options_get_delimiter:
 * @self: load options
 *
 * Gets the CSV field delimiter, one character, or %NULL when the loader
 * detects it (see [property@Kpi.LoadOptions:delimiter]).
 *
 * Returns: (nullable): the CSV field delimiter, one character, or %NULL
 *   to detect it
 *
 * Since: 0.1
 */
const char *
kpi_load_options_get_delimiter (KpiLoadOptions *self)
{
  g_return_val_if_fail (KPI_IS_LOAD_OPTIONS (self), NULL);
  return self->delimiter;
}

/**
 * kpi_load_options_set_delimiter:
 * @self: load options
 * @delimiter: (nullable): one ASCII character other than `"`, `\r` and
 *   `\n`, or %NULL to detect it
 * @error: return location for a #GError
 *
 * Sets [property@Kpi.LoadOptions:delimiter]. Any other value (two
 * characters, a non-ASCII one, a quote, the empty string) fails with
 * %KPI_DATASET_ERROR_INVALID_OPTION and leaves the option as it was.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_load_options_set_delimiter (KpiLoadOptions  *self,
                                const char      *delimiter,
                                GError         **error)
{
  g_return_val_if_fail (KPI_IS_LOAD_OPTIONS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (delimiter == NULL)
    {
      set_string (self, &self->delimiter, NULL, PROP_DELIMITER);
      return TRUE;
    }
  if (delimiter[0] == '\0' || delimiter[1] != '\0' ||
      (guchar) delimiter[0] >= 0x80 || strchr ("\"\r\n", delimiter[0]) != NULL)
    {
      g_autofree char *shown = kpi_text_for_message (delimiter, -1, SHOWN_SETTING_CHARS);

      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_OPTION,
                   "“%s” is not a CSV delimiter: expected one ASCII character "
                   "other than a quote or a line break, such as “,”, “;”, “|” "
                   "or a tab", shown);
      return FALSE;
    }
  set_string (self, &self->delimiter, delimiter, PROP_DELIMITER);
  return TRUE;
}

/**
 * kpi_load_options_get_decimal_separator:
 * @self: load options
 *
 * Gets the decimal separator of CSV numbers, `.` or `,`.
 *
 * Returns: the decimal separator of CSV numbers, `.` or `,`
 *
 * Since: 0.1
 */
const char *
kpi_load_options_get_decimal_separator (KpiLoadOptions *self)
{
  g_return_val_if_fail (KPI_IS_LOAD_OPTIONS (self), NULL);
  return self->decimal_separator;
}

/**
 * kpi_load_options_set_decimal_separator:
 * @self: load options
 * @separator: `.` or `,`
 * @error: return location for a #GError
 *
 * Sets [property@Kpi.LoadOptions:decimal-separator]. Another value, or
 * the current thousands separator, fails with
 * %KPI_DATASET_ERROR_INVALID_OPTION and leaves the option as it was.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_load_options_set_decimal_separator (KpiLoadOptions  *self,
                                        const char      *separator,
                                        GError         **error)
{
  g_return_val_if_fail (KPI_IS_LOAD_OPTIONS (self), FALSE);
  g_return_val_if_fail (separator != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (strcmp (separator, ".") != 0 && strcmp (separator, ",") != 0)
    {
      g_autofree char *shown = kpi_text_for_message (separator, -1, SHOWN_SETTING_CHARS);

      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_OPTION,
                   "“%s” is not a decimal separator: expected “.” or “,”", shown);
      return FALSE;
    }
  if (strcmp (separator, self->thousands_separator) == 0)
    {
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_OPTION,
                   "“%s” is the thousands separator already: expected a decimal "
                   "separator that differs from it (change the thousands separator first)",
                   separator);
      return FALSE;
    }
  set_string (self, &self->decimal_separator, separator, PROP_DECIMAL_SEPARATOR);
  return TRUE;
}

/**
 * kpi_load_options_get_thousands_separator:
 * @self: load options
 *
 * Gets the digit group separator of CSV numbers, or the empty string.
 *
 * Returns: the digit group separator of CSV numbers, or the empty string
 *
 * Since: 0.1
 */
const char *
kpi_load_options_get_thousands_separator (KpiLoadOptions *self)
{
  g_return_val_if_fail (KPI_IS_LOAD_OPTIONS (self), NULL);
  return self->thousands_separator;
}

/**
 * kpi_load_options_set_thousands_separator:
 * @self: load options
 * @separator: (nullable): one of ` `, `.`, `,` and `'`, a no-break space
 *   (U+00A0 or U+202F) or `’` (U+2019), or %NULL or the empty string for
 *   none
 * @error: return location for a #GError
 *
 * Sets [property@Kpi.LoadOptions:thousands-separator]. Another value, or
 * the current decimal separator, fails with
 * %KPI_DATASET_ERROR_INVALID_OPTION and leaves the option as it was.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_load_options_set_thousands_separator (KpiLoadOptions  *self,
                                          const char      *separator,
                                          GError         **error)
{
  g_return_val_if_fail (KPI_IS_LOAD_OPTIONS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (separator == NULL)
    separator = "";
  if (separator[0] != '\0' &&
      (separator[1] != '\0' || strchr (" .,'", separator[0]) == NULL) &&
      strcmp (separator, "\xc2\xa0") != 0 && strcmp (separator, "\xe2\x80\xaf") != 0 &&
      strcmp (separator, "\xe2\x80\x99") != 0)
    {
      g_autofree char *shown = kpi_text_for_message (separator, -1, SHOWN_SETTING_CHARS);

      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_OPTION,
                   "“%s” is not a thousands separator: expected a space (or a "
                   "no-break space), “.”, “,”, “'”, “’” or nothing", shown);
      return FALSE;
    }
  if (strcmp (separator, self->decimal_separator) == 0)
    {
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_OPTION,
                   "“%s” is the decimal separator already: expected a thousands "
                   "separator that differs from it (change the decimal separator first)",
                   separator);
      return FALSE;
    }
  set_string (self, &self->thousands_separator, separator, PROP_THOUSANDS_SEPARATOR);
  return TRUE;
}

/**
 * kpi_load_options_get_time_column:
 * @self: load options
 *
 * Gets the name of the time column.
 *
 * Returns: the name of the time column
 *
 * Since: 0.1
 */
const char *
kpi_load_options_get_time_column (KpiLoadOptions *self)
{
  g_return_val_if_fail (KPI_IS_LOAD_OPTIONS (self), NULL);
  return self->time_column;
}

/**
 * kpi_load_options_set_time_column:
 * @self: load options
 * @column: the name of the column that holds the time of each row
 * @error: return location for a #GError
 *
 * Sets [property@Kpi.LoadOptions:time-column]. An empty name, or one that
 * is not UTF-8 text, fails with %KPI_DATASET_ERROR_INVALID_OPTION and
 * leaves the option as it was.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_load_options_set_time_column (KpiLoadOptions  *self,
                                  const char      *column,
                                  GError         **error)
{
  g_return_val_if_fail (KPI_IS_LOAD_OPTIONS (self), FALSE);
  g_return_val_if_fail (column != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (column[0] == '\0')
    {
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_OPTION,
                   "the time column needs a name: expected the name of the "
                   "column that holds the time of each row, such as “date”");
      return FALSE;
    }
  if (!g_utf8_validate (column, -1, NULL))
    {
      g_autofree char *shown = kpi_text_for_message (column, -1, KPI_MESSAGE_QUOTE_CHARS);

      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_OPTION,
                   "the time column name “%s” is not valid UTF-8 text", shown);
      return FALSE;
    }
  set_string (self, &self->time_column, column, PROP_TIME_COLUMN);
  return TRUE;
}

/**
 * kpi_load_options_get_time_zone:
 * @self: load options
 *
 * Gets the time zone of times written without an offset.
 *
 * Returns: (transfer none): the time zone of times written without an offset
 *
 * Since: 0.1
 */
GTimeZone *
kpi_load_options_get_time_zone (KpiLoadOptions *self)
{
  g_return_val_if_fail (KPI_IS_LOAD_OPTIONS (self), NULL);
  return self->time_zone;
}

/**
 * kpi_load_options_set_time_zone:
 * @self: load options
 * @time_zone: (nullable): a time zone, or %NULL for UTC
 *
 * Sets [property@Kpi.LoadOptions:time-zone].
 *
 * Since: 0.1
 */
void
kpi_load_options_set_time_zone (KpiLoadOptions *self,
                                GTimeZone      *time_zone)
{
  g_return_if_fail (KPI_IS_LOAD_OPTIONS (self));

  if (time_zone == self->time_zone)
    return;
  g_time_zone_unref (self->time_zone);
  self->time_zone = time_zone != NULL ? g_time_zone_ref (time_zone) : g_time_zone_new_utc ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_ZONE]);
}

/**
 * kpi_load_options_get_source_name:
 * @self: load options
 *
 * Gets the name error messages give the data.
 *
 * Returns: (nullable): the name error messages give the data, or %NULL for
 *   the default
 *
 * Since: 0.1
 */
const char *
kpi_load_options_get_source_name (KpiLoadOptions *self)
{
  g_return_val_if_fail (KPI_IS_LOAD_OPTIONS (self), NULL);
  return self->source_name;
}

/**
 * kpi_load_options_set_source_name:
 * @self: load options
 * @name: (nullable): the name error messages give the data
 *
 * Sets [property@Kpi.LoadOptions:source-name].
 *
 * Since: 0.1
 */
void
kpi_load_options_set_source_name (KpiLoadOptions *self,
                                  const char     *name)
{
  g_return_if_fail (KPI_IS_LOAD_OPTIONS (self));

  set_string (self, &self->source_name, name, PROP_SOURCE_NAME);
}

/**
 * kpi_load_options_set_column_kind:
 * @self: load options
 * @column: a column name
 * @kind: %KPI_COLUMN_DIMENSION or %KPI_COLUMN_MEASURE
 *
 * Forces the kind of a column instead of guessing it from the values: a
 * column of numeric customer identifiers is a dimension; a measure column
 * whose values are not all numbers makes the load fail with
 * %KPI_DATASET_ERROR_INVALID_NUMBER instead of silently becoming a
 * dimension.
 *
 * Since: 0.1
 */
void
kpi_load_options_set_column_kind (KpiLoadOptions *self,
                                  const char     *column,
                                  KpiColumnKind   kind)
{
  g_return_if_fail (KPI_IS_LOAD_OPTIONS (self));
  g_return_if_fail (column != NULL);
  g_return_if_fail (kind == KPI_COLUMN_DIMENSION || kind == KPI_COLUMN_MEASURE);

  g_hash_table_insert (self->column_kinds, g_strdup (column), GINT_TO_POINTER (kind + 1));
}

/**
 * kpi_load_options_get_column_kind:
 * @self: load options
 * @column: a column name
 * @kind: (out) (optional): the forced kind
 *
 * Tells whether the kind of @column is forced, and to what.
 *
 * Returns: %TRUE if [method@Kpi.LoadOptions.set_column_kind] forced it
 *
 * Since: 0.1
 */
gboolean
kpi_load_options_get_column_kind (KpiLoadOptions *self,
                                  const char     *column,
                                  KpiColumnKind  *kind)
{
  gpointer p;

  g_return_val_if_fail (KPI_IS_LOAD_OPTIONS (self), FALSE);
  g_return_val_if_fail (column != NULL, FALSE);

  p = g_hash_table_lookup (self->column_kinds, column);
  if (p == NULL)
    return FALSE;
  if (kind != NULL)
    *kind = (KpiColumnKind) (GPOINTER_TO_INT (p) - 1);
  return TRUE;
}

/**
 * kpi_load_options_use_french_numbers:
 * @self: load options
 *
 * Reads numbers as French-language exports write them, `1 234,56`: a
 * decimal comma and spaces (including no-break spaces) between digit
 * groups: the same as the `french` number style
 * ([method@Kpi.LoadOptions.set_number_style]). Such files usually separate
 * fields with `;`, which this does not set: the loader detects it, or see
 * [method@Kpi.LoadOptions.set_delimiter].
 *
 * Since: 0.1
 */
void
kpi_load_options_use_french_numbers (KpiLoadOptions *self)
{
  gboolean ok;

  g_return_if_fail (KPI_IS_LOAD_OPTIONS (self));

  ok = kpi_load_options_set_number_style (self, "french", NULL);
  g_assert (ok);
}

/**
 * kpi_load_options_set_coverage:
 * @self: load options
 * @start: the first instant the data covers, in microseconds since the
 *   Unix epoch (UTC), or %KPI_TIME_UNSET
 * @end: the instant the coverage ends (excluded), or %KPI_TIME_UNSET
 * @error: return location for a #GError
 *
 * Says what span of time the data covers, for an export known to start or
 * end elsewhere than its first and last rows; a successful load gives it to
 * the dataset ([method@Kpi.Dataset.set_coverage]). Either end left unset
 * leaves the dataset's.
 *
 * Returns: %TRUE on success; %FALSE with
 *   %KPI_DATASET_ERROR_INVALID_COVERAGE when @end is not after @start
 *
 * Since: 0.1
 */
gboolean
kpi_load_options_set_coverage (KpiLoadOptions  *self,
                               gint64           start,
                               gint64           end,
                               GError         **error)
{
  g_return_val_if_fail (KPI_IS_LOAD_OPTIONS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!kpi_coverage_check (start, end, error))
    return FALSE;
  if (self->coverage_start != start)
    {
      self->coverage_start = start;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COVERAGE_START]);
    }
  if (self->coverage_end != end)
    {
      self->coverage_end = end;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COVERAGE_END]);
    }
  return TRUE;
}

/**
 * kpi_load_options_get_coverage:
 * @self: load options
 * @start: (out) (optional): the start set, or %KPI_TIME_UNSET
 * @end: (out) (optional): the end set, or %KPI_TIME_UNSET
 *
 * Gets the coverage set by [method@Kpi.LoadOptions.set_coverage].
 *
 * Since: 0.1
 */
void
kpi_load_options_get_coverage (KpiLoadOptions *self,
                               gint64         *start,
                               gint64         *end)
{
  g_return_if_fail (KPI_IS_LOAD_OPTIONS (self));

  if (start != NULL)
    *start = self->coverage_start;
  if (end != NULL)
    *end = self->coverage_end;
}

/**
 * kpi_load_options_get_data_as_of:
 * @self: load options
 *
 * Gets [property@Kpi.LoadOptions:data-as-of].
 *
 * Returns: the instant, or %KPI_TIME_UNSET
 *
 * Since: 0.1
 */
gint64
kpi_load_options_get_data_as_of (KpiLoadOptions *self)
{
  g_return_val_if_fail (KPI_IS_LOAD_OPTIONS (self), KPI_TIME_UNSET);

  return self->data_as_of;
}

/**
 * kpi_load_options_set_data_as_of:
 * @self: load options
 * @data_as_of: the instant up to which the data is complete, or
 *   %KPI_TIME_UNSET
 *
 * Sets [property@Kpi.LoadOptions:data-as-of].
 *
 * Since: 0.1
 */
void
kpi_load_options_set_data_as_of (KpiLoadOptions *self,
                                 gint64          data_as_of)
{
  g_return_if_fail (KPI_IS_LOAD_OPTIONS (self));

  if (self->data_as_of == data_as_of)
    return;
  self->data_as_of = data_as_of;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA_AS_OF]);
}

/* ------------------------------------------------------------------------ */
/* Dates */

/**
 * kpi_load_options_set_date_format:
 * @self: load options
 * @column: (nullable): the time column the format is for, or %NULL for the
 *   default of every time column
 * @format: (nullable): how the dates are written, or %NULL to unset
 * @error: return location for a #GError
 *
 * Says how the dates of a time column are written, for exports that do not
 * write ISO 8601. @format is a pattern in the strftime style: `%d/%m/%Y`,
 * `%m/%d/%Y %I:%M %p`, `%d.%m.%Y %H:%M`, `%Y%m%d`, `%d %B %Y`. Its
 * directives:
 *
 * - `%d` the day of the month (`%e` too), `%m` the month, `%Y` the year
 *   (four digits), `%y` the year in two digits (69 to 99 are 1969 to 1999,
 *   00 to 68 are 2000 to 2068); day, month, hour, minute and second take
 *   one or two digits;
 * - `%b` or `%B` a month name, in English or French, whole or abbreviated,
 *   in any case, with or without the accents and the abbreviation's dot
 *   (`Feb`, `february`, `févr.`, `fevr`, `août`, `déc.`);
 * - `%H` the hour (0 to 23), `%I` the hour (1 to 12) with `%p` (`AM` or
 *   `PM`, any case; 12 AM is midnight), `%M` the minutes, `%S` the
 *   seconds, `%f` a fraction of a second (digits after a separator the
 *   format writes: `%S.%f`);
 * - `%z` an offset from UTC (`Z`, `+01:00`, `+0100`, `-05`);
 * - `%%` a percent sign; any other character stands for itself, and a
 *   space for any run of spaces.
 *
 * A format needs a year, a month and a day. Times read with a format are
 * local times of [property@Kpi.LoadOptions:time-zone], unless it has `%z`.
 *
 * The format `serial` reads spreadsheet serial dates: days since
 * 1899-12-30 as spreadsheets count them, the fraction of a day being the
 * time of day (`45707` is 19 February 2025, `45707.5` noon that day),
 * written as numbers with the [property@Kpi.LoadOptions:decimal-separator].
 *
 * With no format for a column, the loaders read ISO 8601 dates, and when
 * the column's first value is not one, numeric dates with the year last
 * (`19/02/2025`, `19.02.2025 14:05`, `2/19/2025 2:05 PM`): day first when
 * a value's first number is above 12, month first when its second is; a
 * column where every value could be either fails to load, with
 * %KPI_DATASET_ERROR_INVALID_TIME naming the two readings of a value.
 *
 * A format given for @column wins over the default.
 *
 * Returns: %TRUE on success; %FALSE with %KPI_DATASET_ERROR_INVALID_OPTION,
 *   the options unchanged, for a format with an unknown directive, without
 *   a year, a month or a day, that gives a field twice, or with `%I`
 *   without `%p`
 *
 * Since: 0.1
 */
gboolean
kpi_load_options_set_date_format (KpiLoadOptions  *self,
                                  const char      *column,
                                  const char      *format,
                                  GError         **error)
{
  g_return_val_if_fail (KPI_IS_LOAD_OPTIONS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (format != NULL)
    {
      g_autofree char *message = NULL;
      KpiDateFormat *compiled = kpi_date_format_new (format, &message);

      if (compiled == NULL)
        {
          g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_OPTION,
                       "%s", message);
          return FALSE;
        }
      kpi_date_format_free (compiled);
    }
  if (column == NULL)
    kpi_set_str (&self->date_format, format);
  else if (format == NULL)
    g_hash_table_remove (self->date_formats, column);
  else
    g_hash_table_insert (self->date_formats, g_strdup (column), g_strdup (format));
  return TRUE;
}

/**
 * kpi_load_options_get_date_format:
 * @self: load options
 * @column: (nullable): a time column, or %NULL for the default
 *
 * Gets the date format that applies to the time column @column: its own,
 * or else the default one; with @column %NULL, the default.
 *
 * Returns: (nullable): the format, or %NULL when the dates are detected
 *
 * Since: 0.1
 */
const char *
kpi_load_options_get_date_format (KpiLoadOptions *self,
                                  const char     *column)
{
  const char *format = NULL;

  g_return_val_if_fail (KPI_IS_LOAD_OPTIONS (self), NULL);

  if (column != NULL)
    format = g_hash_table_lookup (self->date_formats, column);
  return format != NULL ? format : self->date_format;
}

/* ------------------------------------------------------------------------ */
/* Number styles and percentages */

/* The separators of each style; the first name is the canonical one */
static const struct
{
  const char *name;
  const char *short_name;
  const char *decimal;
  const char *thousands;
} number_styles[] = {
  { "english", "en", ".", "," },
  { "french", "fr", ",", " " },
  { "german", "de", ",", "." },
  { "swiss", "ch", ".", "'" },
};

/**
 * kpi_load_options_set_number_style:
 * @self: load options
 * @style: the name of a number style: `english` (`1,234.56`), `french`
 *   (`1 234,56`, with a plain, no-break or narrow no-break space), `german`
 *   (`1.234,56`) or `swiss` (`1'234.56` or `1’234.56`), or their short
 *   names `en`, `fr`, `de` and `ch`
 * @error: return location for a #GError
 *
 * Sets the decimal and the thousands separators together, as the exports
 * of a locale write numbers. Digit groups stay optional: `1234.56` reads
 * the same in the `english` style. Setting a separator afterwards
 * ([method@Kpi.LoadOptions.set_decimal_separator],
 * [method@Kpi.LoadOptions.set_thousands_separator]) changes it alone: the
 * last call wins.
 *
 * Returns: %TRUE on success; %FALSE with %KPI_DATASET_ERROR_INVALID_OPTION
 *   for an unknown style, the options left as they were
 *
 * Since: 0.1
 */
gboolean
kpi_load_options_set_number_style (KpiLoadOptions  *self,
                                   const char      *style,
                                   GError         **error)
{
  g_return_val_if_fail (KPI_IS_LOAD_OPTIONS (self), FALSE);
  g_return_val_if_fail (style != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (gsize i = 0; i < G_N_ELEMENTS (number_styles); i++)
    {
      if (g_ascii_strcasecmp (style, number_styles[i].name) != 0 &&
          g_ascii_strcasecmp (style, number_styles[i].short_name) != 0)
        continue;
      /* No separator may equal the other at any step: clear the thousands
       * separator first ("," may be it now and the decimal one next). */
      g_object_freeze_notify (G_OBJECT (self));
      set_string (self, &self->thousands_separator, "", PROP_THOUSANDS_SEPARATOR);
      set_string (self, &self->decimal_separator, number_styles[i].decimal,
                  PROP_DECIMAL_SEPARATOR);
      set_string (self, &self->thousands_separator, number_styles[i].thousands,
                  PROP_THOUSANDS_SEPARATOR);
      g_object_thaw_notify (G_OBJECT (self));
      return TRUE;
    }

  {
    g_autofree char *shown = kpi_text_for_message (style, -1, SHOWN_SETTING_CHARS);

    g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_OPTION,
                 "“%s” is not a number style: expected english (1,234.56), "
                 "french (1 234,56), german (1.234,56) or swiss (1'234.56), "
                 "or en, fr, de or ch", shown);
    return FALSE;
  }
}

/**
 * kpi_load_options_get_number_style:
 * @self: load options
 *
 * Gets the number style whose separators the options have now, whether
 * [method@Kpi.LoadOptions.set_number_style] or the separators' own setters
 * set them.
 *
 * Returns: (nullable): `english`, `french`, `german` or `swiss`, or %NULL
 *   when the separators are not those of a style (the default: a `.` and
 *   no thousands separator)
 *
 * Since: 0.1
 */
const char *
kpi_load_options_get_number_style (KpiLoadOptions *self)
{
  char decimal, thousands;

  g_return_val_if_fail (KPI_IS_LOAD_OPTIONS (self), NULL);

  decimal = kpi_load_option_char (self->decimal_separator, '.');
  thousands = kpi_load_option_char (self->thousands_separator, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (number_styles); i++)
    if (decimal == number_styles[i].decimal[0] && thousands == number_styles[i].thousands[0])
      return number_styles[i].name;
  return NULL;
}

/**
 * kpi_load_options_set_percent_column:
 * @self: load options
 * @column: a column name
 * @percent: whether the column holds percentages
 *
 * Declares a column as percentages, or no longer. Such a column is a
 * measure whose values are read as fractions, with or without a `%` sign:
 * `12,5 %`, `12.5%` and `12.5` are all 0.125 (with the decimal separator
 * of the options). A `%` sign in a column not declared fails the load with
 * %KPI_DATASET_ERROR_INVALID_NUMBER, rather than reading a percentage as a
 * number a hundred times too large.
 *
 * Since: 0.1
 */
void
kpi_load_options_set_percent_column (KpiLoadOptions *self,
                                     const char     *column,
                                     gboolean        percent)
{
  g_return_if_fail (KPI_IS_LOAD_OPTIONS (self));
  g_return_if_fail (column != NULL);

  if (percent)
    g_hash_table_add (self->percent_columns, g_strdup (column));
  else
    g_hash_table_remove (self->percent_columns, column);
}

/**
 * kpi_load_options_get_percent_column:
 * @self: load options
 * @column: a column name
 *
 * Tells whether [method@Kpi.LoadOptions.set_percent_column] declared
 * @column as percentages.
 *
 * Returns: %TRUE if the column holds percentages
 *
 * Since: 0.1
 */
gboolean
kpi_load_options_get_percent_column (KpiLoadOptions *self,
                                     const char     *column)
{
  g_return_val_if_fail (KPI_IS_LOAD_OPTIONS (self), FALSE);
  g_return_val_if_fail (column != NULL, FALSE);

  return g_hash_table_contains (self->percent_columns, column);
}

KpiLoadOptions *
kpi_load_options_copy (KpiLoadOptions *self)
{
  KpiLoadOptions *copy = kpi_load_options_new ();
  GHashTableIter iter;
  gpointer key, value;

  copy->format = self->format;
  g_free (copy->delimiter);
  copy->delimiter = g_strdup (self->delimiter);
  g_free (copy->decimal_separator);
  copy->decimal_separator = g_strdup (self->decimal_separator);
  g_free (copy->thousands_separator);
  copy->thousands_separator = g_strdup (self->thousands_separator);
  g_free (copy->time_column);
  copy->time_column = g_strdup (self->time_column);
  g_time_zone_unref (copy->time_zone);
  copy->time_zone = g_time_zone_ref (self->time_zone);
  copy->source_name = g_strdup (self->source_name);
  g_hash_table_iter_init (&iter, self->column_kinds);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->column_kinds, g_strdup (key), value);
  copy->coverage_start = self->coverage_start;
  copy->coverage_end = self->coverage_end;
  copy->data_as_of = self->data_as_of;
  copy->date_format = g_strdup (self->date_format);
  g_hash_table_iter_init (&iter, self->date_formats);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->date_formats, g_strdup (key), g_strdup (value));
  g_hash_table_iter_init (&iter, self->percent_columns);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (copy->percent_columns, g_strdup (key));
  return copy;
}

/* See kpi-load-options-private.h */
gboolean
kpi_coverage_check (gint64   start,
                    gint64   end,
                    GError **error)
{
  if (start != KPI_TIME_UNSET && end != KPI_TIME_UNSET && end <= start)
    {
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_COVERAGE,
                   "the coverage must end after it starts (it starts at %" G_GINT64_FORMAT
                   " µs and ends at %" G_GINT64_FORMAT " µs)", start, end);
      return FALSE;
    }
  return TRUE;
}

char
kpi_load_option_char (const char *value,
                      char        fallback)
{
  if (value == NULL || value[0] == '\0')
    return fallback;
  if (strcmp (value, "\xc2\xa0") == 0 || strcmp (value, "\xe2\x80\xaf") == 0)
    return ' ';
  if (strcmp (value, "\xe2\x80\x99") == 0)
    return '\'';
  return value[0];
}
