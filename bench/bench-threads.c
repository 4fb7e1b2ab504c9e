/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bench-threads.c: how evaluation scales when two threads share one
 * dataset.
 *
 * The orders of tools/kpi-sample-data (DIR/orders-N.csv, 2 million rows
 * by default) are loaded once. Two workloads of the same size are made of
 * different indicators: thread A's reads the amounts (revenue, online
 * revenue, margin over amount), thread B's the costs (cost, store cost,
 * margin over cost); each evaluates its indicators month by month over the
 * whole data, --rounds times (64). The reference is one thread running both
 * workloads one after the other; then two threads run one workload each,
 * at the same time, over the same dataset. The figure is the throughput of
 * the two threads against the one thread's, measured in the same run:
 * evaluations per second, best of K runs. The target is 1.8× (the
 * evaluations share the dataset under a read lock and build its caches
 * once; nothing else is shared).
 *
 * Every result of the two-thread runs is compared with the one-thread run:
 * a figure for wrong numbers is worthless.
 *
 * The figure needs two idle cores: on a machine busy with something else,
 * the wall times say more about the load than about libkpi (the CPU times
 * printed next to them tell).
 *
 * Usage: bench-threads [--rows N] [--dir DIR] [--generator PATH] [--repeat K]
 *
 * Exit status: 0 when every step ran, whatever the figures; 1 when
 * something failed to run or a result differed.
 */

#include <libkpi/kpi.h>

#include "bench-common.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TARGET_SCALING 1.8

static gint64 opt_rows = 2000000;
static char *opt_dir = NULL;
static char *opt_generator = NULL;
static int opt_repeat = 5;
static int opt_rounds = 64;

