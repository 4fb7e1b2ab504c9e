/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-definitions.c: one document holding the datasets, indicators,
 * benchmarks, checks and dashboards of a business */

#include "config.h"

#include <math.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "kpi.h"
#include "kpi-check-private.h"
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

typedef struct
{
  char       *name;
  KpiDataset *dataset;
  JsonNode   *spec;      /* how the document describes it, written back */
} DatasetEntry;

struct _KpiDefinitions
{
  GObject         parent_instance;

  GFile          *file;
  KpiCalendar    *calendar;
  JsonNode       *calendar_spec;   /* NULL: not declared */
  KpiContext     *context;
  KpiCatalog     *catalog;
  KpiCheckSuite  *checks;
  GPtrArray      *datasets;        /* of DatasetEntry */
  GPtrArray      *benchmarks;      /* of KpiBenchmark: the built-in, then the document's */
  GListStore     *dashboards;      /* of KpiDashboard */

  GMutex          checks_lock;     /* guards the two below */
  GPtrArray      *check_results;   /* of KpiCheckResult: the last run's */
  char           *checks_key;      /* what it read, as check_run_key() says */
};

G_DEFINE_FINAL_TYPE (KpiDefinitions, kpi_definitions, G_TYPE_OBJECT)

enum {
  SIGNAL_LOAD_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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

#define N_BUILTIN_BENCHMARKS 2

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
static void
setup (KpiDefinitions *self,
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
  setup (self, calendar);
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

static DatasetEntry *
find_dataset (KpiDefinitions *self,
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

static JsonNode *options_to_spec (const char     *name,
                                  const char     *path,
                                  KpiLoadOptions *options);

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

  if (find_dataset (self, name) != NULL)
    {
      g_set_error (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_DUPLICATE,
                   "two datasets named “%s”", name);
      return FALSE;
    }
  entry = g_new0 (DatasetEntry, 1);
  entry->name = g_strdup (name);
  entry->dataset = g_object_ref (dataset);
  if (path != NULL)
    entry->spec = options_to_spec (name, path, options);
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

  entry = find_dataset (self, name);
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

static KpiBenchmark *
find_benchmark (KpiDefinitions *self,
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
  if (find_benchmark (self, name) != NULL)
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

  b = find_benchmark (self, name);
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

static JsonNode *check_to_json (KpiCheck *check);

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
      g_autoptr(JsonNode) json = check_to_json (check);

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

/* ------------------------------------------------------------------ */
/* Reading                                                            */

static gboolean invalid (GError **error, const char *path, const char *format, ...) G_GNUC_PRINTF (3, 4);

static gboolean
invalid (GError     **error,
         const char  *path,
         const char  *format,
         ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_INVALID, "%s: %s", path, what);
  return FALSE;
}

/* Every member of @object is one of @allowed, or the error names the
 * first that is not and its near miss. */
static gboolean
known_members (JsonObject          *object,
               const char          *path,
               const char * const  *allowed,
               GError             **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        g_autofree char *shown = kpi_text_for_message (l->data, -1, KPI_MESSAGE_QUOTE_CHARS);
        g_autofree char *near = kpi_suggest_suffix (l->data, allowed, g_strv_length ((char **) allowed), "");

        return invalid (error, path, "unknown member “%s”%s", shown, near);
      }
  return TRUE;
}

/* The string member @key of @object: *@out NULL when absent (an error
 * when @required), or the string. */
static gboolean
member_string (JsonObject  *object,
               const char  *key,
               const char  *path,
               gboolean     required,
               const char **out,
               GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  *out = NULL;
  if (node == NULL)
    return required ? invalid (error, path, "the member “%s” is missing", key) : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      *json_node_get_string (node) == '\0')
    {
      g_autofree char *p = g_strdup_printf ("%s.%s", path, key);
      return invalid (error, p, "expected a non-empty string, found %s", kpi_json_kind (node));
    }
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
member_number (JsonObject  *object,
               const char  *key,
               const char  *path,
               double      *out,
               gboolean    *present,
               GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  *present = node != NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_INT64 &&
       json_node_get_value_type (node) != G_TYPE_DOUBLE))
    {
      g_autofree char *p = g_strdup_printf ("%s.%s", path, key);
      return invalid (error, p, "expected a number, found %s", kpi_json_kind (node));
    }
  *out = json_node_get_double (node);
  return TRUE;
}

/* A list of strings: *@out NULL when absent. */
static gboolean
member_strv (JsonObject  *object,
             const char  *key,
             const char  *path,
             char      ***out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autofree char *p = g_strdup_printf ("%s.%s", path, key);
  JsonArray *array;

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, p, "expected an array of strings, found %s", kpi_json_kind (node));
  array = json_node_get_array (node);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *e = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING ||
          *json_node_get_string (e) == '\0')
        {
          g_autofree char *q = g_strdup_printf ("%s[%u]", p, i);
          return invalid (error, q, "expected a non-empty string, found %s", kpi_json_kind (e));
        }
      g_strv_builder_add (builder, json_node_get_string (e));
    }
  *out = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
enum_member (JsonObject  *object,
             const char  *key,
             const char  *path,
             GType        type,
             int         *out,
             gboolean    *present,
             GError     **error)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  g_autoptr(GPtrArray) nicks = g_ptr_array_new ();
  const char *nick;
  GEnumValue *v;

  if (!member_string (object, key, path, FALSE, &nick, error))
    return FALSE;
  *present = nick != NULL;
  if (nick == NULL)
    return TRUE;
  if ((v = g_enum_get_value_by_nick (klass, nick)) != NULL)
    {
      *out = v->value;
      return TRUE;
    }
  for (guint i = 0; i < klass->n_values; i++)
    g_ptr_array_add (nicks, (gpointer) klass->values[i].value_nick);
  {
    g_autofree char *p = g_strdup_printf ("%s.%s", path, key);
    g_autofree char *shown = kpi_text_for_message (nick, -1, KPI_MESSAGE_QUOTE_CHARS);
    g_autofree char *near = kpi_suggest_suffix (nick, (const char * const *) nicks->pdata, nicks->len, "");

    return invalid (error, p, "unknown value “%s”%s", shown, near);
  }
}

static const char *
nick_of (GType type,
         int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *v = g_enum_get_value (klass, value);

  /* enum classes of the library are never unloaded: the nick stays */
  return v != NULL ? v->value_nick : NULL;
}

