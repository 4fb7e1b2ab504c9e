/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of evaluation from several threads: N threads × M evaluations
 * (series, breakdowns, references between indicators, comparisons with
 * benchmarks) over one shared dataset, each result equal to the one a
 * single thread computes. Every round starts from a dataset just loaded,
 * so that the threads race to build its caches; one round has a thread
 * appending rows while the others evaluate. Meant for the sanitizer build
 * (ThreadSanitizer is not used: GLib's own locks are not instrumented),
 * where a race on a cache shows as a use after free or a wrong result. */

#include <math.h>
#include <check.h>
#include "kpi-test.h"
#include <libkpi/kpi.h>

#define N_THREADS 4

static const char *const channels[] = { "online", "store", "phone", "partner", "marketplace" };
static const char *const regions[] = { "north", "south", "east", "west" };

/* Orders from 2024-01-01 to 2025-12-31, in no particular order, the same
 * every run: time, customer, channel, region (sometimes missing), amount,
 * cost. */
static GBytes *
make_orders (guint n_rows)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261204);
  GString *csv = g_string_new ("date,customer,channel,region,amount,cost\n");
  const gint64 start = G_GINT64_CONSTANT (1704067200);  /* 2024-01-01 UTC */
  const gint64 span = 731 * 24 * 3600;                  /* 2024 and 2025 */

  for (guint i = 0; i < n_rows; i++)
    {
      gint64 t = start + g_rand_int_range (rand, 0, (gint32) span);
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);
      g_autofree char *iso = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
      double amount = g_rand_int_range (rand, 100, 50000) / 100.0;

      g_string_append_printf (csv, "%s,C%u,%s,%s,%.2f,%.2f\n", iso,
                              g_rand_int_range (rand, 0, (gint32) MAX (n_rows / 8, 10)),
                              channels[g_rand_int_range (rand, 0, G_N_ELEMENTS (channels))],
                              g_rand_int_range (rand, 0, 10) == 0
                                ? "" : regions[g_rand_int_range (rand, 0, G_N_ELEMENTS (regions))],
                              amount, amount * g_rand_double_range (rand, 0.3, 0.9));
    }
  return g_string_free_to_bytes (csv);
}

static KpiDataset *
load_orders (GBytes *csv)
{
  KpiDataset *dataset = kpi_dataset_new (NULL);
  GError *error = NULL;
  gsize length;
  const guint8 *data = g_bytes_get_data (csv, &length);

  if (!kpi_dataset_load_data (dataset, data, length, NULL, &error))
    ck_abort_msg ("the orders do not load: %s", error->message);
  return dataset;
}

/* Everything the evaluations share: one calendar, one context, the
 * indicators (definitions shared between threads too) and benchmarks. */
typedef struct {
  KpiCalendar  *calendar;
  KpiContext   *context;
  KpiDataset   *dataset;
  GPtrArray    *indicators;     /* KpiIndicator*, by the ids below */
  KpiBenchmark *previous;
  KpiBenchmark *last_year;
  KpiPeriod    *first_month;    /* 2024-01 */
  KpiPeriod    *last_month;     /* 2025-12 */
  KpiPeriod    *quarter;        /* 2025-Q2 */
  KpiPeriod    *year;           /* 2025 */
} World;

static const struct {
  const char *id;
  const char *formula;
} definitions[] = {
  { "revenue", "sum(amount)" },
  { "orders", "count()" },
  { "customers", "count_distinct(customer)" },
  { "margin", "(sum(amount) - sum(cost)) / sum(amount)" },
  { "median_basket", "median(amount)" },
  { "basket", "@revenue / @orders" },
  { "online_share", "sum(amount where channel = \"online\") / @revenue" },
  { "big_orders", "count(where amount >= 400 and region in (\"north\", \"east\"))" },
};

