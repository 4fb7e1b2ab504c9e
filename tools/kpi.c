/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi: the libkpi command line.
 *
 *   kpi eval DATA.csv FORMULA [--time COLUMN] [--by GRANULARITY] [--from LABEL]
 *            [--to LABEL] [--group DIMENSION] [--tz ZONE] [--format csv|json|text]
 *            [--compare prev|last-year|forecast|target:FILE.csv[:FORMULA]|budget:FILE.csv[:FORMULA]|forecast:FILE.csv[:FORMULA]]
 *            [--direction higher-is-better|lower-is-better|within-band] [--rate]
 *            [--checks CHECKS.json] [--expected-lag DAYS] [--now DATE]
 *            [--explain] [--fetch]   (DATA: also postgresql:///crm?table=orders)
 *   kpi check DATA.csv [NAME=DATA.csv...] --checks CHECKS.json [--format text|json|csv]
 *            [--time COLUMN] [--tz ZONE] [--now DATE] [--store STORE.db]
 */

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>
#include <libkpi/kpi.h>

#include "kpi-cli.h"

typedef enum { FORMAT_CSV, FORMAT_JSON, FORMAT_TEXT } Format;

typedef struct
{
  char   *by;
  char   *from;
  char   *to;
  char   *group;
  char   *format;
  char   *compare;
  char   *direction;
  char   *coverage;
  char   *checks;
  char   *now;
  char   *dataset;
  double  expected_lag;
  gboolean rate;
  gboolean explain;
  gboolean fetch;
} EvalOptions;

static void
eval_options_clear (EvalOptions *opts)
{
  g_free (opts->by);
  g_free (opts->from);
  g_free (opts->to);
  g_free (opts->group);
  g_free (opts->format);
  g_free (opts->compare);
  g_free (opts->direction);
  g_free (opts->coverage);
  g_free (opts->dataset);
  g_free (opts->checks);
  g_free (opts->now);
}

/* Freed on every return, the early ones on errors included */
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EvalOptions, eval_options_clear)

int
kpi_cli_fail (const char *what,
              GError     *error)
{
  fprintf (stderr, "kpi: %s%s%s\n", what != NULL ? what : "", what != NULL ? ": " : "",
           error != NULL ? error->message : "");
  g_clear_error (&error);
  return EXIT_USAGE;
}

/* --coverage FROM..TO: from the start of period FROM to the end of period
 * TO, either side left out for "from the data". */
static gboolean
apply_coverage (KpiDataset   *dataset,
                KpiCalendar  *calendar,
                const char   *text,
                GError      **error)
{
  g_auto(GStrv) sides = g_strsplit (text, "..", 2);
  gint64 start = KPI_TIME_UNSET, end = KPI_TIME_UNSET;

  if (g_strv_length (sides) != 2 || (sides[0][0] == '\0' && sides[1][0] == '\0'))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "“%s”: expected FROM..TO, two period labels (2024-01..2025-06), either left out", text);
      return FALSE;
    }
  if (sides[0][0] != '\0')
    {
      g_autoptr(KpiPeriod) from = kpi_calendar_parse_period (calendar, sides[0], error);
      if (from == NULL)
        return FALSE;
      start = kpi_period_get_start (from);
    }
  if (sides[1][0] != '\0')
    {
      g_autoptr(KpiPeriod) to = kpi_calendar_parse_period (calendar, sides[1], error);
      if (to == NULL)
        return FALSE;
      end = kpi_period_get_end (to);
    }
  return kpi_dataset_set_coverage (dataset, start, end, error);
}

/* The shortest text that reads back as exactly the same double. */
static void
format_number (double  value,
               char   *buf,
               gsize   size)
{
  /* Plain decimals where they are short enough to read (350, 0.35), the
   * fewest that read back exactly; scientific notation otherwise. */
  if (value == 0 || (fabs (value) >= 1e-4 && fabs (value) < 1e15))
    for (int decimals = 0; decimals <= 17; decimals++)
      {
        char format[8];
        g_snprintf (format, sizeof format, "%%.%df", decimals);
        g_ascii_formatd (buf, size, format, value);
        if (g_ascii_strtod (buf, NULL) == value)
          return;
      }
  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];
      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buf, size, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        return;
    }
}

static gboolean
parse_granularity (const char     *text,
                   KpiGranularity *out)
{
  static const struct { const char *name; KpiGranularity g; } names[] = {
    { "day", KPI_GRANULARITY_DAY },
    { "week", KPI_GRANULARITY_WEEK },
    { "month", KPI_GRANULARITY_MONTH },
    { "quarter", KPI_GRANULARITY_QUARTER },
    { "year", KPI_GRANULARITY_YEAR },
    { "fiscal-quarter", KPI_GRANULARITY_FISCAL_QUARTER },
    { "fiscal-year", KPI_GRANULARITY_FISCAL_YEAR },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (text, names[i].name) == 0)
      {
        *out = names[i].g;
        return TRUE;
      }
  return FALSE;
}

static const char *
flag_names_of_type (GType    type,
                    guint    flags,
                    GString *out)
{
  g_autoptr(GFlagsClass) klass = g_type_class_ref (type);

  g_string_truncate (out, 0);
  for (guint i = 0; i < klass->n_values; i++)
    if (klass->values[i].value != 0 && (flags & klass->values[i].value) == klass->values[i].value)
      g_string_append_printf (out, "%s%s", out->len ? "|" : "", klass->values[i].value_nick);
  return out->str;
}

static const char *
flag_names (KpiValueFlags flags,
            GString      *out)
{
  return flag_names_of_type (KPI_TYPE_VALUE_FLAGS, flags, out);
}