static gboolean
parse_calendar (JsonNode     *node,
                KpiCalendar **out,
                GError      **error)
{
  static const char * const allowed[] = { "time_zone", "fiscal_year_start_month", NULL };
  const char *path = "$.calendar";
  JsonObject *object;
  const char *zone_id;
  double month = 1;
  gboolean present;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, path, "expected an object, found %s", kpi_json_kind (node));
  object = json_node_get_object (node);
  if (!known_members (object, path, allowed, error) ||
      !member_string (object, "time_zone", path, FALSE, &zone_id, error) ||
      !member_number (object, "fiscal_year_start_month", path, &month, &present, error))
    return FALSE;
  if (zone_id == NULL)
    zone = g_time_zone_new_utc ();
  else if ((zone = g_time_zone_new_identifier (zone_id)) == NULL)
    return invalid (error, "$.calendar.time_zone",
                    "unknown time zone “%s” (expected an IANA name such as “Europe/Paris”)",
                    zone_id);
  if (month != floor (month) || month < 1 || month > 12)
    return invalid (error, "$.calendar.fiscal_year_start_month",
                    "expected a month from 1 to 12, found %g", month);
  *out = kpi_calendar_new (zone, (guint) month, &local_error);
  if (*out == NULL)
    return invalid (error, path, "%s", local_error->message);
  return TRUE;
}

/* The start of the period a label names, or its end (the instant after
 * it) when @end. */
static gboolean
period_bound (KpiCalendar  *calendar,
              JsonObject   *object,
              const char   *key,
              const char   *path,
              gboolean      end,
              gint64       *out,
              GError      **error)
{
  const char *label;
  g_autoptr(KpiPeriod) period = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!member_string (object, key, path, FALSE, &label, error))
    return FALSE;
  if (label == NULL)
    return TRUE;
  period = kpi_calendar_parse_period (calendar, label, &local_error);
  if (period == NULL)
    {
      g_autofree char *p = g_strdup_printf ("%s.%s", path, key);
      return invalid (error, p, "%s", local_error->message);
    }
  *out = end ? kpi_period_get_end (period) : kpi_period_get_start (period);
  return TRUE;
}

/* An instant: an ISO 8601 date and time with its offset, or a period
 * label, for the period's start. */
static gboolean
instant_member (KpiCalendar  *calendar,
                JsonObject   *object,
                const char   *key,
                const char   *path,
                gint64       *out,
                GError      **error)
{
  const char *text;
  g_autoptr(GDateTime) dt = NULL;

  if (!member_string (object, key, path, FALSE, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  dt = g_date_time_new_from_iso8601 (text, kpi_calendar_get_time_zone (calendar));
  if (dt != NULL)
    {
      *out = g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
      return TRUE;
    }
  return period_bound (calendar, object, key, path, FALSE, out, error);
}

typedef struct
{
  KpiDefinitions *emitter;
  const char     *name;
} Progress;

static void
on_load_progress (KpiDataset *dataset,
                  guint64     done,
                  guint64     total,
                  gpointer    user_data)
{
  Progress *progress = user_data;

  g_signal_emit (progress->emitter, signals[SIGNAL_LOAD_PROGRESS], 0, progress->name, done, total);
}

static gboolean
parse_dataset (KpiDefinitions  *self,
               KpiDefinitions  *emitter,
               JsonNode        *node,
               const char      *path,
               GFile           *base,
               GCancellable    *cancellable,
               GError         **error)
{
  static const char * const allowed[] = {
    "name", "description", "path", "sqlite", "table", "format", "time_column", "delimiter",
    "decimal_separator", "thousands_separator", "time_zone", "columns",
    "coverage", "data_as_of", "expected_lag_hours", NULL
  };
  JsonObject *object;
  const char *name, *file_path, *sqlite_path, *table, *s;
  g_autoptr(KpiLoadOptions) options = kpi_load_options_new ();
  g_autoptr(KpiDataset) dataset = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *member;
  double lag = 0;
  gboolean present;
  int format;
  DatasetEntry *entry;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, path, "expected an object, found %s", kpi_json_kind (node));
  object = json_node_get_object (node);
  if (!known_members (object, path, allowed, error) ||
      !member_string (object, "name", path, TRUE, &name, error) ||
      !member_string (object, "path", path, FALSE, &file_path, error) ||
      !member_string (object, "sqlite", path, FALSE, &sqlite_path, error) ||
      !member_string (object, "table", path, FALSE, &table, error))
    return FALSE;
  if ((file_path == NULL) == (sqlite_path == NULL))
    return invalid (error, path, "a dataset is read from a “path” (a CSV or JSON file) "
                    "or from the “table” of an “sqlite” database file: give one of them");
  if ((sqlite_path != NULL) != (table != NULL))
    return invalid (error, path, sqlite_path != NULL ? "an “sqlite” dataset needs the “table” to read"
                                                     : "“table” goes with an “sqlite” database file");
  if (find_dataset (self, name) != NULL)
    {
      g_autofree char *p = g_strdup_printf ("%s.name", path);
      g_set_error (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_DUPLICATE,
                   "%s: a second dataset named “%s”", p, name);
      return FALSE;
    }

  if (!enum_member (object, "format", path, KPI_TYPE_FILE_FORMAT, &format, &present, error))
    return FALSE;
  if (present)
    kpi_load_options_set_format (options, format);

#define OPTION(key, setter)                                                   \
  if (!member_string (object, key, path, FALSE, &s, error))                   \
    return FALSE;                                                             \
  if (s != NULL && !setter (options, s, &local_error))                        \
    {                                                                         \
      g_autofree char *p = g_strdup_printf ("%s.%s", path, key);              \
      return invalid (error, p, "%s", local_error->message);                  \
    }
  OPTION ("time_column", kpi_load_options_set_time_column)
  OPTION ("delimiter", kpi_load_options_set_delimiter)
  OPTION ("decimal_separator", kpi_load_options_set_decimal_separator)
  OPTION ("thousands_separator", kpi_load_options_set_thousands_separator)
#undef OPTION

  if (!member_string (object, "time_zone", path, FALSE, &s, error))
    return FALSE;
  if (s != NULL)
    {
      g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (s);

      if (zone == NULL)
        {
          g_autofree char *p = g_strdup_printf ("%s.time_zone", path);
          return invalid (error, p, "unknown time zone “%s”", s);
        }
      kpi_load_options_set_time_zone (options, zone);
    }

  if ((member = json_object_get_member (object, "columns")) != NULL)
    {
      g_autofree char *p = g_strdup_printf ("%s.columns", path);
      g_autoptr(GList) columns = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (member))
        return invalid (error, p, "expected an object such as {\"order_id\": \"dimension\"}, found %s",
                        kpi_json_kind (member));
      columns = json_object_get_members (json_node_get_object (member));
      for (GList *l = columns; l != NULL; l = l->next)
        {
          int kind;

          if (!enum_member (json_node_get_object (member), l->data, p,
                            KPI_TYPE_COLUMN_KIND, &kind, &present, error))
            return FALSE;
          kpi_load_options_set_column_kind (options, l->data, kind);
        }
    }

  if ((member = json_object_get_member (object, "coverage")) != NULL)
    {
      static const char * const bounds[] = { "from", "to", NULL };
      g_autofree char *p = g_strdup_printf ("%s.coverage", path);
      gint64 start = KPI_TIME_UNSET, end = KPI_TIME_UNSET;

      if (!JSON_NODE_HOLDS_OBJECT (member))
        return invalid (error, p, "expected an object such as {\"from\": \"2024-01\", \"to\": \"2025-12\"}");
      if (!known_members (json_node_get_object (member), p, bounds, error) ||
          !period_bound (self->calendar, json_node_get_object (member), "from", p, FALSE, &start, error) ||
          !period_bound (self->calendar, json_node_get_object (member), "to", p, TRUE, &end, error))
        return FALSE;
      if (!kpi_load_options_set_coverage (options, start, end, &local_error))
        return invalid (error, p, "%s", local_error->message);
    }

  {
    gint64 as_of = KPI_TIME_UNSET;

    if (!instant_member (self->calendar, object, "data_as_of", path, &as_of, error))
      return FALSE;
    if (as_of != KPI_TIME_UNSET)
      kpi_load_options_set_data_as_of (options, as_of);
  }

  if (!member_number (object, "expected_lag_hours", path, &lag, &present, error))
    return FALSE;
  if (present && (!isfinite (lag) || lag < 0 || lag > 24 * 366 * 10))
    {
      g_autofree char *p = g_strdup_printf ("%s.expected_lag_hours", path);
      return invalid (error, p, "expected a number of hours, 0 or more, found %g", lag);
    }

  if (file_path == NULL)
    file_path = sqlite_path;
  if (g_path_is_absolute (file_path) || base == NULL)
    file = g_file_new_for_path (file_path);
  else
    file = g_file_resolve_relative_path (base, file_path);

  dataset = kpi_dataset_new (kpi_load_options_get_time_column (options));
  {
    Progress progress = { emitter, name };
    gulong handler = g_signal_connect (dataset, "load-progress", G_CALLBACK (on_load_progress), &progress);
    g_autofree char *local = g_file_get_path (file);
    gboolean loaded;

    if (sqlite_path != NULL)
      loaded = kpi_dataset_load_sqlite_table (dataset, local, table, options, cancellable, &local_error);
    else
      loaded = kpi_dataset_load_file (dataset, file, options, cancellable, &local_error);

    g_signal_handler_disconnect (dataset, handler);
    if (loaded)
      g_clear_error (&local_error);
  }
  if (local_error != NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_set_error (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_DATA,
                   "%s (dataset “%s”): %s", path, name, local_error->message);
      return FALSE;
    }
  if (present)
    kpi_dataset_set_expected_lag (dataset, (GTimeSpan) llround (lag * G_TIME_SPAN_HOUR));

  entry = g_new0 (DatasetEntry, 1);
  entry->name = g_strdup (name);
  entry->dataset = g_steal_pointer (&dataset);
  entry->spec = json_node_copy (node);
  g_ptr_array_add (self->datasets, entry);
  kpi_context_add_dataset (self->context, name, entry->dataset);
  return TRUE;
}

