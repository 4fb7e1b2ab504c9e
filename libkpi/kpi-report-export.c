/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-report-export.c: a report as JSON, CSV and text */

#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "kpi.h"
#include "kpi-json-write-private.h"
#include "kpi-report-private.h"

/* ------------------------------------------------------------------------ */
/* Shared */

static const char *
enum_nick (GType type,
           int   value)
{
  GEnumClass *klass = g_type_class_ref (type);
  GEnumValue *v = g_enum_get_value (klass, value);
  const char *nick = v != NULL ? v->value_nick : "unknown";

  g_type_class_unref (klass);   /* the library's enum classes stay */
  return nick;
}

/* An instant in the report's time zone, ISO 8601 to the second, or NULL
 * for KPI_TIME_UNSET. */
static char *
format_instant (KpiReport *report,
                gint64     time,
                gboolean   date_only)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (time == KPI_TIME_UNSET)
    return NULL;
  utc = g_date_time_new_from_unix_utc (time / G_USEC_PER_SEC);
  if (utc == NULL)
    return NULL;
  local = g_date_time_to_timezone (utc, kpi_report_get_time_zone (report));
  if (local == NULL)
    return NULL;
  return date_only ? g_date_time_format (local, "%Y-%m-%d") : g_date_time_format_iso8601 (local);
}

static int
decimals_of (KpiReportRow *row)
{
  return kpi_indicator_get_decimals (kpi_report_row_get_indicator (row));
}

/* The comparison of @row of @kind, or NULL. */
static KpiComparison *
find_comparison (KpiReportRow     *row,
                 KpiBenchmarkKind  kind)
{
  GPtrArray *comparisons = kpi_report_row_get_comparisons (row);

  for (guint i = 0; i < comparisons->len; i++)
    if (kpi_comparison_get_kind (g_ptr_array_index (comparisons, i)) == kind)
      return g_ptr_array_index (comparisons, i);
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* JSON */

/* A number, or null for NaN and infinities: a report never says "nan". */
static void
add_number (JsonBuilder *builder,
            const char  *name,
            double       x)
{
  json_builder_set_member_name (builder, name);
  if (isfinite (x))
    json_builder_add_double_value (builder, x);
  else
    json_builder_add_null_value (builder);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *s)
{
  json_builder_set_member_name (builder, name);
  if (s != NULL)
    json_builder_add_string_value (builder, s);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       n)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, n);
}

static void
add_flags (JsonBuilder *builder,
           const char  *name,
           GType        type,
           guint        flags)
{
  GFlagsClass *klass = g_type_class_ref (type);

  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < klass->n_values; i++)
    if (klass->values[i].value != 0 && (flags & klass->values[i].value) == klass->values[i].value)
      json_builder_add_string_value (builder, klass->values[i].value_nick);
  json_builder_end_array (builder);
  g_type_class_unref (klass);
}

static double
value_number (KpiValue *value)
{
  double x;

  return value != NULL && kpi_value_get_number (value, &x) ? x : NAN;
}

static void
add_comparison (JsonBuilder   *builder,
                KpiComparison *c,
                const char    *benchmark)
{
  json_builder_begin_object (builder);
  add_string (builder, "kind", enum_nick (KPI_TYPE_BENCHMARK_KIND, kpi_comparison_get_kind (c)));
  add_string (builder, "benchmark", benchmark);
  add_number (builder, "reference", value_number (kpi_comparison_get_reference (c)));
  add_number (builder, "change", kpi_comparison_get_delta (c));
  add_number (builder, "relative_change", kpi_comparison_get_relative_change (c));
  add_number (builder, "point_change", kpi_comparison_get_point_change (c));
  add_number (builder, "attainment", kpi_comparison_get_attainment (c));
  add_string (builder, "status", enum_nick (KPI_TYPE_STATUS, kpi_comparison_get_status (c)));
  add_number (builder, "score", kpi_comparison_get_score (c));
  json_builder_set_member_name (builder, "favourable");
  json_builder_add_boolean_value (builder, kpi_comparison_is_favourable (c));
  add_flags (builder, "flags", KPI_TYPE_COMPARISON_FLAGS, kpi_comparison_get_flags (c));
  add_string (builder, "provenance", kpi_comparison_get_provenance (c));
  json_builder_end_object (builder);
}

static void
add_findings (JsonBuilder *builder,
              KpiValue    *value)
{
  GPtrArray *findings = kpi_value_get_findings (value);

  json_builder_set_member_name (builder, "findings");
  json_builder_begin_array (builder);
  for (guint i = 0; findings != NULL && i < findings->len; i++)
    json_builder_add_string_value (builder,
                                   kpi_check_result_get_message (g_ptr_array_index (findings, i)));
  json_builder_end_array (builder);
}