static void
csv_field (GString    *line,
           const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (line, text);
      return;
    }
  g_string_append_c (line, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

typedef struct
{
  Format       format;
  const char  *group_column;
  GString     *out;
  JsonBuilder *json;
  GPtrArray   *rows;    /* for text: GStrv per row */
  gboolean     rate;    /* --compare: changes in percentage points */
  GPtrArray   *warnings;  /* char*: what values warn of, once each */
  gboolean     checked;   /* --checks: quality, confidence and findings */
  gboolean     closed;    /* --expected-lag: the closure of each period */
  GPtrArray   *findings;  /* KpiCheckResult: those values show, once each */
} Printer;

static const char *
enum_nick (GType type,
           int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *v = g_enum_get_value (klass, value);

  return v != NULL ? v->value_nick : "unknown";
}

/* The check ids of the findings behind @value, "a;b", and keeps the
 * findings to list after the values. */
static char *
finding_ids (Printer  *printer,
             KpiValue *value)
{
  GPtrArray *findings = kpi_value_get_findings (value);
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      KpiCheckResult *result = g_ptr_array_index (findings, i);

      g_string_append_printf (ids, "%s%s", ids->len ? ";" : "",
                              kpi_check_result_get_check_id (result));
      if (!g_ptr_array_find (printer->findings, result, NULL))
        g_ptr_array_add (printer->findings, g_object_ref (result));
    }
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

/* Keeps what @value warns of (a value compared with a dimension that never
 * held it), to print once on stderr. */
static void
collect_warnings (Printer  *printer,
                  KpiValue *value)
{
  const char * const *warnings = kpi_value_get_warnings (value);

  for (gsize i = 0; warnings != NULL && warnings[i] != NULL; i++)
    if (!g_ptr_array_find_with_equal_func (printer->warnings, warnings[i], g_str_equal, NULL))
      g_ptr_array_add (printer->warnings, g_strdup (warnings[i]));
}

static void
print_value (Printer  *printer,
             KpiValue *value)
{
  const KpiPeriod *period = kpi_value_get_period (value);
  const char *group = kpi_value_get_group (value);
  char number[G_ASCII_DTOSTR_BUF_SIZE] = "";
  g_autoptr(GString) flags = g_string_new (NULL);
  double v;
  gboolean present = kpi_value_get_number (value, &v);

  KpiQuality quality = kpi_value_get_quality (value);
  g_autofree char *ids = printer->checked ? finding_ids (printer, value) : NULL;
  char confidence[G_ASCII_DTOSTR_BUF_SIZE] = "";

  if (present)
    format_number (v, number, sizeof number);
  format_number (kpi_value_get_confidence (value), confidence, sizeof confidence);
  flag_names (kpi_value_get_flags (value), flags);
  collect_warnings (printer, value);
  if (printer->closed)
    g_string_append_printf (flags, "%s%s", flags->len ? "|" : "",
                            enum_nick (KPI_TYPE_CLOSURE, kpi_value_get_closure (value)));

  switch (printer->format)
    {
    case FORMAT_CSV:
      csv_field (printer->out, kpi_period_get_label (period));
      g_string_append_c (printer->out, ',');
      if (printer->group_column != NULL)
        {
          csv_field (printer->out, group != NULL ? group : "");
          g_string_append_c (printer->out, ',');
        }
      g_string_append (printer->out, number);
      if (printer->closed)
        g_string_append_printf (printer->out, ",%s",
                                enum_nick (KPI_TYPE_CLOSURE, kpi_value_get_closure (value)));
      if (printer->checked)
        {
          g_string_append_printf (printer->out, ",%s,%s,", enum_nick (KPI_TYPE_QUALITY, quality),
                                  confidence);
          csv_field (printer->out, ids);
        }
      g_string_append_c (printer->out, '\n');
      break;

    case FORMAT_JSON:
      json_builder_begin_object (printer->json);
      json_builder_set_member_name (printer->json, "period");
      json_builder_add_string_value (printer->json, kpi_period_get_label (period));
      if (printer->group_column != NULL)
        {
          json_builder_set_member_name (printer->json, printer->group_column);
          json_builder_add_string_value (printer->json, group);
        }
      json_builder_set_member_name (printer->json, "value");
      if (present)
        json_builder_add_double_value (printer->json, v);
      else
        json_builder_add_null_value (printer->json);
      json_builder_set_member_name (printer->json, "sample_size");
      json_builder_add_int_value (printer->json, (gint64) kpi_value_get_sample_size (value));
      json_builder_set_member_name (printer->json, "flags");
      json_builder_begin_array (printer->json);
      if (flags->len > 0)
        {
          g_auto(GStrv) names = g_strsplit (flags->str, "|", -1);
          for (guint i = 0; names[i] != NULL; i++)
            json_builder_add_string_value (printer->json, names[i]);
        }
      json_builder_end_array (printer->json);
      if (printer->closed)
        {
          json_builder_set_member_name (printer->json, "closure");
          json_builder_add_string_value (printer->json,
                                         enum_nick (KPI_TYPE_CLOSURE, kpi_value_get_closure (value)));
        }
      if (printer->checked)
        {
          GPtrArray *findings = kpi_value_get_findings (value);

          json_builder_set_member_name (printer->json, "quality");
          json_builder_add_string_value (printer->json, enum_nick (KPI_TYPE_QUALITY, quality));
          json_builder_set_member_name (printer->json, "confidence");
          json_builder_add_double_value (printer->json, kpi_value_get_confidence (value));
          json_builder_set_member_name (printer->json, "findings");
          json_builder_begin_array (printer->json);
          for (guint i = 0; findings != NULL && i < findings->len; i++)
            json_builder_add_string_value (printer->json,
                                           kpi_check_result_get_check_id (g_ptr_array_index (findings, i)));
          json_builder_end_array (printer->json);
        }
      json_builder_end_object (printer->json);
      break;

    case FORMAT_TEXT:
      {
        GStrvBuilder *row = g_strv_builder_new ();
        g_autofree char *marked = NULL;

        /* a marker after the number: ! a failed check, * a warning */
        if (quality == KPI_QUALITY_FAILED || quality == KPI_QUALITY_WARNING)
          {
            marked = g_strdup_printf ("%s %s", present ? number : "—",
                                      quality == KPI_QUALITY_FAILED ? "!" : "*");
            g_string_append_printf (flags, "%scheck:%s", flags->len ? "|" : "", ids);
          }
        g_strv_builder_add (row, kpi_period_get_label (period));
        if (printer->group_column != NULL)
          g_strv_builder_add (row, group != NULL ? group : "");
        g_strv_builder_add (row, marked != NULL ? marked : present ? number : "—");
        g_strv_builder_add (row, flags->str);
        g_ptr_array_add (printer->rows, g_strv_builder_end (row));
        g_strv_builder_unref (row);
      }
      break;
    }
}

/* A number for CSV and text, empty when there is none */
static const char *
number_or_empty (double  value,
                 char   *buf,
                 gsize   size)
{
  buf[0] = '\0';
  if (isfinite (value))
    format_number (value, buf, size);
  return buf;
}

/* A number for people: ten significant digits at most, so that a
 * difference such as 88780.74 − 87498 reads 1282.74, not 1282.7400000000052 */
static const char *
text_number (double  value,
             char   *buf,
             gsize   size)
{
  char rounded[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return "—";
  g_ascii_formatd (rounded, sizeof rounded, "%.10g", value);
  format_number (g_ascii_strtod (rounded, NULL), buf, size);
  /* -0 is a rounding artefact */
  if (strcmp (buf, "-0") == 0)
    g_strlcpy (buf, "0", size);
  return buf;
}

static void
json_number_or_null (JsonBuilder *json,
                     const char  *name,
                     double       value)
{
  json_builder_set_member_name (json, name);
  if (isfinite (value))
    json_builder_add_double_value (json, value);
  else
    json_builder_add_null_value (json);
}

/* --compare: one row per period, the value against its reference */
static void
print_comparison (Printer       *printer,
                  KpiComparison *comparison)
{
  KpiValue *actual = kpi_comparison_get_actual (comparison);
  KpiValue *reference = kpi_comparison_get_reference (comparison);
  const KpiPeriod *period = kpi_value_get_period (actual);
  const char *label = period != NULL ? kpi_period_get_label (period) : "";
  double change = printer->rate ? kpi_comparison_get_point_change (comparison)
                                : kpi_comparison_get_relative_change (comparison);
  char value[G_ASCII_DTOSTR_BUF_SIZE], ref[G_ASCII_DTOSTR_BUF_SIZE];
  char delta[G_ASCII_DTOSTR_BUF_SIZE], chg[G_ASCII_DTOSTR_BUF_SIZE];
  g_autoptr(GString) flags = g_string_new (NULL);

  number_or_empty (kpi_value_get_value (actual), value, sizeof value);
  number_or_empty (kpi_value_get_value (reference), ref, sizeof ref);
  number_or_empty (kpi_comparison_get_delta (comparison), delta, sizeof delta);
  number_or_empty (change, chg, sizeof chg);
  flag_names_of_type (KPI_TYPE_COMPARISON_FLAGS, kpi_comparison_get_flags (comparison), flags);
  collect_warnings (printer, actual);
  collect_warnings (printer, reference);

  switch (printer->format)
    {
    case FORMAT_CSV:
      {
        const char *fields[] = { label, value, ref, delta, chg,
                                 enum_nick (KPI_TYPE_STATUS, kpi_comparison_get_status (comparison)), flags->str };
        for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
          {
            if (i > 0)
              g_string_append_c (printer->out, ',');
            csv_field (printer->out, fields[i]);
          }
        g_string_append_c (printer->out, '\n');
      }
      break;

    case FORMAT_JSON:
      json_builder_begin_object (printer->json);
      json_builder_set_member_name (printer->json, "period");
      json_builder_add_string_value (printer->json, label);
      json_number_or_null (printer->json, "value", kpi_value_get_value (actual));
      json_number_or_null (printer->json, "reference", kpi_value_get_value (reference));
      json_number_or_null (printer->json, "delta", kpi_comparison_get_delta (comparison));
      json_number_or_null (printer->json, printer->rate ? "point_change" : "relative_change", change);
      json_number_or_null (printer->json, "attainment", kpi_comparison_get_attainment (comparison));
      json_builder_set_member_name (printer->json, "status");
      json_builder_add_string_value (printer->json, enum_nick (KPI_TYPE_STATUS, kpi_comparison_get_status (comparison)));
      json_number_or_null (printer->json, "score", kpi_comparison_get_score (comparison));
      json_builder_set_member_name (printer->json, "flags");
      json_builder_begin_array (printer->json);
      if (flags->len > 0)
        {
          g_auto(GStrv) names = g_strsplit (flags->str, "|", -1);
          for (guint i = 0; names[i] != NULL; i++)
            json_builder_add_string_value (printer->json, names[i]);
        }
      json_builder_end_array (printer->json);
      if (kpi_comparison_get_provenance (comparison) != NULL)
        {
          json_builder_set_member_name (printer->json, "provenance");
          json_builder_add_string_value (printer->json, kpi_comparison_get_provenance (comparison));
        }
      json_builder_end_object (printer->json);
      break;

    case FORMAT_TEXT:
      {
        GStrvBuilder *row = g_strv_builder_new ();
        g_autofree char *change_text = kpi_comparison_format_change (comparison, 1);

        g_strv_builder_add (row, label);
        g_strv_builder_add (row, text_number (kpi_value_get_value (actual), value, sizeof value));
        g_strv_builder_add (row, text_number (kpi_value_get_value (reference), ref, sizeof ref));
        g_strv_builder_add (row, text_number (kpi_comparison_get_delta (comparison), delta, sizeof delta));
        g_strv_builder_add (row, change_text);
        g_strv_builder_add (row, kpi_status_to_string (kpi_comparison_get_status (comparison)));
        g_strv_builder_add (row, flags->str);
        g_ptr_array_add (printer->rows, g_strv_builder_end (row));
        g_strv_builder_unref (row);
      }
      break;
    }
}

/* Prints the rows as a text table under @headers, each column as wide as
 * its widest cell (in characters: the figures hold U+2212 and narrow
 * spaces), the columns @right right-aligned. */
static void
print_table (Printer            *printer,
             const char * const *headers,
             const gboolean     *right,
             guint               n_cols)
{
  g_autofree glong *widths = g_new0 (glong, n_cols);

  for (guint c = 0; c < n_cols; c++)
    widths[c] = g_utf8_strlen (headers[c], -1);
  for (guint r = 0; r < printer->rows->len; r++)
    {
      char **row = g_ptr_array_index (printer->rows, r);
      for (guint c = 0; c < n_cols; c++)
        widths[c] = MAX (widths[c], g_utf8_strlen (row[c], -1));
    }
  for (guint r = 0; r <= printer->rows->len; r++)
    {
      const char * const *row = r == 0 ? headers : g_ptr_array_index (printer->rows, r - 1);
      for (guint c = 0; c < n_cols; c++)
        {
          glong pad = widths[c] - g_utf8_strlen (row[c], -1);
          if (right[c])
            g_string_append_printf (printer->out, "%*s%s", (int) pad, "", row[c]);
          else
            g_string_append_printf (printer->out, "%s%*s", row[c], c + 1 < n_cols ? (int) pad : 0, "");
          if (c + 1 < n_cols)
            g_string_append (printer->out, "  ");
        }
      g_string_append_c (printer->out, '\n');
    }
}

/* The text table of --compare: numbers right-aligned */
static void
print_comparison_table (Printer *printer)
{
  static const char * const headers[] = { "period", "value", "reference", "delta", "change", "status", "flags" };
  static const gboolean right[] = { FALSE, TRUE, TRUE, TRUE, TRUE, FALSE, FALSE };

  print_table (printer, headers, right, G_N_ELEMENTS (headers));
}

/* The reference of --compare: prev, last-year, forecast (from the
 * formula's own history), or a table: target:FILE[:FORMULA],
 * budget:FILE[:FORMULA], forecast:FILE[:FORMULA]. A table's formula
 * defaults to the sum of its only measure column. */
static KpiBenchmark *
make_benchmark (const char      *spec,
                KpiLoadOptions  *load_options,
                GError         **error)
{
  KpiBenchmarkKind kind;
  const char *rest;
  g_autofree char *path = NULL;
  g_autofree char *formula = NULL;
  g_autoptr(KpiDataset) table = NULL;
  KpiBenchmark *benchmark;

  if (g_str_equal (spec, "prev") || g_str_equal (spec, "previous"))
    return kpi_offset_benchmark_new (KPI_BENCHMARK_KIND_PREVIOUS_PERIOD, error);
  if (g_str_equal (spec, "last-year"))
    return kpi_offset_benchmark_new (KPI_BENCHMARK_KIND_LAST_YEAR, error);
  if (g_str_equal (spec, "forecast"))
    return kpi_forecast_benchmark_new (NULL);
  if (g_str_has_prefix (spec, "target:"))
    kind = KPI_BENCHMARK_KIND_TARGET;
  else if (g_str_has_prefix (spec, "budget:"))
    kind = KPI_BENCHMARK_KIND_BUDGET;
  else if (g_str_has_prefix (spec, "forecast:"))
    kind = KPI_BENCHMARK_KIND_FORECAST;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "“%s”: expected prev, last-year, forecast, target:FILE.csv[:FORMULA], "
                   "budget:FILE.csv[:FORMULA] or forecast:FILE.csv[:FORMULA]", spec);
      return NULL;
    }

  /* FILE[:FORMULA]: the whole rest is the file when such a file exists */
  rest = strchr (spec, ':') + 1;
  if (!g_file_test (rest, G_FILE_TEST_EXISTS) && strchr (rest, ':') != NULL)
    {
      const char *colon = strchr (rest, ':');
      path = g_strndup (rest, colon - rest);
      formula = g_strdup (colon + 1);
    }
  else
    path = g_strdup (rest);
  if (path[0] == '\0')
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "“%s”: no file named", spec);
      return NULL;
    }

  table = kpi_dataset_new (kpi_load_options_get_time_column (load_options));
  if (!kpi_dataset_load_path (table, path, load_options, error))
    return NULL;
  if (formula == NULL || formula[0] == '\0')
    {
      g_auto(GStrv) measures = kpi_dataset_list_columns (table, KPI_COLUMN_MEASURE);
      guint n = g_strv_length (measures);
      const char *prefix = kind == KPI_BENCHMARK_KIND_TARGET ? "target"
                           : kind == KPI_BENCHMARK_KIND_BUDGET ? "budget" : "forecast";
      KpiColumnKind column_kind;

      if (n == 0)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "%s has no measure column: give a formula (%s:FILE:FORMULA)",
                       path, prefix);
          return NULL;
        }
      if (n > 1)
        {
          g_autofree char *names = g_strjoinv (", ", measures);
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "%s has several measure columns (%s): say which with a formula, "
                       "such as %s:%s:sum(%s)", path, names, prefix, path, measures[0]);
          return NULL;
        }
      /* A table of targets for several indicators (targets.csv): summing
       * them all would be a number of nothing */
      if (kpi_dataset_lookup_column (table, "indicator", NULL, &column_kind) &&
          column_kind == KPI_COLUMN_DIMENSION)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "%s has targets for several indicators: say which with a formula, "
                       "such as %s:%s:sum(%s where indicator = \"revenue\")",
                       path, prefix, path, measures[0]);
          return NULL;
        }
      g_free (formula);
      formula = g_strdup_printf ("sum(%s)", measures[0]);
    }

  benchmark = kpi_table_benchmark_new (kind, table, formula, error);
  if (benchmark == NULL)
    return NULL;
  {
    g_autofree char *base = g_path_get_basename (path);
    kpi_benchmark_set_source_name (benchmark, base);
  }
  return benchmark;
}

