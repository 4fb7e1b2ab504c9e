/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-definitions.c: one document holding the datasets, indicators,
 * benchmarks, checks and dashboards of a business */

#include "config.h"

#include <math.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "kpi.h"
#include "kpi-check-private.h"
#include "kpi-definitions-private.h"
#include "kpi-sqlite-source-private.h"
#include "kpi-suggest-private.h"
#include "kpi-json-write-private.h"
#include "kpi-util-private.h"
#include "kpi-watch-private.h"

/**
 * KpiDefinitions:
 *
 * Everything a business's dashboards are made of, in one JSON document:
 * the datasets (files relative to the document, with their load options,
 * coverage and data-as-of), the indicators (the format of
 * [class@Kpi.Catalog]), the benchmarks they are compared with (targets
 * from a table, budgets with their phasing, forecasts, plans), the quality
 * checks (the format of [class@Kpi.CheckSuite]) and the dashboards
 * ([class@Kpi.Dashboard]).
 *
 * ```json
 * { "version": 1,
 *   "calendar": { "time_zone": "Europe/Paris" },
 *   "datasets": [ { "name": "orders", "path": "data/orders.csv" },
 *                 { "name": "targets", "path": "data/targets.csv" } ],
 *   "indicators": [ { "id": "revenue", "dataset": "orders", "formula": "sum(amount)" } ],
 *   "benchmarks": [ { "name": "revenue_target", "kind": "target", "table": "targets",
 *                     "formula": "sum(target where indicator = \"revenue\")" } ],
 *   "checks": [ { "id": "orders_unique", "type": "uniqueness", "dataset": "orders",
 *                 "fields": ["order_id"] } ],
 *   "dashboards": [ { "id": "sales", "type": "strategic", "owner": "Head of sales",
 *                     "indicators": [ { "indicator": "revenue", "perspective": "financial",
 *                                       "target": "revenue_target" } ] } ] }
 * ```
 *
 * The whole format is described in the [definitions file](definitions.html)
 * page. A document loads whole or not at all: an error names the JSON path
 * and the near miss (`$.dashboards[1].indicators[3]: unknown indicator
 * “revenu”; did you mean “revenue”?`), and the definitions are as they
 * were. [method@Kpi.Definitions.to_data] writes the document back; a
 * document written by it loads and writes back byte for byte.
 *
 * Every definitions object has two benchmarks of its own, which documents
 * do not declare: `previous_period` and `last_year`.
 *
 * Definitions are set up in one thread; once loaded, their context,
 * indicators and datasets may be evaluated from several.
 *
 * ## Example
 *
 * ```c
 * const char *document =
 *   "{\"version\": 1,"
 *   " \"datasets\": [{\"name\": \"orders\", \"path\": \"orders.csv\"}],"
 *   " \"indicators\": [{\"id\": \"revenue\", \"dataset\": \"orders\", \"formula\": \"sum(amount)\"}]}";
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
 * g_autoptr(KpiDefinitions) definitions = kpi_definitions_new (calendar);
 * g_autoptr(KpiPeriod) february = kpi_calendar_parse_period (calendar, "2025-02", NULL);
 * g_autoptr(KpiValue) revenue = NULL;
 * g_autofree char *written = NULL;
 * KpiContext *context = NULL;
 *
 * if (!kpi_definitions_load_data (definitions, document, -1, NULL, NULL, &error))
 *   g_error ("%s", error->message);
 * context = kpi_definitions_get_context (definitions);
 * revenue = kpi_indicator_evaluate (kpi_context_lookup_indicator (context, "revenue"),
 *                                   context, february, &error);
 * g_print ("revenue in 2025-02: %g\n", kpi_value_get_value (revenue));
 * written = kpi_definitions_to_data (definitions, NULL);
 * g_print ("%s", written);
 * ```
 *
 * ```python
 * document = """{"version": 1,
 *   "datasets": [{"name": "orders", "path": "orders.csv"}],
 *   "indicators": [{"id": "revenue", "dataset": "orders", "formula": "sum(amount)"}]}"""
 * calendar = Kpi.Calendar.new(None, 1)
 * definitions = Kpi.Definitions.new(calendar)
 * definitions.load_data(document.encode(), None, None)
 * context = definitions.get_context()
 * february = calendar.parse_period("2025-02")
 * revenue = context.lookup_indicator("revenue").evaluate(context, february)
 * print("revenue in 2025-02:", revenue.get_value())
 * print(definitions.to_data())
 * ```
 *
 * ```js
 * const document = JSON.stringify({
 *     version: 1,
 *     datasets: [{name: 'orders', path: 'orders.csv'}],
 *     indicators: [{id: 'revenue', dataset: 'orders', formula: 'sum(amount)'}],
 * });
 * const calendar = Kpi.Calendar.new(null, 1);
 * const definitions = Kpi.Definitions.new(calendar);
 * definitions.load_data(new TextEncoder().encode(document), null, null);
 * const context = definitions.get_context();
 * const february = calendar.parse_period('2025-02');
 * const revenue = context.lookup_indicator('revenue').evaluate(context, february);
 * print(`revenue in 2025-02: ${revenue.get_value()}`);
 * print(definitions.to_data()[0]);
 * ```
 *
 * Since: 0.1
 */