/* The property a member names: `_` read as `-`. */
static GParamSpec *
find_pspec (GObjectClass *klass,
            const char   *member)
{
  g_autofree char *name = g_strdelimit (g_strdup (member), "_", '-');

  return g_object_class_find_property (klass, name);
}

/* Sets the properties of @object from the members of @json, but those of
 * @skip; an unknown member is an error with its near miss. */
static gboolean
properties_from_json (GObject             *object,
                      JsonObject          *json,
                      const char          *path,
                      const char * const  *skip,
                      KpiCalendar         *calendar,
                      GError             **error)
{
  GObjectClass *klass = G_OBJECT_GET_CLASS (object);
  g_autoptr(GList) members = json_object_get_members (json);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      GParamSpec *pspec;
      g_autofree char *p = NULL;
      g_auto(GValue) value = G_VALUE_INIT;
      g_autoptr(GError) local_error = NULL;

      if (g_strv_contains (skip, key))
        continue;
      pspec = find_pspec (klass, key);
      if (pspec == NULL || !(pspec->flags & G_PARAM_WRITABLE) ||
          (pspec->flags & G_PARAM_CONSTRUCT_ONLY) ||
          G_TYPE_IS_OBJECT (pspec->value_type))
        {
          g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
          g_autofree GParamSpec **all = NULL;
          g_autofree char *shown = kpi_text_for_message (key, -1, KPI_MESSAGE_QUOTE_CHARS);
          g_autofree char *near = NULL;
          guint n;

          all = g_object_class_list_properties (klass, &n);
          for (guint i = 0; i < n; i++)
            if ((all[i]->flags & G_PARAM_WRITABLE) && !(all[i]->flags & G_PARAM_CONSTRUCT_ONLY))
              g_ptr_array_add (names, g_strdelimit (g_strdup (all[i]->name), "-", '_'));
          for (guint i = 0; skip[i] != NULL; i++)
            g_ptr_array_add (names, g_strdup (skip[i]));
          near = kpi_suggest_suffix (key, (const char * const *) names->pdata, names->len, "");
          return invalid (error, path, "unknown member “%s”%s", shown, near);
        }
      p = g_strdup_printf ("%s.%s", path, key);
      g_value_init (&value, pspec->value_type);
      if (!kpi_check_value_from_json (pspec, json_object_get_member (json, key),
                                      calendar, &value, p, &local_error))
        {
          g_set_error_literal (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_INVALID,
                               local_error->message);
          return FALSE;
        }
      g_object_set_property (object, pspec->name, &value);
    }
  return TRUE;
}