/* The text table of a series: the value right-aligned */
/* The name a dataset read from @path goes by in checks files: its base
 * name without the extension ("orders" for data/orders.csv). */
static char *
dataset_name_of (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_steal_pointer (&base);
}

gboolean
kpi_cli_parse_now (const char  *text,
                   GTimeZone   *zone,
                   gint64      *now,
                   GError     **error)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (text, zone);
  int y, m, d;
  char end;

  if (dt == NULL && sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3)
    dt = g_date_time_new (zone, y, m, d, 0, 0, 0);
  if (dt == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "“%s”: expected a date (2026-01-05) or a date and time (2026-01-05T08:00:00)", text);
      return FALSE;
    }
  *now = g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
  return TRUE;
}

/* The checks of a checks file (or of a catalogue's `checks`); a check that
 * names no dataset checks @default_dataset. */
static KpiCheckSuite *
load_suite (const char   *path,
            KpiCalendar  *calendar,
            const char   *default_dataset,
            GError      **error)
{
  g_autoptr(KpiCheckSuite) suite = kpi_check_suite_new ();
  guint n;

  if (g_str_has_prefix (path, "builtin:"))
    {
      if (!kpi_check_suite_load_builtin (suite, path + strlen ("builtin:"), calendar, error))
        return NULL;
    }
  else
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
      if (!kpi_check_suite_load_file (suite, file, calendar, error))
        return NULL;
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (suite));
  for (guint i = 0; i < n && default_dataset != NULL; i++)
    {
      g_autoptr(KpiCheck) check = g_list_model_get_item (G_LIST_MODEL (suite), i);

      if (kpi_check_get_dataset_name (check) == NULL && kpi_check_get_dataset (check) == NULL)
        kpi_check_set_dataset_name (check, default_dataset);
    }
  return g_steal_pointer (&suite);
}

