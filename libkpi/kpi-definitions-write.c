/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-definitions-write.c: a definitions document written back, in the
 * form it reads back byte for byte */

#include "config.h"

#include <math.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "kpi.h"
#include "kpi-check-private.h"
#include "kpi-definitions-private.h"
#include "kpi-json-write-private.h"
#include "kpi-watch-private.h"

static void
set_double (JsonObject *object,
            const char *key,
            double      x)
{
  if (isnan (x))
    json_object_set_null_member (object, key);
  else if (x == floor (x) && fabs (x) < 9007199254740992.0)
    json_object_set_int_member (object, key, (gint64) x);
  else
    json_object_set_double_member (object, key, x);
}

static JsonArray *
strv_array (const char * const *strv)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);
  return array;
}

static gboolean
same_double (double a,
             double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

static gboolean
empty_strv (const char * const *strv)
{
  return strv == NULL || strv[0] == NULL;
}

/* Whether @value of @pspec is the one @defaults (a fresh object of the
 * same type) has: only what differs is written. */
static gboolean
value_is_default (GParamSpec   *pspec,
                  const GValue *value,
                  GObject      *defaults)
{
  g_auto(GValue) def = G_VALUE_INIT;
  GType t = pspec->value_type;

  g_value_init (&def, t);
  g_object_get_property (defaults, pspec->name, &def);
  if (t == G_TYPE_DOUBLE)
    return same_double (g_value_get_double (value), g_value_get_double (&def));
  if (t == G_TYPE_FLOAT)
    return same_double (g_value_get_float (value), g_value_get_float (&def));
  if (t == G_TYPE_STRING)
    return g_strcmp0 (g_value_get_string (value), g_value_get_string (&def)) == 0;
  if (t == G_TYPE_STRV)
    {
      const char * const *a = g_value_get_boxed (value), *const *b = g_value_get_boxed (&def);
      return (empty_strv (a) && empty_strv (b)) || (a != NULL && b != NULL && g_strv_equal (a, b));
    }
  if (t == KPI_TYPE_PERIOD)
    {
      const KpiPeriod *a = g_value_get_boxed (value), *b = g_value_get_boxed (&def);
      return a == b || (a != NULL && b != NULL && kpi_period_equal (a, b));
    }
  return g_param_values_cmp (pspec, value, &def) == 0;
}

/* The members of the properties of @object that differ from their
 * defaults, named as properties_from_json() reads them; @rename maps a
 * property to a shorter member name (pairs, NULL-ended). */
static void
properties_to_json (GObject            *object,
                    JsonObject         *out,
                    const char * const *skip,
                    const char * const *rename)
{
  g_autofree GParamSpec **all = NULL;
  g_autoptr(GObject) defaults = g_object_new (G_OBJECT_TYPE (object), NULL);
  guint n;

  all = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n);
  for (guint i = 0; i < n; i++)
    {
      GParamSpec *pspec = all[i];
      GType t = pspec->value_type;
      g_auto(GValue) value = G_VALUE_INIT;
      g_autofree char *key = NULL;

      if (!(pspec->flags & G_PARAM_WRITABLE) || (pspec->flags & G_PARAM_CONSTRUCT_ONLY) ||
          g_strv_contains (skip, pspec->name) || G_TYPE_IS_OBJECT (t))
        continue;
      g_value_init (&value, t);
      g_object_get_property (object, pspec->name, &value);
      if (value_is_default (pspec, &value, defaults))
        continue;
      for (guint j = 0; rename != NULL && rename[j] != NULL; j += 2)
        if (strcmp (rename[j], pspec->name) == 0)
          key = g_strdup (rename[j + 1]);
      if (key == NULL)
        key = g_strdelimit (g_strdup (pspec->name), "-", '_');

      if (t == G_TYPE_STRING)
        json_object_set_string_member (out, key, g_value_get_string (&value));
      else if (t == G_TYPE_DOUBLE)
        set_double (out, key, g_value_get_double (&value));
      else if (t == G_TYPE_FLOAT)
        set_double (out, key, g_value_get_float (&value));
      else if (t == G_TYPE_INT)
        json_object_set_int_member (out, key, g_value_get_int (&value));
      else if (t == G_TYPE_UINT)
        json_object_set_int_member (out, key, g_value_get_uint (&value));
      else if (t == G_TYPE_INT64)
        json_object_set_int_member (out, key, g_value_get_int64 (&value));
      else if (t == G_TYPE_UINT64)
        json_object_set_int_member (out, key, (gint64) g_value_get_uint64 (&value));
      else if (t == G_TYPE_BOOLEAN)
        json_object_set_boolean_member (out, key, g_value_get_boolean (&value));
      else if (G_TYPE_IS_ENUM (t))
        json_object_set_string_member (out, key, kpi_definitions_nick (t, g_value_get_enum (&value)));
      else if (t == G_TYPE_STRV)
        json_object_set_array_member (out, key, strv_array (g_value_get_boxed (&value)));
      else if (t == KPI_TYPE_PERIOD)
        json_object_set_string_member (out, key, kpi_period_get_label (g_value_get_boxed (&value)));
    }
}