static gboolean
parse_phasing (KpiBenchmark  *benchmark,
               JsonNode      *node,
               const char    *path,
               KpiCalendar   *calendar,
               GError       **error)
{
  static const char * const special[] = { "holidays", "profile", NULL };
  g_autoptr(KpiPhasing) phasing = kpi_phasing_new (KPI_PHASING_METHOD_EVEN);
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonNode *member;
  g_auto(GStrv) holidays = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, path, "expected an object, found %s", kpi_json_kind (node));
  object = json_node_get_object (node);
  if (!properties_from_json (G_OBJECT (phasing), object, path, special, calendar, error) ||
      !member_strv (object, "holidays", path, &holidays, error))
    return FALSE;
  if (holidays != NULL && !kpi_phasing_set_holidays (phasing, (const char * const *) holidays, &local_error))
    {
      g_autofree char *p = g_strdup_printf ("%s.holidays", path);
      return invalid (error, p, "%s", local_error->message);
    }
  if ((member = json_object_get_member (object, "profile")) != NULL)
    {
      g_autofree char *p = g_strdup_printf ("%s.profile", path);
      g_autoptr(GArray) weights = g_array_new (FALSE, FALSE, sizeof (double));
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (member))
        return invalid (error, p, "expected an array of 12 numbers, found %s", kpi_json_kind (member));
      array = json_node_get_array (member);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *e = json_array_get_element (array, i);
          double w;

          if (!JSON_NODE_HOLDS_VALUE (e) ||
              (json_node_get_value_type (e) != G_TYPE_INT64 && json_node_get_value_type (e) != G_TYPE_DOUBLE))
            {
              g_autofree char *q = g_strdup_printf ("%s[%u]", p, i);
              return invalid (error, q, "expected a number, found %s", kpi_json_kind (e));
            }
          w = json_node_get_double (e);
          g_array_append_val (weights, w);
        }
      if (!kpi_phasing_set_profile (phasing, (const double *) weights->data, weights->len, &local_error))
        return invalid (error, p, "%s", local_error->message);
    }
  kpi_benchmark_set_phasing (benchmark, phasing);
  return TRUE;
}

static gboolean
parse_benchmark (KpiDefinitions  *self,
                 JsonNode        *node,
                 const char      *path,
                 GError         **error)
{
  static const char * const allowed[] = {
    "name", "kind", "source_name", "version", "value", "table", "formula",
    "source_granularity", "forecast", "milestones", "phasing", NULL
  };
  JsonObject *object;
  const char *name, *table_name, *formula, *s;
  int kind = KPI_BENCHMARK_KIND_TARGET, granularity;
  gboolean present, has_value;
  double value = 0;
  g_autoptr(KpiBenchmark) benchmark = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *member;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, path, "expected an object, found %s", kpi_json_kind (node));
  object = json_node_get_object (node);
  if (!known_members (object, path, allowed, error) ||
      !member_string (object, "name", path, TRUE, &name, error) ||
      !enum_member (object, "kind", path, KPI_TYPE_BENCHMARK_KIND, &kind, &present, error) ||
      !member_number (object, "value", path, &value, &has_value, error) ||
      !member_string (object, "table", path, FALSE, &table_name, error) ||
      !member_string (object, "formula", path, FALSE, &formula, error))
    return FALSE;
  if (!present)
    return invalid (error, path, "the member “kind” is missing (target, budget, forecast, "
                    "previous-period, last-year, peer or plan)");
  if (find_benchmark (self, name) != NULL)
    {
      g_set_error (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_DUPLICATE,
                   "%s.name: a second benchmark named “%s”", path, name);
      return FALSE;
    }

  if (has_value)
    benchmark = kpi_constant_benchmark_new (kind, value, &local_error);
  else if (table_name != NULL)
    {
      DatasetEntry *table = find_dataset (self, table_name);

      if (table == NULL)
        {
          g_auto(GStrv) names = kpi_definitions_list_dataset_names (self);
          g_autofree char *near = kpi_suggest_suffix (table_name, (const char * const *) names,
                                                      g_strv_length (names), "");

          return invalid (error, path, "“table”: unknown dataset “%s”%s", table_name, near);
        }
      if (formula == NULL)
        return invalid (error, path, "a benchmark read from a table needs a “formula”");
      benchmark = kpi_table_benchmark_new (kind, table->dataset, formula, &local_error);
      if (benchmark != NULL &&
          !enum_member (object, "source_granularity", path, KPI_TYPE_GRANULARITY, &granularity, &present, error))
        return FALSE;
      if (benchmark != NULL && present)
        kpi_table_benchmark_set_source_granularity (KPI_TABLE_BENCHMARK (benchmark), granularity);
    }
  else if ((member = json_object_get_member (object, "forecast")) != NULL)
    {
      static const char * const none[] = { NULL };
      g_autoptr(KpiForecaster) forecaster = kpi_forecaster_new ();
      g_autofree char *p = g_strdup_printf ("%s.forecast", path);

      if (!JSON_NODE_HOLDS_OBJECT (member))
        return invalid (error, p, "expected an object, found %s", kpi_json_kind (member));
      if (!properties_from_json (G_OBJECT (forecaster), json_node_get_object (member), p, none,
                                 self->calendar, error))
        return FALSE;
      benchmark = kpi_forecast_benchmark_new (forecaster);
    }
  else if ((member = json_object_get_member (object, "milestones")) != NULL)
    {
      g_autofree char *p = g_strdup_printf ("%s.milestones", path);
      g_autoptr(KpiPlan) plan = kpi_plan_new (name);
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (member))
        return invalid (error, p, "expected an array of {\"date\": …, \"percent\": …}, found %s",
                        kpi_json_kind (member));
      array = json_node_get_array (member);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          static const char * const keys[] = { "date", "percent", NULL };
          JsonNode *e = json_array_get_element (array, i);
          g_autofree char *q = g_strdup_printf ("%s[%u]", p, i);
          gint64 date = KPI_TIME_UNSET;
          double percent = 0;

          if (!JSON_NODE_HOLDS_OBJECT (e))
            return invalid (error, q, "expected an object, found %s", kpi_json_kind (e));
          if (!known_members (json_node_get_object (e), q, keys, error) ||
              !period_bound (self->calendar, json_node_get_object (e), "date", q, FALSE, &date, error) ||
              !member_number (json_node_get_object (e), "percent", q, &percent, &present, error))
            return FALSE;
          if (date == KPI_TIME_UNSET || !present)
            return invalid (error, q, "a milestone needs a “date” and a “percent”");
          if (!kpi_plan_add_milestone (plan, date, percent, &local_error))
            return invalid (error, q, "%s", local_error->message);
        }
      benchmark = kpi_plan_benchmark_new (plan);
    }
  else if (kind == KPI_BENCHMARK_KIND_PREVIOUS_PERIOD || kind == KPI_BENCHMARK_KIND_LAST_YEAR)
    benchmark = kpi_offset_benchmark_new (kind, &local_error);
  else
    return invalid (error, path, "a %s benchmark needs a “value”, a “table” and its "
                    "“formula”, a “forecast” or “milestones”", nick_of (KPI_TYPE_BENCHMARK_KIND, kind));
  if (benchmark == NULL)
    return invalid (error, path, "%s", local_error->message);
  if (kpi_benchmark_get_kind (benchmark) != (KpiBenchmarkKind) kind)
    return invalid (error, path, "a benchmark of this form is a %s, not a %s",
                    nick_of (KPI_TYPE_BENCHMARK_KIND, kpi_benchmark_get_kind (benchmark)),
                    nick_of (KPI_TYPE_BENCHMARK_KIND, kind));

  kpi_benchmark_set_name (benchmark, name);
  if (!member_string (object, "source_name", path, FALSE, &s, error))
    return FALSE;
  if (s != NULL)
    kpi_benchmark_set_source_name (benchmark, s);
  if (!member_string (object, "version", path, FALSE, &s, error))
    return FALSE;
  if (s != NULL)
    kpi_benchmark_set_version (benchmark, s);
  if ((member = json_object_get_member (object, "phasing")) != NULL)
    {
      g_autofree char *p = g_strdup_printf ("%s.phasing", path);
      if (!parse_phasing (benchmark, member, p, self->calendar, error))
        return FALSE;
    }
  g_ptr_array_add (self->benchmarks, g_steal_pointer (&benchmark));
  return TRUE;
}