/* The checks of @suite whose datasets @context has. A checks file (a
 * catalogue's) may check more datasets than were given: those checks are
 * left out, and named on stderr, rather than failing the run. Takes
 * @suite. */
static KpiCheckSuite *
suite_for_context (KpiCheckSuite  *suite,
                   KpiContext     *evaluation,
                   GError        **error)
{
  g_autoptr(KpiCheckSuite) owned = suite;
  g_autoptr(KpiCheckSuite) given = kpi_check_suite_new ();
  g_autoptr(GString) skipped = g_string_new (NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (suite));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KpiCheck) check = g_list_model_get_item (G_LIST_MODEL (suite), i);
      g_autofree char *missing = NULL;
      guint n_props;
      g_autofree GParamSpec **props = g_object_class_list_properties (G_OBJECT_GET_CLASS (check), &n_props);

      /* the dataset it checks, and those it compares with
       * (reference-dataset-name, other-dataset-name...) */
      for (guint p = 0; p < n_props && missing == NULL; p++)
        {
          g_autofree char *name = NULL;
          g_autoptr(KpiDataset) dataset = NULL;

          if (!g_str_has_suffix (props[p]->name, "dataset-name") ||
              G_PARAM_SPEC_VALUE_TYPE (props[p]) != G_TYPE_STRING)
            continue;
          g_object_get (check, props[p]->name, &name, NULL);
          if (name == NULL ||
              (strcmp (props[p]->name, "dataset-name") == 0 && kpi_check_get_dataset (check) != NULL))
            continue;
          dataset = kpi_context_lookup_dataset (evaluation, name);
          if (dataset == NULL)
            missing = g_steal_pointer (&name);
        }
      if (missing != NULL)
        g_string_append_printf (skipped, "%s%s (%s)", skipped->len ? ", " : "",
                                kpi_check_get_id (check), missing);
      else if (!kpi_check_suite_add (given, check, error))
        return NULL;
    }
  if (skipped->len > 0)
    fprintf (stderr, "kpi: skipped the checks of datasets not given: %s\n", skipped->str);
  return g_steal_pointer (&given);
}

/* After the values: what the findings they carry say, once each. */
static void
print_findings (Printer *printer)
{
  if (printer->findings->len == 0 || printer->format != FORMAT_TEXT)
    return;
  g_string_append (printer->out, "\n");
  for (guint i = 0; i < printer->findings->len; i++)
    {
      KpiCheckResult *result = g_ptr_array_index (printer->findings, i);

      g_string_append_printf (printer->out, "%s %s: %s\n",
                              kpi_check_result_get_status (result) == KPI_CHECK_STATUS_FAIL ? "!" : "*",
                              kpi_check_result_get_check_id (result),
                              kpi_check_result_get_message (result));
    }
}

static void
print_text_table (Printer *printer)
{
  const char *headers[4];
  gboolean right[4] = { FALSE };
  guint h = 0;

  headers[h++] = "period";
  if (printer->group_column != NULL)
    headers[h++] = printer->group_column;
  right[h] = TRUE;
  headers[h++] = "value";
  headers[h++] = "flags";
  print_table (printer, headers, right, h);
}

/* Whether DATA names a database rather than a file:
 * postgresql:///crm?table=orders, sqlite:///path.db?query=SELECT... */
static gboolean
is_database_source (const char *data)
{
  return (g_str_has_prefix (data, "postgresql:") || g_str_has_prefix (data, "postgres:") ||
          g_str_has_prefix (data, "sqlite:")) &&
         (strstr (data, "?table=") != NULL || strstr (data, "&table=") != NULL ||
          strstr (data, "?query=") != NULL || strstr (data, "&query=") != NULL);
}

/* Opens the database of @data without its table= or query= parameter and
 * attaches @dataset to that table or query, or, with @fetch, loads its
 * rows. */