/* What @options say of the columns of @dataset, as the reader takes it:
 * date_format (one for all, and those of single columns), percent_columns,
 * columns (forced kinds). The options keep no list of the columns they
 * name, so the dataset's columns are asked, which are those that matter. */
static void
column_options_to_json (KpiLoadOptions *options,
                        KpiDataset     *dataset,
                        JsonObject     *out)
{
  static const char * const kinds[] = { "time", "dimension", "measure" };
  const char *all = kpi_load_options_get_date_format (options, NULL);
  guint n = kpi_dataset_get_n_columns (dataset);
  JsonObject *formats = json_object_new ();
  JsonArray *percent = json_array_new ();
  JsonObject *forced = json_object_new ();

  for (guint i = 0; i < n; i++)
    {
      const char *column = kpi_dataset_get_column_name (dataset, i);
      const char *format = kpi_load_options_get_date_format (options, column);
      KpiColumnKind kind;

      if (g_strcmp0 (format, all) != 0)
        json_object_set_string_member (formats, column, format);
      if (kpi_load_options_get_percent_column (options, column))
        json_array_add_string_element (percent, column);
      if (kpi_load_options_get_column_kind (options, column, &kind) && (guint) kind < G_N_ELEMENTS (kinds))
        json_object_set_string_member (forced, column, kinds[kind]);
    }
  if (json_object_get_size (formats) > 0)
    {
      /* the one for all is the reader's fallback: said per column too */
      for (guint i = 0; all != NULL && i < n; i++)
        if (kpi_dataset_get_column_kind (dataset, i) == KPI_COLUMN_TIME &&
            !json_object_has_member (formats, kpi_dataset_get_column_name (dataset, i)))
          json_object_set_string_member (formats, kpi_dataset_get_column_name (dataset, i), all);
      json_object_set_object_member (out, "date_format", formats);
    }
  else
    {
      json_object_unref (formats);
      if (all != NULL)
        json_object_set_string_member (out, "date_format", all);
    }
  if (json_array_get_length (percent) > 0)
    json_object_set_array_member (out, "percent_columns", percent);
  else
    json_array_unref (percent);
  if (json_object_get_size (forced) > 0)
    json_object_set_object_member (out, "columns", forced);
  else
    json_object_unref (forced);
}