static gboolean
known_benchmark (KpiDefinitions  *self,
                 const char      *name,
                 const char      *path,
                 GError         **error)
{
  g_auto(GStrv) names = NULL;
  g_autofree char *near = NULL;

  if (name == NULL || find_benchmark (self, name) != NULL)
    return TRUE;
  names = kpi_definitions_list_benchmark_names (self);
  near = kpi_suggest_suffix (name, (const char * const *) names, g_strv_length (names), "");
  return invalid (error, path, "unknown benchmark “%s”%s", name, near);
}

static gboolean
parse_item (KpiDefinitions  *self,
            KpiDashboard    *dashboard,
            JsonNode        *node,
            const char      *path,
            GError         **error)
{
  static const char * const allowed[] = {
    "indicator", "perspective", "weight", "target", "budget", "comparisons",
    "breakdowns", "tolerance", NULL
  };
  g_autoptr(KpiDashboardItem) item = NULL;
  g_autoptr(KpiIndicator) indicator = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object = NULL;
  const char *id, *s;
  g_auto(GStrv) list = NULL;
  double weight;
  gboolean present;
  JsonNode *member;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    id = json_node_get_string (node);
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      object = json_node_get_object (node);
      if (!known_members (object, path, allowed, error) ||
          !member_string (object, "indicator", path, TRUE, &id, error))
        return FALSE;
    }
  else
    return invalid (error, path, "expected an indicator id or an object, found %s", kpi_json_kind (node));

  indicator = kpi_catalog_dup_indicator (self->catalog, id);
  if (indicator == NULL)
    {
      g_auto(GStrv) ids = kpi_catalog_list_ids (self->catalog);
      g_autofree char *shown = kpi_text_for_message (id, -1, KPI_MESSAGE_QUOTE_CHARS);
      g_autofree char *near = kpi_suggest_suffix (id, (const char * const *) ids, g_strv_length (ids), "");

      return invalid (error, path, "unknown indicator “%s”%s", shown, near);
    }
  item = kpi_dashboard_item_new (id);

  if (object != NULL)
    {
      g_autofree char *p = NULL;

      if (!member_string (object, "perspective", path, FALSE, &s, error))
        return FALSE;
      kpi_dashboard_item_set_perspective (item, s);
      if (!member_number (object, "weight", path, &weight, &present, error))
        return FALSE;
      if (present && !kpi_dashboard_item_set_weight (item, weight, &local_error))
        {
          p = g_strdup_printf ("%s.weight", path);
          return invalid (error, p, "expected a finite number, 0 or more, found %g", weight);
        }
      if (!member_string (object, "target", path, FALSE, &s, error))
        return FALSE;
      g_clear_pointer (&p, g_free);
      p = g_strdup_printf ("%s.target", path);
      if (!known_benchmark (self, s, p, error))
        return FALSE;
      kpi_dashboard_item_set_target (item, s);
      if (!member_string (object, "budget", path, FALSE, &s, error))
        return FALSE;
      g_clear_pointer (&p, g_free);
      p = g_strdup_printf ("%s.budget", path);
      if (!known_benchmark (self, s, p, error))
        return FALSE;
      kpi_dashboard_item_set_budget (item, s);
      if (!member_strv (object, "comparisons", path, &list, error))
        return FALSE;
      if (list != NULL)
        {
          for (guint i = 0; list[i] != NULL; i++)
            {
              g_clear_pointer (&p, g_free);
              p = g_strdup_printf ("%s.comparisons[%u]", path, i);
              if (!known_benchmark (self, list[i], p, error))
                return FALSE;
            }
          kpi_dashboard_item_set_comparisons (item, (const char * const *) list);
        }
      g_clear_pointer (&list, g_strfreev);
      if (!member_strv (object, "breakdowns", path, &list, error))
        return FALSE;
      if (list != NULL)
        kpi_dashboard_item_set_breakdowns (item, (const char * const *) list);
      if ((member = json_object_get_member (object, "tolerance")) != NULL)
        {
          static const char * const edges[] = { "on_track", "at_risk", NULL };
          g_autoptr(KpiComparisonPolicy) policy =
            kpi_comparison_policy_copy (kpi_indicator_get_policy (indicator));
          double on_track = kpi_comparison_policy_get_on_track_threshold (policy);
          double at_risk = kpi_comparison_policy_get_at_risk_threshold (policy);
          gboolean has_on, has_at;

          g_clear_pointer (&p, g_free);
          p = g_strdup_printf ("%s.tolerance", path);
          if (!JSON_NODE_HOLDS_OBJECT (member))
            return invalid (error, p, "expected an object such as {\"on_track\": 1.0, \"at_risk\": 0.9}");
          if (!known_members (json_node_get_object (member), p, edges, error) ||
              !member_number (json_node_get_object (member), "on_track", p, &on_track, &has_on, error) ||
              !member_number (json_node_get_object (member), "at_risk", p, &at_risk, &has_at, error))
            return FALSE;
          if (!kpi_comparison_policy_set_thresholds (policy, on_track, at_risk, &local_error))
            return invalid (error, p, "%s", local_error->message);
          kpi_dashboard_item_set_policy (item, policy);
        }
    }
  if (!kpi_dashboard_add_item (dashboard, item, &local_error))
    return invalid (error, path, "%s", local_error->message);
  return TRUE;
}