static gboolean
open_database_source (KpiDataset      *dataset,
                      const char      *data,
                      KpiLoadOptions  *load_options,
                      gboolean         fetch,
                      GError         **error)
{
  const char *q = strchr (data, '?');
  g_autoptr(GString) uri = g_string_new_len (data, q - data);
  g_auto(GStrv) params = g_strsplit (q + 1, "&", -1);
  g_autofree char *table = NULL;
  g_autofree char *query = NULL;
  g_autoptr(KpiDatabase) db = NULL;
  char sep = '?';

  for (guint i = 0; params[i] != NULL; i++)
    {
      char *value = strchr (params[i], '=');
      g_autofree char *decoded = NULL;

      if (value != NULL && (g_str_has_prefix (params[i], "table=") || g_str_has_prefix (params[i], "query=")))
        {
          decoded = g_uri_unescape_string (value + 1, NULL);
          if (decoded == NULL)
            {
              g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "“%s”: the %.5s parameter is not valid percent-encoded text", data, params[i]);
              return FALSE;
            }
          /* a query written in the shell, with + for spaces */
          if (params[i][0] == 'q')
            g_strdelimit (decoded, "+", ' ');
          g_free (params[i][0] == 't' ? table : query);
          if (params[i][0] == 't')
            table = g_steal_pointer (&decoded);
          else
            query = g_steal_pointer (&decoded);
          continue;
        }
      g_string_append_printf (uri, "%c%s", sep, params[i]);
      sep = '&';
    }
  if ((table == NULL) == (query == NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "“%s”: expected one table= or one query= parameter", data);
      return FALSE;
    }
  db = kpi_database_open (uri->str, NULL, error);
  if (db == NULL)
    return FALSE;
  if (table != NULL)
    return fetch ? kpi_dataset_load_table (dataset, db, table, load_options, NULL, error)
                 : kpi_dataset_attach_table (dataset, db, table, load_options, NULL, error);
  return fetch ? kpi_dataset_load_query (dataset, db, query, load_options, NULL, error)
               : kpi_dataset_attach_query (dataset, db, query, load_options, NULL, error);
}

