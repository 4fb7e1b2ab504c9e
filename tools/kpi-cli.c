/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-cli.c: the load options every subcommand that reads a data file
 * takes (--time, --tz, --delimiter, --decimal, --thousands, --column...),
 * parsed once into a KpiLoadOptions, and what is said about the load. */

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kpi-cli.h"

void
kpi_cli_load_add_options (KpiCliLoad     *load,
                          GOptionContext *context)
{
  /* Added to the main group, after the subcommand's own options, so that
   * --help lists them (a group of their own would hide them behind
   * --help-load, and the manual pages list what --help prints). */
  const GOptionEntry entries[] = {
    { "time", 0, 0, G_OPTION_ARG_STRING, &load->time_column,
      "The time column of the data (default: date)", "COLUMN" },
    { "tz", 0, 0, G_OPTION_ARG_STRING, &load->tz,
      "Time zone of dates and periods, and of times written without an offset (default: UTC)", "ZONE" },
    { "delimiter", 0, 0, G_OPTION_ARG_STRING, &load->delimiter,
      "The CSV field delimiter: one character (, ; |), tab, or auto to detect it (the default)", "CHAR" },
    { "decimal", 0, 0, G_OPTION_ARG_STRING, &load->decimal,
      "The decimal separator of numbers: . (default) or ,", "CHAR" },
    { "thousands", 0, 0, G_OPTION_ARG_STRING, &load->thousands,
      "The digit group separator of numbers: space, ., , or ', or none (the default)", "CHAR" },
    { "number-style", 0, 0, G_OPTION_ARG_STRING, &load->number_style,
      "How numbers are written: english (1,234.56), french (1 234,56), german (1.234,56) or swiss (1'234.56)",
      "STYLE" },
    { "date-format", 0, 0, G_OPTION_ARG_STRING_ARRAY, &load->date_formats,
      "How dates are written, such as %d/%m/%Y or %m/%d/%Y %I:%M %p, or serial (spreadsheet serial dates); "
      "COLUMN=FORMAT for one column; repeatable (default: ISO 8601, or day-first or month-first as the values say)",
      "FORMAT" },
    { "percent", 0, 0, G_OPTION_ARG_STRING_ARRAY, &load->percent_columns,
      "The column holds percentages (12,5 % reads 0.125); repeatable", "COLUMN" },
    { "column", 0, 0, G_OPTION_ARG_STRING_ARRAY, &load->columns,
      "Force a column's kind: time, dimension or measure (dimension:order_id); repeatable", "KIND:NAME" },
    { "verbose", 0, 0, G_OPTION_ARG_NONE, &load->verbose,
      "Say on stderr how each data file was read (the delimiter detected)", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
}

void
kpi_cli_load_clear (KpiCliLoad *load)
{
  g_clear_pointer (&load->time_column, g_free);
  g_clear_pointer (&load->tz, g_free);
  g_clear_pointer (&load->delimiter, g_free);
  g_clear_pointer (&load->decimal, g_free);
  g_clear_pointer (&load->thousands, g_free);
  g_clear_pointer (&load->number_style, g_free);
  g_clear_pointer (&load->date_formats, g_strfreev);
  g_clear_pointer (&load->percent_columns, g_strfreev);
  g_clear_pointer (&load->columns, g_strfreev);
}

const char *
kpi_cli_load_given (KpiCliLoad *load)
{
  if (load->time_column != NULL)
    return "--time";
  if (load->tz != NULL)
    return "--tz";
  if (load->delimiter != NULL)
    return "--delimiter";
  if (load->decimal != NULL)
    return "--decimal";
  if (load->thousands != NULL)
    return "--thousands";
  if (load->number_style != NULL)
    return "--number-style";
  if (load->date_formats != NULL)
    return "--date-format";
  if (load->percent_columns != NULL)
    return "--percent";
  if (load->columns != NULL)
    return "--column";
  return NULL;
}

static gboolean
bad_value (GError     **error,
           const char  *option,
           const char  *value,
           const char  *expected)
{
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "%s “%s”: expected %s", option, value, expected);
  return FALSE;
}

/* A library setter's error, prefixed with the option that gave the value */
static gboolean
option_failed (GError     **error,
               GError      *local_error,
               const char  *option)
{
  g_propagate_prefixed_error (error, local_error, "%s: ", option);
  return FALSE;
}

/* --decimal: the character, or its name */
static const char *
decimal_char (const char *text)
{
  if (g_str_equal (text, "comma"))
    return ",";
  if (g_str_equal (text, "dot") || g_str_equal (text, "point"))
    return ".";
  return text;
}

/* --thousands: the character, or a name for those a shell makes awkward */
static const char *
thousands_char (const char *text)
{
  if (g_str_equal (text, "none"))
    return "";
  if (g_str_equal (text, "space"))
    return " ";
  if (g_str_equal (text, "comma"))
    return ",";
  if (g_str_equal (text, "dot") || g_str_equal (text, "point"))
    return ".";
  if (g_str_equal (text, "apostrophe"))
    return "'";
  return text;
}

/* --column KIND:NAME; a time column is the time column */
static gboolean
apply_column (KpiLoadOptions  *options,
              const char      *spec,
              char           **time_column,
              GError         **error)
{
  static const struct { const char *name; KpiColumnKind kind; } kinds[] = {
    { "time", KPI_COLUMN_TIME },
    { "dimension", KPI_COLUMN_DIMENSION },
    { "measure", KPI_COLUMN_MEASURE },
  };
  const char *colon = strchr (spec, ':');

  for (gsize i = 0; colon != NULL && colon[1] != '\0' && i < G_N_ELEMENTS (kinds); i++)
    {
      if (strlen (kinds[i].name) != (gsize) (colon - spec) ||
          strncmp (spec, kinds[i].name, colon - spec) != 0)
        continue;
      if (kinds[i].kind != KPI_COLUMN_TIME)
        {
          kpi_load_options_set_column_kind (options, colon + 1, kinds[i].kind);
          return TRUE;
        }
      if (*time_column != NULL && strcmp (*time_column, colon + 1) != 0)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--column “%s”: the time column is “%s” already: expected one time column",
                       spec, *time_column);
          return FALSE;
        }
      g_free (*time_column);
      *time_column = g_strdup (colon + 1);
      return TRUE;
    }
  return bad_value (error, "--column", spec,
                    "KIND:NAME, with KIND time, dimension or measure (dimension:order_id)");
}