static gboolean
parse_watch (KpiDefinitions  *self,
             KpiDashboard    *dashboard,
             JsonNode        *node,
             const char      *path,
             GError         **error)
{
  static const char * const skip[] = { "id", "kind", NULL };
  g_autoptr(KpiWatch) watch = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  const char *id;
  const char *kind;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, path, "expected an object, found %s", kpi_json_kind (node));
  object = json_node_get_object (node);
  if (!member_string (object, "id", path, TRUE, &id, error) ||
      !member_string (object, "kind", path, FALSE, &kind, error))
    return FALSE;
  if (kind == NULL)
    return invalid (error, path, "the member “kind” is missing (threshold, stagnation or lapsing-accounts)");
  /* a kind of the library's, or an application's registered subclass */
  watch = kpi_watch_new_for_type (kind, id, &local_error);
  if (watch == NULL)
    {
      g_autofree char *p = g_strdup_printf ("%s.kind", path);
      return invalid (error, p, "%s", local_error->message);
    }
  if (!properties_from_json (G_OBJECT (watch), object, path, skip, self->calendar, error))
    return FALSE;
  if (KPI_IS_INDICATOR_WATCH (watch) &&
      kpi_indicator_watch_get_indicator (KPI_INDICATOR_WATCH (watch)) != NULL &&
      !kpi_catalog_lookup (self->catalog, kpi_indicator_watch_get_indicator (KPI_INDICATOR_WATCH (watch))))
    {
      const char *indicator = kpi_indicator_watch_get_indicator (KPI_INDICATOR_WATCH (watch));
      g_auto(GStrv) ids = kpi_catalog_list_ids (self->catalog);
      g_autofree char *p = g_strdup_printf ("%s.indicator", path);
      g_autofree char *near = kpi_suggest_suffix (indicator, (const char * const *) ids,
                                                  g_strv_length (ids), "");

      return invalid (error, p, "unknown indicator “%s”%s", indicator, near);
    }
  if (!kpi_dashboard_add_watch (dashboard, watch, &local_error))
    return invalid (error, path, "%s", local_error->message);
  return TRUE;
}

/* A dashboard's conversion funnel: the dataset resolved by name, the
 * columns and stages checked by the funnel's own constructor. */
static gboolean
parse_funnel (KpiDefinitions  *self,
              KpiDashboard    *dashboard,
              JsonNode        *node,
              const char      *path,
              GError         **error)
{
  static const char * const allowed[] = {
    "dataset", "entity", "stage", "stages", "basis", NULL
  };
  g_autoptr(KpiFunnel) funnel = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) stages = NULL;
  JsonObject *object;
  const char *name, *entity, *stage;
  int basis = KPI_FUNNEL_BASIS_COHORT;
  gboolean present;
  DatasetEntry *entry;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, path, "expected an object such as {\"dataset\": \"opportunities\", "
                    "\"entity\": \"opportunity\", \"stage\": \"stage\", \"stages\": [\"lead\", \"won\"]}, "
                    "found %s", kpi_json_kind (node));
  object = json_node_get_object (node);
  if (!known_members (object, path, allowed, error) ||
      !member_string (object, "dataset", path, TRUE, &name, error) ||
      !member_string (object, "entity", path, TRUE, &entity, error) ||
      !member_string (object, "stage", path, TRUE, &stage, error) ||
      !member_strv (object, "stages", path, &stages, error) ||
      !enum_member (object, "basis", path, KPI_TYPE_FUNNEL_BASIS, &basis, &present, error))
    return FALSE;
  if (stages == NULL)
    return invalid (error, path, "the member “stages” is missing (the stages in order, "
                    "such as [\"lead\", \"qualified\", \"won\"])");
  entry = find_dataset (self, name);
  if (entry == NULL)
    {
      g_auto(GStrv) names = kpi_definitions_list_dataset_names (self);
      g_autofree char *p = g_strdup_printf ("%s.dataset", path);
      g_autofree char *shown = kpi_text_for_message (name, -1, KPI_MESSAGE_QUOTE_CHARS);
      g_autofree char *near = kpi_suggest_suffix (name, (const char * const *) names,
                                                  g_strv_length (names), "");

      return invalid (error, p, "unknown dataset “%s”%s", shown, near);
    }
  funnel = kpi_funnel_new (entry->dataset, entity, stage, (const char * const *) stages,
                           g_strv_length (stages), &local_error);
  if (funnel == NULL)
    return invalid (error, path, "%s", local_error->message);
  kpi_dashboard_set_funnel (dashboard, funnel);
  kpi_dashboard_set_funnel_basis (dashboard, basis);
  return TRUE;
}

static gboolean
parse_dashboard (KpiDefinitions  *self,
                 JsonNode        *node,
                 const char      *path,
                 GError         **error)
{
  static const char * const allowed[] = {
    "id", "type", "title", "owner", "role", "perspectives", "breakdowns",
    "history", "project", "indicators", "funnel", "watches", NULL
  };
  g_autoptr(KpiDashboard) dashboard = NULL;
  JsonObject *object;
  JsonNode *member;
  const char *id, *s;
  int type = KPI_DASHBOARD_TYPE_STRATEGIC;
  gboolean present;
  double history;
  g_auto(GStrv) list = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, path, "expected an object, found %s", kpi_json_kind (node));
  object = json_node_get_object (node);
  if (!known_members (object, path, allowed, error) ||
      !member_string (object, "id", path, TRUE, &id, error) ||
      !enum_member (object, "type", path, KPI_TYPE_DASHBOARD_TYPE, &type, &present, error))
    return FALSE;
  if (!present)
    return invalid (error, path, "the member “type” is missing (strategic, budget or operational)");
  {
    g_autoptr(KpiDashboard) other = kpi_definitions_lookup_dashboard (self, id);
    if (other != NULL)
      {
        g_set_error (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_DUPLICATE,
                     "%s.id: a second dashboard with the id “%s”", path, id);
        return FALSE;
      }
  }
  dashboard = kpi_dashboard_new (id, type);