static int
run_eval (int argc, char **argv)
{
  g_auto(EvalOptions) opts = { 0 };
  g_auto(KpiCliLoad) load = { 0 };
  GOptionEntry entries[] = {
    { "by", 0, 0, G_OPTION_ARG_STRING, &opts.by, "day, week, month (default), quarter, year, fiscal-quarter, fiscal-year", "GRANULARITY" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &opts.from, "The first period (default: the data's first)", "LABEL" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &opts.to, "The last period (default: the data's last)", "LABEL" },
    { "group", 0, 0, G_OPTION_ARG_STRING, &opts.group, "Break each period down by a dimension", "DIMENSION" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &opts.format, "csv (default), json or text", "FORMAT" },
    { "compare", 0, 0, G_OPTION_ARG_STRING, &opts.compare,
      "Compare each period with the previous one (prev), the same period last year (last-year), "
      "its forecast from the periods before it (forecast), "
      "or a table of targets, budgets or forecasts (target:FILE.csv[:FORMULA], budget:FILE.csv[:FORMULA], "
      "forecast:FILE.csv[:FORMULA]; the formula defaults to the sum of the file's only measure column)",
      "REFERENCE" },
    { "direction", 0, 0, G_OPTION_ARG_STRING, &opts.direction,
      "With --compare: higher-is-better (default), lower-is-better or within-band", "DIRECTION" },
    { "rate", 0, 0, G_OPTION_ARG_NONE, &opts.rate,
      "With --compare: the formula is a rate, compared in percentage points", NULL },
    { "coverage", 0, 0, G_OPTION_ARG_STRING, &opts.coverage,
      "The span of time the data covers, when it is not from the period of its first row to the "
      "period of its last (2024-01..2025-06, 2024-01.., ..2025-06); periods outside it have no value",
      "FROM..TO" },
    { "checks", 0, 0, G_OPTION_ARG_FILENAME, &opts.checks,
      "Run the data-quality checks of a checks file (or of a catalogue's “checks”) and show each "
      "value's quality, confidence and the findings behind it; the data is the dataset named after "
      "the file (orders for orders.csv)", "CHECKS.json" },
    { "expected-lag", 0, 0, G_OPTION_ARG_DOUBLE, &opts.expected_lag,
      "How many days after a period ends its data is complete: show each period open, provisional, "
      "final or overdue", "DAYS" },
    { "now", 0, 0, G_OPTION_ARG_STRING, &opts.now,
      "The date (and time) to take as now, for periods not over, closures and freshness "
      "(default: the clock)", "DATE" },
    { "dataset", 0, 0, G_OPTION_ARG_STRING, &opts.dataset,
      "With a definitions file: the dataset a FORMULA reads (default: the document's first)", "NAME" },
    { "explain", 0, 0, G_OPTION_ARG_NONE, &opts.explain,
      "With a database source: print the SQL the evaluation runs in the database (its parameters "
      "listed after it), and evaluate nothing", NULL },
    { "fetch", 0, 0, G_OPTION_ARG_NONE, &opts.fetch,
      "With a database source: load its rows and evaluate in memory, rather than in the database", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new ("DATA FORMULA - evaluate a formula per period\n"
                          "  kpi eval DEFINITIONS.json INDICATOR|FORMULA - the same over a definitions file");
  g_autoptr(KpiDefinitions) definitions = NULL;
  g_autoptr(KpiLoadOptions) load_options = NULL;
  g_autoptr(KpiDataset) dataset = NULL;
  g_autoptr(KpiCalendar) calendar = NULL;
  g_autoptr(KpiContext) evaluation = NULL;
  g_autoptr(KpiIndicator) indicator = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(KpiPeriod) first = NULL;
  g_autoptr(KpiPeriod) last = NULL;
  g_autoptr(GPtrArray) periods = NULL;
  g_autoptr(KpiBenchmark) benchmark = NULL;
  g_autoptr(KpiCheckSuite) suite = NULL;
  g_autofree char *dataset_name = NULL;
  KpiGranularity granularity = KPI_GRANULARITY_MONTH;
  Format format = FORMAT_CSV;
  Printer printer = { 0 };
  GError *error = NULL;
  gint64 min_time, max_time;
  int status = EXIT_SUCCESS;

  opts.expected_lag = -1;   /* not given */
  g_option_context_add_main_entries (context, entries, NULL);
  kpi_cli_load_add_options (&load, context);
  g_option_context_set_summary (context,
    "Prints one row per period from the first to the last, empty periods included.\n"
    "Example: kpi eval orders.csv 'sum(amount where channel = \"online\")' --by quarter");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return kpi_cli_fail (NULL, error);
  if (argc != 3)
    {
      fprintf (stderr, "kpi: eval needs DATA and FORMULA (see kpi eval --help)\n");
      return EXIT_USAGE;
    }

  if (opts.by != NULL && !parse_granularity (opts.by, &granularity))
    {
      fprintf (stderr, "kpi: --by “%s”: expected day, week, month, quarter, year, fiscal-quarter or fiscal-year\n", opts.by);
      return EXIT_USAGE;
    }
  if (opts.format == NULL || g_str_equal (opts.format, "csv"))
    format = FORMAT_CSV;
  else if (g_str_equal (opts.format, "json"))
    format = FORMAT_JSON;
  else if (g_str_equal (opts.format, "text"))
    format = FORMAT_TEXT;
  else
    {
      fprintf (stderr, "kpi: --format “%s”: expected csv, json or text\n", opts.format);
      return EXIT_USAGE;
    }
  load_options = kpi_cli_load_options (&load, &error);
  if (load_options == NULL)
    return kpi_cli_fail (NULL, error);
  zone = g_time_zone_ref (kpi_load_options_get_time_zone (load_options));
  if (opts.compare != NULL && opts.group != NULL)
    {
      fprintf (stderr, "kpi: --compare and --group cannot be used together\n");
      return EXIT_USAGE;
    }
  if (opts.compare == NULL && (opts.direction != NULL || opts.rate))
    {
      fprintf (stderr, "kpi: --direction and --rate only make sense with --compare\n");
      return EXIT_USAGE;
    }
  if (opts.compare != NULL && opts.checks != NULL)
    {
      fprintf (stderr, "kpi: --compare and --checks cannot be used together yet: "
               "run kpi check for the findings\n");
      return EXIT_USAGE;
    }
  if (opts.expected_lag != -1 && (!(opts.expected_lag >= 0) || opts.expected_lag > 3660))
    {
      fprintf (stderr, "kpi: --expected-lag %g: expected a number of days from 0 to 3660\n",
               opts.expected_lag);
      return EXIT_USAGE;
    }

  if (kpi_cli_is_definitions (argv[1]))
    {
      const char *id = argv[2][0] == '@' ? argv[2] + 1 : argv[2];
      g_auto(GStrv) read = NULL;

      const char *given = kpi_cli_load_given (&load);

      if (given != NULL || opts.coverage != NULL || opts.expected_lag != -1 || opts.checks != NULL)
        {
          fprintf (stderr, "kpi: %s: the load options, --coverage, --expected-lag and --checks "
                   "come from the definitions file\n",
                   given != NULL ? given : opts.coverage != NULL ? "--coverage"
                   : opts.expected_lag != -1 ? "--expected-lag" : "--checks");
          return EXIT_USAGE;
        }
      definitions = kpi_cli_load_definitions (argv[1], opts.now, &error);
      if (definitions == NULL)
        return kpi_cli_fail (NULL, error);
      calendar = g_object_ref (kpi_definitions_get_calendar (definitions));
      evaluation = g_object_ref (kpi_definitions_get_context (definitions));
      indicator = kpi_catalog_dup_indicator (kpi_definitions_get_catalog (definitions), id);
      if (indicator != NULL && opts.by == NULL)
        granularity = kpi_indicator_get_granularity (indicator);
      if (indicator == NULL)
        {
          g_auto(GStrv) names = kpi_definitions_list_dataset_names (definitions);

          indicator = kpi_indicator_new ("formula", argv[2], &error);
          if (indicator == NULL)
            return kpi_cli_fail ("formula", error);
          if (names[0] == NULL && opts.dataset == NULL)
            {
              fprintf (stderr, "kpi: %s has no dataset for the formula to read\n", argv[1]);
              return EXIT_USAGE;
            }
          kpi_indicator_set_dataset_name (indicator, opts.dataset != NULL ? opts.dataset : names[0]);
        }
      read = kpi_indicator_list_datasets (indicator, evaluation, &error);
      if (read == NULL)
        return kpi_cli_fail (argv[2], error);
      if (read[0] == NULL || (dataset = kpi_context_lookup_dataset (evaluation, read[0])) == NULL)
        {
          fprintf (stderr, "kpi: %s reads no dataset of %s\n", argv[2], argv[1]);
          return EXIT_USAGE;
        }
      dataset_name = g_strdup (read[0]);
      suite = g_object_ref (kpi_definitions_get_checks (definitions));
      if (g_list_model_get_n_items (G_LIST_MODEL (suite)) == 0 || opts.compare != NULL)
        g_clear_object (&suite);
      else
        {
          g_autoptr(GPtrArray) results = kpi_check_suite_run (suite, evaluation, NULL, &error);
          if (results == NULL)
            return kpi_cli_fail ("checks", error);
        }
    }
  else
    {
      /* The formula first: a typo is reported before a large file is read. */
      indicator = kpi_indicator_new ("formula", argv[2], &error);
      if (indicator == NULL)
        return kpi_cli_fail ("formula", error);
    }
  if (opts.direction != NULL)
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (KPI_TYPE_DIRECTION);
      GEnumValue *direction = g_enum_get_value_by_nick (klass, opts.direction);

      if (direction == NULL)
        {
          fprintf (stderr, "kpi: --direction “%s”: expected higher-is-better, lower-is-better or within-band\n",
                   opts.direction);
          return EXIT_USAGE;
        }
      kpi_comparison_policy_set_direction (kpi_indicator_get_policy (indicator), direction->value);
    }
  if (opts.rate)
    kpi_comparison_policy_set_rate_scale (kpi_indicator_get_policy (indicator), KPI_RATE_SCALE_FRACTION);

  if (definitions == NULL)
    {
    dataset = kpi_dataset_new (kpi_load_options_get_time_column (load_options));
    if (is_database_source (argv[1]))
      {
        if (!open_database_source (dataset, argv[1], load_options, opts.fetch, &error))
          return kpi_cli_fail (NULL, error);
      }
    else if (opts.fetch)
      {
        fprintf (stderr, "kpi: --fetch is for a database source (postgresql:///crm?table=orders)\n");
        return EXIT_USAGE;
      }
    else if (!kpi_cli_load_path (&load, dataset, argv[1], load_options, &error))
      return kpi_cli_fail (NULL, error);
    kpi_indicator_set_dataset (indicator, dataset);

    calendar = kpi_calendar_new (zone, 1, NULL);
    if (opts.now != NULL)
      {
        gint64 now;

        if (!kpi_cli_parse_now (opts.now, zone, &now, &error))
          return kpi_cli_fail ("--now", error);
        kpi_calendar_set_now (calendar, now);
      }
    evaluation = kpi_context_new (calendar);
    dataset_name = is_database_source (argv[1]) ? g_strdup ("data") : dataset_name_of (argv[1]);
    kpi_context_add_dataset (evaluation, dataset_name, dataset);
    if (opts.coverage != NULL && !apply_coverage (dataset, calendar, opts.coverage, &error))
      return kpi_cli_fail ("--coverage", error);
    if (opts.expected_lag >= 0)
      kpi_dataset_set_expected_lag (dataset, (GTimeSpan) (opts.expected_lag * G_TIME_SPAN_DAY));
    if (opts.checks != NULL)
      {
        g_autoptr(GPtrArray) results = NULL;

        suite = load_suite (opts.checks, calendar, dataset_name, &error);
        if (suite != NULL)
          suite = suite_for_context (suite, evaluation, &error);
        if (suite == NULL)
          return kpi_cli_fail ("--checks", error);
        results = kpi_check_suite_run (suite, evaluation, NULL, &error);
        if (results == NULL)
          return kpi_cli_fail ("--checks", error);
        for (guint i = 0; i < results->len; i++)
          if (kpi_check_result_get_status (g_ptr_array_index (results, i)) == KPI_CHECK_STATUS_ERROR)
            {
              KpiCheckResult *result = g_ptr_array_index (results, i);
              fprintf (stderr, "kpi: --checks: %s\n", kpi_check_result_get_message (result));
              return EXIT_USAGE;
            }
      }
    }
  if (opts.compare != NULL)
    {
      benchmark = make_benchmark (opts.compare, load_options, &error);
      if (benchmark == NULL)
        return kpi_cli_fail ("--compare", error);
    }
  if (opts.from != NULL)
    {
      first = kpi_calendar_parse_period (calendar, opts.from, &error);
      if (first == NULL)
        return kpi_cli_fail ("--from", error);
    }
  if (opts.to != NULL)
    {
      last = kpi_calendar_parse_period (calendar, opts.to, &error);
      if (last == NULL)
        return kpi_cli_fail ("--to", error);
    }
  if ((first != NULL && kpi_period_get_granularity (first) != granularity) ||
      (last != NULL && kpi_period_get_granularity (last) != granularity))
    {
      fprintf (stderr, "kpi: --from and --to must be periods of the --by granularity (%s)\n",
               opts.by != NULL ? opts.by : "month");
      return EXIT_USAGE;
    }
  if (kpi_dataset_get_time_range (dataset, &min_time, &max_time))
    {
      if (first == NULL)
        first = kpi_calendar_period_at (calendar, min_time, granularity);
      if (last == NULL)
        last = kpi_calendar_period_at (calendar, max_time, granularity);
    }
  else if (first == NULL || last == NULL)
    {
      fprintf (stderr, "kpi: %s has no rows: give --from and --to\n", argv[1]);
      return EXIT_USAGE;
    }

  if (opts.explain)
    {
      g_autoptr(GPtrArray) all = kpi_calendar_list_periods (calendar, first, last);
      g_autofree char *sql = opts.group != NULL
        ? kpi_indicator_explain_breakdown (indicator, evaluation, all, opts.group, &error)
        : kpi_indicator_explain (indicator, evaluation, all, &error);

      if (sql == NULL)
        return kpi_cli_fail ("--explain", error);
      fputs (sql, stdout);
      return EXIT_SUCCESS;
    }

  printer.format = format;
  printer.group_column = opts.group;
  printer.out = g_string_new (NULL);
  printer.rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  printer.warnings = g_ptr_array_new_with_free_func (g_free);
  printer.rate = opts.rate;
  printer.checked = suite != NULL;
  printer.closed = kpi_dataset_get_expected_lag (dataset) >= 0;
  printer.findings = g_ptr_array_new_with_free_func (g_object_unref);
  if (format == FORMAT_CSV && benchmark != NULL)
    g_string_append_printf (printer.out, "period,value,reference,delta,%s,status,flags\n",
                            opts.rate ? "point_change" : "relative_change");
  else if (format == FORMAT_CSV)
    {
      g_string_append (printer.out, "period,");
      if (opts.group != NULL)
        {
          csv_field (printer.out, opts.group);
          g_string_append_c (printer.out, ',');
        }
      g_string_append (printer.out, "value");
      if (printer.closed)
        g_string_append (printer.out, ",closure");
      if (printer.checked)
        g_string_append (printer.out, ",quality,confidence,findings");
      g_string_append_c (printer.out, '\n');
    }
  else if (format == FORMAT_JSON)
    {
      printer.json = json_builder_new ();
      json_builder_begin_array (printer.json);
    }

  if (benchmark != NULL)
    {
      g_autoptr(GPtrArray) comparisons =
        kpi_benchmark_compare_series (benchmark, indicator, evaluation, first, last, &error);
      if (comparisons == NULL)
        status = kpi_cli_fail ("--compare", error);
      else
        for (guint i = 0; i < comparisons->len; i++)
          print_comparison (&printer, g_ptr_array_index (comparisons, i));
    }
  else if (opts.group == NULL)
    {
      g_autoptr(GPtrArray) values = kpi_indicator_evaluate_series (indicator, evaluation, first, last, &error);
      if (values != NULL && suite != NULL)
        {
          GPtrArray *annotated = kpi_check_suite_annotate (suite, indicator, evaluation,
                                                               (KpiValue * const *) values->pdata,
                                                               values->len, NULL, &error);
          g_ptr_array_unref (values);
          values = annotated;
        }
      if (values == NULL)
        status = kpi_cli_fail ("formula", error);
      else
        for (guint i = 0; i < values->len; i++)
          print_value (&printer, g_ptr_array_index (values, i));
    }
  else
    {
      periods = kpi_calendar_list_periods (calendar, first, last);
      for (guint i = 0; i < periods->len && status == EXIT_SUCCESS; i++)
        {
          g_autoptr(GPtrArray) values =
            kpi_indicator_evaluate_breakdown (indicator, evaluation, g_ptr_array_index (periods, i),
                                              opts.group, 0, NULL, &error);
          if (values != NULL && suite != NULL)
            {
              GPtrArray *annotated = kpi_check_suite_annotate (suite, indicator, evaluation,
                                                               (KpiValue * const *) values->pdata,
                                                               values->len, opts.group, &error);
              g_ptr_array_unref (values);
              values = annotated;
            }
          if (values == NULL)
            status = kpi_cli_fail ("formula", error);
          else
            for (guint j = 0; j < values->len; j++)
              print_value (&printer, g_ptr_array_index (values, j));
        }
    }

  if (status == EXIT_SUCCESS)
    {
      if (format == FORMAT_JSON)
        {
          g_autoptr(JsonGenerator) generator = json_generator_new ();
          g_autoptr(JsonNode) root = NULL;
          g_autofree char *text = NULL;

          json_builder_end_array (printer.json);
          root = json_builder_get_root (printer.json);
          json_generator_set_root (generator, root);
          json_generator_set_pretty (generator, TRUE);
          text = json_generator_to_data (generator, NULL);
          g_string_append (printer.out, text);
          g_string_append_c (printer.out, '\n');
        }
      else if (format == FORMAT_TEXT && benchmark != NULL)
        print_comparison_table (&printer);
      else if (format == FORMAT_TEXT)
        print_text_table (&printer);
      print_findings (&printer);
      fwrite (printer.out->str, 1, printer.out->len, stdout);
      for (guint i = 0; i < printer.warnings->len; i++)
        fprintf (stderr, "kpi: warning: %s\n", (const char *) g_ptr_array_index (printer.warnings, i));
    }

  /* sum(Montant) over 1 234,56 read as text: say how to read it */
  if (status != EXIT_SUCCESS && definitions == NULL)
    {
      g_autofree char *hint = kpi_cli_number_hint (&load, dataset, load_options);

      if (hint != NULL)
        fprintf (stderr, "kpi: %s\n", hint);
    }

  g_string_free (printer.out, TRUE);
  g_ptr_array_unref (printer.rows);
  g_ptr_array_unref (printer.warnings);
  g_ptr_array_unref (printer.findings);
  g_clear_object (&printer.json);
  return status;
}

/* kpi check: one line per result; 0 when nothing failed, 1 when a check
 * failed, 2 on bad input (a file, an option, a check that cannot run). */
static int
run_check (int argc, char **argv)
{
  g_autofree char *checks = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *now_text = NULL;
  g_autofree char *store_path = NULL;
  GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path,
      "Record the results in a history store (an SQLite file, created if missing)", "STORE.db" },
    { "checks", 0, 0, G_OPTION_ARG_FILENAME, &checks,
      "The checks file (or a catalogue with a “checks” array; builtin:crm for the checks of "
      "the built-in CRM catalogue)", "CHECKS.json" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name, "text (default), json or csv", "FORMAT" },
    { "now", 0, 0, G_OPTION_ARG_STRING, &now_text,
      "The date (and time) to take as now, for freshness and closures (default: the clock)", "DATE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new ("DATA... - run data-quality checks over data files");
  g_auto(KpiCliLoad) load = { 0 };
  g_autoptr(KpiLoadOptions) load_options = NULL;
  GTimeZone *zone;
  g_autoptr(KpiCalendar) calendar = NULL;
  g_autoptr(KpiContext) evaluation = NULL;
  g_autoptr(KpiCheckSuite) suite = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *first_name = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(KpiDefinitions) definitions = NULL;
  const char *definitions_path = NULL;
  Format format = FORMAT_TEXT;
  GError *error = NULL;
  int status = EXIT_SUCCESS;

  g_option_context_add_main_entries (context, entries, NULL);
  kpi_cli_load_add_options (&load, context);
  g_option_context_set_summary (context,
    "Loads each DATA file as the dataset named after it (orders for orders.csv; NAME=FILE to name\n"
    "it), runs the checks and prints one result per check. Exit status: 0 when no check failed\n"
    "(warnings included), 1 when a check failed, 2 on bad input.\n"
    "Given a definitions file alone (kpi check crm.json), runs its checks over its datasets.\n"
    "Example: kpi check orders.csv marketing.csv --checks checks.json --now 2026-01-01");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return kpi_cli_fail (NULL, error);
  if (argc == 2 && checks == NULL && kpi_cli_is_definitions (argv[1]))
    definitions_path = argv[1];
  else if (argc < 2 || checks == NULL)
    {
      fprintf (stderr, "kpi: check needs DATA and --checks CHECKS.json, or a definitions file "
               "(see kpi check --help)\n");
      return EXIT_USAGE;
    }
  if (definitions_path != NULL && kpi_cli_load_given (&load) != NULL)
    {
      fprintf (stderr, "kpi: %s: the load options come from the definitions file\n",
               kpi_cli_load_given (&load));
      return EXIT_USAGE;
    }
  if (format_name == NULL || g_str_equal (format_name, "text"))
    format = FORMAT_TEXT;
  else if (g_str_equal (format_name, "json"))
    format = FORMAT_JSON;
  else if (g_str_equal (format_name, "csv"))
    format = FORMAT_CSV;
  else
    {
      fprintf (stderr, "kpi: --format “%s”: expected text, json or csv\n", format_name);
      return EXIT_USAGE;
    }
  if (definitions_path != NULL)
    {
      definitions = kpi_cli_load_definitions (definitions_path, now_text, &error);
      if (definitions == NULL)
        return kpi_cli_fail (NULL, error);
      suite = g_object_ref (kpi_definitions_get_checks (definitions));
      evaluation = g_object_ref (kpi_definitions_get_context (definitions));
      goto run;
    }

  load_options = kpi_cli_load_options (&load, &error);
  if (load_options == NULL)
    return kpi_cli_fail (NULL, error);
  zone = kpi_load_options_get_time_zone (load_options);
  calendar = kpi_calendar_new (zone, 1, NULL);
  if (now_text != NULL)
    {
      gint64 now;

      if (!kpi_cli_parse_now (now_text, zone, &now, &error))
        return kpi_cli_fail ("--now", error);
      kpi_calendar_set_now (calendar, now);
    }
  evaluation = kpi_context_new (calendar);
  for (int i = 1; i < argc; i++)
    {
      const char *eq = strchr (argv[i], '=');
      g_autofree char *name = eq != NULL ? g_strndup (argv[i], eq - argv[i]) : dataset_name_of (argv[i]);
      const char *path = eq != NULL ? eq + 1 : argv[i];
      g_autoptr(KpiDataset) dataset = kpi_dataset_new (kpi_load_options_get_time_column (load_options));
      g_autoptr(KpiDataset) existing = kpi_context_lookup_dataset (evaluation, name);

      if (existing != NULL)
        {
          fprintf (stderr, "kpi: two data files are named “%s”: name one NAME=FILE\n", name);
          return EXIT_USAGE;
        }
      if (!kpi_cli_load_path (&load, dataset, path, load_options, &error))
        return kpi_cli_fail (NULL, error);
      kpi_context_add_dataset (evaluation, name, dataset);
      if (first_name == NULL)
        first_name = g_strdup (name);
    }

  suite = load_suite (checks, calendar, argc == 2 ? first_name : NULL, &error);
  if (suite == NULL)
    return kpi_cli_fail (NULL, error);
  suite = suite_for_context (suite, evaluation, &error);
  if (suite == NULL)
    return kpi_cli_fail (NULL, error);
run:
  results = kpi_check_suite_run (suite, evaluation, NULL, &error);
  if (results == NULL)
    return kpi_cli_fail (NULL, error);
  if (store_path != NULL)
    {
      g_autoptr(KpiStore) store = kpi_store_open (store_path, &error);

      if (store == NULL ||
          !kpi_store_record_results (store, (KpiCheckResult * const *) results->pdata, results->len, &error))
        return kpi_cli_fail ("--store", error);
    }

  if (format == FORMAT_CSV)
    g_string_append (out, "check,type,status,dataset,observed,element_count,unexpected_count,message\n");
  else if (format == FORMAT_JSON)
    g_string_append (out, "[\n");
  for (guint i = 0; i < results->len; i++)
    {
      KpiCheckResult *result = g_ptr_array_index (results, i);
      KpiCheckStatus st = kpi_check_result_get_status (result);
      const char *nick = enum_nick (KPI_TYPE_CHECK_STATUS, st);
      const char *id = kpi_check_result_get_check_id (result);
      const char *message = kpi_check_result_get_message (result);

      if (st == KPI_CHECK_STATUS_ERROR)
        status = EXIT_USAGE;
      else if (st == KPI_CHECK_STATUS_FAIL && status == EXIT_SUCCESS)
        status = EXIT_FAILURE;

      if (format == FORMAT_TEXT)
        {
          g_autofree char *upper = g_ascii_strup (nick, -1);
          g_autofree char *prefix = g_strdup_printf ("%s: ", id);

          /* an error's message names the check already */
          if (message != NULL && g_str_has_prefix (message, prefix))
            message += strlen (prefix);
          g_string_append_printf (out, "%-6s %s%s\n",
                                  st == KPI_CHECK_STATUS_INSUFFICIENT_DATA ? "NODATA" : upper,
                                  prefix, message != NULL ? message : "");
        }
      else if (format == FORMAT_JSON)
        {
          g_autofree char *json = kpi_check_result_to_json (result);
          g_string_append_printf (out, "  %s%s\n", json, i + 1 < results->len ? "," : "");
        }
      else
        {
          char observed[G_ASCII_DTOSTR_BUF_SIZE];
          const char *dataset = kpi_check_result_get_dataset_name (result);

          csv_field (out, id);
          g_string_append_c (out, ',');
          csv_field (out, kpi_check_result_get_check_type (result));
          g_string_append_printf (out, ",%s,", nick);
          csv_field (out, dataset != NULL ? dataset : "");
          g_string_append_printf (out, ",%s,%u,%u,",
                                  number_or_empty (kpi_check_result_get_observed (result), observed, sizeof observed),
                                  kpi_check_result_get_element_count (result),
                                  kpi_check_result_get_unexpected_count (result));
          csv_field (out, message != NULL ? message : "");
          g_string_append_c (out, '\n');
        }
    }
  if (format == FORMAT_JSON)
    g_string_append (out, "]\n");
  fwrite (out->str, 1, out->len, stdout);
  return status;
}

static void
usage (FILE *out)
{
  fprintf (out,
           "Usage: kpi COMMAND ...\n"
           "\n"
           "Commands:\n"
           "  eval DATA FORMULA [OPTIONS]   evaluate a formula per period (kpi eval --help)\n"
           "  check DATA... --checks FILE   run data-quality checks (kpi check --help)\n"
           "  check DEFINITIONS.json        run a definitions file's checks over its datasets\n"
           "  validate DEFINITIONS.json     say what a definitions file's dashboards lack\n"
           "  report DEFINITIONS.json       evaluate a dashboard for a period (kpi report --help)\n"
           "  version                       print the version\n");
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");

  if (argc < 2)
    {
      usage (stderr);
      return EXIT_USAGE;
    }
  if (g_str_equal (argv[1], "eval"))
    return run_eval (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "check"))
    return run_check (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "validate"))
    return kpi_cli_run_validate (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "report"))
    return kpi_cli_run_report (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "version") || g_str_equal (argv[1], "--version"))
    {
      printf ("kpi %u.%u.%u\n", kpi_get_major_version (), kpi_get_minor_version (), kpi_get_micro_version ());
      return EXIT_SUCCESS;
    }
  if (g_str_equal (argv[1], "help") || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      usage (stdout);
      return EXIT_SUCCESS;
    }
  fprintf (stderr, "kpi: unknown command “%s”\n", argv[1]);
  usage (stderr);
  return EXIT_USAGE;
}