JsonNode *
kpi_definitions_options_to_spec (const char     *name,
                                 const char     *path,
                                 KpiLoadOptions *options,
                                 KpiDataset     *dataset)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "name", name);
  json_object_set_string_member (object, "path", path);
  if (options != NULL)
    {
      static const char * const skip[] = { "coverage-start", "coverage-end", "data-as-of", "source-name", NULL };
      static const char * const skip_separators[] = {
        "coverage-start", "coverage-end", "data-as-of", "source-name",
        "decimal-separator", "thousands-separator", NULL
      };
      const char *style = kpi_load_options_get_number_style (options);

      /* a style by its name rather than its two separators */
      properties_to_json (G_OBJECT (options), object, style != NULL ? skip_separators : skip, NULL);
      if (style != NULL)
        json_object_set_string_member (object, "number_style", style);
      if (kpi_load_options_get_time_zone (options) != NULL)
        json_object_set_string_member (object, "time_zone",
                                       g_time_zone_get_identifier (kpi_load_options_get_time_zone (options)));
      if (dataset != NULL)
        column_options_to_json (options, dataset, object);
    }
  json_node_take_object (node, object);
  return node;
}

static JsonNode *
indicator_to_json (KpiIndicator *indicator,
                   KpiIndicator *defaults)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  KpiComparisonPolicy *policy = kpi_indicator_get_policy (indicator);
  KpiComparisonPolicy *def = kpi_indicator_get_policy (defaults);
  KpiRateScale scale = kpi_comparison_policy_get_rate_scale (policy);

#define STRING(key, getter) \
  if (getter (indicator) != NULL) json_object_set_string_member (o, key, getter (indicator));
  STRING ("id", kpi_indicator_get_id)
  STRING ("title", kpi_indicator_get_title)
  STRING ("description", kpi_indicator_get_description)
  STRING ("dataset", kpi_indicator_get_dataset_name)
  STRING ("formula", kpi_indicator_get_formula)
  STRING ("unit", kpi_indicator_get_unit)
#undef STRING
  /* what every indicator is, written even at its default */
  json_object_set_string_member (o, "direction",
                                 kpi_definitions_nick (KPI_TYPE_DIRECTION, kpi_comparison_policy_get_direction (policy)));
  json_object_set_string_member (o, "kind", kpi_definitions_nick (KPI_TYPE_INDICATOR_KIND, kpi_indicator_get_kind (indicator)));
  json_object_set_string_member (o, "granularity",
                                 kpi_definitions_nick (KPI_TYPE_GRANULARITY, kpi_indicator_get_granularity (indicator)));
  if (kpi_indicator_get_decimals (indicator) != kpi_indicator_get_decimals (defaults))
    json_object_set_int_member (o, "decimals", kpi_indicator_get_decimals (indicator));
  if (scale == KPI_RATE_SCALE_FRACTION)
    json_object_set_boolean_member (o, "rate", TRUE);
  else if (scale != kpi_comparison_policy_get_rate_scale (def))
    json_object_set_string_member (o, "rate_scale", kpi_definitions_nick (KPI_TYPE_RATE_SCALE, scale));
  if (!same_double (kpi_comparison_policy_get_on_track_threshold (policy),
                    kpi_comparison_policy_get_on_track_threshold (def)) ||
      !same_double (kpi_comparison_policy_get_at_risk_threshold (policy),
                    kpi_comparison_policy_get_at_risk_threshold (def)))
    {
      JsonObject *t = json_object_new ();

      set_double (t, "on_track", kpi_comparison_policy_get_on_track_threshold (policy));
      set_double (t, "at_risk", kpi_comparison_policy_get_at_risk_threshold (policy));
      json_object_set_object_member (o, "tolerance", t);
    }
  if (!same_double (kpi_comparison_policy_get_small_base (policy), kpi_comparison_policy_get_small_base (def)))
    set_double (o, "small_base", kpi_comparison_policy_get_small_base (policy));
  if (kpi_indicator_get_min_sample (indicator) != kpi_indicator_get_min_sample (defaults))
    json_object_set_int_member (o, "min_sample", kpi_indicator_get_min_sample (indicator));
  json_node_take_object (node, o);
  return node;
}