#define STRING(key, setter)                                   \
  if (!member_string (object, key, path, FALSE, &s, error))   \
    return FALSE;                                             \
  if (s != NULL)                                              \
    setter (dashboard, s);
  STRING ("title", kpi_dashboard_set_title)
  STRING ("owner", kpi_dashboard_set_owner)
  STRING ("role", kpi_dashboard_set_role)
  STRING ("project", kpi_dashboard_set_project)
#undef STRING

  if (!member_strv (object, "perspectives", path, &list, error))
    return FALSE;
  if (list != NULL)
    kpi_dashboard_set_perspectives (dashboard, (const char * const *) list);
  g_clear_pointer (&list, g_strfreev);
  if (!member_strv (object, "breakdowns", path, &list, error))
    return FALSE;
  if (list != NULL)
    kpi_dashboard_set_breakdowns (dashboard, (const char * const *) list);
  if (!member_number (object, "history", path, &history, &present, error))
    return FALSE;
  if (present)
    {
      if (history != floor (history) || history < 2 || history > 1000)
        {
          g_autofree char *p = g_strdup_printf ("%s.history", path);
          return invalid (error, p, "expected a whole number of periods from 2 to 1000, found %g", history);
        }
      kpi_dashboard_set_history (dashboard, (guint) history);
    }

  if ((member = json_object_get_member (object, "indicators")) != NULL)
    {
      g_autofree char *p = g_strdup_printf ("%s.indicators", path);
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (member))
        return invalid (error, p, "expected an array, found %s", kpi_json_kind (member));
      array = json_node_get_array (member);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *q = g_strdup_printf ("%s[%u]", p, i);
          if (!parse_item (self, dashboard, json_array_get_element (array, i), q, error))
            return FALSE;
        }
    }
  if ((member = json_object_get_member (object, "funnel")) != NULL)
    {
      g_autofree char *p = g_strdup_printf ("%s.funnel", path);

      if (!parse_funnel (self, dashboard, member, p, error))
        return FALSE;
    }
  if ((member = json_object_get_member (object, "watches")) != NULL)
    {
      g_autofree char *p = g_strdup_printf ("%s.watches", path);
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (member))
        return invalid (error, p, "expected an array, found %s", kpi_json_kind (member));
      array = json_node_get_array (member);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *q = g_strdup_printf ("%s[%u]", p, i);
          if (!parse_watch (self, dashboard, json_array_get_element (array, i), q, error))
            return FALSE;
        }
    }
  g_list_store_append (self->dashboards, dashboard);
  return TRUE;
}

/* Calls @parse on each element of the array @key of @root. */
static gboolean
parse_list (KpiDefinitions  *self,
            JsonObject      *root,
            const char      *key,
            gboolean       (*parse) (KpiDefinitions *, JsonNode *, const char *, GError **),
            GError         **error)
{
  JsonNode *member = json_object_get_member (root, key);
  g_autofree char *path = g_strdup_printf ("$.%s", key);
  JsonArray *array;

  if (member == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (member))
    return invalid (error, path, "expected an array, found %s", kpi_json_kind (member));
  array = json_node_get_array (member);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *p = g_strdup_printf ("%s[%u]", path, i);
      if (!parse (self, json_array_get_element (array, i), p, error))
        return FALSE;
    }
  return TRUE;
}

/* Takes the contents of @from: what a successful load does. */
static void
take_contents (KpiDefinitions *self,
               KpiDefinitions *from)
{
#define SWAP(field) G_STMT_START { gpointer t = self->field; self->field = from->field; from->field = t; } G_STMT_END
  SWAP (calendar);
  SWAP (calendar_spec);
  SWAP (context);
  SWAP (catalog);
  SWAP (checks);
  SWAP (datasets);
  SWAP (benchmarks);
  SWAP (dashboards);
#undef SWAP
  g_mutex_lock (&self->checks_lock);
  g_clear_pointer (&self->check_results, g_ptr_array_unref);
  g_clear_pointer (&self->checks_key, g_free);
  g_mutex_unlock (&self->checks_lock);
}

static gboolean
load (KpiDefinitions  *self,
      const char      *data,
      gssize           length,
      GFile           *base,
      GCancellable    *cancellable,
      GError         **error)
{
  static const char * const allowed[] = {
    "version", "calendar", "datasets", "indicators", "benchmarks", "checks",
    "dashboards", NULL
  };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(KpiDefinitions) next = NULL;
  g_autoptr(KpiCalendar) calendar = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;
  JsonNode *member;
  double version = KPI_DEFINITIONS_VERSION;
  gboolean present;
  gsize size = length < 0 ? strlen (data) : (gsize) length;

  if (!json_parser_load_from_data (parser, data, size, &local_error))
    {
      guint64 line, column;
      g_autofree char *what = kpi_json_parse_error_split (local_error, &line, &column);

      if (line > 0)
        g_set_error (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_INVALID,
                     "%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT ": not a JSON document: %s",
                     line, column, what);
      else
        g_set_error (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_INVALID,
                     "not a JSON document: %s", what);
      return FALSE;
    }
  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return invalid (error, "$", "expected an object with “datasets”, “indicators”, "
                    "“benchmarks”, “checks” and “dashboards”");
  root = json_node_get_object (json_parser_get_root (parser));
  if (!known_members (root, "$", allowed, error) ||
      !member_number (root, "version", "$", &version, &present, error))
    return FALSE;
  if (version != floor (version) || version < 1)
    return invalid (error, "$.version", "expected a whole number from 1, found %g", version);
  if (version > KPI_DEFINITIONS_VERSION)
    {
      g_set_error (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_VERSION,
                   "$.version: the document is of version %g; this library reads up to %d",
                   version, KPI_DEFINITIONS_VERSION);
      return FALSE;
    }

  next = g_object_new (KPI_TYPE_DEFINITIONS, NULL);
  if ((member = json_object_get_member (root, "calendar")) != NULL)
    {
      if (!parse_calendar (member, &calendar, error))
        return FALSE;
      next->calendar_spec = json_node_copy (member);
    }
  setup (next, calendar != NULL ? calendar : self->calendar);

  /* datasets take a base and a cancellable: their own loop */
  if ((member = json_object_get_member (root, "datasets")) != NULL)
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (member))
        return invalid (error, "$.datasets", "expected an array, found %s", kpi_json_kind (member));
      array = json_node_get_array (member);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *p = g_strdup_printf ("$.datasets[%u]", i);
          if (!parse_dataset (next, self, json_array_get_element (array, i), p, base, cancellable, error))
            return FALSE;
        }
    }
  if (json_object_has_member (root, "indicators") &&
      !kpi_catalog_load_data (next->catalog, data, size, &local_error))
    {
      g_set_error_literal (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_INVALID,
                           local_error->message);
      return FALSE;
    }
  if (json_object_has_member (root, "checks") &&
      !kpi_check_suite_load_data (next->checks, data, size, next->calendar, &local_error))
    {
      g_set_error_literal (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_INVALID,
                           local_error->message);
      return FALSE;
    }
  if (!parse_list (next, root, "benchmarks", parse_benchmark, error) ||
      !parse_list (next, root, "dashboards", parse_dashboard, error))
    return FALSE;

  take_contents (self, next);
  return TRUE;
}