static void
world_init (World   *w,
            GBytes  *csv)
{
  GError *error = NULL;

  w->calendar = kpi_test_calendar_at ("2027-01-01T00:00:00Z", 1);
  w->context = kpi_context_new (w->calendar);
  w->dataset = load_orders (csv);
  kpi_context_add_dataset (w->context, "orders", w->dataset);
  w->indicators = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < G_N_ELEMENTS (definitions); i++)
    {
      KpiIndicator *indicator = kpi_indicator_new (definitions[i].id, definitions[i].formula, &error);

      ck_assert_ptr_null (error);
      kpi_indicator_set_dataset_name (indicator, "orders");
      kpi_context_add_indicator (w->context, indicator);
      g_ptr_array_add (w->indicators, indicator);
    }
  w->previous = kpi_offset_benchmark_new (KPI_BENCHMARK_KIND_PREVIOUS_PERIOD, &error);
  ck_assert_ptr_null (error);
  w->last_year = kpi_offset_benchmark_new (KPI_BENCHMARK_KIND_LAST_YEAR, &error);
  ck_assert_ptr_null (error);
  w->first_month = kpi_test_parse_period (w->calendar, "2024-01");
  w->last_month = kpi_test_parse_period (w->calendar, "2025-12");
  w->quarter = kpi_test_parse_period (w->calendar, "2025-Q2");
  w->year = kpi_test_parse_period (w->calendar, "2025");
}

static void
world_clear (World *w)
{
  g_clear_pointer (&w->first_month, kpi_period_free);
  g_clear_pointer (&w->last_month, kpi_period_free);
  g_clear_pointer (&w->quarter, kpi_period_free);
  g_clear_pointer (&w->year, kpi_period_free);
  g_clear_object (&w->previous);
  g_clear_object (&w->last_year);
  g_clear_pointer (&w->indicators, g_ptr_array_unref);
  g_clear_object (&w->dataset);
  g_clear_object (&w->context);
  g_clear_object (&w->calendar);
}

static void
append_value (GString        *out,
              const KpiValue *value)
{
  const char *group = kpi_value_get_group (value);

  g_string_append_printf (out, "%s/%d/%s=%.17g n%u f%x;",
                          kpi_period_get_label (kpi_value_get_period (value)),
                          kpi_value_get_group_kind (value), group != NULL ? group : "",
                          kpi_value_get_value (value), kpi_value_get_sample_size (value),
                          kpi_value_get_flags (value));
}

static void
append_values (GString   *out,
               GPtrArray *values)
{
  ck_assert_ptr_nonnull (values);
  for (guint i = 0; i < values->len; i++)
    append_value (out, g_ptr_array_index (values, i));
}

#define N_JOBS (G_N_ELEMENTS (definitions) + 4)

/* Job @job of the workload, as text that says every number and flag. */
static char *
run_job (World *w,
         guint  job)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(KpiValue) total = NULL;
  GError *error = NULL;

  if (job < G_N_ELEMENTS (definitions))
    {
      /* a series of 24 months */
      values = kpi_indicator_evaluate_series (g_ptr_array_index (w->indicators, job), w->context,
                                              w->first_month, w->last_month, &error);
      append_values (out, values);
    }
  else if (job == G_N_ELEMENTS (definitions))
    {
      /* the three biggest channels and the others */
      values = kpi_indicator_evaluate_breakdown (g_ptr_array_index (w->indicators, 0), w->context,
                                                 w->quarter, "channel", 3, &total, &error);
      append_values (out, values);
      append_value (out, total);
    }
  else if (job == G_N_ELEMENTS (definitions) + 1)
    {
      /* a ratio by region, the missing region its own group */
      values = kpi_indicator_evaluate_breakdown (g_ptr_array_index (w->indicators, 3), w->context,
                                                 w->year, "region", 0, &total, &error);
      append_values (out, values);
      append_value (out, total);
    }
  else
    {
      KpiBenchmark *benchmark = job == G_N_ELEMENTS (definitions) + 2 ? w->previous : w->last_year;
      KpiIndicator *indicator = g_ptr_array_index (w->indicators, job == G_N_ELEMENTS (definitions) + 2 ? 0 : 5);

      values = kpi_benchmark_compare_series (benchmark, indicator, w->context,
                                             w->first_month, w->last_month, &error);
      ck_assert_ptr_nonnull (values);
      for (guint i = 0; i < values->len; i++)
        {
          KpiComparison *c = g_ptr_array_index (values, i);

          append_value (out, kpi_comparison_get_actual (c));
          append_value (out, kpi_comparison_get_reference (c));
          g_string_append_printf (out, "s%d a%.17g|", kpi_comparison_get_status (c),
                                  kpi_comparison_get_attainment (c));
        }
    }
  if (error != NULL)
    ck_abort_msg ("job %u failed: %s", job, error->message);
  return g_string_free (out, FALSE);
}