JsonNode *
kpi_definitions_check_to_json (KpiCheck *check)
{
  static const char * const skip[] = { "id", NULL };
  static const char * const rename[] = {
    "dataset-name", "dataset", "warn-threshold", "warn", "fail-threshold", "fail", NULL
  };
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *type = kpi_check_type_nick (G_OBJECT_TYPE (check));

  json_object_set_string_member (o, "id", kpi_check_get_id (check));
  json_object_set_string_member (o, "type", type);
  properties_to_json (G_OBJECT (check), o, skip, rename);
  json_node_take_object (node, o);
  return node;
}

static char *
day_label (KpiCalendar *calendar,
           gint64       t)
{
  g_autoptr(KpiPeriod) day = kpi_calendar_period_at (calendar, t, KPI_GRANULARITY_DAY);

  return g_strdup (kpi_period_get_label (day));
}

static JsonNode *
benchmark_to_json (KpiDefinitions *self,
                   KpiBenchmark   *benchmark)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  KpiPhasing *phasing = kpi_benchmark_get_phasing (benchmark);

  json_object_set_string_member (o, "name", kpi_benchmark_get_name (benchmark));
  json_object_set_string_member (o, "kind", kpi_definitions_nick (KPI_TYPE_BENCHMARK_KIND, kpi_benchmark_get_kind (benchmark)));
  if (kpi_benchmark_get_source_name (benchmark) != NULL)
    json_object_set_string_member (o, "source_name", kpi_benchmark_get_source_name (benchmark));
  if (kpi_benchmark_get_version (benchmark) != NULL)
    json_object_set_string_member (o, "version", kpi_benchmark_get_version (benchmark));

  if (KPI_IS_CONSTANT_BENCHMARK (benchmark))
    set_double (o, "value", kpi_constant_benchmark_get_value (KPI_CONSTANT_BENCHMARK (benchmark)));
  else if (KPI_IS_TABLE_BENCHMARK (benchmark))
    {
      KpiTableBenchmark *t = KPI_TABLE_BENCHMARK (benchmark);
      g_autoptr(KpiTableBenchmark) fresh = NULL;
      g_autofree char *name = kpi_context_dup_dataset_name (self->context, kpi_table_benchmark_get_table (t));

      if (name != NULL)
        json_object_set_string_member (o, "table", name);
      json_object_set_string_member (o, "formula", kpi_table_benchmark_get_formula (t));
      fresh = KPI_TABLE_BENCHMARK (kpi_table_benchmark_new (kpi_benchmark_get_kind (benchmark),
                                                            kpi_table_benchmark_get_table (t),
                                                            kpi_table_benchmark_get_formula (t), NULL));
      if (fresh != NULL &&
          kpi_table_benchmark_get_source_granularity (fresh) != kpi_table_benchmark_get_source_granularity (t))
        json_object_set_string_member (o, "source_granularity",
                                       kpi_definitions_nick (KPI_TYPE_GRANULARITY, kpi_table_benchmark_get_source_granularity (t)));
    }
  else if (KPI_IS_FORECAST_BENCHMARK (benchmark))
    {
      static const char * const none[] = { NULL };
      JsonObject *f = json_object_new ();

      properties_to_json (G_OBJECT (kpi_forecast_benchmark_get_forecaster (KPI_FORECAST_BENCHMARK (benchmark))),
                          f, none, NULL);
      json_object_set_object_member (o, "forecast", f);
    }
  else if (KPI_IS_PLAN_BENCHMARK (benchmark))
    {
      KpiPlan *plan = kpi_plan_benchmark_get_plan (KPI_PLAN_BENCHMARK (benchmark));
      JsonArray *milestones = json_array_new ();

      for (guint i = 0; i < kpi_plan_get_n_milestones (plan); i++)
        {
          JsonObject *m = json_object_new ();
          gint64 date;
          double percent;
          g_autofree char *label = NULL;

          kpi_plan_get_milestone (plan, i, &date, &percent);
          label = day_label (self->calendar, date);
          json_object_set_string_member (m, "date", label);
          set_double (m, "percent", percent);
          json_array_add_object_element (milestones, m);
        }
      json_object_set_array_member (o, "milestones", milestones);
    }

  if (phasing != NULL)
    {
      static const char * const none[] = { NULL };
      JsonObject *p = json_object_new ();
      g_auto(GStrv) holidays = kpi_phasing_dup_holidays (phasing);
      gsize n = 0;
      const double *profile = kpi_phasing_get_profile (phasing, &n);

      properties_to_json (G_OBJECT (phasing), p, none, NULL);
      if (holidays != NULL && holidays[0] != NULL)
        json_object_set_array_member (p, "holidays", strv_array ((const char * const *) holidays));
      gboolean flat = TRUE;

      for (gsize i = 0; profile != NULL && i < n; i++)
        flat = flat && profile[i] == 1;
      if (profile != NULL && n > 0 && !flat)
        {
          JsonArray *weights = json_array_new ();

          for (gsize i = 0; i < n; i++)
            {
              JsonNode *w = json_node_new (JSON_NODE_VALUE);

              if (profile[i] == floor (profile[i]) && fabs (profile[i]) < 1e15)
                json_node_set_int (w, (gint64) profile[i]);
              else
                json_node_set_double (w, profile[i]);
              json_array_add_element (weights, w);
            }
          json_object_set_array_member (p, "profile", weights);
        }
      json_object_set_object_member (o, "phasing", p);
    }
  json_node_take_object (node, o);
  return node;
}