KpiLoadOptions *
kpi_cli_load_options (KpiCliLoad  *load,
                      GError     **error)
{
  g_autoptr(KpiLoadOptions) options = kpi_load_options_new ();
  g_autofree char *time_column = g_strdup (load->time_column);
  GError *local_error = NULL;

  if (load->tz != NULL)
    {
      g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (load->tz);

      if (zone == NULL)
        {
          bad_value (error, "--tz", load->tz, "a time zone name such as Europe/Paris, or UTC");
          return NULL;
        }
      kpi_load_options_set_time_zone (options, zone);
    }

  if (load->delimiter != NULL)
    {
      const char *delimiter = load->delimiter;

      if (g_str_equal (delimiter, "tab") || g_str_equal (delimiter, "\\t"))
        delimiter = "\t";
      else if (g_str_equal (delimiter, "auto"))
        delimiter = NULL;
      if (!kpi_load_options_set_delimiter (options, delimiter, &local_error))
        {
          option_failed (error, local_error, "--delimiter");
          return NULL;
        }
    }

  /* The style first, the separators given change it; the thousands
   * separator out of the way first, so that --decimal , --thousands .
   * swaps the two whatever they were */
  if (load->number_style != NULL &&
      !kpi_load_options_set_number_style (options, load->number_style, &local_error))
    {
      option_failed (error, local_error, "--number-style");
      return NULL;
    }
  if (load->thousands != NULL)
    kpi_load_options_set_thousands_separator (options, NULL, NULL);
  if (load->decimal != NULL &&
      !kpi_load_options_set_decimal_separator (options, decimal_char (load->decimal), &local_error))
    {
      option_failed (error, local_error, "--decimal");
      return NULL;
    }
  if (load->thousands != NULL &&
      !kpi_load_options_set_thousands_separator (options, thousands_char (load->thousands), &local_error))
    {
      option_failed (error, local_error, "--thousands");
      return NULL;
    }

  /* --date-format FORMAT or COLUMN=FORMAT: formats have no “=” */
  for (guint i = 0; load->date_formats != NULL && load->date_formats[i] != NULL; i++)
    {
      const char *spec = load->date_formats[i];
      const char *eq = strrchr (spec, '=');
      g_autofree char *column = eq != NULL ? g_strndup (spec, eq - spec) : NULL;
      const char *format = eq != NULL ? eq + 1 : spec;

      if (format[0] == '\0' || (column != NULL && column[0] == '\0'))
        {
          bad_value (error, "--date-format", spec,
                     "FORMAT or COLUMN=FORMAT, such as %d/%m/%Y or Date=%d/%m/%Y");
          return NULL;
        }
      if (!kpi_load_options_set_date_format (options, column, format, &local_error))
        {
          option_failed (error, local_error, "--date-format");
          return NULL;
        }
    }
  for (guint i = 0; load->percent_columns != NULL && load->percent_columns[i] != NULL; i++)
    {
      if (load->percent_columns[i][0] == '\0')
        {
          bad_value (error, "--percent", "", "the name of a column of percentages");
          return NULL;
        }
      kpi_load_options_set_percent_column (options, load->percent_columns[i], TRUE);
    }

  for (guint i = 0; load->columns != NULL && load->columns[i] != NULL; i++)
    if (!apply_column (options, load->columns[i], &time_column, error))
      return NULL;
  if (time_column != NULL && !kpi_load_options_set_time_column (options, time_column, &local_error))
    {
      option_failed (error, local_error, load->time_column != NULL ? "--time" : "--column");
      return NULL;
    }
  return g_steal_pointer (&options);
}