static void
add_row (JsonBuilder  *builder,
         KpiReport    *report,
         KpiReportRow *row)
{
  KpiIndicator *indicator = kpi_report_row_get_indicator (row);
  KpiValue *value = kpi_report_row_get_value (row);
  GPtrArray *comparisons = kpi_report_row_get_comparisons (row);
  GPtrArray *sparkline = kpi_report_row_get_sparkline (row);
  GPtrArray *lines = kpi_report_row_get_budget_lines (row);
  KpiTrend *trend = kpi_report_row_get_trend (row);
  KpiLanding *landing = kpi_report_row_get_landing (row);
  const char * const *notes = kpi_report_row_get_notes (row);
  g_auto(GStrv) dimensions = kpi_report_row_list_breakdowns (row);

  json_builder_begin_object (builder);
  add_string (builder, "indicator", kpi_indicator_get_id (indicator));
  add_string (builder, "title", kpi_report_row_get_title (row));
  add_string (builder, "unit", kpi_indicator_get_unit (indicator));
  add_string (builder, "perspective", kpi_report_row_get_perspective (row));
  add_number (builder, "weight", kpi_dashboard_item_get_weight (kpi_report_row_get_item (row)));
  add_string (builder, "period", kpi_period_get_label (kpi_value_get_period (value)));
  add_number (builder, "value", value_number (value));
  add_flags (builder, "flags", KPI_TYPE_VALUE_FLAGS, kpi_value_get_flags (value));
  add_string (builder, "status", enum_nick (KPI_TYPE_STATUS, kpi_report_row_get_status (row)));
  add_number (builder, "score", kpi_report_row_get_score (row));

  json_builder_set_member_name (builder, "target");
  if (kpi_report_row_get_target (row) != NULL)
    add_comparison (builder, kpi_report_row_get_target (row), kpi_report_row_get_target_name (row));
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "comparisons");
  json_builder_begin_array (builder);
  for (guint i = 0; i < comparisons->len; i++)
    add_comparison (builder, g_ptr_array_index (comparisons, i),
                    kpi_report_row_get_comparison_name (row, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "trend");
  if (trend != NULL)
    {
      json_builder_begin_object (builder);
      add_string (builder, "direction",
                  kpi_trend_direction_to_string (kpi_trend_get_direction (trend)));
      add_number (builder, "slope", kpi_trend_get_slope (trend));
      add_number (builder, "p_value", kpi_trend_get_p_value (trend));
      add_int (builder, "n_values", kpi_trend_get_n_values (trend));
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "sparkline");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sparkline->len; i++)
    {
      KpiValue *v = g_ptr_array_index (sparkline, i);

      json_builder_begin_object (builder);
      add_string (builder, "period", kpi_period_get_label (kpi_value_get_period (v)));
      add_number (builder, "value", value_number (v));
      add_string (builder, "quality", enum_nick (KPI_TYPE_QUALITY, kpi_value_get_quality (v)));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  add_string (builder, "quality", enum_nick (KPI_TYPE_QUALITY, kpi_report_row_get_quality (row)));
  add_number (builder, "confidence", kpi_report_row_get_confidence (row));
  add_findings (builder, value);

  json_builder_set_member_name (builder, "breakdowns");
  json_builder_begin_object (builder);
  for (guint i = 0; dimensions[i] != NULL; i++)
    {
      GPtrArray *groups = kpi_report_row_get_breakdown (row, dimensions[i]);

      json_builder_set_member_name (builder, dimensions[i]);
      json_builder_begin_array (builder);
      for (guint j = 0; j < groups->len; j++)
        {
          KpiValue *v = g_ptr_array_index (groups, j);

          json_builder_begin_object (builder);
          add_string (builder, "group", kpi_value_get_group (v));
          add_string (builder, "kind", enum_nick (KPI_TYPE_GROUP_KIND, kpi_value_get_group_kind (v)));
          add_number (builder, "value", value_number (v));
          add_string (builder, "quality", enum_nick (KPI_TYPE_QUALITY, kpi_value_get_quality (v)));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  add_number (builder, "projection", kpi_report_row_get_projection (row));

  json_builder_set_member_name (builder, "budget");
  json_builder_begin_array (builder);
  for (guint i = 0; i < lines->len; i++)
    {
      KpiBudgetLine *line = g_ptr_array_index (lines, i);

      json_builder_begin_object (builder);
      add_string (builder, "period", kpi_period_get_label (kpi_budget_line_get_period (line)));
      add_number (builder, "budget", kpi_budget_line_get_budget (line));
      add_number (builder, "actual", kpi_budget_line_get_actual (line));
      add_number (builder, "variance", kpi_budget_line_get_variance (line));
      add_number (builder, "relative_variance", kpi_budget_line_get_relative_variance (line));
      add_number (builder, "ytd_budget", kpi_budget_line_get_ytd_budget (line));
      add_number (builder, "ytd_actual", kpi_budget_line_get_ytd_actual (line));
      add_number (builder, "ytd_variance", kpi_budget_line_get_ytd_variance (line));
      add_string (builder, "closure", enum_nick (KPI_TYPE_CLOSURE, kpi_budget_line_get_closure (line)));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "landing");
  if (landing != NULL)
    {
      json_builder_begin_object (builder);
      add_string (builder, "period", kpi_period_get_label (kpi_landing_get_period (landing)));
      add_number (builder, "value", kpi_landing_get_value (landing));
      add_number (builder, "lower", kpi_landing_get_lower (landing));
      add_number (builder, "upper", kpi_landing_get_upper (landing));
      add_number (builder, "budget", kpi_landing_get_budget (landing));
      add_number (builder, "actual_to_date", kpi_landing_get_actual_to_date (landing));
      add_string (builder, "method", kpi_landing_method_to_string (kpi_landing_get_method (landing)));
      add_string (builder, "description", kpi_landing_get_description (landing));
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "notes");
  json_builder_begin_array (builder);
  for (guint i = 0; notes[i] != NULL; i++)
    json_builder_add_string_value (builder, notes[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* The dashboard's funnel: each stage's count and its conversion from the
 * previous stage (null for the first, and where it is missing). */
static void
add_funnel (JsonBuilder     *builder,
            KpiFunnelResult *funnel)
{
  guint n = kpi_funnel_result_get_n_stages (funnel);

  json_builder_begin_object (builder);
  add_string (builder, "basis", enum_nick (KPI_TYPE_FUNNEL_BASIS, kpi_funnel_result_get_basis (funnel)));
  json_builder_set_member_name (builder, "stages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      double rate = NAN;

      if (i > 0)
        kpi_funnel_result_get_conversion (funnel, i - 1, &rate);
      json_builder_begin_object (builder);
      add_string (builder, "stage", kpi_funnel_result_get_stage_name (funnel, i));
      add_int (builder, "count", kpi_funnel_result_get_stage_count (funnel, i));
      add_number (builder, "conversion", rate);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/**
 * kpi_report_to_json:
 * @self: a report
 * @length: (out) (optional): the length of the text, in bytes
 *
 * Writes the report as a JSON document, for a program to read:
 *
 * ```
 * { "dashboard", "title", "type", "owner", "role",
 *   "period"            the report's period label,
 *   "as_of", "data_as_of"   ISO 8601 in the calendar's time zone (null when unknown),
 *   "quality", "confidence", "score",
 *   "perspectives": [ { "name", "score", "n_scored", "n_missing" } ],
 *   "rows": [ { "indicator", "title", "unit", "perspective", "weight",
 *               "period"    the value's (to date when not over),
 *               "value", "flags": [value flag nicks],
 *               "status", "score",
 *               "target": comparison or null,
 *               "comparisons": [ { "kind", "benchmark", "reference", "change",
 *                                  "relative_change", "point_change", "attainment",
 *                                  "status", "score", "favourable", "flags", "provenance" } ],
 *               "trend": { "direction", "slope", "p_value", "n_values" } or null,
 *               "sparkline": [ { "period", "value", "quality" } ],
 *               "quality", "confidence", "findings": [messages],
 *               "breakdowns": { "channel": [ { "group", "kind", "value", "quality" } ] },
 *               "projection",
 *               "budget": [ { "period", "budget", "actual", "variance",
 *                             "relative_variance", "ytd_budget", "ytd_actual",
 *                             "ytd_variance", "closure" } ],
 *               "landing": { "period", "value", "lower", "upper", "budget",
 *                            "actual_to_date", "method", "description" } or null,
 *               "notes": [sentences] } ],
 *   "funnel": { "basis",
 *               "stages": [ { "stage", "count", "conversion" } ] } or null }
 * ```
 *
 * The funnel is the dashboard's ([method@Kpi.Report.get_funnel]); a
 * stage's conversion is from the previous stage, null for the first stage
 * and when the previous stage counted no entity.
 *
 * Enumerations are written as their nicks (`on-track`, `failed`). A
 * missing or undefined number is `null`, never `nan`; numbers are written
 * in their shortest form that reads back as the same double (`0.1`, not
 * `0.10000000000000001`).
 *
 * Returns: (transfer full): the JSON text, UTF-8, ending with a newline
 *
 * Since: 0.1
 */
char *
kpi_report_to_json (KpiReport *self,
                    gsize     *length)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_auto(GStrv) perspectives = NULL;
  g_autofree char *as_of = NULL;
  g_autofree char *data_as_of = NULL;
  KpiDashboard *dashboard;
  GString *out;
  guint n;

  g_return_val_if_fail (KPI_IS_REPORT (self), NULL);

  dashboard = kpi_report_get_dashboard (self);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_string (builder, "dashboard", kpi_dashboard_get_id (dashboard));
  add_string (builder, "title", kpi_dashboard_get_title (dashboard) != NULL
                                ? kpi_dashboard_get_title (dashboard)
                                : kpi_dashboard_get_id (dashboard));
  add_string (builder, "type",
              enum_nick (KPI_TYPE_DASHBOARD_TYPE, kpi_dashboard_get_dashboard_type (dashboard)));
  add_string (builder, "owner", kpi_dashboard_get_owner (dashboard));
  add_string (builder, "role", kpi_dashboard_get_role (dashboard));
  add_string (builder, "period", kpi_period_get_label (kpi_report_get_period (self)));
  as_of = format_instant (self, kpi_report_get_as_of (self), FALSE);
  data_as_of = format_instant (self, kpi_report_get_data_as_of (self), FALSE);
  add_string (builder, "as_of", as_of);
  add_string (builder, "data_as_of", data_as_of);
  add_string (builder, "quality", enum_nick (KPI_TYPE_QUALITY, kpi_report_get_quality (self)));
  add_number (builder, "confidence", kpi_report_get_confidence (self));
  add_number (builder, "score", kpi_report_get_score (self));

  json_builder_set_member_name (builder, "perspectives");
  json_builder_begin_array (builder);
  perspectives = kpi_report_list_perspectives (self);
  for (guint i = 0; perspectives[i] != NULL; i++)
    {
      guint n_scored, n_missing;
      double score = kpi_report_get_perspective_score (self, perspectives[i], &n_scored, &n_missing);

      json_builder_begin_object (builder);
      add_string (builder, "name", perspectives[i]);
      add_number (builder, "score", score);
      add_int (builder, "n_scored", n_scored);
      add_int (builder, "n_missing", n_missing);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  n = g_list_model_get_n_items (G_LIST_MODEL (self));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KpiReportRow) row = g_list_model_get_item (G_LIST_MODEL (self), i);

      add_row (builder, self, row);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "funnel");
  if (kpi_report_get_funnel (self) != NULL)
    add_funnel (builder, kpi_report_get_funnel (self));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  out = g_string_new (NULL);
  kpi_json_write_node (out, root, 0);
  g_string_append_c (out, '\n');
  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------------ */
/* CSV */

static void
csv_field (GString    *out,
           const char *s,
           gboolean    first)
{
  if (!first)
    g_string_append_c (out, ',');
  if (s == NULL)
    return;
  if (strpbrk (s, ",\"\r\n") == NULL)
    {
      g_string_append (out, s);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = s; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
csv_number (GString *out,
            double   x)
{
  g_string_append_c (out, ',');
  if (isfinite (x))
    kpi_json_write_double (out, x);
}

static const char * const csv_header[] = {
  "dashboard", "period", "indicator", "title", "unit", "perspective", "dimension", "group",
  "value", "quality", "confidence", "target", "attainment", "status", "score",
  "previous_period_change", "last_year_change", "projection", NULL
};

static double
relative_change_of (KpiComparison *c)
{
  return c != NULL ? kpi_comparison_get_relative_change (c) : NAN;
}

/**
 * kpi_report_to_csv:
 * @self: a report
 * @length: (out) (optional): the length of the text, in bytes
 *
 * Writes the report as CSV (RFC 4180: comma-separated, fields with a
 * comma, a quote or a line break quoted, lines ending in CRLF), for a
 * spreadsheet: a header, then one line per row of the report and, after
 * it, one line per group of each of its breakdowns. The columns are
 * `dashboard`, `period`, `indicator`, `title`, `unit`, `perspective`,
 * `dimension` and `group` (empty on the row's own line), `value`,
 * `quality`, `confidence`, `target` (the reference), `attainment`,
 * `status`, `score`, `previous_period_change` and `last_year_change`
 * (relative changes), `projection`. A missing number is an empty field.
 *
 * Returns: (transfer full): the CSV text, UTF-8
 *
 * Since: 0.1
 */
char *
kpi_report_to_csv (KpiReport *self,
                   gsize     *length)
{
  GString *out;
  const char *dashboard_id, *period;
  guint n;

  g_return_val_if_fail (KPI_IS_REPORT (self), NULL);

  out = g_string_new (NULL);
  for (guint i = 0; csv_header[i] != NULL; i++)
    csv_field (out, csv_header[i], i == 0);
  g_string_append (out, "\r\n");

  dashboard_id = kpi_dashboard_get_id (kpi_report_get_dashboard (self));
  period = kpi_period_get_label (kpi_report_get_period (self));
  n = g_list_model_get_n_items (G_LIST_MODEL (self));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KpiReportRow) row = g_list_model_get_item (G_LIST_MODEL (self), i);
      KpiIndicator *indicator = kpi_report_row_get_indicator (row);
      KpiValue *value = kpi_report_row_get_value (row);
      KpiComparison *target = kpi_report_row_get_target (row);
      g_auto(GStrv) dimensions = kpi_report_row_list_breakdowns (row);

      csv_field (out, dashboard_id, TRUE);
      csv_field (out, period, FALSE);
      csv_field (out, kpi_indicator_get_id (indicator), FALSE);
      csv_field (out, kpi_report_row_get_title (row), FALSE);
      csv_field (out, kpi_indicator_get_unit (indicator), FALSE);
      csv_field (out, kpi_report_row_get_perspective (row), FALSE);
      csv_field (out, NULL, FALSE);
      csv_field (out, NULL, FALSE);
      csv_number (out, value_number (value));
      csv_field (out, enum_nick (KPI_TYPE_QUALITY, kpi_value_get_quality (value)), FALSE);
      csv_number (out, kpi_value_get_confidence (value));
      csv_number (out, target != NULL ? value_number (kpi_comparison_get_reference (target)) : NAN);
      csv_number (out, target != NULL ? kpi_comparison_get_attainment (target) : NAN);
      csv_field (out, enum_nick (KPI_TYPE_STATUS, kpi_report_row_get_status (row)), FALSE);
      csv_number (out, kpi_report_row_get_score (row));
      csv_number (out, relative_change_of (find_comparison (row, KPI_BENCHMARK_KIND_PREVIOUS_PERIOD)));
      csv_number (out, relative_change_of (find_comparison (row, KPI_BENCHMARK_KIND_LAST_YEAR)));
      csv_number (out, kpi_report_row_get_projection (row));
      g_string_append (out, "\r\n");

      for (guint d = 0; dimensions[d] != NULL; d++)
        {
          GPtrArray *groups = kpi_report_row_get_breakdown (row, dimensions[d]);

          for (guint j = 0; j < groups->len; j++)
            {
              KpiValue *v = g_ptr_array_index (groups, j);

              csv_field (out, dashboard_id, TRUE);
              csv_field (out, period, FALSE);
              csv_field (out, kpi_indicator_get_id (indicator), FALSE);
              csv_field (out, kpi_report_row_get_title (row), FALSE);
              csv_field (out, kpi_indicator_get_unit (indicator), FALSE);
              csv_field (out, kpi_report_row_get_perspective (row), FALSE);
              csv_field (out, dimensions[d], FALSE);
              csv_field (out, kpi_value_get_group (v), FALSE);
              csv_number (out, value_number (v));
              csv_field (out, enum_nick (KPI_TYPE_QUALITY, kpi_value_get_quality (v)), FALSE);
              csv_number (out, kpi_value_get_confidence (v));
              /* target .. projection: the row's, not the group's */
              for (guint k = 0; k < 7; k++)
                csv_field (out, NULL, FALSE);
              g_string_append (out, "\r\n");
            }
        }
    }
  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------------ */
/* Text */

#define ESC_RESET  "\033[0m"
#define ESC_GREEN  "\033[32m"
#define ESC_YELLOW "\033[33m"
#define ESC_RED    "\033[31m"

/* @s then spaces up to @width characters (not bytes: “€” is one). */
static void
pad (GString    *out,
     const char *s,
     guint       width)
{
  glong n = g_utf8_strlen (s, -1);

  g_string_append (out, s);
  for (glong i = n; i < (glong) width; i++)
    g_string_append_c (out, ' ');
}

static char *
format_number (KpiValue   *value,
               int         decimals,
               const char *unit)
{
  g_autofree char *number = NULL;

  if (value == NULL || kpi_value_is_missing (value))
    return g_strdup ("n/a");
  number = kpi_value_format (value, decimals);
  /* a count, a ratio or a score reads as a number: "4492", not
   * "4492 count"; "0.347", not "0.347 ratio" */
  if (unit == NULL || *unit == '\0' || strcmp (unit, "count") == 0 ||
      strcmp (unit, "ratio") == 0 || strcmp (unit, "score") == 0)
    return g_steal_pointer (&number);
  if (strcmp (unit, "%") == 0)
    return g_strconcat (number, " %", NULL);
  return g_strconcat (number, " ", unit, NULL);
}

/* One decimal whatever the indicator's: −0.4 %, not −0 %. */
static char *
format_change (KpiComparison *c)
{
  if (c == NULL)
    return g_strdup ("");
  return kpi_comparison_format_change (c, 1);
}

static const char *
status_colour (KpiStatus status)
{
  switch (status)
    {
    case KPI_STATUS_ON_TRACK:
      return ESC_GREEN;
    case KPI_STATUS_AT_RISK:
      return ESC_YELLOW;
    case KPI_STATUS_OFF_TRACK:
      return ESC_RED;
    case KPI_STATUS_UNKNOWN:
    default:
      return NULL;
    }
}

static char *
format_score (double score)
{
  if (isnan (score))
    return g_strdup ("n/a");
  return g_strdup_printf ("%+.2f", score);
}

enum { COL_TITLE, COL_VALUE, COL_TARGET, COL_ATTAIN, COL_PREV, COL_YEAR, COL_STATUS, N_COLS };

/* A figure of a budget table rounded to a whole unit, or "n/a" when it
 * is missing: never "nan" in the text. */
static char *
whole_or_na (double x)
{
  return isfinite (x) ? g_strdup_printf ("%.0f", x) : g_strdup ("n/a");
}

/* Below the table: each row's breakdowns and projected end, the budget
 * lines and landing of a budget dashboard, an operational dashboard's
 * project. */
static void
write_text_details (GString   *out,
                    KpiReport *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self));
  KpiProjectStatus *project = kpi_report_get_project_status (self);
  gboolean any = FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KpiReportRow) row = g_list_model_get_item (G_LIST_MODEL (self), i);
      g_auto(GStrv) dimensions = kpi_report_row_list_breakdowns (row);
      const char *unit = kpi_indicator_get_unit (kpi_report_row_get_indicator (row));
      int decimals = decimals_of (row);
      double projection = kpi_report_row_get_projection (row);

      for (guint d = 0; dimensions[d] != NULL; d++)
        {
          GPtrArray *groups = kpi_report_row_get_breakdown (row, dimensions[d]);

          if (!any)
            g_string_append (out, "\nBreakdowns\n");
          any = TRUE;
          g_string_append_printf (out, "  %s by %s:", kpi_report_row_get_title (row), dimensions[d]);
          for (guint g = 0; groups != NULL && g < groups->len; g++)
            {
              KpiValue *v = g_ptr_array_index (groups, g);
              g_autofree char *shown = format_number (v, decimals, unit);
              const char *group = kpi_value_get_group (v);

              g_string_append_printf (out, "%s %s %s", g > 0 ? "," : "",
                                      group != NULL ? group : "(missing)", shown);
            }
          g_string_append_c (out, '\n');
        }
      if (!isnan (projection))
        {
          g_autoptr(KpiValue) whole = kpi_value_new (kpi_report_get_period (self), projection, 0,
                                                     KPI_VALUE_FLAG_NONE);
          g_autofree char *shown = format_number (whole, decimals, unit);

          g_string_append_printf (out, "  %s: %s projected for the whole of %s\n",
                                  kpi_report_row_get_title (row), shown,
                                  kpi_period_get_label (kpi_report_get_period (self)));
        }
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KpiReportRow) row = g_list_model_get_item (G_LIST_MODEL (self), i);
      GPtrArray *lines = kpi_report_row_get_budget_lines (row);
      KpiLanding *landing = kpi_report_row_get_landing (row);

      if (lines->len == 0)
        continue;
      g_string_append_printf (out, "\n%s against its budget\n  %-8s %14s %14s %9s %16s %16s\n",
                              kpi_report_row_get_title (row), "period", "budget", "actual", "variance",
                              "budget to date", "actual to date");
      for (guint j = 0; j < lines->len; j++)
        {
          KpiBudgetLine *line = g_ptr_array_index (lines, j);
          double rel = kpi_budget_line_get_relative_variance (line);
          g_autofree char *variance = isfinite (rel) ? g_strdup_printf ("%+.1f %%", 100 * rel) : g_strdup ("");

          g_autofree char *budget = whole_or_na (kpi_budget_line_get_budget (line));
          g_autofree char *actual = whole_or_na (kpi_budget_line_get_actual (line));
          g_autofree char *ytd_budget = whole_or_na (kpi_budget_line_get_ytd_budget (line));
          g_autofree char *ytd_actual = whole_or_na (kpi_budget_line_get_ytd_actual (line));

          g_string_append_printf (out, "  %-8s %14s %14s %9s %16s %16s\n",
                                  kpi_period_get_label (kpi_budget_line_get_period (line)),
                                  budget, actual, variance, ytd_budget, ytd_actual);
        }
      if (landing != NULL)
        {
          g_autofree char *value = whole_or_na (kpi_landing_get_value (landing));
          g_autofree char *lower = whole_or_na (kpi_landing_get_lower (landing));
          g_autofree char *upper = whole_or_na (kpi_landing_get_upper (landing));
          g_autofree char *budget = whole_or_na (kpi_landing_get_budget (landing));

          g_string_append_printf (out, "  landing for %s: %s (%s to %s), budget %s — %s\n",
                                  kpi_period_get_label (kpi_landing_get_period (landing)),
                                  value, lower, upper, budget, kpi_landing_get_description (landing));
        }
    }

  if (project != NULL)
    {
      GPtrArray *milestones = kpi_project_status_get_milestones (project);

      g_string_append_printf (out, "\nProject: %s\n", kpi_project_status_get_summary (project));
      for (guint i = 0; i < milestones->len; i++)
        {
          KpiMilestoneStatus *m = g_ptr_array_index (milestones, i);
          g_autofree char *planned = format_instant (self, kpi_milestone_status_get_planned_date (m), TRUE);
          gint64 reached = kpi_milestone_status_get_actual_date (m);
          g_autofree char *when = format_instant (self, reached != KPI_TIME_UNSET
                                                  ? reached : kpi_milestone_status_get_forecast_date (m), TRUE);
          double late = kpi_milestone_status_get_variance_days (m);

          g_string_append_printf (out, "  %-4s planned %s, %s %s (%+.0f days)\n",
                                  kpi_milestone_status_get_name (m), planned != NULL ? planned : "?",
                                  reached != KPI_TIME_UNSET ? "reached" : "forecast",
                                  when != NULL ? when : "?", late);
        }
    }
}

/* The dashboard's funnel: one line per stage, its count and its conversion
 * from the previous stage. */
static void
write_text_funnel (GString   *out,
                   KpiReport *self)
{
  KpiFunnelResult *funnel = kpi_report_get_funnel (self);
  guint n, width = 0;

  if (funnel == NULL)
    return;
  n = kpi_funnel_result_get_n_stages (funnel);
  for (guint i = 0; i < n; i++)
    width = MAX (width, (guint) g_utf8_strlen (kpi_funnel_result_get_stage_name (funnel, i), -1));
  g_string_append_printf (out, "\nFunnel (%s)\n",
                          kpi_funnel_result_get_basis (funnel) == KPI_FUNNEL_BASIS_PERIOD
                          ? "the stages reached in the period"
                          : "the entities that entered in the period");
  for (guint i = 0; i < n; i++)
    {
      double rate;

      g_string_append (out, "  ");
      pad (out, kpi_funnel_result_get_stage_name (funnel, i), width + 2);
      g_string_append_printf (out, "%8u", kpi_funnel_result_get_stage_count (funnel, i));
      if (i > 0 && kpi_funnel_result_get_conversion (funnel, i - 1, &rate))
        g_string_append_printf (out, "  %.1f %% of the previous stage", 100 * rate);
      else if (i > 0)
        g_string_append (out, "  no conversion (the previous stage counted none)");
      g_string_append_c (out, '\n');
    }
}

/**
 * kpi_report_to_text:
 * @self: a report
 * @flags: %KPI_TEXT_COLOR for ANSI colours
 *
 * Writes the report as a table for a terminal: a title line (the
 * dashboard, its owner, the period, how recent the data is and its
 * quality), one line per indicator (its title, its value with its unit, the
 * target and the attainment, the change from the previous period and from
 * last year, the status in words and, when the quality is not good, a mark
 * with the confidence), the breakdowns, budget lines and project below
 * it, the dashboard's funnel (a "Funnel" section: one line per stage with
 * its count and its conversion from the previous stage), the perspective
 * scores and the overall score,
 * then the findings of the checks and the rows' notes. With
 * %KPI_TEXT_COLOR, statuses are coloured; the text says everything without
 * the colours.
 *
 * Returns: (transfer full): the text, UTF-8, ending with a newline
 *
 * Since: 0.1
 */
char *
kpi_report_to_text (KpiReport    *self,
                    KpiTextFlags  flags)
{
  static const char * const headings[N_COLS] = {
    "Indicator", "Value", "Target", "Attained", "vs prev.", "vs last year", "Status"
  };
  KpiDashboard *dashboard;
  GString *out;
  guint n, widths[N_COLS];
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) perspectives = NULL;
  g_autofree char *data_as_of = NULL;
  g_autofree char *confidence = NULL;
  gboolean colour = (flags & KPI_TEXT_COLOR) != 0;
  gboolean any_finding = FALSE, any_note = FALSE;

  g_return_val_if_fail (KPI_IS_REPORT (self), NULL);

  dashboard = kpi_report_get_dashboard (self);
  out = g_string_new (NULL);

  /* title line */
  g_string_append (out, kpi_dashboard_get_title (dashboard) != NULL
                        ? kpi_dashboard_get_title (dashboard) : kpi_dashboard_get_id (dashboard));
  if (kpi_dashboard_get_owner (dashboard) != NULL || kpi_dashboard_get_role (dashboard) != NULL)
    {
      g_string_append (out, " — ");
      if (kpi_dashboard_get_owner (dashboard) != NULL)
        g_string_append (out, kpi_dashboard_get_owner (dashboard));
      if (kpi_dashboard_get_role (dashboard) != NULL)
        g_string_append_printf (out, kpi_dashboard_get_owner (dashboard) != NULL ? " (%s)" : "%s",
                                kpi_dashboard_get_role (dashboard));
    }
  g_string_append_printf (out, " — %s", kpi_period_get_label (kpi_report_get_period (self)));
  if (kpi_period_is_partial (kpi_report_get_period (self)))
    g_string_append (out, " (to date)");
  data_as_of = format_instant (self, kpi_report_get_data_as_of (self), TRUE);
  if (data_as_of != NULL)
    g_string_append_printf (out, " — data as of %s", data_as_of);
  if (!isnan (kpi_report_get_confidence (self)))
    confidence = g_strdup_printf (" (confidence %.2f)", kpi_report_get_confidence (self));
  g_string_append_printf (out, " — quality: %s%s\n\n",
                          enum_nick (KPI_TYPE_QUALITY, kpi_report_get_quality (self)),
                          confidence != NULL ? confidence : "");

  /* the table: cells first, to size the columns */
  for (guint c = 0; c < N_COLS; c++)
    widths[c] = g_utf8_strlen (headings[c], -1);
  n = g_list_model_get_n_items (G_LIST_MODEL (self));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KpiReportRow) row = g_list_model_get_item (G_LIST_MODEL (self), i);
      KpiIndicator *indicator = kpi_report_row_get_indicator (row);
      KpiComparison *target = kpi_report_row_get_target (row);
      int decimals = decimals_of (row);
      const char *unit = kpi_indicator_get_unit (indicator);
      double attainment = target != NULL ? kpi_comparison_get_attainment (target) : NAN;
      char *row_cells[N_COLS];

      row_cells[COL_TITLE] = g_strdup (kpi_report_row_get_title (row));
      row_cells[COL_VALUE] = format_number (kpi_report_row_get_value (row), decimals, unit);
      row_cells[COL_TARGET] = target != NULL
                              ? format_number (kpi_comparison_get_reference (target), decimals, unit)
                              : g_strdup ("");
      row_cells[COL_ATTAIN] = isfinite (attainment) ? g_strdup_printf ("%.1f %%", 100 * attainment)
                                                    : g_strdup ("");
      row_cells[COL_PREV] = format_change (find_comparison (row, KPI_BENCHMARK_KIND_PREVIOUS_PERIOD));
      row_cells[COL_YEAR] = format_change (find_comparison (row, KPI_BENCHMARK_KIND_LAST_YEAR));
      row_cells[COL_STATUS] = g_strdup (target != NULL
                                        ? kpi_status_to_string (kpi_report_row_get_status (row))
                                        : "no target");
      for (guint c = 0; c < N_COLS; c++)
        {
          widths[c] = MAX (widths[c], (guint) g_utf8_strlen (row_cells[c], -1));
          g_ptr_array_add (cells, row_cells[c]);
        }
    }

  for (guint c = 0; c < N_COLS; c++)
    {
      pad (out, headings[c], c + 1 < N_COLS ? widths[c] + 2 : 0);
    }
  g_string_append_c (out, '\n');
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KpiReportRow) row = g_list_model_get_item (G_LIST_MODEL (self), i);
      KpiQuality quality = kpi_report_row_get_quality (row);
      const char *esc = colour ? status_colour (kpi_report_row_get_status (row)) : NULL;

      for (guint c = 0; c < N_COLS; c++)
        {
          const char *cell = g_ptr_array_index (cells, i * N_COLS + c);

          if (c == COL_STATUS && esc != NULL)
            g_string_append (out, esc);
          pad (out, cell, c + 1 < N_COLS ? widths[c] + 2 : 0);
          if (c == COL_STATUS && esc != NULL)
            g_string_append (out, ESC_RESET);
        }
      if (quality != KPI_QUALITY_GOOD)
        g_string_append_printf (out, "  ! %s (confidence %.2f)",
                                enum_nick (KPI_TYPE_QUALITY, quality),
                                kpi_report_row_get_confidence (row));
      /* no trailing spaces */
      while (out->len > 0 && out->str[out->len - 1] == ' ')
        g_string_truncate (out, out->len - 1);
      g_string_append_c (out, '\n');
    }

  write_text_details (out, self);
  write_text_funnel (out, self);

  /* scores */
  perspectives = kpi_report_list_perspectives (self);
  if (perspectives[0] != NULL)
    {
      g_string_append (out, "\nPerspective scores (-1 to +1)\n");
      for (guint i = 0; perspectives[i] != NULL; i++)
        {
          guint n_scored, n_missing;
          g_autofree char *score = format_score (kpi_report_get_perspective_score (self, perspectives[i],
                                                                                   &n_scored, &n_missing));

          g_string_append (out, "  ");
          pad (out, perspectives[i], 22);
          g_string_append_printf (out, "%s  (%u scored, %u without a score)\n",
                                  score, n_scored, n_missing);
        }
    }
  {
    g_autofree char *score = format_score (kpi_report_get_score (self));

    g_string_append_printf (out, "\nOverall score: %s\n", score);
  }

  /* alerts, findings and notes, below the table */
  {
    GPtrArray *alerts = kpi_report_get_alerts (self);

    for (guint i = 0; i < alerts->len; i++)
      {
        KpiAlert *alert = g_ptr_array_index (alerts, i);
        const char *esc = colour ? status_colour (kpi_alert_get_status (alert)) : NULL;

        if (i == 0)
          g_string_append (out, "\nAlerts\n");
        g_string_append_printf (out, "  %s%s%s: %s\n", esc != NULL ? esc : "",
                                kpi_status_to_string (kpi_alert_get_status (alert)),
                                esc != NULL ? ESC_RESET : "", kpi_alert_get_message (alert));
      }
  }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KpiReportRow) row = g_list_model_get_item (G_LIST_MODEL (self), i);
      GPtrArray *findings = kpi_value_get_findings (kpi_report_row_get_value (row));

      for (guint j = 0; findings != NULL && j < findings->len; j++)
        {
          KpiCheckResult *result = g_ptr_array_index (findings, j);

          if (!any_finding)
            g_string_append (out, "\nFindings\n");
          any_finding = TRUE;
          g_string_append_printf (out, "  %s: %s (%s, %s)\n", kpi_report_row_get_title (row),
                                  kpi_check_result_get_message (result),
                                  kpi_check_result_get_check_id (result) != NULL
                                  ? kpi_check_result_get_check_id (result) : "check",
                                  enum_nick (KPI_TYPE_CHECK_STATUS, kpi_check_result_get_status (result)));
        }
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KpiReportRow) row = g_list_model_get_item (G_LIST_MODEL (self), i);
      const char * const *notes = kpi_report_row_get_notes (row);

      for (guint j = 0; notes[j] != NULL; j++)
        {
          if (!any_note)
            g_string_append (out, "\nNotes\n");
          any_note = TRUE;
          g_string_append_printf (out, "  %s: %s\n", kpi_report_row_get_title (row), notes[j]);
        }
    }
  return g_string_free (out, FALSE);
}
