/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bench-landing.c: how good the year-end landing is, and what it costs.
 *
 * On the generated CRM data (tools/kpi-sample-data, the default sample of
 * the demo), the revenue of 2025 is landed against the budget as a budget
 * dashboard would read it on the first of each month from February to
 * December 2025, and compared with what the year made (the data goes on to
 * December). Two landings each time:
 *
 *  - the landing as it is: its candidates chosen by a rolling-origin
 *    backtest (see docs/trends.md);
 *  - Holt's method alone: what the automatic choice made before the
 *    backtest (Holt–Winters from 24 months, Holt from 3; the history of
 *    2025 starts in January 2024, so Holt every month).
 *
 * Then the backtest table of the reading on 1 October 2025 (the demo's):
 * each candidate, the landing it gives, its backtest error and how far off
 * it was. And the CPU time of a landing.
 *
 * Usage: bench-landing [--dir DIR | --generator PATH] [--repeat K]
 *
 * Exit status: 0 when every landing was computed, 1 otherwise.
 */

#include <libkpi/kpi.h>

#include "bench-common.h"
#include <glib/gstdio.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *opt_dir = NULL;
static char *opt_generator = NULL;
static int opt_repeat = 5;

static const GOptionEntry entries[] = {
  { "dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_dir, "Directory of a generated sample (orders.csv, budget.csv)", "DIR" },
  { "generator", 0, 0, G_OPTION_ARG_FILENAME, &opt_generator, "Path of tools/kpi-sample-data, to generate the sample in a temporary directory", "PATH" },
  { "repeat", 0, 0, G_OPTION_ARG_INT, &opt_repeat, "Timed runs of the landing of each month, best kept (default 5)", "K" },
  { NULL, 0, 0, 0, NULL, NULL, NULL }
};

static KpiDataset *
load (const char  *dir,
      const char  *name,
      GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(KpiDataset) dataset = kpi_dataset_new ("date");

  if (!kpi_dataset_load_path (dataset, path, NULL, error))
    return NULL;
  return g_steal_pointer (&dataset);
}

static KpiCalendar *
calendar_at (GTimeZone  *utc,
             const char *iso8601)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (iso8601, utc);
  KpiCalendar *calendar = kpi_calendar_new (utc, 1, NULL);

  kpi_calendar_set_now (calendar, g_date_time_to_unix (now) * G_USEC_PER_SEC);
  return calendar;
}

static double
off (double value,
     double made)
{
  return 100 * (value - made) / fabs (made);
}

static void
print_table (KpiLanding *landing,
             double      made)
{
  g_autoptr(GPtrArray) candidates = kpi_landing_get_candidates (landing);

  printf ("\nbacktest of the reading on 2025-10-01: %u origins, mean absolute error of the "
          "%u-month total\n\n", kpi_landing_get_n_backtest_origins (landing),
          kpi_landing_get_n_forecast_periods (landing));
  printf ("  %-17s %12s %15s %8s\n", "candidate", "lands at", "backtest error", "off");
  for (guint i = 0; i < candidates->len; i++)
    {
      KpiLandingCandidate *c = g_ptr_array_index (candidates, i);
      KpiLandingMethod method = kpi_landing_candidate_get_method (c);
      double error = kpi_landing_candidate_get_backtest_error (c);
      g_autofree char *name = g_strdup_printf ("%s%s", kpi_landing_method_to_string (method),
                                               method == kpi_landing_get_method (landing) ? " *" : "");
      g_autofree char *error_text = isnan (error) ? g_strdup ("-") : g_strdup_printf ("%.0f", error);

      /* printf pads by bytes: the names are ASCII but for Holt–Winters */
      printf ("  %-*s %12.0f %15s %+7.1f%%\n",
              17 + (int) (strlen (name) - g_utf8_strlen (name, -1)), name,
              kpi_landing_candidate_get_value (c), error_text,
              off (kpi_landing_candidate_get_value (c), made));
    }
  printf ("\n  (%s)\n", kpi_landing_get_description (landing));
}

static gboolean
run (const char  *dir,
     GError     **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(KpiDataset) orders = load (dir, "orders.csv", error);
  g_autoptr(KpiDataset) budget_table = NULL;
  g_autoptr(KpiIndicator) revenue = kpi_indicator_new ("revenue", "sum(amount)", NULL);
  g_autoptr(KpiBenchmark) budget = NULL;
  g_autoptr(KpiForecaster) holt = g_object_new (KPI_TYPE_FORECASTER, "method",
                                                KPI_FORECAST_METHOD_HOLT, NULL);
  g_autoptr(KpiCalendar) hindsight = calendar_at (utc, "2026-01-01T00:00:00Z");
  g_autoptr(KpiContext) hindsight_context = kpi_context_new (hindsight);
  g_autoptr(KpiPeriod) year = NULL;
  g_autoptr(KpiValue) actual = NULL;
  g_autoptr(KpiLanding) october = NULL;
  double made, worst_new = 0, worst_old = 0, cpu_total = 0;
  guint n_inside = 0, n_months = 0;

  if (orders == NULL)
    return FALSE;
  budget_table = load (dir, "budget.csv", error);
  if (budget_table == NULL)
    return FALSE;
  kpi_indicator_set_dataset (revenue, orders);
  budget = kpi_table_benchmark_new (KPI_BENCHMARK_KIND_BUDGET, budget_table, "sum(revenue)", error);
  if (budget == NULL)
    return FALSE;
  year = kpi_calendar_parse_period (hindsight, "2025", error);
  if (year == NULL)
    return FALSE;
  actual = kpi_indicator_evaluate (revenue, hindsight_context, year, error);
  if (actual == NULL)
    return FALSE;
  made = kpi_value_get_value (actual);

  printf ("2025 made %.0f (revenue, the generated data in %s)\n\n", made, dir);
  printf ("  %-10s %-16s %12s %7s %-25s %6s | %12s %7s  %s\n", "read on", "method",
          "lands at", "off", "95 % interval", "holds", "Holt alone", "off", "CPU ms");
  for (int month = 2; month <= 12; month++)
    {
      g_autofree char *now = g_strdup_printf ("2025-%02d-01T08:00:00Z", month);
      g_autoptr(KpiCalendar) calendar = calendar_at (utc, now);
      g_autoptr(KpiContext) context = kpi_context_new (calendar);
      g_autoptr(KpiLanding) landing = NULL;
      g_autoptr(KpiLanding) before = NULL;
      g_autofree char *interval = NULL;
      double best_cpu = G_MAXDOUBLE;
      gboolean inside;

      for (int k = 0; k < MAX (opt_repeat, 1); k++)
        {
          double start = bench_cpu_seconds ();

          g_clear_pointer (&landing, kpi_landing_unref);
          landing = kpi_landing_compute (revenue, context, year, budget, NULL, error);
          if (landing == NULL)
            return FALSE;
          best_cpu = MIN (best_cpu, bench_cpu_seconds () - start);
        }
      before = kpi_landing_compute (revenue, context, year, budget, holt, error);
      if (before == NULL)
        return FALSE;
      inside = kpi_landing_get_lower (landing) <= made && made <= kpi_landing_get_upper (landing);
      interval = g_strdup_printf ("%.0f .. %.0f", kpi_landing_get_lower (landing),
                                  kpi_landing_get_upper (landing));
      printf ("  %.10s %-16s %12.0f %+6.1f%% %-25s %6s | %12.0f %+6.1f%%  %.1f\n", now,
              kpi_landing_method_to_string (kpi_landing_get_method (landing)),
              kpi_landing_get_value (landing), off (kpi_landing_get_value (landing), made),
              interval, inside ? "yes" : "no", kpi_landing_get_value (before),
              off (kpi_landing_get_value (before), made), 1000 * best_cpu);
      n_months++;
      n_inside += inside;
      cpu_total += best_cpu;
      worst_new = MAX (worst_new, fabs (off (kpi_landing_get_value (landing), made)));
      worst_old = MAX (worst_old, fabs (off (kpi_landing_get_value (before), made)));
      if (month == 10)
        october = kpi_landing_ref (landing);   /* its table comes last */
    }
  printf ("\n  worst |off|: %.1f %% (Holt alone: %.1f %%); the interval holds the year %u times "
          "out of %u; %.1f ms of CPU a landing on average\n",
          worst_new, worst_old, n_inside, n_months, 1000 * cpu_total / n_months);

  print_table (october, made);
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- year-end landings on the generated data");
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  gboolean ok;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "bench-landing: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (opt_dir == NULL)
    {
      const char *argv_gen[] = { opt_generator, "--quiet", "--output", NULL, NULL };
      int status;

      if (opt_generator == NULL)
        {
          fprintf (stderr, "bench-landing: give --dir or --generator\n");
          return EXIT_FAILURE;
        }
      tmp = g_dir_make_tmp ("kpi-bench-landing-XXXXXX", &error);
      if (tmp == NULL)
        {
          fprintf (stderr, "bench-landing: %s\n", error->message);
          return EXIT_FAILURE;
        }
      argv_gen[3] = tmp;
      if (!g_spawn_sync (NULL, (char **) argv_gen, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                         NULL, NULL, &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        {
          fprintf (stderr, "bench-landing: %s: %s\n", opt_generator, error->message);
          bench_remove_dir (tmp);
          return EXIT_FAILURE;
        }
    }

  ok = run (opt_dir != NULL ? opt_dir : tmp, &error);
  if (tmp != NULL)
    bench_remove_dir (tmp);
  if (!ok)
    {
      fprintf (stderr, "bench-landing: %s\n", error->message);
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}