typedef struct {
  World        *world;
  char * const *expected;       /* N_JOBS */
  guint         first_job;
  guint         n_runs;
  guint         mismatches;
} Worker;

static gpointer
worker_run (gpointer data)
{
  Worker *worker = data;

  for (guint i = 0; i < worker->n_runs; i++)
    {
      guint job = (worker->first_job + i) % N_JOBS;
      g_autofree char *got = run_job (worker->world, job);

      if (g_strcmp0 (got, worker->expected[job]) != 0)
        worker->mismatches++;
    }
  return NULL;
}

typedef struct {
  KpiDataset *dataset;
  guint       n_batches;
  gboolean    ok;
} Appender;

/* Appends rows dated 2026, after every period the workers read: their
 * results must not change, while the dataset's columns, dictionaries and
 * caches grow under them. New customers and a new channel too. */
static gpointer
appender_run (gpointer data)
{
  Appender *appender = data;
  const gint64 start = G_GINT64_CONSTANT (1767225600) * G_USEC_PER_SEC;  /* 2026-01-01 */

  appender->ok = TRUE;
  for (guint b = 0; b < appender->n_batches; b++)
    {
      gint64 times[50];
      const char *dimensions[50 * 3];
      double measures[50 * 2];
      char customers[50][16];
      GError *error = NULL;

      for (guint r = 0; r < 50; r++)
        {
          times[r] = start + (gint64) (b * 50 + r) * 3600 * G_USEC_PER_SEC;
          g_snprintf (customers[r], sizeof customers[r], "N%u", b * 50 + r);
          dimensions[r * 3] = customers[r];
          dimensions[r * 3 + 1] = r % 7 == 0 ? "kiosk" : channels[r % G_N_ELEMENTS (channels)];
          dimensions[r * 3 + 2] = regions[r % G_N_ELEMENTS (regions)];
          measures[r * 2] = 10 + r;
          measures[r * 2 + 1] = 5;
        }
      if (!kpi_dataset_append_rows (appender->dataset, times, 50, dimensions, 150,
                                    measures, 100, &error))
        {
          g_printerr ("append failed: %s\n", error->message);
          g_error_free (error);
          appender->ok = FALSE;
          return NULL;
        }
      g_thread_yield ();
    }
  return NULL;
}

static void
run_round (GBytes       *csv,
           char * const *expected,
           guint         n_runs,
           guint         n_append_batches)
{
  World world = { 0 };
  Worker workers[N_THREADS];
  GThread *threads[N_THREADS];
  Appender appender = { 0 };
  GThread *appending = NULL;
  guint mismatches = 0;
  guint n_loaded;

  world_init (&world, csv);
  n_loaded = kpi_dataset_get_n_rows (world.dataset);
  if (n_append_batches > 0)
    {
      appender.dataset = world.dataset;
      appender.n_batches = n_append_batches;
      appending = g_thread_new ("append", appender_run, &appender);
    }
  for (guint t = 0; t < N_THREADS; t++)
    {
      workers[t] = (Worker) { &world, expected, t * 3, n_runs, 0 };
      threads[t] = g_thread_new ("evaluate", worker_run, &workers[t]);
    }
  for (guint t = 0; t < N_THREADS; t++)
    {
      g_thread_join (threads[t]);
      mismatches += workers[t].mismatches;
    }
  if (appending != NULL)
    {
      g_thread_join (appending);
      ck_assert (appender.ok);
      ck_assert_uint_eq (kpi_dataset_get_n_rows (world.dataset), n_loaded + 50 * n_append_batches);
    }
  ck_assert_uint_eq (mismatches, 0);
  world_clear (&world);
}