gboolean
kpi_cli_load_path (KpiCliLoad      *load,
                   KpiDataset      *dataset,
                   const char      *path,
                   KpiLoadOptions  *options,
                   GError         **error)
{
  const char *delimiter;

  if (!kpi_dataset_load_path (dataset, path, options, error))
    return FALSE;
  /* what was chosen for the user, for a person watching */
  delimiter = kpi_dataset_get_csv_delimiter (dataset);
  if (delimiter != NULL && kpi_load_options_get_delimiter (options) == NULL &&
      (load->verbose || isatty (STDOUT_FILENO)))
    fprintf (stderr, "kpi: %s: delimiter “%s” detected (--delimiter to choose another)\n",
             path, g_str_equal (delimiter, "\t") ? "tab" : delimiter);
  return TRUE;
}

/* The number styles a hint may suggest (the default reads 1234.56 but
 * not 1,234.56). */
static const struct
{
  const char *name;
  const char *country;
  const char *decimal;
  const char *thousands;
  const char *example;
} styles[] = {
  { "english", "English", ".", ",", "1,234.56" },
  { "french", "French", ",", " ", "1 234,56" },
  { "german", "German", ",", ".", "1.234,56" },
  { "swiss", "Swiss", ".", "'", "1'234.56" },
};

/* Whether every value of @values (at most the first 200) reads as a
 * number with these separators: a one-column file of them, loaded. */
static gboolean
values_read_as_numbers (const char * const *values,
                        gsize               n_values,
                        const char         *decimal,
                        const char         *thousands)
{
  g_autoptr(KpiLoadOptions) options = kpi_load_options_new ();
  g_autoptr(KpiDataset) probe = kpi_dataset_new ("date");
  g_autoptr(GString) csv = g_string_new ("date,v\n");
  KpiColumnKind kind;
  guint n = 0;

  kpi_load_options_set_format (options, KPI_FILE_FORMAT_CSV);
  kpi_load_options_set_delimiter (options, ",", NULL);
  kpi_load_options_set_thousands_separator (options, NULL, NULL);
  if (!kpi_load_options_set_decimal_separator (options, decimal, NULL) ||
      !kpi_load_options_set_thousands_separator (options, thousands, NULL))
    return FALSE;
  for (; n < n_values && n < 200; n++)
    {
      g_autofree char *quoted = NULL;
      g_auto(GStrv) parts = g_strsplit (values[n], "\"", -1);

      quoted = g_strjoinv ("\"\"", parts);
      g_string_append_printf (csv, "2000-01-01,\"%s\"\n", quoted);
    }
  return n > 0 &&
         kpi_dataset_load_data (probe, (const guint8 *) csv->str, csv->len, options, NULL) &&
         kpi_dataset_lookup_column (probe, "v", NULL, &kind) && kind == KPI_COLUMN_MEASURE;
}

char *
kpi_cli_number_hint (KpiCliLoad     *load,
                     KpiDataset     *dataset,
                     KpiLoadOptions *options)
{
  g_auto(GStrv) dimensions = NULL;

  /* the user chose how numbers are written: nothing to guess */
  if (load->number_style != NULL || load->decimal != NULL || load->thousands != NULL)
    return NULL;
  dimensions = kpi_dataset_list_columns (dataset, KPI_COLUMN_DIMENSION);
  for (guint i = 0; dimensions[i] != NULL; i++)
    {
      gsize n_values;
      const char * const *values = kpi_dataset_get_dimension_dictionary (dataset, dimensions[i], &n_values);
      KpiColumnKind forced;

      if (kpi_load_options_get_column_kind (options, dimensions[i], &forced))
        continue;
      for (gsize s = 0; s < G_N_ELEMENTS (styles); s++)
        if (values_read_as_numbers (values, n_values, styles[s].decimal, styles[s].thousands))
          return g_strdup_printf ("column “%s” holds numbers written the %s way (%s): "
                                  "pass --number-style %s to read them as numbers",
                                  dimensions[i], styles[s].country, styles[s].example, styles[s].name);
    }
  return NULL;
}