static JsonNode *
dashboard_to_json (KpiDefinitions *self,
                   KpiDashboard   *dashboard)
{
  static const char * const balanced[] = {
    "financial", "customer", "internal-process", "learning-and-growth", NULL
  };
  static const char * const default_comparisons[] = { "previous_period", "last_year", NULL };
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonArray *items = json_array_new ();
  const char * const *perspectives = kpi_dashboard_get_perspectives (dashboard);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (dashboard));

  json_object_set_string_member (o, "id", kpi_dashboard_get_id (dashboard));
  json_object_set_string_member (o, "type", kpi_definitions_nick (KPI_TYPE_DASHBOARD_TYPE,
                                                     kpi_dashboard_get_dashboard_type (dashboard)));
#define STRING(key, getter) \
  if (getter (dashboard) != NULL) json_object_set_string_member (o, key, getter (dashboard));
  STRING ("title", kpi_dashboard_get_title)
  STRING ("owner", kpi_dashboard_get_owner)
  STRING ("role", kpi_dashboard_get_role)
  STRING ("project", kpi_dashboard_get_project)
#undef STRING
  if (perspectives != NULL &&
      !(kpi_dashboard_get_dashboard_type (dashboard) == KPI_DASHBOARD_TYPE_STRATEGIC &&
        g_strv_equal (perspectives, balanced)))
    json_object_set_array_member (o, "perspectives", strv_array (perspectives));
  if (kpi_dashboard_get_breakdowns (dashboard) != NULL)
    json_object_set_array_member (o, "breakdowns", strv_array (kpi_dashboard_get_breakdowns (dashboard)));
  if (kpi_dashboard_get_history (dashboard) != 12)
    json_object_set_int_member (o, "history", kpi_dashboard_get_history (dashboard));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KpiDashboardItem) item = g_list_model_get_item (G_LIST_MODEL (dashboard), i);
      JsonObject *it = json_object_new ();
      KpiComparisonPolicy *policy = kpi_dashboard_item_get_policy (item);
      const char * const *comparisons = kpi_dashboard_item_get_comparisons (item);

      json_object_set_string_member (it, "indicator", kpi_dashboard_item_get_indicator_id (item));
      if (kpi_dashboard_item_get_perspective (item) != NULL)
        json_object_set_string_member (it, "perspective", kpi_dashboard_item_get_perspective (item));
      if (kpi_dashboard_item_get_weight (item) != 1)
        set_double (it, "weight", kpi_dashboard_item_get_weight (item));
      if (kpi_dashboard_item_get_target (item) != NULL)
        json_object_set_string_member (it, "target", kpi_dashboard_item_get_target (item));
      if (kpi_dashboard_item_get_budget (item) != NULL)
        json_object_set_string_member (it, "budget", kpi_dashboard_item_get_budget (item));
      if (!g_strv_equal (comparisons, default_comparisons))
        json_object_set_array_member (it, "comparisons", strv_array (comparisons));
      if (kpi_dashboard_item_get_breakdowns (item) != NULL)
        json_object_set_array_member (it, "breakdowns", strv_array (kpi_dashboard_item_get_breakdowns (item)));
      if (policy != NULL)
        {
          JsonObject *t = json_object_new ();

          set_double (t, "on_track", kpi_comparison_policy_get_on_track_threshold (policy));
          set_double (t, "at_risk", kpi_comparison_policy_get_at_risk_threshold (policy));
          json_object_set_object_member (it, "tolerance", t);
        }
      json_array_add_object_element (items, it);
    }
  json_object_set_array_member (o, "indicators", items);

  /* a funnel over a dataset the definitions do not name cannot be read
   * back: left out, as such datasets are */
  if (kpi_dashboard_get_funnel (dashboard) != NULL)
    {
      KpiFunnel *funnel = kpi_dashboard_get_funnel (dashboard);
      g_autofree char *dataset = kpi_context_dup_dataset_name (self->context,
                                                               kpi_funnel_get_dataset (funnel));

      if (dataset != NULL)
        {
          JsonObject *f = json_object_new ();

          json_object_set_string_member (f, "dataset", dataset);
          json_object_set_string_member (f, "entity", kpi_funnel_get_entity_column (funnel));
          json_object_set_string_member (f, "stage", kpi_funnel_get_stage_column (funnel));
          json_object_set_array_member (f, "stages", strv_array (kpi_funnel_get_stages (funnel)));
          if (kpi_dashboard_get_funnel_basis (dashboard) != KPI_FUNNEL_BASIS_COHORT)
            json_object_set_string_member (f, "basis", kpi_definitions_nick (KPI_TYPE_FUNNEL_BASIS,
                                                                kpi_dashboard_get_funnel_basis (dashboard)));
          json_object_set_object_member (o, "funnel", f);
        }
    }

  n = g_list_model_get_n_items (kpi_dashboard_get_watches (dashboard));
  if (n > 0)
    {
      static const char * const skip[] = { "id", NULL };
      JsonArray *watches = json_array_new ();

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(KpiWatch) watch = g_list_model_get_item (kpi_dashboard_get_watches (dashboard), i);
          g_autofree char *kind = kpi_watch_type_nick (G_OBJECT_TYPE (watch));
          JsonObject *w = json_object_new ();

          json_object_set_string_member (w, "id", kpi_watch_get_id (watch));
          json_object_set_string_member (w, "kind", kind);
          properties_to_json (G_OBJECT (watch), w, skip, NULL);
          json_array_add_object_element (watches, w);
        }
      json_object_set_array_member (o, "watches", watches);
    }
  json_node_take_object (node, o);
  return node;
}