/* The results one thread computes, job by job. */
static char **
expected_results (GBytes *csv)
{
  World world = { 0 };
  char **expected = g_new0 (char *, N_JOBS + 1);

  world_init (&world, csv);
  for (guint job = 0; job < N_JOBS; job++)
    expected[job] = run_job (&world, job);
  world_clear (&world);
  return expected;
}

START_TEST (test_threads_share_one_dataset)
{
  gboolean small = kpi_test_under_valgrind ();
  g_autoptr(GBytes) csv = make_orders (small ? 3000 : 40000);
  g_auto(GStrv) expected = expected_results (csv);

  /* the workload covers what it says: a breakdown with an "other" group
   * and a comparison series with statuses */
  ck_assert (strstr (expected[G_N_ELEMENTS (definitions)], "/2/") != NULL);
  ck_assert (strstr (expected[G_N_ELEMENTS (definitions) + 1], "/3/") != NULL);

  for (guint round = 0; round < (small ? 1u : 4u); round++)
    run_round (csv, expected, small ? N_JOBS : 3 * N_JOBS, 0);
}
END_TEST

START_TEST (test_threads_while_rows_are_appended)
{
  gboolean small = kpi_test_under_valgrind ();
  g_autoptr(GBytes) csv = make_orders (small ? 3000 : 40000);
  g_auto(GStrv) expected = expected_results (csv);

  for (guint round = 0; round < (small ? 1u : 3u); round++)
    run_round (csv, expected, small ? N_JOBS : 2 * N_JOBS, small ? 5 : 40);
}
END_TEST

/* Changing an indicator's definition while other threads evaluate it: each
 * evaluation sees one formula or the other, whole, never a mix. */
typedef struct {
  KpiIndicator *indicator;
  World        *world;
  double        a, b;
  guint         n_runs;
  guint         strange;
} Flipper;

static gpointer
evaluate_flipping (gpointer data)
{
  Flipper *f = data;

  for (guint i = 0; i < f->n_runs; i++)
    {
      g_autoptr(KpiValue) v = kpi_indicator_evaluate (f->indicator, f->world->context, f->world->year, NULL);

      if (v == NULL || (kpi_value_get_value (v) != f->a && kpi_value_get_value (v) != f->b))
        f->strange++;
    }
  return NULL;
}

START_TEST (test_threads_while_a_formula_changes)
{
  gboolean small = kpi_test_under_valgrind ();
  g_autoptr(GBytes) csv = make_orders (small ? 2000 : 20000);
  World world = { 0 };
  g_autoptr(KpiIndicator) flip = kpi_indicator_new ("flip", "sum(amount)", NULL);
  g_autoptr(KpiValue) a = NULL, b = NULL;
  Flipper flippers[N_THREADS];
  GThread *threads[N_THREADS];
  guint strange = 0;

  world_init (&world, csv);
  kpi_indicator_set_dataset (flip, world.dataset);
  a = kpi_indicator_evaluate (flip, world.context, world.year, NULL);
  ck_assert (kpi_indicator_set_formula (flip, "sum(cost)", NULL));
  b = kpi_indicator_evaluate (flip, world.context, world.year, NULL);
  ck_assert (kpi_value_get_value (a) != kpi_value_get_value (b));

  for (guint t = 0; t < N_THREADS; t++)
    {
      flippers[t] = (Flipper) { flip, &world, kpi_value_get_value (a), kpi_value_get_value (b),
                                small ? 10 : 200, 0 };
      threads[t] = g_thread_new ("evaluate", evaluate_flipping, &flippers[t]);
    }
  for (guint i = 0; i < (small ? 10u : 200u); i++)
    ck_assert (kpi_indicator_set_formula (flip, i % 2 ? "sum(cost)" : "sum(amount)", NULL));
  for (guint t = 0; t < N_THREADS; t++)
    {
      g_thread_join (threads[t]);
      strange += flippers[t].strange;
    }
  ck_assert_uint_eq (strange, 0);
  world_clear (&world);
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "threads-share-one-dataset", test_threads_share_one_dataset },
    { "threads-while-rows-are-appended", test_threads_while_rows_are_appended },
    { "threads-while-a-formula-changes", test_threads_while_a_formula_changes },
  };

  return kpi_test_run ("threads", cases, G_N_ELEMENTS (cases), 600);
}