static const GOptionEntry entries[] = {
  { "rows", 0, 0, G_OPTION_ARG_INT64, &opt_rows, "Orders to generate (default 2000000)", "N" },
  { "dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_dir, "Directory of the data files orders-N.csv", "DIR" },
  { "generator", 0, 0, G_OPTION_ARG_FILENAME, &opt_generator, "Path of tools/kpi-sample-data", "PATH" },
  { "repeat", 0, 0, G_OPTION_ARG_INT, &opt_repeat, "Timed runs, best kept (default 5)", "K" },
  { "rounds", 0, 0, G_OPTION_ARG_INT, &opt_rounds, "Times each thread evaluates its indicators in a run (default 64)", "R" },
  { NULL, 0, 0, 0, NULL, NULL, NULL }
};

/* The two workloads: the same shapes of formula over different columns. */
static const char *const workload_a[] = {
  "sum(amount)",
  "count_distinct(customer)",
  "median(amount)",
  "sum(amount where channel = \"online\" and region != \"north\") / sum(amount)",
};
static const char *const workload_b[] = {
  "sum(cost)",
  "count_distinct(rep)",
  "median(cost)",
  "sum(cost where channel = \"store\" and region != \"south\") / sum(cost)",
};
#define N_PER_WORKLOAD G_N_ELEMENTS (workload_a)

typedef struct {
  KpiContext   *context;
  KpiIndicator *indicators[N_PER_WORKLOAD];
  KpiPeriod    *first;
  KpiPeriod    *last;
  GPtrArray    *results;        /* GPtrArray of KpiValue, one per evaluation */
  guint         n_evaluations;  /* periods evaluated */
  GError       *error;
} Workload;

static void
workload_init (Workload           *w,
               KpiContext         *context,
               KpiDataset         *dataset,
               const char * const *formulas,
               const KpiPeriod    *first,
               const KpiPeriod    *last)
{
  w->context = context;
  for (guint i = 0; i < N_PER_WORKLOAD; i++)
    {
      w->indicators[i] = kpi_indicator_new ("bench", formulas[i], NULL);
      g_assert (w->indicators[i] != NULL);
      kpi_indicator_set_dataset (w->indicators[i], dataset);
    }
  w->first = kpi_period_copy (first);
  w->last = kpi_period_copy (last);
  w->results = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
}

static void
workload_clear (Workload *w)
{
  for (guint i = 0; i < N_PER_WORKLOAD; i++)
    g_clear_object (&w->indicators[i]);
  g_clear_pointer (&w->first, kpi_period_free);
  g_clear_pointer (&w->last, kpi_period_free);
  g_clear_pointer (&w->results, g_ptr_array_unref);
  g_clear_error (&w->error);
}

static gpointer
workload_run (gpointer data)
{
  Workload *w = data;

  g_ptr_array_set_size (w->results, 0);
  w->n_evaluations = 0;
  for (int round = 0; round < opt_rounds; round++)
    for (guint i = 0; i < N_PER_WORKLOAD; i++)
      {
        GPtrArray *values = kpi_indicator_evaluate_series (w->indicators[i], w->context,
                                                           w->first, w->last, &w->error);

        if (values == NULL)
          return NULL;
        w->n_evaluations += values->len;
        g_ptr_array_add (w->results, values);
      }
  return NULL;
}

/* Moves the error of whichever workload failed to @error. */
static void
take_error (Workload  *a,
            Workload  *b,
            GError   **error)
{
  GError **failed = a->error != NULL ? &a->error : &b->error;

  g_propagate_error (error, *failed);
  *failed = NULL;
}

/* Whether two runs of a workload gave the same numbers and flags. */
static gboolean
same_results (GPtrArray *a,
              GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      GPtrArray *x = g_ptr_array_index (a, i), *y = g_ptr_array_index (b, i);

      if (x->len != y->len)
        return FALSE;
      for (guint k = 0; k < x->len; k++)
        {
          KpiValue *u = g_ptr_array_index (x, k), *v = g_ptr_array_index (y, k);

          if (kpi_value_get_flags (u) != kpi_value_get_flags (v) ||
              kpi_value_get_sample_size (u) != kpi_value_get_sample_size (v) ||
              (!kpi_value_is_missing (u) && kpi_value_get_value (u) != kpi_value_get_value (v)))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
run (const char  *path,
     GError     **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(KpiCalendar) calendar = kpi_calendar_new (utc, 1, NULL);
  g_autoptr(KpiContext) context = kpi_context_new (calendar);
  g_autoptr(KpiDataset) dataset = kpi_dataset_new (NULL);
  g_autoptr(KpiPeriod) first = NULL, last = NULL;
  g_autoptr(GPtrArray) reference_a = NULL, reference_b = NULL;
  Workload a = { 0 }, b = { 0 };
  double best_one = G_MAXDOUBLE, best_two = G_MAXDOUBLE;
  double cpu_one = 0, cpu_two = 0;
  guint n_evaluations;
  gint64 min_time, max_time;
  double t0, c0;

  t0 = bench_now_seconds ();
  if (!kpi_dataset_load_path (dataset, path, NULL, error))
    return FALSE;
  printf ("Loaded %u rows of %s in %.2f s\n", kpi_dataset_get_n_rows (dataset), path,
          bench_now_seconds () - t0);
  if (!kpi_dataset_get_time_range (dataset, &min_time, &max_time))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s has no rows", path);
      return FALSE;
    }
  first = kpi_calendar_period_at (calendar, min_time, KPI_GRANULARITY_MONTH);
  last = kpi_calendar_period_at (calendar, max_time, KPI_GRANULARITY_MONTH);
  workload_init (&a, context, dataset, workload_a, first, last);
  workload_init (&b, context, dataset, workload_b, first, last);

  /* Warm up (the dataset's caches) and keep the reference results. */
  workload_run (&a);
  workload_run (&b);
  if (a.error != NULL || b.error != NULL)
    {
      take_error (&a, &b, error);
      workload_clear (&a);
      workload_clear (&b);
      return FALSE;
    }
  n_evaluations = a.n_evaluations + b.n_evaluations;
  reference_a = g_ptr_array_ref (a.results);
  reference_b = g_ptr_array_ref (b.results);
  g_clear_pointer (&a.results, g_ptr_array_unref);
  g_clear_pointer (&b.results, g_ptr_array_unref);
  a.results = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  b.results = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  printf ("%u evaluations of a month per run (%u months, %u indicators × %d rounds per thread)\n\n",
          n_evaluations, a.n_evaluations / (guint) (N_PER_WORKLOAD * opt_rounds), (guint) N_PER_WORKLOAD, opt_rounds);

  for (int r = 0; r < opt_repeat; r++)
    {
      GThread *ta, *tb;
      double wall, cpu;

      /* one thread, both workloads */
      t0 = bench_now_seconds ();
      c0 = bench_cpu_seconds ();
      workload_run (&a);
      workload_run (&b);
      wall = bench_now_seconds () - t0;
      cpu = bench_cpu_seconds () - c0;
      if (wall < best_one)
        {
          best_one = wall;
          cpu_one = cpu;
        }
      if (!same_results (a.results, reference_a) || !same_results (b.results, reference_b))
        goto differ;

      /* two threads, one workload each */
      t0 = bench_now_seconds ();
      c0 = bench_cpu_seconds ();
      ta = g_thread_new ("workload-a", workload_run, &a);
      tb = g_thread_new ("workload-b", workload_run, &b);
      g_thread_join (ta);
      g_thread_join (tb);
      wall = bench_now_seconds () - t0;
      cpu = bench_cpu_seconds () - c0;
      if (wall < best_two)
        {
          best_two = wall;
          cpu_two = cpu;
        }
      if (a.error != NULL || b.error != NULL)
        {
          take_error (&a, &b, error);
          workload_clear (&a);
          workload_clear (&b);
          return FALSE;
        }
      if (!same_results (a.results, reference_a) || !same_results (b.results, reference_b))
        goto differ;
    }

  printf ("one thread, both workloads:   %8.3f s wall  %8.3f s CPU  %10.0f evaluations/s\n",
          best_one, cpu_one, n_evaluations / best_one);
  printf ("two threads, one each:        %8.3f s wall  %8.3f s CPU  %10.0f evaluations/s\n",
          best_two, cpu_two, n_evaluations / best_two);
  printf ("\nthroughput of two threads: %.2f× one thread's (target ≥ %.1f×) %s\n",
          best_one / best_two, TARGET_SCALING, best_one / best_two >= TARGET_SCALING ? "✔" : "✘");
  printf ("results of the two threads: equal to one thread's ✔\n");
  if (cpu_two > 1.3 * cpu_one)
    printf ("note: the two threads used %.0f %% more CPU than one: the cores are shared or busy\n",
            100 * (cpu_two / cpu_one - 1));
  workload_clear (&a);
  workload_clear (&b);
  return TRUE;

differ:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               "the results of a run differ from the first run's");
  workload_clear (&a);
  workload_clear (&b);
  return FALSE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- two threads evaluating over one dataset");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *tmp = NULL;
  gboolean generated = FALSE;
  gboolean ok;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "bench-threads: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (opt_rounds < 1 || opt_repeat < 1)
    {
      fprintf (stderr, "bench-threads: --rounds and --repeat take a number of 1 or more\n");
      return EXIT_FAILURE;
    }
  if (opt_dir == NULL)
    {
      tmp = g_dir_make_tmp ("kpi-bench-threads-XXXXXX", &error);
      if (tmp == NULL)
        {
          fprintf (stderr, "bench-threads: %s\n", error->message);
          return EXIT_FAILURE;
        }
    }
  path = bench_ensure_data_file (opt_dir != NULL ? opt_dir : tmp, opt_rows, opt_generator,
                                 &generated, &error);
  ok = path != NULL && run (path, &error);
  if (tmp != NULL)
    bench_remove_dir (tmp);
  if (!ok)
    {
      fprintf (stderr, "bench-threads: %s\n", error->message);
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}