/**
 * kpi_definitions_load_data:
 * @self: definitions
 * @data: (array length=length) (element-type guint8): a definitions
 *   document, JSON
 * @length: its length in bytes, or -1 when it ends with a NUL
 * @base: (nullable): the directory dataset paths are relative to, or
 *   %NULL for the current directory
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Replaces the contents of the definitions with a document's, loading its
 * datasets. The document loads whole or not at all: on an error
 * (%KPI_DEFINITIONS_ERROR_INVALID with the JSON path,
 * %KPI_DEFINITIONS_ERROR_DATA naming the dataset and its file's own error,
 * %KPI_DEFINITIONS_ERROR_VERSION, %KPI_DEFINITIONS_ERROR_DUPLICATE, or
 * %G_IO_ERROR_CANCELLED) the definitions are as they were.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_definitions_load_data (KpiDefinitions  *self,
                           const char      *data,
                           gssize           length,
                           GFile           *base,
                           GCancellable    *cancellable,
                           GError         **error)
{
  g_return_val_if_fail (KPI_IS_DEFINITIONS (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (base == NULL || G_IS_FILE (base), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return load (self, data, length, base, cancellable, error);
}

/**
 * kpi_definitions_load_file:
 * @self: definitions
 * @file: a definitions document
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Replaces the contents of the definitions with those of a file, as
 * [method@Kpi.Definitions.load_data] does, dataset paths relative to the
 * file's directory. Errors start with the file's name.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_definitions_load_file (KpiDefinitions  *self,
                           GFile           *file,
                           GCancellable    *cancellable,
                           GError         **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GFile) base = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  g_return_val_if_fail (KPI_IS_DEFINITIONS (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = g_file_get_parse_name (file);
  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code, "%s", local_error->message);
      return FALSE;
    }
  base = g_file_get_parent (file);
  if (!load (self, contents, length, base, cancellable, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code, "%s: %s", name, local_error->message);
      return FALSE;
    }
  g_set_object (&self->file, file);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Writing                                                            */

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
        json_object_set_string_member (out, key, nick_of (t, g_value_get_enum (&value)));
      else if (t == G_TYPE_STRV)
        json_object_set_array_member (out, key, strv_array (g_value_get_boxed (&value)));
      else if (t == KPI_TYPE_PERIOD)
        json_object_set_string_member (out, key, kpi_period_get_label (g_value_get_boxed (&value)));
    }
}

static JsonNode *
options_to_spec (const char     *name,
                 const char     *path,
                 KpiLoadOptions *options)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "name", name);
  json_object_set_string_member (object, "path", path);
  if (options != NULL)
    {
      static const char * const skip[] = { "coverage-start", "coverage-end", "data-as-of", "source-name", NULL };

      properties_to_json (G_OBJECT (options), object, skip, NULL);
      if (kpi_load_options_get_time_zone (options) != NULL)
        json_object_set_string_member (object, "time_zone",
                                       g_time_zone_get_identifier (kpi_load_options_get_time_zone (options)));
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
                                 nick_of (KPI_TYPE_DIRECTION, kpi_comparison_policy_get_direction (policy)));
  json_object_set_string_member (o, "kind", nick_of (KPI_TYPE_INDICATOR_KIND, kpi_indicator_get_kind (indicator)));
  json_object_set_string_member (o, "granularity",
                                 nick_of (KPI_TYPE_GRANULARITY, kpi_indicator_get_granularity (indicator)));
  if (kpi_indicator_get_decimals (indicator) != kpi_indicator_get_decimals (defaults))
    json_object_set_int_member (o, "decimals", kpi_indicator_get_decimals (indicator));
  if (scale == KPI_RATE_SCALE_FRACTION)
    json_object_set_boolean_member (o, "rate", TRUE);
  else if (scale != kpi_comparison_policy_get_rate_scale (def))
    json_object_set_string_member (o, "rate_scale", nick_of (KPI_TYPE_RATE_SCALE, scale));
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

static JsonNode *
check_to_json (KpiCheck *check)
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
  json_object_set_string_member (o, "kind", nick_of (KPI_TYPE_BENCHMARK_KIND, kpi_benchmark_get_kind (benchmark)));
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
                                       nick_of (KPI_TYPE_GRANULARITY, kpi_table_benchmark_get_source_granularity (t)));
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
  json_object_set_string_member (o, "type", nick_of (KPI_TYPE_DASHBOARD_TYPE,
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
            json_object_set_string_member (f, "basis", nick_of (KPI_TYPE_FUNNEL_BASIS,
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

  for (guint i = N_BUILTIN_BENCHMARKS; i < self->benchmarks->len; i++)
    json_array_add_element (benchmarks, benchmark_to_json (self, g_ptr_array_index (self->benchmarks, i)));
  json_object_set_array_member (o, "benchmarks", benchmarks);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->checks));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KpiCheck) check = g_list_model_get_item (G_LIST_MODEL (self->checks), i);
      json_array_add_element (checks, check_to_json (check));
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