G_DEFINE_FINAL_TYPE (KpiDefinitions, kpi_definitions, G_TYPE_OBJECT)

enum {
  SIGNAL_LOAD_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
kpi_definitions_emit_load_progress (KpiDefinitions *self,
                                    const char     *dataset,
                                    guint64         done,
                                    guint64         total)
{
  g_signal_emit (self, signals[SIGNAL_LOAD_PROGRESS], 0, dataset, done, total);
}

/**
 * kpi_definitions_error_quark:
 *
 * The error domain of definitions, %KPI_DEFINITIONS_ERROR.
 *
 * Returns: the quark of the domain
 *
 * Since: 0.1
 */
G_DEFINE_QUARK (kpi-definitions-error-quark, kpi_definitions_error)

static void
dataset_entry_free (gpointer data)
{
  DatasetEntry *entry = data;

  g_free (entry->name);
  g_clear_object (&entry->dataset);
  g_clear_pointer (&entry->spec, json_node_unref);
  g_free (entry);
}

static void
kpi_definitions_finalize (GObject *object)
{
  KpiDefinitions *self = KPI_DEFINITIONS (object);

  g_clear_object (&self->file);
  g_clear_object (&self->calendar);
  g_clear_pointer (&self->calendar_spec, json_node_unref);
  g_clear_object (&self->context);
  g_clear_object (&self->catalog);
  g_clear_object (&self->checks);
  g_clear_pointer (&self->datasets, g_ptr_array_unref);
  g_clear_pointer (&self->benchmarks, g_ptr_array_unref);
  g_clear_object (&self->dashboards);
  g_clear_pointer (&self->check_results, g_ptr_array_unref);
  g_free (self->checks_key);
  g_mutex_clear (&self->checks_lock);

  G_OBJECT_CLASS (kpi_definitions_parent_class)->finalize (object);
}

static void
kpi_definitions_class_init (KpiDefinitionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kpi_definitions_finalize;

  /**
   * KpiDefinitions::load-progress:
   * @self: the definitions
   * @dataset: the name of the dataset being loaded
   * @done: bytes of its file read so far
   * @total: the size of its file, or 0 when unknown
   *
   * Emitted while a document's datasets load
   * ([method@Kpi.Definitions.load_file]), in the thread that loads them,
   * a few times a second at most: what a progress bar shows.
   *
   * Since: 0.1
   */
  signals[SIGNAL_LOAD_PROGRESS] =
    g_signal_new ("load-progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_UINT64, G_TYPE_UINT64);
}

static void
kpi_definitions_init (KpiDefinitions *self)
{
  self->datasets = g_ptr_array_new_with_free_func (dataset_entry_free);
  self->benchmarks = g_ptr_array_new_with_free_func (g_object_unref);
  self->dashboards = g_list_store_new (KPI_TYPE_DASHBOARD);
  self->catalog = kpi_catalog_new ();
  self->checks = kpi_check_suite_new ();
  g_mutex_init (&self->checks_lock);
}

/* Sets the calendar and everything made from it. */
void
kpi_definitions_setup (KpiDefinitions *self,
                       KpiCalendar    *calendar)
{
  KpiBenchmark *b;

  self->calendar = g_object_ref (calendar);
  self->context = kpi_context_new (calendar);
  kpi_context_add_catalog (self->context, self->catalog);

  b = kpi_offset_benchmark_new (KPI_BENCHMARK_KIND_PREVIOUS_PERIOD, NULL);
  kpi_benchmark_set_name (b, "previous_period");
  g_ptr_array_add (self->benchmarks, b);
  b = kpi_offset_benchmark_new (KPI_BENCHMARK_KIND_LAST_YEAR, NULL);
  kpi_benchmark_set_name (b, "last_year");
  g_ptr_array_add (self->benchmarks, b);
}

/**
 * kpi_definitions_new:
 * @calendar: (nullable): the calendar periods are formed with, or %NULL
 *   for the Gregorian calendar in UTC; a document that declares its own
 *   replaces it when it loads
 *
 * Makes empty definitions: no dataset, no indicator, no dashboard, and the
 * two benchmarks `previous_period` and `last_year`.
 *
 * Returns: (transfer full): new definitions
 *
 * Since: 0.1
 */
KpiDefinitions *
kpi_definitions_new (KpiCalendar *calendar)
{
  KpiDefinitions *self;
  g_autoptr(KpiCalendar) utc = NULL;

  g_return_val_if_fail (calendar == NULL || KPI_IS_CALENDAR (calendar), NULL);

  self = g_object_new (KPI_TYPE_DEFINITIONS, NULL);
  if (calendar == NULL)
    {
      g_autoptr(GTimeZone) zone = g_time_zone_new_utc ();

      calendar = utc = kpi_calendar_new (zone, 1, NULL);
    }
  kpi_definitions_setup (self, calendar);
  return self;
}

/* ------------------------------------------------------------------ */
/* Accessors                                                          */

/**
 * kpi_definitions_get_file:
 * @self: definitions
 *
 * Gets the file the definitions were last loaded from or saved to.
 *
 * Returns: (transfer none) (nullable): the file the definitions were last
 *   loaded from or saved to, or %NULL
 *
 * Since: 0.1
 */
GFile *
kpi_definitions_get_file (KpiDefinitions *self)
{
  g_return_val_if_fail (KPI_IS_DEFINITIONS (self), NULL);
  return self->file;
}

/**
 * kpi_definitions_get_calendar:
 * @self: definitions
 *
 * Gets the calendar periods are formed with.
 *
 * Returns: (transfer none): the calendar periods are formed with
 *
 * Since: 0.1
 */
KpiCalendar *
kpi_definitions_get_calendar (KpiDefinitions *self)
{
  g_return_val_if_fail (KPI_IS_DEFINITIONS (self), NULL);
  return self->calendar;
}

/**
 * kpi_definitions_get_context:
 * @self: definitions
 *
 * The context the indicators are evaluated in: the calendar, the datasets
 * by name and the indicators of the catalogue.
 *
 * Returns: (transfer none): the context
 *
 * Since: 0.1
 */
KpiContext *
kpi_definitions_get_context (KpiDefinitions *self)
{
  g_return_val_if_fail (KPI_IS_DEFINITIONS (self), NULL);
  return self->context;
}

/**
 * kpi_definitions_get_catalog:
 * @self: definitions
 *
 * Gets the catalogue of indicators.
 *
 * Returns: (transfer none): the catalogue of indicators
 *
 * Since: 0.1
 */
KpiCatalog *
kpi_definitions_get_catalog (KpiDefinitions *self)
{
  g_return_val_if_fail (KPI_IS_DEFINITIONS (self), NULL);
  return self->catalog;
}

/**
 * kpi_definitions_get_checks:
 * @self: definitions
 *
 * Gets the quality checks.
 *
 * Returns: (transfer none): the quality checks
 *
 * Since: 0.1
 */
KpiCheckSuite *
kpi_definitions_get_checks (KpiDefinitions *self)
{
  g_return_val_if_fail (KPI_IS_DEFINITIONS (self), NULL);
  return self->checks;
}

DatasetEntry *
kpi_definitions_find_dataset (KpiDefinitions *self,
                              const char     *name)
{
  for (guint i = 0; i < self->datasets->len; i++)
    {
      DatasetEntry *entry = g_ptr_array_index (self->datasets, i);

      if (strcmp (entry->name, name) == 0)
        return entry;
    }
  return NULL;
}

/**
 * kpi_definitions_add_dataset:
 * @self: definitions
 * @name: the name indicators read it by
 * @dataset: the dataset
 * @path: (nullable) (type filename): the file it was loaded from, relative
 *   to the document's directory, for [method@Kpi.Definitions.to_data]; or
 *   %NULL for a dataset the document does not describe
 * @options: (nullable): the options it was loaded with, written with the
 *   path
 * @error: return location for a #GError
 *
 * Adds a dataset, already loaded, to the definitions and their context.
 *
 * Returns: %TRUE, or %FALSE with %KPI_DEFINITIONS_ERROR_DUPLICATE when a
 *   dataset of that name exists
 *
 * Since: 0.1
 */
gboolean
kpi_definitions_add_dataset (KpiDefinitions  *self,
                             const char      *name,
                             KpiDataset      *dataset,
                             const char      *path,
                             KpiLoadOptions  *options,
                             GError         **error)
{
  DatasetEntry *entry;

  g_return_val_if_fail (KPI_IS_DEFINITIONS (self), FALSE);
  g_return_val_if_fail (name != NULL && *name != '\0', FALSE);
  g_return_val_if_fail (KPI_IS_DATASET (dataset), FALSE);
  g_return_val_if_fail (options == NULL || KPI_IS_LOAD_OPTIONS (options), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (kpi_definitions_find_dataset (self, name) != NULL)
    {
      g_set_error (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_DUPLICATE,
                   "two datasets named “%s”", name);
      return FALSE;
    }
  entry = g_new0 (DatasetEntry, 1);
  entry->name = g_strdup (name);
  entry->dataset = g_object_ref (dataset);
  if (path != NULL)
    entry->spec = kpi_definitions_options_to_spec (name, path, options, dataset);
  g_ptr_array_add (self->datasets, entry);
  kpi_context_add_dataset (self->context, name, dataset);
  return TRUE;
}

/**
 * kpi_definitions_lookup_dataset:
 * @self: definitions
 * @name: a dataset's name
 *
 * Looks up a dataset by its name.
 *
 * Returns: (transfer full) (nullable): the dataset, or %NULL
 *
 * Since: 0.1
 */
KpiDataset *
kpi_definitions_lookup_dataset (KpiDefinitions *self,
                                const char     *name)
{
  DatasetEntry *entry;

  g_return_val_if_fail (KPI_IS_DEFINITIONS (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  entry = kpi_definitions_find_dataset (self, name);
  return entry != NULL ? g_object_ref (entry->dataset) : NULL;
}

/**
 * kpi_definitions_list_dataset_names:
 * @self: definitions
 *
 * Lists the names of the datasets the definitions declare.
 *
 * Returns: (transfer full) (array zero-terminated=1): the names of the
 *   datasets, in the document's order
 *
 * Since: 0.1
 */
char **
kpi_definitions_list_dataset_names (KpiDefinitions *self)
{
  g_autoptr(GStrvBuilder) builder = NULL;

  g_return_val_if_fail (KPI_IS_DEFINITIONS (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->datasets->len; i++)
    g_strv_builder_add (builder, ((DatasetEntry *) g_ptr_array_index (self->datasets, i))->name);
  return g_strv_builder_end (builder);
}

KpiBenchmark *
kpi_definitions_find_benchmark (KpiDefinitions *self,
                                const char     *name)
{
  for (guint i = 0; i < self->benchmarks->len; i++)
    {
      KpiBenchmark *b = g_ptr_array_index (self->benchmarks, i);

      if (g_strcmp0 (kpi_benchmark_get_name (b), name) == 0)
        return b;
    }
  return NULL;
}

/**
 * kpi_definitions_add_benchmark:
 * @self: definitions
 * @benchmark: a benchmark, named ([method@Kpi.Benchmark.set_name])
 * @error: return location for a #GError
 *
 * Adds a benchmark that dashboards refer to by its name.
 *
 * Returns: %TRUE, or %FALSE with %KPI_DEFINITIONS_ERROR_DUPLICATE when a
 *   benchmark of that name exists, %KPI_DEFINITIONS_ERROR_INVALID when it
 *   has no name
 *
 * Since: 0.1
 */
gboolean
kpi_definitions_add_benchmark (KpiDefinitions  *self,
                               KpiBenchmark    *benchmark,
                               GError         **error)
{
  const char *name;

  g_return_val_if_fail (KPI_IS_DEFINITIONS (self), FALSE);
  g_return_val_if_fail (KPI_IS_BENCHMARK (benchmark), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = kpi_benchmark_get_name (benchmark);
  if (name == NULL || *name == '\0')
    {
      g_set_error (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_INVALID,
                   "a benchmark of the definitions needs a name");
      return FALSE;
    }
  if (kpi_definitions_find_benchmark (self, name) != NULL)
    {
      g_set_error (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_DUPLICATE,
                   "two benchmarks named “%s”", name);
      return FALSE;
    }
  g_ptr_array_add (self->benchmarks, g_object_ref (benchmark));
  return TRUE;
}

/**
 * kpi_definitions_lookup_benchmark:
 * @self: definitions
 * @name: a benchmark's name
 *
 * Looks up a benchmark by its name.
 *
 * Returns: (transfer full) (nullable): the benchmark, or %NULL
 *
 * Since: 0.1
 */
KpiBenchmark *
kpi_definitions_lookup_benchmark (KpiDefinitions *self,
                                  const char     *name)
{
  KpiBenchmark *b;

  g_return_val_if_fail (KPI_IS_DEFINITIONS (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  b = kpi_definitions_find_benchmark (self, name);
  return b != NULL ? g_object_ref (b) : NULL;
}

/**
 * kpi_definitions_list_benchmark_names:
 * @self: definitions
 *
 * Lists the names of the benchmarks the definitions know, the built-in ones first.
 *
 * Returns: (transfer full) (array zero-terminated=1): the names of the
 *   benchmarks: `previous_period`, `last_year`, then the document's
 *
 * Since: 0.1
 */
char **
kpi_definitions_list_benchmark_names (KpiDefinitions *self)
{
  g_autoptr(GStrvBuilder) builder = NULL;

  g_return_val_if_fail (KPI_IS_DEFINITIONS (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->benchmarks->len; i++)
    g_strv_builder_add (builder, kpi_benchmark_get_name (g_ptr_array_index (self->benchmarks, i)));
  return g_strv_builder_end (builder);
}

/**
 * kpi_definitions_add_dashboard:
 * @self: definitions
 * @dashboard: a dashboard
 * @error: return location for a #GError
 *
 * Adds a dashboard.
 *
 * Returns: %TRUE, or %FALSE with %KPI_DEFINITIONS_ERROR_DUPLICATE when a
 *   dashboard of that id exists
 *
 * Since: 0.1
 */
gboolean
kpi_definitions_add_dashboard (KpiDefinitions  *self,
                               KpiDashboard    *dashboard,
                               GError         **error)
{
  g_autoptr(KpiDashboard) other = NULL;

  g_return_val_if_fail (KPI_IS_DEFINITIONS (self), FALSE);
  g_return_val_if_fail (KPI_IS_DASHBOARD (dashboard), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  other = kpi_definitions_lookup_dashboard (self, kpi_dashboard_get_id (dashboard));
  if (other != NULL)
    {
      g_set_error (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_DUPLICATE,
                   "two dashboards with the id “%s”", kpi_dashboard_get_id (dashboard));
      return FALSE;
    }
  g_list_store_append (self->dashboards, dashboard);
  return TRUE;
}

/**
 * kpi_definitions_lookup_dashboard:
 * @self: definitions
 * @id: a dashboard's id
 *
 * Looks up a dashboard by its id.
 *
 * Returns: (transfer full) (nullable): the dashboard, or %NULL
 *
 * Since: 0.1
 */
KpiDashboard *
kpi_definitions_lookup_dashboard (KpiDefinitions *self,
                                  const char     *id)
{
  guint n;

  g_return_val_if_fail (KPI_IS_DEFINITIONS (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->dashboards));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KpiDashboard) d = g_list_model_get_item (G_LIST_MODEL (self->dashboards), i);

      if (strcmp (kpi_dashboard_get_id (d), id) == 0)
        return g_steal_pointer (&d);
    }
  return NULL;
}

/**
 * kpi_definitions_get_dashboards:
 * @self: definitions
 *
 * Gets a list model of the [class@Kpi.Dashboard]s, in the document's order.
 *
 * Returns: (transfer none): a list model of the [class@Kpi.Dashboard]s,
 *   in the document's order
 *
 * Since: 0.1
 */
GListModel *
kpi_definitions_get_dashboards (KpiDefinitions *self)
{
  g_return_val_if_fail (KPI_IS_DEFINITIONS (self), NULL);
  return G_LIST_MODEL (self->dashboards);
}

/**
 * kpi_definitions_validate:
 * @self: definitions
 *
 * Validates every dashboard ([method@Kpi.Dashboard.validate]).
 *
 * Returns: (transfer container) (element-type KpiAdvisory): the
 *   advisories of all dashboards, in order
 *
 * Since: 0.1
 */
GPtrArray *
kpi_definitions_validate (KpiDefinitions *self)
{
  GPtrArray *all;
  guint n;

  g_return_val_if_fail (KPI_IS_DEFINITIONS (self), NULL);

  all = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_advisory_unref);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->dashboards));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KpiDashboard) d = g_list_model_get_item (G_LIST_MODEL (self->dashboards), i);
      g_autoptr(GPtrArray) some = kpi_dashboard_validate (d, self);

      for (guint j = 0; j < some->len; j++)
        g_ptr_array_add (all, kpi_advisory_ref (g_ptr_array_index (some, j)));
    }
  return all;
}


/* What a run of the checks reads: the calendar's now, each dataset's rows,
 * coverage, data-as-of and lag, and each check's settings. Two runs with
 * the same key give the same results. */
static char *
check_run_key (KpiDefinitions *self)
{
  GString *key = g_string_new (NULL);
  guint n;

  g_string_append_printf (key, "now %" G_GINT64_FORMAT "\n", kpi_calendar_get_now (self->calendar));
  for (guint i = 0; i < self->datasets->len; i++)
    {
      DatasetEntry *entry = g_ptr_array_index (self->datasets, i);
      gint64 start, end;

      kpi_dataset_get_coverage (entry->dataset, &start, &end);
      g_string_append_printf (key, "%s %p %u %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                              " %" G_GINT64_FORMAT "\n", entry->name, (void *) entry->dataset,
                              kpi_dataset_get_n_rows (entry->dataset), start, end,
                              kpi_dataset_get_data_as_of (entry->dataset),
                              (gint64) kpi_dataset_get_expected_lag (entry->dataset));
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (self->checks));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KpiCheck) check = g_list_model_get_item (G_LIST_MODEL (self->checks), i);
      g_autoptr(JsonNode) json = kpi_definitions_check_to_json (check);

      g_string_append_printf (key, "%p ", (void *) check);
      kpi_json_write_node (key, json, 0);
      g_string_append_c (key, '\n');
    }
  return g_string_free (key, FALSE);
}

/**
 * kpi_definitions_run_checks:
 * @self: definitions
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Runs the checks of the definitions over their datasets
 * ([method@Kpi.CheckSuite.run]), or gives the results of the last run
 * when nothing the checks read has changed since: no row added to a
 * dataset, its coverage, data-as-of and expected lag as they were, the
 * calendar's now and the checks' settings unchanged. Reports of several
 * dashboards (and several reports of one) then share one run of the
 * checks, which over millions of rows costs more than the indicators.
 * Afterwards the suite's results ([method@Kpi.CheckSuite.dup_results])
 * are these.
 *
 * May be called from several threads: one runs the checks while the
 * others wait for its results.
 *
 * Returns: (transfer container) (element-type KpiCheckResult): the
 *   results, one per check, or %NULL with @error set (cancelled)
 *
 * Since: 0.1
 */
GPtrArray *
kpi_definitions_run_checks (KpiDefinitions  *self,
                            GCancellable    *cancellable,
                            GError         **error)
{
  g_autofree char *key = NULL;
  GError *local_error = NULL;
  GPtrArray *results;

  g_return_val_if_fail (KPI_IS_DEFINITIONS (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_mutex_lock (&self->checks_lock);
  key = check_run_key (self);
  if (self->check_results == NULL || g_strcmp0 (key, self->checks_key) != 0)
    {
      GPtrArray *fresh = kpi_check_suite_run (self->checks, self->context, cancellable, &local_error);

      if (fresh == NULL)
        {
          g_mutex_unlock (&self->checks_lock);
          g_propagate_error (error, local_error);
          return NULL;
        }
      g_clear_pointer (&self->check_results, g_ptr_array_unref);
      self->check_results = fresh;
      g_free (self->checks_key);
      self->checks_key = g_steal_pointer (&key);
    }
  results = g_ptr_array_new_full (self->check_results->len, g_object_unref);
  for (guint i = 0; i < self->check_results->len; i++)
    g_ptr_array_add (results, g_object_ref (g_ptr_array_index (self->check_results, i)));
  g_mutex_unlock (&self->checks_lock);
  return results;
}