/**
 * kpi_definitions_to_data:
 * @self: definitions
 * @length: (out) (optional): return location for the length in bytes
 *
 * Writes the definitions as a document [method@Kpi.Definitions.load_data]
 * reads: what was loaded, in its order, with the members that are not at
 * their defaults. A document written by this function loads and writes
 * back byte for byte. Datasets added with no path are not written (the
 * document could not load them), nor the built-in benchmarks.
 *
 * Returns: (transfer full): the JSON text, ending with a newline
 *
 * Since: 0.1
 */
char *
kpi_definitions_to_data (KpiDefinitions *self,
                         gsize          *length)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o = json_object_new ();
  JsonArray *datasets = json_array_new ();
  JsonArray *indicators = json_array_new ();
  JsonArray *benchmarks = json_array_new ();
  JsonArray *checks = json_array_new ();
  JsonArray *dashboards = json_array_new ();
  g_auto(GStrv) ids = NULL;
  g_autoptr(KpiIndicator) defaults = kpi_indicator_new ("defaults", "count()", NULL);
  GString *out;
  guint n;

  g_return_val_if_fail (KPI_IS_DEFINITIONS (self), NULL);

  json_object_set_int_member (o, "version", KPI_DEFINITIONS_VERSION);
  if (self->calendar_spec != NULL)
    json_object_set_member (o, "calendar", json_node_copy (self->calendar_spec));
  else
    {
      GTimeZone *zone = kpi_calendar_get_time_zone (self->calendar);
      guint month = kpi_calendar_get_fiscal_year_start_month (self->calendar);
      const char *zone_id = g_time_zone_get_identifier (zone);

      if (month != 1 || strcmp (zone_id, "UTC") != 0)
        {
          JsonObject *c = json_object_new ();

          json_object_set_string_member (c, "time_zone", zone_id);
          if (month != 1)
            json_object_set_int_member (c, "fiscal_year_start_month", month);
          json_object_set_object_member (o, "calendar", c);
        }
    }

  for (guint i = 0; i < self->datasets->len; i++)
    {
      DatasetEntry *entry = g_ptr_array_index (self->datasets, i);

      if (entry->spec != NULL)
        json_array_add_element (datasets, json_node_copy (entry->spec));
    }
  json_object_set_array_member (o, "datasets", datasets);

  ids = kpi_catalog_list_ids (self->catalog);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(KpiIndicator) indicator = kpi_catalog_dup_indicator (self->catalog, ids[i]);
      json_array_add_element (indicators, indicator_to_json (indicator, defaults));
    }
  json_object_set_array_member (o, "indicators", indicators);

  for (guint i = KPI_DEFINITIONS_N_BUILTIN; i < self->benchmarks->len; i++)
    json_array_add_element (benchmarks, benchmark_to_json (self, g_ptr_array_index (self->benchmarks, i)));
  json_object_set_array_member (o, "benchmarks", benchmarks);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->checks));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KpiCheck) check = g_list_model_get_item (G_LIST_MODEL (self->checks), i);
      json_array_add_element (checks, kpi_definitions_check_to_json (check));
    }
  json_object_set_array_member (o, "checks", checks);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->dashboards));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KpiDashboard) d = g_list_model_get_item (G_LIST_MODEL (self->dashboards), i);
      json_array_add_element (dashboards, dashboard_to_json (self, d));
    }
  json_object_set_array_member (o, "dashboards", dashboards);

  json_node_take_object (root, o);
  out = g_string_new (NULL);
  kpi_json_write_node (out, root, 0);
  g_string_append_c (out, '\n');
  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

/**
 * kpi_definitions_save_file:
 * @self: definitions
 * @file: where to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes [method@Kpi.Definitions.to_data] to a file, atomically (the file
 * is replaced whole or not at all). Dataset paths are written as they
 * were given: relative to the directory of the file they were loaded
 * from.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_definitions_save_file (KpiDefinitions  *self,
                           GFile           *file,
                           GCancellable    *cancellable,
                           GError         **error)
{
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (KPI_IS_DEFINITIONS (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = kpi_definitions_to_data (self, &length);
  if (!g_file_replace_contents (file, data, length, NULL, FALSE, G_FILE_CREATE_NONE,
                                NULL, cancellable, error))
    return FALSE;
  g_set_object (&self->file, file);
  return TRUE;
}
